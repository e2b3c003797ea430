/*
 * stress.c - `remit stress POLICY SCENARIO...` (SPEC.md 7.19): what a
 * scheme does under strain.  A scenario file sets, over a period, who is
 * away, which posts are vacant, the interests declared, the context
 * (an incident level) on each day and the protocols activated, when
 * bodies meet, and a stream of decisions; each decision is followed as
 * the organisation would take it: by its decider, or when the decider is
 * away or the post vacant, by whoever delegated the matter to it; a body
 * takes it at its next meeting, with the members there, and when the
 * meeting is not quorate at the one after; an escalation goes where it
 * is sent.  What the run finds: quorum failures (and the fewest members
 * whose return would have made each meeting quorate), decisions with no
 * route or not taken in the period, escalations that reach the top, the
 * days each decision took, crisis powers used and not ratified in time,
 * reports and ratifications owed to a body that does not meet.  With
 * --scenarios N, each file is run N times with random variations its
 * `random:` block states, seeded (--seed): the same seed gives the same
 * bytes.  Prefix sx_ (none outside: the API is remit_stress).
 *
 * Each decision is built as a tree, as a decision file would be written
 * (its places those of the scenario, so a fault points at the line that
 * made it), typed by input.c and evaluated by eval.c with the history of
 * the run's decisions permitted before it: nothing here decides.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "input.h"
#include "jsonin.h"

#define SX_MAX_DAYS 3660u        /* a scenario's period: ten years */
#define SX_MAX_DECISIONS 100000u /* decisions one run of a scenario makes: what bounds it is
                                    memory (a run keeps each decision's record and history
                                    entry, and at most SX_MAX_TYPED typed: some 230 MB at
                                    91,000 of five board meetings a day); its history costs
                                    the same an entry however long (in_hist_live) */
#define SX_MAX_HOPS 16u          /* escalations and acting-up steps of one decision */
#define SX_MAX_CAUSE 3u          /* members a cause of a lost quorum names */
#define SX_MAX_OUT 16u           /* members of a meeting weighed for a cause */
#define SX_SHOW_CAUSES 8u        /* causes shown for each body: the most frequent */
#define SX_ROUTE 480u            /* the words of a decision's route */
#define SX_MAX_SCENARIOS 1000000u
#define SX_MAX_UP 4u             /* those who escalated a decision, who sign it */
#define SX_MAX_TYPED 16384u      /* decisions kept typed (r->ms) before they are given back: some
                                    3 KB each with their trees (10,000 runs of the example keep
                                    11,000: a peak of 52 MB) */

enum { SX_PERMITTED, SX_REFUSED, SX_UNDETERMINED, SX_NO_ROUTE, SX_UNDECIDED, SX_NFATES };
static const char *const sx_fate_json[] = {"permitted", "refused", "undetermined", "no_route", "undecided"};

/* ------------------------------------------------------------ the scenario */

typedef struct sx_away {        /* absent: and vacant: */
    const char *person;         /* NULL: by role */
    uint32_t role;              /* PL_NONE: the person in every role */
    int64_t from, to;
    bool vacant;
    uint32_t chance;            /* random vacancies: basis points; 10000 as written */
} sx_away;

typedef struct sx_period {
    int64_t from, to;           /* as written; random: days, from drawn */
    const yi_node *context;     /* a mapping, or NULL */
    uint32_t nact, *act;        /* protocols activated on its first day */
    uint32_t chance;            /* basis points; 10000 as written */
    int64_t days;               /* random: how long */
} sx_period;

typedef struct sx_interest {
    const yi_node *node;        /* as written: given with the decisions it bears on */
    const char *person;         /* its who: a person, or NULL */
    uint32_t role;              /* and role, or PL_NONE */
    uint32_t chance;
} sx_interest;

typedef struct sx_tmpl {        /* a decision, or a stream of them */
    const yi_node *node;
    uint32_t matter, decider;
    const char *person;         /* the decider's person when named */
    int64_t from, to;           /* one date: from == to */
    int64_t every;              /* days between, 0 */
    int64_t months;             /* or months between, 0 */
    bool *int_bears;            /* per scenario interest: its `in` is a text of the decision's (concerns) */
    bool *reg_bears;            /* per register person: one of their interests is */
    /* found once for the file's runs (parts_of), for build: */
    uint32_t nkept, *kept;      /* its keys given as written (their places) */
    const struct yi_node *dn, *dt, *co, *ti; /* its decider, date (or every), co_signatories, interests */
    bool opened;                /* it gives opened */
    uint32_t *co_role;          /* per co-signatory: the role it names, PL_NONE */
    const struct yi_node **co_pn; /* and its person: node, NULL */
    const struct yi_node *k_decider, *k_date, *k_opened, *k_context, *k_activated, *k_co, *k_attendance,
        *k_interests;           /* the keys build puts, each at its place */
    struct sx_dayc *dayc;       /* per day of the scenario: its context and protocols activated, NULL */
} sx_tmpl;

typedef struct sx_scen {
    const char *path, *title;
    int64_t from, to;
    const yi_node *root, *context;
    uint32_t naway, nperiods, nints, ntmpl;
    sx_away *away;
    sx_period *periods;
    sx_interest *ints;
    sx_tmpl *tmpl;
    uint32_t absent_bp;         /* random: each person away on each day */
    bool random;                /* a `random:` block */
} sx_scen;

/* ------------------------------------------------------------ a run */

typedef struct sx_item {        /* a decision on its way */
    int64_t date;               /* when it is to be taken next */
    uint32_t seq;               /* arrival order: ties by date */
    uint32_t rec;
    bool check;                 /* only to see whether it has been open too long (it waits
                                   for the meeting of its sx_rec) */
} sx_item;

typedef struct sx_rec {         /* what became of one decision */
    uint32_t tmpl;
    int64_t arose, taken;       /* taken: INT64_MIN when not */
    uint32_t holder;            /* who has it now; who took it */
    const char *person;         /* the template's person while holder is its decider */
    uint32_t hops;
    int fate;                   /* SX_*, or -1 while on its way */
    bool top, escalated;
    uint32_t protocol;          /* crisis powers used, PL_NONE */
    int ratified;               /* 1, 0 not in time, -1 not known */
    uint32_t missed;            /* reports and ratifications owed to a body that does not meet */
    uint32_t nup;               /* those who escalated it, who sign it where it goes */
    uint32_t up[SX_MAX_UP];
    int64_t meeting;            /* the meeting it waits for, while it is checked */
    uint32_t nroute;
    char *route;                /* SX_ROUTE bytes, in a run whose routes are written (say); else NULL */
} sx_rec;

typedef struct sx_cause {
    char *names;                /* "A. Khan (ned, away); P. One (trust_partner_member, conflicted)" */
    uint64_t count;
    uint64_t first;             /* found first: its run << 32 | its place in the run */
} sx_cause;

typedef struct sx_body {        /* meetings of one body, over the runs */
    uint64_t meetings, failed;
    uint32_t ncauses, capcauses;
    sx_cause *causes;
    uint32_t nslots;            /* the causes by their names: index + 1, 0 free */
    uint32_t *slots;
    uint64_t unexplained;       /* failures no return of at most SX_MAX_CAUSE members mends */
} sx_body;

typedef struct sx_shown {       /* one decision of the run shown, as it is written */
    int64_t arose, taken;       /* taken: INT64_MIN when not */
    int fate, ratified;         /* ratified: 1, 0 not in time, else not owed or not known */
    bool escalated, top;
    uint64_t missed;
    const char *matter, *fields, *decider, *taken_by, *protocol, *route; /* fields, taken_by and
                                   protocol may be NULL */
} sx_shown;

typedef struct sx_tally {       /* one file's, over its runs: all its report says */
    const char *path, *title;   /* title: NULL when none */
    int64_t from, to;
    uint64_t runs, decisions, fates[SX_NFATES], escalated, top, crisis, unratified, ratify_unknown, missed;
    uint64_t *days;             /* days to decision: days[k] decisions took k days */
    uint64_t ndays;
    uint32_t nbodies, nmatters, nprotocols;
    const char **bname, **mname, **pname; /* holders', matters' and protocols' names (NULL: none seen) */
    uint64_t *by_matter;        /* per matter, per fate */
    sx_body *bodies;            /* per holder */
    uint64_t *used;             /* per protocol: decisions taken under it */
    uint64_t *unrat;            /* per protocol: of those not ratified in time */
    long shown;                 /* the run shown (from 0), or -1: as written */
    uint64_t worst;             /* its failures */
    uint32_t nshown;
    sx_shown *recs;             /* its decisions, in the order they arose */
} sx_tally;

typedef struct sx_run {
    const remit_policy *p;
    remit_session *s;           /* scenario files, diagnostics, trees */
    remit_session *keep;        /* what lives as long as a file's runs: its tally */
    const remit_stress_options *o;
    in_ctx ic;
    ev_history h;
    bool reads_history;         /* the policy has cumulative limits, totals or prior approvals */
    const sx_scen *sc;
    /* the draw of this run */
    uint64_t key;               /* 0: as written */
    bool *vac;                  /* per away: drawn */
    bool *may_vac;              /* per holder: a vacancy of it drawn (vacant_on looks no further when not) */
    int64_t *pstart;            /* per period: its first day, INT64_MIN when not drawn */
    bool *ihave;                /* per interest: drawn */
    /* the run */
    uint32_t nrecs, caprecs;
    sx_rec *recs;
    uint32_t nheap, capheap, seq;
    sx_item *heap;
    remit_session *he;          /* the run's history: its entries and indexes, */
    in_hist hb;                 /* as they are added (hb.live: some have been this run) */
    bool counting;              /* tally this run (not: a run shown again) */
    bool routes;                /* write the routes of this run's decisions (say): it is shown */
    int chair_seat;             /* build: the seat that presides (-1 none), or -2: build guesses */
    bool all_there;             /* build: every member of a meeting there (open_too_long) */
    bool rebuilt;               /* read_decision: built again with another in the chair */
    uint64_t run_no;            /* this run's number (from 0) */
    uint32_t found;             /* causes found in this run so far */
    uint32_t failures;          /* this run's: quorum, no route, undecided, unratified, missed */
    uint32_t *from_of;          /* per matter * holders: who delegated it, +1; 0 not looked */
    remit_session *ms;          /* decisions kept typed for the runs after (read_typed), and the
                                   canonical trees they were read from (canon); NULL: none yet */
    bool canon;                 /* build: its trees canonical (read_decision) */
    bool memo_off;              /* a decision kept typed could not be: none more in this file */
    yi_node **cons;             /* canonical trees: capcons slots, ncons used */
    uint32_t ncons, capcons;
    struct sx_built *built;     /* canonical trees by what they were built of (build): capbuilt slots */
    uint32_t nbuilt, capbuilt;
    struct sx_typed *typed;     /* decisions typed, by their canonical trees: captyped slots */
    uint32_t ntyped, captyped;
    struct sx_why *whys;        /* the causes found of meetings not quorate (causes): capwhys slots */
    uint32_t nwhys, capwhys;
    struct sx_memo *memo;       /* nodes made once (scalar, person_node): capmemo slots, nmemo used */
    uint32_t nmemo, capmemo;
    uint64_t *phash;            /* per register person: text_hash of their name */
    uint32_t *seats_ub;         /* per body: at most how many seats its meetings have (members_at) */
    struct sx_skel **skels;     /* per body and day of the scenario: its seats (skel_of), NULL */
    bool *int_reg;              /* per scenario interest and register person: it is theirs */
    struct sx_seen {            /* members_at's last answer (in r->keep), for the same meeting asked
                                   again in the same run (its decision built, then its causes) */
        const struct sx_tmpl *t;
        uint32_t b, max, n, cap;
        int64_t day;
        uint64_t stamp;         /* the run's (r->stamp) */
        struct sx_seat *seats;
    } seen;
    uint64_t stamp;             /* this run's, for what a template keeps of one run (sx_dayc) */
    uint32_t *role_at, *role_who; /* per role r, the register's people given it (on any day), in its
                                   order: role_who[role_at[r]] to role_who[role_at[r + 1] - 1] */
    int64_t *met_on;            /* per body: the day of its meeting last counted in this run */
    bool *met_failed;           /* per body: that meeting was not quorate (for some decision) */
    sx_tally t;
    bool faulty;                /* a decision could not be read: the file stops */
    remit_stress_summary sum;
    void (*progress)(void *, size_t, size_t);
    void *progress_arg;
    size_t done, total;         /* runs, for progress */
    FILE *out;
    xp_out w;
    bool json, html;
    bool shard;                 /* a shard's report: all a merge needs */
    uint64_t inputs;            /* a shard's: a hash of the policy and the files read */
    remit_status st;
} sx_run;

/* ------------------------------------------------------------ reading */

static uint32_t holder_named(const remit_policy *p, const char *name)
{
    for (uint32_t h = 0; h < p->nholders; h++)
        if (!strcmp(p->holders[h].name, name))
            return h;
    return PL_NONE;
}

static uint32_t matter_named(const remit_policy *p, const char *name)
{
    for (uint32_t m = 0; m < p->nmatters; m++)
        if (!strcmp(p->matters[m].name, name))
            return m;
    return PL_NONE;
}

static uint32_t protocol_named(const remit_policy *p, const char *name)
{
    for (uint32_t i = 0; i < p->nprotocols; i++)
        if (!strcmp(p->protocols[i].name, name))
            return i;
    return PL_NONE;
}

static void fault(sx_run *r, const yi_node *at, const char *code, const char *hint, const char *fmt, ...)
    RM_PRINTF(5, 6);

/* The name of n records (each `stride` bytes apart, a name pointer at
 * `off` in each) nearest w, for "did you mean", or NULL */
static const char *nearest(const void *names, uint32_t n, size_t stride, size_t off, const char *w)
{
    const char *best = NULL;
    size_t wl = strlen(w);
    unsigned bd = wl <= 2 ? 0 : wl <= 4 ? 1 : wl <= 7 ? 2 : 3;
    for (uint32_t i = 0; i < n; i++) {
        const char *x = *(const char *const *)(const void *)((const char *)names + i * stride + off);
        unsigned d = rm_edit_distance(w, wl, x, strlen(x));
        if (d <= bd && strcmp(w, x) != 0) {
            bd = d;
            best = x;
        }
    }
    return best;
}

/* "did you mean 'x'?", or the hint given */
static const char *mean(sx_run *r, const char *near, const char *otherwise)
{
    return near ? ar_printf(&r->s->arena, "did you mean '%s'?", near) : otherwise;
}
static void fault(sx_run *r, const yi_node *at, const char *code, const char *hint, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = ar_vprintf(&r->s->arena, fmt, ap);
    va_end(ap);
    dg_item *d = dg_error(r->s, at->loc, code, "%s", msg);
    if (hint)
        dg_hint(r->s, d, "%s", hint);
}

static bool is_text(const yi_node *n)
{
    return n && n->kind == YI_SCALAR && !n->is_null;
}

static bool date_of(sx_run *r, const yi_node *n, const char *what, int64_t *out)
{
    if (!is_text(n) || lit_date(n->text, n->len, out) != LIT_OK) {
        fault(r, n, "R0104", "write a date as YYYY-MM-DD, e.g. 2026-04-01", "%s is not a date", what);
        return false;
    }
    return true;
}

/* A chance: a percentage, in basis points */
static bool chance_of(sx_run *r, const yi_node *n, uint32_t *bp)
{
    int64_t v;
    if (!is_text(n) || n->len < 2 || n->text[n->len - 1] != '%' || lit_percent(n->text, n->len - 1, &v) != LIT_OK ||
        v < 0 || v > 10000) {
        fault(r, n, "R0722", "write a chance as a percentage from 0% to 100%, e.g. 10%", "a chance must be a "
              "percentage");
        return false;
    }
    *bp = (uint32_t)v;
    return true;
}

/* `N days`, `N weeks` (in days) or `N months` */
static bool every_of(sx_run *r, const yi_node *n, int64_t *days, int64_t *months)
{
    *days = *months = 0;
    char *end;
    long v = is_text(n) ? strtol(n->text, &end, 10) : 0;
    if (is_text(n) && n->text[0] >= '1' && n->text[0] <= '9' && v <= 366 && *end == ' ') {
        end++;
        if (!strcmp(end, "day") || !strcmp(end, "days"))
            *days = v;
        else if (!strcmp(end, "week") || !strcmp(end, "weeks"))
            *days = 7 * v;
        else if (!strcmp(end, "month") || !strcmp(end, "months"))
            *months = v;
    }
    if (*days || *months)
        return true;
    fault(r, n, "R0722", "write how often as a number and days, weeks or months, e.g. 1 week or 4 weeks",
          "'every' must be a length of time");
    return false;
}

/* Day k (from 0) of what repeats every `every` days or `months` months
 * from `from`; with neither, day 0 alone: INT64_MAX after it */
static int64_t nth_day_of(int64_t from, int64_t k, int64_t every, int64_t months)
{
    if (!every && !months)
        return k ? INT64_MAX : from;
    return every ? from + k * every : lit_add_months(from, k * months);
}

/* How many of those days fall from `from` to `to` */
static uint32_t days_in(int64_t from, int64_t to, int64_t every, int64_t months)
{
    uint32_t n = 0;
    while (nth_day_of(from, n, every, months) <= to)
        n++;
    return n;
}

/* the period [from, to] of an entry, each day optional (the scenario's) */
static bool span_of(sx_run *r, const yi_node *m, int64_t *from, int64_t *to)
{
    const sx_scen *sc = r->sc;
    *from = sc->from;
    *to = sc->to;
    const yi_node *a = yi_get(m, "from"), *b = yi_get(m, "to");
    if ((a && !date_of(r, a, "'from'", from)) || (b && !date_of(r, b, "'to'", to)))
        return false;
    if (*to < *from) {
        fault(r, b ? b : m, "R0742", "give a 'to' on or after its 'from'", "this ends before it starts");
        return false;
    }
    return true;
}

static bool keys_ok(sx_run *r, const yi_node *m, const char *const *keys, const char *what)
{
    if (!m || m->kind != YI_MAP) {
        if (m)
            fault(r, m, "R0723", NULL, "%s must be a mapping", what);
        return false;
    }
    return !in_unknown_keys(r->s, m, keys, what, "R0724");
}

static bool role_of(sx_run *r, const yi_node *n, uint32_t *h)
{
    *h = is_text(n) ? holder_named(r->p, n->text) : PL_NONE;
    if (*h == PL_NONE)
        fault(r, n, "R0721",
              mean(r, is_text(n) ? nearest(r->p->holders, r->p->nholders, sizeof *r->p->holders, offsetof(pl_holder, name), n->text) : NULL,
                   "write the name of a role or body as the policy declares it"),
              "'%s' is not a role or body of the policy", is_text(n) ? n->text : "");
    return *h != PL_NONE;
}

/* A post that can be vacant: a role, not a body */
static bool post_of(sx_run *r, const yi_node *n, uint32_t *h)
{
    if (!role_of(r, n, h))
        return false;
    if (r->p->holders[*h].is_body) {
        fault(r, n, "R0721", "name a role: a body is not a post that can be vacant (make its members absent)",
              "'%s' is a body, not a role", n->text);
        return false;
    }
    return true;
}

static bool list_of(sx_run *r, const yi_node *n, const char *what)
{
    if (n && n->kind != YI_SEQ) {
        fault(r, n, "R0723", NULL, "%s must be a list", what);
        return false;
    }
    return true;
}

/* absent: and vacant: entries */
static bool read_away(sx_run *r, sx_scen *sc, const yi_node *list, bool vacant)
{
    static const char *const absent_keys[] = {"person", "role", "from", "to", NULL};
    static const char *const vacant_keys[] = {"role", "from", "to", NULL};
    bool ok = list_of(r, list, vacant ? "'vacant'" : "'absent'");
    for (uint32_t i = 0; ok && list && i < list->n; i++) {
        const yi_node *e = list->items[i];
        if (!keys_ok(r, e, vacant ? vacant_keys : absent_keys, vacant ? "a vacancy" : "an absence")) {
            ok = false;
            continue;
        }
        sx_away *a = &sc->away[sc->naway];
        *a = (sx_away){NULL, PL_NONE, 0, 0, vacant, 10000};
        const yi_node *pn = yi_get(e, "person"), *rn = yi_get(e, "role");
        if (pn && !is_text(pn)) {
            fault(r, pn, "R0722", NULL, "a person is named by text");
            ok = false;
        }
        if (!pn && !rn) {
            fault(r, e, "R0725", vacant ? "write { role: cfo }" : "write { person: \"A. Khan\" } or { role: ned }",
                  vacant ? "a vacancy needs the role of the post" : "an absence needs a person or a role");
            ok = false;
            continue;
        }
        if (rn && !(vacant ? post_of(r, rn, &a->role) : role_of(r, rn, &a->role)))
            ok = false;
        a->person = pn && is_text(pn) ? pn->text : NULL;
        if (!span_of(r, e, &a->from, &a->to))
            ok = false;
        sc->naway++;
    }
    return ok;
}

static bool read_periods(sx_run *r, sx_scen *sc, const yi_node *list, bool random)
{
    static const char *const fixed_keys[] = {"from", "to", "context", "activated", NULL};
    static const char *const random_keys[] = {"chance", "days", "context", "activated", NULL};
    bool ok = list_of(r, list, "'periods'");
    for (uint32_t i = 0; ok && list && i < list->n; i++) {
        const yi_node *e = list->items[i];
        if (!keys_ok(r, e, random ? random_keys : fixed_keys, "a period")) {
            ok = false;
            continue;
        }
        sx_period *x = &sc->periods[sc->nperiods++];
        *x = (sx_period){0, 0, NULL, 0, NULL, 10000, 0};
        if (random) {
            const yi_node *c = yi_get(e, "chance"), *d = yi_get(e, "days");
            char *end;
            long days = is_text(d) ? strtol(d->text, &end, 10) : 0;
            if (!c || !d) {
                fault(r, e, "R0725", "write { chance: 30%, days: 60, context: { ... } }", "a random period needs "
                      "its 'chance' and its 'days'");
                ok = false;
            } else if (!chance_of(r, c, &x->chance)) {
                ok = false;
            } else if (!is_text(d) || d->text[0] < '1' || d->text[0] > '9' || *end || days > (long)SX_MAX_DAYS) {
                fault(r, d, "R0722", "write how many days it lasts, e.g. 60", "'days' must be a whole number of days "
                      "from 1 to %u", SX_MAX_DAYS);
                ok = false;
            }
            x->days = days;
        } else if (!span_of(r, e, &x->from, &x->to)) {
            ok = false;
        }
        x->context = yi_get(e, "context");
        if (x->context && x->context->kind != YI_MAP) {
            fault(r, x->context, "R0723", "write context: { incident_level: 4 }", "a period's context must be a "
                  "mapping of context values");
            ok = false;
        }
        const yi_node *act = yi_get(e, "activated");
        if (act && !list_of(r, act, "'activated'")) {
            ok = false;
        } else if (act) {
            x->act = ar_alloc(&r->s->arena, (act->n + 1) * sizeof *x->act);
            for (uint32_t k = 0; k < act->n; k++) {
                const yi_node *pn = act->items[k];
                uint32_t pr = is_text(pn) ? protocol_named(r->p, pn->text) : PL_NONE;
                if (pr == PL_NONE) {
                    fault(r, pn, "R0724",
                          mean(r, is_text(pn) ? nearest(r->p->protocols, r->p->nprotocols, sizeof *r->p->protocols,
                                                        offsetof(pl_protocol, name), pn->text) : NULL, "name a protocol of the policy"),
                          "'%s' is not a protocol of the policy", is_text(pn) ? pn->text : "");
                    ok = false;
                    continue;
                }
                x->act[x->nact++] = pr;
            }
        }
    }
    return ok;
}

static bool read_interests(sx_run *r, sx_scen *sc, const yi_node *list, bool random)
{
    bool ok = list_of(r, list, "'interests'");
    for (uint32_t i = 0; ok && list && i < list->n; i++) {
        const yi_node *e = list->items[i];
        if (!e || e->kind != YI_MAP) {
            fault(r, e, "R0723", "write { who: { person: \"P. One\", role: partner_member }, kind: financial, in: "
                  "\"Acme Health Ltd\" }", "an interest must be a mapping");
            ok = false;
            continue;
        }
        sx_interest *x = &sc->ints[sc->nints++];
        *x = (sx_interest){e, NULL, PL_NONE, 10000};
        const yi_node *who = yi_get(e, "who"), *c = yi_get(e, "chance");
        if (random && !c) {
            fault(r, e, "R0725", "write chance: 30% beside the interest", "a random interest needs its 'chance'");
            ok = false;
        } else if (c && !random) {
            fault(r, c, "R0724", "move it under random: interests", "an interest as written has no 'chance'");
            ok = false;
        } else if (c && !chance_of(r, c, &x->chance)) {
            ok = false;
        }
        if (c) { /* the interest as a decision gives it: without its chance */
            yi_node *m = ar_alloc(&r->s->arena, sizeof *m);
            *m = *e;
            m->keys = ar_alloc(&r->s->arena, e->n * sizeof *m->keys);
            m->items = ar_alloc(&r->s->arena, e->n * sizeof *m->items);
            m->n = 0;
            for (uint32_t k = 0; k < e->n; k++)
                if (e->items[k] != c) {
                    m->keys[m->n] = e->keys[k];
                    m->items[m->n++] = e->items[k];
                }
            x->node = m;
        }
        if (who && who->kind == YI_MAP) {
            const yi_node *pn = yi_get(who, "person"), *rn = yi_get(who, "role");
            x->person = is_text(pn) ? pn->text : NULL;
            if (is_text(rn))
                x->role = holder_named(r->p, rn->text);
        } else if (is_text(who)) {
            x->role = holder_named(r->p, who->text);
        }
        /* (the rest is checked where it is given, as a decision's interest) */
    }
    return ok;
}

