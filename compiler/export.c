/*
 * export.c - the policy export (`remit check --emit json`, SPEC.md 11.9):
 * a checked session written as one JSON document, remit.policy/1, for
 * other tools and for the reference evaluator.
 *
 * It reads the checked syntax tree, not the compiled policy, because
 * lowering keeps less than the format promises: precedence lines as
 * written (lowering keeps only their transitive closure), signer
 * expressions as trees (lowering expands them into alternatives) and
 * lengths of time that are not fixed (lowering keeps only a constant).
 * Every list is in declaration order (6.4), which is the order of the
 * session's declarations once checked; nothing here reads a clock, a
 * pointer's value or a hash, so the same policy gives the same bytes.
 * Prefix pe_.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "export.h"

typedef struct pe_label {      /* a labelled rule and its id */
    const rm_rule *rule;
    uint32_t id;
} pe_label;

typedef struct pe {
    xp_out o;
    const remit_session *s;
    const rm_vec *tiers;       /* rm_name*, lowest first; NULL when none */
    pe_label *labels;          /* sorted by rule, for precedence lines */
    uint32_t nlabels;
    unsigned depth;            /* of the open objects and arrays */
    bool first;                /* nothing yet in the innermost one */
} pe;

const char *pe_type_word(ty_kind k) { return wd_type_json(k); }

/* ------------------------------------------------------------- writing */

/* The document is indented two spaces a level, one member or item a
 * line, so that a golden file shows a change as a line. */
static void pe_newline(pe *w)
{
    xo_putc(&w->o, '\n');
    for (unsigned i = 0; i < w->depth; i++)
        xo_put(&w->o, "  ", 2);
}

static void pe_open(pe *w, char c)
{
    xo_putc(&w->o, c);
    w->depth++;
    w->first = true;
}

static void pe_close(pe *w, char c)
{
    w->depth--;
    if (!w->first)
        pe_newline(w);
    xo_putc(&w->o, c);
    w->first = false; /* the parent holds at least this */
}

static void pe_item(pe *w)
{
    if (!w->first)
        xo_putc(&w->o, ',');
    pe_newline(w);
    w->first = false;
}

static void pe_key(pe *w, const char *key)
{
    pe_item(w);
    xo_putc(&w->o, '"');
    xo_puts(&w->o, key);
    xo_puts(&w->o, "\": ");
}

static void pe_str(pe *w, const char *s) { xp_json_strn(&w->o, s, strlen(s)); }
static void pe_null(pe *w) { xo_puts(&w->o, "null"); }

/* A name, or null when it is empty (not written). */
static void pe_name(pe *w, const rm_name *n)
{
    if (n && n->len)
        xp_json_strn(&w->o, n->s, n->len);
    else
        pe_null(w);
}

static void pe_int(pe *w, int64_t v)
{
    char b[24];
    int k = snprintf(b, sizeof b, "%" PRId64, v);
    xo_put(&w->o, b, (size_t)k);
}

static void pe_kstr(pe *w, const char *key, const char *s) { pe_key(w, key); pe_str(w, s); }
static void pe_kname(pe *w, const char *key, const rm_name *n) { pe_key(w, key); pe_name(w, n); }
static void pe_kint(pe *w, const char *key, int64_t v) { pe_key(w, key); pe_int(w, v); }
static void pe_knull(pe *w, const char *key) { pe_key(w, key); pe_null(w); }

static void pe_kbool(pe *w, const char *key, bool b)
{
    pe_key(w, key);
    xo_puts(&w->o, b ? "true" : "false");
}

/* key: an array of the names in v (rm_name*). */
static void pe_knames(pe *w, const char *key, const rm_vec *v)
{
    pe_key(w, key);
    pe_open(w, '[');
    for (uint32_t i = 0; v && i < v->n; i++) {
        pe_item(w);
        pe_name(w, v->v[i]);
    }
    pe_close(w, ']');
}

/* fkey and lkey: the file and line of loc, as explanations show them. */
static void pe_where(pe *w, const char *fkey, const char *lkey, rm_loc loc)
{
    const rm_file *f = w->s->files.v[loc.file];
    unsigned line, col;
    dg_linecol(f, loc.start, &line, &col);
    pe_kstr(w, fkey, f->path);
    pe_kint(w, lkey, line);
}

