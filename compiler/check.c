/*
 * check.c - names and types.  After every file of a policy is parsed, this
 * declares each name in the one namespace, resolves every use of a name to
 * what it denotes, gives every expression a type, and checks each statement
 * against the rules of SPEC.md ("Names", "Types", "Statements").  It keeps
 * going after an error so one run reports all it can; an expression whose
 * type is already wrong gets TY_ERROR, which silences follow-on messages.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct ck {
    remit_session *s;
    rm_vec totals;           /* ck_term*: the different `total` terms met */
    rm_vec priors, prior_matter; /* the different prior approvals (rm_clause*) and their matters */
    rm_vec context;          /* rm_field*: every `context` block's fields */
    rm_decl *tiers;
} ck;

/* What names an expression may use. */
typedef struct scope {
    rm_decl *matter;         /* NULL: context and constants only */
    bool no_total;           /* a cumulative limit's `when`, weighed over history entries */
    bool poisoned;           /* the matter did not resolve: stay quiet */
    const char *where;       /* "a protocol's activation", for messages */
    bool setting;            /* the value `use ... with` gives a module's constant (4.2) */
} scope;

static const char *const sym_word[] = {
    [SYM_TIER] = "tier", [SYM_KIND] = "kind of member", [SYM_ROLE] = "role",
    [SYM_BODY] = "body", [SYM_MATTER] = "matter", [SYM_CONST] = "constant",
    [SYM_LABEL] = "rule label", [SYM_PROTOCOL] = "protocol",
    [SYM_INTEREST] = "category of interest",
};

#define M(k) (1u << (k))

/* ---------------------------------------------------------------- utils */

/* Optimal string alignment distance: insertions, deletions, substitutions
 * and swaps of two neighbouring letters ("rsik" for "risk") cost one; a
 * letter in the other case costs nothing, so that "CEO" finds "ceo" (a
 * name that differs only in case is at distance 0 but not the same name). */
unsigned rm_edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
    enum { MAXL = 64 };
    if (la > MAXL || lb > MAXL)
        return 99;
    unsigned d[MAXL + 1][MAXL + 1];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (unsigned)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (unsigned)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            unsigned cost = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]) ? 0 : 1;
            unsigned best = d[i - 1][j - 1] + cost;
            if (d[i - 1][j] + 1 < best) best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == tolower((unsigned char)b[j - 1]) &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[la][lb];
}

static bool close_enough(const rm_name *n, const char *c, size_t cl, unsigned *best)
{
    /* names whose lengths differ by more than the limit cannot be close */
    if ((size_t)n->len > cl + 3 || cl > (size_t)n->len + 3)
        return false;
    unsigned d = rm_edit_distance(n->s, n->len, c, cl);
    unsigned limit = n->len <= 2 ? 0 : n->len <= 4 ? 1 : n->len <= 7 ? 2 : 3;
    if (d <= limit && d < *best) {
        *best = d;
        return true;
    }
    return false;
}

/* The choice closest to n in a list of choices (rm_name*), if any is
 * closer than *bd; *bd is lowered to its distance. */
static const rm_name *closest_choice(const rm_name *n, const rm_vec *values, unsigned *bd)
{
    const rm_name *best = NULL;
    for (uint32_t i = 0; i < values->n; i++) {
        const rm_name *w = values->v[i];
        if (close_enough(n, w->s, w->len, bd))
            best = w;
    }
    return best;
}

/* The declared name closest to n among symbols of the kinds in mask. */
static const rm_sym *suggest_sym(ck *c, const rm_name *n, unsigned mask)
{
    const rm_sym *found = NULL;
    unsigned best = 99;
    if (c->s->fatal) /* past the cap nothing more is shown: spend nothing */
        return NULL;
    for (uint32_t i = 0; i < c->s->syms.cap; i++) {
        const rm_sym *e = c->s->syms.slots[i].sym;
        if (e && (mask & M(e->kind)) && close_enough(n, e->name.s, e->name.len, &best))
            found = e;
    }
    return found;
}

static bool is_one_of(const rm_name *n, const char *const *words)
{
    return wd_find(words, n->s, n->len) >= 0;
}

static const char *suggest_word(const rm_name *n, const char *const *words)
{
    const char *found = NULL;
    unsigned best = 99;
    for (size_t i = 0; words[i]; i++)
        if (close_enough(n, words[i], strlen(words[i]), &best))
            found = words[i];
    return found;
}

static unsigned line_of(ck *c, rm_loc loc)
{
    unsigned line, col;
    dg_linecol(c->s->files.v[loc.file], loc.start, &line, &col);
    return line;
}

/* "line 12" or "line 12 of nhs/tiers.remit" when in another file */
static const char *where_str(ck *c, rm_loc loc, rm_loc from)
{
    const rm_file *f = c->s->files.v[loc.file];
    if (loc.file == from.file)
        return ar_printf(&c->s->arena, "line %u", line_of(c, loc));
    return ar_printf(&c->s->arena, "line %u of %s", line_of(c, loc), f->path);
}

static const char *words_list(ck *c, const char *const *words)
{
    char buf[512];
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; words[i]; i++) {
        int k = snprintf(buf + used, sizeof buf - used, "%s'%s'",
                         i == 0 ? "" : words[i + 1] ? ", " : " or ", words[i]);
        if (k < 0 || (size_t)k >= sizeof buf - used)
            break;
        used += (size_t)k;
    }
    return ar_strndup(&c->s->arena, buf, used);
}

static const char *kinds_phrase(unsigned mask)
{
    if (mask == (M(SYM_ROLE) | M(SYM_BODY)))
        return "a role or a body";
    if (mask == (M(SYM_ROLE) | M(SYM_KIND)))
        return "a role or a kind of member";
    for (int k = 0; k <= SYM_INTEREST; k++)
        if (mask == M(k)) {
            switch (k) {
            case SYM_TIER: return "a tier";
            case SYM_KIND: return "a kind of member";
            case SYM_ROLE: return "a role";
            case SYM_BODY: return "a body";
            case SYM_MATTER: return "a matter";
            case SYM_CONST: return "a constant";
            case SYM_LABEL: return "a rule label";
            case SYM_PROTOCOL: return "a protocol";
            default: return "a category of interest";
            }
        }
    return "a name";
}

static const char *decl_hint(unsigned mask)
{
    if (mask & M(SYM_BODY) && mask & M(SYM_ROLE))
        return "declare roles with `role NAME \"Title\"` and bodies with `body NAME \"Title\"`";
    if (mask & M(SYM_MATTER))
        return "declare it with `matter NAME { field: type }`";
    if (mask & M(SYM_TIER))
        return "tiers are declared once, lowest first: `tiers neighbourhood < place < system`";
    if (mask & M(SYM_ROLE))
        return "declare it with `role NAME \"Title\"`";
    if (mask & M(SYM_BODY))
        return "declare it with `body NAME \"Title\" { ... }`";
    if (mask & M(SYM_KIND))
        return "declare it with `kind NAME \"Title\"`";
    if (mask & M(SYM_LABEL))
        return "give a rule a label by writing `label: ` before it";
    return "declare it before using it";
}

static const char *tier_list(ck *c)
{
    char buf[512];
    size_t used = 0;
    buf[0] = '\0';
    const rm_vec *t = &c->tiers->u.tiers.names;
    for (uint32_t i = 0; i < t->n; i++) {
        const rm_name *n = t->v[i];
        int k = snprintf(buf + used, sizeof buf - used, "%s%.*s", i ? " < " : "", (int)n->len, n->s);
        if (k < 0 || (size_t)k >= sizeof buf - used)
            break;
        used += (size_t)k;
    }
    return ar_strndup(&c->s->arena, buf, used);
}

/* Look a name up expecting one of the kinds in mask; reports and returns
 * NULL when it is missing or of the wrong kind. */
static rm_sym *ck_resolve(ck *c, const rm_name *n, unsigned mask)
{
    if (!n->len)
        return NULL;
    rm_sym *e = sym_find(&c->s->syms, n->s, n->len);
    if (e && (mask & M(e->kind))) {
        e->used = true;
        return e;
    }
    if (e) {
        dg_item *d = dg_error(c->s, n->loc, "R0204", "'%.*s' is a %s, but %s is needed here",
                              (int)n->len, n->s, sym_word[e->kind], kinds_phrase(mask));
        const rm_sym *alt = suggest_sym(c, n, mask);
        if (alt)
            dg_hint(c->s, d, "did you mean the %s '%.*s'?", sym_word[alt->kind],
                    (int)alt->name.len, alt->name.s);
        else
            dg_hint(c->s, d, "'%.*s' is declared on %s", (int)n->len, n->s,
                    where_str(c, e->name.loc, n->loc));
        return NULL;
    }
    const char *code = mask == M(SYM_MATTER) ? "R0206" : mask == M(SYM_TIER) ? "R0205" : "R0201";
    dg_item *d = dg_error(c->s, n->loc, code, "'%.*s' is not %s declared in this policy",
                          (int)n->len, n->s, kinds_phrase(mask));
    const rm_sym *alt = suggest_sym(c, n, mask);
    if (alt)
        dg_hint(c->s, d, "did you mean '%.*s'?", (int)alt->name.len, alt->name.s);
    else if (mask == M(SYM_TIER) && c->tiers)
        dg_hint(c->s, d, "the tiers of this policy are %s", tier_list(c));
    else
        dg_hint(c->s, d, "%s", decl_hint(mask));
    return NULL;
}

/* ---------------------------------------------------------------- types */

static const char *type_word(ck *c, const rm_type *t)
{
    if (t->kind == TY_SCORE)
        return ar_printf(&c->s->arena, "%s %lld..%lld", wd_type_phrase(t->kind), (long long)t->lo,
                         (long long)t->hi);
    return wd_type_phrase(t->kind);
}

static void ck_typeexpr(ck *c, rm_typeexpr *te, rm_type *out)
{
    memset(out, 0, sizeof *out);
    out->kind = TY_ERROR;
    const rm_name *n = &te->name;
    ty_kind k = wd_type_of(n->s, n->len);
    bool want_values = k == TY_ENUM || k == TY_SET;
    bool want_range = k == TY_SCORE;
    if (k != TY_ERROR && (want_values != te->has_values || want_range != te->has_range)) {
        dg_item *d = dg_error(c->s, te->loc, "R0210", "'%.*s' is not written this way",
                              (int)n->len, n->s);
        dg_hint(c->s, d, want_values ? "list the choices: one of { revenue, capital }"
                         : want_range ? "give the range: score 1..25"
                                      : "write the type's name alone, e.g. money");
        return;
    }
    switch (k) {
    case TY_TIER:
        out->kind = TY_TIER;
        if (!c->tiers) {
            dg_item *d = dg_error(c->s, te->loc, "R0513", "a tier field needs the policy to declare its tiers");
            dg_hint(c->s, d, "declare them once, lowest first: tiers neighbourhood < place < system");
        }
        break;
    case TY_SCORE:
        if (te->lo > te->hi) {
            dg_item *d = dg_error(c->s, te->loc, "R0108", "this score range is empty: %lld is more than %lld",
                                  (long long)te->lo, (long long)te->hi);
            dg_hint(c->s, d, "write the lowest score first, e.g. score 1..25");
            return;
        }
        out->kind = TY_SCORE;
        out->lo = te->lo;
        out->hi = te->hi;
        break;
    case TY_ENUM:
    case TY_SET:
        out->kind = k;
        out->en = te;
        if (te->values.n > 64) {
            rm_name *v = te->values.v[64];
            dg_item *d = dg_error(c->s, v->loc, "R0214", "this list has %u choices; a field may have at most 64",
                                  te->values.n);
            dg_hint(c->s, d, "group the choices, or split the matter in two; each choice is one bit "
                             "in the compiled policy");
            out->kind = TY_ERROR;
            return;
        }
        for (uint32_t i = 0; i < te->values.n; i++)
            for (uint32_t j = 0; j < i; j++)
                if (rm_name_eq(te->values.v[i], te->values.v[j])) {
                    rm_name *v = te->values.v[i];
                    dg_item *d = dg_error(c->s, v->loc, "R0209", "'%.*s' is listed twice",
                                          (int)v->len, v->s);
                    dg_hint(c->s, d, "remove the second one");
                    break;
                }
        break;
    case TY_ERROR: {
        dg_item *d = dg_error(c->s, n->loc, "R0210", "'%.*s' is not a type Remit knows",
                              (int)n->len, n->s);
        const char *alt = suggest_word(n, wd_type_words);
        if (alt)
            dg_hint(c->s, d, "did you mean '%s'?", alt);
        else
            dg_hint(c->s, d, "the types are money, days, date, score 1..25, percent, number, "
                             "bool, text, tier, one of { ... } and set of { ... }");
        break;
    }
    default: /* money, days, date, percent, number, bool, text: the word alone */
        out->kind = k;
        break;
    }
}

