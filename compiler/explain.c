/*
 * explain.c - an outcome in words a board secretary can read, and the same
 * as JSON (schema "remit.outcome/2", SPEC.md 7.12).  Runs after evaluation,
 * never inside it.  Also the escaping every text and JSON rendering
 * shares: what a terminal must not act on is shown as an escape.  Prefix
 * xp_.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"

/* The words of an outcome (SPEC.md 7.11), ORDER ev_outcome: the one table
 * of them, for text, JSON, `remit test` and the analyses' examples. */
#define XP_TEXT 1024 /* a reason's or an obligation's text in a record, at most */

static const char *const outcome_word[] = {"permitted", "escalate", "refused", "undetermined", NULL};
static void due_text(const remit_policy *p, const ev_decision *d, const ev_due *u, char *buf,
                     size_t n, pl_src *src);
static void xp_text_outcome(FILE *out, const remit_policy *p, const ev_decision *d, const ev_result *r);

const char *xp_outcome_word(ev_outcome o) { return outcome_word[o]; }
int xp_outcome_of(const char *s, size_t len) { return wd_find(outcome_word, s, len); }

/* A text cut short to fit its buffer ends at a whole character, never in
 * the middle of one (its output must stay UTF-8): the end (buf[len] is
 * where the NUL goes) moves back over a character left incomplete. */
static void xp_cut_whole(char *buf, size_t len)
{
    size_t i = len;
    while (i > 0 && ((unsigned char)buf[i - 1] & 0xC0) == 0x80)
        i--; /* back over continuation bytes to the character's first */
    if (i > 0) {
        unsigned char c = (unsigned char)buf[i - 1];
        size_t want = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if ((i - 1) + want > len)
            len = i - 1; /* incomplete: cut before it */
    }
    buf[len] = '\0';
}

/* s appended to buf (n bytes, u used) as snprintf would clip it; returns
 * the new length.  For the few texts made per record (snprintf was a
 * tenth of a batch line). */
static size_t put_text(char *buf, size_t n, size_t u, const char *s)
{
    size_t l = strlen(s);
    if (u + 1 >= n)
        return u;
    if (l > n - 1 - u) { /* clipped, at a whole character */
        memcpy(buf + u, s, n - 1 - u);
        xp_cut_whole(buf, n - 1);
        return u + strlen(buf + u);
    }
    memcpy(buf + u, s, l);
    buf[u + l] = '\0';
    return u + l;
}

/* A text made piece by piece into buf (n bytes) as snprintf makes it:
 * at most n - 1 bytes, cut at a whole character, and u the length it
 * would have had uncut.  The pieces of a reason are copied as they are,
 * without a format to read (a record makes a few texts a decision, and
 * reading their formats was most of their cost). */
typedef struct xb {
    char *buf;
    size_t n, u;
} xb;

static inline void xb_put(xb *b, const char *s, size_t l)
{
    if (l && b->u + 1 < b->n)
        memcpy(b->buf + b->u, s, l < b->n - 1 - b->u ? l : b->n - 1 - b->u);
    b->u += l;
}

static inline void xb_str(xb *b, const char *s) { xb_put(b, s, strlen(s)); }
#define XB_LIT(b, s) xb_put((b), "" s, sizeof(s) - 1)

/* The text's end: its NUL, and the length snprintf would return. */
static size_t xb_end(xb *b)
{
    if (b->n && b->u < b->n)
        b->buf[b->u] = '\0';
    else if (b->n)
        xp_cut_whole(b->buf, b->n - 1);
    return b->u;
}

/* snprintf for the conversions reasons and obligations use (%s, %u, %lld,
 * %c, %%), several times cheaper than the C library's: a batch record
 * makes a few texts, and snprintf was a tenth of a batch line.  Anything
 * else goes to vsnprintf.  Returns what snprintf would. */
static int xp_fmt(char *buf, size_t n, const char *fmt, ...) RM_PRINTF(3, 4);


static int xp_fmt(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    xb b = {buf, n, 0};
    const char *f = fmt;
    for (;;) {
        if (*f != '%') { /* a run of the format's own text */
            const char *run = f;
            f = strchr(f, '%'); /* the library's scan, many bytes a step */
            if (!f)
                f = run + strlen(run);
            xb_put(&b, run, (size_t)(f - run));
            if (!*f)
                break;
        }
        char num[24];
        if (f[1] == 's') {
            xb_str(&b, va_arg(ap, const char *));
            f += 2;
        } else if (f[1] == 'c' || f[1] == '%') {
            num[0] = f[1] == 'c' ? (char)va_arg(ap, int) : '%';
            xb_put(&b, num, 1);
            f += 2;
        } else if (f[1] == 'u' || (f[1] == 'l' && f[2] == 'l' && f[3] == 'd')) {
            bool ll = f[1] == 'l';
            long long v = ll ? va_arg(ap, long long) : (long long)va_arg(ap, unsigned);
            unsigned long long x = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
            size_t k = sizeof num;
            do
                num[--k] = (char)('0' + x % 10);
            while ((x /= 10) != 0);
            if (v < 0)
                num[--k] = '-';
            xb_put(&b, num + k, sizeof num - k);
            f += ll ? 4 : 2;
        } else { /* not one of ours: start again with the C library */
            va_end(ap);
            va_start(ap, fmt);
            int r = vsnprintf(buf, n, fmt, ap);
            va_end(ap);
            if (n && r >= 0 && (size_t)r >= n)
                xp_cut_whole(buf, n - 1);
            return r;
        }
        if (!*f)
            break;
    }
    va_end(ap);
    return (int)xb_end(&b);
}

/* ------------------------------------------------ text for a terminal */

/* Characters above U+009F that are escaped: the bidirectional controls,
 * which can show text in another order than it is read (U+061C, U+200E,
 * U+200F, U+202A-U+202E, U+2066-U+2069), and the line and paragraph
 * separators, which some terminals and viewers break a line at. */
static bool esc_wide(uint32_t cp)
{
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x2028 && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

unsigned xp_esc_char(const char *s, size_t n, bool keep_tab, size_t *len, char esc[XP_ESC_MAX])
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    unsigned l = src_utf8_len(p, n);
    uint32_t cp = p[0];
    *len = l ? l : 1;
    if (!l) { /* a byte that is not UTF-8 */
        memcpy(esc, "\\x", 2);
        esc[2] = hex[cp >> 4];
        esc[3] = hex[cp & 15];
        return 4;
    }
    if (l == 1) {
        if ((cp >= 0x20 && cp != 0x7F) || (cp == '\t' && keep_tab))
            return 0;
        const char *named = cp == '\n' ? "\\n" : cp == '\t' ? "\\t" : cp == '\r' ? "\\r" : NULL;
        if (named) {
            memcpy(esc, named, 2);
            return 2;
        }
    } else if (l == 2) {
        cp = (cp & 0x1F) << 6 | (p[1] & 0x3F);
        if (cp > 0x9F && !esc_wide(cp))
            return 0;
    } else if (l == 3) {
        cp = (cp & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
        if (!esc_wide(cp))
            return 0;
    } else {
        return 0;
    }
    memcpy(esc, "\\u", 2);
    for (int i = 0; i < 4; i++)
        esc[2 + i] = hex[cp >> (12 - 4 * i) & 15];
    return 6;
}

size_t xp_esc_write(FILE *out, const char *s, size_t n, bool keep_tab)
{
    size_t run = 0, i = 0, written = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7F) { /* the common case: plain ASCII */
            i++;
            continue;
        }
        char esc[XP_ESC_MAX];
        size_t len;
        unsigned e = xp_esc_char(s + i, n - i, keep_tab, &len, esc);
        if (e) {
            fwrite(s + run, 1, i - run, out);
            fwrite(esc, 1, e, out);
            written += i - run + e;
            run = i + len;
        }
        i += len;
    }
    fwrite(s + run, 1, n - run, out);
    return written + n - run;
}

size_t remit_escape(char *buf, size_t size, const char *s)
{
    size_t u = 0, full = 0, n = strlen(s);
    bool cut = false;
    for (size_t i = 0; i < n;) {
        char esc[XP_ESC_MAX];
        size_t len;
        unsigned e = xp_esc_char(s + i, n - i, false, &len, esc);
        const char *piece = e ? esc : s + i;
        size_t pl = e ? e : len;
        if (!cut && size && u + pl < size) {
            memcpy(buf + u, piece, pl);
            u += pl;
        } else {
            cut = true;
        }
        full += pl;
        i += len;
    }
    if (size)
        buf[u] = '\0';
    return full;
}

