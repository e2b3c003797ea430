/*
 * scalebench.c - one part of one size of the scaling table of `make
 * bench` (tests/bench/scale.sh):
 *
 *   scalebench DIR SUMMARY BUDGET policy|register|history|eval
 *
 * takes the files genscale wrote into DIR (scheme.remit, register.json,
 * history.json, decisions.jsonl) and measures one part of its row, each
 * figure with how many runs it took and their spread.  scale.sh runs each
 * part in a process of its own under `timeout`, so that a load that takes
 * too long costs only its own figures.  The parts:
 *
 *   policy    remit_policy_load (read, check with the analyses, as `remit
 *             eval` runs them, compile): time, and memory (the growth of
 *             the resident set at its peak, and once loaded);
 *   register, history
 *             remit_context_load of each alone: time and memory;
 *   eval      with the register and the history when their parts loaded
 *             them (read from SUMMARY):
 *             - evaluation alone: every decision read and typed once
 *               (input.c, as evalbench does), then ev_evaluate timed on
 *               each, without the history and with it: median, p99 and
 *               p99.9 nanoseconds;
 *             - through the library: remit_evaluate on each decision's
 *               JSON text (reading, typing, evaluating): median, p99 and
 *               p99.9;
 *             - a batch: remit_evaluate_batch over the decisions repeated,
 *               JSON in and out (to /dev/null): decisions per second of
 *               the thread's CPU time and of the wall clock;
 *   alone     evaluation alone only, as in eval (for callgrind: run it
 *             with --toggle-collect=ev_evaluate --dump-before=bench_typed
 *             to count an evaluation's instructions and misses without
 *             the history and with it).
 *
 * An input the library refuses (a register or history over a limit) is
 * not measured, and the line says why in the library's own words; what
 * does not need it is measured without it, and says so.  Each
 * measurement stops starting new runs once it has used BUDGET seconds,
 * and then says how many it made.  Every result is printed as soon as it
 * is taken, and its table cell appended to SUMMARY ("key<TAB>cell"
 * lines), so what was measured survives a kill.  A decision that is an
 * input error stops it (stderr, exit 1): the generator is wrong, and
 * figures would mislead.  A benchmark, not a test: nothing here is a
 * pass or a fail on time.
 */
#include <malloc.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define SB_LOAD_RUNS 5u        /* at most, for each load */
#define SB_PASSES 3u           /* evaluations are timed in this many passes */
#define SB_EVALS 1000000u      /* evaluations alone, at most, over the passes */
#define SB_API_EVALS 200000u   /* remit_evaluate calls, at most */
#define SB_BATCH_RUNS 3u
#define SB_BATCH_MIN 100u      /* lines in a batch, at least and at most */
#define SB_BATCH_MAX 1000000u

static const char *dir;
static FILE *summary;
static double budget_s;

/* ---- output ----------------------------------------------------------- */

#if defined(__GNUC__) || defined(__clang__)
#define SB_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define SB_PRINTF(f, a)
#endif

/* One table cell for the summary (scale.sh makes the table of them). */
static void cell(const char *key, const char *fmt, ...) SB_PRINTF(2, 3);
static void say(const char *fmt, ...) SB_PRINTF(1, 2);

static void cell(const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(summary, "%s\t", key);
    vfprintf(summary, fmt, ap);
    fputc('\n', summary);
    va_end(ap);
    fflush(summary);
}

/* A line of the report, indented under scale.sh's heading for the size. */
static void say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("  ", stdout);
    vprintf(fmt, ap);
    va_end(ap);
    fflush(stdout);
}

/* "850 ns", "9,999 ns", "12.3 µs", "4.6 ms", "1.23 s" */
static const char *dur(double ns, char *buf, size_t n)
{
    char g[32];
    if (ns < 10000)
        snprintf(buf, n, "%s ns", bn_grouped(ns, g, sizeof g));
    else if (ns < 1e6)
        snprintf(buf, n, "%.1f \xC2\xB5s", ns / 1e3);
    else if (ns < 1e9)
        snprintf(buf, n, "%.1f ms", ns / 1e6);
    else
        snprintf(buf, n, "%.2f s", ns / 1e9);
    return buf;
}

