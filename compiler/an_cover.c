/*
 * an_cover.c - coverage and contradictions (SPEC.md 8.2.6 and 8.2.7,
 * R0851-R0859 and R0861-R0869).
 *
 * Coverage: for each matter with delegations, the values of its fields are
 * cut into regions by every constant its rules compare them with (each
 * constant and either side, as the values worth trying of analyse.c), and
 * one point of each region is looked at.  A point is a **gap** when no
 * delegation from a body that reports to no one carries authority there,
 * and no rule settles it on purpose (a reservation, a refusal for
 * everyone, an escalation for everyone): such decisions fall to the top of
 * the scheme by default.  A gap is grown into a box: its run along the
 * primary field (the money field, else the first ordered one), then every
 * value of the other fields that adds no covered point.  Each box is
 * reported once, with the delegations that end below it and begin above.
 *
 * Contradictions: two reservations to different holders, or two
 * escalations to holders neither of which is at or above the other, that
 * apply to one decision with no `precedence` between them: the evaluator
 * answers undetermined (SPEC 7.3.3).  Each pair is searched for such a
 * decision over the values its two rules mention.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse.h"
#include "explain.h"

/* Combinations of field values looked at for one matter: with more, the
 * fields are narrowed (SPEC 8.2.8). */
#define CV_MAX_POINTS 200000u
/* Coverage findings per matter: the first few say enough to act on. */
#define CV_MAX_FINDINGS 3u
/* Gaps (boxes) kept per matter (beyond: counted). */
#define CV_MAX_REGIONS 1024u
/* Deciders tried for a gap's example, looking for one sent up. */
#define CV_MAX_DECIDERS 8u

static const char *holder_title(const remit_policy *p, uint32_t h)
{
    const pl_holder *x = &p->holders[h];
    return x->title && *x->title ? x->title : x->name;
}

static bool is_ordered(ty_kind t)
{
    return t == TY_NUMBER || t == TY_MONEY || t == TY_DAYS || t == TY_DATE || t == TY_PERCENT ||
           t == TY_SCORE;
}

/* A rule is in force: it applies and no rule that takes precedence over
 * it applies (SPEC 7.3.2). */
static bool in_force(const remit_policy *p, const pl_rule *r, const ev_decision *d)
{
    return ev_rule_applies(p, r, d) && ev_set_aside_by(p, r, d) == PL_NONE;
}

/* ============================================================ coverage */

typedef enum { PT_COVERED, PT_KEPT, PT_GAP } cv_status;

/* A gap: a range lo..hi of the primary field's values (indices), times a
 * set of values (indices) of each outer field. */
typedef struct cv_box {
    uint32_t lo, hi;
    bool **in;                  /* per varied field (the primary's unused) */
    uint32_t seed;              /* the combination of outer values it grew from */
} cv_box;

typedef struct cv_matter {
    an_ctx *c;                  /* the analysis: reports, examples */
    an_ctx *w;                  /* the same, with scratch memory for this matter */
    uint32_t matter;
    uint32_t nrel, *rel;        /* rules that decide who decides */
    uint32_t npur, *pur;        /* rules that settle decisions on purpose */
    uint32_t ndel, *del;        /* delegations from a top that can carry authority */
    uint32_t hot;               /* the delegation that covered the last point */
    int64_t *lb, *ub;           /* per delegation: its bounds on the primary field */
    uint32_t *by_lb;            /* delegations by lower bound */
    uint32_t *widest;           /* widest[j]: of by_lb[0..j], the highest upper bound */
    uint32_t nvar, *var;        /* fields varied: the primary (if any) first */
    bool primary;               /* var[0] is an ordered field, scanned for ranges */
    int64_t **vals;
    uint32_t *nval;
    uint32_t first;             /* the first outer field: 1 with a primary, else 0 */
    uint32_t np, ncombo;        /* values of the primary (1 without); outer combinations */
    uint32_t *stride;           /* per varied field: its step in a combination's number */
    uint8_t *st;                /* per point (combination * np + primary): cv_status */
    bool *taken;                /* per point: a gap already inside a box */
    uint32_t anyone;            /* a delegate of the matter, for examples */
    an_case k;                  /* the point looked at */
    uint32_t nbox, more;
    cv_box *box;
} cv_matter;

/* Fields that node n reads. */
static void fields_used(const remit_policy *p, uint32_t n, bool *used)
{
    if (n == PL_NONE)
        return;
    const pl_node *x = &p->nodes[n];
    switch ((pl_op)x->op) {
    case N_FIELD: used[x->a] = true; return;
    case N_TOTAL: used[x->b] = true; return;
    case N_CONST: case N_CTX: case N_DATE: case N_WHO: return;
    case N_NOT: case N_NEG: case N_IN: case N_NOTIN: case N_SETIN: case N_SETNOTIN: case N_ADDMONTHS:
        fields_used(p, x->a, used);
        return;
    default:
        fields_used(p, x->a, used);
        fields_used(p, x->b, used);
        return;
    }
}

/* Does delegation i (of m->del) carry authority to the point? */
static bool carries(cv_matter *m, uint32_t i)
{
    const remit_policy *p = m->c->p;
    const ev_decision *d = &m->k.d;
    const pl_rule *r = &p->rules[m->del[i]];
    uint32_t mf = p->matters[m->matter].money_field;
    if (r->upto >= 0 && (mf == PL_NONE || d->fields[mf] > r->upto))
        return false;
    return ev_cond(p, r->when, d) && ev_cond(p, r->limit, d) && in_force(p, r, d);
}

static bool bound_of(const remit_policy *p, uint32_t n, uint32_t field, bool upper, int64_t *out);

