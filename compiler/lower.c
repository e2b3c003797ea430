/*
 * lower.c - from a checked syntax tree to the compiled policy (policy.h).
 * Names become indices, conditions become flat node arrays with constants
 * folded, choice lists become bit masks, joint approval becomes a list of
 * alternatives, precedence is closed into bits per matter (pl_prec).
 *
 * Lowering runs as passes over the declarations (pl_lower, at the end of
 * the file), each saying what it needs from those before it.  It only
 * reads the session: the numbers it gives names are kept in its own map,
 * not in the checker's symbol table, and its working memory is a scratch
 * arena freed when it returns.  Everything the policy keeps is copied
 * into its own arena, so the session that checked it can be freed.
 *
 * The asserts say what a clean check guarantees (lowering is only ever
 * given a session without errors): every name resolves, to a symbol of
 * the kind its position needs, and the counts of each pass agree.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

typedef struct lw {
    const remit_session *s;  /* read only: the checked tree and its files */
    remit_policy *p;
    rm_arena *a;             /* the policy's arena: what the policy keeps */
    rm_arena scratch;        /* what lowering needs only while it runs */
    rm_symtab names;         /* every declared name -> its number (rm_sym.index):
                                lowering's own map, in scratch (name_number) */
    const char **paths;      /* per file of the session: its path in the
                                policy's arena, copied once (src_of) */
    uint32_t nrules;         /* rules, a protocol's grants among them, and */
    uint32_t nconflicts;     /* conflicts blocks: counted by number_names */
    rm_vec nodes;            /* pl_node*, copied to an array at the end */
    rm_symtab texts;         /* text constants -> id (rm_sym.index) */
    rm_vec textv;
    uint32_t matter;         /* the matter of the rule being lowered, for `total` */
    rm_vec priors;           /* pl_prior*: the prior approvals met so far, in order */
    rm_vec totals;           /* pl_total*: the terms met so far, in order */
    /* thresholds (pl_threshold*, for test coverage): noted while a rule's
     * `when` or `limit`, or a protocol's `active when`, is lowered
     * (th_rule, th_protocol), and by `up to`, `after` and `total` */
    bool th_on;
    uint32_t th_rule, th_protocol;
    rm_vec ths;
} lw;

#define LW_M(k) (1u << (k))
#define LW_HOLDER (LW_M(SYM_ROLE) | LW_M(SYM_BODY))

static char *cp(lw *w, const char *s, uint32_t n) { return ar_strndup(w->a, s, n); }
static char *cpn(lw *w, const rm_name *n) { return ar_strndup(w->a, n->s, n->len); }

/* Where loc is, for explanations.  Its file's path is copied into the
 * policy the first time, and shared by every later position in it. */
static pl_src src_of(lw *w, rm_loc loc)
{
    assert(loc.file < w->s->files.n);
    const rm_file *f = w->s->files.v[loc.file];
    if (!w->paths[loc.file])
        w->paths[loc.file] = cp(w, f->path, (uint32_t)strlen(f->path));
    unsigned line, col;
    dg_linecol(f, loc.start, &line, &col);
    return (pl_src){w->paths[loc.file], line};
}

/* ------------------------------------------------------------- names */

/* Give name n of kind `kind` the number `index` in lowering's map. */
static void name_number(lw *w, sym_kind kind, const rm_name *n, uint32_t index)
{
    rm_sym *e = ar_alloc(&w->scratch, sizeof *e);
    e->kind = kind;
    e->name = *n;
    e->index = index;
    rm_sym *in = sym_insert(&w->scratch, &w->names, e);
    assert(in == e); /* a clean check declares each name once */
    (void)in;
}

/* The entry of name n, which the check resolved to a symbol of one of
 * `kinds` (LW_M bits); NULL (never, after a clean check) when it has none. */
static const rm_sym *name_find(const lw *w, const rm_name *n, unsigned kinds)
{
    const rm_sym *e = sym_find(&w->names, n->s, n->len);
    assert(e && (kinds & LW_M(e->kind)));
    (void)kinds;
    return e;
}

/* The number of name n (of one of `kinds`), or PL_NONE when n is empty. */
static uint32_t index_of(const lw *w, const rm_name *n, unsigned kinds)
{
    if (!n->len)
        return PL_NONE;
    const rm_sym *e = name_find(w, n, kinds);
    return e ? e->index : PL_NONE;
}

/* A tier's rank, or -1 when n is empty. */
static int32_t tier_of(const lw *w, const rm_name *n)
{
    return n->len ? (int32_t)index_of(w, n, LW_M(SYM_TIER)) : -1;
}

static uint32_t text_id(lw *w, const char *s, uint32_t len)
{
    rm_sym *e = sym_find(&w->texts, s, len);
    if (e)
        return e->index;
    e = ar_alloc(&w->scratch, sizeof *e);
    e->name.s = s;
    e->name.len = len;
    e->index = w->textv.n;
    sym_insert(&w->scratch, &w->texts, e);
    rm_vec_push(&w->scratch, &w->textv, cp(w, s, len));
    return e->index;
}

/* ---------------------------------------------------------- conditions */

static int64_t days_of(const rm_expr *e) { return e && e->is_const ? e->cval : -1; }

/* A term a matter's decisions carry (pl_total, pl_prior: each a struct
 * whose first member is its matter, compared whole): its place among its
 * matter's in list, added when new (at most max, which the checker
 * keeps to); *index its place in list. */
static uint32_t place_of(lw *w, rm_vec *list, const void *x, size_t size, uint32_t max, uint32_t *index)
{
    uint32_t matter, place = 0, k = 0;
    memcpy(&matter, x, sizeof matter);
    for (; k < list->n; k++) {
        if (!memcmp(list->v[k], x, size))
            break;
        uint32_t m;
        memcpy(&m, list->v[k], sizeof m);
        place += m == matter;
    }
    if (k == list->n) {
        assert(place < max);
        (void)max;
        void *u = ar_alloc(&w->scratch, size);
        memcpy(u, x, size);
        rm_vec_push(&w->scratch, list, u);
    }
    *index = k;
    return place;
}

/* The period of `over` e (NULL: none, PER_ALL) and its days or months. */
static rm_period period_of(const rm_expr *e, int64_t *n)
{
    *n = -1;
    if (!e)
        return PER_ALL;
    if (e->kind == EX_PERIOD)
        return (rm_period)e->v;
    *n = e->cval;
    return e->ty.kind == TY_MONTHS ? PER_MONTHS : PER_DAYS;
}

static uint32_t node(lw *w, pl_op op, uint32_t a, uint32_t b, int64_t k)
{
    pl_node *n = ar_alloc(&w->scratch, sizeof *n);
    n->op = (uint8_t)op;
    n->a = a;
    n->b = b;
    n->k = k;
    rm_vec_push(&w->scratch, &w->nodes, n);
    return w->nodes.n - 1;
}

static const char *one_line(lw *w, const rm_expr *e);

/* Types whose values are in a line, one unit apart in their integer
 * form (a penny, one, a day, 0.01%): those a threshold can be of. */
static bool ordered(ty_kind t)
{
    return t == TY_MONEY || t == TY_NUMBER || t == TY_SCORE || t == TY_PERCENT || t == TY_DAYS ||
           t == TY_DATE;
}

/* Note a threshold of the rule or protocol being lowered: k, compared
 * with the value `value` of type t (SPEC 7.13.2). */
static void note_threshold(lw *w, pl_th_kind kind, ty_kind t, uint32_t value, int64_t k, rm_loc loc,
                           const char *text, const char *value_text)
{
    if (!ordered(t))
        return;
    pl_threshold *x = ar_alloc(&w->scratch, sizeof *x);
    *x = (pl_threshold){kind, t, w->th_rule, w->th_protocol, value, k, loc, text, value_text};
    rm_vec_push(&w->scratch, &w->ths, x);
}

static int64_t choice_mask(const rm_expr *set, const rm_type *t, lw *w)
{
    int64_t mask = 0;
    for (uint32_t i = 0; i < set->items.n; i++) {
        const rm_name *v = set->items.v[i];
        int64_t k = -1;
        if (t->kind == TY_TIER)
            k = tier_of(w, v);
        else
            for (uint32_t j = 0; j < t->en->values.n; j++)
                if (rm_name_eq(t->en->values.v[j], v))
                    k = j;
        if (k >= 0 && k < 64)
            mask |= (int64_t)((uint64_t)1 << k);
    }
    return mask;
}

static uint32_t lower_expr(lw *w, const rm_expr *e)
{
    if (e->is_const && e->ty.kind != TY_TEXT)
        return node(w, N_CONST, 0, 0, e->cval);
    switch ((ex_kind)e->kind) {
    case EX_STRING:
        return node(w, N_CONST, 0, 0, text_id(w, e->name.s, e->name.len));
    case EX_NAME:
        if (e->ref == REF_FIELD)
            return node(w, N_FIELD, e->ref_index, 0, 0);
        if (e->ref == REF_CONTEXT)
            return node(w, N_CTX, e->ref_index, 0, 0);
        if (e->ref == REF_DATE)
            return node(w, N_DATE, 0, 0, 0);
        if (e->ref == REF_CONST) { /* a text constant: its words */
            const rm_sym *k = sym_find(&w->s->syms, e->name.s, e->name.len);
            assert(k && k->kind == SYM_CONST);
            return lower_expr(w, k->decl->u.cnst.value);
        }
        return node(w, N_CONST, 0, 0, e->cval);
    case EX_NOT:
    case EX_NEG:
        return node(w, e->kind == EX_NOT ? N_NOT : N_NEG, lower_expr(w, e->a), 0, 0);
    case EX_AND:
    case EX_OR:
    case EX_ADD:
    case EX_SUB:
    case EX_MUL: {
        if (e->a->ty.kind == TY_MONTHS || e->b->ty.kind == TY_MONTHS) { /* a date: calendar months on */
            bool am = e->a->ty.kind == TY_MONTHS;
            int64_t months = am ? e->a->cval : e->b->cval;
            return node(w, N_ADDMONTHS, lower_expr(w, am ? e->b : e->a), 0,
                        e->kind == EX_SUB ? -months : months);
        }
        uint32_t a = lower_expr(w, e->a), b = lower_expr(w, e->b);
        pl_op op = e->kind == EX_AND ? N_AND : e->kind == EX_OR ? N_OR
                 : e->kind == EX_ADD ? N_ADD : e->kind == EX_SUB ? N_SUB : N_MUL;
        return node(w, op, a, b, 0);
    }
    case EX_CMP: {
        uint32_t a = lower_expr(w, e->a), b = lower_expr(w, e->b);
        uint32_t n = node(w, N_CMP, a, b, 0);
        ((pl_node *)w->nodes.v[n])->cmp = e->op;
        const rm_expr *v = e->a->is_const ? e->b : e->a, *k = e->a->is_const ? e->a : e->b;
        /* a field, a context value, a total or the date compared with a
         * constant; not a value worked out (likelihood * consequence),
         * whose values need not be every one of a line */
        if (w->th_on && k->is_const && !v->is_const &&
            ((v->kind == EX_NAME && (v->ref == REF_FIELD || v->ref == REF_CONTEXT || v->ref == REF_DATE)) ||
             v->kind == EX_TOTAL))
            note_threshold(w, PL_TH_CMP, v->ty.kind, v == e->a ? a : b, k->cval, e->loc, one_line(w, e),
                           one_line(w, v));
        return n;
    }
    case EX_WHO: {
        uint32_t x = index_of(w, &e->b->name, e->op == WHO_KIND ? LW_M(SYM_KIND) : LW_HOLDER);
        return node(w, N_WHO, (uint32_t)e->cval, x, e->op);
    }
    case EX_TOTAL: {
        pl_total t;
        memset(&t, 0, sizeof t); /* compared whole (place_of) */
        t.matter = w->matter;
        t.field = e->a->a->ref_index;
        t.per = e->a->b ? e->a->b->ref_index : PL_NONE;
        t.period = period_of(e->b, &t.over);
        uint32_t k, place = place_of(w, &w->totals, &t, sizeof t, PL_MAX_TOTALS, &k); /* R0413 */
        return node(w, N_TOTAL, place, t.field, k);
    }
    case EX_IN:
    case EX_NOTIN: {
        bool set = e->a->ty.kind == TY_SET;
        pl_op op = e->kind == EX_IN ? (set ? N_SETIN : N_IN) : (set ? N_SETNOTIN : N_NOTIN);
        return node(w, op, lower_expr(w, e->a), 0, choice_mask(e->b, &e->a->ty, w));
    }
    default:
        return node(w, N_CONST, 0, 0, e->cval);
    }
}

