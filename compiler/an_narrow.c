/*
 * an_narrow.c - narrowing (SPEC.md 8.2.1, R0801-R0805): authority flows
 * down chains of delegation from a body that reports to no one, and each
 * link passes on no more than its delegator holds.  For each matter:
 *
 *   R0801  a delegation passes on decisions its delegator does not hold
 *   R0802  a delegation from a holder that may not delegate further
 *   R0803  a delegation covers decisions a reservation keeps for another
 *   R0804  delegations that go round in a circle
 *   R0805  a delegation from a holder that no chain of authority reaches
 *
 * "Holds" here is the evaluator's chain of authority (SPEC 7.4) on the
 * decision's fields alone: each link's `when`, `up to` and `limit`.  Who
 * signs, `as joint` and `precedence` are about who takes a decision, not
 * how far authority reaches, and are left out; `may subdelegate` is
 * R0802's.  `as advise` delegations carry no authority: they are never a
 * link, and are not checked.  A finding about decisions is confirmed by
 * evaluating its example with the delegate deciding: `remit eval` must
 * not permit it.
 *
 * Delegations of a matter are kept as lists per holder (into it, out of
 * it), built and cleared per matter, so the work grows with the rules of
 * each matter, not with the holders of the policy.
 */
#include <stdio.h>
#include <string.h>

#include "analyse.h"

#define NW_MAX_RULES 64u    /* rules a search's values come from (the
                               delegation and those above it) */

typedef struct nw {
    an_ctx *c;
    const remit_policy *p;
    const pl_matter *m;
    uint32_t *in_head, *out_head;   /* per holder: first delegation into / out of it */
    uint32_t *in_next, *out_next;   /* per rule: the next one */
    uint32_t *stamp;                /* per holder: visits (stamp == tick) */
    uint32_t tick;
    uint32_t *reach;                /* per holder: == matter + 1 when a chain reaches it */
    uint32_t *told;                 /* per holder: == matter + 1 when R0805 is given */
    uint32_t nres, *res;            /* the matter's reservations */
    uint32_t *path, *next, *via;    /* the walk for circles */
    uint32_t *queue;                /* the walk up for holds() */
    const char *root_name;          /* a body that reports to no one, for hints */
    rm_arena matter_arena;          /* what one matter needs, freed after it */
    rm_arena search_arena;          /* what one delegation's searches need */
    an_ctx sc;                      /* c, allocating in search_arena */
} nw;

static const char *matter_title(const pl_matter *m)
{
    return m->title && *m->title ? m->title : m->name;
}

static const char *title_of(const remit_policy *p, uint32_t h)
{
    const pl_holder *x = &p->holders[h];
    return x->title && *x->title ? x->title : x->name;
}

/* "line 12", or "file.remit:12" when the rule is in another file than r. */
static const char *where(nw *w, const pl_rule *u, const pl_rule *r)
{
    if (u->src.file == r->src.file || (u->src.file && r->src.file && !strcmp(u->src.file, r->src.file)))
        return ar_printf(w->c->a, "line %u", u->src.line);
    return ar_printf(w->c->a, "%s:%u", u->src.file, u->src.line);
}

/* A link of a chain: a delegation that carries authority. */
static bool is_link(const pl_rule *r)
{
    return r->kind == R_DELEGATE && r->from != PL_NONE && r->spectrum != SP_ADVISE;
}

/* The delegation's `when`, `up to` and `limit` hold. */
static bool carries(const remit_policy *p, const pl_rule *r, const ev_decision *d)
{
    if (r->upto >= 0) {
        uint32_t mf = p->matters[r->matter].money_field;
        if (mf == PL_NONE || d->fields[mf] > r->upto)
            return false;
    }
    return ev_cond(p, r->when, d) && ev_cond(p, r->limit, d);
}

/* ------------------------------------------------------------- holding */

/* Is there a chain to `who` from a body that reports to no one, of at most
 * PL_MAX_CHAIN links, each one that link(w, u, arg) accepts?  Breadth first
 * up the links, level by level, each holder once: the shortest such chain
 * has no holder twice, so this is the evaluator's question (7.4), answered
 * in time linear in the links above. */