int remit_fprintf_escaped(FILE *out, const char *fmt, ...)
{
    char small[512], *text = small;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return -1;
    if ((size_t)n >= sizeof small) {
        text = rm_malloc((size_t)n + 1);
        if (!text)
            return -1;
        va_start(ap, fmt);
        vsnprintf(text, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    size_t fl = strlen(fmt), len = (size_t)n;
    bool line_end = fl && fmt[fl - 1] == '\n' && len && text[len - 1] == '\n';
    size_t w = xp_esc_write(out, text, len - line_end, false);
    if (line_end)
        w += fputc('\n', out) != EOF;
    if (text != small)
        rm_free(text);
    return ferror(out) || w > INT_MAX ? -1 : (int)w;
}

/* "Director of Finance (cfo)", or the name alone when it has no title */
static void holder_text(const remit_policy *p, uint32_t h, char *buf, size_t n)
{
    if (n)
        buf[0] = '\0';
    if (h >= p->nholders) {
        put_text(buf, n, 0, "(no one)");
        return;
    }
    const pl_holder *x = &p->holders[h];
    if (x->title && *x->title) {
        size_t u = put_text(buf, n, 0, x->title);
        u = put_text(buf, n, u, " (");
        u = put_text(buf, n, u, x->name);
        put_text(buf, n, u, ")");
    } else
        put_text(buf, n, 0, x->name);
}

static const char *holder_short(const remit_policy *p, uint32_t h)
{
    if (h >= p->nholders)
        return "(no one)";
    const pl_holder *x = &p->holders[h];
    return x->title && *x->title ? x->title : x->name;
}

/* The decider: "Sam Lee (Director of Finance, cfo)" when the decision
 * names the person, else as holder_text. */
static void decider_text(const remit_policy *p, const ev_decision *d, char *buf, size_t n)
{
    const pl_holder *x = &p->holders[d->decider];
    if (!d->decider_name)
        holder_text(p, d->decider, buf, n);
    else if (x->title && *x->title)
        xp_fmt(buf, n, "%s (%s, %s)", d->decider_name, x->title, x->name);
    else
        xp_fmt(buf, n, "%s (%s)", d->decider_name, x->name);
}

/* Whose interest: "Sam Lee (Director of Finance)", or the role's title. */
static void interest_holder(const remit_policy *p, const ev_interest *x, char *buf, size_t n)
{
    if (x->person_name)
        xp_fmt(buf, n, "%s (%s)", x->person_name, holder_short(p, x->holder));
    else
        xp_fmt(buf, n, "%s", holder_short(p, x->holder));
}

/* Where a rule (or a conflicts category) is written, as a line of text. */
static void where_line(FILE *out, pl_src src, const char *text, const char *because, const char *indent)
{
    remit_fprintf_escaped(out, "%s%s:%u  %s\n", indent, src.file, src.line, text);
    if (because)
        remit_fprintf_escaped(out, "%s  because: %s\n", indent, because);
}

static void rule_line(FILE *out, const remit_policy *p, uint32_t r, const char *indent)
{
    const pl_rule *x = &p->rules[r];
    where_line(out, x->src, x->text, x->because, indent);
}

/* The conflicts category a conflicted decider's interest falls under. */
static const pl_category *reason_category(const remit_policy *p, const ev_decision *d, const ev_reason *r)
{
    if (r->kind != WHY_CONFLICTED)
        return NULL;
    const ev_interest *it = &d->ints[r->amount];
    return &p->conflicts[it->block].cats[it->category];
}



/* The co-signatories left out because an interest excludes them (7.10),
 * as "; Director of Finance (cfo), who has an interest that excludes
 * them, does not count", or "" when none is. */
static void aside_signers(const remit_policy *p, const ev_decision *d, char *buf, size_t n)
{
    size_t u = 0;
    uint32_t count = 0;
    buf[0] = '\0';
    for (uint32_t i = 0; i < d->nco_all; i++) {
        bool signs = false, again = false;
        for (uint32_t k = 0; k < d->nco && !signs; k++)
            signs = d->co[k] == d->co_all[i];
        for (uint32_t k = 0; k < i && !again; k++)
            again = d->co_all[k] == d->co_all[i];
        if (signs || again)
            continue;
        char h[200];
        holder_text(p, d->co_all[i], h, sizeof h);
        if (u < n)
            u += (size_t)xp_fmt(buf + u, n - u, "%s%s", count ? " and " : "; ", h);
        count++;
    }
    if (count && u < n)
        xp_fmt(buf + u, n - u, ", who %s an interest that excludes them, %s not count",
               count == 1 ? "has" : "have", count == 1 ? "does" : "do");
}

/* The signatures still missing for one alternative of g: "Chief
 * Executive and 1 more non_executive". */
static size_t alt_lacks(const remit_policy *p, const pl_signers *g, uint32_t alt, const ev_decision *d,
                        bool with_decider, char *buf, size_t n)
{
    uint32_t lack[EV_MAX_SLOTS];
    ev_alt_missing(p, g, alt, d, with_decider, lack, EV_MAX_SLOTS);
    size_t u = 0;
    buf[0] = '\0';
    const pl_alt *al = &g->alts[alt];
    for (uint32_t k = 0; k < al->nslots && k < EV_MAX_SLOTS && u < n; k++) {
        const pl_slot *sl = &al->slots[k];
        if (!lack[k])
            continue;
        const char *who = sl->is_kind ? (sl->who < p->nkinds ? p->kinds[sl->who] : "?")
                                      : holder_short(p, sl->who);
        if (sl->is_kind || lack[k] > 1)
            u += (size_t)xp_fmt(buf + u, n - u, "%s%u more %s", u ? " and " : "", lack[k], who);
        else
            u += (size_t)xp_fmt(buf + u, n - u, "%s%s", u ? " and " : "", who);
    }
    return u < n ? u : n - 1;
}

/* Every way the signatures could still be made enough: the signatures
 * each alternative of g lacks, the nearest (fewest lacking) first, then
 * in the order written, each said once: "Chief Executive, or Director of
 * Finance and 1 more non_executive".  with_decider is so for a `require`
 * (the ways joined "or by"), not for a `with` ("or with"). */
static uint32_t missing_signers(const remit_policy *p, const pl_signers *g, const ev_decision *d,
                                bool with_decider, char *buf, size_t n)
{
    size_t u = 0;
    buf[0] = '\0';
    char said[8][256];
    uint32_t nsaid = 0, rounds = 0;
    /* the alternatives in the order (signatures lacking, place written),
     * each round the next after (last_m, last_a); what each lacks is
     * counted once (the first 64; any after them each round) */
    uint64_t last = 0, keyv[64];
    for (uint32_t a = 0; a < g->nalts && a < 64; a++)
        keyv[a] = (uint64_t)ev_alt_missing(p, g, a, d, with_decider, NULL, 0) << 32 | a;
    for (bool first = true;; first = false) {
        uint64_t next = UINT64_MAX;
        for (uint32_t a = 0; a < g->nalts; a++) {
            uint64_t key = a < 64 ? keyv[a] : (uint64_t)ev_alt_missing(p, g, a, d, with_decider, NULL, 0) << 32 | a;
            if ((first || key > last) && key < next)
                next = key;
        }
        if (next == UINT64_MAX || u >= n)
            return nsaid;
        last = next;
        if (next >> 32 == 0)
            continue; /* (met: not the case when asked) */
        if (++rounds > 64) { /* enough to read */
            xp_fmt(buf + u, n - u, ", or another way the policy allows");
            return nsaid + 1;
        }
        char one[256];
        alt_lacks(p, g, (uint32_t)next, d, with_decider, one, sizeof one);
        bool again = false;
        for (uint32_t k = 0; k < nsaid && !again; k++)
            again = strcmp(said[k], one) == 0;
        if (again || !*one)
            continue;
        if (nsaid == 8) {
            xp_fmt(buf + u, n - u, ", or another way the policy allows");
            return nsaid + 1;
        }
        static const char more[] = ", or another way the policy allows";
        if (u && u + strlen(one) + 10 + sizeof more > n) { /* no room for it whole */
            xp_fmt(buf + u, n - u, "%s", more);
            return nsaid + 1;
        }
        memcpy(said[nsaid++], one, sizeof one);
        u += (size_t)xp_fmt(buf + u, n - u, "%s%s", u ? (with_decider ? ", or by " : ", or with ") : "", one);
    }
}

void xp_value_text(const remit_policy *p, const pl_field *f, int64_t v, bool as_input, char *buf,
                   size_t n)
{
    const char *q = as_input ? "\"" : ""; /* money and percentages quoted, as YAML needs */
    switch (f->type) {
    case TY_MONEY: {
        char m[48];
        lit_format_money(v, m, sizeof m);
        xb b = {buf, n, 0};
        xb_str(&b, q);
        xb_str(&b, m);
        xb_str(&b, q);
        xb_end(&b);
        return;
    }
    case TY_DATE: lit_format_date(v, buf, n); return;
    case TY_BOOL: xp_fmt(buf, n, "%s", v ? "true" : "false"); return;
    case TY_DAYS: xp_fmt(buf, n, "%lld days", (long long)v); return;
    case TY_PERCENT:
        if (v % 100)
            xp_fmt(buf, n, "%s%lld.%02lld%%%s", q, (long long)(v / 100), (long long)(v % 100), q);
        else
            xp_fmt(buf, n, "%s%lld%%%s", q, (long long)(v / 100), q);
        return;
    case TY_ENUM:
    case TY_TIER: {
        xb b = {buf, n, 0};
        if (f->type == TY_ENUM)
            xb_str(&b, v >= 0 && (uint64_t)v < f->nchoices ? f->choices[v] : "?");
        else
            xb_str(&b, v >= 0 && (uint64_t)v < p->ntiers ? p->tiers[v] : "?");
        xb_end(&b);
        return;
    }
    case TY_TEXT: {
        bool known = v >= 0 && (uint64_t)v < p->ntexts;
        if (!known && !as_input) {
            xp_fmt(buf, n, "%s", "");
            return;
        }
        const char *t = known ? p->texts[v] : "Example Ltd";
        size_t u = 0, tl = strlen(t);
        if (n > 2)
            buf[u++] = '"';
        /* as input, escaped as YAML reads a double-quoted text: a quote and
         * a backslash, and a line break, tab or control character as its
         * terminal escape, which YAML reads back (\n, \t, \r, \uXXXX) */
        for (size_t i = 0, len; i < tl; i += len) {
            char esc[XP_ESC_MAX];
            unsigned e = 0;
            len = 1;
            if (as_input)
                e = xp_esc_char(t + i, tl - i, false, &len, esc);
            if (as_input && (t[i] == '"' || t[i] == '\\')) {
                esc[0] = '\\';
                esc[1] = t[i];
                e = 2;
            }
            size_t pl = e ? e : len;
            if (u + pl + 2 >= n)
                break;
            memcpy(buf + u, e ? esc : t + i, pl);
            u += pl;
        }
        if (u + 1 < n && u)
            buf[u++] = '"';
        if (n)
            buf[u < n ? u : n - 1] = '\0';
        return;
    }
    case TY_SET: {
        size_t u = (size_t)xp_fmt(buf, n, as_input ? "[" : "{");
        for (uint32_t i = 0; i < f->nchoices && u < n; i++)
            if ((uint64_t)v >> i & 1u)
                u += (size_t)xp_fmt(buf + u, n - u, as_input ? "%s%s" : "%s %s",
                                      as_input ? (u > 1 ? ", " : "") : (u > 1 ? "," : ""), f->choices[i]);
        if (u < n)
            xp_fmt(buf + u, n - u, as_input ? "]" : " }");
        return;
    }
    default: xp_fmt(buf, n, "%lld", (long long)v); return;
    }
}

/* Is key new to seen (at most 8 kept)?  Then it is kept. */
static bool first_sight(uint32_t key, uint32_t *seen, uint32_t *nseen)
{
    for (uint32_t i = 0; i < *nseen; i++)
        if (seen[i] == key)
            return false;
    if (*nseen == 8)
        return false;
    seen[(*nseen)++] = key;
    return true;
}

/* " (here category is capital, amount is £2,000)": the values this
 * decision gives the fields and context values that condition node uses. */
static size_t values_used(const remit_policy *p, const ev_decision *d, uint32_t node, char *buf,
                          size_t n, size_t u, uint32_t *seen, uint32_t *nseen)
{
    const pl_node *x = &p->nodes[node];
    if (x->op == N_TOTAL) { /* "the total of amount per project over 365 days is £60,000" */
        if (!first_sight(UINT32_C(0x80000000) | x->a, seen, nseen))
            return u;
        const pl_matter *m = &p->matters[d->matter];
        const pl_total *t = &p->totals[m->totals[x->a]];
        char v[96];
        xp_value_text(p, &m->fields[t->field], d->summed ? d->sums[x->a] : d->fields[t->field], false, v,
                      sizeof v);
        if (u < n)
            u += (size_t)xp_fmt(buf + u, n - u, "%sthe total of %s", u ? ", " : " (here ", m->fields[t->field].name);
        if (t->per != PL_NONE && u < n)
            u += (size_t)xp_fmt(buf + u, n - u, " per %s", m->fields[t->per].name);
        if (t->period != PER_ALL && u < n) {
            char per[64];
            wd_period_text(t->period, t->over, per, sizeof per);
            u += (size_t)xp_fmt(buf + u, n - u, " over %s", per);
        }
        if (u < n)
            u += (size_t)xp_fmt(buf + u, n - u, " is %s", v);
        return u;
    }
    if (x->op == N_FIELD || x->op == N_CTX) {
        if (!first_sight(x->a * 2 + (x->op == N_CTX), seen, nseen))
            return u;
        const pl_field *f = x->op == N_FIELD ? &p->matters[d->matter].fields[x->a] : &p->context[x->a];
        char v[96];
        xp_value_text(p, f, x->op == N_FIELD ? d->fields[x->a] : d->context[x->a], false, v, sizeof v);
        if (*v && u < n) {
            xb b = {buf + u, n - u, 0};
            xb_str(&b, u ? ", " : " (here ");
            xb_str(&b, f->name);
            XB_LIT(&b, " is ");
            xb_str(&b, v);
            u += xb_end(&b);
        }
        return u;
    }
    if (x->op == N_DATE) {
        if (first_sight(UINT32_C(0xC0000000), seen, nseen) && u < n) {
            char v[16];
            lit_format_date(d->date, v, sizeof v);
            u += (size_t)xp_fmt(buf + u, n - u, "%sthe decision's date is %s", u ? ", " : " (here ", v);
        }
        return u;
    }
    if (x->op == N_WHO) { /* " (here the decider is Director of Finance (cfo))" */
        if (x->a == WHO_DECIDER && first_sight(UINT32_C(0xC0000001), seen, nseen) && u < n) {
            char who[160];
            holder_text(p, d->decider, who, sizeof who);
            u += (size_t)xp_fmt(buf + u, n - u, "%sthe decider is %s", u ? ", " : " (here ", who);
        }
        return u;
    }
    if (x->op == N_CONST)
        return u;
    u = values_used(p, d, x->a, buf, n, u, seen, nseen);
    if (x->op != N_NOT && x->op != N_NEG && x->op != N_IN && x->op != N_NOTIN &&
        x->op != N_SETIN && x->op != N_SETNOTIN && x->op != N_ADDMONTHS)
        u = values_used(p, d, x->b, buf, n, u, seen, nseen);
    return u;
}

/* The first part of the rule's `when` (or `limit`) that this decision
 * does not meet, or NULL. */
static const pl_part *failed_part(const remit_policy *p, const pl_rule *x, const ev_decision *d,
                                  bool is_limit)
{
    for (uint32_t i = 0; i < x->nparts; i++)
        if (x->parts[i].is_limit == is_limit && !ev_cond(p, x->parts[i].node, d))
            return &x->parts[i];
    return NULL;
}

/* " when amount > £5m (here amount is £6,200,000)": the rule's `when` as
 * written, and the values this decision gives what it uses; and for an
 * escalation `after DAYS`, how long the decision has been open.  Empty
 * when the rule has neither.  Returns the length written. */
static size_t when_said(const remit_policy *p, const ev_decision *d, const pl_rule *x, char *buf, size_t n)
{
    size_t u = 0;
    buf[0] = '\0';
    if (x->when_text && x->when != PL_NONE) {
        char vals[300] = "";
        uint32_t seen[8], nseen = 0;
        size_t vl = values_used(p, d, x->when, vals, sizeof vals - 1, 0, seen, &nseen);
        if (vl) { /* ")" after what was written (all of it, unless cut short) */
            vl = vl < sizeof vals - 1 ? vl : strlen(vals);
            vals[vl++] = ')';
            vals[vl] = '\0';
        }
        xb b = {buf, n, 0};
        XB_LIT(&b, " when ");
        xb_str(&b, x->when_text);
        xb_put(&b, vals, vl);
        u += xb_end(&b);
    }
    if (x->kind == R_ESCALATE && x->after >= 0 && u < n) {
        char day[16] = "";
        if (d->opened != INT64_MIN)
            lit_format_date(d->opened, day, sizeof day);
        u += (size_t)xp_fmt(buf + u, n - u, "%s it has been open more than %lld days", u ? " and" : " when",
                            (long long)x->after);
        if (*day && u < n)
            u += (size_t)xp_fmt(buf + u, n - u, " (here it was opened on %s, %lld days before)", day,
                                (long long)(d->date - d->opened));
    }
    return u < n ? u : n - 1;
}

/* Why a delegation or grant does not cover the decision: the part of it
 * that fails, and the decision's values there. */
/* "the authority delegated to X", or for a crisis grant "the crisis powers
 * of 'Major incident' granted to X" */
static void authority_of(const remit_policy *p, const pl_rule *x, char *buf, size_t n)
{
    char a[128];
    holder_text(p, x->to, a, sizeof a);
    if (x->kind == R_GRANT) {
        const pl_protocol *pr = &p->protocols[x->protocol];
        xp_fmt(buf, n, "the crisis powers of '%s' granted to %s",
               pr->title && *pr->title ? pr->title : pr->name, a);
    } else if (x->kind == R_URGENT) {
        xp_fmt(buf, n, "the urgent powers given to %s to act for %s", a, holder_short(p, x->from));
    } else {
        xp_fmt(buf, n, "the authority delegated to %s", a);
    }
}

/* The verb for authority_of's subject: "stops" or, for powers, "stop". */
static const char *verb(const pl_rule *x, const char *one, const char *many)
{
    return x->kind == R_GRANT || x->kind == R_URGENT ? many : one;
}

static void bound_text(const remit_policy *p, const pl_rule *x, const ev_decision *d, char *buf, size_t n)
{
    char a[300], m1[48], m2[48], vals[300] = "";
    authority_of(p, x, a, sizeof a);
    uint32_t seen[8], nseen = 0;
    const pl_part *f = failed_part(p, x, d, false);
    if (f) {
        if (values_used(p, d, f->node, vals, sizeof vals - 1, 0, seen, &nseen))
            strcat(vals, ")");
        xp_fmt(buf, n, "%s %s only when %s%s", a, verb(x, "applies", "apply"), f->text, vals);
        return;
    }
    uint32_t mf = p->matters[x->matter].money_field;
    if (x->upto >= 0 && mf != PL_NONE && d->fields[mf] > x->upto) {
        lit_format_money(x->upto, m1, sizeof m1);
        lit_format_money(d->fields[mf], m2, sizeof m2);
        xp_fmt(buf, n, "%s %s at %s (here %s is %s)", a, verb(x, "stops", "stop"), m1,
                 p->matters[x->matter].fields[mf].name, m2);
        return;
    }
    if ((f = failed_part(p, x, d, true))) {
        if (values_used(p, d, f->node, vals, sizeof vals - 1, 0, seen, &nseen))
            strcat(vals, ")");
        xp_fmt(buf, n, "%s %s limited to decisions where %s%s", a, verb(x, "is", "are"), f->text, vals);
        return;
    }
    xp_fmt(buf, n, "%s %s not cover this decision", a, verb(x, "does", "do"));
}

/* What the deciding body's quorum needs that its meeting lacks, counting
 * the members present and not set aside in out[]: "; it needs at least 5
 * members present, and at least 1 independent (0 present)", one part for
 * each term (or set of alternatives) that fails. */
static size_t quorum_lacks(const remit_policy *p, const ev_decision *d, const bool *out, const char *verb,
                           char *buf, size_t n)
{
    const pl_holder *h = &p->holders[d->decider];
    uint32_t taking_part = ev_taking_part(d, out);
    size_t u = 0;
    buf[0] = '\0';
    /* of the terms that count members alone and fail, the one that needs
     * most is said, once */
    int64_t most = -1;
    for (uint32_t q = 0; q < h->nquorum; q++) {
        bool alone = h->quorum[q].kind != Q_ROLE && !h->quorum[q].alt &&
                     (q + 1 == h->nquorum || !h->quorum[q + 1].alt);
        ev_qterm t = ev_quorum_term(p, d, out, taking_part, q);
        if (alone && t.have < t.need && t.need > most)
            most = t.need;
    }
    for (uint32_t q = 0, e; q < h->nquorum && u < n; q = e) {
        bool ok = false;
        for (e = q; e < h->nquorum && (e == q || h->quorum[e].alt); e++) {
            ev_qterm t = ev_quorum_term(p, d, out, taking_part, e);
            ok |= t.have >= t.need;
        }
        if (ok)
            continue;
        if (e == q + 1 && h->quorum[q].kind != Q_ROLE) {
            if (most < 0)
                continue; /* said already */
            u += (size_t)xp_fmt(buf + u, n - u, "%sat least %lld member%s %s", u ? ", and " : "; it needs ",
                                (long long)most, most == 1 ? "" : "s", verb);
            most = -1;
            continue;
        }
        u += (size_t)xp_fmt(buf + u, n - u, "%s", u ? ", and " : "; it needs ");
        for (uint32_t k = q; k < e && u < n; k++) {
            const struct pl_quorum *x = &h->quorum[k];
            ev_qterm t = ev_quorum_term(p, d, out, taking_part, k);
            const char *or = k > q ? " or " : "";
            if (x->kind != Q_ROLE)
                u += (size_t)xp_fmt(buf + u, n - u, "%sat least %lld member%s %s", or, (long long)t.need,
                                    t.need == 1 ? "" : "s", verb);
            else /* a kind reads as a word ("2 independent"), a role's title as a post, not made plural */
                u += (size_t)xp_fmt(buf + u, n - u, "%sat least %lld %s%s (%lld %s)", or, (long long)t.need,
                                    !x->who_is_kind && t.need > 1 ? "members holding " : "",
                                    x->who_is_kind ? (x->who < p->nkinds ? p->kinds[x->who] : "?")
                                                   : holder_short(p, x->who),
                                    (long long)t.have, verb);
        }
    }
    return u < n ? u : n - 1;
}

/* One reason as a sentence. */
static void reason_text(const remit_policy *p, const ev_decision *d, const ev_reason *r,
                        char *buf, size_t n)
{
    char a[300], b[700], m1[48], m2[48];
    const pl_rule *x = r->rule < p->nrules ? &p->rules[r->rule] : NULL;
    switch (r->kind) {
    case WHY_REFUSE_RULE: {
        char w[600];
        if (x->for_holder != PL_NONE)
            holder_text(p, x->for_holder, a, sizeof a);
        if (when_said(p, d, x, w, sizeof w))
            xp_fmt(buf, n, "the policy refuses this decision%s%s%s", x->for_holder != PL_NONE ? " for " : "",
                   x->for_holder != PL_NONE ? a : "", w);
        else if (x->for_holder != PL_NONE)
            xp_fmt(buf, n, "the policy refuses every decision on this matter for %s", a);
        else
            xp_fmt(buf, n, "the policy refuses every decision on this matter");
        return;
    }
    case WHY_RESERVED: {
        char w[600];
        holder_text(p, x->to, a, sizeof a);
        if (when_said(p, d, x, w, sizeof w))
            xp_fmt(buf, n, "it is reserved to %s%s", a, w);
        else
            xp_fmt(buf, n, "every decision on this matter is reserved to %s", a);
        return;
    }
    case WHY_URGENT:
        holder_text(p, x->from, a, sizeof a);
        holder_text(p, x->to, b, sizeof b);
        xp_fmt(buf, n, "it is an urgent decision, taken for %s%s under the urgent powers of %s", a,
               r->rule2 < p->nrules ? ", to which it is reserved," : "", b);
        return;
    case WHY_SIGNATURES:
        missing_signers(p, x->with, d, true, b, sizeof b);
        aside_signers(p, d, a, sizeof a);
    {
        char w[600];
        size_t wl = when_said(p, d, x, w, sizeof w);
        xp_fmt(buf, n, "%s%sit must also be signed by %s; the decider and the co-signatories count, "
                       "each once%s", wl ? w + 1 : "", wl ? ", " : "", b, a);
    }
        return;
    case WHY_CUMULATIVE: {
        /* the earlier decisions' part of the total, said only when there is one */
        int64_t own = d->fields ? d->fields[x->total_field] : r->amount, earlier = r->amount - own;
        char m3[48];
        if (p->matters[x->matter].fields[x->total_field].type == TY_MONEY) {
            lit_format_money(r->amount, m1, sizeof m1);
            lit_format_money(x->ceiling, m2, sizeof m2);
            lit_format_money(earlier, m3, sizeof m3);
        } else {
            xp_fmt(m1, sizeof m1, "%lld", (long long)r->amount);
            xp_fmt(m2, sizeof m2, "%lld", (long long)x->ceiling);
            xp_fmt(m3, sizeof m3, "%lld", (long long)earlier);
        }
        char per[64];
        wd_period_text(x->period, x->over, per, sizeof per);
        const char *last = x->period == PER_DAYS || x->period == PER_MONTHS ? "the last " : "";
        const char *verb = x->total_op == OP_LT && r->amount == x->ceiling ? "reaching" : "above";
        if (earlier > 0) {
            /* the decisions it comes from: how many, and the latest */
            ev_parts parts;
            ev_limit_parts(p, r->rule, d, &parts);
            char from[300] = "";
            size_t u = 0;
            char cnt[24];
            lit_format_count(parts.count, cnt, sizeof cnt);
            if (parts.count)
                u = (size_t)xp_fmt(from, sizeof from, " (%s decision%s%s", cnt,
                                   parts.count == 1 ? "" : "s", parts.count > parts.n ? ", the latest" : "");
            for (uint32_t k = 0; k < parts.n && u < sizeof from; k++) {
                char v[48], day[16];
                if (p->matters[x->matter].fields[x->total_field].type == TY_MONEY)
                    lit_format_money(parts.amount[k], v, sizeof v);
                else
                    xp_fmt(v, sizeof v, "%lld", (long long)parts.amount[k]);
                lit_format_date(parts.date[k], day, sizeof day);
                u += (size_t)xp_fmt(from + u, sizeof from - u, "%s%s on %s",
                                    k == 0 ? ": " : k + 1 == parts.n ? " and " : ", ", v, day);
            }
            if (parts.count && u < sizeof from)
                xp_fmt(from + u, sizeof from - u, ")");
            xp_fmt(buf, n, "with earlier decisions in %s%s adding %s%s, the total would be %s, %s the limit of %s",
                   last, per, m3, from, m1, verb, m2);
        }
        else
            xp_fmt(buf, n, "this decision alone comes to %s, %s the limit of %s for %s%s (no earlier "
                           "decision counts towards it)", m1, verb, m2, last, per);
        return;
    }
    case WHY_ESCALATION:
    case WHY_NO_ROUTE: {
        char w[600], f[300] = "it";
        if (x->from != PL_NONE) { /* `escalate ... from HOLDER` */
            holder_text(p, x->from, b, sizeof b);
            xp_fmt(f, sizeof f, "the decisions of %s", b);
        }
        when_said(p, d, x, w, sizeof w);
        if (r->kind == WHY_NO_ROUTE) {
            xp_fmt(buf, n, "an escalation rule sends %s to the next tier%s, but no body above is at a higher tier "
                           "(a gap in the policy)", f, w);
            return;
        }
        uint32_t t = x->to_next_tier ? ev_next_tier(p, d->body != PL_NONE ? d->body : d->decider) : x->to;
        holder_text(p, t, a, sizeof a);
        xp_fmt(buf, n, "an escalation rule sends %s up to %s%s%s", f, x->to_next_tier ? "the next tier, " : "", a,
               w);
        return;
    }
    case WHY_BOUND:
        bound_text(p, x, d, buf, n);
        return;
    case WHY_ADVISE_ONLY:
        holder_text(p, x->to, a, sizeof a);
        xp_fmt(buf, n, "%s has a seat at the table (advice), not authority to decide", a);
        return;
    case WHY_JOINT_NEEDS:
        holder_text(p, x->from, a, sizeof a);
        xp_fmt(buf, n, "this is a joint decision: %s must decide it too", a);
        return;
    case WHY_NO_SUBDELEGATE:
        holder_text(p, x ? x->to : d->decider, a, sizeof a);
        xp_fmt(buf, n, "%s cannot pass this authority on: the delegation does not say 'may subdelegate'", a);
        return;
    case WHY_NO_PRIOR: {
        const pl_prior *pr = &p->priors[p->matters[x->matter].priors[x->prior]];
        holder_text(p, x->to, a, sizeof a);
        holder_text(p, pr->by, b, sizeof b);
        if (pr->per != PL_NONE)
            xp_fmt(buf, n, "%s may take it only after approval by %s of the same %s, and the history "
                           "shows none before its date", a, b, p->matters[x->matter].fields[pr->per].name);
        else
            xp_fmt(buf, n, "%s may take it only after approval by %s, and the history shows none before "
                           "its date", a, b);
        return;
    }
    case WHY_NOT_APPROVED:
        holder_text(p, x->to, a, sizeof a);
        holder_text(p, x->sub_approver, b, sizeof b);
        xp_fmt(buf, n, "%s may pass this authority on only if approved by %s, and the decision records no "
                       "such approval given by its date", a, b);
        return;
    case WHY_NO_AUTHORITY:
        holder_text(p, d->decider, a, sizeof a);
        xp_fmt(buf, n, "nothing in the policy gives %s authority for this decision", a);
        return;
    case WHY_CONTRADICTION:
        xp_fmt(buf, n, "two rules disagree about this decision and neither takes precedence "
                         "(a gap in the policy)");
        return;
    case WHY_COSIGN: {
        char au[300];
        authority_of(p, x, au, sizeof au);
        uint32_t ways = missing_signers(p, x->with, d, false, b, sizeof b);
        aside_signers(p, d, a, sizeof a);
        bool several = strstr(b, " and ") || strstr(b, " more ");
        xp_fmt(buf, n, "%s %s used together with %s, %s%s", au, verb(x, "is", "are"), b,
               ways > 1 ? "and none of these has all its co-signatures"
                        : several ? "who have not all co-signed" : "who has not co-signed", a);
        return;
    }
    case WHY_NOT_IN_FORCE: {
        const pl_protocol *pr = &p->protocols[x->protocol];
        const char *t = pr->title && *pr->title ? pr->title : pr->name;
        uint32_t seen[8], nseen = 0;
        char vals[300] = "", day[16];
        if (!ev_cond(p, pr->active, d)) {
            if (values_used(p, d, pr->active, vals, sizeof vals - 1, 0, seen, &nseen))
                strcat(vals, ")");
            xp_fmt(buf, n, "the crisis powers of '%s' are not in force: they apply only when %s%s", t,
                   pr->active_text ? pr->active_text : "their protocol is active", vals);
        } else if (d->activated[x->protocol] != INT64_MIN) {
            lit_format_date(d->activated[x->protocol], day, sizeof day);
            xp_fmt(buf, n, "the crisis powers of '%s' were not yet in force: they were activated on %s",
                   t, day);
        } else {
            xp_fmt(buf, n, "the crisis powers of '%s' are not in force", t);
        }
        return;
    }
    case WHY_SET_ASIDE: {
        holder_text(p, x->to, a, sizeof a);
        uint32_t wi = ev_set_aside_by(p, x, d); /* nearest first, however far up */
        const pl_rule *w = wi != PL_NONE ? &p->rules[wi] : NULL;
        if (w)
            xp_fmt(buf, n, "the authority delegated to %s is set aside here: %s (%s:%u) takes "
                             "precedence", a, w->label ? w->label : "another rule", w->src.file, w->src.line);
        else
            xp_fmt(buf, n, "the authority delegated to %s is set aside by a precedence line", a);
        return;
    }
    case WHY_CONFLICTED: {
        const ev_interest *it = &d->ints[r->amount];
        const pl_conflicts *cf = &p->conflicts[it->block];
        decider_text(p, d, b, sizeof b);
        xp_fmt(buf, n, "%s has an interest of kind '%s' in %s, which this decision concerns, and must "
                         "stand aside (the conflicts rules%s%s)", b, cf->cats[it->category].name,
                 it->subject_name ? it->subject_name : "what it concerns", cf->body != PL_NONE ? " for " : " for every body",
                 cf->body != PL_NONE ? holder_short(p, cf->body) : "");
        return;
    }
    case WHY_INQUORATE:
    case WHY_QUORUM_LOST: {
        const pl_holder *h = &p->holders[d->decider];
        holder_text(p, d->decider, a, sizeof a);
        bool out[EV_MAX_ATTENDEES] = {false};
        char q[900];
        if (r->kind == WHY_QUORUM_LOST)
            ev_set_aside(p, d, out);
        size_t u = quorum_lacks(p, d, out, r->kind == WHY_INQUORATE ? "present" : "taking part", q, sizeof q);
        if (h->quorum_text && u < sizeof q)
            xp_fmt(q + u, sizeof q - u, "; its rule is '%s' (%s:%u)", h->quorum_text, h->quorum_src.file,
                   h->quorum_src.line);
        if (r->kind == WHY_INQUORATE)
        {
            uint32_t all = ev_members(d), away = d->natt - (uint32_t)r->amount;
            uint32_t empty = all > d->natt ? all - d->natt : 0;
            char gone[120] = "";
            if (empty)
                xp_fmt(gone, sizeof gone, "; %u listed absent and %u seat%s with no one in the attendance",
                       away, empty, empty == 1 ? "" : "s");
            xp_fmt(buf, n, "the meeting of %s is not quorate: %lld of its %u member%s %s present%s%s", a,
                   (long long)r->amount, all, all == 1 ? "" : "s", r->amount == 1 ? "is" : "are", gone, q);
        }
        else
        {
            char ref[300] = "";
            if (r->holder != PL_NONE) {
                char to[200];
                holder_text(p, r->holder, to, sizeof to);
                xp_fmt(ref, sizeof ref, "; its conflicts rules refer it to %s, which cannot take it, and "
                                        "no one else may while the meeting is not quorate", to);
            }
            uint32_t present = ev_taking_part(d, NULL);
            xp_fmt(buf, n, "once members with conflicts of interest stand aside, the meeting of %s "
                           "is no longer quorate: %lld of the %u member%s present %s left taking part (%lld set "
                           "aside)%s%s", a, (long long)r->amount, present, present == 1 ? "" : "s",
                   r->amount == 1 || (present == 1 && r->amount == 0) ? "is" : "are",
                   (long long)(present - r->amount), q, ref);
        }
        return;
    }
    case WHY_PRESIDING: {
        const pl_holder *h = &p->holders[d->decider];
        const ev_attendee *in = NULL;
        for (uint32_t i = 0; i < d->natt && !in; i++)
            if (d->att[i].presiding)
                in = &d->att[i];
        if (!in)
            break;
        if (in->person_name)
            xp_fmt(b, sizeof b, "%s (%s)", in->person_name, holder_short(p, in->holder));
        else
            xp_fmt(b, sizeof b, "%s", holder_short(p, in->holder));
        holder_text(p, d->decider, a, sizeof a);
        if (r->amount == 1) {
            xp_fmt(buf, n, "%s, in the chair, has an interest that sets them aside from this decision, "
                           "and so may not preside at the meeting of %s", b, a);
        } else if (r->amount == 2) {
            /* by the role the entry names, or by another the register gives the person */
            uint32_t other = PL_NONE;
            bool own = false;
            for (uint32_t j = 0; j < h->nnever && !own; j++) {
                own = ev_chair_fits(p, &h->never[j], in->holder);
                for (uint32_t k = 0; k < d->nproles && other == PL_NONE; k++)
                    if (ev_chair_fits(p, &h->never[j], d->proles[k]))
                        other = d->proles[k];
            }
            char also[200] = "";
            if (!own && other != PL_NONE)
                xp_fmt(also, sizeof also, ", and the register gives them the role %s too", holder_short(p, other));
            xp_fmt(buf, n, "%s, in the chair, may never preside at a meeting of %s%s; its rule is '%s' "
                           "(%s:%u)", b, a, also, h->never_text, h->never_src.file, h->never_src.line);
        } else {
            const struct pl_chair *c = &h->chairs[(r->amount - 3) / 4];
            char who[200];
            if (c->is_kind)
                xp_fmt(who, sizeof who, "a member of kind '%s'", p->kinds[c->who]);
            else
                holder_text(p, c->who, who, sizeof who);
            xp_fmt(buf, n, "%s was in the chair, but %s was present and taking part, and presides before "
                           "them at a meeting of %s; its rule is '%s' (%s:%u)", b, who, a, h->chairs_text,
                   h->chairs_src.file, h->chairs_src.line);
        }
        return;
    }
    case WHY_EXPIRED: {
        const pl_protocol *pr = &p->protocols[x->protocol];
        char day[16];
        lit_format_date(d->activated[x->protocol] + pr->expires, day, sizeof day);
        xp_fmt(buf, n, "the crisis powers of '%s' expired on %s", pr->title && *pr->title ? pr->title : pr->name, day);
        return;
    }
    }
    xp_fmt(buf, n, "?");
}

static const char *ob_word(pl_ob_kind k)
{
    switch (k) {
    case OB_REPORT: return "report to";
    case OB_RECORD: return "record in";
    case OB_PUBLISH: return "publish";
    case OB_NOTIFY: return "notify";
    case OB_RATIFY: return "ratify by";
    case OB_DECLARE: return "declare";
    }
    return "?";
}

const char *xp_ob_word(pl_ob_kind k) { return ob_word(k); }

/* Obligation ob of rule r, and in *what what it names after its verb
 * ("" for none): due_text's words, and the batch's fragment of them. */
static const pl_obligation *ob_what(const remit_policy *p, uint32_t r, uint32_t ob, const char **what)
{
    const pl_obligation *o = &p->rules[r].obligations[ob];
    *what = o->kind == OB_RECORD ? o->text : o->holder != PL_NONE ? holder_short(p, o->holder) : "";
    return o;
}

void xp_due_text(const remit_policy *p, const ev_decision *d, const ev_due *u, char *buf, size_t n,
                 pl_src *src)
{
    pl_src unused;
    due_text(p, d, u, buf, n, src ? src : &unused);
}

const char *xp_why_word(ev_why_kind k);

static void due_text(const remit_policy *p, const ev_decision *d, const ev_due *u, char *buf,
                     size_t n, pl_src *src)
{
    char day[16] = "";
    if (u->due != INT64_MIN)
        lit_format_date(u->due, day, sizeof day);
    if (u->ob == EV_DECLARE) {
        const ev_interest *x = &d->ints[u->rule];
        const pl_conflicts *cf = &p->conflicts[x->block];
        char who[200];
        interest_holder(p, x, who, sizeof who);
        xp_fmt(buf, n, "declare the interest (kind '%s') of %s by %s", cf->cats[x->category].name,
                 who, day);
        src->file = x->from_register ? "the register" : "the decision's interests";
        src->line = 0;
        return;
    }
    if (u->ob == EV_CONSULT) {
        const pl_rule *r = &p->rules[u->rule];
        xp_fmt(buf, n, "consult %s before deciding (a seat at the table)", holder_short(p, r->to));
        *src = r->src;
        return;
    }
    if (u->ob == PL_NONE) { /* a crisis protocol's ratification */
        const pl_protocol *pr = &p->protocols[u->protocol];
        xp_fmt(buf, n, "have it ratified by %s%s%s", holder_short(p, pr->ratifier),
                 *day ? " by " : "", day);
        *src = pr->ratify_src;
        return;
    }
    const char *what;
    const pl_obligation *o = ob_what(p, u->rule, u->ob, &what);
    char at[160] = ""; /* `at next meeting` (4.18) */
    if (u->meeting == 1 && u->due == ev_next_meeting(d->calendar, o->holder, d->date))
        xp_fmt(at, sizeof at, ", its next meeting");
    else if (u->meeting == 1)
        xp_fmt(at, sizeof at, ", before its next meeting");
    else if (u->meeting)
        xp_fmt(at, sizeof at, "%s at its next meeting (%s)", *day ? " or" : "",
               u->meeting == 2 ? "no calendar of meetings was given" : "the calendar gives none after the decision");
    xp_fmt(buf, n, "%s%s%s%s%s%s", ob_word(o->kind), *what ? " " : "", what, *day ? " by " : "", day, at);
    *src = o->src;
}

/* Deadlines already missed: said whatever the outcome.  *src is the rule
 * that set the deadline. */
static void finding_text(const remit_policy *p, const ev_decision *d, const struct ev_finding *f,
                         char *buf, size_t n, pl_src *src)
{
    char due[16], when[16] = "";
    lit_format_date(f->due, due, sizeof due);
    if (f->kind != EV_LATE_DECLARATION) { /* under crisis powers (7.9) or urgent ones (7.15) */
        /* crisis: the protocol (and, for a report, its grant); urgent: the power */
        const pl_protocol *pr = f->protocol != PL_NONE ? &p->protocols[f->protocol] : NULL;
        const pl_rule *r = f->rule != PL_NONE ? &p->rules[f->rule] : NULL;
        const pl_obligation *b = r ? &r->obligations[f->ob] : NULL;
        lit_format_date(f->date, when, sizeof when);
        const pl_matter *m = &p->matters[f->matter];
        const char *mt = m->title && *m->title ? m->title : m->name, *who = holder_short(p, f->who);
        char what[400];
        if (pr)
            xp_fmt(what, sizeof what, "decision of %s by %s on %s, taken under the crisis powers of '%s'", when,
                   who, mt, pr->title && *pr->title ? pr->title : pr->name);
        else
            xp_fmt(what, sizeof what, "urgent decision of %s by %s on %s, taken for %s", when, who, mt,
                   holder_short(p, r->from));
        char later[80] = ""; /* done, but only after this decision's date */
        if (f->done != INT64_MIN) {
            char day[16], on[16];
            lit_format_date(f->done, day, sizeof day);
            lit_format_date(d->date, on, sizeof on);
            xp_fmt(later, sizeof later, " by %s (it records one on %s)", on, day);
        }
        if (f->kind == EV_REPORT_OVERDUE)
            xp_fmt(buf, n, "the %s, was due to be reported to %s by %s; the history records no report to it%s",
                   what, holder_short(p, b->holder), due, later);
        else
            xp_fmt(buf, n, "the %s, was due to be ratified by %s by %s; the history records no ratification%s",
                   what, holder_short(p, pr ? pr->ratifier : b->holder), due, later);
        *src = b ? b->src : pr->ratify_src;
        return;
    }
    const ev_interest *x = &d->ints[f->index];
    const pl_conflicts *cf = &p->conflicts[x->block];
    char who[200];
    interest_holder(p, x, who, sizeof who);
    if (x->declared != INT64_MIN)
        lit_format_date(x->declared, when, sizeof when);
    xp_fmt(buf, n, "the interest (kind '%s') of %s was due to be declared by %s%s%s",
             cf->cats[x->category].name, who, due,
             *when ? " and was declared on " : " and has not been declared", when);
    *src = cf->declare_src;
}

static const char *const finding_word[] = {"late_declaration", "ratification_overdue", "report_overdue"};

void xp_reason_text(const remit_policy *p, const ev_decision *d, const ev_reason *r, char *buf, size_t n)
{
    reason_text(p, d, r, buf, n);
}

void xp_finding_text(const remit_policy *p, const ev_decision *d, const struct ev_finding *f, char *buf,
                     size_t n, pl_src *src)
{
    pl_src unused;
    finding_text(p, d, f, buf, n, src ? src : &unused);
}

const pl_category *xp_reason_category(const remit_policy *p, const ev_decision *d, const ev_reason *r)
{
    return reason_category(p, d, r);
}

const char *xp_finding_word(unsigned kind) { return finding_word[kind]; }

static void findings_text(FILE *out, const remit_policy *p, const ev_decision *d, const ev_result *r)
{
    char b[600];
    for (uint32_t i = 0; i < r->nfind; i++) {
        pl_src src;
        finding_text(p, d, &r->find[i], b, sizeof b, &src);
        remit_fprintf_escaped(out, "  finding: %s (%s, %s:%u)\n", b,
                r->find[i].kind == EV_LATE_DECLARATION ? "late" : "overdue", src.file, src.line);
    }
    if (r->more_findings)
        remit_fprintf_escaped(out, "  finding: and %u more deadlines missed, not listed\n", r->more_findings);
}

void xp_text(FILE *out, const remit_policy *p, const ev_decision *d, const ev_result *r)
{
    xp_text_outcome(out, p, d, r);
    findings_text(out, p, d, r);
}

static void xp_text_outcome(FILE *out, const remit_policy *p, const ev_decision *d, const ev_result *r)
{
    char a[300], b[XP_TEXT];
    decider_text(p, d, a, sizeof a);
    const pl_matter *m = &p->matters[d->matter];
    char mt[200]; /* the matter as a reader knows it: "Expenditure (spend)" */
    if (m->title && *m->title)
        xp_fmt(mt, sizeof mt, "%s (%s)", m->title, m->name);
    else
        xp_fmt(mt, sizeof mt, "%s", m->name);
    switch (r->outcome) {
    case EV_PERMITTED:
        remit_fprintf_escaped(out, "%s: %s may take this decision on %s.\n", outcome_word[r->outcome], a, mt);
        remit_fprintf_escaped(out, "  chain of authority: ");
        if (r->chain[0] == PL_NONE && r->nchain)
            remit_fprintf_escaped(out, "crisis protocol '%s'", p->protocols[p->rules[r->chain_rules[0]].protocol].name);
        else
            remit_fprintf_escaped(out, "%s", holder_short(p, r->chain[0]));
        for (uint32_t i = 0; i < r->nchain; i++) {
            const pl_rule *link = &p->rules[r->chain_rules[i]];
            remit_fprintf_escaped(out, " \xE2\x86\x92 %s", holder_short(p, r->chain[i + 1]));
            if (link->upto >= 0) { /* the brief's "Chief Executive ≤ £5m" */
                char m1[48];
                lit_format_money(link->upto, m1, sizeof m1);
                remit_fprintf_escaped(out, " \xE2\x89\xA4 %s", m1);
            }
        }
        fputc('\n', out);
        for (uint32_t i = 0; i < r->nchain; i++)
            rule_line(out, p, r->chain_rules[i], "    ");
        for (uint32_t i = 0; i < r->nreasons; i++)
            if (r->reasons[i].kind == WHY_RESERVED) {
                remit_fprintf_escaped(out, "    (a reserved decision, taken by its holder)\n");
                rule_line(out, p, r->reasons[i].rule, "    ");
            } else if (r->reasons[i].kind == WHY_URGENT) {
                reason_text(p, d, &r->reasons[i], b, sizeof b);
                remit_fprintf_escaped(out, "    (%s)\n", b);
                if (r->reasons[i].rule2 < p->nrules)
                    rule_line(out, p, r->reasons[i].rule2, "    ");
            }
        if (r->accountable != PL_NONE)
            remit_fprintf_escaped(out, "  accountable: %s\n", holder_short(p, r->accountable));
        if (r->quorum == 1)
            remit_fprintf_escaped(out, "  quorum: met, counting only members taking part\n");
        if (r->ndue) {
            remit_fprintf_escaped(out, "  obligations:\n");
            for (uint32_t i = 0; i < r->ndue; i++) {
                pl_src src;
                due_text(p, d, &r->dues[i], b, sizeof b, &src);
                if (src.line)
                    remit_fprintf_escaped(out, "    - %s  (%s:%u)\n", b, src.file, src.line);
                else
                    remit_fprintf_escaped(out, "    - %s  (%s)\n", b, src.file);
            }
            if (r->dropped)
                remit_fprintf_escaped(out, "    ... and %u more obligations not listed\n", r->dropped);
        }
        return;
    case EV_ESCALATE:
        holder_text(p, r->target, b, sizeof b);
        remit_fprintf_escaped(out, "%s: %s may not take this decision on %s; it goes to %s.\n",
                              outcome_word[r->outcome], a, mt, b);
        break;
    case EV_REFUSED:
        remit_fprintf_escaped(out, "%s: %s may not take this decision on %s.\n", outcome_word[r->outcome], a, mt);
        break;
    case EV_UNDETERMINED:
        remit_fprintf_escaped(out, "%s: the policy does not settle this decision on %s by %s.\n",
                              outcome_word[r->outcome], mt, a);
        break;
    }
    for (uint32_t i = 0; i < r->nreasons + r->nalso; i++) {
        const ev_reason *x = i < r->nreasons ? &r->reasons[i] : &r->also[i - r->nreasons];
        reason_text(p, d, x, b, sizeof b);
        remit_fprintf_escaped(out, "  %s: %s\n", i < r->nreasons ? "why" : "also", b);
        const pl_category *cat = reason_category(p, d, x);
        if (cat)
            where_line(out, cat->src, cat->text, NULL, "    ");
        if (x->rule < p->nrules)
            rule_line(out, p, x->rule, "    ");
        if (x->rule2 < p->nrules)
            rule_line(out, p, x->rule2, "    ");
    }
}

/* ---------------------------------------------------------------- JSON */

/* The decimal digits of v, at the end of d; returns where they start. */
static size_t udigits(char d[24], unsigned long long v)
{
    size_t n = 24;
    do
        d[--n] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    return n;
}

void xo_uint(xp_out *o, unsigned long long v)
{
    char d[24];
    size_t n = udigits(d, v);
    xo_put(o, d + n, sizeof d - n);
}

/* Eight bytes at p hold nothing that a JSON string must escape ('"',
 * '\\', control characters, DEL). */
static bool xp_plain8(const char *p)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t x;
    memcpy(&x, p, 8);
    uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\'), d = x ^ (ones * 0x7F);
    uint64_t z = ((q - ones) & ~q) | ((b - ones) & ~b) | ((d - ones) & ~d) |
                 ((x - ones * 0x20) & ~x);
    return !(z & high);
}


/* Where, from i, the next byte of the n at s is that a JSON string must
 * escape ('"', '\\', control characters, DEL), or n: sixteen bytes at a
 * step with SSE2, else eight. */
static size_t esc_next(const char *s, size_t i, size_t n)
{
    while (i < n) {
#ifdef XP_SSE2
        if (n - i >= 16) {
            unsigned m = xp_special16(s + i, false);
            if (!m) {
                i += 16;
                continue;
            }
            return i + (size_t)__builtin_ctz(m); /* the first to escape */
        }
#endif
        if (n - i >= 8 && xp_plain8(s + i)) {
            i += 8;
            continue;
        }
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x20 || ch == '"' || ch == '\\' || ch == 0x7F)
            return i;
        i++;
    }
    return n;
}

