/*
 * main.c - the `remit` command: a thin layer over libremit.  Parses the
 * command line, runs a subcommand, prints what the library found, and
 * exits with a documented code (README.md, "Exit codes").
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <sys/resource.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <time.h>

#include "remit.h"

static const char *const main_usage =
    "usage: remit <command> [options] [files]\n"
    "\n"
    "Remit checks governance policies: schemes of delegation, reservations,\n"
    "escalation, conflicts of interest, quorum and crisis protocols.\n"
    "\n"
    "commands:\n"
    "  check     check policies for errors and print what is wrong\n"
    "  eval      evaluate a proposed decision against a policy\n"
    "  test      run a policy's tests (FILE.test.yaml files)\n"
    "  graph     draw who may decide what, as a Graphviz graph (DOT or SVG)\n"
    "  help      show help for a command: remit help check\n"
    "\n"
    "options:\n"
    "  --help     show this help\n"
    "  --version  show the version\n"
    "\n"
    "exit codes: 0 no errors, 1 the policy has errors, 2 usage or unreadable file\n";

static const char *const check_usage =
    "usage: remit check [options] FILE...\n"
    "       remit check --emit json [options] FILE\n"
    "\n"
    "Read each policy FILE and everything it uses, and report every syntax,\n"
    "name and type error, each with its file:line:column and a hint.\n"
    "\n"
    "options:\n"
    "  --format text|json  how to print findings (default: text)\n"
    "  --emit json         write the checked policy as one JSON document\n"
    "                      (remit.policy/1, SPEC 11.9) instead of findings;\n"
    "                      one FILE; a policy with errors is not written\n"
    "  --deny-warnings     treat warnings as errors (exit 1)\n"
    "  --no-analyses       check the policy's form only, not the analyses of the\n"
    "                      whole scheme (SPEC 8.2)\n"
    "  --notes             also give the analyses' notes, e.g. how many absences\n"
    "                      each body's quorum can take (SPEC 8.2.3)\n"
    "  --stdlib DIR        where `use nhs.x` finds the standard library\n"
    "  --root DIR          the folder that `use \"file\"` may not leave\n"
    "                      (default: the folder of each FILE)\n"
    "  --max-errors N      stop listing after N errors (default: 100)\n"
    "  --stats             print lines read, time and peak memory to stderr\n"
    "  --help              show this help\n"
    "\n"
    "exit codes: 0 no errors, 1 the policy has errors, 2 usage or unreadable file\n";

static const char *const eval_usage =
    "usage: remit eval [options] POLICY DECISION\n"
    "       remit eval [options] POLICY --batch [FILE]\n"
    "\n"
    "Check POLICY, then say whether the decision in DECISION (YAML or JSON)\n"
    "is permitted, must escalate, is refused, or is not settled by the policy,\n"
    "naming the rules used by file:line.\n"
    "\n"
    "options:\n"
    "  --format text|json  how to print the outcome (default: text)\n"
    "  --history FILE      earlier decisions, for cumulative limits\n"
    "  --register FILE     people, the roles they hold and their declared\n"
    "                      interests (YAML or JSON)\n"
    "  --batch [FILE]      one JSON decision per line of FILE (default: standard\n"
    "                      input); one JSON result per line, in order; a bad\n"
    "                      line gives an error record and the rest go on\n"
    "  --stdlib DIR        where `use nhs.x` finds the standard library\n"
    "  --root DIR          the folder that `use \"file\"` may not leave\n"
    "  --no-analyses       evaluate even when the analyses of the whole scheme\n"
    "                      find it unsound (for tools and tests: its answers\n"
    "                      are not to be trusted)\n"
    "  --help              show this help\n"
    "\n"
    "exit codes: 0 permitted, 3 escalate, 4 refused, 5 undetermined,\n"
    "6 the decision, history or register is malformed, 1 the policy has errors,\n"
    "2 usage or unreadable file.  With --batch: 0 when every line was read,\n"
    "6 when any line was malformed.\n";

static const char *const test_usage =
    "usage: remit test [options] PATH...\n"
    "\n"
    "Run the tests in each PATH: a test file (YAML, conventionally NAME.test.yaml\n"
    "beside NAME.remit), or a folder, searched for *.test.yaml files.  Each test\n"
    "gives a decision and the outcome expected; see SPEC.md 7.13.\n"
    "\n"
    "options:\n"
    "  --stdlib DIR   where `use nhs.x` finds the standard library\n"
    "  --no-analyses  run the tests even of a policy the analyses find unsound\n"
    "  --help         show this help\n"
    "\n"
    "Prints a line per test and a closing line \"N passed, N failed\".\n"
    "exit codes: 0 every test passed, 1 a test failed or a policy has errors,\n"
    "2 usage or unreadable file.\n";

static const char *const graph_usage =
    "usage: remit graph [options] POLICY\n"
    "\n"
    "Check POLICY, then draw its delegation and escalation structure as one\n"
    "Graphviz graph: tiers as ranks, bodies (boxes) and roles (ellipses),\n"
    "delegations with their limits, reservations on their holders (a double\n"
    "border), escalations dashed, crisis grants dotted from their protocol.\n"
    "\n"
    "options:\n"
    "  --matter NAME      draw only the rules of this matter\n"
    "  --format dot|svg   DOT text (default), or SVG drawn by Graphviz's dot,\n"
    "                     which must be on PATH (Debian: apt-get install graphviz)\n"
    "  -o FILE            write to FILE instead of standard output\n"
    "  --stdlib DIR       where `use nhs.x` finds the standard library\n"
    "  --root DIR         the folder that `use \"file\"` may not leave\n"
    "  --help             show this help\n"
    "\n"
    "example: remit graph examples/icb-scheme.remit | dot -Tpng > scheme.png\n"
    "\n"
    "exit codes: 0 drawn, 1 the policy has errors, 2 usage, unreadable file,\n"
    "unknown matter, or (svg) dot missing or failing\n";

static void find_installed_stdlib(remit_options *opt);

static bool is_folder(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int cmp_str(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    return !x ? (y ? 1 : 0) : !y ? -1 : strcmp(x, y);
}

static int usage_error(const char *fmt, const char *arg, const char *cmd)
{
    fprintf(stderr, "remit: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nrun 'remit %s--help' for usage\n", cmd);
    return REMIT_EXIT_USAGE;
}

/* --stdlib DIR or --root DIR (option a, value v): set in opt, or a usage
 * error when v is not a folder; REMIT_EXIT_OK when set. */
