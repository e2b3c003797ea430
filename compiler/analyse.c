/*
 * analyse.c - the driver of the analyses of a whole scheme, and what they
 * share: example decisions (an_case), their YAML and their check through
 * the input reader, the values worth trying for a field, reporting.
 * Prefix an_.  See analyse.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse.h"
#include "explain.h"
#include "input.h"
#include "yamlin.h"

static void protocol_values(an_ctx *c);

bool an_init(an_ctx *c, remit_session *s, const remit_policy *p, an_budget *budget, an_active *active)
{
    uint8_t *has = ar_alloc(&s->arena, p->nmatters + 1);
    for (uint32_t i = 0; i < p->nrules; i++) {
        const pl_rule *r = &p->rules[i];
        if (r->kind == R_ESCALATE)
            has[r->matter] |= (r->after >= 0 ? AN_HAS_AFTER : 0u) | (r->to_next_tier ? AN_HAS_NEXT_TIER : 0u);
    }
    *c = (an_ctx){.s = s, .p = p, .a = &s->arena, .budget = budget, .active = active, .matter_has = has};
    if (lit_date(AN_DATE_TEXT, strlen(AN_DATE_TEXT), &c->date) != LIT_OK)
        return false;
    protocol_values(c);
    return true;
}

void an_run(remit_session *s, const remit_policy *p)
{
    uint64_t total = AN_STEPS_BASE + (uint64_t)AN_STEPS_PER_RULE * p->nrules, used = 0;
    an_budget budget = {0, 0, false};
    an_active active = {0};
    an_ctx c;
    if (!an_init(&c, s, p, &budget, &active))
        return;
    /* one budget for all, of which no analysis may take more than half,
     * so that one that would use it all leaves the others some */
    void (*const analyses[])(an_ctx *) = {an_narrowing, an_escalation, an_quorum,
                                          an_crisis, an_lints, an_coverage};
    bool cut = false;
    for (size_t i = 0; i < sizeof analyses / sizeof analyses[0]; i++) {
        budget.steps = 0;
        budget.limit = total / 2 < total - used ? total / 2 : total - used;
        budget.cut = false;
        analyses[i](&c);
        used += budget.steps;
        cut |= budget.cut;
    }
    if (cut) {
        char d[24], n[32]; /* 12345678 as 12,345,678 */
        int len = snprintf(d, sizeof d, "%llu", (unsigned long long)total), j = 0;
        for (int i = 0; i < len; i++) {
            if (i && (len - i) % 3 == 0)
                n[j++] = ',';
            n[j++] = d[i];
        }
        n[j] = '\0';
        dg_item *g = dg_plain(s, REMIT_WARNING, "R0870",
                              "the analyses were cut short: they would have taken more than the %s "
                              "steps of work they may do, so some findings may be missing", n);
        dg_hint(s, g, "this happens with thousands of rules of one kind in a matter, or a dense web of "
                      "delegations (many holders able to pass authority to each other); split the "
                      "matter, or make the chains plainer");
    }
}

bool an_spend(an_ctx *c, uint64_t n)
{
    an_budget *b = c->budget;
    if (n > b->limit - b->steps) { /* not done, and nothing more is */
        b->steps = b->limit;
        b->cut = true;
        return false;
    }
    b->steps += n;
    return true;
}

void an_charge(an_ctx *c, uint64_t n)
{
    an_budget *b = c->budget;
    if (n < b->limit - b->steps) {
        b->steps += n;
    } else {
        b->steps = b->limit;
        b->cut = true;
    }
}

bool an_spent(const an_ctx *c)
{
    return c->budget->steps >= c->budget->limit;
}

/* ------------------------------------------------------------ reporting */

/* Does line `line` (0-based) of f hold a comment `# remit: accept CODE`
 * followed by a reason? */
static bool accepts_on(const rm_file *f, uint32_t line, const char *code)
{
    if (line >= f->nlines)
        return false;
    const char *t = f->text + f->line_starts[line];
    const char *end = line + 1 < f->nlines ? f->text + f->line_starts[line + 1] : f->text + f->len;
    const char *hash = memchr(t, '#', (size_t)(end - t));
    if (!hash)
        return false;
    static const char word[] = "remit: accept ";
    for (const char *q = hash; q + sizeof word - 1 < end; q++) {
        if (memcmp(q, word, sizeof word - 1) != 0)
            continue;
        q += sizeof word - 1;
        size_t n = strlen(code);
        if ((size_t)(end - q) <= n || memcmp(q, code, n) != 0)
            return false;
        for (q += n; q < end && *q != '\n'; q++) /* a reason: a word after the code */
            if ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z'))
                return true;
        return false;
    }
    return false;
}

