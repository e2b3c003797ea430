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
    rm_text mreg = reg ? rm_text_of(reg, "input") : (rm_text){0},
            mhist = history ? rm_text_of(history, "input") : (rm_text){0},
            mcal = cal ? rm_text_of(cal, "input") : (rm_text){0};
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
    const char *none;          /* none found: why (the line session's memory) */
    uint32_t nchanges;
    struct change_entry *changes; /* WHY_MAX of them, made when first asked */
};

/* One change that would make a decision permitted (7.17): its parts,
 * made together (x[k].next is x[k + 1]). */
#define WHY_MAX 8u
#define WHY_DECIDERS 2u        /* other deciders said, at most: the lowest */
#define WHY_PAIRS 4u           /* two changes at once said, at most */
#define WHY_TRIES 20000u       /* decisions evaluated looking for two at once, at most */
#define XP_PARTS 4u
typedef struct change_entry {
    uint32_t nparts;
    xp_change x[XP_PARTS];
    uint32_t added[XP_PARTS][EV_MAX_SIGNERS];
    const char *co[XP_PARTS][EV_MAX_SIGNERS];
    char value[XP_PARTS][48], was[XP_PARTS][48];
    char part_message[XP_PARTS][1024]; /* each part alone */
    char message[1024];                /* the whole */
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
    struct why_cache *why;     /* `--why-not`'s, of the policy: made when first asked */
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
    o->none = NULL;
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

static void why_cache_free(remit_evaluator *e);

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
    why_cache_free(e);
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
    uint32_t f = rm_open_given(ls, c->in, "input", RM_MAX_FILE_BYTES);
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
    return remit_evaluate_batch_named(e, NULL, in, out, bad);
}

remit_status remit_evaluate_batch_named(remit_evaluator *e, const char *name, FILE *in, FILE *out, size_t *bad)
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
    return rm_batch(e->p, e->ls, base, h, in, out, bad, name);
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
        v[i] = o->changes[i].x[0];
    return o->nchanges;
}

static void outcome_as_json(FILE *f, const void *arg)
{
    const remit_outcome *o = arg;
    xp_change v[WHY_MAX];
    xp_json_why(f, o->e->p, &o->d, &o->r, v, changes_of(o, v), o->asked, o->none);
}

static void outcome_as_text(FILE *f, const void *arg)
{
    const remit_outcome *o = arg;
    xp_change v[WHY_MAX];
    xp_text_why(f, o->e->p, &o->d, &o->r, v, changes_of(o, v), o->asked, o->none);
}

size_t remit_outcome_change_count(const remit_outcome *o) { return LIVE(o) ? o->nchanges : 0; }

/* Part k of change c as the library gives it. */
static void part_out(const remit_outcome *o, const change_entry *c, uint32_t k, remit_change *out)
{
    static const char *const kind[] = {"co_signatories", "field",        "decider", "decider_at_meeting",
                                       "present",        "seats_filled", "presiding"};
    const xp_change *x = &c->x[k];
    memset(out, 0, sizeof *out);
    out->kind = kind[x->kind];
    if (x->kind == XP_FIELD) {
        out->field = o->e->p->matters[o->d.matter].fields[x->field].name;
        out->value = c->value[k];
        out->was = c->was[k];
    }
    if (x->kind == XP_DECIDER || x->kind == XP_MEETING)
        out->decider = o->e->p->holders[x->holder].name;
    if (x->kind == XP_PRESIDING)
        out->value = x->person; /* the member's name, when the attendance gives it */
    out->nco = x->nadded;
    out->co = c->co[k];
    out->message = c->nparts == 1 ? c->message : c->part_message[k];
}

int remit_outcome_change_at(const remit_outcome *o, size_t i, remit_change *out)
{
    if (!LIVE(o) || !out || i >= o->nchanges)
        return 0;
    const change_entry *c = &o->changes[i];
    if (c->nparts == 1) {
        part_out(o, c, 0, out);
        return 1;
    }
    memset(out, 0, sizeof *out);
    out->kind = "together";
    out->message = c->message;
    return 1;
}

int remit_outcome_change_part(const remit_outcome *o, size_t i, size_t k, remit_change *out)
{
    if (!LIVE(o) || !out || i >= o->nchanges || k >= o->changes[i].nparts)
        return 0;
    part_out(o, &o->changes[i], (uint32_t)k, out);
    return 1;
}

const char *remit_outcome_why_none(const remit_outcome *o) { return LIVE(o) ? o->none : NULL; }

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

/* Can holder h ever be permitted a decision on matter m?  Only a chain
 * of authority found at the level of authority permits (SPEC 7.3,
 * eval.c decider_chain): a delegation or a crisis grant to h (find_chain),
 * h a root, a reservation to h, or an urgent power to h; each of them is
 * a rule of m to h.  So a holder that is no root and that no rule of m
 * names as its `to` is never permitted, whatever the decision says. */
