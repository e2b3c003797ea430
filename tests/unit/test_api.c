/*
 * test_api.c - evaluation in memory through remit.h alone (SPEC 11.7.2),
 * as an integrator uses it: a policy loaded once, a register and a
 * history loaded from memory into a context, evaluators that give
 * outcomes read through accessors and rendered as text and JSON, input
 * errors that belong to one evaluation, the statuses, a batch, test
 * files run as data, and four threads sharing one policy and one
 * context.  No internal header is included.
 */
#include <pthread.h>

#include "helpers.h"

static const char good[] = RT_SPEND_DECISION("Northfield Supplies Ltd", "revenue", "£200,000");
static const char capital[] = RT_SPEND_DECISION("Northfield Supplies Ltd", "capital", "£200,000");

/* The whole of a small file, for giving it as text. */
typedef struct world {
    remit_policy *p;
    remit_context *ctx;
} world;

static int world_setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    remit_options o;
    remit_options_init(&o);
    o.stdlib_dir = rt_stdlib_dir();
    remit_input in = {RT_ICB_POLICY, NULL, NULL, 0};
    remit_session *diags = NULL;
    if (!w || remit_policy_load(&o, &in, &w->p, &diags) != REMIT_OK)
        return -1;
    remit_session_free(diags);
    size_t len;
    char *text = rt_slurp(RT_ICB_REGISTER, &len);
    remit_input reg = {NULL, "register.yaml", text, len};
    remit_status st = remit_context_load(w->p, &reg, NULL, &w->ctx, NULL);
    free(text); /* the context keeps its own copy */
    if (st != REMIT_OK)
        return -1;
    *state = w;
    return 0;
}

static int world_teardown(void **state)
{
    world *w = *state;
    remit_context_free(w->ctx);
    remit_policy_free(w->p);
    free(w);
    return 0;
}

/* A permitted decision, read field by field. */
static void test_permitted_accessors(void **state)
{
    world *w = *state;
    remit_evaluator *e;
    assert_int_equal(remit_evaluator_new(w->p, w->ctx, &e), REMIT_OK);
    const remit_outcome *o;
    assert_int_equal(remit_evaluate(e, good, strlen(good), &o), REMIT_OK);
    assert_int_equal(remit_outcome_kind_of(o), REMIT_PERMITTED);
    assert_string_equal(remit_outcome_word(o), "permitted");
    assert_string_equal(remit_outcome_matter(o), "spend");
    assert_string_equal(remit_outcome_decider(o), "cfo");
    assert_null(remit_outcome_escalate_to(o));
    assert_string_equal(remit_outcome_accountable(o), "board");
    /* board -> ceo -> cfo, each link with the rule that passes it on */
    assert_int_equal(remit_outcome_chain_length(o), 3);
    remit_link l;
    static const char *const chain[] = {"board", "ceo", "cfo"};
    for (size_t i = 0; i < 3; i++) {
        assert_true(remit_outcome_chain_at(o, i, &l));
        assert_string_equal(l.holder, chain[i]);
        assert_int_equal(l.is_protocol, 0);
        if (i == 0)
            assert_null(l.rule.file);
        else {
            assert_non_null(strstr(l.rule.file, "icb-scheme.remit"));
            assert_true(l.rule.line > 0);
            assert_non_null(strstr(l.rule.text, "delegate spend"));
        }
    }
    assert_false(remit_outcome_chain_at(o, 3, &l));
    assert_int_equal(remit_outcome_obligation_count(o), 1);
    remit_obligation ob;
    assert_true(remit_outcome_obligation_at(o, 0, &ob));
    assert_string_equal(ob.text, "report to ICB Board by 2026-12-20");
    assert_string_equal(ob.due, "2026-12-20");
    /* where the obligation itself is written, as the JSON says: the line
     * after its delegation's */
    assert_non_null(strstr(ob.rule.file, "icb-scheme.remit"));
    remit_link last;
    assert_true(remit_outcome_chain_at(o, 1, &last));
    assert_int_equal(ob.rule.line, last.rule.line + 1);
    char where[64];
    snprintf(where, sizeof where, "\"line\":%u}]", ob.rule.line);
    assert_non_null(strstr(remit_outcome_json(o, NULL), where));
    assert_int_equal(remit_outcome_obligations_dropped(o), 0);
    assert_null(remit_outcome_decider_person(o));
    assert_int_equal(remit_outcome_reason_count(o), 0);
    assert_int_equal(remit_outcome_finding_count(o), 0);
    /* rendered as remit eval renders it */
    size_t len;
    const char *text = remit_outcome_text(o, &len);
    assert_non_null(text);
    assert_int_equal(len, strlen(text));
    assert_true(!strncmp(text, "permitted: ", 11));
    const char *json = remit_outcome_json(o, NULL);
    assert_non_null(json);
    assert_non_null(strstr(json, "\"schema\":\"remit.outcome/2\""));
    assert_non_null(strstr(json, "\"outcome\":\"permitted\""));
    remit_evaluator_free(e);
}