/* Text t on one line, in place: blanks and line ends become one space;
 * in source text (as written), comments are left out. */
static const char *on_one_line(char *t, bool source)
{
    char *o = t;
    bool quoted = false;
    for (const char *c = t; *c; c++) {
        if (source && quoted && *c == '\\' && c[1]) { /* an escape in quoted text: both kept */
            *o++ = *c++;
            *o++ = *c;
            continue;
        }
        if (*c == '"')
            quoted = !quoted;
        if (source && *c == '#' && !quoted) { /* a comment, to the end of its line, is left out */
            while (c[1] && c[1] != '\n')
                c++;
            continue;
        }
        if (!(*c == ' ' || *c == '\t' || *c == '\n' || *c == '\r') || (o > t && o[-1] != ' '))
            *o++ = *c == '\t' || *c == '\n' || *c == '\r' ? ' ' : *c;
    }
    while (o > t && o[-1] == ' ')
        o--;
    *o = '\0';
    return t;
}

/* The source text of e on one line: blanks and line ends become one space. */
static const char *one_line(lw *w, const rm_expr *e)
{
    const rm_file *f = w->s->files.v[e->loc.file];
    return on_one_line(cp(w, f->text + e->loc.start, e->loc.end - e->loc.start), true);
}

/* A text being built in the scratch arena, for figures_line. */
typedef struct lw_text {
    lw *w;
    char *s;
    size_t n, cap;
} lw_text;

