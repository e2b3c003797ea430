/*
 * test_who.c - `remit who` (remit_who_can, SPEC 7.16) against brute
 * force.  For every example decision, with and without its register, each
 * holder of the policy is written into the decision's text as its decider
 * (and, for a holder listed with co-signatories added, those added to the
 * text's co_signatories) and the text evaluated through remit_evaluate,
 * as any program would: a holder is listed with nothing added exactly
 * when it is permitted as written; one listed with co-signatories is not
 * permitted without them and is with them; one listed apart (unsettled)
 * cannot be evaluated as written; and the list runs lowest first.  The
 * holders are read from the compiled policy (policy.h); everything else
 * goes through remit.h.
 */
#include <dirent.h>

#include "helpers.h"
#include "input.h"
#include "policy.h"

/* The decision's text with `decider:` set to name, unless NULL (any
 * top-level decider line dropped; the examples write it on one line) and the
 * names add[0..nadd) after its co-signatories (a flow list on one line,
 * as the examples write it, or a new one).  malloc'd. */
static char *edited(const char *text, size_t len, const char *name, const char *const *add, size_t nadd)
{
    size_t cap = len + 256 + 64 * nadd, u = 0;
    char *o = malloc(cap);
    assert_non_null(o);
    bool had_co = false;
    for (size_t i = 0; i < len;) {
        size_t e = i;
        while (e < len && text[e] != '\n')
            e++;
        size_t n = e - i;
        if (name && n >= 8 && !memcmp(text + i, "decider:", 8)) {
            i = e + (e < len);
            continue;
        }
        bool co = n >= 15 && !memcmp(text + i, "co_signatories:", 15);
        const char *close = co ? memchr(text + i, ']', n) : NULL;
        size_t head = close ? (size_t)(close - (text + i)) : n;
        memcpy(o + u, text + i, head);
        u += head;
        if (close) {
            had_co = true;
            bool empty = true;
            for (const char *q = (const char *)memchr(text + i, '[', n) + 1; q < close; q++)
                empty &= *q == ' ';
            for (size_t k = 0; k < nadd; k++)
                u += (size_t)sprintf(o + u, "%s%s", empty && !k ? "" : ", ", add[k]);
            memcpy(o + u, close, n - head);
            u += n - head;
        }
        o[u++] = '\n';
        i = e + (e < len);
    }
    if (!had_co && nadd) {
        u += (size_t)sprintf(o + u, "co_signatories: [");
        for (size_t k = 0; k < nadd; k++)
            u += (size_t)sprintf(o + u, "%s%s", k ? ", " : "", add[k]);
        u += (size_t)sprintf(o + u, "]\n");
    }
    if (name)
        u += (size_t)sprintf(o + u, "decider: %s\n", name);
    o[u] = '\0';
    assert_true(u < cap);
    return o;
}

typedef struct world {
    remit_policy *p;
    remit_context *ctx;
    unsigned listed, added, unsettled, holders, others, together, none; /* what the cases exercised */
} world;

static void load(world *w, const char *policy, const char *reg, const char *cal)
{
    remit_options o;
    remit_options_init(&o);
    o.stdlib_dir = rt_stdlib_dir();
    remit_input in = {policy, NULL, NULL, 0};
    remit_session *diags = NULL;
    assert_int_equal(remit_policy_load(&o, &in, &w->p, &diags), REMIT_OK);
    remit_session_free(diags);
    w->ctx = NULL;
    if (!reg && !cal)
        return;
    remit_input rin = {reg, NULL, NULL, 0}, cin = {cal, NULL, NULL, 0};
    remit_context_files f;
    remit_context_files_init(&f);
    f.register_file = reg ? &rin : NULL;
    f.calendar = cal ? &cin : NULL;
    assert_int_equal(remit_context_open(w->p, &f, &w->ctx, NULL), REMIT_OK);
}

static void unload(world *w)
{
    remit_context_free(w->ctx);
    remit_policy_free(w->p);
}

/* Whether text, evaluated, is permitted; *st its status. */
static bool permitted(remit_evaluator *e, const char *text, remit_status *st, size_t *chain)
{
    const remit_outcome *o = NULL;
    *st = remit_evaluate(e, text, strlen(text), &o);
    *chain = *st == REMIT_OK ? remit_outcome_chain_length(o) : 0;
    return *st == REMIT_OK && remit_outcome_kind_of(o) == REMIT_PERMITTED;
}