/* Does this point of the matter have a decider below the top, is it
 * settled on purpose, or is it a gap? */
static cv_status point_status(cv_matter *m)
{
    const remit_policy *p = m->c->p;
    const ev_decision *d = &m->k.d;
    for (uint32_t i = 0; i < m->npur; i++)
        if (in_force(p, &p->rules[m->pur[i]], d))
            return PT_KEPT;
    /* a chain starts with a delegation from a body that reports to no
     * one: when one carries authority here, its delegate decides (as the
     * last link it needs no `may subdelegate`).  Signatures are taken as
     * given: a `with` can be signed, a joint delegator can co-decide.
     *
     * Only a delegation whose bounds on the primary field hold can carry:
     * those whose lower bound is at most x (a prefix of by_lb), if the
     * widest of them reaches x.  Tried first: the delegation that covered
     * the last point (along the primary field one covers many values in
     * a row), then the widest; the rest only when neither carries, so a
     * point costs a few tests, not one per delegation. */
    int64_t x = m->primary ? d->fields[m->var[0]] : 0;
    uint32_t lo = 0, hi = m->ndel; /* how many have lb <= x */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (m->lb[m->by_lb[mid]] <= x)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0 || m->ub[m->widest[lo - 1]] < x)
        return PT_GAP;
    if (m->hot < m->ndel && m->lb[m->hot] <= x && x <= m->ub[m->hot] && carries(m, m->hot))
        return PT_COVERED;
    if (carries(m, m->widest[lo - 1])) {
        m->hot = m->widest[lo - 1];
        return PT_COVERED;
    }
    for (uint32_t j = 0; j < lo; j++) {
        uint32_t i = m->by_lb[j];
        if (m->ub[i] >= x && carries(m, i)) {
            m->hot = i;
            return PT_COVERED;
        }
    }
    return PT_GAP;
}

/* Put the point (combination ci, primary value v) into m->k. */
static void set_point(cv_matter *m, uint32_t ci, uint32_t v)
{
    if (m->primary)
        m->k.d.fields[m->var[0]] = m->vals[0][v];
    for (uint32_t i = m->first; i < m->nvar; i++)
        m->k.d.fields[m->var[i]] = m->vals[i][ci / m->stride[i] % m->nval[i]];
}

/* The status of every point. */
static void scan(cv_matter *m)
{
    for (uint32_t ci = 0; ci < m->ncombo; ci++)
        for (uint32_t v = 0; v < m->np; v++) {
            set_point(m, ci, v);
            m->st[(size_t)ci * m->np + v] = (uint8_t)point_status(m);
        }
}

/* Can the box take value x of outer field f: is no point of what it would
 * add covered?  (Points settled by another rule do not stop it: they are
 * no one's gap, and leaving them out would only split the description.) */
static bool can_add(cv_matter *m, const cv_box *b, uint32_t f, uint32_t x)
{
    uint32_t *at = ar_alloc(m->w->a, (m->nvar + 1) * sizeof *at);
    for (uint32_t i = m->first; i < m->nvar; i++) /* the first value in the box */
        while (i != f && !b->in[i][at[i]])
            at[i]++;
    at[f] = x;
    for (;;) {
        uint32_t ci = 0;
        for (uint32_t i = m->first; i < m->nvar; i++)
            ci += at[i] * m->stride[i];
        for (uint32_t v = b->lo; v <= b->hi; v++)
            if (m->st[(size_t)ci * m->np + v] == PT_COVERED)
                return false;
        uint32_t i = m->first; /* the next combination in the box */
        for (; i < m->nvar; i++) {
            if (i == f)
                continue;
            do
                at[i]++;
            while (at[i] < m->nval[i] && !b->in[i][at[i]]);
            if (at[i] < m->nval[i])
                break;
            for (at[i] = 0; !b->in[i][at[i]]; at[i]++)
                ;
        }
        if (i == m->nvar)
            return true;
    }
}

/* Mark the gaps inside the box as taken. */
static void take(cv_matter *m, const cv_box *b)
{
    for (uint32_t ci = 0; ci < m->ncombo; ci++) {
        bool inside = true;
        for (uint32_t i = m->first; i < m->nvar && inside; i++)
            inside = b->in[i][ci / m->stride[i] % m->nval[i]];
        for (uint32_t v = b->lo; inside && v <= b->hi; v++)
            m->taken[(size_t)ci * m->np + v] = true;
    }
}

/* The gaps as boxes: from each gap not yet taken, its run along the
 * primary field, grown over the outer fields' values in turn. */
static void find_gaps(cv_matter *m)
{
    for (uint32_t ci = 0; ci < m->ncombo; ci++)
        for (uint32_t v = 0; v < m->np; v++) {
            size_t at = (size_t)ci * m->np + v;
            if (m->st[at] != PT_GAP || m->taken[at])
                continue;
            if (m->nbox == CV_MAX_REGIONS) {
                m->more++;
                continue;
            }
            cv_box *b = &m->box[m->nbox++];
            b->lo = b->hi = v;
            while (b->lo > 0 && m->st[at - (v - b->lo) - 1] == PT_GAP)
                b->lo--;
            while (b->hi + 1 < m->np && m->st[at + (b->hi - v) + 1] == PT_GAP)
                b->hi++;
            b->seed = ci;
            b->in = ar_alloc(m->w->a, (m->nvar + 1) * sizeof *b->in);
            for (uint32_t i = m->first; i < m->nvar; i++) {
                b->in[i] = ar_alloc(m->w->a, m->nval[i] + 1);
                b->in[i][ci / m->stride[i] % m->nval[i]] = true;
            }
            for (uint32_t i = m->first; i < m->nvar; i++)
                for (uint32_t x = 0; x < m->nval[i]; x++)
                    if (!b->in[i][x] && can_add(m, b, i, x))
                        b->in[i][x] = true;
            take(m, b);
        }
}

