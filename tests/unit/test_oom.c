/*
 * test_oom.c - running out of memory (SPEC 11.7.3): at every allocation
 * of check, compile, eval, batch, the policy and context loaders, the
 * in-memory evaluator and test files (with coverage), the entry point
 * gives its out-of-memory result
 * (R0014 and the status remit.h documents), never exits, never crashes,
 * and leaks nothing.
 *
 * How: each case runs its entry point once with the allocation hook of
 * arena.c counting (N allocations), then once for each k in 1..N with
 * allocation k failing, each in a child process (fork), so that an
 * exit() or a crash ends the child, not the test, and is seen in its
 * status.  Under AddressSanitizer (the sanitizer build of make test) the
 * child asks LeakSanitizer for a leak check before it ends, and exits
 * with a status of its own when anything was left behind.  A second pass
 * makes every allocation from k on fail ("persist"), as memory that has
 * run out stays out: the result must be the same, and R0014 must still
 * be listed, from the memory the session keeps for saying so.
 *
 * The hook is internal (internal.h), for this test alone: it counts
 * every allocation of the library, not libyaml's or the C library's own
 * (stdio's buffers, open_memstream), whose failures the library sees as
 * errors those libraries return.
 *
 * N is in the hundreds or thousands (every arena allocation counts, not
 * only the chunks behind them).  Every k is tried when N is at most
 * RT_OOM_ALL; past that, every k up to RT_OOM_ALL and then a stride that
 * leaves about RT_OOM_MORE more, the last allocation always among them:
 * 1000 and 500, and under AddressSanitizer, where a run takes some ten
 * times as long, 100 and 150.  The persist pass tries every fourth of
 * those.  So make test stays quick; the counts and times are printed.
 * REMIT_OOM_ALL=1 tries every k in both passes (some 15 s, and a minute
 * under AddressSanitizer).
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

#include "helpers.h"
#include "internal.h"

#ifdef RT_SANITIZED
#include <sanitizer/lsan_interface.h>
#endif

#ifdef RT_SANITIZED /* some ten times slower: a fork and a leak check a run */
#define RT_OOM_ALL 100
#define RT_OOM_MORE 150
#else
#define RT_OOM_ALL 1000
#define RT_OOM_MORE 500
#endif

static const char DECIDE[] = RT_SPEND_DECISION("Northfield Supplies Ltd", "revenue", "£200,000");
/* YAML, so that libyaml reads it (the JSON reader reads the one above) */
static const char HISTORY[] =
    "- matter: spend\n  decider: cfo\n  date: 2026-06-01\n"
    "  fields: {amount: \"£400,000\", category: revenue, risk: 3, supplier: Northfield Supplies Ltd}\n"
    "  context: {incident_level: 0}\n";
/* the same as JSON, read an entry at a time (decide.c, read_history), with
 * an entry that gives no context and names a supplier new to the texts */
static const char HISTORY_JSON[] =
    "[{\"matter\":\"spend\",\"decider\":\"cfo\",\"date\":\"2026-06-01\",\"fields\":{\"amount\":\"£400,000\","
    "\"category\":\"revenue\",\"risk\":3,\"supplier\":\"Northfield Supplies Ltd\"},\"context\":{\"incident_level\":0}},\n"
    " {\"matter\":\"spend\",\"decider\":\"cfo\",\"date\":\"2026-06-02\",\"fields\":{\"amount\":\"£1\","
    "\"category\":\"revenue\",\"risk\":3,\"supplier\":\"Someone New Ltd\"}}]\n";
/* a good line, a YAML line, a bad one, a blank one and a good one again */
static const char BATCH[] =
    RT_SPEND_DECISION("Northfield Supplies Ltd", "revenue", "£200,000") "\n"
    "{matter: spend, decider: ceo, date: 2026-11-20, fields: {amount: \"£2m\", category: capital, "
    "risk: 20, supplier: Acme}, context: {incident_level: 0}}\n"
    "{\"matter\":\"spend\",\"decider\":\"nobody\"}\n"
    "\n" RT_SPEND_DECISION("Acme Health Ltd", "contract", "£50,000") "\n";

/* ---- the world every case shares: made before any hook is armed ---- */