static void pe_where_or_null(pe *w, const char *fkey, const char *lkey, bool given, rm_loc loc)
{
    if (given) {
        pe_where(w, fkey, lkey, loc);
    } else {
        pe_knull(w, fkey);
        pe_knull(w, lkey);
    }
}

/* --------------------------------------------------------- expressions */

static const char *const cmp_word[] = {
    [OP_EQ] = "=", [OP_NE] = "!=", [OP_LT] = "<", [OP_LE] = "<=", [OP_GT] = ">", [OP_GE] = ">="
};

const rm_expr *pe_text_of(const remit_session *s, const rm_expr *e)
{
    for (unsigned guard = 0; e->kind == EX_NAME && e->ref == REF_CONST && guard < 1000; guard++) {
        const rm_sym *k = sym_find(&s->syms, e->name.s, e->name.len);
        if (!k || k->kind != SYM_CONST)
            break;
        e = k->decl->u.cnst.value;
    }
    return e;
}

/* The value of a fixed expression, as 11.9 gives each type. */
static void pe_value(pe *w, const rm_expr *e)
{
    const rm_type *t = &e->ty;
    switch (t->kind) {
    case TY_BOOL:
        xo_puts(&w->o, e->cval ? "true" : "false");
        break;
    case TY_DATE: {
        char b[32];
        lit_format_date(e->cval, b, sizeof b);
        pe_str(w, b);
        break;
    }
    case TY_TEXT: {
        const rm_expr *x = pe_text_of(w->s, e);
        pe_name(w, x->kind == EX_STRING ? &x->name : NULL);
        break;
    }
    case TY_TIER:
        if (w->tiers && e->cval >= 0 && (uint64_t)e->cval < w->tiers->n)
            pe_name(w, w->tiers->v[e->cval]);
        else
            pe_null(w);
        break;
    case TY_ENUM:
        if (t->en && e->cval >= 0 && (uint64_t)e->cval < t->en->values.n)
            pe_name(w, t->en->values.v[e->cval]);
        else
            pe_null(w);
        break;
    default:
        pe_int(w, e->cval);
        break;
    }
}

static void pe_expr(pe *w, const rm_expr *e);

/* The operands of a chain of one operator (`a and b and c`): one list. */
static void pe_args(pe *w, const rm_expr *e, uint8_t kind)
{
    if (e->kind == kind && !e->is_const) {
        pe_args(w, e->a, kind);
        pe_args(w, e->b, kind);
        return;
    }
    pe_item(w);
    pe_expr(w, e);
}

static void pe_kexpr(pe *w, const char *key, const rm_expr *e)
{
    pe_key(w, key);
    pe_expr(w, e);
}