static const char *mib(double bytes, char *buf, size_t n)
{
    snprintf(buf, n, "%.1f MiB", bytes / (1024.0 * 1024.0));
    return buf;
}

/* The first error of a session, as "R0709 this input holds ... (file:line)",
 * with the temporary folder's path taken out of it (so that the same
 * message reads the same at every size); the status's phrase when there
 * is none. */
static void first_error(const remit_session *s, remit_status st, char *buf, size_t n)
{
    snprintf(buf, n, "%s", remit_status_text(st));
    for (size_t i = 0; s && i < remit_diag_count(s); i++) {
        const remit_diagnostic *d = remit_diag_at(s, i);
        if (d->severity != REMIT_ERROR)
            continue;
        const char *base = d->file ? strrchr(d->file, '/') : NULL;
        if (d->file && d->line)
            snprintf(buf, n, "%s %s (%s:%u)", d->code, d->message, base ? base + 1 : d->file, d->line);
        else
            snprintf(buf, n, "%s %s", d->code, d->message);
        break;
    }
    size_t k = strlen(dir);
    for (char *at; k && (at = strstr(buf, dir)) && at[k] == '/';)
        memmove(at, at + k + 1, strlen(at + k + 1) + 1);
}

/* ---- memory ------------------------------------------------------------ */
/* The peak of the resident set is reset (Linux: /proc/self/clear_refs,
 * "5") before a load and read after it (VmHWM), so that a load's peak is
 * its own; what it holds is the growth of the resident set once it is
 * done and malloc has given back what it freed (malloc_trim): the
 * library's large arena chunks come from mmap, which malloc's own counts
 * (mallinfo2) do not see. */

typedef struct sb_mem {
    long rss_kb;            /* before */
    bool peak_ok;           /* the peak could be reset */
} sb_mem;

static long status_kb(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    size_t k = strlen(key);
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, key, k) && line[k] == ':')
            v = strtol(line + k + 1, NULL, 10);
    if (f)
        fclose(f);
    return v;
}

static sb_mem mem_start(void)
{
    sb_mem m;
    FILE *f = fopen("/proc/self/clear_refs", "w");
    m.peak_ok = f && fputs("5", f) >= 0;
    if (f && fclose(f) != 0)
        m.peak_ok = false;
    m.rss_kb = status_kb("VmRSS");
    return m;
}

/* "peak +12.3 MiB, held 4.5 MiB" */
static const char *mem_end(const sb_mem *m, char *buf, size_t n)
{
    char a[32], b[32];
    long hwm = status_kb("VmHWM");
    malloc_trim(0);
    long rss = status_kb("VmRSS");
    double held = rss > m->rss_kb ? (double)(rss - m->rss_kb) * 1024.0 : 0;
    if (m->rss_kb < 0 || rss < 0)
        snprintf(buf, n, "memory not known");
    else if (m->peak_ok && hwm >= 0)
        snprintf(buf, n, "peak +%s, held %s", mib((double)(hwm - m->rss_kb) * 1024.0, a, sizeof a),
                 mib(held, b, sizeof b));
    else
        snprintf(buf, n, "held %s", mib(held, b, sizeof b));
    return buf;
}

/* ---- spreads ----------------------------------------------------------- */

typedef struct sb_runs {
    uint32_t n;
    double v[16];
} sb_runs;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double runs_median(sb_runs *r)
{
    double s[16];
    memcpy(s, r->v, r->n * sizeof *s);
    qsort(s, r->n, sizeof *s, cmp_double);
    return r->n % 2 ? s[r->n / 2] : (s[r->n / 2 - 1] + s[r->n / 2]) / 2;
}

static double runs_min(const sb_runs *r)
{
    double m = r->v[0];
    for (uint32_t i = 1; i < r->n; i++)
        m = r->v[i] < m ? r->v[i] : m;
    return m;
}

static double runs_max(const sb_runs *r)
{
    double m = r->v[0];
    for (uint32_t i = 1; i < r->n; i++)
        m = r->v[i] > m ? r->v[i] : m;
    return m;
}

