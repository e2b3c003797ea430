/*
 * test_who.c - `remit who` (remit_who_can, SPEC 7.16) against brute
 * force.  For every example decision, with and without its register, each
 * holder of the policy is written into the decision's text as its decider
 * (and, for a holder listed with co-signatories added, those added to the
 * text's co_signatories) and the text evaluated through remit_evaluate,
 * as any program would: a holder is listed with nothing added exactly
 * when it is permitted as written; one listed with co-signatories is not
 * permitted without them and is with them; one listed apart (unsettled)
 * cannot be evaluated as written; and the list runs lowest first.  The
 * holders are read from the compiled policy (policy.h); everything else
 * goes through remit.h.
 */
#include <dirent.h>

#include "helpers.h"
#include "policy.h"

/* The decision's text with `decider:` set to name, unless NULL (any
 * top-level decider line dropped; the examples write it on one line) and the
 * names add[0..nadd) after its co-signatories (a flow list on one line,
 * as the examples write it, or a new one).  malloc'd. */
static char *edited(const char *text, size_t len, const char *name, const char *const *add, size_t nadd)
{
    size_t cap = len + 256 + 64 * nadd, u = 0;
    char *o = malloc(cap);
    assert_non_null(o);
    bool had_co = false;
    for (size_t i = 0; i < len;) {
        size_t e = i;
        while (e < len && text[e] != '\n')
            e++;
        size_t n = e - i;
        if (name && n >= 8 && !memcmp(text + i, "decider:", 8)) {
            i = e + (e < len);
            continue;
        }
        bool co = n >= 15 && !memcmp(text + i, "co_signatories:", 15);
        const char *close = co ? memchr(text + i, ']', n) : NULL;
        size_t head = close ? (size_t)(close - (text + i)) : n;
        memcpy(o + u, text + i, head);
        u += head;
        if (close) {
            had_co = true;
            bool empty = true;
            for (const char *q = (const char *)memchr(text + i, '[', n) + 1; q < close; q++)
                empty &= *q == ' ';
            for (size_t k = 0; k < nadd; k++)
                u += (size_t)sprintf(o + u, "%s%s", empty && !k ? "" : ", ", add[k]);
            memcpy(o + u, close, n - head);
            u += n - head;
        }
        o[u++] = '\n';
        i = e + (e < len);
    }
    if (!had_co && nadd) {
        u += (size_t)sprintf(o + u, "co_signatories: [");
        for (size_t k = 0; k < nadd; k++)
            u += (size_t)sprintf(o + u, "%s%s", k ? ", " : "", add[k]);
        u += (size_t)sprintf(o + u, "]\n");
    }
    if (name)
        u += (size_t)sprintf(o + u, "decider: %s\n", name);
    o[u] = '\0';
    assert_true(u < cap);
    return o;
}

typedef struct world {
    remit_policy *p;
    remit_context *ctx;
    unsigned listed, added, unsettled, holders, others; /* what the cases exercised */
} world;

static void load(world *w, const char *policy, const char *reg, const char *cal)
{
    remit_options o;
    remit_options_init(&o);
    o.stdlib_dir = rt_stdlib_dir();
    remit_input in = {policy, NULL, NULL, 0};
    remit_session *diags = NULL;
    assert_int_equal(remit_policy_load(&o, &in, &w->p, &diags), REMIT_OK);
    remit_session_free(diags);
    w->ctx = NULL;
    if (!reg && !cal)
        return;
    remit_input rin = {reg, NULL, NULL, 0}, cin = {cal, NULL, NULL, 0};
    remit_context_files f;
    remit_context_files_init(&f);
    f.register_file = reg ? &rin : NULL;
    f.calendar = cal ? &cin : NULL;
    assert_int_equal(remit_context_open(w->p, &f, &w->ctx, NULL), REMIT_OK);
}

static void unload(world *w)
{
    remit_context_free(w->ctx);
    remit_policy_free(w->p);
}

