/*
 * decide.c - compiling a checked session, reading inputs (a register,
 * a history, a decision file), the batch behind remit_evaluate_batch
 * (api.c), and test files run into a report (remit_test_file).  Reading
 * and typing inputs happens here, per decision; the evaluation itself
 * (eval.c) allocates nothing.  Each entry point is a protected call
 * (arena.c): running out of memory is R0014 and the status its comment
 * in remit.h gives.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include <fnmatch.h>

#include "explain.h"
#include "input.h"
#include "jsonin.h"
#include "tcover.h"

/* A batch line longer than this is refused: a decision is a few hundred
 * bytes, and a bound keeps one bad line from taking the memory of all. */
#define RM_MAX_BATCH_LINE (1u << 20)

typedef struct compile_call {
    remit_session *s;
    remit_policy *p;
} compile_call;

static void compile(void *arg)
{
    compile_call *c = arg;
    c->p = pl_lower(c->s);
}

remit_policy *remit_compile(remit_session *s)
{
    if (!s || s->nerrors || s->suppressed || s->fatal || !s->files.n)
        return NULL;
    compile_call c = {s, NULL};
    if (!rm_protect(s, compile, &c)) {
        dg_nomem(s, "out of memory while compiling the policy");
        return NULL;
    }
    return c.p;
}

void remit_policy_free(remit_policy *p) { pl_free(p); }

/* Register one input with s: the file at path, or the text in mem, which
 * gets the same size limit as a file (RM_MAX_FILE_BYTES; with _max, max
 * bytes: RM_MAX_HISTORY_BYTES for a history).  UINT32_MAX when it cannot
 * be read. */
rm_text rm_text_of(const remit_input *in, const char *name)
{
    rm_text t = {in->name ? in->name : name, in->text ? in->text : "", in->len};
    return t;
}

uint32_t rm_open_given(remit_session *s, const remit_input *in, const char *name, size_t max)
{
    rm_text mem = rm_text_of(in, name);
    return rm_open_input_max(s, in->path, in->path ? NULL : &mem, max);
}

uint32_t rm_open_input(remit_session *s, const char *path, const rm_text *mem)
{
    return rm_open_input_max(s, path, mem, RM_MAX_FILE_BYTES);
}

uint32_t rm_open_input_max(remit_session *s, const char *path, const rm_text *mem, size_t max)
{
    if (!mem)
        return src_read_max(s, path, path, NULL, max);
    if (mem->len > max) {
        bool history = max == RM_MAX_HISTORY_BYTES;
        dg_item *d = dg_plain(s, REMIT_ERROR, "R0011", "'%s' is larger than the %u MiB %s may be",
                              mem->name, (unsigned)(max >> 20), history ? "a history" : "an input");
        if (history)
            dg_hint(s, d, "a history need hold only the decisions of the longest period the policy's "
                          "cumulative limits look back over, and those taken under crisis powers: leave "
                          "out the older ones");
        else
            dg_hint(s, d, "split it into several files");
        return UINT32_MAX;
    }
    return src_add(s, mem->name, NULL, mem->text, (uint32_t)mem->len, false);
}

/* Take back what was reported since the session had these counts. */
static void reports_back(remit_session *s, uint32_t diags, size_t errors, size_t suppressed, bool fatal)
{
    s->diags.n = diags;
    s->nerrors = errors;
    s->suppressed = suppressed;
    s->fatal = fatal;
    s->pub = NULL;
}

/* Read and type the history in file f into *h; false after reporting.
 * A JSON list is read an entry at a time (ji_list), each entry typed and
 * its tree and typing given back but for what evaluation reads (in_hist),
 * so that a history of millions of decisions takes memory for those
 * alone.  Faults are reported as when the file is read whole: when the
 * list is not valid JSON, what was reported is taken back and the file is
 * read again as any input is (rm_read_input: it may be YAML); only when
 * that would stop at its limit of values before the fault is the fault
 * reported from a second read an entry at a time. */
static bool read_history(in_ctx *ic, uint32_t f, ev_history *h)
{
    remit_session *s = ic->s;
    uint32_t diags = s->diags.n, errors = ic->errors;
    size_t nerrors = s->nerrors, suppressed = s->suppressed;
    bool fatal = s->fatal;
    ji_list *l = ji_list_open(s, f);
    if (!l) {
        yi_node *root = rm_read_input(s, f);
        return root && in_history(ic, root, h);
    }
    in_hist b;
    in_hist_start(ic, &b, h);
    ic->plans = in_plans_new(&s->arena); /* (before the entries' marks) */
    uint32_t n = 0;
    yi_node over = {0}; /* the first entry past IN_MAX_HISTORY (where it is) */
    for (;;) {
        ar_mark m = ar_mark_of(&s->arena);
        yi_node *e = ji_list_next(l);
        if (!e)
            break;
        if (n < IN_MAX_HISTORY) {
            ic->shape = ji_list_shape(l);
            in_hist_add(ic, &b, e, m);
        } else {
            if (n == IN_MAX_HISTORY)
                over = *e;
            ar_rewind(&s->arena, m);
        }
        if (n < UINT32_MAX)
            n++;
    }
    ic->plans = NULL;
    ic->shape = 0;
    if (ji_list_failed(l) || n > IN_MAX_HISTORY) {
        in_hist_done(ic, &b);
        reports_back(s, diags, nerrors, suppressed, fatal);
    }
    if (ji_list_failed(l)) {
        ic->errors = errors;
        if (ji_list_values(l) <= YI_MAX_NODES) {
            yi_node *root = rm_read_input(s, f);
            return root && in_history(ic, root, h);
        }
        l = ji_list_open(s, f);
        for (ar_mark m = ar_mark_of(&s->arena); ji_list_next(l); m = ar_mark_of(&s->arena))
            ar_rewind(&s->arena, m);
        return false;
    }
    if (n > IN_MAX_HISTORY) {
        in_history_too_long(ic, &over, n);
        return false;
    }
    return in_hist_finish(ic, &b);
}

/* The window a history file is read through (rm_stream_history), and
 * what its session had reported before. */
typedef struct hist_window {
    FILE *fp;
    char *buf;
    rm_file *f;
    remit_session *s;
    uint32_t diags;
    size_t nerrors, suppressed;
    bool fatal;
} hist_window;

void rm_window_close(rm_file *f, char **buf, FILE **fp)
{
    if (f) {
        f->text = "";
        f->len = 0;
    }
    free(*buf);
    *buf = NULL;
    if (*fp)
        fclose(*fp);
    *fp = NULL;
}

/* Close w: its file is left empty (nothing reads it: every report made
 * of it is taken back). */
static void window_close(void *arg)
{
    hist_window *w = arg;
    rm_window_close(w->f, &w->buf, &w->fp);
}

/* Close w when memory ran out while it was read: the reports made of the
 * window go too, before its text does. */
static void window_unwind(void *arg)
{
    hist_window *w = arg;
    reports_back(w->s, w->diags, w->nerrors, w->suppressed, w->fatal);
    window_close(w);
}

/* Fill w's buffer after its first *len bytes, up to window; false when
 * the file cannot be read.  *eof once it has all been read. */
static bool window_fill(hist_window *w, uint32_t window, uint32_t *len, uint64_t *total, bool *eof)
{
    size_t got = fread(w->buf + *len, 1, window - *len, w->fp);
    *len += (uint32_t)got;
    *total += got;
    w->buf[*len] = '\0';
    w->f->text = w->buf;
    w->f->len = *len;
    *eof = *len < window;
    return !ferror(w->fp);
}

/* Keep the window's bytes from `from` on, at the start of a buffer of
 * `size` bytes (a new one when it is larger than *window), and fill the
 * rest: window_fill's result, false too past the most a history may be. */