static bool read_decisions(sx_run *r, sx_scen *sc, const yi_node *list)
{
    bool ok = list_of(r, list, "'decisions'");
    for (uint32_t i = 0; ok && list && i < list->n; i++) {
        const yi_node *e = list->items[i];
        if (!e || e->kind != YI_MAP) {
            fault(r, e, "R0723", NULL, "a decision must be a mapping, as remit eval reads one");
            ok = false;
            continue;
        }
        sx_tmpl *t = &sc->tmpl[sc->ntmpl];
        *t = (sx_tmpl){.node = e, .matter = PL_NONE, .decider = PL_NONE};
        static const char *const own[] = {"context", "activated", "attendance", "history", "ratified",
                                          "reported", "under", NULL};
        for (uint32_t k = 0; k < e->n; k++)
            for (size_t q = 0; own[q]; q++)
                if (!strcmp(e->keys[k]->text, own[q])) {
                    fault(r, e->keys[k], "R0724", "the scenario gives these: its context, periods, meetings and "
                          "absences", "a scenario's decision has no '%s': the run gives it", own[q]);
                    ok = false;
                }
        const yi_node *mn = yi_get(e, "matter"), *dn = yi_get(e, "decider"), *date = yi_get(e, "date"),
                      *every = yi_get(e, "every");
        if (!mn || !dn || (!date && !every)) {
            fault(r, e, "R0725", "write matter:, decider: and date: (or every: with from: and to:)", "a scenario's "
                  "decision needs its matter, its decider and its date");
            ok = false;
            continue;
        }
        t->matter = is_text(mn) ? matter_named(r->p, mn->text) : PL_NONE;
        if (t->matter == PL_NONE) {
            fault(r, mn, "R0726",
                  mean(r, is_text(mn) ? nearest(r->p->matters, r->p->nmatters, sizeof *r->p->matters, offsetof(pl_matter, name), mn->text)
                                      : NULL, "name a matter of the policy"),
                  "'%s' is not a matter of the policy", is_text(mn) ? mn->text : "");
            ok = false;
        }
        const yi_node *role = dn->kind == YI_MAP ? yi_get(dn, "role") : dn;
        if (dn->kind == YI_MAP) {
            const yi_node *pn = yi_get(dn, "person");
            t->person = is_text(pn) ? pn->text : NULL;
        }
        if (!role) {
            fault(r, dn, "R0725", "write decider: { person: \"Dana Ortiz\", role: cfo }", "a scenario's decider "
                  "needs its role");
            ok = false;
        } else if (!role_of(r, role, &t->decider)) {
            ok = false;
        }
        if (date && every) {
            fault(r, every, "R0742", "give one date, or every: with from: and to:", "a decision has a date or "
                  "repeats, not both");
            ok = false;
        } else if (date) {
            if (!date_of(r, date, "the decision's date", &t->from))
                ok = false;
            t->to = t->from;
            if (t->from < sc->from || t->from > sc->to) {
                fault(r, date, "R0742", "give a date within the scenario's from and to", "this decision is dated "
                      "outside the scenario");
                ok = false;
            }
        } else {
            if (!every_of(r, every, &t->every, &t->months) || !span_of(r, e, &t->from, &t->to)) {
                ok = false;
            } else if (t->from < sc->from || t->to > sc->to) {
                const yi_node *at = t->from < sc->from ? yi_get(e, "from") : yi_get(e, "to");
                fault(r, at ? at : every, "R0742", "give a from and to within the scenario's from and to",
                      "this decision repeats outside the scenario");
                ok = false;
            }
        }
        if ((yi_get(e, "from") || yi_get(e, "to")) && !every) {
            fault(r, yi_get(e, "from") ? yi_get(e, "from") : yi_get(e, "to"), "R0724", "write every: 1 week "
                  "with from: and to:, or one date:", "'from' and 'to' belong to a decision that repeats");
            ok = false;
        }
        sc->ntmpl++;
    }
    return ok;
}

/* The scenario file at path (its session file f, read as root) */
static bool read_scenario(sx_run *r, sx_scen *sc, const yi_node *root)
{
    static const char *const keys[] = {"scenario", "register", "from", "to", "context", "periods", "meetings",
                                       "absent", "vacant", "interests", "decisions", "random", NULL};
    static const char *const random_keys[] = {"absent", "vacant", "interests", "periods", NULL};
    if (!root || root->kind != YI_MAP) {
        if (root)
            fault(r, root, "R0723", "start with scenario:, from:, to: and decisions:", "a scenario file must be a "
                  "mapping");
        return false;
    }
    if (!keys_ok(r, root, keys, "a scenario file"))
        return false;
    sc->root = root;
    const yi_node *title = yi_get(root, "scenario"), *from = yi_get(root, "from"), *to = yi_get(root, "to"),
                  *decs = yi_get(root, "decisions"), *rnd = yi_get(root, "random");
    if (!from || !to || !decs) {
        fault(r, root, "R0725", "a scenario needs from:, to: and decisions:", "the scenario has no %s%s%s%s%s",
              !from ? "'from'" : "", !from && (!to || !decs) ? (!to && !decs ? ", " : " or ") : "",
              !to ? "'to'" : "", !to && !decs ? " or " : "", !decs ? "'decisions'" : "");
        return false;
    }
    sc->title = is_text(title) ? title->text : NULL;
    if (!date_of(r, from, "'from'", &sc->from) || !date_of(r, to, "'to'", &sc->to))
        return false;
    if (sc->to < sc->from || sc->to - sc->from >= (int64_t)SX_MAX_DAYS) {
        fault(r, to, "R0742", "give a 'to' on or after 'from', at most ten years on", "the scenario's period must "
              "run forward, for at most %u days", SX_MAX_DAYS);
        return false;
    }
    sc->context = yi_get(root, "context");
    if (sc->context && sc->context->kind != YI_MAP) {
        fault(r, sc->context, "R0723", "write context: { incident_level: 0 }", "the scenario's context must be a "
              "mapping of context values");
        return false;
    }
    const yi_node *absent = yi_get(root, "absent"), *vacant = yi_get(root, "vacant"),
                  *periods = yi_get(root, "periods"), *ints = yi_get(root, "interests");
    const yi_node *ra = NULL, *rv = NULL, *rp = NULL, *ri = NULL;
    if (rnd) {
        if (!keys_ok(r, rnd, random_keys, "the random block"))
            return false;
        sc->random = true;
        ra = yi_get(rnd, "absent");
        rv = yi_get(rnd, "vacant");
        rp = yi_get(rnd, "periods");
        ri = yi_get(rnd, "interests");
    }
    size_t n_away = (absent && absent->kind == YI_SEQ ? absent->n : 0) +
                    (vacant && vacant->kind == YI_SEQ ? vacant->n : 0) + (rv && rv->kind == YI_MAP ? rv->n : 0);
    size_t n_per = (periods && periods->kind == YI_SEQ ? periods->n : 0) + (rp && rp->kind == YI_SEQ ? rp->n : 0);
    size_t n_int = (ints && ints->kind == YI_SEQ ? ints->n : 0) + (ri && ri->kind == YI_SEQ ? ri->n : 0);
    sc->away = ar_alloc(&r->s->arena, (n_away + 1) * sizeof *sc->away);
    sc->periods = ar_alloc(&r->s->arena, (n_per + 1) * sizeof *sc->periods);
    sc->ints = ar_alloc(&r->s->arena, (n_int + 1) * sizeof *sc->ints);
    sc->tmpl = ar_alloc(&r->s->arena, ((decs->kind == YI_SEQ ? decs->n : 0) + 1) * sizeof *sc->tmpl);
    bool ok = read_away(r, sc, absent, false);
    ok = read_away(r, sc, vacant, true) && ok;
    ok = read_periods(r, sc, periods, false) && ok;
    ok = read_interests(r, sc, ints, false) && ok;
    if (ra && !chance_of(r, ra, &sc->absent_bp))
        ok = false;
    if (rv && rv->kind != YI_MAP) {
        fault(r, rv, "R0723", "write vacant: { cfo: 10% }", "random vacancies are a mapping of roles to chances");
        ok = false;
    } else if (rv) {
        for (uint32_t k = 0; k < rv->n; k++) {
            sx_away *a = &sc->away[sc->naway];
            *a = (sx_away){NULL, PL_NONE, sc->from, sc->to, true, 0};
            if (!post_of(r, rv->keys[k], &a->role) || !chance_of(r, rv->items[k], &a->chance))
                ok = false;
            sc->naway++;
        }
    }
    ok = read_periods(r, sc, rp, true) && ok;
    ok = read_interests(r, sc, ri, true) && ok;
    ok = read_decisions(r, sc, decs) && ok;
    return ok;
}

/* ------------------------------------------------------------ the draw */

