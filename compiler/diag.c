/*
 * diag.c - diagnostics: collected while a policy is checked, then sorted by
 * position and rendered as text (file:line:col, the source line, a caret
 * and a hint) or as JSON.  Only the caller decides where they go.  Text
 * is escaped, and JSON strings are written, as outcomes are (explain.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"

/* Every code Remit gives, with its severity and meaning (codes.def). */
static const struct dg_code {
    char code[6];
    remit_severity sev;
    const char *meaning;
} dg_codes[] = {
#define RM_CODE(code, sev, meaning) {#code, REMIT_##sev, meaning},
#include "codes.def"
#undef RM_CODE
};

const char *dg_code_meaning(const char *code, remit_severity *sev)
{
    for (size_t i = 0; i < sizeof dg_codes / sizeof *dg_codes; i++)
        if (strcmp(dg_codes[i].code, code) == 0) {
            if (sev)
                *sev = dg_codes[i].sev;
            return dg_codes[i].meaning;
        }
    return NULL;
}

static dg_item *dg_vreport(remit_session *s, remit_severity sev,
                           const rm_loc *loc, const char *code,
                           const char *fmt, va_list ap)
{
    unsigned cap = s->opt.max_errors ? s->opt.max_errors : RM_MAX_ERRORS;
    if (sev == REMIT_ERROR && s->nerrors >= cap) {
        /* counted, not kept, not even formatted: the scratch item is
         * returned so that a caller's dg_hint costs nothing either */
        s->suppressed++;
        s->fatal = true;
        return &s->scratch;
    }
    dg_item *d = ar_alloc(&s->arena, sizeof *d);
    d->sev = sev;
    d->code = code;
    if (loc) {
        d->loc = *loc;
        d->has_loc = true;
    }
    d->msg = ar_vprintf(&s->arena, fmt, ap);
    d->seq = s->diags.n;
    if (sev == REMIT_ERROR) {
        s->nerrors++;
    } else if (sev == REMIT_WARNING) {
        s->nwarnings++;
    }
    rm_vec_push(&s->arena, &s->diags, d);
    s->pub = NULL;
    return d;
}

dg_item *dg_report(remit_session *s, remit_severity sev, const rm_loc *loc,
                   const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dg_item *d = dg_vreport(s, sev, loc, code, fmt, ap);
    va_end(ap);
    return d;
}

dg_item *dg_error(remit_session *s, rm_loc loc, const char *code,
                  const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dg_item *d = dg_vreport(s, REMIT_ERROR, &loc, code, fmt, ap);
    va_end(ap);
    return d;
}

dg_item *dg_warning(remit_session *s, rm_loc loc, const char *code,
                    const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dg_item *d = dg_vreport(s, REMIT_WARNING, &loc, code, fmt, ap);
    va_end(ap);
    return d;
}

dg_item *dg_plain(remit_session *s, remit_severity sev, const char *code,
                  const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dg_item *d = dg_vreport(s, sev, NULL, code, fmt, ap);
    va_end(ap);
    return d;
}

typedef struct nomem_call {
    remit_session *s;
    const char *what;
} nomem_call;

static void nomem_report(void *arg)
{
    nomem_call *c = arg;
    dg_plain(c->s, REMIT_ERROR, "R0014", "%s", c->what);
}

void dg_nomem(remit_session *s, const char *what)
{
    s->fatal = s->ran_out = true;
    nomem_call c = {s, what};
    if (!rm_protect(s, nomem_report, &c)) {
        /* no room even for that: listed by dg_build from here */
        s->nomem = what;
        s->nerrors++;
        s->pub = NULL;
    }
}