static void ck_fields(ck *c, rm_vec *fields, rm_vec *seen_into)
{
    for (uint32_t i = 0; i < fields->n; i++) {
        rm_field *f = fields->v[i];
        ck_typeexpr(c, f->te, &f->ty);
        rm_vec *all = seen_into ? seen_into : fields;
        uint32_t upto = seen_into ? seen_into->n : i;
        for (uint32_t j = 0; j < upto; j++) {
            rm_field *g = all->v[j];
            if (rm_name_eq(&f->name, &g->name)) {
                dg_item *d = dg_error(c->s, f->name.loc, "R0208", "the field '%.*s' is declared twice",
                                      (int)f->name.len, f->name.s);
                dg_hint(c->s, d, "the first is on %s; rename or remove one",
                        where_str(c, g->name.loc, f->name.loc));
                break;
            }
        }
        if (seen_into)
            rm_vec_push(&c->s->arena, seen_into, f);
    }
}

static rm_field *find_field(rm_vec *fields, const rm_name *n, uint32_t *index)
{
    for (uint32_t i = 0; i < fields->n; i++) {
        rm_field *f = fields->v[i];
        if (rm_name_eq(&f->name, n)) {
            if (index)
                *index = i;
            return f;
        }
    }
    return NULL;
}

static int32_t enum_index(const rm_typeexpr *en, const rm_name *n)
{
    for (uint32_t i = 0; i < en->values.n; i++)
        if (rm_name_eq(en->values.v[i], n))
            return (int32_t)i;
    return -1;
}

/* ---------------------------------------------------------- expressions */

static rm_type ty_of(ty_kind k)
{
    rm_type t;
    memset(&t, 0, sizeof t);
    t.kind = k;
    return t;
}

/* Find what a bare name denotes without reporting anything. */
static bool ck_lookup(ck *c, const scope *sc, rm_expr *e)
{
    uint32_t idx;
    rm_field *f;
    if (sc->matter && (f = find_field(&sc->matter->u.matter.fields, &e->name, &idx))) {
        e->ref = REF_FIELD;
        e->ref_index = idx;
        e->ty = f->ty;
        return true;
    }
    if ((f = find_field(&c->context, &e->name, &idx))) {
        e->ref = REF_CONTEXT;
        e->ref_index = idx;
        e->ty = f->ty;
        return true;
    }
    rm_sym *sym = sym_find(&c->s->syms, e->name.s, e->name.len);
    if (sym && sym->kind == SYM_CONST) {
        sym->used = true;
        rm_expr *v = sym->decl->u.cnst.value;
        e->ref = REF_CONST;
        e->ty = v->ty;
        e->is_const = v->is_const;
        e->cval = v->cval;
        return true;
    }
    if (sym && sym->kind == SYM_TIER) {
        e->ref = REF_TIER;
        e->ref_index = sym->index;
        e->ty = ty_of(TY_TIER);
        e->is_const = true;
        e->cval = sym->index;
        return true;
    }
    if (sc->matter && rm_name_is(&e->name, "date")) { /* the decision's date (5.5) */
        e->ref = REF_DATE;
        e->ty = ty_of(TY_DATE);
        return true;
    }
    return false;
}

static void ck_unknown_name(ck *c, const scope *sc, rm_expr *e, const rm_type *expect)
{
    if (sc->poisoned)
        return;
    dg_item *d = dg_error(c->s, e->loc, "R0201", "'%.*s' is not a field, context value or constant%s%s",
                          (int)e->name.len, e->name.s, sc->matter ? " of this rule" : "",
                          sc->where ? sc->where : "");
    const char *best = NULL;
    size_t bestlen = 0;
    unsigned bd = 99;
    rm_vec *lists[2] = {sc->matter ? &sc->matter->u.matter.fields : NULL, &c->context};
    for (int k = 0; k < 2; k++)
        for (uint32_t i = 0; lists[k] && i < lists[k]->n; i++) {
            rm_field *f = lists[k]->v[i];
            if (close_enough(&e->name, f->name.s, f->name.len, &bd)) {
                best = f->name.s;
                bestlen = f->name.len;
            }
        }
    const rm_name *choice = expect && (expect->kind == TY_ENUM || expect->kind == TY_SET)
                                ? closest_choice(&e->name, &expect->en->values, &bd) : NULL;
    if (choice) {
        best = choice->s;
        bestlen = choice->len;
    }
    const rm_sym *alt = suggest_sym(c, &e->name, M(SYM_CONST) | M(SYM_TIER));
    if (alt && rm_edit_distance(e->name.s, e->name.len, alt->name.s, alt->name.len) < bd) {
        best = alt->name.s;
        bestlen = alt->name.len;
    }
    if (best)
        dg_hint(c->s, d, "did you mean '%.*s'?", (int)bestlen, best);
    else if (sc->matter)
        dg_hint(c->s, d, "the matter '%.*s' has the fields declared on %s",
                (int)sc->matter->name.len, sc->matter->name.s,
                where_str(c, sc->matter->loc, e->loc));
    else
        dg_hint(c->s, d, "only context values (declared in `context { }`) and constants "
                         "can be used here");
}

static rm_type ck_expr(ck *c, const scope *sc, rm_expr *e, const rm_type *expect);

static bool is_ordered(ty_kind k)
{
    return k == TY_NUMBER || k == TY_MONEY || k == TY_DAYS || k == TY_DATE ||
           k == TY_PERCENT || k == TY_SCORE || k == TY_TIER;
}

/* Are values of these two types comparable?  A score compares with a
 * whole number; otherwise types must be the same. */
static bool ty_compatible(const rm_type *a, const rm_type *b)
{
    if (a->kind == TY_ERROR || b->kind == TY_ERROR)
        return true;
    if ((a->kind == TY_SCORE && b->kind == TY_NUMBER) ||
        (a->kind == TY_NUMBER && b->kind == TY_SCORE))
        return true;
    if (a->kind != b->kind)
        return false;
    if (a->kind == TY_ENUM || a->kind == TY_SET)
        return a->en == b->en;
    return true;
}

static void hint_mismatch(ck *c, dg_item *d, const rm_type *a, const rm_type *b)
{
    if ((a->kind == TY_MONEY && b->kind == TY_NUMBER) || (b->kind == TY_MONEY && a->kind == TY_NUMBER))
        dg_hint(c->s, d, "write amounts of money with a pound sign, e.g. \xC2\xA3" "5,000");
    else if ((a->kind == TY_DAYS && b->kind == TY_NUMBER) || (b->kind == TY_DAYS && a->kind == TY_NUMBER))
        dg_hint(c->s, d, "write a length of time with its unit, e.g. 30 days");
    else if ((a->kind == TY_PERCENT && b->kind == TY_NUMBER) || (b->kind == TY_PERCENT && a->kind == TY_NUMBER))
        dg_hint(c->s, d, "write a percentage with %%, e.g. 50%%");
    else
        dg_hint(c->s, d, "compare like with like: money with money, days with days, dates with dates");
}

static void check_score_const(ck *c, const rm_type *st, rm_expr *k)
{
    if (st->kind == TY_SCORE && k->is_const && k->ty.kind == TY_NUMBER &&
        (k->cval < st->lo || k->cval > st->hi)) {
        dg_item *d = dg_error(c->s, k->loc, "R0404", "%lld is outside the score's range %lld..%lld",
                              (long long)k->cval, (long long)st->lo, (long long)st->hi);
        dg_hint(c->s, d, "a comparison with a value the score can never take is always "
                         "true or always false; use a value from %lld to %lld",
                (long long)st->lo, (long long)st->hi);
    }
}

static rm_type ck_cmp(ck *c, const scope *sc, rm_expr *e)
{
    rm_type ta, tb;
    /* a bare name that is not a field may be a choice: type the other side first */
    bool a_first = !(e->a->kind == EX_NAME && !ck_lookup(c, sc, e->a));
    if (a_first) {
        ta = ck_expr(c, sc, e->a, NULL);
        tb = ck_expr(c, sc, e->b, &ta);
    } else {
        tb = ck_expr(c, sc, e->b, NULL);
        ta = ck_expr(c, sc, e->a, &tb);
    }
    if (!ty_compatible(&ta, &tb)) {
        dg_item *d = dg_error(c->s, e->loc, "R0401", "this compares %s with %s",
                              type_word(c, &ta), type_word(c, &tb));
        hint_mismatch(c, d, &ta, &tb);
        return ty_of(TY_BOOL);
    }
    if (e->op != OP_EQ && e->op != OP_NE && ta.kind != TY_ERROR && tb.kind != TY_ERROR &&
        !is_ordered(ta.kind)) {
        dg_item *d = dg_error(c->s, e->loc, "R0409", "%s has no order, so '<' and '>' do not apply",
                              type_word(c, &ta));
        dg_hint(c->s, d, ta.kind == TY_ENUM ? "test the choice with = or with `in { ... }`"
                                            : "use = or != to compare these");
        return ty_of(TY_BOOL);
    }
    check_score_const(c, &ta, e->b);
    check_score_const(c, &tb, e->a);
    if (e->a->is_const && e->b->is_const && ta.kind != TY_TEXT) {
        e->is_const = true;
        int64_t x = e->a->cval, y = e->b->cval;
        switch (e->op) {
        case OP_EQ: e->cval = x == y; break;
        case OP_NE: e->cval = x != y; break;
        case OP_LT: e->cval = x < y; break;
        case OP_LE: e->cval = x <= y; break;
        case OP_GT: e->cval = x > y; break;
        case OP_GE: e->cval = x >= y; break;
        }
    }
    return ty_of(TY_BOOL);
}

static rm_type ck_in(ck *c, const scope *sc, rm_expr *e)
{
    rm_type ta = ck_expr(c, sc, e->a, NULL);
    if (ta.kind == TY_ERROR)
        return ty_of(TY_BOOL);
    if (ta.kind != TY_ENUM && ta.kind != TY_SET && ta.kind != TY_TIER) {
        dg_item *d = dg_error(c->s, e->a->loc, "R0405", "'in' tests a choice, a set or a tier, but this is %s",
                              type_word(c, &ta));
        dg_hint(c->s, d, "use 'in { ... }' with a field declared as `one of { ... }` or `set of { ... }`, or a tier");
        return ty_of(TY_BOOL);
    }
    rm_vec *items = &e->b->items;
    uint64_t seen = 0;
    for (uint32_t i = 0; i < items->n; i++) {
        rm_name *v = items->v[i];
        bool ok;
        if (ta.kind == TY_ENUM || ta.kind == TY_SET)
            ok = enum_index(ta.en, v) >= 0;
        else {
            rm_sym *t = sym_find(&c->s->syms, v->s, v->len);
            ok = t && t->kind == SYM_TIER;
        }
        if (!ok) {
            dg_item *d = dg_error(c->s, v->loc, "R0207", "'%.*s' is not %s",
                                  (int)v->len, v->s,
                                  ta.kind == TY_TIER ? "a tier of this policy" : "one of the choices for this field");
            unsigned bd = 99;
            const rm_sym *alt = ta.kind == TY_TIER ? suggest_sym(c, v, M(SYM_TIER)) : NULL;
            const rm_name *best = ta.kind == TY_TIER ? (alt ? &alt->name : NULL)
                                                     : closest_choice(v, &ta.en->values, &bd);
            if (best)
                dg_hint(c->s, d, "did you mean '%.*s'?", (int)best->len, best->s);
            else if (ta.kind == TY_TIER && c->tiers)
                dg_hint(c->s, d, "the tiers of this policy are %s", tier_list(c));
            else
                dg_hint(c->s, d, "the choices are listed where the field is declared");
        }
        /* a choice is listed twice: at most 64 choices, so one bit each */
        int64_t k = -1;
        if (ok && ta.kind != TY_TIER)
            k = enum_index(ta.en, v);
        else if (ok) {
            rm_sym *t = sym_find(&c->s->syms, v->s, v->len);
            k = t ? (int64_t)t->index : -1;
        }
        if (k >= 0 && k < 64) {
            if (seen & ((uint64_t)1 << k)) {
                dg_item *d = dg_error(c->s, v->loc, "R0209", "'%.*s' is listed twice", (int)v->len, v->s);
                dg_hint(c->s, d, "remove the second one");
            }
            seen |= (uint64_t)1 << k;
        }
    }
    return ty_of(TY_BOOL);
}

/* The most calendar months a length may be: a thousand years. */
#define CK_MAX_MONTHS INT64_C(12000)

/* Beyond every 64-bit value either side: where ck_range clips a bound,
 * so that a product of two bounds still fits in 128 bits. */
#define CK_BEYOND ((__int128)1 << 63)

static __int128 ck_clip(__int128 v)
{
    return v > CK_BEYOND ? CK_BEYOND : v < -CK_BEYOND ? -CK_BEYOND : v;
}

/* The values e (typed, without errors) can take: a fixed value its own;
 * a field or context value what a decision may give for its type (7.1.1:
 * money, numbers, days and percentages are never negative); arithmetic
 * the bounds of its operands'.  A bound beyond 64 bits is clipped just
 * beyond them (CK_BEYOND). */
