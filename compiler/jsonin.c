/*
 * jsonin.c - one JSON value (in practice, one line of a batch) into a
 * yi_node tree with positions: a small strict RFC 8259 reader.
 *
 * Why not a library.  yajl (libyajl-dev, the Debian library that fits
 * best) was tried first: a reader built on its callbacks, recovering each
 * node's start by scanning on from the end of the token before.  On a
 * 230-byte decision line (tests/bench, 1,000 generated decisions), yajl's
 * parse alone, with callbacks that do nothing, took 600-750 ns, and the
 * reader built on it 1.1-1.3 us; at 500,000 lines a second a line has
 * 2 us in all, and the rest of a batch line (typing in input.c,
 * evaluation, writing the record) takes about 1.5 us.  So with yajl the
 * target could not be met.  The glue was not small either: every escaped
 * string had to be decoded again (yajl turns a lone surrogate into '?' or
 * into the UTF-8 of the surrogate), and every fault found again from
 * yajl's byte count.  The other C libraries in Debian (json-c, jansson,
 * cJSON, json-parser) build trees of their own and give no positions of
 * values at all.  This reader, tree included, takes 450-600 ns a line and
 * gives every position exactly.
 *
 * What is read: one value, with blanks (space, tab, line feed, carriage
 * return) around and between tokens.  Strings must be valid UTF-8 with
 * no raw control characters; escapes are \" \\ \/ \b \f \n \r \t and
 * \uXXXX, a surrogate pair decoded to one character and a lone surrogate
 * refused; numbers follow RFC 8259's grammar and keep their text as
 * written (input.c reads them); true, false and null are in small
 * letters.  No comments, single quotes, trailing commas or bare words.
 *
 * Faults are reported as yamlin.c reports them, one error with a hint,
 * and the read stops there: the bytes first (R0005, R0006, and R0701 for
 * a control character, anywhere in the input: a read checks the bytes of
 * its strings as it goes, and one that fails looks over the whole input
 * before its own fault is kept), then R0701 at the token that breaks the grammar (or at the character
 * inside a string), R0703 for anything after the value, R0706 at a key's
 * second appearance, R0708 at the bracket that opens level
 * YI_MAX_DEPTH + 1, R0709 at the node past YI_MAX_NODES, R0710 and R0712
 * at the start of the value.
 *
 * A list can also be read an item at a time (ji_list: a history of a
 * million decisions), each item's tree handed over before the next is
 * read, so that its memory can be given back (ar_rewind) once typed.
 *
 * Memory: nodes, texts and the scratch stack are arena memory, so nothing
 * is freed by hand and running out of memory jumps straight to the
 * session's handler.  The one exception is a value read by a shape (see
 * "shapes" below): its tree is the shape's, kept from one value to the
 * next (its texts are still the session's).
 */
#include <assert.h>
#include <string.h>

#include "explain.h"
#include "jsonin.h"

/* The few steps of the common case, inlined where the compiler can be
 * told to: a call each cost a sixth of reading a string. */
#if defined(__GNUC__)
#define JI_INLINE static inline __attribute__((always_inline))
#else
#define JI_INLINE static inline
#endif

enum {
    JI_LINEAR_KEYS = 8,   /* a mapping with more keys is checked by hashing */
    JI_SLAB = 4096,       /* nodes and texts are cut from blocks this large */
    JI_STACK = 32         /* children kept in the context before the arena */
};

typedef struct ji_frame {
    yi_node *node;
    uint32_t first;          /* its children start at stk[first] */
    uint32_t map_id;         /* mappings: for the duplicate-key table */
    bool hashed;             /* mappings: its keys are in the table */
    uint64_t seen;           /* mappings: a bit for each key's ji_fp (ji_key) */
} ji_frame;

typedef struct ji_ctx {
    remit_session *s;
    const rm_file *f;
    const char *t;           /* the file's text */
    uint32_t file, start, end;
    yi_node **stk;           /* children of the open collections, in order;
                                a mapping's are key, value, key, value... */
    uint64_t *fp;            /* beside each key in stk: ji_fp of its text */
    uint32_t nstk, capstk;
    ji_frame fr[YI_MAX_DEPTH];
    uint32_t depth, nodes, next_map;
    bool bad_byte;           /* a string holds a byte ji_check_bytes refuses */
    bool stream;             /* ji_list: hand back each item of the outer list */
    uint8_t resume;          /* ji_list: where ji_run goes on (JI_AT_*) */
    uint32_t pos;            /* ji_list: where the last item or '[' ended */
    yi_keyset keys;          /* duplicate keys of large mappings */
    struct ji_shapes *shapes; /* values of shapes read before (ji_shaped), or NULL */
    uint32_t shape_depth;    /* the depth of the values they are tried at */
    bool shaped;             /* the last value at that depth was read by a shape */
    bool near_miss;          /* a shape's runs led up to a scalar it did not take */
    char *slab;              /* the rest of the current block */
    size_t slab_left;
    yi_node *stk0[JI_STACK];
    uint64_t fp0[JI_STACK];
} ji_ctx;

/* ---- characters ---- */

/* Character classes: JI_STOP ends the plain ASCII inside of a string
 * ('"', '\\', control characters, DEL and every byte above), JI_BLANK is white space between tokens, JI_DELIM
 * ends a number or a bare word. */
enum { JI_STOP = 1, JI_BLANK = 2, JI_DELIM = 4 };
#define S_ JI_STOP
#define B_ (JI_BLANK | JI_DELIM)
#define D_ JI_DELIM
static const unsigned char ji_class[256] = {
    S_ | D_, S_, S_, S_, S_, S_, S_, S_, S_, S_ | B_, S_ | B_, S_, S_, S_ | B_, S_, S_, /* 0x00 */
    S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_,                     /* 0x10 */
    B_, 0, S_ | D_, 0, 0, 0, 0, 0, 0, 0, 0, 0, D_, 0, 0, 0,                              /* 0x20 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, D_, 0, 0, 0, 0, 0,                                    /* 0x30 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,                                     /* 0x40 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, D_, S_, D_, 0, 0,                                  /* 0x50 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,                                     /* 0x60 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, D_, 0, D_, 0, S_,                                  /* 0x70 */
    S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_,                     /* 0x80 */
    S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_,                     /* 0x90 */
    S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_,                     /* 0xA0 */
    S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_,                     /* 0xB0 */
    S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_,                     /* 0xC0 */
    S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_,                     /* 0xD0 */
    S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_,                     /* 0xE0 */
    S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_,                     /* 0xF0 */
};
#undef S_
#undef B_
#undef D_

static unsigned ji_cls(char ch)
{
    return ji_class[(unsigned char)ch];
}

static bool ji_blank(char ch)
{
    return ji_cls(ch) & JI_BLANK;
}

/* Past the blanks from i (t and end are the context's, passed so that
 * they stay in registers in the parse loop). */
JI_INLINE uint32_t ji_skip(const char *t, uint32_t i, uint32_t end)
{
    /* the common cases first: the next token at once, or after one space */
    if (i < end && (unsigned char)t[i] > ' ')
        return i;
    if (i + 1 < end && t[i] == ' ' && (unsigned char)t[i + 1] > ' ')
        return i + 1;
    while (i < end && ji_blank(t[i]))
        i++;
    return i;
}

static uint32_t ji_ws(const ji_ctx *c, uint32_t i)
{
    return ji_skip(c->t, i, c->end);
}

/* Ends a bare word or a number: a blank, punctuation, a quote. */
static bool ji_delim(char ch)
{
    return ji_cls(ch) & JI_DELIM;
}

static bool ji_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

static const uint64_t JI_ONES = 0x0101010101010101u, JI_HIGH = 0x8080808080808080u;

/* Eight bytes at p are all printable ASCII (0x20-0x7E). */
static bool ji_plain8(const char *p)
{
    uint64_t x;
    memcpy(&x, p, 8);
    uint64_t below = (x - JI_ONES * 0x20) & ~x;  /* some byte < 0x20 */
    uint64_t above = (x + JI_ONES * 0x01) | x;   /* some byte > 0x7E */
    return !((below | above) & JI_HIGH);
}

#ifndef XP_SSE2
/* Of the eight bytes at p, those that are '"', '\\', a control character,
 * DEL or above have their high bit set in the result (and maybe bytes
 * after the first such, never before it); 0 when there is none. */
static uint64_t ji_str8(const char *p)
{
    uint64_t x;
    memcpy(&x, p, 8);
    uint64_t q = x ^ (JI_ONES * '"'), b = x ^ (JI_ONES * '\\');
    uint64_t z = ((q - JI_ONES) & ~q) | ((b - JI_ONES) & ~b) | ((x - JI_ONES * 0x20) & ~x) |
                 (x + JI_ONES) | x;
    return z & JI_HIGH;
}
#endif

