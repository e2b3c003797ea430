/*
 * test_eval.c - eval.c: decisions evaluated against small compiled
 * policies, a group of tests per kind of rule (SPEC.md section 7):
 * refusals, reservations, precedence, joint approval, cumulative limits,
 * escalation, chains of authority, crisis grants, obligations and gaps.
 * Then the compiled policy shared by four threads, and evaluation
 * watched for any allocation.
 *
 * Each test compiles its policy from a string (remit_check_buffer, then
 * remit_compile) and writes its decisions as one-line YAML, read through
 * yamlin.c and typed by input.c into ev_decision structs, as the tool
 * does.  Where SPEC section 7 and the code disagree, the test asserts
 * SPEC; such tests say so in a comment beginning "SPEC".
 */
#include <pthread.h>

#include "helpers.h"

#include "explain.h"
#include "input.h"
#include "internal.h"
#include "policy.h"

/* Sanitizers that replace malloc themselves (see the allocation test). */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define ET_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define ET_SANITIZED 1
#endif
#endif

/* ------------------------------------------------------------ harness */

/* A test's world: the policy's session and the compiled policy, a second
 * session for the inputs (decisions and histories, each a file of it),
 * and the last decision evaluated with its outcome. */
typedef struct et {
    remit_session *ps, *is;
    remit_policy *p;
    in_ctx ic;
    unsigned ninputs;
    const ev_decision *d;
    ev_result r;
} et;

static int et_setup(void **state)
{
    remit_options o = rt_options();
    et *e = calloc(1, sizeof *e);
    if (!e)
        return -1;
    e->ps = remit_session_new(&o);
    e->is = remit_session_new(&o);
    if (!e->ps || !e->is)
        return -1;
    *state = e;
    return 0;
}

static int et_teardown(void **state)
{
    et *e = *state;
    remit_policy_free(e->p);
    remit_session_free(e->ps);
    remit_session_free(e->is);
    free(e);
    *state = NULL;
    return 0;
}

#define ET_TEST(f) cmocka_unit_test_setup_teardown(f, et_setup, et_teardown)

/* Check and compile `text`; the policy must have no errors. */
static void compile_(et *e, const char *text, const char *file, int line)
{
    if (remit_check_buffer(e->ps, RT_NAME, text, strlen(text)) != REMIT_OK) {
        print_error("the policy does not check\n");
        rt_dump(e->ps);
        _fail(file, line);
    }
    e->p = remit_compile(e->ps);
    if (!e->p) {
        print_error("the policy does not compile\n");
        _fail(file, line);
    }
    in_init(&e->ic, e->is, e->p, &e->is->arena);
}
#define compile(e, text) compile_((e), (text), __FILE__, __LINE__)

/* Register text as the next input file of the input session. */
static uint32_t input_file(et *e, const char *text)
{
    char name[32];
    snprintf(name, sizeof name, "input%u.yaml", ++e->ninputs);
    return src_add(e->is, name, NULL, text, (uint32_t)strlen(text), false);
}

/* A decision written as YAML (printf-style), typed against the policy. */
static const ev_decision *dec_(et *e, const char *file, int line, const char *fmt, ...)
    RM_PRINTF(4, 5);
static const ev_decision *dec_(et *e, const char *file, int line, const char *fmt, ...)
{
    char text[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    ev_decision *d = ar_alloc(&e->is->arena, sizeof *d);
    yi_node *root = yi_parse(e->is, input_file(e, text));
    if (!root || !in_decision(&e->ic, root, d)) {
        print_error("the decision does not load: %s\n", text);
        rt_dump(e->is);
        _fail(file, line);
    }
    return d;
}
#define dec(e, ...) dec_((e), __FILE__, __LINE__, __VA_ARGS__)

/* A body with a quorum decides at a meeting, whose attendance a decision
 * must give (SPEC 7.10): a full one, every seat of its members line at its
 * largest count (an open one at its fewest), each member named. */
static const char *meets_(const et *e, const char *who)
{
    static char buf[2048];
    size_t u = 0;
    for (uint32_t h = 0; e->p && h < e->p->nholders; h++) {
        const pl_holder *b = &e->p->holders[h];
        if (!b->is_body || !b->nquorum || strcmp(b->name, who))
            continue;
        u += (size_t)snprintf(buf, sizeof buf, ", attendance: [");
        for (uint32_t i = 0, n = 0; i < b->nmembers; i++)
            for (int64_t k = 0; k < (b->members[i].hi < 0 ? b->members[i].lo : b->members[i].hi); k++)
            {
                n++;
                u += (size_t)snprintf(buf + u, sizeof buf - u, "%s{role: %s, person: M%u, present: true}",
                                      n > 1 ? ", " : "", e->p->holders[b->members[i].role].name, n);
            }
        snprintf(buf + u, sizeof buf - u, "]");
        return buf;
    }
    return "";
}
#define meets(who) meets_((e), (who))

/* A spend decision on 2026-11-20; extra is more YAML keys (", body: board"). */
#define SPEND_ON(e, date, who, amount, cat, risk, supplier, extra)                         \
    dec((e), "{matter: spend, decider: %s, date: %s, fields: {amount: \"%s\", category: %s," \
             " risk: %d, supplier: \"%s\"}%s%s}",                                           \
        (who), (date), (amount), (cat), (risk), (supplier), meets(who), (extra))
#define SPEND(e, who, amount, cat, risk, extra) \
    SPEND_ON((e), "2026-11-20", (who), (amount), (cat), (risk), "Acme", (extra))

/* A history written as a YAML list of decisions. */
static const ev_history *hist_(et *e, const char *text, const char *file, int line)
{
    ev_history *h = ar_alloc(&e->is->arena, sizeof *h);
    yi_node *root = yi_parse(e->is, input_file(e, text));
    if (!root || !in_history(&e->ic, root, h)) {
        print_error("the history does not load\n");
        rt_dump(e->is);
        _fail(file, line);
    }
    return h;
}
#define hist(e, text) hist_((e), (text), __FILE__, __LINE__)

static void run(et *e, const ev_decision *d, const ev_history *h)
{
    e->d = d;
    ev_evaluate(e->p, d, h, &e->r);
}

static int64_t day(const char *date)
{
    int64_t v = 0;
    assert_int_equal(lit_date(date, strlen(date), &v), LIT_OK);
    return v;
}

static uint32_t holder(const et *e, const char *name)
{
    for (uint32_t i = 0; i < e->p->nholders; i++)
        if (!strcmp(e->p->holders[i].name, name))
            return i;
    fail_msg("no holder '%s' in the policy", name);
    return PL_NONE;
}

static const char *holder_name(const et *e, uint32_t h)
{
    return h == PL_NONE ? "(none)" : h < e->p->nholders ? e->p->holders[h].name : "(bad index)";
}

/* The one rule whose first line starts with `prefix` (a label, or the
 * rule's words: "delegate spend from ceo to cfo"). */
static uint32_t rule_(const et *e, const char *prefix, const char *file, int line)
{
    uint32_t found = PL_NONE, n = 0;
    for (uint32_t i = 0; i < e->p->nrules; i++)
        if (!strncmp(e->p->rules[i].text, prefix, strlen(prefix))) {
            found = i;
            n++;
        }
    if (n != 1) {
        print_error("%u rules begin with '%s'\n", n, prefix);
        _fail(file, line);
    }
    return found;
}

/* The outcome as `remit eval` prints it, shown when an assertion fails. */
static void show(const et *e)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return;
    xp_text(f, e->p, e->d, &e->r);
    fclose(f);
    print_error("outcome: %s", buf);
    for (uint32_t i = 0; i < e->r.nreasons; i++)
        print_error("  reason %u: kind %d rule %u rule2 %u amount %lld\n", i, (int)e->r.reasons[i].kind,
                    e->r.reasons[i].rule, e->r.reasons[i].rule2, (long long)e->r.reasons[i].amount);
    free(buf);
}

static void outcome_is(const et *e, ev_outcome want, const char *file, int line)
{
    if (e->r.outcome != want) {
        print_error("want %s, got %s\n", xp_outcome_word(want), xp_outcome_word(e->r.outcome));
        show(e);
        _fail(file, line);
    }
}
#define assert_outcome(e, o) outcome_is((e), (o), __FILE__, __LINE__)

/* escalate to `name`; NULL: no target */
static void target_is(const et *e, const char *name, const char *file, int line)
{
    uint32_t want = name ? holder(e, name) : PL_NONE;
    if (e->r.target != want) {
        print_error("want the target %s, got %s\n", name ? name : "(none)", holder_name(e, e->r.target));
        show(e);
        _fail(file, line);
    }
}
#define assert_target(e, name) target_is((e), (name), __FILE__, __LINE__)
#define assert_escalates_to(e, name)                     \
    do {                                                 \
        outcome_is((e), EV_ESCALATE, __FILE__, __LINE__); \
        target_is((e), (name), __FILE__, __LINE__);      \
    } while (0)

/* The chain of holders from the start of authority to the decider;
 * "(protocol)" stands for a crisis protocol's start.  NULL ends the list. */
static void chain_is(const et *e, const char *file, int line, ...)
{
    const char *want[PL_MAX_CHAIN + 2];
    uint32_t n = 0;
    va_list ap;
    va_start(ap, line);
    for (const char *s; (s = va_arg(ap, const char *)) && n < PL_MAX_CHAIN + 1;)
        want[n++] = s;
    va_end(ap);
    bool same = e->r.nchain + 1 == n;
    for (uint32_t i = 0; same && i < n; i++) {
        uint32_t h = e->r.chain[i];
        same = !strcmp(want[i], "(protocol)") ? h == PL_NONE : h == holder(e, want[i]);
    }
    if (!same) {
        print_error("want the chain");
        for (uint32_t i = 0; i < n; i++)
            print_error(" %s", want[i]);
        print_error(", got");
        for (uint32_t i = 0; i <= e->r.nchain; i++)
            print_error(" %s", e->r.chain[i] == PL_NONE ? "(protocol)" : holder_name(e, e->r.chain[i]));
        print_error("\n");
        show(e);
        _fail(file, line);
    }
}
#define assert_chain(e, ...) chain_is((e), __FILE__, __LINE__, __VA_ARGS__, (const char *)NULL)

static void accountable_is(const et *e, const char *name, const char *file, int line)
{
    uint32_t want = name ? holder(e, name) : PL_NONE;
    if (e->r.accountable != want) {
        print_error("want %s accountable, got %s\n", name ? name : "(none)", holder_name(e, e->r.accountable));
        show(e);
        _fail(file, line);
    }
}
#define assert_accountable(e, name) accountable_is((e), (name), __FILE__, __LINE__)