static struct {
    char *policy, *reg, *dir;  /* texts, and a folder of input files */
    size_t policy_len, reg_len;
    remit_options opt;
    remit_policy *p;
    remit_context *ctx;
    char decision_path[512], reg_path[512], hist_path[512], hist_json_path[512], batch_path[512],
        test_path[512], ledger_path[512];
} W;

/* A ledger of three lines (remit_audit) */
static const char LEDGER[] =
    "{\"matter\":\"spend\",\"decider\":\"cfo\",\"date\":\"2026-06-01\",\"fields\":{\"amount\":\"£150,000\","
    "\"category\":\"revenue\",\"risk\":3,\"supplier\":\"Northfield Supplies Ltd\"},\"context\":{\"incident_level\":0}}\n"
    "{\"matter\":\"spend\",\"decider\":\"cfo\",\"date\":\"2026-06-02\",\"fields\":{\"amount\":\"£150,000\","
    "\"category\":\"revenue\",\"risk\":3,\"supplier\":\"Northfield Supplies Ltd\"},\"context\":{\"incident_level\":0}}\n"
    "{\"matter\":\"spend\",\"decider\":\"cfo\",\"date\":\"2026-06-03\",\"fields\":{\"amount\":\"£2m\","
    "\"category\":\"capital\",\"risk\":3,\"supplier\":\"Acme\"},\"context\":{\"incident_level\":0}}\n";

static void spill(char *path, size_t size, const char *name, const char *text)
{
    snprintf(path, size, "%s/%s", W.dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
}

static int world_setup(void **state)
{
    (void)state;
    remit_options_init(&W.opt);
    W.opt.stdlib_dir = rt_stdlib_dir();
    W.policy = rt_slurp(RT_ICB_POLICY, &W.policy_len);
    W.reg = rt_slurp(RT_ICB_REGISTER, &W.reg_len);
    char tmpl[] = "/tmp/remit-oom.XXXXXX";
    W.dir = strdup(mkdtemp(tmpl));
    spill(W.decision_path, sizeof W.decision_path, "decision.json", DECIDE);
    spill(W.hist_path, sizeof W.hist_path, "history.yaml", HISTORY);
    spill(W.hist_json_path, sizeof W.hist_json_path, "history.json", HISTORY_JSON);
    spill(W.batch_path, sizeof W.batch_path, "batch.jsonl", BATCH);
    spill(W.ledger_path, sizeof W.ledger_path, "ledger.jsonl", LEDGER);
    snprintf(W.reg_path, sizeof W.reg_path, "%s", RT_ICB_REGISTER);
    char cwd[256], tests[2048];
    assert_non_null(getcwd(cwd, sizeof cwd));
    snprintf(tests, sizeof tests,
             "policy: %s/%s\nregister: %s/%s\ntests:\n"
             "  - name: within the sub-delegation\n"
             "    decision: {matter: spend, decider: cfo, date: 2026-11-20, fields: {amount: \"£200,000\", "
             "category: revenue, risk: 3, supplier: Northfield Supplies Ltd}, context: {incident_level: 0}}\n"
             "    expect: permitted\n    chain: [board, ceo, cfo]\n"
             "  - name: not capital\n"
             "    decision: {matter: spend, decider: cfo, date: 2026-11-20, fields: {amount: \"£200,000\", "
             "category: capital, risk: 3, supplier: Northfield Supplies Ltd}, context: {incident_level: 0}}\n"
             "    expect: escalate\n    escalate_to: ceo\n",
             cwd, RT_ICB_POLICY, cwd, RT_ICB_REGISTER);
    spill(W.test_path, sizeof W.test_path, "t.test.yaml", tests);
    remit_input in = {RT_ICB_POLICY, NULL, NULL, 0};
    if (remit_policy_load(&W.opt, &in, &W.p, NULL) != REMIT_OK)
        return -1;
    remit_input reg = {NULL, "register.yaml", W.reg, W.reg_len};
    remit_input hist = {NULL, "history.yaml", HISTORY, sizeof HISTORY - 1};
    return remit_context_load(W.p, &reg, &hist, &W.ctx, NULL) == REMIT_OK ? 0 : -1;
}

static int world_teardown(void **state)
{
    (void)state;
    remit_context_free(W.ctx);
    remit_policy_free(W.p);
    unlink(W.decision_path);
    unlink(W.hist_path);
    unlink(W.hist_json_path);
    unlink(W.batch_path);
    unlink(W.test_path);
    unlink(W.ledger_path);
    rmdir(W.dir);
    free(W.dir);
    free(W.policy);
    free(W.reg);
    return 0;
}

/* ---- the hook ---- */

static void arm(unsigned long fail_at, bool persist)
{
    rm_test_alloc = (rm_alloc_hook){.armed = true, .persist = persist, .fail_at = fail_at};
}

static void disarm(void) { rm_test_alloc.armed = false; }

/* Whether the hook failed an allocation in this run. */
static bool failed(void) { return rm_test_alloc.failed != 0; }

/* ---- the cases ----
 *
 * Each runs its entry point with the hook as armed by the caller, then
 * disarms it (unless persist: then the result is read with memory still
 * out, as a caller would read it) and checks the result: the usual one
 * when no allocation failed, the out-of-memory one when one did.
 * Returns NULL when all is as it should be, or what is wrong. */

typedef const char *(*oom_case)(void);

/* s lists R0014 (s may be NULL only when no session could be made). */
static bool says_nomem(const remit_session *s)
{
    size_t n = remit_diag_count(s);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(remit_diag_at(s, i)->code, "R0014"))
            return true;
    return false;
}

