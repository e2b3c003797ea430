/*
 * literal.c - the values people write: money, whole numbers, percentages
 * and dates.  Money is exact: integer pence, never floating point.  Every
 * literal either converts exactly or is refused with a reason; nothing
 * wraps and nothing rounds.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Read digits into *v; fails on overflow past `max`. */
static bool acc_digit(int64_t *v, char c, int64_t max)
{
    if (*v > (max - (c - '0')) / 10)
        return false;
    *v = *v * 10 + (c - '0');
    return true;
}

lit_status lit_int(const char *t, size_t len, int64_t *out)
{
    int64_t v = 0;
    if (len == 0)
        return LIT_MALFORMED;
    for (size_t i = 0; i < len; i++) {
        if (!is_digit(t[i]))
            return LIT_MALFORMED;
        if (!acc_digit(&v, t[i], INT64_MAX))
            return LIT_RANGE;
    }
    *out = v;
    return LIT_OK;
}

/* Money: digits with optional thousands commas (groups of exactly three),
 * an optional fraction, an optional multiplier k, m or bn.  The result
 * must be a whole number of pence no larger than RM_MONEY_MAX. */
lit_status lit_money(const char *t, size_t len, int64_t *pence)
{
    size_t i = 0;
    int64_t whole = 0, frac = 0;
    unsigned fexp = 0; /* the fraction is frac / 10^fexp */
    size_t ndig = 0, group = 0;
    bool commas = false;

    for (; i < len; i++) {
        unsigned dg = (unsigned)(unsigned char)t[i] - '0';
        if (dg <= 9) {
            /* acc_digit without its division: whole stays at most
             * RM_MONEY_MAX, so whole * 10 + 9 cannot overflow, and it is
             * over the bound exactly when acc_digit would refuse it */
            whole = whole * 10 + dg;
            if (whole > RM_MONEY_MAX)
                return LIT_RANGE;
            ndig++;
            group++;
            continue;
        }
        if (t[i] != ',')
            break;
        /* a comma needs 1-3 digits before the first and 3 between */
        if (ndig == 0 || (commas ? group != 3 : group > 3))
            return LIT_MALFORMED;
        commas = true;
        group = 0;
    }
    if (ndig == 0 || (commas && group != 3))
        return LIT_MALFORMED;
    if (i < len && t[i] == '.') {
        i++;
        size_t nf = 0;
        for (; i < len && is_digit(t[i]); i++, nf++) {
            if (nf >= 15) {
                if (t[i] != '0')
                    return LIT_FRACTION; /* far below a penny whatever the unit */
                continue;                /* trailing zeros change nothing */
            }
            frac = frac * 10 + (t[i] - '0');
            fexp++;
        }
        if (nf == 0)
            return LIT_MALFORMED;
        while (fexp > 0 && frac % 10 == 0) {
            frac /= 10;
            fexp--;
        }
    }
    static const int64_t pow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000,
                                    100000000, 1000000000, 10000000000, 100000000000};
    unsigned mexp = 2; /* pence per unit: 10^mexp */
    size_t rest = len - i;
    if (rest == 1 && (t[i] == 'k' || t[i] == 'K'))
        mexp = 5;
    else if (rest == 1 && (t[i] == 'm' || t[i] == 'M'))
        mexp = 8;
    else if (rest == 2 && (t[i] == 'b' || t[i] == 'B') &&
             (t[i + 1] == 'n' || t[i + 1] == 'N'))
        mexp = 11;
    else if (rest != 0)
        return LIT_MALFORMED;
    int64_t mult = pow10[mexp];

    int64_t w;
    if (__builtin_mul_overflow(whole, mult, &w) || w > RM_MONEY_MAX)
        return LIT_RANGE;
    /* frac / 10^fexp units, times 10^mexp pence per unit, must be whole;
     * frac has no trailing zero, so that holds exactly when fexp <= mexp
     * (no division: these are powers of ten) */
    if (fexp > mexp)
        return LIT_FRACTION;
    int64_t fp;
    if (__builtin_mul_overflow(frac, pow10[mexp - fexp], &fp))
        return LIT_RANGE;
    if (w > RM_MONEY_MAX - fp)
        return LIT_RANGE;
    *pence = w + fp;
    return LIT_OK;
}

/* Percent: "12" or "12.5" or "12.25"; at most two decimal places; at most
 * 1000%.  Held as basis points (hundredths of a percent). */