static bool chained(nw *w, uint32_t who, bool (*link)(nw *, const pl_rule *, const void *),
                    const void *arg)
{
    const remit_policy *p = w->p;
    uint32_t head = 0, tail = 0, tick = ++w->tick;
    w->queue[tail++] = who;
    w->stamp[who] = tick;
    for (uint32_t level = 0; level <= PL_MAX_CHAIN && head < tail; level++) {
        uint32_t end = tail;
        for (; head < end; head++) {
            uint32_t h = w->queue[head];
            if (pl_is_root(p, h))
                return true;
            if (level == PL_MAX_CHAIN)
                continue;
            for (uint32_t i = w->in_head[h]; i != PL_NONE; i = w->in_next[i]) {
                const pl_rule *u = &p->rules[i];
                if (w->stamp[u->from] == tick || !link(w, u, arg))
                    continue;
                w->stamp[u->from] = tick;
                w->queue[tail++] = u->from;
            }
        }
    }
    return false;
}

static bool carries_link(nw *w, const pl_rule *u, const void *d)
{
    return carries(w->p, u, d);
}

static bool carries_on_link(nw *w, const pl_rule *u, const void *d)
{
    return u->may_subdelegate && carries(w->p, u, d);
}

/* Does `who` hold decision d (and, with sub, may it pass d on)? */
static bool holds(nw *w, uint32_t who, const ev_decision *d, bool sub)
{
    return chained(w, who, sub ? carries_on_link : carries_link, d);
}

/* A reservation for a holder other than the delegate applies to d. */
static const pl_rule *reserved_elsewhere(const nw *w, const pl_rule *r, const ev_decision *d)
{
    for (uint32_t i = 0; i < w->nres; i++) {
        const pl_rule *res = &w->p->rules[w->res[i]];
        if (res->to != r->to && ev_rule_applies(w->p, res, d))
            return res;
    }
    return NULL;
}

/* Decisions one search may evaluate in full: each evaluation may walk up
 * to EV_MAX_STEPS links of a dense web of delegations, so a search over
 * such a web is bounded in time, not only in the combinations it tries
 * (tests/eval/policies/dense.remit took seconds without it). */
#define NW_MAX_EVALS 200u

typedef struct probe {
    nw *w;
    const pl_rule *r, *res;
    bool sub;                       /* R0802: held, but not to pass on */
    uint32_t evals;                 /* full evaluations made, at most NW_MAX_EVALS */
} probe;

/* What the delegate would decide under r is not permitted, nor refused:
 * it goes elsewhere, or nobody can take it. */
static bool not_permitted(an_ctx *c, an_case *k)
{
    ev_result out;
    an_case_eval(c, k, &out);
    return out.outcome == EV_ESCALATE || out.outcome == EV_UNDETERMINED;
}

/* The delegation into `who` that stops it passing d on: it carries d,
 * its delegator holds d, and it does not say `may subdelegate`.  (When
 * the delegator may not pass d on either, that is reported at this
 * delegation, which is the one after the missing permission.) */
static const pl_rule *culprit(nw *w, uint32_t who, const ev_decision *d)
{
    for (uint32_t i = w->in_head[who]; i != PL_NONE; i = w->in_next[i]) {
        const pl_rule *u = &w->p->rules[i];
        if (!u->may_subdelegate && carries(w->p, u, d) && holds(w, u->from, d, false))
            return u;
    }
    return NULL;
}

/* R0801 (sub false): the delegator does not hold d.  R0802 (sub true): it
 * holds d, but a delegation into it does not let it pass d on. */
static bool passes_on_more(an_ctx *c, an_case *k, void *arg)
{
    probe *o = arg;
    const ev_decision *d = &k->d;
    if (!carries(c->p, o->r, d) || reserved_elsewhere(o->w, o->r, d))
        return false;
    if (o->sub ? holds(o->w, o->r->from, d, true) || !culprit(o->w, o->r->from, d)
               : holds(o->w, o->r->from, d, false))
        return false;
    return ++o->evals <= NW_MAX_EVALS && not_permitted(c, k);
}

