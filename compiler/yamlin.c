/*
 * yamlin.c - reading YAML and JSON input (decisions, registers, histories)
 * into a yi_node tree with positions, through libyaml's event API.
 *
 * Events are checked as they arrive, so hostile input is refused before
 * it costs anything: an anchor or alias at the first '&' or '*' (no alias
 * is ever expanded, so "billion laughs" cannot start), nesting at the
 * level past YI_MAX_DEPTH, the node past YI_MAX_NODES, a duplicate key at
 * its second appearance.  The first fault is reported (one error with a
 * hint) and the parse stops: later faults in a broken input are mostly
 * echoes of the first.
 *
 * Positions: libyaml counts marks in characters (code points), not bytes,
 * and its idea of a line (CR, NEL, LS, PS all end one) is not ours.  We
 * only use its character index and walk our own text, which is valid
 * UTF-8 by then, to turn it into a byte offset; the session's renderer
 * makes line and column from that.
 *
 * Memory: nodes and strings live in the session arena.  The libyaml
 * parser, its current event and the duplicate-key table are heap memory
 * owned by one yi_ctx, freed on every way out, including an arena
 * allocation failure (we catch that jump, free, and pass it on).
 */
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "yamlin.h"

/* One open sequence or mapping. */
typedef struct yi_frame {
    yi_node *node;
    rm_vec items, keys;      /* yi_node* */
    uint32_t map_id;         /* for the duplicate-key table */
    uint32_t end;            /* end of the last child so far */
    bool want_key;           /* mapping: the next node is a key */
    bool flow;               /* [ ] or { }: the closing bracket is its end */
} yi_frame;

/* One key seen, in an open-addressing table shared by all mappings. */
struct yi_slot {
    const yi_node *key;      /* NULL: empty slot */
    uint32_t map_id, hash;
};
typedef struct yi_slot yi_slot;

typedef struct yi_ctx {
    remit_session *s;
    const rm_file *f;
    uint32_t file, start, end;          /* the bytes being read */
    yaml_parser_t parser;
    yaml_event_t ev;
    bool parser_live, event_live;
    size_t cur_char;                    /* character index -> byte offset, */
    uint32_t cur_byte;                  /* a cursor that moves both ways */
    yi_frame stack[YI_MAX_DEPTH];
    uint32_t depth;
    uint32_t nodes, max_nodes;          /* values so far, and the most allowed */
    uint32_t docs;
    bool doc_done;                      /* the first document has ended */
    yi_node *root;
    yi_keyset keys;                     /* for duplicate keys */
    uint32_t next_map;
} yi_ctx;

/* libyaml ran out of memory: unwind as the arena does (yi_read has the
 * parser on the cleanup list). */
static _Noreturn void yi_oom(yi_ctx *c)
{
    rm_unwind(&c->s->arena);
}

/* ---- positions ---- */

/* Byte offset (into the file) of libyaml's character index `index`,
 * counted from c->start.  Marks arrive nearly in order, so the cursor
 * mostly moves forward a little. */
static uint32_t yi_off(yi_ctx *c, size_t index)
{
    const unsigned char *t = (const unsigned char *)c->f->text;
    while (c->cur_char < index && c->cur_byte < c->end) {
        unsigned char b = t[c->cur_byte];
        uint32_t l = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        c->cur_byte = c->end - c->cur_byte < l ? c->end : c->cur_byte + l;
        c->cur_char++;
    }
    while (c->cur_char > index) {
        do
            c->cur_byte--;
        while (c->cur_byte > c->start && (t[c->cur_byte] & 0xC0) == 0x80);
        c->cur_char--;
    }
    return c->cur_byte;
}

/* A location covering the one character at byte offset `off`. */
static rm_loc yi_at(const yi_ctx *c, uint32_t off)
{
    rm_loc l = {c->file, off, off};
    if (off < c->end) {
        unsigned n = src_utf8_len((const unsigned char *)c->f->text + off, c->end - off);
        l.end = off + (n ? n : 1);
    }
    return l;
}

