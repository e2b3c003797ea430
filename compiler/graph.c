/*
 * graph.c - the delegation and escalation structure of a compiled policy
 * as a Graphviz DOT graph (`remit graph`, SPEC.md 11.8): one panel for
 * each matter (or one matter alone), its tiers as bands from the top tier
 * down, bodies and roles as nodes with their reservations, limits, quorum
 * and conflicts written on them, delegations, escalations, crisis grants
 * and reporting lines as edges, what binds every decision in a note, and
 * a key to the kinds of line drawn.
 *
 * Labels are Graphviz's HTML-like labels, wrapped at a fixed width so
 * that a long condition is several short lines, never one wide one.
 * Everything is written in the policy's own order, so the same policy
 * gives the same bytes; nothing here reads a clock, a pointer or a hash.
 * The library never prints: the caller gives the stream.  Prefix gr_.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "remit.h"

/* Colours, one per kind of line, as SPEC.md 11.8 describes them. */
#define GR_REPORTS  "darkgreen"
#define GR_JOINT    "blue3"
#define GR_ADVISE   "gray45"
#define GR_ESCALATE "darkorange3"
#define GR_CRISIS   "red3"
#define GR_URGENT   "purple3"

/* How many characters a line of a label holds before it is wrapped. */
#define GR_TITLE_WIDTH 28u
#define GR_NOTE_WIDTH  38u
#define GR_EDGE_WIDTH  30u
#define GR_EVERY_WIDTH 48u

/* The kinds of line and node the key explains, as bits of gr.used, in
 * the key's order. */
enum {
    GK_DELEGATE, GK_TRANSFER, GK_JOINT, GK_ADVISE, GK_URGENT, GK_GRANT, GK_ESCALATE,
    GK_DUTY, GK_REPORTS, GK_RESERVED, GK_NOTE, GK_COUNT
};

typedef struct gr {
    const remit_policy *p;
    FILE *out;
    uint32_t matter;        /* the matter being drawn */
    bool panels;            /* every matter, each in a panel of its own */
    bool *drawn;            /* per holder */
    uint32_t *notes;        /* per holder: first reservation, limit or refusal
                               written on it, PL_NONE; then per rule: the next */
    bool *protocols;        /* per protocol: drawn */
    uint32_t *list, nlist;  /* the holders drawn, in the policy's order */
    bool *duty;             /* per holder: a drawn delegation to it carries a
                               reporting duty (gr_duty_between looks further) */
    bool any;               /* an "any decider" node is needed */
    bool next_tier;         /* a "next tier" node is needed */
    unsigned used;          /* 1u << GK_*: what the key explains */
    const char *br;         /* a line break: "<br/>", or one that aligns left */
    const char *cont;       /* what a wrapped line goes on with: "", or an indent */
    const char *indent;     /* before each statement of the panel being drawn */
} gr;

/* ------------------------------------------------------------- writing */

/* s as text of an HTML-like label, at most `width` characters a line
 * (0: no limit), wrapped at blanks: <, >, &, " escaped, a line end (in a
 * title) a line break, other control characters blanks.  UTF-8 passes
 * through, each character counted once.  Returns the characters on the
 * last line. */
static unsigned gr_text_br(FILE *out, const char *s, unsigned width, unsigned col, const char *br,
                           const char *cont)
{
    const char *run = s; /* plain text not written yet, written in one piece */
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        bool plain = c >= 0x20 && c != 0x7f && c != '<' && c != '>' && c != '&' && c != '"' &&
                     (c != ' ' || !width);
        if (plain) {
            col += (c & 0xC0) != 0x80;
            continue;
        }
        if (s > run)
            fwrite(run, 1, (size_t)(s - run), out);
        run = s + 1;
        if (c == ' ') { /* does the next word fit on this line? */
            unsigned n = 0;
            for (const char *q = s + 1; *q && *q != ' ' && *q != '\n'; q++)
                n += ((unsigned char)*q & 0xC0) != 0x80;
            if (col && col + 1 + n > width) {
                fputs(br, out);
                fputs(cont, out); /* a line wrapped: its rest indented */
                col = (unsigned)strlen(cont);
            } else {
                fputc(' ', out);
                col++;
            }
            continue;
        }
        if (c == '\n') {
            fputs(br, out);
            col = 0;
            continue;
        }
        fputs(c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '&' ? "&amp;" : c == '"' ? "&quot;" : " ", out);
        col++;
    }
    if (s && s > run)
        fwrite(run, 1, (size_t)(s - run), out);
    return col;
}

static unsigned gr_text(FILE *out, const char *s, unsigned width, unsigned col)
{
    return gr_text_br(out, s, width, col, "<br/>", "");
}

/* s inside a DOT quoted string (a node's name): quotes and backslashes
 * escaped, control characters as blanks. */
static void gr_esc(FILE *out, const char *s)
{
    const char *run = s;
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c != 0x7f && c != '"' && c != '\\')
            continue;
        if (s > run)
            fwrite(run, 1, (size_t)(s - run), out);
        run = s + 1;
        if (c == '"' || c == '\\') {
            fputc('\\', out);
            fputc(c, out);
        } else {
            fputc(' ', out);
        }
    }
    if (s && s > run)
        fwrite(run, 1, (size_t)(s - run), out);
}

/* A piece of a label, formatted, then written by gr_text. */
static unsigned gr_vput(gr *g, unsigned width, unsigned col, const char *fmt, va_list ap)
{
    char small[512], *buf = small;
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n >= 0 && (size_t)n >= sizeof small && (buf = rm_malloc((size_t)n + 1)) != NULL)
        vsnprintf(buf, (size_t)n + 1, fmt, again);
    va_end(again);
    if (n >= 0)
        col = gr_text_br(g->out, buf ? buf : small, width, col, g->br, g->cont);
    if (buf != small)
        rm_free(buf);
    return col;
}

/* A line of a label: a line break unless it is the first (*first), then
 * the formatted text, wrapped at width. */
