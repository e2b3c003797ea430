/*
 * genpolicy.c - write a large, valid Remit policy for benchmarks:
 * `genpolicy LINES` prints about LINES lines to stdout.  The shape follows
 * a real scheme of delegation (roles, committees, matters, delegations,
 * escalations, reservations), repeated with fresh names per unit.
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    long want = argc > 1 ? atol(argv[1]) : 100000;
    long lines = 0;
    printf("policy \"Generated scheme of delegation\" version \"bench\"\n"
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
           "context {\n    incident_level: score 0..4\n}\n");
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
