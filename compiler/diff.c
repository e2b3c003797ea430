/*
 * diff.c - `remit diff OLD NEW` (SPEC.md 11.10): which decisions two
 * versions of a policy answer differently, and what changed in their
 * structure.  Prefix df_ (none outside: the API is remit_diff).
 *
 * Decisions: for each matter both versions have, each holder both have
 * is put in the decider's place, and every field and context value both
 * declare alike is tried at the values worth trying of either version
 * (analyse.c's an_values: every constant a rule compares it with, and
 * either side, so that between two values tried nothing a condition can
 * tell changes); a field or context value only one declares stays at its
 * neutral value there.  Each decision is built and evaluated under each
 * version as the analyses build theirs (an_case: a body at a full
 * meeting, on 1 April 2026, given the co-signatories it asks for), and
 * the two answers compared: the outcome, where it escalates to, and for
 * a decision permitted its co-signatories and its obligations' due
 * dates.  Runs of decisions that change alike
 * along the primary field (the money field, else the first with an
 * order) become ranges, and ranges alike for every value of the other
 * fields are said once.  Every region said comes with a witness: its
 * first decision, evaluated under both.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse.h"
#include "explain.h"
#include "export.h"

#define DF_MAX_POINTS 20000u   /* value combinations tried a matter and decider */
#define DF_MAX_VALUES 4096u    /* values tried a field (an_values keeps as many) */
#define DF_SAY_COMBOS 3u       /* combinations of the other fields listed for a range */
#define DF_MAX_CLASSES 6u      /* kinds of choice of a set told apart: 2^6 sets tried */

typedef struct df_side {
    an_ctx c;                   /* its scratch (c.a) is own's arena, rewound after each decision */
    an_budget b;
    an_active a;
    const remit_policy *p;
    const char *name;
    remit_session *own;
} df_side;

/* What tells two answers apart. */
typedef struct df_sig {
    ev_outcome outcome;
    const char *target;         /* escalate: the holder's name */
    uint32_t nco;               /* the co-signatories it took, by name, in order */
    const char *co[EV_MAX_SIGNERS];
    uint32_t ndue;
    int64_t due[EV_MAX_OBLIGATIONS];
    /* its findings (7.12), with any outcome: each one's kind and due day,
     * in order, and how many more were not kept */
    uint32_t nfind, more_findings;
    struct df_finding { int64_t due; uint32_t kind; } find[EV_MAX_REASONS];
} df_sig;

/* A field or context value tried in both versions. */
typedef struct df_dim {
    const char *name;
    bool context;
    uint32_t at[2];             /* its place in each version's matter fields, or context */
    const pl_field *f[2];
    uint32_t nv;
    int64_t *v[2];              /* the values tried, in each version's terms */
    const char **text;          /* a text field's: each value's text, NULL for one
                                   neither version's rules mention */
    uint64_t nall;              /* values worth trying: more than nv when they were
                                   too many to try (DF_MAX_VALUES) */
    bool fixed;                 /* held at its first value: too many combinations */
} df_dim;

typedef struct df_region {
    uint32_t decider[2];
    uint32_t outer;             /* the combination of the other dimensions */
    uint32_t lo, hi;            /* along the primary dimension (indices) */
    const df_sig *sig[2];       /* each version's answer: one copy of each (intern) */
} df_region;

typedef struct df_run {
    df_side side[2];
    remit_session *s;           /* scratch */
    FILE *out;
    remit_diff_format format;
    remit_diff_summary sum;
    /* structural changes: their kinds and words */
    uint32_t nstruct, capstruct;
    struct df_change { const char *kind, *message; } *structural;
    /* decision regions, in the order found, each matter's together */
    uint32_t nreg, capreg;
    df_region *reg;
    /* SARIF: a result for each change, written at the end */
    uint32_t nres, capres;
    dg_sarif_extra *res;
    /* the dimensions of the matter being compared */
    uint32_t ndims, primary;    /* primary: a dim index, or PL_NONE */
    df_dim *dims;
    uint32_t matter[2];
    uint64_t tried, total;      /* combinations evaluated, and there were */
    /* deciders not compared: their decisions cannot be written (a body
     * deciding at meetings whose seats the policy does not list) */
    uint32_t nskip, capskip;
    struct df_skip { const char *matter, *decider; } *skip;
    /* why the regions are not exact where they are not: a comparison of
     * two values a decision gives (its regions are not boxes), or a set
     * whose rules tell more than DF_MAX_CLASSES kinds of choice apart */
    uint32_t ninexact, capinexact;
    struct df_inexact { const char *matter, *file, *text; uint32_t line; } *inexact;
    bool first_out;
    /* sparing evaluations (compare_matter): every (REMIT_DIFF_EVERY=1)
     * spares none; scheme_same: the versions print the scheme alike, but
     * for their matters' rules (-1: not yet known); class_of: per holder
     * of each version, its class of deciders alike in the matter compared,
     * else PL_NONE; testing: the class whose last member is evaluated, and
     * took: the members one of its decisions took as a co-signatory */
    bool every;
    int scheme_same;
    uint32_t meetings_cut;      /* bodies with more attendances than DF_MAX_MEETINGS */
    uint32_t *other[2];         /* per holder of each version: the one of the same
                                   name in the other, else PL_NONE */
    uint32_t *class_of[2];
    uint32_t testing;
    bool taken;                 /* ... or escalates to one */
    uint8_t *took;              /* per holder of the new version: a member so taken */
    /* the answers regions give, one copy of each (intern): a table of
     * capsig slots (a power of two), nsig used */
    const df_sig **sigs;
    uint32_t nsig, capsig;
} df_run;

static void *df_grow(df_run *r, void *v, uint32_t *cap, size_t size)
{
    uint32_t n = *cap ? *cap * 2 : 16;
    void *w = ar_alloc(&r->s->arena, n * size);
    if (*cap)
        memcpy(w, v, *cap * size);
    *cap = n;
    return w;
}

#define DF_RULE_WIDENED "authority-widened"
#define DF_RULE_CHANGED "decision-changed"
#define DF_RULE_STRUCTURE "structure-changed"

/* A change for SARIF or GitHub (the new version's file as a whole). */
static void df_result(df_run *r, const char *rule, const char *level, const char *message)
{
    if (r->format == REMIT_DIFF_GITHUB) {
        fprintf(r->out, "::%s file=", !strcmp(level, "note") ? "notice" : level);
        dg_github_escaped(r->out, r->side[1].name, true);
        fprintf(r->out, ",title=%s::", rule);
        dg_github_escaped(r->out, message, false);
        fputc('\n', r->out);
        return;
    }
    if (r->nres == r->capres)
        r->res = df_grow(r, r->res, &r->capres, sizeof *r->res);
    const char *meaning = !strcmp(rule, DF_RULE_WIDENED) ? "a decision is permitted now that was not before: authority is widened"
                        : !strcmp(rule, DF_RULE_CHANGED) ? "decisions are answered differently from the other version"
                                                         : "the structure of the scheme changed";
    r->res[r->nres++] = (dg_sarif_extra){rule, meaning, message, r->side[1].name, 0, level, 0};
}

static void structural(df_run *r, const char *kind, const char *fmt, ...) RM_PRINTF(3, 4);
static void structural(df_run *r, const char *kind, const char *fmt, ...)
{
    if (r->nstruct == r->capstruct)
        r->structural = df_grow(r, r->structural, &r->capstruct, sizeof *r->structural);
    va_list ap;
    va_start(ap, fmt);
    r->structural[r->nstruct].message = ar_vprintf(&r->s->arena, fmt, ap);
    va_end(ap);
    r->structural[r->nstruct++].kind = kind;
}

/* ------------------------------------------------------------ names */

/* The things a policy names, compared between versions by name. */
enum { DF_HOLDERS, DF_MATTERS, DF_CONTEXT, DF_PROTOCOLS };

static uint32_t count_of(const remit_policy *p, int what)
{
    return what == DF_HOLDERS ? p->nholders : what == DF_MATTERS ? p->nmatters
         : what == DF_CONTEXT ? p->ncontext : p->nprotocols;
}

static const char *name_of(const remit_policy *p, int what, uint32_t i)
{
    return what == DF_HOLDERS ? p->holders[i].name : what == DF_MATTERS ? p->matters[i].name
         : what == DF_CONTEXT ? p->context[i].name : p->protocols[i].name;
}

static uint32_t find_named(const remit_policy *p, int what, const char *name)
{
    for (uint32_t i = 0; i < count_of(p, what); i++)
        if (!strcmp(name_of(p, what, i), name))
            return i;
    return PL_NONE;
}

static uint32_t matter_named(const remit_policy *p, const char *name) { return find_named(p, DF_MATTERS, name); }

static const char *title_of(const remit_policy *p, uint32_t h)
{
    const pl_holder *x = &p->holders[h];
    return x->title && *x->title ? x->title : x->name;
}

/* Do two fields (or context values) read the same values alike? */
static bool same_field(const remit_policy *a, const pl_field *fa, const remit_policy *b, const pl_field *fb)
{
    if (fa->type != fb->type)
        return false;
    if (fa->type == TY_SCORE && (fa->lo != fb->lo || fa->hi != fb->hi))
        return false;
    if (fa->type == TY_ENUM || fa->type == TY_SET) {
        if (fa->nchoices != fb->nchoices)
            return false;
        for (uint32_t i = 0; i < fa->nchoices; i++)
            if (strcmp(fa->choices[i], fb->choices[i]))
                return false;
    }
    if (fa->type == TY_TIER) {
        if (a->ntiers != b->ntiers)
            return false;
        for (uint32_t i = 0; i < a->ntiers; i++)
            if (strcmp(a->tiers[i], b->tiers[i]))
                return false;
    }
    return true;
}

static const char *type_word(const pl_field *f) { return pe_type_word(f->type); }

/* Are a field's values tried as a line, said as ranges? */
static bool df_ordered(ty_kind t) { return xp_has_order(t) || t == TY_SCORE; }

/* The field of m named name, or PL_NONE. */
static uint32_t field_named(const pl_matter *m, const char *name)
{
    for (uint32_t i = 0; i < m->nfields; i++)
        if (!strcmp(m->fields[i].name, name))
            return i;
    return PL_NONE;
}

/* Holders are matched by name through r->other (a policy may have tens
 * of thousands): made once, by sorting each version's names. */
typedef struct df_named {
    const char *name;
    uint32_t h;
} df_named;

static int by_name(const void *a, const void *b)
{
    return strcmp(((const df_named *)a)->name, ((const df_named *)b)->name);
}

static void match_holders(df_run *r)
{
    df_named *sorted[2];
    for (int w = 0; w < 2; w++) {
        const remit_policy *p = r->side[w].p;
        sorted[w] = ar_alloc(&r->s->arena, (p->nholders + 1) * sizeof *sorted[w]);
        r->other[w] = ar_alloc(&r->s->arena, (p->nholders + 1) * sizeof *r->other[w]);
        for (uint32_t h = 0; h < p->nholders; h++) {
            sorted[w][h] = (df_named){p->holders[h].name, h};
            r->other[w][h] = PL_NONE;
        }
        qsort(sorted[w], p->nholders, sizeof *sorted[w], by_name);
    }
    for (uint32_t i = 0, j = 0; i < r->side[0].p->nholders && j < r->side[1].p->nholders;) {
        int c = strcmp(sorted[0][i].name, sorted[1][j].name);
        if (c == 0) {
            r->other[0][sorted[0][i].h] = sorted[1][j].h;
            r->other[1][sorted[1][j].h] = sorted[0][i].h;
        }
        i += c <= 0;
        j += c >= 0;
    }
}

/* The holder of version w named as holder h of version v. */
static uint32_t holder_as(const df_run *r, int w, int v, uint32_t h)
{
    return v == w ? h : r->other[v][h];
}

/* ------------------------------------------------------- structure */

/* What one version names and the other does not, of kind what: each
 * said as added (kind added, in the new version) or removed. */
static void added_removed(df_run *r, int what, const char *added, const char *removed)
{
    for (int w = 0; w < 2; w++) {
        const remit_policy *p = r->side[w].p, *q = r->side[!w].p;
        for (uint32_t i = 0; i < count_of(p, what); i++) {
            if ((what == DF_HOLDERS ? r->other[w][i] : find_named(q, what, name_of(p, what, i))) != PL_NONE)
                continue;
            const char *label = what == DF_HOLDERS
                                    ? ar_printf(&r->s->arena, "the %s %s (%s)", p->holders[i].is_body ? "body" : "role",
                                                title_of(p, i), p->holders[i].name)
                                    : ar_printf(&r->s->arena, "the %s %s", what == DF_MATTERS ? "matter"
                                                : what == DF_CONTEXT ? "context value" : "crisis protocol",
                                                name_of(p, what, i));
            structural(r, w ? added : removed, "%s %s", label, w ? "is new" : "is no longer in the policy");
        }
    }
}

/* Holder h's kinds (what), or its reporting lines, as words: "a, b", or
 * "none". */
static const char *holders_words(df_run *r, const remit_policy *p, const pl_holder *x, bool kinds)
{
    uint32_t n = kinds ? x->nkinds : x->nparents;
    const char *s = n ? "" : "none";
    for (uint32_t i = 0; i < n; i++) {
        uint32_t v = kinds ? x->kinds[i] : x->parents[i];
        const char *name = kinds ? (v < p->nkinds ? p->kinds[v] : "?") : (v < p->nholders ? p->holders[v].name : "?");
        s = ar_printf(&r->s->arena, "%s%s%s", s, i ? ", " : "", name);
    }
    return s;
}

static const char *tier_word(const remit_policy *p, int32_t t)
{
    return t >= 0 && (uint32_t)t < p->ntiers ? p->tiers[t] : "none";
}

/* A holder both versions have whose kinds, tier or reporting lines
 * changed (a's in the old version, b's, holder k, in the new): what
 * kinds a post is, its tier and whom it reports to decide who may sign
 * for a decision (`with 1 executive`), where `next tier` goes, and which
 * way an escalation walks, so each is a change of structure, said even
 * when no decision compared changes with it (SPEC 11.10). */