static void tx_putn(lw_text *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = 2 * b->cap + n + 64;
        char *t = ar_alloc_raw(&b->w->scratch, cap);
        if (b->n)
            memcpy(t, b->s, b->n);
        b->s = t;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static void tx_puts(lw_text *b, const char *s) { tx_putn(b, s, strlen(s)); }

/* n bytes of a condition's source that hold no quoted text (figures_of
 * puts every text in its own words): a comment left out, and >=, <=, !=
 * written as a reader writes them, ≥, ≤, ≠. */
static void tx_src(lw_text *b, const char *s, size_t n)
{
    static const char *const sign[] = {">=", "\xE2\x89\xA5", "<=", "\xE2\x89\xA4", "!=", "\xE2\x89\xA0"};
    for (size_t i = 0; i < n; i++) {
        unsigned k = 0;
        while (k < 6 && (i + 1 >= n || s[i] != sign[k][0] || s[i + 1] != sign[k][1]))
            k += 2;
        if (k < 6) {
            tx_puts(b, sign[k + 1]);
            i++;
        } else if (s[i] == '#') {
            while (i + 1 < n && s[i + 1] != '\n')
                i++;
        } else {
            tx_putn(b, s + i, 1);
        }
    }
}

/* Does e name a constant (`board_threshold`), itself or in a part? */
static bool names_const(const rm_expr *e)
{
    if (!e)
        return false;
    if (e->kind == EX_NAME)
        return e->ref == REF_CONST;
    if (e->kind == EX_NOT || e->kind == EX_NEG || e->kind == EX_AND || e->kind == EX_OR ||
        e->kind == EX_CMP || e->kind == EX_ADD || e->kind == EX_SUB || e->kind == EX_MUL)
        return names_const(e->a) || names_const(e->b);
    return false;
}

/* The figure of a fixed value e, written into *b (a growing text):
 * money as explanations print it ("£5,000,000"), a length of time with
 * its unit, a text quoted; false, writing nothing, for what is best left
 * as written. */
static bool put_figure(lw *w, lw_text *b, const rm_expr *e)
{
    char v[96];
    int64_t k = e->cval;
    switch (e->ty.kind) {
    case TY_MONEY: lit_format_money(k, v, sizeof v); break;
    case TY_NUMBER: case TY_SCORE: snprintf(v, sizeof v, "%lld", (long long)k); break;
    case TY_DAYS: snprintf(v, sizeof v, "%lld day%s", (long long)k, k == 1 ? "" : "s"); break;
    case TY_MONTHS: snprintf(v, sizeof v, "%lld month%s", (long long)k, k == 1 ? "" : "s"); break;
    case TY_DATE: lit_format_date(k, v, sizeof v); break;
    case TY_BOOL: snprintf(v, sizeof v, "%s", k ? "true" : "false"); break;
    case TY_PERCENT:
        if (k % 100)
            snprintf(v, sizeof v, "%lld.%02lld%%", (long long)(k / 100), (long long)(k % 100 < 0 ? -(k % 100) : k % 100));
        else
            snprintf(v, sizeof v, "%lld%%", (long long)(k / 100));
        break;
    case TY_ENUM:
        if (!e->ty.en || k < 0 || (uint64_t)k >= e->ty.en->values.n)
            return false;
        tx_putn(b, ((const rm_name *)e->ty.en->values.v[k])->s, ((const rm_name *)e->ty.en->values.v[k])->len);
        return true;
    case TY_TIER:
        if (k < 0 || (uint64_t)k >= w->p->ntiers || !w->p->tiers[k])
            return false;
        tx_puts(b, w->p->tiers[k]);
        return true;
    case TY_TEXT: {
        const rm_expr *x = e;
        for (unsigned guard = 0; x->kind == EX_NAME && x->ref == REF_CONST && guard < 1000; guard++) {
            const rm_sym *s = sym_find(&w->s->syms, x->name.s, x->name.len);
            if (!s || s->kind != SYM_CONST)
                return false;
            x = s->decl->u.cnst.value;
        }
        if (x->kind != EX_STRING)
            return false;
        tx_puts(b, "\""); /* what it says, in quotes, as a reader reads it */
        tx_putn(b, x->name.s, x->name.len);
        tx_puts(b, "\"");
        return true;
    }
    default: return false;
    }
    tx_puts(b, v);
    return true;
}

/* e's source text from *at to the end of e, with each constant named
 * and each sum of money written as its figure (SPEC 11.8). */
static void figures_of(lw *w, lw_text *b, const rm_expr *e, uint32_t *at)
{
    if (!e)
        return;
    const rm_file *f = w->s->files.v[e->loc.file];
    bool fixed = e->is_const && e->kind != EX_SET &&
                 (e->ty.kind == TY_MONEY || e->kind == EX_STRING || names_const(e)) &&
                 (e->ty.kind != TY_BOOL || e->kind == EX_NAME);
    if (fixed && e->loc.start >= *at) {
        size_t mark = b->n;
        tx_src(b, f->text + *at, e->loc.start - *at);
        if (put_figure(w, b, e)) {
            *at = e->loc.end;
            return;
        }
        b->n = mark;
    }
    if (e->kind == EX_NOT || e->kind == EX_NEG || e->kind == EX_AND || e->kind == EX_OR ||
        e->kind == EX_CMP || e->kind == EX_ADD || e->kind == EX_SUB || e->kind == EX_MUL) {
        figures_of(w, b, e->a, at);
        figures_of(w, b, e->b, at);
    }
}

/* The condition e on one line as a drawing shows it: the constants it
 * names as their figures, money as "£5,000,000", a text as what it says,
 * comparisons as ≥ ≤ ≠ (`amount ≥ £5,000,000` for `amount >=
 * board_threshold`). */
static const char *figures_line(lw *w, const rm_expr *e)
{
    const rm_file *f = w->s->files.v[e->loc.file];
    lw_text b = {w, NULL, 0, 0};
    uint32_t at = e->loc.start;
    figures_of(w, &b, e, &at);
    if (at < e->loc.end)
        tx_src(&b, f->text + at, e->loc.end - at);
    return on_one_line(cp(w, b.s ? b.s : "", (uint32_t)b.n), false);
}

/* The `and`-parts of condition e, lowered to node n (lower_expr keeps an
 * `and` as N_AND over its two sides), with their text as written. */
static void parts_of(lw *w, const rm_expr *e, uint32_t n, bool is_limit, rm_vec *out)
{
    const pl_node *x = w->nodes.v[n];
    if (e->kind == EX_AND && !e->is_const && x->op == N_AND) {
        parts_of(w, e->a, x->a, is_limit, out);
        parts_of(w, e->b, x->b, is_limit, out);
        return;
    }
    pl_part *p = ar_alloc(&w->scratch, sizeof *p);
    p->node = n;
    p->is_limit = is_limit;
    p->loc = e->loc;
    p->text = one_line(w, e);
    p->figures = figures_line(w, e);
    rm_vec_push(&w->scratch, out, p);
}

/* ------------------------------------------------------------ signers */

/* Joint approval in disjunctive normal form: a list of alternatives, each
 * a list of slots.  Alternatives beyond a cap are dropped (a policy would
 * need a dozen nested `or`s to reach it). */
#define LW_MAX_ALTS 256u

static pl_signers *dnf(lw *w, const rm_sign *g)
{
    pl_signers *r = ar_alloc(w->a, sizeof *r);
    if (g->kind == SG_NAME || g->kind == SG_COUNT) {
        /* one slot: a role or a kind, or (alone, uncounted) a body */
        const rm_sym *e = name_find(w, &g->name, g->kind == SG_NAME ? LW_HOLDER | LW_M(SYM_KIND)
                                                                    : LW_M(SYM_ROLE) | LW_M(SYM_KIND));
        r->nalts = 1;
        r->alts = ar_alloc(w->a, sizeof *r->alts);
        r->alts[0].nslots = 1;
        r->alts[0].slots = ar_alloc(w->a, sizeof(pl_slot));
        r->alts[0].slots[0].who = e ? e->index : PL_NONE;
        r->alts[0].slots[0].is_kind = e && e->kind == SYM_KIND;
        r->alts[0].slots[0].count = (uint32_t)(g->kind == SG_COUNT ? g->n : 1);
        return r;
    }
    pl_signers *x = dnf(w, g->a), *y = dnf(w, g->b);
    if (g->kind == SG_OR) {
        r->nalts = x->nalts + y->nalts;
        if (r->nalts > LW_MAX_ALTS)
            r->nalts = LW_MAX_ALTS;
        r->alts = ar_alloc(w->a, r->nalts * sizeof *r->alts);
        uint32_t k = 0;
        for (uint32_t i = 0; i < x->nalts && k < r->nalts; i++)
            r->alts[k++] = x->alts[i];
        for (uint32_t i = 0; i < y->nalts && k < r->nalts; i++)
            r->alts[k++] = y->alts[i];
        return r;
    }
    /* and: every pairing of an alternative of x with one of y */
    uint64_t n = (uint64_t)x->nalts * y->nalts;
    r->nalts = (uint32_t)(n > LW_MAX_ALTS ? LW_MAX_ALTS : n);
    r->alts = ar_alloc(w->a, r->nalts * sizeof *r->alts);
    uint32_t k = 0;
    for (uint32_t i = 0; i < x->nalts && k < r->nalts; i++)
        for (uint32_t j = 0; j < y->nalts && k < r->nalts; j++) {
            pl_alt *t = &r->alts[k++];
            t->nslots = x->alts[i].nslots + y->alts[j].nslots;
            t->slots = ar_alloc(w->a, t->nslots * sizeof *t->slots);
            memcpy(t->slots, x->alts[i].slots, x->alts[i].nslots * sizeof *t->slots);
            memcpy(t->slots + x->alts[i].nslots, y->alts[j].slots, y->alts[j].nslots * sizeof *t->slots);
        }
    return r;
}

/* -------------------------------------------------------------- rules */

/* The source from `at` to the end of its line, trailing blanks dropped. */
/* The line from `at` to its end, as written, without a comment `# remit:
 * accept CODE ...` (SPEC 8.2), which speaks to the analyses, not to the
 * readers of an explanation (SPEC 7.12), nor the blanks before it. */
static const char *line_from(lw *w, rm_loc at)
{
    const rm_file *f = w->s->files.v[at.file];
    const char *t = f->text + at.start;
    uint32_t n = src_line_end(f, at.start) - at.start;
    static const char word[] = "remit: accept R";
    bool quoted = false;
    for (uint32_t i = 0; i < n; i++) {
        if (quoted && t[i] == '\\') {
            i++;
            continue;
        }
        if (t[i] == '"')
            quoted = !quoted;
        if (quoted || t[i] != '#')
            continue;
        uint32_t k = i + 1;
        while (k < n && (t[k] == ' ' || t[k] == '\t'))
            k++;
        if (n - k >= sizeof word - 1 && memcmp(t + k, word, sizeof word - 1) == 0) {
            while (i > 0 && (t[i - 1] == ' ' || t[i - 1] == '\t'))
                i--;
            n = i;
        }
        break; /* the rest of the line is a comment */
    }
    return cp(w, t, n);
}

/* The whole line `at` is on, from its first word: for items that are
 * named after a keyword (`interest financial ...`). */
static rm_loc line_start(lw *w, rm_loc at)
{
    const rm_file *f = w->s->files.v[at.file];
    while (at.start > 0 && f->text[at.start - 1] != '\n' && f->text[at.start - 1] != '\r')
        at.start--;
    while (at.start < f->len && (f->text[at.start] == ' ' || f->text[at.start] == '\t'))
        at.start++;
    return at;
}

/* What a clean check guarantees of a lowered rule: its matter, and the
 * holders its kind names. */
static void assert_rule(const lw *w, const pl_rule *r)
{
    const remit_policy *p = w->p;
    assert(r->matter < p->nmatters);
    assert((r->kind == R_GRANT) == (r->protocol != PL_NONE));
    switch (r->kind) {
    case R_DELEGATE:
    case R_URGENT:
        assert(r->from < p->nholders && r->to < p->nholders && r->from != r->to);
        break;
    case R_RESERVE:
    case R_GRANT:
        assert(r->to < p->nholders);
        break;
    case R_ESCALATE:
        assert(r->to_next_tier ? r->to == PL_NONE : r->to < p->nholders);
        break;
    case R_REQUIRE:
        assert(r->with);
        break;
    case R_LIMIT:
        assert(r->total_field < p->matters[r->matter].nfields && r->period != PER_ALL);
        break;
    default:
        break;
    }
    for (uint32_t i = 0; i < r->nobligations; i++)
        assert(r->obligations[i].holder == PL_NONE || r->obligations[i].holder < p->nholders);
    (void)p;
}

static void lower_rule(lw *w, const rm_rule *r, pl_rule *out, uint32_t index, uint32_t protocol)
{
    memset(out, 0, sizeof *out);
    out->kind = r->kind;
    out->index = index;
    out->matter = index_of(w, &r->matter, LW_M(SYM_MATTER));
    out->src = src_of(w, r->label.len ? r->label.loc : r->loc);
    out->loc = r->label.len ? r->label.loc : r->loc;
    out->label = r->label.len ? cpn(w, &r->label) : NULL;
    out->text = line_from(w, r->label.len ? r->label.loc : r->loc);
    out->when = out->limit = PL_NONE;
    out->upto = -1;
    out->after = -1;
    out->from = index_of(w, &r->from, LW_HOLDER);
    out->to = r->to_next_tier ? PL_NONE : index_of(w, &r->to, LW_HOLDER);
    out->to_next_tier = r->to_next_tier;
    out->spectrum = SP_DELEGATED;
    out->total_field = out->per_field = out->for_holder = out->sub_approver = out->prior = PL_NONE;
    out->ceiling = out->over = -1;
    out->protocol = protocol;
    w->matter = out->matter;
    w->th_rule = index;
    w->th_protocol = PL_NONE;
    if (r->signers)
        out->with = dnf(w, r->signers);
    uint32_t nob = 0;
    for (uint32_t i = 0; i < r->clauses.n; i++) {
        const rm_clause *c = r->clauses.v[i];
        nob += c->kind == C_REPORT || c->kind == C_RECORD || c->kind == C_PUBLISH ||
               c->kind == C_NOTIFY || c->kind == C_RATIFY;
    }
    out->obligations = ar_alloc(w->a, (nob + 1) * sizeof *out->obligations);
    rm_vec parts = {0};
    for (uint32_t i = 0; i < r->clauses.n; i++) {
        const rm_clause *c = r->clauses.v[i];
        pl_obligation *ob = &out->obligations[out->nobligations];
        switch (c->kind) {
        case C_WHEN:
        case C_LIMIT: {
            w->th_on = true;
            uint32_t n = lower_expr(w, c->e);
            w->th_on = false;
            *(c->kind == C_WHEN ? &out->when : &out->limit) = n;
            if (c->kind == C_WHEN) {
                out->when_text = one_line(w, c->e);
                out->when_figures = figures_line(w, c->e);
            }
            if (r->kind == R_DELEGATE || r->kind == R_GRANT || r->kind == R_URGENT)
                parts_of(w, c->e, n, c->kind == C_LIMIT, &parts);
            break;
        }
        case C_UPTO:
            if (!c->e) { /* up to no limit */
                out->no_limit = true;
                break;
            }
            assert(c->e->is_const);
            out->upto = c->e->cval;
            if (w->p->matters[out->matter].money_field != PL_NONE) {
                const pl_matter *m = &w->p->matters[out->matter];
                note_threshold(w, PL_TH_UPTO, TY_MONEY, PL_NONE, out->upto, c->loc,
                               ar_printf(w->a, "up to %s", one_line(w, c->e)), m->fields[m->money_field].name);
            }
            break;
        case C_BECAUSE: out->because = cpn(w, &c->name); break;
        case C_AS:
            out->spectrum = (pl_spectrum)wd_find(wd_spectrum, c->name.s, c->name.len); /* R0506 */
            break;
        case C_APPROVAL: {
            pl_prior x = {out->matter, index_of(w, &c->name, LW_HOLDER), PL_NONE};
            const pl_matter *m = &w->p->matters[out->matter];
            for (uint32_t k = 0; c->by.len && k < m->nfields; k++)
                if (strlen(m->fields[k].name) == c->by.len && !memcmp(m->fields[k].name, c->by.s, c->by.len))
                    x.per = k;
            uint32_t k;
            out->prior = place_of(w, &w->priors, &x, sizeof x, RM_MAX_PRIORS, &k); /* R0415 */
            break;
        }
        case C_MAY:
            out->may_subdelegate = true;
            if (c->by.len)
                out->sub_approver = index_of(w, &c->by, LW_HOLDER);
            break;
        case C_WITH: out->with = dnf(w, c->sign); break;
        case C_FROM: out->from = index_of(w, &c->name, LW_HOLDER); break;
        case C_FOR: out->for_holder = index_of(w, &c->name, LW_HOLDER); break;
        case C_AFTER:
            out->after = days_of(c->e);
            if (out->after >= 0)
                note_threshold(w, PL_TH_AFTER, TY_DAYS, PL_NONE, out->after, c->loc,
                               ar_printf(w->a, "after %s", one_line(w, c->e)), "days open");
            break;
        case C_OVER: out->period = period_of(c->e, &out->over); break;
        case C_PER: {
            const pl_matter *m = &w->p->matters[out->matter];
            for (uint32_t k = 0; k < m->nfields; k++)
                if (strlen(m->fields[k].name) == c->name.len &&
                    !memcmp(m->fields[k].name, c->name.s, c->name.len))
                    out->per_field = k;
            assert(out->per_field != PL_NONE);
            break;
        }
        case C_TOTAL:
            assert(c->e->kind == EX_CMP && c->e->a->ref == REF_FIELD && c->e->b->is_const);
            out->total_field = c->e->a->ref_index;
            out->total_op = (cmp_op)c->e->op;
            out->ceiling = c->e->b->cval;
            note_threshold(w, PL_TH_TOTAL, c->e->a->ty.kind, PL_NONE, out->ceiling, c->e->loc,
                           ar_printf(w->a, "total %s", one_line(w, c->e)),
                           ar_printf(w->a, "total %s", one_line(w, c->e->a)));
            break;
        case C_REPORT: case C_RECORD: case C_PUBLISH: case C_NOTIFY: case C_RATIFY:
            ob->kind = c->kind == C_REPORT ? OB_REPORT : c->kind == C_RECORD ? OB_RECORD
                     : c->kind == C_PUBLISH ? OB_PUBLISH : c->kind == C_NOTIFY ? OB_NOTIFY : OB_RATIFY;
            ob->holder = c->kind == C_RECORD || c->kind == C_PUBLISH ? PL_NONE
                       : index_of(w, &c->name, c->kind == C_NOTIFY ? LW_HOLDER : LW_M(SYM_BODY));
            ob->text = c->kind == C_RECORD ? cpn(w, &c->name) : NULL;
            ob->within = days_of(c->within && c->within->kind == EX_DEADLINE ? c->within->a : c->within);
            ob->end_of = c->within && c->within->kind == EX_DEADLINE && c->within->b->kind == EX_PERIOD
                             ? (rm_period)c->within->b->v : PER_ALL;
            ob->next_meeting = c->within && c->within->kind == EX_DEADLINE && c->within->b->kind == EX_MEETING;
            ob->src = src_of(w, c->loc);
            out->nobligations++;
            break;
        default:
            break;
        }
    }
    out->parts = ar_alloc(w->a, (parts.n + 1) * sizeof *out->parts);
    for (uint32_t i = 0; i < parts.n; i++)
        out->parts[i] = *(const pl_part *)parts.v[i];
    out->nparts = parts.n;
    assert_rule(w, out);
}

static void lower_field(lw *w, const rm_field *f, pl_field *out)
{
    out->name = cpn(w, &f->name);
    out->type = f->ty.kind;
    out->lo = f->ty.lo;
    out->hi = f->ty.hi;
    if (f->ty.en) {
        out->nchoices = f->ty.en->values.n;
        out->choices = ar_alloc(w->a, (out->nchoices + 1) * sizeof *out->choices);
        for (uint32_t i = 0; i < out->nchoices; i++)
            out->choices[i] = cpn(w, f->ty.en->values.v[i]);
    }
}

/* Precedence, closed (SPEC 7.3.2; policy.h, pl_prec).
 *
 * The edges are between labels of one matter that stand next to each
 * other in a line once the labels of other matters are left out: `a over
 * b over c` gives a->b and b->c, and a over c follows through b.  So a
 * line of n labels makes at most n-1 edges and the closure is the same as
 * that of every pair of the line (a line between rules of two matters
 * relates nothing across them, 7.3.2).  Tarjan's algorithm, without
 * recursion, then finds the circles; reversed, the order it finds them in
 * puts every circle after those that take precedence over it, and a
 * stable sort by matter keeps that order within each matter.  Each
 * circle's bits are those of the circles just above it, and theirs.
 *
 * Time: the labels, plus for each edge one row of bits (a matter's
 * circles / 64 words); memory: a matter's circles^2 / 2 bits, at most
 * RM_MAX_PREC_RULES^2 / 2 (R0520, checked before lowering). */

typedef struct prec_graph {
    uint32_t n;                 /* rules */
    uint32_t *out_at, *out;     /* edges winner -> loser, by winner (CSR) */
    uint32_t *in_at, *in;       /* the same edges, by loser */
} prec_graph;

/* The edges of every precedence line; false when there are none. */
static bool prec_edges(lw *w, const rm_vec *decls, prec_graph *g)
{
    remit_policy *p = w->p;
    rm_arena *t = &w->scratch;
    uint32_t nlabels = 0;
    for (uint32_t i = 0; i < decls->n; i++) {
        const rm_decl *d = decls->v[i];
        if (d->kind == D_PRECEDENCE)
            nlabels += d->u.prec.labels.n;
    }
    if (!nlabels)
        return false;
    uint32_t *from = ar_alloc(t, nlabels * sizeof *from), *to = ar_alloc(t, nlabels * sizeof *to);
    uint32_t *last = ar_alloc(t, (p->nmatters + 1) * sizeof *last);   /* the matter's label before */
    uint32_t *line = ar_alloc(t, (p->nmatters + 1) * sizeof *line);   /* in line number + 1 */
    memset(line, 0, (p->nmatters + 1) * sizeof *line);
    uint32_t ne = 0;
    for (uint32_t i = 0; i < decls->n; i++) {
        const rm_decl *d = decls->v[i];
        if (d->kind != D_PRECEDENCE)
            continue;
        for (uint32_t k = 0; k < d->u.prec.labels.n; k++) {
            uint32_t x = index_of(w, d->u.prec.labels.v[k], LW_M(SYM_LABEL));
            assert(x < p->nrules && p->rules[x].matter < p->nmatters);
            if (x == PL_NONE || x >= p->nrules)
                continue;
            uint32_t m = p->rules[x].matter;
            if (line[m] == i + 1) {
                from[ne] = last[m];
                to[ne++] = x;
            }
            line[m] = i + 1;
            last[m] = x;
        }
    }
    if (!ne)
        return false;
    uint32_t n = g->n = p->nrules;
    g->out_at = ar_alloc(t, (n + 2) * sizeof *g->out_at);
    g->in_at = ar_alloc(t, (n + 2) * sizeof *g->in_at);
    memset(g->out_at, 0, (n + 2) * sizeof *g->out_at);
    memset(g->in_at, 0, (n + 2) * sizeof *g->in_at);
    for (uint32_t e = 0; e < ne; e++) {
        g->out_at[from[e] + 2]++;
        g->in_at[to[e] + 2]++;
    }
    for (uint32_t r = 2; r < n + 2; r++) {
        g->out_at[r] += g->out_at[r - 1];
        g->in_at[r] += g->in_at[r - 1];
    }
    g->out = ar_alloc(t, ne * sizeof *g->out);
    g->in = ar_alloc(t, ne * sizeof *g->in);
    for (uint32_t e = 0; e < ne; e++) { /* out_at[r + 1] runs to out_at[r + 2] */
        g->out[g->out_at[from[e] + 1]++] = to[e];
        g->in[g->in_at[to[e] + 1]++] = from[e];
    }
    return true; /* now rule r's edges are out[out_at[r] .. out_at[r + 1]) */
}

/* Tarjan's algorithm over the rules with edges, iterative: circle[r] is
 * r's circle, numbered in the order found (every circle after the
 * circles it takes precedence over); returns how many. */
static uint32_t prec_circles(lw *w, const prec_graph *g, uint32_t *circle)
{
    rm_arena *t = &w->scratch;
    uint32_t n = g->n, counter = 0, ncircles = 0, sp = 0, depth = 0;
    uint32_t *index = ar_alloc(t, (n + 1) * sizeof *index), *low = ar_alloc(t, (n + 1) * sizeof *low);
    uint32_t *stack = ar_alloc(t, (n + 1) * sizeof *stack);
    uint32_t *call = ar_alloc(t, (n + 1) * sizeof *call), *next = ar_alloc(t, (n + 1) * sizeof *next);
    for (uint32_t r = 0; r < n; r++) {
        index[r] = PL_NONE;
        circle[r] = PL_NONE;
    }
    for (uint32_t root = 0; root < n; root++) {
        if (index[root] != PL_NONE ||
            (g->out_at[root] == g->out_at[root + 1] && g->in_at[root] == g->in_at[root + 1]))
            continue; /* done, or on no precedence line */
        call[depth++] = root;
        index[root] = low[root] = counter++;
        next[root] = g->out_at[root];
        stack[sp++] = root;
        while (depth) {
            uint32_t v = call[depth - 1];
            if (next[v] < g->out_at[v + 1]) {
                uint32_t u = g->out[next[v]++];
                if (index[u] == PL_NONE) {
                    index[u] = low[u] = counter++;
                    next[u] = g->out_at[u];
                    stack[sp++] = u;
                    call[depth++] = u;
                } else if (circle[u] == PL_NONE && index[u] < low[v]) {
                    low[v] = index[u]; /* u is on the stack */
                }
                continue;
            }
            depth--;
            if (depth && low[v] < low[call[depth - 1]])
                low[call[depth - 1]] = low[v];
            if (low[v] != index[v])
                continue;
            uint32_t u;
            do {
                u = stack[--sp];
                circle[u] = ncircles;
            } while (u != v);
            ncircles++;
        }
    }
    return ncircles;
}

/* Pass 8: precedence, closed (above).  Needs the rule labels (pass 2)
 * and the rules with their matters (pass 5). */
static void lower_precedence(lw *w, const rm_vec *decls)
{
    remit_policy *p = w->p;
    rm_arena *t = &w->scratch;
    for (uint32_t r = 0; r < p->nrules; r++)
        p->rules[r].prec = PL_NONE;
    prec_graph g;
    if (!prec_edges(w, decls, &g))
        return;
    uint32_t n = g.n;
    uint32_t *found = ar_alloc(t, (n + 1) * sizeof *found);
    uint32_t nc = prec_circles(w, &g, found);
    /* the circles winners first, by matter: a counting sort on the
     * matter of the reversed order found */
    uint32_t *matter = ar_alloc(t, (nc + 1) * sizeof *matter), *size = ar_alloc(t, (nc + 1) * sizeof *size);
    uint32_t *at = ar_alloc(t, (p->nmatters + 2) * sizeof *at), *place = ar_alloc(t, (nc + 1) * sizeof *place);
    memset(size, 0, (nc + 1) * sizeof *size);
    memset(at, 0, (p->nmatters + 2) * sizeof *at);
    for (uint32_t r = 0; r < n; r++)
        if (found[r] != PL_NONE) {
            matter[found[r]] = p->rules[r].matter;
            size[found[r]]++;
        }
    for (uint32_t c = 0; c < nc; c++)
        at[matter[c] + 1]++;
    for (uint32_t m = 1; m <= p->nmatters; m++)
        at[m] += at[m - 1];
    for (uint32_t c = nc; c-- > 0;)
        place[c] = at[matter[c]]++;
    p->nprecs = nc;
    p->precs = ar_alloc(w->a, (nc + 1) * sizeof *p->precs);
    for (uint32_t c = 0; c < nc; c++) {
        pl_prec *x = &p->precs[place[c]];
        x->first = matter[c] ? at[matter[c] - 1] : 0; /* at[m]: now the end of m's run */
        x->rules = ar_alloc(w->a, size[c] * sizeof *x->rules);
        x->nrules = 0;
    }
    for (uint32_t r = 0; r < n; r++) /* in declaration order */
        if (found[r] != PL_NONE) {
            pl_prec *x = &p->precs[place[found[r]]];
            x->rules[x->nrules++] = r;
            p->rules[r].prec = place[found[r]];
        }
    /* the bits, winners first; and each rule's rules just above it */
    uint32_t *stamp = ar_alloc(t, (n + 1) * sizeof *stamp);
    memset(stamp, 0, (n + 1) * sizeof *stamp);
    for (uint32_t c = 0; c < nc; c++) {
        pl_prec *x = &p->precs[c];
        uint32_t pos = c - x->first, words = (pos + 63) / 64;
        x->over = words ? ar_alloc(w->a, words * sizeof *x->over) : NULL;
        if (words)
            memset(x->over, 0, words * sizeof *x->over);
        for (uint32_t i = 0; i < x->nrules; i++) {
            uint32_t r = x->rules[i], nb = 0;
            pl_rule *lr = &p->rules[r];
            lr->beaten_by = ar_alloc(w->a, (g.in_at[r + 1] - g.in_at[r] + 1) * sizeof *lr->beaten_by);
            for (uint32_t e = g.in_at[r]; e < g.in_at[r + 1]; e++) {
                uint32_t u = g.in[e];
                if (stamp[u] != r + 1) {
                    stamp[u] = r + 1;
                    lr->beaten_by[nb++] = u;
                }
                uint32_t uc = p->rules[u].prec;
                if (uc == c)
                    continue;
                const pl_prec *y = &p->precs[uc];
                assert(uc < c && y->first == x->first); /* winners first, in one matter's run */
                uint32_t upos = uc - y->first;
                for (uint32_t k = 0; k < (upos + 63) / 64; k++)
                    x->over[k] |= y->over[k];
                x->over[upos / 64] |= (uint64_t)1 << (upos % 64);
            }
            lr->nbeaten = nb;
        }
    }
}


/* ------------------------------------------------------------- passes */

/* Pass 1: number the names.  Holders are numbered roles first, then
 * bodies, each in declaration order (pl_holder.seq keeps the order of the
 * two together); kinds, matters and protocols in declaration order; tiers
 * by rank, lowest first, as the checker ranks them.  Each number goes
 * into lowering's map (name_number).  The policy's arrays are made here,
 * to the counts of their declarations: rules (a protocol's grants among
 * them) and conflicts blocks are filled by later passes.  Needs nothing. */
static void number_names(lw *w)
{
    const remit_session *s = w->s;
    remit_policy *p = w->p;
    const rm_vec *ds = &s->decls;
    const rm_file *root = s->order.n ? s->order.v[s->order.n - 1] : NULL;
    uint32_t nroles = 0, nbodies = 0, nkinds = 0, nmatters = 0, nprot = 0;
    for (uint32_t i = 0; i < ds->n; i++) {
        const rm_decl *d = ds->v[i];
        switch (d->kind) {
        case D_ROLE: nroles++; break;
        case D_BODY: nbodies++; break;
        case D_KIND: nkinds++; break;
        case D_MATTER: nmatters++; break;
        case D_PROTOCOL: nprot++; w->nrules += d->u.protocol.grants.n; break;
        case D_RULE: w->nrules++; break;
        case D_CONFLICTS: w->nconflicts++; break;
        case D_TIERS: p->ntiers = d->u.tiers.names.n; break;
        case D_POLICY:
            if (root && s->files.v[d->loc.file] == root) {
                p->title = cpn(w, &d->title);
                p->version = d->u.policy.version.len ? cpn(w, &d->u.policy.version) : NULL;
            }
            break;
        default: break;
        }
    }
    p->nroles = nroles;
    p->nholders = nroles + nbodies;
    p->holders = ar_alloc(w->a, (p->nholders + 1) * sizeof *p->holders);
    p->kinds = ar_alloc(w->a, (nkinds + 1) * sizeof *p->kinds);
    p->matters = ar_alloc(w->a, (nmatters + 1) * sizeof *p->matters);
    p->protocols = ar_alloc(w->a, (nprot + 1) * sizeof *p->protocols);
    p->rules = ar_alloc(w->a, (w->nrules + 1) * sizeof *p->rules);
    p->conflicts = ar_alloc(w->a, (w->nconflicts + 1) * sizeof *p->conflicts);
    p->tiers = ar_alloc(w->a, (p->ntiers + 1) * sizeof *p->tiers);
    uint32_t ir = 0, ib = nroles, seq = 0;
    for (uint32_t i = 0; i < ds->n; i++) {
        const rm_decl *d = ds->v[i];
        switch (d->kind) {
        case D_ROLE:
        case D_BODY: {
            uint32_t h = d->kind == D_ROLE ? ir++ : ib++;
            pl_holder *x = &p->holders[h];
            x->seq = seq++;
            x->is_body = d->kind == D_BODY;
            x->name = cpn(w, &d->name);
            x->title = cpn(w, &d->title);
            x->loc = d->name.loc;
            name_number(w, d->kind == D_ROLE ? SYM_ROLE : SYM_BODY, &d->name, h);
            break;
        }
        case D_KIND:
            name_number(w, SYM_KIND, &d->name, p->nkinds);
            p->kinds[p->nkinds++] = cpn(w, &d->name);
            break;
        case D_MATTER:
            name_number(w, SYM_MATTER, &d->name, p->nmatters);
            p->matters[p->nmatters].name = cpn(w, &d->name);
            p->matters[p->nmatters].title = cpn(w, &d->title);
            p->matters[p->nmatters++].loc = d->name.loc;
            break;
        case D_PROTOCOL:
            name_number(w, SYM_PROTOCOL, &d->name, p->nprotocols++);
            break;
        case D_TIERS:
            for (uint32_t k = 0; k < d->u.tiers.names.n; k++) {
                name_number(w, SYM_TIER, d->u.tiers.names.v[k], k);
                p->tiers[k] = cpn(w, d->u.tiers.names.v[k]);
            }
            break;
        default: break;
        }
    }
    assert(ir == nroles && ib == p->nholders && seq == p->nholders);
    assert(p->nkinds == nkinds && p->nmatters == nmatters && p->nprotocols == nprot);
}

/* Pass 2: rule labels.  A rule's number is its place among the rules in
 * declaration order, a protocol's grants where the protocol stands; a
 * labelled rule's label is given that number.  Needs nothing. */
static void number_labels(lw *w)
{
    const rm_vec *ds = &w->s->decls;
    uint32_t rn = 0;
    for (uint32_t i = 0; i < ds->n; i++) {
        const rm_decl *d = ds->v[i];
        if (d->kind == D_RULE) {
            if (d->u.rule->label.len)
                name_number(w, SYM_LABEL, &d->u.rule->label, rn);
            rn++;
        } else if (d->kind == D_PROTOCOL) {
            for (uint32_t k = 0; k < d->u.protocol.grants.n; k++, rn++) {
                const rm_rule *g = d->u.protocol.grants.v[k];
                if (g->label.len)
                    name_number(w, SYM_LABEL, &g->label, rn);
            }
        }
    }
    assert(rn == w->nrules);
}

/* The bodies each role sits on (their `members` name it), for the walk
 * up the decider's own lines (7.4): counted, then listed, each body once
 * however often its `members` name the role. */
static void seat_roles(lw *w, remit_policy *p)
{
    /* 1 + the body last counted */
    uint32_t *last = ar_alloc(&w->scratch, (p->nholders + 1) * sizeof *last);
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t b = p->nroles; b < p->nholders; b++)
            for (uint32_t k = 0; k < p->holders[b].nmembers; k++) {
                uint32_t r = p->holders[b].members[k].role;
                if (r >= p->nholders || last[r] == b + 1)
                    continue;
                last[r] = b + 1;
                pl_holder *x = &p->holders[r];
                if (pass == 0)
                    x->nseats++;
                else
                    x->seats[x->nseats++] = b;
            }
        for (uint32_t r = 0; pass == 0 && r < p->nholders; r++) {
            p->holders[r].seats = ar_alloc(w->a, (p->holders[r].nseats + 1) * sizeof *p->holders[r].seats);
            p->holders[r].nseats = 0;
            last[r] = 0;
        }
    }
}