static void gr_line(gr *g, bool *first, unsigned width, const char *fmt, ...) RM_PRINTF(4, 5);
static void gr_line(gr *g, bool *first, unsigned width, const char *fmt, ...)
{
    va_list ap;
    if (!*first)
        fputs(g->br, g->out);
    *first = false;
    va_start(ap, fmt);
    gr_vput(g, width, 0, fmt, ap);
    va_end(ap);
}

/* A node's name: "h:cfo", or in a panel "spend/h:cfo". */
static void gr_ref(gr *g, const char *prefix, const char *name)
{
    fputc('"', g->out);
    if (g->panels) {
        gr_esc(g->out, g->p->matters[g->matter].name);
        fputc('/', g->out);
    }
    fputs(prefix, g->out);
    gr_esc(g->out, name);
    fputc('"', g->out);
}

static void gr_holder_ref(gr *g, uint32_t h) { gr_ref(g, "h:", g->p->holders[h].name); }

/* The title of a holder, or its name when it has none. */
static const char *gr_title(const pl_holder *x) { return x->title && *x->title ? x->title : x->name; }

/* ------------------------------------------------------------ what is drawn */

static bool gr_rule_drawn(const gr *g, const pl_rule *r)
{
    if (r->matter != g->matter)
        return false;
    switch (r->kind) {
    case R_DELEGATE:
    case R_GRANT:
    case R_URGENT:
    case R_ESCALATE:
    case R_RESERVE:
        return true;
    case R_LIMIT:
    case R_REFUSE:
        return r->for_holder != PL_NONE; /* written on the holder it bounds */
    default:
        return false;
    }
}

/* A rule of the note "every decision": require, after, and a refusal or
 * cumulative limit for no one holder. */
static bool gr_rule_noted(const gr *g, const pl_rule *r)
{
    return r->matter == g->matter &&
           (r->kind == R_REQUIRE || r->kind == R_AFTER ||
            ((r->kind == R_REFUSE || r->kind == R_LIMIT) && r->for_holder == PL_NONE));
}

/* Where an escalation goes: a holder, or PL_NONE for the "next tier" node. */
static uint32_t gr_escalation_target(const remit_policy *p, const pl_rule *r)
{
    if (!r->to_next_tier)
        return r->to;
    return r->from != PL_NONE ? ev_next_tier(p, r->from) : PL_NONE;
}

static void gr_mark(gr *g, uint32_t h)
{
    if (h < g->p->nholders)
        g->drawn[h] = true;
}

/* Does a delegation or grant carry reporting duties drawn as lines? */
static bool gr_has_duty(const pl_rule *r)
{
    if (r->kind != R_DELEGATE && r->kind != R_GRANT && r->kind != R_URGENT)
        return false;
    for (uint32_t i = 0; i < r->nobligations; i++)
        if ((r->obligations[i].kind == OB_REPORT || r->obligations[i].kind == OB_NOTIFY) &&
            r->obligations[i].holder != PL_NONE)
            return true;
    return false;
}

/* Which holders, protocols and helper nodes the panel of g->matter needs;
 * false when it draws nothing at all. */
static bool gr_select(gr *g)
{
    const remit_policy *p = g->p;
    bool some = false;
    g->any = g->next_tier = false;
    for (uint32_t h = 0; h < p->nholders; h++) {
        g->notes[h] = PL_NONE;
        g->drawn[h] = g->duty[h] = false;
    }
    for (uint32_t i = 0; i < p->nprotocols; i++)
        g->protocols[i] = false;
    uint32_t *next = g->notes + p->nholders;
    const pl_matter *m = &p->matters[g->matter];
    for (uint32_t j = m->nrules; j-- > 0;) { /* backwards: notes come out in order */
        uint32_t i = m->rules[j];
        const pl_rule *r = &p->rules[i];
        next[i] = PL_NONE;
        some |= gr_rule_noted(g, r);
        if (!gr_rule_drawn(g, r))
            continue;
        some = true;
        for (uint32_t k = 0; gr_has_duty(r) && k < r->nobligations; k++)
            if (r->obligations[k].kind == OB_REPORT || r->obligations[k].kind == OB_NOTIFY) {
                gr_mark(g, r->obligations[k].holder);
                if (r->to < p->nholders)
                    g->duty[r->to] = true;
            }
        switch (r->kind) {
        case R_DELEGATE:
        case R_URGENT:
            gr_mark(g, r->from);
            gr_mark(g, r->to);
            break;
        case R_GRANT:
            gr_mark(g, r->to);
            if (r->protocol < p->nprotocols)
                g->protocols[r->protocol] = true;
            break;
        case R_ESCALATE: {
            uint32_t t = gr_escalation_target(p, r);
            gr_mark(g, t);
            if (r->from != PL_NONE)
                gr_mark(g, r->from);
            else
                g->any = true;
            if (t == PL_NONE)
                g->next_tier = true;
            break;
        }
        default: { /* reserve, limit, refuse: a note on the holder */
            uint32_t h = r->kind == R_RESERVE ? r->to : r->for_holder;
            if (h >= p->nholders)
                break;
            gr_mark(g, h);
            next[i] = g->notes[h];
            g->notes[h] = i;
            break;
        }
        }
    }
    for (uint32_t i = 0; i < p->nprotocols; i++)
        if (g->protocols[i])
            gr_mark(g, p->protocols[i].ratifier);
    g->nlist = 0;
    for (uint32_t h = 0; h < p->nholders; h++)
        if (g->drawn[h])
            g->list[g->nlist++] = h;
    return some;
}

/* ---------------------------------------------------------------- words */

/* Co-signatories as written in the policy's names: "ceo", "cfo and 1
 * executive", "(a and b) or c", after `prefix`, wrapped. */