/* "31.2 ms (5 runs: 30.1 ms-35.0 ms)" */
static const char *dur_spread(sb_runs *r, char *buf, size_t n)
{
    char a[32], b[32], c[32];
    if (r->n == 1)
        snprintf(buf, n, "%s (1 run)", dur(r->v[0], a, sizeof a));
    else
        snprintf(buf, n, "%s (%u runs: %s-%s)", dur(runs_median(r), a, sizeof a), r->n,
                 dur(runs_min(r), b, sizeof b), dur(runs_max(r), c, sizeof c));
    return buf;
}

static bool over_budget(uint64_t t0)
{
    return (double)(bn_now_ns(CLOCK_MONOTONIC) - t0) / 1e9 >= budget_s;
}

static void path_of(const char *name, char *buf, size_t n)
{
    snprintf(buf, n, "%s/%s", dir, name);
}

/* ---- loading ----------------------------------------------------------- */

/* A policy, register or history to load, timed: its summary cell, the
 * words of its line, its input, and for a register or history the policy. */
typedef struct sb_load {
    const char *key;          /* "policy", "register" or "history" */
    const char *what;
    remit_input in;
    const remit_policy *p;
    remit_policy *policy;     /* the policy loaded last, kept */
    remit_context *ctx;       /* the context loaded last, kept */
} sb_load;

static remit_status load_once(sb_load *l, remit_session **diags)
{
    if (!strcmp(l->key, "policy")) {
        remit_options o;
        remit_options_init(&o); /* the analyses on, as `remit eval` runs them */
        remit_policy_free(l->policy);
        l->policy = NULL;
        return remit_policy_load(&o, &l->in, &l->policy, diags);
    }
    bool history = !strcmp(l->key, "history");
    remit_context_free(l->ctx);
    l->ctx = NULL;
    return remit_context_load(l->p, history ? NULL : &l->in, history ? &l->in : NULL, &l->ctx, diags);
}

/* Load it up to SB_LOAD_RUNS times, within the budget; false when the
 * library refuses it (the line then says why, in the library's words). */
static bool timed_load(sb_load *l)
{
    char m[96], t[160], why[1024];
    sb_runs r = {0};
    uint64_t t0 = bn_now_ns(CLOCK_MONOTONIC);
    while (r.n < SB_LOAD_RUNS && (r.n == 0 || !over_budget(t0))) {
        remit_session *diags = NULL;
        sb_mem mem = mem_start();
        uint64_t a = bn_now_ns(CLOCK_MONOTONIC);
        remit_status st = load_once(l, &diags);
        r.v[r.n++] = (double)(bn_now_ns(CLOCK_MONOTONIC) - a);
        if (st != REMIT_OK)
            first_error(diags, st, why, sizeof why);
        remit_session_free(diags); /* what it holds is the policy or the context alone */
        if (r.n == 1)
            mem_end(&mem, m, sizeof m);
        if (st != REMIT_OK) {
            say("%s: not measured: the library refuses it after %s: %s\n", l->key, dur(r.v[0], t, sizeof t),
                why);
            cell(l->key, "not measured: %s", why);
            return false;
        }
    }
    say("%s: %s; memory of the first run: %s\n", l->what, dur_spread(&r, t, sizeof t), m);
    cell(l->key, "%s, %s", dur(runs_median(&r), t, sizeof t), m);
    return true;
}

static remit_policy *load_policy(void)
{
    char path[4096];
    path_of("scheme.remit", path, sizeof path);
    sb_load l = {"policy", "policy load (remit_policy_load: read, check with the analyses, compile)",
                 {path, NULL, NULL, 0}, NULL, NULL, NULL};
    return timed_load(&l) ? l.policy : NULL;
}

/* The register or the history alone. */
static void load_extra(const remit_policy *p, const char *key)
{
    char path[4096], what[64];
    path_of(!strcmp(key, "history") ? "history.json" : "register.json", path, sizeof path);
    snprintf(what, sizeof what, "%s load (remit_context_load)", key);
    sb_load l = {key, what, {path, NULL, NULL, 0}, p, NULL, NULL};
    timed_load(&l);
    remit_context_free(l.ctx);
}

/* ---- timing evaluations ------------------------------------------------ */

/* Percentiles of the timed calls of SB_PASSES passes: each pass's own,
 * for their spread, and all together. */
