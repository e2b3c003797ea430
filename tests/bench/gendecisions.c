/*
 * gendecisions.c - write decisions for examples/icb-scheme.remit as JSON
 * Lines, for benchmarks: `gendecisions M [SEED]` prints M lines to stdout.
 *
 * The decisions are varied so that every level of evaluation is reached:
 * amounts at and a penny either side of each threshold of the scheme
 * (£250k joint approval, £500k cumulative limit, £1m the cfo's limit, £5m
 * the reservation, £10m the crisis grant), every category, risks around
 * the escalation at 15, deciders ceo, cfo and board, co-signatories, a
 * crisis now and then (with its activation date), and a few appointments.
 * A decision the board takes is taken at a meeting, so it gives the
 * meeting's attendance (SPEC 7.10; without it the decision is an input
 * error, R0727): every seat of nhs.icb_board, most present, now and then
 * so few that the meeting is not quorate.  Every line is a valid decision
 * (evalbench stops when one is not).  The same seed gives the same lines.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

/* Amounts in pence around the scheme's thresholds, and some ordinary ones. */
static const int64_t thresholds[] = {
    25000000,   /* require cfo and 1 executive when amount > £250k */
    50000000,   /* limit ... <= £500k per supplier, for cfo */
    100000000,  /* delegate from ceo to cfo: limit amount <= £1m */
    500000000,  /* reserve to board when amount > £5m; ceo up to £5m */
    1000000000, /* crisis grant up to £10m */
};

static int64_t amount(void)
{
    switch (gen_pick(4)) {
    case 0: /* a threshold, or a penny either side */
        return thresholds[gen_pick(GEN_COUNT(thresholds))] + (int64_t)gen_pick(3) - 1;
    case 1: /* within a pound or so of a threshold */
        return thresholds[gen_pick(GEN_COUNT(thresholds))] + (int64_t)gen_pick(20001) - 10000;
    case 2: /* small */
        return 100 * (int64_t)(1 + gen_pick(50000));
    default: /* anything up to £12m, whole pounds */
        return 100 * (int64_t)gen_pick(12000000);
    }
}

static const char *const deciders[] = {"cfo", "cfo", "ceo", "board"};
static const char *const categories[] = {"revenue", "capital", "contract", "losses"};
static const char *const suppliers[] = {"Acme Health Ltd", "Northern Supplies", "Tyne Care",
                                        "Wear Diagnostics", "Coquet Estates"};
static const char *const cosign[] = {
    "", "\"ceo\"", "\"cfo\"", "\"chair\"", "\"ceo\", \"chair\"", "\"nursing_director\"",
    "\"medical_director\", \"cfo\"",
};
static const char *const posts[] = {"executive_director", "non_executive", "committee_chair"};

/* The seats of nhs.icb_board's `members` line, the non-executives named
 * (two entries of one role), and whether each is there. */
static const char *const seats[] = {
    "\"role\": \"chair\"",
    "\"role\": \"deputy_chair\"",
    "\"role\": \"ned\", \"person\": \"A. Khan\"",
    "\"role\": \"ned\", \"person\": \"B. Osei\"",
    "\"role\": \"ceo\"",
    "\"role\": \"cfo\"",
    "\"role\": \"nursing_director\"",
    "\"role\": \"medical_director\"",
    "\"role\": \"trust_partner_member\"",
    "\"role\": \"primary_care_partner_member\"",
    "\"role\": \"local_authority_partner_member\"",
};

/* ", \"attendance\": [...]" for a decision of the board, "" for another
 * decider: one meeting in ten has only a third of its seats filled, the
 * others most of them. */
static void attendance(const char *decider, char *buf, size_t n)
{
    buf[0] = '\0';
    if (strcmp(decider, "board") != 0)
        return;
    bool thin = gen_pick(10) == 0;
    size_t u = (size_t)snprintf(buf, n, ", \"attendance\": [");
    for (size_t i = 0; i < GEN_COUNT(seats) && u < n; i++) {
        bool present = thin ? gen_pick(3) == 0 : gen_pick(6) != 0;
        u += (size_t)snprintf(buf + u, n - u, "%s{%s, \"present\": %s}", i ? ", " : "", seats[i],
                              present ? "true" : "false");
    }
    if (u < n)
        snprintf(buf + u, n - u, "]");
}

int main(int argc, char **argv)
{
    long m = argc > 1 ? atol(argv[1]) : 1000;
    if (argc > 2)
        gen_seed(strtoull(argv[2], NULL, 10));
    char amt[48], att[1024];
    for (long i = 0; i < m; i++) {
        int month = 1 + (int)gen_pick(12), dayn = 1 + (int)gen_pick(28);
        int incident = gen_pick(8) == 0 ? 3 + (int)gen_pick(2) : (int)gen_pick(3);
        char extra[160] = "";
        if (incident >= 3) { /* activated this month or last: some have expired */
            bool last = month > 1 && gen_pick(3) == 0;
            snprintf(extra, sizeof extra, ", \"activated\": {\"major_incident\": \"2026-%02d-%02d\"}",
                     last ? month - 1 : month, 1 + (int)gen_pick(last ? 28 : (uint32_t)dayn));
        }
        if (gen_pick(20) == 0) {
            const char *who = deciders[gen_pick(GEN_COUNT(deciders))];
            attendance(who, att, sizeof att);
            printf("{\"matter\": \"appointment\", \"decider\": \"%s\", \"date\": \"2026-%02d-%02d\", "
                   "\"fields\": {\"post\": \"%s\"}, \"context\": {\"incident_level\": %d}%s%s}\n",
                   who, month, dayn, posts[gen_pick(GEN_COUNT(posts))], incident, extra, att);
            continue;
        }
        gen_money(amount(), true, amt, sizeof amt);
        const char *co = cosign[gen_pick(GEN_COUNT(cosign))];
        int risk = gen_pick(2) ? 13 + (int)gen_pick(5) : 1 + (int)gen_pick(25);
        const char *who = deciders[gen_pick(GEN_COUNT(deciders))];
        attendance(who, att, sizeof att);
        printf("{\"matter\": \"spend\", \"decider\": \"%s\", \"date\": \"2026-%02d-%02d\", "
               "\"fields\": {\"amount\": \"%s\", \"category\": \"%s\", \"risk\": %d, "
               "\"supplier\": \"%s\"}, \"co_signatories\": [%s], "
               "\"context\": {\"incident_level\": %d}%s%s}\n",
               who, month, dayn, amt, categories[gen_pick(GEN_COUNT(categories))], risk,
               suppliers[gen_pick(GEN_COUNT(suppliers))], co, incident, extra, att);
    }
    return 0;
}
