/*
 * test_jsonin.c - jsonin.c: one JSON value (a batch line) read into the
 * same yi_node tree as yamlin.c gives, with positions, and every kind of
 * bad input refused with one error at its line:col (R0701-R0712, R0005,
 * R0006), the cases of test_yamlin.c that JSON can have.
 *
 * Each test registers its input as the file "input.json" in the
 * fixture's session and calls ji_parse or ji_parse_range directly.
 */
#include <sys/resource.h>

#include "helpers.h"

#include "internal.h"
#include "jsonin.h"

#define POUND "\xC2\xA3"
#define IN_NAME "input.json"
#include "reader_helpers.h"

/* Each parse starts from an empty session, so that a test can refuse
 * several inputs one after the other (nodes of the last parse go). */
static yi_node *parse_n(remit_session *s, const char *text, size_t len)
{
    rm_session_reset(s);
    return ji_parse(s, add_input(s, text, len));
}

static yi_node *parse(remit_session *s, const char *text)
{
    return parse_n(s, text, strlen(text));
}

/* A heap string: prefix, n copies of c, suffix. */
static char *build(const char *prefix, char c, size_t n, const char *suffix)
{
    size_t pl = strlen(prefix), sl = strlen(suffix);
    char *p = malloc(pl + n + sl + 1);
    assert_non_null(p);
    memcpy(p, prefix, pl);
    memset(p + pl, c, n);
    memcpy(p + pl + n, suffix, sl + 1);
    return p;
}

/* Refused as malformed (R0701) on line 1 at col. */
#define assert_malformed(s, text, col) assert_refused((s), parse((s), (text)), "R0701", 1, (col))

/* ------------------------------------------------------ reading a tree */

/* One batch line, as gendecisions writes them (columns under it). */
static const char line[] =
    /*        1         2         3         4         5         6         7 */
    /* 3456789012345678901234567890123456789012345678901234567890123456789012 */
    "{\"matter\": \"spend\", \"decider\": \"cfo\", \"fields\": {\"amount\": \"" POUND "750,000\", "
    "\"risk\": 12, \"urgent\": true, \"late\": false, \"note\": null, \"blank\": \"\"}, "
    "\"co_signatories\": [\"ceo\", \"chair\"], \"context\": {}}";

static void test_decision_line(void **state)
{
    SESSION(state, s);
    yi_node *r = parse(s, line);
    assert_non_null(r);
    assert_clean(s);
    assert_int_equal(r->kind, YI_MAP);
    assert_int_equal(r->n, 5);
    assert_node_at(s, r, 1, 1);
    assert_int_equal(r->loc.start, 0);
    assert_int_equal(r->loc.end, sizeof line - 1); /* the closing brace */
    assert_scalar(r->keys[0], "matter", true);    /* JSON keys are quoted */
    assert_node_at(s, r->keys[0], 1, 2);
    assert_int_equal(r->keys[0]->loc.end - r->keys[0]->loc.start, 8); /* with its quotes */
    assert_scalar(r->items[0], "spend", true);
    assert_node_at(s, r->items[0], 1, 12);
    assert_scalar(r->keys[1], "decider", true);
    assert_node_at(s, r->keys[1], 1, 21);
    assert_scalar(yi_get(r, "decider"), "cfo", true);
    assert_node_at(s, yi_get(r, "decider"), 1, 32);

    yi_node *fields = yi_get(r, "fields");
    assert_non_null(fields);
    assert_int_equal(fields->kind, YI_MAP);
    assert_int_equal(fields->n, 6);
    assert_node_at(s, fields, 1, 49);
    const rm_file *f = s->files.v[fields->loc.file];
    assert_int_equal(f->text[fields->loc.start], '{');
    assert_int_equal(f->text[fields->loc.end - 1], '}');
    yi_node *amount = yi_get(fields, "amount");
    assert_scalar(amount, POUND "750,000", true);
    assert_node_at(s, amount, 1, 60);
    /* the location covers the quotes: 10 characters, 11 bytes */
    assert_int_equal(amount->loc.end - amount->loc.start, 11);
    yi_node *risk = yi_get(fields, "risk");
    assert_scalar(risk, "12", false);
    assert_false(risk->is_null);
    assert_node_at(s, risk, 1, 80);       /* '£' is one column */
    assert_int_equal(risk->loc.end - risk->loc.start, 2);
    assert_scalar(yi_get(fields, "urgent"), "true", false);
    assert_false(yi_get(fields, "urgent")->is_null);
    assert_scalar(yi_get(fields, "late"), "false", false);
    yi_node *note = yi_get(fields, "note");
    assert_scalar(note, "null", false);
    assert_true(note->is_null);
    assert_node_at(s, note, 1, 123);
    yi_node *blank = yi_get(fields, "blank");
    assert_scalar(blank, "", true);
    assert_false(blank->is_null); /* "" is text, not an absent value */

    yi_node *co = yi_get(r, "co_signatories");
    assert_non_null(co);
    assert_int_equal(co->kind, YI_SEQ);
    assert_int_equal(co->n, 2);
    assert_null(co->keys);
    assert_node_at(s, co, 1, 161);
    assert_scalar(co->items[0], "ceo", true);
    assert_node_at(s, co->items[0], 1, 162);
    assert_scalar(co->items[1], "chair", true);
    assert_int_equal(f->text[co->loc.end - 1], ']');

    yi_node *ctx = yi_get(r, "context");
    assert_int_equal(ctx->kind, YI_MAP);
    assert_int_equal(ctx->n, 0);
    assert_null(ctx->keys);
    assert_null(ctx->items);
    assert_int_equal(ctx->loc.end - ctx->loc.start, 2);
    assert_int_equal(s->files.n, 1);
}

/* The same tree from JSON over several lines, as test_yamlin.c reads it. */
static void test_json_lines(void **state)
{
    SESSION(state, s);
    const char *json =
        "{\n"
        "  \"matter\": \"spend\",\n"
        "  \"fields\": {\"amount\": \"" POUND "5\", \"risk\": 12, \"urgent\": true,\n"
        "             \"note\": null, \"blank\": \"\"},\n"
        "  \"co_signatories\": [\"ceo\", [1, 2], {}, []]\n"
        "}\n";
    yi_node *r = parse(s, json);
    assert_non_null(r);
    assert_clean(s);
    assert_int_equal(r->kind, YI_MAP);
    assert_int_equal(r->n, 3);
    assert_node_at(s, r, 1, 1);
    assert_scalar(r->keys[0], "matter", true);
    assert_node_at(s, r->keys[0], 2, 3);
    assert_scalar(yi_get(r, "matter"), "spend", true);
    yi_node *fields = yi_get(r, "fields");
    assert_int_equal(fields->n, 5);
    assert_node_at(s, fields, 3, 13);
    assert_scalar(yi_get(fields, "amount"), POUND "5", true);
    assert_scalar(yi_get(fields, "risk"), "12", false);
    assert_node_at(s, yi_get(fields, "risk"), 3, 38);
    assert_scalar(yi_get(fields, "urgent"), "true", false);
    assert_true(yi_get(fields, "note")->is_null);
    assert_node_at(s, yi_get(fields, "note"), 4, 22);
    yi_node *co = yi_get(r, "co_signatories");
    assert_int_equal(co->kind, YI_SEQ);
    assert_int_equal(co->n, 4);
    assert_int_equal(co->items[1]->kind, YI_SEQ);
    assert_int_equal(co->items[1]->n, 2);
    assert_scalar(co->items[1]->items[1], "2", false);
    assert_int_equal(co->items[2]->kind, YI_MAP);
    assert_int_equal(co->items[2]->n, 0);
    assert_int_equal(co->items[3]->kind, YI_SEQ);
    assert_int_equal(co->items[3]->n, 0);
    /* the root ends at its brace, not at the line break after it */
    const rm_file *f = s->files.v[r->loc.file];
    assert_int_equal(f->text[r->loc.end - 1], '}');
}

