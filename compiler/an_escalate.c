/*
 * an_escalate.c - escalation (SPEC.md 8.2.2, R0811-R0817): every route
 * of escalation ends at a holder that can take what it receives, goes up
 * rather than down or sideways, never comes back to where it started, and
 * `next tier` finds a body wherever it is used.
 *
 * Each rule is looked at on its own, with searches over the values its
 * own conditions (and those of the few rules that bear on its target)
 * make worth trying, so the work grows with the number of rules.
 */
#include <stdio.h>
#include <string.h>

#include "analyse.h"

#define ESC_MAX_RULES 32u   /* rules whose values a search tries */
#define ESC_MAX_STEPS 16u   /* escalations followed when looking for a circle */

static const char *holder_title(const remit_policy *p, uint32_t h)
{
    const pl_holder *x = &p->holders[h];
    return x->title && *x->title ? x->title : x->name;
}

/* "Audit Committee (audit)" */
static const char *who(an_ctx *c, uint32_t h)
{
    const pl_holder *x = &c->p->holders[h];
    return x->title && *x->title ? ar_printf(c->a, "%s (%s)", x->title, x->name) : x->name;
}

/* Co-signatories a decision by k's decider would bring: those every
 * applying `require` asks for, those of the `with` of each delegation to
 * the decider, and the delegator of a `joint` delegation to it. */
static void sign_for(an_ctx *c, an_case *k)
{
    const remit_policy *p = c->p;
    const pl_matter *m = &p->matters[k->d.matter];
    k->d.nco = 0;
    an_charge(c, m->nrules);
    for (uint32_t i = 0; i < m->nrules; i++) {
        const pl_rule *r = &p->rules[m->rules[i]];
        if (r->kind == R_REQUIRE && r->with && ev_rule_applies(p, r, &k->d))
            an_case_sign(c, k, r->with, true);
        if (r->kind != R_DELEGATE || r->to != k->d.decider || !ev_cond(p, r->when, &k->d))
            continue;
        if (r->with)
            an_case_sign(c, k, r->with, false);
        if (r->spectrum == SP_JOINT)
            an_case_cosign(k, r->from);
    }
}

/* The decision in k taken instead by h (as a body, at its meeting), with
 * what it would then have to say. */
static void take_as(an_ctx *c, an_case *k, uint32_t h)
{
    k->d.decider = h;
    k->d.body = c->p->holders[h].is_body ? h : PL_NONE;
    an_case_ready(c, k);
    sign_for(c, k);
}

/* The rule's `when` holds, and it has been open long enough for `after`. */
static bool rule_due(an_ctx *c, an_case *k, const pl_rule *r)
{
    if (!ev_cond(c->p, r->when, &k->d))
        return false;
    if (r->after >= 0)
        k->d.opened = k->d.date - r->after - 1;
    return true;
}

/* Does the outcome say that its decider holds no authority for the
 * decision (rather than that the route goes on, or that anyone would be
 * refused)? */
static bool lacks_authority(const remit_policy *p, const ev_result *o, uint32_t decider)
{
    if (o->outcome == EV_PERMITTED || o->nreasons == 0)
        return false;
    for (uint32_t i = 0; i < o->nreasons; i++)
        switch (o->reasons[i].kind) {
        case WHY_ESCALATION: case WHY_CONTRADICTION: case WHY_NO_ROUTE: case WHY_SIGNATURES:
        case WHY_INQUORATE: case WHY_QUORUM_LOST: case WHY_CONFLICTED: case WHY_CUMULATIVE:
        case WHY_EXPIRED:
            return false; /* the route goes on, or another finding */
        case WHY_REFUSE_RULE:
            if (p->rules[o->reasons[i].rule].for_holder != decider)
                return false; /* refused whoever takes it */
            break;
        default:
            break;
        }
    return true;
}

/* The rules whose values a search about rule r tries: r, the reservations
 * of its matter, and for a target t the rules that give it authority or
 * take it away; for a circle, the escalations that can move the decision
 * on from r's target. */
