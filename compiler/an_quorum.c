/*
 * an_quorum.c - quorum (SPEC.md 8.2.3, R0821-R0822): each body's quorum
 * can be met by the members its `members` line allows, and no single
 * member's absence (or standing aside for a conflict of interest) leaves
 * a full meeting without one.
 *
 * A full meeting is every seat filled: each entry of `members` at its
 * largest count.  An entry without a largest count (`2+ ned`) can always
 * fill one more seat, so a term it counts towards never fails.  Every
 * body becomes inquorate with enough absences; only the fewest, one, is
 * worth a warning.  `all` asks for every member by its own words, so it
 * is not reported.  With --notes (R0823, a note) the fewest absences are
 * given for every body, whatever their number.
 */
#include <stdio.h>
#include <string.h>

#include "analyse.h"

#define QU_OPEN INT64_MAX   /* seats without a largest count */

static const char *who(an_ctx *c, uint32_t h)
{
    const pl_holder *x = &c->p->holders[h];
    return x->title && *x->title ? ar_printf(c->a, "%s (%s)", x->title, x->name) : x->name;
}

static bool is_of(const remit_policy *p, uint32_t role, const struct pl_quorum *t)
{
    if (!t->who_is_kind)
        return role == t->who;
    const pl_holder *h = &p->holders[role];
    for (uint32_t k = 0; k < h->nkinds; k++)
        if (h->kinds[k] == t->who)
            return true;
    return false;
}

/* The seats that count towards term t (all seats for a count, a share or
 * a majority): of the largest body the members line allows (QU_OPEN when
 * it has no largest), or of a full meeting, every entry at its largest
 * count and an open one at its fewest: the meeting an_case_meeting lists,
 * which evaluation counts against the same seats (7.10). */
static int64_t seats(const remit_policy *p, const pl_holder *b, const struct pl_quorum *t, bool largest)
{
    int64_t n = 0;
    for (uint32_t i = 0; i < b->nmembers; i++) {
        const struct pl_member *mm = &b->members[i];
        if (t->kind == Q_ROLE && !is_of(p, mm->role, t))
            continue;
        if (mm->hi < 0 && largest)
            return QU_OPEN;
        n += mm->hi < 0 ? mm->lo : mm->hi;
    }
    return n;
}

/* How many of a meeting's members may be away before term t fails; -1
 * when it fails with everyone there, QU_OPEN when never: of the largest
 * body the members line allows, or of a full meeting (seats above). */
static int64_t slack(const remit_policy *p, const pl_holder *b, const struct pl_quorum *t, bool largest)
{
    int64_t all = seats(p, b, &(struct pl_quorum){.kind = Q_COUNT, .who = PL_NONE}, largest);
    int64_t have = t->kind == Q_ROLE ? seats(p, b, t, largest) : all;
    switch (t->kind) {
    case Q_WORD: /* majority (n 0); `all` is never reported */
        if (t->n || all == QU_OPEN)
            return QU_OPEN;
        return all - (all / 2 + 1);
    case Q_PERCENT: /* present * 10000 >= n * all */
        if (all == QU_OPEN)
            return QU_OPEN;
        return all - (t->n * all + 9999) / 10000;
    case Q_FRACTION: /* present * den >= n * all */
        if (all == QU_OPEN)
            return QU_OPEN;
        return all - (t->n * all + t->den - 1) / t->den;
    case Q_COUNT: case Q_ROLE:
        return have == QU_OPEN ? QU_OPEN : have - t->n;
    }
    return QU_OPEN;
}

/* The end of the group of alternatives that starts at term q (SPEC 4.7:
 * one term, or `(chair or vice_chair)`): the first term after it. */
static uint32_t group_end(const pl_holder *b, uint32_t q)
{
    uint32_t e = q + 1;
    while (e < b->nquorum && b->quorum[e].alt)
        e++;
    return e;
}

/* slack of the group of terms [q, e): its alternatives are roles (the
 * checker allows no other), each listed once, so the group fails only when
 * each alternative that can be met fails: the absences each needs add up */
