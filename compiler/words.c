/*
 * words.c - the vocabularies: each list of words to which Remit gives a
 * meaning, written once, with its lookups both ways.  The checker and the
 * input reader find a word a person wrote here (word to meaning), and the
 * lowering, messages, export and graph take the word for a meaning from
 * here (meaning to word), so that a word changes in one place.
 *
 * Three vocabularies keep the one table they already had: the keyword of
 * each kind of rule (ast_rule_word, ast.c) and the words of an outcome,
 * of its reasons and of its findings (xp_outcome_word, xp_why_word,
 * xp_finding_word, explain.c).  The scanner's keywords stay in
 * grammar/lexer.l.  Prefix wd_.
 */
#include <string.h>

#include "policy.h"

int wd_find(const char *const *list, const char *s, size_t len)
{
    for (int i = 0; list[i]; i++)
        if (strlen(list[i]) == len && memcmp(list[i], s, len) == 0)
            return i;
    return -1;
}

/* ---------------------------------------------------------------- types */

/* In the order SPEC.md 5.1 lists them, which is also the order in which
 * "did you mean" prefers one of two equally close types.  ORDER type_kind */
const char *const wd_type_words[] = {
    "money", "days", "date", "score", "percent", "number", "bool", "text", "tier",
    "one", "set", NULL
};
static const ty_kind type_kind[] = {
    TY_MONEY, TY_DAYS, TY_DATE, TY_SCORE, TY_PERCENT, TY_NUMBER, TY_BOOL, TY_TEXT, TY_TIER,
    TY_ENUM, TY_SET
};
_Static_assert(sizeof type_kind / sizeof *type_kind + 1 == sizeof wd_type_words / sizeof *wd_type_words,
               "wd_type_words and type_kind are parallel");

/* How the export and a message name a type, where not by its word: the
 * export's `type` of a field or expression, and the phrase a checker's
 * message uses ("a percentage"; a score's range follows its phrase). */
static const struct { const char *json, *phrase; } type_names[] = {
    [TY_ERROR] = {"error", "an unknown type"},
    [TY_BOOL] = {NULL, "yes/no (bool)"},
    [TY_NUMBER] = {NULL, "a number"},
    [TY_DATE] = {NULL, "a date"},
    [TY_PERCENT] = {NULL, "a percentage"},
    [TY_SCORE] = {NULL, "a score"},
    [TY_ENUM] = {"choice", "a choice (one of)"},
    [TY_SET] = {NULL, "a set"},
    [TY_TIER] = {NULL, "a tier"},
    [TY_MONTHS] = {"months", "calendar months"},
};

ty_kind wd_type_of(const char *s, size_t len)
{
    int i = wd_find(wd_type_words, s, len);
    return i < 0 ? TY_ERROR : type_kind[i];
}

const char *wd_type_word(ty_kind k)
{
    for (size_t i = 0; wd_type_words[i]; i++)
        if (type_kind[i] == k)
            return wd_type_words[i];
    return NULL;
}

const char *wd_type_json(ty_kind k)
{
    return type_names[k].json ? type_names[k].json : wd_type_word(k);
}

const char *wd_type_phrase(ty_kind k)
{
    return type_names[k].phrase ? type_names[k].phrase : wd_type_word(k);
}

/* --------------------------------------------------------- units of time */

/* The units of a length of time and the days in each.  Months and years
 * are known only to be refused: their length varies (SPEC.md 2.5.5). */
static const struct { const char *word; int64_t days; } units[] = {
    {"day", 1}, {"days", 1}, {"week", 7}, {"weeks", 7},
    {"month", 0}, {"months", 0}, {"year", 0}, {"years", 0},
};

int64_t wd_unit_days(const char *s, size_t len)
{
    for (size_t i = 0; i < sizeof units / sizeof *units; i++)
        if (strlen(units[i].word) == len && memcmp(units[i].word, s, len) == 0)
            return units[i].days;
    return -1;
}

int64_t wd_unit_months(const char *s, size_t len)
{
    if ((len == 5 && !memcmp(s, "month", 5)) || (len == 6 && !memcmp(s, "months", 6)))
        return 1;
    if ((len == 4 && !memcmp(s, "year", 4)) || (len == 5 && !memcmp(s, "years", 5)))
        return 12;
    return 0;
}