/* Whether text, evaluated, is permitted; *st its status. */
static bool permitted(remit_evaluator *e, const char *text, remit_status *st, size_t *chain)
{
    const remit_outcome *o = NULL;
    *st = remit_evaluate(e, text, strlen(text), &o);
    *chain = *st == REMIT_OK ? remit_outcome_chain_length(o) : 0;
    return *st == REMIT_OK && remit_outcome_kind_of(o) == REMIT_PERMITTED;
}

/* `remit who` of the decision text against every holder, one by one. */
static void against_brute_force(world *w, const char *what, const char *text, size_t len)
{
    remit_evaluator *e, *b;
    assert_int_equal(remit_evaluator_new(w->p, w->ctx, &e), REMIT_OK);
    assert_int_equal(remit_evaluator_new(w->p, w->ctx, &b), REMIT_OK);
    remit_input in = {NULL, "decision", text, len};
    const remit_who *who = NULL;
    remit_status st = remit_who_can(e, &in, &who);
    assert_true(st == REMIT_OK || st == REMIT_E_INPUT);
    const remit_policy *p = w->p;
    size_t last_chain = SIZE_MAX;
    for (size_t i = 0; i < remit_who_count(who); i++) { /* lowest first */
        remit_who_holder x;
        assert_true(remit_who_at(who, i, &x));
        size_t c = remit_outcome_chain_length(x.outcome);
        assert_int_equal(remit_outcome_kind_of(x.outcome), REMIT_PERMITTED);
        assert_true(c <= last_chain);
        last_chain = c;
    }
    for (uint32_t h = 0; h < p->nholders; h++) {
        const char *name = p->holders[h].name;
        char *t = edited(text, len, name, NULL, 0);
        remit_status bst;
        size_t chain;
        bool ok = permitted(b, t, &bst, &chain);
        free(t);
        remit_who_holder x = {0};
        bool listed = false, unsettled = false;
        for (size_t i = 0; st == REMIT_OK && i < remit_who_count(who) && !listed; i++) {
            assert_true(remit_who_at(who, i, &x));
            listed = !strcmp(x.holder, name);
        }
        for (size_t i = 0; st == REMIT_OK && i < remit_who_unsettled_count(who) && !unsettled; i++) {
            remit_who_unsettled u;
            assert_true(remit_who_unsettled_at(who, i, &u));
            unsettled = !strcmp(u.holder, name);
            assert_true(!unsettled || (u.message && *u.message));
        }
        if (ok != (listed && !x.nco) || (unsettled && bst != REMIT_E_INPUT))
            fail_msg("%s: holder %s: evaluated as the decider %s (status %d), but who %s", what, name,
                     ok ? "is permitted" : "is not permitted", (int)bst,
                     listed ? (x.nco ? "lists it with co-signatories added" : "lists it")
                            : unsettled ? "lists it as unsettled" : "leaves it out");
        w->holders++;
        w->unsettled += unsettled;
        if (!listed)
            continue;
        w->listed++;
        if (!x.nco)
            continue;
        w->added++;
        t = edited(text, len, name, x.co, x.nco);
        ok = permitted(b, t, &bst, &chain);
        if (!ok)
            fail_msg("%s: holder %s is listed with %zu co-signatories added, but evaluated with them "
                     "it is not permitted:\n%s", what, name, x.nco, t);
        free(t);
    }
    if (st == REMIT_OK) { /* still valid: b evaluated, e did not */
        assert_int_equal(remit_who_considered(who), p->nholders);
        assert_non_null(remit_who_text(who, NULL));
        assert_non_null(remit_who_json(who, NULL));
        const remit_outcome *o;
        remit_evaluate(e, text, len, &o); /* a new evaluation ends the answer */
        assert_int_equal(remit_who_count(who), 0);
        assert_null(remit_who_text(who, NULL));
    }
    remit_evaluator_free(e);
    remit_evaluator_free(b);
}

/* The text with the first entry of the attendance for each of roles
 * listed absent ("role: ROLE, present: false" on one line, as the
 * examples write them) said to be present; NULL when one is not found. */