static const char *case_check(void)
{
    remit_session *s = remit_session_new(&W.opt);
    if (!s) {
        disarm();
        return failed() ? NULL : "no session, with memory to spare";
    }
    remit_status rc = remit_check_buffer(s, RT_ICB_POLICY, W.policy, W.policy_len);
    const char *why = NULL;
    if (!rm_test_alloc.persist)
        disarm();
    if (!failed() && rc != REMIT_OK)
        why = "the policy does not check clean";
    else if (failed() && (rc != REMIT_E_NOMEM || !says_nomem(s)))
        why = "remit_check_buffer did not give REMIT_E_NOMEM and R0014";
    disarm();
    remit_session_free(s);
    return why;
}

/* The session is checked before the hook counts; remit_compile alone is
 * counted (the caller arms the hook through this flag). */
static bool compile_armed;
static unsigned long compile_fail_at;

static const char *case_compile(void)
{
    bool persist = rm_test_alloc.persist;
    disarm();
    remit_session *s = remit_session_new(&W.opt);
    assert_non_null(s);
    assert_int_equal(remit_check_buffer(s, RT_ICB_POLICY, W.policy, W.policy_len), REMIT_OK);
    arm(compile_fail_at, persist);
    remit_policy *p = remit_compile(s);
    if (!persist)
        disarm();
    const char *why = NULL;
    if (!failed() && !p)
        why = "remit_compile failed with memory to spare";
    else if (failed() && (p || !says_nomem(s)))
        why = "remit_compile did not give NULL and R0014";
    disarm();
    remit_policy_free(p);
    remit_session_free(s);
    return why;
}

static const char *case_policy_load(void)
{
    remit_input in = {NULL, RT_ICB_POLICY, W.policy, W.policy_len};
    remit_policy *p = NULL;
    remit_session *d = NULL;
    remit_status st = remit_policy_load(&W.opt, &in, &p, &d);
    if (!rm_test_alloc.persist)
        disarm();
    const char *why = NULL;
    if (!failed() && st != REMIT_OK)
        why = "remit_policy_load failed with memory to spare";
    else if (failed() && (st != REMIT_E_NOMEM || p || (d && !says_nomem(d))))
        why = "remit_policy_load did not give REMIT_E_NOMEM (and R0014 in its diagnostics)";
    disarm();
    remit_policy_free(p);
    remit_session_free(d);
    return why;
}

/* remit_context_load of reg (may be NULL) and hist. */
static const char *context_case(const remit_input *reg, const remit_input *hist)
{
    remit_context *c = NULL;
    remit_session *d = NULL;
    remit_status st = remit_context_load(W.p, reg, hist, &c, &d);
    if (!rm_test_alloc.persist)
        disarm();
    const char *why = NULL;
    if (!failed() && st != REMIT_OK)
        why = "remit_context_load failed with memory to spare";
    else if (failed() && (st != REMIT_E_NOMEM || c || (d && !says_nomem(d))))
        why = "remit_context_load did not give REMIT_E_NOMEM (and R0014 in its diagnostics)";
    disarm();
    remit_context_free(c);
    remit_session_free(d);
    return why;
}

