/*
 * helpers.h - the shared harness of the cmocka unit tests (in the manner
 * of libssh's tests/torture.h): a fixture that gives each test a fresh
 * session, one-line checks of a policy held in a string, assertions that
 * a diagnostic with a given code sits at a given line and column, and a
 * runner that honours a name filter.
 *
 *   REMIT_TEST_FILTER=test_money_* build/tests/test_literal
 *
 * Tests run from the repository root (tests/run.sh cds there), so the
 * standard library is found as "stdlib-policies"; the build's own
 * REMIT_STDLIB_DIR is the fallback when they are run from elsewhere.
 *
 * Everything here is static inline so each test file includes it alone.
 */
#ifndef REMIT_TEST_HELPERS_H
#define REMIT_TEST_HELPERS_H

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "remit.h"

#define RT_NAME "test.remit" /* the file name diagnostics carry */

/* Built with AddressSanitizer (which slows forks and checks leaks). */
#if defined(__SANITIZE_ADDRESS__)
#define RT_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RT_SANITIZED 1
#endif
#endif

/* The example scheme and its register, which the API and out-of-memory
 * tests evaluate against, and one spend decision of it as JSON. */
#define RT_ICB_POLICY "examples/icb-scheme.remit"
#define RT_ICB_REGISTER "examples/registers/icb-scheme.yaml"
#define RT_SPEND_DECISION(supplier, category, amount)                                             \
    "{\"matter\":\"spend\",\"decider\":\"cfo\",\"date\":\"2026-11-20\",\"fields\":{\"amount\":\"" amount \
    "\",\"category\":\"" category "\",\"risk\":3,\"supplier\":\"" supplier "\"},"                   \
    "\"context\":{\"incident_level\":0}}"

/* The whole of a small file (at most 1 MiB), malloc'd. */
static inline char *rt_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = malloc(1 << 20);
    assert_non_null(buf);
    *len = fread(buf, 1, 1 << 20, f);
    fclose(f);
    return buf;
}

/* Where `use nhs.x` looks during the tests. */
static inline const char *rt_stdlib_dir(void)
{
    if (access("stdlib-policies/nhs/tiers.remit", R_OK) == 0)
        return "stdlib-policies";
#ifdef REMIT_STDLIB_DIR
    return REMIT_STDLIB_DIR;
#else
    return "stdlib-policies";
#endif
}

static inline remit_options rt_options(void)
{
    remit_options o;
    memset(&o, 0, sizeof o);
    o.stdlib_dir = rt_stdlib_dir();
    return o;
}

/* ---- fixture: *state is a fresh session ---- */

static inline int rt_setup(void **state)
{
    remit_options o = rt_options();
    remit_session *s = remit_session_new(&o);
    if (!s)
        return -1;
    *state = s;
    return 0;
}

static inline int rt_teardown(void **state)
{
    remit_session_free(*state);
    *state = NULL;
    return 0;
}

#define RT_TEST(f) cmocka_unit_test_setup_teardown(f, rt_setup, rt_teardown)

/* Check `text` as the policy RT_NAME in the fixture's session. */
static inline int rt_check(void **state, const char *text)
{
    return remit_check_buffer(*state, RT_NAME, text, strlen(text));
}

/* ---- looking at diagnostics ---- */

/* Print every diagnostic, so a failing assertion shows what was found. */
static inline void rt_dump(const remit_session *s)
{
    size_t n = remit_diag_count(s);
    print_message("  %zu diagnostic(s):\n", n);
    for (size_t i = 0; i < n; i++) {
        const remit_diagnostic *d = remit_diag_at(s, i);
        print_message("    %s:%u:%u-%u:%u [%s] %s%s%s\n", d->file ? d->file : "-",
                      d->line, d->col, d->end_line, d->end_col, d->code, d->message,
                      d->hint ? " / hint: " : "", d->hint ? d->hint : "");
    }
}

/* The first diagnostic with this code at line:col; 0 matches any line or
 * column.  NULL when there is none. */
static inline const remit_diagnostic *rt_find(const remit_session *s, const char *code,
                                              unsigned line, unsigned col)
{
    size_t n = remit_diag_count(s);
    for (size_t i = 0; i < n; i++) {
        const remit_diagnostic *d = remit_diag_at(s, i);
        if (strcmp(d->code, code) == 0 && (!line || d->line == line) && (!col || d->col == col))
            return d;
    }
    return NULL;
}