static void gr_signers(gr *g, bool *first, unsigned width, const char *prefix, const pl_signers *s)
{
    const remit_policy *p = g->p;
    char buf[512];
    size_t u = (size_t)snprintf(buf, sizeof buf, "%s", prefix);
    for (uint32_t i = 0; i < s->nalts && u < sizeof buf; i++) {
        const pl_alt *a = &s->alts[i];
        bool paren = s->nalts > 1 && a->nslots > 1;
        u += (size_t)snprintf(buf + u, sizeof buf - u, "%s%s", i ? " or " : "", paren ? "(" : "");
        for (uint32_t j = 0; j < a->nslots && u < sizeof buf; j++) {
            const pl_slot *x = &a->slots[j];
            const char *who = x->is_kind ? (x->who < p->nkinds ? p->kinds[x->who] : "?")
                                         : (x->who < p->nholders ? p->holders[x->who].name : "?");
            if (x->count > 1 || x->is_kind)
                u += (size_t)snprintf(buf + u, sizeof buf - u, "%s%u %s", j ? " and " : "", x->count, who);
            else
                u += (size_t)snprintf(buf + u, sizeof buf - u, "%s%s", j ? " and " : "", who);
        }
        if (paren && u < sizeof buf)
            u += (size_t)snprintf(buf + u, sizeof buf - u, ")");
    }
    gr_line(g, first, width, "%s", buf);
}

/* When a duty falls due: "within 30 days", "within 60 days or at next
 * meeting", "by end of financial year". */
static void gr_due(const pl_obligation *o, char *buf, size_t n)
{
    size_t u = 0;
    buf[0] = '\0';
    if (o->within >= 0)
        u += (size_t)snprintf(buf, n, " within %lld day%s", (long long)o->within, o->within == 1 ? "" : "s");
    if (o->next_meeting && u < n)
        u += (size_t)snprintf(buf + u, n - u, "%s at next meeting", u ? " or" : "");
    if (o->end_of != PER_ALL && u < n) {
        char per[64];
        wd_period_text(o->end_of, 1, per, sizeof per);
        snprintf(buf + u, n - u, "%s by end of %s", u ? " or" : "", per);
    }
}

/* A cumulative limit: "total amount ≤ £1,000,000 per supplier over 365 days". */
static void gr_limit(gr *g, bool *first, unsigned width, const char *prefix, const pl_rule *r)
{
    const remit_policy *p = g->p;
    const pl_matter *m = &p->matters[r->matter];
    char v[64] = "?", per[96] = "", over[96] = "";
    if (r->total_field < m->nfields)
        xp_value_text(p, &m->fields[r->total_field], r->ceiling, false, v, sizeof v);
    if (r->per_field < m->nfields)
        snprintf(per, sizeof per, " per %s", m->fields[r->per_field].name);
    if (r->period != PER_ALL) {
        char t[64];
        wd_period_text(r->period, r->over, t, sizeof t);
        snprintf(over, sizeof over, " over %s", t);
    }
    gr_line(g, first, width, "%stotal %s %s %s%s%s%s%s", prefix,
            r->total_field < m->nfields ? m->fields[r->total_field].name : "?",
            r->total_op == OP_LT ? "<" : "\xE2\x89\xA4", v, per, over, r->when_figures ? " when " : "",
            r->when_figures ? r->when_figures : "");
}

/* ---------------------------------------------------------------- nodes */

/* The conflicts of interest rules that apply at body h, or NULL. */
static const pl_conflicts *gr_conflicts(const remit_policy *p, uint32_t h)
{
    const pl_conflicts *all = NULL;
    for (uint32_t i = 0; i < p->nconflicts; i++) {
        if (p->conflicts[i].body == h)
            return &p->conflicts[i];
        if (p->conflicts[i].body == PL_NONE && !all)
            all = &p->conflicts[i];
    }
    return all;
}

/* A holder: its title in bold, its name under it, then one small line
 * for each reservation, limit and refusal on it, and a body's quorum and
 * conflicts of interest. */
static void gr_holder(gr *g, uint32_t h, const char *indent)
{
    const remit_policy *p = g->p;
    const pl_holder *x = &p->holders[h];
    const uint32_t *next = g->notes + p->nholders;
    bool reserved = false, first = true;
    fputs(indent, g->out);
    gr_holder_ref(g, h);
    fprintf(g->out, " [shape=%s, label=<<b>", x->is_body ? "box" : "ellipse");
    gr_text(g->out, gr_title(x), GR_TITLE_WIDTH, 0);
    fputs("</b>", g->out);
    if (x->title && *x->title && strcmp(x->title, x->name) != 0) {
        fputs("<br/><font point-size=\"9\" color=\"gray35\">", g->out);
        gr_text(g->out, x->name, 0, 0);
        fputs("</font>", g->out);
    }
    const pl_conflicts *cf = x->is_body ? gr_conflicts(p, h) : NULL;
    bool quorum = x->is_body && x->quorum_text && *x->quorum_text;
    if (g->notes[h] == PL_NONE && !quorum && !cf) {
        fputs(">];\n", g->out);
        return;
    }
    fputs("<font point-size=\"9\">", g->out);
    first = false;
    for (uint32_t i = g->notes[h]; i != PL_NONE; i = next[i]) {
        const pl_rule *r = &p->rules[i];
        if (r->kind == R_LIMIT)
            gr_limit(g, &first, GR_NOTE_WIDTH, "limit: ", r);
        else
            gr_line(g, &first, GR_NOTE_WIDTH, "%s%s%s", r->kind == R_RESERVE ? "reserved" : "refused",
                    r->when_figures ? " when " : "", r->when_figures ? r->when_figures : "");
        reserved |= r->kind == R_RESERVE;
    }
    if (quorum) {
        const char *q = x->quorum_text;
        if (!strncmp(q, "quorum ", 7))
            q += 7;
        gr_line(g, &first, GR_NOTE_WIDTH, "quorum: %s", q);
    }
    if (cf) {
        char within[48] = "", refer[200] = "";
        if (cf->declare_within >= 0)
            snprintf(within, sizeof within, ", declared within %lld days", (long long)cf->declare_within);
        if (cf->refer_to < p->nholders)
            snprintf(refer, sizeof refer, "; quorum lost: to %s", gr_title(&p->holders[cf->refer_to]));
        gr_line(g, &first, GR_NOTE_WIDTH, "conflicts: %u kind%s of interest%s%s", cf->ncats,
                cf->ncats == 1 ? "" : "s", within, refer);
    }
    fputs("</font>>", g->out);
    if (reserved) {
        fputs(", peripheries=2", g->out);
        g->used |= 1u << GK_RESERVED;
    }
    fputs("];\n", g->out);
}

