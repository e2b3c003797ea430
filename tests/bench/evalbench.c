/*
 * evalbench.c - how fast decisions are evaluated:
 *
 *   evalbench POLICY DECISIONS.jsonl N [HISTORY]
 *
 * checks and compiles POLICY, reads every line of DECISIONS.jsonl once
 * into ev_decision structs (through yamlin.c and input.c, as the tool
 * does), then
 *
 *   (a) evaluates N decisions, cycling through the lines, without any
 *       parsing: each evaluation timed on its own (the cost of reading
 *       the clock measured and taken off), and again in batches of
 *       EB_BATCH (the batch's time over its size), for the median and
 *       99th percentile nanoseconds per decision and decisions per second;
 *   (b) runs remit_evaluate_batch over the same lines repeated to N lines
 *       (written to a temporary file; results to /dev/null): decisions
 *       per second with JSON parsing, typing and output included;
 *   (c) without HISTORY, asks remit_who_can of each line (its decider set
 *       aside), and remit_evaluate_why_not of each line not permitted,
 *       and compares the times with remit_evaluate of the line.
 *
 * Both run on one thread, so the rates are per core.  HISTORY, when
 * given, is a YAML or JSON list of earlier decisions used by both.  A
 * benchmark, not a test: it prints figures and asserts nothing, but a line
 * of DECISIONS.jsonl that is an input error stops it (stderr, exit 1),
 * since figures over decisions that were never evaluated would mislead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define EB_BATCH 256u     /* evaluations per timed batch: clock cost < 1% */

static void load_history(remit_session *s, in_ctx *ic, const char *path, ev_history *h)
{
    uint32_t f = src_read(s, path, path, NULL);
    yi_node *root = f == UINT32_MAX ? NULL : yi_parse(s, f);
    if (!root || !in_history(ic, root, h)) {
        remit_render_text(s, stderr);
        fprintf(stderr, "evalbench: the history %s could not be read\n", path);
        exit(2);
    }
}

/* (a): evaluation alone. */
static void bench_eval(const remit_policy *p, const ev_decision *d, uint32_t n, const ev_history *h,
                       size_t total)
{
    char g1[32];
    ev_result r;
    unsigned outcomes[4] = {0};
    for (uint32_t i = 0; i < n; i++) { /* warm up, and say what the set decides */
        ev_evaluate(p, &d[i], h, &r);
        outcomes[r.outcome]++;
    }
    printf("decisions: %u distinct: %u permitted, %u escalate, %u refused, %u undetermined\n", n,
           outcomes[EV_PERMITTED], outcomes[EV_ESCALATE], outcomes[EV_REFUSED], outcomes[EV_UNDETERMINED]);

    uint64_t overhead = bn_clock_cost();

    /* each decision timed on its own */
    uint64_t *one = bn_xmalloc(total * sizeof *one);
    uint32_t k = 0;
    unsigned sink = 0;
    for (size_t i = 0; i < total; i++) {
        uint64_t t0 = bn_now_ns(CLOCK_MONOTONIC);
        ev_evaluate(p, &d[k], h, &r);
        uint64_t t1 = bn_now_ns(CLOCK_MONOTONIC);
        sink += r.outcome;
        one[i] = t1 - t0 > overhead ? t1 - t0 - overhead : 0;
        if (++k == n)
            k = 0;
    }
    qsort(one, total, sizeof *one, bn_cmp_u64);
    printf("evaluation without parsing, %zu evaluations, each timed (clock cost %llu ns taken off):\n",
           total, (unsigned long long)overhead);
    printf("  median %llu ns, p90 %llu ns, p99 %llu ns, p99.9 %llu ns, max %llu ns\n",
           (unsigned long long)bn_quantile(one, total, 0.5),
           (unsigned long long)bn_quantile(one, total, 0.9),
           (unsigned long long)bn_quantile(one, total, 0.99),
           (unsigned long long)bn_quantile(one, total, 0.999), (unsigned long long)one[total - 1]);
    free(one);

    /* in batches: the clock read once per EB_BATCH evaluations */
    size_t nb = total / EB_BATCH ? total / EB_BATCH : 1;
    uint64_t *per = bn_xmalloc(nb * sizeof *per);
    k = 0;
    uint64_t w0 = bn_now_ns(CLOCK_MONOTONIC), c0 = bn_now_ns(CLOCK_THREAD_CPUTIME_ID);
    for (size_t b = 0; b < nb; b++) {
        uint64_t t0 = bn_now_ns(CLOCK_MONOTONIC);
        for (uint32_t i = 0; i < EB_BATCH; i++) {
            ev_evaluate(p, &d[k], h, &r);
            sink += r.outcome;
            if (++k == n)
                k = 0;
        }
        per[b] = (bn_now_ns(CLOCK_MONOTONIC) - t0 + EB_BATCH / 2) / EB_BATCH;
    }
    uint64_t wall = bn_now_ns(CLOCK_MONOTONIC) - w0, cpu = bn_now_ns(CLOCK_THREAD_CPUTIME_ID) - c0;
    qsort(per, nb, sizeof *per, bn_cmp_u64);
    size_t done = nb * EB_BATCH;
    printf("  in %zu batches of %u: median %llu ns, p99 %llu ns per decision\n", nb, EB_BATCH,
           (unsigned long long)bn_quantile(per, nb, 0.5), (unsigned long long)bn_quantile(per, nb, 0.99));
    printf("  %s decisions per second (one core; %.3f s wall, %.3f s CPU)\n",
           bn_grouped((double)done * 1e9 / (double)wall, g1, sizeof g1), wall / 1e9, cpu / 1e9);
    free(per);
    if (sink == 0xFFFFFFFFu) /* keep the results alive */
        putchar('\n');
}