typedef struct sb_timing {
    uint64_t *all;
    size_t n, cap;
    sb_runs med, p99, p999;
    bool cut;               /* the budget ran out before every pass was whole */
} sb_timing;

static void pass_done(sb_timing *t, size_t from)
{
    size_t k = t->n - from;
    if (!k)
        return;
    uint64_t *v = bn_xmalloc(k * sizeof *v);
    memcpy(v, t->all + from, k * sizeof *v);
    qsort(v, k, sizeof *v, bn_cmp_u64);
    t->med.v[t->med.n++] = (double)bn_quantile(v, k, 0.5);
    t->p99.v[t->p99.n++] = (double)bn_quantile(v, k, 0.99);
    t->p999.v[t->p999.n++] = (double)bn_quantile(v, k, 0.999);
    free(v);
}

/* "median 240 ns (3 passes: 231-251 ns), p99 ..., p99.9 ...; 1,000,000 timed" */
static void timing_report(sb_timing *t, const char *what, const char *key, bool with_p999)
{
    char g[32], a[32], b[32], c[32], line[512];
    qsort(t->all, t->n, sizeof *t->all, bn_cmp_u64);
    const char *names[3] = {"median", "p99", "p99.9"};
    sb_runs *per[3] = {&t->med, &t->p99, &t->p999};
    double q[3] = {0.5, 0.99, 0.999};
    size_t u = 0;
    for (int i = 0; i < 3; i++) {
        double all = (double)bn_quantile(t->all, t->n, q[i]);
        if (per[i]->n > 1)
            u += (size_t)snprintf(line + u, sizeof line - u, "%s%s %s (%u passes: %s-%s)", i ? ", " : "",
                                  names[i], dur(all, a, sizeof a), per[i]->n,
                                  dur(runs_min(per[i]), b, sizeof b), dur(runs_max(per[i]), c, sizeof c));
        else
            u += (size_t)snprintf(line + u, sizeof line - u, "%s%s %s", i ? ", " : "", names[i],
                                  dur(all, a, sizeof a));
    }
    say("%s: %s; %s calls timed, min %s, max %s%s\n", what, line, bn_grouped((double)t->n, g, sizeof g),
        dur((double)t->all[0], a, sizeof a), dur((double)t->all[t->n - 1], b, sizeof b),
        t->cut ? " (the time budget ran out first: fewer calls than asked)" : "");
    if (t->n < 1000)
        say("  (only %zu calls: p99 and p99.9 are not meaningful)\n", t->n);
    if (with_p999)
        cell(key, "%s / %s / %s%s", dur((double)bn_quantile(t->all, t->n, 0.5), a, sizeof a),
             dur((double)bn_quantile(t->all, t->n, 0.99), b, sizeof b),
             dur((double)bn_quantile(t->all, t->n, 0.999), c, sizeof c), t->n < 1000 ? " (few calls)" : "");
    else
        cell(key, "%s / %s%s", dur((double)bn_quantile(t->all, t->n, 0.5), a, sizeof a),
             dur((double)bn_quantile(t->all, t->n, 0.99), b, sizeof b), t->n < 1000 ? " (few calls)" : "");
}

static void timing_free(sb_timing *t) { free(t->all); }

