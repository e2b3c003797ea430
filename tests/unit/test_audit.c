/*
 * test_audit.c - remit audit's ledger read in one pass, whole and through
 * a window (audit.c, rm_audit_window), against the same file read whole
 * in two passes (rm_audit_passes: the first for the faults and the days,
 * as every audit was made before one pass): the same report byte for
 * byte, the same summary and status, and the same diagnostics rendered
 * with their source lines, with windows so small that lines and rows
 * cross their ends everywhere.  The ledgers are the
 * goldens' (tests/audit: faults, lines that are no decision, CSV, lists,
 * obligations, splits) and generated ones of a few hundred lines with
 * blank lines, CRLF, a line longer than the window, and a line that is
 * no decision or out of order at the end; in text and JSON, whole and in
 * shards.
 */
#include <unistd.h>

#include "helpers.h"
#include "input.h"

typedef struct ta_case {
    const char *policy, *reg, *cal, *ledger, *as_of;
    long split_days;
} ta_case;

static struct {
    char dir[64];
} W;

static int world_setup(void **state)
{
    (void)state;
    snprintf(W.dir, sizeof W.dir, "/tmp/remit-audit.XXXXXX");
    return mkdtemp(W.dir) ? 0 : -1;
}

static int world_teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", W.dir);
    return system(cmd) == 0 ? 0 : -1;
}

static remit_policy *load(const char *path)
{
    remit_options o = rt_options();
    size_t len;
    char *text = rt_slurp(path, &len);
    remit_input in = {NULL, path, text, len};
    remit_session *diags = NULL;
    remit_policy *p = NULL;
    assert_int_equal(remit_policy_load(&o, &in, &p, &diags), REMIT_OK);
    remit_session_free(diags);
    free(text);
    return p;
}

/* One run: its status, report, summary and diagnostics (rendered) */
typedef struct ta_run {
    remit_status st;
    char *out, *diags;
    size_t len, dlen;
    remit_audit_summary sum;
} ta_run;

static ta_run run(const remit_policy *p, const ta_case *c, remit_audit_format format, unsigned shard,
                  unsigned shards, uint32_t window, uint32_t margin, bool twice)
{
    remit_input led = {c->ledger, NULL, NULL, 0}, reg = {c->reg, NULL, NULL, 0}, cal = {c->cal, NULL, NULL, 0};
    remit_audit_options o;
    remit_audit_options_init(&o);
    o.ledger = &led;
    o.register_file = c->reg ? &reg : NULL;
    o.calendar = c->cal ? &cal : NULL;
    o.format = format;
    o.as_of = c->as_of;
    o.split_days = c->split_days;
    o.shard_index = shard;
    o.shard_count = shards;
    ta_run r = {0};
    FILE *out = open_memstream(&r.out, &r.len);
    assert_non_null(out);
    remit_session *d = NULL;
    r.st = rm_audit_passes(p, &o, out, &r.sum, &d, window, margin, twice);
    assert_int_equal(fclose(out), 0);
    assert_non_null(d);
    r.diags = remit_render_text_string(d, &r.dlen);
    assert_non_null(r.diags);
    remit_session_free(d);
    return r;
}

static void same(const ta_run *a, const ta_run *b, const char *what, const char *how, uint32_t window)
{
    if (a->st != b->st || a->len != b->len || memcmp(a->out, b->out, a->len) || a->dlen != b->dlen ||
        memcmp(a->diags, b->diags, a->dlen) || memcmp(&a->sum, &b->sum, sizeof a->sum))
        fail_msg("%s %s %u bytes: status %d, not %d\n--- whole, two passes:\n%s%s--- this:\n%s%s", what, how,
                 window, b->st, a->st, a->out, a->diags, b->out, b->diags);
}

/* The ledger of case c through windows of every size, in text and JSON
 * and in two shards, against the file read whole */
