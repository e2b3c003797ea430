/*
 * test_literal.c - literal.c: money, whole numbers, percentages and dates
 * convert exactly or are refused with the right reason, and the
 * formatters print what the readers read back.
 */
#include "helpers.h"

#include "internal.h"

/* lit_* take a length; tests pass C strings. */
#define LIT(fn, text, out) fn((text), strlen(text), (out))

/* money_ok(text, pence) and money_bad(text, status), failing at the
 * caller's line */
static void money_ok_at(const char *text, int64_t want, const char *file, int line)
{
    int64_t got = -1;
    lit_status st = LIT(lit_money, text, &got);
    if (st != LIT_OK || got != want) {
        print_error("lit_money(\"%s\"): status %d, %lld pence; want LIT_OK, %lld\n", text,
                    (int)st, (long long)got, (long long)want);
        _fail(file, line);
    }
}

static void money_bad_at(const char *text, lit_status want, const char *file, int line)
{
    int64_t got = 12345;
    lit_status st = LIT(lit_money, text, &got);
    if (st != want || got != 12345) { /* a refused literal writes nothing */
        print_error("lit_money(\"%s\"): status %d, %lld pence; want status %d\n", text,
                    (int)st, (long long)got, (int)want);
        _fail(file, line);
    }
}

#define money_ok(text, want) money_ok_at((text), (want), __FILE__, __LINE__)
#define money_bad(text, want) money_bad_at((text), (want), __FILE__, __LINE__)

/* ---------------------------------------------------------------- money */

static void test_money_plain_and_grouped(void **state)
{
    (void)state;
    money_ok("750,000", INT64_C(75000000));
    money_ok("750000", INT64_C(75000000));
    money_ok("1,250.50", INT64_C(125050));
    money_ok("1,000,000", INT64_C(100000000));
    money_ok("999", 99900);
    money_ok("0", 0);
    money_ok("1.500", 150); /* trailing zeros are exact */
}

static void test_money_fractions(void **state)
{
    (void)state;
    money_ok("0.01", 1);
    money_ok("1.5", 150);
    money_ok("1.05", 105);
    money_ok("0.10", 10);
}

static void test_money_multipliers(void **state)
{
    (void)state;
    money_ok("2.5k", INT64_C(250000));
    money_ok("2.5K", INT64_C(250000));
    money_ok("5m", INT64_C(500000000));
    money_ok("5M", INT64_C(500000000));
    money_ok("1bn", INT64_C(100000000000));
    money_ok("1BN", INT64_C(100000000000));
    money_ok("0.001k", 100);         /* £1 */
    money_ok("1.23456m", INT64_C(123456000));
    money_ok("250k", INT64_C(25000000));
}

static void test_money_malformed(void **state)
{
    (void)state;
    money_bad("1,00", LIT_MALFORMED);    /* a group of two */
    money_bad(",100", LIT_MALFORMED);    /* nothing before the comma */
    money_bad("1,0000", LIT_MALFORMED);  /* a group of four */
    money_bad("1234,567", LIT_MALFORMED);/* four digits before the first comma */
    money_bad("1,,000", LIT_MALFORMED);
    money_bad("1,000,", LIT_MALFORMED);
    money_bad("1.", LIT_MALFORMED);
    money_bad("5x", LIT_MALFORMED);
    money_bad("5kk", LIT_MALFORMED);
    money_bad("5b", LIT_MALFORMED);
    money_bad("", LIT_MALFORMED);
    money_bad(".5", LIT_MALFORMED);
    money_bad("1/000", LIT_MALFORMED);   /* just below '0' */
    money_bad("1:000", LIT_MALFORMED);   /* just above '9' */
    money_bad("1,00:", LIT_MALFORMED);
}

static void test_money_fraction_of_a_penny(void **state)
{
    (void)state;
    money_bad("1.005", LIT_FRACTION);
    money_bad("0.001", LIT_FRACTION);
    money_bad("1.234567k", LIT_FRACTION);    /* 1,234.567 pounds */
    money_bad("0.000000001m", LIT_FRACTION); /* a tenth of a penny */
    money_ok("1.2345k", 123450);             /* 1,234.50 pounds is exact */
}

