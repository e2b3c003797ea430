/*
 * audit.c - `remit audit POLICY --history LEDGER` (SPEC.md 7.18): a
 * ledger of decisions taken, replayed in date order, each evaluated with
 * the ledger before it, and every breach reported: a decision taken
 * without authority, or without a co-signature it needed; decisions
 * split to stay under a limit or a co-signature; ratifications and
 * reports late or missing; interests declared late.  Prefix au_ (none
 * outside: the API is remit_audit; rm_audit_window, its window given, is
 * for the tests).
 *
 * The ledger is read once, through a window (au_win: a regular file of
 * JSON Lines or CSV is never held whole; anything to report, and the
 * ledger is read whole from there, so that reports show their place).
 * Each line is typed as the decision it records (with its co-signatories,
 * attendance and interests), checked to be in date order, and evaluated
 * with the history of the lines before it, which is made as the lines go
 * by (the history as it goes: au_live, appended to after each line,
 * letting go of what no later line's period reaches).  The report is
 * held until the end (once: its head gives the ledger's last day, on
 * which some deadlines are judged, au_hold).  Anything the first of two
 * passes would report (a fault of a line as a history entry, a line out
 * of order) sends the audit back to two: first each entry typed as a
 * history entry (input.c, in_hist_add, keeping nothing) for its faults
 * and days, then the replay as above (r->again).  Splits are
 * looked for as the lines go by: the permitted decisions of one matter by
 * one decider with the same text fields (the supplier, the project)
 * within a window of days, taken together as one decision of their total
 * amount, with the ledger before the first of them.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "explain.h"
#include "input.h"
#include "jsonin.h"

#define AU_SPLIT_DAYS 30 /* the window of a split when none is given */

/* The ledger's entries, one at a time: lines of JSON (JSON Lines), or the
 * items of one list read whole (a JSON list, YAML). */
/* A CSV ledger's column (its header's cell): a key of the decision, or
 * `a.b`, key b of the decision's mapping a; a bare name other than a
 * decision's key is a field of the line's matter, or a context value. */
typedef struct au_col {
    const char *name, *sub;     /* sub: after the dot, or NULL */
    rm_loc loc;
} au_col;

/* A ledger file read through a window (au_win_open), never whole: the
 * window is a file of the session (its text the bytes read and not yet
 * passed, at `base` of the file), slid on as the entries go by. */
typedef struct au_win {
    FILE *fp;
    char *buf;
    rm_file *f;
    uint32_t cap, len;          /* the buffer's size, the bytes in it */
    uint32_t margin;            /* slid on when fewer bytes than this are left */
    uint64_t base, size;        /* buf[0]'s place in the file; the file's size when opened */
    bool eof;
    bool cut;                   /* an entry did not fit, or the ledger is no JSON Lines
                                   or CSV: it is read whole instead */
    bool hashing;               /* the bytes are hashed as read (shards: rm_inputs_hash) */
    uint64_t hash;
    uint32_t at;                /* line counting: buf[at] is on line `line` */
    unsigned line;
} au_win;

typedef struct au_src {
    remit_session *s;
    uint32_t f;
    const remit_policy *p;
    bool csv;                   /* a CSV ledger: a header, then a decision a row */
    uint32_t ncols;
    au_col *cols;
    bool lines;
    uint32_t first;             /* where the first entry starts (a CSV ledger: after its header) */
    uint32_t pos;               /* lines, rows: where the next one starts */
    const yi_node *root;        /* a list: it, read once */
    ji_shapes *shapes;          /* lines: the shapes of those before (jsonin.h) */
    uint32_t shape;             /* the shape of the entry last given (ji_shapes_last), or 0 */
    uint32_t i;
    bool failed;                /* a line that is not JSON (reported) */
    au_win *win;                /* the window the ledger is read through, or NULL: read whole */
    uint32_t at;                /* where the entry last given starts */
    unsigned line;              /* through the window, a line given: its line (counted as the
                                   lines are found, not again); else 0 */
} au_src;

/* A permitted decision waiting in a group's window (splits). */
typedef struct au_part {
    int64_t date, amount;
    uint32_t line, item;
    uint32_t nco;               /* its co-signatories (holders), in the groups' arena */
    const uint32_t *co;
} au_part;

/* The decisions of one matter by one decider (the role, and the person
 * when given) with the same values of the matter's text fields. */
typedef struct au_group {
    uint64_t hash;
    uint32_t matter, decider;
    int64_t person;
    uint32_t under;             /* the powers taken under: a protocol, or PL_NONE */
    bool urgent;
    const int64_t *texts;       /* the values of the fields that name the group, in field order */
    uint32_t first, nparts, capparts; /* the window: parts[first..nparts) */
    au_part *parts;
    ev_sum sum;                 /* their amounts */
    uint32_t nco;               /* each co-signatory of a part in the window, and in how */
    struct au_co {              /* many of the parts it signed */
        uint32_t holder, count;
    } *co;
    uint32_t capco;
    uint32_t *cob, ncob, capcob; /* the parts' co-signatories, in the parts' order (co_keep) */
} au_group;

typedef struct au_names au_names;

typedef struct au_run {
    const remit_policy *p;
    remit_session *s;           /* the ledger, its diagnostics, the entries' scratch */
    remit_session *keep;        /* what lives as long as the audit: the groups */
    ji_shapes *shapes;          /* the shapes of the ledger's lines (in keep) */
    in_plans *plans;            /* what typing lines of those shapes found (input.h; in keep) */
    in_ctx ic;
    ev_history h;               /* the ledger's history: the lines before the one replayed (live_line) */
    struct au_hist *live;
    struct au_win *held;        /* the window, closed, while the history's cleanup is above its own */
    au_src src;
    const char *ledger;         /* as the report names it */
    const remit_input *given;   /* the ledger as given */
    remit_audit_format format;
    long split_days;            /* < 0: splits not looked for */
    int64_t as_of;              /* the day deadlines are judged on */
    int64_t first, last;        /* the ledger's first and last days */
    size_t lines;               /* the ledger's entries */
    unsigned shard, shards;     /* this run's shard of the lines (1..shards), or 0 and 0 */
    uint32_t window, margin;    /* the ledger's window (au_win), and its margin; 0: read whole */
    void (*progress)(void *, size_t, size_t);
    void *progress_arg;
    FILE *out;
    xp_out o;
    remit_audit_summary sum;
    size_t nout;                /* breaches written in the report's order (the first has no comma) */
    bool once;                  /* one pass: the ledger read and typed once, the report held
                                   (a memory stream) until the end; else read twice */
    bool again;                 /* one pass: something the first of two passes would report
                                   (a fault, a line out of order...): audit again in two */
    bool as_of_known;           /* --as-of given: deadlines judged as the lines go by */
    FILE *mem;                  /* one pass: the report held (r->out), and where it goes */
    char *membuf;
    size_t memlen;
    FILE *real;
    uint32_t nheld, capheld;    /* one pass: obligations judged at the end (au_hold) */
    struct au_hold *holds;
    in_hist chk;                /* one pass: a line typed as a history entry, for its faults */
    ev_history chkh;
    uint32_t ngroups, capgroups; /* open addressing, a power of two */
    au_group *groups;
    struct au_marks *marks;     /* per matter: what a split's total is weighed against (au_marks) */
    struct au_names {           /* per matter: the fields that name a group, in order, */
        uint32_t n, *field;     /* and whether it has groups (group_hash) */
        bool grouped;
    } *names;
    remit_status st;
} au_run;

/* ------------------------------------------------------------ reading */

/* ------------------------------------------------------------ CSV */

#define AU_MAX_COLS 256u

/* A CSV cell of the record at x->pos: [start, end) of the file (inside the
 * quotes of a quoted cell), its text (quotes undone), and whether the
 * record ends after it.  False, reported, for a quote not closed. */
typedef struct au_cell {
    uint32_t start, end;
    const char *text;
    uint32_t len;
} au_cell;

static bool csv_cell(au_src *x, au_cell *c, bool *last)
{
    const rm_file *f = x->s->files.v[x->f];
    const char *t = f->text;
    uint32_t i = x->pos;
    if (i < f->len && t[i] == '"') {
        uint32_t open = i++;
        char *buf = ar_alloc_raw(&x->s->arena, f->len - i + 1), *b = buf;
        c->start = i;
        for (;;) {
            if (i >= f->len) {
                dg_item *d = dg_error(x->s, (rm_loc){x->f, open, open + 1}, "R0740",
                                      "this quoted cell is not closed before the end of the ledger");
                dg_hint(x->s, d, "close it with a double quote; a quote inside a cell is written twice (\"\")");
                x->pos = f->len; /* (the rest of the ledger is the cell) */
                return false;
            }
            if (t[i] == '"' && i + 1 < f->len && t[i + 1] == '"') {
                *b++ = '"';
                i += 2;
            } else if (t[i] == '"') {
                break;
            } else {
                *b++ = t[i++];
            }
        }
        c->end = i++;
        *b = '\0';
        c->text = buf;
        c->len = (uint32_t)(b - buf);
        if (i < f->len && t[i] != ',' && t[i] != '\n' && t[i] != '\r') {
            dg_item *d = dg_error(x->s, (rm_loc){x->f, i, i + 1}, "R0740",
                                  "a quoted cell goes on after its closing quote");
            dg_hint(x->s, d, "end the cell with the quote and a comma, or write a quote inside it twice (\"\")");
            while (i < f->len && t[i] != '\n')
                i++;
            x->pos = i < f->len ? i + 1 : i; /* the next row */
            return false;
        }
    } else {
        c->start = i;
        while (i < f->len && t[i] != ',' && t[i] != '\n' && t[i] != '\r')
            i++;
        c->end = i;
        c->text = ar_strndup(&x->s->arena, t + c->start, i - c->start);
        c->len = i - c->start;
    }
    *last = i >= f->len || t[i] != ',';
    if (!*last)
        i++;
    else if (i < f->len && t[i] == '\r')
        i += i + 1 < f->len && t[i + 1] == '\n' ? 2 : 1;
    else if (i < f->len)
        i++;
    x->pos = i;
    return true;
}

static yi_node *scalar_node(au_src *x, const char *text, uint32_t len, uint32_t start, uint32_t end)
{
    yi_node *n = ar_alloc(&x->s->arena, sizeof *n);
    *n = (yi_node){.kind = YI_SCALAR, .loc = {x->f, start, end}, .text = text, .len = len};
    return n;
}

static void map_put(au_src *x, yi_node *m, yi_node *k, yi_node *v, uint32_t cap)
{
    (void)x;
    assert(m->n < cap);
    m->keys[m->n] = k;
    m->items[m->n++] = v;
}

static yi_node *map_node(au_src *x, rm_loc at, uint32_t cap)
{
    yi_node *m = ar_alloc(&x->s->arena, sizeof *m);
    *m = (yi_node){.kind = YI_MAP, .loc = at};
    m->keys = ar_alloc(&x->s->arena, cap * sizeof *m->keys);
    m->items = ar_alloc(&x->s->arena, cap * sizeof *m->items);
    return m;
}

/* The keys of a decision (SPEC 7.1) a CSV column may name itself */
static bool decision_key(const char *name)
{
    static const char *const keys[] = {"matter", "decider", "person", "body", "date", "opened", "fields",
                                       "co_signatories", "context", "activated", "under", "ratified", "urgent",
                                       "reported", "notified", "recorded", "published", NULL};
    for (int i = 0; keys[i]; i++)
        if (!strcmp(keys[i], name))
            return true;
    return false;
}

/* The header of a CSV ledger: its columns.  False, reported, for one
 * empty, given twice, or too many. */
static bool csv_header(au_src *x)
{
    x->cols = ar_alloc(&x->s->arena, AU_MAX_COLS * sizeof *x->cols);
    bool last = false, ok = true;
    while (!last) {
        au_cell c;
        if (!csv_cell(x, &c, &last))
            return false;
        rm_loc at = {x->f, c.start, c.end};
        if (x->ncols == AU_MAX_COLS) {
            dg_item *d = dg_error(x->s, at, "R0740", "a CSV ledger has at most %u columns", AU_MAX_COLS);
            dg_hint(x->s, d, "leave out the columns no decision needs");
            return false;
        }
        char *name = ar_strndup(&x->s->arena, c.text, c.len), *dot = strchr(name, '.');
        if (dot)
            *dot = '\0';
        au_col col = {name, dot ? dot + 1 : NULL, at};
        bool twice = false;
        for (uint32_t i = 0; i < x->ncols && !twice; i++)
            twice = !strcmp(x->cols[i].name, col.name) &&
                    (!col.sub == !x->cols[i].sub) && (!col.sub || !strcmp(x->cols[i].sub, col.sub));
        if (!c.len || (dot && (!*name || !dot[1])) || twice) {
            dg_item *d = dg_error(x->s, at, "R0740", twice ? "the column '%s' is given twice" :
                                  "a column of a CSV ledger needs a name", c.text);
            dg_hint(x->s, d, "the first row names each column: matter, decider, date, then the fields "
                             "(amount, supplier...) and context values; co_signatories; a.b for key b of a "
                             "(activated.major_incident, reported.audit)");
            ok = false;
        }
        x->cols[x->ncols++] = col;
    }
    return ok;
}

/* The next row of a CSV ledger as the tree of a decision: matter, decider
 * (with person: { person, role }), date...; a bare column that is a
 * field of the row's matter under fields, a context value under context;
 * co_signatories split at ';'; `a.b` under a.  Empty cells are left out.
 * NULL, reported, for a row that cannot be read. */
