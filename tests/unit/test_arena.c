/*
 * test_arena.c - arena.c and symtab.c: the memory of one compile and the
 * policy's one namespace.  Each test owns an arena whose guard (a
 * protected call's recovery point) turns an allocation failure into a
 * test failure.
 */
#include "helpers.h"

#include "internal.h"

typedef struct fx {
    rm_arena a;
    rm_guard g;
} fx;

static int arena_setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->a.guard = &f->g;
    *state = f;
    return 0;
}

static int arena_teardown(void **state)
{
    fx *f = *state;
    ar_free_all(&f->a);
    free(f);
    return 0;
}

#define ARENA_TEST(t) cmocka_unit_test_setup_teardown(t, arena_setup, arena_teardown)

/* The arena of this test; unwinding to its guard fails the test. */
#define ARENA(state, f)                                           \
    fx *f = *(state);                                             \
    if (setjmp(f->g.jb))                                           \
        fail_msg("the arena reported out of memory");

static bool all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

/* ---------------------------------------------------------------- arena */

static void test_alloc_aligned(void **state)
{
    ARENA(state, f);
    static const size_t sizes[] = {1, 3, 7, 8, 15, 16, 17, 31, 33, 100, 1000, 4095};
    for (int round = 0; round < 50; round++)
        for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
            void *p = ar_alloc(&f->a, sizes[i]);
            assert_non_null(p);
            assert_int_equal((uintptr_t)p % 16, 0);
        }
}

static void test_alloc_zeroed_after_reuse(void **state)
{
    ARENA(state, f);
    /* dirty memory that malloc will hand back after ar_free_all */
    enum { N = 64, SZ = 2000 };
    for (int i = 0; i < N; i++)
        memset(ar_alloc(&f->a, SZ), 0xAA, SZ);
    memset(ar_alloc(&f->a, 200000), 0xAA, 200000);
    ar_free_all(&f->a);
    assert_null(f->a.head);
    for (int i = 0; i < N; i++) {
        unsigned char *p = ar_alloc(&f->a, SZ);
        assert_true(all_zero(p, SZ));
        memset(p, 0x55, SZ);
    }
    assert_true(all_zero(ar_alloc(&f->a, 200000), 200000));
}

static void test_alloc_blocks_do_not_overlap(void **state)
{
    ARENA(state, f);
    enum { N = 400 };
    unsigned char *blk[N];
    size_t len[N];
    for (int i = 0; i < N; i++) {
        /* mixed sizes, with some far larger than a chunk */
        len[i] = i % 50 == 49 ? (size_t)300000 + (size_t)i : (size_t)(i * 37 % 3000) + 1;
        blk[i] = ar_alloc(&f->a, len[i]);
        assert_true(all_zero(blk[i], len[i]));
        memset(blk[i], i & 0xFF, len[i]);
    }
    for (int i = 0; i < N; i++)
        for (size_t k = 0; k < len[i]; k++)
            if (blk[i][k] != (unsigned char)(i & 0xFF))
                fail_msg("block %d byte %zu was overwritten", i, k);
}

static void test_alloc_large(void **state)
{
    ARENA(state, f);
    size_t big = (size_t)8 << 20;
    unsigned char *p = ar_alloc(&f->a, big);
    assert_int_equal((uintptr_t)p % 16, 0);
    assert_true(all_zero(p, big));
    memset(p, 1, big);
    unsigned char *q = ar_alloc(&f->a, 10);
    assert_true(q + 10 <= p || q >= p + big);
    assert_true(all_zero(q, 10));
    assert_int_equal(p[big - 1], 1);
}

static void test_alloc_zero_bytes(void **state)
{
    ARENA(state, f);
    void *p = ar_alloc(&f->a, 0);
    void *q = ar_alloc(&f->a, 16);
    assert_non_null(p);
    assert_non_null(q);
    memset(q, 0xFF, 16);
}

/* A request too large to round up must jump to the out-of-memory point,
 * not wrap to a tiny block. */