static void gr_protocol(gr *g, const pl_protocol *x, const char *indent)
{
    const remit_policy *p = g->p;
    bool first = false;
    fputs(indent, g->out);
    gr_ref(g, "p:", x->name);
    fputs(" [shape=octagon, margin=0, color=" GR_CRISIS ", fontcolor=" GR_CRISIS ", label=<<b>", g->out);
    gr_text(g->out, x->title && *x->title ? x->title : x->name, GR_TITLE_WIDTH, 0);
    fputs("</b>", g->out);
    if (x->title && *x->title && strcmp(x->title, x->name) != 0) {
        fputs("<br/><font point-size=\"9\">", g->out);
        gr_text(g->out, x->name, 0, 0);
        fputs("</font>", g->out);
    }
    fputs("<font point-size=\"9\">", g->out);
    if (x->active_figures)
        gr_line(g, &first, GR_NOTE_WIDTH, "active when %s", x->active_figures);
    if (x->expires >= 0)
        gr_line(g, &first, GR_NOTE_WIDTH, "expires after %lld days", (long long)x->expires);
    if (x->ratifier < p->nholders) {
        char within[48] = "";
        if (x->ratify_within >= 0)
            snprintf(within, sizeof within, " within %lld days", (long long)x->ratify_within);
        gr_line(g, &first, GR_NOTE_WIDTH, "ratify by %s%s", gr_title(&p->holders[x->ratifier]), within);
    }
    if (x->nnever) { /* "never grants a, b, c", wrapped as one line */
        char never[512];
        size_t u = (size_t)snprintf(never, sizeof never, "never grants");
        for (uint32_t i = 0; i < x->nnever && u < sizeof never; i++)
            u += (size_t)snprintf(never + u, sizeof never - u, "%s %s", i ? "," : "", p->matters[x->never[i]].name);
        gr_line(g, &first, GR_NOTE_WIDTH, "%s", never);
    }
    fputs("</font>>];\n", g->out);
}

/* The note of what binds every decision of the matter, whoever takes it:
 * co-signatories, duties after it, refusals and cumulative limits for
 * no one holder.  Nothing when the matter has none. */
static bool gr_every(gr *g, const char *indent)
{
    const remit_policy *p = g->p;
    const pl_matter *m = &p->matters[g->matter];
    bool first = true;
    for (uint32_t j = 0; j < m->nrules; j++) {
        const pl_rule *r = &p->rules[m->rules[j]];
        if (!gr_rule_noted(g, r))
            continue;
        if (first) {
            fputs(indent, g->out);
            gr_ref(g, "e:", "");
            fputs(" [shape=note, color=gray45, fontsize=9, label=<<b>Every decision</b>", g->out);
            first = false;
            g->br = "<br align=\"left\"/>";
            g->cont = "    ";
        }
        const char *when = r->when_figures ? " when " : "", *cond = r->when_figures ? r->when_figures : "";
        if (r->kind == R_REFUSE) {
            gr_line(g, &first, GR_EVERY_WIDTH, "\xE2\x80\xA2 refused%s%s", when, cond);
        } else if (r->kind == R_LIMIT) {
            gr_limit(g, &first, GR_EVERY_WIDTH, "\xE2\x80\xA2 limit: ", r);
        } else if (r->kind == R_REQUIRE && r->with) {
            gr_signers(g, &first, GR_EVERY_WIDTH, "\xE2\x80\xA2 co-signed by ", r->with);
            if (*when)
                gr_line(g, &first, GR_EVERY_WIDTH, "   when %s", cond);
        } else if (r->kind == R_AFTER) {
            gr_line(g, &first, GR_EVERY_WIDTH, "\xE2\x80\xA2 after it%s%s:", when, cond);
            for (uint32_t k = 0; k < r->nobligations; k++) {
                const pl_obligation *o = &r->obligations[k];
                char due[160], what[300] = "";
                gr_due(o, due, sizeof due);
                if (o->holder < p->nholders)
                    snprintf(what, sizeof what, " %s", gr_title(&p->holders[o->holder]));
                else if (o->text)
                    snprintf(what, sizeof what, " \"%s\"", o->text);
                gr_line(g, &first, GR_EVERY_WIDTH, "   %s%s%s", xp_ob_word(o->kind), what, due);
            }
        }
    }
    if (first)
        return false;
    g->used |= 1u << GK_NOTE;
    fprintf(g->out, "%s>];\n", g->br);
    g->br = "<br/>";
    g->cont = "";
    return true;
}

/* ---------------------------------------------------------------- edges */

/* The bounds of a delegation or grant, one to a line: "up to £5,000,000",
 * each part of its `limit`, its `when`, co-signatories, "may subdelegate". */
static void gr_bounds(gr *g, const pl_rule *r)
{
    const remit_policy *p = g->p;
    bool first = true;
    if (r->kind == R_URGENT)
        gr_line(g, &first, GR_EDGE_WIDTH, "urgent");
    if (r->no_limit)
        gr_line(g, &first, GR_EDGE_WIDTH, "no limit");
    if (r->upto >= 0) {
        char m[48];
        lit_format_money(r->upto, m, sizeof m);
        gr_line(g, &first, GR_EDGE_WIDTH, "up to %s", m);
    }
    for (uint32_t i = 0; i < r->nparts; i++)
        if (r->parts[i].is_limit)
            gr_line(g, &first, GR_EDGE_WIDTH, "%s", r->parts[i].figures);
    if (r->when_figures)
        gr_line(g, &first, GR_EDGE_WIDTH, "when %s", r->when_figures);
    if (r->with)
        gr_signers(g, &first, GR_EDGE_WIDTH, "with ", r->with);
    if (r->prior != PL_NONE) { /* 4.12 */
        const pl_prior *x = &p->priors[p->matters[r->matter].priors[r->prior]];
        gr_line(g, &first, GR_EDGE_WIDTH, "after approval by %s%s%s", p->holders[x->by].name,
                x->per != PL_NONE ? " per " : "", x->per != PL_NONE ? p->matters[r->matter].fields[x->per].name : "");
    }
    if (r->may_subdelegate)
        gr_line(g, &first, GR_EDGE_WIDTH, "may subdelegate%s%s", r->sub_approver != PL_NONE ? " if approved by " : "",
                r->sub_approver != PL_NONE ? p->holders[r->sub_approver].name : "");
    if (r->kind == R_DELEGATE && r->spectrum != SP_DELEGATED)
        gr_line(g, &first, GR_EDGE_WIDTH, "as %s", wd_spectrum[r->spectrum]);
    if (first) /* nothing bounds it: say what it is */
        gr_line(g, &first, GR_EDGE_WIDTH, "%s", r->kind == R_GRANT ? "crisis powers" : "delegated");
}