/* A warning accepted by a comment on its line or the line above (SPEC 8.2). */
static bool accepted(an_ctx *c, rm_loc loc, const char *code)
{
    const rm_file *f = c->s->files.v[loc.file];
    unsigned line, col;
    dg_linecol(f, loc.start, &line, &col);
    return accepts_on(f, line - 1, code) || (line >= 2 && accepts_on(f, line - 2, code));
}

dg_item *an_report(an_ctx *c, remit_severity sev, rm_loc loc, const char *code, const char *fmt, ...)
{
    if (sev != REMIT_ERROR && accepted(c, loc, code)) {
        c->accepted++;
        return ar_alloc(c->a, sizeof(dg_item)); /* kept nowhere: hints and examples go with it */
    }
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return dg_report(c->s, sev, &loc, code, "%s", msg);
}

/* ---------------------------------------------------------------- cases */

static int64_t neutral(an_ctx *c, const pl_field *f)
{
    switch (f->type) {
    case TY_SCORE: return f->lo;
    case TY_DATE: return c->date;
    case TY_TEXT: return (int64_t)c->p->ntexts; /* a text no rule mentions */
    default: return 0; /* £0, 0, 0 days, 0%, the first choice, {}, lowest tier, false */
    }
}

/* The protocols active in the context d gives, each with its activation
 * date (the decision's) when it expires, else INT64_MIN. */
static void activate(an_ctx *c, const ev_decision *d, int64_t *out)
{
    const remit_policy *p = c->p;
    for (uint32_t i = 0; i < p->nprotocols; i++)
        out[i] = p->protocols[i].expires >= 0 && ev_cond(p, p->protocols[i].active, d) ? d->date
                                                                                     : INT64_MIN;
}

/* k's activation dates: kept ones for its context (an_active), or, past
 * AN_ACTIVE_KEEP contexts, its own. */
static void set_active(an_ctx *c, an_case *k)
{
    const remit_policy *p = c->p;
    an_active *x = c->active;
    ev_decision *d = &k->d;
    size_t bytes = p->ncontext * sizeof *d->context;
    if (x->n && memcmp(x->context[x->last], d->context, bytes) == 0) {
        d->activated = x->activated[x->last];
        k->own_active = false;
        return;
    }
    for (uint32_t i = 0; i < x->n; i++)
        if (memcmp(x->context[i], d->context, bytes) == 0) {
            d->activated = x->activated[x->last = i];
            k->own_active = false;
            return;
        }
    if (x->n < AN_ACTIVE_KEEP) {
        rm_arena *a = &c->s->arena; /* c->a may be a scratch arena freed sooner */
        x->context[x->n] = ar_alloc(a, bytes + 1);
        memcpy(x->context[x->n], d->context, bytes);
        x->activated[x->n] = ar_alloc(a, (p->nprotocols + 1) * sizeof *d->activated);
        activate(c, d, x->activated[x->n]);
        d->activated = x->activated[x->last = x->n++];
        k->own_active = false;
        return;
    }
    if (!k->own_active) {
        d->activated = ar_alloc(c->a, (p->nprotocols + 1) * sizeof *d->activated);
        k->own_active = true;
    }
    activate(c, d, d->activated);
}

void an_case_init(an_ctx *c, an_case *k, uint32_t matter, uint32_t decider)
{
    const remit_policy *p = c->p;
    const pl_matter *m = &p->matters[matter];
    memset(k, 0, sizeof *k);
    ev_decision *d = &k->d;
    d->matter = matter;
    d->decider = decider;
    d->decider_person = -1;
    d->body = p->holders[decider].is_body ? decider : PL_NONE;
    d->date = c->date;
    d->opened = INT64_MIN;
    d->under = PL_NONE;
    d->ratified = INT64_MIN;
    d->fields = ar_alloc(c->a, (m->nfields + 1) * sizeof *d->fields);
    for (uint32_t i = 0; i < m->nfields; i++)
        d->fields[i] = neutral(c, &m->fields[i]);
    d->context = ar_alloc(c->a, (p->ncontext + 1) * sizeof *d->context);
    for (uint32_t i = 0; i < p->ncontext; i++)
        d->context[i] = neutral(c, &p->context[i]);
    d->co = k->co;
    set_active(c, k);
}

void an_case_cosign(an_case *k, uint32_t holder)
{
    for (uint32_t i = 0; i < k->d.nco; i++)
        if (k->co[i] == holder)
            return;
    if (k->d.nco < sizeof k->co / sizeof k->co[0])
        k->co[k->d.nco++] = holder;
}