/* `remit who` of the decision text against every holder, one by one. */
static void against_brute_force(world *w, const char *what, const char *text, size_t len)
{
    remit_evaluator *e, *b;
    assert_int_equal(remit_evaluator_new(w->p, w->ctx, &e), REMIT_OK);
    assert_int_equal(remit_evaluator_new(w->p, w->ctx, &b), REMIT_OK);
    remit_input in = {NULL, "decision", text, len};
    const remit_who *who = NULL;
    remit_status st = remit_who_can(e, &in, &who);
    assert_true(st == REMIT_OK || st == REMIT_E_INPUT);
    const remit_policy *p = w->p;
    size_t last_chain = SIZE_MAX;
    for (size_t i = 0; i < remit_who_count(who); i++) { /* lowest first */
        remit_who_holder x;
        assert_true(remit_who_at(who, i, &x));
        size_t c = remit_outcome_chain_length(x.outcome);
        assert_int_equal(remit_outcome_kind_of(x.outcome), REMIT_PERMITTED);
        assert_true(c <= last_chain);
        last_chain = c;
    }
    for (uint32_t h = 0; h < p->nholders; h++) {
        const char *name = p->holders[h].name;
        char *t = edited(text, len, name, NULL, 0);
        remit_status bst;
        size_t chain;
        bool ok = permitted(b, t, &bst, &chain);
        free(t);
        remit_who_holder x = {0};
        bool listed = false, unsettled = false;
        for (size_t i = 0; st == REMIT_OK && i < remit_who_count(who) && !listed; i++) {
            assert_true(remit_who_at(who, i, &x));
            listed = !strcmp(x.holder, name);
        }
        for (size_t i = 0; st == REMIT_OK && i < remit_who_unsettled_count(who) && !unsettled; i++) {
            remit_who_unsettled u;
            assert_true(remit_who_unsettled_at(who, i, &u));
            unsettled = !strcmp(u.holder, name);
            assert_true(!unsettled || (u.message && *u.message));
        }
        if (ok != (listed && !x.nco) || (unsettled && bst != REMIT_E_INPUT))
            fail_msg("%s: holder %s: evaluated as the decider %s (status %d), but who %s", what, name,
                     ok ? "is permitted" : "is not permitted", (int)bst,
                     listed ? (x.nco ? "lists it with co-signatories added" : "lists it")
                            : unsettled ? "lists it as unsettled" : "leaves it out");
        w->holders++;
        w->unsettled += unsettled;
        if (!listed)
            continue;
        w->listed++;
        if (!x.nco)
            continue;
        w->added++;
        t = edited(text, len, name, x.co, x.nco);
        ok = permitted(b, t, &bst, &chain);
        if (!ok)
            fail_msg("%s: holder %s is listed with %zu co-signatories added, but evaluated with them "
                     "it is not permitted:\n%s", what, name, x.nco, t);
        free(t);
    }
    if (st == REMIT_OK) { /* still valid: b evaluated, e did not */
        assert_int_equal(remit_who_considered(who), p->nholders);
        assert_non_null(remit_who_text(who, NULL));
        assert_non_null(remit_who_json(who, NULL));
        const remit_outcome *o;
        remit_evaluate(e, text, len, &o); /* a new evaluation ends the answer */
        assert_int_equal(remit_who_count(who), 0);
        assert_null(remit_who_text(who, NULL));
    }
    remit_evaluator_free(e);
    remit_evaluator_free(b);
}

/* The text with the first entry of the attendance for each of roles
 * listed absent ("role: ROLE, present: false" on one line, as the
 * examples write them) said to be present; NULL when one is not found. */
static char *made_present(const char *text, const char *const *roles, size_t n)
{
    char *t = strdup(text);
    assert_non_null(t);
    for (size_t i = 0; i < n; i++) {
        char key[160];
        snprintf(key, sizeof key, "role: %s,", roles[i]);
        char *at = t, *line = NULL;
        while ((at = strstr(at, key))) {
            char *end = strchr(at, '\n'), *f = strstr(at, "present: false");
            if (f && (!end || f < end)) {
                line = f;
                break;
            }
            at += strlen(key);
        }
        if (!line) {
            free(t);
            return NULL;
        }
        memcpy(line, "present: true ", 14); /* the same length: "false" and "true " */
    }
    return t;
}

/* The text with field's value set to value: its line "  FIELD: ..." in
 * a block of fields, or its entry in a one-line `fields: { ... }`, as
 * the examples write them; NULL when it has neither.  Money is written
 * quoted, the rest plain. */
static char *with_field(const char *text, const char *field, const char *value)
{
    const char *q = value[0] == '\xC2' ? "\"" : ""; /* "£..." */
    char key[128];
    size_t n = strlen(text) + strlen(value) + 64;
    snprintf(key, sizeof key, "\n  %s:", field);
    const char *at = strstr(text, key), *end = NULL;
    if (at) {
        end = strchr(at + 1, '\n');
        char *o = malloc(n);
        assert_non_null(o);
        snprintf(o, n, "%.*s\n  %s: %s%s%s%s", (int)(at - text), text, field, q, value, q, end ? end : "\n");
        return o;
    }
    const char *flow = strstr(text, "\nfields: {");
    if (!flow)
        return NULL;
    const char *eol = strchr(flow + 1, '\n');
    snprintf(key, sizeof key, "%s: ", field);
    for (at = strstr(flow, key); at && (!eol || at < eol); at = strstr(at + 1, key)) {
        if (at[-1] != ' ' && at[-1] != '{')
            continue; /* the end of another field's name */
        const char *v = at + strlen(key);
        if (*v == '"') { /* a quoted value: to its closing quote */
            end = strchr(v + 1, '"');
            end = end ? end + 1 : NULL;
        } else
            end = v + strcspn(v, ",}\n");
        if (!end)
            return NULL;
        char *o = malloc(n);
        assert_non_null(o);
        snprintf(o, n, "%.*s%s%s%s%s", (int)(v - text), text, q, value, q, end);
        return o;
    }
    return NULL;
}

