/*
 * an_lint.c - lints (SPEC.md 8.2.5, R0841-R0846): warnings about the shape
 * of a scheme that is well formed but probably not what its authors meant.
 * A body too large to hold anyone responsible, a delegation that passes
 * over a tier, a role or matter nothing uses, a second body at the top of
 * the reporting lines, a large delegation with no duty to report back.
 *
 * Lints are about structure, not about decisions, so they carry no example
 * decision; each points at the declaration or rule that carries the fault.
 * They read the compiled policy, and the syntax tree (read-only) for what
 * the compiled policy does not keep: where each `members` entry is written
 * and which kind of body a body is.  Every lint is linear in the size of
 * the policy.
 */
#include <stdio.h>
#include <string.h>

#include "analyse.h"

/* seeds/001: "groups of 20 or more participants, where responsibility
 * becomes diluted"; issue 4 asks for a warning above 20. */
#define AN_LINT_MAX_MEMBERS 20

/* A delegation whose decisions can be worth more than this needs a duty to
 * report them: £25,000 is the amount above which NHS bodies and central
 * government publish each item of their spending (HM Treasury transparency
 * guidance), the common public line between routine spend and spend that
 * is accounted for one item at a time.  Below it, reporting each decision
 * back is not proportionate (seeds/001: "risk-based and proportionate"). */
#define AN_LINT_REPORT_ABOVE INT64_C(2500000) /* pence */

static const char *title_of(const remit_policy *p, uint32_t h)
{
    const pl_holder *x = &p->holders[h];
    return x->title && *x->title ? x->title : x->name;
}

static bool in_stdlib(an_ctx *c, rm_loc loc)
{
    const rm_file *f = c->s->files.v[loc.file];
    return !strncmp(f->path, "<stdlib>/", 9);
}

static int64_t add_sat(int64_t a, int64_t b) { return a > INT64_MAX - b ? INT64_MAX : a + b; }

/* The declaration of each body, from the syntax tree, by holder index
 * (NULL for roles): lowering numbers the bodies after the roles, in
 * declaration order (policy.h). */
static const rm_decl **body_decls(an_ctx *c)
{
    const remit_policy *p = c->p;
    const rm_decl **of = ar_alloc(c->a, (p->nholders + 1) * sizeof *of);
    rm_vec *ds = &c->s->decls;
    for (uint32_t i = 0, b = p->nroles; i < ds->n && b < p->nholders; i++) {
        const rm_decl *d = ds->v[i];
        if (d->kind == D_BODY)
            of[b++] = d;
    }
    return of;
}

/* ------------------------------------------------ the top of the scheme */

/* Where authority starts (SPEC 7.4) as the authors meant it: the bodies
 * that report to no one and say `is board`; when none does, the first body
 * declared that reports to no one.  tops[h] is set for each; returns the
 * first, or PL_NONE when every body reports to another. */
static uint32_t find_tops(an_ctx *c, const rm_decl **decl, bool *tops)
{
    const remit_policy *p = c->p;
    uint32_t first = PL_NONE, first_board = PL_NONE;
    for (uint32_t h = p->nroles; h < p->nholders; h++) { /* bodies, in declaration order */
        if (!decl[h] || p->holders[h].nparents)
            continue;
        if (first == PL_NONE)
            first = h;
        if (rm_name_is(&decl[h]->u.body.type, "board")) {
            tops[h] = true;
            if (first_board == PL_NONE)
                first_board = h;
        }
    }
    if (first_board != PL_NONE)
        return first_board;
    if (first != PL_NONE)
        tops[first] = true;
    return first;
}

