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
#include <stdint.h>
#include <sys/mman.h>

#include "internal.h"

struct ar_chunk {
    ar_chunk *next;
    size_t used, size;
    bool mapped;            /* from mmap, not malloc */
    _Alignas(16) unsigned char data[];
};

#define AR_CHUNK_MIN (64u * 1024u)
#define AR_CHUNK_MAX (32u << 20)
/* Chunks this large come straight from mmap and ask for transparent huge
 * pages: a large policy then takes a few hundred page faults, not a
 * hundred thousand (first touch of memory dominated `make bench`). */
#define AR_HUGE (2u << 20)

static ar_chunk *ar_new_chunk(size_t size)
{
    size_t total = sizeof(ar_chunk) + size;
    ar_chunk *c;
    if (total >= AR_HUGE) {
        total = (total + AR_HUGE - 1) & ~(size_t)(AR_HUGE - 1);
        void *p = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            return NULL;
#ifdef MADV_HUGEPAGE
        madvise(p, total, MADV_HUGEPAGE);
#endif
        c = p;
        c->mapped = true;
        c->size = total - sizeof(ar_chunk);
    } else {
        c = malloc(total);
        if (!c)
            return NULL;
        c->mapped = false;
        c->size = size;
    }
    c->used = 0;
    return c;
}

static void ar_fail(rm_arena *a)
{
    if (a->oom)
        longjmp(*a->oom, 1);
    abort(); /* no recovery point: a programming error */
}

/* n bytes, not zeroed: for memory the caller writes in full before
 * reading (the JSON reader's nodes; zeroing its blocks took a tenth of a
 * batch line). */
void *ar_alloc_raw(rm_arena *a, size_t n)
{
    if (n > SIZE_MAX - sizeof(ar_chunk) - AR_HUGE)
        ar_fail(a); /* no such request can succeed; do not let it wrap */
    n = (n + 15u) & ~(size_t)15u;
    ar_chunk *c = a->head;
    if (!c || c->size - c->used < n) {
        /* each chunk twice the last, up to a cap, and always big enough */
        size_t size = c ? c->size * 2 : AR_CHUNK_MIN;
        if (size > AR_CHUNK_MAX)
            size = AR_CHUNK_MAX;
        if (size < n)
            size = n;
        ar_chunk *nc = ar_new_chunk(size);
        if (!nc)
            ar_fail(a);
        nc->next = a->head;
        a->head = c = nc;
    }
    void *p = c->data + c->used;
    c->used += n;
    return p;
}

void *ar_alloc(rm_arena *a, size_t n)
{
    void *p = ar_alloc_raw(a, n);
    /* fresh mmap pages are zero already, and a mapped chunk is never
     * reused (ar_reset keeps only a malloc'd one) */
    if (!a->head->mapped)
        memset(p, 0, (n + 15u) & ~(size_t)15u);
    return p;
}

char *ar_strndup(rm_arena *a, const char *s, size_t n)
{
    char *p = ar_alloc(a, n + 1);
    if (n)
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

void ar_reset(rm_arena *a)
{
    /* keep the oldest chunk when it is a small malloc'd one: reused memory
     * is zeroed by ar_alloc's memset, which mmap'd chunks skip */
    ar_chunk *c = a->head, *keep = NULL;
    while (c) {
        ar_chunk *next = c->next;
        if (!next && !c->mapped) {
            keep = c;
            break;
        }
        if (c->mapped)
            munmap(c, sizeof *c + c->size);
        else
            free(c);
        c = next;
    }
    if (keep) {
        keep->used = 0;
        keep->next = NULL;
    }
    a->head = keep;
}

void ar_free_all(rm_arena *a)
{
    ar_chunk *c = a->head;
    while (c) {
        ar_chunk *next = c->next;
        if (c->mapped)
            munmap(c, sizeof *c + c->size);
        else
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