static void check_case(const ta_case *c)
{
    static const uint32_t windows[][2] = {{24, 12}, {100, 40}, {301, 150}, {1000, 450}, {4096, 1024}, {1u << 20, 1u << 19}};
    remit_policy *p = load(c->policy);
    static const struct { remit_audit_format f; unsigned shard, shards; } runs[] = {
        {REMIT_AUDIT_TEXT, 0, 0}, {REMIT_AUDIT_JSON, 0, 0}, {REMIT_AUDIT_JSON, 1, 2}, {REMIT_AUDIT_JSON, 2, 2}};
    for (size_t k = 0; k < sizeof runs / sizeof *runs; k++) {
        /* two passes of the file read whole, the audit as it was first
         * made, against one pass, whole and through each window, and
         * two passes through the smallest */
        ta_run whole = run(p, c, runs[k].f, runs[k].shard, runs[k].shards, 0, 0, true);
        ta_run once = run(p, c, runs[k].f, runs[k].shard, runs[k].shards, 0, 0, false);
        same(&whole, &once, c->ledger, "in one pass, read whole: a window of", 0);
        free(once.out);
        free(once.diags);
        for (size_t i = 0; i <= sizeof windows / sizeof *windows; i++) {
            bool twice = i == sizeof windows / sizeof *windows;
            uint32_t wi = twice ? windows[0][0] : windows[i][0], mi = twice ? windows[0][1] : windows[i][1];
            ta_run w = run(p, c, runs[k].f, runs[k].shard, runs[k].shards, wi, mi, twice);
            same(&whole, &w, c->ledger, twice ? "in two passes through a window of" : "through a window of", wi);
            free(w.out);
            free(w.diags);
        }
        free(whole.out);
        free(whole.diags);
    }
    remit_policy_free(p);
}

