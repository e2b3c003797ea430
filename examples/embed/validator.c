/*
 * validator.c - a decision validator that embeds libremit, as a
 * procurement or e-forms system would: the policy (and a register) loaded
 * once, decisions evaluated in memory, on several threads.
 *
 *   cc validator.c $(pkg-config --cflags --libs remit) -lpthread -o validator
 *
 *   ./validator [options] POLICY DECISION
 *       one decision file: its outcome to standard output as JSON
 *       (remit.outcome/2, as `remit eval --format json` writes it), a
 *       line naming it to standard error, and remit eval's exit code
 *   ./validator [options] --threads N POLICY < decisions.jsonl
 *       one decision per line of standard input, evaluated by N threads,
 *       each with its own evaluator, sharing the policy and the register;
 *       one line per decision to standard output, in input order:
 *       "LINE OUTCOME [TARGET]", or "LINE error CODE" for a bad line
 *
 * options: --stdlib DIR (where `use nhs.x` looks: for an installed Remit,
 * $(pkg-config --variable=stdlibdir remit)), --register FILE.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <remit.h>

#if REMIT_VERSION_NUMBER < 100
#error "validator.c needs libremit 0.1.0 or later"
#endif

#define MAX_THREADS 16

/* The exit codes of `remit eval` (SPEC 11.6), which this program keeps:
 * the library gives statuses, and each program says what they mean to it. */
enum {
    EXIT_PERMITTED = 0, EXIT_POLICY = 1, EXIT_USAGE = 2, EXIT_ESCALATE = 3,
    EXIT_REFUSED = 4, EXIT_UNDETERMINED = 5, EXIT_INPUT = 6
};

/* The whole of a file, or NULL. */
static char *slurp(FILE *f, size_t *len)
{
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0)
        if ((n += got) == cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb)
                free(buf);
            buf = nb;
        }
    *len = n;
    return buf;
}

/* The decisions of a batch, and what each thread made of its share. */
typedef struct batch {
    const remit_policy *p;
    const remit_context *ctx;
    char **line;
    size_t *len, n;
    char (*answer)[160];
} batch;

typedef struct share {
    batch *b;
    size_t first, step; /* lines first, first + step, ... */
    int ok;
} share;

static void *evaluate_share(void *arg)
{
    share *sh = arg;
    batch *b = sh->b;
    remit_evaluator *e;
    sh->ok = remit_evaluator_new(b->p, b->ctx, &e) == REMIT_OK; /* one per thread */
    for (size_t i = sh->first; e && i < b->n; i += sh->step) {
        const remit_outcome *o;
        remit_status st = remit_evaluate(e, b->line[i], b->len[i], &o);
        if (st == REMIT_OK) {
            const char *to = remit_outcome_escalate_to(o);
            snprintf(b->answer[i], sizeof b->answer[i], "%s%s%s", remit_outcome_word(o), to ? " " : "",
                     to ? to : "");
        } else {
            const remit_session *d = remit_evaluator_diagnostics(e);
            snprintf(b->answer[i], sizeof b->answer[i], "error %s",
                     remit_diag_count(d) ? remit_diag_at(d, 0)->code : remit_status_text(st));
        }
    }
    remit_evaluator_free(e);
    return NULL;
}

/* Evaluate every line of standard input on `threads` threads. */
static int run_batch(const remit_policy *p, const remit_context *ctx, int threads)
{
    size_t len;
    char *all = slurp(stdin, &len);
    if (!all)
        return EXIT_USAGE;
    batch b = {p, ctx, NULL, NULL, 0, NULL};
    size_t cap = 0;
    for (char *s = all, *end = all + len; s < end;) {
        char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t l = nl ? (size_t)(nl - s) : (size_t)(end - s);
        if (b.n == cap) {
            cap = cap ? cap * 2 : 256;
            char **nl_ = realloc(b.line, cap * sizeof *b.line);
            size_t *nn = nl_ ? realloc(b.len, cap * sizeof *b.len) : NULL;
            if (nl_)
                b.line = nl_;
            if (!nn) {
                free(b.line);
                free(b.len);
                free(all);
                return EXIT_USAGE;
            }
            b.len = nn;
        }
        b.line[b.n] = s;
        b.len[b.n++] = l;
        s += l + 1;
    }
    b.answer = calloc(b.n ? b.n : 1, sizeof *b.answer);
    pthread_t t[MAX_THREADS];
    share sh[MAX_THREADS];
    int ok = b.answer != NULL, started = 0;
    for (int i = 0; ok && i < threads; i++) {
        sh[i] = (share){&b, (size_t)i, (size_t)threads, 0};
        if (pthread_create(&t[i], NULL, evaluate_share, &sh[i]) != 0)
            ok = 0; /* the threads started still finish below */
        else
            started++;
    }
    for (int i = 0; i < started; i++) {
        pthread_join(t[i], NULL);
        ok &= sh[i].ok;
    }
    for (size_t i = 0; ok && i < b.n; i++)
        printf("%zu %s\n", i + 1, b.answer[i]);
    free(b.answer);
    free(b.line);
    free(b.len);
    free(all);
    return ok ? EXIT_PERMITTED : EXIT_USAGE;
}

