/*
 * genscale.c - a generated scheme of delegation of a given size, with a
 * register, a history and decisions to evaluate against it, for the
 * scaling table of `make bench` (scale.sh, scalebench.c):
 *
 *   genscale DIR DELEGATIONS PEOPLE HISTORY DECISIONS [SEED]
 *
 * writes into the folder DIR
 *
 *   scheme.remit     a policy with DELEGATIONS delegations: the board
 *                    delegates each matter to the chief executive, who
 *                    delegates it to directors, and so on down a tree of
 *                    posts (GS_FANOUT under each), one post per delegation,
 *                    with smaller bounds at each level (`up to`, now and
 *                    then a `limit` on the category), co-signatures (`with`
 *                    the delegator) on some, obligations; and for each
 *                    matter a reservation to the board, escalations, a
 *                    refusal, joint approvals and a cumulative limit; for a
 *                    few posts an escalation `from` them and a cumulative
 *                    limit `for` them; and vacant posts (GS_VACANT_PER
 *                    in a hundred) that hold nothing;
 *   register.json    PEOPLE people, each holding a post (a few two), some
 *                    with financial or professional interests in suppliers;
 *   history.json     HISTORY earlier decisions over the year before the
 *                    decisions, oldest first, for the cumulative limits;
 *   decisions.jsonl  DECISIONS decisions, one per line (the mix below).
 *
 * The decisions are a mix a validator in another system's hot path would
 * see: most by a post within its authority, some at and a penny either
 * side of its bound, escalations by risk and value, decisions above what
 * the board reserves, deciders that hold nothing for the matter (a vacant
 * post, or a post of another matter), the board at a meeting with its
 * attendance, deciders with an interest in the supplier (given by the
 * register or declared in the decision), co-signatories where a rule asks
 * for them.  Deciders and co-signatories are named as people with their
 * roles, so every decision is valid with the register and without it.
 * The same arguments give the same files.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

#define GS_FANOUT 8          /* posts under each post that delegates on */
#define GS_VACANT_PER 2      /* vacant posts per hundred posts */
#define GS_SUPPLIERS 5000u
#define GS_BOARD_PEOPLE 5u   /* the chair, three non-executives, the ceo */
#define GS_NONE UINT32_MAX

/* A fixed hash of a number: what the register says of person j must be
 * known again when the decisions are written. */
static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xFF51AFD7ED558CCDu;
    x ^= x >> 33;
    x *= 0xC4CEB9FE1A85EC53u;
    return x ^ (x >> 33);
}

static const char *const matter_names[] = {"spend",  "contract", "capital", "estates",
                                           "grants", "pay",      "losses",  "settlement"};
static const char *const categories[] = {"revenue", "capital", "contract", "losses"};
static const char *const first_names[] = {"Dana", "Sam",  "Alex", "Priya", "Tom",   "Aisha",
                                          "Joe",  "Mia",  "Omar", "Ruth",  "Kiran", "Beth",
                                          "Ian",  "Noor", "Lee",  "Zoe"};
static const char *const surnames[] = {"Ortiz", "Lee",   "Khan",  "Osei",    "Smith", "Patel",
                                       "Jones", "Brown", "Nowak", "Okafor", "Reid",  "Walsh",
                                       "Shaw",  "Ali",   "Price", "Hughes"};

/* ---- the scheme -------------------------------------------------------- */

typedef struct gs_post {
    uint32_t parent;      /* index of the delegating post; GS_NONE: the ceo */
    uint32_t matter;
    uint32_t level;       /* 1: a director, under the ceo */
    int64_t bound;        /* pence */
    bool cat_limit;       /* `limit amount <= X and category in {revenue, contract}` */
    bool cosign;          /* `with` its delegator */
    bool subdelegates;    /* has posts under it */
    int64_t escalate_over; /* `escalate ... from` it when amount > this; 0: none */
    int64_t limit_total;  /* `limit ... for` it; 0: none */
} gs_post;