static void ck_range(const rm_expr *e, __int128 *lo, __int128 *hi)
{
    if (e->is_const) {
        *lo = *hi = e->cval;
        return;
    }
    __int128 al, ah, bl, bh;
    switch (e->kind) {
    case EX_NEG:
        ck_range(e->a, &al, &ah);
        *lo = -ah;
        *hi = -al;
        return;
    case EX_ADD:
    case EX_SUB:
    case EX_MUL:
        ck_range(e->a, &al, &ah);
        ck_range(e->b, &bl, &bh);
        if (e->a->ty.kind == TY_MONTHS || e->b->ty.kind == TY_MONTHS) { /* a date: 31 days a month at most */
            bool am = e->a->ty.kind == TY_MONTHS;
            __int128 m = am ? al : bl, dl = am ? bl : al, dh = am ? bh : ah;
            m = m < 0 ? -m : m;
            *lo = dl - 31 * m;
            *hi = dh + 31 * m;
            return;
        }
        if (e->kind == EX_ADD) {
            *lo = ck_clip(al + bl);
            *hi = ck_clip(ah + bh);
        } else if (e->kind == EX_SUB) {
            *lo = ck_clip(al - bh);
            *hi = ck_clip(ah - bl);
        } else {
            __int128 p[4] = {al * bl, al * bh, ah * bl, ah * bh};
            *lo = *hi = p[0];
            for (int i = 1; i < 4; i++) {
                *lo = p[i] < *lo ? p[i] : *lo;
                *hi = p[i] > *hi ? p[i] : *hi;
            }
            *lo = ck_clip(*lo);
            *hi = ck_clip(*hi);
        }
        return;
    default:
        break;
    }
    int64_t l = 0, h = 0;
    if (e->kind == EX_TOTAL) { /* a sum of amounts never negative, saturating (7.6) */
        *lo = 0;
        *hi = INT64_MAX;
        return;
    }
    switch (e->ty.kind) {
    case TY_MONEY: h = RM_MONEY_MAX; break;
    case TY_NUMBER: h = RM_NUMBER_MAX; break;
    case TY_DAYS: h = RM_DAYS_MAX; break;
    case TY_PERCENT: h = RM_PERCENT_MAX; break;
    case TY_SCORE: l = e->ty.lo; h = e->ty.hi; break;
    case TY_DATE:
        lit_date("1900-01-01", 10, &l);
        lit_date("2999-12-31", 10, &h);
        break;
    default: /* nothing else takes arithmetic */
        break;
    }
    *lo = l;
    *hi = h;
}

/* A whole number: a score, or a number (fixed or not). */
static bool whole(const rm_type *t)
{
    return t->kind == TY_SCORE || t->kind == TY_NUMBER;
}

/* The type of a + b, a - b or a * b (e->kind), or TY_ERROR when it has
 * no meaning (SPEC 5.3).  A score with a score, or with a fixed number,
 * is a score again, its range worked out by the caller. */
static rm_type arith_type(const rm_expr *e, const rm_type *ta, const rm_type *tb)
{
    bool add = e->kind == EX_ADD, mul = e->kind == EX_MUL;
    bool sa = ta->kind == TY_SCORE, sb = tb->kind == TY_SCORE;
    if ((sa || sb) && whole(ta) && whole(tb))
        return ty_of((sa || e->a->is_const) && (sb || e->b->is_const) ? TY_SCORE : TY_NUMBER);
    if (mul) {
        if (whole(ta) && whole(tb))
            return ty_of(TY_NUMBER);
        for (int i = 0; i < 2; i++) {
            const rm_type *x = i ? tb : ta, *y = i ? ta : tb;
            if (whole(y) && (x->kind == TY_MONEY || x->kind == TY_DAYS || x->kind == TY_PERCENT))
                return *x;
        }
        return ty_of(TY_ERROR);
    }
    if (ta->kind == tb->kind && (ta->kind == TY_MONEY || ta->kind == TY_DAYS ||
                                 ta->kind == TY_NUMBER || ta->kind == TY_PERCENT))
        return *ta;
    if (ta->kind == TY_DATE && (tb->kind == TY_DAYS || tb->kind == TY_MONTHS))
        return *ta;
    if (add && (ta->kind == TY_DAYS || ta->kind == TY_MONTHS) && tb->kind == TY_DATE)
        return *tb;
    if (!add && ta->kind == TY_DATE && tb->kind == TY_DATE)
        return ty_of(TY_DAYS);
    return ty_of(TY_ERROR);
}

static rm_type ck_arith(ck *c, const scope *sc, rm_expr *e)
{
    rm_type ta = ck_expr(c, sc, e->a, NULL);
    rm_type tb = ck_expr(c, sc, e->b, NULL);
    if (ta.kind == TY_ERROR || tb.kind == TY_ERROR)
        return ty_of(TY_ERROR);
    static const char *const verb[] = {[EX_ADD] = "plus", [EX_SUB] = "minus", [EX_MUL] = "times"};
    rm_type r = arith_type(e, &ta, &tb);
    if (r.kind == TY_ERROR) {
        dg_item *d = dg_error(c->s, e->loc, "R0403", "%s %s %s has no meaning",
                              type_word(c, &ta), verb[e->kind], type_word(c, &tb));
        dg_hint(c->s, d, e->kind == EX_MUL
                             ? "multiply a score or a whole number by a score, a whole number, money, "
                               "days or a percentage"
                             : "add money to money, days to days, a score to a score, or days to a date");
        return r;
    }
    if (ta.kind == TY_MONTHS || tb.kind == TY_MONTHS) {
        /* a date and calendar months: fixed when the date is */
        const rm_expr *day = ta.kind == TY_DATE ? e->a : e->b, *by = ta.kind == TY_DATE ? e->b : e->a;
        if (day->is_const) {
            e->is_const = true;
            e->cval = lit_add_months(day->cval, e->kind == EX_SUB ? -by->cval : by->cval);
        }
        return r;
    }
    if (e->a->is_const && e->b->is_const) {
        int64_t v;
        bool over = e->kind == EX_ADD   ? __builtin_add_overflow(e->a->cval, e->b->cval, &v)
                    : e->kind == EX_SUB ? __builtin_sub_overflow(e->a->cval, e->b->cval, &v)
                                        : __builtin_mul_overflow(e->a->cval, e->b->cval, &v);
        if (!over && r.kind == TY_MONEY && (v > RM_MONEY_MAX || v < -RM_MONEY_MAX))
            over = true;
        if (over) {
            dg_item *d = dg_error(c->s, e->loc, "R0408", "this %s is too large to hold exactly",
                                  e->kind == EX_MUL ? "product" : "sum");
            dg_hint(c->s, d, "use a smaller amount");
            return ty_of(TY_ERROR);
        }
        e->is_const = true;
        e->cval = v;
        return r;
    }
    __int128 lo, hi;
    ck_range(e, &lo, &hi);
    if (e->kind == EX_MUL && (lo < INT64_MIN || hi > INT64_MAX)) {
        /* a sum saturates (7.2); a product that could overflow is refused */
        dg_item *d = dg_error(c->s, e->loc, "R0408", "this product can be too large to hold exactly");
        dg_hint(c->s, d, "a whole number in a decision may be up to 1,000,000,000,000,000 and an amount "
                         "up to \xC2\xA3" "1,000,000,000,000; declare a factor that varies as a score "
                         "with the range it can take, e.g. quantity: score 0..10000");
        return ty_of(TY_ERROR);
    }
    if (r.kind == TY_SCORE) {
        r.lo = (int64_t)(lo < INT64_MIN ? INT64_MIN : lo);
        r.hi = (int64_t)(hi > INT64_MAX ? INT64_MAX : hi);
    }
    return r;
}

static void ck_days(ck *c, const scope *sc, rm_expr *e, const char *what);
static void ck_period(ck *c, const scope *sc, rm_expr *e, const char *what);
static void ck_deadline(ck *c, const scope *sc, rm_expr *e);

/* A `total` term as the compiled policy keeps it: a matter has at most
 * RM_MAX_TOTALS different ones (each is a value a decision carries). */
typedef struct ck_term {
    const rm_decl *matter;
    uint32_t field, per;
    int64_t over;            /* a length's days or months, a period's kind */
    int unit;                /* the expression kind of `over`, and its type */
} ck_term;

static void ck_count_total(ck *c, const scope *sc, const rm_expr *e)
{
    /* the period as lowering keys it (lower.c period_of): its kind, and its
     * days or months */
    ck_term t = {sc->matter, e->a->a->ref_index, e->a->b ? e->a->b->ref_index : UINT32_MAX,
                 !e->b || e->b->kind == EX_PERIOD ? -1 : e->b->cval,
                 !e->b ? PER_ALL : e->b->kind == EX_PERIOD ? (int)e->b->v
                 : e->b->ty.kind == TY_MONTHS ? PER_MONTHS : PER_DAYS};
    uint32_t same = 0;
    for (uint32_t i = 0; i < c->totals.n; i++) {
        const ck_term *u = c->totals.v[i];
        if (u->matter != t.matter)
            continue;
        if (u->field == t.field && u->per == t.per && u->over == t.over && u->unit == t.unit)
            return;
        same++;
    }
    if (same == RM_MAX_TOTALS) {
        dg_item *d = dg_error(c->s, e->loc, "R0413", "the conditions of '%.*s' use more than %u different totals",
                              (int)sc->matter->name.len, sc->matter->name.s, RM_MAX_TOTALS);
        dg_hint(c->s, d, "a scheme needs a total or two per matter: use the same `per` and `over` where "
                         "the rules mean the same total");
        return;
    }
    ck_term *u = ar_alloc(&c->s->arena, sizeof *u);
    *u = t;
    rm_vec_push(&c->s->arena, &c->totals, u);
}

/* A field that groups decisions (`per FIELD` of a limit, a total or a
 * prior approval): a text or choice field of the rule's matter; NULL
 * after reporting (R0203, R0514). */
static const rm_field *ck_group_field(ck *c, const scope *sc, const rm_name *n)
{
    if (!sc->matter)
        return NULL;
    rm_field *f = find_field(&sc->matter->u.matter.fields, n, NULL);
    if (!f) {
        dg_item *d = dg_error(c->s, n->loc, "R0203", "the matter '%.*s' has no field '%.*s'",
                              (int)sc->matter->name.len, sc->matter->name.s, (int)n->len, n->s);
        dg_hint(c->s, d, "'per' names the field that groups decisions, e.g. per supplier");
        return NULL;
    }
    if (f->ty.kind != TY_TEXT && f->ty.kind != TY_ENUM) {
        if (f->ty.kind != TY_ERROR) {
            dg_item *d = dg_error(c->s, n->loc, "R0514",
                                  "decisions are grouped by a text or choice field, but '%.*s' is %s",
                                  (int)n->len, n->s, type_word(c, &f->ty));
            dg_hint(c->s, d, "group by a field such as supplier: text");
        }
        return NULL;
    }
    return f;
}

/* `after approval by H [per FIELD]` (4.12): a matter's rules name at most
 * RM_MAX_PRIORS different ones (each is a bit every decision carries). */
static void ck_count_prior(ck *c, const scope *sc, const rm_clause *cl)
{
    uint32_t same = 0;
    for (uint32_t i = 0; i < c->priors.n; i++) {
        const rm_clause *u = c->priors.v[i];
        const rm_decl *m = c->prior_matter.v[i];
        if (m != sc->matter)
            continue;
        if (rm_name_eq(&u->name, &cl->name) && rm_name_eq(&u->by, &cl->by))
            return;
        same++;
    }
    if (same == RM_MAX_PRIORS) {
        dg_item *d = dg_error(c->s, cl->loc, "R0415", "the rules of '%.*s' name more than %u different "
                              "prior approvals", (int)sc->matter->name.len, sc->matter->name.s, RM_MAX_PRIORS);
        dg_hint(c->s, d, "a scheme names a prior approval or two per matter");
        return;
    }
    rm_vec_push(&c->s->arena, &c->priors, (void *)cl);
    rm_vec_push(&c->s->arena, &c->prior_matter, sc->matter);
}

/* `total FIELD [per FIELD] [over PERIOD]` (SPEC 5.7): in a rule's
 * condition, a money or number field of its matter, grouped by a text or
 * choice field, over a fixed period; its type the field's. */
