/*
 * an_crisis.c - crisis bounds (SPEC.md 8.2, R0831-R0835): each protocol
 * names who ratifies what is done under it and when its powers lapse; its
 * grants have an upper limit, and none of them can authorise a decision
 * that a reservation keeps for another holder.
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
        if (r->kind != R_GRANT)
            continue;
        const pl_matter *m = &p->matters[r->matter];
        const pl_protocol *x = &p->protocols[r->protocol];
        const char *t = x->title && *x->title ? x->title : x->name;
        if (r->upto < 0 && m->money_field != PL_NONE) {
            dg_item *g = an_report(c, REMIT_ERROR, r->loc, "R0834",
                                  "this grant of %s to %s under '%s' has no upper limit", m->name,
                                  holder_title(p, r->to), t);
            dg_hint(c->s, g, "add `up to £AMOUNT`: crisis powers are bounded (seeds/000)");
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
