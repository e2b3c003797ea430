/*
 * genpolicy.c - write a large, valid Remit policy for benchmarks and for
 * the tests of the bounds of compiling (SPEC 8.2.8, 10).  Three shapes:
 *
 *   genpolicy LINES          about LINES lines following a real scheme of
 *                            delegation (roles, committees, matters,
 *                            delegations, escalations, reservations),
 *                            repeated with fresh names per unit;
 *   genpolicy kinds N [PER]  N rules of each kind (delegations,
 *                            escalations, reservations, refusals, joint
 *                            approvals, cumulative limits, obligations
 *                            after a decision, crisis grants, conflicts
 *                            blocks, precedence lines), PER of each kind
 *                            to a matter (default 10);
 *   genpolicy precedence N   one matter with N labelled rules and one
 *                            precedence line over them all.
 *
 * Each prints to stdout a policy that `remit check` accepts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *header =
    "policy \"Generated scheme of delegation\" version \"bench\"\n"
    "tiers neighbourhood < place < system < region\n"
    "kind executive \"Executive director\"\n"
    "kind independent \"Independent member\"\n"
    "role chair \"Chair\" is independent\n"
    "role ned \"Non-executive\" is independent\n"
    "role ceo \"Chief Executive\" is executive\n"
    "body board \"Board\" is board at system {\n"
    "    members chair, 2+ ned, ceo\n"
    "    quorum majority and 1 independent\n"
    "}\n"
    "context {\n    incident_level: score 0..4\n}\n";

/* A matter as the benchmarks use it. */
static void matter(const char *name)
{
    printf("matter %s \"Spend %s\" {\n"
           "    amount: money\n"
           "    category: one of { revenue, capital, contract, losses }\n"
           "    risk: score 1..25\n"
           "    supplier: text\n"
           "}\n", name, name);
}

/* N rules of each kind, PER of each kind to a matter.  Rule j of a kind
 * (0 <= j < PER) in matter m has thresholds that grow with j, so that no
 * two rules of a kind are alike; every holder a rule names is its own. */
static void kinds(long n, long per)
{
    fputs(header, stdout);
    long nm = (n + per - 1) / per;
    for (long m = 0; m < nm; m++) {
        long k = m * per, lim = n - k < per ? n - k : per;
        char name[32];
        snprintf(name, sizeof name, "spend%ld", m);
        printf("\n# unit %ld\n", m);
        matter(name);
        printf("body cttee%ld \"Committee %ld\" is committee at place reports to board {\n"
               "    members 3+ ned, ceo\n"
               "    quorum 2 and 1 ned\n"
               "}\n"
               "conflicts for cttee%ld {\n"
               "    interest financial \"Financial interest\" requires declare, exclude from vote\n"
               "    interest indirect \"Indirect interest\" requires declare, chair decides\n"
               "    declare within 28 days\n"
               "    when quorum lost refer to board\n"
               "}\n"
               "protocol crisis%ld \"Crisis %ld\" {\n"
               "    active when incident_level >= 3\n"
               "    ratify by board within 7 days\n"
               "    expires after 28 days\n",
               m, m, m, m, m);
        for (long j = 0; j < lim; j++)
            printf("    grant %s to g%ld with ceo up to \xC2\xA3%ld000\n", name, k + j, 100 + j);
        printf("}\n");
        for (long j = 0; j < lim; j++) {
            long i = k + j;
            printf("role d%ld \"Director %ld\" is executive\n"
                   "role g%ld \"Incident lead %ld\"\n"
                   "rs%ld: reserve %s to board when amount > \xC2\xA3%ld000\n"
                   "delegate %s from board to d%ld up to \xC2\xA3%ld000\n"
                   "    report to board within 30 days\n"
                   "    may subdelegate\n",
                   i, i, i, i, i, name, 199 + lim + j, name, i, 200 + j);
            /* escalations by risk to the board, and by value to the committee */
            if (j % 2 == 0)
                printf("es%ld: escalate %s to board when risk >= 15 and amount > \xC2\xA3%ld\n",
                       i, name, 1000 + j);
            else
                printf("es%ld: escalate %s to cttee%ld when amount > \xC2\xA3%ld000 from d%ld\n",
                       i, name, m, 150 + j, i);
            printf("refuse %s when category = losses and amount > \xC2\xA3%ld000 for d%ld\n"
                   "require d%ld and 1 executive for %s when amount > \xC2\xA3%ld000\n"
                   "limit %s total amount <= \xC2\xA3%ld000 per supplier over 365 days for d%ld\n"
                   "after %s when category = losses and amount > \xC2\xA3%ld\n"
                   "    record in \"losses register\" within %ld days\n"
                   "precedence rs%ld over es%ld\n",
                   name, 50 + j, i, i, name, 20 + j, name, 60 + j, i, name, j, 1 + j % 60, i, i);
        }
    }
}

/* One matter, N labelled reservations (each to its own role, above a
 * threshold that grows down the line) and one precedence line over them
 * all, the first taking precedence. */
static void precedence(long n)
{
    fputs(header, stdout);
    matter("spend");
    printf("delegate spend from board to ceo up to \xC2\xA3" "10m\n"
           "    report to board within 30 days\n");
    for (long i = 0; i < n; i++)
        printf("role h%ld \"Holder %ld\"\n"
               "r%ld: reserve spend to h%ld when amount > \xC2\xA3%ld000\n", i, i, i, i, 10000 + n - 1 - i);
    printf("precedence r0");
    for (long i = 1; i < n; i++)
        printf(" over r%ld", i);
    printf("\n");
}

int main(int argc, char **argv)
{
    if (argc > 2 && strcmp(argv[1], "kinds") == 0) {
        kinds(atol(argv[2]), argc > 3 && atol(argv[3]) > 0 ? atol(argv[3]) : 10);
        return 0;
    }
    if (argc > 2 && strcmp(argv[1], "precedence") == 0) {
        precedence(atol(argv[2]));
        return 0;
    }
    long want = argc > 1 ? atol(argv[1]) : 100000;
    long lines = 0;
    fputs(header, stdout);
    lines += 14;
    for (long u = 0; lines < want; u++) {
        printf("\n# unit %ld\n"
               "role dir%ld \"Director %ld\" is executive\n"
               "role mgr%ld \"Manager %ld\"\n"
               "body cttee%ld \"Committee %ld\" is committee at place reports to board {\n"
               "    members 3+ ned, dir%ld\n"
               "    quorum 2 and 1 ned\n"
               "}\n"
               "matter spend%ld \"Spend %ld\" {\n"
               "    amount: money\n"
               "    category: one of { revenue, capital, contract }\n"
               "    risk: score 1..25\n"
               "    supplier: text\n"
               "}\n"
               "reserve spend%ld to board when amount > \xC2\xA3" "5m\n"
               "delegate spend%ld from board to dir%ld up to \xC2\xA3" "5m\n"
               "    report to board within 30 days\n"
               "    may subdelegate\n"
               "delegate spend%ld from dir%ld to mgr%ld\n"
               "    limit amount <= \xC2\xA3" "250,000 and category in { revenue, contract }\n"
               "delegate spend%ld from board to cttee%ld up to \xC2\xA3" "5m\n"
               "    report to board within 30 days\n"
               "escalate spend%ld to cttee%ld when risk >= 15 and amount > \xC2\xA3" "1,250.50\n"
               "limit spend%ld total amount <= \xC2\xA3" "500k per supplier over 365 days for mgr%ld\n",
               u, u, u, u, u, u, u, u, u, u, u, u, u, u, u, u, u, u, u, u, u, u);
        lines += 24;
    }
    return 0;
}