static uint64_t mix(uint64_t x)
{
    x += UINT64_C(0x9E3779B97F4A7C15);
    x = (x ^ (x >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94D049BB133111EB);
    return x ^ (x >> 31);
}

static uint64_t text_hash(const char *s)
{
    uint64_t h = UINT64_C(1469598103934665603);
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
    return h;
}

/* What a draw for (what, a, b) is made of that is not the run's */
static uint64_t draw_inner(uint64_t what, uint64_t a, uint64_t b)
{
    return mix(what ^ mix(a ^ mix(b)));
}

/* A draw of this run, for (what, a, b): uniform in [0, 10000) */
static uint32_t draw(const sx_run *r, uint64_t what, uint64_t a, uint64_t b)
{
    return (uint32_t)(mix(r->key ^ draw_inner(what, a, b)) % 10000u);
}

static void draw_run(sx_run *r, uint64_t run)
{
    const sx_scen *sc = r->sc;
    r->key = run == UINT64_MAX ? 0 : mix(r->o->seed ^ mix(run + 1));
    for (uint32_t i = 0; i < sc->naway; i++)
        r->vac[i] = sc->away[i].chance >= 10000 || (r->key && draw(r, 1, i, 0) < sc->away[i].chance);
    for (uint32_t i = 0; i < sc->nperiods; i++) {
        const sx_period *x = &sc->periods[i];
        if (!x->days) {
            r->pstart[i] = x->from;
        } else if (r->key && draw(r, 2, i, 0) < x->chance) {
            int64_t span = sc->to - sc->from + 1 - x->days;
            r->pstart[i] = sc->from + (span > 0 ? (int64_t)(mix(r->key ^ mix(3 + i)) % (uint64_t)(span + 1)) : 0);
        } else {
            r->pstart[i] = INT64_MIN;
        }
    }
    for (uint32_t i = 0; i < sc->nints; i++)
        r->ihave[i] = sc->ints[i].chance >= 10000 || (r->key && draw(r, 4, i, 0) < sc->ints[i].chance);
    memset(r->may_vac, 0, r->p->nholders * sizeof *r->may_vac);
    for (uint32_t i = 0; i < sc->naway; i++)
        if (sc->away[i].vacant && r->vac[i] && sc->away[i].role < r->p->nholders)
            r->may_vac[sc->away[i].role] = true;
}

static int64_t period_end(const sx_run *r, uint32_t i)
{
    const sx_period *x = &r->sc->periods[i];
    return x->days ? r->pstart[i] + x->days - 1 : x->to;
}

static bool period_on(const sx_run *r, uint32_t i, int64_t day)
{
    return r->pstart[i] != INT64_MIN && day >= r->pstart[i] && day <= period_end(r, i);
}

/* ------------------------------------------------------------ who is there */

static bool vacant_on(const sx_run *r, uint32_t role, int64_t day)
{
    const sx_scen *sc = r->sc;
    if (!r->may_vac[role])
        return false;
    for (uint32_t i = 0; i < sc->naway; i++) {
        const sx_away *a = &sc->away[i];
        if (a->vacant && r->vac[i] && a->role == role && day >= a->from && day <= a->to)
            return true;
    }
    return false;
}

/* Is the person (NULL: an unnamed holder of role) away on day as the
 * scenario writes it (not drawn)? */
static bool away_written(const sx_run *r, const char *person, uint32_t role, int64_t day)
{
    const sx_scen *sc = r->sc;
    for (uint32_t i = 0; i < sc->naway; i++) {
        const sx_away *a = &sc->away[i];
        if (a->vacant || day < a->from || day > a->to)
            continue;
        if (a->person ? person && !strcmp(a->person, person) && (a->role == PL_NONE || a->role == role)
                      : a->role == role)
            return true;
    }
    return false;
}

/* Is the person (NULL: an unnamed holder of role) away on day?  hash:
 * text_hash(person), or 0 */
static bool away_on(const sx_run *r, const char *person, uint32_t role, int64_t day, uint64_t hash)
{
    const sx_scen *sc = r->sc;
    if (away_written(r, person, role, day))
        return true;
    if (r->key && sc->absent_bp)
        return draw(r, 5, person ? (hash ? hash : text_hash(person)) : role, (uint64_t)day) < sc->absent_bp;
    return false;
}

/* Does register person i hold role on day? */
static bool holds(const in_ctx *ic, uint32_t i, uint32_t role, int64_t day)
{
    const in_person *x = &ic->people[i];
    for (uint32_t j = 0; j < x->nroles; j++)
        if (x->roles[j] == role && (!x->span || (day >= x->span[2 * j] && day <= x->span[2 * j + 1])))
            return true;
    return false;
}

/* Who takes a decision of role `role` on day: the register's first
 * holder of it there that day (*person), or, when the register gives the
 * role to no one, the role itself (*person NULL) unless away; false when
 * no one can (the post vacant, its holders away). */
static bool on_duty(const sx_run *r, uint32_t role, const char *named, int64_t day, const char **person)
{
    *person = NULL;
    if (vacant_on(r, role, day))
        return false;
    if (named) {
        *person = named;
        return !away_on(r, named, role, day, 0);
    }
    const in_ctx *ic = &r->ic;
    bool listed = false;
    for (uint32_t k = r->role_at[role]; k < r->role_at[role + 1]; k++) {
        uint32_t i = r->role_who[k];
        if (holds(ic, i, role, day)) {
            listed = true;
            if (!away_on(r, ic->people[i].text, role, day, r->phash[i])) {
                *person = ic->people[i].text;
                return true;
            }
        }
    }
    return !listed && !away_on(r, NULL, role, day, 0);
}

/* Whoever delegated matter to holder h (the first delegation into it),
 * or PL_NONE */
static uint32_t delegator(sx_run *r, uint32_t matter, uint32_t h)
{
    const remit_policy *p = r->p;
    uint32_t *x = &r->from_of[(size_t)matter * p->nholders + h];
    if (!*x) {
        uint32_t from = PL_NONE;
        const pl_matter *m = &p->matters[matter];
        for (uint32_t k = 0; k < m->nrules && from == PL_NONE; k++) {
            const pl_rule *u = &p->rules[m->rules[k]];
            if (u->kind == R_DELEGATE && u->to == h && u->from != h)
                from = u->from;
        }
        *x = from == PL_NONE ? UINT32_MAX : from + 1;
    }
    return *x == UINT32_MAX ? PL_NONE : *x - 1;
}

/* ------------------------------------------------------------ building decisions */

/* The nodes a decision is built of that are the same each time (a name,
 * a date, a member at a meeting, each where the scenario writes what it
 * comes of) are made once for the call, in r->keep, and found again here
 * by what they are: typing reads them and never changes them.  The texts
 * they name (the policy's, the register's, the scenario's) outlive the
 * call's runs. */
typedef struct sx_memo {
    const void *a;              /* a text, or NULL */
    uint64_t b;                 /* what else tells them apart, its low bits the kind below */
    rm_loc at;
    yi_node *n;                 /* NULL: a free slot */
} sx_memo;
enum { SX_M_SCALAR = 1, SX_M_QUOTED, SX_M_DATE, SX_M_PERSON };

static sx_memo *memo_slot(sx_run *r, const void *a, uint64_t b, rm_loc at)
{
    if (2 * (r->nmemo + 1) > r->capmemo) { /* (again, twice the room) */
        uint32_t cap = r->capmemo ? 2 * r->capmemo : 1024;
        sx_memo *v = ar_alloc(&r->keep->arena, (size_t)cap * sizeof *v);
        for (uint32_t i = 0; i < r->capmemo; i++)
            if (r->memo[i].n) {
                const sx_memo *o = &r->memo[i];
                uint64_t h = mix((uint64_t)(uintptr_t)o->a ^ mix(o->b ^ ((uint64_t)o->at.file << 32 | o->at.start)));
                uint32_t k = (uint32_t)h & (cap - 1);
                while (v[k].n)
                    k = (k + 1) & (cap - 1);
                v[k] = *o;
            }
        r->memo = v;
        r->capmemo = cap;
    }
    uint64_t h = mix((uint64_t)(uintptr_t)a ^ mix(b ^ ((uint64_t)at.file << 32 | at.start)));
    uint32_t k = (uint32_t)h & (r->capmemo - 1);
    for (;; k = (k + 1) & (r->capmemo - 1)) {
        sx_memo *m = &r->memo[k];
        if (!m->n) {
            m->a = a;
            m->b = b;
            m->at = at;
            return m;
        }
        if (m->a == a && m->b == b && m->at.file == at.file && m->at.start == at.start && m->at.end == at.end)
            return m;
    }
}

static yi_node *memo_node(sx_run *r, yi_kind kind, rm_loc at, uint32_t cap)
{
    rm_arena *a = &r->keep->arena;
    yi_node *n = ar_alloc(a, sizeof *n);
    n->kind = kind;
    n->loc = at;
    if (kind != YI_SCALAR) {
        n->items = ar_alloc(a, (cap + 1) * sizeof *n->items);
        if (kind == YI_MAP)
            n->keys = ar_alloc(a, (cap + 1) * sizeof *n->keys);
    }
    return n;
}

/* A scalar of text (one that outlives the runs) */
static yi_node *scalar(sx_run *r, const char *text, rm_loc at, bool quoted)
{
    sx_memo *m = memo_slot(r, text, quoted ? SX_M_QUOTED : SX_M_SCALAR, at);
    if (!m->n) {
        yi_node *n = memo_node(r, YI_SCALAR, at, 0);
        n->text = text;
        n->len = (uint32_t)strlen(text);
        n->quoted = quoted;
        m->n = n;
        r->nmemo++;
    }
    return m->n;
}

static yi_node *container(sx_run *r, yi_kind kind, rm_loc at, uint32_t cap)
{
    yi_node *n = ar_alloc(&r->s->arena, sizeof *n);
    n->kind = kind;
    n->loc = at;
    n->items = ar_alloc(&r->s->arena, (cap + 1) * sizeof *n->items);
    if (kind == YI_MAP)
        n->keys = ar_alloc(&r->s->arena, (cap + 1) * sizeof *n->keys);
    return n;
}

/* key (a node made once) -> v into mapping m */
static void putk(yi_node *m, const yi_node *key, const yi_node *v)
{
    m->keys[m->n] = (yi_node *)key;
    m->items[m->n++] = (yi_node *)v;
}

static void put(sx_run *r, yi_node *m, const char *key, yi_node *v)
{
    m->keys[m->n] = scalar(r, key, v->loc, false);
    m->items[m->n++] = v;
}

static remit_session *fresh_session(sx_run *r, remit_session *old);

/* The typed decisions kept (and their trees) given back */
static void memo_free(sx_run *r)
{
    if (r->ms) {
        r->ms->arena.guard = NULL;
        remit_session_free(r->ms);
    }
    r->ms = NULL;
    r->cons = NULL;
    r->typed = NULL;
    r->whys = NULL;
    r->built = NULL;
    r->nbuilt = r->capbuilt = 0;
    r->ncons = r->capcons = r->ntyped = r->captyped = r->nwhys = r->capwhys = 0;
}

/* The typed decisions kept given back when there are more than
 * SX_MAX_TYPED (a run or runs of many kinds of decision): between two
 * decisions, when none is in use; what a template or members_at kept of
 * this run (canonical trees among it) is not found again (r->stamp) */
static void memo_bound(sx_run *r)
{
    if (r->ntyped > SX_MAX_TYPED || r->ncons > 4 * SX_MAX_TYPED || r->nwhys > SX_MAX_TYPED ||
        r->nbuilt > 4 * SX_MAX_TYPED) {
        memo_free(r);
        r->stamp++;
    }
}

static uint64_t tree_hash(const yi_node *n)
{
    uint64_t h = mix((uint64_t)n->kind << 32 ^ n->n) ^ mix((uint64_t)n->loc.file << 32 | n->loc.start) ^ n->loc.end;
    for (uint32_t i = 0; i < n->n; i++)
        h = mix(h ^ (uint64_t)(uintptr_t)n->items[i] ^ (n->kind == YI_MAP ? mix((uint64_t)(uintptr_t)n->keys[i]) : 0));
    return h;
}

/* Container n (a decision being built, or a list or mapping in it, its
 * own items canonical already) as the one node of its kind, place and
 * items, kept in r->ms: so that the same decision built again is the
 * same tree, and read_typed finds it typed.  n itself unless r->canon. */
static yi_node *canon(sx_run *r, yi_node *n)
{
    if (!r->canon)
        return n;
    if (!r->ms)
        r->ms = fresh_session(r, NULL);
    rm_arena *a = &r->ms->arena;
    if (2 * (r->ncons + 1) > r->capcons) {
        uint32_t cap = r->capcons ? 2 * r->capcons : 1024;
        yi_node **v = ar_alloc(a, (size_t)cap * sizeof *v);
        for (uint32_t i = 0; i < r->capcons; i++)
            if (r->cons[i]) {
                uint32_t k = (uint32_t)tree_hash(r->cons[i]) & (cap - 1);
                while (v[k])
                    k = (k + 1) & (cap - 1);
                v[k] = r->cons[i];
            }
        r->cons = v;
        r->capcons = cap;
    }
    uint32_t k = (uint32_t)tree_hash(n) & (r->capcons - 1);
    for (; r->cons[k]; k = (k + 1) & (r->capcons - 1)) {
        const yi_node *c = r->cons[k];
        if (c->kind == n->kind && c->n == n->n && c->loc.file == n->loc.file && c->loc.start == n->loc.start &&
            c->loc.end == n->loc.end && !memcmp(c->items, n->items, n->n * sizeof *n->items) &&
            (n->kind != YI_MAP || !memcmp(c->keys, n->keys, n->n * sizeof *n->keys)))
            return r->cons[k];
    }
    yi_node *c = ar_alloc(a, sizeof *c);
    *c = *n;
    c->items = ar_alloc(a, ((size_t)n->n + 1) * sizeof *c->items);
    memcpy(c->items, n->items, n->n * sizeof *n->items);
    if (n->kind == YI_MAP) {
        c->keys = ar_alloc(a, ((size_t)n->n + 1) * sizeof *c->keys);
        memcpy(c->keys, n->keys, n->n * sizeof *n->keys);
    }
    r->cons[k] = c;
    r->ncons++;
    return c;
}

/* A decision typed, kept by its canonical tree */
typedef struct sx_typed {
    const yi_node *root;        /* NULL: a free slot */
    ev_decision *d;             /* (in r->ms: a slot is two words) */
} sx_typed;

/* Canonical decision e typed into *d as in_decision types it.  A tree
 * typed before is not typed again: what typing reads of the run's
 * history (the matter's totals and prior approvals, 5.7, 4.12) is read
 * again, and when it is what it was, the decision is the one typed then
 * (what else typing reads is in the tree, the register and the policy,
 * the same for the file's runs); otherwise typed again.  Typed into
 * r->ms; a decision that cannot be, or is said anything of, is typed as
 * ever, its faults said in the run's session (and none is kept typed
 * after it in this file). */
static bool read_typed(sx_run *r, const yi_node *e, ev_decision *d)
{
    const remit_policy *p = r->p;
    if (!r->ms || r->memo_off)
        return in_decision(&r->ic, e, d);
    if (2 * (r->ntyped + 1) > r->captyped) {
        uint32_t cap = r->captyped ? 2 * r->captyped : 256;
        sx_typed *v = ar_alloc(&r->ms->arena, (size_t)cap * sizeof *v);
        for (uint32_t i = 0; i < r->captyped; i++)
            if (r->typed[i].root) {
                uint32_t k = (uint32_t)mix((uint64_t)(uintptr_t)r->typed[i].root) & (cap - 1);
                while (v[k].root)
                    k = (k + 1) & (cap - 1);
                v[k] = r->typed[i];
            }
        r->typed = v;
        r->captyped = cap;
    }
    uint32_t k = (uint32_t)mix((uint64_t)(uintptr_t)e) & (r->captyped - 1);
    while (r->typed[k].root && r->typed[k].root != e)
        k = (k + 1) & (r->captyped - 1);
    sx_typed *t = &r->typed[k];
    if (t->root) {
        *d = *t->d;
        const pl_matter *m = d->matter < p->nmatters ? &p->matters[d->matter] : NULL;
        if (m && m->ntotals)
            ev_totals(p, d, r->ic.hist);
        if (m && m->npriors)
            ev_priors(p, d, r->ic.hist);
        if (d->priors == t->d->priors && (!m || !memcmp(d->sums, t->d->sums, m->ntotals * sizeof *d->sums))) {
            d->history = r->ic.hist;
            d->hist_cut = r->ic.hist_cut;
            return true;
        }
    }
    in_ctx keep;
    memcpy(&keep, &r->ic, sizeof keep);
    uint32_t said = r->ms->diags.n;
    r->ic.s = r->ms;
    bool ok = in_decision(&r->ic, e, d);
    r->ic.s = keep.s;
    if (ok && r->ms->diags.n == said) {
        r->ntyped++; /* (typed again too: what r->ms holds) */
        t->root = e;
        if (!t->d)
            t->d = ar_alloc_raw(&r->ms->arena, sizeof *t->d);
        *t->d = *d;
        return true;
    }
    r->ic.errors = keep.errors; /* typed again as ever, to be said there */
    r->memo_off = true;
    return in_decision(&r->ic, e, d);
}

static yi_node *date_node(sx_run *r, int64_t day, rm_loc at)
{
    sx_memo *m = memo_slot(r, NULL, (uint64_t)day << 3 | SX_M_DATE, at);
    if (!m->n) {
        char b[16];
        lit_format_date(day, b, sizeof b);
        yi_node *n = memo_node(r, YI_SCALAR, at, 0);
        n->text = ar_strndup(&r->keep->arena, b, strlen(b));
        n->len = (uint32_t)strlen(b);
        m->n = n;
        r->nmemo++;
    }
    return m->n;
}

/* A member, as an attendance or a decider names one: person (or NULL)
 * in role, present (-1: not said) and presiding */
static yi_node *person_node(sx_run *r, const char *person, uint32_t role, rm_loc at, int present, bool presiding)
{
    sx_memo *mm = memo_slot(r, person, (uint64_t)role << 8 | (uint64_t)(present + 1) << 4 | (uint64_t)presiding << 3 |
                            SX_M_PERSON, at);
    if (mm->n)
        return mm->n;
    yi_node *m = memo_node(r, YI_MAP, at, 4);
    if (person)
        put(r, m, "person", scalar(r, person, at, true));
    put(r, m, "role", scalar(r, r->p->holders[role].name, at, false));
    if (present >= 0)
        put(r, m, "present", scalar(r, present ? "true" : "false", at, false));
    if (presiding)
        put(r, m, "presiding", scalar(r, "true", at, false));
    mm = memo_slot(r, person, (uint64_t)role << 8 | (uint64_t)(present + 1) << 4 | (uint64_t)presiding << 3 |
                   SX_M_PERSON, at); /* (again: the scalars may have moved it) */
    mm->n = m;
    r->nmemo++;
    return m;
}

/* The texts of a decision's fields and subjects as written: what an
 * interest's `in` is matched against, for the chair */
static bool concerns(const yi_node *e, const char *in)
{
    const yi_node *f = yi_get(e, "fields"), *s = yi_get(e, "subject");
    for (uint32_t k = 0; f && f->kind == YI_MAP && k < f->n; k++)
        if (is_text(f->items[k]) && !strcmp(f->items[k]->text, in))
            return true;
    for (uint32_t k = 0; s && s->kind == YI_SEQ && k < s->n; k++)
        if (is_text(s->items[k]) && !strcmp(s->items[k]->text, in))
            return true;
    return false;
}

/* A member at the meeting: who, and whether there */
typedef struct sx_seat {
    const char *person;
    uint32_t role;
    bool present, conflicted, vacant;
    uint32_t idx;               /* its place among the meeting's seats */
    uint32_t reg;               /* the register's person, UINT32_MAX: a seat it does not fill */
} sx_seat;

/* Is the person of scenario interest i the register's person reg? */
static bool is_person(const sx_run *r, uint32_t i, uint32_t reg)
{
    return reg != UINT32_MAX && r->int_reg[(size_t)i * r->ic.npeople + reg];
}

/* Is seat a the member of seat b put back: the same person (each seat
 * of theirs), or, for a seat the register does not fill, the same seat */
static bool same_seat(const sx_seat *a, const sx_seat *b)
{
    return a->role == b->role && (a->person ? a->person == b->person : !b->person && a->idx == b->idx);
}

/* Which interests bear on a decision of template t (party_conflicted):
 * those of the scenario and of the register whose `in` is one of its
 * texts, found once for every run */
static void bears_of(sx_run *r, sx_tmpl *t)
{
    const sx_scen *sc = r->sc;
    const in_ctx *ic = &r->ic;
    t->int_bears = ar_alloc(&r->s->arena, (sc->nints + 1) * sizeof *t->int_bears);
    t->reg_bears = ar_alloc(&r->s->arena, ((size_t)ic->npeople + 1) * sizeof *t->reg_bears);
    for (uint32_t i = 0; i < sc->nints; i++) {
        const yi_node *in = yi_get(sc->ints[i].node, "in");
        t->int_bears[i] = is_text(in) && concerns(t->node, in->text);
    }
    for (uint32_t i = 0; i < ic->npeople; i++)
        for (uint32_t k = 0; k < ic->people[i].nint && !t->reg_bears[i]; k++)
            t->reg_bears[i] = concerns(t->node, ic->people[i].ints[k].subject_name);
}

/* The context and protocols activated of one day for a template's
 * decisions, canonical (build), kept for the run that made them */
typedef struct sx_dayc {
    uint64_t stamp;             /* the run's (r->stamp); another: not found yet */
    yi_node *context, *activated; /* (NULL: none) */
} sx_dayc;

static yi_node *scalar(sx_run *r, const char *text, rm_loc at, bool quoted);

/* What build reads of template t, found once */
static void parts_of(sx_run *r, sx_tmpl *t)
{
    const remit_policy *p = r->p;
    const sx_scen *sc = r->sc;
    const yi_node *e = t->node;
    rm_arena *a = &r->s->arena;
    rm_loc at = e->loc;
    static const char *const skip[] = {"decider", "date", "every", "from", "to", "co_signatories", "interests",
                                       NULL};
    t->kept = ar_alloc_raw(a, ((size_t)e->n + 1) * sizeof *t->kept);
    for (uint32_t k = 0; k < e->n; k++) {
        size_t q = 0;
        while (skip[q] && strcmp(skip[q], e->keys[k]->text))
            q++;
        if (!skip[q])
            t->kept[t->nkept++] = k;
    }
    t->dn = yi_get(e, "decider");
    t->dt = yi_get(e, "date") ? yi_get(e, "date") : yi_get(e, "every");
    t->opened = yi_get(e, "opened") != NULL;
    t->co = yi_get(e, "co_signatories");
    t->ti = yi_get(e, "interests");
    uint32_t nco = t->co && t->co->kind != YI_SCALAR ? t->co->n : 0; /* (a mapping: typing says so) */
    t->co_role = ar_alloc_raw(a, ((size_t)nco + 1) * sizeof *t->co_role);
    t->co_pn = ar_alloc_raw(a, ((size_t)nco + 1) * sizeof *t->co_pn);
    for (uint32_t k = 0; k < nco; k++) {
        const yi_node *c = t->co->items[k];
        const yi_node *rn = c->kind == YI_MAP ? yi_get(c, "role") : c;
        t->co_pn[k] = c->kind == YI_MAP ? yi_get(c, "person") : NULL;
        t->co_role[k] = is_text(rn) ? holder_named(p, rn->text) : PL_NONE;
    }
    t->k_decider = scalar(r, "decider", t->dn->loc, false);
    t->k_date = scalar(r, "date", t->dt->loc, false);
    t->k_opened = scalar(r, "opened", t->dt->loc, false);
    t->k_context = scalar(r, "context", sc->context ? sc->context->loc : at, false);
    t->k_activated = scalar(r, "activated", at, false);
    t->k_co = scalar(r, "co_signatories", t->co ? t->co->loc : at, false);
    t->k_attendance = scalar(r, "attendance", at, false);
    t->k_interests = scalar(r, "interests", t->ti ? t->ti->loc : at, false);
    uint64_t days = (uint64_t)(sc->to - sc->from + 1);
    t->dayc = days * sc->ntmpl <= (UINT64_C(1) << 20) ? ar_alloc(a, (days + 1) * sizeof *t->dayc) : NULL;
}

/* The register's people of each role, in its order (r->role_at, role_who) */
static void roles_of(sx_run *r)
{
    const in_ctx *ic = &r->ic;
    uint32_t nh = r->p->nholders, total = 0;
    r->role_at = ar_alloc(&r->s->arena, ((size_t)nh + 2) * sizeof *r->role_at);
    for (int pass = 0; pass < 2; pass++) {
        uint32_t *at = pass ? r->role_at : NULL;
        for (uint32_t i = 0; i < ic->npeople; i++) {
            const in_person *x = &ic->people[i];
            for (uint32_t j = 0; j < x->nroles; j++) {
                uint32_t q = 0, role = x->roles[j];
                while (q < j && x->roles[q] != role) /* (a role given again: once) */
                    q++;
                if (q < j || role >= nh)
                    continue;
                if (!pass)
                    r->role_at[role + 1]++;
                else
                    r->role_who[at[role]++] = i;
            }
        }
        if (!pass) {
            for (uint32_t h = 0; h < nh; h++)
                r->role_at[h + 1] += r->role_at[h];
            total = r->role_at[nh];
            r->role_who = ar_alloc_raw(&r->s->arena, ((size_t)total + 1) * sizeof *r->role_who);
        }
    }
    for (uint32_t h = nh; h > 0; h--) /* filling moved each start to the next's: back */
        r->role_at[h] = r->role_at[h - 1];
    r->role_at[0] = 0;
    r->phash = ar_alloc_raw(&r->s->arena, ((size_t)ic->npeople + 1) * sizeof *r->phash);
    for (uint32_t i = 0; i < ic->npeople; i++)
        r->phash[i] = text_hash(ic->people[i].text);
    r->seats_ub = ar_alloc(&r->s->arena, ((size_t)nh + 1) * sizeof *r->seats_ub);
    for (uint32_t b = 0; b < nh; b++) {
        const pl_holder *x = &r->p->holders[b];
        uint64_t ub = 0;
        for (uint32_t k = 0; k < x->nmembers; k++)
            ub += r->role_at[x->members[k].role + 1] - r->role_at[x->members[k].role] +
                  (uint64_t)(x->members[k].lo > 0 ? x->members[k].lo : 0);
        r->seats_ub[b] = ub < UINT32_MAX / 2 ? (uint32_t)ub : UINT32_MAX / 2;
    }
    const sx_scen *sc = r->sc;
    r->int_reg = ar_alloc(&r->s->arena, (size_t)sc->nints * ic->npeople + 1);
    for (uint32_t i = 0; i < sc->nints; i++)
        for (uint32_t k = 0; sc->ints[i].person && k < ic->npeople; k++)
            r->int_reg[(size_t)i * ic->npeople + k] = !strcmp(sc->ints[i].person, ic->people[k].text);
    uint64_t cells = (uint64_t)nh * (uint64_t)(sc->to - sc->from + 1); /* (at most 3,660 days) */
    r->skels = cells <= (UINT64_C(1) << 20) ? ar_alloc(&r->s->arena, (cells + 1) * sizeof *r->skels) : NULL;
}

/* A seat of a body's meeting on one day as the register fills it, and
 * what of it is the same in every run: found once (skel_of) */
typedef struct sx_skseat {
    const char *person;         /* NULL: a seat the register does not fill */
    uint32_t role, reg;         /* reg: the register's person, UINT32_MAX */
    uint32_t group;             /* its place in the body's `members` line */
    bool away;                  /* away as the scenario writes it */
    uint64_t draw;              /* the part of its draw of absence (away_on) that is not the run's */
} sx_skseat;

typedef struct sx_skel {
    uint32_t n;
    sx_skseat *s;
} sx_skel;

/* The seats of body b's meeting on day (at most max), as the register
 * fills them, into a (kept for the file's runs when a is r->keep's) */
static sx_skel *skel_make(sx_run *r, rm_arena *a, uint32_t b, int64_t day, uint32_t max)
{
    const pl_holder *x = &r->p->holders[b];
    const in_ctx *ic = &r->ic;
    sx_skel *k = ar_alloc_raw(a, sizeof *k);
    k->s = ar_alloc_raw(a, ((size_t)max + 1) * sizeof *k->s);
    uint32_t n = 0;
    for (uint32_t g = 0; g < x->nmembers; g++) {
        const struct pl_member *m = &x->members[g];
        int64_t got = 0;
        for (uint32_t q = r->role_at[m->role]; q < r->role_at[m->role + 1] && (m->hi < 0 || got < m->hi) && n < max;
             q++) {
            uint32_t i = r->role_who[q];
            if (holds(ic, i, m->role, day)) {
                const char *who = ic->people[i].text;
                k->s[n++] = (sx_skseat){who, m->role, i, g, away_written(r, who, m->role, day),
                                        draw_inner(5, r->phash[i], (uint64_t)day)};
                got++;
            }
        }
        for (; got < m->lo && n < max; got++) /* seats the register does not fill: by role */
            k->s[n++] = (sx_skseat){NULL, m->role, UINT32_MAX, g, away_written(r, NULL, m->role, day),
                                    draw_inner(5, m->role, (uint64_t)day)};
    }
    k->n = n;
    return k;
}

/* skel_make's seats of b on day, made once for the file's runs when the
 * day is the scenario's */
static const sx_skel *skel_of(sx_run *r, uint32_t b, int64_t day, uint32_t max)
{
    const sx_scen *sc = r->sc;
    if (!r->skels || day < sc->from || day > sc->to || max != r->seats_ub[b])
        return skel_make(r, &r->s->arena, b, day, max);
    sx_skel **k = &r->skels[(size_t)b * (size_t)(sc->to - sc->from + 1) + (size_t)(day - sc->from)];
    if (!*k)
        *k = skel_make(r, &r->keep->arena, b, day, max);
    return *k;
}

/* Scenario interests drawn in this run that bear on the party (person in
 * role; the register's entry `reg` of the person, or UINT32_MAX: none)
 * and on a decision of template t */
static bool party_conflicted(const sx_run *r, const sx_tmpl *t, uint32_t role, uint32_t reg)
{
    const sx_scen *sc = r->sc;
    for (uint32_t i = 0; i < sc->nints; i++) {
        const sx_interest *x = &sc->ints[i];
        if (!r->ihave[i] || !t->int_bears[i])
            continue;
        if (x->person ? is_person(r, i, reg) : x->role == role)
            return true;
    }
    return reg != UINT32_MAX && t->reg_bears[reg]; /* the register's */
}

/* The members of body b at its meeting on day, for a decision of
 * template t, into seats (at most max) */
static uint32_t members_find(sx_run *r, const sx_tmpl *t, uint32_t b, int64_t day, sx_seat *seats, uint32_t max)
{
    const sx_skel *k = skel_of(r, b, day, max);
    uint32_t bp = r->key ? r->sc->absent_bp : 0, g = UINT32_MAX;
    bool vacant = false;
    for (uint32_t i = 0; i < k->n; i++) {
        const sx_skseat *s = &k->s[i];
        if (s->group != g) {
            g = s->group;
            vacant = vacant_on(r, s->role, day);
        }
        bool away = s->away || (bp && (uint32_t)(mix(r->key ^ s->draw) % 10000u) < bp);
        seats[i] = (sx_seat){s->person, s->role, !vacant && !away, party_conflicted(r, t, s->role, s->reg), vacant,
                             i, s->reg};
    }
    return k->n;
}

/* members_find, found again from what it said last when asked the same
 * in the same run (what it reads, the run's draws, does not change) */
static uint32_t members_at(sx_run *r, const sx_tmpl *t, uint32_t b, int64_t day, sx_seat *seats, uint32_t max)
{
    struct sx_seen *c = &r->seen;
    if (c->seats && c->stamp == r->stamp && c->t == t && c->b == b && c->day == day && c->max == max) {
        memcpy(seats, c->seats, c->n * sizeof *seats);
        return c->n;
    }
    uint32_t n = members_find(r, t, b, day, seats, max);
    if (n > c->cap || !c->seats) {
        c->seats = ar_alloc_raw(&r->keep->arena, ((size_t)n + 1) * sizeof *c->seats);
        c->cap = n;
    }
    memcpy(c->seats, seats, n * sizeof *seats);
    *c = (struct sx_seen){t, b, max, n, c->cap, day, r->stamp, c->seats};
    return n;
}

/* Does the holder preside at b's meetings (b's `chaired by` entry c)? */
static bool may_chair(const remit_policy *p, const struct pl_chair *c, uint32_t role)
{
    if (!c->is_kind)
        return c->who == role;
    const pl_holder *x = &p->holders[role];
    for (uint32_t k = 0; k < x->nkinds; k++)
        if (x->kinds[k] == c->who)
            return true;
    return false;
}


/* The context of a decision of template t on day (the scenario's, each
 * value as the last period on that day sets it), and the protocols
 * activated (on the first day of the periods in force that activate
 * them): into *context and *activated, each NULL when none */
static void day_parts(sx_run *r, const sx_tmpl *t, int64_t day, yi_node **context, yi_node **activated)
{
    const remit_policy *p = r->p;
    const sx_scen *sc = r->sc;
    rm_loc at = t->node->loc;
    if (sc->context || sc->nperiods) {
        yi_node *c = container(r, YI_MAP, sc->context ? sc->context->loc : at, p->ncontext + 1);
        for (uint32_t j = 0; j < p->ncontext; j++) {
            const yi_node *v = sc->context ? yi_get(sc->context, p->context[j].name) : NULL;
            for (uint32_t i = 0; i < sc->nperiods; i++)
                if (period_on(r, i, day) && sc->periods[i].context &&
                    yi_get(sc->periods[i].context, p->context[j].name))
                    v = yi_get(sc->periods[i].context, p->context[j].name);
            if (v)
                put(r, c, p->context[j].name, (yi_node *)v);
        }
        /* a name the policy does not declare, said where it is written */
        for (int pass = -1; pass < (int)sc->nperiods; pass++) {
            const yi_node *m = pass < 0 ? sc->context : sc->periods[pass].context;
            for (uint32_t k = 0; m && k < m->n; k++) {
                uint32_t j = 0;
                while (j < p->ncontext && strcmp(p->context[j].name, m->keys[k]->text))
                    j++;
                if (j == p->ncontext && c->n < p->ncontext + 1) {
                    c->keys[c->n] = m->keys[k];
                    c->items[c->n++] = m->items[k];
                }
            }
        }
        *context = canon(r, c);
    }
    yi_node *act = NULL;
    for (uint32_t i = 0; i < sc->nperiods; i++) {
        const sx_period *x = &sc->periods[i];
        if (!x->nact || !period_on(r, i, day))
            continue;
        if (!act)
            act = container(r, YI_MAP, at, p->nprotocols);
        for (uint32_t k = 0; k < x->nact; k++) {
            uint32_t q = 0;
            while (q < act->n && strcmp(act->keys[q]->text, p->protocols[x->act[k]].name))
                q++;
            if (q == act->n)
                put(r, act, p->protocols[x->act[k]].name, date_node(r, r->pstart[i], at));
        }
    }
    if (act)
        *activated = canon(r, act);
}

/* The trees built, kept (in r->ms) by the words build makes each of
 * (sx_build): the same words, the same canonical tree, not built again */
typedef struct sx_built {
    uint64_t hash;
    uint32_t n;                 /* words; 0: a free slot */
    const uint64_t *w;
    yi_node *e;
} sx_built;

/* The slot of the tree of words w (n of them), found (->e) or to be */
static sx_built *built_slot(sx_run *r, const uint64_t *w, uint32_t n)
{
    rm_arena *a = &r->ms->arena;
    if (2 * (r->nbuilt + 1) > r->capbuilt) {
        uint32_t cap = r->capbuilt ? 2 * r->capbuilt : 1024;
        sx_built *v = ar_alloc(a, (size_t)cap * sizeof *v);
        for (uint32_t i = 0; i < r->capbuilt; i++)
            if (r->built[i].n) {
                uint32_t k = (uint32_t)r->built[i].hash & (cap - 1);
                while (v[k].n)
                    k = (k + 1) & (cap - 1);
                v[k] = r->built[i];
            }
        r->built = v;
        r->capbuilt = cap;
    }
    uint64_t h = n; /* (one multiply a word, then mixed once) */
    for (uint32_t i = 0; i < n; i++)
        h = (h ^ w[i]) * UINT64_C(0x100000001B3) + (h >> 29);
    h = mix(h);
    uint32_t k = (uint32_t)h & (r->capbuilt - 1);
    for (; r->built[k].n; k = (k + 1) & (r->capbuilt - 1)) {
        sx_built *b = &r->built[k];
        if (b->hash == h && b->n == n && !memcmp(b->w, w, n * sizeof *w))
            return b;
    }
    sx_built *b = &r->built[k];
    uint64_t *keep = ar_alloc_raw(a, (size_t)n * sizeof *keep);
    memcpy(keep, w, n * sizeof *w);
    *b = (sx_built){h, n, keep, NULL};
    r->nbuilt++;
    return b;
}

/* Decision e of template t taken by holder h (person, or NULL) on day,
 * as a tree: the template's own keys, then what the run gives.  back
 * (nback of them) are members taken as present and free of conflict
 * (weighing what a lost quorum would have needed).  What the tree is
 * made of is found first, as words (the periods in force, who signs,
 * who is at the meeting and who presides, the interests given): a
 * canonical tree (r->canon) made of the same words before is that tree,
 * not made again. */
static yi_node *build(sx_run *r, const sx_tmpl *t, const sx_rec *rec, uint32_t h, const char *person, int64_t day,
                      const sx_seat *back, uint32_t nback)
{
    const remit_policy *p = r->p;
    const sx_scen *sc = r->sc;
    const yi_node *e = t->node;
    rm_loc at = e->loc;
    rm_arena *sa = &r->s->arena;
    const yi_node *co = t->co;
    uint32_t nup = rec ? rec->nup : 0;
    uint32_t nco = co && co->kind == YI_SEQ ? co->n : 0;
    bool colist = (co && co->kind == YI_SEQ) || nup;
    /* the attendance of a body's meeting */
    sx_seat *seats = NULL;
    uint32_t nseats = 0;
    int chair = r->chair_seat; /* the first to ask: the first there and not conflicted (as the
                                  scenario's words say: chair_of weighs it as evaluation does) */
    if (p->holders[h].is_body && p->holders[h].nmembers) {
        seats = ar_alloc_raw(sa, ((size_t)r->seats_ub[h] + 1) * sizeof *seats);
        nseats = members_at(r, t, h, day, seats, r->seats_ub[h]);
        for (uint32_t i = 0; i < nseats && r->all_there; i++)
            seats[i].present = !seats[i].vacant;
        for (uint32_t i = 0; i < nseats; i++)
            for (uint32_t k = 0; k < nback; k++)
                if (same_seat(&seats[i], &back[k])) {
                    seats[i].present = true;
                    seats[i].conflicted = false;
                }
        const pl_holder *b = &p->holders[h];
        for (uint32_t c = 0; c < b->nchairs && chair == -2; c++)
            for (uint32_t i = 0; i < nseats && chair == -2; i++)
                if (seats[i].present && !seats[i].conflicted && may_chair(p, &b->chairs[c], seats[i].role))
                    chair = (int)i;
        for (uint32_t i = 0; i < nseats && chair == -2 && (b->nchairs || b->nnever); i++) /* no one may:
                                                                    someone must (refused for it) */
            if (seats[i].present)
                chair = (int)i;
    }
    /* the words: what the tree is made of */
    uint32_t nw = 6 + sc->nperiods + nco + 2 * nup + 2 * nseats + (sc->nints + 63) / 64, w0 = 6 + sc->nperiods;
    uint64_t *w = ar_alloc(sa, ((size_t)nw + 1) * sizeof *w);
    w[0] = (uint64_t)(uintptr_t)t;
    w[1] = (uint64_t)h << 32 | (uint64_t)colist << 31 | nup;
    w[2] = (uint64_t)(uintptr_t)person;
    w[3] = (uint64_t)day;
    w[4] = (uint64_t)(rec ? rec->arose : day);
    w[5] = nseats;
    for (uint32_t i = 0; i < sc->nperiods; i++) /* the context and protocols activated of the day */
        w[6 + i] = (uint64_t)(period_on(r, i, day) ? r->pstart[i] : INT64_MIN);
    /* the co-signatories there that day: 0 not there, 1 as written, else the person */
    for (uint32_t k = 0; k < nco; k++) {
        const yi_node *pn = t->co_pn[k];
        uint32_t role = t->co_role[k];
        const char *who;
        if (role == PL_NONE || p->holders[role].is_body)
            w[w0 + k] = 1; /* (typing says what is wrong, or a body signs) */
        else if (on_duty(r, role, is_text(pn) ? pn->text : NULL, day, &who))
            w[w0 + k] = who && !pn ? (uint64_t)(uintptr_t)who : 1;
        else
            w[w0 + k] = 0;
    }
    w0 += nco;
    for (uint32_t k = 0; k < nup; k++) { /* who escalated it signs, when there and not already */
        uint32_t u = rec->up[k];
        const char *who;
        bool listed = u == h;
        for (uint32_t q = 0; co && q < co->n && !listed; q++)
            listed = t->co_role[q] == u;
        w[w0 + 2 * k] = u; /* (its role, then who: 0 not there, 1 the role, else the person) */
        if (!listed && !p->holders[u].is_body && on_duty(r, u, NULL, day, &who))
            w[w0 + 2 * k + 1] = who ? (uint64_t)(uintptr_t)who : 1;
    }
    w0 += 2 * nup;
    for (uint32_t i = 0; i < nseats; i++) {
        w[w0 + 2 * i] = (uint64_t)(uintptr_t)seats[i].person;
        w[w0 + 2 * i + 1] = (uint64_t)seats[i].role << 2 | (uint64_t)seats[i].present << 1 | ((int)i == chair);
    }
    w0 += 2 * nseats;
    /* the scenario's interests drawn that bear on a party */
    for (uint32_t i = 0; i < sc->nints; i++) {
        const sx_interest *x = &sc->ints[i];
        if (!r->ihave[i])
            continue;
        bool party = x->person ? person && !strcmp(x->person, person) && (x->role == PL_NONE || x->role == h)
                               : x->role == h;
        for (uint32_t k = 0; k < nseats && !party; k++)
            party = seats[k].role == x->role || (x->person && is_person(r, i, seats[k].reg));
        for (uint32_t k = 0; k < nback && party; k++)
            if (x->person ? is_person(r, i, back[k].reg) : back[k].role == x->role)
                party = false;
        if (party)
            w[w0 + i / 64] |= UINT64_C(1) << (i % 64);
    }
    sx_built *kept = NULL;
    if (r->canon) {
        if (!r->ms)
            r->ms = fresh_session(r, NULL);
        kept = built_slot(r, w, nw);
        if (kept->e)
            return kept->e;
    }
    /* the tree */
    yi_node *d = container(r, YI_MAP, at, e->n + 9);
    for (uint32_t q = 0; q < t->nkept; q++) {
        d->keys[d->n] = e->keys[t->kept[q]];
        d->items[d->n++] = e->items[t->kept[q]];
    }
    const yi_node *dn = t->dn, *dt = t->dt;
    if (h == t->decider && person == t->person)
        putk(d, t->k_decider, dn);
    else if (person)
        putk(d, t->k_decider, person_node(r, person, h, dn->loc, -1, false));
    else
        putk(d, t->k_decider, scalar(r, p->holders[h].name, dn->loc, false));
    putk(d, t->k_date, date_node(r, day, dt->loc));
    if (!t->opened) /* raised the day it arose (for `escalate ... after`, 7.8) */
        putk(d, t->k_opened, date_node(r, rec ? rec->arose : day, dt->loc));
    /* the context and protocols activated of the day: found once a run when canonical */
    sx_dayc *dc = r->canon && t->dayc && day >= sc->from && day <= sc->to ? &t->dayc[day - sc->from] : NULL;
    if (dc && dc->stamp == r->stamp) {
        if (dc->context)
            putk(d, t->k_context, dc->context);
        if (dc->activated)
            putk(d, t->k_activated, dc->activated);
    } else {
        yi_node *c = NULL, *act = NULL;
        day_parts(r, t, day, &c, &act);
        if (c)
            putk(d, t->k_context, c);
        if (act)
            putk(d, t->k_activated, act);
        if (dc)
            *dc = (sx_dayc){r->stamp, c, act};
    }
    w0 = 6 + sc->nperiods;
    if (colist) {
        yi_node *l = container(r, YI_SEQ, co ? co->loc : at, nco + nup);
        for (uint32_t k = 0; k < nco; k++) {
            const yi_node *c = co->items[k];
            if (w[w0 + k] > 1)
                l->items[l->n++] = person_node(r, (const char *)(uintptr_t)w[w0 + k], t->co_role[k], c->loc, -1,
                                               false);
            else if (w[w0 + k])
                l->items[l->n++] = (yi_node *)c;
        }
        for (uint32_t k = 0; k < nup; k++) {
            uint32_t u = rec->up[k];
            uint64_t x = w[w0 + nco + 2 * k + 1];
            if (x > 1)
                l->items[l->n++] = person_node(r, (const char *)(uintptr_t)x, u, at, -1, false);
            else if (x)
                l->items[l->n++] = scalar(r, p->holders[u].name, at, false);
        }
        putk(d, t->k_co, canon(r, l));
    } else if (co) {
        putk(d, t->k_co, co);
    }
    w0 += nco + 2 * nup;
    if (seats) {
        yi_node *l = container(r, YI_SEQ, at, nseats);
        for (uint32_t i = 0; i < nseats; i++)
            l->items[l->n++] = person_node(r, seats[i].person, seats[i].role, at, seats[i].present, (int)i == chair);
        put(r, d, "attendance", canon(r, l));
    }
    w0 += 2 * nseats;
    /* interests: the template's, then the scenario's drawn that bear on a party */
    const yi_node *ti = t->ti;
    yi_node *il = container(r, YI_SEQ, ti ? ti->loc : at, (ti && ti->kind == YI_SEQ ? ti->n : 0) + sc->nints);
    if (ti && ti->kind != YI_SEQ) {
        put(r, d, "interests", (yi_node *)ti);
    } else {
        for (uint32_t k = 0; ti && k < ti->n; k++)
            il->items[il->n++] = ti->items[k];
        for (uint32_t i = 0; i < sc->nints; i++)
            if (w[w0 + i / 64] >> (i % 64) & 1)
                il->items[il->n++] = (yi_node *)sc->ints[i].node;
        if (il->n)
            put(r, d, "interests", canon(r, il));
    }
    yi_node *c = canon(r, d);
    if (kept)
        kept->e = c;
    return c;
}

/* ------------------------------------------------------------ history */

/* A session of its own for part of a run's history, in place of old
 * (freed): running out of memory there is running out here */
static remit_session *fresh_session(sx_run *r, remit_session *old)
{
    remit_session *s = remit_session_new(NULL);
    if (!s)
        rm_unwind(&r->s->arena); /* (old is freed at the end of the call) */
    s->arena.guard = r->s->arena.guard;
    if (old) {
        old->arena.guard = NULL;
        remit_session_free(old);
    }
    return s;
}

/* The history of a run: the decisions it has permitted, each added as a
 * history entry when it is permitted, as it was typed (not typed again),
 * in r->he, its indexes kept current as it goes (input.c, in_hist_live):
 * adding an entry costs the same however long the run.  A fault would be
 * Remit's own: each entry was read as a decision a moment before. */
static void history_fault(sx_run *r)
{
    dg_plain(r->s, REMIT_ERROR, "R0742", "the decisions permitted in this run could not be read again as "
             "their history");
    r->faulty = true;
    r->ic.hist = NULL;
}

static void history_add(sx_run *r, const ev_decision *d)
{
    in_ctx *ic = &r->ic;
    remit_session *s = ic->s;
    if (!r->he)
        r->he = fresh_session(r, NULL);
    ic->s = r->he;
    if (!r->hb.live) { /* (its first block of memory kept from run to run: rm_session_reset) */
        in_hist_start(ic, &r->hb, &r->h);
        in_hist_live(ic, &r->hb);
    }
    in_hist_append(ic, &r->hb, d);
    ic->s = s;
    if (r->he->diags.n || !ic->hist)
        history_fault(r);
}

/* The run's history let go: its session made new for the next run's
 * (keeping its first block of memory), or given back (at the end) */
static void history_free(sx_run *r, bool end)
{
    if (r->hb.live) {
        in_ctx *ic = &r->ic;
        remit_session *s = ic->s;
        ic->s = r->he;
        in_hist_done(ic, &r->hb);
        ic->s = s;
        r->hb.live = NULL;
    }
    if (r->he && end) {
        r->he->arena.guard = NULL;
        remit_session_free(r->he);
        r->he = NULL;
    } else if (r->he) {
        rm_session_reset(r->he);
    }
    r->ic.hist = NULL;
}

/* ------------------------------------------------------------ the queue */

/* Room for one more of n items of size bytes at *v (capacity *cap), in a */
static void *grow(rm_arena *a, void *v, uint32_t *cap, uint32_t n, size_t size)
{
    if (n < *cap)
        return v;
    uint32_t more = *cap ? 2 * *cap : 16;
    void *nv = ar_alloc_raw(a, more * size);
    if (n)
        memcpy(nv, v, n * size);
    *cap = more;
    return nv;
}

static bool before(const sx_item *a, const sx_item *b)
{
    return a->date != b->date ? a->date < b->date : a->seq < b->seq;
}

/* Decision rec to be taken (or, check, looked at) on date; seq its place
 * among the decisions of that day, or UINT32_MAX: after every one so far */
static void push_item(sx_run *r, uint32_t rec, int64_t date, bool check, uint32_t seq)
{
    r->heap = grow(&r->s->arena, r->heap, &r->capheap, r->nheap, sizeof *r->heap);
    uint32_t i = r->nheap++;
    r->heap[i] = (sx_item){date, seq == UINT32_MAX ? r->seq++ : seq, rec, check};
    while (i && before(&r->heap[i], &r->heap[(i - 1) / 2])) {
        sx_item x = r->heap[i];
        r->heap[i] = r->heap[(i - 1) / 2];
        r->heap[(i - 1) / 2] = x;
        i = (i - 1) / 2;
    }
}

static void push(sx_run *r, uint32_t rec, int64_t date)
{
    push_item(r, rec, date, false, UINT32_MAX);
}

static sx_item pop(sx_run *r)
{
    sx_item top = r->heap[0];
    r->heap[0] = r->heap[--r->nheap];
    for (uint32_t i = 0;;) {
        uint32_t l = 2 * i + 1, m = i;
        if (l < r->nheap && before(&r->heap[l], &r->heap[m]))
            m = l;
        if (l + 1 < r->nheap && before(&r->heap[l + 1], &r->heap[m]))
            m = l + 1;
        if (m == i)
            break;
        sx_item x = r->heap[i];
        r->heap[i] = r->heap[m];
        r->heap[m] = x;
        i = m;
    }
    return top;
}

/* ------------------------------------------------------------ routes */

/* (only in a run whose routes are shown: a counted run of several is
 * shown, when it is, by running it again) */
static void say(const sx_run *r, sx_rec *x, const char *fmt, ...) RM_PRINTF(3, 4);
static void say(const sx_run *r, sx_rec *x, const char *fmt, ...)
{
    if (!r->routes) {
        x->nroute = 1; /* (something said: the next is joined with "; ") */
        return;
    }
    if (x->nroute + 4 >= SX_ROUTE)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(x->route + x->nroute, SX_ROUTE - x->nroute, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= SX_ROUTE - x->nroute) { /* cut short: say so */
        memcpy(x->route + SX_ROUTE - 4, "...", 4);
        x->nroute = SX_ROUTE - 1;
    } else {
        x->nroute += (uint32_t)n;
    }
}

static const char *hname(const sx_run *r, uint32_t h)
{
    return r->p->holders[h].name;
}

static void day_text(int64_t day, char b[16])
{
    lit_format_date(day, b, 16);
}

/* day_text for a route, which only a run whose routes are written says */
static void route_day(const sx_run *r, int64_t day, char b[16])
{
    if (r->routes)
        day_text(day, b);
    else
        b[0] = '\0';
}

/* ------------------------------------------------------------ quorum */

/* Would decision t (its way so far rec) taken at body's meeting on day,
 * with the members back (nback) there and free of conflict, be quorate?
 * 1 yes, 0 no, -1 not known (it cannot be read so).  Read quietly: what
 * it took is given back. */
static int quorate(sx_run *r, const sx_tmpl *t, const sx_rec *rec, uint32_t body, const char *person, int64_t day,
                   const sx_seat *back, uint32_t nback)
{
    ar_mark m = ar_mark_of(&r->s->arena);
    in_ctx keep;
    memcpy(&keep, &r->ic, sizeof keep);
    r->ic.quiet = true;
    yi_node *e = build(r, t, rec, body, person, day, back, nback);
    ev_decision d;
    ev_result res;
    int q = in_decision(&r->ic, e, &d) ? (ev_evaluate_bare(r->p, &d, r->ic.hist, &res), res.quorum >= 0) : -1;
    r->ic.quiet = false;
    r->ic.errors = keep.errors;
    if (!in_left_behind(&keep, &r->ic, r->s->diags.n))
        ar_rewind(&r->s->arena, m);
    return q;
}

/* n more of cause c, found at `first` (the run << 32 | the place in it) */
static void count_cause(sx_cause *c, uint64_t n, uint64_t first)
{
    c->count += n;
    if (first < c->first)
        c->first = first;
}

/* Count n more of the cause `names` of body b's failures, found first at
 * `first`: kept by name, every one, so that which are shown does not hang
 * on the order the runs were made in.  Its place in b->causes. */
static uint32_t add_cause(rm_arena *a, sx_body *b, const char *names, uint64_t n, uint64_t first)
{
    if (2 * (b->ncauses + 1) > b->nslots) { /* (again) */
        uint32_t ns = b->nslots ? 2 * b->nslots : 16;
        uint32_t *slots = ar_alloc(a, (size_t)ns * sizeof *slots);
        for (uint32_t c = 0; c < b->ncauses; c++) {
            uint32_t k = (uint32_t)text_hash(b->causes[c].names) & (ns - 1);
            while (slots[k])
                k = (k + 1) & (ns - 1);
            slots[k] = c + 1;
        }
        b->slots = slots;
        b->nslots = ns;
    }
    uint32_t k = (uint32_t)text_hash(names) & (b->nslots - 1);
    for (; b->slots[k]; k = (k + 1) & (b->nslots - 1)) {
        sx_cause *c = &b->causes[b->slots[k] - 1];
        if (!strcmp(c->names, names)) {
            count_cause(c, n, first);
            return b->slots[k] - 1;
        }
    }
    b->causes = grow(a, b->causes, &b->capcauses, b->ncauses, sizeof *b->causes);
    b->causes[b->ncauses] = (sx_cause){ar_strndup(a, names, strlen(names)), n, first};
    b->slots[k] = ++b->ncauses;
    return b->ncauses - 1;
}

/* The meeting's decision typed once, for weighing its quorum with members
 * back without building and typing it again for each set of them */
typedef struct sx_quick {
    const remit_policy *p;
    ev_decision d;
    bool back[EV_MAX_ATTENDEES];
} sx_quick;

/* NULL when its attendance is not the seats, one for one (then each set
 * is weighed by building the decision again, quorate).  typed: the
 * decision as the meeting took it, when it was built as quick_of would
 * build it (the chair not changed), NULL: built and typed here. */
static sx_quick *quick_of(sx_run *r, const sx_tmpl *t, const sx_rec *rec, uint32_t body, const char *person,
                          int64_t day, const sx_seat *seats, uint32_t n, const ev_decision *typed)
{
    if (n > EV_MAX_ATTENDEES)
        return NULL;
    sx_quick *q = ar_alloc_raw(&r->s->arena, sizeof *q);
    q->p = r->p;
    if (typed) { /* (its attendance its own: quick_quorate changes it) */
        q->d = *typed;
        q->d.att = ar_alloc_raw(&r->s->arena, ((size_t)typed->natt + 1) * sizeof *q->d.att);
        if (typed->natt)
            memcpy(q->d.att, typed->att, typed->natt * sizeof *q->d.att);
    } else {
        in_ctx keep;
        memcpy(&keep, &r->ic, sizeof keep);
        r->ic.quiet = true;
        bool ok = in_decision(&r->ic, build(r, t, rec, body, person, day, NULL, 0), &q->d);
        r->ic.quiet = false;
        r->ic.errors = keep.errors;
        if (!ok)
            return NULL;
    }
    if (!q->d.meeting || q->d.decider != body || q->d.natt != n)
        return NULL;
    for (uint32_t k = 0; k < n; k++) {
        const ev_attendee *a = &q->d.att[k];
        if (a->holder != seats[k].role || a->present != seats[k].present ||
            (!a->person_name) != (!seats[k].person) || (a->person_name && strcmp(a->person_name, seats[k].person)))
            return NULL;
    }
    return q;
}

/* Would the meeting be quorate with the members back (nback of them, each
 * seat of theirs) there and free of their conflicts, every interest of
 * theirs set aside (the register's too)? */
static bool quick_quorate(sx_quick *q, const sx_seat *seats, uint32_t n, const sx_seat *back, uint32_t nback)
{
    bool out[EV_MAX_ATTENDEES];
    for (uint32_t i = 0; i < n; i++) {
        q->back[i] = false;
        for (uint32_t k = 0; k < nback && !q->back[i]; k++)
            q->back[i] = same_seat(&seats[i], &back[k]);
        if (q->back[i])
            q->d.att[i].present = true;
    }
    ev_set_aside(q->p, &q->d, out);
    for (uint32_t i = 0; i < n; i++)
        if (q->back[i])
            out[i] = false;
    bool ok = ev_quorate(q->p, &q->d, out);
    for (uint32_t i = 0; i < n; i++)
        q->d.att[i].present = seats[i].present;
    return ok;
}

/* The causes found of a meeting not quorate, kept (in r->ms) by what
 * they were found from: the meeting's decision (its canonical tree, and
 * the totals and prior approvals typing read of the history), and which
 * of its seats are vacant (the tree says only who is not present) */
typedef struct sx_why {
    const yi_node *e;           /* NULL: a free slot */
    uint64_t key;               /* a hash of all it is kept by */
    uint8_t priors;             /* the prior approvals and totals typing read */
    const int64_t *sums;
    uint32_t n;                 /* seats */
    bool *vacant;
    bool filled;                /* found: the rest */
    bool unexplained;
    uint32_t nnames, capnames;
    uint32_t *names;            /* in the order they were found: each its place in the body's causes */
} sx_why;

static uint64_t why_key(const yi_node *e, const ev_decision *d, const sx_seat *seats, uint32_t n, uint32_t ntotals)
{
    uint64_t h = mix((uint64_t)(uintptr_t)e ^ d->priors);
    for (uint32_t i = 0; i < ntotals; i++)
        h = mix(h ^ (uint64_t)d->sums[i]);
    for (uint32_t i = 0; i < n; i++)
        h = mix(h ^ (uint64_t)seats[i].vacant << (i & 63));
    return mix(h ^ n);
}

/* The slot of the causes of meeting decision e (typed d, seats n), found
 * before or (->filled false) to be; NULL when none is kept */
static sx_why *why_slot(sx_run *r, const yi_node *e, const ev_decision *d, const sx_seat *seats, uint32_t n)
{
    if (!e || !r->ms || r->memo_off || d->matter >= r->p->nmatters)
        return NULL;
    uint32_t nt = r->p->matters[d->matter].ntotals;
    rm_arena *a = &r->ms->arena;
    if (2 * (r->nwhys + 1) > r->capwhys) {
        uint32_t cap = r->capwhys ? 2 * r->capwhys : 64;
        sx_why *v = ar_alloc(a, (size_t)cap * sizeof *v);
        for (uint32_t i = 0; i < r->capwhys; i++)
            if (r->whys[i].e) {
                uint32_t k = (uint32_t)r->whys[i].key & (cap - 1);
                while (v[k].e)
                    k = (k + 1) & (cap - 1);
                v[k] = r->whys[i];
            }
        r->whys = v;
        r->capwhys = cap;
    }
    uint64_t key = why_key(e, d, seats, n, nt);
    uint32_t k = (uint32_t)key & (r->capwhys - 1);
    for (; r->whys[k].e; k = (k + 1) & (r->capwhys - 1)) {
        sx_why *w = &r->whys[k];
        bool same = w->key == key && w->e == e && w->n == n && w->priors == d->priors &&
                    !memcmp(w->sums, d->sums, nt * sizeof *d->sums);
        for (uint32_t i = 0; i < n && same; i++)
            same = w->vacant[i] == seats[i].vacant;
        if (same)
            return w;
    }
    sx_why *w = &r->whys[k];
    int64_t *sums = ar_alloc_raw(a, ((size_t)nt + 1) * sizeof *sums);
    memcpy(sums, d->sums, nt * sizeof *sums);
    *w = (sx_why){.e = e, .key = key, .priors = d->priors, .sums = sums, .n = n};
    w->vacant = ar_alloc_raw(a, ((size_t)n + 1) * sizeof *w->vacant);
    for (uint32_t i = 0; i < n; i++)
        w->vacant[i] = seats[i].vacant;
    r->nwhys++;
    return w;
}

/* A cause found: counted for body b, and kept with the others of w */
static void found_cause(sx_run *r, sx_body *b, const char *names, sx_why *w)
{
    uint32_t c = add_cause(&r->keep->arena, b, names, 1, r->run_no << 32 | r->found++);
    if (w) {
        w->names = grow(&r->ms->arena, w->names, &w->capnames, w->nnames, sizeof *w->names);
        w->names[w->nnames++] = c;
    }
}

/* The texts part[0..n) written one after another at *u of buf (size
 * bytes, its text ending there), as snprintf would write them: false
 * when they do not all fit (as much as fits written, and ended) */
static bool cat(char *buf, size_t size, size_t *u, const char *const *part, size_t n)
{
    size_t at = *u;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(part[i]);
        if (len >= size - at) {
            memcpy(buf + at, part[i], size - at - 1);
            buf[size - 1] = '\0';
            return false;
        }
        memcpy(buf + at, part[i], len);
        at += len;
    }
    buf[at] = '\0';
    *u = at;
    return true;
}