/* The text with an entry `{ role: ROLE, present: true }` for each of
 * roles added to its attendance (a block list, or `attendance: []`);
 * NULL when it has none written so. */
static char *with_seats(const char *text, const char *const *roles, size_t n)
{
    const char *at = strstr(text, "\nattendance:");
    if (!at)
        return NULL;
    const char *end = strchr(at + 1, '\n');
    if (!end)
        return NULL;
    size_t cap = strlen(text) + 64 * n + 64, u = 0;
    char *o = malloc(cap);
    assert_non_null(o);
    u += (size_t)snprintf(o, cap, "%.*s\nattendance:\n", (int)(at - text), text);
    for (size_t k = 0; k < n; k++)
        u += (size_t)snprintf(o + u, cap - u, "  - { role: %s, present: true }\n", roles[k]);
    bool empty = strstr(at, "[]") && strstr(at, "[]") < end;
    snprintf(o + u, cap - u, "%s", end + 1);
    if (!empty && end[1] != ' ') { /* the entries must follow the key, or there are none */
        free(o);
        return NULL;
    }
    return o;
}

/* The text with the member of role (the person, when named) present in
 * the chair: `presiding: true` taken from the line that has it and put
 * on the first line of the attendance that names the person, or else
 * the role, and is present (one-line entries, as the examples write
 * them); NULL when it is written otherwise. */
static char *with_presiding(const char *text, const char *role, const char *person)
{
    char *t = strdup(text);
    assert_non_null(t);
    char *was = strstr(t, ", presiding: true");
    if (!was) {
        free(t);
        return NULL;
    }
    memmove(was, was + 17, strlen(was + 17) + 1);
    char key[160];
    if (person)
        snprintf(key, sizeof key, "person: \"%s\"", person);
    else
        snprintf(key, sizeof key, "role: %s,", role);
    for (char *at = strstr(t, key); at; at = strstr(at + 1, key)) {
        char *end = strchr(at, '\n'), *pr = strstr(at, "present: true"), *close = strchr(at, '}');
        if (!pr || !close || (end && (pr > end || close > end)))
            continue;
        size_t n = strlen(t) + 32;
        char *o = malloc(n);
        assert_non_null(o);
        snprintf(o, n, "%.*s, presiding: true %s", (int)(close - t), t, close);
        free(t);
        return o;
    }
    free(t);
    return NULL;
}

/* An amount or a number as a whole number of its units (pence). */
static long long units_of(const char *v)
{
    long long n = 0;
    for (const char *q = v; *q; q++)
        if (*q >= '0' && *q <= '9')
            n = n * 10 + (*q - '0');
    if (v[0] == '\xC2' && !strchr(v, '.'))
        n *= 100; /* "£250,000": whole pounds */
    return n;
}

/* text with change part c made, as the examples write decisions (NULL
 * when it is written otherwise: not edited here); *meeting when it is
 * a body's decision at a meeting whose attendance the text does not
 * give. */
static char *with_part(const char *text, const remit_change *c, bool *meeting)
{
    size_t len = strlen(text);
    if (!strcmp(c->kind, "co_signatories"))
        return edited(text, len, NULL, c->co, c->nco);
    if (!strcmp(c->kind, "decider"))
        return edited(text, len, c->decider, c->co, c->nco);
    if (!strcmp(c->kind, "decider_at_meeting")) {
        *meeting = true;
        return edited(text, len, c->decider, c->co, c->nco);
    }
    if (!strcmp(c->kind, "present"))
        return made_present(text, c->co, c->nco);
    if (!strcmp(c->kind, "seats_filled"))
        return with_seats(text, c->co, c->nco);
    if (!strcmp(c->kind, "presiding")) {
        assert_int_equal(c->nco, 1);
        return with_presiding(text, c->co[0], c->value);
    }
    assert_string_equal(c->kind, "field");
    return with_field(text, c->field, c->value);
}

/* remit_evaluate_why_not of the decision text: every change it gives
 * makes the decision permitted when written into the text (each part of
 * changes made together); an amount or a number at its boundary is
 * exact (one penny, or one, nearer the decision's own is not
 * permitted); with none, it says why. */
