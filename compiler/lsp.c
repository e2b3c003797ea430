/*
 * lsp.c - `remit lsp` (SPEC.md 11.12): a language server over a pair of
 * streams (the Language Server Protocol 3.17: JSON-RPC 2.0 messages, each
 * after a Content-Length header), for editors.  Prefix ls_; the API is
 * remit_lsp (remit.h).
 *
 * What it gives, for each policy open in the editor:
 * - diagnostics as you type: the document checked as `remit check` checks
 *   it (its text as the editor holds it, the files it uses from disk),
 *   sent again after every change;
 * - hover: what a name is (a role, a body, a matter, a field, a constant
 *   with its value, a label, a kind, a tier, a protocol, a module) with
 *   its title and where it is declared; an amount of money, a date or a
 *   percentage as its value;
 * - go to definition, across `use` (the standard library too);
 * - completion of the names the policy and the files it uses declare,
 *   and of Remit's words;
 * - formatting, through remit fmt (remit_format_buffer).
 *
 * Positions are in UTF-16 code units, as the protocol's default asks.
 * Messages are read into a session of their own (jsonin.c), one at a
 * time; the documents are kept as the editor last sent them.  A message
 * that is not JSON is answered with a parse error (-32700), one that is
 * not a request or notification with -32600, an unknown request with
 * -32601; a broken header (no Content-Length) ends the server, exit code
 * 1, as there is no telling where the next message starts.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "explain.h"
#include "internal.h"
#include "jsonin.h"
#include "parser.h"

#define LS_MAX_MESSAGE (64u << 20) /* bytes: as large as a policy may be, and more */

typedef struct ls_doc {
    char *uri, *path;           /* path: the file the URI names, or the URI itself */
    char *text;
    size_t len;
    struct ls_doc *next;
} ls_doc;

typedef struct ls_server {
    FILE *in, *out;
    remit_options opt;
    remit_session *msg;         /* the message being handled, read into it */
    remit_session *chk;         /* the last document checked */
    ls_doc *docs;
    bool initialized, shutdown, done;
    remit_status st;
} ls_server;

/* ---- writing ---- */

/* A message: its header, then body (a JSON text of len bytes). */
static void ls_send(ls_server *x, const char *body, size_t len)
{
    fprintf(x->out, "Content-Length: %zu\r\n\r\n", len);
    fwrite(body, 1, len, x->out);
    if (fflush(x->out) != 0 || ferror(x->out))
        x->st = REMIT_E_WRITE;
}

/* A JSON text built in memory (open_memstream), sent whole. */
typedef struct ls_json {
    xp_out o;
    char *buf;
    size_t len;
} ls_json;

static void lj_open(ls_server *x, ls_json *j)
{
    j->buf = NULL;
    j->len = 0;
    j->o.n = 0;
    if (!(j->o.f = open_memstream(&j->buf, &j->len)))
        rm_unwind(&x->msg->arena);
}

static void lj_put(ls_json *j, const char *s)
{
    size_t n = strlen(s);
    if (j->o.n + n > sizeof j->o.buf)
        xo_flush(&j->o);
    if (n > sizeof j->o.buf) {
        fwrite(s, 1, n, j->o.f);
        return;
    }
    memcpy(j->o.buf + j->o.n, s, n);
    j->o.n += n;
}

static void lj_printf(ls_json *j, const char *fmt, ...) RM_PRINTF(2, 3);
static void lj_printf(ls_json *j, const char *fmt, ...)
{
    xo_flush(&j->o); /* (the text so far first) */
    va_list ap;
    va_start(ap, fmt);
    vfprintf(j->o.f, fmt, ap);
    va_end(ap);
}

static void lj_str(ls_json *j, const char *s, size_t n)
{
    xp_json_strn(&j->o, s, n);
}

static void lj_send(ls_server *x, ls_json *j)
{
    xo_flush(&j->o);
    bool ok = fclose(j->o.f) == 0 && j->buf;
    if (ok)
        ls_send(x, j->buf, j->len);
    free(j->buf);
    if (!ok)
        rm_unwind(&x->msg->arena);
}

/* The id of a request, as it came (a number or a string), or null. */
static void lj_id(ls_json *j, const yi_node *id)
{
    if (!id || id->kind != YI_SCALAR || id->is_null)
        lj_put(j, "null");
    else if (id->quoted)
        lj_str(j, id->text, id->len);
    else
        lj_put(j, id->text);
}

/* Start a response to id: {"jsonrpc":"2.0","id":ID,"result": */
static void lj_result(ls_server *x, ls_json *j, const yi_node *id)
{
    lj_open(x, j);
    lj_put(j, "{\"jsonrpc\":\"2.0\",\"id\":");
    lj_id(j, id);
    lj_put(j, ",\"result\":");
}