/* The fewest members of the failed meeting whose return (present, and
 * free of their conflict) would have made it quorate: every such set
 * of the least size, up to SX_MAX_CAUSE; counted for the body.  typed
 * and e: the meeting's decision as read_decision read it, and its
 * canonical tree (NULL: not), when it was built as quick_of would. */
static void causes(sx_run *r, const sx_tmpl *t, const sx_rec *rec, uint32_t body, const char *person, int64_t day,
                   const ev_decision *typed, const yi_node *e)
{
    sx_seat out[SX_MAX_OUT];
    sx_seat *seats = ar_alloc_raw(&r->s->arena, ((size_t)r->seats_ub[body] + 1) * sizeof *seats);
    uint32_t n = members_at(r, t, body, day, seats, r->seats_ub[body]), nout = 0;
    sx_quick *quick = quick_of(r, t, rec, body, person, day, seats, n, typed);
    sx_why *kept = typed && quick ? why_slot(r, e, typed, seats, n) : NULL;
    if (kept && kept->filled) { /* found before: the same again */
        for (uint32_t i = 0; i < kept->nnames; i++)
            count_cause(&r->t.bodies[body].causes[kept->names[i]], 1, r->run_no << 32 | r->found++);
        r->t.bodies[body].unexplained += kept->unexplained;
        return;
    }
    if (kept)
        kept->filled = true;
    for (uint32_t i = 0; i < n && quick; i++) { /* conflicted: an interest that sets them aside (7.10) */
        seats[i].conflicted = false;
        for (uint32_t k = 0; k < quick->d.nint && !seats[i].conflicted; k++)
            seats[i].conflicted = ev_interest_of_attendee(&quick->d, &quick->d.ints[k], i) &&
                                  ev_excludes(r->p, &quick->d, &quick->d.ints[k]);
    }
    for (uint32_t i = 0; i < n && nout < SX_MAX_OUT; i++)
        if (!seats[i].present || seats[i].conflicted)
            out[nout++] = seats[i];
    sx_body *b = &r->t.bodies[body];
    for (uint32_t size = 1; size <= SX_MAX_CAUSE && size <= nout; size++) {
        uint32_t idx[SX_MAX_CAUSE];
        for (uint32_t k = 0; k < size; k++)
            idx[k] = k;
        bool found = false;
        for (;;) {
            sx_seat back[SX_MAX_CAUSE];
            for (uint32_t k = 0; k < size; k++)
                back[k] = out[idx[k]];
            if (quick ? quick_quorate(quick, seats, n, back, size)
                      : quorate(r, t, rec, body, person, day, back, size) > 0) {
                found = true;
                char names[1024];
                size_t u = 0;
                names[0] = '\0';
                for (uint32_t k = 0; k < size; k++) {
                    const sx_seat *x = &back[k];
                    const char *why = x->vacant ? "post vacant" : !x->present && x->conflicted ? "away and conflicted"
                                    : !x->present ? "away" : "conflicted";
                    const char *part[] = {k ? "; " : "", x->person ? x->person : x->vacant ? "the " : "a ",
                                          x->person ? " (" : "", hname(r, x->role), x->person ? ", " : " ", why,
                                          x->person ? ")" : ""};
                    if (!cat(names, sizeof names, &u, part, sizeof part / sizeof *part))
                        break;
                }
                found_cause(r, b, names, kept);
            }
            uint32_t k = size; /* the next set of this size */
            while (k && idx[k - 1] == nout - size + k - 1)
                k--;
            if (!k)
                break;
            idx[k - 1]++;
            for (uint32_t j = k; j < size; j++)
                idx[j] = idx[j - 1] + 1;
        }
        if (found)
            return;
    }
    b->unexplained++;
    if (kept)
        kept->unexplained = true;
}