/* Is h among k's signatories already (the decider, when it counts)? */
static bool signs(const an_case *k, uint32_t h, bool with_decider)
{
    if (with_decider && h == k->d.decider)
        return true;
    for (uint32_t i = 0; i < k->d.nco; i++)
        if (k->co[i] == h)
            return true;
    return false;
}

bool an_case_sign(an_ctx *c, an_case *k, const pl_signers *g, bool with_decider)
{
    const remit_policy *p = c->p;
    uint32_t keep = k->d.nco;
    for (uint32_t a = 0; g && a < g->nalts; a++) {
        k->d.nco = keep;
        const pl_alt *al = &g->alts[a];
        for (uint32_t i = 0; i < al->nslots; i++) {
            const pl_slot *sl = &al->slots[i];
            uint32_t need = sl->count;
            if (!sl->is_kind) {
                for (uint32_t n = 0; n < need && k->d.nco < EV_MAX_SIGNERS; n++)
                    if (!signs(k, sl->who, with_decider) || (p->many && p->many[sl->who]))
                        k->co[k->d.nco++] = sl->who;
                continue;
            }
            uint32_t h = 0; /* until the slot is filled, or no one more can sign */
            for (; h < p->nholders && need && k->d.nco < EV_MAX_SIGNERS; h++) {
                /* someone who signs already is not counted twice (SPEC 7.7) */
                if (!ev_holds_slot(p, h, sl) || signs(k, h, with_decider))
                    continue;
                uint32_t times = p->many && p->many[h] ? need : 1;
                for (uint32_t n = 0; n < times && k->d.nco < EV_MAX_SIGNERS; n++, need--)
                    k->co[k->d.nco++] = h;
            }
            an_charge(c, h + k->d.nco);
        }
        if (ev_signed(p, g, &k->d, with_decider))
            return true;
    }
    k->d.nco = keep;
    return !g;
}

bool an_search(an_ctx *c, an_case *k, bool vary_context, const uint32_t *rules, uint32_t nrules,
               bool (*pred)(an_ctx *, an_case *, void *), void *arg)
{
    const remit_policy *p = c->p;
    const pl_matter *m = &p->matters[k->d.matter];
    uint32_t nf = m->nfields, nv = nf + (vary_context ? p->ncontext : 0);
    /* setting up: the values of each field, from the rules given */
    if (!an_spend(c, (uint64_t)nv * (8 + (rules ? nrules : m->nrules))))
        return false;
    int64_t **vals = ar_alloc(c->a, (nv + 1) * sizeof *vals);
    uint32_t *nval = ar_alloc(c->a, (nv + 1) * sizeof *nval), *at = ar_alloc(c->a, (nv + 1) * sizeof *at);
    for (uint32_t i = 0; i < nv; i++) {
        bool ctx = i >= nf;
        uint32_t f = ctx ? i - nf : i;
        uint32_t n = an_values(c, k->d.matter, f, ctx, rules, nrules, NULL, 0);
        vals[i] = ar_alloc(c->a, (n + 1) * sizeof *vals[i]);
        nval[i] = an_values(c, k->d.matter, f, ctx, rules, nrules, vals[i], n);
        at[i] = 0;
    }
    for (uint32_t tries = 0; tries < AN_MAX_TRIES; tries++) {
        if (!an_spend(c, 2))
            return false;
        for (uint32_t i = 0; i < nv; i++)
            *(i < nf ? &k->d.fields[i] : &k->d.context[i - nf]) = vals[i][at[i]];
        an_case_ready(c, k);
        if (pred(c, k, arg))
            return true;
        uint32_t i = 0; /* the next combination: an odometer, first field fastest */
        while (i < nv && ++at[i] == nval[i])
            at[i++] = 0;
        if (i == nv)
            return false;
    }
    return false;
}

/* The body a role's decision is taken in, when one must be named: the
 * lowest-tier body that lists the role as a member, else the first body. */
static uint32_t body_for(const remit_policy *p, uint32_t role)
{
    uint32_t best = PL_NONE;
    for (uint32_t h = p->nroles; h < p->nholders; h++) {
        const pl_holder *b = &p->holders[h];
        bool member = false;
        for (uint32_t i = 0; i < b->nmembers && !member; i++)
            member = b->members[i].role == role;
        if (member && (best == PL_NONE || b->tier < p->holders[best].tier))
            best = h;
    }
    return best != PL_NONE ? best : p->nroles < p->nholders ? p->nroles : PL_NONE;
}