static const char *case_context_load(void)
{
    remit_input reg = {NULL, "register.yaml", W.reg, W.reg_len};
    remit_input hist = {W.hist_path, NULL, NULL, 0};
    return context_case(&reg, &hist);
}

/* A JSON history in memory, read an entry at a time. */
static const char *case_context_load_json(void)
{
    remit_input hist = {NULL, "history.json", HISTORY_JSON, sizeof HISTORY_JSON - 1};
    return context_case(NULL, &hist);
}

/* The same from a file, read through a window (decide.c,
 * rm_stream_history), which gives its memory back on running out. */
static const char *case_context_load_json_file(void)
{
    remit_input hist = {W.hist_json_path, NULL, NULL, 0};
    return context_case(NULL, &hist);
}

/* remit_evaluator_new and remit_evaluate with the shared context (a
 * register and a history), then the outcome rendered as text and JSON. */
static const char *case_evaluate(void)
{
    remit_evaluator *e = NULL;
    remit_status est = remit_evaluator_new(W.p, W.ctx, &e);
    if (est != REMIT_OK) {
        if (est != REMIT_E_NOMEM || e) {
            disarm();
            return "remit_evaluator_new failed, but not for want of memory";
        }
        disarm();
        return failed() ? NULL : "no evaluator, with memory to spare";
    }
    const remit_outcome *o = NULL;
    remit_status st = remit_evaluate(e, DECIDE, sizeof DECIDE - 1, &o);
    if (!rm_test_alloc.persist)
        disarm();
    const char *why = NULL;
    if (!failed() && (st != REMIT_OK || remit_outcome_kind_of(o) != REMIT_ESCALATE))
        why = "remit_evaluate did not escalate, with memory to spare";
    else if (failed() && (st != REMIT_E_NOMEM || o || !says_nomem(remit_evaluator_diagnostics(e))))
        why = "remit_evaluate did not give REMIT_E_NOMEM and R0014";
    disarm();
    remit_evaluator_free(e);
    return why;
}

/* remit_who_can and remit_evaluate_why_not (SPEC 7.16, 7.17): many
 * typings and evaluations in one call, outcomes pooled, answers and
 * changes made as they are found; each must give REMIT_E_NOMEM and R0014
 * when memory runs out, and leak nothing. */
static const char WHO[] = "{\"matter\":\"spend\",\"date\":\"2026-11-20\",\"fields\":{\"amount\":\"£300,000\","
                          "\"category\":\"revenue\",\"risk\":3,\"supplier\":\"Acme\"},"
                          "\"context\":{\"incident_level\":0}}";

static const char *case_who_or_why(bool who)
{
    remit_evaluator *e = NULL;
    remit_status est = remit_evaluator_new(W.p, W.ctx, &e);
    if (est != REMIT_OK) {
        disarm();
        return est == REMIT_E_NOMEM && !e ? (failed() ? NULL : "no evaluator, with memory to spare")
                                          : "remit_evaluator_new failed, but not for want of memory";
    }
    remit_input in = {NULL, "decision", who ? WHO : DECIDE, who ? sizeof WHO - 1 : sizeof DECIDE - 1};
    const remit_who *w = NULL;
    const remit_outcome *o = NULL;
    remit_status st = who ? remit_who_can(e, &in, &w) : remit_evaluate_why_not(e, &in, &o);
    const char *text = st == REMIT_OK ? (who ? remit_who_json(w, NULL) : remit_outcome_json(o, NULL)) : NULL;
    if (!rm_test_alloc.persist)
        disarm();
    const char *why = NULL;
    if (!failed() && (st != REMIT_OK || !text || (who ? remit_who_count(w) != 2 : !remit_outcome_change_count(o))))
        why = who ? "remit_who_can did not list two holders, with memory to spare"
                  : "remit_evaluate_why_not found no change, with memory to spare";
    else if (failed() && st != REMIT_OK && (st != REMIT_E_NOMEM || w || o ||
                                            !says_nomem(remit_evaluator_diagnostics(e))))
        why = "it did not give REMIT_E_NOMEM and R0014";
    disarm();
    remit_evaluator_free(e);
    return why;
}

static const char *case_who(void) { return case_who_or_why(true); }
static const char *case_why_not(void) { return case_who_or_why(false); }