typedef struct gs {
    uint32_t nm;          /* matters */
    uint32_t np, nv;      /* posts, vacant posts */
    uint32_t directors;
    gs_post *posts;
    uint32_t people;
} gs;

static const int64_t level_bound[] = {0, 100000000, 25000000, 10000000, 5000000, 2500000, 1000000};

static int64_t bound_at(uint32_t level)
{
    return level_bound[level < GEN_COUNT(level_bound) ? level : GEN_COUNT(level_bound) - 1];
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p) {
        fprintf(stderr, "genscale: out of memory\n");
        exit(2);
    }
    return p;
}

/* Days since 1970-01-01 to "YYYY-MM-DD" (Howard Hinnant's civil_from_days). */
static const char *date(int64_t days, char *buf, size_t n)
{
    int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    snprintf(buf, n, "%04lld-%02lld-%02lld", (long long)(yoe + era * 400 + (m <= 2)), (long long)m,
             (long long)d);
    return buf;
}

#define GS_DAY_DECISIONS 20605 /* 2026-06-01: the decisions fall in its 30 days */
#define GS_HISTORY_DAYS 365    /* the history: the year before */

static void plan(gs *g, uint32_t delegations, uint32_t people)
{
    g->nm = delegations >= 100 ? (uint32_t)GEN_COUNT(matter_names) : 2;
    if (delegations <= g->nm)
        delegations = g->nm + 1;
    g->np = delegations - g->nm; /* the other delegations are board to ceo */
    g->nv = g->np * GS_VACANT_PER / 100 ? g->np * GS_VACANT_PER / 100 : 1;
    g->directors = g->np < 2 * g->nm ? g->np : 2 * g->nm;
    g->people = people;
    g->posts = xcalloc(g->np, sizeof *g->posts);
    for (uint32_t i = 0; i < g->np; i++) {
        gs_post *p = &g->posts[i];
        if (i < g->directors) {
            p->parent = GS_NONE;
            p->matter = i % g->nm;
            p->level = 1;
        } else {
            p->parent = (i - g->directors) / GS_FANOUT;
            p->matter = g->posts[p->parent].matter;
            p->level = g->posts[p->parent].level + 1;
            g->posts[p->parent].subdelegates = true;
        }
        p->bound = bound_at(p->level);
        uint64_t h = mix(i + 1);
        if (p->level >= 2) {
            /* a delegate never holds more than its delegator (R0801) */
            p->cat_limit = g->posts[p->parent].cat_limit || h % 10 == 0;
            p->cosign = (h >> 8) % 20 == 0;
            if ((h >> 16) % 100 == 0)
                p->escalate_over = p->bound / 2;
        }
        if (p->level <= 2 && (h >> 24) % 50 == 0)
            p->limit_total = p->bound * 4;
    }
}

/* ---- who holds what in the register ---------------------------------- */
/* Persons 0..4 sit on the board (chair, three non-executives, ceo);
 * person j >= 5 holds post (j - 5) mod (posts + vacant posts), the vacant
 * ones numbered after the posts; one person in twenty holds a second
 * post. */

static uint32_t seats(const gs *g) { return g->np + g->nv; }

static void holder_name(const gs *g, uint32_t seat, char *buf, size_t n)
{
    if (seat < g->np)
        snprintf(buf, n, "p%u", seat);
    else
        snprintf(buf, n, "v%u", seat - g->np);
}

static const char *const board_roles[GS_BOARD_PEOPLE] = {"chair", "ned", "ned", "ned", "ceo"};

static void person_name(uint32_t j, char *buf, size_t n)
{
    uint64_t h = mix(j * 2 + 1);
    snprintf(buf, n, "%s %s %u", first_names[h % GEN_COUNT(first_names)],
             surnames[(h >> 8) % GEN_COUNT(surnames)], j);
}

