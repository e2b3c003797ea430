/*
 * graph.c - the delegation and escalation structure of a compiled policy
 * as one Graphviz DOT graph (`remit graph`, SPEC.md 11.8): tiers as ranks,
 * bodies and roles as nodes, reservations and cumulative limits written on
 * their holders, delegations, escalations and crisis grants as edges.
 *
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
#define GR_REPORTS  "gray55"
#define GR_JOINT    "blue3"
#define GR_ADVISE   "gray40"
#define GR_ESCALATE "darkorange3"
#define GR_CRISIS   "red3"
#define GR_URGENT   "purple3"

typedef struct gr {
    const remit_policy *p;
    FILE *out;
    uint32_t matter;        /* the one matter drawn, or PL_NONE for all */
    bool *drawn;            /* per holder */
    uint32_t *notes;        /* per holder: first reservation, limit or refusal
                               written on it, PL_NONE; then per rule: the next */
    bool *any;              /* per matter: an "any decider" node is needed */
    bool next_tier;         /* a "next tier" node is needed */
} gr;

/* ------------------------------------------------------------- writing */

/* s inside a DOT quoted string: quotes and backslashes escaped, line ends
 * as \n, other control characters as blanks.  UTF-8 passes through. */
static void gr_esc(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            fputc('\\', out);
            fputc(c, out);
        } else if (c == '\n')
            fputs("\\n", out);
        else if (c < 0x20 || c == 0x7f)
            fputc(' ', out);
        else
            fputc(c, out);
    }
}

/* A piece of a label, formatted, then escaped. */
static void gr_vput(gr *g, const char *fmt, va_list ap)
{
    char small[256], *buf = small;
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n >= 0 && (size_t)n >= sizeof small && (buf = rm_malloc((size_t)n + 1)) != NULL)
        vsnprintf(buf, (size_t)n + 1, fmt, again);
    va_end(again);
    if (n >= 0)
        gr_esc(g->out, buf ? buf : small);
    if (buf != small)
        rm_free(buf);
}

static void gr_put(gr *g, const char *fmt, ...) RM_PRINTF(2, 3);
static void gr_put(gr *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gr_vput(g, fmt, ap);
    va_end(ap);
}

/* The next line of a label, starting with a formatted piece. */
static void gr_line(gr *g, const char *fmt, ...) RM_PRINTF(2, 3);
static void gr_line(gr *g, const char *fmt, ...)
{
    va_list ap;
    fputs("\\n", g->out);
    va_start(ap, fmt);
    gr_vput(g, fmt, ap);
    va_end(ap);
}

/* The first lines of a node's label: its title, and its name under it. */
static void gr_named(gr *g, const char *title, const char *name)
{
    gr_put(g, "%s", title && *title ? title : name);
    if (title && *title && strcmp(title, name) != 0)
        gr_line(g, "(%s)", name);
}

/* ------------------------------------------------------------ what is drawn */

