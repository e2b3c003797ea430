/*
 * remit.h - the public API of libremit.
 *
 * A session loads one policy (a root file and everything it `use`s),
 * checks it, and keeps the diagnostics it found.  The library never prints
 * on its own: callers read diagnostics through remit_diag_at() or ask for
 * them to be rendered to a stream they own.
 *
 * Thread safety: a session is used by one thread at a time; separate
 * sessions share nothing.
 */
#ifndef REMIT_H
#define REMIT_H

#include <stddef.h>
#include <stdio.h>

/* Everything declared here is the library's interface: the only symbols
 * libremit.so exports (the rest is built with -fvisibility=hidden). */
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility push(default)
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define REMIT_VERSION "0.1.0"
/* The same version as numbers (the Makefile reads them from here: the
 * soname is libremit.so.MAJOR), and as one number for #if comparisons,
 * MAJOR * 10000 + MINOR * 100 + PATCH (0.1.0 is 100, 1.2.3 would be
 * 10203; MINOR and PATCH stay below 100). */
#define REMIT_VERSION_MAJOR 0
#define REMIT_VERSION_MINOR 1
#define REMIT_VERSION_PATCH 0
#define REMIT_VERSION_NUMBER \
    (REMIT_VERSION_MAJOR * 10000 + REMIT_VERSION_MINOR * 100 + REMIT_VERSION_PATCH)

/* Exit codes of the `remit` tool, documented in README.md.  Stable. */
enum {
    REMIT_EXIT_OK = 0,      /* no errors; for eval: permitted */
    REMIT_EXIT_POLICY = 1,  /* the policy has errors */
    REMIT_EXIT_USAGE = 2,   /* bad command line, or a file could not be read */
    REMIT_EXIT_ESCALATE = 3,     /* eval: the decision must go up */
    REMIT_EXIT_REFUSED = 4,      /* eval: the decision is forbidden */
    REMIT_EXIT_UNDETERMINED = 5, /* eval: a gap in the policy */
    REMIT_EXIT_INPUT = 6         /* eval: the decision (or history) is malformed */
};

typedef enum { REMIT_ERROR, REMIT_WARNING, REMIT_NOTE } remit_severity;

typedef struct remit_diagnostic {
    remit_severity severity;
    const char *code;      /* "R0201" */
    const char *file;      /* path as given, or NULL for a whole-run message */
    unsigned line, col;    /* 1-based; col counts characters, not bytes */
    unsigned end_line, end_col; /* last character covered (inclusive) */
    const char *message;   /* what is wrong, in the reader's words */
    const char *hint;      /* how to fix it, or NULL */
    const char *example;   /* a decision that shows the finding (one line of
                              YAML, as `remit eval` reads it), or NULL */
    const char *example_outcome; /* what `remit eval` answers for it, e.g.
                                    "escalate to board"; NULL with no example */
} remit_diagnostic;

typedef struct remit_options {
    const char *stdlib_dir;  /* where `use nhs.x` looks; NULL: built-in default */
    const char *root_dir;    /* imports may not leave it; NULL: the root file's dir */
    unsigned max_errors;     /* errors kept before giving up; 0: default (100) */
    int deny_warnings;       /* count warnings as errors */
    int analyse;             /* after a clean check, run the analyses of the
                                whole scheme (SPEC 8.2); `remit check` does */
    int notes;               /* with analyse: also give informational notes
                                (severity REMIT_NOTE), e.g. quorum margins */
} remit_options;

typedef struct remit_session remit_session;

/* Make a session; opts may be NULL.  Returns NULL only when out of memory. */
remit_session *remit_session_new(const remit_options *opts);
void remit_session_free(remit_session *s);

/* Load, parse and check the policy rooted at `path`, and every file it uses.
 * Returns REMIT_EXIT_OK, REMIT_EXIT_POLICY, or REMIT_EXIT_USAGE when the root
 * file itself cannot be read (a diagnostic says why). */
int remit_check_file(remit_session *s, const char *path);

/* The same for a policy held in memory; `name` is used in diagnostics and
 * relative imports resolve against the current directory. */
int remit_check_buffer(remit_session *s, const char *name,
                       const char *text, size_t len);

size_t remit_diag_count(const remit_session *s);
const remit_diagnostic *remit_diag_at(const remit_session *s, size_t i);
size_t remit_error_count(const remit_session *s);
size_t remit_warning_count(const remit_session *s);

/* Render every diagnostic, sorted by file and position: as text (with the
 * source line and a caret) or as one JSON document. */
void remit_render_text(const remit_session *s, FILE *out);
void remit_render_json(const remit_session *s, FILE *out);
/* The same on one line with no final newline (for JSON Lines). */
void remit_render_json_line(const remit_session *s, FILE *out);

/* ---- text for a terminal ---- */