static int folder_option(remit_options *opt, const char *a, const char *v, const char *cmd)
{
    if (!is_folder(v))
        return usage_error(strcmp(a, "--root") ? "--stdlib names '%s', which is not a folder"
                                               : "--root names '%s', which is not a folder",
                           v, cmd);
    if (!strcmp(a, "--stdlib"))
        opt->stdlib_dir = v;
    else
        opt->root_dir = v;
    return REMIT_EXIT_OK;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* `remit check --emit json FILE`: check FILE as check does, then write
 * the export (SPEC 11.9) to standard output, all of it or nothing. */
static int check_emit(const remit_options *opt, const char *file)
{
    remit_session *s = remit_session_new(opt);
    if (!s) {
        fprintf(stderr, "remit: out of memory\n");
        return REMIT_EXIT_USAGE;
    }
    int rc = remit_check_file(s, file);
    if (rc != REMIT_EXIT_OK || remit_error_count(s)) {
        remit_render_text(s, stderr);
        fprintf(stderr, "%s: the policy has errors, so it cannot be exported\n", file);
        remit_session_free(s);
        return rc != REMIT_EXIT_OK ? rc : REMIT_EXIT_POLICY;
    }
    /* written in memory first: nothing is written unless all of it can be */
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    rc = mem ? remit_export_json(s, mem) : REMIT_EXIT_USAGE;
    if (mem && (fclose(mem) != 0 || !text) && rc == REMIT_EXIT_OK)
        rc = REMIT_EXIT_USAGE;
    remit_session_free(s);
    if (rc != REMIT_EXIT_OK) {
        fprintf(stderr, "remit: out of memory exporting %s\n", file);
        free(text);
        return rc;
    }
    fwrite(text, 1, len, stdout);
    free(text);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "remit: cannot write 'standard output'\n");
        return REMIT_EXIT_USAGE;
    }
    return REMIT_EXIT_OK;
}