/* Numbers keep their text as written; only quotes make text. */
static void test_numbers_and_words(void **state)
{
    SESSION(state, s);
    yi_node *r = parse(s, "[0, -0, 12, -3, 12.50, 1e5, 1E+05, -2.5e-3, \"12\", \"null\", "
                          "\"true\", true, false, null]");
    assert_non_null(r);
    assert_clean(s);
    static const char *const plain[] = {"0", "-0", "12", "-3", "12.50", "1e5", "1E+05", "-2.5e-3"};
    for (size_t i = 0; i < 8; i++)
        assert_scalar(r->items[i], plain[i], false);
    assert_scalar(r->items[8], "12", true);
    assert_scalar(r->items[9], "null", true);
    assert_false(r->items[9]->is_null);
    assert_scalar(r->items[10], "true", true);
    assert_scalar(r->items[11], "true", false);
    assert_scalar(r->items[12], "false", false);
    assert_scalar(r->items[13], "null", false);
    assert_true(r->items[13]->is_null);
    for (size_t i = 0; i < 13; i++)
        assert_false(r->items[i]->is_null);
    /* a value alone is a value */
    yi_node *v = parse(s, " 42 ");
    assert_scalar(v, "42", false);
    assert_int_equal(v->loc.start, 1);
    assert_int_equal(v->loc.end, 3);
}

/* Escapes are decoded; the location still covers the text as written. */
static void test_escapes(void **state)
{
    SESSION(state, s);
    yi_node *r = parse(s, "{\"a\": \"q\\\"b\\\\s\\/n\\nt\\tr\\rb\\bf\\f\", "
                          "\"pound\": \"\\u00a3\\u00A3\", \"euro\": \"\\u20ac\", "
                          "\"smile\": \"\\uD83D\\uDE00!\", \"esc\": \"\\u001b\", "
                          "\"k\\u0065y\": 1}");
    assert_non_null(r);
    assert_clean(s);
    assert_scalar(yi_get(r, "a"), "q\"b\\s/n\nt\tr\rb\bf\f", true);
    assert_scalar(yi_get(r, "pound"), POUND POUND, true);
    assert_scalar(yi_get(r, "euro"), "\xE2\x82\xAC", true);
    yi_node *smile = yi_get(r, "smile");
    assert_scalar(smile, "\xF0\x9F\x98\x80!", true);
    /* "\uD83D\uDE00!" with its quotes: 15 bytes */
    assert_int_equal(smile->loc.end - smile->loc.start, 15);
    assert_scalar(yi_get(r, "esc"), "\x1b", true);
    assert_scalar(yi_get(r, "key"), "1", false); /* an escaped key */
    assert_node_at(s, yi_get(r, "pound"), 1, 44);
    assert_node_at(s, yi_get(r, "euro"), 1, 68);
}

/* Surrogates: a pair is one character; half of one is refused where it
 * is written. */
static void test_lone_surrogates(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_malformed(s, "{\"a\": \"x\\uD83D\"}", 9);
    assert_message_has(d, "surrogate");
    assert_int_equal(d->end_col, 14); /* the whole escape */
}

static void test_low_surrogate_first(void **state)
{
    SESSION(state, s);
    assert_malformed(s, "{\"a\": \"\\uDE00\\uD83D\"}", 8);
}

static void test_high_surrogate_then_other(void **state)
{
    SESSION(state, s);
    assert_malformed(s, "[\"\\uD83D\\u0041\"]", 3);
}

static void test_high_surrogate_at_end(void **state)
{
    SESSION(state, s);
    assert_malformed(s, "[\"ab\\uDBFF\"]", 5);
}

static void test_bad_escape(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_malformed(s, "{\"path\": \"C:\\windows\"}", 13);
    assert_message_has(d, "'\\w'");
    assert_hint_has(d, "\\\\");
}

static void test_bad_unicode_escape(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_malformed(s, "[\"\\u12G4\"]", 3);
    assert_message_has(d, "four hexadecimal digits");
}

static void test_get(void **state)
{
    SESSION(state, s);
    yi_node *r = parse(s, "{\"amount\": 1, \"amounts\": 2, \"\": 3, \"list\": [\"amount\"]}");
    assert_non_null(r);
    assert_scalar(yi_get(r, "amount"), "1", false);
    assert_scalar(yi_get(r, "amounts"), "2", false);
    assert_scalar(yi_get(r, ""), "3", false);
    assert_null(yi_get(r, "amoun"));
    assert_null(yi_get(r, "Amount"));
    assert_null(yi_get(yi_get(r, "list"), "amount")); /* not a mapping */
}

/* The same key in different mappings is no duplicate. */
static void test_same_key_in_sibling_mappings(void **state)
{
    SESSION(state, s);
    yi_node *r = parse(s, "[{\"matter\": \"a\", \"date\": 1}, {\"matter\": \"b\", \"date\": 2}, "
                          "{\"matter\": \"c\", \"inner\": {\"matter\": \"d\"}}]");
    assert_non_null(r);
    assert_clean(s);
    assert_int_equal(r->n, 3);
    assert_scalar(yi_get(r->items[1], "matter"), "b", true);
    assert_scalar(yi_get(yi_get(r->items[2], "inner"), "matter"), "d", true);
}

/* A mapping of 40,000 keys is read, and a duplicate found in it (by
 * hashing, not by comparing every pair); also keys that share their
 * first seven bytes. */
static char *many_keys(int n, const char *last)
{
    size_t cap = (size_t)n * 32 + 64, used = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    text[used++] = '{';
    for (int i = 0; i < n; i++)
        used += (size_t)snprintf(text + used, cap - used, "\"key_number_%d\": %d, ", i, i);
    used += (size_t)snprintf(text + used, cap - used, "\"%s\": 0}", last);
    return text;
}

static void test_large_mapping(void **state)
{
    SESSION(state, s);
    char *text = many_keys(40000, "end");
    yi_node *r = parse(s, text);
    free(text);
    assert_non_null(r);
    assert_clean(s);
    assert_int_equal(r->n, 40001);
    assert_scalar(yi_get(r, "key_number_39999"), "39999", false);
}

static void test_large_mapping_duplicate(void **state)
{
    SESSION(state, s);
    char *text = many_keys(40000, "key_number_12345");
    const remit_diagnostic *d = assert_refused(s, parse(s, text), "R0706", 1, 0);
    assert_message_has(d, "'key_number_12345'");
    free(text);
}

static void test_long_keys_alike(void **state)
{
    SESSION(state, s);
    yi_node *r = parse(s, "{\"incident_level\": 1, \"incident_levels\": 2, \"incident_lever\": 3}");
    assert_non_null(r);
    assert_clean(s);
    assert_int_equal(r->n, 3);
    assert_refused(s, parse(s, "{\"incident_level\": 1, \"incident_lever\": 3, "
                               "\"incident_level\": 2}"),
                   "R0706", 1, 44);
}

/* A byte order mark is skipped, as yamlin.c skips it. */
static void test_byte_order_mark(void **state)
{
    SESSION(state, s);
    static const char text[] = "\xEF\xBB\xBF{\"a\": 1}";
    yi_node *r = parse_n(s, text, sizeof text - 1);
    assert_non_null(r);
    assert_int_equal(r->loc.start, 3);
    assert_scalar(yi_get(r, "a"), "1", false);
}

/* ------------------------------------------------ R0701 malformed input */

static void test_missing_comma(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_refused(s, parse(s, "{\"a\": 1\n \"b\": 2}\n"), "R0701", 2, 2);
    assert_message_has(d, "a ',' or '}' is missing");
    assert_hint_has(d, "comma");
}

static void test_missing_comma_in_list(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_malformed(s, "{\"a\": [1 2]}", 10);
    assert_message_has(d, "a ',' or ']' is missing");
    assert_hint_has(d, "the list that starts at column 7");
}

static void test_extra_comma(void **state)
{
    SESSION(state, s);
    assert_malformed(s, "{\"a\": 1,, \"b\": 2}", 9);
    const remit_diagnostic *d = assert_malformed(s, "[1,,2]", 4);
    assert_message_has(d, "a value is missing");
}

static void test_trailing_comma(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_malformed(s, "{\"a\": 1, \"b\": [1, 2,]}", 21);
    assert_hint_has(d, "remove the comma");
    assert_malformed(s, "{\"a\": 1,}", 9);
}

static void test_single_quotes(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_malformed(s, "{\"a\": 'spend'}", 7);
    assert_message_has(d, "double quotes");
    d = assert_malformed(s, "{'a': 1}", 2);
    assert_message_has(d, "a name in a mapping");
}

