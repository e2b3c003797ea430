/*
 * analyse.h - the analyses of a whole scheme that `remit check` runs after a
 * clean check (SPEC.md 8.2): narrowing, coverage, contradictions,
 * escalation, quorum, crisis bounds, lints.  Prefix an_.
 *
 * Each analysis reads the compiled policy (policy.h), so it sees names as
 * indices and conditions as nodes, exactly as the evaluator does, and
 * reports diagnostics into the checking session at the policy's own
 * places.  A finding about decisions carries an **example**: a concrete
 * decision, built as an an_case, evaluated by the evaluator itself, and
 * printed as one line of YAML that `remit eval` reads, with what it
 * answers.  Before an example is attached it is written out, read back
 * through the input reader and evaluated again, so an example that
 * `remit eval` would not take, or would answer differently, is never
 * shown.
 */
#ifndef REMIT_ANALYSE_H
#define REMIT_ANALYSE_H

#include "policy.h"

/* The date every example decision is taken on (1 April 2026, the start
 * of an NHS financial year); see an_case_init. */
#define AN_DATE_TEXT "2026-04-01"

/* How much work the analyses of one check may do, in steps of about the
 * same cost (10 ns or so on the development machine): each decision they
 * evaluate costs the rules of its matter and AN_CHAIN_STEP for each step
 * of its chain searches (ev_result.steps); each combination a search
 * tries, two; each holder looked at for a co-signatory, one; each point
 * of coverage, the rules that can settle it (an_spend, an_charge).  At
 * most AN_STEPS_BASE and AN_STEPS_PER_RULE for each rule of the policy in
 * all, about 0.05 s and 10 microseconds a rule, and no one analysis more
 * than half of that, so that one that would use it all leaves the others
 * some.  Past its budget an analysis makes no more searches, and a
 * warning says the analyses were cut short (R0870). */
#define AN_STEPS_BASE 5000000u
#define AN_STEPS_PER_RULE 1000u
#define AN_CHAIN_STEP 16u

typedef struct an_budget {
    uint64_t steps;             /* spent so far */
    uint64_t limit;             /* what the analysis running may spend */
    bool cut;                   /* work was refused for want of budget */
} an_budget;

/* Which protocols are active depends on the context alone (4.19), and a
 * check tries few contexts: the activation dates (an_case_ready) of the
 * first AN_ACTIVE_KEEP contexts tried are kept, each array shared by the
 * cases with that context and never written again, so that readying a
 * case costs its matter's rules, not every protocol of the policy. */
#define AN_ACTIVE_KEEP 64u
typedef struct an_active {
    uint32_t n, last;           /* kept; the one found last */
    int64_t *context[AN_ACTIVE_KEEP];
    int64_t *activated[AN_ACTIVE_KEEP];
} an_active;

typedef struct an_ctx {
    remit_session *s;           /* the checking session: diagnostics, scratch */
    const remit_policy *p;
    rm_arena *a;                /* scratch memory, freed with the session */
    int64_t date;               /* AN_DATE_TEXT as days */
    uint32_t accepted;          /* warnings a `# remit: accept CODE reason` comment took */
    an_budget *budget;          /* shared by every copy of the context */
    an_active *active;          /* likewise; in the session's arena */
    const uint8_t *matter_has;  /* per matter: AN_HAS_ bits */
    int64_t **active_values;    /* per context value: the constants every protocol's
                                   `active when` compares it with, and either side */
    uint32_t *nactive_values;
    bool values_cut;            /* the last an_values met more constants than it keeps (4096) */
} an_ctx;

#define AN_HAS_AFTER 1u         /* an `escalate ... after` rule */
#define AN_HAS_NEXT_TIER 2u     /* an `escalate ... to next tier` rule */

/* Take n steps of work to be done from the budget: false when fewer are
 * left, and then the work is not done, nothing is left, and the analyses
 * are cut short.  an_charge: n steps of work done, up to what is left.
 * an_spent: is nothing left?  Then no more searches are made. */
bool an_spend(an_ctx *c, uint64_t n);
void an_charge(an_ctx *c, uint64_t n);
bool an_spent(const an_ctx *c);

/* A concrete decision of one matter, for examples and for evaluating. */
typedef struct an_case {
    ev_decision d;              /* fields and context owned by the case; activation
                                   kept in an_active, or owned when own_active */
    uint32_t co[EV_MAX_SIGNERS]; /* co-signatories: d.co points here */
    bool own_active;
} an_case;

/* Run every analysis on the policy s checked into p (called by
 * check_loaded when the session asks for analyses and the check found
 * no error). */
void an_run(remit_session *s, const remit_policy *p);
/* An analysis context of p, its scratch memory s's, in *c, with the
 * budget and active protocols given (zeroed by the caller; a budget's
 * limit is the caller's to set): what an_run makes for the analyses, and
 * `remit diff` (diff.c) for each policy.  False when the analyses' date
 * cannot be read (never). */
bool an_init(an_ctx *c, remit_session *s, const remit_policy *p, an_budget *budget, an_active *active);
/* The case as one line of YAML that `remit eval` reads, in the order of
 * SPEC 7.1 (c's memory). */