static void why_not_checked(world *w, const char *what, const char *text, size_t len)
{
    remit_evaluator *e, *b;
    assert_int_equal(remit_evaluator_new(w->p, w->ctx, &e), REMIT_OK);
    assert_int_equal(remit_evaluator_new(w->p, w->ctx, &b), REMIT_OK);
    remit_input in = {NULL, "decision", text, len};
    const remit_outcome *o;
    if (remit_evaluate_why_not(e, &in, &o) != REMIT_OK) {
        remit_evaluator_free(e);
        remit_evaluator_free(b);
        return;
    }
    if (remit_outcome_kind_of(o) == REMIT_PERMITTED) {
        assert_int_equal(remit_outcome_change_count(o), 0);
        assert_null(remit_outcome_why_none(o));
    } else {
        w->holders++; /* here: decisions not permitted */
        if (!remit_outcome_change_count(o)) { /* none: why */
            const char *none = remit_outcome_why_none(o);
            assert_non_null(none);
            assert_non_null(strstr(remit_outcome_text(o, NULL), none));
            w->none++;
        } else
            assert_null(remit_outcome_why_none(o));
    }
    for (size_t i = 0; i < remit_outcome_change_count(o); i++) {
        remit_change c, part;
        assert_true(remit_outcome_change_at(o, i, &c));
        assert_non_null(c.message);
        char *t = strndup(text, len);
        assert_non_null(t);
        bool meeting = false;
        size_t parts = 0;
        while (remit_outcome_change_part(o, i, parts, &part))
            parts++;
        assert_true(parts >= 1 && (parts > 1) == !strcmp(c.kind, "together"));
        for (size_t k = 0; t && k < parts; k++) {
            assert_true(remit_outcome_change_part(o, i, k, &part));
            assert_true(!strcmp(c.kind, "together") ? strcmp(part.kind, "together") != 0
                                                    : !strcmp(part.kind, c.kind) && part.message == c.message);
            char *t2 = with_part(t, &part, &meeting);
            free(t);
            t = t2;
        }
        if (!t)
            continue; /* written otherwise: not edited here */
        remit_status st;
        size_t chain;
        if (meeting) { /* as written with it, it needs attendance */
            permitted(b, t, &st, &chain);
            assert_int_equal(st, REMIT_E_INPUT);
            free(t);
            w->unsettled++;
            continue;
        }
        if (!permitted(b, t, &st, &chain))
            fail_msg("%s: the change '%s' is said to permit it, but the decision so changed is not "
                     "permitted (status %d):\n%s", what, c.message, (int)st, t);
        w->listed++;
        if (!strcmp(c.kind, "together"))
            w->together++;
        else if (!strcmp(c.kind, "field")) {
            /* an amount or a number at its boundary: one unit nearer the decision's own is
             * not permitted */
            const char *v = c.value;
            bool money = v[0] == '\xC2', number = strspn(v, "0123456789") == strlen(v);
            if ((money || number) && (strstr(c.message, "at most") || strstr(c.message, "at least"))) {
                long long at = units_of(v), was = units_of(c.was), near = at < was ? at + 1 : at - 1;
                char more[64];
                if (money)
                    snprintf(more, sizeof more, "\xC2\xA3%lld.%02lld", near / 100, near % 100);
                else
                    snprintf(more, sizeof more, "%lld", near);
                char *t2 = with_field(text, c.field, more);
                if (t2 && permitted(b, t2, &st, &chain))
                    fail_msg("%s: %s is said to be the nearest at which it is permitted, but %s is too", what,
                             c.value, more);
                free(t2);
                w->added++;
            } else
                w->others++;
        } else if (!strcmp(c.kind, "present") || !strcmp(c.kind, "seats_filled") || !strcmp(c.kind, "presiding"))
            w->others++;
        free(t);
    }
    remit_evaluator_free(e);
    remit_evaluator_free(b);
}

static bool why_mode;

static void file_case(world *w, const char *path)
{
    size_t len;
    char *text = rt_slurp(path, &len);
    if (why_mode)
        why_not_checked(w, path, text, len);
    else
        against_brute_force(w, path, text, len);
    free(text);
}

/* Every decision of one example, with and without its register (and
 * calendar, where it has one). */
static void example(world *total, const char *name, const char *dir)
{
    char policy[256], reg[256], cal[256];
    snprintf(policy, sizeof policy, "examples/%s.remit", name);
    snprintf(reg, sizeof reg, "examples/registers/%s.yaml", name);
    snprintf(cal, sizeof cal, "examples/calendars/%s.yaml", name);
    bool has_cal = access(cal, R_OK) == 0;
    for (int with = 0; with < 2; with++) {
        world w = {0};
        load(&w, policy, with ? reg : NULL, with && has_cal ? cal : NULL);
        DIR *d = opendir(dir);
        assert_non_null(d);
        struct dirent *de;
        while ((de = readdir(d))) {
            size_t n = strlen(de->d_name);
            if (n < 6 || strcmp(de->d_name + n - 5, ".yaml"))
                continue;
            char path[512];
            snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
            file_case(&w, path);
        }
        closedir(d);
        total->listed += w.listed;
        total->added += w.added;
        total->unsettled += w.unsettled;
        total->holders += w.holders;
        total->others += w.others;
        total->together += w.together;
        total->none += w.none;
        unload(&w);
    }
}

static void test_examples_against_brute_force(void **state)
{
    (void)state;
    world total = {0};
    example(&total, "icb-scheme", "examples/decisions");
    example(&total, "major-incident", "examples/decisions/major-incident");
    example(&total, "neighbourhood-team", "examples/decisions/neighbourhood-team");
    example(&total, "place-partnership", "examples/decisions/place-partnership");
    example(&total, "provider-collaborative", "examples/decisions/provider-collaborative");
    /* the cases reach each kind of answer */
    print_message("  who: %u holders tried, %u listed (%u with co-signatories added), %u unsettled\n",
                  total.holders, total.listed, total.added, total.unsettled);
    assert_true(total.listed >= 10);
    assert_true(total.added >= 1);
    assert_true(total.unsettled >= 1);
}