static void test_money_long_exact_fraction(void **state)
{
    (void)state;
    /* sixteen zeros after the point are still exactly one pound: refusing
     * it as "a fraction of a penny" gives the reader a false reason */
    money_ok("1.0000000000000000", 100);
    money_ok("1.5000000000000000", 150);
    money_ok("2.50000000000000000000000000000000000000k", INT64_C(250000));
    money_ok("0.12345678901bn", INT64_C(12345678901)); /* to the penny */
    money_bad("0.0000000000000001", LIT_FRACTION);
    money_bad("0.123456789012345bn", LIT_FRACTION);
    money_bad("1.00000000000000000001", LIT_FRACTION);
}

static void test_money_range(void **state)
{
    (void)state;
    money_ok("1,000,000,000,000", RM_MONEY_MAX);    /* exactly the maximum */
    money_ok("1000000000000", RM_MONEY_MAX);
    money_ok("1000bn", RM_MONEY_MAX);
    money_ok("999,999,999,999.99", RM_MONEY_MAX - 1);
    money_bad("1000000000000.01", LIT_RANGE);
    money_bad("1,000,000,000,001", LIT_RANGE);
    money_bad("1001bn", LIT_RANGE);
    money_bad("1000000.01m", LIT_RANGE);
    money_bad("99999999999999999999999", LIT_RANGE); /* overflows 64 bits */
    money_bad("9223372036854775807", LIT_RANGE);
    money_bad("92233720368547758070bn", LIT_RANGE);
    money_bad("100000000bn", LIT_RANGE);
}

/* ------------------------------------------------------- whole numbers */

static void test_int(void **state)
{
    (void)state;
    int64_t v = -1;
    assert_int_equal(LIT(lit_int, "0", &v), LIT_OK);
    assert_int_equal(v, 0);
    assert_int_equal(LIT(lit_int, "42", &v), LIT_OK);
    assert_int_equal(v, 42);
    assert_int_equal(LIT(lit_int, "007", &v), LIT_OK);
    assert_int_equal(v, 7);
    assert_int_equal(LIT(lit_int, "", &v), LIT_MALFORMED);
    assert_int_equal(LIT(lit_int, "12a", &v), LIT_MALFORMED);
    assert_int_equal(LIT(lit_int, "-1", &v), LIT_MALFORMED);
}

static void test_int_overflow_boundary(void **state)
{
    (void)state;
    int64_t v = -1;
    assert_int_equal(LIT(lit_int, "9223372036854775807", &v), LIT_OK);
    assert_true(v == INT64_MAX);
    assert_int_equal(LIT(lit_int, "9223372036854775806", &v), LIT_OK);
    assert_true(v == INT64_MAX - 1);
    v = 5;
    assert_int_equal(LIT(lit_int, "9223372036854775808", &v), LIT_RANGE);
    assert_int_equal(LIT(lit_int, "9223372036854775810", &v), LIT_RANGE);
    assert_int_equal(LIT(lit_int, "18446744073709551616", &v), LIT_RANGE);
    assert_int_equal(LIT(lit_int, "99999999999999999999999999", &v), LIT_RANGE);
    assert_int_equal(v, 5);
    /* the length is honoured: digits past it are not read */
    assert_int_equal(lit_int("123456", 3, &v), LIT_OK);
    assert_int_equal(v, 123);
}

/* --------------------------------------------------------- percentages */

static void test_percent(void **state)
{
    (void)state;
    int64_t v = -1;
    assert_int_equal(LIT(lit_percent, "50", &v), LIT_OK);
    assert_int_equal(v, 5000);
    assert_int_equal(LIT(lit_percent, "12.5", &v), LIT_OK);
    assert_int_equal(v, 1250);
    assert_int_equal(LIT(lit_percent, "12.25", &v), LIT_OK);
    assert_int_equal(v, 1225);
    assert_int_equal(LIT(lit_percent, "12.250", &v), LIT_OK);
    assert_int_equal(v, 1225);
    assert_int_equal(LIT(lit_percent, "0", &v), LIT_OK);
    assert_int_equal(v, 0);
    assert_int_equal(LIT(lit_percent, "0.01", &v), LIT_OK);
    assert_int_equal(v, 1);
    assert_int_equal(LIT(lit_percent, "1000", &v), LIT_OK);
    assert_int_equal(v, 100000);
    assert_int_equal(LIT(lit_percent, "1000.00", &v), LIT_OK);
    assert_int_equal(v, 100000);
}