static int64_t group_slack(const remit_policy *p, const pl_holder *b, uint32_t q, uint32_t e, bool largest)
{
    if (e == q + 1)
        return slack(p, b, &b->quorum[q], largest);
    int64_t need = 0;
    for (uint32_t i = q; i < e; i++) {
        int64_t sl = slack(p, b, &b->quorum[i], largest);
        if (sl == QU_OPEN)
            return QU_OPEN;
        if (sl >= 0)
            need += sl + 1;
    }
    return need - 1;
}

static const char *term_text(an_ctx *c, const struct pl_quorum *t);

/* "2 ned", or "1 chair or 1 vice_chair" */
static const char *group_text(an_ctx *c, const pl_holder *b, uint32_t q, uint32_t e)
{
    const char *s = term_text(c, &b->quorum[q]);
    for (uint32_t i = q + 1; i < e; i++)
        s = ar_printf(c->a, "%s or %s", s, term_text(c, &b->quorum[i]));
    return s;
}

/* "2 ned", "1 independent", "5 members", "a majority" */
static const char *term_text(an_ctx *c, const struct pl_quorum *t)
{
    const remit_policy *p = c->p;
    switch (t->kind) {
    case Q_FRACTION: return ar_printf(c->a, "%lld/%lld of the members", (long long)t->n, (long long)t->den);
    case Q_WORD: return t->n ? "all the members" : "a majority of the members";
    case Q_PERCENT: return ar_printf(c->a, "%lld.%02lld%% of the members", (long long)(t->n / 100),
                                     (long long)(t->n % 100));
    case Q_COUNT: return ar_printf(c->a, "%lld members", (long long)t->n);
    case Q_ROLE:
        return ar_printf(c->a, "%lld %s", (long long)t->n,
                         t->who_is_kind ? p->kinds[t->who] : p->holders[t->who].name);
    }
    return "?";
}

/* A meeting of body b with every seat filled, everyone present but one
 * member of role `away` (PL_NONE: no one away); false when there are too
 * many seats to list. */
static bool meeting(an_ctx *c, an_case *k, uint32_t b, uint32_t away)
{
    if (c->p->nmatters == 0)
        return false;
    an_case_init(c, k, 0, b);
    if (!an_case_meeting(c, k, b, away))
        return false;
    an_case_ready(c, k);
    return true;
}

/* The conflicts block whose `when quorum lost` applies to b's meetings. */
static const pl_conflicts *conflicts_of(const remit_policy *p, uint32_t b)
{
    const pl_conflicts *any = NULL;
    for (uint32_t i = 0; i < p->nconflicts; i++) {
        if (p->conflicts[i].body == b)
            return &p->conflicts[i];
        if (p->conflicts[i].body == PL_NONE)
            any = &p->conflicts[i];
    }
    return any;
}

/* With --notes (R0823): the fewest members whose absence, or standing
 * aside for a conflict of interest, leaves a full meeting of b without a
 * quorum, and the term that breaks first.  Said for every body whose
 * quorum can be met, whatever the number (R0822 warns when it is one). */
