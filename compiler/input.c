/*
 * input.c - decisions and histories, typed against a compiled policy
 * (SPEC.md 7.1).  The reader (yamlin.c) gives a tree with positions; here
 * every key is checked, every value is converted exactly (money to pence,
 * dates to days, choices to indices, text to interned ids), and every
 * fault is reported at its node, all of them in one pass.  Prefix in_.
 */
#include <assert.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"

/* Bounds on numbers and lengths of time in inputs: far beyond any real
 * decision, and small enough that a condition's sums cannot overflow. */
#define IN_MAX_NUMBER RM_NUMBER_MAX
#define IN_MAX_DAYS   RM_DAYS_COUNT_MAX

/* ------------------------------------------------------------- messages */

static void in_error(in_ctx *c, const yi_node *n, const char *code, const char *hint,
                     const char *fmt, ...) RM_PRINTF(5, 6);

static void in_error(in_ctx *c, const yi_node *n, const char *code, const char *hint,
                     const char *fmt, ...)
{
    if (c->quiet) { /* counted only: no one reads it */
        c->errors++;
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    char *msg = ar_vprintf(&c->s->arena, fmt, ap);
    va_end(ap);
    dg_item *d = dg_error(c->s, n->loc, code, "%s", msg);
    if (hint)
        dg_hint(c->s, d, "%s", hint);
    c->errors++;
}

static const char *closest(const char *const *names, uint32_t n, const char *w, size_t wl)
{
    const char *best = NULL;
    unsigned bd = wl <= 2 ? 0 : wl <= 4 ? 1 : wl <= 7 ? 2 : 3;
    for (uint32_t i = 0; i < n; i++) {
        unsigned d = rm_edit_distance(w, wl, names[i], strlen(names[i]));
        if (d <= bd) {
            bd = d;
            best = names[i];
        }
    }
    return best;
}

/* ------------------------------------------------------------- names */

/* Every name a decision is looked up by (its keys, the policy's matters,
 * roles and bodies, protocols, tiers, each list of fields and of choices)
 * is hashed once, in in_init, by the list it belongs to and its text: so
 * a name costs one probe, whatever the size of the scheme, and the table
 * is only read after, shared by every line of a batch. */
struct in_name {
    const void *list;            /* NULL: an empty slot */
    const char *s;
    uint64_t key;                /* name_key */
    uint32_t len, index;         /* index: its place in list */
};

/* Names are short, so they are hashed and compared a word at a time,
 * never reading outside their len bytes: bytes [i, i + 8) for each i that
 * leaves more than 8, then the last 8 (overlapping); a name of 8 bytes or
 * fewer is one word that holds every byte of it (with its length, the
 * word tells names apart). */
static inline uint64_t short_word(const char *s, uint32_t len)
{
    if (len >= 4) {
        uint32_t x, y;
        memcpy(&x, s, 4);
        memcpy(&y, s + len - 4, 4);
        return (uint64_t)x << 32 | y;
    }
    if (!len)
        return 0;
    return (uint64_t)(unsigned char)s[0] << 16 | (uint64_t)(unsigned char)s[len / 2] << 8 |
           (unsigned char)s[len - 1];
}

static inline uint64_t word8(const char *s)
{
    uint64_t w;
    memcpy(&w, s, 8);
    return w;
}

#define NAME_MUL UINT64_C(0x9E3779B97F4A7C15)

/* name_in is a few instructions, called for most keys and values of a
 * decision: a call would cost as much again */
#if defined(__GNUC__)
#define IN_INLINE inline __attribute__((always_inline))
#else
#define IN_INLINE inline
#endif

/* A name's key: its one word, or for a longer name a hash of its words
 * (then its bytes are compared too), its high half folded into its low
 * (a product's low bits are those of its factors' low bits alone: names
 * that differ only in their last bytes, "Supplier 001033", would share
 * their slots' bits and probe some fifty slots each) */
static uint64_t long_key(const char *s, uint32_t len)
{
    uint64_t h = len;
    for (uint32_t i = 0; i + 8 < len; i += 8)
        h = ((h ^ word8(s + i)) * NAME_MUL) ^ h >> 31;
    h = (h ^ word8(s + len - 8)) * NAME_MUL;
    return h ^ h >> 32;
}

static inline uint64_t name_key(const char *s, uint32_t len)
{
    return len <= 8 ? short_word(s, len) : long_key(s, len);
}

static inline uint32_t name_slot(const void *list, uint64_t key, uint32_t len)
{
    uint64_t h = (key ^ ((uint64_t)(uintptr_t)list + len)) * NAME_MUL;
    return (uint32_t)(h >> 32);
}

static bool same_bytes(const char *a, const char *b, uint32_t len)
{
    for (uint32_t i = 0; i + 8 < len; i += 8)
        if (word8(a + i) != word8(b + i))
            return false;
    return word8(a + len - 8) == word8(b + len - 8);
}

/* The place of the name s (len bytes) in list, which has n names;
 * PL_NONE when it is none of them.  (An empty list may share its address
 * with another list: n rules its names out.) */
static IN_INLINE uint32_t name_in(const in_ctx *c, const void *list, uint32_t n, const char *s, uint32_t len)
{
    uint64_t key = name_key(s, len);
    uint32_t mask = c->namecap - 1;
    for (uint32_t i = name_slot(list, key, len) & mask; c->namev[i].list; i = (i + 1) & mask) {
        const struct in_name *e = &c->namev[i];
        if (e->key == key && e->list == list && e->len == len && (len <= 8 || same_bytes(e->s, s, len)))
            return e->index < n ? e->index : PL_NONE;
    }
    return PL_NONE;
}

/* Add name s as number index of list; the first of a name stays. */
static void name_add(in_ctx *c, const void *list, const char *s, uint32_t index)
{
    uint32_t len = (uint32_t)strlen(s), mask = c->namecap - 1;
    if (name_in(c, list, UINT32_MAX, s, len) != PL_NONE)
        return;
    uint64_t key = name_key(s, len);
    uint32_t i = name_slot(list, key, len) & mask;
    while (c->namev[i].list)
        i = (i + 1) & mask;
    c->namev[i] = (struct in_name){.list = list, .s = s, .key = key, .len = len, .index = index};
}



/* ------------------------------------------------------------- holders */

static uint32_t holder_named(in_ctx *c, const yi_node *n, const char *what)
{
    const remit_policy *p = c->p;
    if (n->kind != YI_SCALAR || n->is_null) {
        in_error(c, n, "R0721", "write the name as declared in the policy, e.g. cfo",
                 "%s must be the name of a role or a body", what);
        return PL_NONE;
    }
    uint32_t h = name_in(c, p->holders, p->nholders, n->text, n->len);
    if (h != PL_NONE)
        return h;
    const char *best = NULL;
    unsigned bd = n->len <= 2 ? 0 : n->len <= 4 ? 1 : n->len <= 7 ? 2 : 3;
    for (uint32_t i = 0; i < p->nholders; i++) {
        unsigned d = rm_edit_distance(n->text, n->len, p->holders[i].name, strlen(p->holders[i].name));
        if (d <= bd) {
            bd = d;
            best = p->holders[i].name;
        }
    }
    char hint[160];
    if (best)
        snprintf(hint, sizeof hint, "did you mean '%s'?", best);
    else
        snprintf(hint, sizeof hint, "the roles and bodies are declared in the policy");
    in_error(c, n, "R0721", hint, "'%s' is not a role or body of this policy", n->text);
    return PL_NONE;
}

/* -------------------------------------------------------------- values */

/* The bytes of the text in slot e. */
static const char *slot_text(const in_textslot *e)
{
    return e->len <= IN_TEXT_INLINE ? e->u.b : e->u.s;
}

/* The slot of the text s (len bytes) in t, or NULL.  (Hashed by
 * name_slot without a list: an in_ctx, and its table, may be copied.) */
static in_textslot *texts_find(const in_texts *t, const char *s, uint32_t len)
{
    if (!t->cap)
        return NULL;
    uint64_t key = name_key(s, len);
    for (uint32_t i = name_slot(NULL, key, len) & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        in_textslot *e = &t->slots[i];
        if (!e->id1)
            return NULL;
        if (e->key == key && e->len == len && (len <= 8 || same_bytes(slot_text(e), s, len)))
            return e;
    }
}

/* The empty slot of t where a text of this key and length goes. */
static in_textslot *texts_free(const in_texts *t, uint64_t key, uint32_t len)
{
    uint32_t i = name_slot(NULL, key, len) & (t->cap - 1);
    while (t->slots[i].id1)
        i = (i + 1) & (t->cap - 1);
    return &t->slots[i];
}

/* Add the text s (len bytes), not in t, as id: in its slot, or kept at s
 * (not copied) when longer than IN_TEXT_INLINE bytes. */
static void texts_add(rm_arena *a, in_texts *t, const char *s, uint32_t len, uint32_t id)
{
    if ((t->n + 1) * 2 > t->cap) { /* at most half full */
        uint32_t cap = t->cap ? 2 * t->cap : 64;
        char *m = ar_alloc(a, ((size_t)cap + 1) * sizeof(in_textslot)); /* a slot more, to align them */
        in_texts g = {(in_textslot *)(void *)(m + (-(uintptr_t)m & (sizeof(in_textslot) - 1))), cap, t->n};
        for (uint32_t k = 0; k < t->cap; k++)
            if (t->slots[k].id1)
                *texts_free(&g, t->slots[k].key, t->slots[k].len) = t->slots[k];
        *t = g;
    }
    uint64_t key = name_key(s, len);
    in_textslot *e = texts_free(t, key, len);
    *e = (in_textslot){.key = key, .len = len, .id1 = id + 1};
    if (len <= IN_TEXT_INLINE)
        memcpy(e->u.b, s, len);
    else
        e->u.s = s;
    t->n++;
}

/* The id of the text s (len bytes), a new one if it is new; *person1,
 * when given, the person of the register it names + 1, or 0. */
static uint32_t intern_person(in_ctx *c, const char *s, uint32_t len, uint32_t *person1)
{
    const in_textslot *e = c->base ? texts_find(c->base, s, len) : NULL; /* read only */
    if (!e)
        e = texts_find(&c->texts, s, len);
    if (person1)
        *person1 = e ? e->person1 : 0;
    if (e)
        return e->id1 - 1;
    if (c->base) {
        /* a line's first few new texts (a supplier, a person) in a short
         * list, not copied: they are the line's tree's, which lives as
         * long as its session (in_line) */
        for (uint32_t i = 0; i < c->nfresh; i++)
            if (c->fresh[i].len == len && !memcmp(c->fresh[i].s, s, len))
                return c->fresh[i].id;
        if (c->nfresh < IN_FRESH && !c->texts.n) {
            c->fresh[c->nfresh++] = (struct in_fresh){.s = s, .len = len, .id = c->ntexts};
            return c->ntexts++;
        }
    }
    texts_add(c->tab, &c->texts, len <= IN_TEXT_INLINE ? s : ar_strndup(c->tab, s, len), len, c->ntexts);
    return c->ntexts++;
}

static uint32_t intern(in_ctx *c, const char *s, uint32_t len)
{
    return intern_person(c, s, len, NULL);
}

static bool plain(const yi_node *n) { return n->kind == YI_SCALAR && !n->quoted && !n->is_null; }
static bool scalar_is_word(const yi_node *n, const char *w)
{
    return n->kind == YI_SCALAR && !n->is_null && !strcmp(n->text, w);
}
static bool scalar(const yi_node *n) { return n->kind == YI_SCALAR && !n->is_null; }

/* Convert one value to the field's type; false after reporting. */
static bool value(in_ctx *c, const yi_node *n, const pl_field *f, int64_t *out)
{
    char hint[256];
    int64_t v = 0;
    switch (f->type) {
    case TY_MONEY:
        if (scalar(n) && n->text[0] == '-') {
            in_error(c, n, "R0722", "amounts in a decision are never negative; a refund or saving is "
                                    "its own matter", "'%s' cannot be negative", f->name);
            return false;
        }
        if (!scalar(n) || n->text[0] != '\xC2' || n->text[1] != '\xA3') {
            in_error(c, n, "R0722", "write money as text with a pound sign, e.g. \"\xC2\xA3" "750,000\"",
                     "'%s' must be an amount of money", f->name);
            return false;
        }
        switch (lit_money(n->text + 2, n->len - 2, &v)) {
        case LIT_OK: break;
        case LIT_FRACTION:
            in_error(c, n, "R0102", "money is exact to the penny", "this amount includes a fraction of a penny");
            return false;
        case LIT_RANGE:
            in_error(c, n, "R0103", "amounts may be up to \xC2\xA3" "1,000,000,000,000", "this amount is larger than Remit allows");
            return false;
        default:
            in_error(c, n, "R0101", "write \xC2\xA3" "750,000, \xC2\xA3" "1,250.50, \xC2\xA3" "2.5k or \xC2\xA3" "5m",
                     "'%s' is not an amount of money Remit can read", n->text);
            return false;
        }
        break;
    case TY_DATE:
        if (!scalar(n) || lit_date(n->text, n->len, &v) != LIT_OK) {
            in_error(c, n, "R0104", "dates are written year-month-day, e.g. 2026-11-20",
                     "'%s' must be a real date", f->name);
            return false;
        }
        break;
    case TY_DAYS: {
        int64_t k = 0, per = 0;
        const char *sp = scalar(n) ? strchr(n->text, ' ') : NULL;
        if (sp && lit_int(n->text, (size_t)(sp - n->text), &k) == LIT_OK) {
            const char *u = sp + 1;
            per = wd_unit_days(u, strlen(u));
        }
        if (per <= 0 || k > IN_MAX_DAYS) {
            in_error(c, n, "R0722", "write a length of time with its unit, e.g. \"30 days\" or \"4 weeks\"",
                     "'%s' must be a length of time", f->name);
            return false;
        }
        v = k * per;
        break;
    }
    case TY_PERCENT:
        if (!scalar(n) || n->len < 2 || n->text[n->len - 1] != '%' ||
            lit_percent(n->text, n->len - 1, &v) != LIT_OK) {
            in_error(c, n, "R0722", "write a percentage with %, e.g. \"12.5%\"", "'%s' must be a percentage", f->name);
            return false;
        }
        break;
    case TY_NUMBER:
    case TY_SCORE:
        if (!plain(n) || lit_int(n->text, n->len, &v) != LIT_OK || v > IN_MAX_NUMBER) {
            in_error(c, n, "R0722", "write a whole number without quotes, e.g. 12, at most "
                                    "1,000,000,000,000,000",
                     "'%s' must be a whole number", f->name);
            return false;
        }
        if (f->type == TY_SCORE && (v < f->lo || v > f->hi)) {
            snprintf(hint, sizeof hint, "'%s' is a score from %lld to %lld", f->name, (long long)f->lo,
                     (long long)f->hi);
            in_error(c, n, "R0404", hint, "%lld is outside the score's range", (long long)v);
            return false;
        }
        break;
    case TY_BOOL:
        if (plain(n) && !strcmp(n->text, "true"))
            v = 1;
        else if (plain(n) && !strcmp(n->text, "false"))
            v = 0;
        else {
            in_error(c, n, "R0722", "write true or false, without quotes", "'%s' must be true or false", f->name);
            return false;
        }
        break;
    case TY_TEXT:
        if (!scalar(n)) {
            in_error(c, n, "R0722", "write the text, in quotes if it has special characters",
                     "'%s' must be text", f->name);
            return false;
        }
        v = intern(c, n->text, n->len);
        break;
    case TY_ENUM:
    case TY_TIER: {
        const char *const *names = f->type == TY_ENUM ? f->choices : c->p->tiers;
        uint32_t nn = f->type == TY_ENUM ? f->nchoices : c->p->ntiers;
        uint32_t k = scalar(n) ? name_in(c, names, nn, n->text, n->len) : PL_NONE;
        if (k == PL_NONE) {
            const char *best = scalar(n) ? closest(names, nn, n->text, n->len) : NULL;
            if (best)
                snprintf(hint, sizeof hint, "did you mean '%s'?", best);
            else
                snprintf(hint, sizeof hint, "the policy lists the choices where '%s' is declared", f->name);
            in_error(c, n, "R0207", hint, "'%s' is not one of the choices for '%s'",
                     scalar(n) ? n->text : "this", f->name);
            return false;
        }
        v = k;
        break;
    }
    case TY_SET:
        if (n->kind != YI_SEQ) {
            in_error(c, n, "R0722", "write the values as a list, e.g. [acute, community]",
                     "'%s' must be a list of choices", f->name);
            return false;
        }
        for (uint32_t i = 0; i < n->n; i++) {
            const yi_node *x = n->items[i];
            uint32_t k = scalar(x) ? name_in(c, f->choices, f->nchoices, x->text, x->len) : PL_NONE;
            if (k == PL_NONE) {
                in_error(c, x, "R0207", "the policy lists the choices where the field is declared",
                         "'%s' is not one of the choices for '%s'", scalar(x) ? x->text : "this", f->name);
                return false;
            }
            if (k < 64) /* the checker allows at most 64 choices */
                v |= (int64_t)((uint64_t)1 << k);
        }
        break;
    default:
        return false;
    }
    *out = v;
    return true;
}

static const yi_node *key_of(const yi_node *m, const char *key);

/* A mapping of named values (fields, context: the key `section` of the
 * decision root) into out[]; every name must be known and every declared
 * one given.  owner: the matter whose fields these are, NULL for the
 * context.  Where a fault is shown and how the owner is named are worked
 * out only when there is a fault: a batch types a decision a line. */
static void values(in_ctx *c, const yi_node *m, const yi_node *root, const pl_field *fs, uint32_t n,
                   int64_t *out, const char *what, const char *section, const pl_matter *owner)
{
    if (!n && !m)
        return; /* nothing declared, nothing given */
    const yi_node *at = m && m->kind == YI_MAP ? NULL : key_of(root, section);
    if (!m || m->kind != YI_MAP) {
        char hint[160];
        snprintf(hint, sizeof hint, "write %s: { name: value, ... }", section);
        in_error(c, m ? m : at, "R0723", hint, "%s must be a mapping of names to values", section);
        return;
    }
    bool few[64], *given = n <= 64 ? few : ar_alloc_raw(&c->s->arena, n); /* fields: a few */
    memset(given, 0, n);
    for (uint32_t i = 0; i < m->n; i++) {
        const yi_node *k = m->keys[i];
        uint32_t f = name_in(c, fs, n, k->text, k->len);
        if (f == PL_NONE) {
            const char *names[64];
            uint32_t nn = n < 64 ? n : 64;
            for (uint32_t j = 0; j < nn; j++)
                names[j] = fs[j].name;
            const char *best = closest(names, nn, k->text, k->len);
            char hint[160];
            if (best)
                snprintf(hint, sizeof hint, "did you mean '%s'?", best);
            else
                snprintf(hint, sizeof hint, "remove it, or declare it in the policy");
            char whose[160];
            if (owner)
                snprintf(whose, sizeof whose, "the matter '%s'", owner->name);
            else
                snprintf(whose, sizeof whose, "the policy's context");
            in_error(c, k, "R0724", hint, "%s has no %s called '%s'", whose, what, k->text);
            continue;
        }
        value(c, m->items[i], &fs[f], &out[f]);
        given[f] = true;
    }
    for (uint32_t j = 0; j < n; j++)
        if (!given[j]) {
            if (!at)
                at = key_of(root, section);
            char hint[160];
            snprintf(hint, sizeof hint, "add '%s' under %s:; Remit never assumes a value", fs[j].name,
                     section);
            in_error(c, at, "R0725", hint, "the %s '%s' is missing", what, fs[j].name);
        }
}

/* What only the decision's own values can tell is needed: the activation
 * date of a protocol that is active and expires, and the body a `next tier`
 * escalation starts from. */
static void needs(in_ctx *c, const yi_node *root, const ev_decision *d)
{
    const remit_policy *p = c->p;
    char hint[256];
    if (pl_is_body(p, d->decider) && p->holders[d->decider].nquorum &&
        !d->meeting && !c->meeting_unsaid) {
        /* a body decides at a meeting, whose quorum Remit must count */
        const pl_holder *b = &p->holders[d->decider];
        if (!c->quiet)
            snprintf(hint, sizeof hint, "add attendance: with each member at the meeting, e.g. - { role: %s, "
                                        "present: true }; its quorum is '%s' (%s:%u)",
                     p->holders[b->members[0].role].name, b->quorum_text ? b->quorum_text : "",
                     b->quorum_src.file, b->quorum_src.line);
        in_error(c, root, "R0727", hint, "%s decides at a meeting, and the decision does not say who "
                 "attended, so its quorum cannot be counted", b->title && *b->title ? b->title : b->name);
    }
    if (pl_is_body(p, d->decider) && d->meeting &&
        (p->holders[d->decider].nchairs || p->holders[d->decider].nnever)) {
        /* who presides is checked (7.10): the decision must say */
        const pl_holder *b = &p->holders[d->decider];
        bool said = false, anyone = false; /* (no one present: no one to preside) */
        for (uint32_t k = 0; k < d->natt && !said; k++) {
            said = d->att[k].presiding;
            anyone |= d->att[k].present;
        }
        if (!said && anyone) {
            if (!c->quiet)
                snprintf(hint, sizeof hint, "add presiding: true to the attendance entry of the member in "
                                            "the chair; its rule is '%s' (%s:%u)",
                         b->nchairs ? b->chairs_text : b->never_text,
                         (b->nchairs ? b->chairs_src : b->never_src).file,
                         (b->nchairs ? b->chairs_src : b->never_src).line);
            in_error(c, root, "R0727", hint, "%s says who may preside at its meetings, and the decision "
                     "does not say who presided", b->title && *b->title ? b->title : b->name);
        }
    }
    for (uint32_t k = 0; k < c->nexpiring; k++) {
        uint32_t i = c->expiring[k];
        const pl_protocol *x = &p->protocols[i];
        if (d->activated[i] == INT64_MIN && ev_cond(p, x->active, d)) {
            if (!c->quiet)
                snprintf(hint, sizeof hint, "add activated: { %s: DATE } with the date it was activated "
                                            "(%s:%u), so that its expiry can be checked", x->name,
                         x->src.file, x->src.line);
            in_error(c, root, "R0727", hint, "the protocol '%s' is active but the decision does not "
                                              "say when it was activated", x->name);
        }
    }
    if (d->opened != INT64_MIN && d->opened > d->date)
        in_error(c, root, "R0728", "opened is the date the matter was raised, on or before the "
                                   "decision's date", "the decision is opened after its own date");
    const pl_matter *m = &p->matters[d->matter];
    const pl_rule *r = d->opened == INT64_MIN && m->escalates_after ? ev_escalation_after(p, d) : NULL;
    if (r) {
        if (!c->quiet)
            snprintf(hint, sizeof hint, "add opened: DATE, the date the matter was raised; %s:%u "
                                        "escalates it after %lld days open",
                     r->src.file, r->src.line, (long long)r->after);
        in_error(c, root, "R0727", hint, "the decision does not say when the matter was raised");
    }
    if (d->body != PL_NONE)
        return;
    r = pl_is_body(p, d->decider) || !m->escalates_next_tier ? NULL : ev_escalation_next_tier(p, d);
    if (r) {
        if (!c->quiet)
            snprintf(hint, sizeof hint, "add body: with the body the decision is taken in or for; "
                                        "%s:%u sends it to the next tier above that body",
                     r->src.file, r->src.line);
        in_error(c, root, "R0727", hint, "the decision does not say which body it is taken in");
    }
}

/* Decision d, typed from root without fault by in_decision (with c's
 * meeting_unsaid), with the value of field f read from v instead: what
 * typing root with v in f's place gives (the value read as a decision's,
 * then what depends on the fields: the totals, the prior approvals and
 * what needs() asks for).  Only a field that is no text: a text is also
 * a subject of interests.  d's fields are the caller's to change.  False
 * when it cannot be read (after reporting, unless c is quiet). */
bool in_decision_field(in_ctx *c, const yi_node *root, ev_decision *d, uint32_t f, const yi_node *v)
{
    const remit_policy *p = c->p;
    const pl_matter *m = &p->matters[d->matter];
    uint32_t errors = c->errors;
    if (m->fields[f].type == TY_TEXT || !value(c, v, &m->fields[f], &d->fields[f]))
        return false;
    if (m->ntotals)
        ev_totals(p, d, c->hist);
    if (m->npriors)
        ev_priors(p, d, c->hist);
    needs(c, root, d);
    return c->errors == errors;
}

/* The key node of a mapping entry (for pointing at `fields:`), or m. */
static const yi_node *key_of(const yi_node *m, const char *key)
{
    for (uint32_t i = 0; m && m->kind == YI_MAP && i < m->n; i++)
        if (!strcmp(m->keys[i]->text, key))
            return m->keys[i];
    return m;
}

/* ORDER decision_keys: the K_ names index the table below */
enum { K_MATTER, K_DECIDER, K_BODY, K_DATE, K_OPENED, K_FIELDS, K_CO, K_CONTEXT, K_ACTIVATED,
       K_INTERESTS, K_ATTENDANCE, K_SUBJECT, K_UNDER, K_RATIFIED, K_APPROVALS, K_URGENT, K_REPORTED,
       K_NOTIFIED, K_RECORDED, K_PUBLISHED };

static const char *const decision_keys[] = {
    "matter", "decider", "body", "date", "opened", "fields", "co_signatories", "context",
    "activated", "interests", "attendance", "subject", "under", "ratified", "approvals", "urgent",
    "reported", "notified", "recorded", "published", NULL
};
#define NDECISION_KEYS 20

/* The keys of a person, of an attendance entry (whose first two are a
 * person's) and of an interest, in the order of the slots person(),
 * conflicts_input() read them into. */
static const char *const person_keys[] = {"person", "role", NULL};
static const char *const attendance_keys[] = {"person", "role", "present", "presiding", NULL};
static const char *const interest_keys[] = {"who", "kind", "in", "acquired", "declared", "ruling", NULL};

static void only_keys(in_ctx *c, const yi_node *m, const char *const *keys, const char *what);

/* --------------------------------------------------------------- plans */

/* A batch's lines and a history's entries are mostly of one shape (JSON
 * read by shape: jsonin.h, ji_shapes_last), whose tree has the same keys
 * at the same nodes each time.  A plan keeps, by the shape's number, the
 * nodes that typing the first such decision found under each key, so
 * that the next decisions of the shape are typed without looking up a
 * key: only keys found once each and none unknown are planned (anything
 * else is looked up, and reported, as ever), so the result and the
 * reports are the same with a plan as without. */
enum {
    IN_PLANS = 16,      /* as many as the shapes a reader keeps (jsonin.c) */
    IN_PLAN_ITEMS = 32, /* a mapping of values with more is not planned */
    IN_PLAN_MATTERS = 4, /* the fields of as many matters planned in one shape */
    IN_PLAN_ATT = 24     /* an attendance of more entries is not planned */
};

/* The field of each item of a mapping of values, in order: planned when
 * values() finds each key one of the fields, once, and every field
 * given, so that it would report nothing but the values' own faults. */
typedef struct in_mapplan {
    uint32_t owner;                     /* the matter + 1 (fields), or UINT32_MAX
                                           (context); 0: none */
    uint8_t field[IN_PLAN_ITEMS];
} in_mapplan;

typedef struct in_plan {
    uint32_t shape;                     /* the shape's number; 0: a plan free */
    const yi_node *key[NDECISION_KEYS]; /* each decision key's value (decision()) */
    in_mapplan fields[IN_PLAN_MATTERS], context; /* decisions of one shape may be of
                                           several matters, whose fields have
                                           the same keys in another order */
    uint32_t next_fields;               /* the fields' plan to be made next */
    bool decider;                       /* dslot holds keys_of's slots of the decider */
    const yi_node *dslot[3];
    uint32_t natt;                      /* aslot holds keys_of's slots of each of natt
                                           attendance entries (0: none planned) */
    const yi_node *aslot[IN_PLAN_ATT][4];
} in_plan;

struct in_plans {
    uint32_t next;                      /* the plan to be made next (the oldest) */
    in_plan plan[IN_PLANS];
};

in_plans *in_plans_new(rm_arena *a)
{
    return ar_alloc(a, sizeof(in_plans)); /* zeroed: every plan free */
}

/* The plan of the decision c reads, or NULL. */
static in_plan *plan_of(const in_ctx *c)
{
    if (!c->plans || !c->shape)
        return NULL;
    for (uint32_t i = 0; i < IN_PLANS; i++)
        if (c->plans->plan[i].shape == c->shape)
            return &c->plans->plan[i];
    return NULL;
}

/* A new plan for the decision c reads, its keys' values key[], or NULL. */
static in_plan *plan_new(in_ctx *c, const yi_node *const *key)
{
    if (!c->plans || !c->shape)
        return NULL;
    in_plan *pl = &c->plans->plan[c->plans->next++ % IN_PLANS];
    memset(pl, 0, sizeof *pl);
    pl->shape = c->shape;
    memcpy(pl->key, key, sizeof pl->key);
    return pl;
}

/* Plan mapping m as the n values fs of owner, when values() would find
 * every key one of them, once, and none missing. */
static void plan_map(const in_ctx *c, in_mapplan *mp, uint32_t owner, const yi_node *m, const pl_field *fs,
                     uint32_t n)
{
    if (!m || m->kind != YI_MAP || m->n != n || n > IN_PLAN_ITEMS)
        return;
    bool seen[IN_PLAN_ITEMS] = {false};
    uint8_t field[IN_PLAN_ITEMS];
    for (uint32_t i = 0; i < n; i++) {
        uint32_t f = name_in(c, fs, n, m->keys[i]->text, m->keys[i]->len);
        if (f == PL_NONE || seen[f])
            return;
        seen[f] = true;
        field[i] = (uint8_t)f;
    }
    memcpy(mp->field, field, n);
    mp->owner = owner;
}

/* values() of a mapping planned (plan_map): the same values in the same
 * order, and nothing else to report. */
static void values_planned(in_ctx *c, const yi_node *m, const pl_field *fs, int64_t *out, const in_mapplan *mp)
{
    for (uint32_t i = 0; i < m->n; i++)
        value(c, m->items[i], &fs[mp->field[i]], &out[mp->field[i]]);
}

/* The plan of the fields of matter m (its number + 1) in pl: the one
 * made for it, else the one to be made next (the oldest). */
static in_mapplan *fields_plan(in_plan *pl, uint32_t id)
{
    for (uint32_t i = 0; i < IN_PLAN_MATTERS; i++)
        if (pl->fields[i].owner == id)
            return &pl->fields[i];
    return &pl->fields[pl->next_fields++ % IN_PLAN_MATTERS];
}

/* values() of the mapping of values m, planned (pl) as those of owner
 * when it can be. */
static void values_in(in_ctx *c, const yi_node *m, const yi_node *root, const pl_field *fs, uint32_t n,
                      int64_t *out, const char *what, const char *section, const pl_matter *owner,
                      in_plan *pl, in_mapplan *mp, uint32_t id)
{
    if (pl && mp->owner == id) {
        values_planned(c, m, fs, out, mp);
        return;
    }
    values(c, m, root, fs, n, out, what, section, owner);
    if (pl)
        plan_map(c, mp, id, m, fs, n);
}

/* The values of mapping m under the n keys of list (a NULL-terminated
 * list the names table holds) into slot[], NULL for those not given; when
 * a key is none of them, every key not in the list of the first nown is
 * refused (only_keys, with `own` and `what`).  One probe a key. */
static void keys_of(in_ctx *c, const yi_node *m, const char *const *list, uint32_t n,
                    const yi_node **slot, const char *const *own, uint32_t nown, const char *what)
{
    for (uint32_t i = 0; i < n; i++)
        slot[i] = NULL;
    if (!m || m->kind != YI_MAP)
        return;
    bool unknown = false;
    for (uint32_t i = 0; i < m->n; i++) {
        uint32_t k = name_in(c, list, n, m->keys[i]->text, m->keys[i]->len);
        if (k == PL_NONE || k >= nown)
            unknown = true;
        if (k != PL_NONE && !slot[k])
            slot[k] = m->items[i];
    }
    if (unknown && own)
        only_keys(c, m, own, what);
}

/* Every key of mapping m must be one of keys (NULL-terminated), or it is
 * an error (code: R0724 for inputs, R0730 for test files) with the nearest key as the hint, else the list of
 * them.  Returns how many keys were refused.  For any input read into s,
 * test files too. */
uint32_t in_unknown_keys(remit_session *s, const yi_node *m, const char *const *keys, const char *what,
                         const char *code)
{
    uint32_t bad = 0;
    for (uint32_t i = 0; m && m->kind == YI_MAP && i < m->n; i++) {
        uint32_t nk = 0;
        bool known = false;
        for (; keys[nk]; nk++)
            known |= !strcmp(m->keys[i]->text, keys[nk]);
        if (known)
            continue;
        const yi_node *k = m->keys[i];
        const char *best = closest(keys, nk, k->text, k->len);
        char hint[240];
        if (best)
            snprintf(hint, sizeof hint, "did you mean '%s'?", best);
        else {
            size_t u = (size_t)snprintf(hint, sizeof hint, "the keys are");
            for (uint32_t j = 0; j < nk && u < sizeof hint; j++)
                u += (size_t)snprintf(hint + u, sizeof hint - u, "%s%s", !j ? " " : j + 1 < nk ? ", " : " and ",
                                      keys[j]);
        }
        dg_item *d = dg_error(s, k->loc, code, "%s has no key '%s'", what, k->text);
        dg_hint(s, d, "%s", hint);
        bad++;
    }
    return bad;
}

static void only_keys(in_ctx *c, const yi_node *m, const char *const *keys, const char *what)
{
    c->errors += in_unknown_keys(c->s, m, keys, what, "R0724");
}

static const in_person *registered(const in_ctx *c, int64_t name)
{
    return name >= 0 && (uint64_t)name < c->nbyname && c->byname[name] ? &c->people[c->byname[name] - 1]
                                                                     : NULL;
}

/* Whether the person's k-th role is held on day `on` (INT64_MIN: a day
 * not known, when any holding counts): SPEC 7.1.5, dated holdings. */
static bool held_on(const in_person *x, uint32_t k, int64_t on)
{
    return !x->span || on == INT64_MIN || (x->span[2 * k] <= on && on <= x->span[2 * k + 1]);
}

/* Whether the register gives the person role r on day on. */
static bool person_holds(const in_person *x, uint32_t r, int64_t on)
{
    for (uint32_t k = 0; k < x->nroles; k++)
        if (x->roles[k] == r && held_on(x, k, on))
            return true;
    return false;
}

/* Whether role r sits on body b; any role for PL_NONE (a conflicts block
 * for every body). */
static bool sits_on(const remit_policy *p, uint32_t b, uint32_t r)
{
    return b == PL_NONE || pl_seats(p, b, r);
}

/* The first day of the person's unbroken time in post through their k0-th
 * holding (7.1.5, 7.10): back from its start, through every holding that
 * meets or overlaps it, of its role or of a role that sits on body b (any
 * role for PL_NONE), so that a second term or a move from one post to
 * another on the body does not start the days to declare again.
 * INT64_MIN when it reaches back to a holding with no first day. */
static int64_t tenure_from(const remit_policy *p, const in_person *x, uint32_t k0, uint32_t b)
{
    int64_t start = x->span ? x->span[2 * k0] : INT64_MIN;
    for (bool more = true; more && start != INT64_MIN;) {
        more = false;
        for (uint32_t k = 0; k < x->nroles && start != INT64_MIN; k++)
            if ((x->roles[k] == x->roles[k0] || sits_on(p, b, x->roles[k])) && x->span[2 * k] < start &&
                x->span[2 * k + 1] >= start - 1) {
                start = x->span[2 * k];
                more = true;
            }
    }
    return start;
}

/* The person's holding of role r in force on day on: its index in their
 * roles, UINT32_MAX when none (or when no role is dated). */
static uint32_t holding_on(const in_person *x, uint32_t r, int64_t on)
{
    for (uint32_t k = 0; x->span && on != INT64_MIN && k < x->nroles; k++)
        if (x->roles[k] == r && held_on(x, k, on))
            return k;
    return UINT32_MAX;
}

/* The roles the register gives the person on the date of the decision
 * being read (c->on): their own list when none is dated, else those held
 * that day, in the session's arena. */
static const uint32_t *roles_on(in_ctx *c, const in_person *x, uint32_t *n)
{
    if (!x->span || c->on == INT64_MIN) {
        *n = x->nroles;
        return x->roles;
    }
    uint32_t *v = ar_alloc_raw(&c->s->arena, (x->nroles + 1) * sizeof *v), m = 0;
    for (uint32_t k = 0; k < x->nroles; k++)
        if (held_on(x, k, c->on))
            v[m++] = x->roles[k];
    *n = m;
    return v;
}

/* A holding's period in words: "from 2026-04-01 until 2027-03-31". */
static void held_when(int64_t from, int64_t until, char *buf, size_t size)
{
    char d1[16] = "", d2[16] = "";
    if (from != INT64_MIN)
        lit_format_date(from, d1, sizeof d1);
    if (until != INT64_MAX)
        lit_format_date(until, d2, sizeof d2);
    snprintf(buf, size, "%s%s%s%s%s", *d1 ? "from " : "", d1, *d1 && *d2 ? " " : "", *d2 ? "until " : "", d2);
}

/* Of n sorted days, how many are at most `day` (below: less than it). */
static uint32_t days_upto(const int64_t *v, uint32_t n, int64_t day, bool below)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (below ? v[mid] < day : v[mid] <= day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* How many people the register gives role r on c->on: those whose
 * holding started by then less those whose holding ended before (one
 * person's holdings of a role never overlap, R0737), in O(log n). */
static uint32_t held_count(const in_ctx *c, uint32_t r)
{
    const struct in_role *e = &c->byrole[r];
    if (!e->from || c->on == INT64_MIN)
        return e->n;
    return days_upto(e->from, e->nspan, c->on, false) - days_upto(e->until, e->nspan, c->on, true);
}

/* Index the register's person number i under its name's text id. */
static void index_person(in_ctx *c, uint32_t i)
{
    uint32_t id = (uint32_t)c->people[i].name;
    if (id >= c->nbyname) {
        uint32_t n = c->nbyname ? c->nbyname : 64;
        while (n <= id)
            n *= 2;
        uint32_t *t = ar_alloc(c->tab, n * sizeof *t);
        if (c->nbyname)
            memcpy(t, c->byname, c->nbyname * sizeof *t);
        memset(t + c->nbyname, 0, (n - c->nbyname) * sizeof *t);
        c->byname = t;
        c->nbyname = n;
    }
    c->byname[id] = i + 1;
    in_textslot *e = texts_find(&c->texts, c->people[i].text, (uint32_t)strlen(c->people[i].text));
    if (e && e->id1 - 1 == id)
        e->person1 = i + 1;
}

/* A person's name as people read names: ASCII capitals folded, blanks
 * trimmed and each run of them one space.  Two names the same this way
 * but not exactly are one person written two ways (R0734), which would
 * otherwise slip past the register and the conflicts rules. */
static bool fold_blank(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; }

static rm_name fold_name(rm_arena *a, const char *s, size_t len)
{
    char *o = ar_alloc(a, len + 1);
    uint32_t n = 0;
    bool gap = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (fold_blank((char)ch)) {
            gap = n > 0;
            continue;
        }
        if (gap)
            o[n++] = ' ';
        gap = false;
        o[n++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch);
    }
    o[n] = '\0';
    return (rm_name){.s = o, .len = n};
}

/* Remember a name under its folded form in t; the name it was first
 * written as, when that differs from this one (else NULL). */
static const char *fold_clash(rm_arena *a, rm_symtab *t, const char *text, size_t len)
{
    rm_name k = fold_name(a, text, len);
    rm_sym *e = sym_find(t, k.s, k.len);
    if (!e) {
        e = ar_alloc(a, sizeof *e);
        memset(e, 0, sizeof *e);
        e->name = k;
        e->item = (void *)(uintptr_t)text;
        sym_insert(a, t, e);
        return NULL;
    }
    return strcmp(e->item, text) ? e->item : NULL;
}

/* Whether the names a and b fold (fold_name) to the same, without
 * folding either: character by character, most pairs of names differing
 * at their first. */
static bool same_folded(const char *a, size_t al, const char *b, size_t bl)
{
    size_t i = 0, j = 0;
    for (bool first = true;; first = false, i++, j++) {
        bool ga = false, gb = false;
        for (; i < al && fold_blank(a[i]); i++)
            ga = true;
        for (; j < bl && fold_blank(b[j]); j++)
            gb = true;
        if (i == al || j == bl) /* blanks at the end are trimmed */
            return i == al && j == bl;
        if (!first && ga != gb) /* a run of blanks is one space; at the start, none */
            return false;
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[j];
        if (x != y && (x | 0x20) != (y | 0x20))
            return false;
        if (x != y && !((x | 0x20) >= 'a' && (x | 0x20) <= 'z'))
            return false; /* only ASCII letters differ by case */
    }
}

/* fold_clash for the names of one decision: its first few (a decision
 * names a few people) in a short list, compared as folded, the rest in
 * c->names. */
static const char *decision_clash(in_ctx *c, const char *text, size_t len)
{
    for (uint32_t i = 0; i < c->nfolded; i++)
        if (same_folded(c->folded[i].text, c->folded[i].len, text, len))
            return strcmp(c->folded[i].text, text) ? c->folded[i].text : NULL;
    if (c->nfolded < IN_FRESH && !c->names.n) {
        c->folded[c->nfolded++] = (struct in_folded){.len = (uint32_t)len, .text = text};
        return NULL;
    }
    return fold_clash(&c->s->arena, &c->names, text, len);
}

/* A person's name in a decision: the register's spelling when it lists
 * the person, and one spelling throughout the decision. */
static void person_name(in_ctx *c, const yi_node *pn, const in_person *reg)
{
    if (c->npeople && !reg) {
        rm_name k = fold_name(&c->s->arena, pn->text, pn->len);
        rm_sym *e = sym_find(&c->regfold, k.s, k.len);
        if (e) {
            in_error(c, pn, "R0734", "write the name exactly as the register does",
                     "'%s' is written differently in the register: '%s'", pn->text, (const char *)e->item);
            return;
        }
    }
    const char *first = decision_clash(c, pn->text, pn->len);
    if (first)
        in_error(c, pn, "R0734", "write each person's name the same way throughout the decision",
                 "'%s' and '%s' differ only in capitals or spaces: one person must not be named two ways",
                 pn->text, first);
}

/* A person: a role name, { person: "Name", role: ROLE }, or, with a
 * register, { person: "Name" } alone when the register gives one role.
 * given: the values of its keys (attendance_keys), or NULL to read them
 * and refuse every key but person and role. */
static uint32_t person(in_ctx *c, const yi_node *n, int64_t *who, const char **name,
                       const char *what, const yi_node *const *given)
{
    *who = -1;
    *name = NULL;
    if (n->kind != YI_MAP)
        return holder_named(c, n, what);
    /* an attendance entry has `present` too, checked by its reader, which
     * gives its keys' values (given) */
    const yi_node *slot[3];
    if (!given) {
        keys_of(c, n, attendance_keys, 3, slot, person_keys, 2, what);
        given = slot;
    }
    const yi_node *pn = given[0], *r = given[1];
    const in_person *reg = NULL;
    if (pn && scalar(pn)) {
        uint32_t person1;
        *who = intern_person(c, pn->text, pn->len, &person1);
        *name = pn->text;
        reg = person1 ? &c->people[person1 - 1] : NULL;
        person_name(c, pn, reg);
    }
    if (!r) {
        uint32_t nheld = 0;
        const uint32_t *held = reg ? roles_on(c, reg, &nheld) : NULL;
        if (reg && nheld == 1)
            return held[0];
        char hint[200];
        if (reg && nheld == 0 && reg->nroles && c->on != INT64_MIN) {
            char d[16];
            lit_format_date(c->on, d, sizeof d);
            snprintf(hint, sizeof hint, "the register gives this person no role on %s, the date of the "
                     "decision: correct the date, or the register", d);
        } else {
            snprintf(hint, sizeof hint, "%s", reg && nheld == 0 ? "the register gives this person no role: "
                                                                "add one there, or write role: ROLE"
                                      : reg ? "this person holds several roles in the register: say which "
                                            "with role: ROLE"
                                          : "write { person: \"Name\", role: ROLE }, or give a register "
                                            "that lists the person");
        }
        in_error(c, n, "R0725", hint, "%s needs a role", what);
        return PL_NONE;
    }
    uint32_t h = holder_named(c, r, what);
    if (reg && h != PL_NONE && !person_holds(reg, h, c->on)) {
        uint32_t near = UINT32_MAX; /* a holding at another time: the nearest to the date */
        uint64_t best = UINT64_MAX;
        for (uint32_t i = 0; reg->span && i < reg->nroles; i++)
            if (reg->roles[i] == h) {
                int64_t from = reg->span[2 * i], until = reg->span[2 * i + 1];
                uint64_t gap = from > c->on ? (uint64_t)from - (uint64_t)c->on : (uint64_t)c->on - (uint64_t)until;
                if (gap < best) {
                    best = gap;
                    near = i;
                }
            }
        if (near == UINT32_MAX) {
            in_error(c, r, "R0729", "correct the role, or the register", "the register does not give "
                     "'%s' the role '%s'", pn->text, c->p->holders[h].name);
        } else {
            char on[16], when[48];
            lit_format_date(c->on, on, sizeof on);
            held_when(reg->span[2 * near], reg->span[2 * near + 1], when, sizeof when);
            in_error(c, r, "R0729", "correct the role or the date of the decision, or the register",
                     "the register gives '%s' the role '%s' %s, not on %s, the date of the decision",
                     pn->text, c->p->holders[h].name, when, on);
        }
    }
    return h;
}

/* Someone named by role alone, with a register: the one person it gives
 * that role (an index in people), or -1 when it gives no one.  When it
 * gives several, who it was matters only if one of them has registered
 * interests: then *unclear is set, for the decision must say (R0725). */
static int32_t role_holder(const in_ctx *c, uint32_t role, bool *unclear)
{
    const struct in_role *e = c->byrole ? &c->byrole[role] : NULL;
    if (e && e->from && c->on != INT64_MIN) { /* some holding dated: as at the decision's date */
        /* those held that day are among those that end on it or later:
         * the holdings in force or still to come, not those of the past */
        uint32_t n = held_count(c, role);
        *unclear = false;
        for (uint32_t k = days_upto(e->until, e->nspan, c->on, true); n && k < e->nspan; k++) {
            if (e->ufrom[k] > c->on)
                continue;
            if (n == 1)
                return (int32_t)e->who[k];
            if (c->people[e->who[k]].nint) {
                *unclear = true;
                break;
            }
        }
        return -1;
    }
    *unclear = e && e->n > 1 && e->interested;
    return e && e->n == 1 ? e->one : -1;
}

static int by_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Who the register gives each role to, once, when it has been read: a
 * decision asks for every person named by role (role_holder) and every
 * meeting's seats. */
static void index_roles(in_ctx *c)
{
    c->byrole = ar_alloc(c->tab, (c->p->nholders + 1) * sizeof *c->byrole);
    for (int pass = 0; pass < 2; pass++) /* count, then list those with interests */
        for (uint32_t i = 0; i < c->npeople; i++) {
            const in_person *x = &c->people[i];
            for (uint32_t k = 0; k < x->nroles; k++) {
                bool again = false; /* a role the person is given twice counts once */
                for (uint32_t j = 0; j < k && !again; j++)
                    again = x->roles[j] == x->roles[k];
                if (again)
                    continue;
                struct in_role *e = &c->byrole[x->roles[k]];
                if (pass) {
                    if (x->nint)
                        e->ints[e->nint++] = i;
                    continue;
                }
                e->n++;
                e->one = (int32_t)i;
                e->interested |= x->nint > 0;
                e->nint += x->nint > 0;
            }
            if (pass == 0 && i + 1 == c->npeople)
                for (uint32_t r = 0; r < c->p->nholders; r++) {
                    struct in_role *e = &c->byrole[r];
                    e->ints = ar_alloc_raw(c->tab, (e->nint + 1) * sizeof *e->ints);
                    e->nint = 0;
                }
        }
    /* a role some holding of which is dated: every holding's first and
     * last days, each list sorted (held_count), and who held it */
    bool *dated = ar_alloc(&c->s->arena, c->p->nholders + 1);
    for (uint32_t i = 0; i < c->npeople; i++)
        for (uint32_t k = 0; c->people[i].span && k < c->people[i].nroles; k++)
            dated[c->people[i].roles[k]] |= c->people[i].span[2 * k] != INT64_MIN ||
                                            c->people[i].span[2 * k + 1] != INT64_MAX;
    for (int pass = 0; pass < 2; pass++) /* count, then fill */
        for (uint32_t i = 0; i < c->npeople; i++) {
            const in_person *x = &c->people[i];
            for (uint32_t k = 0; k < x->nroles; k++) {
                struct in_role *e = &c->byrole[x->roles[k]];
                if (!dated[x->roles[k]])
                    continue;
                if (!pass) {
                    e->nspan++;
                    continue;
                }
                if (!e->from) {
                    e->from = ar_alloc_raw(c->tab, 3 * ((size_t)e->nspan + 1) * sizeof *e->from);
                    e->until = e->from + e->nspan + 1;
                    e->ufrom = e->until + e->nspan + 1;
                    e->who = ar_alloc_raw(c->tab, ((size_t)e->nspan + 1) * sizeof *e->who);
                    e->nspan = 0;
                }
                e->from[e->nspan] = x->span ? x->span[2 * k] : INT64_MIN;
                e->until[e->nspan] = x->span ? x->span[2 * k + 1] : INT64_MAX;
                e->who[e->nspan++] = i;
            }
        }
    for (uint32_t r = 0; r < c->p->nholders; r++) {
        struct in_role *e = &c->byrole[r];
        if (!e->from)
            continue;
        /* the holdings by last day, each with its first day and holder
         * (role_holder), then the first days on their own (held_count) */
        struct held { int64_t until, from; uint32_t who; } *v = ar_alloc_raw(&c->s->arena, ((size_t)e->nspan + 1) * sizeof *v);
        for (uint32_t k = 0; k < e->nspan; k++)
            v[k] = (struct held){e->until[k], e->from[k], e->who[k]};
        qsort(v, e->nspan, sizeof *v, by_i64); /* (by until: the first member) */
        for (uint32_t k = 0; k < e->nspan; k++) {
            e->until[k] = v[k].until;
            e->ufrom[k] = v[k].from;
            e->who[k] = v[k].who;
        }
        qsort(e->from, e->nspan, sizeof (int64_t), by_i64);
    }
}

/* A decider or member present written by role alone: the person the
 * register says holds the role, so that their interests are weighed. */
static void person_of_role(in_ctx *c, const yi_node *at, uint32_t role, int64_t *who, const char *what)
{
    bool unclear;
    if (*who >= 0 || !c->npeople || role >= c->p->nholders || pl_is_body(c->p, role))
        return;
    int32_t k = role_holder(c, role, &unclear);
    if (unclear)
        in_error(c, at, "R0725", "write { person: \"Name\", role: ROLE }, so that the right person's "
                 "interests are weighed", "the register lists several people who hold '%s', some with "
                 "registered interests: say which one %s", c->p->holders[role].name, what);
    else if (k >= 0)
        *who = c->people[k].name;
}

/* Is role `role` among the members the body declares?  Reports when not.
 * (A decider that is a role has no members to check against.) */
static bool is_member(in_ctx *c, uint32_t body, uint32_t role, const yi_node *at)
{
    const remit_policy *p = c->p;
    if (!pl_is_body(p, body) || !p->holders[body].nmembers)
        return true; /* a body that lists no members: nothing to check against */
    const pl_holder *b = &p->holders[body];
    if (pl_seats(p, body, role))
        return true;
    char hint[256];
    size_t u = (size_t)snprintf(hint, sizeof hint, "the roles that sit on it are");
    for (uint32_t k = 0; k < b->nmembers && u < sizeof hint; k++)
        u += (size_t)snprintf(hint + u, sizeof hint - u, "%s%s", k ? ", " : " ",
                              p->holders[b->members[k].role].name);
    const pl_holder *r = &p->holders[role];
    in_error(c, at, "R0732", b->nmembers ? hint : "the policy lists no members for this body",
             "%s (%s) is not a member of %s (%s)", r->title && *r->title ? r->title : r->name, r->name,
             b->title && *b->title ? b->title : b->name, b->name);
    return false;
}

/* The list (in the names table) of the categories of the conflicts
 * blocks for body, or of the general blocks for PL_NONE: an address of
 * the policy's that is no other list. */
static const void *cats_of(const remit_policy *p, uint32_t body)
{
    return body == PL_NONE ? (const void *)p->conflicts : (const void *)&p->holders[body].nquorum;
}

/* The conflicts block that gives category cat for a decision in body, and
 * the category's place in it (*catix): the body's own blocks first, then
 * the general ones, each the first in the policy's order.  PL_NONE when
 * none does. */
static uint32_t block_for(const in_ctx *c, uint32_t body, const char *cat, uint32_t *catix)
{
    const remit_policy *p = c->p;
    uint32_t len = (uint32_t)strlen(cat), i = PL_NONE;
    if (body < p->nholders)
        i = name_in(c, cats_of(p, body), c->ncats, cat, len);
    if (i == PL_NONE)
        i = name_in(c, cats_of(p, PL_NONE), c->ncats, cat, len);
    if (i == PL_NONE)
        return PL_NONE;
    *catix = c->cats[i].cat;
    return c->cats[i].block;
}

static int by_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* The first of the n sorted values hs that is not below v. */
static uint32_t first_from(const uint64_t *hs, uint32_t n, uint64_t v)
{
    uint32_t a = 0, z = n;
    while (a < z) {
        uint32_t mid = a + (z - a) / 2;
        if (hs[mid] < v)
            a = mid + 1;
        else
            z = mid;
    }
    return a;
}

/* How many of the n sorted values hs are v: found once, then counted
 * (a role has a few entries in an attendance). */
static uint32_t count_of(const uint64_t *hs, uint32_t n, uint64_t v)
{
    uint32_t a = first_from(hs, n, v), z = a;
    while (z < n && hs[z] == v)
        z++;
    return z - a;
}

static int by_person(const void *a, const void *b)
{
    const int64_t *x = a, *y = b;
    return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : (x[1] > y[1]) - (x[1] < y[1]);
}

/* A meeting's lists are short (its attendance, its members line): sorted
 * in place by insertion, below this many, where qsort's calls through a
 * comparison cost more than the sorting.  Both orders are total, so the
 * result is qsort's. */
#define IN_SHORT_SORT 32u

static void sort_u64(uint64_t *v, uint32_t n)
{
    if (n > IN_SHORT_SORT) {
        qsort(v, n, sizeof *v, by_u64);
        return;
    }
    for (uint32_t i = 1; i < n; i++) {
        uint64_t x = v[i];
        uint32_t j = i;
        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

/* n (id, entry) pairs, as by_person orders them */
static void sort_people(int64_t *ids, uint32_t n)
{
    if (n > IN_SHORT_SORT) {
        qsort(ids, n, 2 * sizeof *ids, by_person);
        return;
    }
    for (uint32_t i = 1; i < n; i++) {
        int64_t x0 = ids[2 * i], x1 = ids[2 * i + 1];
        uint32_t j = i;
        for (; j > 0 && (ids[2 * j - 2] > x0 || (ids[2 * j - 2] == x0 && ids[2 * j - 1] > x1)); j--) {
            ids[2 * j] = ids[2 * j - 2];
            ids[2 * j + 1] = ids[2 * j - 1];
        }
        ids[2 * j] = x0;
        ids[2 * j + 1] = x1;
    }
}

/* Is person `id` among the sorted (id, entry) pairs? */
static bool named_in(const int64_t *ids, uint32_t n, int64_t id)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (ids[2 * mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && ids[2 * lo] == id;
}

/* The first person the register gives role r on the decision's date,
 * with registered interests, whom the attendance (ids, nid: sorted
 * person, entry pairs) does not name; NULL when none. */
static const in_person *unnamed_interested(const in_ctx *c, uint32_t r, const int64_t *ids, uint32_t nid)
{
    const struct in_role *held = &c->byrole[r];
    for (uint32_t k = 0; k < held->nint; k++) { /* those named: at most the attendance */
        const in_person *q = &c->people[held->ints[k]];
        if (!named_in(ids, nid, q->name) && person_holds(q, r, c->on))
            return q;
    }
    return NULL;
}

/* The seats of body b's members line at the meeting d, whose
 * attendance's holders are hs (sorted): for each role it names, as many
 * as people hold the role (the attendance's entries of it, or the
 * people the register gives it, whichever is more), within the line's
 * count for it.  A role named twice: its counts add up, and it is
 * counted under its first entry k, n[k] (the others' n -1); hi[k] its
 * most seats, -1 when the line sets none. */
static void role_seats(in_ctx *c, const pl_holder *b, const ev_decision *d, const uint64_t *hs, int64_t *n,
                       int64_t *hi)
{
    /* the entries sorted by role (then place) make its groups; each
     * group's sums sit at its first entry */
    uint32_t m = b->nmembers;
    uint64_t *ord = ar_alloc_raw(&c->s->arena, (m + 1) * sizeof *ord);
    for (uint32_t k = 0; k < m; k++) {
        ord[k] = (uint64_t)b->members[k].role << 32 | k;
        n[k] = -1;
        hi[k] = 0;
    }
    sort_u64(ord, m);
    for (uint32_t g = 0; g < m;) {
        uint32_t k0 = (uint32_t)ord[g], e = g;
        int64_t lo = 0;
        for (; e < m && ord[e] >> 32 == ord[g] >> 32; e++) {
            const struct pl_member *mm = &b->members[(uint32_t)ord[e]];
            lo += mm->lo;
            hi[k0] = hi[k0] < 0 || mm->hi < 0 ? -1 : hi[k0] + mm->hi;
        }
        g = e;
        uint32_t r = b->members[k0].role;
        uint32_t held = c->byrole ? held_count(c, r) : 0; /* the register's holders, that day */
        uint32_t nlisted = count_of(hs, d->natt, r);
        int64_t k = nlisted > held ? nlisted : held;
        if (k < lo)
            k = lo;
        if (hi[k0] >= 0 && k > hi[k0])
            k = hi[k0];
        n[k0] = k;
    }
}

/* A meeting's members (SPEC 7.10): nobody listed twice, no more of a role
 * than the body seats, members present named by role known from the
 * register, and the number of members counted from the body's `members`
 * line: for each role it names, as many seats as people hold the role
 * (the attendance's entries of it, or the people the register gives it,
 * whichever is more), within the line's count for it. */
static void meeting_members(in_ctx *c, const yi_node *list, ev_decision *d)
{
    const remit_policy *p = c->p;
    /* the holders of the entries, sorted, to count each one's entries:
     * nothing here grows with the scheme's number of holders */
    uint64_t *hs = ar_alloc_raw(&c->s->arena, (d->natt + 1) * sizeof *hs);
    for (uint32_t i = 0; i < d->natt; i++)
        hs[i] = d->att[i].holder;
    sort_u64(hs, d->natt);
    /* one person, one entry */
    int64_t *ids = ar_alloc(&c->s->arena, (d->natt + 1) * 2 * sizeof *ids);
    uint32_t nid = 0;
    for (uint32_t i = 0; i < d->natt; i++)
        if (d->att[i].person >= 0) {
            ids[2 * nid] = d->att[i].person;
            ids[2 * nid++ + 1] = i;
        }
    sort_people(ids, nid);
    for (uint32_t i = 1; i < nid; i++)
        if (ids[2 * i] == ids[2 * i - 2])
            in_error(c, list->items[d->att[ids[2 * i + 1]].item], "R0735", "list each member once, present or not",
                     "'%s' is listed twice in the attendance", d->att[ids[2 * i + 1]].person_name);
    /* a member present named by role alone: with a register, the one
     * person it gives the role, when the entry is the only one of its
     * role; when there are several, which one is which matters only if
     * someone the register gives the role, and the attendance does not
     * name, has interests (7.1) */
    for (uint32_t i = 0; i < d->natt && c->npeople; i++) {
        ev_attendee *x = &d->att[i];
        if (!x->present || x->person >= 0)
            continue;
        const yi_node *at = list->items[x->item];
        if (count_of(hs, d->natt, x->holder) == 1) {
            /* not one the attendance names in another entry: one person,
             * one entry; of several holders, it matters who it is only
             * when one the attendance does not name has interests */
            bool unclear;
            int32_t h = role_holder(c, x->holder, &unclear);
            if (h >= 0 ? !named_in(ids, nid, c->people[h].name)
                       : unclear && unnamed_interested(c, x->holder, ids, nid))
                person_of_role(c, at, x->holder, &x->person, "attends");
            if (x->person >= 0 && !x->person_name) /* the register's one holder: named as such */
                x->person_name = registered(c, x->person)->text;
            continue;
        }
        const in_person *q = unnamed_interested(c, x->holder, ids, nid);
        if (q)
            in_error(c, at, "R0725", "name each member present with person: \"...\", so that the right "
                     "person's interests are weighed", "the register gives '%s' to %s, who has registered "
                     "interests, and this entry does not say who it is", p->holders[x->holder].name, q->text);
    }
    if (!pl_is_body(p, d->decider) || !p->holders[d->decider].nmembers)
        return;
    const pl_holder *b = &p->holders[d->decider];
    uint32_t m = b->nmembers;
    int64_t *n = ar_alloc(&c->s->arena, 2 * (m + 1) * sizeof *n), *hi = n + m + 1;
    role_seats(c, b, d, hs, n, hi);
    uint64_t seats = 0;
    for (uint32_t k = 0; k < m; k++) {
        if (n[k] < 0)
            continue; /* counted already, under its first entry */
        uint32_t r = b->members[k].role;
        uint32_t nlisted = count_of(hs, d->natt, r);
        if (hi[k] >= 0 && (int64_t)nlisted > hi[k]) {
            const pl_holder *x = &p->holders[r];
            const yi_node *at = list; /* the first entry beyond the seats */
            for (uint32_t i = 0, seen = 0; i < d->natt && at == list; i++)
                if (d->att[i].holder == r && ++seen > hi[k])
                    at = list->items[d->att[i].item];
            in_error(c, at, "R0732", "list each member once; the body's members line says how many sit on it",
                     "the attendance lists %u as %s (%s), and %s has %lld such seat%s", nlisted,
                     x->title && *x->title ? x->title : x->name, x->name,
                     b->title && *b->title ? b->title : b->name, (long long)hi[k], hi[k] == 1 ? "" : "s");
        }
        seats += (uint64_t)n[k];
    }
    d->seats = seats > UINT32_MAX ? UINT32_MAX : (uint32_t)seats;
}

uint32_t in_empty_seats(const in_ctx *base, remit_session *s, const ev_decision *d, uint32_t *roles, uint32_t max)
{
    const remit_policy *p = base->p;
    if (!d->meeting || !pl_is_body(p, d->decider) || !p->holders[d->decider].nmembers)
        return 0;
    in_ctx c;
    in_line(&c, base, s);
    c.on = d->date; /* the register's holders that day */
    const pl_holder *b = &p->holders[d->decider];
    uint32_t m = b->nmembers, nr = 0;
    uint64_t *hs = ar_alloc_raw(&s->arena, (d->natt + 1) * sizeof *hs);
    for (uint32_t i = 0; i < d->natt; i++)
        hs[i] = d->att[i].holder;
    sort_u64(hs, d->natt);
    int64_t *n = ar_alloc(&s->arena, 2 * (m + 1) * sizeof *n), *hi = n + m + 1;
    role_seats(&c, b, d, hs, n, hi);
    for (uint32_t k = 0; k < m; k++) {
        uint32_t r = b->members[k].role;
        for (int64_t e = n[k] - (int64_t)count_of(hs, d->natt, r); e > 0 && nr < max; e--)
            roles[nr++] = r;
    }
    return nr;
}

/* interests, attendance and subjects: what conflicts of interest need */
static void conflicts_input(in_ctx *c, const yi_node *root, const yi_node *const *key,
                            ev_decision *d, in_plan *pl)
{
    const remit_policy *p = c->p;
    const yi_node *n;
    pl_field datef = {.name = "date", .type = TY_DATE};
    if ((n = key[K_ATTENDANCE])) {
        if (n->kind != YI_SEQ) {
            in_error(c, n, "R0723", "write a list: - { role: ned, person: \"A. Smith\", present: true }",
                     "attendance must be a list of the body's members");
        } else {
            d->meeting = true;
            d->att = ar_alloc(&c->s->arena, (n->n + 1) * sizeof *d->att);
            /* each entry's keys as planned, or found and then planned when
             * none of them was refused (as the decider's: decision()) */
            bool planned = pl && pl->natt && pl->natt == n->n, clean = pl && !planned && n->n <= IN_PLAN_ATT;
            for (uint32_t i = 0; i < n->n; i++) {
                const yi_node *a = n->items[i];
                static const char *const akeys[] = {"role", "person", "present", "presiding", NULL};
                const yi_node *slot[4];
                if (planned) {
                    memcpy(slot, pl->aslot[i], sizeof slot);
                } else {
                    uint32_t errors0 = c->errors, diags0 = c->s->diags.n;
                    keys_of(c, a, attendance_keys, 4, slot, akeys, 4, "an attendance entry");
                    clean = clean && c->errors == errors0 && c->s->diags.n == diags0;
                    if (clean)
                        memcpy(pl->aslot[i], slot, sizeof slot);
                }
                ev_attendee *x = &d->att[d->natt];
                x->holder = person(c, a, &x->person, &x->person_name, "a member", slot);
                const yi_node *pr = slot[2];
                bool yes = pr && plain(pr) && pr->len == 4 && !memcmp(pr->text, "true", 4);
                if (!pr || !plain(pr) || (!yes && (pr->len != 5 || memcmp(pr->text, "false", 5)))) {
                    in_error(c, a, "R0725", "add present: true or present: false",
                             "say whether this member is present");
                    continue;
                }
                x->present = yes;
                x->presiding = false;
                if (slot[3]) { /* in the chair (7.10) */
                    pl_field pf = {.name = "presiding", .type = TY_BOOL};
                    int64_t v = 0;
                    if (value(c, slot[3], &pf, &v) && v) {
                        for (uint32_t k = 0; k < d->natt; k++)
                            if (d->att[k].presiding) {
                                in_error(c, slot[3], "R0736", "one member presides at a meeting: say "
                                         "presiding: true on one attendance entry", "two members are "
                                         "said to preside at this meeting");
                                v = 0;
                                break;
                            }
                        if (v && !yes) {
                            in_error(c, slot[3], "R0736", "the member in the chair is present: "
                                     "write present: true, or say who presided",
                                     "an absent member is said to preside");
                            v = 0;
                        }
                        x->presiding = v != 0;
                    }
                }
                x->item = i;
                if (x->holder != PL_NONE && !is_member(c, d->decider, x->holder, a))
                    continue;
                if (x->holder != PL_NONE)
                    d->natt++;
            }
            if (clean && n->n)
                pl->natt = n->n;
        }
    }
    if (d->meeting)
        meeting_members(c, n, d);
    for (uint32_t k = 0; k < d->natt && c->npeople; k++) {
        const in_person *reg = d->att[k].presiding && d->att[k].person >= 0 ? registered(c, d->att[k].person)
                                                                             : NULL;
        if (reg) /* the roles the register gives the person in the chair */
            d->proles = roles_on(c, reg, &d->nproles);
    }
    uint32_t body = d->body;
    /* room for the decision's interests and the register's of those
     * taking part (at most these; the register's others never join) */
    size_t room = 1;
    if ((n = key[K_INTERESTS]) && n->kind == YI_SEQ)
        room += n->n;
    for (uint32_t k = 0; c->npeople && k <= d->natt + d->nco_all; k++) {
        int64_t who = k < d->natt ? d->att[k].person : k == d->natt ? d->decider_person
                                                                    : d->co_person[k - d->natt - 1];
        const in_person *reg = who >= 0 ? registered(c, who) : NULL;
        room += reg ? reg->nint : 0;
    }
    d->ints = room > 1 ? ar_alloc(&c->s->arena, room * sizeof *d->ints) : NULL; /* nint stays 0 */
    if ((n = key[K_INTERESTS])) {
        if (n->kind != YI_SEQ) {
            in_error(c, n, "R0723", "write a list: - { who: cfo, kind: financial, in: \"Acme Ltd\" }",
                     "interests must be a list of declared interests");
            return;
        }
        for (uint32_t i = 0; i < n->n; i++) {
            const yi_node *t = n->items[i];
            ev_interest *x = &d->ints[d->nint];
            x->acquired = x->declared = INT64_MIN;
            x->ruling = -1;
            const yi_node *slot[6];
            keys_of(c, t, interest_keys, 6, slot, interest_keys, 6, "an interest");
            const yi_node *w = slot[0], *k = slot[1], *in = slot[2];
            if (!w || !k || !in || !scalar(k) || !scalar(in)) {
                in_error(c, t, "R0725", "write { who: ROLE, kind: CATEGORY, in: \"what it is in\" }",
                         "an interest needs who holds it, its kind and what it is in");
                continue;
            }
            x->holder = person(c, w, &x->person, &x->person_name, "the holder of an interest", NULL);
            x->block = block_for(c, body, k->text, &x->category);
            if (x->block == PL_NONE) {
                char hint[200];
                if (body == PL_NONE && p->nconflicts)
                    snprintf(hint, sizeof hint, "say which body the decision is taken in or for "
                                                "(body: ...): the conflicts rules are given for bodies");
                else
                    snprintf(hint, sizeof hint, "the categories are declared in the policy's conflicts blocks");
                in_error(c, k, "R0724", hint,
                         "'%s' is not a category of interest in the conflicts rules for this decision",
                         k->text);
                continue;
            }
            x->subject = intern(c, in->text, in->len);
            x->subject_name = in->text;
            const yi_node *v;
            if ((v = slot[3]))
                value(c, v, &datef, &x->acquired);
            if ((v = slot[4]))
                value(c, v, &datef, &x->declared);
            if ((v = slot[5])) {
                if (scalar_is_word(v, "allow"))
                    x->ruling = 0;
                else if (scalar_is_word(v, "exclude"))
                    x->ruling = 1;
                else {
                    in_error(c, v, "R0722", "write ruling: allow or ruling: exclude",
                             "a chair's ruling is allow or exclude");
                    continue; /* reported: not again as a ruling missing */
                }
            }
            if ((p->conflicts[x->block].cats[x->category].actions & 8) && x->ruling < 0) {
                in_error(c, t, "R0725", "add ruling: allow or ruling: exclude, as the chair decided",
                         "the chair decides on interests of kind '%s', and the decision gives no ruling", k->text);
                continue;
            }
            if (x->holder != PL_NONE)
                d->nint++;
        }
    }
    /* the register's interests of the people taking part: the decider and
     * those present at a meeting, when named */
    for (uint32_t k = 0; k <= d->natt + d->nco_all; k++) {
        uint32_t ci = k - d->natt - 1; /* k > natt: co-signatory number ci */
        int64_t who = k < d->natt ? (d->att[k].present ? d->att[k].person : -1)
                      : k == d->natt ? d->decider_person : d->co_person[ci];
        uint32_t role = k < d->natt ? d->att[k].holder : k == d->natt ? d->decider : d->co_all[ci];
        for (uint32_t j = 0; k > d->natt && j < ci && who >= 0; j++)
            if (d->co_person[j] == who)
                who = -1; /* each co-signatory once */
        const in_person *reg = who >= 0 ? registered(c, who) : NULL;
        for (uint32_t i = 0; reg && i < reg->nint; i++) {
            const in_reg_interest *ri = &reg->ints[i];
            ev_interest *x = &d->ints[d->nint];
            x->block = block_for(c, body, ri->kind, &x->category);
            if (x->block == PL_NONE)
                continue; /* a kind these conflicts rules do not name: not for this decision */
            bool dup = false; /* the decision may restate it, with a ruling */
            for (uint32_t j = 0; j < d->nint && !dup; j++)
                dup = d->ints[j].person == who && d->ints[j].subject == ri->subject &&
                      d->ints[j].block == x->block && d->ints[j].category == x->category;
            if (dup)
                continue;
            x->holder = role;
            x->person = who;
            x->person_name = k < d->natt ? d->att[k].person_name : k == d->natt ? d->decider_name : NULL;
            if (!x->person_name) /* named by role: the register says who */
                x->person_name = reg->text;
            x->from_register = true;
            x->subject = ri->subject;
            x->subject_name = ri->subject_name;
            x->acquired = ri->acquired;
            x->declared = ri->declared;
            x->ruling = -1;
            if (p->conflicts[x->block].cats[x->category].actions & 8) {
                in_error(c, root, "R0725", "restate it under interests: with ruling: allow or exclude",
                         "the register gives an interest of kind '%s' on which the chair decides, and "
                         "the decision gives no ruling", ri->kind);
                continue;
            }
            d->nint++;
        }
    }
    /* a declaration is owed from the later of acquiring the interest and
     * taking up the role its holder takes part in (7.1.5, 7.10): a member
     * who joins with an interest declares it within the days allowed of
     * joining */
    for (uint32_t i = 0; c->npeople && i < d->nint; i++) {
        ev_interest *x = &d->ints[i];
        if (x->acquired == INT64_MIN || x->holder >= p->nholders || pl_is_body(p, x->holder))
            continue;
        const in_person *reg = NULL;
        if (x->person >= 0) {
            reg = registered(c, x->person);
        } else { /* by role alone: the one person who holds it that day */
            bool unclear;
            int32_t one = role_holder(c, x->holder, &unclear);
            reg = one >= 0 ? &c->people[one] : NULL;
        }
        uint32_t k0 = reg ? holding_on(reg, x->holder, c->on) : UINT32_MAX;
        int64_t since = k0 != UINT32_MAX ? tenure_from(p, reg, k0, p->conflicts[x->block].body) : INT64_MIN;
        if (since > x->acquired)
            x->acquired = since;
    }
    /* the subjects: the matter's text fields, then what `subject` adds (it
     * never replaces them, so it cannot hide an interest in the supplier) */
    const pl_matter *m = d->matter != PL_NONE && d->fields ? &p->matters[d->matter] : NULL;
    n = key[K_SUBJECT];
    if (n && n->kind != YI_SEQ) {
        in_error(c, n, "R0723", "write a list of texts", "subject must be a list of what the decision concerns");
        return;
    }
    d->subjects = ar_alloc(&c->s->arena, ((m ? m->nfields : 0) + (n ? n->n : 0) + 1) * sizeof *d->subjects);
    for (uint32_t i = 0; m && i < m->nfields; i++)
        if (m->fields[i].type == TY_TEXT)
            d->subjects[d->nsubj++] = d->fields[i];
    for (uint32_t i = 0; n && i < n->n; i++) {
        if (!scalar(n->items[i])) {
            in_error(c, n->items[i], "R0722", "write each subject as text, e.g. \"Acme Ltd\"",
                     "a subject must be text");
            continue;
        }
        d->subjects[d->nsubj++] = intern(c, n->items[i]->text, n->items[i]->len);
    }
    /* a co-signatory whose interest excludes them does not sign (7.10) */
    if (d->nco_all) {
        uint32_t *signing = ar_alloc(&c->s->arena, (d->nco_all + 1) * sizeof *signing);
        int64_t *persons = ar_alloc(&c->s->arena, (d->nco_all + 1) * sizeof *persons);
        d->nco = 0;
        for (uint32_t i = 0; i < d->nco_all; i++) {
            bool out = false;
            for (uint32_t k = 0; k < d->nint && !out; k++)
                out = ev_interest_of_co(d, &d->ints[k], i) && ev_excludes(p, d, &d->ints[k]);
            if (!out) {
                persons[d->nco] = d->co_person[i];
                signing[d->nco++] = d->co_all[i];
            }
        }
        d->co = signing;
        d->co_sperson = persons;
    }
}

/* A history entry's `under` (the crisis protocol whose grant it was taken
 * under) and `ratified` (when it was ratified): SPEC 7.1.4. */
/* A body named at n (what: for the message of a name that is no holder),
 * or PL_NONE after reporting; a role is R0721, with the hint "why: a
 * board, a committee". */
static uint32_t body_named(in_ctx *c, const yi_node *n, const char *what, const char *why)
{
    uint32_t h = holder_named(c, n, what);
    if (h != PL_NONE && !pl_is_body(c->p, h)) {
        char hint[160];
        snprintf(hint, sizeof hint, "%s: a board, a committee", why);
        in_error(c, n, "R0721", hint, "'%s' is a role, not a body", c->p->holders[h].name);
        return PL_NONE;
    }
    return h;
}

/* `reported` of a history entry (SPEC 7.1.4, 7.15; under: it says it was
 * taken under crisis powers, rightly or not): the bodies it was
 * reported to, each with the day, on or after the entry's; for an urgent
 * decision, whose reports are followed up. */
static void reported_record(in_ctx *c, const yi_node *rn, ev_decision *d, bool under)
{
    if (!d->urgent && !under && !c->ledger) { /* (an `under` with a fault is reported at it; a
                                                 ledger's line may say how any obligation was met) */
        in_error(c, rn, "R0733", "reports are followed up for urgent decisions (urgent: true, SPEC 7.15) "
                 "and those taken under crisis powers (under: PROTOCOL); leave reported out of other entries",
                 "'reported' is given for a decision not taken under urgent or crisis powers");
        return;
    }
    if (rn->kind != YI_MAP) {
        in_error(c, rn, "R0723", "write the bodies it was reported to, each with the day: "
                 "reported: { audit: 2026-12-03 }", "reported must be a mapping of bodies to dates");
        return;
    }
    struct ev_reported *v = ar_alloc_raw(&c->s->arena, (rn->n + 1) * sizeof *v);
    uint32_t n = 0;
    pl_field rf = {.name = "reported", .type = TY_DATE};
    for (uint32_t i = 0; i < rn->n; i++) {
        uint32_t h = body_named(c, rn->keys[i], "a body reported to", "a decision is reported to a body");
        if (h == PL_NONE)
            continue;
        int64_t on;
        if (!value(c, rn->items[i], &rf, &on))
            continue;
        if (on < d->date) {
            in_error(c, rn->items[i], "R0733", "a decision is reported on or after the day it is taken",
                     "the decision is reported before it was taken");
            continue;
        }
        v[n++] = (struct ev_reported){h, on};
    }
    d->nreported = n;
    d->reported = v;
}

/* What a history entry or a ledger's line says was done after it (SPEC
 * 7.18): `notified` (holders to days), `recorded` (registers, as a
 * `record in` names them, to days) and `published` (a day), each on or
 * after the decision's day.  Read by remit audit, checked everywhere. */
static bool done_on(in_ctx *c, const yi_node *v, const char *what, const ev_decision *d, int64_t *on)
{
    pl_field f = {.name = what, .type = TY_DATE};
    if (!value(c, v, &f, on))
        return false;
    if (*on < d->date) {
        in_error(c, v, "R0733", "what follows a decision is done on or after the day it is taken",
                 "the decision is %s before it was taken", what);
        return false;
    }
    return true;
}

static void done_records(in_ctx *c, const yi_node *const *key, ev_decision *d)
{
    const yi_node *n;
    d->published = INT64_MIN;
    if ((n = key[K_PUBLISHED]))
        done_on(c, n, "published", d, &d->published);
    if ((n = key[K_NOTIFIED])) {
        if (n->kind != YI_MAP) {
            in_error(c, n, "R0723", "write who was notified, each with the day: notified: { chair: 2026-12-03 }",
                     "notified must be a mapping of roles or bodies to dates");
        } else {
            struct ev_reported *v = ar_alloc_raw(&c->s->arena, (n->n + 1) * sizeof *v);
            for (uint32_t i = 0; i < n->n; i++) {
                uint32_t h = holder_named(c, n->keys[i], "a holder notified");
                int64_t on;
                if (h != PL_NONE && done_on(c, n->items[i], "notified", d, &on))
                    v[d->nnotified++] = (struct ev_reported){h, on};
            }
            d->notified = v;
        }
    }
    if ((n = key[K_RECORDED])) {
        if (n->kind != YI_MAP) {
            in_error(c, n, "R0723", "write the registers it was entered in, each with the day: "
                     "recorded: { \"losses and special payments register\": 2026-12-03 }",
                     "recorded must be a mapping of registers to dates");
        } else {
            struct ev_recorded *v = ar_alloc_raw(&c->s->arena, (n->n + 1) * sizeof *v);
            for (uint32_t i = 0; i < n->n; i++) {
                int64_t on;
                if (done_on(c, n->items[i], "recorded", d, &on))
                    v[d->nrecorded++] = (struct ev_recorded){n->keys[i]->text, on};
            }
            d->recorded = v;
        }
    }
}

static void crisis_record(in_ctx *c, const yi_node *root, const yi_node *const *key,
                          ev_decision *d, bool past)
{
    const remit_policy *p = c->p;
    d->under = PL_NONE;
    d->ratified = INT64_MIN;
    d->published = INT64_MIN;
    const yi_node *n = key[K_UNDER], *rn = key[K_RATIFIED];
    if (!past && !c->ledger) { /* (a ledger's lines are decisions taken: remit audit) */
        static const char *const only[] = {"under", "ratified", "reported", "notified", "recorded", "published"};
        static const int at[] = {K_UNDER, K_RATIFIED, K_REPORTED, K_NOTIFIED, K_RECORDED, K_PUBLISHED};
        for (int i = 0; i < 6; i++)
            if (key[at[i]])
                in_error(c, key_of(root, only[i]), "R0724",
                         "a decision being asked about has not happened yet; write it in the history "
                         "(--history) once it is taken",
                         "'%s' is written only in a history entry", only[i]);
        return;
    }
    if (n) {
        uint32_t k = scalar(n) ? name_in(c, p->protocols, p->nprotocols, n->text, n->len) : PL_NONE;
        if (k == PL_NONE) {
            in_error(c, n, "R0724", "name a protocol declared in the policy, e.g. under: major_incident",
                     "'%s' is not a protocol of this policy", scalar(n) ? n->text : "this");
        } else if (d->matter != PL_NONE && !ev_protocol_grants(p, k, d->matter)) {
            in_error(c, n, "R0733", "give `under` only for a decision taken with a protocol's crisis powers",
                     "the protocol '%s' grants no '%s' decision", n->text, p->matters[d->matter].name);
        } else if (d->urgent) {
            in_error(c, n, "R0733", "a decision is taken under crisis powers or as an urgent decision under "
                     "standing orders (7.15): keep the one that it was",
                     "the decision is said to be taken both under crisis powers and as urgent");
        } else {
            d->under = k;
        }
    }
    if (rn) {
        pl_field rf = {.name = "ratified", .type = TY_DATE};
        if (!n && !d->urgent && !c->ledger)
            in_error(c, rn, "R0733", "add under: PROTOCOL, the protocol whose powers it was taken under, "
                     "or urgent: true for an urgent decision (SPEC 7.15)",
                     "'ratified' is given for a decision not taken under crisis or urgent powers");
        else if (value(c, rn, &rf, &d->ratified) && d->ratified < d->date)
            in_error(c, rn, "R0733", "a decision is ratified on or after the day it is taken",
                     "the decision is ratified before it was taken");
    }
    if ((rn = key[K_REPORTED]))
        reported_record(c, rn, d, n != NULL);
    done_records(c, key, d);
}

/* The keys of an approval of a sub-delegation (SPEC 4.12, 7.1). */
static const char *const approval_keys[] = {"from", "to", "by", "date", NULL};

/* `approvals`: a list of { from, to, by, date }, each holder a role or
 * body, the date a date. */
static void approvals_input(in_ctx *c, const yi_node *n, ev_decision *d)
{
    if (n->kind != YI_SEQ) {
        in_error(c, n, "R0723", "write a list: - { from: cfo, to: deputy, by: ceo, date: 2026-01-10 }",
                 "approvals must be a list of approvals of sub-delegations");
        return;
    }
    d->approvals = ar_alloc(&c->s->arena, (n->n + 1) * sizeof *d->approvals);
    pl_field datef = {.name = "the approval's date", .type = TY_DATE};
    for (uint32_t i = 0; i < n->n; i++) {
        const yi_node *a = n->items[i], *slot[4];
        if (a->kind != YI_MAP) {
            in_error(c, a, "R0723", "write { from: cfo, to: deputy, by: ceo, date: 2026-01-10 }",
                     "an approval must be a mapping");
            continue;
        }
        keys_of(c, a, approval_keys, 4, slot, approval_keys, 4, "an approval");
        struct ev_approval *x = &d->approvals[d->napprovals];
        static const char *const what[] = {"the approval's from", "the approval's to", "the approval's by"};
        uint32_t *h[3] = {&x->from, &x->to, &x->by};
        bool ok = true;
        for (int k = 0; k < 4; k++)
            if (!slot[k]) {
                in_error(c, a, "R0725", "an approval says who passed the matter on (from), to whom (to), "
                         "who approved it (by) and when (date)", "the approval has no '%s'", approval_keys[k]);
                ok = false;
            }
        if (!ok)
            continue;
        for (int k = 0; k < 3; k++)
            ok &= (*h[k] = holder_named(c, slot[k], what[k])) != PL_NONE;
        ok &= value(c, slot[3], &datef, &x->date);
        d->napprovals += ok;
    }
}

static bool decision(in_ctx *c, const yi_node *root, ev_decision *d, bool in_history);

bool in_decision(in_ctx *c, const yi_node *root, ev_decision *d)
{
    return decision(c, root, d, false);
}

static bool decision(in_ctx *c, const yi_node *root, ev_decision *d, bool past)
{
    const remit_policy *p = c->p;
    uint32_t errors = c->errors;
    memset(d, 0, sizeof *d);
    memset(&c->names, 0, sizeof c->names); /* names of people, per decision */
    c->nfolded = 0;
    d->matter = d->decider = d->body = PL_NONE;
    d->decider_person = -1;
    d->opened = INT64_MIN;
    d->under = PL_NONE;
    d->ratified = INT64_MIN;
    if (!root || root->kind != YI_MAP) {
        if (root)
            in_error(c, root, "R0723", "a decision is a mapping: matter, decider, date, fields...",
                     "a decision must be a mapping of keys to values");
        return false;
    }
    const yi_node *key[NDECISION_KEYS] = {NULL}; /* each key's value, in one pass */
    in_plan *pl = plan_of(c);
    if (pl) {
        memcpy(key, pl->key, sizeof key);
    } else {
        bool unknown = false, twice = false;
        for (uint32_t i = 0; i < root->n; i++) {
            const yi_node *k = root->keys[i];
            uint32_t ki = name_in(c, decision_keys, NDECISION_KEYS, k->text, k->len);
            if (ki != PL_NONE) {
                twice |= key[ki] != NULL;
                key[ki] = root->items[i];
            } else {
                unknown = true;
            }
        }
        if (unknown) /* the keys are looked up once above: only_keys is for the message */
            only_keys(c, root, decision_keys, "a decision");
        else if (!twice)
            pl = plan_new(c, key);
    }
    const yi_node *n;
    if (!(n = key[K_MATTER]))
        in_error(c, root, "R0725", "name the kind of decision, e.g. matter: spend", "the decision does not say its matter");
    else {
        if (scalar(n))
            d->matter = name_in(c, p->matters, p->nmatters, n->text, n->len);
        if (d->matter == PL_NONE) {
            const char *names[256];
            uint32_t nn = p->nmatters < 256 ? p->nmatters : 256;
            for (uint32_t i = 0; i < nn; i++)
                names[i] = p->matters[i].name;
            const char *best = scalar(n) ? closest(names, nn, n->text, n->len) : NULL;
            char hint[160];
            if (best)
                snprintf(hint, sizeof hint, "did you mean '%s'?", best);
            else
                snprintf(hint, sizeof hint, "the matters are declared in the policy with `matter NAME`");
            if (scalar(n))
                in_error(c, n, "R0726", hint, "'%s' is not a matter of this policy", n->text);
            else
                in_error(c, n, "R0726", "write one matter's name, e.g. matter: spend",
                         "the matter must be one name, not %s", n->kind == YI_SEQ ? "a list" : n->kind == YI_MAP ? "a mapping" : "empty");
        }
    }
    /* the date first: the register's roles are as at it (7.1.5) */
    pl_field datef = {.name = "date", .type = TY_DATE};
    c->on = INT64_MIN;
    if (!(n = key[K_DATE]))
        in_error(c, root, "R0725", "add the date of the decision, e.g. date: 2026-11-20", "the decision has no date");
    else if (value(c, n, &datef, &d->date))
        c->on = d->date;
    if (!(n = key[K_DECIDER]))
        in_error(c, root, "R0725", "say who decides, e.g. decider: cfo", "the decision does not say who decides");
    else
    {
        const yi_node *const *given = NULL; /* its keys' values, when a mapping (person) */
        const yi_node *slot[3];
        if (pl && pl->decider) {
            given = pl->dslot;
        } else if (pl && n->kind == YI_MAP) { /* as person() would, then planned when all is well */
            uint32_t errors0 = c->errors, diags0 = c->s->diags.n;
            keys_of(c, n, attendance_keys, 3, slot, person_keys, 2, "the decider");
            given = slot;
            if (c->errors == errors0 && c->s->diags.n == diags0) {
                memcpy(pl->dslot, slot, sizeof slot);
                pl->decider = true;
            }
        }
        d->decider = person(c, n, &d->decider_person, &d->decider_name, "the decider", given);
        /* (not for a history entry, whose interests are not read: who it
         * was need not be said, 7.1.4) */
        if (d->decider != PL_NONE && !past)
            person_of_role(c, n, d->decider, &d->decider_person, "decides");
        const in_person *reg = d->decider_person >= 0 && c->npeople ? registered(c, d->decider_person) : NULL;
        if (reg) /* a refusal follows the person through every role they hold (7.3.1) */
            d->droles = roles_on(c, reg, &d->ndroles);
    }
    if ((n = key[K_BODY])) {
        d->body = holder_named(c, n, "the body");
        if (d->body != PL_NONE && !pl_is_body(p, d->body)) {
            /* a role here would count as co-deciding a joint delegation
             * from it, and start `next tier` from nowhere */
            in_error(c, n, "R0721", "name the board or committee the decision is taken in or for; a role "
                     "that signs goes under co_signatories", "'%s' is a role, not a body",
                     p->holders[d->body].name);
            d->body = PL_NONE;
        }
    }
    if (d->body == PL_NONE && pl_is_body(p, d->decider))
        d->body = d->decider;
    pl_field openf = {.name = "opened", .type = TY_DATE};
    if ((n = key[K_OPENED]))
        value(c, n, &openf, &d->opened);
    /* the values of the fields and of the context, in one block */
    uint32_t nf = d->matter != PL_NONE ? p->matters[d->matter].nfields + 1 : 0;
    bool own_context = key[K_CONTEXT] || !past; /* an earlier decision need not repeat its context */
    int64_t *vals = ar_alloc(&c->s->arena, (nf + (own_context ? p->ncontext + 1 : 0) + 1) * sizeof *vals);
    if (d->matter != PL_NONE) {
        const pl_matter *m = &p->matters[d->matter];
        d->fields = vals;
        n = key[K_FIELDS];
        if (!n && m->nfields)
            in_error(c, root, "R0725", "add fields: with a value for each field of the matter",
                     "the decision gives no fields");
        else
            values_in(c, n, root, m->fields, m->nfields, d->fields, "field", "fields", m, pl,
                      pl ? fields_plan(pl, d->matter + 1) : NULL, d->matter + 1);
    }
    n = key[K_CONTEXT];
    d->context = own_context ? vals + nf : NULL;
    if (!n && past)
        ; /* an earlier decision need not repeat its context */
    else if (!n && p->ncontext)
        in_error(c, root, "R0725", "add context: with a value for each context value the policy declares",
                 "the decision gives no context");
    else
        values_in(c, n, root, p->context, p->ncontext, d->context, "context value", "context", NULL, pl,
                  pl ? &pl->context : NULL, UINT32_MAX);
    if ((n = key[K_CO])) {
        if (n->kind != YI_SEQ)
            in_error(c, n, "R0723", "write a list, e.g. [ceo, chair]", "co_signatories must be a list of roles");
        else {
            d->co = ar_alloc(&c->s->arena, (n->n + 1) * sizeof *d->co);
            int64_t *who = ar_alloc(&c->s->arena, (n->n + 1) * sizeof *who);
            for (uint32_t i = 0; i < n->n; i++) {
                const char *name;
                uint32_t h = person(c, n->items[i], &who[d->nco], &name, "a co-signatory", NULL);
                if (h == PL_NONE)
                    continue;
                if (who[d->nco] < 0) /* named by role: the register's one holder, if any */
                    person_of_role(c, n->items[i], h, &who[d->nco], "signs");
                d->co[d->nco++] = h;
            }
            d->co_all = d->co;
            d->nco_all = d->nco;
            d->co_person = d->co_sperson = who;
        }
    }
    d->activated = c->unactivated; /* shared, read only */
    if ((n = key[K_ACTIVATED])) {
        d->activated = ar_alloc_raw(&c->s->arena, (p->nprotocols + 1) * sizeof *d->activated);
        for (uint32_t i = 0; i < p->nprotocols; i++)
            d->activated[i] = INT64_MIN;
        if (n->kind != YI_MAP)
            in_error(c, n, "R0723", "write e.g. activated: { major_incident: 2026-11-01 }",
                     "activated must map protocols to the dates they were activated");
        else
            for (uint32_t i = 0; i < n->n; i++) {
                uint32_t k = name_in(c, p->protocols, p->nprotocols, n->keys[i]->text, n->keys[i]->len);
                if (k == PL_NONE) {
                    in_error(c, n->keys[i], "R0724", "name a protocol declared in the policy",
                             "'%s' is not a protocol of this policy", n->keys[i]->text);
                    continue;
                }
                pl_field af = {.name = "the activation date", .type = TY_DATE};
                value(c, n->items[i], &af, &d->activated[k]);
            }
    }
    if ((n = key[K_APPROVALS]))
        approvals_input(c, n, d);
    d->calendar = c->calendar;
    d->history = c->hist;
    d->hist_cut = past ? 0 : c->hist_cut;
    if ((n = key[K_URGENT])) { /* taken as an urgent decision (SPEC 7.15) */
        pl_field uf = {.name = "urgent", .type = TY_BOOL};
        int64_t v = 0;
        if (value(c, n, &uf, &v))
            d->urgent = v == 1;
    }
    crisis_record(c, root, key, d, past);
    if (!past)
        conflicts_input(c, root, key, d, pl);
    if (c->errors == errors && !past && d->matter != PL_NONE && p->matters[d->matter].ntotals)
        ev_totals(p, d, c->hist); /* before needs(), whose rules may use them */
    if (c->errors == errors && !past && d->matter != PL_NONE && p->matters[d->matter].npriors)
        ev_priors(p, d, c->hist);
    if (c->errors == errors && !past && d->matter != PL_NONE)
        needs(c, root, d);
    return c->errors == errors;
}

void in_line(in_ctx *line, const in_ctx *base, remit_session *s)
{
    memcpy(line, base, offsetof(in_ctx, nfresh)); /* the rest is the line's own */
    line->nfolded = 0;
    line->meeting_unsaid = false;
    line->quiet = false;
    line->s = s;
    line->errors = 0;
    line->tab = &s->arena;      /* texts new to this line go with it */
    line->base = &base->texts;  /* the policy's, the history's, the register's */
    memset(&line->texts, 0, sizeof line->texts);
    line->nfresh = 0;
    line->plans = NULL;
    line->shape = 0;
}

/* The names table (name_in): the lists' names, each list in its order. */
static void index_names(in_ctx *c)
{
    const remit_policy *p = c->p;
    static const char *const *const keys[] = {decision_keys, person_keys, attendance_keys, interest_keys,
                                              approval_keys};
    size_t n = p->nmatters + p->nholders + p->nprotocols + p->ntiers + 48, ncats = 0;
    for (uint32_t b = 0; b < p->nconflicts; b++)
        ncats += p->conflicts[b].ncats;
    n += ncats;
    for (uint32_t m = 0; m <= p->nmatters; m++) {
        uint32_t nf = m < p->nmatters ? p->matters[m].nfields : p->ncontext;
        const pl_field *fs = m < p->nmatters ? p->matters[m].fields : p->context;
        for (uint32_t j = 0; j < nf; j++)
            n += 1 + fs[j].nchoices;
    }
    c->namecap = 64;
    while (c->namecap < 2 * n)
        c->namecap *= 2;
    c->namev = ar_alloc(c->tab, c->namecap * sizeof *c->namev);
    for (uint32_t k = 0; k < sizeof keys / sizeof *keys; k++)
        for (uint32_t i = 0; keys[k][i]; i++)
            name_add(c, keys[k], keys[k][i], i);
    for (uint32_t i = 0; i < p->nmatters; i++)
        name_add(c, p->matters, p->matters[i].name, i);
    for (uint32_t i = 0; i < p->nholders; i++)
        name_add(c, p->holders, p->holders[i].name, i);
    for (uint32_t i = 0; i < p->nprotocols; i++)
        name_add(c, p->protocols, p->protocols[i].name, i);
    for (uint32_t i = 0; i < p->ntiers; i++)
        name_add(c, p->tiers, p->tiers[i], i);
    c->cats = ar_alloc(c->tab, (ncats + 1) * sizeof *c->cats);
    for (uint32_t b = 0; b < p->nconflicts; b++) {
        const pl_conflicts *cf = &p->conflicts[b];
        for (uint32_t k = 0; k < cf->ncats && (cf->body == PL_NONE || cf->body < p->nholders); k++) {
            c->cats[c->ncats] = (struct in_cat){.block = b, .cat = k};
            name_add(c, cats_of(p, cf->body), cf->cats[k].name, c->ncats++);
        }
    }
    for (uint32_t m = 0; m <= p->nmatters; m++) {
        uint32_t nf = m < p->nmatters ? p->matters[m].nfields : p->ncontext;
        const pl_field *fs = m < p->nmatters ? p->matters[m].fields : p->context;
        for (uint32_t j = 0; j < nf; j++) {
            name_add(c, fs, fs[j].name, j);
            for (uint32_t k = 0; k < fs[j].nchoices; k++)
                name_add(c, fs[j].choices, fs[j].choices[k], k);
        }
    }
}

void in_init(in_ctx *c, remit_session *s, const remit_policy *p, rm_arena *tab)
{
    memset(c, 0, sizeof *c);
    c->s = s;
    c->p = p;
    c->tab = tab;
    c->on = INT64_MIN;
    for (uint32_t i = 0; i < p->ntexts; i++)
        intern(c, p->texts[i], (uint32_t)strlen(p->texts[i]));
    index_names(c);
    c->expiring = ar_alloc(tab, (p->nprotocols + 1) * sizeof *c->expiring);
    c->unactivated = ar_alloc_raw(tab, (p->nprotocols + 1) * sizeof *c->unactivated);
    for (uint32_t i = 0; i < p->nprotocols; i++)
        c->unactivated[i] = INT64_MIN;
    for (uint32_t i = 0; i < p->nprotocols; i++)
        if (p->protocols[i].expires >= 0)
            c->expiring[c->nexpiring++] = i;
}

/* What a condition reads: bit 1 a field, bit 2 a context value. */
static unsigned cond_reads(const remit_policy *p, uint32_t node)
{
    if (node == PL_NONE)
        return 0;
    const pl_node *x = &p->nodes[node];
    switch ((pl_op)x->op) {
    case N_CONST: case N_WHO: return 0; /* N_WHO: refused where this is asked (R0414) */
    case N_FIELD: case N_TOTAL: case N_DATE: return 1; /* the entry's own */
    case N_CTX: return 2;
    case N_NOT: case N_NEG: case N_IN: case N_NOTIN: case N_SETIN: case N_SETNOTIN: case N_ADDMONTHS:
        return cond_reads(p, x->a);
    default:
        return cond_reads(p, x->a) | cond_reads(p, x->b);
    }
}

unsigned in_cond_reads(const remit_policy *p, uint32_t node)
{
    return cond_reads(p, node);
}

static int by_key_date(const void *a, const void *b)
{
    const struct ev_entry *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    if (x->date != y->date)
        return x->date < y->date ? -1 : 1;
    return (x->item > y->item) - (x->item < y->item);
}

/* Sort n entries, given in history order, by (key, date, item).  When
 * their dates never go down (a history written oldest first), sorting by
 * key alone, keeping the order of equal keys, is enough: a radix sort, a
 * byte a pass, over the bytes in which the keys differ (a text id or a
 * choice: a pass or two, none when all are alike); otherwise qsort. */
static void sort_entries(in_ctx *c, struct ev_entry *e, uint32_t n)
{
    bool dated = true;
    for (uint32_t i = 1; i < n && dated; i++)
        dated = e[i - 1].date <= e[i].date;
    if (!dated) {
        qsort(e, n, sizeof *e, by_key_date);
        return;
    }
    const uint64_t sign = UINT64_C(1) << 63; /* so that negative keys come first */
    uint64_t diff = 0;
    for (uint32_t i = 1; i < n; i++)
        diff |= (uint64_t)e[i].key ^ (uint64_t)e[0].key;
    if (!diff)
        return;
    ar_mark m = ar_mark_of(&c->s->arena);
    struct ev_entry *tmp = ar_alloc_raw(&c->s->arena, n * sizeof *tmp), *from = e, *to = tmp;
    for (unsigned b = 0; b < 64; b += 8) {
        if (!((diff >> b) & 0xFF))
            continue;
        uint32_t at[257] = {0};
        for (uint32_t i = 0; i < n; i++)
            at[((((uint64_t)from[i].key ^ sign) >> b) & 0xFF) + 1]++;
        for (unsigned k = 1; k < 257; k++)
            at[k] += at[k - 1];
        for (uint32_t i = 0; i < n; i++)
            to[at[(((uint64_t)from[i].key ^ sign) >> b) & 0xFF]++] = from[i];
        struct ev_entry *t = from;
        from = to;
        to = t;
    }
    if (from != e)
        memcpy(e, from, n * sizeof *e);
    ar_rewind(&c->s->arena, m);
}

/* Sort run x's n entries e (arena memory it keeps) and sum its amounts
 * (of `field`; PL_NONE: none, every sum 0). */
static void make_run(in_ctx *c, ev_run *x, struct ev_entry *e, uint32_t n, const ev_history *h,
                     uint32_t field)
{
    sort_entries(c, e, n);
    ev_sum *sum = ar_alloc_raw(&c->s->arena, (n + 1) * sizeof *sum);
    int64_t *date = ar_alloc_raw(&c->s->arena, (n + 1) * sizeof *date);
    sum[0] = 0;
    uint32_t keys = 0;
    for (uint32_t i = 0; i < n; i++) {
        sum[i + 1] = sum[i] + (field == PL_NONE ? 0 : ev_past_at(h, e[i].item)->fields[field]);
        date[i] = e[i].date;
        keys += i == 0 || e[i].key != e[i - 1].key;
    }
    /* the table of keys: at least twice as many slots as keys */
    uint32_t size = 2;
    while (size < 2 * (uint64_t)keys)
        size *= 2;
    struct ev_key *slot = ar_alloc(&c->s->arena, size * sizeof *slot);
    for (uint32_t i = 0; i < n;) {
        uint32_t j = i + 1;
        while (j < n && e[j].key == e[i].key)
            j++;
        uint32_t k = ev_key_slot(e[i].key, size - 1);
        while (slot[k].end)
            k = (k + 1) & (size - 1);
        slot[k] = (struct ev_key){e[i].key, i, j};
        i = j;
    }
    uint32_t *item = NULL; /* a ledger's (remit audit): each line sees the lines before it */
    if (c->ledger) {
        item = ar_alloc_raw(&c->s->arena, (n + 1) * sizeof *item);
        for (uint32_t i = 0; i < n; i++)
            item[i] = e[i].item;
    }
    *x = (ev_run){.n = n, .e = e, .sum = sum, .date = date, .item = item, .mask = size - 1, .slot = slot};
}

/* Index the entries of h for each cumulative limit (7.6): those of its
 * matter, by its `per` group and date, with the sums of their amounts; an
 * entry is left out when the limit's `when` fails for it whatever the
 * decision (it gives its context, or `when` reads none). */
/* The entries of h of each matter, in history order: of[at[m]..at[m + 1]);
 * nothing (every matter empty) when `none`. */
static void entries_by_matter(in_ctx *c, const ev_history *h, bool none, uint32_t **atp, uint32_t **ofp)
{
    const remit_policy *p = c->p;
    uint32_t *at = ar_alloc(&c->s->arena, (p->nmatters + 2) * sizeof *at);
    uint32_t *of = ar_alloc_raw(&c->s->arena, (h->n + 1) * sizeof *of);
    for (uint32_t k = 0; !none && k < h->n; k++)
        at[ev_past_at(h, k)->matter + 2]++;
    for (uint32_t m = 2; m < p->nmatters + 2; m++)
        at[m] += at[m - 1];
    for (uint32_t k = 0; !none && k < h->n; k++)
        of[at[ev_past_at(h, k)->matter + 1]++] = k;
    *atp = at;
    *ofp = of;
}

/* Make run x of entries of[from..to) (history places), grouped by field
 * per (PL_NONE: one group) with the sums of `field`: the entries are made
 * outside the arena and given back once the run is made (evaluation reads
 * its dates and sums: x->e is NULL). */
static void dates_and_sums(in_ctx *c, ev_run *x, const ev_history *h, const uint32_t *of, uint32_t from,
                           uint32_t to, uint32_t per, uint32_t field)
{
    struct ev_entry *e = rm_xmalloc(&c->s->arena, (to - from + 1) * sizeof *e);
    rm_cleanup_push(c->s, rm_free, e);
    for (uint32_t j = from; j < to; j++) {
        const ev_past *pe = ev_past_at(h, of[j]);
        e[j - from] = (struct ev_entry){per != PL_NONE ? pe->fields[per] : 0, pe->date, of[j]};
    }
    make_run(c, x, e, to - from, h, field);
    rm_cleanup_pop(c->s, e);
    free(e);
    x->e = NULL;
}

/* Index the entries of h for each prior approval (SPEC 4.12): those of its
 * matter taken by its holder, by its `per` group and date. */
static void index_priors(in_ctx *c, ev_history *h)
{
    const remit_policy *p = c->p;
    ev_run *runs = ar_alloc(&c->s->arena, (p->npriors + 1) * sizeof *runs);
    uint32_t *at, *of;
    entries_by_matter(c, h, !p->npriors, &at, &of);
    uint32_t *by = ar_alloc_raw(&c->s->arena, (h->n + 1) * sizeof *by);
    for (uint32_t k = 0; k < p->npriors; k++) {
        const pl_prior *x = &p->priors[k];
        uint32_t n = 0;
        for (uint32_t j = at[x->matter]; j < at[x->matter + 1]; j++)
            if (ev_past_at(h, of[j])->decider == x->by)
                by[n++] = of[j];
        dates_and_sums(c, &runs[k], h, by, 0, n, x->per, PL_NONE); /* dates only: no sums */
    }
    h->priors = runs;
}

/* Index the entries of h for each `total` of a condition (SPEC 5.7): those
 * of its matter, by its `per` group and date, with the sums of its field. */
static void index_totals(in_ctx *c, ev_history *h)
{
    const remit_policy *p = c->p;
    ev_run *runs = ar_alloc(&c->s->arena, (p->ntotals + 1) * sizeof *runs);
    uint32_t *at, *of;
    entries_by_matter(c, h, !p->ntotals, &at, &of);
    for (uint32_t k = 0; k < p->ntotals; k++) {
        const pl_total *t = &p->totals[k];
        dates_and_sums(c, &runs[k], h, of, at[t->matter], at[t->matter + 1], t->per, t->field);
    }
    h->totals = runs;
}

/* The policy's cumulative limits: per rule its index among them, or
 * PL_NONE (*limit_of); their indexes, empty, each knowing whether its
 * `when` reads a field; how many */
static uint32_t limits_of(in_ctx *c, uint32_t **limit_ofp, ev_limit_index **limp)
{
    const remit_policy *p = c->p;
    uint32_t *limit_of = ar_alloc_raw(&c->s->arena, (p->nrules + 1) * sizeof *limit_of), nl = 0;
    for (uint32_t i = 0; i < p->nrules; i++)
        limit_of[i] = p->rules[i].kind == R_LIMIT && p->rules[i].total_field != PL_NONE ? nl++ : PL_NONE;
    ev_limit_index *lim = ar_alloc(&c->s->arena, (nl + 1) * sizeof *lim);
    for (uint32_t i = 0; i < p->nrules; i++)
        if (limit_of[i] != PL_NONE)
            lim[limit_of[i]].open_reads_fields = cond_reads(p, p->rules[i].when) & 1;
    *limit_ofp = limit_of;
    *limp = lim;
    return nl;
}

static void index_limits(in_ctx *c, ev_history *h)
{
    const remit_policy *p = c->p;
    uint32_t *limit_of;
    ev_limit_index *lim;
    uint32_t nl = limits_of(c, &limit_of, &lim);
    uint32_t *at, *of;
    entries_by_matter(c, h, !nl, &at, &of);
    for (uint32_t i = 0; i < p->nrules; i++) {
        if (limit_of[i] == PL_NONE)
            continue;
        const pl_rule *r = &p->rules[i];
        ev_limit_index *x = &lim[limit_of[i]];
        unsigned reads = cond_reads(p, r->when);
        uint32_t nf = 0, no = 0, from = at[r->matter], to = at[r->matter + 1];
        for (uint32_t j = from; j < to; j++)
            *(ev_past_at(h, of[j])->context || !(reads & 2) ? &nf : &no) += 1;
        /* the fixed run's entries only while it is made (evaluation reads
         * its dates and sums): outside the arena, given back after */
        struct ev_entry *fe = rm_xmalloc(&c->s->arena, (nf + 1) * sizeof *fe);
        rm_cleanup_push(c->s, rm_free, fe);
        struct ev_entry *oe = ar_alloc_raw(&c->s->arena, (no + 1) * sizeof *oe);
        nf = no = 0;
        ev_decision hh = {0}; /* what a `when` reads: fields, context */
        for (uint32_t j = from; j < to; j++) {
            uint32_t k = of[j];
            const ev_past *e = ev_past_at(h, k);
            struct ev_entry x1 = {r->per_field != PL_NONE ? e->fields[r->per_field] : 0, e->date, k};
            hh.fields = e->fields;
            hh.context = e->context;
            hh.date = e->date;
            if (!e->context && (reads & 2))
                oe[no++] = x1;
            else if (ev_cond(p, r->when, &hh))
                fe[nf++] = x1;
        }
        make_run(c, &x->fixed, fe, nf, h, r->total_field);
        rm_cleanup_pop(c->s, fe);
        free(fe);
        x->fixed.e = NULL;
        make_run(c, &x->open, oe, no, h, r->total_field);
    }
    h->limit_of = limit_of;
    h->limits = lim;
}

/* Index the entries taken under each protocol (7.9) by date, with a tree
 * of their ratifications, so that a decision visits only those overdue on
 * its day (eval.c, overdue). */
static void index_crisis(in_ctx *c, ev_history *h)
{
    const remit_policy *p = c->p;
    ev_crisis_index *ix = ar_alloc(&c->s->arena, (p->nprotocols + 1) * sizeof *ix);
    for (uint32_t i = 0; i < h->nunder; i++)
        ix[ev_past_at(h, h->under[i])->under].n++;
    for (uint32_t pr = 0; pr < p->nprotocols; pr++) {
        ev_crisis_index *x = &ix[pr];
        uint32_t n = x->n, size = 1;
        while (size < n)
            size *= 2;
        struct ev_entry *e = ar_alloc_raw(&c->s->arena, (n + 1) * sizeof *e);
        uint32_t *item = ar_alloc_raw(&c->s->arena, (n + 1) * sizeof *item);
        int64_t *due = ar_alloc_raw(&c->s->arena, (n + 1) * sizeof *due);
        int64_t *open = ar_alloc_raw(&c->s->arena, 2 * size * sizeof *open);
        uint32_t k = 0;
        for (uint32_t i = 0; i < h->nunder; i++)
            if (ev_past_at(h, h->under[i])->under == pr)
                e[k++] = (struct ev_entry){0, ev_past_at(h, h->under[i])->date, h->under[i]};
        sort_entries(c, e, n);
        for (uint32_t i = 0; i < size; i++) {
            const ev_past *d = i < n ? ev_past_at(h, e[i].item) : NULL;
            if (d) {
                item[i] = e[i].item;
                due[i] = d->date + p->protocols[pr].ratify_within;
            }
            open[size + i] = !d ? INT64_MIN : d->ratified == INT64_MIN ? INT64_MAX : d->ratified;
        }
        item[n] = 0; /* (never read: written all the same, for arena memory given */
        due[n] = INT64_MIN; /* back by ar_rewind is not zeroed) */
        open[0] = INT64_MIN;
        for (uint32_t i = size - 1; i > 0; i--)
            open[i] = open[2 * i] > open[2 * i + 1] ? open[2 * i] : open[2 * i + 1];
        *x = (ev_crisis_index){n, size, item, due, open};
    }
    h->crisis = ix;
}

/* The most days period k (n days or months) can look back over; -1 for
 * the whole history. */
static int64_t look_back(rm_period k, int64_t n)
{
    switch (k) {
    case PER_DAYS: return n;
    case PER_MONTHS: return n / 12 * 366 + n % 12 * 31;
    case PER_CM: return 31;
    case PER_FQ: case PER_CQ: return 92;
    case PER_FY: case PER_CY: return 366;
    default: return -1;
    }
}

void in_history_too_long(in_ctx *c, const yi_node *at, uint32_t n)
{
    const remit_policy *p = c->p;
    int64_t over = 0; /* the longest period a cumulative limit or a total looks back over */
    bool all = false;
    for (uint32_t i = 0; i < p->nrules; i++)
        if (p->rules[i].kind == R_LIMIT && look_back(p->rules[i].period, p->rules[i].over) > over)
            over = look_back(p->rules[i].period, p->rules[i].over);
    for (uint32_t i = 0; i < p->ntotals; i++) {
        int64_t b = look_back(p->totals[i].period, p->totals[i].over);
        all |= b < 0;
        over = b > over ? b : over;
    }
    char hint[240];
    if (all)
        snprintf(hint, sizeof hint, "a total without `over` looks back over every earlier decision of its "
                 "matter (SPEC 5.7): give that matter's decisions and those taken under crisis powers, "
                 "or give the total a period");
    else if (over)
        snprintf(hint, sizeof hint, "give only the decisions of the %lld days before those to be evaluated "
                 "(the longest period of the policy's cumulative limits and totals) and those taken "
                 "under crisis powers: no other is looked at", (long long)over);
    else
        snprintf(hint, sizeof hint, "give only the decisions taken under crisis powers: the policy "
                 "has no cumulative limit, so no other is looked at");
    in_error(c, at, "R0713", hint, "a history holds at most %u decisions; this one has %u", IN_MAX_HISTORY, n);
}

/* Entry k onto a list of entries (*v, *n of *cap), grown by doubling. */
static void push_entry(in_ctx *c, uint32_t **v, uint32_t *cap, uint32_t *n, uint32_t k)
{
    if (*n == *cap) {
        uint32_t more = *cap ? 2 * *cap : 64;
        uint32_t *nu = ar_alloc_raw(&c->s->arena, more * sizeof *nu);
        if (*n)
            memcpy(nu, *v, *n * sizeof *nu);
        *v = nu;
        *cap = more;
    }
    (*v)[(*n)++] = k;
}

void in_hist_start(in_ctx *c, in_hist *b, ev_history *h)
{
    memset(h, 0, sizeof *h);
    *b = (in_hist){.h = h, .ok = true, .tab = c->tab};
    if (c->tab == &c->s->arena) {
        /* texts new in the history (names of people, of suppliers...) go
         * to an arena of their own, so that the entries that bring them
         * can be given back as well; the session's arena takes it over
         * at the end, or if memory runs out */
        b->texts = (rm_arena){NULL, c->s->arena.guard};
        b->pair[0] = &c->s->arena;
        b->pair[1] = &b->texts;
        rm_cleanup_push(c->s, ar_adopt_cleanup, b->pair);
        c->tab = &b->texts;
    }
    uint32_t most = 0; /* the most values an entry keeps */
    for (uint32_t i = 0; i < c->p->nmatters; i++)
        if (c->p->matters[i].nfields > most)
            most = c->p->matters[i].nfields;
    /* and each body's report (a body and a day) */
    b->buf = ar_alloc_raw(&c->s->arena, (most + c->p->ncontext + 2 * (size_t)c->p->nholders + 1) * sizeof *b->buf);
}

/* Has typing a decision left anything behind in the session arena that
 * stays: a report kept, a text new to the table (unless the table is
 * kept in an arena of its own: in_hist_start), anything else of c's?
 * (c->names and c->folded are made again for each decision, c->errors
 * only counts; a report past the most kept is counted, not made.) */
bool in_left_behind(const in_ctx *before, const in_ctx *c, uint32_t diags)
{
    in_ctx now;
    memcpy(&now, c, sizeof now); /* padding too: compared byte by byte */
    now.names = before->names;
    now.nfolded = before->nfolded;
    memcpy(now.folded, before->folded, sizeof now.folded);
    now.errors = before->errors;
    now.on = before->on; /* the date of the decision last read: nothing kept */
    if (c->tab != &c->s->arena) {
        now.texts = before->texts;
        now.ntexts = before->ntexts;
    }
    return memcmp(&now, before, sizeof now) || c->s->diags.n != diags;
}

/* What history entry d keeps (ev_past), its values aside in b->buf: its
 * fields, its context, the bodies it was reported to and when; how many
 * of each (*nf, *nc, *nr).  Its urgent power and grant are weighed as an
 * entry is typed, its totals its own values (d may have been typed as a
 * decision, with the history's). */
static ev_past entry_of(const in_ctx *c, in_hist *b, const ev_decision *d, uint32_t *nf, uint32_t *nc,
                        uint32_t *nr)
{
    const remit_policy *p = c->p;
    ev_past e = {d->date, d->ratified, NULL, NULL, d->matter, d->decider, d->under, PL_NONE, PL_NONE, 0, NULL};
    if (d->urgent || d->under != PL_NONE) {
        ev_decision own = *d;
        own.summed = false;
        e.urgent = d->urgent ? ev_urgent_power_of(p, &own) : PL_NONE;
        e.grant = d->under != PL_NONE ? ev_grant_of(p, &own) : PL_NONE;
    }
    *nf = p->matters[d->matter].nfields;
    *nc = d->context ? p->ncontext : 0;
    /* reports: followed up for urgent decisions and crisis grants that report */
    *nr = e.urgent != PL_NONE || e.grant != PL_NONE ? d->nreported : 0;
    memcpy(b->buf, d->fields, *nf * sizeof *b->buf);
    if (*nc)
        memcpy(b->buf + *nf, d->context, *nc * sizeof *b->buf);
    for (uint32_t i = 0; i < *nr; i++) {
        b->buf[*nf + *nc + 2 * i] = d->reported[i].body;
        b->buf[*nf + *nc + 2 * i + 1] = d->reported[i].on;
    }
    return e;
}

static void live_entry(in_ctx *c, in_hist *b, uint32_t k);

/* Entry e (entry_of: its values in b->buf) kept as the history's next */
static void entry_put(in_ctx *c, in_hist *b, ev_past e, uint32_t nf, uint32_t nc, uint32_t nr)
{
    ev_history *h = b->h;
    int64_t *v = ar_alloc_raw(&c->s->arena, (nf + nc + 1) * sizeof *v);
    memcpy(v, b->buf, (nf + nc) * sizeof *v);
    e.fields = v;
    e.context = nc ? v + nf : NULL;
    if (nr) {
        struct ev_reported *rv = ar_alloc_raw(&c->s->arena, nr * sizeof *rv);
        for (uint32_t i = 0; i < nr; i++)
            rv[i] = (struct ev_reported){(uint32_t)b->buf[nf + nc + 2 * i], b->buf[nf + nc + 2 * i + 1]};
        e.nreported = nr;
        e.reported = rv;
    }
    uint32_t k = h->n++, blk = k >> EV_PAST_SHIFT;
    if (blk == b->capblocks) {
        uint32_t cap = b->capblocks ? 2 * b->capblocks : 16;
        ev_past **nb = ar_alloc(&c->s->arena, cap * sizeof *nb);
        if (b->capblocks)
            memcpy(nb, h->blocks, b->capblocks * sizeof *nb);
        h->blocks = nb;
        b->capblocks = cap;
    }
    if (!(k & ((1u << EV_PAST_SHIFT) - 1)))
        h->blocks[blk] = ar_alloc_raw(&c->s->arena, (1u << EV_PAST_SHIFT) * sizeof(ev_past));
    h->blocks[blk][k & ((1u << EV_PAST_SHIFT) - 1)] = e;
    if (e.under != PL_NONE)
        push_entry(c, &b->under, &b->capunder, &h->nunder, k);
    if (e.urgent != PL_NONE || e.grant != PL_NONE) /* for its ratification and reports (7.15) */
        push_entry(c, &b->urgent, &b->capurgent, &h->nurgent, k);
    if (b->live)
        live_entry(c, b, k);
}

void in_hist_add(in_ctx *c, in_hist *b, const yi_node *entry, ar_mark m)
{
    in_ctx before;
    memcpy(&before, c, sizeof before);
    uint32_t diags = c->s->diags.n;
    ev_decision d;
    if (!decision(c, entry, &d, true) || !b->ok) {
        /* the history will not be used (an entry before this one, or this
         * one, has a fault: each is typed, for its reports): keep nothing */
        if (!in_left_behind(&before, c, diags))
            ar_rewind(&c->s->arena, m);
        b->ok = false;
        b->h->n++;
        if (b->live)
            c->hist = NULL;
        return;
    }
    /* keep what evaluation reads; give the rest back, when nothing that
     * stays was made with it */
    uint32_t nf, nc, nr;
    ev_past e = entry_of(c, b, &d, &nf, &nc, &nr);
    if (!in_left_behind(&before, c, diags))
        ar_rewind(&c->s->arena, m);
    entry_put(c, b, e, nf, nc, nr);
}

void in_hist_append(in_ctx *c, in_hist *b, const ev_decision *d)
{
    if (!b->ok) {
        b->h->n++;
        return;
    }
    uint32_t nf, nc, nr;
    ev_past e = entry_of(c, b, d, &nf, &nc, &nr);
    entry_put(c, b, e, nf, nc, nr);
}

void in_hist_done(in_ctx *c, in_hist *b)
{
    if (c->tab == &b->texts) {
        rm_cleanup_pop(c->s, b->pair);
        ar_adopt(&c->s->arena, &b->texts);
        c->tab = b->tab;
    }
}

/* The streams of obligations followed up (ev_owed, 7.15): one for each
 * obligation ev_urgent_owes of each urgent power and crisis grant that
 * some entry was taken under, its entries by date then place, with a tree
 * of the latest day each stretch was done (ratified, or reported to the
 * obligation's body); and which streams are owed to each holder, and
 * which are of urgent powers to each holder. */
/* The streams of obligations followed up: each rule's first, in first[]
 * (nrules + 1 of them), and the streams themselves, empty (*w); how many. */
static uint32_t owed_streams(in_ctx *c, uint32_t **firstp, ev_owed **wp)
{
    const remit_policy *p = c->p;
    rm_arena *a = &c->s->arena;
    uint32_t *first = ar_alloc_raw(a, (p->nrules + 1) * sizeof *first); /* a rule's first stream */
    uint32_t ns = 0;
    for (uint32_t r = 0; r < p->nrules; r++) {
        first[r] = ns;
        const pl_rule *x = &p->rules[r];
        for (uint32_t k = 0; (x->kind == R_URGENT || x->kind == R_GRANT) && k < x->nobligations; k++)
            ns += ev_urgent_owes(x, k);
    }
    first[p->nrules] = ns;
    ev_owed *w = ar_alloc(a, ((size_t)ns + 1) * sizeof *w);
    for (uint32_t r = 0, s = 0; r < p->nrules; r++) {
        const pl_rule *x = &p->rules[r];
        for (uint32_t k = 0; s < first[r + 1] && k < x->nobligations; k++)
            if (ev_urgent_owes(x, k))
                w[s++] = (ev_owed){.rule = r, .ob = k};
    }
    *firstp = first;
    *wp = w;
    return ns;
}

/* The streams of w (ns of them) with entries that are owed to each holder,
 * and those of urgent powers to each, into h */
static void owed_lists(in_ctx *c, ev_history *h, const ev_owed *w, uint32_t ns)
{
    const remit_policy *p = c->p;
    rm_arena *a = &c->s->arena;
    for (int by = 0; by < 2; by++) {
        uint32_t *at = ar_alloc(a, (p->nholders + 2) * sizeof *at), *fill = NULL, *list = NULL;
        for (int pass = 0; pass < 2; pass++) {
            if (pass) {
                list = ar_alloc_raw(a, ((size_t)at[p->nholders] + 1) * sizeof *list);
                fill = ar_alloc(a, (p->nholders + 1) * sizeof *fill);
            }
            for (uint32_t s = 0; s < ns; s++) {
                const pl_rule *x = &p->rules[w[s].rule];
                if (!w[s].n || (by && x->kind != R_URGENT))
                    continue;
                uint32_t who = by ? x->to : x->obligations[w[s].ob].holder;
                if (!pass)
                    at[who + 1]++;
                else
                    list[at[who] + fill[who]++] = s;
            }
            for (uint32_t x = 0; !pass && x < p->nholders; x++)
                at[x + 1] += at[x];
        }
        *(by ? &h->owed_by_at : &h->owed_to_at) = at;
        *(by ? &h->owed_by : &h->owed_to) = list;
    }
    h->nowed = ns;
    h->owed = w;
}

/* What entry e owes obligation ob (of stream w): when it is due (INT64_MAX:
 * not known, never overdue) and the day it was done (INT64_MAX: not done) */
static void owed_leaf(in_ctx *c, const pl_obligation *ob, const ev_past *e, int64_t *due, int64_t *done)
{
    /* due as the obligation says, with the calendar read before the
     * history (a due date not known, past the last meeting, is never
     * overdue) */
    int64_t at = ev_obligation_due(c->p, c->calendar, ob, e->date);
    *due = at == INT64_MIN ? INT64_MAX : at;
    *done = INT64_MAX; /* not done: ratified, or reported to the obligation's body */
    if (ob->kind == OB_RATIFY && e->ratified != INT64_MIN)
        *done = e->ratified;
    for (uint32_t q = 0; ob->kind == OB_REPORT && q < e->nreported; q++)
        if (e->reported[q].body == ob->holder)
            *done = e->reported[q].on;
}

static void index_owed(in_ctx *c, ev_history *h)
{
    const remit_policy *p = c->p;
    rm_arena *a = &c->s->arena;
    uint32_t *first;
    ev_owed *w;
    uint32_t ns = owed_streams(c, &first, &w);
    size_t npairs = 0; /* (entry, obligation) pairs */
    for (uint32_t i = 0; i < h->nurgent; i++) {
        const ev_past *e = ev_past_at(h, h->urgent[i]);
        uint32_t r = e->urgent != PL_NONE ? e->urgent : e->grant;
        npairs += first[r + 1] - first[r];
    }
    struct ev_entry *pe = ar_alloc_raw(a, (npairs + 1) * sizeof *pe);
    size_t np = 0;
    for (uint32_t i = 0; i < h->nurgent; i++) {
        const ev_past *e = ev_past_at(h, h->urgent[i]);
        uint32_t r = e->urgent != PL_NONE ? e->urgent : e->grant;
        for (uint32_t s = first[r]; s < first[r + 1]; s++)
            pe[np++] = (struct ev_entry){(int64_t)s, e->date, h->urgent[i]};
    }
    assert(np == npairs && npairs <= UINT32_MAX);
    sort_entries(c, pe, (uint32_t)npairs);
    for (size_t j = 0, s0 = 0; s0 < ns; s0++) {
        ev_owed *o = &w[s0];
        size_t j0 = j;
        while (j < npairs && pe[j].key == (int64_t)s0)
            j++;
        uint32_t n = (uint32_t)(j - j0), size = 1;
        while (size < n)
            size *= 2;
        uint32_t *item = ar_alloc_raw(a, ((size_t)n + 1) * sizeof *item);
        int64_t *due = ar_alloc_raw(a, ((size_t)n + 1) * sizeof *due);
        int64_t *open = ar_alloc_raw(a, 2 * (size_t)size * sizeof *open);
        const pl_obligation *ob = &p->rules[o->rule].obligations[o->ob];
        for (uint32_t i = 0; i < size; i++) {
            const ev_past *e = i < n ? ev_past_at(h, pe[j0 + i].item) : NULL;
            int64_t done = INT64_MIN;
            if (e) {
                item[i] = pe[j0 + i].item;
                owed_leaf(c, ob, e, &due[i], &done);
            }
            open[size + i] = done;
        }
        item[n] = 0; /* (never read: written all the same, for arena memory */
        due[n] = INT64_MAX; /* given back by ar_rewind is not zeroed) */
        open[0] = INT64_MIN;
        for (uint32_t i = size - 1; i > 0; i--)
            open[i] = open[2 * i] > open[2 * i + 1] ? open[2 * i] : open[2 * i + 1];
        o->n = n;
        o->size = size;
        o->item = item;
        o->due = due;
        o->open = open;
    }
    owed_lists(c, h, w, ns); /* the streams owed to each holder, and those of urgent powers to each */
}

/* ---- a history indexed as it is made (in_hist_live) */

/* A run (ev_run) made as its entries come: each key's entries in a
 * region of the arrays of their own, places [start, start + room) with
 * the sum before the first at sum[start] (and the sum after the last in
 * the place after the region), in (date, place) order as make_run sorts
 * them.  A full region moves to the end of the arrays with twice the
 * room, and full arrays are made again twice as large: the places left
 * behind are never more than those in use, and an entry costs O(1)
 * amortized (one dated before the last of its key moves those after it
 * up a place, and adds its amount to their sums). */
typedef struct lv_run {
    ev_run *x;                  /* where evaluation reads it */
    uint32_t matter, per, field; /* its entries' matter, `per` and summed fields (PL_NONE: none) */
    uint32_t by;                /* a prior approval's: the holder whose entries alone; else PL_NONE */
    uint32_t rule;              /* a cumulative limit's: its rule; else PL_NONE */
    bool open;                  /* a limit's entries without context when its `when` reads one */
    unsigned reads;             /* what the limit's `when` reads (cond_reads) */
    uint32_t used, cap;         /* places of the arrays used, and made */
    struct ev_entry *e;
    ev_sum *sum;
    int64_t *date;
    uint32_t *item;
    struct ev_key *slot;        /* size slots, at most half of them used */
    uint32_t *room;             /* per slot: the entries its region has room for */
    uint32_t nkeys, size;
} lv_run;

/* Entries by (date, place) with a tree of the latest day each stretch was
 * done (ev_crisis_index, ev_owed): size leaves, a power of two */
typedef struct lv_tree {
    uint32_t n, size;
    uint32_t *item;
    int64_t *date, *due, *open;
} lv_tree;

struct in_live {
    uint32_t nruns;
    lv_run *runs;
    ev_crisis_index *crisis;    /* per protocol, and its tree: */
    lv_tree *ctree;
    uint32_t nowed, *first;     /* the streams of obligations (owed_streams), */
    ev_owed *owed;
    lv_tree *otree;             /* and their trees */
};

/* Arrays of run l made cap places long, the places used kept */
static void lv_arrays(in_ctx *c, lv_run *l, uint32_t cap)
{
    rm_arena *a = &c->s->arena;
    struct ev_entry *e = ar_alloc_raw(a, (size_t)cap * sizeof *e);
    ev_sum *sum = ar_alloc_raw(a, ((size_t)cap + 1) * sizeof *sum);
    int64_t *date = ar_alloc_raw(a, (size_t)cap * sizeof *date);
    uint32_t *item = ar_alloc_raw(a, (size_t)cap * sizeof *item);
    if (l->used) {
        memcpy(e, l->e, l->used * sizeof *e);
        memcpy(sum, l->sum, ((size_t)l->used + 1) * sizeof *sum);
        memcpy(date, l->date, l->used * sizeof *date);
        memcpy(item, l->item, l->used * sizeof *item);
    } else {
        sum[0] = 0; /* (an empty run's sums: evaluation reads sum[0] - sum[0]) */
    }
    l->e = e;
    l->sum = sum;
    l->date = date;
    l->item = item;
    l->cap = cap;
}

/* Room for a region of `places` places at the end of l's arrays: its first */
static uint32_t lv_region(in_ctx *c, lv_run *l, uint32_t places)
{
    if (l->used + places > l->cap) {
        uint64_t cap = 2 * (uint64_t)l->cap;
        if (cap < (uint64_t)l->used + places)
            cap = (uint64_t)l->used + places;
        assert(cap < UINT32_MAX); /* (IN_MAX_HISTORY entries: far fewer places) */
        lv_arrays(c, l, (uint32_t)cap);
    }
    uint32_t at = l->used;
    l->used += places;
    return at;
}

/* The slot of key in l's table, made (a region of room for 2) when new */
static struct ev_key *lv_slot(in_ctx *c, lv_run *l, int64_t key, uint32_t **room)
{
    uint32_t k = ev_key_slot(key, l->size - 1);
    while (l->slot[k].end && l->slot[k].key != key)
        k = (k + 1) & (l->size - 1);
    if (!l->slot[k].end) {
        if (2 * (l->nkeys + 1) > l->size) { /* the table made twice as large */
            uint32_t size = 2 * l->size;
            struct ev_key *slot = ar_alloc(&c->s->arena, (size_t)size * sizeof *slot);
            uint32_t *rooms = ar_alloc_raw(&c->s->arena, (size_t)size * sizeof *rooms);
            for (uint32_t i = 0; i < l->size; i++) {
                if (!l->slot[i].end)
                    continue;
                uint32_t j = ev_key_slot(l->slot[i].key, size - 1);
                while (slot[j].end)
                    j = (j + 1) & (size - 1);
                slot[j] = l->slot[i];
                rooms[j] = l->room[i];
            }
            l->slot = slot;
            l->room = rooms;
            l->size = size;
            k = ev_key_slot(key, size - 1);
            while (l->slot[k].end)
                k = (k + 1) & (size - 1);
        }
        uint32_t at = lv_region(c, l, 3); /* (never place 0, lv_add's: a used slot's end is never 0) */
        l->sum[at] = 0;
        l->slot[k] = (struct ev_key){key, at, at};
        l->room[k] = 2;
        l->nkeys++;
    }
    *room = &l->room[k];
    return &l->slot[k];
}

/* Entry `item` (its key, date and amount) into run l, after the entries
 * of its key dated on or before it */
static void lv_add(in_ctx *c, lv_run *l, int64_t key, int64_t date, uint32_t item, int64_t amount)
{
    if (!l->used)
        (void)lv_region(c, l, 1); /* (place 0) */
    uint32_t *room;
    struct ev_key *x = lv_slot(c, l, key, &room);
    uint32_t n = x->end - x->start;
    if (n == *room) { /* full: moved to the end, with twice the room */
        uint32_t at = lv_region(c, l, 2 * n + 1); /* (x stays: the table is not touched) */
        memcpy(l->e + at, l->e + x->start, n * sizeof *l->e);
        memcpy(l->sum + at, l->sum + x->start, ((size_t)n + 1) * sizeof *l->sum);
        memcpy(l->date + at, l->date + x->start, n * sizeof *l->date);
        memcpy(l->item + at, l->item + x->start, n * sizeof *l->item);
        x->start = at;
        x->end = at + n;
        *room = 2 * n;
    }
    uint32_t pos = x->end;
    while (pos > x->start && l->date[pos - 1] > date)
        pos--;
    for (uint32_t j = x->end; j > pos; j--) { /* those dated after it, a place up */
        l->e[j] = l->e[j - 1];
        l->date[j] = l->date[j - 1];
        l->item[j] = l->item[j - 1];
        l->sum[j + 1] = l->sum[j] + amount;
    }
    l->e[pos] = (struct ev_entry){key, date, item};
    l->date[pos] = date;
    l->item[pos] = item;
    l->sum[pos + 1] = l->sum[pos] + amount;
    x->end++;
    *l->x = (ev_run){.n = l->used, .e = l->e, .sum = l->sum, .date = l->date, .item = c->ledger ? l->item : NULL,
                     .mask = l->size - 1, .slot = l->slot};
}

/* A run of l's kind, empty, read at *x */
static void lv_start(in_ctx *c, lv_run *l, ev_run *x, uint32_t matter, uint32_t per, uint32_t field)
{
    *l = (lv_run){.x = x, .matter = matter, .per = per, .field = field, .by = PL_NONE, .rule = PL_NONE,
                  .size = 8};
    l->slot = ar_alloc(&c->s->arena, l->size * sizeof *l->slot);
    l->room = ar_alloc_raw(&c->s->arena, l->size * sizeof *l->room);
    lv_arrays(c, l, 16);
    *x = (ev_run){.sum = l->sum, .date = l->date, .e = l->e, .mask = l->size - 1, .slot = l->slot};
}

/* The tree of t made again from its leaves (open[size..size + n), the
 * rest INT64_MIN) */
static void lv_tree_make(lv_tree *t)
{
    for (uint32_t i = t->n; i < t->size; i++)
        t->open[t->size + i] = INT64_MIN;
    t->open[0] = INT64_MIN;
    for (uint32_t i = t->size - 1; i > 0; i--)
        t->open[i] = t->open[2 * i] > t->open[2 * i + 1] ? t->open[2 * i] : t->open[2 * i + 1];
}

/* t with room for `size` leaves */
static void lv_tree_size(in_ctx *c, lv_tree *t, uint32_t size)
{
    rm_arena *a = &c->s->arena;
    uint32_t *item = ar_alloc_raw(a, ((size_t)size + 1) * sizeof *item);
    int64_t *date = ar_alloc_raw(a, ((size_t)size + 1) * sizeof *date);
    int64_t *due = ar_alloc_raw(a, ((size_t)size + 1) * sizeof *due);
    int64_t *open = ar_alloc_raw(a, 2 * (size_t)size * sizeof *open);
    if (t->n) {
        memcpy(item, t->item, t->n * sizeof *item);
        memcpy(date, t->date, t->n * sizeof *date);
        memcpy(due, t->due, t->n * sizeof *due);
        memcpy(open + size, t->open + t->size, t->n * sizeof *open);
    }
    *t = (lv_tree){t->n, size, item, date, due, open};
    lv_tree_make(t);
}

/* Entry `item` (dated `date`, due `due`, done on `done`) into t, after
 * those dated on or before it */
static void lv_tree_add(in_ctx *c, lv_tree *t, uint32_t item, int64_t date, int64_t due, int64_t done)
{
    if (t->n == t->size || !t->size)
        lv_tree_size(c, t, t->size ? 2 * t->size : 1);
    uint32_t pos = t->n;
    while (pos > 0 && t->date[pos - 1] > date)
        pos--;
    for (uint32_t j = t->n; j > pos; j--) {
        t->item[j] = t->item[j - 1];
        t->date[j] = t->date[j - 1];
        t->due[j] = t->due[j - 1];
        t->open[t->size + j] = t->open[t->size + j - 1];
    }
    t->item[pos] = item;
    t->date[pos] = date;
    t->due[pos] = due;
    t->open[t->size + pos] = done;
    bool last = pos == t->n++;
    if (!last) {
        lv_tree_make(t);
        return;
    }
    for (uint32_t i = (t->size + pos) / 2; i > 0; i /= 2)
        t->open[i] = t->open[2 * i] > t->open[2 * i + 1] ? t->open[2 * i] : t->open[2 * i + 1];
}

/* Entry k of the history into every index that takes it, as
 * index_limits, index_totals, index_priors, index_crisis and index_owed
 * would put it */
static void live_entry(in_ctx *c, in_hist *b, uint32_t k)
{
    const remit_policy *p = c->p;
    ev_history *h = b->h;
    struct in_live *v = b->live;
    const ev_past *e = ev_past_at(h, k);
    for (uint32_t i = 0; i < v->nruns; i++) {
        lv_run *l = &v->runs[i];
        if (l->matter != e->matter || (l->by != PL_NONE && e->decider != l->by))
            continue;
        if (l->rule != PL_NONE) { /* a limit: into its open run, its fixed one, or neither */
            bool open = !e->context && (l->reads & 2);
            if (open != l->open)
                continue;
            ev_decision hh = {.fields = e->fields, .context = e->context, .date = e->date};
            if (!open && !ev_cond(p, p->rules[l->rule].when, &hh))
                continue;
        }
        lv_add(c, l, l->per != PL_NONE ? e->fields[l->per] : 0, e->date, k,
               l->field != PL_NONE ? e->fields[l->field] : 0);
    }
    if (e->under != PL_NONE) {
        lv_tree *t = &v->ctree[e->under];
        lv_tree_add(c, t, k, e->date, e->date + p->protocols[e->under].ratify_within,
                    e->ratified == INT64_MIN ? INT64_MAX : e->ratified);
        v->crisis[e->under] = (ev_crisis_index){t->n, t->size, t->item, t->due, t->open};
    }
    h->under = b->under;
    h->urgent = b->urgent;
    if (e->urgent != PL_NONE || e->grant != PL_NONE) {
        uint32_t r = e->urgent != PL_NONE ? e->urgent : e->grant;
        bool fresh = false;
        for (uint32_t s = v->first[r]; s < v->first[r + 1]; s++) {
            ev_owed *o = &v->owed[s];
            lv_tree *t = &v->otree[s];
            int64_t due, done;
            owed_leaf(c, &p->rules[o->rule].obligations[o->ob], e, &due, &done);
            fresh |= !t->n;
            lv_tree_add(c, t, k, e->date, due, done);
            o->n = t->n;
            o->size = t->size;
            o->item = t->item;
            o->due = t->due;
            o->open = t->open;
        }
        if (fresh) /* a stream with its first entry: listed for its holders */
            owed_lists(c, h, v->owed, v->nowed);
    }
    c->hist = h;
}

void in_hist_live(in_ctx *c, in_hist *b)
{
    const remit_policy *p = c->p;
    rm_arena *a = &c->s->arena;
    ev_history *h = b->h;
    struct in_live *v = ar_alloc(a, sizeof *v);
    uint32_t *limit_of;
    ev_limit_index *lim;
    uint32_t nl = limits_of(c, &limit_of, &lim);
    ev_run *totals = ar_alloc(a, (p->ntotals + 1) * sizeof *totals);
    ev_run *priors = ar_alloc(a, (p->npriors + 1) * sizeof *priors);
    v->runs = ar_alloc(a, (2 * (size_t)nl + p->ntotals + p->npriors + 1) * sizeof *v->runs);
    for (uint32_t i = 0; i < p->nrules; i++) {
        if (limit_of[i] == PL_NONE)
            continue;
        const pl_rule *r = &p->rules[i];
        ev_limit_index *x = &lim[limit_of[i]];
        unsigned reads = cond_reads(p, r->when);
        for (int open = 0; open < 2; open++) {
            lv_run *l = &v->runs[v->nruns++];
            lv_start(c, l, open ? &x->open : &x->fixed, r->matter, r->per_field, r->total_field);
            l->rule = i;
            l->open = open;
            l->reads = reads;
        }
    }
    for (uint32_t i = 0; i < p->ntotals; i++)
        lv_start(c, &v->runs[v->nruns++], &totals[i], p->totals[i].matter, p->totals[i].per, p->totals[i].field);
    for (uint32_t i = 0; i < p->npriors; i++) {
        lv_run *l = &v->runs[v->nruns++];
        lv_start(c, l, &priors[i], p->priors[i].matter, p->priors[i].per, PL_NONE);
        l->by = p->priors[i].by;
    }
    v->crisis = ar_alloc(a, (p->nprotocols + 1) * sizeof *v->crisis);
    v->ctree = ar_alloc(a, (p->nprotocols + 1) * sizeof *v->ctree);
    for (uint32_t i = 0; i < p->nprotocols; i++) {
        lv_tree_size(c, &v->ctree[i], 1);
        v->crisis[i] = (ev_crisis_index){0, 1, v->ctree[i].item, v->ctree[i].due, v->ctree[i].open};
    }
    v->nowed = owed_streams(c, &v->first, &v->owed);
    v->otree = ar_alloc(a, ((size_t)v->nowed + 1) * sizeof *v->otree);
    for (uint32_t s = 0; s < v->nowed; s++) {
        lv_tree_size(c, &v->otree[s], 1);
        v->owed[s].size = 1;
        v->owed[s].item = v->otree[s].item;
        v->owed[s].due = v->otree[s].due;
        v->owed[s].open = v->otree[s].open;
    }
    owed_lists(c, h, v->owed, v->nowed);
    h->limit_of = limit_of;
    h->limits = lim;
    h->totals = totals;
    h->priors = priors;
    h->crisis = v->crisis;
    b->live = v;
    for (uint32_t k = 0; b->ok && k < h->n; k++) /* the entries added before */
        live_entry(c, b, k);
    c->hist = b->ok ? h : NULL;
}

bool in_hist_finish(in_ctx *c, in_hist *b)
{
    in_hist_done(c, b);
    b->h->under = b->under;
    b->h->urgent = b->urgent;
    if (b->ok && b->live)
        c->hist = b->h; /* indexed as it was made */
    else if (b->ok) {
        index_limits(c, b->h);
        index_totals(c, b->h);
        index_priors(c, b->h);
        index_crisis(c, b->h);
        index_owed(c, b->h);
        c->hist = b->h;
    }
    return b->ok;
}

bool in_history(in_ctx *c, const yi_node *root, ev_history *h)
{
    memset(h, 0, sizeof *h);
    if (!root || root->kind != YI_SEQ) {
        if (root)
            in_error(c, root, "R0723", "a history is a list of earlier decisions, each like a decision",
                     "a history must be a list of decisions");
        return false;
    }
    if (root->n > IN_MAX_HISTORY) {
        in_history_too_long(c, root->items[IN_MAX_HISTORY], root->n);
        return false;
    }
    in_hist b;
    in_hist_start(c, &b, h);
    for (uint32_t i = 0; i < root->n; i++)
        in_hist_add(c, &b, root->items[i], ar_mark_of(&c->s->arena));
    return in_hist_finish(c, &b);
}

/* When x is to declare a registered interest of kind `kind` acquired on
 * `acquired` (8.3): the earliest, over the conflicts blocks whose
 * category `kind` has `declare`, of `declare within` counted from the
 * later of acquiring it and the person's unbroken time in post on the
 * block's body (tenure_from), in each role that sits on it (any role for
 * a block for every body) held on some day from acquiring it up to `on`;
 * from acquiring it, under a block for every body, for a person with no
 * role at all.  INT64_MAX when none is owed.  *joined: the holding whose
 * time in post the day counts from, and *joined_on its first day, or
 * UINT32_MAX when it counts from acquiring. */
static int64_t declaration_due(const remit_policy *p, const in_person *x, const char *kind, int64_t acquired,
                               int64_t on, const pl_conflicts **block, uint32_t *joined, int64_t *joined_on)
{
    int64_t due = INT64_MAX;
    *joined = UINT32_MAX;
    for (uint32_t b = 0; b < p->nconflicts; b++) {
        const pl_conflicts *cf = &p->conflicts[b];
        bool declares = false;
        for (uint32_t q = 0; cf->declare_within >= 0 && q < cf->ncats && !declares; q++)
            declares = (cf->cats[q].actions & 1u) && !strcmp(cf->cats[q].name, kind);
        if (!declares)
            continue;
        if (!x->nroles && cf->body == PL_NONE && acquired + cf->declare_within < due) {
            due = acquired + cf->declare_within;
            *block = cf;
            *joined = UINT32_MAX;
        }
        for (uint32_t k = 0; k < x->nroles; k++) {
            if ((x->span && (x->span[2 * k + 1] < acquired || (on != INT64_MIN && x->span[2 * k] > on))) ||
                !sits_on(p, cf->body, x->roles[k]))
                continue;
            int64_t from = tenure_from(p, x, k, cf->body), start = from > acquired ? from : acquired;
            if (start + cf->declare_within < due) {
                due = start + cf->declare_within;
                *block = cf;
                *joined = from > acquired ? k : UINT32_MAX;
                *joined_on = from;
            }
        }
    }
    return due;
}

void in_register_findings(in_ctx *c, const yi_node *root, int64_t on)
{
    const remit_policy *p = c->p;
    const yi_node *people = yi_get(root, "people");
    pl_field datef = {.name = "date", .type = TY_DATE};
    int64_t fy = on == INT64_MIN ? 0 : lit_period_start(PER_FY, 0, on, p->fy_month, p->fy_day);
    char d1[16], d2[16];
    for (uint32_t i = 0; i < people->n && i < c->npeople; i++) {
        const yi_node *e = people->items[i], *ints = yi_get(e, "interests"), *rets = yi_get(e, "returns");
        const in_person *x = &c->people[i];
        for (uint32_t k = 0; ints && k < ints->n; k++) {
            const in_reg_interest *ri = &x->ints[k];
            const pl_conflicts *cf = NULL;
            if (ri->acquired == INT64_MIN)
                continue; /* never found late (7.10) */
            uint32_t joined; /* the holding whose time in post the day counts from */
            int64_t joined_on = INT64_MIN;
            int64_t due = declaration_due(p, x, ri->kind, ri->acquired, on, &cf, &joined, &joined_on);
            if (due == INT64_MAX)
                continue;
            lit_format_date(due, d1, sizeof d1);
            char since[160] = " of acquiring it"; /* or of taking up the role, when later */
            if (joined != UINT32_MAX) {
                lit_format_date(joined_on, d2, sizeof d2);
                snprintf(since, sizeof since, ", counted from the day the person took up post (%s, in "
                         "the role '%s' or one before it), later than acquiring it",
                         d2, p->holders[x->roles[joined]].name);
            }
            if (ri->declared != INT64_MIN && ri->declared > due) {
                lit_format_date(ri->declared, d2, sizeof d2);
                dg_item *g = dg_warning(c->s, yi_get(ints->items[k], "declared")->loc, "R0881",
                                        "%s declared the interest (kind '%s') in %s on %s, late: it was due by %s",
                                        x->text, ri->kind, ri->subject_name, d2, d1);
                dg_hint(c->s, g, "the conflicts rules (%s:%u) say `declare within %lld days`%s",
                        cf->declare_src.file, cf->declare_src.line, (long long)cf->declare_within, since);
            } else if (ri->declared == INT64_MIN && on != INT64_MIN && on > due) {
                dg_item *g = dg_warning(c->s, ints->items[k]->loc, "R0882", "%s has not declared the interest "
                                        "(kind '%s') in %s, due by %s", x->text, ri->kind, ri->subject_name, d1);
                dg_hint(c->s, g, "record the date it was declared with declared: DATE; the conflicts rules "
                                 "(%s:%u) say `declare within %lld days`%s",
                        cf->declare_src.file, cf->declare_src.line, (long long)cf->declare_within, since);
            }
        }
        c->on = on;
        uint32_t nheld = 0;
        if (on != INT64_MIN)
            roles_on(c, x, &nheld);
        c->on = INT64_MIN;
        if (!nheld)
            continue; /* no role held on the day (or no day) */
        bool made = false; /* an annual declaration, nil or not, this financial year */
        for (uint32_t k = 0; rets && k < rets->n && !made; k++) {
            int64_t day;
            made = value(c, rets->items[k], &datef, &day) && day >= fy && day <= on;
        }
        if (!made) {
            lit_format_date(fy, d1, sizeof d1);
            lit_format_date(on, d2, sizeof d2);
            dg_item *g = dg_warning(c->s, yi_get(e, "name")->loc, "R0883", "%s, who holds a role, has made no "
                                    "declaration of interests this financial year (%s to %s)", x->text, d1, d2);
            dg_hint(c->s, g, "record the date of the person's annual declaration, a nil return too, under "
                             "returns: [DATE]");
        }
    }
}

/* A calendar of meetings (SPEC 7.1.6): `meetings:` mapping bodies to
 * lists of dates, kept per body in order. */
bool in_calendar(in_ctx *c, const yi_node *root)
{
    uint32_t errors = c->errors;
    const remit_policy *p = c->p;
    const yi_node *ms = root && root->kind == YI_MAP ? yi_get(root, "meetings") : NULL;
    if (!ms || ms->kind != YI_MAP) {
        if (root)
            in_error(c, ms ? ms : root, "R0723", "write meetings: followed by each body and the dates it "
                     "meets, e.g. meetings: { board: [2026-12-03, 2027-02-04] }",
                     "a calendar lists the meetings of bodies");
        return false;
    }
    static const char *const calkeys[] = {"meetings", NULL};
    only_keys(c, root, calkeys, "a calendar");
    uint32_t *at = ar_alloc(c->tab, (p->nholders + 2) * sizeof *at);
    uint32_t total = 0;
    for (uint32_t i = 0; i < ms->n; i++)
        total += ms->items[i]->kind == YI_SEQ ? ms->items[i]->n : 0;
    int64_t *dates = ar_alloc(c->tab, ((size_t)total + 1) * sizeof *dates);
    uint32_t *of = ar_alloc_raw(c->tab, ((size_t)total + 1) * sizeof *of); /* each date's body */
    uint32_t n = 0;
    pl_field datef = {.name = "the date of a meeting", .type = TY_DATE};
    for (uint32_t i = 0; i < ms->n; i++) {
        uint32_t h = body_named(c, ms->keys[i], "a body in the calendar", "the calendar lists the meetings of bodies");
        if (h == PL_NONE)
            continue;
        for (uint32_t k = 0; k < i; k++)
            if (ms->keys[k]->len == ms->keys[i]->len && !memcmp(ms->keys[k]->text, ms->keys[i]->text, ms->keys[i]->len))
                h = PL_NONE; /* (a key given twice is R0706 already) */
        const yi_node *list = ms->items[i];
        if (h == PL_NONE)
            continue;
        if (list->kind != YI_SEQ) {
            in_error(c, list, "R0723", "write the dates as a list: [2026-12-03, 2027-02-04]",
                     "the meetings of '%s' must be a list of dates", p->holders[h].name);
            continue;
        }
        for (uint32_t k = 0; k < list->n; k++) {
            int64_t v;
            if (value(c, list->items[k], &datef, &v)) {
                dates[n] = v;
                of[n++] = h;
            }
        }
    }
    if (c->errors != errors)
        return false;
    /* by body, then date: counted per body, placed, each body's sorted */
    for (uint32_t k = 0; k < n; k++)
        at[of[k] + 1]++;
    for (uint32_t h = 0; h < p->nholders; h++)
        at[h + 1] += at[h];
    int64_t *sorted = ar_alloc(c->tab, ((size_t)n + 1) * sizeof *sorted);
    uint32_t *fill = ar_alloc(c->tab, (p->nholders + 1) * sizeof *fill);
    for (uint32_t k = 0; k < n; k++)
        sorted[at[of[k]] + fill[of[k]]++] = dates[k];
    for (uint32_t h = 0; h < p->nholders; h++)
        qsort(sorted + at[h], at[h + 1] - at[h], sizeof *sorted, by_i64);
    ev_calendar *cal = ar_alloc(c->tab, sizeof *cal);
    cal->at = at;
    cal->dates = sorted;
    c->calendar = cal;
    return true;
}

/* A person's roles in the register (7.1.5): each a name, held
 * throughout, or { role, from, until }, held from the first day to the
 * last (either may be left out); the same role twice only for periods
 * that do not overlap (R0737).  x->span is kept only when some role is
 * dated. */
static void register_roles(in_ctx *c, in_person *x, const yi_node *roles)
{
    int64_t *span = ar_alloc_raw(&c->s->arena, 2 * ((size_t)roles->n + 1) * sizeof *span);
    bool dated = false;
    for (uint32_t k = 0; k < roles->n; k++) {
        const yi_node *it = roles->items[k], *rn = it, *v;
        int64_t from = INT64_MIN, until = INT64_MAX;
        if (it->kind == YI_MAP) {
            static const char *const hkeys[] = {"role", "from", "until", NULL};
            only_keys(c, it, hkeys, "a role in the register");
            if (!(rn = yi_get(it, "role"))) {
                in_error(c, it, "R0725", "write { role: ned, from: 2026-04-01, until: 2027-03-31 }; from and "
                         "until are the first and last days the role is held, and either may be left out",
                         "a role held for a time needs its role");
                continue;
            }
            pl_field ff = {.name = "from", .type = TY_DATE}, uf = {.name = "until", .type = TY_DATE};
            bool ok = true;
            if ((v = yi_get(it, "from")))
                ok &= value(c, v, &ff, &from);
            if ((v = yi_get(it, "until")))
                ok &= value(c, v, &uf, &until);
            if (ok && from > until) {
                char d1[16], d2[16];
                lit_format_date(from, d1, sizeof d1);
                lit_format_date(until, d2, sizeof d2);
                in_error(c, v, "R0737", "until is the last day the role is held: correct one of the dates",
                         "the role is held until %s, before it is held from %s", d2, d1);
                ok = false;
            }
            if (!ok)
                continue;
            dated = true;
        }
        uint32_t h = holder_named(c, rn, "a role in the register");
        if (h == PL_NONE)
            continue;
        bool twice = false;
        for (uint32_t j = 0; j < x->nroles && !twice; j++)
            twice = x->roles[j] == h && span[2 * j] <= until && from <= span[2 * j + 1];
        if (twice) {
            in_error(c, rn, "R0737", "give each role once, or, for a role held more than once, the days "
                     "of each holding, { role: ned, from: 2024-04-01, until: 2025-03-31 }, so that no day is "
                     "in two of them", "the register gives '%s' the role '%s' twice for the same days",
                     x->text, c->p->holders[h].name);
            continue;
        }
        span[2 * x->nroles] = from;
        span[2 * x->nroles + 1] = until;
        x->roles[x->nroles++] = h;
    }
    if (dated) {
        x->span = ar_alloc_raw(c->tab, 2 * ((size_t)x->nroles + 1) * sizeof *x->span);
        memcpy(x->span, span, 2 * (size_t)x->nroles * sizeof *span);
    }
}

bool in_register(in_ctx *c, const yi_node *root)
{
    uint32_t errors = c->errors;
    const yi_node *people = root && root->kind == YI_MAP ? yi_get(root, "people") : NULL;
    if (!people || people->kind != YI_SEQ) {
        if (root)
            in_error(c, root, "R0723", "write people: followed by a list of { name, roles, interests }",
                     "a register lists people");
        return false;
    }
    static const char *const regkeys[] = {"people", NULL};
    only_keys(c, root, regkeys, "a register");
    c->people = ar_alloc(c->tab, (people->n + 1) * sizeof *c->people);
    pl_field datef = {.name = "date", .type = TY_DATE};
    for (uint32_t i = 0; i < people->n; i++) {
        const yi_node *e = people->items[i], *nm = yi_get(e, "name"), *roles = yi_get(e, "roles");
        static const char *const rkeys[] = {"name", "roles", "interests", "returns", NULL};
        only_keys(c, e, rkeys, "a person in the register");
        if (!nm || !scalar(nm) || !roles || roles->kind != YI_SEQ) {
            in_error(c, e, "R0725", "write { name: \"A. Smith\", roles: [cfo], interests: [...] }",
                     "a person in the register needs a name and a list of roles");
            continue;
        }
        in_person *x = &c->people[c->npeople];
        x->name = intern(c, nm->text, nm->len);
        if (registered(c, x->name)) {
            in_error(c, nm, "R0706", "each person is listed once", "'%s' is listed twice", nm->text);
            continue;
        }
        const char *other = fold_clash(c->tab, &c->regfold, nm->text, nm->len);
        if (other) {
            in_error(c, nm, "R0734", "each person is listed once, with one spelling of their name",
                     "'%s' and '%s' differ only in capitals or spaces", nm->text, other);
            continue;
        }
        x->text = ar_strndup(c->tab, nm->text, nm->len);
        index_person(c, c->npeople);
        x->roles = roles->n <= IN_ROLES_INLINE ? x->inl : ar_alloc(c->tab, (roles->n + 1) * sizeof *x->roles);
        register_roles(c, x, roles);
        const yi_node *rets = yi_get(e, "returns"); /* annual declarations (7.1.5), checked only */
        if (rets && rets->kind != YI_SEQ)
            in_error(c, rets, "R0723", "write returns: [2026-04-20], the dates of the person's annual "
                     "declarations of interests, nil returns too", "returns must be a list of dates");
        pl_field retf = {.name = "returns", .type = TY_DATE};
        for (uint32_t k = 0; rets && rets->kind == YI_SEQ && k < rets->n; k++) {
            int64_t day;
            value(c, rets->items[k], &retf, &day);
        }
        const yi_node *ints = yi_get(e, "interests");
        if (ints && ints->kind == YI_SEQ) {
            x->ints = ar_alloc(c->tab, (ints->n + 1) * sizeof *x->ints);
            for (uint32_t k = 0; k < ints->n; k++) {
                const yi_node *t = ints->items[k], *kd = yi_get(t, "kind"), *in = yi_get(t, "in");
                static const char *const ikeys[] = {"kind", "in", "acquired", "declared", NULL};
                only_keys(c, t, ikeys, "a registered interest");
                if (!kd || !in || !scalar(kd) || !scalar(in)) {
                    in_error(c, t, "R0725", "write { kind: CATEGORY, in: \"what it is in\" }",
                             "an interest needs its kind and what it is in");
                    continue;
                }
                bool known = false; /* a kind some conflicts block names */
                for (uint32_t b = 0; b < c->p->nconflicts && !known; b++)
                    for (uint32_t q = 0; q < c->p->conflicts[b].ncats && !known; q++)
                        known = !strcmp(c->p->conflicts[b].cats[q].name, kd->text);
                if (!known) {
                    in_error(c, kd, "R0724", "the kinds are declared in the policy's conflicts blocks",
                             "'%s' is not a category of interest in this policy", kd->text);
                    continue;
                }
                in_reg_interest *ri = &x->ints[x->nint];
                ri->kind = ar_strndup(c->tab, kd->text, kd->len);
                ri->subject = intern(c, in->text, in->len);
                ri->subject_name = ar_strndup(c->tab, in->text, in->len);
                ri->acquired = ri->declared = INT64_MIN;
                const yi_node *v;
                if ((v = yi_get(t, "acquired")))
                    value(c, v, &datef, &ri->acquired);
                if ((v = yi_get(t, "declared")))
                    value(c, v, &datef, &ri->declared);
                x->nint++;
            }
        } else if (ints) {
            in_error(c, ints, "R0723", NULL, "interests must be a list");
        }
        c->npeople++;
    }
    index_roles(c);
    return c->errors == errors;
}
