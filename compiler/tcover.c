/*
 * tcover.c - test coverage in decision space (SPEC.md 7.13.2).  When a
 * test file's policy is compiled, its points are listed once (a plan):
 * each rule; each threshold at, one unit below and one above; the quorum
 * paths of each body; the paths of each conflicts block; the states of
 * each crisis protocol -- those written in the policy's own files, not
 * the standard library's.  After each test's decision is evaluated, the
 * points it reaches are read off the decision and its outcome (tc_mark):
 * evaluation itself is not touched.  remit_coverage gathers the reports
 * of a run, policy by policy, and says what no test reached, with a
 * decision that would.  Every count is a whole number: a percentage is
 * worked out and compared in integers.  Prefix tc_.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcover.h"

/* ORDER tc_point */
static const char *const point_word[] = {
    "exercised", "below", "at", "above", "quorate", "inquorate", "quorum_lost",
    "decider_stands_aside", "member_set_aside", "quorum_lost", "active", "inactive", "expired",
};
/* ORDER remit_cover_kind: an item's kind, and the kinds counted */
static const char *const kind_word[] = {"rule", "threshold", "quorum", "conflicts", "protocol"};
static const char *const kind_plural[] = {"rules", "thresholds", "quorum", "conflicts", "protocols"};

/* ------------------------------------------------------------ the plan */

typedef struct pb {
    const remit_session *ps;
    const remit_policy *p;
    rm_arena *a;
    rm_vec items;               /* tc_item*, as made */
    rm_vec keys;                /* uint64_t*: each item's place, for sorting */
    const char **paths;         /* per file of ps: its path, copied once */
} pb;

/* Is loc in one of the policy's own files (not the standard library's)? */
static bool own(const pb *b, rm_loc loc)
{
    const rm_file *f = b->ps->files.v[loc.file];
    return strncmp(f->path, "<stdlib>/", 9) != 0;
}

static tc_item *add(pb *b, remit_cover_kind kind, tc_point pt, uint32_t of, rm_loc loc)
{
    const rm_file *f = b->ps->files.v[loc.file];
    if (!b->paths[loc.file])
        b->paths[loc.file] = ar_strndup(b->a, f->path, strlen(f->path));
    tc_item *x = ar_alloc(b->a, sizeof *x);
    x->kind = (uint8_t)kind;
    x->point = (uint8_t)pt;
    x->of = of;
    x->file = b->paths[loc.file];
    dg_linecol(f, loc.start, &x->line, &x->col);
    /* sorted by file and place in it (a file is at most 64 MiB: its
     * offsets fit 32 bits), then in the order made */
    uint64_t *k = ar_alloc(b->a, 2 * sizeof *k);
    k[0] = (uint64_t)loc.file << 32 | loc.start;
    k[1] = b->items.n;
    rm_vec_push(b->a, &b->items, x);
    rm_vec_push(b->a, &b->keys, k);
    return x;
}

static const char *holder_words(pb *b, uint32_t h)
{
    const pl_holder *x = &b->p->holders[h];
    return x->title && *x->title ? ar_printf(b->a, "%s (%s)", x->title, x->name) : x->name;
}

static void value_text(const remit_policy *p, ty_kind t, int64_t v, char *buf, size_t n)
{
    pl_field f;
    memset(&f, 0, sizeof f);
    f.type = t;
    xp_value_text(p, &f, v, false, buf, n);
}

/* " when WHEN" for a rule with a `when`, else "" */
static const char *when_words(pb *b, const pl_rule *r)
{
    return r->when_text ? ar_printf(b->a, " when %s", r->when_text) : "";
}

static void plan_rule(pb *b, const pl_rule *r)
{
    if (!own(b, r->loc))
        return;
    const remit_policy *p = b->p;
    const char *m = p->matters[r->matter].name;
    tc_item *x = add(b, REMIT_COVER_RULE, TC_EXERCISED, r->index, r->loc);
    const char *to = r->to < p->nholders ? p->holders[r->to].name : "";
    if (r->kind == R_GRANT)
        x->what = ar_printf(b->a, "the grant `%s` of '%s'", r->text, p->protocols[r->protocol].name);
    else
        x->what = ar_printf(b->a, "the rule `%s`", r->text);
    x->message = ar_printf(b->a, "%s was never exercised", x->what);
    switch (r->kind) {
    case R_DELEGATE:
        x->hint = ar_printf(b->a, "try a decision of %s taken by %s%s", m, to, when_words(b, r));
        break;
    case R_GRANT:
        x->hint = ar_printf(b->a, "try a decision of %s taken by %s while '%s' is active", m, to,
                            p->protocols[r->protocol].name);
        break;
    case R_URGENT:
        x->hint = ar_printf(b->a, "try an urgent decision (urgent: true) of %s taken by %s", m, to);
        break;
    case R_AFTER:
        x->hint = ar_printf(b->a, "try a permitted decision of %s%s", m, when_words(b, r));
        break;
    case R_REFUSE:
        x->hint = ar_printf(b->a, "try a decision of %s%s%s%s", m, r->for_holder != PL_NONE ? " taken by " : "",
                            r->for_holder != PL_NONE ? p->holders[r->for_holder].name : "", when_words(b, r));
        break;
    case R_ESCALATE:
        x->hint = ar_printf(b->a, "try a decision of %s%s%s%s%s", m, r->from != PL_NONE ? " taken by " : "",
                            r->from != PL_NONE ? p->holders[r->from].name : "",
                            r->after >= 0 ? ar_printf(b->a, " open more than %lld days", (long long)r->after) : "",
                            when_words(b, r));
        break;
    case R_LIMIT:
        x->hint = ar_printf(b->a, "try a decision of %s%s%s%s", m,
                            r->for_holder != PL_NONE ? " taken by " : "",
                            r->for_holder != PL_NONE
                                ? ar_printf(b->a, "%s or under its authority", p->holders[r->for_holder].name)
                                : "",
                            when_words(b, r));
        break;
    default: /* reserve, require */
        x->hint = ar_printf(b->a, "try a decision of %s%s", m, when_words(b, r));
        break;
    }
}