static void holder_kinds_changed(df_run *r, const pl_holder *a, const pl_holder *b, uint32_t k)
{
    const remit_policy *o = r->side[0].p, *n = r->side[1].p;
    const char *what = b->is_body ? "body" : "role";
    for (int kinds = 1; kinds >= 0; kinds--) {
        const char *wa = holders_words(r, o, a, kinds), *wb = holders_words(r, n, b, kinds);
        if (strcmp(wa, wb))
            structural(r, "holder_changed", kinds ? "the kinds of the %s %s (%s) were %s and are now %s"
                                                  : "the %s %s (%s) reported to %s and now reports to %s",
                       what, title_of(n, k), b->name, wa, wb);
    }
    const char *ta = tier_word(o, a->tier), *tb = tier_word(n, b->tier);
    if (strcmp(ta, tb))
        structural(r, "holder_changed", "the %s %s (%s) was at the tier %s and is now at %s", what, title_of(n, k),
                   b->name, ta, tb);
    /* who is in the chair at a meeting, whose ruling a `chair decides`
     * interest waits on (7.10) */
    for (int never = 0; never < 2; never++) {
        const char *ca = never ? a->never_text : a->chairs_text, *cb = never ? b->never_text : b->chairs_text;
        ca = ca ? ca : "";
        cb = cb ? cb : "";
        if (strcmp(ca, cb))
            structural(r, "holder_changed", "who chairs the body %s (%s) changed: '%s', now '%s'", title_of(n, k),
                       b->name, *ca ? ca : "nothing said", *cb ? cb : "nothing said");
    }
}

/* What a meeting of body h of version w can do, every seat present but
 * gone[j] of role role[j]'s, the first of them, for j < n (n 0: a full
 * meeting), its chair as an_case_meeting puts it there (7.10):
 * DF_MEETS, decide; DF_NO_CHAIR, quorate but the member in the chair may
 * not preside; DF_INQUORATE; -1 when no such meeting can be written (no
 * seats listed, or too many). */
enum { DF_INQUORATE, DF_NO_CHAIR, DF_MEETS };
static const char *const df_meeting_words[] = {"not quorate", "quorate but not rightly chaired", "quorate"};

static int meeting_at(df_run *r, int w, uint32_t h, const uint32_t *role, const uint32_t *gone, uint32_t n)
{
    an_case k;
    memset(&k, 0, sizeof k);
    k.d.decider = h;
    ar_mark m = ar_mark_of(r->side[w].c.a);
    const remit_policy *p = r->side[w].p;
    int q = -1;
    if (an_case_meeting(&r->side[w].c, &k, h, PL_NONE)) {
        for (uint32_t j = 0; j < n; j++)
            for (uint32_t i = 0, left = gone[j]; i < k.d.natt && left; i++)
                if (k.d.att[i].holder == role[j] && k.d.att[i].present) {
                    k.d.att[i].present = false;
                    left--;
                }
        an_case_chair(&r->side[w].c, &k);
        q = !ev_quorate(p, &k.d, NULL)      ? DF_INQUORATE
          : ev_presides_rightly(p, &k.d)    ? DF_MEETS
                                            : DF_NO_CHAIR;
    }
    ar_rewind(r->side[w].c.a, m);
    return q;
}

/* The seats of role `role` body b lists (its `members` entries at their
 * largest counts, an open one at its fewest, as an_case_meeting lists
 * them). */
static uint32_t seats_of(const pl_holder *b, uint32_t role)
{
    int64_t n = 0;
    for (uint32_t i = 0; i < b->nmembers; i++)
        if (b->members[i].role == role)
            n += b->members[i].hi < 0 ? b->members[i].lo : b->members[i].hi;
    return n > (int64_t)AN_MAX_SEATS ? AN_MAX_SEATS : (uint32_t)n;
}

/* What body b of p tells of a role in its seats: for each term of its
 * quorum that counts a role or kind, whether the role is counted; and
 * whether `chaired by` or `never chaired by` names it (then it is told
 * apart from every other role).  In sig[0..], its length returned. */
static uint32_t seat_sig(const remit_policy *p, const pl_holder *b, uint32_t role, uint8_t *sig)
{
    uint32_t n = 0;
    for (uint32_t q = 0; q < b->nquorum; q++)
        if (b->quorum[q].kind == Q_ROLE) {
            bool fits = false;
            if (b->quorum[q].who_is_kind) {
                for (uint32_t k = 0; k < p->holders[role].nkinds && !fits; k++)
                    fits = p->holders[role].kinds[k] == b->quorum[q].who;
            } else
                fits = role == b->quorum[q].who;
            sig[n++] = fits;
        }
    bool chair = false;
    for (uint32_t i = 0; i < b->nchairs && !chair; i++)
        chair = ev_chair_fits(p, &b->chairs[i], role);
    for (uint32_t i = 0; i < b->nnever && !chair; i++)
        chair = ev_chair_fits(p, &b->never[i], role);
    sig[n++] = chair;
    return n;
}

#define DF_MAX_MEETINGS 4096u /* attendances with members away tried a body */

/* "with 2 Non-executive member (ned), one Chief Executive (ceo) away" */
static const char *away_words(df_run *r, const uint32_t *role, const uint32_t *gone, uint32_t n)
{
    const remit_policy *p = r->side[1].p;
    const char *t = "with";
    bool first = true;
    for (uint32_t j = 0; j < n; j++) {
        if (!gone[j])
            continue;
        const char *count = gone[j] == 1 ? "one" : ar_printf(&r->s->arena, "%u", gone[j]);
        t = ar_printf(&r->s->arena, "%s%s %s %s (%s)", t, first ? "" : ",", count, title_of(p, role[j]),
                      p->holders[role[j]].name);
        first = false;
    }
    return ar_printf(&r->s->arena, "%s away", t);
}

/* A body that decides at meetings in both versions (h in the old, k in
 * the new): the meetings the versions find able to decide differently
 * (meeting_at).  A decision with no interests at a meeting is refused
 * when the meeting is not quorate or its chair may not preside, and
 * answered as at a full meeting when neither (7.3, level 1), so these
 * and the regions of decisions say what changes at meetings.  Whether a
 * meeting can decide turns on how many members are present, how many of
 * each role or kind a quorum counts, and who is in the chair; so the
 * roles seated in both versions fall into kinds of seat, those every
 * quorum term counts alike in both versions (a role either version's
 * `chaired by` or `never chaired by` names is a kind of its own), and a
 * meeting is told apart from another only by how many seats of each
 * kind are empty.  The full meeting, each meeting with one member away
 * (one of each role seated in both), and each count of empty seats of
 * each kind with two or more away (the first seats of the kind's roles,
 * in the order of the new version's `members`) are tried under both. */
static void meetings_changed(df_run *r, uint32_t h, uint32_t k)
{
    const remit_policy *o = r->side[0].p, *n = r->side[1].p;
    const pl_holder *a = &o->holders[h], *b = &n->holders[k];
    uint32_t nr = 0, *role[2], *cap, *kind;
    role[0] = ar_alloc(&r->s->arena, (b->nmembers + 1) * sizeof *role[0]);
    role[1] = ar_alloc(&r->s->arena, (b->nmembers + 1) * sizeof *role[1]);
    cap = ar_alloc(&r->s->arena, (b->nmembers + 1) * sizeof *cap);
    kind = ar_alloc(&r->s->arena, (b->nmembers + 1) * sizeof *kind);
    uint32_t siglen = a->nquorum + b->nquorum + 2;
    uint8_t *sig = ar_alloc(&r->s->arena, (size_t)(b->nmembers + 1) * siglen);
    for (uint32_t i = 0; i < b->nmembers; i++) {
        uint32_t rn = b->members[i].role, ro = holder_as(r, 0, 1, rn);
        bool seen = false;
        for (uint32_t j = 0; j < nr && !seen; j++)
            seen = role[1][j] == rn;
        uint32_t so = ro == PL_NONE ? 0 : seats_of(a, ro), sn = seats_of(b, rn);
        if (seen || !so || !sn)
            continue;
        role[0][nr] = ro;
        role[1][nr] = rn;
        cap[nr] = so < sn ? so : sn;
        uint8_t *x = sig + (size_t)nr * siglen;
        memset(x, 0, siglen);
        uint32_t lo = seat_sig(o, a, ro, x), ln = seat_sig(n, b, rn, x + lo);
        bool alone = x[lo - 1] || x[lo + ln - 1]; /* named by a chair line: a kind of its own */
        kind[nr] = nr;
        for (uint32_t j = 0; j < nr && !alone && kind[nr] == nr; j++)
            if (kind[j] == j && !memcmp(sig + (size_t)j * siglen, x, siglen))
                kind[nr] = j;
        nr++;
    }
    /* the full meeting (i == nr), and one away of each role */
    uint32_t one = 1;
    for (uint32_t i = 0; i <= nr; i++) {
        int q[2];
        for (int w = 0; w < 2; w++)
            q[w] = meeting_at(r, w, w ? k : h, &role[w][i < nr ? i : 0], &one, i < nr);
        if (q[0] < 0 || q[1] < 0 || q[0] == q[1])
            continue;
        const char *who = i < nr ? ar_printf(&r->s->arena, "with one %s (%s) away", title_of(n, role[1][i]),
                                             n->holders[role[1][i]].name)
                                 : "with every seat present";
        structural(r, "meeting_changed", "a meeting of %s (%s) %s was %s and is %s now", title_of(n, k), b->name, who,
                   df_meeting_words[q[0]], df_meeting_words[q[1]]);
    }
    /* two or more away: every count of empty seats of each kind */
    uint32_t *empty = ar_alloc(&r->s->arena, (nr + 1) * sizeof *empty), *gone = ar_alloc(&r->s->arena, (nr + 1) * sizeof *gone);
    uint32_t *kcap = ar_alloc(&r->s->arena, (nr + 1) * sizeof *kcap);
    memset(empty, 0, (nr + 1) * sizeof *empty);
    memset(kcap, 0, (nr + 1) * sizeof *kcap);
    for (uint32_t i = 0; i < nr; i++)
        kcap[kind[i]] += cap[i];
    for (uint32_t tried = 0;;) {
        uint32_t i = 0; /* the next count: an odometer over the kinds */
        while (i < nr && (kind[i] != i || empty[i] == kcap[i]))
            empty[i++] = 0;
        if (i == nr)
            break;
        empty[i]++;
        uint32_t total = 0;
        for (uint32_t j = 0; j < nr; j++)
            total += empty[j];
        if (total < 2)
            continue;
        if (tried++ == DF_MAX_MEETINGS) {
            r->meetings_cut++;
            break;
        }
        for (uint32_t j = 0; j < nr; j++)
            gone[j] = 0;
        for (uint32_t c = 0; c < nr; c++) { /* a kind's empty seats: its roles' first, in order */
            if (kind[c] != c)
                continue;
            uint32_t left = empty[c];
            for (uint32_t j = c; j < nr && left; j++)
                if (kind[j] == c) {
                    gone[j] = left < cap[j] ? left : cap[j];
                    left -= gone[j];
                }
        }
        int q[2];
        for (int w = 0; w < 2; w++)
            q[w] = meeting_at(r, w, w ? k : h, role[w], gone, nr);
        if (q[0] < 0 || q[1] < 0 || q[0] == q[1])
            continue;
        structural(r, "meeting_changed", "a meeting of %s (%s) %s was %s and is %s now", title_of(n, k), b->name,
                   away_words(r, role[1], gone, nr), df_meeting_words[q[0]], df_meeting_words[q[1]]);
    }
}

static void holders_changed(df_run *r)
{
    const remit_policy *o = r->side[0].p, *n = r->side[1].p;
    added_removed(r, DF_HOLDERS, "holder_added", "holder_removed");
    for (uint32_t h = 0; h < o->nholders; h++) {
        uint32_t k = r->other[0][h];
        if (k == PL_NONE)
            continue;
        const pl_holder *a = &o->holders[h], *b = &n->holders[k];
        if (a->is_body != b->is_body) {
            structural(r, "holder_changed", "%s (%s) was a %s and is now a %s", title_of(n, k), b->name,
                       a->is_body ? "body" : "role", b->is_body ? "body" : "role");
            continue;
        }
        holder_kinds_changed(r, a, b, k);
        if (!a->is_body)
            continue;
        bool members = a->nmembers != b->nmembers;
        for (uint32_t i = 0; !members && i < a->nmembers; i++)
            members = strcmp(o->holders[a->members[i].role].name, n->holders[b->members[i].role].name) ||
                      a->members[i].lo != b->members[i].lo || a->members[i].hi != b->members[i].hi;
        if (members)
            structural(r, "members_changed", "the members of %s (%s) changed", title_of(n, k), b->name);
        const char *qa = a->quorum_text ? a->quorum_text : "", *qb = b->quorum_text ? b->quorum_text : "";
        if (strcmp(qa, qb))
            structural(r, "quorum_changed", "the quorum of %s (%s) was '%s' and is now '%s'", title_of(n, k), b->name,
                       *qa ? qa : "none", *qb ? qb : "none");
        if (a->nquorum && b->nquorum) /* (a seated role's kinds may have changed) */
            meetings_changed(r, h, k);
    }
}

/* ------------------------------------ what sets findings (7.12) */

/* A finding is a deadline missed: an interest declared late (the
 * conflicts blocks' `declare within`, 7.10), a crisis decision of the
 * history not ratified (its protocol's `ratify by`, 7.9), an urgent
 * decision, or one under crisis powers, not ratified or reported (the
 * urgent power's or grant's obligations, 7.15).  The decisions compared
 * carry no history and no interests, so no finding; a change to what
 * sets findings is said as a change of structure (SPEC 11.10). */

static const char *conflicts_label(df_run *r, const remit_policy *p, const pl_conflicts *x)
{
    if (x->body >= p->nholders)
        return "the conflicts block for every body";
    return ar_printf(&r->s->arena, "the conflicts block for %s (%s)", title_of(p, x->body), p->holders[x->body].name);
}

/* The conflicts block of p for the body named as x's in version w (every
 * body: none named), or NULL. */
static const pl_conflicts *conflicts_for(const df_run *r, int w, const pl_conflicts *x, const remit_policy *q)
{
    const remit_policy *p = r->side[w].p;
    const char *want = x->body < p->nholders ? p->holders[x->body].name : NULL;
    for (uint32_t i = 0; i < q->nconflicts; i++) {
        uint32_t b = q->conflicts[i].body;
        const char *name = b < q->nholders ? q->holders[b].name : NULL;
        if ((!want && !name) || (want && name && !strcmp(want, name)))
            return &q->conflicts[i];
    }
    return NULL;
}

static const char *days_words(df_run *r, int64_t days)
{
    return days < 0 ? "none" : ar_printf(&r->s->arena, "%lld days", (long long)days);
}