/* A reason of this kind naming this rule (NULL: any rule). */
static const ev_reason *reason_(const et *e, ev_why_kind kind, const char *rule, const char *file,
                                int line)
{
    uint32_t ri = rule ? rule_(e, rule, file, line) : PL_NONE;
    for (uint32_t i = 0; i < e->r.nreasons; i++)
        if (e->r.reasons[i].kind == kind && (!rule || e->r.reasons[i].rule == ri))
            return &e->r.reasons[i];
    print_error("no reason of kind %d%s%s\n", (int)kind, rule ? " naming " : "", rule ? rule : "");
    show(e);
    _fail(file, line);
    return NULL;
}
#define assert_reason(e, kind, rule) reason_((e), (kind), (rule), __FILE__, __LINE__)

static void nreasons_is(const et *e, uint32_t want, const char *file, int line)
{
    if (e->r.nreasons != want) {
        print_error("want %u reasons, got %u\n", want, e->r.nreasons);
        show(e);
        _fail(file, line);
    }
}
#define assert_nreasons(e, n) nreasons_is((e), (n), __FILE__, __LINE__)

/* An obligation written in rule `rule` (its ob-th obligation, or PL_NONE
 * for a protocol's ratification) due on `date` (NULL: no deadline). */
static void due_(const et *e, const char *rule, uint32_t ob, const char *date, const char *file,
                 int line)
{
    uint32_t ri = rule_(e, rule, file, line);
    int64_t want = date ? day(date) : INT64_MIN;
    for (uint32_t i = 0; i < e->r.ndue; i++) {
        const ev_due *u = &e->r.dues[i];
        if (u->rule == ri && u->ob == ob && u->due == want)
            return;
    }
    print_error("no obligation %u of '%s' due %s\n", ob, rule, date ? date : "(no deadline)");
    show(e);
    _fail(file, line);
}
#define assert_due(e, rule, ob, date) due_((e), (rule), (ob), (date), __FILE__, __LINE__)

static void ndue_is(const et *e, uint32_t want, const char *file, int line)
{
    if (e->r.ndue != want) {
        print_error("want %u obligations, got %u\n", want, e->r.ndue);
        show(e);
        _fail(file, line);
    }
}
#define assert_ndue(e, n) ndue_is((e), (n), __FILE__, __LINE__)

/* A decision that input.c must refuse: false from in_decision, with at
 * least one error.  Shows the outcome when it is accepted. */
static void input_refused_(et *e, const char *text, const char *file, int line)
{
    size_t before = remit_error_count(e->is);
    yi_node *root = yi_parse(e->is, input_file(e, text));
    ev_decision d;
    if (root && in_decision(&e->ic, root, &d)) {
        print_error("the decision was accepted: %s\n", text);
        run(e, &d, NULL);
        show(e);
        _fail(file, line);
    }
    if (remit_error_count(e->is) <= before) {
        print_error("the decision was refused without an error\n");
        _fail(file, line);
    }
}
#define assert_input_refused(e, text) input_refused_((e), (text), __FILE__, __LINE__)

/* ------------------------------------------------------------ policies */

/* What most tests share: holders and one matter.  The audit committee
 * reports to the board; the board reports to no one. */
#define HEADER                                                                   \
    "policy \"Evaluation tests\" version \"1\"\n"                                \
    "kind executive \"Executive director\"\n"                                    \
    "kind independent \"Independent member\"\n"                                  \
    "role chair \"Chair\" is independent\n"                                      \
    "role ned \"Non-executive member\" is independent\n"                         \
    "role ceo \"Chief Executive\" is executive\n"                                \
    "role cfo \"Director of Finance\" is executive\n"                            \
    "role coo \"Chief Operating Officer\" is executive\n"                        \
    "role clerk \"Clerk\"\n"                                                     \
    "body board \"Board\" {\n"                                                   \
    "    members chair, 2+ ned, ceo, cfo, coo\n"                                 \
    "    quorum majority\n"                                                      \
    "}\n"                                                                        \
    "body audit \"Audit Committee\" reports to board {\n"                        \
    "    members 3+ ned\n"                                                       \
    "    quorum 2 ned\n"                                                         \
    "}\n"                                                                        \
    "matter spend \"Expenditure\" {\n"                                           \
    "    amount: money\n"                                                        \
    "    category: one of { revenue, capital, contract, losses }\n"              \
    "    risk: score 1..25\n"                                                    \
    "    supplier: text\n"                                                       \
    "}\n"

/* board -> ceo (up to £5m, may pass it on) -> cfo (up to £1m) */
#define CHAIN                                                \
    "delegate spend from board to ceo up to £5m\n"           \
    "    may subdelegate\n"                                  \
    "delegate spend from ceo to cfo up to £1m\n"

/* ------------------------------------------------------------ refusals */

static void test_refuse_for_holder(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN "refuse spend when category = losses and amount > £100k for cfo\n");

    run(e, SPEND(e, "cfo", "£200,000", "losses", 3, ""), NULL);
    assert_outcome(e, EV_REFUSED);
    assert_nreasons(e, 1);
    assert_reason(e, WHY_REFUSE_RULE, "refuse spend");
    assert_int_equal(e->r.nchain, 0);
    assert_ndue(e, 0);

    /* `for cfo`: the chief executive may */
    run(e, SPEND(e, "ceo", "£200,000", "losses", 3, ""), NULL);
    assert_outcome(e, EV_PERMITTED);
    assert_chain(e, "board", "ceo");

    /* `>`: £100,000 itself is not refused */
    run(e, SPEND(e, "cfo", "£100,000", "losses", 3, ""), NULL);
    assert_outcome(e, EV_PERMITTED);
    assert_chain(e, "board", "ceo", "cfo");

    run(e, SPEND(e, "cfo", "£200,000", "revenue", 3, ""), NULL);
    assert_outcome(e, EV_PERMITTED);
}

static void test_refuse_every_reason_beats_reservation(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN
            "reserve spend to board when amount > £5m\n"
            "refuse spend when category = losses\n"
            "refuse spend when risk >= 20\n");

    /* the board holds the reservation, and is refused all the same */
    run(e, SPEND(e, "board", "£6m", "losses", 22, ""), NULL);
    assert_outcome(e, EV_REFUSED);
    assert_nreasons(e, 2);
    assert_reason(e, WHY_REFUSE_RULE, "refuse spend when category");
    assert_reason(e, WHY_REFUSE_RULE, "refuse spend when risk");
    assert_target(e, NULL);

    run(e, SPEND(e, "board", "£6m", "capital", 19, ""), NULL);
    assert_outcome(e, EV_PERMITTED);
}

/* The same refusal, with the decision built by hand instead of read. */
static void test_refuse_decision_built_directly(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN "refuse spend when category = losses and amount > £100k for cfo\n");
    const pl_matter *m = &e->p->matters[0];
    assert_string_equal(m->name, "spend");
    assert_int_equal(m->nfields, 4);
    int64_t fields[4] = {20000000 /* £200,000 in pence */, 3 /* losses */, 3, 0};
    int64_t activated[1] = {INT64_MIN};
    ev_decision d = {
        .matter = 0, .decider = holder(e, "cfo"), .body = PL_NONE, .date = day("2026-11-20"),
        .opened = INT64_MIN, .fields = fields, .context = NULL, .nco = 0, .co = NULL,
        .activated = activated,
    };
    run(e, &d, NULL);
    assert_outcome(e, EV_REFUSED);
    fields[1] = 0; /* revenue */
    run(e, &d, NULL);
    assert_outcome(e, EV_PERMITTED);
    assert_chain(e, "board", "ceo", "cfo");
    assert_accountable(e, "board");
}

/* -------------------------------------------------------- reservations */

static void test_reserve_to_body(void **state)
{
    et *e = *state;
    compile(e, HEADER
            "big: reserve spend to board when amount > £5m\n"
            "delegate spend from board to ceo up to £10m\n");

    /* a delegation that would cover it does not matter */
    run(e, SPEND(e, "ceo", "£6m", "revenue", 3, ""), NULL);
    assert_escalates_to(e, "board");
    assert_nreasons(e, 1);
    assert_reason(e, WHY_RESERVED, "big:");
    assert_ndue(e, 0);

    run(e, SPEND(e, "board", "£6m", "revenue", 3, ""), NULL);
    assert_outcome(e, EV_PERMITTED);
    assert_chain(e, "board");
    assert_accountable(e, "board");

    /* `>`: £5m is not reserved */
    run(e, SPEND(e, "ceo", "£5m", "revenue", 3, ""), NULL);
    assert_outcome(e, EV_PERMITTED);
    assert_chain(e, "board", "ceo");
}

static void test_reserve_to_role(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN
            "reserve spend to cfo when category = capital\n"
            "escalate spend to board when risk >= 15\n"
            "after spend when category = capital\n"
            "    record in \"capital register\" within 10 days\n");

    /* the holder of a reservation holds it even above its delegated £1m */
    run(e, SPEND(e, "cfo", "£2m", "capital", 3, ""), NULL);
    assert_outcome(e, EV_PERMITTED);
    assert_chain(e, "cfo");
    assert_accountable(e, "cfo");
    assert_ndue(e, 1);
    assert_due(e, "after spend", 0, "2026-11-30");

    /* anyone else, even a holder above, goes to the reservation's holder */
    run(e, SPEND(e, "ceo", "£2m", "capital", 3, ""), NULL);
    assert_escalates_to(e, "cfo");
    assert_reason(e, WHY_RESERVED, "reserve spend to cfo");

    /* the holder decides, and evaluation goes on to escalations (7.5) */
    run(e, SPEND(e, "cfo", "£2m", "capital", 15, ""), NULL);
    assert_escalates_to(e, "board");
    assert_reason(e, WHY_ESCALATION, "escalate spend");
}

static void test_reserve_contradiction(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN
            "reserve spend to board when amount > £5m\n"
            "reserve spend to audit when category = capital\n"
            "reserve spend to board when risk >= 20\n");

    run(e, SPEND(e, "ceo", "£6m", "capital", 3, ""), NULL);
    assert_outcome(e, EV_UNDETERMINED);
    const ev_reason *r = assert_reason(e, WHY_CONTRADICTION, "reserve spend to board when amount");
    assert_int_equal(r->rule2, rule_(e, "reserve spend to audit", __FILE__, __LINE__));

    /* two reservations to the same holder agree */
    run(e, SPEND(e, "ceo", "£6m", "revenue", 22, ""), NULL);
    assert_escalates_to(e, "board");
}

/* ---------------------------------------------------------- precedence */

