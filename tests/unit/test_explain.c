/*
 * test_explain.c - explain.c's text for a terminal (SPEC 7.12): what
 * remit_escape and remit_fprintf_escaped show for each kind of character
 * (controls, DEL, C1, bidirectional controls, line separators, bytes that
 * are not UTF-8), what they leave alone (printable ASCII, a backslash,
 * accented letters, the pound sign), and how a buffer too small is cut;
 * and the JSON strings of records (xp_json_strn) against a byte-at-a-time
 * escaper.
 * The outcomes and diagnostics that use them are golden tests
 * (tests/eval/escape-*.yaml, tests/check/escape-*.remit).
 */
#include "helpers.h"

#include "explain.h"

/* What remit_escape makes of s, in a buffer the test frees. */
static char *esc(const char *s)
{
    size_t need = remit_escape(NULL, 0, s);
    char *buf = malloc(need + 1);
    assert_non_null(buf);
    assert_int_equal(remit_escape(buf, need + 1, s), need);
    assert_int_equal(strlen(buf), need);
    return buf;
}

#define ASSERT_ESC(in, want)                                                                 \
    do {                                                                                     \
        char *got_ = esc(in);                                                                \
        if (strcmp(got_, want) != 0)                                                         \
            fail_msg("'%s' shown as '%s', wanted '%s'", in, got_, want);                    \
        free(got_);                                                                          \
    } while (0)

static void test_plain_text_untouched(void **state)
{
    (void)state;
    ASSERT_ESC("", "");
    ASSERT_ESC("Director of Finance (cfo)", "Director of Finance (cfo)");
    /* a backslash stays one: the escapes are Remit's, not the input's */
    ASSERT_ESC("a\\b \\n \"q\" 'x'", "a\\b \\n \"q\" 'x'");
    /* £, accented letters, an arrow, CJK, an emoji, U+00A0 and U+2027 */
    ASSERT_ESC("\xC2\xA3" "5m Ren\xC3\xA9" "e \xE2\x86\x92 \xE6\x9D\xB1 \xF0\x9F\x98\x80",
               "\xC2\xA3" "5m Ren\xC3\xA9" "e \xE2\x86\x92 \xE6\x9D\xB1 \xF0\x9F\x98\x80");
    ASSERT_ESC("\xC2\xA0\xE2\x80\xA7", "\xC2\xA0\xE2\x80\xA7");
}

static void test_control_characters(void **state)
{
    (void)state;
    ASSERT_ESC("Evil\npermitted: forged line\x1b[31m",
               "Evil\\npermitted: forged line\\u001b[31m");
    ASSERT_ESC("a\tb\rc", "a\\tb\\rc");
    ASSERT_ESC("\x01\x07\x08\x0b\x0c\x1f\x7f", "\\u0001\\u0007\\u0008\\u000b\\u000c\\u001f\\u007f");
    /* C1 controls, as UTF-8: U+0080, U+0085 (next line), U+009B (CSI) */
    ASSERT_ESC("\xC2\x80\xC2\x85\xC2\x9B" "x", "\\u0080\\u0085\\u009bx");
}

static void test_bidi_and_separators(void **state)
{
    (void)state;
    /* the "Trojan Source" characters: embeddings and overrides, isolates,
     * marks; then the line and paragraph separators */
    ASSERT_ESC("\xE2\x80\xAA\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD\xE2\x80\xAE",
               "\\u202a\\u202b\\u202c\\u202d\\u202e");
    ASSERT_ESC("\xE2\x81\xA6\xE2\x81\xA7\xE2\x81\xA8\xE2\x81\xA9",
               "\\u2066\\u2067\\u2068\\u2069");
    ASSERT_ESC("\xD8\x9C\xE2\x80\x8E\xE2\x80\x8F", "\\u061c\\u200e\\u200f");
    ASSERT_ESC("a\xE2\x80\xA8" "b\xE2\x80\xA9" "c", "a\\u2028b\\u2029c");
}

static void test_bytes_not_utf8(void **state)
{
    (void)state;
    /* Latin-1, a lone continuation byte, a cut sequence, an overlong
     * encoding and a surrogate: each byte on its own */
    ASSERT_ESC("caf\xE9", "caf\\xe9");
    ASSERT_ESC("\x80" "a", "\\x80a");
    ASSERT_ESC("\xE2\x80", "\\xe2\\x80");
    ASSERT_ESC("\xC0\xAF", "\\xc0\\xaf");
    ASSERT_ESC("\xED\xA0\x80", "\\xed\\xa0\\x80");
    ASSERT_ESC("\xFF\xFE", "\\xff\\xfe");
}