/* The least and most a threshold's value can be, as a decision gives it
 * (input.c): a point outside them no test can reach, and is not counted. */
static void value_range(const remit_policy *p, const pl_threshold *t, int64_t *lo, int64_t *hi)
{
    *lo = INT64_MIN;
    *hi = INT64_MAX;
    const pl_field *f = NULL;
    if (t->kind == PL_TH_CMP) {
        const pl_node *x = &p->nodes[t->value];
        const pl_matter *m = t->rule != PL_NONE ? &p->matters[p->rules[t->rule].matter] : NULL;
        if (x->op == N_CTX)
            f = &p->context[x->a];
        else if (m && x->op == N_FIELD)
            f = &m->fields[x->a];
        else if (m && x->op == N_TOTAL)
            f = &m->fields[x->b];
        else
            return; /* worked out: its bounds are not known here */
    }
    if (f && f->type == TY_SCORE) {
        *lo = f->lo;
        *hi = f->hi;
    } else if (t->type != TY_DATE) {
        *lo = 0; /* money, numbers, percentages, lengths of time are never negative */
    }
    if (t->type == TY_MONEY)
        *hi = RM_MONEY_MAX;
}

static void plan_threshold(pb *b, uint32_t i)
{
    const remit_policy *p = b->p;
    const pl_threshold *t = &p->thresholds[i];
    if (!own(b, t->loc))
        return;
    char k[64];
    value_text(p, t->type, t->k, k, sizeof k);
    const char *what = ar_printf(b->a, "the threshold %s (%s)", k, t->text);
    int64_t lo, hi;
    value_range(p, t, &lo, &hi);
    static const char *const tested[] = {"just below", "at its value", "just above"};
    for (int d = -1; d <= 1; d++) {
        if ((d < 0 && t->k == INT64_MIN) || (d > 0 && t->k == INT64_MAX))
            continue;
        int64_t v = t->k + d;
        if (v < lo || v > hi)
            continue;
        tc_item *x = add(b, REMIT_COVER_THRESHOLD, (tc_point)(TC_AT + d), i, t->loc);
        x->value = v;
        x->what = what;
        x->message = ar_printf(b->a, "%s was never tested %s", what, tested[d + 1]);
        char vt[64];
        value_text(p, t->type, v, vt, sizeof vt);
        switch (t->kind) {
        case PL_TH_AFTER:
            x->hint = ar_printf(b->a, "try a decision opened %s before its date", vt);
            break;
        case PL_TH_TOTAL:
            x->hint = ar_printf(b->a, "try a decision whose %s, with the earlier decisions the limit counts, is %s",
                                t->value_text, vt);
            break;
        default:
            x->hint = ar_printf(b->a, "try %s %s", t->value_text, vt);
            break;
        }
    }
}

/* Does conflicts block c set anyone aside (exclude from the discussion or
 * the vote, withdraw, or leave it to the chair)? */
static bool excludes(const pl_conflicts *c)
{
    for (uint32_t k = 0; k < c->ncats; k++)
        if (c->cats[k].actions & (2u | 4u | 8u | 16u))
            return true;
    return false;
}

static void plan_body(pb *b, uint32_t h)
{
    const remit_policy *p = b->p;
    const pl_holder *x = &p->holders[h];
    if (!x->is_body || !x->nquorum || !own(b, x->quorum_loc))
        return;
    bool lost = false; /* conflicts rules that can cost its meetings the quorum */
    for (uint32_t c = 0; c < p->nconflicts && !lost; c++)
        lost = (p->conflicts[c].body == PL_NONE || p->conflicts[c].body == h) && excludes(&p->conflicts[c]);
    const char *who = holder_words(b, h);
    const char *what = ar_printf(b->a, "the quorum of %s (`%s`)", who, x->quorum_text);
    static const char *const msg[] = {
        "no test's decision was taken at a quorate meeting of %s",
        "no test's decision was taken at a meeting of %s without its quorum",
        "no test's decision was taken at a meeting of %s whose quorum was lost to conflicts of interest",
    };
    static const char *const hint[] = {
        "try a decision taken by %s at a meeting whose attendance meets its quorum",
        "try a decision taken by %s at a meeting whose attendance falls short of its quorum",
        ("try a decision taken by %s at a meeting where members set aside for their interests leave it "
         "without its quorum"),
    };
    for (int k = 0; k < 2 + lost; k++) {
        tc_item *t = add(b, REMIT_COVER_QUORUM, (tc_point)(TC_QUORATE + k), h, x->quorum_loc);
        t->what = what;
        t->message = ar_printf(b->a, msg[k], who);
        t->hint = ar_printf(b->a, hint[k], x->name);
    }
}