/* ---- positions and messages ---- */

/* A location covering the one character at byte offset `off`. */
static rm_loc ji_at(const ji_ctx *c, uint32_t off)
{
    rm_loc l = {c->file, off, off};
    if (off < c->end) {
        unsigned n = src_utf8_len((const unsigned char *)c->t + off, c->end - off);
        l.end = off + (n ? n : 1);
    }
    return l;
}

/* Where a problem at `off` is shown: at the end of the input, on the
 * last line rather than an empty line after it. */
static rm_loc ji_problem_at(const ji_ctx *c, uint32_t off)
{
    if (off >= c->end && c->end > c->start && c->t[c->end - 1] == '\n')
        off = c->end - 1;
    return ji_at(c, off);
}

/* "column 12" on a one-line input, "line 3, column 12" otherwise. */
static const char *ji_where(ji_ctx *c, uint32_t off)
{
    unsigned line, col;
    dg_linecol(c->f, off, &line, &col);
    if (c->f->nlines == 1)
        return ar_printf(&c->s->arena, "column %u", col);
    return ar_printf(&c->s->arena, "line %u, column %u", line, col);
}


/* The end of the bare word (or broken number) that starts at i. */
static uint32_t ji_word_end(const ji_ctx *c, uint32_t i)
{
    while (i < c->end && !ji_delim(c->t[i]))
        i++;
    return i;
}

static const char *ji_what(const yi_node *n)
{
    return n->kind == YI_MAP ? "mapping" : n->kind == YI_SEQ ? "list" : "value";
}

/* The innermost open collection, as "the mapping that starts at column 3". */
static const char *ji_open_one(ji_ctx *c)
{
    const yi_node *n = c->fr[c->depth - 1].node;
    return ar_printf(&c->s->arena, "the %s that starts at %s", ji_what(n),
                     ji_where(c, n->loc.start));
}

/* R0701 at loc: "this is not valid JSON: ..." with a hint. */
static void ji_bad(ji_ctx *c, rm_loc loc, const char *hint, const char *fmt, ...) RM_PRINTF(4, 5);

static void ji_bad(ji_ctx *c, rm_loc loc, const char *hint, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *what = ar_vprintf(&c->s->arena, fmt, ap);
    va_end(ap);
    dg_item *d = dg_error(c->s, loc, "R0701", "this is not valid JSON: %s", what);
    dg_hint(c->s, d, "%s", hint);
}

/* The input ends where more was needed. */
static yi_node *ji_ends_early(ji_ctx *c)
{
    const char *hint = "a value is missing at the end";
    if (c->depth) {
        const yi_node *n = c->fr[c->depth - 1].node;
        hint = ar_printf(&c->s->arena, "%s is not closed: check for a missing '%c'",
                         ji_open_one(c), n->kind == YI_MAP ? '}' : ']');
    }
    ji_bad(c, ji_problem_at(c, c->end), hint, "the data ends before it is complete");
    return NULL;
}

/* ---- the bytes ---- */

/* The code point of the l-byte UTF-8 character at p (l as src_utf8_len
 * gives it): 0x10000 for any of four bytes, none of which is refused. */
static uint32_t ji_cp(const unsigned char *p, unsigned l)
{
    return l == 2 ? (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F)
         : l == 3 ? (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F)
                  : 0x10000;
}

/* A character above ASCII that inputs may not hold: C1 but NEL, U+FFFE,
 * U+FFFF. */
static bool ji_ctrl_cp(uint32_t cp)
{
    return (cp >= 0x80 && cp < 0xA0 && cp != 0x85) || cp == 0xFFFE || cp == 0xFFFF;
}

/* The length of the character at i, DEL or above, when it is UTF-8 that
 * ji_check_bytes lets through; 0 when it is not (then that function says
 * why).  Strings check their own bytes with this as they are read. */
static uint32_t ji_wide(const ji_ctx *c, uint32_t i)
{
    const unsigned char *p = (const unsigned char *)c->t + i;
    unsigned l = *p == 0x7F ? 0 : src_utf8_len(p, c->end - i);
    return l && !ji_ctrl_cp(ji_cp(p, l)) ? l : 0;
}

/* UTF-8 without NUL (R0005, R0006), then no control character that YAML
 * would refuse either (R0701): C0 but tab, line feed and carriage
 * return, DEL, C1 but NEL, U+FFFE and U+FFFF.  The first fault of the
 * first kind wins over any of the second, as in yamlin.c. */
static bool ji_check_bytes(ji_ctx *c)
{
    const unsigned char *p = (const unsigned char *)c->t;
    uint32_t i = c->start, end = c->end, ctrl = UINT32_MAX, ctrl_cp = 0;
    while (i < end) {
        if (end - i >= 8 && ji_plain8(c->t + i)) {
            i += 8;
            continue;
        }
        unsigned char b = p[i];
        if (b >= 0x20 && b < 0x7F) {
            i++;
            continue;
        }
        if (b == 0) {
            dg_item *d = dg_error(c->s, (rm_loc){c->file, i, i + 1}, "R0006",
                                  "this input contains a NUL byte, so it is not text");
            dg_hint(c->s, d, "inputs must be plain UTF-8 text; check that the right file was given");
            return false;
        }
        if (b < 0x80) {
            if (b != '\t' && b != '\n' && b != '\r' && ctrl == UINT32_MAX) {
                ctrl = i;
                ctrl_cp = b;
            }
            i++;
            continue;
        }
        unsigned l = src_utf8_len(p + i, end - i);
        if (!l) {
            dg_item *d = dg_error(c->s, (rm_loc){c->file, i, i + 1}, "R0005",
                                  "this input is not valid UTF-8 text (byte 0x%02X)", b);
            dg_hint(c->s, d, "save the input as UTF-8; if it came from a spreadsheet, export it "
                             "as UTF-8 text");
            return false;
        }
        uint32_t cp = ji_cp(p + i, l);
        if (ji_ctrl_cp(cp) && ctrl == UINT32_MAX) {
            ctrl = i;
            ctrl_cp = cp;
        }
        i += l;
    }
    if (ctrl != UINT32_MAX) {
        dg_item *d = dg_error(c->s, ji_at(c, ctrl), "R0701",
                              "this input contains a control character (U+%04X), which Remit's "
                              "inputs may not hold", (unsigned)ctrl_cp);
        dg_hint(c->s, d, "remove it: it was probably pasted in by mistake; write a tab or "
                         "line break as \\t or \\n inside double quotes");
        return false;
    }
    return true;
}

/* ---- building ---- */

/* ji_take when the current block has no room for n bytes (a multiple of
 * 16): a new block, or memory of its own for a large request. */
static void *ji_take_new(ji_ctx *c, size_t n)
{
    if (n > JI_SLAB / 4)
        return ar_alloc_raw(&c->s->arena, n);
    c->slab = ar_alloc_raw(&c->s->arena, JI_SLAB);
    c->slab_left = JI_SLAB - n;
    void *p = c->slab;
    c->slab += n;
    return p;
}

/* n bytes aligned for a node, cut from the current block; not zeroed:
 * every node is written in full when it is made. */
static inline void *ji_take(ji_ctx *c, size_t n)
{
    n = (n + 15u) & ~(size_t)15u;
    if (c->slab_left < n)
        return ji_take_new(c, n);
    void *p = c->slab;
    c->slab += n;
    c->slab_left -= n;
    return p;
}

static bool ji_count(ji_ctx *c, rm_loc at)
{
    if (c->nodes < YI_MAX_NODES) {
        c->nodes++;
        return true;
    }
    dg_item *d = dg_error(c->s, at, "R0709", "this input holds more than %u values", YI_MAX_NODES);
    dg_hint(c->s, d, "split it into smaller inputs (a history, for example, one year at a time)");
    return false;
}

static bool ji_too_long(ji_ctx *c, uint32_t at, size_t len)
{
    if (len <= YI_MAX_SCALAR)
        return false;
    dg_item *d = dg_error(c->s, ji_at(c, at), "R0710",
                          "this value is %zu bytes long; a value may be at most %u",
                          len, YI_MAX_SCALAR);
    dg_hint(c->s, d, "names, amounts, dates and descriptions fit easily; check that "
                     "nothing else was pasted in here");
    return true;
}

/* A scalar over [start, end) with room for a text of len bytes after it
 * (one allocation, of at least 16 bytes for ji_text); NULL after
 * reporting one node too many. */