static bool same_text(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

void dg_drop_repeats(remit_session *s, uint32_t from)
{
    uint32_t kept = from;
    for (uint32_t i = from; i < s->diags.n; i++) {
        dg_item *d = s->diags.v[i];
        bool seen = false;
        for (uint32_t j = from; j < kept && !seen; j++) {
            const dg_item *e = s->diags.v[j];
            seen = e->sev == d->sev && e->has_loc == d->has_loc && same_text(e->code, d->code) &&
                   (!d->has_loc || (e->loc.file == d->loc.file && e->loc.start == d->loc.start &&
                                    e->loc.end == d->loc.end)) &&
                   same_text(e->msg, d->msg) && same_text(e->hint, d->hint);
        }
        if (!seen) {
            s->diags.v[kept++] = d;
            continue;
        }
        if (d->sev == REMIT_ERROR)
            s->nerrors--;
        else if (d->sev == REMIT_WARNING)
            s->nwarnings--;
    }
    s->diags.n = kept;
    s->pub = NULL;
}

void dg_hint(remit_session *s, dg_item *d, const char *fmt, ...)
{
    if (d == &s->scratch)
        return;
    va_list ap;
    va_start(ap, fmt);
    d->hint = ar_vprintf(&s->arena, fmt, ap);
    va_end(ap);
}

void dg_linecol(const rm_file *f, uint32_t off, unsigned *line, unsigned *col)
{
    uint32_t lo = 0, hi = f->nlines - 1;
    if (off > f->len)
        off = f->len;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo + 1) / 2;
        if (f->line_starts[mid] <= off)
            lo = mid;
        else
            hi = mid - 1;
    }
    unsigned c = 1;
    for (uint32_t i = f->line_starts[lo]; i < off; i++)
        c += ((unsigned char)f->text[i] & 0xC0) != 0x80;
    *line = lo + 1 + f->line_base;
    *col = c;
}

