/*
 * fuzz_decision.c - a decision (YAML or JSON), read, typed and evaluated
 * against examples/icb-scheme.remit, with the register
 * tests/eval/registers/icb.yaml and the history
 * tests/eval/histories/acme.yaml (so that persons, interests and
 * cumulative limits are reached), through the in-memory API of remit.h:
 * every part of the outcome read and rendered both ways, or the input
 * errors rendered.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    /* one evaluator for every input, as a validator keeps one per thread */
    static remit_evaluator *e;
    if (!e && remit_evaluator_new(fz_policy(), fz_context(), &e) != REMIT_OK)
        fz_die("out of memory");
    const remit_outcome *o;
    if (remit_evaluate(e, (const char *)data, size, &o) == REMIT_OK)
        fz_outcome(o);
    else
        fz_render(remit_evaluator_diagnostics(e));
    return 0;
}
