/*
 * ast.c - building the syntax tree.  The parser calls these; nothing here
 * resolves names or checks types (check.c does), except the few facts that
 * only the shape of a statement can tell: an option given twice.
 */
#include <string.h>

#include "ast.h"
#include "parser.h"

#define AR (&ctx->s->arena)

const char *ast_rule_word(rule_kind k)
{
    static const char *const word[R__COUNT] = {
        [R_RESERVE] = "reserve", [R_DELEGATE] = "delegate", [R_ESCALATE] = "escalate",
        [R_REFUSE] = "refuse", [R_REQUIRE] = "require", [R_AFTER] = "after",
        [R_LIMIT] = "limit", [R_GRANT] = "grant", [R_URGENT] = "urgent",
    };
    return k < R__COUNT ? word[k] : "?";
}

rm_decl *ast_decl(struct rp_ctx *ctx, decl_kind kind, rm_loc loc)
{
    rm_decl *d = ar_alloc(AR, sizeof *d);
    d->kind = kind;
    d->loc = loc;
    d->name.loc = loc;
    d->title.loc = loc;
    return d;
}

rm_decl *ast_rule_decl(struct rp_ctx *ctx, rm_rule *rule, const rm_name *label)
{
    rm_decl *d = ast_decl(ctx, D_RULE, rule->loc);
    if (label) {
        rule->label = *label;
        d->name = *label;
        d->loc = label->loc;
    }
    d->u.rule = rule;
    return d;
}

rm_rule *ast_rule(struct rp_ctx *ctx, rule_kind kind, rm_loc loc, rm_name matter,
                  rm_vec clauses)
{
    rm_rule *r = ar_alloc(AR, sizeof *r);
    r->kind = kind;
    r->loc = loc;
    r->matter = matter;
    r->clauses = clauses;
    return r;
}

rm_clause *ast_clause(struct rp_ctx *ctx, clause_kind kind, rm_loc loc)
{
    rm_clause *c = ar_alloc(AR, sizeof *c);
    c->kind = kind;
    c->loc = loc;
    return c;
}

rm_name *ast_name(struct rp_ctx *ctx, rm_name n)
{
    rm_name *p = ar_alloc(AR, sizeof *p);
    *p = n;
    return p;
}

rm_name ast_words(struct rp_ctx *ctx, rm_loc loc, const rm_name *words, int n)
{
    if (n == 0) /* the keyword `declare` */
        return (rm_name){"declare", 7, loc};
    size_t len = 0;
    for (int i = 0; i < n; i++)
        len += words[i].len + 1;
    char *buf = ar_alloc(AR, len + 1);
    size_t u = 0;
    for (int i = 0; i < n; i++) {
        if (i)
            buf[u++] = ' ';
        memcpy(buf + u, words[i].s, words[i].len);
        u += words[i].len;
    }
    rm_name w = {buf, (uint32_t)u, loc};
    return w;
}


rm_member *ast_member(struct rp_ctx *ctx, rm_loc loc, int64_t lo, int64_t hi, rm_name role)
{
    rm_member *m = ar_alloc(AR, sizeof *m);
    m->loc = loc;
    m->bad = ctx->bad_literal && ctx->bad_literal - 1 >= loc.start && ctx->bad_literal - 1 < loc.end;
    m->lo = lo;
    m->hi = hi;
    m->role = role;
    return m;
}

rm_qterm *ast_qterm(struct rp_ctx *ctx, q_kind kind, rm_loc loc, int64_t n, const rm_name *name)
{
    rm_qterm *q = ar_alloc(AR, sizeof *q);
    q->kind = kind;
    q->loc = loc;
    q->bad = ctx->bad_literal && ctx->bad_literal - 1 >= loc.start && ctx->bad_literal - 1 < loc.end;
    q->n = n;
    if (name)
        q->name = *name;
    return q;
}

rm_set *ast_set(struct rp_ctx *ctx, rm_loc loc, rm_name name, rm_expr *value, const rm_name *title)
{
    rm_set *x = ar_alloc(AR, sizeof *x);
    x->loc = loc;
    x->name = name;
    x->value = value;
    if (title) {
        x->title = *title;
        x->has_title = true;
    }
    return x;
}

rm_field *ast_field(struct rp_ctx *ctx, rm_name name, rm_typeexpr *te)
{
    rm_field *f = ar_alloc(AR, sizeof *f);
    f->name = name;
    f->te = te;
    return f;
}

