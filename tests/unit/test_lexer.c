/*
 * test_lexer.c - the scanner (grammar/lexer.l), seen through
 * remit_check_buffer: the codes, lines and columns of what it refuses,
 * and the offside rule that ends statements.
 *
 * Columns count characters, so '£' is one column.
 */
#include "helpers.h"

#define POUND "\xC2\xA3"
#define HEAD "policy \"lexer\"\n"

/* A policy whose line 2 is `const a = <expr>`: the expression starts in
 * column 11. */
static int check_const(void **state, const char *expr)
{
    char buf[8192];
    snprintf(buf, sizeof buf, HEAD "const a = %s\n", expr);
    return rt_check(state, buf);
}

/* A string of n copies of c, in the session-less heap. */
static char *repeat(char c, size_t n)
{
    char *p = malloc(n + 1);
    assert_non_null(p);
    memset(p, c, n);
    p[n] = '\0';
    return p;
}

/* ------------------------------------------------------ bad characters */

static void test_bad_character(void **state)
{
    remit_session *s = *state;
    assert_int_equal(rt_check(state, HEAD "kind a @\n"), REMIT_E_POLICY);
    const remit_diagnostic *d = assert_diag(s, "R0002", 2, 8);
    assert_int_equal(d->end_line, 2);
    assert_int_equal(d->end_col, 8);
    assert_message_has(d, "'@'");
    assert_errors(s, 1); /* dropped: the statement around it still parses */
}

static void test_bad_character_column_after_utf8(void **state)
{
    remit_session *s = *state;
    /* k-i-n-d-space-a-space-"-£-£-"-space-@ : the @ is character 13 */
    rt_check(state, HEAD "kind a \"" POUND POUND "\" @\n");
    assert_diag(s, "R0002", 2, 13);
    assert_errors(s, 1);
}

static void test_bad_character_kinds(void **state)
{
    remit_session *s = *state;
    rt_check(state, HEAD
             "kind a \xE2\x80\x9C\n"   /* a lone typographic quote */
             "kind b \xE2\x89\xA4\n"   /* less-than-or-equal sign */
             "kind c $\n"
             "kind d \xE2\x82\xAC\n"   /* euro sign */
             "kind e \x01\n"
             "kind f \xC3\xA9\n");     /* e-acute outside quotes */
    assert_message_has(assert_diag(s, "R0002", 2, 8), "typographic quote");
    assert_message_has(assert_diag(s, "R0002", 3, 8), "not a Remit operator");
    assert_message_has(assert_diag(s, "R0002", 4, 8), "currency");
    assert_message_has(assert_diag(s, "R0002", 5, 8), "currency");
    assert_message_has(assert_diag(s, "R0002", 6, 8), "0x01");
    assert_diag(s, "R0002", 7, 8);
    assert_diag_count(s, "R0002", 6);
}

/* What a word processor writes is reported, then read as meant, so the
 * statement around it is not lost. */
static void test_word_processor_characters_read_as_meant(void **state)
{
    remit_session *s = *state;
    rt_check(state, HEAD
             "kind a \xE2\x80\x9C" "A title" "\xE2\x80\x9D\n"
             "const b = $5m\n"
             "const c = 1 \xE2\x89\xA4 2\n");
    assert_diag(s, "R0002", 2, 8);
    assert_diag(s, "R0002", 3, 11);
    assert_diag(s, "R0002", 4, 13);
    assert_errors(s, 3);
}

static void test_tabs_and_crlf(void **state)
{
    remit_session *s = *state;
    /* a tab is one character; \r\n ends a line like \n */
    rt_check(state, "policy \"x\"\r\nkind\ta\t@\r\nkind b\r\n");
    assert_diag(s, "R0002", 2, 8);
    assert_errors(s, 1);
}

static void test_comments(void **state)
{
    remit_session *s = *state;
    rt_check(state, "# a policy\n" HEAD "kind a # @ $ \xE2\x80\x9C not read\n# @\n");
    assert_clean(s);
}

