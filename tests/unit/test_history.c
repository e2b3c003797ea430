/*
 * test_history.c - a history file read through a window (decide.c,
 * rm_stream_history) against the same text read whole (rm_load_extras
 * on it held in memory, which is never read through a window): the same
 * entries and the same indexes of its cumulative limits, with windows so
 * small that entries cross their ends at every place; and the histories
 * it leaves to be read whole (an entry longer than the margin, a fault,
 * text after the list, YAML, a file that is not there), having taken
 * back all it did: nothing reported, nothing counted.
 */
#include <unistd.h>

#include "helpers.h"
#include "input.h"
#include "history_helpers.h"

#define TH_ENTRIES 300

static struct {
    remit_policy *p;
    char dir[64];
    char *text;             /* the history of TH_ENTRIES decisions */
    size_t len;
} W;

static int world_setup(void **state)
{
    (void)state;
    remit_options o = rt_options();
    size_t plen;
    char *ptext = rt_slurp(RT_ICB_POLICY, &plen);
    remit_input in = {NULL, RT_ICB_POLICY, ptext, plen};
    remit_session *diags = NULL;
    if (remit_policy_load(&o, &in, &W.p, &diags) != REMIT_OK)
        return -1;
    remit_session_free(diags);
    free(ptext);
    snprintf(W.dir, sizeof W.dir, "/tmp/remit-history.XXXXXX");
    if (!mkdtemp(W.dir))
        return -1;
    /* decisions of the chief finance officer and the chief executive,
     * dated through two years, spread over 17 suppliers, some with their
     * own context, one with blanks, one line ending \r\n */
    size_t cap = TH_ENTRIES * 400 + 64;
    W.text = malloc(cap);
    if (!W.text)
        return -1;
    size_t n = (size_t)snprintf(W.text, cap, "[\n");
    for (unsigned i = 0; i < TH_ENTRIES; i++)
        n += (size_t)snprintf(W.text + n, cap - n,
                              "%s{\"matter\": \"spend\", \"decider\": \"%s\", \"date\": \"%d-%02u-%02u\",%s"
                              "\"fields\": {\"amount\": \"\xC2\xA3%u,%03u\", \"category\": \"%s\", \"risk\": %u, "
                              "\"supplier\": \"Supplier %u Ltd\"}%s}%s",
                              i ? ",\n" : "", i % 5 ? "cfo" : "ceo", 2025 + (int)(i / 150), 1 + i % 12,
                              1 + i * 7 % 28, i == 40 ? "      " : " ", 1 + i % 90, i * 37 % 1000,
                              i % 3 ? "revenue" : "contract", 1 + i % 20, i % 17,
                              i % 4 ? "" : ", \"context\": {\"incident_level\": 0}", i == 99 ? "\r" : "");
    n += (size_t)snprintf(W.text + n, cap - n, "\n]\n");
    W.len = n;
    return 0;
}

static int world_teardown(void **state)
{
    (void)state;
    remit_policy_free(W.p);
    free(W.text);
    rmdir(W.dir);
    return 0;
}

/* A session and its typing context for the policy. */
typedef struct th_load {
    remit_session *s;
    in_ctx ic;
    ev_history h;
} th_load;

static void load_start(th_load *l)
{
    remit_options o = rt_options();
    l->s = remit_session_new(&o);
    assert_non_null(l->s);
    in_init(&l->ic, l->s, W.p, &l->s->arena);
    memset(&l->h, 0, sizeof l->h);
}

/* text (len bytes) written to a file of the test's folder; its path. */
static const char *spill(const char *name, const char *text, size_t len, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", W.dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    return path;
}

/* The history text read whole, into l. */
static void load_whole(th_load *l, const char *text, size_t len)
{
    load_start(l);
    rm_text mem = {"history.json", text, len};
    rm_extras x = {NULL, NULL, &mem, NULL, NULL, NULL};
    bool unreadable;
    assert_true(rm_load_extras(&l->ic, &x, &l->h, &unreadable));
    assert_int_equal(remit_diag_count(l->s), 0);
}

static void same_run(const ev_run *a, const ev_run *b)
{
    assert_int_equal(a->n, b->n);
    assert_true(!a->e == !b->e);
    for (uint32_t j = 0; j < a->n; j++) {
        if (a->e) {
            assert_true(a->e[j].key == b->e[j].key);
            assert_true(a->e[j].date == b->e[j].date);
            assert_int_equal(a->e[j].item, b->e[j].item);
        }
        assert_true(a->date[j] == b->date[j]);
    }
    assert_memory_equal(a->slot, b->slot, (a->mask + 1) * sizeof *a->slot);
    if (a->n)
        assert_memory_equal(a->sum, b->sum, (a->n + 1) * sizeof *a->sum);
}