static void test_precedence_between_reservations(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN
            "big: reserve spend to board when amount > £5m\n"
            "capital: reserve spend to audit when category = capital\n"
            "precedence capital over big\n");

    run(e, SPEND(e, "ceo", "£6m", "capital", 3, ""), NULL);
    assert_escalates_to(e, "audit");
    assert_reason(e, WHY_RESERVED, "capital:");

    run(e, SPEND(e, "ceo", "£6m", "revenue", 3, ""), NULL);
    assert_escalates_to(e, "board");
    assert_reason(e, WHY_RESERVED, "big:");

    run(e, SPEND(e, "audit", "£6m", "capital", 3, ""), NULL);
    assert_outcome(e, EV_PERMITTED);
    assert_chain(e, "audit");
}

static void test_precedence_transitive_across_lines(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN
            "a: reserve spend to audit when category = capital\n"
            "b: reserve spend to board when amount > £5m\n"
            "c: reserve spend to cfo when risk >= 10\n"
            "precedence a over b\n"
            "precedence b over c\n");

    run(e, SPEND(e, "ceo", "£6m", "capital", 12, ""), NULL);
    assert_escalates_to(e, "audit");
    /* b does not apply; a is over c through b */
    run(e, SPEND(e, "ceo", "£1m", "capital", 12, ""), NULL);
    assert_escalates_to(e, "audit");
    run(e, SPEND(e, "ceo", "£6m", "revenue", 12, ""), NULL);
    assert_escalates_to(e, "board");
    run(e, SPEND(e, "ceo", "£1m", "revenue", 12, ""), NULL);
    assert_escalates_to(e, "cfo");
}

static void test_precedence_reservation_over_refusal(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN
            "exception: reserve spend to board when category = losses\n"
            "no_losses: refuse spend when category = losses and amount > £1m\n"
            "precedence exception over no_losses\n");

    run(e, SPEND(e, "board", "£2m", "losses", 3, ""), NULL);
    assert_outcome(e, EV_PERMITTED);
    assert_chain(e, "board");
    run(e, SPEND(e, "ceo", "£2m", "losses", 3, ""), NULL);
    assert_escalates_to(e, "board");
    assert_reason(e, WHY_RESERVED, "exception:");
}

/* SPEC 7.3.2: what "applies" means for the rule that takes precedence -
 * for a delegation, its `when` alone; its bounds do not count.  So the
 * escalation is set aside even for £2m, above the delegation's `up to`,
 * and the chief executive, outside its authority, goes to the board. */
static void test_precedence_winner_applies_by_when(void **state)
{
    et *e = *state;
    compile(e, HEADER
            "small: delegate spend from board to ceo up to £1m\n"
            "risky: escalate spend to audit when risk >= 15\n"
            "precedence small over risky\n");

    run(e, SPEND(e, "ceo", "£500k", "revenue", 20, ""), NULL);
    assert_outcome(e, EV_PERMITTED);
    assert_chain(e, "board", "ceo");

    run(e, SPEND(e, "ceo", "£2m", "revenue", 20, ""), NULL);
    assert_escalates_to(e, "board");
    assert_reason(e, WHY_BOUND, "small:");
}

/* A winner whose `when` does not hold sets nothing aside. */
static void test_precedence_winner_when_false(void **state)
{
    et *e = *state;
    compile(e, HEADER
            "small: delegate spend from board to ceo up to £5m when category = revenue\n"
            "risky: escalate spend to audit when risk >= 15\n"
            "precedence small over risky\n");

    run(e, SPEND(e, "ceo", "£500k", "capital", 20, ""), NULL);
    assert_escalates_to(e, "audit");
    assert_reason(e, WHY_ESCALATION, "risky:");
}

/* The index of the rule labelled `label`. */
static uint32_t labelled(const et *e, const char *label)
{
    for (uint32_t i = 0; i < e->p->nrules; i++)
        if (e->p->rules[i].label && strcmp(e->p->rules[i].label, label) == 0)
            return i;
    fail_msg("no rule labelled %s", label);
    return PL_NONE;
}

static bool over(const et *e, const char *a, const char *b)
{
    return ev_takes_precedence(e->p, labelled(e, a), labelled(e, b));
}

/* SPEC 7.3.2: in a circle each rule is set aside when another of it
 * applies, and never by itself. */
static void test_precedence_circle(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN
            "a: reserve spend to audit when category = capital\n"
            "b: reserve spend to board when amount > £1m\n"
            "c: reserve spend to cfo when risk >= 10\n"
            "precedence a over b over c\n"
            "precedence b over a\n");
    assert_true(over(e, "a", "b") && over(e, "b", "a"));
    assert_true(over(e, "a", "c") && over(e, "b", "c"));
    assert_false(over(e, "c", "a") || over(e, "a", "a"));

    run(e, SPEND(e, "ceo", "£6m", "revenue", 3, ""), NULL);
    assert_escalates_to(e, "board"); /* b alone applies: a does not set it aside */
    run(e, SPEND(e, "ceo", "£1m", "capital", 3, ""), NULL);
    assert_escalates_to(e, "audit");
    /* both apply: each sets the other aside, and c too */
    run(e, SPEND(e, "ceo", "£2m", "capital", 12, ""), NULL);
    assert_outcome(e, EV_PERMITTED);
    assert_chain(e, "board", "ceo");
}

/* A line through a rule of another matter: a over c still holds, and
 * nothing across the two matters. */
static void test_precedence_line_across_matters(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN
            "matter hire \"Appointments\" {\n    post: text\n}\n"
            "reserve hire to board\n"
            "x: reserve hire to audit\n"
            "a: reserve spend to audit when category = capital\n"
            "c: reserve spend to cfo when risk >= 10\n"
            "precedence a over x over c\n");
    assert_true(over(e, "a", "c"));
    assert_false(over(e, "a", "x") || over(e, "x", "c") || over(e, "c", "a"));
    run(e, SPEND(e, "ceo", "£1m", "capital", 12, ""), NULL);
    assert_escalates_to(e, "audit");
}

/* A line of 150 rules (more than two words of bits) and a diamond: each
 * rule is set aside by any rule above it that applies. */
static void test_precedence_long_line_and_diamond(void **state)
{
    et *e = *state;
    char *text = malloc(32768);
    assert_non_null(text);
    int u = snprintf(text, 32768, "%s%s", HEADER, CHAIN);
    for (int i = 0; i < 150; i++)
        u += snprintf(text + u, (size_t)(32768 - u),
                      "r%d: reserve spend to %s when amount > £%d000\n", i,
                      i == 0 ? "audit" : i % 2 ? "board" : "cfo", 6000 + 10 * (150 - i));
    u += snprintf(text + u, (size_t)(32768 - u), "precedence r0");
    for (int i = 1; i < 150; i++)
        u += snprintf(text + u, (size_t)(32768 - u), " over r%d", i);
    snprintf(text + u, (size_t)(32768 - u),
             "\nd1: reserve spend to audit when risk >= 24\n"
             "d2: reserve spend to board when risk >= 25\n"
             "d3: reserve spend to cfo when risk >= 22\n"
             "d4: reserve spend to ceo when risk >= 23\n"
             "precedence d1 over d2 over d4\n"
             "precedence d1 over d3 over d4\n");
    compile(e, text);
    free(text);
    assert_true(over(e, "r0", "r149") && over(e, "r63", "r64") && over(e, "r1", "r128"));
    assert_false(over(e, "r149", "r0") || over(e, "r64", "r63") || over(e, "r0", "d1"));
    assert_true(over(e, "d1", "d4") && over(e, "d3", "d4"));
    assert_false(over(e, "d2", "d3") || over(e, "d3", "d2"));

    /* £7,000,000 is above r100..r149: r100, the highest, is in force */
    run(e, SPEND(e, "ceo", "£6,505,000", "revenue", 3, ""), NULL);
    assert_escalates_to(e, "cfo");
    assert_reason(e, WHY_RESERVED, "r100:");
    /* everything applies: r0 wins */
    run(e, SPEND(e, "ceo", "£9m", "revenue", 3, ""), NULL);
    assert_escalates_to(e, "audit");
    assert_reason(e, WHY_RESERVED, "r0:");
    /* d4 is set aside by d3, on one side of the diamond alone */
    run(e, SPEND(e, "ceo", "£1m", "revenue", 23, ""), NULL);
    assert_escalates_to(e, "cfo");
    assert_reason(e, WHY_RESERVED, "d3:");
}

/* ------------------------------------------------------ joint approval */

static void test_require_decider_not_counted_twice(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN "require cfo and 1 executive for spend when amount > £250k\n");

    run(e, SPEND(e, "cfo", "£300k", "revenue", 3, ""), NULL);
    assert_outcome(e, EV_REFUSED);
    assert_nreasons(e, 1);
    assert_reason(e, WHY_SIGNATURES, "require");

    run(e, SPEND(e, "cfo", "£300k", "revenue", 3, ", co_signatories: [ceo]"), NULL);
    assert_outcome(e, EV_PERMITTED);
    assert_chain(e, "board", "ceo", "cfo");

    run(e, SPEND(e, "cfo", "£300k", "revenue", 3, ", co_signatories: [clerk]"), NULL);
    assert_outcome(e, EV_REFUSED);

    /* `>`: £250k needs no second signature */
    run(e, SPEND(e, "cfo", "£250k", "revenue", 3, ""), NULL);
    assert_outcome(e, EV_PERMITTED);

    /* the chief executive fills the executive slot, the cfo signs */
    run(e, SPEND(e, "ceo", "£300k", "revenue", 3, ", co_signatories: [coo]"), NULL);
    assert_outcome(e, EV_REFUSED);
    run(e, SPEND(e, "ceo", "£300k", "revenue", 3, ", co_signatories: [cfo]"), NULL);
    assert_outcome(e, EV_PERMITTED);
    assert_chain(e, "board", "ceo");
}

