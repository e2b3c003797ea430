/*
 * doc.c - the published scheme (`remit doc`, SPEC.md 11.13): a checked
 * policy written as the document a board publishes, its scheme of
 * reservation and delegation, as one self-contained page of XHTML that
 * prints well.
 *
 * For each matter a table of what is reserved to whom, delegated to whom
 * and within what limits, the conditions with their figures, the
 * co-signatures, cumulative limits and reporting duties; then the bodies
 * with their membership and quorum, the conflicts rules, the crisis
 * protocols and the precedence lines.  Every row cites the file and line
 * that says it, in the policy or in a module of the standard library it
 * uses.
 *
 * Like the export (export.c) it reads the checked syntax tree, where each
 * rule's clauses are kept as written with their places, and constants are
 * folded: a condition is said with the figure a constant stands for
 * (`amount > £5,000,000`, never `amount > board_threshold`).  Nothing read
 * depends on a clock, a pointer's value or a hash, so the same policy
 * gives the same bytes.  No script, and nothing fetched: the page is the
 * whole document.  Prefix dc_.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "explain.h"
#include "export.h"

typedef struct dc {
    xp_out o;
    const remit_session *s;
    const rm_file *root;
    const rm_vec *tiers;       /* rm_name*, lowest first; NULL when none */
    unsigned tables;           /* tables written, for their ids */
} dc;

/* ------------------------------------------------------------- writing */

static void raw(dc *w, const char *s) { xo_puts(&w->o, s); }
static void text(dc *w, const char *s) { xp_xml_str(&w->o, s); }
static void textn(dc *w, const rm_name *n) { xp_xml_strn(&w->o, n->s, n->len); }

/* Markup or figures of our own (never the policy's text), short */
static void fmt(dc *w, const char *f, ...) RM_PRINTF(2, 3);
static void fmt(dc *w, const char *f, ...)
{
    char b[256];
    va_list ap;
    va_start(ap, f);
    int k = vsnprintf(b, sizeof b, f, ap);
    va_end(ap);
    if (k > 0)
        xo_put(&w->o, b, (size_t)k < sizeof b ? (size_t)k : sizeof b - 1);
}

/* The declaration a name stands for, or NULL */
static const rm_decl *decl_of(const dc *w, const rm_name *n)
{
    const rm_sym *k = n && n->len ? sym_find(&w->s->syms, n->s, n->len) : NULL;
    return k ? k->decl : NULL;
}

/* A holder, kind, matter or protocol as a reader knows it: its title, and
 * its name in the policy after it ("Director of Finance (cfo)") */
static void who(dc *w, const rm_name *n)
{
    const rm_decl *d = decl_of(w, n);
    if (d && d->title.len) {
        textn(w, &d->title);
        raw(w, " <span class=\"id\">(");
        textn(w, n);
        raw(w, ")</span>");
    } else {
        textn(w, n);
    }
}

/* Where loc is, as explanations say it: "examples/icb-scheme.remit:37";
 * a break allowed after each '/', so that a long path wraps in its cell */
static void cite(dc *w, rm_loc loc)
{
    const rm_file *f = w->s->files.v[loc.file];
    unsigned line, col;
    dg_linecol(f, loc.start, &line, &col);
    raw(w, "<td class=\"src\">");
    for (const char *p = f->path, *q; *p; p = q) {
        q = strchr(p, '/');
        q = q ? q + 1 : p + strlen(p);
        xp_xml_strn(&w->o, p, (size_t)(q - p));
        if (*q)
            raw(w, "<wbr/>");
    }
    fmt(w, ":%u</td>", line);
}

/* ------------------------------------------------ values and conditions */

static const char *const cmp_sign[] = {
    [OP_EQ] = "=", [OP_NE] = "\xe2\x89\xa0", [OP_LT] = "&lt;", [OP_LE] = "\xe2\x89\xa4",
    [OP_GT] = "&gt;", [OP_GE] = "\xe2\x89\xa5"
};

/* A length of time: "28 days", "12 months", "the financial year" */
static void period(dc *w, const rm_expr *e)
{
    char b[64];
    if (e->kind == EX_PERIOD)
        wd_period_text((rm_period)e->v, 0, b, sizeof b);
    else
        wd_period_text(e->ty.kind == TY_MONTHS ? PER_MONTHS : PER_DAYS, e->cval, b, sizeof b);
    text(w, b);
}

/* A value the policy fixes, as explanations write a value: money as
 * pounds, a date as a date, a choice by its name */
static void value(dc *w, const rm_expr *e)
{
    const rm_type *t = &e->ty;
    char b[96];
    switch (t->kind) {
    case TY_ENUM:
        if (t->en && e->cval >= 0 && (uint64_t)e->cval < t->en->values.n)
            textn(w, t->en->values.v[e->cval]);
        return;
    case TY_TIER:
        if (w->tiers && e->cval >= 0 && (uint64_t)e->cval < w->tiers->n)
            textn(w, w->tiers->v[e->cval]);
        return;
    case TY_TEXT: {
        const rm_expr *x = pe_text_of(w->s, e);
        raw(w, "\xe2\x80\x9c");
        if (x->kind == EX_STRING)
            textn(w, &x->name);
        raw(w, "\xe2\x80\x9d");
        return;
    }
    case TY_MONTHS:
        period(w, e);
        return;
    case TY_DATE: { /* "1 April 2026", as a board writes a date */
        static const char *const month[] = {"January", "February", "March", "April", "May", "June", "July",
                                            "August", "September", "October", "November", "December"};
        int y, m, d;
        lit_format_date(e->cval, b, sizeof b);
        if (sscanf(b, "%d-%d-%d", &y, &m, &d) == 3 && m >= 1 && m <= 12)
            fmt(w, "%d %s %d", d, month[m - 1], y);
        else
            text(w, b);
        return;
    }
    default: {
        pl_field f = {.type = t->kind};
        xp_value_text(NULL, &f, e->cval, false, b, sizeof b); /* money, a date, days, a percentage... */
        text(w, b);
        return;
    }
    }
}