static void gr_delegation(gr *g, const pl_rule *r)
{
    static const char *const style[] = { /* ORDER pl_spectrum */
        "color=" GR_ADVISE ", fontcolor=" GR_ADVISE ", arrowhead=odot",
        "color=" GR_JOINT ", fontcolor=" GR_JOINT ", dir=both, arrowtail=odiamond",
        "",
        "style=bold",
    };
    static const unsigned key[] = {GK_ADVISE, GK_JOINT, GK_DELEGATE, GK_TRANSFER}; /* ORDER pl_spectrum */
    const remit_policy *p = g->p;
    fputs(g->indent, g->out);
    if (r->kind == R_GRANT)
        gr_ref(g, "p:", p->protocols[r->protocol].name);
    else
        gr_holder_ref(g, r->from);
    fputs(" -> ", g->out);
    gr_holder_ref(g, r->to);
    fputs(" [label=<", g->out);
    gr_bounds(g, r);
    fputc('>', g->out);
    if (r->kind == R_GRANT) {
        fputs(", style=dotted, color=" GR_CRISIS ", fontcolor=" GR_CRISIS, g->out);
        g->used |= 1u << GK_GRANT;
    } else if (r->kind == R_URGENT) { /* powers to act for the body, when urgent (SPEC 4.24) */
        fputs(", style=dashed, color=" GR_URGENT ", fontcolor=" GR_URGENT, g->out);
        g->used |= 1u << GK_URGENT;
    } else {
        if (*style[r->spectrum])
            fprintf(g->out, ", %s", style[r->spectrum]);
        g->used |= 1u << key[r->spectrum];
    }
    fputs("];\n", g->out);
}

/* The reporting duties of a delegation or grant: a green line from the
 * holder reported to down to the delegate, its arrow at the holder
 * reported to, labelled "report within 30 days". */
static void gr_duties(gr *g, const pl_rule *r)
{
    const remit_policy *p = g->p;
    for (uint32_t i = 0; gr_has_duty(r) && i < r->nobligations; i++) {
        const pl_obligation *o = &r->obligations[i];
        if ((o->kind != OB_REPORT && o->kind != OB_NOTIFY) || o->holder >= p->nholders)
            continue;
        char due[160];
        bool first = true;
        gr_due(o, due, sizeof due);
        fputs(g->indent, g->out);
        gr_holder_ref(g, o->holder);
        fputs(" -> ", g->out);
        gr_holder_ref(g, r->to);
        fputs(" [label=<", g->out);
        gr_line(g, &first, GR_EDGE_WIDTH, "%s%s", o->kind == OB_REPORT ? "report" : "notify", due);
        fputs(">, dir=back, arrowtail=vee, color=" GR_REPORTS ", fontcolor=" GR_REPORTS "];\n", g->out);
        g->used |= 1u << GK_DUTY;
    }
}

/* Does a drawn delegation to `to` carry a duty to report to `by`? */
static bool gr_duty_between(const gr *g, uint32_t by, uint32_t to)
{
    const remit_policy *p = g->p;
    const pl_matter *m = &p->matters[g->matter];
    for (uint32_t j = 0; g->duty[to] && j < m->nrules; j++) {
        const pl_rule *r = &p->rules[m->rules[j]];
        if (!gr_rule_drawn(g, r) || r->to != to || !gr_has_duty(r))
            continue;
        for (uint32_t k = 0; k < r->nobligations; k++)
            if (r->obligations[k].holder == by &&
                (r->obligations[k].kind == OB_REPORT || r->obligations[k].kind == OB_NOTIFY))
                return true;
    }
    return false;
}

/* An escalation: a dashed orange arrow from the holder it starts at (or
 * "any decider") up to the holder escalated to.  One that goes to the
 * same tier or higher is written from its target, arrow reversed, so that
 * it takes part in the layout as a line going up; one that goes lower
 * does not push holders about (constraint=false). */
static void gr_escalation(gr *g, const pl_rule *r)
{
    const remit_policy *p = g->p;
    uint32_t t = gr_escalation_target(p, r);
    bool first = true, up = false;
    if (t != PL_NONE && r->from != PL_NONE)
        up = p->holders[t].tier >= p->holders[r->from].tier && p->holders[r->from].tier >= 0;
    else
        up = r->from == PL_NONE && t != PL_NONE; /* from "any decider", at the top */
    fputs(g->indent, g->out);
    for (int end = 0; end < 2; end++) {
        if ((end == 0) == up) { /* the target */
            if (t != PL_NONE)
                gr_holder_ref(g, t);
            else
                gr_ref(g, "n:", "");
        } else if (r->from != PL_NONE) {
            gr_holder_ref(g, r->from);
        } else {
            gr_ref(g, "a:", "");
        }
        if (!end)
            fputs(" -> ", g->out);
    }
    fputs(" [label=<", g->out);
    gr_line(g, &first, GR_EDGE_WIDTH, "escalate%s", r->to_next_tier ? " to next tier" : "");
    if (r->when_figures)
        gr_line(g, &first, GR_EDGE_WIDTH, "when %s", r->when_figures);
    if (r->after >= 0)
        gr_line(g, &first, GR_EDGE_WIDTH, "after %lld days open", (long long)r->after);
    fprintf(g->out, ">, style=dashed, color=" GR_ESCALATE ", fontcolor=" GR_ESCALATE "%s];\n",
            up ? ", dir=back" : ", constraint=false");
    g->used |= 1u << GK_ESCALATE;
}