static bool window_slide(hist_window *w, uint32_t from, uint32_t size, uint32_t *window, uint32_t *len,
                         uint64_t *total, bool *eof)
{
    if (size > *window) {
        char *nb = rm_xmalloc(&w->s->arena, (size_t)size + 1);
        memcpy(nb, w->buf + from, *len - from);
        free(w->buf);
        w->buf = nb;
        *window = size;
    } else {
        memmove(w->buf, w->buf + from, *len - from);
    }
    *len -= from;
    return window_fill(w, *window, len, total, eof) && *total <= RM_MAX_HISTORY_BYTES;
}

bool rm_stream_history(in_ctx *ic, const char *path, ev_history *h, uint32_t window, uint32_t margin,
                       uint32_t most)
{
    remit_session *s = ic->s;
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (off_t)RM_MAX_HISTORY_BYTES)
        return false;
    if ((uint64_t)st.st_size < window) /* a small history: its own size (and a byte) */
        window = (uint32_t)st.st_size + 1;
    hist_window *w = ar_alloc(&s->arena, sizeof *w);
    *w = (hist_window){NULL, NULL, NULL, s, s->diags.n, s->nerrors, s->suppressed, s->fatal};
    if (!(w->fp = fopen(path, "rb")))
        return false;
    rm_cleanup_push(s, window_unwind, w);
    w->buf = rm_xmalloc(&s->arena, (size_t)window + 1);
    /* the window as a file of the session, for the reader's locations:
     * a report made of it is taken back below */
    w->f = ar_alloc(&s->arena, sizeof *w->f);
    w->f->path = w->f->real = ar_strndup(&s->arena, path, strlen(path));
    w->f->line_starts = ar_alloc(&s->arena, sizeof *w->f->line_starts);
    w->f->nlines = 1;
    rm_vec_push(&s->arena, &s->files, w->f);
    uint32_t diags = w->diags, errors = ic->errors, len = 0, n = 0;
    bool eof = false;
    uint64_t total = 0;
    bool ok = window_fill(w, window, &len, &total, &eof);
    ji_list *l = ok ? ji_list_open(s, s->files.n - 1) : NULL;
    in_hist b;
    if (l) {
        in_hist_start(ic, &b, h);
        ic->plans = in_plans_new(&s->arena); /* (before the entries' marks) */
    }
    while (l && ok) {
        uint32_t at = ji_list_unread(l);
        if (!eof && len - at < margin) { /* the rest to the start, and read on */
            ok = window_slide(w, at, window, &window, &len, &total, &eof);
            ji_list_moved(l, w->buf, len);
            if (!ok)
                break;
        }
        ar_mark m = ar_mark_of(&s->arena);
        yi_node *e = ji_list_next(l);
        if (!e && ji_list_failed(l) && !eof && window < most) {
            /* perhaps an entry longer than what the window had left of
             * it: read it again through a window twice as large (what
             * the failed read made stays, as reports may have used it) */
            reports_back(s, w->diags, w->nerrors, w->suppressed, w->fatal);
            uint32_t wider = window > most / 2 ? most : 2 * window;
            ok = window_slide(w, ji_list_unread(l), wider, &window, &len, &total, &eof);
            ji_list_moved(l, w->buf, len);
            ji_list_retry(l);
            continue;
        }
        if (!e)
            break;
        if (n++ == IN_MAX_HISTORY) { /* R0713, from the whole file */
            ar_rewind(&s->arena, m);
            ok = false;
            break;
        }
        ic->shape = ji_list_shape(l);
        in_hist_add(ic, &b, e, m);
        ok = b.ok && s->diags.n == diags && ic->errors == errors;
    }
    ic->plans = NULL;
    ic->shape = 0;
    /* read to its end, all of it (the reader has looked for anything
     * after the list), as large as it was, and with nothing to report */
    ok = l && ok && !ji_list_failed(l) && eof && total == (uint64_t)st.st_size && s->diags.n == diags &&
         s->nerrors == w->nerrors && s->suppressed == w->suppressed && s->fatal == w->fatal;
    if (ok)
        ok = in_hist_finish(ic, &b);
    else if (l)
        in_hist_done(ic, &b);
    if (!ok) {
        reports_back(s, diags, w->nerrors, w->suppressed, w->fatal);
        ic->errors = errors;
    }
    rm_cleanup_pop(s, w);
    window_close(w);
    return ok;
}

/* Read and type the history and register; false after reporting.
 * *unreadable is set when one could not be read at all. */
/* Read one input beside the decisions (a file, or text in memory, or
 * neither: nothing to do) with reader; false after reporting. */
static bool load_one(in_ctx *ic, const char *path, const rm_text *mem, bool (*reader)(in_ctx *, const yi_node *),
                     bool *unreadable)
{
    if (!path && !mem)
        return true;
    uint32_t f = rm_open_input(ic->s, path, mem);
    if (f == UINT32_MAX) {
        *unreadable = true;
        return false;
    }
    yi_node *root = rm_read_input(ic->s, f);
    return root && reader(ic, root);
}

bool rm_load_extras(in_ctx *ic, const rm_extras *x, ev_history *h, bool *unreadable)
{
    *unreadable = false;
    /* the register, then the calendar, before the history, whose entries
     * may name people and need meetings */
    if (!load_one(ic, x->reg, x->mreg, in_register, unreadable) ||
        !load_one(ic, x->calendar, x->mcalendar, in_calendar, unreadable))
        return false;
    if (x->history || x->mhistory) {
        if (x->history &&
            rm_stream_history(ic, x->history, h, RM_HISTORY_WINDOW, RM_HISTORY_MARGIN, RM_MAX_FILE_BYTES))
            return true;
        uint32_t f = rm_open_input_max(ic->s, x->history, x->mhistory, RM_MAX_HISTORY_BYTES);
        if (f == UINT32_MAX) {
            *unreadable = true;
            return false;
        }
        return read_history(ic, f, h);
    }
    return true;
}

static remit_status batch_loop(const remit_policy *p, remit_session *s, const in_ctx *base,
                               const ev_history *h, FILE *in, FILE *out, size_t *bad, const char *name);

/* The decimal digits of v (not negative) at buf; returns how many. */
static size_t put_digits(char *buf, long v)
{
    char d[24];
    size_t n = 0, u = 0;
    unsigned long x = v < 0 ? 0 : (unsigned long)v;
    do
        d[n++] = (char)('0' + x % 10);
    while ((x /= 10) != 0);
    while (n)
        buf[u++] = d[--n];
    return u;
}

/* Write the start of a record, {"line":N,"result": or ,"error": (what),
 * without printf. */
static void batch_head(FILE *out, long lineno, const char *what)
{
    char buf[64];
    memcpy(buf, "{\"line\":", 8);
    size_t u = 8 + put_digits(buf + 8, lineno);
    size_t wl = strlen(what);
    memcpy(buf + u, what, wl);
    fwrite(buf, 1, u + wl, out);
}

/* Register a batch line as the session's file, as src_add does, but
 * neither copied nor searched for line breaks: getline ends a line at
 * '\n', so it has none, and the buffer outlives the session's use of it
 * (see batch_line).  Both scans showed in the profile of a batch.  Its
 * positions name the batch (name, at line lineno), or without a name
 * the file "line N" at line 1. */
static uint32_t line_file(remit_session *ls, const char *name, long lineno, const char *line, uint32_t len)
{
    /* one allocation: the file, the session's list of files when it has
     * none yet (a line's session starts empty), its one line start and
     * its name */
    struct {
        rm_file f;
        void *list[1];
        uint32_t line_start;
        char name[32];
    } *m = ar_alloc_raw(&ls->arena, sizeof *m);
    memcpy(m->name, "line ", 5);
    m->name[5 + put_digits(m->name + 5, lineno)] = '\0';
    m->line_start = 0;
    m->f = (rm_file){.path = name ? name : m->name, .real = m->name, .text = line, .len = len,
                     .line_starts = &m->line_start, .nlines = 1,
                     .line_base = name && lineno > 1 && lineno <= UINT32_MAX ? (uint32_t)(lineno - 1) : 0};
    ls->lines++;
    if (!ls->files.cap)
        ls->files = (rm_vec){m->list, 0, 1};
    rm_vec_push(&ls->arena, &ls->files, &m->f);
    return ls->files.n - 1;
}