static void pe_expr(pe *w, const rm_expr *e)
{
    if (!e) {
        pe_null(w);
        return;
    }
    pe_open(w, '{');
    switch ((ex_kind)(e->is_const ? EX_INT : e->kind)) {
    default: /* fixed: folded by the checker (5.6), as every literal is */
        pe_kstr(w, "op", "const");
        pe_kstr(w, "type", pe_type_word(e->ty.kind));
        pe_key(w, "value");
        pe_value(w, e);
        if (e->ty.kind == TY_ENUM && e->ty.en)
            pe_knames(w, "choices", &e->ty.en->values);
        break;
    case EX_NAME:
        if (e->ref == REF_DATE) { /* the decision's own date (5.5) */
            pe_kstr(w, "op", "date");
            pe_kstr(w, "type", "date");
            break;
        }
        pe_kstr(w, "op", e->ref == REF_CONTEXT ? "context" : "field");
        pe_kstr(w, "type", pe_type_word(e->ty.kind));
        pe_kname(w, "name", &e->name);
        break;
    case EX_NOT:
    case EX_NEG:
        pe_kstr(w, "op", e->kind == EX_NOT ? "not" : "neg");
        pe_kstr(w, "type", pe_type_word(e->ty.kind));
        pe_kexpr(w, "arg", e->a);
        break;
    case EX_AND:
    case EX_OR:
        pe_kstr(w, "op", e->kind == EX_AND ? "and" : "or");
        pe_kstr(w, "type", pe_type_word(e->ty.kind));
        pe_key(w, "args");
        pe_open(w, '[');
        pe_args(w, e->a, e->kind);
        pe_args(w, e->b, e->kind);
        pe_close(w, ']');
        break;
    case EX_CMP:
        pe_kstr(w, "op", "cmp");
        pe_kstr(w, "type", pe_type_word(e->ty.kind));
        pe_kstr(w, "cmp", cmp_word[e->op]);
        pe_kexpr(w, "left", e->a);
        pe_kexpr(w, "right", e->b);
        break;
    case EX_IN:
    case EX_NOTIN:
        pe_kstr(w, "op", e->kind == EX_IN ? "in" : "not_in");
        pe_kstr(w, "type", pe_type_word(e->ty.kind));
        pe_kexpr(w, "left", e->a);
        pe_knames(w, "values", &e->b->items);
        break;
    case EX_ADD:
    case EX_SUB:
    case EX_MUL:
        pe_kstr(w, "op", e->kind == EX_ADD ? "add" : e->kind == EX_SUB ? "sub" : "mul");
        pe_kstr(w, "type", pe_type_word(e->ty.kind));
        pe_kexpr(w, "left", e->a);
        pe_kexpr(w, "right", e->b);
        break;
    case EX_WHO: {
        static const char *const how[] = {[WHO_HOLDER] = "holder", [WHO_KIND] = "kind",
                                          [WHO_MEMBER] = "member_of"};
        pe_kstr(w, "op", "who");
        pe_kstr(w, "type", "bool");
        pe_kstr(w, "subject", e->cval == WHO_DECIDER ? "decider" : "co_signatory");
        pe_kstr(w, "test", how[e->op]);
        pe_kname(w, "name", &e->b->name);
        break;
    }
    case EX_PERIOD:
        pe_kstr(w, "op", "period");
        pe_kstr(w, "type", "period");
        pe_kstr(w, "value", wd_period_word((rm_period)e->v));
        break;
    case EX_TOTAL:
        pe_kstr(w, "op", "total");
        pe_kstr(w, "type", pe_type_word(e->ty.kind));
        pe_kname(w, "field", &e->a->a->name);
        if (e->a->b)
            pe_kname(w, "per", &e->a->b->name);
        else
            pe_knull(w, "per");
        pe_kexpr(w, "over", e->b);
        break;
    }
    pe_close(w, '}');
}

/* ------------------------------------------------------------- signers */

static void pe_signers(pe *w, const rm_sign *g);

static void pe_sign_args(pe *w, const rm_sign *g, sg_kind kind)
{
    if (g->kind == kind) {
        pe_sign_args(w, g->a, kind);
        pe_sign_args(w, g->b, kind);
        return;
    }
    pe_item(w);
    pe_signers(w, g);
}

static void pe_signers(pe *w, const rm_sign *g)
{
    if (!g) {
        pe_null(w);
        return;
    }
    pe_open(w, '{');
    if (g->kind == SG_AND || g->kind == SG_OR) {
        pe_kstr(w, "op", g->kind == SG_AND ? "and" : "or");
        pe_key(w, "args");
        pe_open(w, '[');
        pe_sign_args(w, g->a, g->kind);
        pe_sign_args(w, g->b, g->kind);
        pe_close(w, ']');
    } else {
        const rm_sym *k = sym_find(&w->s->syms, g->name.s, g->name.len);
        pe_kstr(w, "op", "slot");
        pe_kname(w, "who", &g->name);
        pe_kstr(w, "is", k && k->kind == SYM_KIND ? "kind" : "holder");
        pe_kint(w, "count", g->kind == SG_COUNT ? g->n : 1);
    }
    pe_close(w, '}');
}

/* -------------------------------------------------------- declarations */