static void test_alloc_huge_request_fails(void **state)
{
    fx *f = *state;
    volatile int jumped = 0;
    void *volatile p = NULL;
    if (setjmp(f->g.jb) == 0)
        p = ar_alloc(&f->a, SIZE_MAX - 8);
    else
        jumped = 1;
    if (!jumped)
        fail_msg("ar_alloc(SIZE_MAX - 8) returned %p instead of reporting out of memory",
                 (void *)p);
}

static void test_strndup(void **state)
{
    ARENA(state, f);
    const char src[] = {'a', 'b', 'c', 'd', 'e'}; /* no NUL */
    char *s = ar_strndup(&f->a, src, 3);
    assert_string_equal(s, "abc");
    assert_ptr_not_equal(s, src);
    s = ar_strndup(&f->a, "", 0);
    assert_string_equal(s, "");
    s = ar_strndup(&f->a, "x\0y", 3);
    assert_memory_equal(s, "x\0y\0", 4);
}

static void test_printf(void **state)
{
    ARENA(state, f);
    char *s = ar_printf(&f->a, "%s has %d fields worth %lld", "spend", 3, (long long)-7);
    assert_string_equal(s, "spend has 3 fields worth -7");
    s = ar_printf(&f->a, "%s", "");
    assert_string_equal(s, "");
    s = ar_printf(&f->a, "%.*s|%5s|%-3d|", 3, "abcdef", "ab", 7);
    assert_string_equal(s, "abc|   ab|7  |");
    /* longer than a chunk */
    enum { BIG = 200000 };
    char *fill = ar_alloc(&f->a, BIG + 1);
    memset(fill, 'z', BIG);
    s = ar_printf(&f->a, "<%s>", fill);
    assert_int_equal(strlen(s), BIG + 2);
    assert_int_equal(s[0], '<');
    assert_int_equal(s[BIG], 'z');
    assert_int_equal(s[BIG + 1], '>');
}

static void test_vec_push_growth(void **state)
{
    ARENA(state, f);
    rm_vec v;
    memset(&v, 0, sizeof v);
    static int items[10000];
    uint32_t last_cap = 0;
    int grew = 0;
    for (int i = 0; i < 10000; i++) {
        rm_vec_push(&f->a, &v, &items[i]);
        assert_int_equal(v.n, (uint32_t)i + 1);
        assert_true(v.cap >= v.n);
        if (v.cap != last_cap) {
            /* geometric growth: 4, 8, 16, ... */
            assert_true(last_cap == 0 ? v.cap == 4 : v.cap == last_cap * 2);
            last_cap = v.cap;
            grew++;
        }
    }
    assert_true(grew <= 13);
    for (int i = 0; i < 10000; i++)
        assert_ptr_equal(v.v[i], &items[i]);
}

static void test_vec_push_null_items(void **state)
{
    ARENA(state, f);
    rm_vec v;
    memset(&v, 0, sizeof v);
    for (int i = 0; i < 9; i++)
        rm_vec_push(&f->a, &v, i % 2 ? NULL : &v);
    assert_int_equal(v.n, 9);
    assert_null(v.v[1]);
    assert_ptr_equal(v.v[8], &v);
}

static void test_names(void **state)
{
    (void)state;
    const char text[] = "boardroom";
    rm_name a = {text, 5, {0, 0, 5}};      /* "board", not NUL-terminated */
    rm_name b = {"board", 5, {0, 0, 5}};
    rm_name c = {"boa", 3, {0, 0, 3}};
    assert_true(rm_name_is(&a, "board"));
    assert_false(rm_name_is(&a, "boardroom"));
    assert_false(rm_name_is(&a, "boar"));
    assert_true(rm_name_eq(&a, &b));
    assert_false(rm_name_eq(&a, &c));
}

/* --------------------------------------------------------------- symtab */

static rm_sym *mksym(rm_arena *a, const char *s, uint32_t len, sym_kind k)
{
    rm_sym *sym = ar_alloc(a, sizeof *sym);
    sym->kind = k;
    sym->name.s = s;
    sym->name.len = len;
    return sym;
}

static void test_symtab_empty(void **state)
{
    (void)state;
    rm_symtab t;
    memset(&t, 0, sizeof t);
    assert_null(sym_find(&t, "x", 1));
    assert_null(sym_find(&t, "", 0));
}