static void test_require_or_and_counts(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN
            "require (cfo and coo) or 2 independent for spend when category = capital\n"
            "require ceo and audit for spend when category = contract\n");

    run(e, SPEND(e, "ceo", "£100k", "capital", 3, ", co_signatories: [cfo, coo]"), NULL);
    assert_outcome(e, EV_PERMITTED);
    run(e, SPEND(e, "ceo", "£100k", "capital", 3, ", co_signatories: [cfo]"), NULL);
    assert_outcome(e, EV_REFUSED);
    assert_reason(e, WHY_SIGNATURES, "require (cfo");
    run(e, SPEND(e, "ceo", "£100k", "capital", 3, ", co_signatories: [chair, ned]"), NULL);
    assert_outcome(e, EV_PERMITTED);
    run(e, SPEND(e, "ceo", "£100k", "capital", 3, ", co_signatories: [chair]"), NULL);
    assert_outcome(e, EV_REFUSED);
    /* the decider is a signatory: cfo decides, coo signs */
    run(e, SPEND(e, "cfo", "£100k", "capital", 3, ", co_signatories: [coo]"), NULL);
    assert_outcome(e, EV_PERMITTED);
    assert_chain(e, "board", "ceo", "cfo");

    /* a body's slot: its approval among the co-signatories */
    run(e, SPEND(e, "ceo", "£100k", "contract", 3, ", co_signatories: [audit]"), NULL);
    assert_outcome(e, EV_PERMITTED);
    run(e, SPEND(e, "ceo", "£100k", "contract", 3, ""), NULL);
    assert_outcome(e, EV_REFUSED);
    assert_reason(e, WHY_SIGNATURES, "require ceo and audit");
}

/* SPEC 7.7: "the Director of Finance does not count twice", even when the
 * cfo decides and is listed again among the co-signatories. */
static void test_require_decider_listed_again(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN "require cfo and 1 executive for spend when amount > £250k\n");

    run(e, SPEND(e, "cfo", "£300k", "revenue", 3, ", co_signatories: [cfo]"), NULL);
    assert_outcome(e, EV_REFUSED);
    assert_reason(e, WHY_SIGNATURES, "require");
    run(e, SPEND(e, "cfo", "£300k", "revenue", 3, ", co_signatories: [cfo, coo]"), NULL);
    assert_outcome(e, EV_PERMITTED);
}

/* SPEC 7.7: `N ROLE` is N different signatories holding the role, as in
 * its example "`2 ned or audit` needs two non-executive members".  The
 * board has 2+ ned; a decision names signatories by role only (7.1), so
 * two of them sign as [ned, ned]. */
static void test_require_two_of_one_role(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN "require 2 ned or audit for spend when category = capital\n");

    run(e, SPEND(e, "ceo", "£100k", "capital", 3, ", co_signatories: [ned]"), NULL);
    assert_outcome(e, EV_REFUSED);
    run(e, SPEND(e, "ceo", "£100k", "capital", 3, ", co_signatories: [audit]"), NULL);
    assert_outcome(e, EV_PERMITTED);
    run(e, SPEND(e, "ceo", "£100k", "capital", 3, ", co_signatories: [ned, ned]"), NULL);
    assert_outcome(e, EV_PERMITTED);
}

/* ---------------------------------------------------- cumulative limits */

/* Earlier spending with Acme and Beta around the 365 days up to 2026-11-20. */
static const char acme_history[] =
    "- {matter: spend, decider: cfo, date: 2025-11-20, fields: {amount: \"£1m\", category: revenue, risk: 1, supplier: Acme}}\n"
    "- {matter: spend, decider: cfo, date: 2025-11-21, fields: {amount: \"£300k\", category: revenue, risk: 1, supplier: Acme}}\n"
    "- {matter: spend, decider: ceo, date: 2026-11-20, fields: {amount: \"£100k\", category: revenue, risk: 1, supplier: Acme}}\n"
    "- {matter: spend, decider: cfo, date: 2026-11-21, fields: {amount: \"£1m\", category: revenue, risk: 1, supplier: Acme}}\n"
    "- {matter: spend, decider: cfo, date: 2026-11-01, fields: {amount: \"£1m\", category: revenue, risk: 1, supplier: Beta}}\n";

static void test_limit_per_field_window_for(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN "limit spend total amount <= £500k per supplier over 365 days for cfo\n");
    const ev_history *h = hist(e, acme_history);

    /* counted: 2025-11-21 (364 days before) and the same day; not
     * 2025-11-20 (365 days before), not the day after, not Beta */
    run(e, SPEND(e, "cfo", "£100,000", "revenue", 3, ""), h);
    assert_outcome(e, EV_PERMITTED);
    assert_chain(e, "board", "ceo", "cfo");

    run(e, SPEND(e, "cfo", "£100,000.01", "revenue", 3, ""), h);
    assert_escalates_to(e, "ceo");
    const ev_reason *r = assert_reason(e, WHY_CUMULATIVE, "limit spend");
    assert_int_equal(r->amount, 50000001);

    /* Beta's group: £1m + £100k */
    run(e, SPEND_ON(e, "2026-11-20", "cfo", "£100,000", "revenue", 3, "Beta", ""), h);
    assert_escalates_to(e, "ceo");
    assert_int_equal(e->r.reasons[0].amount, 110000000);

    /* a new supplier has only this decision */
    run(e, SPEND_ON(e, "2026-11-20", "cfo", "£500,000", "revenue", 3, "Gamma", ""), h);
    assert_outcome(e, EV_PERMITTED);

    /* `for cfo`: the chief executive's own decisions are not bound */
    run(e, SPEND(e, "ceo", "£200,000", "revenue", 3, ""), h);
    assert_outcome(e, EV_PERMITTED);
    assert_chain(e, "board", "ceo");

    /* no history: the decision alone */
    run(e, SPEND(e, "cfo", "£500,000", "revenue", 3, ""), NULL);
    assert_outcome(e, EV_PERMITTED);
}

static void test_limit_without_for_refused(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN "limit spend total amount < £500k over 30 days\n");
    const ev_history *h = hist(e,
        "- {matter: spend, decider: cfo, date: 2026-10-21, fields: {amount: \"£300k\", category: revenue, risk: 1, supplier: Acme}}\n"
        "- {matter: spend, decider: ceo, date: 2026-10-22, fields: {amount: \"£200k\", category: capital, risk: 1, supplier: Beta}}\n");

    /* 2026-10-21 is 30 days before: outside; 2026-10-22 inside.  `<`:
     * £200k + £299,999.99 is under, £200k + £300k is at the ceiling */
    run(e, SPEND(e, "cfo", "£299,999.99", "revenue", 3, ""), h);
    assert_outcome(e, EV_PERMITTED);
    run(e, SPEND(e, "cfo", "£300k", "revenue", 3, ""), h);
    assert_outcome(e, EV_REFUSED);
    assert_nreasons(e, 1);
    const ev_reason *r = assert_reason(e, WHY_CUMULATIVE, "limit spend");
    assert_int_equal(r->amount, 50000000);
    assert_target(e, NULL);

    /* without `for`, it binds every decider */
    run(e, SPEND(e, "board", "£300k", "revenue", 3, ""), h);
    assert_outcome(e, EV_REFUSED);
}

static void test_limit_when_counts_matching_history(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN "limit spend total amount <= £500k over 30 days when category = capital\n");
    const ev_history *h = hist(e,
        "- {matter: spend, decider: cfo, date: 2026-11-10, fields: {amount: \"£400k\", category: revenue, risk: 1, supplier: Acme}}\n"
        "- {matter: spend, decider: cfo, date: 2026-11-11, fields: {amount: \"£300k\", category: capital, risk: 1, supplier: Acme}}\n");

    run(e, SPEND(e, "cfo", "£200k", "capital", 3, ""), h);
    assert_outcome(e, EV_PERMITTED);
    run(e, SPEND(e, "cfo", "£200,000.01", "capital", 3, ""), h);
    assert_outcome(e, EV_REFUSED);
    assert_int_equal(e->r.reasons[0].amount, 50000001);
    /* the limit does not apply to revenue at all */
    run(e, SPEND(e, "cfo", "£900k", "revenue", 3, ""), h);
    assert_outcome(e, EV_PERMITTED);
}

static void test_limit_for_holder_in_chain(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN "limit spend total amount <= £500k over 30 days for ceo\n");
    const ev_history *h = hist(e,
        "- {matter: spend, decider: ceo, date: 2026-11-10, fields: {amount: \"£400k\", category: revenue, risk: 1, supplier: Acme}}\n");

    /* the chief executive is in the cfo's chain: the decision goes above
     * the chief executive */
    run(e, SPEND(e, "cfo", "£200k", "revenue", 3, ""), h);
    assert_escalates_to(e, "board");
    assert_reason(e, WHY_CUMULATIVE, "limit spend");
    run(e, SPEND(e, "ceo", "£200k", "revenue", 3, ""), h);
    assert_escalates_to(e, "board");
    run(e, SPEND(e, "board", "£200k", "revenue", 3, ""), h);
    assert_outcome(e, EV_PERMITTED);
}

/* SPEC 7.11 level 3: "If any check refuses -> refused, every reason; else
 * if any escalates -> escalate."  A limit without `for` that is exceeded
 * refuses, whatever a limit `for` a holder says. */
static void test_limit_refusal_beats_limit_escalation(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN
            "limit spend total amount <= £500k over 30 days\n"
            "limit spend total amount <= £400k over 30 days for cfo\n");
    const ev_history *h = hist(e,
        "- {matter: spend, decider: cfo, date: 2026-11-10, fields: {amount: \"£450k\", category: revenue, risk: 1, supplier: Acme}}\n");

    run(e, SPEND(e, "cfo", "£100k", "revenue", 3, ""), h);
    assert_outcome(e, EV_REFUSED);
    assert_nreasons(e, 2);
}

/* SPEC 7.6: two exceeded limits `for` a holder escalate to the holder
 * found for the first, "with every exceeded limit as a reason". */
static void test_limit_every_exceeded_reason(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN
            "limit spend total amount <= £400k over 30 days for cfo\n"
            "limit spend total amount <= £300k over 30 days for cfo\n");
    const ev_history *h = hist(e,
        "- {matter: spend, decider: cfo, date: 2026-11-10, fields: {amount: \"£450k\", category: revenue, risk: 1, supplier: Acme}}\n");

    run(e, SPEND(e, "cfo", "£100k", "revenue", 3, ""), h);
    assert_escalates_to(e, "ceo");
    assert_nreasons(e, 2);
    assert_reason(e, WHY_CUMULATIVE, "limit spend total amount <= £400k");
    assert_reason(e, WHY_CUMULATIVE, "limit spend total amount <= £300k");
}

/* ---------------------------------------------------------- escalation */

static void test_escalate_when_and_already_above(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN "escalate spend to audit when risk >= 15\n");

    run(e, SPEND(e, "cfo", "£100k", "revenue", 15, ""), NULL);
    assert_escalates_to(e, "audit");
    assert_nreasons(e, 1);
    assert_reason(e, WHY_ESCALATION, "escalate spend");
    assert_ndue(e, 0);

    run(e, SPEND(e, "cfo", "£100k", "revenue", 14, ""), NULL);
    assert_outcome(e, EV_PERMITTED);

    /* the audit committee reports to the board: the board is above it */
    run(e, SPEND(e, "board", "£100k", "revenue", 20, ""), NULL);
    assert_outcome(e, EV_PERMITTED);
    assert_chain(e, "board");
}

