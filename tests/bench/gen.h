/*
 * gen.h - what the generators of tests/bench share (gendecisions.c,
 * genscale.c): a small random source that gives the same numbers
 * everywhere from the same seed, and amounts of money written as a
 * decision writes them.
 */
#ifndef REMIT_GEN_H
#define REMIT_GEN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define GEN_COUNT(a) (sizeof(a) / sizeof((a)[0]))

static uint64_t gen_state = 0x9E3779B97F4A7C15u;

static inline void gen_seed(uint64_t seed) { gen_state ^= seed * 0xD1B54A32D192ED03u; }

/* xorshift64*: small, fast, and the same everywhere */
static inline uint32_t gen_next(void)
{
    gen_state ^= gen_state >> 12;
    gen_state ^= gen_state << 25;
    gen_state ^= gen_state >> 27;
    return (uint32_t)((gen_state * 0x2545F4914F6CDD1Du) >> 32);
}

/* 0 .. n-1 (0 when n is 0) */
static inline uint32_t gen_pick(uint32_t n) { return n ? gen_next() % n : 0; }

/* "£1,234,567.89"; without ".00" when the pence are 0 and !pence */
static inline const char *gen_money(int64_t amount, bool pence, char *buf, size_t n)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%lld", (long long)(amount / 100));
    size_t u = (size_t)snprintf(buf, n, "\xC2\xA3");
    for (int i = 0; i < len && u + 2 < n; i++) {
        if (i && (len - i) % 3 == 0)
            buf[u++] = ',';
        buf[u++] = digits[i];
    }
    if (pence || amount % 100)
        snprintf(buf + u, n - u, ".%02lld", (long long)(amount % 100));
    else
        buf[u] = '\0';
    return buf;
}

#endif