static void lower_body(lw *w, const rm_decl *d, pl_holder *h)
{
    const remit_policy *p = w->p;
    h->nparents = d->u.body.parents.n;
    h->parents = ar_alloc(w->a, (h->nparents + 1) * sizeof *h->parents);
    for (uint32_t k = 0; k < h->nparents; k++) {
        h->parents[k] = index_of(w, d->u.body.parents.v[k], LW_M(SYM_BODY));
        assert(h->parents[k] >= p->nroles && h->parents[k] < p->nholders);
    }
    h->nmembers = d->u.body.members.n;
    h->members = ar_alloc(w->a, (h->nmembers + 1) * sizeof *h->members);
    for (uint32_t k = 0; k < h->nmembers; k++) {
        const rm_member *m = d->u.body.members.v[k];
        h->members[k].role = index_of(w, &m->role, LW_M(SYM_ROLE));
        h->members[k].lo = m->lo;
        h->members[k].hi = m->hi;
        assert(h->members[k].role < p->nroles);
    }
    h->nquorum = d->u.body.quorum.n;
    if (h->nquorum) {
        h->quorum_loc = d->u.body.quorum_loc;
        h->quorum_text = line_from(w, d->u.body.quorum_loc);
        h->quorum_src = src_of(w, d->u.body.quorum_loc);
    }
    for (int l = 0; l < 2; l++) { /* who presides, who never does */
        const rm_vec *v = l ? &d->u.body.never_chairs : &d->u.body.chairs;
        struct pl_chair *x = ar_alloc(w->a, (v->n + 1) * sizeof *x);
        for (uint32_t k = 0; k < v->n; k++) {
            const rm_sym *e = name_find(w, v->v[k], LW_M(SYM_ROLE) | LW_M(SYM_KIND));
            assert(e);
            x[k].who = e->index;
            x[k].is_kind = e->kind == SYM_KIND;
        }
        rm_loc at = l ? d->u.body.never_loc : d->u.body.chairs_loc;
        if (l) {
            h->never = x;
            h->nnever = v->n;
        } else {
            h->chairs = x;
            h->nchairs = v->n;
        }
        if (v->n) {
            *(l ? &h->never_text : &h->chairs_text) = line_from(w, at);
            *(l ? &h->never_src : &h->chairs_src) = src_of(w, at);
        }
    }
    h->quorum = ar_alloc(w->a, (h->nquorum + 1) * sizeof *h->quorum);
    for (uint32_t k = 0; k < h->nquorum; k++) {
        const rm_qterm *q = d->u.body.quorum.v[k];
        struct pl_quorum *x = &h->quorum[k];
        x->kind = q->kind;
        x->n = q->kind == Q_WORD ? wd_find(wd_quorum, q->name.s, q->name.len) == QW_ALL : q->n;
        x->den = q->den;
        x->alt = q->alt;
        x->who = PL_NONE;
        if (q->kind == Q_ROLE) { /* a number of a role, or of a kind */
            const rm_sym *e = name_find(w, &q->name, LW_M(SYM_ROLE) | LW_M(SYM_KIND));
            x->who = e ? e->index : PL_NONE;
            x->who_is_kind = e && e->kind == SYM_KIND;
            assert(x->who < (x->who_is_kind ? p->nkinds : p->nroles));
        }
    }
    (void)p;
}