static void margin(an_ctx *c, uint32_t b)
{
    const remit_policy *p = c->p;
    const pl_holder *h = &p->holders[b];
    const struct pl_quorum *worst = NULL;
    uint32_t wq = 0, we = 0;
    int64_t least = QU_OPEN;
    for (uint32_t q = 0, e; q < h->nquorum; q = e) {
        e = group_end(h, q);
        const struct pl_quorum *t = &h->quorum[q];
        int64_t sl = t->kind == Q_WORD && t->n ? 0 : group_slack(p, h, q, e, false); /* `all`: no one away */
        if (sl < least) {
            least = sl;
            worst = t;
            wq = q;
            we = e;
        }
    }
    if (!worst || least == QU_OPEN) {
        an_report(c, REMIT_NOTE, h->loc, "R0823",
                  "no number of absences leaves %s without a quorum: its members line has no "
                  "largest count for the members the quorum counts", who(c, b));
        return;
    }
    int64_t all = 0; /* open entries at their least */
    for (uint32_t i = 0; i < h->nmembers; i++)
        all += h->members[i].hi < 0 ? h->members[i].lo : h->members[i].hi;
    bool open = seats(p, h, &(struct pl_quorum){.kind = Q_COUNT, .who = PL_NONE}, true) == QU_OPEN;
    an_report(c, REMIT_NOTE, h->loc, "R0823",
              "the fewest absences (or members standing aside for a conflict of interest) that "
              "leave %s without a quorum: %lld%s, which breaks its need for %s (a full meeting "
              "has %s%lld seats)",
              who(c, b), (long long)(least + 1),
              we > wq + 1 ? " of those roles"
              : worst->kind == Q_ROLE ? ar_printf(c->a, " of %s", worst->who_is_kind
                                                                   ? p->kinds[worst->who]
                                                                   : p->holders[worst->who].name)
                                    : least ? " members of any role" : " member of any role",
              group_text(c, h, wq, we), open ? "at least " : "", (long long)all);
}

static void check_body(an_ctx *c, uint32_t b)
{
    const remit_policy *p = c->p;
    const pl_holder *h = &p->holders[b];
    an_case k;
    bool impossible = false;
    for (uint32_t q = 0, e; q < h->nquorum; q = e) {
        e = group_end(h, q);
        const struct pl_quorum *t = &h->quorum[q];
        if (group_slack(p, h, q, e, true) >= 0)
            continue;
        int64_t have = e == q + 1 ? seats(p, h, t, true) : 0; /* alternatives: none can be met */
        dg_item *g = an_report(c, REMIT_ERROR, h->loc, "R0821",
                              "the quorum of %s can never be met: it asks for %s, and %s",
                              who(c, b), group_text(c, h, q, e),
                              have == 0 ? "no member can count towards it"
                                        : ar_printf(c->a, "its members line allows at most %lld",
                                                    (long long)have));
        dg_hint(c->s, g, "add the members the quorum needs to the `members` line, or lower the "
                         "quorum ('%s', %s:%u)",
                h->quorum_text ? h->quorum_text : "quorum", h->quorum_src.file, h->quorum_src.line);
        if (meeting(c, &k, b, PL_NONE))
            an_example(c, g, &k);
        impossible = true;
    }
    if (impossible)
        return;
    if (c->s->opt.notes)
        margin(c, b);
    /* one absence: the roles whose one member away breaks a term */
    char names[1024] = "";
    size_t u = 0;
    uint32_t nroles = 0, first = PL_NONE;
    bool anyone = false;
    /* the member entries already named: a body has a few, so a list, not
     * a table over every role of the policy */
    bool *named = ar_alloc(c->a, (h->nmembers + 1) * sizeof *named);
    memset(named, 0, (h->nmembers + 1) * sizeof *named);
    for (uint32_t q0 = 0, e; q0 < h->nquorum; q0 = e) {
        e = group_end(h, q0);
        if (group_slack(p, h, q0, e, true) != 0)
            continue;
        uint32_t q = q0; /* of alternatives, the one that can be met: the others cannot (slack 0) */
        while (q + 1 < e && slack(p, h, &h->quorum[q], true) < 0)
            q++;
        const struct pl_quorum *t = &h->quorum[q];
        if (t->kind != Q_ROLE) {
            anyone = true;
            continue;
        }
        for (uint32_t i = 0; i < h->nmembers; i++) {
            uint32_t r = h->members[i].role;
            bool again = false;
            for (uint32_t j = 0; j < i && !again; j++)
                again = named[j] && h->members[j].role == r;
            if (!is_of(p, r, t) || r >= p->nroles || named[i] || again)
                continue;
            named[i] = true;
            if (first == PL_NONE)
                first = r;
            u += (size_t)snprintf(names + u, u < sizeof names ? sizeof names - u : 0, "%s%s",
                                  nroles ? " or without " : "", who(c, r));
            nroles++;
        }
    }
    if (!anyone && !nroles)
        return;
    dg_item *g;
    if (anyone)
        g = an_report(c, REMIT_WARNING, h->loc, "R0822",
                      "any one member away leaves %s without a quorum, even with every seat filled",
                      who(c, b));
    else
        g = an_report(c, REMIT_WARNING, h->loc, "R0822",
                      "%s cannot meet without %s: with every seat filled, that one member away "
                      "leaves it without a quorum",
                      who(c, b), names);
    const pl_conflicts *cf = conflicts_of(p, b);
    const char *after = !cf ? "" :
        cf->refer_to != PL_NONE
            ? ar_printf(c->a, "; the same when that member stands aside for a conflict of interest, "
                              "and the decision then goes to %s", who(c, cf->refer_to))
            : "; the same when that member stands aside for a conflict of interest, and with no "
              "`when quorum lost refer to` the decision is then refused";
    dg_hint(c->s, g, "add a deputy or another member who counts towards '%s' (%s:%u)%s",
            h->quorum_text ? h->quorum_text : "quorum", h->quorum_src.file, h->quorum_src.line, after);
    if (meeting(c, &k, b, anyone ? h->members[0].role : first)) {
        an_case full;
        ev_result o;
        if (meeting(c, &full, b, PL_NONE) && (an_case_eval(c, &full, &o), o.outcome != EV_REFUSED))
            an_example(c, g, &k);
    }
}