/* The person's one or two seats; the second GS_NONE when none. */
static uint32_t second_seat(const gs *g, uint32_t j)
{
    uint32_t s = (j - GS_BOARD_PEOPLE) % seats(g);
    if (mix(j * 3 + 7) % 20 != 0 || seats(g) < 2)
        return GS_NONE;
    uint32_t t = (uint32_t)((s + 1 + mix(j) % (seats(g) - 1)) % seats(g));
    return t;
}

/* The supplier a person has an interest in, and of which kind: 0 none,
 * 1 financial, 2 professional. */
static int interest_of(uint32_t j, uint32_t *supplier)
{
    uint64_t h = mix(j * 5 + 11);
    *supplier = (uint32_t)((h >> 20) % GS_SUPPLIERS);
    return h % 10 == 0 ? 1 : h % 10 == 1 && (h >> 8) % 3 == 0 ? 2 : 0;
}

/* A person holding seat s, or GS_NONE when the register has none. */
static uint32_t person_for(const gs *g, uint32_t s)
{
    if (g->people <= GS_BOARD_PEOPLE + s)
        return GS_NONE;
    uint32_t holders = (g->people - GS_BOARD_PEOPLE - s - 1) / seats(g) + 1;
    return GS_BOARD_PEOPLE + s + gen_pick(holders) * seats(g);
}

/* ---- writing ---------------------------------------------------------- */

static FILE *create(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(2);
    }
    static char bufs[4][1 << 16];
    static int nb;
    setvbuf(f, bufs[nb++ % 4], _IOFBF, sizeof bufs[0]);
    return f;
}

static void finish(FILE *f, const char *name)
{
    if (ferror(f) || fclose(f) != 0) {
        fprintf(stderr, "genscale: cannot write %s\n", name);
        exit(2);
    }
}

static void parent_name(const gs *g, const gs_post *p, char *buf, size_t n)
{
    if (p->parent == GS_NONE)
        snprintf(buf, n, "ceo");
    else
        holder_name(g, p->parent, buf, n);
}

