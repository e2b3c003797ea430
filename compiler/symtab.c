/*
 * symtab.c - the policy's one namespace: every tier, kind, role, body,
 * matter, constant, rule label, protocol and interest category, across all
 * the files a policy uses.  Open addressing (sym_hash); names are
 * compared by length and bytes, never by NUL-terminated strings.
 */
#include <string.h>

#include "internal.h"

/* A word at a time (a byte at a time was most of looking up a person's
 * name in a register of 100,000): the bytes [i, i + 8) for each i that
 * leaves more than 8, then the last 8, overlapping; a name of fewer than
 * 8 bytes in two overlapping 4-byte loads, or its bytes; never a byte
 * outside the name. */
static uint32_t sym_hash(const char *s, uint32_t len)
{
    const uint64_t mul = UINT64_C(0x9E3779B97F4A7C15);
    uint64_t h = len, w;
    if (len >= 8) {
        for (uint32_t i = 0; i + 8 < len; i += 8) {
            memcpy(&w, s + i, 8);
            h = ((h ^ w) * mul) ^ h >> 31;
        }
        memcpy(&w, s + len - 8, 8);
    } else if (len >= 4) {
        uint32_t x, y;
        memcpy(&x, s, 4);
        memcpy(&y, s + len - 4, 4);
        w = (uint64_t)x << 32 | y;
    } else {
        w = len ? (uint64_t)(unsigned char)s[0] << 16 | (uint64_t)(unsigned char)s[len / 2] << 8 |
                      (unsigned char)s[len - 1]
                : 0;
    }
    h = (h ^ w) * mul;
    return (uint32_t)(h >> 32);
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