/* An escalation: where it goes, and each reason with its rule. */
static void test_escalate_reasons(void **state)
{
    world *w = *state;
    remit_evaluator *e;
    assert_int_equal(remit_evaluator_new(w->p, w->ctx, &e), REMIT_OK);
    const remit_outcome *o;
    assert_int_equal(remit_evaluate(e, capital, strlen(capital), &o), REMIT_OK);
    assert_int_equal(remit_outcome_kind_of(o), REMIT_ESCALATE);
    assert_string_equal(remit_outcome_escalate_to(o), "ceo");
    assert_null(remit_outcome_accountable(o));
    assert_int_equal(remit_outcome_chain_length(o), 0);
    assert_true(remit_outcome_reason_count(o) >= 1);
    remit_reason r;
    assert_true(remit_outcome_reason_at(o, 0, &r));
    assert_string_equal(r.kind, "outside_delegated_authority");
    assert_non_null(strstr(r.message, "category"));
    assert_non_null(r.rule.file);
    assert_false(remit_outcome_reason_at(o, remit_outcome_reason_count(o), &r));
    remit_evaluator_free(e);
}

/* Everything that stands in the way (SPEC 7.11): £6m is reserved to the
 * Board (the outcome's reason), and the finance director also lacks a
 * co-signature, passes her cumulative limit and is past her own
 * authority: the `also` reasons, each with its sentence and rule. */
static void test_also_reasons(void **state)
{
    world *w = *state;
    remit_evaluator *e;
    assert_int_equal(remit_evaluator_new(w->p, w->ctx, &e), REMIT_OK);
    const remit_outcome *o;
    static const char big[] = RT_SPEND_DECISION("Northfield Supplies Ltd", "revenue", "£6,000,000");
    assert_int_equal(remit_evaluate(e, big, strlen(big), &o), REMIT_OK);
    assert_int_equal(remit_outcome_kind_of(o), REMIT_ESCALATE);
    assert_int_equal(remit_outcome_reason_count(o), 1);
    remit_reason r;
    assert_true(remit_outcome_reason_at(o, 0, &r));
    assert_string_equal(r.kind, "reserved");
    static const char *const kinds[] = {"signatures", "cumulative_limit", "outside_delegated_authority"};
    assert_int_equal(remit_outcome_also_count(o), 3);
    for (size_t i = 0; i < 3; i++) {
        assert_true(remit_outcome_also_at(o, i, &r));
        assert_string_equal(r.kind, kinds[i]);
        assert_non_null(r.rule.file);
        assert_non_null(strstr(r.message, "£6,000,000"));
    }
    assert_false(remit_outcome_also_at(o, 3, &r));
    assert_false(remit_outcome_also_at(o, 0, NULL));
    /* a permitted decision has none */
    static const char small[] = RT_SPEND_DECISION("Northfield Supplies Ltd", "revenue", "£2,000");
    assert_int_equal(remit_evaluate(e, small, strlen(small), &o), REMIT_OK);
    assert_int_equal(remit_outcome_kind_of(o), REMIT_PERMITTED);
    assert_int_equal(remit_outcome_also_count(o), 0);
    assert_false(remit_outcome_also_at(o, 0, &r));
    remit_evaluator_free(e);
}

/* The register given as text in the context counts: the finance
 * director's declared interest in Acme Health Ltd makes her stand aside. */
static void test_context_register(void **state)
{
    world *w = *state;
    static const char acme[] = RT_SPEND_DECISION("Acme Health Ltd", "revenue", "£200,000");
    remit_evaluator *with, *without;
    assert_int_equal(remit_evaluator_new(w->p, w->ctx, &with), REMIT_OK);
    assert_int_equal(remit_evaluator_new(w->p, NULL, &without), REMIT_OK);
    const remit_outcome *a, *b;
    assert_int_equal(remit_evaluate(with, acme, strlen(acme), &a), REMIT_OK);
    assert_int_equal(remit_evaluate(without, acme, strlen(acme), &b), REMIT_OK);
    assert_int_not_equal(remit_outcome_kind_of(a), REMIT_PERMITTED);
    assert_int_equal(remit_outcome_kind_of(b), REMIT_PERMITTED);
    bool conflicted = false;
    remit_reason r;
    for (size_t i = 0; remit_outcome_reason_at(a, i, &r); i++)
        if (!strcmp(r.kind, "conflicted_decider")) {
            conflicted = true;
            /* it stands on the conflicts category, as the JSON's "rule" */
            assert_non_null(r.rule.file);
            assert_non_null(strstr(r.rule.file, "conflicts_default.remit"));
            assert_true(r.rule.line > 0);
            assert_null(r.other_rule.file);
        }
    assert_true(conflicted);
    /* a decider named as a person of the register */
    static const char person[] =
        "{\"matter\":\"spend\",\"decider\":{\"person\":\"Dana Ortiz\"},\"date\":\"2026-11-20\","
        "\"fields\":{\"amount\":\"£200,000\",\"category\":\"revenue\",\"risk\":3,"
        "\"supplier\":\"Northfield Supplies Ltd\"},\"context\":{\"incident_level\":0}}";
    const remit_outcome *c;
    assert_int_equal(remit_evaluate(with, person, strlen(person), &c), REMIT_OK);
    assert_string_equal(remit_outcome_decider(c), "cfo");
    assert_string_equal(remit_outcome_decider_person(c), "Dana Ortiz");
    remit_evaluator_free(with);
    remit_evaluator_free(without);
}

/* A malformed decision: REMIT_E_INPUT with its diagnostics, which belong
 * to that evaluation alone (none left after the next good one). */
