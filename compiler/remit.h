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
 *
 * Stability (SPEC.md 11.7.3): from 1.0, within one major version, every
 * function here keeps its name, parameters and meaning, enumerations
 * only gain values, remit_options only grows at its end (make it with
 * remit_options_init), and the structs a caller passes to be filled
 * change only with the major version and the soname.  Messages are for
 * people and may change in any release; programs read codes and kinds.
 *
 * Lifetimes: what a session gives (diagnostics, their strings) lives
 * until the session is freed, reset or checks again; a compiled policy,
 * context, evaluator or test report until its _free (a report's results,
 * strings and diagnostics with it); an outcome and its strings until the
 * evaluator's next evaluation or batch.
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

/* What a library function reports.  Stable: values are only ever added. */
typedef enum remit_status {
    REMIT_OK = 0,          /* done */
    REMIT_E_POLICY,        /* the policy has errors (see its diagnostics) */
    REMIT_E_INPUT,         /* a decision, register or history is malformed */
    REMIT_E_UNREADABLE,    /* a file cannot be read (missing, a folder, too large) */
    REMIT_E_NOMEM,         /* out of memory; nothing was changed */
    REMIT_E_ARGUMENT,      /* a NULL or otherwise unusable argument, or a
                              name (a matter to draw) the policy lacks */
    REMIT_E_WRITE          /* the output stream could not be written */
} remit_status;

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
    const char *register_file; /* after a clean check, read this register and
                                report what it owes (SPEC 8.3); NULL: none */
    const char *register_on; /* with register_file: the day to check it on,
                                "YYYY-MM-DD"; NULL: late declarations only */
    int coverage;            /* remit_test_file: also record what each test's
                                decision reaches of its policy, for
                                remit_coverage_add (SPEC 7.13.2) */
} remit_options;

typedef struct remit_session remit_session;

/* Make a session; opts may be NULL.  Returns NULL only when out of memory. */
remit_session *remit_session_new(const remit_options *opts);
void remit_session_free(remit_session *s);

/* Make s as it was new, with the same options: its policy, input files,
 * diagnostics and memory go. */
void remit_session_reset(remit_session *s);

/* Load, parse and check the policy rooted at `path`, and every file it uses.
 * A session holds one policy: a session that has checked one before, or
 * read inputs, is reset first (remit_session_reset).
 * Returns REMIT_OK (warnings allowed, unless deny_warnings);
 * REMIT_E_POLICY when the policy has errors (files it uses that cannot be
 * read included); REMIT_E_UNREADABLE when the root file itself cannot be
 * read or is over 64 MiB; REMIT_E_NOMEM; REMIT_E_ARGUMENT for a NULL.  A
 * diagnostic says why, but for REMIT_E_ARGUMENT. */
remit_status remit_check_file(remit_session *s, const char *path);

/* The same for a policy held in memory; `name` is used in diagnostics and
 * relative imports resolve against the folder it names (the current one
 * for a bare name). */
