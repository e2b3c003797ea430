/*
 * test_parser.c - the grammar (grammar/parser.y): every statement form
 * parses, a broken statement costs one R0001 on its own line and no
 * more, and checking goes on after it.
 */
#include "helpers.h"

#define POUND "\xC2\xA3"

/* What the statement tests need declared: lines 1 to 19. */
#define PRELUDE                                                           \
    "policy \"Parser test\" version \"1\"\n"                              \
    "use nhs.tiers\n"                                                     \
    "kind executive \"Executive director\"\n"                             \
    "kind independent\n"                                                  \
    "role chair \"Chair\" is independent\n"                               \
    "role ceo \"Chief executive\" is executive\n"                         \
    "role cfo \"Director of finance\" is executive at system\n"           \
    "body board \"Board\" is board at system {\n"                         \
    "    members chair, 1..3 ceo, 2+ cfo\n"                               \
    "    quorum majority and 1 independent and 50%\n"                    \
    "}\n"                                                                 \
    "body audit is committee reports to board\n"                          \
    "matter spend \"Expenditure\" {\n"                                    \
    "    amount: money\n"                                                 \
    "    category: one of { revenue, capital }\n"                         \
    "    supplier: text\n"                                                \
    "}\n"                                                                 \
    "context { incident_level: score 0..4 }\n"                            \
    "const cap = " POUND "5m\n"

static void check_clean(void **state, const char *stmt)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s%s", PRELUDE, stmt);
    rt_check(state, buf);
    assert_clean(*state);
}

/* -------------------------------------------------- every form parses */

static void test_prelude(void **state)
{
    check_clean(state, "");
}

static void test_reserve(void **state)
{
    check_clean(state, "reserve spend to board when amount > cap because \"big\"\n");
}

static void test_delegate_all_clauses(void **state)
{
    check_clean(state,
                "delegate spend from board to ceo\n"
                "    up to " POUND "1m\n"
                "    as delegated\n"
                "    may subdelegate\n"
                "    with cfo or 2 executive\n"
                "    when category = revenue\n"
                "    because \"day to day spending\"\n"
                "    report to audit within 30 days\n"
                "    record in \"register\" within 2 weeks\n"
                "    publish within 10 days\n"
                "    notify cfo within 5 days\n"
                "    ratify by board within 7 days\n");
}

static void test_delegate_limit(void **state)
{
    check_clean(state,
                "delegate spend from ceo to cfo\n"
                "    limit amount <= " POUND "1m and category in { revenue }\n");
}

static void test_escalate_next_tier(void **state)
{
    check_clean(state, "escalate spend to next tier when amount > " POUND "2m\n");
}

static void test_escalate_to_body(void **state)
{
    check_clean(state, "escalate spend to board from ceo after 14 days because \"stale\"\n");
}

static void test_refuse(void **state)
{
    check_clean(state, "refuse spend when category = capital for cfo because \"no\"\n");
}

static void test_require(void **state)
{
    check_clean(state,
                "require ceo and (cfo or 1 executive) for spend when amount > " POUND "250k\n");
}

static void test_after(void **state)
{
    check_clean(state, "after spend when category = capital\n"
                       "    record in \"losses register\" within 28 days\n"
                       "    report to audit within 60 days\n");
}

static void test_limit(void **state)
{
    check_clean(state,
                "limit spend total amount <= " POUND "500k per supplier over 365 days for cfo\n");
}

static void test_protocol(void **state)
{
    check_clean(state,
                "protocol incident \"Major incident\" {\n"
                "    active when incident_level >= 3\n"
                "    grant spend to ceo with chair up to " POUND "10m\n"
                "    never grant spend\n"
                "    ratify by board within 7 days\n"
                "    expires after 28 days\n"
                "}\n");
}

static void test_conflicts(void **state)
{
    check_clean(state,
                "conflicts for board {\n"
                "    interest financial \"Financial\" requires declare, exclude from discussion,"
                " exclude from vote\n"
                "    interest indirect requires declare, chair decides\n"
                "    declare within 28 days\n"
                "    when quorum lost refer to audit\n"
                "}\n"
                "conflicts {\n"
                "    interest gifts requires withdraw\n"
                "}\n");
}

