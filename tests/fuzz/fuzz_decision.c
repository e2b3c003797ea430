/*
 * fuzz_decision.c - a decision (YAML or JSON), read, typed and evaluated
 * against examples/icb-scheme.remit, with the register
 * tests/eval/registers/icb.yaml and the history
 * tests/eval/histories/acme.yaml (so that persons, interests and
 * cumulative limits are reached); the outcome written as text, or as JSON
 * when the input's length is odd, and the input errors rendered.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    const remit_policy *p = fz_policy();
    remit_session *s = remit_session_new(NULL);
    if (!s)
        return 0;
    rm_text d = {"decision.yaml", (const char *)data, size};
    rm_eval_texts(p, s, &d, fz_history(), fz_register(), (int)(size & 1), fz_sink());
    fz_render(s);
    remit_session_free(s);
    return 0;
}