static inline yi_node *ji_scalar(ji_ctx *c, uint32_t start, uint32_t end, uint32_t len)
{
    if (c->nodes >= YI_MAX_NODES) {
        ji_count(c, (rm_loc){c->file, start, end}); /* reports it */
        return NULL;
    }
    c->nodes++;
    yi_node *n = ji_take(c, sizeof *n + (len < 16 ? 16 : len + 1));
    *n = (yi_node){.kind = YI_SCALAR, .loc = {c->file, start, end},
                   .text = (const char *)(n + 1), .len = len};
    return n;
}

/* The len bytes of the input at `from`, and a '\0', at o.  A short text
 * is copied in one 16-byte move when the input has 16 bytes there (o has
 * room for them: ji_scalar, ji_by_shape). */
static inline void ji_copy(const ji_ctx *c, char *o, uint32_t from, uint32_t len)
{
    if (len < 16 && c->end - from >= 16)
        memcpy(o, c->t + from, 16);
    else
        memcpy(o, c->t + from, len);
    o[len] = '\0';
}

static inline void ji_text(const ji_ctx *c, yi_node *n, uint32_t from, uint32_t len)
{
    ji_copy(c, (char *)(n + 1), from, len);
}

/* The stack of children, twice as large. */
static void ji_grow(ji_ctx *c)
{
    uint32_t cap = c->capstk * 2;
    yi_node **v = ar_alloc(&c->s->arena, cap * sizeof *v);
    uint64_t *f = ar_alloc(&c->s->arena, cap * sizeof *f);
    memcpy(v, c->stk, c->nstk * sizeof *v);
    memcpy(f, c->fp, c->nstk * sizeof *f);
    c->stk = v;
    c->fp = f;
    c->capstk = cap;
}

static inline void ji_push(ji_ctx *c, yi_node *n)
{
    if (c->nstk == c->capstk)
        ji_grow(c);
    c->stk[c->nstk++] = n;
}

/* A key's first eight bytes in one number, zeros after a shorter key:
 * keys of the same length up to eight bytes are equal when their numbers
 * are.  A key written without escapes is read in one load from the input
 * (not from its copy, just written: the load would wait for the stores). */
static uint64_t ji_fp(const ji_ctx *c, const yi_node *k)
{
    uint32_t len = k->len, n = len < 8 ? len : 8;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (k->loc.end - k->loc.start == len + 2 && c->end - k->loc.start > 8) {
        uint64_t x;
        memcpy(&x, c->t + k->loc.start + 1, 8);
        return n == 8 ? x : x & ((UINT64_C(1) << (8 * n)) - 1);
    }
#else
    (void)c;
#endif
    uint64_t f = 0;
    for (uint32_t i = 0; i < n; i++)
        f |= (uint64_t)(unsigned char)k->text[i] << (8 * i);
    return f;
}



/* R0706 at key k, given first at `first`; false. */
static bool ji_dup_key(ji_ctx *c, const yi_node *k, const yi_node *first)
{
    const char *shown = src_show(&c->s->arena, k->text, k->len);
    dg_item *d = dg_error(c->s, k->loc, "R0706", "'%s' is given a second time here", shown);
    dg_hint(c->s, d, "'%s' is first given at %s; keep only one, so that it is clear "
                     "which value counts", shown, ji_where(c, first->loc.start));
    return false;
}

/* A key of the innermost mapping; false after reporting a duplicate.  A
 * small mapping is searched, a large one hashed. */
JI_INLINE bool ji_key(ji_ctx *c, yi_node *k)
{
    ji_frame *fr = &c->fr[c->depth - 1];
    const yi_node *first = NULL;
    uint64_t f = ji_fp(c, k);
    /* a key whose bit no earlier key has is new: most keys are */
    uint64_t bit = UINT64_C(1) << ((f * UINT64_C(0x9E3779B97F4A7C15)) >> 58);
    bool maybe = fr->seen & bit;
    fr->seen |= bit;
    if (!fr->hashed && c->nstk - fr->first < 2 * JI_LINEAR_KEYS) {
        for (uint32_t i = fr->first; maybe && i < c->nstk; i += 2) {
            const yi_node *o = c->stk[i];
            if (c->fp[i] == f && o->len == k->len &&
                (k->len <= 8 || !memcmp(o->text, k->text, k->len))) {
                first = o;
                break;
            }
        }
    } else {
        if (!fr->hashed) {
            for (uint32_t i = fr->first; i < c->nstk; i += 2)
                yi_key_seen(&c->s->arena, &c->keys, fr->map_id, c->stk[i]);
            fr->hashed = true;
        }
        first = yi_key_seen(&c->s->arena, &c->keys, fr->map_id, k);
    }
    if (first)
        return ji_dup_key(c, k, first);
    ji_push(c, k);
    c->fp[c->nstk - 1] = f;
    return true;
}

/* ---- strings ---- */

static bool ji_hex4(const ji_ctx *c, uint32_t i, uint32_t *v)
{
    if (c->end - i < 4)
        return false;
    uint32_t x = 0;
    for (uint32_t k = i; k < i + 4; k++) {
        char h = c->t[k];
        char l = (char)(h | 0x20);
        if (ji_digit(h))
            x = x << 4 | (uint32_t)(h - '0');
        else if (l >= 'a' && l <= 'f')
            x = x << 4 | (uint32_t)(l - 'a' + 10);
        else
            return false;
    }
    *v = x;
    return true;
}

/* The \u escape at i (the backslash), a surrogate pair taken as one: its
 * code point, and its length in bytes in *used.  False after reporting
 * fewer than four hexadecimal digits or half a surrogate pair. */