/* R0841 (large bodies) and R0845 (a second top) read the body declarations. */
static void lint_bodies(an_ctx *c, const rm_decl **decl, const bool *tops, uint32_t top)
{
    const remit_policy *p = c->p;
    for (uint32_t h = p->nroles; h < p->nholders; h++) {
        const rm_decl *d = decl[h];
        if (!d)
            continue;
        const pl_holder *x = &p->holders[h];
        const rm_vec *ms = &d->u.body.members;
        /* the most members the line states: an open count (`2+ ned`) says
         * how many at least, not how many there will be, so it counts at
         * its least */
        int64_t most = 0;
        bool fixed = true;
        for (uint32_t k = 0; k < ms->n; k++) {
            const rm_member *m = ms->v[k];
            most = add_sat(most, m->hi >= 0 ? m->hi : m->lo);
            fixed = fixed && m->hi == m->lo;
        }
        if (most > AN_LINT_MAX_MEMBERS) {
            const rm_member *m0 = ms->v[0], *mn = ms->v[ms->n - 1];
            rm_loc at = m0->loc;
            if (mn->loc.file == at.file && mn->loc.end > at.end)
                at.end = mn->loc.end;
            dg_item *g = an_report(c, REMIT_WARNING, at, "R0841",
                                   "the %s %s %lld members: in a group of more than %d, responsibility "
                                   "becomes diluted and decisions slow (seeds/001)",
                                   title_of(p, h), fixed ? "has" : "can have as many as",
                                   (long long)most, AN_LINT_MAX_MEMBERS);
            dg_hint(c->s, g, "keep in the room only those who take the decision: move the others to "
                             "a committee that reports to '%s', or lower the counts to %d members "
                             "or fewer", x->name, AN_LINT_MAX_MEMBERS);
        }
        /* R0847: a place of `chaired by` that no member can fill, so that
         * it never presides (SPEC 4.7) */
        for (uint32_t j = 0; j < x->nchairs && x->nmembers; j++) {
            bool fills = false;
            for (uint32_t k = 0; k < x->nmembers && !fills; k++)
                fills = ev_chair_fits(p, &x->chairs[j], x->members[k].role) &&
                        (x->members[k].hi < 0 || x->members[k].hi > 0);
            if (fills)
                continue;
            bool kind = x->chairs[j].is_kind;
            const char *who = kind ? p->kinds[x->chairs[j].who] : p->holders[x->chairs[j].who].name;
            dg_item *g = an_report(c, REMIT_WARNING, d->u.body.chairs_loc, "R0847",
                                   kind ? "'%s' in the %s's `chaired by`: no member of it is of that kind, so it "
                                          "never presides"
                                        : "'%s' in the %s's `chaired by` is not a member of it, so it never presides",
                                   who, title_of(p, h));
            dg_hint(c->s, g, "name roles of its `members` line, in the order they preside");
        }
        if (!x->nparents && !tops[h] && top != PL_NONE) {
            const char *kind = d->u.body.type.len ? ar_strndup(c->a, d->u.body.type.s, d->u.body.type.len)
                                                  : "body";
            dg_item *g = an_report(c, REMIT_WARNING, x->loc, "R0845",
                                   "the %s '%s' reports to no one, so, like the %s, it holds every "
                                   "matter (SPEC 7.4)", kind, x->name, title_of(p, top));
            dg_hint(c->s, g, "add `reports to %s` (or to the body it answers to); if authority "
                             "really starts here, say so with `is board`", p->holders[top].name);
        }
    }
}

/* ------------------------------------------------------- tier skipping */

/* R0842: a delegation between holders with tiers passes over a tier at
 * which the policy has a holder.  at_tier[t] is such a holder (a body if
 * there is one). */
