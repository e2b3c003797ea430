/*
 * test_types.c - the type rules of check.c: what may be compared, added,
 * tested with `in` and used as a condition; constant folding; units of
 * time; deadlines; the shapes of `limit` and `up to`.
 */
#include "helpers.h"

#define POUND "\xC2\xA3"

/* Lines 1 to 20; the statement under test is line 21. */
#define PRELUDE                                                           \
    "policy \"types\"\n"                                                  \
    "matter spend {\n"                                                    \
    "    amount: money\n"                                                 \
    "    category: one of { revenue, capital }\n"                         \
    "    risk: score 1..25\n"                                             \
    "    wait: days\n"                                                    \
    "    supplier: text\n"                                                \
    "    urgent: bool\n"                                                  \
    "    opened: date\n"                                                  \
    "    share: percent\n"                                                \
    "    count: number\n"                                                 \
    "}\n"                                                                 \
    "matter pay {\n"                                                      \
    "    gross: money\n"                                                  \
    "    net: money\n"                                                    \
    "}\n"                                                                 \
    "matter appt { post: text }\n"                                        \
    "body board\n"                                                        \
    "role cfo\n"                                                          \
    "context { level: number }\n"

#define LINE 21u
/* `reserve spend to board when ` is 28 characters */
#define WHEN_COL 29u
/* `const a = ` is 10 characters */
#define CONST_COL 11u

static void check_stmt(void **state, const char *stmt)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s%s\n", PRELUDE, stmt);
    rt_check(state, buf);
}

static void check_when(void **state, const char *cond)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "reserve spend to board when %s", cond);
    check_stmt(state, buf);
}

static void check_const(void **state, const char *expr)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "const a = %s", expr);
    check_stmt(state, buf);
}

/* A condition that must check clean, in a session of its own so that one
 * test can try several. */
static void when_clean(const char *cond)
{
    remit_session *s = remit_session_new(NULL);
    assert_non_null(s);
    void *st = s;
    check_when(&st, cond);
    if (remit_error_count(s) || remit_warning_count(s))
        print_error("when %s:\n", cond);
    assert_clean(s);
    remit_session_free(s);
}

/* ----------------------------------------------------------- prelude */

static void test_prelude_is_clean(void **state)
{
    check_stmt(state, "");
    assert_clean(*state);
}

/* --------------------------------------------------------- comparisons */

static void test_money_with_days(void **state)
{
    remit_session *s = *state;
    check_when(state, "amount > 30 days");
    const remit_diagnostic *d = assert_diag(s, "R0401", LINE, WHEN_COL);
    assert_message_has(d, "money with days");
    assert_errors(s, 1);
}

static void test_money_with_number(void **state)
{
    remit_session *s = *state;
    check_when(state, "amount > 5000");
    assert_hint_has(assert_diag(s, "R0401", LINE, WHEN_COL), "pound sign");
}

static void test_days_with_number(void **state)
{
    remit_session *s = *state;
    check_when(state, "wait > 30");
    assert_hint_has(assert_diag(s, "R0401", LINE, WHEN_COL), "30 days");
}

static void test_comparable_types(void **state)
{
    (void)state;
    when_clean("amount > " POUND "1m");
    when_clean("risk > 10");             /* a score with a number */
    when_clean("10 <= risk");
    when_clean("wait >= 2 weeks");
    when_clean("opened < 2026-04-01");
    when_clean("share >= 12.5%");
    when_clean("count != 3");
    when_clean("supplier = \"Acme\"");
    when_clean("urgent = true");
    when_clean("category = revenue");
    when_clean("revenue = category");
    when_clean("level > 2");
}

static void test_ordering_a_choice(void **state)
{
    remit_session *s = *state;
    check_when(state, "category > revenue");
    const remit_diagnostic *d = assert_diag(s, "R0409", LINE, WHEN_COL);
    assert_hint_has(d, "in {");
    assert_errors(s, 1);
}