/* A buffer too small: cut at a whole character or escape, never inside
 * one, always ended; the length returned is the whole's. */
static void test_cut_short(void **state)
{
    (void)state;
    char buf[8];
    memset(buf, 'z', sizeof buf);
    assert_int_equal(remit_escape(buf, sizeof buf, "ab\x1b" "cd"), 10);
    assert_string_equal(buf, "ab");
    assert_int_equal(remit_escape(buf, sizeof buf, "abc\xC2\xA3" "def"), 8);
    assert_string_equal(buf, "abc\xC2\xA3" "de");
    assert_int_equal(remit_escape(buf, 1, "abc"), 3);
    assert_string_equal(buf, "");
    assert_int_equal(remit_escape(buf, sizeof buf, "\n"), 2);
    assert_string_equal(buf, "\\n");
}

/* What remit_fprintf_escaped writes, in a string the test frees; *rc
 * gets what it returned. */
static char *printed(int *rc, const char *fmt, const char *arg)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    *rc = remit_fprintf_escaped(f, fmt, arg);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static void test_fprintf_escaped(void **state)
{
    (void)state;
    int rc;
    /* the newline that ends the format is a line end; the value's is not */
    char *out = printed(&rc, "escalate: %s may not\n", "Evil\npermitted: \xE2\x80\xAE" "x\n");
    assert_string_equal(out, "escalate: Evil\\npermitted: \\u202ex\\n may not\n");
    assert_int_equal(rc, (int)strlen(out));
    free(out);
    /* no newline at the end of the format: none written */
    out = printed(&rc, "%s", "a\n");
    assert_string_equal(out, "a\\n");
    free(out);
    /* longer than the stack buffer: all of it, escaped */
    char big[3001];
    for (int i = 0; i < 3000; i++)
        big[i] = i % 100 == 99 ? '\x1b' : 'a';
    big[3000] = '\0';
    out = printed(&rc, "  why: %s\n", big);
    assert_int_equal(strlen(out), 7 + 2970 + 30 * 6 + 1);
    assert_int_equal(rc, (int)strlen(out));
    assert_null(strchr(out, '\x1b'));
    assert_int_equal(out[strlen(out) - 1], '\n');
    assert_ptr_equal(strchr(out, '\n'), out + strlen(out) - 1);
    free(out);
}

/* xp_esc_char keeps a tab only when asked (the source line under a
 * diagnostic), and says how many bytes the character takes. */
static void test_esc_char(void **state)
{
    (void)state;
    char e[XP_ESC_MAX];
    size_t len;
    assert_int_equal(xp_esc_char("\tx", 2, true, &len, e), 0);
    assert_int_equal(len, 1);
    assert_int_equal(xp_esc_char("\tx", 2, false, &len, e), 2);
    assert_memory_equal(e, "\\t", 2);
    assert_int_equal(xp_esc_char("\xE2\x80\xAE", 3, true, &len, e), 6);
    assert_int_equal(len, 3);
    assert_int_equal(xp_esc_char("\xC2\xA3", 2, false, &len, e), 0);
    assert_int_equal(len, 2);
    /* a sequence cut by the end of the text is not UTF-8 */
    assert_int_equal(xp_esc_char("\xC2\xA3", 1, false, &len, e), 4);
    assert_int_equal(len, 1);
    assert_memory_equal(e, "\\xc2", 4);
}

/* The JSON string xp_json_strn writes for the n bytes at s, through a
 * stream (its buffer flushed into it), '\0'-terminated in out. */
static void json_of(const char *s, size_t n, char *out, size_t size)
{
    FILE *f = fmemopen(out, size, "w");
    assert_non_null(f);
    xp_out o;
    o.f = f;
    o.n = 0;
    xp_json_strn(&o, s, n);
    xo_flush(&o);
    assert_int_equal(fclose(f), 0);
}

/* RFC 8259's escaping, a byte at a time: what xp_json_strn, which looks
 * at sixteen or eight bytes at a step, must write. */