/* Is e said as the one value it folds to?  A yes-or-no of fixed parts
 * (`threshold > £1m`) is said as written, its parts as figures, rather
 * than as "true"; any other fixed value as the figure. */
static bool folded(const rm_expr *e)
{
    return e->is_const && !(e->ty.kind == TY_BOOL && (e->kind == EX_AND || e->kind == EX_OR || e->kind == EX_NOT ||
                                                      e->kind == EX_CMP || e->kind == EX_IN || e->kind == EX_NOTIN));
}

/* How tightly an operator binds, for brackets */
static int binding(const rm_expr *e)
{
    if (folded(e))
        return 9;
    switch ((ex_kind)e->kind) {
    case EX_OR: return 1;
    case EX_AND: return 2;
    case EX_NOT: return 3;
    case EX_CMP: case EX_IN: case EX_NOTIN: case EX_WHO: return 4;
    case EX_ADD: case EX_SUB: return 5;
    case EX_MUL: return 6;
    case EX_NEG: return 7;
    default: return 9;
    }
}

static void cond(dc *w, const rm_expr *e);

static void operand(dc *w, const rm_expr *e, int outer)
{
    bool br = binding(e) < outer;
    if (br)
        raw(w, "(");
    cond(w, e);
    if (br)
        raw(w, ")");
}

/* A condition in words with its figures: "amount > £5,000,000 and
 * category is one of revenue, contract" */
static void cond(dc *w, const rm_expr *e)
{
    if (folded(e)) {
        value(w, e);
        return;
    }
    switch ((ex_kind)e->kind) {
    case EX_NAME:
        if (e->ref == REF_DATE)
            raw(w, "the decision\xe2\x80\x99s date");
        else
            textn(w, &e->name);
        return;
    case EX_NOT: /* "not (risk ≥ 3)": bracketed but for a single name */
        raw(w, "not ");
        operand(w, e->a, 5);
        return;
    case EX_NEG:
        raw(w, "\xe2\x88\x92");
        operand(w, e->a, 8);
        return;
    case EX_AND:
    case EX_OR: /* an `and` inside an `or` bracketed, so that no reader need know which binds tighter */
        for (int k = 0; k < 2; k++) {
            const rm_expr *x = k ? e->b : e->a;
            if (k)
                raw(w, e->kind == EX_AND ? " and " : " or ");
            operand(w, x, !folded(x) && x->kind == e->kind ? 0 : e->kind == EX_OR ? 3 : 2);
        }
        return;
    case EX_CMP:
        operand(w, e->a, 5);
        fmt(w, " %s ", cmp_sign[e->op]);
        operand(w, e->b, 5);
        return;
    case EX_ADD:
    case EX_SUB:
    case EX_MUL:
        operand(w, e->a, binding(e));
        raw(w, e->kind == EX_ADD ? " + " : e->kind == EX_SUB ? " \xe2\x88\x92 " : " \xc3\x97 ");
        operand(w, e->b, binding(e) + 1);
        return;
    case EX_IN:
    case EX_NOTIN: {
        const rm_vec *v = &e->b->items;
        operand(w, e->a, 5);
        bool set = e->a->ty.kind == TY_SET;
        if (set)
            raw(w, e->kind == EX_IN ? " includes " : " includes none of ");
        else
            raw(w, e->kind == EX_IN ? " is " : " is not ");
        if (v->n > 1 && (e->kind == EX_IN || !set))
            raw(w, set ? "any of " : "one of ");
        for (uint32_t i = 0; i < v->n; i++) {
            if (i)
                raw(w, ", ");
            textn(w, v->v[i]);
        }
        return;
    }
    case EX_WHO: {
        raw(w, e->cval == WHO_DECIDER ? "the decider is " : "a co-signatory is ");
        if (e->op == WHO_MEMBER)
            raw(w, "a member of ");
        else if (e->op == WHO_KIND)
            raw(w, "of the kind ");
        who(w, &e->b->name);
        return;
    }
    case EX_TOTAL:
        raw(w, "the total of ");
        textn(w, &e->a->a->name);
        if (e->a->b) {
            raw(w, " per ");
            textn(w, &e->a->b->name);
        }
        if (e->b) {
            raw(w, " over ");
            period(w, e->b);
        }
        return;
    case EX_PERIOD:
        period(w, e);
        return;
    default:
        value(w, e);
        return;
    }
}

/* ------------------------------------------------------------- signers */