static bool ji_escape_u(ji_ctx *c, uint32_t i, uint32_t *cp, uint32_t *used)
{
    uint32_t v, lo;
    if (!ji_hex4(c, i + 2, &v)) {
        uint32_t e = i + 2;
        while (e < c->end && e < i + 6 && !ji_delim(c->t[e]) && c->t[e] != '\\')
            e++;
        ji_bad(c, (rm_loc){c->file, i, e}, "write a character as \\u00A3 for example, or "
                                           "write the character itself",
               "\\u must be followed by four hexadecimal digits");
        return false;
    }
    *used = 6;
    if (v >= 0xD800 && v <= 0xDBFF && c->end - i >= 12 && c->t[i + 6] == '\\' &&
        c->t[i + 7] == 'u' && ji_hex4(c, i + 8, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
        *cp = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
        *used = 12;
        return true;
    }
    if (v >= 0xD800 && v <= 0xDFFF) {
        ji_bad(c, (rm_loc){c->file, i, i + 6},
               "write the character itself, or both halves of its pair, such as \\uD83D\\uDE00",
               "'%s' is half of a UTF-16 surrogate pair, without the other half",
               src_show(&c->s->arena, c->t + i, 6));
        return false;
    }
    *cp = v;
    return true;
}

static uint32_t ji_utf8_len(uint32_t cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

static char *ji_put_utf8(char *o, uint32_t cp)
{
    if (cp < 0x80) {
        *o++ = (char)cp;
    } else if (cp < 0x800) {
        *o++ = (char)(0xC0 | cp >> 6);
        *o++ = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *o++ = (char)(0xE0 | cp >> 12);
        *o++ = (char)(0x80 | (cp >> 6 & 0x3F));
        *o++ = (char)(0x80 | (cp & 0x3F));
    } else {
        *o++ = (char)(0xF0 | cp >> 18);
        *o++ = (char)(0x80 | (cp >> 12 & 0x3F));
        *o++ = (char)(0x80 | (cp >> 6 & 0x3F));
        *o++ = (char)(0x80 | (cp & 0x3F));
    }
    return o;
}

/* A character that cannot stand inside a string (opened at `open`), at i. */
static void ji_string_char(ji_ctx *c, uint32_t open, uint32_t i)
{
    if (c->t[i] == '\n' || c->t[i] == '\r')
        ji_bad(c, ji_at(c, i),
               ar_printf(&c->s->arena, "the quotation mark at %s is not closed on its line; "
                                       "write a line break inside a string as \\n",
                         ji_where(c, open)),
               "a string cannot go on over a line break");
    else
        ji_bad(c, ji_at(c, i), "write a tab as \\t and a line break as \\n",
               "a tab or other control character cannot be written as it is inside a string");
}

static void ji_unclosed(ji_ctx *c, uint32_t open)
{
    ji_bad(c, ji_problem_at(c, c->end),
           ar_printf(&c->s->arena, "the quotation mark at %s is not closed", ji_where(c, open)),
           "the data ends before it is complete");
}

/* The string whose opening quote is at *ip, with escapes from `esc` on:
 * checked, measured, then decoded.  *ip moves past the closing quote. */
static yi_node *ji_escaped(ji_ctx *c, uint32_t *ip, uint32_t esc)
{
    const char *t = c->t;
    uint32_t open = *ip, i = esc, len = esc - open - 1;
    bool nul = false;
    for (;;) {
        if (i >= c->end) {
            ji_unclosed(c, open);
            return NULL;
        }
        char ch = t[i];
        if (ch == '"')
            break;
        if ((unsigned char)ch < 0x20) {
            ji_string_char(c, open, i);
            return NULL;
        }
        if ((unsigned char)ch >= 0x7F) {
            uint32_t l = ji_wide(c, i);
            if (!l) {
                c->bad_byte = true; /* ji_check_bytes reports it */
                return NULL;
            }
            i += l;
            len += l;
            continue;
        }
        if (ch != '\\') {
            i++;
            len++;
            continue;
        }
        if (i + 1 >= c->end) {
            ji_unclosed(c, open);
            return NULL;
        }
        char e = t[i + 1];
        if (e == 'u') {
            uint32_t cp, used;
            if (!ji_escape_u(c, i, &cp, &used))
                return NULL;
            nul |= cp == 0;
            len += ji_utf8_len(cp);
            i += used;
        } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' ||
                   e == 'r' || e == 't') {
            len++;
            i += 2;
        } else {
            rm_loc at = ji_at(c, i + 1);
            at.start = i;
            ji_bad(c, at, "the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\u with four "
                          "hexadecimal digits; write \\\\ for a backslash",
                   "'\\%s' is not an escape JSON has", src_show(&c->s->arena, t + i + 1, at.end - i - 1));
            return NULL;
        }
    }
    uint32_t end = i + 1;
    if (ji_too_long(c, open, len))
        return NULL;
    if (nul) {
        dg_item *d = dg_error(c->s, ji_at(c, open), "R0712",
                              "this value contains a NUL character (\\u0000)");
        dg_hint(c->s, d, "remove the \\u0000 escape; Remit's inputs are plain text");
        return NULL;
    }
    yi_node *n = ji_scalar(c, open, end, len);
    if (!n)
        return NULL;
    char *o = (char *)(n + 1);
    memcpy(o, t + open + 1, esc - open - 1);
    o += esc - open - 1;
    for (i = esc; t[i] != '"';) {
        if (t[i] != '\\') {
            *o++ = t[i++];
            continue;
        }
        char e = t[i + 1];
        if (e == 'u') {
            uint32_t cp = 0, used = 6;
            ji_escape_u(c, i, &cp, &used); /* checked above */
            o = ji_put_utf8(o, cp);
            i += used;
            continue;
        }
        *o++ = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == 'b' ? '\b'
             : e == 'f' ? '\f' : e; /* \" \\ \/ */
        i += 2;
    }
    *o = '\0';
    n->quoted = true;
    *ip = end;
    return n;
}

/* The first byte from i on that a string cannot hold as it is: '"',
 * '\\', a control character, DEL or above; end when there is none. */
JI_INLINE uint32_t ji_special(const char *t, uint32_t i, uint32_t end)
{
#ifdef XP_SSE2
    unsigned m = 0;
    while (end - i >= 16 && !(m = xp_special16(t + i, true)))
        i += 16;
    if (m)
        return i + (uint32_t)__builtin_ctz(m);
#else
    uint64_t z = 0;
    while (end - i >= 8 && !(z = ji_str8(t + i)))
        i += 8;
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (z) /* the lowest flagged byte is the first special one */
        i += (uint32_t)__builtin_ctzll(z) / 8;
#endif
#endif
    while (i < end && !(ji_cls(t[i]) & JI_STOP))
        i++;
    return i;
}

/* The quoted scalar of a string without escapes, from its opening quote
 * at open to its closing one at close; *ip moves past it. */
JI_INLINE yi_node *ji_plain_string(ji_ctx *c, uint32_t *ip, uint32_t open, uint32_t close)
{
    uint32_t len = close - open - 1;
    if (ji_too_long(c, open, len))
        return NULL;
    yi_node *n = ji_scalar(c, open, close + 1, len);
    if (!n)
        return NULL;
    ji_text(c, n, open + 1, len);
    n->quoted = true;
    *ip = close + 1;
    return n;
}

/* The rest of ji_string, from i, the first byte that is not plain ASCII
 * in the string that opens at *ip: characters above ASCII, escapes, and
 * the faults. */
static yi_node *ji_string_rest(ji_ctx *c, uint32_t *ip, uint32_t i)
{
    const char *t = c->t;
    const uint32_t end = c->end;
    uint32_t open = *ip;
    for (;;) {
        if (i >= end) {
            ji_unclosed(c, open);
            return NULL;
        }
        if ((unsigned char)t[i] < 0x7F)
            break;
        uint32_t l = ji_wide(c, i);
        if (!l) {
            c->bad_byte = true; /* ji_check_bytes reports it */
            return NULL;
        }
        i = ji_special(t, i + l, end);
    }
    if (t[i] == '\\')
        return ji_escaped(c, ip, i);
    if (t[i] != '"') {
        ji_string_char(c, open, i);
        return NULL;
    }
    return ji_plain_string(c, ip, open, i);
}

/* The string whose opening quote is at *ip, as a quoted scalar; *ip
 * moves past the closing quote.  NULL after reporting.  Inline, the
 * common string (plain ASCII, no escape) and the rest apart. */
JI_INLINE yi_node *ji_string(ji_ctx *c, uint32_t *ip)
{
    uint32_t i = ji_special(c->t, *ip + 1, c->end);
    if (i < c->end && c->t[i] == '"')
        return ji_plain_string(c, ip, *ip, i);
    return ji_string_rest(c, ip, i);
}

/* ---- numbers and words ---- */

/* The end of the number that starts at s (RFC 8259: -? (0 | [1-9][0-9]*)
 * (.[0-9]+)? ([eE][+-]?[0-9]+)?) when it is one and a delimiter or the
 * end follows it; 0 when not. */
static uint32_t ji_number_end(const char *t, uint32_t s, uint32_t end)
{
    uint32_t i = s;
    if (t[i] == '-')
        i++;
    if (i < end && t[i] == '0') {
        i++;
    } else if (i < end && ji_digit(t[i])) {
        while (i < end && ji_digit(t[i]))
            i++;
    } else {
        return 0;
    }
    if (i < end && t[i] == '.') {
        i++;
        if (!(i < end && ji_digit(t[i])))
            return 0;
        while (i < end && ji_digit(t[i]))
            i++;
    }
    if (i < end && (t[i] == 'e' || t[i] == 'E')) {
        i++;
        if (i < end && (t[i] == '+' || t[i] == '-'))
            i++;
        if (!(i < end && ji_digit(t[i])))
            return 0;
        while (i < end && ji_digit(t[i]))
            i++;
    }
    return i < end && !ji_delim(t[i]) ? 0 : i;
}

/* A number at *ip, kept as written. */
static yi_node *ji_number(ji_ctx *c, uint32_t *ip)
{
    const char *t = c->t;
    uint32_t s = *ip, i = ji_number_end(t, s, c->end);
    if (!i) {
        uint32_t e = ji_word_end(c, s);
        rm_loc at = ji_at(c, s);
        at.end = e > at.end ? e : at.end;
        ji_bad(c, at, "write a number as digits, such as 12, 12.5 or -3, and an amount of "
                      "money in quotes, such as \"\xC2\xA3" "1,250.50\"",
               "'%s' is not a number", src_show(&c->s->arena, t + s, e - s));
        return NULL;
    }
    uint32_t len = i - s;
    if (ji_too_long(c, s, len))
        return NULL;
    yi_node *n = ji_scalar(c, s, i, len);
    if (!n)
        return NULL;
    ji_text(c, n, s, len);
    *ip = i;
    return n;
}

/* true, false or null at *ip; anything else where a value should be is
 * reported here. */
static yi_node *ji_word(ji_ctx *c, uint32_t *ip)
{
    const char *t = c->t;
    uint32_t s = *ip, e = ji_word_end(c, s), len = e - s;
    bool is_null = len == 4 && !memcmp(t + s, "null", 4);
    if (is_null || (len == 4 && !memcmp(t + s, "true", 4)) ||
        (len == 5 && !memcmp(t + s, "false", 5))) {
        yi_node *n = ji_scalar(c, s, e, len);
        if (!n)
            return NULL;
        ji_text(c, n, s, len);
        n->is_null = is_null;
        *ip = e;
        return n;
    }
    rm_loc at = ji_at(c, s);
    if (e > at.end)
        at.end = e;
    char ch = t[s];
    if (ch == ',' || ch == ':' || ch == ']' || ch == '}')
        ji_bad(c, at, "check for an extra comma, colon or bracket", "a value is missing here");
    else if (ch == '\'')
        ji_bad(c, at, "write \"spend\", not 'spend'",
               "text is written in double quotes, not single ones");
    else if (ch == '/' || ch == '#')
        ji_bad(c, at, "remove the comment", "JSON has no comments");
    else
        ji_bad(c, at, ar_printf(&c->s->arena, "put text in double quotes, such as \"%s\"; the "
                                              "only words JSON knows are true, false and null, "
                                              "in small letters", src_show(&c->s->arena, t + s, len)),
               "'%s' is not a value", src_show(&c->s->arena, t + s, len));
    return NULL;
}

/* ---- collections ---- */

static yi_node *ji_open(ji_ctx *c, uint32_t at, yi_kind kind)
{
    rm_loc loc = {c->file, at, at + 1};
    if (c->depth == YI_MAX_DEPTH) {
        dg_item *d = dg_error(c->s, loc, "R0708",
                              "this input is nested more than %u levels deep here", YI_MAX_DEPTH);
        dg_hint(c->s, d, "a decision is three or four levels deep; check for brackets "
                         "that went wrong");
        return NULL;
    }
    if (!ji_count(c, loc))
        return NULL;
    yi_node *n = ji_take(c, sizeof *n);
    *n = (yi_node){.kind = kind, .loc = loc};
    return n;
}

/* Close the innermost collection at its bracket `at`. */
static void ji_close(ji_ctx *c, uint32_t at)
{
    ji_frame *fr = &c->fr[--c->depth];
    yi_node *n = fr->node;
    uint32_t k = c->nstk - fr->first;
    yi_node **kids = c->stk + fr->first;
    if (k) {
        yi_node **v = ji_take(c, k * sizeof *v);
        if (n->kind == YI_MAP) {
            k /= 2;
            for (uint32_t i = 0; i < k; i++) {
                v[i] = kids[2 * i];
                v[k + i] = kids[2 * i + 1];
            }
            n->keys = v;
            n->items = v + k;
        } else {
            memcpy(v, kids, k * sizeof *v);
            n->items = v;
        }
    }
    n->n = k;
    n->loc.end = at + 1;
    c->nstk = fr->first;
}

/* ---- shapes ---- */

/* A batch of decisions, or a history, is written by a program, and line
 * after line has the same shape: the same keys in the same order, the
 * same brackets and blanks, only the values differ.  A shape is such a
 * value read once (a tree, kept), cut into its literal runs (everything
 * but the values: brackets, keys, blanks) and its holes (the scalars
 * that are values).  A later value is read by it when its text is the
 * same runs with a scalar in each hole: each run compared whole, each
 * hole read as the grammar reads a scalar, and the kept tree given the
 * new places and values.  The tree made is the one ji_run would make,
 * node for node (places, texts, flags; tests/unit/test_jsonin.c compares
 * them on thousands of lines): a value of another shape, or anything a
 * hole does not take as it is (an escape, a character a string cannot
 * hold, a value too long, a collection), is read by ji_run from its
 * start, and what it reads may become a shape (below: not when a
 * shape's runs led up to a scalar it would not take, which is a value
 * of that shape, and not while shapes learnt lately went unused, so
 * that lines of many shapes in turn cost little more than ji_run).  A
 * shape's tree is the same memory each time: a reader hands back one
 * value's tree before it reads the next (a batch line, a history entry,
 * a ledger's line), and a value's texts are taken from the session as
 * ji_run's are.  Cut from a profile of a batch: the reading of a line
 * was a third of it.  Shapes are tried the last used first; shapes that
 * begin with the same runs (lines of a program that writes a list of one
 * item or of two, a key or not) are not read again where they are alike:
 * a shape tried after one that failed is read on from the run where the
 * two part, and one that is like a failed one up to and with the run or
 * hole it failed at is not tried (ji_shaped). */
enum {
    JI_SHAPES = 16,         /* kept, the last used first (gendecisions' mix, 16 shapes:
                               with 8 kept, one line in seven was learnt again) */
    JI_CREDIT = 16,         /* learning: what a new shape costs (a fresh reader
                               has enough for JI_SHAPES of them), and most
                               of what can be saved up */
    JI_WINDOW = 64,         /* values over which shapes are weighed (ji_weigh) */
    JI_REST = 1024,         /* values read by ji_run alone when they did not pay */
    JI_SHAPE_NODES = 128,   /* a larger value is not kept as a shape */
    JI_SHAPE_BYTES = 4096   /* its runs and its keys' texts */
};

typedef struct ji_fix {     /* a node's start or end, at off in a run */
    uint32_t *at;           /* that place in the shape's node */
    uint16_t run, off;
} ji_fix;

typedef struct ji_shape {
    uint32_t nnodes, nholes, nfix, nbytes, depth, file;
    uint32_t serial;                   /* its number (ji_shapes_last), new each time one is learnt */
    yi_node node[JI_SHAPE_NODES];      /* the tree, node[0] its root */
    yi_node *kids[2 * JI_SHAPE_NODES]; /* its collections' keys and items */
    uint16_t hole[JI_SHAPE_NODES];     /* the node of each hole */
    uint16_t run_at[JI_SHAPE_NODES + 1], run_len[JI_SHAPE_NODES + 1];
    ji_fix fix[2 * JI_SHAPE_NODES];
    char bytes[JI_SHAPE_BYTES];        /* the runs, then the keys' texts */
} ji_shape;

struct ji_shapes {
    uint32_t n;
    uint32_t credit;                   /* a shape is learnt for JI_CREDIT of it; each
                                          value read by a shape gives 1 (ji_shaped) */
    uint64_t used;                     /* values read by a shape (for the tests) */
    uint32_t seen, rest;               /* values in this window; values left to rest */
    int64_t gain;                      /* in this window: about the instructions shapes
                                          saved (by callgrind: reading by shape saves
                                          11 a byte of the value, a try that fails
                                          costs 6 a byte it read, learning 15 a byte) */
    uint32_t serials;                  /* the shapes learnt so far: the last one's serial */
    uint32_t last;                     /* the serial of the shape that read the last value, or 0 */
    uint8_t order[JI_SHAPES];          /* the shapes, the last used first */
    uint16_t common[JI_SHAPES][JI_SHAPES]; /* of two kept shapes (by slot), how many
                                          runs they begin with alike, each followed
                                          by a hole in both (ji_common) */
    ji_shape shape[JI_SHAPES];
};

uint64_t ji_shapes_used(const ji_shapes *sh) { return sh->used; }

uint32_t ji_shapes_last(const ji_shapes *sh) { return sh->last; }

ji_shapes *ji_shapes_new(rm_arena *a)
{
    ji_shapes *sh = ar_alloc_raw(a, sizeof *sh);
    sh->n = 0;
    sh->serials = sh->last = 0;
    sh->used = 0;
    sh->seen = sh->rest = 0;
    sh->gain = 0;
    sh->credit = JI_SHAPES * JI_CREDIT;
    for (uint32_t i = 0; i < JI_SHAPES; i++)
        sh->order[i] = (uint8_t)i;
    return sh;
}

/* Learning a shape: the state of the walk over the tree read. */
typedef struct ji_learn {
    ji_shape *x;
    const char *t;
    uint32_t run_start;     /* where the run being cut began in t */
    uint32_t nkids;
    bool ok;
} ji_learn;

static void ji_learn_fix(ji_learn *l, uint32_t node, uint32_t at, bool end)
{
    ji_shape *x = l->x;
    if (x->nfix == 2 * JI_SHAPE_NODES || at - l->run_start > UINT16_MAX) {
        l->ok = false;
        return;
    }
    yi_node *n = &x->node[node];
    x->fix[x->nfix++] = (ji_fix){end ? &n->loc.end : &n->loc.start, (uint16_t)x->nholes,
                                 (uint16_t)(at - l->run_start)};
}

/* The bytes [from, to) of t at the end of x's bytes; false when full. */
static bool ji_learn_bytes(ji_learn *l, uint32_t from, uint32_t to)
{
    ji_shape *x = l->x;
    if (to - from > JI_SHAPE_BYTES - x->nbytes)
        return false;
    memcpy(x->bytes + x->nbytes, l->t + from, to - from);
    x->nbytes += to - from;
    return true;
}

/* The run that ends at `to` (where a hole starts, or the value ends). */
static void ji_learn_run(ji_learn *l, uint32_t to)
{
    ji_shape *x = l->x;
    uint32_t at = x->nbytes;
    if (!ji_learn_bytes(l, l->run_start, to)) {
        l->ok = false;
        return;
    }
    x->run_at[x->nholes] = (uint16_t)at;
    x->run_len[x->nholes] = (uint16_t)(to - l->run_start);
}

/* Copy node n (a key when is_key) and what it holds into the shape, in
 * the order of the text; returns its index. */
static uint32_t ji_learn_node(ji_learn *l, const yi_node *n, bool is_key)
{
    ji_shape *x = l->x;
    if (!l->ok || x->nnodes == JI_SHAPE_NODES) {
        l->ok = false;
        return 0;
    }
    uint32_t k = x->nnodes++;
    yi_node *o = &x->node[k];
    *o = *n;
    if (n->kind == YI_SCALAR && is_key) { /* a key: its text kept, written as it is */
        if (n->loc.end - n->loc.start != n->len + 2 || memcmp(l->t + n->loc.start + 1, n->text, n->len) ||
            n->len + 1 > JI_SHAPE_BYTES - x->nbytes) {
            l->ok = false;
            return k;
        }
        ji_learn_fix(l, k, n->loc.start, false);
        ji_learn_fix(l, k, n->loc.end, true);
        memcpy(x->bytes + x->nbytes, n->text, n->len + 1);
        o->text = x->bytes + x->nbytes;
        x->nbytes += n->len + 1;
        return k;
    }
    if (n->kind == YI_SCALAR) { /* a value: a hole, between two runs */
        ji_learn_run(l, n->loc.start);
        x->hole[x->nholes++] = (uint16_t)k;
        l->run_start = n->loc.end;
        o->text = NULL;
        return k;
    }
    ji_learn_fix(l, k, n->loc.start, false);
    uint32_t m = n->kind == YI_MAP ? 2 * n->n : n->n, at = l->nkids;
    if (m > 2 * JI_SHAPE_NODES - at) {
        l->ok = false;
        return k;
    }
    l->nkids += m;
    for (uint32_t i = 0; i < n->n && l->ok; i++) {
        if (n->kind == YI_MAP)
            x->kids[at + i] = &x->node[ji_learn_node(l, n->keys[i], true)];
        x->kids[at + (n->kind == YI_MAP ? n->n : 0) + i] = &x->node[ji_learn_node(l, n->items[i], false)];
    }
    if (n->n) {
        o->keys = n->kind == YI_MAP ? &x->kids[at] : NULL;
        o->items = &x->kids[at + (n->kind == YI_MAP ? n->n : 0)];
    }
    ji_learn_fix(l, k, n->loc.end, true);
    return k;
}

/* How many runs shapes a and b begin with alike, each followed by a hole
 * in both: a value that one of them read up to run k (k at most that)
 * was read by the other as far (ji_shaped). */
static uint16_t ji_common(const ji_shape *a, const ji_shape *b)
{
    if (a->depth != b->depth)
        return 0;
    uint32_t most = a->nholes < b->nholes ? a->nholes : b->nholes, k = 0;
    while (k < most && a->run_len[k] == b->run_len[k] &&
           !memcmp(a->bytes + a->run_at[k], b->bytes + b->run_at[k], a->run_len[k]))
        k++;
    return (uint16_t)k;
}

/* Keep the collection root, just read by ji_run at depth `depth`, as the
 * shape of the values that follow (in the slot of the one used least
 * lately). */
static void ji_learn_shape(ji_ctx *c, const yi_node *root, uint32_t depth)
{
    ji_shapes *sh = c->shapes;
    if (root->kind == YI_SCALAR || c->near_miss || sh->rest || sh->credit < JI_CREDIT)
        return;
    sh->credit -= JI_CREDIT;
    sh->gain -= 15 * (int64_t)(root->loc.end - root->loc.start);
    /* order[] holds every slot: the n shapes kept, the last used first,
     * then the free slots; the first free one is taken, or the one used
     * least lately */
    uint32_t at = sh->n < JI_SHAPES ? sh->n : JI_SHAPES - 1, slot = sh->order[at];
    ji_shape *x = &sh->shape[slot];
    x->nnodes = x->nholes = x->nfix = x->nbytes = 0;
    x->serial = 0; /* (what a plan made of the shape it held no longer holds) */
    x->depth = depth;
    x->file = UINT32_MAX;
    ji_learn l = {x, c->t, root->loc.start, 0, true};
    ji_learn_node(&l, root, false);
    if (l.ok)
        ji_learn_run(&l, root->loc.end);
    if (!l.ok) {
        if (at < sh->n) /* the slot of the one used least lately, now free */
            sh->n--;
        return;
    }
    if (at == sh->n)
        sh->n++;
    x->serial = ++sh->serials ? sh->serials : ++sh->serials; /* never 0 */
    for (uint32_t k = 0; k < sh->n; k++) {
        uint32_t t = sh->order[k];
        if (t != slot)
            sh->common[slot][t] = sh->common[t][slot] = ji_common(x, &sh->shape[t]);
    }
    for (; at > 0; at--)
        sh->order[at] = sh->order[at - 1];
    sh->order[0] = (uint8_t)slot;
}

/* The n bytes at a and at b are the same: compared eight at a time (a
 * run is a few keys and brackets; the library's call cost more). */
JI_INLINE bool ji_same(const char *a, const char *b, uint32_t n)
{
    uint64_t x, y;
    if (n >= 8) {
        for (uint32_t i = 0; i + 8 <= n; i += 8) {
            memcpy(&x, a + i, 8);
            memcpy(&y, b + i, 8);
            if (x != y)
                return false;
        }
        memcpy(&x, a + n - 8, 8); /* the last eight, over what was compared */
        memcpy(&y, b + n - 8, 8);
        return x == y;
    }
    uint32_t u, v;
    if (n >= 4) {
        memcpy(&u, a, 4);
        memcpy(&v, b, 4);
        if (u != v)
            return false;
        memcpy(&u, a + n - 4, 4);
        memcpy(&v, b + n - 4, 4);
        return u == v;
    }
    for (uint32_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

/* The scalar of a hole at i, as ji_run would read it: *endp past it,
 * *tp and *lenp its text, *quoted; false when ji_run must read it (not a
 * scalar, or one it would refuse or read with an escape). */
JI_INLINE bool ji_hole(const ji_ctx *c, uint32_t i, uint32_t *endp, uint32_t *tp, uint32_t *lenp, bool *quoted)
{
    const char *t = c->t;
    const uint32_t end = c->end;
    if (i >= end)
        return false;
    if (t[i] == '"') {
        uint32_t j = ji_special(t, i + 1, end);
        for (;;) {
            if (j >= end)
                return false;
            if ((unsigned char)t[j] < 0x7F)
                break;
            uint32_t w = ji_wide(c, j);
            if (!w)
                return false;
            j = ji_special(t, j + w, end);
        }
        if (t[j] != '"')
            return false;
        *tp = i + 1;
        *lenp = j - i - 1;
        *endp = j + 1;
        *quoted = true;
    } else if (t[i] == '-' || ji_digit(t[i])) {
        uint32_t j = ji_number_end(t, i, end);
        if (!j)
            return false;
        *tp = i;
        *lenp = j - i;
        *endp = j;
        *quoted = false;
    } else {
        uint32_t j = ji_word_end(c, i), len = j - i;
        if (!((len == 4 && (!memcmp(t + i, "null", 4) || !memcmp(t + i, "true", 4))) ||
              (len == 5 && !memcmp(t + i, "false", 5))))
            return false;
        *tp = i;
        *lenp = len;
        *endp = j;
        *quoted = false;
    }
    return *lenp <= YI_MAX_SCALAR;
}

/* What the tries of one value by the shapes found (ji_shaped): where each
 * run began and what each hole held, of the last shape tried; the runs
 * and holes before `fail` are the value's. */
typedef struct ji_scan {
    uint32_t run[JI_SHAPE_NODES + 1], hs[JI_SHAPE_NODES], he[JI_SHAPE_NODES], ht[JI_SHAPE_NODES],
        hl[JI_SHAPE_NODES];
    bool hq[JI_SHAPE_NODES];
    uint32_t fail;  /* the run that did not match, or whose hole did not take
                       its scalar; JI_NO_FAIL when nothing can be said */
} ji_scan;
#define JI_NO_FAIL UINT32_MAX

/* The value at *ip read by shape x, its tree x's, *ip past it; NULL when
 * it is not of x's shape (nothing reported, nothing taken).  Its first
 * `from` runs and holes are those st holds (read by a shape that begins
 * with the same runs: ji_common). */
static yi_node *ji_by_shape(ji_ctx *c, ji_shape *x, uint32_t *ip, uint32_t from, ji_scan *st)
{
    const char *t = c->t;
    const uint32_t end = c->end;
    uint32_t i = from ? st->he[from - 1] : *ip, start = i;
    for (uint32_t h = from;; h++) {
        uint32_t len = x->run_len[h];
        st->run[h] = i;
        if (end - i < len || !ji_same(t + i, x->bytes + x->run_at[h], len)) {
            c->shapes->gain -= 6 * (int64_t)(i - start);
            st->fail = h;
            return NULL;
        }
        i += len;
        if (h == x->nholes)
            break;
        st->hs[h] = i;
        if (!ji_hole(c, i, &st->he[h], &st->ht[h], &st->hl[h], &st->hq[h])) {
            /* a scalar it would not take (an escape, a character a
             * string cannot hold, too long): a value of this shape */
            c->near_miss |= i < end && (t[i] == '"' || t[i] == '-' || ji_digit(t[i]));
            c->shapes->gain -= 6 * (int64_t)(i - start);
            st->fail = h;
            return NULL;
        }
        i = st->he[h];
    }
    if (c->nodes > YI_MAX_NODES - x->nnodes) {
        st->fail = JI_NO_FAIL;
        return NULL; /* ji_run says where */
    }
    c->nodes += x->nnodes;
    c->shapes->gain += 11 * (int64_t)(i - *ip);
    const uint32_t *run = st->run, *hs = st->hs, *he = st->he, *ht = st->ht, *hl = st->hl;
    const bool *hq = st->hq;
    if (x->file != c->file) {
        for (uint32_t k = 0; k < x->nnodes; k++)
            x->node[k].loc.file = c->file;
        x->file = c->file;
    }
    for (uint32_t k = 0; k < x->nfix; k++)
        *x->fix[k].at = run[x->fix[k].run] + x->fix[k].off;
    for (uint32_t h = 0; h < x->nholes; h++) {
        yi_node *n = &x->node[x->hole[h]];
        uint32_t len = hl[h];
        char *o = ji_take(c, len < 16 ? 16 : len + 1);
        ji_copy(c, o, ht[h], len);
        n->text = o;
        n->len = len;
        n->loc.start = hs[h];
        n->loc.end = he[h];
        n->quoted = hq[h];
        n->is_null = !hq[h] && len == 4 && !memcmp(o, "null", 4);
    }
    *ip = i;
    return &x->node[0];
}

/* After each value at the shapes' depth: when over a window of values
 * the shapes did not pay for their tries and their learning (values of
 * many shapes in turn), they rest for a while and ji_run reads alone. */
static void ji_weigh(ji_shapes *sh)
{
    if (++sh->seen < JI_WINDOW)
        return;
    if (sh->gain <= 0)
        sh->rest = JI_REST;
    sh->seen = 0;
    sh->gain = 0;
}

/* The value at *ip (a '{' or '['), read by one of the shapes kept; NULL
 * when none is its shape. */
static yi_node *ji_shaped(ji_ctx *c, uint32_t *ip)
{
    ji_shapes *sh = c->shapes;
    if (sh->rest) {
        sh->rest--;
        return NULL;
    }
    ji_scan st;
    uint32_t last = JI_SHAPES;        /* the slot of the last shape tried (st is its) */
    uint32_t failed[JI_SHAPES], failh[JI_SHAPES], nfailed = 0; /* slots, and where they failed */
    for (uint32_t k = 0; k < sh->n; k++) {
        uint32_t slot = sh->order[k];
        ji_shape *x = &sh->shape[slot];
        if (x->depth != c->depth)
            continue;
        /* a shape that begins as one that failed, up to and with the run
         * or hole it failed at, fails there too: not tried; one that
         * begins as the last tried, up to a run before it failed, is read
         * on from that run */
        bool fails = false;
        for (uint32_t f = 0; f < nfailed && !fails; f++)
            fails = sh->common[failed[f]][slot] > failh[f];
        if (fails)
            continue;
        uint32_t from = 0; /* (the skip above makes it at most where the last failed) */
        if (last < JI_SHAPES && st.fail != JI_NO_FAIL)
            from = sh->common[last][slot] < st.fail ? sh->common[last][slot] : st.fail;
        yi_node *n = ji_by_shape(c, x, ip, from, &st);
        last = slot;
        if (!n) {
            if (st.fail != JI_NO_FAIL) {
                failed[nfailed] = slot;
                failh[nfailed++] = st.fail;
            }
            continue;
        }
        uint8_t o = sh->order[k];
        sh->used++;
        sh->last = x->serial;
        sh->credit = sh->credit + 1 < JI_SHAPES * JI_CREDIT ? sh->credit + 1 : JI_SHAPES * JI_CREDIT;
        for (; k > 0; k--)
            sh->order[k] = sh->order[k - 1];
        sh->order[0] = o;
        ji_weigh(sh);
        return n;
    }
    ji_weigh(sh);
    return NULL;
}

/* ---- the grammar ---- */

/* Where ji_run starts: at the start of the input, or, reading a list an
 * item at a time (ji_list), after its '[' or after its last item. */
enum { JI_AT_START, JI_AT_FIRST, JI_AT_NEXT };

static yi_node *ji_run(ji_ctx *c)
{
    const char *t = c->t;
    const uint32_t end = c->end;
    uint32_t i = c->start;
    yi_node *root = NULL, *n;

    if (c->resume == JI_AT_FIRST) {
        root = c->fr[0].node;
        i = ji_skip(t, c->pos, end);
        if (i < end && t[i] == ']') {
            ji_close(c, i++);
            goto after;
        }
        goto value;
    }
    if (c->resume == JI_AT_NEXT) {
        root = c->fr[0].node;
        i = c->pos;
        goto next;
    }

value: /* i: where a value should start */
    i = ji_skip(t, i, end);
    if (i >= end)
        return ji_ends_early(c);
    if (c->shapes && c->depth == c->shape_depth && (t[i] == '{' || t[i] == '[') &&
        (n = ji_shaped(c, &i))) {
        c->shaped = true;
        if (c->depth)
            ji_push(c, n);
        else
            root = n;
        goto after;
    }
    switch (t[i]) {
    case '{':
    case '[': {
        yi_kind kind = t[i] == '{' ? YI_MAP : YI_SEQ;
        if (!(n = ji_open(c, i, kind)))
            return NULL;
        if (c->depth)
            ji_push(c, n);
        else
            root = n;
        ji_frame *fr = &c->fr[c->depth++];
        fr->node = n;
        fr->first = c->nstk;
        fr->map_id = kind == YI_MAP ? ++c->next_map : 0;
        fr->hashed = false;
        fr->seen = 0;
        if (c->stream && c->depth == 1 && kind == YI_SEQ) { /* the list read an item at a time */
            c->pos = i + 1;
            return n;
        }
        i = ji_skip(t, i + 1, end);
        if (i < end && t[i] == (kind == YI_MAP ? '}' : ']')) {
            ji_close(c, i++);
            goto after;
        }
        if (kind == YI_MAP)
            goto key;
        goto value;
    }
    case '"':
        n = ji_string(c, &i);
        break;
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
        n = ji_number(c, &i);
        break;
    default:
        n = ji_word(c, &i);
        break;
    }
    if (!n)
        return NULL;
    if (c->depth)
        ji_push(c, n);
    else
        root = n;
    goto after;

key: /* i: at the first token of a mapping's entry */
    if (i >= end)
        return ji_ends_early(c);
    if (t[i] != '"') {
        uint32_t e = ji_word_end(c, i);
        rm_loc at = ji_at(c, i);
        if (e > at.end)
            at.end = e;
        ji_bad(c, at, "write each entry as \"name\": value, with the name in double quotes",
               "a name in a mapping must be text in double quotes");
        return NULL;
    }
    if (!(n = ji_string(c, &i)) || !ji_key(c, n))
        return NULL;
    i = ji_skip(t, i, end);
    if (i >= end)
        return ji_ends_early(c);
    if (t[i] != ':') {
        ji_bad(c, ji_at(c, i), "write each entry as \"name\": value",
               "a ':' is missing after the name");
        return NULL;
    }
    i++;
    goto value;

after: /* a value has ended at i */
    if (c->stream && c->depth == 1 && c->nstk) { /* an item of the list is whole */
        c->pos = i;
        c->nstk = 0;
        return c->stk[0];
    }
next:
    i = ji_skip(t, i, end);
    if (!c->depth) {
        if (i < end) {
            dg_item *d = dg_error(c->s, ji_at(c, i), "R0703",
                                  "there is more after the end of the data: an input holds "
                                  "one value");
            dg_hint(c->s, d, "everything must be inside the one %s that starts at %s; remove "
                             "what follows it, check for an extra closing bracket, or give "
                             "each decision on a line of its own",
                    ji_what(root), ji_where(c, root->loc.start));
            return NULL;
        }
        return root;
    }
    if (i >= end)
        return ji_ends_early(c);
    {
        bool map = c->fr[c->depth - 1].node->kind == YI_MAP;
        char closer = map ? '}' : ']';
        if (t[i] == ',') {
            i = ji_skip(t, i + 1, end);
            if (i < end && (t[i] == '}' || t[i] == ']')) {
                ji_bad(c, ji_at(c, i), "remove the comma before it: JSON allows none after "
                                       "the last item", "'%c' cannot stand here", t[i]);
                return NULL;
            }
            if (map)
                goto key;
            goto value;
        }
        if (t[i] == closer) {
            ji_close(c, i++);
            goto after;
        }
        ji_bad(c, ji_at(c, i),
               ar_printf(&c->s->arena, "check for a missing comma between items, or a bracket "
                                       "not closed (%s)", ji_open_one(c)),
               "a ',' or '%c' is missing before this", closer);
        return NULL;
    }
}

/* ---- entry points ---- */

static yi_node *ji_parse_in(remit_session *s, uint32_t file, uint32_t start, uint32_t end, ji_shapes *sh)
{
    const rm_file *f = s->files.v[file];
    if (end > f->len)
        end = f->len;
    if (start > end)
        start = end;
    /* on the stack, and only what is read before it is written set: the
     * frames and the first stacks need no zeroing */
    ji_ctx cx, *c = &cx;
    c->s = s;
    c->f = f;
    c->t = f->text;
    c->file = file;
    c->start = start;
    c->end = end;
    c->stk = c->stk0;
    c->fp = c->fp0;
    c->nstk = 0;
    c->capstk = JI_STACK;
    c->depth = c->nodes = c->next_map = 0;
    c->keys = (yi_keyset){NULL, 0, 0};
    c->slab = NULL;
    c->slab_left = 0;
    c->bad_byte = false;
    c->stream = false;
    c->resume = JI_AT_START;
    c->shapes = sh;
    c->shape_depth = 0;
    c->shaped = c->near_miss = false;
    if (sh)
        sh->last = 0;
    /* a byte order mark is skipped, as yamlin.c does */
    if (end - start >= 3 && !memcmp(f->text + start, "\xEF\xBB\xBF", 3))
        c->start = start += 3;
    if (ji_ws(c, start) == end) { /* only blanks: no byte to refuse */
        dg_item *d = dg_error(s, ji_at(c, start), "R0702", "this input is empty");
        dg_hint(s, d, "give the data as JSON, for example {\"matter\": \"spend\"}");
        return NULL;
    }
    /* The bytes are checked as they are read: outside strings, any byte
     * that is not ASCII, or a control character but a blank, breaks the
     * grammar, and strings check theirs.  A fault of the bytes is
     * reported before any other, so when the read fails, its report is
     * set aside while ji_check_bytes looks for one over the whole input. */
    dg_mark before = dg_mark_of(s);
    yi_node *root = ji_run(c);
    if (!root) {
        dg_mark after = dg_mark_of(s);
        dg_mark_back(s, before);
        if (!ji_check_bytes(c))
            return NULL;
        assert(!c->bad_byte);
        dg_mark_back(s, after);
        return NULL;
    }
    if (root && root->kind == YI_SCALAR && root->is_null) {
        dg_item *d = dg_error(s, root->loc, "R0702", "this input holds nothing but an empty value");
        dg_hint(s, d, "give the data as JSON, for example {\"matter\": \"spend\"}");
        return NULL;
    }
    if (sh && !c->shaped)
        ji_learn_shape(c, root, 0);
    return root;
}

yi_node *ji_parse_range(remit_session *s, uint32_t file, uint32_t start, uint32_t end)
{
    return ji_parse_in(s, file, start, end, NULL);
}

yi_node *ji_parse_shaped(remit_session *s, uint32_t file, ji_shapes *sh)
{
    const rm_file *f = s->files.v[file];
    return ji_parse_in(s, file, 0, f->len, sh);
}

yi_node *ji_parse_range_shaped(remit_session *s, uint32_t file, uint32_t start, uint32_t end, ji_shapes *sh)
{
    return ji_parse_in(s, file, start, end, sh);
}

yi_node *ji_parse(remit_session *s, uint32_t file)
{
    const rm_file *f = s->files.v[file];
    return ji_parse_range(s, file, 0, f->len);
}

/* ---- a list, an item at a time ---- */

struct ji_list {
    ji_ctx c;
    ji_shapes *shapes;
    uint64_t values;         /* in the items read so far, the list too */
    bool done, failed;
    uint8_t resume;          /* where the item that failed was begun (ji_list_retry) */
};

ji_list *ji_list_open(remit_session *s, uint32_t file)
{
    const rm_file *f = s->files.v[file];
    ji_ctx *c = ar_alloc(&s->arena, sizeof(ji_list));
    *c = (ji_ctx){.s = s, .f = f, .t = f->text, .file = file, .start = 0, .end = f->len,
                  .stream = true, .resume = JI_AT_START};
    uint32_t i = ji_ws(c, 0);
    if (i == c->end || c->t[i] != '[')
        return NULL;
    ((ji_list *)c)->values = 0;
    c->stk = c->stk0;
    c->fp = c->fp0;
    c->capstk = JI_STACK;
    c->start = i;
    ((ji_list *)c)->shapes = ji_shapes_new(&s->arena);
    yi_node *list = ji_run(c); /* reads only the '[' */
    assert(list && list->kind == YI_SEQ && c->depth == 1);
    (void)list;
    c->resume = JI_AT_FIRST;
    return (ji_list *)c;
}

yi_node *ji_list_next(ji_list *l)
{
    ji_ctx *c = &l->c;
    if (l->done || l->failed)
        return NULL;
    /* what the last item took may have been given back: start afresh */
    c->stk = c->stk0;
    c->fp = c->fp0;
    c->nstk = 0;
    c->capstk = JI_STACK;
    c->keys = (yi_keyset){NULL, 0, 0};
    c->slab = NULL;
    c->slab_left = 0;
    c->nodes = 1;
    dg_mark before = dg_mark_of(c->s);
    l->resume = c->resume;
    c->shapes = l->shapes;
    c->shape_depth = 1;
    c->shaped = c->near_miss = false;
    l->shapes->last = 0;
    yi_node *n = ji_run(c);
    l->values += c->nodes - 1;
    if (!n) { /* a fault of the bytes first, as ji_parse_range */
        l->failed = true;
        dg_mark after = dg_mark_of(c->s);
        dg_mark_back(c->s, before);
        if (ji_check_bytes(c))
            dg_mark_back(c->s, after);
    } else if (n == c->fr[0].node) {
        l->done = true;
    } else if (!c->shaped) {
        ji_learn_shape(c, n, 1);
    }
    c->resume = JI_AT_NEXT;
    return l->done || l->failed ? NULL : n;
}

bool ji_list_failed(const ji_list *l) { return l->failed; }

uint64_t ji_list_values(const ji_list *l) { return l->values + 1; }

uint32_t ji_list_shape(const ji_list *l) { return l->shapes->last; }

const yi_node *ji_list_node(const ji_list *l) { return l->c.fr[0].node; }

uint32_t ji_list_unread(const ji_list *l) { return l->c.pos; }

void ji_list_moved(ji_list *l, const char *text, uint32_t len)
{
    l->c.t = text;
    l->c.start = l->c.pos = 0;
    l->c.end = len;
}

void ji_list_retry(ji_list *l)
{
    l->failed = false;
    l->c.resume = l->resume;
    l->c.depth = 1;
    l->c.bad_byte = false;
}

bool ji_whole(const yi_node *n, uint64_t *v)
{
    if (!n || n->kind != YI_SCALAR || n->quoted || !n->len || n->len > 19)
        return false;
    uint64_t x = 0;
    for (uint32_t i = 0; i < n->len; i++) {
        if (n->text[i] < '0' || n->text[i] > '9')
            return false;
        x = 10 * x + (uint64_t)(n->text[i] - '0');
    }
    *v = x;
    return true;
}