/* The letters Remit writes after an amount for a word people write after
 * one ("5 million" is £5m), for the messages that say how to write it;
 * NULL for any other word. */
const char *wd_magnitude(const char *s, size_t len)
{
    static const struct { const char *word, *suffix; } words[] = {
        {"thousand", "k"}, {"thousands", "k"}, {"k", "k"}, {"grand", "k"},
        {"million", "m"}, {"millions", "m"}, {"mn", "m"}, {"mil", "m"}, {"m", "m"},
        {"billion", "bn"}, {"billions", "bn"}, {"bn", "bn"},
    };
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        size_t n = strlen(words[i].word), k = 0;
        while (k < n && k < len && (s[k] | 0x20) == words[i].word[k])
            k++;
        if (k == n && n == len)
            return words[i].suffix;
    }
    return NULL;
}

/* ------------------------------------------------------------- periods */

static const char *const period_words[] = {
    [PER_FY] = "financial year", [PER_FQ] = "financial quarter", [PER_CM] = "calendar month",
    [PER_CQ] = "calendar quarter", [PER_CY] = "calendar year",
};

rm_period wd_period_of(const char *w1, size_t l1, const char *w2, size_t l2)
{
    for (int k = PER_FY; k <= PER_CY; k++) {
        const char *w = period_words[k], *sp = strchr(w, ' ');
        if ((size_t)(sp - w) == l1 && !memcmp(w, w1, l1) && strlen(sp + 1) == l2 && !memcmp(sp + 1, w2, l2))
            return (rm_period)k;
    }
    return PER_ALL;
}

const char *wd_period_word(rm_period k)
{
    return k >= PER_FY && k <= PER_CY ? period_words[k] : "";
}

/* Written by hand, not by snprintf: a refusal over a cumulative limit says
 * its period, and snprintf was most of that reason's cost. */
void wd_period_text(rm_period k, int64_t n, char *buf, size_t cap)
{
    char t[64];
    size_t u = 0;
    const char *w = "";
    if (k == PER_DAYS || k == PER_MONTHS) {
        char d[24];
        size_t m = 0;
        uint64_t x = n < 0 ? 0 - (uint64_t)n : (uint64_t)n;
        do
            d[m++] = (char)('0' + x % 10);
        while ((x /= 10) != 0);
        if (n < 0)
            t[u++] = '-';
        while (m)
            t[u++] = d[--m];
        w = k == PER_DAYS ? (n == 1 ? " day" : " days") : (n == 1 ? " month" : " months");
    } else if (k != PER_ALL) {
        memcpy(t, "the ", 4);
        u = 4;
        w = period_words[k];
    }
    size_t wl = strlen(w);
    memcpy(t + u, w, wl); /* (the longest period's words are 17 bytes) */
    u += wl;
    if (!cap)
        return;
    if (u > cap - 1) /* clipped as snprintf clips */
        u = cap - 1;
    memcpy(buf, t, u);
    buf[u] = '\0';
}

int wd_month_of(const char *s, size_t len)
{
    static const char *const months[] = {"january", "february", "march", "april", "may", "june", "july",
                                         "august", "september", "october", "november", "december"};
    for (int m = 0; m < 12; m++) {
        size_t n = strlen(months[m]);
        if (n != len)
            continue;
        size_t i = 0;
        while (i < n && (s[i] | 0x20) == months[m][i])
            i++;
        if (i == n)
            return m + 1;
    }
    return 0;
}

/* ------------------------------------------------- words of the statements */

const char *const wd_quorum[] = {
    [QW_MAJORITY] = "majority", [QW_ALL] = "all", [QW__COUNT] = NULL
};

/* The kinds of delegation, `as advise` ... (SPEC.md 4.12) */
const char *const wd_spectrum[] = {
    [SP_ADVISE] = "advise", [SP_JOINT] = "joint", [SP_DELEGATED] = "delegated",
    [SP_TRANSFER] = "transfer", NULL
};

/* What a category of interest asks of someone who has one (SPEC.md 4.20):
 * action k is bit 1 << k of pl_category's actions (policy.h), which
 * eval.c and input.c test by value.  ORDER pl_category.actions */
const char *const wd_coi_actions[] = {
    "declare", "exclude from discussion", "exclude from vote", "chair decides", "withdraw", NULL
};