/* The escape of byte ch (one esc_next stopped at) in e; its length. */
static size_t esc_of(unsigned char ch, char e[6])
{
    static const char hex[] = "0123456789abcdef";
    e[0] = '\\';
    if (ch == '"' || ch == '\\') {
        e[1] = (char)ch;
        return 2;
    }
    if (ch == '\n') {
        e[1] = 'n';
        return 2;
    }
    e[1] = 'u';
    e[2] = '0';
    e[3] = '0';
    e[4] = hex[ch >> 4];
    e[5] = hex[ch & 15];
    return 6;
}

void xp_json_strn(xp_out *o, const char *s, size_t n)
{
    xo_putc(o, '"');
    for (size_t i = 0; i < n;) {
        size_t k = esc_next(s, i, n);
        xo_put(o, s + i, k - i);
        if (k == n)
            break;
        char e[6];
        xo_put(o, e, esc_of((unsigned char)s[k], e));
        i = k + 1;
    }
    xo_putc(o, '"');
}

void xp_json_str(xp_out *o, const char *s) { xp_json_strn(o, s, strlen(s)); }

/* The length of the UTF-8 character at q (its first byte 0x80 or more),
 * or 0 when the bytes there are not one: a stray continuation byte, an
 * overlong form, a surrogate, beyond U+10FFFF, cut short */
