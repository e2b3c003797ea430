/*
 * fmt.c - `remit fmt` (SPEC.md 11.11): a policy file in Remit's one
 * layout.  Prefix fm_; the API is remit_format_file and
 * remit_format_buffer (remit.h).
 *
 * The file is parsed first, alone (its `use`s are not followed): a file
 * with a fault of syntax is not laid out, and its diagnostics say why.
 * Then its tokens, as the parser gets them (rp_tokens, with END where the
 * offside rule ends a statement), are written out again:
 *
 * - each line of the file that holds a token starts a line, so where the
 *   author broke a long statement stays; a block `{ ... }` that spans
 *   lines has its first item and its `}` on lines of their own;
 * - a line that starts a statement is indented 4 spaces for each block
 *   it is in; a line that goes on with a statement 4 more; a line inside
 *   a bracket or set left open on an earlier line 4 more than that line,
 *   and the line that closes it as much as that line;
 * - one space between tokens, none before , : ) and .. nor after ( and
 *   .. nor after a minus sign that negates; `no limit` in one space;
 * - every comment kept where it was: one on a line of its own is indented
 *   as the line after it (inside a block when the line after it closes
 *   the block), one after code stays after it, and the comments after
 *   code on consecutive lines start in one column, two spaces after the
 *   longest code among them of at most FM_ALIGN_MAX characters (after a
 *   longer line, two spaces after it);
 * - runs of blank lines become one; none at the start or end of the
 *   file, after a `{` that ends a line, or before a `}` that starts one;
 *   lines end in \n, with no blanks before it; a byte order mark goes.
 *
 * Every token is written as it was (quoted text, amounts and dates too),
 * so what a policy means cannot change; and, to be sure, the text made is
 * read again and its tokens, and the statements the offside rule makes of
 * them, compared with the file's: when they differ, nothing is written
 * and R0016 says so (a fault of Remit's, never of the policy).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "parser.h"

#define FM_INDENT 4u
#define FM_ALIGN_MAX 80u /* trailing comments are aligned after code up to this long */

typedef enum { FM_NONE, FM_BLOCK, FM_SET, FM_PAREN } fm_kind;

typedef struct fm_tok {
    int tok;
    uint32_t start, end;
    uint32_t line;           /* 0-based, in the file */
    bool after_end;          /* the scanner put END before it */
    fm_kind kind;            /* a bracket: what it opens or closes */
    uint32_t match;          /* a bracket: its partner */
} fm_tok;

typedef struct fm_toks {
    remit_session *s;
    fm_tok *v;
    uint32_t n, cap;
    bool after_end;
    bool end_last;           /* END after the last token */
} fm_toks;

typedef struct fm_line {
    uint32_t indent;
    uint32_t start, len;     /* the code, in fm_ctx.code */
    uint32_t width;          /* of indent and code, in characters */
    const char *comment;     /* from '#', trailing blanks dropped; or NULL */
    uint32_t clen;
    bool blank;
} fm_line;

typedef struct fm_ctx {
    remit_session *s;
    const rm_file *f;
    fm_toks t;
    char *code;              /* the code of every line, one after another */
    size_t ncode, capcode;
    fm_line *lines;
    uint32_t nlines, caplines;
    bool blank_pending;
} fm_ctx;

/* ---- the tokens ---- */

/* The list v of n items of `size` bytes (room for *cap), with room for
 * one more: itself, or a copy twice as long in a. */
static void *fm_room(rm_arena *a, void *v, uint32_t n, uint32_t *cap, size_t size)
{
    if (n < *cap)
        return v;
    *cap = *cap ? *cap * 2 : 256;
    void *w = ar_alloc_raw(a, *cap * size);
    if (n)
        memcpy(w, v, n * size);
    return w;
}