/* The one error of s is a fault of syntax (R0701, R0703). */
static bool syntax_fault_since(const remit_session *s, uint32_t mark_diags, size_t mark_errors)
{
    if (s->nerrors != mark_errors + 1 || s->diags.n != mark_diags + 1)
        return false;
    const dg_item *d = s->diags.v[mark_diags];
    return !strcmp(d->code, "R0701") || !strcmp(d->code, "R0703");
}

static bool syntax_fault(const remit_session *s) { return syntax_fault_since(s, 0, 0); }

/* Read an input file: JSON (a file that starts with '{' or '[') by the
 * strict JSON reader, as batch lines are, so that a file and a line agree
 * on what is valid JSON; YAML, or JSON that only YAML reads (a flow
 * mapping with bare words), by yamlin.c.  Diagnostics of the reader that
 * was not right are taken back. */
yi_node *rm_read_input(remit_session *s, uint32_t f)
{
    const rm_file *file = s->files.v[f];
    uint32_t i = 0;
    while (i < file->len && (file->text[i] == ' ' || file->text[i] == '\t' ||
                             file->text[i] == '\n' || file->text[i] == '\r'))
        i++;
    if (i == file->len || (file->text[i] != '{' && file->text[i] != '['))
        return yi_parse(s, f);
    uint32_t md = s->diags.n;
    size_t me = s->nerrors;
    yi_node *root = ji_parse(s, f);
    if (root || !syntax_fault_since(s, md, me))
        return root;
    s->diags.n = md; /* not JSON after all: let YAML have its say */
    s->nerrors = me;
    s->pub = NULL;
    root = yi_parse(s, f);
    if (root || !syntax_fault_since(s, md, me))
        return root;
    s->diags.n = md; /* malformed for both: JSON's message is the more exact */
    s->nerrors = me;
    s->pub = NULL;
    return ji_parse(s, f);
}

/* Read a batch line into a tree in ls.  A line that starts with '{' is
 * read as JSON by jsonin.c, any other (a list, a scalar) by yamlin.c.
 * A '{' line that is not JSON may still be a YAML flow mapping, such as
 * {matter: spend, decider: cfo}, which batch mode has always read: then
 * yamlin.c decides, and when it finds the line malformed as well, the
 * JSON reader's account of the fault is the one kept.  A line of the
 * shape of one before it is read by that shape (jsonin.h, ji_shapes). */
static yi_node *batch_read(remit_session *ls, const char *name, long lineno, const char *line, uint32_t len,
                           bool json, ji_shapes *shapes, uint32_t *shape)
{
    uint32_t f = line_file(ls, name, lineno, line, len);
    *shape = 0; /* the line's shape (ji_shapes_last), when read by one */
    if (!json)
        return yi_parse(ls, f);
    yi_node *root = ji_parse_shaped(ls, f, shapes);
    if (root)
        *shape = ji_shapes_last(shapes);
    if (root || !syntax_fault(ls))
        return root;
    rm_session_reset(ls);
    root = yi_parse(ls, line_file(ls, name, lineno, line, len));
    if (root || !syntax_fault(ls))
        return root; /* YAML, or refused for what only YAML has (an alias, a tag) */
    rm_session_reset(ls);
    return ji_parse(ls, line_file(ls, name, lineno, line, len));
}

/* The error record of line lineno: the diagnostics of its session ls. */
static void error_record(remit_session *ls, long lineno, FILE *out)
{
    batch_head(out, lineno, ",\"error\":");
    remit_render_json_line(ls, out);
    fwrite("}\n", 1, 2, out);
}

/* One line of a batch (line[len] is '\0', line[first] its first byte that
 * is not blank), read into the line session ls, which is emptied again
 * at the end, so the line's diagnostics and memory go when it is done;
 * writes its record.  False for an input error.
 *
 * The session's file is the line where getline left it, not a copy: the
 * session is emptied before getline reads the next line into that
 * buffer. */
typedef struct line_call {
    const remit_policy *p;
    remit_session *ls;
    const in_ctx *base;
    const ev_history *h;
    const char *line;
    size_t len, first;
    long lineno;
    FILE *out;
    xp_cache *xc;            /* the batch's rendered fragments */
    bool ok;
    const char *name;        /* the batch's, for positions; NULL: "line N" */
    ji_shapes *shapes;       /* the shapes of the lines before */
    in_plans *plans;         /* and what typing found of their keys */
} line_call;

static void line_in(void *arg)
{
    line_call *l = arg;
    uint32_t shape;
    yi_node *root = batch_read(l->ls, l->name, l->lineno, l->line, (uint32_t)l->len, l->line[l->first] == '{',
                               l->shapes, &shape);
    in_ctx ic;
    in_line(&ic, l->base, l->ls);
    ic.plans = l->plans;
    ic.shape = shape;
    ev_decision d;
    l->ok = root && in_decision(&ic, root, &d);
    if (l->ok) {
        ev_result r;
        ev_evaluate(l->p, &d, l->h, &r);
        xp_json_record(l->out, l->lineno, l->p, &d, &r, l->xc);
    }
}

/* The error record of a line longer than RM_MAX_BATCH_LINE, whose first
 * bytes are in line: R0711 at its first column. */
static void long_in(void *arg)
{
    line_call *l = arg;
    uint32_t f = line_file(l->ls, l->name, l->lineno, l->line, 240); /* enough to show where */
    rm_loc loc = {f, 0, 1};
    dg_item *g = dg_error(l->ls, loc, "R0711", "this line is longer than 1 MiB (%u bytes), so it is not read",
                          RM_MAX_BATCH_LINE);
    dg_hint(l->ls, g, "one decision per line, of a few hundred bytes; the rest of this line is "
                      "skipped and the batch goes on");
    l->ok = false;
}

/* Run fn on one line in a protected call on its session, and write the
 * line's error record unless fn found it good: when memory ran out, the
 * record is R0014 alone.  The session is emptied after. */
static bool line_record(void (*fn)(void *), line_call *l)
{
    remit_session *ls = l->ls;
    if (!rm_protect(ls, fn, l)) {
        rm_session_reset(ls); /* start the line's session afresh, to say so */
        dg_nomem(ls, "out of memory while reading this line");
        l->ok = false;
    }
    if (!l->ok)
        error_record(ls, l->lineno, l->out);
    rm_session_reset(ls);
    return l->ok;
}

static bool batch_line(const remit_policy *p, remit_session *ls, const in_ctx *base,
                       const ev_history *h, const char *line, size_t len, size_t first,
                       long lineno, FILE *out, xp_cache *xc, const char *name, ji_shapes *shapes,
                       in_plans *plans)
{
    line_call l = {p, ls, base, h, line, len, first, lineno, out, xc, false, name, shapes, plans};
    return line_record(line_in, &l);
}

typedef struct batch_call {
    const remit_policy *p;
    remit_session *s;
    const in_ctx *base;
    const ev_history *h;
    FILE *in, *out;
    size_t *bad;
    remit_status st;
    const char *name;
} batch_call;

static void batch_in(void *arg)
{
    batch_call *b = arg;
    b->st = batch_loop(b->p, b->s, b->base, b->h, b->in, b->out, b->bad, b->name);
}

remit_status rm_batch(const remit_policy *p, remit_session *s, const in_ctx *base,
                      const ev_history *h, FILE *in, FILE *out, size_t *bad, const char *name)
{
    rm_session_reset(s);
    *bad = 0;
    batch_call b = {p, s, base, h, in, out, bad, REMIT_OK, name};
    if (!rm_protect(s, batch_in, &b)) {
        dg_nomem(s, "out of memory while reading the batch");
        return REMIT_E_NOMEM;
    }
    return b.st;
}

