/*
 * test_histlive.c - a history indexed as it is made (input.c,
 * in_hist_live, in_hist_append: remit stress's runs, SPEC 7.19) against
 * the same history typed whole and indexed once (in_history): for random
 * histories of a policy with every index (cumulative limits whose `when`
 * reads nothing, a context value, or a context value and a field; totals;
 * prior approvals; crisis powers; urgent powers with their ratifications
 * and reports), some entries dated before those already in, the same
 * entries, the same indexes entry for entry, and the same answers to
 * random decisions: totals, prior approvals, each limit's total and the
 * earlier decisions it counts, and the whole evaluation with its
 * findings of ratifications and reports overdue.  Entries are added both
 * ways: typed as history entries (in_hist_add) and, where an entry can be
 * a decision, typed as one and appended as it is (in_hist_append).
 */
#include "helpers.h"
#include "input.h"
#include "history_helpers.h"

static const char policy_text[] =
    "policy \"History as it is made\" version \"1\"\n"
    "role chair \"Chair\"\n"
    "role ceo \"Chief Executive\"\n"
    "role cfo \"Director of Finance\"\n"
    "role coo \"Chief Operating Officer\"\n"
    "body board \"Board\" {\n"
    "    members chair, ceo, cfo, coo\n"
    "    quorum majority\n"
    "}\n"
    "context {\n"
    "    incident_level: score 0..4\n"
    "}\n"
    "matter spend \"Spending\" {\n"
    "    amount: money\n"
    "    category: one of { revenue, capital }\n"
    "    supplier: text\n"
    "}\n"
    "reserve spend to board when amount > £5m\n"
    "delegate spend from board to ceo up to £5m\n"
    "    report to board within 30 days\n"
    "    may subdelegate\n"
    "delegate spend from ceo to cfo up to £1m\n"
    "    after approval by ceo per supplier\n"
    "    when total amount per supplier over 90 days < £2m\n"
    "limit spend total amount <= £600k per supplier over 365 days for cfo\n"
    "limit spend total amount <= £900k over 30 days for ceo when incident_level >= 2\n"
    "limit spend total amount <= £700k per category over 60 days for ceo when incident_level >= 2 and amount > £10k\n"
    "urgent spend from board to ceo with chair up to £1m\n"
    "    ratify by board within 28 days\n"
    "    report to board within 14 days\n"
    "protocol incident \"Incident\" {\n"
    "    active when incident_level >= 3\n"
    "    grant spend to coo up to £2m\n"
    "    ratify by board within 7 days\n"
    "    expires after 28 days\n"
    "}\n";

static remit_policy *P;

static int world_setup(void **state)
{
    (void)state;
    remit_options o = rt_options();
    remit_input in = {NULL, "histlive.remit", policy_text, sizeof policy_text - 1};
    remit_session *diags = NULL;
    if (remit_policy_load(&o, &in, &P, &diags) != REMIT_OK)
        return -1;
    remit_session_free(diags);
    return 0;
}

static int world_teardown(void **state)
{
    (void)state;
    remit_policy_free(P);
    return 0;
}