rm_typeexpr *ast_type(struct rp_ctx *ctx, rm_name name, rm_loc loc)
{
    rm_typeexpr *t = ar_alloc(AR, sizeof *t);
    t->name = name;
    t->loc = loc;
    return t;
}

/* Conditions are walked recursively (checker, evaluator), so their height
 * is bounded: past RM_MAX_EXPR_DEPTH the expression is reported once and
 * replaced by a stand-in that silences everything built on it. */
static bool too_deep(struct rp_ctx *ctx, rm_loc loc, unsigned da, unsigned db, bool quiet,
                     const char *what)
{
    unsigned d = 1 + (da > db ? da : db);
    if (d <= RM_MAX_EXPR_DEPTH)
        return false;
    if (!quiet) {
        dg_item *g = dg_error(ctx->s, loc, "R0008",
                              "this %s has more than %u operators inside each other",
                              what, RM_MAX_EXPR_DEPTH);
        dg_hint(ctx->s, g, "split it into several rules, or list choices with `in { ... }`");
    }
    return true;
}

rm_sign *ast_sign(struct rp_ctx *ctx, sg_kind kind, rm_loc loc, rm_sign *a, rm_sign *b)
{
    unsigned da = a ? a->depth : 0, db = b ? b->depth : 0;
    if (a && b && too_deep(ctx, loc, da, db, da > RM_MAX_EXPR_DEPTH || db > RM_MAX_EXPR_DEPTH,
                          "list of signatories")) {
        rm_sign *keep = da >= db ? a : b; /* the rest is dropped, and reported once: */
        keep->depth = RM_MAX_EXPR_DEPTH + 1; /* past the limit means "said already" */
        return keep;
    }
    rm_sign *s = ar_alloc(AR, sizeof *s);
    s->kind = kind;
    s->loc = loc;
    s->a = a;
    s->b = b;
    s->depth = (uint16_t)(a || b ? 1 + (da > db ? da : db) : 0); /* a name is a leaf */
    return s;
}

rm_expr *ast_lit(struct rp_ctx *ctx, ex_kind kind, rm_loc loc, int64_t v)
{
    rm_expr *e = ar_alloc(AR, sizeof *e);
    e->kind = (uint8_t)kind;
    e->loc = loc;
    e->v = v;
    e->bad = ctx->bad_literal && ctx->bad_literal - 1 == loc.start;
    return e;
}

rm_expr *ast_binary(struct rp_ctx *ctx, ex_kind kind, rm_loc loc, rm_expr *a, rm_expr *b)
{
    unsigned da = a ? a->depth : 0, db = b ? b->depth : 0;
    bool saturated = (a && a->bad && a->depth >= RM_MAX_EXPR_DEPTH) ||
                     (b && b->bad && b->depth >= RM_MAX_EXPR_DEPTH);
    if (too_deep(ctx, loc, da, db, saturated, "expression")) {
        rm_expr *s = ast_lit(ctx, EX_BOOL, loc, 0);
        s->bad = true;
        s->depth = RM_MAX_EXPR_DEPTH;
        return s;
    }
    rm_expr *e = ast_lit(ctx, kind, loc, 0);
    e->a = a;
    e->b = b;
    e->depth = (uint16_t)(1 + (da > db ? da : db));
    return e;
}

static rm_expr *ast_name_expr(struct rp_ctx *ctx, rm_name n)
{
    rm_expr *e = ast_lit(ctx, EX_NAME, n.loc, 0);
    e->name = n;
    return e;
}

rm_expr *ast_deadline(struct rp_ctx *ctx, rm_loc loc, rm_expr *within, const rm_name *end, const rm_name *w1,
                      const rm_name *w2)
{
    ast_expect_word(ctx, end, "end", "by end of PERIOD, e.g. by end of financial quarter");
    rm_loc pl = w1->loc;
    pl.end = w2->loc.end;
    return ast_binary(ctx, EX_DEADLINE, loc, within, ast_period(ctx, pl, w1, w2));
}

rm_expr *ast_meeting(struct rp_ctx *ctx, rm_loc loc, rm_expr *within, const rm_name *meeting)
{
    ast_expect_word(ctx, meeting, "meeting", "at next meeting");
    return ast_binary(ctx, EX_DEADLINE, loc, within, ast_lit(ctx, EX_MEETING, meeting->loc, 0));
}