/* ---- words */

typedef struct cv_text {
    char b[1024];
    size_t u;
} cv_text;

static void put(cv_text *t, const char *fmt, ...) RM_PRINTF(2, 3);
static void put(cv_text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (t->u < sizeof t->b) {
        int n = vsnprintf(t->b + t->u, sizeof t->b - t->u, fmt, ap);
        t->u += n > 0 ? (size_t)n : 0;
        if (t->u >= sizeof t->b)
            t->u = sizeof t->b - 1;
    }
    va_end(ap);
}

static void value_words(cv_matter *m, uint32_t vi, int64_t v, char *buf, size_t n)
{
    const remit_policy *p = m->c->p;
    const pl_field *f = &p->matters[m->matter].fields[m->var[vi]];
    if (f->type == TY_TEXT && !(v >= 0 && (uint64_t)v < p->ntexts)) {
        snprintf(buf, n, "another text");
        return;
    }
    xp_value_text(p, f, v, false, buf, n);
}

/* The values lo..hi (indices) of ordered field vi, in words: "£1 to £2",
 * "£2 or more", "at most £1", "£1"; false (nothing written) for all of
 * them. */
static bool run_words(cv_matter *m, uint32_t vi, uint32_t lo, uint32_t hi, cv_text *t)
{
    const pl_field *f = &m->c->p->matters[m->matter].fields[m->var[vi]];
    bool bottom = lo == 0, top = hi == m->nval[vi] - 1;
    char a[160], b[160];
    /* a score's values include its lowest, not always its highest */
    int64_t hv = f->type == TY_SCORE && top ? f->hi : m->vals[vi][hi];
    value_words(m, vi, m->vals[vi][lo], a, sizeof a);
    value_words(m, vi, hv, b, sizeof b);
    if (bottom && top)
        return false;
    if (top && f->type != TY_SCORE)
        put(t, "%s or more", a);
    else if (m->vals[vi][lo] == hv)
        put(t, "%s", a);
    else if (f->type == TY_SCORE)
        put(t, "%s to %s", a, b);
    else if (bottom)
        put(t, "at most %s", b);
    else
        put(t, "%s to %s", a, b);
    return true;
}

/* "amount is £1,000,000.01 to £1,999,999.99" (nothing for every value). */
static void range_words(cv_matter *m, uint32_t vi, uint32_t lo, uint32_t hi, cv_text *t)
{
    const pl_field *f = &m->c->p->matters[m->matter].fields[m->var[vi]];
    cv_text one = {.u = 0};
    if (run_words(m, vi, lo, hi, &one))
        put(t, "%s%s is %s", t->u ? ", " : "", f->name, one.b);
}

/* "category is capital or losses", or the runs of an ordered field. */
static void set_words(cv_matter *m, uint32_t vi, const bool *set, cv_text *t)
{
    const remit_policy *p = m->c->p;
    const pl_field *f = &p->matters[m->matter].fields[m->var[vi]];
    uint32_t n = m->nval[vi], count = 0;
    for (uint32_t v = 0; v < n; v++)
        count += set[v];
    if (count == n)
        return;
    put(t, "%s%s is ", t->u ? ", " : "", f->name);
    if (is_ordered(f->type)) { /* its runs: "risk is 1 to 14 or 20 to 25" */
        bool said = false;
        for (uint32_t v = 0; v < n; v++) {
            if (!set[v] || (v && set[v - 1]))
                continue;
            uint32_t e = v;
            while (e + 1 < n && set[e + 1])
                e++;
            if (said)
                put(t, " or ");
            run_words(m, vi, v, e, t);
            said = true;
        }
        return;
    }
    uint32_t said = 0;
    for (uint32_t v = 0; v < n; v++) {
        if (!set[v])
            continue;
        char a[160];
        value_words(m, vi, m->vals[vi][v], a, sizeof a);
        said++;
        put(t, "%s%s", said == 1 ? "" : said == count ? " or " : ", ", a);
    }
}

/* The box as a `when` condition a policy can say ("amount > £5,000,000
 * and category in { capital, losses }"); false when it takes more than
 * comparisons and lists (runs with holes, texts, sets). */
static bool cond_words(cv_matter *m, const cv_box *bx, cv_text *t)
{
    const remit_policy *p = m->c->p;
    const pl_field *fs = p->matters[m->matter].fields;
    char a[160], b[160];
    if (m->primary && !(bx->lo == 0 && bx->hi + 1 == m->np)) {
        const pl_field *f = &fs[m->var[0]];
        bool top = bx->hi + 1 == m->np && f->type != TY_SCORE;
        int64_t lo = m->vals[0][bx->lo], hi = f->type == TY_SCORE && bx->hi + 1 == m->np ? f->hi
                                                                                         : m->vals[0][bx->hi];
        xp_value_text(p, f, lo - 1, false, a, sizeof a);
        xp_value_text(p, f, hi, false, b, sizeof b);
        if (bx->lo > 0)
            put(t, "%s > %s", f->name, a);
        if (!top)
            put(t, "%s%s <= %s", bx->lo > 0 ? " and " : "", f->name, b);
    }
    for (uint32_t vi = m->first; vi < m->nvar; vi++) {
        const pl_field *f = &fs[m->var[vi]];
        uint32_t n = m->nval[vi], count = 0, one = 0;
        for (uint32_t x = 0; x < n; x++)
            if (bx->in[vi][x])
                count++, one = x;
        if (count == n)
            continue;
        const char *and = t->u ? " and " : "";
        if (f->type == TY_BOOL) {
            put(t, "%s%s%s", and, m->vals[vi][one] ? "" : "not ", f->name);
            continue;
        }
        if (f->type != TY_ENUM && f->type != TY_TIER)
            return false;
        if (count == 1) {
            xp_value_text(p, f, m->vals[vi][one], false, a, sizeof a);
            put(t, "%s%s = %s", and, f->name, a);
            continue;
        }
        put(t, "%s%s in {", and, f->name);
        for (uint32_t x = 0, said = 0; x < n; x++)
            if (bx->in[vi][x]) {
                xp_value_text(p, f, m->vals[vi][x], false, a, sizeof a);
                put(t, "%s %s", said++ ? "," : "", a);
            }
        put(t, " }");
    }
    return t->u > 0 && t->u + 1 < sizeof t->b;
}