static uint32_t chair_of(const remit_policy *p, const ev_decision *d);

bool an_case_meeting(an_ctx *c, an_case *k, uint32_t b, uint32_t away)
{
    const remit_policy *p = c->p;
    const pl_holder *h = &p->holders[b];
    int64_t n = 0;
    for (uint32_t i = 0; i < h->nmembers; i++)
        n += h->members[i].hi < 0 ? h->members[i].lo : h->members[i].hi;
    if (n < 1 || n > (int64_t)AN_MAX_SEATS)
        return false;
    ev_decision *d = &k->d;
    d->meeting = true;
    d->natt = 0;
    d->att = ar_alloc(c->a, (size_t)n * sizeof *d->att);
    for (uint32_t i = 0; i < h->nmembers; i++) {
        const struct pl_member *mm = &h->members[i];
        for (int64_t s = 0; s < (mm->hi < 0 ? mm->lo : mm->hi); s++) {
            ev_attendee *a = &d->att[d->natt++];
            a->holder = mm->role;
            a->person = -1;
            a->person_name = NULL;
            a->present = !(mm->role == away);
            if (!a->present)
                away = PL_NONE; /* one absence only */
        }
    }
    d->seats = d->natt; /* every seat listed */
    an_case_chair(c, k);
    return true;
}

void an_case_chair(an_ctx *c, an_case *k)
{
    /* who presides, where the body says who may (a decision must then say
     * it, 7.10): evaluated as it will be written */
    ev_decision *d = &k->d;
    for (uint32_t i = 0; i < d->natt; i++)
        d->att[i].presiding = false;
    uint32_t chair = chair_of(c->p, d);
    if (chair != PL_NONE)
        d->att[chair].presiding = true;
}

void an_case_ready(an_ctx *c, an_case *k)
{
    const remit_policy *p = c->p;
    ev_decision *d = &k->d;
    /* a body decides at a meeting, whose attendance the decision must give
     * (7.10): a full one, every seat present */
    if (d->decider < p->nholders && p->holders[d->decider].is_body && p->holders[d->decider].nquorum &&
        !d->meeting)
        an_case_meeting(c, k, d->decider, PL_NONE);
    set_active(c, k);
    uint8_t has = c->matter_has[d->matter];
    /* raised today: no `after` has run */
    d->opened = has & AN_HAS_AFTER ? d->date : INT64_MIN;
    if (has & AN_HAS_NEXT_TIER && d->body == PL_NONE && !p->holders[d->decider].is_body)
        d->body = body_for(p, d->decider);
}

void an_case_eval(an_ctx *c, const an_case *k, ev_result *r)
{
    ev_evaluate_bare(c->p, &k->d, NULL, r);
    an_charge(c, (uint64_t)r->steps * AN_CHAIN_STEP + c->p->matters[k->d.matter].nrules);
}

const char *an_outcome_text(an_ctx *c, const ev_result *r)
{
    if (r->outcome != EV_ESCALATE)
        return xp_outcome_word(r->outcome); /* the one table of outcome words */
    return ar_printf(c->a, "escalate to %s", r->target < c->p->nholders ? c->p->holders[r->target].name : "?");
}

/* ---------------------------------------------------------- as YAML */

void an_value_text(an_ctx *c, const pl_field *f, int64_t v, char *buf, size_t n)
{
    xp_value_text(c->p, f, v, true, buf, n);
}

/* The case as one line of YAML, in the order of SPEC 7.1. */
/* Who presides at the meeting of case d, when its body says who does
 * (SPEC 4.7, 7.10), for an example that reads back as it was evaluated:
 * a member of the first place of `chaired by` that one present fills,
 * else the first present whom `never chaired by` does not name; PL_NONE
 * when the body says nothing of it, or no one is present. */
static uint32_t chair_of(const remit_policy *p, const ev_decision *d)
{
    const pl_holder *b = &p->holders[d->decider];
    if (!pl_is_body(p, d->decider) || (!b->nchairs && !b->nnever))
        return PL_NONE;
    for (uint32_t j = 0; j < b->nchairs; j++)
        for (uint32_t i = 0; i < d->natt; i++)
            if (d->att[i].present && ev_chair_fits(p, &b->chairs[j], d->att[i].holder))
                return i;
    uint32_t first = PL_NONE;
    for (uint32_t i = 0; i < d->natt; i++) {
        bool never = false;
        for (uint32_t j = 0; j < b->nnever && !never; j++)
            never = ev_chair_fits(p, &b->never[j], d->att[i].holder);
        if (d->att[i].present && first == PL_NONE)
            first = i;
        if (d->att[i].present && !never)
            return i;
    }
    return first;
}