static int cmd_check(int argc, char **argv)
{
    remit_options opt;
    memset(&opt, 0, sizeof opt);
    opt.analyse = 1; /* what check is for; --no-analyses checks form alone */
    int json = 0, stats = 0, nfiles = 0, emit = 0, format_given = 0;
    char **files = calloc((size_t)argc + 1, sizeof *files);
    if (!files)
        return REMIT_EXIT_USAGE;
    int rc = REMIT_EXIT_OK;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(check_usage, stdout);
            free(files);
            return REMIT_EXIT_OK;
        } else if (!strcmp(a, "--format")) {
            if (i + 1 >= argc) {
                free(files);
                return usage_error("%s needs a value: text or json", a, "check ");
            }
            const char *v = argv[++i];
            format_given = 1;
            if (!strcmp(v, "json"))
                json = 1;
            else if (strcmp(v, "text") != 0) {
                free(files);
                return usage_error("unknown format '%s': use text or json", v, "check ");
            }
        } else if (!strcmp(a, "--emit")) {
            if (i + 1 >= argc) {
                free(files);
                return usage_error("%s needs a value: json", a, "check ");
            }
            const char *v = argv[++i];
            if (strcmp(v, "json") != 0) {
                free(files);
                return usage_error("unknown export '%s': the policy is exported as json only", v,
                                   "check ");
            }
            emit = 1;
        } else if (!strcmp(a, "--deny-warnings")) {
            opt.deny_warnings = 1;
        } else if (!strcmp(a, "--no-analyses")) {
            opt.analyse = 0;
        } else if (!strcmp(a, "--notes")) {
            opt.notes = 1;
        } else if (!strcmp(a, "--stats")) {
            stats = 1;
        } else if (!strcmp(a, "--stdlib") || !strcmp(a, "--root") || !strcmp(a, "--max-errors")) {
            if (i + 1 >= argc) {
                free(files);
                return usage_error("%s needs a value", a, "check ");
            }
            const char *v = argv[++i];
            struct stat st;
            if (strcmp(a, "--max-errors") != 0 && (stat(v, &st) != 0 || !S_ISDIR(st.st_mode))) {
                free(files);
                return usage_error(strcmp(a, "--root") ? "--stdlib names '%s', which is not a folder"
                                                       : "--root names '%s', which is not a folder",
                                   v, "check ");
            }
            if (!strcmp(a, "--stdlib"))
                opt.stdlib_dir = v;
            else if (!strcmp(a, "--root"))
                opt.root_dir = v;
            else {
                char *end;
                long n = strtol(v, &end, 10);
                if (*end || n < 1 || n > 100000) {
                    free(files);
                    return usage_error("--max-errors takes a number from 1 to 100000, not '%s'", v, "check ");
                }
                opt.max_errors = (unsigned)n;
            }
        } else if (a[0] == '-' && a[1]) {
            free(files);
            return usage_error("unknown option '%s'", a, "check ");
        } else {
            files[nfiles++] = argv[i];
        }
    }
    if (nfiles == 0) {
        free(files);
        return usage_error("%s", "check needs at least one policy file", "check ");
    }
    if (emit && (nfiles > 1 || format_given)) {
        free(files);
        return usage_error("%s", nfiles > 1 ? "--emit json takes exactly one policy file"
                                            : "--format does not apply to --emit json", "check ");
    }
    find_installed_stdlib(&opt);
    if (emit) {
        double t0 = now_seconds();
        int r = check_emit(&opt, files[0]);
        if (stats) {
            struct rusage ru;
            getrusage(RUSAGE_SELF, &ru);
            fprintf(stderr, "stats: %s: exported in %.3f s, peak memory %.1f MiB\n", files[0],
                    now_seconds() - t0, (double)ru.ru_maxrss / 1024.0);
        }
        free(files);
        return r;
    }
    if (json && nfiles > 1)
        fputs("[", stdout);
    for (int f = 0; f < nfiles; f++) {
        double t0 = now_seconds();
        remit_session *s = remit_session_new(&opt);
        if (!s) {
            fprintf(stderr, "remit: out of memory\n");
            free(files);
            return REMIT_EXIT_USAGE;
        }
        int r = remit_check_file(s, files[f]);
        double dt = now_seconds() - t0;
        if (json) {
            if (nfiles > 1 && f)
                fputs(",", stdout);
            remit_render_json(s, stdout);
        } else {
            remit_render_text(s, stdout);
            size_t ne = remit_error_count(s), nw = remit_warning_count(s);
            if (r == REMIT_EXIT_OK && !ne && !nw)
                printf("%s: ok\n", files[f]);
            else if (r != REMIT_EXIT_USAGE)
                printf("%s: %zu error%s, %zu warning%s\n", files[f], ne, ne == 1 ? "" : "s", nw,
                       nw == 1 ? "" : "s");
        }
        if (stats) {
            struct rusage ru;
            getrusage(RUSAGE_SELF, &ru);
            size_t lines = remit_lines_read(s);
            fprintf(stderr, "stats: %s: %zu lines in %.3f s (%.0f lines/s), peak memory %.1f MiB\n",
                    files[f], lines, dt, dt > 0 ? (double)lines / dt : 0.0,
                    (double)ru.ru_maxrss / 1024.0);
        }
        remit_session_free(s);
        if (r > rc)
            rc = r;
    }
    if (json && nfiles > 1)
        fputs("]\n", stdout);
    free(files);
    return rc;
}