static rm_type ck_total(ck *c, const scope *sc, rm_expr *e)
{
    rm_expr *fe = e->a->a, *pe = e->a->b;
    if (!sc->matter || sc->no_total) {
        if (!sc->poisoned) {
            dg_item *d = dg_error(c->s, e->loc, "R0413", "a total of earlier decisions cannot be used here%s",
                                  sc->no_total ? " (a cumulative limit adds up its own `total`)"
                                  : sc->where ? sc->where : "");
            dg_hint(c->s, d, sc->no_total ? "give the limit its ceiling with `total FIELD <= CEILING`, or "
                                            "put this condition on a delegation, `require` or reservation"
                                          : "use `total` in the conditions of a rule about a matter, "
                                            "e.g. when total amount per project over 365 days > \xC2\xA3" "50k");
        }
        return ty_of(TY_ERROR);
    }
    rm_vec *fs = &sc->matter->u.matter.fields;
    uint32_t fi = 0, pi = 0;
    rm_field *f = find_field(fs, &fe->name, &fi);
    rm_type t = ty_of(TY_ERROR);
    if (!f) {
        dg_item *d = dg_error(c->s, fe->loc, "R0203", "the matter '%.*s' has no field '%.*s'",
                              (int)sc->matter->name.len, sc->matter->name.s, (int)fe->name.len, fe->name.s);
        dg_hint(c->s, d, "'total' adds up a money or number field of the matter, e.g. total amount");
    } else if (f->ty.kind != TY_MONEY && f->ty.kind != TY_NUMBER) {
        if (f->ty.kind != TY_ERROR) {
            dg_item *d = dg_error(c->s, fe->loc, "R0515", "'total' adds up a money or number field, but "
                                  "'%.*s' is %s", (int)fe->name.len, fe->name.s, type_word(c, &f->ty));
            dg_hint(c->s, d, "write e.g. total amount, for a field amount: money");
        }
    } else {
        t = f->ty;
        fe->ref = REF_FIELD;
        fe->ref_index = fi;
        fe->ty = f->ty;
    }
    if (pe) {
        const rm_field *g = ck_group_field(c, sc, &pe->name);
        if (!g || !find_field(fs, &pe->name, &pi)) {
            t = ty_of(TY_ERROR);
        } else {
            pe->ref = REF_FIELD;
            pe->ref_index = pi;
            pe->ty = g->ty;
        }
    }
    if (e->b) {
        size_t errors = c->s->nerrors;
        ck_period(c, sc, e->b, "the period of a total");
        if (c->s->nerrors != errors)
            t = ty_of(TY_ERROR);
    }
    if (t.kind != TY_ERROR)
        ck_count_total(c, sc, e);
    return t;
}

/* `decider is X`, `co_signatory is X`, `... is member of BODY` (SPEC
 * 5.9): who decides or signs, in a rule's conditions; X a role, a body or
 * a kind of member. */
static rm_type ck_who(ck *c, const scope *sc, rm_expr *e)
{
    const rm_name *subj = &e->a->name, *x = &e->b->name;
    if (!sc->matter || sc->no_total) {
        if (!sc->poisoned) {
            dg_item *d = dg_error(c->s, e->loc, "R0414", "who decides or signs cannot be tested here%s",
                                  sc->no_total ? " (a cumulative limit's condition is weighed over earlier "
                                                 "decisions, which do not record their co-signatories)"
                                  : sc->where ? sc->where : "");
            dg_hint(c->s, d, "test who decides or signs in the conditions of a delegation, reservation, "
                             "refusal, `require` or escalation");
        }
        return ty_of(TY_ERROR);
    }
    bool decider = rm_name_is(subj, "decider");
    if (!decider && !rm_name_is(subj, "co_signatory")) {
        dg_item *d = dg_error(c->s, subj->loc, "R0201", "'%.*s is ...' tests who decides or signs, but "
                              "'%.*s' is neither", (int)subj->len, subj->s, (int)subj->len, subj->s);
        if ((sc->matter && find_field(&sc->matter->u.matter.fields, subj, NULL)) ||
            find_field(&c->context, subj, NULL)) /* `category is capital` */
            dg_hint(c->s, d, "to compare it with a value, write `%.*s = %.*s`; 'is' tests who decides or signs: "
                             "decider is ROLE, decider is member of BODY, or co_signatory is KIND",
                    (int)subj->len, subj->s, (int)x->len, x->s);
        else
            dg_hint(c->s, d, "write decider is ROLE, decider is member of BODY, or co_signatory is KIND");
        return ty_of(TY_ERROR);
    }
    e->cval = decider ? WHO_DECIDER : WHO_COSIGNATORY;
    rm_sym *t = ck_resolve(c, x, e->v ? M(SYM_BODY) : M(SYM_ROLE) | M(SYM_BODY) | M(SYM_KIND));
    if (!t)
        return ty_of(TY_ERROR);
    e->op = (uint8_t)(e->v ? WHO_MEMBER : t->kind == SYM_KIND ? WHO_KIND : WHO_HOLDER);
    return ty_of(TY_BOOL);
}

static rm_type ck_expr(ck *c, const scope *sc, rm_expr *e, const rm_type *expect)
{
    rm_type t = ty_of(TY_ERROR);
    if (e->bad) {            /* the scanner reported this literal */
        e->ty = t;
        return t;
    }
    switch (e->kind) {
    case EX_INT: t = ty_of(TY_NUMBER); e->is_const = true; e->cval = e->v; break;
    case EX_MONEY: t = ty_of(TY_MONEY); e->is_const = true; e->cval = e->v; break;
    case EX_DATE: t = ty_of(TY_DATE); e->is_const = true; e->cval = e->v; break;
    case EX_PERCENT: t = ty_of(TY_PERCENT); e->is_const = true; e->cval = e->v; break;
    case EX_STRING: t = ty_of(TY_TEXT); e->is_const = true; break; /* cval unused for text */
    case EX_BOOL: t = ty_of(TY_BOOL); e->is_const = true; e->cval = e->v; break;
    case EX_DURATION: {
        int64_t per = wd_unit_days(e->name.s, e->name.len);
        int64_t months = wd_unit_months(e->name.s, e->name.len);
        if (months) { /* calendar months (2.5.5): for dates and periods, never a count of days */
            if (e->v > CK_MAX_MONTHS / months) {
                dg_item *d = dg_error(c->s, e->loc, "R0105", "this length of time is too large");
                dg_hint(c->s, d, "give at most 1,000 years");
                break;
            }
            e->cval = e->v * months;
            t = ty_of(TY_MONTHS);
            e->is_const = true;
            break;
        }
        const char *mag = per < 0 ? wd_magnitude(e->name.s, e->name.len) : NULL;
        if (mag) { /* `up to 5 million`: an amount, written as people say it */
            dg_item *d = dg_error(c->s, e->loc, "R0107", "'%lld %.*s' is not an amount Remit reads: "
                                  "an amount of money starts with \xC2\xA3", (long long)e->v,
                                  (int)e->name.len, e->name.s);
            dg_hint(c->s, d, "write \xC2\xA3%lld%s: k, m or bn straight after the number, as in \xC2\xA3"
                             "750k, \xC2\xA3" "5m or \xC2\xA3" "1bn", (long long)e->v, mag);
            break;
        }
        if (per <= 0) {
            dg_item *d = dg_error(c->s, e->name.loc, "R0107", "'%.*s' is not a unit of time Remit counts in",
                                  (int)e->name.len, e->name.s);
            dg_hint(c->s, d, per == 0 ? "months and years differ in length, so Remit counts whole days "
                                        "or weeks: write 30 days, or 365 days for a year"
                                      : "write days or weeks, e.g. 28 days or 4 weeks");
            break;
        }
        if (__builtin_mul_overflow(e->v, per, &e->cval)) {
            dg_item *d = dg_error(c->s, e->loc, "R0105", "this length of time is too large");
            dg_hint(c->s, d, "use a smaller number of days");
            break;
        }
        t = ty_of(TY_DAYS);
        e->is_const = true;
        break;
    }
    case EX_NAME:
        if (ck_lookup(c, sc, e)) {
            if (e->ref == REF_CONST) {
                rm_sym *k = sym_find(&c->s->syms, e->name.s, e->name.len);
                if (!k->decl->mark) { /* its value is not checked yet */
                    dg_item *d = dg_error(c->s, e->loc, "R0412",
                                          "the constant '%.*s' is used before its value is set",
                                          (int)e->name.len, e->name.s);
                    if (sc->setting) /* read where the module declares the constant */
                        dg_hint(c->s, d, "a module's constant is set before this policy's own constants "
                                         "are: write the figure itself, or use a constant of the module");
                    else
                        dg_hint(c->s, d, "a constant may use only constants declared above it");
                    e->ty = ty_of(TY_ERROR);
                    e->is_const = false;
                    return e->ty;
                }
            }
            return e->ty;
        }
        if (expect && (expect->kind == TY_ENUM || expect->kind == TY_SET)) {
            int32_t k = enum_index(expect->en, &e->name);
            if (k >= 0) {
                e->ref = REF_ENUMVAL;
                e->ref_index = (uint32_t)k;
                e->is_const = true;
                e->cval = k;
                t = *expect;
                t.kind = TY_ENUM;
                break;
            }
            if (!sc->poisoned) {
                dg_item *d = dg_error(c->s, e->loc, "R0207", "'%.*s' is not one of the choices for this field",
                                      (int)e->name.len, e->name.s);
                unsigned bd = 99;
                const rm_name *best = closest_choice(&e->name, &expect->en->values, &bd);
                if (best)
                    dg_hint(c->s, d, "did you mean '%.*s'?", (int)best->len, best->s);
                else
                    dg_hint(c->s, d, "the choices are listed where the field is declared");
            }
            break;
        }
        ck_unknown_name(c, sc, e, expect);
        break;
    case EX_SET:
        dg_error(c->s, e->loc, "R0405", "a set of choices can only follow 'in'");
        break;
    case EX_NEG: {
        rm_type ta = ck_expr(c, sc, e->a, NULL);
        if (ta.kind == TY_ERROR)
            break;
        if (ta.kind != TY_MONEY && ta.kind != TY_DAYS && ta.kind != TY_NUMBER) {
            dg_item *d = dg_error(c->s, e->loc, "R0403", "%s cannot be negative", type_word(c, &ta));
            dg_hint(c->s, d, "only money, days and numbers can take a minus sign");
            break;
        }
        t = ta;
        if (e->a->is_const) {
            if (__builtin_sub_overflow((int64_t)0, e->a->cval, &e->cval)) {
                dg_item *d = dg_error(c->s, e->loc, "R0408", "this value is too large to hold exactly");
                dg_hint(c->s, d, "use a smaller number");
                t = ty_of(TY_ERROR);
                break;
            }
            e->is_const = true;
        }
        break;
    }
    case EX_NOT:
    case EX_AND:
    case EX_OR: {
        rm_expr *ops[2] = {e->a, e->b};
        bool cst = true;
        for (int i = 0; i < 2; i++) {
            if (!ops[i])
                continue;
            rm_type to = ck_expr(c, sc, ops[i], NULL);
            if (to.kind != TY_BOOL && to.kind != TY_ERROR) {
                dg_item *d = dg_error(c->s, ops[i]->loc, "R0402",
                                      "'%s' needs a yes/no condition, but this is %s",
                                      e->kind == EX_NOT ? "not" : e->kind == EX_AND ? "and" : "or",
                                      type_word(c, &to));
                dg_hint(c->s, d, "write a comparison, e.g. amount > \xC2\xA3" "1m");
            }
            cst &= ops[i]->is_const;
        }
        t = ty_of(TY_BOOL);
        if (cst) {
            e->is_const = true;
            e->cval = e->kind == EX_NOT ? !e->a->cval
                    : e->kind == EX_AND ? (e->a->cval && e->b->cval) : (e->a->cval || e->b->cval);
        }
        break;
    }
    case EX_CMP: t = ck_cmp(c, sc, e); break;
    case EX_IN:
    case EX_NOTIN: t = ck_in(c, sc, e); break;
    case EX_ADD:
    case EX_SUB:
    case EX_MUL: t = ck_arith(c, sc, e); break;
    case EX_TOTAL: t = ck_total(c, sc, e); break;
    case EX_WHO: t = ck_who(c, sc, e); break;
    case EX_GROUP:  /* only inside EX_TOTAL */
    case EX_PERIOD: /* only after `over` (ck_period) */
        break;
    }
    e->ty = t;
    return t;
}

static void ck_cond(ck *c, const scope *sc, rm_expr *e)
{
    rm_type t = ck_expr(c, sc, e, NULL);
    if (t.kind != TY_BOOL && t.kind != TY_ERROR) {
        dg_item *d = dg_error(c->s, e->loc, "R0402", "a condition must be yes or no, but this is %s",
                              type_word(c, &t));
        dg_hint(c->s, d, "write a comparison, e.g. amount > \xC2\xA3" "1m or risk >= 15");
    }
}

static void ck_length(ck *c, const scope *sc, rm_expr *e, const char *what, bool months);

/* A length of time that must be given in days and be positive. */
static void ck_days(ck *c, const scope *sc, rm_expr *e, const char *what)
{
    ck_length(c, sc, e, what, false);
}

/* A fixed length of time of at least one day, or (with months, for the
 * period of a total or a limit, 5.8) of at least one calendar month. */