static yi_node *csv_row(au_src *x)
{
    const rm_file *f = x->s->files.v[x->f];
    uint32_t row = x->pos;
    au_cell *cells = ar_alloc(&x->s->arena, (x->ncols + 1) * sizeof *cells);
    uint32_t n = 0;
    bool last = false;
    while (!last) {
        au_cell c;
        if (!csv_cell(x, &c, &last))
            return NULL;
        if (n == x->ncols) {
            dg_item *d = dg_error(x->s, (rm_loc){x->f, c.start, c.end}, "R0740",
                                  "this row has more cells than the header has columns (%u)", x->ncols);
            dg_hint(x->s, d, "a cell holding a comma is written in double quotes: \"£150,000\"");
            while (!last && csv_cell(x, &c, &last))
                ;
            return NULL;
        }
        cells[n++] = c;
    }
    rm_loc at = {x->f, row, x->pos > row ? x->pos - 1 : row};
    while (at.end > at.start && (f->text[at.end - 1] == '\n' || f->text[at.end - 1] == '\r'))
        at.end--;
    /* the matter first: which bare columns are its fields */
    uint32_t matter = PL_NONE;
    for (uint32_t i = 0; i < n; i++)
        if (!x->cols[i].sub && !strcmp(x->cols[i].name, "matter"))
            for (uint32_t m = 0; m < x->p->nmatters && matter == PL_NONE; m++)
                if (!strcmp(x->p->matters[m].name, cells[i].text))
                    matter = m;
    yi_node *d = map_node(x, at, x->ncols + 4);
    yi_node *sub[AU_MAX_COLS]; /* the mapping a column's a makes, per column */
    uint32_t nsub = 0;
    const char *subname[AU_MAX_COLS];
    yi_node *person = NULL, *decider = NULL;
    for (uint32_t i = 0; i < n; i++) {
        const au_col *col = &x->cols[i];
        const au_cell *c = &cells[i];
        if (!c->len)
            continue;
        yi_node *v = scalar_node(x, c->text, c->len, c->start, c->end);
        /* (a key is placed at its row's cell: what is said of it is said of that row) */
        yi_node *k = scalar_node(x, col->name, (uint32_t)strlen(col->name), c->start, c->end);
        const char *into = col->sub ? col->name : NULL, *key = col->sub ? col->sub : col->name;
        if (!col->sub && !decision_key(col->name)) {
            const pl_matter *m = matter != PL_NONE ? &x->p->matters[matter] : NULL;
            bool field = false, ctx = false;
            for (uint32_t j = 0; m && j < m->nfields && !field; j++)
                field = !strcmp(m->fields[j].name, col->name);
            for (uint32_t j = 0; !field && j < x->p->ncontext && !ctx; j++)
                ctx = !strcmp(x->p->context[j].name, col->name);
            into = field ? "fields" : ctx ? "context" : NULL;
            if (!into) {
                char names[512] = "";
                size_t used = 0;
                for (uint32_t j = 0; m && j < m->nfields && used < sizeof names - 64; j++)
                    used += (size_t)snprintf(names + used, sizeof names - used, "%s%s", j ? ", " : "",
                                             m->fields[j].name);
                dg_item *e = dg_error(x->s, v->loc, "R0724", "the column '%s' is no field of %s, no context value "
                                      "and no key of a decision", col->name,
                                      m ? m->name : "the row's matter");
                if (m)
                    dg_hint(x->s, e, "the fields of %s are %s; leave the cell empty in rows of a matter without "
                                     "it", m->name, names);
                return NULL;
            }
        }
        if (!col->sub && !strcmp(col->name, "person")) {
            person = v;
            continue;
        }
        if (!col->sub && !strcmp(col->name, "co_signatories")) {
            yi_node *l = ar_alloc(&x->s->arena, sizeof *l);
            *l = (yi_node){.kind = YI_SEQ, .loc = v->loc};
            l->items = ar_alloc(&x->s->arena, (c->len + 1) * sizeof *l->items);
            for (uint32_t a = 0; a <= c->len;) {
                uint32_t b = a;
                while (b < c->len && c->text[b] != ';')
                    b++;
                uint32_t s0 = a, s1 = b;
                while (s0 < s1 && c->text[s0] == ' ')
                    s0++;
                while (s1 > s0 && c->text[s1 - 1] == ' ')
                    s1--;
                if (s1 > s0) /* (a quoted cell's places are those of its text less its quotes undone: near enough) */
                    l->items[l->n++] = scalar_node(x, ar_strndup(&x->s->arena, c->text + s0, s1 - s0), s1 - s0,
                                                   c->start + s0, c->start + s1 < c->end ? c->start + s1 : c->end);
                a = b + 1;
            }
            v = l;
        }
        if (!into) {
            if (!strcmp(col->name, "decider"))
                decider = v;
            map_put(x, d, k, v, x->ncols + 4);
            continue;
        }
        uint32_t j = 0;
        while (j < nsub && strcmp(subname[j], into))
            j++;
        if (j == nsub) {
            subname[nsub] = into;
            sub[nsub++] = map_node(x, at, x->ncols + 1);
            map_put(x, d, scalar_node(x, into, (uint32_t)strlen(into), c->start, c->end), sub[j], x->ncols + 4);
        }
        map_put(x, sub[j], scalar_node(x, key, (uint32_t)strlen(key), c->start, c->end), v, x->ncols + 1);
    }
    if (person && decider) { /* decider: { person: P, role: R } */
        yi_node *pr = map_node(x, decider->loc, 2);
        map_put(x, pr, scalar_node(x, "person", 6, person->loc.start, person->loc.end), person, 2);
        map_put(x, pr, scalar_node(x, "role", 4, decider->loc.start, decider->loc.end), decider, 2);
        for (uint32_t i = 0; i < d->n; i++)
            if (d->items[i] == decider)
                d->items[i] = pr;
    } else if (person) {
        dg_item *e = dg_error(x->s, person->loc, "R0725", "this row names the decider's person but not the role");
        dg_hint(x->s, e, "give the role in the decider column, as in the register");
        return NULL;
    }
    return d;
}

/* What the session had reported at one time, to tell whether anything
 * was since, and to take it back. */
typedef struct au_said {
    uint32_t diags;
    size_t errors, warnings, suppressed, ic_errors;
    bool fatal;
} au_said;

static au_said said_now(const au_run *r)
{
    const remit_session *s = r->s;
    return (au_said){s->diags.n, s->nerrors, s->nwarnings, s->suppressed, r->ic.errors, s->fatal};
}

static bool said_since(const au_run *r, const au_said *x)
{
    const remit_session *s = r->s;
    return s->diags.n != x->diags || s->nerrors != x->errors || s->nwarnings != x->warnings ||
           s->suppressed != x->suppressed || s->fatal != x->fatal || r->ic.errors != x->ic_errors;
}

/* Take back what was reported since x (the memory of it is kept: the list
 * of reports may have grown into it) */
static void said_back(au_run *r, const au_said *x)
{
    remit_session *s = r->s;
    s->diags.n = x->diags;
    s->nerrors = x->errors;
    s->nwarnings = x->warnings;
    s->suppressed = x->suppressed;
    s->fatal = x->fatal;
    s->pub = NULL;
    r->ic.errors = x->ic_errors;
}

/* ------------------------------------------------------------ the window */

/* Read on into w's buffer after its first w->len bytes; false when the
 * file cannot be read. */
static bool win_fill(au_win *w)
{
    size_t want = w->cap - w->len, got = fread(w->buf + w->len, 1, want, w->fp);
    if (w->hashing)
        w->hash = rm_fnv(w->hash, w->buf + w->len, got);
    w->len += (uint32_t)got;
    w->buf[w->len] = '\0';
    w->f->text = w->buf;
    w->f->len = w->len;
    w->eof = got < want;
    return !ferror(w->fp);
}

/* The line of place `at` of the window (at or after the last asked) */
static unsigned win_line(au_win *w, uint32_t at)
{
    for (const char *q = w->buf + w->at, *end = w->buf + at; (q = memchr(q, '\n', (size_t)(end - q))); q++)
        w->line++;
    w->at = at;
    return w->line;
}

/* Keep the window's bytes from `from` on, and read on after them */
static bool win_slide(au_win *w, uint32_t from)
{
    win_line(w, from);
    memmove(w->buf, w->buf + from, w->len - from);
    w->len -= from;
    w->base += from;
    w->at = 0;
    return win_fill(w);
}

/* Close w: its file of the session is left empty (what was reported of
 * it is taken back, or it was read to its end and hashed) */
static void win_close(void *arg)
{
    au_win *w = arg;
    rm_window_close(w->f, &w->buf, &w->fp);
}

/* Before the next entry of x: when the window has less than its margin
 * left after x->pos (a CSV ledger), or nothing (lines of JSON, which are
 * slid to the window's start also when one is not whole in it, src_next:
 * what is moved is part of a line, not the margin), slide it there. */
static void win_ahead(au_src *x)
{
    au_win *w = x->win;
    if (w->eof || (x->csv ? w->len - x->pos >= w->margin : x->pos < w->len))
        return;
    uint32_t from = x->pos;
    if (!win_slide(w, from))
        w->cut = true; /* (read whole, which says why it cannot be read) */
    x->pos -= from;
    x->at = x->pos;
}

/* Open the ledger at path through a window, as file x->f of the session;
 * false (nothing reported) when it is not a regular file that can be
 * read so. */
static bool win_open(au_run *r, const char *path)
{
    if (!r->window)
        return false;
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > RM_MAX_HISTORY_BYTES)
        return false;
    remit_session *s = r->s;
    au_win *w = ar_alloc(&s->arena, sizeof *w);
    *w = (au_win){.size = (uint64_t)st.st_size, .line = 1, .hash = RM_FNV_START, .hashing = r->shards != 0,
                  .margin = r->margin};
    w->cap = (uint64_t)st.st_size < r->window ? (uint32_t)st.st_size + 1 : r->window;
    if (!(w->fp = fopen(path, "rb")))
        return false;
    rm_cleanup_push(s, win_close, w);
    w->buf = rm_xmalloc(&s->arena, (size_t)w->cap + 1);
    w->f = ar_alloc(&s->arena, sizeof *w->f);
    w->f->path = w->f->real = ar_strndup(&s->arena, path, strlen(path));
    w->f->line_starts = ar_alloc(&s->arena, sizeof *w->f->line_starts);
    w->f->nlines = 1;
    rm_vec_push(&s->arena, &s->files, w->f);
    r->src.f = s->files.n - 1;
    r->src.win = w;
    if (!win_fill(w))
        w->cut = true;
    return true;
}

/* Close the window of r's ledger; with `gone`, its file is taken out of
 * the session (nothing reported of it stays), else it is kept as read,
 * with its hash. */
static void win_end(au_run *r, bool gone)
{
    au_win *w = r->src.win;
    w->f->streamed = true;
    w->f->hash = w->hash;
    win_close(w);
    if (r->live) /* (its cleanup is below the history's: taken off after it, replay) */
        r->held = w;
    else
        rm_cleanup_pop(r->s, w);
    if (gone) {
        assert(r->s->files.n && r->s->files.v[r->s->files.n - 1] == w->f);
        r->s->files.n--;
    }
    r->src.win = NULL;
}

/* R0011: the ledger read through the window is not the one read again */
static void changed(au_run *r)
{
    dg_item *d = dg_plain(r->s, REMIT_ERROR, "R0011", "'%s' changed while it was being audited", r->ledger);
    dg_hint(r->s, d, "audit it again once whatever is writing it has finished");
    r->st = REMIT_E_UNREADABLE;
}

/* The replay goes on in the ledger read whole, from the entry last given
 * (where the window was cut, or a line that reports): false, reported,
 * when it cannot be read so. */
static bool win_whole(au_run *r)
{
    au_win *w = r->src.win;
    uint64_t at = w->base + r->src.at, size = w->size;
    win_end(r, r->once); /* (one pass: the ledger read whole is hashed as the window would have been) */
    uint32_t f = rm_open_given(r->s, r->given, "ledger", RM_MAX_HISTORY_BYTES);
    if (f == UINT32_MAX) {
        r->st = REMIT_E_UNREADABLE;
        return false;
    }
    if (((const rm_file *)r->s->files.v[f])->len != size) {
        changed(r);
        return false;
    }
    r->src.f = f;
    r->src.pos = (uint32_t)at;
    r->src.failed = false;
    return true;
}

static bool src_start(au_run *r)
{
    au_src *x = &r->src;
    const rm_file *f = x->s->files.v[x->f];
    x->i = 0;
    uint32_t k = 0;
    if (f->len >= 3 && !memcmp(f->text, "\xEF\xBB\xBF", 3))
        k = 3; /* a byte order mark, which some programs write first */
    x->pos = x->first = k;
    while (k < f->len && (f->text[k] == ' ' || f->text[k] == '\t' || f->text[k] == '\n' || f->text[k] == '\r'))
        k++;
    size_t nl = strlen(f->path);
    x->csv = nl >= 4 && !strcmp(f->path + nl - 4, ".csv");
    if (x->csv) { /* the header, then the rows from after it */
        if (k < f->len && !csv_header(x))
            return false;
        x->first = x->pos;
        if (x->win && !x->win->eof && x->pos >= f->len)
            x->win->cut = true; /* (a header longer than the window) */
        return true;
    }
    x->lines = k == f->len || f->text[k] == '{'; /* (an empty ledger: no lines) */
    if (x->win && (!x->lines || (k == f->len && !x->win->eof)))
        x->win->cut = true; /* a list, read whole; or blanks longer than the window */
    if (x->lines || x->root || x->win)
        return true;
    yi_node *root = rm_read_input(x->s, x->f);
    if (!root)
        return false;
    if (root->kind != YI_SEQ) {
        dg_item *d = dg_error(x->s, root->loc, "R0723", "a ledger must be a list of decisions taken");
        dg_hint(x->s, d, "write one decision a line (JSON Lines), or a list of decisions, oldest first");
        return false;
    }
    x->root = root;
    return true;
}

/* The next entry in *e (NULL: a line that is not JSON, reported); false
 * at the end. */
static bool src_next(au_src *x, yi_node **e)
{
    *e = NULL;
    x->shape = 0;
    x->line = 0;
    if (x->win) {
        if (x->win->cut)
            return false;
        win_ahead(x);
    }
    if (x->csv) {
        const rm_file *f = x->s->files.v[x->f];
        while (x->pos < f->len && (f->text[x->pos] == '\n' || f->text[x->pos] == '\r'))
            x->pos++; /* blank rows */
        x->at = x->pos;
        if (x->pos >= f->len) {
            if (x->win && !x->win->eof)
                x->win->cut = true; /* (blank rows longer than the window) */
            return false;
        }
        if (!(*e = csv_row(x)))
            x->failed = true;
        if (x->win && !x->win->eof && x->pos >= f->len)
            x->win->cut = true; /* a row that may go on after the window */
        return true;
    }
    if (!x->lines) {
        if (x->i >= x->root->n)
            return false;
        *e = x->root->items[x->i++];
        return true;
    }
    const rm_file *f = x->s->files.v[x->f];
    for (;;) {
        if (x->pos >= f->len)
            return false;
        uint32_t a = x->pos;
        const char *nl = memchr(f->text + a, '\n', f->len - a);
        x->at = a;
        if (!nl && x->win && !x->win->eof) {
            if (!a) {
                x->win->cut = true; /* a line longer than the window */
                return false;
            }
            if (!win_slide(x->win, a)) /* the line to the start, and read on */
                x->win->cut = true;
            x->pos = x->at = 0;
            continue;
        }
        uint32_t b = nl ? (uint32_t)(nl - f->text) : f->len;
        x->pos = b < f->len ? b + 1 : b;
        if (x->win) { /* the window's count of lines kept at the next line's start */
            au_win *w = x->win;
            if (w->at != a)
                win_line(w, a);
            x->line = w->line;
            if (nl) {
                w->at = b + 1;
                w->line++;
            }
        }
        uint32_t k = a;
        while (k < b && (f->text[k] == ' ' || f->text[k] == '\t' || f->text[k] == '\r'))
            k++;
        if (k == b) {
            if (x->win)
                win_ahead(x);
            continue; /* a blank line */
        }
        *e = ji_parse_range_shaped(x->s, x->f, a, b, x->shapes);
        if (!*e)
            x->failed = true;
        else
            x->shape = ji_shapes_last(x->shapes);
        return true;
    }
}

/* The entry src_next gave last is typed by plan when a shape read it
 * (input.h, in_plans): until the next src_next, or src_unplan. */
static void src_plan(au_run *r)
{
    r->ic.plans = r->src.shape ? r->plans : NULL;
    r->ic.shape = r->src.shape;
}

static void src_unplan(au_run *r)
{
    r->ic.plans = NULL;
    r->ic.shape = 0;
}

static unsigned line_of(const au_run *r, const yi_node *e)
{
    if (r->src.win)
        return r->src.line ? r->src.line : win_line(r->src.win, e->loc.start);
    unsigned line, col;
    dg_linecol(r->s->files.v[e->loc.file], e->loc.start, &line, &col);
    return line;
}

/* The ledger as a history (pass one), in date order: false after
 * reporting. */
static bool read_ledger_typed(au_run *r);

static bool read_ledger(au_run *r)
{
    bool ok = read_ledger_typed(r);
    src_unplan(r);
    return ok;
}