static void test_percent_refused(void **state)
{
    (void)state;
    int64_t v = 77;
    assert_int_equal(LIT(lit_percent, "12.255", &v), LIT_FRACTION);
    assert_int_equal(LIT(lit_percent, "0.001", &v), LIT_FRACTION);
    assert_int_equal(LIT(lit_percent, "1000.01", &v), LIT_RANGE);
    assert_int_equal(LIT(lit_percent, "1001", &v), LIT_RANGE);
    assert_int_equal(LIT(lit_percent, "99999999999999999999", &v), LIT_RANGE);
    assert_int_equal(LIT(lit_percent, "", &v), LIT_MALFORMED);
    assert_int_equal(LIT(lit_percent, ".5", &v), LIT_MALFORMED);
    assert_int_equal(LIT(lit_percent, "5.", &v), LIT_MALFORMED);
    assert_int_equal(LIT(lit_percent, "5x", &v), LIT_MALFORMED);
    assert_int_equal(v, 77);
}

/* --------------------------------------------------------------- dates */

static lit_status date(const char *text, int64_t *days)
{
    return LIT(lit_date, text, days);
}

static void test_date_values(void **state)
{
    (void)state;
    int64_t d = 1;
    assert_int_equal(date("1970-01-01", &d), LIT_OK);
    assert_int_equal(d, 0);
    assert_int_equal(date("1970-01-02", &d), LIT_OK);
    assert_int_equal(d, 1);
    assert_int_equal(date("1969-12-31", &d), LIT_OK);
    assert_int_equal(d, -1);
    assert_int_equal(date("2000-03-01", &d), LIT_OK);
    assert_int_equal(d, 11017);
    assert_int_equal(date("1900-01-01", &d), LIT_OK);
    assert_int_equal(d, -25567);
    assert_int_equal(date("2999-12-31", &d), LIT_OK);
    assert_int_equal(d, 376199);
}

static void test_date_leap_years(void **state)
{
    (void)state;
    int64_t d = 0;
    assert_int_equal(date("2024-02-29", &d), LIT_OK);
    assert_int_equal(d, 19782);
    assert_int_equal(date("2000-02-29", &d), LIT_OK);   /* divisible by 400 */
    assert_int_equal(date("2026-02-29", &d), LIT_BAD_DATE);
    assert_int_equal(date("1900-02-29", &d), LIT_BAD_DATE); /* by 100, not 400 */
    assert_int_equal(date("2100-02-29", &d), LIT_BAD_DATE);
    assert_int_equal(date("2026-02-28", &d), LIT_OK);
}

static void test_date_impossible(void **state)
{
    (void)state;
    int64_t d = 99;
    assert_int_equal(date("2026-02-30", &d), LIT_BAD_DATE);
    assert_int_equal(date("2026-04-31", &d), LIT_BAD_DATE);
    assert_int_equal(date("2026-13-01", &d), LIT_BAD_DATE);
    assert_int_equal(date("2026-00-10", &d), LIT_BAD_DATE);
    assert_int_equal(date("2026-01-00", &d), LIT_BAD_DATE);
    assert_int_equal(date("2026-01-32", &d), LIT_BAD_DATE);
    assert_int_equal(date("1899-12-31", &d), LIT_BAD_DATE); /* before 1900 */
    assert_int_equal(date("3000-01-01", &d), LIT_BAD_DATE); /* after 2999 */
    assert_int_equal(d, 99);
}