static void ck_length(ck *c, const scope *sc, rm_expr *e, const char *what, bool months)
{
    if (!e)
        return;
    if (e->kind == EX_DEADLINE) { /* only an obligation's deadline may be the end of a period */
        dg_item *d = dg_error(c->s, e->loc, "R0410", "%s must be a length of time, not %s", what,
                              e->b->kind == EX_MEETING ? "the next meeting" : "the end of a period");
        dg_hint(c->s, d, "write within 30 days");
        return;
    }
    rm_type t = ck_expr(c, sc, e, NULL);
    if (t.kind == TY_ERROR)
        return;
    if (t.kind == TY_MONTHS && months) { /* a literal or a constant: fixed */
        if (e->cval <= 0) {
            dg_item *d = dg_error(c->s, e->loc, "R0411", "%s must be at least one month", what);
            dg_hint(c->s, d, "give a positive number of months or years");
        }
        return;
    }
    if (t.kind == TY_MONTHS) {
        dg_item *d = dg_error(c->s, e->loc, "R0107", "%s is counted in days: months and years differ in length",
                              what);
        dg_hint(c->s, d, "write 30 days, or 365 days for a year; calendar months are for dates (date + "
                         "12 months) and for the period of a total or a cumulative limit (over 12 months)");
        return;
    }
    if (t.kind != TY_DAYS) {
        dg_item *d = dg_error(c->s, e->loc, "R0410", "%s must be a length of time, but this is %s",
                              what, type_word(c, &t));
        dg_hint(c->s, d, "write it in days or weeks, e.g. 30 days");
        return;
    }
    if (!e->is_const) {
        /* due dates, periods and expiries come from the policy alone: one
         * that varied with the decision was never applied (issue 10) */
        dg_item *d = dg_error(c->s, e->loc, "R0410", "%s must be a fixed length of time, written in the "
                              "policy, not one that varies with the decision", what);
        dg_hint(c->s, d, "write a number of days or weeks, e.g. 30 days, or a constant declared with "
                         "const NAME = 30 days");
    } else if (e->cval <= 0) {
        dg_item *d = dg_error(c->s, e->loc, "R0411", "%s must be at least one day", what);
        dg_hint(c->s, d, "give a positive number of days");
    } else if (e->is_const && e->cval > RM_MAX_DAYS) {
        /* deadlines are added to dates: a bound keeps every date real */
        dg_item *d = dg_error(c->s, e->loc, "R0411", "%s is longer than a hundred years", what);
        dg_hint(c->s, d, "give at most %u days", RM_MAX_DAYS);
    }
}

/* The period of a cumulative limit or a total (SPEC 5.8): a fixed length
 * in days or weeks (as ck_days), a fixed number of calendar months or
 * years (at least one), or a named period (`financial year`). */
static void ck_period(ck *c, const scope *sc, rm_expr *e, const char *what)
{
    if (e->kind == EX_PERIOD) {
        e->ty = ty_of(e->bad ? TY_ERROR : TY_DAYS); /* reported by the parser when bad */
        return;
    }
    ck_length(c, sc, e, what, true);
}

/* An obligation's deadline (4.18): `within D` (ck_days), `by end of
 * PERIOD` or both, whichever is earlier; a named period, reported by the
 * parser when bad. */
static void ck_deadline(ck *c, const scope *sc, rm_expr *e)
{
    if (e && e->kind == EX_DEADLINE) {
        ck_days(c, sc, e->a, "the deadline");
        return;
    }
    ck_days(c, sc, e, "the deadline");
}

/* `at next meeting` is the next meeting of the body the obligation names
 * (4.18): a report to a body, a ratification, a body notified (R0522). */
static void ck_meeting(ck *c, const rm_clause *cl)
{
    if (!cl->within || cl->within->kind != EX_DEADLINE || cl->within->b->kind != EX_MEETING)
        return;
    bool body = cl->kind == C_REPORT || cl->kind == C_RATIFY;
    if (cl->kind == C_NOTIFY) { /* (a name that is no holder is R0201 already) */
        const rm_sym *e = sym_find(&c->s->syms, cl->name.s, cl->name.len);
        body = !e || e->kind != SYM_ROLE;
    }
    if (body)
        return;
    dg_item *d = dg_error(c->s, cl->within->loc, "R0522", "'at next meeting' needs a body that meets: %s",
                          cl->kind == C_NOTIFY ? "this notifies a role"
                          : cl->kind == C_RECORD ? "a record in a register names none" : "publishing names none");
    dg_hint(c->s, d, "report to the body at its next meeting (report to BODY at next meeting), or give a "
                     "number of days: within 14 days");
}

/* Did anything inside e fail to check?  (Then say nothing more about it.) */
static bool has_error(const rm_expr *e)
{
    if (!e)
        return false;
    if (e->ty.kind == TY_ERROR && e->kind != EX_SET)
        return true;
    switch (e->kind) {
    case EX_NEG: case EX_NOT: case EX_AND: case EX_OR: case EX_CMP:
    case EX_IN: case EX_NOTIN: case EX_ADD: case EX_SUB: case EX_MUL:
        return has_error(e->a) || (e->kind != EX_IN && e->kind != EX_NOTIN && has_error(e->b));
    default:
        return false;
    }
}

/* A delegation limit: comparisons of a field with a constant, joined by
 * `and`.  This shape is what lets `remit check` compare limits along a
 * chain of delegation exactly. */
static bool limit_shape(const rm_expr *e)
{
    if (e->kind == EX_AND)
        return limit_shape(e->a) && limit_shape(e->b);
    if (e->kind == EX_CMP)
        return (e->a->ref == REF_FIELD && e->b->is_const) ||
               (e->b->ref == REF_FIELD && e->a->is_const);
    if (e->kind == EX_IN || e->kind == EX_NOTIN)
        return e->a->ref == REF_FIELD;
    return false;
}

/* ---------------------------------------------------------------- rules */

static const char *const clause_word[C__COUNT] = {
    [C_WHEN] = "when", [C_BECAUSE] = "because", [C_AS] = "as", [C_UPTO] = "up to",
    [C_LIMIT] = "limit", [C_REPORT] = "report to", [C_RECORD] = "record in",
    [C_PUBLISH] = "publish", [C_NOTIFY] = "notify", [C_RATIFY] = "ratify by",
    [C_MAY] = "may", [C_WITH] = "with", [C_FROM] = "from", [C_AFTER] = "after",
    [C_FOR] = "for", [C_TOTAL] = "total", [C_PER] = "per", [C_OVER] = "over",
    [C_APPROVAL] = "after approval by",
};


#define OBLIGATIONS (M(C_REPORT) | M(C_RECORD) | M(C_PUBLISH) | M(C_NOTIFY) | M(C_RATIFY))

/* Which clauses each statement takes (SPEC.md, "Clauses"). */
static const unsigned clause_allowed[R__COUNT] = {
    [R_RESERVE] = M(C_WHEN) | M(C_BECAUSE),
    [R_DELEGATE] = M(C_WHEN) | M(C_BECAUSE) | M(C_AS) | M(C_UPTO) | M(C_LIMIT) |
                   M(C_MAY) | M(C_WITH) | M(C_APPROVAL) | OBLIGATIONS,
    [R_ESCALATE] = M(C_WHEN) | M(C_BECAUSE) | M(C_FROM) | M(C_AFTER),
    [R_REFUSE] = M(C_WHEN) | M(C_BECAUSE) | M(C_FOR),
    [R_REQUIRE] = M(C_WHEN) | M(C_BECAUSE),
    [R_AFTER] = M(C_WHEN) | OBLIGATIONS,
    [R_LIMIT] = M(C_WHEN) | M(C_BECAUSE) | M(C_FOR) | M(C_TOTAL) | M(C_PER) | M(C_OVER),
    [R_GRANT] = M(C_WHEN) | M(C_BECAUSE) | M(C_UPTO) | M(C_LIMIT) | M(C_WITH) | M(C_APPROVAL) | OBLIGATIONS,
    [R_URGENT] = M(C_WHEN) | M(C_BECAUSE) | M(C_UPTO) | M(C_LIMIT) | M(C_WITH) | OBLIGATIONS,
};

static const char *const may_words[] = {"subdelegate", NULL};

static void ck_signers(ck *c, rm_sign *g)
{
    switch (g->kind) {
    case SG_AND:
    case SG_OR:
        ck_signers(c, g->a);
        ck_signers(c, g->b);
        return;
    case SG_COUNT:
        if (g->n < 1) {
            dg_item *d = dg_error(c->s, g->loc, "R0518", "a joint approval needs at least one signature here");
            dg_hint(c->s, d, "write a count of 1 or more, e.g. 2 directors");
        } else if (g->n > 32) {
            /* evaluation considers at most 32 signatories (EV_MAX_SIGNERS) */
            dg_item *d = dg_error(c->s, g->loc, "R0518", "a joint approval may ask for at most 32 signatures");
            dg_hint(c->s, d, "no decision is signed by more; ask the body to decide at a meeting instead");
        }
        /* fall through */
    case SG_NAME:
        ck_resolve(c, &g->name, g->kind == SG_NAME ? M(SYM_ROLE) | M(SYM_KIND) | M(SYM_BODY)
                                                   : M(SYM_ROLE) | M(SYM_KIND));
        return;
    }
}

/* Whether clause i of r and the one after are a comparison written with
 * `over` (`when amount over £10m`, read as `when amount` then the clause
 * `over £10m`); if so, reports it with the Remit way to write it. */
static bool over_in_words(ck *c, const rm_rule *r, uint32_t i)
{
    if (i + 1 >= r->clauses.n)
        return false;
    const rm_clause *cond = r->clauses.v[i], *over = r->clauses.v[i + 1];
    if ((cond->kind != C_WHEN && cond->kind != C_LIMIT) || over->kind != C_OVER || !cond->e || !over->e)
        return false;
    ex_kind a = cond->e->kind, b = over->e->kind;
    if (a == EX_NOT || a == EX_AND || a == EX_OR || a == EX_CMP || a == EX_IN || a == EX_NOTIN ||
        a == EX_WHO || a == EX_BOOL || (b != EX_MONEY && b != EX_INT && b != EX_PERCENT))
        return false;
    const rm_file *f = c->s->files.v[over->loc.file];
    rm_loc at = over->loc;
    at.end = at.start + 4; /* the word `over` */
    dg_item *d = dg_error(c->s, at, "R0001", "Remit compares with signs, not 'over'");
    dg_hint(c->s, d, "write `%s %.*s > %.*s`; the signs are =, !=, <, <=, > and >=",
            cond->kind == C_WHEN ? "when" : "limit", (int)(cond->e->loc.end - cond->e->loc.start),
            f->text + cond->e->loc.start, (int)(over->e->loc.end - over->e->loc.start), f->text + over->e->loc.start);
    return true;
}