/* What reading a batch line found. */
typedef enum { BL_LINE, BL_LONG, BL_END, BL_ERROR } bl_read;

/* The input of a batch and its one buffer, of RM_MAX_BATCH_LINE + 3
 * bytes.  Bytes buf[dirty..filled) are all '\n', and those from
 * buf[filled] on never written yet (see get_chunk). */
typedef struct bl_in {
    FILE *f;
    char *buf;
    size_t dirty, filled;
} bl_in;

/* fgets into b's buffer at off (k bytes), knowing how many bytes it read
 * even when the line holds NUL bytes: at[0..k) is all '\n' first, so
 * the '\0' that fgets writes is the only one followed by no other.
 * Returns the bytes read, 0 at the end of the input or on an error; *nl
 * says whether the last of them is the line's '\n'.  Reading stays in
 * stdio's memchr and memcpy: a byte at a time cost a tenth of a batch
 * line.  Only the bytes the last lines wrote are filled again, and a
 * line that ends in '\n' before any NUL is measured by strlen: filling
 * and searching the whole chunk were a twentieth of a batch line. */
static size_t get_chunk(bl_in *b, size_t off, size_t k, bool *nl)
{
    char *at = b->buf + off;
#if defined(__GLIBC__)
    /* A line whole in stdio's buffer already (most of them) is found there
     * by memchr and copied out, as gnulib's freadptr and freadseek read a
     * glibc FILE: no fgets, and no strlen (its length is known, NUL bytes
     * and all).  What it writes is kept dirty, for the fgets below. */
    FILE *f = b->f;
    if (k > 1 && f->_IO_read_ptr < f->_IO_read_end && f->_IO_write_ptr <= f->_IO_write_base) {
        size_t avail = (size_t)(f->_IO_read_end - f->_IO_read_ptr);
        const char *q = memchr(f->_IO_read_ptr, '\n', avail < k - 1 ? avail : k - 1);
        if (q) {
            size_t got = (size_t)(q - f->_IO_read_ptr) + 1;
            memcpy(at, f->_IO_read_ptr, got);
            f->_IO_read_ptr += got;
            if (b->filled < off + got)
                b->filled = off + got;
            if (b->dirty < off + got)
                b->dirty = off + got;
            *nl = true;
            return got;
        }
    }
#endif
    if (b->filled < off + k) { /* first use of these bytes */
        memset(b->buf + b->filled, '\n', off + k - b->filled);
        b->filled = off + k;
    }
    if (b->dirty > off)
        memset(at, '\n', b->dirty - off < k ? b->dirty - off : k);
    bool beyond = b->dirty > off + k; /* dirty bytes after the chunk stay so */
    *nl = false;
    if (!fgets(at, (int)k, b->f)) {
        if (!beyond)
            b->dirty = off + k; /* what an error leaves is not known */
        return 0;
    }
    size_t got = strlen(at);
    if (!got || at[got - 1] != '\n') {
        /* a NUL in the line, or no line end in this chunk: the last NUL */
        const char *z = memchr(at, '\0', k);
        while (z && z + 1 < at + k && memchr(z + 1, '\0', (size_t)(at + k - z - 1)))
            z = memchr(z + 1, '\0', (size_t)(at + k - z - 1)); /* a NUL of the line: not the end */
        got = z ? (size_t)(z - at) : 0;
    }
    if (!beyond)
        b->dirty = off + got + 1;
    *nl = got && at[got - 1] == '\n';
    return got;
}

/* Read the next line of b into its buffer, without its '\n', and a
 * '\0'; its length in *len.  A line longer than RM_MAX_BATCH_LINE, not
 * counting its line end ('\n' or "\r\n"), is BL_LONG, with its first
 * bytes in the buffer and *rest set when the rest of it is still to be
 * read.  A last line without a '\n' is a line.  BL_ERROR when the input
 * cannot be read (errno says why): never taken for the end of the input. */
static bl_read read_line(bl_in *b, size_t *len, bool *rest)
{
    char *buf = b->buf;
    size_t n = 0, chunk = 1024;
    *rest = false;
    for (;;) {
        size_t k = RM_MAX_BATCH_LINE + 3 - n; /* fgets reads k - 1 at most */
        if (k > chunk)
            k = chunk;
        bool nl;
        size_t got = get_chunk(b, n, k, &nl);
        n += got;
        n -= nl;
        buf[n] = '\0';
        *len = n;
        if (!nl && ferror(b->f))
            return BL_ERROR;
        if (nl || !got || feof(b->f)) {
            if (!nl && !n)
                return BL_END;
            size_t content = n - (n && buf[n - 1] == '\r'); /* "\r\n" is a line end */
            return content > RM_MAX_BATCH_LINE ? BL_LONG : BL_LINE;
        }
        if (n >= RM_MAX_BATCH_LINE + 2) { /* over the bound, whatever ends it */
            *rest = true;
            return BL_LONG;
        }
        chunk *= 2;
    }
}

/* Skip the rest of an over-long line, holding none of it: read through
 * b's buffer until its '\n'. */
static bl_read skip_line(bl_in *b)
{
    for (;;) {
        bool nl;
        size_t got = get_chunk(b, 0, 65536, &nl);
        if (nl)
            return BL_LINE;
        if (ferror(b->f))
            return BL_ERROR;
        if (!got || feof(b->f))
            return BL_END;
    }
}

/* Whether stdio holds bytes of f already read from its file, so that
 * reading the next line will not wait for more input.  glibc's FILE is
 * read as gnulib's freadahead reads it; elsewhere, never (records are
 * then written out a line at a time). */
static bool read_ahead(FILE *f)
{
#if defined(__GLIBC__)
    return f->_IO_read_ptr < f->_IO_read_end;
#else
    (void)f;
    return false;
#endif
}

static remit_status batch_loop(const remit_policy *p, remit_session *s, const in_ctx *base,
                               const ev_history *h, FILE *in, FILE *out, size_t *bad, const char *name)
{
    /* one session for every line, emptied after each, and one buffer:
     * reading a batch takes the same memory however long it is */
    remit_session *ls = remit_session_new(&s->opt);
    if (!ls)
        rm_unwind(&s->arena);
    rm_cleanup_push(s, rm_session_cleanup, ls);
    char *line = rm_xmalloc(&s->arena, RM_MAX_BATCH_LINE + 3);
    rm_cleanup_push(s, rm_free, line);
    xp_cache xc;
    xp_cache_init(&xc, &s->arena, p);
    ji_shapes *shapes = ji_shapes_new(&s->arena);
    in_plans *plans = in_plans_new(&s->arena);
    bl_in b = {in, line, 0, 0};
    size_t len;
    long lineno = 0;
    int werr = 0;
    bl_read got;
    bool rest;
    /* The records are written out whenever every line read so far has
     * its record, before reading may wait for more: a program that writes
     * one decision and waits for its answer gets it, and a file is still
     * written in large pieces (7.12). */
    for (;;) {
        if (!read_ahead(in) && fflush(out) != 0) {
            werr = errno ? errno : EIO;
            got = BL_END;
            break;
        }
        if ((got = read_line(&b, &len, &rest)) != BL_LINE && got != BL_LONG)
            break;
        lineno++;
        if (got == BL_LONG) {
            line_call l = {p, ls, base, h, line, 0, 0, lineno, out, &xc, false, name, NULL, NULL};
            line_record(long_in, &l);
            (*bad)++;
            if (rest && (got = skip_line(&b)) != BL_LINE)
                break;
        } else {
            while (len > 0 && line[len - 1] == '\r')
                line[--len] = '\0';
            size_t k = 0;
            while (k < len && (line[k] == ' ' || line[k] == '\t'))
                k++;
            if (k < len && !batch_line(p, ls, base, h, line, len, k, lineno, out, &xc, name, shapes, plans))
                (*bad)++; /* blank lines carry no decision */
        }
        if (ferror(out)) {
            werr = errno; /* the write that failed */
            break;
        }
    }
    int e = errno;
    rm_cleanup_pop(s, line);
    rm_free(line);
    rm_cleanup_pop(s, ls);
    remit_session_free(ls);
    if (got == BL_ERROR)
        dg_plain(s, REMIT_ERROR, "R0301", "cannot read the batch after line %ld: %s", lineno, strerror(e));
    if (fflush(out) != 0 && !werr)
        werr = errno ? errno : EIO;
    if (werr || ferror(out)) {
        dg_item *g = dg_plain(s, REMIT_ERROR, "R0015", "cannot write the results after line %ld: %s", lineno,
                              strerror(werr ? werr : EIO));
        dg_hint(s, g, "the results written stop at or before line %ld; run the batch again where "
                      "its results can be written", lineno);
        return REMIT_E_WRITE;
    }
    return got == BL_ERROR ? REMIT_E_UNREADABLE : REMIT_OK;
}

