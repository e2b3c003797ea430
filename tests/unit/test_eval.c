/*
 * test_eval.c - evaluation through remit.h alone: decisions evaluated
 * against small policies, a group of tests per kind of rule (SPEC.md
 * section 7): refusals, reservations, precedence, joint approval,
 * cumulative limits, escalation, chains of authority, crisis grants,
 * obligations and gaps.  Then one policy and one context shared by four
 * threads, and evaluation watched for any allocation.
 *
 * Each test loads its policy from a string (remit_policy_load), gives a
 * history as a context (remit_context_load), writes its decisions as
 * one-line YAML (JSON for the threads and the allocation test), evaluated
 * by remit_evaluate as `remit eval` reads a decision file, and reads the
 * outcome through its accessors (SPEC 11.7.2): remit.h alone, no
 * internal header.  A rule is named by the start of its first line
 * ("delegate spend from ceo", or a label "big:"), which must begin
 * exactly one line of the policy; the outcome names it by that line.
 * Where SPEC section 7 and the code disagree, the test asserts SPEC; such
 * tests say so in a comment beginning "SPEC".
 */
#include <pthread.h>

#include "helpers.h"

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

/* Who sits at a full meeting of each body with a quorum (SPEC 7.10): a
 * body's name and the roles of its seats, every members line at its
 * largest count (an open one, "2+ ned", at its fewest). */
typedef struct et_seats {
    const char *body, *roles;
} et_seats;

/* HEADER's bodies (below); the TIERS policy sets its own. */
static const et_seats header_seats[] = {
    {"board", "chair, ned, ned, ceo, cfo, coo"},
    {"audit", "ned, ned, ned"},
    {NULL, NULL},
};

#define ET_HISTORIES 4 /* histories one test gives */

/* A test's world: the policy (and its text, where rules are found by
 * their lines), an evaluator with no history and one per history given,
 * and the last decision evaluated with its outcome. */
typedef struct et {
    char *text;
    remit_policy *p;
    remit_evaluator *ev;
    remit_context *ctx[ET_HISTORIES];
    remit_evaluator *hev[ET_HISTORIES];
    unsigned nhist;
    const et_seats *seats;
    char dec[4096];           /* the decision dec() wrote last */
    const char *last;         /* the decision evaluated last */
    const remit_outcome *o;   /* its outcome */
} et;

/* A history, as a run takes it: the context it was loaded into. */
typedef remit_context et_history;

static int et_setup(void **state)
{
    et *e = calloc(1, sizeof *e);
    if (!e)
        return -1;
    e->seats = header_seats;
    *state = e;
    return 0;
}

static int et_teardown(void **state)
{
    et *e = *state;
    for (unsigned i = 0; i < e->nhist; i++) {
        remit_evaluator_free(e->hev[i]);
        remit_context_free(e->ctx[i]);
    }
    remit_evaluator_free(e->ev);
    remit_policy_free(e->p);
    free(e->text);
    free(e);
    *state = NULL;
    return 0;
}

#define ET_TEST(f) cmocka_unit_test_setup_teardown(f, et_setup, et_teardown)

/* Load `text` as the policy RT_NAME; it must have no errors. */
static void compile_(et *e, const char *text, const char *file, int line)
{
    remit_options o = rt_options();
    remit_input in = {NULL, RT_NAME, text, strlen(text)};
    remit_session *diags = NULL;
    if (remit_policy_load(&o, &in, &e->p, &diags) != REMIT_OK) {
        print_error("the policy does not load\n");
        if (diags)
            rt_dump(diags);
        remit_session_free(diags);
        _fail(file, line);
    }
    remit_session_free(diags);
    e->text = strdup(text);
    if (!e->text || remit_evaluator_new(e->p, NULL, &e->ev) != REMIT_OK) {
        print_error("no evaluator\n");
        _fail(file, line);
    }
}
#define compile(e, text) compile_((e), (text), __FILE__, __LINE__)

/* A decision written as YAML (printf-style), in e->dec. */
#if defined(__GNUC__) || defined(__clang__)
#define ET_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define ET_PRINTF(f, a)
#endif

static const char *dec(et *e, const char *fmt, ...) ET_PRINTF(2, 3);
static const char *dec(et *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(e->dec, sizeof e->dec, fmt, ap);
    va_end(ap);
    assert_true(n > 0 && (size_t)n < sizeof e->dec);
    return e->dec;
}

/* ", attendance: [...]" for a decision of `who` when it is a body with a
 * quorum, each seat taken by a person of its own (M1, M2, ...); "" for
 * any other decider. */