/* ------------------------------------------------------------- strings */

static void test_unterminated_string_at_end_of_line(void **state)
{
    remit_session *s = *state;
    rt_check(state, "policy \"abc\nkind a\n");
    const remit_diagnostic *d = assert_diag(s, "R0003", 1, 8);
    assert_int_equal(d->end_line, 1);
    assert_int_equal(d->end_col, 11); /* the c */
    assert_message_has(d, "end of the line");
    assert_errors(s, 1); /* the next line is a statement of its own */
}

static void test_unterminated_string_at_end_of_file(void **state)
{
    remit_session *s = *state;
    rt_check(state, "policy \"x\"\nkind a \"abc");
    const remit_diagnostic *d = assert_diag(s, "R0003", 2, 8);
    assert_message_has(d, "end of the file");
    assert_errors(s, 1);
}

static void test_bad_escape(void **state)
{
    remit_session *s = *state;
    rt_check(state, "policy \"a\\qb\"\n");
    const remit_diagnostic *d = assert_diag(s, "R0004", 1, 10);
    assert_int_equal(d->end_col, 11);
    assert_message_has(d, "\\q");
    assert_errors(s, 1);
}

static void test_good_escapes(void **state)
{
    remit_session *s = *state;
    rt_check(state, "policy \"a\\\"b\\\\c\\nd\\te\"\n");
    assert_clean(s);
}

/* ------------------------------------------------------------ token size */

static void test_long_name(void **state)
{
    remit_session *s = *state;
    char *name = repeat('n', 4097);
    char *text = malloc(4200);
    assert_non_null(text);
    snprintf(text, 4200, HEAD "kind %s\n", name);
    rt_check(state, text);
    free(text);
    free(name);
    assert_message_has(assert_diag(s, "R0007", 2, 6), "4097");
    assert_errors(s, 1);
}

static void test_longest_name_allowed(void **state)
{
    remit_session *s = *state;
    char *name = repeat('n', 4096);
    char *text = malloc(4200);
    assert_non_null(text);
    snprintf(text, 4200, HEAD "kind %s\n", name);
    rt_check(state, text);
    free(text);
    free(name);
    assert_clean(s);
}

static void test_long_string(void **state)
{
    remit_session *s = *state;
    char *title = repeat('t', 4097);
    char *text = malloc(4200);
    assert_non_null(text);
    snprintf(text, 4200, "policy \"%s\"\nkind a\n", title);
    rt_check(state, text);
    free(text);
    free(title);
    assert_diag(s, "R0007", 1, 8);
    assert_errors(s, 1);
}

static void test_longest_string_allowed(void **state)
{
    remit_session *s = *state;
    char *title = repeat('t', 4096);
    char *text = malloc(4200);
    assert_non_null(text);
    snprintf(text, 4200, "policy \"%s\"\nkind a\n", title);
    rt_check(state, text);
    free(text);
    free(title);
    assert_clean(s);
}

static void test_long_module_name(void **state)
{
    remit_session *s = *state;
    char *mod = repeat('m', 4100);
    char *text = malloc(4200);
    assert_non_null(text);
    snprintf(text, 4200, HEAD "use nhs.%s\n", mod);
    rt_check(state, text);
    free(text);
    free(mod);
    assert_diag(s, "R0007", 2, 5);
}

/* -------------------------------------------------------------- nesting */

static char *parens(unsigned depth)
{
    char *p = malloc(2 * depth + 2);
    assert_non_null(p);
    memset(p, '(', depth);
    p[depth] = '1';
    memset(p + depth + 1, ')', depth);
    p[2 * depth + 1] = '\0';
    return p;
}

static void test_nesting_limit(void **state)
{
    remit_session *s = *state;
    char *e = parens(65);
    check_const(state, e);
    free(e);
    /* the 65th '(' is in column 11 + 64 */
    assert_message_has(assert_diag(s, "R0008", 2, 75), "64");
    assert_errors(s, 1); /* the scanner stops: nothing follows */
}

