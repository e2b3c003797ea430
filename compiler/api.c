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

struct remit_outcome {
    remit_evaluator *e;        /* the evaluator it belongs to */
};

struct remit_evaluator {
    const remit_policy *p;
    const remit_context *ctx;  /* NULL: no register, no history */
    remit_session *own;        /* without ctx: the base context's texts */
    in_ctx ownbase;
    remit_session *ls;         /* one decision: its input and diagnostics */
    ev_decision d;
    ev_result r;
    remit_outcome o;
    bool valid;                /* o holds the last evaluation's answer */
    /* what the accessors and renderers give, made when first asked */
    char *text, *json;
    size_t text_len, json_len;
    /* as long as the JSON's (explain.c builds its sentences in 1,024 bytes) */
    char reason[EV_MAX_REASONS][1024];
    bool reason_done[EV_MAX_REASONS];
    char due[EV_MAX_OBLIGATIONS][1024];
    char day[EV_MAX_OBLIGATIONS][16];
    pl_src due_src[EV_MAX_OBLIGATIONS];
    bool due_done[EV_MAX_OBLIGATIONS];
    char finding[EV_MAX_REASONS][1024];
    char fday[EV_MAX_REASONS][16];
    pl_src finding_src[EV_MAX_REASONS];
    bool finding_done[EV_MAX_REASONS];
};

void remit_evaluator_free(remit_evaluator *e)
{
    if (!e)
        return;
    remit_session_free(e->own);
    remit_session_free(e->ls);
    rm_free(e->text);
    rm_free(e->json);
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
} evaluate_call;

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
    else if (!root || !in_decision(&ic, root, &e->d))
        c->st = REMIT_E_INPUT;
    else
        ev_evaluate(e->p, &e->d, e->ctx && e->ctx->has_history ? &e->ctx->h : NULL, &e->r);
}