static void plan_conflicts(pb *b, uint32_t i)
{
    const remit_policy *p = b->p;
    const pl_conflicts *c = &p->conflicts[i];
    if (!own(b, c->loc) || !excludes(c))
        return; /* declarations alone change no decision */
    bool quorum = false; /* a body it covers has a quorum */
    for (uint32_t h = p->nroles; h < p->nholders && !quorum; h++)
        quorum = (c->body == PL_NONE || c->body == h) && p->holders[h].nquorum;
    char kinds[256] = "";
    size_t u = 0;
    for (uint32_t k = 0; k < c->ncats && u < sizeof kinds; k++)
        if (c->cats[k].actions & (2u | 4u | 8u | 16u))
            u += (size_t)snprintf(kinds + u, sizeof kinds - u, "%s%s", u ? ", " : "", c->cats[k].name);
    const char *what = c->body == PL_NONE ? "the conflicts rules"
                     : ar_printf(b->a, "the conflicts rules for %s", holder_words(b, c->body));
    const char *refer = c->refer_to != PL_NONE
                            ? ar_printf(b->a, ", the path that refers a decision to %s", p->holders[c->refer_to].name)
                            : "";
    for (int k = 0; k < 2 + quorum; k++) {
        tc_item *t = add(b, REMIT_COVER_CONFLICTS, (tc_point)(TC_STANDS_ASIDE + k), i, c->loc);
        t->what = what;
        switch (k) {
        case 0:
            t->message = ar_printf(b->a, "no test's decider stood aside for an interest under %s", what);
            t->hint = ar_printf(b->a, "try a decision whose decider has an interest of a kind that sets them "
                                      "aside (%s) in what it concerns", kinds);
            break;
        case 1:
            t->message = ar_printf(b->a, "no test's meeting set a member aside for an interest under %s", what);
            t->hint = ar_printf(b->a, "try a decision at a meeting where a member present has an interest of "
                                      "a kind that sets them aside (%s)", kinds);
            break;
        default:
            t->message = ar_printf(b->a, "no test's meeting lost its quorum to interests under %s%s", what, refer);
            t->hint = ar_printf(b->a, "try a meeting where the members set aside leave it without its quorum");
            break;
        }
    }
}

static void plan_protocol(pb *b, uint32_t i, uint32_t grant_matter)
{
    const remit_policy *p = b->p;
    const pl_protocol *x = &p->protocols[i];
    if (!own(b, x->loc))
        return;
    const char *m = grant_matter != PL_NONE ? p->matters[grant_matter].name : "any matter";
    const char *what = x->title && *x->title ? ar_printf(b->a, "the protocol %s (%s)", x->title, x->name)
                                             : ar_printf(b->a, "the protocol %s", x->name);
    const char *cond = x->active_text ? x->active_text : "its `active when`";
    rm_loc at = x->active_loc.file || x->active_loc.start ? x->active_loc : x->loc;
    for (int k = 0; k < 2 + (x->expires >= 0); k++) {
        tc_item *t = add(b, REMIT_COVER_PROTOCOL, (tc_point)(TC_ACTIVE + k), i, k == 2 ? x->expires_loc : at);
        t->what = what;
        switch (k) {
        case 0:
            t->message = ar_printf(b->a, "no test's decision was evaluated while %s is active", what);
            t->hint = x->expires >= 0
                          ? ar_printf(b->a, "try a decision of %s when %s, activated less than %lld days before it",
                                      m, cond, (long long)x->expires)
                          : ar_printf(b->a, "try a decision of %s when %s", m, cond);
            break;
        case 1:
            t->message = ar_printf(b->a, "no test's decision was evaluated while %s is not active", what);
            t->hint = ar_printf(b->a, "try a decision of %s when `%s` does not hold", m, cond);
            break;
        default:
            t->message = ar_printf(b->a, "no test's decision was evaluated after the powers of %s expired", what);
            t->hint = ar_printf(b->a, "try a decision of %s when %s, activated %lld days or more before it", m,
                                cond, (long long)x->expires);
            break;
        }
    }
}

static const uint64_t *const *sort_keys; /* qsort has no argument: set around the one call */

static int cmp_place(const void *a, const void *b)
{
    const uint64_t *x = sort_keys[*(const uint32_t *)a], *y = sort_keys[*(const uint32_t *)b];
    return x[0] != y[0] ? (x[0] < y[0] ? -1 : 1) : x[1] < y[1] ? -1 : x[1] > y[1];
}

