/*
 * policy.h - the compiled policy (what lower.c makes from a checked
 * syntax tree) and a loaded decision (what input.c makes from YAML).
 *
 * In the compiled form every name is an index and every condition a flat
 * array of nodes; the evaluator (eval.c) reads it without allocating,
 * hashing or comparing strings.  A compiled policy is one arena, never
 * written after lowering, so threads may share it.
 */
#ifndef REMIT_POLICY_H
#define REMIT_POLICY_H

#include "internal.h"

#define PL_MAX_CHAIN    16u   /* delegations in one chain of authority */
#define PL_MAX_CHOICES  64u   /* values of a `one of`/`set of`: one bit each */
#define EV_MAX_REASONS  32u   /* reasons kept in one outcome */
#define EV_MAX_OBLIGATIONS 32u
#define EV_MAX_SIGNERS  32u   /* signatories considered for joint approval */
#define PL_MAX_TOTALS   RM_MAX_TOTALS /* different `total` terms in one matter's conditions */

/* ---- conditions ---- */
typedef enum {
    N_CONST, N_FIELD, N_CTX, N_NOT, N_AND, N_OR, N_CMP, N_IN, N_NOTIN,
    N_SETIN, N_SETNOTIN, N_ADD, N_SUB, N_NEG, N_MUL,
    N_TOTAL,           /* a: the term's place among its matter's (pl_total), b: its field, k: its index */
    N_DATE,            /* the decision's date */
    N_ADDMONTHS,       /* a's date k calendar months on (SPEC 2.5.5) */
    N_WHO              /* a who_subject, b a holder or kind, k who_kind (SPEC 5.9) */
} pl_op;

typedef struct pl_node {
    uint8_t op;        /* pl_op */
    uint8_t cmp;       /* cmp_op for N_CMP */
    uint32_t a, b;     /* operand nodes; field/context index for N_FIELD/N_CTX */
    int64_t k;         /* N_CONST value; N_IN/N_SETIN: bit mask of choices */
} pl_node;

#define PL_NONE UINT32_MAX

/* The nodes that node x reads (a, and b where it has two), in *a and *b
 * (PL_NONE for none): the one list of which operators take operands,
 * for the walks over conditions (analyse.c, diff.c). */
static inline void pl_operands(const pl_node *x, uint32_t *a, uint32_t *b)
{
    *a = *b = PL_NONE;
    switch (x->op) {
    case N_CONST: case N_FIELD: case N_CTX: case N_TOTAL: case N_DATE: case N_WHO: return;
    case N_NOT: case N_NEG: case N_IN: case N_NOTIN: case N_SETIN: case N_SETNOTIN: case N_ADDMONTHS:
        *a = x->a;
        return;
    default:
        *a = x->a;
        *b = x->b;
    }
}

/* What a comparison (N_CMP) and a choice test (N_IN, N_NOTIN) of values
 * give: one meaning for the evaluator's conditions and the tests kept in
 * a link (pl_link). */
static inline bool pl_compare(unsigned cmp, int64_t a, int64_t b)
{
    switch ((cmp_op)cmp) {
    case OP_EQ: return a == b;
    case OP_NE: return a != b;
    case OP_LT: return a < b;
    case OP_LE: return a <= b;
    case OP_GT: return a > b;
    case OP_GE: return a >= b;
    }
    return false;
}
static inline bool pl_in(unsigned op, int64_t v, int64_t mask)
{
    bool in = v >= 0 && v < 64 && (((uint64_t)mask >> v) & 1u);
    return op == N_IN ? in : !in;
}

/* ---- what a policy names ---- */
typedef struct pl_src {       /* where a rule is written, for explanations */
    const char *file;
    uint32_t line;
} pl_src;

typedef struct pl_field {
    const char *name;
    ty_kind type;
    int64_t lo, hi;             /* TY_SCORE */
    uint32_t nchoices;          /* TY_ENUM, TY_SET */
    const char **choices;
} pl_field;

typedef struct pl_holder {
    /* what evaluation reads, first */
    bool is_body;
    int32_t tier;               /* rank, -1 when not given */
    uint32_t seq;               /* order of declaration, roles and bodies together */
    uint32_t nparents, *parents;/* bodies: holder indices reported to */
    uint32_t nseats, *seats;    /* roles: the bodies whose `members` name it,
                                   in declaration order, each once */
    uint32_t nkinds, *kinds;    /* roles: kinds they are */
    /* bodies: membership and quorum, for meetings */
    uint32_t nmembers;
    struct pl_member { uint32_t role; int64_t lo, hi; } *members;
    uint32_t nquorum;
    struct pl_quorum {
        q_kind kind;
        int64_t n;              /* Q_FRACTION: n / den of the members */
        uint32_t who;
        bool who_is_kind;
        bool alt;               /* an alternative to the term before (SPEC 4.7) */
        int64_t den;
    } *quorum;
    const char *name, *title;
    rm_loc loc;                 /* its name where declared (analyses point here) */
    const char *quorum_text;    /* its quorum line as written, for explanations */
    pl_src quorum_src;
    /* who presides at its meetings (SPEC 4.7, 7.10): `chaired by`, in
     * order, and `never chaired by`; roles or kinds */
    uint32_t nchairs, nnever;
    struct pl_chair { uint32_t who; bool is_kind; } *chairs, *never;
    const char *chairs_text, *never_text;
    pl_src chairs_src, never_src;
    rm_loc quorum_loc;          /* its quorum line, for test coverage (SPEC 7.13.2) */
} pl_holder;

typedef enum {
    OB_REPORT, OB_RECORD, OB_PUBLISH, OB_NOTIFY, OB_RATIFY, OB_DECLARE
} pl_ob_kind;

typedef struct pl_obligation {
    pl_ob_kind kind;
    uint32_t holder;            /* report/notify/ratify target, else PL_NONE */
    const char *text;           /* record: the register */
    int64_t within;             /* days, -1 when no deadline */
    rm_period end_of;           /* `by end of PERIOD` (4.18): due by its last day; PER_ALL: none */
    bool next_meeting;          /* `at next meeting` of holder (4.18): due on the calendar's
                                   first meeting of it after the decision's date */
    pl_src src;
} pl_obligation;

typedef enum { SP_ADVISE, SP_JOINT, SP_DELEGATED, SP_TRANSFER } pl_spectrum;

/* joint approval as alternatives of slots: (a and b) or (c and 2 d) */
typedef struct pl_slot {
    uint32_t who;               /* holder (role or body) or kind index */
    bool is_kind;
    uint32_t count;
} pl_slot;
typedef struct pl_alt {
    uint32_t nslots;
    pl_slot *slots;
} pl_alt;
typedef struct pl_signers {
    uint32_t nalts;
    pl_alt *alts;
} pl_signers;