static inline size_t rt_count(const remit_session *s, const char *code)
{
    size_t n = remit_diag_count(s), k = 0;
    for (size_t i = 0; i < n; i++)
        k += strcmp(remit_diag_at(s, i)->code, code) == 0;
    return k;
}

static inline const remit_diagnostic *rt_expect_at(const remit_session *s, const char *code,
                                                   unsigned line, unsigned col,
                                                   const char *file, int fline)
{
    const remit_diagnostic *d = rt_find(s, code, line, col);
    if (!d) {
        print_error("expected %s at line %u, column %u (0 = any)\n", code, line, col);
        rt_dump(s);
        _fail(file, fline);
    }
    return d;
}

static inline void rt_expect_count(const remit_session *s, const char *code, size_t want,
                                   const char *file, int fline)
{
    size_t got = rt_count(s, code);
    if (got != want) {
        print_error("expected %zu diagnostic(s) %s, found %zu\n", want, code, got);
        rt_dump(s);
        _fail(file, fline);
    }
}

static inline void rt_expect_errors(const remit_session *s, size_t want,
                                    const char *file, int fline)
{
    if (remit_error_count(s) != want) {
        print_error("expected %zu error(s), found %zu\n", want, remit_error_count(s));
        rt_dump(s);
        _fail(file, fline);
    }
}

static inline void rt_expect_clean(const remit_session *s, const char *file, int fline)
{
    if (remit_error_count(s) || remit_warning_count(s)) {
        print_error("expected a clean policy\n");
        rt_dump(s);
        _fail(file, fline);
    }
}

static inline void rt_expect_hint(const remit_diagnostic *d, const char *part,
                                  const char *file, int fline)
{
    if (!d->hint || !strstr(d->hint, part)) {
        print_error("[%s] hint \"%s\" does not contain \"%s\"\n", d->code,
                    d->hint ? d->hint : "(none)", part);
        _fail(file, fline);
    }
}

static inline void rt_expect_message(const remit_diagnostic *d, const char *part,
                                     const char *file, int fline)
{
    if (!strstr(d->message, part)) {
        print_error("[%s] message \"%s\" does not contain \"%s\"\n", d->code, d->message, part);
        _fail(file, fline);
    }
}

/* assert_diag(s, "R0201", 3, 5): a diagnostic R0201 at line 3, column 5
 * (0 for any); evaluates to it. */
#define assert_diag(s, code, line, col) rt_expect_at((s), (code), (line), (col), __FILE__, __LINE__)
#define assert_no_diag(s, code) rt_expect_count((s), (code), 0, __FILE__, __LINE__)
#define assert_diag_count(s, code, n) rt_expect_count((s), (code), (n), __FILE__, __LINE__)
#define assert_errors(s, n) rt_expect_errors((s), (n), __FILE__, __LINE__)
#define assert_clean(s) rt_expect_clean((s), __FILE__, __LINE__)
#define assert_hint_has(d, part) rt_expect_hint((d), (part), __FILE__, __LINE__)
#define assert_message_has(d, part) rt_expect_message((d), (part), __FILE__, __LINE__)

/* ---- crash isolation ---- */

/* Run fn(arg) in a child process and return its exit status, or 128 plus
 * the signal that killed it.  For inputs that may crash the library (deep
 * recursion, sanitizer reports): the test then fails with a reason instead
 * of taking the whole test program down.  fn must not use cmocka's
 * assertions; it returns 0 for success. */
static inline int rt_in_child(int (*fn)(void *), void *arg)
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0)
        _exit(fn(arg));
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    if (WIFEXITED(st))
        return WEXITSTATUS(st);
    return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : -1;
}

/* ---- runner ---- */

/* Run a group, keeping only tests whose name matches REMIT_TEST_FILTER
 * (cmocka's wildcard pattern) when it is set, and leaving out those that
 * match REMIT_TEST_SKIP (make valgrind skips the out-of-memory tests). */
#define rt_run_tests(tests)                                               \
    (getenv("REMIT_TEST_FILTER") ? cmocka_set_test_filter(getenv("REMIT_TEST_FILTER")) \
                                 : (void)0,                               \
     getenv("REMIT_TEST_SKIP") ? cmocka_set_skip_filter(getenv("REMIT_TEST_SKIP")) \
                               : (void)0,                                 \
     cmocka_run_group_tests(tests, NULL, NULL))

#endif