static bool read_ledger_typed(au_run *r)
{
    in_hist b;
    ev_history none;
    in_hist_start(&r->ic, &b, &none);
    b.ok = false; /* each entry typed for its reports, nothing kept: the replay makes the history */
    uint32_t n = 0;
    au_said said = said_now(r);
    int64_t last = INT64_MIN;
    unsigned last_line = 0;
    yi_node over = {0};
    for (;;) {
        ar_mark m = ar_mark_of(&r->s->arena);
        yi_node *e;
        if (!src_next(&r->src, &e))
            break;
        src_plan(r);
        if (!e) {
            b.ok = false;
            continue;
        }
        if (n >= IN_MAX_HISTORY) {
            if (n == IN_MAX_HISTORY)
                over = *e;
            n++;
            continue;
        }
        /* the order, from the line's date as written (a line with other
         * faults is still placed by it) */
        rm_loc at = e->loc; /* (the entry's tree is given back by in_hist_add) */
        unsigned line = line_of(r, e);
        const yi_node *dn = yi_get(e, "date");
        int64_t date = INT64_MIN;
        if (!dn || dn->kind != YI_SCALAR || lit_date(dn->text, dn->len, &date) != LIT_OK)
            date = INT64_MIN;
        in_hist_add(&r->ic, &b, e, m);
        n++;
        if (date == INT64_MIN)
            continue; /* (its date's fault is reported) */
        if (date < last) {
            char was_on[16], now[16];
            lit_format_date(last, was_on, sizeof was_on);
            lit_format_date(date, now, sizeof now);
            dg_item *d = dg_error(r->s, at, "R0738",
                                  "this decision is dated %s, before the one above it (%s, line %u): a ledger "
                                  "is replayed in date order", now, was_on, last_line);
            dg_hint(r->s, d, "sort the ledger by date, oldest first, keeping the order of decisions "
                             "taken on the same day");
            r->ic.errors++;
            b.ok = false;
            continue;
        }
        if (last == INT64_MIN)
            r->first = date;
        last = date;
        last_line = line;
    }
    if (n > IN_MAX_HISTORY) {
        in_hist_done(&r->ic, &b);
        in_history_too_long(&r->ic, &over, n);
        return false;
    }
    r->last = last;
    r->lines = n;
    au_win *w = r->src.win;
    if (w && (w->cut || !w->eof || w->base + w->len != w->size || said_since(r, &said))) {
        in_hist_done(&r->ic, &b); /* (read whole instead: read_whole) */
        return false;
    }
    in_hist_done(&r->ic, &b);
    return r->ic.errors == said.ic_errors && !r->src.failed;
}

/* Array v (n items of `size` bytes, room for *cap) with room for one
 * more: made twice as large (at least `least`) in the arena of what
 * lives as long as the audit, when full */
static void *keep_room(au_run *r, void *v, uint32_t n, uint32_t *cap, size_t size, uint32_t least)
{
    if (n < *cap)
        return v;
    uint32_t c = *cap ? 2 * *cap : least;
    void *w = ar_alloc_raw(&r->keep->arena, c * size);
    if (n)
        memcpy(w, v, n * size);
    *cap = c;
    return w;
}

/* ------------------------------------------------------------ writing */

static void put_date(au_run *r, int64_t day)
{
    char b[16];
    lit_format_date(day, b, sizeof b);
    if (r->format == REMIT_AUDIT_JSON) {
        xo_putc(&r->o, '"');
        xo_puts(&r->o, b);
        xo_putc(&r->o, '"');
    } else {
        xo_puts(&r->o, b);
    }
}

/* Text of the ledger (a name, a supplier): escaped as text output escapes */
static void put_text(au_run *r, const char *t)
{
    if (r->format == REMIT_AUDIT_JSON) {
        xp_json_str(&r->o, t);
        return;
    }
    xo_flush(&r->o);
    xp_esc_write(r->out, t, strlen(t), false);
}

static void put_key(au_run *r, const char *key)
{
    xo_putc(&r->o, ',');
    xo_putc(&r->o, '"');
    xo_puts(&r->o, key);
    xo_puts(&r->o, "\":");
}

static const char *holder_name(const au_run *r, uint32_t h)
{
    return h < r->p->nholders ? r->p->holders[h].name : "?";
}

/* The value of the text field `name` of a ledger line's tree, as written */
static const char *field_text(const yi_node *e, const char *name)
{
    const yi_node *v = yi_get(yi_get(e, "fields"), name);
    return v && v->kind == YI_SCALAR ? v->text : "";
}

static void money_text(const au_run *r, uint32_t matter, int64_t v, char *buf, size_t n)
{
    const pl_matter *m = &r->p->matters[matter];
    xp_value_text(r->p, &m->fields[m->money_field], v, false, buf, n);
}

/* The start of a breach: its kind, where (lines: the earlier lines of a
 * split, then this one), the day and who decided. */
static void breach_head(au_run *r, const char *kind, const char *words, const ev_decision *d, unsigned line,
                        const au_part *parts, uint32_t nparts)
{
    r->sum.breaches++;
    const char *matter = r->p->matters[d->matter].name;
    if (r->format == REMIT_AUDIT_JSON) {
        xo_puts(&r->o, r->nout++ ? ",\n{\"kind\":\"" : "\n{\"kind\":\"");
        xo_puts(&r->o, kind);
        xo_puts(&r->o, "\",\"line\":");
        xo_uint(&r->o, line);
        if (nparts) {
            xo_puts(&r->o, ",\"lines\":[");
            for (uint32_t i = 0; i < nparts; i++) {
                xo_uint(&r->o, parts[i].line);
                xo_putc(&r->o, ',');
            }
            xo_uint(&r->o, line);
            xo_puts(&r->o, "],\"first_date\":");
            put_date(r, parts[0].date);
        }
        put_key(r, "date");
        put_date(r, d->date);
        put_key(r, "matter");
        xp_json_str(&r->o, matter);
        put_key(r, "decider");
        xp_json_str(&r->o, holder_name(r, d->decider));
        put_key(r, "person");
        if (d->decider_name)
            xp_json_str(&r->o, d->decider_name);
        else
            xo_puts(&r->o, "null");
        return;
    }
    put_text(r, r->ledger);
    xo_putc(&r->o, ':');
    for (uint32_t i = 0; i < nparts; i++) {
        xo_uint(&r->o, parts[i].line);
        xo_putc(&r->o, ',');
    }
    xo_uint(&r->o, line);
    xo_puts(&r->o, ": ");
    if (nparts && parts[0].date != d->date) {
        put_date(r, parts[0].date);
        xo_puts(&r->o, " to ");
    }
    put_date(r, d->date);
    xo_puts(&r->o, ": ");
    xo_puts(&r->o, matter);
    xo_puts(&r->o, " by ");
    xo_puts(&r->o, holder_name(r, d->decider));
    if (d->decider_name) {
        xo_puts(&r->o, " (");
        put_text(r, d->decider_name);
        xo_putc(&r->o, ')');
    }
    xo_puts(&r->o, ": ");
    xo_puts(&r->o, words);
}

/* An outcome not permitted, and its reasons */
static void outcome_body(au_run *r, const ev_decision *d, const ev_result *res)
{
    const char *word = xp_outcome_word(res->outcome);
    bool json = r->format == REMIT_AUDIT_JSON;
    if (json) {
        put_key(r, "outcome");
        xp_json_str(&r->o, word);
        put_key(r, "escalate_to");
        if (res->outcome == EV_ESCALATE && res->target < r->p->nholders)
            xp_json_str(&r->o, holder_name(r, res->target));
        else
            xo_puts(&r->o, "null");
        put_key(r, "reasons");
        xo_putc(&r->o, '[');
    } else {
        xo_puts(&r->o, " (");
        xo_puts(&r->o, word);
        if (res->outcome == EV_ESCALATE && res->target < r->p->nholders) {
            xo_puts(&r->o, " to ");
            xo_puts(&r->o, holder_name(r, res->target));
        }
        xo_puts(&r->o, ")\n");
    }
    char buf[1024];
    for (uint32_t i = 0; i < res->nreasons + res->nalso; i++) {
        const ev_reason *x = i < res->nreasons ? &res->reasons[i] : &res->also[i - res->nreasons];
        xp_reason_text(r->p, d, x, buf, sizeof buf);
        if (json && i == res->nreasons)
            xo_puts(&r->o, "],\"also\":[");
        if (json) {
            xo_puts(&r->o, i && i != res->nreasons ? ",{\"kind\":" : "{\"kind\":");
            xp_json_str(&r->o, xp_why_word(x->kind));
            xo_puts(&r->o, ",\"text\":");
            xp_json_str(&r->o, buf);
            xo_putc(&r->o, '}');
        } else {
            xo_puts(&r->o, i < res->nreasons ? "    " : "    also: ");
            xo_flush(&r->o);
            xp_esc_write(r->out, buf, strlen(buf), false);
            xo_putc(&r->o, '\n');
        }
    }
    if (json)
        xo_puts(&r->o, res->nalso ? "]}" : "],\"also\":[]}");
    xo_flush(&r->o);
}

/* ------------------------------------------------------------ breaches */

static bool for_signatures(const ev_result *res)
{
    if (!res->nreasons)
        return false;
    for (uint32_t i = 0; i < res->nreasons; i++) {
        ev_why_kind k = res->reasons[i].kind;
        if (k != WHY_SIGNATURES && k != WHY_COSIGN && k != WHY_JOINT_NEEDS)
            return false;
    }
    return true;
}

/* A decision not permitted: taken without authority, or without the
 * co-signatures it needed (every reason is one of those). */
static void not_permitted(au_run *r, const ev_decision *d, const ev_result *res, unsigned line)
{
    bool sig = for_signatures(res);
    if (sig)
        r->sum.signature_missing++;
    else
        r->sum.without_authority++;
    breach_head(r, sig ? "signature_missing" : "without_authority",
                sig ? "taken without a co-signature it needed" : "taken without authority", d, line, NULL, 0);
    outcome_body(r, d, res);
}

/* An obligation the decision owed (SPEC 4.18): its kind, to whom (a
 * holder, or PL_NONE), the register of a `record in`, where it is
 * written (file NULL: a crisis protocol's ratification), when it was due
 * (INT64_MIN: at a meeting the calendar does not give), and when the
 * ledger says it was done (INT64_MIN: not). */
typedef struct au_ob {
    pl_ob_kind kind;
    uint32_t to;
    const char *reg;
    pl_src src;
    int64_t due, done;
    bool bound;                 /* due is the latest day: an unknown meeting may come sooner */
} au_ob;

/* When the line says obligation b was done */
static int64_t done_of(const ev_decision *d, const au_ob *b)
{
    switch (b->kind) {
    case OB_RATIFY: return d->ratified;
    case OB_PUBLISH: return d->published;
    case OB_REPORT:
        for (uint32_t q = 0; q < d->nreported; q++)
            if (d->reported[q].body == b->to)
                return d->reported[q].on;
        return INT64_MIN;
    case OB_NOTIFY:
        for (uint32_t q = 0; q < d->nnotified; q++)
            if (d->notified[q].body == b->to)
                return d->notified[q].on;
        return INT64_MIN;
    case OB_RECORD:
        for (uint32_t q = 0; q < d->nrecorded; q++)
            if (b->reg && !strcmp(d->recorded[q].text, b->reg))
                return d->recorded[q].on;
        return INT64_MIN;
    default: return INT64_MIN;
    }
}

/* An obligation of a one-pass audit judged at its end (deadline): where
 * its breach, if any, goes in the report held, and what it is written
 * with. */
typedef struct au_hold {
    long at;
    unsigned line;
    int64_t date;
    uint32_t matter, decider, under;
    bool urgent;
    const char *person;         /* the decider's, kept (the line's tree is given back) */
    au_ob b;
} au_hold;

/* Obligation b (b->done read) judged on day as_of: done after its due
 * day (late), or not done and due before as_of (missing). */
static void judge(au_run *r, const ev_decision *d, unsigned line, au_ob *b, int64_t as_of)
{
    if (b->done != INT64_MIN && b->done > as_of)
        b->done = INT64_MIN; /* done after the day of the audit: not yet, on it */
    bool late = b->done != INT64_MIN && b->done > b->due, missing = b->done == INT64_MIN && b->due < as_of;
    if (!late && !missing) {
        if (b->bound && (b->done != INT64_MIN || b->due >= as_of))
            r->sum.unchecked++; /* in time by the days; by the meeting, who can tell */
        return;
    }
    static const struct {
        pl_ob_kind kind;
        const char *json, *late, *missing, *what;
    } words[] = {
        {OB_RATIFY, "ratification", "ratified late", "not ratified", "ratification by "},
        {OB_REPORT, "report", "reported late", "not reported", "report to "},
        {OB_RECORD, "record", "recorded late", "not recorded", "entry in "},
        {OB_PUBLISH, "publication", "published late", "not published", "publication"},
        {OB_NOTIFY, "notice", "notified late", "not notified", "notice to "},
    };
    size_t w = 0;
    while (w + 1 < sizeof words / sizeof *words && words[w].kind != b->kind)
        w++;
    *(b->kind == OB_RATIFY ? &r->sum.ratifications : b->kind == OB_REPORT ? &r->sum.reports : &r->sum.obligations) += 1;
    char kind[64];
    snprintf(kind, sizeof kind, "%s_%s", words[w].json, late ? "late" : "missing");
    breach_head(r, kind, late ? words[w].late : words[w].missing, d, line, NULL, 0);
    if (r->format == REMIT_AUDIT_JSON) {
        put_key(r, "under");
        if (d->under != PL_NONE)
            xp_json_str(&r->o, r->p->protocols[d->under].name);
        else
            xo_puts(&r->o, "null");
        put_key(r, "urgent");
        xo_puts(&r->o, d->urgent ? "true" : "false");
        put_key(r, "to");
        if (b->to != PL_NONE)
            xp_json_str(&r->o, holder_name(r, b->to));
        else
            xo_puts(&r->o, "null");
        if (b->kind == OB_RECORD) {
            put_key(r, "register");
            xp_json_str(&r->o, b->reg ? b->reg : "");
        }
        put_key(r, "file");
        if (b->src.file)
            xp_json_str(&r->o, b->src.file);
        else
            xo_puts(&r->o, "null");
        put_key(r, "rule_line");
        if (b->src.file)
            xo_uint(&r->o, b->src.line);
        else
            xo_puts(&r->o, "null");
        put_key(r, "due");
        put_date(r, b->due);
        put_key(r, "done");
        if (b->done != INT64_MIN)
            put_date(r, b->done);
        else
            xo_puts(&r->o, "null");
        xo_putc(&r->o, '}');
    } else {
        xo_puts(&r->o, " (");
        if (d->under != PL_NONE) {
            xo_puts(&r->o, "taken under the crisis powers of ");
            xo_puts(&r->o, r->p->protocols[d->under].name);
        } else if (d->urgent) {
            xo_puts(&r->o, "taken as urgent");
        }
        if (b->src.file) {
            xo_puts(&r->o, d->under != PL_NONE || d->urgent ? "; " : "");
            put_text(r, b->src.file);
            xo_putc(&r->o, ':');
            xo_uint(&r->o, b->src.line);
        }
        xo_puts(&r->o, "): ");
        xo_puts(&r->o, words[w].what);
        if (b->kind == OB_RECORD) {
            xo_putc(&r->o, '"');
            put_text(r, b->reg ? b->reg : "");
            xo_putc(&r->o, '"');
        } else if (b->to != PL_NONE) {
            xo_puts(&r->o, holder_name(r, b->to));
        }
        xo_puts(&r->o, " was due by ");
        put_date(r, b->due);
        if (late) {
            xo_puts(&r->o, ", done ");
            put_date(r, b->done);
            xo_puts(&r->o, " (");
            xo_uint(&r->o, (unsigned long long)(b->done - b->due));
            xo_puts(&r->o, b->done - b->due == 1 ? " day late)" : " days late)");
        } else {
            xo_puts(&r->o, "; the ledger shows none by ");
            put_date(r, as_of);
        }
        xo_putc(&r->o, '\n');
    }
    xo_flush(&r->o);
}

/* Obligation b kept to be judged at the end, at the place its breach
 * would be written now */
static void hold(au_run *r, const ev_decision *d, unsigned line, const au_ob *b)
{
    xo_flush(&r->o);
    r->holds = keep_room(r, r->holds, r->nheld, &r->capheld, sizeof *r->holds, 64);
    const char *who = d->decider_name ? ar_strndup(&r->keep->arena, d->decider_name, strlen(d->decider_name)) : NULL;
    r->holds[r->nheld++] = (au_hold){ftell(r->out), line, d->date, d->matter, d->decider, d->under, d->urgent, who, *b};
}