static bool gr_rule_drawn(const gr *g, const pl_rule *r)
{
    if (g->matter != PL_NONE && r->matter != g->matter)
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

/* Which holders, protocols and helper nodes the graph needs. */
static void gr_select(gr *g, bool *protocols)
{
    const remit_policy *p = g->p;
    for (uint32_t h = 0; h < p->nholders; h++) {
        g->notes[h] = PL_NONE;
        g->drawn[h] = g->matter == PL_NONE && p->holders[h].is_body;
    }
    for (uint32_t i = 0; i < p->nprotocols; i++)
        protocols[i] = g->matter == PL_NONE;
    uint32_t *next = g->notes + p->nholders;
    for (uint32_t i = p->nrules; i-- > 0;) { /* backwards: notes come out in order */
        const pl_rule *r = &p->rules[i];
        next[i] = PL_NONE;
        if (!gr_rule_drawn(g, r))
            continue;
        switch (r->kind) {
        case R_DELEGATE:
        case R_URGENT:
            gr_mark(g, r->from);
            gr_mark(g, r->to);
            break;
        case R_GRANT:
            gr_mark(g, r->to);
            if (r->protocol < p->nprotocols)
                protocols[r->protocol] = true;
            break;
        case R_ESCALATE: {
            uint32_t t = gr_escalation_target(p, r);
            gr_mark(g, t);
            if (r->from != PL_NONE)
                gr_mark(g, r->from);
            else
                g->any[r->matter] = true;
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
        if (protocols[i])
            gr_mark(g, p->protocols[i].ratifier);
}

/* ---------------------------------------------------------------- nodes */

/* Co-signatories as written in the policy's names: "ceo", "cfo and 1
 * executive", "(a and b) or c". */
static void gr_signers(gr *g, const pl_signers *s)
{
    const remit_policy *p = g->p;
    for (uint32_t i = 0; i < s->nalts; i++) {
        const pl_alt *a = &s->alts[i];
        bool paren = s->nalts > 1 && a->nslots > 1;
        gr_put(g, "%s%s", i ? " or " : "", paren ? "(" : "");
        for (uint32_t j = 0; j < a->nslots; j++) {
            const pl_slot *x = &a->slots[j];
            const char *who = x->is_kind ? (x->who < p->nkinds ? p->kinds[x->who] : "?")
                                         : (x->who < p->nholders ? p->holders[x->who].name : "?");
            if (x->count > 1 || x->is_kind)
                gr_put(g, "%s%u %s", j ? " and " : "", x->count, who);
            else
                gr_put(g, "%s%s", j ? " and " : "", who);
        }
        if (paren)
            gr_put(g, ")");
    }
}

/* One note on a holder: "reserved: spend when amount > £5m". */
static void gr_note(gr *g, const pl_rule *r)
{
    const remit_policy *p = g->p;
    const pl_matter *m = &p->matters[r->matter];
    if (r->kind == R_LIMIT) {
        char v[64] = "?";
        if (r->total_field < m->nfields)
            xp_value_text(p, &m->fields[r->total_field], r->ceiling, false, v, sizeof v);
        gr_line(g, "limit: %s total %s %s %s", m->name,
               r->total_field < m->nfields ? m->fields[r->total_field].name : "?",
               r->total_op == OP_LT ? "<" : "\xE2\x89\xA4", v);
        if (r->per_field < m->nfields)
            gr_put(g, " per %s", m->fields[r->per_field].name);
        if (r->period != PER_ALL) {
            char per[64];
            wd_period_text(r->period, r->over, per, sizeof per);
            gr_put(g, " over %s", per);
        }
    } else
        gr_line(g, "%s: %s", r->kind == R_RESERVE ? "reserved" : "refused", m->name);
    if (r->when_text)
        gr_put(g, " when %s", r->when_text);
}

static void gr_holder(gr *g, uint32_t h, const char *indent)
{
    const remit_policy *p = g->p;
    const pl_holder *x = &p->holders[h];
    const uint32_t *next = g->notes + p->nholders;
    bool reserved = false;
    fprintf(g->out, "%s\"h:", indent);
    gr_esc(g->out, x->name);
    fprintf(g->out, "\" [shape=%s, label=\"", x->is_body ? "box" : "ellipse");
    gr_named(g, x->title, x->name);
    for (uint32_t i = g->notes[h]; i != PL_NONE; i = next[i]) {
        gr_note(g, &p->rules[i]);
        reserved |= p->rules[i].kind == R_RESERVE;
    }
    fputs(reserved ? "\", peripheries=2];\n" : "\"];\n", g->out);
}

static void gr_protocol(gr *g, const pl_protocol *x)
{
    const remit_policy *p = g->p;
    fputs("    \"p:", g->out);
    gr_esc(g->out, x->name);
    fputs("\" [shape=octagon, margin=0, color=" GR_CRISIS ", fontcolor=" GR_CRISIS ", label=\"", g->out);
    gr_named(g, x->title, x->name);
    if (x->active_text)
        gr_line(g, "active when %s", x->active_text);
    if (x->expires >= 0)
        gr_line(g, "expires after %lld days", (long long)x->expires);
    if (x->ratifier < p->nholders) {
        const pl_holder *r = &p->holders[x->ratifier];
        gr_line(g, "ratify by %s", r->title && *r->title ? r->title : r->name);
        if (x->ratify_within >= 0)
            gr_put(g, " within %lld days", (long long)x->ratify_within);
    }
    for (uint32_t i = 0; i < x->nnever; i++)
        (i ? gr_put : gr_line)(g, "%s%s", i ? ", " : "never grants ", p->matters[x->never[i]].name);
    fputs("\"];\n", g->out);
}

/* Tiers as ranks, top tier first: only the tiers from the highest that
 * holds a drawn holder down to the lowest, each with its name at the
 * side, chained by invisible edges so that dot keeps them in order. */
static void gr_tiers(gr *g)
{
    const remit_policy *p = g->p;
    int32_t lo = INT32_MAX, hi = -1;
    for (uint32_t h = 0; h < p->nholders; h++) {
        int32_t t = p->holders[h].tier;
        if (!g->drawn[h] || t < 0 || (uint32_t)t >= p->ntiers)
            continue;
        lo = t < lo ? t : lo;
        hi = t > hi ? t : hi;
    }
    for (int32_t t = hi; t >= lo && hi >= 0; t--) {
        fputs("    { rank=same; \"t:", g->out);
        gr_esc(g->out, p->tiers[t]);
        fputs("\" [shape=plaintext, fontcolor=gray40, label=\"", g->out);
        gr_esc(g->out, p->tiers[t]);
        fputs("\"];\n", g->out);
        for (uint32_t h = 0; h < p->nholders; h++)
            if (g->drawn[h] && p->holders[h].tier == t)
                gr_holder(g, h, "      ");
        fputs("    }\n", g->out);
    }
    for (int32_t t = hi; t > lo && hi >= 0; t--) {
        fputs("    \"t:", g->out);
        gr_esc(g->out, p->tiers[t]);
        fputs("\" -> \"t:", g->out);
        gr_esc(g->out, p->tiers[t - 1]);
        fputs("\" [style=invis];\n", g->out);
    }
}

/* ---------------------------------------------------------------- edges */

static void gr_node_ref(gr *g, const char *prefix, const char *name)
{
    fprintf(g->out, "\"%s", prefix);
    gr_esc(g->out, name);
    fputc('"', g->out);
}

/* The bounds of a delegation or grant, one to a line: "spend ≤ £5,000,000",
 * each part of its `limit`, its `when`, co-signatories, "may subdelegate". */
static void gr_bounds(gr *g, const pl_rule *r)
{
    const remit_policy *p = g->p;
    gr_put(g, "%s%s", r->kind == R_URGENT ? "urgent: " : "", p->matters[r->matter].name);
    if (r->no_limit)
        gr_put(g, ", no limit");
    if (r->upto >= 0) {
        char m[48];
        lit_format_money(r->upto, m, sizeof m);
        gr_put(g, " \xE2\x89\xA4 %s", m);
    }
    for (uint32_t i = 0; i < r->nparts; i++)
        if (r->parts[i].is_limit) {
            gr_line(g, "%s", r->parts[i].text);
        }
    if (r->when_text) {
        gr_line(g, "when %s", r->when_text);
    }
    if (r->with) {
        gr_line(g, "with ");
        gr_signers(g, r->with);
    }
    if (r->prior != PL_NONE) { /* 4.12 */
        const pl_prior *x = &p->priors[p->matters[r->matter].priors[r->prior]];
        gr_line(g, "after approval by %s", p->holders[x->by].name);
        if (x->per != PL_NONE)
            gr_put(g, " per %s", p->matters[r->matter].fields[x->per].name);
    }
    if (r->may_subdelegate) {
        gr_line(g, "may subdelegate");
        if (r->sub_approver != PL_NONE)
            gr_put(g, " if approved by %s", p->holders[r->sub_approver].name);
    }
}

static void gr_delegation(gr *g, const pl_rule *r)
{
    static const char *const style[] = { /* ORDER pl_spectrum */
        "color=" GR_ADVISE ", fontcolor=" GR_ADVISE ", arrowhead=odot",
        "color=" GR_JOINT ", fontcolor=" GR_JOINT ", dir=both, arrowtail=odiamond",
        "",
        "style=bold",
    };
    const remit_policy *p = g->p;
    fputs("    ", g->out);
    if (r->kind == R_GRANT)
        gr_node_ref(g, "p:", p->protocols[r->protocol].name);
    else
        gr_node_ref(g, "h:", p->holders[r->from].name);
    fputs(" -> ", g->out);
    gr_node_ref(g, "h:", p->holders[r->to].name);
    fputs(" [label=\"", g->out);
    gr_bounds(g, r);
    if (r->kind == R_DELEGATE && r->spectrum != SP_DELEGATED) {
        gr_line(g, "as %s", wd_spectrum[r->spectrum]);
    }
    fputc('"', g->out);
    if (r->kind == R_GRANT)
        fputs(", style=dotted, color=" GR_CRISIS ", fontcolor=" GR_CRISIS, g->out);
    else if (r->kind == R_URGENT) /* powers to act for the body, when urgent (SPEC 4.24) */
        fputs(", style=dashed, color=" GR_URGENT ", fontcolor=" GR_URGENT, g->out);
    else if (*style[r->spectrum])
        fprintf(g->out, ", %s", style[r->spectrum]);
    fputs("];\n", g->out);
}

static void gr_escalation(gr *g, const pl_rule *r)
{
    const remit_policy *p = g->p;
    uint32_t t = gr_escalation_target(p, r);
    fputs("    ", g->out);
    if (r->from != PL_NONE)
        gr_node_ref(g, "h:", p->holders[r->from].name);
    else
        gr_node_ref(g, "a:", p->matters[r->matter].name);
    fputs(" -> ", g->out);
    if (t != PL_NONE)
        gr_node_ref(g, "h:", p->holders[t].name);
    else
        fputs("\"n:\"", g->out);
    fputs(" [label=\"", g->out);
    gr_put(g, "%s%s", p->matters[r->matter].name, r->to_next_tier ? " to next tier" : "");
    if (r->when_text) {
        gr_line(g, "when %s", r->when_text);
    }
    if (r->after >= 0) {
        gr_line(g, "after %lld days", (long long)r->after);
    }
    fputs("\", style=dashed, color=" GR_ESCALATE ", fontcolor=" GR_ESCALATE
          ", constraint=false];\n", g->out);
}

/* ---------------------------------------------------------------- graph */

static void gr_draw(gr *g, const bool *protocols)
{
    const remit_policy *p = g->p;
    FILE *out = g->out;
    fputs("digraph remit {\n    graph [fontname=\"Helvetica\", labelloc=t, fontsize=14", out);
    if ((p->title && *p->title) || g->matter != PL_NONE) {
        /* the policy's title, then the one matter drawn: "Expenditure (spend)" */
        fputs(", label=\"", out);
        gr_put(g, "%s", p->title && *p->title ? p->title : "");
        if (p->title && *p->title && p->version && *p->version)
            gr_put(g, " (version %s)", p->version);
        if (g->matter != PL_NONE) {
            const pl_matter *m = &p->matters[g->matter];
            (p->title && *p->title ? gr_line : gr_put)(g, "%s", m->title && *m->title ? m->title : m->name);
            if (m->title && *m->title)
                gr_put(g, " (%s)", m->name);
        }
        fputc('"', out);
    }
    fputs("];\n    node [fontname=\"Helvetica\", fontsize=11];\n"
          "    edge [fontname=\"Helvetica\", fontsize=9];\n", out);
    gr_tiers(g);
    for (uint32_t h = 0; h < p->nholders; h++) {
        int32_t t = p->holders[h].tier;
        if (g->drawn[h] && (t < 0 || (uint32_t)t >= p->ntiers))
            gr_holder(g, h, "    ");
    }
    for (uint32_t i = 0; i < p->nprotocols; i++)
        if (protocols[i])
            gr_protocol(g, &p->protocols[i]);
    for (uint32_t m = 0; m < p->nmatters; m++)
        if (g->any[m]) {
            fputs("    ", out);
            gr_node_ref(g, "a:", p->matters[m].name);
            fputs(" [shape=box, style=\"rounded,dashed\", color=" GR_ESCALATE
                  ", fontcolor=" GR_ESCALATE ", label=\"", out);
            gr_put(g, "any decider of %s", p->matters[m].name);
            fputs("\"];\n", out);
        }
    if (g->next_tier)
        fputs("    \"n:\" [shape=plaintext, fontcolor=" GR_ESCALATE
              ", label=\"next tier up\\n(no body found)\"];\n", out);
    /* reporting lines, drawn from the body reported to, so that it sits above */
    for (uint32_t h = 0; h < p->nholders; h++) {
        const pl_holder *x = &p->holders[h];
        for (uint32_t i = 0; g->drawn[h] && i < x->nparents; i++) {
            if (!g->drawn[x->parents[i]])
                continue;
            fputs("    ", out);
            gr_node_ref(g, "h:", p->holders[x->parents[i]].name);
            fputs(" -> ", out);
            gr_node_ref(g, "h:", x->name);
            fputs(" [color=" GR_REPORTS ", dir=back, arrowtail=empty];\n", out);
        }
    }
    for (uint32_t i = 0; i < p->nrules; i++) {
        const pl_rule *r = &p->rules[i];
        if (!gr_rule_drawn(g, r))
            continue;
        if (r->kind == R_DELEGATE || r->kind == R_URGENT || (r->kind == R_GRANT && r->protocol < p->nprotocols))
            gr_delegation(g, r);
        else if (r->kind == R_ESCALATE)
            gr_escalation(g, r);
    }
    fputs("}\n", out);
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
    gr g = {p, out, PL_NONE, NULL, NULL, NULL, false};
    if (go && go->matter && (g.matter = gr_find_matter(p, go->matter, why, why_size)) == PL_NONE)
        return REMIT_E_ARGUMENT;
    remit_status rc = REMIT_E_NOMEM;
    bool *protocols = rm_calloc(p->nprotocols + 1, sizeof *protocols);
    g.drawn = rm_calloc(p->nholders + 1, sizeof *g.drawn);
    g.notes = rm_calloc((size_t)p->nholders + p->nrules + 1, sizeof *g.notes);
    g.any = rm_calloc(p->nmatters + 1, sizeof *g.any);
    if (!protocols || !g.drawn || !g.notes || !g.any) {
        if (why && why_size)
            snprintf(why, why_size, "out of memory drawing the graph");
        goto done;
    }
    gr_select(&g, protocols);
    gr_draw(&g, protocols);
    rc = ferror(out) ? REMIT_E_WRITE : REMIT_OK;
done:
    rm_free(protocols);
    rm_free(g.drawn);
    rm_free(g.notes);
    rm_free(g.any);
    return rc;
}