tc_plan *tc_plan_make(const remit_session *ps, const remit_policy *p, rm_arena *a)
{
    pb b = {ps, p, a, {0}, {0}, NULL};
    b.paths = ar_alloc(a, (ps->files.n + 1) * sizeof *b.paths);
    for (uint32_t i = 0; i < p->nrules; i++)
        plan_rule(&b, &p->rules[i]);
    for (uint32_t i = 0; i < p->nthresholds; i++)
        plan_threshold(&b, i);
    for (uint32_t h = 0; h < p->nholders; h++)
        plan_body(&b, h);
    for (uint32_t i = 0; i < p->nconflicts; i++)
        plan_conflicts(&b, i);
    tc_plan *pl = ar_alloc(a, sizeof *pl);
    pl->grant_matter = ar_alloc(a, (p->nprotocols + 1) * sizeof *pl->grant_matter);
    for (uint32_t i = 0; i < p->nprotocols; i++)
        pl->grant_matter[i] = PL_NONE;
    for (uint32_t r = p->nrules; r-- > 0;) /* backwards: the first grant is the one kept */
        if (p->rules[r].kind == R_GRANT && p->rules[r].protocol < p->nprotocols)
            pl->grant_matter[p->rules[r].protocol] = p->rules[r].matter;
    for (uint32_t i = 0; i < p->nprotocols; i++)
        plan_protocol(&b, i, pl->grant_matter[i]);
    const rm_file *root = ps->files.n ? ps->files.v[0] : NULL;
    pl->real = root ? ar_strndup(a, root->real, strlen(root->real)) : "";
    pl->n = b.items.n;
    pl->items = ar_alloc(a, (pl->n + 1) * sizeof *pl->items);
    uint32_t *order = ar_alloc(a, (pl->n + 1) * sizeof *order);
    for (uint32_t i = 0; i < pl->n; i++)
        order[i] = i;
    sort_keys = (const uint64_t *const *)b.keys.v;
    qsort(order, pl->n, sizeof *order, cmp_place);
    sort_keys = NULL;
    for (uint32_t i = 0; i < pl->n; i++)
        pl->items[i] = *(const tc_item *)b.items.v[order[i]];
    /* where each thing's items are: the things of a kind are counted,
     * then each given its run of item numbers (an item's place, sorted) */
    uint32_t count[REMIT_COVER_KINDS] = {p->nrules, p->nthresholds, p->nholders, p->nconflicts, p->nprotocols};
    uint32_t *idx = ar_alloc(a, (pl->n + 1) * sizeof *idx);
    uint32_t next = 0;
    for (int k = 0; k < REMIT_COVER_KINDS; k++) {
        pl->at[k] = ar_alloc(a, (count[k] + 1) * sizeof *pl->at[k]);
        pl->cnt[k] = ar_alloc(a, (count[k] + 1) * sizeof *pl->cnt[k]);
        for (uint32_t i = 0; i < pl->n; i++)
            if (pl->items[i].kind == k)
                pl->cnt[k][pl->items[i].of]++;
        for (uint32_t j = 0; j < count[k]; j++) {
            pl->at[k][j] = next;
            next += pl->cnt[k][j];
            pl->cnt[k][j] = 0;
        }
        for (uint32_t i = 0; i < pl->n; i++)
            if (pl->items[i].kind == k) {
                uint32_t of = pl->items[i].of;
                idx[pl->at[k][of] + pl->cnt[k][of]++] = i;
            }
    }
    pl->idx = idx;
    return pl;
}

/* ----------------------------------------------------------- marking */

static void set(uint64_t *bits, uint32_t i) { bits[i / 64] |= UINT64_C(1) << (i % 64); }
static bool is_set(const uint64_t *bits, uint32_t i) { return bits[i / 64] >> (i % 64) & 1u; }

/* Set the item of thing `of` of kind k at point pt (when it has one). */
static void mark(const tc_plan *pl, remit_cover_kind k, uint32_t of, tc_point pt, uint64_t *bits)
{
    for (uint32_t j = 0; j < pl->cnt[k][of]; j++) {
        uint32_t i = pl->idx[pl->at[k][of] + j];
        if (pl->items[i].point == pt)
            set(bits, i);
    }
}

static void mark_rule(const tc_plan *pl, const remit_policy *p, uint32_t rule, uint64_t *bits)
{
    if (rule < p->nrules)
        mark(pl, REMIT_COVER_RULE, rule, TC_EXERCISED, bits);
}

/* Does the outcome give a reason of kind k (its own, or `also`)? */
static bool has_reason(const ev_result *r, ev_why_kind k, int64_t amount, bool any_amount)
{
    for (uint32_t i = 0; i < r->nreasons; i++)
        if (r->reasons[i].kind == k && (any_amount || r->reasons[i].amount == amount))
            return true;
    for (uint32_t i = 0; i < r->nalso; i++)
        if (r->also[i].kind == k && (any_amount || r->also[i].amount == amount))
            return true;
    return false;
}

/* The rules named by the outcome: its chain of authority, its reasons
 * (and `also` reasons), the rules its obligations come from. */
static void named_rules(const tc_plan *pl, const remit_policy *p, const ev_result *r, uint64_t *bits)
{
    for (uint32_t i = 0; i < r->nchain; i++)
        mark_rule(pl, p, r->chain_rules[i], bits);
    for (uint32_t i = 0; i < r->nreasons; i++) {
        mark_rule(pl, p, r->reasons[i].rule, bits);
        mark_rule(pl, p, r->reasons[i].rule2, bits);
    }
    for (uint32_t i = 0; i < r->nalso; i++) {
        mark_rule(pl, p, r->also[i].rule, bits);
        mark_rule(pl, p, r->also[i].rule2, bits);
    }
    for (uint32_t i = 0; i < r->ndue; i++)
        if (r->dues[i].ob != EV_DECLARE)
            mark_rule(pl, p, r->dues[i].rule, bits);
}