/* Obligation b judged on the audit's day.  In one pass, before the
 * ledger's last day is known (it is on or after r->last, the day of the
 * line read), what tells without it is judged now: what is done by
 * r->last stands, and is late or not; what is done by its due day is
 * never a breach; what is not done and was due before r->last is
 * missing (held all the same in text, which names the audit's day).
 * The rest is held to the end. */
static void deadline(au_run *r, const ev_decision *d, unsigned line, au_ob *b)
{
    if (b->due == INT64_MIN) {
        r->sum.unchecked++; /* at a meeting the calendar does not give */
        return;
    }
    b->done = done_of(d, b);
    if (!r->once || r->as_of_known) {
        judge(r, d, line, b, r->as_of);
        return;
    }
    bool now = b->done != INT64_MIN ? b->done <= r->last || b->done <= b->due
                                    : b->due < r->last && r->format == REMIT_AUDIT_JSON;
    if (now)
        judge(r, d, line, b, b->done != INT64_MIN && b->done > r->last ? b->done : r->last);
    else
        hold(r, d, line, b);
}

/* The obligations of a permitted decision (SPEC 4.18, 7.11: its dues,
 * those of its chain of authority, its `after` rules, a crisis protocol's
 * ratification, an urgent power's), each judged; one without a deadline
 * is not. */
static void obligations(au_run *r, const ev_decision *d, const ev_result *res, unsigned line)
{
    const remit_policy *p = r->p;
    for (uint32_t i = 0; i < res->ndue; i++) {
        const ev_due *u = &res->dues[i];
        au_ob b = {OB_RATIFY, PL_NONE, NULL, {NULL, 0}, u->due, INT64_MIN, false};
        if (u->ob == EV_CONSULT)
            continue; /* (a seat at the table: taken before the decision) */
        if (u->ob == PL_NONE) { /* a crisis protocol's ratification */
            b.to = p->protocols[u->protocol].ratifier;
        } else {
            const pl_obligation *x = &p->rules[u->rule].obligations[u->ob];
            if (x->kind == OB_DECLARE)
                continue;
            b = (au_ob){x->kind, x->holder, x->text, x->src, u->due, INT64_MIN, u->meeting >= 2};
        }
        if (b.due == INT64_MIN && !u->meeting)
            continue; /* no deadline: never late */
        deadline(r, d, line, &b);
    }
    r->sum.unchecked += res->dropped; /* (beyond the most an outcome keeps) */
}

/* The ratifications and reports a decision not permitted still owed, as
 * one taken under crisis or urgent powers (SPEC 7.9, 7.15). */
static void deadlines(au_run *r, const ev_decision *d, unsigned line)
{
    const remit_policy *p = r->p;
    if (d->under != PL_NONE) {
        const pl_protocol *x = &p->protocols[d->under];
        au_ob b = {OB_RATIFY, x->ratifier, NULL, {NULL, 0}, d->date + x->ratify_within, INT64_MIN, false};
        if (x->ratifier != PL_NONE && x->ratify_within >= 0)
            deadline(r, d, line, &b);
    }
    uint32_t rule = d->urgent ? ev_urgent_power_of(p, d) : d->under != PL_NONE ? ev_grant_of(p, d) : PL_NONE;
    if (rule == PL_NONE)
        return;
    const pl_rule *x = &p->rules[rule];
    for (uint32_t k = 0; k < x->nobligations; k++) {
        if (!ev_urgent_owes(x, k))
            continue;
        const pl_obligation *o = &x->obligations[k];
        bool known = !o->next_meeting || (d->calendar && ev_next_meeting(d->calendar, o->holder, d->date) != INT64_MIN);
        au_ob b = {o->kind, o->holder, o->text, o->src, ev_obligation_due(p, d->calendar, o, d->date), INT64_MIN,
                   !known};
        deadline(r, d, line, &b);
    }
}

/* Interests the decision shows were declared late (findings, 7.10) */
static void declarations(au_run *r, const ev_decision *d, const ev_result *res, unsigned line)
{
    char buf[1024];
    for (uint32_t i = 0; i < res->nfind; i++) {
        if (res->find[i].kind != EV_LATE_DECLARATION)
            continue;
        r->sum.declarations++;
        pl_src src;
        xp_finding_text(r->p, d, &res->find[i], buf, sizeof buf, &src);
        breach_head(r, "declaration_late", "", d, line, NULL, 0);
        if (r->format == REMIT_AUDIT_JSON) {
            put_key(r, "text");
            xp_json_str(&r->o, buf);
            xo_putc(&r->o, '}');
        } else {
            xo_flush(&r->o);
            xp_esc_write(r->out, buf, strlen(buf), false);
            xo_putc(&r->o, '\n');
        }
        xo_flush(&r->o);
    }
}

/* ------------------------------------------------------------ splits */

static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + UINT64_C(0x9E3779B97F4A7C15) + (h << 6) + (h >> 2);
    return h;
}

/* Do the decisions of a matter's field f go together only with those
 * of the same value?  Texts (the supplier, the project), choices, sets and
 * yes-or-no: a split is of one order, and so of one kind of spend. */
static bool names_group(const pl_field *f)
{
    return f->type == TY_TEXT || f->type == TY_ENUM || f->type == TY_SET || f->type == TY_BOOL;
}

/* d's group, made when new (NULL: d's matter has no money field or no
 * text field, and no splits are looked for in it) */
/* The hash of d's group in *h, and how many fields name it in *nt; false
 * when d is of no group (its matter has no money field or no text field).
 * The same in every run of the same ledger: text fields by their ids,
 * given in the order the ledger first writes them. */
static bool group_hash(const au_run *r, const ev_decision *d, uint64_t *hp, uint32_t *ntp)
{
    const au_names *x = &r->names[d->matter];
    if (!x->grouped)
        return false;
    uint64_t h = mix(mix(mix(mix(mix(0, d->matter), d->decider), (uint64_t)d->decider_person), d->under), d->urgent);
    for (uint32_t i = 0; i < x->n; i++)
        h = mix(h, (uint64_t)d->fields[x->field[i]]);
    h ^= h >> 33; /* (mixed to the last bit: the table takes the low ones) */
    h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h *= UINT64_C(0xc4ceb9fe1a85ec53);
    h ^= h >> 33;
    *hp = h;
    *ntp = x->n;
    return true;
}

/* Each matter's fields that name a group (names_group), made once */
static void group_names(au_run *r)
{
    const remit_policy *p = r->p;
    r->names = ar_alloc(&r->keep->arena, (p->nmatters + 1) * sizeof *r->names);
    for (uint32_t m = 0; m < p->nmatters; m++) {
        const pl_matter *mt = &p->matters[m];
        au_names *x = &r->names[m];
        x->field = ar_alloc_raw(&r->keep->arena, (mt->nfields + 1) * sizeof *x->field);
        bool text = false;
        for (uint32_t i = 0; i < mt->nfields; i++)
            if (names_group(&mt->fields[i])) {
                x->field[x->n++] = i;
                text |= mt->fields[i].type == TY_TEXT;
            }
        x->grouped = mt->money_field != PL_NONE && text;
    }
}

static au_group *group_of(au_run *r, const ev_decision *d)
{
    const au_names *x = &r->names[d->matter];
    uint64_t h;
    uint32_t nt;
    if (!group_hash(r, d, &h, &nt))
        return NULL;
    if (2 * (r->ngroups + 1) > r->capgroups) { /* at most half full */
        uint32_t cap = r->capgroups ? 2 * r->capgroups : 64;
        au_group *g = ar_alloc(&r->keep->arena, cap * sizeof *g);
        for (uint32_t i = 0; i < r->capgroups; i++) {
            if (!r->groups[i].texts)
                continue;
            uint32_t k = (uint32_t)r->groups[i].hash & (cap - 1);
            while (g[k].texts)
                k = (k + 1) & (cap - 1);
            g[k] = r->groups[i];
        }
        r->groups = g;
        r->capgroups = cap;
    }
    uint32_t k = (uint32_t)h & (r->capgroups - 1);
    for (;; k = (k + 1) & (r->capgroups - 1)) {
        au_group *g = &r->groups[k];
        if (!g->texts)
            break;
        if (g->hash != h || g->matter != d->matter || g->decider != d->decider || g->person != d->decider_person ||
            g->under != d->under || g->urgent != d->urgent)
            continue;
        bool same = true;
        for (uint32_t i = 0; i < nt && same; i++)
            same = g->texts[i] == d->fields[x->field[i]];
        if (same)
            return g;
    }
    int64_t *texts = ar_alloc_raw(&r->keep->arena, (nt + 1) * sizeof *texts);
    for (uint32_t i = 0; i < nt; i++)
        texts[i] = d->fields[x->field[i]];
    r->groups[k] = (au_group){.hash = h, .matter = d->matter, .decider = d->decider, .person = d->decider_person,
                              .under = d->under, .urgent = d->urgent, .texts = texts};
    r->ngroups++;
    return &r->groups[k];
}

/* Count the co-signatories of part x in or out of g's window (by +1 or -1) */
static void co_count(au_run *r, au_group *g, const au_part *x, int by)
{
    for (uint32_t i = 0; i < x->nco; i++) {
        uint32_t k = 0;
        while (k < g->nco && g->co[k].holder != x->co[i])
            k++;
        if (k == g->nco) {
            if (by < 0)
                continue; /* (never counted) */
            g->co = keep_room(r, g->co, g->nco, &g->capco, sizeof *g->co, 4);
            g->co[g->nco++] = (struct au_co){x->co[i], 0};
        }
        g->co[k].count += (uint32_t)by;
    }
}

/* The window of g from d's day: the parts dated fewer than split_days
 * before it, each part leaving once (amortised O(1) a line). */
static void window_from(au_run *r, au_group *g, int64_t date)
{
    while (g->first < g->nparts && date - g->parts[g->first].date >= r->split_days) {
        const au_part *x = &g->parts[g->first++];
        g->sum -= x->amount;
        co_count(r, g, x, -1);
    }
    if (g->first == g->nparts)
        g->first = g->nparts = g->ncob = 0;
}

/* The co-signatories of a part (co, nco) kept with g's, after those of
 * the parts before it: moved to the start of g's buffer when it is full
 * (made twice as large only when they fill half of it), so a group keeps
 * those of the parts in its window alone, however long the ledger. */
static const uint32_t *co_keep(au_run *r, au_group *g, const uint32_t *co, uint32_t nco)
{
    if (g->ncob + nco > g->capcob) {
        uint32_t live = nco;
        for (uint32_t i = g->first; i < g->nparts; i++)
            live += g->parts[i].nco;
        uint32_t cap = live > g->capcob / 2 ? 2 * live + 8 : g->capcob;
        uint32_t *v = cap != g->capcob ? ar_alloc_raw(&r->keep->arena, cap * sizeof *v) : g->cob, at = 0;
        for (uint32_t i = g->first; i < g->nparts; i++) { /* (in order: never over one not yet moved) */
            if (g->parts[i].nco)
                memmove(v + at, g->parts[i].co, g->parts[i].nco * sizeof *v);
            g->parts[i].co = v + at;
            at += g->parts[i].nco;
        }
        g->cob = v;
        g->capcob = cap;
        g->ncob = at;
    }
    uint32_t *p = g->cob + g->ncob;
    if (nco)
        memcpy(p, co, nco * sizeof *p);
    g->ncob += nco;
    return p;
}

static void window_clear(au_run *r, au_group *g)
{
    g->first = g->nparts = g->ncob = 0;
    g->sum = 0;
    g->nco = 0;
    (void)r;
}

/* What can make a group's total, taken as one decision, other than each
 * of its lines permitted alone, for one matter: made once (split_marks),
 * from the policy.  Evaluation reads a decision's money field only where
 * a rule compares it with a constant (a `when` or `limit`, an `up to`, a
 * plain delegation's tests, which are those of its rule), and where a
 * cumulative limit adds it to the history's.  So when the money field is
 * read nowhere else (`plain`), a line permitted alone whose co-signatures
 * are not in question (it has none) and whose total with its group
 * passes no constant that the line's own amount does not (the sorted
 * `k`), and exceeds none of the matter's cumulative limits (`lim`, each
 * total weighed as evaluation weighs it, with the ledger before the
 * group's first line), is permitted as one decision too: nothing in its
 * evaluation reads otherwise.  Totals (5.7) and prior approvals read the
 * history before the first line, not the line's: a matter with either is
 * always evaluated. */
typedef struct au_marks {
    bool plain;
    uint32_t nk, capk;
    int64_t *k;                 /* the constants, sorted, each once */
    uint32_t nlim, caplim, *lim; /* its cumulative limits (rule indices) */
} au_marks;

static void mark_add(au_run *r, au_marks *x, int64_t k)
{
    x->k = keep_room(r, x->k, x->nk, &x->capk, sizeof *x->k, 16);
    x->k[x->nk++] = k;
}

/* Field f of matter m (PL_NONE: of any matter whose field f is its
 * money field) compared with k, or read otherwise (`cmp` false) */
static void mark_field(au_run *r, uint32_t m, uint32_t f, bool cmp, int64_t k)
{
    for (uint32_t i = m == PL_NONE ? 0 : m; i < (m == PL_NONE ? r->p->nmatters : m + 1); i++) {
        if (r->p->matters[i].money_field != f)
            continue;
        if (cmp)
            mark_add(r, &r->marks[i], k);
        else
            r->marks[i].plain = false;
    }
}

/* The fields node n reads, in a condition of matter m (PL_NONE: any) */
static void mark_cond(au_run *r, uint32_t m, uint32_t n)
{
    if (n == PL_NONE)
        return;
    const pl_node *x = &r->p->nodes[n];
    if (x->op == N_TOTAL) { /* (its field read when not summed) */
        mark_field(r, m, x->b, false, 0);
        return;
    }
    if (x->op == N_FIELD) { /* (read otherwise than compared with a constant) */
        mark_field(r, m, x->a, false, 0);
        return;
    }
    uint32_t o[2];
    pl_operands(x, &o[0], &o[1]);
    for (int i = 0; i < 2; i++) {
        if (o[i] == PL_NONE)
            continue;
        const pl_node *y = &r->p->nodes[o[i]];
        const pl_node *other = o[1 - i] != PL_NONE ? &r->p->nodes[o[1 - i]] : NULL;
        if (y->op == N_FIELD && x->op == N_CMP && other && other->op == N_CONST)
            mark_field(r, m, y->a, true, other->k);
        else
            mark_cond(r, m, o[i]);
    }
}