static void write_scheme(const gs *g, FILE *f, uint32_t delegations)
{
    char a[48], b[48], h[32], par[32];
    fprintf(f, "# Generated by tests/bench/genscale.c: %u delegations, %u posts (%u vacant)\n"
               "policy \"Generated system scheme of delegation\" version \"scale\"\n"
               "tiers place < system\n"
               "kind executive \"Executive director\"\n"
               "kind independent \"Independent member\"\n"
               "kind manager \"Budget holder\"\n"
               "role chair \"Chair\" is independent at system\n"
               "role ned \"Non-executive member\" is independent at system\n"
               "role ceo \"Chief Executive\" is executive at system\n"
               "body board \"Board\" is board at system {\n"
               "    members chair, 2+ ned, ceo\n"
               "    quorum majority and 1 independent\n"
               "}\n"
               "conflicts {\n"
               "    interest financial \"Financial interest\" requires declare, exclude from vote\n"
               "    interest professional \"Non-financial professional interest\" requires declare\n"
               "    declare within 28 days\n"
               "}\n",
            delegations, g->np + g->nv, g->nv);
    for (uint32_t m = 0; m < g->nm; m++) {
        const char *mn = matter_names[m];
        fprintf(f, "\nmatter %s \"Decisions on %s\" {\n"
                   "    amount: money\n"
                   "    category: one of { revenue, capital, contract, losses }\n"
                   "    risk: score 1..25\n"
                   "    supplier: text\n"
                   "}\n"
                   "delegate %s from board to ceo up to \xC2\xA3" "5m\n"
                   "    report to board within 30 days\n"
                   "    may subdelegate\n"
                   "reserve %s to board when amount > \xC2\xA3" "5m\n"
                   "    because \"Above \xC2\xA3" "5m the Board decides (standing financial instructions)\"\n"
                   "reserve %s to board when category = losses and amount > \xC2\xA3" "1m\n"
                   "refuse %s when amount > \xC2\xA3" "50m\n"
                   "escalate %s to board when risk >= 20\n"
                   "escalate %s to ceo when category = capital and amount > \xC2\xA3" "500k\n"
                   "require 2 executive for %s when amount > \xC2\xA3" "1m\n"
                   "require 2 manager or 1 executive for %s\n"
                   "    when category = capital and amount > \xC2\xA3" "50k\n"
                   "limit %s total amount <= \xC2\xA3" "30m per supplier over 365 days\n"
                   "after %s when category = losses\n"
                   "    record in \"losses and special payments register\" within 28 days\n",
                mn, mn, mn, mn, mn, mn, mn, mn, mn, mn, mn, mn);
    }
    fputc('\n', f);
    for (uint32_t i = 0; i < g->np; i++) {
        const gs_post *p = &g->posts[i];
        const char *mn = matter_names[p->matter];
        holder_name(g, i, h, sizeof h);
        parent_name(g, p, par, sizeof par);
        fprintf(f, "role %s \"%s %u\" is %s\n", h, p->level == 1 ? "Director" : "Budget holder", i,
                p->level == 1 ? "executive" : "manager");
        if (p->cat_limit)
            fprintf(f, "delegate %s from %s to %s\n"
                       "    limit amount <= %s and category in { revenue, contract }\n",
                    mn, par, h, gen_money(p->bound, false, a, sizeof a));
        else
            fprintf(f, "delegate %s from %s to %s up to %s\n", mn, par, h,
                    gen_money(p->bound, false, a, sizeof a));
        if (p->cosign)
            fprintf(f, "    with %s\n", par);
        if (p->level == 1)
            fprintf(f, "    report to board within 30 days\n");
        else if (mix(i + 101) % 5 == 0)
            fprintf(f, "    record in \"register of delegated decisions\" within 14 days\n");
        if (p->subdelegates)
            fprintf(f, "    may subdelegate\n");
        if (p->escalate_over)
            fprintf(f, "escalate %s to %s when amount > %s from %s\n", mn, par,
                    gen_money(p->escalate_over, false, a, sizeof a), h);
        if (p->limit_total)
            fprintf(f, "limit %s total amount <= %s per supplier over 365 days for %s\n", mn,
                    gen_money(p->limit_total, false, b, sizeof b), h);
    }
    for (uint32_t v = 0; v < g->nv; v++)
        fprintf(f, "role v%u \"Vacant post %u\" is manager\n", v, v);
}

static void write_register(const gs *g, FILE *f)
{
    char name[96], h[32], d1[48], d2[48];
    fputs("{\"people\": [\n", f);
    for (uint32_t j = 0; j < g->people; j++) {
        person_name(j, name, sizeof name);
        fprintf(f, "%s{\"name\": \"%s\", \"roles\": [", j ? ",\n" : "", name);
        if (j < GS_BOARD_PEOPLE) {
            fprintf(f, "\"%s\"]", board_roles[j]);
        } else {
            uint32_t s = (j - GS_BOARD_PEOPLE) % seats(g), t = second_seat(g, j);
            holder_name(g, s, h, sizeof h);
            fprintf(f, "\"%s\"", h);
            if (t != GS_NONE) {
                holder_name(g, t, h, sizeof h);
                fprintf(f, ", \"%s\"", h);
            }
            fputc(']', f);
        }
        uint32_t sup;
        int kind = interest_of(j, &sup);
        if (kind) {
            uint64_t x = mix(j * 7 + 3);
            int64_t acquired = GS_DAY_DECISIONS - 30 - (int64_t)(x % 700);
            int64_t declared = acquired + ((x >> 12) % 8 == 0 ? 60 : 1 + (int64_t)((x >> 16) % 20));
            fprintf(f, ", \"interests\": [{\"kind\": \"%s\", \"in\": \"Supplier %u Ltd\", "
                       "\"acquired\": \"%s\", \"declared\": \"%s\"}]",
                    kind == 1 ? "financial" : "professional", sup, date(acquired, d1, sizeof d1),
                    date(declared, d2, sizeof d2));
        }
        fputc('}', f);
    }
    fputs("\n]}\n", f);
}