/* Evaluation alone: ev_evaluate on typed decisions, each call timed. */
static void bench_typed(const remit_policy *p, const ev_decision *d, uint32_t n, const ev_history *h,
                        const char *what, const char *key)
{
    char g[5][32];
    ev_result r;
    unsigned outcomes[4] = {0};
    uint32_t warm = 0;
    uint64_t t0 = bn_now_ns(CLOCK_MONOTONIC);
    for (; warm < n && (warm == 0 || !over_budget(t0)); warm++) { /* warm up; what the set decides */
        ev_evaluate(p, &d[warm], h, &r);
        outcomes[r.outcome]++;
    }
    say("%s: the %s decisions decide: %s permitted, %s escalate, %s refused, %s undetermined%s\n", what,
        bn_grouped(warm, g[4], sizeof g[4]), bn_grouped(outcomes[EV_PERMITTED], g[0], sizeof g[0]),
        bn_grouped(outcomes[EV_ESCALATE], g[1], sizeof g[1]),
        bn_grouped(outcomes[EV_REFUSED], g[2], sizeof g[2]),
        bn_grouped(outcomes[EV_UNDETERMINED], g[3], sizeof g[3]),
        warm < n ? " (the first ones only: the time budget ran out)" : "");
    uint64_t clock_cost = bn_clock_cost();
    sb_timing t = {0};
    t.cap = SB_EVALS;
    t.all = bn_xmalloc(t.cap * sizeof *t.all);
    uint32_t k = 0;
    unsigned sink = 0;
    t0 = bn_now_ns(CLOCK_MONOTONIC);
    for (uint32_t pass = 0; pass < SB_PASSES; pass++) {
        size_t from = t.n, want = (size_t)SB_EVALS * (pass + 1) / SB_PASSES;
        uint64_t deadline = t0 + (uint64_t)(budget_s * 1e9 * (pass + 1) / SB_PASSES);
        while (t.n < want) {
            uint64_t a = bn_now_ns(CLOCK_MONOTONIC);
            ev_evaluate(p, &d[k], h, &r);
            uint64_t b = bn_now_ns(CLOCK_MONOTONIC);
            sink += r.outcome;
            t.all[t.n++] = b - a > clock_cost ? b - a - clock_cost : 0;
            if (++k == n)
                k = 0;
            if (b >= deadline && t.n < want) {
                t.cut = true;
                break;
            }
        }
        pass_done(&t, from);
    }
    timing_report(&t, what, key, true);
    timing_free(&t);
    if (sink == 0xFFFFFFFFu) /* keep the results alive */
        putchar('\n');
}

/* The decisions' lines, each as text. */
typedef struct sb_lines {
    char **v;
    size_t *len;
    uint32_t n;
} sb_lines;

static sb_lines read_lines(const char *path)
{
    sb_lines l = {0};
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    uint32_t cap = 1024;
    l.v = bn_xmalloc(cap * sizeof *l.v);
    l.len = bn_xmalloc(cap * sizeof *l.len);
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    while ((len = getline(&line, &lcap, f)) != -1) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        if (!len)
            continue;
        if (l.n == cap) {
            cap *= 2;
            char **v = realloc(l.v, cap * sizeof *l.v);
            size_t *ln = realloc(l.len, cap * sizeof *l.len);
            if (!v || !ln) {
                fprintf(stderr, "scalebench: out of memory\n");
                exit(2);
            }
            l.v = v;
            l.len = ln;
        }
        l.v[l.n] = bn_xmalloc((size_t)len);
        memcpy(l.v[l.n], line, (size_t)len);
        l.len[l.n++] = (size_t)len;
    }
    free(line);
    fclose(f);
    return l;
}

/* A decision the library refuses: the generator's fault.  Loud, and fatal. */
static void refused_line(remit_evaluator *e, remit_status st, uint32_t i)
{
    remit_render_text(remit_evaluator_diagnostics(e), stderr);
    fprintf(stderr, "scalebench: decision %u (line %u of decisions.jsonl) is not evaluated: %s; "
                    "the generator is wrong, so no figures are taken\n", i + 1, i + 1, remit_status_text(st));
    exit(1);
}

/* Through the library: remit_evaluate on each decision's text.  Returns
 * the mean nanoseconds of a call (for sizing the batch). */