static void test_ordering_text_and_bool(void **state)
{
    remit_session *s = *state;
    check_when(state, "supplier < \"m\" or urgent > false");
    assert_diag(s, "R0409", LINE, WHEN_COL);
    assert_diag(s, "R0409", LINE, WHEN_COL + 18);
    assert_errors(s, 2);
}

static void test_score_out_of_range(void **state)
{
    remit_session *s = *state;
    check_when(state, "risk > 30");
    const remit_diagnostic *d = assert_diag(s, "R0404", LINE, WHEN_COL + 7);
    assert_message_has(d, "1..25");
    assert_errors(s, 1);
}

static void test_score_out_of_range_either_side(void **state)
{
    remit_session *s = *state;
    check_when(state, "0 < risk or risk = 26");
    assert_diag(s, "R0404", LINE, WHEN_COL);
    assert_diag(s, "R0404", LINE, WHEN_COL + 19);
    assert_errors(s, 2);
}

static void test_score_bounds_are_in_range(void **state)
{
    (void)state;
    when_clean("risk >= 1 and risk <= 25");
}

/* ----------------------------------------------------------------- in */

static void test_in_on_non_choice(void **state)
{
    remit_session *s = *state;
    check_when(state, "amount in { revenue }");
    const remit_diagnostic *d = assert_diag(s, "R0405", LINE, WHEN_COL);
    assert_message_has(d, "money");
    assert_errors(s, 1);
}

static void test_in_on_choice(void **state)
{
    (void)state;
    when_clean("category in { revenue, capital }");
    when_clean("category not in { capital }");
}

static void test_in_unknown_choice(void **state)
{
    remit_session *s = *state;
    check_when(state, "category in { revenu }");
    assert_hint_has(assert_diag(s, "R0207", LINE, WHEN_COL + 14), "'revenue'");
    assert_errors(s, 1);
}

static void test_set_outside_in(void **state)
{
    remit_session *s = *state;
    check_when(state, "category in { revenue, revenue }");
    assert_diag(s, "R0209", LINE, WHEN_COL + 23);
}

/* --------------------------------------------------------- arithmetic */

static void test_arithmetic_mismatch(void **state)
{
    remit_session *s = *state;
    check_when(state, "amount + wait > " POUND "1");
    const remit_diagnostic *d = assert_diag(s, "R0403", LINE, WHEN_COL);
    assert_message_has(d, "money plus days");
    assert_errors(s, 1); /* the comparison around it stays quiet */
}

static void test_arithmetic_dates(void **state)
{
    remit_session *s = *state;
    when_clean("amount + " POUND "1 > " POUND "2");
    when_clean("opened + 30 days > 2026-01-01");
    when_clean("30 days + opened > 2026-01-01");
    when_clean("2026-01-01 - opened > 3 days");
    when_clean("share + 5% < 50%");
    check_when(state, "opened + opened > 2026-01-01");
    assert_message_has(assert_diag(s, "R0403", LINE, WHEN_COL), "a date plus a date");
}

static void test_negating_text(void **state)
{
    remit_session *s = *state;
    check_when(state, "-supplier = \"x\"");
    assert_message_has(assert_diag(s, "R0403", LINE, WHEN_COL), "cannot be negative");
}

static void test_unknown_name_does_not_cascade(void **state)
{
    remit_session *s = *state;
    check_when(state, "amount + nosuch > " POUND "1 and nosuch2");
    assert_diag(s, "R0201", LINE, WHEN_COL + 9);
    assert_diag(s, "R0201", LINE, WHEN_COL + 25);
    assert_errors(s, 2);
}

/* ----------------------------------------------------- constant folding */

static void test_fold_money_overflow(void **state)
{
    remit_session *s = *state;
    check_const(state, POUND "900bn + " POUND "900bn");
    assert_message_has(assert_diag(s, "R0408", LINE, CONST_COL), "too large");
    assert_errors(s, 1);
}

static void test_fold_money_at_limit(void **state)
{
    remit_session *s = *state;
    check_const(state, POUND "500bn + " POUND "500bn");
    assert_clean(s);
}

