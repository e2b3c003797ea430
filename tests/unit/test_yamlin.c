/*
 * test_yamlin.c - yamlin.c: YAML and JSON input read into a yi_node tree
 * with positions, and every kind of hostile input refused with one error
 * at its file:line:col (R0701-R0710, R0005, R0006).
 *
 * Each test registers its input as the file "input.yaml" in the fixture's
 * session and calls yi_parse or yi_parse_range directly.
 */
#include <sys/resource.h>

#include "helpers.h"

#include "internal.h"
#include "yamlin.h"

#define POUND "\xC2\xA3"
#define IN_NAME "input.yaml"
#include "reader_helpers.h"

static yi_node *parse_n(remit_session *s, const char *text, size_t len)
{
    return yi_parse(s, add_input(s, text, len));
}

static yi_node *parse(remit_session *s, const char *text)
{
    return parse_n(s, text, strlen(text));
}

/* A heap string of n copies of c. */
static char *repeat(char c, size_t n)
{
    char *p = malloc(n + 1);
    assert_non_null(p);
    memset(p, c, n);
    p[n] = '\0';
    return p;
}


/* ------------------------------------------------------ reading a tree */

static const char decision[] =
    "# a decision\n"                                     /* 1 */
    "matter: spend\n"                                    /* 2 */
    "decider: cfo\n"                                     /* 3 */
    "fields:\n"                                          /* 4 */
    "  amount: \"" POUND "750,000\"\n"                   /* 5 */
    "  risk: 12\n"                                       /* 6 */
    "  note: ~\n"                                        /* 7 */
    "  supplier: 'Acme Health Ltd'\n"                    /* 8 */
    "co_signatories:\n"                                  /* 9 */
    "  - ceo\n"                                          /* 10 */
    "  - \"chair\"\n"                                    /* 11 */
    "context: { incident_level: 0, name: " POUND "x }\n" /* 12 */
    "# the end\n";                                       /* 13 */

static void test_decision(void **state)
{
    SESSION(state, s);
    yi_node *r = parse(s, decision);
    assert_non_null(r);
    assert_clean(s);
    assert_int_equal(r->kind, YI_MAP);
    assert_int_equal(r->n, 5);
    assert_node_at(s, r, 2, 1);
    assert_scalar(r->keys[0], "matter", false);
    assert_scalar(r->items[0], "spend", false);
    assert_node_at(s, r->items[0], 2, 9);
    assert_scalar(r->keys[1], "decider", false);
    assert_node_at(s, r->keys[1], 3, 1);

    yi_node *fields = yi_get(r, "fields");
    assert_non_null(fields);
    assert_int_equal(fields->kind, YI_MAP);
    assert_int_equal(fields->n, 4);
    assert_node_at(s, fields, 5, 3);
    yi_node *amount = yi_get(fields, "amount");
    assert_scalar(amount, POUND "750,000", true);
    assert_node_at(s, amount, 5, 11);           /* the opening quote */
    /* the location covers the quotes: 10 characters, 11 bytes */
    assert_int_equal(amount->loc.end - amount->loc.start, 11);
    assert_scalar(yi_get(fields, "risk"), "12", false);
    assert_false(yi_get(fields, "risk")->is_null);
    yi_node *note = yi_get(fields, "note");
    assert_scalar(note, "~", false);
    assert_true(note->is_null);
    assert_scalar(yi_get(fields, "supplier"), "Acme Health Ltd", true);
    assert_node_at(s, yi_get(fields, "supplier"), 8, 13);
    /* a block mapping ends with its last value, not at the next line */
    unsigned l, c;
    dg_linecol(s->files.v[fields->loc.file], fields->loc.end - 1, &l, &c);
    assert_int_equal(l, 8);

    yi_node *co = yi_get(r, "co_signatories");
    assert_non_null(co);
    assert_int_equal(co->kind, YI_SEQ);
    assert_int_equal(co->n, 2);
    assert_null(co->keys);
    assert_node_at(s, co, 10, 3);
    assert_scalar(co->items[0], "ceo", false);
    assert_node_at(s, co->items[0], 10, 5);
    assert_scalar(co->items[1], "chair", true);
    assert_node_at(s, co->items[1], 11, 5);

    yi_node *ctx = yi_get(r, "context");
    assert_non_null(ctx);
    assert_int_equal(ctx->kind, YI_MAP);
    assert_int_equal(ctx->n, 2);
    assert_node_at(s, ctx, 12, 10);
    /* a flow mapping ends at its closing brace */
    const rm_file *f = s->files.v[ctx->loc.file];
    assert_int_equal(f->text[ctx->loc.end - 1], '}');
    assert_scalar(yi_get(ctx, "incident_level"), "0", false);
    yi_node *name = yi_get(ctx, "name");
    assert_scalar(name, POUND "x", false);
    assert_node_at(s, name, 12, 37);            /* '£' is one column */
}

