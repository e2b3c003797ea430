/*
 * api.c - evaluation in memory (remit.h, SPEC 11.7.2): a policy loaded
 * once, a register and history loaded once into a context that threads
 * share, an evaluator per thread, and an outcome read through accessors
 * or rendered into memory.  Built on the same reading, typing and
 * evaluation as `remit eval` (decide.c, input.c, eval.c, explain.c), so
 * the answers are the same; only the wrapping differs.  Each entry point
 * that allocates is a protected call (arena.c): running out of memory is
 * REMIT_E_NOMEM, with R0014 in the diagnostics where there are any.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "input.h"

/* ------------------------------------------------------------- basics */

const char *remit_status_text(remit_status st)
{
    switch (st) {
    case REMIT_OK: return "done";
    case REMIT_E_POLICY: return "the policy has errors";
    case REMIT_E_INPUT: return "the input has errors";
    case REMIT_E_UNREADABLE: return "a file cannot be read";
    case REMIT_E_NOMEM: return "out of memory";
    case REMIT_E_ARGUMENT: return "an argument is missing or unusable";
    case REMIT_E_WRITE: return "the output cannot be written";
    }
    return "an unknown status";
}

const char *remit_version(void) { return REMIT_VERSION; }

unsigned long remit_version_number(void) { return REMIT_VERSION_NUMBER; }

void remit_options_init(remit_options *opts)
{
    if (!opts)
        return;
    memset(opts, 0, sizeof *opts);
    opts->analyse = 1; /* an unsound scheme must not answer as if it were sound */
}

/* An input as the readers take it: a file, or a text in memory. */
static bool input_ok(const remit_input *in)
{
    return in && (in->path || (in->text || !in->len));
}

static rm_text text_of(const remit_input *in)
{
    rm_text t = {in->name ? in->name : "input", in->text ? in->text : "", in->len};
    return t;
}

/* ------------------------------------------------------------- policy */

remit_status remit_policy_load(const remit_options *opts, const remit_input *policy,
                               remit_policy **out, remit_session **diags)
{
    if (diags)
        *diags = NULL;
    if (!out || !input_ok(policy))
        return REMIT_E_ARGUMENT;
    *out = NULL;
    remit_options o;
    if (opts)
        o = *opts;
    else
        remit_options_init(&o);
    remit_session *s = remit_session_new(&o);
    if (!s)
        return REMIT_E_NOMEM;
    remit_status st = policy->path ? remit_check_file(s, policy->path)
                                   : remit_check_buffer(s, policy->name ? policy->name : "policy",
                                                        policy->text ? policy->text : "", policy->len);
    if (st == REMIT_OK && !(*out = remit_compile(s))) /* only for want of memory */
        st = REMIT_E_NOMEM;
    if (diags)
        *diags = s;
    else
        remit_session_free(s);
    return st;
}

/* ------------------------------------------------------------ context */

struct remit_context {
    remit_session *s;          /* holds the register's and history's texts */
    const remit_policy *p;
    in_ctx base;               /* read only once made: each evaluation copies it */
    ev_history h;
    bool has_history;
};

void remit_context_free(remit_context *c)
{
    if (!c)
        return;
    remit_session_free(c->s);
    rm_free(c);
}

typedef struct context_call {
    remit_context *c;
    const rm_extras *x;
    bool has_history;
    remit_status st;
} context_call;

static void context_in(void *arg)
{
    context_call *cc = arg;
    remit_context *c = cc->c;
    in_init(&c->base, c->s, c->p, &c->s->arena);
    bool unreadable;
    if (!rm_load_extras(&c->base, cc->x, &c->h, &unreadable))
        cc->st = unreadable ? REMIT_E_UNREADABLE : REMIT_E_INPUT;
    c->has_history = cc->has_history;
}

void remit_context_files_init(remit_context_files *files)
{
    if (files)
        memset(files, 0, sizeof *files);
}

remit_status remit_context_load(const remit_policy *p, const remit_input *reg,
                                const remit_input *history, remit_context **out,
                                remit_session **diags)
{
    remit_context_files f;
    remit_context_files_init(&f);
    f.register_file = reg;
    f.history = history;
    return remit_context_open(p, &f, out, diags);
}

remit_status remit_context_open(const remit_policy *p, const remit_context_files *files,
                                remit_context **out, remit_session **diags)
{
    if (diags)
        *diags = NULL;
    const remit_input *reg = files ? files->register_file : NULL, *history = files ? files->history : NULL,
                      *cal = files ? files->calendar : NULL;
    if (!p || !out || !files || (reg && !input_ok(reg)) || (history && !input_ok(history)) ||
        (cal && !input_ok(cal)))
        return REMIT_E_ARGUMENT;
    *out = NULL;
    remit_context *c = rm_calloc(1, sizeof *c);
    if (c)
        c->s = remit_session_new(NULL);
    if (!c || !c->s) {
        remit_context_free(c);
        return REMIT_E_NOMEM;
    }
    c->p = p;
    rm_text mreg = reg ? text_of(reg) : (rm_text){0}, mhist = history ? text_of(history) : (rm_text){0},
            mcal = cal ? text_of(cal) : (rm_text){0};
    rm_extras x = {history ? history->path : NULL, reg ? reg->path : NULL,
                   history && !history->path ? &mhist : NULL, reg && !reg->path ? &mreg : NULL,
                   cal ? cal->path : NULL, cal && !cal->path ? &mcal : NULL};
    context_call cc = {c, &x, history != NULL, REMIT_OK};
    remit_status st = REMIT_OK;
    if (!rm_protect(c->s, context_in, &cc)) {
        dg_nomem(c->s, "out of memory while reading the register or history");
        st = REMIT_E_NOMEM;
    } else {
        st = cc.st;
    }
    remit_session *ds = NULL;
    if (st != REMIT_OK) { /* the context's session, with what is wrong, is the caller's */
        ds = c->s;
        c->s = NULL;
        remit_context_free(c);
        c = NULL;
    } else if (diags && !(ds = remit_session_new(NULL))) { /* nothing to say */
        remit_context_free(c);
        c = NULL;
        st = REMIT_E_NOMEM;
    }
    *out = c;
    if (diags)
        *diags = ds;
    else
        remit_session_free(ds);
    return st;
}

/* ---------------------------------------------------------- evaluator */

/* What an outcome's accessors have rendered of it, made when first
 * asked: as long as the JSON's (explain.c builds its sentences in 1,024
 * bytes). */
typedef struct outcome_texts {
    char reason[2 * EV_MAX_REASONS][1024]; /* the reasons, then the `also` reasons */
    bool reason_done[2 * EV_MAX_REASONS];
    char due[EV_MAX_OBLIGATIONS][1024];
    char day[EV_MAX_OBLIGATIONS][16];
    pl_src due_src[EV_MAX_OBLIGATIONS];
    bool due_done[EV_MAX_OBLIGATIONS];
    char finding[EV_MAX_REASONS][1024];
    char fday[EV_MAX_REASONS][16];
    pl_src finding_src[EV_MAX_REASONS];
    bool finding_done[EV_MAX_REASONS];
} outcome_texts;

/* One evaluation's answer: the typed decision (its memory the
 * evaluator's line session's) and the result.  Valid while gen is the
 * evaluator's: every evaluation, batch or `who` starts a new one. */
struct remit_outcome {
    remit_evaluator *e;        /* the evaluator it belongs to */
    uint64_t gen;              /* e->gen when it was made; 0: none */
    ev_decision d;
    ev_result r;
    char *text, *json;         /* rendered whole, when asked */
    size_t text_len, json_len;
    outcome_texts *t;          /* the accessors' sentences, when asked */
    bool asked;                /* changes that would permit it were looked for */
    uint32_t nchanges;
    struct change_entry *changes; /* WHY_MAX of them, made when first asked */
};