static void test_symtab_insert_find(void **state)
{
    ARENA(state, f);
    rm_symtab t;
    memset(&t, 0, sizeof t);
    rm_sym *board = mksym(&f->a, "board", 5, SYM_BODY);
    rm_sym *ceo = mksym(&f->a, "ceo", 3, SYM_ROLE);
    assert_ptr_equal(sym_insert(&f->a, &t, board), board);
    assert_ptr_equal(sym_insert(&f->a, &t, ceo), ceo);
    assert_int_equal(t.n, 2);
    assert_ptr_equal(sym_find(&t, "board", 5), board);
    assert_ptr_equal(sym_find(&t, "ceo", 3), ceo);
    /* by length and bytes: prefixes and extensions are other names */
    assert_null(sym_find(&t, "boar", 4));
    assert_null(sym_find(&t, "boards", 6));
    assert_ptr_equal(sym_find(&t, "boardroom", 5), board);
    assert_null(sym_find(&t, "Board", 5));
}

static void test_symtab_clash(void **state)
{
    ARENA(state, f);
    rm_symtab t;
    memset(&t, 0, sizeof t);
    const char text[] = "spend spend";
    rm_sym *first = mksym(&f->a, text, 5, SYM_MATTER);
    rm_sym *second = mksym(&f->a, text + 6, 5, SYM_ROLE);
    assert_ptr_equal(sym_insert(&f->a, &t, first), first);
    assert_ptr_equal(sym_insert(&f->a, &t, second), first); /* the existing one */
    assert_int_equal(t.n, 1);
    assert_ptr_equal(sym_find(&t, "spend", 5), first);
    assert_int_equal(sym_find(&t, "spend", 5)->kind, SYM_MATTER);
}

static void test_symtab_growth(void **state)
{
    ARENA(state, f);
    rm_symtab t;
    memset(&t, 0, sizeof t);
    enum { N = 20000 };
    rm_sym **syms = ar_alloc(&f->a, N * sizeof *syms);
    for (int i = 0; i < N; i++) {
        char *name = ar_printf(&f->a, "name_%d", i);
        syms[i] = mksym(&f->a, name, (uint32_t)strlen(name), SYM_ROLE);
        syms[i]->index = (uint32_t)i;
        assert_ptr_equal(sym_insert(&f->a, &t, syms[i]), syms[i]);
        assert_int_equal(t.n, (uint32_t)i + 1);
        /* a power of two, never more than half full */
        assert_int_equal(t.cap & (t.cap - 1), 0);
        assert_true(t.n * 2 <= t.cap);
    }
    for (int i = 0; i < N; i++) {
        char name[32];
        snprintf(name, sizeof name, "name_%d", i);
        rm_sym *e = sym_find(&t, name, (uint32_t)strlen(name));
        assert_ptr_equal(e, syms[i]);
        assert_int_equal(e->index, (uint32_t)i);
    }
    assert_null(sym_find(&t, "name_20000", 10));
    /* after growth, a clash still returns the first */
    rm_sym *again = mksym(&f->a, "name_123", 8, SYM_BODY);
    assert_ptr_equal(sym_insert(&f->a, &t, again), syms[123]);
    assert_int_equal(t.n, N);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        ARENA_TEST(test_alloc_aligned),
        ARENA_TEST(test_alloc_zeroed_after_reuse),
        ARENA_TEST(test_alloc_blocks_do_not_overlap),
        ARENA_TEST(test_alloc_large),
        ARENA_TEST(test_alloc_zero_bytes),
        ARENA_TEST(test_alloc_huge_request_fails),
        ARENA_TEST(test_strndup),
        ARENA_TEST(test_printf),
        ARENA_TEST(test_vec_push_growth),
        ARENA_TEST(test_vec_push_null_items),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_symtab_empty),
        ARENA_TEST(test_symtab_insert_find),
        ARENA_TEST(test_symtab_clash),
        ARENA_TEST(test_symtab_growth),
    };
    return rt_run_tests(tests);
}