static void ls_error(ls_server *x, const yi_node *id, int code, const char *message)
{
    ls_json j;
    lj_open(x, &j);
    lj_put(&j, "{\"jsonrpc\":\"2.0\",\"id\":");
    lj_id(&j, id);
    lj_printf(&j, ",\"error\":{\"code\":%d,\"message\":", code);
    lj_str(&j, message, strlen(message));
    lj_put(&j, "}}");
    lj_send(x, &j);
}

/* The length of the first n bytes of s, less an incomplete UTF-8
 * character at their end (a text cut short must stay UTF-8). */
static size_t ls_utf8_cut(const char *s, size_t n)
{
    size_t k = n;
    while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80 && n - k < 3)
        k--;
    if (k > 0 && (unsigned char)s[k - 1] >= 0xC0) { /* the lead byte of the last character */
        unsigned char b = (unsigned char)s[k - 1];
        size_t want = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
        if (n - (k - 1) < want)
            return k - 1;
    }
    return n;
}

/* ---- documents ---- */

static int ls_hex(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The file a file: URI names (percent-decoded), or the URI itself. */
static char *ls_path_of(const char *uri, size_t n)
{
    char *p = rm_malloc(n + 1);
    if (!p)
        return NULL;
    size_t k = 0, i = 0;
    if (n >= 7 && !strncmp(uri, "file://", 7)) {
        i = 7;
        if (i < n && uri[i] != '/') /* file://host/path: the host is this one */
            while (i < n && uri[i] != '/')
                i++;
        for (; i < n; i++) {
            int a, b;
            if (uri[i] == '%' && i + 2 < n && (a = ls_hex(uri[i + 1])) >= 0 && (b = ls_hex(uri[i + 2])) >= 0) {
                p[k++] = (char)(a * 16 + b);
                i += 2;
            } else {
                p[k++] = uri[i];
            }
        }
    } else {
        memcpy(p, uri, n);
        k = n;
    }
    p[k] = '\0';
    return p;
}

static ls_doc *ls_find(ls_server *x, const yi_node *uri)
{
    for (ls_doc *d = x->docs; d; d = d->next)
        if (uri && uri->kind == YI_SCALAR && strlen(d->uri) == uri->len && !memcmp(d->uri, uri->text, uri->len))
            return d;
    return NULL;
}

static void ls_doc_free(ls_doc *d)
{
    rm_free(d->uri);
    rm_free(d->path);
    rm_free(d->text);
    rm_free(d);
}

/* The URI of file f (its canonical path), percent-encoded. */
static void lj_uri_of_path(ls_json *j, const char *path)
{
    char buf[8192];
    size_t k = 0;
    static const char hex[] = "0123456789ABCDEF";
    k += (size_t)snprintf(buf, sizeof buf, "file://");
    for (const char *p = path; *p && k + 4 < sizeof buf; p++) {
        unsigned char c = (unsigned char)*p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("/-._~", c)) {
            buf[k++] = (char)c;
        } else {
            buf[k++] = '%';
            buf[k++] = hex[c >> 4];
            buf[k++] = hex[c & 15];
        }
    }
    lj_str(j, buf, k);
}

/* The URI that names file f: the document's own when it is one. */
static void lj_uri_of_file(ls_server *x, ls_json *j, const rm_file *f)
{
    for (ls_doc *d = x->docs; d; d = d->next)
        if (!strcmp(d->path, f->path)) {
            lj_str(j, d->uri, strlen(d->uri));
            return;
        }
    lj_uri_of_path(j, f->real && f->real[0] == '/' ? f->real : f->path);
}

/* ---- positions ---- */

/* The byte offset in text of (line, character in UTF-16 units); clamped
 * to the line's end and the text's. */
static size_t ls_offset(const char *t, size_t len, long line, long ch)
{
    size_t i = 0;
    for (long l = 0; l < line && i < len; i++)
        if (t[i] == '\n')
            l++;
    long u = 0;
    while (i < len && t[i] != '\n' && u < ch) {
        unsigned char c = (unsigned char)t[i];
        unsigned n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        u += n == 4 ? 2 : 1;
        i += n;
    }
    return i < len ? i : len;
}

/* (line, UTF-16 character) of byte offset off of text. */
static void ls_position(const char *t, size_t len, size_t off, long *line, long *ch)
{
    long l = 0, u = 0;
    for (size_t i = 0; i < off && i < len;) {
        if (t[i] == '\n') {
            l++;
            u = 0;
            i++;
            continue;
        }
        unsigned char c = (unsigned char)t[i];
        unsigned n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        u += n == 4 ? 2 : 1;
        i += n;
    }
    *line = l;
    *ch = u;
}

/* The byte offset of (1-based line, 1-based character column) in text. */
static size_t ls_offset_of_col(const char *t, size_t len, unsigned line, unsigned col)
{
    size_t i = 0;
    for (unsigned l = 1; l < line && i < len; i++)
        if (t[i] == '\n')
            l++;
    for (unsigned c = 1; c < col && i < len && t[i] != '\n'; c++) {
        i++;
        while (i < len && ((unsigned char)t[i] & 0xC0) == 0x80)
            i++;
    }
    return i;
}