static void ck_rule(ck *c, rm_rule *r)
{
    scope sc = {0};
    rm_sym *m = ck_resolve(c, &r->matter, M(SYM_MATTER));
    sc.matter = m ? m->decl : NULL;
    sc.poisoned = !m;
    sc.no_total = r->kind == R_LIMIT;

    switch (r->kind) {
    case R_DELEGATE:
    case R_URGENT: /* urgent powers act for a body (SPEC 4.24) */
        ck_resolve(c, &r->from, r->kind == R_URGENT ? M(SYM_BODY) : M(SYM_ROLE) | M(SYM_BODY));
        ck_resolve(c, &r->to, M(SYM_ROLE) | M(SYM_BODY));
        if (r->from.len && rm_name_eq(&r->from, &r->to)) {
            bool u = r->kind == R_URGENT;
            dg_item *d = dg_error(c->s, r->to.loc, "R0505", u ? "'%.*s' would act for itself"
                                                                : "'%.*s' would delegate to itself",
                                  (int)r->to.len, r->to.s);
            dg_hint(c->s, d, u ? "urgent powers let another holder act for the body between its meetings"
                               : "a delegation passes authority from one holder to another");
        }
        break;
    case R_RESERVE:
    case R_GRANT:
        ck_resolve(c, &r->to, r->kind == R_RESERVE ? M(SYM_BODY) | M(SYM_ROLE)
                                                  : M(SYM_ROLE) | M(SYM_BODY));
        break;
    case R_ESCALATE:
        if (r->to_next_tier) {
            if (!rm_name_is(&r->to, "tier")) {
                dg_item *d = dg_error(c->s, r->to.loc, "R0516", "expected the word 'tier' after 'next'");
                dg_hint(c->s, d, "the form is: escalate MATTER to next tier");
            } else if (!c->tiers) {
                dg_item *d = dg_error(c->s, r->to.loc, "R0513", "'next tier' needs the policy to declare its tiers");
                dg_hint(c->s, d, "declare them once, lowest first: tiers neighbourhood < place < system");
            }
        } else
            ck_resolve(c, &r->to, M(SYM_ROLE) | M(SYM_BODY));
        break;
    case R_REQUIRE:
        ck_signers(c, r->signers);
        break;
    default:
        break;
    }

    unsigned seen = 0;
    rm_loc first[C__COUNT];
    for (uint32_t i = 0; i < r->clauses.n; i++) {
        rm_clause *cl = r->clauses.v[i];
        if (over_in_words(c, r, i)) { /* `when amount over £10m`: reported, both passed over */
            i++;
            continue;
        }
        if (!(clause_allowed[r->kind] & M(cl->kind))) {
            const char *w = ast_rule_word(r->kind);
            dg_item *d = dg_error(c->s, cl->loc, "R0508", "%s '%s' statement cannot have '%s'",
                                  strchr("aeiou", w[0]) ? "an" : "a", w, clause_word[cl->kind]);
            dg_hint(c->s, d, "SPEC.md lists the clauses each statement takes");
            continue;
        }
        if ((seen & M(cl->kind)) && !(OBLIGATIONS & M(cl->kind))) {
            dg_item *d = dg_error(c->s, cl->loc, "R0509", "'%s' is given twice in this statement",
                                  clause_word[cl->kind]);
            dg_hint(c->s, d, "keep one: the first is on line %u; join conditions with 'and'",
                    line_of(c, first[cl->kind]));
            continue;
        }
        if (!(seen & M(cl->kind)))
            first[cl->kind] = cl->loc;
        seen |= M(cl->kind);
        switch (cl->kind) {
        case C_WHEN:
            ck_cond(c, &sc, cl->e);
            break;
        case C_BECAUSE:
        case C_RECORD:
            if (!cl->name.len) {
                dg_item *d = dg_error(c->s, cl->loc, "R0519", "'%s' needs some text", clause_word[cl->kind]);
                dg_hint(c->s, d, "write the words between the quotes");
            }
            ck_deadline(c, &sc, cl->within);
            if (cl->kind == C_RECORD)
                ck_meeting(c, cl);
            break;
        case C_AS:
            if (!is_one_of(&cl->name, wd_spectrum)) {
                const char *alt = suggest_word(&cl->name, wd_spectrum);
                dg_item *d = dg_error(c->s, cl->name.loc, "R0506",
                                      "'%.*s' is not a kind of delegation", (int)cl->name.len, cl->name.s);
                if (alt)
                    dg_hint(c->s, d, "did you mean '%s'?", alt);
                else
                    dg_hint(c->s, d, "the kinds are %s (seat at the table, joint decision, "
                                     "delegated, transfer of accountability)", words_list(c, wd_spectrum));
            }
            break;
        case C_MAY:
            if (!is_one_of(&cl->name, may_words)) {
                dg_item *d = dg_error(c->s, cl->name.loc, "R0507", "'may %.*s' is not a permission Remit knows",
                                      (int)cl->name.len, cl->name.s);
                dg_hint(c->s, d, "the permission a delegation can give is %s", words_list(c, may_words));
            }
            ck_resolve(c, &cl->by, M(SYM_ROLE) | M(SYM_BODY)); /* (nothing when empty) */
            break;
        case C_UPTO: {
            /* `up to no limit` (no expression) says a scheme means no bound */
            rm_type t = cl->e ? ck_expr(c, &sc, cl->e, NULL) : (rm_type){.kind = TY_ERROR};
            if (t.kind != TY_MONEY && t.kind != TY_ERROR) {
                dg_item *d = dg_error(c->s, cl->e->loc, "R0401", "'up to' takes an amount of money, but this is %s",
                                      type_word(c, &t));
                dg_hint(c->s, d, "write e.g. up to \xC2\xA3" "1m; for other limits use `limit field <= value`");
            } else if (t.kind == TY_MONEY && !cl->e->is_const) { /* (e given: TY_MONEY) */
                dg_item *d = dg_error(c->s, cl->e->loc, "R0406", "'up to' needs a fixed amount");
                dg_hint(c->s, d, "write an amount such as \xC2\xA3" "1m or the name of a constant");
            }
            if (sc.matter) {
                uint32_t nmoney = 0;
                rm_vec *fs = &sc.matter->u.matter.fields;
                for (uint32_t k = 0; k < fs->n; k++)
                    nmoney += ((rm_field *)fs->v[k])->ty.kind == TY_MONEY;
                if (nmoney != 1) {
                    const rm_field *mf = NULL;
                    for (uint32_t k = 0; k < fs->n && !mf; k++)
                        if (((rm_field *)fs->v[k])->ty.kind == TY_MONEY)
                            mf = fs->v[k];
                    dg_item *d = dg_error(c->s, cl->loc, "R0407",
                                          "'up to' needs the matter '%.*s' to have exactly one money field; it has %u",
                                          (int)sc.matter->name.len, sc.matter->name.s, nmoney);
                    if (mf)
                        dg_hint(c->s, d, "say which field is limited: limit %.*s <= \xC2\xA3" "1m",
                                (int)mf->name.len, mf->name.s);
                    else
                        dg_hint(c->s, d, "give the matter a money field, e.g. amount: money");
                }
            }
            break;
        }
        case C_LIMIT:
            ck_cond(c, &sc, cl->e);
            if (cl->e->ty.kind == TY_BOOL && !sc.poisoned && !has_error(cl->e) && !limit_shape(cl->e)) {
                dg_item *d = dg_error(c->s, cl->e->loc, "R0406",
                                      "a limit must compare the matter's fields with fixed values");
                dg_hint(c->s, d, "write e.g. limit amount <= \xC2\xA3" "1m and category in { revenue }; "
                                 "put other conditions under 'when'");
            }
            break;
        case C_REPORT:
        case C_RATIFY:
            ck_resolve(c, &cl->name, M(SYM_BODY));
            ck_deadline(c, &sc, cl->within);
            break;
        case C_NOTIFY:
            ck_resolve(c, &cl->name, M(SYM_ROLE) | M(SYM_BODY));
            ck_deadline(c, &sc, cl->within);
            ck_meeting(c, cl);
            break;
        case C_PUBLISH:
            ck_deadline(c, &sc, cl->within);
            ck_meeting(c, cl);
            break;
        case C_WITH:
            ck_signers(c, cl->sign);
            break;
        case C_FROM:
        case C_FOR:
            ck_resolve(c, &cl->name, M(SYM_ROLE) | M(SYM_BODY));
            break;
        case C_AFTER:
            ck_days(c, &sc, cl->e, "the time a decision may stay open");
            break;
        case C_OVER:
            ck_period(c, &sc, cl->e, "the period");
            break;
        case C_TOTAL: {
            rm_type t = ck_expr(c, &sc, cl->e, NULL);
            bool ok = t.kind == TY_ERROR ||
                      (cl->e->kind == EX_CMP && (cl->e->op == OP_LE || cl->e->op == OP_LT) &&
                       cl->e->a->ref == REF_FIELD && cl->e->b->is_const &&
                       (cl->e->a->ty.kind == TY_MONEY || cl->e->a->ty.kind == TY_NUMBER));
            if (!ok && !sc.poisoned) {
                dg_item *d = dg_error(c->s, cl->e->loc, "R0515",
                                      "'total' must say which money or number field is added up, and its ceiling");
                dg_hint(c->s, d, "write e.g. total amount <= \xC2\xA3" "50,000");
            }
            break;
        }
        case C_APPROVAL:
            ck_resolve(c, &cl->name, M(SYM_ROLE) | M(SYM_BODY));
            if (cl->by.len)
                ck_group_field(c, &sc, &cl->by);
            if (sc.matter)
                ck_count_prior(c, &sc, cl);
            break;
        case C_PER:
            ck_group_field(c, &sc, &cl->name);
            break;
        case C__COUNT:
            break;
        }
    }
    if (r->kind == R_LIMIT && (!(seen & M(C_TOTAL)) || !(seen & M(C_OVER)))) {
        dg_item *d = dg_error(c->s, r->loc, "R0510", "a cumulative limit needs both 'total' and 'over'");
        dg_hint(c->s, d, "write e.g. limit gift total value <= \xC2\xA3" "100 per source over 365 days");
    }
    if (r->kind == R_AFTER && !(seen & OBLIGATIONS)) {
        dg_item *d = dg_error(c->s, r->loc, "R0510", "'after' must say what has to follow the decision");
        dg_hint(c->s, d, "add report to BODY, record in \"register\", publish, notify ROLE or ratify by BODY");
    }
    if (r->kind == R_ESCALATE && !(seen & (M(C_WHEN) | M(C_AFTER)))) {
        dg_item *d = dg_error(c->s, r->loc, "R0510", "an escalation must say when it applies");
        dg_hint(c->s, d, "add 'when' with a condition, or 'after' with the days a decision may stay open");
    }
    for (uint32_t i = 0, n = 0; r->kind == R_URGENT && i < r->clauses.n; i++) {
        const rm_clause *cl = r->clauses.v[i]; /* one body ratifies (7.15) */
        if (cl->kind == C_RATIFY && n++) {
            dg_item *d = dg_error(c->s, cl->loc, "R0509", "an urgent decision is ratified by one body; "
                                  "'ratify by' is given twice");
            dg_hint(c->s, d, "keep the body it is taken for; tell others with report to BODY");
        }
    }
    if (r->kind == R_URGENT && !(seen & M(C_RATIFY))) {
        dg_item *d = dg_error(c->s, r->loc, "R0510", "an urgent decision must be ratified by the body it is taken for");
        dg_hint(c->s, d, "add e.g. ratify by %.*s within 28 days (standing orders: reported to the next "
                         "meeting for ratification)", (int)r->from.len, r->from.s);
    }
}

/* --------------------------------------------------------------- bodies */

static const char *const body_types[] = {
    "board", "committee", "sub_committee", "joint_committee", "partnership", "team",
    "collaborative", "forum", "group", NULL
};

static void ck_body(ck *c, rm_decl *d)
{
    if (d->u.body.type.len && !is_one_of(&d->u.body.type, body_types)) {
        const char *alt = suggest_word(&d->u.body.type, body_types);
        dg_item *g = dg_error(c->s, d->u.body.type.loc, "R0212", "'%.*s' is not a kind of body Remit knows",
                              (int)d->u.body.type.len, d->u.body.type.s);
        if (alt)
            dg_hint(c->s, g, "did you mean '%s'?", alt);
        else
            dg_hint(c->s, g, "the kinds are %s", words_list(c, body_types));
    }
    if (d->u.body.tier.len)
        ck_resolve(c, &d->u.body.tier, M(SYM_TIER));
    for (uint32_t i = 0; i < d->u.body.parents.n; i++) {
        rm_name *p = d->u.body.parents.v[i];
        ck_resolve(c, p, M(SYM_BODY));
        for (uint32_t j = 0; j < i; j++)
            if (rm_name_eq(p, d->u.body.parents.v[j])) {
                dg_item *g = dg_error(c->s, p->loc, "R0209", "'%.*s' is listed twice", (int)p->len, p->s);
                dg_hint(c->s, g, "remove the second one");
                break;
            }
    }
    for (int l = 0; l < 2; l++) { /* who presides, who never does (4.7) */
        rm_vec *v = l ? &d->u.body.never_chairs : &d->u.body.chairs;
        for (uint32_t i = 0; i < v->n; i++) {
            rm_name *x = v->v[i];
            ck_resolve(c, x, M(SYM_ROLE) | M(SYM_KIND));
            for (uint32_t j = 0; j < i; j++)
                if (rm_name_eq(x, v->v[j])) {
                    dg_item *g = dg_error(c->s, x->loc, "R0209", "'%.*s' is listed twice", (int)x->len, x->s);
                    dg_hint(c->s, g, "remove the second one");
                    break;
                }
            for (uint32_t j = 0; l && j < d->u.body.chairs.n; j++)
                if (rm_name_eq(x, d->u.body.chairs.v[j])) {
                    dg_item *g = dg_error(c->s, x->loc, "R0521", "'%.*s' both chairs %.*s and never chairs it",
                                          (int)x->len, x->s, (int)d->name.len, d->name.s);
                    dg_hint(c->s, g, "keep it in one of the two lines");
                    break;
                }
        }
    }
    for (uint32_t i = 0; i < d->u.body.members.n; i++) {
        rm_member *m = d->u.body.members.v[i];
        ck_resolve(c, &m->role, M(SYM_ROLE));
        if (!m->bad && ((m->hi >= 0 && m->lo > m->hi) || m->hi == 0)) {
            dg_item *g = dg_error(c->s, m->loc, "R0502", "this number of members is impossible");
            dg_hint(c->s, g, "write a count such as 3, a minimum such as 2+, or a range such as 3..5");
        }
    }
    for (uint32_t i = 0; i < d->u.body.quorum.n; i++) {
        rm_qterm *q = d->u.body.quorum.v[i];
        if (q->bad)
            continue;
        if (q->kind == Q_WORD && !is_one_of(&q->name, wd_quorum)) {
            rm_sym *e = sym_find(&c->s->syms, q->name.s, q->name.len);
            if (e && (e->kind == SYM_ROLE || e->kind == SYM_KIND)) { /* `and chair`: one of them */
                q->kind = Q_ROLE;
                q->n = 1;
            }
        }
        bool group = q->alt || (i + 1 < d->u.body.quorum.n && ((rm_qterm *)d->u.body.quorum.v[i + 1])->alt);
        rm_sym *rs = q->kind == Q_ROLE ? sym_find(&c->s->syms, q->name.s, q->name.len) : NULL;
        if (group && (q->kind != Q_ROLE || (rs && rs->kind != SYM_ROLE))) {
            /* roles only: each counts its own members, so the analyses stay exact (8.2.3) */
            dg_item *g = dg_error(c->s, q->loc, "R0503", "only roles can be alternatives in a quorum");
            dg_hint(c->s, g, "write e.g. quorum 3 and (chair or vice_chair), each alternative a role or a "
                             "number of a role");
            continue;
        }
        for (uint32_t j = i; q->alt && j-- > 0;) { /* one role once among the alternatives */
            const rm_qterm *o = d->u.body.quorum.v[j];
            if (o->kind == Q_ROLE && rm_name_eq(&o->name, &q->name)) {
                dg_item *g = dg_error(c->s, q->loc, "R0209", "'%.*s' is listed twice", (int)q->name.len,
                                      q->name.s);
                dg_hint(c->s, g, "remove the second one");
            }
            if (!o->alt)
                break;
        }
        switch (q->kind) {
        case Q_WORD:
            if (!is_one_of(&q->name, wd_quorum)) {
                dg_item *g = dg_error(c->s, q->loc, "R0503", "'%.*s' is not a quorum Remit knows",
                                      (int)q->name.len, q->name.s);
                dg_hint(c->s, g, "write majority, all, a number of members (4), a share (50%%), a "
                                 "fraction (two thirds), a role (chair), or a number of a role or kind (1 ned)");
            }
            break;
        case Q_FRACTION: {
            static const char *const nums[] = {"one", "two", "three", "four", "five", "six", "seven", "eight",
                                               "nine", NULL};
            static const char *const dens[] = {"half", "halves", "third", "thirds", "quarter", "quarters",
                                               "fifth", "fifths", "sixth", "sixths", NULL};
            static const int64_t den_of[] = {2, 2, 3, 3, 4, 4, 5, 5, 6, 6};
            int a = wd_find(nums, q->name.s, q->name.len), b = wd_find(dens, q->of.s, q->of.len);
            if (a < 0 || b < 0 || a + 1 > den_of[b]) {
                dg_item *g = dg_error(c->s, q->loc, "R0503", "'%.*s %.*s' is not a quorum Remit knows",
                                      (int)q->name.len, q->name.s, (int)q->of.len, q->of.s);
                dg_hint(c->s, g, "write a fraction of the members in words, e.g. two thirds, one half, "
                                 "three quarters");
                break;
            }
            q->n = a + 1;
            q->den = den_of[b];
            break;
        }
        case Q_PERCENT:
            if (q->n <= 0 || q->n > 10000) {
                dg_item *g = dg_error(c->s, q->loc, "R0504", "a quorum share must be more than 0%% and at most 100%%");
                dg_hint(c->s, g, "e.g. quorum 50%%");
            }
            break;
        case Q_COUNT:
        case Q_ROLE:
            if (q->n < 1) {
                dg_item *g = dg_error(c->s, q->loc, "R0504", "a quorum of no members is no quorum");
                dg_hint(c->s, g, "give a number of 1 or more");
            }
            if (q->kind == Q_ROLE)
                ck_resolve(c, &q->name, M(SYM_ROLE) | M(SYM_KIND));
            break;
        }
    }
}