/* ---------------------------------------------------------------- panels */

/* The lowest and highest tier that hold a drawn holder, in *lo and *hi;
 * false when none does. */
static bool gr_tier_span(const gr *g, int32_t *lo, int32_t *hi)
{
    const remit_policy *p = g->p;
    *lo = INT32_MAX;
    *hi = -1;
    for (uint32_t k = 0, h; k < g->nlist && (h = g->list[k], true); k++) /* the drawn */ {
        int32_t t = p->holders[h].tier;
        if (!g->drawn[h] || t < 0 || (uint32_t)t >= p->ntiers)
            continue;
        *lo = t < *lo ? t : *lo;
        *hi = t > *hi ? t : *hi;
    }
    return *hi >= 0;
}

static bool gr_tiered(const remit_policy *p, uint32_t h)
{
    return p->holders[h].tier >= 0 && (uint32_t)p->holders[h].tier < p->ntiers;
}

/* An invisible point: "s:" at the top of a drawing, "t:TIER" at the top
 * of a band, "z:" at its foot; they hold the bands, the panels and the
 * key one under the other. */
static void gr_point(gr *g, const char *indent, const char *prefix, const char *name)
{
    fputs(indent, g->out);
    gr_ref(g, prefix, name);
    fputs(" [shape=point, style=invis, width=0, height=0];\n", g->out);
}

/* An invisible edge that keeps a above b (each a prefix and a name). */
static void gr_keep(gr *g, const char *indent, const char *pa, const char *a, const char *pb, const char *b)
{
    fputs(indent, g->out);
    gr_ref(g, pa, a);
    fputs(" -> ", g->out);
    gr_ref(g, pb, b);
    fputs(" [style=invis];\n", g->out);
}

/* Tiers as bands, top tier first: only the tiers from the highest that
 * holds a drawn holder down to the lowest, each a shaded box with its name
 * at the left.  An invisible point at the top of each band keeps the bands
 * in order: every holder of a band is above the next band's point, and
 * below its own.  The point "z:" at the foot of the lowest band is under
 * every holder in it. */
static void gr_tiers(gr *g, const char *indent)
{
    const remit_policy *p = g->p;
    int32_t lo, hi;
    if (!gr_tier_span(g, &lo, &hi))
        return;
    char inner[32];
    snprintf(inner, sizeof inner, "%s    ", indent);
    for (int32_t t = hi; t >= lo; t--) {
        fprintf(g->out, "%ssubgraph \"cluster_", indent);
        if (g->panels) {
            gr_esc(g->out, p->matters[g->matter].name);
            fputc('/', g->out);
        }
        fputs("t:", g->out);
        gr_esc(g->out, p->tiers[t]);
        fprintf(g->out, "\" {\n%slabel=<", inner);
        gr_text(g->out, p->tiers[t], 0, 0);
        fputs(">; labeljust=l; fontsize=10; fontcolor=gray40; style=filled; fillcolor=gray96; color=gray85;\n",
              g->out);
        gr_point(g, inner, "t:", p->tiers[t]);
        for (uint32_t k = 0, h; k < g->nlist && (h = g->list[k], true); k++) /* the drawn */
            if (g->drawn[h] && p->holders[h].tier == t)
                gr_holder(g, h, inner);
        if (t == lo)
            gr_point(g, inner, "z:", "");
        fprintf(g->out, "%s}\n", indent);
    }
    gr_keep(g, indent, "s:", "", "t:", p->tiers[hi]);
    for (int32_t t = hi; t > lo; t--) /* the bands in order, an empty one too */
        gr_keep(g, indent, "t:", p->tiers[t], "t:", p->tiers[t - 1]);
    gr_keep(g, indent, "t:", p->tiers[lo], "z:", "");
    for (int32_t t = hi; t >= lo; t--)
        for (uint32_t k = 0, h; k < g->nlist && (h = g->list[k], true); k++) /* the drawn */ {
            if (!g->drawn[h] || p->holders[h].tier != t)
                continue;
            gr_keep(g, indent, "t:", p->tiers[t], "h:", p->holders[h].name);
            gr_keep(g, indent, "h:", p->holders[h].name, t > lo ? "t:" : "z:", t > lo ? p->tiers[t - 1] : "");
        }
}

/* One matter: its points, nodes and edges.  Returns the prefix of its
 * lowest point: "e:" (the note of every decision) or "z:". */