/* An installed remit finds its standard library beside it:
 * PREFIX/bin/remit and PREFIX/share/remit/stdlib-policies. */
static void find_installed_stdlib(remit_options *opt)
{
    static char installed[4096 + 64];
    const char *env = getenv("REMIT_STDLIB");
    if (opt->stdlib_dir || (env && *env))
        return;
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    struct stat st;
    if (n <= 0)
        return;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return;
    *slash = '\0';
    snprintf(installed, sizeof installed, "%s/../share/remit/stdlib-policies", exe);
    if (stat(installed, &st) == 0 && S_ISDIR(st.st_mode))
        opt->stdlib_dir = installed;
}

/* Check POLICY (its form, not the analyses) and compile it.  NULL, with
 * *rc the exit code and the diagnostics printed to stderr, when it has
 * errors, cannot be read or memory runs out; `what` says what cannot then
 * be done ("no decision can be evaluated"). */
static remit_policy *compile_policy(const remit_options *opt, const char *policy, const char *what,
                                    int *rc)
{
    remit_session *s = remit_session_new(opt);
    *rc = REMIT_EXIT_USAGE;
    if (!s)
        return NULL;
    *rc = remit_check_file(s, policy);
    if (*rc != REMIT_EXIT_OK) {
        remit_render_text(s, stderr);
        fprintf(stderr, "%s: the policy has errors, so %s\n", policy, what);
        remit_session_free(s);
        return NULL;
    }
    remit_policy *p = remit_compile(s);
    remit_session_free(s);
    if (!p) {
        fprintf(stderr, "remit: out of memory compiling %s\n", policy);
        *rc = REMIT_EXIT_USAGE;
    }
    return p;
}