static void test_fold_negative_money_overflow(void **state)
{
    remit_session *s = *state;
    check_const(state, "-" POUND "900bn - " POUND "900bn");
    assert_diag(s, "R0408", LINE, CONST_COL);
}

static void test_fold_number_overflow(void **state)
{
    remit_session *s = *state;
    check_stmt(state, "const a = 9223372036854775807 + 1\n"
                      "const b = -9223372036854775807 - 2\n"
                      "const c = 9223372036854775807 - 1\n"
                      "const d = -9223372036854775807 - 1\n");
    assert_diag(s, "R0408", LINE, CONST_COL);
    assert_diag(s, "R0408", LINE + 1, CONST_COL);
    assert_errors(s, 2);
}

static void test_fold_through_constants(void **state)
{
    remit_session *s = *state;
    check_stmt(state, "const big = " POUND "600bn\nconst a = big + big\n");
    assert_diag(s, "R0408", LINE + 1, CONST_COL);
}

static void test_constant_must_be_fixed(void **state)
{
    remit_session *s = *state;
    check_const(state, "level + 1");
    assert_diag(s, "R0412", LINE, CONST_COL);
}

/* ------------------------------------------------------- units of time */

static void test_duration_units(void **state)
{
    remit_session *s = *state;
    /* months and years are calendar months (SPEC 2.5.5): a constant may be
     * one, but a deadline is counted in days */
    check_stmt(state, "const a = 3 months\nconst b = 2 fortnights\nconst c = 1 year\n"
                      "const d = 2 weeks\nconst e = 1 day\nconst f = 10 days\n"
                      "after spend report to board within c\n");
    assert_hint_has(assert_diag(s, "R0107", LINE + 1, CONST_COL + 2), "weeks");
    assert_hint_has(assert_diag(s, "R0107", LINE + 6, 36), "30 days");
    assert_errors(s, 2);
}

static void test_duration_overflow(void **state)
{
    remit_session *s = *state;
    check_const(state, "9223372036854775807 weeks");
    assert_diag(s, "R0105", LINE, CONST_COL);
}

/* ----------------------------------------------------------- deadlines */

static void test_deadline_not_positive(void **state)
{
    remit_session *s = *state;
    /* `after spend report to board within ` is 35 characters */
    check_stmt(state, "after spend report to board within 0 days\n"
                      "after spend report to board within -1 days\n"
                      "after spend report to board within 1 day\n"
                      "after spend report to board within 1 day - 2 days\n");
    assert_message_has(assert_diag(s, "R0411", LINE, 36), "at least one day");
    assert_diag(s, "R0411", LINE + 1, 36);
    assert_diag(s, "R0411", LINE + 3, 36);
    assert_errors(s, 3);
}

static void test_deadline_not_days(void **state)
{
    remit_session *s = *state;
    check_stmt(state, "after spend report to board within 5");
    assert_diag(s, "R0410", LINE, 36);
}

static void test_protocol_periods(void **state)
{
    remit_session *s = *state;
    check_stmt(state, "protocol p {\n"
                      "    active when level > 2\n"
                      "    ratify by board within 0 days\n"
                      "    expires after 0 weeks\n"
                      "}\n");
    assert_diag(s, "R0411", LINE + 2, 28);
    assert_diag(s, "R0411", LINE + 3, 19);
}

/* ------------------------------------------------------- limit, up to */

static void test_limit_shape(void **state)
{
    remit_session *s = *state;
    /* `delegate pay from board to cfo limit ` is 37 characters */
    check_stmt(state, "delegate pay from board to cfo limit gross > net\n"
                      "delegate spend from board to cfo limit amount <= " POUND "1m or risk < 3\n"
                      "delegate spend from board to cfo limit urgent\n"
                      "delegate spend from board to cfo limit level > 2\n");
    assert_message_has(assert_diag(s, "R0406", LINE, 38), "fixed values");
    assert_diag(s, "R0406", LINE + 1, 40);
    assert_diag(s, "R0406", LINE + 2, 40);
    assert_diag(s, "R0406", LINE + 3, 40);
    assert_errors(s, 4);
}