/* One change that would make a decision permitted (7.17). */
#define WHY_MAX 8u
#define WHY_DECIDERS 2u        /* other deciders said, at most: the lowest */
typedef struct change_entry {
    xp_change x;
    uint32_t added[EV_MAX_SIGNERS];
    const char *co[EV_MAX_SIGNERS];
    char value[48], was[48];
    char message[1024];
} change_entry;

/* `remit who` (who_can): the holders that can take a decision. */
typedef struct who_entry {
    uint32_t holder;
    uint32_t nadded;           /* co-signatories added to the decision's */
    uint32_t added[EV_MAX_SIGNERS];
    const char *co[EV_MAX_SIGNERS]; /* their names */
    remit_outcome *o;          /* permitted: the decision taken by holder, so signed */
    char *unsettled;           /* or what the decision must say for holder: a message
                                  (the line session's memory) */
} who_entry;

struct remit_who {
    remit_evaluator *e;
    uint64_t gen;
    uint32_t matter, considered;
    uint32_t n, nunsettled;    /* entries[0..n) can take it, lowest first; uns[0..nunsettled) */
    who_entry *entries, *uns;  /* each room for every holder */
    uint32_t cap;
    xp_who_entry *view;        /* the same for explain.c: those that can take it,
                                  then the unsettled (the line session's memory) */
    char *text, *json;
    size_t text_len, json_len;
};

struct remit_evaluator {
    const remit_policy *p;
    const remit_context *ctx;  /* NULL: no register, no history */
    remit_session *own;        /* without ctx: the base context's texts */
    in_ctx ownbase;
    remit_session *ls;         /* one decision: its input and diagnostics */
    uint64_t gen;              /* evaluations begun */
    remit_outcome o;           /* the last evaluation's */
    remit_who who;             /* the last `who`'s */
    remit_outcome **pool;      /* `who`'s outcomes, kept for the next */
    uint32_t npool;
};

/* Forget what o rendered; o no longer answers. */
static void outcome_clear(remit_outcome *o)
{
    rm_free(o->text);
    rm_free(o->json);
    o->text = o->json = NULL;
    if (o->t) {
        memset(o->t->reason_done, 0, sizeof o->t->reason_done);
        memset(o->t->due_done, 0, sizeof o->t->due_done);
        memset(o->t->finding_done, 0, sizeof o->t->finding_done);
    }
    o->gen = 0;
    o->asked = false;
    o->nchanges = 0;
}

static void outcome_free(remit_outcome *o)
{
    outcome_clear(o);
    rm_free(o->t);
    rm_free(o->changes);
    o->t = NULL;
    o->changes = NULL;
}

static void who_clear(remit_who *w)
{
    rm_free(w->text);
    rm_free(w->json);
    w->text = w->json = NULL;
    w->n = w->nunsettled = 0;
    w->gen = 0;
}

/* A new evaluation begins on e: every outcome and answer made before it
 * ends (their memory is the line session's, emptied now). */
static void begin(remit_evaluator *e)
{
    e->gen++;
    outcome_clear(&e->o);
    who_clear(&e->who);
    for (uint32_t i = 0; i < e->npool; i++)
        outcome_clear(e->pool[i]);
    rm_session_reset(e->ls);
}

void remit_evaluator_free(remit_evaluator *e)
{
    if (!e)
        return;
    remit_session_free(e->own);
    remit_session_free(e->ls);
    outcome_free(&e->o);
    who_clear(&e->who);
    rm_free(e->who.entries);
    rm_free(e->who.uns);
    for (uint32_t i = 0; i < e->npool; i++) {
        outcome_free(e->pool[i]);
        rm_free(e->pool[i]);
    }
    rm_free(e->pool);
    rm_free(e);
}

/* Without a context, the evaluator's own base: the policy's texts. */
static void own_base_in(void *arg)
{
    remit_evaluator *e = arg;
    in_init(&e->ownbase, e->own, e->p, &e->own->arena);
}

static bool own_base(remit_evaluator *e)
{
    return rm_protect(e->own, own_base_in, e);
}

remit_status remit_evaluator_new(const remit_policy *p, const remit_context *ctx, remit_evaluator **out)
{
    if (out)
        *out = NULL;
    if (!p || !out || (ctx && ctx->p != p))
        return REMIT_E_ARGUMENT; /* a context is made for one policy */
    remit_evaluator *e = rm_calloc(1, sizeof *e);
    if (!e)
        return REMIT_E_NOMEM;
    e->p = p;
    e->ctx = ctx;
    e->o.e = e;
    e->who.e = e;
    e->ls = remit_session_new(NULL);
    if (!e->ls || (!ctx && !(e->own = remit_session_new(NULL))) || (!ctx && !own_base(e))) {
        remit_evaluator_free(e);
        return REMIT_E_NOMEM;
    }
    *out = e;
    return REMIT_OK;
}

const remit_session *remit_evaluator_diagnostics(const remit_evaluator *e) { return e ? e->ls : NULL; }

typedef struct evaluate_call {
    remit_evaluator *e;
    const remit_input *in;
    remit_status st;
    bool why;                  /* look for what would make it permitted (7.17) */
} evaluate_call;

static void why_not(remit_evaluator *e, const yi_node *root);

static void evaluate_in(void *arg)
{
    evaluate_call *c = arg;
    remit_evaluator *e = c->e;
    remit_session *ls = e->ls;
    rm_text t = text_of(c->in);
    uint32_t f = rm_open_input(ls, c->in->path, c->in->path ? NULL : &t);
    yi_node *root = f == UINT32_MAX ? NULL : rm_read_input(ls, f);
    in_ctx ic;
    in_line(&ic, e->ctx ? &e->ctx->base : &e->ownbase, ls);
    if (f == UINT32_MAX)
        c->st = REMIT_E_UNREADABLE; /* R0301, or over the size limit (R0011): remit eval exits 2 */
    else if (!root || !in_decision(&ic, root, &e->o.d))
        c->st = REMIT_E_INPUT;
    else {
        ev_evaluate(e->p, &e->o.d, e->ctx && e->ctx->has_history ? &e->ctx->h : NULL, &e->o.r);
        e->o.asked = c->why;
        if (c->why && e->o.r.outcome != EV_PERMITTED)
            why_not(e, root);
    }
}

static remit_status evaluate_as(remit_evaluator *e, const remit_input *decision, const remit_outcome **out,
                                bool why);

remit_status remit_evaluate_input(remit_evaluator *e, const remit_input *decision, const remit_outcome **out)
{
    return evaluate_as(e, decision, out, false);
}

remit_status remit_evaluate_why_not(remit_evaluator *e, const remit_input *decision, const remit_outcome **out)
{
    return evaluate_as(e, decision, out, true);
}

static remit_status evaluate_as(remit_evaluator *e, const remit_input *decision, const remit_outcome **out,
                                bool why)
{
    if (out)
        *out = NULL;
    if (!e || !out || !input_ok(decision))
        return REMIT_E_ARGUMENT;
    begin(e); /* the last outcome's memory goes with this evaluation */
    remit_session *ls = e->ls;
    evaluate_call c = {e, decision, REMIT_OK, why};
    if (!rm_protect(ls, evaluate_in, &c)) {
        rm_session_reset(ls);
        dg_nomem(ls, "out of memory while reading the decision");
        c.st = REMIT_E_NOMEM;
    }
    if (c.st == REMIT_OK) {
        e->o.gen = e->gen;
        *out = &e->o;
    }
    return c.st;
}

remit_status remit_evaluate(remit_evaluator *e, const char *text, size_t len, const remit_outcome **out)
{
    if (!text && len) {
        if (out)
            *out = NULL;
        return REMIT_E_ARGUMENT;
    }
    remit_input in = {NULL, "decision", text, len};
    return remit_evaluate_input(e, &in, out);
}

/* A batch, with e's policy and context; R0301, R0015 or R0014 in e's
 * diagnostics. */