static void test_bare_words(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_malformed(s, "{\"matter\": spend}", 12);
    assert_message_has(d, "'spend' is not a value");
    assert_int_equal(d->end_col, 16);
    assert_hint_has(d, "\"spend\"");
    d = assert_malformed(s, "{\"ok\": True}", 8);
    assert_message_has(d, "'True'");
    assert_malformed(s, "{\"ok\": nul}", 8);
    assert_malformed(s, "{\"ok\": truex}", 8);
    d = assert_malformed(s, "{matter: \"spend\"}", 2);
    assert_message_has(d, "a name in a mapping must be text in double quotes");
    d = assert_malformed(s, "{\"who\": @cfo}", 9);
    assert_message_has(d, "'@cfo'");
}

static void test_missing_colon(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_malformed(s, "{\"a\" 1}", 6);
    assert_message_has(d, "':' is missing");
    assert_malformed(s, "{\"a\", 1}", 5);
}

static void test_missing_value(void **state)
{
    SESSION(state, s);
    assert_malformed(s, "{\"a\": }", 7);
    assert_malformed(s, "{\"a\": , \"b\": 1}", 7);
    assert_malformed(s, "[,]", 2);
}

static void test_bad_numbers(void **state)
{
    SESSION(state, s);
    static const char *const bad[] = {"01", "-", "1.", ".5", "+1", "1e", "1e+", "1.5.3",
                                      "12abc", "0x1F", "-.5"};
    static const unsigned ends[] = {11, 10, 11, 11, 11, 11, 12, 14, 14, 13, 12};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[64];
        snprintf(text, sizeof text, "{\"risk\": %s}", bad[i]);
        const remit_diagnostic *d = assert_malformed(s, text, 10);
        assert_int_equal(d->end_col, ends[i]);
    }
    /* in "1,5e" 1 is a number, and then a name is wanted */
    assert_malformed(s, "{\"risk\": 1,5e}", 12);
    const remit_diagnostic *d = assert_malformed(s, "{\"risk\": 01}", 10);
    assert_message_has(d, "'01' is not a number");
    assert_hint_has(d, "\xC2\xA3");
}

static void test_comments(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_malformed(s, "{\"a\": 1 // one\n}", 9);
    assert_message_has(d, "a ',' or '}' is missing");
    d = assert_malformed(s, "{\"a\": /* one */ 1}", 7);
    assert_message_has(d, "no comments");
    d = assert_malformed(s, "[# one\n]", 2);
    assert_message_has(d, "no comments");
}

static void test_mismatched_bracket(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_malformed(s, "{\"a\": [1, 2}", 12);
    assert_message_has(d, "',' or ']'");
    assert_hint_has(d, "the list that starts at column 7");
    d = assert_malformed(s, "[{\"a\": 1]", 9);
    assert_message_has(d, "',' or '}'");
}

static void test_unclosed_string(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_malformed(s, "{\"matter\": \"spend, \"decider\": \"cfo\"}", 21);
    assert_message_has(d, "a ',' or '}' is missing");
    d = assert_malformed(s, "{\"matter\": \"spend}", 19);
    assert_message_has(d, "ends before it is complete");
    assert_hint_has(d, "the quotation mark at column 12 is not closed");
    /* over several lines, a string stops at the line break */
    d = assert_refused(s, parse(s, "{\"a\":\n \"open\n"), "R0701", 2, 7);
    assert_hint_has(d, "line 2, column 2");
}

static void test_unclosed_brackets(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_malformed(s, "{\"matter\":\"spend\",\"decider\":\"cfo\",", 35);
    assert_message_has(d, "ends before it is complete");
    assert_hint_has(d, "the mapping that starts at column 1 is not closed");
    d = assert_malformed(s, "{\"a\": [1, 2", 12);
    assert_hint_has(d, "the list that starts at column 7");
    d = assert_malformed(s, "{\"a\": 12", 9);
    assert_hint_has(d, "missing '}'");
    assert_malformed(s, "{\"a\"", 5);
    assert_malformed(s, "{\"a\":", 6);
    assert_malformed(s, "[", 2);
}

static void test_raw_tab_in_string(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_malformed(s, "{\"a\": \"x\ty\"}", 9);
    assert_hint_has(d, "\\t");
    /* a tab between tokens is a blank */
    yi_node *r = parse(s, "{\t\"a\":\t1\t}");
    assert_non_null(r);
}

static void test_raw_line_break_in_string(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_refused(s, parse(s, "{\"a\": \"x\ny\"}"), "R0701", 1, 9);
    assert_hint_has(d, "\\n");
}

static void test_control_character(void **state)
{
    SESSION(state, s);
    /* DEL is refused wherever it is, as yamlin.c refuses it */
    const remit_diagnostic *d = assert_malformed(s, "{\"a\": 1, \"b\": \"x\x7F\"}", 17);
    assert_message_has(d, "control character (U+007F)");
    d = assert_malformed(s, "{\"a\": \"\xC2\x9B[2J\"}", 8); /* C1 CSI */
    assert_message_has(d, "U+009B");
    assert_malformed(s, "{\"a\":\x0C 1}", 6);          /* form feed */
    /* NEL is allowed, as in YAML */
    assert_non_null(parse(s, "{\"a\": \"x\xC2\x85y\"}"));
}

/* ------------------------------------------------------ R0702 empty */

static void test_empty(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_refused(s, parse(s, ""), "R0702", 1, 1);
    assert_message_has(d, "empty");
}

static void test_blanks_only(void **state)
{
    SESSION(state, s);
    assert_refused(s, parse(s, " \t \r\n  "), "R0702", 1, 1);
}

static void test_null_only(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_refused(s, parse(s, "  null "), "R0702", 1, 3);
    assert_message_has(d, "nothing but an empty value");
}

/* ------------------------------------------- R0703 trailing content */

static void test_trailing_garbage(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_refused(s, parse(s, "{\"matter\": \"a\"} trailing"),
                                               "R0703", 1, 17);
    assert_message_has(d, "more after the end");
    assert_hint_has(d, "mapping that starts at column 1");
}

static void test_extra_bracket(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_refused(s, parse(s, "{\"a\": [1, 2]}}"), "R0703", 1, 14);
    assert_hint_has(d, "extra closing bracket");
}

static void test_two_values(void **state)
{
    SESSION(state, s);
    assert_refused(s, parse(s, "{\"a\": 1}\n{\"b\": 2}\n"), "R0703", 2, 1);
    assert_refused(s, parse(s, "{\"a\": 1} {\"b\": 2}"), "R0703", 1, 10);
    /* blanks after the value are fine */
    assert_non_null(parse(s, "{\"a\": 1} \t\r\n"));
}

/* ------------------------------------------------ R0706 duplicate keys */

static void test_duplicate_key(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_refused(
        s, parse(s, "{\"matter\": \"spend\", \"fields\": {\"amount\": 1, \"risk\": 2, \"amount\": 3}}"),
        "R0706", 1, 56);
    assert_message_has(d, "'amount'");
    assert_hint_has(d, "column 32");
    assert_int_equal(d->end_col, 63); /* with its quotes */
}

static void test_duplicate_key_escaped(void **state)
{
    SESSION(state, s);
    /* the same text, once written with an escape */
    const remit_diagnostic *d = assert_refused(s, parse(s, "{\"a\": 1,\n \"\\u0061\": 2}"),
                                               "R0706", 2, 2);
    assert_hint_has(d, "line 1, column 2");
}

static void test_duplicate_key_first_in_text(void **state)
{
    SESSION(state, s);
    /* the outer duplicate comes first in the text, though its mapping
     * closes last */
    assert_refused(s, parse(s, "{\"a\": 1, \"a\": {\"b\": 1, \"b\": 2}}"), "R0706", 1, 10);
}

static void test_duplicate_key_shown_safely(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_refused(s, parse(s, "{\"\\u001b[2J\": 1, \"\\u001b[2J\": 2}"),
                                               "R0706", 1, 18);
    assert_null(strchr(d->message, '\x1b'));
}

/* ----------------------------------------------------- R0708 nesting */

static char *nested(unsigned levels)
{
    char *p = malloc(2 * levels + 1);
    assert_non_null(p);
    for (unsigned i = 0; i < levels; i++) {
        p[i] = '[';
        p[2 * levels - 1 - i] = ']';
    }
    p[2 * levels] = '\0';
    return p;
}

static void test_nesting_at_limit(void **state)
{
    SESSION(state, s);
    char *text = nested(YI_MAX_DEPTH);
    yi_node *r = parse(s, text);
    free(text);
    assert_non_null(r);
    assert_clean(s);
}

static void test_nesting_past_limit(void **state)
{
    SESSION(state, s);
    char *text = nested(YI_MAX_DEPTH + 1);
    const remit_diagnostic *d = assert_refused(s, parse(s, text), "R0708", 1, YI_MAX_DEPTH + 1);
    assert_message_has(d, "nested more than");
    free(text);
}