/* Two loads of one history: the same entries and indexes. */
static void same_history(const ev_history *a, const ev_history *b)
{
    const remit_policy *p = W.p;
    same_entries(p, a, b);
    assert_int_equal(a->nowed, b->nowed);
    for (uint32_t s = 0; s < a->nowed; s++) {
        const ev_owed *x = &a->owed[s], *y = &b->owed[s];
        assert_true(x->rule == y->rule && x->ob == y->ob && x->n == y->n);
        if (x->n) {
            assert_memory_equal(x->item, y->item, x->n * sizeof *x->item);
            assert_memory_equal(x->open + x->size, y->open + y->size, x->n * sizeof *x->open);
        }
    }
    uint32_t limits = 0;
    for (uint32_t r = 0; r < p->nrules; r++) {
        assert_int_equal(a->limit_of[r], b->limit_of[r]);
        if (a->limit_of[r] == PL_NONE)
            continue;
        same_run(&a->limits[a->limit_of[r]].fixed, &b->limits[b->limit_of[r]].fixed);
        same_run(&a->limits[a->limit_of[r]].open, &b->limits[b->limit_of[r]].open);
        limits++;
    }
    assert_true(limits > 0); /* the policy's cumulative limit, indexed */
}

/* Windows from one that holds two entries to the one a history is read
 * through: each the same as the whole read. */
static void test_window_same_as_whole(void **state)
{
    (void)state;
    char path[128];
    spill("history.json", W.text, W.len, path, sizeof path);
    th_load whole;
    load_whole(&whole, W.text, W.len);
    assert_int_equal(whole.h.n, TH_ENTRIES);
    /* window, margin, most: the first two grow from a window smaller
     * than an entry, then from one smaller than twice an entry */
    static const uint32_t windows[][3] = {{100, 50, 100000},   {300, 300, 100000}, {600, 300, 600},
                                          {601, 400, 601},     {1000, 450, 1000},  {4096, 512, 4096},
                                          {RM_HISTORY_WINDOW, RM_HISTORY_MARGIN, RM_MAX_FILE_BYTES}};
    for (size_t i = 0; i < sizeof windows / sizeof *windows; i++) {
        th_load l;
        load_start(&l);
        assert_true(rm_stream_history(&l.ic, path, &l.h, windows[i][0], windows[i][1], windows[i][2]));
        assert_int_equal(remit_diag_count(l.s), 0);
        same_history(&l.h, &whole.h);
        remit_session_free(l.s);
    }
    remit_session_free(whole.s);
    unlink(path);
}

/* A history the window leaves to the whole read: false, with nothing
 * reported or counted, and the history still read whole after it. */
static void leaves(const char *name, const char *text, size_t len, uint32_t window, uint32_t margin,
                   uint32_t most, bool loads)
{
    char path[128];
    spill(name, text, len, path, sizeof path);
    th_load l;
    load_start(&l);
    assert_false(rm_stream_history(&l.ic, path, &l.h, window, margin, most));
    assert_int_equal(remit_diag_count(l.s), 0);
    assert_int_equal(remit_error_count(l.s), 0);
    assert_int_equal(l.ic.errors, 0);
    rm_extras x = {path, NULL, NULL, NULL, NULL, NULL};
    bool unreadable;
    assert_int_equal(rm_load_extras(&l.ic, &x, &l.h, &unreadable), loads);
    assert_int_equal(remit_error_count(l.s) == 0, loads);
    if (loads)
        assert_int_equal(l.h.n, TH_ENTRIES);
    remit_session_free(l.s);
    unlink(path);
}

static void test_window_leaves_entry_longer_than_margin(void **state)
{
    (void)state;
    /* blanks inside an entry: it is longer than the margin */
    const char *at = strstr(W.text, "\"decider\"");
    size_t head = (size_t)(at - W.text), pad = 1200; /* more than the window */
    char *t = malloc(W.len + pad);
    assert_non_null(t);
    memcpy(t, W.text, head);
    memset(t + head, ' ', pad);
    memcpy(t + head + pad, at, W.len - head);
    leaves("long.json", t, W.len + pad, 1000, 450, 1000, true);
    /* ... and read through a window grown for it, when it may grow */
    char path[128];
    spill("long.json", t, W.len + pad, path, sizeof path);
    th_load whole, l;
    load_whole(&whole, t, W.len + pad);
    load_start(&l);
    assert_true(rm_stream_history(&l.ic, path, &l.h, 1000, 450, 2000));
    assert_int_equal(remit_diag_count(l.s), 0);
    same_history(&l.h, &whole.h);
    remit_session_free(l.s);
    remit_session_free(whole.s);
    unlink(path);
    free(t);
}