static uint64_t rnd(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void day_text(int64_t day, char *b)
{
    lit_format_date(day, b, 16);
}

/* One random entry of a history, as JSON, at *n of buf; `plain`: one
 * that can be typed as a decision too (its context given, no `under`,
 * `ratified` or `reported`, a decider that is no body). */
static void entry_text(uint64_t *s, int64_t day, char *buf, size_t cap, size_t *n, bool *plain)
{
    static const char *const who[] = {"ceo", "cfo", "coo", "board"};
    char d[16], r[16];
    day_text(day, d);
    unsigned w = (unsigned)(rnd(s) % 4), kind = (unsigned)(rnd(s) % 10);
    bool context = rnd(s) % 10 < 7, under = w == 2 && kind < 5, urgent = w == 0 && kind < 4;
    unsigned amount = (unsigned)(rnd(s) % 900) + 1;
    *n += (size_t)snprintf(buf + *n, cap - *n,
                           "{\"matter\": \"spend\", \"decider\": \"%s\", \"date\": \"%s\", \"fields\": "
                           "{\"amount\": \"\xC2\xA3%u,%03u\", \"category\": \"%s\", \"supplier\": \"S%u\"}",
                           who[w], d, amount, (unsigned)(rnd(s) % 1000), rnd(s) % 3 ? "revenue" : "capital",
                           (unsigned)(rnd(s) % 5));
    day_text(day - 3, r); /* (the protocol's expiry is checked when it is active) */
    if (context)
        *n += (size_t)snprintf(buf + *n, cap - *n, ", \"context\": {\"incident_level\": %u}, "
                               "\"activated\": {\"incident\": \"%s\"}", (unsigned)(rnd(s) % 5), r);
    bool said = false;
    if (under) {
        *n += (size_t)snprintf(buf + *n, cap - *n, ", \"under\": \"incident\"");
        said = true;
    }
    if (urgent)
        *n += (size_t)snprintf(buf + *n, cap - *n, ", \"urgent\": true");
    if ((under || urgent) && rnd(s) % 2) {
        day_text(day + (int64_t)(rnd(s) % 40), r);
        *n += (size_t)snprintf(buf + *n, cap - *n, ", \"ratified\": \"%s\"", r);
        said = true;
    }
    if (urgent && rnd(s) % 2) {
        day_text(day + (int64_t)(rnd(s) % 30), r);
        *n += (size_t)snprintf(buf + *n, cap - *n, ", \"reported\": {\"board\": \"%s\"}", r);
        said = true;
    }
    *n += (size_t)snprintf(buf + *n, cap - *n, "}");
    *plain = context && !said && w != 3;
}

typedef struct hl_load {
    remit_session *s;
    in_ctx ic;
    ev_history h;
    in_hist b;
    yi_node *root;
} hl_load;

/* text read (a list), in a session of its own */
static void load_read(hl_load *l, const char *text, size_t len)
{
    remit_options o = rt_options();
    l->s = remit_session_new(&o);
    assert_non_null(l->s);
    in_init(&l->ic, l->s, P, &l->s->arena);
    rm_text mem = {"history.json", text, len};
    uint32_t f = rm_open_input(l->s, NULL, &mem);
    assert_int_not_equal(f, UINT32_MAX);
    l->root = rm_read_input(l->s, f);
    assert_non_null(l->root);
    assert_int_equal(l->root->kind, YI_SEQ);
}

/* how: 0 typed whole (in_history); 1 indexed as it is made, each entry
 * typed as an entry; 2 the same, each that can be typed as a decision
 * and appended (plain[i]); 3 as 1, indexed from the middle (the entries
 * before it indexed when in_hist_live is called) */
static void load(hl_load *l, const char *text, size_t len, int how, const bool *plain)
{
    load_read(l, text, len);
    if (!how) {
        assert_true(in_history(&l->ic, l->root, &l->h));
    } else {
        in_hist_start(&l->ic, &l->b, &l->h);
        if (how != 3)
            in_hist_live(&l->ic, &l->b);
        for (uint32_t i = 0; i < l->root->n; i++) {
            if (how == 3 && i == l->root->n / 2)
                in_hist_live(&l->ic, &l->b);
            if (how == 2 && plain[i]) {
                ev_decision d;
                assert_true(in_decision(&l->ic, l->root->items[i], &d));
                in_hist_append(&l->ic, &l->b, &d);
            } else {
                in_hist_add(&l->ic, &l->b, l->root->items[i], ar_mark_of(&l->s->arena));
            }
            assert_true(how == 3 && i < l->root->n / 2 ? !l->b.live : l->ic.hist == &l->h);
        }
        assert_true(in_hist_finish(&l->ic, &l->b));
    }
    assert_int_equal(remit_diag_count(l->s), 0);
    assert_true(l->ic.hist == &l->h);
}

/* The entries of key `key` in run x: their dates, places and amounts */
static uint32_t run_key(const ev_run *x, int64_t key, uint32_t *from)
{
    if (!x->n)
        return 0;
    uint32_t k = ev_key_slot(key, x->mask);
    while (x->slot[k].end && x->slot[k].key != key)
        k = (k + 1) & x->mask;
    *from = x->slot[k].start;
    return x->slot[k].end - x->slot[k].start;
}

/* Runs a (made whole) and b (made as it went): the same entries of each
 * key, in the same order, with the same amounts */
static void same_run(const ev_run *a, const ev_run *b, bool entries)
{
    uint32_t na = 0, nb = 0;
    for (uint32_t k = 0; a->n && k <= a->mask; k++) {
        if (!a->slot[k].end)
            continue;
        uint32_t fa = a->slot[k].start, fb = 0, n = a->slot[k].end - fa;
        assert_int_equal(run_key(b, a->slot[k].key, &fb), n);
        for (uint32_t j = 0; j < n; j++) {
            assert_true(a->date[fa + j] == b->date[fb + j]);
            assert_true(a->sum[fa + j + 1] - a->sum[fa + j] == b->sum[fb + j + 1] - b->sum[fb + j]);
            if (entries) /* (a fixed run keeps no entries once made) */
                assert_int_equal(a->e[fa + j].item, b->e[fb + j].item);
        }
        na += n;
    }
    for (uint32_t k = 0; b->n && k <= b->mask; k++)
        if (b->slot[k].end)
            nb += b->slot[k].end - b->slot[k].start;
    assert_int_equal(na, nb); /* (and b has no key a has not) */
}

/* A tree of entries (crisis, owed): the same leaves */
static void same_tree(uint32_t na, const uint32_t *ia, const int64_t *da, const int64_t *oa, uint32_t sa,
                      uint32_t nb, const uint32_t *ib, const int64_t *db, const int64_t *ob, uint32_t sb)
{
    assert_int_equal(na, nb);
    for (uint32_t i = 0; i < na; i++) {
        assert_int_equal(ia[i], ib[i]);
        assert_true(da[i] == db[i]);
        assert_true(oa[sa + i] == ob[sb + i]);
    }
    assert_true(oa[1] == ob[1]); /* (the latest of them all) */
}

static void same_history(const ev_history *a, const ev_history *b)
{
    const remit_policy *p = P;
    same_entries(p, a, b);
    for (uint32_t r = 0; r < p->nrules; r++) {
        assert_int_equal(a->limit_of[r], b->limit_of[r]);
        if (a->limit_of[r] == PL_NONE)
            continue;
        const ev_limit_index *x = &a->limits[a->limit_of[r]], *y = &b->limits[b->limit_of[r]];
        assert_int_equal(x->open_reads_fields, y->open_reads_fields);
        same_run(&x->fixed, &y->fixed, false);
        same_run(&x->open, &y->open, true);
    }
    for (uint32_t t = 0; t < p->ntotals; t++)
        same_run(&a->totals[t], &b->totals[t], false);
    for (uint32_t t = 0; t < p->npriors; t++)
        same_run(&a->priors[t], &b->priors[t], false);
    for (uint32_t pr = 0; pr < p->nprotocols; pr++) {
        const ev_crisis_index *x = &a->crisis[pr], *y = &b->crisis[pr];
        same_tree(x->n, x->item, x->due, x->open, x->size, y->n, y->item, y->due, y->open, y->size);
    }
    assert_int_equal(a->nowed, b->nowed);
    for (uint32_t s = 0; s < a->nowed; s++) {
        const ev_owed *x = &a->owed[s], *y = &b->owed[s];
        assert_true(x->rule == y->rule && x->ob == y->ob);
        same_tree(x->n, x->item, x->due, x->open, x->size, y->n, y->item, y->due, y->open, y->size);
    }
    for (int by = 0; by < 2; by++) {
        const uint32_t *aa = by ? a->owed_by_at : a->owed_to_at, *ba = by ? b->owed_by_at : b->owed_to_at;
        const uint32_t *al = by ? a->owed_by : a->owed_to, *bl = by ? b->owed_by : b->owed_to;
        assert_memory_equal(aa, ba, (p->nholders + 1) * sizeof *aa);
        if (aa[p->nholders])
            assert_memory_equal(al, bl, aa[p->nholders] * sizeof *al);
    }
}

/* The answers of histories a and b to decision text q (typed in each's
 * context): the same */
static void same_answers(hl_load *a, hl_load *b, const char *q)
{
    const remit_policy *p = P;
    ev_decision d[2];
    ev_result res[2];
    hl_load *l[2] = {a, b};
    for (int i = 0; i < 2; i++) {
        rm_text mem = {"q.json", q, strlen(q)};
        uint32_t f = rm_open_input(l[i]->s, NULL, &mem);
        yi_node *root = rm_read_input(l[i]->s, f);
        assert_non_null(root);
        assert_true(in_decision(&l[i]->ic, root, &d[i]));
        ev_evaluate(p, &d[i], l[i]->ic.hist, &res[i]);
    }
    assert_memory_equal(d[0].sums, d[1].sums, p->matters[0].ntotals * sizeof *d[0].sums);
    assert_int_equal(d[0].priors, d[1].priors);
    for (uint32_t r = 0; r < p->nrules; r++) {
        if (p->rules[r].kind != R_LIMIT || p->rules[r].matter != d[0].matter)
            continue;
        assert_true(ev_limit_total(p, r, &d[0]) == ev_limit_total(p, r, &d[1]));
        ev_parts x, y;
        ev_limit_parts(p, r, &d[0], &x);
        ev_limit_parts(p, r, &d[1], &y);
        assert_int_equal(x.count, y.count);
        assert_int_equal(x.n, y.n);
        for (uint32_t k = 0; k < x.n; k++)
            assert_true(x.date[k] == y.date[k] && x.amount[k] == y.amount[k]);
    }
    const ev_result *x = &res[0], *y = &res[1];
    assert_int_equal(x->outcome, y->outcome);
    assert_int_equal(x->target, y->target);
    assert_int_equal(x->nreasons, y->nreasons);
    for (uint32_t k = 0; k < x->nreasons; k++) {
        assert_int_equal(x->reasons[k].kind, y->reasons[k].kind);
        assert_int_equal(x->reasons[k].rule, y->reasons[k].rule);
        assert_true(x->reasons[k].amount == y->reasons[k].amount);
    }
    assert_int_equal(x->nfind, y->nfind);
    assert_int_equal(x->more_findings, y->more_findings);
    for (uint32_t k = 0; k < x->nfind; k++) {
        assert_int_equal(x->find[k].kind, y->find[k].kind);
        assert_int_equal(x->find[k].index, y->find[k].index);
        assert_true(x->find[k].due == y->find[k].due && x->find[k].done == y->find[k].done);
        assert_int_equal(x->find[k].rule, y->find[k].rule);
        assert_int_equal(x->find[k].ob, y->find[k].ob);
    }
}

#define HL_MAX 600u

/* Random histories, made each way, against the one typed whole */
static void test_live_same_as_whole(void **state)
{
    (void)state;
    int64_t day0;
    assert_int_equal(lit_date("2025-01-01", 10, &day0), LIT_OK);
    size_t cap = HL_MAX * 400 + 64;
    char *text = malloc(cap);
    bool *plain = malloc(HL_MAX * sizeof *plain);
    assert_non_null(text);
    assert_non_null(plain);
    uint32_t earlier = 0, appended = 0, findings = 0;
    for (uint64_t seed = 1; seed <= 40; seed++) {
        uint64_t s = seed * UINT64_C(0x9E3779B97F4A7C15);
        uint32_t n = seed == 1 ? 1 : 1 + (uint32_t)(rnd(&s) % HL_MAX);
        size_t len = (size_t)snprintf(text, cap, "[");
        int64_t day = day0;
        for (uint32_t i = 0; i < n; i++) {
            unsigned step = (unsigned)(rnd(&s) % 10);
            int64_t on = day;
            if (step < 7)
                day += step % 4; /* in date order, often on the same day */
            else if (step < 9) /* before the last: moved in among those of its key */
                on = day - (int64_t)(rnd(&s) % 120), earlier++;
            if (i)
                len += (size_t)snprintf(text + len, cap - len, ",\n");
            entry_text(&s, step < 7 ? day : on, text, cap, &len, &plain[i]);
            appended += plain[i];
        }
        len += (size_t)snprintf(text + len, cap - len, "]");
        hl_load whole, live, app, mid;
        load(&whole, text, len, 0, plain);
        load(&live, text, len, 1, plain);
        load(&app, text, len, 2, plain);
        load(&mid, text, len, 3, plain);
        same_history(&whole.h, &live.h);
        same_history(&whole.h, &app.h);
        same_history(&whole.h, &mid.h);
        for (unsigned k = 0; k < 60; k++) { /* decisions on days through the history and after it */
            static const char *const who[] = {"ceo", "cfo", "coo"};
            char q[512], d[16], a[16];
            int64_t on = day0 + (int64_t)(rnd(&s) % (uint64_t)(day - day0 + 200));
            day_text(on, d);
            day_text(on - (int64_t)(rnd(&s) % 40), a);
            snprintf(q, sizeof q,
                     "{\"matter\": \"spend\", \"decider\": \"%s\", \"date\": \"%s\", \"fields\": {\"amount\": "
                     "\"\xC2\xA3%u,000\", \"category\": \"%s\", \"supplier\": \"S%u\"}, \"context\": "
                     "{\"incident_level\": %u}, \"activated\": {\"incident\": \"%s\"}}",
                     who[rnd(&s) % 3], d, (unsigned)(rnd(&s) % 999) + 1, rnd(&s) % 2 ? "revenue" : "capital",
                     (unsigned)(rnd(&s) % 6), (unsigned)(rnd(&s) % 5), a);
            same_answers(&whole, &live, q);
            same_answers(&whole, &app, q);
            same_answers(&whole, &mid, q);
            ev_decision dq;
            ev_result r;
            rm_text mem = {"q.json", q, strlen(q)};
            assert_true(in_decision(&whole.ic, rm_read_input(whole.s, rm_open_input(whole.s, NULL, &mem)), &dq));
            ev_evaluate(P, &dq, whole.ic.hist, &r);
            findings += r.nfind;
        }
        remit_session_free(whole.s);
        remit_session_free(live.s);
        remit_session_free(app.s);
        remit_session_free(mid.s);
    }
    /* the histories were what the test is for: entries out of date order,
     * appended, and answers with ratifications and reports overdue */
    assert_true(earlier > 100);
    assert_true(appended > 1000);
    assert_true(findings > 100);
    free(text);
    free(plain);
}

/* An entry with a fault: the history so far is no longer given (c->hist) */
static void test_live_fault(void **state)
{
    (void)state;
    static const char text[] =
        "[{\"matter\": \"spend\", \"decider\": \"cfo\", \"date\": \"2026-01-05\", \"fields\": {\"amount\": "
        "\"\xC2\xA3" "5,000\", \"category\": \"revenue\", \"supplier\": \"S1\"}},\n"
        " {\"matter\": \"spend\", \"decider\": \"nobody\", \"date\": \"2026-01-06\", \"fields\": {\"amount\": "
        "\"\xC2\xA3" "5,000\", \"category\": \"revenue\", \"supplier\": \"S1\"}}]";
    hl_load l;
    load_read(&l, text, sizeof text - 1);
    in_hist_start(&l.ic, &l.b, &l.h);
    in_hist_live(&l.ic, &l.b);
    assert_true(l.ic.hist == &l.h);
    assert_int_equal(l.h.n, 0);
    in_hist_add(&l.ic, &l.b, l.root->items[0], ar_mark_of(&l.s->arena));
    assert_true(l.ic.hist == &l.h);
    assert_int_equal(l.h.n, 1);
    in_hist_add(&l.ic, &l.b, l.root->items[1], ar_mark_of(&l.s->arena));
    assert_null(l.ic.hist);
    assert_false(in_hist_finish(&l.ic, &l.b));
    assert_null(l.ic.hist);
    assert_int_equal(remit_diag_count(l.s), 1);
    remit_session_free(l.s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_live_same_as_whole),
        cmocka_unit_test(test_live_fault),
    };
    return cmocka_run_group_tests(tests, world_setup, world_teardown);
}