/* ---------------------------------------------------------- remit test */

static const char *const test_keys[] = {
    "name", "decision", "expect", "escalate_to", "chain", "reasons", "obligations", "history",
    "findings", NULL
};


static bool scalar_is(const yi_node *n, const char *w)
{
    return n && n->kind == YI_SCALAR && !strcmp(n->text, w);
}

/* The name of the i-th holder of a chain of authority; a crisis grant's
 * chain starts at its protocol, named as the protocol. */
static const char *chain_name(const remit_policy *p, const ev_result *r, uint32_t i)
{
    if (r->chain[i] < p->nholders)
        return p->holders[r->chain[i]].name;
    if (i == 0 && r->nchain)
        return p->protocols[p->rules[r->chain_rules[0]].protocol].name;
    return "(no one)";
}

/* The report of remit_test_file.  Its results and their strings live in
 * the test file's session s. */
struct remit_test_report {
    remit_session *s;          /* the test file's: diagnostics, results */
    remit_session *ps;         /* the policy's, kept when it has errors */
    const char *policy;        /* the policy's path as opened, or NULL */
    rm_vec results;            /* remit_test_result * */
    unsigned passed, failed;
    /* coverage (SPEC 7.13.2), when asked: the policy's points, and for
     * each result the points its decision reached (NULL when it was not
     * evaluated), the next result's kept in `reached` until it is added */
    const tc_plan *plan;
    rm_vec bits;               /* uint64_t *, alongside results */
    uint64_t *reached;
};

const tc_plan *rm_test_plan(const remit_test_report *r) { return r ? r->plan : NULL; }

const uint64_t *rm_test_bits(const remit_test_report *r, size_t i)
{
    return r && r->plan && i < r->bits.n ? r->bits.v[i] : NULL;
}

/* The explanation of an outcome as text, in s's memory. */
static const char *outcome_text(remit_session *s, const remit_policy *p, const ev_decision *d,
                                const ev_result *r)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *mem = open_memstream(&buf, &n);
    if (!mem)
        rm_unwind(&s->arena);
    xp_text(mem, p, d, r);
    if (fclose(mem) != 0 || !buf) {
        free(buf);
        rm_unwind(&s->arena);
    }
    char *t = ar_strndup(&s->arena, buf, n);
    free(buf);
    return t;
}

/* Add a result to the report: passed when why is NULL. */
static void test_result(remit_test_report *rp, const char *name, const char *file, unsigned line,
                        const char *why, const char *outcome)
{
    rm_arena *a = &rp->s->arena;
    remit_test_result *t = ar_alloc(a, sizeof *t);
    t->name = name;
    t->file = file;
    t->line = line;
    t->passed = !why;
    t->why = why ? ar_strndup(a, why, strlen(why)) : NULL;
    t->outcome_text = outcome;
    if (rp->plan)
        rm_vec_push(a, &rp->bits, rp->reached);
    rp->reached = NULL;
    rm_vec_push(a, &rp->results, t);
    if (why)
        rp->failed++;
    else
        rp->passed++;
}

/* Run one test of the file and record its result. */
static void test_one(const remit_policy *p, in_ctx *ic, const yi_node *t, const char *file,
                     remit_test_report *rp)
{
    remit_session *s = ic->s;
    const yi_node *name = yi_get(t, "name");
    const char *tname = name && name->kind == YI_SCALAR ? name->text : "(unnamed test)";
    unsigned line, col;
    dg_linecol(s->files.v[t->loc.file], t->loc.start, &line, &col);
    if (in_unknown_keys(s, t, test_keys, "a test", "R0730")) {
        /* an expectation it cannot read is not met */
        test_result(rp, tname, file, line, "it has a key Remit does not know", NULL);
        return;
    }
    const yi_node *dn = yi_get(t, "decision"), *ex = yi_get(t, "expect");
    int want = ex && ex->kind == YI_SCALAR ? xp_outcome_of(ex->text, strlen(ex->text)) : -1;
    if (!dn || want < 0) {
        dg_item *g = dg_error(s, t->loc, "R0731", "the test '%s' needs a decision and what to expect", tname);
        dg_hint(s, g, "expect is one of permitted, escalate, refused or undetermined");
        test_result(rp, tname, file, line, "the test is incomplete", NULL);
        return;
    }
    ev_decision d;
    ev_history h = {0};
    const yi_node *hn = yi_get(t, "history");
    /* the history first: the decision's totals come from it (SPEC 5.7) */
    bool ok = (!hn || in_history(ic, hn, &h)) && in_decision(ic, dn, &d);
    ic->hist = NULL; /* this test's alone */
    if (!ok) {
        test_result(rp, tname, file, line, "the decision cannot be evaluated as written", NULL);
        return;
    }
    ev_result r;
    ev_evaluate(p, &d, hn ? &h : NULL, &r);
    if (rp->plan) { /* what it reached of the policy (SPEC 7.13.2) */
        rp->reached = ar_alloc(&s->arena, (tc_words(rp->plan) + 1) * sizeof *rp->reached);
        tc_mark(rp->plan, p, &d, &r, rp->reached);
    }
    char why[512] = "";
    bool good = (int)r.outcome == want;
    if (!good)
        snprintf(why, sizeof why, "expected %s, got %s", xp_outcome_word((ev_outcome)want), xp_outcome_word(r.outcome));
    const yi_node *et = yi_get(t, "escalate_to");
    if (good && et) {
        const char *got = r.target < p->nholders ? p->holders[r.target].name : "(no one)";
        if (!scalar_is(et, got)) {
            good = false;
            snprintf(why, sizeof why, "expected escalation to %s, got %s",
                     et->kind == YI_SCALAR ? et->text : "(not a name)", got);
        }
    }
    /* an expectation that is not a list cannot be met */
    static const char *const lists[] = {"chain", "reasons", "obligations", "findings", NULL};
    for (size_t k = 0; lists[k] && good; k++) {
        const yi_node *x = yi_get(t, lists[k]);
        if (x && x->kind != YI_SEQ) {
            good = false;
            snprintf(why, sizeof why, "'%s' must be a list", lists[k]);
        }
    }
    const yi_node *ch = yi_get(t, "chain");
    if (good && ch && ch->kind == YI_SEQ) {
        bool same = r.outcome == EV_PERMITTED && ch->n == r.nchain + 1;
        for (uint32_t i = 0; same && i < ch->n; i++)
            same = scalar_is(ch->items[i], chain_name(p, &r, i));
        if (!same) {
            good = false;
            size_t u = (size_t)snprintf(why, sizeof why, "the chain of authority is");
            for (uint32_t i = 0; r.outcome == EV_PERMITTED && i <= r.nchain && u < sizeof why; i++)
                u += (size_t)snprintf(why + u, sizeof why - u, "%s%s", i ? " -> " : " ",
                                      chain_name(p, &r, i));
            if (r.outcome != EV_PERMITTED)
                snprintf(why + u, sizeof why - u, " none: the outcome is %s", xp_outcome_word(r.outcome));
        }
    }
    const yi_node *rs = yi_get(t, "reasons");
    if (good && rs && rs->kind == YI_SEQ) {
        for (uint32_t i = 0; good && i < rs->n; i++) {
            bool found = false;
            for (uint32_t k = 0; k < r.nreasons && !found; k++)
                found = scalar_is(rs->items[i], xp_why_word(r.reasons[k].kind));
            if (!found) {
                good = false;
                snprintf(why, sizeof why, "no reason of kind '%s'",
                         rs->items[i]->kind == YI_SCALAR ? rs->items[i]->text : "?");
            }
        }
    }
    const yi_node *ob = yi_get(t, "obligations");
    if (good && ob && ob->kind == YI_SEQ) {
        for (uint32_t i = 0; good && i < ob->n; i++) {
            bool found = false;
            for (uint32_t k = 0; k < r.ndue && !found; k++) {
                char text[512];
                xp_due_text(p, &d, &r.dues[k], text, sizeof text, NULL);
                found = ob->items[i]->kind == YI_SCALAR && strstr(text, ob->items[i]->text);
            }
            if (!found) {
                good = false;
                snprintf(why, sizeof why, "no obligation like '%s'",
                         ob->items[i]->kind == YI_SCALAR ? ob->items[i]->text : "?");
            }
        }
        if (good && ob->n != r.ndue) {
            good = false;
            snprintf(why, sizeof why, "expected %u obligations, got %u", ob->n, r.ndue);
        }
    }
    const yi_node *fd = yi_get(t, "findings");
    if (good && fd && fd->kind == YI_SEQ) {
        for (uint32_t i = 0; good && i < fd->n; i++) {
            bool found = false;
            for (uint32_t k = 0; k < r.nfind && !found; k++)
                found = scalar_is(fd->items[i], xp_finding_word(r.find[k].kind));
            if (!found) {
                good = false;
                snprintf(why, sizeof why, "no finding of kind '%s'",
                         fd->items[i]->kind == YI_SCALAR ? fd->items[i]->text : "?");
            }
        }
        if (good && fd->n != r.nfind + r.more_findings) {
            good = false;
            snprintf(why, sizeof why, "expected %u findings, got %u", fd->n, r.nfind + r.more_findings);
        }
    }
    test_result(rp, tname, file, line, good ? NULL : why, good ? NULL : outcome_text(s, p, &d, &r));
}