static void test_hundred_thousand_brackets(void **state)
{
    SESSION(state, s);
    char *text = build("", '[', 100000, "");
    assert_refused(s, parse(s, text), "R0708", 1, YI_MAX_DEPTH + 1);
    free(text);
    text = build("{\"a\": ", '{', 100000, "");
    assert_refused(s, parse(s, text), "R0701", 1, 8); /* a name is wanted first */
    free(text);
}

static void test_nested_mappings(void **state)
{
    SESSION(state, s);
    size_t cap = 16 * 64, used = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    for (unsigned i = 0; i < 40; i++)
        used += (size_t)snprintf(text + used, cap - used, "{\"k\": ");
    /* the 33rd '{' starts at column 6 * 32 + 1 */
    assert_refused(s, parse_n(s, text, used), "R0708", 1, 6 * YI_MAX_DEPTH + 1);
    free(text);
}

/* -------------------------------------------------------- R0709 nodes */

/* "[0,0,...,0]" with n items: n + 1 nodes. */
static char *flat_list(size_t n)
{
    char *p = malloc(2 * n + 2);
    assert_non_null(p);
    p[0] = '[';
    for (size_t i = 0; i < n; i++) {
        p[1 + 2 * i] = '0';
        p[2 + 2 * i] = i + 1 < n ? ',' : ']';
    }
    p[2 * n + 1] = '\0';
    return p;
}

static void test_nodes_at_limit(void **state)
{
    SESSION(state, s);
    char *text = flat_list(YI_MAX_NODES - 1);
    yi_node *r = parse(s, text);
    free(text);
    assert_non_null(r);
    assert_clean(s);
    assert_int_equal(r->n, YI_MAX_NODES - 1);
}

static void test_too_many_nodes(void **state)
{
    SESSION(state, s);
    char *text = flat_list(YI_MAX_NODES);
    /* the last item, at column 2 * YI_MAX_NODES, is one node too many */
    const remit_diagnostic *d = assert_refused(s, parse(s, text), "R0709", 1, 2 * YI_MAX_NODES);
    assert_message_has(d, "more than");
    free(text);
}

static void test_keys_count_as_nodes(void **state)
{
    SESSION(state, s);
    enum { N = YI_MAX_NODES / 2 }; /* N keys + N values + the mapping */
    size_t cap = (size_t)N * 24 + 16, used = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    text[used++] = '{';
    for (int i = 0; i < N; i++)
        used += (size_t)snprintf(text + used, cap - used, "%s\"k%d\": 0", i ? ", " : "", i);
    text[used++] = '}';
    assert_refused(s, parse_n(s, text, used), "R0709", 1, 0);
    free(text);
}

/* ------------------------------------------------- R0710 long scalars */

static void test_scalar_at_limit(void **state)
{
    SESSION(state, s);
    char *text = build("{\"a\": \"", 'x', YI_MAX_SCALAR, "\"}");
    yi_node *r = parse(s, text);
    assert_non_null(r);
    assert_int_equal(yi_get(r, "a")->len, YI_MAX_SCALAR);
    free(text);
}

static void test_scalar_past_limit(void **state)
{
    SESSION(state, s);
    char *text = build("{\"a\": \"", 'x', YI_MAX_SCALAR + 1, "\"}");
    const remit_diagnostic *d = assert_refused(s, parse(s, text), "R0710", 1, 7);
    assert_message_has(d, "4097 bytes");
    free(text);
}

static void test_five_megabyte_string(void **state)
{
    SESSION(state, s);
    char *text = build("{\"a\": 1,\n \"b\": \"", 'x', (size_t)5 << 20, "\"}\n");
    const remit_diagnostic *d = assert_refused(s, parse(s, text), "R0710", 2, 7);
    assert_message_has(d, "5242880 bytes");
    free(text);
}

static void test_escaped_string_measured_decoded(void **state)
{
    SESSION(state, s);
    /* 4096 escapes of six bytes each: 4096 bytes once decoded */
    size_t n = YI_MAX_SCALAR;
    char *text = malloc(6 * n + 16);
    assert_non_null(text);
    size_t used = (size_t)snprintf(text, 16, "[\"");
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(text + used, 7, "\\u0041");
    memcpy(text + used, "\"]", 3);
    yi_node *r = parse(s, text);
    assert_non_null(r);
    assert_int_equal(r->items[0]->len, YI_MAX_SCALAR);
    /* one more character is too many */
    memcpy(text + used, "A\"]", 4);
    assert_refused(s, parse(s, text), "R0710", 1, 2);
    free(text);
}

static void test_long_key_and_number(void **state)
{
    SESSION(state, s);
    char *text = build("{\"a\": 1, \"", 'k', YI_MAX_SCALAR + 1, "\": 2}");
    assert_refused(s, parse(s, text), "R0710", 1, 10);
    free(text);
    text = build("{\"a\": ", '7', YI_MAX_SCALAR + 1, "}");
    assert_refused(s, parse(s, text), "R0710", 1, 7);
    free(text);
}

/* ------------------------------------------------------ R0712 NUL */

static void test_escaped_nul(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_refused(s, parse(s, "{\"a\": 1, \"b\": \"x\\u0000y\"}"),
                                               "R0712", 1, 15);
    assert_message_has(d, "NUL");
    assert_refused(s, parse(s, "{\"k\\u0000\": 1}"), "R0712", 1, 2);
}

/* ------------------------------------------------- R0005, R0006 bytes */

static void test_not_utf8(void **state)
{
    SESSION(state, s);
    static const char text[] = "{\"a\": 1,\n \"b\": \"caf\xE9\"}";
    const remit_diagnostic *d = assert_refused(s, parse_n(s, text, sizeof text - 1), "R0005", 2, 11);
    assert_message_has(d, "0xE9");
}

static void test_overlong_and_surrogate_bytes(void **state)
{
    SESSION(state, s);
    static const char overlong[] = "[\"\xC0\xAF\"]";      /* '/' in two bytes */
    assert_refused(s, parse_n(s, overlong, sizeof overlong - 1), "R0005", 1, 3);
    static const char surrogate[] = "[\"\xED\xA0\x80\"]"; /* U+D800 in UTF-8 */
    assert_refused(s, parse_n(s, surrogate, sizeof surrogate - 1), "R0005", 1, 3);
}

static void test_nul_byte(void **state)
{
    SESSION(state, s);
    static const char text[] = "{\"a\": 1, \"b\": \"x\0y\"}";
    assert_refused(s, parse_n(s, text, sizeof text - 1), "R0006", 1, 17);
}

static void test_bytes_before_syntax(void **state)
{
    SESSION(state, s);
    /* a bad byte is reported even after a fault of syntax or a control
     * character earlier on the line: the text is checked first */
    static const char text[] = "{\"a\": x\x7F, \"b\": \"\xFF\"}";
    assert_refused(s, parse_n(s, text, sizeof text - 1), "R0005", 1, 17);
}

static void test_utf16(void **state)
{
    SESSION(state, s);
    static const char text[] = "\xFF\xFE{\0\"\0a\0\"\0:\0 \0" "1\0}\0";
    assert_refused(s, parse_n(s, text, sizeof text - 1), "R0005", 1, 1);
}

/* ------------------------------------------------------ ji_parse_range */

static const char batch[] =
    "{\"matter\": \"a\"}\n"                                 /* 1: bytes 0-15 */
    "{\"matter\": \"b\"}\n"                                 /* 2: bytes 16-31 */
    "{\"matter\": \"c\", \"fields\": {\"x\": \"" POUND "1\"}}\n" /* 3: from 32 */
    "{\"matter\": \"d\", \"matter\": \"e\"}\n";             /* 4 */

static uint32_t line_start(const remit_session *s, uint32_t file, unsigned ln)
{
    const rm_file *f = s->files.v[file];
    return f->line_starts[ln - 1];
}