char *an_case_yaml(an_ctx *c, const an_case *k)
{
    const remit_policy *p = c->p;
    const ev_decision *d = &k->d;
    const pl_matter *m = &p->matters[d->matter];
    size_t cap = 512 + 160 * (m->nfields + p->ncontext + p->nprotocols + d->nco + d->natt);
    char *b = ar_alloc(c->a, cap), v[160], day[16];
    size_t u = 0;
#define PUT(...) (u += (size_t)snprintf(b + u, u < cap ? cap - u : 0, __VA_ARGS__))
    PUT("{ matter: %s, decider: %s", m->name, p->holders[d->decider].name);
    if (d->body != PL_NONE && d->body != d->decider)
        PUT(", body: %s", p->holders[d->body].name);
    lit_format_date(d->date, day, sizeof day);
    PUT(", date: %s", day);
    if (d->opened != INT64_MIN) {
        lit_format_date(d->opened, day, sizeof day);
        PUT(", opened: %s", day);
    }
    if (m->nfields) {
        PUT(", fields: {");
        for (uint32_t i = 0; i < m->nfields; i++) {
            an_value_text(c, &m->fields[i], d->fields[i], v, sizeof v);
            PUT("%s %s: %s", i ? "," : "", m->fields[i].name, v);
        }
        PUT(" }");
    }
    if (d->nco) {
        PUT(", co_signatories: [");
        for (uint32_t i = 0; i < d->nco; i++)
            PUT("%s%s", i ? ", " : "", p->holders[d->co[i]].name);
        PUT("]");
    }
    if (p->ncontext) {
        PUT(", context: {");
        for (uint32_t i = 0; i < p->ncontext; i++) {
            an_value_text(c, &p->context[i], d->context[i], v, sizeof v);
            PUT("%s %s: %s", i ? "," : "", p->context[i].name, v);
        }
        PUT(" }");
    }
    bool any = false;
    for (uint32_t i = 0; i < p->nprotocols; i++)
        if (d->activated[i] != INT64_MIN) {
            lit_format_date(d->activated[i], day, sizeof day);
            PUT("%s %s: %s", any ? "," : ", activated: {", p->protocols[i].name, day);
            any = true;
        }
    if (any)
        PUT(" }");
    if (d->meeting) { /* a meeting: who sat, by role, who came, and who presided */
        PUT(", attendance: [");
        for (uint32_t i = 0; i < d->natt; i++)
            PUT("%s{ role: %s, present: %s%s }", i ? ", " : "", p->holders[d->att[i].holder].name,
                d->att[i].present ? "true" : "false", d->att[i].presiding ? ", presiding: true" : "");
        PUT("]");
    }
    PUT(" }");
#undef PUT
    return u < cap ? b : NULL;
}

/* Read the YAML back as `remit eval` would, in a session of its own, and
 * evaluate it: does it give the same answer? */
typedef struct back_call {
    an_ctx *c;
    remit_session *s;
    const char *yaml;
    const ev_result *want;
    bool same;
} back_call;

static void read_back(void *arg)
{
    back_call *b = arg;
    an_ctx *c = b->c;
    remit_session *s = b->s;
    uint32_t f = src_add(s, "example", NULL, b->yaml, (uint32_t)strlen(b->yaml), false);
    yi_node *root = yi_parse(s, f);
    in_ctx ic;
    in_init(&ic, s, c->p, &s->arena);
    ev_decision d;
    if (root && in_decision(&ic, root, &d)) {
        ev_result r;
        ev_evaluate_bare(c->p, &d, NULL, &r);
        an_charge(c, (uint64_t)r.steps * AN_CHAIN_STEP + c->p->matters[d.matter].nrules);
        b->same = r.outcome == b->want->outcome && r.target == b->want->target;
    }
}

/* Memory running out in the example's session is running out in the
 * check: the session is on the check's cleanup list meanwhile. */
static bool reads_back(an_ctx *c, const char *yaml, const ev_result *want)
{
    remit_session *s = remit_session_new(&c->s->opt);
    if (!s)
        rm_unwind(&c->s->arena);
    rm_cleanup_push(c->s, rm_session_cleanup, s);
    back_call b = {c, s, yaml, want, false};
    bool done = rm_protect(s, read_back, &b);
    rm_cleanup_pop(c->s, s);
    remit_session_free(s);
    if (!done)
        rm_unwind(&c->s->arena);
    return b.same;
}