static void test_input_errors_belong_to_one_evaluation(void **state)
{
    world *w = *state;
    remit_evaluator *e;
    assert_int_equal(remit_evaluator_new(w->p, w->ctx, &e), REMIT_OK);
    const remit_outcome *o = (const remit_outcome *)1;
    static const char bad[] = "{\"matter\":\"spend\",\"date\":\"2026-11-20\"}";
    for (int round = 0; round < 3; round++) {
        assert_int_equal(remit_evaluate(e, bad, strlen(bad), &o), REMIT_E_INPUT);
        assert_null(o);
        const remit_session *d = remit_evaluator_diagnostics(e);
        assert_true(remit_error_count(d) >= 1); /* the same faults each time, not more */
        size_t n = remit_diag_count(d);
        bool found = false;
        for (size_t i = 0; i < n; i++)
            found |= !strcmp(remit_diag_at(d, i)->code, "R0725");
        assert_true(found);
        static size_t first;
        if (round == 0)
            first = n;
        assert_int_equal(n, first);
        /* rendered into memory, without a stream */
        size_t tl, jl;
        char *t = remit_render_text_string(d, &tl), *j = remit_render_json_string(d, &jl);
        assert_non_null(t);
        assert_non_null(j);
        assert_int_equal(tl, strlen(t));
        assert_non_null(strstr(t, "error[R0725]"));
        assert_non_null(strstr(j, "\"schema\":\"remit.diagnostics/1\""));
        assert_int_equal(jl, strlen(j));
        free(t);
        free(j);
    }
    assert_int_equal(remit_evaluate(e, good, strlen(good), &o), REMIT_OK);
    assert_int_equal(remit_diag_count(remit_evaluator_diagnostics(e)), 0);
    /* an outcome kept past a failed evaluation reads as empty, never as
     * the memory left behind; so does no outcome at all */
    const remit_outcome *stale = o;
    assert_int_equal(remit_evaluate(e, bad, strlen(bad), &o), REMIT_E_INPUT);
    assert_null(remit_outcome_word(stale));
    assert_null(remit_outcome_matter(stale));
    assert_null(remit_outcome_json(stale, NULL));
    assert_int_equal(remit_outcome_chain_length(stale), 0);
    assert_int_equal(remit_outcome_reason_count(NULL), 0);
    assert_null(remit_outcome_decider(NULL));
    /* a decision named by the caller, or read from a file */
    remit_input named = {NULL, "order 4711", bad, strlen(bad)};
    assert_int_equal(remit_evaluate_input(e, &named, &o), REMIT_E_INPUT);
    assert_string_equal(remit_diag_at(remit_evaluator_diagnostics(e), 0)->file, "order 4711");
    remit_input file = {"examples/decisions/cfo-revenue-spend.yaml", NULL, NULL, 0};
    assert_int_equal(remit_evaluate_input(e, &file, &o), REMIT_OK);
    assert_int_equal(remit_outcome_kind_of(o), REMIT_PERMITTED);
    remit_input missing = {"no/such/decision.yaml", NULL, NULL, 0};
    assert_int_equal(remit_evaluate_input(e, &missing, &o), REMIT_E_UNREADABLE);
    assert_string_equal(remit_diag_at(remit_evaluator_diagnostics(e), 0)->code, "R0301");
    /* YAML too, and text that is not a decision at all */
    static const char yaml[] = "matter: spend\ndecider: cfo\n";
    assert_int_equal(remit_evaluate(e, yaml, strlen(yaml), &o), REMIT_E_INPUT);
    assert_int_equal(remit_evaluate(e, "\xff\xfe", 2, &o), REMIT_E_INPUT);
    assert_int_equal(remit_evaluate(e, NULL, 0, &o), REMIT_E_INPUT);
    assert_int_equal(remit_evaluate(e, NULL, 5, &o), REMIT_E_ARGUMENT);
    assert_int_equal(remit_evaluate(NULL, good, 3, &o), REMIT_E_ARGUMENT);
    remit_evaluator_free(e);
}