static size_t json_slow(const char *s, size_t n, char *out)
{
    static const char hex[] = "0123456789abcdef";
    size_t u = 0;
    out[u++] = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '"' || ch == '\\') {
            out[u++] = '\\';
            out[u++] = (char)ch;
        } else if (ch == '\n') {
            out[u++] = '\\';
            out[u++] = 'n';
        } else if (ch < 0x20 || ch == 0x7F) {
            memcpy(out + u, "\\u00", 4);
            out[u + 4] = hex[ch >> 4];
            out[u + 5] = hex[ch & 15];
            u += 6;
        } else {
            out[u++] = (char)ch;
        }
    }
    out[u++] = '"';
    out[u] = '\0';
    return u;
}

/* JSON strings of every length to 40 with the byte to escape at every
 * place (the sixteen- and eight-byte steps and the bytes after them),
 * and random mixes: the same as a byte at a time. */
static void test_json_strings(void **state)
{
    (void)state;
    static const char specials[] = {'"', '\\', '\n', '\t', 0x01, 0x1F, 0x7F, (char)0xC3, (char)0xA9, 'a'};
    char in[64], got[512], want[512];
    for (size_t n = 0; n <= 40; n++)
        for (size_t at = 0; at <= n; at++)
            for (size_t k = 0; k < sizeof specials; k++) {
                memset(in, 'x', n);
                if (at < n)
                    in[at] = specials[k];
                json_of(in, n, got, sizeof got);
                json_slow(in, n, want);
                if (strcmp(got, want) != 0)
                    fail_msg("%zu bytes, byte %zu 0x%02x: '%s', wanted '%s'", n, at,
                             (unsigned)(unsigned char)specials[k], got, want);
            }
    unsigned seed = 1;
    for (int t = 0; t < 2000; t++) {
        size_t n = (size_t)(t % 60);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            in[i] = (char)(seed >> 16 & 0xFF);
        }
        json_of(in, n, got, sizeof got);
        json_slow(in, n, want);
        if (strcmp(got, want) != 0)
            fail_msg("random string %d: '%s', wanted '%s'", t, got, want);
    }
}

/* The first n - 1 bytes of s, or fewer so as to end at a whole character:
 * what a text made for a buffer of n bytes holds (snprintf, then cut). */
static void clipped(const char *s, size_t n, char *out)
{
    size_t l = strlen(s);
    if (!n)
        return;
    if (l > n - 1) {
        l = n - 1;
        size_t i = l;
        while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
            i--;
        if (i > 0) {
            unsigned char c = (unsigned char)s[i - 1];
            size_t want = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            if (i - 1 + want > l)
                l = i - 1;
        }
    }
    memcpy(out, s, l);
    out[l] = '\0';
}

/* A value in words (xp_value_text: amounts and choices are made piece by
 * piece, not by a format) in a buffer of every size: the whole text, or
 * cut at a whole character, never inside the pound sign. */
static void test_value_text_cut_short(void **state)
{
    (void)state;
    const char *choices[] = {"capital", "\xC2\xA3-heavy", "revenue"};
    pl_field money = {.name = "amount", .type = TY_MONEY};
    pl_field choice = {.name = "category", .type = TY_ENUM, .choices = choices, .nchoices = 3};
    const struct {
        const pl_field *f;
        int64_t v;
        bool as_input;
        const char *whole;
    } cases[] = {
        {&money, 123456, false, "\xC2\xA3" "1,234.56"},
        {&money, 123456, true, "\"\xC2\xA3" "1,234.56\""},
        {&money, 100000000, false, "\xC2\xA3" "1,000,000"},
        {&choice, 0, false, "capital"},
        {&choice, 1, false, "\xC2\xA3-heavy"},
        {&choice, 7, false, "?"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++)
        for (size_t n = 1; n <= strlen(cases[k].whole) + 2; n++) {
            char got[64], want[64];
            memset(got, 'z', sizeof got);
            xp_value_text(NULL, cases[k].f, cases[k].v, cases[k].as_input, got, n);
            clipped(cases[k].whole, n, want);
            assert_string_equal(got, want);
            assert_true(got[n] == 'z' || n == sizeof got); /* nothing past the buffer */
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_text_untouched),
        cmocka_unit_test(test_control_characters),
        cmocka_unit_test(test_bidi_and_separators),
        cmocka_unit_test(test_bytes_not_utf8),
        cmocka_unit_test(test_cut_short),
        cmocka_unit_test(test_fprintf_escaped),
        cmocka_unit_test(test_esc_char),
        cmocka_unit_test(test_json_strings),
        cmocka_unit_test(test_value_text_cut_short),
    };
    return rt_run_tests(tests);
}
