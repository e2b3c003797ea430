/*
 * an_crisis.c - crisis bounds (SPEC.md 8.2, R0831-R0835): each protocol
 * names who ratifies what is done under it and when its powers lapse; its
 * grants have an upper limit, and none of them can authorise a decision
 * that a reservation keeps for another holder.  Urgent powers (R0833,
 * R0836-R0838) are bounded, ratified in time by the body they act for,
 * and act for a body that holds the matter.
 */
#include <stdio.h>

#include "analyse.h"

typedef struct overlap {
    const pl_rule *grant, *reserve;
} overlap;

/* The grant would carry authority, and the reservation takes the decision. */
static bool grant_meets_reservation(an_ctx *c, an_case *k, void *arg)
{
    const overlap *o = arg;
    const remit_policy *p = c->p;
    const ev_decision *d = &k->d;
    if (!ev_cond(p, p->protocols[o->grant->protocol].active, d) || !ev_cond(p, o->grant->when, d) ||
        !ev_cond(p, o->grant->limit, d) || !ev_rule_applies(p, o->reserve, d))
        return false;
    uint32_t mf = p->matters[d->matter].money_field;
    return o->grant->upto < 0 || mf == PL_NONE || d->fields[mf] <= o->grant->upto;
}

static const char *holder_title(const remit_policy *p, uint32_t h)
{
    const pl_holder *x = &p->holders[h];
    return x->title && *x->title ? x->title : x->name;
}

/* Does body b hold matter m at all: where authority starts, the holder of
 * a reservation of it, or given it by a delegation? */
static bool holds_matter(const remit_policy *p, const pl_matter *m, uint32_t b)
{
    if (pl_is_root(p, b))
        return true;
    for (uint32_t i = 0; i < m->nrules; i++) {
        const pl_rule *x = &p->rules[m->rules[i]];
        if ((x->kind == R_RESERVE || x->kind == R_DELEGATE) && x->to == b)
            return true;
    }
    return false;
}

/* Urgent powers (SPEC 4.24, 8.2.4): bounded, ratified in time by the body
 * they act for, which holds the matter. */
static void urgent_bounds(an_ctx *c, const pl_rule *r)
{
    const remit_policy *p = c->p;
    const pl_matter *m = &p->matters[r->matter];
    const char *b = holder_title(p, r->from), *h = holder_title(p, r->to);
    if (r->upto < 0 && !r->no_limit && m->money_field != PL_NONE) {
        dg_item *g = an_report(c, REMIT_ERROR, r->loc, "R0837",
                               "the urgent powers of %s to act for %s on %s have no upper limit", h, b, m->name);
        dg_hint(c->s, g, "add `up to £AMOUNT`, or `up to no limit` if standing orders set none");
    }
    if (!holds_matter(p, m, r->from)) {
        dg_item *g = an_report(c, REMIT_ERROR, r->loc, "R0838",
                               "%s acts for %s on %s, but %s holds no %s decision: it reports to another "
                               "body, and no reservation or delegation gives it the matter", h, b, m->name, b,
                               m->name);
        dg_hint(c->s, g, "name the body that holds the matter (the one that reports to no one, or "
                         "to which it is reserved or delegated)");
    }
    for (uint32_t i = 0; i < r->nobligations; i++) {
        const pl_obligation *ob = &r->obligations[i];
        if (ob->kind != OB_RATIFY)
            continue;
        if (ob->holder != r->from) {
            dg_item *g = an_report(c, REMIT_WARNING, r->loc, "R0836",
                                   "an urgent decision taken for %s is ratified by %s (%s:%u), not by %s", b,
                                   holder_title(p, ob->holder), ob->src.file, ob->src.line, b);
            dg_hint(c->s, g, "standing orders report an urgent decision to the next meeting of the body it "
                             "was taken for, for ratification: ratify by %s", p->holders[r->from].name);
        }
        if (ob->within < 0 && ob->end_of == PER_ALL && !ob->next_meeting) {
            dg_item *g = an_report(c, REMIT_WARNING, r->loc, "R0833",
                                   "the urgent powers of %s to act for %s set no deadline for ratification", h, b);
            dg_hint(c->s, g, "add `within N days` to `ratify by`, so that a decision left unratified is found");
        }
    }
}

void an_crisis(an_ctx *c)
{
    const remit_policy *p = c->p;
    for (uint32_t i = 0; i < p->nprotocols; i++) {
        const pl_protocol *x = &p->protocols[i];
        const char *t = x->title && *x->title ? x->title : x->name;
        if (x->ratifier == PL_NONE) {
            dg_item *g = an_report(c, REMIT_ERROR, x->loc, "R0831",
                                  "the protocol '%s' does not say who ratifies the decisions taken "
                                  "under it", t);
            dg_hint(c->s, g, "add e.g. `ratify by board within 7 days`: crisis powers act fast but "
                             "stay accountable (seeds/000)");
        } else if (x->ratify_within < 0) {
            dg_item *g = an_report(c, REMIT_WARNING, x->ratify_loc, "R0833",
                                    "the protocol '%s' sets no deadline for ratification", t);
            dg_hint(c->s, g, "add `within N days`, so that a decision left unratified is found");
        }
        if (x->expires < 0) {
            dg_item *g = an_report(c, REMIT_ERROR, x->loc, "R0832", "the protocol '%s' never expires", t);
            dg_hint(c->s, g, "add e.g. `expires after 28 days`: emergency powers lapse unless renewed");
        }
    }
    for (uint32_t i = 0; i < p->nrules; i++) {
        const pl_rule *r = &p->rules[i];
        if (r->kind == R_URGENT)
            urgent_bounds(c, r);
        if (r->kind != R_GRANT)
            continue;
        const pl_matter *m = &p->matters[r->matter];
        const pl_protocol *x = &p->protocols[r->protocol];
        const char *t = x->title && *x->title ? x->title : x->name;
        if (r->upto < 0 && !r->no_limit && m->money_field != PL_NONE) {
            dg_item *g = an_report(c, REMIT_ERROR, r->loc, "R0834",
                                  "this grant of %s to %s under '%s' has no upper limit", m->name,
                                  holder_title(p, r->to), t);
            dg_hint(c->s, g, "add `up to £AMOUNT`: crisis powers are bounded (seeds/000); write `up to no "
                             "limit` if the scheme means them to have none");
        }
        /* a reservation that takes a decision the grant would otherwise
         * authorise: the grant reaches into reserved ground */
        for (uint32_t j = 0; j < m->nrules && !an_spent(c); j++) {
            const pl_rule *res = &p->rules[m->rules[j]];
            if (res->kind != R_RESERVE || res->to == r->to)
                continue;
            if (ev_takes_precedence(p, r->index, res->index))
                continue; /* `precedence GRANT over RESERVATION` says it is meant */
            an_case k;
            an_case_init(c, &k, r->matter, r->to);
            if (r->with && !an_case_sign(c, &k, r->with, false))
                continue;
            overlap o = {r, res};
            uint32_t two[2] = {r->index, res->index};
            if (!an_search(c, &k, true, two, 2, grant_meets_reservation, &o))
                continue;
            dg_item *g = an_report(c, REMIT_ERROR, r->loc, "R0835",
                                  "this grant under '%s' covers decisions reserved to %s (%s:%u)",
                                  t, holder_title(p, res->to), res->src.file, res->src.line);
            dg_hint(c->s, g, "narrow the grant with `up to` or `limit`, or add `never grant %s` if "
                             "crisis powers should not touch it; a reservation always wins (SPEC 7.9)",
                    m->name);
            an_example(c, g, &k);
            break;
        }
    }
}