/* One `and`-part of a rule's `when` or `limit`, as written: explanations
 * name the part that fails. */
typedef struct pl_part {
    uint32_t node;
    bool is_limit;              /* of the `limit`, else of the `when` */
    const char *text;
    const char *figures;        /* the same with figures for constants (SPEC 11.8) */
    rm_loc loc;
} pl_part;

/* A delegation as a step of a chain search (eval.c, search), made when
 * the policy is compiled: where the next step up is, and, for a plain
 * delegation (no co-signatories, neither advise nor joint, in no
 * precedence line, its `when` and `limit` at most PL_LINK_TESTS tests
 * joined by `and`), all that decides whether it carries authority, so
 * that the search need not read the rule. */
enum {
    PL_LINK_ROOT = 1,           /* from a body that reports to no one */
    PL_LINK_SUB = 2,            /* may subdelegate */
    PL_LINK_PLAIN = 4           /* its bound, its tests and PL_LINK_SUB are all of it */
};
#define PL_LINK_TESTS 3u        /* tests a plain link keeps, at most */
typedef struct pl_link {
    int64_t upto;               /* pence, -1 when none */
    uint32_t rule, from;
    uint32_t up_at, nup;        /* the links of its matter into `from`:
                                   policy->links[up_at..up_at + nup) */
    uint32_t money_field;       /* its matter's, or PL_NONE */
    uint8_t flags;              /* PL_LINK_* */
    uint8_t ntests;
    /* a plain link's `when` and `limit`: all of these hold (each a field
     * compared with a constant, N_CMP, or a choice field tested, N_IN,
     * N_NOTIN) */
    struct pl_test {
        uint8_t op, cmp;        /* pl_op; cmp_op for N_CMP */
        uint32_t field;
        int64_t k;              /* the constant, or the choices' bits */
    } tests[PL_LINK_TESTS];
    uint32_t path;              /* its pl_path in policy->path_pool, or PL_NONE */
} pl_link;

/* The one chain a plain link can begin (eval.c, find_chain), made when
 * the policy is compiled: when the delegator of each of its links up to
 * a start of authority has exactly one delegation of the matter made to
 * it, each plain and (above the first) with leave to subdelegate, and
 * none of them loops back, the chain a search would find is fixed, and
 * whether it carries a decision is one bound and at most PL_PATH_TESTS
 * tests, the links' own put together.  A decision it does not carry is
 * searched for as before.  Kept in policy->path_pool at pl_link.path (a
 * word), in one piece, so that it is a line or two of memory: this
 * header, its tests, then its links' delegators and rules (pl_path_hops),
 * in the order of the search's chain. */
#define PL_PATH_TESTS 4u
typedef struct pl_path {
    int64_t upto;               /* the least `up to` on it, pence; -1 none */
    uint32_t money_field;       /* its matter's */
    uint8_t n, ntests;          /* links (at most PL_MAX_CHAIN), tests */
    struct pl_test tests[];
} pl_path;
/* Its links: delegator, rule, delegator, rule... (2 * n of them). */
static inline const uint32_t *pl_path_hops(const pl_path *ph)
{
    return (const uint32_t *)(const void *)(ph->tests + ph->ntests);
}
/* The words it takes in the pool. */
static inline uint32_t pl_path_words(uint32_t ntests, uint32_t n)
{
    return (uint32_t)((sizeof(pl_path) + ntests * sizeof(struct pl_test) + 2 * n * sizeof(uint32_t) + 7) / 8);
}

/* What a chain search first reads of a holder (eval.c, links_to and
 * find_chain), one record of 16 bytes each, made when the policy is
 * compiled: for a holder given exactly one delegation, of any matter
 * (most posts), its matter, its delegator and its pl_path, so that a
 * decision taken or escalated through it reads this record and the
 * path, not its run of delegations (into_at) and its pl_link as well. */
typedef struct pl_solo {
    uint32_t at;                /* into_at[h]: its first link, policy->links[at] */
    uint32_t matter;            /* the one link's matter; PL_NONE when the holder
                                   was given none or more than one */
    uint32_t from;              /* the one link's delegator */
    uint32_t path;              /* the one link's pl_path, or PL_NONE */
} pl_solo;

typedef struct pl_rule {
    /* what evaluation reads, first: most of it in the rule's first line
     * of cache */
    rule_kind kind;
    uint32_t index;             /* in policy->rules */
    uint32_t matter;
    uint32_t when;              /* node, or PL_NONE */
    uint32_t limit;             /* node, or PL_NONE */
    uint32_t from, to;          /* holders, PL_NONE when none */
    pl_spectrum spectrum;
    bool may_subdelegate;
    uint32_t prior;             /* `after approval by`: its place among the matter's
                                   priors (pl_prior), else PL_NONE (SPEC 4.12) */
    uint32_t sub_approver;      /* `may subdelegate if approved by H`: H, else PL_NONE
                                   (each sub-delegation needs H's approval, SPEC 4.12) */
    bool to_next_tier;
    uint32_t prec;              /* its circle in policy->precs, or PL_NONE */
    uint32_t for_holder;        /* cumulative limit, refusal: the holder, or PL_NONE */
    uint32_t protocol;          /* grants: the protocol, else PL_NONE */
    int64_t upto;               /* pence, -1 when none */
    bool no_limit;              /* `up to no limit`: none, said (upto -1) */
    pl_signers *with;           /* delegate/grant co-signatories, require signers */
    int64_t after;              /* escalate: days open, -1 */
    uint32_t nobligations;
    pl_obligation *obligations;
    /* cumulative limit */
    uint32_t total_field, per_field;
    cmp_op total_op;
    int64_t ceiling, over;      /* over: days or months of `over`, as period */
    rm_period period;
    uint32_t nbeaten, *beaten_by; /* rules a precedence line puts just over this one
                                   (those above them too: ev_set_aside_by, pl_prec) */
    uint32_t nparts;            /* delegations and grants: `when` and `limit` parts */
    pl_part *parts;
    /* what explanations and analyses read */
    pl_src src;
    rm_loc loc;                 /* its keyword, or label */
    const char *text;           /* the rule's first line as written */
    const char *label, *because;
    const char *when_text;      /* the `when` as written, on one line, or NULL */
    const char *when_figures;   /* the same with figures for constants and money
                                   ("amount > £5,000,000"), for drawings (SPEC 11.8) */
} pl_rule;