static int by_value(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static void split_marks(au_run *r)
{
    const remit_policy *p = r->p;
    r->marks = ar_alloc(&r->keep->arena, (p->nmatters + 1) * sizeof *r->marks);
    for (uint32_t m = 0; m < p->nmatters; m++) {
        const pl_matter *mt = &p->matters[m];
        r->marks[m].plain = mt->money_field != PL_NONE && !mt->ntotals && !mt->npriors;
    }
    for (uint32_t i = 0; i < p->nprotocols; i++)
        mark_cond(r, PL_NONE, p->protocols[i].active);
    for (uint32_t i = 0; i < p->nrules; i++) {
        const pl_rule *q = &p->rules[i];
        if (q->matter >= p->nmatters) { /* (none: every rule has one) */
            mark_cond(r, PL_NONE, q->when);
            mark_cond(r, PL_NONE, q->limit);
            continue;
        }
        au_marks *x = &r->marks[q->matter];
        uint32_t mf = p->matters[q->matter].money_field;
        mark_cond(r, q->matter, q->when);
        mark_cond(r, q->matter, q->limit);
        for (uint32_t k = 0; k < q->nparts; k++)
            mark_cond(r, q->matter, q->parts[k].node);
        if (q->upto >= 0)
            mark_add(r, x, q->upto);
        if (q->kind != R_LIMIT || q->total_field == PL_NONE)
            continue;
        if ((q->per_field == mf && mf != PL_NONE) || p->matters[q->matter].fields[q->total_field].type != TY_MONEY)
            x->plain = false; /* (a total of other than money: key_sum bounds none) */
        x->lim = keep_room(r, x->lim, x->nlim, &x->caplim, sizeof *x->lim, 4);
        x->lim[x->nlim++] = i;
    }
    uint32_t nlinks = p->nholders ? p->into_at[p->nholders] : 0;
    for (uint32_t i = 0; i < nlinks; i++) { /* (their rules' own, read again) */
        const pl_link *l = &p->links[i];
        au_marks *x = &r->marks[p->rules[l->rule].matter];
        if (l->money_field == PL_NONE)
            continue;
        if (l->upto >= 0)
            mark_add(r, x, l->upto);
        for (uint32_t t = 0; t < l->ntests; t++)
            if (l->tests[t].field == l->money_field) {
                if (l->tests[t].op == N_CMP)
                    mark_add(r, x, l->tests[t].k);
                else
                    x->plain = false;
            }
    }
    for (uint32_t m = 0; m < p->nmatters; m++) {
        au_marks *x = &r->marks[m];
        if (!x->nk)
            continue;
        qsort(x->k, x->nk, sizeof *x->k, by_value);
        uint32_t u = 1;
        for (uint32_t i = 1; i < x->nk; i++)
            if (x->k[i] != x->k[u - 1])
                x->k[u++] = x->k[i];
        x->nk = u;
    }
}

/* The sum of key's entries in run x (all of them: a bound on any
 * stretch of them, amounts being never negative) */
static ev_sum key_sum(const ev_run *x, int64_t key)
{
    for (uint32_t k = ev_key_slot(key, x->mask);; k = (k + 1) & x->mask) {
        if (!x->slot[k].end)
            return 0;
        if (x->slot[k].key == key)
            return x->sum[x->slot[k].end] - x->sum[x->slot[k].start];
    }
}

/* Is the total of d's group with d, taken as one decision (split), as
 * surely permitted as d alone, without evaluating it (au_marks)?  Its
 * cumulative limits are weighed by a bound: every entry of its key the
 * history keeps, with the total (evaluation counts fewer). */
static bool split_as_alone(const au_run *r, const ev_decision *d, int64_t total)
{
    const au_marks *x = &r->marks[d->matter];
    if (!x->plain || d->nco || d->nco_all)
        return false;
    uint32_t mf = r->p->matters[d->matter].money_field;
    int64_t lo = d->fields[mf], hi = total;
    if (lo > hi) {
        int64_t t = lo;
        lo = hi;
        hi = t;
    }
    uint32_t a = 0, b = x->nk; /* the first constant at or above lo: none up to hi */
    while (a < b) {
        uint32_t c = a + (b - a) / 2;
        if (x->k[c] < lo)
            a = c + 1;
        else
            b = c;
    }
    if (a < x->nk && x->k[a] <= hi)
        return false;
    for (uint32_t i = 0; i < x->nlim; i++) {
        const pl_rule *q = &r->p->rules[x->lim[i]];
        const ev_limit_index *l = &r->h.limits[r->h.limit_of[q->index]];
        int64_t key = q->per_field != PL_NONE ? d->fields[q->per_field] : 0;
        ev_sum most = (q->total_field == mf ? (ev_sum)total : (ev_sum)d->fields[q->total_field]) +
                      key_sum(&l->fixed, key) + key_sum(&l->open, key);
        if (q->total_op == OP_LT ? most >= (ev_sum)q->ceiling : most > (ev_sum)q->ceiling)
            return false; /* (as level_joint_and_limits weighs it) */
    }
    return true;
}

/* A permitted decision d (line `line`, entry `item`): with the permitted
 * decisions of its group in the window before it, does it make a split?
 * They are taken together as one decision: d's, with its money field
 * their total, signed by those who signed every one of them (a signature
 * on one part does not cover another), with the ledger before the first
 * of them (its cumulative limits, totals and prior approvals).  When
 * that decision is not permitted, a breach names them all, and the window
 * starts again; else d waits in the window. */
static void split(au_run *r, const ev_decision *d, const yi_node *e, unsigned line, uint32_t item)
{
    au_group *g = group_of(r, d);
    if (!g)
        return;
    const pl_matter *m = &r->p->matters[d->matter];
    int64_t amount = d->fields[m->money_field];
    window_from(r, g, d->date);
    ev_sum t = g->sum + amount;
    int64_t total = t > INT64_MAX ? INT64_MAX : (int64_t)t;
    if (g->first < g->nparts && !split_as_alone(r, d, total)) {
        ev_decision dd = *d;
        int64_t *fields = ar_alloc_raw(&r->s->arena, (m->nfields + 1) * sizeof *fields);
        memcpy(fields, d->fields, m->nfields * sizeof *fields);
        fields[m->money_field] = total;
        dd.fields = fields;
        dd.hist_cut = g->parts[g->first].item + 1;
        /* the co-signatories of d that signed every part in the window */
        uint32_t parts = g->nparts - g->first, nco = 0;
        uint32_t *co = ar_alloc_raw(&r->s->arena, (d->nco + 1) * sizeof *co);
        int64_t *cop = ar_alloc_raw(&r->s->arena, (d->nco + 1) * sizeof *cop);
        for (uint32_t i = 0; i < d->nco; i++)
            for (uint32_t k = 0; k < g->nco; k++)
                if (g->co[k].holder == d->co[i] && g->co[k].count == parts) {
                    cop[nco] = d->co_sperson ? d->co_sperson[i] : -1;
                    co[nco++] = d->co[i];
                }
        dd.co = co;
        dd.co_all = co;
        dd.nco = dd.nco_all = nco;
        dd.co_person = dd.co_sperson = cop;
        if (m->ntotals)
            ev_totals(r->p, &dd, &r->h);
        if (m->npriors)
            ev_priors(r->p, &dd, &r->h);
        ev_result res;
        ev_evaluate(r->p, &dd, &r->h, &res);
        if (res.outcome != EV_PERMITTED) {
            r->sum.splits++;
            char money[128];
            money_text(r, d->matter, total, money, sizeof money);
            breach_head(r, "split", "split", d, line, g->parts + g->first, parts);
            if (r->format == REMIT_AUDIT_JSON) {
                put_key(r, "total");
                xp_json_str(&r->o, money);
                put_key(r, "group");
                xo_putc(&r->o, '{');
                for (uint32_t i = 0, t2 = 0; i < m->nfields; i++)
                    if (m->fields[i].type == TY_TEXT) {
                        if (t2++)
                            xo_putc(&r->o, ',');
                        xp_json_str(&r->o, m->fields[i].name);
                        xo_putc(&r->o, ':');
                        xp_json_str(&r->o, field_text(e, m->fields[i].name));
                    }
                xo_putc(&r->o, '}');
            } else {
                char n[64];
                snprintf(n, sizeof n, ": %u decisions", parts + 1);
                xo_puts(&r->o, n);
                for (uint32_t i = 0; i < m->nfields; i++)
                    if (m->fields[i].type == TY_TEXT) {
                        xo_puts(&r->o, ", ");
                        xo_puts(&r->o, m->fields[i].name);
                        xo_puts(&r->o, " \"");
                        put_text(r, field_text(e, m->fields[i].name));
                        xo_putc(&r->o, '"');
                    }
                xo_puts(&r->o, ", each permitted alone, together ");
                xo_puts(&r->o, money);
                xo_puts(&r->o, " within ");
                snprintf(n, sizeof n, "%ld days", r->split_days);
                xo_puts(&r->o, n);
            }
            outcome_body(r, &dd, &res);
            window_clear(r, g);
            return;
        }
    }
    if (g->nparts == g->capparts) {
        uint32_t live = g->nparts - g->first;
        uint32_t cap = live + 1 > g->capparts / 2 ? (g->capparts ? 2 * g->capparts : 4) : g->capparts;
        au_part *v = cap != g->capparts ? ar_alloc_raw(&r->keep->arena, cap * sizeof *v) : g->parts;
        if (live)
            memmove(v, g->parts + g->first, live * sizeof *v);
        g->parts = v;
        g->capparts = cap;
        g->first = 0;
        g->nparts = live;
    }
    uint32_t *co = d->nco ? ar_alloc_raw(&r->s->arena, d->nco * sizeof *co) : NULL, nco = 0; /* each
                                                                 co-signatory once (a role written twice signs once) */
    for (uint32_t i = 0; i < d->nco; i++) {
        bool seen = false;
        for (uint32_t k = 0; k < nco && !seen; k++)
            seen = co[k] == d->co[i];
        if (!seen)
            co[nco++] = d->co[i];
    }
    au_part x = {d->date, amount, line, item, nco, nco ? co_keep(r, g, co, nco) : NULL};
    g->parts[g->nparts++] = x;
    g->sum += amount;
    co_count(r, g, &x, +1);
}

/* ------------------------------------------------------------ the history, as it goes */

/* A run of the history (ev_run, read by eval.c as any history's) made as
 * the lines go by: each key's entries in a region of the arrays of its
 * own, [base, base + cap), of which slot [start, end) are kept, with
 * sum[base] 0.  Entries are let go from the front as they fall out of the
 * longest period any later line can look back over (the lines come in
 * date order); a full region moves to the end of the arrays, twice the
 * size of what it keeps; full arrays are made again, as large as twice
 * what their regions keep.  So a run holds each key once and the entries
 * of its period, however long the ledger. */
typedef struct au_live {
    ev_run *x;
    uint32_t matter, field, per;    /* the summed field and the `per` field, or PL_NONE */
    uint32_t by;                    /* a prior approval's holder; else PL_NONE */
    uint32_t rule;                  /* a cumulative limit's rule; else PL_NONE */
    bool open;                      /* the limit's entries without context, when `when` reads it */
    unsigned reads;                 /* what the limit's `when` reads (in_cond_reads) */
    rm_period period;               /* PER_ALL: every entry is kept (and of a prior approval,
                                       each key's first alone) */
    int64_t over;
    int64_t on, from;               /* the start of the period of day `on` (the last asked) */
    uint32_t used, cap;             /* the arrays' places used, and their size */
    struct ev_entry *e;             /* (open runs alone) */
    ev_sum *sum;
    int64_t *date;
    uint32_t *item;
    struct ev_key *slot;            /* size slots, a power of two, at most half full */
    uint32_t *base, *rcap;          /* per slot: its region */
    uint32_t nkeys, size;
} au_live;

typedef struct au_hist {
    uint32_t nlive;
    au_live *live;
    ev_limit_index *limits;
    ev_run *totals, *priors;
    uint32_t *limit_of;
    unsigned *reads;                /* per limit (live): what its `when` reads */
    ev_past **blocks;               /* entries of the open runs whose `when` reads fields */
    uint32_t nblocks;
    uint32_t *at, *of;              /* each matter's runs: live[of[at[m]..at[m + 1])] */
} au_hist;

static void live_free(void *arg)
{
    au_hist *a = arg;
    for (uint32_t i = 0; i < a->nlive; i++) {
        au_live *l = &a->live[i];
        free(l->e);
        free(l->sum);
        free(l->date);
        free(l->item);
        free(l->slot);
        free(l->base);
        free(l->rcap);
    }
    a->nlive = 0; /* (freed once) */
}

/* Publish l's arrays to the ev_run evaluation reads */
static void live_show(au_live *l)
{
    *l->x = (ev_run){.n = l->used, .e = l->e, .sum = l->sum, .date = l->date, .item = l->item,
                     .mask = l->size - 1, .slot = l->slot};
}

/* The places a region that keeps n entries is given: room for half as
 * many again (and the sum after its last) */
static uint32_t live_room(uint32_t n)
{
    return n + n / 2 + 2;
}

/* Array p of l made n bytes long, its first `keep` kept */
static void *live_grow(au_run *r, void *p, size_t n, size_t keep)
{
    void *q = rm_realloc(p, n);
    if (q)
        return q;
    q = rm_xmalloc(&r->s->arena, n); /* (unwinds, as it will: live_free frees p) */
    if (keep)
        memcpy(q, p, keep);
    free(p);
    return q;
}

/* v[0..n) sorted by their high 32 bits (places: each once), through
 * tmp (n more): three passes of a counting sort, 11 bits each, in O(n),
 * where qsort's calls cost as much as the moves they order */
static void by_place(uint64_t *v, uint64_t *tmp, uint32_t n)
{
    uint32_t count[2048];
    for (int shift = 32; shift < 65; shift += 11) {
        memset(count, 0, sizeof count);
        for (uint32_t i = 0; i < n; i++)
            count[(v[i] >> shift) & 2047]++;
        for (uint32_t i = 0, at = 0; i < 2048; i++) {
            uint32_t c = count[i];
            count[i] = at;
            at += c;
        }
        for (uint32_t i = 0; i < n; i++)
            tmp[count[(v[i] >> shift) & 2047]++] = v[i];
        uint64_t *t = v; /* (three passes: the sorted ones end in tmp's place, copied back) */
        v = tmp;
        tmp = t;
    }
    memcpy(tmp, v, n * sizeof *v);
}

/* Move region k of l (m entries, its sums from 0) from place `from` to
 * `to`, whichever way: memmove */
static void live_move(au_live *l, uint32_t from, uint32_t to, uint32_t m)
{
    if (l->e)
        memmove(l->e + to, l->e + from, m * sizeof *l->e);
    memmove(l->date + to, l->date + from, m * sizeof *l->date);
    memmove(l->item + to, l->item + from, m * sizeof *l->item);
    memmove(l->sum + to, l->sum + from, (m + 1) * sizeof *l->sum);
}

/* The regions of l given only what they keep (the entries let go from
 * their fronts given back) and room for half as much again, in the order
 * they have, in arrays of cap places: first moved down to the front, each
 * as small as it can be, so that none is written over before it is moved;
 * then, the arrays made cap long, moved up to their places, the last
 * first, for the same reason. */
static void live_arrays(au_run *r, au_live *l, uint32_t cap)
{
    uint64_t *order = ar_alloc_raw(&r->s->arena, 2 * ((size_t)l->nkeys + 1) * sizeof *order);
    uint32_t n = 0;
    for (uint32_t k = 0; k < l->size; k++)
        if (l->slot[k].end)
            order[n++] = (uint64_t)l->base[k] << 32 | k;
    by_place(order, order + l->nkeys + 1, n);
    uint32_t used = 1; /* (place 0 is no region's: a slot's end is never 0) */
    for (uint32_t i = 0; i < n; i++) {
        struct ev_key *x = &l->slot[(uint32_t)order[i]];
        uint32_t m = x->end - x->start;
        ev_sum prev = l->sum[x->start], acc = 0;
        for (uint32_t j = 0; j < m; j++) { /* the sums from 0: each read before it is written over */
            ev_sum next = l->sum[x->start + j + 1];
            acc += next - prev;
            prev = next;
            l->sum[x->start + j + 1] = acc;
        }
        l->sum[x->start] = 0;
        live_move(l, x->start, used, m);
        x->start = used;
        x->end = used + m;
        used += m + 1;
    }
    if (cap != l->cap) {
        size_t keep = used < l->cap ? used : l->cap;
        if (l->open)
            l->e = live_grow(r, l->e, (size_t)cap * sizeof *l->e, keep * sizeof *l->e);
        l->sum = live_grow(r, l->sum, (size_t)cap * sizeof *l->sum, keep * sizeof *l->sum);
        l->date = live_grow(r, l->date, (size_t)cap * sizeof *l->date, keep * sizeof *l->date);
        l->item = live_grow(r, l->item, (size_t)cap * sizeof *l->item, keep * sizeof *l->item);
        l->cap = cap;
    }
    l->sum[0] = 0;
    uint32_t end = 1;
    for (uint32_t i = 0; i < n; i++)
        end += live_room(l->slot[(uint32_t)order[i]].end - l->slot[(uint32_t)order[i]].start);
    assert(end <= cap);
    l->used = end;
    for (uint32_t i = n; i-- > 0;) {
        uint32_t k = (uint32_t)order[i];
        struct ev_key *x = &l->slot[k];
        uint32_t m = x->end - x->start, room = live_room(m);
        end -= room;
        live_move(l, x->start, end, m);
        l->base[k] = end;
        l->rcap[k] = room - 1; /* (and the sum after its last) */
        x->start = end;
        x->end = end + m;
    }
}

/* The places the regions of l need, moved (live_arrays), and room for
 * half as many again to move them as they grow: what l's arrays are made
 * again with, plus `more` */
static uint32_t live_need(const au_live *l, uint32_t more)
{
    uint64_t n = 1;
    for (uint32_t k = 0; k < l->size; k++)
        if (l->slot[k].end)
            n += live_room(l->slot[k].end - l->slot[k].start);
    n = n + n / 2 + more + 64;
    assert(n < UINT32_MAX); /* (a ledger has at most IN_MAX_HISTORY lines) */
    return (uint32_t)n;
}

/* The slot of key in l, made (with a region of its own) when new */
static uint32_t live_slot(au_run *r, au_live *l, int64_t key)
{
    const rm_arena *a = &r->s->arena;
    uint32_t k = ev_key_slot(key, l->size - 1);
    while (l->slot[k].end && l->slot[k].key != key)
        k = (k + 1) & (l->size - 1);
    if (l->slot[k].end)
        return k;
    if (2 * (l->nkeys + 1) > l->size) { /* the table twice as large */
        uint32_t size = 2 * l->size;
        struct ev_key *slot = rm_xmalloc(a, (size_t)size * sizeof *slot);
        uint32_t *base = rm_xmalloc(a, (size_t)size * sizeof *base), *rcap = rm_xmalloc(a, (size_t)size * sizeof *rcap);
        memset(slot, 0, (size_t)size * sizeof *slot);
        for (uint32_t i = 0; i < l->size; i++) {
            if (!l->slot[i].end)
                continue;
            uint32_t j = ev_key_slot(l->slot[i].key, size - 1);
            while (slot[j].end)
                j = (j + 1) & (size - 1);
            slot[j] = l->slot[i];
            base[j] = l->base[i];
            rcap[j] = l->rcap[i];
        }
        free(l->slot);
        free(l->base);
        free(l->rcap);
        l->slot = slot;
        l->base = base;
        l->rcap = rcap;
        l->size = size;
        k = ev_key_slot(key, size - 1);
        while (l->slot[k].end)
            k = (k + 1) & (size - 1);
    }
    if (l->used + 3 > l->cap)
        live_arrays(r, l, live_need(l, 3));
    l->base[k] = l->used;
    l->rcap[k] = 2;
    l->sum[l->used] = 0;
    l->slot[k] = (struct ev_key){key, l->used, l->used}; /* (end 0 only while it is empty: never) */
    l->used += 3;
    l->nkeys++;
    return k;
}

/* Entry `item` (its key, day and amount) onto run l, when it is the last
 * line read (no later line looks back before the start of its period) */
static void live_add(au_run *r, au_live *l, int64_t key, int64_t date, uint32_t item, int64_t amount)
{
    uint32_t k = live_slot(r, l, key);
    struct ev_key *x = &l->slot[k];
    if (l->by != PL_NONE && x->end > x->start)
        return; /* a prior approval: the key's first entry is the one that tells */
    if (date != l->on) {
        l->on = date;
        l->from = lit_period_start(l->period, l->over, date, r->p->fy_month, r->p->fy_day);
    }
    int64_t from = l->from;
    while (x->start < x->end && l->date[x->start] < from)
        x->start++; /* (out of every later line's period) */
    if (x->end == l->base[k] + l->rcap[k]) { /* full: the region moved, or the arrays made again */
        uint32_t n = x->end - x->start, room = live_room(n + 1);
        if (l->used + room > l->cap)
            live_arrays(r, l, live_need(l, room));
        if (x->end == l->base[k] + l->rcap[k]) { /* (still full) */
            uint32_t b = l->used;
            if (l->e)
                memmove(l->e + b, l->e + x->start, n * sizeof *l->e);
            memmove(l->date + b, l->date + x->start, n * sizeof *l->date);
            memmove(l->item + b, l->item + x->start, n * sizeof *l->item);
            l->sum[b] = 0;
            for (uint32_t j = 0; j < n; j++)
                l->sum[b + j + 1] = l->sum[b + j] + (l->sum[x->start + j + 1] - l->sum[x->start + j]);
            l->base[k] = b;
            l->rcap[k] = room - 1;
            x->start = b;
            x->end = b + n;
            l->used += room;
        }
    }
    uint32_t at = x->end++;
    if (l->e)
        l->e[at] = (struct ev_entry){key, date, item};
    l->date[at] = date;
    l->item[at] = item;
    l->sum[at + 1] = l->sum[at] + amount;
}

/* A run of the matter's entries, of the sums of `field` (or none), by
 * `per` (or one key), over `period` */
static au_live *live_new(au_run *r, au_hist *a, ev_run *x, uint32_t matter, uint32_t field, uint32_t per,
                         rm_period period, int64_t over)
{
    au_live *l = &a->live[a->nlive++];
    *l = (au_live){.x = x, .matter = matter, .field = field, .per = per, .by = PL_NONE, .rule = PL_NONE,
                   .period = period, .over = over, .on = INT64_MIN, .from = INT64_MIN, .size = 8};
    const rm_arena *ar = &r->s->arena;
    l->slot = rm_xmalloc(ar, 8 * sizeof *l->slot);
    memset(l->slot, 0, 8 * sizeof *l->slot);
    l->base = rm_xmalloc(ar, 8 * sizeof *l->base);
    l->rcap = rm_xmalloc(ar, 8 * sizeof *l->rcap);
    return l;
}

/* The history the replay makes as it goes (r->h): its runs, empty, one
 * for each cumulative limit (two: entries with context, and without),
 * each total and each prior approval.  Entries taken under crisis or
 * urgent powers are not followed: what is overdue of them is no breach of
 * the audit (a finding of the decision after it). */
static void live_start(au_run *r)
{
    const remit_policy *p = r->p;
    au_hist *a = ar_alloc(&r->s->arena, sizeof *a);
    r->live = a;
    uint32_t nl = 0;
    a->limit_of = ar_alloc_raw(&r->s->arena, (p->nrules + 1) * sizeof *a->limit_of);
    for (uint32_t i = 0; i < p->nrules; i++)
        a->limit_of[i] = p->rules[i].kind == R_LIMIT && p->rules[i].total_field != PL_NONE ? nl++ : PL_NONE;
    a->limits = ar_alloc(&r->s->arena, (nl + 1) * sizeof *a->limits);
    a->totals = ar_alloc(&r->s->arena, (p->ntotals + 1) * sizeof *a->totals);
    a->priors = ar_alloc(&r->s->arena, (p->npriors + 1) * sizeof *a->priors);
    a->live = ar_alloc(&r->s->arena, (2 * (size_t)nl + p->ntotals + p->npriors + 1) * sizeof *a->live);
    rm_cleanup_push(r->s, live_free, a);
    for (uint32_t i = 0; i < p->nrules; i++) {
        if (a->limit_of[i] == PL_NONE)
            continue;
        const pl_rule *q = &p->rules[i];
        ev_limit_index *x = &a->limits[a->limit_of[i]];
        unsigned reads = in_cond_reads(p, q->when);
        x->open_reads_fields = reads & 1;
        for (int open = 0; open < 2; open++) {
            au_live *l = live_new(r, a, open ? &x->open : &x->fixed, q->matter, q->total_field, q->per_field,
                                  q->period, q->over);
            l->rule = i;
            l->open = open;
            l->reads = reads;
        }
    }
    for (uint32_t i = 0; i < p->ntotals; i++) {
        const pl_total *t = &p->totals[i];
        live_new(r, a, &a->totals[i], t->matter, t->field, t->per, t->period, t->over);
    }
    for (uint32_t i = 0; i < p->npriors; i++) {
        const pl_prior *x = &p->priors[i];
        live_new(r, a, &a->priors[i], x->matter, PL_NONE, x->per, PER_ALL, -1)->by = x->by;
    }
    for (uint32_t i = 0; i < a->nlive; i++) {
        au_live *l = &a->live[i];
        live_arrays(r, l, 64);
        live_show(l);
    }
    a->at = ar_alloc(&r->s->arena, ((size_t)p->nmatters + 2) * sizeof *a->at); /* (counted, then placed) */
    a->of = ar_alloc_raw(&r->s->arena, ((size_t)a->nlive + 1) * sizeof *a->of);
    for (uint32_t i = 0; i < a->nlive; i++)
        a->at[a->live[i].matter + 2]++;
    for (uint32_t m = 0; m < p->nmatters; m++)
        a->at[m + 2] += a->at[m + 1];
    for (uint32_t i = 0; i < a->nlive; i++)
        a->of[a->at[a->live[i].matter + 1]++] = i;
    memset(&r->h, 0, sizeof r->h);
    r->h.limit_of = a->limit_of;
    r->h.limits = a->limits;
    r->h.totals = a->totals;
    r->h.priors = a->priors;
    r->ic.hist = &r->h;
}

/* The ev_past of entry `item`, kept for a limit whose `when` weighs the
 * entries without context one by one */
static void live_past(au_run *r, uint32_t item, const ev_decision *d)
{
    au_hist *a = r->live;
    uint32_t blk = item >> EV_PAST_SHIFT;
    if (blk >= a->nblocks) {
        uint32_t n = 2 * blk + 16;
        ev_past **v = ar_alloc(&r->keep->arena, n * sizeof *v);
        if (a->nblocks)
            memcpy(v, a->blocks, a->nblocks * sizeof *v);
        a->blocks = v;
        a->nblocks = n;
        r->h.blocks = v;
    }
    if (!a->blocks[blk])
        a->blocks[blk] = ar_alloc(&r->keep->arena, (1u << EV_PAST_SHIFT) * sizeof(ev_past));
    uint32_t nf = r->p->matters[d->matter].nfields;
    int64_t *v = ar_alloc_raw(&r->keep->arena, (nf + 1) * sizeof *v);
    memcpy(v, d->fields, nf * sizeof *v);
    a->blocks[blk][item & ((1u << EV_PAST_SHIFT) - 1)] =
        (ev_past){.date = d->date, .ratified = d->ratified, .fields = v, .matter = d->matter, .decider = d->decider,
                  .under = PL_NONE, .urgent = PL_NONE, .grant = PL_NONE};
}

/* Line `item` (d, as the history entry it is: its date, fields and
 * context) onto the history, for the lines after it */
static void live_line(au_run *r, uint32_t item, const ev_decision *d)
{
    au_hist *a = r->live;
    const remit_policy *p = r->p;
    bool past = false;
    for (uint32_t j = a->at[d->matter]; j < a->at[d->matter + 1]; j++) {
        au_live *l = &a->live[a->of[j]];
        if (l->by != PL_NONE && d->decider != l->by)
            continue;
        if (l->rule != PL_NONE) { /* a limit: in its open run, its fixed one, or neither */
            unsigned reads = l->reads;
            bool open = !d->context && (reads & 2);
            if (open != l->open)
                continue;
            if (!open && p->rules[l->rule].when != PL_NONE) { /* (none: it holds) */
                ev_decision hh = {.fields = d->fields, .context = d->context, .date = d->date};
                if (!ev_cond(p, p->rules[l->rule].when, &hh))
                    continue;
            } else if (reads & 1) {
                past = true;
            }
        }
        live_add(r, l, l->per != PL_NONE ? d->fields[l->per] : 0, d->date, item,
                 l->field != PL_NONE ? d->fields[l->field] : 0);
        live_show(l);
    }
    if (past)
        live_past(r, item, d);
    r->h.n = item + 1;
}

static void live_end(au_run *r)
{
    rm_cleanup_pop(r->s, r->live);
    live_free(r->live);
}

/* ------------------------------------------------------------ the replay */

/* Line `item` onto the history, for the lines after it: d as it was
 * typed, or (a line that is no decision as it is written) the line typed
 * as the history entry it is, into `scratch`, which keeps it (with the
 * line's reports) */
static void history_line(au_run *r, uint32_t item, const ev_decision *d, const yi_node *e, in_hist *sb,
                         ev_history *scratch)
{
    if (d) {
        live_line(r, item, d);
        return;
    }
    uint32_t n = scratch->n;
    in_hist_add(&r->ic, sb, e, ar_mark_of(&r->s->arena));
    if (!sb->ok || scratch->n != n + 1) { /* (typed clean as history before: never) */
        sb->ok = true;
        return;
    }
    const ev_past *x = ev_past_at(scratch, n);
    ev_decision dd = {.matter = x->matter, .decider = x->decider, .date = x->date, .ratified = x->ratified,
                      .fields = x->fields, .context = x->context};
    live_line(r, item, &dd);
}


/* One pass: would line e, typed as a history entry as the first of two
 * passes types it, be reported?  (Nothing of it is kept, nor reported.) */
static bool history_faults(au_run *r, const yi_node *e)
{
    au_said said = said_now(r);
    in_hist_add(&r->ic, &r->chk, e, ar_mark_of(&r->s->arena));
    bool faults = said_since(r, &said);
    said_back(r, &said);
    return faults;
}

/* One pass: how many lines the ledger has, about, after `item` of them
 * (for progress: the bytes read so far against its size) */
static size_t lines_about(const au_run *r, size_t item)
{
    const au_src *x = &r->src;
    uint64_t read = x->pos, size;
    if (!x->lines && !x->csv)
        return x->root ? x->root->n : item;
    if (x->win) {
        read += x->win->base;
        size = x->win->size;
    } else {
        size = ((const rm_file *)x->s->files.v[x->f])->len;
    }
    uint64_t n = read ? (uint64_t)item * size / read : item;
    return n > item ? (size_t)n : item + 1;
}

/* One pass: line e (typed as d when `typed`), of the day `date` it gives
 * (INT64_MIN: none that can be read), in the order of the days, and
 * on or before the day of the audit when one is given?  Else it is
 * audited again in two passes, which report it. */
static bool in_order(au_run *r, const yi_node *e, const ev_decision *d, bool typed)
{
    int64_t date = INT64_MIN;
    if (typed) {
        date = d->date;
    } else {
        const yi_node *dn = yi_get(e, "date");
        if (!dn || dn->kind != YI_SCALAR || lit_date(dn->text, dn->len, &date) != LIT_OK)
            date = INT64_MIN;
    }
    if (date == INT64_MIN)
        return true;
    if ((r->last != INT64_MIN && date < r->last) || (r->as_of_known && date > r->as_of))
        return false;
    if (r->last == INT64_MIN)
        r->first = date;
    r->last = date;
    return true;
}

/* Each line typed as the decision it records and evaluated with the
 * ledger before it (pass two; or, in one pass, each line read once:
 * what the first pass would have reported sends the audit back to two,
 * r->again). */
static void replay_lines(au_run *r, in_hist *sb, ev_history *scratch)
{
    au_win *w = r->src.win;
    if (!r->once) {
        r->src.i = 0;
        r->src.pos = r->src.first;
        if (w) { /* from the start again, hashed already */
            w->hashing = false;
            w->base = w->len = w->at = 0;
            w->line = 1;
            if (fseek(w->fp, 0, SEEK_SET) != 0 || !win_fill(w))
                w->cut = true;
        }
    }
    uint32_t item = 0;
    for (;; item++) {
        ar_mark m = ar_mark_of(&r->s->arena);
        au_said said = said_now(r);
        yi_node *e;
        bool got = src_next(&r->src, &e);
        src_plan(r);
        if (r->src.win && (r->src.win->cut || (got && !e))) {
            said_back(r, &said); /* the rest read whole, from this line on */
            if (!win_whole(r))
                return;
            item--; /* (this line again) */
            continue;
        }
        if (!got)
            break;
        if (r->once && (!e || said_since(r, &said) || item >= IN_MAX_HISTORY)) {
            r->again = true; /* a line that is not JSON, or too many (read whole: reported in two passes) */
            return;
        }
        if (r->progress && item && !(item & 0xFFFF))
            r->progress(r->progress_arg, item, r->once ? lines_about(r, item) : r->lines);
        r->ic.hist_cut = item + 1; /* (before the copy: in_left_behind compares every member) */
        in_ctx before;
        memcpy(&before, &r->ic, sizeof before);
        unsigned line = line_of(r, e);
        au_said parsed = said_now(r);
        ev_decision d;
        bool typed = in_decision(&r->ic, e, &d);
        if (r->src.win && said_since(r, &said)) {
            said_back(r, &said); /* reported where the ledger is read whole, from this line on */
            if (!win_whole(r))
                return;
            item--;
            continue;
        }
        if (r->once) {
            /* a line typed as a decision without a report has none as
             * a history entry (which is typed the same, with less to
             * say); one with reports is typed again, as that */
            if (!r->src.win && said_since(r, &parsed)) { /* (through the window: nothing, above) */
                said_back(r, &parsed);
                if (history_faults(r, e)) {
                    r->again = true;
                    return;
                }
                typed = in_decision(&r->ic, e, &d);
            }
            if (!in_order(r, e, &d, typed)) {
                r->again = true;
                return;
            }
        }
        if (r->shards) { /* a shard's lines: each group's in one shard, any other line by its place */
            uint64_t h;
            uint32_t nt;
            uint64_t key = typed && group_hash(r, &d, &h, &nt) ? h : item;
            if (key % r->shards + 1 != r->shard) { /* another shard's to audit, and to report */
                bool reported = said_since(r, &said);
                said_back(r, &said);
                history_line(r, item, typed ? &d : NULL, e, sb, scratch);
                if (!reported && !in_left_behind(&before, &r->ic, said.diags))
                    ar_rewind(&r->s->arena, m);
                continue;
            }
        }
        if (!typed) {
            r->sum.unreadable++;
            history_line(r, item, NULL, e, sb, scratch);
            continue; /* (its reports stay) */
        }
        r->sum.decisions++;
        ev_result res;
        ev_evaluate(r->p, &d, &r->h, &res);
        if (res.outcome != EV_PERMITTED) {
            not_permitted(r, &d, &res, line);
            deadlines(r, &d, line);
        } else {
            if (r->split_days >= 0)
                split(r, &d, e, line, item);
            obligations(r, &d, &res, line);
        }
        declarations(r, &d, &res, line);
        history_line(r, item, &d, e, sb, scratch);
        if (!in_left_behind(&before, &r->ic, said.diags))
            ar_rewind(&r->s->arena, m);
    }
    if (r->once)
        r->lines = item;
    if (r->src.win) {
        w = r->src.win;
        bool same = w->eof && w->base + w->len == w->size;
        win_end(r, false);
        if (!same)
            changed(r);
    }
}

/* Pass two, with the history made as it goes (live_start) */
static void replay(au_run *r)
{
    if (!r->names)
        group_names(r);
    if (r->split_days >= 0 && !r->marks)
        split_marks(r);
    live_start(r);
    in_hist sb;
    ev_history scratch;
    in_hist_start(&r->ic, &sb, &scratch);
    if (r->once) { /* (after sb: its texts' arena is the table's, so this one adds none) */
        in_hist_start(&r->ic, &r->chk, &r->chkh);
        r->chk.ok = false; /* typed for its reports alone */
    }
    replay_lines(r, &sb, &scratch);
    src_unplan(r);
    if (r->once)
        in_hist_done(&r->ic, &r->chk);
    in_hist_done(&r->ic, &sb);
    live_end(r);
    r->live = NULL;
    r->ic.hist = NULL;
    if (r->held) {
        rm_cleanup_pop(r->s, r->held);
        r->held = NULL;
    }
}

/* ------------------------------------------------------------ the call */

typedef struct au_call {
    au_run *r;
    const remit_audit_options *o;
} au_call;

/* The counts of a summary, as remit.audit/1 names them, in its order */
static const char *const au_counts[] = {"breaches", "without_authority", "signature_missing", "splits",
                                        "ratifications", "reports", "obligations", "declarations", "unchecked"};
#define AU_NCOUNTS (sizeof au_counts / sizeof *au_counts)

static void count_fields(remit_audit_summary *sm, size_t *f[AU_NCOUNTS])
{
    size_t *v[AU_NCOUNTS] = {&sm->breaches, &sm->without_authority, &sm->signature_missing, &sm->splits,
                             &sm->ratifications, &sm->reports, &sm->obligations, &sm->declarations, &sm->unchecked};
    memcpy(f, v, sizeof v);
}

/* `"counts":{...}` of a summary (an audit's, or merged shards') */
static void counts_json(xp_out *o, remit_audit_summary *sm)
{
    size_t *f[AU_NCOUNTS];
    count_fields(sm, f);
    xo_puts(o, ",\"counts\":{");
    for (size_t q = 0; q < AU_NCOUNTS; q++) {
        xo_puts(o, q ? ",\"" : "\"");
        xo_puts(o, au_counts[q]);
        xo_puts(o, "\":");
        xo_uint(o, *f[q]);
    }
    xo_putc(o, '}');
}

static void summary_text(au_run *r)
{
    char b[256];
    snprintf(b, sizeof b, "audited %zu decision%s of ", r->sum.decisions, r->sum.decisions == 1 ? "" : "s");
    xo_puts(&r->o, b);
    put_text(r, r->ledger);
    if (r->first != INT64_MIN) {
        xo_puts(&r->o, " (");
        put_date(r, r->first);
        xo_puts(&r->o, " to ");
        put_date(r, r->last);
        xo_puts(&r->o, ", deadlines as of ");
        put_date(r, r->as_of);
        xo_putc(&r->o, ')');
    }
    if (!r->sum.breaches) {
        xo_puts(&r->o, ": no breach");
    } else {
        snprintf(b, sizeof b, ": %zu breach%s (", r->sum.breaches, r->sum.breaches == 1 ? "" : "es");
        xo_puts(&r->o, b);
        struct { size_t n; const char *what; } v[] = {
            {r->sum.without_authority, "taken without authority"},
            {r->sum.signature_missing, "without a co-signature"},
            {r->sum.splits, r->sum.splits == 1 ? "split" : "splits"},
            {r->sum.ratifications, "ratification late or missing"},
            {r->sum.reports, "report late or missing"},
            {r->sum.obligations, "record, publication or notice late or missing"},
            {r->sum.declarations, "interest declared late"}};
        bool first = true;
        for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
            if (!v[i].n)
                continue;
            snprintf(b, sizeof b, "%s%zu %s", first ? "" : ", ", v[i].n, v[i].what);
            xo_puts(&r->o, b);
            first = false;
        }
        xo_putc(&r->o, ')');
    }
    xo_putc(&r->o, '\n');
    if (r->sum.unreadable) {
        bool one = r->sum.unreadable == 1;
        snprintf(b, sizeof b, "(%zu line%s of the ledger could not be read as %s and %s not audited: see the "
                              "errors)\n", r->sum.unreadable, one ? "" : "s", one ? "a decision" : "decisions",
                 one ? "was" : "were");
        xo_puts(&r->o, b);
    }
    if (r->sum.unchecked) {
        snprintf(b, sizeof b, "(%zu deadline%s at a meeting the calendar does not give could not be checked: "
                              "give the meetings with --calendar)\n", r->sum.unchecked,
                 r->sum.unchecked == 1 ? "" : "s");
        xo_puts(&r->o, b);
    }
}