static uint32_t rules_about(an_ctx *c, const pl_rule *r, bool circle, uint32_t *out)
{
    const remit_policy *p = c->p;
    const pl_matter *m = &p->matters[r->matter];
    uint32_t n = 0, t = r->to;
    out[n++] = r->index;
    for (uint32_t i = 0; i < m->nrules && n < ESC_MAX_RULES; i++) {
        const pl_rule *x = &p->rules[m->rules[i]];
        bool about = circle ? x->kind == R_ESCALATE && (x->from == t || x->from == PL_NONE)
                            : x->to == t || x->for_holder == t;
        if (x != r && (x->kind == R_RESERVE || about))
            out[n++] = x->index;
    }
    return n;
}

/* Each search evaluates at most this many decisions (a matter with many
 * escalations would otherwise take minutes). */
#define ESC_MAX_EVALS 20000u

/* ------------------------------------------- R0811: a target that cannot decide */

typedef struct receive {
    const pl_rule *r;
    an_case *sender;            /* a decider the rule sends the decision from */
    bool nowhere;               /* and the target, not able to take it, sends it nowhere */
    uint32_t evals;             /* decisions evaluated so far */
} receive;

/* The rule sends the decision to its target, which cannot take it. */
static bool target_cannot_take(an_ctx *c, an_case *k, void *arg)
{
    receive *e = arg;
    const remit_policy *p = c->p;
    if (!ev_cond(p, e->r->when, &k->d) || ++e->evals > ESC_MAX_EVALS)
        return false;
    ev_result o;
    if (e->sender) {
        an_case *s = e->sender;
        const pl_matter *m = &p->matters[k->d.matter];
        memcpy(s->d.fields, k->d.fields, m->nfields * sizeof *s->d.fields);
        memcpy(s->d.context, k->d.context, p->ncontext * sizeof *s->d.context);
        take_as(c, s, s->d.decider);
        if (!rule_due(c, s, e->r))
            return false;
        an_case_eval(c, s, &o);
        if (o.outcome != EV_ESCALATE || o.target != e->r->to)
            return false; /* another rule takes it first */
    }
    take_as(c, k, e->r->to);
    an_case_eval(c, k, &o);
    return lacks_authority(p, &o, e->r->to) && (!e->nowhere || o.outcome != EV_ESCALATE);
}

/* Who sends decisions by rule r: its `from`, or a role that holds nothing
 * of the matter (so nothing of it is below the role); PL_NONE if none. */
static uint32_t sender_of(an_ctx *c, const pl_rule *r)
{
    const remit_policy *p = c->p;
    if (r->from != PL_NONE)
        return r->from;
    const pl_matter *m = &p->matters[r->matter];
    for (uint32_t h = 0; h < p->nroles; h++) {
        bool holds = h == r->to;
        for (uint32_t i = 0; i < m->nrules && !holds; i++) {
            const pl_rule *x = &p->rules[m->rules[i]];
            holds = x->from == h || x->to == h || x->for_holder == h;
        }
        if (!holds)
            return h;
    }
    return PL_NONE;
}