/* ---- the delegations on either side of a gap */

/* The bound of a delegation on the field: the highest value it allows
 * (upper) or the lowest (lower); false when it sets none. */
static bool bound_of(const remit_policy *p, uint32_t n, uint32_t field, bool upper, int64_t *out)
{
    if (n == PL_NONE)
        return false;
    const pl_node *x = &p->nodes[n];
    if (x->op == N_AND) {
        int64_t a, b;
        bool ha = bound_of(p, x->a, field, upper, &a), hb = bound_of(p, x->b, field, upper, &b);
        if (ha && hb)
            *out = upper ? (a < b ? a : b) : (a > b ? a : b);
        else if (ha || hb)
            *out = ha ? a : b;
        return ha || hb;
    }
    if (x->op != N_CMP)
        return false;
    const pl_node *a = &p->nodes[x->a], *b = &p->nodes[x->b];
    cmp_op op = (cmp_op)x->cmp;
    int64_t k;
    if (a->op == N_FIELD && a->a == field && b->op == N_CONST)
        k = b->k;
    else if (b->op == N_FIELD && b->a == field && a->op == N_CONST) {
        k = a->k; /* c < x is x > c */
        op = op == OP_LT ? OP_GT : op == OP_LE ? OP_GE : op == OP_GT ? OP_LT : op == OP_GE ? OP_LE : op;
    } else
        return false;
    switch (op) {
    case OP_LE: if (upper) { *out = k; return true; } return false;
    case OP_LT: if (upper) { *out = k - 1; return true; } return false;
    case OP_GE: if (!upper) { *out = k; return true; } return false;
    case OP_GT: if (!upper) { *out = k + 1; return true; } return false;
    case OP_EQ: *out = k; return true;
    default: return false;
    }
}

/* The delegation whose authority on the primary field ends nearest below
 * value `lo` (upper) or begins nearest above `hi` (lower), and carries
 * authority there for the rest of the point; PL_NONE when none. */
static uint32_t neighbour(cv_matter *m, bool upper, int64_t edge, int64_t *where)
{
    const remit_policy *p = m->c->p;
    uint32_t field = m->var[0], mf = p->matters[m->matter].money_field, best = PL_NONE;
    ev_decision *d = &m->k.d;
    int64_t keep = d->fields[field];
    for (uint32_t i = 0; i < m->ndel; i++) {
        const pl_rule *r = &p->rules[m->del[i]];
        int64_t b, w;
        bool hb = bound_of(p, r->limit, field, upper, &b), hw = bound_of(p, r->when, field, upper, &w);
        if (upper && field == mf && r->upto >= 0 && (!hb || r->upto < b)) {
            b = r->upto;
            hb = true;
        }
        if (hw && (!hb || (upper ? w < b : w > b)))
            b = w, hb = true;
        if (!hb || (upper ? b >= edge : b <= edge))
            continue;
        if (best != PL_NONE && (upper ? b <= *where : b >= *where))
            continue;
        d->fields[field] = b;
        bool holds = ev_cond(p, r->when, d) && ev_cond(p, r->limit, d) &&
                     (r->upto < 0 || (mf != PL_NONE && d->fields[mf] <= r->upto));
        if (holds) {
            best = m->del[i];
            *where = b;
        }
    }
    d->fields[field] = keep;
    return best;
}

/* ---- reporting */