static void lj_range(ls_json *j, const char *t, size_t len, size_t from, size_t to)
{
    long l0, c0, l1, c1;
    ls_position(t, len, from, &l0, &c0);
    ls_position(t, len, to, &l1, &c1);
    lj_printf(j, "{\"start\":{\"line\":%ld,\"character\":%ld},\"end\":{\"line\":%ld,\"character\":%ld}}", l0, c0,
              l1, c1);
}

/* ---- diagnostics ---- */

static void ls_check(ls_server *x, ls_doc *d)
{
    remit_check_buffer(x->chk, d->path, d->text, d->len);
}

/* textDocument/publishDiagnostics for d, from the check just made (or
 * none, when closed): those of d itself at their places; those of the
 * files it uses, and those of no file, at its start, saying where. */
static void ls_publish(ls_server *x, ls_doc *d, bool closed)
{
    ls_json j;
    lj_open(x, &j);
    lj_put(&j, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/publishDiagnostics\",\"params\":{\"uri\":");
    lj_str(&j, d->uri, strlen(d->uri));
    lj_put(&j, ",\"diagnostics\":[");
    size_t n = closed ? 0 : remit_diag_count(x->chk);
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        const remit_diagnostic *g = remit_diag_at(x->chk, i);
        bool own = g->file && !strcmp(g->file, d->path) && g->line;
        size_t from = own ? ls_offset_of_col(d->text, d->len, g->line, g->col) : 0;
        size_t to = own && g->end_line ? ls_offset_of_col(d->text, d->len, g->end_line, g->end_col + 1) : from;
        if (to < from)
            to = from;
        lj_put(&j, first ? "{\"range\":" : ",{\"range\":");
        first = false;
        lj_range(&j, d->text, d->len, from, to);
        lj_printf(&j, ",\"severity\":%d,\"code\":", g->severity == REMIT_ERROR ? 1 : g->severity == REMIT_WARNING ? 2 : 3);
        lj_str(&j, g->code, strlen(g->code));
        lj_put(&j, ",\"source\":\"remit\",\"message\":");
        char *m = NULL;
        size_t ml = 0;
        FILE *mf = open_memstream(&m, &ml);
        if (!mf)
            rm_unwind(&x->msg->arena);
        if (!own && g->file)
            fprintf(mf, "%s:%u:%u: ", g->file, g->line, g->col);
        fputs(g->message, mf);
        if (g->hint)
            fprintf(mf, "\nhint: %s", g->hint);
        if (fclose(mf) != 0 || !m) {
            free(m);
            rm_unwind(&x->msg->arena);
        }
        lj_str(&j, m, ml);
        free(m);
        lj_put(&j, "}");
    }
    lj_put(&j, "]}}");
    lj_send(x, &j);
}

/* ---- names ---- */

typedef struct ls_sym {
    const char *what;           /* "role", "matter", ... */
    rm_name name;
    rm_name title;
    const rm_decl *decl;        /* of a field: its matter */
    uint32_t target;            /* a module: the file it names, or UINT32_MAX */
    int kind;                   /* CompletionItemKind */
} ls_sym;

typedef struct ls_syms {
    ls_sym *v;
    uint32_t n, cap;
    rm_arena *a;
} ls_syms;

enum { CK_FIELD = 5, CK_VARIABLE = 6, CK_CLASS = 7, CK_MODULE = 9, CK_KEYWORD = 14, CK_ENUM_MEMBER = 20,
       CK_CONSTANT = 21, CK_STRUCT = 22, CK_EVENT = 23 };

static void ls_add(ls_syms *y, const char *what, const rm_name *name, const rm_name *title, const rm_decl *d,
                   int kind)
{
    if (!name->len)
        return;
    if (y->n == y->cap) {
        uint32_t cap = y->cap ? y->cap * 2 : 64;
        ls_sym *v = ar_alloc_raw(y->a, cap * sizeof *v);
        if (y->n)
            memcpy(v, y->v, y->n * sizeof *v);
        y->v = v;
        y->cap = cap;
    }
    static const rm_name none = {"", 0, {0, 0, 0}};
    y->v[y->n++] = (ls_sym){what, *name, title ? *title : none, d, UINT32_MAX, kind};
}

/* Every name the checked policy s declares, in its files, listed in a
 * (the message's arena: its running out unwinds the message's protected
 * call, not the check's session, which has none then). */