static int dg_cmp(const void *pa, const void *pb)
{
    const dg_item *a = *(dg_item *const *)pa, *b = *(dg_item *const *)pb;
    if (a->has_loc != b->has_loc)
        return a->has_loc ? 1 : -1;
    if (a->has_loc) {
        if (a->loc.file != b->loc.file)
            return a->loc.file < b->loc.file ? -1 : 1;
        if (a->loc.start != b->loc.start)
            return a->loc.start < b->loc.start ? -1 : 1;
    }
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static const char *sev_word(remit_severity s)
{
    return s == REMIT_ERROR ? "error" : s == REMIT_WARNING ? "warning" : "note";
}

/* Build the sorted public array (cached until the next diagnostic). */
static void dg_build_in(void *arg)
{
    remit_session *s = arg;
    size_t n = s->diags.n;
    dg_item **sorted = ar_alloc(&s->arena, (n + 1) * sizeof *sorted);
    if (n)
        memcpy(sorted, s->diags.v, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, dg_cmp);
    remit_diagnostic *pub = ar_alloc(&s->arena, (n + 3) * sizeof *pub);
    for (size_t i = 0; i < n; i++) {
        dg_item *d = sorted[i];
        remit_diagnostic *p = &pub[i];
        p->severity = d->sev;
        p->code = d->code;
        p->message = d->msg;
        p->hint = d->hint;
        p->example = d->example;
        p->example_outcome = d->outcome;
        if (d->has_loc) {
            rm_file *f = s->files.v[d->loc.file];
            p->file = f->path;
            dg_linecol(f, d->loc.start, &p->line, &p->col);
            uint32_t last = d->loc.end > d->loc.start ? d->loc.end - 1 : d->loc.start;
            /* the last character, not the last byte of it */
            while (last > d->loc.start && ((unsigned char)f->text[last] & 0xC0) == 0x80)
                last--;
            dg_linecol(f, last, &p->end_line, &p->end_col);
        }
    }
    if (s->nomem) { /* R0014 that found no room when it was reported */
        remit_diagnostic *p = &pub[n++];
        p->severity = REMIT_ERROR;
        p->code = "R0014";
        p->message = s->nomem;
    }
    if (s->suppressed) {
        remit_diagnostic *p = &pub[n++];
        p->severity = REMIT_NOTE;
        p->code = "R0009";
        p->message = ar_printf(&s->arena,
                               "Remit stopped after %zu error%s; there may be more", s->nerrors,
                               s->nerrors == 1 ? "" : "s");
        p->hint = "fix the errors above and check again";
    }
    s->pub = pub;
    s->npub = n;
}

/* Without memory for the list, it is one R0014: what was found is lost,
 * but not that memory ran out. */
static void dg_build(const remit_session *cs)
{
    remit_session *s = (remit_session *)cs;
    if (s->pub)
        return;
    if (!rm_protect(s, dg_build_in, s)) {
        s->fatal = true;
        s->fallback = (remit_diagnostic){.severity = REMIT_ERROR, .code = "R0014",
                                         .message = s->nomem ? s->nomem : "out of memory while listing the diagnostics"};
        s->pub = &s->fallback;
        s->npub = 1;
    }
}

size_t remit_diag_count(const remit_session *s)
{
    dg_build(s);
    return s->npub;
}

const remit_diagnostic *remit_diag_at(const remit_session *s, size_t i)
{
    dg_build(s);
    return i < s->npub ? &s->pub[i] : NULL;
}

size_t remit_error_count(const remit_session *s) { return s->nerrors + s->suppressed; }
size_t remit_warning_count(const remit_session *s) { return s->nwarnings; }

#define SNIPPET_MAX 240 /* longest source line shown under a message */

/* The source line under a message, and the carets under what it is about.
 * The line is shown as remit_fprintf_escaped shows text (SPEC 9.1), but
 * with tabs as they are, so hostile input cannot drive the terminal; the
 * caret line copies the tabs and gives each character before the column
 * as many spaces as it takes on screen, so that the carets stand under it.
 * A byte that is not UTF-8 is a column of its own here; dg_linecol need
 * not say so, since a file is refused at its first such byte (R0005), so
 * none comes before a diagnostic's column. */
static void render_snippet(FILE *out, const remit_diagnostic *p, const rm_file *f)
{
    const char *ls = f->text + f->line_starts[p->line - 1 - f->line_base];
    const char *le = ls;
    const char *end = f->text + f->len;
    while (le < end && *le != '\n')
        le++;
    if (le > ls && le[-1] == '\r')
        le--;
    if ((size_t)(le - ls) > SNIPPET_MAX || p->col > SNIPPET_MAX)
        return;
    int w = fprintf(out, " %5u | ", p->line) - 3;
    xp_esc_write(out, ls, (size_t)(le - ls), true);
    fprintf(out, "\n%*s | ", w, "");
    /* the last column the carets cover: to the end of the line when the
     * diagnostic goes on to a later line */
    unsigned last = p->col;
    if (p->end_line == p->line && p->end_col > p->col)
        last = p->end_col;
    else if (p->end_line > p->line)
        last = UINT32_MAX;
    unsigned col = 0, carets = 0;
    for (const char *q = ls; q < le;) {
        char esc[XP_ESC_MAX];
        size_t len;
        unsigned shown = xp_esc_char(q, (size_t)(le - q), true, &len, esc);
        col++;
        if (!shown)
            shown = 1;
        if (col > last)
            break;
        for (unsigned i = 0; i < shown; i++)
            fputc(col >= p->col ? '^' : *q == '\t' ? '\t' : ' ', out);
        carets += col >= p->col ? shown : 0;
        q += len;
    }
    if (!carets) /* at the end of the line */
        fputc('^', out);
    fputc('\n', out);
}

void remit_render_text(const remit_session *s, FILE *out)
{
    size_t n = remit_diag_count(s);
    for (size_t i = 0; i < n; i++) {
        const remit_diagnostic *p = &s->pub[i];
        if (p->file)
            remit_fprintf_escaped(out, "%s:%u:%u: ", p->file, p->line, p->col);
        remit_fprintf_escaped(out, "%s[%s]: %s\n", sev_word(p->severity), p->code, p->message);
        if (p->file) {
            for (uint32_t k = 0; k < s->files.n; k++) {
                const rm_file *f = s->files.v[k];
                if (f->path == p->file) {
                    render_snippet(out, p, f);
                    break;
                }
            }
        }
        if (p->hint)
            remit_fprintf_escaped(out, "  hint: %s\n", p->hint);
        if (p->example) {
            remit_fprintf_escaped(out, "  example: %s\n", p->example);
            remit_fprintf_escaped(out, "  remit eval: %s\n", p->example_outcome);
        }
    }
}

/* A JSON string, escaped as the outcomes escape theirs (SPEC 7.12). */

void remit_render_json(const remit_session *s, FILE *out)
{
    remit_render_json_line(s, out);
    fputc('\n', out);
}

/* One diagnostic's members in remit.diagnostics/1. */
static void json_diag(xp_out *o, const remit_diagnostic *p)
{
    char num[96];
    xo_puts(o, "{\"severity\":");
    xp_json_str(o, sev_word(p->severity));
    xo_puts(o, ",\"code\":");
    xp_json_str(o, p->code);
    if (p->file) {
        xo_puts(o, ",\"file\":");
        xp_json_str(o, p->file);
        snprintf(num, sizeof num, ",\"line\":%u,\"column\":%u,\"end_line\":%u,\"end_column\":%u", p->line,
                 p->col, p->end_line, p->end_col);
        xo_puts(o, num);
    }
    xo_puts(o, ",\"message\":");
    xp_json_str(o, p->message);
    if (p->hint) {
        xo_puts(o, ",\"hint\":");
        xp_json_str(o, p->hint);
    }
    if (p->example) {
        xo_puts(o, ",\"example\":");
        xp_json_str(o, p->example);
        xo_puts(o, ",\"example_outcome\":");
        xp_json_str(o, p->example_outcome);
    }
    xo_putc(o, '}');
}

/* The diagnostics of n sessions (one a file checked) as one
 * remit.diagnostics/1 document on one line, without a final newline. */
static void json_many(const remit_session *const *s, size_t n, FILE *out)
{
    char num[96];
    xp_out o; /* not an initializer: that would zero the buffer */
    o.f = out;
    o.n = 0;
    xo_puts(&o, "{\"schema\":\"remit.diagnostics/1\",\"diagnostics\":[");
    size_t said = 0, errors = 0, warnings = 0;
    for (size_t k = 0; k < n; k++) {
        size_t m = remit_diag_count(s[k]);
        for (size_t i = 0; i < m; i++) {
            if (said++)
                xo_putc(&o, ',');
            json_diag(&o, &s[k]->pub[i]);
        }
        errors += remit_error_count(s[k]);
        warnings += remit_warning_count(s[k]);
    }
    snprintf(num, sizeof num, "],\"errors\":%zu,\"warnings\":%zu}", errors, warnings);
    xo_puts(&o, num);
    xo_flush(&o);
}

void remit_render_json_line(const remit_session *s, FILE *out)
{
    json_many(&s, 1, out);
}

void remit_render_json_many(const remit_session *const *s, size_t n, FILE *out)
{
    json_many(s, n, out);
    fputc('\n', out);
}

/* A path as a SARIF artifact URI (RFC 3986): a relative reference with
 * every byte but the unreserved ones and '/' percent-encoded; an absolute
 * path as a file: URI. */
static void sarif_uri(xp_out *o, const char *path)
{
    char buf[3 * 4096 + 16];
    size_t u = 0;
    if (path[0] == '/') {
        memcpy(buf, "file://", 7);
        u = 7;
    }
    for (const unsigned char *q = (const unsigned char *)path; *q && u + 4 < sizeof buf; q++) {
        if ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') ||
            strchr("-._~/", *q))
            buf[u++] = (char)*q;
        else
            u += (size_t)snprintf(buf + u, sizeof buf - u, "%%%02X", *q);
    }
    xp_json_strn(o, buf, u);
}