static void lint_tiers(an_ctx *c)
{
    const remit_policy *p = c->p;
    if (p->ntiers < 3)
        return;
    uint32_t *at_tier = ar_alloc(c->a, p->ntiers * sizeof *at_tier);
    for (uint32_t t = 0; t < p->ntiers; t++)
        at_tier[t] = PL_NONE;
    for (uint32_t h = 0; h < p->nholders; h++) { /* roles first, then bodies */
        int32_t t = p->holders[h].tier;
        if (t >= 0 && (uint32_t)t < p->ntiers &&
            (at_tier[t] == PL_NONE || (p->holders[h].is_body && !p->holders[at_tier[t]].is_body)))
            at_tier[t] = h;
    }
    for (uint32_t i = 0; i < p->nrules; i++) {
        const pl_rule *r = &p->rules[i];
        if (r->kind != R_DELEGATE || r->spectrum == SP_ADVISE || r->from == PL_NONE || r->to == PL_NONE)
            continue;
        int32_t a = p->holders[r->from].tier, b = p->holders[r->to].tier;
        if (a < 0 || b < 0 || (a - b <= 1 && b - a <= 1))
            continue;
        int32_t lo = a < b ? a : b, hi = a < b ? b : a;
        char over[512] = "";
        size_t n = 0;
        uint32_t nskip = 0, via = PL_NONE;
        for (int32_t t = lo + 1; t < hi; t++) {
            if (at_tier[t] == PL_NONE)
                continue;
            nskip++;
            if (via == PL_NONE || a > b) /* going down: the tier next to the delegator's */
                via = at_tier[t];
            if (n < sizeof over - 1) {
                int k = snprintf(over + n, sizeof over - n, "%s%s (where '%s' sits)", n ? ", " : "",
                                 p->tiers[t], p->holders[at_tier[t]].name);
                n = k < 0 ? n : n + (size_t)k;
            }
        }
        if (!nskip)
            continue;
        dg_item *g = an_report(c, REMIT_WARNING, r->loc, "R0842",
                               "this delegation of %s %s from the %s (%s) to the %s (%s), skipping "
                               "%s", p->matters[r->matter].name, a > b ? "goes down" : "goes up",
                               title_of(p, r->from), p->tiers[a], title_of(p, r->to), p->tiers[b], over);
        if (a > b)
            dg_hint(c->s, g, "decisions are taken at the lowest tier that can take them, one step "
                             "at a time (subsidiarity, seeds/002): delegate to '%s' with `may "
                             "subdelegate` and let it delegate on, or correct the tiers given with `at`",
                    p->holders[via].name);
        else
            dg_hint(c->s, g, "a delegation up the tiers usually has `from` and `to` the wrong way "
                             "round; check them, and the tiers given with `at`");
    }
}

/* ------------------------------------------------------------- unused */

static void mark_signers(const pl_signers *g, bool *holder_used, bool *kind_used)
{
    for (uint32_t a = 0; g && a < g->nalts; a++)
        for (uint32_t s = 0; s < g->alts[a].nslots; s++) {
            const pl_slot *sl = &g->alts[a].slots[s];
            bool *u = sl->is_kind ? kind_used : holder_used;
            if (sl->who != PL_NONE)
                u[sl->who] = true;
        }
}

/* R0843: a role that no body lists and nothing names (nor signs for, by
 * its kind); R0844: a matter with no rules.  Declarations in the standard
 * library are not judged: a module may declare more than one policy uses. */