static void signers(dc *w, const rm_sign *g, bool inner)
{
    if (g->kind == SG_AND || g->kind == SG_OR) {
        bool br = inner && g->kind == SG_OR;
        if (br)
            raw(w, "(");
        signers(w, g->a, g->kind == SG_AND);
        raw(w, g->kind == SG_AND ? " and " : " or ");
        signers(w, g->b, g->kind == SG_AND);
        if (br)
            raw(w, ")");
        return;
    }
    if (g->kind == SG_COUNT)
        fmt(w, "%" PRId64 " ", g->n);
    who(w, &g->name);
}

/* ---------------------------------------------------------------- rules */

/* A rule's clause of one kind (each is given at most once, R0509), or NULL */
static const rm_clause *clause(const rm_rule *r, clause_kind kind)
{
    for (uint32_t i = 0; i < r->clauses.n; i++) {
        const rm_clause *c = r->clauses.v[i];
        if (c->kind == kind)
            return c;
    }
    return NULL;
}

/* Items of a cell, one a line */
static void item(dc *w, bool *first)
{
    if (!*first)
        raw(w, "<br/>");
    *first = false;
}

static void obligations(dc *w, const rm_rule *r)
{
    bool first = true;
    for (uint32_t i = 0; i < r->clauses.n; i++) {
        const rm_clause *c = r->clauses.v[i];
        static const char *const verb[] = {
            [C_REPORT] = "report to ", [C_RECORD] = "record in the ", [C_PUBLISH] = "publish ",
            [C_NOTIFY] = "notify ", [C_RATIFY] = "ratify by "
        };
        if (c->kind != C_REPORT && c->kind != C_RECORD && c->kind != C_PUBLISH && c->kind != C_NOTIFY &&
            c->kind != C_RATIFY)
            continue;
        item(w, &first);
        raw(w, verb[c->kind]);
        if (c->kind == C_RECORD || c->kind == C_PUBLISH)
            textn(w, &c->name);
        else
            who(w, &c->name);
        const rm_expr *d = c->within;
        if (!d)
            continue;
        const rm_expr *len = d->kind == EX_DEADLINE ? d->a : d;
        if (len) {
            raw(w, " within ");
            period(w, len);
        }
        if (d->kind == EX_DEADLINE) {
            if (d->b->kind == EX_MEETING) {
                raw(w, len ? " or at its next meeting" : " at its next meeting");
            } else {
                raw(w, len ? " or by the end of " : " by the end of ");
                period(w, d->b);
            }
            if (len)
                raw(w, ", whichever is earlier");
        }
    }
    const rm_decl *p = r->kind == R_GRANT ? r->protocol : NULL;
    if (p && p->u.protocol.nratify) { /* what is done under a protocol is ratified as it says (7.9) */
        item(w, &first);
        raw(w, "ratify by ");
        who(w, &p->u.protocol.ratifier);
        if (p->u.protocol.ratify_within) {
            raw(w, " within ");
            period(w, p->u.protocol.ratify_within);
        }
        raw(w, " (the protocol\xe2\x80\x99s)");
    }
    if (first)
        raw(w, "\xe2\x80\x94");
}

/* The order in which a matter's table gives its provisions, and what
 * each is called there: what is kept from anyone first, then who may
 * decide, then what else a decision needs */
static const struct {
    rule_kind kind;
    const char *word;
} dc_order[] = {
    {R_RESERVE, "Reserved"}, {R_REFUSE, "Refused"}, {R_DELEGATE, "Delegated"}, {R_URGENT, "Urgent power"},
    {R_REQUIRE, "Joint approval"}, {R_LIMIT, "Cumulative limit"}, {R_ESCALATE, "Escalation"},
    {R_AFTER, "After a decision"}, {R_GRANT, "Crisis power"}
};

static void provision(dc *w, const rm_rule *r, const char *word)
{
    raw(w, "<td class=\"kind\">");
    text(w, word);
    if (r->kind == R_DELEGATE) {
        const rm_clause *as = clause(r, C_AS);
        if (as && rm_name_is(&as->name, "advise"))
            raw(w, ": advice only (a seat at the table)");
        else if (as && rm_name_is(&as->name, "joint"))
            raw(w, ": a joint decision with the delegator");
        else if (as && rm_name_is(&as->name, "transfer"))
            raw(w, ": transferred, with accountability");
    }
    if (r->kind == R_GRANT && r->protocol) {
        raw(w, ": ");
        who(w, &r->protocol->name);
    }
    if (r->label.len) {
        raw(w, " <span class=\"id\">[");
        textn(w, &r->label);
        raw(w, "]</span>");
    }
    raw(w, "</td>");
}

static void decided_by(dc *w, const rm_rule *r)
{
    raw(w, "<td>");
    const rm_clause *c;
    switch (r->kind) {
    case R_RESERVE:
        who(w, &r->to);
        break;
    case R_DELEGATE:
        who(w, &r->to);
        raw(w, "<br/><span class=\"by\">from ");
        who(w, &r->from);
        raw(w, "</span>");
        break;
    case R_URGENT:
        who(w, &r->to);
        raw(w, "<br/><span class=\"by\">acting for ");
        who(w, &r->from);
        raw(w, "</span>");
        break;
    case R_GRANT:
        who(w, &r->to);
        break;
    case R_ESCALATE:
        raw(w, "up to ");
        if (r->to_next_tier)
            raw(w, "the next tier");
        else
            who(w, &r->to);
        raw(w, "<br/><span class=\"by\">from ");
        if ((c = clause(r, C_FROM)))
            who(w, &c->name);
        else
            raw(w, "any decider");
        raw(w, "</span>");
        break;
    case R_REFUSE:
    case R_LIMIT:
        if ((c = clause(r, C_FOR)))
            who(w, &c->name);
        else
            raw(w, "anyone");
        break;
    default:
        raw(w, "whoever decides");
        break;
    }
    raw(w, "</td>");
}