static void test_labels_and_precedence(void **state)
{
    check_clean(state,
                "big: reserve spend to board when amount > cap\n"
                "small: delegate spend from board to ceo up to " POUND "1m\n"
                "precedence big over small\n");
}

static void test_whole_example(void **state)
{
    remit_session *s = *state;
    assert_int_equal(remit_check_file(s, "examples/icb-scheme.remit"), REMIT_OK);
    assert_clean(s);
}

/* ---------------------------------------------------- empty policies */

static void test_empty_file(void **state)
{
    remit_session *s = *state;
    assert_int_equal(rt_check(state, ""), REMIT_E_POLICY);
    assert_diag(s, "R0010", 1, 1);
    assert_errors(s, 1);
}

static void test_only_comments_and_blanks(void **state)
{
    remit_session *s = *state;
    rt_check(state, "# nothing here\n\n   \n\t# still nothing\n");
    assert_diag(s, "R0010", 1, 1);
    assert_errors(s, 1);
}

static void test_broken_file_is_not_empty(void **state)
{
    remit_session *s = *state;
    rt_check(state, "reserve\n");
    assert_diag(s, "R0001", 0, 0);
    assert_no_diag(s, "R0010");
}

/* ------------------------------------------------------ error recovery */

static void test_recovery_top_level(void **state)
{
    remit_session *s = *state;
    rt_check(state,
             "policy \"x\"\n"                               /* 1 */
             "matter spend { amount: money }\n"             /* 2 */
             "body board\n"                                 /* 3 */
             "reserve spend board\n"                        /* 4: no 'to' */
             "delegate spend from to board\n"               /* 5: no holder */
             "role ceo\n"                                   /* 6 */
             "kind\n"                                       /* 7: no name */
             "reserve spend to boards\n"                    /* 8: unknown */
             "escalate spend to board when amount > 5\n");  /* 9: money vs number */
    const remit_diagnostic *d = assert_diag(s, "R0001", 4, 15);
    assert_message_has(d, "'to'");
    assert_diag(s, "R0001", 5, 21);
    d = assert_diag(s, "R0001", 7, 5);
    assert_message_has(d, "ends too early");
    assert_diag_count(s, "R0001", 3);
    /* the good statements after the broken ones are still checked */
    assert_diag(s, "R0201", 8, 18);
    assert_diag(s, "R0401", 9, 30);
    assert_errors(s, 5);
}

static void test_recovery_inside_blocks(void **state)
{
    remit_session *s = *state;
    rt_check(state,
             "policy \"x\"\n"                               /* 1 */
             "role ceo\n"                                   /* 2 */
             "matter spend {\n"                             /* 3 */
             "    amount: money\n"                          /* 4 */
             "    bad bad\n"                                /* 5 */
             "    risk: nosuch\n"                           /* 6 */
             "}\n"                                          /* 7 */
             "body board {\n"                               /* 8 */
             "    members 3 ceo\n"                          /* 9 */
             "    quorum\n"                                 /* 10 */
             "    members x y z\n"                          /* 11 */
             "}\n"                                          /* 12 */
             "protocol p {\n"                               /* 13 */
             "    active when\n"                            /* 14 */
             "    grant spend to board\n"                   /* 15 */
             "    bogus\n"                                  /* 16 */
             "}\n"                                          /* 17 */
             "conflicts {\n"                                /* 18 */
             "    interest a requires declare\n"            /* 19 */
             "    junk here\n"                              /* 20 */
             "    declare within 0 days\n"                  /* 21 */
             "}\n"                                          /* 22 */
             "reserve spend to nobody\n");                  /* 23 */
    assert_diag(s, "R0001", 5, 9);
    assert_diag(s, "R0001", 10, 11);
    assert_diag(s, "R0001", 11, 15);
    assert_diag(s, "R0001", 14, 16);
    assert_diag(s, "R0001", 16, 0);
    assert_diag(s, "R0001", 20, 5);
    assert_diag_count(s, "R0001", 6);
    /* items after a broken one, and statements after the block, count */
    assert_diag(s, "R0210", 6, 11);
    assert_diag(s, "R0411", 21, 20);
    assert_diag(s, "R0201", 23, 18);
}

