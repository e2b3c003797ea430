/*
 * eval.c - evaluating a decision against a compiled policy (SPEC.md,
 * section 7).  The levels of 7.3 run in order and the first that decides
 * gives the outcome, one function each (evaluate, at the end of the file):
 * refusals with conflicts and quorum, reservations, joint approval and
 * cumulative limits, escalations, then authority.
 *
 * Nothing here allocates or compares strings: names are indices, choices
 * are bits, text is interned ids (a history's keys, numbers, are found in
 * its tables by hash), and the outcome is a fixed-size struct the caller
 * owns.  The policy is only read, so threads may share
 * it.  Recursion is bounded: conditions by RM_MAX_EXPR_DEPTH, chains by
 * PL_MAX_CHAIN, walks up reporting lines by EV_MAX_WALK.
 */
#include <assert.h>
#include <string.h>

#include "policy.h"

#define EV_MAX_WALK 64u       /* holders looked at when going up a hierarchy */

/* Asks for a line of memory that will be read soon, so that its fetch
 * overlaps others' rather than waiting its turn: in a policy of
 * megabytes, a decider's record and its chain are each a fetch from
 * memory, tens of nanoseconds (docs/performance.md).  A hint only. */
#if defined(__GNUC__) || defined(__clang__)
#define EV_PREFETCH(addr) __builtin_prefetch(addr)
#else
#define EV_PREFETCH(addr) ((void)(addr))
#endif

/* ---------------------------------------------------------- conditions */

static int64_t val(const remit_policy *p, uint32_t n, const ev_decision *d);

/* An operand: a constant or a value of the decision is read here, without
 * a call (most comparisons are of a field with a constant). */
static inline int64_t operand(const remit_policy *p, uint32_t n, const ev_decision *d)
{
    const pl_node *x = &p->nodes[n];
    switch ((pl_op)x->op) {
    case N_CONST: return x->k;
    case N_FIELD: return d->fields[x->a];
    case N_CTX: return d->context[x->a];
    default: return val(p, n, d);
    }
}

/* Is holder h what a `decider is ...` test (N_WHO x) names: the holder
 * itself, a holder of the kind, a member of the body?  SPEC 5.9. */
static bool is_who(const remit_policy *p, uint32_t h, const pl_node *x)
{
    if (h >= p->nholders)
        return false;
    switch ((who_kind)x->k) {
    case WHO_HOLDER: return h == x->b;
    case WHO_KIND: {
        const pl_holder *r = &p->holders[h];
        for (uint32_t k = 0; k < r->nkinds; k++)
            if (r->kinds[k] == x->b)
                return true;
        return false;
    }
    case WHO_MEMBER:
        return pl_seats(p, x->b, h);
    }
    return false;
}

static bool who_test(const remit_policy *p, const pl_node *x, const ev_decision *d)
{
    if (x->a == WHO_DECIDER)
        return is_who(p, d->decider, x);
    for (uint32_t i = 0; i < d->nco; i++) /* the co-signatories who sign (7.10) */
        if (is_who(p, d->co[i], x))
            return true;
    return false;
}

static int64_t val(const remit_policy *p, uint32_t n, const ev_decision *d)
{
    const pl_node *x = &p->nodes[n];
    switch ((pl_op)x->op) {
    case N_CONST: return x->k;
    case N_FIELD: return d->fields[x->a];
    case N_CTX: return d->context[x->a];
    case N_NOT: return !val(p, x->a, d);
    case N_AND: return val(p, x->a, d) && val(p, x->b, d);
    case N_OR: return val(p, x->a, d) || val(p, x->b, d);
    /* inputs are bounded (input.c), but a policy's constants need not be:
     * arithmetic saturates rather than wrap, so a comparison stays right */
    case N_NEG: {
        int64_t v = val(p, x->a, d);
        return v == INT64_MIN ? INT64_MAX : -v;
    }
    case N_ADD: case N_SUB: {
        int64_t a = val(p, x->a, d), b = val(p, x->b, d), r;
        bool over = x->op == N_ADD ? __builtin_add_overflow(a, b, &r) : __builtin_sub_overflow(a, b, &r);
        if (over)
            r = (x->op == N_ADD ? b > 0 : b < 0) ? INT64_MAX : INT64_MIN;
        return r;
    }
    case N_TOTAL: return d->summed ? d->sums[x->a] : d->fields[x->b];
    case N_DATE: return d->date;
    case N_WHO: return who_test(p, x, d);
    case N_ADDMONTHS: return lit_add_months(val(p, x->a, d), x->k);
    case N_MUL: { /* the checker proves it cannot overflow (SPEC 5.3): saturating all the same */
        int64_t a = val(p, x->a, d), b = val(p, x->b, d), r;
        if (__builtin_mul_overflow(a, b, &r))
            r = (a < 0) != (b < 0) ? INT64_MIN : INT64_MAX;
        return r;
    }
    case N_IN: case N_NOTIN: return pl_in(x->op, operand(p, x->a, d), x->k);
    case N_SETIN: return (operand(p, x->a, d) & x->k) != 0;
    case N_SETNOTIN: return (operand(p, x->a, d) & x->k) == 0;
    case N_CMP: {
        int64_t a = operand(p, x->a, d);
        return pl_compare(x->cmp, a, operand(p, x->b, d));
    }
    }
    return 0;
}

int64_t ev_value(const remit_policy *p, uint32_t node, const ev_decision *d)
{
    return val(p, node, d);
}

bool ev_cond(const remit_policy *p, uint32_t node, const ev_decision *d)
{
    return node == PL_NONE || val(p, node, d) != 0;
}

/* ------------------------------------------------------- joint approval */

bool ev_holds_slot(const remit_policy *p, uint32_t who, const pl_slot *s)
{
    if (!s->is_kind)
        return who == s->who;
    if (who >= p->nholders)
        return false;
    const pl_holder *h = &p->holders[who];
    for (uint32_t k = 0; k < h->nkinds; k++)
        if (h->kinds[k] == s->who)
            return true;
    return false;
}

/* Can every slot of one alternative be filled by a different signatory?
 * A bipartite matching (Kuhn's augmenting paths) over at most
 * EV_MAX_SIGNERS signatories and as many slot places: polynomial, and in
 * fixed-size arrays, so no allocation. */
#define EV_MAX_PLACES EV_MAX_SIGNERS

static bool augment(const remit_policy *p, const pl_slot *const *place, uint32_t k,
                    const uint32_t *sig, uint32_t nsig, int32_t *owner, bool *tried)
{
    for (uint32_t i = 0; i < nsig; i++) {
        if (tried[i] || !ev_holds_slot(p, sig[i], place[k]))
            continue;
        tried[i] = true;
        if (owner[i] < 0 || augment(p, place, (uint32_t)owner[i], sig, nsig, owner, tried)) {
            owner[i] = (int32_t)k;
            return true;
        }
    }
    return false;
}

static bool fill(const remit_policy *p, const pl_alt *a, const uint32_t *sig, uint32_t nsig)
{
    const pl_slot *place[EV_MAX_PLACES];
    uint32_t np = 0;
    for (uint32_t s = 0; s < a->nslots; s++)
        for (uint32_t c = 0; c < a->slots[s].count; c++) {
            if (np == EV_MAX_PLACES || np >= nsig)
                return false; /* more signatures needed than there are signatories */
            place[np++] = &a->slots[s];
        }
    int32_t owner[EV_MAX_SIGNERS];
    for (uint32_t i = 0; i < nsig; i++)
        owner[i] = -1;
    for (uint32_t k = 0; k < np; k++) {
        bool tried[EV_MAX_SIGNERS] = {false};
        if (!augment(p, place, k, sig, nsig, owner, tried))
            return false;
    }
    return true;
}

uint32_t ev_signatories(const remit_policy *p, const ev_decision *d, bool with_decider,
                        uint32_t *sig, uint32_t max)
{
    const bool *p_many = p->many;
    uint32_t n = 0, np = 0;
    int64_t people[EV_MAX_SIGNERS + 1]; /* those known to have signed */
    if (d->decider_person >= 0) /* the decider signs as themselves, never again */
        people[np++] = d->decider_person;
    if (with_decider && max)
        sig[n++] = d->decider;
    for (uint32_t i = 0; i < d->nco && n < max; i++) {
        /* nobody signs twice: a person once, whatever roles they name (7.7);
         * a role that one person holds counts once, the decider included; a
         * role several people hold (2+ ned) may be named once for each */
        int64_t who = d->co_sperson ? d->co_sperson[i] : -1;
        bool again = false;
        for (uint32_t k = 0; who >= 0 && k < np && !again; k++)
            again = people[k] == who;
        for (uint32_t k = 0; k < n && !again; k++)
            again = sig[k] == d->co[i] && !(p_many && p_many[d->co[i]]);
        if (again)
            continue;
        sig[n++] = d->co[i];
        if (who >= 0 && np < EV_MAX_SIGNERS)
            people[np++] = who;
    }
    return n;
}

static bool signed_enough(const remit_policy *p, const pl_signers *g, const ev_decision *d,
                          bool with_decider);

bool ev_signed(const remit_policy *p, const pl_signers *g, const ev_decision *d, bool with_decider)
{
    return signed_enough(p, g, d, with_decider);
}

/* Do the signatories sig[0..n) meet one of g's alternatives? */
static bool signed_by(const remit_policy *p, const pl_signers *g, const uint32_t *sig, uint32_t n)
{
    for (uint32_t a = 0; a < g->nalts; a++)
        if (fill(p, &g->alts[a], sig, n))
            return true;
    return false;
}

static bool signed_enough(const remit_policy *p, const pl_signers *g, const ev_decision *d,
                          bool with_decider)
{
    uint32_t sig[EV_MAX_SIGNERS];
    uint32_t n = ev_signatories(p, d, with_decider, sig, EV_MAX_SIGNERS);
    return signed_by(p, g, sig, n);
}

/* How many signatures alternative a still lacks from the signatories
 * sig[0..ns), each used once, slots filled in order; lack[k]: how many
 * slot k lacks (the first nlack slots). */
static uint32_t alt_missing(const remit_policy *p, const pl_alt *a, const uint32_t *sig, uint32_t ns,
                            uint32_t *lack, uint32_t nlack)
{
    bool used[EV_MAX_SIGNERS] = {false};
    uint32_t missing = 0;
    for (uint32_t k = 0; k < a->nslots; k++) {
        const pl_slot *sl = &a->slots[k];
        uint32_t short_of = 0;
        for (uint32_t c = 0; c < sl->count; c++) {
            bool got = false;
            for (uint32_t i = 0; i < ns && !got; i++)
                if (!used[i] && ev_holds_slot(p, sig[i], sl))
                    used[i] = got = true;
            short_of += !got;
        }
        missing += short_of;
        if (k < nlack)
            lack[k] = short_of;
    }
    return missing;
}

uint32_t ev_alt_missing(const remit_policy *p, const pl_signers *g, uint32_t alt, const ev_decision *d,
                        bool with_decider, uint32_t *lack, uint32_t nlack)
{
    uint32_t sig[EV_MAX_SIGNERS];
    uint32_t ns = ev_signatories(p, d, with_decider, sig, EV_MAX_SIGNERS);
    return alt_missing(p, &g->alts[alt], sig, ns, lack, nlack);
}

uint32_t ev_missing_slots(const remit_policy *p, const pl_signers *g, const ev_decision *d,
                          bool with_decider, uint32_t *lack, uint32_t nlack)
{
    uint32_t sig[EV_MAX_SIGNERS];
    uint32_t ns = ev_signatories(p, d, with_decider, sig, EV_MAX_SIGNERS);
    uint32_t best = 0, best_missing = UINT32_MAX;
    for (uint32_t a = 0; a < g->nalts; a++) { /* the closest alternative */
        uint32_t missing = alt_missing(p, &g->alts[a], sig, ns, NULL, 0);
        if (missing < best_missing) {
            best_missing = missing;
            best = a;
        }
    }
    if (g->nalts)
        alt_missing(p, &g->alts[best], sig, ns, lack, nlack);
    return g->nalts ? best : PL_NONE;
}

/* ---------------------------------------------------------------- rules */

static bool beaten(const remit_policy *p, const pl_rule *r, const ev_decision *d);
static bool protocol_active(const remit_policy *p, uint32_t pr, const ev_decision *d, bool *expired);
static bool never_grants(const pl_protocol *x, uint32_t matter);

/* Does the rule apply to the decision?  Its `when`, and what else its kind
 * asks: the bounds of a delegation, the decider for `for` and `from`, the
 * time a decision has been open. */
/* Does the register give the decider's person role h too (7.3.1)? */
static bool held_too(const ev_decision *d, uint32_t h)
{
    for (uint32_t i = 0; i < d->ndroles; i++)
        if (d->droles[i] == h)
            return true;
    return false;
}

static bool applies(const remit_policy *p, const pl_rule *r, const ev_decision *d)
{
    if (!ev_cond(p, r->when, d))
        return false;
    switch (r->kind) {
    case R_REFUSE:
        return r->for_holder == PL_NONE || r->for_holder == d->decider || held_too(d, r->for_holder);
    case R_ESCALATE:
        if (r->from != PL_NONE && r->from != d->decider)
            return false;
        if (r->after >= 0 && (d->opened == INT64_MIN || d->date - d->opened <= r->after))
            return false;
        return true;
    case R_URGENT: /* only for a decision said to be urgent, by its holder */
        return d->urgent && r->to == d->decider;
    case R_GRANT: { /* crisis powers not in force never win precedence */
        bool expired;
        return r->protocol < p->nprotocols && !never_grants(&p->protocols[r->protocol], r->matter) &&
               protocol_active(p, r->protocol, d, &expired);
    }
    default:
        return true;
    }
}

