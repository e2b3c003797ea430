/*
 * test_words.c - words.c: each vocabulary finds its words both ways, a
 * word is found only whole, and the words the checker, the export and
 * the explanations print are the ones SPEC.md gives.
 */
#include "helpers.h"

#include "explain.h"

/* wd_find and the other lookups take a length; tests pass C strings. */
#define FIND(list, word) wd_find((list), (word), strlen(word))

static void test_find_whole_words_only(void **state)
{
    (void)state;
    assert_int_equal(FIND(wd_quorum, "majority"), QW_MAJORITY);
    assert_int_equal(FIND(wd_quorum, "all"), QW_ALL);
    assert_int_equal(FIND(wd_quorum, "al"), -1);      /* a prefix is not the word */
    assert_int_equal(FIND(wd_quorum, "alll"), -1);
    assert_int_equal(FIND(wd_quorum, "All"), -1);     /* nor another case */
    assert_int_equal(FIND(wd_quorum, ""), -1);
    assert_int_equal(wd_find(wd_quorum, "all of them", 3), QW_ALL); /* no NUL needed */
}

static void test_every_list_both_ways(void **state)
{
    (void)state;
    const char *const *lists[] = {wd_type_words, wd_quorum, wd_spectrum, wd_coi_actions};
    for (size_t l = 0; l < sizeof lists / sizeof *lists; l++)
        for (int i = 0; lists[l][i]; i++)
            assert_int_equal(FIND(lists[l], lists[l][i]), i);
    assert_string_equal(wd_spectrum[SP_ADVISE], "advise");
    assert_string_equal(wd_spectrum[SP_TRANSFER], "transfer");
    assert_int_equal(FIND(wd_spectrum, "delegated"), SP_DELEGATED);
    assert_int_equal(FIND(wd_coi_actions, "chair decides"), 3); /* bit 8 of a category's actions */
}

static void test_types(void **state)
{
    (void)state;
    for (int i = 0; wd_type_words[i]; i++) {
        ty_kind k = wd_type_of(wd_type_words[i], strlen(wd_type_words[i]));
        assert_int_not_equal(k, TY_ERROR);
        assert_string_equal(wd_type_word(k), wd_type_words[i]);
    }
    assert_int_equal(wd_type_of("one", 3), TY_ENUM);
    assert_int_equal(wd_type_of("moneys", 6), TY_ERROR);
    assert_null(wd_type_word(TY_ERROR));
    /* the export's names (SPEC.md 11.9) and a message's phrases */
    assert_string_equal(wd_type_json(TY_ENUM), "choice");
    assert_string_equal(wd_type_json(TY_MONEY), "money");
    assert_string_equal(wd_type_json(TY_ERROR), "error");
    assert_string_equal(wd_type_phrase(TY_DAYS), "days");
    assert_string_equal(wd_type_phrase(TY_PERCENT), "a percentage");
    assert_string_equal(wd_type_phrase(TY_BOOL), "yes/no (bool)");
}

static void test_units(void **state)
{
    (void)state;
    assert_int_equal(wd_unit_days("day", 3), 1);
    assert_int_equal(wd_unit_days("days", 4), 1);
    assert_int_equal(wd_unit_days("week", 4), 7);
    assert_int_equal(wd_unit_days("weeks", 5), 7);
    assert_int_equal(wd_unit_days("months", 6), 0); /* known, and refused */
    assert_int_equal(wd_unit_days("year", 4), 0);
    assert_int_equal(wd_unit_days("fortnight", 9), -1);
    assert_int_equal(wd_unit_days("Days", 4), -1);
}

static void test_outcomes(void **state)
{
    (void)state;
    for (int o = EV_PERMITTED; o <= EV_UNDETERMINED; o++) {
        const char *w = xp_outcome_word((ev_outcome)o);
        assert_int_equal(xp_outcome_of(w, strlen(w)), o);
    }
    assert_int_equal(xp_outcome_of("refused", 7), EV_REFUSED);
    assert_int_equal(xp_outcome_of("permit", 6), -1);
}

/* A period in words, as snprintf would write it into a buffer of every
 * size, the bytes after the buffer untouched (words.c writes it by hand). */
static void test_period_text_as_snprintf(void **state)
{
    (void)state;
    const rm_period kinds[] = {PER_ALL, PER_DAYS, PER_MONTHS, PER_FY, PER_FQ, PER_CM, PER_CQ, PER_CY};
    const int64_t ns[] = {INT64_MIN, -12, -1, 0, 1, 2, 9, 10, 31, 365, 1000000, INT64_MAX};
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
        for (size_t i = 0; i < sizeof ns / sizeof *ns; i++)
            for (size_t cap = 0; cap <= 40; cap++) {
                char want[48], got[48];
                memset(want, 'z', sizeof want);
                memset(got, 'z', sizeof got);
                rm_period pk = kinds[k];
                long long n = (long long)ns[i];
                if (pk == PER_DAYS)
                    snprintf(want, cap, "%lld %s", n, n == 1 ? "day" : "days");
                else if (pk == PER_MONTHS)
                    snprintf(want, cap, "%lld %s", n, n == 1 ? "month" : "months");
                else if (pk == PER_ALL)
                    snprintf(want, cap, "%s", "");
                else
                    snprintf(want, cap, "the %s", wd_period_word(pk));
                wd_period_text(pk, ns[i], got, cap);
                if (memcmp(want, got, sizeof want))
                    fail_msg("period %d, %lld, in %zu bytes: '%.*s', wanted '%.*s'", (int)pk, n, cap,
                             (int)(cap ? cap - 1 : 0), got, (int)(cap ? cap - 1 : 0), want);
            }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find_whole_words_only),
        cmocka_unit_test(test_every_list_both_ways),
        cmocka_unit_test(test_types),
        cmocka_unit_test(test_units),
        cmocka_unit_test(test_outcomes),
        cmocka_unit_test(test_period_text_as_snprintf),
    };
    return rt_run_tests(tests);
}