static double bench_api(const remit_policy *p, const remit_context *ctx, const sb_lines *l, const char *what)
{
    remit_evaluator *e = NULL;
    if (remit_evaluator_new(p, ctx, &e) != REMIT_OK) {
        fprintf(stderr, "scalebench: cannot make an evaluator\n");
        exit(2);
    }
    const remit_outcome *out;
    sb_timing t = {0};
    t.cap = SB_API_EVALS;
    t.all = bn_xmalloc(t.cap * sizeof *t.all);
    uint32_t k = 0;
    uint64_t t0 = bn_now_ns(CLOCK_MONOTONIC), sum = 0;
    for (uint32_t i = 0; i < l->n && i < 64 && (i == 0 || !over_budget(t0)); i++) { /* warm up */
        remit_status st = remit_evaluate(e, l->v[i], l->len[i], &out);
        if (st != REMIT_OK)
            refused_line(e, st, i);
    }
    t0 = bn_now_ns(CLOCK_MONOTONIC);
    for (uint32_t pass = 0; pass < SB_PASSES; pass++) {
        size_t from = t.n, want = (size_t)SB_API_EVALS * (pass + 1) / SB_PASSES;
        uint64_t deadline = t0 + (uint64_t)(budget_s * 1e9 * (pass + 1) / SB_PASSES);
        while (t.n < want) {
            uint64_t a = bn_now_ns(CLOCK_MONOTONIC);
            remit_status st = remit_evaluate(e, l->v[k], l->len[k], &out);
            uint64_t b = bn_now_ns(CLOCK_MONOTONIC);
            if (st != REMIT_OK)
                refused_line(e, st, k);
            t.all[t.n++] = b - a;
            sum += b - a;
            if (++k == l->n)
                k = 0;
            if (b >= deadline && t.n < want) {
                t.cut = true;
                break;
            }
        }
        pass_done(&t, from);
    }
    double mean = (double)sum / (double)t.n;
    timing_report(&t, what, "api", false);
    timing_free(&t);
    remit_evaluator_free(e);
    return mean;
}

/* A batch: the lines repeated to `lines` lines in a file, then
 * remit_evaluate_batch over it, SB_BATCH_RUNS times (fewer when the
 * budget runs out), results to /dev/null. */
static void bench_batch(const remit_policy *p, const remit_context *ctx, const sb_lines *l, size_t lines,
                        const char *what)
{
    char tmp[4096], g[7][32];
    path_of("batch.jsonl", tmp, sizeof tmp);
    FILE *w = fopen(tmp, "wb");
    if (!w) {
        perror(tmp);
        exit(2);
    }
    for (size_t i = 0; i < lines; i++) {
        fwrite(l->v[i % l->n], 1, l->len[i % l->n], w);
        fputc('\n', w);
    }
    if (fclose(w) != 0) {
        perror(tmp);
        exit(2);
    }
    remit_evaluator *e = NULL;
    if (remit_evaluator_new(p, ctx, &e) != REMIT_OK) {
        fprintf(stderr, "scalebench: cannot make an evaluator\n");
        exit(2);
    }
    sb_runs cpu = {0}, wall = {0};
    uint64_t t0 = bn_now_ns(CLOCK_MONOTONIC);
    while (cpu.n < SB_BATCH_RUNS && (cpu.n == 0 || !over_budget(t0))) {
        FILE *in = fopen(tmp, "rb"), *out = fopen("/dev/null", "wb");
        if (in && out)
            bn_batch_buffers(in, out);
        if (!in || !out) {
            perror(in ? "/dev/null" : tmp);
            exit(2);
        }
        size_t bad = 0;
        uint64_t w0 = bn_now_ns(CLOCK_MONOTONIC), c0 = bn_now_ns(CLOCK_THREAD_CPUTIME_ID);
        remit_status st = remit_evaluate_batch(e, in, out, &bad);
        uint64_t wt = bn_now_ns(CLOCK_MONOTONIC) - w0, ct = bn_now_ns(CLOCK_THREAD_CPUTIME_ID) - c0;
        fclose(in);
        fclose(out);
        if (st != REMIT_OK || bad) {
            remit_render_text(remit_evaluator_diagnostics(e), stderr);
            fprintf(stderr,
                    "scalebench: the batch %s (%zu line(s) were input errors): no figures are taken\n",
                    st != REMIT_OK ? remit_status_text(st) : "ran", bad);
            exit(1);
        }
        cpu.v[cpu.n++] = (double)lines * 1e9 / (double)(ct ? ct : 1);
        wall.v[wall.n++] = (double)lines * 1e9 / (double)(wt ? wt : 1);
    }
    unlink(tmp);
    remit_evaluator_free(e);
    say("%s, %u run%s of %s lines%s: %s decisions per CPU second (min-max %s-%s), %s per wall second "
        "(min-max %s-%s)\n",
        what, cpu.n, cpu.n == 1 ? "" : "s", bn_grouped((double)lines, g[0], sizeof g[0]),
        lines < SB_BATCH_MIN * 10 ? " (few: as many as the time budget allowed)" : "",
        bn_grouped(runs_median(&cpu), g[1], sizeof g[1]), bn_grouped(runs_min(&cpu), g[2], sizeof g[2]),
        bn_grouped(runs_max(&cpu), g[3], sizeof g[3]), bn_grouped(runs_median(&wall), g[4], sizeof g[4]),
        bn_grouped(runs_min(&wall), g[5], sizeof g[5]), bn_grouped(runs_max(&wall), g[6], sizeof g[6]));
    cell("batch_cpu", "%s", bn_grouped(runs_median(&cpu), g[0], sizeof g[0]));
    cell("batch_wall", "%s", bn_grouped(runs_median(&wall), g[0], sizeof g[0]));
}