remit_status remit_evaluate_batch(remit_evaluator *e, FILE *in, FILE *out, size_t *bad)
{
    size_t nbad;
    if (!bad)
        bad = &nbad;
    *bad = 0;
    if (!e || !in || !out)
        return REMIT_E_ARGUMENT;
    begin(e); /* the last outcome's memory goes with this batch */
    const in_ctx *base = e->ctx ? &e->ctx->base : &e->ownbase;
    const ev_history *h = e->ctx && e->ctx->has_history ? &e->ctx->h : NULL;
    return rm_batch(e->p, e->ls, base, h, in, out, bad);
}

/* ------------------------------------------------------------ outcome */

/* An outcome still valid: NULL, or one whose evaluator has evaluated
 * again and failed, reads as empty (no strings, no entries) rather than
 * as whatever memory is left. */
#define LIVE(o) ((o) && (o)->gen && (o)->gen == (o)->e->gen)

remit_outcome_kind remit_outcome_kind_of(const remit_outcome *o)
{
    return LIVE(o) ? (remit_outcome_kind)o->r.outcome : REMIT_UNDETERMINED;
}

const char *remit_outcome_word(const remit_outcome *o)
{
    return LIVE(o) ? xp_outcome_word(o->r.outcome) : NULL;
}

const char *remit_outcome_matter(const remit_outcome *o)
{
    return LIVE(o) ? o->e->p->matters[o->d.matter].name : NULL;
}

static const char *holder_name(const remit_policy *p, uint32_t h)
{
    return h < p->nholders ? p->holders[h].name : NULL;
}

const char *remit_outcome_decider(const remit_outcome *o)
{
    return LIVE(o) ? holder_name(o->e->p, o->d.decider) : NULL;
}

const char *remit_outcome_decider_person(const remit_outcome *o)
{
    return LIVE(o) ? o->d.decider_name : NULL;
}

const char *remit_outcome_escalate_to(const remit_outcome *o)
{
    return LIVE(o) && o->r.outcome == EV_ESCALATE ? holder_name(o->e->p, o->r.target) : NULL;
}

const char *remit_outcome_accountable(const remit_outcome *o)
{
    return LIVE(o) && o->r.outcome == EV_PERMITTED ? holder_name(o->e->p, o->r.accountable) : NULL;
}

/* A place as explain.c gives it: a file of the policy and a line, or what
 * an input says ("the register", line 0). */
static remit_rule_ref src_ref(pl_src src, const char *text)
{
    remit_rule_ref ref = {src.file, src.line, src.line ? text : NULL};
    return ref;
}

static remit_rule_ref rule_ref(const remit_policy *p, uint32_t rule)
{
    remit_rule_ref ref = {NULL, 0, NULL};
    if (rule < p->nrules) {
        ref.file = p->rules[rule].src.file;
        ref.line = p->rules[rule].src.line;
        ref.text = p->rules[rule].text;
    }
    return ref;
}

size_t remit_outcome_chain_length(const remit_outcome *o)
{
    return LIVE(o) && o->r.outcome == EV_PERMITTED ? o->r.nchain + 1 : 0;
}

int remit_outcome_chain_at(const remit_outcome *o, size_t i, remit_link *out)
{
    if (!LIVE(o))
        return 0;
    const remit_policy *p = o->e->p;
    const ev_result *r = &o->r;
    if (!out || i >= remit_outcome_chain_length(o))
        return 0;
    memset(out, 0, sizeof *out);
    if (i == 0 && r->chain[0] >= p->nholders && r->nchain) { /* a crisis grant's chain */
        out->holder = p->protocols[p->rules[r->chain_rules[0]].protocol].name;
        out->is_protocol = 1;
    } else {
        out->holder = holder_name(p, r->chain[i]);
    }
    if (i > 0)
        out->rule = rule_ref(p, r->chain_rules[i - 1]);
    return 1;
}

size_t remit_outcome_reason_count(const remit_outcome *o) { return LIVE(o) ? o->r.nreasons : 0; }

/* The outcome's sentences, made when first asked; NULL when memory runs out. */
static outcome_texts *texts_of(remit_outcome *o)
{
    if (!o->t)
        o->t = rm_calloc(1, sizeof *o->t);
    return o->t;
}

/* Reason x of o, its sentence kept in slot i of its texts. */
static int reason_out(const remit_outcome *co, const ev_reason *x, size_t i, remit_reason *out)
{
    remit_outcome *o = (remit_outcome *)co; /* what it renders it keeps */
    const remit_policy *p = o->e->p;
    outcome_texts *t = texts_of(o);
    if (!t)
        return 0;
    if (!t->reason_done[i]) {
        xp_reason_text(p, &o->d, x, t->reason[i], sizeof t->reason[i]);
        t->reason_done[i] = true;
    }
    out->kind = xp_why_word(x->kind);
    out->message = t->reason[i];
    const pl_category *cat = xp_reason_category(p, &o->d, x);
    if (cat)
        out->rule = src_ref(cat->src, cat->text);
    else
        out->rule = rule_ref(p, x->rule);
    out->other_rule = rule_ref(p, x->rule2);
    return 1;
}

int remit_outcome_reason_at(const remit_outcome *o, size_t i, remit_reason *out)
{
    if (!LIVE(o) || !out || i >= o->r.nreasons)
        return 0;
    return reason_out(o, &o->r.reasons[i], i, out);
}

size_t remit_outcome_also_count(const remit_outcome *o) { return LIVE(o) ? o->r.nalso : 0; }

int remit_outcome_also_at(const remit_outcome *o, size_t i, remit_reason *out)
{
    if (!LIVE(o) || !out || i >= o->r.nalso)
        return 0;
    return reason_out(o, &o->r.also[i], EV_MAX_REASONS + i, out);
}

size_t remit_outcome_obligation_count(const remit_outcome *o) { return LIVE(o) ? o->r.ndue : 0; }

int remit_outcome_obligation_at(const remit_outcome *co, size_t i, remit_obligation *out)
{
    if (!LIVE(co))
        return 0;
    remit_outcome *o = (remit_outcome *)co;
    outcome_texts *t = texts_of(o);
    if (!out || i >= o->r.ndue || !t)
        return 0;
    const ev_due *u = &o->r.dues[i];
    if (!t->due_done[i]) {
        xp_due_text(o->e->p, &o->d, u, t->due[i], sizeof t->due[i], &t->due_src[i]);
        t->day[i][0] = '\0';
        if (u->due != INT64_MIN)
            lit_format_date(u->due, t->day[i], sizeof t->day[i]);
        t->due_done[i] = true;
    }
    out->text = t->due[i];
    out->due = t->day[i][0] ? t->day[i] : NULL;
    out->rule = src_ref(t->due_src[i], NULL);
    return 1;
}

size_t remit_outcome_obligations_dropped(const remit_outcome *o) { return LIVE(o) ? o->r.dropped : 0; }

size_t remit_outcome_finding_count(const remit_outcome *o) { return LIVE(o) ? o->r.nfind : 0; }

size_t remit_outcome_more_findings(const remit_outcome *o) { return LIVE(o) ? o->r.more_findings : 0; }

int remit_outcome_finding_at(const remit_outcome *co, size_t i, remit_finding *out)
{
    if (!LIVE(co))
        return 0;
    remit_outcome *o = (remit_outcome *)co;
    outcome_texts *t = texts_of(o);
    if (!out || i >= o->r.nfind || !t)
        return 0;
    const struct ev_finding *f = &o->r.find[i];
    if (!t->finding_done[i]) {
        xp_finding_text(o->e->p, &o->d, f, t->finding[i], sizeof t->finding[i], &t->finding_src[i]);
        lit_format_date(f->due, t->fday[i], sizeof t->fday[i]);
        t->finding_done[i] = true;
    }
    out->kind = xp_finding_word(f->kind);
    out->message = t->finding[i];
    out->due = t->fday[i];
    out->rule = src_ref(t->finding_src[i], NULL);
    return 1;
}