/* ------------------------------------------------------------ a decision's way */

/* Is there a meeting of body b from `from` to `to` (days, inclusive)?
 * With quorate, one at which the decision of template t, taken by b,
 * would be quorate: 1 yes, 0 no, -1 not known (a meeting at which it
 * cannot be read). */
static int meets(sx_run *r, const sx_tmpl *t, const sx_rec *x, uint32_t b, int64_t from, int64_t to, bool need_quorum)
{
    const ev_calendar *cal = r->ic.calendar;
    if (!r->p->holders[b].is_body) { /* a role: there on some day */
        const char *who;
        for (int64_t day = from; day <= to && day <= r->sc->to + 366; day++)
            if (on_duty(r, b, NULL, day, &who))
                return 1;
        return 0;
    }
    int got = 0;
    for (int64_t m = cal ? ev_next_meeting(cal, b, from - 1) : INT64_MIN; m != INT64_MIN && m <= to;
         m = ev_next_meeting(cal, b, m)) {
        if (!need_quorum)
            return 1;
        int q = quorate(r, t, x, b, NULL, m, NULL, 0);
        if (q > 0)
            return 1;
        if (q < 0)
            got = -1;
    }
    return got;
}

/* What a permitted decision owes: a crisis protocol's ratification, and
 * ratifications and reports to a body, each judged by the meetings the
 * scenario gives */
static void owes(sx_run *r, sx_rec *x, const sx_tmpl *t, const ev_result *res, int64_t day)
{
    const remit_policy *p = r->p;
    char b1[16];
    for (uint32_t i = 0; i < res->nchain; i++)
        if (p->rules[res->chain_rules[i]].protocol != PL_NONE)
            x->protocol = p->rules[res->chain_rules[i]].protocol;
    for (uint32_t i = 0; i < res->ndue; i++) {
        const ev_due *u = &res->dues[i];
        if (u->ob == EV_CONSULT || u->ob == EV_DECLARE)
            continue;
        if (u->ob == PL_NONE) { /* a crisis protocol's ratification */
            uint32_t by = p->protocols[u->protocol].ratifier;
            x->protocol = u->protocol;
            if (by == PL_NONE || u->due == INT64_MIN)
                continue;
            route_day(r, u->due, b1);
            x->ratified = meets(r, t, x, by, day, u->due, true);
            if (x->ratified == 0 && u->due > r->sc->to) { /* due after the period: not judged */
                x->ratified = -1;
                say(r, x, "; ratification by %s due %s, after the scenario's end: not judged", hname(r, by), b1);
                continue;
            }
            if (x->ratified == 0)
                say(r, x, "; not ratified by %s by %s: %s", hname(r, by), b1,
                    !p->holders[by].is_body ? "no one in the post there to ratify it"
                    : meets(r, t, x, by, day, u->due, false) ? "no quorate meeting by then" : "it does not meet by then");
            else if (x->ratified < 0)
                say(r, x, "; whether %s could ratify it by %s is not known", hname(r, by), b1);
            continue;
        }
        const pl_obligation *o = &p->rules[u->rule].obligations[u->ob];
        if ((o->kind != OB_REPORT && o->kind != OB_RATIFY) || o->holder == PL_NONE || !p->holders[o->holder].is_body)
            continue; /* (records, publications and notices: not followed, SPEC 7.19) */
        bool ratify = o->kind == OB_RATIFY;
        int met = u->due == INT64_MIN ? 0 : meets(r, t, x, o->holder, day, u->due, ratify);
        if (met > 0 || (u->due == INT64_MIN && u->meeting != 2) || (u->due != INT64_MIN && u->due > r->sc->to))
            continue; /* (met, no deadline, or due after the period or its last meeting: not judged) */
        x->missed++;
        if (u->due != INT64_MIN)
            route_day(r, u->due, b1);
        say(r, x, "; %s %s missed: %s", ratify ? "ratification by" : "report to", hname(r, o->holder),
            u->due == INT64_MIN ? "no meeting of it is known" : met < 0 ? "not known" : "no meeting by");
        if (u->due != INT64_MIN && met == 0)
            say(r, x, " %s", b1);
    }
}

static void end_rec(sx_run *r, sx_rec *x, int fate)
{
    x->fate = fate;
    if (fate == SX_NO_ROUTE || fate == SX_UNDECIDED)
        r->failures++;
    r->failures += x->missed + (x->ratified == 0);
}

/* The day decision x was raised (for `escalate ... after`): the
 * template's `opened`, else the day it arose */
static int64_t opened_of(const sx_tmpl *t, const sx_rec *x)
{
    const yi_node *o = yi_get(t->node, "opened");
    int64_t day;
    if (o && is_text(o) && o->len == 10 && lit_date(o->text, 10, &day) == LIT_OK)
        return day;
    return x->arose;
}

/* Decision x (number rec, arrived seq), with body h, waits for h's
 * meeting on day m; but when an `escalate ... after N days` rule of its
 * matter (from h, or from anyone) could apply before then, it is looked
 * at again on the first day it could (7.8), today too when the rule's
 * time has already come (today: it was not looked at today), and goes
 * up then if the rule sends it.  Its place among the decisions of one
 * day is kept. */
static void wait_for(sx_run *r, sx_rec *x, uint32_t rec, uint32_t seq, const sx_tmpl *t, uint32_t h, int64_t day,
                     int64_t m, bool today)
{
    const remit_policy *p = r->p;
    int64_t first = m;
    if (p->matters[t->matter].escalates_after) {
        int64_t opened = opened_of(t, x);
        for (uint32_t i = 0; i < p->nrules; i++) {
            const pl_rule *q = &p->rules[i];
            if (q->kind != R_ESCALATE || q->matter != t->matter || q->after < 0 || (q->from != PL_NONE && q->from != h))
                continue;
            int64_t due = opened + q->after + 1;
            if (due <= day)
                due = today ? day : INT64_MAX;
            if (due < first)
                first = due;
        }
    }
    x->meeting = m;
    push_item(r, rec, first, first < m, seq);
}

static yi_node *read_decision(sx_run *r, const sx_tmpl *t, const sx_rec *x, uint32_t h, const char *who,
                              int64_t day, const sx_seat *back, uint32_t nback, ev_decision *d);

/* Decision x, waiting for its body's meeting, on day: does an
 * `escalate ... after` rule send it up, now that it has been open so
 * long?  Weighed as its body would take it with every member there (the
 * meeting's attendance is not known until it meets; their interests in
 * force, and the chair chosen as evaluation chooses), and only that
 * rule's escalation followed: true when it has gone up (x's holder is
 * the rule's target). */
static bool open_too_long(sx_run *r, sx_rec *x, const sx_tmpl *t, int64_t day)
{
    const remit_policy *p = r->p;
    uint32_t h = x->holder;
    if (r->faulty)
        return false;
    ar_mark mk = ar_mark_of(&r->s->arena);
    in_ctx keep;
    memcpy(&keep, &r->ic, sizeof keep);
    uint32_t diags = r->s->diags.n;
    ev_decision d;
    ev_result res;
    bool up = false;
    char why[512];
    why[0] = '\0';
    r->all_there = true;
    bool read = read_decision(r, t, x, h, NULL, day, NULL, 0, &d) != NULL;
    r->all_there = false;
    if (read) {
        ev_evaluate(p, &d, r->ic.hist, &res);
        up = res.outcome == EV_ESCALATE && res.nreasons && res.reasons[0].kind == WHY_ESCALATION &&
             p->rules[res.reasons[0].rule].after >= 0 && res.target != PL_NONE && res.target != h;
        if (up && r->routes)
            xp_reason_text(p, &d, &res.reasons[0], why, sizeof why);
    } else {
        r->faulty = true; /* said where the scenario wrote it */
    }
    if (!in_left_behind(&keep, &r->ic, diags))
        ar_rewind(&r->s->arena, mk);
    if (!up)
        return false;
    char b1[16];
    route_day(r, day, b1);
    say(r, x, "; still open on %s: escalated from %s to %s", b1, hname(r, h), hname(r, res.target));
    if (why[0])
        say(r, x, " (%s)", why);
    x->escalated = true;
    x->top = p->holders[res.target].is_body && !p->holders[res.target].nparents;
    x->holder = res.target;
    x->person = NULL;
    x->hops++;
    return true;
}

/* Who presides at the meeting of decision d, as evaluation weighs it
 * (7.10): of the first place of the body's `chaired by` with a member
 * there and not set aside by an interest, the first such member who is
 * not one the body is `never chaired by`; when no place has one, the
 * first member there who may preside; when none may, the first there (the
 * evaluation refuses the decision for it); -1 no one is there.  -2
 * when that is the one d gives already (or d is no meeting of a body
 * that says who chairs it). */
static int chair_of(const remit_policy *p, const ev_decision *d, const bool *barred)
{
    const pl_holder *b = d->decider < p->nholders ? &p->holders[d->decider] : NULL;
    if (!d->meeting || !b || !b->is_body || (!b->nchairs && !b->nnever) || d->natt > EV_MAX_ATTENDEES)
        return -2;
    bool out[EV_MAX_ATTENDEES], may[EV_MAX_ATTENDEES];
    ev_set_aside(p, d, out);
    for (uint32_t i = 0; i < d->natt; i++) {
        may[i] = d->att[i].present && !out[i] && !barred[i];
        for (uint32_t k = 0; k < b->nnever && may[i]; k++)
            may[i] = !ev_chair_fits(p, &b->never[k], d->att[i].holder);
    }
    int want = -1, has = -1;
    for (uint32_t j = 0; j < b->nchairs && want < 0; j++)
        for (uint32_t i = 0; i < d->natt && want < 0; i++)
            if (may[i] && ev_chair_fits(p, &b->chairs[j], d->att[i].holder))
                want = (int)i;
    for (uint32_t i = 0; i < d->natt && want < 0; i++) /* no place of `chaired by` there: another member */
        if (may[i])
            want = (int)i;
    for (uint32_t i = 0; i < d->natt && want < 0; i++) /* no one may: someone must, and is refused for it */
        if (d->att[i].present)
            want = (int)i;
    for (uint32_t i = 0; i < d->natt && has < 0; i++)
        if (d->att[i].presiding)
            has = (int)i;
    return want == has || (want < 0 && has >= 0) ? -2 : want;
}

/* Does the register give the person presiding at d's meeting a role the
 * body is never chaired by (its other roles: d->proles, 7.10)? */
static bool chair_barred(const remit_policy *p, const ev_decision *d)
{
    const pl_holder *b = &p->holders[d->decider];
    for (uint32_t k = 0; k < b->nnever; k++)
        for (uint32_t j = 0; j < d->nproles; j++)
            if (ev_chair_fits(p, &b->never[k], d->proles[j]))
                return true;
    return false;
}

/* Decision of template t (its way so far x) taken by h (person who) on
 * day, members back (nback) there and free of conflict: built, read into
 * *d, and built again with another in the chair until the one who
 * presides is the one evaluation expects (chair_of; a person the
 * register gives a role the body is never chaired by is passed over).
 * Its tree, or NULL when it cannot be read (said where the scenario
 * wrote it, unless quiet). */
static yi_node *read_decision(sx_run *r, const sx_tmpl *t, const sx_rec *x, uint32_t h, const char *who,
                              int64_t day, const sx_seat *back, uint32_t nback, ev_decision *d)
{
    r->canon = !r->memo_off;
    yi_node *e = build(r, t, x, h, who, day, back, nback);
    r->rebuilt = false;
    bool ok = read_typed(r, e, d);
    r->canon = false;
    if (!ok)
        return NULL;
    bool barred[EV_MAX_ATTENDEES] = {false};
    for (uint32_t tries = 0; tries <= d->natt && tries < EV_MAX_ATTENDEES; tries++) {
        int chair = chair_of(r->p, d, barred);
        if (chair == -2) {
            if (!d->meeting || !d->nproles || !chair_barred(r->p, d))
                break;
            for (uint32_t i = 0; i < d->natt && i < EV_MAX_ATTENDEES; i++) /* the register says no */
                if (d->att[i].presiding)
                    barred[i] = true;
            if ((chair = chair_of(r->p, d, barred)) == -2)
                break;
        }
        r->chair_seat = chair; /* another presides: built and read again so */
        r->rebuilt = true;
        r->canon = !r->memo_off;
        e = build(r, t, x, h, who, day, back, nback);
        r->chair_seat = -2;
        ok = read_typed(r, e, d);
        r->canon = false;
        if (!ok)
            return NULL;
    }
    return e;
}

/* Take decision `it` as far as it goes on its day */
static void take(sx_run *r, sx_item it)
{
    const remit_policy *p = r->p;
    const sx_scen *sc = r->sc;
    sx_rec *x = &r->recs[it.rec];
    const sx_tmpl *t = &sc->tmpl[x->tmpl];
    int64_t day = it.date;
    char b1[16];
    memo_bound(r); /* (a long run: between its decisions) */
    route_day(r, day, b1);
    if (it.check && !open_too_long(r, x, t, day)) { /* not sent up: it waits for the meeting */
        if (!r->faulty)
            wait_for(r, x, it.rec, it.seq, t, x->holder, day, x->meeting, false);
        return;
    }
    for (;;) {
        uint32_t h = x->holder;
        if (x->hops > SX_MAX_HOPS) {
            say(r, x, "; passed on more than %u times", SX_MAX_HOPS);
            end_rec(r, x, SX_NO_ROUTE);
            return;
        }
        const char *who = NULL;
        if (!p->holders[h].is_body) {
            if (!on_duty(r, h, h == t->decider ? x->person : NULL, day, &who)) {
                uint32_t up = delegator(r, t->matter, h);
                say(r, x, "%s%s %s on %s", x->nroute ? "; " : "", hname(r, h), vacant_on(r, h, day) ? "post vacant" : "away", b1);
                if (up == PL_NONE) {
                    say(r, x, ", and no one above it delegated %s to it", p->matters[t->matter].name);
                    end_rec(r, x, SX_NO_ROUTE);
                    return;
                }
                say(r, x, ": %s, who delegated it, takes it", hname(r, up));
                x->holder = up;
                x->person = NULL;
                x->hops++;
                continue;
            }
        } else {
            int64_t m = r->ic.calendar ? ev_next_meeting(r->ic.calendar, h, day - 1) : INT64_MIN;
            if (m == INT64_MIN || m > sc->to) {
                char b2[16];
                route_day(r, sc->to, b2);
                say(r, x, "%sno meeting of %s from %s to %s", x->nroute ? "; " : "", hname(r, h), b1, b2);
                end_rec(r, x, SX_UNDECIDED);
                return;
            }
            if (m > day) {
                char b2[16];
                route_day(r, m, b2);
                say(r, x, "%s%s meets on %s", x->nroute ? "; " : "", hname(r, h), b2);
                wait_for(r, x, it.rec, UINT32_MAX, t, h, day, m, true);
                return;
            }
        }
        if (r->faulty)
            return;
        ar_mark mk = ar_mark_of(&r->s->arena);
        in_ctx keep;
        memcpy(&keep, &r->ic, sizeof keep);
        uint32_t diags = r->s->diags.n;
        ev_decision d;
        yi_node *e = read_decision(r, t, x, h, who, day, NULL, 0, &d);
        if (!e) {
            r->faulty = true; /* said where the scenario wrote it */
            return;
        }
        ev_result res;
        ev_evaluate(p, &d, r->ic.hist, &res);
        bool body = p->holders[h].is_body;
        if (body && r->met_on[h] != day) { /* a meeting not yet counted */
            r->met_on[h] = day;
            r->met_failed[h] = false;
            r->t.bodies[h].meetings += r->counting;
        }
        if (res.quorum < 0) {
            say(r, x, "%s%s not quorate on %s", x->nroute ? "; " : "", hname(r, h), b1);
            if (!r->met_failed[h]) {
                r->met_failed[h] = true;
                r->failures++;
                r->t.bodies[h].failed += r->counting;
            }
            if (r->counting)
                causes(r, t, x, h, who, day, r->rebuilt ? NULL : &d, r->rebuilt ? NULL : e);
        }
        if (res.outcome == EV_PERMITTED) {
            x->taken = day;
            x->holder = h;
            say(r, x, "%spermitted: %s on %s", x->nroute ? "; " : "", hname(r, h), b1);
            owes(r, x, t, &res, day);
            end_rec(r, x, SX_PERMITTED);
            if (r->reads_history) /* in the history of those after it */
                history_add(r, &d);
            if (!in_left_behind(&keep, &r->ic, diags))
                ar_rewind(&r->s->arena, mk);
            return;
        }
        char why[512];
        why[0] = '\0';
        if (res.nreasons && r->routes)
            xp_reason_text(p, &d, &res.reasons[0], why, sizeof why);
        uint32_t target = res.target;
        ev_outcome outcome = res.outcome;
        int quorum = res.quorum;
        if (!in_left_behind(&keep, &r->ic, diags))
            ar_rewind(&r->s->arena, mk);
        if (outcome == EV_ESCALATE && target != PL_NONE && target != h) {
            say(r, x, "%sescalated from %s to %s", x->nroute ? "; " : "", hname(r, h), hname(r, target));
            if (why[0])
                say(r, x, " (%s)", why);
            if (x->nup < SX_MAX_UP && !p->holders[h].is_body)
                x->up[x->nup++] = h;
            x->escalated = true;
            x->top = p->holders[target].is_body && !p->holders[target].nparents;
            x->holder = target;
            x->person = NULL;
            x->hops++;
            continue;
        }
        if (outcome == EV_REFUSED && quorum < 0 && body) { /* the next meeting, perhaps quorate */
            int64_t m = ev_next_meeting(r->ic.calendar, h, day);
            if (m != INT64_MIN && m <= sc->to) {
                char b2[16];
                route_day(r, m, b2);
                say(r, x, "; %s meets again on %s", hname(r, h), b2);
                wait_for(r, x, it.rec, UINT32_MAX, t, h, day, m, true);
                return;
            }
            char b2[16];
            route_day(r, sc->to, b2);
            say(r, x, "; no quorate meeting of %s by %s", hname(r, h), b2);
            end_rec(r, x, SX_UNDECIDED);
            return;
        }
        x->holder = h;
        if (outcome == EV_ESCALATE) { /* nowhere else to go */
            say(r, x, "%sescalated by %s with nowhere to go", x->nroute ? "; " : "", hname(r, h));
            end_rec(r, x, SX_NO_ROUTE);
            return;
        }
        say(r, x, "%s%s: %s", x->nroute ? "; " : "", outcome == EV_UNDETERMINED ? "undetermined" : "refused",
            why[0] ? why : "no reason given");
        end_rec(r, x, outcome == EV_UNDETERMINED ? SX_UNDETERMINED : SX_REFUSED);
        return;
    }
}

/* ------------------------------------------------------------ a run */

/* The decisions each run of scenario sc makes */
static uint32_t decisions_of(const sx_scen *sc)
{
    uint64_t n = 0;
    for (uint32_t i = 0; i < sc->ntmpl; i++)
        n += days_in(sc->tmpl[i].from, sc->tmpl[i].to, sc->tmpl[i].every, sc->tmpl[i].months);
    return n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
}

/* One run of the scenario: its decisions made, taken day by day; the
 * routes in r->recs.  false when a decision could not be read. */
static bool run_once(sx_run *r, uint64_t run)
{
    const sx_scen *sc = r->sc;
    memo_bound(r);
    r->stamp++; /* (what each template kept of the last run is not this one's) */
    draw_run(r, run);
    r->run_no = run == UINT64_MAX ? 0 : run;
    r->found = 0;
    r->nrecs = 0;
    r->nheap = r->capheap = r->seq = 0;
    r->heap = NULL;
    r->failures = 0;
    r->ic.hist = NULL;
    for (uint32_t h = 0; h < r->p->nholders; h++)
        r->met_on[h] = INT64_MIN;
    uint32_t n = decisions_of(sc);
    r->recs = ar_alloc_raw(&r->s->arena, (n + 1) * sizeof *r->recs);
    for (uint32_t i = 0; i < sc->ntmpl; i++) {
        const sx_tmpl *t = &sc->tmpl[i];
        int64_t day;
        for (int64_t k = 0; (day = nth_day_of(t->from, k, t->every, t->months)) <= t->to; k++) {
            sx_rec *x = &r->recs[r->nrecs];
            x->tmpl = i;
            x->arose = day;
            x->taken = INT64_MIN;
            x->holder = t->decider;
            x->person = t->person;
            x->hops = 0;
            x->fate = -1;
            x->top = x->escalated = false;
            x->protocol = PL_NONE;
            x->ratified = -2; /* no ratification owed */
            x->nup = 0;
            x->missed = 0;
            x->meeting = INT64_MIN;
            x->nroute = 0;
            x->route = NULL;
            if (r->routes) {
                x->route = ar_alloc_raw(&r->s->arena, SX_ROUTE);
                x->route[0] = '\0';
            }
            push(r, r->nrecs++, day);
        }
    }
    while (r->nheap && !r->faulty)
        take(r, pop(r));
    history_free(r, false);
    return !r->faulty;
}

/* The run's outcomes into the file's tally */
static void tally(sx_run *r)
{
    sx_tally *t = &r->t;
    const remit_policy *p = r->p;
    t->runs++;
    for (uint32_t i = 0; i < r->nrecs; i++) {
        const sx_rec *x = &r->recs[i];
        t->decisions++;
        t->fates[x->fate]++;
        t->by_matter[(size_t)r->sc->tmpl[x->tmpl].matter * SX_NFATES + (size_t)x->fate]++;
        t->escalated += x->escalated;
        t->top += x->top;
        t->missed += x->missed;
        if (x->protocol != PL_NONE && x->fate == SX_PERMITTED) {
            t->crisis++;
            t->used[x->protocol]++;
            if (x->ratified == 0) {
                t->unratified++;
                t->unrat[x->protocol]++;
            }
            t->ratify_unknown += x->ratified == -1;
        }
        if (x->fate == SX_PERMITTED && x->taken - x->arose <= (int64_t)SX_MAX_DAYS) {
            t->days[x->taken - x->arose]++;
            t->ndays++;
        }
    }
    (void)p;
}

/* ------------------------------------------------------------ writing */

static void w_text(sx_run *r, const char *t)
{
    if (r->html) {
        xp_xml_str(&r->w, t);
        return;
    }
    if (r->json) {
        xp_json_str(&r->w, t);
        return;
    }
    xo_flush(&r->w);
    xp_esc_write(r->out, t, strlen(t), false);
}

static void w_date(sx_run *r, int64_t day)
{
    char b[16];
    day_text(day, b);
    if (r->json)
        xo_putc(&r->w, '"');
    xo_puts(&r->w, b);
    if (r->json)
        xo_putc(&r->w, '"');
}

static void w_key(sx_run *r, const char *key)
{
    xo_puts(&r->w, ",\"");
    xo_puts(&r->w, key);
    xo_puts(&r->w, "\":");
}

static void w_num(sx_run *r, uint64_t v)
{
    xo_uint(&r->w, v);
}

static void w_fmt(sx_run *r, const char *fmt, ...) RM_PRINTF(2, 3);
static void w_fmt(sx_run *r, const char *fmt, ...)
{
    char b[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b, sizeof b, fmt, ap);
    va_end(ap);
    xo_puts(&r->w, b);
}

/* The k-th of the days to decision, counted from the least (k from 1) */
static uint64_t nth_day(const sx_tally *t, uint64_t k)
{
    uint64_t seen = 0;
    for (uint64_t d = 0;; d++) {
        seen += t->days[d];
        if (seen >= k)
            return d;
    }
}

static uint64_t last_day(const sx_tally *t)
{
    uint64_t d = SX_MAX_DAYS;
    while (d && !t->days[d])
        d--;
    return d;
}

