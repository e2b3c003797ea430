/*
 * source.c - reading policy files: size limits, refusing directories,
 * UTF-8 validation, and the line index that turns byte offsets into
 * line and column for diagnostics.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

uint32_t src_add(remit_session *s, const char *path, const char *real,
                 const char *text, uint32_t len, bool owned)
{
    rm_file *f = ar_alloc(&s->arena, sizeof *f);
    f->path = ar_strndup(&s->arena, path, strlen(path));
    f->real = real ? ar_strndup(&s->arena, real, strlen(real)) : f->path;
    if (owned) {
        f->text = text; /* arena memory, NUL-terminated by the caller */
    } else {
        char *copy = ar_alloc(&s->arena, (size_t)len + 1);
        memcpy(copy, text, len);
        f->text = copy;
    }
    f->len = len;
    /* line breaks found with memchr, which looks at many bytes at once:
     * a byte at a time, these two passes were a sixth of a check */
    const char *end = text + len;
    uint32_t nl = 1;
    for (const char *q = text; (q = memchr(q, '\n', (size_t)(end - q))); q++)
        nl++;
    f->line_starts = ar_alloc_raw(&s->arena, nl * sizeof *f->line_starts);
    f->line_starts[0] = 0;
    uint32_t k = 1;
    for (const char *q = text; (q = memchr(q, '\n', (size_t)(end - q))); q++)
        f->line_starts[k++] = (uint32_t)(q - text) + 1;
    f->nlines = nl;
    s->lines += nl;
    rm_vec_push(&s->arena, &s->files, f);
    return s->files.n - 1;
}