/* What write() writes, into memory (*slot, its length *slen), once;
 * NULL when memory runs out. */
static const char *in_memory(char **slot, size_t *slen, void (*write)(FILE *, const void *), const void *arg,
                             size_t *len)
{
    if (!*slot) {
        char *buf = NULL;
        size_t n = 0;
        FILE *mem = open_memstream(&buf, &n);
        if (!mem)
            return NULL;
        write(mem, arg);
        if (fclose(mem) != 0 || !buf) {
            free(buf);
            return NULL;
        }
        *slot = buf;
        *slen = n;
    }
    if (len)
        *len = *slen;
    return *slot;
}

/* The outcome's changes for explain.c, in v (WHY_MAX). */
static uint32_t changes_of(const remit_outcome *o, xp_change *v)
{
    for (uint32_t i = 0; i < o->nchanges; i++)
        v[i] = o->changes[i].x;
    return o->nchanges;
}

static void outcome_as_json(FILE *f, const void *arg)
{
    const remit_outcome *o = arg;
    xp_change v[WHY_MAX];
    xp_json_why(f, o->e->p, &o->d, &o->r, v, changes_of(o, v), o->asked);
}

static void outcome_as_text(FILE *f, const void *arg)
{
    const remit_outcome *o = arg;
    xp_change v[WHY_MAX];
    xp_text_why(f, o->e->p, &o->d, &o->r, v, changes_of(o, v), o->asked);
}

size_t remit_outcome_change_count(const remit_outcome *o) { return LIVE(o) ? o->nchanges : 0; }

int remit_outcome_change_at(const remit_outcome *o, size_t i, remit_change *out)
{
    if (!LIVE(o) || !out || i >= o->nchanges)
        return 0;
    const change_entry *c = &o->changes[i];
    static const char *const kind[] = {"co_signatories", "field", "decider", "decider_at_meeting", "present"};
    memset(out, 0, sizeof *out);
    out->kind = kind[c->x.kind];
    if (c->x.kind == XP_FIELD) {
        out->field = o->e->p->matters[o->d.matter].fields[c->x.field].name;
        out->value = c->value;
        out->was = c->was;
    }
    if (c->x.kind == XP_DECIDER || c->x.kind == XP_MEETING)
        out->decider = o->e->p->holders[c->x.holder].name;
    out->nco = c->x.nadded;
    out->co = c->co;
    out->message = c->message;
    return 1;
}

/* The outcome written by how into memory the outcome owns. */
static const char *render(const remit_outcome *co, bool json, size_t *len)
{
    if (!LIVE(co))
        return NULL;
    remit_outcome *o = (remit_outcome *)co;
    return json ? in_memory(&o->json, &o->json_len, outcome_as_json, o, len)
                : in_memory(&o->text, &o->text_len, outcome_as_text, o, len);
}

const char *remit_outcome_text(const remit_outcome *o, size_t *len) { return render(o, false, len); }
const char *remit_outcome_json(const remit_outcome *o, size_t *len) { return render(o, true, len); }

/* ---------------------------------------------------------- remit who */

/* The i-th outcome of e's pool, made when first needed. */
static remit_outcome *pooled(remit_evaluator *e, uint32_t i)
{
    if (i == e->npool) {
        remit_outcome **v = rm_realloc(e->pool, (e->npool + 1) * sizeof *v);
        if (!v)
            rm_unwind(&e->ls->arena);
        e->pool = v;
        remit_outcome *o = rm_calloc(1, sizeof *o);
        if (!o)
            rm_unwind(&e->ls->arena);
        o->e = e;
        e->pool[e->npool++] = o;
    }
    return e->pool[i];
}

static yi_node *scalar_node(rm_arena *a, rm_loc loc, const char *text, bool quoted)
{
    yi_node *n = ar_alloc(a, sizeof *n);
    *n = (yi_node){.kind = YI_SCALAR, .loc = loc, .text = text, .len = (uint32_t)strlen(text), .quoted = quoted};
    return n;
}

/* The value of key in mapping m, or NULL. */
static const yi_node *map_get(const yi_node *m, const char *key)
{
    for (uint32_t i = 0; m && m->kind == YI_MAP && i < m->n; i++)
        if (!strcmp(m->keys[i]->text, key))
            return m->items[i];
    return NULL;
}

/* A copy of mapping m (its entries shared) with key's value v, or
 * without key when v is NULL; a key it lacks is added, pointing at m. */
static yi_node *map_set(rm_arena *a, const yi_node *m, const char *key, yi_node *v)
{
    yi_node *c = ar_alloc(a, sizeof *c);
    *c = *m;
    c->keys = ar_alloc(a, (m->n + 1) * sizeof *c->keys);
    c->items = ar_alloc(a, (m->n + 1) * sizeof *c->items);
    c->n = 0;
    bool set = false;
    for (uint32_t i = 0; i < m->n; i++) {
        bool here = !strcmp(m->keys[i]->text, key);
        if (here && !v)
            continue;
        c->keys[c->n] = m->keys[i];
        c->items[c->n++] = here ? v : m->items[i];
        set |= here;
    }
    if (!set && v) {
        c->keys[c->n] = scalar_node(a, m->loc, key, true);
        c->items[c->n++] = v;
    }
    return c;
}

/* The decision root (a mapping) with its decider set to holder h, by
 * role alone (PL_NONE: the decider as written), the holders
 * added[0..nadded) after its co-signatories, and, with no_attendance,
 * without its attendance.  New values point at what they replace, or at
 * the whole decision. */
static yi_node *decided_by(rm_arena *a, const remit_policy *p, const yi_node *root, uint32_t h,
                           const uint32_t *added, uint32_t nadded, bool no_attendance)
{
    yi_node *m = no_attendance ? map_set(a, root, "attendance", NULL) : (yi_node *)root;
    if (h != PL_NONE) {
        const yi_node *was = map_get(root, "decider");
        m = map_set(a, m, "decider", scalar_node(a, was ? was->loc : root->loc, p->holders[h].name, true));
    }
    if (!nadded)
        return m;
    const yi_node *given = map_get(root, "co_signatories");
    if (given && given->kind != YI_SEQ)
        return m; /* not a list: typing says so */
    yi_node *co = ar_alloc(a, sizeof *co);
    uint32_t ng = given ? given->n : 0;
    *co = (yi_node){.kind = YI_SEQ, .loc = given ? given->loc : root->loc};
    co->items = ar_alloc(a, (ng + nadded) * sizeof *co->items);
    for (uint32_t i = 0; i < ng; i++)
        co->items[co->n++] = given->items[i];
    for (uint32_t i = 0; i < nadded; i++)
        co->items[co->n++] = scalar_node(a, co->loc, p->holders[added[i]].name, true);
    return map_set(a, m, "co_signatories", co);
}

/* Whether holder h is among those of the decision d who sign, or added. */
static bool signs_already(const ev_decision *d, const uint32_t *added, uint32_t nadded, uint32_t h)
{
    if (d->decider == h)
        return true;
    for (uint32_t i = 0; i < d->nco_all; i++)
        if (d->co_all[i] == h)
            return true;
    for (uint32_t i = 0; i < nadded; i++)
        if (added[i] == h)
            return true;
    return false;
}

/* Add to added[] (up to EV_MAX_SIGNERS) the holders who would give what
 * the reasons of r find unsigned: the slots the closest way of signing
 * lacks (a role for a named slot, the first holders of a kind in the
 * policy's order for a kind), and a joint decision's delegator.  How
 * many were added. */