static void test_range_positions(void **state)
{
    SESSION(state, s);
    uint32_t file = add_input(s, batch, sizeof batch - 1);
    uint32_t a = line_start(s, file, 3), b = line_start(s, file, 4);
    yi_node *r = ji_parse_range(s, file, a, b - 1);
    assert_non_null(r);
    assert_clean(s);
    assert_int_equal(r->loc.file, file);
    assert_int_equal(r->loc.start, a);
    assert_int_equal(r->loc.end, b - 1);
    assert_node_at(s, r, 3, 1);
    assert_node_at(s, r->keys[0], 3, 2);
    assert_scalar(yi_get(r, "matter"), "c", true);
    assert_node_at(s, yi_get(r, "matter"), 3, 12);
    yi_node *x = yi_get(yi_get(r, "fields"), "x");
    assert_scalar(x, POUND "1", true);
    assert_node_at(s, x, 3, 33);
    assert_int_equal(x->loc.end - x->loc.start, 5);
    /* line 1 alone, and with its newline */
    r = ji_parse_range(s, file, 0, line_start(s, file, 2));
    assert_non_null(r);
    assert_scalar(yi_get(r, "matter"), "a", true);
}

static void test_range_stops_at_its_end(void **state)
{
    SESSION(state, s);
    uint32_t file = add_input(s, batch, sizeof batch - 1);
    /* line 1 without its closing brace: the text after the range is not read */
    const remit_diagnostic *d = assert_refused(s, ji_parse_range(s, file, 0, 14), "R0701", 1, 15);
    assert_message_has(d, "ends before it is complete");
}

static void test_range_duplicate_on_line_4(void **state)
{
    SESSION(state, s);
    uint32_t file = add_input(s, batch, sizeof batch - 1);
    uint32_t a = line_start(s, file, 4);
    const remit_diagnostic *d =
        assert_refused(s, ji_parse_range(s, file, a, sizeof batch - 1), "R0706", 4, 17);
    assert_hint_has(d, "line 4, column 2");
}

static void test_range_bad_bytes(void **state)
{
    SESSION(state, s);
    /* bad bytes outside the range do not matter; inside, they are found */
    static const char text[] = "\xFF\n{\"a\": \"x\"}\n{\"a\": \"\xC3\"}\n{\"a\": \"\0\"}\n";
    uint32_t file = add_input(s, text, sizeof text - 1);
    uint32_t l2 = line_start(s, file, 2), l3 = line_start(s, file, 3), l4 = line_start(s, file, 4);
    yi_node *r = ji_parse_range(s, file, l2, l3);
    assert_non_null(r);
    assert_scalar(yi_get(r, "a"), "x", true);
    assert_clean(s);
    assert_null(ji_parse_range(s, file, l3, l4));
    assert_diag(s, "R0005", 3, 8);
    assert_null(ji_parse_range(s, file, l4, sizeof text - 1));
    assert_diag(s, "R0006", 4, 8);
    assert_errors(s, 2);
}

static void test_range_empty(void **state)
{
    SESSION(state, s);
    static const char text[] = "{\"a\": 1}\n\n{\"b\": 2}\n";
    uint32_t file = add_input(s, text, sizeof text - 1);
    assert_refused(s, ji_parse_range(s, file, 9, 10), "R0702", 2, 1);
}

/* ------------------------------------------------------------ shapes */

/* a and b are the same tree, node for node: kinds, places, texts (with
 * their '\0'), flags, children. */
static void same_tree(const yi_node *a, const yi_node *b, const char *input)
{
    if (!a || !b) {
        if (a != b)
            fail_msg("one reader gave a tree, the other none, for: %s", input);
        return;
    }
    if (a->kind != b->kind || a->loc.file != b->loc.file || a->loc.start != b->loc.start ||
        a->loc.end != b->loc.end || a->n != b->n || a->quoted != b->quoted || a->is_null != b->is_null ||
        !a->keys != !b->keys || !a->items != !b->items)
        fail_msg("nodes differ (kind %d/%d, at %u-%u/%u-%u, n %u/%u, quoted %d/%d, null %d/%d) in: %s",
                 a->kind, b->kind, a->loc.start, a->loc.end, b->loc.start, b->loc.end, a->n, b->n, a->quoted,
                 b->quoted, a->is_null, b->is_null, input);
    if (a->kind == YI_SCALAR) {
        if (a->len != b->len || memcmp(a->text, b->text, a->len) || a->text[a->len] != '\0' ||
            b->text[b->len] != '\0')
            fail_msg("texts differ ('%s'/'%s') in: %s", a->text, b->text, input);
        return;
    }
    for (uint32_t i = 0; i < a->n; i++) {
        if (a->kind == YI_MAP)
            same_tree(a->keys[i], b->keys[i], input);
        same_tree(a->items[i], b->items[i], input);
    }
}

/* The sessions' reports are the same: codes, places, messages, hints. */
static void same_reports(const remit_session *a, const remit_session *b, const char *input)
{
    if (a->diags.n != b->diags.n || a->nerrors != b->nerrors)
        fail_msg("%u/%u reports for: %s", a->diags.n, b->diags.n, input);
    for (uint32_t i = 0; i < a->diags.n; i++) {
        const dg_item *x = a->diags.v[i], *y = b->diags.v[i];
        if (strcmp(x->code, y->code) || x->loc.start != y->loc.start || x->loc.end != y->loc.end ||
            strcmp(x->msg, y->msg) || strcmp(x->hint ? x->hint : "", y->hint ? y->hint : ""))
            fail_msg("reports differ: %s '%s' at %u / %s '%s' at %u, for: %s", x->code, x->msg, x->loc.start,
                     y->code, y->msg, y->loc.start, input);
    }
}

/* Lines of a few shapes, as programs write them. */
static const char *const shape_lines[] = {
    "{\"matter\": \"spend\", \"decider\": {\"person\": \"Ruth Jones 7373\", \"role\": \"p6\"}, \"date\": "
    "\"2026-06-13\", \"fields\": {\"amount\": \"" POUND "249,892.67\", \"category\": \"capital\", \"risk\": 6, "
    "\"supplier\": \"Supplier 27 Ltd\"}}",
    line,
    "{\"matter\": \"spend\", \"decider\": \"board\", \"date\": \"2026-06-13\", \"fields\": {\"amount\": \"" POUND
    "5\"}, \"co_signatories\": [{\"person\": \"A B\", \"role\": \"ceo\"}, {\"person\": \"C D\", \"role\": "
    "\"cfo\"}], \"attendance\": [{\"role\": \"chair\", \"present\": true}, {\"role\": \"ned\", \"present\": "
    "false}]}",
    "{\"a\":{},\"b\":[],\"c\":[[],{}],\"d\":-1.5e+3,\"e\":null}",
    "  [\"x\", 1, true, null, {\"k\": [1, 2]}]  ",
    "{\"matter\":\"spend\",\"fields\":{\"note\":\"caf\xC3\xA9 \xE2\x82\xAC\"}}",
};

/* What a hole may be given: scalars of every kind, ones the reader
 * refuses or reads with an escape, collections, nothing. */
static const char *const shape_values[] = {
    /* taken as they are (SHAPE_GOOD of them) */
    "\"x\"", "\"\"", "\"null\"", "\"true\"", "\"12\"", "\"" POUND "1\"", "\"caf\xC3\xA9\"", "12", "-0", "1.5e3",
    "true", "false", "null",
    /* read with an escape, refused, or of another kind */
    "\"a\\\"b\"", "\"\\u00e9\"", "\"\\u0000\"", "\"tab\there\"", "\"\xC3\"", "\"\xC2\x80\"", "\"\x7F\"",
    "\"\xEF\xBF\xBF\"", "01", "1.", "-", "2e", "nul", "True", "{}", "[]", "{\"k\": 1}", "[1]", "",
    "\"unclosed", "1 2", "\"x\" \"y\"",
    "LONG", /* (shape_variant) a string or number of YI_MAX_SCALAR bytes, or one more */
};
#define SHAPE_GOOD 13u

/* A byte that may break or change a line, put in or written over. */
static const char shape_bytes[] = " \"',{}[]:a1-\\\t\n\xC3\x7F";

static uint64_t shape_rand(uint64_t *x)
{
    *x = *x * 6364136223846793005u + 1442695040888963407u;
    return *x >> 33;
}

