/*
 * test_tcover.c - coverage in decision space (tcover.c, SPEC 7.13.2)
 * through the public API: the minimum as --coverage-min reads it, the
 * percentage rounded down, the exact comparison with a minimum, the
 * points of tests/cover/scheme.remit and which of them the goldens'
 * test files reach, a policy counted once over two files, --name, and
 * what a report without coverage, or with a broken policy, adds.
 *
 * Runs from the repository root (tests/run.sh cds there).
 */
#include "helpers.h"

#define PARTIAL "tests/cover/partial.test.yaml"
#define UNION "tests/cover/union.test.yaml"
#define SCHEME "tests/cover/scheme.remit"

/* Run a test file with coverage asked (or not), and add it to c under
 * the name pattern only.  The report is freed: c keeps what it needs. */
static void add_file(remit_coverage *c, const char *path, const char *only, int coverage)
{
    remit_options o = rt_options();
    o.analyse = 1;
    o.coverage = coverage;
    remit_test_report *r = NULL;
    remit_status st = remit_test_file(path, &o, &r);
    remit_test_run run = {path, r, st};
    assert_int_equal(remit_coverage_add(c, &run, only), REMIT_OK);
    remit_test_report_free(r);
}

/* What remit_coverage_render_text prints for c, malloc'd. */
static char *text_of(const remit_coverage *c)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    assert_non_null(mem);
    remit_coverage_render_text(c, mem);
    remit_coverage_render_text(NULL, mem); /* nothing */
    fclose(mem);
    return buf;
}

/* The item of policy 0 at line:col with this point; fails when none. */
static remit_coverage_item item_at(const remit_coverage *c, unsigned line, unsigned col, const char *point)
{
    remit_coverage_item t;
    for (size_t k = 0; remit_coverage_item_at(c, 0, k, &t); k++)
        if (t.line == line && t.col == col && !strcmp(t.point, point))
            return t;
    fail_msg("no point '%s' at %u:%u", point, line, col);
    return t;
}

static void test_min_parse(void **state)
{
    (void)state;
    static const struct { const char *text; unsigned want; } good[] = {
        {"0", 0}, {"80", 8000}, {"87.5", 8750}, {"99.99", 9999}, {"100", 10000}, {"100.00", 10000},
        {"0.01", 1}, {"050", 5000},
    };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        unsigned h = 12345;
        assert_true(remit_coverage_min_parse(good[i].text, &h));
        assert_int_equal(h, good[i].want);
    }
    static const char *const bad[] = {
        "", "lots", "100.01", "101", "1000", "87.555", "-5", "+5", "80%", "80.", ".5", " 80", "80 ", "8 0", "1e2",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        unsigned h = 12345;
        if (remit_coverage_min_parse(bad[i], &h))
            fail_msg("'%s' read as a minimum (%u)", bad[i], h);
        assert_int_equal(h, 12345); /* untouched */
    }
    assert_false(remit_coverage_min_parse(NULL, NULL));
}

static void test_percent(void **state)
{
    (void)state;
    static const struct { unsigned c, t; const char *want; } v[] = {
        {0, 0, "100.0%"}, {18, 43, "41.8%"}, {27, 43, "62.7%"}, {9999, 10000, "99.9%"},
        {1, 3, "33.3%"}, {2, 3, "66.6%"}, {43, 43, "100.0%"}, {0, 7, "0.0%"},
        {4294967295u, 4294967295u, "100.0%"},
    };
    char buf[16];
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        remit_coverage_percent(v[i].c, v[i].t, buf, sizeof buf);
        assert_string_equal(buf, v[i].want);
    }
    remit_coverage_percent(2, 3, buf, 4); /* cut short, and ended */
    assert_string_equal(buf, "66.");
    remit_coverage_percent(2, 3, NULL, 0);
}

/* tests/cover/partial.test.yaml reaches 18 of the 43 points: kind by kind
 * as its golden says, each point where it is written. */
