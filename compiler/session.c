/*
 * session.c - the public entry points of libremit (remit.h): a session
 * owns an arena, the files read and the diagnostics found.  A check is a
 * protected call (arena.c): running out of memory anywhere in it lands
 * here, as R0014.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <sys/stat.h>

#include "analyse.h"
#include "input.h"
#include "internal.h"

remit_session *remit_session_new(const remit_options *opts)
{
    remit_session *s = rm_calloc(1, sizeof *s);
    if (!s)
        return NULL;
    if (opts)
        s->opt = *opts;
    /* no recovery point until an entry point makes a protected call:
     * outside one, running out of memory aborts (rm_unwind) */
    return s;
}

void remit_session_free(remit_session *s)
{
    if (!s)
        return;
    ar_free_all(&s->arena);
    rm_free(s);
}

void rm_session_cleanup(void *s) { remit_session_free(s); }

/* Make s as it was new, with the same options, for the next input: its
 * memory, files, diagnostics and counts all go.  Batch mode reads every
 * line in one session this way instead of making one per line.  The
 * arena's recovery point is kept, so a reset inside a protected call
 * still unwinds to it. */
void rm_session_reset(remit_session *s)
{
    remit_options opt = s->opt;
    ar_reset(&s->arena);
    rm_arena arena = s->arena;
    memset(s, 0, sizeof *s);
    s->arena = arena;
    s->opt = opt;
}

static remit_status verdict(const remit_session *s)
{
    if (s->nerrors || s->suppressed)
        return REMIT_E_POLICY;
    if (s->opt.deny_warnings && s->nwarnings)
        return REMIT_E_POLICY;
    return REMIT_OK;
}

/* Check a file already registered as s->files[idx]. */
/* The register of the options read against policy p and checked on its
 * own (SPEC 8.3): its faults as for `remit eval`, then what it owes. */
static remit_status check_register(remit_session *s, const remit_policy *p)
{
    size_t errors = s->nerrors;
    int64_t on = INT64_MIN;
    const char *day = s->opt.register_on;
    if (day && lit_date(day, strlen(day), &on) != LIT_OK) {
        dg_item *d = dg_plain(s, REMIT_ERROR, "R0104", "'%s' is not a date to check the register on", day);
        dg_hint(s, d, "write the day as YYYY-MM-DD, e.g. 2026-11-20");
        return REMIT_E_ARGUMENT;
    }
    in_ctx ic;
    in_init(&ic, s, p, &s->arena);
    uint32_t f = rm_open_input(s, s->opt.register_file, NULL);
    if (f == UINT32_MAX)
        return REMIT_E_UNREADABLE;
    const yi_node *root = rm_read_input(s, f);
    if (root && in_register(&ic, root))
        in_register_findings(&ic, root, on);
    return s->nerrors != errors ? REMIT_E_INPUT : REMIT_OK; /* its faults, as `remit eval`'s (11.6) */
}

static remit_status check_loaded(remit_session *s, uint32_t idx)
{
    rs_load_root(s, idx);
    if (!s->fatal)
        ck_check(s);
    /* the root file should say what it is */
    bool header = false;
    for (uint32_t i = 0; i < s->decls.n; i++) {
        rm_decl *d = s->decls.v[i];
        header |= d->kind == D_POLICY && d->loc.file == idx;
    }
    if (!header && s->decls.n && !s->fatal && !s->nerrors) {
        rm_loc l = {idx, 0, 0};
        dg_item *d = dg_warning(s, l, "R0601", "this policy does not say what it is");
        dg_hint(s, d, "begin with a line such as: policy \"ICB scheme of delegation\" version \"2026.1\"");
    }
    remit_status reg = REMIT_OK;
    if ((s->opt.analyse || s->opt.register_file) && s->decls.n && !s->fatal && !s->nerrors && !s->suppressed) {
        remit_policy *p = pl_lower(s);
        rm_cleanup_push(s, pl_cleanup, p);
        if (s->opt.analyse)
            an_run(s, p);
        if (s->opt.register_file && !s->nerrors)
            reg = check_register(s, p);
        rm_cleanup_pop(s, p);
        pl_free(p);
    }
    return reg != REMIT_OK ? reg : verdict(s);
}

/* Out of memory inside a check: one message. */
static remit_status out_of_memory(remit_session *s)
{
    dg_nomem(s, "out of memory while reading the policy");
    return REMIT_E_NOMEM;
}

void remit_session_reset(remit_session *s)
{
    if (s)
        rm_session_reset(s);
}

/* A session checks one policy: checking again starts afresh, so that two
 * policies are never merged and old diagnostics never shown again. */
static void fresh(remit_session *s)
{
    if (s->files.n || s->diags.n || s->decls.n)
        rm_session_reset(s);
}