static const char *meets_(const et *e, const char *who)
{
    static char buf[2048];
    for (const et_seats *b = e->seats; b->body; b++) {
        if (strcmp(b->body, who))
            continue;
        size_t u = (size_t)snprintf(buf, sizeof buf, ", \"attendance\": [");
        unsigned n = 0;
        for (const char *r = b->roles; *r;) {
            size_t len = strcspn(r, ",");
            u += (size_t)snprintf(buf + u, sizeof buf - u, "%s{\"role\": \"%.*s\", \"person\": \"M%u\", \"present\": true}",
                                  n ? ", " : "", (int)len, r, n + 1);
            n++;
            r += len;
            r += strspn(r, ", ");
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

/* A history written as a YAML list of decisions, loaded into a context
 * of its own; a run with it evaluates there. */
static const et_history *hist_(et *e, const char *text, const char *file, int line)
{
    assert_true(e->nhist < ET_HISTORIES);
    remit_input in = {NULL, "history.yaml", text, strlen(text)};
    remit_session *diags = NULL;
    unsigned k = e->nhist;
    if (remit_context_load(e->p, NULL, &in, &e->ctx[k], &diags) != REMIT_OK) {
        print_error("the history does not load\n");
        if (diags)
            rt_dump(diags);
        remit_session_free(diags);
        _fail(file, line);
    }
    remit_session_free(diags);
    if (remit_evaluator_new(e->p, e->ctx[k], &e->hev[k]) != REMIT_OK) {
        print_error("no evaluator\n");
        _fail(file, line);
    }
    e->nhist++;
    return e->ctx[k];
}
#define hist(e, text) hist_((e), (text), __FILE__, __LINE__)

/* The evaluator for history h (NULL: none). */
static remit_evaluator *evaluator(const et *e, const et_history *h)
{
    for (unsigned i = 0; h && i < e->nhist; i++)
        if (e->ctx[i] == h)
            return e->hev[i];
    assert_null(h);
    return e->ev;
}

static void run_(et *e, const char *text, const et_history *h, const char *file, int line)
{
    remit_evaluator *ev = evaluator(e, h);
    e->last = text;
    if (remit_evaluate(ev, text, strlen(text), &e->o) != REMIT_OK) {
        print_error("the decision does not load: %s\n", text);
        rt_dump(remit_evaluator_diagnostics(ev));
        _fail(file, line);
    }
}
#define run(e, text, h) run_((e), (text), (h), __FILE__, __LINE__)

/* ---- the policy's lines ---- */

/* Line n (from 1) of the policy's text: its start, its blanks skipped. */
static const char *line_at(const et *e, unsigned n, size_t *indent)
{
    const char *s = e->text;
    for (unsigned i = 1; i < n && s; i++)
        if ((s = strchr(s, '\n')))
            s++;
    if (!s)
        return NULL;
    *indent = strspn(s, " ");
    return s + *indent;
}

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The line of the one rule whose first line starts with `prefix` (a
 * label, or the rule's words: "delegate spend from ceo to cfo"). */
static unsigned rule_(const et *e, const char *prefix, const char *file, int line)
{
    unsigned found = 0, n = 0;
    size_t ind;
    for (unsigned i = 1; line_at(e, i, &ind); i++)
        if (starts(line_at(e, i, &ind), prefix)) {
            found = i;
            n++;
        }
    if (n != 1) {
        print_error("%u lines of the policy begin with '%s'\n", n, prefix);
        _fail(file, line);
    }
    return found;
}

/* Whether place `ref` is the policy's line `want` (0: no place). */
static bool at_line(remit_rule_ref ref, unsigned want)
{
    if (!want)
        return ref.file == NULL;
    return ref.file && !strcmp(ref.file, RT_NAME) && ref.line == want;
}

#define ET_RATIFY UINT32_MAX /* a crisis protocol's ratification, for due() */

/* The line of the ob-th obligation written in the rule at line r (the
 * rule's own indented lines that begin with an obligation's words), or
 * for ob == ET_RATIFY the `ratify by` line of the protocol it is in. */
static unsigned obligation_line(const et *e, unsigned r, uint32_t ob)
{
    static const char *const verbs[] = {"report to ", "record in ", "publish ", "notify ",
                                        "ratify by ", "declare "};
    size_t rind, ind;
    line_at(e, r, &rind);
    uint32_t k = 0;
    for (unsigned i = r + 1;; i++) {
        const char *s = line_at(e, i, &ind);
        if (!s || !*s || *s == '\n')
            return 0;
        if (ob == ET_RATIFY) {
            if (*s == '}')
                return 0;
            if (starts(s, "ratify by "))
                return i;
            continue;
        }
        if (ind <= rind)
            return 0;
        for (size_t v = 0; v < sizeof verbs / sizeof *verbs; v++)
            if (starts(s, verbs[v]) && k++ == ob)
                return i;
    }
}

/* ---- the outcome ---- */

/* The outcome as `remit eval` prints it, and its reasons' places, shown
 * when an assertion fails. */
static void show(const et *e)
{
    print_error("decision: %s\n", e->last ? e->last : "(none)");
    const char *text = remit_outcome_text(e->o, NULL);
    print_error("outcome: %s", text ? text : "(none)\n");
    remit_reason r;
    for (size_t i = 0; remit_outcome_reason_at(e->o, i, &r); i++)
        print_error("  reason %zu: %s, rule line %u, other rule line %u: %s\n", i, r.kind, r.rule.line,
                    r.other_rule.line, r.message);
}

static const char *kind_word(remit_outcome_kind k)
{
    static const char *const w[] = {"permitted", "escalate", "refused", "undetermined"};
    return (unsigned)k < 4 ? w[k] : "?";
}

static void outcome_is(const et *e, remit_outcome_kind want, const char *file, int line)
{
    remit_outcome_kind got = remit_outcome_kind_of(e->o);
    if (got != want) {
        print_error("want %s, got %s\n", kind_word(want), kind_word(got));
        show(e);
        _fail(file, line);
    }
}
#define assert_outcome(e, o) outcome_is((e), (o), __FILE__, __LINE__)

static bool same_name(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* escalate to `name`; NULL: no target */
static void target_is(const et *e, const char *name, const char *file, int line)
{
    const char *got = remit_outcome_escalate_to(e->o);
    if (!same_name(got, name)) {
        print_error("want the target %s, got %s\n", name ? name : "(none)", got ? got : "(none)");
        show(e);
        _fail(file, line);
    }
}
#define assert_target(e, name) target_is((e), (name), __FILE__, __LINE__)
#define assert_escalates_to(e, name)                          \
    do {                                                      \
        outcome_is((e), REMIT_ESCALATE, __FILE__, __LINE__);  \
        target_is((e), (name), __FILE__, __LINE__);           \
    } while (0)

/* The chain of holders from the start of authority to the decider;
 * "(protocol)" stands for a crisis protocol's start.  NULL ends the list. */
static void chain_is(const et *e, const char *file, int line, ...)
{
    const char *want[32];
    size_t n = 0;
    va_list ap;
    va_start(ap, line);
    for (const char *s; (s = va_arg(ap, const char *)) && n < 32;)
        want[n++] = s;
    va_end(ap);
    size_t len = remit_outcome_chain_length(e->o);
    bool same = len == n;
    remit_link l;
    for (size_t i = 0; same && i < n; i++) {
        same = remit_outcome_chain_at(e->o, i, &l);
        same = same && (!strcmp(want[i], "(protocol)") ? l.is_protocol
                                                       : !l.is_protocol && same_name(l.holder, want[i]));
    }
    if (!same) {
        print_error("want the chain");
        for (size_t i = 0; i < n; i++)
            print_error(" %s", want[i]);
        print_error(", got");
        for (size_t i = 0; remit_outcome_chain_at(e->o, i, &l); i++)
            print_error(" %s%s", l.is_protocol ? "(protocol) " : "", l.holder ? l.holder : "(none)");
        print_error("\n");
        show(e);
        _fail(file, line);
    }
}
#define assert_chain(e, ...) chain_is((e), __FILE__, __LINE__, __VA_ARGS__, (const char *)NULL)

/* The i-th link of the chain (from 1) passes authority on by this rule. */
static void link_rule_is(const et *e, size_t i, const char *rule, const char *file, int line)
{
    remit_link l;
    if (!remit_outcome_chain_at(e->o, i, &l) || !at_line(l.rule, rule_(e, rule, file, line))) {
        print_error("link %zu of the chain is not by '%s'\n", i, rule);
        show(e);
        _fail(file, line);
    }
}
#define assert_link_rule(e, i, rule) link_rule_is((e), (i), (rule), __FILE__, __LINE__)

/* No chain of authority: the outcome gives none, as text or as JSON. */
static void no_chain_(const et *e, const char *file, int line)
{
    const char *json = remit_outcome_json(e->o, NULL);
    if (remit_outcome_chain_length(e->o) != 0 || !json || strstr(json, "\"chain\"")) {
        print_error("want no chain\n");
        show(e);
        _fail(file, line);
    }
}
#define assert_no_chain(e) no_chain_((e), __FILE__, __LINE__)

static void accountable_is(const et *e, const char *name, const char *file, int line)
{
    const char *got = remit_outcome_accountable(e->o);
    if (!same_name(got, name)) {
        print_error("want %s accountable, got %s\n", name ? name : "(none)", got ? got : "(none)");
        show(e);
        _fail(file, line);
    }
}
#define assert_accountable(e, name) accountable_is((e), (name), __FILE__, __LINE__)

/* A reason of this kind (its JSON word, SPEC 7.12) standing on this rule
 * (NULL: any rule). */
static remit_reason reason_(const et *e, const char *kind, const char *rule, const char *file, int line)
{
    unsigned want = rule ? rule_(e, rule, file, line) : 0;
    remit_reason r;
    memset(&r, 0, sizeof r);
    for (size_t i = 0; remit_outcome_reason_at(e->o, i, &r); i++)
        if (!strcmp(r.kind, kind) && (!rule || at_line(r.rule, want)))
            return r;
    print_error("no reason of kind %s%s%s\n", kind, rule ? " naming " : "", rule ? rule : "");
    show(e);
    _fail(file, line);
    return r;
}
#define assert_reason(e, kind, rule) reason_((e), (kind), (rule), __FILE__, __LINE__)

/* The i-th reason is of this kind and its sentence says `part`. */
static void reason_says_(const et *e, size_t i, const char *kind, const char *part, const char *file,
                         int line)
{
    remit_reason r;
    if (!remit_outcome_reason_at(e->o, i, &r) || strcmp(r.kind, kind) || !strstr(r.message, part)) {
        print_error("reason %zu is not %s saying \"%s\"\n", i, kind, part);
        show(e);
        _fail(file, line);
    }
}
#define assert_reason_says(e, i, kind, part) reason_says_((e), (i), (kind), (part), __FILE__, __LINE__)

/* The reason found (assert_reason) says `part` in its sentence. */
static void says_(const et *e, const remit_reason *r, const char *part, const char *file, int line)
{
    if (!strstr(r->message, part)) {
        print_error("the reason (%s) does not say \"%s\": %s\n", r->kind, part, r->message);
        show(e);
        _fail(file, line);
    }
}
#define assert_says(e, r, part) says_((e), &(r), (part), __FILE__, __LINE__)

/* The outcome has `want` reasons, obligations or findings (`what`). */
static void count_is(const et *e, const char *what, size_t got, size_t want, const char *file, int line)
{
    if (got != want) {
        print_error("want %zu %s, got %zu\n", want, what, got);
        show(e);
        _fail(file, line);
    }
}
#define assert_nreasons(e, n) \
    count_is((e), "reasons", remit_outcome_reason_count((e)->o), (n), __FILE__, __LINE__)
#define assert_ndue(e, n) \
    count_is((e), "obligations", remit_outcome_obligation_count((e)->o), (n), __FILE__, __LINE__)
#define assert_nfind(e, n) \
    count_is((e), "findings", remit_outcome_finding_count((e)->o), (n), __FILE__, __LINE__)

/* Escalate to `holder`, with one reason: that `rule` reserves it there. */
static void reserved_to_(const et *e, const char *holder, const char *rule, const char *file, int line)
{
    outcome_is(e, REMIT_ESCALATE, file, line);
    target_is(e, holder, file, line);
    count_is(e, "reasons", remit_outcome_reason_count(e->o), 1, file, line);
    reason_(e, "reserved", rule, file, line);
}
#define assert_reserved_to(e, holder, rule) reserved_to_((e), (holder), (rule), __FILE__, __LINE__)

/* Undetermined: `rule` and `other` disagree and neither takes precedence. */
static void contradiction_(const et *e, const char *rule, const char *other, const char *file, int line)
{
    outcome_is(e, REMIT_UNDETERMINED, file, line);
    remit_reason r = reason_(e, "contradiction", rule, file, line);
    if (!at_line(r.other_rule, rule_(e, other, file, line))) {
        print_error("the contradiction is not with '%s'\n", other);
        show(e);
        _fail(file, line);
    }
}
#define assert_contradiction(e, rule, other) contradiction_((e), (rule), (other), __FILE__, __LINE__)

/* An obligation written in rule `rule` (its ob-th obligation, or
 * ET_RATIFY for a protocol's ratification) due on `date` (NULL: no
 * deadline). */
static void due_(const et *e, const char *rule, uint32_t ob, const char *date, const char *file,
                 int line)
{
    unsigned at = obligation_line(e, rule_(e, rule, file, line), ob);
    remit_obligation u;
    for (size_t i = 0; at && remit_outcome_obligation_at(e->o, i, &u); i++)
        if (at_line(u.rule, at) && same_name(u.due, date))
            return;
    print_error("no obligation %u of '%s' (line %u) due %s\n", ob, rule, at, date ? date : "(no deadline)");
    show(e);
    _fail(file, line);
}
#define assert_due(e, rule, ob, date) due_((e), (rule), (ob), (date), __FILE__, __LINE__)

/* A decision the evaluation must refuse as input: REMIT_E_INPUT, with
 * at least one error.  Shows the outcome when it is accepted. */
static void input_refused_(et *e, const char *text, const char *file, int line)
{
    e->last = text;
    remit_status st = remit_evaluate(e->ev, text, strlen(text), &e->o);
    if (st == REMIT_OK) {
        print_error("the decision was accepted: %s\n", text);
        show(e);
        _fail(file, line);
    }
    if (st != REMIT_E_INPUT || remit_error_count(remit_evaluator_diagnostics(e->ev)) == 0) {
        print_error("the decision was refused (%s) without an input error\n", remit_status_text(st));
        rt_dump(remit_evaluator_diagnostics(e->ev));
        _fail(file, line);
    }
}
#define assert_input_refused(e, text) input_refused_((e), (text), __FILE__, __LINE__)

/* The i-th finding: the history's decision of `date` by `who` (the
 * holder as its sentence names it), taken under the one crisis protocol,
 * was due to be ratified by `due` and is not. */
static void overdue_(const et *e, size_t i, const char *date, const char *who, const char *due,
                     const char *file, int line)
{
    char part[128];
    snprintf(part, sizeof part, "the decision of %s by %s on ", date, who);
    remit_finding f;
    if (!remit_outcome_finding_at(e->o, i, &f) || strcmp(f.kind, "ratification_overdue") ||
        !same_name(f.due, due) || !strstr(f.message, part) ||
        !at_line(f.rule, obligation_line(e, rule_(e, "protocol ", file, line), ET_RATIFY))) {
        print_error("finding %zu is not the ratification of %s's decision of %s, overdue since %s\n", i,
                    who, date, due);
        show(e);
        _fail(file, line);
    }
}
#define assert_overdue(e, i, date, who, due) overdue_((e), (i), (date), (who), (due), __FILE__, __LINE__)

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
    assert_outcome(e, REMIT_REFUSED);
    assert_nreasons(e, 1);
    assert_reason(e, "refuse_rule", "refuse spend");
    assert_no_chain(e);
    assert_ndue(e, 0);

    /* `for cfo`: the chief executive may */
    run(e, SPEND(e, "ceo", "£200,000", "losses", 3, ""), NULL);
    assert_outcome(e, REMIT_PERMITTED);
    assert_chain(e, "board", "ceo");

    /* `>`: £100,000 itself is not refused */
    run(e, SPEND(e, "cfo", "£100,000", "losses", 3, ""), NULL);
    assert_outcome(e, REMIT_PERMITTED);
    assert_chain(e, "board", "ceo", "cfo");

    run(e, SPEND(e, "cfo", "£200,000", "revenue", 3, ""), NULL);
    assert_outcome(e, REMIT_PERMITTED);
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
    assert_outcome(e, REMIT_REFUSED);
    assert_nreasons(e, 2);
    assert_reason(e, "refuse_rule", "refuse spend when category");
    assert_reason(e, "refuse_rule", "refuse spend when risk");
    assert_target(e, NULL);

    run(e, SPEND(e, "board", "£6m", "capital", 19, ""), NULL);
    assert_outcome(e, REMIT_PERMITTED);
}

/* The fields of matter `name`, as the policy export gives them (SPEC
 * 11.9, written one key a line): "amount category ...". */
static void matter_fields(const et *e, const char *name, char *buf, size_t n)
{
    remit_options o = rt_options();
    remit_session *s = remit_session_new(&o);
    assert_non_null(s);
    assert_int_equal(remit_check_buffer(s, RT_NAME, e->text, strlen(e->text)), REMIT_OK);
    char *json = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&json, &len);
    assert_non_null(f);
    assert_int_equal(remit_export_json(s, f), REMIT_OK);
    assert_int_equal(fclose(f), 0);
    remit_session_free(s);
    char key[128];
    snprintf(key, sizeof key, "\n      \"name\": \"%s\",", name);
    const char *m = strstr(json, "\n  \"matters\": [");
    m = m ? strstr(m, key) : NULL;
    const char *end = m ? strstr(m, "\n      ]") : NULL; /* the end of its fields */
    assert_non_null(end);
    size_t u = 0;
    buf[0] = '\0';
    for (const char *q = m; (q = strstr(q + 1, "\n          \"name\": \"")) && q < end;) {
        q += strlen("\n          \"name\": \"");
        u += (size_t)snprintf(buf + u, u < n ? n - u : 0, "%s%.*s", u ? " " : "", (int)strcspn(q, "\""), q);
    }
    free(json);
}

/* The same refusal, with the decision built through the API instead of
 * written (remit_decision_*), each of the matter's four fields given. */
static void test_refuse_decision_built_directly(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN "refuse spend when category = losses and amount > £100k for cfo\n");
    char fields[256];
    matter_fields(e, "spend", fields, sizeof fields);
    assert_string_equal(fields, "amount category risk supplier");
    remit_decision *d = remit_decision_new();
    assert_non_null(d);
    assert_int_equal(remit_decision_set(d, "matter", "spend"), REMIT_OK);
    assert_int_equal(remit_decision_set(d, "decider", "cfo"), REMIT_OK);
    assert_int_equal(remit_decision_set(d, "date", "2026-11-20"), REMIT_OK);
    assert_int_equal(remit_decision_field_text(d, "amount", "£200,000"), REMIT_OK);
    assert_int_equal(remit_decision_field_text(d, "category", "losses"), REMIT_OK);
    assert_int_equal(remit_decision_field_number(d, "risk", 3), REMIT_OK);
    assert_int_equal(remit_decision_field_text(d, "supplier", "Acme"), REMIT_OK);
    e->last = "(built: cfo, £200,000, losses)";
    assert_int_equal(remit_evaluate_decision(e->ev, d, &e->o), REMIT_OK);
    assert_string_equal(remit_outcome_matter(e->o), "spend");
    assert_outcome(e, REMIT_REFUSED);
    assert_int_equal(remit_decision_field_text(d, "category", "revenue"), REMIT_OK); /* set again */
    e->last = "(built: cfo, £200,000, revenue)";
    assert_int_equal(remit_evaluate_decision(e->ev, d, &e->o), REMIT_OK);
    remit_decision_free(d);
    assert_outcome(e, REMIT_PERMITTED);
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
    assert_reserved_to(e, "board", "big:");
    assert_ndue(e, 0);

    run(e, SPEND(e, "board", "£6m", "revenue", 3, ""), NULL);
    assert_outcome(e, REMIT_PERMITTED);
    assert_chain(e, "board");
    assert_accountable(e, "board");

    /* `>`: £5m is not reserved */
    run(e, SPEND(e, "ceo", "£5m", "revenue", 3, ""), NULL);
    assert_outcome(e, REMIT_PERMITTED);
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
    assert_outcome(e, REMIT_PERMITTED);
    assert_chain(e, "cfo");
    assert_accountable(e, "cfo");
    assert_ndue(e, 1);
    assert_due(e, "after spend", 0, "2026-11-30");

    /* anyone else, even a holder above, goes to the reservation's holder */
    run(e, SPEND(e, "ceo", "£2m", "capital", 3, ""), NULL);
    assert_escalates_to(e, "cfo");
    assert_reason(e, "reserved", "reserve spend to cfo");

    /* the holder decides, and evaluation goes on to escalations (7.5) */
    run(e, SPEND(e, "cfo", "£2m", "capital", 15, ""), NULL);
    assert_escalates_to(e, "board");
    assert_reason(e, "escalation", "escalate spend");
}

static void test_reserve_contradiction(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN
            "reserve spend to board when amount > £5m\n"
            "reserve spend to audit when category = capital\n"
            "reserve spend to board when risk >= 20\n");

    run(e, SPEND(e, "ceo", "£6m", "capital", 3, ""), NULL);
    assert_contradiction(e, "reserve spend to board when amount", "reserve spend to audit");

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
    assert_reason(e, "reserved", "capital:");

    run(e, SPEND(e, "ceo", "£6m", "revenue", 3, ""), NULL);
    assert_escalates_to(e, "board");
    assert_reason(e, "reserved", "big:");

    run(e, SPEND(e, "audit", "£6m", "capital", 3, ""), NULL);
    assert_outcome(e, REMIT_PERMITTED);
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
    assert_outcome(e, REMIT_PERMITTED);
    assert_chain(e, "board");
    run(e, SPEND(e, "ceo", "£2m", "losses", 3, ""), NULL);
    assert_escalates_to(e, "board");
    assert_reason(e, "reserved", "exception:");
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
    assert_outcome(e, REMIT_PERMITTED);
    assert_chain(e, "board", "ceo");

    run(e, SPEND(e, "ceo", "£2m", "revenue", 20, ""), NULL);
    assert_escalates_to(e, "board");
    assert_reason(e, "outside_delegated_authority", "small:");
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
    assert_reason(e, "escalation", "risky:");
}

/* Precedence as the evaluation shows it (SPEC 7.3.2).  When exactly two
 * reservations to different holders apply to a decision by someone else,
 * it escalates to the holder of the one that takes precedence over the
 * other (and not the other way round); is undetermined, a contradiction,
 * when neither does; and goes on past both when each does.  The tests
 * below choose decisions to which just the pair asked about applies. */


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
    /* a and b alone: each takes precedence over the other */
    run(e, SPEND(e, "ceo", "£2m", "capital", 3, ""), NULL);
    assert_outcome(e, REMIT_PERMITTED);
    assert_chain(e, "board", "ceo");
    /* a and c alone: a over c, not c over a */
    run(e, SPEND(e, "ceo", "£1m", "capital", 12, ""), NULL);
    assert_reserved_to(e, "audit", "a:");
    /* b and c alone: b over c */
    run(e, SPEND(e, "ceo", "£2m", "revenue", 12, ""), NULL);
    assert_reserved_to(e, "board", "b:");

    run(e, SPEND(e, "ceo", "£6m", "revenue", 3, ""), NULL);
    assert_escalates_to(e, "board"); /* b alone applies: a does not set it aside */
    run(e, SPEND(e, "ceo", "£1m", "capital", 3, ""), NULL);
    assert_escalates_to(e, "audit"); /* a alone: not set aside by itself */
    /* both apply: each sets the other aside, and c too */
    run(e, SPEND(e, "ceo", "£2m", "capital", 12, ""), NULL);
    assert_outcome(e, REMIT_PERMITTED);
    assert_chain(e, "board", "ceo");
}

