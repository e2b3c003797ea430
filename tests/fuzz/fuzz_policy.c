/*
 * fuzz_policy.c - a policy: read, parsed, resolved, type checked and, when
 * it checks clean, lowered and put through the analyses of the whole
 * scheme (remit_options.analyse, as `remit check` does, SPEC 8.2); then
 * its diagnostics rendered as text and JSON, and a clean policy compiled
 * and exported (`remit check --emit json`, SPEC 11.9).
 *
 * The policy is named as a file in a folder that does not exist, which is
 * also its root: `use "x.remit"` is refused as unreadable (R0301), always
 * the same way, while `use nhs.x` reads the real standard library.
 */
#include "fuzz.h"

#define FZ_DIR "/nonexistent-remit-fuzz"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    remit_options o = {0};
    o.stdlib_dir = FUZZ_ROOT "/stdlib-policies";
    o.root_dir = FZ_DIR;
    o.analyse = 1;
    remit_session *s = remit_session_new(&o);
    if (!s)
        return 0;
    int rc = remit_check_buffer(s, FZ_DIR "/fuzz.remit", (const char *)data, size);
    fz_render(s);
    if (rc == REMIT_OK) {
        remit_policy *p = remit_compile(s);
        remit_policy_free(p);
        if (remit_export_json(s, fz_sink()) != REMIT_OK)
            abort(); /* a clean policy is always exported */
    }
    remit_session_free(s);
    return 0;
}