static void test_limit_good_shapes(void **state)
{
    remit_session *s = *state;
    check_stmt(state, "delegate spend from board to cfo\n"
                      "    limit amount <= " POUND "1m and category in { revenue } and 5 > risk\n");
    assert_clean(s);
}

static void test_up_to_two_money_fields(void **state)
{
    remit_session *s = *state;
    /* `delegate pay from board to cfo ` is 31 characters */
    check_stmt(state, "delegate pay from board to cfo up to " POUND "1m");
    const remit_diagnostic *d = assert_diag(s, "R0407", LINE, 32);
    assert_message_has(d, "it has 2");
    assert_errors(s, 1);
}

static void test_up_to_no_money_field(void **state)
{
    remit_session *s = *state;
    check_stmt(state, "delegate appt from board to cfo up to " POUND "1m");
    assert_message_has(assert_diag(s, "R0407", LINE, 33), "it has 0");
}

static void test_up_to_needs_fixed_money(void **state)
{
    remit_session *s = *state;
    check_stmt(state, "delegate spend from board to cfo up to amount\n"
                      "delegate spend from board to cfo up to 30 days\n");
    assert_diag(s, "R0406", LINE, 40);
    assert_diag(s, "R0401", LINE + 1, 40);
    assert_errors(s, 2);
}

/* ----------------------------------------------------------- conditions */

static void test_condition_not_bool(void **state)
{
    remit_session *s = *state;
    check_when(state, "amount");
    assert_message_has(assert_diag(s, "R0402", LINE, WHEN_COL), "money");
    assert_errors(s, 1);
}

static void test_and_operand_not_bool(void **state)
{
    remit_session *s = *state;
    check_when(state, "amount > " POUND "1 and risk");
    assert_message_has(assert_diag(s, "R0402", LINE, WHEN_COL + 16), "'and'");
}

static void test_not_operand_not_bool(void **state)
{
    remit_session *s = *state;
    check_when(state, "not supplier");
    assert_message_has(assert_diag(s, "R0402", LINE, WHEN_COL + 4), "'not'");
}

static void test_types_as_written(void **state)
{
    remit_session *s = *state;
    check_stmt(state, "matter m {\n"
                      "    a: monye\n"
                      "    b: score\n"
                      "    c: score 25..1\n"
                      "    d: one of { x, y, x }\n"
                      "}\n");
    assert_hint_has(assert_diag(s, "R0210", LINE + 1, 8), "'money'");
    assert_diag(s, "R0210", LINE + 2, 8);
    assert_diag(s, "R0108", LINE + 3, 8);
    assert_diag(s, "R0209", LINE + 4, 23);
    assert_errors(s, 4);
}

/* A sum of n ones: n - 1 operators inside each other. */
static void check_sum(void **state, unsigned n, const char *after)
{
    size_t cap = 64 + 4 * (size_t)n + strlen(after);
    char *text = malloc(cap);
    assert_non_null(text);
    size_t used = (size_t)snprintf(text, cap, "policy \"x\"\nconst a = 1");
    for (unsigned i = 1; i < n; i++)
        used += (size_t)snprintf(text + used, cap - used, " + 1");
    snprintf(text + used, cap - used, "\n%s", after);
    rt_check(state, text);
    free(text);
}

static void test_expression_depth_at_limit(void **state)
{
    check_sum(state, 201, "");          /* 200 operators */
    assert_clean(*state);
}

static void test_expression_depth_past_limit(void **state)
{
    remit_session *s = *state;
    check_sum(state, 202, "const b = 3 fortnights\n"); /* 201 operators */
    assert_diag_count(s, "R0008", 1);   /* reported once */
    assert_diag(s, "R0008", 2, 0);
    assert_diag(s, "R0107", 3, 13);     /* and the rest is still checked */
    assert_errors(s, 2);
}

/* --------------------------------------- inputs that must not crash */