static void pe_field(pe *w, const rm_field *f)
{
    pe_item(w);
    pe_open(w, '{');
    pe_kname(w, "name", &f->name);
    pe_kstr(w, "type", pe_type_word(f->ty.kind));
    if (f->ty.kind == TY_SCORE) {
        pe_kint(w, "min", f->ty.lo);
        pe_kint(w, "max", f->ty.hi);
    }
    if ((f->ty.kind == TY_ENUM || f->ty.kind == TY_SET) && f->ty.en)
        pe_knames(w, "choices", &f->ty.en->values);
    pe_close(w, '}');
}

static void pe_fields(pe *w, const rm_vec *fields)
{
    for (uint32_t i = 0; i < fields->n; i++)
        pe_field(w, fields->v[i]);
}

static void pe_quorum(pe *w, const rm_decl *d)
{
    pe_key(w, "quorum");
    if (!d->u.body.quorum.n) {
        pe_null(w);
        return;
    }
    rm_loc at = d->u.body.quorum_loc;
    const rm_file *f = w->s->files.v[at.file];
    pe_open(w, '{');
    pe_key(w, "text");
    xp_json_strn(&w->o, f->text + at.start, src_line_end(f, at.start) - at.start);
    pe_where(w, "file", "line", at);
    pe_key(w, "terms");
    pe_open(w, '[');
    for (uint32_t k = 0; k < d->u.body.quorum.n; k++) {
        const rm_qterm *q = d->u.body.quorum.v[k];
        pe_item(w);
        pe_open(w, '{');
        if (q->kind == Q_WORD) {
            pe_kname(w, "term", &q->name);
        } else if (q->kind == Q_FRACTION) { /* at least n/of of the members (4.7) */
            pe_kstr(w, "term", "fraction");
            pe_kint(w, "n", q->n);
            pe_kint(w, "of", q->den);
        } else if (q->kind == Q_COUNT) {
            pe_kstr(w, "term", "count");
            pe_kint(w, "n", q->n);
        } else if (q->kind == Q_PERCENT) {
            pe_kstr(w, "term", "percent");
            pe_kint(w, "basis_points", q->n);
        } else {
            const rm_sym *k2 = sym_find(&w->s->syms, q->name.s, q->name.len);
            const char *is = k2 && k2->kind == SYM_KIND ? "kind" : "role";
            pe_kstr(w, "term", is);
            pe_kint(w, "n", q->n);
            pe_kname(w, is, &q->name);
        }
        if (q->alt) /* an alternative to the term before: `(chair or vice_chair)` */
            pe_kbool(w, "or", true);
        pe_close(w, '}');
    }
    pe_close(w, ']');
    pe_close(w, '}');
}

static void pe_holder(pe *w, const rm_decl *d)
{
    bool body = d->kind == D_BODY;
    pe_item(w);
    pe_open(w, '{');
    pe_kname(w, "name", &d->name);
    pe_kname(w, "title", &d->title);
    pe_kstr(w, "is", body ? "body" : "role");
    pe_knames(w, "kinds", body ? NULL : &d->u.role.kinds);
    pe_kname(w, "body_kind", body ? &d->u.body.type : NULL);
    pe_kname(w, "tier", body ? &d->u.body.tier : &d->u.role.tier);
    pe_knames(w, "reports_to", body ? &d->u.body.parents : NULL);
    pe_key(w, "members");
    pe_open(w, '[');
    for (uint32_t k = 0; body && k < d->u.body.members.n; k++) {
        const rm_member *m = d->u.body.members.v[k];
        pe_item(w);
        pe_open(w, '{');
        pe_kname(w, "role", &m->role);
        pe_kint(w, "min", m->lo);
        if (m->hi < 0)
            pe_knull(w, "max");
        else
            pe_kint(w, "max", m->hi);
        pe_close(w, '}');
    }
    pe_close(w, ']');
    if (body)
        pe_quorum(w, d);
    else
        pe_knull(w, "quorum");
    for (int l = 0; l < 2; l++) { /* who presides, in order; who never does (4.7) */
        const rm_vec *v = !body ? NULL : l ? &d->u.body.never_chairs : &d->u.body.chairs;
        pe_key(w, l ? "never_chaired_by" : "chaired_by");
        pe_open(w, '[');
        for (uint32_t k = 0; v && k < v->n; k++) {
            const rm_name *x = v->v[k];
            const rm_sym *e = sym_find(&w->s->syms, x->s, x->len);
            pe_item(w);
            pe_open(w, '{');
            pe_kname(w, "name", x);
            pe_kstr(w, "is", e && e->kind == SYM_KIND ? "kind" : "role");
            pe_close(w, '}');
        }
        pe_close(w, ']');
    }
    pe_close(w, '}');
}

