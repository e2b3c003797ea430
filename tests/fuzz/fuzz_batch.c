/*
 * fuzz_batch.c - a batch (JSON Lines, SPEC 7.12): every line read, typed
 * and evaluated against examples/icb-scheme.remit in one batch, with the
 * register tests/eval/registers/icb.yaml and the history
 * tests/eval/histories/acme.yaml loaded once into the context every
 * line is typed against, through remit_evaluate_batch, as an integrator
 * runs a batch.  Records go to /dev/null.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size == 0)
        return 0; /* fmemopen wants at least a byte; an empty batch is tested elsewhere */
    FILE *in = fmemopen((void *)data, size, "r");
    if (!in)
        return 0;
    remit_evaluator *e;
    if (remit_evaluator_new(fz_policy(), fz_context(), &e) == REMIT_OK) {
        size_t bad;
        remit_evaluate_batch(e, in, fz_sink(), &bad);
        fz_render(remit_evaluator_diagnostics(e));
        remit_evaluator_free(e);
    }
    fclose(in);
    return 0;
}