typedef struct test_call {
    remit_test_report *rp;
    const char *path;
    const remit_options *opt;
    remit_status st;
} test_call;

/* remit_test_file, inside a protected call on the test file's session s;
 * the policy's session and the compiled policy are on its cleanup list
 * while they live. */
static void test_in(void *arg)
{
    test_call *t = arg;
    remit_test_report *rp = t->rp;
    remit_session *s = rp->s;
    const char *path = t->path;
    uint32_t f = src_read(s, path, path, NULL);
    yi_node *root = f == UINT32_MAX ? NULL : yi_parse(s, f);
    const yi_node *pol = root ? yi_get(root, "policy") : NULL, *tests = root ? yi_get(root, "tests") : NULL;
    if (root && (!pol || pol->kind != YI_SCALAR || !tests || tests->kind != YI_SEQ)) {
        dg_item *g = dg_error(s, root->loc, "R0731", "a test file names its policy and lists its tests");
        dg_hint(s, g, "write policy: FILE.remit and tests: followed by a list of tests");
        root = NULL;
    }
    if (!root) {
        t->st = REMIT_E_UNREADABLE;
        return;
    }
    static const char *const file_keys[] = {"policy", "register", "calendar", "tests", NULL};
    if (in_unknown_keys(s, root, file_keys, "a test file", "R0730")) {
        t->st = REMIT_E_INPUT;
        return;
    }
    /* the policy is named relative to the test file */
    char ppath[4096];
    const char *slash = strrchr(path, '/');
    if (pol->text[0] != '/' && slash)
        snprintf(ppath, sizeof ppath, "%.*s/%s", (int)(slash - path), path, pol->text);
    else
        snprintf(ppath, sizeof ppath, "%s", pol->text);
    rp->policy = ar_strndup(&s->arena, ppath, strlen(ppath));
    remit_session *ps = remit_session_new(t->opt);
    if (!ps)
        rm_unwind(&s->arena);
    rm_cleanup_push(s, rm_session_cleanup, ps);
    remit_policy *p = NULL;
    if (remit_check_file(ps, ppath) != REMIT_OK || !(p = remit_compile(ps))) {
        if (ps->ran_out) /* not the policy's fault: the whole file ran out */
            rm_unwind(&s->arena);
        rm_cleanup_pop(s, ps);
        rp->ps = ps; /* the report's now, with what is wrong */
        t->st = REMIT_E_POLICY;
        return;
    }
    if (t->opt && t->opt->coverage) { /* the policy's points, while its session gives their places */
        rm_cleanup_push(s, pl_cleanup, p);
        rp->plan = tc_plan_make(ps, p, &s->arena);
        rm_cleanup_pop(s, p);
    }
    rm_cleanup_pop(s, ps);
    remit_session_free(ps);
    rm_cleanup_push(s, pl_cleanup, p);
    in_ctx ic;
    in_init(&ic, s, p, &s->arena);
    /* a register and a calendar for every test of the file, each named
     * relative to it */
    for (int k = 0; k < 2; k++) {
        const char *key = k ? "calendar" : "register";
        const yi_node *reg = yi_get(root, key);
        if (!reg)
            continue;
        char rpath[4096];
        if (reg->kind == YI_SCALAR && reg->text[0] != '/' && slash)
            snprintf(rpath, sizeof rpath, "%.*s/%s", (int)(slash - path), path, reg->text);
        else
            snprintf(rpath, sizeof rpath, "%s", reg->kind == YI_SCALAR ? reg->text : "");
        uint32_t rf = reg->kind == YI_SCALAR ? src_read(s, rpath, rpath, NULL) : UINT32_MAX;
        yi_node *rroot = rf == UINT32_MAX ? NULL : rm_read_input(s, rf);
        if (reg->kind != YI_SCALAR) {
            dg_item *g = dg_error(s, reg->loc, "R0731", "%s: names a %s file", key, key);
            dg_hint(s, g, "write %s: FILE.yaml, relative to the test file", key);
        }
        if (!rroot || !(k ? in_calendar(&ic, rroot) : in_register(&ic, rroot))) {
            rm_cleanup_pop(s, p);
            pl_free(p);
            t->st = REMIT_E_INPUT;
            return;
        }
    }
    for (uint32_t i = 0; i < tests->n; i++)
        test_one(p, &ic, tests->items[i], path, rp);
    rm_cleanup_pop(s, p);
    pl_free(p);
}

remit_status remit_test_file(const char *path, const remit_options *opt, remit_test_report **out)
{
    if (out)
        *out = NULL;
    if (!path || !out)
        return REMIT_E_ARGUMENT;
    remit_test_report *rp = rm_calloc(1, sizeof *rp);
    if (!rp || !(rp->s = remit_session_new(opt))) {
        rm_free(rp);
        return REMIT_E_NOMEM;
    }
    test_call t = {rp, path, opt, REMIT_OK};
    if (!rm_protect(rp->s, test_in, &t)) {
        dg_nomem(rp->s, "out of memory while running the tests");
        t.st = REMIT_E_NOMEM;
    }
    if (t.st != REMIT_OK)
        rp->failed++; /* a file whose tests cannot all run is not passed */
    *out = rp;
    return t.st;
}

