/*
 * test_graph.c - graph.c through the library's remit_graph(): what the
 * drawing holds for small policies, that it never changes between runs,
 * how titles are escaped for DOT, and what an unknown matter gives.  The
 * whole drawings are golden files (tests/graph/); these tests pin the
 * library's contract (SPEC.md 11.7, 11.8).
 */
#include "helpers.h"

static const char *const gt_policy =
    "policy \"Graph \\\"test\\\" \\\\ policy\"\n"
    "role ceo \"Chief\\nExecutive\"\n"
    "role cfo\n"
    "body board \"Board\" is board\n"
    "matter spend { amount: money }\n"
    "matter complaint { severity: score 1..5 }\n"
    "delegate spend from board to ceo up to £5m\n"
    "delegate complaint from board to cfo\n"
    "reserve spend to board when amount > £5m\n";

/* Fixture: *state is the test policy, compiled. */
static int gt_setup(void **state)
{
    remit_options o = rt_options();
    remit_session *s = remit_session_new(&o);
    if (!s || remit_check_buffer(s, RT_NAME, gt_policy, strlen(gt_policy)) != REMIT_OK)
        return -1;
    *state = remit_compile(s);
    remit_session_free(s);
    return *state ? 0 : -1;
}

static int gt_teardown(void **state)
{
    remit_policy_free(*state);
    return 0;
}

/* The policy drawn with `matter` (NULL: all); returns what was written
 * (to free) and sets *rc. */
static char *gt_draw(void **state, const char *matter, char *why, size_t why_size, int *rc)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    remit_graph_options go = {matter};
    *rc = remit_graph(*state, f, &go, why, why_size);
    fclose(f);
    return text;
}

static void test_draws_holders_and_rules(void **state)
{
    int rc;
    char *t = gt_draw(state, NULL, NULL, 0, &rc);
    assert_int_equal(rc, REMIT_OK);
    assert_non_null(strstr(t, "digraph remit {\n"));
    /* every matter in a panel of its own, its nodes named after it */
    assert_non_null(strstr(t, "subgraph \"cluster_spend\" {\n"));
    assert_non_null(strstr(t, "subgraph \"cluster_complaint\" {\n"));
    assert_non_null(strstr(t, "\"spend/h:board\" [shape=box, label=<<b>Board</b><br/><font point-size=\"9\" "
                              "color=\"gray35\">board</font><font point-size=\"9\"><br/>reserved when amount "
                              "&gt; £5,000,000</font>>, peripheries=2];"));
    assert_non_null(strstr(t, "\"complaint/h:cfo\" [shape=ellipse, label=<<b>cfo</b>>];"));
    assert_non_null(strstr(t, "\"spend/h:board\" -> \"spend/h:ceo\" [label=<up to £5,000,000>];"));
    assert_non_null(strstr(t, "\"complaint/h:board\" -> \"complaint/h:cfo\" [label=<delegated>];"));
    /* the panels one under the other, then the key of what is drawn */
    assert_non_null(strstr(t, "\"spend/z:\" -> \"complaint/s:\" [style=invis, weight=0];"));
    assert_non_null(strstr(t, "\"k:delegate:\" [label=\"delegation, with its limits\"]"));
    assert_non_null(strstr(t, "\"k:reserved:\""));
    assert_null(strstr(t, "\"k:escalate"));
    assert_int_equal(t[strlen(t) - 2], '}');
    free(t);
}

/* Titles are HTML-like labels: <, >, & and " escaped, a line end in a
 * title a line break. */
static void test_escapes_titles(void **state)
{
    int rc;
    char *t = gt_draw(state, NULL, NULL, 0, &rc);
    assert_non_null(strstr(t, "label=<<b>Graph &quot;test&quot; \\ policy</b>>"));
    assert_non_null(strstr(t, "label=<<b>Chief<br/>Executive</b><br/><font point-size=\"9\" color=\"gray35\">ceo</font>>"));
    free(t);
}

static void test_same_bytes_every_time(void **state)
{
    int rc;
    char *a = gt_draw(state, NULL, NULL, 0, &rc);
    gt_teardown(state);
    assert_int_equal(gt_setup(state), 0); /* compiled again */
    char *b = gt_draw(state, NULL, NULL, 0, &rc);
    assert_string_equal(a, b);
    free(a);
    free(b);
}

/* One matter: its rules and the holders they name, nothing else, with
 * no panel and nodes named as in 11.8 ("h:cfo"). */
static void test_one_matter(void **state)
{
    int rc;
    char *t = gt_draw(state, "complaint", NULL, 0, &rc);
    assert_int_equal(rc, REMIT_OK);
    assert_non_null(strstr(t, "    \"h:cfo\" [shape=ellipse"));
    assert_null(strstr(t, "\"h:ceo\""));
    assert_null(strstr(t, "spend"));
    assert_null(strstr(t, "cluster_complaint"));
    assert_non_null(strstr(t, "<br/>complaint>];"));
    free(t);
}

static void test_unknown_matter(void **state)
{
    int rc;
    char why[100];
    char *t = gt_draw(state, "spnd", why, sizeof why, &rc);
    assert_int_equal(rc, REMIT_E_ARGUMENT);
    assert_string_equal(t, "");
    assert_string_equal(why, "'spnd' is not a matter of this policy; did you mean 'spend'?");
    free(t);
    t = gt_draw(state, "spnd", why, 10, &rc); /* cut short, still a string */
    assert_string_equal(why, "'spnd' is");
    free(t);
    t = gt_draw(state, "budget", NULL, 0, &rc); /* no room for why: fine */
    assert_int_equal(rc, REMIT_E_ARGUMENT);
    free(t);
}

#define GT_TEST(f) cmocka_unit_test_setup_teardown(f, gt_setup, gt_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        GT_TEST(test_draws_holders_and_rules),
        GT_TEST(test_escapes_titles),
        GT_TEST(test_same_bytes_every_time),
        GT_TEST(test_one_matter),
        GT_TEST(test_unknown_matter),
    };
    return rt_run_tests(tests);
}