/* R0803: the delegation covers a decision the reservation takes. */
static bool covers_reserved(an_ctx *c, an_case *k, void *arg)
{
    probe *o = arg;
    if (!carries(c->p, o->r, &k->d) || !ev_rule_applies(c->p, o->res, &k->d) ||
        ++o->evals > NW_MAX_EVALS)
        return false;
    ev_result out;
    an_case_eval(c, k, &out);
    return out.outcome == EV_ESCALATE && out.target == o->res->to;
}

/* The delegation and those above it (into its delegator, and so on up),
 * at most NW_MAX_RULES: the rules whose constants are worth trying.
 * *strict is set when one into its delegator does not say `may subdelegate`. */
static uint32_t rules_above(nw *w, const pl_rule *r, uint32_t *out, bool *strict)
{
    uint32_t n = 0, q[NW_MAX_RULES], head = 0, tail = 0;
    out[n++] = r->index;
    *strict = false;
    w->tick++;
    q[tail++] = r->from;
    w->stamp[r->from] = w->tick;
    while (head < tail) {
        uint32_t h = q[head++];
        for (uint32_t i = w->in_head[h]; i != PL_NONE && n < NW_MAX_RULES; i = w->in_next[i]) {
            const pl_rule *u = &w->p->rules[i];
            out[n++] = i;
            *strict |= h == r->from && !u->may_subdelegate;
            if (w->stamp[u->from] != w->tick && tail < NW_MAX_RULES) {
                w->stamp[u->from] = w->tick;
                q[tail++] = u->from;
            }
        }
    }
    return n;
}

/* An example decision by the delegate, signed as the delegation asks. */
static bool start_case(nw *w, an_case *k, const pl_rule *r)
{
    an_case_init(&w->sc, k, r->matter, r->to);
    if (r->spectrum == SP_JOINT)
        an_case_cosign(k, r->from);
    return !r->with || an_case_sign(&w->sc, k, r->with, false);
}

/* Why `who` does not hold d, in words: for each delegation to it, the
 * bound that stops it ("up to £1,000,000 (line 20)"). */
static const char *why_not_held(nw *w, const pl_rule *r, const ev_decision *d)
{
    const remit_policy *p = w->p;
    char buf[1024], v[64];
    size_t u = 0;
    uint32_t shown = 0;
    buf[0] = 0;
    for (uint32_t i = w->in_head[r->from]; i != PL_NONE && shown < 3; i = w->in_next[i]) {
        const pl_rule *x = &p->rules[i];
        const char *what = NULL;
        for (uint32_t j = 0; j < x->nparts && !what; j++)
            if (!x->parts[j].is_limit && !ev_cond(p, x->parts[j].node, d))
                what = ar_printf(w->c->a, "when %s", x->parts[j].text);
        if (!what && x->upto >= 0 && w->m->money_field != PL_NONE &&
            d->fields[w->m->money_field] > x->upto) {
            lit_format_money(x->upto, v, sizeof v);
            what = ar_printf(w->c->a, "up to %s", v);
        }
        for (uint32_t j = 0; j < x->nparts && !what; j++)
            if (x->parts[j].is_limit && !ev_cond(p, x->parts[j].node, d))
                what = ar_printf(w->c->a, "within %s", x->parts[j].text);
        if (!what)
            what = ar_printf(w->c->a, "as far as %s holds it", title_of(p, x->from));
        int n = snprintf(buf + u, sizeof buf - u, "%s%s (%s)", shown ? " or " : "", what, where(w, x, r));
        if (n < 0 || (size_t)n >= sizeof buf - u)
            break;
        u += (size_t)n;
        shown++;
    }
    return ar_printf(w->c->a, "%s", buf);
}

/* --------------------------------------------------------------- boxes */

/* Most delegations are plainly within what their delegator holds, and
 * plainly clear of every reservation: the bounds are comparisons of fields
 * with constants joined by `and`.  A box, per field the range of values
 * (or, for choices, tiers and yes/no, the set of values) that such tests
 * allow, settles those cases without a search; only what a box cannot
 * settle is searched.  A box is an outer bound: tests of other shapes are
 * left out of it, which may send a case to the search, never past it. */
typedef struct box {
    int64_t *lo, *hi;               /* per field, inclusive */
    uint64_t *set;                  /* per field of few values: bit v for value v */
} box;

static bool few_values(const pl_field *f)
{
    return f->type == TY_ENUM || f->type == TY_TIER || f->type == TY_BOOL;
}

