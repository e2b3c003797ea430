/*
 * symtab.c - the policy's one namespace: every tier, kind, role, body,
 * matter, constant, rule label, protocol and interest category, across all
 * the files a policy uses.  Open addressing with FNV-1a; names are
 * compared by length and bytes, never by NUL-terminated strings.
 */
#include <string.h>

#include "internal.h"

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
    uint32_t i = sym_hash(s, len) & (t->cap - 1);
    for (;;) {
        rm_sym *e = t->slots[i];
        if (!e)
            return NULL;
        if (e->name.len == len && memcmp(e->name.s, s, len) == 0)
            return e;
        i = (i + 1) & (t->cap - 1);
    }
}

static void sym_grow(rm_arena *a, rm_symtab *t)
{
    uint32_t cap = t->cap ? t->cap * 2 : 64;
    rm_sym **slots = ar_alloc(a, cap * sizeof *slots);
    for (uint32_t k = 0; k < t->cap; k++) {
        rm_sym *e = t->slots[k];
        if (!e)
            continue;
        uint32_t i = sym_hash(e->name.s, e->name.len) & (cap - 1);
        while (slots[i])
            i = (i + 1) & (cap - 1);
        slots[i] = e;
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
    uint32_t i = sym_hash(sym->name.s, sym->name.len) & (t->cap - 1);
    while (t->slots[i])
        i = (i + 1) & (t->cap - 1);
    t->slots[i] = sym;
    t->n++;
    return sym;
}
