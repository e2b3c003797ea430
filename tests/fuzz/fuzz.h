/*
 * fuzz.h - what the libFuzzer harnesses of tests/fuzz/ share: the fixed
 * example policy they evaluate against, fixed inputs read once at start,
 * a sink for everything they render, and LLVMFuzzerInitialize.  Each
 * harness is one file that includes this and defines
 * LLVMFuzzerTestOneInput; tests/fuzz/README.md says how they are built
 * and run.
 *
 * Harnesses write no files: policies go in through remit_check_buffer,
 * decisions, histories and registers through the in-memory API of
 * remit.h (remit_context_load, remit_evaluate, remit_evaluate_batch), as
 * an integrator gives them: remit.h is the only header of the library
 * they include.  Output goes to /dev/null, so that the renderers run too.
 */
#ifndef REMIT_FUZZ_H
#define REMIT_FUZZ_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "remit.h"

#ifndef FUZZ_ROOT
#error "build with -DFUZZ_ROOT='\"/path/to/remit\"' (the Makefile does)"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

/* Where rendered output goes. */
static inline FILE *fz_sink(void)
{
    static FILE *null;
    if (!null && !(null = fopen("/dev/null", "w")))
        abort();
    return null;
}

/* A set-up failure is a bug of the harness: stop at once. */
static inline void fz_die(const char *what)
{
    fprintf(stderr, "fuzz harness: %s\n", what);
    abort();
}

/* The whole of the file FUZZ_ROOT/rel, read once (malloc'd, kept), as
 * text in memory. */
static inline remit_input fz_file(const char *rel)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", FUZZ_ROOT, rel);
    FILE *f = fopen(path, "rb");
    if (!f)
        fz_die(path);
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (!buf)
        fz_die("out of memory");
    remit_input t = {NULL, rel, buf, len};
    return t;
}

/* examples/icb-scheme.remit, checked and compiled once: it has every kind
 * of rule (limits, conflicts, protocols, tiers), so decisions reach all of
 * the evaluator. */
static inline const remit_policy *fz_policy(void)
{
    static remit_policy *p;
    if (p)
        return p;
    remit_options o = {0};
    o.stdlib_dir = FUZZ_ROOT "/stdlib-policies";
    remit_session *s = remit_session_new(&o);
    if (!s || remit_check_file(s, FUZZ_ROOT "/examples/icb-scheme.remit") != REMIT_OK ||
        !(p = remit_compile(s)))
        fz_die("examples/icb-scheme.remit does not compile");
    remit_session_free(s);
    return p;
}

/* The register tests/eval/registers/icb.yaml and the history
 * tests/eval/histories/acme.yaml, for examples/icb-scheme.remit: with them,
 * decisions reach persons, registered interests and cumulative limits. */
static inline const remit_input *fz_register(void)
{
    static remit_input t;
    if (!t.text)
        t = fz_file("tests/eval/registers/icb.yaml");
    return &t;
}

static inline const remit_input *fz_history(void)
{
    static remit_input t;
    if (!t.text)
        t = fz_file("tests/eval/histories/acme.yaml");
    return &t;
}

/* The register and the history, loaded once into a context. */
static inline const remit_context *fz_context(void)
{
    static remit_context *c;
    if (!c && remit_context_load(fz_policy(), fz_register(), fz_history(), &c, NULL) != REMIT_OK)
        fz_die("the register or history of the harnesses does not load");
    return c;
}

/* Read every part of an outcome, and render it both ways. */
static inline void fz_outcome(const remit_outcome *o)
{
    FILE *f = fz_sink();
    fprintf(f, "%d %s %s %s %s %s\n", (int)remit_outcome_kind_of(o), remit_outcome_word(o),
            remit_outcome_matter(o), remit_outcome_decider(o) ? remit_outcome_decider(o) : "-",
            remit_outcome_escalate_to(o) ? remit_outcome_escalate_to(o) : "-",
            remit_outcome_accountable(o) ? remit_outcome_accountable(o) : "-");
    remit_link l;
    for (size_t i = 0; remit_outcome_chain_at(o, i, &l); i++)
        fprintf(f, "%s %d %s\n", l.holder, l.is_protocol, l.rule.text ? l.rule.text : "-");
    remit_reason r;
    for (size_t i = 0; remit_outcome_reason_at(o, i, &r); i++)
        fprintf(f, "%s %s %s\n", r.kind, r.message, r.rule.file ? r.rule.file : "-");
    remit_obligation b;
    for (size_t i = 0; remit_outcome_obligation_at(o, i, &b); i++)
        fprintf(f, "%s %s\n", b.text, b.due ? b.due : "-");
    remit_finding g;
    for (size_t i = 0; remit_outcome_finding_at(o, i, &g); i++)
        fprintf(f, "%s %s %s\n", g.kind, g.message, g.due);
    size_t n;
    const char *t = remit_outcome_text(o, &n);
    if (t)
        fwrite(t, 1, n, f);
    if ((t = remit_outcome_json(o, &n)))
        fwrite(t, 1, n, f);
}

/* Everything fixed is made before the first input, so that no input's
 * time includes it.  The same for every harness. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_sink();
    fz_policy();
    fz_register();
    fz_history();
    fz_context();
    return 0;
}

/* Render an input session's diagnostics both ways, as the tool does. */
static inline void fz_render(const remit_session *s)
{
    remit_render_text(s, fz_sink());
    remit_render_json(s, fz_sink());
}

#endif