/* Precedence, closed (SPEC 7.3.2).  The rules of one matter that
 * precedence lines name are split into circles: rules each of which takes
 * precedence over the others, directly or not; most circles are one rule.
 * A matter's circles are one run of policy->precs, in an order where each
 * comes after every circle that takes precedence over it, and each keeps
 * a bit for each circle before it.  So whether one rule takes precedence
 * over another is one bit, and which applying rule sets a rule aside is a
 * walk over at most the matter's circles.  The bits of a matter of n
 * circles take n^2/2 bits; RM_MAX_PREC_RULES bounds n (R0520). */
typedef struct pl_prec {
    uint32_t first;             /* the matter's first circle */
    uint32_t nrules, *rules;    /* the circle's rules, in declaration order */
    uint64_t *over;             /* bit i: circle first + i takes precedence over
                                   this one (i below this one's place in the run) */
} pl_prec;

/* The rules of one kind of a matter that evaluation visits (SPEC 7.3's
 * levels), sorted by (key, rule index): the key is the one holder for
 * whom the rule can apply (a refusal's `for`, an escalation's `from`, a
 * grant's holder, an `advise` delegation's delegator), or PL_NONE when it
 * can apply to any decider (sorted last).  So the rules that can apply
 * for a decider are two runs, found by binary search and merged in
 * declaration order (rule indices follow it): a level looks at those
 * alone, whatever the size of the matter. */
typedef struct pl_index {
    uint32_t n;
    uint32_t *rules, *keys;
    /* Thresholds: the rules for any holder (keys[any..n)) keep the least
     * sum of money for which their `when` can hold (a part `amount > K`,
     * `amount >= K` or `amount = K` of an `and`), INT64_MIN when it says
     * none, in a tree of the least of each range (eval.c, tree_first):
     * the rules a decision's sum leaves out are never visited. */
    uint32_t any, nleaves;      /* nleaves: a power of two, >= n - any */
    int64_t *floor;             /* 2 * nleaves: node k covers 2k and 2k + 1;
                                   leaf nleaves + i is rule any + i's */
} pl_index;

/* A candidate of the last resort of "who else can decide" (SPEC 7.4),
 * with what bounds its answer, known when the policy is compiled. */
typedef struct pl_cand {
    uint32_t holder;
    uint32_t most;              /* the most links a chain to it can have (a
                                   walk up delegations of the matter to a
                                   body that reports to no one, at most
                                   PL_MAX_CHAIN); at least 1 with a grant */
    int64_t cap;                /* the most money a chain or grant to it can
                                   carry: the largest `up to` of the
                                   delegations and grants made to it
                                   (INT64_MAX without one, and for a root) */
    uint64_t allow;             /* the values of the matter's choice field
                                   `choice_field` (bit v: value v) for which
                                   some chain to it may hold: a chain of plain
                                   delegations whose tests exclude the value
                                   cannot (every bit when not known) */
} pl_cand;

typedef struct pl_matter {
    const char *name, *title;
    rm_loc loc;
    uint32_t nfields;
    pl_field *fields;
    uint32_t npriors, *priors;  /* its prior approvals (policy->priors), by their place */
    uint32_t ntotals, *totals;  /* its `total` terms (policy->totals), by their place
                                   (pl_node.a of N_TOTAL) */
    uint32_t money_field;       /* the one money field, or PL_NONE */
    uint32_t nrules, *rules;    /* every rule of this matter, in source order */
    uint32_t ncands, *cands;    /* the holders a delegation or grant of it is made
                                   to, each once (who else can decide, 7.4) */
    uint32_t ninto, *into;      /* its delegations (rule indices), ordered by the
                                   holder they are made to, then as declared:
                                   the delegations into a holder are one run */
    /* what each level of evaluation visits (pl_index), in declaration order */
    pl_index refusals;          /* `refuse`, by `for` */
    pl_index reservations;      /* `reserve` */
    pl_index joint;             /* `require` and `limit` (level 3) */
    pl_index escalations;       /* `escalate`, by `from` */
    pl_index grants;            /* crisis grants, by holder */
    uint32_t nurgent, *urgent;  /* urgent powers (SPEC 4.24, 7.15), as declared */
    pl_index permits;           /* `after`, and `advise` delegations by delegator:
                                   the obligations of a permitted decision */
    /* the last resort of who else can decide (SPEC 7.4): the candidates
     * that can ever have a chain or grant, ordered by how they are ranked
     * as far as that is known before a decision (most links first, then
     * the lower tier, then the earlier declared), with a tree of the
     * largest `cap` of each range of them, so the first that can carry a
     * sum is found in O(log n) (eval.c, last_resort) */
    uint32_t nlast, nleaves;    /* candidates; leaves of the tree, a power of two */
    uint32_t choice_field;      /* the choice field of pl_cand.allow: the first
                                   that a plain delegation of it tests; PL_NONE */
    pl_cand *last;
    int64_t *lastcap;           /* 2 * nleaves, as pl_index.floor, of -cap:
                                   leaf nleaves + i is -last[i].cap */
    /* has an `escalate ... after` rule, an `escalate ... to next tier`
     * rule: when not, typing a decision asks for no `opened`, no `body`
     * for them (R0727) without looking */
    bool escalates_after, escalates_next_tier;
} pl_matter;

typedef struct pl_protocol {
    const char *name, *title;
    pl_src src;
    rm_loc loc, active_loc, ratify_loc, expires_loc; /* the last two {0} when absent */
    uint32_t active;            /* node */
    const char *active_text;    /* the `active when` condition as written, or NULL */
    const char *active_figures; /* the same with figures for constants, for drawings */
    int64_t expires;            /* days, -1 */
    uint32_t ratifier;          /* holder or PL_NONE */
    pl_src ratify_src;
    int64_t ratify_within;
    uint32_t nnever, *never;    /* matters */
} pl_protocol;

typedef struct pl_category {
    const char *name;
    unsigned actions;           /* bits: 1 declare, 2 discussion, 4 vote, 8 chair, 16 withdraw */
    pl_src src;                 /* its `interest` line, for explanations */
    const char *text;           /* that line as written */
} pl_category;

typedef struct pl_conflicts {
    rm_loc loc;
    uint32_t body;              /* holder, PL_NONE for every body */
    uint32_t ncats;
    pl_category *cats;
    int64_t declare_within;
    pl_src declare_src;         /* where declare_within is written */
    uint32_t refer_to;
} pl_conflicts;

/* A total of earlier decisions in a condition (SPEC 5.7): `total FIELD
 * per PER over OVER days` in a rule of the matter. */
typedef struct pl_total {
    uint32_t matter, field;
    uint32_t per;               /* the field that groups, or PL_NONE */
    rm_period period;           /* PER_ALL without `over` (SPEC 5.8) */
    int64_t over;               /* days or months of PER_DAYS, PER_MONTHS; else -1 */
} pl_total;