static void conflicts_changed(df_run *r)
{
    for (int w = 0; w < 2; w++) {
        const remit_policy *p = r->side[w].p, *q = r->side[!w].p;
        for (uint32_t i = 0; i < p->nconflicts; i++) {
            const pl_conflicts *x = &p->conflicts[i], *y = conflicts_for(r, w, x, q);
            const char *label = conflicts_label(r, p, x);
            if (!y) {
                structural(r, "conflicts_changed", "%s %s", label, w ? "is new" : "is no longer in the policy");
                continue;
            }
            for (uint32_t c = 0; c < x->ncats; c++) {
                const pl_category *cy = NULL;
                for (uint32_t d = 0; d < y->ncats && !cy; d++)
                    if (!strcmp(y->cats[d].name, x->cats[c].name))
                        cy = &y->cats[d];
                if (!cy)
                    structural(r, "conflicts_changed", "%s %s the interest of kind '%s'", label,
                               w ? "has a new" : "no longer has", x->cats[c].name);
                else if (!w && cy->actions != x->cats[c].actions)
                    structural(r, "conflicts_changed", "%s requires otherwise of an interest of kind '%s': '%s', now '%s'",
                               label, x->cats[c].name, x->cats[c].text ? x->cats[c].text : "",
                               cy->text ? cy->text : "");
            }
            if (w)
                continue;
            if (x->declare_within != y->declare_within)
                structural(r, "conflicts_changed", "%s has interests declared within %s, was %s: late declarations "
                           "are found by other days", label, days_words(r, y->declare_within),
                           days_words(r, x->declare_within));
            const char *ra = x->refer_to < p->nholders ? p->holders[x->refer_to].name : "none";
            const char *rb = y->refer_to < q->nholders ? q->holders[y->refer_to].name : "none";
            if (strcmp(ra, rb))
                structural(r, "conflicts_changed", "%s refers a decision whose quorum is lost to %s, was %s", label, rb,
                           ra);
        }
    }
}

static void matters_changed(df_run *r)
{
    const remit_policy *o = r->side[0].p, *n = r->side[1].p;
    added_removed(r, DF_MATTERS, "matter_added", "matter_removed");
    added_removed(r, DF_CONTEXT, "context_added", "context_removed");
    for (uint32_t i = 0; i < o->ncontext; i++) {
        uint32_t k = find_named(n, DF_CONTEXT, o->context[i].name);
        if (k != PL_NONE && !same_field(o, &o->context[i], n, &n->context[k]))
            structural(r, "context_changed", "the context value %s changed its type or values (%s, now %s)",
                       o->context[i].name, type_word(&o->context[i]), type_word(&n->context[k]));
    }
    added_removed(r, DF_PROTOCOLS, "protocol_added", "protocol_removed");
    for (uint32_t m = 0; m < o->nmatters; m++) {
        uint32_t k = matter_named(n, o->matters[m].name);
        if (k == PL_NONE)
            continue;
        const pl_matter *a = &o->matters[m], *b = &n->matters[k];
        for (int w = 0; w < 2; w++) {
            const pl_matter *x = w ? b : a, *y = w ? a : b;
            const remit_policy *p = w ? n : o, *q = w ? o : n;
            for (uint32_t i = 0; i < x->nfields; i++) {
                uint32_t j = field_named(y, x->fields[i].name);
                if (j == PL_NONE)
                    structural(r, w ? "field_added" : "field_removed", "the matter %s %s the field %s", b->name,
                               w ? "has a new" : "no longer has", x->fields[i].name);
                else if (!w && !same_field(p, &x->fields[i], q, &y->fields[j]))
                    structural(r, "field_changed", "the field %s of the matter %s changed its type or values", x->fields[i].name,
                               b->name);
            }
        }
    }
}

/* ------------------------------------------------------- decisions */

/* The answer res to case k, in *g (written in place: a df_sig is large).
 * Only what same_sig reads is written: the rest of co, due and find is
 * not. */
static void sig_of(df_sig *g, const remit_policy *p, const ev_result *res, const an_case *k)
{
    g->nco = 0;
    for (uint32_t i = 0; i < k->d.nco && i < EV_MAX_SIGNERS; i++)
        g->co[g->nco++] = p->holders[k->d.co[i]].name;
    g->outcome = res->outcome;
    g->target = res->outcome == EV_ESCALATE && res->target < p->nholders ? p->holders[res->target].name : NULL;
    g->ndue = res->ndue;
    for (uint32_t i = 0; i < res->ndue; i++)
        g->due[i] = res->dues[i].due;
    g->nfind = res->nfind;
    g->more_findings = res->more_findings;
    for (uint32_t i = 0; i < res->nfind; i++)
        g->find[i] = (struct df_finding){res->find[i].due, (uint32_t)res->find[i].kind};
}

/* Do two answers give the same findings (kinds and due days, in order)? */
static bool same_findings(const df_sig *a, const df_sig *b)
{
    if (a->nfind != b->nfind || a->more_findings != b->more_findings)
        return false;
    for (uint32_t i = 0; i < a->nfind; i++)
        if (a->find[i].kind != b->find[i].kind || a->find[i].due != b->find[i].due)
            return false;
    return true;
}

/* Do two answers differ as a reviewer reads them (SPEC 11.10): the
 * outcome, where it escalates to, its findings, and for a decision
 * permitted the co-signatures it took and when its obligations fall
 * due?  (Why a decision is not permitted is not compared: the same
 * answer for other reasons is no change to the scheme's effect.) */
static bool same_sig(const df_sig *a, const df_sig *b)
{
    if (a->outcome != b->outcome || !same_findings(a, b))
        return false;
    if ((a->target == NULL) != (b->target == NULL) || (a->target && strcmp(a->target, b->target)))
        return false;
    if (a->outcome != EV_PERMITTED)
        return true;
    if (a->nco != b->nco || a->ndue != b->ndue)
        return false;
    for (uint32_t i = 0; i < a->nco; i++)
        if (strcmp(a->co[i], b->co[i]))
            return false;
    return !memcmp(a->due, b->due, a->ndue * sizeof *a->due);
}

/* Are two answers the same in every part (same_sig, and the
 * co-signatories and obligations of any outcome)? */
static bool same_all(const df_sig *a, const df_sig *b)
{
    if (a->outcome != b->outcome || a->nco != b->nco || a->ndue != b->ndue || !same_findings(a, b))
        return false;
    if ((a->target == NULL) != (b->target == NULL) || (a->target && strcmp(a->target, b->target)))
        return false;
    for (uint32_t i = 0; i < a->nco; i++)
        if (strcmp(a->co[i], b->co[i]))
            return false;
    return !memcmp(a->due, b->due, a->ndue * sizeof *a->due);
}

static uint64_t hash_text(uint64_t h, const char *t)
{
    for (; t && *t; t++)
        h = (h ^ (unsigned char)*t) * UINT64_C(0x100000001B3);
    return (h ^ 0xFF) * UINT64_C(0x100000001B3);
}

static uint64_t sig_hash(const df_sig *g)
{
    uint64_t h = UINT64_C(0xCBF29CE484222325) ^ (uint64_t)g->outcome;
    h = hash_text(h, g->target);
    for (uint32_t i = 0; i < g->nco; i++)
        h = hash_text(h, g->co[i]);
    for (uint32_t i = 0; i < g->ndue; i++)
        h = (h ^ (uint64_t)g->due[i]) * UINT64_C(0x100000001B3);
    for (uint32_t i = 0; i < g->nfind; i++)
        h = (h ^ (uint64_t)g->find[i].due ^ (uint64_t)g->find[i].kind << 60) * UINT64_C(0x100000001B3);
    return h;
}

/* The one copy of answer g that regions point to (a region is small, and
 * there are few answers). */