/* An evaluator with a context of the register and history read from
 * files, as `remit eval` makes one; NULL (and *why set when memory was
 * not short) when it cannot be made. */
static remit_evaluator *file_evaluator(remit_context **ctx, const char **why)
{
    remit_input reg = {W.reg_path, NULL, NULL, 0}, hist = {W.hist_path, NULL, NULL, 0};
    remit_session *d = NULL;
    remit_evaluator *e = NULL;
    remit_status st = remit_context_load(W.p, &reg, &hist, ctx, &d);
    if (st == REMIT_OK) {
        remit_session_free(d); /* nothing in it: no R0014 to look for below */
        d = NULL;
        st = remit_evaluator_new(W.p, *ctx, &e);
    }
    if (st != REMIT_OK && (st != REMIT_E_NOMEM || (d && !says_nomem(d))))
        *why = "the register, history or evaluator failed, but not for want of memory (with R0014)";
    else if (st != REMIT_OK && !failed())
        *why = "no context or evaluator, with memory to spare";
    remit_session_free(d);
    return e;
}

/* `remit eval`: a decision file, with a register and a history from
 * files, evaluated and rendered as JSON. */
static const char *case_eval_file(void)
{
    remit_context *ctx = NULL;
    const char *why = NULL;
    remit_evaluator *e = file_evaluator(&ctx, &why);
    if (e) {
        remit_input din = {W.decision_path, NULL, NULL, 0};
        const remit_outcome *o = NULL;
        remit_status st = remit_evaluate_input(e, &din, &o);
        const char *json = st == REMIT_OK ? remit_outcome_json(o, NULL) : NULL;
        if (!rm_test_alloc.persist)
            disarm();
        if (!failed() && (st != REMIT_OK || remit_outcome_kind_of(o) != REMIT_ESCALATE || !json))
            why = "the decision file did not escalate, with memory to spare";
        else if (failed() && (st != REMIT_E_NOMEM || !says_nomem(remit_evaluator_diagnostics(e))))
            why = "remit_evaluate_input did not give REMIT_E_NOMEM and R0014";
    }
    disarm();
    remit_evaluator_free(e);
    remit_context_free(ctx);
    return why;
}

/* How many times needle is in the len bytes at hay. */
static size_t count_in(const char *hay, size_t len, const char *needle)
{
    size_t n = 0, nl = strlen(needle);
    for (size_t i = 0; i + nl <= len; i++)
        n += !memcmp(hay + i, needle, nl);
    return n;
}

/* Whether the record of line `line` in out holds needle. */
static bool record_has(const char *out, size_t len, int line, const char *needle)
{
    char head[32];
    snprintf(head, sizeof head, "{\"line\":%d,", line);
    for (size_t i = 0; i + strlen(head) <= len; i++) {
        if (memcmp(out + i, head, strlen(head)))
            continue;
        const char *end = memchr(out + i, '\n', len - i);
        return count_in(out + i, end ? (size_t)(end - (out + i)) : len - i, needle) > 0;
    }
    return false;
}

/* remit_evaluate_batch of BATCH with a register and a history: one bad
 * line.  Out of memory is either the whole batch's (REMIT_E_NOMEM, R0014
 * in the evaluator's diagnostics) or one line's: that line's record is
 * R0014, and it counts as bad. */
static const char *case_batch(void)
{
    remit_context *ctx = NULL;
    const char *why = NULL;
    remit_evaluator *e = file_evaluator(&ctx, &why);
    if (!e) {
        disarm();
        remit_context_free(ctx);
        return why;
    }
    FILE *in = fopen(W.batch_path, "rb");
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(in);
    assert_non_null(out);
    size_t bad = 0;
    remit_status st = remit_evaluate_batch(e, in, out, &bad);
    bool persist = rm_test_alloc.persist;
    if (!persist)
        disarm();
    fclose(in);
    fclose(out);
    size_t records = count_in(buf, len, "{\"line\":"), nomem = count_in(buf, len, "\"R0014\"");
    bool whole = st == REMIT_E_NOMEM;
    if (!failed() && (st != REMIT_OK || bad != 1 || records != 4 || nomem))
        why = "remit_evaluate_batch did not give 4 records, 1 bad, with memory to spare";
    else if (failed() && st != REMIT_OK && !whole)
        why = "remit_evaluate_batch failed, but not for want of memory";
    else if (failed() && whole && !says_nomem(remit_evaluator_diagnostics(e)))
        why = "remit_evaluate_batch gave REMIT_E_NOMEM without R0014";
    else if (failed() && !whole && !persist &&
             (records != 4 || nomem != 1 || bad != (record_has(buf, len, 3, "\"R0014\"") ? 1u : 2u)))
        why = "a line that ran out of memory did not get one R0014 record (counted as bad)";
    else if (failed() && !whole && persist && (bad < 2 || nomem < 1))
        why = "lines that ran out of memory did not get R0014 records";
    disarm();
    free(buf);
    remit_evaluator_free(e);
    remit_context_free(ctx);
    return why;
}