/* A prior approval a delegation or grant needs (SPEC 4.12): an earlier
 * decision of the matter taken by `by`, of the same `per` value. */
typedef struct pl_prior {
    uint32_t matter, by;
    uint32_t per;               /* a field, or PL_NONE */
} pl_prior;

/* A threshold (SPEC 7.13.2): a constant that a rule, or a protocol's
 * `active when`, compares a value with.  `remit test --coverage` looks
 * for test decisions whose value is at it, one unit below and one above;
 * evaluation never reads them. */
typedef enum {
    PL_TH_CMP,                  /* node `value` compared with k in a condition */
    PL_TH_UPTO,                 /* `up to k`: the matter's money field */
    PL_TH_AFTER,                /* `escalate ... after k days`: the days a decision is open */
    PL_TH_TOTAL                 /* a cumulative limit's ceiling k: its total (ev_limit_total) */
} pl_th_kind;

typedef struct pl_threshold {
    pl_th_kind kind;
    ty_kind type;               /* the value's: money, a number, a score, a
                                   percentage, a length of time, a date */
    uint32_t rule;              /* the rule, or PL_NONE for an `active when` */
    uint32_t protocol;          /* that `active when`'s protocol, else PL_NONE */
    uint32_t value;             /* PL_TH_CMP: the node of the value compared */
    int64_t k;
    rm_loc loc;                 /* the comparison or clause, as written */
    const char *text;           /* that, on one line */
    const char *value_text;     /* the value as written ("amount", "total amount") */
} pl_threshold;

struct remit_policy {
    rm_arena arena;
    const char *title, *version;
    uint32_t nholders, nroles;  /* roles first, then bodies, each in
                                   declaration order */
    pl_holder *holders;
    uint32_t nroots, *roots;    /* the bodies that report to no one */
    uint64_t *rootset;          /* the same as bits (pl_bit), for pl_is_root */
    uint64_t *bodyset;          /* the bodies, as bits (pl_is_body) */
    uint64_t *dueset;           /* the rules that, in a chain, bring obligations,
                                   transfer accountability or are grants, as
                                   bits (pl_bit): a chain's others need not be
                                   read when it is permitted */
    uint64_t *lineset;          /* the holders with a reporting line or a seat
                                   (nparents or nseats), as bits (pl_has_lines):
                                   a walk up reads a holder only then */
    /* the delegations made to each holder, of every matter: those to
     * holder h are into_rule[into_at[h]..into_at[h + 1]), ordered by
     * matter (into_matter, alongside), then as declared; so a holder's
     * delegations of one matter are one short run, found by a binary
     * search among that holder's alone (pl_delegations_to); links,
     * alongside, is what a chain search reads of each (pl_link) */
    uint32_t *into_at, *into_rule, *into_matter;
    pl_link *links;
    uint64_t *path_pool;        /* pl_path records (pl_link.path) */
    pl_solo *solo;              /* per holder (pl_solo), and one more whose
                                   `at` is into_at[nholders] */
    uint32_t nkinds;
    const char **kinds;
    uint32_t ntiers;
    const char **tiers;
    uint32_t nmatters;
    pl_matter *matters;
    uint32_t ncontext;
    pl_field *context;
    uint32_t nnodes;
    pl_node *nodes;
    uint32_t ntotals;
    pl_total *totals;           /* every matter's, as first met */
    int fy_month, fy_day;       /* the financial year's first day (SPEC 4.23): 1 April */
    uint32_t npriors;
    pl_prior *priors;           /* every matter's, as first met */
    uint32_t nrules;
    pl_rule *rules;
    uint32_t nprecs;
    pl_prec *precs;             /* precedence, closed: pl_rule.prec */
    uint32_t nprotocols;
    pl_protocol *protocols;
    uint32_t nconflicts;
    pl_conflicts *conflicts;
    bool *many;                 /* per holder: a role that several people may hold
                                   (a body lists it with a count above one) */
    uint32_t ntexts;            /* text constants, interned: id = index */
    const char **texts;
    uint32_t max_rules_per_matter;
    uint32_t nthresholds;       /* in the order of the rules and protocols */
    pl_threshold *thresholds;
};

/* ---- a decision, loaded and typed against a policy (input.c) ---- */
typedef struct ev_interest {
    uint32_t holder;            /* the role of the person with the interest */
    int64_t person;             /* text id of the person's name, -1 when not given */
    const char *person_name;    /* the name as written, NULL when not given */
    uint32_t block;             /* conflicts block and category that apply */
    uint32_t category;
    int64_t subject;            /* text id of what it is in */
    const char *subject_name;   /* that text, for explanations */
    int64_t acquired, declared; /* INT64_MIN when not given */
    int ruling;                 /* -1 none, 0 allow, 1 exclude (chair decides) */
    bool from_register;         /* given by the register, not the decision */
} ev_interest;

typedef struct ev_attendee {
    uint32_t holder;            /* the member's role */
    int64_t person;             /* text id, -1 when not given */
    const char *person_name;    /* NULL when not given */
    bool present;
    bool presiding;             /* `presiding: true`: in the chair (SPEC 7.10) */
    uint32_t item;              /* its place in the decision's attendance list */
} ev_attendee;

/* A calendar of meetings (SPEC 7.1.6): each body's meetings, by date. */
typedef struct ev_calendar {
    const uint32_t *at;         /* per holder h: its dates are dates[at[h] .. at[h + 1]) */
    const int64_t *dates;       /* ascending for each holder */
} ev_calendar;

/* The first meeting of holder h after day date, INT64_MIN when the
 * calendar has none. */
static inline int64_t ev_next_meeting(const ev_calendar *c, uint32_t h, int64_t date)
{
    uint32_t lo = c->at[h], hi = c->at[h + 1];
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (c->dates[mid] <= date)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < c->at[h + 1] ? c->dates[lo] : INT64_MIN;
}

