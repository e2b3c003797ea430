/*
 * reader_helpers.h - what the tests of the two input readers share
 * (test_yamlin.c, test_jsonin.c): the fixture's session, registering an
 * input, and checks of a node's position, a scalar, and a refusal.
 * Include after helpers.h, with IN_NAME defined as the input's file name.
 */
#ifndef REMIT_READER_HELPERS_H
#define REMIT_READER_HELPERS_H

#include "internal.h"
#include "yamlin.h"

/* The fixture's session.  Reader functions are called here without an
 * entry point, so outside a protected call: running out of memory
 * aborts, which fails the test. */
#define SESSION(state, s) remit_session *s = *(state);

static uint32_t add_input(remit_session *s, const char *text, size_t len)
{
    return src_add(s, IN_NAME, NULL, text, (uint32_t)len, false);
}

/* The line and column where node n starts. */
static void node_at(const remit_session *s, const yi_node *n, unsigned line, unsigned col,
                    const char *file, int fline)
{
    unsigned l, c;
    dg_linecol(s->files.v[n->loc.file], n->loc.start, &l, &c);
    if (l != line || c != col) {
        print_error("node starts at %u:%u, want %u:%u\n", l, c, line, col);
        _fail(file, fline);
    }
}
#define assert_node_at(s, n, line, col) node_at((s), (n), (line), (col), __FILE__, __LINE__)

static void scalar_is(const yi_node *n, const char *text, size_t len, bool quoted,
                      const char *file, int fline)
{
    if (!n || n->kind != YI_SCALAR || n->len != len || memcmp(n->text, text, len) ||
        n->text[n->len] != '\0' || n->quoted != quoted) {
        print_error("want the %s scalar \"%s\", got %s \"%s\" (quoted %d)\n",
                    quoted ? "quoted" : "plain", text,
                    !n ? "nothing" : n->kind == YI_SCALAR ? "scalar" : "a collection",
                    n && n->kind == YI_SCALAR ? n->text : "", n ? n->quoted : -1);
        _fail(file, fline);
    }
}
#define assert_scalar(n, text, quoted) \
    scalar_is((n), (text), strlen(text), (quoted), __FILE__, __LINE__)

/* The input is refused: NULL, exactly one error, the code at line:col,
 * with a hint.  Evaluates to the diagnostic. */
static const remit_diagnostic *refused(remit_session *s, const yi_node *root, const char *code,
                                       unsigned line, unsigned col, const char *file, int fline)
{
    if (root) {
        print_error("the input was accepted; want %s\n", code);
        _fail(file, fline);
    }
    rt_expect_errors(s, 1, file, fline);
    const remit_diagnostic *d = rt_expect_at(s, code, line, col, file, fline);
    if (!d->hint || !*d->hint) {
        print_error("[%s] has no hint\n", code);
        _fail(file, fline);
    }
    if (strcmp(d->file, IN_NAME) != 0) {
        print_error("[%s] names the file %s\n", code, d->file);
        _fail(file, fline);
    }
    return d;
}
#define assert_refused(s, root, code, line, col) \
    refused((s), (root), (code), (line), (col), __FILE__, __LINE__)

#endif