void remit_test_report_free(remit_test_report *r)
{
    if (!r)
        return;
    remit_session_free(r->ps);
    remit_session_free(r->s);
    rm_free(r);
}

size_t remit_test_result_count(const remit_test_report *r) { return r ? r->results.n : 0; }

int remit_test_result_at(const remit_test_report *r, size_t i, remit_test_result *out)
{
    if (!r || !out || i >= r->results.n)
        return 0;
    *out = *(const remit_test_result *)r->results.v[i];
    return 1;
}

unsigned remit_test_report_passed(const remit_test_report *r) { return r ? r->passed : 0; }
unsigned remit_test_report_failed(const remit_test_report *r) { return r ? r->failed : 0; }
const char *remit_test_report_policy(const remit_test_report *r) { return r ? r->policy : NULL; }
const remit_session *remit_test_report_diagnostics(const remit_test_report *r) { return r ? r->s : NULL; }

const remit_session *remit_test_report_policy_diagnostics(const remit_test_report *r)
{
    return r ? r->ps : NULL;
}

/* ------------------------------------------- test reports for machines */

const char *remit_test_report_fault(const remit_test_report *r, remit_status st)
{
    return st == REMIT_OK ? NULL
         : !r || st == REMIT_E_NOMEM ? "out of memory, so its tests cannot all run"
         : st == REMIT_E_POLICY ? "the policy has errors, so its tests cannot run"
         : st == REMIT_E_UNREADABLE ? "the test file has errors, so its tests cannot run"
         : st == REMIT_E_INPUT && !r->policy ? "the test file has a key Remit does not know, so its tests cannot run"
         : st == REMIT_E_INPUT ? "the register cannot be read, so the tests cannot run"
                               : "its tests cannot run";
}

int remit_test_name_matches(const char *only, const char *name)
{
    return !only || fnmatch(only, name, 0) == 0;
}

/* One file's tests that count under only: passed, failed (its own
 * failure, when its tests could not all run, included) and matched. */
static void run_counts(const remit_test_run *x, const char *only, unsigned *passed, unsigned *failed,
                       unsigned *matched)
{
    const remit_test_report *r = x->report;
    unsigned rfail = 0;
    for (size_t i = 0; r && i < r->results.n; i++) {
        const remit_test_result *t = r->results.v[i];
        rfail += !t->passed;
        if (!remit_test_name_matches(only, t->name))
            continue;
        ++*matched;
        if (t->passed)
            ++*passed;
        else
            ++*failed;
    }
    *failed += r ? r->failed - rfail : 1;
}

void remit_test_count(const remit_test_run *runs, size_t n, const char *only, unsigned *passed, unsigned *failed,
                      unsigned *matched)
{
    unsigned p = 0, f = 0, m = 0;
    for (size_t i = 0; i < n; i++)
        run_counts(&runs[i], only, &p, &f, &m);
    if (passed)
        *passed = p;
    if (failed)
        *failed = f;
    if (matched)
        *matched = m;
}

static const char *status_word(remit_status st)
{
    return st == REMIT_OK ? "ran" : st == REMIT_E_POLICY ? "policy_errors" : st == REMIT_E_UNREADABLE ? "unreadable"
         : st == REMIT_E_INPUT ? "input_error" : "out_of_memory";
}

/* remit.test/1 (SPEC 7.13.1), with the coverage cov when not NULL (7.13.2) */
static void tests_json(const remit_test_run *runs, size_t n, const char *only, const remit_coverage *cov,
                       FILE *out)
{
    xp_out o; /* not an initializer: that would zero the buffer */
    o.f = out;
    o.n = 0;
    char num[96];
    xo_puts(&o, "{\"schema\":\"remit.test/1\",\"files\":[");
    for (size_t k = 0; k < n; k++) {
        const remit_test_run *x = &runs[k];
        const remit_test_report *r = x->report;
        unsigned passed = 0, failed = 0, matched = 0;
        run_counts(x, only, &passed, &failed, &matched);
        xo_puts(&o, k ? ",{\"file\":" : "{\"file\":");
        xp_json_str(&o, x->path);
        xo_puts(&o, ",\"policy\":");
        if (r && r->policy)
            xp_json_str(&o, r->policy);
        else
            xo_puts(&o, "null");
        xo_puts(&o, ",\"status\":");
        xp_json_str(&o, status_word(r ? x->status : REMIT_E_NOMEM));
        const char *fault = remit_test_report_fault(r, x->status);
        if (fault) {
            xo_puts(&o, ",\"fault\":");
            xp_json_str(&o, fault);
        }
        snprintf(num, sizeof num, ",\"passed\":%u,\"failed\":%u,\"tests\":[", passed, failed);
        xo_puts(&o, num);
        size_t said = 0;
        for (size_t i = 0; r && i < r->results.n; i++) {
            const remit_test_result *t = r->results.v[i];
            if (!remit_test_name_matches(only, t->name))
                continue;
            xo_puts(&o, said++ ? ",{\"name\":" : "{\"name\":");
            xp_json_str(&o, t->name);
            snprintf(num, sizeof num, ",\"line\":%u,\"passed\":%s", t->line, t->passed ? "true" : "false");
            xo_puts(&o, num);
            if (t->why) {
                xo_puts(&o, ",\"why\":");
                xp_json_str(&o, t->why);
            }
            if (t->outcome_text) {
                xo_puts(&o, ",\"outcome\":");
                xp_json_str(&o, t->outcome_text);
            }
            xo_putc(&o, '}');
        }
        xo_puts(&o, "]");
        if (r) {
            xo_puts(&o, ",\"diagnostics\":");
            xo_flush(&o);
            remit_render_json_line(r->s, out);
            if (r->ps) {
                xo_puts(&o, ",\"policy_diagnostics\":");
                xo_flush(&o);
                remit_render_json_line(r->ps, out);
            }
        }
        xo_putc(&o, '}');
    }
    unsigned passed, failed;
    remit_test_count(runs, n, only, &passed, &failed, NULL);
    snprintf(num, sizeof num, "],\"passed\":%u,\"failed\":%u", passed, failed);
    xo_puts(&o, num);
    if (cov) {
        xo_puts(&o, ",\"coverage\":");
        tc_json(&o, cov);
    }
    xo_puts(&o, "}\n");
    xo_flush(&o);
}

/* Text for XML (xp_xml_str) */
static void xml_escaped(FILE *out, const char *t)
{
    xp_out o;
    o.f = out;
    o.n = 0;
    xp_xml_str(&o, t);
    xo_flush(&o);
}

/* The coverage of the policy of run k's suite (SPEC 7.13.2): a property,
 * and with the first suite of its policy (*said, one flag a policy) the
 * points not covered as system-out. */
static void junit_coverage(const remit_coverage *cov, const remit_test_run *runs, size_t k, FILE *out)
{
    long at = tc_policy_of(cov, runs[k].report);
    if (at < 0)
        return;
    char line[512];
    tc_summary(cov, (size_t)at, line, sizeof line);
    fputs("    <properties><property name=\"coverage\" value=\"", out);
    xml_escaped(out, line);
    fputs("\"/></properties>\n", out);
    for (size_t j = 0; j < k; j++)
        if (tc_policy_of(cov, runs[j].report) == at)
            return; /* said with an earlier suite */
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return;
    tc_uncovered_text(cov, (size_t)at, mem);
    if (fclose(mem) == 0 && buf && len) {
        fputs("    <system-out>", out);
        xml_escaped(out, buf);
        fputs("</system-out>\n", out);
    }
    free(buf);
}