/* Where a problem at byte offset `off` is shown: at the end of the input,
 * on the last line rather than on an empty line after it. */
static rm_loc yi_problem_at(const yi_ctx *c, uint32_t off)
{
    if (off >= c->end && c->end > c->start && c->f->text[c->end - 1] == '\n')
        off = c->end - 1;
    return yi_at(c, off);
}

static rm_loc yi_event_loc(yi_ctx *c, const yaml_event_t *e)
{
    rm_loc l = {c->file, yi_off(c, e->start_mark.index), 0};
    l.end = yi_off(c, e->end_mark.index);
    if (l.end < l.start)
        l.end = l.start;
    return l;
}

static unsigned yi_line(const yi_ctx *c, uint32_t off)
{
    unsigned line, col;
    dg_linecol(c->f, off, &line, &col);
    return line;
}


/* ---- errors ---- */

/* A hint for libyaml's commonest complaints, in the reader's words. */
static const char *yi_syntax_hint(yi_ctx *c, uint32_t off, uint32_t ctx_off)
{
    const char *problem = c->parser.problem ? c->parser.problem : "";
    const char *context = c->parser.context;
    unsigned char at = off < c->end ? (unsigned char)c->f->text[off] : 0;
    if (!strcmp(problem, "found character that cannot start any token")) {
        if (at == '\t')
            return "indent with spaces: YAML does not allow tabs for indentation";
        return ar_printf(&c->s->arena, "a value cannot begin with '%c'; put the value in quotes",
                         at >= 0x20 && at < 0x7F ? at : '?');
    }
    if (!strcmp(problem, "mapping values are not allowed in this context"))
        return "a value that contains ': ' must be put in quotes; otherwise check that "
               "this line is indented like the lines around it";
    if (!strcmp(problem, "did not find expected key"))
        return "check the indentation: the names in one block must start in the same column";
    if (!strcmp(problem, "could not find expected ':'") &&
        c->parser.problem_mark.index > c->parser.context_mark.index + 1024)
        return "a name before ':' may be at most 1024 characters long; check that a "
               "colon is not missing after a name";
    if (!strcmp(problem, "could not find expected ':'"))
        return "each line of a block needs a name, a colon and a value, such as 'amount: 750000'";
    if (!strcmp(problem, "did not find expected '-' indicator"))
        return "check the indentation: the items of a list each start with '-' in the same column";
    if (!strncmp(problem, "did not find expected ','", 25))
        return ar_printf(&c->s->arena,
                         "check for a missing comma between items, or a bracket not closed "
                         "(the one opened on line %u)", yi_line(c, ctx_off));
    if (!strcmp(problem, "did not find expected node content"))
        return "a value is missing here: check for an extra comma, colon or bracket";
    if (!strcmp(problem, "found unknown escape character"))
        return "inside double quotes a backslash starts an escape such as \\n; write \\\\ "
               "for a backslash, or use single quotes";
    if (context && strstr(context, "quoted scalar"))
        return ar_printf(&c->s->arena, "the quotation mark opened on line %u is not closed",
                         yi_line(c, ctx_off));
    if (!strcmp(problem, "found incompatible YAML document"))
        return "remove the %YAML line at the top";
    return "check the indentation (spaces, not tabs), that every quote and bracket is "
           "closed, and, in JSON, that items are separated by commas";
}

/* libyaml refused the input: R0701, or R0703 when the first document had
 * already ended (JSON followed by more text comes this way). */