static void limits(dc *w, const rm_rule *r)
{
    raw(w, "<td class=\"limit\">");
    bool first = true;
    const rm_clause *c = clause(r, C_UPTO);
    if (c) {
        item(w, &first);
        if (c->e) {
            raw(w, "up to ");
            value(w, c->e);
        } else {
            raw(w, "no limit");
        }
    }
    if ((c = clause(r, C_LIMIT)) && c->e) {
        item(w, &first);
        raw(w, "where ");
        cond(w, c->e);
    }
    if (r->kind == R_LIMIT && (c = clause(r, C_TOTAL)) && c->e && c->e->kind == EX_CMP) {
        const rm_expr *t = c->e;
        item(w, &first);
        raw(w, "the total of ");
        textn(w, &t->a->name);
        const rm_clause *per = clause(r, C_PER), *over = clause(r, C_OVER);
        if (per) {
            raw(w, " per ");
            textn(w, &per->name);
        }
        if (over && over->e) {
            raw(w, " over ");
            period(w, over->e);
        }
        fmt(w, " %s ", cmp_sign[t->op]);
        value(w, t->b);
    }
    if (first)
        raw(w, "\xe2\x80\x94");
    raw(w, "</td>");
}

static void conditions(dc *w, const rm_rule *r)
{
    raw(w, "<td>");
    bool first = true;
    const rm_clause *c;
    if ((c = clause(r, C_WHEN)) && c->e) {
        item(w, &first);
        raw(w, "when ");
        cond(w, c->e);
    }
    if (r->kind == R_ESCALATE && (c = clause(r, C_AFTER)) && c->e) {
        item(w, &first);
        raw(w, "when it has been open more than ");
        period(w, c->e);
    }
    if ((c = clause(r, C_APPROVAL))) {
        item(w, &first);
        raw(w, "after approval by ");
        who(w, &c->name);
        if (c->by.len) {
            raw(w, " for each ");
            textn(w, &c->by);
        }
    }
    if ((c = clause(r, C_MAY))) {
        item(w, &first);
        raw(w, "may delegate it further");
        if (c->by.len) {
            raw(w, " if approved by ");
            who(w, &c->by);
        }
    }
    if ((c = clause(r, C_BECAUSE))) {
        item(w, &first);
        raw(w, "<span class=\"because\">");
        textn(w, &c->name);
        raw(w, "</span>");
    }
    if (first)
        raw(w, "\xe2\x80\x94");
    raw(w, "</td>");
}

static void rule_row(dc *w, const rm_rule *r, const char *word)
{
    const rm_clause *c;
    fmt(w, "<tr class=\"%s\">", ast_rule_word(r->kind));
    provision(w, r, word);
    decided_by(w, r);
    limits(w, r);
    conditions(w, r);
    raw(w, "<td>");
    if (r->kind == R_REQUIRE && r->signers)
        signers(w, r->signers, false);
    else if ((c = clause(r, C_WITH)) && c->sign) {
        raw(w, "with ");
        signers(w, c->sign, false);
    } else
        raw(w, "\xe2\x80\x94");
    raw(w, "</td><td>");
    obligations(w, r);
    raw(w, "</td>");
    cite(w, r->label.len ? r->label.loc : r->loc);
    raw(w, "</tr>\n");
}

/* ------------------------------------------------------------ sections */

/* The table's head; its id says what it is of */
static void table_head(dc *w, const char *cls, const char *kind, const rm_name *of, const char *const *cols)
{
    fmt(w, "<table class=\"%s\" id=\"table-%s-", cls, kind);
    if (of)
        textn(w, of);
    else
        fmt(w, "%u", w->tables);
    w->tables++;
    raw(w, "\">\n<thead><tr>");
    for (; *cols; cols++)
        fmt(w, "<th>%s</th>", *cols);
    raw(w, "</tr></thead>\n<tbody>\n");
}

static void table_end(dc *w) { raw(w, "</tbody></table>\n"); }

/* Each declaration, the root file's first (the scheme's own), then those
 * of the modules it uses, each in the order written */
typedef void (*dc_visit)(dc *w, const rm_decl *d, uint32_t *n);
static uint32_t each_decl(dc *w, decl_kind kind, dc_visit fn)
{
    uint32_t n = 0;
    for (int pass = 0; pass < 2; pass++)
        for (uint32_t i = 0; i < w->s->decls.n; i++) {
            const rm_decl *d = w->s->decls.v[i];
            if (d->kind == kind && (w->s->files.v[d->loc.file] == w->root) == !pass)
                fn(w, d, &n);
        }
    return n;
}