/* The first rule of circle c that applies, PL_NONE if none; `but` is
 * not counted (a rule never sets itself aside). */
static uint32_t circle_applies(const remit_policy *p, const pl_prec *c, uint32_t but,
                               const ev_decision *d)
{
    for (uint32_t i = 0; i < c->nrules; i++)
        if (c->rules[i] != but && applies(p, &p->rules[c->rules[i]], d))
            return c->rules[i];
    return PL_NONE;
}

/* A rule is set aside when a rule that takes precedence over it applies
 * (SPEC 7.3.2): one of its own circle, or of a circle above it, looked at
 * nearest first (pl_prec). */
uint32_t ev_set_aside_by(const remit_policy *p, const pl_rule *r, const ev_decision *d)
{
    if (r->prec == PL_NONE)
        return PL_NONE;
    const pl_prec *c = &p->precs[r->prec];
    uint32_t w = circle_applies(p, c, r->index, d);
    for (uint32_t k = (r->prec - c->first + 63) / 64; k-- > 0 && w == PL_NONE;)
        for (uint64_t bits = c->over[k]; bits && w == PL_NONE;) {
            unsigned b = 63u - (unsigned)__builtin_clzll(bits);
            bits &= ~((uint64_t)1 << b);
            w = circle_applies(p, &p->precs[c->first + k * 64 + b], PL_NONE, d);
        }
    return w;
}

bool ev_takes_precedence(const remit_policy *p, uint32_t a, uint32_t b)
{
    uint32_t x = p->rules[a].prec, y = p->rules[b].prec;
    if (a == b || x == PL_NONE || y == PL_NONE)
        return false;
    if (x == y)
        return true; /* one circle: each over the others */
    const pl_prec *c = &p->precs[y];
    if (p->precs[x].first != c->first || x > y)
        return false;
    uint32_t i = x - c->first;
    return (c->over[i / 64] >> (i % 64)) & 1u;
}

static bool beaten(const remit_policy *p, const pl_rule *r, const ev_decision *d)
{
    return ev_set_aside_by(p, r, d) != PL_NONE;
}

bool ev_rule_applies(const remit_policy *p, const pl_rule *r, const ev_decision *d)
{
    return applies(p, r, d);
}

static bool in_force(const remit_policy *p, const pl_rule *r, const ev_decision *d)
{
    return applies(p, r, d) && !beaten(p, r, d);
}

/* The bounds of a delegation or grant hold for this decision. */
static bool within_bounds(const remit_policy *p, const pl_rule *r, const ev_decision *d)
{
    if (r->upto >= 0) {
        uint32_t mf = p->matters[r->matter].money_field;
        if (mf == PL_NONE || d->fields[mf] > r->upto)
            return false;
    }
    return ev_cond(p, r->limit, d);
}

static void add_reason(ev_result *o, ev_why_kind k, uint32_t rule, uint32_t rule2, int64_t amount)
{
    if (o->nreasons >= EV_MAX_REASONS)
        return;
    ev_reason *r = &o->reasons[o->nreasons++];
    r->kind = k;
    r->rule = rule;
    r->rule2 = rule2;
    r->amount = amount;
    r->holder = PL_NONE;
}

/* add_reason, among reasons of kind k kept in the order of their rules
 * (declaration order): for refusals met by another route (7.3.1) */
static void add_reason_sorted(ev_result *o, ev_why_kind k, uint32_t rule)
{
    if (o->nreasons >= EV_MAX_REASONS)
        return;
    uint32_t at = o->nreasons;
    while (at > 0 && o->reasons[at - 1].kind == k && o->reasons[at - 1].rule > rule)
        at--;
    memmove(&o->reasons[at + 1], &o->reasons[at], (o->nreasons - at) * sizeof *o->reasons);
    o->nreasons++;
    o->reasons[at] = (ev_reason){.kind = k, .rule = rule, .rule2 = PL_NONE, .holder = PL_NONE};
}

/* Keep, of the reasons so far, only that the decider stands aside for a
 * conflict of interest: a level that decides on its own reasons still
 * says why the decider's authority was not used (7.10). */
static void keep_aside(ev_result *o)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < o->nreasons; i++)
        if (o->reasons[i].kind == WHY_CONFLICTED)
            o->reasons[n++] = o->reasons[i];
    o->nreasons = n;
}

/* ------------------------------------------------------------ hierarchy */

/* pl_delegations_to for evaluation: the links of matter m made to h,
 * *n of them from the one returned.  A holder given one delegation of
 * any matter (most posts) is answered by its pl_solo, not by the
 * directory's matters as well. */
static inline uint32_t links_to(const remit_policy *p, const pl_matter *m, uint32_t h, uint32_t *n)
{
    uint32_t matter = (uint32_t)(m - p->matters);
    if (h < p->nholders && p->solo[h].matter != PL_NONE) {
        *n = p->solo[h].matter == matter;
        return p->solo[h].at;
    }
    return pl_delegations_to(p, matter, h, n);
}

/* The delegator of link at + i of those links_to found for h. */
static inline uint32_t link_from(const remit_policy *p, uint32_t h, uint32_t at, uint32_t i)
{
    return h < p->nholders && p->solo[h].matter != PL_NONE ? p->solo[h].from : p->links[at + i].from;
}

/* The delegations of matter m made to holder h: *n rule indices. */
static const uint32_t *delegations_to(const remit_policy *p, const pl_matter *m, uint32_t h,
                                      uint32_t *n)
{
    return p->into_rule + pl_delegations_to(p, (uint32_t)(m - p->matters), h, n);
}

/* The first leaf j >= i of a tree of n leaves (pl_index.floor) whose
 * value is at most bound, n when none: up from leaf i to the first range
 * to its right that holds one, then down to its first such leaf. */
static uint32_t tree_first(const int64_t *tree, uint32_t nleaves, uint32_t n, uint32_t i, int64_t bound)
{
    if (i >= n)
        return n;
    uint32_t x = nleaves + i;
    while (tree[x] > bound) {
        while (x & 1u) /* a right child: up, to the range after it */
            if ((x >>= 1) <= 1)
                return n;
        x++;
    }
    while (x < nleaves)
        x = tree[2 * x] <= bound ? 2 * x : 2 * x + 1;
    return x - nleaves < n ? x - nleaves : n;
}

/* The sum of money a decision of matter m is for, to compare with the
 * thresholds of its rules (pl_index.floor); INT64_MAX, which passes
 * every threshold, when the matter has no money field. */
static int64_t sum_of(const pl_matter *m, const ev_decision *d)
{
    return m->money_field != PL_NONE ? d->fields[m->money_field] : INT64_MAX;
}

/* The rules of an index (pl_index) that can apply for holder h and the
 * sum: its run for h and those of its run for any holder whose
 * threshold the sum reaches, merged in declaration order.  Each run is
 * found by a binary search, each rule of the second by tree_first; the
 * loop visits those rules alone. */
typedef struct runs {
    const pl_index *x;
    int64_t sum;
    uint32_t a, ae;             /* the run for h */
    uint32_t b;                 /* the next rule for any holder that the sum
                                   reaches (x->any..x->n), x->n after the last */
} runs;

static uint32_t runs_any(const runs *r, uint32_t from)
{
    const pl_index *x = r->x;
    return x->any + tree_first(x->floor, x->nleaves, x->n - x->any, from - x->any, r->sum);
}

