/*
 * test_codes.c - codes.def, the list of every diagnostic code, as the
 * library compiles it: each code is R and four digits, listed once, in
 * order, with a severity and a one-line meaning.  (tests/codes.py checks
 * that the list, the sources and SPEC.md 9 agree.)
 */
#include "helpers.h"

#include "internal.h"

static const struct {
    const char *code;
    remit_severity sev;
    const char *meaning;
} listed[] = {
#define RM_CODE(code, sev, meaning) {#code, REMIT_##sev, meaning},
#include "codes.def"
#undef RM_CODE
};

static void test_each_code_well_formed_once_in_order(void **state)
{
    (void)state;
    assert_true(sizeof listed / sizeof *listed > 100);
    for (size_t i = 0; i < sizeof listed / sizeof *listed; i++) {
        const char *c = listed[i].code;
        assert_int_equal(strlen(c), 5);
        assert_int_equal(c[0], 'R');
        for (int k = 1; k < 5; k++)
            assert_true(c[k] >= '0' && c[k] <= '9');
        if (i)
            assert_true(strcmp(listed[i - 1].code, c) < 0);
        assert_true(*listed[i].meaning);
        assert_null(strchr(listed[i].meaning, '\n'));
    }
}

static void test_meaning_and_severity_found(void **state)
{
    (void)state;
    remit_severity sev = REMIT_ERROR;
    assert_string_equal(dg_code_meaning("R0201", &sev), "a name that is not declared");
    assert_int_equal(sev, REMIT_ERROR);
    assert_non_null(dg_code_meaning("R0601", &sev));
    assert_int_equal(sev, REMIT_WARNING);
    assert_non_null(dg_code_meaning("R0009", &sev));
    assert_int_equal(sev, REMIT_NOTE);
    assert_non_null(dg_code_meaning("R0870", NULL));
    assert_null(dg_code_meaning("R0999", &sev));
    assert_null(dg_code_meaning("R020", NULL));
    assert_null(dg_code_meaning("", NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_code_well_formed_once_in_order),
        cmocka_unit_test(test_meaning_and_severity_found),
    };
    return rt_run_tests(tests);
}