/* ---------------------------------------------------------------- rules */


/* A rule's clause of one kind (each is given at most once, R0509), or
 * NULL. */
static const rm_clause *pe_clause(const rm_rule *r, clause_kind kind)
{
    for (uint32_t i = 0; i < r->clauses.n; i++) {
        const rm_clause *c = r->clauses.v[i];
        if (c->kind == kind)
            return c;
    }
    return NULL;
}

static void pe_kclause_name(pe *w, const char *key, const rm_rule *r, clause_kind kind)
{
    const rm_clause *c = pe_clause(r, kind);
    pe_kname(w, key, c ? &c->name : NULL);
}

static void pe_kclause_expr(pe *w, const char *key, const rm_rule *r, clause_kind kind)
{
    const rm_clause *c = pe_clause(r, kind);
    pe_kexpr(w, key, c ? c->e : NULL);
}

static void pe_obligations(pe *w, const rm_rule *r)
{
    static const char *const ob_word[] = {
        [C_REPORT] = "report", [C_RECORD] = "record", [C_PUBLISH] = "publish",
        [C_NOTIFY] = "notify", [C_RATIFY] = "ratify"
    };
    pe_key(w, "obligations");
    pe_open(w, '[');
    for (uint32_t i = 0; i < r->clauses.n; i++) {
        const rm_clause *c = r->clauses.v[i];
        if (c->kind != C_REPORT && c->kind != C_RECORD && c->kind != C_PUBLISH &&
            c->kind != C_NOTIFY && c->kind != C_RATIFY)
            continue;
        bool to = c->kind == C_REPORT || c->kind == C_NOTIFY || c->kind == C_RATIFY;
        pe_item(w);
        pe_open(w, '{');
        pe_kstr(w, "kind", ob_word[c->kind]);
        pe_kname(w, "to", to ? &c->name : NULL);
        pe_kname(w, "register", c->kind == C_RECORD ? &c->name : NULL);
        bool both = c->within && c->within->kind == EX_DEADLINE;
        pe_kexpr(w, "within", both ? c->within->a : c->within);
        bool meeting = both && c->within->b->kind == EX_MEETING;
        if (both && !meeting) /* 4.18: by the end of the period, whichever is earlier */
            pe_kstr(w, "by_end_of", wd_period_word((rm_period)c->within->b->v));
        else
            pe_knull(w, "by_end_of");
        pe_kbool(w, "at_next_meeting", meeting); /* 4.18: at the body's next meeting, likewise */
        pe_where(w, "file", "line", c->loc);
        pe_close(w, '}');
    }
    pe_close(w, ']');
}