/* One changed copy of line l (at most len bytes written to out). */
static size_t shape_variant(const char *l, uint64_t *seed, char *out, size_t cap, bool value_only)
{
    size_t n = strlen(l);
    memcpy(out, l, n + 1);
    switch (value_only ? 0 : shape_rand(seed) % 8) {
    case 0: case 1: case 2: case 3: { /* a scalar value, its n-th, replaced */
        size_t holes = 0, k = shape_rand(seed) % 8;
        for (size_t i = 0; i + 1 < n; i++) {
            if (out[i] != ':' && (value_only || (out[i] != '[' && out[i] != ',')))
                continue; /* (after a ',' or '[' may be a key, or a list's item) */
            size_t a = i + 1;
            while (a < n && out[a] == ' ')
                a++;
            if (a >= n || out[a] == '{' || out[a] == '[')
                continue;
            size_t b = a;
            if (out[a] == '"') {
                b = a + 1;
                while (b < n && out[b] != '"')
                    b += out[b] == '\\' ? 2 : 1;
                b++;
            } else {
                while (b < n && !strchr(",}] ", out[b]))
                    b++;
            }
            if (b > n)
                continue;
            if (holes++ != k)
                continue;
            size_t nv = sizeof shape_values / sizeof *shape_values;
            const char *v = shape_values[shape_rand(seed) % (value_only && shape_rand(seed) % 8 ? SHAPE_GOOD : nv)];
            static char longv[YI_MAX_SCALAR + 4];
            if (!strcmp(v, "LONG")) { /* at the limit of a value, or past it */
                size_t ln = YI_MAX_SCALAR + shape_rand(seed) % 2;
                bool quoted = shape_rand(seed) % 2;
                memset(longv, quoted ? 'v' : '7', ln + 2);
                longv[0] = longv[ln + 1] = quoted ? '"' : '7';
                longv[quoted ? ln + 2 : ln] = '\0';
                v = longv;
            }
            size_t vl = strlen(v);
            if (n - (b - a) + vl >= cap)
                return n;
            memmove(out + a + vl, out + b, n - b + 1);
            memcpy(out + a, v, vl);
            return n - (b - a) + vl;
        }
        return n;
    }
    case 4: /* a byte written over */
        out[shape_rand(seed) % n] = shape_bytes[shape_rand(seed) % (sizeof shape_bytes - 1)];
        return n;
    case 5: { /* a byte put in */
        size_t at = shape_rand(seed) % (n + 1);
        if (n + 1 >= cap)
            return n;
        memmove(out + at + 1, out + at, n - at + 1);
        out[at] = shape_bytes[shape_rand(seed) % (sizeof shape_bytes - 1)];
        return n + 1;
    }
    case 6: { /* a byte taken out */
        size_t at = shape_rand(seed) % n;
        memmove(out + at, out + at + 1, n - at);
        return n - 1;
    }
    default: { /* a key given again */
        const char *dup = ", \"matter\": \"x\"";
        char *close = strrchr(out, '}');
        size_t dl = strlen(dup);
        if (!close || close == out || n + dl >= cap)
            return n;
        memmove(close + dl, close, strlen(close) + 1);
        memcpy(close, dup, dl);
        return n + dl;
    }
    }
}

/* A session to read lines with shapes in, and one to keep the shapes in
 * (ji_shapes_new), for the tests of shapes; their shapes. */
static ji_shapes *shapes_sessions(remit_session **shaped, remit_session **keep)
{
    remit_options o = rt_options();
    *shaped = remit_session_new(&o);
    *keep = remit_session_new(&o);
    assert_non_null(*shaped);
    assert_non_null(*keep);
    return ji_shapes_new(&(*keep)->arena);
}

/* Read line l (len bytes) with sh and alone: the same tree and reports;
 * whether a shape read it (ji_shapes_used went up by one) is by_shape,
 * unless that is -1.  Whether it is JSON. */
static bool shaped_as_alone(remit_session *alone, remit_session *shaped, ji_shapes *sh, const char *l, size_t len,
                            int by_shape)
{
    uint64_t used = ji_shapes_used(sh);
    rm_session_reset(alone);
    rm_session_reset(shaped);
    yi_node *a = ji_parse(alone, add_input(alone, l, len));
    yi_node *b = ji_parse_shaped(shaped, src_add(shaped, IN_NAME, NULL, l, (uint32_t)len, false), sh);
    same_tree(a, b, l);
    same_reports(alone, shaped, l);
    if (by_shape >= 0 && ji_shapes_used(sh) != used + (uint64_t)by_shape)
        fail_msg("%s read by a shape: %s", by_shape ? "not" : "", l);
    return a != NULL;
}

/* Every line read with the shapes of the lines before it gives the tree
 * and the reports of the same line read alone: thousands of lines, of a
 * few shapes, changed at random (a value of another kind, a byte put in,
 * taken out or written over, a key given twice), each read both ways;
 * first runs of lines of one shape with a value changed (most read by a
 * shape), then lines of any shape, changed in any way (shapes try, miss,
 * learn and rest), then 24 shapes in turn (more than are kept), and lines
 * larger than a shape keeps, and lines of a family of shapes that begin
 * alike and part at one run or another (a list of 0 to 3 items, a key
 * more or not), whose values are any, taken or refused: a shape tried
 * after one that failed is read on from where the two part, or not tried
 * when it would fail where the other did. */
static void test_shapes_read_as_alone(void **state)
{
    SESSION(state, alone);
    remit_session *shaped, *keep;
    ji_shapes *sh = shapes_sessions(&shaped, &keep);
    uint64_t seed = 42;
    static char buf[3 * YI_MAX_SCALAR];
    size_t n = sizeof shape_lines / sizeof *shape_lines, good = 0;
    const char *base = shape_lines[0];
    for (unsigned round = 0; round < 20000; round++) {
        if (round % 40 == 0) /* a run of lines of one shape, as a program writes */
            base = shape_lines[shape_rand(&seed) % n];
        const char *l = shape_rand(&seed) % 8 ? base : shape_lines[shape_rand(&seed) % n];
        size_t len = strlen(l);
        if (round >= 16000 && round < 17000) { /* 24 shapes in turn: they rest, then are tried again */
            len = (size_t)snprintf(buf, sizeof buf, "{\"k%u\": %u, \"v\": \"x\"}", round % 24, round);
            l = buf;
        } else if (round >= 17100 && round < 19000) { /* a family of shapes that begin alike */
            size_t nv = sizeof shape_values / sizeof *shape_values - 1; /* (not LONG) */
#define FAMILY_VALUE() \
    (shape_rand(&seed) % 4 ? shape_values[shape_rand(&seed) % SHAPE_GOOD] : shape_values[shape_rand(&seed) % nv])
            len = (size_t)snprintf(buf, sizeof buf, "{\"a\": %s, \"b\": [", FAMILY_VALUE());
            unsigned k = (unsigned)(shape_rand(&seed) % 4);
            for (unsigned j = 0; j < k; j++)
                len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", j ? ", " : "", FAMILY_VALUE());
            len += (size_t)snprintf(buf + len, sizeof buf - len, "], \"c\": {\"d\": %s", FAMILY_VALUE());
            if (shape_rand(&seed) % 2)
                len += (size_t)snprintf(buf + len, sizeof buf - len, ", \"e\": %s", FAMILY_VALUE());
            len += (size_t)snprintf(buf + len, sizeof buf - len, "}}");
#undef FAMILY_VALUE
            l = buf;
        } else if (round >= 17000 && round < 17100) { /* more values, or more text, than a shape keeps */
            size_t many = round % 2 ? 150 : 400; /* (400: 8 KB of keys) */
            len = (size_t)snprintf(buf, sizeof buf, "[");
            for (size_t i = 0; i < many; i++)
                len += (size_t)snprintf(buf + len, sizeof buf - len, "%s{\"key%zu\": %u}", i ? ", " : "", i, round);
            len += (size_t)snprintf(buf + len, sizeof buf - len, "]");
            l = buf;
        } else if (round < 8000) { /* first, lines of one shape at a time, a value changed */
            len = shape_variant(base, &seed, buf, sizeof buf, true);
            l = buf;
        } else if (shape_rand(&seed) % 10 < 7) { /* then most lines changed, some as they are */
            len = shape_variant(l, &seed, buf, sizeof buf, shape_rand(&seed) % 7 != 0);
            l = buf;
        }
        if (round == 8000) { /* the shapes read most of the first lines that are JSON */
            if (ji_shapes_used(sh) < good * 3 / 4)
                fail_msg("%llu of %zu lines read by a shape", (unsigned long long)ji_shapes_used(sh), good);
        }
        good += shaped_as_alone(alone, shaped, sh, l, len, -1);
    }
    remit_session_free(shaped);
    remit_session_free(keep);
}

/* Two shapes that begin alike and part at their fourth run (a list of
 * two items, or three): a line of the one tried second is read by it on
 * from where they part, whichever was tried first; a line that fails the
 * first where both are alike (a key, or a value the hole refuses) is
 * read alone. */