/* Pass 3: what each holder is.  A role: its tier and kinds; a body: its
 * tier, the bodies it reports to, its members and its quorum.  Then the
 * roles several people may hold (policy->many) and the bodies each role
 * sits on.  Needs the numbers of pass 1. */
static void lower_holders(lw *w)
{
    remit_policy *p = w->p;
    const rm_vec *ds = &w->s->decls;
    for (uint32_t i = 0; i < ds->n; i++) {
        const rm_decl *d = ds->v[i];
        if (d->kind != D_ROLE && d->kind != D_BODY)
            continue;
        pl_holder *h = &p->holders[index_of(w, &d->name, LW_HOLDER)];
        assert(h->is_body == (d->kind == D_BODY));
        if (d->kind == D_ROLE) {
            h->tier = tier_of(w, &d->u.role.tier);
            h->nkinds = d->u.role.kinds.n;
            h->kinds = ar_alloc(w->a, (h->nkinds + 1) * sizeof *h->kinds);
            for (uint32_t k = 0; k < h->nkinds; k++) {
                h->kinds[k] = index_of(w, d->u.role.kinds.v[k], LW_M(SYM_KIND));
                assert(h->kinds[k] < p->nkinds);
            }
        } else {
            h->tier = tier_of(w, &d->u.body.tier);
            lower_body(w, d, h);
        }
        assert(h->tier < (int32_t)p->ntiers);
    }
    p->many = ar_alloc(w->a, (p->nholders + 1) * sizeof *p->many);
    for (uint32_t h = p->nroles; h < p->nholders; h++)
        for (uint32_t k = 0; k < p->holders[h].nmembers; k++) {
            const struct pl_member *mm = &p->holders[h].members[k];
            if ((mm->hi < 0 || mm->hi > 1 || mm->lo > 1) && mm->role < p->nholders)
                p->many[mm->role] = true;
        }
    seat_roles(w, p);
}

/* Pass 4: each matter's fields (and its one money field, if it has
 * exactly one), then the context values of every `context` block, in
 * declaration order.  Needs the numbers of pass 1. */
static void lower_matters(lw *w)
{
    remit_policy *p = w->p;
    const rm_vec *ds = &w->s->decls;
    rm_vec ctx = {0};
    for (uint32_t i = 0; i < ds->n; i++) {
        const rm_decl *d = ds->v[i];
        if (d->kind == D_MATTER) {
            pl_matter *m = &p->matters[index_of(w, &d->name, LW_M(SYM_MATTER))];
            m->nfields = d->u.matter.fields.n;
            m->fields = ar_alloc(w->a, (m->nfields + 1) * sizeof *m->fields);
            m->money_field = PL_NONE;
            uint32_t nmoney = 0;
            for (uint32_t k = 0; k < m->nfields; k++) {
                lower_field(w, d->u.matter.fields.v[k], &m->fields[k]);
                if (m->fields[k].type == TY_MONEY && nmoney++ == 0)
                    m->money_field = k;
            }
            if (nmoney != 1)
                m->money_field = PL_NONE;
        } else if (d->kind == D_CONTEXT) {
            for (uint32_t k = 0; k < d->u.matter.fields.n; k++)
                rm_vec_push(&w->scratch, &ctx, d->u.matter.fields.v[k]);
        }
    }
    p->ncontext = ctx.n;
    p->context = ar_alloc(w->a, (ctx.n + 1) * sizeof *p->context);
    for (uint32_t k = 0; k < ctx.n; k++)
        lower_field(w, ctx.v[k], &p->context[k]);
}

static void lower_protocol(lw *w, const rm_decl *d, pl_protocol *pr)
{
    pr->name = cpn(w, &d->name);
    pr->title = cpn(w, &d->title);
    pr->src = src_of(w, d->loc);
    pr->loc = d->name.loc;
    pr->active_loc = d->u.protocol.active_loc;
    pr->ratify_loc = d->u.protocol.ratify_loc;
    pr->expires_loc = d->u.protocol.expires_loc;
    assert(d->u.protocol.active); /* R0510 otherwise */
    w->th_rule = PL_NONE;
    w->th_protocol = (uint32_t)(pr - w->p->protocols);
    w->th_on = true;
    pr->active = d->u.protocol.active ? lower_expr(w, d->u.protocol.active) : PL_NONE;
    w->th_on = false;
    pr->active_text = d->u.protocol.active ? one_line(w, d->u.protocol.active) : NULL;
    pr->active_figures = d->u.protocol.active ? figures_line(w, d->u.protocol.active) : NULL;
    pr->expires = days_of(d->u.protocol.expires);
    pr->ratifier = d->u.protocol.nratify ? index_of(w, &d->u.protocol.ratifier, LW_M(SYM_BODY)) : PL_NONE;
    pr->ratify_src = d->u.protocol.nratify ? src_of(w, d->u.protocol.ratify_loc) : pr->src;
    pr->ratify_within = days_of(d->u.protocol.ratify_within);
    pr->nnever = d->u.protocol.never.n;
    pr->never = ar_alloc(w->a, (pr->nnever + 1) * sizeof *pr->never);
    for (uint32_t k = 0; k < pr->nnever; k++)
        pr->never[k] = index_of(w, d->u.protocol.never.v[k], LW_M(SYM_MATTER));
}

/* Pass 5: the rules, and the protocols with their grants, in declaration
 * order, numbered as pass 2 numbered them; their conditions become nodes
 * in that order.  Needs the numbers of passes 1 and 2 and the matters'
 * fields of pass 4 (a limit's `per`). */
static void lower_rules(lw *w)
{
    remit_policy *p = w->p;
    const rm_vec *ds = &w->s->decls;
    uint32_t rn = 0, ip = 0;
    for (uint32_t i = 0; i < ds->n; i++) {
        const rm_decl *d = ds->v[i];
        if (d->kind == D_RULE) {
            lower_rule(w, d->u.rule, &p->rules[rn], rn, PL_NONE);
            rn++;
        } else if (d->kind == D_PROTOCOL) {
            lower_protocol(w, d, &p->protocols[ip]);
            for (uint32_t k = 0; k < d->u.protocol.grants.n; k++, rn++)
                lower_rule(w, d->u.protocol.grants.v[k], &p->rules[rn], rn, ip);
            ip++;
        }
    }
    assert(rn == w->nrules && ip == p->nprotocols);
    p->nrules = rn;
    p->nthresholds = w->ths.n;
    p->thresholds = ar_alloc(w->a, (w->ths.n + 1) * sizeof *p->thresholds);
    for (uint32_t i = 0; i < w->ths.n; i++)
        p->thresholds[i] = *(const pl_threshold *)w->ths.v[i];
}