static rm_decl *body_of(ck *c, const rm_name *n)
{
    rm_sym *p = sym_find(&c->s->syms, n->s, n->len);
    return p && p->kind == SYM_BODY ? p->decl : NULL;
}

/* Reporting lines must not go round in a circle.  A depth-first walk up
 * the `reports to` lines (iterative: a generated policy may chain many
 * bodies); each line that leads back onto the current path closes a
 * circle, reported once at that line with every body on it.
 * mark: 0 unvisited, 1 on the current path, 2 done. */
static void ck_body_cycles(ck *c)
{
    rm_vec *ds = &c->s->decls;
    uint32_t nbodies = 0;
    for (uint32_t i = 0; i < ds->n; i++)
        nbodies += ((rm_decl *)ds->v[i])->kind == D_BODY;
    if (!nbodies)
        return;
    rm_decl **path = ar_alloc(&c->s->arena, nbodies * sizeof *path);
    uint32_t *next = ar_alloc(&c->s->arena, nbodies * sizeof *next);
    for (uint32_t i = 0; i < ds->n; i++) {
        rm_decl *root = ds->v[i];
        if (root->kind != D_BODY || root->mark)
            continue;
        uint32_t sp = 0;
        path[sp] = root;
        next[sp++] = 0;
        root->mark = 1;
        while (sp) {
            rm_decl *d = path[sp - 1];
            if (next[sp - 1] == d->u.body.parents.n) {
                d->mark = 2;
                sp--;
                continue;
            }
            rm_name *pn = d->u.body.parents.v[next[sp - 1]++];
            rm_decl *p = body_of(c, pn);
            if (!p || p->mark == 2)
                continue;
            if (p->mark == 0) {
                p->mark = 1;
                path[sp] = p;
                next[sp++] = 0;
                continue;
            }
            /* p is on the path: the circle is path[k..sp-1] then back to p */
            if (p == d) {
                dg_item *g = dg_error(c->s, pn->loc, "R0501", "'%.*s' reports to itself",
                                      (int)d->name.len, d->name.s);
                dg_hint(c->s, g, "a reporting line must end at a body that reports to no one, "
                                 "such as the board");
                continue;
            }
            uint32_t k = sp - 1;
            while (path[k] != p)
                k--;
            char chain[1024];
            size_t used = 0;
            for (uint32_t j = k; j < sp; j++) {
                int w = snprintf(chain + used, sizeof chain - used,
                                 j == k ? "%.*s reports to " : "%.*s, which reports to ",
                                 (int)path[j]->name.len, path[j]->name.s);
                if (w < 0 || (size_t)w >= sizeof chain - used)
                    break;
                used += (size_t)w;
            }
            dg_item *g = dg_error(c->s, pn->loc, "R0501",
                                  "these reporting lines go round in a circle: %s%.*s",
                                  chain, (int)p->name.len, p->name.s);
            dg_hint(c->s, g, "a reporting line must end at a body that reports to no one, "
                             "such as the board");
        }
    }
}

/* ------------------------------------------------------------ protocols */

static void ck_protocol(ck *c, rm_decl *d)
{
    scope sc = {0};
    sc.where = " (a protocol's activation can use only context values and constants)";
    if (!d->u.protocol.nactive) {
        dg_item *g = dg_error(c->s, d->name.loc, "R0510", "the protocol '%.*s' never says when it is active",
                              (int)d->name.len, d->name.s);
        dg_hint(c->s, g, "add a line such as: active when incident_level >= 3");
    } else
        ck_cond(c, &sc, d->u.protocol.active);
    for (uint32_t i = 0; i < d->u.protocol.grants.n; i++)
        ck_rule(c, d->u.protocol.grants.v[i]);
    for (uint32_t i = 0; i < d->u.protocol.never.n; i++)
        ck_resolve(c, d->u.protocol.never.v[i], M(SYM_MATTER));
    if (d->u.protocol.nratify)
        ck_resolve(c, &d->u.protocol.ratifier, M(SYM_BODY));
    sc.where = NULL;
    ck_days(c, &sc, d->u.protocol.ratify_within, "the time allowed to ratify");
    ck_days(c, &sc, d->u.protocol.expires, "the time before the protocol expires");
}

static void ck_conflicts(ck *c, rm_decl *d, rm_decl **seen_general)
{
    scope sc = {0};
    if (d->u.conflicts.body.len) {
        rm_sym *b = ck_resolve(c, &d->u.conflicts.body, M(SYM_BODY));
        if (b && b->item) {
            rm_decl *first = b->item;
            dg_item *g = dg_error(c->s, d->u.conflicts.body.loc, "R0202",
                                  "'%.*s' already has a conflicts block", (int)d->u.conflicts.body.len,
                                  d->u.conflicts.body.s);
            dg_hint(c->s, g, "the first is on %s; put all of the body's categories in one block",
                    where_str(c, first->loc, d->loc));
        } else if (b)
            b->item = d;
    } else if (*seen_general) {
        dg_item *g = dg_error(c->s, d->loc, "R0202", "the policy already has a conflicts block for all bodies");
        dg_hint(c->s, g, "the first is on %s; name the body this one is for: conflicts for BODY { ... }",
                where_str(c, (*seen_general)->loc, d->loc));
    } else
        *seen_general = d;
    for (uint32_t i = 0; i < d->u.conflicts.interests.n; i++) {
        rm_interest *it = d->u.conflicts.interests.v[i];
        /* categories belong to their block: two bodies may both use `financial` */
        for (uint32_t j = 0; j < i; j++) {
            rm_interest *o = d->u.conflicts.interests.v[j];
            if (rm_name_eq(&it->name, &o->name)) {
                dg_item *g = dg_error(c->s, it->name.loc, "R0202",
                                      "the category of interest '%.*s' is already declared in this block",
                                      (int)it->name.len, it->name.s);
                dg_hint(c->s, g, "the first is on %s; declare each category once per conflicts block",
                        where_str(c, o->name.loc, it->name.loc));
                break;
            }
        }
        for (uint32_t k = 0; k < it->actions.n; k++) {
            rm_name *a = it->actions.v[k];
            if (!is_one_of(a, wd_coi_actions)) {
                dg_item *g = dg_error(c->s, a->loc, "R0511", "'%.*s' is not an action Remit knows for an interest",
                                      (int)a->len, a->s);
                const char *alt = suggest_word(a, wd_coi_actions);
                if (alt)
                    dg_hint(c->s, g, "did you mean '%s'?", alt);
                else
                    dg_hint(c->s, g, "the actions are %s", words_list(c, wd_coi_actions));
            }
        }
    }
    ck_days(c, &sc, d->u.conflicts.declare_within, "the time allowed to declare an interest");
    if (d->u.conflicts.nrefer)
        ck_resolve(c, &d->u.conflicts.refer_to, M(SYM_BODY));
}

/* --------------------------------------------------------------- driver */

static void declare(ck *c, sym_kind kind, rm_name name, rm_decl *d, void *item, uint32_t index)
{
    if (!name.len)
        return;
    rm_sym *sym = ar_alloc(&c->s->arena, sizeof *sym);
    sym->kind = kind;
    sym->name = name;
    sym->decl = d;
    sym->item = item;
    sym->index = index;
    rm_sym *old = sym_insert(&c->s->arena, &c->s->syms, sym);
    if (old != sym) {
        dg_item *g = dg_error(c->s, name.loc, "R0202", "'%.*s' is already declared as a %s",
                              (int)name.len, name.s, sym_word[old->kind]);
        dg_hint(c->s, g, "the first declaration is on %s; every name in a policy must be different",
                where_str(c, old->name.loc, name.loc));
    }
}

static void ck_declare_all(ck *c)
{
    rm_vec *ds = &c->s->decls;
    for (uint32_t i = 0; i < ds->n; i++) {
        rm_decl *d = ds->v[i];
        switch (d->kind) {
        case D_TIERS:
            if (c->tiers) {
                dg_item *g = dg_error(c->s, d->loc, "R0213", "the tiers are declared a second time");
                dg_hint(c->s, g, "declare them once: the first is on %s", where_str(c, c->tiers->loc, d->loc));
                break;
            }
            c->tiers = d;
            for (uint32_t k = 0; k < d->u.tiers.names.n; k++)
                declare(c, SYM_TIER, *(rm_name *)d->u.tiers.names.v[k], d, NULL, k);
            break;
        case D_KIND: declare(c, SYM_KIND, d->name, d, NULL, 0); break;
        case D_ROLE: declare(c, SYM_ROLE, d->name, d, NULL, 0); break;
        case D_BODY: declare(c, SYM_BODY, d->name, d, NULL, 0); break;
        case D_MATTER: declare(c, SYM_MATTER, d->name, d, NULL, 0); break;
        case D_CONST: declare(c, SYM_CONST, d->name, d, NULL, 0); break;
        case D_RULE:
            if (d->u.rule->label.len)
                declare(c, SYM_LABEL, d->u.rule->label, d, d->u.rule, 0);
            break;
        case D_PROTOCOL:
            declare(c, SYM_PROTOCOL, d->name, d, NULL, 0);
            for (uint32_t k = 0; k < d->u.protocol.grants.n; k++) {
                rm_rule *g = d->u.protocol.grants.v[k];
                if (g->label.len)
                    declare(c, SYM_LABEL, g->label, d, g, 0);
            }
            break;
        default:
            break;
        }
    }
}

/* `use MODULE with NAME = VALUE, NAME "Title"` (SPEC 4.2): each name is
 * one the module itself declares (R0215); a value goes to a constant
 * (R0204), once (R0509); a title to a role, body, matter, kind or
 * protocol (R0204), not empty (R0519).  A title is given at once; a value
 * is checked where the constant is (ck_set_value). */