bool an_example(an_ctx *c, dg_item *g, const an_case *k)
{
    ev_result r;
    an_case_eval(c, k, &r);
    char *yaml = an_case_yaml(c, k);
    if (!yaml || !reads_back(c, yaml, &r))
        return false;
    g->example = yaml;
    g->outcome = an_outcome_text(c, &r);
    return true;
}

/* ------------------------------------------------------------- values */

static int cmp64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* A score of at most this many values that a condition puts in
 * arithmetic (`likelihood * consequence >= 15`) is tried at every value. */
#define AN_SCORE_EVERY 64

static void add_near(int64_t v, int span, int64_t *out, uint32_t *k, uint32_t max)
{
    for (int64_t dlt = -span; dlt <= span; dlt++)
        if (*k < max && !__builtin_add_overflow(v, dlt, &out[*k]))
            (*k)++;
}

/* Is node x field (or context value) f itself, or a total of field f?
 * The analyses look at one decision at a time, with no history, where a
 * total is the decision's own value (SPEC 5.7, 8.2). */
static bool is_var(const pl_node *x, uint8_t want, uint32_t f)
{
    return (x->op == want && x->a == f) || (want == N_FIELD && x->op == N_TOTAL && x->b == f);
}

/* Does node n read the field (or context value) f? */
static bool reads(const remit_policy *p, uint32_t n, uint8_t want, uint32_t f)
{
    if (n == PL_NONE)
        return false;
    const pl_node *x = &p->nodes[n];
    if (x->op == N_FIELD || x->op == N_CTX || x->op == N_TOTAL)
        return is_var(x, want, f);
    uint32_t a, b;
    pl_operands(x, &a, &b);
    return reads(p, a, want, f) || reads(p, b, want, f);
}

/* The values of f at which arithmetic node n (which reads f, once or
 * more) is t, and either side: exact where every other operand on the
 * way down is a fixed value (`qty * 3 > 10` is cut at 3 and 4); where
 * another operand varies (`a * b`), nothing (a small score is tried at
 * every value instead: constants). */
static void solve_near(const remit_policy *p, uint32_t n, uint8_t want, uint32_t f, int64_t t, int span,
                       int64_t spread, int64_t *out, uint32_t *k, uint32_t max);

static void solve(const remit_policy *p, uint32_t n, uint8_t want, uint32_t f, int64_t t, int span,
                  int64_t *out, uint32_t *k, uint32_t max)
{
    solve_near(p, n, want, f, t, span, 0, out, k, max);
}

/* solve, where the value sought is t or up to `spread` either side of
 * it: calendar months do not undo exactly (a month end is cut short), so
 * var + k months = t is sought within 3 days of t - k months, and each
 * further `+ months` on the way down widens that by 3 (at most 31). */
static void solve_near(const remit_policy *p, uint32_t n, uint8_t want, uint32_t f, int64_t t, int span,
                       int64_t spread, int64_t *out, uint32_t *k, uint32_t max)
{
    const pl_node *x = &p->nodes[n];
    if (*k >= max)
        return;
    if (is_var(x, want, f)) {
        int64_t v;
        for (int64_t d = -spread; d <= spread; d++)
            if (!__builtin_add_overflow(t, d, &v))
                add_near(v, span, out, k, max);
        return;
    }
    if (x->op == N_ADDMONTHS) {
        if (t > -LIT_DAY_FAR && t < LIT_DAY_FAR)
            solve_near(p, x->a, want, f, lit_add_months(t, -x->k), span, spread + 3 > 31 ? 31 : spread + 3, out, k,
                       max);
        return;
    }
    if (x->op == N_NEG) {
        if (t != INT64_MIN)
            solve_near(p, x->a, want, f, -t, span, spread, out, k, max);
        return;
    }
    if (x->op != N_ADD && x->op != N_SUB && x->op != N_MUL)
        return;
    const pl_node *a = &p->nodes[x->a], *b = &p->nodes[x->b];
    bool left = b->op == N_CONST; /* f is on the left, and the right is fixed */
    if (!left && a->op != N_CONST)
        return;
    uint32_t var = left ? x->a : x->b;
    int64_t c = left ? b->k : a->k, v;
    switch (x->op) {
    case N_ADD: /* var + c = t, c + var = t */
        if (!__builtin_sub_overflow(t, c, &v))
            solve_near(p, var, want, f, v, span, spread, out, k, max);
        return;
    case N_SUB: /* var - c = t; c - var = t */
        if (left ? !__builtin_add_overflow(t, c, &v) : !__builtin_sub_overflow(c, t, &v))
            solve_near(p, var, want, f, v, span, spread, out, k, max);
        return;
    default: /* var * c = t: the whole numbers either side of t / c */
        if (c == 0 || (c == -1 && t == INT64_MIN))
            return;
        v = t / c; /* rounded toward zero; the other side is one further off */
        solve_near(p, var, want, f, v, span, spread, out, k, max);
        if (v * c != t)
            solve_near(p, var, want, f, (t < 0) != (c < 0) ? v - 1 : v + 1, span, spread, out, k, max);
        return;
    }
}