lit_status lit_percent(const char *t, size_t len, int64_t *bp)
{
    size_t i = 0;
    int64_t whole = 0, frac = 0;
    for (; i < len && is_digit(t[i]); i++)
        if (!acc_digit(&whole, t[i], 1000))
            return LIT_RANGE;
    if (i == 0)
        return LIT_MALFORMED;
    if (i < len && t[i] == '.') {
        size_t nf = 0;
        for (i++; i < len && is_digit(t[i]); i++, nf++) {
            if (nf >= 2) {
                if (t[i] != '0')
                    return LIT_FRACTION;
                continue;
            }
            frac = frac * 10 + (t[i] - '0');
        }
        if (nf == 0)
            return LIT_MALFORMED;
        if (nf == 1)
            frac *= 10;
    }
    if (i != len)
        return LIT_MALFORMED;
    int64_t v = whole * 100 + frac;
    if (v > RM_PERCENT_MAX)
        return LIT_RANGE;
    *bp = v;
    return LIT_OK;
}

static bool leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_days(int64_t y, int64_t m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* days from civil (Howard Hinnant's algorithm), proleptic Gregorian */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
    y -= m <= 2;
    if (y >= 0 && y <= 1000000 && m >= 1 && m <= 12 && d >= 1 && d <= 31) { /* the same, unsigned: half the instructions */
        uint32_t uy = (uint32_t)y, uera = uy / 400, uyoe = uy - uera * 400;
        uint32_t udoy = (153 * (uint32_t)(m > 2 ? m - 3 : m + 9) + 2) / 5 + (uint32_t)d - 1;
        return (int64_t)uera * 146097 + (int64_t)(uyoe * 365 + uyoe / 4 - uyoe / 100 + udoy) - 719468;
    }
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* civil from days (Howard Hinnant's algorithm), proleptic Gregorian */
static void civil_from_days(int64_t z, int64_t *yp, int64_t *mp_, int64_t *dp)
{
    /* a day beyond any calendar (a sum of lengths that saturated) is
     * taken at the edge of the far days, where the arithmetic is exact */
    if (z > LIT_DAY_FAR)
        z = LIT_DAY_FAR;
    else if (z < -LIT_DAY_FAR)
        z = -LIT_DAY_FAR;
    z += 719468;
    if (z >= 0 && z < INT64_C(1) << 31) { /* the same in unsigned arithmetic, half the instructions */
        uint32_t uz = (uint32_t)z, uera = uz / 146097, udoe = uz - uera * 146097;
        uint32_t uyoe = (udoe - udoe / 1460 + udoe / 36524 - udoe / 146096) / 365;
        uint32_t udoy = udoe - (365 * uyoe + uyoe / 4 - uyoe / 100), ump = (5 * udoy + 2) / 153;
        uint32_t um = ump < 10 ? ump + 3 : ump - 9;
        *yp = (int64_t)uyoe + (int64_t)uera * 400 + (um <= 2);
        *mp_ = um;
        *dp = udoy - (153 * ump + 2) / 5 + 1;
        return;
    }
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    *yp = y + (m <= 2);
    *mp_ = m;
    *dp = d;
}

int64_t lit_add_months(int64_t z, int64_t n)
{
    /* a day beyond any calendar (a sum of lengths that saturated, 7.2) is
     * left as it is: its months would overflow, and it is beyond every
     * date it is compared with either way */
    if (z > LIT_DAY_FAR || z < -LIT_DAY_FAR)
        return z;
    int64_t y, m, d;
    civil_from_days(z, &y, &m, &d);
    int64_t k = y * 12 + (m - 1) + n; /* months since year 0 */
    y = k >= 0 ? k / 12 : -((-k + 11) / 12);
    m = k - y * 12 + 1;
    int64_t last = month_days(y, m);
    return days_from_civil(y, m, d < last ? d : last);
}

int64_t lit_period_start(rm_period k, int64_t n, int64_t z, int fy_month, int fy_day)
{
    if (k == PER_DAYS) /* (most limits: no calendar needed) */
        return z - n + 1;
    int64_t y, m, d;
    civil_from_days(z, &y, &m, &d);
    switch (k) {
    case PER_MONTHS: return lit_add_months(z, -n) + 1;
    case PER_CM: return days_from_civil(y, m, 1);
    case PER_CQ: return days_from_civil(y, m - (m - 1) % 3, 1);
    case PER_CY: return days_from_civil(y, 1, 1);
    case PER_FY:
    case PER_FQ: {
        /* the financial year's start on or before z: this year's, or last */
        int64_t fy = days_from_civil(y, fy_month, fy_day);
        if (fy > z)
            fy = days_from_civil(y - 1, fy_month, fy_day);
        if (k == PER_FY)
            return fy;
        int64_t q = fy; /* its quarters: the start day is at most the 28th */
        for (int i = 1; i < 4 && lit_add_months(fy, 3 * i) <= z; i++)
            q = lit_add_months(fy, 3 * i);
        return q;
    }
    case PER_ALL:
    default:
        return INT64_MIN;
    }
}

int64_t lit_period_end(rm_period k, int64_t z, int fy_month, int fy_day)
{
    int64_t start = lit_period_start(k, 0, z, fy_month, fy_day);
    int64_t months = k == PER_CM ? 1 : k == PER_CQ || k == PER_FQ ? 3 : 12;
    return lit_add_months(start, months) - 1;
}

/* ISO date YYYY-MM-DD, years 1900 to 2999. */
lit_status lit_date(const char *t, size_t len, int64_t *days)
{
    if (len != 10 || t[4] != '-' || t[7] != '-')
        return LIT_MALFORMED;
    /* the eight digits at once: a batch reads a date or two a line */
#define DIGIT(i) ((unsigned)(unsigned char)t[i] - '0')
    unsigned g[10] = {DIGIT(0), DIGIT(1), DIGIT(2), DIGIT(3), 0, DIGIT(5), DIGIT(6), 0, DIGIT(8), DIGIT(9)};
#undef DIGIT
    if ((g[0] > 9) | (g[1] > 9) | (g[2] > 9) | (g[3] > 9) | (g[5] > 9) | (g[6] > 9) | (g[8] > 9) | (g[9] > 9))
        return LIT_MALFORMED;
    int64_t y = g[0] * 1000 + g[1] * 100 + g[2] * 10 + g[3], m = g[5] * 10 + g[6], d = g[8] * 10 + g[9];
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 ||
        d > month_days(y, m))
        return LIT_BAD_DATE;
    *days = days_from_civil(y, m, d);
    return LIT_OK;
}

/* Copy the len bytes at s to buf as snprintf would: at most n - 1 of
 * them, then a NUL. */
static void put_clipped(char *buf, size_t n, const char *s, size_t len)
{
    if (!n)
        return;
    if (len > n - 1)
        len = n - 1;
    memcpy(buf, s, len);
    buf[len] = '\0';
}

/* Dates and amounts are formatted by hand, not by snprintf: explanations
 * and batch records format several per decision (a batch line's share of
 * snprintf was about a tenth of its time). */
void lit_format_date(int64_t z, char *buf, size_t n)
{
    int64_t y, m, d;
    civil_from_days(z, &y, &m, &d);
    if (y < 0 || y > 9999) { /* no such date is read or computed: keep it exact anyway */
        snprintf(buf, n, "%04lld-%02lld-%02lld", (long long)y, (long long)m, (long long)d);
        return;
    }
    char t[10] = {(char)('0' + y / 1000), (char)('0' + y / 100 % 10), (char)('0' + y / 10 % 10),
                  (char)('0' + y % 10), '-', (char)('0' + m / 10), (char)('0' + m % 10), '-',
                  (char)('0' + d / 10), (char)('0' + d % 10)};
    put_clipped(buf, n, t, sizeof t);
}

/* v's digits in groups of three ("80,000"), written backwards to end at
 * t[u]; returns where they start (26 bytes at most). */
static size_t grouped(char *t, size_t u, uint64_t v)
{
    for (unsigned k = 0;; k++) {
        if (k && k % 3 == 0)
            t[--u] = ',';
        t[--u] = (char)('0' + v % 10);
        if ((v /= 10) == 0)
            return u;
    }
}

void lit_format_count(uint64_t v, char *buf, size_t n)
{
    char t[32];
    size_t u = grouped(t, sizeof t, v);
    put_clipped(buf, n, t + u, sizeof t - u);
}

void lit_format_money(int64_t pence, char *buf, size_t n)
{
    char t[48]; /* "-£" and 20 digits grouped, ".pp": 36 bytes at most */
    size_t u = sizeof t;
    bool neg = pence < 0;
    uint64_t v = neg ? (uint64_t)0 - (uint64_t)pence : (uint64_t)pence;
    uint64_t pounds = v / 100, p = v % 100;
    if (p) { /* written backwards from the end of t */
        t[--u] = (char)('0' + p % 10);
        t[--u] = (char)('0' + p / 10);
        t[--u] = '.';
    }
    u = grouped(t, u, pounds);
    t[--u] = '\xA3';
    t[--u] = '\xC2';
    if (neg)
        t[--u] = '-';
    put_clipped(buf, n, t + u, sizeof t - u);
}
