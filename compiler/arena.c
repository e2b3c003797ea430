/*
 * arena.c - the memory of one compile.  Everything a session allocates
 * (sources, AST, names, diagnostics) lives in its arena and is freed at
 * once when the session ends, so no phase keeps per-object bookkeeping and
 * an error in the middle of a parse leaks nothing.
 *
 * Allocation failure is handled here, in one place: we jump back to the
 * session's entry point, which reports "out of memory".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct ar_chunk {
    ar_chunk *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
};

#define AR_CHUNK_MIN (64u * 1024u)

static void ar_fail(rm_arena *a)
{
    if (a->oom)
        longjmp(*a->oom, 1);
    abort(); /* no recovery point: a programming error */
}

void *ar_alloc(rm_arena *a, size_t n)
{
    n = (n + 15u) & ~(size_t)15u;
    ar_chunk *c = a->head;
    if (!c || c->size - c->used < n) {
        size_t size = n > AR_CHUNK_MIN ? n : AR_CHUNK_MIN;
        if (c && c->size * 2 > size && c->size < (16u << 20))
            size = c->size * 2 > n ? c->size * 2 : n;
        c = malloc(sizeof *c + size);
        if (!c)
            ar_fail(a);
        c->next = a->head;
        c->used = 0;
        c->size = size;
        a->head = c;
    }
    void *p = c->data + c->used;
    c->used += n;
    memset(p, 0, n);
    return p;
}

char *ar_strndup(rm_arena *a, const char *s, size_t n)
{
    char *p = ar_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *ar_vprintf(rm_arena *a, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        n = 0;
    char *p = ar_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *ar_printf(rm_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = ar_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

void ar_free_all(rm_arena *a)
{
    ar_chunk *c = a->head;
    while (c) {
        ar_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
}

void vec_push(rm_arena *a, rm_vec *v, void *item)
{
    if (v->n == v->cap) {
        uint32_t cap = v->cap ? v->cap * 2 : 4;
        void **nv = ar_alloc(a, cap * sizeof *nv);
        if (v->n)
            memcpy(nv, v->v, v->n * sizeof *nv);
        v->v = nv;
        v->cap = cap;
    }
    v->v[v->n++] = item;
}

bool name_is(const rm_name *n, const char *word)
{
    size_t l = strlen(word);
    return n->len == l && memcmp(n->s, word, l) == 0;
}

bool name_eq(const rm_name *a, const rm_name *b)
{
    return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}