static void lint_unused(an_ctx *c, uint32_t top)
{
    const remit_policy *p = c->p;
    bool *used = ar_alloc(c->a, (p->nholders + 1) * sizeof *used);
    bool *kind_used = ar_alloc(c->a, (p->nkinds + 1) * sizeof *kind_used);
#define USE(h) do { if ((h) < p->nholders) used[h] = true; } while (0)
    for (uint32_t h = p->nroles; h < p->nholders; h++) {
        const pl_holder *x = &p->holders[h];
        for (uint32_t k = 0; k < x->nmembers; k++)
            USE(x->members[k].role);
        for (uint32_t k = 0; k < x->nquorum; k++)
            if (!x->quorum[k].who_is_kind)
                USE(x->quorum[k].who);
    }
    for (uint32_t i = 0; i < p->nrules; i++) {
        const pl_rule *r = &p->rules[i];
        USE(r->from);
        USE(r->to);
        USE(r->for_holder);
        mark_signers(r->with, used, kind_used);
        for (uint32_t k = 0; k < r->nobligations; k++)
            USE(r->obligations[k].holder);
    }
#undef USE
    for (uint32_t h = 0; h < p->nroles; h++) {
        const pl_holder *x = &p->holders[h];
        bool u = used[h];
        for (uint32_t k = 0; k < x->nkinds && !u; k++)
            u = x->kinds[k] < p->nkinds && kind_used[x->kinds[k]];
        if (u || in_stdlib(c, x->loc))
            continue;
        dg_item *g = an_report(c, REMIT_WARNING, x->loc, "R0843",
                               "the role '%s' is not used: no body lists it as a member, and no rule "
                               "gives it authority, names it or needs its signature", x->name);
        dg_hint(c->s, g, "add it to the `members` of the body it sits on, or give it authority "
                         "(`delegate ... to %s`); if the post has no part in this scheme, remove it",
                x->name);
    }
    for (uint32_t m = 0; m < p->nmatters; m++) {
        const pl_matter *x = &p->matters[m];
        if (x->nrules || in_stdlib(c, x->loc))
            continue;
        dg_item *g = an_report(c, REMIT_WARNING, x->loc, "R0844",
                               "the matter '%s' has no rules: nothing says who decides it", x->name);
        if (top != PL_NONE)
            dg_hint(c->s, g, "say who decides it with `reserve` or `delegate`, or remove it; as it "
                             "stands only the %s can decide it, as the body where authority starts "
                             "(SPEC 7.4)", title_of(p, top));
        else
            dg_hint(c->s, g, "say who decides it with `reserve` or `delegate`, or remove it");
    }
}

/* ------------------------------------------------------ reporting back */

/* A comparison of money field mf with a constant, as bounds on the field:
 * *most, the highest amount it lets through (or -1), *above, the amount
 * above which it lets everything through (or INT64_MAX). */
static void money_bounds(const remit_policy *p, uint32_t node, uint32_t mf, int64_t *most, int64_t *above)
{
    *most = -1;
    *above = INT64_MAX;
    const pl_node *n = &p->nodes[node];
    if (n->op != N_CMP)
        return;
    const pl_node *x = &p->nodes[n->a], *y = &p->nodes[n->b];
    cmp_op op = (cmp_op)n->cmp;
    if (y->op == N_FIELD && x->op == N_CONST) { /* £1m >= amount: amount <= £1m */
        const pl_node *t = x;
        x = y;
        y = t;
        op = op == OP_LT ? OP_GT : op == OP_GT ? OP_LT : op == OP_LE ? OP_GE : op == OP_GE ? OP_LE : op;
    }
    if (x->op != N_FIELD || x->a != mf || y->op != N_CONST)
        return;
    switch (op) {
    case OP_LE: *most = y->k; break;
    case OP_LT: *most = y->k - 1; break;
    case OP_EQ: *most = y->k; break;
    case OP_GT: *above = y->k; break;
    case OP_GE: *above = y->k - 1; break;
    default: break;
    }
}

/* The most a decision under r can be worth: its `up to`, or a bound its
 * `when` or `limit` puts on the matter's money field; -1 when none. */
static int64_t ceiling_of(const remit_policy *p, const pl_rule *r)
{
    int64_t most = r->upto;
    for (uint32_t i = 0; i < r->nparts; i++) {
        int64_t b, above;
        money_bounds(p, r->parts[i].node, p->matters[r->matter].money_field, &b, &above);
        if (b >= 0 && (most < 0 || b < most))
            most = b;
    }
    return most;
}

static bool reports(const pl_rule *r)
{
    for (uint32_t k = 0; k < r->nobligations; k++)
        if (r->obligations[k].kind == OB_REPORT || r->obligations[k].kind == OB_RATIFY)
            return true;
    return false;
}

/* Does an `after` rule of matter m report every decision above the
 * threshold: no `when`, or a `when` that is only `FIELD > X` (or `>=`)
 * on the money field with X at most the threshold? */
