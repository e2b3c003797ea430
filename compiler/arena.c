/*
 * arena.c - the memory of one compile, and the one way to fail for want
 * of it.  Everything a session allocates (sources, AST, names,
 * diagnostics) lives in its arena and is freed at once when the session
 * ends, so no phase keeps per-object bookkeeping and an error in the
 * middle of a parse leaks nothing.
 *
 * Allocation failure is handled here, in one place: every allocation of
 * the library goes through rm_malloc (which the test hook can fail), and
 * running out inside a protected call (rm_protect) runs the call's
 * cleanups and unwinds to it; internal.h says how.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>

#include "internal.h"

/* ---- the allocator, and its test hook ---- */

rm_alloc_hook rm_test_alloc;

/* Whether the test hook fails this allocation. */
static bool hook_fails(void)
{
    if (!rm_test_alloc.armed)
        return false;
    unsigned long k = ++rm_test_alloc.count;
    bool fail = rm_test_alloc.fail_at &&
                (k == rm_test_alloc.fail_at || (rm_test_alloc.persist && k > rm_test_alloc.fail_at));
    rm_test_alloc.failed += fail;
    return fail;
}

void *rm_malloc(size_t n)
{
    return hook_fails() ? NULL : malloc(n ? n : 1);
}

void *rm_calloc(size_t n, size_t size)
{
    return hook_fails() ? NULL : calloc(n ? n : 1, size ? size : 1);
}

void *rm_realloc(void *p, size_t n)
{
    return hook_fails() ? NULL : realloc(p, n ? n : 1);
}

void rm_free(void *p) { free(p); }

void *rm_xmalloc(const rm_arena *a, size_t n)
{
    void *p = rm_malloc(n);
    if (!p)
        rm_unwind(a);
    return p;
}

/* ---- protected calls ---- */

void rm_guard_enter(remit_session *s, rm_guard *g)
{
    g->outer = s->arena.guard;
    g->s = s;
    g->n = 0;
    s->arena.guard = g;
}

void rm_guard_leave(remit_session *s, rm_guard *g)
{
    assert(s->arena.guard == g && g->n == 0); /* every cleanup popped */
    s->arena.guard = g->outer;
}

bool rm_protect(remit_session *s, void (*fn)(void *), void *arg)
{
    rm_guard g; /* nothing in it is read after the jump but jb and outer,
                   which do not change once set */
    if (setjmp(g.jb)) {
        s->arena.guard = g.outer;
        return false;
    }
    rm_guard_enter(s, &g);
    fn(arg);
    rm_guard_leave(s, &g);
    return true;
}

static void run_cleanups(rm_guard *g)
{
    while (g->n) {
        g->n--;
        g->cleanup[g->n].fn(g->cleanup[g->n].arg);
    }
}

_Noreturn void rm_unwind(const rm_arena *a)
{
    rm_guard *g = a->guard;
    if (!g)
        abort(); /* no protected call: a programming error */
    /* calls on the same session inside g (it may be a policy's or a
     * scratch arena's guard, taken when an outer call was innermost) */
    if (g->s)
        for (rm_guard *in = g->s->arena.guard; in && in != g; in = in->outer)
            run_cleanups(in);
    run_cleanups(g);
    longjmp(g->jb, 1);
}

/* Outside every protected call (a unit test calling a reader directly)
 * nothing is pushed: running out of memory aborts there, and nothing is
 * unwound. */
void rm_cleanup_push(remit_session *s, void (*fn)(void *), void *arg)
{
    rm_guard *g = s->arena.guard;
    if (!g)
        return;
    assert(g->n < RM_MAX_CLEANUPS);
    if (g->n >= RM_MAX_CLEANUPS)
        abort();
    g->cleanup[g->n].fn = fn;
    g->cleanup[g->n].arg = arg;
    g->n++;
}

void rm_cleanup_pop(remit_session *s, void *arg)
{
    rm_guard *g = s->arena.guard;
    if (!g)
        return;
    assert(g->n && g->cleanup[g->n - 1].arg == arg);
    (void)arg;
    g->n--;
}

/* ---- pools: blocks freed one at a time, or all at once ---- */

struct rm_block {
    rm_block *prev, *next;
    _Alignas(16) unsigned char data[];
};

static void pool_link(rm_pool *p, rm_block *b)
{
    b->prev = NULL;
    b->next = p->head;
    if (p->head)
        p->head->prev = b;
    p->head = b;
}

static void pool_unlink(rm_pool *p, rm_block *b)
{
    if (b->prev)
        b->prev->next = b->next;
    else
        p->head = b->next;
    if (b->next)
        b->next->prev = b->prev;
}

static rm_block *block_of(void *data)
{
    return (rm_block *)((unsigned char *)data - offsetof(rm_block, data));
}

void *pool_alloc(rm_pool *p, size_t n)
{
    if (n > SIZE_MAX - sizeof(rm_block))
        rm_unwind(p->a);
    rm_block *b = rm_xmalloc(p->a, sizeof *b + n);
    pool_link(p, b);
    return b->data;
}

void *pool_realloc(rm_pool *p, void *old, size_t n)
{
    if (!old)
        return pool_alloc(p, n);
    if (n > SIZE_MAX - sizeof(rm_block))
        rm_unwind(p->a);
    rm_block *b = block_of(old);
    pool_unlink(p, b);
    rm_block *nb = rm_realloc(b, sizeof *b + n);
    if (!nb) {
        pool_link(p, b); /* still the pool's, to be freed with it */
        rm_unwind(p->a);
    }
    pool_link(p, nb);
    return nb->data;
}