/* A line through a rule of another matter: a over c still holds, and
 * nothing across the two matters.  (That a is not over x, nor x over c,
 * no decision can show: no decision is of both matters.  What one can
 * show is that x still meets the other reservation of its matter.) */
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
    /* a and c alone: a over c, not c over a */
    run(e, SPEND(e, "ceo", "£1m", "capital", 12, ""), NULL);
    assert_reserved_to(e, "audit", "a:");
    run(e, dec(e, "{matter: hire, decider: ceo, date: 2026-11-20, fields: {post: \"Clerk\"}}"), NULL);
    assert_contradiction(e, "reserve hire to board", "x:");
}

/* A line of 150 rules (more than two words of bits) and a diamond: each
 * rule is set aside by any rule above it that applies.  The rules of the
 * line apply above amounts that fall along it, so that an amount makes
 * every rule from one on apply, or when the supplier is named for one of
 * them ("r1"); d1 and d2 apply for a supplier named for them too, d3 and
 * d4 for a category. */
static void test_precedence_long_line_and_diamond(void **state)
{
    et *e = *state;
    char *text = malloc(32768);
    assert_non_null(text);
    int u = snprintf(text, 32768, "%s%s", HEADER, CHAIN);
    for (int i = 0; i < 150; i++)
        u += snprintf(text + u, (size_t)(32768 - u),
                      "r%d: reserve spend to %s when amount > £%d000 or supplier = \"r%d\"\n", i,
                      i == 0 ? "audit" : i % 2 ? "board" : "cfo", 6000 + 10 * (150 - i), i);
    u += snprintf(text + u, (size_t)(32768 - u), "precedence r0");
    for (int i = 1; i < 150; i++)
        u += snprintf(text + u, (size_t)(32768 - u), " over r%d", i);
    snprintf(text + u, (size_t)(32768 - u),
             "\nd1: reserve spend to coo when risk >= 24 or supplier = \"d1\"\n"
             "d2: reserve spend to board when risk >= 25 or supplier = \"d2\"\n"
             "d3: reserve spend to cfo when risk >= 22 or category = contract\n"
             "d4: reserve spend to ceo when risk >= 23 or category = losses\n"
             "precedence d1 over d2 over d4\n"
             "precedence d1 over d3 over d4\n");
    compile(e, text);
    free(text);
    /* r0 and r149 alone (£6,011,000 is above r149 only): r0 over r149,
     * not r149 over r0 */
    run(e, SPEND_ON(e, "2026-11-20", "ceo", "£6,011,000", "revenue", 3, "r0", ""), NULL);
    assert_reserved_to(e, "audit", "r0:");
    /* r64..r149: r64 is set aside by none of those below it; r63..r149:
     * r63 by none below it, and r64 is set aside, so by r63 */
    run(e, SPEND(e, "ceo", "£6,865,000", "revenue", 3, ""), NULL);
    assert_reserved_to(e, "cfo", "r64:");
    run(e, SPEND(e, "ceo", "£6,875,000", "revenue", 3, ""), NULL);
    assert_reserved_to(e, "board", "r63:");
    /* the same across two words: r128..r149, then r1 with them */
    run(e, SPEND(e, "ceo", "£6,225,000", "revenue", 3, ""), NULL);
    assert_reserved_to(e, "cfo", "r128:");
    run(e, SPEND_ON(e, "2026-11-20", "ceo", "£6,225,000", "revenue", 3, "r1", ""), NULL);
    assert_reserved_to(e, "board", "r1:");
    /* r0 and d1 (with every rule of the line, which r0 sets aside): no
     * precedence either way, two holders: a contradiction */
    run(e, SPEND_ON(e, "2026-11-20", "ceo", "£9m", "revenue", 3, "d1", ""), NULL);
    assert_contradiction(e, "r0:", "d1:");
    /* d1 and d4 alone: d1 over d4 */
    run(e, SPEND_ON(e, "2026-11-20", "ceo", "£100", "losses", 3, "d1", ""), NULL);
    assert_reserved_to(e, "coo", "d1:");
    /* d2 and d3 alone, each on its own side of the diamond: neither */
    run(e, SPEND_ON(e, "2026-11-20", "ceo", "£100", "contract", 3, "d2", ""), NULL);
    assert_contradiction(e, "d2:", "d3:");

    /* £6,505,000 is above r100..r149: r100, the highest, is in force */
    run(e, SPEND(e, "ceo", "£6,505,000", "revenue", 3, ""), NULL);
    assert_escalates_to(e, "cfo");
    assert_reason(e, "reserved", "r100:");
    /* everything applies: r0 wins */
    run(e, SPEND(e, "ceo", "£9m", "revenue", 3, ""), NULL);
    assert_escalates_to(e, "audit");
    assert_reason(e, "reserved", "r0:");
    /* d3 and d4 alone: d4 is set aside by d3, on one side of the diamond
     * alone, and not the other way round */
    run(e, SPEND(e, "ceo", "£1m", "revenue", 23, ""), NULL);
    assert_reserved_to(e, "cfo", "d3:");
}