static uint32_t cosigners_for(const remit_policy *p, const ev_decision *d0, const ev_result *r,
                              uint32_t *added, uint32_t *nadded)
{
    uint32_t before = *nadded;
    /* the decision with those added so far signing too, so that two rules
     * asking for the same signatures are given them once */
    ev_decision dd = *d0, *d = &dd;
    uint32_t co[2 * EV_MAX_SIGNERS];
    int64_t who[2 * EV_MAX_SIGNERS];
    dd.nco = 0;
    for (uint32_t i = 0; i < d0->nco && dd.nco < EV_MAX_SIGNERS; i++, dd.nco++) {
        co[dd.nco] = d0->co[i];
        who[dd.nco] = d0->co_sperson ? d0->co_sperson[i] : -1;
    }
    dd.co = co;
    dd.co_sperson = who;
    for (uint32_t i = 0; i < r->nreasons; i++) {
        const ev_reason *x = &r->reasons[i];
        const pl_rule *rule = x->rule < p->nrules ? &p->rules[x->rule] : NULL;
        if (!rule)
            continue;
        if (x->kind == WHY_JOINT_NEEDS) {
            if (*nadded < EV_MAX_SIGNERS && !signs_already(d, added, *nadded, rule->from)) {
                added[(*nadded)++] = rule->from;
                co[dd.nco] = rule->from;
                who[dd.nco++] = -1;
            }
            continue;
        }
        if ((x->kind != WHY_SIGNATURES && x->kind != WHY_COSIGN) || !rule->with)
            continue;
        uint32_t lack[EV_MAX_SLOTS];
        uint32_t best = ev_missing_slots(p, rule->with, d, x->kind == WHY_SIGNATURES, lack, EV_MAX_SLOTS);
        const pl_alt *al = best != PL_NONE ? &rule->with->alts[best] : NULL;
        for (uint32_t k = 0; al && k < al->nslots && k < EV_MAX_SLOTS; k++) {
            const pl_slot *sl = &al->slots[k];
            for (uint32_t h = 0; lack[k] && h < p->nholders && *nadded < EV_MAX_SIGNERS; h++) {
                if (!ev_holds_slot(p, h, sl))
                    continue;
                bool many = p->many && p->many[h]; /* named once for each holder of the role */
                while (lack[k] && *nadded < EV_MAX_SIGNERS && (many || !signs_already(d, added, *nadded, h))) {
                    added[(*nadded)++] = h;
                    co[dd.nco] = h;
                    who[dd.nco++] = -1;
                    lack[k]--;
                    if (!many)
                        break;
                }
            }
        }
    }
    return *nadded - before;
}

/* The first error since m, as a sentence with its hint, in the session's
 * memory (it lasts as long as the answer that says it). */
static char *first_error(remit_session *s, dg_mark m)
{
    const char *msg = "the decision cannot be read with this decider", *hint = NULL;
    for (uint32_t i = m.diags; i < s->diags.n; i++) {
        const dg_item *g = s->diags.v[i];
        if (g->sev == REMIT_ERROR) {
            msg = g->msg;
            hint = g->hint;
            break;
        }
    }
    return hint ? ar_printf(&s->arena, "%s (%s)", msg, hint) : ar_printf(&s->arena, "%s", msg);
}

typedef struct who_call {
    remit_evaluator *e;
    const remit_input *in;
    remit_status st;
} who_call;

static int by_rank(const void *a, const void *b)
{
    const who_entry *x = a, *y = b;
    uint32_t cx = x->o->r.nchain, cy = y->o->r.nchain; /* a longer chain: further down */
    if (cx != cy)
        return cx > cy ? -1 : 1;
    return (x->holder > y->holder) - (x->holder < y->holder);
}

static void who_entries(remit_who *w, uint32_t n)
{
    if (n <= w->cap)
        return;
    who_entry *v = rm_realloc(w->entries, n * sizeof *v);
    if (v)
        w->entries = v;
    who_entry *u = v ? rm_realloc(w->uns, n * sizeof *u) : NULL;
    if (!u)
        rm_unwind(&w->e->ls->arena);
    w->uns = u;
    w->cap = n;
}

/* Holder h in the decision's place (root), with co-signatories added as
 * its evaluations find them missing (at most three rounds; none when the
 * decision cannot be read with those added), into o: 1 permitted, 0 not,
 * -1 the decision cannot be read with h: then *why is
 * its first fault (malloc'd), and the session's diagnostics of it are
 * taken back when *kept, else kept (and *kept set). */
static int try_holder(remit_evaluator *e, const yi_node *root, uint32_t h, bool meeting_unsaid,
                      remit_outcome *o, uint32_t *added, uint32_t *nadded, bool *kept, char **why)
{
    const remit_policy *p = e->p;
    remit_session *ls = e->ls;
    const in_ctx *base = e->ctx ? &e->ctx->base : &e->ownbase;
    const ev_history *hist = e->ctx && e->ctx->has_history ? &e->ctx->h : NULL;
    in_ctx ic;
    for (int round = 0; round < 4; round++) {
        yi_node *as = decided_by(&ls->arena, p, root, h, added, *nadded, meeting_unsaid);
        dg_mark m = dg_mark_of(ls);
        in_line(&ic, base, ls);
        ic.meeting_unsaid = meeting_unsaid;
        bool typed = in_decision(&ic, as, &o->d);
        if (!typed && round) {
            dg_mark_back(ls, m); /* the signatories added cannot be read: not so, then */
            return 0;
        }
        if (!typed) {
            *why = first_error(ls, m);
            if (*kept)
                dg_mark_back(ls, m);
            *kept = true;
            return -1;
        }
        ev_evaluate_bare(p, &o->d, hist, &o->r);
        if (o->r.outcome == EV_PERMITTED)
            return 1;
        if (!cosigners_for(p, &o->d, &o->r, added, nadded))
            return 0;
    }
    return 0;
}

/* Holder h weighed as `remit who` weighs it (7.16): as written (1
 * permitted, 0 not); when the decision cannot be read with it, again
 * without attendance, a body needing none (WEIGH_COULD: permitted so,
 * with the co-signatories added then; 0: not even so; -1: not read even
 * so).  *why: the fault as written, NULL when it was read. */
enum { WEIGH_COULD = 2 };
static int weigh_holder(remit_evaluator *e, const yi_node *root, uint32_t h, remit_outcome *o, uint32_t *added,
                        uint32_t *nadded, bool *kept, char **why)
{
    int got = try_holder(e, root, h, false, o, added, nadded, kept, why);
    if (got >= 0)
        return got;
    char *why2 = NULL;
    bool again = true; /* its diagnostics are taken back */
    *nadded = 0;
    int could = try_holder(e, root, h, true, o, added, nadded, &again, &why2);
    return could > 0 ? WEIGH_COULD : could;
}