/* The ledger as a history (pass one), through a window: false, with
 * nothing reported, when it is to be read whole instead (no file, or not
 * a regular one; a list; an entry longer than the window; anything to
 * report, which is reported where the text is). */
static bool read_through_window(au_run *r)
{
    r->src = (au_src){.s = r->s, .p = r->p, .shapes = r->shapes};
    r->first = r->last = INT64_MIN;
    au_said said = said_now(r);
    if (!r->given->path || !win_open(r, r->given->path))
        return false;
    r->ledger = r->src.win->f->path;
    bool ok = src_start(r) && !r->src.win->cut && read_ledger(r);
    if (ok && !said_since(r, &said)) {
        r->src.win->f->streamed = true; /* (its hash, for the shards' header) */
        r->src.win->f->hash = r->src.win->hash;
        return true;
    }
    said_back(r, &said);
    win_end(r, true);
    return false;
}

/* The ledger read whole, as a history (pass one): false, reported, when
 * it cannot be read or has faults. */
static bool read_whole(au_run *r)
{
    r->src = (au_src){.s = r->s, .p = r->p, .shapes = r->shapes};
    r->first = r->last = INT64_MIN;
    r->src.f = rm_open_given(r->s, r->given, "ledger", RM_MAX_HISTORY_BYTES);
    if (r->src.f == UINT32_MAX) {
        r->st = REMIT_E_UNREADABLE;
        return false;
    }
    r->ledger = ((const rm_file *)r->s->files.v[r->src.f])->path;
    if (!src_start(r) || !read_ledger(r)) {
        r->st = REMIT_E_INPUT;
        return false;
    }
    return true;
}