static void yi_syntax(yi_ctx *c)
{
    yaml_parser_t *p = &c->parser;
    remit_session *s = c->s;
    dg_item *d;
    if (p->error == YAML_MEMORY_ERROR)
        yi_oom(c);
    if (p->error == YAML_READER_ERROR) {
        /* a character YAML does not allow; the offset is in bytes */
        uint32_t off = c->start + (p->problem_offset < c->end - c->start
                                   ? (uint32_t)p->problem_offset : c->end - c->start);
        if (!strcmp(p->problem ? p->problem : "", "control characters are not allowed")) {
            d = dg_error(s, yi_problem_at(c, off), "R0701",
                         "this input contains a control character (U+%04X), which YAML and "
                         "JSON do not allow", (unsigned)p->problem_value);
            dg_hint(s, d, "remove it: it was probably pasted in by mistake; write a tab or "
                          "line break as \\t or \\n inside double quotes");
        } else {
            d = dg_error(s, yi_problem_at(c, off), "R0701", "this is not valid YAML or JSON: %s",
                         p->problem ? p->problem : "the text cannot be read");
            dg_hint(s, d, "save the input as UTF-8 text");
        }
        return;
    }
    const char *problem = p->problem ? p->problem : "the text cannot be read";
    uint32_t off = yi_off(c, p->problem_mark.index);
    uint32_t ctx_off = p->context ? yi_off(c, p->context_mark.index) : off;
    if (c->doc_done && c->root) {
        d = dg_error(s, yi_problem_at(c, off), "R0703",
                     "there is more after the end of the data: an input holds one document");
        dg_hint(s, d, "everything must be inside the one %s that starts on line %u; remove "
                      "what follows it, check for an extra closing bracket, or give each "
                      "decision as a separate input",
                 c->root->kind == YI_MAP ? "mapping" : c->root->kind == YI_SEQ ? "list" : "value",
                 yi_line(c, c->root->loc.start));
        return;
    }
    if (p->context && ctx_off != off)
        d = dg_error(s, yi_problem_at(c, off), "R0701",
                     "this is not valid YAML or JSON: %s (%s that starts on line %u)",
                     problem, p->context, yi_line(c, ctx_off));
    else if (p->context)
        d = dg_error(s, yi_problem_at(c, off), "R0701",
                     "this is not valid YAML or JSON: %s (%s)", problem, p->context);
    else
        d = dg_error(s, yi_problem_at(c, off), "R0701", "this is not valid YAML or JSON: %s",
                     problem);
    dg_hint(s, d, "%s", yi_syntax_hint(c, off, ctx_off));
}

/* ---- properties: anchors and tags ---- */

static bool yi_no_anchor(yi_ctx *c, const yaml_event_t *e, const yaml_char_t *anchor)
{
    if (!anchor)
        return true;
    const char *name = (const char *)anchor;
    dg_item *d = dg_error(c->s, yi_event_loc(c, e), "R0704",
                          "Remit's inputs do not use YAML anchors or aliases ('&%s')",
                          src_show(&c->s->arena, name, strlen(name)));
    dg_hint(c->s, d, "remove '&%s' and write each value out in full where it is needed",
            src_show(&c->s->arena, name, strlen(name)));
    return false;
}

#define YI_CORE "tag:yaml.org,2002:"

/* The tags of the core schema are allowed, each only on its kind of node:
 * !!str !!int !!bool !!null !!float on a value, !!seq on a list, !!map on
 * a mapping.  Anything else (!!python/object, !custom, the bare '!') could
 * only mean something to another program, so it is refused. */