static char *made_present(const char *text, const char *const *roles, size_t n)
{
    char *t = strdup(text);
    assert_non_null(t);
    for (size_t i = 0; i < n; i++) {
        char key[160];
        snprintf(key, sizeof key, "role: %s,", roles[i]);
        char *at = t, *line = NULL;
        while ((at = strstr(at, key))) {
            char *end = strchr(at, '\n'), *f = strstr(at, "present: false");
            if (f && (!end || f < end)) {
                line = f;
                break;
            }
            at += strlen(key);
        }
        if (!line) {
            free(t);
            return NULL;
        }
        memcpy(line, "present: true ", 14); /* the same length: "false" and "true " */
    }
    return t;
}

/* The text with field's value set to value: its line "  FIELD: ..." in
 * a block of fields, as most examples write them; NULL when it has none.
 * Money is written quoted, a score, a choice or yes/no plain. */
static char *with_field(const char *text, const char *field, const char *value)
{
    const char *q = value[0] == '\xC2' ? "\"" : ""; /* "£..." */
    char key[128];
    snprintf(key, sizeof key, "\n  %s:", field);
    const char *at = strstr(text, key);
    if (!at)
        return NULL;
    const char *end = strchr(at + 1, '\n');
    size_t n = strlen(text) + strlen(value) + 64;
    char *o = malloc(n);
    assert_non_null(o);
    snprintf(o, n, "%.*s\n  %s: %s%s%s%s", (int)(at - text), text, field, q, value, q, end ? end : "\n");
    return o;
}

/* remit_evaluate_why_not of the decision text: every change it gives
 * makes the decision permitted when written into the text; a lower
 * amount is the exact boundary (a penny more is not permitted). */
static void why_not_checked(world *w, const char *what, const char *text, size_t len)
{
    remit_evaluator *e, *b;
    assert_int_equal(remit_evaluator_new(w->p, w->ctx, &e), REMIT_OK);
    assert_int_equal(remit_evaluator_new(w->p, w->ctx, &b), REMIT_OK);
    remit_input in = {NULL, "decision", text, len};
    const remit_outcome *o;
    if (remit_evaluate_why_not(e, &in, &o) != REMIT_OK) {
        remit_evaluator_free(e);
        remit_evaluator_free(b);
        return;
    }
    if (remit_outcome_kind_of(o) == REMIT_PERMITTED)
        assert_int_equal(remit_outcome_change_count(o), 0);
    else
        w->holders++; /* here: decisions not permitted */
    char *t0 = strndup(text, len);
    assert_non_null(t0);
    for (size_t i = 0; i < remit_outcome_change_count(o); i++) {
        remit_change c;
        assert_true(remit_outcome_change_at(o, i, &c));
        assert_non_null(c.message);
        char *t = NULL;
        remit_status st;
        size_t chain;
        if (!strcmp(c.kind, "co_signatories"))
            t = edited(text, len, NULL, c.co, c.nco);
        else if (!strcmp(c.kind, "decider"))
            t = edited(text, len, c.decider, c.co, c.nco);
        else if (!strcmp(c.kind, "decider_at_meeting")) { /* as written with it, it needs attendance */
            t = edited(text, len, c.decider, c.co, c.nco);
            permitted(b, t, &st, &chain);
            assert_int_equal(st, REMIT_E_INPUT);
            free(t);
            w->unsettled++;
            continue;
        } else if (!strcmp(c.kind, "present")) {
            if (!(t = made_present(t0, c.co, c.nco)))
                continue; /* written otherwise: not edited here */
            w->others++;
        } else {
            assert_string_equal(c.kind, "field");
            if (!(t = with_field(t0, c.field, c.value)))
                continue; /* written in a flow mapping: not edited here */
            if (strncmp(c.value, "\xC2\xA3", 2) != 0) { /* a score, a choice, yes or no: the value itself */
                w->others++;
                goto check;
            }
            /* a penny more is not permitted: the boundary is exact */
            long long pence = 0;
            for (const char *q = c.value; *q; q++)
                if (*q >= '0' && *q <= '9')
                    pence = pence * 10 + (*q - '0');
            if (!strchr(c.value, '.'))
                pence *= 100; /* "£250,000": whole pounds */
            pence++;
            char more[64];
            snprintf(more, sizeof more, "£%lld.%02lld", pence / 100, pence % 100);
            char *t2 = with_field(t0, c.field, more);
            if (t2 && permitted(b, t2, &st, &chain))
                fail_msg("%s: %s is said to be the most at which it is permitted, but %s is too", what, c.value,
                         more);
            free(t2);
            w->added++;
        }
    check:
        if (!permitted(b, t, &st, &chain))
            fail_msg("%s: the change '%s' is said to permit it, but the decision so changed is not "
                     "permitted (status %d):\n%s", what, c.message, (int)st, t);
        w->listed++;
        free(t);
    }
    free(t0);
    remit_evaluator_free(e);
    remit_evaluator_free(b);
}