/* R0824: a decision body b can take at a full meeting, which its
 * `when quorum lost refer to` body r cannot (7.10, item 3). */
typedef struct referred {
    uint32_t r, to;             /* the body referred to; where it goes instead */
} referred;

static bool not_for_referral(an_ctx *c, an_case *k, void *arg)
{
    referred *x = arg;
    ev_result o;
    an_case_eval(c, k, &o);
    if (o.outcome != EV_PERMITTED)
        return false;
    x->to = ev_referral(c->p, &k->d, x->r);
    return x->to != x->r;
}

static void check_referral(an_ctx *c, uint32_t b, const pl_conflicts *cf)
{
    const remit_policy *p = c->p;
    for (uint32_t mi = 0; mi < p->nmatters && !an_spent(c); mi++) {
        const pl_matter *m = &p->matters[mi];
        /* the values worth trying: those of the rules that say who holds it */
        uint32_t *rules = ar_alloc(c->a, (m->nrules + 1) * sizeof *rules), n = 0;
        for (uint32_t i = 0; i < m->nrules; i++) {
            const pl_rule *x = &p->rules[m->rules[i]];
            if (x->kind == R_RESERVE || x->kind == R_DELEGATE || x->kind == R_GRANT)
                rules[n++] = x->index;
        }
        an_case k;
        an_case_init(c, &k, mi, b);
        referred x = {cf->refer_to, PL_NONE};
        if (!an_search(c, &k, true, rules, n, not_for_referral, &x))
            continue;
        dg_item *g = an_report(c, REMIT_WARNING, cf->loc, "R0824",
                               "when conflicts cost %s its quorum, this block refers decisions of %s to %s, "
                               "which cannot take some of them: those %s",
                               who(c, b), m->name, who(c, cf->refer_to),
                               x.to == PL_NONE ? "are refused, as no one else may take them"
                                               : ar_printf(c->a, "go to %s instead", who(c, x.to)));
        dg_hint(c->s, g, "refer to a body that holds what %s decides (a delegation of %s to it), or accept "
                         "that such decisions wait for a quorate meeting", who(c, b), m->name);
        an_example(c, g, &k);
    }
}

void an_quorum(an_ctx *c)
{
    const remit_policy *p = c->p;
    for (uint32_t b = p->nroles; b < p->nholders; b++) {
        if (!p->holders[b].nquorum || !p->holders[b].nmembers)
            continue;
        check_body(c, b);
        const pl_conflicts *cf = conflicts_of(p, b);
        if (cf && cf->refer_to != PL_NONE)
            check_referral(c, b, cf);
    }
}
