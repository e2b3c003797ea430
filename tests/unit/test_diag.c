/*
 * test_diag.c - diag.c: diagnostics sorted by file and position, the
 * line and character column of a byte offset, the error cap and its
 * R0009 note, and the text and JSON renderings.
 */
#include <limits.h>
#include <sys/stat.h>

#include "helpers.h"

#include "internal.h"

#define POUND "\xC2\xA3"
#define EURO "\xE2\x82\xAC"

/* Render into a heap string the caller frees. */
static char *render(const remit_session *s, bool json)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    assert_non_null(fp);
    if (json)
        remit_render_json(s, fp);
    else
        remit_render_text(s, fp);
    assert_int_equal(fclose(fp), 0);
    return buf;
}

static void assert_sorted(const remit_session *s)
{
    size_t n = remit_diag_count(s);
    for (size_t i = 1; i < n; i++) {
        const remit_diagnostic *a = remit_diag_at(s, i - 1), *b = remit_diag_at(s, i);
        if (!a->file || !b->file || strcmp(a->file, b->file) != 0)
            continue;
        if (a->line > b->line || (a->line == b->line && a->col > b->col)) {
            rt_dump(s);
            fail_msg("diagnostic %zu (%u:%u) comes before %zu (%u:%u)", i - 1, a->line,
                     a->col, i, b->line, b->col);
        }
    }
}

/* ------------------------------------------------------------- sorting */

static void test_sorted_by_position(void **state)
{
    remit_session *s = *state;
    /* found in the order: line 4 (parser), line 5 (scanner), then line 3
     * and line 5's name (checker) */
    rt_check(state,
             "policy \"x\"\n"                                            /* 1 */
             "matter spend { amount: money }\nbody board\n"              /* 2, 3 */
             "reserve spend\n"                                           /* 4 */
             "reserve spend to board when amont > " POUND "1 @\n"        /* 5 */
             "reserve spend to bord\n");                                 /* 6 */
    assert_int_equal(remit_diag_count(s), 4);
    const remit_diagnostic *d0 = remit_diag_at(s, 0), *d1 = remit_diag_at(s, 1),
                           *d2 = remit_diag_at(s, 2), *d3 = remit_diag_at(s, 3);
    assert_string_equal(d0->code, "R0001");
    assert_int_equal(d0->line, 4);
    assert_string_equal(d1->code, "R0201"); /* 'amont', column 29 */
    assert_int_equal(d1->line, 5);
    assert_int_equal(d1->col, 29);
    assert_string_equal(d2->code, "R0002"); /* '@', column 40 */
    assert_int_equal(d2->line, 5);
    assert_int_equal(d2->col, 40);
    assert_string_equal(d3->code, "R0201");
    assert_int_equal(d3->line, 6);
    assert_sorted(s);
    assert_null(remit_diag_at(s, 4));
}

/* A diagnostic added after the sorted view was built takes its place. */
static void test_sorted_view_rebuilt(void **state)
{
    remit_session *s = *state;
    rt_check(state, "policy \"x\"\nkind a @\n");
    assert_int_equal(remit_diag_count(s), 1); /* builds the sorted view */
    rm_loc at_start = {0, 0, 6};
    dg_error(s, at_start, "R0999", "added later");
    assert_int_equal(remit_diag_count(s), 2);
    assert_string_equal(remit_diag_at(s, 0)->code, "R0999");
    assert_int_equal(remit_diag_at(s, 0)->line, 1);
    assert_int_equal(remit_diag_at(s, 0)->end_col, 6);
    assert_string_equal(remit_diag_at(s, 1)->code, "R0002");
    assert_int_equal(remit_error_count(s), 2);
}

/* Files in the order they were loaded, the root first; positions within. */
static void test_sorted_by_file(void **state)
{
    remit_session *s = *state;
    char dir[] = "/tmp/remit-unit-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char used[PATH_MAX], root[PATH_MAX];
    snprintf(used, sizeof used, "%s/used.remit", dir);
    snprintf(root, sizeof root, "%s/root.remit", dir);
    FILE *fp = fopen(used, "w");
    assert_non_null(fp);
    fputs("policy \"used\"\nkind k @\n", fp);
    fclose(fp);
    const char *text = "policy \"root\"\n"
                       "use \"used.remit\"\n"
                       "role r is nokind\n"     /* 3: found last */
                       "kind j\n"
                       "kind i $\n";            /* 5: found first */
    remit_check_buffer(s, root, text, strlen(text));
    unlink(used);
    rmdir(dir);
    assert_int_equal(remit_diag_count(s), 3);
    const remit_diagnostic *d0 = remit_diag_at(s, 0), *d1 = remit_diag_at(s, 1),
                           *d2 = remit_diag_at(s, 2);
    assert_string_equal(d0->file, root);
    assert_int_equal(d0->line, 3);
    assert_string_equal(d1->file, root);
    assert_int_equal(d1->line, 5);
    assert_non_null(strstr(d2->file, "used.remit"));
    assert_int_equal(d2->line, 2);
}