static bool why_mode;

static void file_case(world *w, const char *path)
{
    size_t len;
    char *text = rt_slurp(path, &len);
    if (why_mode)
        why_not_checked(w, path, text, len);
    else
        against_brute_force(w, path, text, len);
    free(text);
}

/* Every decision of one example, with and without its register (and
 * calendar, where it has one). */
static void example(world *total, const char *name, const char *dir)
{
    char policy[256], reg[256], cal[256];
    snprintf(policy, sizeof policy, "examples/%s.remit", name);
    snprintf(reg, sizeof reg, "examples/registers/%s.yaml", name);
    snprintf(cal, sizeof cal, "examples/calendars/%s.yaml", name);
    bool has_cal = access(cal, R_OK) == 0;
    for (int with = 0; with < 2; with++) {
        world w = {0};
        load(&w, policy, with ? reg : NULL, with && has_cal ? cal : NULL);
        DIR *d = opendir(dir);
        assert_non_null(d);
        struct dirent *de;
        while ((de = readdir(d))) {
            size_t n = strlen(de->d_name);
            if (n < 6 || strcmp(de->d_name + n - 5, ".yaml"))
                continue;
            char path[512];
            snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
            file_case(&w, path);
        }
        closedir(d);
        total->listed += w.listed;
        total->added += w.added;
        total->unsettled += w.unsettled;
        total->holders += w.holders;
        total->others += w.others;
        unload(&w);
    }
}

static void test_examples_against_brute_force(void **state)
{
    (void)state;
    world total = {0};
    example(&total, "icb-scheme", "examples/decisions");
    example(&total, "major-incident", "examples/decisions/major-incident");
    example(&total, "neighbourhood-team", "examples/decisions/neighbourhood-team");
    example(&total, "place-partnership", "examples/decisions/place-partnership");
    example(&total, "provider-collaborative", "examples/decisions/provider-collaborative");
    /* the cases reach each kind of answer */
    print_message("  who: %u holders tried, %u listed (%u with co-signatories added), %u unsettled\n",
                  total.holders, total.listed, total.added, total.unsettled);
    assert_true(total.listed >= 10);
    assert_true(total.added >= 1);
    assert_true(total.unsettled >= 1);
}

/* remit eval --why-not on every example decision that is not permitted:
 * each change it says, written into the decision, makes it permitted. */
static void test_why_not_examples(void **state)
{
    (void)state;
    world total = {0};
    why_mode = true;
    example(&total, "icb-scheme", "examples/decisions");
    example(&total, "major-incident", "examples/decisions/major-incident");
    example(&total, "neighbourhood-team", "examples/decisions/neighbourhood-team");
    example(&total, "place-partnership", "examples/decisions/place-partnership");
    example(&total, "provider-collaborative", "examples/decisions/provider-collaborative");
    why_mode = false;
    print_message("  why-not: %u decisions not permitted, %u changes checked (%u amounts at their "
                  "boundary, %u other values of fields), %u at a meeting\n", total.holders, total.listed,
                  total.added, total.others, total.unsettled);
    assert_true(total.listed >= 10);
    assert_true(total.added >= 2);
    assert_true(total.others >= 1);
}