static void test_points(void **state)
{
    (void)state;
    remit_coverage *c = remit_coverage_new();
    assert_non_null(c);
    add_file(c, PARTIAL, NULL, 1);
    assert_int_equal(remit_coverage_policy_count(c), 1);
    remit_coverage_policy x;
    assert_true(remit_coverage_policy_at(c, 0, &x));
    assert_string_equal(x.policy, SCHEME);
    static const unsigned covered[REMIT_COVER_KINDS] = {5, 8, 2, 1, 2}, total[REMIT_COVER_KINDS] = {8, 24, 5, 3, 3};
    for (int k = 0; k < REMIT_COVER_KINDS; k++) {
        assert_int_equal(x.covered[k], covered[k]);
        assert_int_equal(x.total[k], total[k]);
    }
    assert_int_equal(x.all_covered, 18);
    assert_int_equal(x.all_total, 43);
    assert_int_equal(x.nitems, 43);
    unsigned cv, tt;
    remit_coverage_total(c, &cv, &tt);
    assert_int_equal(cv, 18);
    assert_int_equal(tt, 43);

    /* the threshold amount > £1m: each of its three points reached */
    remit_coverage_item t = item_at(c, 36, 29, "below");
    assert_int_equal(t.kind, REMIT_COVER_THRESHOLD);
    assert_true(t.covered);
    assert_null(t.message);
    assert_null(t.hint);
    assert_string_equal(t.what, "the threshold £1,000,000 (amount > £1m)");
    assert_true(item_at(c, 36, 29, "at").covered);
    assert_true(item_at(c, 36, 29, "above").covered);
    /* risk >= 15: 14 tested, 15 and 16 not */
    assert_true(item_at(c, 49, 30, "below").covered);
    t = item_at(c, 49, 30, "above");
    assert_false(t.covered);
    assert_string_equal(t.message, "the threshold 15 (risk >= 15) was never tested just above");
    assert_string_equal(t.hint, "try risk 16");
    /* a delegation no outcome used; the refusal a decision fell under */
    t = item_at(c, 43, 1, "exercised");
    assert_int_equal(t.kind, REMIT_COVER_RULE);
    assert_false(t.covered);
    assert_string_equal(t.file, SCHEME);
    assert_string_equal(t.hint, "try a decision of spend taken by cfo");
    assert_true(item_at(c, 46, 1, "exercised").covered);
    /* the Board: quorate and inquorate reached, its quorum never lost */
    assert_true(item_at(c, 17, 5, "quorate").covered);
    assert_true(item_at(c, 17, 5, "inquorate").covered);
    assert_false(item_at(c, 17, 5, "quorum_lost").covered);
    /* the conflicts block: a member set aside; the protocol: active, inactive, not expired */
    assert_true(item_at(c, 65, 1, "member_set_aside").covered);
    assert_false(item_at(c, 65, 1, "decider_stands_aside").covered);
    assert_true(item_at(c, 59, 5, "active").covered);
    assert_true(item_at(c, 59, 5, "inactive").covered);
    assert_false(item_at(c, 62, 5, "expired").covered);

    /* in the order of the file: line by line */
    unsigned last = 0;
    for (size_t k = 0; remit_coverage_item_at(c, 0, k, &t); k++) {
        assert_true(t.line >= last);
        last = t.line;
    }
    assert_false(remit_coverage_item_at(c, 0, 43, &t));
    assert_false(remit_coverage_item_at(c, 1, 0, &t));
    assert_false(remit_coverage_policy_at(c, 1, &x));

    /* exactly: 18/43 is 41.860...%: at least 41.86, below 41.87 */
    assert_false(remit_coverage_below(c, 0));
    assert_false(remit_coverage_below(c, 4186));
    assert_true(remit_coverage_below(c, 4187));
    assert_true(remit_coverage_below(c, 10000));
    remit_coverage_free(c);
}

/* Two files of one policy are one policy, covered where either reaches;
 * a file added twice changes nothing; --name counts the tests it names. */