/* Does rule x concern a decision by d's decider (result r), whatever
 * its conditions: a refusal or limit `for H`, or an escalation `from H`,
 * when H decides (a limit: or is on the chain of authority); a
 * delegation, grant or urgent power when it is made to the decider or to
 * a holder on the chain; any other rule always. */
static bool rule_concerns(const remit_policy *p, const pl_rule *x, const ev_decision *d, const ev_result *r)
{
    uint32_t h = PL_NONE;
    bool chain = false;
    switch (x->kind) {
    case R_REFUSE: h = x->for_holder; break;
    case R_LIMIT: h = x->for_holder; chain = true; break;
    case R_ESCALATE: h = x->from; break;
    case R_DELEGATE: case R_GRANT: case R_URGENT: h = x->to; chain = true; break;
    default: return true;
    }
    if (h == PL_NONE || h == d->decider)
        return true;
    if (x->kind == R_REFUSE) /* the deciding person's other roles (7.3.1), as the refusal reads them */
        for (uint32_t i = 0; i < d->ndroles; i++)
            if (d->droles[i] == h)
                return true;
    for (uint32_t i = 0; chain && r->outcome == EV_PERMITTED && i <= r->nchain; i++)
        if (r->chain[i] == h)
            return true;
    (void)p;
    return false;
}

/* The rules that constrain a decision (reserve, refuse, escalate,
 * require, a cumulative limit) are exercised by a decision they apply to:
 * their `when` holds, and their `for`, `from` and `after`; a limit `for
 * H`, when H is the decider or on the outcome's chain of authority. */
static void applied_rules(const tc_plan *pl, const remit_policy *p, const ev_decision *d, const ev_result *r,
                          uint64_t *bits)
{
    const pl_matter *m = &p->matters[d->matter];
    for (uint32_t j = 0; j < m->nrules; j++) {
        const pl_rule *x = &p->rules[m->rules[j]];
        if (!pl->cnt[REMIT_COVER_RULE][x->index] ||
            !(x->kind == R_RESERVE || x->kind == R_REFUSE || x->kind == R_ESCALATE || x->kind == R_REQUIRE ||
              x->kind == R_LIMIT))
            continue;
        if (is_set(bits, pl->idx[pl->at[REMIT_COVER_RULE][x->index]]) || !ev_rule_applies(p, x, d))
            continue;
        if (x->kind != R_LIMIT || rule_concerns(p, x, d, r))
            mark_rule(pl, p, x->index, bits);
    }
}

/* Does protocol pr concern decisions of matter m: it grants some (or
 * grants none at all, and then concerns every decision)? */
static bool concerns(const tc_plan *pl, const remit_policy *p, uint32_t pr, uint32_t m)
{
    return pl->grant_matter[pr] == PL_NONE || ev_protocol_grants(p, pr, m);
}

/* The thresholds a decision tests: those of its matter's rules that
 * concern its decider (rule_concerns), and of protocols that concern the
 * matter. */
static void thresholds(const tc_plan *pl, const remit_policy *p, const ev_decision *d, const ev_result *r,
                       uint64_t *bits)
{
    for (uint32_t i = 0; i < p->nthresholds; i++) {
        uint32_t n = pl->cnt[REMIT_COVER_THRESHOLD][i];
        const pl_threshold *t = &p->thresholds[i];
        if (!n || (t->rule != PL_NONE ? p->rules[t->rule].matter != d->matter ||
                                            !rule_concerns(p, &p->rules[t->rule], d, r)
                                      : !concerns(pl, p, t->protocol, d->matter)))
            continue;
        int64_t v;
        switch (t->kind) {
        case PL_TH_UPTO: v = d->fields[p->matters[d->matter].money_field]; break;
        case PL_TH_AFTER:
            if (d->opened == INT64_MIN)
                continue;
            v = d->date - d->opened;
            break;
        case PL_TH_TOTAL: v = ev_limit_total(p, t->rule, d); break;
        default: v = ev_value(p, t->value, d); break;
        }
        for (uint32_t j = 0; j < n; j++) {
            uint32_t k = pl->idx[pl->at[REMIT_COVER_THRESHOLD][i] + j];
            if (pl->items[k].value == v)
                set(bits, k);
        }
    }
}

/* Is interest x one that sets aside a member present at d's meeting? */
static bool sets_member_aside(const remit_policy *p, const ev_decision *d, const ev_interest *x)
{
    if (!d->meeting || !ev_excludes(p, d, x))
        return false;
    for (uint32_t k = 0; k < d->natt; k++)
        if (d->att[k].present && ev_interest_of_attendee(d, x, k))
            return true;
    return false;
}