static void check_target(an_ctx *c, const pl_rule *r)
{
    const remit_policy *p = c->p;
    const pl_matter *m = &p->matters[r->matter];
    uint32_t rules[ESC_MAX_RULES];
    uint32_t n = rules_about(c, r, false, rules);
    an_case k, s;
    an_case_init(c, &k, r->matter, r->to);
    receive e = {r, NULL, false, 0};
    uint32_t from = sender_of(c, r);
    if (from != PL_NONE) {
        an_case_init(c, &s, r->matter, from);
        e.sender = &s;
    }
    if (!an_search(c, &k, true, rules, n, target_cannot_take, &e))
        return;
    /* worse: some of them then go nowhere at all */
    e.nowhere = true;
    e.evals = 0;
    an_case k2;
    an_case_init(c, &k2, r->matter, r->to);
    bool nowhere = an_search(c, &k2, true, rules, n, target_cannot_take, &e);
    const char *mt = m->title && *m->title ? m->title : m->name;
    dg_item *g;
    if (nowhere) {
        /* the route ends at the target: "no one else can" would be wrong
         * when a refusal `for` the target is what stops it, since the
         * holders above it could take the decision; say what ends it */
        ev_result o;
        an_case_eval(c, &k2, &o);
        const pl_rule *refusal = NULL;
        for (uint32_t i = 0; i < o.nreasons && !refusal; i++)
            if (o.reasons[i].kind == WHY_REFUSE_RULE && o.reasons[i].rule != PL_NONE)
                refusal = &p->rules[o.reasons[i].rule];
        if (o.outcome == EV_REFUSED && refusal)
            g = an_report(c, REMIT_ERROR, r->loc, "R0811",
                          "this escalation sends decisions on %s to %s, which a refusal (%s:%u) "
                          "stops from taking them, and the route ends there", mt, who(c, r->to), refusal->src.file,
                          refusal->src.line);
        else
            g = an_report(c, REMIT_ERROR, r->loc, "R0811",
                          "this escalation sends decisions on %s to %s, which cannot take them, and "
                          "no one else can", mt, who(c, r->to));
    } else {
        ev_result o;
        an_case_eval(c, &k, &o);
        g = an_report(c, REMIT_WARNING, r->loc, "R0817",
                      "this escalation sends decisions on %s to %s, which cannot take them: they go "
                      "on to %s", mt, who(c, r->to), who(c, o.target));
    }
    dg_hint(c->s, g, "give %s authority for these decisions (a delegation of %s to it), narrow the "
                     "rule's `when` to what it holds, or escalate them to a holder that has it",
            holder_title(p, r->to), m->name);
    an_example(c, g, nowhere ? &k2 : &k);
}

/* ------------------------------------------------- R0815: a circle */

typedef struct circle {
    uint32_t n, path[ESC_MAX_STEPS + 1], why[ESC_MAX_STEPS + 1];
    uint32_t start;             /* where on the path the circle starts */
    uint32_t evals;             /* decisions whose route was followed so far */
} circle;

/* Following the decision from its target, escalation after escalation,
 * comes back to a holder it has passed. */
static bool goes_round(an_ctx *c, an_case *k, void *arg)
{
    circle *o = arg;
    const remit_policy *p = c->p;
    const pl_rule *r = &p->rules[o->why[0]];
    if (!ev_cond(p, r->when, &k->d) || ++o->evals > ESC_MAX_EVALS / ESC_MAX_STEPS)
        return false;
    an_case w = *k;
    w.d.co = w.co;
    o->n = 0;
    uint32_t at = r->to;
    while (o->n < ESC_MAX_STEPS) {
        for (uint32_t i = 0; i < o->n; i++)
            if (o->path[i] == at) {
                o->start = i;
                take_as(c, k, o->path[i]); /* the example: the first on the circle */
                return true;
            }
        o->path[o->n] = at;
        take_as(c, &w, at);
        ev_result res;
        an_case_eval(c, &w, &res);
        if (res.outcome != EV_ESCALATE)
            return false;
        o->why[o->n + 1] = res.nreasons && res.reasons[0].rule != PL_NONE ? res.reasons[0].rule : PL_NONE;
        o->n++;
        at = res.target;
    }
    return false;
}