static void pe_rule(pe *w, const rm_rule *r, uint32_t id, const rm_decl *protocol)
{
    rule_kind k = r->kind;
    bool to = k == R_RESERVE || k == R_DELEGATE || k == R_ESCALATE || k == R_GRANT || k == R_URGENT;
    bool bounds = k == R_DELEGATE || k == R_GRANT || k == R_URGENT;
    rm_loc at = r->label.len ? r->label.loc : r->loc;
    const rm_file *f = w->s->files.v[at.file];
    pe_item(w);
    pe_open(w, '{');
    pe_kint(w, "id", id);
    pe_kstr(w, "kind", ast_rule_word(k));
    pe_kname(w, "matter", &r->matter);
    pe_kname(w, "label", &r->label);
    pe_where(w, "file", "line", at);
    pe_key(w, "text");
    xp_json_strn(&w->o, f->text + at.start, src_line_end(f, at.start) - at.start);
    pe_kclause_name(w, "because", r, C_BECAUSE);
    pe_kclause_expr(w, "when", r, C_WHEN);
    if (to)
        pe_kname(w, "to", r->to_next_tier ? NULL : &r->to);
    if (k == R_ESCALATE)
        pe_kbool(w, "to_next_tier", r->to_next_tier);
    if (k == R_DELEGATE || k == R_URGENT)
        pe_kname(w, "from", &r->from);
    else if (k == R_ESCALATE)
        pe_kclause_name(w, "from", r, C_FROM);
    if (k == R_DELEGATE) {
        const rm_clause *as = pe_clause(r, C_AS);
        pe_key(w, "as");
        if (as)
            pe_name(w, &as->name);
        else
            pe_str(w, wd_spectrum[SP_DELEGATED]);
    }
    if (bounds) {
        const rm_clause *up = pe_clause(r, C_UPTO);
        if (up && up->e)
            pe_kint(w, "up_to", up->e->cval);
        else
            pe_knull(w, "up_to");
        pe_kbool(w, "no_limit", up && !up->e); /* `up to no limit`: none, said */
        pe_kclause_expr(w, "limit", r, C_LIMIT);
    }
    if (k == R_DELEGATE) {
        const rm_clause *may = pe_clause(r, C_MAY);
        pe_kbool(w, "may_subdelegate", may != NULL);
        pe_kname(w, "subdelegate_approved_by", may && may->by.len ? &may->by : NULL);
    }
    if (bounds) {
        const rm_clause *with = pe_clause(r, C_WITH);
        pe_key(w, "with");
        pe_signers(w, with ? with->sign : NULL);
    }
    if (bounds && k != R_URGENT) {
        const rm_clause *ap = pe_clause(r, C_APPROVAL); /* 4.12 */
        pe_key(w, "after_approval");
        if (ap) {
            pe_open(w, '{');
            pe_kname(w, "by", &ap->name);
            pe_kname(w, "per", ap->by.len ? &ap->by : NULL);
            pe_close(w, '}');
        } else {
            pe_null(w);
        }
    }
    if (k == R_REQUIRE) {
        pe_key(w, "signers");
        pe_signers(w, r->signers);
    }
    if (k == R_ESCALATE)
        pe_kclause_expr(w, "after", r, C_AFTER);
    if (k == R_REFUSE || k == R_LIMIT)
        pe_kclause_name(w, "for", r, C_FOR);
    if (k == R_LIMIT) {
        const rm_clause *total = pe_clause(r, C_TOTAL);
        const rm_expr *t = total ? total->e : NULL;
        bool cmp = t && t->kind == EX_CMP; /* R0515 holds: FIELD <= CEILING */
        pe_kname(w, "total", cmp ? &t->a->name : NULL);
        pe_key(w, "total_op");
        if (cmp)
            pe_str(w, cmp_word[t->op]);
        else
            pe_null(w);
        pe_key(w, "ceiling");
        if (cmp) {
            pe_open(w, '{');
            pe_kstr(w, "type", pe_type_word(t->b->ty.kind));
            pe_key(w, "value");
            pe_value(w, t->b);
            pe_close(w, '}');
        } else {
            pe_null(w);
        }
        pe_kclause_name(w, "per", r, C_PER);
        pe_kclause_expr(w, "over", r, C_OVER);
    }
    if (k == R_GRANT)
        pe_kname(w, "protocol", protocol ? &protocol->name : NULL);
    if (k == R_DELEGATE || k == R_AFTER || k == R_GRANT || k == R_URGENT)
        pe_obligations(w, r);
    pe_close(w, '}');
}

/* --------------------------------------------- protocols and conflicts */

static void pe_protocol(pe *w, const rm_decl *d)
{
    pe_item(w);
    pe_open(w, '{');
    pe_kname(w, "name", &d->name);
    pe_kname(w, "title", &d->title);
    pe_where(w, "file", "line", d->loc);
    pe_kexpr(w, "active_when", d->u.protocol.active);
    pe_kexpr(w, "expires_after", d->u.protocol.expires);
    pe_kname(w, "ratify_by", d->u.protocol.nratify ? &d->u.protocol.ratifier : NULL);
    pe_kexpr(w, "ratify_within", d->u.protocol.ratify_within);
    pe_where_or_null(w, "ratify_file", "ratify_line", d->u.protocol.nratify, d->u.protocol.ratify_loc);
    pe_knames(w, "never_grant", &d->u.protocol.never);
    pe_close(w, '}');
}