/* Like fprintf, for a line of text that may carry names and values from a
 * policy or an input (SPEC.md 7.12, "Text for a terminal"): in what fmt
 * and its arguments make, every character that could drive a terminal or
 * start a line of its own is written as an escape -- a line break as \n,
 * a tab as \t, a carriage return as \r, any other control character
 * (C0, DEL, C1), bidirectional control or line or paragraph separator as
 * \uXXXX, a byte that is not UTF-8 as \xHH -- and everything else as it
 * is.  A newline that ends fmt is written as a line end, so one call
 * writes at most one line.  Returns the number of bytes written, or a
 * negative number when writing fails. */
int remit_fprintf_escaped(FILE *out, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* The text s, escaped as remit_fprintf_escaped escapes it, in buf (size
 * bytes; cut short at a whole character or escape, and always ended by a
 * NUL when size > 0).  Returns the length the whole would have, as
 * snprintf does: the text was cut when that is size or more. */
size_t remit_escape(char *buf, size_t size, const char *s);

/* Number of source lines read by the last check (for benchmarks). */
size_t remit_lines_read(const remit_session *s);

/* Whether s has read the file at path (the same file, by device and
 * inode, whatever it is called): so that a tool does not write over a
 * policy or a file it uses. */
int remit_session_has_read(const remit_session *s, const char *path);

/* ---- evaluation ---- */

/* A compiled policy: immutable, safe to share between threads. */
typedef struct remit_policy remit_policy;

/* Compile the policy a session has checked without errors.  The result
 * does not depend on the session, which may then be freed.  NULL when the
 * session has errors or memory runs out. */
remit_policy *remit_compile(remit_session *s);
void remit_policy_free(remit_policy *p);

/* What may come with a decision: earlier decisions (for cumulative
 * limits) and a register of people, their roles and interests. */
typedef struct remit_eval_options {
    const char *history;       /* file, or NULL */
    const char *register_file; /* file, or NULL */
    int json;                  /* remit_eval_file: write the outcome as JSON */
} remit_eval_options;

/* Evaluate the decision in file `decision` (YAML or JSON) and write the
 * outcome to `out` as text or JSON.  Input faults are diagnostics in
 * `inputs` (render them as for a policy).  Returns REMIT_EXIT_OK
 * (permitted), _ESCALATE, _REFUSED, _UNDETERMINED, _INPUT or _USAGE (a
 * file could not be read). */
int remit_eval_file(const remit_policy *p, remit_session *inputs, const char *decision,
                    const remit_eval_options *eo, FILE *out);

/* Batch: one JSON decision per line of `in`; one JSON result per line to
 * `out`, in order.  A bad line gives an error record and the next line is
 * read.  Returns the number of lines that were input errors; -1 when the
 * history or register is malformed, -2 when one could not be read
 * (diagnostics in `inputs`). */
long remit_eval_batch(const remit_policy *p, remit_session *inputs, FILE *in,
                      const remit_eval_options *eo, FILE *out);

/* Run the tests of one test file (YAML: `policy: FILE` and `tests:`, each
 * with a decision and the outcome expected; SPEC.md 7.13).  Writes a line
 * per test to out and adds to *passed and *failed. */
int remit_test_file(const char *path, const remit_options *opt, FILE *out,
                    unsigned *passed, unsigned *failed);

/* ---- drawing ---- */

/* What `remit graph` draws (SPEC.md 11.8). */
typedef struct remit_graph_options {
    const char *matter;    /* draw only this matter's rules; NULL: every matter */
} remit_graph_options;

/* Write the delegation and escalation structure of a compiled policy to
 * `out` as one Graphviz DOT graph (SPEC.md 11.8): the same policy and
 * options always give the same bytes.  go may be NULL.  Returns
 * REMIT_EXIT_OK; or REMIT_EXIT_USAGE, writing nothing, when go->matter
 * names no matter of the policy or memory runs out, and then `why` (when
 * not NULL) gets what is wrong, with a "did you mean", in at most
 * why_size bytes.  A failed write shows in ferror(out). */
int remit_graph(const remit_policy *p, FILE *out, const remit_graph_options *go, char *why,
                size_t why_size);

/* ---- the policy export ---- */

/* Write the policy a session has checked without errors to `out` as one
 * JSON document in the public format remit.policy/1 (SPEC.md 11.9): every
 * name resolved, constants folded, every list in declaration order.  The
 * same policy always gives the same bytes.  Returns REMIT_EXIT_OK;
 * REMIT_EXIT_POLICY, writing nothing, when the session has errors or has
 * checked nothing; REMIT_EXIT_USAGE, writing nothing, when memory runs out.
 * A failed write shows in ferror(out). */
int remit_export_json(const remit_session *s, FILE *out);

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif
#endif