typedef struct ev_decision {
    /* what evaluation reads of every decision first, in its first line
     * of memory (a decision evaluated long after it was typed, as one of
     * a queue, is read from memory further away), then what it reads
     * of most decisions, in the second: */
    uint32_t matter;
    uint32_t decider;           /* holder */
    uint32_t body;              /* holder or PL_NONE */
    uint32_t nint;              /* declared interests */
    int64_t date;
    int64_t *fields;            /* per field: pence, days, choice index, bit set, text id... */
    /* the other roles the register gives the decider's person (a refusal
     * for one of them applies too, SPEC 7.3.1); 0 when not known */
    const uint32_t *droles;
    uint32_t ndroles;
    uint32_t nco;               /* co-signatory holders who sign: those of */
    uint32_t *co;               /* co_all without an interest that excludes them */
    bool meeting;               /* attendance given: a decision taken at a meeting */
    bool urgent;                /* `urgent: true`: taken as an urgent decision (SPEC 7.15) */
    /* (the second line) */
    const ev_calendar *calendar; /* the meetings given (7.1.6), NULL when none */
    int64_t *context;           /* per context value; NULL in a history entry
                                   that gives none (the decision's is used) */
    int64_t *activated;         /* per protocol: date, INT64_MIN when not given */
    ev_interest *ints;
    int64_t *subjects;
    uint32_t nsubj;             /* what an interest can be in (text ids): subjects */
    uint32_t natt;
    ev_attendee *att;
    int64_t decider_person;     /* text id of the decider's name, -1 when not given */
    /* the rest */
    const char *decider_name;   /* the name as written, NULL when not given */
    int64_t opened;             /* INT64_MIN when not given */
    uint32_t nco_all;           /* the co-signatories as written (7.10) */
    const uint32_t *co_all;
    const int64_t *co_person;   /* per co_all: the person (text id), named or the
                                   register's one holder of the role; -1 none */
    const int64_t *co_sperson;  /* the same per co (those who sign): a person
                                   signs once, whatever roles they name (7.7) */
    uint32_t under;             /* history: the protocol whose grant it was taken
                                   under, PL_NONE */
    int64_t ratified;           /* history: when ratified, INT64_MIN when not */
    uint32_t nreported;         /* history: the reports made of it (`reported`, 7.1.4) */
    const struct ev_reported {
        uint32_t body;          /* to whom */
        int64_t on;             /* when */
    } *reported;
    uint32_t seats;             /* a meeting: the body's members, counted from its
                                   `members` line (7.10); 0: the entries of attendance */
    /* the totals of the matter's `total` terms (pl_total), with the
     * history: set by ev_evaluate; until then (summed false) a total is
     * this decision's own value of its field */
    bool summed;
    int64_t sums[PL_MAX_TOTALS];
    uint8_t priors;             /* bit i: the matter's prior approval i was given,
                                   before the decision's date (SPEC 4.12) */
    /* approvals of sub-delegations (SPEC 4.12, 7.1): `from` passed the
     * matter on to `to` with `by`'s approval, given on `date` */
    /* the other roles of the person presiding at the meeting (a role that may
     * never preside follows the person, SPEC 7.10) */
    uint32_t nproles;
    const uint32_t *proles;
    uint32_t hist_cut;          /* a ledger's line (remit audit, SPEC 7.18): k + 1 when
                                   it is entry k of its history, whose entries from k
                                   on are not yet taken (those before it are all
                                   dated on or before it); 0 for any other decision */
    const struct ev_history *history; /* the history it is read with, NULL when none:
                                   explanations name the earlier decisions a
                                   cumulative limit counts (ev_limit_parts) */
    uint32_t napprovals;
    struct ev_approval {
        uint32_t from, to, by;
        int64_t date;
    } *approvals;
    /* a ledger's line (remit audit, SPEC 7.18): what was done after it */
    uint32_t nnotified;         /* `notified`: holders told, when */
    const struct ev_reported *notified;
    uint32_t nrecorded;         /* `recorded`: registers, as `record in` names them, when */
    const struct ev_recorded {
        const char *text;
        int64_t on;
    } *recorded;
    int64_t published;          /* `published`: when, INT64_MIN when not said */
} ev_decision;

/* ---- an outcome (eval.c); fixed size: evaluation never allocates ---- */
typedef enum { EV_PERMITTED, EV_ESCALATE, EV_REFUSED, EV_UNDETERMINED } ev_outcome;

typedef enum {
    WHY_REFUSE_RULE,      /* rule */
    WHY_RESERVED,         /* rule: reserved to its holder */
    WHY_SIGNATURES,       /* rule: require not met */
    WHY_CUMULATIVE,       /* rule, total */
    WHY_ESCALATION,       /* rule */
    WHY_BOUND,            /* rule: a delegation to the decider that does not cover it */
    WHY_NO_AUTHORITY,     /* nothing gives the decider authority */
    WHY_CONTRADICTION,    /* rule and rule2 disagree */
    WHY_NO_ROUTE,         /* rule: next tier finds no body */
    WHY_EXPIRED,          /* protocol's powers expired */
    WHY_ADVISE_ONLY,      /* rule: a seat at the table only */
    WHY_JOINT_NEEDS,      /* rule: the delegator must co-decide */
    WHY_NO_SUBDELEGATE,   /* rule: the chain needs may subdelegate here */
    WHY_CONFLICTED,       /* amount: interest index: the decider must stand aside */
    WHY_INQUORATE,        /* the meeting is not quorate */
    WHY_QUORUM_LOST,      /* amount: members left after exclusions */
    WHY_COSIGN,           /* rule: a delegation `with` co-signatories not all signed */
    WHY_SET_ASIDE,        /* rule: a delegation set aside by `precedence` */
    WHY_NOT_IN_FORCE,     /* rule: a grant whose protocol is not in force */
    WHY_NOT_APPROVED,     /* rule: its delegate passed it on without the approval it needs */
    WHY_NO_PRIOR,         /* rule: it acts only after an approval the history does not show */
    WHY_URGENT,           /* rule: taken under this urgent power; rule2: the reservation it
                             takes the decision from, or PL_NONE (SPEC 7.15) */
    WHY_PRESIDING         /* amount: why the member in the chair may not preside (eval.c,
                             presides_rightly) */
} ev_why_kind;

typedef struct ev_reason {
    ev_why_kind kind;
    uint32_t rule, rule2;
    int64_t amount;             /* a total, a bound... */
    uint32_t holder;            /* quorum lost: the body referred to, when it
                                   cannot take the decision; else PL_NONE */
} ev_reason;

#define EV_CONSULT (PL_NONE - 1) /* ev_due.ob: consult the adviser of an `advise` rule */
#define EV_DECLARE (PL_NONE - 2) /* ev_due.ob: declare interest number ev_due.rule */

typedef struct ev_due {
    uint32_t rule;              /* where the obligation is written */
    uint32_t ob;                /* index in that rule's obligations; PL_NONE
                                   for a protocol's ratification; EV_CONSULT */
    uint32_t protocol;
    int64_t due;                /* INT64_MIN when no deadline */
    uint8_t meeting;            /* `at next meeting` (4.18): 0 not so; 1 the calendar's
                                   meeting (due is it, or earlier); 2 no calendar given;
                                   3 the calendar has no meeting after the date */
} ev_due;