/* ------------------------------------------------------ joint approval */

static void test_require_decider_not_counted_twice(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN "require cfo and 1 executive for spend when amount > £250k\n");

    run(e, SPEND(e, "cfo", "£300k", "revenue", 3, ""), NULL);
    assert_outcome(e, REMIT_REFUSED);
    assert_nreasons(e, 1);
    assert_reason(e, "signatures", "require");

    run(e, SPEND(e, "cfo", "£300k", "revenue", 3, ", co_signatories: [ceo]"), NULL);
    assert_outcome(e, REMIT_PERMITTED);
    assert_chain(e, "board", "ceo", "cfo");

    run(e, SPEND(e, "cfo", "£300k", "revenue", 3, ", co_signatories: [clerk]"), NULL);
    assert_outcome(e, REMIT_REFUSED);

    /* `>`: £250k needs no second signature */
    run(e, SPEND(e, "cfo", "£250k", "revenue", 3, ""), NULL);
    assert_outcome(e, REMIT_PERMITTED);

    /* the chief executive fills the executive slot, the cfo signs */
    run(e, SPEND(e, "ceo", "£300k", "revenue", 3, ", co_signatories: [coo]"), NULL);
    assert_outcome(e, REMIT_REFUSED);
    run(e, SPEND(e, "ceo", "£300k", "revenue", 3, ", co_signatories: [cfo]"), NULL);
    assert_outcome(e, REMIT_PERMITTED);
    assert_chain(e, "board", "ceo");
}