static void test_nesting_at_limit(void **state)
{
    remit_session *s = *state;
    char *e = parens(64);
    check_const(state, e);
    free(e);
    assert_clean(s);
}

/* ------------------------------------------------------------- literals */

static void test_money_malformed(void **state)
{
    remit_session *s = *state;
    check_const(state, POUND "1,00");
    const remit_diagnostic *d = assert_diag(s, "R0101", 2, 11);
    assert_int_equal(d->end_col, 15);
    assert_errors(s, 1);
}

static void test_money_glued_letters(void **state)
{
    remit_session *s = *state;
    check_const(state, POUND "5x");
    assert_diag(s, "R0101", 2, 11);
    assert_errors(s, 1);
}

static void test_money_pound_alone(void **state)
{
    remit_session *s = *state;
    check_const(state, POUND " 5");
    const remit_diagnostic *d = assert_diag(s, "R0101", 2, 11);
    assert_message_has(d, "followed straight away");
}

static void test_money_fraction_of_penny(void **state)
{
    remit_session *s = *state;
    check_const(state, POUND "1.005");
    assert_diag(s, "R0102", 2, 11);
    assert_errors(s, 1);
}

static void test_money_too_large(void **state)
{
    remit_session *s = *state;
    check_const(state, POUND "1,000,000,000,000.01");
    assert_diag(s, "R0103", 2, 11);
    assert_errors(s, 1);
}

static void test_money_largest(void **state)
{
    remit_session *s = *state;
    check_const(state, POUND "1,000,000,000,000");
    assert_clean(s);
}

static void test_money_forms(void **state)
{
    remit_session *s = *state;
    rt_check(state, HEAD
             "const a = " POUND "750,000\n"
             "const b = " POUND "750000\n"
             "const c = " POUND "1,250.50\n"
             "const d = " POUND "2.5k\n"
             "const e = " POUND "5m\n"
             "const f = " POUND "1bn\n"
             "const g = " POUND "0.01\n");
    assert_clean(s);
}

static void test_date_literals(void **state)
{
    remit_session *s = *state;
    rt_check(state, HEAD
             "const a = 2026-02-29\n"
             "const b = 2026-13-01\n"
             "const c = 1899-12-31\n"
             "const d = 2024-02-29\n");
    assert_diag(s, "R0104", 2, 11);
    assert_diag(s, "R0104", 3, 11);
    assert_diag(s, "R0104", 4, 11);
    assert_errors(s, 3);
}

static void test_number_literals(void **state)
{
    remit_session *s = *state;
    rt_check(state, HEAD
             "const a = 1.5\n"
             "const b = 5days\n"
             "const c = 9223372036854775808\n"
             "const d = 9223372036854775807\n"
             "const e = 1000.5%\n"
             "const f = 12.255%\n"
             "const g = 12.25%\n");
    assert_message_has(assert_diag(s, "R0110", 2, 11), "decimal point");
    assert_message_has(assert_diag(s, "R0110", 3, 11), "runs a number into a word");
    assert_diag(s, "R0105", 4, 11);
    assert_diag(s, "R0106", 6, 11);
    assert_diag(s, "R0109", 7, 11);
    assert_errors(s, 5);
}

static void test_double_equals(void **state)
{
    remit_session *s = *state;
    check_const(state, "1 == 2");
    const remit_diagnostic *d = assert_diag(s, "R0111", 2, 13);
    assert_int_equal(d->end_col, 14);
    assert_errors(s, 1); /* read as '=', so the statement parses */
}

/* ------------------------------------------------------------- brackets */

static void test_paren_never_closed(void **state)
{
    remit_session *s = *state;
    rt_check(state, HEAD "const a = (1 + 2\n");
    assert_diag(s, "R0012", 2, 11);
    assert_errors(s, 1);
}