typedef struct ev_result {
    ev_outcome outcome;
    uint32_t target;            /* escalate: the holder to go to */
    uint32_t nchain;            /* links: chain_rules[i] from holder chain[i] to chain[i+1] */
    uint32_t chain[PL_MAX_CHAIN + 1];
    uint32_t chain_rules[PL_MAX_CHAIN];
    uint32_t accountable;
    uint32_t nreasons;
    ev_reason reasons[EV_MAX_REASONS];
    /* the reasons of the levels below the one that decided, which would
     * also stand in the way (SPEC 7.11): none with permitted */
    uint32_t nalso;
    ev_reason also[EV_MAX_REASONS];
    uint32_t ndue;
    ev_due dues[EV_MAX_OBLIGATIONS];
    int quorum;                 /* meetings: 0 not a meeting, 1 met, -1 not met */
    uint32_t dropped;           /* obligations beyond EV_MAX_OBLIGATIONS, not kept, each
                                   counted once (as dues[]: same_due in eval.c) */
    uint32_t nunkept;           /* the first of those that are not declarations, */
    ev_due unkept[EV_MAX_OBLIGATIONS]; /* kept to tell them apart (beyond: counted) */
    uint32_t steps;             /* steps the chain searches took (a measure of the
                                   evaluation's cost, for the analyses' budget) */
    /* findings: deadlines missed, which do not change the outcome */
    uint32_t nfind;
    uint32_t more_findings;     /* beyond EV_MAX_REASONS, counted, not kept */
    struct ev_finding {
        enum { EV_LATE_DECLARATION, EV_RATIFICATION_OVERDUE, EV_REPORT_OVERDUE } kind;
        uint32_t index;         /* late declaration: the decision's interest;
                                   overdue: the history entry */
        int64_t due;            /* when it should have been done */
        uint32_t protocol, matter, who; /* overdue: the entry's protocol, matter, decider */
        int64_t date;           /* overdue: the entry's date */
        uint32_t rule;          /* overdue of an urgent decision (7.15): the urgent power,
                                   whose obligation ob says who ratifies, or to whom
                                   it is reported; else PL_NONE */
        uint32_t ob;
        int64_t done;           /* overdue: when the history says it was done, after the
                                   decision's date; INT64_MIN when it says nothing */
    } find[EV_MAX_REASONS];
} ev_result;

/* lower.c: compile a checked session (no errors) into a policy, inside
 * a protected call on s: running out of memory frees what was built and
 * unwinds.  s is only read (its symbol table stays as the checker made
 * it), and the policy keeps no pointer into it: s may be freed first.
 * (Its rm_loc fields are positions in s's files, for the analyses, which
 * have s.) */
remit_policy *pl_lower(remit_session *s);
void pl_free(remit_policy *p);
/* Bit i of a set of bits kept as words (bit i % 64 of set[i / 64]): the
 * policy's sets of holders and rules, a few kilobytes where the holders
 * and rules themselves are megabytes. */
static inline bool pl_bit(const uint64_t *set, uint32_t i)
{
    return set[i / 64] >> (i % 64) & 1u;
}
static inline void pl_set_bit(uint64_t *set, uint32_t i)
{
    set[i / 64] |= UINT64_C(1) << (i % 64);
}
/* Is holder h a body (not a role)?  From bits, not from the holder. */
static inline bool pl_is_body(const remit_policy *p, uint32_t h)
{
    return h < p->nholders && pl_bit(p->bodyset, h);
}
/* Does holder h report to a body or sit on one (pl_holder.parents,
 * seats)?  From bits, not from the holder. */
static inline bool pl_has_lines(const remit_policy *p, uint32_t h)
{
    return h < p->nholders && pl_bit(p->lineset, h);
}
/* Does role r sit on body b: does b's members line name it? */
static inline bool pl_seats(const remit_policy *p, uint32_t b, uint32_t r)
{
    for (uint32_t k = 0; b < p->nholders && k < p->holders[b].nmembers; k++)
        if (p->holders[b].members[k].role == r)
            return true;
    return false;
}
/* Is holder h a start of authority: a body that reports to no one? */
static inline bool pl_is_root(const remit_policy *p, uint32_t h)
{
    return h < p->nholders && pl_bit(p->rootset, h);
}
/* The delegations of a matter made to holder h, as declared: *n of them
 * from place i, returned (policy->into_rule[i..], links[i..]), found by
 * a binary search among h's own. */
uint32_t pl_delegations_to(const remit_policy *p, uint32_t matter, uint32_t h, uint32_t *n);
/* pl_free, as a cleanup (rm_cleanup_push) */
void pl_cleanup(void *p);

/* ---- a history's indexes (input.c makes them when it is loaded) ---- */
typedef __int128 ev_sum;        /* sums of amounts over a history: exact (7.6) */

/* History entries of one matter sorted by (key, date), with the sums of
 * their amounts: a cumulative limit's entries of one `per` group in one
 * period are one stretch of it.  The entries of each key are found in a
 * table of its keys (open addressing on the key, a slot or two), then the
 * period by binary search among that key's entries alone (limit_total):
 * a history's size costs nothing but the dates of the one group. */
typedef struct ev_run {
    uint32_t n;
    const struct ev_entry {
        int64_t key;            /* the entry's `per` value (0 without `per`) */
        int64_t date;
        uint32_t item;          /* its place in the history */
    } *e;                       /* NULL in a limit's fixed run (ev_limit_index),
                                   whose dates and sums are all it is read for */
    const ev_sum *sum;          /* n + 1: sum[i] adds the amounts of e[0..i-1] */
    const int64_t *date;        /* n: e[i].date, packed for the binary searches */
    const uint32_t *item;       /* n: e[i].item, packed, in a ledger's history only
                                   (ev_decision.hist_cut); else NULL */
    uint32_t mask;              /* slots - 1 (a power of two, at least twice the keys) */
    const struct ev_key {       /* a key's entries: e[start..end); end 0: a free slot */
        int64_t key;
        uint32_t start, end;
    } *slot;
} ev_run;

/* The first slot to look at for a key in a run's table */
static inline uint32_t ev_key_slot(int64_t key, uint32_t mask)
{
    return (uint32_t)(((uint64_t)key * UINT64_C(0x9E3779B97F4A7C15)) >> 32) & mask;
}

typedef struct ev_limit_index {  /* one cumulative limit's entries (7.6) */
    ev_run fixed;               /* those its `when` holds for, whatever the
                                   decision: entries with their own context, or
                                   every entry when `when` reads no context value */
    ev_run open;                /* entries without context when `when` reads a
                                   context value, which is then the decision's */
    bool open_reads_fields;     /* ... and a field too: weighed entry by entry */
} ev_limit_index;