static const df_sig *intern(df_run *r, const df_sig *g)
{
    if (2 * (r->nsig + 1) > r->capsig) {
        uint32_t cap = r->capsig ? 2 * r->capsig : 64;
        const df_sig **t = ar_alloc(&r->s->arena, cap * sizeof *t);
        memset(t, 0, cap * sizeof *t);
        for (uint32_t i = 0; i < r->capsig; i++)
            if (r->sigs[i]) {
                uint32_t k = (uint32_t)sig_hash(r->sigs[i]) & (cap - 1);
                while (t[k])
                    k = (k + 1) & (cap - 1);
                t[k] = r->sigs[i];
            }
        r->sigs = t;
        r->capsig = cap;
    }
    uint32_t k = (uint32_t)sig_hash(g) & (r->capsig - 1);
    for (; r->sigs[k]; k = (k + 1) & (r->capsig - 1))
        if (same_all(r->sigs[k], g))
            return r->sigs[k];
    df_sig *c = ar_alloc(&r->s->arena, sizeof *c);
    *c = *g;
    r->sigs[k] = c;
    r->nsig++;
    return c;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* ------------------------------------------- what the conditions read */

/* The values a decision gives that node n reads (fields as their index,
 * context values as DF_CTX_BIT | index), up to two distinct, in *v;
 * returns how many (2 meaning two or more). */
#define DF_CTX_BIT 0x80000000u
static uint32_t reads_of(const remit_policy *p, uint32_t n, uint32_t *v, uint32_t k)
{
    if (n == PL_NONE || k >= 2)
        return k;
    const pl_node *x = &p->nodes[n];
    uint32_t id = PL_NONE;
    switch (x->op) {
    case N_FIELD: id = x->a; break;
    case N_CTX: id = DF_CTX_BIT | x->a; break;
    case N_TOTAL: id = x->b; break;
    default: {
        uint32_t a, b;
        pl_operands(x, &a, &b);
        return reads_of(p, b, v, reads_of(p, a, v, k));
    }
    }
    for (uint32_t i = 0; i < k; i++)
        if (v[i] == id)
            return k;
    v[k] = id;
    return k + 1;
}

/* Calls fn for every node of the conditions of version w that decide the
 * matter compared: its rules' `when` and `limit`, and each protocol's
 * `active when` (which reads the context). */
typedef struct df_where {
    const char *file, *text;    /* the rule's, or the protocol's `active when` */
    uint32_t line;
} df_where;
typedef void (*df_visit)(df_run *r, int w, const df_where *at, uint32_t n, void *arg);

static void visit_node(df_run *r, int w, const df_where *rule, uint32_t n, df_visit fn, void *arg)
{
    if (n == PL_NONE)
        return;
    uint32_t a, b;
    fn(r, w, rule, n, arg);
    pl_operands(&r->side[w].p->nodes[n], &a, &b);
    visit_node(r, w, rule, a, fn, arg);
    visit_node(r, w, rule, b, fn, arg);
}

static void visit_conditions(df_run *r, df_visit fn, void *arg)
{
    for (int w = 0; w < 2; w++) {
        const remit_policy *p = r->side[w].p;
        const pl_matter *m = &p->matters[r->matter[w]];
        for (uint32_t i = 0; i < m->nrules; i++) {
            const pl_rule *rule = &p->rules[m->rules[i]];
            df_where at = {rule->src.file, rule->text, rule->src.line};
            visit_node(r, w, &at, rule->when, fn, arg);
            visit_node(r, w, &at, rule->limit, fn, arg);
        }
        for (uint32_t i = 0; i < p->nprotocols; i++) {
            const pl_protocol *x = &p->protocols[i];
            df_where at = {x->src.file, x->active_text ? x->active_text : x->name, x->src.line};
            visit_node(r, w, &at, x->active, fn, arg);
        }
    }
}

static void note_inexact(df_run *r, const df_where *at)
{
    const char *matter = r->side[1].p->matters[r->matter[1]].name;
    for (uint32_t i = 0; i < r->ninexact; i++)
        if (r->inexact[i].matter == matter && r->inexact[i].line == at->line && !strcmp(r->inexact[i].file, at->file))
            return;
    if (r->ninexact == r->capinexact)
        r->inexact = df_grow(r, r->inexact, &r->capinexact, sizeof *r->inexact);
    r->inexact[r->ninexact++] = (struct df_inexact){matter, at->file, at->text, at->line};
}

/* A comparison that reads two values a decision gives (`amount >
 * budget`, `a + b > £5m`) draws a boundary no box of values follows. */
static void two_values(df_run *r, int w, const df_where *at, uint32_t n, void *arg)
{
    (void)arg;
    const remit_policy *p = r->side[w].p;
    uint32_t v[2];
    if (p->nodes[n].op == N_CMP && reads_of(p, n, v, 0) >= 2)
        note_inexact(r, at);
}

/* The choice lists (masks) a set dimension is tested against. */
typedef struct df_masks {
    const df_dim *d;
    uint32_t n;
    uint64_t mask[64];
    bool over;                  /* more than 64 */
    df_where at;                /* the first test's rule, for a note */
} df_masks;

static void set_masks(df_run *r, int w, const df_where *at, uint32_t n, void *arg)
{
    df_masks *m = arg;
    const remit_policy *p = r->side[w].p;
    const pl_node *x = &p->nodes[n];
    if (x->op != N_SETIN && x->op != N_SETNOTIN)
        return;
    const pl_node *v = &p->nodes[x->a];
    if (v->op != (m->d->context ? N_CTX : N_FIELD) || v->a != m->d->at[w])
        return;
    for (uint32_t i = 0; i < m->n; i++)
        if (m->mask[i] == (uint64_t)x->k)
            return;
    if (!m->at.file)
        m->at = *at;
    if (m->n == 64)
        m->over = true;
    else
        m->mask[m->n++] = (uint64_t)x->k;
}

/* The sets of dimension d worth trying: a set is told apart from another
 * only by which of the lists its rules test it against (`x in f`) it
 * meets, so the choices fall into kinds (those met by the same lists), a
 * choice no list names counting as none; every union of one choice of
 * each kind is tried (2^kinds sets, each kind by its first choice).
 * False, with d untouched, when there are more than DF_MAX_CLASSES kinds. */
static bool set_values(df_run *r, df_dim *d)
{
    df_masks m;
    memset(&m, 0, sizeof m);
    m.d = d;
    visit_conditions(r, set_masks, &m);
    const pl_field *f = d->f[1];
    uint64_t sig[64], first[DF_MAX_CLASSES + 1];
    uint32_t k = 0;
    for (uint32_t c = 0; c < f->nchoices && !m.over; c++) {
        sig[c] = 0;
        for (uint32_t i = 0; i < m.n; i++)
            sig[c] |= (m.mask[i] >> c & 1u) << i;
        if (!sig[c])
            continue; /* no list names it: as if not there */
        bool seen = false;
        for (uint32_t j = 0; j < c && !seen; j++)
            seen = sig[j] == sig[c];
        if (seen)
            continue;
        if (k == DF_MAX_CLASSES) {
            m.over = true;
            break;
        }
        first[k++] = (uint64_t)1 << c;
    }
    if (m.over) {
        if (m.at.file)
            note_inexact(r, &m.at);
        return false;
    }
    d->nv = 1u << k;
    d->v[0] = d->v[1] = ar_alloc(&r->s->arena, d->nv * sizeof *d->v[0]);
    for (uint32_t u = 0; u < d->nv; u++) {
        int64_t v = 0;
        for (uint32_t j = 0; j < k; j++)
            if (u >> j & 1u)
                v |= (int64_t)first[j];
        d->v[0][u] = v;
    }
    return true;
}

/* The values of dimension d tried: both versions' (an_values), merged. */
static void dim_values(df_run *r, df_dim *d)
{
    int64_t *v[2], *all = ar_alloc(&r->s->arena, 4 * DF_MAX_VALUES * sizeof *all);
    uint32_t n[2];
    d->nall = 0;
    for (int w = 0; w < 2; w++) {
        v[w] = ar_alloc(&r->s->arena, DF_MAX_VALUES * sizeof *v[w]);
        n[w] = an_values(&r->side[w].c, r->matter[w], d->at[w], d->context, NULL, 0, v[w], DF_MAX_VALUES);
        /* beyond what is kept, the values are not all tried: the
         * comparison says it is not complete */
        uint64_t worth = r->side[w].c.values_cut ? (uint64_t)n[w] + 4096 : n[w];
        if (worth > DF_MAX_VALUES && worth > d->nall)
            d->nall = worth;
        if (n[w] > DF_MAX_VALUES)
            n[w] = DF_MAX_VALUES;
    }
    uint32_t k = 0;
    if (d->f[0]->type == TY_SET && set_values(r, d))
        return;
    if (d->f[0]->type == TY_TEXT) { /* by the text itself: each version's ids differ */
        const char **str = ar_alloc(&r->s->arena, (n[0] + n[1] + 1) * sizeof *str);
        for (int w = 0; w < 2; w++)
            for (uint32_t i = 0; i < n[w]; i++) {
                const remit_policy *p = r->side[w].p;
                const char *t = v[w][i] >= 0 && (uint64_t)v[w][i] < p->ntexts ? p->texts[v[w][i]] : NULL;
                bool again = !t;
                for (uint32_t j = 0; j < k && !again; j++)
                    again = !strcmp(str[j], t);
                if (!again)
                    str[k++] = t;
            }
        /* first a text neither version's rules mention, then each one */
        d->nv = k + 1;
        d->text = ar_alloc(&r->s->arena, (k + 1) * sizeof *d->text);
        for (uint32_t j = 0; j < k; j++)
            d->text[j + 1] = str[j];
        for (int w = 0; w < 2; w++) {
            const remit_policy *p = r->side[w].p;
            d->v[w] = ar_alloc(&r->s->arena, (k + 1) * sizeof *d->v[w]);
            d->v[w][0] = (int64_t)p->ntexts;
            for (uint32_t j = 0; j < k; j++) {
                d->v[w][j + 1] = (int64_t)p->ntexts;
                for (uint32_t t = 0; t < p->ntexts; t++)
                    if (!strcmp(p->texts[t], str[j])) {
                        d->v[w][j + 1] = t;
                        break;
                    }
            }
        }
        return;
    }
    for (int w = 0; w < 2; w++)
        for (uint32_t i = 0; i < n[w]; i++)
            all[k++] = v[w][i];
    qsort(all, k, sizeof *all, cmp_i64);
    uint32_t u = 0;
    for (uint32_t i = 0; i < k; i++)
        if (!u || all[i] != all[u - 1])
            all[u++] = all[i];
    d->nv = u;
    d->v[0] = d->v[1] = all;
}

/* The dimensions of the matter both versions have: each field and
 * context value both declare alike. */
static void dims_of(df_run *r)
{
    const remit_policy *o = r->side[0].p, *n = r->side[1].p;
    const pl_matter *a = &o->matters[r->matter[0]], *b = &n->matters[r->matter[1]];
    r->dims = ar_alloc(&r->s->arena, (a->nfields + o->ncontext + 1) * sizeof *r->dims);
    r->ndims = 0;
    r->primary = PL_NONE;
    for (uint32_t i = 0; i < a->nfields; i++) {
        uint32_t j = field_named(b, a->fields[i].name);
        if (j == PL_NONE || !same_field(o, &a->fields[i], n, &b->fields[j]))
            continue;
        df_dim *d = &r->dims[r->ndims++];
        *d = (df_dim){.name = a->fields[i].name, .at = {i, j}, .f = {&a->fields[i], &b->fields[j]}};
        ty_kind t = a->fields[i].type;
        if (r->primary == PL_NONE ? df_ordered(t) : t == TY_MONEY && r->dims[r->primary].f[0]->type != TY_MONEY)
            r->primary = r->ndims - 1;
    }
    for (uint32_t i = 0; i < o->ncontext; i++) {
        uint32_t j = find_named(n, DF_CONTEXT, o->context[i].name);
        if (j != PL_NONE && same_field(o, &o->context[i], n, &n->context[j]))
            r->dims[r->ndims++] =
                (df_dim){.name = o->context[i].name, .context = true, .at = {i, j}, .f = {&o->context[i], &n->context[j]}};
    }
    for (uint32_t i = 0; i < r->ndims; i++)
        dim_values(r, &r->dims[i]);
    visit_conditions(r, two_values, NULL);
    /* too many combinations: context values held first, then the fields
     * last declared, at their first value */
    uint64_t total = 1, full = 1;
    for (uint32_t i = 0; i < r->ndims; i++) {
        uint64_t nv = r->dims[i].nall > r->dims[i].nv ? r->dims[i].nall : r->dims[i].nv;
        full = full > UINT64_MAX / (nv + 1) ? UINT64_MAX : full * nv;
        total = total > UINT64_MAX / (r->dims[i].nv + 1) ? UINT64_MAX : total * r->dims[i].nv;
    }
    for (uint32_t i = r->ndims; i-- > 0 && total > DF_MAX_POINTS;) {
        if (i == r->primary || r->dims[i].nv <= 1)
            continue;
        total /= r->dims[i].nv;
        r->dims[i].fixed = true;
    }
    r->total = r->total > UINT64_MAX - full ? UINT64_MAX : r->total + full;
    r->tried = r->tried > UINT64_MAX - total ? UINT64_MAX : r->tried + total;
}

/* The case of version w: the matter, decider h, the values at index
 * pt[] of each dimension. */
static void case_at(df_run *r, int w, uint32_t h, const uint32_t *pt, an_case *k)
{
    df_side *s = &r->side[w];
    an_case_init(&s->c, k, r->matter[w], h);
    for (uint32_t i = 0; i < r->ndims; i++) {
        const df_dim *d = &r->dims[i];
        int64_t v = d->v[w][pt[i]];
        if (d->context)
            k->d.context[d->at[w]] = v;
        else
            k->d.fields[d->at[w]] = v;
    }
    an_case_ready(&s->c, k);
}

/* The case of version w at pt, decided by h, evaluated, with the
 * co-signatories a decision not permitted for want of them asks for
 * added (as `remit who` adds them, 7.16: at most three rounds), in *k and
 * *res. */
static void signed_eval(df_run *r, int w, uint32_t h, const uint32_t *pt, an_case *k, ev_result *res)
{
    const remit_policy *p = r->side[w].p;
    an_ctx *c = &r->side[w].c;
    case_at(r, w, h, pt, k);
    for (int round = 0;; round++) {
        an_case_eval(c, k, res);
        if (res->outcome == EV_PERMITTED || round == 3)
            return; /* (a missing signature may refuse, or escalate: either way it is given) */
        uint32_t before = k->d.nco;
        for (uint32_t i = 0; i < res->nreasons; i++) {
            const ev_reason *x = &res->reasons[i];
            const pl_rule *rule = x->rule < p->nrules ? &p->rules[x->rule] : NULL;
            if (rule && x->kind == WHY_JOINT_NEEDS)
                an_case_cosign(k, rule->from);
            else if (rule && rule->with && (x->kind == WHY_SIGNATURES || x->kind == WHY_COSIGN))
                an_case_sign(c, k, rule->with, x->kind == WHY_SIGNATURES);
        }
        if (k->d.nco == before)
            return;
        an_case_ready(c, k);
    }
}

/* (A decision's memory goes with it: the diff's memory does not grow
 * with the decisions it tries.) */
static void eval_at(df_run *r, int w, uint32_t h, const uint32_t *pt, df_sig *g)
{
    an_case k;
    ev_result res;
    ar_mark m = ar_mark_of(r->side[w].c.a);
    signed_eval(r, w, h, pt, &k, &res);
    sig_of(g, r->side[w].p, &res, &k);
    /* for a class of deciders alike (compare_matter): did this decision
     * take a member as a co-signatory, or escalate to one? */
    const uint32_t *cls = r->class_of[w];
    if (cls && r->testing != PL_NONE) {
        uint32_t nh = r->side[w].p->nholders;
        for (uint32_t i = 0; i < k.d.nco; i++)
            if (k.d.co[i] < nh && cls[k.d.co[i]] == r->testing)
                r->took[holder_as(r, 1, w, k.d.co[i])] = 1;
        r->taken |= res.outcome == EV_ESCALATE && res.target < nh && cls[res.target] == r->testing;
    }
    ar_rewind(r->side[w].c.a, m);
}

/* Region x, with answers g (NULL: x's own). */
static void add_region(df_run *r, const df_region *x, const df_sig *g)
{
    if (r->nreg == r->capreg)
        r->reg = df_grow(r, r->reg, &r->capreg, sizeof *r->reg);
    r->reg[r->nreg] = *x;
    if (g) {
        r->reg[r->nreg].sig[0] = intern(r, &g[0]);
        r->reg[r->nreg].sig[1] = intern(r, &g[1]);
    }
    r->nreg++;
}

/* The combination number o of the dimensions other than the primary (and
 * the fixed), as indices in pt: the last such dimension varies fastest
 * (write_matter's boxes rely on it). */
static void outer_point(const df_run *r, uint32_t o, uint32_t *pt)
{
    for (uint32_t i = r->ndims; i-- > 0;) {
        if (i == r->primary || r->dims[i].fixed) {
            pt[i] = 0;
            continue;
        }
        pt[i] = o % r->dims[i].nv;
        o /= r->dims[i].nv;
    }
}

static uint32_t outer_count(const df_run *r)
{
    uint32_t n = 1;
    for (uint32_t i = 0; i < r->ndims; i++)
        if (i != r->primary && !r->dims[i].fixed)
            n *= r->dims[i].nv;
    return n;
}

/* Can the decisions of decider h (version w) be written as `remit eval`
 * reads them?  Not when h is a body that decides at meetings (it has a
 * quorum) and the policy lists no seats for a meeting of it, whose
 * attendance a decision must then give (7.10). */
static bool writable(df_run *r, int w, uint32_t h, const uint32_t *pt)
{
    an_case k;
    ar_mark m = ar_mark_of(r->side[w].c.a);
    case_at(r, w, h, pt, &k);
    const pl_holder *x = &r->side[w].p->holders[h];
    bool ok = !x->is_body || !x->nquorum || k.d.meeting;
    ar_rewind(r->side[w].c.a, m);
    return ok;
}

/* ------------------------------------- what need not be evaluated */

/* Three ways the diff spares evaluations, each without changing a byte of
 * what it says (REMIT_DIFF_EVERY=1 turns them off, for the tests that
 * compare the two; SPEC 11.10):
 *
 * A matter the versions say alike.  A decision of a matter, with no
 * history, register or interests (as the diff's decisions are), reads of
 * the policy its matter's fields and rules (and the precedence among
 * them), and the rest of the scheme but the other matters' rules: the
 * holders, kinds, tiers, context values, texts, protocols and conflicts
 * (SPEC 7).  print_scheme and print_matter write those, naming holders,
 * kinds, matters and context values by name and leaving out where
 * anything is written; when both prints of a matter are the same in the
 * two versions, every decision of it is answered alike in both, so none
 * is evaluated, and no region is found, as evaluating them would find.
 *
 * A matter reads the scheme alike.  When the scheme prints differently
 * (a holder added, say), a matter said alike may still read it alike.
 * Its decisions read a holder that none of its rules names, that sits on
 * no body, has no seat or reporting line, is no body, and that no
 * protocol or conflicts block names (mark_named) only as a decider,
 * through its kinds and tier, or as a co-signatory the diff gives them:
 * its walk up finds no one, the walks of others never reach it (they go
 * up through bodies and delegators of the matter), it is no candidate
 * (SPEC 7.4), and no rule of the matter is keyed on it.  The choice of
 * co-signatories (an_case_sign) takes, for a slot of a kind, holders of
 * the kind in order, passing over those who sign already; a holder after
 * the first EV_MAX_SIGNERS + 1 of its kind is never taken, since every
 * earlier one would have to sign, and no more than EV_MAX_SIGNERS and the
 * decider do (mark_signable).  So each version's print leaves out the
 * holders read in neither of these ways that the other version lacks,
 * and writes those both have by name, kinds and tier alone; when the
 * prints are the same, the holders read in full are the same (by name,
 * in the same order, with the same kinds) and so are the first of each
 * kind a slot names, and every decision of the matter by a holder both
 * versions have is answered alike (scheme_read_alike).
 *
 * Deciders that stand alike.  A role that nothing the matter's decisions
 * read names (no rule of the matter names it in any place, no body lists
 * it, seats it, has it in the chair or never in it, no protocol or
 * conflicts block names it, and several people may not hold it), in
 * either version, is read by evaluation only through its kinds and tier
 * (SPEC 7.4: its walk up finds no one, it is never a candidate itself, no
 * rule is keyed on it).  Two such roles with the same kinds and tier in
 * both versions answer each decision alike but for one thing: the
 * co-signatories the diff gives a decision (an_case_sign) are the first
 * holders of a kind in order of declaration, the decider left out.  So
 * the roles alike are a class, in the same order in both versions, and
 * the last of them, r, evaluated, stands for each other member x that
 * none of its decisions, in either version, took as a co-signatory: the
 * choosers for r and for x see the same holders in the same order but
 * at r and at x, each leaving its own decider out; r is last, and a
 * chooser for r takes x when it reaches it with a slot x fills, so for a
 * decision that took no x it stopped before x, as the chooser for x
 * then does, with the same signatories; an alternative of co-signatures
 * that failed was not filled however far they went, and fails alike for
 * r and x (their kinds are the same, and as many are left to choose
 * from).  A member taken is evaluated itself, and so is every member
 * when one of r's decisions escalates to a member. */

/* A print: text written to memory (NULL when there was no memory: then
 * nothing is spared). */
typedef struct df_print {
    char *text;
    size_t len;
    FILE *f;
} df_print;

static void print_name(FILE *f, const char *const *names, uint32_t n, uint32_t i)
{
    fputs(i < n ? names[i] : "-", f);
    fputc(' ', f);
}

static void print_holder(FILE *f, const remit_policy *p, uint32_t h)
{
    fputs(h < p->nholders ? p->holders[h].name : "-", f);
    fputc(' ', f);
}

static void print_field(FILE *f, const pl_field *x)
{
    fprintf(f, "[%s %d %lld %lld", x->name, (int)x->type, (long long)x->lo, (long long)x->hi);
    for (uint32_t i = 0; i < x->nchoices; i++)
        fprintf(f, " %s", x->choices[i]);
    fputs("] ", f);
}

static void print_total(FILE *f, const remit_policy *p, uint32_t t)
{
    if (t < p->ntotals)
        fprintf(f, "{%u %u %d %lld} ", p->totals[t].field, p->totals[t].per, (int)p->totals[t].period,
                (long long)p->totals[t].over);
    else
        fputs("{-} ", f);
}

/* Node n (m: its matter, NULL for a protocol's `active when`). */
static void print_node(FILE *f, const remit_policy *p, const pl_matter *m, uint32_t n)
{
    if (n == PL_NONE || n >= p->nnodes) {
        fputs("_ ", f);
        return;
    }
    const pl_node *x = &p->nodes[n];
    fprintf(f, "(%u %u ", x->op, x->cmp);
    switch ((pl_op)x->op) {
    case N_FIELD: fprintf(f, "%u %lld", x->a, (long long)x->k); break;
    case N_CTX: fprintf(f, "%s", x->a < p->ncontext ? p->context[x->a].name : "-"); break;
    case N_TOTAL:
        fprintf(f, "%u %u ", x->a, x->b);
        print_total(f, p, m && x->a < m->ntotals ? m->totals[x->a] : PL_NONE);
        print_total(f, p, x->k >= 0 && (uint64_t)x->k < p->ntotals ? (uint32_t)x->k : PL_NONE);
        break;
    case N_WHO:
        fprintf(f, "%u %lld ", x->a, (long long)x->k);
        if (x->k == WHO_KIND)
            print_name(f, p->kinds, p->nkinds, x->b);
        else
            print_holder(f, p, x->b);
        break;
    default: {
        uint32_t a, b;
        pl_operands(x, &a, &b);
        fprintf(f, "%lld ", (long long)x->k);
        if (a == PL_NONE && b == PL_NONE)
            fprintf(f, "%u %u", x->a, x->b);
        print_node(f, p, m, a);
        print_node(f, p, m, b);
    }
    }
    fputs(") ", f);
}

static void print_signers(FILE *f, const remit_policy *p, const pl_signers *g)
{
    fputc('<', f);
    for (uint32_t a = 0; g && a < g->nalts; a++) {
        fputc('|', f);
        for (uint32_t i = 0; i < g->alts[a].nslots; i++) {
            const pl_slot *sl = &g->alts[a].slots[i];
            fprintf(f, "%u %u ", sl->is_kind, sl->count);
            if (sl->is_kind)
                print_name(f, p->kinds, p->nkinds, sl->who);
            else
                print_holder(f, p, sl->who);
        }
    }
    fputs("> ", f);
}

/* The place of rule g among its matter's rules, or PL_NONE. */
static uint32_t rule_place(const pl_matter *m, uint32_t g)
{
    for (uint32_t i = 0; i < m->nrules; i++)
        if (m->rules[i] == g)
            return i;
    return PL_NONE;
}

static void print_rule(FILE *f, const remit_policy *p, const pl_matter *m, const pl_rule *x)
{
    fprintf(f, "\n%d %d %d %d ", (int)x->kind, (int)x->spectrum, x->may_subdelegate, x->to_next_tier);
    print_node(f, p, m, x->when);
    print_node(f, p, m, x->limit);
    print_holder(f, p, x->from);
    print_holder(f, p, x->to);
    print_holder(f, p, x->sub_approver);
    print_holder(f, p, x->for_holder);
    if (x->prior < p->npriors) {
        const pl_prior *q = &p->priors[x->prior];
        fprintf(f, "prior %s %u ", q->matter < p->nmatters ? p->matters[q->matter].name : "-", q->per);
        print_holder(f, p, q->by);
    }
    if (x->prec < p->nprecs) {
        const pl_prec *c = &p->precs[x->prec];
        uint32_t place = x->prec - c->first;
        fprintf(f, "prec %u:", place);
        for (uint32_t i = 0; i < c->nrules; i++)
            fprintf(f, " %u", rule_place(m, c->rules[i]));
        for (uint32_t i = 0; c->over && i < (place + 63) / 64; i++)
            fprintf(f, " %llx", (unsigned long long)c->over[i]);
        fputc(' ', f);
    }
    fputs("beaten", f);
    for (uint32_t i = 0; i < x->nbeaten; i++)
        fprintf(f, " %u", rule_place(m, x->beaten_by[i]));
    fprintf(f, " %s ", x->protocol < p->nprotocols ? p->protocols[x->protocol].name : "-");
    fprintf(f, "%lld %d %lld ", (long long)x->upto, x->no_limit, (long long)x->after);
    print_signers(f, p, x->with);
    for (uint32_t i = 0; i < x->nobligations; i++) {
        const pl_obligation *b = &x->obligations[i];
        fprintf(f, "ob %d %s %lld %d %d ", (int)b->kind, b->text ? b->text : "-", (long long)b->within,
                (int)b->end_of, b->next_meeting);
        print_holder(f, p, b->holder);
    }
    fprintf(f, "total %u %u %d %lld %lld %d ", x->total_field, x->per_field, (int)x->total_op,
            (long long)x->ceiling, (long long)x->over, (int)x->period);
    for (uint32_t i = 0; i < x->nparts; i++) {
        fprintf(f, "part %d ", x->parts[i].is_limit);
        print_node(f, p, m, x->parts[i].node);
    }
}

/* How much of a holder print_scheme writes (see the note above
 * print_holder, "a matter reads the scheme alike"). */
enum { DF_SHOW_NONE, DF_SHOW_KINDS, DF_SHOW_ALL };

/* The scheme but its matters: each holder as show[h] says (show NULL:
 * every one whole). */
static void print_scheme(FILE *f, const remit_policy *p, const uint8_t *show)
{
    fprintf(f, "fy %d %d\ntiers", p->fy_month, p->fy_day);
    for (uint32_t i = 0; i < p->ntiers; i++)
        fprintf(f, " %s", p->tiers[i]);
    fputs("\nkinds", f);
    for (uint32_t i = 0; i < p->nkinds; i++)
        fprintf(f, " %s", p->kinds[i]);
    for (uint32_t h = 0; h < p->nholders; h++) {
        const pl_holder *x = &p->holders[h];
        if (show && show[h] == DF_SHOW_NONE)
            continue;
        if (show && show[h] == DF_SHOW_KINDS) { /* a decider, read through its kinds and tier */
            fprintf(f, "\nholder %s %d kinds ", x->name, x->tier);
            for (uint32_t i = 0; i < x->nkinds; i++)
                print_name(f, p->kinds, p->nkinds, x->kinds[i]);
            continue;
        }
        fprintf(f, "\nholder %s %d %d %d ", x->name, x->is_body, x->tier, p->many ? p->many[h] : 0);
        for (uint32_t i = 0; i < x->nparents; i++)
            print_holder(f, p, x->parents[i]);
        fputs("seats ", f);
        for (uint32_t i = 0; i < x->nseats; i++)
            print_holder(f, p, x->seats[i]);
        fputs("kinds ", f);
        for (uint32_t i = 0; i < x->nkinds; i++)
            print_name(f, p->kinds, p->nkinds, x->kinds[i]);
        fputs("members ", f);
        for (uint32_t i = 0; i < x->nmembers; i++) {
            print_holder(f, p, x->members[i].role);
            fprintf(f, "%lld %lld ", (long long)x->members[i].lo, (long long)x->members[i].hi);
        }
        fputs("quorum ", f);
        for (uint32_t i = 0; i < x->nquorum; i++) {
            const struct pl_quorum *q = &x->quorum[i];
            fprintf(f, "%d %lld %lld %d %d ", (int)q->kind, (long long)q->n, (long long)q->den, q->alt, q->who_is_kind);
            if (q->who_is_kind)
                print_name(f, p->kinds, p->nkinds, q->who);
            else
                print_holder(f, p, q->who);
        }
        for (int never = 0; never < 2; never++) {
            fputs(never ? "never " : "chairs ", f);
            for (uint32_t i = 0; i < (never ? x->nnever : x->nchairs); i++) {
                const struct pl_chair *c = never ? &x->never[i] : &x->chairs[i];
                fprintf(f, "%d ", c->is_kind);
                if (c->is_kind)
                    print_name(f, p->kinds, p->nkinds, c->who);
                else
                    print_holder(f, p, c->who);
            }
        }
    }
    fputs("\ncontext ", f);
    for (uint32_t i = 0; i < p->ncontext; i++)
        print_field(f, &p->context[i]);
    fputs("\ntexts", f);
    for (uint32_t i = 0; i < p->ntexts; i++)
        fprintf(f, " [%s]", p->texts[i]);
    for (uint32_t i = 0; i < p->nprotocols; i++) {
        const pl_protocol *x = &p->protocols[i];
        fprintf(f, "\nprotocol %s %lld %lld ", x->name, (long long)x->expires, (long long)x->ratify_within);
        print_holder(f, p, x->ratifier);
        print_node(f, p, NULL, x->active);
        for (uint32_t k = 0; k < x->nnever; k++)
            fprintf(f, "%s ", x->never[k] < p->nmatters ? p->matters[x->never[k]].name : "-");
    }
    for (uint32_t i = 0; i < p->nconflicts; i++) {
        const pl_conflicts *x = &p->conflicts[i];
        fprintf(f, "\nconflicts %lld ", (long long)x->declare_within);
        print_holder(f, p, x->body);
        print_holder(f, p, x->refer_to);
        for (uint32_t k = 0; k < x->ncats; k++)
            fprintf(f, "%s %u ", x->cats[k].name, x->cats[k].actions);
    }
}

static void print_matter(FILE *f, const remit_policy *p, uint32_t mt)
{
    const pl_matter *m = &p->matters[mt];
    fprintf(f, "matter %s %u ", m->name, m->money_field);
    for (uint32_t i = 0; i < m->nfields; i++)
        print_field(f, &m->fields[i]);
    for (uint32_t i = 0; i < m->nrules; i++)
        print_rule(f, p, m, &p->rules[m->rules[i]]);
}

/* Prints, to compare: the rules of matter mt of p that are grants of
 * protocol pr (pr PL_NONE: its urgent powers), in order; mt PL_NONE:
 * protocol pr's `active when`, constants as their values. */
static void print_powers(FILE *f, const remit_policy *p, uint32_t mt, uint32_t pr)
{
    if (mt == PL_NONE) {
        print_node(f, p, NULL, p->protocols[pr].active);
        return;
    }
    const pl_matter *m = &p->matters[mt];
    for (uint32_t i = 0; i < m->nrules; i++) {
        const pl_rule *x = &p->rules[m->rules[i]];
        if (pr == PL_NONE ? x->kind == R_URGENT : x->protocol == pr)
            print_rule(f, p, m, x);
    }
}

/* Do the two versions print alike: the scheme (mt NULL; each holder as
 * show[w] says, show NULL: whole), matter mt[w] of each, or with pr,
 * matter mt[w]'s grants of protocol pr[w] (its urgent powers, pr[w]
 * PL_NONE)?  False when a print cannot be made. */
static bool print_same(const df_run *r, const uint32_t *mt, const uint32_t *pr, uint8_t *const *show)
{
    df_print pr_[2] = {{0}, {0}};
    bool same = true;
    for (int w = 0; w < 2; w++) {
        pr_[w].f = open_memstream(&pr_[w].text, &pr_[w].len);
        if (!pr_[w].f) {
            same = false;
            continue;
        }
        if (pr)
            print_powers(pr_[w].f, r->side[w].p, mt[w], pr[w]);
        else if (mt)
            print_matter(pr_[w].f, r->side[w].p, mt[w]);
        else
            print_scheme(pr_[w].f, r->side[w].p, show ? show[w] : NULL);
        if (fclose(pr_[w].f) != 0)
            same = false;
    }
    same = same && pr_[0].text && pr_[1].text && pr_[0].len == pr_[1].len &&
           !memcmp(pr_[0].text, pr_[1].text, pr_[0].len);
    free(pr_[0].text);
    free(pr_[1].text);
    return same;
}

/* A change of structure that sets findings (see conflicts_changed):
 * protocols' ratification, expiry, activation and grants, and matters'
 * urgent powers. */
static void protocols_changed(df_run *r)
{
    const remit_policy *o = r->side[0].p, *n = r->side[1].p;
    for (uint32_t i = 0; i < o->nprotocols; i++) {
        uint32_t k = find_named(n, DF_PROTOCOLS, o->protocols[i].name);
        if (k == PL_NONE)
            continue;
        const pl_protocol *a = &o->protocols[i], *b = &n->protocols[k];
        const char *ra = a->ratifier < o->nholders ? o->holders[a->ratifier].name : "no one";
        const char *rb = b->ratifier < n->nholders ? n->holders[b->ratifier].name : "no one";
        if (strcmp(ra, rb) || a->ratify_within != b->ratify_within)
            structural(r, "protocol_changed", "the crisis protocol %s is ratified by %s within %s, was by %s within %s: "
                       "its decisions' ratifications fall due otherwise", b->name, rb, days_words(r, b->ratify_within),
                       ra, days_words(r, a->ratify_within));
        if (a->expires != b->expires)
            structural(r, "protocol_changed", "the crisis protocol %s expires after %s, was %s", b->name,
                       days_words(r, b->expires), days_words(r, a->expires));
        uint32_t none[2] = {PL_NONE, PL_NONE}, pr[2] = {i, k};
        const char *ta = a->active_text ? a->active_text : "-", *tb = b->active_text ? b->active_text : "-";
        if (!print_same(r, none, pr, NULL))
            structural(r, "protocol_changed", strcmp(ta, tb) ? "the crisis protocol %s is active when %s, was when %s"
                                                             : "the crisis protocol %s is active when %s, with "
                                                               "another value of a constant it names%.0s",
                       b->name, tb, ta);
        bool grants = a->nnever != b->nnever; /* and `never grant`, by matter */
        for (uint32_t j = 0; !grants && j < a->nnever; j++)
            grants = a->never[j] >= o->nmatters || b->never[j] >= n->nmatters ||
                     strcmp(o->matters[a->never[j]].name, n->matters[b->never[j]].name);
        for (uint32_t m = 0; m < o->nmatters && !grants; m++) {
            uint32_t mt[2] = {m, matter_named(n, o->matters[m].name)};
            grants = mt[1] != PL_NONE && !print_same(r, mt, pr, NULL);
        }
        if (grants)
            structural(r, "protocol_changed", "the grants of the crisis protocol %s changed: the decisions under it, "
                       "and the reports they owe, are compared as decisions where its context is tried", b->name);
    }
}

static void urgent_changed(df_run *r)
{
    const remit_policy *o = r->side[0].p, *n = r->side[1].p;
    for (uint32_t m = 0; m < o->nmatters; m++) {
        uint32_t mt[2] = {m, matter_named(n, o->matters[m].name)}, pr[2] = {PL_NONE, PL_NONE};
        if (mt[1] != PL_NONE && !print_same(r, mt, pr, NULL))
            structural(r, "urgent_changed", "the urgent powers of the matter %s changed: urgent decisions, and the "
                       "ratifications and reports they owe, are not compared as decisions", o->matters[m].name);
    }
}

/* Mark in named[] each holder that the decisions of matter mt of p read
 * by name (see the note above print_holder): the matter's rules'
 * holders, the bodies' members, reporting lines and chairs, protocols'
 * and conflicts blocks' holders; and every body, role with a seat or a
 * reporting line, or role several people may hold. */
static void mark_node(const remit_policy *p, uint32_t n, uint8_t *named)
{
    if (n == PL_NONE || n >= p->nnodes)
        return;
    const pl_node *x = &p->nodes[n];
    if (x->op == N_WHO) {
        if (x->k != WHO_KIND && x->b < p->nholders)
            named[x->b] = 1;
        return;
    }
    uint32_t a, b;
    pl_operands(x, &a, &b);
    mark_node(p, a, named);
    mark_node(p, b, named);
}

static void mark(const remit_policy *p, uint32_t h, uint8_t *named)
{
    if (h < p->nholders)
        named[h] = 1;
}

static void mark_signers(const remit_policy *p, const pl_signers *g, uint8_t *named)
{
    for (uint32_t a = 0; g && a < g->nalts; a++)
        for (uint32_t i = 0; i < g->alts[a].nslots; i++)
            if (!g->alts[a].slots[i].is_kind)
                mark(p, g->alts[a].slots[i].who, named);
}

static void mark_named(const remit_policy *p, uint32_t mt, uint8_t *named)
{
    for (uint32_t h = 0; h < p->nholders; h++) {
        const pl_holder *x = &p->holders[h];
        if (x->is_body || x->nseats || x->nparents || (p->many && p->many[h]))
            named[h] = 1;
        for (uint32_t i = 0; i < x->nparents; i++)
            mark(p, x->parents[i], named);
        for (uint32_t i = 0; i < x->nseats; i++)
            mark(p, x->seats[i], named);
        for (uint32_t i = 0; i < x->nmembers; i++)
            mark(p, x->members[i].role, named);
        for (uint32_t i = 0; i < x->nquorum; i++)
            if (!x->quorum[i].who_is_kind && x->quorum[i].kind == Q_ROLE)
                mark(p, x->quorum[i].who, named);
        for (uint32_t i = 0; i < x->nchairs; i++)
            if (!x->chairs[i].is_kind)
                mark(p, x->chairs[i].who, named);
        for (uint32_t i = 0; i < x->nnever; i++)
            if (!x->never[i].is_kind)
                mark(p, x->never[i].who, named);
    }
    for (uint32_t i = 0; i < p->nprotocols; i++)
        mark(p, p->protocols[i].ratifier, named);
    for (uint32_t i = 0; i < p->nconflicts; i++) {
        mark(p, p->conflicts[i].body, named);
        mark(p, p->conflicts[i].refer_to, named);
    }
    const pl_matter *m = &p->matters[mt];
    for (uint32_t i = 0; i < m->ncands; i++)
        mark(p, m->cands[i], named);
    for (uint32_t i = 0; i < m->nrules; i++) {
        const pl_rule *x = &p->rules[m->rules[i]];
        mark(p, x->from, named);
        mark(p, x->to, named);
        mark(p, x->sub_approver, named);
        mark(p, x->for_holder, named);
        if (x->prior < p->npriors)
            mark(p, p->priors[x->prior].by, named);
        mark_signers(p, x->with, named);
        for (uint32_t k = 0; k < x->nobligations; k++)
            mark(p, x->obligations[k].holder, named);
        mark_node(p, x->when, named);
        mark_node(p, x->limit, named);
        for (uint32_t k = 0; k < x->nparts; k++)
            mark_node(p, x->parts[k].node, named);
    }
}

/* Mark in named[] each holder that the co-signatories the diff gives a
 * decision of matter mt of p (an_case_sign) may include: for each kind a
 * slot of the matter's rules names, the first EV_MAX_SIGNERS + 1 holders
 * of it in order.  (The choice takes holders of the kind in order,
 * passing over those who sign already; to take a later one, every
 * earlier one must sign, and no more than EV_MAX_SIGNERS co-signatories
 * and the decider ever do.) */
static void mark_signable(df_run *r, const remit_policy *p, uint32_t mt, uint8_t *named)
{
    uint32_t *left = ar_alloc(&r->s->arena, (p->nkinds + 1) * sizeof *left);
    memset(left, 0, (p->nkinds + 1) * sizeof *left);
    const pl_matter *m = &p->matters[mt];
    for (uint32_t i = 0; i < m->nrules; i++) {
        const pl_signers *g = p->rules[m->rules[i]].with;
        for (uint32_t a = 0; g && a < g->nalts; a++)
            for (uint32_t k = 0; k < g->alts[a].nslots; k++)
                if (g->alts[a].slots[k].is_kind && g->alts[a].slots[k].who < p->nkinds)
                    left[g->alts[a].slots[k].who] = EV_MAX_SIGNERS + 1;
    }
    for (uint32_t h = 0; h < p->nholders; h++) {
        const pl_holder *x = &p->holders[h];
        for (uint32_t i = 0; i < x->nkinds; i++)
            if (x->kinds[i] < p->nkinds && left[x->kinds[i]]) {
                left[x->kinds[i]]--;
                named[h] = 1;
            }
    }
}

/* Does the matter compared read the scheme alike in both versions (the
 * note above print_holder, "a matter reads the scheme alike")?  Each
 * version's print leaves out the holders its decisions cannot read, and
 * writes those both versions have and neither reads but as a decider by
 * their kinds and tier alone. */
static bool scheme_read_alike(df_run *r)
{
    uint8_t *named[2], *show[2];
    for (int w = 0; w < 2; w++) {
        const remit_policy *p = r->side[w].p;
        named[w] = ar_alloc(&r->s->arena, p->nholders + 1);
        memset(named[w], 0, p->nholders + 1);
        mark_named(p, r->matter[w], named[w]);
        mark_signable(r, p, r->matter[w], named[w]);
    }
    for (int w = 0; w < 2; w++) {
        const remit_policy *p = r->side[w].p;
        show[w] = ar_alloc(&r->s->arena, p->nholders + 1);
        for (uint32_t h = 0; h < p->nholders; h++) {
            uint32_t o = r->other[w][h];
            show[w][h] = named[w][h] || (o != PL_NONE && named[!w][o]) ? DF_SHOW_ALL
                         : o != PL_NONE                                ? DF_SHOW_KINDS
                                                                       : DF_SHOW_NONE;
        }
    }
    return print_same(r, NULL, NULL, show);
}

/* Do holders a and b of p have the same kinds and tier? */
static bool alike(const remit_policy *p, uint32_t a, uint32_t b)
{
    const pl_holder *x = &p->holders[a], *y = &p->holders[b];
    if (x->tier != y->tier || x->nkinds != y->nkinds)
        return false;
    for (uint32_t i = 0; i < x->nkinds; i++) {
        bool in = false;
        for (uint32_t j = 0; j < y->nkinds && !in; j++)
            in = x->kinds[i] == y->kinds[j];
        if (!in)
            return false;
    }
    return true;
}

#define DF_MAX_CLASSES_TRIED 64u /* classes of deciders alike a holder is tried against */

/* The classes of deciders alike in the matter compared (the note above
 * print_holder): r->class_of[w][h], each class's last member (in the new
 * version's order, the same as the old one's) in last[c]; returns how
 * many classes there are. */
static uint32_t find_classes(df_run *r, uint32_t *last)
{
    const remit_policy *o = r->side[0].p, *n = r->side[1].p;
    uint8_t *named[2];
    for (int w = 0; w < 2; w++) {
        const remit_policy *p = r->side[w].p;
        named[w] = ar_alloc(&r->s->arena, p->nholders + 1);
        memset(named[w], 0, p->nholders + 1);
        mark_named(p, r->matter[w], named[w]);
        r->class_of[w] = ar_alloc(&r->s->arena, (p->nholders + 1) * sizeof *r->class_of[w]);
        for (uint32_t h = 0; h < p->nholders; h++)
            r->class_of[w][h] = PL_NONE;
    }
    uint32_t nclass = 0, first[DF_MAX_CLASSES_TRIED];
    for (uint32_t h = 0; h < n->nholders; h++) {
        uint32_t ho = r->other[1][h];
        if (ho == PL_NONE || named[0][ho] || named[1][h])
            continue;
        uint32_t c = 0;
        while (c < nclass && !(alike(n, first[c], h) && alike(o, r->other[1][first[c]], ho)))
            c++;
        if (c == nclass) {
            if (nclass == DF_MAX_CLASSES_TRIED)
                continue;
            first[nclass++] = h;
        } else if (r->other[1][last[c]] > ho)
            continue; /* not in the same order in both: it stands alone */
        r->class_of[1][h] = c;
        r->class_of[0][ho] = c;
        last[c] = h;
    }
    return nclass;
}

/* The regions of decider h (ho in the old version), added. */
static void compare_decider(df_run *r, uint32_t ho, uint32_t h, uint32_t *pt)
{
    uint32_t nouter = outer_count(r), np = r->primary == PL_NONE ? 1 : r->dims[r->primary].nv;
    for (uint32_t oc = 0; oc < nouter; oc++) {
        outer_point(r, oc, pt);
        df_region cur;
        df_sig at[2]; /* the answers of the region open, from its first decision */
        bool open = false;
        for (uint32_t i = 0; i < np; i++) {
            if (r->primary != PL_NONE)
                pt[r->primary] = i;
            df_sig g[2];
            eval_at(r, 0, ho, pt, &g[0]);
            eval_at(r, 1, h, pt, &g[1]);
            bool differ = !same_sig(&g[0], &g[1]);
            if (open && (!differ || !same_sig(&g[0], &at[0]) || !same_sig(&g[1], &at[1]))) {
                add_region(r, &cur, at);
                open = false;
            }
            if (differ && !open) {
                cur = (df_region){.decider = {ho, h}, .outer = oc, .lo = i, .hi = i};
                at[0] = g[0];
                at[1] = g[1];
                open = true;
            } else if (differ)
                cur.hi = i;
        }
        if (open)
            add_region(r, &cur, at);
    }
}

static void compare_matter(df_run *r)
{
    dims_of(r);
    const remit_policy *n = r->side[1].p;
    uint32_t *pt = ar_alloc(&r->s->arena, (r->ndims + 1) * sizeof *pt);
    if (r->scheme_same < 0)
        r->scheme_same = !r->every && print_same(r, NULL, NULL, NULL);
    /* a matter the versions say alike, and read the scheme alike: no
     * decision of it is evaluated */
    bool alike_matter = !r->every && print_same(r, r->matter, NULL, NULL) && (r->scheme_same || scheme_read_alike(r));
    uint32_t *last = ar_alloc(&r->s->arena, DF_MAX_CLASSES_TRIED * sizeof *last);
    uint32_t nclass = alike_matter || r->every ? 0 : find_classes(r, last);
    r->took = ar_alloc(&r->s->arena, n->nholders + 1);
    memset(r->took, 0, n->nholders + 1);
    /* each class's last member's regions, its decider's, once evaluated */
    struct df_stand { bool done, alone; uint32_t first, n; } *stand = ar_alloc(&r->s->arena, (nclass + 1) * sizeof *stand);
    memset(stand, 0, (nclass + 1) * sizeof *stand);
    df_region *kept = NULL;
    uint32_t nkept = 0, capkept = 0;
    for (uint32_t h = 0; h < n->nholders; h++) {
        uint32_t ho = r->other[1][h];
        if (ho == PL_NONE)
            continue;
        memset(pt, 0, (r->ndims + 1) * sizeof *pt);
        if (!writable(r, 0, ho, pt) || !writable(r, 1, h, pt)) {
            if (r->nskip == r->capskip)
                r->skip = df_grow(r, r->skip, &r->capskip, sizeof *r->skip);
            r->skip[r->nskip++] = (struct df_skip){n->matters[r->matter[1]].name, n->holders[h].name};
            continue;
        }
        if (alike_matter)
            continue;
        uint32_t c = nclass ? r->class_of[1][h] : PL_NONE;
        if (c == PL_NONE) {
            compare_decider(r, ho, h, pt);
            continue;
        }
        struct df_stand *x = &stand[c];
        if (!x->done) { /* its last member, evaluated now, its regions kept */
            uint32_t at = r->nreg, lo = r->other[1][last[c]];
            r->testing = c;
            r->taken = false;
            compare_decider(r, lo, last[c], pt);
            r->testing = PL_NONE;
            x->done = true;
            x->alone = r->taken;
            x->first = nkept;
            x->n = r->nreg - at;
            for (uint32_t i = at; i < r->nreg; i++) {
                if (nkept == capkept)
                    kept = df_grow(r, kept, &capkept, sizeof *kept);
                kept[nkept++] = r->reg[i];
            }
            r->nreg = at;
        }
        if ((x->alone || r->took[h]) && h != last[c]) {
            compare_decider(r, ho, h, pt);
            continue;
        }
        for (uint32_t i = 0; i < x->n; i++) { /* its regions, as this member's */
            df_region y = kept[x->first + i];
            y.decider[0] = ho;
            y.decider[1] = h;
            add_region(r, &y, NULL);
        }
    }
    r->class_of[0] = r->class_of[1] = NULL;
}

/* ------------------------------------------------------------ words */

/* The kinds of finding, as the words say them (ORDER: ev_finding's kind). */
static const char *const df_finding_words[] = {"late declaration", "ratification overdue", "report overdue"};

static const char *outcome_words(df_run *r, int w, const df_sig *g)
{
    (void)w;
    const char *s;
    if (g->outcome == EV_ESCALATE)
        s = ar_printf(&r->s->arena, "escalate to %s", g->target ? g->target : "?");
    else if (g->outcome != EV_PERMITTED || (!g->nco && !g->ndue))
        s = xp_outcome_word(g->outcome);
    else {
        s = "permitted";
        for (uint32_t i = 0; i < g->nco; i++)
            s = ar_printf(&r->s->arena, "%s%s%s", s, i ? ", " : " co-signed by ", g->co[i]);
        if (g->ndue)
            s = ar_printf(&r->s->arena, "%s, with %u obligation%s", s, g->ndue, g->ndue == 1 ? "" : "s");
    }
    /* findings, with any outcome: each by its kind and due day, since two
     * versions may find as many deadlines missed but not the same ones */
    for (uint32_t i = 0; i < g->nfind; i++) {
        char day[16];
        lit_format_date(g->find[i].due, day, sizeof day);
        s = ar_printf(&r->s->arena, "%s%s%s due %s", s, i ? ", " : "; findings: ",
                      g->find[i].kind < sizeof df_finding_words / sizeof *df_finding_words
                          ? df_finding_words[g->find[i].kind] : "?", day);
    }
    if (g->more_findings)
        s = ar_printf(&r->s->arena, "%s and %u more", s, g->more_findings);
    return s;
}

static const char *value_words(df_run *r, const df_dim *d, uint32_t i)
{
    char buf[160];
    if (d->text) /* a text: by the text itself, whichever version mentions it */
        return d->text[i] ? ar_printf(&r->s->arena, "\"%s\"", d->text[i]) : "a text no rule mentions";
    xp_value_text(r->side[1].p, d->f[1], d->v[1][i], false, buf, sizeof buf);
    return ar_printf(&r->s->arena, "%s", buf);
}

/* The values tried lo..hi of an ordered dimension d, which stand for
 * every value between ("from £1,000,000.01 to £2,000,000", "up to 14",
 * "£5m or more"); of another, the one value. */
static const char *run_words(df_run *r, const df_dim *d, uint32_t lo, uint32_t hi)
{
    ty_kind t = d->f[1]->type;
    bool ordered = df_ordered(t);
    if (lo == hi || !ordered)
        return value_words(r, d, lo);
    if (lo == 0)
        return ar_printf(&r->s->arena, "up to %s", value_words(r, d, hi));
    if (hi + 1 == d->nv)
        return ar_printf(&r->s->arena, "%s or more", value_words(r, d, lo));
    return ar_printf(&r->s->arena, "from %s to %s", value_words(r, d, lo), value_words(r, d, hi));
}

/* "amount from £1,000,000.01 to £2,000,000" */
static const char *range_words(df_run *r, const df_region *x)
{
    if (r->primary == PL_NONE)
        return "";
    const df_dim *d = &r->dims[r->primary];
    if (x->lo == 0 && x->hi + 1 == d->nv)
        return ar_printf(&r->s->arena, ", any %s", d->name);
    return ar_printf(&r->s->arena, ", %s %s", d->name, run_words(r, d, x->lo, x->hi));
}

/* "risk up to 14 or 20 or more", "category revenue or capital": the
 * values of d marked in used, runs of an ordered one as ranges. */
static const char *values_words(df_run *r, const df_dim *d, const bool *used)
{
    const char *s = d->name;
    for (uint32_t v = 0, said = 0; v < d->nv; v++) {
        if (!used[v])
            continue;
        uint32_t e = v;
        ty_kind t = d->f[1]->type;
        if (df_ordered(t))
            while (e + 1 < d->nv && used[e + 1])
                e++;
        s = ar_printf(&r->s->arena, "%s%s%s", s, said++ ? " or " : " ", run_words(r, d, v, e));
        v = e;
    }
    return s;
}

static const char *outer_words(df_run *r, uint32_t oc)
{
    uint32_t *pt = ar_alloc(&r->s->arena, (r->ndims + 1) * sizeof *pt);
    outer_point(r, oc, pt);
    char *s = "";
    bool any = false;
    for (uint32_t i = 0; i < r->ndims; i++) {
        if (i == r->primary || r->dims[i].fixed || r->dims[i].nv < 2)
            continue;
        s = ar_printf(&r->s->arena, "%s%s%s %s", s, any ? ", " : "", r->dims[i].name, value_words(r, &r->dims[i], pt[i]));
        any = true;
    }
    return s;
}

/* ------------------------------------------------------------ output */

/* Text for a cell of a Markdown table (GitHub's): '|' escaped, which
 * would end the cell even in code, and a backquote, which would end the
 * code around a decision, written as a straight quote. */
static const char *md_cell(df_run *r, const char *t)
{
    size_t n = 0;
    for (const char *q = t; *q; q++)
        n += *q == '|' ? 2 : 1;
    char *o = ar_alloc(&r->s->arena, n + 1), *u = o;
    for (const char *q = t; *q; q++) {
        if (*q == '|')
            *u++ = '\\';
        *u++ = *q == '`' ? '\'' : *q;
    }
    *u = '\0';
    return o;
}

typedef struct df_group {
    uint32_t first;             /* region index of its first */
    uint32_t n;                 /* regions: combinations of the other fields */
} df_group;

static bool same_group(const df_region *a, const df_region *b)
{
    return a->decider[1] == b->decider[1] && a->lo == b->lo && a->hi == b->hi && same_sig(a->sig[0], b->sig[0]) &&
           same_sig(a->sig[1], b->sig[1]);
}

/* Does a region widen authority: permitted now, and not before, or before
 * only with co-signatures of which it now needs fewer (a proper part)? */
static bool widened(const df_region *x)
{
    const df_sig *a = x->sig[0], *b = x->sig[1];
    if (b->outcome != EV_PERMITTED)
        return false;
    if (a->outcome != EV_PERMITTED)
        return true;
    if (b->nco >= a->nco)
        return false;
    for (uint32_t i = 0; i < b->nco; i++) {
        bool in = false;
        for (uint32_t j = 0; j < a->nco && !in; j++)
            in = !strcmp(b->co[i], a->co[j]);
        if (!in)
            return false;
    }
    return true;
}

/* The witness of region x at the primary's value index `at`: one
 * decision, and what each version answers for it, evaluated here.  It is
 * signed as the new version asked, else as the old one asked, else by
 * everyone either asked for: the first that the versions answer
 * differently (so that a change of co-signatures shows), else the last.
 * Written as the new version reads it, but for a text only the old
 * version's rules mention, which only the old one's can write. */
static const char *witness(df_run *r, const df_region *x, uint32_t at, const char **before, const char **now)
{
    uint32_t *pt = ar_alloc(&r->s->arena, (r->ndims + 1) * sizeof *pt);
    outer_point(r, x->outer, pt);
    if (r->primary != PL_NONE)
        pt[r->primary] = at;
    an_case k[2], both[2];
    ev_result res;
    ar_mark m[2] = {ar_mark_of(r->side[0].c.a), ar_mark_of(r->side[1].c.a)};
    for (int w = 0; w < 2; w++)
        signed_eval(r, w, x->decider[w], pt, &k[w], &res);
    df_sig g[2];
    for (int signing = 1; signing >= -1; signing--) { /* 1: new's, 0: old's, -1: both */
        for (int w = 0; w < 2; w++) {
            const remit_policy *p = r->side[w].p;
            case_at(r, w, x->decider[w], pt, &both[w]);
            for (int v = 0; v < 2; v++)
                for (uint32_t i = 0; (signing < 0 || signing == v) && i < k[v].d.nco; i++) {
                    uint32_t h = holder_as(r, w, v, k[v].d.co[i]);
                    if (h != PL_NONE)
                        an_case_cosign(&both[w], h);
                }
            an_case_eval(&r->side[w].c, &both[w], &res);
            sig_of(&g[w], p, &res, &both[w]);
        }
        if (!same_sig(&g[0], &g[1]))
            break;
    }
    *before = outcome_words(r, 0, &g[0]);
    *now = outcome_words(r, 1, &g[1]);
    int by = 1;
    for (uint32_t i = 0; i < r->ndims; i++)
        if (r->dims[i].text && r->dims[i].text[pt[i]] && r->dims[i].v[1][pt[i]] == (int64_t)r->side[1].p->ntexts)
            by = 0;
    const char *yaml = ar_printf(&r->s->arena, "%s", an_case_yaml(&r->side[by].c, &both[by]));
    for (int w = 0; w < 2; w++)
        ar_rewind(r->side[w].c.a, m[w]);
    return yaml;
}

/* Value v of dimension d as the decision's JSON gives it (7.1): money,
 * dates, lengths of time, percentages, choices and tiers as their text,
 * numbers and scores as numbers, a set as a list of its choices; a text
 * (value index i of d) as itself, null for one no rule mentions. */
static void value_json(df_run *r, xp_out *o, const df_dim *d, int64_t v, uint32_t i)
{
    const pl_field *f = d->f[1];
    char buf[160];
    if (d->text) {
        if (d->text[i])
            xp_json_str(o, d->text[i]);
        else
            xo_puts(o, "null");
        return;
    }
    switch (f->type) {
    case TY_NUMBER: case TY_SCORE: case TY_BOOL:
        if (f->type == TY_BOOL)
            xo_puts(o, v ? "true" : "false");
        else {
            snprintf(buf, sizeof buf, "%lld", (long long)v);
            xo_puts(o, buf);
        }
        return;
    case TY_SET:
        xo_putc(o, '[');
        for (uint32_t c = 0, n = 0; c < f->nchoices; c++)
            if ((uint64_t)v >> c & 1u) {
                if (n++)
                    xo_putc(o, ',');
                xp_json_str(o, f->choices[c]);
            }
        xo_putc(o, ']');
        return;
    default:
        xp_value_text(r->side[1].p, f, v, false, buf, sizeof buf);
        xp_json_str(o, buf);
        return;
    }
}

/* The values tried lo..hi of dimension d, as JSON: for one with an order
 * the range of every value they stand for, {"from", "to"} (null for no
 * bound): from the first up to one below the value tried after the last
 * (between two values tried nothing a condition can tell changes); else
 * each value. */
static void run_json(df_run *r, xp_out *o, const df_dim *d, uint32_t lo, uint32_t hi, bool *first)
{
    if (!*first)
        xo_putc(o, ',');
    *first = false;
    if (!df_ordered(d->f[1]->type)) {
        for (uint32_t i = lo; i <= hi; i++) {
            if (i > lo)
                xo_putc(o, ',');
            value_json(r, o, d, d->v[1][i], i);
        }
        return;
    }
    xo_puts(o, "{\"from\":");
    if (lo)
        value_json(r, o, d, d->v[1][lo], lo);
    else
        xo_puts(o, "null");
    xo_puts(o, ",\"to\":");
    if (hi + 1 < d->nv)
        value_json(r, o, d, d->v[1][hi + 1] - 1, hi + 1);
    else
        xo_puts(o, "null");
    xo_putc(o, '}');
}

/* One box of region x: for each dimension the values it takes (used[d]);
 * the primary its range, a dimension held (not complete) its first value
 * alone. */
static void box_json(df_run *r, xp_out *o, const df_region *x, bool **used)
{
    for (int ctx = 0; ctx < 2; ctx++) {
        xo_puts(o, ctx ? ",\"context\":{" : "{\"fields\":{");
        bool any = false;
        for (uint32_t i = 0; i < r->ndims; i++) {
            const df_dim *d = &r->dims[i];
            if (d->context != (ctx == 1))
                continue;
            xo_puts(o, any ? "," : "");
            any = true;
            xp_json_str(o, d->name);
            xo_puts(o, ":[");
            bool first = true;
            if (i == r->primary)
                run_json(r, o, d, x->lo, x->hi, &first);
            else if (d->fixed) /* held: the first value's range alone was tried */
                run_json(r, o, d, 0, 0, &first);
            else
                for (uint32_t v = 0; v < d->nv; v++) {
                    if (!used[i][v])
                        continue;
                    uint32_t e = v;
                    if (df_ordered(d->f[1]->type))
                        while (e + 1 < d->nv && used[i][e + 1])
                            e++;
                    run_json(r, o, d, v, e, &first);
                    v = e;
                }
            xo_putc(o, ']');
        }
        xo_putc(o, '}');
    }
    xo_putc(o, '}');
}

/* The regions of the matter compared last (from first), grouped and
 * written. */
static void write_matter(df_run *r, uint32_t first)
{
    const remit_policy *n = r->side[1].p;
    uint32_t nouter = outer_count(r);
    bool *done = ar_alloc(&r->s->arena, (r->nreg - first + 1) * sizeof *done);
    uint32_t *mem = ar_alloc(&r->s->arena, (r->nreg - first + 1) * sizeof *mem); /* a group's regions */
    xp_out o;
    o.f = r->out;
    o.n = 0;
    for (uint32_t i = first; i < r->nreg; i++) {
        if (done[i - first])
            continue;
        const df_region *x = &r->reg[i];
        uint32_t members = 0, said = 0;
        const char *combos = "";
        /* the values each other dimension takes in the group: a box when
         * the group is every combination of them */
        bool **used = ar_alloc(&r->s->arena, (r->ndims + 1) * sizeof *used);
        uint32_t *pt = ar_alloc(&r->s->arena, (r->ndims + 1) * sizeof *pt);
        for (uint32_t d = 0; d < r->ndims; d++)
            used[d] = ar_alloc(&r->s->arena, r->dims[d].nv + 1);
        /* (a decider's regions are found together: none after them is
         * of its group) */
        for (uint32_t j = i; j < r->nreg && r->reg[j].decider[1] == x->decider[1]; j++)
            if (!done[j - first] && same_group(x, &r->reg[j])) {
                done[j - first] = true;
                mem[members++] = j;
                outer_point(r, r->reg[j].outer, pt);
                for (uint32_t d = 0; d < r->ndims; d++)
                    used[d][pt[d]] = true;
                if (said < DF_SAY_COMBOS) {
                    const char *w = outer_words(r, r->reg[j].outer);
                    if (*w)
                        combos = ar_printf(&r->s->arena, "%s%s(%s)", combos, said ? " or " : "", w);
                    said++;
                }
            }
        uint64_t box = 1;
        for (uint32_t d = 0; d < r->ndims; d++) {
            if (d == r->primary || r->dims[d].fixed)
                continue;
            uint32_t k = 0;
            for (uint32_t v = 0; v < r->dims[d].nv; v++)
                k += used[d][v];
            box *= k;
        }
        if (members == nouter)
            combos = "";
        else if (box == members) { /* a box: each dimension that is not every value, with its values */
            combos = "";
            for (uint32_t d = 0; d < r->ndims; d++) {
                if (d == r->primary || r->dims[d].fixed)
                    continue;
                uint32_t k = 0;
                for (uint32_t v = 0; v < r->dims[d].nv; v++)
                    k += used[d][v];
                if (k == r->dims[d].nv)
                    continue;
                combos = ar_printf(&r->s->arena, "%s%s%s", combos, *combos ? ", " : "",
                                   values_words(r, &r->dims[d], used[d]));
            }
        } else if (members > DF_SAY_COMBOS)
            combos = ar_printf(&r->s->arena, "%s or %u more combinations of the other values", combos,
                               members - DF_SAY_COMBOS);
        r->sum.regions++;
        r->sum.widened += widened(x);
        const char *what = ar_printf(&r->s->arena, "%s by %s (%s)%s%s%s", n->matters[r->matter[1]].name,
                                     title_of(n, x->decider[1]), n->holders[x->decider[1]].name, range_words(r, x),
                                     *combos ? ", " : "", combos);
        const char *b = outcome_words(r, 0, x->sig[0]), *a = outcome_words(r, 1, x->sig[1]);
        const char *change = ar_printf(&r->s->arena, "%s before, %s now", b, a);
        const char *wb, *wa;
        const char *yaml = witness(r, x, x->lo, &wb, &wa), *wb0 = wb, *wa0 = wa;
        if (r->format == REMIT_DIFF_TEXT) {
            remit_fprintf_escaped(r->out, "%s%s: %s\n", widened(x) ? "WIDENED " : "", what, change);
            remit_fprintf_escaped(r->out, "  e.g. %s\n", yaml);
            remit_fprintf_escaped(r->out, "    before: %s; now: %s\n", wb, wa);
        } else if (r->format == REMIT_DIFF_MARKDOWN) {
            remit_fprintf_escaped(r->out, "| %s%s | %s | %s | `%s` |\n", widened(x) ? "**widened** " : "", md_cell(r, what),
                                  md_cell(r, b), md_cell(r, a), md_cell(r, yaml));
        } else if (r->format == REMIT_DIFF_SARIF || r->format == REMIT_DIFF_GITHUB) {
            df_result(r, widened(x) ? DF_RULE_WIDENED : DF_RULE_CHANGED, widened(x) ? "error" : "warning",
                      ar_printf(&r->s->arena, "%s: %s\nfor example: %s\nbefore: %s; now: %s", what, change, yaml, wb, wa));
        } else {
            xo_puts(&o, r->first_out ? "{\"matter\":" : ",{\"matter\":");
            r->first_out = false;
            xp_json_str(&o, n->matters[r->matter[1]].name);
            xo_puts(&o, ",\"decider\":");
            xp_json_str(&o, n->holders[x->decider[1]].name);
            if (r->primary != PL_NONE) {
                const df_dim *d = &r->dims[r->primary];
                xo_puts(&o, ",\"field\":");
                xp_json_str(&o, d->name);
                xo_puts(&o, ",\"from\":");
                if (x->lo)
                    xp_json_str(&o, value_words(r, d, x->lo));
                else
                    xo_puts(&o, "null");
                xo_puts(&o, ",\"to\":");
                if (x->hi + 1 < d->nv)
                    xp_json_str(&o, value_words(r, d, x->hi));
                else
                    xo_puts(&o, "null");
            }
            xo_puts(&o, ",\"where\":");
            xp_json_str(&o, combos);
            /* the same as data: one box when the group is one, else a box
             * a combination */
            xo_puts(&o, ",\"boxes\":[");
            if (box == members)
                box_json(r, &o, x, used);
            else { /* the combinations in order (the last dimension tried fastest):
                    * a run alike but for the last dimension is one box */
                uint32_t last = PL_NONE;
                for (uint32_t d = 0; d < r->ndims; d++)
                    if (d != r->primary && !r->dims[d].fixed)
                        last = d;
                for (uint32_t k = 0, e; k < members; k = e) {
                    uint32_t nl = last == PL_NONE ? 1 : r->dims[last].nv;
                    for (e = k + 1; e < members && r->reg[mem[e]].outer / nl == r->reg[mem[k]].outer / nl; e++)
                        ;
                    for (uint32_t d = 0; d < r->ndims; d++)
                        memset(used[d], 0, r->dims[d].nv + 1);
                    for (uint32_t j = k; j < e; j++) {
                        outer_point(r, r->reg[mem[j]].outer, pt);
                        for (uint32_t d = 0; d < r->ndims; d++)
                            used[d][pt[d]] = true;
                    }
                    if (k)
                        xo_putc(&o, ',');
                    box_json(r, &o, x, used);
                }
            }
            xo_putc(&o, ']');
            xo_puts(&o, ",\"before\":");
            xp_json_str(&o, b);
            xo_puts(&o, ",\"now\":");
            xp_json_str(&o, a);
            xo_puts(&o, widened(x) ? ",\"widened\":true" : ",\"widened\":false");
            xo_puts(&o, ",\"message\":");
            xp_json_str(&o, ar_printf(&r->s->arena, "%s: %s", what, change));
            xo_puts(&o, ",\"witnesses\":[");
            /* the first decision of the range, and the ones just outside it */
            uint32_t at[3] = {x->lo, x->lo ? x->lo - 1 : PL_NONE,
                              r->primary != PL_NONE && x->hi + 1 < r->dims[r->primary].nv ? x->hi + 1 : PL_NONE};
            for (int k = 0, said2 = 0; k < 3; k++) {
                if (at[k] == PL_NONE || (k && r->primary == PL_NONE))
                    continue;
                const char *y = k ? witness(r, x, at[k], &wb, &wa) : yaml;
                xo_puts(&o, said2++ ? ",{\"decision\":" : "{\"decision\":");
                xp_json_str(&o, y);
                xo_puts(&o, ",\"inside\":");
                xo_puts(&o, k ? "false" : "true");
                xo_puts(&o, ",\"before\":");
                xp_json_str(&o, k ? wb : wb0);
                xo_puts(&o, ",\"now\":");
                xp_json_str(&o, k ? wa : wa0);
                xo_putc(&o, '}');
            }
            xo_puts(&o, "]}");
        }
    }
    xo_flush(&o);
}

typedef struct df_call {
    df_run *r;
    remit_status st;
} df_call;

static void diff_in(void *arg)
{
    df_call *call = arg;
    df_run *r = call->r;
    for (int w = 0; w < 2; w++) {
        df_side *s = &r->side[w];
        s->b.limit = UINT64_MAX / 2;
        an_init(&s->c, r->s, s->p, &s->b, &s->a);
        if (!(s->own = remit_session_new(NULL)))
            rm_unwind(&r->s->arena);
        rm_cleanup_push(r->s, rm_session_cleanup, s->own);
        s->own->arena.guard = r->s->arena.guard; /* running out there is running out here */
        s->c.a = &s->own->arena; /* each decision's scratch, rewound after it */
    }
    match_holders(r);
    holders_changed(r);
    matters_changed(r);
    conflicts_changed(r);
    protocols_changed(r);
    urgent_changed(r);
    xp_out o;
    o.f = r->out;
    o.n = 0;
    const remit_policy *n = r->side[1].p;
    if (r->format == REMIT_DIFF_JSON) {
        xo_puts(&o, "{\"schema\":\"remit.diff/1\",\"old\":");
        xp_json_str(&o, r->side[0].name);
        xo_puts(&o, ",\"new\":");
        xp_json_str(&o, r->side[1].name);
        xo_puts(&o, ",\"structural\":[");
        for (uint32_t i = 0; i < r->nstruct; i++) {
            xo_puts(&o, i ? ",{\"kind\":" : "{\"kind\":");
            xp_json_str(&o, r->structural[i].kind);
            xo_puts(&o, ",\"message\":");
            xp_json_str(&o, r->structural[i].message);
            xo_putc(&o, '}');
        }
        xo_puts(&o, "],\"regions\":[");
        xo_flush(&o);
        r->first_out = true;
    } else if (r->format == REMIT_DIFF_MARKDOWN) {
        remit_fprintf_escaped(r->out, "### Remit: what changes from %s to %s\n", r->side[0].name, r->side[1].name);
        fputc('\n', r->out);
        if (r->nstruct) {
            fputs("**The structure of the scheme:**\n\n", r->out);
            for (uint32_t i = 0; i < r->nstruct; i++)
                remit_fprintf_escaped(r->out, "- %s\n", r->structural[i].message);
            fputc('\n', r->out);
        }
        fputs("| decisions | before | now | for example |\n|---|---|---|---|\n", r->out);
    } else if (r->format == REMIT_DIFF_SARIF || r->format == REMIT_DIFF_GITHUB) {
        for (uint32_t i = 0; i < r->nstruct; i++)
            df_result(r, DF_RULE_STRUCTURE, "note", r->structural[i].message);
    } else
        for (uint32_t i = 0; i < r->nstruct; i++)
            remit_fprintf_escaped(r->out, "structure: %s\n", r->structural[i].message);
    r->sum.structural = r->nstruct;
    for (uint32_t m = 0; m < n->nmatters; m++) {
        r->matter[1] = m;
        r->matter[0] = matter_named(r->side[0].p, n->matters[m].name);
        if (r->matter[0] == PL_NONE)
            continue;
        uint32_t first = r->nreg;
        compare_matter(r);
        write_matter(r, first);
    }
    r->sum.complete = r->tried == r->total && !r->nskip && !r->ninexact && !r->meetings_cut;
    if (r->format == REMIT_DIFF_JSON) {
        xo_puts(&o, "],\"not_compared\":[");
        for (uint32_t i = 0; i < r->nskip; i++) {
            xo_puts(&o, i ? ",{\"matter\":" : "{\"matter\":");
            xp_json_str(&o, r->skip[i].matter);
            xo_puts(&o, ",\"decider\":");
            xp_json_str(&o, r->skip[i].decider);
            xo_putc(&o, '}');
        }
        xo_puts(&o, "],\"inexact\":[");
        for (uint32_t i = 0; i < r->ninexact; i++) {
            xo_puts(&o, i ? ",{\"matter\":" : "{\"matter\":");
            xp_json_str(&o, r->inexact[i].matter);
            xo_puts(&o, ",\"file\":");
            xp_json_str(&o, r->inexact[i].file);
            xo_puts(&o, ",\"line\":");
            xo_uint(&o, r->inexact[i].line);
            xo_puts(&o, ",\"text\":");
            xp_json_str(&o, r->inexact[i].text);
            xo_putc(&o, '}');
        }
        char num[256];
        snprintf(num, sizeof num, "],\"tried\":%llu,\"combinations\":%llu,\"changed\":%s,\"widened\":%s,\"complete\":%s}\n",
                 (unsigned long long)r->tried, (unsigned long long)r->total,
                 r->sum.regions || r->sum.structural ? "true" : "false", r->sum.widened ? "true" : "false",
                 r->sum.complete ? "true" : "false");
        xo_puts(&o, num);
        xo_flush(&o);
    } else if (r->format == REMIT_DIFF_MARKDOWN) {
        if (!r->sum.regions)
            fputs("| no decision is answered differently | | | |\n", r->out);
        fputc('\n', r->out);
    }
    if (r->format == REMIT_DIFF_SARIF)
        dg_render_sarif(NULL, 0, r->res, r->nres, r->out);
    if (r->format == REMIT_DIFF_TEXT || r->format == REMIT_DIFF_MARKDOWN) {
        if (!r->sum.regions && !r->sum.structural)
            fputs("no change: every decision tried is answered alike, and the structure is the same\n", r->out);
        else
            fprintf(r->out, "%zu region%s of decisions answered differently (%zu widen authority), %zu change%s of "
                            "structure\n", r->sum.regions, r->sum.regions == 1 ? "" : "s", r->sum.widened,
                    r->sum.structural, r->sum.structural == 1 ? "" : "s");
        if (r->tried != r->total)
            fprintf(r->out, "(not complete: %llu of %llu combinations of values were tried; some fields were "
                            "held at their first value, or had more than %u values worth trying)\n",
                    (unsigned long long)r->tried, (unsigned long long)r->total, DF_MAX_VALUES);
        if (r->meetings_cut)
            fprintf(r->out, "(not complete: %u bod%s with more than %u counts of empty seats of each kind, of which "
                            "the first %u were tried)\n", r->meetings_cut, r->meetings_cut == 1 ? "y" : "ies",
                    DF_MAX_MEETINGS, DF_MAX_MEETINGS);
        for (uint32_t i = 0; i < r->ninexact; i++)
            remit_fprintf_escaped(r->out, "(not exact for %s: %s:%u '%s' compares two values a decision gives, or "
                                          "tells apart more than %u kinds of choice of a set; its boundary runs "
                                          "between the values tried, so a region there may be wider or narrower "
                                          "than said)\n", r->inexact[i].matter, r->inexact[i].file,
                                  r->inexact[i].line, r->inexact[i].text, DF_MAX_CLASSES);
        for (uint32_t i = 0; i < r->nskip; i++)
            remit_fprintf_escaped(r->out, "(not compared: decisions of %s by %s, a body that decides at meetings "
                                          "whose seats the policy does not list, so a decision must name who "
                                          "attended)\n", r->skip[i].matter, r->skip[i].decider);
    }
    for (int w = 1; w >= 0; w--) { /* pushed in order: taken off the other way */
        rm_cleanup_pop(r->s, r->side[w].own);
        r->side[w].own->arena.guard = NULL;
        remit_session_free(r->side[w].own);
    }
}

remit_status remit_diff(const remit_policy *old_p, const char *old_name, const remit_policy *new_p,
                        const char *new_name, remit_diff_format format, FILE *out, remit_diff_summary *sum)
{
    if (sum)
        memset(sum, 0, sizeof *sum);
    if (!old_p || !new_p || !out)
        return REMIT_E_ARGUMENT;
    df_run r;
    memset(&r, 0, sizeof r);
    r.side[0].p = old_p;
    r.side[0].name = old_name ? old_name : "old";
    r.side[1].p = new_p;
    r.side[1].name = new_name ? new_name : "new";
    r.out = out;
    r.format = format;
    const char *every = getenv("REMIT_DIFF_EVERY"); /* spare no evaluation (for tests) */
    r.every = every && !strcmp(every, "1");
    r.scheme_same = -1;
    r.testing = PL_NONE;
    if (!(r.s = remit_session_new(NULL)))
        return REMIT_E_NOMEM;
    df_call call = {&r, REMIT_OK};
    if (!rm_protect(r.s, diff_in, &call))
        call.st = REMIT_E_NOMEM;
    remit_session_free(r.s);
    if (sum)
        *sum = r.sum;
    if (call.st == REMIT_OK && (fflush(out) != 0 || ferror(out)))
        call.st = REMIT_E_WRITE;
    return call.st;
}