/* The start of the report: in JSON, what it is of, to its breaches */
static void report_head(au_run *r)
{
    if (r->format != REMIT_AUDIT_JSON)
        return;
    xo_puts(&r->o, "{\"schema\":\"remit.audit/1\",");
    if (r->shards) { /* (remit merge takes it out) */
        xo_puts(&r->o, "\"shard\":{\"index\":");
        xo_uint(&r->o, r->shard);
        xo_puts(&r->o, ",\"count\":");
        xo_uint(&r->o, r->shards);
        char h[40]; /* what the merge checks the shards against one another by */
        snprintf(h, sizeof h, ",\"inputs\":\"%016llx\"},", (unsigned long long)rm_inputs_hash(r->p, r->s));
        xo_puts(&r->o, h);
    }
    xo_puts(&r->o, "\"ledger\":");
    xp_json_str(&r->o, r->ledger);
    put_key(r, "first");
    if (r->first != INT64_MIN) put_date(r, r->first); else xo_puts(&r->o, "null");
    put_key(r, "last");
    if (r->last != INT64_MIN) put_date(r, r->last); else xo_puts(&r->o, "null");
    put_key(r, "as_of");
    if (r->as_of != INT64_MIN) put_date(r, r->as_of); else xo_puts(&r->o, "null");
    put_key(r, "split_days");
    if (r->split_days >= 0) xo_uint(&r->o, (unsigned long long)r->split_days); else xo_puts(&r->o, "null");
    xo_puts(&r->o, ",\"breaches\":[");
    xo_flush(&r->o);
}

/* The end of the report, after its breaches: the counts */
static void report_end(au_run *r)
{
    if (r->progress)
        r->progress(r->progress_arg, r->lines, r->lines);
    if (r->format == REMIT_AUDIT_JSON) {
        xo_puts(&r->o, r->sum.breaches ? "\n],\"decisions\":" : "],\"decisions\":");
        xo_uint(&r->o, r->sum.decisions);
        put_key(r, "unreadable");
        xo_uint(&r->o, r->sum.unreadable);
        counts_json(&r->o, &r->sum);
        xo_puts(&r->o, "}\n");
    } else {
        summary_text(r);
    }
    xo_flush(&r->o);
}

/* The report held in memory (one pass), closed and let go */
static void mem_close(void *arg)
{
    au_run *r = arg;
    if (r->mem)
        fclose(r->mem);
    r->mem = NULL;
    free(r->membuf);
    r->membuf = NULL;
}

/* Bytes [from, to) of the report held, written out: the first breach
 * without the comma each is held with */
static void held_out(au_run *r, size_t from, size_t to)
{
    if (to > r->memlen)
        to = r->memlen; /* (a place not told, ftell failing: never) */
    if (to <= from)
        return;
    if (r->format == REMIT_AUDIT_JSON && !r->nout) {
        assert(r->membuf[from] == ',');
        from++;
        r->nout = 1;
    }
    xo_put(&r->o, r->membuf + from, to - from);
}

/* The audit in one pass (SPEC 7.18): the ledger read once, through a
 * window or whole, each line typed once as the decision it records and
 * replayed, the report held until the end (its head names the ledger's
 * days, and some deadlines are judged on its last: au_hold).  Anything
 * the first of two passes would report (a fault, a line out of order, a
 * day after --as-of) sets r->again, with nothing written: the audit is
 * made again in two passes, which report it. */
static void once(au_run *r, bool as_of, int64_t day)
{
    r->as_of_known = as_of;
    r->as_of = as_of ? day : INT64_MIN;
    r->first = r->last = INT64_MIN;
    if (!(r->mem = open_memstream(&r->membuf, &r->memlen))) {
        r->again = true; /* (two passes need no memory stream) */
        return;
    }
    rm_cleanup_push(r->s, mem_close, r);
    r->real = r->out;
    r->out = r->mem;
    r->src = (au_src){.s = r->s, .p = r->p, .shapes = r->shapes};
    au_said said = said_now(r);
    if (r->given->path && win_open(r, r->given->path)) {
        r->ledger = r->src.win->f->path;
        if (!src_start(r) || r->src.win->cut || said_since(r, &said)) {
            said_back(r, &said); /* read whole instead */
            win_end(r, true);
        }
    }
    if (!r->src.win) {
        r->src = (au_src){.s = r->s, .p = r->p, .shapes = r->shapes};
        r->src.f = rm_open_given(r->s, r->given, "ledger", RM_MAX_HISTORY_BYTES);
        if (r->src.f == UINT32_MAX) {
            r->st = REMIT_E_UNREADABLE;
            goto done;
        }
        r->ledger = ((const rm_file *)r->s->files.v[r->src.f])->path;
        said = said_now(r);
        if (!src_start(r) || said_since(r, &said)) {
            r->again = true;
            goto done;
        }
    }
    r->o.f = r->out;
    r->o.n = 0;
    r->nout = 1; /* (every breach held with its comma: held_out) */
    replay(r);
    if (r->src.win) /* (left open when audited again) */
        win_end(r, false);
    xo_flush(&r->o);
    if (r->again)
        goto done;
    if (fflush(r->mem) != 0) {
        r->again = true;
        goto done;
    }
    /* the report: its head, then what was held, with each obligation
     * held judged at its place */
    if (!r->as_of_known)
        r->as_of = r->last;
    r->o.f = r->out = r->real;
    r->o.n = 0;
    r->nout = 0;
    report_head(r);
    size_t at = 0;
    for (uint32_t i = 0; i < r->nheld; i++) {
        const au_hold *h = &r->holds[i];
        size_t to = h->at < 0 ? at : (size_t)h->at;
        held_out(r, at, to);
        at = to > at ? to : at;
        ev_decision d;
        memset(&d, 0, sizeof d);
        d.matter = h->matter;
        d.decider = h->decider;
        d.date = h->date;
        d.decider_name = h->person;
        d.under = h->under;
        d.urgent = h->urgent;
        au_ob b = h->b;
        judge(r, &d, h->line, &b, r->as_of);
    }
    held_out(r, at, r->memlen);
    report_end(r);
done:
    r->out = r->real ? r->real : r->out;
    rm_cleanup_pop(r->s, r);
    mem_close(r);
}