/* One decision file: the outcome as JSON, and remit eval's exit code. */
static int run_one(const remit_policy *p, const remit_context *ctx, const char *path)
{
    remit_evaluator *e;
    if (remit_evaluator_new(p, ctx, &e) != REMIT_OK)
        return EXIT_USAGE;
    remit_input in = {path, NULL, NULL, 0}; /* diagnostics name the file */
    const remit_outcome *o;
    remit_status st = remit_evaluate_input(e, &in, &o);
    int rc;
    if (st == REMIT_OK) {
        size_t n;
        const char *json = remit_outcome_json(o, &n);
        fwrite(json, 1, n, stdout);
        fprintf(stderr, "outcome: %s\n", remit_outcome_word(o));
        static const int exit_of[] = {EXIT_PERMITTED, EXIT_ESCALATE, EXIT_REFUSED,
                                      EXIT_UNDETERMINED};
        rc = exit_of[remit_outcome_kind_of(o)];
    } else {
        remit_render_text(remit_evaluator_diagnostics(e), stderr);
        rc = st == REMIT_E_INPUT ? EXIT_INPUT : EXIT_USAGE;
    }
    remit_evaluator_free(e);
    return rc;
}

int main(int argc, char **argv)
{
    remit_options opt;
    remit_options_init(&opt); /* the analyses on: an unsound scheme does not answer */
    const char *reg = NULL, *files[2] = {NULL, NULL};
    int threads = 0, nfiles = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--stdlib") && i + 1 < argc)
            opt.stdlib_dir = argv[++i];
        else if (!strcmp(argv[i], "--register") && i + 1 < argc)
            reg = argv[++i];
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc) {
            char *end;
            long n = strtol(argv[++i], &end, 10);
            threads = *end || n < 1 ? -1 : n > MAX_THREADS ? MAX_THREADS + 1 : (int)n;
        }
        else if (argv[i][0] != '-' && nfiles < 2)
            files[nfiles++] = argv[i];
        else
            nfiles = 3;
    }
    if (threads < 0 || threads > MAX_THREADS || nfiles != (threads ? 1 : 2)) {
        fprintf(stderr, "usage: %s [--stdlib DIR] [--register FILE] POLICY DECISION\n"
                        "       %s [--stdlib DIR] [--register FILE] --threads N POLICY < LINES\n"
                        "(libremit %s)\n", argv[0], argv[0], remit_version());
        return EXIT_USAGE;
    }
    /* load once: the policy, then the register, both shared by every thread */
    remit_input pin = {files[0], NULL, NULL, 0}, rin = {reg, NULL, NULL, 0};
    remit_policy *p;
    remit_context *ctx = NULL;
    remit_session *diags;
    remit_status st = remit_policy_load(&opt, &pin, &p, &diags);
    if (st == REMIT_OK && reg) {
        remit_session_free(diags);
        st = remit_context_load(p, &rin, NULL, &ctx, &diags);
    }
    if (st != REMIT_OK) {
        if (diags)
            remit_render_text(diags, stderr);
        fprintf(stderr, "validator: %s\n", remit_status_text(st));
        remit_session_free(diags);
        remit_policy_free(p); /* NULL when the policy itself did not load */
        return st == REMIT_E_POLICY ? EXIT_POLICY : st == REMIT_E_INPUT ? EXIT_INPUT
                                                                              : EXIT_USAGE;
    }
    remit_session_free(diags);
    int rc = threads ? run_batch(p, ctx, threads) : run_one(p, ctx, files[1]);
    remit_context_free(ctx);
    remit_policy_free(p);
    return rc;
}
