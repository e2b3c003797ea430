/*
 * bench.h - what evalbench.c and scalebench.c share: clocks, quantiles,
 * numbers written for a reader, and reading a file of JSON Lines
 * decisions into typed decisions (through yamlin.c and input.c, as the
 * library does).  Benchmarks only; every function is static inline so a
 * program takes what it uses.
 */
#ifndef REMIT_BENCH_H
#define REMIT_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "input.h"

static inline uint64_t bn_now_ns(clockid_t clk)
{
    struct timespec t;
    clock_gettime(clk, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static inline int bn_cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The q-th quantile (0..1) of n sorted values. */
static inline uint64_t bn_quantile(const uint64_t *v, size_t n, double q)
{
    size_t i = (size_t)(q * (double)(n - 1) + 0.5);
    return v[i < n ? i : n - 1];
}

static inline void *bn_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "bench: out of memory\n");
        exit(2);
    }
    return p;
}

/* The buffers `remit eval --batch` gives its input and output (main.c,
 * BATCH_BUFFER): a batch through the library is measured as the command
 * runs it.  One pair of streams at a time: close them before the next. */
static inline void bn_batch_buffers(FILE *in, FILE *out)
{
    static char ib[1u << 16], ob[1u << 16];
    setvbuf(in, ib, _IOFBF, sizeof ib);
    setvbuf(out, ob, _IOFBF, sizeof ob);
}

/* "6,812,345" */
static inline const char *bn_grouped(double x, char *buf, size_t n)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%.0f", x);
    size_t u = 0;
    for (int i = 0; i < len && u + 2 < n; i++) {
        if (i && (len - i) % 3 == 0 && digits[i - 1] != '-')
            buf[u++] = ',';
        buf[u++] = digits[i];
    }
    buf[u] = '\0';
    return buf;
}

/* What reading CLOCK_MONOTONIC twice costs (the median of many pairs),
 * to take off each evaluation timed on its own. */
static inline uint64_t bn_clock_cost(void)
{
    enum { PAIRS = 10001 };
    uint64_t *pairs = bn_xmalloc(PAIRS * sizeof *pairs);
    for (uint32_t i = 0; i < PAIRS; i++) {
        uint64_t t0 = bn_now_ns(CLOCK_MONOTONIC);
        pairs[i] = bn_now_ns(CLOCK_MONOTONIC) - t0;
    }
    qsort(pairs, PAIRS, sizeof *pairs, bn_cmp_u64);
    uint64_t cost = bn_quantile(pairs, PAIRS, 0.5);
    free(pairs);
    return cost;
}

/* Read and type every non-blank line of path, a file of JSON Lines
 * decisions, against ic's policy (and its register and history texts,
 * when it holds them).  A line that is not a valid decision is a fault
 * of whoever wrote the file: the diagnostics are printed, with a line
 * that says so, and the program exits with 1, since figures over a set
 * of decisions that were not all evaluated would mislead.  *count gets
 * the number of decisions; the array is the caller's to free. */
static inline ev_decision *bn_load_decisions(remit_session *s, in_ctx *ic, const char *path,
                                             const char *who, uint32_t *count)
{
    uint32_t f = src_read(s, path, path, NULL);
    if (f == UINT32_MAX) {
        remit_render_text(s, stderr);
        exit(2);
    }
    const rm_file *file = s->files.v[f];
    uint32_t cap = 1024, n = 0, bad = 0;
    ev_decision *d = bn_xmalloc(cap * sizeof *d);
    for (uint32_t start = 0; start < file->len;) {
        uint32_t end = start;
        while (end < file->len && file->text[end] != '\n')
            end++;
        uint32_t k = start;
        while (k < end && (file->text[k] == ' ' || file->text[k] == '\t' || file->text[k] == '\r'))
            k++;
        if (k < end) {
            if (n == cap) {
                cap *= 2;
                ev_decision *g = realloc(d, cap * sizeof *d);
                if (!g) {
                    fprintf(stderr, "%s: out of memory\n", who);
                    exit(2);
                }
                d = g;
            }
            yi_node *root = yi_parse_range(s, f, start, end);
            if (root && in_decision(ic, root, &d[n]))
                n++;
            else
                bad++;
        }
        start = end + 1;
    }
    if (bad || !n) {
        remit_render_text(s, stderr);
        fprintf(stderr,
                "%s: %u line(s) of %s are input errors, not decisions: no figures are taken from "
                "a set that is not what it claims to be (fix the generator)\n",
                who, bad ? bad : 1, path);
        exit(1);
    }
    *count = n;
    return d;
}

#endif