static void audit_in(void *arg)
{
    au_call *call = arg;
    au_run *r = call->r;
    const remit_audit_options *o = call->o;
    r->keep->arena.guard = r->s->arena.guard; /* running out there is running out here */
    int64_t day = INT64_MIN;
    if (o->as_of && lit_date(o->as_of, strlen(o->as_of), &day) != LIT_OK) { /* before anything is read */
        dg_item *d = dg_plain(r->s, REMIT_ERROR, "R0739", "the day of the audit '%s' is not a date", o->as_of);
        dg_hint(r->s, d, "write it as YYYY-MM-DD, e.g. 2027-03-31");
        r->st = REMIT_E_ARGUMENT;
        return;
    }
    in_init(&r->ic, r->s, r->p, &r->s->arena);
    r->ic.ledger = true;
    r->shapes = ji_shapes_new(&r->keep->arena);
    r->plans = in_plans_new(&r->keep->arena); /* (made with the shapes: their numbers are theirs) */
    rm_text mreg = o->register_file ? rm_text_of(o->register_file, "register") : (rm_text){0};
    rm_text mcal = o->calendar ? rm_text_of(o->calendar, "calendar") : (rm_text){0};
    rm_extras x = {NULL, o->register_file ? o->register_file->path : NULL, NULL,
                   o->register_file && !o->register_file->path ? &mreg : NULL,
                   o->calendar ? o->calendar->path : NULL, o->calendar && !o->calendar->path ? &mcal : NULL};
    bool unreadable = false;
    if (!rm_load_extras(&r->ic, &x, &r->h, &unreadable)) {
        r->st = unreadable ? REMIT_E_UNREADABLE : REMIT_E_INPUT;
        return;
    }
    r->given = o->ledger;
    if (r->once) {
        once(r, o->as_of != NULL, day);
        return;
    }
    if (!read_through_window(r) && !read_whole(r))
        return;
    r->as_of = r->last;
    if (o->as_of) {
        if (r->last != INT64_MIN && day < r->last) {
            char b[16];
            lit_format_date(r->last, b, sizeof b);
            dg_item *d = dg_plain(r->s, REMIT_ERROR, "R0739", "the day of the audit, %s, is before the ledger's "
                                  "last decision (%s)", o->as_of, b);
            dg_hint(r->s, d, "give a day on or after %s, or leave --as-of out to judge deadlines on that day", b);
            r->st = REMIT_E_ARGUMENT;
            if (r->src.win)
                win_end(r, false);
            return;
        }
        r->as_of = day;
    }
    r->o.f = r->out;
    r->o.n = 0;
    report_head(r);
    replay(r);
    report_end(r);
}

/* The end of a call: the output flushed (a failed write is an error),
 * the summary given, the session given to the caller or freed. */
static remit_status finish(remit_status st, FILE *out, remit_session *s, const remit_audit_summary *got,
                           remit_audit_summary *sum, remit_session **diags)
{
    if (st == REMIT_OK && (fflush(out) != 0 || ferror(out)))
        st = REMIT_E_WRITE;
    if (sum)
        *sum = *got;
    if (diags)
        *diags = s;
    else
        remit_session_free(s);
    return st;
}

void remit_audit_options_init(remit_audit_options *o)
{
    if (o)
        memset(o, 0, sizeof *o);
}

static bool input_given(const remit_input *in)
{
    return in && (in->path || in->text || !in->len);
}

remit_status remit_audit(const remit_policy *p, const remit_audit_options *o, FILE *out,
                         remit_audit_summary *sum, remit_session **diags)
{
    return rm_audit_window(p, o, out, sum, diags, RM_HISTORY_WINDOW, RM_HISTORY_MARGIN);
}

static remit_status audit_run(au_run *rp, const remit_policy *p, const remit_audit_options *o, FILE *out,
                              uint32_t window, uint32_t margin, bool once);

remit_status rm_audit_window(const remit_policy *p, const remit_audit_options *o, FILE *out,
                             remit_audit_summary *sum, remit_session **diags, uint32_t window, uint32_t margin)
{
    return rm_audit_passes(p, o, out, sum, diags, window, margin, false);
}

remit_status rm_audit_passes(const remit_policy *p, const remit_audit_options *o, FILE *out,
                             remit_audit_summary *sum, remit_session **diags, uint32_t window, uint32_t margin,
                             bool twice)
{
    if (sum)
        memset(sum, 0, sizeof *sum);
    if (diags)
        *diags = NULL;
    if (!p || !o || !out || !input_given(o->ledger) || (o->register_file && !input_given(o->register_file)) ||
        (o->calendar && !input_given(o->calendar)) || (o->format != REMIT_AUDIT_TEXT && o->format != REMIT_AUDIT_JSON) ||
        (o->shard_count && (o->format != REMIT_AUDIT_JSON || !o->shard_index || o->shard_index > o->shard_count)) ||
        (!o->shard_count && o->shard_index))
        return REMIT_E_ARGUMENT;
    au_run r;
    for (int pass = 0;; pass++) { /* one pass; two when it says so (r.again) */
        remit_status st = audit_run(&r, p, o, out, window, margin, pass == 0 && !twice);
        if (st != REMIT_OK || !r.again) {
            if (st != REMIT_OK)
                return st;
            break;
        }
        remit_session_free(r.s);
    }
    return finish(r.st, out, r.s, &r.sum, sum, diags);
}

/* One audit, in one pass or two (au_run.once), into r: its session r->s
 * kept for the caller; REMIT_E_NOMEM when none could be made. */
static remit_status audit_run(au_run *rp, const remit_policy *p, const remit_audit_options *o, FILE *out,
                              uint32_t window, uint32_t margin, bool once)
{
    au_run r;
    memset(&r, 0, sizeof r);
    r.once = once;
    r.p = p;
    r.out = out;
    r.format = o->format;
    r.split_days = o->split_days == 0 ? AU_SPLIT_DAYS : o->split_days < 0 ? -1 : o->split_days;
    r.progress = o->progress;
    r.progress_arg = o->progress_arg;
    r.shard = o->shard_index;
    r.shards = o->shard_count;
    r.window = window > margin ? window : 0;
    r.margin = margin;
    r.st = REMIT_OK;
    if (!(r.s = remit_session_new(NULL)))
        return REMIT_E_NOMEM;
    if (!(r.keep = remit_session_new(NULL))) {
        remit_session_free(r.s);
        return REMIT_E_NOMEM;
    }
    au_call call = {&r, o};
    if (!rm_protect(r.s, audit_in, &call)) {
        dg_nomem(r.s, "out of memory while auditing the ledger");
        r.st = REMIT_E_NOMEM;
    }
    r.keep->arena.guard = NULL;
    remit_session_free(r.keep);
    r.keep = NULL;
    *rp = r;
    return REMIT_OK;
}

/* ------------------------------------------------------------ merging */

/* One shard's report, read */
typedef struct au_shard {
    const yi_node *root, *breaches;
    const char *text;           /* its file's text: the breaches are copied from it */
    unsigned index, count;
    uint64_t decisions, unreadable, counts[9];
} au_shard;

static void not_a_shard(remit_session *s, const yi_node *at, const char *what)
{
    dg_item *d = dg_error(s, at->loc, "R0741", "this is not the report of a shard of an audit: %s", what);
    dg_hint(s, d, "give the JSON reports of `remit audit --format json --shard I/N`, each as it wrote it");
}

/* Read shard report f into *x; false, reported, when it is not one. */
static bool read_shard(remit_session *s, uint32_t f, au_shard *x)
{
    const yi_node *root = ji_parse(s, f);
    if (!root)
        return false;
    x->root = root;
    x->text = ((const rm_file *)s->files.v[f])->text;
    const yi_node *n = yi_get(root, "schema"), *sh = yi_get(root, "shard");
    uint64_t i, c;
    if (root->kind != YI_MAP || !n || n->kind != YI_SCALAR || strcmp(n->text, "remit.audit/1")) {
        not_a_shard(s, root, "it is no remit.audit/1 document");
        return false;
    }
    if (!sh || !ji_whole(yi_get(sh, "index"), &i) || !ji_whole(yi_get(sh, "count"), &c) || !i || i > c ||
        c > 4096) {
        not_a_shard(s, sh ? sh : root, "it names no shard I of N (an audit of the whole ledger has nothing to merge)");
        return false;
    }
    x->index = (unsigned)i;
    x->count = (unsigned)c;
    x->breaches = yi_get(root, "breaches");
    const yi_node *counts = yi_get(root, "counts");
    bool ok = x->breaches && x->breaches->kind == YI_SEQ && ji_whole(yi_get(root, "decisions"), &x->decisions) &&
              ji_whole(yi_get(root, "unreadable"), &x->unreadable) && counts && counts->kind == YI_MAP;
    for (int k = 0; ok && k < 9; k++)
        ok = ji_whole(yi_get(counts, au_counts[k]), &x->counts[k]);
    static const char *const days[] = {"first", "last", "as_of"}; /* null, or a day as an audit writes it */
    for (int k = 0; ok && k < 3; k++) {
        const yi_node *v = yi_get(root, days[k]);
        int64_t day;
        ok = v && v->kind == YI_SCALAR && (v->is_null || (v->len == 10 && lit_date(v->text, v->len, &day) == LIT_OK));
    }
    const yi_node *w = yi_get(root, "split_days");
    uint64_t nd;
    const yi_node *ledger = yi_get(root, "ledger");
    ok = ok && w && w->kind == YI_SCALAR && (w->is_null || ji_whole(w, &nd)) && ledger &&
         ledger->kind == YI_SCALAR && ledger->quoted;
    for (uint32_t k = 0; ok && k < x->breaches->n; k++) {
        uint64_t line;
        ok = x->breaches->items[k]->kind == YI_MAP && ji_whole(yi_get(x->breaches->items[k], "line"), &line);
    }
    if (!ok)
        not_a_shard(s, root, "its ledger, days, breaches, decisions or counts are missing or malformed");
    return ok;
}

/* The header value `key` of a report as text ("null" for null) */
static const char *header_of(const au_shard *x, const char *key)
{
    const yi_node *v = yi_get(x->root, key);
    if (!v || v->kind != YI_SCALAR)
        return NULL;
    return v->is_null ? "null" : v->text;
}

typedef struct au_merge_call {
    const remit_input *shards;
    size_t n;
    FILE *out;
    remit_session *s;
    remit_audit_summary sum;
    remit_status st;
} au_merge_call;

static int by_line(const void *a, const void *b)
{
    const uint64_t *x = a, *y = b; /* line << 32 | shard << 20 | place (each below 2^20) */
    return (*x > *y) - (*x < *y);
}

static void merge_in(void *arg)
{
    au_merge_call *c = arg;
    remit_session *s = c->s;
    au_shard *v = ar_alloc(&s->arena, (c->n + 1) * sizeof *v);
    bool ok = true;
    for (size_t i = 0; i < c->n; i++) {
        uint32_t f = rm_open_given(s, &c->shards[i], "shard", RM_MAX_HISTORY_BYTES);
        if (f == UINT32_MAX) {
            c->st = REMIT_E_UNREADABLE;
            return;
        }
        ok &= read_shard(s, f, &v[i]);
    }
    if (!ok) {
        c->st = REMIT_E_INPUT;
        return;
    }
    /* one audit: the same count, each shard once, the same ledger and days */
    static const char *const same[] = {"ledger", "first", "last", "as_of", "split_days"};
    bool *seen = ar_alloc(&s->arena, ((size_t)v[0].count + 1) * sizeof *seen);
    for (size_t i = 0; i < c->n; i++) {
        const char *why = NULL;
        if (v[i].count != v[0].count || c->n != v[0].count)
            why = "the shards given are not N of N";
        else if (seen[v[i].index])
            why = "this shard is given twice";
        for (int k = 0; !why && k < 5; k++) {
            const char *a = header_of(&v[0], same[k]), *b = header_of(&v[i], same[k]);
            if (!a || !b || strcmp(a, b))
                why = "its ledger, days or window differ from the first report's: it is of another audit";
        }
        const yi_node *h0 = yi_get(yi_get(v[0].root, "shard"), "inputs"), *hi = yi_get(yi_get(v[i].root, "shard"),
                                                                                        "inputs");
        if (!why && (!h0 || !hi || h0->kind != YI_SCALAR || hi->kind != YI_SCALAR || strcmp(h0->text, hi->text)))
            why = "it was run on other inputs than the first report (the policy, or the text of the ledger, "
                  "register or calendar, differs): it is of another audit";
        if (why) {
            dg_item *d = dg_error(s, yi_get(v[i].root, "shard")->loc, "R0741", "these reports are not the shards "
                                  "of one audit: %s", why);
            dg_hint(s, d, "give every shard of one run once: --shard 1/N to --shard N/N, with the same ledger and "
                          "options");
            c->st = REMIT_E_INPUT;
            return;
        }
        seen[v[i].index] = true;
    }
    /* the breaches, in the order of the ledger: each line's from the one
     * shard that audited it, in that shard's order */
    size_t nb = 0;
    for (size_t i = 0; i < c->n; i++)
        nb += v[i].breaches->n;
    uint64_t *order = ar_alloc_raw(&s->arena, (nb + 1) * sizeof *order);
    size_t k = 0;
    for (size_t i = 0; i < c->n; i++)
        for (uint32_t j = 0; j < v[i].breaches->n; j++) {
            uint64_t line;
            ji_whole(yi_get(v[i].breaches->items[j], "line"), &line);
            if (line > UINT32_MAX || j >= (1u << 20)) {
                not_a_shard(s, v[i].breaches->items[j], "a line or a count of breaches beyond what an audit gives");
                c->st = REMIT_E_INPUT;
                return;
            }
            order[k++] = line << 32 | (uint64_t)i << 20 | j;
        }
    qsort(order, nb, sizeof *order, by_line);
    xp_out o;
    o.f = c->out;
    o.n = 0;
    xo_puts(&o, "{\"schema\":\"remit.audit/1\",\"ledger\":");
    xp_json_str(&o, header_of(&v[0], "ledger"));
    for (int h = 1; h < 5; h++) {
        const char *t = header_of(&v[0], same[h]);
        xo_puts(&o, ",\"");
        xo_puts(&o, same[h]);
        xo_puts(&o, "\":");
        if (!strcmp(t, "null") || h == 4) {
            xo_puts(&o, t);
        } else {
            xo_putc(&o, '"');
            xo_puts(&o, t); /* (a day: nothing to escape) */
            xo_putc(&o, '"');
        }
    }
    xo_puts(&o, ",\"breaches\":[");
    for (size_t b = 0; b < nb; b++) {
        const au_shard *x = &v[(order[b] >> 20) & 0xFFF];
        const yi_node *item = x->breaches->items[order[b] & 0xFFFFF];
        xo_puts(&o, b ? ",\n" : "\n");
        xo_put(&o, x->text + item->loc.start, item->loc.end - item->loc.start);
    }
    uint64_t decisions = 0, unreadable = 0, counts[9] = {0};
    for (size_t i = 0; i < c->n; i++) {
        decisions += v[i].decisions;
        unreadable += v[i].unreadable;
        for (int q = 0; q < 9; q++)
            counts[q] += v[i].counts[q];
    }
    xo_puts(&o, nb ? "\n],\"decisions\":" : "],\"decisions\":");
    xo_uint(&o, decisions);
    xo_puts(&o, ",\"unreadable\":");
    xo_uint(&o, unreadable);
    c->sum.decisions = decisions;
    c->sum.unreadable = unreadable;
    size_t *f[AU_NCOUNTS];
    count_fields(&c->sum, f);
    for (size_t q = 0; q < AU_NCOUNTS; q++)
        *f[q] = counts[q];
    counts_json(&o, &c->sum);
    xo_puts(&o, "}\n");
    xo_flush(&o);
}

remit_status remit_audit_merge(const remit_input *shards, size_t n, FILE *out, remit_audit_summary *sum,
                               remit_session **diags)
{
    if (sum)
        memset(sum, 0, sizeof *sum);
    if (diags)
        *diags = NULL;
    if (!shards || !n || n > 4096 || !out)
        return REMIT_E_ARGUMENT;
    for (size_t i = 0; i < n; i++)
        if (!input_given(&shards[i]))
            return REMIT_E_ARGUMENT;
    au_merge_call c = {shards, n, out, remit_session_new(NULL), {0}, REMIT_OK};
    if (!c.s)
        return REMIT_E_NOMEM;
    if (!rm_protect(c.s, merge_in, &c)) {
        dg_nomem(c.s, "out of memory while merging the shards");
        c.st = REMIT_E_NOMEM;
    }
    return finish(c.st, out, c.s, &c.sum, sum, diags);
}