static const char *sarif_level(remit_severity sev)
{
    return sev == REMIT_ERROR ? "error" : sev == REMIT_WARNING ? "warning" : "note";
}

/* One SARIF result: its rule's place, level, message and location. */
static void sarif_result(xp_out *o, size_t *said, const char *rule, size_t index, const char *level,
                         const char *msg, const char *hint, const char *example, const char *example_outcome,
                         const char *file, unsigned line, unsigned col, unsigned end_line, unsigned end_col)
{
    char num[160];
    xo_puts(o, (*said)++ ? ",{\"ruleId\":" : "{\"ruleId\":");
    xp_json_str(o, rule);
    snprintf(num, sizeof num, ",\"ruleIndex\":%zu,\"level\":", index);
    xo_puts(o, num);
    xp_json_str(o, level);
    /* the message, with its hint and example: SARIF's text is plain */
    xo_puts(o, ",\"message\":{\"text\":");
    char *whole = NULL;
    if (hint || example) {
        size_t len = strlen(msg) + (hint ? strlen(hint) + 16 : 0) +
                     (example ? strlen(example) + strlen(example_outcome) + 48 : 0) + 1;
        whole = malloc(len);
        if (whole) {
            size_t u = (size_t)snprintf(whole, len, "%s", msg);
            if (hint)
                u += (size_t)snprintf(whole + u, len - u, "\nhint: %s", hint);
            if (example)
                snprintf(whole + u, len - u, "\nexample: %s\nremit eval: %s", example, example_outcome);
            msg = whole;
        }
    }
    xp_json_str(o, msg);
    free(whole);
    xo_putc(o, '}');
    if (file) {
        xo_puts(o, ",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":");
        sarif_uri(o, file);
        /* SARIF's end column is the one after the last character */
        unsigned el = end_line >= line ? end_line : line;
        unsigned ec = el == line && end_col < col ? col : end_col;
        if (line)
            snprintf(num, sizeof num, "},\"region\":{\"startLine\":%u,\"startColumn\":%u,\"endLine\":%u,"
                     "\"endColumn\":%u}}}]", line, col ? col : 1, el, (ec ? ec : 1) + 1);
        else /* the file as a whole */
            snprintf(num, sizeof num, "}}}]");
        xo_puts(o, num);
    }
    xo_putc(o, '}');
}

void dg_render_sarif(const remit_session *const *s, size_t n, const dg_sarif_extra *x, size_t nx, FILE *out)
{
    xp_out o; /* not an initializer: that would zero the buffer */
    o.f = out;
    o.n = 0;
    xo_puts(&o, "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\","
                "\"runs\":[{\"tool\":{\"driver\":{\"name\":\"remit\",\"version\":\"" REMIT_VERSION "\","
                "\"semanticVersion\":\"" REMIT_VERSION "\",\"rules\":[");
    /* the rules: each code the results give, once, in the order of
     * codes.def, then the extra results' rule (its place nrules - 1);
     * index[c] each code's place among them */
    enum { NCODES = sizeof dg_codes / sizeof *dg_codes };
    size_t index[NCODES], nrules = 0;
    for (size_t c = 0; c < NCODES; c++)
        index[c] = SIZE_MAX;
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < remit_diag_count(s[k]); i++)
            for (size_t c = 0; c < NCODES; c++)
                if (!strcmp(s[k]->pub[i].code, dg_codes[c].code)) {
                    index[c] = 0;
                    break;
                }
    for (size_t c = 0; c < NCODES; c++) {
        if (index[c] == SIZE_MAX)
            continue;
        index[c] = nrules;
        xo_puts(&o, nrules++ ? ",{\"id\":" : "{\"id\":");
        xp_json_str(&o, dg_codes[c].code);
        xo_puts(&o, ",\"shortDescription\":{\"text\":");
        xp_json_str(&o, dg_codes[c].meaning);
        xo_puts(&o, "},\"defaultConfiguration\":{\"level\":");
        xp_json_str(&o, sarif_level(dg_codes[c].sev));
        xo_puts(&o, "}}");
    }
    size_t first_extra = nrules; /* the extra results' rules: each id once, in the order first given */
    for (size_t i = 0; i < nx; i++) {
        bool again = false;
        for (size_t j = 0; j < i && !again; j++)
            again = !strcmp(x[j].rule, x[i].rule);
        if (again)
            continue;
        xo_puts(&o, nrules++ ? ",{\"id\":" : "{\"id\":");
        xp_json_str(&o, x[i].rule);
        xo_puts(&o, ",\"shortDescription\":{\"text\":");
        xp_json_str(&o, x[i].meaning);
        xo_puts(&o, "},\"defaultConfiguration\":{\"level\":");
        xp_json_str(&o, x[i].level ? x[i].level : "error");
        xo_puts(&o, "}}");
    }
    xo_puts(&o, "]}},\"columnKind\":\"unicodeCodePoints\",\"results\":[");
    size_t said = 0;
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < remit_diag_count(s[k]); i++) {
            const remit_diagnostic *p = &s[k]->pub[i];
            size_t rule = 0;
            for (size_t c = 0; c < NCODES; c++)
                if (!strcmp(dg_codes[c].code, p->code)) {
                    rule = index[c];
                    break;
                }
            sarif_result(&o, &said, p->code, rule, sarif_level(p->severity), p->message, p->hint, p->example,
                         p->example_outcome, p->file, p->line, p->col, p->end_line, p->end_col);
        }
    for (size_t i = 0; i < nx; i++) {
        size_t rule = first_extra; /* its rule's place: among the ids first given before it */
        for (size_t j = 0, distinct = 0; j <= i; j++) {
            bool again = false;
            for (size_t k = 0; k < j && !again; k++)
                again = !strcmp(x[k].rule, x[j].rule);
            if (again)
                continue;
            if (!strcmp(x[j].rule, x[i].rule)) {
                rule = first_extra + distinct;
                break;
            }
            distinct++;
        }
        sarif_result(&o, &said, x[i].rule, rule, x[i].level ? x[i].level : "error", x[i].message, NULL, NULL,
                     NULL, x[i].file, x[i].line, x[i].col ? x[i].col : 1, x[i].line, 0);
    }
    xo_puts(&o, "]}]}\n");
    xo_flush(&o);
}

