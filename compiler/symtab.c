/*
 * symtab.c - the policy's one namespace: every tier, kind, role, body,
 * matter, constant, rule label, protocol and interest category, across all
 * the files a policy uses.  Open addressing with FNV-1a; names are
 * compared by length and bytes, never by NUL-terminated strings.
 */
#include <string.h>

#include "internal.h"

/* FNV-1a.  (The order of the slots it gives is the order in which
 * check.c's suggest_sym meets names of the same distance from a word that
 * is not declared, so a faster hash would change which name a "did you
 * mean" offers; the slots keep the hash, so a name is compared only when
 * its hash is the one looked for.) */
static uint32_t sym_hash(const char *s, uint32_t len)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

rm_sym *sym_find(const rm_symtab *t, const char *s, uint32_t len)
{
    if (!t->cap)
        return NULL;
    uint32_t h = sym_hash(s, len);
    for (uint32_t i = h & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        const rm_symslot *sl = &t->slots[i];
        if (!sl->sym)
            return NULL;
        /* the hash beside each symbol: a symbol, and its name, are read
         * only when it is likely the one (each is a miss of the cache in
         * a register's table of 100,000 names) */
        if (sl->hash == h && sl->sym->name.len == len && memcmp(sl->sym->name.s, s, len) == 0)
            return sl->sym;
    }
}

static void sym_grow(rm_arena *a, rm_symtab *t)
{
    uint32_t cap = t->cap ? t->cap * 2 : 64;
    rm_symslot *slots = ar_alloc(a, cap * sizeof *slots);
    for (uint32_t k = 0; k < t->cap; k++) {
        const rm_symslot *sl = &t->slots[k];
        if (!sl->sym)
            continue;
        uint32_t i = sl->hash & (cap - 1);
        while (slots[i].sym)
            i = (i + 1) & (cap - 1);
        slots[i] = *sl;
    }
    t->slots = slots;
    t->cap = cap;
}

rm_sym *sym_insert(rm_arena *a, rm_symtab *t, rm_sym *sym)
{
    rm_sym *old = sym_find(t, sym->name.s, sym->name.len);
    if (old)
        return old;
    if ((t->n + 1) * 2 > t->cap)
        sym_grow(a, t);
    uint32_t h = sym_hash(sym->name.s, sym->name.len), i = h & (t->cap - 1);
    while (t->slots[i].sym)
        i = (i + 1) & (t->cap - 1);
    t->slots[i] = (rm_symslot){sym, h};
    t->n++;
    return sym;
}