static int fold_int64_min(void *arg)
{
    (void)arg;
    /* -(INT64_MIN) cannot be held: R0408, and no undefined behaviour */
    static const char text[] = "policy \"x\"\nconst a = -(-9223372036854775807 - 1)\n";
    remit_session *s = remit_session_new(NULL);
    remit_check_buffer(s, RT_NAME, text, sizeof text - 1);
    int ok = rt_find(s, "R0408", 2, 0) != NULL;
    remit_session_free(s);
    return ok ? 0 : 1;
}

static void test_fold_negate_int64_min(void **state)
{
    (void)state;
    int rc = rt_in_child(fold_int64_min, NULL);
    if (rc)
        fail_msg("checking -(INT64_MIN) %s (child status %d)",
                 rc == 1 ? "gave no R0408" : "crashed", rc);
}

static int long_sum(void *arg)
{
    (void)arg;
    enum { N = 200000 };
    size_t len = 64 + 4 * (size_t)N;
    char *text = malloc(len);
    if (!text)
        return 2;
    size_t used = (size_t)snprintf(text, len, "policy \"x\"\nconst a = 1");
    for (int i = 1; i < N; i++)
        used += (size_t)snprintf(text + used, len - used, " + 1");
    snprintf(text + used, len - used, "\n");
    remit_session *s = remit_session_new(NULL);
    remit_check_buffer(s, RT_NAME, text, strlen(text));
    /* either it adds up, or it is refused as too deep: never a crash */
    int ok = remit_error_count(s) == 0 || rt_find(s, "R0008", 0, 0) != NULL;
    remit_session_free(s);
    free(text);
    return ok ? 0 : 1;
}

static void test_long_sum_does_not_crash(void **state)
{
    (void)state;
    int rc = rt_in_child(long_sum, NULL);
    if (rc)
        fail_msg("checking a sum of 200000 terms %s (child status %d)",
                 rc == 1 ? "gave an unexpected error" : "crashed", rc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RT_TEST(test_prelude_is_clean),
        RT_TEST(test_money_with_days),
        RT_TEST(test_money_with_number),
        RT_TEST(test_days_with_number),
        RT_TEST(test_comparable_types),
        RT_TEST(test_ordering_a_choice),
        RT_TEST(test_ordering_text_and_bool),
        RT_TEST(test_score_out_of_range),
        RT_TEST(test_score_out_of_range_either_side),
        RT_TEST(test_score_bounds_are_in_range),
        RT_TEST(test_in_on_non_choice),
        RT_TEST(test_in_on_choice),
        RT_TEST(test_in_unknown_choice),
        RT_TEST(test_set_outside_in),
        RT_TEST(test_arithmetic_mismatch),
        RT_TEST(test_arithmetic_dates),
        RT_TEST(test_negating_text),
        RT_TEST(test_unknown_name_does_not_cascade),
        RT_TEST(test_fold_money_overflow),
        RT_TEST(test_fold_money_at_limit),
        RT_TEST(test_fold_negative_money_overflow),
        RT_TEST(test_fold_number_overflow),
        RT_TEST(test_fold_through_constants),
        RT_TEST(test_constant_must_be_fixed),
        RT_TEST(test_duration_units),
        RT_TEST(test_duration_overflow),
        RT_TEST(test_deadline_not_positive),
        RT_TEST(test_deadline_not_days),
        RT_TEST(test_protocol_periods),
        RT_TEST(test_limit_shape),
        RT_TEST(test_limit_good_shapes),
        RT_TEST(test_up_to_two_money_fields),
        RT_TEST(test_up_to_no_money_field),
        RT_TEST(test_up_to_needs_fixed_money),
        RT_TEST(test_condition_not_bool),
        RT_TEST(test_and_operand_not_bool),
        RT_TEST(test_not_operand_not_bool),
        RT_TEST(test_types_as_written),
        RT_TEST(test_expression_depth_at_limit),
        RT_TEST(test_expression_depth_past_limit),
        cmocka_unit_test(test_fold_negate_int64_min),
        cmocka_unit_test(test_long_sum_does_not_crash),
    };
    return rt_run_tests(tests);
}