static void test_statuses(void **state)
{
    world *w = *state;
    remit_policy *p = (remit_policy *)1;
    remit_session *d = NULL;
    remit_input missing = {"no/such/policy.remit", NULL, NULL, 0};
    assert_int_equal(remit_policy_load(NULL, &missing, &p, &d), REMIT_E_UNREADABLE);
    assert_null(p);
    assert_non_null(d);
    assert_string_equal(remit_diag_at(d, 0)->code, "R0301");
    remit_session_free(d);
    static const char broken[] = "policy \"x\"\nrole ceo \"Chief\" is nobody\n";
    remit_input text = {NULL, "broken.remit", broken, sizeof broken - 1};
    assert_int_equal(remit_policy_load(NULL, &text, &p, &d), REMIT_E_POLICY);
    assert_true(remit_error_count(d) >= 1);
    remit_session_free(d);
    assert_int_equal(remit_policy_load(NULL, NULL, &p, NULL), REMIT_E_ARGUMENT);
    /* a context whose register is malformed, or missing */
    static const char badreg[] = "people:\n  - { name: A, roles: [nobody] }\n";
    remit_input reg = {NULL, "reg.yaml", badreg, sizeof badreg - 1};
    remit_context *c = (remit_context *)1;
    assert_int_equal(remit_context_load(w->p, &reg, NULL, &c, &d), REMIT_E_INPUT);
    assert_null(c);
    assert_string_equal(remit_diag_at(d, 0)->code, "R0721");
    remit_session_free(d);
    remit_input noreg = {"no/such/register.yaml", NULL, NULL, 0};
    assert_int_equal(remit_context_load(w->p, &noreg, NULL, &c, NULL), REMIT_E_UNREADABLE);
    /* a history from memory: cumulative limits see it */
    static const char hist[] = "- {\"matter\":\"spend\",\"decider\":\"cfo\",\"date\":\"2026-06-01\",\"fields\":"
                               "{\"amount\":\"£400,000\",\"category\":\"revenue\",\"risk\":3,\"supplier\":"
                               "\"Northfield Supplies Ltd\"},\"context\":{\"incident_level\":0}}\n";
    remit_input h = {NULL, "history.yaml", hist, sizeof hist - 1};
    assert_int_equal(remit_context_load(w->p, NULL, &h, &c, &d), REMIT_OK);
    assert_int_equal(remit_diag_count(d), 0);
    remit_session_free(d);
    remit_evaluator *e;
    assert_int_equal(remit_evaluator_new(w->p, c, &e), REMIT_OK);
    const remit_outcome *o;
    assert_int_equal(remit_evaluate(e, good, strlen(good), &o), REMIT_OK);
    assert_int_equal(remit_outcome_kind_of(o), REMIT_ESCALATE); /* £600,000 with the history */
    remit_evaluator_free(e);
    remit_context_free(c);
    /* an evaluator of one policy with another's context is refused */
    static const char other[] = "policy \"other\"\nrole ceo \"Chief\"\n";
    remit_input oin = {NULL, "other.remit", other, sizeof other - 1};
    remit_policy *p2;
    assert_int_equal(remit_policy_load(NULL, &oin, &p2, NULL), REMIT_OK);
    remit_evaluator *bad = (remit_evaluator *)1;
    assert_int_equal(remit_evaluator_new(p2, w->ctx, &bad), REMIT_E_ARGUMENT);
    assert_null(bad);
    assert_int_equal(remit_evaluator_new(NULL, NULL, &bad), REMIT_E_ARGUMENT);
    assert_int_equal(remit_evaluator_new(p2, NULL, NULL), REMIT_E_ARGUMENT);
    remit_policy_free(p2);
    assert_string_equal(remit_status_text(REMIT_E_POLICY), "the policy has errors");
    assert_string_equal(remit_version(), REMIT_VERSION);
    assert_true(remit_version_number() >= 100);
}

/* A decision built through the API answers as the same decision written
 * as text, and is typed the same way: a bad value is an input error. */
static void test_built_decision(void **state)
{
    world *w = *state;
    remit_evaluator *e;
    assert_int_equal(remit_evaluator_new(w->p, w->ctx, &e), REMIT_OK);
    const remit_outcome *o;
    assert_int_equal(remit_evaluate(e, good, strlen(good), &o), REMIT_OK);
    char *want = strdup(remit_outcome_json(o, NULL));
    remit_decision *d = remit_decision_new();
    assert_non_null(d);
    assert_int_equal(remit_decision_set(d, "matter", "spend"), REMIT_OK);
    assert_int_equal(remit_decision_set(d, "decider", "ceo"), REMIT_OK);
    assert_int_equal(remit_decision_set(d, "decider", "cfo"), REMIT_OK); /* the last value stands */
    assert_int_equal(remit_decision_set(d, "date", "2026-11-20"), REMIT_OK);
    assert_int_equal(remit_decision_field_text(d, "amount", "£200,000"), REMIT_OK);
    assert_int_equal(remit_decision_field_text(d, "category", "revenue"), REMIT_OK);
    assert_int_equal(remit_decision_field_number(d, "risk", 3), REMIT_OK);
    assert_int_equal(remit_decision_field_text(d, "supplier", "Northfield Supplies Ltd"), REMIT_OK);
    assert_int_equal(remit_decision_context_number(d, "incident_level", 0), REMIT_OK);
    assert_int_equal(remit_evaluate_decision(e, d, &o), REMIT_OK);
    assert_string_equal(remit_outcome_json(o, NULL), want);
    free(want);
    /* text that needs escaping stays text: quotes, a backslash, a newline */
    assert_int_equal(remit_decision_field_text(d, "supplier", "\"Acme\" \\ Health\nLtd"), REMIT_OK);
    assert_int_equal(remit_evaluate_decision(e, d, &o), REMIT_OK);
    assert_int_equal(remit_outcome_kind_of(o), REMIT_PERMITTED);
    /* a capital item goes up, as written */
    assert_int_equal(remit_decision_field_text(d, "category", "capital"), REMIT_OK);
    assert_int_equal(remit_evaluate_decision(e, d, &o), REMIT_OK);
    assert_string_equal(remit_outcome_escalate_to(o), "ceo");
    /* typed as any decision: a score given as a yes/no is an input error */
    assert_int_equal(remit_decision_field_bool(d, "risk", 1), REMIT_OK);
    assert_int_equal(remit_evaluate_decision(e, d, &o), REMIT_E_INPUT);
    assert_string_equal(remit_diag_at(remit_evaluator_diagnostics(e), 0)->file, "decision (built)");
    /* a co-signatory and a key given as JSON are read too */
    assert_int_equal(remit_decision_field_number(d, "risk", 3), REMIT_OK);
    assert_int_equal(remit_decision_co_signatory(d, "ceo"), REMIT_OK);
    assert_int_equal(remit_decision_set_json(d, "decider", "{\"person\": \"Dana Ortiz\"}"), REMIT_OK);
    assert_int_equal(remit_evaluate_decision(e, d, &o), REMIT_OK);
    assert_string_equal(remit_outcome_decider_person(o), "Dana Ortiz");
    assert_int_equal(remit_decision_set(NULL, "matter", "spend"), REMIT_E_ARGUMENT);
    assert_int_equal(remit_decision_set(d, "matter", NULL), REMIT_E_ARGUMENT);
    assert_int_equal(remit_evaluate_decision(e, NULL, &o), REMIT_E_ARGUMENT);
    remit_decision_free(d);
    remit_evaluator_free(e);
}

