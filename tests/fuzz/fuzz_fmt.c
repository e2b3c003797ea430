/*
 * fuzz_fmt.c - `remit fmt` (SPEC 11.11) on any text: a policy that
 * parses is laid out (remit_format_buffer), and then
 *
 * - laying out what it made changes nothing (one layout, reached at once);
 * - the original and the laid-out text check to the same diagnostics,
 *   code for code and message for message (but for the numbers in it: a
 *   line it names may move), in the same order (the layout moves nothing
 *   a check sees but positions);
 * - R0016 (Remit could not lay it out without changing it) never arises;
 *
 * any of these broken is a crash (abort), which libFuzzer reports.  A
 * text that does not parse is refused with its diagnostics, never laid
 * out.  Named as fuzz_policy.c names its policy: `use "x"` is refused the
 * same way in both, `use nhs.x` reads the real standard library.
 */
#include <stdbool.h>

#include "fuzz.h"

#define FZ_DIR "/nonexistent-remit-fuzz"

static bool fz_said_r0016(const remit_session *s)
{
    for (size_t i = 0; i < remit_diag_count(s); i++)
        if (!strcmp(remit_diag_at(s, i)->code, "R0016"))
            return true;
    return false;
}

/* The same message but for numbers in it (a line it names, which the
 * layout may move). */
static bool fz_same_text(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    for (;;) {
        while (*a >= '0' && *a <= '9')
            a++;
        while (*b >= '0' && *b <= '9')
            b++;
        if (*a != *b)
            return false;
        if (!*a)
            return true;
        a++, b++;
    }
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    remit_options o = {0};
    o.stdlib_dir = FUZZ_ROOT "/stdlib-policies";
    o.root_dir = FZ_DIR;
    remit_session *s = remit_session_new(&o), *s2 = remit_session_new(&o);
    if (!s || !s2)
        fz_die("out of memory");
    char *out = NULL, *again = NULL;
    size_t len = 0, len2 = 0;
    remit_status st = remit_format_buffer(s, FZ_DIR "/fuzz.remit", (const char *)data, size, &out, &len);
    fz_render(s);
    if (fz_said_r0016(s))
        fz_die("R0016: the layout changed the statements");
    if (st == REMIT_OK) {
        if (remit_format_buffer(s2, FZ_DIR "/fuzz.remit", out, len, &again, &len2) != REMIT_OK ||
            len2 != len || memcmp(out, again, len) != 0)
            fz_die("laid out twice, the text changed");
        /* the same diagnostics, before and after */
        int a = remit_check_buffer(s, FZ_DIR "/fuzz.remit", (const char *)data, size);
        int b = remit_check_buffer(s2, FZ_DIR "/fuzz.remit", out, len);
        if (a != b || remit_diag_count(s) != remit_diag_count(s2))
            fz_die("the layout changed what the check says");
        for (size_t i = 0; i < remit_diag_count(s); i++) {
            const remit_diagnostic *x = remit_diag_at(s, i), *y = remit_diag_at(s2, i);
            if (strcmp(x->code, y->code) || !fz_same_text(x->message, y->message))
                fz_die("the layout changed a diagnostic");
        }
    } else if (out) {
        fz_die("a text that failed has a layout");
    }
    free(out);
    free(again);
    remit_session_free(s);
    remit_session_free(s2);
    return 0;
}