void tc_mark(const tc_plan *pl, const remit_policy *p, const ev_decision *d, const ev_result *r, uint64_t *bits)
{
    named_rules(pl, p, r, bits);
    applied_rules(pl, p, d, r, bits);
    thresholds(pl, p, d, r, bits);
    uint32_t b = d->decider;
    if (d->meeting && b < p->nholders && pl->cnt[REMIT_COVER_QUORUM][b]) {
        if (r->quorum == 1)
            mark(pl, REMIT_COVER_QUORUM, b, TC_QUORATE, bits);
        if (has_reason(r, WHY_INQUORATE, 0, true))
            mark(pl, REMIT_COVER_QUORUM, b, TC_INQUORATE, bits);
        if (has_reason(r, WHY_QUORUM_LOST, 0, true))
            mark(pl, REMIT_COVER_QUORUM, b, TC_QUORUM_LOST, bits);
    }
    bool lost = has_reason(r, WHY_QUORUM_LOST, 0, true);
    for (uint32_t i = 0; i < d->nint; i++) {
        const ev_interest *x = &d->ints[i];
        if (x->block >= p->nconflicts || !pl->cnt[REMIT_COVER_CONFLICTS][x->block])
            continue;
        if (has_reason(r, WHY_CONFLICTED, i, false))
            mark(pl, REMIT_COVER_CONFLICTS, x->block, TC_STANDS_ASIDE, bits);
        if (sets_member_aside(p, d, x)) {
            mark(pl, REMIT_COVER_CONFLICTS, x->block, TC_MEMBER_ASIDE, bits);
            if (lost)
                mark(pl, REMIT_COVER_CONFLICTS, x->block, TC_CONFLICT_QUORUM_LOST, bits);
        }
    }
    for (uint32_t k = 0; k < p->nprotocols; k++) {
        if (!pl->cnt[REMIT_COVER_PROTOCOL][k] || !concerns(pl, p, k, d->matter))
            continue;
        int st = ev_protocol_state(p, k, d);
        mark(pl, REMIT_COVER_PROTOCOL, k, st == 1 ? TC_ACTIVE : st == 2 ? TC_EXPIRED : TC_INACTIVE, bits);
    }
}

/* ------------------------------------------------ a run's coverage */

typedef struct tc_pol {
    const char *policy, *real;
    uint32_t n;
    tc_item *items;
    uint8_t *covered;
} tc_pol;

struct remit_coverage {
    remit_session *s;           /* its memory, and a protected call for adding */
    rm_vec pols;                /* tc_pol* */
};

remit_coverage *remit_coverage_new(void)
{
    remit_coverage *c = rm_calloc(1, sizeof *c);
    if (c && !(c->s = remit_session_new(NULL))) {
        rm_free(c);
        c = NULL;
    }
    return c;
}

void remit_coverage_free(remit_coverage *c)
{
    if (!c)
        return;
    remit_session_free(c->s);
    rm_free(c);
}

/* Are the plan's items those of pol: the same root file (by its
 * canonical path, however a test file names it), compiled alike?  Their
 * files are named as each test file names them, so not compared. */
static bool same_items(const tc_pol *pol, const char *real, const tc_plan *pl)
{
    if (strcmp(pol->real, real) || pol->n != pl->n)
        return false;
    for (uint32_t i = 0; i < pl->n; i++) {
        const tc_item *a = &pol->items[i], *b = &pl->items[i];
        if (a->kind != b->kind || a->point != b->point || a->of != b->of || a->line != b->line ||
            a->col != b->col || a->value != b->value)
            return false;
    }
    return true;
}

static tc_pol *find(const remit_coverage *c, const tc_plan *pl)
{
    for (uint32_t k = 0; k < c->pols.n; k++)
        if (same_items(c->pols.v[k], pl->real, pl))
            return c->pols.v[k];
    return NULL;
}

typedef struct add_call {
    remit_coverage *c;
    const remit_test_run *run;
    const char *only;
} add_call;

static const char *copy(rm_arena *a, const char *s) { return s ? ar_strndup(a, s, strlen(s)) : NULL; }

static void add_in(void *arg)
{
    add_call *x = arg;
    remit_coverage *c = x->c;
    const remit_test_report *r = x->run->report;
    const tc_plan *pl = rm_test_plan(r);
    tc_pol *pol = find(c, pl);
    if (!pol) { /* the first report of this policy: its items, copied */
        rm_arena *a = &c->s->arena;
        pol = ar_alloc(a, sizeof *pol);
        const char *name = remit_test_report_policy(r);
        pol->policy = copy(a, name ? name : x->run->path);
        pol->real = copy(a, pl->real);
        pol->n = pl->n;
        pol->items = ar_alloc(a, (pl->n + 1) * sizeof *pol->items);
        pol->covered = ar_alloc(a, pl->n + 1);
        for (uint32_t i = 0; i < pl->n; i++) {
            tc_item *t = &pol->items[i];
            *t = pl->items[i];
            t->file = copy(a, t->file);
            t->what = copy(a, t->what);
            t->message = copy(a, t->message);
            t->hint = copy(a, t->hint);
        }
        rm_vec_push(a, &c->pols, pol); /* last: a policy half made is never listed */
    }
    remit_test_result t;
    for (size_t i = 0; remit_test_result_at(r, i, &t); i++) {
        const uint64_t *bits = rm_test_bits(r, i);
        if (!bits || !remit_test_name_matches(x->only, t.name))
            continue;
        for (uint32_t k = 0; k < pl->n; k++)
            pol->covered[k] |= is_set(bits, k);
    }
}

remit_status remit_coverage_add(remit_coverage *c, const remit_test_run *run, const char *only)
{
    if (!c || !run)
        return REMIT_E_ARGUMENT;
    if (!run->report || !rm_test_plan(run->report))
        return REMIT_OK;
    add_call x = {c, run, only};
    return rm_protect(c->s, add_in, &x) ? REMIT_OK : REMIT_E_NOMEM;
}

size_t remit_coverage_policy_count(const remit_coverage *c) { return c ? c->pols.n : 0; }

