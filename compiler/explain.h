/*
 * explain.h - rendering an outcome as text or JSON, and the escaping of
 * text and JSON strings that every rendering shares.
 */
#ifndef REMIT_EXPLAIN_H
#define REMIT_EXPLAIN_H

#include <stdio.h>
#include <string.h>

#include "policy.h"

/* A record on its way out: the JSON is gathered here and handed to stdio
 * in one fwrite when the buffer fills or the record ends, instead of a
 * call per fragment and per character. */
typedef struct xp_out {
    FILE *f;
    size_t n;
    char buf[4096];
} xp_out;

static inline void xo_flush(xp_out *o)
{
    if (o->n)
        fwrite(o->buf, 1, o->n, o->f);
    o->n = 0;
}

static inline void xo_put(xp_out *o, const char *s, size_t n)
{
    if (n > sizeof o->buf - o->n) {
        xo_flush(o);
        if (n > sizeof o->buf) {
            fwrite(s, 1, n, o->f);
            return;
        }
    }
    memcpy(o->buf + o->n, s, n);
    o->n += n;
}

void xo_uint(xp_out *o, unsigned long long v); /* in decimal, without snprintf */

static inline void xo_puts(xp_out *o, const char *s)
{
    xo_put(o, s, strlen(s));
}

static inline void xo_putc(xp_out *o, char c)
{
    if (o->n == sizeof o->buf)
        xo_flush(o);
    o->buf[o->n++] = c;
}

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#define XP_SSE2 1
/* Of the sixteen bytes at p, as bits: those a JSON string does not hold
 * as they are ('"', '\\', control characters, DEL), and with `high`
 * every byte above ASCII too (the JSON reader checks those itself).
 * SSE2, which every x86-64 has, sees sixteen bytes in a few steps. */
static inline unsigned xp_special16(const char *p, bool high)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i z = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
                             _mm_cmpeq_epi8(x, _mm_set1_epi8('\\')));
    z = _mm_or_si128(z, _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7F)));
    if (high) /* signed: below 0x20, or 0x80 and above */
        z = _mm_or_si128(z, _mm_cmplt_epi8(x, _mm_set1_epi8(0x20)));
    else /* below 0x20: the smaller of x and 0x1F is x */
        z = _mm_or_si128(z, _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1F)), x));
    return (unsigned)_mm_movemask_epi8(z);
}
#endif

/* A JSON string of n bytes at s (no NUL needed): '"' and '\\' escaped,
 * a line end as \n, any other control character and DEL as \u00XX; runs
 * of characters that need no escape are copied whole.  The one escaping
 * of every JSON Remit writes (outcomes, diagnostics, the export). */
void xp_json_strn(xp_out *o, const char *s, size_t n);
void xp_json_str(xp_out *o, const char *s); /* the same, of a NUL-terminated string */
/* Text for XML or HTML (an attribute's value, or content): the five
 * characters XML reserves as entities, a control character XML 1.0
 * cannot carry written as the text "\u00XX", and a byte that is not
 * UTF-8 as U+FFFD. */
void xp_xml_str(xp_out *o, const char *s);
void xp_xml_strn(xp_out *o, const char *s, size_t n); /* the same, of n bytes at s */
/* Is a value of type t one of a line (money, a number, a length of time,
 * a percentage, a date), searched for a boundary (7.17, 11.10)? */
bool xp_has_order(ty_kind t);

/* Text for a terminal (SPEC 7.12): the one escaping of what Remit prints
 * as text (outcomes, diagnostics, `remit test`).  remit_fprintf_escaped
 * and remit_escape (remit.h) are built on these. */
#define XP_ESC_MAX 8 /* the longest escape, "\u202e", and room to spare */
/* How the character at s (n > 0 bytes) is shown: its length in bytes goes
 * to *len; returns 0 when it is shown as itself, else the length of its
 * escape, written to esc.  keep_tab shows a tab as itself (the source line
 * under a diagnostic, whose caret line copies tabs). */
unsigned xp_esc_char(const char *s, size_t n, bool keep_tab, size_t *len, char esc[XP_ESC_MAX]);
/* The n bytes at s written to out as xp_esc_char shows them; returns the
 * number of bytes written. */
size_t xp_esc_write(FILE *out, const char *s, size_t n, bool keep_tab);

const char *xp_outcome_word(ev_outcome o);
/* The outcome a word names (len bytes at s), or -1: "refused" is EV_REFUSED. */
int xp_outcome_of(const char *s, size_t len);
void xp_text(FILE *out, const remit_policy *p, const ev_decision *d, const ev_result *r);
void xp_json(FILE *out, const remit_policy *p, const ev_decision *d, const ev_result *r);
/* The same without the final newline, to embed in a batch record. */
void xp_json_line(FILE *out, const remit_policy *p, const ev_decision *d, const ev_result *r);
/* A batch's JSON of what does not change from one record to the next:
 * each rule's {"file":...,"line":...,"text":...} and each holder's and
 * matter's name as a JSON string, rendered once, the first time a record
 * needs it, into the arena a (the batch's, which outlives its lines).
 * A record then copies them instead of escaping them again. */
typedef struct xp_frag {
    const char *s;           /* NULL until rendered */
    uint32_t n;
    uint32_t head;           /* an obligation's: the bytes before its deadline */
} xp_frag;