void pool_free(rm_pool *p, void *old)
{
    if (!old)
        return;
    rm_block *b = block_of(old);
    pool_unlink(p, b);
    rm_free(b);
}

void pool_free_all(void *pool)
{
    rm_pool *p = pool;
    while (p->head) {
        rm_block *b = p->head;
        p->head = b->next;
        rm_free(b);
    }
}

/* ---- arenas ---- */

struct ar_chunk {
    ar_chunk *next;
    size_t used, size;
    size_t dirty;           /* mapped: bytes from here on are zero (all of
                               them were when mapped; ar_rewind leaves
                               what it gives back as it is) */
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
        if (hook_fails())
            return NULL;
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
        c = rm_malloc(total);
        if (!c)
            return NULL;
        c->mapped = false;
        c->size = size;
    }
    c->used = 0;
    c->dirty = 0;
    return c;
}

/* ar_alloc_raw when the test hook is armed or the chunk has no room.
 * Not inlined: its registers would be saved on every allocation. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void *ar_alloc_new(rm_arena *a, size_t n)
{
    /* each arena allocation is a place where memory may run out, though
     * most are served from a chunk already there: the hook counts them */
    if (hook_fails())
        rm_unwind(a);
    if (n > SIZE_MAX - sizeof(ar_chunk) - AR_HUGE)
        rm_unwind(a); /* no such request can succeed; do not let it wrap */
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
            rm_unwind(a);
        nc->next = a->head;
        a->head = c = nc;
    }
    void *p = c->data + c->used;
    c->used += n;
    return p;
}

/* n bytes, not zeroed: for memory the caller writes in full before
 * reading (the JSON reader's nodes; zeroing its blocks took a tenth of a
 * batch line).  The common case first, in a few instructions: a batch
 * line makes a score of allocations. */
void *ar_alloc_raw(rm_arena *a, size_t n)
{
    ar_chunk *c = a->head;
    size_t r = (n + 15u) & ~(size_t)15u;
    if (rm_test_alloc.armed || !c || r < n || c->size - c->used < r)
        return ar_alloc_new(a, n);
    void *p = c->data + c->used;
    c->used += r;
    return p;
}

void *ar_alloc(rm_arena *a, size_t n)
{
    void *p = ar_alloc_raw(a, n);
    /* fresh mmap pages are zero already, and a mapped chunk is reused
     * only after ar_rewind (ar_reset keeps only a malloc'd one): only
     * what ar_rewind gave back is zeroed, when it is taken again here */
    ar_chunk *c = a->head;
    size_t r = (n + 15u) & ~(size_t)15u;
    if (!c->mapped) {
        memset(p, 0, r);
    } else {
        size_t off = (size_t)((unsigned char *)p - c->data);
        if (off < c->dirty)
            memset(p, 0, c->dirty - off < r ? c->dirty - off : r);
    }
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
            rm_free(c);
        c = next;
    }
    if (keep) {
        keep->used = 0;
        keep->next = NULL;
    }
    a->head = keep;
}

ar_mark ar_mark_of(const rm_arena *a)
{
    return (ar_mark){a->head, a->head ? a->head->used : 0};
}

void ar_rewind(rm_arena *a, ar_mark m)
{
    ar_chunk *c = a->head;
    if (!c || c != m.chunk)
        return; /* a chunk was added since: keep what it holds */
    assert(m.used <= c->used);
    if (c->mapped && c->used > c->dirty) /* ar_alloc zeroes it if it is taken again */
        c->dirty = c->used;
    c->used = m.used;
}

void ar_adopt(rm_arena *a, rm_arena *from)
{
    ar_chunk *c = from->head;
    if (!c)
        return;
    ar_chunk *last = c;
    while (last->next)
        last = last->next;
    if (a->head) { /* behind a's chunk, which stays the one being filled */
        last->next = a->head->next;
        a->head->next = c;
    } else {
        a->head = c;
    }
    from->head = NULL;
}

void ar_adopt_cleanup(void *pair)
{
    rm_arena **ab = pair;
    ar_adopt(ab[0], ab[1]);
}

void ar_free_all(rm_arena *a)
{
    ar_chunk *c = a->head;
    while (c) {
        ar_chunk *next = c->next;
        if (c->mapped)
            munmap(c, sizeof *c + c->size);
        else
            rm_free(c);
        c = next;
    }
    a->head = NULL;
}

void ar_cleanup(void *arena) { ar_free_all(arena); }

void rm_vec_push(rm_arena *a, rm_vec *v, void *item)
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

bool rm_name_is(const rm_name *n, const char *word)
{
    size_t l = strlen(word);
    return n->len == l && memcmp(n->s, word, l) == 0;
}

bool rm_name_is_nocase(const rm_name *n, const char *word)
{
    size_t l = strlen(word);
    if (n->len != l)
        return false;
    for (size_t i = 0; i < l; i++)
        if ((n->s[i] >= 'A' && n->s[i] <= 'Z' ? n->s[i] + 32 : n->s[i]) != word[i])
            return false;
    return true;
}

bool rm_name_eq(const rm_name *a, const rm_name *b)
{
    /* (an empty name may have no text at all: memcmp takes no NULL) */
    return a->len == b->len && (!a->len || memcmp(a->s, b->s, a->len) == 0);
}