static void ls_symbols(const remit_session *s, rm_arena *a, ls_syms *y)
{
    *y = (ls_syms){.a = a};
    for (uint32_t i = 0; i < s->decls.n; i++) {
        const rm_decl *d = s->decls.v[i];
        switch (d->kind) {
        case D_KIND: ls_add(y, "kind", &d->name, &d->title, d, CK_CLASS); break;
        case D_ROLE: ls_add(y, "role", &d->name, &d->title, d, CK_VARIABLE); break;
        case D_BODY: ls_add(y, "body", &d->name, &d->title, d, CK_STRUCT); break;
        case D_CONST: ls_add(y, "constant", &d->name, NULL, d, CK_CONSTANT); break;
        case D_PROTOCOL: ls_add(y, "protocol", &d->name, &d->title, d, CK_EVENT); break;
        case D_RULE:
            if (d->u.rule)
                ls_add(y, "rule", &d->u.rule->label, NULL, d, CK_VARIABLE);
            break;
        case D_TIERS:
            for (uint32_t k = 0; k < d->u.tiers.names.n; k++)
                ls_add(y, "tier", d->u.tiers.names.v[k], NULL, d, CK_ENUM_MEMBER);
            break;
        case D_MATTER:
        case D_CONTEXT:
            if (d->kind == D_MATTER)
                ls_add(y, "matter", &d->name, &d->title, d, CK_CLASS);
            for (uint32_t k = 0; k < d->u.matter.fields.n; k++) {
                const rm_field *f = d->u.matter.fields.v[k];
                ls_add(y, d->kind == D_MATTER ? "field" : "context value", &f->name, NULL, d, CK_FIELD);
            }
            break;
        case D_USE:
            ls_add(y, "module", &d->u.use.path, NULL, d, CK_MODULE);
            y->v[y->n - 1].target = d->u.use.target;
            break;
        default:
            break;
        }
    }
}

/* The word (a name, a module's dotted name, a literal) of d's text at
 * byte off: [*from, *to); false when off is in none, or in a comment or
 * quoted text. */