static void test_escalate_from(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN "escalate spend to ceo when amount > £250k from cfo\n");

    run(e, SPEND(e, "cfo", "£250,000.01", "revenue", 3, ""), NULL);
    assert_escalates_to(e, "ceo");
    run(e, SPEND(e, "cfo", "£250,000", "revenue", 3, ""), NULL);
    assert_outcome(e, EV_PERMITTED);
    run(e, SPEND(e, "ceo", "£300,000", "revenue", 3, ""), NULL);
    assert_outcome(e, EV_PERMITTED);
}

static void test_escalate_after_days(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN "escalate spend to board after 28 days\n");

    /* open for exactly 28 days: not more than 28 */
    run(e, SPEND(e, "cfo", "£100k", "revenue", 3, ", opened: 2026-10-23"), NULL);
    assert_outcome(e, EV_PERMITTED);
    run(e, SPEND(e, "cfo", "£100k", "revenue", 3, ", opened: 2026-10-22"), NULL);
    assert_escalates_to(e, "board");
    assert_reason(e, WHY_ESCALATION, "escalate spend");
}

/* SPEC 7.1: `opened` is required when used; a decision of a matter with an
 * `escalate ... after` rule that does not say when it was opened is an
 * input error, not a decision that has been open for no time. */
static void test_escalate_after_needs_opened(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN "escalate spend to board after 28 days\n");
    assert_input_refused(e, "{matter: spend, decider: cfo, date: 2026-11-20, fields: {amount: \"£100k\","
                            " category: revenue, risk: 3, supplier: Acme}}");
}

static void test_escalate_to_highest_or_contradiction(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN
            "escalate spend to audit when risk >= 15\n"
            "escalate spend to board when amount > £500k\n"
            "escalate spend to coo when category = capital\n");

    run(e, SPEND(e, "cfo", "£600k", "revenue", 20, ""), NULL);
    assert_escalates_to(e, "board");
    run(e, SPEND(e, "cfo", "£100k", "revenue", 20, ""), NULL);
    assert_escalates_to(e, "audit");
    /* audit and the coo: neither is above the other */
    run(e, SPEND(e, "cfo", "£100k", "capital", 20, ""), NULL);
    assert_outcome(e, EV_UNDETERMINED);
    assert_reason(e, WHY_CONTRADICTION, "escalate spend to audit");
    /* nor are the board and the coo: no reporting line and no delegation
     * lead from the board to the coo */
    run(e, SPEND(e, "cfo", "£600k", "capital", 3, ""), NULL);
    assert_outcome(e, EV_UNDETERMINED);
}

#define TIERS                                                                   \
    "policy \"Tiers\" version \"1\"\n"                                          \
    "tiers team < place < system\n"                                             \
    "role lead \"Lead\"\n"                                                      \
    "body board \"Board\" is board at system {\n"                               \
    "    members lead\n    quorum 1\n}\n"                                       \
    "body place_board \"Place board\" is board at place reports to board {\n"   \
    "    members lead\n    quorum 1\n}\n"                                       \
    "body int \"Team\" is team at team reports to place_board {\n"              \
    "    members lead\n    quorum 1\n}\n"                                       \
    "body panel \"Panel\" is forum at team reports to int {\n"                  \
    "    members lead\n    quorum 1\n}\n"                                       \
    "matter complaint \"Complaint\" {\n    subject: text\n}\n"                  \
    "delegate complaint from board to place_board may subdelegate\n"            \
    "delegate complaint from place_board to int may subdelegate\n"              \
    "delegate complaint from int to panel\n"                                    \
    "delegate complaint from int to lead\n"                                     \
    "escalate complaint to next tier after 28 days\n"

#define COMPLAINT(e, who, extra)                                                   \
    dec((e), "{matter: complaint, decider: %s, date: 2026-11-20, opened: 2026-10-01," \
             " fields: {subject: \"noise\"}%s%s}", (who), meets(who), (extra))

static void test_escalate_next_tier(void **state)
{
    et *e = *state;
    compile(e, TIERS);

    run(e, COMPLAINT(e, "int", ""), NULL);
    assert_escalates_to(e, "place_board");
    assert_reason(e, WHY_ESCALATION, "escalate complaint");
    /* the panel's parent is at the same tier: one more step */
    run(e, COMPLAINT(e, "panel", ""), NULL);
    assert_escalates_to(e, "place_board");
    /* a role deciding for a body: the body's tier counts */
    run(e, COMPLAINT(e, "lead", ", body: int"), NULL);
    assert_escalates_to(e, "place_board");
    run(e, COMPLAINT(e, "place_board", ""), NULL);
    assert_escalates_to(e, "board");
    /* no higher body: the route ends nowhere */
    run(e, COMPLAINT(e, "board", ""), NULL);
    assert_outcome(e, EV_UNDETERMINED);
    assert_reason(e, WHY_NO_ROUTE, "escalate complaint");
    /* not open long enough */
    run(e, dec(e, "{matter: complaint, decider: int, date: 2026-11-20, opened: 2026-11-01,"
                  " fields: {subject: \"noise\"}%s}", meets("int")), NULL);
    assert_outcome(e, EV_PERMITTED);
    assert_chain(e, "board", "place_board", "int");
}

/* -------------------------------------------------- chains of authority */

static void test_chain_up_to_boundary(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN);

    run(e, SPEND(e, "ceo", "£5m", "revenue", 3, ""), NULL);
    assert_outcome(e, EV_PERMITTED);
    assert_chain(e, "board", "ceo");
    assert_int_equal(e->r.chain_rules[0], rule_(e, "delegate spend from board", __FILE__, __LINE__));

    run(e, SPEND(e, "ceo", "£5,000,000.01", "revenue", 3, ""), NULL);
    assert_escalates_to(e, "board");
    const ev_reason *r = assert_reason(e, WHY_BOUND, "delegate spend from board");
    assert_int_equal(r->amount, 500000000);

    run(e, SPEND(e, "cfo", "£1m", "revenue", 3, ""), NULL);
    assert_outcome(e, EV_PERMITTED);
    assert_chain(e, "board", "ceo", "cfo");
    run(e, SPEND(e, "cfo", "£1,000,000.01", "revenue", 3, ""), NULL);
    assert_escalates_to(e, "ceo");
    assert_reason(e, WHY_BOUND, "delegate spend from ceo");
    /* above both: the nearest holder that can decide */
    run(e, SPEND(e, "cfo", "£6m", "revenue", 3, ""), NULL);
    assert_escalates_to(e, "board");
}

static void test_chain_limit_clause(void **state)
{
    et *e = *state;
    compile(e, HEADER
            "delegate spend from board to ceo up to £5m\n    may subdelegate\n"
            "delegate spend from ceo to cfo\n"
            "    limit amount <= £1m and category in { revenue, contract }\n");

    run(e, SPEND(e, "cfo", "£1m", "contract", 3, ""), NULL);
    assert_outcome(e, EV_PERMITTED);
    run(e, SPEND(e, "cfo", "£100", "capital", 3, ""), NULL);
    assert_escalates_to(e, "ceo");
    assert_reason(e, WHY_BOUND, "delegate spend from ceo");
}

static void test_chain_may_subdelegate(void **state)
{
    et *e = *state;
    compile(e, HEADER
            "delegate spend from board to ceo\n"
            "delegate spend from ceo to cfo\n    may subdelegate\n"
            "delegate spend from cfo to clerk\n");

    /* the last link needs nothing */
    run(e, SPEND(e, "ceo", "£100", "revenue", 3, ""), NULL);
    assert_outcome(e, EV_PERMITTED);
    assert_chain(e, "board", "ceo");
    /* board -> ceo does not say `may subdelegate` */
    run(e, SPEND(e, "cfo", "£100", "revenue", 3, ""), NULL);
    assert_escalates_to(e, "ceo");
    run(e, SPEND(e, "clerk", "£100", "revenue", 3, ""), NULL);
    assert_escalates_to(e, "ceo");
}

/* SPEC 7.11 level 5: the outcome says "which rule bounds the decider".
 * What stops the cfo is the board's delegation to the chief executive,
 * which has no `may subdelegate`, not the cfo's own delegation. */
static void test_chain_may_subdelegate_names_the_link(void **state)
{
    et *e = *state;
    compile(e, HEADER
            "delegate spend from board to ceo\n"
            "delegate spend from ceo to cfo\n");

    run(e, SPEND(e, "cfo", "£100", "revenue", 3, ""), NULL);
    assert_escalates_to(e, "ceo");
    assert_reason(e, WHY_NO_SUBDELEGATE, "delegate spend from board");
}

static void test_chain_all_but_last_subdelegate(void **state)
{
    et *e = *state;
    compile(e, HEADER
            "delegate spend from board to ceo\n    may subdelegate\n"
            "delegate spend from ceo to cfo\n    may subdelegate\n"
            "delegate spend from cfo to clerk\n");

    run(e, SPEND(e, "clerk", "£100", "revenue", 3, ""), NULL);
    assert_outcome(e, EV_PERMITTED);
    assert_chain(e, "board", "ceo", "cfo", "clerk");
    assert_accountable(e, "board");
}

static void test_chain_shortest(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN "delegate spend from board to cfo up to £100k\n");

    run(e, SPEND(e, "cfo", "£100k", "revenue", 3, ""), NULL);
    assert_chain(e, "board", "cfo");
    run(e, SPEND(e, "cfo", "£100,000.01", "revenue", 3, ""), NULL);
    assert_chain(e, "board", "ceo", "cfo");
}

/* SPEC 7.4: an advise link gives no authority; when the delegator decides
 * a matter for which an advise delegation applies, the outcome carries the
 * obligation to consult the delegate. */
static void test_chain_advise(void **state)
{
    et *e = *state;
    compile(e, HEADER "delegate spend from board to ceo as advise\n");

    run(e, SPEND(e, "ceo", "£100", "revenue", 3, ""), NULL);
    assert_escalates_to(e, "board");
    assert_reason(e, WHY_ADVISE_ONLY, "delegate spend from board");

    run(e, SPEND(e, "board", "£100", "revenue", 3, ""), NULL);
    assert_outcome(e, EV_PERMITTED);
    assert_chain(e, "board");
    assert_ndue(e, 1); /* consult the chief executive */
    assert_int_equal(e->r.dues[0].rule, rule_(e, "delegate spend from board", __FILE__, __LINE__));
}