/* Length of the UTF-8 sequence at p (at most n bytes), 0 if invalid. */
unsigned src_utf8_len(const unsigned char *p, size_t n)
{
    unsigned char c = p[0];
    if (c < 0x80)
        return 1;
    unsigned len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
    else return 0;
    if (n < len)
        return 0;
    for (unsigned i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

bool src_validate(remit_session *s, uint32_t file)
{
    rm_file *f = s->files.v[file];
    const unsigned char *p = (const unsigned char *)f->text;
    for (uint32_t i = 0; i < f->len;) {
        /* eight bytes of ASCII with no NUL at once: most of a policy */
        while (f->len - i >= 8) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if ((w & 0x8080808080808080u) || ((w - 0x0101010101010101u) & ~w & 0x8080808080808080u))
                break;
            i += 8;
        }
        if (i == f->len)
            break;
        if (p[i] == 0) {
            rm_loc loc = {file, i, i + 1};
            dg_item *d = dg_error(s, loc, "R0006",
                                  "this file contains a NUL byte, so it is not a text file");
            dg_hint(s, d, "Remit reads plain UTF-8 text; check that the right file was given");
            return false;
        }
        unsigned l = src_utf8_len(p + i, f->len - i);
        if (!l) {
            rm_loc loc = {file, i, i + 1};
            dg_item *d = dg_error(s, loc, "R0005",
                                  "this file is not valid UTF-8 text (byte 0x%02X)", p[i]);
            dg_hint(s, d, "save the file as UTF-8; if it came from a word "
                          "processor, export it as plain text");
            return false;
        }
        i += l;
    }
    return true;
}

/* R0011 for a file past max bytes: a policy or an input
 * (RM_MAX_FILE_BYTES), or a history (RM_MAX_HISTORY_BYTES). */
void src_too_large(remit_session *s, const rm_loc *from, const char *shown, size_t max)
{
    dg_item *d;
    if (max == RM_MAX_HISTORY_BYTES) {
        d = dg_report(s, REMIT_ERROR, from, "R0011", "'%s' is larger than %u MiB, the most Remit reads "
                      "as a history", shown, (unsigned)(max >> 20));
        dg_hint(s, d, "a history need hold only the decisions of the longest period the policy's "
                      "cumulative limits look back over, and those taken under crisis powers: leave "
                      "out the older ones");
        return;
    }
    d = dg_report(s, REMIT_ERROR, from, "R0011", "'%s' is larger than %u MiB, the most Remit reads "
                  "from one file", shown, (unsigned)(max >> 20));
    dg_hint(s, d, "a policy can be split into several files joined with `use`; a decision, register "
                  "or test file is far smaller, so check that the right file was given");
}

static void close_file(void *fp) { fclose(fp); }

uint32_t src_read(remit_session *s, const char *path, const char *shown, const rm_loc *from)
{
    return src_read_max(s, path, shown, from, RM_MAX_FILE_BYTES);
}

uint32_t src_read_max(remit_session *s, const char *path, const char *shown, const rm_loc *from,
                      size_t max)
{
    dg_item *d = NULL;
    struct stat st;
    FILE *fp = NULL;
    uint32_t result = UINT32_MAX;

    if (stat(path, &st) != 0 || !(fp = fopen(path, "rb"))) {
        int e = errno;
        d = dg_report(s, REMIT_ERROR, from, "R0301", "cannot read '%s': %s", shown, strerror(e));
        dg_hint(s, d, "check the file name, that the file exists and that you may read it");
        goto out;
    }
    rm_cleanup_push(s, close_file, fp); /* closed on unwinding too */
    if (S_ISDIR(st.st_mode)) {
        d = dg_report(s, REMIT_ERROR, from, "R0301", "'%s' is a folder, not a file", shown);
        dg_hint(s, d, "name the file itself, not the folder that holds it");
        goto out;
    }
    if (st.st_size > (off_t)max) {
        src_too_large(s, from, shown, max);
        goto out;
    }
    /* a regular file: read at most one byte past its size, in case it
     * grew; a pipe (/dev/stdin, <(...)) has no size: read in growing
     * steps up to the limit */
    bool regular = S_ISREG(st.st_mode);
    size_t cap = regular ? (size_t)st.st_size + 1 : 65536, len = 0;
    char *buf = ar_alloc(&s->arena, cap + 1);
    for (;;) {
        size_t got = fread(buf + len, 1, cap - len, fp);
        len += got;
        if (got == 0 || (len == cap && regular))
            break;
        if (len == cap) {
            if (cap > max)
                break;
            char *nb = ar_alloc(&s->arena, cap * 2 + 1);
            memcpy(nb, buf, len);
            buf = nb;
            cap *= 2;
        }
    }
    if (ferror(fp)) {
        int e = errno;
        d = dg_report(s, REMIT_ERROR, from, "R0301", "cannot read '%s': %s", shown, strerror(e));
        dg_hint(s, d, "check that the file can be read");
        goto out;
    }
    if (!regular && len > max) {
        src_too_large(s, from, shown, max);
        goto out;
    }
    if (regular && len == cap) {
        d = dg_report(s, REMIT_ERROR, from, "R0011", "'%s' changed size while it was being read", shown);
        dg_hint(s, d, "check it again once whatever is writing it has finished");
        goto out;
    }
    char realbuf[PATH_MAX];
    const char *real = realpath(path, realbuf) ? realbuf : path;
    buf[len] = '\0';
    result = src_add(s, path, real, buf, (uint32_t)len, true);
out:
    if (fp) {
        rm_cleanup_pop(s, fp);
        fclose(fp);
    }
    return result;
}

const char *src_show(rm_arena *a, const char *p, size_t n)
{
    enum { SHOW_MAX = 40 };
    char *out = ar_alloc(a, SHOW_MAX * 4 + 4);
    size_t o = 0, i = 0;
    for (unsigned k = 0; i < n && k < SHOW_MAX; k++) {
        unsigned char b = (unsigned char)p[i];
        unsigned l = b < 0x80 ? 1 : src_utf8_len((const unsigned char *)p + i, n - i);
        if (l > 1) {
            memcpy(out + o, p + i, l);
            o += l;
            i += l;
            continue;
        }
        out[o++] = l == 1 && b >= 0x20 && b != 0x7F ? (char)b : '?';
        i++;
    }
    if (i < n) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o] = '\0';
    return out;
}

uint32_t src_line_end(const rm_file *f, uint32_t start)
{
    uint32_t e = start;
    while (e < f->len && f->text[e] != '\n' && f->text[e] != '\r')
        e++;
    while (e > start && (f->text[e - 1] == ' ' || f->text[e - 1] == '\t'))
        e--;
    return e;
}