static void test_window_leaves_faults(void **state)
{
    (void)state;
    /* text after the list, far past where the margin was first met */
    size_t n = W.len + 3000;
    char *t = malloc(n + 1);
    assert_non_null(t);
    memcpy(t, W.text, W.len);
    memset(t + W.len, ' ', n - W.len);
    t[n - 2] = 'x';
    t[n - 1] = '\n';
    leaves("after.json", t, n, 1000, 450, 1000, false);
    leaves("after.json", t, n, 1000, 450, 100000, false); /* a window grown to the end */
    free(t);
    /* a matter the policy does not have, in the middle of the history */
    char *bad = malloc(W.len + 1);
    assert_non_null(bad);
    memcpy(bad, W.text, W.len + 1);
    char *m = strstr(bad + W.len / 2, "\"spend\"");
    assert_non_null(m);
    memcpy(m, "\"spand\"", 7);
    leaves("bad.json", bad, W.len, 1000, 450, 100000, false);
    free(bad);
    /* the first entry at fault, the rest good: typed for their reports,
     * none kept (an entry after a fault once wrote to a block of the
     * history never made) */
    char *first = malloc(W.len + 1);
    assert_non_null(first);
    memcpy(first, W.text, W.len + 1);
    char *f0 = strstr(first, "\"spend\"");
    assert_non_null(f0);
    memcpy(f0, "\"spand\"", 7);
    leaves("first.json", first, W.len, 1000, 450, 1000, false);
    free(first);
    /* the list cut short */
    leaves("short.json", W.text, W.len / 2, 1000, 450, 100000, false);
    /* YAML, and a mapping, are not a list read through the window */
    static const char yaml[] = "- matter: spend\n  decider: cfo\n  date: 2026-06-01\n"
                               "  fields: {amount: \"\xC2\xA3" "400,000\", category: revenue, risk: 3, "
                               "supplier: Acme}\n  context: {incident_level: 0}\n";
    char path[128];
    spill("history.yaml", yaml, sizeof yaml - 1, path, sizeof path);
    th_load l;
    load_start(&l);
    assert_false(rm_stream_history(&l.ic, path, &l.h, RM_HISTORY_WINDOW, RM_HISTORY_MARGIN, RM_MAX_FILE_BYTES));
    assert_int_equal(remit_diag_count(l.s), 0);
    unlink(path);
    assert_false(rm_stream_history(&l.ic, path, &l.h, RM_HISTORY_WINDOW, RM_HISTORY_MARGIN, RM_MAX_FILE_BYTES)); /* gone */
    assert_false(rm_stream_history(&l.ic, W.dir, &l.h, RM_HISTORY_WINDOW, RM_HISTORY_MARGIN, RM_MAX_FILE_BYTES)); /* a folder */
    assert_int_equal(remit_diag_count(l.s), 0);
    remit_session_free(l.s);
}

/* A history of n entries written every way the reader knows: escapes,
 * UTF-8 and a surrogate pair, a name longer than a text slot keeps, a
 * person with a role, blanks of every kind between tokens; malloc'd. */
static char *varied(unsigned n, size_t *len)
{
    size_t cap = n * 600 + 64, k = 0;
    char *t = malloc(cap);
    assert_non_null(t);
    k += (size_t)snprintf(t, cap, "[");
    for (unsigned i = 0; i < n; i++) {
        const char *sup = i % 7 == 0   ? "Supplier \\u00e9\\\"q\\\\ Ltd"
                          : i % 7 == 1 ? "Suppli\xC3\xA9r \xE2\x82\xAC Ltd"
                          : i % 7 == 2 ? "S\\ud83d\\ude00 Ltd"
                          : i % 7 == 3 ? "A supplier whose name is longer than a text slot keeps Ltd"
                                       : "Supplier X Ltd";
        const char *who = i % 3 ? "\"cfo\"" : "{\"person\": \"Jane Q. Public\", \"role\": \"cfo\"}";
        const char *ws = i % 11 == 0 ? "   \t\r\n   " : i % 5 == 0 ? "\n" : "";
        k += (size_t)snprintf(t + k, cap - k,
                              "%s%s{\"matter\":%s\"spend\", \"decider\": %s, \"date\": \"2026-%02u-%02u\", "
                              "\"fields\": {\"amount\": \"\xC2\xA3%u,%03u\", \"category\": \"revenue\", "
                              "\"risk\": %u, \"supplier\": \"%s %u\"}%s}",
                              i ? "," : "", ws, ws, who, 1 + i % 12, 1 + i % 28, 1 + i % 90, i * 37 % 1000,
                              1 + i % 20, sup, i, i % 4 ? "" : ", \"context\": {\"incident_level\": 0}");
    }
    k += (size_t)snprintf(t + k, cap - k, "\n]");
    *len = k;
    return t;
}

/* Every way of cutting text (len bytes) into windows, from windows
 * smaller than an entry up, with margins from a byte to all of it, grown
 * or not: through the window, the same as read whole (from memory), or
 * left to the whole read with nothing reported, which then reports what
 * the whole read does. */