/* Decisions that give no decider: spend above £250k needs the Director
 * of Finance and an executive (require), so each needs the other; the
 * same in a register's world; and one that no holder may take. */
static void test_without_a_decider(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "matter: spend\ndate: 2026-11-20\nfields: { amount: \"£300,000\", category: revenue, risk: 3, "
        "supplier: Acme }\ncontext: { incident_level: 0 }\n",
        "matter: spend\ndate: 2026-11-20\nfields: { amount: \"£300,000\", category: capital, risk: 3, "
        "supplier: Acme }\ncontext: { incident_level: 0 }\nco_signatories: []\n",
        "matter: spend\ndate: 2026-11-20\nfields: { amount: \"£9m\", category: capital, risk: 20, "
        "supplier: Acme }\ncontext: { incident_level: 0 }\n",
        "matter: appointment\ndate: 2026-11-20\nfields: { post: non_executive }\n"
        "context: { incident_level: 0 }\n",
    };
    for (int with = 0; with < 2; with++) {
        world w = {0};
        load(&w, RT_ICB_POLICY, with ? RT_ICB_REGISTER : NULL, NULL);
        for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
            against_brute_force(&w, texts[i], texts[i], strlen(texts[i]));
        assert_true(w.added >= 2);
        unload(&w);
    }
}

/* £300k of revenue spend, no decider given: above £250k a second
 * executive must sign. */
static const char SPEND_300K[] = "{\"matter\":\"spend\",\"date\":\"2026-11-20\",\"fields\":{\"amount\":"
                                 "\"£300,000\",\"category\":\"revenue\",\"risk\":3,\"supplier\":\"Acme\"},"
                                 "\"context\":{\"incident_level\":0}}";

/* The example scheme, without register or history, and an evaluator. */
static remit_evaluator *icb_evaluator(world *w)
{
    load(w, RT_ICB_POLICY, NULL, NULL);
    remit_evaluator *e;
    assert_int_equal(remit_evaluator_new(w->p, NULL, &e), REMIT_OK);
    return e;
}

/* The cfo, given £300k of revenue spend, needs one more executive: who
 * says which, in text and JSON, and a malformed decision is an input
 * error said once, not once for each holder. */
static void test_answer(void **state)
{
    (void)state;
    world w = {0};
    remit_evaluator *e = icb_evaluator(&w);
    remit_input in = {NULL, "decision", SPEND_300K, sizeof SPEND_300K - 1};
    const remit_who *who;
    assert_int_equal(remit_who_can(e, &in, &who), REMIT_OK);
    assert_string_equal(remit_who_matter(who), "spend");
    assert_int_equal(remit_who_count(who), 2);
    remit_who_holder x;
    assert_true(remit_who_at(who, 0, &x));
    assert_string_equal(x.holder, "cfo"); /* the lowest first */
    assert_int_equal(x.nco, 1);
    assert_string_equal(x.co[0], "ceo");
    assert_string_equal(remit_outcome_decider(x.outcome), "cfo");
    assert_int_equal(remit_outcome_chain_length(x.outcome), 3);
    assert_true(remit_who_at(who, 1, &x));
    assert_string_equal(x.holder, "ceo");
    assert_false(remit_who_at(who, 2, &x));
    remit_who_unsettled u;
    assert_int_equal(remit_who_unsettled_count(who), 1);
    assert_true(remit_who_unsettled_at(who, 0, &u));
    assert_string_equal(u.holder, "board");
    assert_non_null(strstr(u.message, "does not say who attended"));
    const char *t = remit_who_text(who, NULL);
    assert_non_null(strstr(t, "1. Director of Finance (cfo), if also signed by Chief Executive"));
    const char *j = remit_who_json(who, NULL);
    assert_non_null(strstr(j, "{\"schema\":\"remit.who/1\",\"matter\":\"spend\",\"considered\":"));
    assert_non_null(strstr(j, "\"holder\":\"cfo\",\"co_signatories_added\":[\"ceo\"],\"outcome\":{"));

    const char *bad = "{\"matter\":\"spend\",\"date\":\"2026-11-20\",\"fields\":{\"amount\":\"£300,000\","
                      "\"category\":\"revenue\",\"risk\":30,\"supplier\":\"Acme\"},"
                      "\"context\":{\"incident_level\":0}}";
    remit_input bin = {NULL, "decision", bad, strlen(bad)};
    assert_int_equal(remit_who_can(e, &bin, &who), REMIT_E_INPUT);
    assert_null(who);
    const remit_session *s = remit_evaluator_diagnostics(e);
    assert_int_equal(rt_count(s, "R0404"), 1);
    assert_int_equal(remit_diag_count(s), 1);
    assert_int_equal(remit_who_can(NULL, &bin, &who), REMIT_E_ARGUMENT);
    remit_evaluator_free(e);
    unload(&w);
}