/* remit_test_file: two tests that pass.  Out of memory is REMIT_E_NOMEM
 * and a failed test, with R0014 in the report's diagnostics; or, when
 * not even the report could be made, no report. */
static const char *case_test_file(void)
{
    remit_test_report *r = NULL;
    remit_status st = remit_test_file(W.test_path, &W.opt, &r);
    if (!rm_test_alloc.persist)
        disarm();
    const char *why = NULL;
    unsigned passed = remit_test_report_passed(r), nfailed = remit_test_report_failed(r);
    if (!failed() && (st != REMIT_OK || passed != 2 || nfailed || remit_test_result_count(r) != 2))
        why = "remit_test_file did not pass both tests, with memory to spare";
    else if (failed() && (st != REMIT_E_NOMEM ||
                          (r && (!nfailed || !says_nomem(remit_test_report_diagnostics(r))))))
        why = "remit_test_file did not give REMIT_E_NOMEM, a failed test and R0014 (or no report)";
    disarm();
    if (why && r)
        remit_render_text(remit_test_report_diagnostics(r), stderr);
    remit_test_report_free(r);
    return why;
}

/* remit_test_file with coverage asked, its report added to a coverage
 * and rendered (SPEC 7.13.2).  Out of memory is REMIT_E_NOMEM from
 * remit_test_file (a report without points to add, or with some), NULL
 * from remit_coverage_new, or REMIT_E_NOMEM from remit_coverage_add,
 * which leaves the coverage as it was: no policy. */
static const char *case_test_coverage(void)
{
    remit_options o = W.opt;
    o.coverage = 1;
    remit_test_report *r = NULL;
    remit_status st = remit_test_file(W.test_path, &o, &r);
    remit_test_run run = {W.test_path, r, st};
    remit_coverage *c = remit_coverage_new();
    remit_status ca = c ? remit_coverage_add(c, &run, NULL) : REMIT_E_NOMEM;
    size_t npol = remit_coverage_policy_count(c);
    unsigned cv = 0, tt = 0;
    remit_coverage_total(c, &cv, &tt);
    if (c) { /* rendering allocates only what stdio does */
        FILE *null = fopen("/dev/null", "w");
        if (null) {
            remit_coverage_render_text(c, null);
            fclose(null);
        }
    }
    if (!rm_test_alloc.persist)
        disarm();
    const char *why = NULL;
    if (!failed() && (st != REMIT_OK || ca != REMIT_OK || npol != 1 || !cv || cv > tt))
        why = "remit_test_file and remit_coverage_add did not count the coverage, with memory to spare";
    else if (failed() && st == REMIT_OK && c && ca == REMIT_OK && npol != 1)
        why = "remit_coverage_add said REMIT_OK but added no policy";
    else if (failed() && ca == REMIT_E_NOMEM && c && npol)
        why = "remit_coverage_add ran out of memory and still listed a policy";
    else if (failed() && st == REMIT_OK && c && ca == REMIT_OK)
        why = "an allocation failed, yet every call said REMIT_OK";
    disarm();
    remit_coverage_free(c);
    remit_test_report_free(r);
    return why;
}

/* ---- the driver ---- */

typedef struct oom_result {
    unsigned long n, tried, bad;
    unsigned long by_status[256];
    unsigned long first_bad[4];
    int first_status[4];
    double seconds;
} oom_result;