static void check_circle(an_ctx *c, const pl_rule *r, uint32_t *seen)
{
    const remit_policy *p = c->p;
    uint32_t rules[ESC_MAX_RULES];
    uint32_t n = rules_about(c, r, true, rules);
    an_case k;
    an_case_init(c, &k, r->matter, r->to);
    circle o = {.why = {r->index}};
    if (!an_search(c, &k, true, rules, n, goes_round, &o))
        return;
    for (uint32_t i = o.start; i < o.n; i++)
        if (seen[o.path[i]] == r->matter + 1)
            return; /* this circle is reported already */
    char steps[2048];
    size_t u = 0;
    uint32_t closing = r->index;
    for (uint32_t i = o.start; i < o.n; i++) {
        uint32_t next = i + 1 < o.n ? o.path[i + 1] : o.path[o.start];
        const pl_rule *x = o.why[i + 1] != PL_NONE ? &p->rules[o.why[i + 1]] : NULL;
        if (x && i + 1 == o.n)
            closing = x->index;
        seen[o.path[i]] = r->matter + 1;
        u += (size_t)snprintf(steps + u, u < sizeof steps ? sizeof steps - u : 0, "%s sends it %s %s",
                              i > o.start ? ", which" : who(c, o.path[i]),
                              i + 1 < o.n ? "to" : "back to", who(c, next));
        if (x && u < sizeof steps)
            u += (size_t)snprintf(steps + u, sizeof steps - u, " (%s:%u)", x->src.file, x->src.line);
    }
    const pl_rule *at = &p->rules[closing];
    const pl_matter *m = &p->matters[r->matter];
    /* a reservation on the circle sends what it keeps to its holder
     * whoever decides (SPEC 7.5), so `from` on it is no remedy: the
     * escalation that takes the decision away from the holder must give
     * way to it, or the reservation to the escalation */
    const pl_rule *res = NULL, *esc = NULL;
    for (uint32_t i = o.start; i < o.n; i++) {
        const pl_rule *x = o.why[i + 1] != PL_NONE ? &p->rules[o.why[i + 1]] : NULL;
        if (x && x->kind == R_RESERVE && !res)
            res = x;
        else if (x && x->kind == R_ESCALATE && !esc)
            esc = x;
    }
    dg_item *g = an_report(c, REMIT_ERROR, at->loc, "R0815",
                          "decisions on %s can go round in a circle: %s",
                          m->title && *m->title ? m->title : m->name, steps);
    if (res && esc)
        dg_hint(c->s, g, "a reservation (%s:%u) sends what it keeps to %s whoever takes it, and the "
                         "escalation (%s:%u) sends it away again: say which wins with `precedence` "
                         "(label both rules), or narrow the escalation's `when` or add `from` so "
                         "that it leaves those decisions with %s",
                res->src.file, res->src.line, holder_title(p, res->to), esc->src.file, esc->src.line,
                holder_title(p, res->to));
    else
        dg_hint(c->s, g, "a route of escalation must end at a holder that decides: add `from` to one "
                         "of these rules, or narrow its `when`, so that it does not send the decision "
                         "back");
    an_example(c, g, &k);
}

/* --------------------------------------- R0816: `next tier` that finds no body */

typedef struct no_route {
    const pl_rule *r;
} no_route;

static bool ends_nowhere(an_ctx *c, an_case *k, void *arg)
{
    const pl_rule *r = ((no_route *)arg)->r;
    if (!rule_due(c, k, r))
        return false;
    sign_for(c, k);
    ev_result o;
    an_case_eval(c, k, &o);
    return o.outcome == EV_UNDETERMINED && o.nreasons && o.reasons[0].kind == WHY_NO_ROUTE &&
           o.reasons[0].rule == r->index;
}

static bool lists_member(const pl_holder *b, uint32_t role)
{
    for (uint32_t i = 0; i < b->nmembers; i++)
        if (b->members[i].role == role)
            return true;
    return false;
}

/* tops[b]: body b has no body at a higher tier on its reporting lines */
static void check_next_tier(an_ctx *c, const pl_rule *r, const bool *tops)
{
    const remit_policy *p = c->p;
    for (uint32_t b = p->nroles; b < p->nholders; b++) {
        if (!tops[b])
            continue;
        uint32_t decider = b;
        if (r->from != PL_NONE && p->holders[r->from].is_body && r->from != b)
            continue;
        if (r->from != PL_NONE && !p->holders[r->from].is_body) {
            if (!lists_member(&p->holders[b], r->from))
                continue;
            decider = r->from;
        }
        an_case k;
        an_case_init(c, &k, r->matter, decider);
        k.d.body = b;
        no_route arg = {r};
        uint32_t one = r->index;
        if (!an_search(c, &k, true, &one, 1, ends_nowhere, &arg))
            continue;
        const pl_holder *x = &p->holders[b];
        dg_item *g = an_report(c, REMIT_ERROR, r->loc, "R0816",
                              "`next tier` finds no body above %s: no body it reports to, directly "
                              "or not, sits at a higher tier%s",
                              who(c, b), x->tier < 0 ? " (and it has no tier of its own)" : "");
        if (r->from == PL_NONE)
            dg_hint(c->s, g, "add `from HOLDER` so that the rule applies only to those below %s, or "
                             "escalate to a named body",
                    holder_title(p, b));
        else
            dg_hint(c->s, g, "give %s a `reports to` a body at a higher tier, or escalate to a named "
                             "body",
                    holder_title(p, b));
        an_example(c, g, &k);
        return; /* one body is enough to show it */
    }
}