/* An answer ends with the next evaluation, whatever becomes of it: when
 * the next runs out of memory part-way, after it has listed holders into
 * the outcomes the earlier answer's point to, those still read as empty
 * (found in review: they read as the aborted answer's, from memory given
 * back).  And a policy with no holders is an input error, not a crash. */
static void test_answer_ends_with_a_failed_one(void **state)
{
    (void)state;
    world w = {0};
    remit_evaluator *e = icb_evaluator(&w);
    remit_input in = {NULL, "decision", SPEND_300K, sizeof SPEND_300K - 1};
    const remit_who *who;
    rm_test_alloc = (rm_alloc_hook){.armed = true}; /* count a call's allocations */
    assert_int_equal(remit_who_can(e, &in, &who), REMIT_OK);
    unsigned long n = rm_test_alloc.count;
    rm_test_alloc.armed = false;
    unsigned tried = 0;
    for (unsigned long k = n / 2; k <= n; k += n / 16 + 1) {
        assert_int_equal(remit_who_can(e, &in, &who), REMIT_OK);
        remit_who_holder x;
        assert_true(remit_who_at(who, 0, &x));
        const remit_outcome *o1 = x.outcome;
        rm_test_alloc = (rm_alloc_hook){.armed = true, .fail_at = k};
        const remit_who *again;
        remit_status st = remit_who_can(e, &in, &again);
        rm_test_alloc.armed = false;
        if (st != REMIT_E_NOMEM)
            continue;
        tried++;
        assert_null(again);
        assert_int_equal(remit_outcome_kind_of(o1), REMIT_UNDETERMINED);
        assert_int_equal(remit_outcome_chain_length(o1), 0);
        assert_null(remit_outcome_decider(o1));
        assert_int_equal(remit_who_count(who), 0);
        assert_null(remit_who_text(who, NULL));
    }
    assert_true(tried >= 4);
    remit_evaluator_free(e);
    unload(&w);

    remit_options o;
    remit_options_init(&o);
    const char *none = "policy \"N\" version \"1\"\nmatter spend \"S\" {\n    amount: money\n}\n";
    remit_input pin = {NULL, "none.remit", none, strlen(none)};
    remit_policy *p;
    assert_int_equal(remit_policy_load(&o, &pin, &p, NULL), REMIT_OK);
    assert_int_equal(remit_evaluator_new(p, NULL, &e), REMIT_OK);
    const char *d = "matter: spend\ndate: 2026-11-20\nfields: { amount: \"£5\" }\n";
    remit_input din = {NULL, "decision", d, strlen(d)};
    assert_int_equal(remit_who_can(e, &din, &who), REMIT_E_INPUT);
    assert_int_equal(remit_diag_count(remit_evaluator_diagnostics(e)), 1);
    remit_evaluator_free(e);
    remit_policy_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_examples_against_brute_force),
        cmocka_unit_test(test_without_a_decider),
        cmocka_unit_test(test_answer),
        cmocka_unit_test(test_why_not_examples),
        cmocka_unit_test(test_answer_ends_with_a_failed_one),
    };
    return rt_run_tests(tests);
}