static bool yi_tag_ok(yi_ctx *c, const yaml_event_t *e, const yaml_char_t *utag, yi_kind kind)
{
    if (!utag)
        return true;
    const char *tag = (const char *)utag;
    size_t cl = sizeof YI_CORE - 1;
    if (!strncmp(tag, YI_CORE, cl)) {
        const char *t = tag + cl;
        bool scalar = !strcmp(t, "str") || !strcmp(t, "int") || !strcmp(t, "bool") ||
                      !strcmp(t, "null") || !strcmp(t, "float");
        if ((kind == YI_SCALAR && scalar) || (kind == YI_SEQ && !strcmp(t, "seq")) ||
            (kind == YI_MAP && !strcmp(t, "map")))
            return true;
    }
    bool core = !strncmp(tag, YI_CORE, cl);
    const char *t = core ? tag + cl : tag;
    const char *shown = src_show(&c->s->arena, t, strlen(t));
    dg_item *d;
    if (core && (!strcmp(t, "str") || !strcmp(t, "int") || !strcmp(t, "bool") ||
                 !strcmp(t, "null") || !strcmp(t, "float") || !strcmp(t, "seq") ||
                 !strcmp(t, "map")))
        d = dg_error(c->s, yi_event_loc(c, e), "R0705",
                     "the YAML tag '!!%s' does not fit this %s", shown,
                     kind == YI_MAP ? "mapping" : kind == YI_SEQ ? "list" : "single value");
    else
        d = dg_error(c->s, yi_event_loc(c, e), "R0705",
                     "the YAML tag '%s%s' is not one Remit accepts", core ? "!!" : "", shown);
    dg_hint(c->s, d, "remove the tag and write the value plainly (in quotes if it is text); "
                     "only !!str, !!int, !!float, !!bool, !!null, !!seq and !!map are "
                     "allowed, each on its own kind of value");
    return false;
}

/* ---- building ---- */

static bool yi_count(yi_ctx *c, const yaml_event_t *e)
{
    if (c->nodes < c->max_nodes) {
        c->nodes++;
        return true;
    }
    dg_item *d = dg_error(c->s, yi_event_loc(c, e), "R0709",
                          "this input holds more than %u values", c->max_nodes);
    dg_hint(c->s, d, YI_TOO_MANY_HINT);
    return false;
}