static void counts(const tc_pol *pol, remit_coverage_policy *out)
{
    memset(out, 0, sizeof *out);
    out->policy = pol->policy;
    out->nitems = pol->n;
    for (uint32_t i = 0; i < pol->n; i++) {
        out->total[pol->items[i].kind]++;
        out->covered[pol->items[i].kind] += pol->covered[i];
    }
    for (int k = 0; k < REMIT_COVER_KINDS; k++) {
        out->all_total += out->total[k];
        out->all_covered += out->covered[k];
    }
}

int remit_coverage_policy_at(const remit_coverage *c, size_t i, remit_coverage_policy *out)
{
    if (!c || !out || i >= c->pols.n)
        return 0;
    counts(c->pols.v[i], out);
    return 1;
}

int remit_coverage_item_at(const remit_coverage *c, size_t policy, size_t k, remit_coverage_item *out)
{
    if (!c || !out || policy >= c->pols.n)
        return 0;
    const tc_pol *pol = c->pols.v[policy];
    if (k >= pol->n)
        return 0;
    const tc_item *t = &pol->items[k];
    *out = (remit_coverage_item){(remit_cover_kind)t->kind, point_word[t->point], t->file, t->line, t->col,
                                 pol->covered[k], t->what, pol->covered[k] ? NULL : t->message,
                                 pol->covered[k] ? NULL : t->hint};
    return 1;
}

void remit_coverage_total(const remit_coverage *c, unsigned *covered, unsigned *total)
{
    unsigned cv = 0, tt = 0;
    for (uint32_t k = 0; c && k < c->pols.n; k++) {
        remit_coverage_policy x;
        counts(c->pols.v[k], &x);
        cv += x.all_covered;
        tt += x.all_total;
    }
    if (covered)
        *covered = cv;
    if (total)
        *total = tt;
}

void remit_coverage_percent(unsigned covered, unsigned total, char *buf, size_t size)
{
    /* tenths of a percent, rounded down */
    uint64_t t = total ? (uint64_t)covered * 1000 / total : 1000;
    if (size)
        snprintf(buf, size, "%u.%u%%", (unsigned)(t / 10), (unsigned)(t % 10));
}

int remit_coverage_min_parse(const char *text, unsigned *hundredths)
{
    if (!text || !*text)
        return 0;
    unsigned whole = 0, frac = 0, nw = 0, nf = 0;
    const char *q = text;
    for (; *q >= '0' && *q <= '9'; q++, nw++)
        if (nw < 4)
            whole = whole * 10 + (unsigned)(*q - '0');
    if (*q == '.') {
        for (q++; *q >= '0' && *q <= '9'; q++, nf++)
            if (nf < 2)
                frac = frac * 10 + (unsigned)(*q - '0');
        if (!nf)
            return 0; /* "80." */
    }
    if (*q || !nw || nw > 3 || nf > 2)
        return 0;
    unsigned h = whole * 100 + (nf == 1 ? frac * 10 : frac);
    if (h > 10000)
        return 0;
    if (hundredths)
        *hundredths = h;
    return 1;
}

int remit_coverage_below(const remit_coverage *c, unsigned min_hundredths)
{
    if (!c || !c->pols.n)
        return min_hundredths > 0; /* nothing tested meets no minimum */
    unsigned cv, tt;
    remit_coverage_total(c, &cv, &tt);
    /* cv / tt < min / 10000, in whole numbers; nothing to cover is all covered */
    return tt && (uint64_t)cv * 10000 < (uint64_t)min_hundredths * tt;
}

/* "rules 12/15, thresholds 20/36 points, ...; 38/61 = 62.3%" */
void tc_summary(const remit_coverage *c, size_t k, char *buf, size_t n)
{
    remit_coverage_policy x;
    if (n)
        buf[0] = '\0';
    if (!remit_coverage_policy_at(c, k, &x))
        return;
    size_t u = 0;
    for (int j = 0; j < REMIT_COVER_KINDS && u < n; j++)
        u += (size_t)snprintf(buf + u, n - u, "%s%s %u/%u%s", j ? ", " : "", kind_plural[j], x.covered[j],
                              x.total[j], j == REMIT_COVER_THRESHOLD ? " points" : "");
    char pct[16];
    remit_coverage_percent(x.all_covered, x.all_total, pct, sizeof pct);
    if (u < n)
        snprintf(buf + u, n - u, "; %u/%u = %s", x.all_covered, x.all_total, pct);
}

void tc_uncovered_text(const remit_coverage *c, size_t k, FILE *out)
{
    remit_coverage_item t;
    for (size_t i = 0; remit_coverage_item_at(c, k, i, &t); i++)
        if (!t.covered)
            remit_fprintf_escaped(out, "%s:%u:%u: not covered: %s: %s\n", t.file, t.line, t.col, t.message, t.hint);
}

void remit_coverage_render_text(const remit_coverage *c, FILE *out)
{
    if (!c || !out)
        return;
    if (!c->pols.n) {
        fputs("coverage: no policy was tested (no test file's tests ran)\n", out);
        return;
    }
    for (size_t k = 0; k < c->pols.n; k++) {
        remit_coverage_policy x;
        remit_coverage_policy_at(c, k, &x);
        char line[512];
        tc_summary(c, k, line, sizeof line);
        remit_fprintf_escaped(out, "coverage of %s: %s\n", x.policy, line);
        tc_uncovered_text(c, k, out);
    }
    if (c->pols.n > 1) {
        unsigned cv, tt;
        char pct[16];
        remit_coverage_total(c, &cv, &tt);
        remit_coverage_percent(cv, tt, pct, sizeof pct);
        fprintf(out, "coverage of the %u policies: %u/%u = %s\n", c->pols.n, cv, tt, pct);
    }
}