/* remit eval --why-not on every example decision that is not permitted:
 * each change it says, written into the decision, makes it permitted. */
/* in_decision_field (what --why-not tries another value of a field with,
 * SPEC 7.17) against typing the whole tree with that value: for every
 * decision of the golden suite (tests/eval) that can be read without a
 * register or a history, each field that is no text nor a set, and
 * values near its own, far from it, out of range and not of its type,
 * both read it or neither does, with the same fields, totals and prior
 * approvals, and evaluate alike. */
static yi_node *with_item(const yi_node *m, const char *key, yi_node *v)
{
    yi_node *c = malloc(sizeof *c);
    assert_non_null(c);
    *c = *m;
    c->items = malloc((m->n + 1) * sizeof *c->items);
    assert_non_null(c->items);
    for (uint32_t i = 0; i < m->n; i++)
        c->items[i] = !strcmp(m->keys[i]->text, key) ? v : m->items[i];
    return c;
}

static void free_with(yi_node *c)
{
    free(c->items);
    free(c);
}

static void field_texts(const pl_field *pf, int64_t was, char t[][48], uint32_t *n)
{
    const int64_t near[] = {was, was - 1, was + 1, 0, 1, was / 2, was * 2 + 7, 250000000, 99999999999999999};
    *n = 0;
    for (size_t i = 0; i < sizeof near / sizeof *near; i++) {
        int64_t v = near[i];
        switch (pf->type) {
        case TY_MONEY: lit_format_money(v, t[*n], 48); break;
        case TY_DATE: lit_format_date(v, t[*n], 48); break;
        case TY_DAYS: snprintf(t[*n], 48, "%lld days", (long long)v); break;
        case TY_PERCENT: snprintf(t[*n], 48, "%lld.%02lld%%", (long long)(v / 100), (long long)(v % 100 < 0 ? -(v % 100) : v % 100)); break;
        case TY_ENUM: snprintf(t[*n], 48, "%s", v >= 0 && v < pf->nchoices ? pf->choices[v] : "no_such_choice"); break;
        case TY_BOOL: snprintf(t[*n], 48, "%s", v == 1 ? "true" : v == 0 ? "false" : "maybe"); break;
        default: snprintf(t[*n], 48, "%lld", (long long)v); break;
        }
        (*n)++;
    }
    snprintf(t[(*n)++], 48, "not a value");
}

/* The comparison of test_field_as_typed for the decision at path on
 * policy: how many decisions read (0 or 1), values compared, and those
 * that neither reads (*unread). */
static unsigned field_as_typed(const char *policy, const char *path, unsigned *compared, unsigned *unread)
{
    remit_session *ps = remit_session_new(NULL);
    assert_non_null(ps);
    remit_policy *p = remit_check_file(ps, policy) == REMIT_OK ? remit_compile(ps) : NULL;
    remit_session_free(ps);
    if (!p)
        return 0;
    remit_session *s = remit_session_new(NULL);
    assert_non_null(s);
    in_ctx base, ic;
    in_init(&base, s, p, &s->arena);
    uint32_t file = src_read(s, path, path, NULL);
    const yi_node *root = file == UINT32_MAX ? NULL : yi_parse(s, file);
    ev_decision d;
    in_line(&ic, &base, s);
    ic.quiet = true;
    unsigned read = root && root->kind == YI_MAP && in_decision(&ic, root, &d);
    const pl_matter *m = read ? &p->matters[d.matter] : NULL;
    const yi_node *fields = NULL;
    for (uint32_t i = 0; read && i < root->n; i++)
        if (!strcmp(root->keys[i]->text, "fields"))
            fields = root->items[i];
    for (uint32_t fi = 0; fields && fi < m->nfields; fi++) {
        const pl_field *pf = &m->fields[fi];
        if (pf->type == TY_TEXT || pf->type == TY_SET)
            continue;
        char t[16][48];
        uint32_t nt;
        field_texts(pf, d.fields[fi], t, &nt);
        for (uint32_t k = 0; k < nt; k++) {
            yi_node v = {.kind = YI_SCALAR, .text = t[k], .len = (uint32_t)strlen(t[k]),
                         .quoted = pf->type == TY_MONEY};
            yi_node *fm = with_item(fields, pf->name, &v), *r2 = with_item(root, "fields", fm);
            ev_decision whole, edit = d;
            int64_t vals[64];
            assert_true(m->nfields <= 64);
            memcpy(vals, d.fields, m->nfields * sizeof *vals);
            edit.fields = vals;
            in_line(&ic, &base, s);
            ic.quiet = true;
            bool ok1 = in_decision(&ic, r2, &whole);
            in_line(&ic, &base, s);
            ic.quiet = true;
            bool ok2 = in_decision_field(&ic, root, &edit, fi, &v);
            if (ok1 != ok2)
                fail_msg("%s: field %s = '%s': read %s whole, %s by in_decision_field", path, pf->name, t[k],
                         ok1 ? "yes" : "no", ok2 ? "yes" : "no");
            if (ok1) {
                assert_memory_equal(whole.fields, edit.fields, m->nfields * sizeof *vals);
                assert_int_equal(whole.summed, edit.summed);
                assert_memory_equal(whole.sums, edit.sums, sizeof whole.sums);
                assert_int_equal(whole.priors, edit.priors);
                ev_result r1, rr;
                ev_evaluate_bare(p, &whole, NULL, &r1);
                ev_evaluate_bare(p, &edit, NULL, &rr);
                assert_int_equal(r1.outcome, rr.outcome);
                assert_int_equal(r1.target, rr.target);
                assert_int_equal(r1.nreasons, rr.nreasons);
                for (uint32_t i = 0; i < r1.nreasons; i++) {
                    assert_int_equal(r1.reasons[i].kind, rr.reasons[i].kind);
                    assert_int_equal(r1.reasons[i].rule, rr.reasons[i].rule);
                }
            }
            (*compared)++;
            *unread += !ok1;
            free_with(r2);
            free_with(fm);
        }
    }
    remit_session_free(s);
    remit_policy_free(p);
    return read;
}