typedef struct ev_crisis_index { /* the entries taken under one protocol (7.9) */
    uint32_t n, size;           /* size: n rounded up to a power of two */
    const uint32_t *item;       /* the entries' places, by date (so by due date) */
    const int64_t *due;         /* date + ratify_within */
    const int64_t *open;        /* 2 * size: a tree of the latest ratification in
                                   each stretch (INT64_MAX: one never ratified) */
} ev_crisis_index;

typedef struct ev_owed {        /* the entries that owe one obligation (ob) of one urgent
                                   power or crisis grant (rule), 7.15 */
    uint32_t rule, ob;
    uint32_t n, size;           /* size: n rounded up to a power of two */
    const uint32_t *item;       /* the entries' places, by date then place */
    const int64_t *due;         /* their due dates, which never go down as the date
                                   goes up (INT64_MAX: not known, never overdue) */
    const int64_t *open;        /* 2 * size: a tree of the latest day it was done in each
                                   stretch (INT64_MAX: one never done) */
} ev_owed;

/* One history entry, as much of it as evaluation reads (7.6, 7.9):
 * input.c keeps this and gives back the rest of the typed decision, so a
 * history of a million entries takes a hundred bytes or so each. */
typedef struct ev_past {
    int64_t date;
    int64_t ratified;           /* when ratified, INT64_MIN when not */
    int64_t *fields;            /* per field of its matter, as ev_decision */
    int64_t *context;           /* NULL when it gives none (the decision's is used) */
    uint32_t matter, decider;
    uint32_t under;             /* the protocol it was taken under, PL_NONE */
    uint32_t urgent;            /* `urgent: true`: the urgent power it was taken under (the
                                   first of its matter to its decider that is ratified,
                                   7.15), else PL_NONE */
    uint32_t grant;             /* `under`: the crisis grant it was taken under (the first
                                   of its protocol, matter and decider whose `up to` and
                                   `limit` hold), when it reports to a body, else PL_NONE */
    uint32_t nreported;         /* the reports made of it (7.1.4), by body */
    const struct ev_reported *reported;
} ev_past;

/* Entries are kept in blocks of this many, so that a history read an
 * entry at a time never copies them to grow. */
#define EV_PAST_SHIFT 12u

/* eval.c: evaluate one decision; writes *out; never allocates.
 * history may be NULL. */
typedef struct ev_history {
    uint32_t n;
    ev_past **blocks;           /* entry k: ev_past_at(h, k) */
    uint32_t nunder;            /* the entries taken under crisis powers */
    const uint32_t *under;
    uint32_t nurgent;           /* the entries taken under urgent powers (7.15), and
                                   those under a crisis grant that reports (grant) */
    const uint32_t *urgent;
    /* the same as streams, one per obligation followed up of each urgent
     * power or crisis grant (ev_owed), and per holder h the streams owed
     * to h (owed_to[owed_to_at[h] .. owed_to_at[h + 1]]) and those of
     * urgent powers to h (owed_by...), so that a decision looks only at
     * the streams that concern it, and in each at the entries overdue */
    uint32_t nowed;
    const struct ev_owed *owed;
    const uint32_t *owed_to_at, *owed_to, *owed_by_at, *owed_by;
    /* Indexes made when it is loaded (input.c, in_history), so that a
     * decision looks up its cumulative totals and overdue ratifications in
     * O(log n) of the history (eval.c: limit_total, overdue). */
    const uint32_t *limit_of;   /* per rule: its index in limits, or PL_NONE */
    const ev_limit_index *limits;
    const ev_run *totals;       /* per `total` of a condition (remit_policy.totals):
                                   the entries of its matter, by group and date */
    const ev_run *priors;       /* per prior approval (remit_policy.priors): the
                                   entries of its matter its holder took */
    const ev_crisis_index *crisis; /* per protocol */
} ev_history;

static inline const ev_past *ev_past_at(const ev_history *h, uint32_t k)
{
    return &h->blocks[k >> EV_PAST_SHIFT][k & ((1u << EV_PAST_SHIFT) - 1)];
}
void ev_evaluate(const remit_policy *p, const ev_decision *d, const ev_history *h, ev_result *out);
/* The same without the `also` reasons (SPEC 7.11; out->nalso is 0): for
 * those who ask only the outcome (the analyses, `remit who`, the changes
 * `--why-not` checks), at the cost of the deciding level alone. */
void ev_evaluate_bare(const remit_policy *p, const ev_decision *d, const ev_history *h, ev_result *out);
/* The earlier decisions of the history that count towards cumulative
 * limit r for decision d (SPEC 7.6): how many (count) and, of those, the
 * EV_MAX_PARTS latest (date[0] the latest), for explanations. */
#define EV_MAX_PARTS 3u
typedef struct ev_parts {
    uint32_t count, n;
    int64_t date[EV_MAX_PARTS], amount[EV_MAX_PARTS];
} ev_parts;
void ev_limit_parts(const remit_policy *p, uint32_t rule, const ev_decision *d, ev_parts *out);
/* The total of cumulative limit `rule` for d, with d's history (SPEC 7.6):
 * d's amount and those of the earlier decisions that count. */
int64_t ev_limit_total(const remit_policy *p, uint32_t rule, const ev_decision *d);
/* The totals of d's matter's `total` terms (SPEC 5.7) into d->sums: d's
 * own value of each field plus those of the earlier decisions in h (NULL:
 * none) of its matter and group within its period; sets d->summed.  The
 * input reader calls it once the decision is typed. */
void ev_totals(const remit_policy *p, ev_decision *d, const ev_history *h);
/* Which of d's matter's prior approvals (SPEC 4.12) the history h (NULL:
 * none) shows before d's date: d->priors.  The input reader calls it. */
void ev_priors(const remit_policy *p, ev_decision *d, const ev_history *h);
bool ev_cond(const remit_policy *p, uint32_t node, const ev_decision *d);
/* The value of node for d (a field, a context value, a sum...). */
int64_t ev_value(const remit_policy *p, uint32_t node, const ev_decision *d);
/* The distinct signatories of a decision (the decider first, if asked),
 * at most max; returns how many. */
uint32_t ev_signatories(const remit_policy *p, const ev_decision *d, bool with_decider,
                        uint32_t *sig, uint32_t max);