static void field_type(dc *w, const rm_field *f)
{
    switch (f->ty.kind) {
    case TY_SCORE:
        fmt(w, "a score from %" PRId64 " to %" PRId64, f->ty.lo, f->ty.hi);
        return;
    case TY_ENUM:
    case TY_SET:
        raw(w, f->ty.kind == TY_ENUM ? "one of " : "any of ");
        for (uint32_t i = 0; f->ty.en && i < f->ty.en->values.n; i++) {
            if (i)
                raw(w, ", ");
            textn(w, f->ty.en->values.v[i]);
        }
        return;
    case TY_BOOL:
        raw(w, "yes or no");
        return;
    default:
        text(w, wd_type_phrase(f->ty.kind));
        return;
    }
}

static void matter(dc *w, const rm_decl *d, uint32_t *n)
{
    static const char *const cols[] = {"Provision", "Who", "Limit", "Conditions", "Co-signatures",
                                       "Reporting and records", "Source", NULL};
    ++*n;
    raw(w, "<section class=\"matter\" id=\"matter-");
    textn(w, &d->name);
    fmt(w, "\">\n<h3>1.%u ", *n);
    who(w, &d->name);
    raw(w, "</h3>\n<p class=\"fields\">A decision of this kind gives ");
    const rm_vec *fs = &d->u.matter.fields;
    if (!fs->n)
        raw(w, "no fields");
    for (uint32_t i = 0; i < fs->n; i++) {
        const rm_field *f = fs->v[i];
        raw(w, i ? (i + 1 == fs->n ? " and " : ", ") : "");
        raw(w, "<em>");
        textn(w, &f->name);
        raw(w, "</em> (");
        field_type(w, f);
        raw(w, ")");
    }
    raw(w, ".</p>\n");
    uint32_t rows = 0;
    for (size_t k = 0; k < sizeof dc_order / sizeof *dc_order; k++)
        for (uint32_t i = 0; i < w->s->decls.n; i++) {
            const rm_decl *x = w->s->decls.v[i];
            uint32_t nr = x->kind == D_RULE ? 1u : x->kind == D_PROTOCOL ? x->u.protocol.grants.n : 0u;
            for (uint32_t j = 0; j < nr; j++) {
                const rm_rule *r = x->kind == D_RULE ? x->u.rule : x->u.protocol.grants.v[j];
                if (r->kind != dc_order[k].kind || !rm_name_eq(&r->matter, &d->name))
                    continue;
                if (!rows++)
                    table_head(w, "scheme", "matter", &d->name, cols);
                rule_row(w, r, dc_order[k].word);
            }
        }
    if (rows)
        table_end(w);
    else
        raw(w, "<p class=\"none\">No rule of the policy speaks to this matter.</p>\n");
    raw(w, "</section>\n");
}

/* A row of two cells and its source: what, and the detail */
static void row_open(dc *w, const char *what)
{
    raw(w, "<tr><th scope=\"row\">");
    text(w, what);
    raw(w, "</th><td>");
}

static void row_close(dc *w, rm_loc at)
{
    raw(w, "</td>");
    cite(w, at);
    raw(w, "</tr>\n");
}

static void quorum_term(dc *w, const rm_qterm *q)
{
    switch (q->kind) {
    case Q_WORD:
        raw(w, rm_name_is(&q->name, "all") ? "all the members" : "a majority of the members");
        return;
    case Q_COUNT:
        fmt(w, "at least %" PRId64 " members", q->n);
        return;
    case Q_PERCENT: {
        pl_field f = {.type = TY_PERCENT};
        char b[32];
        xp_value_text(NULL, &f, q->n, false, b, sizeof b);
        raw(w, "at least ");
        text(w, b);
        raw(w, " of the members");
        return;
    }
    case Q_FRACTION:
        fmt(w, "at least %" PRId64 "/%" PRId64 " of the members", q->n, q->den);
        return;
    case Q_ROLE:
        fmt(w, "at least %" PRId64 " ", q->n);
        who(w, &q->name);
        return;
    }
}

static void body(dc *w, const rm_decl *d, uint32_t *n)
{
    static const char *const cols[] = {"", "What the policy says", "Source", NULL};
    ++*n;
    raw(w, "<section class=\"body\" id=\"body-");
    textn(w, &d->name);
    fmt(w, "\">\n<h3>2.%u ", *n);
    who(w, &d->name);
    raw(w, "</h3>\n");
    table_head(w, "body", "body", &d->name, cols);
    row_open(w, "Body");
    raw(w, "a ");
    textn(w, d->u.body.type.len ? &d->u.body.type : &(rm_name){"body", 4, {0, 0, 0}});
    if (d->u.body.tier.len) {
        raw(w, " at the ");
        textn(w, &d->u.body.tier);
        raw(w, " tier");
    }
    for (uint32_t i = 0; i < d->u.body.parents.n; i++) {
        raw(w, i ? ", and to " : ", reporting to ");
        who(w, d->u.body.parents.v[i]);
    }
    row_close(w, d->name.loc);
    for (uint32_t i = 0; i < d->u.body.members.n; i++) {
        const rm_member *m = d->u.body.members.v[i];
        row_open(w, i ? "" : "Members");
        if (m->hi == m->lo)
            fmt(w, "%" PRId64 " ", m->lo);
        else if (m->hi < 0)
            fmt(w, "%" PRId64 " or more ", m->lo);
        else
            fmt(w, "%" PRId64 " to %" PRId64 " ", m->lo, m->hi);
        who(w, &m->role);
        row_close(w, m->loc);
    }
    if (d->u.body.quorum.n) {
        row_open(w, "Quorum");
        for (uint32_t i = 0; i < d->u.body.quorum.n; i++) {
            const rm_qterm *q = d->u.body.quorum.v[i];
            const rm_qterm *next = i + 1 < d->u.body.quorum.n ? d->u.body.quorum.v[i + 1] : NULL;
            if (i)
                raw(w, q->alt ? " or " : ", and ");
            if (!q->alt && next && next->alt)
                raw(w, "(");
            quorum_term(w, q);
            if (q->alt && !(next && next->alt))
                raw(w, ")");
        }
        row_close(w, d->u.body.quorum_loc);
    }
    for (int l = 0; l < 2; l++) {
        const rm_vec *v = l ? &d->u.body.never_chairs : &d->u.body.chairs;
        if (!v->n)
            continue;
        row_open(w, l ? "Never chaired by" : "Chaired by");
        for (uint32_t i = 0; i < v->n; i++) {
            raw(w, i ? (l ? ", " : ", or else ") : "");
            who(w, v->v[i]);
        }
        row_close(w, l ? d->u.body.never_loc : d->u.body.chairs_loc);
    }
    table_end(w);
    raw(w, "</section>\n");
}