/* Every ledger of the goldens (the .cmd files of tests/audit) */
static void test_goldens(void **state)
{
    (void)state;
    static const ta_case cases[] = {
        {RT_ICB_POLICY, RT_ICB_REGISTER, NULL, "examples/ledgers/icb-scheme.jsonl", NULL, 0},
        {RT_ICB_POLICY, RT_ICB_REGISTER, NULL, "examples/ledgers/icb-scheme.jsonl", "2026-12-31", -1},
        {RT_ICB_POLICY, NULL, NULL, "tests/audit/bad-lines.jsonl", NULL, 0},
        {RT_ICB_POLICY, NULL, NULL, "tests/audit/bad-order.jsonl", NULL, 0},
        {RT_ICB_POLICY, NULL, NULL, "tests/audit/bad-header-twice.csv", NULL, 0},
        {RT_ICB_POLICY, NULL, NULL, "tests/audit/bad-header.csv", NULL, 0},
        {RT_ICB_POLICY, NULL, NULL, "tests/audit/bad-rows.csv", NULL, 0},
        {RT_ICB_POLICY, NULL, NULL, "tests/audit/bad.csv", NULL, 0},
        {RT_ICB_POLICY, NULL, NULL, "tests/audit/crlf.csv", NULL, 0},
        {RT_ICB_POLICY, RT_ICB_REGISTER, NULL, "tests/audit/ledger.csv", NULL, 0},
        {RT_ICB_POLICY, NULL, NULL, "tests/audit/empty.jsonl", NULL, 0},
        {RT_ICB_POLICY, NULL, NULL, "tests/audit/empty-list.json", NULL, 0},
        {RT_ICB_POLICY, NULL, NULL, "tests/audit/same-day.jsonl", NULL, 0},
        {RT_ICB_POLICY, NULL, NULL, "tests/audit/same-day.jsonl", "2026-01-01", 0},
        {RT_ICB_POLICY, NULL, NULL, "tests/audit/same-day.yaml", NULL, 0},
        {RT_ICB_POLICY, NULL, NULL, "tests/audit/same-day-reversed.json", NULL, 0},
        {RT_ICB_POLICY, NULL, NULL, "tests/audit/split-signatures.jsonl", NULL, 0},
        {RT_ICB_POLICY, NULL, NULL, "tests/audit/split-window.jsonl", NULL, 10},
        {RT_ICB_POLICY, NULL, NULL, "tests/audit/unreadable-line.jsonl", NULL, 0},
        {RT_ICB_POLICY, NULL, NULL, "tests/audit/long-ledger.jsonl", NULL, -1},
        {"tests/eval/policies/meetings.remit", NULL, "tests/eval/calendars/meetings.yaml",
         "tests/audit/urgent.jsonl", "2027-03-10", 0},
        {"tests/audit/obligations.remit", NULL, "tests/audit/obligations.cal.yaml", "tests/audit/obligations.jsonl",
         "2026-06-30", 0},
        /* deadlines judged on the ledger's last day: in one pass, some
         * are held to the end (audit.c, au_hold) */
        {"tests/audit/obligations.remit", NULL, "tests/audit/obligations.cal.yaml", "tests/audit/obligations.jsonl",
         NULL, 0},
        {"tests/audit/obligations.remit", NULL, NULL, "tests/audit/obligations.jsonl", NULL, 0},
        {"tests/eval/policies/meetings.remit", NULL, "tests/eval/calendars/meetings.yaml",
         "tests/audit/urgent.jsonl", NULL, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        check_case(&cases[i]);
}

#define TA_LINES 400

/* A generated ledger of TA_LINES decisions of the example scheme in
 * `path`, as JSON Lines or CSV, each `tail` (a line that is no decision,
 * one out of order...) written last. */
static const char *write_ledger(const char *name, bool csv, const char *tail)
{
    static char path[160];
    snprintf(path, sizeof path, "%s/%s", W.dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    if (csv)
        fputs("matter,decider,date,amount,category,risk,supplier,incident_level,co_signatories\n", f);
    for (unsigned i = 0; i < TA_LINES; i++) {
        unsigned day = 1 + i / 20, month = 4 + day / 29;
        day = 1 + day % 28;
        unsigned amount = i % 7 == 3 ? 160000 + i * 101 : 1000 + i * 977 % 90000;
        const char *dec = i % 5 ? "cfo" : "ceo", *cat = i % 3 ? "revenue" : "capital";
        const char *co = i % 11 == 5 ? "ceo" : "";
        if (i % 50 == 7)
            fputs(csv ? "\r\n" : "   \n", f); /* blank */
        if (csv)
            fprintf(f, "spend,%s,2026-%02u-%02u,\"\xC2\xA3%u\",%s,%u,\"Supplier %u, Ltd\",0,%s%s", dec, month, day,
                    amount, cat, 1 + i % 5, i % 13, co, i % 9 == 4 ? "\r\n" : "\n");
        else
            fprintf(f, "{\"matter\": \"spend\", \"decider\": \"%s\", \"date\": \"2026-%02u-%02u\",%*s\"fields\": "
                       "{\"amount\": \"\xC2\xA3%u\", \"category\": \"%s\", \"risk\": %u, \"supplier\": "
                       "\"Supplier %u\"}, \"context\": {\"incident_level\": 0}%s%s%s}%s",
                    dec, month, day, i == 201 ? 1500 : 1, " ", amount, cat, 1 + i % 5, i % 13,
                    *co ? ", \"co_signatories\": [\"" : "", co, *co ? "\"]" : "", i % 9 == 4 ? "\r\n" : "\n");
    }
    fputs(tail, f);
    assert_int_equal(fclose(f), 0);
    return path;
}

/* A line of spend by the chief executive, who reports to the board */
#define PENDING(date, after)                                                                                   \
    "{\"matter\": \"spend\", \"decider\": \"ceo\", \"date\": \"" date "\", \"fields\": {\"amount\": "            \
    "\"\xC2\xA3" "2,000\", \"category\": \"revenue\", \"risk\": 2, \"supplier\": \"P\"}, \"context\": "         \
    "{\"incident_level\": 0}, " after "}\n"

/* Lines all of one length L, read through windows of k * L bytes: the
 * window ends at the end of a line, and is slid on from there (a window
 * that ended so was once taken for the ledger's end: R0011, the ledger
 * "changed") */
static void test_aligned(void **state)
{
    (void)state;
    char path[160], line[512];
    snprintf(path, sizeof path, "%s/aligned.jsonl", W.dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    int len = 0;
    for (unsigned i = 0; i < 60; i++) {
        int n = snprintf(line, sizeof line,
                         "{\"matter\": \"spend\", \"decider\": \"%s\", \"date\": \"2026-04-%02u\", \"fields\": "
                         "{\"amount\": \"\xC2\xA3%06u\", \"category\": \"revenue\", \"risk\": 2, \"supplier\": "
                         "\"S%02u\"}, \"context\": {\"incident_level\": 0}}\n",
                         i % 3 ? "cfo" : "ceo", 1 + i / 3, 90000 + 1000 * (i % 7), i % 4);
        assert_true(n > 0 && (size_t)n < sizeof line && (!len || n == len));
        len = n;
        fputs(line, f);
    }
    assert_int_equal(fclose(f), 0);
    remit_policy *p = load(RT_ICB_POLICY);
    ta_case c = {RT_ICB_POLICY, NULL, NULL, path, NULL, 0};
    static const remit_audit_format formats[] = {REMIT_AUDIT_TEXT, REMIT_AUDIT_JSON};
    for (size_t k = 0; k < 2; k++) {
        ta_run whole = run(p, &c, formats[k], 0, 0, 0, 0, true);
        assert_true(whole.len > 0);
        for (uint32_t lines = 1; lines <= 7; lines++) {
            ta_run w = run(p, &c, formats[k], 0, 0, lines * (uint32_t)len, (uint32_t)len / 2, false);
            same(&whole, &w, path, "through a window of whole lines,", lines * (uint32_t)len);
            free(w.out);
            free(w.diags);
        }
        free(whole.out);
        free(whole.diags);
    }
    remit_policy_free(p);
}

static void test_generated(void **state)
{
    (void)state;
    static const struct { const char *name; bool csv; const char *tail; } ledgers[] = {
        {"clean.jsonl", false, ""},
        {"no-newline.jsonl", false,
         "{\"matter\": \"spend\", \"decider\": \"cfo\", \"date\": \"2026-12-01\", \"fields\": {\"amount\": "
         "\"\xC2\xA3" "900,000\", \"category\": \"revenue\", \"risk\": 2, \"supplier\": \"Z\"}, \"context\": "
         "{\"incident_level\": 0}}"},
        {"no-decision.jsonl", false,
         "{\"matter\": \"spend\", \"decider\": \"cfo\", \"date\": \"2026-12-02\", \"fields\": {\"amount\": "
         "\"\xC2\xA3" "100\", \"category\": \"capital\", \"risk\": 3, \"supplier\": \"B\"}, \"context\": "
         "{\"incident_level\": 3}, \"co_signatories\": [\"ceo\"], \"under\": \"major_incident\"}\n"},
        {"out-of-order.jsonl", false,
         "{\"matter\": \"spend\", \"decider\": \"cfo\", \"date\": \"2026-01-02\", \"fields\": {\"amount\": "
         "\"\xC2\xA3" "100\", \"category\": \"capital\", \"risk\": 3, \"supplier\": \"B\"}, \"context\": "
         "{\"incident_level\": 0}}\n"},
        {"not-json.jsonl", false, "{\"matter\": \n"},
        /* reports to the board due within 30 days: done in time after
         * the line read, done late after it and after the ledger's last
         * day, not done and due after it, late and missing by the last
         * day (what one pass holds to the end: audit.c, au_hold) */
        {"pending.jsonl", false,
         PENDING("2026-12-01", "\"reported\": {\"board\": \"2026-12-20\"}")
         PENDING("2026-12-01", "\"reported\": {\"board\": \"2027-02-01\"}")
         PENDING("2026-12-02", "\"urgent\": false")
         PENDING("2026-12-03", "\"reported\": {\"board\": \"2027-01-04\"}")
         PENDING("2026-12-20", "\"reported\": {\"board\": \"2027-01-03\"}")
         PENDING("2027-01-05", "\"urgent\": false")},
        {"clean.csv", true, ""},
        {"quoted-lines.csv", true, "spend,cfo,2026-12-01,\"\xC2\xA3" "5\",revenue,2,\"Two\nLines\",0,\n"},
        {"unclosed.csv", true, "spend,cfo,2026-12-01,\"\xC2\xA3" "5\",revenue,2,\"Never closed\n"},
    };
    for (size_t i = 0; i < sizeof ledgers / sizeof *ledgers; i++) {
        ta_case c = {RT_ICB_POLICY, NULL, NULL, write_ledger(ledgers[i].name, ledgers[i].csv, ledgers[i].tail),
                     NULL, 0};
        check_case(&c);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_goldens, world_setup, world_teardown),
        cmocka_unit_test_setup_teardown(test_generated, world_setup, world_teardown),
        cmocka_unit_test_setup_teardown(test_aligned, world_setup, world_teardown),
    };
    return rt_run_tests(tests);
}