/* Report one gap; `left` more are not reported. */
static void report_gap(cv_matter *m, const cv_box *bx, uint32_t left)
{
    an_ctx *c = m->c;
    const remit_policy *p = c->p;
    const pl_matter *mt = &p->matters[m->matter];
    cv_text where = {.u = 0};
    if (m->primary)
        range_words(m, 0, bx->lo, bx->hi, &where);
    for (uint32_t vi = m->first; vi < m->nvar; vi++)
        set_words(m, vi, bx->in[vi], &where);
    /* the point shown: the gap's first value, where it was found */
    set_point(m, bx->seed, bx->lo);
    uint32_t below = PL_NONE, above = PL_NONE;
    int64_t end = 0, begin = 0;
    if (m->primary) {
        below = neighbour(m, true, m->vals[0][bx->lo], &end);
        if (bx->hi + 1 < m->np)
            above = neighbour(m, false, m->vals[0][bx->hi], &begin);
    }
    /* the example: a decision in the gap, by the delegate nearest to it
     * (the one whose limit ends below, else begins above), else one whose
     * `when` holds there (at most CV_MAX_DECIDERS in all), else any
     * delegate.  Of these, the first that `remit eval` sends up is shown:
     * the nearest may be refused the decision outright (a `refuse ... for`
     * it), which says nothing about the gap; when none is sent up, the
     * nearest. */
    uint32_t tries[CV_MAX_DECIDERS + 1], nt = 0;
    if (below != PL_NONE)
        tries[nt++] = p->rules[below].to;
    if (above != PL_NONE)
        tries[nt++] = p->rules[above].to;
    for (uint32_t i = 0; i < m->ndel && nt < CV_MAX_DECIDERS; i++)
        if (ev_cond(p, p->rules[m->del[i]].when, &m->k.d))
            tries[nt++] = p->rules[m->del[i]].to;
    if (nt == 0)
        tries[nt++] = m->anyone;
    an_case k;
    ev_result res;
    bool found = false;
    for (uint32_t t = 0; t < nt; t++) {
        bool again = false;
        for (uint32_t u = 0; u < t && !again; u++)
            again = tries[u] == tries[t];
        if (tries[t] == PL_NONE || again)
            continue;
        an_case kt;
        ev_result rt;
        an_case_init(c, &kt, m->matter, tries[t]);
        memcpy(kt.d.fields, m->k.d.fields, mt->nfields * sizeof *kt.d.fields);
        an_case_ready(c, &kt);
        for (uint32_t i = 0; i < mt->nrules; i++) {
            const pl_rule *r = &p->rules[mt->rules[i]];
            if (r->kind == R_REQUIRE && r->with && in_force(p, r, &kt.d))
                an_case_sign(c, &kt, r->with, true);
        }
        an_case_eval(c, &kt, &rt);
        if (rt.outcome == EV_PERMITTED)
            return; /* the evaluator finds a decider: not a gap (a fault here, never shown) */
        if (!found || (res.outcome != EV_ESCALATE && rt.outcome == EV_ESCALATE)) {
            k = kt;
            k.d.co = k.co;
            res = rt;
            found = true;
        }
        if (res.outcome == EV_ESCALATE)
            break;
    }
    if (!found)
        return;
    /* the top: one body that reports to no one, or several (a partnership
     * of sovereign bodies, whose gaps are not one body's to fill) */
    uint32_t root = PL_NONE;
    bool one_root = true;
    for (uint32_t i = 0; i < m->ndel; i++) {
        uint32_t f = p->rules[m->del[i]].from;
        if (pl_is_root(p, f) && root != PL_NONE && f != root)
            one_root = false;
        if (pl_is_root(p, f) && root == PL_NONE)
            root = f;
    }
    /* with one top, it is named even when the example is not sent to it
     * (refused, say): "below a body that reports to no one" read as if
     * there were several */
    if (one_root && root == PL_NONE && res.outcome == EV_ESCALATE && pl_is_root(p, res.target))
        root = res.target;
    char top[300];
    if (!one_root)
        snprintf(top, sizeof top, "the bodies that report to no one");
    else if (root != PL_NONE)
        snprintf(top, sizeof top, "%s", holder_title(p, root));
    else
        snprintf(top, sizeof top, "a body that reports to no one");

    char e[160], s[160];
    const pl_field *pf = m->primary ? &mt->fields[m->var[0]] : NULL;
    if (below != PL_NONE)
        xp_value_text(p, pf, end, false, e, sizeof e);
    if (above != PL_NONE)
        xp_value_text(p, pf, begin, false, s, sizeof s);
    const char *what = where.u ? ar_printf(c->a, "decisions of %s where %s", mt->name, where.b)
                               : ar_printf(c->a, "decisions of %s", mt->name);
    const char *have = "have"; /* the whole matter: "decisions of spend have" (it read "no
                                  decision of spend has no decider") */
    dg_item *it;
    if (below != PL_NONE && above != PL_NONE) {
        const pl_rule *lo = &p->rules[below], *hi = &p->rules[above];
        it = an_report(c, REMIT_WARNING, lo->loc, "R0851",
                       "%s %s no decider below %s: this delegation to %s ends at %s, and the one to "
                       "%s (%s:%u) begins at %s", what, have, top, holder_title(p, lo->to), e,
                       holder_title(p, hi->to), hi->src.file, hi->src.line, s);
        dg_hint(c->s, it, "widen one of the two delegations to meet the other, or delegate the "
                          "decisions between them; as written they all go up to %s%s",
                top, left ? ar_printf(c->a, " (and %u more gaps in %s not listed)", left, mt->name) : "");
    } else if (below != PL_NONE) {
        const pl_rule *lo = &p->rules[below];
        it = an_report(c, REMIT_WARNING, lo->loc, "R0852",
                       "%s %s no decider below %s: this delegation to %s ends at %s, and no rule "
                       "says who takes them", what, have, top, holder_title(p, lo->to), e);
    } else
        it = an_report(c, REMIT_WARNING, mt->loc, "R0852",
                       "%s %s no decider below %s: no delegation of %s covers %s, and no rule "
                       "says who takes them", what, have, top, mt->name, where.u ? "them" : "any of them");
    if (below == PL_NONE || above == PL_NONE) {
        cv_text cond = {.u = 0};
        const char *more = left ? ar_printf(c->a, " (and %u more gaps in %s not listed)", left, mt->name) : "";
        bool named = one_root && root != PL_NONE;
        if (named && cond_words(m, bx, &cond))
            dg_hint(c->s, it, "if %s should take them, say so: `reserve %s to %s when %s`; "
                              "otherwise delegate them%s", top, mt->name,
                    p->holders[root].name, cond.b, more);
        else if (named && !where.u)
            dg_hint(c->s, it, "if %s should take them, say so: `reserve %s to %s`; otherwise "
                              "delegate them%s", top, mt->name, p->holders[root].name, more);
        else if (cond_words(m, bx, &cond))
            dg_hint(c->s, it, "delegate them, or say which body takes them: `reserve %s to BODY "
                              "when %s`%s", mt->name, cond.b, more);
        else
            dg_hint(c->s, it, "delegate them, or say which body takes them with `reserve %s to "
                              "BODY when ...`%s", mt->name, more);
    }
    an_example(c, it, &k);
}

