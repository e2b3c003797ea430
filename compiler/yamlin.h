/*
 * yamlin.h - reading YAML and JSON input (decisions, registers, histories)
 * into a small tree with positions, using libyaml.  Prefix yi_.
 *
 * The tree is built in the caller's arena.  Hostile input is refused with
 * a diagnostic at its file:line:col (through the session's dg_ functions):
 * more than one document where one is expected, aliases (refused outright:
 * Remit's inputs never need them, and refusing them removes "billion
 * laughs"), tags other than the standard ones, duplicate keys in a
 * mapping, nesting deeper than YI_MAX_DEPTH, more than YI_MAX_NODES nodes,
 * scalars longer than YI_MAX_SCALAR bytes, non-UTF-8 text, an empty
 * document.  JSON is YAML here (libyaml reads it), so one reader serves
 * both.
 */
#ifndef REMIT_YAMLIN_H
#define REMIT_YAMLIN_H

#include "internal.h"

#define YI_MAX_DEPTH  32u        /* a decision is 3-4 levels deep */
#define YI_MAX_NODES  2000000u  /* a register of 100,000 people with their
                                    interests; a history of 100,000 decisions */
#define YI_MAX_SCALAR 4096u      /* same bound as a token in a policy */
/* R0709's hint: an input cannot be given in parts, so say what to leave out. */
#define YI_TOO_MANY_HINT                                                                         \
    "a decision holds far fewer, so check that the right file was given; a history needs only "  \
    "the decisions within the periods of the policy's cumulative limits and those awaiting "     \
    "ratification, and a register only the people who decide, sign or attend: leave out the rest"

typedef enum { YI_SCALAR, YI_SEQ, YI_MAP } yi_kind;

typedef struct yi_node {
    yi_kind kind;
    rm_loc loc;              /* file index (a session file), byte offsets */
    /* YI_SCALAR */
    const char *text;        /* NUL-terminated, arena */
    uint32_t len;
    bool quoted;             /* written in quotes: "12" is text, 12 is not */
    bool is_null;            /* ~, null, or empty plain scalar */
    /* YI_SEQ: items; YI_MAP: keys[i] -> items[i] (keys are scalars) */
    struct yi_node **items;
    struct yi_node **keys;
    uint32_t n;
} yi_node;

/* Parse the file `file` (already registered with src_add/src_read) as one
 * document.  Returns the root, or NULL after reporting why (at least one
 * error diagnostic was added). */
yi_node *yi_parse(remit_session *s, uint32_t file);

/* For batch mode: parse the bytes [start, end) of file `file` as one
 * document; diagnostics point into that file.  Same rules. */
yi_node *yi_parse_range(remit_session *s, uint32_t file, uint32_t start, uint32_t end);

/* yi_parse with at most max_nodes values (YI_MAX_NODES or fewer): for the
 * unit tests, which check the count at a size libyaml reads at once. */
yi_node *yi_parse_max(remit_session *s, uint32_t file, uint32_t max_nodes);

/* Keys seen so far, for finding a duplicate key in any mapping of one
 * document: an open-addressing table of (mapping, key text), in an arena.
 * Both readers (yamlin.c, jsonin.c) use it. */
typedef struct yi_keyset {
    struct yi_slot *slots;
    uint32_t cap, used;
} yi_keyset;

/* Record key k of mapping map_id; returns the earlier key with the same
 * text in that mapping, or NULL. */
const yi_node *yi_key_seen(rm_arena *a, yi_keyset *ks, uint32_t map_id, const yi_node *k);

/* Mapping lookup by key (NULL when absent or when m is not a mapping). */
yi_node *yi_get(const yi_node *m, const char *key);

#endif