static bool may_decide(const remit_policy *p, const pl_matter *m, uint32_t h)
{
    if (pl_is_root(p, h))
        return true;
    for (uint32_t i = 0; i < m->nrules; i++)
        if (p->rules[m->rules[i]].to == h)
            return true;
    return false;
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
 * -1 the decision cannot be read with h: then *why is set, with say its
 * first fault (the session's memory; else ""), and the session's
 * diagnostics of it are taken back when *kept, else kept (and *kept
 * set).  Each try is typed quietly (its errors counted, not written),
 * and again aloud only when what is wrong must be said. */
static int try_holder(remit_evaluator *e, const yi_node *root, uint32_t h, bool meeting_unsaid, bool say,
                      remit_outcome *o, uint32_t *added, uint32_t *nadded, bool *kept, char **why)
{
    static char unsaid_fault[] = "";
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
        ic.quiet = true;
        bool typed = in_decision(&ic, as, &o->d);
        if (!typed && round) {
            dg_mark_back(ls, m); /* the signatories added cannot be read: not so, then */
            return 0;
        }
        if (!typed) {
            *why = unsaid_fault;
            if (say || !*kept) { /* its fault in words, or its diagnostics kept: typed again, aloud */
                dg_mark_back(ls, m);
                in_line(&ic, base, ls);
                ic.meeting_unsaid = meeting_unsaid;
                in_decision(&ic, as, &o->d);
                *why = first_error(ls, m);
            }
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
 * so).  *why: the fault as written (with say, in words), NULL when it
 * was read. */
enum { WEIGH_COULD = 2 };
static int weigh_holder(remit_evaluator *e, const yi_node *root, uint32_t h, bool say, remit_outcome *o,
                        uint32_t *added, uint32_t *nadded, bool *kept, char **why)
{
    int got = try_holder(e, root, h, false, false, o, added, nadded, kept, why);
    if (got >= 0)
        return got;
    char *why2 = NULL;
    bool again = true; /* its diagnostics are taken back */
    *nadded = 0;
    int could = try_holder(e, root, h, true, false, o, added, nadded, &again, &why2);
    if (could && say && !**why) { /* said: the fault as written, in words (o's decision not read) */
        uint32_t none[EV_MAX_SIGNERS], nnone = 0;
        try_holder(e, root, h, false, true, o, none, &nnone, &again, why);
    }
    return could > 0 ? WEIGH_COULD : could;
}

/* The matter the decision (root) names, as typing finds it; PL_NONE when
 * it names none of the policy's. */
static uint32_t matter_named(const remit_policy *p, const yi_node *root)
{
    const yi_node *n = map_get(root, "matter");
    for (uint32_t i = 0; n && n->kind == YI_SCALAR && !n->is_null && i < p->nmatters; i++)
        if (strlen(p->matters[i].name) == n->len && !memcmp(p->matters[i].name, n->text, n->len))
            return i;
    return PL_NONE;
}

/* Holder h, which is never permitted a decision on its matter
 * (may_decide), weighed as weigh_holder weighs it, without evaluating:
 * 0, or -1 (*why: its fault as written, in words) when the decision can
 * be read with h neither as written nor without attendance.  Read
 * without attendance first; *written is set when it is read as written
 * (not always known: only when read so before it is known to be 0). */
static int weigh_unable(remit_evaluator *e, const yi_node *root, const yi_node *bare, uint32_t h,
                        remit_outcome *o, char **why, bool *written)
{
    remit_session *ls = e->ls;
    const in_ctx *base = e->ctx ? &e->ctx->base : &e->ownbase;
    for (int unsaid = 1; unsaid >= 0; unsaid--) {
        in_ctx ic;
        dg_mark m = dg_mark_of(ls);
        in_line(&ic, base, ls);
        ic.meeting_unsaid = unsaid;
        ic.quiet = true; /* its diagnostics are taken back */
        /* (bare: root without its attendance, made once for every holder) */
        bool ok = in_decision(&ic, decided_by(&ls->arena, e->p, unsaid ? bare : root, h, NULL, 0, false), &o->d);
        dg_mark_back(ls, m);
        if (ok) {
            *written = !unsaid;
            return 0;
        }
    }
    uint32_t none[EV_MAX_SIGNERS], nnone = 0;
    bool kept = true;
    try_holder(e, root, h, false, true, o, none, &nnone, &kept, why); /* aloud, for its words */
    return -1;
}

/* Each holder weighed for `remit who` into e's answer, in the policy's
 * order: whether the decision can be read as written with some holder.
 * With a matter (that the decision names), a holder never permitted it
 * (may_decide) is only typed (weigh_unable), and no diagnostics are kept;
 * then false may only mean not known (the caller weighs every holder
 * again without one).  Without, *kept as weigh_holder keeps it. */
static bool who_holders(remit_evaluator *e, const yi_node *root, uint32_t matter, bool *kept)
{
    const remit_policy *p = e->p;
    remit_who *w = &e->who;
    bool typed = false;
    uint32_t used = 0;
    w->matter = PL_NONE;
    w->n = w->nunsettled = 0;
    if (matter != PL_NONE)
        *kept = true; /* every holder's diagnostics taken back */
    const yi_node *bare = matter != PL_NONE ? map_set(&e->ls->arena, root, "attendance", NULL) : NULL;
    for (uint32_t h = 0; h < p->nholders; h++) {
        remit_outcome *o = pooled(e, used);
        uint32_t added[EV_MAX_SIGNERS], nadded = 0;
        char *why = NULL;
        int weighed;
        if (matter != PL_NONE && !may_decide(p, &p->matters[matter], h)) {
            bool written = false;
            weighed = weigh_unable(e, root, bare, h, o, &why, &written);
            typed |= written;
            if (written && w->matter == PL_NONE)
                w->matter = o->d.matter;
            if (weighed == 0)
                continue;
        } else {
            weighed = weigh_holder(e, root, h, true, o, added, &nadded, kept, &why);
            /* read as written (an input error whoever decides is the decision's own) */
            typed |= !why;
            if (!why && w->matter == PL_NONE)
                w->matter = o->d.matter;
            if (weighed == 0)
                continue;
        }
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
    return typed;
}

static void who_in(void *arg)
{
    who_call *c = arg;
    remit_evaluator *e = c->e;
    const remit_policy *p = e->p;
    remit_session *ls = e->ls;
    remit_who *w = &e->who;
    uint32_t f = rm_open_given(ls, c->in, "input", RM_MAX_FILE_BYTES);
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
    uint32_t matter = matter_named(p, root);
    bool typed = matter != PL_NONE && who_holders(e, root, matter, &kept) && w->matter == matter;
    if (!typed) { /* (or the matter not known first): every holder weighed */
        dg_mark_back(ls, start);
        kept = false;
        typed = who_holders(e, root, PL_NONE, &kept);
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

/* One change, as found: what explain.c says of it, and where in the
 * decision it is made. */
typedef struct why_part {
    xp_change x;
    uint32_t added[EV_MAX_SIGNERS];
    uint32_t item[EV_MAX_SIGNERS]; /* XP_PRESENT: the attendance's entries said present;
                                      XP_PRESIDING: item[0], the entry that would preside */
} why_part;

/* A change found: its parts, made together. */
typedef struct why_found {
    uint32_t n;
    why_part part[XP_PARTS];
} why_found;

/* A search for changes: its scratch outcome and how many decisions it
 * has evaluated. */
typedef struct why_ctx {
    remit_evaluator *e;
    remit_outcome *o;
    uint32_t tries;
    int64_t *fields;           /* the scratch decision's fields, for field_eval */
    const yi_node *at_root, *at; /* field_eval's last: the node of field at_field */
    uint32_t at_field;         /* of the decision at_root */
    struct why_known *known;   /* find_field's: values of its field known not to permit */
    const ev_decision *refused; /* a decision evaluated, readable and not permitted */
} why_ctx;

/* The part texts of change c as given, each alone. */
static void part_texts(const remit_policy *p, uint32_t matter, change_entry *c)
{
    for (uint32_t k = 0; k < c->nparts; k++) {
        xp_change alone = c->x[k];
        alone.next = NULL;
        xp_change_text(p, matter, &alone, c->part_message[k], sizeof c->part_message[k]);
    }
}

/* Is entry c the same change as entry b: the same parts, in any order? */
static bool same_change(const change_entry *c, const change_entry *b)
{
    if (b->nparts != c->nparts)
        return false;
    for (uint32_t k = 0; k < c->nparts; k++) {
        bool found = false;
        for (uint32_t j = 0; j < b->nparts && !found; j++)
            found = !strcmp(c->part_message[k], b->part_message[j]);
        if (!found)
            return false;
    }
    return true;
}

/* Keep change f in e's outcome (at most WHY_MAX, each once): whether it
 * is new. */
static bool keep_change(remit_evaluator *e, const why_found *f)
{
    const remit_policy *p = e->p;
    remit_outcome *o = &e->o;
    if (!o->changes && !(o->changes = rm_calloc(WHY_MAX, sizeof *o->changes)))
        rm_unwind(&e->ls->arena);
    if (o->nchanges == WHY_MAX || !f->n)
        return false;
    change_entry *c = &o->changes[o->nchanges];
    c->nparts = f->n;
    for (uint32_t k = 0; k < f->n; k++) {
        const why_part *w = &f->part[k];
        c->x[k] = w->x;
        c->x[k].added = c->added[k];
        c->x[k].next = k + 1 < f->n ? &c->x[k + 1] : NULL;
        for (uint32_t j = 0; j < w->x.nadded; j++) {
            c->added[k][j] = w->added[j];
            c->co[k][j] = p->holders[w->added[j]].name;
        }
        if (w->x.kind == XP_FIELD) {
            xp_change_value(p, o->d.matter, w->x.field, w->x.value, c->value[k], sizeof c->value[k]);
            xp_change_value(p, o->d.matter, w->x.field, w->x.was, c->was[k], sizeof c->was[k]);
        }
    }
    part_texts(p, o->d.matter, c);
    for (uint32_t i = 0; i < o->nchanges; i++)
        if (same_change(c, &o->changes[i]))
            return false;
    if (c->nparts == 1) /* the one part's text, said alone: the same */
        memcpy(c->message, c->part_message[0], sizeof c->message);
    else
        xp_change_text(p, o->d.matter, &c->x[0], c->message, sizeof c->message);
    o->nchanges++;
    return true;
}

/* The decision as changed (as), evaluated into w's scratch: 1 permitted,
 * 0 not, -1 it cannot be read. */
static int why_eval(why_ctx *w, const yi_node *as, bool unsaid)
{
    w->tries++;
    remit_evaluator *e = w->e;
    remit_session *ls = e->ls;
    in_ctx ic;
    dg_mark m = dg_mark_of(ls);
    in_line(&ic, e->ctx ? &e->ctx->base : &e->ownbase, ls);
    ic.meeting_unsaid = unsaid;
    ic.quiet = true; /* its diagnostics are taken back */
    bool ok = in_decision(&ic, as, &w->o->d);
    dg_mark_back(ls, m);
    if (!ok)
        return -1;
    ev_evaluate_bare(e->p, &w->o->d, e->ctx && e->ctx->has_history ? &e->ctx->h : NULL, &w->o->r);
    return w->o->r.outcome == EV_PERMITTED;
}

static bool why_try(why_ctx *w, const yi_node *as, bool unsaid) { return as && why_eval(w, as, unsaid) > 0; }

/* The decision as changed (as), typed into d (its diagnostics taken
 * back): whether it can be read. */
static bool typed_as(why_ctx *w, const yi_node *as, bool unsaid, ev_decision *d)
{
    remit_evaluator *e = w->e;
    in_ctx ic;
    dg_mark m = dg_mark_of(e->ls);
    in_line(&ic, e->ctx ? &e->ctx->base : &e->ownbase, e->ls);
    ic.meeting_unsaid = unsaid;
    ic.quiet = true; /* its diagnostics are taken back */
    bool ok = in_decision(&ic, as, d);
    dg_mark_back(e->ls, m);
    return ok;
}

/* Does field type t have an order, searched for a boundary (7.17)? */
static bool ordered(ty_kind t) { return xp_has_order(t); }

/* The text in which a decision writes value v of field pf (money in
 * pence, a percentage in hundredths, a date in days). */
static void field_text(const remit_policy *p, const pl_field *pf, int64_t v, char *t, size_t size)
{
    switch (pf->type) {
    case TY_MONEY: lit_format_money(v, t, size); break;
    case TY_NUMBER: snprintf(t, size, "%lld", (long long)v); break;
    case TY_DAYS: snprintf(t, size, "%lld days", (long long)v); break;
    case TY_PERCENT:
        if (v % 100)
            snprintf(t, size, "%lld.%02lld%%", (long long)(v / 100), (long long)(v % 100));
        else
            snprintf(t, size, "%lld%%", (long long)(v / 100));
        break;
    case TY_DATE: lit_format_date(v, t, size); break;
    default: xp_value_text(p, pf, v, true, t, size); break; /* a score, a choice, yes or no */
    }
}

/* The node of field pf's value in the decision root when it is a scalar
 * (a value a change of field can replace), else NULL. */
static const yi_node *field_node(const yi_node *root, const pl_field *pf)
{
    const yi_node *was = map_get(map_get(root, "fields"), pf->name);
    return was && was->kind == YI_SCALAR ? was : NULL;
}

/* The decision (root) with field f of its matter at v (money in pence,
 * a percentage in hundredths, a date in days), written as a decision
 * writes it; NULL when the decision gives the field no value. */
static const yi_node *with_field(remit_evaluator *e, const yi_node *root, uint32_t f, int64_t v)
{
    remit_session *ls = e->ls;
    const pl_field *pf = &e->p->matters[e->o.d.matter].fields[f];
    const yi_node *fields = map_get(root, "fields"), *was = field_node(root, pf);
    if (!was)
        return NULL;
    char t[64];
    field_text(e->p, pf, v, t, sizeof t);
    char *text = ar_alloc(&ls->arena, strlen(t) + 1);
    strcpy(text, t);
    return map_set(&ls->arena, root, "fields",
                   map_set(&ls->arena, fields, pf->name, scalar_node(&ls->arena, was->loc, text, pf->type == TY_MONEY)));
}

/* Field f of the decision (root, typed as d with unsaid) at v, evaluated
 * into w's scratch: what why_eval of with_field(root, f, v) gives, without
 * making and typing the tree again: d copied, the value read from its
 * text as typing reads it, and what depends on the fields worked out
 * again (in_decision_field).  1 permitted, 0 not, -1 it cannot be read;
 * NO_FIELD, nothing evaluated, when with_field gives no decision. */
enum { NO_FIELD = -2 };
static int field_eval(why_ctx *w, const yi_node *root, bool unsaid, const ev_decision *d, uint32_t f, int64_t v)
{
    remit_evaluator *e = w->e;
    const pl_matter *m = &e->p->matters[d->matter];
    if (root != w->at_root || f != w->at_field) { /* (the same field of the same decision, mostly) */
        w->at = field_node(root, &m->fields[f]);
        w->at_root = root;
        w->at_field = f;
    }
    const yi_node *was = w->at;
    if (!was)
        return NO_FIELD;
    w->tries++;
    char t[64];
    field_text(e->p, &m->fields[f], v, t, sizeof t);
    yi_node n = {.kind = YI_SCALAR, .loc = was->loc, .text = t, .len = (uint32_t)strlen(t),
                 .quoted = m->fields[f].type == TY_MONEY};
    ev_decision *c = &w->o->d;
    if (!w->fields)
        w->fields = ar_alloc(&e->ls->arena, (m->nfields + 1) * sizeof *w->fields);
    *c = *d;
    memcpy(w->fields, d->fields, m->nfields * sizeof *w->fields);
    c->fields = w->fields;
    in_ctx ic;
    dg_mark mk = dg_mark_of(e->ls);
    in_line(&ic, e->ctx ? &e->ctx->base : &e->ownbase, e->ls);
    ic.meeting_unsaid = unsaid;
    ic.quiet = true; /* its diagnostics are taken back */
    bool ok = in_decision_field(&ic, root, c, f, &n);
    dg_mark_back(e->ls, mk);
    if (!ok)
        return -1;
    ev_evaluate_bare(e->p, c, e->ctx && e->ctx->has_history ? &e->ctx->h : NULL, &w->o->r);
    return w->o->r.outcome == EV_PERMITTED;
}

/* What evaluation reads of a field (7.17, Cost): only tests of it
 * against constants, each a cut here (a comparison `field op k`, or
 * choices tested, op N_IN), when simple.  Two values of the field that
 * every cut finds alike (the same signature) are evaluated alike: the
 * decision so changed is the same to every rule, link, limit and index
 * that reads the field, so is not permitted at one when it is not at the
 * other (or that one cannot be read).  A field read in any other way
 * (arithmetic, compared with another value, a total with a history,
 * grouping a limit or a prior approval) is not simple: each of its
 * values is evaluated. */
#define WHY_CUTS 64u
typedef struct why_reads {
    bool made, simple;
    uint32_t n;
    struct why_cut {
        uint8_t op, cmp; /* N_CMP (cmp, field on the left unless flip) or N_IN */
        bool flip;
        int64_t k;
    } cut[WHY_CUTS];
} why_reads;

typedef uint64_t why_sigbits; /* bit i: whether cut i holds */

/* The values of a field, by signature, that find_field has evaluated and
 * found readable and not permitted. */
#define WHY_KNOWN 32u
typedef struct why_known {
    const why_reads *r;
    uint32_t n;
    why_sigbits sig[WHY_KNOWN];
} why_known;

/* What a search reads of the policy, the same for every decision: kept
 * by the evaluator (e->why). */
typedef struct why_cache {
    bool figs_made, figs_all; /* figs_all: every figure is in figs (else figures() makes them) */
    uint32_t nfigs;
    int64_t *figs;            /* the policy's figures, ascending, each once */
    why_reads **reads;        /* per matter, per field (made when first asked) */
} why_cache;

static void why_cache_free(remit_evaluator *e)
{
    why_cache *c = e->why;
    if (!c)
        return;
    for (uint32_t m = 0; c->reads && m < e->p->nmatters; m++)
        rm_free(c->reads[m]);
    rm_free(c->reads);
    rm_free(c->figs);
    rm_free(c);
    e->why = NULL;
}

static why_cache *why_cache_of(remit_evaluator *e)
{
    if (!e->why && !(e->why = rm_calloc(1, sizeof *e->why)))
        rm_unwind(&e->ls->arena);
    return e->why;
}

static void add_cut(why_reads *r, unsigned op, unsigned cmp, bool flip, int64_t k)
{
    if (op == N_NOTIN) /* the same choices told apart */
        op = N_IN;
    for (uint32_t i = 0; i < r->n; i++)
        if (r->cut[i].op == op && (op != N_CMP || (r->cut[i].cmp == cmp && r->cut[i].flip == flip)) &&
            r->cut[i].k == k)
            return;
    if (r->n == WHY_CUTS) {
        r->simple = false;
        return;
    }
    r->cut[r->n++] = (struct why_cut){(uint8_t)op, (uint8_t)cmp, flip, k};
}

/* Does node j read field f of a decision of matter m (with no history:
 * a total is then the field itself)? */
static bool node_reads(const remit_policy *p, const pl_matter *m, uint32_t j, uint32_t f)
{
    const pl_node *x = &p->nodes[j];
    if (x->op == N_FIELD)
        return x->a == f;
    if (x->op == N_TOTAL)
        return x->b == f || (x->a < m->ntotals && p->totals[m->totals[x->a]].field == f);
    return false;
}

static void tests_cuts(why_reads *r, const struct pl_test *t, uint32_t n, uint32_t f)
{
    for (uint32_t i = 0; i < n; i++)
        if (t[i].field == f)
            add_cut(r, t[i].op, t[i].cmp, false, t[i].k);
}

/* Mark in seen node x and what it reads (a condition of a decision);
 * stack: room for every node. */
static void mark_nodes(const remit_policy *p, uint32_t x, bool *seen, uint32_t *stack)
{
    uint32_t n = 0;
    if (x != PL_NONE && !seen[x]) {
        seen[x] = true;
        stack[n++] = x;
    }
    while (n) {
        uint32_t a, b;
        pl_operands(&p->nodes[stack[--n]], &a, &b);
        if (a != PL_NONE && !seen[a]) {
            seen[a] = true;
            stack[n++] = a;
        }
        if (b != PL_NONE && !seen[b]) {
            seen[b] = true;
            stack[n++] = b;
        }
    }
}

/* What evaluation reads of field f of matter mi, in r (r->simple false:
 * something else than cuts).  Read where eval.c reads fields: the
 * conditions of the matter's rules (`when`, `limit`) and of every
 * protocol (`active when`), `up to` (rules, links, paths), plain links'
 * tests, cumulative limits, totals, prior approvals, the last resort's
 * choices; the index of thresholds (pl_index.floor) and caps only leave
 * out what these would. */
static void reads_of(const remit_evaluator *e, uint32_t mi, uint32_t f, why_reads *r)
{
    const remit_policy *p = e->p;
    const pl_matter *m = &p->matters[mi];
    bool hist = e->ctx && e->ctx->has_history;
    ty_kind t = m->fields[f].type;
    r->n = 0;
    r->simple = t != TY_TEXT && t != TY_SET && t != TY_BOOL; /* (yes/no: one other value) */
    for (uint32_t i = 0; i < m->ntotals && r->simple; i++) {
        const pl_total *x = &p->totals[m->totals[i]];
        r->simple = x->per != f && !(hist && x->field == f);
    }
    for (uint32_t i = 0; i < m->npriors && r->simple; i++)
        r->simple = p->priors[m->priors[i]].per != f;
    bool *seen = r->simple ? rm_calloc(p->nnodes + 1, sizeof *seen) : NULL;
    uint32_t *stack = r->simple ? rm_calloc(p->nnodes + 1, sizeof *stack) : NULL;
    if (r->simple && (!seen || !stack)) {
        rm_free(seen);
        rm_free(stack);
        rm_unwind(&e->ls->arena);
    }
    for (uint32_t i = 0; i < p->nrules && r->simple; i++) {
        const pl_rule *x = &p->rules[i];
        if (x->matter != mi)
            continue;
        mark_nodes(p, x->when, seen, stack);
        mark_nodes(p, x->limit, seen, stack);
        if (x->per_field == f || (x->total_field == f && hist))
            r->simple = false;
        else if (x->total_field == f) /* a cumulative limit's total: the field alone */
            add_cut(r, N_CMP, x->total_op == OP_LT ? OP_GE : OP_GT, false, x->ceiling);
        if (x->upto >= 0 && m->money_field == f)
            add_cut(r, N_CMP, OP_GT, false, x->upto);
        r->simple &= (x->when == PL_NONE || !node_reads(p, m, x->when, f)) &&
                     (x->limit == PL_NONE || !node_reads(p, m, x->limit, f)); /* (a condition itself) */
    }
    for (uint32_t i = 0; i < p->nprotocols && r->simple; i++) {
        mark_nodes(p, p->protocols[i].active, seen, stack);
        r->simple = p->protocols[i].active == PL_NONE || !node_reads(p, m, p->protocols[i].active, f);
    }
    for (uint32_t i = 0; i < p->nnodes && r->simple; i++) {
        const pl_node *x = &p->nodes[i];
        uint32_t a, b;
        if (!seen[i])
            continue; /* (another matter's) */
        pl_operands(x, &a, &b);
        for (int side = 0; side < 2; side++) {
            uint32_t j = side ? b : a, other = side ? a : b;
            if (j == PL_NONE || !node_reads(p, m, j, f))
                continue;
            if (x->op == N_CMP && other != PL_NONE && p->nodes[other].op == N_CONST)
                add_cut(r, N_CMP, x->cmp, side, p->nodes[other].k);
            else if (x->op == N_IN || x->op == N_NOTIN)
                add_cut(r, N_IN, 0, false, x->k);
            else
                r->simple = false;
        }
    }
    rm_free(seen);
    rm_free(stack);
    for (uint32_t i = 0, nl = p->into_at[p->nholders]; i < nl && r->simple; i++) {
        const pl_link *l = &p->links[i];
        if (p->rules[l->rule].matter != mi)
            continue;
        if (l->money_field == f && l->upto >= 0)
            add_cut(r, N_CMP, OP_GT, false, l->upto);
        tests_cuts(r, l->tests, l->ntests, f);
        if (l->path != PL_NONE) {
            const pl_path *ph = (const pl_path *)(const void *)(p->path_pool + l->path);
            if (ph->money_field == f && ph->upto >= 0)
                add_cut(r, N_CMP, OP_GT, false, ph->upto);
            tests_cuts(r, ph->tests, ph->ntests, f);
        }
    }
    for (uint32_t i = 0; m->choice_field == f && i < m->nlast && r->simple; i++)
        add_cut(r, N_IN, 0, false, (int64_t)m->last[i].allow);
}

/* The signature of value v under the cuts of r. */
static why_sigbits sig_at(const why_reads *r, int64_t v)
{
    why_sigbits s = 0;
    for (uint32_t i = 0; i < r->n; i++) {
        const struct why_cut *c = &r->cut[i];
        bool holds = c->op == N_IN     ? pl_in(N_IN, v, c->k)
                     : c->flip ? pl_compare(c->cmp, c->k, v)
                               : pl_compare(c->cmp, v, c->k);
        s |= (uint64_t)holds << i;
    }
    return s;
}

/* What is read of field f of the decision d's matter (worked out once
 * for the evaluator): NULL when not simple. */
static const why_reads *field_reads(why_ctx *w, const ev_decision *d, uint32_t f)
{
    remit_evaluator *e = w->e;
    why_cache *c = why_cache_of(e);
    if (!c->reads && !(c->reads = rm_calloc(e->p->nmatters, sizeof *c->reads)))
        rm_unwind(&e->ls->arena);
    why_reads **mr = &c->reads[d->matter];
    if (!*mr && !(*mr = rm_calloc(e->p->matters[d->matter].nfields, sizeof **mr)))
        rm_unwind(&e->ls->arena);
    why_reads *r = &(*mr)[f];
    if (!r->made) {
        reads_of(e, d->matter, f, r);
        r->made = true;
    }
    return r->simple ? r : NULL;
}

/* Is the decision (root, typed as d) permitted with field f at v?  Each
 * value counts as a decision tried; one of a signature already found
 * not to permit (w->known) is not evaluated again.  A value said
 * permitted has always been evaluated (none is known to permit). */
static bool permitted_at(why_ctx *w, const yi_node *root, bool unsaid, const ev_decision *d, uint32_t f, int64_t v)
{
    why_known *k = w->known;
    why_sigbits s = 0;
    if (k) {
        s = sig_at(k->r, v);
        for (uint32_t i = 0; i < k->n; i++)
            if (k->sig[i] == s) {
                w->tries++; /* (the field's node was there: it was evaluated) */
                return false;
            }
    }
    int got = field_eval(w, root, unsaid, d, f, v);
    if (k && got == 0 && k->n < WHY_KNOWN)
        k->sig[k->n++] = s;
    return got > 0;
}

static int by_i64_desc(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x < y) - (x > y);
}

static int by_i64_asc(const void *a, const void *b) { return by_i64_desc(b, a); }

/* The values of an ordered field tried on side dir of was (-1 below,
 * +1 above): every figure the policy writes (every constant, and every
 * `up to`) and one unit either side of each, never below 0, and 0;
 * nearest first, each once.  How many, in cand (max). */
static uint32_t figures_made(const remit_policy *p, int64_t was, int dir, int64_t *cand, uint32_t max)
{
    uint32_t n = 0;
#define WHY_FIGURE(c)                                                                                  \
    do {                                                                                               \
        int64_t c_ = (c);                                                                              \
        if (n < max && c_ >= 0 && (dir < 0 ? c_ < was : c_ > was))                                     \
            cand[n++] = c_;                                                                            \
    } while (0)
    for (uint32_t i = 0; i < p->nnodes && n + 3 <= max; i++)
        if (p->nodes[i].op == N_CONST)
            for (int64_t d = -1; d <= 1; d++)
                if ((d < 0 && p->nodes[i].k > INT64_MIN) || (d > 0 && p->nodes[i].k < INT64_MAX) || !d)
                    WHY_FIGURE(p->nodes[i].k + d);
    for (uint32_t i = 0; i < p->nrules; i++)
        if (p->rules[i].upto >= 0)
            WHY_FIGURE(p->rules[i].upto);
    WHY_FIGURE(0);
#undef WHY_FIGURE
    qsort(cand, n, sizeof *cand, dir < 0 ? by_i64_desc : by_i64_asc);
    uint32_t u = 0;
    for (uint32_t i = 0; i < n; i++)
        if (!u || cand[i] != cand[u - 1])
            cand[u++] = cand[i];
    return u;
}

/* The same (max 256), from the policy's figures sorted once for the
 * evaluator: when there are so few that figures_made takes them all,
 * those on side dir of was, nearest first. */
enum { WHY_FIGS = 256 };
static uint32_t figures(remit_evaluator *e, int64_t was, int dir, int64_t *cand)
{
    const remit_policy *p = e->p;
    why_cache *c = why_cache_of(e);
    if (!c->figs_made) {
        uint64_t most = 1; /* what figures_made can find: 3 a constant, 1 an `up to`, and 0 */
        for (uint32_t i = 0; i < p->nnodes; i++)
            most += p->nodes[i].op == N_CONST ? 3 : 0;
        for (uint32_t i = 0; i < p->nrules; i++)
            most += p->rules[i].upto >= 0;
        c->figs_all = most + 3 <= WHY_FIGS; /* (so neither of its limits is met) */
        if (c->figs_all) {
            if (!(c->figs = rm_calloc(WHY_FIGS, sizeof *c->figs)))
                rm_unwind(&e->ls->arena);
            /* every figure at least 0: those above -1, ascending */
            c->nfigs = figures_made(p, -1, +1, c->figs, WHY_FIGS);
        }
        c->figs_made = true;
    }
    if (!c->figs_all)
        return figures_made(p, was, dir, cand, WHY_FIGS);
    uint32_t lo = 0, hi = c->nfigs; /* the first at least was */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (c->figs[mid] < was)
            lo = mid + 1;
        else
            hi = mid;
    }
    uint32_t n = 0;
    if (dir < 0)
        for (uint32_t i = lo; i-- > 0;)
            cand[n++] = c->figs[i];
    else
        for (uint32_t i = lo < c->nfigs && c->figs[lo] == was ? lo + 1 : lo; i < c->nfigs; i++)
            cand[n++] = c->figs[i];
    return n;
}

/* The value of ordered field f nearest the decision's own (was), on side
 * dir, at which the decision (root) is permitted, in *v: the policy's
 * figures tried nearest first; between the first that permits and the
 * nearest that does not, the gap halved to one unit (a penny, a day...).
 * So the value said is permitted and one unit nearer is not.  False when
 * none does. */
static bool bound_value(why_ctx *w, const yi_node *root, bool unsaid, const ev_decision *d, uint32_t f, int64_t was,
                        int dir, int64_t *v)
{
    int64_t cand[WHY_FIGS];
    uint32_t n = figures(w->e, was, dir, cand);
    int64_t edge = was; /* the nearest value known not to permit */
    for (uint32_t i = 0; i < n; i++) {
        if (!permitted_at(w, root, unsaid, d, f, cand[i])) {
            edge = cand[i];
            continue;
        }
        int64_t ok = cand[i]; /* permits; edge does not: the boundary is between */
        for (int k = 0; k < 64 && (ok > edge ? ok - edge : edge - ok) > 1; k++) {
            int64_t mid = ok + (edge - ok) / 2;
            if (permitted_at(w, root, unsaid, d, f, mid))
                ok = mid;
            else
                edge = mid;
        }
        *v = ok;
        w->tries++; /* (counted as evaluated again, as it once was) */
        return true; /* the value said was evaluated so: a value known to permit always is */
    }
    return false;
}

/* The values of score, choice or yes/no field f tried, nearest the
 * decision's own (was) first: a score one either side (below, then
 * above), then two...; each other choice in the order written; the other
 * of yes and no.  How many, in cand (64). */
static uint32_t other_values(const pl_field *pf, int64_t was, int64_t *cand)
{
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
    return n;
}

/* The change of field f of the decision (root, typed as d) nearest its
 * value that permits it, in x: for a field with an order, the boundary
 * below the decision's value, or else above it; for a score, a choice or
 * yes/no, the nearest other value.  False when none does, and for a
 * text or a set. */
static bool find_field(why_ctx *w, const yi_node *root, bool unsaid, const ev_decision *d, uint32_t f,
                       why_part *x)
{
    const pl_field *pf = &w->e->p->matters[d->matter].fields[f];
    int64_t was = d->fields[f], v = 0;
    bool got = false;
    why_known known = {field_reads(w, d, f), 0, {0}};
    w->known = known.r ? &known : NULL;
    if (known.r && d == w->refused) /* its own value does not permit it */
        known.sig[known.n++] = sig_at(known.r, was);
    if (ordered(pf->type))
        got = bound_value(w, root, unsaid, d, f, was, -1, &v) || bound_value(w, root, unsaid, d, f, was, +1, &v);
    else {
        int64_t cand[64];
        uint32_t n = other_values(pf, was, cand);
        for (uint32_t i = 0; i < n && !got; i++)
            if ((got = permitted_at(w, root, unsaid, d, f, cand[i])))
                v = cand[i];
    }
    w->known = NULL;
    if (got)
        x->x = (xp_change){.kind = XP_FIELD, .field = f, .value = v, .was = was};
    return got;
}

/* The signatures the decision (root) lacks, added as `remit who` adds
 * them (7.16), in x. */
static bool find_signers(why_ctx *w, const yi_node *root, bool unsaid, why_part *x)
{
    uint32_t nadded = 0;
    bool kept = true; /* every try's diagnostics are taken back */
    char *why = NULL;
    w->tries++;
    if (try_holder(w->e, root, PL_NONE, unsaid, false, w->o, x->added, &nadded, &kept, &why) <= 0 || !nadded)
        return false;
    x->x = (xp_change){.kind = XP_CO_SIGN, .nadded = nadded};
    return true;
}

/* The members a meeting could have present that it does not (7.17):
 * those its attendance lists absent, in the order listed, then the seats
 * no entry fills, in the order of the body's members line. */
typedef struct why_seats {
    uint32_t n, nabsent;       /* [0, nabsent): listed absent; the rest, empty seats */
    uint32_t role[EV_MAX_SIGNERS];
    uint32_t item[EV_MAX_SIGNERS]; /* listed absent: the entry's place in the list */
} why_seats;

static void seats_of(why_ctx *w, const ev_decision *d, why_seats *s)
{
    remit_evaluator *e = w->e;
    s->n = s->nabsent = 0;
    for (uint32_t i = 0; i < d->natt && s->n < EV_MAX_SIGNERS; i++)
        if (!d->att[i].present) {
            s->role[s->n] = d->att[i].holder;
            s->item[s->n++] = d->att[i].item;
        }
    s->nabsent = s->n;
    s->n += in_empty_seats(e->ctx ? &e->ctx->base : &e->ownbase, e->ls, d, s->role + s->n, EV_MAX_SIGNERS - s->n);
    for (uint32_t j = s->nabsent; j < s->n; j++)
        s->item[j] = UINT32_MAX; /* a seat: no entry of the attendance */
}

/* The decision (root) with the members s[j] for pick[j] present: entries
 * listed absent said present, empty seats filled by entries `{ role:
 * ROLE, present: true }` after the others. */
static const yi_node *present_as(remit_evaluator *e, const yi_node *root, const why_seats *s, const bool *pick)
{
    rm_arena *a = &e->ls->arena;
    const yi_node *att = map_get(root, "attendance");
    if (!att || att->kind != YI_SEQ)
        return NULL;
    yi_node *seq = ar_alloc(a, sizeof *seq);
    *seq = *att;
    seq->items = ar_alloc(a, (att->n + s->n + 1) * sizeof *seq->items);
    for (uint32_t i = 0; i < att->n; i++)
        seq->items[i] = att->items[i];
    for (uint32_t j = 0; j < s->n; j++) {
        if (!pick[j])
            continue;
        if (j < s->nabsent) {
            const yi_node *x = att->items[s->item[j]], *pr = map_get(x, "present");
            seq->items[s->item[j]] = map_set(a, x, "present", scalar_node(a, pr ? pr->loc : x->loc, "true", false));
            continue;
        }
        yi_node *m = ar_alloc(a, sizeof *m);
        *m = (yi_node){.kind = YI_MAP, .loc = att->loc};
        m = map_set(a, m, "role", scalar_node(a, att->loc, e->p->holders[s->role[j]].name, true));
        seq->items[seq->n++] = map_set(a, m, "present", scalar_node(a, att->loc, "true", false));
    }
    return map_set(a, root, "attendance", seq);
}

/* The members who could be present (s) that would make the decision
 * (root, typed as d) permitted by being present: the first k of them
 * for the least k that does, then each left out again that is not
 * needed; the set said is evaluated so.  Its parts in x (XP_PRESENT,
 * then XP_SEATS; those with members): how many, 0 when none does. */
static uint32_t find_present(why_ctx *w, const yi_node *root, bool unsaid, const ev_decision *d, why_part *x)
{
    if (unsaid || !d->meeting)
        return 0;
    why_seats s;
    seats_of(w, d, &s);
    bool pick[EV_MAX_SIGNERS] = {false};
    uint32_t k = 0;
    for (; k < s.n; k++) {
        pick[k] = true;
        const yi_node *as = present_as(w->e, root, &s, pick);
        if (!as)
            return 0;
        if (why_try(w, as, false))
            break;
    }
    if (k == s.n)
        return 0; /* every one present, and still not */
    for (uint32_t j = 0; j < k; j++) { /* (the k-th is needed: those before were not enough) */
        pick[j] = false;
        pick[j] = !why_try(w, present_as(w->e, root, &s, pick), false);
    }
    if (!why_try(w, present_as(w->e, root, &s, pick), false))
        return 0;
    uint32_t np = 0;
    for (int seats = 0; seats < 2; seats++) {
        why_part *y = &x[np];
        y->x = (xp_change){.kind = seats ? XP_SEATS : XP_PRESENT};
        for (uint32_t j = seats ? s.nabsent : 0; j < (seats ? s.n : s.nabsent); j++)
            if (pick[j]) {
                y->added[y->x.nadded] = s.role[j];
                y->item[y->x.nadded++] = s.item[j];
            }
        np += y->x.nadded > 0;
    }
    return np;
}

/* The decision (root) with the entry item of its attendance presiding,
 * and no other. */
static const yi_node *presiding_as(remit_evaluator *e, const yi_node *root, uint32_t item)
{
    rm_arena *a = &e->ls->arena;
    const yi_node *att = map_get(root, "attendance");
    if (!att || att->kind != YI_SEQ || item >= att->n)
        return NULL;
    yi_node *seq = ar_alloc(a, sizeof *seq);
    *seq = *att;
    seq->items = ar_alloc(a, (att->n + 1) * sizeof *seq->items);
    for (uint32_t i = 0; i < att->n; i++) {
        const yi_node *x = att->items[i];
        seq->items[i] = i == item ? map_set(a, x, "presiding", scalar_node(a, x->loc, "true", false))
                        : map_get(x, "presiding") ? map_set(a, x, "presiding", NULL)
                                                  : (yi_node *)x;
    }
    return map_set(a, root, "attendance", seq);
}

/* Another member present in the chair, for a decision (root, typed as
 * d) whose attendance says who presides: the first, in the order listed,
 * with whom it is permitted, in x. */
static bool find_presiding(why_ctx *w, const yi_node *root, bool unsaid, const ev_decision *d, why_part *x)
{
    bool said = false;
    for (uint32_t i = 0; i < d->natt; i++)
        said |= d->att[i].presiding;
    if (unsaid || !d->meeting || !said)
        return false;
    for (uint32_t i = 0; i < d->natt; i++) {
        const ev_attendee *a = &d->att[i];
        if (!a->present || a->presiding || !why_try(w, presiding_as(w->e, root, a->item), false))
            continue;
        x->x = (xp_change){.kind = XP_PRESIDING, .holder = a->holder, .person = a->person_name, .nadded = 1};
        x->added[0] = a->holder;
        x->item[0] = a->item;
        return true;
    }
    return false;
}

/* The lowest holders other than the decision's decider that can take it
 * (7.16: the longest chain of authority first, then the policy's order),
 * each with the co-signatories it would need, in x (WHY_DECIDERS): how
 * many. */
static uint32_t find_deciders(why_ctx *w, const yi_node *root, const ev_decision *d, why_part *x)
{
    remit_evaluator *e = w->e;
    const remit_policy *p = e->p;
    struct cand { uint32_t h, chain, nadded, added[EV_MAX_SIGNERS]; bool meeting; } best[WHY_DECIDERS];
    uint32_t nbest = 0;
    for (uint32_t h = 0; h < p->nholders; h++) {
        if (h == d->decider)
            continue;
        uint32_t added[EV_MAX_SIGNERS], nadded = 0;
        bool kept = true;
        char *why = NULL;
        w->tries++;
        if (!may_decide(p, &p->matters[d->matter], h))
            continue; /* weighed, it could only be 0 or -1: not listed */
        int got = weigh_holder(e, root, h, false, w->o, added, &nadded, &kept, &why);
        /* a body, at a meeting the decision does not give (7.16) */
        bool meeting = got == WEIGH_COULD && pl_is_body(p, h);
        if (got != 1 && !meeting)
            continue;
        struct cand c = {h, w->o->r.nchain, nadded, {0}, meeting};
        memcpy(c.added, added, nadded * sizeof *added);
        uint32_t k = nbest < WHY_DECIDERS ? nbest++ : WHY_DECIDERS; /* insert in order: longest chain first */
        while (k > 0 && best[k - 1].chain < c.chain) {
            if (k < WHY_DECIDERS)
                best[k] = best[k - 1];
            k--;
        }
        if (k < WHY_DECIDERS)
            best[k] = c;
    }
    for (uint32_t i = 0; i < nbest; i++) {
        x[i].x = (xp_change){.kind = best[i].meeting ? XP_MEETING : XP_DECIDER, .holder = best[i].h,
                             .nadded = best[i].nadded};
        memcpy(x[i].added, best[i].added, best[i].nadded * sizeof *best[i].added);
    }
    return nbest;
}

/* The decision (root) with part x made (unsaid set for a body's decision
 * at a meeting the decision would give, 7.16). */
static const yi_node *with_part(remit_evaluator *e, const yi_node *root, const why_part *x, bool *unsaid)
{
    rm_arena *a = &e->ls->arena;
    switch (x->x.kind) {
    case XP_CO_SIGN: return decided_by(a, e->p, root, PL_NONE, x->added, x->x.nadded, false);
    case XP_DECIDER: return decided_by(a, e->p, root, x->x.holder, x->added, x->x.nadded, false);
    case XP_MEETING:
        *unsaid = true;
        return decided_by(a, e->p, root, x->x.holder, x->added, x->x.nadded, true);
    case XP_FIELD: return with_field(e, root, x->x.field, x->x.value);
    case XP_PRESIDING: return presiding_as(e, root, x->item[0]);
    case XP_PRESENT:
    case XP_SEATS: {
        why_seats s = {.n = x->x.nadded, .nabsent = x->x.kind == XP_PRESENT ? x->x.nadded : 0};
        bool pick[EV_MAX_SIGNERS];
        for (uint32_t j = 0; j < s.n; j++) {
            s.role[j] = x->added[j];
            s.item[j] = x->item[j];
            pick[j] = true;
        }
        return present_as(e, root, &s, pick);
    }
    }
    return NULL;
}

/* What a change can be made to (7.17). */
enum {
    DIM_SIGN = 1u,
    DIM_FIELD = 2u,     /* each field but one (skip) */
    DIM_PRESENT = 4u,
    DIM_PRESIDING = 8u,
    DIM_DECIDER = 16u,
    DIM_ALL = 31u
};

/* The single changes of dims that would make the decision (root, typed
 * as d) permitted, in out (at most max): the signatures it lacks, the
 * nearest value of each field (but skip), members present, another in
 * the chair, the lowest other deciders.  How many. */
static uint32_t singles(why_ctx *w, const yi_node *root, bool unsaid, const ev_decision *d, unsigned dims,
                        uint32_t skip, why_found *out, uint32_t max)
{
    uint32_t n = 0;
    if ((dims & DIM_SIGN) && n < max && find_signers(w, root, unsaid, &out[n].part[0]))
        out[n++].n = 1;
    const pl_matter *m = &w->e->p->matters[d->matter];
    for (uint32_t f = 0; (dims & DIM_FIELD) && f < m->nfields && n < max; f++)
        if (f != skip && find_field(w, root, unsaid, d, f, &out[n].part[0]))
            out[n++].n = 1;
    if ((dims & DIM_PRESENT) && n < max && (out[n].n = find_present(w, root, unsaid, d, out[n].part)))
        n++;
    if ((dims & DIM_PRESIDING) && n < max && find_presiding(w, root, unsaid, d, &out[n].part[0]))
        out[n++].n = 1;
    if ((dims & DIM_DECIDER) && !unsaid) {
        why_part x[WHY_DECIDERS];
        uint32_t k = find_deciders(w, root, d, x);
        for (uint32_t i = 0; i < k && n < max; i++) {
            out[n].n = 1;
            out[n++].part[0] = x[i];
        }
    }
    return n;
}

/* What tells one result from another for the search of two changes at
 * once: the outcome, where it goes, and its reasons (not their amounts). */
typedef struct why_sig {
    ev_outcome outcome;
    uint32_t target, n;
    uint32_t kind[4], rule[4], rule2[4], holder[4];
} why_sig;

static why_sig sig_of(const ev_result *r)
{
    why_sig s;
    memset(&s, 0, sizeof s);
    s.outcome = r->outcome;
    s.target = r->outcome == EV_ESCALATE ? r->target : 0;
    s.n = r->nreasons;
    for (uint32_t i = 0; i < r->nreasons && i < 4; i++) {
        s.kind[i] = r->reasons[i].kind;
        s.rule[i] = r->reasons[i].rule;
        s.rule2[i] = r->reasons[i].rule2;
        s.holder[i] = r->reasons[i].holder;
    }
    return s;
}

/* One step of two changes at once: a change that does not permit the
 * decision but changes why it is not (s made in step), as dimension dim
 * (field f).  Each single change that then permits it is paired with
 * the nearest change of dim that permits the decision with it, found
 * again with it made (and so evaluated together). */
static void step_pairs(why_ctx *w, const yi_node *root, const yi_node *step, unsigned dim, uint32_t f)
{
    remit_evaluator *e = w->e;
    ev_decision ds, dc;
    if (!typed_as(w, step, false, &ds))
        return;
    why_found one[WHY_MAX];
    const ev_decision *refused = w->refused;
    w->refused = &ds; /* (changes_why evaluated it so) */
    uint32_t n = singles(w, step, false, &ds, DIM_ALL & ~(dim == DIM_FIELD ? 0u : dim), dim == DIM_FIELD ? f : PL_NONE,
                         one, WHY_MAX);
    w->refused = refused;
    for (uint32_t i = 0; i < n && w->tries < WHY_TRIES && e->o.nchanges < WHY_PAIRS; i++) {
        bool unsaid = false;
        const yi_node *with = root;
        for (uint32_t k = 0; k < one[i].n && with; k++)
            with = with_part(e, with, &one[i].part[k], &unsaid);
        if (!with || !typed_as(w, with, unsaid, &dc))
            continue;
        why_found pair = {0};
        if (dim == DIM_FIELD)
            pair.n = find_field(w, with, unsaid, &dc, f, &pair.part[0]);
        else if (dim == DIM_PRESENT)
            pair.n = find_present(w, with, unsaid, &dc, pair.part);
        else
            pair.n = find_presiding(w, with, unsaid, &dc, &pair.part[0]);
        if (!pair.n || pair.n + one[i].n > XP_PARTS)
            continue;
        for (uint32_t k = 0; k < one[i].n; k++)
            pair.part[pair.n++] = one[i].part[k];
        keep_change(e, &pair);
    }
}

/* Does the decision as changed (as) evaluate, not permitted, for other
 * reasons than s0's? */
static bool changes_why(why_ctx *w, const yi_node *as, const why_sig *s0)
{
    if (!as || why_eval(w, as, false) != 0)
        return false;
    why_sig s1 = sig_of(&w->o->r);
    return memcmp(s0, &s1, sizeof s1) != 0;
}

/* The same of the decision (root, typed as d) with field f at v
 * (field_eval: with_field's decision, without its tree). */
static bool field_changes_why(why_ctx *w, const yi_node *root, const ev_decision *d, uint32_t f, int64_t v,
                              const why_sig *s0)
{
    if (field_eval(w, root, false, d, f, v) != 0)
        return false;
    why_sig s1 = sig_of(&w->o->r);
    return memcmp(s0, &s1, sizeof s1) != 0;
}

/* Two changes at once (7.17), for a decision (root, typed as d, its
 * result r) that no single change permits: each first step that changes
 * why it is not permitted — every member who could be present present;
 * another member in the chair; for each field, the nearest values that
 * change it (at most 4 a field) — then a single change with it.  At most
 * WHY_TRIES decisions evaluated, and WHY_PAIRS changes kept. */
static void two_at_once(why_ctx *w, const yi_node *root, const ev_decision *d, const ev_result *r)
{
    remit_evaluator *e = w->e;
    why_sig s0 = sig_of(r);
    if (d->meeting) {
        why_seats s;
        seats_of(w, d, &s);
        bool pick[EV_MAX_SIGNERS];
        for (uint32_t j = 0; j < s.n; j++)
            pick[j] = true;
        const yi_node *as = s.n ? present_as(e, root, &s, pick) : NULL;
        if (changes_why(w, as, &s0))
            step_pairs(w, root, as, DIM_PRESENT, PL_NONE);
        bool said = false;
        for (uint32_t i = 0; i < d->natt; i++)
            said |= d->att[i].presiding;
        for (uint32_t i = 0; said && i < d->natt && w->tries < WHY_TRIES; i++) {
            const ev_attendee *a = &d->att[i];
            if (a->present && !a->presiding && changes_why(w, as = presiding_as(e, root, a->item), &s0))
                step_pairs(w, root, as, DIM_PRESIDING, PL_NONE);
        }
    }
    const pl_matter *m = &e->p->matters[d->matter];
    for (uint32_t f = 0; f < m->nfields && w->tries < WHY_TRIES && e->o.nchanges < WHY_PAIRS; f++) {
        const pl_field *pf = &m->fields[f];
        int64_t cand[2 * WHY_FIGS];
        uint32_t n;
        if (ordered(pf->type)) {
            n = figures(e, d->fields[f], -1, cand);
            n += figures(e, d->fields[f], +1, cand + n);
        } else
            n = other_values(pf, d->fields[f], cand);
        why_sig seen[4];
        uint32_t nseen = 0;
        for (uint32_t i = 0; i < n && nseen < 4 && w->tries < WHY_TRIES; i++) {
            if (!field_changes_why(w, root, d, f, cand[i], &s0))
                continue;
            why_sig s1 = sig_of(&w->o->r);
            bool again = false;
            for (uint32_t k = 0; k < nseen && !again; k++)
                again = !memcmp(&seen[k], &s1, sizeof s1);
            if (again)
                continue;
            seen[nseen++] = s1;
            step_pairs(w, root, with_field(e, root, f, cand[i]), DIM_FIELD, f);
        }
    }
}

/* Why no change was found (7.17), in words, for the decision of e (d,
 * its result r), after w's search: what the first of its reasons (then
 * of those below, 7.11) that says one gives, else what was tried. */
static const char *why_none(why_ctx *w, const ev_decision *d, const ev_result *r)
{
    static const struct {
        ev_why_kind kind;
        const char *cause;
    } causes[] = {
        {WHY_NO_AUTHORITY, "the policy gives no one authority for it, as written or as changed"},
        {WHY_CONTRADICTION, "two rules of the policy disagree about it and neither takes precedence: a gap in "
                            "the policy, which only a change to the policy can fill"},
        {WHY_QUORUM_LOST, "the members whose interests set them aside cannot take part, and without them the "
                          "meeting is not quorate, whoever else is present"},
        {WHY_CONFLICTED, "the decider has an interest that sets them aside, which no change to the decision "
                         "removes"},
        {WHY_REFUSE_RULE, "the policy refuses it, and no change avoids the refusal without meeting another"},
    };
    const char *cause = NULL;
    for (uint32_t i = 0; i < r->nreasons + r->nalso && !cause; i++)
        for (size_t k = 0; k < sizeof causes / sizeof *causes && !cause; k++)
            if ((i < r->nreasons ? r->reasons[i] : r->also[i - r->nreasons]).kind == causes[k].kind)
                cause = causes[k].cause;
    if (!cause && d->nco_all + 1 >= EV_MAX_SIGNERS && r->nreasons && r->reasons[0].kind == WHY_SIGNATURES)
        cause = "it names more co-signatories than Remit considers (the decider and the first 31 that count, "
                "SPEC 7.14), so a signature it needs must be among the first 31 named";
    const char *tried = "more signatures, another value of each field, another decider, members present and "
                        "another member in the chair, each alone and two at once";
    rm_arena *a = &w->e->ls->arena;
    char *s = cause ? ar_printf(a, "%s (Remit tried %s", cause, tried)
                    : ar_printf(a, "none of the changes Remit tries would do (%s", tried);
    return w->tries >= WHY_TRIES ? ar_printf(a, "%s; it stopped after %u decisions)", s, w->tries)
                                 : ar_printf(a, "%s)", s);
}

/* The changes that would make e's outcome (not permitted) permitted,
 * each evaluated (7.17): the single changes, and when there are none,
 * two at once; when there are none, why. */
static void why_not(remit_evaluator *e, const yi_node *root)
{
    if (!root || root->kind != YI_MAP)
        return;
    why_ctx w = {e, pooled(e, 0), 0, NULL, NULL, NULL, PL_NONE, NULL, &e->o.d};
    why_found one[WHY_MAX];
    uint32_t n = singles(&w, root, false, &e->o.d, DIM_ALL, PL_NONE, one, WHY_MAX);
    for (uint32_t i = 0; i < n; i++)
        keep_change(e, &one[i]);
    if (!e->o.nchanges)
        two_at_once(&w, root, &e->o.d, &e->o.r);
    if (!e->o.nchanges)
        e->o.none = why_none(&w, &e->o.d, &e->o.r);
    outcome_clear(w.o); /* the scratch answers nothing */
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