static void pe_conflicts(pe *w, const rm_decl *d)
{
    pe_item(w);
    pe_open(w, '{');
    pe_kname(w, "for", &d->u.conflicts.body);
    pe_where(w, "file", "line", d->loc);
    pe_key(w, "categories");
    pe_open(w, '[');
    for (uint32_t k = 0; k < d->u.conflicts.interests.n; k++) {
        const rm_interest *it = d->u.conflicts.interests.v[k];
        pe_item(w);
        pe_open(w, '{');
        pe_kname(w, "name", &it->name);
        pe_kname(w, "title", &it->title);
        pe_knames(w, "actions", &it->actions);
        pe_where(w, "file", "line", it->name.loc); /* the rule a conflicted decider's reason names */
        pe_close(w, '}');
    }
    pe_close(w, ']');
    pe_kexpr(w, "declare_within", d->u.conflicts.declare_within);
    pe_where_or_null(w, "declare_file", "declare_line", d->u.conflicts.ndeclare,
                     d->u.conflicts.declare_loc);
    pe_kname(w, "quorum_lost_refer_to", d->u.conflicts.nrefer ? &d->u.conflicts.refer_to : NULL);
    pe_close(w, '}');
}

static int pe_cmp_label(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const pe_label *)a)->rule, y = (uintptr_t)((const pe_label *)b)->rule;
    return x < y ? -1 : x > y;
}

/* The id of the rule a precedence line names. */
static int64_t pe_rule_id(const pe *w, const rm_name *label)
{
    const rm_sym *k = sym_find(&w->s->syms, label->s, label->len);
    pe_label key = {k ? k->item : NULL, 0};
    const pe_label *hit = key.rule && w->nlabels
                        ? bsearch(&key, w->labels, w->nlabels, sizeof key, pe_cmp_label) : NULL;
    return hit ? (int64_t)hit->id : -1;
}

static void pe_precedence(pe *w, const rm_decl *d)
{
    pe_item(w);
    pe_open(w, '{');
    pe_where(w, "file", "line", d->loc);
    pe_key(w, "rules");
    pe_open(w, '[');
    for (uint32_t k = 0; k < d->u.prec.labels.n; k++) {
        pe_item(w);
        pe_int(w, pe_rule_id(w, d->u.prec.labels.v[k]));
    }
    pe_close(w, ']');
    pe_close(w, '}');
}

/* ------------------------------------------------------------ document */

/* The rules a declaration writes: a rule statement's one, a protocol's
 * grants in the order written. */
static uint32_t pe_nrules(const rm_decl *d)
{
    return d->kind == D_RULE ? 1u : d->kind == D_PROTOCOL ? d->u.protocol.grants.n : 0u;
}

static const rm_rule *pe_rule_of(const rm_decl *d, uint32_t k)
{
    return d->kind == D_RULE ? d->u.rule : d->u.protocol.grants.v[k];
}

/* Number the rules as `rules` lists them (declaration order, a grant
 * where its protocol writes it), keeping the labelled ones for the
 * precedence lines.  False when memory runs out. */
static bool pe_number_labels(pe *w)
{
    const rm_vec *ds = &w->s->decls;
    uint32_t n = 0;
    for (int pass = 0; pass < 2; pass++) {
        uint32_t id = 0;
        n = 0;
        for (uint32_t i = 0; i < ds->n; i++) {
            const rm_decl *d = ds->v[i];
            for (uint32_t k = 0; k < pe_nrules(d); k++, id++) {
                const rm_rule *r = pe_rule_of(d, k);
                if (!r->label.len)
                    continue;
                if (pass)
                    w->labels[n] = (pe_label){r, id};
                n++;
            }
        }
        if (!pass && !(w->labels = rm_malloc((n + 1) * sizeof *w->labels)))
            return false;
    }
    w->nlabels = n;
    qsort(w->labels, n, sizeof *w->labels, pe_cmp_label);
    return true;
}