static void test_brace_never_closed(void **state)
{
    remit_session *s = *state;
    rt_check(state, HEAD "matter m {\n    a: money\n");
    assert_diag(s, "R0012", 2, 10);
    assert_errors(s, 1);
}

static void test_set_never_closed(void **state)
{
    remit_session *s = *state;
    rt_check(state, HEAD "const a = x in { p, q\n");
    assert_diag(s, "R0012", 2, 16);
}

static void test_closes_nothing(void **state)
{
    remit_session *s = *state;
    rt_check(state, HEAD "const a = 1)\n");
    assert_message_has(assert_diag(s, "R0013", 2, 12), "closes nothing");
}

static void test_mismatched_bracket(void **state)
{
    remit_session *s = *state;
    rt_check(state, HEAD "const a = (1}\n");
    const remit_diagnostic *d = assert_diag(s, "R0013", 2, 13);
    assert_message_has(d, "does not match");
    assert_message_has(d, "line 2"); /* where the '(' is */
}

/* --------------------------------------------------------- offside rule */

#define MATTER "matter spend {\n    amount: money\n    category: one of { revenue, capital }\n}\n" \
               "body board\n"

static void test_offside_continuation(void **state)
{
    remit_session *s = *state;
    rt_check(state, HEAD MATTER
             "reserve spend to board\n"
             "    when amount > " POUND "5m\n"
             "    because \"big\"\n");
    assert_clean(s);
}

static void test_offside_margin_starts_statement(void **state)
{
    remit_session *s = *state;
    rt_check(state, HEAD MATTER
             "reserve spend to board\n"
             "when amount > " POUND "5m\n");
    /* line 8 begins a statement, and no statement begins with 'when' */
    assert_message_has(assert_diag(s, "R0001", 8, 1), "'when'");
    assert_errors(s, 1);
}

static void test_offside_ends_too_early(void **state)
{
    remit_session *s = *state;
    rt_check(state, HEAD "reserve spend to\nboard\n");
    /* the statement ends after 'to' (column 17 is just past it) */
    const remit_diagnostic *d = assert_diag(s, "R0001", 2, 17);
    assert_message_has(d, "ends too early");
}

static void test_offside_indented_file(void **state)
{
    remit_session *s = *state;
    /* the first token sets the top-level column */
    rt_check(state, "  policy \"x\"\n  kind a\n     \"A title\"\n  kind b\n");
    assert_clean(s);
}

static void test_offside_left_of_indented_file(void **state)
{
    remit_session *s = *state;
    rt_check(state, "  policy \"x\"\n  kind a\n\"A title\"\n");
    assert_diag(s, "R0001", 3, 1);
}

static void test_offside_blocks(void **state)
{
    remit_session *s = *state;
    /* each item of a block is a statement; an indented line continues it;
     * the closing brace ends the last */
    rt_check(state, HEAD
             "matter spend {\n"
             "    amount:\n"
             "        money\n"
             "    risk: score\n"
             "        1..25 }\n"
             "body board \"Board\" {\n"
             "    members 3 ceo,\n"
             "        2 cfo\n"
             "    quorum 2 }\n"
             "role ceo\n"
             "role cfo\n");
    assert_clean(s);
}

static void test_offside_block_item_at_margin_of_block(void **state)
{
    remit_session *s = *state;
    /* `money` at the block's column starts a new item */
    rt_check(state, HEAD "matter spend {\n    amount:\n    money\n}\n");
    assert_diag(s, "R0001", 3, 12);
    assert_diag(s, "R0001", 4, 10);
}

static void test_offside_sets_span_lines(void **state)
{
    remit_session *s = *state;
    /* inside the braces of a set no statement ends */
    rt_check(state, HEAD
             "matter spend {\n"
             "    amount: money\n"
             "    category: one of {\n"
             "        revenue,\n"
             "      capital,\n"
             "        contract }\n"
             "}\n"
             "body board\n"
             "role cfo\n"
             "delegate spend from board to cfo\n"
             "    limit category in {\n"
             "  revenue,\n"
             "        capital }\n");
    assert_clean(s);
}