static void test_require_or_and_counts(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN
            "require (cfo and coo) or 2 independent for spend when category = capital\n"
            "require ceo and audit for spend when category = contract\n");

    run(e, SPEND(e, "ceo", "£100k", "capital", 3, ", co_signatories: [cfo, coo]"), NULL);
    assert_outcome(e, REMIT_PERMITTED);
    run(e, SPEND(e, "ceo", "£100k", "capital", 3, ", co_signatories: [cfo]"), NULL);
    assert_outcome(e, REMIT_REFUSED);
    assert_reason(e, "signatures", "require (cfo");
    run(e, SPEND(e, "ceo", "£100k", "capital", 3, ", co_signatories: [chair, ned]"), NULL);
    assert_outcome(e, REMIT_PERMITTED);
    run(e, SPEND(e, "ceo", "£100k", "capital", 3, ", co_signatories: [chair]"), NULL);
    assert_outcome(e, REMIT_REFUSED);
    /* the decider is a signatory: cfo decides, coo signs */
    run(e, SPEND(e, "cfo", "£100k", "capital", 3, ", co_signatories: [coo]"), NULL);
    assert_outcome(e, REMIT_PERMITTED);
    assert_chain(e, "board", "ceo", "cfo");

    /* a body's slot: its approval among the co-signatories */
    run(e, SPEND(e, "ceo", "£100k", "contract", 3, ", co_signatories: [audit]"), NULL);
    assert_outcome(e, REMIT_PERMITTED);
    run(e, SPEND(e, "ceo", "£100k", "contract", 3, ""), NULL);
    assert_outcome(e, REMIT_REFUSED);
    assert_reason(e, "signatures", "require ceo and audit");
}

/* SPEC 7.7: "the Director of Finance does not count twice", even when the
 * cfo decides and is listed again among the co-signatories. */
static void test_require_decider_listed_again(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN "require cfo and 1 executive for spend when amount > £250k\n");

    run(e, SPEND(e, "cfo", "£300k", "revenue", 3, ", co_signatories: [cfo]"), NULL);
    assert_outcome(e, REMIT_REFUSED);
    assert_reason(e, "signatures", "require");
    run(e, SPEND(e, "cfo", "£300k", "revenue", 3, ", co_signatories: [cfo, coo]"), NULL);
    assert_outcome(e, REMIT_PERMITTED);
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
    assert_outcome(e, REMIT_REFUSED);
    run(e, SPEND(e, "ceo", "£100k", "capital", 3, ", co_signatories: [audit]"), NULL);
    assert_outcome(e, REMIT_PERMITTED);
    run(e, SPEND(e, "ceo", "£100k", "capital", 3, ", co_signatories: [ned, ned]"), NULL);
    assert_outcome(e, REMIT_PERMITTED);
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
    const et_history *h = hist(e, acme_history);

    /* counted: 2025-11-21 (364 days before) and the same day; not
     * 2025-11-20 (365 days before), not the day after, not Beta */
    run(e, SPEND(e, "cfo", "£100,000", "revenue", 3, ""), h);
    assert_outcome(e, REMIT_PERMITTED);
    assert_chain(e, "board", "ceo", "cfo");

    run(e, SPEND(e, "cfo", "£100,000.01", "revenue", 3, ""), h);
    assert_escalates_to(e, "ceo");
    remit_reason r = assert_reason(e, "cumulative_limit", "limit spend");
    assert_says(e, r, "the total would be £500,000.01, ");

    /* Beta's group: £1m + £100k */
    run(e, SPEND_ON(e, "2026-11-20", "cfo", "£100,000", "revenue", 3, "Beta", ""), h);
    assert_escalates_to(e, "ceo");
    assert_reason_says(e, 0, "cumulative_limit", "the total would be £1,100,000, ");

    /* a new supplier has only this decision */
    run(e, SPEND_ON(e, "2026-11-20", "cfo", "£500,000", "revenue", 3, "Gamma", ""), h);
    assert_outcome(e, REMIT_PERMITTED);

    /* `for cfo`: the chief executive's own decisions are not bound */
    run(e, SPEND(e, "ceo", "£200,000", "revenue", 3, ""), h);
    assert_outcome(e, REMIT_PERMITTED);
    assert_chain(e, "board", "ceo");

    /* no history: the decision alone */
    run(e, SPEND(e, "cfo", "£500,000", "revenue", 3, ""), NULL);
    assert_outcome(e, REMIT_PERMITTED);
}

static void test_limit_without_for_refused(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN "limit spend total amount < £500k over 30 days\n");
    const et_history *h = hist(e,
        "- {matter: spend, decider: cfo, date: 2026-10-21, fields: {amount: \"£300k\", category: revenue, risk: 1, supplier: Acme}}\n"
        "- {matter: spend, decider: ceo, date: 2026-10-22, fields: {amount: \"£200k\", category: capital, risk: 1, supplier: Beta}}\n");

    /* 2026-10-21 is 30 days before: outside; 2026-10-22 inside.  `<`:
     * £200k + £299,999.99 is under, £200k + £300k is at the ceiling */
    run(e, SPEND(e, "cfo", "£299,999.99", "revenue", 3, ""), h);
    assert_outcome(e, REMIT_PERMITTED);
    run(e, SPEND(e, "cfo", "£300k", "revenue", 3, ""), h);
    assert_outcome(e, REMIT_REFUSED);
    assert_nreasons(e, 1);
    remit_reason r = assert_reason(e, "cumulative_limit", "limit spend");
    assert_says(e, r, "the total would be £500,000, ");
    assert_target(e, NULL);

    /* without `for`, it binds every decider */
    run(e, SPEND(e, "board", "£300k", "revenue", 3, ""), h);
    assert_outcome(e, REMIT_REFUSED);
}

static void test_limit_when_counts_matching_history(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN "limit spend total amount <= £500k over 30 days when category = capital\n");
    const et_history *h = hist(e,
        "- {matter: spend, decider: cfo, date: 2026-11-10, fields: {amount: \"£400k\", category: revenue, risk: 1, supplier: Acme}}\n"
        "- {matter: spend, decider: cfo, date: 2026-11-11, fields: {amount: \"£300k\", category: capital, risk: 1, supplier: Acme}}\n");

    run(e, SPEND(e, "cfo", "£200k", "capital", 3, ""), h);
    assert_outcome(e, REMIT_PERMITTED);
    run(e, SPEND(e, "cfo", "£200,000.01", "capital", 3, ""), h);
    assert_outcome(e, REMIT_REFUSED);
    assert_reason_says(e, 0, "cumulative_limit", "the total would be £500,000.01, ");
    /* the limit does not apply to revenue at all */
    run(e, SPEND(e, "cfo", "£900k", "revenue", 3, ""), h);
    assert_outcome(e, REMIT_PERMITTED);
}

static void test_limit_for_holder_in_chain(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN "limit spend total amount <= £500k over 30 days for ceo\n");
    const et_history *h = hist(e,
        "- {matter: spend, decider: ceo, date: 2026-11-10, fields: {amount: \"£400k\", category: revenue, risk: 1, supplier: Acme}}\n");

    /* the chief executive is in the cfo's chain: the decision goes above
     * the chief executive */
    run(e, SPEND(e, "cfo", "£200k", "revenue", 3, ""), h);
    assert_escalates_to(e, "board");
    assert_reason(e, "cumulative_limit", "limit spend");
    run(e, SPEND(e, "ceo", "£200k", "revenue", 3, ""), h);
    assert_escalates_to(e, "board");
    run(e, SPEND(e, "board", "£200k", "revenue", 3, ""), h);
    assert_outcome(e, REMIT_PERMITTED);
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
    const et_history *h = hist(e,
        "- {matter: spend, decider: cfo, date: 2026-11-10, fields: {amount: \"£450k\", category: revenue, risk: 1, supplier: Acme}}\n");

    run(e, SPEND(e, "cfo", "£100k", "revenue", 3, ""), h);
    assert_outcome(e, REMIT_REFUSED);
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
    const et_history *h = hist(e,
        "- {matter: spend, decider: cfo, date: 2026-11-10, fields: {amount: \"£450k\", category: revenue, risk: 1, supplier: Acme}}\n");

    run(e, SPEND(e, "cfo", "£100k", "revenue", 3, ""), h);
    assert_escalates_to(e, "ceo");
    assert_nreasons(e, 2);
    assert_reason(e, "cumulative_limit", "limit spend total amount <= £400k");
    assert_reason(e, "cumulative_limit", "limit spend total amount <= £300k");
}

/* ---------------------------------------------------------- escalation */