static uint32_t nvalues(const remit_policy *p, const pl_field *f)
{
    return f->type == TY_BOOL ? 2 : f->type == TY_TIER ? p->ntiers : f->nchoices;
}

static void box_init(nw *w, rm_arena *a, box *b)
{
    uint32_t n = w->m->nfields;
    b->lo = ar_alloc_raw(a, (n + 1) * sizeof *b->lo);
    b->hi = ar_alloc_raw(a, (n + 1) * sizeof *b->hi);
    b->set = ar_alloc_raw(a, (n + 1) * sizeof *b->set);
    for (uint32_t i = 0; i < n; i++) {
        b->lo[i] = INT64_MIN;
        b->hi[i] = INT64_MAX;
        uint32_t k = nvalues(w->p, &w->m->fields[i]);
        b->set[i] = k >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << k) - 1;
    }
}

/* The values below k, as bits. */
static uint64_t below(int64_t k)
{
    return k <= 0 ? 0 : k >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << k) - 1;
}

/* A test of one field against constants, as a range or a set: false when
 * node x is not of that shape. */
typedef struct test {
    uint32_t field;
    int64_t lo, hi;                 /* fields of many values */
    uint64_t set;                   /* fields of few values */
    bool ne;                        /* many values: all but lo (== hi) */
} test;

static bool as_test(nw *w, uint32_t x, test *t)
{
    const remit_policy *p = w->p;
    const pl_node *n = &p->nodes[x];
    const pl_node *a = NULL, *k = NULL;
    bool flip = false;
    cmp_op op = OP_EQ;
    switch (n->op) {
    case N_FIELD: case N_NOT: /* a yes/no field, or its negation */
        a = n->op == N_FIELD ? n : &p->nodes[n->a];
        if (a->op != N_FIELD || w->m->fields[a->a].type != TY_BOOL)
            return false;
        t->field = a->a;
        t->set = n->op == N_FIELD ? 2u : 1u;
        return true;
    case N_IN: case N_NOTIN:
        a = &p->nodes[n->a];
        if (a->op != N_FIELD || !few_values(&w->m->fields[a->a]))
            return false;
        t->field = a->a;
        t->set = n->op == N_IN ? (uint64_t)n->k : ~(uint64_t)n->k;
        return true;
    case N_CMP:
        a = &p->nodes[n->a];
        k = &p->nodes[n->b];
        if (a->op == N_CONST && k->op == N_FIELD) {
            const pl_node *tmp = a;
            a = k;
            k = tmp;
            flip = true;
        }
        if (a->op != N_FIELD || k->op != N_CONST)
            return false;
        op = (cmp_op)n->cmp;
        if (flip) /* c < f is f > c */
            op = op == OP_LT ? OP_GT : op == OP_LE ? OP_GE : op == OP_GT ? OP_LT : op == OP_GE ? OP_LE : op;
        break;
    default:
        return false;
    }
    const pl_field *f = &w->m->fields[a->a];
    t->field = a->a;
    t->ne = false;
    if (f->type == TY_SET)
        return false;
    if (few_values(f)) {
        uint64_t eq = k->k >= 0 && k->k < 64 ? (uint64_t)1 << k->k : 0;
        switch (op) {
        case OP_EQ: t->set = eq; break;
        case OP_NE: t->set = ~eq; break;
        case OP_LT: t->set = below(k->k); break;
        case OP_LE: t->set = below(k->k) | eq; break;
        case OP_GT: t->set = ~(below(k->k) | eq); break;
        case OP_GE: t->set = ~below(k->k); break;
        }
        return true;
    }
    t->lo = INT64_MIN;
    t->hi = INT64_MAX;
    switch (op) {
    case OP_EQ: t->lo = t->hi = k->k; break;
    case OP_NE: t->lo = t->hi = k->k; t->ne = true; break;
    case OP_LT: if (k->k == INT64_MIN) return false; t->hi = k->k - 1; break;
    case OP_LE: t->hi = k->k; break;
    case OP_GT: if (k->k == INT64_MAX) return false; t->lo = k->k + 1; break;
    case OP_GE: t->lo = k->k; break;
    }
    return true;
}