/* What a child's exit status means. */
static const char *status_word(int st)
{
    switch (st) {
    case 0: return "as it should be";
    case 1: return "the wrong result (printed above)";
    case 2: return "allocation k was never asked for";
    case 3: return "a leak (LeakSanitizer's report above)";
    case 4: return "the library called exit() (status 4 is the child's atexit)";
    case 128 + 14: return "it hung (killed after 60 s)";
    default: return st >= 128 ? "a crash or an abort" : "exit() from inside the library";
    }
}

static oom_case running;
static const char *running_name;

/* In a child: the case with allocation k failing.  A call to exit() from
 * inside the library runs this atexit handler, which says so. */
static void exited_inside(void) { _exit(4); }

static int child(void *arg)
{
    unsigned long k = *(unsigned long *)arg;
    bool persist = (k >> (sizeof k * 8 - 1)) != 0;
    k &= ~(1UL << (sizeof k * 8 - 1));
    atexit(exited_inside);
    alarm(60); /* a run that hangs (a jump into a finished call) is a failure too */
    compile_fail_at = k;
    arm(compile_armed ? 0 : k, persist);
    const char *why = running();
    if (why) {
        fprintf(stderr, "%s, allocation %lu failing%s: %s\n", running_name, k,
                persist ? " and every one after" : "", why);
        return 1;
    }
    if (!rm_test_alloc.failed)
        return 2;
#ifdef RT_SANITIZED
    if (__lsan_do_recoverable_leak_check())
        return 3;
#endif
    return 0;
}

/* Run child for k in a child process and return its status. */
static int in_child(unsigned long k, bool persist)
{
    unsigned long arg = k | (persist ? 1UL << (sizeof k * 8 - 1) : 0);
    return rt_in_child(child, &arg);
}