static unsigned action_bits(const rm_vec *actions)
{
    unsigned bits = 0;
    for (uint32_t i = 0; i < actions->n; i++) {
        const rm_name *a = actions->v[i];
        int k = wd_find(wd_coi_actions, a->s, a->len);
        bits |= k < 0 ? 0u : 1u << k;
    }
    return bits;
}

/* Pass 6: the conflicts blocks, in declaration order.  Needs the numbers
 * of pass 1. */
static void lower_conflicts(lw *w)
{
    remit_policy *p = w->p;
    const rm_vec *ds = &w->s->decls;
    for (uint32_t i = 0; i < ds->n; i++) {
        const rm_decl *d = ds->v[i];
        if (d->kind != D_CONFLICTS)
            continue;
        pl_conflicts *cf = &p->conflicts[p->nconflicts++];
        cf->loc = d->loc;
        cf->body = index_of(w, &d->u.conflicts.body, LW_M(SYM_BODY));
        cf->ncats = d->u.conflicts.interests.n;
        cf->cats = ar_alloc(w->a, (cf->ncats + 1) * sizeof *cf->cats);
        for (uint32_t k = 0; k < cf->ncats; k++) {
            const rm_interest *it = d->u.conflicts.interests.v[k];
            cf->cats[k].name = cpn(w, &it->name);
            cf->cats[k].actions = action_bits(&it->actions);
            cf->cats[k].src = src_of(w, it->name.loc);
            cf->cats[k].text = line_from(w, line_start(w, it->name.loc));
        }
        cf->declare_within = days_of(d->u.conflicts.declare_within);
        cf->declare_src = src_of(w, d->u.conflicts.declare_loc);
        cf->refer_to = d->u.conflicts.nrefer ? index_of(w, &d->u.conflicts.refer_to, LW_M(SYM_BODY)) : PL_NONE;
    }
    assert(p->nconflicts == w->nconflicts);
}

/* Order delegations by the holder they are made to, keeping declaration
 * order within one holder: each is sorted as the key (to, rule index),
 * rule indices following declaration order. */
static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void sort_into(rm_arena *scratch, const remit_policy *p, uint32_t *v, uint32_t n)
{
    uint64_t *key = ar_alloc(scratch, (n + 1) * sizeof *key);
    for (uint32_t i = 0; i < n; i++)
        key[i] = (uint64_t)p->rules[v[i]].to << 32 | v[i];
    qsort(key, n, sizeof *key, cmp_u64);
    for (uint32_t i = 0; i < n; i++)
        v[i] = (uint32_t)key[i];
}

uint32_t pl_delegations_to(const remit_policy *p, uint32_t matter, uint32_t h, uint32_t *n)
{
    *n = 0;
    if (h >= p->nholders)
        return 0;
    /* once made, the holders' records (pl_solo) say where their runs
     * begin: a line of memory that evaluation has read already */
    uint32_t lo = p->solo ? p->solo[h].at : p->into_at[h];
    uint32_t last = p->solo ? p->solo[h + 1].at : p->into_at[h + 1], hi = last;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (p->into_matter[mid] < matter)
            lo = mid + 1;
        else
            hi = mid;
    }
    uint32_t end = lo;
    while (end < last && p->into_matter[end] == matter)
        end++;
    *n = end - lo;
    return lo;
}

/* Pass 7: the indexes the evaluator walks.  Each matter's rules, in
 * source order; the bodies that report to no one and, per matter, the
 * holders a delegation or grant of it is made to (who else can decide,
 * 7.4); per matter, its delegations sorted by the holder they are made
 * to (a chain search's steps, 7.4).  Needs the rules of pass 5. */
static void index_matters(lw *w)
{
    remit_policy *p = w->p;
    uint32_t *count = ar_alloc(&w->scratch, (p->nmatters + 1) * sizeof *count);
    for (uint32_t r = 0; r < p->nrules; r++)
        if (p->rules[r].matter < p->nmatters)
            count[p->rules[r].matter]++;
    for (uint32_t m = 0; m < p->nmatters; m++) {
        p->matters[m].rules = ar_alloc(w->a, (count[m] + 1) * sizeof(uint32_t));
        if (count[m] > p->max_rules_per_matter)
            p->max_rules_per_matter = count[m];
    }
    uint32_t nlisted = 0;
    for (uint32_t r = 0; r < p->nrules; r++) /* in source order */
        if (p->rules[r].matter < p->nmatters) {
            pl_matter *mm = &p->matters[p->rules[r].matter];
            mm->rules[mm->nrules++] = r;
            nlisted++;
        }
    assert(nlisted == p->nrules); /* every rule has a matter */
    (void)nlisted;
    p->roots = ar_alloc(w->a, (p->nholders + 1) * sizeof *p->roots);
    p->rootset = ar_alloc(w->a, ((size_t)p->nholders / 64 + 1) * sizeof *p->rootset);
    p->bodyset = ar_alloc(w->a, ((size_t)p->nholders / 64 + 1) * sizeof *p->bodyset);
    p->lineset = ar_alloc(w->a, ((size_t)p->nholders / 64 + 1) * sizeof *p->lineset);
    for (uint32_t h = 0; h < p->nholders; h++) {
        const pl_holder *x = &p->holders[h];
        if (x->is_body)
            pl_set_bit(p->bodyset, h);
        if (x->nparents || x->nseats)
            pl_set_bit(p->lineset, h);
        if (x->is_body && x->nparents == 0) {
            p->roots[p->nroots++] = h;
            pl_set_bit(p->rootset, h);
        }
    }
    uint32_t *stamp = ar_alloc(&w->scratch, (p->nholders + 1) * sizeof *stamp);
    uint32_t ninto = 0;
    for (uint32_t m = 0; m < p->nmatters; m++) {
        pl_matter *mm = &p->matters[m];
        mm->into = ar_alloc(w->a, (mm->nrules + 1) * sizeof *mm->into);
        for (uint32_t i = 0; i < mm->nrules; i++)
            if (p->rules[mm->rules[i]].kind == R_DELEGATE && p->rules[mm->rules[i]].from != PL_NONE)
                mm->into[mm->ninto++] = mm->rules[i];
        sort_into(&w->scratch, p, mm->into, mm->ninto);
        ninto += mm->ninto;
        mm->urgent = ar_alloc(w->a, (mm->nrules + 1) * sizeof *mm->urgent);
        for (uint32_t i = 0; i < mm->nrules; i++)
            if (p->rules[mm->rules[i]].kind == R_URGENT)
                mm->urgent[mm->nurgent++] = mm->rules[i];
        mm->cands = ar_alloc(w->a, (mm->nrules + 1) * sizeof *mm->cands);
        for (uint32_t i = 0; i < mm->nrules; i++) {
            const pl_rule *r = &p->rules[mm->rules[i]];
            if ((r->kind == R_DELEGATE || r->kind == R_GRANT) && r->to < p->nholders &&
                stamp[r->to] != m + 1) {
                stamp[r->to] = m + 1;
                mm->cands[mm->ncands++] = r->to;
            }
        }
    }
    /* each holder's delegations, by matter (p->into_at): the matters are
     * visited in order, and each matter's `into` is ordered by holder and
     * then as declared */
    p->into_at = ar_alloc(w->a, (p->nholders + 2) * sizeof *p->into_at);
    p->into_rule = ar_alloc(w->a, (ninto + 1) * sizeof *p->into_rule);
    p->into_matter = ar_alloc(w->a, (ninto + 1) * sizeof *p->into_matter);
    for (uint32_t m = 0; m < p->nmatters; m++)
        for (uint32_t i = 0; i < p->matters[m].ninto; i++) {
            assert(p->rules[p->matters[m].into[i]].to < p->nholders); /* checked: a holder */
            p->into_at[p->rules[p->matters[m].into[i]].to + 2]++;
        }
    for (uint32_t h = 2; h < p->nholders + 2; h++)
        p->into_at[h] += p->into_at[h - 1];
    for (uint32_t m = 0; m < p->nmatters; m++)
        for (uint32_t i = 0; i < p->matters[m].ninto; i++) {
            uint32_t r = p->matters[m].into[i], k = p->into_at[p->rules[r].to + 1]++;
            p->into_rule[k] = r;
            p->into_matter[k] = m;
        }
    assert(p->into_at[p->nholders] == ninto);
}

/* One pl_index: the matter's rules for which key() gives a key (a holder,
 * or PL_NONE for any holder; LW_NOT for a rule not of this index), sorted
 * by (key, rule index). */
#define LW_NOT (PL_NONE - 1)

/* A tree of the least value of each range of v[0..n) (pl_index.floor):
 * leaves padded with INT64_MAX to *nleaves, a power of two. */
static int64_t *least_tree(lw *w, const int64_t *v, uint32_t n, uint32_t *nleaves)
{
    uint32_t leaves = 1;
    while (leaves < n)
        leaves *= 2;
    int64_t *t = ar_alloc(w->a, 2 * (size_t)leaves * sizeof *t);
    for (uint32_t i = 0; i < leaves; i++)
        t[leaves + i] = i < n ? v[i] : INT64_MAX;
    for (uint32_t k = leaves; k-- > 1;)
        t[k] = t[2 * k] < t[2 * k + 1] ? t[2 * k] : t[2 * k + 1];
    t[0] = INT64_MAX;
    *nleaves = leaves;
    return t;
}

/* The least (or, with most, the greatest) sum of money (the matter's
 * money field mf) for which the condition at node n can hold, as far as
 * its `and`s, `or`s and comparisons of the field with a constant say;
 * INT64_MIN (INT64_MAX) when they say nothing.  Read from the nodes as
 * lowered (pass 5). */
static int64_t sum_bound(const lw *w, uint32_t n, uint32_t mf, bool most)
{
    const int64_t none = most ? INT64_MAX : INT64_MIN;
    if (n == PL_NONE || mf == PL_NONE)
        return none;
    assert(n < w->nodes.n);
    const pl_node *x = w->nodes.v[n];
    if (x->op == N_AND || x->op == N_OR) {
        int64_t a = sum_bound(w, x->a, mf, most), b = sum_bound(w, x->b, mf, most);
        bool larger = (x->op == N_AND) != most; /* and: the tighter bound; or: the looser */
        return larger ? (a > b ? a : b) : (a < b ? a : b);
    }
    if (x->op != N_CMP)
        return none;
    const pl_node *l = w->nodes.v[x->a], *r = w->nodes.v[x->b];
    bool field_first = l->op == N_FIELD && l->a == mf && r->op == N_CONST;
    bool const_first = r->op == N_FIELD && r->a == mf && l->op == N_CONST;
    if (!field_first && !const_first)
        return none;
    int64_t k = field_first ? r->k : l->k;
    cmp_op op = (cmp_op)x->cmp;
    if (const_first) /* k < sum is sum > k */
        op = op == OP_LT ? OP_GT : op == OP_GT ? OP_LT : op == OP_LE ? OP_GE : op == OP_GE ? OP_LE : op;
    if (op == OP_EQ)
        return k;
    if (!most && op == OP_GT) /* sum > k */
        return k < INT64_MAX ? k + 1 : INT64_MAX;
    if (most && op == OP_LT) /* sum < k */
        return k > INT64_MIN ? k - 1 : INT64_MIN;
    if ((!most && op == OP_GE) || (most && op == OP_LE))
        return k;
    return none;
}

static int64_t least_sum(const lw *w, uint32_t n, uint32_t mf) { return sum_bound(w, n, mf, false); }