static size_t utf8_len(const unsigned char *q)
{
    unsigned c = q[0];
    size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? (c < 0xF0 ? 3 : 0) : c >= 0xC2 ? 2 : 0;
    for (size_t k = 1; k < n; k++)
        if ((q[k] & 0xC0) != 0x80)
            return 0;
    if ((c == 0xE0 && q[1] < 0xA0) || (c == 0xED && q[1] >= 0xA0) || (c == 0xF0 && q[1] < 0x90) ||
        (c == 0xF4 && q[1] >= 0x90))
        return 0;
    return n;
}

void xp_xml_str(xp_out *o, const char *s) { xp_xml_strn(o, s, strlen(s)); }

void xp_xml_strn(xp_out *o, const char *s, size_t len)
{
    if (!len) /* an empty name may have no text at all (s NULL) */
        return;
    const unsigned char *end = (const unsigned char *)s + len;
    for (const unsigned char *q = (const unsigned char *)s; q < end; q++) {
        switch (*q) {
        case '&': xo_puts(o, "&amp;"); break;
        case '<': xo_puts(o, "&lt;"); break;
        case '>': xo_puts(o, "&gt;"); break;
        case '"': xo_puts(o, "&quot;"); break;
        case '\'': xo_puts(o, "&apos;"); break;
        default:
            if (*q < 0x20 && *q != '\t' && *q != '\n' && *q != '\r') {
                static const char hex[] = "0123456789abcdef";
                char u[] = {'\\', 'u', '0', '0', hex[*q >> 4], hex[*q & 15]};
                xo_put(o, u, sizeof u);
            } else if (*q < 0x80) {
                xo_putc(o, (char)*q);
            } else { /* a character of UTF-8 as it is; a byte that begins none, U+FFFD */
                size_t n = utf8_len(q);
                if (n && n <= (size_t)(end - q)) {
                    xo_put(o, (const char *)q, n);
                    q += n - 1;
                } else {
                    xo_puts(o, "\xef\xbf\xbd");
                }
            }
        }
    }
}
static void js(xp_out *o, const char *s) { xp_json_str(o, s); }