static void roles(dc *w, const rm_decl *d, uint32_t *n)
{
    static const char *const cols[] = {"Post", "Kinds", "Tier", "Source", NULL};
    if (!(*n)++)
        table_head(w, "roles", "roles", NULL, cols);
    raw(w, "<tr><td>");
    who(w, &d->name);
    raw(w, "</td><td>");
    for (uint32_t i = 0; i < d->u.role.kinds.n; i++) {
        if (i)
            raw(w, ", ");
        who(w, d->u.role.kinds.v[i]);
    }
    raw(w, "</td><td>");
    textn(w, &d->u.role.tier);
    raw(w, "</td>");
    cite(w, d->name.loc);
    raw(w, "</tr>\n");
}

static void conflicts(dc *w, const rm_decl *d, uint32_t *n)
{
    static const char *const cols[] = {"", "What the policy says", "Source", NULL};
    ++*n;
    fmt(w, "<section class=\"conflicts\">\n<h3>3.%u ", *n);
    if (d->u.conflicts.body.len) {
        raw(w, "At ");
        who(w, &d->u.conflicts.body);
    } else {
        raw(w, "For every other decision");
    }
    raw(w, "</h3>\n");
    table_head(w, "conflicts", "conflicts", NULL, cols);
    for (uint32_t k = 0; k < d->u.conflicts.interests.n; k++) {
        const rm_interest *it = d->u.conflicts.interests.v[k];
        raw(w, "<tr><th scope=\"row\">");
        if (it->title.len)
            textn(w, &it->title);
        else
            textn(w, &it->name);
        raw(w, " <span class=\"id\">(");
        textn(w, &it->name);
        raw(w, ")</span></th><td>the member must ");
        for (uint32_t i = 0; i < it->actions.n; i++) {
            const rm_name *a = it->actions.v[i];
            raw(w, i ? (i + 1 == it->actions.n ? " and " : ", ") : "");
            if (rm_name_is(a, "chair decides"))
                raw(w, "abide by the chair\xe2\x80\x99s decision");
            else if (rm_name_is(a, "exclude from discussion"))
                raw(w, "leave the discussion");
            else if (rm_name_is(a, "exclude from vote"))
                raw(w, "not vote");
            else if (rm_name_is(a, "withdraw"))
                raw(w, "withdraw from the meeting");
            else
                textn(w, a);
        }
        row_close(w, it->name.loc);
    }
    if (d->u.conflicts.ndeclare && d->u.conflicts.declare_within) {
        row_open(w, "Declaring an interest");
        raw(w, "within ");
        period(w, d->u.conflicts.declare_within);
        raw(w, " of acquiring it");
        row_close(w, d->u.conflicts.declare_loc);
    }
    if (d->u.conflicts.nrefer) {
        row_open(w, "When those set aside leave no quorum");
        raw(w, "the decision goes to ");
        who(w, &d->u.conflicts.refer_to);
        row_close(w, d->u.conflicts.refer_loc);
    }
    table_end(w);
    raw(w, "</section>\n");
}