/* Is node n a value fixed for every case — made of constants and the
 * decision's date (every case is taken on AN_DATE_TEXT), with arithmetic
 * and calendar months ("date - 6 months")?  Its value in *v. */
static bool fixed_value(const remit_policy *p, uint32_t n, int64_t *v)
{
    if (n == PL_NONE)
        return false;
    const pl_node *x = &p->nodes[n];
    int64_t a, b;
    switch (x->op) {
    case N_CONST: *v = x->k; return true;
    case N_DATE: return lit_date(AN_DATE_TEXT, strlen(AN_DATE_TEXT), v) == LIT_OK;
    case N_NEG: return fixed_value(p, x->a, &a) && !__builtin_sub_overflow((int64_t)0, a, v);
    case N_ADDMONTHS:
        if (!fixed_value(p, x->a, &a) || a <= -LIT_DAY_FAR || a >= LIT_DAY_FAR)
            return false;
        *v = lit_add_months(a, x->k);
        return true;
    case N_ADD: return fixed_value(p, x->a, &a) && fixed_value(p, x->b, &b) && !__builtin_add_overflow(a, b, v);
    case N_SUB: return fixed_value(p, x->a, &a) && fixed_value(p, x->b, &b) && !__builtin_sub_overflow(a, b, v);
    case N_MUL: return fixed_value(p, x->a, &a) && fixed_value(p, x->b, &b) && !__builtin_mul_overflow(a, b, v);
    default: return false;
    }
}

/* Constants that node n compares field (or context value) f with, and
 * (span 1) the values either side; where f is compared through
 * arithmetic, the values of f that bring the arithmetic to the constant
 * (solve), and, for a score of at most AN_SCORE_EVERY values (fd), every
 * value it can take. */
static void constants(const remit_policy *p, uint32_t n, uint32_t f, const pl_field *fd, bool ctx,
                      int span, int64_t *out, uint32_t *k, uint32_t max)
{
    if (n == PL_NONE)
        return;
    const pl_node *x = &p->nodes[n];
    uint8_t want = ctx ? N_CTX : N_FIELD;
    switch (x->op) {
    case N_CMP: {
        const pl_node *a = &p->nodes[x->a], *b = &p->nodes[x->b];
        const pl_node *var = is_var(a, want, f) ? a : is_var(b, want, f) ? b : NULL;
        int64_t t;
        if (var && fixed_value(p, var == a ? x->b : x->a, &t))
            add_near(t, span, out, k, max);
        for (int side = 0; side < 2 && !var; side++) {
            uint32_t e = side ? x->b : x->a;
            if (!reads(p, e, want, f))
                continue;
            if (fixed_value(p, side ? x->a : x->b, &t))
                solve(p, e, want, f, t, span, out, k, max);
            if (fd->type == TY_SCORE && fd->hi - fd->lo < AN_SCORE_EVERY)
                for (int64_t v = fd->lo; v <= fd->hi && *k < max; v++)
                    out[(*k)++] = v;
        }
        constants(p, x->a, f, fd, ctx, span, out, k, max);
        constants(p, x->b, f, fd, ctx, span, out, k, max);
        return;
    }
    case N_AND: case N_OR: case N_ADD: case N_SUB: case N_MUL:
        constants(p, x->a, f, fd, ctx, span, out, k, max);
        constants(p, x->b, f, fd, ctx, span, out, k, max);
        return;
    case N_NOT: case N_NEG: case N_ADDMONTHS:
        constants(p, x->a, f, fd, ctx, span, out, k, max);
        return;
    default:
        return;
    }
}

/* The values every protocol's `active when` makes worth trying for each
 * context value, found once (an_values would otherwise look at every
 * protocol for every search): sorted, without repeats. */