static const char *plural(uint64_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

static void fates_text(sx_run *r, const uint64_t *f, uint64_t total)
{
    static const char *const words[] = {"permitted", "refused", "undetermined", "with no route", "not taken"};
    w_fmt(r, "%llu %s", (unsigned long long)total, plural(total, "decision", "decisions"));
    bool first = true;
    for (int k = 0; k < SX_NFATES; k++) {
        if (!f[k])
            continue;
        w_fmt(r, "%s%llu %s", first ? ": " : ", ", (unsigned long long)f[k], words[k]);
        first = false;
    }
}

static void w_text_or_null(sx_run *r, const char *t)
{
    if (t)
        w_text(r, t);
    else
        xo_puts(&r->w, "null");
}

/* A shard's report says where each body, matter and protocol stands
 * among the scheme's, for the merge to put them in order */
static void w_order(sx_run *r, uint32_t i)
{
    if (r->shard) {
        w_key(r, "order");
        w_num(r, i);
    }
}

/* A file's period, and its runs and seed */
static void w_span(sx_run *r, const sx_tally *t)
{
    w_date(r, t->from);
    xo_puts(&r->w, " to ");
    w_date(r, t->to);
    if (r->o->runs)
        w_fmt(r, ", %llu %s, seed %llu", (unsigned long long)t->runs, plural(t->runs, "run", "runs"),
              (unsigned long long)r->o->seed);
}

/* What a decision of the run shown was: its matter (its fields' values) */
static void w_decision(sx_run *r, const sx_shown *x)
{
    w_text(r, x->matter);
    if (x->fields) {
        xo_puts(&r->w, " (");
        w_text(r, x->fields);
        xo_putc(&r->w, ')');
    }
}

/* One decision's line (text) or object (JSON) of the run shown */
static void rec_out(sx_run *r, const sx_shown *x, bool first)
{
    if (r->json) {
        xo_puts(&r->w, first ? "\n{\"date\":" : ",\n{\"date\":");
        w_date(r, x->arose);
        w_key(r, "matter");
        w_text(r, x->matter);
        if (r->shard) { /* (what the text of the merged report needs) */
            w_key(r, "fields");
            w_text_or_null(r, x->fields);
        }
        w_key(r, "decider");
        w_text(r, x->decider);
        w_key(r, "outcome");
        w_text(r, sx_fate_json[x->fate]);
        w_key(r, "taken_by");
        w_text_or_null(r, x->taken_by);
        w_key(r, "taken");
        if (x->taken != INT64_MIN) w_date(r, x->taken); else xo_puts(&r->w, "null");
        w_key(r, "days");
        if (x->taken != INT64_MIN) w_num(r, (uint64_t)(x->taken - x->arose)); else xo_puts(&r->w, "null");
        w_key(r, "escalated");
        xo_puts(&r->w, x->escalated ? "true" : "false");
        w_key(r, "reached_top");
        xo_puts(&r->w, x->top ? "true" : "false");
        w_key(r, "protocol");
        w_text_or_null(r, x->protocol);
        w_key(r, "ratified");
        xo_puts(&r->w, x->ratified == 1 ? "true" : x->ratified == 0 ? "false" : "null");
        w_key(r, "obligations_missed");
        w_num(r, x->missed);
        w_key(r, "route");
        w_text(r, x->route);
        xo_putc(&r->w, '}');
        return;
    }
    xo_puts(&r->w, "  ");
    w_date(r, x->arose);
    xo_putc(&r->w, ' ');
    w_decision(r, x);
    xo_puts(&r->w, " for ");
    w_text(r, x->decider);
    xo_puts(&r->w, ": ");
    w_text(r, x->route);
    if (x->taken != INT64_MIN && x->taken > x->arose)
        w_fmt(r, " (%lld %s)", (long long)(x->taken - x->arose), plural((uint64_t)(x->taken - x->arose), "day",
                                                                             "days"));
    xo_putc(&r->w, '\n');
}

/* How many times the causes of body b after the first `show` (ranked)
 * were found: shown together as others */
static uint64_t causes_beyond(const sx_body *b, uint32_t show)
{
    uint64_t n = 0;
    for (uint32_t c = show; c < b->ncauses; c++)
        n += b->causes[c].count;
    return n;
}

/* Most frequent first; among equals, the first found first */
static int by_count(const void *a, const void *b)
{
    const sx_cause *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return (x->first > y->first) - (x->first < y->first);
}

/* The decisions of the run shown in the order they arose */
static int by_arising(const void *a, const void *b)
{
    const sx_rec *x = *(const sx_rec *const *)a, *y = *(const sx_rec *const *)b;
    if (x->arose != y->arose)
        return x->arose < y->arose ? -1 : 1;
    return (x > y) - (x < y);
}

/* The decisions of the run just made, as the report writes them, into
 * the tally */
static void shown_of(sx_run *r)
{
    const remit_policy *p = r->p;
    sx_tally *t = &r->t;
    rm_arena *a = &r->s->arena;
    const sx_rec **order = ar_alloc_raw(a, (r->nrecs + 1) * sizeof *order);
    for (uint32_t i = 0; i < r->nrecs; i++)
        order[i] = &r->recs[i];
    if (r->nrecs > 1)
        qsort(order, r->nrecs, sizeof *order, by_arising);
    t->recs = ar_alloc(a, (r->nrecs + 1) * sizeof *t->recs);
    t->nshown = r->nrecs;
    for (uint32_t i = 0; i < r->nrecs; i++) {
        const sx_rec *x = order[i];
        const sx_tmpl *tm = &r->sc->tmpl[x->tmpl];
        sx_shown *y = &t->recs[i];
        y->arose = x->arose;
        y->taken = x->taken;
        y->fate = x->fate;
        y->ratified = x->ratified;
        y->escalated = x->escalated;
        y->top = x->top;
        y->missed = x->missed;
        y->matter = p->matters[tm->matter].name;
        y->decider = hname(r, tm->decider);
        y->taken_by = x->fate == SX_PERMITTED ? hname(r, x->holder) : NULL;
        y->protocol = x->protocol != PL_NONE ? p->protocols[x->protocol].name : NULL;
        y->route = x->route;
        const yi_node *f = yi_get(tm->node, "fields"); /* its fields' values, as written */
        size_t len = 0;
        for (uint32_t k = 0; f && f->kind == YI_MAP && k < f->n; k++)
            len += 2 + (is_text(f->items[k]) ? strlen(f->items[k]->text) : 3);
        if (!len)
            continue;
        char *v = ar_alloc_raw(a, len + 1), *at = v;
        for (uint32_t k = 0; k < f->n; k++) {
            const char *w = is_text(f->items[k]) ? f->items[k]->text : "...";
            if (k) {
                memcpy(at, ", ", 2);
                at += 2;
            }
            memcpy(at, w, strlen(w));
            at += strlen(w);
        }
        *at = '\0';
        y->fields = v;
    }
}

/* ------------------------------------------------------------ HTML */

/* The report as one self-contained page (SPEC 7.19): no script, no font
 * or picture fetched, the charts drawn as SVG in it; written as XHTML
 * that HTML readers read alike (void elements closed, every attribute
 * quoted, no entity XML lacks), so that a stray byte shows as an error
 * wherever it is read.  Positions are whole pixels. */

static const char *const sx_fate_word[] = {"permitted", "refused", "undetermined", "with no route", "not taken"};
static const char *const sx_fate_colour[] = {"#2e7d32", "#c62828", "#e0a800", "#6a1b9a", "#607d8b"};

#define SX_LABEL_W 210u         /* names, right-aligned before the bars */
#define SX_BAR_W 330u           /* a bar at 100% */
#define SX_ROW_H 26u
#define SX_CHART_W 720u
#define SX_MAX_BINS 60u         /* bars of the days to decision */

static void h_num(sx_run *r, uint64_t v)
{
    w_num(r, v);
}

/* A name before a bar, cut to what the space holds (the whole in its title) */
static void h_label(sx_run *r, uint32_t y, const char *name)
{
    w_fmt(r, "<text x=\"%u\" y=\"%u\" text-anchor=\"end\">", SX_LABEL_W - 8, y);
    size_t n = strlen(name);
    if (n > 30) {
        xo_puts(&r->w, "<title>");
        w_text(r, name);
        xo_puts(&r->w, "</title>");
        char cut[32];
        size_t k = 28;
        while (k && ((unsigned char)name[k] & 0xC0) == 0x80) /* not in the middle of a character */
            k--;
        memcpy(cut, name, k);
        cut[k] = '\0';
        w_text(r, cut);
        xo_puts(&r->w, "\xe2\x80\xa6"); /* … */
    } else {
        w_text(r, name);
    }
    xo_puts(&r->w, "</text>\n");
}

static void h_svg(sx_run *r, const char *id, uint32_t file, uint32_t height, const char *label)
{
    w_fmt(r, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"%s-%u\" role=\"img\" width=\"%u\" "
          "height=\"%u\" viewBox=\"0 0 %u %u\" aria-label=\"%s\">\n", id, file, SX_CHART_W, height, SX_CHART_W,
          height, label);
}

static void h_quorum(sx_run *r, const sx_tally *t, uint32_t file, uint32_t show)
{
    uint32_t rows = 0;
    for (uint32_t h = 0; h < t->nbodies; h++)
        rows += t->bodies[h].meetings != 0;
    xo_puts(&r->w, "<h3>Meetings not quorate, by body</h3>\n");
    if (!rows) {
        xo_puts(&r->w, "<p class=\"none\">No body met.</p>\n");
        return;
    }
    h_svg(r, "quorum", file, 8 + rows * SX_ROW_H, "the share of each body's meetings not quorate for a decision");
    uint32_t i = 0;
    for (uint32_t h = 0; h < t->nbodies; h++) {
        const sx_body *b = &t->bodies[h];
        if (!b->meetings)
            continue;
        uint32_t y = 4 + i++ * SX_ROW_H;
        h_label(r, y + 17, t->bname[h]);
        w_fmt(r, "<rect class=\"track\" x=\"%u\" y=\"%u\" width=\"%u\" height=\"18\"/>", SX_LABEL_W, y + 4,
              SX_BAR_W);
        w_fmt(r, "<rect class=\"bar\" x=\"%u\" y=\"%u\" width=\"%llu\" height=\"18\" fill=\"%s\"><title>", SX_LABEL_W,
              y + 4, (unsigned long long)(b->failed * SX_BAR_W / b->meetings), sx_fate_colour[SX_REFUSED]);
        w_text(r, t->bname[h]);
        w_fmt(r, ": %llu of %llu meetings not quorate</title></rect>", (unsigned long long)b->failed,
              (unsigned long long)b->meetings);
        w_fmt(r, "<text class=\"value\" x=\"%u\" y=\"%u\">%llu%% (%llu of %llu)</text>\n", SX_LABEL_W + SX_BAR_W + 8,
              y + 17, (unsigned long long)(b->failed * 100 / b->meetings), (unsigned long long)b->failed,
              (unsigned long long)b->meetings);
    }
    xo_puts(&r->w, "</svg>\n");
    for (uint32_t h = 0; h < t->nbodies; h++) { /* and what would have mended them */
        const sx_body *b = &t->bodies[h];
        if (!b->ncauses && !b->unexplained)
            continue;
        xo_puts(&r->w, "<table class=\"causes\"><caption>");
        w_text(r, t->bname[h]);
        xo_puts(&r->w, ": the fewest members whose return would have made it quorate</caption>\n"
                       "<thead><tr><th>Members away, conflicted or posts vacant</th><th>Times</th></tr></thead>"
                       "<tbody>\n");
        uint64_t other = causes_beyond(b, show);
        for (uint32_t c = 0; c < b->ncauses && c < show; c++) {
            xo_puts(&r->w, "<tr><td>");
            w_text(r, b->causes[c].names);
            xo_puts(&r->w, "</td><td class=\"n\">");
            h_num(r, b->causes[c].count);
            xo_puts(&r->w, "</td></tr>\n");
        }
        if (other) {
            xo_puts(&r->w, "<tr><td>others</td><td class=\"n\">");
            h_num(r, other);
            xo_puts(&r->w, "</td></tr>\n");
        }
        if (b->unexplained) {
            w_fmt(r, "<tr><td>not quorate even with any %u of the members missing back</td><td class=\"n\">",
                  SX_MAX_CAUSE);
            h_num(r, b->unexplained);
            xo_puts(&r->w, "</td></tr>\n");
        }
        xo_puts(&r->w, "</tbody></table>\n");
    }
}

static void h_matters(sx_run *r, const sx_tally *t, uint32_t file)
{
    uint32_t rows = 0;
    for (uint32_t m = 0; m < t->nmatters; m++)
        for (int k = 0; k < SX_NFATES; k++)
            if (t->by_matter[(size_t)m * SX_NFATES + (size_t)k]) {
                rows++;
                break;
            }
    xo_puts(&r->w, "<h3>What became of the decisions, by matter</h3>\n");
    if (!rows) {
        xo_puts(&r->w, "<p class=\"none\">No decision arose.</p>\n");
        return;
    }
    h_svg(r, "matters", file, 30 + rows * SX_ROW_H, "what became of each matter's decisions");
    for (int k = 0; k < SX_NFATES; k++) /* the legend */
        w_fmt(r, "<rect x=\"%u\" y=\"4\" width=\"12\" height=\"12\" fill=\"%s\"/><text class=\"legend\" x=\"%u\" "
              "y=\"14\">%s</text>\n", 8 + 140u * (unsigned)k, sx_fate_colour[k], 24 + 140u * (unsigned)k,
              sx_fate_word[k]);
    uint32_t i = 0;
    for (uint32_t m = 0; m < t->nmatters; m++) {
        const uint64_t *f = &t->by_matter[(size_t)m * SX_NFATES];
        uint64_t all = 0, before = 0;
        for (int k = 0; k < SX_NFATES; k++)
            all += f[k];
        if (!all)
            continue;
        uint32_t y = 26 + i++ * SX_ROW_H;
        h_label(r, y + 17, t->mname[m]);
        for (int k = 0; k < SX_NFATES; k++) {
            if (!f[k])
                continue;
            uint64_t x0 = before * SX_BAR_W / all, x1 = (before + f[k]) * SX_BAR_W / all;
            before += f[k];
            w_fmt(r, "<rect class=\"bar\" x=\"%llu\" y=\"%u\" width=\"%llu\" height=\"18\" fill=\"%s\"><title>",
                  (unsigned long long)(SX_LABEL_W + x0), y + 4, (unsigned long long)(x1 - x0), sx_fate_colour[k]);
            w_text(r, t->mname[m]);
            w_fmt(r, ": %llu %s</title></rect>", (unsigned long long)f[k], sx_fate_word[k]);
            if (x1 - x0 >= 40) /* the count, where it fits */
                w_fmt(r, "<text class=\"inbar\" x=\"%llu\" y=\"%u\" text-anchor=\"middle\">%llu</text>",
                      (unsigned long long)(SX_LABEL_W + (x0 + x1) / 2), y + 17, (unsigned long long)f[k]);
        }
        w_fmt(r, "<text class=\"value\" x=\"%u\" y=\"%u\">%llu %s</text>\n", SX_LABEL_W + SX_BAR_W + 8, y + 17,
              (unsigned long long)all, plural(all, "decision", "decisions"));
    }
    xo_puts(&r->w, "</svg>\n");
}

static void h_days(sx_run *r, const sx_tally *t, uint32_t file)
{
    xo_puts(&r->w, "<h3>Days from a decision arising to its being taken</h3>\n");
    if (!t->ndays) {
        xo_puts(&r->w, "<p class=\"none\">No decision was taken.</p>\n");
        return;
    }
    uint64_t last = last_day(t), span = last + 1;
    uint64_t width = (span + SX_MAX_BINS - 1) / SX_MAX_BINS, bins = (span + width - 1) / width;
    uint64_t most = 0, count[SX_MAX_BINS] = {0};
    for (uint64_t d = 0; d <= last; d++)
        count[d / width] += t->days[d];
    for (uint64_t b = 0; b < bins; b++)
        if (count[b] > most)
            most = count[b];
    const uint32_t left = 60, plot = 640, top = 10, height = 150;
    uint64_t slot = plot / bins;
    h_svg(r, "days", file, top + height + 40, "how many decisions took how many days");
    w_fmt(r, "<line class=\"axis\" x1=\"%u\" y1=\"%u\" x2=\"%llu\" y2=\"%u\"/>\n", left, top + height,
          (unsigned long long)(left + slot * bins), top + height);
    w_fmt(r, "<text class=\"tick\" x=\"%u\" y=\"%u\" text-anchor=\"end\">%llu</text>\n", left - 6, top + 10,
          (unsigned long long)most);
    w_fmt(r, "<text class=\"tick\" x=\"%u\" y=\"%u\" text-anchor=\"end\">0</text>\n", left - 6, top + height);
    for (uint64_t b = 0; b < bins; b++) {
        if (!count[b])
            continue;
        uint64_t h = count[b] * height / most;
        if (!h)
            h = 1;
        uint64_t lo = b * width, hi = lo + width - 1 < last ? lo + width - 1 : last;
        w_fmt(r, "<rect class=\"bar\" x=\"%llu\" y=\"%llu\" width=\"%llu\" height=\"%llu\" fill=\"%s\"><title>",
              (unsigned long long)(left + b * slot + 1), (unsigned long long)(top + height - h),
              (unsigned long long)(slot > 2 ? slot - 2 : 1), (unsigned long long)h, sx_fate_colour[SX_PERMITTED]);
        if (lo == hi)
            w_fmt(r, "%llu %s took %llu %s", (unsigned long long)count[b], plural(count[b], "decision", "decisions"),
                  (unsigned long long)lo, plural(lo, "day", "days"));
        else
            w_fmt(r, "%llu %s took %llu to %llu days", (unsigned long long)count[b],
                  plural(count[b], "decision", "decisions"), (unsigned long long)lo, (unsigned long long)hi);
        xo_puts(&r->w, "</title></rect>\n");
    }
    w_fmt(r, "<text class=\"tick\" x=\"%llu\" y=\"%u\" text-anchor=\"middle\">0</text>\n",
          (unsigned long long)(left + slot / 2), top + height + 16);
    if (bins > 1)
        w_fmt(r, "<text class=\"tick\" x=\"%llu\" y=\"%u\" text-anchor=\"middle\">%llu</text>\n",
              (unsigned long long)(left + slot * (bins - 1) + slot / 2), top + height + 16,
              (unsigned long long)((bins - 1) * width));
    w_fmt(r, "<text class=\"caption\" x=\"%u\" y=\"%u\">days (each bar %llu %s); decisions up the side</text>\n",
          left, top + height + 34, (unsigned long long)width, plural(width, "day", "days"));
    xo_puts(&r->w, "</svg>\n");
    w_fmt(r, "<p>Median %llu, 90%% within %llu, longest %llu (%llu taken).</p>\n",
          (unsigned long long)nth_day(t, (t->ndays + 1) / 2), (unsigned long long)nth_day(t, (9 * t->ndays + 9) / 10),
          (unsigned long long)last, (unsigned long long)t->ndays);
}

/* A decision of the run shown failed: no route, not taken, not
 * ratified in time, or owed a report or ratification that was missed */
static bool shown_failed(const sx_shown *x)
{
    return x->fate == SX_NO_ROUTE || x->fate == SX_UNDECIDED || x->ratified == 0 || x->missed;
}

static void h_card(sx_run *r, const char *what, uint64_t n, bool bad)
{
    w_fmt(r, "<div%s><dt>%s</dt><dd>", bad && n ? " class=\"bad\"" : "", what);
    h_num(r, n);
    xo_puts(&r->w, "</dd></div>");
}

static void file_html(sx_run *r, const sx_tally *t, uint32_t show)
{
    uint32_t file = (uint32_t)r->sum.files;
    uint64_t failed = 0;
    for (uint32_t h = 0; h < t->nbodies; h++)
        failed += t->bodies[h].failed;
    w_fmt(r, "<section class=\"file\" id=\"file-%u\">\n<h2>", file);
    w_text(r, t->title ? t->title : t->path);
    xo_puts(&r->w, "</h2>\n<p class=\"meta\">");
    w_text(r, t->path);
    xo_puts(&r->w, ", ");
    w_span(r, t);
    xo_puts(&r->w, "</p>\n<dl class=\"cards\">");
    h_card(r, "decisions", t->decisions, false);
    h_card(r, "permitted", t->fates[SX_PERMITTED], false);
    h_card(r, "refused", t->fates[SX_REFUSED], false);
    h_card(r, "with no route", t->fates[SX_NO_ROUTE], true);
    h_card(r, "not taken in time", t->fates[SX_UNDECIDED], true);
    h_card(r, "escalated", t->escalated, false);
    h_card(r, "reached the top", t->top, false);
    h_card(r, "meetings not quorate", failed, true);
    h_card(r, "crisis decisions not ratified in time", t->unratified, true);
    h_card(r, "reports and ratifications missed", t->missed, true);
    xo_puts(&r->w, "</dl>\n");
    h_quorum(r, t, file, show);
    h_matters(r, t, file);
    h_days(r, t, file);
    bool any = false;
    for (uint32_t i = 0; i < t->nprotocols; i++)
        if (t->used[i]) {
            if (!any)
                xo_puts(&r->w, "<h3>Crisis powers</h3>\n<table class=\"crisis\"><thead><tr><th>Protocol</th>"
                               "<th>Used</th><th>Not ratified in time</th></tr></thead><tbody>\n");
            any = true;
            xo_puts(&r->w, "<tr><td>");
            w_text(r, t->pname[i]);
            xo_puts(&r->w, "</td><td class=\"n\">");
            h_num(r, t->used[i]);
            w_fmt(r, "</td><td class=\"n%s\">", t->unrat[i] ? " bad" : "");
            h_num(r, t->unrat[i]);
            xo_puts(&r->w, "</td></tr>\n");
        }
    if (any)
        xo_puts(&r->w, "</tbody></table>\n");
    if (t->ratify_unknown)
        w_fmt(r, "<p>%llu ratifications could not be weighed: see their routes.</p>\n",
              (unsigned long long)t->ratify_unknown);
    if (t->shown >= 0)
        w_fmt(r, "<h3>The run with the most failures: run %ld</h3>\n", t->shown + 1);
    else
        xo_puts(&r->w, "<h3>Decision by decision</h3>\n");
    if (!t->nshown) {
        xo_puts(&r->w, "<p class=\"none\">No decision arose.</p>\n</section>\n");
        return;
    }
    w_fmt(r, "<table class=\"run\" id=\"run-%u\"><thead><tr><th>Arose</th><th>Decision</th><th>For</th>"
          "<th>Outcome</th><th>Days</th><th>What happened</th></tr></thead><tbody>\n", file);
    for (uint32_t i = 0; i < t->nshown; i++) {
        const sx_shown *x = &t->recs[i];
        w_fmt(r, "<tr class=\"%s%s\"><td class=\"d\">", sx_fate_json[x->fate], shown_failed(x) ? " failed" : "");
        w_date(r, x->arose);
        xo_puts(&r->w, "</td><td>");
        w_decision(r, x);
        xo_puts(&r->w, "</td><td>");
        w_text(r, x->decider);
        xo_puts(&r->w, "</td><td>");
        xo_puts(&r->w, sx_fate_word[x->fate]);
        xo_puts(&r->w, "</td><td class=\"n\">");
        if (x->taken != INT64_MIN)
            h_num(r, (uint64_t)(x->taken - x->arose));
        xo_puts(&r->w, "</td><td>");
        w_text(r, x->route);
        xo_puts(&r->w, "</td></tr>\n");
    }
    xo_puts(&r->w, "</tbody></table>\n</section>\n");
}

static const char sx_css[] =
    "body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,sans-serif;"
    "margin:2em auto;max-width:62em;padding:0 1em;color:#1a1a1a;line-height:1.4}\n"
    "h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.3em;margin-top:2em;border-top:2px solid #ccc;"
    "padding-top:.8em}h3{font-size:1.05em;margin-top:1.6em}\n"
    ".meta{color:#555;margin-top:0}.none{color:#555;font-style:italic}\n"
    ".cards{display:flex;flex-wrap:wrap;gap:.6em;margin:1em 0;padding:0}"
    ".cards div{border:1px solid #ccc;border-radius:4px;padding:.4em .8em;min-width:7em}"
    ".cards dt{font-size:.8em;color:#555}.cards dd{margin:0;font-size:1.4em;font-weight:600}"
    ".cards .bad{border-color:#c62828}.cards .bad dd{color:#c62828}\n"
    ".chart{display:block;max-width:100%;height:auto;font-size:12px}"
    ".chart text{fill:#1a1a1a}.chart .inbar{fill:#fff}.chart .track{fill:#eee}"
    ".chart .axis{stroke:#555}.chart .tick,.chart .caption{fill:#555}\n"
    "table{border-collapse:collapse;margin:.8em 0;font-size:.9em}caption{text-align:left;font-weight:600;"
    "padding:.3em 0}th,td{border:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}"
    "th{background:#f4f4f4}td.n{text-align:right}td.d{white-space:nowrap}td.bad{color:#c62828;font-weight:600}\n"
    "table.run tr.failed td{background:#fdecea}table.run tr.refused td:nth-child(4){color:#c62828}\n"
    "footer{margin-top:2em;border-top:2px solid #ccc;padding-top:.8em}\n"
    "@media print{body{margin:0;max-width:none}h2{break-before:page}table.run{font-size:.75em}}\n";

static void head_html(sx_run *r)
{
    const remit_stress_options *o = r->o;
    xo_puts(&r->w, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n"
                   "<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, "
                   "initial-scale=1\"/>\n<meta name=\"generator\" content=\"remit stress\"/>\n"
                   "<title>Stress test of a scheme of delegation</title>\n<style>\n");
    xo_puts(&r->w, sx_css);
    xo_puts(&r->w, "</style>\n</head>\n<body>\n<header>\n<h1>Stress test of a scheme of delegation</h1>\n"
                   "<p class=\"meta\">");
    if (o->runs)
        w_fmt(r, "%lu random %s of each scenario, seed %llu", o->runs, plural(o->runs, "run", "runs"), o->seed);
    else
        xo_puts(&r->w, "Each scenario run once, as written");
    xo_puts(&r->w, " (remit stress, SPEC 7.19). A failure is a meeting not quorate, a decision with no route or "
                   "not taken in the period, crisis powers not ratified in time, or a report or ratification "
                   "missed.</p>\n</header>\n");
}

/* What a file's runs found (tally t, with the run shown in it) */
static void file_out(sx_run *r, sx_tally *t)
{
    for (uint32_t h = 0; h < t->nbodies; h++) /* the most frequent causes first */
        if (t->bodies[h].ncauses > 1)
            qsort(t->bodies[h].causes, t->bodies[h].ncauses, sizeof *t->bodies[h].causes, by_count);
    /* the causes shown: the first SX_SHOW_CAUSES (every one in a shard's report); the rest, other */
    uint32_t show = r->shard ? UINT32_MAX : SX_SHOW_CAUSES;
    if (r->html) {
        file_html(r, t, show);
        xo_flush(&r->w);
        return;
    }
    if (r->json) {
        xo_puts(&r->w, r->sum.files > 1 ? ",\n{\"file\":" : "\n{\"file\":");
        w_text(r, t->path);
        w_key(r, "scenario");
        w_text_or_null(r, t->title);
        w_key(r, "from");
        w_date(r, t->from);
        w_key(r, "to");
        w_date(r, t->to);
        w_key(r, "runs");
        w_num(r, t->runs);
        w_key(r, "decisions");
        w_num(r, t->decisions);
        xo_puts(&r->w, ",\"outcomes\":{");
        for (int k = 0; k < SX_NFATES; k++) {
            xo_puts(&r->w, k ? ",\"" : "\"");
            xo_puts(&r->w, sx_fate_json[k]);
            xo_puts(&r->w, "\":");
            w_num(r, t->fates[k]);
        }
        xo_putc(&r->w, '}');
        w_key(r, "escalated");
        w_num(r, t->escalated);
        w_key(r, "reached_top");
        w_num(r, t->top);
        xo_puts(&r->w, ",\"by_matter\":[");
        bool first = true;
        for (uint32_t m = 0; m < t->nmatters; m++) {
            const uint64_t *f = &t->by_matter[(size_t)m * SX_NFATES];
            uint64_t all = 0;
            for (int k = 0; k < SX_NFATES; k++)
                all += f[k];
            if (!all)
                continue;
            xo_puts(&r->w, first ? "{\"matter\":" : ",{\"matter\":");
            first = false;
            w_text(r, t->mname[m]);
            w_order(r, m);
            for (int k = 0; k < SX_NFATES; k++) {
                w_key(r, sx_fate_json[k]);
                w_num(r, f[k]);
            }
            xo_putc(&r->w, '}');
        }
        xo_puts(&r->w, "],\"quorum\":[");
        first = true;
        for (uint32_t h = 0; h < t->nbodies; h++) {
            const sx_body *b = &t->bodies[h];
            if (!b->meetings)
                continue;
            xo_puts(&r->w, first ? "{\"body\":" : ",{\"body\":");
            first = false;
            w_text(r, t->bname[h]);
            w_order(r, h);
            w_key(r, "meetings");
            w_num(r, b->meetings);
            w_key(r, "not_quorate");
            w_num(r, b->failed);
            xo_puts(&r->w, ",\"quorate_again_with\":[");
            for (uint32_t c = 0; c < b->ncauses && c < show; c++) {
                xo_puts(&r->w, c ? ",{\"members\":" : "{\"members\":");
                w_text(r, b->causes[c].names);
                w_key(r, "count");
                w_num(r, b->causes[c].count);
                if (r->shard) {
                    w_key(r, "first");
                    w_num(r, b->causes[c].first);
                }
                xo_putc(&r->w, '}');
            }
            xo_putc(&r->w, ']');
            w_key(r, "other_causes");
            w_num(r, causes_beyond(b, show));
            w_key(r, "unexplained");
            w_num(r, b->unexplained);
            xo_putc(&r->w, '}');
        }
        xo_puts(&r->w, "],\"days_to_decision\":{\"decided\":");
        w_num(r, t->ndays);
        w_key(r, "median");
        if (t->ndays) w_num(r, nth_day(t, (t->ndays + 1) / 2)); else xo_puts(&r->w, "null");
        w_key(r, "p90");
        if (t->ndays) w_num(r, nth_day(t, (9 * t->ndays + 9) / 10)); else xo_puts(&r->w, "null");
        w_key(r, "max");
        if (t->ndays) w_num(r, last_day(t)); else xo_puts(&r->w, "null");
        if (r->shard) { /* every day, as [days, decisions] */
            xo_puts(&r->w, ",\"histogram\":[");
            first = true;
            for (uint64_t d = 0; d <= SX_MAX_DAYS; d++)
                if (t->days[d]) {
                    xo_puts(&r->w, first ? "[" : ",[");
                    first = false;
                    w_num(r, d);
                    xo_putc(&r->w, ',');
                    w_num(r, t->days[d]);
                    xo_putc(&r->w, ']');
                }
            xo_putc(&r->w, ']');
        }
        xo_puts(&r->w, "},\"crisis\":[");
        first = true;
        for (uint32_t i = 0; i < t->nprotocols; i++) {
            if (!t->used[i])
                continue;
            xo_puts(&r->w, first ? "{\"protocol\":" : ",{\"protocol\":");
            first = false;
            w_text(r, t->pname[i]);
            w_order(r, i);
            w_key(r, "used");
            w_num(r, t->used[i]);
            w_key(r, "not_ratified");
            w_num(r, t->unrat[i]);
            xo_putc(&r->w, '}');
        }
        xo_putc(&r->w, ']');
        w_key(r, "ratification_unknown");
        w_num(r, t->ratify_unknown);
        w_key(r, "obligations_missed");
        w_num(r, t->missed);
        w_key(r, "shown_run");
        if (t->shown >= 0) w_num(r, (uint64_t)t->shown + 1); else xo_puts(&r->w, "null");
        if (r->shard) {
            w_key(r, "shown_failures");
            w_num(r, t->worst);
        }
        xo_puts(&r->w, ",\"decisions_shown\":[");
        for (uint32_t i = 0; i < t->nshown; i++)
            rec_out(r, &t->recs[i], !i);
        xo_puts(&r->w, t->nshown ? "\n]}" : "]}");
        xo_flush(&r->w);
        return;
    }
    xo_puts(&r->w, r->sum.files > 1 ? "\nscenario " : "scenario ");
    if (t->title) {
        xo_putc(&r->w, '"');
        w_text(r, t->title);
        xo_puts(&r->w, "\" (");
        w_text(r, t->path);
        xo_putc(&r->w, ')');
    } else {
        w_text(r, t->path);
    }
    xo_puts(&r->w, ", ");
    w_span(r, t);
    xo_puts(&r->w, "\n  ");
    fates_text(r, t->fates, t->decisions);
    xo_putc(&r->w, '\n');
    if (t->escalated)
        w_fmt(r, "  escalated: %llu, of which %llu reached the top\n", (unsigned long long)t->escalated,
              (unsigned long long)t->top);
    for (uint32_t h = 0; h < t->nbodies; h++) {
        const sx_body *b = &t->bodies[h];
        if (!b->meetings)
            continue;
        xo_puts(&r->w, "  ");
        w_text(r, t->bname[h]);
        w_fmt(r, ": %llu %s, %llu not quorate for a decision (%llu%%)\n", (unsigned long long)b->meetings,
              plural(b->meetings, "meeting", "meetings"), (unsigned long long)b->failed,
              (unsigned long long)(b->failed * 100 / b->meetings));
        if (b->ncauses)
            xo_puts(&r->w, "    the fewest members whose return would have made it quorate:\n");
        uint64_t other = causes_beyond(b, show);
        for (uint32_t c = 0; c < b->ncauses && c < show; c++) {
            xo_puts(&r->w, "      ");
            w_text(r, b->causes[c].names);
            w_fmt(r, ": %llu %s\n", (unsigned long long)b->causes[c].count,
                  plural(b->causes[c].count, "time", "times"));
        }
        if (other)
            w_fmt(r, "      others: %llu %s\n", (unsigned long long)other, plural(other, "time", "times"));
        if (b->unexplained)
            w_fmt(r, "    %llu not quorate even with any %u of the members missing back\n",
                  (unsigned long long)b->unexplained, SX_MAX_CAUSE);
    }
    if (t->ndays)
        w_fmt(r, "  days to decision: median %llu, 90%% within %llu, longest %llu (%llu taken)\n",
              (unsigned long long)nth_day(t, (t->ndays + 1) / 2),
              (unsigned long long)nth_day(t, (9 * t->ndays + 9) / 10), (unsigned long long)last_day(t),
              (unsigned long long)t->ndays);
    for (uint32_t i = 0; i < t->nprotocols; i++)
        if (t->used[i]) {
            xo_puts(&r->w, "  crisis powers of ");
            w_text(r, t->pname[i]);
            w_fmt(r, ": used %llu %s, %llu not ratified in time\n", (unsigned long long)t->used[i],
                  plural(t->used[i], "time", "times"), (unsigned long long)t->unrat[i]);
        }
    if (t->ratify_unknown)
        w_fmt(r, "  (%llu ratifications could not be weighed: see their routes)\n",
              (unsigned long long)t->ratify_unknown);
    if (t->missed)
        w_fmt(r, "  reports and ratifications missed: %llu\n", (unsigned long long)t->missed);
    if (t->shown >= 0)
        w_fmt(r, "the run with the most failures, run %ld, decision by decision:\n", t->shown + 1);
    else if (t->nshown)
        xo_puts(&r->w, "decision by decision:\n");
    for (uint32_t i = 0; i < t->nshown; i++)
        rec_out(r, &t->recs[i], !i);
    xo_flush(&r->w);
}

/* ------------------------------------------------------------ a file */

static bool load_beside(sx_run *r, const yi_node *named, const char *scen_path, const remit_input *given,
                        bool (*load)(in_ctx *, const yi_node *), const char *what)
{
    uint32_t f;
    if (named) {
        if (!is_text(named)) {
            fault(r, named, "R0731", NULL, "%s: names a %s file, relative to the scenario file", what, what);
            return false;
        }
        char path[4096];
        const char *slash = strrchr(scen_path, '/');
        if (named->text[0] != '/' && slash)
            snprintf(path, sizeof path, "%.*s/%s", (int)(slash - scen_path), scen_path, named->text);
        else
            snprintf(path, sizeof path, "%s", named->text);
        f = src_read(r->s, path, path, &named->loc);
    } else if (given) {
        f = rm_open_given(r->s, given, what, RM_MAX_FILE_BYTES);
    } else {
        return true;
    }
    if (f == UINT32_MAX) {
        r->st = REMIT_E_UNREADABLE;
        return false;
    }
    yi_node *root = rm_read_input(r->s, f);
    return root && load(&r->ic, root);
}

/* The scenario's meetings as a calendar: each body's list of dates, or
 * { every: 4 weeks, from: DATE, to: DATE } made into one */
static bool meetings_of(sx_run *r, const yi_node *mt, const yi_node **cal)
{
    *cal = NULL;
    if (mt->kind != YI_MAP) {
        fault(r, mt, "R0723", "write meetings: { board: [2026-04-07, 2026-05-05] }", "meetings must be a mapping "
              "of bodies to their dates");
        return false;
    }
    yi_node *m = container(r, YI_MAP, mt->loc, mt->n);
    for (uint32_t k = 0; k < mt->n; k++) {
        const yi_node *v = mt->items[k];
        m->keys[m->n] = mt->keys[k];
        m->items[m->n++] = (yi_node *)v;
        if (v->kind != YI_MAP)
            continue;
        static const char *const keys[] = {"every", "from", "to", NULL};
        if (!keys_ok(r, v, keys, "a body's meetings"))
            return false;
        int64_t every, months, from, to;
        const yi_node *ev = yi_get(v, "every");
        if (!ev) {
            fault(r, v, "R0725", "write { every: 4 weeks, from: 2026-04-07 }", "meetings that repeat need 'every'");
            return false;
        }
        if (!every_of(r, ev, &every, &months) || !span_of(r, v, &from, &to))
            return false;
        uint32_t n = days_in(from, to, every, months);
        yi_node *l = container(r, YI_SEQ, v->loc, n);
        for (uint32_t q = 0; q < n; q++)
            l->items[l->n++] = date_node(r, nth_day_of(from, q, every, months), ev->loc);
        m->items[m->n - 1] = l;
    }
    yi_node *c = container(r, YI_MAP, mt->loc, 1);
    c->keys[0] = scalar(r, "meetings", mt->loc, false);
    c->items[0] = m;
    c->n = 1;
    *cal = c;
    return true;
}

static void add_up(sx_run *r, const sx_tally *t)
{
    remit_stress_summary *s = &r->sum;
    s->runs += t->runs;
    s->decisions += t->decisions;
    s->permitted += t->fates[SX_PERMITTED];
    s->refused += t->fates[SX_REFUSED];
    s->undetermined += t->fates[SX_UNDETERMINED];
    s->no_route += t->fates[SX_NO_ROUTE];
    s->undecided += t->fates[SX_UNDECIDED];
    s->escalated += t->escalated;
    s->reached_top += t->top;
    for (uint32_t h = 0; h < t->nbodies; h++) {
        s->meetings += t->bodies[h].meetings;
        s->not_quorate += t->bodies[h].failed;
    }
    s->crisis += t->crisis;
    s->not_ratified += t->unratified;
    s->obligations_missed += t->missed;
    s->failures = s->not_quorate + s->no_route + s->undecided + s->not_ratified + s->obligations_missed;
}

static bool reads_history(const remit_policy *p)
{
    if (p->ntotals || p->npriors)
        return true;
    for (uint32_t i = 0; i < p->nrules; i++)
        if (p->rules[i].kind == R_LIMIT)
            return true;
    return false;
}

static void run_file(sx_run *r, const remit_input *in)
{
    remit_session *s = r->s;
    const remit_policy *p = r->p;
    const remit_stress_options *o = r->o;
    uint32_t f = rm_open_given(s, in, "scenario", RM_MAX_FILE_BYTES);
    if (f == UINT32_MAX) {
        r->st = REMIT_E_UNREADABLE;
        return;
    }
    const rm_file *file = s->files.v[f];
    uint32_t at = 0; /* nothing but blanks and comments: say what a scenario is */
    while (at < file->len) {
        if (file->text[at] == '#')
            while (at < file->len && file->text[at] != '\n')
                at++;
        else if (strchr(" \t\r\n", file->text[at]))
            at++;
        else
            break;
    }
    if (at == file->len) {
        dg_item *g = dg_error(s, (rm_loc){f, 0, 0}, "R0702", "the scenario file is empty");
        dg_hint(s, g, "write a scenario: scenario:, from:, to:, and decisions: (SPEC 7.19; "
                "examples/scenarios/board-under-strain.yaml is one)");
        r->st = REMIT_E_INPUT;
        return;
    }
    yi_node *root = rm_read_input(s, f);
    sx_scen sc;
    memset(&sc, 0, sizeof sc);
    sc.path = ((const rm_file *)s->files.v[f])->path;
    r->sc = &sc;
    r->faulty = false;
    memo_free(r); /* (another register, another calendar) */
    r->memo_off = false;
    in_init(&r->ic, s, p, &s->arena);
    const yi_node *cal = NULL;
    if (!root || !read_scenario(r, &sc, root) ||
        !load_beside(r, yi_get(root, "register"), sc.path, o->register_file, in_register, "register") ||
        (yi_get(root, "meetings") && !meetings_of(r, yi_get(root, "meetings"), &cal)) ||
        (cal ? !in_calendar(&r->ic, cal)
             : !load_beside(r, NULL, sc.path, o->calendar, in_calendar, "calendar"))) {
        if (r->st == REMIT_OK)
            r->st = REMIT_E_INPUT;
        return;
    }
    roles_of(r);
    for (uint32_t i = 0; i < sc.ntmpl; i++) {
        bears_of(r, &sc.tmpl[i]);
        parts_of(r, &sc.tmpl[i]);
    }
    r->vac = ar_alloc(&s->arena, (sc.naway + 1) * sizeof *r->vac);
    r->may_vac = ar_alloc(&s->arena, ((size_t)p->nholders + 1) * sizeof *r->may_vac);
    r->pstart = ar_alloc(&s->arena, (sc.nperiods + 1) * sizeof *r->pstart);
    r->ihave = ar_alloc(&s->arena, (sc.nints + 1) * sizeof *r->ihave);
    r->from_of = ar_alloc(&s->arena, ((size_t)p->nmatters * p->nholders + 1) * sizeof *r->from_of);
    r->met_on = ar_alloc_raw(&s->arena, ((size_t)p->nholders + 1) * sizeof *r->met_on);
    r->met_failed = ar_alloc(&s->arena, ((size_t)p->nholders + 1) * sizeof *r->met_failed);
    /* each decision read once as written, on its first day, with every
     * interest (the random ones too): its faults said once */
    draw_run(r, UINT64_MAX);
    for (uint32_t i = 0; i < sc.nints; i++)
        r->ihave[i] = true;
    bool ok = true;
    uint32_t said = s->diags.n;
    for (uint32_t i = 0; i < sc.ntmpl; i++) {
        const sx_tmpl *t = &sc.tmpl[i];
        ev_decision d;
        ok = in_decision(&r->ic, build(r, t, NULL, t->decider, t->person, t->from, NULL, 0), &d) && ok;
        dg_drop_repeats(s, said); /* (before they could fill the cap of errors) */
    }
    /* and each period's context, on its first day (a random one: the
     * scenario's), with the first decision: a value it gets wrong is said
     * whatever the runs draw */
    for (uint32_t i = 0; i < sc.nperiods && sc.ntmpl && ok; i++) {
        if (!sc.periods[i].context)
            continue;
        for (uint32_t k = 0; k < sc.nperiods; k++)
            r->pstart[k] = INT64_MIN;
        r->pstart[i] = sc.periods[i].days ? sc.from : sc.periods[i].from;
        const sx_tmpl *t = &sc.tmpl[0];
        ev_decision d;
        ok = in_decision(&r->ic, build(r, t, NULL, t->decider, t->person, r->pstart[i], NULL, 0), &d);
        dg_drop_repeats(s, said);
    }
    if (!ok) { /* (the scenario's context, met by each decision, said once: dg_drop_repeats) */
        r->st = REMIT_E_INPUT;
        return;
    }
    uint32_t n = decisions_of(&sc); /* said before any run: every shard refuses it alike */
    if (n > SX_MAX_DECISIONS) {
        fault(r, sc.root, "R0742", "make the decisions repeat less often, or run a shorter period", "this "
              "scenario makes %u decisions, more than the %u a run may make", n, SX_MAX_DECISIONS);
        r->st = REMIT_E_INPUT;
        return;
    }
    rm_arena *ka = &r->keep->arena;
    sx_tally *t = &r->t;
    memset(t, 0, sizeof *t);
    t->path = sc.path;
    t->title = sc.title;
    t->from = sc.from;
    t->to = sc.to;
    t->nbodies = p->nholders;
    t->nmatters = p->nmatters;
    t->nprotocols = p->nprotocols;
    t->bname = ar_alloc(ka, ((size_t)p->nholders + 1) * sizeof *t->bname);
    for (uint32_t h = 0; h < p->nholders; h++)
        t->bname[h] = hname(r, h);
    t->mname = ar_alloc(ka, ((size_t)p->nmatters + 1) * sizeof *t->mname);
    for (uint32_t m = 0; m < p->nmatters; m++)
        t->mname[m] = p->matters[m].name;
    t->pname = ar_alloc(ka, ((size_t)p->nprotocols + 1) * sizeof *t->pname);
    for (uint32_t i = 0; i < p->nprotocols; i++)
        t->pname[i] = p->protocols[i].name;
    t->days = ar_alloc(ka, (SX_MAX_DAYS + 2) * sizeof *t->days);
    t->by_matter = ar_alloc(ka, ((size_t)p->nmatters * SX_NFATES + 1) * sizeof *t->by_matter);
    t->bodies = ar_alloc(ka, ((size_t)p->nholders + 1) * sizeof *t->bodies);
    t->used = ar_alloc(ka, ((size_t)p->nprotocols + 1) * sizeof *t->used);
    t->unrat = ar_alloc(ka, ((size_t)p->nprotocols + 1) * sizeof *t->unrat);
    t->shown = -1;
    if (!o->runs) {
        r->counting = r->routes = true;
        if (!run_once(r, UINT64_MAX)) {
            r->st = REMIT_E_INPUT;
            return;
        }
        tally(r);
        shown_of(r);
    } else {
        for (unsigned long k = 0; k < o->runs; k++) {
            if (o->shard_count && k % o->shard_count != o->shard_index - 1)
                continue; /* another shard's */
            ar_mark m = ar_mark_of(&s->arena);
            in_ctx before;
            memcpy(&before, &r->ic, sizeof before);
            uint32_t diags = s->diags.n;
            r->counting = true;
            r->routes = false; /* (the run shown is run again) */
            if (!run_once(r, k)) {
                r->st = REMIT_E_INPUT;
                return;
            }
            tally(r);
            if (t->shown < 0 || r->failures > t->worst) { /* the first of the most failures */
                t->worst = r->failures;
                t->shown = (long)k;
            }
            if (!in_left_behind(&before, &r->ic, diags))
                ar_rewind(&s->arena, m);
            if (r->progress && !(++r->done & 63))
                r->progress(r->progress_arg, r->done, r->total);
        }
        if (t->shown >= 0) {
            r->counting = false; /* the run shown, again */
            r->routes = true;
            if (!run_once(r, (uint64_t)t->shown)) {
                r->st = REMIT_E_INPUT;
                return;
            }
            shown_of(r);
        }
    }
    r->sum.files++;
    add_up(r, t);
    file_out(r, t);
}

/* ------------------------------------------------------------ the call */

typedef struct sx_call {
    sx_run *r;
} sx_call;

/* What a report begins with: in JSON, its schema, runs and seed (and
 * in a shard's, the shard) */
static void head_out(sx_run *r)
{
    const remit_stress_options *o = r->o;
    r->w.f = r->out;
    r->w.n = 0;
    if (r->html)
        head_html(r);
    if (!r->json)
        return;
    xo_puts(&r->w, "{\"schema\":\"remit.stress/1\"");
    if (r->shard) { /* (remit merge takes it out) */
        xo_puts(&r->w, ",\"shard\":{\"index\":");
        w_num(r, o->shard_index);
        w_key(r, "count");
        w_num(r, o->shard_count);
        xo_putc(&r->w, '}');
    }
    w_key(r, "runs");
    if (o->runs) w_num(r, o->runs); else xo_puts(&r->w, "null");
    w_key(r, "seed");
    if (o->runs) w_num(r, o->seed); else xo_puts(&r->w, "null");
    xo_puts(&r->w, ",\"files\":[");
}

static void summary_text(sx_run *r);

/* What it ends with: the summary of every file's */
static void tail_out(sx_run *r)
{
    const remit_stress_summary *s = &r->sum;
    if (r->json) {
        xo_puts(&r->w, s->files ? "\n],\"summary\":{" : "],\"summary\":{");
        struct { const char *k; size_t v; } f[] = {
            {"files", s->files}, {"runs", s->runs}, {"decisions", s->decisions}, {"permitted", s->permitted},
            {"refused", s->refused}, {"undetermined", s->undetermined}, {"no_route", s->no_route},
            {"undecided", s->undecided}, {"escalated", s->escalated}, {"reached_top", s->reached_top},
            {"meetings", s->meetings}, {"not_quorate", s->not_quorate}, {"crisis", s->crisis},
            {"not_ratified", s->not_ratified}, {"obligations_missed", s->obligations_missed},
            {"failures", s->failures}};
        for (size_t k = 0; k < sizeof f / sizeof *f; k++) {
            xo_puts(&r->w, k ? ",\"" : "\"");
            xo_puts(&r->w, f[k].k);
            xo_puts(&r->w, "\":");
            w_num(r, f[k].v);
        }
        xo_putc(&r->w, '}');
        if (r->shard) {
            w_fmt(r, ",\"inputs\":\"%016llx\"", (unsigned long long)r->inputs);
            w_key(r, "faulty_files");
            w_num(r, s->faulty_files);
        }
        xo_puts(&r->w, "}\n");
    } else if (r->html) {
        xo_puts(&r->w, "<footer><p>");
        if (s->files)
            summary_text(r);
        else
            xo_puts(&r->w, "No scenario could be run");
        xo_puts(&r->w, ".</p></footer>\n</body>\n</html>\n");
    } else if (s->files) {
        xo_putc(&r->w, '\n');
        summary_text(r);
        xo_putc(&r->w, '\n');
    }
    xo_flush(&r->w);
}

/* The closing line: the failures, by kind, in how many runs and files */
static void summary_text(sx_run *r)
{
    const remit_stress_summary *s = &r->sum;
    w_fmt(r, "%zu %s", s->failures, plural(s->failures, "failure", "failures"));
    if (s->failures) {
        struct { size_t n; const char *what; } v[] = {
            {s->not_quorate, plural(s->not_quorate, "meeting not quorate", "meetings not quorate")},
            {s->no_route, plural(s->no_route, "decision with no route", "decisions with no route")},
            {s->undecided, plural(s->undecided, "decision not taken in time", "decisions not taken in time")},
            {s->not_ratified, plural(s->not_ratified, "crisis decision not ratified in time",
                                     "crisis decisions not ratified in time")},
            {s->obligations_missed, plural(s->obligations_missed, "report or ratification missed",
                                           "reports or ratifications missed")}};
        bool first = true;
        for (size_t k = 0; k < sizeof v / sizeof *v; k++)
            if (v[k].n) {
                w_fmt(r, "%s%zu %s", first ? " (" : ", ", v[k].n, v[k].what);
                first = false;
            }
        xo_putc(&r->w, ')');
    }
    w_fmt(r, " in %zu %s of %zu %s", s->runs, plural(s->runs, "run", "runs"), s->files,
          plural(s->files, "scenario", "scenarios"));
}

static void stress_in(void *arg)
{
    sx_run *r = ((sx_call *)arg)->r;
    const remit_stress_options *o = r->o;
    r->keep->arena.guard = r->s->arena.guard;
    head_out(r);
    for (size_t i = 0; i < o->nscenarios; i++) {
        size_t before = r->sum.files;
        run_file(r, &o->scenarios[i]);
        r->sum.faulty_files += r->sum.files == before;
        xo_flush(&r->w);
    }
    if (r->shard) /* what the merge checks the shards against one another by */
        r->inputs = rm_inputs_hash(r->p, r->s);
    if (r->progress)
        r->progress(r->progress_arg, r->total, r->total);
    tail_out(r);
}

void remit_stress_options_init(remit_stress_options *o)
{
    if (o)
        memset(o, 0, sizeof *o);
}

static bool given(const remit_input *in)
{
    return in && (in->path || in->text || !in->len);
}

/* What a run or a merge returns: its status (a write that failed, too),
 * summary and diagnostics; r freed */
static remit_status finish(sx_run *r, remit_stress_summary *sum, remit_session **diags)
{
    remit_status st = r->st;
    if (st == REMIT_OK && (fflush(r->out) != 0 || ferror(r->out)))
        st = REMIT_E_WRITE;
    if (sum)
        *sum = r->sum;
    if (diags)
        *diags = r->s;
    else
        remit_session_free(r->s);
    free(r);
    return st;
}

remit_status remit_stress(const remit_policy *p, const remit_stress_options *o, FILE *out,
                          remit_stress_summary *sum, remit_session **diags)
{
    if (sum)
        memset(sum, 0, sizeof *sum);
    if (diags)
        *diags = NULL;
    if (!p || !o || !out || !o->scenarios || !o->nscenarios || o->runs > SX_MAX_SCENARIOS ||
        (o->register_file && !given(o->register_file)) || (o->calendar && !given(o->calendar)) ||
        (o->format != REMIT_STRESS_TEXT && o->format != REMIT_STRESS_JSON && o->format != REMIT_STRESS_HTML) ||
        (o->shard_count && (o->format != REMIT_STRESS_JSON || !o->runs || !o->shard_index ||
                            o->shard_index > o->shard_count || o->shard_count > 4096)) ||
        (!o->shard_count && o->shard_index))
        return REMIT_E_ARGUMENT;
    for (size_t i = 0; i < o->nscenarios; i++)
        if (!given(&o->scenarios[i]))
            return REMIT_E_ARGUMENT;
    sx_run *r = calloc(1, sizeof *r);
    if (!r)
        return REMIT_E_NOMEM;
    r->p = p;
    r->o = o;
    r->out = out;
    r->json = o->format == REMIT_STRESS_JSON;
    r->html = o->format == REMIT_STRESS_HTML;
    r->reads_history = reads_history(p);
    r->progress = o->progress;
    r->progress_arg = o->progress_arg;
    r->shard = o->shard_count != 0;
    r->chair_seat = -2;
    r->total = (o->shard_count ? (o->runs + o->shard_count - o->shard_index) / o->shard_count : o->runs) *
               o->nscenarios;
    r->st = REMIT_OK;
    if (!(r->s = remit_session_new(NULL)) || !(r->keep = remit_session_new(NULL))) {
        remit_session_free(r->s);
        free(r);
        return REMIT_E_NOMEM;
    }
    sx_call call = {r};
    if (!rm_protect(r->s, stress_in, &call)) {
        dg_nomem(r->s, "out of memory while running the scenarios");
        r->st = REMIT_E_NOMEM;
    }
    history_free(r, true);
    memo_free(r);
    r->keep->arena.guard = NULL;
    remit_session_free(r->keep);
    return finish(r, sum, diags);
}

/* ------------------------------------------------------------ merging */

#define SX_MAX_COUNT (UINT64_C(1) << 40) /* a count in a shard's report: more than its runs could
                                          make (1,000,000 of 100,000 decisions), and 4,096 such
                                          summed stay far from overflowing */

/* Reading a shard's report: the first fault said, at its place */
typedef struct sx_rd {
    remit_session *s;
    bool ok;
} sx_rd;

static void not_a_shard(sx_rd *d, const yi_node *at, const char *what, const char *key)
{
    if (!d->ok)
        return;
    d->ok = false;
    dg_item *g = dg_error(d->s, at->loc, "R0741", "this is not the report of a shard of a stress run: %s%s%s", what,
                          key ? key : "", key ? "' is missing or malformed" : "");
    dg_hint(d->s, g, "give the JSON reports of `remit stress --format json --shard I/N`, each as it wrote it");
}

static const yi_node *rd_node(sx_rd *d, const yi_node *m, const char *key, yi_kind kind)
{
    const yi_node *v = m && m->kind == YI_MAP ? yi_get(m, key) : NULL;
    if (!v || v->kind != kind) {
        not_a_shard(d, m, "its '", key);
        return NULL;
    }
    return v;
}

static uint64_t rd_num(sx_rd *d, const yi_node *m, const char *key, uint64_t max)
{
    uint64_t v = 0;
    const yi_node *n = m && m->kind == YI_MAP ? yi_get(m, key) : NULL;
    if (!ji_whole(n, &v) || v > max) {
        not_a_shard(d, m, "its '", key);
        return 0;
    }
    return v;
}

/* Text, or NULL for null (null_ok) */
static const char *rd_text(sx_rd *d, const yi_node *m, const char *key, bool null_ok)
{
    const yi_node *v = m && m->kind == YI_MAP ? yi_get(m, key) : NULL;
    if (v && v->kind == YI_SCALAR && v->quoted)
        return v->text;
    if (!v || v->kind != YI_SCALAR || !v->is_null || !null_ok)
        not_a_shard(d, m, "its '", key);
    return NULL;
}

/* A day, or INT64_MIN for null (null_ok) */
static int64_t rd_date(sx_rd *d, const yi_node *m, const char *key, bool null_ok)
{
    const char *t = rd_text(d, m, key, null_ok);
    int64_t day;
    if (t && strlen(t) == 10 && lit_date(t, 10, &day) == LIT_OK)
        return day;
    if (t)
        not_a_shard(d, m, "its '", key);
    return INT64_MIN;
}

/* true, false, or -1 for null (null_ok) */
static int rd_bool(sx_rd *d, const yi_node *m, const char *key, bool null_ok)
{
    const yi_node *v = m && m->kind == YI_MAP ? yi_get(m, key) : NULL;
    if (v && v->kind == YI_SCALAR && !v->quoted && (!strcmp(v->text, "true") || !strcmp(v->text, "false")))
        return v->text[0] == 't';
    if (!v || v->kind != YI_SCALAR || !v->is_null || !null_ok)
        not_a_shard(d, m, "its '", key);
    return -1;
}

/* The places (`order`) the entries of one list take in the shards'
 * reports, ascending, each once: the merged list has one entry a place */
typedef struct sx_places {
    uint64_t *v;
    uint32_t n;
} sx_places;

static int by_value(const void *a, const void *b)
{
    const uint64_t *x = a, *y = b;
    return (*x > *y) - (*x < *y);
}

/* The places of the entries of the lists `key` of file objects files[0..n) */
static sx_places places(sx_rd *d, rm_arena *a, const yi_node *const *files, size_t n, const char *key)
{
    sx_places pl = {NULL, 0};
    size_t all = 0;
    for (size_t i = 0; i < n && d->ok; i++) {
        const yi_node *l = rd_node(d, files[i], key, YI_SEQ);
        all += l ? l->n : 0;
    }
    if (!d->ok)
        return pl;
    pl.v = ar_alloc_raw(a, (all + 1) * sizeof *pl.v);
    for (size_t i = 0; i < n && d->ok; i++) {
        const yi_node *l = yi_get(files[i], key);
        for (uint32_t k = 0; k < l->n && d->ok; k++)
            pl.v[pl.n++] = rd_num(d, l->items[k], "order", UINT32_MAX);
    }
    if (pl.n > 1)
        qsort(pl.v, pl.n, sizeof *pl.v, by_value);
    uint32_t u = 0;
    for (uint32_t k = 0; k < pl.n; k++)
        if (!u || pl.v[k] != pl.v[u - 1])
            pl.v[u++] = pl.v[k];
    pl.n = u;
    return pl;
}

/* The place of list entry e among pl (its rank), with its name in
 * names[]: the same name at the same place in every shard */
static uint32_t rd_place(sx_rd *d, const yi_node *e, const char *key, const char **names, const sx_places *pl)
{
    uint64_t o = rd_num(d, e, "order", UINT32_MAX);
    const char *name = rd_text(d, e, key, false);
    const uint64_t *at = d->ok ? bsearch(&o, pl->v, pl->n, sizeof *pl->v, by_value) : NULL;
    if (!at)
        return 0; /* (said) */
    uint32_t k = (uint32_t)(at - pl->v);
    if (names[k] && strcmp(names[k], name))
        not_a_shard(d, e, "its names are not those of the other reports' scheme", NULL);
    names[k] = name;
    return k;
}

/* The decisions of the run a shard's file object f shows (*n of them) */
static sx_shown *read_shown(sx_rd *d, rm_arena *a, const yi_node *f, uint32_t *n)
{
    const yi_node *l = rd_node(d, f, "decisions_shown", YI_SEQ);
    if (!l)
        return NULL;
    sx_shown *recs = ar_alloc(a, ((size_t)l->n + 1) * sizeof *recs);
    for (uint32_t k = 0; k < l->n && d->ok; k++) {
        const yi_node *e = l->items[k];
        sx_shown *y = &recs[k];
        y->arose = rd_date(d, e, "date", false);
        y->matter = rd_text(d, e, "matter", false);
        y->fields = rd_text(d, e, "fields", true);
        y->decider = rd_text(d, e, "decider", false);
        const char *fate = rd_text(d, e, "outcome", false);
        y->fate = SX_NFATES;
        for (int q = 0; fate && q < SX_NFATES; q++)
            if (!strcmp(fate, sx_fate_json[q]))
                y->fate = q;
        if (d->ok && y->fate == SX_NFATES)
            not_a_shard(d, e, "its '", "outcome");
        y->taken_by = rd_text(d, e, "taken_by", true);
        y->taken = rd_date(d, e, "taken", true);
        if (d->ok && y->taken != INT64_MIN && y->taken < y->arose)
            not_a_shard(d, e, "a decision taken before it arose", NULL);
        y->escalated = rd_bool(d, e, "escalated", false) == 1;
        y->top = rd_bool(d, e, "reached_top", false) == 1;
        y->protocol = rd_text(d, e, "protocol", true);
        y->ratified = rd_bool(d, e, "ratified", true);
        y->missed = rd_num(d, e, "obligations_missed", SX_MAX_COUNT);
        y->route = rd_text(d, e, "route", false);
    }
    *n = l->n;
    return recs;
}

/* The file objects files[0..n) of one file, one from each shard, into
 * tally t */
static void merge_file(sx_rd *d, rm_arena *a, const yi_node *const *files, size_t n, uint64_t runs, sx_tally *t)
{
    memset(t, 0, sizeof *t);
    const yi_node *f0 = files[0];
    t->path = rd_text(d, f0, "file", false);
    t->title = rd_text(d, f0, "scenario", true);
    t->from = rd_date(d, f0, "from", false);
    t->to = rd_date(d, f0, "to", false);
    sx_places pm = places(d, a, files, n, "by_matter"), pb = places(d, a, files, n, "quorum"),
              pp = places(d, a, files, n, "crisis");
    if (!d->ok)
        return;
    t->nmatters = pm.n;
    t->nbodies = pb.n;
    t->nprotocols = pp.n;
    t->mname = ar_alloc(a, ((size_t)t->nmatters + 1) * sizeof *t->mname);
    t->by_matter = ar_alloc(a, ((size_t)t->nmatters * SX_NFATES + 1) * sizeof *t->by_matter);
    t->bname = ar_alloc(a, ((size_t)t->nbodies + 1) * sizeof *t->bname);
    t->bodies = ar_alloc(a, ((size_t)t->nbodies + 1) * sizeof *t->bodies);
    t->pname = ar_alloc(a, ((size_t)t->nprotocols + 1) * sizeof *t->pname);
    t->used = ar_alloc(a, ((size_t)t->nprotocols + 1) * sizeof *t->used);
    t->unrat = ar_alloc(a, ((size_t)t->nprotocols + 1) * sizeof *t->unrat);
    t->days = ar_alloc(a, (SX_MAX_DAYS + 2) * sizeof *t->days);
    t->shown = -1;
    for (size_t i = 0; i < n && d->ok; i++) {
        const yi_node *f = files[i];
        const char *path = rd_text(d, f, "file", false), *title = rd_text(d, f, "scenario", true);
        if (d->ok && (strcmp(path, t->path) || (!title) != (!t->title) || (title && strcmp(title, t->title)) ||
                      rd_date(d, f, "from", false) != t->from || rd_date(d, f, "to", false) != t->to))
            not_a_shard(d, f, "its scenario files are not the other reports'", NULL);
        t->runs += rd_num(d, f, "runs", SX_MAX_SCENARIOS);
        t->decisions += rd_num(d, f, "decisions", SX_MAX_COUNT);
        const yi_node *o = rd_node(d, f, "outcomes", YI_MAP);
        for (int k = 0; k < SX_NFATES; k++)
            t->fates[k] += rd_num(d, o, sx_fate_json[k], SX_MAX_COUNT);
        t->escalated += rd_num(d, f, "escalated", SX_MAX_COUNT);
        t->top += rd_num(d, f, "reached_top", SX_MAX_COUNT);
        t->ratify_unknown += rd_num(d, f, "ratification_unknown", SX_MAX_COUNT);
        t->missed += rd_num(d, f, "obligations_missed", SX_MAX_COUNT);
        const yi_node *l = rd_node(d, f, "by_matter", YI_SEQ);
        for (uint32_t k = 0; l && k < l->n && d->ok; k++) {
            uint32_t m = rd_place(d, l->items[k], "matter", t->mname, &pm);
            for (int q = 0; q < SX_NFATES; q++)
                t->by_matter[(size_t)m * SX_NFATES + (size_t)q] += rd_num(d, l->items[k], sx_fate_json[q], SX_MAX_COUNT);
        }
        l = rd_node(d, f, "quorum", YI_SEQ);
        for (uint32_t k = 0; l && k < l->n && d->ok; k++) {
            const yi_node *e = l->items[k];
            sx_body *b = &t->bodies[rd_place(d, e, "body", t->bname, &pb)];
            uint64_t met = rd_num(d, e, "meetings", SX_MAX_COUNT), failed = rd_num(d, e, "not_quorate", SX_MAX_COUNT);
            if (d->ok && failed > met)
                not_a_shard(d, e, "more of its meetings not quorate than there were", NULL);
            b->meetings += met;
            b->failed += failed;
            b->unexplained += rd_num(d, e, "unexplained", SX_MAX_COUNT);
            const yi_node *c = rd_node(d, e, "quorate_again_with", YI_SEQ);
            for (uint32_t j = 0; c && j < c->n && d->ok; j++) {
                const char *names = rd_text(d, c->items[j], "members", false);
                uint64_t count = rd_num(d, c->items[j], "count", SX_MAX_COUNT);
                uint64_t first = rd_num(d, c->items[j], "first", UINT64_MAX);
                if (d->ok)
                    add_cause(a, b, names, count, first);
            }
        }
        const yi_node *dd = rd_node(d, f, "days_to_decision", YI_MAP);
        l = rd_node(d, dd, "histogram", YI_SEQ);
        uint64_t last = 0;
        for (uint32_t k = 0; l && k < l->n && d->ok; k++) { /* fewest days first, each once */
            const yi_node *e = l->items[k];
            uint64_t day, count;
            if (e->kind != YI_SEQ || e->n != 2 || !ji_whole(e->items[0], &day) || !ji_whole(e->items[1], &count) ||
                day > SX_MAX_DAYS || !count || count > SX_MAX_COUNT || (k && day <= last)) {
                not_a_shard(d, e, "its 'histogram' has an entry that is no [days, decisions], fewest days first",
                            NULL);
                break;
            }
            t->days[day] += count;
            t->ndays += count;
            last = day;
        }
        l = rd_node(d, f, "crisis", YI_SEQ);
        for (uint32_t k = 0; l && k < l->n && d->ok; k++) {
            uint32_t q = rd_place(d, l->items[k], "protocol", t->pname, &pp);
            uint64_t used = rd_num(d, l->items[k], "used", SX_MAX_COUNT), unrat = rd_num(d, l->items[k], "not_ratified",
                                                                                     SX_MAX_COUNT);
            t->used[q] += used;
            t->unrat[q] += unrat;
            t->crisis += used;
            t->unratified += unrat;
        }
        /* the run shown: the first of those with the most failures */
        uint32_t nrecs = 0;
        sx_shown *recs = read_shown(d, a, f, &nrecs);
        const yi_node *sr = yi_get(f, "shown_run");
        if (sr && sr->kind == YI_SCALAR && sr->is_null)
            continue; /* (no run in this shard) */
        uint64_t run = rd_num(d, f, "shown_run", SX_MAX_SCENARIOS), worst = rd_num(d, f, "shown_failures",
                                                                                    UINT64_MAX);
        if (d->ok && (!run || run > runs))
            not_a_shard(d, f, "its '", "shown_run");
        if (d->ok && (t->shown < 0 || worst > t->worst || (worst == t->worst && (long)run - 1 < t->shown))) {
            t->shown = (long)run - 1;
            t->worst = worst;
            t->recs = recs;
            t->nshown = nrecs;
        }
    }
}

typedef struct sx_merge_call {
    const remit_input *shards;
    size_t n;
    sx_run *r;
} sx_merge_call;

static void merge_in(void *arg)
{
    sx_merge_call *c = arg;
    sx_run *r = c->r;
    remit_session *s = r->s;
    rm_arena *a = &s->arena;
    sx_rd d = {s, true};
    const yi_node **root = ar_alloc(a, (c->n + 1) * sizeof *root);
    for (size_t i = 0; i < c->n; i++) {
        uint32_t f = rm_open_given(s, &c->shards[i], "shard", RM_MAX_HISTORY_BYTES);
        if (f == UINT32_MAX) {
            r->st = REMIT_E_UNREADABLE;
            return;
        }
        if (!(root[i] = ji_parse(s, f))) {
            r->st = REMIT_E_INPUT;
            continue;
        }
        d.ok = true;
        const yi_node *schema = yi_get(root[i], "schema");
        if (root[i]->kind != YI_MAP || !schema || schema->kind != YI_SCALAR || strcmp(schema->text, "remit.stress/1"))
            not_a_shard(&d, root[i], "it is no remit.stress/1 document", NULL);
        else if (!yi_get(root[i], "shard"))
            not_a_shard(&d, root[i], "it names no shard I of N (a whole run has nothing to merge)", NULL);
        if (!d.ok)
            r->st = REMIT_E_INPUT;
    }
    if (r->st != REMIT_OK)
        return;
    /* one run: every shard once, the same runs, seed and files */
    const yi_node *sh0 = rd_node(&d, root[0], "shard", YI_MAP);
    uint64_t count = rd_num(&d, sh0, "count", 4096), runs = rd_num(&d, root[0], "runs", SX_MAX_SCENARIOS),
             seed = rd_num(&d, root[0], "seed", UINT64_MAX);
    const yi_node *files0 = rd_node(&d, root[0], "files", YI_SEQ);
    const char *inputs = rd_text(&d, root[0], "inputs", false);
    uint64_t faulty = rd_num(&d, root[0], "faulty_files", UINT32_MAX);
    if (d.ok && !runs)
        not_a_shard(&d, root[0], "its '", "runs");
    bool *seen = ar_alloc(a, (count + 2) * sizeof *seen);
    for (size_t i = 0; i < c->n && d.ok; i++) {
        const yi_node *sh = rd_node(&d, root[i], "shard", YI_MAP);
        uint64_t index = rd_num(&d, sh, "index", count), files_n = 0;
        const yi_node *files = rd_node(&d, root[i], "files", YI_SEQ);
        if (files)
            files_n = files->n;
        const char *why = NULL, *ins = rd_text(&d, root[i], "inputs", false);
        if (!d.ok)
            break;
        if (!index || rd_num(&d, sh, "count", 4096) != count || c->n != count)
            why = "the shards given are not N of N";
        else if (seen[index])
            why = "this shard is given twice";
        else if (rd_num(&d, root[i], "runs", SX_MAX_SCENARIOS) != runs || rd_num(&d, root[i], "seed", UINT64_MAX) !=
                 seed || files_n != files0->n || rd_num(&d, root[i], "faulty_files", UINT32_MAX) != faulty)
            why = "its runs, seed or scenario files differ from the first report's: it is of another run";
        else if (strcmp(ins, inputs))
            why = "it was run on other inputs than the first report (the policy, or the text of a scenario, "
                  "register or calendar, differs): it is of another run";
        if (why && d.ok) {
            dg_item *g = dg_error(s, sh->loc, "R0741", "these reports are not the shards of one stress run: %s", why);
            dg_hint(s, g, "give every shard of one run once: --shard 1/N to --shard N/N, with the same scenarios, "
                          "--scenarios and --seed");
            d.ok = false;
        }
        seen[index] = true;
    }
    if (!d.ok) {
        r->st = REMIT_E_INPUT;
        return;
    }
    remit_stress_options o;
    remit_stress_options_init(&o);
    o.runs = (unsigned long)runs;
    o.seed = seed;
    r->o = &o;
    const yi_node **files = ar_alloc(a, (c->n + 1) * sizeof *files);
    sx_tally *t = ar_alloc(a, (files0->n + 1) * sizeof *t);
    for (uint32_t k = 0; k < files0->n && d.ok; k++) { /* read all before a byte is written */
        for (size_t i = 0; i < c->n; i++)
            files[i] = yi_get(root[i], "files")->items[k];
        merge_file(&d, a, files, c->n, runs, &t[k]);
    }
    if (!d.ok) {
        r->st = REMIT_E_INPUT;
        return;
    }
    head_out(r);
    for (uint32_t k = 0; k < files0->n; k++) {
        r->sum.files++;
        add_up(r, &t[k]);
        file_out(r, &t[k]);
    }
    r->sum.faulty_files = (size_t)faulty;
    tail_out(r);
    r->o = NULL;
}

remit_status remit_stress_merge(const remit_input *shards, size_t n, remit_stress_format format, FILE *out,
                                remit_stress_summary *sum, remit_session **diags)
{
    if (sum)
        memset(sum, 0, sizeof *sum);
    if (diags)
        *diags = NULL;
    if (!shards || !n || n > 4096 || !out ||
        (format != REMIT_STRESS_TEXT && format != REMIT_STRESS_JSON && format != REMIT_STRESS_HTML))
        return REMIT_E_ARGUMENT;
    for (size_t i = 0; i < n; i++)
        if (!given(&shards[i]))
            return REMIT_E_ARGUMENT;
    sx_run *r = calloc(1, sizeof *r);
    if (!r)
        return REMIT_E_NOMEM;
    r->out = out;
    r->json = format == REMIT_STRESS_JSON;
    r->html = format == REMIT_STRESS_HTML;
    r->st = REMIT_OK;
    if (!(r->s = remit_session_new(NULL))) {
        free(r);
        return REMIT_E_NOMEM;
    }
    sx_merge_call call = {shards, n, r};
    if (!rm_protect(r->s, merge_in, &call)) {
        dg_nomem(r->s, "out of memory while merging the shards");
        r->st = REMIT_E_NOMEM;
    }
    return finish(r, sum, diags);
}