bool xp_has_order(ty_kind t)
{
    return t == TY_MONEY || t == TY_NUMBER || t == TY_DAYS || t == TY_PERCENT || t == TY_DATE;
}

static void js_holder(xp_out *o, const remit_policy *p, uint32_t h)
{
    if (h >= p->nholders) {
        xo_puts(o, "null");
        return;
    }
    js(o, p->holders[h].name);
}

/* ---- fragments, and the batch's cache of what records repeat ---- */

/* The JSON string of the n bytes at s, escaped as xp_json_strn escapes
 * them, written at dst unless dst is NULL; returns its length. */
static size_t json_esc(char *dst, const char *s, size_t n)
{
    size_t u = 0;
    if (dst)
        dst[u] = '"';
    u++;
    for (size_t i = 0; i < n;) {
        size_t k = esc_next(s, i, n);
        if (dst)
            memcpy(dst + u, s + i, k - i);
        u += k - i;
        if (k == n)
            break;
        char e[6];
        size_t l = esc_of((unsigned char)s[k], e);
        if (dst)
            memcpy(dst + u, e, l);
        u += l;
        i = k + 1;
    }
    if (dst)
        dst[u] = '"';
    return u + 1;
}

/* JSON on its way to a record (o), or to a fragment: measured (at
 * NULL), then written at at. */