static void test_field_as_typed(void **state)
{
    (void)state;
    DIR *dir = opendir("tests/eval");
    assert_non_null(dir);
    struct dirent *ent;
    unsigned compared = 0, read = 0, unread = 0;
    while ((ent = readdir(dir))) {
        size_t nl = strlen(ent->d_name);
        if (nl < 6 || strcmp(ent->d_name + nl - 5, ".yaml"))
            continue;
        char path[512], policy[512] = "", line[600];
        snprintf(path, sizeof path, "tests/eval/%s", ent->d_name);
        FILE *f = fopen(path, "r");
        assert_non_null(f);
        bool others = false; /* a register or history the decision needs */
        while (fgets(line, sizeof line, f) && line[0] == '#') {
            if (!strncmp(line, "# policy: ", 10))
                sscanf(line + 10, "%511s", policy);
            others |= !strncmp(line, "# args: ", 8) && (strstr(line, "--register") || strstr(line, "--history"));
        }
        fclose(f);
        if (*policy && !others)
            read += field_as_typed(policy, path, &compared, &unread);
    }
    closedir(dir);
    /* the golden suite has hundreds of decisions: most are read */
    assert_true(read >= 100);
    assert_true(compared >= 1000);
    /* what the decision must say that depends on a field (needs): above
     * £100k, `escalate software to next tier` needs the body it is taken
     * in, which this decision does not give */
    char tmp[] = "/tmp/test_who.XXXXXX";
    int fd = mkstemp(tmp);
    assert_true(fd >= 0);
    const char *text = "matter: software\ndecider: ceo\ndate: 2026-05-01\nfields: { cost: \"\xC2\xA3" "50,000\" }\n";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    unsigned before = unread, n = 0;
    read = field_as_typed("tests/eval/policies/gaps.remit", tmp, &n, &unread);
    unlink(tmp);
    assert_int_equal(read, 1);
    assert_true(unread > before + 1); /* more than "not a value" */
}

static void test_why_not_examples(void **state)
{
    (void)state;
    world total = {0};
    why_mode = true;
    example(&total, "icb-scheme", "examples/decisions");
    example(&total, "major-incident", "examples/decisions/major-incident");
    example(&total, "neighbourhood-team", "examples/decisions/neighbourhood-team");
    example(&total, "place-partnership", "examples/decisions/place-partnership");
    example(&total, "provider-collaborative", "examples/decisions/provider-collaborative");
    why_mode = false;
    print_message("  why-not: %u decisions not permitted, %u changes checked (%u amounts at their "
                  "boundary, %u other changes, %u made together), %u at a meeting, %u with none\n",
                  total.holders, total.listed, total.added, total.others, total.together, total.unsettled,
                  total.none);
    assert_true(total.listed >= 10);
    assert_true(total.added >= 2);
    assert_true(total.others >= 1);
}

/* The path after flag in a golden decision's `# args:` line, or NULL. */
static char *arg_of(const char *args, const char *flag)
{
    const char *at = args ? strstr(args, flag) : NULL;
    if (!at)
        return NULL;
    at += strlen(flag);
    at += strspn(at, " ");
    return strndup(at, strcspn(at, " \n"));
}

/* The text after "# KEY: " on its own line in text, or NULL. */
static char *header(const char *text, const char *key)
{
    char k[64];
    snprintf(k, sizeof k, "# %s: ", key);
    const char *at = strstr(text, k);
    if (!at || (at != text && at[-1] != '\n'))
        return NULL;
    at += strlen(k);
    return strndup(at, strcspn(at, "\n"));
}

/* remit eval --why-not on every decision of the golden suite
 * (tests/eval/NAME.yaml, with its `# policy:` and the register, history
 * and calendar its `# args:` give; not those of another command, of a
 * batch, or whose policy does not load): each change it says, written
 * into the decision where the decision is written as the checks here
 * edit, makes it permitted; and each not permitted gets a change or is
 * told why there is none. */