static bool ls_word_at(const ls_doc *d, size_t off, size_t *from, size_t *to)
{
    const char *t = d->text;
    size_t ls = off;
    while (ls > 0 && t[ls - 1] != '\n')
        ls--;
    bool quoted = false;
    for (size_t i = ls; i < off; i++) { /* in quotes or a comment? */
        if (t[i] == '\\' && quoted)
            i++;
        else if (t[i] == '"')
            quoted = !quoted;
        else if (t[i] == '#' && !quoted)
            return false;
    }
    if (quoted)
        return false;
#define LS_WORD(c) ((c) == '_' || (c) == '.' || (c) == ',' || (c) == '%' || (c) == '-' || \
                    ((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z') || ((c) >= '0' && (c) <= '9') || \
                    (unsigned char)(c) == 0xC2 || (unsigned char)(c) == 0xA3)
    size_t a = off, b = off;
    while (a > ls && LS_WORD(t[a - 1]))
        a--;
    while (b < d->len && LS_WORD(t[b]))
        b++;
#undef LS_WORD
    while (a < b && (t[a] == ',' || t[a] == '.' || t[a] == '-'))
        a++;
    while (b > a && (t[b - 1] == ',' || t[b - 1] == '.'))
        b--;
    *from = a;
    *to = b;
    return a < b;
}

/* The symbol named by [a, b) of the text: the last declared (a name is
 * declared once; a field's name may be declared by several matters, and
 * then each is a definition). */
static const ls_sym *ls_lookup(const ls_syms *y, const char *w, size_t n, uint32_t skip)
{
    uint32_t seen = 0;
    for (uint32_t i = 0; i < y->n; i++)
        if (y->v[i].name.len == n && !memcmp(y->v[i].name.s, w, n) && seen++ == skip)
            return &y->v[i];
    return NULL;
}

/* Hover text for a literal: an amount, a date or a percentage as a
 * value; false for anything else. */
static bool ls_literal(const char *w, size_t n, char *buf, size_t size)
{
    int64_t v;
    char out[64];
    if (n > 2 && (unsigned char)w[0] == 0xC2 && (unsigned char)w[1] == 0xA3 &&
        lit_money(w + 2, n - 2, &v) == LIT_OK) {
        lit_format_money(v, out, sizeof out);
        snprintf(buf, size, "an amount of money: %s", out);
        return true;
    }
    if (n == 10 && lit_date(w, n, &v) == LIT_OK) {
        static const char *const days[] = {"Thursday", "Friday", "Saturday", "Sunday", "Monday", "Tuesday",
                                           "Wednesday"};
        lit_format_date(v, out, sizeof out);
        snprintf(buf, size, "a date: %s, %s", days[((v % 7) + 7) % 7], out);
        return true;
    }
    if (n > 1 && w[n - 1] == '%' && lit_percent(w, n - 1, &v) == LIT_OK) {
        snprintf(buf, size, "a percentage: %lld.%02lld%%", (long long)(v / 100), (long long)(v % 100));
        return true;
    }
    return false;
}

/* ---- requests ---- */

static long ls_num(const yi_node *n)
{
    return n && n->kind == YI_SCALAR && !n->quoted ? strtol(n->text, NULL, 10) : -1;
}

/* The document and byte offset a request's params name. */
static ls_doc *ls_at(ls_server *x, const yi_node *params, size_t *off)
{
    ls_doc *d = ls_find(x, yi_get(yi_get(params, "textDocument"), "uri"));
    const yi_node *pos = yi_get(params, "position");
    long line = ls_num(yi_get(pos, "line")), ch = ls_num(yi_get(pos, "character"));
    if (!d || line < 0 || ch < 0)
        return NULL;
    *off = ls_offset(d->text, d->len, line, ch);
    return d;
}

/* The start of the answer to a request about the word at a position (a
 * hover, a definition): true with its document, the word [*a, *b) and
 * the names of the policy, checked again; false, null answered, when the
 * position is at no word. */
static bool ls_word_request(ls_server *x, const yi_node *id, const yi_node *params, ls_json *j, ls_doc **dp,
                            size_t *a, size_t *b, ls_syms *y)
{
    size_t off;
    ls_doc *d = ls_at(x, params, &off);
    lj_result(x, j, id);
    if (!d || !ls_word_at(d, off, a, b)) {
        lj_put(j, "null}");
        lj_send(x, j);
        return false;
    }
    ls_check(x, d);
    ls_symbols(x->chk, &x->msg->arena, y);
    *dp = d;
    return true;
}

static void ls_hover(ls_server *x, const yi_node *id, const yi_node *params)
{
    size_t a, b;
    ls_doc *d;
    ls_json j;
    ls_syms y;
    if (!ls_word_request(x, id, params, &j, &d, &a, &b, &y))
        return;
    const ls_sym *m = ls_lookup(&y, d->text + a, b - a, 0);
    char lit[128];
    if (!m && !ls_literal(d->text + a, b - a, lit, sizeof lit)) {
        lj_put(&j, "null}");
        lj_send(x, &j);
        return;
    }
    lj_put(&j, "{\"contents\":{\"kind\":\"markdown\",\"value\":");
    char *v = NULL;
    size_t vl = 0;
    FILE *f = open_memstream(&v, &vl);
    if (!f)
        rm_unwind(&x->msg->arena);
    if (!m) {
        fputs(lit, f);
    } else {
        const rm_file *file = x->chk->files.v[m->name.loc.file];
        unsigned line, col;
        dg_linecol(file, m->name.loc.start, &line, &col);
        fprintf(f, "**%s** `%.*s`", m->what, (int)m->name.len, m->name.s);
        if (m->title.len)
            fprintf(f, ": %.*s", (int)m->title.len, m->title.s);
        if (!strcmp(m->what, "field") || !strcmp(m->what, "context value")) {
            if (m->decl->kind == D_MATTER)
                fprintf(f, " of the matter `%.*s`", (int)m->decl->name.len, m->decl->name.s);
        }
        if (!strcmp(m->what, "constant") || !strcmp(m->what, "rule") || !strcmp(m->what, "field") ||
            !strcmp(m->what, "context value") || !strcmp(m->what, "role")) {
            uint32_t s = m->name.loc.start;
            while (s > 0 && file->text[s - 1] != '\n')
                s--;
            uint32_t e = src_line_end(file, s);
            while (s < e && (file->text[s] == ' ' || file->text[s] == '\t'))
                s++;
            fprintf(f, "\n\n```remit\n%.*s\n```", (int)(e - s), file->text + s);
        }
        fprintf(f, "\n\ndeclared at %s:%u", file->path, line);
        for (uint32_t k = 1; ls_lookup(&y, d->text + a, b - a, k); k++) {
            const ls_sym *o = ls_lookup(&y, d->text + a, b - a, k);
            const rm_file *of = x->chk->files.v[o->name.loc.file];
            dg_linecol(of, o->name.loc.start, &line, &col);
            fprintf(f, ", and as a %s at %s:%u", o->what, of->path, line);
        }
    }
    if (fclose(f) != 0 || !v) {
        free(v);
        rm_unwind(&x->msg->arena);
    }
    lj_str(&j, v, vl);
    free(v);
    lj_put(&j, "},\"range\":");
    lj_range(&j, d->text, d->len, a, b);
    lj_put(&j, "}}");
    lj_send(x, &j);
}

static void ls_definition(ls_server *x, const yi_node *id, const yi_node *params)
{
    size_t a, b;
    ls_doc *d;
    ls_json j;
    ls_syms y;
    if (!ls_word_request(x, id, params, &j, &d, &a, &b, &y))
        return;
    lj_put(&j, "[");
    const ls_sym *m;
    for (uint32_t k = 0; (m = ls_lookup(&y, d->text + a, b - a, k)); k++) {
        const rm_file *f;
        uint32_t from = 0, to = 0;
        if (m->target != UINT32_MAX && m->target < x->chk->files.n) {
            f = x->chk->files.v[m->target]; /* a module: its file, from its start */
        } else {
            f = x->chk->files.v[m->name.loc.file];
            from = m->name.loc.start;
            to = m->name.loc.end;
        }
        lj_put(&j, k ? ",{\"uri\":" : "{\"uri\":");
        lj_uri_of_file(x, &j, f);
        lj_put(&j, ",\"range\":");
        lj_range(&j, f->text, f->len, from, to);
        lj_put(&j, "}");
    }
    lj_put(&j, "]}");
    lj_send(x, &j);
}

/* Remit's words (lexer.l's keywords; tests/lsp.py checks the list). */
static const char *const ls_keywords[] = {
    "policy", "version", "use", "tiers", "kind", "role", "const", "body", "matter", "context", "reserve",
    "delegate", "escalate", "refuse", "require", "after", "limit", "protocol", "conflicts", "precedence",
    "from", "to", "at", "is", "as", "when", "because", "within", "by", "with", "of", "in", "and", "or", "not",
    "true", "false", "next", "over", "per", "for", "members", "quorum", "may", "up", "no limit", "report",
    "reports", "record", "publish", "notify", "ratify", "active", "grant", "never", "expires", "interest",
    "requires", "declare", "refer", "total",
};

static void ls_completion(ls_server *x, const yi_node *id, const yi_node *params)
{
    size_t off;
    ls_doc *d = ls_at(x, params, &off);
    ls_json j;
    lj_result(x, &j, id);
    lj_put(&j, "{\"isIncomplete\":false,\"items\":[");
    bool first = true;
    for (size_t k = 0; k < sizeof ls_keywords / sizeof *ls_keywords; k++) {
        lj_printf(&j, "%s{\"label\":\"%s\",\"kind\":%d}", first ? "" : ",", ls_keywords[k], CK_KEYWORD);
        first = false;
    }
    if (d) {
        ls_check(x, d);
        ls_syms y;
        ls_symbols(x->chk, &x->msg->arena, &y);
        for (uint32_t i = 0; i < y.n; i++) {
            const ls_sym *m = &y.v[i];
            if (ls_lookup(&y, m->name.s, m->name.len, 0) != m)
                continue; /* each name once */
            lj_put(&j, ",{\"label\":");
            lj_str(&j, m->name.s, m->name.len);
            lj_printf(&j, ",\"kind\":%d,\"detail\":", m->kind);
            char det[300];
            size_t tl = m->title.len < 200 ? m->title.len : ls_utf8_cut(m->title.s, 200);
            int n = snprintf(det, sizeof det, "%s%s%.*s", m->what, m->title.len ? ": " : "", (int)tl, m->title.s);
            lj_str(&j, det, n < 0 ? 0 : (size_t)n < sizeof det ? (size_t)n : sizeof det - 1);
            lj_put(&j, "}");
        }
    }
    lj_put(&j, "]}}");
    lj_send(x, &j);
}

static void ls_formatting(ls_server *x, const yi_node *id, const yi_node *params)
{
    ls_doc *d = ls_find(x, yi_get(yi_get(params, "textDocument"), "uri"));
    if (!d) {
        ls_error(x, id, -32602, "this document is not open");
        return;
    }
    char *out = NULL;
    size_t len = 0;
    remit_status st = remit_format_buffer(x->chk, d->path, d->text, d->len, &out, &len);
    if (st != REMIT_OK) {
        free(out);
        const remit_diagnostic *g = remit_diag_count(x->chk) ? remit_diag_at(x->chk, 0) : NULL;
        char m[600];
        int k = snprintf(m, sizeof m, "remit fmt: the policy is not laid out: %s",
                         g ? g->message : remit_status_text(st));
        m[ls_utf8_cut(m, k < 0 ? 0 : (size_t)k < sizeof m ? (size_t)k : sizeof m - 1)] = '\0';
        ls_error(x, id, -32803, m);
        return;
    }
    ls_json j;
    lj_result(x, &j, id);
    if (len == d->len && !memcmp(out, d->text, len)) {
        lj_put(&j, "[]}");
    } else { /* one edit: the whole text */
        lj_put(&j, "[{\"range\":");
        lj_range(&j, d->text, d->len, 0, d->len);
        lj_put(&j, ",\"newText\":");
        lj_str(&j, out, len);
        lj_put(&j, "}]}");
    }
    free(out);
    lj_send(x, &j);
}

/* ---- notifications ---- */

static bool ls_text_of(const yi_node *n, char **text, size_t *len)
{
    if (!n || n->kind != YI_SCALAR || !n->quoted)
        return false;
    char *t = rm_malloc((size_t)n->len + 1);
    if (!t)
        return false;
    memcpy(t, n->text, n->len);
    t[n->len] = '\0';
    *text = t;
    *len = n->len;
    return true;
}

static void ls_open(ls_server *x, const yi_node *params)
{
    const yi_node *td = yi_get(params, "textDocument"), *uri = yi_get(td, "uri");
    if (!uri || uri->kind != YI_SCALAR || !uri->quoted)
        return;
    ls_doc *d = ls_find(x, uri);
    char *text;
    size_t len;
    if (!ls_text_of(yi_get(td, "text"), &text, &len))
        return;
    if (!d) {
        d = rm_malloc(sizeof *d);
        char *u = rm_malloc((size_t)uri->len + 1), *p = ls_path_of(uri->text, uri->len);
        if (!d || !u || !p) {
            rm_free(d);
            rm_free(u);
            rm_free(p);
            rm_free(text);
            return;
        }
        memcpy(u, uri->text, uri->len);
        u[uri->len] = '\0';
        *d = (ls_doc){u, p, NULL, 0, x->docs};
        x->docs = d;
    }
    rm_free(d->text);
    d->text = text;
    d->len = len;
    ls_check(x, d);
    ls_publish(x, d, false);
}

static void ls_change(ls_server *x, const yi_node *params)
{
    const yi_node *td = yi_get(params, "textDocument"), *ch = yi_get(params, "contentChanges");
    ls_doc *d = ls_find(x, yi_get(td, "uri"));
    char *text;
    size_t len;
    /* full text (textDocumentSync 1): the last change is the document */
    if (!d || !ch || ch->kind != YI_SEQ || !ch->n || !ls_text_of(yi_get(ch->items[ch->n - 1], "text"), &text, &len))
        return;
    rm_free(d->text);
    d->text = text;
    d->len = len;
    ls_check(x, d);
    ls_publish(x, d, false);
}

static void ls_close(ls_server *x, const yi_node *params)
{
    ls_doc *d = ls_find(x, yi_get(yi_get(params, "textDocument"), "uri"));
    if (!d)
        return;
    ls_publish(x, d, true);
    for (ls_doc **p = &x->docs; *p; p = &(*p)->next)
        if (*p == d) {
            *p = d->next;
            break;
        }
    ls_doc_free(d);
}

/* ---- the loop ---- */

static void ls_initialize(ls_server *x, const yi_node *id)
{
    ls_json j;
    lj_result(x, &j, id);
    lj_printf(&j, "{\"capabilities\":{\"positionEncoding\":\"utf-16\",\"textDocumentSync\":{\"openClose\":true,"
                  "\"change\":1,\"save\":{\"includeText\":false}},\"hoverProvider\":true,\"definitionProvider\":true,"
                  "\"completionProvider\":{\"triggerCharacters\":[]},\"documentFormattingProvider\":true},"
                  "\"serverInfo\":{\"name\":\"remit\",\"version\":\"%s\"}}}",
              remit_version());
    lj_send(x, &j);
}

typedef struct ls_call {
    ls_server *x;
    const char *body;
    size_t len;
} ls_call;

/* One message, read in x->msg. */
static void ls_handle(void *arg)
{
    ls_call *c = arg;
    ls_server *x = c->x;
    uint32_t f = src_add(x->msg, "message", "message", c->body, (uint32_t)c->len, false);
    yi_node *m = src_validate(x->msg, f) ? ji_parse(x->msg, f) : NULL;
    if (!m) {
        ls_error(x, NULL, -32700, "the message is not JSON");
        return;
    }
    if (m->kind != YI_MAP) {
        ls_error(x, NULL, -32600, "a message must be one JSON object");
        return;
    }
    const yi_node *id = yi_get(m, "id"), *method = yi_get(m, "method"), *params = yi_get(m, "params");
    if (!method) {
        if (!id || !yi_get(m, "result")) /* (a response to a request of ours: there are none) */
            ls_error(x, id, -32600, "a request needs a method");
        return;
    }
    if (method->kind != YI_SCALAR || !method->quoted) {
        ls_error(x, id, -32600, "the method must be a string");
        return;
    }
    const char *w = method->text;
    if (!strcmp(w, "exit")) {
        x->done = true;
        return;
    }
    if (x->shutdown) {
        if (id)
            ls_error(x, id, -32600, "the server is shutting down");
        return;
    }
    if (!strcmp(w, "initialize")) {
        x->initialized = true;
        ls_initialize(x, id);
        return;
    }
    if (!x->initialized) {
        if (id)
            ls_error(x, id, -32002, "the server is not initialized yet");
        return;
    }
    if (!strcmp(w, "shutdown")) {
        x->shutdown = true;
        ls_json j;
        lj_result(x, &j, id);
        lj_put(&j, "null}");
        lj_send(x, &j);
    } else if (!strcmp(w, "textDocument/didOpen")) {
        ls_open(x, params);
    } else if (!strcmp(w, "textDocument/didChange")) {
        ls_change(x, params);
    } else if (!strcmp(w, "textDocument/didSave")) {
        ls_doc *d = ls_find(x, yi_get(yi_get(params, "textDocument"), "uri"));
        if (d) {
            ls_check(x, d);
            ls_publish(x, d, false);
        }
    } else if (!strcmp(w, "textDocument/didClose")) {
        ls_close(x, params);
    } else if (!strcmp(w, "textDocument/hover")) {
        ls_hover(x, id, params);
    } else if (!strcmp(w, "textDocument/definition")) {
        ls_definition(x, id, params);
    } else if (!strcmp(w, "textDocument/completion")) {
        ls_completion(x, id, params);
    } else if (!strcmp(w, "textDocument/formatting")) {
        ls_formatting(x, id, params);
    } else if (id) {
        ls_error(x, id, -32601, "Remit's language server does not know this method");
    } /* a notification it does not know ($/cancelRequest, ...): nothing */
}

/* A message longer than LS_MAX_MESSAGE, read past: an error, whose id
 * cannot be known. */
static void ls_too_long(void *arg)
{
    ls_call *c = arg;
    ls_error(c->x, NULL, -32600, "the message is longer than 64 MiB, so it was not read");
}

/* The next message's body, in *body (rm_malloc'd) of *len bytes: 1; 0 at
 * the end of the input; -1 for a header without a length (said on err). */
static int ls_read(ls_server *x, char **body, size_t *len, FILE *err)
{
    char line[1024];
    long n = -1;
    bool any = false;
    for (;;) { /* a header line, of any length: its first bytes kept */
        size_t k = 0;
        int ch;
        while ((ch = fgetc(x->in)) != EOF && ch != '\n')
            if (k < sizeof line - 1)
                line[k++] = (char)ch;
        line[k] = '\0';
        if (ch == EOF && !k)
            break;
        any = true;
        if (!k || (k == 1 && line[0] == '\r'))
            break;
        if (!strncasecmp(line, "Content-Length:", 15)) {
            char *end;
            errno = 0;
            n = strtol(line + 15, &end, 10);
            while (*end == ' ' || *end == '\r')
                end++;
            if (*end || n < 0 || errno == ERANGE || end == line + 15 || n > (long)LS_MAX_MESSAGE * 16)
                n = -2;
        }
        if (ch == EOF)
            break;
    }
    if (!any)
        return 0;
    if (n < 0) {
        fprintf(err, "remit lsp: a message without a Content-Length header%s: stopping, as the next message "
                     "cannot be found\n", n == -2 ? " that is a number Remit can take" : "");
        return -1;
    }
    if ((unsigned long)n > LS_MAX_MESSAGE) { /* read past it, and say so */
        for (long k = 0; k < n && fgetc(x->in) != EOF; k++)
            ;
        *body = NULL;
        *len = 0;
        return 1;
    }
    char *b = rm_malloc((size_t)n + 1);
    if (!b)
        return -1;
    size_t got = fread(b, 1, (size_t)n, x->in);
    if (got != (size_t)n) {
        rm_free(b);
        fprintf(err, "remit lsp: the input ended inside a message\n");
        return -1;
    }
    b[n] = '\0';
    *body = b;
    *len = (size_t)n;
    return 1;
}

remit_status remit_lsp(FILE *in, FILE *out, FILE *err, const remit_options *opt)
{
    if (!in || !out || !err)
        return REMIT_E_ARGUMENT;
    ls_server x = {.in = in, .out = out};
    if (opt)
        x.opt = *opt;
    x.opt.analyse = 1;
    x.msg = remit_session_new(&x.opt);
    x.chk = remit_session_new(&x.opt);
    remit_status st = REMIT_OK;
    if (!x.msg || !x.chk)
        st = REMIT_E_NOMEM;
    while (st == REMIT_OK && !x.done) {
        char *body = NULL;
        size_t len = 0;
        int r = ls_read(&x, &body, &len, err);
        if (r == 0) { /* the editor went away without `exit` */
            st = REMIT_E_INPUT;
            break;
        }
        if (r < 0) {
            st = REMIT_E_INPUT;
            break;
        }
        rm_session_reset(x.msg);
        ls_call c = {&x, body, len};
        if (!rm_protect(x.msg, body ? ls_handle : ls_too_long, &c))
            fprintf(err, "remit lsp: out of memory handling a message\n");
        rm_free(body);
        if (x.st != REMIT_OK)
            st = x.st;
    }
    while (x.docs) {
        ls_doc *d = x.docs;
        x.docs = d->next;
        ls_doc_free(d);
    }
    remit_session_free(x.msg);
    remit_session_free(x.chk);
    if (st == REMIT_OK && !x.shutdown)
        st = REMIT_E_INPUT; /* `exit` before `shutdown`: exit code 1, as the protocol asks */
    return st;
}