static void test_chain_joint(void **state)
{
    et *e = *state;
    compile(e, HEADER
            "delegate spend from board to ceo as joint up to £5m\n"
            "delegate spend from board to coo up to £5m\n    may subdelegate\n"
            "delegate spend from coo to cfo as joint\n");

    run(e, SPEND(e, "ceo", "£100", "revenue", 3, ""), NULL);
    assert_escalates_to(e, "board");
    assert_reason(e, WHY_JOINT_NEEDS, "delegate spend from board to ceo");
    /* the board co-decides: among the co-signatories, or its meeting */
    run(e, SPEND(e, "ceo", "£100", "revenue", 3, ", co_signatories: [board]"), NULL);
    assert_outcome(e, EV_PERMITTED);
    assert_chain(e, "board", "ceo");
    run(e, SPEND(e, "ceo", "£100", "revenue", 3, ", body: board"), NULL);
    assert_outcome(e, EV_PERMITTED);

    run(e, SPEND(e, "cfo", "£100", "revenue", 3, ""), NULL);
    assert_escalates_to(e, "coo");
    assert_reason(e, WHY_JOINT_NEEDS, "delegate spend from coo");
    run(e, SPEND(e, "cfo", "£100", "revenue", 3, ", co_signatories: [coo]"), NULL);
    assert_outcome(e, EV_PERMITTED);
    assert_chain(e, "board", "coo", "cfo");
    /* another signatory is not the delegator */
    run(e, SPEND(e, "cfo", "£100", "revenue", 3, ", co_signatories: [ceo]"), NULL);
    assert_escalates_to(e, "coo");
}

static void test_chain_transfer_accountability(void **state)
{
    et *e = *state;
    compile(e, HEADER
            "delegate spend from board to ceo as transfer up to £5m\n    may subdelegate\n"
            "delegate spend from ceo to cfo\n");
    run(e, SPEND(e, "cfo", "£100", "revenue", 3, ""), NULL);
    assert_outcome(e, EV_PERMITTED);
    assert_chain(e, "board", "ceo", "cfo");
    assert_accountable(e, "ceo");
    run(e, SPEND(e, "ceo", "£100", "revenue", 3, ""), NULL);
    assert_accountable(e, "ceo");
}

static void test_chain_transfer_last_link(void **state)
{
    et *e = *state;
    compile(e, HEADER
            "delegate spend from board to ceo up to £5m\n    may subdelegate\n"
            "delegate spend from ceo to cfo as transfer\n");
    run(e, SPEND(e, "cfo", "£100", "revenue", 3, ""), NULL);
    assert_chain(e, "board", "ceo", "cfo");
    assert_accountable(e, "cfo");
    /* delegated (the default) keeps it with the start */
    run(e, SPEND(e, "ceo", "£100", "revenue", 3, ""), NULL);
    assert_accountable(e, "board");
}

static void test_chain_with_co_signatories_only(void **state)
{
    et *e = *state;
    compile(e, HEADER
            "delegate spend from board to ceo up to £5m\n    may subdelegate\n"
            "delegate spend from ceo to cfo with 1 executive\n");

    /* the cfo is an executive, but `with` counts co-signatories only */
    run(e, SPEND(e, "cfo", "£100", "revenue", 3, ""), NULL);
    assert_escalates_to(e, "ceo");
    assert_reason(e, WHY_COSIGN, "delegate spend from ceo");
    run(e, SPEND(e, "cfo", "£100", "revenue", 3, ", co_signatories: [coo]"), NULL);
    assert_outcome(e, EV_PERMITTED);
    assert_chain(e, "board", "ceo", "cfo");
}

/* SPEC 7.4, who else can decide: when walking up from the decider meets
 * no candidate, "take the candidate with the longest chain (the furthest
 * from the start of authority)".  The clerk has no delegation and sits on
 * no body; the board (no links) and the chief executive (one link) can
 * decide: the chief executive is named.  (The coo, who sits on the board,
 * goes up that line to the board, SPEC 7.4.) */
static void test_who_can_longest_chain(void **state)
{
    et *e = *state;
    compile(e, HEADER "delegate spend from board to ceo up to £5m\n");

    run(e, SPEND(e, "clerk", "£100", "revenue", 3, ""), NULL);
    assert_escalates_to(e, "ceo");
    assert_reason(e, WHY_NO_AUTHORITY, NULL);
}

/* --------------------------------------------------------- crisis grants */

#define CRISIS                                                              \
    "context {\n    incident_level: score 0..4\n}\n"                        \
    "matter appointment \"Appointment\" {\n"                                \
    "    post: one of { executive_director, non_executive }\n}\n"           \
    "delegate spend from board to ceo up to £1m\n"                          \
    "big: reserve spend to board when amount > £8m\n"                       \
    "protocol major_incident \"Major incident\" {\n"                        \
    "    active when incident_level >= 3\n"                                 \
    "    grant spend to ceo with chair up to £10m\n"                        \
    "        report to board within 3 days\n"                               \
    "    grant appointment to ceo\n"                                        \
    "    never grant appointment\n"                                         \
    "    ratify by board within 7 days\n"                                   \
    "    expires after 28 days\n"                                           \
    "}\n"

#define INCIDENT(level, activated, co) \
    ", context: {incident_level: " level "}, activated: {major_incident: " activated "}, co_signatories: [" co "]"

static void test_grant_active(void **state)
{
    et *e = *state;
    compile(e, HEADER CRISIS);

    run(e, SPEND_ON(e, "2026-11-10", "ceo", "£2m", "revenue", 3, "Acme",
                    INCIDENT("3", "2026-11-01", "chair")), NULL);
    assert_outcome(e, EV_PERMITTED);
    assert_chain(e, "(protocol)", "ceo");
    assert_int_equal(e->r.chain_rules[0], rule_(e, "grant spend", __FILE__, __LINE__));
    assert_ndue(e, 2);
    assert_due(e, "grant spend", 0, "2026-11-13");
    assert_due(e, "grant spend", PL_NONE, "2026-11-17");
    assert_int_equal(e->r.dues[1].protocol, 0);

    /* ordinary authority first: no ratification */
    run(e, SPEND_ON(e, "2026-11-10", "ceo", "£1m", "revenue", 3, "Acme",
                    INCIDENT("3", "2026-11-01", "chair")), NULL);
    assert_outcome(e, EV_PERMITTED);
    assert_chain(e, "board", "ceo");
    assert_ndue(e, 0);

    /* the grant's `with chair` */
    run(e, SPEND_ON(e, "2026-11-10", "ceo", "£2m", "revenue", 3, "Acme",
                    INCIDENT("3", "2026-11-01", "")), NULL);
    assert_escalates_to(e, "board");

    /* a reservation is decided first */
    run(e, SPEND_ON(e, "2026-11-10", "ceo", "£9m", "revenue", 3, "Acme",
                    INCIDENT("3", "2026-11-01", "chair")), NULL);
    assert_escalates_to(e, "board");
    assert_reason(e, WHY_RESERVED, "big:");

    /* not active */
    run(e, SPEND_ON(e, "2026-11-10", "ceo", "£2m", "revenue", 3, "Acme",
                    INCIDENT("2", "2026-11-01", "chair")), NULL);
    assert_escalates_to(e, "board");
    assert_reason(e, WHY_BOUND, "delegate spend from board");
}

static void test_grant_activation_window(void **state)
{
    et *e = *state;
    compile(e, HEADER CRISIS);

    /* before activation: not active, not expired */
    run(e, SPEND_ON(e, "2026-10-31", "ceo", "£2m", "revenue", 3, "Acme",
                    INCIDENT("3", "2026-11-01", "chair")), NULL);
    assert_escalates_to(e, "board");
    /* the day of activation */
    run(e, SPEND_ON(e, "2026-11-01", "ceo", "£2m", "revenue", 3, "Acme",
                    INCIDENT("3", "2026-11-01", "chair")), NULL);
    assert_outcome(e, EV_PERMITTED);
    assert_due(e, "grant spend", PL_NONE, "2026-11-08");
    /* the last day: activated + 27 */
    run(e, SPEND_ON(e, "2026-11-28", "ceo", "£2m", "revenue", 3, "Acme",
                    INCIDENT("3", "2026-11-01", "chair")), NULL);
    assert_outcome(e, EV_PERMITTED);
    /* activated + 28: expired, and only the grant could have permitted
     * it: the ordinary rules send it up, and the expiry is said */
    run(e, SPEND_ON(e, "2026-11-29", "ceo", "£2m", "revenue", 3, "Acme",
                    INCIDENT("3", "2026-11-01", "chair")), NULL);
    assert_escalates_to(e, "board");
    assert_nreasons(e, 2);
    assert_reason(e, WHY_BOUND, "delegate spend from board");
    assert_reason(e, WHY_EXPIRED, "grant spend");
    /* expired, but within ordinary authority */
    run(e, SPEND_ON(e, "2026-11-29", "ceo", "£1m", "revenue", 3, "Acme",
                    INCIDENT("3", "2026-11-01", "chair")), NULL);
    assert_outcome(e, EV_PERMITTED);
    /* expired, and beyond the grant too: not the grant's refusal */
    run(e, SPEND_ON(e, "2026-11-29", "ceo", "£2m", "revenue", 3, "Acme",
                    INCIDENT("3", "2026-11-01", "")), NULL);
    assert_escalates_to(e, "board");
}

static void test_grant_never(void **state)
{
    et *e = *state;
    compile(e, HEADER CRISIS);

    run(e, dec(e, "{matter: appointment, decider: ceo, date: 2026-11-10, fields: {post: non_executive}"
                  INCIDENT("4", "2026-11-01", "chair") "}"), NULL);
    assert_escalates_to(e, "board");
    assert_int_equal(e->r.nchain, 0);
}

/* SPEC 7.9: an earlier decision under the protocol, due for ratification
 * by the board 7 days after it was taken, is a finding once that day has
 * passed without a ratification on or before the decision's date; for a
 * decision while the protocol is active (or has expired) or by the board. */