static void test_why_not_goldens(void **state)
{
    (void)state;
    world total = {0};
    DIR *dir = opendir("tests/eval");
    assert_non_null(dir);
    struct dirent *de;
    unsigned files = 0;
    while ((de = readdir(dir))) {
        size_t n = strlen(de->d_name);
        if (n < 6 || strcmp(de->d_name + n - 5, ".yaml"))
            continue;
        char path[512];
        snprintf(path, sizeof path, "tests/eval/%s", de->d_name);
        size_t len;
        char *text = rt_slurp(path, &len);
        char *policy = header(text, "policy"), *args = header(text, "args"), *cmd = header(text, "command");
        if (policy && !(cmd && strcmp(cmd, "eval")) && !(args && strstr(args, "--batch"))) {
            world w = {0};
            remit_options o;
            remit_options_init(&o);
            o.stdlib_dir = rt_stdlib_dir();
            remit_input in = {policy, NULL, NULL, 0};
            remit_session *diags = NULL;
            char *reg = arg_of(args, "--register"), *hist = arg_of(args, "--history"),
                 *cal = arg_of(args, "--calendar");
            if (remit_policy_load(&o, &in, &w.p, &diags) == REMIT_OK) {
                remit_input rin = {reg, NULL, NULL, 0}, hin = {hist, NULL, NULL, 0}, cin = {cal, NULL, NULL, 0};
                remit_context_files f;
                remit_context_files_init(&f);
                f.register_file = reg ? &rin : NULL;
                f.history = hist ? &hin : NULL;
                f.calendar = cal ? &cin : NULL;
                if ((!reg && !hist && !cal) || remit_context_open(w.p, &f, &w.ctx, NULL) == REMIT_OK) {
                    why_not_checked(&w, path, text, len);
                    files++;
                }
                remit_context_free(w.ctx);
                remit_policy_free(w.p);
            }
            remit_session_free(diags);
            free(reg);
            free(hist);
            free(cal);
            total.listed += w.listed;
            total.added += w.added;
            total.unsettled += w.unsettled;
            total.holders += w.holders;
            total.others += w.others;
            total.together += w.together;
            total.none += w.none;
        }
        free(policy);
        free(args);
        free(cmd);
        free(text);
    }
    closedir(dir);
    print_message("  why-not goldens: %u decisions, %u not permitted, %u changes checked (%u amounts at their "
                  "boundary, %u other changes, %u made together), %u at a meeting, %u with none\n", files,
                  total.holders, total.listed, total.added, total.others, total.together, total.unsettled,
                  total.none);
    assert_true(files >= 200);
    assert_true(total.together >= 5);
    assert_true(total.none >= 1);
}

/* Decisions that give no decider: spend above £250k needs the Director
 * of Finance and an executive (require), so each needs the other; the
 * same in a register's world; and one that no holder may take. */
static void test_without_a_decider(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "matter: spend\ndate: 2026-11-20\nfields: { amount: \"£300,000\", category: revenue, risk: 3, "
        "supplier: Acme }\ncontext: { incident_level: 0 }\n",
        "matter: spend\ndate: 2026-11-20\nfields: { amount: \"£300,000\", category: capital, risk: 3, "
        "supplier: Acme }\ncontext: { incident_level: 0 }\nco_signatories: []\n",
        "matter: spend\ndate: 2026-11-20\nfields: { amount: \"£9m\", category: capital, risk: 20, "
        "supplier: Acme }\ncontext: { incident_level: 0 }\n",
        "matter: appointment\ndate: 2026-11-20\nfields: { post: non_executive }\n"
        "context: { incident_level: 0 }\n",
    };
    for (int with = 0; with < 2; with++) {
        world w = {0};
        load(&w, RT_ICB_POLICY, with ? RT_ICB_REGISTER : NULL, NULL);
        for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
            against_brute_force(&w, texts[i], texts[i], strlen(texts[i]));
        assert_true(w.added >= 2);
        unload(&w);
    }
}

/* £300k of revenue spend, no decider given: above £250k a second
 * executive must sign. */
static const char SPEND_300K[] = "{\"matter\":\"spend\",\"date\":\"2026-11-20\",\"fields\":{\"amount\":"
                                 "\"£300,000\",\"category\":\"revenue\",\"risk\":3,\"supplier\":\"Acme\"},"
                                 "\"context\":{\"incident_level\":0}}";

/* The example scheme, without register or history, and an evaluator. */
static remit_evaluator *icb_evaluator(world *w)
{
    load(w, RT_ICB_POLICY, NULL, NULL);
    remit_evaluator *e;
    assert_int_equal(remit_evaluator_new(w->p, NULL, &e), REMIT_OK);
    return e;
}

/* The cfo, given £300k of revenue spend, needs one more executive: who
 * says which, in text and JSON, and a malformed decision is an input
 * error said once, not once for each holder. */