typedef struct xp_cache {
    rm_arena *a;
    xp_frag *rule, *holder, *matter; /* p->nrules, p->nholders, p->nmatters */
    xp_frag **ob;            /* per rule, NULL or one per obligation of it:
                                {"text":"report to X  and  ,"file":...,"line":N}
                                (head bytes, then the rest), or n == 0 for
                                one too long to be given whole (due_text) */
} xp_cache;

/* An empty cache for policy p, its tables in a. */
void xp_cache_init(xp_cache *c, rm_arena *a, const remit_policy *p);

/* A whole batch record, {"line":N,"result":...}, and its newline, in one
 * write to out; the policy's fragments from c, which may be NULL. */
void xp_json_record(FILE *out, long lineno, const remit_policy *p, const ev_decision *d,
                    const ev_result *r, xp_cache *c);

/* The verb of an obligation: "report to", "record in", "publish"... */
const char *xp_ob_word(pl_ob_kind k);
/* An obligation as text ("report to ICB Board by 2026-12-20"). */
void xp_due_text(const remit_policy *p, const ev_decision *d, const ev_due *u, char *buf, size_t n,
                 pl_src *src);
/* The value v of field f as written: in an explanation ("£1,500,000",
 * "{ a, b }", a text the policy writes, quoted, and "" for any other), or
 * (as_input) as YAML input takes it ("\"£1,500,000\"", "[a, b]", and
 * "Example Ltd" for a text the policy does not write, SPEC 8.2). */
void xp_value_text(const remit_policy *p, const pl_field *f, int64_t v, bool as_input, char *buf,
                   size_t n);
/* The JSON name of a kind of reason ("reserved"). */
const char *xp_why_word(ev_why_kind k);

/* What would make a decision permitted (`remit eval --why-not`, SPEC
 * 7.17): one change, found by evaluating the decision with it; a change
 * of several parts made together links them by next. */
typedef enum {
    XP_CO_SIGN, XP_FIELD, XP_DECIDER, XP_MEETING, XP_PRESENT, XP_SEATS, XP_PRESIDING
} xp_change_kind;
typedef struct xp_change {
    xp_change_kind kind;
    uint32_t field;              /* XP_FIELD: the matter's field */
    int64_t value, was;          /* XP_FIELD: the value that would do; the decision's:
                                    for a field with an order, the nearest that does on
                                    one side ("at most", "at least"); for a score, a
                                    choice or a yes/no, the nearest that does */
    uint32_t holder;             /* XP_DECIDER: who would take it instead; XP_MEETING: the
                                    body that would, at a meeting the decision must give;
                                    XP_PRESIDING: the role of the member who would preside */
    const char *person;          /* XP_PRESIDING: that member's name, NULL when not given */
    uint32_t nadded;             /* co-signatories to add (XP_CO_SIGN, XP_DECIDER); XP_PRESENT:
                                    the roles of the members listed absent to be present;
                                    XP_SEATS: the roles of the empty seats to fill;
                                    XP_PRESIDING: the one role of holder */
    const uint32_t *added;
    const struct xp_change *next; /* the next part, made together with this one; NULL */
} xp_change;
/* The change in words: "if Chief Executive (ceo) also signed". */
void xp_change_text(const remit_policy *p, uint32_t matter, const xp_change *x, char *buf, size_t n);
/* A field's value as a change says it: money "£1,000", a choice "revenue". */
void xp_change_value(const remit_policy *p, uint32_t matter, uint32_t field, int64_t v, char *buf, size_t n);
/* The outcome as xp_text and xp_json give it, with the changes found
 * (asked: --why-not was given, so an empty list is said too, with none:
 * why no change was found). */
void xp_text_why(FILE *out, const remit_policy *p, const ev_decision *d, const ev_result *r,
                 const xp_change *v, uint32_t n, bool asked, const char *none);
void xp_json_why(FILE *out, const remit_policy *p, const ev_decision *d, const ev_result *r,
                 const xp_change *v, uint32_t n, bool asked, const char *none);

/* `remit who` (SPEC 7.16): one holder tried in the decision's place.
 * Those that can take it carry their decision and outcome (permitted),
 * with the co-signatories added to the decision's; those the decision
 * says too little for carry the message of their first fault. */
typedef struct xp_who_entry {
    uint32_t holder;
    uint32_t nadded;
    const uint32_t *added;
    const ev_decision *d;        /* NULL for one unsettled */
    const ev_result *r;
    const char *unsettled;       /* the message, or NULL */
} xp_who_entry;
/* The answer as text and as one remit.who/1 JSON document: the n that
 * can take it, lowest first, then nunsettled more; each ends in '\n'. */
void xp_who_text(FILE *out, const remit_policy *p, uint32_t matter, uint32_t considered,
                 const xp_who_entry *v, uint32_t n, uint32_t nunsettled);
void xp_who_json(FILE *out, const remit_policy *p, uint32_t matter, uint32_t considered,
                 const xp_who_entry *v, uint32_t n, uint32_t nunsettled);
/* A reason's sentence, as the text explanation gives it. */
void xp_reason_text(const remit_policy *p, const ev_decision *d, const ev_reason *r, char *buf, size_t n);
/* A finding's sentence, and the JSON name of its kind. */
void xp_finding_text(const remit_policy *p, const ev_decision *d, const struct ev_finding *f, char *buf,
                     size_t n, pl_src *src);
/* The conflicts category a conflicted decider's reason stands on (its
 * `rule` in JSON), or NULL for any other reason. */
const pl_category *xp_reason_category(const remit_policy *p, const ev_decision *d, const ev_reason *r);
const char *xp_finding_word(unsigned kind);

#endif