static void who_in(void *arg)
{
    who_call *c = arg;
    remit_evaluator *e = c->e;
    const remit_policy *p = e->p;
    remit_session *ls = e->ls;
    remit_who *w = &e->who;
    rm_text t = text_of(c->in);
    uint32_t f = rm_open_input(ls, c->in->path, c->in->path ? NULL : &t);
    if (f == UINT32_MAX) {
        c->st = REMIT_E_UNREADABLE;
        return;
    }
    yi_node *root = rm_read_input(ls, f);
    in_ctx ic;
    const in_ctx *base = e->ctx ? &e->ctx->base : &e->ownbase;
    if (!root || root->kind != YI_MAP) {
        ev_decision d;
        in_line(&ic, base, ls);
        if (root)
            in_decision(&ic, root, &d); /* says what a decision is */
        c->st = REMIT_E_INPUT;
        return;
    }
    who_entries(w, p->nholders);
    dg_mark start = dg_mark_of(ls);
    bool kept = false; /* the diagnostics of the first holder that failed are kept */
    bool typed = false;
    uint32_t used = 0;
    w->matter = PL_NONE;
    for (uint32_t h = 0; h < p->nholders; h++) {
        remit_outcome *o = pooled(e, used);
        uint32_t added[EV_MAX_SIGNERS], nadded = 0;
        char *why = NULL;
        int weighed = weigh_holder(e, root, h, o, added, &nadded, &kept, &why);
        /* read as written (an input error whoever decides is the decision's own) */
        typed |= !why;
        if (!why && w->matter == PL_NONE)
            w->matter = o->d.matter;
        if (weighed == 0)
            continue;
        /* listed; or unsettled, read without attendance or not even so */
        int got = weighed == 1 ? 1 : -1;
        who_entry *x = got > 0 ? &w->entries[w->n] : &w->uns[w->nunsettled];
        *x = (who_entry){.holder = h, .nadded = got > 0 ? nadded : 0, .o = got > 0 ? o : NULL, .unsettled = why};
        for (uint32_t k = 0; k < x->nadded; k++) {
            x->added[k] = added[k];
            x->co[k] = p->holders[added[k]].name;
        }
        if (got > 0) {
            o->gen = e->gen;
            w->n++;
            used++;
        } else {
            w->nunsettled++;
        }
    }
    if (!typed && !kept) { /* no holder at all: the decision as written says what is wrong */
        ev_decision d;
        in_line(&ic, base, ls);
        if ((typed = in_decision(&ic, root, &d)))
            w->matter = d.matter;
    }
    if (!typed) { /* faulty for every holder: the decision's faults */
        who_clear(w);
        c->st = REMIT_E_INPUT;
        return;
    }
    dg_mark_back(ls, start);
    if (w->n)
        qsort(w->entries, w->n, sizeof *w->entries, by_rank);
    w->view = ar_alloc(&ls->arena, (w->n + w->nunsettled + 1) * sizeof *w->view);
    for (uint32_t i = 0; i < w->n + w->nunsettled; i++) {
        const who_entry *x = i < w->n ? &w->entries[i] : &w->uns[i - w->n];
        w->view[i] = (xp_who_entry){x->holder, x->nadded, x->added, x->o ? &x->o->d : NULL,
                                    x->o ? &x->o->r : NULL, x->unsettled};
    }
    w->considered = p->nholders;
    w->gen = e->gen;
}

/* ------------------------------------------- what would make it permitted */

/* A new change of e's outcome, or NULL when WHY_MAX are kept. */
static change_entry *new_change(remit_evaluator *e, xp_change_kind kind)
{
    remit_outcome *o = &e->o;
    if (!o->changes && !(o->changes = rm_calloc(WHY_MAX, sizeof *o->changes)))
        rm_unwind(&e->ls->arena);
    if (o->nchanges == WHY_MAX)
        return NULL;
    change_entry *c = &o->changes[o->nchanges++];
    memset(&c->x, 0, sizeof c->x);
    c->x.kind = kind;
    c->x.added = c->added;
    return c;
}

static void change_done(remit_evaluator *e, change_entry *c, const uint32_t *added, uint32_t nadded)
{
    const remit_policy *p = e->p;
    c->x.nadded = nadded;
    for (uint32_t k = 0; k < nadded; k++) {
        c->added[k] = added[k];
        c->co[k] = p->holders[added[k]].name;
    }
    if (c->x.kind == XP_FIELD) {
        xp_change_value(p, e->o.d.matter, c->x.field, c->x.value, c->value, sizeof c->value);
        xp_change_value(p, e->o.d.matter, c->x.field, c->x.was, c->was, sizeof c->was);
    }
    xp_change_text(p, e->o.d.matter, &c->x, c->message, sizeof c->message);
}

/* The decision as changed (as), typed and evaluated into o (its
 * diagnostics taken back): whether it is then permitted. */
static bool permitted_as(remit_evaluator *e, const yi_node *as, remit_outcome *o)
{
    remit_session *ls = e->ls;
    in_ctx ic;
    dg_mark m = dg_mark_of(ls);
    in_line(&ic, e->ctx ? &e->ctx->base : &e->ownbase, ls);
    bool ok = in_decision(&ic, as, &o->d);
    dg_mark_back(ls, m);
    if (ok)
        ev_evaluate_bare(e->p, &o->d, e->ctx && e->ctx->has_history ? &e->ctx->h : NULL, &o->r);
    return ok && o->r.outcome == EV_PERMITTED;
}

/* The decision (root) with field f of its matter at v (money in pence),
 * typed and evaluated into o: whether it is then permitted. */
static bool permitted_at(remit_evaluator *e, const yi_node *root, uint32_t f, int64_t v, remit_outcome *o)
{
    remit_session *ls = e->ls;
    const pl_field *pf = &e->p->matters[e->o.d.matter].fields[f];
    const char *field = pf->name;
    char money[48];
    if (pf->type == TY_MONEY)
        lit_format_money(v, money, sizeof money);
    else /* a score, a choice, yes or no: as a decision writes it */
        xp_value_text(e->p, pf, v, true, money, sizeof money);
    const yi_node *fields = map_get(root, "fields");
    const yi_node *was = map_get(fields, field);
    char *text = ar_alloc(&ls->arena, strlen(money) + 1);
    strcpy(text, money);
    yi_node *as = map_set(&ls->arena, root, "fields",
                          map_set(&ls->arena, fields, field,
                                  scalar_node(&ls->arena, was->loc, text, pf->type == TY_MONEY)));
    return permitted_as(e, as, o);
}

static int by_i64_desc(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x < y) - (x > y);
}

/* The largest value of money field f below the decision's own (was) at
 * which the decision is permitted, in *v: the policy's figures (and a
 * penny either side) below it tried from the top, then the gap above the
 * highest that permits halved down to the penny.  False when none does. */
static bool lower_amount(remit_evaluator *e, const yi_node *root, uint32_t f, int64_t was, int64_t *v,
                         remit_outcome *o)
{
    const remit_policy *p = e->p;
    const char *field = p->matters[e->o.d.matter].fields[f].name;
    const yi_node *fields = map_get(root, "fields"), *given = map_get(fields, field);
    if (!given || given->kind != YI_SCALAR)
        return false;
    enum { MAXC = 256 };
    int64_t cand[MAXC];
    uint32_t n = 0;
    for (uint32_t i = 0; i < p->nnodes && n + 3 <= MAXC; i++) /* every figure the policy writes */
        if (p->nodes[i].op == N_CONST)
            for (int64_t d = -1; d <= 1; d++) {
                int64_t c = p->nodes[i].k + d;
                if (c >= 0 && c < was)
                    cand[n++] = c;
            }
    for (uint32_t i = 0; i < p->nrules && n < MAXC; i++)
        if (p->rules[i].upto >= 0 && p->rules[i].upto < was)
            cand[n++] = p->rules[i].upto;
    if (n < MAXC)
        cand[n++] = 0;
    qsort(cand, n, sizeof *cand, by_i64_desc);
    int64_t hi = was; /* the lowest value known not to permit */
    for (uint32_t i = 0; i < n; i++) {
        if (i && cand[i] == cand[i - 1])
            continue;
        if (!permitted_at(e, root, f, cand[i], o)) {
            hi = cand[i];
            continue;
        }
        int64_t lo = cand[i]; /* permits; hi does not: the boundary is between */
        for (int k = 0; k < 64 && hi - lo > 1; k++) {
            int64_t mid = lo + (hi - lo) / 2;
            if (permitted_at(e, root, f, mid, o))
                lo = mid;
            else
                hi = mid;
        }
        *v = lo;
        return permitted_at(e, root, f, lo, o); /* the value said is one evaluated so */
    }
    return false;
}

/* The value of score, choice or yes/no field f nearest the decision's own
 * (was) at which the decision is permitted, in *v: a score one either side
 * first (below, then above), then two...; each other choice in the order
 * written; the other of yes and no.  At most 64 tried; false when none
 * does. */