static void index_rules(lw *w, const pl_matter *m, pl_index *x, uint32_t (*key)(const pl_rule *))
{
    remit_policy *p = w->p;
    uint64_t *k = ar_alloc(&w->scratch, (m->nrules + 1) * sizeof *k);
    uint32_t n = 0;
    for (uint32_t i = 0; i < m->nrules; i++) {
        uint32_t h = key(&p->rules[m->rules[i]]);
        if (h != LW_NOT)
            k[n++] = (uint64_t)h << 32 | m->rules[i];
    }
    qsort(k, n, sizeof *k, cmp_u64);
    x->n = n;
    x->rules = ar_alloc(w->a, (n + 1) * sizeof *x->rules);
    x->keys = ar_alloc(w->a, (n + 1) * sizeof *x->keys);
    for (uint32_t i = 0; i < n; i++) {
        x->rules[i] = (uint32_t)k[i];
        x->keys[i] = (uint32_t)(k[i] >> 32);
        assert(p->rules[x->rules[i]].matter == (uint32_t)(m - p->matters));
        assert(x->keys[i] == PL_NONE || x->keys[i] < p->nholders);
    }
    /* the rules for any holder are the last run: their thresholds */
    x->any = n;
    while (x->any > 0 && x->keys[x->any - 1] == PL_NONE)
        x->any--;
    int64_t *least = ar_alloc(&w->scratch, (n - x->any + 1) * sizeof *least);
    for (uint32_t i = x->any; i < n; i++)
        least[i - x->any] = least_sum(w, p->rules[x->rules[i]].when, m->money_field);
    x->floor = least_tree(w, least, n - x->any, &x->nleaves);
}

static uint32_t key_refusal(const pl_rule *r) { return r->kind == R_REFUSE ? r->for_holder : LW_NOT; }
static uint32_t key_reservation(const pl_rule *r) { return r->kind == R_RESERVE ? PL_NONE : LW_NOT; }
static uint32_t key_escalation(const pl_rule *r) { return r->kind == R_ESCALATE ? r->from : LW_NOT; }
static uint32_t key_grant(const pl_rule *r) { return r->kind == R_GRANT ? r->to : LW_NOT; }

static uint32_t key_joint(const pl_rule *r)
{
    return r->kind == R_REQUIRE || r->kind == R_LIMIT ? PL_NONE : LW_NOT;
}

static uint32_t key_permit(const pl_rule *r)
{
    if (r->kind == R_AFTER)
        return PL_NONE;
    return r->kind == R_DELEGATE && r->spectrum == SP_ADVISE ? r->from : LW_NOT;
}

/* A candidate of the last resort with its rank as far as it is known
 * before a decision: most links first, then the lower tier (none above
 * every tier), then the earlier declared (SPEC 7.4). */
typedef struct lw_rank {
    uint64_t key;               /* (PL_MAX_CHAIN - most) << 32 | tier */
    uint32_t seq;
    uint32_t cand;              /* in the scratch table of candidates */
} lw_rank;