/* A supplier: half the volume goes to the hundred busiest. */
static uint32_t supplier(void)
{
    return gen_pick(2) ? gen_pick(100) : gen_pick(GS_SUPPLIERS);
}

static int64_t small_amount(void)
{
    switch (gen_pick(4)) {
    case 0: return 100 * (int64_t)(50 + gen_pick(950));      /* under £1k */
    case 1: return 100 * (int64_t)(1000 + gen_pick(9000));   /* £1k to £10k */
    case 2: return (int64_t)gen_pick(2000000) + 100;         /* to £20k, in pence */
    default: return 100 * (int64_t)(100 + gen_pick(4900));   /* to £5k */
    }
}

/* `"decider": ...` for seat s: the person holding it, with the role, or
 * the role alone when the register has no one in it.  (A role alone
 * would not do when several people hold it, some with interests: the
 * decision must say which one decides, R0725, a history entry too.) */
static void who(const gs *g, uint32_t s, uint32_t person, char *buf, size_t n)
{
    char h[32], name[96];
    holder_name(g, s, h, sizeof h);
    if (person == GS_NONE) {
        snprintf(buf, n, "\"%s\"", h);
        return;
    }
    person_name(person, name, sizeof name);
    snprintf(buf, n, "{\"person\": \"%s\", \"role\": \"%s\"}", name, h);
}

static void write_history(const gs *g, FILE *f, uint32_t n)
{
    char a[48], d[48], h[160];
    fputs("[\n", f);
    for (uint32_t k = 0; k < n; k++) {
        uint32_t s = gen_pick(g->np);
        const gs_post *p = &g->posts[s];
        who(g, s, person_for(g, s), h, sizeof h);
        int64_t day = GS_DAY_DECISIONS - GS_HISTORY_DAYS + (int64_t)((uint64_t)k * GS_HISTORY_DAYS / n);
        int64_t amt = small_amount();
        if (amt > p->bound)
            amt = p->bound;
        fprintf(f, "%s{\"matter\": \"%s\", \"decider\": %s, \"date\": \"%s\", \"fields\": "
                   "{\"amount\": \"%s\", \"category\": \"%s\", \"risk\": %u, "
                   "\"supplier\": \"Supplier %u Ltd\"}}",
                k ? ",\n" : "", matter_names[p->matter], h, date(day, d, sizeof d),
                gen_money(amt, false, a, sizeof a), categories[gen_pick(3)], 1 + gen_pick(12), supplier());
    }
    fputs("\n]\n", f);
}

/* ---- decisions -------------------------------------------------------- */

typedef struct gs_decision {
    uint32_t matter;
    char decider[160];
    char co[400];         /* co-signatories, comma-separated, or "" */
    char extra[1400];     /* attendance, interests */
    int64_t amount;
    uint32_t category, risk, supplier;
} gs_decision;

static void add_co(char *co, size_t n, const char *one)
{
    size_t u = strlen(co);
    snprintf(co + u, n - u, "%s%s", u ? ", " : "", one);
}