/* ---- typed decisions (the internal API, as evalbench) ------------------ */

/* The register and history that loaded, and every decision typed with
 * them, inside a protected call: running out of memory is then a line
 * of the report, not an abort. */
typedef struct typed_call {
    in_ctx *ic;
    const rm_extras *x;
    ev_history *h;
    const char *path;
    ev_decision *d;
    uint32_t n;
    bool ok, unreadable;
} typed_call;

static void typed_in(void *arg)
{
    typed_call *c = arg;
    c->ok = rm_load_extras(c->ic, c->x, c->h, &c->unreadable);
    if (c->ok)
        c->d = bn_load_decisions(c->ic->s, c->ic, c->path, "scalebench", &c->n);
}

/* The cells of a part of the eval part that could not run, and why. */
static void not_measured(const char *const *keys, const char *why)
{
    for (const char *const *k = keys; *k; k++)
        cell(*k, "not measured: %s", why);
}

/* Whether an earlier part loaded the register or the history: its cell
 * in SUMMARY holds figures rather than "not measured" (or nothing, when
 * that part was stopped). */
static bool loaded_before(const char *summary_path, const char *key)
{
    FILE *f = fopen(summary_path, "r");
    char line[2048];
    bool ok = false;
    size_t k = strlen(key);
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, key, k) && line[k] == '\t')
            ok = strncmp(line + k + 1, "not measured", 12) != 0 && strncmp(line + k + 1, "over ", 5) != 0;
    if (f)
        fclose(f);
    return ok;
}

/* The policy, for the parts that do not time it. */
static remit_policy *policy_untimed(void)
{
    char path[4096];
    path_of("scheme.remit", path, sizeof path);
    sb_load l = {"policy", "", {path, NULL, NULL, 0}, NULL, NULL, NULL};
    remit_session *diags = NULL;
    if (load_once(&l, &diags) != REMIT_OK) {
        remit_render_text(diags, stderr);
        fprintf(stderr, "scalebench: the policy no longer loads\n");
        exit(2);
    }
    remit_session_free(diags);
    return l.policy;
}

/* Evaluation, alone and through the library, and a batch, with the
 * register and the history when the parts before loaded them. */