static bool after_reports_large(const remit_policy *p, const pl_matter *m)
{
    for (uint32_t i = 0; i < m->nrules; i++) {
        const pl_rule *r = &p->rules[m->rules[i]];
        if (r->kind != R_AFTER || r->nbeaten || !reports(r))
            continue;
        if (r->when == PL_NONE)
            return true;
        int64_t most, above; /* it reports every amount above `above` */
        money_bounds(p, r->when, m->money_field, &most, &above);
        if (above <= AN_LINT_REPORT_ABOVE)
            return true;
    }
    return false;
}

/* Per matter: the delegations to each holder, as lists threaded through
 * next[] from head[holder]; and what is known of each holder. */
typedef struct rep_walk {
    const remit_policy *p;
    uint32_t *head, *next;      /* head: per holder; next: per rule */
    uint8_t *state;             /* per holder: 0 unknown, 1 being worked out, 2 yes, 3 no */
} rep_walk;

static bool link_ok(rep_walk *w, const pl_rule *r, unsigned depth);

/* Is every decision that holder h passes on reported above it: is h
 * reached only through delegations that are small, report, have their
 * delegator co-decide, or are themselves reached that way?  A body that
 * reports to no one starts its chains, so nothing above it reports.  A
 * holder that no delegation reaches passes on nothing (the narrowing
 * analysis, not this lint, says so).  A chain has at most PL_MAX_CHAIN
 * links and never visits a holder twice, so the walk stops there. */
static bool reported_above(rep_walk *w, uint32_t h, unsigned depth)
{
    const remit_policy *p = w->p;
    if (p->holders[h].is_body && !p->holders[h].nparents)
        return false;
    if (w->state[h] >= 2)
        return w->state[h] == 2;
    if (w->state[h] == 1 || depth >= PL_MAX_CHAIN)
        return true;
    w->state[h] = 1;
    bool ok = true;
    for (uint32_t r = w->head[h]; r != PL_NONE && ok; r = w->next[r]) {
        const pl_rule *x = &p->rules[r];
        if (x->may_subdelegate)
            ok = link_ok(w, x, depth + 1);
    }
    w->state[h] = ok ? 2 : 3;
    return ok;
}

static bool link_ok(rep_walk *w, const pl_rule *r, unsigned depth)
{
    int64_t most = ceiling_of(w->p, r);
    if ((most >= 0 && most <= AN_LINT_REPORT_ABOVE) || reports(r) || r->spectrum == SP_JOINT)
        return true;
    /* a transfer moves accountability: whoever reported above, the
     * transferee now answers for it itself */
    return r->spectrum != SP_TRANSFER && reported_above(w, r->from, depth);
}

/* The body a report about a delegation from h would go to: h itself, the
 * first body that lists it as a member (sits_on), or the top. */
static uint32_t report_target(const remit_policy *p, const uint32_t *sits_on, uint32_t h, uint32_t top)
{
    return p->holders[h].is_body ? h : sits_on[h] != PL_NONE ? sits_on[h] : top;
}

/* Does a reservation without `when`, that no `precedence` can set aside,
 * keep every decision of the matter for a holder other than `to`?  Then a
 * delegation to `to` decides nothing (SPEC 7.5; narrowing's R0803 says so),
 * and has nothing to report. */
static bool reserved_away(const remit_policy *p, const pl_matter *m, uint32_t to)
{
    for (uint32_t i = 0; i < m->nrules; i++) {
        const pl_rule *x = &p->rules[m->rules[i]];
        if (x->kind == R_RESERVE && x->when == PL_NONE && x->nbeaten == 0 && x->to != to)
            return true;
    }
    return false;
}

/* R0846: a delegation (as `delegated`: `advise` moves no decision, under
 * `joint` the delegator decides too, a `transfer` moves accountability)
 * whose decisions can be worth more than AN_LINT_REPORT_ABOVE and that
 * no `report to` or `ratify by` follows: not its own, not one of every
 * delegation that brings the matter to its delegator, not an `after`. */