static void test_date_malformed(void **state)
{
    (void)state;
    int64_t d = 99;
    assert_int_equal(date("2026-1-01", &d), LIT_MALFORMED);
    assert_int_equal(date("2026/01/01", &d), LIT_MALFORMED);
    assert_int_equal(date("2026-0a-01", &d), LIT_MALFORMED);
    assert_int_equal(date("20260101", &d), LIT_MALFORMED);
    assert_int_equal(date("2026-01-011", &d), LIT_MALFORMED);
    assert_int_equal(date("", &d), LIT_MALFORMED);
    assert_int_equal(date("+026-01-01", &d), LIT_MALFORMED);
    /* every digit is checked, each on its own: characters just below '0'
     * and just above '9', at each place */
    assert_int_equal(date("/026-01-01", &d), LIT_MALFORMED);
    assert_int_equal(date("2:26-01-01", &d), LIT_MALFORMED);
    assert_int_equal(date("20/6-01-01", &d), LIT_MALFORMED);
    assert_int_equal(date("202:-01-01", &d), LIT_MALFORMED);
    assert_int_equal(date("2026-:1-01", &d), LIT_MALFORMED);
    assert_int_equal(date("2026-0/-01", &d), LIT_MALFORMED);
    assert_int_equal(date("2026-01-:1", &d), LIT_MALFORMED);
    assert_int_equal(date("2026-01-0\xC2", &d), LIT_MALFORMED);
    assert_int_equal(date("2026x01-01", &d), LIT_MALFORMED);
    assert_int_equal(d, 99);
}

/* ---------------------------------------------------------- formatting */

static void test_format_money(void **state)
{
    (void)state;
    static const struct { int64_t pence; const char *text; } cases[] = {
        {0, "\xC2\xA3" "0"},
        {5, "\xC2\xA3" "0.05"},
        {150, "\xC2\xA3" "1.50"},
        {100, "\xC2\xA3" "1"},
        {99900, "\xC2\xA3" "999"},
        {100000, "\xC2\xA3" "1,000"},
        {125050, "\xC2\xA3" "1,250.50"},
        {INT64_C(75000000), "\xC2\xA3" "750,000"},
        {INT64_C(500000000), "\xC2\xA3" "5,000,000"},
        {RM_MONEY_MAX, "\xC2\xA3" "1,000,000,000,000"},
        {-150, "-\xC2\xA3" "1.50"},
        {INT64_MAX, "\xC2\xA3" "92,233,720,368,547,758.07"},
        {INT64_MIN, "-\xC2\xA3" "92,233,720,368,547,758.08"},
    };
    char buf[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lit_format_money(cases[i].pence, buf, sizeof buf);
        assert_string_equal(buf, cases[i].text);
    }
    /* a short buffer is truncated, never overrun */
    char small[6];
    memset(small, 'x', sizeof small);
    lit_format_money(125050, small, sizeof small);
    assert_int_equal(small[sizeof small - 1], '\0');
}

static void test_format_money_round_trip(void **state)
{
    (void)state;
    static const int64_t values[] = {
        0, 1, 10, 99, 100, 101, 999, 1000, 123456, 100000, INT64_C(99999999),
        INT64_C(123456789012), RM_MONEY_MAX - 1, RM_MONEY_MAX,
    };
    char buf[64];
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        lit_format_money(values[i], buf, sizeof buf);
        assert_memory_equal(buf, "\xC2\xA3", 2);
        int64_t back = -1;
        assert_int_equal(lit_money(buf + 2, strlen(buf + 2), &back), LIT_OK);
        assert_true(back == values[i]);
    }
}

static void test_format_date_round_trip(void **state)
{
    (void)state;
    char buf[16];
    lit_format_date(0, buf, sizeof buf);
    assert_string_equal(buf, "1970-01-01");
    lit_format_date(19782, buf, sizeof buf);
    assert_string_equal(buf, "2024-02-29");
    lit_format_date(-25567, buf, sizeof buf);
    assert_string_equal(buf, "1900-01-01");
    /* every day Remit accepts prints as a date that reads back the same */
    int64_t first = 0, last = 0, prev = 0;
    assert_int_equal(date("1900-01-01", &first), LIT_OK);
    assert_int_equal(date("2999-12-31", &last), LIT_OK);
    for (int64_t d = first; d <= last; d++) {
        lit_format_date(d, buf, sizeof buf);
        int64_t back = 0;
        if (date(buf, &back) != LIT_OK || back != d) {
            print_error("day %lld printed as %s reads back as %lld\n", (long long)d, buf,
                        (long long)back);
            fail();
        }
        prev = back;
    }
    assert_true(prev == last);
}

/* Howard Hinnant's algorithms in signed 64-bit arithmetic, as literal.c
 * had them before its unsigned fast paths: what those must agree with. */