typedef struct check_call {
    remit_session *s;
    const char *path;                  /* a file, or: */
    const char *name, *text;
    size_t len;
    remit_status rc;
} check_call;

static void check_file(void *arg)
{
    check_call *c = arg;
    uint32_t idx = src_read(c->s, c->path, c->path, NULL);
    c->rc = idx == UINT32_MAX ? REMIT_E_UNREADABLE : check_loaded(c->s, idx);
}

static void check_buffer(void *arg)
{
    check_call *c = arg;
    remit_session *s = c->s;
    if (c->len > RM_MAX_FILE_BYTES) {
        dg_item *d = dg_plain(s, REMIT_ERROR, "R0011", "'%s' is larger than the %u MiB a policy may be",
                              c->name, RM_MAX_FILE_BYTES >> 20);
        dg_hint(s, d, "split the policy into several files joined with `use`");
        c->rc = REMIT_E_UNREADABLE;
        return;
    }
    /* relative imports resolve against the folder the name is in, taken
     * as a canonical path (so "./p.remit" and "p.remit" agree) */
    const char *name = c->name;
    char dir[PATH_MAX], real[PATH_MAX * 2];
    const char *slash = strrchr(name, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - name) : 1, slash ? name : ".");
    char canon[PATH_MAX];
    if (realpath(slash == name ? "/" : dir, canon))
        snprintf(real, sizeof real, "%s/%s", canon, slash ? slash + 1 : name);
    else
        snprintf(real, sizeof real, "%s", name);
    uint32_t idx = src_add(s, name, real, c->text ? c->text : "", (uint32_t)c->len, false);
    c->rc = check_loaded(s, idx);
}

remit_status remit_check_file(remit_session *s, const char *path)
{
    if (!s || !path)
        return REMIT_E_ARGUMENT;
    fresh(s);
    check_call c = {.s = s, .path = path};
    return rm_protect(s, check_file, &c) ? c.rc : out_of_memory(s);
}

remit_status remit_check_buffer(remit_session *s, const char *name, const char *text, size_t len)
{
    if (!s || !name || (!text && len))
        return REMIT_E_ARGUMENT;
    fresh(s);
    check_call c = {.s = s, .name = name, .text = text, .len = len};
    return rm_protect(s, check_buffer, &c) ? c.rc : out_of_memory(s);
}

size_t remit_lines_read(const remit_session *s) { return s->lines; }

int remit_session_has_read(const remit_session *s, const char *path)
{
    struct stat want, st;
    if (!s || stat(path, &want) != 0)
        return 0; /* a file that does not exist has not been read */
    for (uint32_t i = 0; i < s->files.n; i++) {
        const rm_file *f = s->files.v[i];
        if (f->real && stat(f->real, &st) == 0 && st.st_dev == want.st_dev && st.st_ino == want.st_ino)
            return 1;
    }
    return 0;
}

/* ---- what a bulk run read ---------------------------------------------- */

static uint64_t mix64(uint64_t x)
{
    x += UINT64_C(0x9E3779B97F4A7C15);
    x = (x ^ (x >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94D049BB133111EB);
    return x ^ (x >> 31);
}

uint64_t rm_fnv(uint64_t h, const char *t, size_t n)
{
    for (size_t k = 0; k < n; k++)
        h = (h ^ (unsigned char)t[k]) * UINT64_C(1099511628211);
    return h;
}

static uint64_t fnv(const char *t, size_t n)
{
    return rm_fnv(RM_FNV_START, t, n);
}

uint64_t rm_inputs_hash(const remit_policy *p, const remit_session *s)
{
    uint64_t h = mix64(p->nholders ^ mix64(p->nmatters ^ mix64(p->nrules ^ mix64(p->nprotocols))));
    for (uint32_t i = 0; i < p->nholders; i++)
        h = mix64(h ^ fnv(p->holders[i].name, strlen(p->holders[i].name)));
    for (uint32_t i = 0; i < p->nmatters; i++)
        h = mix64(h ^ fnv(p->matters[i].name, strlen(p->matters[i].name)));
    for (uint32_t i = 0; i < p->nprotocols; i++)
        h = mix64(h ^ fnv(p->protocols[i].name, strlen(p->protocols[i].name)));
    for (uint32_t i = 0; i < p->nrules; i++) {
        const pl_rule *q = &p->rules[i];
        h = mix64(h ^ (q->text ? fnv(q->text, strlen(q->text)) : 0));
        h = mix64(h ^ mix64((uint64_t)q->upto ^ mix64((uint64_t)q->after ^ mix64((uint64_t)q->ceiling ^ q->kind))));
    }
    for (uint32_t f = 0; f < s->files.n; f++) {
        const rm_file *x = s->files.v[f];
        h = mix64(h ^ (x->streamed ? x->hash : x->text ? fnv(x->text, x->len) : 0));
    }
    return h;
}