static void ck_settings(ck *c)
{
    const rm_vec *ds = &c->s->decls;
    for (uint32_t i = 0; i < ds->n; i++) {
        const rm_decl *u = ds->v[i];
        if (u->kind != D_USE)
            continue;
        for (uint32_t k = 0; k < u->u.use.sets.n; k++) {
            rm_set *x = u->u.use.sets.v[k];
            unsigned mask = x->value ? M(SYM_CONST)
                                     : M(SYM_ROLE) | M(SYM_BODY) | M(SYM_MATTER) | M(SYM_KIND) | M(SYM_PROTOCOL);
            rm_sym *e = ck_resolve(c, &x->name, mask);
            if (!e || u->u.use.target == UINT32_MAX)
                continue;
            rm_decl *d = e->decl;
            if (d->loc.file != u->u.use.target) {
                const rm_file *f = c->s->files.v[d->loc.file], *t = c->s->files.v[u->u.use.target];
                dg_item *g = dg_error(c->s, x->name.loc, "R0215", "'%.*s' is declared in %s, not in %s",
                                      (int)x->name.len, x->name.s, f->path, t->path);
                dg_hint(c->s, g, "set it where the module that declares it is used, or in that module");
                continue;
            }
            if (x->has_title && !x->title.len) {
                dg_item *g = dg_error(c->s, x->title.loc, "R0519", "a title needs some text");
                dg_hint(c->s, g, "write the title between the quotes");
                continue;
            }
            bool again = x->value ? d->u.cnst.set != NULL : d->mark == 2;
            if (again) {
                dg_item *g = dg_error(c->s, x->name.loc, "R0509", "'%.*s' is given a new %s twice",
                                      (int)x->name.len, x->name.s, x->value ? "value" : "title");
                dg_hint(c->s, g, "keep one: the first is on %s",
                        where_str(c, x->value ? d->u.cnst.set_loc : d->title.loc, x->name.loc));
                continue;
            }
            if (x->value) {
                d->u.cnst.set = x->value;
                d->u.cnst.set_loc = x->name.loc;
            } else {
                d->title = x->title;
                d->mark = 2; /* (scratch: retitled once) */
            }
        }
    }
    for (uint32_t i = 0; i < ds->n; i++) /* the scratch mark is the checker's again */
        if (((rm_decl *)ds->v[i])->mark == 2)
            ((rm_decl *)ds->v[i])->mark = 0;
}

/* The value a `use ... with` gives constant d, of the type t of the value
 * the module gives it (R0401 when another type, R0412 when not fixed): it
 * takes the module's place, everywhere the constant is used. */
static void ck_set_value(ck *c, rm_decl *d, rm_type t)
{
    scope sc = {0};
    sc.where = " (a constant's value must be written out)";
    sc.setting = true;
    rm_expr *v = d->u.cnst.set;
    rm_type s = ck_expr(c, &sc, v, NULL);
    if (s.kind == TY_ERROR)
        return;
    if (s.kind != t.kind) {
        dg_item *g = dg_error(c->s, v->loc, "R0401", "'%.*s' is %s, but this is %s", (int)d->name.len, d->name.s,
                              type_word(c, &t), type_word(c, &s));
        dg_hint(c->s, g, "give a value of the same kind as the module's: %s", type_word(c, &t));
        return;
    }
    if (!v->is_const || has_error(v)) {
        dg_item *g = dg_error(c->s, v->loc, "R0412", "a constant's value must be fixed when the policy is written");
        dg_hint(c->s, g, "write a value such as \xC2\xA3" "5m or 30 days");
        return;
    }
    /* the module's figure is a limit or a length of time: a setting keeps
     * its sign, and a length of time of a day or more stays one (so the
     * fault is said here, not where the module uses it) */
    int64_t was = d->u.cnst.value->cval, now = v->cval;
    bool amount = t.kind == TY_MONEY || t.kind == TY_NUMBER || t.kind == TY_PERCENT || t.kind == TY_DAYS;
    if (amount && ((was >= 0 && now < 0) || (t.kind == TY_DAYS && was >= 1 && now < 1))) {
        dg_item *g = dg_error(c->s, v->loc, "R0411", "'%.*s' is %s in the module; this setting makes it %s",
                              (int)d->name.len, d->name.s, t.kind == TY_DAYS ? "at least a day" : "zero or more",
                              t.kind == TY_DAYS && now >= 0 ? "less than a day" : "negative");
        dg_hint(c->s, g, "give %s", t.kind == TY_DAYS ? "a length of time of at least one day" : "zero or more");
        return;
    }
    d->u.cnst.value = v;
}

/* One label of a precedence line, where it stands in the line. */
typedef struct prec_name {
    const rm_name *n;
    uint32_t at;
} prec_name;

static int cmp_prec_name(const void *a, const void *b)
{
    const prec_name *x = a, *y = b;
    uint32_t n = x->n->len < y->n->len ? x->n->len : y->n->len;
    int c = memcmp(x->n->s, y->n->s, n);
    if (c || x->n->len != y->n->len)
        return c ? c : x->n->len < y->n->len ? -1 : 1;
    return x->at < y->at ? -1 : x->at > y->at;
}

/* A precedence line: each label names a rule (R0512), once (R0517).  The
 * labels are sorted to find repeats, so a line of N labels costs N log N,
 * not N^2 (SPEC 10).  The rules it names are added to *named. */
static void ck_precedence(ck *c, rm_decl *d, rm_vec *named)
{
    remit_session *s = c->s;
    const rm_vec *labels = &d->u.prec.labels;
    for (uint32_t k = 0; k < labels->n; k++) {
        rm_name *n = labels->v[k];
        if (!sym_find(&s->syms, n->s, n->len)) {
            dg_item *g = dg_error(s, n->loc, "R0512", "'%.*s' is not the label of a rule",
                                  (int)n->len, n->s);
            const rm_sym *alt = suggest_sym(c, n, M(SYM_LABEL));
            if (alt)
                dg_hint(s, g, "did you mean '%.*s'?", (int)alt->name.len, alt->name.s);
            else
                dg_hint(s, g, "label a rule by writing its name and a colon before it: "
                              "big_spend: reserve spend to board when amount > \xC2\xA3" "5m");
        } else {
            rm_sym *e = ck_resolve(c, n, M(SYM_LABEL));
            if (e)
                rm_vec_push(&s->arena, named, e);
        }
    }
    prec_name *v = ar_alloc(&s->arena, (labels->n + 1) * sizeof *v);
    for (uint32_t k = 0; k < labels->n; k++)
        v[k] = (prec_name){labels->v[k], k};
    qsort(v, labels->n, sizeof *v, cmp_prec_name);
    for (uint32_t k = 1; k < labels->n; k++) {
        const rm_name *n = v[k].n;
        if (!rm_name_eq(n, v[k - 1].n))
            continue;
        dg_item *g = dg_error(s, n->loc, "R0517", "'%.*s' cannot take precedence over itself",
                              (int)n->len, n->s);
        dg_hint(s, g, "name each rule once in a precedence line");
    }
}

/* A rule a precedence line names, with its matter. */
typedef struct prec_rule {
    const rm_sym *matter, *label;
} prec_rule;

static int cmp_prec_rule(const void *a, const void *b)
{
    const prec_rule *x = a, *y = b;
    if (x->matter != y->matter)
        return (uintptr_t)x->matter < (uintptr_t)y->matter ? -1 : 1;
    return (uintptr_t)x->label < (uintptr_t)y->label ? -1 : (uintptr_t)x->label > (uintptr_t)y->label;
}

/* At most RM_MAX_PREC_RULES rules of one matter are named in precedence
 * lines (R0520): the compiled precedence of a matter holds a bit for each
 * pair of them (SPEC 10). */
static void ck_precedence_sizes(ck *c, const rm_vec *named)
{
    remit_session *s = c->s;
    prec_rule *v = ar_alloc(&s->arena, (named->n + 1) * sizeof *v);
    uint32_t n = 0;
    for (uint32_t i = 0; i < named->n; i++) {
        const rm_sym *label = named->v[i];
        const rm_rule *r = label->item;
        const rm_sym *m = r ? sym_find(&s->syms, r->matter.s, r->matter.len) : NULL;
        if (m && m->kind == SYM_MATTER)
            v[n++] = (prec_rule){m, label};
    }
    qsort(v, n, sizeof *v, cmp_prec_rule);
    for (uint32_t i = 0, count = 0; i < n; i++) {
        count = i && v[i].matter == v[i - 1].matter ? count + (v[i].label != v[i - 1].label) : 1;
        if (count != RM_MAX_PREC_RULES + 1)
            continue;
        const rm_sym *m = v[i].matter;
        uint32_t total = count;
        for (uint32_t j = i + 1; j < n && v[j].matter == m; j++)
            total += v[j].label != v[j - 1].label;
        dg_item *g = dg_error(s, m->name.loc, "R0520",
                              "precedence lines name %u rules of the matter '%.*s', more than the "
                              "%u they may", total, (int)m->name.len, m->name.s, RM_MAX_PREC_RULES);
        dg_hint(s, g, "say the order of a few rules that disagree, not of every rule: a rule that "
                      "no other contradicts needs no precedence");
    }
}

/* `financial year starts DAY MONTH` (4.23): once in a policy, on one of
 * the first 28 days of a month (so that its quarters start on the same
 * day of their months). */
static void ck_year(ck *c, rm_decl *d, rm_decl **first)
{
    if (*first) {
        dg_item *g = dg_error(c->s, d->loc, "R0202", "the policy already says when its financial year starts");
        dg_hint(c->s, g, "the first is on %s; keep one", where_str(c, (*first)->loc, d->loc));
        return;
    }
    *first = d;
    const rm_name *m = &d->u.year.month;
    if (!wd_month_of(m->s, m->len)) {
        dg_item *g = dg_error(c->s, m->loc, "R0104", "'%.*s' is not the name of a month", (int)m->len, m->s);
        dg_hint(c->s, g, "write the month's name in full, e.g. financial year starts 1 April");
    } else if (d->u.year.day < 1 || d->u.year.day > 28) {
        dg_item *g = dg_error(c->s, d->u.year.day_loc, "R0104", "a financial year starts on one of the "
                              "first 28 days of a month, not the %lld", (long long)d->u.year.day);
        dg_hint(c->s, g, "so that its quarters start on the same day of their months; e.g. "
                         "financial year starts 1 April");
    }
}

void ck_check(remit_session *s)
{
    ck c;
    memset(&c, 0, sizeof c);
    c.s = s;
    /* used files first, so that "already declared" points at the user's
     * own, later line rather than into a module it uses */
    rm_vec ordered = {0};
    for (uint32_t k = 0; k < s->order.n; k++) {
        const rm_file *f = s->order.v[k];
        for (uint32_t i = f->decl_first; i < f->decl_end; i++)
            rm_vec_push(&s->arena, &ordered, s->decls.v[i]);
    }
    s->decls = ordered;
    ck_declare_all(&c);

    rm_vec *ds = &s->decls;
    /* context first: every condition may use it */
    for (uint32_t i = 0; i < ds->n; i++) {
        rm_decl *d = ds->v[i];
        if (d->kind == D_CONTEXT)
            ck_fields(&c, &d->u.matter.fields, &c.context);
    }
    /* then what other statements refer to: matters, constants */
    if (c.tiers && c.tiers->u.tiers.names.n > 64) {
        rm_name *v = c.tiers->u.tiers.names.v[64];
        dg_item *g = dg_error(s, v->loc, "R0214", "there are more than 64 tiers");
        dg_hint(s, g, "a policy needs a handful of tiers; each is one bit in the compiled policy");
    }
    rm_decl *year = NULL;
    ck_settings(&c);
    for (uint32_t i = 0; i < ds->n; i++) {
        rm_decl *d = ds->v[i];
        if (d->kind == D_MATTER)
            ck_fields(&c, &d->u.matter.fields, NULL);
        else if (d->kind == D_YEAR)
            ck_year(&c, d, &year);
        else if (d->kind == D_CONST) {
            scope sc = {0};
            sc.where = " (a constant's value must be written out)";
            rm_type t = ck_expr(&c, &sc, d->u.cnst.value, NULL);
            if (t.kind != TY_ERROR && !d->u.cnst.value->is_const && !has_error(d->u.cnst.value)) {
                dg_item *g = dg_error(s, d->u.cnst.value->loc, "R0412",
                                      "a constant's value must be fixed when the policy is written");
                dg_hint(s, g, "write a value such as \xC2\xA3" "5m or 30 days");
            }
            if (d->u.cnst.set && t.kind != TY_ERROR) /* the value a `use ... with` gives it (4.2) */
                ck_set_value(&c, d, t);
            d->mark = 1; /* its value is now known to constants below */
        }
    }
    uint32_t last_file = UINT32_MAX;
    rm_decl *header = NULL, *general_conflicts = NULL;
    rm_vec prec_labels = {0}; /* rm_sym*: every rule a precedence line names */
    for (uint32_t i = 0; i < ds->n; i++) {
        rm_decl *d = ds->v[i];
        if (d->loc.file != last_file) {
            last_file = d->loc.file;
            header = NULL;
        }
        switch (d->kind) {
        case D_POLICY:
            if (header) {
                dg_item *g = dg_error(s, d->loc, "R0211", "this file already has a policy line");
                dg_hint(s, g, "keep one: the first is on line %u", line_of(&c, header->loc));
            } else
                header = d;
            break;
        case D_ROLE:
            for (uint32_t k = 0; k < d->u.role.kinds.n; k++)
                ck_resolve(&c, d->u.role.kinds.v[k], M(SYM_KIND));
            if (d->u.role.tier.len)
                ck_resolve(&c, &d->u.role.tier, M(SYM_TIER));
            break;
        case D_BODY: ck_body(&c, d); break;
        case D_RULE: ck_rule(&c, d->u.rule); break;
        case D_PROTOCOL: ck_protocol(&c, d); break;
        case D_CONFLICTS: ck_conflicts(&c, d, &general_conflicts); break;
        case D_PRECEDENCE: ck_precedence(&c, d, &prec_labels); break;
        default:
            break;
        }
    }
    ck_precedence_sizes(&c, &prec_labels);
    ck_body_cycles(&c);
}
