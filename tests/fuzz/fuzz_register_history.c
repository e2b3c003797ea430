/*
 * fuzz_register_history.c - the same bytes read as a history and then as
 * a register, each with a fixed good decision against
 * examples/icb-scheme.remit: a spend with Acme (so that a history's
 * cumulative totals count) and the same decided by a person named in the
 * register (so that a register's roles and interests are used).
 */
#include <stdbool.h>

#include "fuzz.h"

static const char decision[] =
    "{\"matter\":\"spend\",\"decider\":\"cfo\",\"date\":\"2026-11-20\",\"fields\":{\"amount\":"
    "\"£200,000\",\"category\":\"revenue\",\"risk\":3,\"supplier\":\"Acme Health Ltd\"},"
    "\"context\":{\"incident_level\":0}}\n";
static const char by_person[] =
    "matter: spend\ndecider: { person: \"Dana Ortiz\" }\nbody: board\ndate: 2026-11-20\n"
    "fields: { amount: \"£200,000\", category: revenue, risk: 3, supplier: \"Acme Health Ltd\" }\n"
    "context: { incident_level: 0 }\n";

/* The bytes as the history (first) or the register of a context; when
 * it loads, the decision d evaluated with it. */
static void with_context(const remit_input *in, bool as_history, const char *d, size_t len)
{
    remit_context *c = NULL;
    remit_session *diags = NULL;
    if (remit_context_load(fz_policy(), as_history ? NULL : in, as_history ? in : NULL, &c, &diags) ==
        REMIT_OK) {
        remit_evaluator *e = NULL;
        const remit_outcome *o;
        if (remit_evaluator_new(fz_policy(), c, &e) == REMIT_OK && remit_evaluate(e, d, len, &o) == REMIT_OK)
            fz_outcome(o);
        remit_evaluator_free(e);
    }
    if (diags)
        fz_render(diags);
    remit_session_free(diags);
    remit_context_free(c);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    remit_input in = {NULL, "input.yaml", (const char *)data, size};
    with_context(&in, true, decision, sizeof decision - 1);
    with_context(&in, false, by_person, sizeof by_person - 1);
    return 0;
}
