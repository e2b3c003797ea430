/*
 * tcover.h - test coverage in decision space (SPEC.md 7.13.2): what the
 * points of a policy are (a plan, made once a test file's policy is
 * compiled), which of them one test's decision and outcome reach, and
 * the union over a run (remit_coverage, remit.h).  Prefix tc_.
 */
#ifndef REMIT_TCOVER_H
#define REMIT_TCOVER_H

#include "explain.h"

/* What a point is, ORDER point_word (tcover.c). */
typedef enum {
    TC_EXERCISED,
    TC_BELOW, TC_AT, TC_ABOVE,
    TC_QUORATE, TC_INQUORATE, TC_QUORUM_LOST,
    TC_STANDS_ASIDE, TC_MEMBER_ASIDE, TC_CONFLICT_QUORUM_LOST,
    TC_ACTIVE, TC_INACTIVE, TC_EXPIRED
} tc_point;

typedef struct tc_item {
    uint8_t kind;               /* remit_cover_kind */
    uint8_t point;              /* tc_point */
    uint32_t of;                /* its rule, threshold, body, conflicts block or protocol */
    int64_t value;              /* a threshold's point: the value that reaches it */
    const char *file;
    unsigned line, col;
    const char *what, *message, *hint;
} tc_item;

/* The points of one policy, in the order of its files and places, and
 * where each of its rules, thresholds, bodies, conflicts blocks and
 * protocols has its own: the items numbered idx[at[k][i] .. at[k][i] +
 * cnt[k][i]) for thing i of kind k (none for one written in the standard
 * library). */
typedef struct tc_plan {
    const char *real;           /* the policy's root file, canonical: the
                                   policy a test file tests */
    uint32_t n;
    tc_item *items;
    uint32_t *at[REMIT_COVER_KINDS], *cnt[REMIT_COVER_KINDS];
    uint32_t *idx;              /* items' numbers, each thing's in one run */
    uint32_t *grant_matter;     /* per protocol: the matter of its first grant, or
                                   PL_NONE when it grants nothing (it then
                                   concerns every decision) */
} tc_plan;

/* The plan of policy p, checked in session ps (whose files give the
 * places), in arena a; inside a protected call on a's session. */
tc_plan *tc_plan_make(const remit_session *ps, const remit_policy *p, rm_arena *a);
/* Words of the plan's bits (one bit an item). */
static inline size_t tc_words(const tc_plan *pl) { return (pl->n + 63) / 64; }
/* Set in bits the items that decision d, evaluated to r, reaches. */
void tc_mark(const tc_plan *pl, const remit_policy *p, const ev_decision *d, const ev_result *r, uint64_t *bits);

/* What the test report holds for coverage (decide.c): its plan (NULL when
 * coverage was not asked or the tests did not run), and for result i the
 * items its decision reached (NULL when it was not evaluated). */
const tc_plan *rm_test_plan(const remit_test_report *r);
const uint64_t *rm_test_bits(const remit_test_report *r, size_t i);

/* The coverage's parts in the formats of a test report (decide.c): the
 * "coverage" member of remit.test/1; the SARIF results of the points not
 * covered (*n of them, each message its own, freed with tc_sarif_free;
 * NULL when memory runs out); GitHub notices. */
void tc_json(xp_out *o, const remit_coverage *c);
dg_sarif_extra *tc_sarif(const remit_coverage *c, size_t *n);
void tc_sarif_free(dg_sarif_extra *x, size_t n);
void tc_github(const remit_coverage *c, FILE *out);
/* The place in c of the policy report r tests, or -1 (JUnit's suites). */
long tc_policy_of(const remit_coverage *c, const remit_test_report *r);
/* Policy k's summary ("rules 12/15, ...; 38/61 = 62.3%") in buf. */
void tc_summary(const remit_coverage *c, size_t k, char *buf, size_t n);
/* Policy k's points not covered, a line each, as the text gives them. */
void tc_uncovered_text(const remit_coverage *c, size_t k, FILE *out);

#endif