static void part_eval(remit_policy *p, const char *summary_path, bool alone)
{
    char reg_path[4096], hist_path[4096], dec_path[4096], t[64], g[32], what[256];
    path_of("register.json", reg_path, sizeof reg_path);
    path_of("history.json", hist_path, sizeof hist_path);
    path_of("decisions.jsonl", dec_path, sizeof dec_path);
    bool reg_ok = loaded_before(summary_path, "register"), hist_ok = loaded_before(summary_path, "history");
    const char *with = reg_ok && hist_ok ? "with the register and the history"
                       : reg_ok          ? "with the register, without the history (not loaded)"
                       : hist_ok         ? "with the history, without the register (not loaded)"
                                         : "without the register and the history (neither loaded)";

    /* evaluation alone: the decisions typed once, with what loaded */
    remit_session *is = remit_session_new(NULL);
    if (!is)
        exit(2);
    in_ctx ic;
    in_init(&ic, is, p, &is->arena);
    ev_history h = {0};
    rm_extras x = {hist_ok ? hist_path : NULL, reg_ok ? reg_path : NULL, NULL, NULL, NULL, NULL};
    typed_call tc = {&ic, &x, &h, dec_path, NULL, 0, false, false};
    uint64_t t0 = bn_now_ns(CLOCK_MONOTONIC);
    static const char *const typed_keys[] = {"eval", "eval_history", NULL};
    if (!rm_protect(is, typed_in, &tc)) {
        say("evaluation alone: not measured: out of memory reading the register, the history and the "
            "decisions\n");
        not_measured(typed_keys, "out of memory (R0014)");
    } else if (!tc.ok) { /* they loaded through the library: a bug to report */
        remit_render_text(is, stderr);
        fprintf(stderr, "scalebench: the register and history that loaded through the library do not "
                        "load for typed decisions\n");
        exit(2);
    } else {
        say("%s decisions read and typed in %s (%s)\n", bn_grouped(tc.n, g, sizeof g),
            dur((double)(bn_now_ns(CLOCK_MONOTONIC) - t0), t, sizeof t),
            reg_ok ? "with the register" : "without the register");
        bench_typed(p, tc.d, tc.n, NULL, "evaluation alone (ev_evaluate), without the history", "eval");
        if (hist_ok) {
            bench_typed(p, tc.d, tc.n, &h, "evaluation alone (ev_evaluate), with the history",
                        "eval_history");
        } else {
            say("evaluation alone, with the history: not measured: the history did not load\n");
            cell("eval_history", "not measured: no history");
        }
    }
    free(tc.d);
    remit_session_free(is);
    if (alone)
        return;

    /* through the library, with what loaded */
    remit_context *ctx = NULL;
    remit_session *diags = NULL;
    remit_input rin = {reg_path, NULL, NULL, 0}, hin = {hist_path, NULL, NULL, 0};
    remit_status st = reg_ok || hist_ok
                          ? remit_context_load(p, reg_ok ? &rin : NULL, hist_ok ? &hin : NULL, &ctx, &diags)
                          : REMIT_OK;
    if (st != REMIT_OK) { /* each loaded alone: together, only memory can fail them */
        static const char *const lib_keys[] = {"api", "batch_cpu", "batch_wall", NULL};
        first_error(diags, st, what, sizeof what);
        remit_session_free(diags);
        say("through the library: not measured: the register and the history do not load together: %s\n",
            what);
        not_measured(lib_keys, what);
        return;
    }
    remit_session_free(diags);
    sb_lines l = read_lines(dec_path);
    snprintf(what, sizeof what, "through the library (remit_evaluate: read, type, evaluate; %s)", with);
    double mean = bench_api(p, ctx, &l, what);
    /* runs of about a third of the budget each, at the rate just seen */
    double fit = budget_s * 1e9 / SB_BATCH_RUNS / (mean > 1 ? mean : 1);
    size_t lines = fit < SB_BATCH_MIN ? SB_BATCH_MIN : fit > SB_BATCH_MAX ? SB_BATCH_MAX : (size_t)fit;
    snprintf(what, sizeof what, "batch (remit_evaluate_batch, JSON in and out to /dev/null; %s)", with);
    bench_batch(p, ctx, &l, lines, what);
    for (uint32_t i = 0; i < l.n; i++)
        free(l.v[i]);
    free(l.v);
    free(l.len);
    remit_context_free(ctx);
}

int main(int argc, char **argv)
{
    static const char *const parts[] = {"policy", "register", "history", "eval", "alone"};
    int part = -1;
    for (int i = 0; argc == 5 && i < 5; i++)
        if (!strcmp(argv[4], parts[i]))
            part = i;
    if (part < 0 || atof(argv[3]) <= 0) {
        fprintf(stderr, "usage: scalebench DIR SUMMARY BUDGET_SECONDS policy|register|history|eval|alone\n");
        return 2;
    }
    dir = argv[1];
    budget_s = atof(argv[3]);
    summary = fopen(argv[2], "a");
    if (!summary) {
        perror(argv[2]);
        return 2;
    }
    remit_policy *p = part == 0 ? load_policy() : policy_untimed();
    if (p && (part == 1 || part == 2))
        load_extra(p, parts[part]);
    else if (p && part >= 3)
        part_eval(p, argv[2], part == 4);
    remit_policy_free(p);
    fclose(summary);
    return p || part == 0 ? 0 : 2;
}