typedef struct xp_fb {
    xp_out *o;
    char *at;
    size_t n;
} xp_fb;

static void fb_put(xp_fb *b, const char *s, size_t l)
{
    if (b->o)
        xo_put(b->o, s, l);
    else if (b->at)
        memcpy(b->at + b->n, s, l);
    b->n += l;
}

static void fb_raw(xp_fb *b, const char *s)
{
    fb_put(b, s, strlen(s));
}

static void fb_str(xp_fb *b, const char *s)
{
    if (b->o)
        js(b->o, s);
    else
        b->n += json_esc(b->at ? b->at + b->n : NULL, s, strlen(s));
}

static void fb_uint(xp_fb *b, unsigned long long v)
{
    char d[24];
    size_t k = udigits(d, v);
    fb_put(b, d + k, sizeof d - k);
}

/* Where a rule (or a conflicts category) is written:
 * {"file":...,"line":...,"text":...} and its label, if any. */
static void fb_where(xp_fb *b, pl_src src, const char *text, const char *label)
{
    fb_raw(b, "{\"file\":");
    fb_str(b, src.file);
    fb_raw(b, ",\"line\":");
    fb_uint(b, src.line);
    fb_raw(b, ",\"text\":");
    fb_str(b, text);
    if (label) {
        fb_raw(b, ",\"label\":");
        fb_str(b, label);
    }
    fb_raw(b, "}");
}

void xp_cache_init(xp_cache *c, rm_arena *a, const remit_policy *p)
{
    c->a = a;
    c->rule = ar_alloc(a, ((size_t)p->nrules + 1) * sizeof *c->rule);
    c->holder = ar_alloc(a, ((size_t)p->nholders + 1) * sizeof *c->holder);
    c->matter = ar_alloc(a, ((size_t)p->nmatters + 1) * sizeof *c->matter);
    c->ob = ar_alloc(a, ((size_t)p->nrules + 1) * sizeof *c->ob);
}

/* Keep the fragment measured and written by fn(b, p, i) in *f. */
static void frag_make(xp_cache *c, xp_frag *f, const remit_policy *p, uint32_t i,
                      void (*fn)(xp_fb *, const remit_policy *, uint32_t))
{
    xp_fb b = {NULL, NULL, 0};
    fn(&b, p, i);
    b.at = ar_alloc_raw(c->a, b.n);
    size_t n = b.n;
    b.n = 0;
    fn(&b, p, i);
    f->s = b.at;
    f->n = (uint32_t)n;
}

static void fb_rule(xp_fb *b, const remit_policy *p, uint32_t r)
{
    const pl_rule *x = &p->rules[r];
    fb_where(b, x->src, x->text, x->label);
}

static void fb_holder(xp_fb *b, const remit_policy *p, uint32_t h)
{
    fb_str(b, p->holders[h].name);
}

static void fb_matter(xp_fb *b, const remit_policy *p, uint32_t m)
{
    fb_str(b, p->matters[m].name);
}

static const xp_frag *frag_rule(xp_cache *c, const remit_policy *p, uint32_t r)
{
    if (!c->rule[r].s)
        frag_make(c, &c->rule[r], p, r, fb_rule);
    return &c->rule[r];
}

/* Is u an obligation a rule writes (its u->ob of rule u->rule), not a
 * declaration of interest (whose u->rule numbers an interest of the
 * decision, not a rule), a consultation or a ratification? */
static bool rule_due(const remit_policy *p, const ev_due *u)
{
    return u->ob < EV_DECLARE && u->rule < p->nrules && u->ob < p->rules[u->rule].nobligations;
}

/* The bytes of obligation u->ob of rule u->rule that do not change from
 * one record to the next: {"text":"report to X (its text, its quotes
 * open) as head, and ,"file":...,"line":N} after it.  An obligation whose
 * text due_text would cut short (its buffer in json_outcome: sizeof b)
 * gets no fragment (n == 0) and is rendered as due_text renders it. */
static void frag_due(xp_cache *c, const remit_policy *p, const ev_due *u)
{
    if (!c->ob[u->rule])
        c->ob[u->rule] = ar_alloc(c->a, p->rules[u->rule].nobligations * sizeof **c->ob);
    xp_frag *f = &c->ob[u->rule][u->ob];
    if (f->s)
        return;
    const char *what;
    const pl_obligation *o = ob_what(p, u->rule, u->ob, &what);
    const char *word = ob_word(o->kind);
    size_t wl = strlen(word), hl = strlen(what);
    if (wl + 1 + hl + sizeof " by " + 16 >= XP_TEXT) {
        f->s = "";
        return;
    }
    char *text = ar_alloc_raw(c->a, wl + 1 + hl + 1);
    memcpy(text, word, wl);
    size_t tl = wl;
    if (hl) {
        text[tl++] = ' ';
        memcpy(text + tl, what, hl);
        tl += hl;
    }
    xp_fb b = {NULL, NULL, 0};
    for (int pass = 0; pass < 2; pass++) { /* measured, then written */
        if (pass)
            b.at = ar_alloc_raw(c->a, b.n), b.n = 0;
        fb_raw(&b, "{\"text\":");
        b.n += json_esc(b.at ? b.at + b.n : NULL, text, tl) - 1; /* its closing quote left off */
        f->head = (uint32_t)b.n;
        fb_raw(&b, ",\"file\":");
        fb_str(&b, o->src.file);
        fb_raw(&b, ",\"line\":");
        fb_uint(&b, o->src.line);
        fb_raw(&b, "}");
    }
    f->s = b.at;
    f->n = (uint32_t)b.n;
}