/* Narrow b by the `and`-parts of condition x that are tests. */
static void box_narrow(nw *w, box *b, uint32_t x)
{
    if (x == PL_NONE)
        return;
    const pl_node *n = &w->p->nodes[x];
    test t;
    if (n->op == N_AND) {
        box_narrow(w, b, n->a);
        box_narrow(w, b, n->b);
    } else if (as_test(w, x, &t)) {
        if (few_values(&w->m->fields[t.field]))
            b->set[t.field] &= t.set;
        else if (!t.ne) {
            b->lo[t.field] = t.lo > b->lo[t.field] ? t.lo : b->lo[t.field];
            b->hi[t.field] = t.hi < b->hi[t.field] ? t.hi : b->hi[t.field];
        }
    }
}

/* The box of a delegation: its `when`, `limit` and `up to`. */
static void box_of(nw *w, rm_arena *a, box *b, const pl_rule *r)
{
    box_init(w, a, b);
    box_narrow(w, b, r->when);
    box_narrow(w, b, r->limit);
    uint32_t mf = w->m->money_field;
    if (r->upto >= 0 && mf != PL_NONE && r->upto < b->hi[mf])
        b->hi[mf] = r->upto;
}

static bool box_empty(nw *w, const box *b)
{
    for (uint32_t i = 0; i < w->m->nfields; i++)
        if (few_values(&w->m->fields[i]) ? b->set[i] == 0 : b->lo[i] > b->hi[i])
            return true;
    return false;
}

/* Does condition x hold for every decision in b? */
static bool box_implies(nw *w, const box *b, uint32_t x)
{
    if (x == PL_NONE)
        return true;
    const pl_node *n = &w->p->nodes[x];
    test t;
    if (n->op == N_AND)
        return box_implies(w, b, n->a) && box_implies(w, b, n->b);
    if (!as_test(w, x, &t))
        return false;
    uint32_t f = t.field;
    if (few_values(&w->m->fields[f]))
        return (b->set[f] & ~t.set) == 0;
    if (t.ne)
        return b->hi[f] < t.lo || b->lo[f] > t.lo;
    return b->lo[f] >= t.lo && b->hi[f] <= t.hi;
}

/* Does the link carry every decision in box b? */
static bool box_link(nw *w, const pl_rule *u, const void *arg)
{
    const box *b = arg;
    uint32_t mf = w->m->money_field;
    return box_implies(w, b, u->when) && box_implies(w, b, u->limit) &&
           (u->upto < 0 || (mf != PL_NONE && b->hi[mf] <= u->upto));
}

static bool box_sub_link(nw *w, const pl_rule *u, const void *arg)
{
    return u->may_subdelegate && box_link(w, u, arg);
}

/* Does `who` hold every decision in b (and, with sub, may it pass them on)? */
static bool plainly_held(nw *w, const box *b, uint32_t who, bool sub)
{
    return chained(w, who, sub ? box_sub_link : box_link, b);
}

/* ---------------------------------------------------------- per matter */

static void report_unreached(nw *w, const pl_rule *r)
{
    const remit_policy *p = w->p;
    const pl_holder *a = &p->holders[r->from];
    const char *why;
    const pl_rule *advice = NULL, *link = NULL;
    if (w->in_head[r->from] != PL_NONE)
        link = &p->rules[w->in_head[r->from]];
    for (uint32_t i = 0; i < w->m->nrules && !link && !advice; i++) {
        const pl_rule *u = &p->rules[w->m->rules[i]];
        if (u->kind == R_DELEGATE && u->to == r->from && u->spectrum == SP_ADVISE)
            advice = u;
    }
    if (link)
        why = ar_printf(w->c->a, "the delegation to it (%s) comes from %s, which holds none of it either",
                        where(w, link, r), title_of(p, link->from));
    else if (advice)
        why = ar_printf(w->c->a, "the only delegation to it (%s) is `as advise`, a seat at the table "
                        "that gives no authority", where(w, advice, r));
    else if (a->is_body)
        why = ar_printf(w->c->a, "nothing delegates it to %s, and authority does not start at a body "
                        "that reports to another (%s)", title_of(p, r->from), title_of(p, a->parents[0]));
    else
        why = ar_printf(w->c->a, "nothing delegates it to %s, and authority never starts at a role",
                        title_of(p, r->from));
    dg_item *g = an_report(w->c, REMIT_ERROR, r->loc, "R0805", "%s delegates %s but holds none of it: %s",
                          title_of(p, r->from), matter_title(w->m), why);
    if (w->root_name)
        dg_hint(w->c->s, g, "first delegate %s to %s (e.g. `delegate %s from %s to %s ...`), or make "
                            "this delegation from a holder that has it: every chain of authority "
                            "starts at a body that reports to no one (SPEC 7.4)",
                w->m->name, a->name, w->m->name, w->root_name, a->name);
    else
        dg_hint(w->c->s, g, "every chain of authority starts at a body that reports to no one (SPEC 7.4)");
}