static void test_shapes_resume(void **state)
{
    SESSION(state, alone);
    remit_session *shaped, *keep;
    ji_shapes *sh = shapes_sessions(&shaped, &keep);
    static const char *const two[] = {"{\"a\": 1, \"b\": [\"x\", 2], \"c\": {\"d\": true}}",
                                      "{\"a\": 22, \"b\": [\"yy\", 33], \"c\": {\"d\": null}}"};
    static const char *const three[] = {"{\"a\": 1, \"b\": [\"x\", 2, 3], \"c\": {\"d\": true}}",
                                        "{\"a\": -4, \"b\": [\"\", 5, \"z\"], \"c\": {\"d\": false}}"};
    shaped_as_alone(alone, shaped, sh, two[0], strlen(two[0]), 0);   /* learnt */
    shaped_as_alone(alone, shaped, sh, three[0], strlen(three[0]), 0); /* `two` fails at its fourth run; learnt */
    shaped_as_alone(alone, shaped, sh, two[1], strlen(two[1]), 1);    /* `three` first, then `two` from its fourth run */
    shaped_as_alone(alone, shaped, sh, three[1], strlen(three[1]), 1);  /* `two` first, then `three` */
    shaped_as_alone(alone, shaped, sh, three[0], strlen(three[0]), 1);
    shaped_as_alone(alone, shaped, sh, two[0], strlen(two[0]), 1);
    /* alike in both up to where they fail: neither reads it */
    static const char *const neither[] = {"{\"a\": \"e\\u00e9\", \"b\": [\"x\", 2], \"c\": {\"d\": true}}",
                                          "{\"a\": 1, \"B\": [\"x\", 2], \"c\": {\"d\": true}}",
                                          "{\"a\": 1, \"b\": [\"x\", 2, [3]], \"c\": {\"d\": true}}"};
    for (size_t i = 0; i < sizeof neither / sizeof *neither; i++)
        shaped_as_alone(alone, shaped, sh, neither[i], strlen(neither[i]), 0);
    /* and each still reads its own after */
    shaped_as_alone(alone, shaped, sh, three[1], strlen(three[1]), 1);
    shaped_as_alone(alone, shaped, sh, two[1], strlen(two[1]), 1);
    remit_session_free(shaped);
    remit_session_free(keep);
}

/* The same line three times: read by its shape the second time, and the
 * tree is the shape's own, given the line's places again. */
static void test_shapes_same_line(void **state)
{
    SESSION(state, s);
    remit_options o = rt_options();
    remit_session *keep = remit_session_new(&o);
    assert_non_null(keep);
    ji_shapes *sh = ji_shapes_new(&keep->arena);
    static const char two[] = "{\"a\": \"x\", \"b\": [1, true]}\n  {\"a\": \"yy\", \"b\": [22, null]}";
    uint32_t f = add_input(s, two, sizeof two - 1);
    uint32_t l2 = line_start(s, f, 2);
    rm_session_reset(s);
    yi_node *r = ji_parse_shaped(s, add_input(s, two, l2 - 1), sh);
    assert_non_null(r);
    assert_int_equal(ji_shapes_used(sh), 0);
    r = ji_parse_shaped(s, add_input(s, two, l2 - 1), sh);
    assert_int_equal(ji_shapes_used(sh), 1);
    assert_scalar(yi_get(r, "a"), "x", true);
    /* another file of the session, its line 2: the same shape, other places and values */
    rm_session_reset(s);
    f = add_input(s, two, sizeof two - 1);
    yi_node *q = ji_parse_range(s, f, line_start(s, f, 2), sizeof two - 1);
    assert_non_null(q);
    rm_session_reset(s);
    (void)add_input(s, "x", 1);
    f = src_add(s, IN_NAME, NULL, two + l2 + 2, (uint32_t)(sizeof two - 1 - l2 - 2), false);
    r = ji_parse_shaped(s, f, sh);
    assert_int_equal(ji_shapes_used(sh), 2);
    assert_non_null(r);
    assert_int_equal(r->loc.file, f);
    assert_scalar(yi_get(r, "a"), "yy", true);
    const yi_node *b = yi_get(r, "b");
    assert_scalar(b->items[0], "22", false);
    assert_true(b->items[1]->is_null);
    assert_int_equal(b->loc.start, 17);
    assert_int_equal(r->loc.end, sizeof two - 1 - l2 - 2);
    remit_session_free(keep);
}

/* The values of tree n: it and all it holds (keys too). */
static uint64_t values_in(const yi_node *n)
{
    uint64_t v = 1;
    for (uint32_t i = 0; n->kind != YI_SCALAR && i < n->n; i++)
        v += (n->kind == YI_MAP ? values_in(n->keys[i]) : 0) + values_in(n->items[i]);
    return v;
}

/* A list of 300 items of three shapes, the 200th replaced by odd when
 * it is given, in a heap string of *lenp bytes. */
static char *shape_list(const char *odd, size_t *lenp)
{
    char *text = malloc(1 << 16);
    assert_non_null(text);
    size_t u = 0;
    uint64_t seed = 7;
    u += (size_t)sprintf(text + u, "[\n");
    for (unsigned i = 0; i < 300; i++) {
        unsigned k = (unsigned)(shape_rand(&seed) % 3);
        if (i == 200 && odd)
            u += (size_t)sprintf(text + u, ",\n%s", odd);
        else if (k == 0)
            u += (size_t)sprintf(text + u, "%s{\"matter\": \"spend\", \"amount\": \"" POUND "%u\", \"n\": %u}",
                                 i ? ",\n" : "", i * 7, i);
        else if (k == 1)
            u += (size_t)sprintf(text + u, "%s{\"matter\": \"m%u\", \"list\": [%u, \"z\", false]}", i ? ", " : "",
                                 i, i);
        else
            u += (size_t)sprintf(text + u, "%s[%u, {\"x\": null}]", i ? ",\n  " : "", i);
    }
    u += (size_t)sprintf(text + u, "\n]\n");
    *lenp = u;
    return text;
}

/* A history read an item at a time, by shapes, gives the items of the
 * list read whole, and counts its values alike; an item of a shape that
 * a shape does not take (an escape) is read by ji_run in the list, and a
 * fault in one is reported as when the list is read whole. */
static void test_shapes_in_a_list(void **state)
{
    SESSION(state, s);
    static const char *const odd[] = {
        NULL,
        "{\"matter\": \"sp\\u00e9nd\", \"amount\": \"" POUND "1\", \"n\": 1}",
        "{\"matter\": \"spend\", \"amount\": \"" POUND "1\", \"n\": 01}",
        "{\"matter\": \"spend\", \"amount\": \"\xC3\", \"n\": 1}",
        "{\"matter\": \"spend\", \"amount\": \"" POUND "1\", \"n\": 1, \"n\": 2}",
    };
    for (size_t k = 0; k < sizeof odd / sizeof *odd; k++) {
        size_t u;
        char *text = shape_list(odd[k], &u);
        remit_options o = rt_options();
        remit_session *w = remit_session_new(&o);
        assert_non_null(w);
        rm_session_reset(s);
        yi_node *whole = ji_parse(w, add_input(w, text, u));
        ji_list *l = ji_list_open(s, add_input(s, text, u));
        assert_non_null(l);
        uint32_t i = 0;
        for (yi_node *e; (e = ji_list_next(l)); i++) /* (a faulty list: those before the fault) */
            if (whole)
                same_tree(i < whole->n ? whole->items[i] : NULL, e, "the list");
        if (whole) {
            assert_int_equal(i, whole->n);
            assert_false(ji_list_failed(l));
            assert_int_equal(ji_list_values(l), values_in(whole));
            assert_clean(s);
        } else {
            assert_true(ji_list_failed(l));
            same_reports(w, s, odd[k]);
        }
        remit_session_free(w);
        free(text);
    }
}

/* ------------------------------------------------------- rendering */

static void test_rendered_with_caret(void **state)
{
    SESSION(state, s);
    assert_null(parse(s, "{\"matter\": \"spend\", \"amount\": 1, \"amount\": 2}"));
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    assert_non_null(fp);
    remit_render_text(s, fp);
    fclose(fp);
    const char *want = "input.json:1:34: error[R0706]: 'amount' is given a second time here\n"
                       "     1 | {\"matter\": \"spend\", \"amount\": 1, \"amount\": 2}\n"
                       "       |                                  ^^^^^^^^\n"
                       "  hint: 'amount' is first given at column 21";
    if (strncmp(buf, want, strlen(want)) != 0)
        fail_msg("rendered as:\n%s", buf);
    free(buf);
}