static void test_escalate_when_and_already_above(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN "escalate spend to audit when risk >= 15\n");

    run(e, SPEND(e, "cfo", "£100k", "revenue", 15, ""), NULL);
    assert_escalates_to(e, "audit");
    assert_nreasons(e, 1);
    assert_reason(e, "escalation", "escalate spend");
    assert_ndue(e, 0);

    run(e, SPEND(e, "cfo", "£100k", "revenue", 14, ""), NULL);
    assert_outcome(e, REMIT_PERMITTED);

    /* the audit committee reports to the board: the board is above it */
    run(e, SPEND(e, "board", "£100k", "revenue", 20, ""), NULL);
    assert_outcome(e, REMIT_PERMITTED);
    assert_chain(e, "board");
}

static void test_escalate_from(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN "escalate spend to ceo when amount > £250k from cfo\n");

    run(e, SPEND(e, "cfo", "£250,000.01", "revenue", 3, ""), NULL);
    assert_escalates_to(e, "ceo");
    run(e, SPEND(e, "cfo", "£250,000", "revenue", 3, ""), NULL);
    assert_outcome(e, REMIT_PERMITTED);
    run(e, SPEND(e, "ceo", "£300,000", "revenue", 3, ""), NULL);
    assert_outcome(e, REMIT_PERMITTED);
}

static void test_escalate_after_days(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN "escalate spend to board after 28 days\n");

    /* open for exactly 28 days: not more than 28 */
    run(e, SPEND(e, "cfo", "£100k", "revenue", 3, ", opened: 2026-10-23"), NULL);
    assert_outcome(e, REMIT_PERMITTED);
    run(e, SPEND(e, "cfo", "£100k", "revenue", 3, ", opened: 2026-10-22"), NULL);
    assert_escalates_to(e, "board");
    assert_reason(e, "escalation", "escalate spend");
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
    assert_outcome(e, REMIT_UNDETERMINED);
    assert_reason(e, "contradiction", "escalate spend to audit");
    /* nor are the board and the coo: no reporting line and no delegation
     * lead from the board to the coo */
    run(e, SPEND(e, "cfo", "£600k", "capital", 3, ""), NULL);
    assert_outcome(e, REMIT_UNDETERMINED);
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

/* TIERS's bodies: a lead at each */
static const et_seats tiers_seats[] = {
    {"board", "lead"},
    {"place_board", "lead"},
    {"int", "lead"},
    {"panel", "lead"},
    {NULL, NULL},
};

static void test_escalate_next_tier(void **state)
{
    et *e = *state;
    compile(e, TIERS);
    e->seats = tiers_seats;

    run(e, COMPLAINT(e, "int", ""), NULL);
    assert_escalates_to(e, "place_board");
    assert_reason(e, "escalation", "escalate complaint");
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
    assert_outcome(e, REMIT_UNDETERMINED);
    assert_reason(e, "no_route", "escalate complaint");
    /* not open long enough */
    run(e, dec(e, "{matter: complaint, decider: int, date: 2026-11-20, opened: 2026-11-01,"
                  " fields: {subject: \"noise\"}%s}", meets("int")), NULL);
    assert_outcome(e, REMIT_PERMITTED);
    assert_chain(e, "board", "place_board", "int");
}

/* -------------------------------------------------- chains of authority */

static void test_chain_up_to_boundary(void **state)
{
    et *e = *state;
    compile(e, HEADER CHAIN);

    run(e, SPEND(e, "ceo", "£5m", "revenue", 3, ""), NULL);
    assert_outcome(e, REMIT_PERMITTED);
    assert_chain(e, "board", "ceo");
    assert_link_rule(e, 1, "delegate spend from board");

    run(e, SPEND(e, "ceo", "£5,000,000.01", "revenue", 3, ""), NULL);
    assert_escalates_to(e, "board");
    remit_reason r = assert_reason(e, "outside_delegated_authority", "delegate spend from board");
    assert_says(e, r, "stops at £5,000,000 (here amount is £5,000,000.01)");

    run(e, SPEND(e, "cfo", "£1m", "revenue", 3, ""), NULL);
    assert_outcome(e, REMIT_PERMITTED);
    assert_chain(e, "board", "ceo", "cfo");
    run(e, SPEND(e, "cfo", "£1,000,000.01", "revenue", 3, ""), NULL);
    assert_escalates_to(e, "ceo");
    assert_reason(e, "outside_delegated_authority", "delegate spend from ceo");
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
    assert_outcome(e, REMIT_PERMITTED);
    run(e, SPEND(e, "cfo", "£100", "capital", 3, ""), NULL);
    assert_escalates_to(e, "ceo");
    assert_reason(e, "outside_delegated_authority", "delegate spend from ceo");
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
    assert_outcome(e, REMIT_PERMITTED);
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
    assert_reason(e, "no_subdelegation", "delegate spend from board");
}

static void test_chain_all_but_last_subdelegate(void **state)
{
    et *e = *state;
    compile(e, HEADER
            "delegate spend from board to ceo\n    may subdelegate\n"
            "delegate spend from ceo to cfo\n    may subdelegate\n"
            "delegate spend from cfo to clerk\n");

    run(e, SPEND(e, "clerk", "£100", "revenue", 3, ""), NULL);
    assert_outcome(e, REMIT_PERMITTED);
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
    assert_reason(e, "advice_only", "delegate spend from board");

    run(e, SPEND(e, "board", "£100", "revenue", 3, ""), NULL);
    assert_outcome(e, REMIT_PERMITTED);
    assert_chain(e, "board");
    assert_ndue(e, 1); /* consult the chief executive */
    remit_obligation u;
    assert_true(remit_outcome_obligation_at(e->o, 0, &u));
    assert_true(at_line(u.rule, rule_(e, "delegate spend from board", __FILE__, __LINE__)));
    assert_true(starts(u.text, "consult "));
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
    assert_reason(e, "joint_decision", "delegate spend from board to ceo");
    /* the board co-decides: among the co-signatories, or its meeting */
    run(e, SPEND(e, "ceo", "£100", "revenue", 3, ", co_signatories: [board]"), NULL);
    assert_outcome(e, REMIT_PERMITTED);
    assert_chain(e, "board", "ceo");
    run(e, SPEND(e, "ceo", "£100", "revenue", 3, ", body: board"), NULL);
    assert_outcome(e, REMIT_PERMITTED);

    run(e, SPEND(e, "cfo", "£100", "revenue", 3, ""), NULL);
    assert_escalates_to(e, "coo");
    assert_reason(e, "joint_decision", "delegate spend from coo");
    run(e, SPEND(e, "cfo", "£100", "revenue", 3, ", co_signatories: [coo]"), NULL);
    assert_outcome(e, REMIT_PERMITTED);
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
    assert_outcome(e, REMIT_PERMITTED);
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
    assert_reason(e, "co_signature_missing", "delegate spend from ceo");
    run(e, SPEND(e, "cfo", "£100", "revenue", 3, ", co_signatories: [coo]"), NULL);
    assert_outcome(e, REMIT_PERMITTED);
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
    assert_reason(e, "no_authority", NULL);
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
    assert_outcome(e, REMIT_PERMITTED);
    assert_chain(e, "(protocol)", "ceo");
    assert_link_rule(e, 1, "grant spend");
    assert_ndue(e, 2);
    assert_due(e, "grant spend", 0, "2026-11-13");
    assert_due(e, "grant spend", ET_RATIFY, "2026-11-17");
    /* the second is the ratification of the one protocol, major_incident */
    remit_obligation u;
    assert_true(remit_outcome_obligation_at(e->o, 1, &u));
    assert_true(at_line(u.rule, obligation_line(e, rule_(e, "protocol major_incident", __FILE__, __LINE__), ET_RATIFY)));
    assert_true(starts(u.text, "have it ratified by "));

    /* ordinary authority first: no ratification */
    run(e, SPEND_ON(e, "2026-11-10", "ceo", "£1m", "revenue", 3, "Acme",
                    INCIDENT("3", "2026-11-01", "chair")), NULL);
    assert_outcome(e, REMIT_PERMITTED);
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
    assert_reason(e, "reserved", "big:");

    /* not active */
    run(e, SPEND_ON(e, "2026-11-10", "ceo", "£2m", "revenue", 3, "Acme",
                    INCIDENT("2", "2026-11-01", "chair")), NULL);
    assert_escalates_to(e, "board");
    assert_reason(e, "outside_delegated_authority", "delegate spend from board");
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
    assert_outcome(e, REMIT_PERMITTED);
    assert_due(e, "grant spend", ET_RATIFY, "2026-11-08");
    /* the last day: activated + 27 */
    run(e, SPEND_ON(e, "2026-11-28", "ceo", "£2m", "revenue", 3, "Acme",
                    INCIDENT("3", "2026-11-01", "chair")), NULL);
    assert_outcome(e, REMIT_PERMITTED);
    /* activated + 28: expired, and only the grant could have permitted
     * it: the ordinary rules send it up, and the expiry is said */
    run(e, SPEND_ON(e, "2026-11-29", "ceo", "£2m", "revenue", 3, "Acme",
                    INCIDENT("3", "2026-11-01", "chair")), NULL);
    assert_escalates_to(e, "board");
    assert_nreasons(e, 2);
    assert_reason(e, "outside_delegated_authority", "delegate spend from board");
    assert_reason(e, "crisis_powers_expired", "grant spend");
    /* expired, but within ordinary authority */
    run(e, SPEND_ON(e, "2026-11-29", "ceo", "£1m", "revenue", 3, "Acme",
                    INCIDENT("3", "2026-11-01", "chair")), NULL);
    assert_outcome(e, REMIT_PERMITTED);
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
    assert_no_chain(e);
}