static void test_ratification_overdue(void **state)
{
    et *e = *state;
    compile(e, HEADER CRISIS);
    const ev_history *h = hist(e,
        "- {matter: spend, decider: ceo, date: 2026-11-02, under: major_incident,"
        " co_signatories: [chair], fields: {amount: \"£2m\", category: revenue, risk: 1, supplier: Acme}}\n"
        "- {matter: spend, decider: ceo, date: 2026-11-03, under: major_incident, ratified: 2026-11-12,"
        " co_signatories: [chair], fields: {amount: \"£2m\", category: revenue, risk: 1, supplier: Acme}}\n"
        "- {matter: spend, decider: ceo, date: 2026-11-04,"
        " fields: {amount: \"£2m\", category: revenue, risk: 1, supplier: Acme}}\n");
    assert_int_equal(h->nunder, 2);

    /* due 2026-11-09: on that day it is not yet overdue */
    run(e, SPEND_ON(e, "2026-11-09", "ceo", "£2m", "revenue", 3, "Acme",
                    INCIDENT("3", "2026-11-01", "chair")), h);
    assert_outcome(e, EV_PERMITTED);
    assert_int_equal(e->r.nfind, 0);
    /* the day after: the first is overdue; the second is due 2026-11-10 */
    run(e, SPEND_ON(e, "2026-11-10", "ceo", "£2m", "revenue", 3, "Acme",
                    INCIDENT("3", "2026-11-01", "chair")), h);
    assert_int_equal(e->r.nfind, 1);
    assert_int_equal(e->r.find[0].kind, EV_RATIFICATION_OVERDUE);
    assert_int_equal(e->r.find[0].index, 0);
    assert_true(e->r.find[0].due == day("2026-11-09"));
    assert_true(e->r.find[0].date == day("2026-11-02"));
    assert_int_equal(e->r.find[0].who, holder(e, "ceo"));
    /* 2026-11-11: the second is overdue too, ratified only on 2026-11-12 */
    run(e, SPEND_ON(e, "2026-11-11", "ceo", "£2m", "revenue", 3, "Acme",
                    INCIDENT("3", "2026-11-01", "chair")), h);
    assert_int_equal(e->r.nfind, 2);
    assert_int_equal(e->r.find[1].index, 1);
    /* 2026-11-12: ratified that day, late but no longer outstanding */
    run(e, SPEND_ON(e, "2026-11-12", "ceo", "£2m", "revenue", 3, "Acme",
                    INCIDENT("3", "2026-11-01", "chair")), h);
    assert_int_equal(e->r.nfind, 1);
    /* whatever the outcome: refused or escalated decisions are told too */
    run(e, SPEND_ON(e, "2026-11-12", "ceo", "£2m", "revenue", 3, "Acme",
                    INCIDENT("3", "2026-11-01", "")), h);
    assert_escalates_to(e, "board");
    assert_int_equal(e->r.nfind, 1);
    /* the protocol not active, the decider not the board: not reported */
    run(e, SPEND_ON(e, "2026-11-12", "ceo", "£1m", "revenue", 3, "Acme",
                    ", context: {incident_level: 1}"), h);
    assert_outcome(e, EV_PERMITTED);
    assert_int_equal(e->r.nfind, 0);
    /* ... but the board, which must ratify, is told */
    run(e, SPEND_ON(e, "2026-11-12", "board", "£1m", "revenue", 3, "Acme",
                    ", context: {incident_level: 1}"), h);
    assert_int_equal(e->r.nfind, 1);
    /* expired (activated + 28 days): still told while the incident lasts */
    run(e, SPEND_ON(e, "2026-11-30", "ceo", "£1m", "revenue", 3, "Acme",
                    INCIDENT("3", "2026-11-01", "chair")), h);
    assert_int_equal(e->r.nfind, 1);
    /* no history: nothing */
    run(e, SPEND_ON(e, "2026-11-30", "ceo", "£1m", "revenue", 3, "Acme",
                    INCIDENT("3", "2026-11-01", "chair")), NULL);
    assert_int_equal(e->r.nfind, 0);
}

/* SPEC 7.1: "an activation date missing for a protocol with an expiry"
 * is an input error, not an outcome, when the protocol is active. */
static void test_grant_activation_date_missing(void **state)
{
    et *e = *state;
    compile(e, HEADER CRISIS);
    assert_input_refused(e, "{matter: spend, decider: ceo, date: 2026-11-10, fields: {amount: \"£2m\","
                            " category: revenue, risk: 3, supplier: Acme}, context: {incident_level: 3},"
                            " co_signatories: [chair]}");
}

/* SPEC 7.1: a history gives "earlier decisions taken, each with matter,
 * date, decider and fields"; context values are not asked of them (a
 * limit's `when` may only read fields when it counts history). */
static void test_history_without_context(void **state)
{
    et *e = *state;
    compile(e, HEADER CRISIS "limit spend total amount <= £500k over 30 days\n");
    const char *text =
        "- {matter: spend, decider: ceo, date: 2026-11-10, fields: {amount: \"£400k\", category: revenue, risk: 1, supplier: Acme}}\n";
    yi_node *root = yi_parse(e->is, input_file(e, text));
    assert_non_null(root);
    ev_history h;
    bool ok = in_history(&e->ic, root, &h);
    if (!ok)
        rt_dump(e->is);
    assert_true(ok);
    run(e, SPEND(e, "ceo", "£100,000.01", "revenue", 3, ", context: {incident_level: 0}"), &h);
    assert_outcome(e, EV_REFUSED);
}

/* ----------------------------------------------------------- obligations */

static void test_obligations_due_dates(void **state)
{
    et *e = *state;
    compile(e, HEADER
            "delegate spend from board to ceo up to £5m\n"
            "    report to board within 30 days\n"
            "    may subdelegate\n"
            "delegate spend from ceo to cfo up to £1m\n"
            "    notify ceo within 1 week\n"
            "    record in \"delegated spend register\"\n"
            "after spend when category = losses\n"
            "    record in \"losses and special payments register\" within 28 days\n"
            "    report to audit within 60 days\n"
            "escalate spend to board when risk >= 15\n");

    run(e, SPEND(e, "cfo", "£100", "revenue", 3, ""), NULL);
    assert_outcome(e, EV_PERMITTED);
    assert_ndue(e, 3);
    assert_due(e, "delegate spend from board", 0, "2026-12-20");
    assert_due(e, "delegate spend from ceo", 0, "2026-11-27");
    assert_due(e, "delegate spend from ceo", 1, NULL);

    run(e, SPEND(e, "cfo", "£100", "losses", 3, ""), NULL);
    assert_ndue(e, 5);
    assert_due(e, "after spend", 0, "2026-12-18");
    assert_due(e, "after spend", 1, "2027-01-19");

    /* an `after` rule binds whoever decides */
    run(e, SPEND(e, "board", "£100", "losses", 3, ""), NULL);
    assert_chain(e, "board");
    assert_ndue(e, 2);

    /* no obligations unless permitted */
    run(e, SPEND(e, "cfo", "£100", "losses", 15, ""), NULL);
    assert_escalates_to(e, "board");
    assert_ndue(e, 0);
}

/* ----------------------------------------------------------------- gaps */

static void test_undetermined_without_root_body(void **state)
{
    et *e = *state;
    compile(e, "policy \"No board\" version \"1\"\n"
               "role ceo \"Chief Executive\"\n"
               "role cfo \"Director of Finance\"\n"
               "matter spend \"Expenditure\" {\n    amount: money\n}\n"
               "delegate spend from ceo to cfo up to £1m\n");

    run(e, dec(e, "{matter: spend, decider: cfo, date: 2026-11-20, fields: {amount: \"£10\"}}"), NULL);
    assert_outcome(e, EV_UNDETERMINED);
    assert_target(e, NULL);
    assert_reason(e, WHY_NO_AUTHORITY, NULL);
    run(e, dec(e, "{matter: spend, decider: ceo, date: 2026-11-20, fields: {amount: \"£10\"}}"), NULL);
    assert_outcome(e, EV_UNDETERMINED);
}

/* ----------------------------------------------- threads and allocation */

/* A policy with a rule of every kind, and decisions that reach each. */
#define EVERYTHING                                                          \
    HEADER                                                                  \
    "context {\n    incident_level: score 0..4\n}\n"                        \
    "big: reserve spend to board when amount > £5m\n"                       \
    "delegate spend from board to ceo up to £5m\n"                          \
    "    report to board within 30 days\n"                                  \
    "    may subdelegate\n"                                                 \
    "delegate spend from ceo to cfo up to £1m\n"                            \
    "    limit category in { revenue, contract, losses }\n"                 \
    "    notify ceo within 7 days\n"                                        \
    "delegate spend from ceo to coo as joint up to £100k\n"                 \
    "refuse spend when category = losses and amount > £100k for cfo\n"      \
    "escalate spend to audit when risk >= 15\n"                             \
    "escalate spend to board after 60 days\n"                               \
    "require cfo and 1 executive for spend when amount > £250k\n"           \
    "limit spend total amount <= £600k per supplier over 365 days for cfo\n" \
    "after spend when category = losses\n"                                  \
    "    record in \"losses register\" within 28 days\n"                    \
    "protocol major_incident \"Major incident\" {\n"                        \
    "    active when incident_level >= 3\n"                                 \
    "    grant spend to coo with chair up to £2m\n"                         \
    "    ratify by board within 7 days\n"                                   \
    "    expires after 28 days\n"                                           \
    "}\n"

static const char everything_history[] =
    "- {matter: spend, decider: cfo, date: 2026-06-01, fields: {amount: \"£400k\", category: revenue, risk: 1, supplier: Acme}, context: {incident_level: 0}}\n"
    "- {matter: spend, decider: cfo, date: 2026-09-01, fields: {amount: \"£150k\", category: contract, risk: 1, supplier: Beta}, context: {incident_level: 0}}\n";

/* `escalate ... after` needs `opened` on every decision */
#define CALM ", opened: 2026-11-01, context: {incident_level: 0}"
#define CRISIS_ON(date) ", opened: 2026-11-01, context: {incident_level: 3}, activated: {major_incident: " date "}"

