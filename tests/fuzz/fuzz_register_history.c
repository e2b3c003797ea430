/*
 * fuzz_register_history.c - the same bytes read as a history and then as
 * a register, each with a fixed good decision against
 * examples/icb-scheme.remit: a spend with Acme (so that a history's
 * cumulative totals count) and the same decided by a person named in the
 * register (so that a register's roles and interests are used).
 */
#include "fuzz.h"

static const char decision[] =
    "{\"matter\":\"spend\",\"decider\":\"cfo\",\"date\":\"2026-11-20\",\"fields\":{\"amount\":"
    "\"£200,000\",\"category\":\"revenue\",\"risk\":3,\"supplier\":\"Acme Health Ltd\"},"
    "\"context\":{\"incident_level\":0}}\n";
static const char by_person[] =
    "matter: spend\ndecider: { person: \"Dana Ortiz\" }\nbody: board\ndate: 2026-11-20\n"
    "fields: { amount: \"£200,000\", category: revenue, risk: 3, supplier: \"Acme Health Ltd\" }\n"
    "context: { incident_level: 0 }\n";

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    const remit_policy *p = fz_policy();
    rm_text in = {"input.yaml", (const char *)data, size};
    rm_text d = {"decision.json", decision, sizeof decision - 1};
    remit_session *s = remit_session_new(NULL);
    if (s) {
        rm_eval_texts(p, s, &d, &in, NULL, 0, fz_sink());
        fz_render(s);
        remit_session_free(s);
    }
    rm_text dp = {"decision.yaml", by_person, sizeof by_person - 1};
    s = remit_session_new(NULL);
    if (s) {
        rm_eval_texts(p, s, &dp, NULL, &in, 1, fz_sink());
        fz_render(s);
        remit_session_free(s);
    }
    return 0;
}