static int cmd_eval(int argc, char **argv)
{
    remit_options opt;
    memset(&opt, 0, sizeof opt);
    opt.analyse = 1; /* an unsound scheme must not answer as if it were sound */
    const char *policy = NULL, *decision = NULL, *history = NULL, *batch = NULL, *reg = NULL;
    int json = 0, is_batch = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(eval_usage, stdout);
            return REMIT_EXIT_OK;
        } else if (!strcmp(a, "--format")) {
            if (i + 1 >= argc)
                return usage_error("%s needs a value: text or json", a, "eval ");
            const char *v = argv[++i];
            if (!strcmp(v, "json"))
                json = 1;
            else if (strcmp(v, "text") != 0)
                return usage_error("unknown format '%s': use text or json", v, "eval ");
        } else if (!strcmp(a, "--batch")) {
            is_batch = 1;
            if (i + 1 < argc && argv[i + 1][0] != '-' && policy)
                batch = argv[++i];
            else if (i + 1 < argc && !strcmp(argv[i + 1], "-"))
                i++;
        } else if (!strcmp(a, "--history") || !strcmp(a, "--stdlib") || !strcmp(a, "--root") ||
                   !strcmp(a, "--register")) {
            if (i + 1 >= argc)
                return usage_error("%s needs a value", a, "eval ");
            const char *v = argv[++i];
            if (!strcmp(a, "--register")) {
                reg = v;
                continue;
            }
            if (!strcmp(a, "--history"))
                history = v;
            else if (folder_option(&opt, a, v, "eval ") != REMIT_EXIT_OK)
                return REMIT_EXIT_USAGE;
        } else if (!strcmp(a, "--no-analyses")) {
            opt.analyse = 0;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option '%s'", a, "eval ");
        } else if (!policy) {
            policy = a;
        } else if (!decision && !is_batch) {
            decision = a;
        } else if (is_batch && !batch) {
            batch = a;
        } else {
            return usage_error("unexpected '%s': give one policy and one decision", a, "eval ");
        }
    }
    if (!policy || (!decision && !is_batch))
        return usage_error("%s", "eval needs a policy and a decision (or --batch)", "eval ");
    find_installed_stdlib(&opt);
    int rc;
    remit_policy *p = compile_policy(&opt, policy, "no decision can be evaluated", &rc);
    if (!p)
        return rc;
    remit_session *in = remit_session_new(&opt);
    if (!in) {
        remit_policy_free(p);
        return REMIT_EXIT_USAGE;
    }
    remit_eval_options eo = {history, reg, json};
    if (is_batch) {
        FILE *f = stdin;
        if (batch && strcmp(batch, "-") != 0 && !(f = fopen(batch, "r"))) {
            remit_session_free(in);
            remit_policy_free(p);
            return usage_error("cannot read '%s'", batch, "eval ");
        }
        long bad = remit_eval_batch(p, in, f, &eo, stdout);
        if (f != stdin)
            fclose(f);
        rc = bad == -2 ? REMIT_EXIT_USAGE : bad ? REMIT_EXIT_INPUT : REMIT_EXIT_OK;
        if (bad < 0)
            remit_render_text(in, stderr);
    } else {
        rc = remit_eval_file(p, in, decision, &eo, stdout);
        if (rc == REMIT_EXIT_INPUT || rc == REMIT_EXIT_USAGE) {
            if (json)
                remit_render_json(in, stdout);
            else {
                remit_render_text(in, stderr);
                fprintf(stderr, "remit: the decision cannot be evaluated: its input has errors\n");
            }
        }
    }
    remit_session_free(in);
    remit_policy_free(p);
    return rc;
}

static int test_path(const char *path, const remit_options *opt, unsigned *passed,
                     unsigned *failed, unsigned *files)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "remit: cannot read '%s'\n", path);
        return REMIT_EXIT_USAGE;
    }
    if (!S_ISDIR(st.st_mode)) {
        (*files)++;
        int rc = remit_test_file(path, opt, stdout, passed, failed);
        /* errors in a test file fail the test they are in (counted there) */
        return rc == REMIT_EXIT_USAGE ? rc : REMIT_EXIT_OK;
    }
    DIR *dir = opendir(path);
    if (!dir) {
        fprintf(stderr, "remit: cannot read the folder '%s'\n", path);
        return REMIT_EXIT_USAGE;
    }
    /* sorted, so that output is the same on every machine */
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(dir))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn)
                break;
            names = nn;
        }
        names[n++] = strdup(e->d_name);
    }
    closedir(dir);
    qsort(names, n, sizeof *names, cmp_str);
    int rc = REMIT_EXIT_OK;
    for (size_t i = 0; i < n; i++) {
        if (!names[i])
            continue;
        char sub[8192];
        size_t pl = strlen(path);
        snprintf(sub, sizeof sub, "%.*s/%s", (int)(pl > 1 && path[pl - 1] == '/' ? pl - 1 : pl), path,
                 names[i]);
        size_t l = strlen(names[i]);
        struct stat ss;
        if (stat(sub, &ss) == 0 && (S_ISDIR(ss.st_mode) ||
                                    (l > 10 && !strcmp(names[i] + l - 10, ".test.yaml")))) {
            int r = test_path(sub, opt, passed, failed, files);
            if (r > rc)
                rc = r;
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

static int cmd_test(int argc, char **argv)
{
    remit_options opt;
    memset(&opt, 0, sizeof opt);
    opt.analyse = 1; /* an unsound scheme must not answer as if it were sound */
    int npaths = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(test_usage, stdout);
            return REMIT_EXIT_OK;
        }
        if (!strcmp(argv[i], "--stdlib")) {
            if (i + 1 >= argc)
                return usage_error("%s needs a value", argv[i], "test ");
            opt.stdlib_dir = argv[++i];
            if (!is_folder(opt.stdlib_dir))
                return usage_error("--stdlib names '%s', which is not a folder", opt.stdlib_dir, "test ");
        } else if (!strcmp(argv[i], "--no-analyses")) {
            opt.analyse = 0;
        } else if (argv[i][0] == '-' && argv[i][1])
            return usage_error("unknown option '%s'", argv[i], "test ");
        else
            npaths++;
    }
    if (!npaths)
        return usage_error("%s", "test needs a test file or a folder", "test ");
    find_installed_stdlib(&opt);
    unsigned passed = 0, failed = 0, files = 0;
    int rc = REMIT_EXIT_OK;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--stdlib")) {
            i++;
            continue;
        }
        if (!strcmp(argv[i], "--no-analyses"))
            continue;
        int r = test_path(argv[i], &opt, &passed, &failed, &files);
        if (r > rc)
            rc = r;
    }
    if (!files && rc == REMIT_EXIT_OK) {
        fprintf(stderr, "remit: no *.test.yaml files found\n");
        rc = REMIT_EXIT_USAGE;
    }
    printf("%u passed, %u failed\n", passed, failed);
    if (rc != REMIT_EXIT_OK)
        return rc;
    return failed ? REMIT_EXIT_POLICY : REMIT_EXIT_OK;
}