/* R0804: a depth-first walk along the delegations of the matter; each one
 * that leads back onto the current path closes a circle, reported there
 * with every holder on it (as R0501 for reporting lines). */
static void circles(nw *w, const uint32_t *from, uint32_t nfrom)
{
    const remit_policy *p = w->p;
    uint32_t on_path = ++w->tick, done = ++w->tick;
    for (uint32_t s = 0; s < nfrom; s++) {
        uint32_t sp = 0;
        if (w->stamp[from[s]] == on_path || w->stamp[from[s]] == done)
            continue;
        w->path[sp] = from[s];
        w->via[sp] = PL_NONE;
        w->next[sp++] = w->out_head[from[s]];
        w->stamp[from[s]] = on_path;
        while (sp) {
            uint32_t h = w->path[sp - 1], i = w->next[sp - 1];
            if (i == PL_NONE) {
                w->stamp[h] = done;
                sp--;
                continue;
            }
            w->next[sp - 1] = w->out_next[i];
            const pl_rule *r = &p->rules[i];
            if (w->stamp[r->to] == done)
                continue;
            if (w->stamp[r->to] != on_path) {
                w->stamp[r->to] = on_path;
                w->path[sp] = r->to;
                w->via[sp] = i;
                w->next[sp++] = w->out_head[r->to];
                continue;
            }
            /* r leads back onto the path: path[k..sp-1], then r */
            uint32_t k = sp - 1;
            while (w->path[k] != r->to)
                k--;
            char buf[1024];
            size_t u = 0;
            for (uint32_t j = k; j < sp; j++) {
                const pl_rule *x = j + 1 < sp ? &p->rules[w->via[j + 1]] : r;
                int n = j == k ? snprintf(buf + u, sizeof buf - u, "%s delegates it to %s (%s)",
                                          title_of(p, x->from), title_of(p, x->to), where(w, x, r))
                               : snprintf(buf + u, sizeof buf - u, ", which delegates it to %s (%s)",
                                          title_of(p, x->to), where(w, x, r));
                if (n < 0 || (size_t)n >= sizeof buf - u)
                    break;
                u += (size_t)n;
            }
            dg_item *g = an_report(w->c, REMIT_ERROR, r->loc, "R0804",
                                  "these delegations of %s go round in a circle: %s",
                                  matter_title(w->m), buf);
            dg_hint(w->c->s, g, "authority flows down from a body that reports to no one: remove "
                                "the delegation that leads back (SPEC 7.4)");
        }
    }
}