char *an_case_yaml(an_ctx *c, const an_case *k);

/* A decision of `matter` by `decider` on AN_DATE_TEXT, every field and
 * context value at a neutral value: the lowest money, number, score or
 * percentage, no days, the first choice, the empty set, the lowest tier,
 * false, the decision's own date, and a text ("Example Ltd") that no rule
 * mentions.  Then fill d.fields[i] / d.context[i] as needed, add
 * co-signatories with an_case_cosign, and call an_case_ready before
 * evaluating (it sets what the input would have to say: activation dates
 * of the protocols active in it, `opened`, `body`). */
void an_case_init(an_ctx *c, an_case *k, uint32_t matter, uint32_t decider);
void an_case_cosign(an_case *k, uint32_t holder);
/* Add co-signatories that meet g (with the decider counted when
 * with_decider), trying its alternatives in turn; false when none can be
 * met by the roles and bodies of the policy. */
bool an_case_sign(an_ctx *c, an_case *k, const pl_signers *g, bool with_decider);
/* Vary k's fields (and, with vary_context, its context values) over the
 * values an_values gives for `rules` (NULL: every rule of the matter), in
 * order, until pred holds (k is left there, ready); false when no
 * combination among the first AN_MAX_TRIES does.  Giving only the rules a
 * finding is about keeps the search small in a large policy. */
#define AN_MAX_TRIES 200000u
bool an_search(an_ctx *c, an_case *k, bool vary_context, const uint32_t *rules, uint32_t nrules,
               bool (*pred)(an_ctx *, an_case *, void *), void *arg);
void an_case_ready(an_ctx *c, an_case *k);
/* Make k a meeting of body b with every seat filled (each entry of its
 * `members` at its largest count, an open one at its fewest), everyone
 * present but one member of role `away` (PL_NONE: no one away); false,
 * and k unchanged, when there are more than AN_MAX_SEATS seats.  A case
 * whose decider is a body with a quorum gets a full meeting from
 * an_case_ready when it has none, since a decision needs one (7.10). */
#define AN_MAX_SEATS 200u   /* seats an example meeting lists (EV_MAX_ATTENDEES is 256) */
bool an_case_meeting(an_ctx *c, an_case *k, uint32_t b, uint32_t away);
/* Who presides at case k's meeting, chosen again (as an_case_meeting
 * chooses) once more of its seats are emptied. */
void an_case_chair(an_ctx *c, an_case *k);
void an_case_eval(an_ctx *c, const an_case *k, ev_result *r);

/* "escalate to board", "permitted", "refused", "undetermined" */
const char *an_outcome_text(an_ctx *c, const ev_result *r);

/* Report a finding (REMIT_ERROR or REMIT_WARNING) at loc; returns the item
 * to add a hint (dg_hint) or an example (an_example) to.  A warning is not
 * reported when the line at loc, or the line above it, has a comment
 * `# remit: accept CODE` with a reason after it (an item is still returned,
 * kept nowhere). */
dg_item *an_report(an_ctx *c, remit_severity sev, rm_loc loc, const char *code, const char *fmt, ...)
    RM_PRINTF(5, 6);

/* Attach k as the finding's example, with what the evaluator answers.
 * Returns false, attaching nothing, when the example read back through
 * the input reader is refused or answered differently (a fault in the
 * analysis, never shown to the user). */
bool an_example(an_ctx *c, dg_item *g, const an_case *k);

/* The values of a field (or, with is_context, of a context value) worth
 * trying for the decisions of `matter`: for every constant one of `rules`
 * (NULL: every rule of the matter; and always every protocol's `active
 * when`) compares it with in its `when` or `limit`, and every `up to` for
 * the money field, the constant and the values either side of it (for a
 * text, the text alone), plus the field's neutral value; for a choice
 * every choice, for a yes/no both, for a tier every tier, for a set the
 * empty set and each choice alone.  Sorted, without repeats; at most max
 * are written; returns how many there are. */
uint32_t an_values(an_ctx *c, uint32_t matter, uint32_t field, bool is_context,
                   const uint32_t *rules, uint32_t nrules, int64_t *out, uint32_t max);

/* The text a decision would give a field: "£1,500,000", "capital", "[a, b]". */
void an_value_text(an_ctx *c, const pl_field *f, int64_t v, char *buf, size_t n);

/* The analyses (one file each, an_NAME.c), run in this order. */
void an_narrowing(an_ctx *c);   /* an_narrow.c: 8.2.1, R0801-R0809 */
void an_escalation(an_ctx *c);  /* an_escalate.c: 8.2.2, R0811-R0819 */
void an_quorum(an_ctx *c);      /* an_quorum.c: 8.2.3, R0821-R0829 */
void an_crisis(an_ctx *c);      /* an_crisis.c: 8.2.4, R0831-R0835 */
void an_lints(an_ctx *c);       /* an_lint.c: 8.2.5, R0841-R0849 */
void an_coverage(an_ctx *c);    /* an_cover.c: 8.2.6 and 8.2.7, R0851-R0869 */

#endif