/* (b): remit_evaluate_batch, parsing included. */
static void bench_batch(const remit_policy *p, const char *lines_path, const char *history,
                        size_t total)
{
    char g1[32];
    FILE *src = fopen(lines_path, "rb");
    if (!src) {
        perror(lines_path);
        exit(2);
    }
    const char *tmpdir = getenv("TMPDIR");
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s/evalbench.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    int fd = mkstemp(tmp);
    FILE *w = fd < 0 ? NULL : fdopen(fd, "wb");
    if (!w) {
        perror(tmp);
        exit(2);
    }
    /* the lines, repeated until there are at least `total` */
    size_t written = 0, cap = 0;
    char *line = NULL;
    ssize_t len;
    while (written < total) {
        size_t before = written;
        rewind(src);
        while (written < total && (len = getline(&line, &cap, src)) != -1) {
            if (len > 1 || (len == 1 && line[0] != '\n')) {
                fwrite(line, 1, (size_t)len, w);
                if (line[len - 1] != '\n')
                    fputc('\n', w);
                written++;
            }
        }
        if (written == before)
            break; /* no decisions at all */
    }
    free(line);
    fclose(src);
    if (fclose(w) != 0) {
        perror(tmp);
        exit(2);
    }
    FILE *in = fopen(tmp, "rb"), *out = fopen("/dev/null", "wb");
    if (in && out)
        bn_batch_buffers(in, out);
    remit_input hin = {history, NULL, NULL, 0};
    remit_context *ctx = NULL;
    remit_evaluator *e = NULL;
    if (!in || !out || (history && remit_context_load(p, NULL, &hin, &ctx, NULL) != REMIT_OK) ||
        remit_evaluator_new(p, ctx, &e) != REMIT_OK) {
        fprintf(stderr, "evalbench: cannot run the batch\n");
        exit(2);
    }
    uint64_t w0 = bn_now_ns(CLOCK_MONOTONIC), c0 = bn_now_ns(CLOCK_THREAD_CPUTIME_ID);
    size_t bad = 0;
    remit_status st = remit_evaluate_batch(e, in, out, &bad);
    uint64_t wall = bn_now_ns(CLOCK_MONOTONIC) - w0, cpu = bn_now_ns(CLOCK_THREAD_CPUTIME_ID) - c0;
    fclose(in);
    fclose(out);
    unlink(tmp);
    remit_evaluator_free(e);
    remit_context_free(ctx);
    if (st != REMIT_OK) {
        fprintf(stderr, "evalbench: the batch failed: %s\n", remit_status_text(st));
        exit(2);
    }
    if (bad) { /* the same lines were each typed once above */
        fprintf(stderr, "evalbench: %zu line(s) of the batch were input errors: no figures are "
                        "taken from lines that were never evaluated\n", bad);
        exit(1);
    }
    printf("remit_evaluate_batch with JSON parsing, %zu lines (output to /dev/null):\n", written);
    printf("  %s decisions per second of wall time (one core; %.3f s wall, %.0f ns per line)\n",
           bn_grouped((double)written * 1e9 / (double)wall, g1, sizeof g1), wall / 1e9,
           (double)wall / (double)written);
    /* on a shared machine the wall clock also counts time the thread was
     * not running; the thread's own CPU time is what one core spends */
    printf("  %s decisions per CPU second (%.3f s CPU, %.0f ns of CPU per line)\n",
           bn_grouped((double)written * 1e9 / (double)(cpu ? cpu : 1), g1, sizeof g1), cpu / 1e9,
           (double)cpu / (double)written);
}

/* (c): remit_who_can (SPEC 7.16) over the lines, their deciders set
 * aside, against remit_evaluate of the same lines: the cost of "who can
 * take this?" in evaluations.  Without a history (the first run only). */