/* SPEC.md 2.8's own example: a set's closing brace back at the block's
 * column closes the set; it does not start a statement. */
static void test_offside_set_closed_at_block_column(void **state)
{
    remit_session *s = *state;
    rt_check(state, HEAD
             "matter spend {\n"
             "    category: one of {\n"
             "        revenue,\n"
             "        capital\n"
             "    }\n"
             "    risk: score 1..25\n"
             "}\n");
    assert_clean(s);
}

static void test_offside_set_closed_at_margin(void **state)
{
    remit_session *s = *state;
    rt_check(state, HEAD
             "matter spend { amount: money\n"
             "    category: one of { revenue, capital } }\n"
             "body board\n"
             "reserve spend to board when category in {\n"
             "    revenue\n"
             "}\n");
    assert_clean(s);
}

static void test_offside_parentheses_span_lines(void **state)
{
    remit_session *s = *state;
    rt_check(state, HEAD "const a = (1\n    + 2\n        + 3)\n");
    assert_clean(s);
}

static void test_offside_parenthesis_closed_at_margin(void **state)
{
    remit_session *s = *state;
    rt_check(state, HEAD "const a = (1\n    + 2\n)\n");
    assert_clean(s);
}

/* The offside column is a column of characters, as everywhere else: a
 * '£' before a block's first item must not move it. */
static void test_offside_counts_characters(void **state)
{
    remit_session *s = *state;
    /* `a` is character 19 of line 2; `money` (character 20) continues it */
    rt_check(state, HEAD "matter m \"Sp" POUND POUND "\" { a:\n"
                         "                   money\n"
                         "}\n");
    assert_clean(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RT_TEST(test_bad_character),
        RT_TEST(test_bad_character_column_after_utf8),
        RT_TEST(test_bad_character_kinds),
        RT_TEST(test_word_processor_characters_read_as_meant),
        RT_TEST(test_tabs_and_crlf),
        RT_TEST(test_comments),
        RT_TEST(test_unterminated_string_at_end_of_line),
        RT_TEST(test_unterminated_string_at_end_of_file),
        RT_TEST(test_bad_escape),
        RT_TEST(test_good_escapes),
        RT_TEST(test_long_name),
        RT_TEST(test_longest_name_allowed),
        RT_TEST(test_long_string),
        RT_TEST(test_longest_string_allowed),
        RT_TEST(test_long_module_name),
        RT_TEST(test_nesting_limit),
        RT_TEST(test_nesting_at_limit),
        RT_TEST(test_money_malformed),
        RT_TEST(test_money_glued_letters),
        RT_TEST(test_money_pound_alone),
        RT_TEST(test_money_fraction_of_penny),
        RT_TEST(test_money_too_large),
        RT_TEST(test_money_largest),
        RT_TEST(test_money_forms),
        RT_TEST(test_date_literals),
        RT_TEST(test_number_literals),
        RT_TEST(test_double_equals),
        RT_TEST(test_paren_never_closed),
        RT_TEST(test_brace_never_closed),
        RT_TEST(test_set_never_closed),
        RT_TEST(test_closes_nothing),
        RT_TEST(test_mismatched_bracket),
        RT_TEST(test_offside_continuation),
        RT_TEST(test_offside_margin_starts_statement),
        RT_TEST(test_offside_ends_too_early),
        RT_TEST(test_offside_indented_file),
        RT_TEST(test_offside_left_of_indented_file),
        RT_TEST(test_offside_blocks),
        RT_TEST(test_offside_block_item_at_margin_of_block),
        RT_TEST(test_offside_sets_span_lines),
        RT_TEST(test_offside_set_closed_at_block_column),
        RT_TEST(test_offside_set_closed_at_margin),
        RT_TEST(test_offside_parentheses_span_lines),
        RT_TEST(test_offside_parenthesis_closed_at_margin),
        RT_TEST(test_offside_counts_characters),
    };
    return rt_run_tests(tests);
}