static void test_json(void **state)
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
    assert_scalar(r->keys[0], "matter", true); /* JSON keys are quoted */
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
    yi_node *blank = yi_get(fields, "blank");
    assert_scalar(blank, "", true);
    assert_false(blank->is_null); /* "" is text, not an absent value */
    yi_node *co = yi_get(r, "co_signatories");
    assert_int_equal(co->kind, YI_SEQ);
    assert_int_equal(co->n, 4);
    assert_int_equal(co->items[1]->kind, YI_SEQ);
    assert_int_equal(co->items[1]->n, 2);
    assert_int_equal(co->items[2]->kind, YI_MAP);
    assert_int_equal(co->items[2]->n, 0);
    assert_int_equal(co->items[3]->kind, YI_SEQ);
    assert_int_equal(co->items[3]->n, 0);
    assert_int_equal(s->files.n, 1);
}

static void test_scalar_flags(void **state)
{
    SESSION(state, s);
    yi_node *r = parse(s,
                       "plain: 12\n"
                       "single: '12'\n"
                       "double: \"12\"\n"
                       "literal: |\n  two\n  lines\n"
                       "folded: >\n  one\n  line\n"
                       "tilde: ~\n"
                       "null1: null\n"
                       "null2: Null\n"
                       "null3: NULL\n"
                       "empty:\n"
                       "nUll: nUll\n"
                       "qnull: \"null\"\n"
                       "str: !!str 12\n"
                       "int: !!int \"12\"\n"
                       "tnull: !!null ''\n"
                       "long: !<tag:yaml.org,2002:str> yes\n"
                       "esc: \"a\\tb\"\n");
    assert_non_null(r);
    assert_clean(s);
    assert_scalar(yi_get(r, "plain"), "12", false);
    assert_scalar(yi_get(r, "single"), "12", true);
    assert_scalar(yi_get(r, "double"), "12", true);
    assert_scalar(yi_get(r, "literal"), "two\nlines\n", true);
    assert_scalar(yi_get(r, "folded"), "one line\n", true);
    static const char *const nulls[] = {"tilde", "null1", "null2", "null3", "empty", "tnull"};
    for (size_t i = 0; i < sizeof nulls / sizeof nulls[0]; i++)
        if (!yi_get(r, nulls[i])->is_null)
            fail_msg("'%s' should be null", nulls[i]);
    assert_scalar(yi_get(r, "empty"), "", false);
    static const char *const texts[] = {"plain", "single", "literal", "nUll", "qnull", "str"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (yi_get(r, texts[i])->is_null)
            fail_msg("'%s' should not be null", texts[i]);
    /* an explicit core tag says what the value is, whatever its quotes */
    assert_scalar(yi_get(r, "str"), "12", true);
    assert_scalar(yi_get(r, "int"), "12", false);
    assert_scalar(yi_get(r, "long"), "yes", true);
    assert_scalar(yi_get(r, "esc"), "a\tb", true);
}

/* Tags of the core schema are accepted on their own kind of node, in
 * short and long forms and through a %TAG directive. */
static void test_core_tags_accepted(void **state)
{
    SESSION(state, s);
    yi_node *r = parse(s,
                       "%TAG !c! tag:yaml.org,2002:\n"
                       "---\n"
                       "a: !!map {b: !!bool true, c: !!float 1.5, d: !!seq [!!int 1]}\n"
                       "e: !c!str x\n"
                       "f: !<tag:yaml.org,2002:seq> []\n");
    assert_non_null(r);
    assert_clean(s);
    assert_scalar(yi_get(r, "e"), "x", true);
    assert_int_equal(yi_get(r, "f")->kind, YI_SEQ);
    assert_int_equal(yi_get(yi_get(r, "a"), "d")->kind, YI_SEQ);
}

/* Columns count characters: a byte order mark, '£', CRLF line ends. */
static void test_positions_bom_crlf(void **state)
{
    SESSION(state, s);
    static const char text[] = "\xEF\xBB\xBF" "a: " POUND POUND "1\r\n"
                               "b: [x, " POUND "y]\r\n"
                               "c:\r\n  d: e\r\n";
    yi_node *r = parse_n(s, text, sizeof text - 1);
    assert_non_null(r);
    assert_clean(s);
    assert_int_equal(r->n, 3);
    assert_int_equal(r->keys[0]->loc.start, 3); /* after the BOM */
    assert_scalar(yi_get(r, "a"), POUND POUND "1", false);
    assert_int_equal(yi_get(r, "a")->loc.start, 6);
    assert_int_equal(yi_get(r, "a")->loc.end, 11);
    assert_node_at(s, r->keys[1], 2, 1);
    yi_node *b = yi_get(r, "b");
    assert_node_at(s, b->items[1], 2, 8);
    assert_scalar(b->items[1], POUND "y", false);
    assert_node_at(s, yi_get(yi_get(r, "c"), "d"), 4, 6);
}

static void test_get(void **state)
{
    SESSION(state, s);
    yi_node *r = parse(s, "amount: 1\namounts: 2\n\"\": 3\nlist: [amount]\n");
    assert_non_null(r);
    assert_scalar(yi_get(r, "amount"), "1", false);
    assert_scalar(yi_get(r, "amounts"), "2", false);
    assert_scalar(yi_get(r, ""), "3", false);
    assert_null(yi_get(r, "amoun"));
    assert_null(yi_get(r, "Amount"));
    assert_null(yi_get(r, "missing"));
    assert_null(yi_get(yi_get(r, "list"), "amount")); /* not a mapping */
    assert_null(yi_get(yi_get(r, "amount"), "amount"));
    assert_null(yi_get(NULL, "amount"));
}

/* The same key in different mappings is no duplicate. */
static void test_same_key_in_sibling_mappings(void **state)
{
    SESSION(state, s);
    yi_node *r = parse(s, "- {matter: a, date: 1}\n- {matter: b, date: 2}\n"
                          "- matter: c\n  inner: {matter: d}\n");
    assert_non_null(r);
    assert_clean(s);
    assert_int_equal(r->n, 3);
    assert_scalar(yi_get(r->items[1], "matter"), "b", false);
    assert_scalar(yi_get(yi_get(r->items[2], "inner"), "matter"), "d", false);
}

/* A mapping of 40,000 keys is read (duplicates are found by hashing, not
 * by comparing every pair). */
static void test_large_mapping(void **state)
{
    SESSION(state, s);
    enum { N = 40000 };
    size_t cap = (size_t)N * 16 + 16, used = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    for (int i = 0; i < N; i++)
        used += (size_t)snprintf(text + used, cap - used, "k%d: %d\n", i, i);
    yi_node *r = parse_n(s, text, used);
    free(text);
    assert_non_null(r);
    assert_clean(s);
    assert_int_equal(r->n, N);
    assert_scalar(yi_get(r, "k39999"), "39999", false);
}

/* ------------------------------------------------ R0701 malformed input */

static void test_malformed_yaml(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_refused(s, parse(s, "matter: spend\nfields:\n  a: 1\n b: 2\n"),
                                               "R0701", 4, 2);
    assert_message_has(d, "this is not valid YAML or JSON: did not find expected key");
    assert_message_has(d, "while parsing a block mapping that starts on line 1");
    assert_hint_has(d, "indentation");
}

static void test_malformed_colon_in_value(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_refused(s, parse(s, "a: 1\nnote: see: here\n"),
                                               "R0701", 2, 10);
    assert_message_has(d, "mapping values are not allowed");
    assert_hint_has(d, "quotes");
}

static void test_malformed_unclosed_quote(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_refused(s, parse(s, "a: \"open\nb: 2\n"), "R0701", 2, 5);
    assert_message_has(d, "found unexpected end of stream");
    assert_hint_has(d, "quotation mark opened on line 1 is not closed");
}

static void test_malformed_tab(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_refused(s, parse(s, "a:\n\tb: 1\n"), "R0701", 2, 1);
    assert_hint_has(d, "tabs");
}

static void test_malformed_json(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_refused(s, parse(s, "{\"a\": 1\n \"b\": 2}\n"), "R0701", 2, 5);
    assert_message_has(d, "did not find expected ',' or '}'");
    assert_hint_has(d, "comma");
}

static void test_malformed_json_extra_comma(void **state)
{
    SESSION(state, s);
    assert_refused(s, parse(s, "{\"a\": 1,, \"b\": 2}"), "R0701", 1, 9);
}

static void test_malformed_at_sign(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_refused(s, parse(s, "who: @cfo\n"), "R0701", 1, 6);
    assert_hint_has(d, "'@'");
}

static void test_control_character(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_refused(s, parse(s, "a: 1\nb: \"x\x7F\"\n"), "R0701", 2, 6);
    assert_message_has(d, "control character (U+007F)");
}

/* ------------------------------------------------------ R0702 empty */

static void test_empty(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_refused(s, parse(s, ""), "R0702", 1, 1);
    assert_message_has(d, "empty");
}

static void test_blank_lines_only(void **state)
{
    SESSION(state, s);
    assert_refused(s, parse(s, "\n   \n\n"), "R0702", 1, 1);
}

static void test_comment_only(void **state)
{
    SESSION(state, s);
    assert_refused(s, parse(s, "# nothing here yet\n# still nothing\n"), "R0702", 1, 1);
}

static void test_document_of_null(void **state)
{
    SESSION(state, s);
    assert_refused(s, parse(s, "null\n"), "R0702", 1, 1);
}

static void test_document_of_nothing(void **state)
{
    SESSION(state, s);
    assert_refused(s, parse(s, "# header\n---\n"), "R0702", 0, 0);
}

/* ------------------------------------------------- R0703 two documents */

static void test_two_documents(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_refused(s, parse(s, "matter: a\n---\nmatter: b\n"),
                                               "R0703", 2, 1);
    assert_message_has(d, "second document");
}

static void test_two_explicit_documents(void **state)
{
    SESSION(state, s);
    assert_refused(s, parse(s, "---\nmatter: a\n...\n---\nmatter: b\n"), "R0703", 4, 1);
}

static void test_json_then_garbage(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_refused(s, parse(s, "{\"matter\": \"a\"} trailing"),
                                               "R0703", 1, 17);
    assert_message_has(d, "more after the end");
    assert_hint_has(d, "mapping that starts on line 1");
}

static void test_json_extra_bracket(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_refused(s, parse(s, "{\"a\": [1, 2]}}\n"), "R0703", 1, 14);
    assert_hint_has(d, "extra closing bracket");
}

static void test_two_json_values(void **state)
{
    SESSION(state, s);
    assert_refused(s, parse(s, "{\"a\": 1}\n{\"b\": 2}\n"), "R0703", 2, 1);
}

static void test_more_after_document_end(void **state)
{
    SESSION(state, s);
    assert_refused(s, parse(s, "a: 1\n...\nb: 2\n"), "R0703", 3, 1);
}

/* --------------------------------------------------- R0704 aliases */

static const char billion_laughs[] =
    "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";

static void test_billion_laughs(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_refused(s, parse(s, billion_laughs), "R0704", 1, 4);
    assert_message_has(d, "anchors or aliases ('&a')");
}

static void test_alias(void **state)
{
    SESSION(state, s);
    /* an alias to nothing is still refused as an alias, not as malformed */
    const remit_diagnostic *d = assert_refused(s, parse(s, "a: 1\nb: *x\n"), "R0704", 2, 4);
    assert_message_has(d, "'*x'");
    assert_int_equal(d->end_col, 5);
}

static void test_anchor_on_mapping(void **state)
{
    SESSION(state, s);
    assert_refused(s, parse(s, "base: &base\n  a: 1\nother:\n  <<: *base\n"), "R0704", 1, 7);
}

/* ------------------------------------------------------- R0705 tags */

static void test_python_tag(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d =
        assert_refused(s, parse(s, "matter: spend\nrun: !!python/object/apply:os.system [\"rm -rf /\"]\n"),
                       "R0705", 2, 6);
    assert_message_has(d, "'!!python/object/apply:os.system'");
}

static void test_custom_tag(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_refused(s, parse(s, "a: !custom 1\n"), "R0705", 1, 4);
    assert_message_has(d, "'!custom'");
}

static void test_non_specific_tag(void **state)
{
    SESSION(state, s);
    assert_refused(s, parse(s, "a: ! 1\n"), "R0705", 1, 4);
}

static void test_core_tag_on_wrong_kind(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_refused(s, parse(s, "a: !!map [1]\n"), "R0705", 1, 4);
    assert_message_has(d, "does not fit this list");
}

static void test_tag_shown_safely(void **state)
{
    SESSION(state, s);
    /* %1b in a tag is an escape character once libyaml decodes it */
    const remit_diagnostic *d = assert_refused(s, parse(s, "a: !%1b x\n"), "R0705", 1, 4);
    assert_null(strchr(d->message, '\x1b'));
    assert_message_has(d, "'!?'");
}

/* ------------------------------------------------ R0706 duplicate keys */

static void test_duplicate_key(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_refused(
        s, parse(s, "matter: spend\nfields:\n  amount: 1\n  risk: 2\n  amount: 3\n"), "R0706", 5, 3);
    assert_message_has(d, "'amount'");
    assert_hint_has(d, "line 3");
    assert_int_equal(d->end_col, 8);
}

static void test_duplicate_key_quoted_and_plain(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_refused(s, parse(s, "{\"a\": 1,\n a: 2}"), "R0706", 2, 2);
    assert_hint_has(d, "line 1");
}

static void test_duplicate_key_first_in_stream(void **state)
{
    SESSION(state, s);
    /* the outer duplicate comes first in the text, though its mapping
     * closes last */
    assert_refused(s, parse(s, "a: 1\na:\n  b: 1\n  b: 2\n"), "R0706", 2, 1);
}

static void test_duplicate_key_shown_safely(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_refused(s, parse(s, "\"\\e[2J\": 1\n\"\\e[2J\": 2\n"),
                                               "R0706", 2, 1);
    assert_null(strchr(d->message, '\x1b'));
}

/* ---------------------------------------------- R0707 collection as key */

static void test_sequence_as_key(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_refused(s, parse(s, "? [a, b]\n: 1\n"), "R0707", 1, 3);
    assert_message_has(d, "list");
}

static void test_mapping_as_key(void **state)
{
    SESSION(state, s);
    const remit_diagnostic *d = assert_refused(s, parse(s, "{{a: 1}: 2}"), "R0707", 1, 2);
    assert_message_has(d, "mapping");
}

/* ----------------------------------------------------- R0708 nesting */

static char *nested(size_t open, size_t close)
{
    char *p = malloc(open + close + 1);
    assert_non_null(p);
    memset(p, '[', open);
    memset(p + open, ']', close);
    p[open + close] = '\0';
    return p;
}

static void test_nesting_at_limit(void **state)
{
    SESSION(state, s);
    char *text = nested(YI_MAX_DEPTH, YI_MAX_DEPTH);
    yi_node *r = parse(s, text);
    free(text);
    assert_non_null(r);
    assert_clean(s);
    unsigned depth = 0;
    for (const yi_node *n = r; n->kind == YI_SEQ; n = n->n ? n->items[0] : n) {
        depth++;
        if (!n->n)
            break;
    }
    assert_int_equal(depth, YI_MAX_DEPTH);
}

static void test_nesting_past_limit(void **state)
{
    SESSION(state, s);
    char *text = nested(YI_MAX_DEPTH + 1, YI_MAX_DEPTH + 1);
    assert_refused(s, parse(s, text), "R0708", 1, YI_MAX_DEPTH + 1);
    free(text);
}

static void test_ten_thousand_brackets(void **state)
{
    SESSION(state, s);
    char *text = nested(10000, 0);
    assert_refused(s, parse(s, text), "R0708", 1, YI_MAX_DEPTH + 1);
    free(text);
}

static void test_block_nesting(void **state)
{
    SESSION(state, s);
    size_t cap = 64 * 64 * 2, used = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    for (unsigned i = 0; i < 40; i++)
        used += (size_t)snprintf(text + used, cap - used, "%*sk%u:\n", (int)(2 * i), "", i);
    assert_refused(s, parse_n(s, text, used), "R0708", YI_MAX_DEPTH + 1, 2 * YI_MAX_DEPTH + 1);
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

/* libyaml reads some two million events a second, so the count is checked
 * at a lower limit (yi_parse_max, the code yi_parse runs with YI_MAX_NODES);
 * test_jsonin.c and tests/eval-bad.sh check YI_MAX_NODES itself. */
enum { LOW_NODES = 20000 };

static yi_node *parse_max(remit_session *s, const char *text, size_t len, uint32_t max)
{
    return yi_parse_max(s, add_input(s, text, len), max);
}

static void test_nodes_at_limit(void **state)
{
    SESSION(state, s);
    char *text = flat_list(LOW_NODES - 1);
    yi_node *r = parse_max(s, text, strlen(text), LOW_NODES);
    free(text);
    assert_non_null(r);
    assert_clean(s);
    assert_int_equal(r->n, LOW_NODES - 1);
}

static void test_too_many_nodes(void **state)
{
    SESSION(state, s);
    char *text = flat_list(LOW_NODES);
    /* the last item, at column 2 * LOW_NODES, is one node too many */
    const remit_diagnostic *d = assert_refused(s, parse_max(s, text, strlen(text), LOW_NODES), "R0709", 1,
                                               2 * LOW_NODES);
    assert_message_has(d, "more than 20000 values");
    assert_hint_has(d, "a history needs only the decisions within the periods"); /* no "split it" */
    free(text);
}

/* A limit above YI_MAX_NODES is YI_MAX_NODES. */
static void test_nodes_limit_capped(void **state)
{
    SESSION(state, s);
    const char text[] = "[0, 0]";
    assert_non_null(parse_max(s, text, sizeof text - 1, UINT32_MAX));
    assert_clean(s);
    assert_true(YI_MAX_NODES >= 2000000u); /* a register of 100,000 people fits (SPEC 7.14) */
}

static void test_keys_count_as_nodes(void **state)
{
    SESSION(state, s);
    enum { N = LOW_NODES / 2 }; /* N keys + N values + the mapping */
    size_t cap = (size_t)N * 16 + 16, used = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    for (int i = 0; i < N; i++)
        used += (size_t)snprintf(text + used, cap - used, "k%d: 0\n", i);
    assert_refused(s, parse_max(s, text, used, LOW_NODES), "R0709", N, 0);
    free(text);
}

/* ------------------------------------------------- R0710 long scalars */

static void test_scalar_at_limit(void **state)
{
    SESSION(state, s);
    char *v = repeat('x', YI_MAX_SCALAR);
    size_t n = strlen(v) + 16;
    char *text = malloc(n);
    assert_non_null(text);
    snprintf(text, n, "a: %s\n", v);
    yi_node *r = parse(s, text);
    assert_non_null(r);
    assert_int_equal(yi_get(r, "a")->len, YI_MAX_SCALAR);
    free(text);
    free(v);
}

static void test_five_megabyte_scalar(void **state)
{
    SESSION(state, s);
    size_t big = (size_t)5 << 20;
    char *text = malloc(big + 16);
    assert_non_null(text);
    memcpy(text, "a: 1\nb: \"", 9);
    memset(text + 9, 'x', big);
    memcpy(text + 9 + big, "\"\n", 3);
    const remit_diagnostic *d = assert_refused(s, parse(s, text), "R0710", 2, 4);
    assert_message_has(d, "5242880 bytes");
    free(text);
}

/* libyaml itself refuses an implicit key ("name: value") longer than
 * 1024 characters; an explicit one ("? name") reaches our limit. */
static void test_long_key(void **state)
{
    SESSION(state, s);
    char *k = repeat('k', YI_MAX_SCALAR + 1);
    size_t n = strlen(k) + 16;
    char *text = malloc(n);
    assert_non_null(text);
    snprintf(text, n, "a: 1\n? %s\n: 2\n", k);
    assert_refused(s, parse(s, text), "R0710", 2, 3);
    free(text);
    free(k);
}

static void test_long_implicit_key(void **state)
{
    SESSION(state, s);
    char *k = repeat('k', 1100);
    size_t n = strlen(k) + 16;
    char *text = malloc(n);
    assert_non_null(text);
    snprintf(text, n, "a: 1\n%s: 2\n", k);
    const remit_diagnostic *d = assert_refused(s, parse(s, text), "R0701", 2, 0);
    assert_hint_has(d, "1024");
    free(text);
    free(k);
}

/* ------------------------------------------------- R0005, R0006 bytes */

static void test_not_utf8(void **state)
{
    SESSION(state, s);
    static const char text[] = "a: 1\nb: caf\xE9\n";
    assert_refused(s, parse_n(s, text, sizeof text - 1), "R0005", 2, 7);
}

static void test_nul_byte(void **state)
{
    SESSION(state, s);
    static const char text[] = "a: 1\nb: x\0y\n";
    assert_refused(s, parse_n(s, text, sizeof text - 1), "R0006", 2, 5);
}

static void test_utf16(void **state)
{
    SESSION(state, s);
    static const char text[] = "\xFF\xFE" "a\0:\0 \0" "1\0";
    assert_refused(s, parse_n(s, text, sizeof text - 1), "R0005", 1, 1);
}

/* ------------------------------------------------------ yi_parse_range */

static const char batch[] =
    "{\"matter\": \"a\"}\n"                             /* 1: bytes 0-15 */
    "{\"matter\": \"b\"}\n"                             /* 2: bytes 16-31 */
    "{\"matter\": \"c\", \"fields\": {\"x\": " POUND "1}}\n" /* 3: from 32 */
    "{\"matter\": \"d\", \"matter\": \"e\"}\n";         /* 4 */

static uint32_t line_start(const remit_session *s, uint32_t file, unsigned line)
{
    const rm_file *f = s->files.v[file];
    return f->line_starts[line - 1];
}

static void test_range_positions(void **state)
{
    SESSION(state, s);
    uint32_t file = add_input(s, batch, sizeof batch - 1);
    uint32_t a = line_start(s, file, 3), b = line_start(s, file, 4);
    yi_node *r = yi_parse_range(s, file, a, b - 1);
    assert_non_null(r);
    assert_clean(s);
    assert_int_equal(r->loc.file, file);
    assert_int_equal(r->loc.start, a);
    assert_node_at(s, r, 3, 1);
    assert_node_at(s, r->keys[0], 3, 2);
    assert_scalar(yi_get(r, "matter"), "c", true);
    assert_node_at(s, yi_get(r, "matter"), 3, 12);
    yi_node *x = yi_get(yi_get(r, "fields"), "x");
    assert_scalar(x, POUND "1", false);
    assert_node_at(s, x, 3, 33);
    assert_int_equal(x->loc.end - x->loc.start, 3);
    /* line 1 alone, and with its newline */
    r = yi_parse_range(s, file, 0, line_start(s, file, 2));
    assert_non_null(r);
    assert_scalar(yi_get(r, "matter"), "a", true);
}

static void test_range_error_on_line_3(void **state)
{
    SESSION(state, s);
    static const char text[] = "a: 1\nb: 2\nmatter: spend, risk: [1, 2\nd: 4\n";
    uint32_t file = add_input(s, text, sizeof text - 1);
    uint32_t a = line_start(s, file, 3), b = line_start(s, file, 4);
    const remit_diagnostic *d = assert_refused(s, yi_parse_range(s, file, a, b), "R0701", 3, 0);
    assert_message_has(d, "not valid YAML or JSON");
}

static void test_range_duplicate_on_line_4(void **state)
{
    SESSION(state, s);
    uint32_t file = add_input(s, batch, sizeof batch - 1);
    uint32_t a = line_start(s, file, 4);
    const remit_diagnostic *d =
        assert_refused(s, yi_parse_range(s, file, a, sizeof batch - 1), "R0706", 4, 17);
    assert_hint_has(d, "line 4");
}

static void test_range_bad_bytes(void **state)
{
    SESSION(state, s);
    /* bad bytes outside the range do not matter; inside, they are found */
    static const char text[] = "\xFF\n{\"a\": \"x\"}\n{\"a\": \"\xC3\"}\n{\"a\": \"\0\"}\n";
    uint32_t file = add_input(s, text, sizeof text - 1);
    uint32_t l2 = line_start(s, file, 2), l3 = line_start(s, file, 3), l4 = line_start(s, file, 4);
    yi_node *r = yi_parse_range(s, file, l2, l3);
    assert_non_null(r);
    assert_scalar(yi_get(r, "a"), "x", true);
    assert_clean(s);
    assert_null(yi_parse_range(s, file, l3, l4));
    assert_diag(s, "R0005", 3, 8);
    assert_null(yi_parse_range(s, file, l4, sizeof text - 1));
    assert_diag(s, "R0006", 4, 8);
    assert_errors(s, 2);
}

static void test_range_empty(void **state)
{
    SESSION(state, s);
    static const char text[] = "a: 1\n\nb: 2\n";
    uint32_t file = add_input(s, text, sizeof text - 1);
    assert_refused(s, yi_parse_range(s, file, 5, 6), "R0702", 2, 1);
}

/* ------------------------------------------------------- rendering */

static void test_rendered_with_caret(void **state)
{
    SESSION(state, s);
    assert_null(parse(s, "matter: spend\nfields:\n  amount: 1\n  amount: 2\n"));
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    assert_non_null(fp);
    remit_render_text(s, fp);
    fclose(fp);
    const char *want = "input.yaml:4:3: error[R0706]: 'amount' is given a second time here\n"
                       "     4 |   amount: 2\n"
                       "       |   ^^^^^^\n"
                       "  hint: 'amount' is first given on line 3";
    if (strncmp(buf, want, strlen(want)) != 0)
        fail_msg("rendered as:\n%s", buf);
    free(buf);
}

/* --------------------------------------------------- out of memory */

/* Running out of memory, in libyaml or in the arena, must free libyaml's
 * parser and land in the session's handler.
 *
 * Under AddressSanitizer the test runs itself again with every single
 * allocation limited to 1 MiB (max_allocation_size_mb=1 with
 * allocator_may_return_null=1), so the failure comes at a known place:
 * libyaml's buffer for a 3 MB value, or the arena's 1 MiB chunk.  The
 * child frees its session and exits normally, so the leak checker then
 * says whether the parser was left behind.  Without sanitizers, a child
 * limits its address space instead and must simply not crash. */

enum { OOM_TEXT = 3 << 20 };

/* Fill text (OOM_TEXT bytes) with one long value or many small mappings. */
static size_t oom_text(char *text, bool long_value)
{
    size_t used;
    if (long_value) {
        memcpy(text, "a: ", 3);
        memset(text + 3, 'x', OOM_TEXT - 4);
        used = OOM_TEXT - 1;
        text[used - 1] = '\n';
    } else {
        used = (size_t)snprintf(text, OOM_TEXT, "[");
        for (size_t i = 0; i < 40000; i++)
            used += (size_t)snprintf(text + used, OOM_TEXT - used, "{k%zu: v, w: [1]},", i);
        text[used - 1] = ']';
    }
    text[used] = '\0';
    return used;
}

#ifdef RT_SANITIZED
#include <sys/mman.h>

/* The re-run: 0 when the parse ran out of memory and landed in the
 * session's handler. */
static int oom_rerun(const char *which)
{
    remit_session *s = remit_session_new(NULL);
    /* the input itself is mapped, so it does not hit the limit */
    char *text = mmap(NULL, OOM_TEXT, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (!s || text == MAP_FAILED)
        return 4;
    size_t used = oom_text(text, !strcmp(which, "value"));
    uint32_t file = src_add(s, IN_NAME, NULL, text, (uint32_t)used, true);
    int rc = 3; /* it had enough memory after all */
    rm_guard g;
    if (setjmp(g.jb))
        rc = 0;
    else {
        rm_guard_enter(s, &g); /* the recovery point, as an entry point's protected call sets it */
        yi_parse(s, file);
    }
    remit_session_free(s);
    munmap(text, OOM_TEXT);
    return rc;
}

static int oom_exec(void *arg)
{
    setenv("YT_OOM", arg, 1);
    setenv("ASAN_OPTIONS", "allocator_may_return_null=1:max_allocation_size_mb=1", 1);
    execl("/proc/self/exe", "test_yamlin", (char *)NULL);
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
    yi_parse(s, file);
    return 3; /* it had enough memory after all */
}

static void test_out_of_memory(void **state)
{
    (void)state;
    /* the low bit picks the long value instead of many mappings */
    static size_t headroom[] = {64 << 10, 256 << 10, 1 << 20, 2 << 20, 4 << 20,
                                (64 << 10) | 1, (1 << 20) | 1, (2 << 20) | 1};
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
    if (getenv("YT_OOM"))
        return oom_rerun(getenv("YT_OOM"));
#endif
    const struct CMUnitTest tests[] = {
        RT_TEST(test_decision),
        RT_TEST(test_json),
        RT_TEST(test_scalar_flags),
        RT_TEST(test_core_tags_accepted),
        RT_TEST(test_positions_bom_crlf),
        RT_TEST(test_get),
        RT_TEST(test_same_key_in_sibling_mappings),
        RT_TEST(test_large_mapping),
        RT_TEST(test_malformed_yaml),
        RT_TEST(test_malformed_colon_in_value),
        RT_TEST(test_malformed_unclosed_quote),
        RT_TEST(test_malformed_tab),
        RT_TEST(test_malformed_json),
        RT_TEST(test_malformed_json_extra_comma),
        RT_TEST(test_malformed_at_sign),
        RT_TEST(test_control_character),
        RT_TEST(test_empty),
        RT_TEST(test_blank_lines_only),
        RT_TEST(test_comment_only),
        RT_TEST(test_document_of_null),
        RT_TEST(test_document_of_nothing),
        RT_TEST(test_two_documents),
        RT_TEST(test_two_explicit_documents),
        RT_TEST(test_json_then_garbage),
        RT_TEST(test_json_extra_bracket),
        RT_TEST(test_two_json_values),
        RT_TEST(test_more_after_document_end),
        RT_TEST(test_billion_laughs),
        RT_TEST(test_alias),
        RT_TEST(test_anchor_on_mapping),
        RT_TEST(test_python_tag),
        RT_TEST(test_custom_tag),
        RT_TEST(test_non_specific_tag),
        RT_TEST(test_core_tag_on_wrong_kind),
        RT_TEST(test_tag_shown_safely),
        RT_TEST(test_duplicate_key),
        RT_TEST(test_duplicate_key_quoted_and_plain),
        RT_TEST(test_duplicate_key_first_in_stream),
        RT_TEST(test_duplicate_key_shown_safely),
        RT_TEST(test_sequence_as_key),
        RT_TEST(test_mapping_as_key),
        RT_TEST(test_nesting_at_limit),
        RT_TEST(test_nesting_past_limit),
        RT_TEST(test_ten_thousand_brackets),
        RT_TEST(test_block_nesting),
        RT_TEST(test_nodes_at_limit),
        RT_TEST(test_too_many_nodes),
        RT_TEST(test_nodes_limit_capped),
        RT_TEST(test_keys_count_as_nodes),
        RT_TEST(test_scalar_at_limit),
        RT_TEST(test_five_megabyte_scalar),
        RT_TEST(test_long_key),
        RT_TEST(test_long_implicit_key),
        RT_TEST(test_not_utf8),
        RT_TEST(test_nul_byte),
        RT_TEST(test_utf16),
        RT_TEST(test_range_positions),
        RT_TEST(test_range_error_on_line_3),
        RT_TEST(test_range_duplicate_on_line_4),
        RT_TEST(test_range_bad_bytes),
        RT_TEST(test_range_empty),
        RT_TEST(test_rendered_with_caret),
        cmocka_unit_test(test_out_of_memory),
    };
    return rt_run_tests(tests);
}