/* ----------------------------------------------------- lines, columns */

static void test_linecol_direct(void **state)
{
    (void)state;
    /* "a£b\nxy\n": bytes a=0 £=1,2 b=3 \n=4 x=5 y=6 \n=7 */
    static const char text[] = "a" POUND "b\nxy\n";
    uint32_t starts[] = {0, 5, 8};
    rm_file f;
    memset(&f, 0, sizeof f);
    f.path = "t";
    f.text = text;
    f.len = (uint32_t)strlen(text);
    f.line_starts = starts;
    f.nlines = 3;
    static const struct { uint32_t off; unsigned line, col; } cases[] = {
        {0, 1, 1}, {1, 1, 2}, {3, 1, 3}, {4, 1, 4}, {5, 2, 1}, {6, 2, 2},
        {7, 2, 3}, {8, 3, 1}, {1000, 3, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned line = 0, col = 0;
        dg_linecol(&f, cases[i].off, &line, &col);
        if (line != cases[i].line || col != cases[i].col)
            fail_msg("offset %u: %u:%u, want %u:%u", cases[i].off, line, col,
                     cases[i].line, cases[i].col);
    }
}

static void test_linecol_counts_characters(void **state)
{
    remit_session *s = *state;
    /* `reserve spend to board when amount > £1 and ` is 44 characters and
     * 45 bytes */
    rt_check(state, "policy \"x\"\nmatter spend { amount: money }\nbody board\n"
                    "reserve spend to board when amount > " POUND "1 and amont > " POUND "2\n");
    const remit_diagnostic *d = assert_diag(s, "R0201", 4, 45);
    assert_int_equal(d->end_line, 4);
    assert_int_equal(d->end_col, 49);
}

static void test_linecol_many_lines(void **state)
{
    remit_session *s = *state;
    enum { N = 3000 };
    size_t cap = 32 + (size_t)N * 16;
    char *text = malloc(cap);
    assert_non_null(text);
    size_t used = (size_t)snprintf(text, cap, "policy \"x\"\n");
    for (int i = 2; i <= N; i++)
        used += (size_t)snprintf(text + used, cap - used, i % 1000 ? "kind k%d\n" : "kind k%d @\n", i);
    remit_check_buffer(s, RT_NAME, text, used);
    free(text);
    assert_diag(s, "R0002", 1000, 12);
    assert_diag(s, "R0002", 2000, 12);
    assert_diag(s, "R0002", 3000, 12);
    assert_errors(s, 3);
}

/* The end column is the column of the last character covered, however
 * many bytes that character takes. */
static void test_end_column_of_multibyte_character(void **state)
{
    remit_session *s = *state;
    rt_check(state, "policy \"x\"\nkind a " EURO "\nkind b \"abc" POUND);
    const remit_diagnostic *d = assert_diag(s, "R0002", 2, 8);
    if (d->end_line != 2 || d->end_col != 8)
        fail_msg("the euro sign at 2:8 ends at %u:%u", d->end_line, d->end_col);
    d = assert_diag(s, "R0003", 3, 8); /* "abc£ : columns 8 to 12 */
    if (d->end_line != 3 || d->end_col != 12)
        fail_msg("the text at 3:8 ends at %u:%u, want 3:12", d->end_line, d->end_col);
}

/* ------------------------------------------------------------ the cap */

static remit_session *check_with_cap(unsigned cap, const char *text)
{
    remit_options o = rt_options();
    o.max_errors = cap;
    remit_session *s = remit_session_new(&o);
    assert_non_null(s);
    assert_int_equal(remit_check_buffer(s, RT_NAME, text, strlen(text)), REMIT_E_POLICY);
    return s;
}

static void test_cap(void **state)
{
    (void)state;
    remit_session *s = check_with_cap(3, "policy \"x\"\nkind a @\nkind b @\nkind c @\n"
                                         "kind d @\nkind e @\n");
    /* reading stops at the error past the cap: it is counted, not kept */
    assert_int_equal(remit_error_count(s), 4);
    assert_int_equal(remit_diag_count(s), 4);
    for (unsigned i = 0; i < 3; i++) {
        assert_string_equal(remit_diag_at(s, i)->code, "R0002");
        assert_int_equal(remit_diag_at(s, i)->line, i + 2);
    }
    const remit_diagnostic *note = remit_diag_at(s, 3);
    assert_string_equal(note->code, "R0009");
    assert_int_equal(note->severity, REMIT_NOTE);
    assert_null(note->file);
    assert_message_has(note, "stopped after 3 errors");
    assert_non_null(note->hint);
    char *json = render(s, true);
    assert_non_null(strstr(json, "\"errors\":4,"));
    assert_non_null(strstr(json, "\"code\":\"R0009\""));
    free(json);
    remit_session_free(s);
}

static void test_cap_one_more(void **state)
{
    (void)state;
    remit_session *s = check_with_cap(1, "policy \"x\"\nkind a @\nkind b @\n");
    assert_int_equal(remit_diag_count(s), 2);
    assert_message_has(remit_diag_at(s, 1), "stopped after 1 error;");
    remit_session_free(s);
}

static void test_cap_not_reached(void **state)
{
    (void)state;
    remit_session *s = check_with_cap(2, "policy \"x\"\nkind a @\nkind b @\n");
    assert_int_equal(remit_error_count(s), 2);
    assert_int_equal(remit_diag_count(s), 2);
    assert_no_diag(s, "R0009");
    remit_session_free(s);
}

static void test_default_cap(void **state)
{
    remit_session *s = *state;
    char *text = malloc(32 + 120 * 16);
    assert_non_null(text);
    size_t used = (size_t)sprintf(text, "policy \"x\"\n");
    for (int i = 0; i < 120; i++)
        used += (size_t)sprintf(text + used, "kind a%d @\n", i);
    remit_check_buffer(s, RT_NAME, text, used);
    free(text);
    assert_int_equal(remit_error_count(s), RM_MAX_ERRORS + 1);
    assert_int_equal(remit_diag_count(s), RM_MAX_ERRORS + 1);
    assert_string_equal(remit_diag_at(s, RM_MAX_ERRORS)->code, "R0009");
}

/* ------------------------------------------------------- warnings */

static void test_warning_without_policy_line(void **state)
{
    remit_session *s = *state;
    assert_int_equal(rt_check(state, "kind a\n"), REMIT_OK);
    const remit_diagnostic *d = assert_diag(s, "R0601", 1, 1);
    assert_int_equal(d->severity, REMIT_WARNING);
    assert_int_equal(remit_error_count(s), 0);
    assert_int_equal(remit_warning_count(s), 1);

    remit_options o = rt_options();
    o.deny_warnings = 1;
    remit_session *strict = remit_session_new(&o);
    assert_int_equal(remit_check_buffer(strict, RT_NAME, "kind a\n", 7), REMIT_E_POLICY);
    remit_session_free(strict);
}

/* ------------------------------------------------------------- JSON */

/* A small JSON reader: enough to say a document is well formed and to
 * collect every string in it, decoded. */
typedef struct jr {
    const char *p;
    char *strs[64];
    int nstrs;
} jr;

static bool j_value(jr *r);

static void j_ws(jr *r)
{
    while (*r->p == ' ' || *r->p == '\n' || *r->p == '\t' || *r->p == '\r')
        r->p++;
}

static int j_hex(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static bool j_string(jr *r)
{
    if (*r->p != '"')
        return false;
    r->p++;
    char *out = malloc(strlen(r->p) + 1);
    size_t n = 0;
    for (;;) {
        unsigned char c = (unsigned char)*r->p++;
        if (c == '"')
            break;
        if (c < 0x20) { /* raw control characters are not allowed */
            free(out);
            return false;
        }
        if (c != '\\') {
            out[n++] = (char)c;
            continue;
        }
        c = (unsigned char)*r->p++;
        switch (c) {
        case '"': case '\\': case '/': out[n++] = (char)c; break;
        case 'n': out[n++] = '\n'; break;
        case 't': out[n++] = '\t'; break;
        case 'r': out[n++] = '\r'; break;
        case 'b': out[n++] = '\b'; break;
        case 'f': out[n++] = '\f'; break;
        case 'u': {
            int v = 0;
            for (int i = 0; i < 4; i++) {
                int h = j_hex(*r->p++);
                if (h < 0) {
                    free(out);
                    return false;
                }
                v = v * 16 + h;
            }
            if (v >= 0x80) { /* the renderer only escapes ASCII */
                free(out);
                return false;
            }
            out[n++] = (char)v;
            break;
        }
        default:
            free(out);
            return false;
        }
    }
    out[n] = '\0';
    if (r->nstrs < 64)
        r->strs[r->nstrs++] = out;
    else
        free(out);
    return true;
}

static bool j_value(jr *r)
{
    j_ws(r);
    if (*r->p == '{' || *r->p == '[') {
        char close = *r->p == '{' ? '}' : ']';
        bool obj = close == '}';
        r->p++;
        j_ws(r);
        if (*r->p == close) {
            r->p++;
            return true;
        }
        for (;;) {
            if (obj) {
                j_ws(r);
                if (!j_string(r))
                    return false;
                j_ws(r);
                if (*r->p++ != ':')
                    return false;
            }
            if (!j_value(r))
                return false;
            j_ws(r);
            if (*r->p == ',') {
                r->p++;
                continue;
            }
            if (*r->p++ != close)
                return false;
            return true;
        }
    }
    if (*r->p == '"')
        return j_string(r);
    if (*r->p == '-' || (*r->p >= '0' && *r->p <= '9')) {
        r->p++;
        while (*r->p >= '0' && *r->p <= '9')
            r->p++;
        return true;
    }
    static const char *const words[] = {"true", "false", "null"};
    for (int i = 0; i < 3; i++)
        if (!strncmp(r->p, words[i], strlen(words[i]))) {
            r->p += strlen(words[i]);
            return true;
        }
    return false;
}

/* Parse doc; fails the test when it is not one well-formed value. */
static void j_parse(jr *r, const char *doc)
{
    memset(r, 0, sizeof *r);
    r->p = doc;
    bool ok = j_value(r);
    j_ws(r);
    if (!ok || *r->p)
        fail_msg("not well-formed JSON near offset %td:\n%s", r->p - doc, doc);
}

static bool j_has(const jr *r, const char *s)
{
    for (int i = 0; i < r->nstrs; i++)
        if (!strcmp(r->strs[i], s))
            return true;
    return false;
}

static void j_free(jr *r)
{
    for (int i = 0; i < r->nstrs; i++)
        free(r->strs[i]);
    r->nstrs = 0;
}

static void test_json_escapes(void **state)
{
    remit_session *s = *state;
    /* a file name with a quote, a backslash, a newline and a control
     * character; messages quoting a control character, a tab and DEL */
    const char *name = "we\"ird\\na\nme\x01.remit";
    const char *text = "policy \"a\\\x01" "b\\\tc\\\x7F" "d\"\n";
    remit_check_buffer(s, name, text, strlen(text));
    assert_int_equal(remit_diag_count(s), 3);
    char *json = render(s, true);
    jr r;
    j_parse(&r, json);
    assert_true(j_has(&r, "remit.diagnostics/1"));
    assert_true(j_has(&r, name));
    for (size_t i = 0; i < remit_diag_count(s); i++) {
        const remit_diagnostic *d = remit_diag_at(s, i);
        if (!j_has(&r, d->message))
            fail_msg("message %zu does not survive the JSON", i);
        if (d->hint && !j_has(&r, d->hint))
            fail_msg("hint %zu does not survive the JSON", i);
    }
    assert_non_null(strstr(json, "\\u0001"));
    assert_non_null(strstr(json, "\\u007f"));
    assert_non_null(strstr(json, "\\\\\\u0009")); /* backslash, then tab, as outcomes write it */
    assert_non_null(strstr(json, "we\\\"ird\\\\na\\nme"));
    assert_non_null(strstr(json, "\"line\":1,\"column\":10,"));
    assert_non_null(strstr(json, "\"errors\":3,\"warnings\":0}"));
    j_free(&r);
    free(json);
}

static void test_json_utf8_passes_through(void **state)
{
    remit_session *s = *state;
    rt_check(state, "policy \"x\"\nkind a " EURO "\n");
    char *json = render(s, true);
    jr r;
    j_parse(&r, json);
    assert_true(j_has(&r, "'" EURO "' is not a currency Remit knows"));
    j_free(&r);
    free(json);
}

static int clean_json(void *arg)
{
    (void)arg;
    remit_options o = rt_options();
    remit_session *s = remit_session_new(&o);
    static const char text[] = "policy \"x\"\nkind a\n";
    int rc = remit_check_buffer(s, RT_NAME, text, sizeof text - 1);
    int bad = rc != REMIT_OK || remit_diag_count(s) != 0 || remit_diag_at(s, 0) != NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    remit_render_json(s, fp);
    remit_render_text(s, fp);
    fclose(fp);
    bad |= strcmp(buf, "{\"schema\":\"remit.diagnostics/1\",\"diagnostics\":[],"
                       "\"errors\":0,\"warnings\":0}\n") != 0;
    free(buf);
    remit_session_free(s);
    return bad;
}

/* A clean policy has no diagnostics to sort: that must be as well defined
 * as any other (run apart, so a sanitizer report fails this test only). */
static void test_no_diagnostics(void **state)
{
    (void)state;
    int rc = rt_in_child(clean_json, NULL);
    if (rc)
        fail_msg("a clean policy's diagnostics %s (child status %d)",
                 rc == 1 ? "were wrong" : "crashed the library", rc);
}

/* ------------------------------------------------------------- text */

static void test_text_rendering(void **state)
{
    remit_session *s = *state;
    rt_check(state, "policy \"x\"\nkind a \"" POUND POUND "\" @\n");
    char *out = render(s, false);
    /* where, what, the line, a caret under the 13th character, a hint */
    const char *want =
        "test.remit:2:13: error[R0002]: the character '@' cannot appear here\n"
        "     2 | kind a \"" POUND POUND "\" @\n"
        "       |             ^\n"
        "  hint: ";
    if (strncmp(out, want, strlen(want)) != 0)
        fail_msg("rendered as:\n%s", out);
    const char *nl = strchr(out + strlen(want), '\n'); /* the hint is one line, the last */
    assert_non_null(nl);
    assert_int_equal(nl[1], '\0');
    free(out);
}

static void test_text_caret_width(void **state)
{
    remit_session *s = *state;
    rt_check(state, "policy \"x\"\nconst a = " POUND "1,00\n");
    char *out = render(s, false);
    assert_non_null(strstr(out, "\n       |           ^^^^^\n"));
    free(out);
}

static void test_text_hides_control_characters(void **state)
{
    remit_session *s = *state;
    rt_check(state, "policy \"x\"\nkind a \x1b[31m\n");
    char *out = render(s, false);
    assert_null(strchr(out, '\x1b'));
    /* shown as an escape, with the caret under all six characters of it */
    assert_non_null(strstr(out, "|        ^^^^^^\n"));
    assert_non_null(strstr(out, "| kind a \\u001b[31m\n"));
    free(out);
}

/* A name or value that holds a line break, ESC or a right-to-left
 * override cannot begin a line of its own or drive the terminal: the
 * message, the file name, the source line and the hint each stay on
 * their line, escaped (SPEC 9.1); the carets stand under the escapes;
 * a tab in the source line is kept, and copied into the caret line. */
static void test_text_escapes_names_and_values(void **state)
{
    remit_session *s = *state;
    const char *name = "evil\nerror[R0000]: forged.remit";
    const char *text = "policy \"x\"\nkind a\t\"\xE2\x80\xAE\" \x7f@\n"
                       "use \"no\\nerror[R0000]: such.remit\"\n";
    remit_check_buffer(s, name, text, strlen(text));
    char *out = render(s, false);
    assert_null(strchr(out, '\x7f'));
    assert_null(strstr(out, "\xE2\x80\xAE"));
    assert_null(strstr(out, "\nerror[R0000]"));
    const char *want =
        "evil\\nerror[R0000]: forged.remit:2:12: error[R0002]: a control character (0x7F) "
        "cannot appear here\n"
        "     2 | kind a\t\"\\u202e\" \\u007f@\n"
        "       |       \t         ^^^^^^\n";
    if (!strstr(out, want))
        fail_msg("rendered as:\n%s", out);
    /* the next one: the caret under '@', past both escapes */
    assert_non_null(strstr(out, "\n       |       \t               ^\n"));
    /* a message that quotes a decoded text: its line break escaped */
    assert_non_null(strstr(out, "'no\\nerror[R0000]: such.remit'"));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        RT_TEST(test_sorted_by_position),
        RT_TEST(test_sorted_view_rebuilt),
        RT_TEST(test_sorted_by_file),
        cmocka_unit_test(test_linecol_direct),
        RT_TEST(test_linecol_counts_characters),
        RT_TEST(test_linecol_many_lines),
        RT_TEST(test_end_column_of_multibyte_character),
        cmocka_unit_test(test_cap),
        cmocka_unit_test(test_cap_one_more),
        cmocka_unit_test(test_cap_not_reached),
        RT_TEST(test_default_cap),
        RT_TEST(test_warning_without_policy_line),
        RT_TEST(test_json_escapes),
        RT_TEST(test_json_utf8_passes_through),
        cmocka_unit_test(test_no_diagnostics),
        RT_TEST(test_text_rendering),
        RT_TEST(test_text_caret_width),
        RT_TEST(test_text_hides_control_characters),
        RT_TEST(test_text_escapes_names_and_values),
    };
    return rt_run_tests(tests);
}