/* --------------------------------------- in the test report formats */

static void json_count(xp_out *o, unsigned covered, unsigned total)
{
    char num[64];
    char pct[16];
    remit_coverage_percent(covered, total, pct, sizeof pct);
    pct[strlen(pct) - 1] = '\0'; /* a number: no '%' */
    snprintf(num, sizeof num, "\"covered\":%u,\"total\":%u,\"percent\":%s", covered, total, pct);
    xo_puts(o, num);
}

void tc_json(xp_out *o, const remit_coverage *c)
{
    char num[96];
    xo_puts(o, "{\"policies\":[");
    for (size_t k = 0; c && k < c->pols.n; k++) {
        remit_coverage_policy x;
        remit_coverage_policy_at(c, k, &x);
        xo_puts(o, k ? ",{\"policy\":" : "{\"policy\":");
        xp_json_str(o, x.policy);
        for (int j = 0; j < REMIT_COVER_KINDS; j++) {
            snprintf(num, sizeof num, ",\"%s\":{\"covered\":%u,\"total\":%u}", kind_plural[j], x.covered[j],
                     x.total[j]);
            xo_puts(o, num);
        }
        xo_putc(o, ',');
        json_count(o, x.all_covered, x.all_total);
        xo_puts(o, ",\"items\":[");
        remit_coverage_item t;
        for (size_t i = 0; remit_coverage_item_at(c, k, i, &t); i++) {
            xo_puts(o, i ? ",{\"kind\":\"" : "{\"kind\":\"");
            xo_puts(o, kind_word[t.kind]);
            xo_puts(o, "\",\"point\":\"");
            xo_puts(o, t.point);
            xo_puts(o, "\",\"file\":");
            xp_json_str(o, t.file);
            snprintf(num, sizeof num, ",\"line\":%u,\"col\":%u,\"covered\":%s,\"what\":", t.line, t.col,
                     t.covered ? "true" : "false");
            xo_puts(o, num);
            xp_json_str(o, t.what);
            if (!t.covered) {
                xo_puts(o, ",\"message\":");
                xp_json_str(o, t.message);
                xo_puts(o, ",\"hint\":");
                xp_json_str(o, t.hint);
            }
            xo_putc(o, '}');
        }
        xo_puts(o, "]}");
    }
    unsigned cv, tt;
    remit_coverage_total(c, &cv, &tt);
    xo_puts(o, "],");
    if (c && c->pols.n) {
        json_count(o, cv, tt);
    } else { /* nothing tested: no percentage to give */
        xo_puts(o, "\"covered\":0,\"total\":0,\"percent\":null");
    }
    xo_putc(o, '}');
}

#define COVER_RULE "not-covered"
#define COVER_RULE_MEANING "a point of the policy's decision space that no test's decision reaches (SPEC 7.13.2)"

dg_sarif_extra *tc_sarif(const remit_coverage *c, size_t *n)
{
    size_t cap = 0;
    *n = 0;
    for (size_t k = 0; c && k < c->pols.n; k++)
        cap += ((const tc_pol *)c->pols.v[k])->n;
    dg_sarif_extra *x = rm_calloc(cap + 1, sizeof *x);
    for (size_t k = 0; x && k < c->pols.n; k++) {
        remit_coverage_item t;
        for (size_t i = 0; remit_coverage_item_at(c, k, i, &t); i++) {
            if (t.covered)
                continue;
            size_t len = strlen(t.message) + strlen(t.hint) + 3;
            char *m = rm_malloc(len);
            if (!m) {
                tc_sarif_free(x, *n);
                return NULL;
            }
            snprintf(m, len, "%s: %s", t.message, t.hint);
            x[(*n)++] = (dg_sarif_extra){COVER_RULE, COVER_RULE_MEANING, m, t.file, t.line, "note", t.col};
        }
    }
    return x;
}

void tc_sarif_free(dg_sarif_extra *x, size_t n)
{
    for (size_t i = 0; x && i < n; i++)
        rm_free((char *)x[i].message);
    rm_free(x);
}

void tc_github(const remit_coverage *c, FILE *out)
{
    for (size_t k = 0; c && k < c->pols.n; k++) {
        remit_coverage_item t;
        for (size_t i = 0; remit_coverage_item_at(c, k, i, &t); i++) {
            if (t.covered)
                continue;
            fputs("::notice file=", out);
            dg_github_escaped(out, t.file, true);
            fprintf(out, ",line=%u,col=%u,title=" COVER_RULE "::", t.line, t.col);
            dg_github_escaped(out, t.message, false);
            fputs(": ", out);
            dg_github_escaped(out, t.hint, false);
            fputc('\n', out);
        }
    }
}

long tc_policy_of(const remit_coverage *c, const remit_test_report *r)
{
    const tc_plan *pl = r ? rm_test_plan(r) : NULL;
    for (uint32_t k = 0; c && pl && k < c->pols.n; k++)
        if (same_items(c->pols.v[k], pl->real, pl))
            return (long)k;
    return -1;
}