static const struct {
    const char *who, *amount, *cat;
    int risk;
    const char *supplier, *extra;
} everything_set[] = {
    {"cfo", "£100", "revenue", 3, "Acme", CALM},                                  /* permitted */
    {"cfo", "£150k", "revenue", 3, "Acme", CALM},                                 /* limit with Acme's £400k */
    {"cfo", "£150k", "revenue", 3, "Gamma", CALM},                                /* permitted */
    {"cfo", "£300k", "contract", 3, "Gamma", ", co_signatories: [ceo]" CALM},     /* signed */
    {"cfo", "£300k", "contract", 3, "Gamma", CALM},                               /* not signed */
    {"cfo", "£200k", "losses", 3, "Gamma", CALM},                                 /* refused for cfo */
    {"cfo", "£50k", "losses", 3, "Gamma", CALM},                                  /* after obligation */
    {"cfo", "£100", "capital", 3, "Gamma", CALM},                                 /* outside limit */
    {"coo", "£1.5m", "revenue", 3, "Gamma", ", co_signatories: [chair, cfo]" CRISIS_ON("2026-11-01")},
    {"coo", "£1.5m", "revenue", 3, "Gamma", ", co_signatories: [chair, cfo]" CRISIS_ON("2026-10-01")},
    {"cfo", "£100", "revenue", 16, "Gamma", CALM},                                /* to audit */
    {"cfo", "£100", "revenue", 3, "Gamma", ", opened: 2026-08-01, context: {incident_level: 0}"},
    {"ceo", "£4m", "capital", 3, "Gamma", ", co_signatories: [cfo]" CALM},
    {"ceo", "£6m", "capital", 3, "Gamma", ", co_signatories: [cfo]" CALM},        /* reserved */
    {"ceo", "£200k", "losses", 3, "Gamma", CALM},
    {"board", "£6m", "capital", 3, "Gamma", ", co_signatories: [cfo]" CALM},
    {"board", "£6m", "capital", 20, "Gamma", ", co_signatories: [cfo]" CALM},     /* above audit */
    {"coo", "£50k", "revenue", 3, "Gamma", ", co_signatories: [ceo]" CALM},       /* joint */
    {"coo", "£50k", "revenue", 3, "Gamma", CALM},                                 /* joint, alone */
    {"coo", "£150k", "revenue", 3, "Gamma", ", co_signatories: [ceo]" CALM},
    {"clerk", "£100", "revenue", 3, "Gamma", CALM},                               /* no authority */
    {"audit", "£100", "revenue", 20, "Gamma", CALM},
    {"audit", "£100", "revenue", 3, "Gamma", CALM},
    {"clerk", "£6m", "revenue", 3, "Gamma", CALM},
};
#define ET_NDEC (sizeof everything_set / sizeof everything_set[0])

static uint32_t load_everything(et *e, const ev_decision **ds, const ev_history **h)
{
    compile(e, EVERYTHING);
    *h = hist(e, everything_history);
    for (uint32_t i = 0; i < ET_NDEC; i++)
        ds[i] = SPEND_ON(e, "2026-11-20", everything_set[i].who, everything_set[i].amount,
                         everything_set[i].cat, everything_set[i].risk, everything_set[i].supplier,
                         everything_set[i].extra);
    return ET_NDEC;
}

static bool same_result(const ev_result *a, const ev_result *b)
{
    if (a->outcome != b->outcome || a->target != b->target || a->nchain != b->nchain ||
        a->accountable != b->accountable || a->nreasons != b->nreasons || a->ndue != b->ndue)
        return false;
    /* chain[0] is written only for a permitted decision */
    for (uint32_t i = 0; a->outcome == EV_PERMITTED && i <= a->nchain && i <= PL_MAX_CHAIN; i++)
        if (a->chain[i] != b->chain[i] || (i < a->nchain && a->chain_rules[i] != b->chain_rules[i]))
            return false;
    for (uint32_t i = 0; i < a->nreasons; i++)
        if (a->reasons[i].kind != b->reasons[i].kind || a->reasons[i].rule != b->reasons[i].rule ||
            a->reasons[i].rule2 != b->reasons[i].rule2 || a->reasons[i].amount != b->reasons[i].amount)
            return false;
    for (uint32_t i = 0; i < a->ndue; i++)
        if (a->dues[i].rule != b->dues[i].rule || a->dues[i].ob != b->dues[i].ob ||
            a->dues[i].protocol != b->dues[i].protocol || a->dues[i].due != b->dues[i].due)
            return false;
    return true;
}

#define ET_THREADS 4
#define ET_ROUNDS 10000 /* evaluations of each decision per thread */

typedef struct et_job {
    const remit_policy *p;
    const ev_decision *const *ds;
    uint32_t n;
    const ev_history *h;
    const ev_result *want;
    pthread_barrier_t *start;
    unsigned long mismatches;
} et_job;

static void *et_worker(void *arg)
{
    et_job *j = arg;
    pthread_barrier_wait(j->start);
    for (unsigned k = 0; k < ET_ROUNDS; k++)
        for (uint32_t i = 0; i < j->n; i++) {
            ev_result r;
            /* odd decisions with the history, even ones without */
            ev_evaluate(j->p, j->ds[i], i % 2 ? j->h : NULL, &r);
            j->mismatches += !same_result(&r, &j->want[i]);
        }
    return NULL;
}

static void test_threads_share_policy(void **state)
{
    et *e = *state;
    const ev_decision *ds[ET_NDEC];
    const ev_history *h;
    uint32_t n = load_everything(e, ds, &h);
    ev_result *want = calloc(n, sizeof *want);
    assert_non_null(want);
    unsigned seen[4] = {0};
    for (uint32_t i = 0; i < n; i++) {
        ev_evaluate(e->p, ds[i], i % 2 ? h : NULL, &want[i]);
        seen[want[i].outcome]++;
    }
    /* the set reaches every outcome but undetermined */
    assert_true(seen[EV_PERMITTED] >= 5 && seen[EV_ESCALATE] >= 5 && seen[EV_REFUSED] >= 3);

    pthread_barrier_t start;
    assert_int_equal(pthread_barrier_init(&start, NULL, ET_THREADS), 0);
    pthread_t t[ET_THREADS];
    et_job jobs[ET_THREADS];
    for (int i = 0; i < ET_THREADS; i++) {
        jobs[i] = (et_job){e->p, ds, n, h, want, &start, 0};
        assert_int_equal(pthread_create(&t[i], NULL, et_worker, &jobs[i]), 0);
    }
    unsigned long bad = 0;
    for (int i = 0; i < ET_THREADS; i++) {
        assert_int_equal(pthread_join(t[i], NULL), 0);
        bad += jobs[i].mismatches;
    }
    pthread_barrier_destroy(&start);
    free(want);
    assert_int_equal(bad, 0);
}

/* Allocation is counted by replacing malloc in this program (glibc lets a
 * program define malloc, free, calloc and realloc; these pass every call
 * on to glibc's own allocator).  The sanitizers replace malloc
 * themselves; under them a malloc hook of the sanitizer runtime counts. */
#if defined(ET_SANITIZED)
#if defined(__has_include)
#if __has_include(<sanitizer/allocator_interface.h>)
#include <sanitizer/allocator_interface.h>
#define ET_COUNT_ALLOCS 1
static _Thread_local bool et_counting;
static _Thread_local unsigned long et_allocs;
static void et_malloc_hook(const volatile void *ptr, size_t size)
{
    (void)ptr;
    (void)size;
    et_allocs += et_counting;
}
static void et_free_hook(const volatile void *ptr) { (void)ptr; }
#define ET_INSTALL_HOOKS() __sanitizer_install_malloc_and_free_hooks(et_malloc_hook, et_free_hook)
#endif
#endif
#elif defined(__GLIBC__)
#define ET_COUNT_ALLOCS 1
#define ET_INSTALL_HOOKS() ((void)0)
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);

static _Thread_local bool et_counting;
static _Thread_local unsigned long et_allocs;

void *malloc(size_t n)
{
    et_allocs += et_counting;
    return __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
    et_allocs += et_counting;
    return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
    et_allocs += et_counting;
    return __libc_realloc(p, n);
}

void free(void *p) { __libc_free(p); }
#endif

static void test_evaluation_never_allocates(void **state)
{
#ifdef ET_COUNT_ALLOCS
    et *e = *state;
    const ev_decision *ds[ET_NDEC];
    const ev_history *h;
    uint32_t n = load_everything(e, ds, &h);
    ET_INSTALL_HOOKS();

    /* the counter sees an allocation when there is one */
    void *(*volatile alloc)(size_t) = malloc;
    et_allocs = 0;
    et_counting = true;
    void *x = alloc(16);
    et_counting = false;
    free(x);
    assert_int_equal(et_allocs, 1);

    ev_result r;
    et_allocs = 0;
    et_counting = true;
    for (uint32_t i = 0; i < n; i++) {
        ev_evaluate(e->p, ds[i], NULL, &r);
        ev_evaluate(e->p, ds[i], h, &r);
    }
    et_counting = false;
    assert_int_equal(et_allocs, 0);
#else
    (void)state;
    skip();
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        ET_TEST(test_refuse_for_holder),
        ET_TEST(test_refuse_every_reason_beats_reservation),
        ET_TEST(test_refuse_decision_built_directly),
        ET_TEST(test_reserve_to_body),
        ET_TEST(test_reserve_to_role),
        ET_TEST(test_reserve_contradiction),
        ET_TEST(test_precedence_between_reservations),
        ET_TEST(test_precedence_transitive_across_lines),
        ET_TEST(test_precedence_reservation_over_refusal),
        ET_TEST(test_precedence_winner_applies_by_when),
        ET_TEST(test_precedence_winner_when_false),
        ET_TEST(test_precedence_circle),
        ET_TEST(test_precedence_line_across_matters),
        ET_TEST(test_precedence_long_line_and_diamond),
        ET_TEST(test_require_decider_not_counted_twice),
        ET_TEST(test_require_or_and_counts),
        ET_TEST(test_require_decider_listed_again),
        ET_TEST(test_require_two_of_one_role),
        ET_TEST(test_limit_per_field_window_for),
        ET_TEST(test_limit_without_for_refused),
        ET_TEST(test_limit_when_counts_matching_history),
        ET_TEST(test_limit_for_holder_in_chain),
        ET_TEST(test_limit_refusal_beats_limit_escalation),
        ET_TEST(test_limit_every_exceeded_reason),
        ET_TEST(test_escalate_when_and_already_above),
        ET_TEST(test_escalate_from),
        ET_TEST(test_escalate_after_days),
        ET_TEST(test_escalate_after_needs_opened),
        ET_TEST(test_escalate_to_highest_or_contradiction),
        ET_TEST(test_escalate_next_tier),
        ET_TEST(test_chain_up_to_boundary),
        ET_TEST(test_chain_limit_clause),
        ET_TEST(test_chain_may_subdelegate),
        ET_TEST(test_chain_may_subdelegate_names_the_link),
        ET_TEST(test_chain_all_but_last_subdelegate),
        ET_TEST(test_chain_shortest),
        ET_TEST(test_chain_advise),
        ET_TEST(test_chain_joint),
        ET_TEST(test_chain_transfer_accountability),
        ET_TEST(test_chain_transfer_last_link),
        ET_TEST(test_chain_with_co_signatories_only),
        ET_TEST(test_who_can_longest_chain),
        ET_TEST(test_grant_active),
        ET_TEST(test_grant_activation_window),
        ET_TEST(test_grant_never),
        ET_TEST(test_ratification_overdue),
        ET_TEST(test_grant_activation_date_missing),
        ET_TEST(test_history_without_context),
        ET_TEST(test_obligations_due_dates),
        ET_TEST(test_undetermined_without_root_body),
        ET_TEST(test_threads_share_policy),
        ET_TEST(test_evaluation_never_allocates),
    };
    return rt_run_tests(tests);
}
