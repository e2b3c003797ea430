/*
 * test_doc.c - doc.c through the library's remit_doc_html(): the contract
 * of SPEC.md 11.13 that the golden pages (tests/doc/, docs/scheme/) show
 * only in passing: nothing is written for a session with errors or
 * without a stream, the same bytes every time, the policy's text escaped
 * for XML wherever it goes (titles, labels, text constants, a control
 * character), figures in place of constants, and a failed write said.
 */
#include "helpers.h"

/* The page of the fixture's session; returns what was written (to free)
 * and sets *rc. */
static char *dt_doc(void **state, int *rc)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    *rc = remit_doc_html(*state, f);
    fclose(f);
    return text;
}

static char *dt_policy(void **state, const char *policy)
{
    int rc;
    assert_int_equal(rt_check(state, policy), REMIT_OK);
    char *t = dt_doc(state, &rc);
    assert_int_equal(rc, REMIT_OK);
    return t;
}

static const char *const dt_scheme =
    "policy \"Scheme <of> & \\\"delegation\\\"\" version \"1\"\n"
    "role ceo \"Chief\\tExecutive <CE>\"\n"
    "body board \"Board & Co\" {\n"
    "    members ceo\n"
    "    quorum all\n"
    "}\n"
    "const limit_high = £5m\n"
    "const bad_supplier = \"Acme <&> Ltd\"\n"
    "matter spend {\n"
    "    amount: money\n"
    "    supplier: text\n"
    "}\n"
    "big: reserve spend to board when amount > limit_high\n"
    "    because \"Over <£5m> is the Board's & no one else's\"\n"
    "delegate spend from board to ceo up to limit_high when supplier != bad_supplier\n";

static void test_nothing_for_errors(void **state)
{
    int rc;
    char *t = dt_doc(state, &rc); /* nothing checked yet */
    assert_int_equal(rc, REMIT_E_POLICY);
    assert_string_equal(t, "");
    free(t);
    assert_int_equal(rt_check(state, "role ceo\nmatter spend { amount: money }\nreserve spend to cfoo\n"),
                     REMIT_E_POLICY);
    t = dt_doc(state, &rc);
    assert_int_equal(rc, REMIT_E_POLICY);
    assert_string_equal(t, "");
    free(t);
    assert_int_equal(remit_doc_html(NULL, stdout), REMIT_E_ARGUMENT);
    assert_int_equal(remit_doc_html(*state, NULL), REMIT_E_ARGUMENT);
}

static void test_same_bytes_every_time(void **state)
{
    char *t = dt_policy(state, dt_scheme);
    int rc;
    char *u = dt_doc(state, &rc);
    assert_string_equal(t, u);
    assert_true(!strncmp(t, "<!DOCTYPE html>\n", 16));
    assert_non_null(strstr(t, "</html>\n"));
    free(t);
    free(u);
}

static void test_escaped_for_xml(void **state)
{
    char *t = dt_policy(state, dt_scheme);
    assert_non_null(strstr(t, "<h1>Scheme &lt;of&gt; &amp; &quot;delegation&quot;</h1>"));
    assert_non_null(strstr(t, "Chief\tExecutive &lt;CE&gt; <span class=\"id\">(ceo)</span>"));
    assert_non_null(strstr(t, "Board &amp; Co <span class=\"id\">(board)</span>"));
    assert_non_null(strstr(t, "Over &lt;£5m&gt; is the Board&apos;s &amp; no one else&apos;s"));
    assert_non_null(strstr(t, "supplier \xe2\x89\xa0 \xe2\x80\x9c" "Acme &lt;&amp;&gt; Ltd\xe2\x80\x9d"));
    assert_null(strstr(t, "<CE>"));
    assert_null(strstr(t, "Acme <"));
    free(t);
}

static void test_figures_not_names(void **state)
{
    char *t = dt_policy(state, dt_scheme);
    assert_non_null(strstr(t, "when amount &gt; £5,000,000"));
    assert_non_null(strstr(t, "up to £5,000,000"));
    assert_null(strstr(t, "limit_high"));
    assert_null(strstr(t, "bad_supplier"));
    /* each rule's row cites its line: the label's, and the keyword's */
    assert_non_null(strstr(t, "test.remit:13</td></tr>"));
    assert_non_null(strstr(t, "test.remit:15</td></tr>"));
    free(t);
}

static void test_failed_write_said(void **state)
{
    assert_int_equal(rt_check(state, dt_scheme), REMIT_OK);
    FILE *f = fopen("/dev/null", "r"); /* every write fails */
    assert_non_null(f);
    assert_int_equal(remit_doc_html(*state, f), REMIT_E_WRITE);
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RT_TEST(test_nothing_for_errors),
        RT_TEST(test_same_bytes_every_time),
        RT_TEST(test_escaped_for_xml),
        RT_TEST(test_figures_not_names),
        RT_TEST(test_failed_write_said),
    };
    return rt_run_tests(tests);
}