/* A holder's name; h may be none (PL_NONE), which has no fragment. */
static void frag_holder(xp_cache *c, const remit_policy *p, uint32_t h)
{
    if (h < p->nholders && !c->holder[h].s)
        frag_make(c, &c->holder[h], p, h, fb_holder);
}

/* Render every fragment the record of r needs, before any of it is
 * written: running out of memory then leaves no record half written. */
static void frag_fill(xp_cache *c, const remit_policy *p, const ev_decision *d, const ev_result *r)
{
    if (!c->matter[d->matter].s)
        frag_make(c, &c->matter[d->matter], p, d->matter, fb_matter);
    frag_holder(c, p, d->decider);
    if (r->outcome == EV_ESCALATE)
        frag_holder(c, p, r->target);
    if (r->outcome == EV_PERMITTED) {
        if (!(r->chain[0] == PL_NONE && r->nchain))
            frag_holder(c, p, r->chain[0]);
        for (uint32_t i = 0; i < r->nchain; i++) {
            frag_holder(c, p, r->chain[i + 1]);
            frag_rule(c, p, r->chain_rules[i]);
        }
        frag_holder(c, p, r->accountable);
    }
    for (uint32_t i = 0; r->outcome == EV_PERMITTED && i < r->ndue; i++)
        if (rule_due(p, &r->dues[i]))
            frag_due(c, p, &r->dues[i]);
    for (uint32_t i = 0; i < r->nreasons + r->nalso; i++) {
        const ev_reason *x = i < r->nreasons ? &r->reasons[i] : &r->also[i - r->nreasons];
        if (x->rule < p->nrules)
            frag_rule(c, p, x->rule);
        if (x->rule2 < p->nrules)
            frag_rule(c, p, x->rule2);
    }
}

/* A holder's name as JSON (null for none), from c when there is one. */
static void jc_holder(xp_out *o, const xp_cache *c, const remit_policy *p, uint32_t h)
{
    if (c && h < p->nholders)
        xo_put(o, c->holder[h].s, c->holder[h].n);
    else
        js_holder(o, p, h);
}

static void js_where(xp_out *o, pl_src src, const char *text, const char *label)
{
    xp_fb b = {o, NULL, 0};
    fb_where(&b, src, text, label);
}

static void jc_rule(xp_out *o, const xp_cache *c, const remit_policy *p, uint32_t r)
{
    if (c) {
        xo_put(o, c->rule[r].s, c->rule[r].n);
    } else {
        xp_fb b = {o, NULL, 0};
        fb_rule(&b, p, r);
    }
}

static const char *why_word[] = {
    [WHY_REFUSE_RULE] = "refuse_rule", [WHY_RESERVED] = "reserved",
    [WHY_SIGNATURES] = "signatures", [WHY_CUMULATIVE] = "cumulative_limit",
    [WHY_ESCALATION] = "escalation", [WHY_BOUND] = "outside_delegated_authority",
    [WHY_NO_AUTHORITY] = "no_authority", [WHY_CONTRADICTION] = "contradiction",
    [WHY_NO_ROUTE] = "no_route", [WHY_EXPIRED] = "crisis_powers_expired",
    [WHY_ADVISE_ONLY] = "advice_only", [WHY_JOINT_NEEDS] = "joint_decision",
    [WHY_NO_SUBDELEGATE] = "no_subdelegation", [WHY_CONFLICTED] = "conflicted_decider",
    [WHY_INQUORATE] = "not_quorate", [WHY_QUORUM_LOST] = "quorum_lost_to_conflicts",
    [WHY_COSIGN] = "co_signature_missing", [WHY_SET_ASIDE] = "set_aside_by_precedence",
    [WHY_NOT_IN_FORCE] = "crisis_powers_not_in_force", [WHY_NOT_APPROVED] = "subdelegation_not_approved",
    [WHY_NO_PRIOR] = "prior_approval_missing", [WHY_URGENT] = "urgent_decision",
    [WHY_PRESIDING] = "presiding_not_allowed",
};

const char *xp_why_word(ev_why_kind k) { return why_word[k]; }

void xp_json(FILE *out, const remit_policy *p, const ev_decision *d, const ev_result *r)
{
    xp_json_line(out, p, d, r);
    fputc('\n', out);
}

static void json_outcome(xp_out *o, const remit_policy *p, const ev_decision *d, const ev_result *r,
                         const xp_cache *c);
static void json_changes(xp_out *o, const remit_policy *p, const ev_decision *d, const xp_change *v,
                         uint32_t n, const char *none);

void xp_json_line(FILE *out, const remit_policy *p, const ev_decision *d, const ev_result *r)
{
    xp_out o; /* not an initializer: that would zero the buffer */
    o.f = out;
    o.n = 0;
    json_outcome(&o, p, d, r, NULL);
    xo_flush(&o);
}

void xp_json_record(FILE *out, long lineno, const remit_policy *p, const ev_decision *d,
                    const ev_result *r, xp_cache *c)
{
    if (c)
        frag_fill(c, p, d, r);
    xp_out o; /* not an initializer: that would zero the buffer */
    o.f = out;
    o.n = 0;
    xo_puts(&o, "{\"line\":");
    xo_uint(&o, lineno < 0 ? 0 : (unsigned long long)lineno);
    xo_puts(&o, ",\"result\":");
    json_outcome(&o, p, d, r, c);
    xo_put(&o, "}\n", 2);
    xo_flush(&o);
}

/* ,"file":FILE,"line":LINE: where a rule is written */
static void js_src(xp_out *o, pl_src src)
{
    xo_puts(o, ",\"file\":");
    js(o, src.file);
    xo_puts(o, ",\"line\":");
    xo_uint(o, src.line);
}

/* ,"NAME":[REASON,...]: reasons as JSON (SPEC 7.12) */
static void json_reasons(xp_out *o, const xp_cache *c, const remit_policy *p, const ev_decision *d,
                         const char *name, const ev_reason *v, uint32_t n)
{
    char b[XP_TEXT];
    xo_puts(o, ",\"");
    xo_puts(o, name);
    xo_puts(o, "\":[");
    for (uint32_t i = 0; i < n; i++) {
        reason_text(p, d, &v[i], b, sizeof b);
        xo_puts(o, i ? ",{\"kind\":" : "{\"kind\":");
        js(o, why_word[v[i].kind]);
        xo_puts(o, ",\"message\":");
        js(o, b);
        const pl_category *cat = reason_category(p, d, &v[i]);
        if (cat) {
            xo_puts(o, ",\"rule\":");
            js_where(o, cat->src, cat->text, NULL);
        }
        if (v[i].rule < p->nrules) {
            xo_puts(o, ",\"rule\":");
            jc_rule(o, c, p, v[i].rule);
        }
        if (v[i].rule2 < p->nrules) {
            xo_puts(o, ",\"other_rule\":");
            jc_rule(o, c, p, v[i].rule2);
        }
        xo_putc(o, '}');
    }
    xo_putc(o, ']');
}

static void json_outcome(xp_out *o, const remit_policy *p, const ev_decision *d, const ev_result *r,
                         const xp_cache *c)
{
    char b[XP_TEXT];
    xo_puts(o, "{\"schema\":\"remit.outcome/2\",\"outcome\":");
    js(o, outcome_word[r->outcome]);
    xo_puts(o, ",\"matter\":");
    if (c)
        xo_put(o, c->matter[d->matter].s, c->matter[d->matter].n);
    else
        js(o, p->matters[d->matter].name);
    xo_puts(o, ",\"decider\":");
    jc_holder(o, c, p, d->decider);
    if (d->decider_name) {
        xo_puts(o, ",\"decider_person\":");
        js(o, d->decider_name);
    }
    if (r->outcome == EV_ESCALATE) {
        xo_puts(o, ",\"escalate_to\":");
        jc_holder(o, c, p, r->target);
    }
    if (r->outcome == EV_PERMITTED) {
        xo_puts(o, ",\"chain\":[");
        if (r->chain[0] == PL_NONE && r->nchain) {
            xo_puts(o, "{\"protocol\":");
            js(o, p->protocols[p->rules[r->chain_rules[0]].protocol].name);
            xo_putc(o, '}');
        } else {
            xo_puts(o, "{\"holder\":");
            jc_holder(o, c, p, r->chain[0]);
            xo_putc(o, '}');
        }
        for (uint32_t i = 0; i < r->nchain; i++) {
            xo_puts(o, ",{\"holder\":");
            jc_holder(o, c, p, r->chain[i + 1]);
            xo_puts(o, ",\"rule\":");
            jc_rule(o, c, p, r->chain_rules[i]);
            xo_putc(o, '}');
        }
        xo_puts(o, "],\"accountable\":");
        jc_holder(o, c, p, r->accountable);
        xo_puts(o, ",\"obligations\":[");
        for (uint32_t i = 0; i < r->ndue; i++) {
            const ev_due *u = &r->dues[i];
            if (i)
                xo_putc(o, ',');
            const xp_frag *f = c && rule_due(p, u) ? &c->ob[u->rule][u->ob] : NULL;
            if (f && f->n) { /* the same bytes as below, the policy's from the cache */
                xo_put(o, f->s, f->head);
                if (u->due != INT64_MIN) {
                    char day[16];
                    lit_format_date(u->due, day, sizeof day);
                    size_t dl = strlen(day);
                    xo_put(o, " by ", 4);
                    xo_put(o, day, dl);
                    xo_put(o, "\",\"due\":\"", 9);
                    xo_put(o, day, dl);
                }
                xo_putc(o, '"');
                xo_put(o, f->s + f->head, f->n - f->head);
                continue;
            }
            pl_src src;
            due_text(p, d, u, b, sizeof b, &src);
            xo_puts(o, "{\"text\":");
            js(o, b);
            if (u->due != INT64_MIN) {
                char day[16];
                lit_format_date(u->due, day, sizeof day);
                xo_puts(o, ",\"due\":");
                js(o, day);
            }
            js_src(o, src);
            xo_putc(o, '}');
        }
        xo_putc(o, ']');
    }
    if (r->nfind) {
        xo_puts(o, ",\"findings\":[");
        for (uint32_t i = 0; i < r->nfind; i++) {
            char due[16];
            pl_src src;
            finding_text(p, d, &r->find[i], b, sizeof b, &src);
            lit_format_date(r->find[i].due, due, sizeof due);
            xo_puts(o, i ? ",{\"kind\":" : "{\"kind\":");
            js(o, finding_word[r->find[i].kind]);
            xo_puts(o, ",\"due\":");
            js(o, due);
            xo_puts(o, ",\"message\":");
            js(o, b);
            js_src(o, src);
            xo_putc(o, '}');
        }
        xo_putc(o, ']');
    }
    if (r->more_findings) {
        xo_puts(o, ",\"more_findings\":");
        xo_uint(o, r->more_findings);
    }
    json_reasons(o, c, p, d, "reasons", r->reasons, r->nreasons);
    if (r->nalso)
        json_reasons(o, c, p, d, "also", r->also, r->nalso);
    xo_putc(o, '}');
}

/* ------------------------------------------- what would make it permitted */

/* ", if also signed by A, B and 6 signatories holding C": each holder
 * once, in the order first named, with the number of times it is. */
static size_t holders_text(const remit_policy *p, const uint32_t *added, uint32_t nadded, const char *lead,
                           const char *many, char *buf, size_t n)
{
    size_t u = 0;
    if (n)
        buf[0] = '\0';
    uint32_t distinct = 0, said = 0;
    for (uint32_t k = 0; k < nadded; k++) {
        bool again = false;
        for (uint32_t j = 0; j < k && !again; j++)
            again = added[j] == added[k];
        distinct += !again;
    }
    for (uint32_t k = 0; k < nadded && u < n; k++) {
        bool again = false;
        uint32_t same = 1;
        for (uint32_t j = 0; j < k && !again; j++)
            again = added[j] == added[k];
        if (again)
            continue;
        for (uint32_t j = k + 1; j < nadded; j++)
            same += added[j] == added[k];
        char c[300];
        holder_text(p, added[k], c, sizeof c);
        said++;
        u += (size_t)xp_fmt(buf + u, n - u, "%s", said == 1 ? lead : said < distinct ? ", " : " and ");
        if (same > 1 && u < n)
            u += (size_t)xp_fmt(buf + u, n - u, "%u %s holding ", same, many);
        if (u < n)
            u += (size_t)xp_fmt(buf + u, n - u, "%s", c);
    }
    return u;
}