/* A decision by post s (a post of its matter): the common case. */
static void by_post(const gs *g, gs_decision *d, uint32_t s)
{
    const gs_post *p = &g->posts[s];
    uint32_t person = person_for(g, s);
    d->matter = p->matter;
    who(g, s, person, d->decider, sizeof d->decider);
    d->amount = small_amount();
    if (d->amount > p->bound)
        d->amount = p->bound / 2 + gen_pick(100) * 100;
    d->category = p->cat_limit ? (gen_pick(2) ? 0 : 2) : gen_pick(10) == 0 ? 1 : gen_pick(2) * 2;
    d->risk = 1 + gen_pick(14);
    d->supplier = supplier();
    /* a co-signatory where the delegation or a joint approval asks for one */
    bool wants = p->cosign || (d->category == 1 && d->amount > 5000000 && p->level >= 2);
    if (wants && gen_pick(10) != 0) {
        char one[160];
        uint32_t q = p->parent;
        if (q == GS_NONE) {
            char name[96];
            person_name(4, name, sizeof name);
            snprintf(one, sizeof one, "{\"person\": \"%s\", \"role\": \"ceo\"}", name);
        } else
            who(g, q, person_for(g, q), one, sizeof one);
        add_co(d->co, sizeof d->co, one);
    }
}

static void board_meeting(gs_decision *d)
{
    char name[96];
    size_t u = (size_t)snprintf(d->extra, sizeof d->extra, ", \"attendance\": [");
    bool thin = gen_pick(10) == 0;
    for (uint32_t j = 0; j < GS_BOARD_PEOPLE; j++) {
        person_name(j, name, sizeof name);
        bool present = thin ? gen_pick(3) == 0 : gen_pick(8) != 0;
        u += (size_t)snprintf(d->extra + u, sizeof d->extra - u,
                              "%s{\"role\": \"%s\", \"person\": \"%s\", \"present\": %s}", j ? ", " : "",
                              board_roles[j], name, present ? "true" : "false");
    }
    snprintf(d->extra + u, sizeof d->extra - u, "]");
}

/* An amount at x or a penny either side, or within `spread` pence of it. */
static int64_t near(int64_t x, uint32_t spread)
{
    return x + (gen_pick(2) ? (int64_t)gen_pick(3) - 1 : (int64_t)gen_pick(2 * spread + 1) - spread);
}