static void bench_who(const remit_policy *p, const char *lines_path, size_t total)
{
    FILE *src = fopen(lines_path, "rb");
    remit_evaluator *e = NULL;
    if (!src || remit_evaluator_new(p, NULL, &e) != REMIT_OK) {
        fprintf(stderr, "evalbench: cannot run who\n");
        exit(2);
    }
    size_t cap = 0, n = 0, asked = 0, listed = 0;
    char *line = NULL;
    ssize_t len;
    uint64_t t_who = 0, t_eval = 0, t_why = 0, t_why_eval = 0;
    size_t why_asked = 0, changes = 0;
    const remit_outcome *o;
    while (asked < total && (len = getline(&line, &cap, src)) != -1) {
        if (len <= 1)
            continue;
        remit_input in = {NULL, "decision", line, (size_t)len};
        uint64_t t0 = bn_now_ns(CLOCK_THREAD_CPUTIME_ID);
        remit_status st = remit_evaluate(e, line, (size_t)len, &o);
        uint64_t t1 = bn_now_ns(CLOCK_THREAD_CPUTIME_ID);
        const remit_who *w;
        remit_status sw = remit_who_can(e, &in, &w);
        uint64_t t2 = bn_now_ns(CLOCK_THREAD_CPUTIME_ID);
        if (st != REMIT_OK || sw != REMIT_OK) {
            fprintf(stderr, "evalbench: line %zu: remit who failed (%s)\n", n + 1, remit_status_text(sw));
            exit(1);
        }
        t_eval += t1 - t0;
        t_who += t2 - t1;
        listed += remit_who_count(w);
        remit_evaluate(e, line, (size_t)len, &o);
        if (remit_outcome_kind_of(o) != REMIT_PERMITTED) { /* what would make it permitted */
            uint64_t t3 = bn_now_ns(CLOCK_THREAD_CPUTIME_ID);
            remit_status sy = remit_evaluate_why_not(e, &in, &o);
            uint64_t t4 = bn_now_ns(CLOCK_THREAD_CPUTIME_ID);
            if (sy != REMIT_OK) {
                fprintf(stderr, "evalbench: line %zu: remit eval --why-not failed (%s)\n", n + 1,
                        remit_status_text(sy));
                exit(1);
            }
            t_why += t4 - t3;
            t_why_eval += t1 - t0;
            changes += remit_outcome_change_count(o);
            why_asked++;
        }
        asked++;
        n++;
    }
    free(line);
    fclose(src);
    remit_evaluator_free(e);
    if (!asked)
        return;
    printf("remit_who_can over %zu of the decisions (their deciders set aside), %zu holders listed:\n", asked,
           listed);
    printf("  %.0f ns of CPU an answer, against %.0f ns for remit_evaluate of the same line (%.1f times)\n",
           (double)t_who / (double)asked, (double)t_eval / (double)asked, (double)t_who / (double)t_eval);
    if (!why_asked)
        return;
    printf("remit_evaluate_why_not over the %zu of them not permitted, %zu changes found:\n", why_asked, changes);
    printf("  %.0f ns of CPU an answer, against %.0f ns for remit_evaluate of the same line (%.1f times)\n",
           (double)t_why / (double)why_asked, (double)t_why_eval / (double)why_asked,
           (double)t_why / (double)t_why_eval);
}

int main(int argc, char **argv)
{
    if (argc < 4 || argc > 5 || atol(argv[3]) <= 0) {
        fprintf(stderr, "usage: evalbench POLICY DECISIONS.jsonl N [HISTORY]\n");
        return 2;
    }
    const char *policy = argv[1], *lines = argv[2], *history = argc > 4 ? argv[4] : NULL;
    size_t total = (size_t)atol(argv[3]);
    remit_options o;
    memset(&o, 0, sizeof o);

    uint64_t t0 = bn_now_ns(CLOCK_MONOTONIC);
    remit_session *ps = remit_session_new(&o);
    if (!ps || remit_check_file(ps, policy) != REMIT_OK) {
        if (ps)
            remit_render_text(ps, stderr);
        return 1;
    }
    remit_policy *p = remit_compile(ps);
    remit_session_free(ps);
    if (!p) {
        fprintf(stderr, "evalbench: %s does not compile\n", policy);
        return 1;
    }
    printf("policy: %s, checked and compiled in %.2f ms\n", policy, (bn_now_ns(CLOCK_MONOTONIC) - t0) / 1e6);

    remit_session *is = remit_session_new(&o);
    if (!is)
        return 2;
    /* no protected call: running out of memory here aborts */
    in_ctx ic;
    in_init(&ic, is, p, &is->arena);
    ev_history h = {0};
    if (history)
        load_history(is, &ic, history, &h);
    t0 = bn_now_ns(CLOCK_MONOTONIC);
    uint32_t n;
    ev_decision *d = bn_load_decisions(is, &ic, lines, "evalbench", &n);
    printf("read %u decisions in %.2f ms%s%s\n", n, (bn_now_ns(CLOCK_MONOTONIC) - t0) / 1e6,
           history ? ", history: " : "", history ? history : "");

    bench_eval(p, d, n, history ? &h : NULL, total);
    bench_batch(p, lines, history, total);
    if (!history)
        bench_who(p, lines, 1000);

    free(d);
    remit_session_free(is);
    remit_policy_free(p);
    return 0;
}