static void ref_civil(int64_t z, int64_t *y, int64_t *m, int64_t *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097, doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

static int64_t ref_days(int64_t y, int64_t m, int64_t d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* The calendar's fast paths against the reference, on every day from
 * year 0 to 9999 (printed) and months added across their edges. */
static void test_calendar_against_reference(void **state)
{
    (void)state;
    char buf[32], want[32];
    int64_t first = ref_days(0, 1, 1), last = ref_days(9999, 12, 31);
    for (int64_t z = first; z <= last; z++) {
        int64_t y, m, d;
        ref_civil(z, &y, &m, &d);
        lit_format_date(z, buf, sizeof buf);
        snprintf(want, sizeof want, "%04lld-%02lld-%02lld", (long long)y, (long long)m, (long long)d);
        if (strcmp(buf, want)) {
            print_error("day %lld printed as %s, not %s\n", (long long)z, buf, want);
            fail();
        }
        if (z % 97 == 0) { /* months added: days_from_civil, on every day of a sample */
            for (int64_t k = -30; k <= 30; k += 7) {
                int64_t t = y * 12 + (m - 1) + k, ty = t >= 0 ? t / 12 : -((-t + 11) / 12), tm = t - ty * 12 + 1;
                static const int md[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
                int64_t last_day = tm == 2 && ((ty % 4 == 0 && ty % 100 != 0) || ty % 400 == 0) ? 29 : md[tm - 1];
                int64_t got = lit_add_months(z, k), exp = ref_days(ty, tm, d < last_day ? d : last_day);
                if (got != exp) {
                    print_error("day %lld plus %lld months is %lld, not %lld\n", (long long)z, (long long)k,
                                (long long)got, (long long)exp);
                    fail();
                }
            }
        }
    }
    /* and beyond the fast paths, where the signed arithmetic stays */
    int64_t far[] = {first - 1, first - 400000, last + 1, INT64_C(400000000), INT64_C(1) << 40};
    for (size_t i = 0; i < sizeof far / sizeof *far; i++) {
        int64_t y, m, d;
        ref_civil(far[i], &y, &m, &d);
        assert_true(lit_add_months(far[i], 0) == ref_days(y, m, d));
    }
}

/* day of "YYYY-MM-DD" */
static int64_t day(const char *s)
{
    int64_t d = 0;
    assert_int_equal(lit_date(s, strlen(s), &d), LIT_OK);
    return d;
}

/* SPEC 2.5.5: the same day of the month, or the month's last day */
static void test_add_months(void **state)
{
    (void)state;
    assert_int_equal(lit_add_months(day("2026-01-31"), 1), day("2026-02-28"));
    assert_int_equal(lit_add_months(day("2028-01-31"), 1), day("2028-02-29"));
    assert_int_equal(lit_add_months(day("2020-02-29"), 12), day("2021-02-28"));
    assert_int_equal(lit_add_months(day("2020-02-29"), 48), day("2024-02-29"));
    assert_int_equal(lit_add_months(day("2020-02-29"), 60), day("2025-02-28"));
    assert_int_equal(lit_add_months(day("2026-03-31"), -1), day("2026-02-28"));
    assert_int_equal(lit_add_months(day("2026-12-15"), 1), day("2027-01-15"));
    assert_int_equal(lit_add_months(day("2026-01-15"), -1), day("2025-12-15"));
    assert_int_equal(lit_add_months(day("2026-05-31"), -15), day("2025-02-28"));
    assert_int_equal(lit_add_months(day("1900-01-01"), -12), day("1900-01-01") - 365);
    assert_int_equal(lit_add_months(day("2026-07-10"), 0), day("2026-07-10"));
}

/* SPEC 5.8: the first day of each period, either side of its edges */
static void test_period_start(void **state)
{
    (void)state;
    struct { rm_period k; int64_t n; const char *d, *want; int fm, fd; } c[] = {
        {PER_DAYS, 365, "2026-11-20", "2025-11-21", 4, 1},
        {PER_DAYS, 1, "2026-11-20", "2026-11-20", 4, 1},
        {PER_MONTHS, 12, "2026-07-31", "2025-08-01", 4, 1},
        {PER_MONTHS, 12, "2028-02-29", "2027-03-01", 4, 1},
        {PER_MONTHS, 1, "2026-03-31", "2026-03-01", 4, 1},
        {PER_FY, 0, "2026-03-31", "2025-04-01", 4, 1},
        {PER_FY, 0, "2026-04-01", "2026-04-01", 4, 1},
        {PER_FY, 0, "2026-12-31", "2026-04-01", 4, 1},
        {PER_FY, 0, "2026-01-01", "2026-01-01", 1, 1},
        {PER_FY, 0, "2026-07-05", "2025-07-06", 7, 6},
        {PER_FQ, 0, "2026-04-01", "2026-04-01", 4, 1},
        {PER_FQ, 0, "2026-06-30", "2026-04-01", 4, 1},
        {PER_FQ, 0, "2026-07-01", "2026-07-01", 4, 1},
        {PER_FQ, 0, "2027-03-31", "2027-01-01", 4, 1},
        {PER_FQ, 0, "2026-10-27", "2026-07-28", 4, 28},
        {PER_CM, 0, "2026-02-28", "2026-02-01", 4, 1},
        {PER_CQ, 0, "2026-03-31", "2026-01-01", 4, 1},
        {PER_CQ, 0, "2026-04-01", "2026-04-01", 4, 1},
        {PER_CQ, 0, "2026-12-31", "2026-10-01", 4, 1},
        {PER_CY, 0, "2026-12-31", "2026-01-01", 4, 1},
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        int64_t got = lit_period_start(c[i].k, c[i].n, day(c[i].d), c[i].fm, c[i].fd);
        if (got != day(c[i].want)) {
            char b[16];
            lit_format_date(got, b, sizeof b);
            fail_msg("case %zu: period %d of %s starts %s, not %s", i, (int)c[i].k, c[i].d, b, c[i].want);
        }
    }
    assert_true(lit_period_start(PER_ALL, -1, day("2026-01-01"), 4, 1) == INT64_MIN);
}

/* SPEC 4.18: the last day of the period a day is in */
static void test_period_end(void **state)
{
    (void)state;
    assert_int_equal(lit_period_end(PER_CM, day("2028-02-20"), 4, 1), day("2028-02-29"));
    assert_int_equal(lit_period_end(PER_CM, day("2026-02-01"), 4, 1), day("2026-02-28"));
    assert_int_equal(lit_period_end(PER_CQ, day("2026-11-20"), 4, 1), day("2026-12-31"));
    assert_int_equal(lit_period_end(PER_CY, day("2026-01-01"), 4, 1), day("2026-12-31"));
    assert_int_equal(lit_period_end(PER_FY, day("2027-03-31"), 4, 1), day("2027-03-31"));
    assert_int_equal(lit_period_end(PER_FY, day("2027-04-01"), 4, 1), day("2028-03-31"));
    assert_int_equal(lit_period_end(PER_FQ, day("2026-11-20"), 4, 1), day("2026-12-31"));
    assert_int_equal(lit_period_end(PER_FQ, day("2026-07-05"), 7, 6), day("2026-07-05")); /* its last day */
    assert_int_equal(lit_period_end(PER_FQ, day("2026-07-06"), 7, 6), day("2026-10-05"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_money_plain_and_grouped),
        cmocka_unit_test(test_money_fractions),
        cmocka_unit_test(test_money_multipliers),
        cmocka_unit_test(test_money_malformed),
        cmocka_unit_test(test_money_fraction_of_a_penny),
        cmocka_unit_test(test_money_long_exact_fraction),
        cmocka_unit_test(test_money_range),
        cmocka_unit_test(test_int),
        cmocka_unit_test(test_int_overflow_boundary),
        cmocka_unit_test(test_percent),
        cmocka_unit_test(test_percent_refused),
        cmocka_unit_test(test_date_values),
        cmocka_unit_test(test_date_leap_years),
        cmocka_unit_test(test_date_impossible),
        cmocka_unit_test(test_date_malformed),
        cmocka_unit_test(test_format_money),
        cmocka_unit_test(test_format_money_round_trip),
        cmocka_unit_test(test_format_date_round_trip),
        cmocka_unit_test(test_calendar_against_reference),
        cmocka_unit_test(test_add_months),
        cmocka_unit_test(test_period_start),
        cmocka_unit_test(test_period_end),
    };
    return rt_run_tests(tests);
}