/* --------------------------------------------------- out of memory */

/* Running out of memory must land in the session's handler: everything
 * the reader allocates is arena memory, so nothing is left behind.
 *
 * Under AddressSanitizer the test runs itself again with every single
 * allocation limited to 1 MiB, so the arena's 1 MiB chunk fails at a
 * known place; the child frees its session and exits normally, and the
 * leak checker says whether anything was left.  Without sanitizers, a
 * child limits its address space instead and must simply not crash. */

enum { OOM_TEXT = 3 << 20 };

/* Fill text (OOM_TEXT bytes) with one long string or many small mappings. */
static size_t oom_text(char *text, bool long_value)
{
    size_t used;
    if (long_value) {
        memcpy(text, "[\"", 2);
        memset(text + 2, 'x', OOM_TEXT - 5);
        memcpy(text + OOM_TEXT - 3, "\"]", 2);
        used = OOM_TEXT - 1;
    } else {
        used = (size_t)snprintf(text, OOM_TEXT, "[");
        for (size_t i = 0; i < 40000; i++)
            used += (size_t)snprintf(text + used, OOM_TEXT - used, "{\"k%zu\": \"v\", \"w\": [1]},", i);
        text[used - 1] = ']';
    }
    text[used] = '\0';
    return used;
}

#ifdef RT_SANITIZED
#include <sys/mman.h>

/* The re-run: 0 when the parse ran out of memory and landed in the
 * session's handler (the long value is refused as too long first, so it
 * is for the many mappings that memory runs out). */
static int oom_rerun(const char *which)
{
    remit_session *s = remit_session_new(NULL);
    char *text = mmap(NULL, OOM_TEXT, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (!s || text == MAP_FAILED)
        return 4;
    size_t used = oom_text(text, !strcmp(which, "value"));
    uint32_t file = src_add(s, IN_NAME, NULL, text, (uint32_t)used, true);
    int rc = 3; /* it had enough memory after all */
    rm_guard g;
    if (setjmp(g.jb)) {
        rc = 0;
    } else {
        rm_guard_enter(s, &g); /* the recovery point, as an entry point's protected call sets it */
        if (!ji_parse(s, file) && !strcmp(which, "value"))
            rc = 0; /* refused (R0710) without running out */
    }
    remit_session_free(s);
    munmap(text, OOM_TEXT);
    return rc;
}

static int oom_exec(void *arg)
{
    setenv("JT_OOM", arg, 1);
    setenv("ASAN_OPTIONS", "allocator_may_return_null=1:max_allocation_size_mb=1", 1);
    execl("/proc/self/exe", "test_jsonin", (char *)NULL);
    return 6;
}

static void test_out_of_memory(void **state)
{
    (void)state;
    static const char *const which[] = {"value", "nodes"};
    for (size_t i = 0; i < 2; i++) {
        int rc = rt_in_child(oom_exec, (void *)which[i]);
        if (rc)
            fail_msg("out of memory (%s): child status %d (%s)", which[i], rc,
                     rc == 3 ? "it never ran out" : "a leak, a crash or a sanitizer report");
    }
}
#else
static int oom_child(void *arg)
{
    size_t headroom = *(size_t *)arg;
    remit_session *s = remit_session_new(NULL);
    char *text = malloc(OOM_TEXT);
    if (!s || !text)
        return 4;
    size_t used = oom_text(text, headroom & 1);
    uint32_t file = add_input(s, text, used);
    free(text);
    FILE *fp = fopen("/proc/self/statm", "r");
    unsigned long pages = 0;
    if (!fp || fscanf(fp, "%lu", &pages) != 1)
        return 5;
    fclose(fp);
    struct rlimit rl;
    rl.rlim_cur = rl.rlim_max = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + (headroom & ~(size_t)1);
    if (setrlimit(RLIMIT_AS, &rl) != 0)
        return 5;
    rm_guard g;
    if (setjmp(g.jb))
        return 0;
    rm_guard_enter(s, &g);
    ji_parse(s, file);
    return 3; /* it had enough memory after all */
}

static void test_out_of_memory(void **state)
{
    (void)state;
    /* the low bit picks the long value instead of many mappings */
    static size_t headroom[] = {64 << 10, 256 << 10, 1 << 20, 2 << 20, 4 << 20,
                                (64 << 10) | 1, (1 << 20) | 1};
    int reached = 0;
    for (size_t i = 0; i < sizeof headroom / sizeof headroom[0]; i++) {
        int rc = rt_in_child(oom_child, &headroom[i]);
        if (rc != 0 && rc != 3)
            fail_msg("with %zu bytes to spare: child status %d", headroom[i], rc);
        reached += rc == 0;
    }
    assert_true(reached > 0);
}
#endif

int main(void)
{
#ifdef RT_SANITIZED
    if (getenv("JT_OOM"))
        return oom_rerun(getenv("JT_OOM"));
#endif
    const struct CMUnitTest tests[] = {
        RT_TEST(test_decision_line),
        RT_TEST(test_json_lines),
        RT_TEST(test_numbers_and_words),
        RT_TEST(test_escapes),
        RT_TEST(test_lone_surrogates),
        RT_TEST(test_low_surrogate_first),
        RT_TEST(test_high_surrogate_then_other),
        RT_TEST(test_high_surrogate_at_end),
        RT_TEST(test_bad_escape),
        RT_TEST(test_bad_unicode_escape),
        RT_TEST(test_get),
        RT_TEST(test_same_key_in_sibling_mappings),
        RT_TEST(test_large_mapping),
        RT_TEST(test_large_mapping_duplicate),
        RT_TEST(test_long_keys_alike),
        RT_TEST(test_byte_order_mark),
        RT_TEST(test_missing_comma),
        RT_TEST(test_missing_comma_in_list),
        RT_TEST(test_extra_comma),
        RT_TEST(test_trailing_comma),
        RT_TEST(test_single_quotes),
        RT_TEST(test_bare_words),
        RT_TEST(test_missing_colon),
        RT_TEST(test_missing_value),
        RT_TEST(test_bad_numbers),
        RT_TEST(test_comments),
        RT_TEST(test_mismatched_bracket),
        RT_TEST(test_unclosed_string),
        RT_TEST(test_unclosed_brackets),
        RT_TEST(test_raw_tab_in_string),
        RT_TEST(test_raw_line_break_in_string),
        RT_TEST(test_control_character),
        RT_TEST(test_empty),
        RT_TEST(test_blanks_only),
        RT_TEST(test_null_only),
        RT_TEST(test_trailing_garbage),
        RT_TEST(test_extra_bracket),
        RT_TEST(test_two_values),
        RT_TEST(test_duplicate_key),
        RT_TEST(test_duplicate_key_escaped),
        RT_TEST(test_duplicate_key_first_in_text),
        RT_TEST(test_duplicate_key_shown_safely),
        RT_TEST(test_nesting_at_limit),
        RT_TEST(test_nesting_past_limit),
        RT_TEST(test_hundred_thousand_brackets),
        RT_TEST(test_nested_mappings),
        RT_TEST(test_nodes_at_limit),
        RT_TEST(test_too_many_nodes),
        RT_TEST(test_keys_count_as_nodes),
        RT_TEST(test_scalar_at_limit),
        RT_TEST(test_scalar_past_limit),
        RT_TEST(test_five_megabyte_string),
        RT_TEST(test_escaped_string_measured_decoded),
        RT_TEST(test_long_key_and_number),
        RT_TEST(test_escaped_nul),
        RT_TEST(test_not_utf8),
        RT_TEST(test_overlong_and_surrogate_bytes),
        RT_TEST(test_nul_byte),
        RT_TEST(test_bytes_before_syntax),
        RT_TEST(test_utf16),
        RT_TEST(test_range_positions),
        RT_TEST(test_range_stops_at_its_end),
        RT_TEST(test_range_duplicate_on_line_4),
        RT_TEST(test_range_bad_bytes),
        RT_TEST(test_range_empty),
        RT_TEST(test_rendered_with_caret),
        RT_TEST(test_shapes_read_as_alone),
        RT_TEST(test_shapes_same_line),
        RT_TEST(test_shapes_resume),
        RT_TEST(test_shapes_in_a_list),
        cmocka_unit_test(test_out_of_memory),
    };
    return rt_run_tests(tests);
}