static const char *gr_panel(gr *g, const char *indent)
{
    const remit_policy *p = g->p;
    FILE *out = g->out;
    int32_t lo, hi;
    bool banded = gr_tier_span(g, &lo, &hi);
    g->indent = indent;
    gr_point(g, indent, "s:", "");
    gr_tiers(g, indent);
    if (!banded) { /* no band: the foot still under the top */
        gr_point(g, indent, "z:", "");
        gr_keep(g, indent, "s:", "", "z:", "");
    }
    for (uint32_t k = 0, h; k < g->nlist && (h = g->list[k], true); k++) /* the drawn */
        if (g->drawn[h] && !gr_tiered(p, h)) {
            gr_holder(g, h, indent);
            gr_keep(g, indent, "s:", "", "h:", p->holders[h].name);
            if (!banded)
                gr_keep(g, indent, "h:", p->holders[h].name, "z:", "");
        }
    for (uint32_t i = 0; i < p->nprotocols; i++)
        if (g->protocols[i]) {
            gr_protocol(g, &p->protocols[i], indent);
            gr_keep(g, indent, "s:", "", "p:", p->protocols[i].name);
        }
    if (g->any) {
        fputs(indent, out);
        gr_ref(g, "a:", "");
        fputs(" [shape=box, style=\"rounded,dashed\", color=" GR_ESCALATE ", fontcolor=" GR_ESCALATE
              ", fontsize=10, label=\"any decider\"];\n", out);
        gr_keep(g, indent, "s:", "", "a:", "");
    }
    if (g->next_tier) {
        fputs(indent, out);
        gr_ref(g, "n:", "");
        fputs(" [shape=plaintext, fontcolor=" GR_ESCALATE ", fontsize=10, label=<next tier up<br/>(no body found)>];\n",
              out);
        gr_keep(g, indent, "s:", "", "n:", "");
    }
    const char *end = "z:";
    if (gr_every(g, indent)) {
        gr_keep(g, indent, "z:", "", "e:", "");
        end = "e:";
    }
    /* reporting lines, drawn from the body reported to, so that it sits
     * above; left out where a reporting duty already joins the two */
    for (uint32_t k = 0, h; k < g->nlist && (h = g->list[k], true); k++) /* the drawn */ {
        const pl_holder *x = &p->holders[h];
        for (uint32_t i = 0; g->drawn[h] && i < x->nparents; i++) {
            if (!g->drawn[x->parents[i]] || gr_duty_between(g, x->parents[i], h))
                continue;
            fputs(indent, out);
            gr_holder_ref(g, x->parents[i]);
            fputs(" -> ", out);
            gr_holder_ref(g, h);
            fputs(" [color=" GR_REPORTS ", style=dotted, dir=back, arrowtail=empty];\n", out);
            g->used |= 1u << GK_REPORTS;
        }
    }
    const pl_matter *m = &p->matters[g->matter];
    for (uint32_t j = 0; j < m->nrules; j++) {
        const pl_rule *r = &p->rules[m->rules[j]];
        if (!gr_rule_drawn(g, r))
            continue;
        if (r->kind == R_DELEGATE || r->kind == R_URGENT || (r->kind == R_GRANT && r->protocol < p->nprotocols)) {
            gr_delegation(g, r);
            gr_duties(g, r);
        } else if (r->kind == R_ESCALATE) {
            gr_escalation(g, r);
        }
    }
    return end;
}

/* ------------------------------------------------------------------ key */

/* The rows of the key: a node name, the style of its line (NULL: a
 * node's, in node), what it means. */
static const struct {
    const char *name, *style, *node, *words;
} gr_row[GK_COUNT] = { /* ORDER GK_* */
    {"delegate", "", NULL, "delegation, with its limits"},
    {"transfer", "style=bold", NULL, "transfer: the function passes for good"},
    {"joint", "color=" GR_JOINT ", dir=both, arrowtail=odiamond", NULL, "joint: the delegator decides with the delegate"},
    {"advise", "color=" GR_ADVISE ", arrowhead=odot", NULL, "advise: a seat at the table, no authority"},
    {"urgent", "style=dashed, color=" GR_URGENT, NULL, "urgent powers to act for the body"},
    {"grant", "style=dotted, color=" GR_CRISIS, NULL, "crisis powers granted by a protocol"},
    {"escalate", "style=dashed, color=" GR_ESCALATE, NULL, "escalation"},
    {"report", "color=" GR_REPORTS ", arrowhead=vee", NULL, "reporting duty: report back on decisions taken"},
    {"reports_to", "style=dotted, color=" GR_REPORTS ", arrowhead=empty", NULL, "reports to (standing reporting line)"},
    {"reserved", NULL, "shape=box, label=\" \", peripheries=2, width=0.5, height=0.25", "reserved: decided by this holder alone"},
    {"every", NULL, "shape=note, label=\" \", color=gray45, width=0.3, height=0.3",
     "what every decision needs, whoever takes it"},
};

/* The key: one row for each kind of line (and the double border) drawn,
 * a short line of that kind and what it means, in a box at the foot. */
static void gr_key(gr *g)
{
    if (!g->used)
        return;
    FILE *out = g->out;
    int kinds[GK_COUNT], n = 0;
    for (int k = 0; k < GK_COUNT; k++)
        if (g->used & 1u << k)
            kinds[n++] = k;
    fputs("    subgraph cluster_key {\n        label=<<b>Key</b>>; labeljust=l; fontsize=10; style=rounded; color=gray70;\n"
          "        node [shape=plaintext, fontsize=9, height=0.2];\n", out);
    for (int i = 0; i < n; i += 2) { /* two entries a row */
        fputs("        { rank=same;", out);
        for (int j = i; j < n && j < i + 2; j++) {
            const char *name = gr_row[kinds[j]].name;
            if (gr_row[kinds[j]].style)
                fprintf(out, " \"k:%s\" [shape=point, style=invis, width=0.5];", name);
            else
                fprintf(out, " \"k:%s\" [%s];", name, gr_row[kinds[j]].node);
            fprintf(out, " \"k:%s:\" [label=\"%s\"];", name, gr_row[kinds[j]].words);
        }
        fputs(" }\n", out);
        for (int j = i; j < n && j < i + 2; j++) {
            const char *name = gr_row[kinds[j]].name, *style = gr_row[kinds[j]].style;
            if (style)
                fprintf(out, "        \"k:%s\" -> \"k:%s:\" [%s%sminlen=2];\n", name, name, style, *style ? ", " : "");
            else
                fprintf(out, "        \"k:%s\" -> \"k:%s:\" [style=invis];\n", name, name);
        }
        if (i + 1 < n) /* the second entry right of the first */
            fprintf(out, "        \"k:%s:\" -> \"k:%s\" [style=invis];\n", gr_row[kinds[i]].name, gr_row[kinds[i + 1]].name);
        if (i) /* the row before above this one */
            fprintf(out, "        \"k:%s\" -> \"k:%s\" [style=invis];\n", gr_row[kinds[i - 2]].name, gr_row[kinds[i]].name);
    }
    fputs("    }\n", out);
}