static void write_decisions(const gs *g, FILE *f, uint32_t n)
{
    char a[48], dt[48], name[96], ceo[160], director[160];
    person_name(4, name, sizeof name);
    snprintf(ceo, sizeof ceo, "{\"person\": \"%s\", \"role\": \"ceo\"}", name);
    who(g, 0, person_for(g, 0), director, sizeof director);
    for (uint32_t k = 0; k < n; k++) {
        gs_decision d;
        memset(&d, 0, sizeof d);
        uint32_t s = gen_pick(g->np), r = gen_pick(100);
        by_post(g, &d, s);
        const gs_post *p = &g->posts[s];
        if (r < 55) {
            /* within its authority: as by_post made it */
        } else if (r < 70) { /* at its bound, a penny either side, or a pound or so */
            d.amount = near(p->bound, 100000);
            if (p->escalate_over && gen_pick(2))
                d.amount = p->escalate_over + (int64_t)gen_pick(3) - 1;
        } else if (r < 76) { /* the board's risk escalation */
            d.risk = 18 + gen_pick(8);
        } else if (r < 80) { /* the ceo, around the board's reservation and the capital escalation */
            d.matter = gen_pick(g->nm);
            snprintf(d.decider, sizeof d.decider, "%s", ceo);
            d.co[0] = '\0';
            static const int64_t marks[] = {50000000, 100000000, 500000000};
            d.amount = near(marks[gen_pick(3)], 10000000);
            d.category = gen_pick(4);
            if (d.amount > 100000000 && gen_pick(5) != 0) /* a second executive signs */
                add_co(d.co, sizeof d.co, director);
        } else if (r < 82) { /* a vacant post: holds nothing */
            uint32_t v = g->np + gen_pick(g->nv);
            who(g, v, person_for(g, v), d.decider, sizeof d.decider);
            d.co[0] = '\0';
        } else if (r < 85) { /* a post of another matter: holds nothing for this one */
            if (g->nm > 1)
                d.matter = (p->matter + 1 + gen_pick(g->nm - 1)) % g->nm;
            d.co[0] = '\0';
        } else if (r < 90) { /* the board, at a meeting */
            snprintf(d.decider, sizeof d.decider, "\"board\"");
            d.co[0] = '\0';
            d.amount = 500000000 + (int64_t)gen_pick(2500000000u);
            board_meeting(&d);
            if (gen_pick(5) != 0) { /* two executives sign */
                add_co(d.co, sizeof d.co, ceo);
                add_co(d.co, sizeof d.co, director);
            }
        } else if (r < 93) { /* a decider with an interest in the supplier */
            uint32_t sup = 0;
            uint32_t j = GS_NONE;
            for (int tries = 0; tries < 64 && j == GS_NONE; tries++) {
                uint32_t c = person_for(g, gen_pick(g->np));
                if (c != GS_NONE && interest_of(c, &sup) == 1)
                    j = c;
            }
            if (j != GS_NONE) { /* the register gives the interest */
                uint32_t seat = (j - GS_BOARD_PEOPLE) % seats(g);
                by_post(g, &d, seat);
                who(g, seat, j, d.decider, sizeof d.decider);
                d.supplier = sup;
            } else { /* the decision declares it */
                snprintf(d.extra, sizeof d.extra,
                         ", \"interests\": [{\"who\": %s, \"kind\": \"financial\", "
                         "\"in\": \"Supplier %u Ltd\", \"acquired\": \"2026-01-05\", "
                         "\"declared\": \"2026-01-20\"}]",
                         d.decider, d.supplier);
            }
        } else { /* busy suppliers: the cumulative limits, with a history */
            d.supplier = gen_pick(10);
            d.amount = p->bound / 2 + (int64_t)gen_pick((uint32_t)(p->bound / 2));
        }
        if (d.amount < 1)
            d.amount = 1;
        fprintf(f, "{\"matter\": \"%s\", \"decider\": %s, \"date\": \"%s\", \"fields\": {\"amount\": \"%s\", "
                   "\"category\": \"%s\", \"risk\": %u, \"supplier\": \"Supplier %u Ltd\"}",
                matter_names[d.matter], d.decider, date(GS_DAY_DECISIONS + gen_pick(30), dt, sizeof dt),
                gen_money(d.amount, false, a, sizeof a), categories[d.category], d.risk, d.supplier);
        if (d.co[0])
            fprintf(f, ", \"co_signatories\": [%s]", d.co);
        fprintf(f, "%s}\n", d.extra);
    }
}

int main(int argc, char **argv)
{
    if (argc < 6 || argc > 7) {
        fprintf(stderr, "usage: genscale DIR DELEGATIONS PEOPLE HISTORY DECISIONS [SEED]\n");
        return 2;
    }
    uint32_t delegations = (uint32_t)strtoul(argv[2], NULL, 10);
    uint32_t people = (uint32_t)strtoul(argv[3], NULL, 10);
    uint32_t history = (uint32_t)strtoul(argv[4], NULL, 10);
    uint32_t decisions = (uint32_t)strtoul(argv[5], NULL, 10);
    if (argc > 6)
        gen_seed(strtoull(argv[6], NULL, 10));
    if (people < GS_BOARD_PEOPLE)
        people = GS_BOARD_PEOPLE;
    gs g;
    memset(&g, 0, sizeof g);
    plan(&g, delegations, people);
    FILE *f = create(argv[1], "scheme.remit");
    write_scheme(&g, f, g.nm + g.np);
    finish(f, "scheme.remit");
    f = create(argv[1], "register.json");
    write_register(&g, f);
    finish(f, "register.json");
    f = create(argv[1], "history.json");
    write_history(&g, f, history);
    finish(f, "history.json");
    f = create(argv[1], "decisions.jsonl");
    write_decisions(&g, f, decisions);
    finish(f, "decisions.jsonl");
    free(g.posts);
    return 0;
}