/* SPEC 7.9: an earlier decision under the protocol, due for ratification
 * by the board 7 days after it was taken, is a finding once that day has
 * passed without a ratification on or before the decision's date; for a
 * decision while the protocol is active (or has expired) or by the board. */
static void test_ratification_overdue(void **state)
{
    et *e = *state;
    compile(e, HEADER CRISIS);
    const et_history *h = hist(e,
        "- {matter: spend, decider: ceo, date: 2026-11-02, under: major_incident,"
        " co_signatories: [chair], fields: {amount: \"£2m\", category: revenue, risk: 1, supplier: Acme}}\n"
        "- {matter: spend, decider: ceo, date: 2026-11-03, under: major_incident, ratified: 2026-11-12,"
        " co_signatories: [chair], fields: {amount: \"£2m\", category: revenue, risk: 1, supplier: Acme}}\n"
        "- {matter: spend, decider: ceo, date: 2026-11-04,"
        " fields: {amount: \"£2m\", category: revenue, risk: 1, supplier: Acme}}\n");
    /* two of the three were taken under the protocol: the third, due for
     * ratification on 2026-11-11 were it one, is never found overdue
     * below (2026-11-12 finds the first alone) */

    /* due 2026-11-09: on that day it is not yet overdue */
    run(e, SPEND_ON(e, "2026-11-09", "ceo", "£2m", "revenue", 3, "Acme",
                    INCIDENT("3", "2026-11-01", "chair")), h);
    assert_outcome(e, REMIT_PERMITTED);
    assert_nfind(e, 0);
    /* the day after: the first is overdue; the second is due 2026-11-10 */
    run(e, SPEND_ON(e, "2026-11-10", "ceo", "£2m", "revenue", 3, "Acme",
                    INCIDENT("3", "2026-11-01", "chair")), h);
    assert_nfind(e, 1);
    assert_overdue(e, 0, "2026-11-02", "Chief Executive", "2026-11-09");
    /* 2026-11-11: the second is overdue too, ratified only on 2026-11-12 */
    run(e, SPEND_ON(e, "2026-11-11", "ceo", "£2m", "revenue", 3, "Acme",
                    INCIDENT("3", "2026-11-01", "chair")), h);
    assert_nfind(e, 2);
    assert_overdue(e, 1, "2026-11-03", "Chief Executive", "2026-11-10");
    /* 2026-11-12: ratified that day, late but no longer outstanding */
    run(e, SPEND_ON(e, "2026-11-12", "ceo", "£2m", "revenue", 3, "Acme",
                    INCIDENT("3", "2026-11-01", "chair")), h);
    assert_nfind(e, 1);
    /* whatever the outcome: refused or escalated decisions are told too */
    run(e, SPEND_ON(e, "2026-11-12", "ceo", "£2m", "revenue", 3, "Acme",
                    INCIDENT("3", "2026-11-01", "")), h);
    assert_escalates_to(e, "board");
    assert_nfind(e, 1);
    /* the protocol not active, the decider not the board: not reported */
    run(e, SPEND_ON(e, "2026-11-12", "ceo", "£1m", "revenue", 3, "Acme",
                    ", context: {incident_level: 1}"), h);
    assert_outcome(e, REMIT_PERMITTED);
    assert_nfind(e, 0);
    /* ... but the board, which must ratify, is told; and, since the grant
     * says `report to board within 3 days` and the history records no
     * report, of both reports too (SPEC 7.15) */
    run(e, SPEND_ON(e, "2026-11-12", "board", "£1m", "revenue", 3, "Acme",
                    ", context: {incident_level: 1}"), h);
    assert_nfind(e, 3);
    /* expired (activated + 28 days): still told while the incident lasts */
    run(e, SPEND_ON(e, "2026-11-30", "ceo", "£1m", "revenue", 3, "Acme",
                    INCIDENT("3", "2026-11-01", "chair")), h);
    assert_nfind(e, 1);
    /* no history: nothing */
    run(e, SPEND_ON(e, "2026-11-30", "ceo", "£1m", "revenue", 3, "Acme",
                    INCIDENT("3", "2026-11-01", "chair")), NULL);
    assert_nfind(e, 0);
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
    /* it loads (hist fails the test when it does not), and counts */
    const et_history *h = hist(e,
        "- {matter: spend, decider: ceo, date: 2026-11-10, fields: {amount: \"£400k\", category: revenue, risk: 1, supplier: Acme}}\n");
    run(e, SPEND(e, "ceo", "£100,000.01", "revenue", 3, ", context: {incident_level: 0}"), h);
    assert_outcome(e, REMIT_REFUSED);
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
    assert_outcome(e, REMIT_PERMITTED);
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

/* Beyond the 32 obligations kept, those not kept are counted as they
 * would be said: each once.  40 `after` rules each with an obligation of
 * its own (due on 40 days), then 5 with one and the same: 8 of the first
 * and 1 of the last are not kept. */
static void test_obligations_not_kept_counted_once(void **state)
{
    et *e = *state;
    static char text[8192];
    size_t u = (size_t)snprintf(text, sizeof text, "%s%s", HEADER, CHAIN);
    for (int k = 1; k <= 40; k++)
        u += (size_t)snprintf(text + u, sizeof text - u,
                              "after spend when amount > £0\n    report to board within %d days\n", k);
    for (int k = 0; k < 5; k++)
        u += (size_t)snprintf(text + u, sizeof text - u,
                              "after spend when amount > £0\n    record in \"late register\" within 99 days\n");
    assert_true(u < sizeof text);
    compile(e, text);
    run(e, SPEND(e, "cfo", "£100", "revenue", 3, ""), NULL);
    assert_outcome(e, REMIT_PERMITTED);
    assert_ndue(e, 32);
    assert_int_equal(remit_outcome_obligations_dropped(e->o), 9);
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
    assert_outcome(e, REMIT_UNDETERMINED);
    assert_target(e, NULL);
    assert_reason(e, "no_authority", NULL);
    run(e, dec(e, "{matter: spend, decider: ceo, date: 2026-11-20, fields: {amount: \"£10\"}}"), NULL);
    assert_outcome(e, REMIT_UNDETERMINED);
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

/* These decisions are written as JSON, which the evaluator reads with
 * its own reader into its own memory (the allocation test says why). */
#define SPEND_JSON(e, who, amount, cat, risk, supplier, extra)                                    \
    dec((e), "{\"matter\": \"spend\", \"decider\": \"%s\", \"date\": \"2026-11-20\", \"fields\":" \
             " {\"amount\": \"%s\", \"category\": \"%s\", \"risk\": %d, \"supplier\": \"%s\"}%s%s}", \
        (who), (amount), (cat), (risk), (supplier), meets(who), (extra))

/* `escalate ... after` needs `opened` on every decision */
#define CALM ", \"opened\": \"2026-11-01\", \"context\": {\"incident_level\": 0}"
#define CRISIS_ON(date)                                                              \
    ", \"opened\": \"2026-11-01\", \"context\": {\"incident_level\": 3}, \"activated\":" \
    " {\"major_incident\": \"" date "\"}"
#define CO(list) ", \"co_signatories\": [" list "]"

static const struct {
    const char *who, *amount, *cat;
    int risk;
    const char *supplier, *extra;
} everything_set[] = {
    {"cfo", "£100", "revenue", 3, "Acme", CALM},                                  /* permitted */
    {"cfo", "£150k", "revenue", 3, "Acme", CALM},                                 /* limit with Acme's £400k */
    {"cfo", "£150k", "revenue", 3, "Gamma", CALM},                                /* permitted */
    {"cfo", "£300k", "contract", 3, "Gamma", CO("\"ceo\"") CALM},                 /* signed */
    {"cfo", "£300k", "contract", 3, "Gamma", CALM},                               /* not signed */
    {"cfo", "£200k", "losses", 3, "Gamma", CALM},                                 /* refused for cfo */
    {"cfo", "£50k", "losses", 3, "Gamma", CALM},                                  /* after obligation */
    {"cfo", "£100", "capital", 3, "Gamma", CALM},                                 /* outside limit */
    {"coo", "£1.5m", "revenue", 3, "Gamma", CO("\"chair\", \"cfo\"") CRISIS_ON("2026-11-01")},
    {"coo", "£1.5m", "revenue", 3, "Gamma", CO("\"chair\", \"cfo\"") CRISIS_ON("2026-10-01")},
    {"cfo", "£100", "revenue", 16, "Gamma", CALM},                                /* to audit */
    {"cfo", "£100", "revenue", 3, "Gamma", ", \"opened\": \"2026-08-01\", \"context\": {\"incident_level\": 0}"},
    {"ceo", "£4m", "capital", 3, "Gamma", CO("\"cfo\"") CALM},
    {"ceo", "£6m", "capital", 3, "Gamma", CO("\"cfo\"") CALM},                    /* reserved */
    {"ceo", "£200k", "losses", 3, "Gamma", CALM},
    {"board", "£6m", "capital", 3, "Gamma", CO("\"cfo\"") CALM},
    {"board", "£6m", "capital", 20, "Gamma", CO("\"cfo\"") CALM},                 /* above audit */
    {"coo", "£50k", "revenue", 3, "Gamma", CO("\"ceo\"") CALM},                   /* joint */
    {"coo", "£50k", "revenue", 3, "Gamma", CALM},                                 /* joint, alone */
    {"coo", "£150k", "revenue", 3, "Gamma", CO("\"ceo\"") CALM},
    {"clerk", "£100", "revenue", 3, "Gamma", CALM},                               /* no authority */
    {"audit", "£100", "revenue", 20, "Gamma", CALM},
    {"audit", "£100", "revenue", 3, "Gamma", CALM},
    {"clerk", "£6m", "revenue", 3, "Gamma", CALM},
};
#define ET_NDEC (sizeof everything_set / sizeof everything_set[0])

/* Load EVERYTHING and its history; ds[i] gets decision i (malloc'd).
 * Odd decisions are evaluated with the history, even ones without. */
static const et_history *load_everything(et *e, char **ds)
{
    compile(e, EVERYTHING);
    const et_history *h = hist(e, everything_history);
    for (size_t i = 0; i < ET_NDEC; i++) {
        ds[i] = strdup(SPEND_JSON(e, everything_set[i].who, everything_set[i].amount,
                                  everything_set[i].cat, everything_set[i].risk,
                                  everything_set[i].supplier, everything_set[i].extra));
        assert_non_null(ds[i]);
    }
    return h;
}

static void free_all(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
}

#define ET_THREADS 4
#define ET_ROUNDS 10000 /* evaluations of each decision per thread */

/* One thread's work: its own evaluators (one with the shared context,
 * one without), every decision ET_ROUNDS times, each outcome's JSON
 * (everything the outcome says: SPEC 7.12) compared with one thread's. */
typedef struct et_job {
    const remit_policy *p;
    const remit_context *ctx;
    char *const *ds;
    char *const *want;
    pthread_barrier_t *start;
    unsigned long mismatches;
} et_job;

static void *et_worker(void *arg)
{
    et_job *j = arg;
    remit_evaluator *ev[2] = {NULL, NULL};
    bool ok = remit_evaluator_new(j->p, NULL, &ev[0]) == REMIT_OK &&
              remit_evaluator_new(j->p, j->ctx, &ev[1]) == REMIT_OK;
    pthread_barrier_wait(j->start);
    for (unsigned k = 0; ok && k < ET_ROUNDS; k++)
        for (size_t i = 0; i < ET_NDEC; i++) {
            const remit_outcome *o;
            const char *json = NULL;
            if (remit_evaluate(ev[i % 2], j->ds[i], strlen(j->ds[i]), &o) == REMIT_OK)
                json = remit_outcome_json(o, NULL);
            j->mismatches += !json || strcmp(json, j->want[i]) != 0;
        }
    j->mismatches += !ok;
    remit_evaluator_free(ev[0]);
    remit_evaluator_free(ev[1]);
    return NULL;
}

static void test_threads_share_policy(void **state)
{
    et *e = *state;
    char *ds[ET_NDEC], *want[ET_NDEC];
    const et_history *h = load_everything(e, ds);
    unsigned seen[4] = {0};
    for (size_t i = 0; i < ET_NDEC; i++) {
        run(e, ds[i], i % 2 ? h : NULL);
        seen[remit_outcome_kind_of(e->o)]++;
        const char *json = remit_outcome_json(e->o, NULL);
        assert_non_null(json);
        want[i] = strdup(json);
        assert_non_null(want[i]);
    }
    /* the set reaches every outcome but undetermined */
    assert_true(seen[REMIT_PERMITTED] >= 5 && seen[REMIT_ESCALATE] >= 5 && seen[REMIT_REFUSED] >= 3);

    pthread_barrier_t start;
    assert_int_equal(pthread_barrier_init(&start, NULL, ET_THREADS), 0);
    pthread_t t[ET_THREADS];
    et_job jobs[ET_THREADS];
    for (int i = 0; i < ET_THREADS; i++) {
        jobs[i] = (et_job){e->p, h, ds, want, &start, 0};
        assert_int_equal(pthread_create(&t[i], NULL, et_worker, &jobs[i]), 0);
    }
    unsigned long bad = 0;
    for (int i = 0; i < ET_THREADS; i++) {
        assert_int_equal(pthread_join(t[i], NULL), 0);
        bad += jobs[i].mismatches;
    }
    pthread_barrier_destroy(&start);
    free_all(ds, ET_NDEC);
    free_all(want, ET_NDEC);
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

#ifdef ET_COUNT_ALLOCS
/* Allocations while every decision of ds is evaluated once. */
static unsigned long allocations(remit_evaluator *const ev[2], char *const *ds)
{
    const remit_outcome *o;
    unsigned long failed = 0;
    et_allocs = 0;
    et_counting = true;
    for (size_t i = 0; i < ET_NDEC; i++)
        for (int k = 0; k < 2; k++)
            failed += remit_evaluate(ev[k], ds[i], strlen(ds[i]), &o) != REMIT_OK;
    et_counting = false;
    assert_int_equal(failed, 0);
    return et_allocs;
}
#endif

/* SPEC 11.7.2: reading and typing a decision allocate in the evaluator's
 * own session, reused from one decision to the next; the evaluation
 * itself allocates nothing.  Once an evaluator has evaluated a decision,
 * its session keeps the first block of its arena (arena.c's ar_reset),
 * and a decision written as JSON, read by jsonin.c into that block, is
 * read, typed and evaluated without one allocation: every decision of
 * the set, with the history and without.  A decision written as YAML is
 * read by libyaml, whose parser allocates its buffers (some dozens of
 * blocks a decision) and frees them: the count is then the same each
 * time the set is evaluated, so nothing accumulates. */
static void test_evaluation_never_allocates(void **state)
{
#ifdef ET_COUNT_ALLOCS
    et *e = *state;
    char *ds[ET_NDEC], *yaml[ET_NDEC];
    const et_history *h = load_everything(e, ds);
    remit_evaluator *ev[2] = {evaluator(e, NULL), evaluator(e, h)};
    ET_INSTALL_HOOKS();

    /* the counter sees an allocation when there is one */
    void *(*volatile alloc)(size_t) = malloc;
    et_allocs = 0;
    et_counting = true;
    void *x = alloc(16);
    et_counting = false;
    free(x);
    assert_int_equal(et_allocs, 1);

    /* one evaluation each to warm up */
    const remit_outcome *o;
    for (int k = 0; k < 2; k++)
        assert_int_equal(remit_evaluate(ev[k], ds[0], strlen(ds[0]), &o), REMIT_OK);
    assert_int_equal(allocations(ev, ds), 0);
    assert_int_equal(allocations(ev, ds), 0);

    /* the same decisions for the YAML reader: a comment first */
    for (size_t i = 0; i < ET_NDEC; i++) {
        size_t n = strlen(ds[i]) + 16;
        yaml[i] = malloc(n);
        assert_non_null(yaml[i]);
        snprintf(yaml[i], n, "# YAML\n%s", ds[i]);
    }
    unsigned long first = allocations(ev, yaml);
    assert_int_equal(allocations(ev, yaml), first);
    free_all(yaml, ET_NDEC);
    /* and JSON again allocates nothing */
    assert_int_equal(allocations(ev, ds), 0);
    free_all(ds, ET_NDEC);
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
        ET_TEST(test_obligations_not_kept_counted_once),
        ET_TEST(test_undetermined_without_root_body),
        ET_TEST(test_threads_share_policy),
        ET_TEST(test_evaluation_never_allocates),
    };
    return rt_run_tests(tests);
}