static void fm_collect(void *arg, int tok, rm_loc loc)
{
    fm_toks *t = arg;
    if (tok == END) {
        t->after_end = true;
        t->end_last = true;
        return;
    }
    t->v = fm_room(&t->s->arena, t->v, t->n, &t->cap, sizeof *t->v);
    t->v[t->n++] = (fm_tok){.tok = tok, .start = loc.start, .end = loc.end, .after_end = t->after_end,
                            .match = UINT32_MAX};
    t->after_end = false;
    t->end_last = false;
}

/* The 0-based line of byte off of f. */
static uint32_t fm_line_of(const rm_file *f, uint32_t off)
{
    uint32_t lo = 0, hi = f->nlines;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (f->line_starts[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* The tokens of file `file`, with their lines, brackets paired and the
 * kind of each (a `{` after `of` or `in` opens a set, as the scanner
 * says); false when the brackets do not pair (never after a clean parse). */
static bool fm_read(remit_session *s, uint32_t file, fm_toks *t)
{
    *t = (fm_toks){.s = s};
    rp_tokens(s, file, fm_collect, t);
    const rm_file *f = s->files.v[file];
    uint32_t *open = ar_alloc_raw(&s->arena, (t->n + 1) * sizeof *open), nopen = 0;
    for (uint32_t i = 0; i < t->n; i++) {
        fm_tok *k = &t->v[i];
        k->line = fm_line_of(f, k->start);
        if (k->tok == '{' || k->tok == '(') {
            int prev = i ? t->v[i - 1].tok : 0;
            k->kind = k->tok == '(' ? FM_PAREN : prev == KW_OF || prev == KW_IN ? FM_SET : FM_BLOCK;
            open[nopen++] = i;
        } else if (k->tok == '}' || k->tok == ')') {
            if (!nopen)
                return false;
            fm_tok *o = &t->v[open[--nopen]];
            if ((o->tok == '(') != (k->tok == ')'))
                return false;
            k->kind = o->kind;
            k->match = open[nopen];
            o->match = i;
        }
    }
    return nopen == 0;
}

/* ---- the lines ---- */

static void fm_put(fm_ctx *c, const char *p, size_t n)
{
    if (c->ncode + n > c->capcode) {
        size_t cap = c->capcode ? c->capcode * 2 : 4096;
        while (cap < c->ncode + n)
            cap *= 2;
        char *b = ar_alloc_raw(&c->s->arena, cap);
        if (c->ncode)
            memcpy(b, c->code, c->ncode);
        c->code = b;
        c->capcode = cap;
    }
    memcpy(c->code + c->ncode, p, n);
    c->ncode += n;
}

static fm_line *fm_last(fm_ctx *c)
{
    return c->nlines ? &c->lines[c->nlines - 1] : NULL;
}

/* A new line, after one blank line when one is pending and allowed. */
static fm_line *fm_new_line(fm_ctx *c, uint32_t indent, bool closes_block)
{
    fm_line *last = fm_last(c);
    bool opens_block = last && !last->blank && last->len && c->code[last->start + last->len - 1] == '{';
    bool blank = c->blank_pending && last && !opens_block && !closes_block;
    c->blank_pending = false;
    for (int k = blank ? 0 : 1; k < 2; k++) {
        c->lines = fm_room(&c->s->arena, c->lines, c->nlines, &c->caplines, sizeof *c->lines);
        c->lines[c->nlines++] = (fm_line){.indent = indent, .start = (uint32_t)c->ncode, .width = indent,
                                          .blank = k == 0};
    }
    return fm_last(c);
}

static uint32_t fm_chars(const char *p, size_t n)
{
    uint32_t w = 0;
    for (size_t i = 0; i < n; i++)
        w += ((unsigned char)p[i] & 0xC0) != 0x80;
    return w;
}

/* Code on the current line. */
static void fm_code(fm_ctx *c, const char *p, size_t n)
{
    fm_line *l = fm_last(c);
    fm_put(c, p, n);
    l->len += (uint32_t)n;
    l->width += fm_chars(p, n);
}

/* The comments and blank lines of the text between two tokens,
 * [from, to): a comment on the line of the token before (`trailing`
 * allowed) stays after it; others are lines of their own, indented
 * `indent`.  Returns the newlines after the last comment (or in all). */
static uint32_t fm_gap(fm_ctx *c, uint32_t from, uint32_t to, bool trailing, uint32_t indent, bool *broke)
{
    const char *t = c->f->text;
    uint32_t nl = 0;
    *broke = false;
    for (uint32_t i = from; i < to; i++) {
        char ch = t[i];
        if (ch == '\n') {
            nl++;
            *broke = true;
            continue;
        }
        if (ch != '#')
            continue; /* blanks, and a byte order mark at the start */
        uint32_t e = i;
        while (e < to && t[e] != '\n')
            e++;
        uint32_t k = e;
        while (k > i && (t[k - 1] == ' ' || t[k - 1] == '\t' || t[k - 1] == '\r'))
            k--;
        fm_line *l;
        if (trailing && !*broke && (l = fm_last(c)) && !l->blank && !l->comment) {
            l->comment = t + i;
            l->clen = k - i;
        } else {
            if (nl >= 2)
                c->blank_pending = true;
            l = fm_new_line(c, indent, false);
            l->comment = t + i;
            l->clen = k - i;
        }
        nl = 0;
        i = e - 1;
    }
    if (nl >= 2)
        c->blank_pending = true;
    return nl;
}

/* Is token i a minus sign that negates (not one that subtracts)? */
static bool fm_negates(const fm_toks *t, uint32_t i)
{
    if (t->v[i].tok != '-')
        return false;
    if (!i)
        return true;
    switch (t->v[i - 1].tok) {
    case IDENT: case INT: case MONEY: case DATE: case PERCENT: case STRING:
    case KW_TRUE: case KW_FALSE: case ')':
        return false;
    default:
        return true;
    }
}

/* The space between tokens i - 1 and i on one line: 0 or 1 (`members`:
 * in a list of members, where `2+ ned` is two or more). */
static unsigned fm_space(const fm_toks *t, uint32_t i, bool members)
{
    int a = t->v[i - 1].tok, b = t->v[i].tok;
    if (b == ',' || b == ':' || b == ')' || b == DOTDOT || a == DOTDOT || a == '(' ||
        (members && a == INT && b == '+'))
        return 0;
    return fm_negates(t, i - 1) ? 0 : 1;
}

/* Lay out the tokens of c->t into c->lines. */
static void fm_layout(fm_ctx *c)
{
    const fm_toks *t = &c->t;
    const char *text = c->f->text;
    /* the open brackets: for each, the indent of the line it is on */
    uint32_t *open = ar_alloc_raw(&c->s->arena, (t->n + 1) * sizeof *open), nopen = 0;
    uint32_t *open_indent = ar_alloc_raw(&c->s->arena, (t->n + 1) * sizeof *open_indent);
    uint32_t blocks = 0, prev_end = 0;
    bool members = false; /* in a list of members (fm_space) */
    for (uint32_t i = 0; i < t->n; i++) {
        const fm_tok *k = &t->v[i];
        bool closer = k->tok == '}' || k->tok == ')';
        if (closer) {
            nopen--;
            if (k->kind == FM_BLOCK)
                blocks--;
        }
        /* does it start a line, and how far in? */
        const fm_tok *p = i ? &t->v[i - 1] : NULL;
        bool block_open_before = p && p->tok == '{' && p->kind == FM_BLOCK;
        bool starts = !p || k->line != p->line ||
                      (block_open_before && t->v[i - 1].match != UINT32_MAX &&
                       t->v[t->v[i - 1].match].line != p->line) ||
                      (closer && k->kind == FM_BLOCK && t->v[k->match].line != k->line);
        bool stmt = !p || k->after_end || block_open_before;
        uint32_t indent;
        if (closer && k->kind == FM_BLOCK)
            indent = FM_INDENT * blocks;
        else if (closer)
            indent = open_indent[nopen];
        else if (nopen && t->v[open[nopen - 1]].kind != FM_BLOCK)
            indent = open_indent[nopen - 1] + FM_INDENT;
        else if (stmt)
            indent = FM_INDENT * blocks;
        else
            indent = FM_INDENT * blocks + FM_INDENT;
        /* the comments before it: inside a block that it closes */
        bool block_closer = closer && k->kind == FM_BLOCK;
        bool broke;
        fm_gap(c, prev_end, k->start, p != NULL, block_closer ? indent + FM_INDENT : indent, &broke);
        if (stmt)
            members = false;
        if (starts) {
            fm_new_line(c, indent, block_closer);
        } else if (fm_space(t, i, members)) {
            fm_code(c, " ", 1);
        }
        if (k->tok == KW_NOLIMIT)
            fm_code(c, "no limit", 8);
        else
            fm_code(c, text + k->start, k->end - k->start);
        if (k->tok == '{' || k->tok == '(') {
            open_indent[nopen] = fm_last(c)->indent;
            open[nopen++] = i;
            if (k->kind == FM_BLOCK)
                blocks++;
        }
        members |= k->tok == KW_MEMBERS;
        prev_end = k->end;
    }
    bool broke;
    fm_gap(c, prev_end, c->f->len, t->n > 0, 0, &broke);
    c->blank_pending = false; /* none at the end */
}

/* The text of the lines, comments after code aligned, in an rm_malloc
 * block (NUL after it). */
static char *fm_text(fm_ctx *c, size_t *len)
{
    /* where each line's trailing comment starts: runs of consecutive
     * lines with one share the column, two after the longest code among
     * them of at most FM_ALIGN_MAX characters; a longer line's comment
     * follows it after two spaces (so that one long line does not push
     * every comment of its run far to the right) */
    uint32_t *col = ar_alloc_raw(&c->s->arena, (c->nlines + 1) * sizeof *col);
    for (uint32_t i = 0; i < c->nlines;) {
        const fm_line *l = &c->lines[i];
        if (!l->comment || !l->len) {
            i++;
            continue;
        }
        uint32_t j = i, w = 0;
        for (; j < c->nlines && c->lines[j].comment && c->lines[j].len; j++)
            if (c->lines[j].width <= FM_ALIGN_MAX && c->lines[j].width > w)
                w = c->lines[j].width;
        for (uint32_t k = i; k < j; k++)
            col[k] = c->lines[k].width > w ? c->lines[k].width + 2 : w + 2;
        i = j;
    }
    size_t n = 0;
    for (uint32_t i = 0; i < c->nlines; i++) {
        const fm_line *l = &c->lines[i];
        if (!l->blank)
            n += l->indent + l->len + (l->comment ? (l->len ? (size_t)col[i] - l->width : 0) + l->clen : 0);
        n++;
    }
    if (n > RM_MAX_FILE_BYTES) { /* (its indents and spaces can make a policy longer) */
        dg_plain(c->s, REMIT_ERROR, "R0011", "%s laid out would be larger than the %u MiB a policy may be, so "
                                            "it is left as it is", c->f->path, RM_MAX_FILE_BYTES >> 20);
        return NULL;
    }
    char *out = rm_xmalloc(&c->s->arena, n + 1), *o = out;
    for (uint32_t i = 0; i < c->nlines; i++) {
        const fm_line *l = &c->lines[i];
        if (!l->blank) {
            memset(o, ' ', l->indent);
            o += l->indent;
            memcpy(o, c->code + l->start, l->len);
            o += l->len;
            if (l->comment) {
                if (l->len) {
                    uint32_t pad = col[i] - l->width;
                    memset(o, ' ', pad);
                    o += pad;
                }
                memcpy(o, l->comment, l->clen);
                o += l->clen;
            }
        }
        *o++ = '\n';
    }
    *o = '\0';
    *len = (size_t)(o - out);
    return out;
}

/* The tokens of a and b, and the statements END makes of them, are the
 * same (b's `no limit` written in one space). */
static bool fm_same(const rm_file *fa, const fm_toks *a, const rm_file *fb, const fm_toks *b)
{
    if (a->n != b->n || a->end_last != b->end_last)
        return false;
    for (uint32_t i = 0; i < a->n; i++) {
        const fm_tok *x = &a->v[i], *y = &b->v[i];
        if (x->tok != y->tok || x->after_end != y->after_end)
            return false;
        if (x->tok != KW_NOLIMIT && (x->end - x->start != y->end - y->start ||
                                     memcmp(fa->text + x->start, fb->text + y->start, x->end - x->start)))
            return false;
    }
    return true;
}

typedef struct fm_call {
    remit_session *s;
    const char *path;             /* a file, or: */
    const char *name, *text;
    size_t len;
    char *out;
    size_t out_len;
    remit_status st;
} fm_call;

static void fm_run(void *arg)
{
    fm_call *x = arg;
    remit_session *s = x->s;
    uint32_t file;
    if (x->path) {
        file = src_read(s, x->path, x->path, NULL);
        if (file == UINT32_MAX) {
            x->st = REMIT_E_UNREADABLE;
            return;
        }
    } else {
        if (x->len > RM_MAX_FILE_BYTES) {
            src_too_large(s, NULL, x->name, RM_MAX_FILE_BYTES);
            x->st = REMIT_E_UNREADABLE;
            return;
        }
        file = src_add(s, x->name, x->name, x->text ? x->text : "", (uint32_t)x->len, false);
    }
    x->st = REMIT_E_POLICY;
    if (!src_validate(s, file))
        return;
    rp_parse_file(s, file); /* its faults of syntax: nothing is laid out */
    if (s->nerrors)
        return;
    fm_ctx c = {.s = s, .f = s->files.v[file]};
    if (!fm_read(s, file, &c.t) || s->nerrors)
        goto broken;
    fm_layout(&c);
    size_t n;
    char *out = fm_text(&c, &n);
    if (!out) {
        x->st = REMIT_E_UNREADABLE;
        return;
    }
    rm_cleanup_push(s, rm_free, out);
    /* read again: the same tokens and statements, or nothing */
    uint32_t again = src_add(s, c.f->path, c.f->real, out, (uint32_t)n, false);
    fm_toks t2;
    bool same = fm_read(s, again, &t2) && !s->nerrors && fm_same(c.f, &c.t, s->files.v[again], &t2);
    rm_cleanup_pop(s, out);
    if (!same) {
        rm_free(out);
        goto broken;
    }
    x->out = out;
    x->out_len = n;
    x->st = REMIT_OK;
    return;
broken:
    dg_plain(s, REMIT_ERROR, "R0016", "%s could not be laid out without changing its statements, so it "
                                      "is left as it is (a fault of Remit's: please report it with the file)",
             c.f->path);
    x->st = REMIT_E_POLICY;
}

static remit_status fm_call_run(fm_call *x, char **out, size_t *len)
{
    if (out)
        *out = NULL;
    if (len)
        *len = 0;
    if (!x->s || !out)
        return REMIT_E_ARGUMENT;
    rm_session_reset(x->s);
    if (!rm_protect(x->s, fm_run, x)) {
        dg_nomem(x->s, "out of memory while laying out the policy");
        return REMIT_E_NOMEM;
    }
    *out = x->out;
    if (len)
        *len = x->out_len;
    return x->st;
}

remit_status remit_format_file(remit_session *s, const char *path, char **out, size_t *len)
{
    if (!path)
        return REMIT_E_ARGUMENT;
    fm_call x = {.s = s, .path = path};
    return fm_call_run(&x, out, len);
}

remit_status remit_format_buffer(remit_session *s, const char *name, const char *text, size_t len_in,
                                 char **out, size_t *len)
{
    if (!name || (!text && len_in))
        return REMIT_E_ARGUMENT;
    fm_call x = {.s = s, .name = name, .text = text, .len = len_in};
    return fm_call_run(&x, out, len);
}
