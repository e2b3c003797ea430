/*
 * history_helpers.h - what the tests of histories share (test_history.c,
 * test_histlive.c): that two loads of one history kept the same entries.
 * Include after helpers.h and input.h.
 */
#ifndef REMIT_HISTORY_HELPERS_H
#define REMIT_HISTORY_HELPERS_H

/* Histories a and b (of policy p): the same entries, each with the same
 * values, and the same lists of entries under crisis powers and urgent
 * ones.  Their indexes are each test's to compare. */
static void same_entries(const remit_policy *p, const ev_history *a, const ev_history *b)
{
    assert_int_equal(a->n, b->n);
    for (uint32_t k = 0; k < a->n; k++) {
        const ev_past *x = ev_past_at(a, k), *y = ev_past_at(b, k);
        assert_true(x->date == y->date && x->ratified == y->ratified);
        assert_int_equal(x->matter, y->matter);
        assert_int_equal(x->decider, y->decider);
        assert_int_equal(x->under, y->under);
        assert_int_equal(x->urgent, y->urgent); /* the powers followed up (7.15) */
        assert_int_equal(x->grant, y->grant);
        assert_int_equal(x->nreported, y->nreported);
        for (uint32_t q = 0; q < x->nreported; q++)
            assert_true(x->reported[q].body == y->reported[q].body && x->reported[q].on == y->reported[q].on);
        assert_memory_equal(x->fields, y->fields, p->matters[x->matter].nfields * sizeof *x->fields);
        assert_true(!x->context == !y->context);
        if (x->context)
            assert_memory_equal(x->context, y->context, p->ncontext * sizeof *x->context);
    }
    assert_int_equal(a->nunder, b->nunder);
    if (a->nunder)
        assert_memory_equal(a->under, b->under, a->nunder * sizeof *a->under);
    assert_int_equal(a->nurgent, b->nurgent);
    if (a->nurgent)
        assert_memory_equal(a->urgent, b->urgent, a->nurgent * sizeof *a->urgent);
}

#endif