static void every_window(const char *name, const char *text, size_t len)
{
    char path[128];
    spill(name, text, len, path, sizeof path);
    th_load whole;
    load_start(&whole);
    rm_text mem = {"history.json", text, len};
    rm_extras xm = {NULL, NULL, &mem, NULL, NULL, NULL};
    bool unreadable;
    bool wok = rm_load_extras(&whole.ic, &xm, &whole.h, &unreadable);
    size_t wd = remit_diag_count(whole.s);
    for (uint32_t w = 150; w < 1600; w += 13) {
        const uint32_t cuts[][2] = {{1, w}, {w / 2, w}, {w, w}, {w / 3, 1u << 20}, {w - 1, 1u << 20}};
        for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++) {
            th_load l;
            load_start(&l);
            if (rm_stream_history(&l.ic, path, &l.h, w, cuts[i][0], cuts[i][1])) {
                assert_true(wok && !wd);
                assert_int_equal(remit_diag_count(l.s), 0);
                same_history(&l.h, &whole.h);
                assert_int_equal(l.ic.ntexts, whole.ic.ntexts);
            } else {
                assert_int_equal(remit_diag_count(l.s), 0);
                assert_int_equal(l.ic.errors, 0);
                rm_extras x = {path, NULL, NULL, NULL, NULL, NULL};
                assert_int_equal(rm_load_extras(&l.ic, &x, &l.h, &unreadable), wok);
                assert_int_equal(remit_diag_count(l.s), wd);
                if (wok)
                    same_history(&l.h, &whole.h);
            }
            remit_session_free(l.s);
        }
    }
    remit_session_free(whole.s);
    unlink(path);
}

static void test_window_every_size(void **state)
{
    (void)state;
    size_t len;
    char *t = varied(40, &len);
    char *u = malloc(len + 8);
    assert_non_null(u);
    every_window("varied.json", t, len);
    static const char *const tails[] = {"  \r\n", " x", "]", ",\n]"};
    for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
        size_t n = strlen(tails[i]);
        memcpy(u, t, len);
        if (i == 3) /* a comma after the last entry */
            memcpy(u + len - 2, tails[i], n), n -= 2;
        else
            memcpy(u + len, tails[i], n);
        every_window("tail.json", u, len + n);
    }
    free(u);
    free(t);
}

/* Memory running out at each allocation in turn while a history file
 * with faults is read (through the window, then whole): a report kept
 * with the one that says so (R0014) points where the fault is, line 2,
 * never into the window, which is gone by then. */
static void test_window_out_of_memory(void **state)
{
    (void)state;
    static const char text[] =
        "[{\"matter\":\"spend\",\"decider\":\"cfo\",\"date\":\"2026-06-01\",\"fields\":{\"amount\":"
        "\"\xC2\xA3" "400\",\"category\":\"revenue\",\"risk\":3,\"supplier\":\"Northfield Supplies Ltd\"}},\n"
        " {\"matter\":\"spendingsomethingelse\",\"decider\":\"nobodyatallreally\",\"date\":\"2026-13-45\","
        "\"fields\":{\"amount\":\"lots\",\"category\":\"whatever\",\"risk\":\"high\",\"supplier\":1}}]\n";
    char path[128];
    spill("oom.json", text, sizeof text - 1, path, sizeof path);
    unsigned long k = 1;
    for (;; k++) {
        remit_input hist = {path, NULL, NULL, 0};
        remit_context *c = NULL;
        remit_session *d = NULL;
        rm_test_alloc = (rm_alloc_hook){.armed = true, .fail_at = k};
        remit_status st = remit_context_load(W.p, NULL, &hist, &c, &d);
        rm_test_alloc.armed = false;
        bool failed = rm_test_alloc.failed;
        assert_true(st != REMIT_OK);
        for (size_t i = 0; d && i < remit_diag_count(d); i++) {
            const remit_diagnostic *x = remit_diag_at(d, i);
            if (x->file && strcmp(x->code, "R0014")) {
                if (x->line != 2)
                    print_error("memory ran out at allocation %lu: %s kept at %s:%u:%u\n", k, x->code,
                                x->file, x->line, x->col);
                assert_int_equal(x->line, 2);
            }
        }
        remit_context_free(c);
        remit_session_free(d);
        if (!failed)
            break;
    }
    assert_true(k > 10); /* it ran out of memory, at many places */
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_window_same_as_whole),
        cmocka_unit_test(test_window_leaves_entry_longer_than_margin),
        cmocka_unit_test(test_window_leaves_faults),
        cmocka_unit_test(test_window_out_of_memory),
        cmocka_unit_test(test_window_every_size),
    };
    return cmocka_run_group_tests(tests, world_setup, world_teardown);
}