/* Constants node n compares field f with, and either side, into out
 * (NULL: only counted). */
static void cv_constants(const remit_policy *p, uint32_t n, uint32_t f, int64_t *out, uint32_t *k)
{
    if (n == PL_NONE)
        return;
    const pl_node *x = &p->nodes[n];
    if (x->op == N_CMP) {
        const pl_node *a = &p->nodes[x->a], *b = &p->nodes[x->b];
        const pl_node *con = a->op == N_FIELD && a->a == f ? b : b->op == N_FIELD && b->a == f ? a : NULL;
        if (con && con->op == N_CONST)
            for (int64_t dl = -1; dl <= 1; dl++, (*k)++)
                if (out)
                    out[*k] = con->k + dl;
    }
    if (x->op == N_CMP || x->op == N_AND || x->op == N_OR || x->op == N_NOT) {
        cv_constants(p, x->a, f, out, k);
        if (x->op != N_NOT)
            cv_constants(p, x->b, f, out, k);
    }
}

static int cmp64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* The values of field f worth trying (analyse.c's an_values, SPEC 8.2),
 * without its cap on how many constants: a matter with thousands of
 * delegations has thousands of limits, and every one is a boundary.
 * Returns how many; writes them when out is given (room for them all). */
static uint32_t cv_values(cv_matter *m, uint32_t f, int64_t *out)
{
    const remit_policy *p = m->c->p;
    const pl_matter *mt = &p->matters[m->matter];
    const pl_field *fd = &mt->fields[f];
    if (!is_ordered(fd->type)) {
        uint32_t n = an_values(m->w, m->matter, f, false, m->rel, m->nrel, NULL, 0);
        return out ? an_values(m->w, m->matter, f, false, m->rel, m->nrel, out, n) : n;
    }
    uint32_t k = 1;
    for (uint32_t i = 0; i < m->nrel; i++) {
        const pl_rule *r = &p->rules[m->rel[i]];
        cv_constants(p, r->when, f, NULL, &k);
        cv_constants(p, r->limit, f, NULL, &k);
        k += r->upto >= 0 && f == mt->money_field ? 3 : 0;
    }
    int64_t *t = ar_alloc(m->w->a, (size_t)k * sizeof *t);
    k = 0;
    t[k++] = fd->type == TY_SCORE ? fd->lo : fd->type == TY_DATE ? m->c->date : 0; /* neutral */
    for (uint32_t i = 0; i < m->nrel; i++) {
        const pl_rule *r = &p->rules[m->rel[i]];
        cv_constants(p, r->when, f, t, &k);
        cv_constants(p, r->limit, f, t, &k);
        for (int64_t dl = -1; r->upto >= 0 && f == mt->money_field && dl <= 1; dl++)
            t[k++] = r->upto + dl;
    }
    qsort(t, k, sizeof *t, cmp64);
    uint32_t n = 0;
    for (uint32_t i = 0; i < k; i++) {
        bool ok = i == 0 || t[i] != t[i - 1];
        if (fd->type == TY_SCORE)
            ok &= t[i] >= fd->lo && t[i] <= fd->hi;
        if (fd->type == TY_MONEY || fd->type == TY_DAYS || fd->type == TY_PERCENT)
            ok &= t[i] >= 0;
        if (ok && out)
            out[n] = t[i];
        n += ok;
    }
    return n;
}

typedef struct cv_start {
    int64_t lb;
    uint32_t i;
} cv_start;

static int by_lower(const void *a, const void *b)
{
    const cv_start *x = a, *y = b;
    if (x->lb != y->lb)
        return x->lb < y->lb ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

static void cover_matter(an_ctx *c, an_ctx *w, uint32_t mi)
{
    const remit_policy *p = c->p;
    const pl_matter *mt = &p->matters[mi];
    cv_matter m = {.c = c, .w = w, .matter = mi, .anyone = PL_NONE};
    m.rel = ar_alloc(w->a, (mt->nrules + 1) * sizeof *m.rel);
    m.del = ar_alloc(w->a, (mt->nrules + 1) * sizeof *m.del);
    m.pur = ar_alloc(w->a, (mt->nrules + 1) * sizeof *m.pur);
    bool *used = ar_alloc(w->a, mt->nfields + 1), *dused = ar_alloc(w->a, mt->nfields + 1);
    for (uint32_t i = 0; i < mt->nrules; i++) {
        const pl_rule *r = &p->rules[mt->rules[i]];
        if (r->kind != R_DELEGATE && r->kind != R_RESERVE && r->kind != R_REFUSE &&
            r->kind != R_ESCALATE)
            continue;
        m.rel[m.nrel++] = r->index;
        if (r->kind == R_RESERVE || (r->kind == R_REFUSE && r->for_holder == PL_NONE) ||
            (r->kind == R_ESCALATE && r->from == PL_NONE && r->after < 0))
            m.pur[m.npur++] = r->index;
        fields_used(p, r->when, used);
        fields_used(p, r->limit, used);
        if (r->kind != R_DELEGATE)
            continue;
        if (m.anyone == PL_NONE)
            m.anyone = r->to;
        fields_used(p, r->when, dused);
        fields_used(p, r->limit, dused);
        if (r->upto >= 0 && mt->money_field != PL_NONE)
            used[mt->money_field] = dused[mt->money_field] = true;
        if (r->spectrum != SP_ADVISE && pl_is_root(p, r->from))
            m.del[m.ndel++] = r->index;
    }
    if (m.anyone == PL_NONE)
        return; /* decided at the top, or reserved: nothing is delegated */
    /* the fields to vary: those the rules read, narrowed to those the
     * delegations read, then to the primary alone, while there are more
     * than CV_MAX_POINTS combinations */
    uint32_t prim = mt->money_field != PL_NONE && used[mt->money_field] ? mt->money_field : PL_NONE;
    for (uint32_t f = 0; f < mt->nfields && prim == PL_NONE; f++)
        if (used[f] && is_ordered(mt->fields[f].type))
            prim = f;
    uint32_t *nv = ar_alloc(w->a, (mt->nfields + 1) * sizeof *nv);
    for (uint32_t f = 0; f < mt->nfields; f++)
        nv[f] = used[f] ? cv_values(&m, f, NULL) : 1;
    for (int narrow = 0; narrow < 3; narrow++) {
        uint64_t prod = 1;
        for (uint32_t f = 0; f < mt->nfields; f++)
            if (used[f] && (prod *= nv[f]) > CV_MAX_POINTS)
                prod = CV_MAX_POINTS + 1;
        if (prod <= CV_MAX_POINTS)
            break;
        for (uint32_t f = 0; f < mt->nfields; f++)
            used[f] &= narrow == 0 ? dused[f] : f == prim;
    }
    m.var = ar_alloc(w->a, (mt->nfields + 1) * sizeof *m.var);
    if (prim != PL_NONE && used[prim]) {
        m.var[m.nvar++] = prim;
        m.primary = true;
    }
    for (uint32_t f = 0; f < mt->nfields; f++)
        if (used[f] && f != prim)
            m.var[m.nvar++] = f;
    m.vals = ar_alloc(w->a, (m.nvar + 1) * sizeof *m.vals);
    m.nval = ar_alloc(w->a, (m.nvar + 1) * sizeof *m.nval);
    for (uint32_t i = 0; i < m.nvar; i++) {
        m.vals[i] = ar_alloc(w->a, (nv[m.var[i]] + 1) * sizeof *m.vals[i]);
        m.nval[i] = cv_values(&m, m.var[i], m.vals[i]);
    }
    /* each delegation's bounds on the primary field, and the widest
     * reach of those starting at or below each point (point_status) */
    m.lb = ar_alloc(w->a, (m.ndel + 1) * sizeof *m.lb);
    m.ub = ar_alloc(w->a, (m.ndel + 1) * sizeof *m.ub);
    m.by_lb = ar_alloc(w->a, (m.ndel + 1) * sizeof *m.by_lb);
    m.widest = ar_alloc(w->a, (m.ndel + 1) * sizeof *m.widest);
    cv_start *starts = ar_alloc(w->a, (m.ndel + 1) * sizeof *starts);
    for (uint32_t i = 0; i < m.ndel; i++) {
        const pl_rule *r = &p->rules[m.del[i]];
        int64_t lo = INT64_MIN, hi = INT64_MAX, b;
        for (int part = 0; m.primary && part < 2; part++) {
            uint32_t n = part ? r->when : r->limit;
            if (bound_of(p, n, m.var[0], false, &b) && b > lo)
                lo = b;
            if (bound_of(p, n, m.var[0], true, &b) && b < hi)
                hi = b;
        }
        if (m.primary && m.var[0] == mt->money_field && r->upto >= 0 && r->upto < hi)
            hi = r->upto;
        m.lb[i] = lo;
        m.ub[i] = hi;
        starts[i] = (cv_start){lo, i};
    }
    qsort(starts, m.ndel, sizeof *starts, by_lower);
    for (uint32_t j = 0; j < m.ndel; j++)
        m.by_lb[j] = starts[j].i;
    for (uint32_t j = 0; j < m.ndel; j++)
        m.widest[j] = j && m.ub[m.widest[j - 1]] >= m.ub[m.by_lb[j]] ? m.widest[j - 1] : m.by_lb[j];
    m.hot = PL_NONE;
    an_case_init(w, &m.k, mi, m.anyone);
    m.first = m.primary ? 1 : 0;
    m.np = m.primary ? m.nval[0] : 1;
    m.stride = ar_alloc(w->a, (m.nvar + 1) * sizeof *m.stride);
    m.ncombo = 1;
    for (uint32_t i = m.first; i < m.nvar; i++) {
        m.stride[i] = m.ncombo;
        m.ncombo *= m.nval[i];
    }
    /* each point costs the rules that can settle it (SPEC 8.2.8) */
    if (!an_spend(w, (uint64_t)m.ncombo * m.np * (m.npur + 2)))
        return;
    m.st = ar_alloc(w->a, (size_t)m.ncombo * m.np + 1);
    m.taken = ar_alloc(w->a, (size_t)m.ncombo * m.np + 1);
    m.box = ar_alloc(w->a, (CV_MAX_REGIONS + 1) * sizeof *m.box);
    scan(&m);
    find_gaps(&m);
    for (uint32_t f = 0; f < m.nbox && f < CV_MAX_FINDINGS; f++)
        report_gap(&m, &m.box[f], f + 1 == CV_MAX_FINDINGS ? m.nbox - CV_MAX_FINDINGS + m.more : 0);
}

/* ====================================================== contradictions */

typedef struct cv_pair {
    const pl_rule *a, *b;
    int64_t after;              /* the longer `after` of the two, or -1 */
} cv_pair;

/* Both rules apply and the evaluator names this pair as a contradiction. */
static bool contradict(an_ctx *c, an_case *k, void *arg)
{
    const cv_pair *x = arg;
    const remit_policy *p = c->p;
    if (x->after >= 0)
        k->d.opened = k->d.date - x->after - 1; /* open long enough for both */
    if (!ev_rule_applies(p, x->a, &k->d) || !ev_rule_applies(p, x->b, &k->d))
        return false;
    ev_result r;
    an_case_eval(c, k, &r);
    if (r.outcome != EV_UNDETERMINED || !r.nreasons || r.reasons[0].kind != WHY_CONTRADICTION)
        return false;
    uint32_t u = r.reasons[0].rule, v = r.reasons[0].rule2;
    return (u == x->a->index && v == x->b->index) || (u == x->b->index && v == x->a->index);
}

static bool related(const remit_policy *p, const pl_rule *a, const pl_rule *b)
{
    return ev_takes_precedence(p, a->index, b->index) || ev_takes_precedence(p, b->index, a->index);
}

static const char *precedence_hint(an_ctx *c, const pl_rule *a, const pl_rule *b)
{
    if (a->label && b->label)
        return ar_printf(c->a, "say which wins, e.g. `precedence %s over %s`, or narrow one of them "
                               "with `when` so that they never meet (SPEC 7.3.3)", b->label, a->label);
    return ar_printf(c->a, "say which wins with `precedence A over B` (give each rule a label "
                           "first: `name: %s ...`), or narrow one of them with `when` so that they "
                           "never meet (SPEC 7.3.3)", ast_rule_word(a->kind));
}

static bool below_both(const remit_policy *p, uint32_t h, const pl_rule *a, const pl_rule *b)
{
    return !(!a->to_next_tier && ev_at_or_above(p, a->matter, h, a->to)) &&
           !(!b->to_next_tier && ev_at_or_above(p, b->matter, h, b->to));
}

/* A decider that is at or above neither target (so that both escalations
 * send it up): the rules' `from`, else a delegate of the matter, else any
 * holder, roles first. */
static uint32_t low_decider(const remit_policy *p, const pl_rule *a, const pl_rule *b)
{
    if (a->from != PL_NONE)
        return a->from;
    if (b->from != PL_NONE)
        return b->from;
    const pl_matter *mt = &p->matters[a->matter];
    for (uint32_t i = 0; i < mt->nrules; i++) {
        const pl_rule *r = &p->rules[mt->rules[i]];
        if (r->kind == R_DELEGATE && below_both(p, r->to, a, b))
            return r->to;
    }
    for (uint32_t h = 0; h < p->nholders; h++)
        if (below_both(p, h, a, b))
            return h;
    return PL_NONE;
}

static void contradictions(an_ctx *c, uint32_t mi)
{
    const remit_policy *p = c->p;
    const pl_matter *mt = &p->matters[mi];
    for (uint32_t j = 0; j < mt->nrules; j++) {
        const pl_rule *b = &p->rules[mt->rules[j]];
        if (b->kind != R_RESERVE && b->kind != R_ESCALATE)
            continue;
        for (uint32_t i = 0; i < j; i++) {
            const pl_rule *a = &p->rules[mt->rules[i]];
            if (!an_spend(c, 1))
                return; /* every pair needs a search */
            if (a->kind != b->kind || related(p, a, b))
                continue;
            if (!a->to_next_tier && !b->to_next_tier && a->to == b->to)
                continue; /* the same holder: no disagreement */
            uint32_t decider;
            if (a->kind == R_RESERVE)
                decider = a->to;
            else {
                if (a->from != PL_NONE && b->from != PL_NONE && a->from != b->from)
                    continue; /* never the same decider */
                if (!a->to_next_tier && !b->to_next_tier &&
                    (ev_at_or_above(p, mi, a->to, b->to) || ev_at_or_above(p, mi, b->to, a->to)))
                    continue; /* the higher one wins (SPEC 7.8) */
                decider = low_decider(p, a, b);
                if (decider == PL_NONE)
                    continue;
            }
            an_case k;
            an_case_init(c, &k, mi, decider);
            cv_pair x = {a, b, a->after > b->after ? a->after : b->after};
            uint32_t two[2] = {a->index, b->index};
            if (!an_search(c, &k, true, two, 2, contradict, &x))
                continue;
            dg_item *g;
            if (a->kind == R_RESERVE)
                g = an_report(c, REMIT_ERROR, b->loc, "R0861",
                              "this reservation keeps decisions of %s for %s, and the one at %s:%u "
                              "keeps some of the same decisions for %s; no `precedence` says which "
                              "wins, so such decisions are undetermined", mt->name, holder_title(p, b->to),
                              a->src.file, a->src.line, holder_title(p, a->to));
            else
                g = an_report(c, REMIT_ERROR, b->loc, "R0862",
                              "this escalation sends decisions of %s to %s, and the one at %s:%u "
                              "sends some of the same decisions to %s, neither above the other; no "
                              "`precedence` says which wins, so such decisions are undetermined", mt->name,
                              b->to_next_tier ? "the next tier" : holder_title(p, b->to),
                              a->src.file, a->src.line,
                              a->to_next_tier ? "the next tier" : holder_title(p, a->to));
            dg_hint(c->s, g, "%s", precedence_hint(c, a, b));
            an_example(c, g, &k);
            break; /* one finding for each rule is enough to act on */
        }
    }
}

void an_coverage(an_ctx *c)
{
    const remit_policy *p = c->p;
    rm_arena scratch = {.head = NULL, .guard = c->a->guard};
    rm_cleanup_push(c->s, ar_cleanup, &scratch);
    an_ctx w = *c;
    w.a = &scratch;
    for (uint32_t mi = 0; mi < p->nmatters; mi++) {
        cover_matter(c, &w, mi);
        ar_reset(&scratch);
    }
    rm_cleanup_pop(c->s, &scratch);
    ar_free_all(&scratch);
    for (uint32_t mi = 0; mi < p->nmatters; mi++)
        contradictions(c, mi);
}