static int cmp_rank(const void *a, const void *b)
{
    const lw_rank *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The last resort of who else can decide, for matter m (SPEC 7.4): every
 * holder that can ever have a chain or a grant for it, with the most links
 * its chain can have and the most money it can carry (pl_cand).  A chain
 * of k links is a walk of k delegations up to a root, so PL_MAX_CHAIN
 * rounds of relaxation over the delegations bound every chain; a holder
 * that no walk of at most that many reaches has no chain. */
/* Scratch for index_last_resort, sized by the holders and made once for
 * every matter: per matter it would grow with matters x holders. */
typedef struct lw_lastwork {
    int32_t *most;
    int64_t *cap, *neg;
    lw_rank *rank;
    pl_cand *c;
} lw_lastwork;

static void index_last_resort(lw *w, pl_matter *m, const lw_lastwork *lx)
{
    int32_t *most = lx->most;
    int64_t *cap = lx->cap;
    remit_policy *p = w->p;
    for (uint32_t h = 0; h < p->nholders; h++) {
        bool root = p->holders[h].is_body && p->holders[h].nparents == 0;
        most[h] = root ? 0 : -1;
        cap[h] = root ? INT64_MAX : INT64_MIN;
    }
    for (uint32_t round = 0; round < PL_MAX_CHAIN; round++) {
        bool changed = false;
        for (uint32_t i = 0; i < m->ninto; i++) {
            const pl_rule *r = &p->rules[m->into[i]];
            if (most[r->from] < 0 || most[r->to] == 0)
                continue; /* from no holder with authority; into a root */
            int32_t k = most[r->from] + 1 > (int32_t)PL_MAX_CHAIN ? (int32_t)PL_MAX_CHAIN : most[r->from] + 1;
            if (k > most[r->to]) {
                most[r->to] = k;
                changed = true;
            }
        }
        if (!changed)
            break;
    }
    /* the most money: the largest `up to` of a delegation or grant to it
     * that can carry authority (from a holder with a chain, for a
     * delegation), or less when a delegation's `when` or `limit` bounds
     * the money field (`limit amount <= £10,000`); the last link must
     * allow the sum.  (No less than 0: a sum of money is not negative.) */
    for (uint32_t i = 0; i < m->ninto; i++) {
        const pl_rule *r = &p->rules[m->into[i]];
        int64_t up = r->upto >= 0 ? r->upto : INT64_MAX;
        int64_t bw = sum_bound(w, r->when, m->money_field, true), bl = sum_bound(w, r->limit, m->money_field, true);
        up = bw < up ? bw : up;
        up = bl < up ? bl : up;
        up = up < 0 ? 0 : up;
        if (most[r->from] >= 0 && most[r->to] > 0 && up > cap[r->to])
            cap[r->to] = up;
    }
    for (uint32_t i = 0; i < m->grants.n; i++) {
        const pl_rule *r = &p->rules[m->grants.rules[i]];
        int64_t up = r->upto >= 0 ? r->upto : INT64_MAX;
        if (most[r->to] < 1)
            most[r->to] = 1; /* a grant counts as one link */
        if (up > cap[r->to])
            cap[r->to] = up;
    }
    lw_rank *rank = lx->rank;
    pl_cand *c = lx->c;
    uint32_t n = 0;
    for (uint32_t h = 0; h < p->nholders; h++) {
        if (most[h] < 0)
            continue; /* never a candidate */
        const pl_holder *x = &p->holders[h];
        c[n] = (pl_cand){.holder = h, .most = (uint32_t)most[h], .cap = cap[h]};
        uint32_t tier = x->tier < 0 ? UINT32_MAX : (uint32_t)x->tier;
        rank[n] = (lw_rank){.key = (uint64_t)(PL_MAX_CHAIN - (uint32_t)most[h]) << 32 | tier,
                            .seq = x->seq, .cand = n};
        n++;
    }
    qsort(rank, n, sizeof *rank, cmp_rank);
    m->nlast = n;
    m->last = ar_alloc(w->a, (n + 1) * sizeof *m->last);
    int64_t *neg = lx->neg;
    for (uint32_t i = 0; i < n; i++) {
        m->last[i] = c[rank[i].cand];
        assert(m->last[i].most <= PL_MAX_CHAIN && m->last[i].cap >= 0);
        assert(i == 0 || cmp_rank(&rank[i - 1], &rank[i]) < 0); /* a strict order */
        neg[i] = -m->last[i].cap; /* the least tree finds the first that can */
    }
    m->lastcap = least_tree(w, neg, n, &m->nleaves);
}

/* Pass 7b: what each level of evaluation visits, per matter (pl_index),
 * and the last resort of who else can decide (pl_cand).  Needs the rules
 * and holders of passes 3 to 5 and the indexes of pass 7. */
static void index_levels(lw *w)
{
    remit_policy *p = w->p;
    size_t nh = (size_t)p->nholders + 1;
    lw_lastwork lx = {ar_alloc(&w->scratch, nh * sizeof *lx.most), ar_alloc(&w->scratch, nh * sizeof *lx.cap),
                      ar_alloc(&w->scratch, nh * sizeof *lx.neg), ar_alloc(&w->scratch, nh * sizeof *lx.rank),
                      ar_alloc(&w->scratch, nh * sizeof *lx.c)};
    for (uint32_t i = 0; i < p->nmatters; i++) {
        pl_matter *m = &p->matters[i];
        index_rules(w, m, &m->refusals, key_refusal);
        index_rules(w, m, &m->reservations, key_reservation);
        index_rules(w, m, &m->joint, key_joint);
        index_rules(w, m, &m->escalations, key_escalation);
        for (uint32_t k = 0; k < m->escalations.n; k++) {
            const pl_rule *r = &p->rules[m->escalations.rules[k]];
            m->escalates_after |= r->after >= 0;
            m->escalates_next_tier |= r->to_next_tier;
        }
        index_rules(w, m, &m->grants, key_grant);
        index_rules(w, m, &m->permits, key_permit);
        index_last_resort(w, m, &lx);
        assert(m->nlast >= p->nroots && m->nleaves >= m->nlast);
    }
}

/* Pass 9: the nodes of every condition and the text constants, from
 * scratch into the policy's arrays.  Needs the conditions of pass 5. */
static void keep_tables(lw *w)
{
    remit_policy *p = w->p;
    p->nnodes = w->nodes.n;
    p->nodes = ar_alloc(w->a, (p->nnodes + 1) * sizeof *p->nodes);
    for (uint32_t k = 0; k < w->nodes.n; k++)
        p->nodes[k] = *(pl_node *)w->nodes.v[k];
    p->ntexts = w->textv.n;
    p->texts = ar_alloc(w->a, (p->ntexts + 1) * sizeof *p->texts);
    for (uint32_t k = 0; k < w->textv.n; k++)
        p->texts[k] = w->textv.v[k];
    p->fy_month = 4; /* 1 April, the NHS's and the government's, unless declared (4.23) */
    p->fy_day = 1;
    for (uint32_t i = 0; i < w->s->decls.n; i++) {
        const rm_decl *d = w->s->decls.v[i];
        if (d->kind == D_YEAR) {
            p->fy_month = wd_month_of(d->u.year.month.s, d->u.year.month.len);
            p->fy_day = (int)d->u.year.day;
        }
    }
    p->npriors = w->priors.n;
    p->priors = ar_alloc(w->a, (p->npriors + 1) * sizeof *p->priors);
    for (uint32_t m = 0; m < p->nmatters; m++)
        p->matters[m].priors = ar_alloc(w->a, RM_MAX_PRIORS * sizeof *p->matters[m].priors);
    for (uint32_t k = 0; k < w->priors.n; k++) {
        p->priors[k] = *(pl_prior *)w->priors.v[k];
        pl_matter *m = &p->matters[p->priors[k].matter];
        m->priors[m->npriors++] = k;
    }
    p->ntotals = w->totals.n;
    p->totals = ar_alloc(w->a, (p->ntotals + 1) * sizeof *p->totals);
    for (uint32_t m = 0; m < p->nmatters; m++)
        p->matters[m].totals = ar_alloc(w->a, PL_MAX_TOTALS * sizeof *p->matters[m].totals);
    for (uint32_t k = 0; k < w->totals.n; k++) {
        p->totals[k] = *(pl_total *)w->totals.v[k];
        pl_matter *m = &p->matters[p->totals[k].matter];
        m->totals[m->ntotals++] = k;
    }
    p->dueset = ar_alloc(w->a, ((size_t)p->nrules / 64 + 1) * sizeof *p->dueset);
    for (uint32_t r = 0; r < p->nrules; r++) {
        const pl_rule *x = &p->rules[r];
        if (x->nobligations || x->spectrum == SP_TRANSFER || x->kind == R_GRANT)
            pl_set_bit(p->dueset, r);
    }
}

/* Keep condition `node` in link l as tests, if it is a conjunction of
 * at most the tests l has room for, each a field compared with a
 * constant or a choice field tested; false if not.  (No `when` or
 * `limit` is no test.) */
static bool link_tests(const remit_policy *p, uint32_t node, pl_link *l)
{
    if (node == PL_NONE)
        return true;
    const pl_node *x = &p->nodes[node];
    if (x->op == N_AND)
        return link_tests(p, x->a, l) && link_tests(p, x->b, l);
    if ((x->op != N_CMP && x->op != N_IN && x->op != N_NOTIN) || l->ntests == PL_LINK_TESTS ||
        p->nodes[x->a].op != N_FIELD)
        return false;
    struct pl_test *t = &l->tests[l->ntests];
    if (x->op == N_CMP && p->nodes[x->b].op == N_CONST)
        *t = (struct pl_test){.op = N_CMP, .cmp = x->cmp, .field = p->nodes[x->a].a, .k = p->nodes[x->b].k};
    else if (x->op == N_IN || x->op == N_NOTIN)
        *t = (struct pl_test){.op = x->op, .field = p->nodes[x->a].a, .k = x->k};
    else
        return false;
    l->ntests++;
    return true;
}

/* The values of choice field f that a link lets through: those its
 * tests of f allow, when it is plain; every value when not. */
static uint64_t link_allows(const pl_link *l, uint32_t f)
{
    uint64_t a = ~UINT64_C(0);
    for (uint32_t i = 0; (l->flags & PL_LINK_PLAIN) && i < l->ntests; i++)
        if (l->tests[i].field == f && l->tests[i].op != N_CMP)
            a &= l->tests[i].op == N_IN ? (uint64_t)l->tests[i].k : ~(uint64_t)l->tests[i].k;
    return a;
}

/* pl_cand.allow for matter m (allow: scratch, a word per holder;
 * link_of: the link of each delegation): the values of its choice field
 * for which some walk up its delegations to a start of authority lets
 * the value through every link.  A walk round a circle, or longer than a
 * chain may be, only lets more through, so the set is never too small;
 * holders with a grant, and every holder when the sets have not settled
 * within the rounds, allow every value. */
static void choices_of_chains(remit_policy *p, pl_matter *m, const uint32_t *link_of, uint64_t *allow)
{
    m->choice_field = PL_NONE;
    for (uint32_t i = 0; i < m->ninto && m->choice_field == PL_NONE; i++) {
        const pl_link *l = &p->links[link_of[m->into[i]]];
        for (uint32_t k = 0; (l->flags & PL_LINK_PLAIN) && k < l->ntests; k++)
            if (l->tests[k].op != N_CMP) {
                m->choice_field = l->tests[k].field;
                break;
            }
    }
    for (uint32_t i = 0; i < m->nlast; i++)
        m->last[i].allow = ~UINT64_C(0);
    if (m->choice_field == PL_NONE)
        return;
    /* only the holders the matter's delegations join are read */
    for (uint32_t i = 0; i < m->ninto; i++) {
        const pl_rule *r = &p->rules[m->into[i]];
        allow[r->from] = pl_is_root(p, r->from) ? ~UINT64_C(0) : 0;
        allow[r->to] = pl_is_root(p, r->to) ? ~UINT64_C(0) : 0;
    }
    for (uint32_t i = 0; i < m->grants.n; i++) /* a grant: every value */
        allow[p->rules[m->grants.rules[i]].to] = ~UINT64_C(0);
    /* each round lets values through one more link at least, and a
     * holder's set only grows */
    bool changed = true;
    for (uint32_t round = 0; changed && round < 2 * PL_MAX_CHAIN; round++) {
        changed = false;
        for (uint32_t i = 0; i < m->ninto; i++) {
            const pl_link *l = &p->links[link_of[m->into[i]]];
            uint32_t to = p->rules[l->rule].to;
            uint64_t a = allow[to] | (allow[l->from] & link_allows(l, m->choice_field));
            changed |= a != allow[to];
            allow[to] = a;
        }
    }
    if (changed)
        return; /* not settled: every value */
    /* a candidate is a start of authority, or a holder a delegation or a
     * grant of the matter is made to */
    for (uint32_t i = 0; i < m->nlast; i++) {
        uint32_t h = m->last[i].holder;
        m->last[i].allow = pl_is_root(p, h) ? ~UINT64_C(0) : allow[h];
    }
}

/* Add test t to the n tests at v (at most PL_PATH_TESTS), folded into
 * one already there when it can be: the same test again, two upper (or
 * two lower) bounds of one field, or a choice field tested twice (both
 * `in`: the choices of both; both `not in`: neither's; one of each: the
 * first's less the second's).  False when there is no room. */
static bool path_test(struct pl_test *v, uint8_t *n, const struct pl_test *in)
{
    struct pl_test u = *in, *t = &u;
    /* < k is <= k - 1, and > k is >= k + 1: bounds of one side then fold */
    if (t->op == N_CMP && t->cmp == OP_LT && t->k > INT64_MIN)
        t->cmp = OP_LE, t->k--;
    else if (t->op == N_CMP && t->cmp == OP_GT && t->k < INT64_MAX)
        t->cmp = OP_GE, t->k++;
    for (uint8_t i = 0; i < *n; i++) {
        struct pl_test *o = &v[i];
        if (o->field != t->field)
            continue;
        if (o->op == N_CMP && t->op == N_CMP && o->cmp == t->cmp) {
            if (o->k == t->k)
                return true;
            if (t->cmp == OP_LE) { /* the lower of two upper bounds */
                o->k = t->k < o->k ? t->k : o->k;
                return true;
            }
            if (t->cmp == OP_GE) {
                o->k = t->k > o->k ? t->k : o->k;
                return true;
            }
        }
        if (o->op == N_CMP || t->op == N_CMP)
            continue;
        if (o->op == N_IN && t->op == N_IN)
            o->k &= t->k;
        else if (o->op == N_NOTIN && t->op == N_NOTIN)
            o->k |= t->k;
        else if (o->op == N_IN)
            o->k &= ~t->k;
        else
            *o = (struct pl_test){.op = N_IN, .field = t->field, .k = t->k & ~o->k};
        return true;
    }
    if (*n == PL_PATH_TESTS)
        return false;
    v[(*n)++] = *t;
    return true;
}

/* The pl_path of link k, if it has one (policy.h says when): its header
 * and tests in *out and tests, its hops at hops; false when it has none. */
static bool link_path(const remit_policy *p, uint32_t k, pl_path *out, struct pl_test *tests, uint32_t *hops)
{
    const pl_link *l = &p->links[k];
    uint32_t who = p->rules[l->rule].to;
    pl_path x = {.upto = -1, .money_field = l->money_field};
    for (uint32_t n = 0;; n++) {
        if (!(l->flags & PL_LINK_PLAIN) || (n > 0 && !(l->flags & PL_LINK_SUB)) || n == PL_MAX_CHAIN)
            return false;
        if (l->upto >= 0) {
            if (l->money_field == PL_NONE)
                return false; /* it never carries a decision */
            x.upto = x.upto < 0 || l->upto < x.upto ? l->upto : x.upto;
        }
        for (uint32_t i = 0; i < l->ntests; i++)
            if (!path_test(tests, &x.ntests, &l->tests[i]))
                return false;
        bool loop = l->from == who; /* the search's own check */
        for (uint32_t i = 0; i < n && !loop; i++)
            loop = hops[2 * i] == l->from;
        if (loop)
            return false;
        hops[2 * n] = l->from;
        hops[2 * n + 1] = l->rule;
        if (l->flags & PL_LINK_ROOT) {
            x.n = (uint8_t)(n + 1);
            *out = x;
            return true;
        }
        if (l->nup != 1)
            return false;
        l = &p->links[l->up_at];
    }
}

/* Every link's pl_path, where it has one. */
static void index_paths(lw *w)
{
    remit_policy *p = w->p;
    uint32_t ninto = p->into_at[p->nholders];
    size_t words = 0;
    uint32_t hops[2 * PL_MAX_CHAIN];
    struct pl_test tests[PL_PATH_TESTS];
    pl_path x;
    for (uint32_t k = 0; k < ninto; k++) { /* measured, then made */
        p->links[k].path = PL_NONE;
        if (link_path(p, k, &x, tests, hops))
            words += pl_path_words(x.ntests, x.n);
    }
    if (words >= PL_NONE)
        return; /* (no policy comes near: then no paths) */
    p->path_pool = ar_alloc(w->a, (words + 1) * sizeof *p->path_pool);
    words = 0;
    for (uint32_t k = 0; k < ninto; k++) {
        if (!link_path(p, k, &x, tests, hops))
            continue;
        pl_path *ph = (pl_path *)(void *)(p->path_pool + words);
        *ph = x;
        memcpy(ph->tests, tests, x.ntests * sizeof *tests);
        memcpy((uint32_t *)(void *)(ph->tests + x.ntests), hops, 2u * x.n * sizeof *hops);
        p->links[k].path = (uint32_t)words;
        words += pl_path_words(x.ntests, x.n);
    }
}

/* Each holder's pl_solo, once its links and their paths are made. */
static void index_solo(lw *w)
{
    remit_policy *p = w->p;
    p->solo = ar_alloc(w->a, ((size_t)p->nholders + 1) * sizeof *p->solo);
    for (uint32_t h = 0; h < p->nholders; h++) {
        uint32_t at = p->into_at[h];
        const pl_link *l = &p->links[at];
        bool one = p->into_at[h + 1] - at == 1;
        p->solo[h] = (pl_solo){at, one ? p->rules[l->rule].matter : PL_NONE, one ? l->from : PL_NONE,
                               one ? l->path : PL_NONE};
    }
    /* (the end of the last holder's run, for pl_delegations_to) */
    p->solo[p->nholders] = (pl_solo){p->into_at[p->nholders], PL_NONE, PL_NONE, PL_NONE};
}

/* Pass 10: each delegation as a step of a chain search (pl_link): the
 * next step up (those of its matter made to its delegator), and for a
 * plain one all that decides whether it carries authority.  Needs the
 * indexes (pass 7), precedence (pass 8) and the nodes (pass 9). */
static void index_links(lw *w)
{
    remit_policy *p = w->p;
    uint32_t ninto = p->into_at[p->nholders];
    p->links = ar_alloc(w->a, (ninto + 1) * sizeof *p->links);
    for (uint32_t k = 0; k < ninto; k++) {
        const pl_rule *r = &p->rules[p->into_rule[k]];
        pl_link *l = &p->links[k];
        l->upto = r->upto;
        l->rule = r->index;
        l->from = r->from;
        l->up_at = pl_delegations_to(p, r->matter, r->from, &l->nup);
        l->money_field = p->matters[r->matter].money_field;
        bool plain = link_tests(p, r->when, l) && link_tests(p, r->limit, l) && !r->with &&
                     r->spectrum != SP_ADVISE && r->spectrum != SP_JOINT && r->prec == PL_NONE &&
                     r->sub_approver == PL_NONE && r->prior == PL_NONE; /* the decision's to show */
        l->flags = (pl_is_root(p, r->from) ? PL_LINK_ROOT : 0) | (r->may_subdelegate ? PL_LINK_SUB : 0) |
                   (plain ? PL_LINK_PLAIN : 0);
    }
    uint64_t *allow = ar_alloc(&w->scratch, (p->nholders + 1) * sizeof *allow);
    uint32_t *link_of = ar_alloc(&w->scratch, (p->nrules + 1) * sizeof *link_of);
    for (uint32_t k = 0; k < ninto; k++)
        link_of[p->into_rule[k]] = k;
    for (uint32_t m = 0; m < p->nmatters; m++)
        choices_of_chains(p, &p->matters[m], link_of, allow);
    index_paths(w);
    index_solo(w);
}

remit_policy *pl_lower(remit_session *s)
{
    remit_policy *p = rm_xmalloc(&s->arena, sizeof *p);
    memset(p, 0, sizeof *p);
    /* While it is built, the policy's arena and the scratch arena unwind
     * to the session's live protected call (rm_guard, internal.h) when
     * memory runs out; their cleanups free them then.  The guard is the
     * policy's one pointer into the session, and is dropped below. */
    p->arena.guard = s->arena.guard;
    rm_cleanup_push(s, pl_cleanup, p);
    lw w;
    memset(&w, 0, sizeof w);
    w.s = s;
    w.p = p;
    w.a = &p->arena;
    w.scratch.guard = s->arena.guard;
    rm_cleanup_push(s, ar_cleanup, &w.scratch);
    w.paths = ar_alloc(&w.scratch, (s->files.n + 1) * sizeof *w.paths);

    number_names(&w);
    number_labels(&w);
    lower_holders(&w);
    lower_matters(&w);
    lower_rules(&w);
    lower_conflicts(&w);
    index_matters(&w);
    index_levels(&w);
    lower_precedence(&w, &s->decls);
    keep_tables(&w);
    index_links(&w);

    rm_cleanup_pop(s, &w.scratch);
    ar_free_all(&w.scratch);
    p->arena.guard = NULL; /* built: nothing is allocated in it again */
    rm_cleanup_pop(s, p);
    return p;
}

void pl_free(remit_policy *p)
{
    if (!p)
        return;
    ar_free_all(&p->arena);
    rm_free(p);
}

void pl_cleanup(void *p) { pl_free(p); }