static uint32_t key_first(const pl_index *x, uint32_t key)
{
    uint32_t lo = 0, hi = x->any; /* (the rules for any holder are after) */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (x->keys[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static runs runs_for(const pl_index *x, uint32_t h, int64_t sum)
{
    runs r = {.x = x, .sum = sum};
    if (!x->n) /* (most matters have no rule of most kinds) */
        return r;
    r.b = runs_any(&r, x->any);
    if (h != PL_NONE) {
        r.a = r.ae = key_first(x, h);
        while (r.ae < x->any && x->keys[r.ae] == h)
            r.ae++;
    }
    return r;
}

/* The next rule, in declaration order; PL_NONE after the last. */
static uint32_t runs_next(runs *r)
{
    const pl_index *x = r->x;
    if (r->a < r->ae && (r->b == x->n || x->rules[r->a] < x->rules[r->b]))
        return x->rules[r->a++];
    if (r->b == x->n)
        return PL_NONE;
    uint32_t rule = x->rules[r->b];
    r->b = runs_any(r, r->b + 1);
    return rule;
}

/* A chain search could branch at every step in a dense web of
 * delegations: a budget of steps bounds it. */
#define EV_MAX_STEPS 4096u
/* Every chain search of one walk up (who_can) shares this many steps: the
 * walk may search from dozens of holders, and in a dense web each search
 * would take its full EV_MAX_STEPS (milliseconds per decision). */
#define EV_MAX_WALK_STEPS (4u * EV_MAX_STEPS)

/* X is at or above T: X is T, T reports to X (along any line), or a chain
 * of delegations of the matter leads from X to T.  Breadth first, up
 * from t, each holder once: the bodies it reports to
 * and the delegators of the matter's delegations to it, at most
 * EV_MAX_WALK holders (a circle of delegations and reporting lines is
 * walked round once, not until a budget runs out). */
static bool at_or_above(const remit_policy *p, const pl_matter *m, uint32_t x, uint32_t t,
                        unsigned depth)
{
    (void)depth;
    if (x == t)
        return true;
    uint32_t queue[EV_MAX_WALK], head = 0, tail = 0;
    queue[tail++] = t;
    while (head < tail) {
        uint32_t h = queue[head++];
        if (h >= p->nholders)
            continue;
        const pl_holder *y = pl_has_lines(p, h) ? &p->holders[h] : NULL; /* (read only then) */
        uint32_t n = y ? y->nparents : 0, nd;
        uint32_t at = links_to(p, m, h, &nd);
        for (uint32_t i = 0; i < n + nd; i++) {
            uint32_t up = i < n ? y->parents[i] : link_from(p, h, at, i - n);
            if (up == x)
                return true;
            bool seen = false;
            for (uint32_t k = 0; k < tail && !seen; k++)
                seen = queue[k] == up;
            if (!seen && tail < EV_MAX_WALK)
                queue[tail++] = up;
        }
    }
    return false;
}

bool ev_at_or_above(const remit_policy *p, uint32_t matter, uint32_t x, uint32_t t)
{
    return at_or_above(p, &p->matters[matter], x, t, 0);
}

/* For `next tier`: the nearest body above `from` on its reporting lines
 * whose tier is higher (breadth first, in `reports to` order). */
static uint32_t next_tier(const remit_policy *p, uint32_t from)
{
    if (from >= p->nholders)
        return PL_NONE;
    int32_t tier = p->holders[from].tier;
    uint32_t queue[EV_MAX_WALK], head = 0, tail = 0;
    queue[tail++] = from;
    while (head < tail) {
        const pl_holder *h = &p->holders[queue[head++]];
        for (uint32_t i = 0; i < h->nparents; i++) {
            uint32_t q = h->parents[i];
            if (p->holders[q].tier > tier)
                return q;
            if (tail < EV_MAX_WALK)
                queue[tail++] = q;
        }
    }
    return PL_NONE;
}

uint32_t ev_next_tier(const remit_policy *p, uint32_t from)
{
    return next_tier(p, from);
}

/* ---------------------------------------------------------------- chains */

typedef struct chain {
    unsigned budget;                /* steps left for the search (EV_MAX_STEPS) */
    uint32_t n;
    uint32_t rules[PL_MAX_CHAIN];   /* from the decider upwards */
    uint32_t from[PL_MAX_CHAIN];    /* each one's delegator */
    bool found;
    bool urgent;                    /* rules[0] is an urgent power (decider_chain):
                                       said here, so its rule need not be read */
    uint32_t protocol;              /* a grant's protocol, else PL_NONE */
} chain;

/* Has the decision a record that r's delegate passed it on to `below`
 * with r's approver's approval, given on or before its date?  (4.12) */
static bool sub_approved(const pl_rule *r, uint32_t below, const ev_decision *d)
{
    for (uint32_t i = 0; i < d->napprovals; i++) {
        const struct ev_approval *a = &d->approvals[i];
        if (a->from == r->to && a->to == below && a->by == r->sub_approver && a->date <= d->date)
            return true;
    }
    return false;
}

/* Why a delegation link does not carry authority to this decision, or 0;
 * below: when not the last link, the delegate of the link below it (to
 * whom r's delegate passes it on). */
static int link_fault(const remit_policy *p, const pl_rule *r, const ev_decision *d, bool last, uint32_t below)
{
    if (!ev_cond(p, r->when, d) || !within_bounds(p, r, d))
        return WHY_BOUND;
    if (r->with && !signed_enough(p, r->with, d, false))
        return WHY_COSIGN;
    if (r->spectrum == SP_ADVISE)
        return WHY_ADVISE_ONLY;
    if (r->spectrum == SP_JOINT) {
        bool co = d->body == r->from;
        for (uint32_t i = 0; i < d->nco && !co; i++)
            co = d->co[i] == r->from;
        if (!co)
            return WHY_JOINT_NEEDS;
    }
    if (!last && !r->may_subdelegate)
        return WHY_NO_SUBDELEGATE;
    if (!last && r->sub_approver != PL_NONE && !sub_approved(r, below, d))
        return WHY_NOT_APPROVED;
    if (r->prior != PL_NONE && !(d->priors >> r->prior & 1u))
        return WHY_NO_PRIOR;
    if (beaten(p, r, d))
        return WHY_SET_ASIDE;
    return 0; /* (WHY_REFUSE_RULE, also 0, is never a link's fault) */
}

/* Do all n tests at t (pl_test: a field against a constant, or a choice
 * field tested) hold for the decision? */
static bool tests_hold(const struct pl_test *t, uint32_t n, const ev_decision *d)
{
    for (uint32_t i = 0; i < n; i++) {
        int64_t v = d->fields[t[i].field];
        if (!(t[i].op == N_CMP ? pl_compare(t[i].cmp, v, t[i].k) : pl_in(t[i].op, v, t[i].k)))
            return false;
    }
    return true;
}

/* Does link l carry authority to the decision (link_fault, of a plain
 * one from what its pl_link says)? */
static bool link_carries(const remit_policy *p, const pl_link *l, const ev_decision *d, bool last,
                         uint32_t below)
{
    if (!(l->flags & PL_LINK_PLAIN))
        return link_fault(p, &p->rules[l->rule], d, last, below) == 0;
    if (l->upto >= 0 && (l->money_field == PL_NONE || d->fields[l->money_field] > l->upto))
        return false; /* WHY_BOUND */
    if (!tests_hold(l->tests, l->ntests, d))
        return false; /* WHY_BOUND */
    return last || (l->flags & PL_LINK_SUB); /* else WHY_NO_SUBDELEGATE */
}

/* Does the one chain of path ph carry the decision (each of its links
 * would, link_carries)? */
static bool path_carries(const pl_path *ph, const ev_decision *d)
{
    return !(ph->upto >= 0 && d->fields[ph->money_field] > ph->upto) && tests_hold(ph->tests, ph->ntests, d);
}

/* Depth-first search backwards from a holder towards a start of
 * authority, keeping the shortest chain found: root, whether the holder
 * is one; dl, the nd delegations of the matter made to it. */
static void search(const remit_policy *p, const ev_decision *d, bool root, const pl_link *dl,
                   uint32_t nd, chain *cur, chain *best)
{
    /* a dense web of delegations could make this search exponential: it
     * stops after EV_MAX_STEPS steps with the best chain found by then */
    if (cur->budget == 0)
        return;
    cur->budget--;
    if (root) {
        if (!best->found || cur->n < best->n) {
            *best = *cur;
            best->found = true;
        }
        return;
    }
    if (cur->n >= PL_MAX_CHAIN || (best->found && cur->n + 1 >= best->n))
        return;
    for (uint32_t i = 0; i < nd; i++) {
        const pl_link *l = &dl[i];
        if (!link_carries(p, l, d, cur->n == 0, cur->n ? p->rules[cur->rules[cur->n - 1]].to : PL_NONE))
            continue;
        bool loop = l->from == d->decider;
        for (uint32_t k = 0; k < cur->n && !loop; k++)
            loop = cur->from[k] == l->from;
        if (loop)
            continue;
        cur->from[cur->n] = l->from;
        cur->rules[cur->n++] = l->rule;
        search(p, d, l->flags & PL_LINK_ROOT, p->links + l->up_at, l->nup, cur, best);
        cur->n--;
    }
}

static bool protocol_active(const remit_policy *p, uint32_t pr, const ev_decision *d, bool *expired)
{
    const pl_protocol *x = &p->protocols[pr];
    *expired = false;
    if (!ev_cond(p, x->active, d))
        return false;
    if (x->expires >= 0) {
        int64_t at = d->activated[pr];
        if (at == INT64_MIN || d->date < at)
            return false;
        if (d->date >= at + x->expires) {
            *expired = true;
            return false;
        }
    }
    return true;
}

static bool never_grants(const pl_protocol *x, uint32_t matter)
{
    for (uint32_t i = 0; i < x->nnever; i++)
        if (x->never[i] == matter)
            return true;
    return false;
}

int ev_protocol_state(const remit_policy *p, uint32_t protocol, const ev_decision *d)
{
    bool expired;
    return protocol_active(p, protocol, d, &expired) ? 1 : expired ? 2 : 0;
}

bool ev_protocol_grants(const remit_policy *p, uint32_t protocol, uint32_t matter)
{
    const pl_matter *m = &p->matters[matter];
    if (never_grants(&p->protocols[protocol], matter))
        return false;
    for (uint32_t i = 0; i < m->grants.n; i++)
        if (p->rules[m->grants.rules[i]].protocol == protocol)
            return true;
    return false;
}

/* Asks for pl_path `path` (PL_NONE: none): its header and tests, and its
 * links, mostly on the line after. */
static inline void prefetch_path(const remit_policy *p, uint32_t path)
{
    if (path == PL_NONE)
        return;
    EV_PREFETCH(p->path_pool + path);
    EV_PREFETCH((const void *)((uintptr_t)(p->path_pool + path) + 64)); /* (a hint: may pass the end) */
}

/* The decision d as `who` would take it: d itself when who is its
 * decider, else *other, made once (*made: NULL until then) as a copy
 * with who deciding and none of the decider's person's other roles. */
static const ev_decision *as_who(const ev_decision *d, uint32_t who, ev_decision *other,
                                 const ev_decision **made)
{
    if (who == d->decider)
        return d;
    if (!*made) {
        *other = *d;
        other->decider = who;
        other->ndroles = 0; /* the decider's person's roles are not who's */
        *made = other;
    }
    return *made;
}

/* The best chain of authority for `who` to take the decision. */
static chain find_chain(const remit_policy *p, const pl_matter *m, const ev_decision *d,
                        uint32_t who, uint32_t *expired_rule, unsigned *shared)
{
    /* (what is read of a chain is n links, found and protocol: only
     * those are set) */
    chain best, cur;
    best.n = cur.n = best.budget = 0;
    best.found = cur.found = false;
    best.urgent = cur.urgent = false; /* (a search finds delegations and grants alone) */
    best.protocol = cur.protocol = PL_NONE;
    cur.budget = shared && *shared < EV_MAX_STEPS ? *shared : EV_MAX_STEPS;
    if (cur.budget == 0)
        cur.budget = 1; /* enough to find that a body reporting to no one holds it */
    unsigned given = cur.budget;
    /* the decision as `who` would take it, when not its decider: made
     * (as_who) only where more than its fields is read, for a path and
     * a plain link read its fields alone, and copying it costs most of
     * its lines of memory */
    ev_decision other;
    const ev_decision *dd = NULL;
    uint32_t nd, at = links_to(p, m, who, &nd);
    uint32_t path = nd != 1 ? PL_NONE
                    : who < p->nholders && p->solo[who].matter != PL_NONE ? p->solo[who].path
                    : p->links[at].path;
    prefetch_path(p, path);
    if (path != PL_NONE && cur.budget > PL_MAX_CHAIN && !pl_is_root(p, who)) {
        /* one delegation to who, the first link of a pl_path: what the
         * search would find, in as many steps, mostly without it.  The
         * path's bound and tests include its first link's, so a decision
         * the path carries needs no more of that link */
        const pl_path *ph = (const pl_path *)(const void *)(p->path_pool + path);
        const pl_link *l = &p->links[at];
        if (path_carries(ph, d)) {
            const uint32_t *hop = pl_path_hops(ph);
            best.found = true;
            best.n = ph->n;
            for (uint32_t i = 0; i < ph->n; i++) {
                best.from[i] = hop[2 * i];
                best.rules[i] = hop[2 * i + 1];
            }
            cur.budget -= ph->n + 1u;
        } else if (!link_carries(p, l, l->flags & PL_LINK_PLAIN ? d : as_who(d, who, &other, &dd), true,
                                 PL_NONE)) {
            cur.budget--; /* the search's one step: no chain */
        } else {
            search(p, as_who(d, who, &other, &dd), false, l, 1, &cur, &best);
        }
    } else {
        /* (from a root the search reads nothing of the decision) */
        bool root = pl_is_root(p, who);
        search(p, root ? d : as_who(d, who, &other, &dd), root, p->links + at, nd, &cur, &best);
    }
    if (shared) /* the steps this search took come off the walk's */
        *shared -= given - cur.budget < *shared ? given - cur.budget : *shared;
    if (best.found)
        return best;
    /* crisis powers only when nothing else gives authority: the grants to
     * who, in declaration order */
    runs g = runs_for(&m->grants, who, sum_of(m, d));
    for (uint32_t gi = runs_next(&g); gi != PL_NONE; gi = runs_next(&g)) {
        const pl_rule *r = &p->rules[gi];
        const ev_decision *as = as_who(d, who, &other, &dd);
        assert(r->kind == R_GRANT && r->to == who);
        const pl_protocol *x = &p->protocols[r->protocol];
        bool expired;
        if (never_grants(x, r->matter))
            continue;
        bool active = protocol_active(p, r->protocol, as, &expired);
        if (!active) {
            if (expired && expired_rule && *expired_rule == PL_NONE && link_fault(p, r, as, true, PL_NONE) == 0)
                *expired_rule = r->index;
            continue;
        }
        if (link_fault(p, r, as, true, PL_NONE) == 0) {
            best.found = true;
            best.n = 1;
            best.rules[0] = r->index;
            best.protocol = r->protocol;
            return best;
        }
    }
    return best;
}

/* Is candidate a below candidate b: b at or above a, and not a at or
 * above b? */
static bool lower_than(const remit_policy *p, const pl_matter *m, uint32_t a, uint32_t b)
{
    return at_or_above(p, m, b, a, 0) && !at_or_above(p, m, a, b, 0);
}

/* The lowest holder above the decider that can take the decision. */
static uint32_t who_can_walk(const remit_policy *p, const pl_matter *m, const ev_decision *d,
                             uint32_t from, bool fallback, unsigned *steps);

/* who_can_walk, adding the steps its searches took to *used */
static uint32_t who_can(const remit_policy *p, const pl_matter *m, const ev_decision *d,
                        uint32_t from, bool fallback, uint32_t *used)
{
    unsigned steps = EV_MAX_WALK_STEPS; /* for every chain search of the walk */
    uint32_t h = who_can_walk(p, m, d, from, fallback, &steps);
    *used += EV_MAX_WALK_STEPS - steps;
    return h;
}

/* Of two candidates with chains of as many links, does a come first:
 * the lower tier (a holder without one above every tier), then the
 * earlier declared? */
static bool ranks_before(const remit_policy *p, uint32_t a, uint32_t b)
{
    const pl_holder *x = &p->holders[a], *y = &p->holders[b];
    int32_t tx = x->tier < 0 ? INT32_MAX : x->tier, ty = y->tier < 0 ? INT32_MAX : y->tier;
    return tx != ty ? tx < ty : x->seq < y->seq;
}

/* No one met on the way up (SPEC 7.4): of the holders that can decide,
 * other than `from`, the one furthest down its chain; then the lower
 * tier; then the earlier declared.  The candidates are ranked when the
 * policy is compiled by the most links their chains can have (pl_cand),
 * so the search visits those that could carry the sum in that order and
 * stops at the first that no later one can beat. */
static uint32_t last_resort(const remit_policy *p, const pl_matter *m, const ev_decision *d,
                            uint32_t from, unsigned *steps)
{
    /* the candidates that can carry the sum: cap >= sum, -cap <= -sum */
    int64_t sum = sum_of(m, d), bound = sum == INT64_MAX ? INT64_MAX : -sum;
    /* the value of the matter's choice field, for pl_cand.allow (64: none) */
    uint64_t chosen = m->choice_field != PL_NONE ? (uint64_t)d->fields[m->choice_field] : 64;
    uint32_t best = PL_NONE, best_n = 0;
    for (uint32_t i = tree_first(m->lastcap, m->nleaves, m->nlast, 0, bound); i < m->nlast;
         i = tree_first(m->lastcap, m->nleaves, m->nlast, i + 1, bound)) {
        const pl_cand *e = &m->last[i];
        /* those after it have at most as many links; of as many, a higher
         * tier or a later declaration: none can beat the best */
        if (best != PL_NONE && (e->most < best_n || (e->most == best_n && !ranks_before(p, e->holder, best))))
            break;
        if (e->holder == from)
            continue;
        if (chosen < 64 && !((e->allow >> chosen) & 1u))
            continue; /* every chain to it excludes the decision's choice */
        chain c = find_chain(p, m, d, e->holder, NULL, steps);
        if (!c.found)
            continue;
        assert(c.n <= e->most);
        if (best != PL_NONE && (c.n < best_n || (c.n == best_n && !ranks_before(p, e->holder, best))))
            continue;
        best = e->holder;
        best_n = c.n;
    }
    return best;
}

static uint32_t who_can_walk(const remit_policy *p, const pl_matter *m, const ev_decision *d,
                             uint32_t from, bool fallback, unsigned *steps)
{
    uint32_t queue[EV_MAX_WALK], head = 0, tail = 0;
    queue[tail++] = from;
    while (head < tail) {
        uint32_t x = queue[head++];
        /* who is one step above x: up its own lines first (the bodies it
         * reports to, or that a role sits on), then its delegators */
        uint32_t ups[EV_MAX_WALK], nup = 0;
        const pl_holder *hx = pl_has_lines(p, x) ? &p->holders[x] : NULL; /* (read only then) */
        for (uint32_t i = 0; hx && i < hx->nparents && nup < EV_MAX_WALK; i++)
            ups[nup++] = hx->parents[i];
        for (uint32_t i = 0; hx && i < hx->nseats && nup < EV_MAX_WALK; i++)
            ups[nup++] = hx->seats[i];
        uint32_t nd;
        uint32_t at = links_to(p, m, x, &nd);
        for (uint32_t i = 0; i < nd && nup < EV_MAX_WALK; i++)
            ups[nup++] = link_from(p, x, at, i); /* (not the rules) */
        /* of those one step up that can decide, the lowest: the first
         * that no later one is below */
        uint32_t best = PL_NONE;
        for (uint32_t i = 0; i < nup; i++) {
            bool seen = false; /* each holder is looked at once */
            for (uint32_t k = 0; k < tail && !seen; k++)
                seen = queue[k] == ups[i];
            for (uint32_t k = 0; k < i && !seen; k++)
                seen = ups[k] == ups[i];
            if (seen)
                continue;
            chain c = find_chain(p, m, d, ups[i], NULL, steps);
            if (c.found) {
                if (best == PL_NONE || lower_than(p, m, ups[i], best))
                    best = ups[i];
                continue;
            }
            if (tail < EV_MAX_WALK)
                queue[tail++] = ups[i];
        }
        if (best != PL_NONE)
            return best;
    }
    if (!fallback)
        return PL_NONE;
    return last_resort(p, m, d, from, steps);
}

/* -------------------------------------------------------------- outcome */

/* When an obligation of a decision of day date is due (4.18): within
 * days, by the end of a period, at the next meeting of holder meeting_of
 * (PL_NONE: not so), whichever is earliest of those it has; INT64_MIN
 * when none is known.  *meeting: ev_due.meeting. */
static int64_t due_date(const remit_policy *p, const ev_calendar *cal, int64_t date, int64_t within,
                        rm_period end_of, uint32_t meeting_of, uint8_t *meeting)
{
    int64_t due = within >= 0 ? date + within : INT64_MIN;
    if (end_of != PER_ALL) { /* by the end of the period: whichever is earlier */
        int64_t end = lit_period_end(end_of, date, p->fy_month, p->fy_day);
        due = due == INT64_MIN || end < due ? end : due;
    }
    *meeting = 0;
    if (meeting_of != PL_NONE) { /* at the body's next meeting: likewise */
        int64_t at = cal ? ev_next_meeting(cal, meeting_of, date) : INT64_MIN;
        *meeting = at != INT64_MIN ? 1 : cal ? 3 : 2;
        if (at != INT64_MIN)
            due = due == INT64_MIN || at < due ? at : due;
    }
    return due;
}

int64_t ev_obligation_due(const remit_policy *p, const ev_calendar *cal, const pl_obligation *b, int64_t date)
{
    uint8_t meeting;
    return due_date(p, cal, date, b->within, b->end_of, b->next_meeting ? b->holder : PL_NONE, &meeting);
}

/* Are two obligations one, however many rules of the chain write it
 * (SPEC 7.11)?  The same kind, to the same holder (or register), due the
 * same day, `at next meeting` or not alike; declarations of interests are
 * each their own. */
static bool same_due(const remit_policy *p, const ev_due *a, const ev_due *b)
{
    if (a->due != b->due || a->meeting != b->meeting || a->ob == EV_DECLARE || b->ob == EV_DECLARE)
        return false;
    if (a->ob == PL_NONE || b->ob == PL_NONE) /* a protocol's ratification */
        return a->ob == b->ob && p->protocols[a->protocol].ratifier == p->protocols[b->protocol].ratifier;
    if (a->ob == EV_CONSULT || b->ob == EV_CONSULT)
        return a->ob == b->ob && p->rules[a->rule].to == p->rules[b->rule].to;
    const pl_obligation *x = &p->rules[a->rule].obligations[a->ob], *y = &p->rules[b->rule].obligations[b->ob];
    return x->kind == y->kind && x->holder == y->holder && x->next_meeting == y->next_meeting &&
           (x->text == y->text || (x->text && y->text && strcmp(x->text, y->text) == 0));
}

static void add_due(const remit_policy *p, ev_result *o, const ev_decision *d, uint32_t rule, uint32_t ob,
                    uint32_t protocol, int64_t within, rm_period end_of, uint32_t meeting_of)
{
    ev_due x = {.rule = rule, .ob = ob, .protocol = protocol};
    x.due = due_date(p, d->calendar, d->date, within, end_of, meeting_of, &x.meeting);
    for (uint32_t i = 0; i < o->ndue; i++)
        if (same_due(p, &o->dues[i], &x))
            return; /* said once, where it is first written */
    if (o->ndue >= EV_MAX_OBLIGATIONS) { /* not kept: counted once, as it would be said once */
        for (uint32_t i = 0; i < o->nunkept; i++)
            if (same_due(p, &o->unkept[i], &x))
                return;
        if (o->nunkept < EV_MAX_OBLIGATIONS)
            o->unkept[o->nunkept++] = x;
        o->dropped++;
        return;
    }
    o->dues[o->ndue++] = x;
}

static void add_obligation(const remit_policy *p, ev_result *o, const ev_decision *d, const pl_rule *r,
                           uint32_t k)
{
    const pl_obligation *b = &r->obligations[k];
    add_due(p, o, d, r->index, k, PL_NONE, b->within, b->end_of, b->next_meeting ? b->holder : PL_NONE);
}

static void permit(const remit_policy *p, const pl_matter *m, const ev_decision *d,
                   const chain *c, uint32_t start, ev_result *o)
{
    o->outcome = EV_PERMITTED;
    /* chain[] runs from the start of authority down to the decider */
    o->nchain = c->n;
    o->chain[0] = start;
    for (uint32_t i = 0; i < c->n; i++) {
        uint32_t j = c->n - 1 - i; /* c runs from the decider up */
        o->chain_rules[i] = c->rules[j];
        if (c->protocol == PL_NONE) {
            /* delegations, each made to the delegator of the one below
             * (c->from), the last to the decider: no rule need be read */
            o->chain[i + 1] = j == 0 ? d->decider : c->from[j - 1];
            if (i == 0)
                o->chain[0] = c->from[c->n - 1];
        } else { /* a grant of crisis powers */
            const pl_rule *r = &p->rules[c->rules[j]];
            o->chain[i + 1] = r->to;
            if (i == 0 && r->kind != R_GRANT)
                o->chain[0] = r->from;
        }
    }
    o->accountable = o->chain[0];
    if (c->protocol != PL_NONE) /* crisis powers answer to whoever ratifies them */
        o->accountable = p->protocols[c->protocol].ratifier;
    for (uint32_t i = 0; i < c->n; i++) {
        if (!pl_bit(p->dueset, o->chain_rules[i]))
            continue; /* no obligation, transfer or grant: nothing more of it */
        const pl_rule *r = &p->rules[o->chain_rules[i]];
        if (r->spectrum == SP_TRANSFER)
            o->accountable = r->to;
        for (uint32_t k = 0; k < r->nobligations; k++)
            add_obligation(p, o, d, r, k);
        if (r->kind == R_GRANT) {
            const pl_protocol *x = &p->protocols[r->protocol];
            if (x->ratifier != PL_NONE)
                add_due(p, o, d, r->index, PL_NONE, r->protocol, x->ratify_within, PER_ALL, PL_NONE);
        }
    }
    /* the `after` rules, and the `advise` delegations from the decider */
    runs u = runs_for(&m->permits, d->decider, sum_of(m, d));
    for (uint32_t ui = runs_next(&u); ui != PL_NONE; ui = runs_next(&u)) {
        const pl_rule *r = &p->rules[ui];
        if (r->kind == R_AFTER && in_force(p, r, d))
            for (uint32_t k = 0; k < r->nobligations; k++)
                add_obligation(p, o, d, r, k);
        /* a seat at the table: the delegator deciding consults the adviser */
        if (r->kind == R_DELEGATE && r->spectrum == SP_ADVISE && r->from == d->decider &&
            ev_cond(p, r->when, d) && within_bounds(p, r, d) && !beaten(p, r, d))
            add_due(p, o, d, r->index, EV_CONSULT, PL_NONE, -1, PER_ALL, PL_NONE);
    }
}

/* ------------------------------------------------ conflicts and quorum */


static bool has_kind(const remit_policy *p, uint32_t h, uint32_t kind)
{
    if (h >= p->nholders)
        return false;
    for (uint32_t k = 0; k < p->holders[h].nkinds; k++)
        if (p->holders[h].kinds[k] == kind)
            return true;
    return false;
}

uint32_t ev_members(const ev_decision *d)
{
    return d->seats ? d->seats : d->natt;
}

/* What one term of a quorum needs of a meeting of `members` members
 * (SPEC 4.7, 7.10): a number of those taking part, or of a role or kind. */
static int64_t term_need(const struct pl_quorum *t, uint32_t members)
{
    switch (t->kind) {
    case Q_WORD: return t->n ? members : members / 2 + 1; /* all; a majority */
    case Q_PERCENT: return (t->n * (int64_t)members + 9999) / 10000;
    case Q_FRACTION: return (t->n * (int64_t)members + t->den - 1) / t->den;
    case Q_COUNT:
    case Q_ROLE: return t->n;
    }
    return t->n;
}

uint32_t ev_taking_part(const ev_decision *d, const bool *out)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < d->natt; i++)
        n += d->att[i].present && !(out && i < EV_MAX_ATTENDEES && out[i]);
    return n;
}

ev_qterm ev_quorum_term(const remit_policy *p, const ev_decision *d, const bool *out, uint32_t taking_part,
                        uint32_t q)
{
    const struct pl_quorum *t = &p->holders[d->decider].quorum[q];
    int64_t have = taking_part;
    if (t->kind == Q_ROLE) {
        have = 0;
        for (uint32_t i = 0; i < d->natt; i++)
            if (d->att[i].present && !(out && i < EV_MAX_ATTENDEES && out[i]) &&
                (t->who_is_kind ? has_kind(p, d->att[i].holder, t->who) : d->att[i].holder == t->who))
                have++;
    }
    return (ev_qterm){term_need(t, ev_members(d)), have};
}

/* Is the meeting quorate, counting those present and not excluded?
 * Every term holds; of alternatives (`(chair or vice_chair)`), one. */
static bool quorate(const remit_policy *p, const pl_holder *b, const ev_decision *d, const bool *out)
{
    uint32_t taking_part = ev_taking_part(d, out);
    bool group = true, all = true;
    for (uint32_t q = 0; q < b->nquorum; q++) {
        ev_qterm t = ev_quorum_term(p, d, out, taking_part, q);
        bool ok = t.have >= t.need;
        if (!b->quorum[q].alt) { /* a new term: the one before it is settled */
            all &= group;
            group = ok;
        } else {
            group |= ok;
        }
    }
    return all && group;
}

bool ev_quorate(const remit_policy *p, const ev_decision *d, const bool *out)
{
    const pl_holder *b = &p->holders[d->decider];
    bool none[EV_MAX_ATTENDEES] = {false};
    return quorate(p, b, d, none) && quorate(p, b, d, out);
}

bool ev_chair_fits(const remit_policy *p, const struct pl_chair *x, uint32_t h)
{
    return x->is_kind ? has_kind(p, h, x->who) : h == x->who;
}

/* Who presides at a meeting of body b (SPEC 7.10): the member in the chair
 * takes part (is not set aside, out), may preside (no role or kind of
 * `never chaired by`, in any role the register gives the person), and
 * is the first of `chaired by` that has a member present and taking
 * part.  True when so, or when b says nothing of it; else a reason:
 * amount 1, set aside; 2, never presides; 3 + 4 * j, `chaired by`'s
 * place j should. */
static bool presides_rightly(const remit_policy *p, const pl_holder *b, const ev_decision *d,
                             const bool *out, ev_result *o)
{
    uint32_t k = PL_NONE;
    for (uint32_t i = 0; i < d->natt && k == PL_NONE && (b->nchairs || b->nnever); i++)
        if (d->att[i].presiding)
            k = i;
    if (k == PL_NONE) /* b says nothing of it (input.c asks for it when b does) */
        return true;
    const ev_attendee *a = &d->att[k];
    int64_t why = 0;
    if (k < EV_MAX_ATTENDEES && out[k])
        why = 1;
    for (uint32_t j = 0; j < b->nnever && !why; j++) {
        bool fits = ev_chair_fits(p, &b->never[j], a->holder);
        for (uint32_t r = 0; r < d->nproles && !fits; r++)
            fits = ev_chair_fits(p, &b->never[j], d->proles[r]);
        if (fits)
            why = 2;
    }
    for (uint32_t j = 0; j < b->nchairs && !why; j++) {
        bool there = false; /* a member of this place present and taking part */
        for (uint32_t i = 0; i < d->natt && !there; i++)
            there = d->att[i].present && !(i < EV_MAX_ATTENDEES && out[i]) &&
                    ev_chair_fits(p, &b->chairs[j], d->att[i].holder);
        if (!there)
            continue;
        if (!ev_chair_fits(p, &b->chairs[j], a->holder))
            why = 3 + 4 * (int64_t)j;
        break;
    }
    if (!why)
        return true;
    add_reason(o, WHY_PRESIDING, PL_NONE, PL_NONE, why);
    return false;
}

bool ev_presides_rightly(const remit_policy *p, const ev_decision *d)
{
    bool none[EV_MAX_ATTENDEES] = {false};
    ev_result o;
    o.nreasons = 0;
    return presides_rightly(p, &p->holders[d->decider], d, none, &o);
}

/* Does interest x count: in one of the decision's subjects? */
static bool in_subject(const ev_decision *d, const ev_interest *x)
{
    for (uint32_t i = 0; i < d->nsubj; i++)
        if (d->subjects[i] == x->subject)
            return true;
    return false;
}

static unsigned actions_of(const remit_policy *p, const ev_interest *x)
{
    return p->conflicts[x->block].cats[x->category].actions;
}

bool ev_excludes(const remit_policy *p, const ev_decision *d, const ev_interest *x)
{
    unsigned act = actions_of(p, x);
    return in_subject(d, x) && ((act & (2u | 4u | 16u)) || ((act & 8u) && x->ruling == 1));
}

/* Is interest x, of holder xh and person xp, that of someone taking part
 * as holder h, person hp (-1: not known)?  An interest follows its person
 * through every role they hold: when both people are known, the same
 * person; when not, the same role (SPEC 7.10). */
static bool same_one(uint32_t xh, int64_t xp, uint32_t h, int64_t hp)
{
    return xp >= 0 && hp >= 0 ? xp == hp : xh == h;
}

bool ev_interest_of_attendee(const ev_decision *d, const ev_interest *x, uint32_t k)
{
    return same_one(x->holder, x->person, d->att[k].holder, d->att[k].person);
}

bool ev_interest_of_co(const ev_decision *d, const ev_interest *x, uint32_t i)
{
    return same_one(x->holder, x->person, d->co_all[i], d->co_person ? d->co_person[i] : -1);
}

/* At a meeting, the member that interest x, which excludes its holder,
 * sets aside (SPEC 7.10): the one of that name when the interest names a
 * person present; else the first present member with that role (and no
 * other name) who is not out yet.  It is marked in out[] and its person
 * kept in gone[] (a named person stands aside once); false when no one
 * is set aside. */
static bool stand_aside(const ev_decision *d, const ev_interest *x, bool *out, int64_t *gone, uint32_t *ngone)
{
    int32_t pick = -1;
    bool named_out = false;
    for (uint32_t k = 0; k < *ngone && !named_out; k++)
        named_out = gone[k] == x->person;
    for (uint32_t k = 0; k < d->natt && k < EV_MAX_ATTENDEES && x->person >= 0 && !named_out; k++) {
        const ev_attendee *a = &d->att[k];
        if (a->present && a->holder == x->holder && a->person == x->person) {
            if (out[k])
                named_out = true; /* this person is out already */
            else
                pick = (int32_t)k;
            break;
        }
    }
    for (uint32_t k = 0; k < d->natt && k < EV_MAX_ATTENDEES && pick < 0 && !named_out; k++) {
        const ev_attendee *a = &d->att[k];
        if (a->present && !out[k] && a->holder == x->holder && (x->person < 0 || a->person < 0))
            pick = (int32_t)k;
    }
    if (pick < 0)
        return false;
    out[pick] = true;
    /* the person set aside: named by the interest, or by the entry */
    int64_t who = x->person >= 0 ? x->person : d->att[pick].person;
    if (who >= 0 && *ngone < EV_MAX_ATTENDEES)
        gone[(*ngone)++] = who;
    return true;
}

void ev_set_aside(const remit_policy *p, const ev_decision *d, bool *out)
{
    int64_t gone[EV_MAX_ATTENDEES];
    uint32_t ngone = 0;
    memset(out, 0, EV_MAX_ATTENDEES * sizeof *out);
    for (uint32_t i = 0; i < d->nint; i++)
        if (ev_excludes(p, d, &d->ints[i]))
            stand_aside(d, &d->ints[i], out, gone, &ngone);
}

/* Level 1 for conflicts (SPEC 7.10), for a decision with interests or
 * taken at a meeting.  True when it decided the outcome (refused, or
 * escalate to the referral body); reasons are added.  A decider who must
 * stand aside sets *aside: the decision goes on as for a decider without
 * authority. */
static bool conflicts(const remit_policy *p, const ev_decision *d, ev_result *o, bool *aside)
{
    assert(d->nint || d->meeting);
    bool out[EV_MAX_ATTENDEES] = {false};
    int64_t gone[EV_MAX_ATTENDEES];  /* the people set aside, by name */
    uint32_t ngone = 0;
    bool decider_out = false;
    uint32_t refer = PL_NONE;
    bool decider_is_role = d->decider < p->nholders && !pl_is_body(p, d->decider);
    for (uint32_t i = 0; i < d->nint; i++) {
        const ev_interest *x = &d->ints[i];
        if (!in_subject(d, x))
            continue;
        /* does it belong to someone taking part: the decider, or a member
         * present at the meeting? */
        bool is_decider = decider_is_role && same_one(x->holder, x->person, d->decider, d->decider_person);
        int32_t member = -1;
        for (uint32_t k = 0; k < d->natt && member < 0; k++) {
            const ev_attendee *a = &d->att[k];
            if (a->present && same_one(x->holder, x->person, a->holder, a->person))
                member = (int32_t)k;
        }
        bool signer = false; /* a co-signatory's: signing is taking part */
        for (uint32_t k = 0; k < d->nco_all && !signer; k++)
            signer = ev_interest_of_co(d, x, k);
        if (!is_decider && member < 0 && !signer)
            continue;
        const pl_conflicts *cf = &p->conflicts[x->block];
        unsigned act = cf->cats[x->category].actions;
        bool exclude = ev_excludes(p, d, x); /* (a co-signatory so excluded does not sign: input.c) */
        /* a declaration due within N days of acquiring the interest, and
         * made later (or not yet, and now overdue): a finding */
        if ((act & 1u) && cf->declare_within >= 0 && x->acquired != INT64_MIN) {
            int64_t due = x->acquired + cf->declare_within;
            int64_t when = x->declared != INT64_MIN ? x->declared : d->date;
            if (when > due && o->nfind < EV_MAX_REASONS)
                o->find[o->nfind++] = (struct ev_finding){EV_LATE_DECLARATION, i, due, PL_NONE,
                                                                    PL_NONE, PL_NONE, 0, PL_NONE, 0,
                                                                    INT64_MIN};
            else if (when > due)
                o->more_findings++;
        }
        if ((act & 1u) && x->declared == INT64_MIN) {
            if (o->ndue < EV_MAX_OBLIGATIONS) {
                ev_due *u = &o->dues[o->ndue++]; /* declare it, now */
                u->rule = i;
                u->ob = EV_DECLARE;
                u->protocol = PL_NONE;
                u->due = d->date;
                u->meeting = 0;
            } else
                o->dropped++;
        }
        if (!exclude)
            continue;
        if (is_decider && !decider_out) {
            decider_out = true;
            add_reason(o, WHY_CONFLICTED, PL_NONE, PL_NONE, i);
        }
        if (stand_aside(d, x, out, gone, &ngone) && cf->refer_to != PL_NONE)
            refer = cf->refer_to; /* from an interest that set someone aside */
    }
    if (decider_out) {
        *aside = true;
        return false;
    }
    if (!d->meeting || !pl_is_body(p, d->decider))
        return false;
    const pl_holder *b = &p->holders[d->decider];
    bool none[EV_MAX_ATTENDEES] = {false};
    if (!quorate(p, b, d, none)) {
        o->quorum = -1;
        int64_t present = 0;
        for (uint32_t k = 0; k < d->natt; k++)
            present += d->att[k].present;
        add_reason(o, WHY_INQUORATE, PL_NONE, PL_NONE, present);
        return true;
    }
    if (quorate(p, b, d, out)) {
        o->quorum = 1;
        return !presides_rightly(p, b, d, out, o); /* refused when not */
    }
    o->quorum = -1;
    int64_t left = 0;
    for (uint32_t k = 0; k < d->natt; k++)
        left += d->att[k].present && !(k < EV_MAX_ATTENDEES && out[k]);
    add_reason(o, WHY_QUORUM_LOST, PL_NONE, PL_NONE, left);
    if (refer != PL_NONE) {
        o->outcome = EV_ESCALATE;
        o->target = refer;
    }
    return true;
}

/* Where a decision goes when conflicts cost the deciding body its quorum
 * and its conflicts block refers it to r (SPEC 7.10, item 3): to r when r
 * can take it; else to the holder a reservation that applies gives it to;
 * else up r's own lines to a holder that can; PL_NONE (refused) when it
 * is reserved to the deciding body itself, or no one but the deciding body
 * is found. */
static uint32_t referral(const remit_policy *p, const pl_matter *m, const ev_decision *d, uint32_t r,
                         uint32_t *steps, const pl_rule **reserved)
{
    *reserved = NULL;
    if (r == d->decider)
        return PL_NONE; /* referred to itself, whose quorum is lost */
    /* the reservations that apply: all to r; the first to another holder
     * than the deciding body; the first to the deciding body */
    bool all_r = true;
    const pl_rule *other = NULL, *mine = NULL;
    runs v = runs_for(&m->reservations, PL_NONE, sum_of(m, d));
    for (uint32_t vi = runs_next(&v); vi != PL_NONE; vi = runs_next(&v)) {
        const pl_rule *x = &p->rules[vi];
        assert(x->kind == R_RESERVE);
        if (!in_force(p, x, d))
            continue;
        all_r &= x->to == r;
        if (x->to != d->decider && !other)
            other = x;
        else if (x->to == d->decider && !mine)
            mine = x;
    }
    if (all_r) { /* r can take it when it has a chain (or a grant) for it */
        unsigned budget = EV_MAX_STEPS;
        chain c = find_chain(p, m, d, r, NULL, &budget);
        *steps += EV_MAX_STEPS - budget;
        if (c.found)
            return r;
    }
    if (other) /* to whom a reservation gives it (r itself, perhaps) */
        return other->to;
    if (mine) {
        *reserved = mine; /* reserved to the deciding body: no one else may */
        return PL_NONE;
    }
    ev_decision dd = *d;
    dd.decider = r;
    dd.ndroles = 0;
    uint32_t up = who_can(p, m, &dd, r, false, steps);
    return up == d->decider ? PL_NONE : up;
}

/* The entries of the stretch [lo, hi) of tree node k of a tree over
 * [0, size) (open: the latest day each stretch was done, INT64_MAX for
 * never; item: the entries' places) that are before `end` and not done on
 * day `on`, into the EV_MAX_REASONS - o->nfind findings of lowest key
 * (kept[] holds their keys, place << 32 | tag, in order); the others are
 * counted in *more.  Only stretches that hold such an entry are entered:
 * O((k + 1) log n) for k entries overdue. */
static void overdue_in(const int64_t *open, const uint32_t *item, uint32_t tag, uint32_t k, uint32_t lo,
                       uint32_t hi, uint32_t end, int64_t on, uint64_t *kept, uint32_t *nkept, uint32_t room,
                       uint32_t *more)
{
    if (lo >= end || open[k] <= on)
        return;
    if (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        overdue_in(open, item, tag, 2 * k, lo, mid, end, on, kept, nkept, room, more);
        overdue_in(open, item, tag, 2 * k + 1, mid, hi, end, on, kept, nkept, room, more);
        return;
    }
    uint64_t at = (uint64_t)item[lo] << 32 | tag;
    uint32_t i = *nkept; /* keep the lowest keys, in order */
    if (i == room && (!room || kept[room - 1] < at)) {
        ++*more;
        return;
    }
    if (i == room) {
        ++*more; /* the last one kept gives way */
        i--;
    } else {
        ++*nkept;
    }
    for (; i > 0 && kept[i - 1] > at; i--)
        kept[i] = kept[i - 1];
    kept[i] = at;
}

/* Earlier decisions taken under crisis powers whose ratification is
 * overdue on this decision's date: findings for a decision taken while
 * that protocol is active, or by the body that must ratify (SPEC 7.9),
 * in history order.  Each protocol's entries are indexed by due date
 * (input.c), so only those overdue on the day are visited. */
/* How many of n entries, sorted by due date, are due before `date`: a
 * prefix, for their due dates never go down (first_after, below). */
static uint32_t first_after(const int64_t *v, uint32_t a, uint32_t b, int64_t x);
static uint32_t due_before(const int64_t *due, uint32_t n, int64_t date)
{
    return first_after(due, 0, n, date - 1);
}

static void overdue(const remit_policy *p, const ev_decision *d, const ev_history *h, ev_result *o)
{
    if (!h || !h->nunder)
        return;
    assert(h->crisis);
    uint64_t kept[EV_MAX_REASONS];
    uint32_t nkept = 0, room = EV_MAX_REASONS - o->nfind;
    for (uint32_t pr = 0; pr < p->nprotocols; pr++) {
        const pl_protocol *x = &p->protocols[pr];
        const ev_crisis_index *ix = &h->crisis[pr];
        bool expired;
        if (!ix->n || x->ratifier == PL_NONE || x->ratify_within < 0)
            continue;
        if (d->decider != x->ratifier && d->body != x->ratifier && !protocol_active(p, pr, d, &expired) &&
            !expired)
            continue;
        overdue_in(ix->open, ix->item, 0, 1, 0, ix->size, due_before(ix->due, ix->n, d->date), d->date, kept,
                   &nkept, room, &o->more_findings);
    }
    for (uint32_t i = 0; i < nkept; i++) {
        uint32_t at = (uint32_t)(kept[i] >> 32);
        const ev_past *e = ev_past_at(h, at);
        int64_t due = e->date + p->protocols[e->under].ratify_within;
        o->find[o->nfind++] = (struct ev_finding){EV_RATIFICATION_OVERDUE, at, due, e->under, e->matter,
                                                   e->decider, e->date, PL_NONE, 0, e->ratified};
    }
}

/* The first obligation `ratify by` of urgent power r, PL_NONE when none. */
static uint32_t urgent_ratify(const pl_rule *r)
{
    for (uint32_t k = 0; k < r->nobligations; k++)
        if (r->obligations[k].kind == OB_RATIFY)
            return k;
    return PL_NONE;
}

uint32_t ev_urgent_power_of(const remit_policy *p, const ev_decision *d)
{
    const pl_matter *m = &p->matters[d->matter];
    for (uint32_t i = 0; i < m->nurgent; i++) {
        const pl_rule *r = &p->rules[m->urgent[i]];
        if (r->to == d->decider && urgent_ratify(r) != PL_NONE && within_bounds(p, r, d))
            return r->index;
    }
    return PL_NONE;
}

uint32_t ev_grant_of(const remit_policy *p, const ev_decision *d)
{
    const pl_matter *m = &p->matters[d->matter];
    for (uint32_t i = 0; i < m->grants.n; i++) {
        const pl_rule *r = &p->rules[m->grants.rules[i]];
        if (r->protocol != d->under || r->to != d->decider || !within_bounds(p, r, d))
            continue;
        for (uint32_t k = 0; k < r->nobligations; k++)
            if (r->obligations[k].kind == OB_REPORT)
                return r->index;
        return PL_NONE;
    }
    return PL_NONE;
}

bool ev_urgent_owes(const pl_rule *r, uint32_t o)
{
    if (r->obligations[o].kind == OB_REPORT)
        return true;
    /* a crisis grant's ratification is its protocol's (7.9): reports only */
    return r->kind == R_URGENT && r->obligations[o].kind == OB_RATIFY && urgent_ratify(r) == o;
}

/* Urgent decisions of the history not ratified, or not reported, in time
 * (SPEC 7.15): an entry taken under urgent powers is due to be ratified
 * and reported as the power's `ratify by` and `report to` say, counted
 * from its date (a meeting from the calendar; a due date not known is
 * never overdue).  Each is overdue on the decision's date D when due
 * before D and not done by D (`ratified`; `reported` to that body); a
 * finding on a decision taken by or for the body owed it, or another
 * urgent decision by the same holder.  In the order of the history, each
 * entry's in the order of its power's obligations, after the crisis
 * findings. */
static void overdue_urgent(const remit_policy *p, const ev_decision *d, const ev_history *h, ev_result *o)
{
    if (!h || !h->nowed)
        return;
    /* the streams concerned: owed to the decider or the body, and those of
     * urgent powers to the decider when this decision is urgent (not
     * again those owed to either) */
    uint64_t kept[EV_MAX_REASONS];
    uint32_t nkept = 0, room = EV_MAX_REASONS - o->nfind;
    uint32_t who[3] = {d->decider, d->body != d->decider ? d->body : PL_NONE, d->urgent ? d->decider : PL_NONE};
    for (int k = 0; k < 3; k++) {
        if (who[k] >= p->nholders)
            continue;
        const uint32_t *at = k < 2 ? h->owed_to_at : h->owed_by_at, *list = k < 2 ? h->owed_to : h->owed_by;
        for (uint32_t j = at[who[k]]; j < at[who[k] + 1]; j++) {
            const ev_owed *w = &h->owed[list[j]];
            const pl_obligation *b = &p->rules[w->rule].obligations[w->ob];
            if (k == 2 && (b->holder == d->decider || b->holder == d->body))
                continue; /* read already, as owed to it */
            overdue_in(w->open, w->item, w->ob, 1, 0, w->size, due_before(w->due, w->n, d->date), d->date, kept,
                       &nkept, room, &o->more_findings);
        }
    }
    /* in the order of the history, each entry's in its power's order */
    for (uint32_t i = 0; i < nkept; i++) {
        uint32_t at = (uint32_t)(kept[i] >> 32), k = (uint32_t)kept[i];
        const ev_past *e = ev_past_at(h, at);
        bool urgent = e->urgent != PL_NONE;
        const pl_rule *r = &p->rules[urgent ? e->urgent : e->grant];
        const pl_obligation *b = &r->obligations[k];
        int64_t due = ev_obligation_due(p, d->calendar, b, e->date);
        int64_t done = INT64_MIN; /* when it was ratified, or reported to that body: after the date */
        if (b->kind == OB_RATIFY)
            done = e->ratified;
        for (uint32_t q = 0; b->kind == OB_REPORT && q < e->nreported; q++)
            if (e->reported[q].body == b->holder)
                done = e->reported[q].on;
        o->find[o->nfind++] = (struct ev_finding){b->kind == OB_RATIFY ? EV_RATIFICATION_OVERDUE
                                                                       : EV_REPORT_OVERDUE,
                                                   at, due, urgent ? PL_NONE : e->under, e->matter,
                                                   e->decider, e->date, r->index, k, done};
    }
}

/* ------------------------------------------------ the levels (SPEC 7.3)
 *
 * Each level looks at the decision only when those above it did not
 * decide; a level returns true when it gives the outcome.  What a level
 * finds that a later one needs is passed down: whether the decider stands
 * aside (level 1), the reservation the decider holds (level 2), and the
 * decider's chain of authority (found once, between levels 2 and 3). */

/* Level 1 (SPEC 7.3.1, 7.10): refusals, then conflicts of interest and
 * quorum.  Every applying `refuse` rule gives a reason; the conflicts and
 * the quorum are weighed whether or not one applies, their reasons after.
 * Decides refused, or escalate to the body that a meeting's lost quorum
 * refers the decision to (a refusal beats a referral).  When the decider
 * must stand aside, *aside is set and the levels below go on as for a
 * decider without authority. */
static bool level_refusals(const remit_policy *p, const pl_matter *m, const ev_decision *d,
                           ev_result *o, bool *aside)
{
    /* the refusals for any decider, and those `for` this one */
    runs f = runs_for(&m->refusals, d->decider, sum_of(m, d));
    for (uint32_t fi = runs_next(&f); fi != PL_NONE; fi = runs_next(&f)) {
        const pl_rule *r = &p->rules[fi];
        assert(r->kind == R_REFUSE);
        if (in_force(p, r, d))
            add_reason(o, WHY_REFUSE_RULE, r->index, PL_NONE, 0);
    }
    /* and those for the other roles of the decider's person (7.3.1), the
     * reasons kept in declaration order */
    for (uint32_t k = 0; k < d->ndroles; k++) {
        if (d->droles[k] == d->decider)
            continue;
        bool again = false;
        for (uint32_t j = 0; j < k && !again; j++)
            again = d->droles[j] == d->droles[k];
        runs g = runs_for(&m->refusals, d->droles[k], sum_of(m, d));
        g.b = m->refusals.n; /* the rules for that role alone */
        for (uint32_t fi = again ? PL_NONE : runs_next(&g); fi != PL_NONE; fi = runs_next(&g))
            if (in_force(p, &p->rules[fi], d))
                add_reason_sorted(o, WHY_REFUSE_RULE, fi);
    }
    bool refused = o->nreasons > 0;
    /* (with no interest and no meeting there is nothing to weigh) */
    bool decided = (d->nint || d->meeting) && conflicts(p, d, o, aside);
    if (!decided && !refused)
        return false;
    if (!refused && o->outcome == EV_ESCALATE) { /* referred: to whom can take it */
        const pl_rule *kept;
        uint32_t r = o->target;
        o->target = referral(p, m, d, r, &o->steps, &kept);
        if (kept)
            add_reason(o, WHY_RESERVED, kept->index, PL_NONE, 0);
        else if (o->target == PL_NONE && o->nreasons)
            o->reasons[o->nreasons - 1].holder = r; /* the quorum_lost reason */
    }
    if (refused || o->outcome != EV_ESCALATE || o->target == PL_NONE) {
        o->outcome = EV_REFUSED;
        o->target = PL_NONE;
    }
    assert(o->outcome == EV_REFUSED || (o->outcome == EV_ESCALATE && o->target < p->nholders));
    return true;
}

/* Level 2 (SPEC 7.5, 7.3.3): reservations.  Decides undetermined when two
 * applying reservations name different holders; escalate to the holder
 * of the first that applies when the decider is not that holder; refused
 * when it is, but must stand aside (no one else may take it).  Otherwise
 * *res is the first applying reservation, which the decider holds, or
 * NULL when none applies. */
/* The first urgent power of the matter to the decider, from `from` (any
 * body when PL_NONE), that works for the decision: said to be urgent, not
 * standing aside, its `when`, bounds and co-signatures holding, not set
 * aside (SPEC 7.15); NULL when none.  With `why`, the fault of each that
 * does not work is a reason. */
static const pl_rule *urgent_power(const remit_policy *p, const pl_matter *m, const ev_decision *d,
                                   uint32_t from, ev_result *why)
{
    for (uint32_t i = 0; i < m->nurgent && d->urgent; i++) {
        const pl_rule *r = &p->rules[m->urgent[i]];
        if (r->to != d->decider || (from != PL_NONE && r->from != from))
            continue;
        int f = link_fault(p, r, d, true, PL_NONE);
        if (f == 0 && !why)
            return r;
        if (f && why)
            add_reason(why, (ev_why_kind)f, r->index, PL_NONE, r->upto);
        if (f == 0 && why && from == PL_NONE) {
            /* it works, but its body has no authority for the decision:
             * why not, of each delegation to the body, as it would take it */
            ev_decision other = *d;
            other.decider = r->from;
            other.ndroles = 0;
            uint32_t nd;
            const uint32_t *dl = delegations_to(p, m, r->from, &nd);
            for (uint32_t k = 0; k < nd; k++) {
                const pl_rule *x = &p->rules[dl[k]];
                int fx = link_fault(p, x, &other, true, PL_NONE);
                if (fx)
                    add_reason(why, (ev_why_kind)fx, x->index, PL_NONE, x->upto);
            }
        }
    }
    return NULL;
}

static bool level_reservations(const remit_policy *p, const pl_matter *m, const ev_decision *d,
                               bool aside, ev_result *o, const pl_rule **res, const pl_rule **urg)
{
    *res = NULL;
    *urg = NULL;
    runs v = runs_for(&m->reservations, PL_NONE, sum_of(m, d));
    for (uint32_t vi = runs_next(&v); vi != PL_NONE; vi = runs_next(&v)) {
        const pl_rule *r = &p->rules[vi];
        assert(r->kind == R_RESERVE);
        if (!in_force(p, r, d))
            continue;
        if (*res && (*res)->to != r->to) {
            add_reason(o, WHY_CONTRADICTION, (*res)->index, r->index, 0);
            return true; /* undetermined: two holders, no precedence */
        }
        if (!*res)
            *res = r;
    }
    if (*res && aside && d->decider == (*res)->to) {
        o->outcome = EV_REFUSED;
        add_reason(o, WHY_RESERVED, (*res)->index, PL_NONE, 0);
        return true;
    }
    /* an urgent power takes it for the reservation's holder (7.15) */
    if (*res && d->decider != (*res)->to && !aside && (*urg = urgent_power(p, m, d, (*res)->to, NULL)))
        return false;
    if (*res && d->decider != (*res)->to) {
        o->outcome = EV_ESCALATE;
        o->target = (*res)->to;
        add_reason(o, WHY_RESERVED, (*res)->index, PL_NONE, 0);
        if (!aside)
            urgent_power(p, m, d, (*res)->to, o); /* why none takes it */
        return true;
    }
    assert(!*res || (!aside && (*res)->to == d->decider));
    return false;
}

/* The decider's own authority (SPEC 7.4, 7.9), looked for once, before
 * level 3, whose limits `for H` look at the chain (7.6); level 5 gives it.
 * None for a decider who must stand aside; the holder of an applying
 * reservation holds the decision without a chain (7.5).  *expired_rule:
 * the first grant that would have worked had its protocol not expired. */
static void decider_chain(const remit_policy *p, const pl_matter *m, const ev_decision *d,
                          bool aside, const pl_rule *res, const pl_rule *urg, chain *c,
                          uint32_t *expired_rule, ev_result *o)
{
    *expired_rule = PL_NONE;
    if (urg) { /* for the reservation's holder, under an urgent power (7.15) */
        *c = (chain){.found = true, .urgent = true, .n = 1, .protocol = PL_NONE};
        c->rules[0] = urg->index;
        c->from[0] = urg->from;
        return;
    }
    if (aside || res) { /* none, or the reservation's alone */
        *c = (chain){.found = !aside, .n = 0, .protocol = PL_NONE};
        return;
    }
    unsigned own = EV_MAX_STEPS; /* the decider's own search */
    *c = find_chain(p, m, d, d->decider, expired_rule, &own);
    /* no authority of its own: an urgent power to it, from a body that
     * has the authority by a chain of delegations (7.15) */
    for (uint32_t i = 0; !c->found && i < m->nurgent && d->urgent; i++) {
        const pl_rule *r = &p->rules[m->urgent[i]];
        if (r->to != d->decider || link_fault(p, r, d, true, PL_NONE))
            continue;
        unsigned its = EV_MAX_STEPS; /* the body's own search, as for any holder */
        chain b = find_chain(p, m, d, r->from, NULL, &its);
        o->steps += EV_MAX_STEPS - its;
        if (!b.found || b.protocol != PL_NONE || b.n >= PL_MAX_CHAIN)
            continue;
        *c = b;
        for (uint32_t k = b.n; k > 0; k--) { /* the urgent link first, from the decider up */
            c->rules[k] = b.rules[k - 1];
            c->from[k] = b.from[k - 1];
        }
        c->rules[0] = r->index;
        c->from[0] = r->from;
        c->n = b.n + 1;
        c->urgent = true;
    }
    o->steps += EV_MAX_STEPS - own;
}

/* Acting for body b under an urgent power (7.15), the decision is b's: the
 * refusals that apply as b would take it refuse it too (level 1 again). */
static bool refused_for(const remit_policy *p, const pl_matter *m, const ev_decision *d, uint32_t b,
                        ev_result *o)
{
    ev_decision as = *d;
    as.decider = b;
    as.ndroles = 0; /* b is a body: no person's other roles */
    uint32_t before = o->nreasons;
    runs f = runs_for(&m->refusals, b, sum_of(m, d));
    for (uint32_t fi = runs_next(&f); fi != PL_NONE; fi = runs_next(&f))
        if (in_force(p, &p->rules[fi], &as))
            add_reason(o, WHY_REFUSE_RULE, fi, PL_NONE, 0);
    if (o->nreasons == before)
        return false;
    o->outcome = EV_REFUSED;
    return true;
}

/* The holder a decision is taken as: under an urgent power, the body it
 * acts for (7.15); else its decider. */
static uint32_t acting_for(const remit_policy *p, const ev_decision *d, const chain *c)
{
    (void)p;
    assert(!c->urgent || p->rules[c->rules[0]].kind == R_URGENT);
    return c->found && c->n && c->urgent ? c->from[0] : d->decider;
}

/* Does a cumulative limit concern the decision: it has no `for`, or its
 * holder is the decider or on the decider's chain (SPEC 7.6)? */
static bool limit_concerns(const remit_policy *p, const pl_rule *r, const ev_decision *d,
                           const chain *c)
{
    bool concerns = r->for_holder == PL_NONE || r->for_holder == d->decider;
    /* a chain of delegations (an urgent power's first) need not be read:
     * each link is made to the delegator of the one below (c->from), the
     * first to the decider (as permit reads it) */
    for (uint32_t k = 0; k < c->n && !concerns; k++)
        concerns = c->protocol == PL_NONE ? c->from[k] == r->for_holder
                                          : p->rules[c->rules[k]].to == r->for_holder ||
                                                p->rules[c->rules[k]].from == r->for_holder;
    return concerns;
}

/* The first of v[a..b) (in ascending order) that is after day x, or b:
 * a binary search whose first probes go where x would fall if the days
 * between the bracket's ends were spread evenly, as a history's dates
 * mostly are, so that it reads a line of memory or two of a group of
 * hundreds of entries, not one for each halving; a decision later than
 * the whole group (the common case for its own date) is answered by its
 * last entry. */
static uint32_t first_after(const int64_t *v, uint32_t a, uint32_t b, int64_t x)
{
    if (a == b || v[a] > x)
        return a;
    if (v[b - 1] <= x)
        return b;
    /* v[a] <= x < v[b - 1]: the answer is in [lo, hi], v[lo - 1] <= x < v[hi] */
    uint32_t lo = a + 1, hi = b - 1;
    for (int probe = 0; probe < 4 && hi - lo > 8; probe++) {
        uint64_t span = (uint64_t)v[hi] - (uint64_t)v[lo - 1], off = (uint64_t)x - (uint64_t)v[lo - 1];
        if (span >> 32) /* days further apart than any history's: halving alone */
            break;
        uint32_t g = lo - 1 + (uint32_t)(off * (hi - lo + 1) / span); /* off < span < 2^32 */
        g = g < lo ? lo : g > hi - 1 ? hi - 1 : g;
        if (v[g] <= x)
            lo = g + 1;
        else
            hi = g;
    }
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (v[mid] <= x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The stretch [*lo, *hi) of run x whose key is `key` and whose dates are
 * from `start` (INT64_MIN: any) to `date`, inclusive: the key's entries from
 * its slot in the run's table, then two searches among them (first_after). */
static void run_stretch(const ev_run *x, int64_t key, int64_t start, int64_t date, uint32_t cut,
                        uint32_t *lo, uint32_t *hi)
{
    *lo = *hi = 0;
    if (!x->n)
        return;
    uint32_t k = ev_key_slot(key, x->mask);
    while (x->slot[k].end && x->slot[k].key != key)
        k = (k + 1) & x->mask;
    if (!x->slot[k].end)
        return; /* no entry of this group */
    uint32_t from = x->slot[k].start, to = x->slot[k].end;
    *lo = start == INT64_MIN ? from : first_after(x->date, from, to, start - 1);
    *hi = first_after(x->date, *lo, to, date);
    if (cut && x->item) { /* a ledger's line: its entries before line cut - 1 alone,
                             which come first among the key's, in date order */
        uint32_t a = *lo, b = *hi;
        while (a < b) {
            uint32_t mid = a + (b - a) / 2;
            if (x->item[mid] < cut - 1)
                a = mid + 1;
            else
                b = mid;
        }
        *hi = a;
    }
}

/* A cumulative limit's total (SPEC 7.6): its field in this decision, plus
 * in each history entry of the matter in the period up to the decision's
 * date, of the same `per` group, for which the limit's `when` holds (over
 * the entry's context, or the decision's when it gives none); saturating.
 * The entries are indexed by the limit's group and date, with the sums of
 * their amounts (input.c): a total is a difference of two sums, except
 * for entries without context under a `when` that reads both a field and
 * a context value, weighed one by one. */
/* An earlier decision that counts towards a limit, kept among the latest
 * (ev_limit_parts). */
static void part_add(ev_parts *x, int64_t date, int64_t amount)
{
    x->count++;
    uint32_t k = x->n < EV_MAX_PARTS ? x->n++ : EV_MAX_PARTS;
    while (k > 0 && x->date[k - 1] <= date) { /* entries come in date order: the later first */
        if (k < EV_MAX_PARTS) {
            x->date[k] = x->date[k - 1];
            x->amount[k] = x->amount[k - 1];
        }
        k--;
    }
    if (k < EV_MAX_PARTS) {
        x->date[k] = date;
        x->amount[k] = amount;
    }
}

/* The entries lo..hi of run x, which come in date order, as parts: all
 * of them counted, the latest kept (not a walk over them all). */
static void run_parts(ev_parts *parts, const ev_run *x, uint32_t lo, uint32_t hi)
{
    uint32_t from = hi - lo > EV_MAX_PARTS ? hi - EV_MAX_PARTS : lo;
    parts->count += from - lo;
    for (uint32_t k = from; k < hi; k++)
        part_add(parts, x->date[k], (int64_t)(x->sum[k + 1] - x->sum[k]));
}

/* The total of cumulative limit r for decision d: its own amount and
 * those of the earlier decisions that count (SPEC 7.6); with parts, those
 * decisions are kept there too. */
static int64_t limit_total(const remit_policy *p, const pl_rule *r, const ev_decision *d,
                           const ev_history *hist, ev_parts *parts)
{
    int64_t total = d->fields[r->total_field];
    if (!hist || !hist->n)
        return total;
    assert(hist->limit_of && hist->limit_of[r->index] != PL_NONE);
    const ev_limit_index *x = &hist->limits[hist->limit_of[r->index]];
    int64_t key = r->per_field != PL_NONE ? d->fields[r->per_field] : 0;
    uint32_t lo, hi;
    int64_t start = lit_period_start(r->period, r->over, d->date, p->fy_month, p->fy_day);
    run_stretch(&x->fixed, key, start, d->date, d->hist_cut, &lo, &hi);
    ev_sum sum = total + (x->fixed.sum[hi] - x->fixed.sum[lo]);
    if (parts)
        run_parts(parts, &x->fixed, lo, hi);
    run_stretch(&x->open, key, start, d->date, d->hist_cut, &lo, &hi);
    if (lo < hi && !x->open_reads_fields) { /* the `when` reads only the context: the decision's */
        if (ev_cond(p, r->when, d)) {
            sum += x->open.sum[hi] - x->open.sum[lo];
            if (parts)
                run_parts(parts, &x->open, lo, hi);
        }
    } else {
        ev_decision hh = {.context = d->context}; /* what a `when` reads: fields, date, context */
        for (uint32_t k = lo; k < hi; k++) {
            const ev_past *e = ev_past_at(hist, x->open.e[k].item);
            hh.fields = e->fields;
            hh.date = e->date;
            if (ev_cond(p, r->when, &hh)) {
                sum += hh.fields[r->total_field];
                if (parts)
                    part_add(parts, e->date, hh.fields[r->total_field]);
            }
        }
    }
    return sum > INT64_MAX ? INT64_MAX : (int64_t)sum; /* beyond any ceiling, which is what matters */
}

int64_t ev_limit_total(const remit_policy *p, uint32_t rule, const ev_decision *d)
{
    return limit_total(p, &p->rules[rule], d, d->history, NULL);
}

void ev_limit_parts(const remit_policy *p, uint32_t rule, const ev_decision *d, ev_parts *out)
{
    *out = (ev_parts){0};
    limit_total(p, &p->rules[rule], d, d->history, out);
}

void ev_totals(const remit_policy *p, ev_decision *d, const ev_history *hist)
{
    const pl_matter *m = &p->matters[d->matter];
    for (uint32_t i = 0; i < m->ntotals; i++) {
        const pl_total *t = &p->totals[m->totals[i]];
        ev_sum sum = d->fields[t->field];
        if (hist && hist->n) {
            uint32_t lo, hi;
            const ev_run *x = &hist->totals[m->totals[i]];
            int64_t start = lit_period_start(t->period, t->over, d->date, p->fy_month, p->fy_day);
            run_stretch(x, t->per != PL_NONE ? d->fields[t->per] : 0, start, d->date, d->hist_cut, &lo, &hi);
            sum += x->sum[hi] - x->sum[lo];
        }
        d->sums[i] = sum > INT64_MAX ? INT64_MAX : (int64_t)sum; /* amounts are never negative */
    }
    d->summed = true;
}

void ev_priors(const remit_policy *p, ev_decision *d, const ev_history *hist)
{
    const pl_matter *m = &p->matters[d->matter];
    d->priors = 0;
    for (uint32_t i = 0; i < m->npriors && hist && hist->n; i++) {
        const pl_prior *x = &p->priors[m->priors[i]];
        uint32_t lo, hi;
        /* the holder's decisions of the same group dated before this one */
        run_stretch(&hist->priors[m->priors[i]], x->per != PL_NONE ? d->fields[x->per] : 0, INT64_MIN,
                    d->date - 1, d->hist_cut, &lo, &hi);
        if (lo < hi)
            d->priors |= (uint8_t)(1u << i);
    }
}

/* Level 3 (SPEC 7.7, 7.6): joint approval and cumulative limits.  Every
 * applying `require` and every limit is looked at, each unsigned
 * `require` and exceeded limit keeping its reason.  Decides refused when
 * any refuses (missing signatures, or an exceeded limit without `for` or
 * with no one above its holder); else escalate, when exceeded limits
 * `for H` send the decision up, to the highest of the holders they name. */
static bool level_joint_and_limits(const remit_policy *p, const pl_matter *m, const ev_decision *d,
                                   const ev_history *hist, const chain *c, bool also, ev_result *o)
{
    uint32_t esc = PL_NONE;
    bool limit_refuses = false;
    uint32_t sig[EV_MAX_SIGNERS], nsig = PL_NONE; /* the signatories, found once */
    runs j = runs_for(&m->joint, PL_NONE, sum_of(m, d)); /* `require` and `limit` rules */
    for (uint32_t ji = runs_next(&j); ji != PL_NONE; ji = runs_next(&j)) {
        const pl_rule *r = &p->rules[ji];
        assert(r->kind == R_REQUIRE || r->kind == R_LIMIT);
        if (r->kind == R_REQUIRE && r->with && in_force(p, r, d)) {
            if (nsig == PL_NONE)
                nsig = ev_signatories(p, d, true, sig, EV_MAX_SIGNERS);
            if (!signed_by(p, r->with, sig, nsig))
                add_reason(o, WHY_SIGNATURES, r->index, PL_NONE, 0);
        }
        if (r->kind != R_LIMIT || !in_force(p, r, d))
            continue;
        if (!limit_concerns(p, r, d, c) || r->total_field == PL_NONE)
            continue;
        int64_t total = limit_total(p, r, d, hist, NULL);
        bool over = r->total_op == OP_LT ? total >= r->ceiling : total > r->ceiling;
        if (!over)
            continue;
        add_reason(o, WHY_CUMULATIVE, r->index, PL_NONE, total);
        uint32_t up = PL_NONE;
        if (also) /* the reason alone: where it would go is not asked */
            continue;
        if (r->for_holder != PL_NONE) {
            ev_decision dd = *d;
            dd.decider = r->for_holder;
            dd.ndroles = 0;
            up = who_can(p, m, &dd, r->for_holder, false, &o->steps); /* above H, never beside */
        }
        if (up == PL_NONE || up == r->for_holder)
            limit_refuses = true; /* no `for`, or no one above its holder */
        else if (esc == PL_NONE || at_or_above(p, m, up, esc, 0))
            esc = up;             /* the highest of the holders named */
    }
    bool refusal = limit_refuses;
    for (uint32_t i = 0; i < o->nreasons; i++)
        refusal |= o->reasons[i].kind == WHY_SIGNATURES;
    if (refusal) {
        o->outcome = EV_REFUSED;
        return true;
    }
    if (esc != PL_NONE) {
        assert(esc < p->nholders);
        o->outcome = EV_ESCALATE;
        o->target = esc;
        return true;
    }
    return false;
}

/* Level 4 (SPEC 7.8, 7.3.3): escalations.  Of the applying escalations
 * whose targets the decider is not already at or above, decides escalate
 * to the target at or above every other, naming the first such rule;
 * undetermined when a `next tier` finds no body, or when no target is at
 * or above all the others (naming the first pair that disagree). */
static bool level_escalations(const remit_policy *p, const pl_matter *m, const ev_decision *d,
                              uint32_t acting, ev_result *o)
{
    uint32_t targets[EV_MAX_REASONS], trules[EV_MAX_REASONS], nt = 0;
    /* the escalations from any decider, and those `from` this one */
    runs e = runs_for(&m->escalations, d->decider, sum_of(m, d));
    for (uint32_t ei = runs_next(&e); ei != PL_NONE; ei = runs_next(&e)) {
        const pl_rule *r = &p->rules[ei];
        assert(r->kind == R_ESCALATE);
        if (!in_force(p, r, d))
            continue;
        uint32_t t = r->to_next_tier ? next_tier(p, d->body != PL_NONE ? d->body : d->decider) : r->to;
        if (t == PL_NONE) {
            keep_aside(o);
            add_reason(o, WHY_NO_ROUTE, r->index, PL_NONE, 0);
            return true; /* undetermined: the route ends nowhere */
        }
        if (at_or_above(p, m, acting, t, 0))
            continue; /* already there (or acting for one there, 7.15) */
        if (nt < EV_MAX_REASONS) {
            targets[nt] = t;
            trules[nt++] = r->index;
        }
    }
    if (!nt)
        return false;
    uint32_t win = PL_NONE;
    for (uint32_t i = 0; i < nt && win == PL_NONE; i++) {
        bool all = true;
        for (uint32_t k = 0; k < nt && all; k++)
            all = at_or_above(p, m, targets[i], targets[k], 0);
        if (all)
            win = i;
    }
    if (win == PL_NONE) { /* name a pair that really disagrees */
        uint32_t x = 0, y = 1;
        for (uint32_t i = 0; i < nt; i++)
            for (uint32_t k = i + 1; k < nt; k++)
                if (!at_or_above(p, m, targets[i], targets[k], 0) &&
                    !at_or_above(p, m, targets[k], targets[i], 0)) {
                    x = i;
                    y = k;
                    i = k = nt; /* done */
                }
        assert(nt >= 2); /* one target is at or above itself */
        keep_aside(o);
        add_reason(o, WHY_CONTRADICTION, trules[x], trules[y], 0);
        return true;
    }
    assert(targets[win] < p->nholders);
    o->outcome = EV_ESCALATE;
    o->target = targets[win];
    add_reason(o, WHY_ESCALATION, trules[win], PL_NONE, 0);
    return true;
}

/* Why the decider has no chain (SPEC 7.4, 7.12): the fault of each
 * delegation of the matter to it, or, when such a delegation is sound,
 * of the delegations into its delegator (the break is above it). */
static void say_bounds(const remit_policy *p, const pl_matter *m, const ev_decision *d, ev_result *o)
{
    /* the delegations to the decider, in declaration order, and to each
     * delegator of a sound one */
    uint32_t nd;
    const uint32_t *dl = delegations_to(p, m, d->decider, &nd);
    for (uint32_t i = 0; i < nd; i++) {
        const pl_rule *r = &p->rules[dl[i]];
        int f = link_fault(p, r, d, true, PL_NONE);
        if (f) {
            add_reason(o, (ev_why_kind)f, r->index, PL_NONE, r->upto);
            continue;
        }
        uint32_t nu;
        const uint32_t *ul = delegations_to(p, m, r->from, &nu);
        for (uint32_t k = 0; k < nu; k++) {
            const pl_rule *u = &p->rules[ul[k]];
            int fu = link_fault(p, u, d, false, r->to);
            if (fu)
                add_reason(o, (ev_why_kind)fu, u->index, PL_NONE, u->upto);
        }
    }
}

/* Why crisis powers granted to the decider do not reach it (SPEC 7.9):
 * the fault of each grant whose protocol is in force; that a protocol is
 * not in force only to a decider with no delegation of the matter (to
 * anyone else it is no news).  The expired grant is said apart. */
static void say_grants(const remit_policy *p, const pl_matter *m, const ev_decision *d,
                       uint32_t expired_rule, ev_result *o)
{
    uint32_t nd;
    delegations_to(p, m, d->decider, &nd);
    bool delegate_to = nd > 0;
    runs g = runs_for(&m->grants, d->decider, sum_of(m, d)); /* the grants to the decider */
    for (uint32_t gi = runs_next(&g); gi != PL_NONE; gi = runs_next(&g)) {
        const pl_rule *r = &p->rules[gi];
        bool expired;
        assert(r->kind == R_GRANT && r->to == d->decider);
        if (r->index == expired_rule || never_grants(&p->protocols[r->protocol], r->matter))
            continue;
        if (!protocol_active(p, r->protocol, d, &expired)) {
            if (!expired && (!delegate_to || ev_cond(p, p->protocols[r->protocol].active, d)))
                add_reason(o, WHY_NOT_IN_FORCE, r->index, PL_NONE, 0);
            continue;
        }
        int f = link_fault(p, r, d, true, PL_NONE);
        if (f)
            add_reason(o, (ev_why_kind)f, r->index, PL_NONE, r->upto);
    }
}

/* Why the decider's own authority does not reach the decision (level
 * 5's reasons): not said of one who stands aside, whose authority is not
 * what stops it.  Expired powers leave the ordinary rules in force: the
 * decision goes where it would without the protocol, and the expiry is
 * said. */
static void authority_reasons(const remit_policy *p, const pl_matter *m, const ev_decision *d, bool aside,
                              uint32_t expired_rule, ev_result *o)
{
    if (!aside) {
        say_bounds(p, m, d, o);
        say_grants(p, m, d, expired_rule, o);
        urgent_power(p, m, d, PL_NONE, o);
    }
    if (expired_rule != PL_NONE)
        add_reason(o, WHY_EXPIRED, expired_rule, PL_NONE, 0);
}

/* Level 5 (SPEC 7.4, 7.9): authority, a chain of delegations, then crisis
 * grants (decider_chain found them).  Always decides: permitted with the
 * chain (or the reservation the decider holds); else escalate to who
 * else can decide (7.4), with the reasons the decider's authority does
 * not reach, and the expiry of crisis powers that would have; refused when
 * a decider who stands aside leaves no one else; undetermined when no one
 * can decide. */
static void level_authority(const remit_policy *p, const pl_matter *m, const ev_decision *d,
                            const chain *c, const pl_rule *res, bool aside, uint32_t expired_rule,
                            ev_result *o)
{
    if (c->found) {
        permit(p, m, d, c, res ? res->to : c->protocol != PL_NONE ? PL_NONE : d->decider, o);
        if (c->n && c->urgent) /* taken for a body (7.15) */
            add_reason(o, WHY_URGENT, c->rules[0], res ? res->index : PL_NONE, 0);
        else if (res)
            add_reason(o, WHY_RESERVED, res->index, PL_NONE, 0);
        assert(c->n <= PL_MAX_CHAIN && o->chain[c->n] == d->decider); /* it ends at the decider */
        return;
    }
    assert(!res && c->n == 0);
    authority_reasons(p, m, d, aside, expired_rule, o);
    uint32_t t = who_can(p, m, d, d->decider, true, &o->steps);
    if (t == PL_NONE && aside) {
        o->outcome = EV_REFUSED; /* no one else can take it */
        return;
    }
    if (t == PL_NONE) {
        add_reason(o, WHY_NO_AUTHORITY, PL_NONE, PL_NONE, 0);
        return; /* undetermined: a gap in the policy */
    }
    o->outcome = EV_ESCALATE;
    o->target = t;
    if (!o->nreasons)
        add_reason(o, WHY_NO_AUTHORITY, PL_NONE, PL_NONE, 0);
}

/* The `also` reasons (SPEC 7.11): keep x's reasons in o->also, but those
 * o says already; x is emptied. */
static void keep_also(ev_result *o, ev_result *x)
{
    for (uint32_t i = 0; i < x->nreasons && o->nalso < EV_MAX_REASONS; i++) {
        const ev_reason *r = &x->reasons[i];
        bool said = false;
        for (uint32_t k = 0; k < o->nreasons + o->nalso && !said; k++) {
            const ev_reason *y = k < o->nreasons ? &o->reasons[k] : &o->also[k - o->nreasons];
            said = y->kind == r->kind && y->rule == r->rule && y->rule2 == r->rule2;
        }
        if (!said)
            o->also[o->nalso++] = *r;
    }
    o->steps += x->steps;
    x->nreasons = 0;
    x->steps = 0;
}

/* The levels below the one that decided, from step `from` on: 2 the
 * reservations, 3 the refusals of a body acted for (SPEC 7.15), 4 joint
 * approval and cumulative limits, 5 the escalations, 6 authority; each
 * looked at as though none above it had decided, for their reasons alone
 * (SPEC 7.11): what else stands in the way of this decider.  A level
 * that would give an outcome of its own leaves the levels below it to the
 * decider's own authority: below a reservation to another holder, the
 * decider's chain is looked for as though there were none.  The chain,
 * when found already, is given (c, expired_rule), else found here. */
static void also_below(const remit_policy *p, const pl_matter *m, const ev_decision *d, const ev_history *hist,
                       int from, bool aside, const chain *c0, uint32_t expired0, ev_result *o)
{
    ev_result x;
    x.outcome = EV_UNDETERMINED;
    x.target = PL_NONE;
    x.nreasons = x.nalso = x.ndue = x.dropped = x.nunkept = x.steps = x.nfind = x.more_findings = x.nchain = 0;
    x.quorum = 0;
    const pl_rule *res = NULL, *urg = NULL;
    if (from <= 2) {
        if (level_reservations(p, m, d, aside, &x, &res, &urg))
            res = urg = NULL;
        keep_also(o, &x);
    }
    chain c;
    uint32_t expired_rule = expired0;
    if (c0)
        c = *c0;
    else
        decider_chain(p, m, d, aside, res, urg, &c, &expired_rule, &x);
    uint32_t acting = acting_for(p, d, &c);
    if (from <= 3 && acting != d->decider)
        refused_for(p, m, d, acting, &x);
    if (from <= 4)
        level_joint_and_limits(p, m, d, hist, &c, true, &x);
    keep_also(o, &x);
    if (from <= 5)
        level_escalations(p, m, d, acting, &x);
    keep_also(o, &x);
    if (!c.found) {
        authority_reasons(p, m, d, aside, expired_rule, &x);
        if (!aside && !x.nreasons)
            add_reason(&x, WHY_NO_AUTHORITY, PL_NONE, PL_NONE, 0);
    }
    keep_also(o, &x);
}

/* The levels of SPEC 7.3, in its order; the first that decides gives the
 * outcome, and those below it their reasons as `also` reasons. */
static void evaluate(const remit_policy *p, const ev_decision *d, const ev_history *hist, bool also,
                     ev_result *o)
{
    o->outcome = EV_UNDETERMINED;
    o->target = PL_NONE;
    o->accountable = PL_NONE;
    o->chain[0] = PL_NONE;
    o->nchain = o->nreasons = o->nalso = o->ndue = 0;
    o->quorum = 0;
    o->dropped = o->nunkept = 0;
    o->steps = 0;
    o->nfind = o->more_findings = 0;
    const pl_matter *m = &p->matters[d->matter];
    /* what the levels will read, asked for at once: the decision's
     * fields, its second line, the decider's person's other roles, and
     * the decider's record of its delegation (decider_chain) */
    EV_PREFETCH(d->fields);
    EV_PREFETCH((const char *)d + 64);
    if (d->ndroles)
        EV_PREFETCH(d->droles);
    if (d->decider < p->nholders)
        EV_PREFETCH(&p->solo[d->decider]);

    bool aside = false;         /* the decider must stand aside (7.10) */
    if (level_refusals(p, m, d, o, &aside)) {
        if (also)
            also_below(p, m, d, hist, 2, aside, NULL, PL_NONE, o);
        return;
    }
    /* the decider's record has come by now: its path (find_chain), asked
     * for in turn, comes while the reservations are weighed */
    if (d->decider < p->nholders)
        prefetch_path(p, p->solo[d->decider].path);
    const pl_rule *res;         /* the reservation the decider holds, or NULL */
    const pl_rule *urg;         /* the urgent power it holds it by, or NULL */
    if (level_reservations(p, m, d, aside, o, &res, &urg)) {
        if (also)
            also_below(p, m, d, hist, 3, aside, NULL, PL_NONE, o);
        return;
    }
    chain c;
    uint32_t expired_rule;
    decider_chain(p, m, d, aside, res, urg, &c, &expired_rule, o);
    uint32_t acting = acting_for(p, d, &c);
    if (acting != d->decider && refused_for(p, m, d, acting, o)) {
        if (also)
            also_below(p, m, d, hist, 4, aside, &c, expired_rule, o);
        return;
    }
    if (level_joint_and_limits(p, m, d, hist, &c, false, o)) {
        if (also)
            also_below(p, m, d, hist, 5, aside, &c, expired_rule, o);
        return;
    }
    if (level_escalations(p, m, d, acting, o)) {
        if (also)
            also_below(p, m, d, hist, 6, aside, &c, expired_rule, o);
        return;
    }
    level_authority(p, m, d, &c, res, aside, expired_rule, o);
}

static void evaluate_all(const remit_policy *p, const ev_decision *d, const ev_history *hist, bool also,
                         ev_result *o)
{
    evaluate(p, d, hist, also, o);
    /* an escalation, and only an escalation, goes to someone */
    assert((o->outcome == EV_ESCALATE) == (o->target != PL_NONE));
    if (o->outcome != EV_PERMITTED) /* obligations follow a permitted decision only */
        o->ndue = o->dropped = o->nunkept = 0;
    overdue(p, d, hist, o);
    overdue_urgent(p, d, hist, o);
}

void ev_evaluate(const remit_policy *p, const ev_decision *d, const ev_history *hist, ev_result *o)
{
    evaluate_all(p, d, hist, true, o);
}

void ev_evaluate_bare(const remit_policy *p, const ev_decision *d, const ev_history *hist, ev_result *o)
{
    evaluate_all(p, d, hist, false, o);
}

uint32_t ev_referral(const remit_policy *p, const ev_decision *d, uint32_t r)
{
    const pl_rule *kept;
    uint32_t steps = 0;
    return referral(p, &p->matters[d->matter], d, r, &steps, &kept);
}

const pl_rule *ev_escalation_after(const remit_policy *p, const ev_decision *d)
{
    const pl_matter *m = &p->matters[d->matter];
    runs e = runs_for(&m->escalations, d->decider, sum_of(m, d));
    for (uint32_t ei = runs_next(&e); ei != PL_NONE; ei = runs_next(&e)) {
        const pl_rule *r = &p->rules[ei];
        if (r->after >= 0 && ev_cond(p, r->when, d))
            return r;
    }
    return NULL;
}

const pl_rule *ev_escalation_next_tier(const remit_policy *p, const ev_decision *d)
{
    const pl_matter *m = &p->matters[d->matter];
    runs e = runs_for(&m->escalations, d->decider, sum_of(m, d));
    for (uint32_t ei = runs_next(&e); ei != PL_NONE; ei = runs_next(&e))
        if (p->rules[ei].to_next_tier && applies(p, &p->rules[ei], d))
            return &p->rules[ei];
    return NULL;
}