static void test_answer(void **state)
{
    (void)state;
    world w = {0};
    remit_evaluator *e = icb_evaluator(&w);
    remit_input in = {NULL, "decision", SPEND_300K, sizeof SPEND_300K - 1};
    const remit_who *who;
    assert_int_equal(remit_who_can(e, &in, &who), REMIT_OK);
    assert_string_equal(remit_who_matter(who), "spend");
    assert_int_equal(remit_who_count(who), 2);
    remit_who_holder x;
    assert_true(remit_who_at(who, 0, &x));
    assert_string_equal(x.holder, "cfo"); /* the lowest first */
    assert_int_equal(x.nco, 1);
    assert_string_equal(x.co[0], "ceo");
    assert_string_equal(remit_outcome_decider(x.outcome), "cfo");
    assert_int_equal(remit_outcome_chain_length(x.outcome), 3);
    assert_true(remit_who_at(who, 1, &x));
    assert_string_equal(x.holder, "ceo");
    assert_false(remit_who_at(who, 2, &x));
    remit_who_unsettled u;
    assert_int_equal(remit_who_unsettled_count(who), 1);
    assert_true(remit_who_unsettled_at(who, 0, &u));
    assert_string_equal(u.holder, "board");
    assert_non_null(strstr(u.message, "does not say who attended"));
    const char *t = remit_who_text(who, NULL);
    assert_non_null(strstr(t, "1. Director of Finance (cfo), if also signed by Chief Executive"));
    const char *j = remit_who_json(who, NULL);
    assert_non_null(strstr(j, "{\"schema\":\"remit.who/1\",\"matter\":\"spend\",\"considered\":"));
    assert_non_null(strstr(j, "\"holder\":\"cfo\",\"co_signatories_added\":[\"ceo\"],\"outcome\":{"));

    const char *bad = "{\"matter\":\"spend\",\"date\":\"2026-11-20\",\"fields\":{\"amount\":\"£300,000\","
                      "\"category\":\"revenue\",\"risk\":30,\"supplier\":\"Acme\"},"
                      "\"context\":{\"incident_level\":0}}";
    remit_input bin = {NULL, "decision", bad, strlen(bad)};
    assert_int_equal(remit_who_can(e, &bin, &who), REMIT_E_INPUT);
    assert_null(who);
    const remit_session *s = remit_evaluator_diagnostics(e);
    assert_int_equal(rt_count(s, "R0404"), 1);
    assert_int_equal(remit_diag_count(s), 1);
    assert_int_equal(remit_who_can(NULL, &bin, &who), REMIT_E_ARGUMENT);
    remit_evaluator_free(e);
    unload(&w);
}

/* An answer ends with the next evaluation, whatever becomes of it: when
 * the next runs out of memory part-way, after it has listed holders into
 * the outcomes the earlier answer's point to, those still read as empty
 * (found in review: they read as the aborted answer's, from memory given
 * back).  And a policy with no holders is an input error, not a crash. */
static void test_answer_ends_with_a_failed_one(void **state)
{
    (void)state;
    world w = {0};
    remit_evaluator *e = icb_evaluator(&w);
    remit_input in = {NULL, "decision", SPEND_300K, sizeof SPEND_300K - 1};
    const remit_who *who;
    rm_test_alloc = (rm_alloc_hook){.armed = true}; /* count a call's allocations */
    assert_int_equal(remit_who_can(e, &in, &who), REMIT_OK);
    unsigned long n = rm_test_alloc.count;
    rm_test_alloc.armed = false;
    unsigned tried = 0;
    for (unsigned long k = n / 2; k <= n; k += n / 16 + 1) {
        assert_int_equal(remit_who_can(e, &in, &who), REMIT_OK);
        remit_who_holder x;
        assert_true(remit_who_at(who, 0, &x));
        const remit_outcome *o1 = x.outcome;
        rm_test_alloc = (rm_alloc_hook){.armed = true, .fail_at = k};
        const remit_who *again;
        remit_status st = remit_who_can(e, &in, &again);
        rm_test_alloc.armed = false;
        if (st != REMIT_E_NOMEM)
            continue;
        tried++;
        assert_null(again);
        assert_int_equal(remit_outcome_kind_of(o1), REMIT_UNDETERMINED);
        assert_int_equal(remit_outcome_chain_length(o1), 0);
        assert_null(remit_outcome_decider(o1));
        assert_int_equal(remit_who_count(who), 0);
        assert_null(remit_who_text(who, NULL));
    }
    assert_true(tried >= 4);
    remit_evaluator_free(e);
    unload(&w);

    remit_options o;
    remit_options_init(&o);
    const char *none = "policy \"N\" version \"1\"\nmatter spend \"S\" {\n    amount: money\n}\n";
    remit_input pin = {NULL, "none.remit", none, strlen(none)};
    remit_policy *p;
    assert_int_equal(remit_policy_load(&o, &pin, &p, NULL), REMIT_OK);
    assert_int_equal(remit_evaluator_new(p, NULL, &e), REMIT_OK);
    const char *d = "matter: spend\ndate: 2026-11-20\nfields: { amount: \"£5\" }\n";
    remit_input din = {NULL, "decision", d, strlen(d)};
    assert_int_equal(remit_who_can(e, &din, &who), REMIT_E_INPUT);
    assert_int_equal(remit_diag_count(remit_evaluator_diagnostics(e)), 1);
    remit_evaluator_free(e);
    remit_policy_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_examples_against_brute_force),
        cmocka_unit_test(test_without_a_decider),
        cmocka_unit_test(test_answer),
        cmocka_unit_test(test_why_not_examples),
        cmocka_unit_test(test_why_not_goldens),
        cmocka_unit_test(test_field_as_typed),
        cmocka_unit_test(test_answer_ends_with_a_failed_one),
    };
    return rt_run_tests(tests);
}