/* An urgent decision built through the API (SPEC 7.15): `urgent` given as
 * JSON; the reason names the urgent power and the reservation it takes
 * the decision from; without it, the reservation stands. */
static void test_built_urgent_decision(void **state)
{
    (void)state;
    remit_session *s = remit_session_new(NULL);
    assert_non_null(s);
    assert_int_equal(remit_check_file(s, "tests/eval/policies/urgent.remit"), REMIT_OK);
    remit_policy *p = remit_compile(s);
    assert_non_null(p);
    remit_evaluator *e;
    assert_int_equal(remit_evaluator_new(p, NULL, &e), REMIT_OK);
    remit_decision *d = remit_decision_new();
    assert_non_null(d);
    assert_int_equal(remit_decision_set(d, "matter", "spend"), REMIT_OK);
    assert_int_equal(remit_decision_set(d, "decider", "ceo"), REMIT_OK);
    assert_int_equal(remit_decision_set(d, "date", "2026-11-20"), REMIT_OK);
    assert_int_equal(remit_decision_field_text(d, "amount", "£6,000,000"), REMIT_OK);
    assert_int_equal(remit_decision_field_text(d, "category", "revenue"), REMIT_OK);
    assert_int_equal(remit_decision_co_signatory(d, "chair"), REMIT_OK);
    const remit_outcome *o;
    assert_int_equal(remit_evaluate_decision(e, d, &o), REMIT_OK);
    assert_int_equal(remit_outcome_kind_of(o), REMIT_ESCALATE);
    assert_int_equal(remit_decision_set_json(d, "urgent", "true"), REMIT_OK);
    assert_int_equal(remit_evaluate_decision(e, d, &o), REMIT_OK);
    assert_int_equal(remit_outcome_kind_of(o), REMIT_PERMITTED);
    assert_int_equal(remit_outcome_reason_count(o), 1);
    remit_reason r;
    assert_int_equal(remit_outcome_reason_at(o, 0, &r), 1);
    assert_string_equal(r.kind, "urgent_decision");
    assert_int_equal(r.rule.line, 36);
    assert_int_equal(r.other_rule.line, 27);
    /* typed as any decision: urgent is true or false */
    assert_int_equal(remit_decision_set(d, "urgent", "yes"), REMIT_OK);
    assert_int_equal(remit_evaluate_decision(e, d, &o), REMIT_E_INPUT);
    remit_decision_free(d);
    remit_evaluator_free(e);
    remit_policy_free(p);
    remit_session_free(s);
}

/* A calendar of meetings given as text through remit_context_open (SPEC
 * 7.1.6): a deadline `at next meeting` takes the body's next meeting;
 * a calendar with a fault is an input error, with its place. */
static void test_context_calendar(void **state)
{
    (void)state;
    remit_session *s = remit_session_new(NULL);
    assert_int_equal(remit_check_file(s, "tests/eval/policies/meetings.remit"), REMIT_OK);
    remit_policy *p = remit_compile(s);
    assert_non_null(p);
    static const char cal[] = "meetings: { audit: [2027-01-07, 2026-12-10] }\n";
    remit_input cin = {NULL, "calendar", cal, sizeof cal - 1};
    remit_context_files f;
    remit_context_files_init(&f);
    f.calendar = &cin;
    remit_context *ctx;
    remit_session *diags;
    assert_int_equal(remit_context_open(p, &f, &ctx, &diags), REMIT_OK);
    remit_session_free(diags);
    remit_evaluator *e;
    assert_int_equal(remit_evaluator_new(p, ctx, &e), REMIT_OK);
    static const char dec[] = "{\"matter\": \"spend\", \"decider\": \"ceo\", \"date\": \"2026-12-10\", "
                              "\"fields\": {\"amount\": \"£5\"}}";
    const remit_outcome *o;
    assert_int_equal(remit_evaluate(e, dec, sizeof dec - 1, &o), REMIT_OK);
    remit_obligation ob;
    assert_int_equal(remit_outcome_obligation_at(o, 0, &ob), 1);
    assert_string_equal(ob.due, "2027-01-07"); /* not the meeting on the decision's own day */
    remit_evaluator_free(e);
    remit_context_free(ctx);
    static const char bad[] = "meetings: { ceo: [2026-12-10] }\n";
    remit_input bin = {NULL, "calendar", bad, sizeof bad - 1};
    f.calendar = &bin;
    assert_int_equal(remit_context_open(p, &f, &ctx, &diags), REMIT_E_INPUT);
    assert_null(ctx);
    assert_string_equal(remit_diag_at(diags, 0)->code, "R0721");
    remit_session_free(diags);
    assert_int_equal(remit_context_open(p, NULL, &ctx, NULL), REMIT_E_ARGUMENT);
    remit_policy_free(p);
    remit_session_free(s);
}