static void protocol(dc *w, const rm_decl *d, uint32_t *n)
{
    static const char *const cols[] = {"", "What the policy says", "Source", NULL};
    ++*n;
    raw(w, "<section class=\"protocol\" id=\"protocol-");
    textn(w, &d->name);
    fmt(w, "\">\n<h3>4.%u ", *n);
    who(w, &d->name);
    raw(w, "</h3>\n");
    table_head(w, "protocol", "protocol", &d->name, cols);
    if (d->u.protocol.nactive && d->u.protocol.active) {
        row_open(w, "In force");
        raw(w, "when ");
        cond(w, d->u.protocol.active);
        row_close(w, d->u.protocol.active_loc);
    }
    for (uint32_t i = 0; i < d->u.protocol.grants.n; i++) {
        const rm_rule *r = d->u.protocol.grants.v[i];
        const rm_clause *c;
        row_open(w, i ? "" : "Grants");
        who(w, &r->matter);
        raw(w, " to ");
        who(w, &r->to);
        if ((c = clause(r, C_WITH)) && c->sign) {
            raw(w, " with ");
            signers(w, c->sign, false);
        }
        if ((c = clause(r, C_UPTO)) && c->e) {
            raw(w, ", up to ");
            value(w, c->e);
        }
        if ((c = clause(r, C_LIMIT)) && c->e) {
            raw(w, ", where ");
            cond(w, c->e);
        }
        if ((c = clause(r, C_WHEN)) && c->e) {
            raw(w, ", when ");
            cond(w, c->e);
        }
        row_close(w, r->label.len ? r->label.loc : r->loc);
    }
    for (uint32_t i = 0; i < d->u.protocol.never.n; i++) {
        const rm_name *m = d->u.protocol.never.v[i];
        row_open(w, i ? "" : "Never grants");
        who(w, m);
        row_close(w, m->loc);
    }
    if (d->u.protocol.nratify) {
        row_open(w, "Ratified by");
        who(w, &d->u.protocol.ratifier);
        if (d->u.protocol.ratify_within) {
            raw(w, " within ");
            period(w, d->u.protocol.ratify_within);
        }
        row_close(w, d->u.protocol.ratify_loc);
    }
    if (d->u.protocol.nexpires && d->u.protocol.expires) {
        row_open(w, "Expires");
        period(w, d->u.protocol.expires);
        raw(w, " after activation");
        row_close(w, d->u.protocol.expires_loc);
    }
    table_end(w);
    raw(w, "</section>\n");
}

static void precedence(dc *w, const rm_decl *d, uint32_t *n)
{
    static const char *const cols[] = {"Rule", "Takes precedence over", "Source", NULL};
    if (!(*n)++)
        table_head(w, "precedence", "precedence", NULL, cols);
    const rm_vec *v = &d->u.prec.labels;
    raw(w, "<tr><td>");
    textn(w, v->v[0]);
    raw(w, "</td><td>");
    for (uint32_t i = 1; i < v->n; i++) {
        raw(w, i > 1 ? ", which in turn takes precedence over " : "");
        textn(w, v->v[i]);
    }
    raw(w, "</td>");
    cite(w, d->loc);
    raw(w, "</tr>\n");
}

/* ------------------------------------------------------------ document */

static const char dc_css[] =
    "body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,sans-serif;"
    "margin:2em auto;max-width:64em;padding:0 1em;color:#1a1a1a;line-height:1.35}\n"
    "h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.3em;margin-top:2em;border-top:2px solid #1d4f91;"
    "padding-top:.6em;color:#1d4f91}h3{font-size:1.05em;margin:1.6em 0 .4em}\n"
    ".meta{color:#555;margin-top:0}.none{color:#555;font-style:italic}.fields{margin:.2em 0 .6em;font-size:.9em}\n"
    ".id{color:#666;font-size:.85em}.by{color:#444;font-size:.9em}"
    ".because{font-style:italic;color:#444}\n"
    "nav ol{columns:2;font-size:.95em}\n"
    "table{border-collapse:collapse;width:100%;margin:.4em 0 1em;font-size:.85em;table-layout:fixed}"
    "th,td{border:1px solid #c8c8c8;padding:.3em .45em;text-align:left;vertical-align:top;"
    "overflow-wrap:break-word}thead th{background:#e8eef7}tbody th{font-weight:600;background:#f6f6f6}\n"
    "td.src{font-family:ui-monospace,\"DejaVu Sans Mono\",Menlo,monospace;font-size:.8em;color:#444}\n"
    "table.scheme th:nth-child(1){width:12%}table.scheme th:nth-child(2){width:16%}"
    "table.scheme th:nth-child(3){width:15%}table.scheme th:nth-child(4){width:21%}"
    "table.scheme th:nth-child(5){width:11%}table.scheme th:nth-child(6){width:14%}"
    "table.scheme th:nth-child(7){width:11%}\n"
    "table.scheme tr.reserve td.kind,table.scheme tr.refuse td.kind{color:#9b1c1c;font-weight:600}"
    "table.scheme tr.delegate td.kind{color:#1d4f91;font-weight:600}"
    "table.scheme tr.grant td.kind,table.scheme tr.urgent td.kind{color:#8a4b00;font-weight:600}\n"
    "table.body th:nth-child(1),table.conflicts th:nth-child(1),table.protocol th:nth-child(1){width:24%}"
    "table.body th:nth-child(3),table.conflicts th:nth-child(3),table.protocol th:nth-child(3),"
    "table.roles th:nth-child(4),table.precedence th:nth-child(3){width:20%}\n"
    "footer{margin-top:2em;border-top:1px solid #ccc;padding-top:.6em;color:#555;font-size:.9em}\n"
    "@page{size:A4 landscape;margin:12mm}\n"
    "@media print{body{margin:0;max-width:none;padding:0;font-size:10pt}nav{display:none}"
    "h2{break-before:page}h2.first{break-before:auto}h3{break-after:avoid}tr{break-inside:avoid}"
    "thead{display:table-header-group}a{color:inherit;text-decoration:none}}\n";

static void section(dc *w, const char *id, const char *title, const char *intro, bool first)
{
    fmt(w, "<section id=\"%s\">\n<h2%s>", id, first ? " class=\"first\"" : "");
    text(w, title);
    raw(w, "</h2>\n<p>");
    text(w, intro);
    raw(w, "</p>\n");
}