/* R0803, then one of R0805, R0802, R0801, for delegation r. */
static void narrow_rule(nw *w, const pl_rule *r)
{
    const remit_policy *p = w->p;
    an_ctx *c = w->c;
    const pl_matter *m = w->m;
    uint32_t gen = r->matter + 1;
    an_case k;
    box br;
    box_of(w, w->sc.a, &br, r);
    bool reserved = false;
    for (uint32_t j = 0; j < w->nres && !reserved && an_spend(c, 4); j++) {
        const pl_rule *res = &p->rules[w->res[j]];
        if (res->to == r->to)
            continue;
        box both;
        box_of(w, w->sc.a, &both, r);
        box_narrow(w, &both, res->when);
        probe o = {w, r, res, false, 0};
        uint32_t two[2] = {r->index, res->index};
        if (box_empty(w, &both) || !start_case(w, &k, r) ||
            !an_search(&w->sc, &k, true, two, 2, covers_reserved, &o))
            continue;
        /* a matter reserved outright cannot be delegated at all; a
         * reservation with a `when` carves decisions out of a delegation,
         * which the evaluator honours, but the delegation then reads
         * wider than it is */
        bool outright = res->when == PL_NONE;
        dg_item *g = an_report(c, outright ? REMIT_ERROR : REMIT_WARNING, r->loc,
                              outright ? "R0803" : "R0806",
                              outright ? "this delegation to %s delegates a matter reserved to %s (%s)"
                                       : "this delegation to %s reaches decisions reserved to %s (%s): "
                                         "those stay with %s",
                              title_of(p, r->to), title_of(p, res->to), where(w, res, r),
                              title_of(p, res->to));
        dg_hint(c->s, g, outright ? "remove the delegation, or give the reservation a `when` that "
                                    "says which decisions the reservation keeps (SPEC 4.11, 7.5)"
                                  : "narrow the delegation with `up to`, `limit` or `when` so that "
                                    "it stops where the reservation starts, so the scheme reads "
                                    "as it works: a reservation always wins (SPEC 7.3, 7.5)");
        an_example(c, g, &k);
        reserved = true;
    }
    if (pl_is_root(p, r->from))
        return;
    if (w->reach[r->from] != gen) {
        if (!reserved && w->told[r->from] != gen) {
            w->told[r->from] = gen;
            report_unreached(w, r);
        }
        return;
    }
    uint32_t rules[NW_MAX_RULES];
    bool strict;
    uint32_t n = rules_above(w, r, rules, &strict);
    probe o = {w, r, NULL, true, 0};
    if (strict && !plainly_held(w, &br, r->from, true) && start_case(w, &k, r) &&
        an_search(&w->sc, &k, true, rules, n, passes_on_more, &o)) {
        const pl_rule *u = culprit(w, r->from, &k.d);
        dg_item *g = an_report(c, REMIT_ERROR, r->loc, "R0802",
                              "%s may not pass %s on: the delegation to it from %s (%s) does not "
                              "say `may subdelegate`", title_of(p, r->from), matter_title(m),
                              title_of(p, u->from), where(w, u, r));
        dg_hint(c->s, g, "add `may subdelegate` to the delegation at %s if it may be passed on, "
                         "or delegate to %s directly; a delegate may not delegate again unless "
                         "told it may (no double delegation, SPEC 4.12)",
                where(w, u, r), p->holders[r->to].name);
        an_example(c, g, &k);
        return;
    }
    o.sub = false;
    o.evals = 0;
    if (plainly_held(w, &br, r->from, false) || !start_case(w, &k, r) ||
        !an_search(&w->sc, &k, true, rules, n, passes_on_more, &o))
        return;
    dg_item *g = an_report(c, REMIT_ERROR, r->loc, "R0801",
                          "%s passes on to %s more than it holds: it holds %s only %s",
                          title_of(p, r->from), title_of(p, r->to), matter_title(m),
                          why_not_held(w, r, &k.d));
    dg_hint(c->s, g, "narrow this delegation with `up to`, `limit` or `when` to what %s holds, or "
                     "widen what is delegated to %s; a delegate never holds more than its "
                     "delegator (SPEC 7.4)",
            p->holders[r->from].name, p->holders[r->from].name);
    an_example(c, g, &k);
}

