/*
 * fuzz_batch.c - a batch (JSON Lines, SPEC 7.12): every line read, typed
 * and evaluated against examples/icb-scheme.remit in one batch, with the
 * register tests/eval/registers/icb.yaml and the history
 * tests/eval/histories/acme.yaml shared by all lines (their text table is
 * the base every line's texts continue from).  Records go to /dev/null.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size == 0)
        return 0; /* fmemopen wants at least a byte; an empty batch is tested elsewhere */
    const remit_policy *p = fz_policy();
    FILE *in = fmemopen((void *)data, size, "r");
    if (!in)
        return 0;
    remit_session *s = remit_session_new(NULL);
    if (s) {
        rm_text h = fz_text(fz_history()), r = fz_text(fz_register());
        rm_eval_batch_texts(p, s, in, &h, &r, fz_sink());
        fz_render(s);
        remit_session_free(s);
    }
    fclose(in);
    return 0;
}