void remit_render_sarif(const remit_session *const *s, size_t n, FILE *out)
{
    dg_render_sarif(s, n, NULL, 0, out);
}

void dg_github_escaped(FILE *out, const char *t, bool property)
{
    for (; *t; t++) {
        if (*t == '%')
            fputs("%25", out);
        else if (*t == '\r')
            fputs("%0D", out);
        else if (*t == '\n')
            fputs("%0A", out);
        else if (property && *t == ':')
            fputs("%3A", out);
        else if (property && *t == ',')
            fputs("%2C", out);
        else
            fputc(*t, out);
    }
}

void remit_render_github(const remit_session *s, FILE *out)
{
    size_t n = remit_diag_count(s);
    for (size_t i = 0; i < n; i++) {
        const remit_diagnostic *p = &s->pub[i];
        fprintf(out, "::%s ", p->severity == REMIT_ERROR ? "error" : p->severity == REMIT_WARNING ? "warning"
                                                                                                 : "notice");
        if (p->file) {
            fputs("file=", out);
            dg_github_escaped(out, p->file, true);
            unsigned el = p->end_line >= p->line ? p->end_line : p->line;
            fprintf(out, ",line=%u,col=%u,endLine=%u", p->line, p->col, el);
            if (el == p->line && p->end_col >= p->col)
                fprintf(out, ",endColumn=%u", p->end_col);
            fputc(',', out);
        }
        fputs("title=", out);
        dg_github_escaped(out, p->code, true);
        fputs("::", out);
        dg_github_escaped(out, p->message, false);
        if (p->hint) {
            fputs("%0Ahint: ", out);
            dg_github_escaped(out, p->hint, false);
        }
        if (p->example) {
            fputs("%0Aexample: ", out);
            dg_github_escaped(out, p->example, false);
            fputs("%0Aremit eval: ", out);
            dg_github_escaped(out, p->example_outcome, false);
        }
        fputc('\n', out);
    }
}

/* The diagnostics rendered as render renders them, into memory (from
 * open_memstream, so the caller's free() releases it); NULL when memory
 * runs out. */
static char *render_string(const remit_session *s, void (*render)(const remit_session *, FILE *),
                           size_t *len)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *mem = open_memstream(&buf, &n);
    if (!mem)
        return NULL;
    render(s, mem);
    if (fclose(mem) != 0 || !buf) {
        free(buf);
        return NULL;
    }
    if (len)
        *len = n;
    return buf;
}

char *remit_render_text_string(const remit_session *s, size_t *len)
{
    return render_string(s, remit_render_text, len);
}

char *remit_render_json_string(const remit_session *s, size_t *len)
{
    return render_string(s, remit_render_json, len);
}

dg_mark dg_mark_of(const remit_session *s)
{
    return (dg_mark){s->diags.n, s->nerrors, s->suppressed, s->fatal};
}

void dg_mark_back(remit_session *s, dg_mark m)
{
    s->diags.n = m.diags;
    s->nerrors = m.errors;
    s->suppressed = m.suppressed;
    s->fatal = m.fatal;
    s->pub = NULL;
}