static void lint_reporting(an_ctx *c, uint32_t top)
{
    const remit_policy *p = c->p;
    rep_walk w = {.p = p};
    w.head = ar_alloc(c->a, (p->nholders + 1) * sizeof *w.head);
    w.next = ar_alloc(c->a, (p->nrules + 1) * sizeof *w.next);
    w.state = ar_alloc(c->a, p->nholders + 1);
    for (uint32_t h = 0; h < p->nholders; h++)
        w.head[h] = PL_NONE;
    uint32_t *seen = ar_alloc(c->a, (p->nholders + 1) * sizeof *seen), nseen;
    uint32_t *sits_on = ar_alloc(c->a, (p->nholders + 1) * sizeof *sits_on);
    for (uint32_t h = 0; h < p->nholders; h++)
        sits_on[h] = PL_NONE;
    for (uint32_t b = p->nholders; b-- > p->nroles;) /* the first body that lists it wins */
        for (uint32_t k = 0; k < p->holders[b].nmembers; k++)
            if (p->holders[b].members[k].role < p->nholders)
                sits_on[p->holders[b].members[k].role] = b;
    for (uint32_t mi = 0; mi < p->nmatters; mi++) {
        const pl_matter *m = &p->matters[mi];
        if (m->money_field == PL_NONE || after_reports_large(p, m))
            continue;
        nseen = 0;
        for (uint32_t i = m->nrules; i-- > 0;) { /* lists in declaration order */
            const pl_rule *r = &p->rules[m->rules[i]];
            if (r->kind != R_DELEGATE || r->spectrum == SP_ADVISE || r->to == PL_NONE)
                continue;
            if (w.head[r->to] == PL_NONE)
                seen[nseen++] = r->to;
            w.next[r->index] = w.head[r->to];
            w.head[r->to] = r->index;
        }
        for (uint32_t i = 0; i < m->nrules; i++) {
            const pl_rule *r = &p->rules[m->rules[i]];
            if (r->kind != R_DELEGATE || r->spectrum != SP_DELEGATED || r->from == PL_NONE ||
                link_ok(&w, r, 0) || reserved_away(p, m, r->to))
                continue;
            int64_t most = ceiling_of(p, r);
            char amount[64] = "of any amount";
            if (most >= 0) {
                char money[48];
                lit_format_money(most, money, sizeof money);
                snprintf(amount, sizeof amount, "up to %s", money);
            }
            dg_item *g = an_report(c, REMIT_WARNING, r->loc, "R0846",
                                   "this delegation lets the %s decide %s %s with no duty to report "
                                   "back", title_of(p, r->to), m->name, amount);
            uint32_t to = report_target(p, sits_on, r->from, top);
            char limit[48];
            lit_format_money(AN_LINT_REPORT_ABOVE, limit, sizeof limit);
            dg_hint(c->s, g, "add `report to %s within 30 days`: delegated authority comes with "
                             "reporting duties (seeds/001); or, if only small decisions are meant, "
                             "set `up to` at %s or less", to != PL_NONE ? p->holders[to].name : "BODY",
                    limit);
        }
        for (uint32_t k = 0; k < nseen; k++)
            w.head[seen[k]] = PL_NONE;
        /* state is per matter too: the holders it was set for are those
         * the walk reached, each through a list above or as a delegator */
        for (uint32_t i = 0; i < m->nrules; i++) {
            const pl_rule *r = &p->rules[m->rules[i]];
            if (r->from != PL_NONE && r->from < p->nholders)
                w.state[r->from] = 0;
            if (r->to != PL_NONE && r->to < p->nholders)
                w.state[r->to] = 0;
        }
    }
}

void an_lints(an_ctx *c)
{
    const remit_policy *p = c->p;
    const rm_decl **decl = body_decls(c);
    bool *tops = ar_alloc(c->a, (p->nholders + 1) * sizeof *tops);
    uint32_t top = find_tops(c, decl, tops);
    lint_bodies(c, decl, tops, top);
    lint_tiers(c);
    lint_unused(c, top);
    lint_reporting(c, top);
}