static void test_union_and_name(void **state)
{
    (void)state;
    remit_coverage *c = remit_coverage_new();
    add_file(c, PARTIAL, NULL, 1);
    add_file(c, PARTIAL, NULL, 1);
    unsigned cv, tt;
    remit_coverage_total(c, &cv, &tt);
    assert_int_equal(cv, 18);
    add_file(c, UNION, NULL, 1);
    assert_int_equal(remit_coverage_policy_count(c), 1);
    remit_coverage_total(c, &cv, &tt);
    assert_int_equal(cv, 27);
    assert_int_equal(tt, 43);
    assert_true(item_at(c, 62, 5, "expired").covered);
    assert_true(item_at(c, 17, 5, "quorum_lost").covered);
    assert_true(item_at(c, 65, 1, "decider_stands_aside").covered);
    remit_coverage_free(c);

    /* the same policy named another way (an absolute path, from another
     * folder) is the same policy, shown as the first file named it */
    c = remit_coverage_new();
    add_file(c, PARTIAL, NULL, 1);
    char dir[] = "/tmp/remit-tcover.XXXXXX", cwd[2048], path[4200], text[8192];
    assert_non_null(mkdtemp(dir));
    assert_non_null(getcwd(cwd, sizeof cwd));
    snprintf(path, sizeof path, "%s/other.test.yaml", dir);
    snprintf(text, sizeof text,
             "policy: %s/" SCHEME "\ntests:\n  - name: a capital spend, with its register entry\n"
             "    decision: { matter: spend, decider: ceo, date: 2026-11-20, fields: { amount: \"£10\", "
             "category: capital, risk: 3, supplier: \"Acme Ltd\" }, context: { incident_level: 0 } }\n"
             "    expect: permitted\n", cwd);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    add_file(c, path, NULL, 1);
    unlink(path);
    rmdir(dir);
    assert_int_equal(remit_coverage_policy_count(c), 1);
    remit_coverage_policy x;
    assert_true(remit_coverage_policy_at(c, 0, &x));
    assert_string_equal(x.policy, SCHEME);
    assert_true(item_at(c, 55, 1, "exercised").covered); /* after spend when category = capital */
    remit_coverage_total(c, &cv, &tt);
    assert_int_equal(cv, 19);
    remit_coverage_free(c);

    c = remit_coverage_new();
    add_file(c, PARTIAL, "a penny*", 1); /* "a penny over £1m is the Board's" alone */
    remit_coverage_total(c, &cv, &tt);
    assert_int_equal(tt, 43);
    assert_true(item_at(c, 36, 29, "above").covered);
    assert_false(item_at(c, 36, 29, "at").covered);
    assert_false(item_at(c, 36, 29, "below").covered);
    assert_true(cv < 18);
    remit_coverage_free(c);
}

/* What adds nothing: a report made without coverage, a policy with
 * errors (no points to list); and the NULLs. */
static void test_nothing_to_add(void **state)
{
    (void)state;
    remit_coverage *c = remit_coverage_new();
    add_file(c, PARTIAL, NULL, 0);
    add_file(c, "tests/cover/broken.test.yaml", NULL, 1);
    assert_int_equal(remit_coverage_policy_count(c), 0);
    unsigned cv = 9, tt = 9;
    remit_coverage_total(c, &cv, &tt);
    assert_int_equal(cv, 0);
    assert_int_equal(tt, 0);
    assert_false(remit_coverage_below(c, 0)); /* nothing tested meets only 0 */
    assert_true(remit_coverage_below(c, 1));
    remit_test_run none = {"x.test.yaml", NULL, REMIT_E_NOMEM};
    assert_int_equal(remit_coverage_add(c, &none, NULL), REMIT_OK);
    assert_int_equal(remit_coverage_add(NULL, &none, NULL), REMIT_E_ARGUMENT);
    assert_int_equal(remit_coverage_add(c, NULL, NULL), REMIT_E_ARGUMENT);
    char *buf = text_of(c);
    assert_string_equal(buf, "coverage: no policy was tested (no test file's tests ran)\n");
    free(buf);
    remit_coverage_free(c);
    remit_coverage_free(NULL);
    assert_int_equal(remit_coverage_policy_count(NULL), 0);
    assert_true(remit_coverage_below(NULL, 1));

    /* every rule the standard library's: nothing to cover, which meets any minimum */
    c = remit_coverage_new();
    add_file(c, "tests/cover/stdlib-only.test.yaml", NULL, 1);
    assert_int_equal(remit_coverage_policy_count(c), 1);
    remit_coverage_total(c, &cv, &tt);
    assert_int_equal(tt, 0);
    assert_false(remit_coverage_below(c, 10000));
    remit_coverage_free(c);
}

/* The text: a summary line, then a line a point not covered. */
static void test_text(void **state)
{
    (void)state;
    remit_coverage *c = remit_coverage_new();
    add_file(c, PARTIAL, NULL, 1);
    char *buf = text_of(c);
    const char *want = "coverage of " SCHEME ": rules 5/8, thresholds 8/24 points, quorum 2/5, conflicts 1/3, "
                       "protocols 2/3; 18/43 = 41.8%\n";
    assert_memory_equal(buf, want, strlen(want));
    size_t lines = 0;
    for (const char *q = buf; (q = strstr(q, ": not covered: ")); q++)
        lines++;
    assert_int_equal(lines, 43 - 18);
    free(buf);
    remit_coverage_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_min_parse),
        cmocka_unit_test(test_percent),
        cmocka_unit_test(test_points),
        cmocka_unit_test(test_union_and_name),
        cmocka_unit_test(test_nothing_to_add),
        cmocka_unit_test(test_text),
    };
    return rt_run_tests(tests);
}