/* The key's first row, kept below the point `end` of the last drawing. */
static void gr_key_below(gr *g, const char *end)
{
    for (int k = 0; k < GK_COUNT; k++)
        if (g->used & 1u << k) {
            fputs("    ", g->out);
            gr_ref(g, end, "");
            fprintf(g->out, " -> \"k:%s\" [style=invis, weight=0];\n", gr_row[k].name);
            return;
        }
}

/* ---------------------------------------------------------------- graph */

static void gr_head(gr *g, bool one)
{
    const remit_policy *p = g->p;
    FILE *out = g->out;
    fputs("digraph remit {\n    graph [fontname=\"Helvetica\", labelloc=t, labeljust=l, fontsize=16, "
          "nodesep=0.35, ranksep=0.45, newrank=true", out);
    bool titled = p->title && *p->title;
    if (titled || one) {
        fputs(", label=<", out);
        if (titled) {
            fputs("<b>", out);
            gr_text(out, p->title, 0, 0);
            fputs("</b>", out);
            if (p->version && *p->version) {
                fputs(" (version ", out);
                gr_text(out, p->version, 0, 0);
                fputc(')', out);
            }
        }
        if (one) {
            const pl_matter *m = &p->matters[g->matter];
            if (titled)
                fputs("<br/>", out);
            gr_text(out, m->title && *m->title ? m->title : m->name, 0, 0);
            if (m->title && *m->title) {
                fputs(" (", out);
                gr_text(out, m->name, 0, 0);
                fputc(')', out);
            }
        }
        fputc('>', out);
    }
    fputs("];\n    node [fontname=\"Helvetica\", fontsize=11];\n"
          "    edge [fontname=\"Helvetica\", fontsize=9];\n", out);
}

/* Every matter with anything to draw, each in a panel of its own (a box
 * with the matter's title), one under the other, then the key. */
static void gr_draw_all(gr *g)
{
    const remit_policy *p = g->p;
    FILE *out = g->out;
    gr_head(g, false);
    uint32_t prev = PL_NONE;
    const char *end = NULL;
    for (uint32_t m = 0; m < p->nmatters; m++) {
        g->matter = m;
        if (!gr_select(g))
            continue;
        const pl_matter *x = &p->matters[m];
        fputs("    subgraph \"cluster_", out);
        gr_esc(out, x->name);
        fputs("\" {\n        label=<<b>", out);
        gr_text(out, x->title && *x->title ? x->title : x->name, 0, 0);
        fputs("</b>", out);
        if (x->title && *x->title) {
            fputs(" (", out);
            gr_text(out, x->name, 0, 0);
            fputc(')', out);
        }
        fputs(">; labeljust=l; fontsize=13; style=rounded; color=gray55; margin=12;\n", out);
        const char *e = gr_panel(g, "        ");
        fputs("    }\n", out);
        if (prev != PL_NONE) { /* the panel before above this one */
            fputs("    \"", out);
            gr_esc(out, p->matters[prev].name);
            fprintf(out, "/%s\" -> ", end);
            gr_ref(g, "s:", "");
            fputs(" [style=invis, weight=0];\n", out); /* below, not pulled aside */
        }
        prev = m;
        end = e;
    }
    if (prev != PL_NONE) {
        g->matter = prev;
        gr_key_below(g, end);
    }
    gr_key(g);
    fputs("}\n", out);
}

/* One matter alone, then the key. */
static void gr_draw_one(gr *g)
{
    gr_head(g, true);
    gr_select(g);
    gr_key_below(g, gr_panel(g, "    "));
    gr_key(g);
    fputs("}\n", g->out);
}

/* The matter named `name`, or PL_NONE with a message in why. */
static uint32_t gr_find_matter(const remit_policy *p, const char *name, char *why, size_t why_size)
{
    const char *best = NULL;
    size_t len = strlen(name);
    unsigned bd = len <= 2 ? 0 : len <= 4 ? 1 : len <= 7 ? 2 : 3;
    for (uint32_t m = 0; m < p->nmatters; m++) {
        if (!strcmp(p->matters[m].name, name))
            return m;
        unsigned d = rm_edit_distance(name, len, p->matters[m].name, strlen(p->matters[m].name));
        if (d <= bd) {
            bd = d;
            best = p->matters[m].name;
        }
    }
    if (why && why_size) {
        int n = snprintf(why, why_size, "'%s' is not a matter of this policy", name);
        if (n >= 0 && (size_t)n < why_size && best)
            snprintf(why + n, why_size - (size_t)n, "; did you mean '%s'?", best);
    }
    return PL_NONE;
}

remit_status remit_graph(const remit_policy *p, FILE *out, const remit_graph_options *go, char *why,
                         size_t why_size)
{
    if (why && why_size)
        why[0] = '\0';
    if (!p || !out)
        return REMIT_E_ARGUMENT;
    gr g = {p, out, PL_NONE, false, NULL, NULL, NULL, NULL, 0, NULL, false, false, 0, "<br/>", "", "    "};
    if (go && go->matter && (g.matter = gr_find_matter(p, go->matter, why, why_size)) == PL_NONE)
        return REMIT_E_ARGUMENT;
    g.panels = g.matter == PL_NONE;
    remit_status rc = REMIT_E_NOMEM;
    g.protocols = rm_calloc(p->nprotocols + 1, sizeof *g.protocols);
    g.drawn = rm_calloc(p->nholders + 1, sizeof *g.drawn);
    g.notes = rm_calloc((size_t)p->nholders + p->nrules + 1, sizeof *g.notes);
    g.list = rm_calloc(p->nholders + 1, sizeof *g.list);
    g.duty = rm_calloc(p->nholders + 1, sizeof *g.duty);
    if (!g.protocols || !g.drawn || !g.notes || !g.list || !g.duty) {
        if (why && why_size)
            snprintf(why, why_size, "out of memory drawing the graph");
        goto done;
    }
    if (g.panels)
        gr_draw_all(&g);
    else
        gr_draw_one(&g);
    rc = ferror(out) ? REMIT_E_WRITE : REMIT_OK;
done:
    rm_free(g.protocols);
    rm_free(g.drawn);
    rm_free(g.notes);
    rm_free(g.list);
    rm_free(g.duty);
    return rc;
}