static void document(dc *w, const rm_decl *policy)
{
    const rm_name *title = policy && policy->title.len ? &policy->title : NULL;
    raw(w, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n"
           "<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
           "<meta name=\"generator\" content=\"remit doc\"/>\n<title>");
    if (title)
        textn(w, title);
    else
        text(w, w->root->path);
    raw(w, "</title>\n<style>\n");
    raw(w, dc_css);
    raw(w, "</style>\n</head>\n<body>\n<header>\n<h1>");
    if (title)
        textn(w, title);
    else
        text(w, w->root->path);
    raw(w, "</h1>\n<p class=\"meta\">");
    if (policy && policy->u.policy.version.len) {
        raw(w, "Version ");
        textn(w, &policy->u.policy.version);
        raw(w, ". ");
    }
    raw(w, "The scheme of reservation and delegation, written from the policy <code>");
    text(w, w->root->path);
    raw(w, "</code> and the modules it uses, as checked by Remit. Every row cites the file and line of the policy "
           "that says it; conditions and limits are given with their figures.</p>\n"
           "<nav><ol><li><a href=\"#matters\">Reservation and delegation, matter by matter</a></li>"
           "<li><a href=\"#bodies\">Bodies, their membership and quorum</a></li>"
           "<li><a href=\"#conflicts\">Conflicts of interest</a></li>"
           "<li><a href=\"#protocols\">Crisis protocols</a></li>"
           "<li><a href=\"#posts\">Posts</a></li><li><a href=\"#precedence\">Precedence between rules</a></li>"
           "</ol></nav>\n</header>\n");

    section(w, "matters", "1. Reservation and delegation",
            "For each kind of decision: what is reserved to whom, what is delegated to whom and within what "
            "limits, what else a decision needs (co-signatures, cumulative limits, escalation), and what must "
            "follow it. A reserved decision is never delegated; crisis powers never reach what is reserved.",
            true);
    if (!each_decl(w, D_MATTER, matter))
        raw(w, "<p class=\"none\">The policy declares no matter.</p>\n");
    raw(w, "</section>\n");

    section(w, "bodies", "2. Bodies, their membership and quorum",
            "Each board and committee, with the members it must have and what makes a meeting quorate.",
            false);
    if (w->tiers) {
        raw(w, "<p>Tiers, from the lowest: ");
        for (uint32_t i = 0; i < w->tiers->n; i++) {
            raw(w, i ? " \xe2\x80\xba " : "");
            textn(w, w->tiers->v[i]);
        }
        raw(w, ".</p>\n");
    }
    if (!each_decl(w, D_BODY, body))
        raw(w, "<p class=\"none\">The policy declares no body.</p>\n");
    raw(w, "</section>\n");

    section(w, "conflicts", "3. Conflicts of interest",
            "What each category of interest requires of a member who holds it, how soon it is declared, and "
            "where a decision goes when those set aside leave the meeting without a quorum.", false);
    if (!each_decl(w, D_CONFLICTS, conflicts))
        raw(w, "<p class=\"none\">The policy has no conflicts rules.</p>\n");
    raw(w, "</section>\n");

    section(w, "protocols", "4. Crisis protocols",
            "When each protocol is in force, the powers it grants and never grants, who ratifies what is done "
            "under it, and when its powers end.", false);
    if (!each_decl(w, D_PROTOCOL, protocol))
        raw(w, "<p class=\"none\">The policy has no crisis protocol.</p>\n");
    raw(w, "</section>\n");

    section(w, "posts", "5. Posts", "The posts the scheme names, with the kinds of member each is.", false);
    if (each_decl(w, D_ROLE, roles))
        table_end(w);
    else
        raw(w, "<p class=\"none\">The policy declares no post.</p>\n");
    raw(w, "</section>\n");

    section(w, "precedence", "6. Precedence between rules",
            "Where two rules would both apply, the one named first here is followed.", false);
    if (each_decl(w, D_PRECEDENCE, precedence))
        table_end(w);
    else
        raw(w, "<p class=\"none\">No precedence is stated: no two rules of the policy disagree.</p>\n");
    raw(w, "</section>\n");

    raw(w, "<footer><p>Written by remit doc (SPEC 11.13) from <code>");
    text(w, w->root->path);
    raw(w, "</code>. Where this document and the policy differ, the policy governs.</p></footer>\n"
           "</body>\n</html>\n");
}

remit_status remit_doc_html(const remit_session *s, FILE *out)
{
    if (!s || !out)
        return REMIT_E_ARGUMENT;
    if (s->nerrors || s->fatal || !s->order.n)
        return REMIT_E_POLICY;
    dc w;
    memset(&w, 0, sizeof w);
    w.s = s;
    w.o.f = out;
    w.root = s->order.v[s->order.n - 1];
    const rm_decl *policy = NULL;
    for (uint32_t i = 0; i < s->decls.n; i++) {
        const rm_decl *d = s->decls.v[i];
        if (d->kind == D_POLICY && !policy && s->files.v[d->loc.file] == w.root)
            policy = d;
        if (d->kind == D_TIERS && !w.tiers)
            w.tiers = &d->u.tiers.names;
    }
    document(&w, policy);
    xo_flush(&w.o);
    return ferror(out) ? REMIT_E_WRITE : REMIT_OK;
}