/* Do the signatories (co-signatories, and the decider when asked) meet g? */
bool ev_signed(const remit_policy *p, const pl_signers *g, const ev_decision *d, bool with_decider);
/* Does holder `who` fill the slot (is it, or is it of that kind)? */
bool ev_holds_slot(const remit_policy *p, uint32_t who, const pl_slot *s);
/* The signatures still missing from g: the alternative closest to
 * complete (returned; PL_NONE when g has none) and, for each of its first
 * nlack slots k, how many more it needs in lack[k] (each signatory used
 * once, slots filled in order).  The explanations say them; `remit who`
 * fills them. */
#define EV_MAX_SLOTS 64u
uint32_t ev_missing_slots(const remit_policy *p, const pl_signers *g, const ev_decision *d,
                          bool with_decider, uint32_t *lack, uint32_t nlack);
/* The same for alternative alt of g: how many signatures it lacks, and
 * lack[k] as above. */
uint32_t ev_alt_missing(const remit_policy *p, const pl_signers *g, uint32_t alt, const ev_decision *d,
                        bool with_decider, uint32_t *lack, uint32_t nlack);
/* Does interest x count (it is in one of the decision's subjects) and
 * exclude its holder from the decision (7.10)? */
bool ev_excludes(const remit_policy *p, const ev_decision *d, const ev_interest *x);
/* The urgent power a history entry d, said `urgent`, was taken under: the
 * first of its matter to its decider that is ratified and whose `up to`
 * and `limit` hold for it (SPEC 7.15); PL_NONE when none. */
uint32_t ev_urgent_power_of(const remit_policy *p, const ev_decision *d);
/* The crisis grant a decision taken `under` a protocol was taken under,
 * when it reports to a body (7.9, 7.15): the first of its protocol and
 * matter to its decider whose `up to` and `limit` hold; else PL_NONE. */
uint32_t ev_grant_of(const remit_policy *p, const ev_decision *d);
/* When obligation b of a decision of day `date` is due (4.18), with the
 * meetings of cal; INT64_MIN when not known. */
int64_t ev_obligation_due(const remit_policy *p, const ev_calendar *cal, const pl_obligation *b, int64_t date);
/* Whether obligation o of urgent power (or crisis grant) r is followed up
 * in the history (7.15): each `report to`, and an urgent power's first
 * `ratify by` (a grant's ratification is its protocol's, 7.9). */
bool ev_urgent_owes(const pl_rule *r, uint32_t o);
/* Does a member of role h fill a place of `chaired by` or `never chaired
 * by` (SPEC 4.7): that role, or a role of that kind? */
bool ev_chair_fits(const remit_policy *p, const struct pl_chair *x, uint32_t h);
/* Is interest x that of the co-signatory d->co_all[i] (its role, and its
 * person when both are known)? */
bool ev_interest_of_co(const ev_decision *d, const ev_interest *x, uint32_t i);
/* The same of attendance entry d->att[k]. */
bool ev_interest_of_attendee(const ev_decision *d, const ev_interest *x, uint32_t k);
/* Where a decision of body d->decider goes when conflicts cost its meeting
 * the quorum and its conflicts rules refer it to r (7.10, item 3): r, or
 * another holder that can take it, or PL_NONE when no one else may. */
uint32_t ev_referral(const remit_policy *p, const ev_decision *d, uint32_t r);
/* The members of a meeting, for its quorum: the body's seats (7.10). */
#define EV_MAX_ATTENDEES 256u /* members of one meeting that are followed */
uint32_t ev_members(const ev_decision *d);
/* Which members of the meeting the interests set aside (SPEC 7.10):
 * out[k] for attendance entry k, EV_MAX_ATTENDEES of them. */
void ev_set_aside(const remit_policy *p, const ev_decision *d, bool *out);
/* How many members of the meeting take part: present, and not set aside
 * in out[] (NULL: none is). */
uint32_t ev_taking_part(const ev_decision *d, const bool *out);
/* One term q of the deciding body's quorum at this meeting (SPEC 7.10):
 * how many it needs, and how many it has of those taking part (of its
 * role or kind, for `N role`). */
typedef struct ev_qterm {
    int64_t need, have;
} ev_qterm;
ev_qterm ev_quorum_term(const remit_policy *p, const ev_decision *d, const bool *out, uint32_t taking_part,
                        uint32_t q);
/* Is the meeting of body d->decider quorate (SPEC 7.10): with those
 * present, and with those present and not set aside in out[] (as
 * ev_set_aside sets them)?  As evaluation weighs it, for a decision that
 * reaches its conflicts. */
bool ev_quorate(const remit_policy *p, const ev_decision *d, const bool *out);
/* May the member in the chair at the meeting of body d->decider preside
 * (SPEC 7.10), no one being set aside?  True when the body says nothing
 * of who presides. */
bool ev_presides_rightly(const remit_policy *p, const ev_decision *d);
/* Does the protocol grant some decision of the matter (a grant of it, and
 * no `never grant`)? */
bool ev_protocol_grants(const remit_policy *p, uint32_t protocol, uint32_t matter);
/* Is the protocol in force for d (7.9): 1 active, 2 its powers expired,
 * 0 not active (its condition does not hold, or it is not yet activated). */
int ev_protocol_state(const remit_policy *p, uint32_t protocol, const ev_decision *d);
/* Does the rule apply (its `when`, `for`, `from`, `after')? */
bool ev_rule_applies(const remit_policy *p, const pl_rule *r, const ev_decision *d);
/* The rule that sets r aside for the decision: one that takes precedence
 * over r, directly or not, and applies; the nearest in the order of
 * pl_prec first.  PL_NONE when none.  Looks at most at every rule of r's
 * matter that precedence lines name. */
uint32_t ev_set_aside_by(const remit_policy *p, const pl_rule *r, const ev_decision *d);
/* Does rule a take precedence over rule b, directly or not (one bit)? */
bool ev_takes_precedence(const remit_policy *p, uint32_t a, uint32_t b);
/* Is holder x at or above holder t for decisions of the matter (SPEC 7.4)? */
bool ev_at_or_above(const remit_policy *p, uint32_t matter, uint32_t x, uint32_t t);

/* For typing a decision (input.c, R0727): the first `escalate ... after`
 * rule of its matter whose `when` holds and whose `from`, if any, is the
 * decider; the first `escalate ... to next tier` rule that applies
 * (ev_rule_applies).  NULL when none.  Visit only the matter's
 * escalations that can apply to the decider (pl_index). */
const pl_rule *ev_escalation_after(const remit_policy *p, const ev_decision *d);
const pl_rule *ev_escalation_next_tier(const remit_policy *p, const ev_decision *d);

/* For the analyses (SPEC 7.8): the body `escalate ... to next tier` finds
 * from body `from` (PL_NONE when none). */
uint32_t ev_next_tier(const remit_policy *p, uint32_t from);

#endif