/* A session checks one policy: checking a second time starts afresh (two
 * policies were once merged, with spurious "already declared" errors),
 * and an inputs session holds one evaluation's diagnostics, not all. */
static void test_sessions_do_not_accumulate(void **state)
{
    (void)state;
    static const char one[] = "policy \"one\"\nrole ceo \"Chief\"\n";
    static const char bad[] = "policy \"bad\"\nrole ceo \"Chief\" is nobody\n";
    remit_session *s = remit_session_new(NULL);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(remit_check_buffer(s, "one.remit", one, sizeof one - 1), REMIT_OK);
        assert_int_equal(remit_error_count(s), 0);
    }
    assert_int_equal(remit_check_buffer(s, "bad.remit", bad, sizeof bad - 1), REMIT_E_POLICY);
    size_t n = remit_diag_count(s);
    assert_int_equal(remit_check_buffer(s, "bad.remit", bad, sizeof bad - 1), REMIT_E_POLICY);
    assert_int_equal(remit_diag_count(s), n);
    remit_session_reset(s);
    assert_int_equal(remit_diag_count(s), 0);
    /* evaluation: an evaluator's diagnostics are its last decision's alone */
    assert_int_equal(remit_check_file(s, RT_ICB_POLICY), REMIT_OK);
    remit_policy *p = remit_compile(s);
    assert_non_null(p);
    remit_evaluator *e;
    assert_int_equal(remit_evaluator_new(p, NULL, &e), REMIT_OK);
    const remit_outcome *o;
    remit_input missing = {"no/such/decision.yaml", NULL, NULL, 0};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(remit_evaluate_input(e, &missing, &o), REMIT_E_UNREADABLE);
        assert_int_equal(remit_diag_count(remit_evaluator_diagnostics(e)), 1);
    }
    remit_evaluator_free(e);
    remit_policy_free(p);
    remit_session_free(s);
}

/* A batch through an evaluator: a record per line, an error record for a
 * bad one, blank lines skipped, and the count of bad lines. */
static void test_batch(void **state)
{
    world *w = *state;
    char lines[2048];
    int n = snprintf(lines, sizeof lines, "%s\n\n{\"matter\": \"spend\", \"decider\":\n%s\n", good, capital);
    assert_true(n > 0 && (size_t)n < sizeof lines);
    FILE *in = fmemopen(lines, (size_t)n, "r");
    char *out = NULL;
    size_t len = 0, bad = 99;
    FILE *o = open_memstream(&out, &len);
    assert_non_null(in);
    assert_non_null(o);
    remit_evaluator *e;
    assert_int_equal(remit_evaluator_new(w->p, w->ctx, &e), REMIT_OK);
    const remit_outcome *last;
    assert_int_equal(remit_evaluate(e, good, strlen(good), &last), REMIT_OK);
    assert_int_equal(remit_evaluate_batch(e, in, o, &bad), REMIT_OK);
    assert_null(remit_outcome_word(last)); /* the batch ended the last outcome's life */
    fclose(in);
    fclose(o);
    assert_int_equal(bad, 1);
    assert_non_null(strstr(out, "{\"line\":1,\"result\":"));
    assert_non_null(strstr(out, "{\"line\":3,\"error\":"));
    assert_non_null(strstr(out, "{\"line\":4,\"result\":"));
    assert_null(strstr(out, "{\"line\":2,"));
    assert_int_equal(remit_diag_count(remit_evaluator_diagnostics(e)), 0);
    free(out);
    /* a stream that cannot be written is REMIT_E_WRITE, with R0015 */
    in = fmemopen(lines, (size_t)n, "r");
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        assert_int_equal(remit_evaluate_batch(e, in, full, &bad), REMIT_E_WRITE);
        assert_string_equal(remit_diag_at(remit_evaluator_diagnostics(e), 0)->code, "R0015");
        fclose(full);
    }
    fclose(in);
    assert_int_equal(remit_evaluate_batch(e, NULL, stdout, &bad), REMIT_E_ARGUMENT);
    remit_evaluator_free(e);
}

/* A folder of its own under TMPDIR with a test file (text) beside a
 * policy (policy_text, or the example scheme when NULL); the test
 * file's path in path. */
static void write_test_folder(char *dir, size_t dsize, char *path, size_t psize, const char *test,
                              const char *policy_text)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, dsize, "%s/remit-api-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    assert_non_null(mkdtemp(dir));
    char pol[4200];
    snprintf(pol, sizeof pol, "%s/scheme.remit", dir);
    FILE *f = fopen(pol, "w");
    assert_non_null(f);
    size_t len = 0;
    char *text = policy_text ? NULL : rt_slurp(RT_ICB_POLICY, &len);
    if (text)
        assert_int_equal(fwrite(text, 1, len, f), len); /* not ended by a NUL */
    else
        fputs(policy_text, f);
    free(text);
    assert_int_equal(fclose(f), 0);
    snprintf(path, psize, "%s/scheme.test.yaml", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(test, f);
    assert_int_equal(fclose(f), 0);
}