rm_expr *ast_who(struct rp_ctx *ctx, rm_loc loc, const rm_name *subject, const rm_name *of, const rm_name *x)
{
    if (of)
        ast_expect_word(ctx, of, "member", "decider is member of BODY");
    rm_expr *e = ast_binary(ctx, EX_WHO, loc, ast_name_expr(ctx, *subject), ast_name_expr(ctx, *x));
    e->v = of != NULL;
    return e;
}

rm_expr *ast_total(struct rp_ctx *ctx, rm_loc loc, rm_name field, const rm_name *per, rm_expr *over)
{
    rm_expr *g = ast_lit(ctx, EX_GROUP, loc, 0);
    g->a = ast_name_expr(ctx, field);
    g->b = per ? ast_name_expr(ctx, *per) : NULL;
    return ast_binary(ctx, EX_TOTAL, loc, g, over);
}

rm_expr *ast_period(struct rp_ctx *ctx, rm_loc loc, const rm_name *w1, const rm_name *w2)
{
    rm_expr *e = ast_lit(ctx, EX_PERIOD, loc, 0);
    e->v = wd_period_of(w1->s, w1->len, w2->s, w2->len);
    if (e->v == PER_ALL) {
        dg_item *d = dg_error(ctx->s, loc, "R0107", "'%.*s %.*s' is not a period Remit knows", (int)w1->len,
                              w1->s, (int)w2->len, w2->s);
        dg_hint(ctx->s, d, "the periods are financial year, financial quarter, calendar month, calendar "
                           "quarter and calendar year, or a length such as 365 days or 12 months");
        e->bad = true;
    }
    return e;
}

rm_decl *ast_year(struct rp_ctx *ctx, rm_loc loc, const rm_name *w1, const rm_name *w2, const rm_name *w3,
                  int64_t day, rm_loc day_loc, rm_name month)
{
    static const char form[] = "financial year starts DAY MONTH, e.g. financial year starts 1 April";
    ast_expect_word(ctx, w1, "financial", form);
    ast_expect_word(ctx, w2, "year", form);
    ast_expect_word(ctx, w3, "starts", form);
    if (!rm_name_is(w1, "financial") || !rm_name_is(w2, "year") || !rm_name_is(w3, "starts"))
        return NULL; /* reported: not a statement Remit knows, so nothing more is said of it */
    rm_decl *d = ast_decl(ctx, D_YEAR, loc);
    d->u.year.day = day;
    d->u.year.day_loc = day_loc;
    d->u.year.month = month;
    return d;
}

rm_expr *ast_cmp(struct rp_ctx *ctx, cmp_op op, rm_loc loc, rm_expr *a, rm_expr *b)
{
    rm_expr *e = ast_binary(ctx, EX_CMP, loc, a, b);
    e->op = (uint8_t)op;
    return e;
}

void ast_duplicate(struct rp_ctx *ctx, rm_loc loc, const char *what, rm_loc first)
{
    unsigned line, col;
    dg_linecol(ctx->s->files.v[first.file], first.start, &line, &col);
    dg_item *d = dg_error(ctx->s, loc, "R0509", "'%s' is given twice here", what);
    dg_hint(ctx->s, d, "keep one: the first '%s' is on line %u", what, line);
}

void ast_set_once(struct rp_ctx *ctx, rm_name *slot, rm_name value, const char *what)
{
    if (slot->len)
        ast_duplicate(ctx, value.loc, what, slot->loc);
    else
        *slot = value;
}

void ast_lower_case(struct rp_ctx *ctx, rm_loc loc, const char *word)
{
    const rm_file *f = ctx->s->files.v[loc.file];
    dg_item *d = dg_error(ctx->s, loc, "R0001", "Remit's words are written in lower case: '%s', not '%.*s'",
                          word, (int)(loc.end - loc.start), f->text + loc.start);
    dg_hint(ctx->s, d, "write '%s'; names are matched exactly too, so write each as it is declared", word);
}

void ast_expect_word(struct rp_ctx *ctx, const rm_name *got, const char *word,
                     const char *form)
{
    if (rm_name_is(got, word))
        return;
    dg_item *d = dg_error(ctx->s, got->loc, "R0516", "expected the word '%s' here, not '%.*s'",
                          word, (int)got->len, got->s);
    dg_hint(ctx->s, d, "the form is: %s", form);
}