static bool other_value(remit_evaluator *e, const yi_node *root, uint32_t f, int64_t was, int64_t *v,
                        remit_outcome *o)
{
    const pl_field *pf = &e->p->matters[e->o.d.matter].fields[f];
    const yi_node *given = map_get(map_get(root, "fields"), pf->name);
    if (!given || given->kind != YI_SCALAR)
        return false;
    int64_t cand[64];
    uint32_t n = 0;
    if (pf->type == TY_SCORE) {
        for (int64_t k = 1; n + 2 <= 64 && (was - k >= pf->lo || was + k <= pf->hi); k++) {
            if (was - k >= pf->lo)
                cand[n++] = was - k;
            if (was + k <= pf->hi)
                cand[n++] = was + k;
        }
    } else if (pf->type == TY_ENUM) {
        for (uint32_t k = 0; k < pf->nchoices && n < 64; k++)
            if ((int64_t)k != was)
                cand[n++] = k;
    } else if (pf->type == TY_BOOL) {
        cand[n++] = !was;
    }
        for (uint32_t i = 0; i < n; i++)
        if (permitted_at(e, root, f, cand[i], o)) {
            *v = cand[i];
            return true;
        }
    return false;
}

/* The decision (root) with the members its attendance lists absent
 * (present: false) said to be present: the j-th of them (in the order
 * listed) when pick[j], of the first k; typed and evaluated into o:
 * whether it is then permitted.  *roles: their roles, *nroles of them;
 * *absent: how many it lists absent. */
static bool present_at(remit_evaluator *e, const yi_node *root, const bool *pick, uint32_t k, remit_outcome *o,
                       uint32_t *roles, uint32_t *nroles, uint32_t *absent)
{
    remit_session *ls = e->ls;
    const yi_node *att = map_get(root, "attendance");
    *nroles = *absent = 0;
    if (!att || att->kind != YI_SEQ)
        return false;
    yi_node *seq = ar_alloc(&ls->arena, sizeof *seq);
    *seq = *att;
    seq->items = ar_alloc(&ls->arena, (att->n + 1) * sizeof *seq->items);
    for (uint32_t i = 0; i < att->n; i++) {
        const yi_node *x = att->items[i], *pr = map_get(x, "present");
        seq->items[i] = att->items[i];
        if (!pr || pr->kind != YI_SCALAR || strcmp(pr->text, "false"))
            continue;
        uint32_t j = (*absent)++;
        if (j >= k || !pick[j])
            continue;
        seq->items[i] = map_set(&ls->arena, x, "present", scalar_node(&ls->arena, pr->loc, "true", false));
        /* its role as typed: the attendance is typed entry for entry */
        if (i < e->o.d.natt && *nroles < EV_MAX_SIGNERS)
            roles[(*nroles)++] = e->o.d.att[i].holder;
    }
    if (*absent < k)
        return false;
    yi_node *as = map_set(&ls->arena, root, "attendance", seq);
    return permitted_as(e, as, o);
}

/* The changes that would make e's outcome (not permitted) permitted: the
 * signatures it lacks, a lower amount for each money field, the nearest
 * other value of each score, choice or yes/no field, the lowest other
 * deciders; each evaluated. */
static void why_not(remit_evaluator *e, const yi_node *root)
{
    const remit_policy *p = e->p;
    if (!root || root->kind != YI_MAP)
        return;
    remit_outcome *o = pooled(e, 0); /* the scratch of each try */
    uint32_t added[EV_MAX_SIGNERS], nadded = 0;
    bool kept = true; /* every try's diagnostics are taken back */
    char *why = NULL;
    if (try_holder(e, root, PL_NONE, false, o, added, &nadded, &kept, &why) > 0 && nadded) {
        change_entry *c = new_change(e, XP_CO_SIGN);
        if (c)
            change_done(e, c, added, nadded);
    }
    const pl_matter *m = &p->matters[e->o.d.matter];
    for (uint32_t f = 0; f < m->nfields; f++) {
        int64_t v;
        bool money = m->fields[f].type == TY_MONEY;
        if (money ? e->o.d.fields[f] <= 0 || !lower_amount(e, root, f, e->o.d.fields[f], &v, o)
                  : !other_value(e, root, f, e->o.d.fields[f], &v, o))
            continue;
        change_entry *c = new_change(e, XP_FIELD);
        if (!c)
            break;
        c->x.field = f;
        c->x.value = v;
        c->x.was = e->o.d.fields[f];
        change_done(e, c, NULL, 0);
    }
    /* a quorate meeting: the members listed absent that would make it
     * permitted by being present: the first k of them (in the order
     * listed) for the least k that does, then each left out again that
     * is not needed; the set said is evaluated so */
    bool pick[EV_MAX_SIGNERS];
    for (uint32_t k = 1, absent = 0; e->o.d.meeting && k <= EV_MAX_SIGNERS; k++) {
        uint32_t roles[EV_MAX_SIGNERS], nroles;
        for (uint32_t j = 0; j < k; j++)
            pick[j] = true;
        if (!present_at(e, root, pick, k, o, roles, &nroles, &absent)) {
            if (absent <= k)
                break; /* every one listed absent, and still not */
            continue;
        }
        for (uint32_t j = 0; j + 1 < k; j++) { /* (the k-th is needed: k - 1 were not enough) */
            pick[j] = false;
            pick[j] = !present_at(e, root, pick, k, o, roles, &nroles, &absent);
        }
        if (present_at(e, root, pick, k, o, roles, &nroles, &absent)) {
            change_entry *c = new_change(e, XP_PRESENT);
            if (c)
                change_done(e, c, roles, nroles);
        }
        break;
    }
    /* other deciders: the lowest that can take it */
    struct cand { uint32_t h, chain, nadded, added[EV_MAX_SIGNERS]; bool meeting; } best[WHY_DECIDERS];
    uint32_t nbest = 0;
    for (uint32_t h = 0; h < p->nholders; h++) {
        if (h == e->o.d.decider)
            continue;
        nadded = 0;
        why = NULL;
        int got = weigh_holder(e, root, h, o, added, &nadded, &kept, &why);
        /* a body, at a meeting the decision does not give (7.16) */
        bool meeting = got == WEIGH_COULD && pl_is_body(p, h);
        if (got != 1 && !meeting)
            continue;
        struct cand x = {h, o->r.nchain, nadded, {0}, meeting};
        memcpy(x.added, added, nadded * sizeof *added);
        uint32_t k = nbest < WHY_DECIDERS ? nbest++ : WHY_DECIDERS; /* insert in order: longest chain first */
        while (k > 0 && best[k - 1].chain < x.chain) {
            if (k < WHY_DECIDERS)
                best[k] = best[k - 1];
            k--;
        }
        if (k < WHY_DECIDERS)
            best[k] = x;
    }
    for (uint32_t i = 0; i < nbest; i++) {
        change_entry *c = new_change(e, best[i].meeting ? XP_MEETING : XP_DECIDER);
        if (!c)
            break;
        c->x.holder = best[i].h;
        change_done(e, c, best[i].added, best[i].nadded);
    }
    outcome_clear(o); /* the scratch answers nothing */
}

remit_status remit_who_can(remit_evaluator *e, const remit_input *decision, const remit_who **out)
{
    if (out)
        *out = NULL;
    if (!e || !out || !input_ok(decision))
        return REMIT_E_ARGUMENT;
    begin(e); /* the last outcome's and answer's memory go with this one */
    who_call c = {e, decision, REMIT_OK};
    if (!rm_protect(e->ls, who_in, &c)) {
        who_clear(&e->who);
        rm_session_reset(e->ls);
        dg_nomem(e->ls, "out of memory while reading the decision");
        c.st = REMIT_E_NOMEM;
    }
    if (c.st != REMIT_OK) {
        e->gen++; /* the outcomes of an answer not given are not live */
        return c.st;
    }
    *out = &e->who;
    return REMIT_OK;
}

#define WHO_LIVE(w) ((w) && (w)->gen && (w)->gen == (w)->e->gen)

size_t remit_who_count(const remit_who *w) { return WHO_LIVE(w) ? w->n : 0; }

int remit_who_at(const remit_who *w, size_t i, remit_who_holder *out)
{
    if (!WHO_LIVE(w) || !out || i >= w->n)
        return 0;
    const who_entry *x = &w->entries[i];
    out->holder = w->e->p->holders[x->holder].name;
    out->nco = x->nadded;
    out->co = x->co;
    out->outcome = x->o;
    return 1;
}