remit_status remit_evaluate_input(remit_evaluator *e, const remit_input *decision, const remit_outcome **out)
{
    if (out)
        *out = NULL;
    if (!e || !out || !input_ok(decision))
        return REMIT_E_ARGUMENT;
    e->valid = false; /* the last outcome's memory goes with this evaluation */
    rm_free(e->text);
    rm_free(e->json);
    e->text = e->json = NULL;
    memset(e->reason_done, 0, sizeof e->reason_done);
    memset(e->due_done, 0, sizeof e->due_done);
    memset(e->finding_done, 0, sizeof e->finding_done);
    remit_session *ls = e->ls;
    rm_session_reset(ls);
    evaluate_call c = {e, decision, REMIT_OK};
    if (!rm_protect(ls, evaluate_in, &c)) {
        rm_session_reset(ls);
        dg_nomem(ls, "out of memory while reading the decision");
        c.st = REMIT_E_NOMEM;
    }
    if (c.st == REMIT_OK) {
        e->valid = true;
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
    e->valid = false; /* the last outcome's memory goes with this batch */
    const in_ctx *base = e->ctx ? &e->ctx->base : &e->ownbase;
    const ev_history *h = e->ctx && e->ctx->has_history ? &e->ctx->h : NULL;
    return rm_batch(e->p, e->ls, base, h, in, out, bad);
}

/* ------------------------------------------------------------ outcome */

/* An outcome still valid: NULL, or one whose evaluator has evaluated
 * again and failed, reads as empty (no strings, no entries) rather than
 * as whatever memory is left. */
#define LIVE(o) ((o) && (o)->e->valid)

remit_outcome_kind remit_outcome_kind_of(const remit_outcome *o)
{
    return LIVE(o) ? (remit_outcome_kind)o->e->r.outcome : REMIT_UNDETERMINED;
}

const char *remit_outcome_word(const remit_outcome *o)
{
    return LIVE(o) ? xp_outcome_word(o->e->r.outcome) : NULL;
}

const char *remit_outcome_matter(const remit_outcome *o)
{
    return LIVE(o) ? o->e->p->matters[o->e->d.matter].name : NULL;
}

static const char *holder_name(const remit_policy *p, uint32_t h)
{
    return h < p->nholders ? p->holders[h].name : NULL;
}

const char *remit_outcome_decider(const remit_outcome *o)
{
    return LIVE(o) ? holder_name(o->e->p, o->e->d.decider) : NULL;
}

const char *remit_outcome_decider_person(const remit_outcome *o)
{
    return LIVE(o) ? o->e->d.decider_name : NULL;
}

const char *remit_outcome_escalate_to(const remit_outcome *o)
{
    return LIVE(o) && o->e->r.outcome == EV_ESCALATE ? holder_name(o->e->p, o->e->r.target) : NULL;
}

const char *remit_outcome_accountable(const remit_outcome *o)
{
    return LIVE(o) && o->e->r.outcome == EV_PERMITTED ? holder_name(o->e->p, o->e->r.accountable) : NULL;
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
    return LIVE(o) && o->e->r.outcome == EV_PERMITTED ? o->e->r.nchain + 1 : 0;
}

int remit_outcome_chain_at(const remit_outcome *o, size_t i, remit_link *out)
{
    if (!LIVE(o))
        return 0;
    const remit_policy *p = o->e->p;
    const ev_result *r = &o->e->r;
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

size_t remit_outcome_reason_count(const remit_outcome *o) { return LIVE(o) ? o->e->r.nreasons : 0; }

int remit_outcome_reason_at(const remit_outcome *o, size_t i, remit_reason *out)
{
    if (!LIVE(o))
        return 0;
    remit_evaluator *e = o->e;
    if (!out || i >= e->r.nreasons)
        return 0;
    const ev_reason *x = &e->r.reasons[i];
    if (!e->reason_done[i]) {
        xp_reason_text(e->p, &e->d, x, e->reason[i], sizeof e->reason[i]);
        e->reason_done[i] = true;
    }
    out->kind = xp_why_word(x->kind);
    out->message = e->reason[i];
    const pl_category *cat = xp_reason_category(e->p, &e->d, x);
    if (cat)
        out->rule = src_ref(cat->src, cat->text);
    else
        out->rule = rule_ref(e->p, x->rule);
    out->other_rule = rule_ref(e->p, x->rule2);
    return 1;
}

size_t remit_outcome_obligation_count(const remit_outcome *o) { return LIVE(o) ? o->e->r.ndue : 0; }

int remit_outcome_obligation_at(const remit_outcome *o, size_t i, remit_obligation *out)
{
    if (!LIVE(o))
        return 0;
    remit_evaluator *e = o->e;
    if (!out || i >= e->r.ndue)
        return 0;
    const ev_due *u = &e->r.dues[i];
    if (!e->due_done[i]) {
        xp_due_text(e->p, &e->d, u, e->due[i], sizeof e->due[i], &e->due_src[i]);
        e->day[i][0] = '\0';
        if (u->due != INT64_MIN)
            lit_format_date(u->due, e->day[i], sizeof e->day[i]);
        e->due_done[i] = true;
    }
    out->text = e->due[i];
    out->due = e->day[i][0] ? e->day[i] : NULL;
    out->rule = src_ref(e->due_src[i], NULL);
    return 1;
}

size_t remit_outcome_obligations_dropped(const remit_outcome *o) { return LIVE(o) ? o->e->r.dropped : 0; }

size_t remit_outcome_finding_count(const remit_outcome *o) { return LIVE(o) ? o->e->r.nfind : 0; }

size_t remit_outcome_more_findings(const remit_outcome *o) { return LIVE(o) ? o->e->r.more_findings : 0; }

int remit_outcome_finding_at(const remit_outcome *o, size_t i, remit_finding *out)
{
    if (!LIVE(o))
        return 0;
    remit_evaluator *e = o->e;
    if (!out || i >= e->r.nfind)
        return 0;
    const struct ev_finding *f = &e->r.find[i];
    if (!e->finding_done[i]) {
        xp_finding_text(e->p, &e->d, f, e->finding[i], sizeof e->finding[i], &e->finding_src[i]);
        lit_format_date(f->due, e->fday[i], sizeof e->fday[i]);
        e->finding_done[i] = true;
    }
    out->kind = xp_finding_word(f->kind);
    out->message = e->finding[i];
    out->due = e->fday[i];
    out->rule = src_ref(e->finding_src[i], NULL);
    return 1;
}

/* The outcome written by how into memory owned by the evaluator. */
static const char *render(const remit_outcome *o, bool json, size_t *len)
{
    if (!LIVE(o))
        return NULL;
    remit_evaluator *e = o->e;
    char **slot = json ? &e->json : &e->text;
    size_t *slen = json ? &e->json_len : &e->text_len;
    if (!*slot) {
        char *buf = NULL;
        size_t n = 0;
        FILE *mem = open_memstream(&buf, &n);
        if (!mem)
            return NULL;
        if (json)
            xp_json(mem, e->p, &e->d, &e->r);
        else
            xp_text(mem, e->p, &e->d, &e->r);
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

const char *remit_outcome_text(const remit_outcome *o, size_t *len) { return render(o, false, len); }
const char *remit_outcome_json(const remit_outcome *o, size_t *len) { return render(o, true, len); }

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