/* Graphviz's dot on PATH (an empty entry is the current folder), in buf;
 * false when there is none. */
static bool find_dot(char *buf, size_t n)
{
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/local/bin:/usr/bin:/bin";
    for (const char *d = path;; d++) {
        const char *e = strchr(d, ':');
        size_t l = e ? (size_t)(e - d) : strlen(d);
        struct stat st;
        int k = snprintf(buf, n, "%.*s/dot", l ? (int)l : 1, l ? d : ".");
        if (k > 0 && (size_t)k < n && stat(buf, &st) == 0 && S_ISREG(st.st_mode) &&
            access(buf, X_OK) == 0)
            return true;
        if (!e)
            return false;
        d = e;
    }
}

/* Pipe len bytes of DOT through `dot -Tsvg` into outfd.  dot is run
 * directly, not by a shell, so no file name is ever parsed as a command.
 * Returns REMIT_EXIT_OK, or REMIT_EXIT_USAGE having said why. */
static int run_dot(const char *dot, const char *text, size_t len, int outfd)
{
    int fds[2];
    if (pipe(fds) != 0) {
        fprintf(stderr, "remit: cannot run %s: %s\n", dot, strerror(errno));
        return REMIT_EXIT_USAGE;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "remit: cannot run %s: %s\n", dot, strerror(errno));
        close(fds[0]);
        close(fds[1]);
        return REMIT_EXIT_USAGE;
    }
    if (pid == 0) {
        dup2(fds[0], STDIN_FILENO);
        close(fds[0]);
        close(fds[1]);
        if (outfd != STDOUT_FILENO)
            dup2(outfd, STDOUT_FILENO);
        execl(dot, "dot", "-Tsvg", (char *)NULL);
        _exit(127);
    }
    close(fds[0]);
    void (*old)(int) = signal(SIGPIPE, SIG_IGN); /* dot may stop reading: see its status */
    for (size_t done = 0; done < len;) {
        ssize_t w = write(fds[1], text + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        done += (size_t)w;
    }
    close(fds[1]);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    signal(SIGPIPE, old);
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
        return REMIT_EXIT_OK;
    if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
        fprintf(stderr, "remit: cannot run %s\n", dot);
    else if (WIFEXITED(st))
        fprintf(stderr, "remit: %s failed (exit status %d) drawing the graph\n", dot, WEXITSTATUS(st));
    else
        fprintf(stderr, "remit: %s was stopped by signal %d drawing the graph\n", dot,
                WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    return REMIT_EXIT_USAGE;
}

static int cmd_graph(int argc, char **argv)
{
    remit_options opt;
    memset(&opt, 0, sizeof opt);
    remit_graph_options go = {NULL};
    const char *policy = NULL, *output = NULL;
    int svg = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(graph_usage, stdout);
            return REMIT_EXIT_OK;
        } else if (!strcmp(a, "--format") || !strcmp(a, "--matter") || !strcmp(a, "-o") ||
                   !strcmp(a, "--stdlib") || !strcmp(a, "--root")) {
            if (i + 1 >= argc)
                return usage_error(strcmp(a, "--format") ? "%s needs a value"
                                                         : "%s needs a value: dot or svg",
                                   a, "graph ");
            const char *v = argv[++i];
            if (!strcmp(a, "--format")) {
                if (strcmp(v, "dot") != 0 && strcmp(v, "svg") != 0)
                    return usage_error("unknown format '%s': use dot or svg", v, "graph ");
                svg = !strcmp(v, "svg");
            } else if (!strcmp(a, "--matter"))
                go.matter = v;
            else if (!strcmp(a, "-o"))
                output = v;
            else if (folder_option(&opt, a, v, "graph ") != REMIT_EXIT_OK)
                return REMIT_EXIT_USAGE;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option '%s'", a, "graph ");
        } else if (!policy) {
            policy = a;
        } else {
            return usage_error("unexpected '%s': give one policy", a, "graph ");
        }
    }
    if (!policy)
        return usage_error("%s", "graph needs a policy file", "graph ");
    char dot[4096];
    if (svg && !find_dot(dot, sizeof dot)) {
        fprintf(stderr, "remit: --format svg needs Graphviz's dot, which is not on PATH\n"
                        "  install Graphviz (Debian: apt-get install graphviz), or write DOT with\n"
                        "  --format dot and draw it elsewhere\n");
        return REMIT_EXIT_USAGE;
    }
    find_installed_stdlib(&opt);
    int rc;
    remit_policy *p = compile_policy(&opt, policy, "no graph can be drawn", &rc);
    if (!p)
        return rc;
    /* drawn in memory first: nothing is written unless all of it can be */
    char *text = NULL, why[300] = "";
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    rc = mem ? remit_graph(p, mem, &go, why, sizeof why) : REMIT_EXIT_USAGE;
    if (mem && (fclose(mem) != 0 || !text) && rc == REMIT_EXIT_OK)
        rc = REMIT_EXIT_USAGE;
    remit_policy_free(p);
    if (rc != REMIT_EXIT_OK) {
        fprintf(stderr, "remit: %s\n", *why ? why : "out of memory drawing the graph");
        free(text);
        return rc;
    }
    FILE *out = output ? fopen(output, "w") : stdout;
    if (!out) {
        fprintf(stderr, "remit: cannot write '%s': %s\n", output, strerror(errno));
        free(text);
        return REMIT_EXIT_USAGE;
    }
    if (svg)
        rc = run_dot(dot, text, len, fileno(out));
    else
        fwrite(text, 1, len, out);
    free(text);
    if ((output ? fclose(out) : fflush(out)) != 0 || (!output && ferror(out))) {
        fprintf(stderr, "remit: cannot write '%s'\n", output ? output : "standard output");
        rc = REMIT_EXIT_USAGE;
    }
    if (rc != REMIT_EXIT_OK && output)
        remove(output);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(main_usage, stderr);
        return REMIT_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        fputs(main_usage, stdout);
        return REMIT_EXIT_OK;
    }
    if (!strcmp(cmd, "--version")) {
        printf("remit %s\n", REMIT_VERSION);
        return REMIT_EXIT_OK;
    }
    if (!strcmp(cmd, "help")) {
        if (argc < 3) {
            fputs(main_usage, stdout);
            return REMIT_EXIT_OK;
        }
        if (!strcmp(argv[2], "check")) {
            fputs(check_usage, stdout);
            return REMIT_EXIT_OK;
        }
        if (!strcmp(argv[2], "eval")) {
            fputs(eval_usage, stdout);
            return REMIT_EXIT_OK;
        }
        if (!strcmp(argv[2], "test")) {
            fputs(test_usage, stdout);
            return REMIT_EXIT_OK;
        }
        if (!strcmp(argv[2], "graph")) {
            fputs(graph_usage, stdout);
            return REMIT_EXIT_OK;
        }
        return usage_error("there is no command '%s'", argv[2], "");
    }
    if (!strcmp(cmd, "check"))
        return cmd_check(argc - 2, argv + 2);
    if (!strcmp(cmd, "eval"))
        return cmd_eval(argc - 2, argv + 2);
    if (!strcmp(cmd, "test"))
        return cmd_test(argc - 2, argv + 2);
    if (!strcmp(cmd, "graph"))
        return cmd_graph(argc - 2, argv + 2);
    return usage_error("there is no command '%s'", cmd, "");
}