static void narrow_matter(nw *w, uint32_t mi)
{
    const remit_policy *p = w->p;
    const pl_matter *m = w->m = &p->matters[mi];
    uint32_t gen = mi + 1;
    uint32_t *from = ar_alloc(&w->matter_arena, (2 * (size_t)m->nrules + 1) * sizeof *from), nfrom = 0;
    w->res = ar_alloc(&w->matter_arena, (m->nrules + 1) * sizeof *w->res);
    w->nres = 0;
    /* lists of links into and out of each holder, in declaration order */
    for (uint32_t i = m->nrules; i-- > 0;) {
        const pl_rule *r = &p->rules[m->rules[i]];
        if (r->kind == R_RESERVE)
            w->res[w->nres++] = r->index;
        if (!is_link(r))
            continue;
        w->in_next[r->index] = w->in_head[r->to];
        w->in_head[r->to] = r->index;
        w->out_next[r->index] = w->out_head[r->from];
        w->out_head[r->from] = r->index;
    }
    for (uint32_t i = 0; i < w->nres / 2; i++) { /* back into declaration order */
        uint32_t t = w->res[i];
        w->res[i] = w->res[w->nres - 1 - i];
        w->res[w->nres - 1 - i] = t;
    }
    /* who a chain reaches, whatever the conditions: from the bodies that
     * report to no one, along the links */
    for (uint32_t i = 0; i < m->nrules; i++) {
        const pl_rule *r = &p->rules[m->rules[i]];
        if (is_link(r) && pl_is_root(p, r->from) && w->reach[r->from] != gen) {
            w->reach[r->from] = gen;
            from[nfrom++] = r->from;
        }
    }
    for (uint32_t q = 0; q < nfrom; q++)
        for (uint32_t i = w->out_head[from[q]]; i != PL_NONE; i = w->out_next[i])
            if (w->reach[p->rules[i].to] != gen) {
                w->reach[p->rules[i].to] = gen;
                from[nfrom++] = p->rules[i].to; /* at most one entry per holder */
            }
    /* circles, walked from every delegator */
    nfrom = 0;
    w->tick++;
    for (uint32_t i = 0; i < m->nrules; i++) {
        const pl_rule *r = &p->rules[m->rules[i]];
        if (is_link(r) && w->stamp[r->from] != w->tick) {
            w->stamp[r->from] = w->tick;
            from[nfrom++] = r->from;
        }
    }
    circles(w, from, nfrom);

    for (uint32_t i = 0; i < m->nrules; i++)
        if (is_link(&p->rules[m->rules[i]])) {
            narrow_rule(w, &p->rules[m->rules[i]]);
            ar_reset(w->sc.a);
        }
    /* clear the lists for the next matter */
    for (uint32_t i = 0; i < m->nrules; i++) {
        const pl_rule *r = &p->rules[m->rules[i]];
        if (is_link(r))
            w->in_head[r->to] = w->out_head[r->from] = PL_NONE;
    }
}

void an_narrowing(an_ctx *c)
{
    const remit_policy *p = c->p;
    if (!p->nholders || !p->nrules)
        return;
    nw w = {.c = c, .p = p};
    size_t nh = p->nholders, nr = p->nrules;
    w.in_head = ar_alloc_raw(c->a, nh * sizeof *w.in_head);
    w.out_head = ar_alloc_raw(c->a, nh * sizeof *w.out_head);
    for (size_t i = 0; i < nh; i++)
        w.in_head[i] = w.out_head[i] = PL_NONE;
    w.in_next = ar_alloc(c->a, nr * sizeof *w.in_next);
    w.out_next = ar_alloc(c->a, nr * sizeof *w.out_next);
    w.stamp = ar_alloc(c->a, nh * sizeof *w.stamp);
    w.reach = ar_alloc(c->a, nh * sizeof *w.reach);
    w.told = ar_alloc(c->a, nh * sizeof *w.told);
    w.path = ar_alloc(c->a, (nh + 1) * sizeof *w.path);
    w.next = ar_alloc(c->a, (nh + 1) * sizeof *w.next);
    w.via = ar_alloc(c->a, (nh + 1) * sizeof *w.via);
    w.queue = ar_alloc(c->a, (nh + 1) * sizeof *w.queue);
    for (uint32_t h = 0; h < p->nholders && !w.root_name; h++)
        if (pl_is_root(p, h))
            w.root_name = p->holders[h].name;
    w.matter_arena.guard = w.search_arena.guard = c->a->guard;
    rm_cleanup_push(c->s, ar_cleanup, &w.matter_arena);
    rm_cleanup_push(c->s, ar_cleanup, &w.search_arena);
    w.sc = *c;
    w.sc.a = &w.search_arena;
    for (uint32_t mi = 0; mi < p->nmatters; mi++) {
        narrow_matter(&w, mi);
        ar_reset(&w.matter_arena);
    }
    rm_cleanup_pop(c->s, &w.search_arena);
    rm_cleanup_pop(c->s, &w.matter_arena);
    ar_free_all(&w.matter_arena);
    ar_free_all(&w.search_arena);
}