static void protocol_values(an_ctx *c)
{
    const remit_policy *p = c->p;
    c->active_values = ar_alloc(c->a, (p->ncontext + 1) * sizeof *c->active_values);
    c->nactive_values = ar_alloc(c->a, (p->ncontext + 1) * sizeof *c->nactive_values);
    int64_t tmp[4096 + 1];
    for (uint32_t f = 0; f < p->ncontext; f++) {
        uint32_t k = 0, n = 0;
        int span = p->context[f].type == TY_TEXT ? 0 : 1;
        for (uint32_t i = 0; i < p->nprotocols; i++) {
            constants(p, p->protocols[i].active, f, &p->context[f], true, span, tmp, &k, 4096);
            if (k == 4096) { /* full: keep the distinct ones, and go on while any are new */
                qsort(tmp, k, sizeof *tmp, cmp64);
                for (uint32_t j = n = 0; j < k; j++)
                    if (!n || tmp[j] != tmp[n - 1])
                        tmp[n++] = tmp[j];
                if ((k = n) == 4096)
                    break;
            }
        }
        qsort(tmp, k, sizeof *tmp, cmp64);
        for (uint32_t j = n = 0; j < k; j++)
            if (!n || tmp[j] != tmp[n - 1])
                tmp[n++] = tmp[j];
        c->active_values[f] = ar_alloc(c->a, (n + 1) * sizeof *tmp);
        memcpy(c->active_values[f], tmp, n * sizeof *tmp);
        c->nactive_values[f] = n;
    }
}

uint32_t an_values(an_ctx *c, uint32_t matter, uint32_t field, bool is_context,
                   const uint32_t *rules, uint32_t nrules, int64_t *out, uint32_t max)
{
    const remit_policy *p = c->p;
    const pl_field *f = is_context ? &p->context[field] : &p->matters[matter].fields[field];
    uint32_t n = 0;
    switch (f->type) {
    case TY_BOOL:
        for (int64_t v = 0; v <= 1 && n < max; v++)
            out[n++] = v;
        return 2;
    case TY_ENUM:
        for (uint32_t i = 0; i < f->nchoices && n < max; i++)
            out[n++] = i;
        return f->nchoices;
    case TY_TIER:
        for (uint32_t i = 0; i < p->ntiers && n < max; i++)
            out[n++] = i;
        return p->ntiers;
    case TY_SET: /* the empty set and each choice alone */
        if (n < max)
            out[n++] = 0;
        for (uint32_t i = 0; i < f->nchoices && n < max; i++)
            out[n++] = (int64_t)((uint64_t)1 << i);
        return f->nchoices + 1;
    default:
        break;
    }
    /* numbers, money, dates, days, percentages, scores, texts: the
     * constants the rules compare it with, and either side */
    uint32_t k = 0;
    int span = f->type == TY_TEXT ? 0 : 1; /* a text is one the policy writes, or none */
    int64_t tmp[4096 + 1]; /* on the stack: an_values runs for every field of every search */
    tmp[k++] = neutral(c, f);
    const pl_matter *m = &p->matters[matter];
    if (!rules) {
        rules = m->rules;
        nrules = m->nrules;
    }
    for (uint32_t i = 0; i < nrules; i++) {
        const pl_rule *r = &p->rules[rules[i]];
        constants(p, r->when, field, f, is_context, span, tmp, &k, 4096);
        constants(p, r->limit, field, f, is_context, span, tmp, &k, 4096);
        if (!is_context && field == m->money_field && r->upto >= 0)
            for (int64_t dlt = -1; dlt <= 1; dlt++)
                if (k < 4096)
                    tmp[k++] = r->upto + dlt;
        /* a cumulative limit's ceiling: with no earlier decisions the
         * total is the decision's own value */
        if (!is_context && r->kind == R_LIMIT && field == r->total_field && r->ceiling >= 0)
            for (int64_t dlt = -1; dlt <= 1; dlt++)
                if (k < 4096)
                    tmp[k++] = r->ceiling + dlt;
    }
    for (uint32_t i = 0; is_context && i < c->nactive_values[field] && k < 4096; i++)
        tmp[k++] = c->active_values[field][i];
    c->values_cut = k >= 4096;
    qsort(tmp, k, sizeof *tmp, cmp64);
    for (uint32_t i = 0; i < k; i++) {
        int64_t v = tmp[i];
        bool ok = (i == 0 || v != tmp[i - 1]);
        if (f->type == TY_SCORE)
            ok &= v >= f->lo && v <= f->hi;
        if (f->type == TY_MONEY || f->type == TY_DAYS || f->type == TY_PERCENT || f->type == TY_NUMBER)
            ok &= v >= 0; /* as a decision can give them (7.1) */
        if (ok) {
            if (n < max)
                out[n] = v;
            n++;
        }
    }
    return n;
}
