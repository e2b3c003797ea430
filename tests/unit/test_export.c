/*
 * test_export.c - export.c through the library's remit_export_json(): the
 * contract of SPEC.md 11.9 that the golden exports (tests/export/) show
 * only in passing: nothing is written for a session with errors, the
 * same bytes every time, strings escaped as in outcomes, the policy line
 * of the root file, precedence lines as written (not closed), and
 * lengths of time that are not fixed kept as expressions.
 */
#include "helpers.h"

/* Export the fixture's session; returns what was written (to free) and
 * sets *rc. */
static char *et_export(void **state, int *rc)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    *rc = remit_export_json(*state, f);
    fclose(f);
    return text;
}

/* Check `policy` clean and export it. */
static char *et_policy(void **state, const char *policy)
{
    int rc;
    assert_int_equal(rt_check(state, policy), REMIT_OK);
    char *t = et_export(state, &rc);
    assert_int_equal(rc, REMIT_OK);
    return t;
}

static void test_nothing_for_errors(void **state)
{
    int rc;
    char *t = et_export(state, &rc); /* nothing checked yet */
    assert_int_equal(rc, REMIT_E_POLICY);
    assert_string_equal(t, "");
    free(t);
    assert_int_equal(rt_check(state, "role ceo\nmatter spend { amount: money }\n"
                                     "reserve spend to cfoo\n"),
                     REMIT_E_POLICY);
    t = et_export(state, &rc);
    assert_int_equal(rc, REMIT_E_POLICY);
    assert_string_equal(t, "");
    free(t);
}

static const char *const et_scheme =
    "policy \"A \\\"quoted\\\" \\\\ title\" version \"1\"\n"
    "use nhs.tiers\n"
    "role ceo \"Chief\\nExecutive\"\n"
    "body board at system\n"
    "const tabbed = \"a\\tb\"\n"
    "matter spend {\n"
    "    amount: money\n"
    "    supplier: text\n"
    "}\n"
    "const wait = 2 weeks\n"
    "a: delegate spend from board to ceo when supplier != tabbed\n"
    "    report to board within wait + 1 day\n"
    "b: reserve spend to board when amount > £5m\n"
    "c: refuse spend when amount > £9m\n"
    "precedence c over b\n"
    "precedence b over a\n";

static void test_same_bytes_every_time(void **state)
{
    char *t = et_policy(state, et_scheme);
    int rc;
    char *u = et_export(state, &rc);
    assert_string_equal(t, u);
    assert_int_equal(t[strlen(t) - 1], '\n');
    free(t);
    free(u);
}

static void test_escapes_as_outcomes_do(void **state)
{
    char *t = et_policy(state, et_scheme);
    assert_non_null(strstr(t, "\n  \"title\": \"A \\\"quoted\\\" \\\\ title\",\n"));
    assert_non_null(strstr(t, "\"title\": \"Chief\\nExecutive\""));
    assert_non_null(strstr(t, "\"value\": \"a\\u0009b\"")); /* a tab, as 7.12's JSON */
    free(t);
}

static void test_root_policy_line(void **state)
{
    /* nhs.tiers has a policy line of its own: the root's is the one */
    char *t = et_policy(state, et_scheme);
    assert_non_null(strstr(t, "\"version\": \"1\""));
    assert_null(strstr(t, "NHS tiers"));
    free(t);
}

static void test_no_policy_line(void **state)
{
    char *t = et_policy(state, "use nhs.tiers\nrole ceo\n");
    assert_non_null(strstr(t, "\"title\": null,\n  \"version\": null,"));
    assert_non_null(strstr(t, "\"tiers\": [\n    \"neighbourhood\",")); /* lowest first */
    free(t);
}

static void test_precedence_as_written(void **state)
{
    /* c over b and b over a: lowering closes this (c beats a too); the
     * export keeps the two lines */
    char *t = et_policy(state, et_scheme);
    assert_non_null(strstr(t, "\"rules\": [\n        2,\n        1\n      ]"));
    assert_non_null(strstr(t, "\"rules\": [\n        1,\n        0\n      ]"));
    free(t);
}

static void test_time_folded(void **state)
{
    /* a length of time is fixed (R0410): `wait + 1 day` is one const */
    char *t = et_policy(state, et_scheme);
    assert_non_null(strstr(t, "\"within\": {\n"
                              "            \"op\": \"const\",\n"
                              "            \"type\": \"days\",\n"
                              "            \"value\": 15\n"));
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RT_TEST(test_nothing_for_errors),
        RT_TEST(test_same_bytes_every_time),
        RT_TEST(test_escapes_as_outcomes_do),
        RT_TEST(test_root_policy_line),
        RT_TEST(test_no_policy_line),
        RT_TEST(test_precedence_as_written),
        RT_TEST(test_time_folded),
    };
    return rt_run_tests(tests);
}