static void test_recovery_many_errors_one_each(void **state)
{
    remit_session *s = *state;
    char buf[4096];
    size_t used = (size_t)snprintf(buf, sizeof buf, "policy \"x\"\n");
    for (int i = 0; i < 40; i++)
        used += (size_t)snprintf(buf + used, sizeof buf - used, "reserve %d to\n", i);
    rt_check(state, buf);
    assert_diag_count(s, "R0001", 40);
    for (unsigned line = 2; line <= 41; line++)
        assert_diag(s, "R0001", line, 9);
}

static void test_error_message_names_expected(void **state)
{
    remit_session *s = *state;
    rt_check(state, "policy \"x\"\nconflicts {\n    junk here\n}\n");
    const remit_diagnostic *d = assert_diag(s, "R0001", 3, 5);
    assert_message_has(d, "'junk'");
    assert_message_has(d, "'interest'");
    assert_message_has(d, "'declare'");
    assert_message_has(d, "'}'");
    assert_errors(s, 1);
}

static void test_duplicate_options(void **state)
{
    remit_session *s = *state;
    rt_check(state,
             "policy \"x\"\n"
             "tiers a < b\n"
             "body board at a at b\n"
             "context { level: number }\n"
             "protocol p {\n"
             "    active when level > 1\n"
             "    active when level > 2\n"
             "}\n"
             "body audit {\n"
             "    quorum all\n"
             "    quorum majority\n"
             "}\n");
    assert_hint_has(assert_diag(s, "R0509", 3, 20), "line 3");
    assert_hint_has(assert_diag(s, "R0509", 7, 5), "line 6");
    assert_hint_has(assert_diag(s, "R0509", 11, 5), "line 10");
}

static void test_conflicts_expects_lost(void **state)
{
    remit_session *s = *state;
    rt_check(state, "policy \"x\"\nbody audit\nconflicts {\n    when quorum gone refer to audit\n}\n");
    assert_diag(s, "R0516", 4, 17);
}

/* ------------------------------------------------------------- limits */

static int deep_not(void *arg)
{
    (void)arg;
    enum { N = 20000 };
    size_t len = 32 + 4 * N;
    char *text = malloc(len);
    if (!text)
        return 2;
    size_t used = (size_t)snprintf(text, len, "policy \"x\"\nconst a = ");
    for (int i = 0; i < N; i++)
        used += (size_t)snprintf(text + used, len - used, "not ");
    snprintf(text + used, len - used, "true\n");
    remit_options o = rt_options();
    remit_session *s = remit_session_new(&o);
    remit_check_buffer(s, RT_NAME, text, strlen(text));
    int ok = rt_find(s, "R0008", 2, 0) != NULL;
    remit_session_free(s);
    free(text);
    return ok ? 0 : 1;
}

static void test_parser_stack_limit(void **state)
{
    (void)state;
    /* 20000 prefix 'not's fill the parser's stack: R0008, not a crash */
    assert_int_equal(rt_in_child(deep_not, NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RT_TEST(test_prelude),
        RT_TEST(test_reserve),
        RT_TEST(test_delegate_all_clauses),
        RT_TEST(test_delegate_limit),
        RT_TEST(test_escalate_next_tier),
        RT_TEST(test_escalate_to_body),
        RT_TEST(test_refuse),
        RT_TEST(test_require),
        RT_TEST(test_after),
        RT_TEST(test_limit),
        RT_TEST(test_protocol),
        RT_TEST(test_conflicts),
        RT_TEST(test_labels_and_precedence),
        RT_TEST(test_whole_example),
        RT_TEST(test_empty_file),
        RT_TEST(test_only_comments_and_blanks),
        RT_TEST(test_broken_file_is_not_empty),
        RT_TEST(test_recovery_top_level),
        RT_TEST(test_recovery_inside_blocks),
        RT_TEST(test_recovery_many_errors_one_each),
        RT_TEST(test_error_message_names_expected),
        RT_TEST(test_duplicate_options),
        RT_TEST(test_conflicts_expects_lost),
        cmocka_unit_test(test_parser_stack_limit),
    };
    return rt_run_tests(tests);
}
