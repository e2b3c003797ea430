/*
 * resolve.c - loading a policy: the root file, then every file it `use`s,
 * depth first.  `use nhs.tiers` names a module of the standard library
 * (stdlib-policies/nhs/tiers.remit); `use "roles.remit"` names a file
 * relative to the file that uses it, which must stay inside the policy's
 * root directory.  A file used twice is read once; a cycle is an error.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#ifndef REMIT_STDLIB_DIR
#define REMIT_STDLIB_DIR "/usr/local/share/remit/stdlib-policies"
#endif

typedef struct rs {
    remit_session *s;
    uint32_t stack[RM_MAX_IMPORT_DEPTH + 1];
    unsigned depth;
    const char *stdlib_real;
    rm_symtab loaded;           /* canonical path -> file (rm_sym.index): a `use`
                                   costs one look-up, however many files there are */
} rs;

static bool under_dir(const char *real, const char *dir)
{
    size_t n = strlen(dir);
    return dir[0] && strncmp(real, dir, n) == 0 && (real[n] == '/' || (n == 1 && dir[0] == '/'));
}

static void rs_load(rs *r, uint32_t file);

static void rs_use(rs *r, rm_decl *d)
{
    remit_session *s = r->s;
    const rm_file *from = s->files.v[d->loc.file];
    const rm_name *p = &d->u.use.path;
    char path[PATH_MAX];
    dg_item *g;
    d->u.use.target = UINT32_MAX; /* until the file is found */

    if (p->len > RM_MAX_TOKEN_BYTES)
        return; /* the scanner has said the name is too long */

    if (d->u.use.is_file) {
        const char *slash = strrchr(from->real, '/');
        int dirlen = slash ? (int)(slash - from->real) : 0;
        if (p->len == 0 || p->s[0] == '/') {
            g = dg_error(s, p->loc, "R0303", "'%.*s' is not a path inside the policy's folder",
                         (int)p->len, p->s);
            dg_hint(s, g, "write a path relative to this file, e.g. use \"roles.remit\"");
            return;
        }
        snprintf(path, sizeof path, "%.*s/%.*s", dirlen, from->real, (int)p->len, p->s);
    } else {
        const char *dir = r->stdlib_real;
        int n = snprintf(path, sizeof path, "%s/", dir);
        for (uint32_t i = 0; i < p->len && n < (int)sizeof path - 8; i++)
            path[n++] = p->s[i] == '.' ? '/' : p->s[i];
        snprintf(path + n, sizeof path - (size_t)n, ".remit");
    }

    char real[PATH_MAX];
    if (!realpath(path, real)) {
        if (d->u.use.is_file) {
            g = dg_error(s, p->loc, "R0301", "cannot find the file '%.*s'", (int)p->len, p->s);
            dg_hint(s, g, "paths are relative to the file that uses them");
        } else {
            g = dg_error(s, p->loc, "R0304", "'%.*s' is not a module of the standard library",
                         (int)p->len, p->s);
            dg_hint(s, g, "the modules are the .remit files under stdlib-policies/, e.g. use nhs.tiers");
        }
        return;
    }
    bool in_stdlib = under_dir(real, r->stdlib_real);
    if (d->u.use.is_file && !in_stdlib && !under_dir(real, s->root_dir)) {
        g = dg_error(s, p->loc, "R0303", "'%.*s' is outside the policy's folder",
                     (int)p->len, p->s);
        dg_hint(s, g, "a policy may use only files in its own folder and below, so that "
                      "what is checked is what is published");
        return;
    }
    const rm_sym *seen = sym_find(&r->loaded, real, (uint32_t)strlen(real));
    if (seen) {
        uint32_t i = seen->index;
        d->u.use.target = i;
        rm_file *f = s->files.v[i];
        if (f->state == 1) {
            char chain[1024];
            size_t used = 0;
            bool on = false;
            for (unsigned k = 0; k < r->depth; k++) {
                rm_file *sf = s->files.v[r->stack[k]];
                on |= r->stack[k] == i;
                if (!on)
                    continue;
                int w = snprintf(chain + used, sizeof chain - used, "%s uses ", sf->path);
                if (w < 0 || (size_t)w >= sizeof chain - used)
                    break;
                used += (size_t)w;
            }
            g = dg_error(s, p->loc, "R0302", "this 'use' makes a cycle: %s%s", chain, f->path);
            dg_hint(s, g, "move what both files need into a third file that each of them uses");
        }
        return; /* loaded already, or a cycle reported */
    }
    if (r->depth >= RM_MAX_IMPORT_DEPTH) {
        g = dg_error(s, p->loc, "R0305", "files use each other more than %u deep", RM_MAX_IMPORT_DEPTH);
        dg_hint(s, g, "a policy needs only a few levels of `use`; flatten the chain");
        return;
    }
    char shown[PATH_MAX];
    snprintf(shown, sizeof shown, "%.*s", (int)p->len, p->s);
    uint32_t idx = src_read(s, path, shown, &p->loc);
    if (idx == UINT32_MAX)
        return;
    rm_file *nf = s->files.v[idx];
    d->u.use.target = idx;
    nf->path = d->u.use.is_file
                   ? ar_printf(&s->arena, "%.*s%.*s", (int)(strrchr(from->path, '/') ? strrchr(from->path, '/') - from->path + 1 : 0),
                               from->path, (int)p->len, p->s)
                   : in_stdlib ? ar_printf(&s->arena, "<stdlib>/%s", real + strlen(r->stdlib_real) + 1)
                               : ar_printf(&s->arena, "<stdlib>/%.*s", (int)p->len, p->s);
    rs_load(r, idx);
}

static void rs_load(rs *r, uint32_t file)
{
    remit_session *s = r->s;
    rm_file *f = s->files.v[file];
    f->state = 1;
    rm_sym *e = ar_alloc(&s->arena, sizeof *e);
    e->name.s = f->real;
    e->name.len = (uint32_t)strlen(f->real);
    e->index = file;
    sym_insert(&s->arena, &r->loaded, e);
    r->stack[r->depth++] = file;
    if (src_validate(s, file)) {
        uint32_t first = s->decls.n;
        rp_parse_file(s, file);
        uint32_t last = s->decls.n;
        f->decl_first = first;
        f->decl_end = last;
        for (uint32_t i = first; i < last && !s->fatal; i++) {
            rm_decl *d = s->decls.v[i];
            if (d->kind == D_USE)
                rs_use(r, d);
        }
    }
    r->depth--;
    f->state = 2;
    /* a file's declarations count after those of the files it uses: the
     * checker walks files in this order */
    rm_vec_push(&s->arena, &s->order, f);
}

void rs_load_root(remit_session *s, uint32_t file)
{
    rs r;
    memset(&r, 0, sizeof r);
    r.s = s;
    char buf[PATH_MAX];
    const char *dir = s->opt.stdlib_dir ? s->opt.stdlib_dir : getenv("REMIT_STDLIB");
    if (!dir || !*dir)
        dir = REMIT_STDLIB_DIR;
    r.stdlib_real = ar_strndup(&s->arena, realpath(dir, buf) ? buf : dir,
                               strlen(realpath(dir, buf) ? buf : dir));
    rm_file *f = s->files.v[file];
    if (s->opt.root_dir && realpath(s->opt.root_dir, buf))
        s->root_dir = ar_strndup(&s->arena, buf, strlen(buf));
    else {
        const char *slash = strrchr(f->real, '/');
        s->root_dir = slash && slash != f->real ? ar_strndup(&s->arena, f->real, (size_t)(slash - f->real))
                                                : (slash ? "/" : ".");
    }
    rs_load(&r, file);
}
