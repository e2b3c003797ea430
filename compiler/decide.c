/*
 * decide.c - the public entry points of evaluation (remit.h): compile a
 * checked session, evaluate a decision file, evaluate a batch of JSON
 * lines.  Reading and typing inputs happens here, per decision; the
 * evaluation itself (eval.c) allocates nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "input.h"

/* A batch line longer than this is refused: a decision is a few hundred
 * bytes, and a bound keeps one bad line from taking the memory of all. */
#define RM_MAX_BATCH_LINE (1u << 20)

remit_policy *remit_compile(remit_session *s)
{
    if (!s || s->nerrors || s->suppressed || s->fatal || !s->files.n)
        return NULL;
    return pl_lower(s);
}

void remit_policy_free(remit_policy *p) { pl_free(p); }

static int exit_for(ev_outcome o)
{
    switch (o) {
    case EV_PERMITTED: return REMIT_EXIT_OK;
    case EV_ESCALATE: return REMIT_EXIT_ESCALATE;
    case EV_REFUSED: return REMIT_EXIT_REFUSED;
    case EV_UNDETERMINED: return REMIT_EXIT_UNDETERMINED;
    }
    return REMIT_EXIT_UNDETERMINED;
}

/* Read and type a history file into h; false after reporting. */
static bool load_history(in_ctx *ic, const char *path, ev_history *h)
{
    uint32_t f = src_read(ic->s, path, path, NULL);
    if (f == UINT32_MAX)
        return false;
    yi_node *root = yi_parse(ic->s, f);
    return root && in_history(ic, root, h);
}

int remit_eval_file(const remit_policy *p, remit_session *s, const char *decision,
                    const char *history, int json, FILE *out)
{
    if (setjmp(s->oom)) {
        dg_plain(s, REMIT_ERROR, "R0014", "out of memory while reading the decision");
        return REMIT_EXIT_USAGE;
    }
    s->arena.oom = &s->oom;
    in_ctx ic;
    in_init(&ic, s, p, &s->arena);
    ev_history h = {0, NULL};
    if (history && !load_history(&ic, history, &h))
        return s->nerrors && !s->files.n ? REMIT_EXIT_USAGE : REMIT_EXIT_INPUT;
    uint32_t f = src_read(s, decision, decision, NULL);
    if (f == UINT32_MAX)
        return REMIT_EXIT_USAGE;
    yi_node *root = yi_parse(s, f);
    ev_decision d;
    if (!root || !in_decision(&ic, root, &d))
        return REMIT_EXIT_INPUT;
    ev_result r;
    ev_evaluate(p, &d, history ? &h : NULL, &r);
    if (json)
        xp_json(out, p, &d, &r);
    else
        xp_text(out, p, &d, &r);
    return exit_for(r.outcome);
}

static long batch_loop(const remit_policy *p, remit_session *s, in_ctx *base,
                       const ev_history *h, FILE *in, FILE *out);

/* One line of a batch, in its own session (so its diagnostics and memory
 * go when it is done); writes its record.  False for an input error. */
static bool batch_line(const remit_policy *p, remit_session *s, in_ctx *base,
                       const ev_history *h, char *line, size_t len, long lineno, FILE *out)
{
    remit_session *ls = remit_session_new(&s->opt);
    if (!ls)
        return false;
    bool ok = false;
    char name[48];
    snprintf(name, sizeof name, "line %ld", lineno);
    if (setjmp(ls->oom) == 0) {
        ls->arena.oom = &ls->oom;
        if (len > RM_MAX_BATCH_LINE) {
            dg_item *g = dg_plain(ls, REMIT_ERROR, "R0711", "this line is longer than %u bytes",
                                  RM_MAX_BATCH_LINE);
            dg_hint(ls, g, "one decision per line; a decision is a few hundred bytes");
        } else {
            uint32_t f = src_add(ls, name, NULL, line, (uint32_t)len, false);
            yi_node *root = yi_parse(ls, f);
            in_ctx ic = *base;
            ic.s = ls;
            ic.errors = 0;
            ev_decision d;
            ok = root && in_decision(&ic, root, &d);
            base->texts = ic.texts; /* new texts stay known to later lines */
            base->ntexts = ic.ntexts;
            if (ok) {
                ev_result r;
                ev_evaluate(p, &d, h, &r);
                fprintf(out, "{\"line\":%ld,\"result\":", lineno);
                xp_json_line(out, p, &d, &r);
                fputs("}\n", out);
            }
        }
    }
    if (!ok) {
        fprintf(out, "{\"line\":%ld,\"error\":", lineno);
        remit_render_json_line(ls, out);
        fputs("}\n", out);
    }
    remit_session_free(ls);
    return ok;
}

long remit_eval_batch(const remit_policy *p, remit_session *s, FILE *in, const char *history,
                      FILE *out)
{
    if (setjmp(s->oom)) {
        dg_plain(s, REMIT_ERROR, "R0014", "out of memory while reading the history");
        return -1;
    }
    s->arena.oom = &s->oom;
    in_ctx *base = ar_alloc(&s->arena, sizeof *base);
    in_init(base, s, p, &s->arena); /* the text table lives as long as s */
    ev_history *h = ar_alloc(&s->arena, sizeof *h);
    if (history && !load_history(base, history, h))
        return -1;
    return batch_loop(p, s, base, history ? h : NULL, in, out);
}

static long batch_loop(const remit_policy *p, remit_session *s, in_ctx *base,
                       const ev_history *h, FILE *in, FILE *out)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0, bad = 0;
    while ((len = getline(&line, &cap, in)) != -1) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        size_t k = 0;
        while (k < (size_t)len && (line[k] == ' ' || line[k] == '\t'))
            k++;
        if (k == (size_t)len)
            continue; /* blank lines carry no decision */
        if (!batch_line(p, s, base, h, line, (size_t)len, lineno, out))
            bad++;
    }
    free(line);
    return bad;
}