static void try_every_k(const char *name, oom_case c, bool compile_only, oom_result *r)
{
    memset(r, 0, sizeof *r);
    running = c;
    running_name = name;
    compile_armed = compile_only;
    compile_fail_at = 0;
    /* count: with nothing failing, the usual result */
    arm(0, false);
    const char *why = c();
    if (why)
        fail_msg("%s with memory to spare: %s", name, why);
    /* the count is the last run's: case_compile re-arms for its call alone */
    r->n = rm_test_alloc.count;
    disarm();
    assert_true(r->n > 0);
    bool all = getenv("REMIT_OOM_ALL") != NULL;
    unsigned long stride = r->n > RT_OOM_ALL ? (r->n - RT_OOM_ALL + RT_OOM_MORE - 1) / RT_OOM_MORE : 1;
    if (all || stride < 1)
        stride = 1;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    unsigned long persisted = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (unsigned long k = 1; k <= r->n; k = k < RT_OOM_ALL ? k + 1 : k + stride) {
            if (k > RT_OOM_ALL && k + stride > r->n && k != r->n)
                k = r->n; /* the last one, always */
            if (pass == 1 && ++persisted % 4 != 1 && k != r->n && !all)
                continue;
            int st = in_child(k, pass == 1);
            r->tried++;
            if (st != 0) {
                r->by_status[st & 255]++;
                if (r->bad < 4) {
                    r->first_bad[r->bad] = pass ? k | 1UL << (sizeof k * 8 - 1) : k;
                    r->first_status[r->bad] = st;
                }
                r->bad++;
            }
            if (k == r->n)
                break;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    r->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    print_message("  %-22s N = %4lu allocations, %lu runs, %.2f s\n", name, r->n, r->tried, r->seconds);
    for (unsigned long i = 0; i < r->bad && i < 4; i++) {
        unsigned long k = r->first_bad[i] & ~(1UL << (sizeof k * 8 - 1));
        print_error("%s: allocation %lu failing%s: %s (status %d)\n", name, k,
                    r->first_bad[i] >> (sizeof k * 8 - 1) ? " and every one after" : "",
                    status_word(r->first_status[i]), r->first_status[i]);
    }
    for (int st = 1; st < 256; st++)
        if (r->by_status[st])
            print_error("%s: %lu runs with status %d: %s\n", name, r->by_status[st], st, status_word(st));
    if (r->bad)
        fail_msg("%s: %lu of %lu runs out of memory went wrong", name, r->bad, r->tried);
}

#define OOM_TEST(fn, name, c, compile_only)                                                        \
    static void fn(void **state)                                                                   \
    {                                                                                              \
        (void)state;                                                                               \
        oom_result r;                                                                              \
        try_every_k(name, c, compile_only, &r);                                                    \
    }

OOM_TEST(test_oom_check, "remit_check_buffer", case_check, false)
OOM_TEST(test_oom_compile, "remit_compile", case_compile, true)
OOM_TEST(test_oom_policy_load, "remit_policy_load", case_policy_load, false)
OOM_TEST(test_oom_context_load, "remit_context_load", case_context_load, false)
OOM_TEST(test_oom_context_load_json, "remit_context_load (JSON history)", case_context_load_json, false)
OOM_TEST(test_oom_context_load_json_file, "remit_context_load (JSON history file)", case_context_load_json_file,
         false)
OOM_TEST(test_oom_evaluate, "remit_evaluate", case_evaluate, false)
OOM_TEST(test_oom_eval_file, "remit_evaluate_input (files)", case_eval_file, false)
/* remit_audit of a ledger of three lines (JSON Lines) with the register:
 * two breaches with memory to spare; REMIT_E_NOMEM and R0014 when it
 * runs out, and nothing left behind either way */
static const char *audit_case(const remit_input *led, uint32_t window, uint32_t margin)
{
    remit_input reg = {NULL, "register.yaml", W.reg, W.reg_len};
    remit_audit_options o;
    remit_audit_options_init(&o);
    o.ledger = led;
    o.register_file = &reg;
    o.format = REMIT_AUDIT_JSON;
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    remit_audit_summary sum;
    remit_session *d = NULL;
    remit_status st = rm_audit_window(W.p, &o, out, &sum, &d, window, margin);
    if (!rm_test_alloc.persist)
        disarm();
    fclose(out);
    const char *why = NULL;
    if (!failed() && (st != REMIT_OK || sum.decisions != 3 || sum.breaches != 2 || sum.splits != 1 ||
                      count_in(buf, len, "\n{\"kind\":") != 2))
        why = "remit_audit did not find a split and a breach of authority with memory to spare";
    else if (failed() && st != REMIT_OK && (st != REMIT_E_NOMEM || (d && !says_nomem(d))))
        why = "remit_audit failed, but not with REMIT_E_NOMEM and R0014";
    disarm();
    free(buf);
    remit_session_free(d);
    return why;
}

static const char *case_audit(void)
{
    remit_input led = {NULL, "ledger.jsonl", LEDGER, sizeof LEDGER - 1}; /* (in memory: read whole) */
    return audit_case(&led, 4u << 20, 1u << 20);
}

/* The same ledger in a file, read through a window smaller than two lines */
static const char *case_audit_window(void)
{
    remit_input led = {W.ledger_path, NULL, NULL, 0};
    return audit_case(&led, 400, 200);
}

OOM_TEST(test_oom_batch, "remit_evaluate_batch", case_batch, false)
OOM_TEST(test_oom_audit, "remit_audit", case_audit, false)
OOM_TEST(test_oom_audit_window, "remit_audit (a ledger file through a window)", case_audit_window, false)
OOM_TEST(test_oom_test_file, "remit_test_file", case_test_file, false)
OOM_TEST(test_oom_test_coverage, "remit_test_file --coverage", case_test_coverage, false)
OOM_TEST(test_oom_who, "remit_who_can", case_who, false)
OOM_TEST(test_oom_why_not, "remit_evaluate_why_not", case_why_not, false)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oom_check),
        cmocka_unit_test(test_oom_compile),
        cmocka_unit_test(test_oom_policy_load),
        cmocka_unit_test(test_oom_context_load),
        cmocka_unit_test(test_oom_context_load_json),
        cmocka_unit_test(test_oom_context_load_json_file),
        cmocka_unit_test(test_oom_evaluate),
        cmocka_unit_test(test_oom_eval_file),
        cmocka_unit_test(test_oom_batch),
        cmocka_unit_test(test_oom_audit),
        cmocka_unit_test(test_oom_audit_window),
        cmocka_unit_test(test_oom_test_file),
        cmocka_unit_test(test_oom_test_coverage),
        cmocka_unit_test(test_oom_who),
        cmocka_unit_test(test_oom_why_not),
    };
    if (world_setup(NULL) != 0) {
        fprintf(stderr, "test_oom: %s, its register and history do not load\n", RT_ICB_POLICY);
        return 1;
    }
    int rc = rt_run_tests(tests);
    world_teardown(NULL);
    return rc;
}