size_t remit_who_unsettled_count(const remit_who *w) { return WHO_LIVE(w) ? w->nunsettled : 0; }

int remit_who_unsettled_at(const remit_who *w, size_t i, remit_who_unsettled *out)
{
    if (!WHO_LIVE(w) || !out || i >= w->nunsettled)
        return 0;
    out->holder = w->e->p->holders[w->uns[i].holder].name;
    out->message = w->uns[i].unsettled;
    return 1;
}

const char *remit_who_matter(const remit_who *w)
{
    return WHO_LIVE(w) && w->matter != PL_NONE ? w->e->p->matters[w->matter].name : NULL;
}

size_t remit_who_considered(const remit_who *w) { return WHO_LIVE(w) ? w->considered : 0; }

static void who_write(FILE *f, const remit_who *w, bool json)
{
    (json ? xp_who_json : xp_who_text)(f, w->e->p, w->matter, w->considered, w->view, w->n, w->nunsettled);
}

static void who_as_json(FILE *f, const void *arg) { who_write(f, arg, true); }
static void who_as_text(FILE *f, const void *arg) { who_write(f, arg, false); }

const char *remit_who_text(const remit_who *cw, size_t *len)
{
    if (!WHO_LIVE(cw))
        return NULL;
    remit_who *w = (remit_who *)cw;
    return in_memory(&w->text, &w->text_len, who_as_text, w, len);
}

const char *remit_who_json(const remit_who *cw, size_t *len)
{
    if (!WHO_LIVE(cw))
        return NULL;
    remit_who *w = (remit_who *)cw;
    return in_memory(&w->json, &w->json_len, who_as_json, w, len);
}

/* ----------------------------------------------------- a built decision */

/* A decision built through the API is kept as the JSON of its keys, in
 * the order they were first set, and evaluated as that text: the same
 * reading and typing as a decision file, so no second path to trust. */
typedef struct kv {
    char *key, *json;
} kv;

typedef struct kvlist {
    kv *v;
    size_t n, cap;
} kvlist;

struct remit_decision {
    kvlist top, fields, context, co;
};

static void kv_clear(kvlist *l)
{
    for (size_t i = 0; i < l->n; i++) {
        rm_free(l->v[i].key);
        rm_free(l->v[i].json);
    }
    rm_free(l->v);
    memset(l, 0, sizeof *l);
}

void remit_decision_free(remit_decision *d)
{
    if (!d)
        return;
    kv_clear(&d->top);
    kv_clear(&d->fields);
    kv_clear(&d->context);
    kv_clear(&d->co);
    rm_free(d);
}

remit_decision *remit_decision_new(void) { return rm_calloc(1, sizeof(remit_decision)); }

static char *copy(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = rm_malloc(n);
    if (c)
        memcpy(c, s, n);
    return c;
}

/* s as a JSON string, by the one JSON escaper (explain.c). */
static char *json_string(const char *s)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *mem = open_memstream(&buf, &n);
    if (!mem)
        return NULL;
    xp_out o = {mem, 0, {0}};
    xp_json_strn(&o, s, strlen(s));
    xo_flush(&o);
    if (fclose(mem) != 0 || !buf) {
        free(buf);
        return NULL;
    }
    char *c = copy(buf); /* in the library's allocator, like the rest */
    free(buf);
    return c;
}

/* Set key (NULL: append, for co-signatories) to json, taking json. */
static remit_status kv_put(kvlist *l, const char *key, char *json)
{
    if (!json)
        return REMIT_E_NOMEM;
    for (size_t i = 0; key && i < l->n; i++)
        if (!strcmp(l->v[i].key, key)) {
            rm_free(l->v[i].json);
            l->v[i].json = json;
            return REMIT_OK;
        }
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        kv *v = rm_realloc(l->v, cap * sizeof *v);
        if (!v) {
            rm_free(json);
            return REMIT_E_NOMEM;
        }
        l->v = v;
        l->cap = cap;
    }
    char *k = key ? copy(key) : NULL;
    if (key && !k) {
        rm_free(json);
        return REMIT_E_NOMEM;
    }
    l->v[l->n++] = (kv){k, json};
    return REMIT_OK;
}

static char *json_number(long long v)
{
    char b[32];
    snprintf(b, sizeof b, "%lld", v);
    return copy(b);
}

remit_status remit_decision_set(remit_decision *d, const char *key, const char *text)
{
    return !d || !key || !text ? REMIT_E_ARGUMENT : kv_put(&d->top, key, json_string(text));
}

remit_status remit_decision_set_json(remit_decision *d, const char *key, const char *json)
{
    return !d || !key || !json ? REMIT_E_ARGUMENT : kv_put(&d->top, key, copy(json));
}

remit_status remit_decision_field_text(remit_decision *d, const char *name, const char *text)
{
    return !d || !name || !text ? REMIT_E_ARGUMENT : kv_put(&d->fields, name, json_string(text));
}

remit_status remit_decision_field_number(remit_decision *d, const char *name, long long v)
{
    return !d || !name ? REMIT_E_ARGUMENT : kv_put(&d->fields, name, json_number(v));
}

remit_status remit_decision_field_bool(remit_decision *d, const char *name, int v)
{
    return !d || !name ? REMIT_E_ARGUMENT : kv_put(&d->fields, name, copy(v ? "true" : "false"));
}

remit_status remit_decision_context_text(remit_decision *d, const char *name, const char *text)
{
    return !d || !name || !text ? REMIT_E_ARGUMENT : kv_put(&d->context, name, json_string(text));
}

remit_status remit_decision_context_number(remit_decision *d, const char *name, long long v)
{
    return !d || !name ? REMIT_E_ARGUMENT : kv_put(&d->context, name, json_number(v));
}

remit_status remit_decision_context_bool(remit_decision *d, const char *name, int v)
{
    return !d || !name ? REMIT_E_ARGUMENT : kv_put(&d->context, name, copy(v ? "true" : "false"));
}

remit_status remit_decision_co_signatory(remit_decision *d, const char *name)
{
    return !d || !name ? REMIT_E_ARGUMENT : kv_put(&d->co, NULL, json_string(name));
}

/* The entries of l as JSON members ("k":v,...) or array items. */
static void put_list(FILE *f, const kvlist *l, bool members)
{
    for (size_t i = 0; i < l->n; i++) {
        if (i)
            fputc(',', f);
        if (members) {
            char *k = json_string(l->v[i].key);
            fputs(k ? k : "\"\"", f);
            fputc(':', f);
            rm_free(k);
        }
        fputs(l->v[i].json, f);
    }
}

remit_status remit_evaluate_decision(remit_evaluator *e, const remit_decision *d, const remit_outcome **out)
{
    if (out)
        *out = NULL;
    if (!e || !d || !out)
        return REMIT_E_ARGUMENT;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return REMIT_E_NOMEM;
    fputc('{', f);
    put_list(f, &d->top, true);
    static const char *const part[] = {"fields", "context", "co_signatories"};
    const kvlist *lists[] = {&d->fields, &d->context, &d->co};
    bool any = d->top.n > 0;
    for (int i = 0; i < 3; i++) {
        if (!lists[i]->n)
            continue;
        fprintf(f, "%s\"%s\":%c", any ? "," : "", part[i], i == 2 ? '[' : '{');
        put_list(f, lists[i], i != 2);
        fputc(i == 2 ? ']' : '}', f);
        any = true;
    }
    fputc('}', f);
    if (fclose(f) != 0 || !text) {
        free(text);
        return REMIT_E_NOMEM;
    }
    remit_input in = {NULL, "decision (built)", text, len};
    remit_status st = remit_evaluate_input(e, &in, out);
    free(text); /* the evaluation keeps its own copy */
    return st;
}