/* JUnit XML, as CI systems read it (SPEC 7.13.1) */
static void tests_junit(const remit_test_run *runs, size_t n, const char *only, const remit_coverage *cov,
                        FILE *out)
{
    unsigned tests = 0, failures = 0, errors = 0;
    for (size_t k = 0; k < n; k++) {
        unsigned p = 0, f = 0, m = 0;
        run_counts(&runs[k], only, &p, &f, &m);
        bool fault = remit_test_report_fault(runs[k].report, runs[k].status) != NULL;
        tests += m + fault;
        failures += f - fault;
        errors += fault;
    }
    fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"remit test\" tests=\"%u\" "
                 "failures=\"%u\" errors=\"%u\">\n", tests, failures, errors);
    for (size_t k = 0; k < n; k++) {
        const remit_test_run *x = &runs[k];
        const remit_test_report *r = x->report;
        unsigned p = 0, f = 0, m = 0;
        run_counts(x, only, &p, &f, &m);
        const char *fault = remit_test_report_fault(r, x->status);
        fputs("  <testsuite name=\"", out);
        xml_escaped(out, x->path);
        fprintf(out, "\" tests=\"%u\" failures=\"%u\" errors=\"%u\" skipped=\"0\">\n", m + !!fault,
                f - !!fault, !!fault);
        if (r && r->policy) {
            fputs("    <properties><property name=\"policy\" value=\"", out);
            xml_escaped(out, r->policy);
            fputs("\"/></properties>\n", out);
        }
        if (cov)
            junit_coverage(cov, runs, k, out);
        for (size_t i = 0; r && i < r->results.n; i++) {
            const remit_test_result *t = r->results.v[i];
            if (!remit_test_name_matches(only, t->name))
                continue;
            fputs("    <testcase name=\"", out);
            xml_escaped(out, t->name);
            fputs("\" classname=\"", out);
            xml_escaped(out, x->path);
            fputs("\" file=\"", out);
            xml_escaped(out, t->file);
            fprintf(out, "\" line=\"%u\"", t->line);
            if (t->passed) {
                fputs("/>\n", out);
                continue;
            }
            fputs(">\n      <failure type=\"remit.test\" message=\"", out);
            xml_escaped(out, t->why ? t->why : "failed");
            fputs("\">", out);
            if (t->outcome_text)
                xml_escaped(out, t->outcome_text);
            fputs("</failure>\n    </testcase>\n", out);
        }
        if (fault) { /* the file's own failure: its tests could not all run */
            fputs("    <testcase name=\"(the test file)\" classname=\"", out);
            xml_escaped(out, x->path);
            fputs("\" file=\"", out);
            xml_escaped(out, x->path);
            fputs("\">\n      <error type=\"remit.test\" message=\"", out);
            xml_escaped(out, fault);
            fputs("\">", out);
            for (int w = 0; r && w < 2; w++) {
                const remit_session *s = w ? r->ps : r->s;
                char *text = s ? remit_render_text_string(s, NULL) : NULL;
                if (text)
                    xml_escaped(out, text);
                free(text);
            }
            fputs("</error>\n    </testcase>\n", out);
        }
        fputs("  </testsuite>\n", out);
    }
    fputs("</testsuites>\n", out);
}

#define TEST_RULE "test-failed"
#define TEST_RULE_MEANING "a test of the policy failed: the outcome of its decision is not what the test expects"

/* A failed test in words: "NAME: WHY", then its outcome explained. */
static char *failed_text(const remit_test_result *t)
{
    const char *why = t->why ? t->why : "failed", *more = t->outcome_text ? t->outcome_text : "";
    size_t len = strlen(t->name) + strlen(why) + strlen(more) + 4;
    char *m = rm_malloc(len);
    if (m)
        snprintf(m, len, "%s: %s%s%s", t->name, why, *more ? "\n" : "", more);
    return m;
}

/* SARIF 2.1.0: the test files' and policies' diagnostics, and a result
 * (rule test-failed) at each failed test (SPEC 7.13.1), and one (rule
 * not-covered, a note) at each point of cov not covered (7.13.2) */
static void tests_sarif(const remit_test_run *runs, size_t n, const char *only, const remit_coverage *cov,
                        FILE *out)
{
    size_t ns = 0, nx = 0, cap = 0, ncov = 0;
    dg_sarif_extra *cx = cov ? tc_sarif(cov, &ncov) : NULL;
    if (cov && !cx) {
        fputs("remit: out of memory writing the SARIF log\n", stderr);
        return;
    }
    cap += ncov;
    for (size_t k = 0; k < n; k++)
        cap += runs[k].report ? runs[k].report->results.n : 0;
    const remit_session **s = rm_calloc(2 * n + 1, sizeof *s);
    dg_sarif_extra *x = rm_calloc(cap + 1, sizeof *x);
    if (!s || !x) {
        rm_free(s);
        rm_free(x);
        tc_sarif_free(cx, ncov);
        fputs("remit: out of memory writing the SARIF log\n", stderr);
        return;
    }
    for (size_t k = 0; k < n; k++) {
        const remit_test_report *r = runs[k].report;
        if (!r)
            continue;
        s[ns++] = r->s;
        if (r->ps)
            s[ns++] = r->ps;
        for (size_t i = 0; i < r->results.n; i++) {
            const remit_test_result *t = r->results.v[i];
            if (t->passed || !remit_test_name_matches(only, t->name))
                continue;
            x[nx++] = (dg_sarif_extra){TEST_RULE, TEST_RULE_MEANING, failed_text(t), t->file, t->line, "error", 0};
        }
    }
    for (size_t i = 0; i < nx; i++)
        if (!x[i].message)
            x[i].message = x[i].rule; /* out of memory: the rule at least */
    size_t failed = nx;
    for (size_t i = 0; i < ncov; i++)
        x[nx++] = cx[i];
    dg_render_sarif(s, ns, x, nx, out);
    for (size_t i = 0; i < failed; i++)
        if (x[i].message != x[i].rule)
            rm_free((char *)x[i].message);
    tc_sarif_free(cx, ncov);
    rm_free(s);
    rm_free(x);
}

/* GitHub workflow commands: the diagnostics, then an error at each failed
 * test (SPEC 7.13.1), then a notice at each point of cov not covered */
static void tests_github(const remit_test_run *runs, size_t n, const char *only, const remit_coverage *cov,
                         FILE *out)
{
    for (size_t k = 0; k < n; k++) {
        const remit_test_report *r = runs[k].report;
        if (!r) {
            fputs("::error title=remit test::", out);
            dg_github_escaped(out, runs[k].path, false);
            fputs(": out of memory, so its tests cannot run\n", out);
            continue;
        }
        remit_render_github(r->s, out);
        if (r->ps)
            remit_render_github(r->ps, out);
        for (size_t i = 0; i < r->results.n; i++) {
            const remit_test_result *t = r->results.v[i];
            if (t->passed || !remit_test_name_matches(only, t->name))
                continue;
            fputs("::error file=", out);
            dg_github_escaped(out, t->file, true);
            fprintf(out, ",line=%u,title=" TEST_RULE "::", t->line);
            char *m = failed_text(t);
            dg_github_escaped(out, m ? m : t->name, false);
            rm_free(m);
            fputc('\n', out);
        }
    }
    if (cov)
        tc_github(cov, out);
}

void remit_test_render_coverage(const remit_test_run *runs, size_t n, const char *only, remit_test_format f,
                                const remit_coverage *cov, FILE *out)
{
    if (!runs || !out)
        return;
    switch (f) {
    case REMIT_TEST_JSON: tests_json(runs, n, only, cov, out); return;
    case REMIT_TEST_JUNIT: tests_junit(runs, n, only, cov, out); return;
    case REMIT_TEST_SARIF: tests_sarif(runs, n, only, cov, out); return;
    case REMIT_TEST_GITHUB: tests_github(runs, n, only, cov, out); return;
    }
}

void remit_test_render(const remit_test_run *runs, size_t n, const char *only, remit_test_format f, FILE *out)
{
    remit_test_render_coverage(runs, n, only, f, NULL, out);
}