static void pe_document(pe *w)
{
    const rm_vec *ds = &w->s->decls;
    const rm_file *root = w->s->order.n ? w->s->order.v[w->s->order.n - 1] : NULL;
    const rm_decl *policy = NULL;
    for (uint32_t i = 0; i < ds->n; i++) {
        const rm_decl *d = ds->v[i];
        if (d->kind == D_POLICY && !policy && root && w->s->files.v[d->loc.file] == root)
            policy = d;
        if (d->kind == D_TIERS && !w->tiers)
            w->tiers = &d->u.tiers.names;
    }
    pe_open(w, '{');
    pe_kstr(w, "schema", PE_SCHEMA);
    pe_kname(w, "title", policy ? &policy->title : NULL);
    pe_kname(w, "version", policy ? &policy->u.policy.version : NULL);
    pe_knames(w, "tiers", w->tiers);
    char fy[8] = "04-01"; /* the financial year's first day (4.23), as MM-DD */
    for (uint32_t i = 0; i < w->s->decls.n; i++) {
        const rm_decl *d = w->s->decls.v[i];
        if (d->kind == D_YEAR)
            snprintf(fy, sizeof fy, "%02d-%02d", wd_month_of(d->u.year.month.s, d->u.year.month.len),
                     (int)d->u.year.day);
    }
    pe_kstr(w, "financial_year_starts", fy);

    /* each list is one pass over the declarations, in their order */
    static const char *const list[] = {"kinds", "holders", "matters", "context", "rules",
                                       "protocols", "conflicts", "precedence"};
    for (unsigned l = 0; l < sizeof list / sizeof *list; l++) {
        uint32_t id = 0;
        pe_key(w, list[l]);
        pe_open(w, '[');
        for (uint32_t i = 0; i < ds->n; i++) {
            const rm_decl *d = ds->v[i];
            switch (l) {
            case 0:
                if (d->kind != D_KIND)
                    break;
                pe_item(w);
                pe_open(w, '{');
                pe_kname(w, "name", &d->name);
                pe_kname(w, "title", &d->title);
                pe_close(w, '}');
                break;
            case 1:
                if (d->kind == D_ROLE || d->kind == D_BODY)
                    pe_holder(w, d);
                break;
            case 2:
                if (d->kind != D_MATTER)
                    break;
                pe_item(w);
                pe_open(w, '{');
                pe_kname(w, "name", &d->name);
                pe_kname(w, "title", &d->title);
                pe_key(w, "fields");
                pe_open(w, '[');
                pe_fields(w, &d->u.matter.fields);
                pe_close(w, ']');
                pe_close(w, '}');
                break;
            case 3:
                if (d->kind == D_CONTEXT)
                    pe_fields(w, &d->u.matter.fields);
                break;
            case 4:
                for (uint32_t k = 0; k < pe_nrules(d); k++)
                    pe_rule(w, pe_rule_of(d, k), id++, d->kind == D_PROTOCOL ? d : NULL);
                break;
            case 5:
                if (d->kind == D_PROTOCOL)
                    pe_protocol(w, d);
                break;
            case 6:
                if (d->kind == D_CONFLICTS)
                    pe_conflicts(w, d);
                break;
            default:
                if (d->kind == D_PRECEDENCE)
                    pe_precedence(w, d);
                break;
            }
        }
        pe_close(w, ']');
    }
    pe_close(w, '}');
    xo_putc(&w->o, '\n');
}

remit_status remit_export_json(const remit_session *s, FILE *out)
{
    if (!s || !out)
        return REMIT_E_ARGUMENT;
    if (s->nerrors || s->fatal || !s->order.n)
        return REMIT_E_POLICY;
    pe w;
    memset(&w, 0, sizeof w);
    w.s = s;
    w.o.f = out;
    if (!pe_number_labels(&w))
        return REMIT_E_NOMEM;
    pe_document(&w);
    xo_flush(&w.o);
    rm_free(w.labels);
    return ferror(out) ? REMIT_E_WRITE : REMIT_OK;
}