/* ------------------------------------------- R0812-R0814: up, not down */

static void check_direction(an_ctx *c, const pl_rule *r)
{
    const remit_policy *p = c->p;
    const pl_holder *h = &p->holders[r->from], *t = &p->holders[r->to];
    if (ev_at_or_above(p, r->matter, r->from, r->to)) {
        dg_item *g = an_report(c, REMIT_WARNING, r->loc, "R0814",
                              "this escalation never applies: %s is already at or above %s, and a "
                              "decision is never sent down (SPEC 7.8)",
                              who(c, r->from), who(c, r->to));
        dg_hint(c->s, g, "escalate to a holder above %s, or remove the rule", holder_title(p, r->from));
        return;
    }
    if (h->tier < 0 || t->tier < 0 || t->tier > h->tier)
        return;
    if (t->tier < h->tier) {
        dg_item *g = an_report(c, REMIT_ERROR, r->loc, "R0812",
                              "this escalation sends decisions down: from %s, at %s, to %s, at %s",
                              who(c, r->from), p->tiers[h->tier], who(c, r->to), p->tiers[t->tier]);
        dg_hint(c->s, g, "escalate to a holder at a higher tier than %s (subsidiarity: decisions go "
                         "up only when they must)",
                holder_title(p, r->from));
    } else if (!ev_at_or_above(p, r->matter, r->to, r->from)) {
        dg_item *g = an_report(c, REMIT_WARNING, r->loc, "R0813",
                              "this escalation goes sideways: %s and %s are both at %s, and %s is "
                              "not above %s",
                              who(c, r->from), who(c, r->to), p->tiers[t->tier], holder_title(p, r->to),
                              holder_title(p, r->from));
        dg_hint(c->s, g, "escalate to a holder at a higher tier, or one %s reports to",
                holder_title(p, r->from));
    }
}

void an_escalation(an_ctx *c)
{
    const remit_policy *p = c->p;
    bool *tops = NULL;
    /* on a circle reported for this matter: seen[h] == the matter's number
     * + 1, so nothing need be cleared between matters (a pass over every
     * holder for each matter would be quadratic in a large policy) */
    uint32_t *seen = ar_alloc(c->a, (p->nholders + 1) * sizeof *seen);
    memset(seen, 0, (p->nholders + 1) * sizeof *seen);
    for (uint32_t mi = 0; mi < p->nmatters; mi++) {
        const pl_matter *m = &p->matters[mi];
        for (uint32_t i = 0; i < m->nrules; i++) {
            const pl_rule *r = &p->rules[m->rules[i]];
            if (r->kind != R_ESCALATE)
                continue;
            if (r->to_next_tier) {
                if (!tops) {
                    tops = ar_alloc(c->a, (p->nholders + 1) * sizeof *tops);
                    for (uint32_t b = 0; b < p->nholders; b++)
                        tops[b] = p->holders[b].is_body && ev_next_tier(p, b) == PL_NONE;
                }
                if (!an_spent(c))
                    check_next_tier(c, r, tops);
                continue;
            }
            if (r->from != PL_NONE)
                check_direction(c, r);
            if (an_spent(c))
                continue; /* the rest are searches */
            check_target(c, r);
            check_circle(c, r, seen);
        }
    }
}