static uint32_t yi_hash(const char *p, uint32_t n, uint32_t map_id)
{
    uint32_t h = 2166136261u ^ (map_id * 0x9E3779B9u);
    for (uint32_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 16777619u;
    return h;
}

const yi_node *yi_key_seen(rm_arena *a, yi_keyset *ks, uint32_t map_id, const yi_node *k)
{
    if (ks->used * 2 >= ks->cap) {
        uint32_t ncap = ks->cap ? ks->cap * 2 : 64;
        yi_slot *ns = ar_alloc(a, ncap * sizeof *ns); /* zeroed: all empty */
        for (uint32_t i = 0; i < ks->cap; i++) {
            if (!ks->slots[i].key)
                continue;
            uint32_t j = ks->slots[i].hash & (ncap - 1);
            while (ns[j].key)
                j = (j + 1) & (ncap - 1);
            ns[j] = ks->slots[i];
        }
        ks->slots = ns;
        ks->cap = ncap;
    }
    uint32_t h = yi_hash(k->text, k->len, map_id);
    uint32_t j = h & (ks->cap - 1);
    for (; ks->slots[j].key; j = (j + 1) & (ks->cap - 1)) {
        const yi_slot *sl = &ks->slots[j];
        if (sl->hash == h && sl->map_id == map_id && sl->key->len == k->len &&
            !memcmp(sl->key->text, k->text, k->len))
            return sl->key;
    }
    ks->slots[j] = (yi_slot){k, map_id, h};
    ks->used++;
    return NULL;
}

/* Add a finished node to the open collection (or make it the root). */
static bool yi_attach(yi_ctx *c, yi_node *n)
{
    if (!c->depth) {
        c->root = n;
        return true;
    }
    yi_frame *fr = &c->stack[c->depth - 1];
    if (n->loc.end > fr->end)
        fr->end = n->loc.end;
    if (fr->node->kind == YI_SEQ) {
        rm_vec_push(&c->s->arena, &fr->items, n);
        return true;
    }
    if (!fr->want_key) {
        rm_vec_push(&c->s->arena, &fr->items, n);
        fr->want_key = true;
        return true;
    }
    /* containers as keys were refused when they started */
    const yi_node *first = yi_key_seen(&c->s->arena, &c->keys, fr->map_id, n);
    if (first) {
        const char *shown = src_show(&c->s->arena, n->text, n->len);
        dg_item *d = dg_error(c->s, n->loc, "R0706", "'%s' is given a second time here", shown);
        dg_hint(c->s, d, "'%s' is first given on line %u; keep only one, so that it is clear "
                         "which value counts", shown, yi_line(c, first->loc.start));
        return false;
    }
    rm_vec_push(&c->s->arena, &fr->keys, n);
    fr->want_key = false;
    return true;
}

static bool yi_scalar(yi_ctx *c, const yaml_event_t *e)
{
    const yaml_char_t *tag = e->data.scalar.tag;
    if (!yi_no_anchor(c, e, e->data.scalar.anchor) || !yi_tag_ok(c, e, tag, YI_SCALAR))
        return false;
    size_t len = e->data.scalar.length;
    if (len > YI_MAX_SCALAR) {
        rm_loc at = yi_at(c, yi_off(c, e->start_mark.index));
        dg_item *d = dg_error(c->s, at, "R0710",
                              "this value is %zu bytes long; a value may be at most %u",
                              len, YI_MAX_SCALAR);
        dg_hint(c->s, d, "names, amounts, dates and descriptions fit easily; check that "
                         "nothing else was pasted in here");
        return false;
    }
    if (memchr(e->data.scalar.value, 0, len)) {
        /* "\0" in double quotes: a value that would end early wherever it
         * is compared, so it is refused rather than silently cut */
        rm_loc at = yi_at(c, yi_off(c, e->start_mark.index));
        dg_item *d = dg_error(c->s, at, "R0712", "this value contains a NUL character (\\0)");
        dg_hint(c->s, d, "remove the \\0 escape; Remit's inputs are plain text");
        return false;
    }
    if (!yi_count(c, e))
        return false;
    yi_node *n = ar_alloc(&c->s->arena, sizeof *n);
    n->kind = YI_SCALAR;
    n->loc = yi_event_loc(c, e);
    n->text = ar_strndup(&c->s->arena, (const char *)e->data.scalar.value, len);
    n->len = (uint32_t)len;
    if (tag) {
        /* an explicit core tag says what the value is, whatever its style */
        const char *t = (const char *)tag + sizeof YI_CORE - 1;
        n->quoted = !strcmp(t, "str");
        n->is_null = !strcmp(t, "null");
    } else if (e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
        n->is_null = len == 0 || !strcmp(n->text, "~") || !strcmp(n->text, "null") ||
                     !strcmp(n->text, "Null") || !strcmp(n->text, "NULL");
    } else {
        n->quoted = true; /* '...', "...", | and > */
    }
    return yi_attach(c, n);
}

static bool yi_open(yi_ctx *c, const yaml_event_t *e, yi_kind kind)
{
    bool map = kind == YI_MAP;
    const yaml_char_t *anchor = map ? e->data.mapping_start.anchor : e->data.sequence_start.anchor;
    const yaml_char_t *tag = map ? e->data.mapping_start.tag : e->data.sequence_start.tag;
    if (!yi_no_anchor(c, e, anchor) || !yi_tag_ok(c, e, tag, kind))
        return false;
    if (c->depth && c->stack[c->depth - 1].node->kind == YI_MAP &&
        c->stack[c->depth - 1].want_key) {
        dg_item *d = dg_error(c->s, yi_event_loc(c, e), "R0707",
                              "a %s cannot be used as a name", map ? "mapping" : "list");
        dg_hint(c->s, d, "the name before ':' must be a single word or quoted text");
        return false;
    }
    if (c->depth == YI_MAX_DEPTH) {
        dg_item *d = dg_error(c->s, yi_event_loc(c, e), "R0708",
                              "this input is nested more than %u levels deep here", YI_MAX_DEPTH);
        dg_hint(c->s, d, "a decision is three or four levels deep; check for brackets or "
                         "indentation that went wrong");
        return false;
    }
    if (!yi_count(c, e))
        return false;
    yi_node *n = ar_alloc(&c->s->arena, sizeof *n);
    n->kind = kind;
    n->loc = yi_event_loc(c, e);
    yi_frame *fr = &c->stack[c->depth++];
    memset(fr, 0, sizeof *fr);
    fr->node = n;
    fr->end = n->loc.end;
    fr->want_key = map;
    fr->map_id = map ? c->next_map++ : 0;
    fr->flow = map ? e->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
                   : e->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
    return true;
}

static bool yi_close(yi_ctx *c, const yaml_event_t *e)
{
    yi_frame *fr = &c->stack[--c->depth];
    yi_node *n = fr->node;
    n->items = (yi_node **)fr->items.v;
    n->keys = (yi_node **)fr->keys.v;
    n->n = fr->items.n;
    /* a block collection ends with its last item (libyaml's end event sits
     * at the next token, maybe lines below); a flow one at its bracket */
    n->loc.end = fr->end;
    if (fr->flow) {
        uint32_t close = yi_off(c, e->end_mark.index);
        if (close > n->loc.end)
            n->loc.end = close;
    }
    return yi_attach(c, n);
}

/* Handle one event: 0 go on, 1 finished, -1 refused (reported). */
static int yi_event(yi_ctx *c, const yaml_event_t *e)
{
    switch (e->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (c->docs++) {
            dg_item *d = dg_error(c->s, yi_event_loc(c, e), "R0703",
                                  "a second document starts here: an input holds one document");
            dg_hint(c->s, d, "remove this '---' and what follows it, or give each decision "
                             "as a separate input");
            return -1;
        }
        return 0;
    case YAML_DOCUMENT_END_EVENT:
        c->doc_done = true;
        if (c->root && c->root->kind == YI_SCALAR && c->root->is_null) {
            dg_item *d = dg_error(c->s, c->root->loc, "R0702",
                                  "this input holds nothing but an empty value");
            dg_hint(c->s, d, "give the data as YAML or JSON, for example 'matter: spend' "
                             "on the first line");
            return -1;
        }
        return 0;
    case YAML_STREAM_END_EVENT:
        if (!c->docs) {
            dg_item *d = dg_error(c->s, yi_at(c, c->start), "R0702", "this input is empty");
            dg_hint(c->s, d, "give the data as YAML or JSON, for example 'matter: spend' "
                             "on the first line");
            return -1;
        }
        return 1;
    case YAML_ALIAS_EVENT: {
        const char *name = (const char *)e->data.alias.anchor;
        dg_item *d = dg_error(c->s, yi_event_loc(c, e), "R0704",
                              "Remit's inputs do not use YAML anchors or aliases ('*%s')",
                              src_show(&c->s->arena, name, strlen(name)));
        dg_hint(c->s, d, "write the value out in full here instead of referring to it");
        return -1;
    }
    case YAML_SCALAR_EVENT:
        return yi_scalar(c, e) ? 0 : -1;
    case YAML_SEQUENCE_START_EVENT:
        return yi_open(c, e, YI_SEQ) ? 0 : -1;
    case YAML_MAPPING_START_EVENT:
        return yi_open(c, e, YI_MAP) ? 0 : -1;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        return yi_close(c, e) ? 0 : -1;
    default: /* stream start, no event */
        return 0;
    }
}

static yi_node *yi_run(yi_ctx *c)
{
    if (!yaml_parser_initialize(&c->parser))
        yi_oom(c);
    c->parser_live = true;
    /* A UTF-8 byte order mark is skipped here: libyaml would either skip
     * it without counting it (when guessing the encoding) or count it as
     * a character of the first line, which shifts that line's indentation
     * by one.  Then the encoding is set, so libyaml guesses nothing (the
     * text is UTF-8 by now). */
    if (c->end - c->start >= 3 && !memcmp(c->f->text + c->start, "\xEF\xBB\xBF", 3))
        c->start = c->cur_byte = c->start + 3;
    yaml_parser_set_input_string(&c->parser, (const unsigned char *)c->f->text + c->start,
                                 c->end - c->start);
    yaml_parser_set_encoding(&c->parser, YAML_UTF8_ENCODING);
    for (;;) {
        if (!yaml_parser_parse(&c->parser, &c->ev)) {
            yi_syntax(c);
            return NULL;
        }
        c->event_live = true;
        int r = yi_event(c, &c->ev);
        yaml_event_delete(&c->ev);
        c->event_live = false;
        if (r < 0)
            return NULL;
        if (r > 0)
            return c->root;
    }
}

static void yi_cleanup(void *arg)
{
    yi_ctx *c = arg;
    if (c->event_live)
        yaml_event_delete(&c->ev);
    if (c->parser_live)
        yaml_parser_delete(&c->parser);
    rm_free(c);
}

/* Inside a protected call: libyaml's parser and events are freed on
 * every path, unwinding too. */
static yi_node *yi_read(remit_session *s, uint32_t file, uint32_t start, uint32_t end,
                        uint32_t max_nodes)
{
    yi_ctx *c = rm_xmalloc(&s->arena, sizeof *c);
    memset(c, 0, sizeof *c);
    c->s = s;
    c->max_nodes = max_nodes < YI_MAX_NODES ? max_nodes : YI_MAX_NODES;
    c->file = file;
    c->f = s->files.v[file];
    c->start = c->cur_byte = start;
    c->end = end;
    rm_cleanup_push(s, yi_cleanup, c);
    yi_node *root = yi_run(c);
    rm_cleanup_pop(s, c);
    yi_cleanup(c);
    return root;
}

yi_node *yi_parse_max(remit_session *s, uint32_t file, uint32_t max_nodes)
{
    if (!src_validate(s, file))
        return NULL;
    const rm_file *f = s->files.v[file];
    return yi_read(s, file, 0, f->len, max_nodes);
}

yi_node *yi_parse(remit_session *s, uint32_t file) { return yi_parse_max(s, file, YI_MAX_NODES); }

yi_node *yi_parse_range(remit_session *s, uint32_t file, uint32_t start, uint32_t end)
{
    const rm_file *f = s->files.v[file];
    if (end > f->len)
        end = f->len;
    if (start > end)
        start = end;
    /* the same check src_validate makes for a whole file */
    const unsigned char *p = (const unsigned char *)f->text;
    for (uint32_t i = start; i < end;) {
        rm_loc at = {file, i, i + 1};
        if (p[i] == 0) {
            dg_item *d = dg_error(s, at, "R0006", "this input contains a NUL byte, so it is not text");
            dg_hint(s, d, "inputs must be plain UTF-8 text; check that the right file was given");
            return NULL;
        }
        unsigned l = src_utf8_len(p + i, end - i);
        if (!l) {
            dg_item *d = dg_error(s, at, "R0005", "this input is not valid UTF-8 text (byte 0x%02X)",
                                  p[i]);
            dg_hint(s, d, "save the input as UTF-8; if it came from a spreadsheet, export it "
                          "as UTF-8 text");
            return NULL;
        }
        i += l;
    }
    return yi_read(s, file, start, end, YI_MAX_NODES);
}

yi_node *yi_get(const yi_node *m, const char *key)
{
    if (!m || m->kind != YI_MAP || !key)
        return NULL;
    size_t kl = strlen(key);
    for (uint32_t i = 0; i < m->n; i++)
        if (m->keys[i]->len == kl && !memcmp(m->keys[i]->text, key, kl))
            return m->items[i];
    return NULL;
}