static size_t signers_text(const remit_policy *p, const uint32_t *added, uint32_t nadded, const char *lead,
                           char *buf, size_t n)
{
    return holders_text(p, added, nadded, lead, "signatories", buf, n);
}

void xp_change_value(const remit_policy *p, uint32_t matter, uint32_t field, int64_t v, char *buf, size_t n)
{
    xp_value_text(p, &p->matters[matter].fields[field], v, false, buf, n);
}

/* One part of a change in words, from "if ..." (after the first part,
 * from what follows "if "). */
static size_t part_text(const remit_policy *p, uint32_t matter, const xp_change *x, bool first, char *buf,
                        size_t n)
{
    char h[300], v[48], w[48];
    const char *if_ = first ? "if " : "";
    buf[0] = '\0';
    switch (x->kind) {
    case XP_CO_SIGN:
        return signers_text(p, x->added, x->nadded, first ? "if it were also signed by " : "it were also signed by ",
                            buf, n);
    case XP_FIELD: {
        const pl_field *f = &p->matters[matter].fields[x->field];
        bool order = xp_has_order(f->type);
        const char *side = !order ? "" : f->type == TY_DATE ? (x->value < x->was ? "on or before " : "on or after ")
                                                            : (x->value < x->was ? "at most " : "at least ");
        xp_change_value(p, matter, x->field, x->value, v, sizeof v);
        xp_change_value(p, matter, x->field, x->was, w, sizeof w);
        return (size_t)xp_fmt(buf, n, "%s%s were %s%s (here %s)", if_, f->name, side, v, w);
    }
    case XP_PRESENT:
        return holders_text(p, x->added, x->nadded, first ? "if these members listed absent were present: "
                                                          : "these members listed absent were present: ",
                            "members", buf, n);
    case XP_SEATS:
        return holders_text(p, x->added, x->nadded, first ? "if members filling these empty seats were present: "
                                                          : "members filling these empty seats were present: ",
                            "members", buf, n);
    case XP_PRESIDING:
        holder_text(p, x->holder, h, sizeof h);
        if (x->person)
            return (size_t)xp_fmt(buf, n, "%s%s, %s, presided instead", if_, x->person, h);
        return (size_t)xp_fmt(buf, n, "%s%s presided instead", if_, h);
    case XP_DECIDER:
    case XP_MEETING: {
        holder_text(p, x->holder, h, sizeof h);
        size_t u = (size_t)xp_fmt(buf, n, x->kind == XP_MEETING ? "%s%s took it instead, at a quorate "
                                  "meeting whose attendance the decision gives" : "%s%s took it instead", if_, h);
        if (u < n)
            u += signers_text(p, x->added, x->nadded, ", also signed by ", buf + u, n - u);
        return u;
    }
    }
    return 0;
}

void xp_change_text(const remit_policy *p, uint32_t matter, const xp_change *x, char *buf, size_t n)
{
    size_t u = 0;
    if (n)
        buf[0] = '\0';
    for (const xp_change *y = x; y && u < n; y = y->next) {
        if (y != x)
            u += (size_t)xp_fmt(buf + u, n - u, "%s", ", and ");
        if (u < n)
            u += part_text(p, matter, y, y == x, buf + u, n - u);
    }
}

static void changes_text(FILE *out, const remit_policy *p, uint32_t matter, const xp_change *v, uint32_t n,
                         const char *none)
{
    char b[XP_TEXT];
    if (!n) {
        remit_fprintf_escaped(out, "  what would make it permitted: nothing Remit could find: %s\n",
                              none ? none : "no change it tried would do");
        return;
    }
    remit_fprintf_escaped(out, "  what would make it permitted (each checked by evaluating the decision "
                               "so changed):\n");
    for (uint32_t i = 0; i < n; i++) {
        xp_change_text(p, matter, &v[i], b, sizeof b);
        remit_fprintf_escaped(out, "    - %s\n", b);
    }
}

void xp_text_why(FILE *out, const remit_policy *p, const ev_decision *d, const ev_result *r,
                 const xp_change *v, uint32_t n, bool asked, const char *none)
{
    xp_text_outcome(out, p, d, r);
    if (asked && r->outcome != EV_PERMITTED)
        changes_text(out, p, d->matter, v, n, none);
    findings_text(out, p, d, r);
}

static void json_names(xp_out *o, const remit_policy *p, const uint32_t *h, uint32_t n)
{
    xo_putc(o, '[');
    for (uint32_t k = 0; k < n; k++) {
        if (k)
            xo_putc(o, ',');
        js(o, p->holders[h[k]].name);
    }
    xo_putc(o, ']');
}

/* One change (or part) as JSON: {"change": KIND, ...}. */
static void json_change(xp_out *o, const remit_policy *p, const ev_decision *d, const xp_change *x, bool whole)
{
    static const char *const kind[] = {"co_signatories", "field",        "decider", "decider_at_meeting",
                                       "present",        "seats_filled", "presiding"};
    char b[XP_TEXT], m[48];
    xo_puts(o, "{\"change\":");
    if (whole && x->next) { /* parts made together */
        js(o, "together");
        xo_puts(o, ",\"changes\":[");
        for (const xp_change *y = x; y; y = y->next) {
            if (y != x)
                xo_putc(o, ',');
            json_change(o, p, d, y, false);
        }
        xo_putc(o, ']');
        xp_change_text(p, d->matter, x, b, sizeof b);
    } else {
        js(o, kind[x->kind]);
        if (x->kind == XP_FIELD) {
            xo_puts(o, ",\"field\":");
            js(o, p->matters[d->matter].fields[x->field].name);
            xp_change_value(p, d->matter, x->field, x->value, m, sizeof m);
            xo_puts(o, ",\"value\":");
            js(o, m);
            xp_change_value(p, d->matter, x->field, x->was, m, sizeof m);
            xo_puts(o, ",\"was\":");
            js(o, m);
        }
        if (x->kind == XP_DECIDER || x->kind == XP_MEETING) {
            xo_puts(o, ",\"decider\":");
            js(o, p->holders[x->holder].name);
        }
        if (x->kind == XP_PRESIDING) {
            xo_puts(o, ",\"presiding\":");
            js(o, p->holders[x->holder].name);
            if (x->person) {
                xo_puts(o, ",\"person\":");
                js(o, x->person);
            }
        } else if (x->kind != XP_FIELD) {
            xo_puts(o, x->kind == XP_PRESENT ? ",\"present_added\":"
                       : x->kind == XP_SEATS ? ",\"seats_filled\":"
                                             : ",\"co_signatories_added\":");
            json_names(o, p, x->added, x->nadded);
        }
        xp_change alone = *x;
        alone.next = NULL;
        xp_change_text(p, d->matter, &alone, b, sizeof b);
    }
    xo_puts(o, ",\"message\":");
    js(o, b);
    xo_putc(o, '}');
}

static void json_changes(xp_out *o, const remit_policy *p, const ev_decision *d, const xp_change *v,
                         uint32_t n, const char *none)
{
    xo_puts(o, ",\"permitted_if\":[");
    for (uint32_t i = 0; i < n; i++) {
        if (i)
            xo_putc(o, ',');
        json_change(o, p, d, &v[i], true);
    }
    xo_putc(o, ']');
    if (!n && none) {
        xo_puts(o, ",\"why_none\":");
        js(o, none);
    }
}

void xp_json_why(FILE *out, const remit_policy *p, const ev_decision *d, const ev_result *r,
                 const xp_change *v, uint32_t n, bool asked, const char *none)
{
    xp_out o; /* not an initializer: that would zero the buffer */
    o.f = out;
    o.n = 0;
    json_outcome(&o, p, d, r, NULL);
    if (asked && r->outcome != EV_PERMITTED) {
        o.n--; /* the outcome's closing brace, written again after */
        json_changes(&o, p, d, v, n, none);
        xo_putc(&o, '}');
    }
    xo_putc(&o, '\n');
    xo_flush(&o);
}

/* ---------------------------------------------------------- remit who */

/* "Expenditure (spend)" */
static void matter_text(const remit_policy *p, uint32_t matter, char *buf, size_t n)
{
    const pl_matter *m = &p->matters[matter];
    if (m->title && *m->title)
        xp_fmt(buf, n, "%s (%s)", m->title, m->name);
    else
        xp_fmt(buf, n, "%s", m->name);
}

void xp_who_text(FILE *out, const remit_policy *p, uint32_t matter, uint32_t considered,
                 const xp_who_entry *v, uint32_t n, uint32_t nunsettled)
{
    char mt[200], h[300];
    matter_text(p, matter, mt, sizeof mt);
    if (!n)
        remit_fprintf_escaped(out, "no one can take this decision on %s as it is written (%u holders "
                                   "tried)\n", mt, considered);
    else
        remit_fprintf_escaped(out, "who can take this decision on %s: %u of the %u holders, lowest "
                                   "first\n", mt, n, considered);
    for (uint32_t i = 0; i < n; i++) {
        holder_text(p, v[i].holder, h, sizeof h);
        fputc('\n', out);
        remit_fprintf_escaped(out, "%u. %s", i + 1, h);
        char c[XP_TEXT];
        signers_text(p, v[i].added, v[i].nadded, ", if also signed by ", c, sizeof c);
        remit_fprintf_escaped(out, "%s", c);
        fputc('\n', out);
        xp_text(out, p, v[i].d, v[i].r);
    }
    if (nunsettled) {
        fputc('\n', out);
        remit_fprintf_escaped(out, "the decision does not say enough to tell whether %u more can take it:\n",
                              nunsettled);
    }
    for (uint32_t i = n; i < n + nunsettled; i++) {
        holder_text(p, v[i].holder, h, sizeof h);
        remit_fprintf_escaped(out, "- %s: %s\n", h, v[i].unsettled);
    }
}

void xp_who_json(FILE *out, const remit_policy *p, uint32_t matter, uint32_t considered,
                 const xp_who_entry *v, uint32_t n, uint32_t nunsettled)
{
    xp_out o; /* not an initializer: that would zero the buffer */
    o.f = out;
    o.n = 0;
    xo_puts(&o, "{\"schema\":\"remit.who/1\",\"matter\":");
    js(&o, p->matters[matter].name);
    xo_puts(&o, ",\"considered\":");
    xo_uint(&o, considered);
    xo_puts(&o, ",\"holders\":[");
    for (uint32_t i = 0; i < n; i++) {
        xo_puts(&o, i ? ",{\"holder\":" : "{\"holder\":");
        js(&o, p->holders[v[i].holder].name);
        xo_puts(&o, ",\"co_signatories_added\":");
        json_names(&o, p, v[i].added, v[i].nadded);
        xo_puts(&o, ",\"outcome\":");
        json_outcome(&o, p, v[i].d, v[i].r, NULL);
        xo_putc(&o, '}');
    }
    xo_puts(&o, "],\"unsettled\":[");
    for (uint32_t i = n; i < n + nunsettled; i++) {
        xo_puts(&o, i > n ? ",{\"holder\":" : "{\"holder\":");
        js(&o, p->holders[v[i].holder].name);
        xo_puts(&o, ",\"message\":");
        js(&o, v[i].unsettled);
        xo_putc(&o, '}');
    }
    xo_puts(&o, "]}\n");
    xo_flush(&o);
}