remit_status remit_check_buffer(remit_session *s, const char *name,
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
/* The same as text or JSON in memory, for a program with no stream at
 * hand: a string the caller frees with free(); *len (when not NULL) gets
 * its length.  NULL when memory runs out. */
char *remit_render_text_string(const remit_session *s, size_t *len);
char *remit_render_json_string(const remit_session *s, size_t *len);
/* The diagnostics of n sessions (say, one a policy checked) together:
 * as one remit.diagnostics/1 JSON document (every diagnostic, the errors
 * and warnings summed), or as one SARIF 2.1.0 log (one run; a rule for
 * each code given, with its meaning; SPEC.md 9.1.1). */
void remit_render_json_many(const remit_session *const *s, size_t n, FILE *out);
void remit_render_sarif(const remit_session *const *s, size_t n, FILE *out);
/* As GitHub Actions workflow commands, one line a diagnostic
 * ("::error file=F,line=L,col=C,endLine=L,endColumn=C,title=CODE::..."),
 * which a workflow shows as annotations on the lines (SPEC.md 9.1.1). */
void remit_render_github(const remit_session *s, FILE *out);

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

/* ---- drawing ---- */

/* What `remit graph` draws (SPEC.md 11.8). */
typedef struct remit_graph_options {
    const char *matter;    /* draw this matter alone; NULL: every matter, each in a panel */
} remit_graph_options;

/* Write the delegation and escalation structure of a compiled policy to
 * `out` as one Graphviz DOT graph (SPEC.md 11.8): the same policy and
 * options always give the same bytes.  go may be NULL.  Returns REMIT_OK;
 * REMIT_E_ARGUMENT, writing nothing, when go->matter names no matter of
 * the policy, and REMIT_E_NOMEM, writing nothing, when memory runs out:
 * then `why` (when not NULL) gets what is wrong, with a "did you mean", in
 * at most why_size bytes; REMIT_E_WRITE when a write to out failed
 * (ferror).  What stdio still buffers is the caller's to flush. */
remit_status remit_graph(const remit_policy *p, FILE *out, const remit_graph_options *go,
                         char *why, size_t why_size);

/* ---- the policy export ---- */

/* Write the policy a session has checked without errors to `out` as one
 * JSON document in the public format remit.policy/1 (SPEC.md 11.9): every
 * name resolved, constants folded, every list in declaration order.  The
 * same policy always gives the same bytes.  Returns REMIT_OK;
 * REMIT_E_POLICY, writing nothing, when the session has errors or has
 * checked nothing; REMIT_E_NOMEM, writing nothing, when memory runs out;
 * REMIT_E_WRITE when a write to out failed (ferror). */
remit_status remit_export_json(const remit_session *s, FILE *out);

/* ---- the layout of a policy file (remit fmt) ---- */

/* Lay out one policy file in Remit's one layout (SPEC.md 11.11): the same
 * tokens, statements and comments, indented and spaced one way.  The file
 * is parsed alone (its `use`s are not followed).  On REMIT_OK, *out is
 * the text laid out, NUL-terminated, for the caller to free with free(),
 * and *len (when not NULL) its length.  REMIT_E_POLICY when the file has
 * a fault of syntax (the session's diagnostics say which; nothing is laid
 * out), or, never for a policy that parses, when Remit could not lay it
 * out without changing it (R0016); REMIT_E_UNREADABLE when the file
 * cannot be read or is over 64 MiB; REMIT_E_NOMEM; REMIT_E_ARGUMENT for
 * a NULL.  The session is reset first. */
remit_status remit_format_file(remit_session *s, const char *path, char **out, size_t *len);
/* The same for a policy held in memory, `name` naming it in diagnostics. */
remit_status remit_format_buffer(remit_session *s, const char *name, const char *text, size_t text_len,
                                 char **out, size_t *len);

/* ---- the language server (remit lsp) ---- */

/* Serve the Language Server Protocol (SPEC.md 11.12) on `in` and `out`
 * until the editor says `exit`: diagnostics, hover, go to definition,
 * completion and formatting for the policies it opens, checked with opts
 * (NULL: the defaults; the analyses are always run).  What goes wrong
 * with the server itself is said on `err`.  REMIT_OK after `shutdown`
 * then `exit`; REMIT_E_INPUT when `exit` came without `shutdown`, the
 * input ended first, or a header had no Content-Length; REMIT_E_WRITE
 * when `out` could not be written; REMIT_E_NOMEM; REMIT_E_ARGUMENT for a
 * NULL stream. */
remit_status remit_lsp(FILE *in, FILE *out, FILE *err, const remit_options *opts);
/* ---- the published scheme ---- */

/* Write the policy a session has checked without errors to `out` as the
 * scheme of reservation and delegation a board publishes (SPEC.md
 * 11.13): one self-contained page of XHTML (no script, nothing fetched)
 * that prints on A4 landscape; for each matter a table of what is
 * reserved to whom and delegated to whom, with limits and conditions
 * given with their figures, co-signatures, cumulative limits and
 * reporting duties; the bodies with their membership and quorum; the
 * conflicts rules; the crisis protocols; every row citing the file and
 * line that says it.
 * The same policy always gives the same bytes.  Returns REMIT_OK;
 * REMIT_E_POLICY, writing nothing, when the session has errors or has
 * checked nothing; REMIT_E_ARGUMENT for a NULL; REMIT_E_WRITE when a
 * write to out failed (ferror). */
remit_status remit_doc_html(const remit_session *s, FILE *out);

/* ==== Evaluation in memory (SPEC.md 11.7.2) ============================
 *
 * Load a policy once (remit_policy_load), a register and a history once
 * (remit_context_load: immutable, shared by any number of threads), then
 * give each thread an evaluator (remit_evaluator_new) and evaluate
 * decisions given as text, YAML or JSON (remit_evaluate).  The outcome is
 * read through accessors, or rendered as text or JSON into memory; no
 * FILE* is needed.
 *
 * Lifetimes: a policy outlives every context and evaluator made from it;
 * a context outlives every evaluator made with it.  An outcome, and every
 * string and struct its accessors give, belongs to its evaluator and is
 * valid until the next remit_evaluate on that evaluator or its
 * remit_evaluator_free; an outcome kept past a failed evaluation (or a
 * NULL one) reads as empty: NULL strings, no entries, REMIT_UNDETERMINED.  Diagnostics returned through a `remit_session **`
 * belong to the caller, who frees them with remit_session_free.
 *
 * Thread safety: policies and contexts are read-only once made; an
 * evaluator is used by one thread at a time. */

/* A short English phrase for a status ("the policy has errors"). */
const char *remit_status_text(remit_status st);

/* The version of the library linked, as the string and the number
 * REMIT_VERSION and REMIT_VERSION_NUMBER give for the header compiled
 * against. */
const char *remit_version(void);
unsigned long remit_version_number(void);

/* Options with their defaults (every field zero, the analyses on).  Use it
 * rather than a literal: fields may be added at the end of the struct. */
void remit_options_init(remit_options *opts);

/* Where a policy, register, history or decision comes from: a file, or
 * text in memory (copied; it need not end with a NUL). */
typedef struct remit_input {
    const char *path;      /* a file to read; NULL to use name and text */
    const char *name;      /* what diagnostics call the text ("decision") */
    const char *text;      /* the text itself, len bytes */
    size_t len;
} remit_input;

/* Read, check and compile a policy (a file and everything it uses, or a
 * text, whose `use "file"` lines resolve against the current folder).
 * opts may be NULL (the defaults of remit_options_init).  On REMIT_OK,
 * *out is the compiled policy, for remit_policy_free.  diags, when not
 * NULL, gets a session holding the diagnostics found (warnings too, on
 * success), for remit_session_free; NULL when memory ran out.  Returns
 * REMIT_OK, REMIT_E_POLICY, REMIT_E_UNREADABLE, REMIT_E_NOMEM or
 * REMIT_E_ARGUMENT. */
remit_status remit_policy_load(const remit_options *opts, const remit_input *policy,
                               remit_policy **out, remit_session **diags);

/* A register of people and a history of earlier decisions (SPEC.md 7.1.4,
 * 7.1.5), read and typed against p once; either may be NULL. */
typedef struct remit_context remit_context;
remit_status remit_context_load(const remit_policy *p, const remit_input *register_file,
                                const remit_input *history, remit_context **out,
                                remit_session **diags);
/* The same with every input a context can have, each NULL when not given;
 * set up with remit_context_files_init and then the fields wanted, not
 * as a literal: fields may be added at the end of the struct. */
typedef struct remit_context_files {
    const remit_input *register_file;
    const remit_input *history;
    const remit_input *calendar;   /* a calendar of meetings (SPEC.md 7.1.6): the
                                      dates of `at next meeting` deadlines */
} remit_context_files;
void remit_context_files_init(remit_context_files *files);
remit_status remit_context_open(const remit_policy *p, const remit_context_files *files,
                                remit_context **out, remit_session **diags);
void remit_context_free(remit_context *c);

/* One thread's means of evaluating, in *out: ctx may be NULL (no
 * register, no history).  REMIT_OK; REMIT_E_ARGUMENT when p or out is
 * NULL or ctx was loaded for another policy; REMIT_E_NOMEM. */
typedef struct remit_evaluator remit_evaluator;
remit_status remit_evaluator_new(const remit_policy *p, const remit_context *ctx, remit_evaluator **out);
void remit_evaluator_free(remit_evaluator *e);

typedef struct remit_outcome remit_outcome;

/* Evaluate the decision in text (len bytes of YAML or JSON, as `remit
 * eval` reads a decision file).  REMIT_OK with *out set; REMIT_E_INPUT
 * when the decision is malformed, its faults in
 * remit_evaluator_diagnostics(e); REMIT_E_UNREADABLE when it is over the
 * 64 MiB an input may be (R0011); REMIT_E_NOMEM; REMIT_E_ARGUMENT. */
remit_status remit_evaluate(remit_evaluator *e, const char *text, size_t len,
                            const remit_outcome **out);

/* The same for a decision given as a file (its path in diagnostics;
 * REMIT_E_UNREADABLE when it cannot be read, R0301) or as text under a
 * name of the caller's choosing ("order 4711"). */
remit_status remit_evaluate_input(remit_evaluator *e, const remit_input *decision,
                                  const remit_outcome **out);

/* The diagnostics of the last remit_evaluate (none after a success), or
 * of the last batch: read or render them as a policy's. */
const remit_session *remit_evaluator_diagnostics(const remit_evaluator *e);

/* A batch (SPEC.md 7.12): one decision per line of `in` (JSON, or a YAML
 * flow mapping), evaluated with e's policy and context; one JSON record
 * per line written to `out`, in order, each {"line":N,"result":...} or,
 * for a line that is an input error (over 1 MiB, R0711, included),
 * {"line":N,"error":...}, after which the next line is read.  Blank lines
 * carry no decision.  Memory stays the same however long the batch is.
 * *bad (when not NULL) gets the number of error records.  Returns
 * REMIT_OK when every line was read and every record written (error
 * records included); REMIT_E_UNREADABLE when `in` could not be read
 * part-way (R0301), REMIT_E_WRITE when `out` could not be written
 * (R0015), REMIT_E_NOMEM when the batch itself ran out of memory (one
 * line running out is that line's error record, R0014): then the
 * diagnostic is in remit_evaluator_diagnostics(e), and the records
 * written stop at or before the line it names.  Evaluating a batch ends
 * the life of e's last outcome.  `out` is flushed whenever every line
 * read so far has its record and reading may wait for more input, so
 * that a program feeding decisions through a pipe gets each answer
 * before it sends the next (SPEC 7.12); for throughput, give both
 * streams large buffers (setvbuf), as `remit eval --batch` does. */
remit_status remit_evaluate_batch(remit_evaluator *e, FILE *in, FILE *out, size_t *bad);
/* The same, an error record's positions naming the batch: the file
 * `name` (which must outlive the call; "<stdin>", say, for standard
 * input) at the line's number in it.  remit_evaluate_batch names them
 * as the file "line N", at line 1. */
remit_status remit_evaluate_batch_named(remit_evaluator *e, const char *name, FILE *in, FILE *out,
                                        size_t *bad);

typedef enum remit_outcome_kind {
    REMIT_PERMITTED, REMIT_ESCALATE, REMIT_REFUSED, REMIT_UNDETERMINED
} remit_outcome_kind;

remit_outcome_kind remit_outcome_kind_of(const remit_outcome *o);
/* "permitted", "escalate", "refused" or "undetermined" (SPEC.md 7.11). */
const char *remit_outcome_word(const remit_outcome *o);
const char *remit_outcome_matter(const remit_outcome *o);    /* the matter's name */
const char *remit_outcome_decider(const remit_outcome *o);   /* the deciding holder's name */
/* The person who decides, when the decision names one; otherwise NULL. */
const char *remit_outcome_decider_person(const remit_outcome *o);
/* Escalate: the holder it goes to; otherwise NULL. */
const char *remit_outcome_escalate_to(const remit_outcome *o);
/* Permitted: the holder accountable for it; otherwise NULL. */
const char *remit_outcome_accountable(const remit_outcome *o);

/* Where something is written: file, line and the text of that line (a
 * rule's first line, a conflicts category's line).  file is NULL when
 * there is no such place; line is 0 and text NULL for what an input, not
 * the policy, says ("the register", "the decision's interests"). */
typedef struct remit_rule_ref {
    const char *file;
    unsigned line;
    const char *text;
} remit_rule_ref;

/* The chain of authority of a permitted outcome, from its start (i = 0:
 * the holder or crisis protocol authority starts from) to the decider;
 * each link after the first names the rule that passes authority on. */
typedef struct remit_link {
    const char *holder;    /* a holder's name; the protocol's at i = 0 under a crisis grant */
    int is_protocol;
    remit_rule_ref rule;   /* file NULL at i = 0 */
} remit_link;
size_t remit_outcome_chain_length(const remit_outcome *o);
int remit_outcome_chain_at(const remit_outcome *o, size_t i, remit_link *out);

/* Why it is not permitted, or what qualified it: every reason. */
typedef struct remit_reason {
    const char *kind;      /* the JSON kind ("reserved", SPEC.md 7.12) */
    const char *message;   /* the explanation's sentence */
    remit_rule_ref rule;   /* the rule (or conflicts category) it stands on, as
                              JSON's "rule"; file NULL when there is none */
    remit_rule_ref other_rule; /* a contradiction's second rule, or the reservation an urgent
                                  decision was taken from: JSON's "other_rule" */
} remit_reason;
size_t remit_outcome_reason_count(const remit_outcome *o);
int remit_outcome_reason_at(const remit_outcome *o, size_t i, remit_reason *out);
/* What else would stand in the way: the reasons of the levels below the
 * one that decided (JSON's "also", SPEC.md 7.12); none when permitted. */
size_t remit_outcome_also_count(const remit_outcome *o);
int remit_outcome_also_at(const remit_outcome *o, size_t i, remit_reason *out);

/* What must follow a permitted decision, with its due date. */
typedef struct remit_obligation {
    const char *text;      /* "report to ICB Board by 2026-12-20" */
    const char *due;       /* "2026-12-20", or NULL when it has no deadline */
    remit_rule_ref rule;   /* where the obligation is written (JSON's file, line) */
} remit_obligation;
size_t remit_outcome_obligation_count(const remit_outcome *o);
int remit_outcome_obligation_at(const remit_outcome *o, size_t i, remit_obligation *out);
/* Obligations beyond those listed, counted but not kept (SPEC.md 7.14). */
size_t remit_outcome_obligations_dropped(const remit_outcome *o);

/* Deadlines already missed, which do not change the outcome. */
typedef struct remit_finding {
    const char *kind;      /* "late_declaration", "ratification_overdue" or "report_overdue" */
    const char *message;
    const char *due;       /* "2026-12-20" */
    remit_rule_ref rule;   /* what set the deadline (JSON's file, line) */
} remit_finding;
size_t remit_outcome_finding_count(const remit_outcome *o);
int remit_outcome_finding_at(const remit_outcome *o, size_t i, remit_finding *out);
/* Findings beyond those listed, counted but not kept (JSON's more_findings). */
size_t remit_outcome_more_findings(const remit_outcome *o);

/* The outcome as `remit eval` prints it: text (escaped for a terminal,
 * SPEC.md 7.12) or one remit.outcome/2 JSON document, with a final
 * newline; *len (when not NULL) gets its length.  Owned by the
 * evaluator, like the outcome; NULL when memory runs out. */
const char *remit_outcome_text(const remit_outcome *o, size_t *len);
const char *remit_outcome_json(const remit_outcome *o, size_t *len);

/* A decision built through the API rather than written as text: the same
 * keys, fields and context values as a decision file (SPEC.md 7.1), typed
 * and checked exactly as one is when it is evaluated.  A key set twice
 * keeps its last value.  Every setter returns REMIT_OK, REMIT_E_ARGUMENT
 * (a NULL) or REMIT_E_NOMEM. */
typedef struct remit_decision remit_decision;
remit_decision *remit_decision_new(void);      /* NULL when out of memory */
void remit_decision_free(remit_decision *d);
/* A top-level key whose value is text: matter, decider, body, date,
 * opened, under, ratified ("2026-11-20" for a date). */
remit_status remit_decision_set(remit_decision *d, const char *key, const char *text);
/* Any top-level key with a value written as JSON: attendance, interests,
 * activated, subject, urgent (true), a decider given as a person... */
remit_status remit_decision_set_json(remit_decision *d, const char *key, const char *json);
/* A field of the matter, or a context value: text (a choice, a name, a
 * date, money as "£200,000"), a whole number (a score), or yes/no. */
remit_status remit_decision_field_text(remit_decision *d, const char *name, const char *text);
remit_status remit_decision_field_number(remit_decision *d, const char *name, long long v);
remit_status remit_decision_field_bool(remit_decision *d, const char *name, int v);
remit_status remit_decision_context_text(remit_decision *d, const char *name, const char *text);
remit_status remit_decision_context_number(remit_decision *d, const char *name, long long v);
remit_status remit_decision_context_bool(remit_decision *d, const char *name, int v);
/* One more co-signatory, by the name of a role or body. */
remit_status remit_decision_co_signatory(remit_decision *d, const char *name);
/* Evaluate d as remit_evaluate evaluates a text; its diagnostics name it
 * "decision (built)". */
remit_status remit_evaluate_decision(remit_evaluator *e, const remit_decision *d,
                                     const remit_outcome **out);

/* ==== What would make it permitted (SPEC.md 7.17) ======================
 *
 * remit_evaluate_why_not evaluates as remit_evaluate_input does and, when
 * the decision is not permitted, looks for the nearest changes that would
 * make it so: the signatures it lacks, the nearest value of each field
 * that does (for money, a number, a percentage, a length of time or a
 * date, the exact boundary), members present who are not, another member
 * in the chair, another decider (the lowest that can take it, as
 * remit_who_can finds them); and when no single change does, two at once.
 * Each change is kept only when the decision so changed evaluates to
 * permitted.  The outcome then carries them, and its text and JSON say
 * them (JSON: "permitted_if"); when there are none, why
 * (remit_outcome_why_none; JSON: "why_none"). */
remit_status remit_evaluate_why_not(remit_evaluator *e, const remit_input *decision,
                                    const remit_outcome **out);

typedef struct remit_change {
    const char *kind;              /* "co_signatories", "field", "decider",
                                      "decider_at_meeting": a body, at a quorate meeting
                                      whose attendance the decision would give,
                                      "present": members listed absent to be present,
                                      "seats_filled": empty seats to be filled by members
                                      present, "presiding": another member in the chair;
                                      or "together": parts made together, each given by
                                      remit_outcome_change_part (new kinds may come:
                                      a program passes over a kind it does not know) */
    const char *field;             /* "field": the field's name; else NULL */
    const char *value, *was;       /* "field": the value that would do and the decision's,
                                      as money ("£1,000,000"), a number ("100"), a
                                      percentage ("12.5%"), a length of time ("14 days"),
                                      a date ("2026-11-20"), a score ("24"), a choice's
                                      name, "true" or "false"; "presiding": value, the
                                      member's name when the attendance gives it; else NULL */
    const char *decider;           /* "decider", "decider_at_meeting": who would take it
                                      instead; else NULL */
    size_t nco;                    /* co-signatories to add ("co_signatories", "decider",
                                      "decider_at_meeting"); the roles of the members to be
                                      present ("present", "seats_filled"), of the member
                                      to preside ("presiding", one); none for "field" and
                                      "together" */
    const char *const *co;
    const char *message;           /* the change in words */
} remit_change;
/* The changes found (none for a permitted outcome, or one not asked). */
size_t remit_outcome_change_count(const remit_outcome *o);
int remit_outcome_change_at(const remit_outcome *o, size_t i, remit_change *out);
/* Part k of change i: for "together", each change made together (k from
 * 0, as long as it returns 1); for any other kind, part 0 is the change
 * itself. */
int remit_outcome_change_part(const remit_outcome *o, size_t i, size_t k, remit_change *out);
/* Why no change was found, in words; NULL when some were, or none were
 * looked for. */
const char *remit_outcome_why_none(const remit_outcome *o);

/* ==== Who can take a decision (SPEC.md 7.16) ============================
 *
 * remit_who_can answers "who could take this decision?": every holder of
 * the policy (role or body) is put in the decision's place as its decider,
 * by role alone (a decider the decision gives, if any, is set aside), and
 * the decision evaluated; a holder is listed when it is permitted, as
 * written or with co-signatories added to those the decision names (the
 * fewest of the closest way to sign).  Every holder listed was so
 * evaluated, and no holder left out is permitted as the decision is
 * written.  A holder for which the decision does not say enough (a body
 * deciding at a meeting, with no attendance given, say) is listed apart,
 * with what is missing.  The answer belongs to the evaluator, like an
 * outcome, and is valid until its next evaluation. */
typedef struct remit_who remit_who;

/* REMIT_OK with *out set; REMIT_E_INPUT when the decision is malformed
 * for every holder (its faults in remit_evaluator_diagnostics(e), as for
 * the first holder), REMIT_E_UNREADABLE, REMIT_E_NOMEM, REMIT_E_ARGUMENT,
 * as remit_evaluate_input. */
remit_status remit_who_can(remit_evaluator *e, const remit_input *decision, const remit_who **out);

/* One holder that can take it. */
typedef struct remit_who_holder {
    const char *holder;            /* its name */
    size_t nco;                    /* co-signatories it needs beyond the decision's */
    const char *const *co;         /* their names, nco of them */
    const remit_outcome *outcome;  /* the decision so taken: permitted, with its chain
                                      of authority, obligations and qualifications */
} remit_who_holder;
/* How many holders can take it, and each, lowest first (the longest chain
 * of authority first, then in the order the policy declares them). */
size_t remit_who_count(const remit_who *w);
int remit_who_at(const remit_who *w, size_t i, remit_who_holder *out);

/* A holder for which the decision does not say enough to be evaluated:
 * the first fault found, in the words of remit eval's message and hint. */
typedef struct remit_who_unsettled {
    const char *holder;
    const char *message;
} remit_who_unsettled;
size_t remit_who_unsettled_count(const remit_who *w);
int remit_who_unsettled_at(const remit_who *w, size_t i, remit_who_unsettled *out);
/* The matter, and how many holders were tried (every holder of the policy). */
const char *remit_who_matter(const remit_who *w);
size_t remit_who_considered(const remit_who *w);

/* The answer as `remit who` prints it: text, or one remit.who/1 JSON
 * document (SPEC.md 7.16), with a final newline; NULL when memory runs
 * out. */
const char *remit_who_text(const remit_who *w, size_t *len);
const char *remit_who_json(const remit_who *w, size_t *len);

/* ==== What changes between two versions (SPEC.md 11.10) ================
 *
 * remit_diff compares two compiled policies, `old_p` and `new_p` (named
 * for the output, say by their paths): the decisions they answer
 * differently — each region of decisions (matter, decider, a range of the
 * primary field, values of the others) with its answer before and now,
 * and a witness decision evaluated under both — and the changes of
 * structure (holders, members, quorum, matters, fields, context values,
 * crisis protocols).  Written to `out` as text, one JSON document
 * (remit.diff/1), Markdown (a pull-request comment), SARIF or GitHub
 * annotations (rules authority-widened, decision-changed,
 * structure-changed).  *sum (when not
 * NULL) counts what was found.  REMIT_OK; REMIT_E_WRITE when `out`
 * cannot be written; REMIT_E_NOMEM; REMIT_E_ARGUMENT. */
typedef enum {
    REMIT_DIFF_TEXT, REMIT_DIFF_JSON, REMIT_DIFF_MARKDOWN,
    REMIT_DIFF_SARIF,   /* one SARIF 2.1.0 log: a result for each change, at the new file */
    REMIT_DIFF_GITHUB   /* GitHub Actions annotations on the new file, one a line */
} remit_diff_format;
typedef struct remit_diff_summary {
    size_t regions;            /* regions of decisions answered differently */
    size_t widened;            /* of them, permitted now and not before */
    size_t structural;         /* changes of structure */
    int complete;              /* every combination of values worth trying was tried, every
                                  decider compared, no rule inexact (SPEC 11.10) */
} remit_diff_summary;
remit_status remit_diff(const remit_policy *old_p, const char *old_name, const remit_policy *new_p,
                        const char *new_name, remit_diff_format format, FILE *out, remit_diff_summary *sum);

/* ==== Audits of a ledger (SPEC.md 7.18) ==================================
 *
 * remit_audit replays a ledger of decisions taken (JSON Lines, CSV (a
 * name ending in .csv), a JSON list or YAML, in date order), each
 * evaluated with the ledger before it,
 * and writes every breach it finds to `out` as text, or as one JSON
 * document (remit.audit/1): a decision taken without authority, or
 * without a co-signature it needed; decisions split so that each stays
 * under a limit or a co-signature that together they reach; crisis and
 * urgent decisions ratified or reported late, or not at all by `as_of`;
 * interests declared late.  Set the options up with
 * remit_audit_options_init, then the fields wanted.  *sum (when not
 * NULL) counts what was found.  REMIT_OK when the ledger was audited,
 * even if some of its lines are no decision (sum->unreadable; their
 * faults in *diags); REMIT_E_INPUT when it cannot be replayed (a fault in
 * the ledger read as a history, a ledger not in date order, a register
 * or calendar with faults) and nothing was audited; REMIT_E_UNREADABLE;
 * REMIT_E_WRITE when `out` cannot be written; REMIT_E_NOMEM;
 * REMIT_E_ARGUMENT.  diags, when not NULL, gets a session holding the
 * diagnostics (for remit_session_free). */
typedef enum { REMIT_AUDIT_TEXT, REMIT_AUDIT_JSON } remit_audit_format;
typedef struct remit_audit_options {
    const remit_input *ledger;          /* required */
    const remit_input *register_file;   /* or NULL */
    const remit_input *calendar;        /* or NULL: meetings' dates (7.1.6) */
    remit_audit_format format;
    long split_days;                    /* decisions split within this many days; 0: 30;
                                           negative: splits are not looked for */
    const char *as_of;                  /* "YYYY-MM-DD": the day deadlines are judged on;
                                           NULL: the ledger's last day */
    void (*progress)(void *arg, size_t done, size_t total); /* or NULL: called as the lines
                                           are replayed (every 65,536; total counted from the
                                           ledger's size, about) and once at the end,
                                           done == total, e.g. to show progress on a terminal */
    void *progress_arg;
    unsigned shard_index, shard_count;  /* 0 and 0: the whole ledger; else audit shard
                                           shard_index (1..shard_count) of its lines alone,
                                           each group's in one shard, as JSON for
                                           remit_audit_merge (SPEC 7.18) */
} remit_audit_options;
void remit_audit_options_init(remit_audit_options *o);
typedef struct remit_audit_summary {
    size_t decisions;                   /* lines audited (decisions read) */
    size_t unreadable;                  /* lines that are no decision: not audited */
    size_t breaches;                    /* all of the below */
    size_t without_authority;
    size_t signature_missing;
    size_t splits;
    size_t ratifications;               /* late, or missing by as_of */
    size_t reports;                     /* late, or missing by as_of */
    size_t obligations;                 /* records, publications, notices: late or missing */
    size_t declarations;                /* interests declared late */
    size_t unchecked;                   /* deadlines at a meeting the calendar does not give */
} remit_audit_summary;
remit_status remit_audit(const remit_policy *p, const remit_audit_options *o, FILE *out,
                         remit_audit_summary *sum, remit_session **diags);
/* The JSON reports of the n shards of one audit (every shard once, as
 * remit_audit wrote them) merged into the report the whole audit writes,
 * byte for byte, on out; *sum counts it.  REMIT_OK; REMIT_E_INPUT when
 * they are not the shards of one audit (in *diags, at their places:
 * R0741); REMIT_E_UNREADABLE; REMIT_E_WRITE; REMIT_E_NOMEM;
 * REMIT_E_ARGUMENT. */
remit_status remit_audit_merge(const remit_input *shards, size_t n, FILE *out, remit_audit_summary *sum,
                               remit_session **diags);

/* ==== Stress tests (SPEC.md 7.19) ========================================
 *
 * remit_stress runs scenario files against a policy: who is away, which
 * posts are vacant, the interests declared, the context on each day, when
 * bodies meet, and a stream of decisions, each followed as the scheme
 * would take it; and writes what it found, as text, as one
 * remit.stress/1 JSON document, or as one self-contained HTML page with
 * charts, on out.  Set up the options with
 * remit_stress_options_init, then the fields wanted.  REMIT_OK when every
 * file ran (sum->failures counts what failed in them); REMIT_E_INPUT when
 * a scenario file, or a decision it makes, has faults (in *diags, at
 * their places; the other files ran); REMIT_E_UNREADABLE; REMIT_E_WRITE;
 * REMIT_E_NOMEM; REMIT_E_ARGUMENT. */
typedef enum { REMIT_STRESS_TEXT, REMIT_STRESS_JSON, REMIT_STRESS_HTML } remit_stress_format;
typedef struct remit_stress_options {
    const remit_input *scenarios;       /* the scenario files, nscenarios of them */
    size_t nscenarios;
    const remit_input *register_file;   /* or NULL: for files that name no register */
    const remit_input *calendar;        /* or NULL: for files that give no meetings */
    remit_stress_format format;
    unsigned long runs;                 /* 0: each file as written; else this many runs of
                                           each, varied as its `random:` block says */
    unsigned long long seed;            /* of the runs' variations */
    void (*progress)(void *arg, size_t done, size_t total); /* or NULL: called as the runs
                                           go (every 64) and once at the end, done == total */
    void *progress_arg;
    unsigned shard_index, shard_count;  /* 0 and 0: every run; else shard shard_index
                                           (1..shard_count) of the runs alone (run k when
                                           k % shard_count == shard_index - 1), as JSON for
                                           remit_stress_merge; needs runs */
} remit_stress_options;
void remit_stress_options_init(remit_stress_options *o);
typedef struct remit_stress_summary {
    size_t files, runs, decisions;      /* files run, runs, decisions made */
    size_t permitted, refused, undetermined;
    size_t no_route;                    /* no one there to take it */
    size_t undecided;                   /* not taken by the end of the period */
    size_t escalated, reached_top;      /* escalated; to a body that reports to no one */
    size_t meetings, not_quorate;
    size_t crisis, not_ratified;        /* decisions under crisis powers; not ratified in time */
    size_t obligations_missed;          /* reports and ratifications owed to a body that did not meet */
    size_t failures;                    /* not_quorate + no_route + undecided + not_ratified +
                                           obligations_missed */
    size_t faulty_files;                /* files not run for their faults (in *diags; in a
                                           merge, said in the shards' diagnostics) */
} remit_stress_summary;
remit_status remit_stress(const remit_policy *p, const remit_stress_options *o, FILE *out,
                          remit_stress_summary *sum, remit_session **diags);
/* The JSON reports of the n shards of one stress run (every shard once,
 * as remit_stress wrote them with shard_index and shard_count) merged
 * into the report of the whole run, in format: the same bytes as the
 * run unsharded.  REMIT_OK when it is written (sum->faulty_files: the
 * files the shards could not run, left out as the whole run leaves them
 * out; remit merge then exits as remit stress does, with 6);
 * REMIT_E_INPUT when they are not the shards of one run (in *diags, at
 * their places: R0741); REMIT_E_UNREADABLE; REMIT_E_WRITE;
 * REMIT_E_NOMEM; REMIT_E_ARGUMENT. */
remit_status remit_stress_merge(const remit_input *shards, size_t n, remit_stress_format format, FILE *out,
                                remit_stress_summary *sum, remit_session **diags);

/* ==== Test files (SPEC.md 7.13) =========================================
 *
 * remit_test_file runs the tests of one test file (YAML: `policy: FILE`,
 * optionally `register: FILE`, and `tests:`, each with a decision and the
 * outcome expected) and gives the results as data in a report; it prints
 * nothing.  `remit test` prints the report as this shows:
 *
 *     remit_test_report *r;
 *     remit_status st = remit_test_file("spend.test.yaml", &opts, &r);
 *     remit_test_result t;
 *     for (size_t i = 0; remit_test_result_at(r, i, &t); i++)
 *         printf("%s %s\n", t.passed ? "PASS" : "FAIL", t.name);
 *     remit_test_report_free(r);
 */
typedef struct remit_test_report remit_test_report;

/* One test's result.  Its strings belong to the report. */
typedef struct remit_test_result {
    const char *name;          /* the test's name; "(unnamed test)" without one */
    const char *file;          /* the test file, as named to remit_test_file */
    unsigned line;             /* where the test starts in it (1-based) */
    int passed;
    const char *why;           /* failed: what was not met ("expected permitted,
                                  got refused"); NULL when it passed */
    const char *outcome_text;  /* failed after its decision was evaluated: the
                                  outcome as `remit eval` explains it; else NULL */
} remit_test_result;

/* Run the test file at path; opt as for a session (its policy is checked
 * with them).  *out gets a report (NULL only when memory runs out at
 * once, or for REMIT_E_ARGUMENT) to read and then free.  Returns
 *   REMIT_OK            the tests ran; each passed or failed (a test with
 *                       an unknown key, R0730, or a decision or history
 *                       that is an input error is a failed test, its
 *                       diagnostics in the report's);
 *   REMIT_E_UNREADABLE  the test file cannot be read, is not YAML, or
 *                       lacks `policy:` or `tests:` (R0731);
 *   REMIT_E_INPUT       the test file has a key Remit does not know
 *                       (R0730), or its register is an input error or
 *                       cannot be read;
 *   REMIT_E_POLICY      the policy has errors (remit_test_report_policy_
 *                       diagnostics says which);
 *   REMIT_E_NOMEM       memory ran out (R0014 in the report's diagnostics;
 *                       the results before it are kept);
 *   REMIT_E_ARGUMENT    path or out is NULL.
 * With any status but REMIT_OK the tests did not all run, and the report
 * counts one failed test more than its results hold, so that a file that
 * cannot be run never reads as passed. */
remit_status remit_test_file(const char *path, const remit_options *opt, remit_test_report **out);
void remit_test_report_free(remit_test_report *r);

/* The tests run, in the order of the file. */
size_t remit_test_result_count(const remit_test_report *r);
int remit_test_result_at(const remit_test_report *r, size_t i, remit_test_result *out);
/* Tests passed, and failed (the file's own failure included, as above). */
unsigned remit_test_report_passed(const remit_test_report *r);
unsigned remit_test_report_failed(const remit_test_report *r);
/* The policy the file names, relative to the test file's folder, as it
 * was opened; NULL when the file was not read that far. */
const char *remit_test_report_policy(const remit_test_report *r);
/* What was found in the test file, its register and its decisions
 * (errors and R0014); and what was found in the policy when it has
 * errors (else NULL).  Read and render them as a policy's. */
const remit_session *remit_test_report_diagnostics(const remit_test_report *r);
const remit_session *remit_test_report_policy_diagnostics(const remit_test_report *r);
/* Why a file's tests could not all run, given what remit_test_file
 * returned ("the policy has errors, so its tests cannot run"); NULL for
 * REMIT_OK. */
const char *remit_test_report_fault(const remit_test_report *r, remit_status st);

/* ---- reports for machines (SPEC.md 7.13.1) ----
 *
 * The reports of the test files of one run, each with its path as named
 * and what remit_test_file returned (report NULL when memory ran out
 * before it ran). */
typedef struct remit_test_run {
    const char *path;
    const remit_test_report *report;
    remit_status status;
} remit_test_run;
typedef enum {
    REMIT_TEST_JSON,   /* one remit.test/1 document */
    REMIT_TEST_JUNIT,  /* JUnit XML, as CI systems read it */
    REMIT_TEST_SARIF,  /* one SARIF 2.1.0 log: the diagnostics, and a result
                          of rule "test-failed" at each failed test */
    REMIT_TEST_GITHUB  /* GitHub Actions workflow commands, one a line */
} remit_test_format;
/* Is name matched by the shell pattern only (fnmatch(3); NULL matches
 * every name)? */
int remit_test_name_matches(const char *only, const char *name);
/* Over the n runs, the tests whose names match only: passed, failed (a
 * file whose tests could not all run counting one failed, matched or
 * not) and matched.  Any pointer may be NULL. */
void remit_test_count(const remit_test_run *runs, size_t n, const char *only, unsigned *passed,
                      unsigned *failed, unsigned *matched);
/* Write the n runs' reports in format f: only the tests whose names match
 * only, each file's diagnostics and why its tests could not all run. */
void remit_test_render(const remit_test_run *runs, size_t n, const char *only, remit_test_format f,
                       FILE *out);

/* ---- coverage in decision space (SPEC.md 7.13.2) ----
 *
 * Run the test files with remit_options.coverage set, and add each run's
 * report to a remit_coverage: it counts, for each policy tested, over
 * every test of every file added that tests it (those whose names match
 * `only`), which of the policy's points its tests' decisions reach --
 * rules exercised; thresholds tested at, one unit below and one above;
 * the quorum paths of its bodies; the paths of its conflicts rules; the
 * states of its crisis protocols -- the policy's own files counted, not
 * the standard library's.  A policy tested from several files is one
 * policy, the union of their tests.  Then walk it, or render it:
 *
 *     remit_coverage *c = remit_coverage_new();
 *     remit_coverage_add(c, &run, NULL);      (each run of the files)
 *     remit_coverage_render_text(c, stdout);
 *     if (remit_coverage_below(c, 8000))       (80.00%)
 *         ...
 *     remit_coverage_free(c);
 */
typedef struct remit_coverage remit_coverage;

/* What a point counted belongs to.  Stable: values are only added. */
typedef enum {
    REMIT_COVER_RULE,       /* a rule: exercised */
    REMIT_COVER_THRESHOLD,  /* a threshold: its points at, below, above */
    REMIT_COVER_QUORUM,     /* a body's quorum: quorate, inquorate, quorum lost */
    REMIT_COVER_CONFLICTS,  /* a conflicts block: its paths */
    REMIT_COVER_PROTOCOL    /* a crisis protocol: active, inactive, expired */
} remit_cover_kind;
#define REMIT_COVER_KINDS 5

/* One point counted.  Its strings belong to the coverage. */
typedef struct remit_coverage_item {
    remit_cover_kind kind;
    const char *point;         /* which: "exercised"; "below", "at", "above";
                                  "quorate", "inquorate", "quorum_lost";
                                  "decider_stands_aside", "member_set_aside",
                                  "quorum_lost"; "active", "inactive", "expired" */
    const char *file;          /* where it is written, as the policy names it */
    unsigned line, col;        /* 1-based */
    int covered;               /* some test's decision reaches it */
    const char *what;          /* it in words ("the threshold £5,000,000 (amount > £5m)") */
    const char *message;       /* not covered: what no test did, in words; else NULL */
    const char *hint;          /* not covered: a decision that would, in words ("try
                                  amount £5,000,000.01"); else NULL */
} remit_coverage_item;

/* One policy's counts, kind by kind (index remit_cover_kind), and in all. */
typedef struct remit_coverage_policy {
    const char *policy;        /* its path, as the first test file added named it */
    unsigned covered[REMIT_COVER_KINDS], total[REMIT_COVER_KINDS];
    unsigned all_covered, all_total;
    size_t nitems;             /* its points (remit_coverage_item_at), in the order
                                  of the policy's files and lines */
} remit_coverage_policy;

/* An empty coverage; NULL when memory runs out. */
remit_coverage *remit_coverage_new(void);
void remit_coverage_free(remit_coverage *c);
/* Add what run's tests whose names match `only` (NULL: every one) reach.
 * A report made without remit_options.coverage, or whose tests did not
 * run (its policy has errors), adds nothing.  REMIT_OK; REMIT_E_NOMEM
 * (c is as it was); REMIT_E_ARGUMENT for a NULL. */
remit_status remit_coverage_add(remit_coverage *c, const remit_test_run *run, const char *only);
size_t remit_coverage_policy_count(const remit_coverage *c);
int remit_coverage_policy_at(const remit_coverage *c, size_t i, remit_coverage_policy *out);
int remit_coverage_item_at(const remit_coverage *c, size_t policy, size_t k, remit_coverage_item *out);
/* The points covered and counted over every policy. */
void remit_coverage_total(const remit_coverage *c, unsigned *covered, unsigned *total);
/* covered out of total as a percentage to one decimal place, rounded
 * down, so that 99.96% is "99.9%" and never reads as 100%; "100.0%" when
 * total is 0 (nothing to cover).  In buf (size bytes, always ended). */
void remit_coverage_percent(unsigned covered, unsigned total, char *buf, size_t size);
/* A minimum as `--coverage-min` takes it: a percentage from 0 to 100,
 * with at most two decimal places ("80", "87.5", "99.99"; no sign, no
 * '%').  1 and *hundredths (8750 for "87.5"), or 0 when text is not one. */
int remit_coverage_min_parse(const char *text, unsigned *hundredths);
/* Is the whole coverage below min_hundredths hundredths of a percent?
 * Exact: compared as whole numbers, never rounded. */
int remit_coverage_below(const remit_coverage *c, unsigned min_hundredths);
/* As `remit test --coverage` prints it: for each policy a summary line
 * and each point not covered, as FILE:LINE:COL: not covered: MESSAGE:
 * HINT; with more than one policy, a line of the whole. */
void remit_coverage_render_text(const remit_coverage *c, FILE *out);
/* remit_test_render, with the coverage c (NULL: none) in the format: a
 * "coverage" member of the JSON document; in SARIF a result of rule
 * "not-covered" (level note), and in GitHub annotations a notice, at
 * each point not covered; in JUnit XML a property "coverage" of each
 * test suite and, with the first suite of each policy, its points not
 * covered as system-out. */
void remit_test_render_coverage(const remit_test_run *runs, size_t n, const char *only, remit_test_format f,
                                const remit_coverage *c, FILE *out);

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif
#endif