static void remove_test_folder(const char *dir)
{
    char p[4200];
    snprintf(p, sizeof p, "%s/scheme.remit", dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/scheme.test.yaml", dir);
    unlink(p);
    rmdir(dir);
}

#define SPEND(category) \
    "    decision: { matter: spend, decider: cfo, date: 2026-11-20, fields: { amount: \"£200,000\", " \
    "category: " category ", risk: 3, supplier: \"Northfield Supplies Ltd\" }, context: { incident_level: 0 } }\n"

/* remit_test_file gives results as data: which passed, why the others
 * failed, the outcome of a failed evaluation, and the diagnostics. */
static void test_test_report(void **state)
{
    (void)state;
    static const char tests[] =
        "policy: scheme.remit\n"
        "tests:\n"
        "  - name: revenue within the sub-delegation\n" SPEND("revenue") "    expect: permitted\n"
        "  - name: capital is not the director of finance's\n" SPEND("capital") "    expect: permitted\n"
        "  - name: a test with a typo\n" SPEND("revenue") "    expekt: permitted\n";
    char dir[4096], path[4096];
    write_test_folder(dir, sizeof dir, path, sizeof path, tests, NULL);
    remit_options o = rt_options();
    remit_test_report *r = NULL;
    remit_status st = remit_test_file(path, &o, &r);
    if (st != REMIT_OK && r) {
        rt_dump(remit_test_report_diagnostics(r));
        rt_dump(remit_test_report_policy_diagnostics(r));
    }
    assert_int_equal(st, REMIT_OK);
    assert_non_null(r);
    assert_int_equal(remit_test_result_count(r), 3);
    assert_int_equal(remit_test_report_passed(r), 1);
    assert_int_equal(remit_test_report_failed(r), 2);
    char want[4200];
    snprintf(want, sizeof want, "%s/scheme.remit", dir);
    assert_string_equal(remit_test_report_policy(r), want);
    assert_null(remit_test_report_policy_diagnostics(r));
    remit_test_result t;
    assert_true(remit_test_result_at(r, 0, &t));
    assert_string_equal(t.name, "revenue within the sub-delegation");
    assert_string_equal(t.file, path);
    assert_int_equal(t.line, 3);
    assert_true(t.passed);
    assert_null(t.why);
    assert_null(t.outcome_text);
    assert_true(remit_test_result_at(r, 1, &t));
    assert_false(t.passed);
    assert_int_equal(t.line, 6);
    assert_string_equal(t.why, "expected permitted, got escalate");
    assert_non_null(t.outcome_text);
    assert_non_null(strstr(t.outcome_text, "escalate"));
    assert_true(remit_test_result_at(r, 2, &t));
    assert_false(t.passed);
    assert_string_equal(t.why, "it has a key Remit does not know");
    assert_null(t.outcome_text);
    assert_false(remit_test_result_at(r, 3, &t));
    assert_non_null(rt_find(remit_test_report_diagnostics(r), "R0730", 0, 0));
    remit_test_report_free(r);
    remove_test_folder(dir);

    /* a policy with errors: the tests do not run, and count as one failure */
    write_test_folder(dir, sizeof dir, path, sizeof path, tests, "policy \"x\"\nrole ceo \"Chief\" is nobody\n");
    assert_int_equal(remit_test_file(path, &o, &r), REMIT_E_POLICY);
    assert_int_equal(remit_test_result_count(r), 0);
    assert_int_equal(remit_test_report_failed(r), 1);
    assert_true(remit_error_count(remit_test_report_policy_diagnostics(r)) >= 1);
    remit_test_report_free(r);
    remove_test_folder(dir);

    /* a test file without tests, one that is not there, an unknown key */
    write_test_folder(dir, sizeof dir, path, sizeof path, "policy: scheme.remit\n", NULL);
    assert_int_equal(remit_test_file(path, &o, &r), REMIT_E_UNREADABLE);
    assert_null(remit_test_report_policy(r));
    assert_int_equal(remit_test_report_failed(r), 1);
    assert_non_null(rt_find(remit_test_report_diagnostics(r), "R0731", 0, 0));
    remit_test_report_free(r);
    remove_test_folder(dir);
    assert_int_equal(remit_test_file("no/such.test.yaml", &o, &r), REMIT_E_UNREADABLE);
    assert_non_null(rt_find(remit_test_report_diagnostics(r), "R0301", 0, 0));
    remit_test_report_free(r);
    write_test_folder(dir, sizeof dir, path, sizeof path, "policy: scheme.remit\nregsiter: r.yaml\ntests: []\n", NULL);
    assert_int_equal(remit_test_file(path, &o, &r), REMIT_E_INPUT);
    assert_int_equal(remit_test_report_failed(r), 1);
    remit_test_report_free(r);
    remove_test_folder(dir);
    assert_int_equal(remit_test_file(NULL, &o, &r), REMIT_E_ARGUMENT);
    assert_null(r);
    assert_int_equal(remit_test_result_count(NULL), 0);
}

/* Four threads, each with its own evaluator, share one policy and one
 * context; every answer is the one a single thread gets. */
typedef struct job {
    const world *w;
    int ok;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    remit_evaluator *e = NULL;
    j->ok = remit_evaluator_new(j->w->p, j->w->ctx, &e) == REMIT_OK;
    for (int i = 0; e && i < 2000; i++) {
        const char *d = i % 2 ? capital : good;
        const remit_outcome *o;
        if (remit_evaluate(e, d, strlen(d), &o) != REMIT_OK ||
            remit_outcome_kind_of(o) != (i % 2 ? REMIT_ESCALATE : REMIT_PERMITTED) ||
            (i % 100 == 0 && !remit_outcome_json(o, NULL)))
            j->ok = 0;
    }
    remit_evaluator_free(e);
    return NULL;
}

static void test_threads_share_policy_and_context(void **state)
{
    world *w = *state;
    pthread_t t[4];
    job jobs[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (job){w, 0};
        assert_int_equal(pthread_create(&t[i], NULL, run_job, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        assert_true(jobs[i].ok);
    }
}

/* remit_audit through the library: a ledger held in memory, the summary
 * counting what the report says, progress reported, and each bad
 * argument refused without writing anything */
static void audit_progress(void *arg, size_t done, size_t total)
{
    size_t *calls = arg;
    calls[0]++;
    calls[1] = done;
    calls[2] = total;
}

static void test_audit(void **state)
{
    world *w = *state;
    static const char ledger[] =
        "{\"matter\":\"spend\",\"decider\":\"cfo\",\"date\":\"2026-06-01\",\"fields\":{\"amount\":\"£150,000\","
        "\"category\":\"revenue\",\"risk\":3,\"supplier\":\"A Ltd\"},\"context\":{\"incident_level\":0},"
        "\"reported\":{\"board\":\"2026-06-02\"}}\n"
        "{\"matter\":\"spend\",\"decider\":\"cfo\",\"date\":\"2026-06-02\",\"fields\":{\"amount\":\"£150,000\","
        "\"category\":\"revenue\",\"risk\":3,\"supplier\":\"A Ltd\"},\"context\":{\"incident_level\":0},"
        "\"reported\":{\"board\":\"2026-06-03\"}}\n";
    remit_input led = {NULL, "ledger.jsonl", ledger, sizeof ledger - 1};
    remit_audit_options o;
    remit_audit_options_init(&o);
    o.ledger = &led;
    size_t calls[3] = {0, 0, 0};
    o.progress = audit_progress;
    o.progress_arg = calls;
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    remit_audit_summary sum;
    remit_session *d = NULL;
    assert_int_equal(remit_audit(w->p, &o, out, &sum, &d), REMIT_OK);
    assert_int_equal(fclose(out), 0);
    assert_int_equal(sum.decisions, 2);
    assert_int_equal(sum.breaches, 1);
    assert_int_equal(sum.splits, 1);
    assert_int_equal(sum.unreadable, 0);
    assert_non_null(strstr(buf, "ledger.jsonl:1,2: 2026-06-01 to 2026-06-02: spend by cfo: split"));
    assert_int_equal(calls[0], 1); /* two lines: the end alone */
    assert_int_equal(calls[1], 2);
    assert_int_equal(calls[2], 2);
    assert_int_equal(remit_diag_count(d), 0);
    remit_session_free(d);
    free(buf);
    /* a day of the audit that is no date: REMIT_E_ARGUMENT, R0739, nothing written */
    o.as_of = "2026-02-30";
    o.progress = NULL;
    buf = NULL;
    out = open_memstream(&buf, &len);
    assert_int_equal(remit_audit(w->p, &o, out, &sum, &d), REMIT_E_ARGUMENT);
    assert_int_equal(fclose(out), 0);
    assert_int_equal(len, 0);
    assert_true(remit_diag_count(d) == 1 && !strcmp(remit_diag_at(d, 0)->code, "R0739"));
    remit_session_free(d);
    free(buf);
    o.as_of = NULL;
    /* no ledger, no policy, no output, a format that is none */
    remit_audit_options bad;
    remit_audit_options_init(&bad);
    assert_int_equal(remit_audit(w->p, &bad, stdout, &sum, NULL), REMIT_E_ARGUMENT);
    assert_int_equal(remit_audit(NULL, &o, stdout, &sum, NULL), REMIT_E_ARGUMENT);
    assert_int_equal(remit_audit(w->p, &o, NULL, &sum, NULL), REMIT_E_ARGUMENT);
    o.format = (remit_audit_format)7;
    assert_int_equal(remit_audit(w->p, &o, stdout, &sum, NULL), REMIT_E_ARGUMENT);
    o.format = REMIT_AUDIT_JSON;
    /* an output that cannot be written */
    FILE *ro = fopen("/dev/null", "r");
    assert_non_null(ro);
    assert_int_equal(remit_audit(w->p, &o, ro, &sum, NULL), REMIT_E_WRITE);
    fclose(ro);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_permitted_accessors, world_setup, world_teardown),
        cmocka_unit_test_setup_teardown(test_escalate_reasons, world_setup, world_teardown),
        cmocka_unit_test_setup_teardown(test_also_reasons, world_setup, world_teardown),
        cmocka_unit_test(test_built_urgent_decision),
        cmocka_unit_test(test_context_calendar),
        cmocka_unit_test_setup_teardown(test_context_register, world_setup, world_teardown),
        cmocka_unit_test_setup_teardown(test_input_errors_belong_to_one_evaluation, world_setup,
                                        world_teardown),
        cmocka_unit_test_setup_teardown(test_statuses, world_setup, world_teardown),
        cmocka_unit_test_setup_teardown(test_threads_share_policy_and_context, world_setup, world_teardown),
        cmocka_unit_test(test_sessions_do_not_accumulate),
        cmocka_unit_test_setup_teardown(test_built_decision, world_setup, world_teardown),
        cmocka_unit_test_setup_teardown(test_batch, world_setup, world_teardown),
        cmocka_unit_test_setup_teardown(test_audit, world_setup, world_teardown),
        cmocka_unit_test(test_test_report),
    };
    return rt_run_tests(tests);
}
