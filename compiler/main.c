/*
 * main.c - the `remit` command: a thin layer over libremit.  Parses the
 * command line, runs a subcommand, prints what the library found, and
 * exits with a documented code (README.md, "Exit codes").
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <sys/resource.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <time.h>

#include "remit.h"

/* A command found that standard output could not be written (the errno
 * of the write that failed, as it was when the library returned; EIO
 * when none was left): main says so, once, with the reason */
static int write_failed;
static int write_errno; /* errno as the library call that wrote left it */

/* Exit codes of the `remit` tool, documented in README.md and SPEC 11.6.
 * Stable. */
enum {
    REMIT_EXIT_OK = 0,      /* no errors; for eval: permitted */
    REMIT_EXIT_POLICY = 1,  /* the policy has errors */
    REMIT_EXIT_USAGE = 2,   /* bad command line, or a file could not be read */
    REMIT_EXIT_ESCALATE = 3,     /* eval: the decision must go up */
    REMIT_EXIT_REFUSED = 4,      /* eval: the decision is forbidden */
    REMIT_EXIT_UNDETERMINED = 5, /* eval: a gap in the policy */
    REMIT_EXIT_INPUT = 6         /* eval: the decision (or history) is malformed */
};

/* The exit code of a library status (SPEC 11.6): a policy with errors is
 * 1, an input error 6; what cannot be read or written, memory running
 * out and a bad argument are 2. */
static int exit_of_status(remit_status st)
{
    return st == REMIT_E_INPUT ? REMIT_EXIT_INPUT : st == REMIT_E_POLICY ? REMIT_EXIT_POLICY
         : st == REMIT_OK ? REMIT_EXIT_OK : REMIT_EXIT_USAGE;
}

static const char *const main_usage =
    "usage: remit <command> [options] [files]\n"
    "\n"
    "Remit checks governance policies: schemes of delegation, reservations,\n"
    "escalation, conflicts of interest, quorum and crisis protocols.\n"
    "\n"
    "commands:\n"
    "  check     check policies for errors and print what is wrong\n"
    "  eval      evaluate a proposed decision against a policy\n"
    "  who       list every holder that could take a decision\n"
    "  test      run a policy's tests (FILE.test.yaml files)\n"
    "  graph     draw who may decide what, as a Graphviz graph (DOT or SVG)\n"
    "  doc       write the scheme of reservation and delegation (HTML or PDF)\n"
    "  diff      say which decisions two versions of a policy answer differently\n"
    "  audit     replay a ledger of decisions taken and report every breach\n"
    "  merge     merge the reports of the shards of one audit\n"
    "  stress    run scenarios of absences, vacancies, conflicts and incidents\n"
    "  fmt       lay out policy files in Remit's one layout\n"
    "  lsp       serve the Language Server Protocol, for editors\n"
    "  help      show help for a command: remit help check\n"
    "\n"
    "options:\n"
    "  --help     show this help\n"
    "  --version  show the version\n"
    "\n"
    "exit codes: 0 no errors, 1 the policy has errors, 2 usage or unreadable file\n";

static const char *const check_usage =
    "usage: remit check [options] PATH...\n"
    "       remit check --emit json [options] FILE\n"
    "\n"
    "Read each policy FILE and everything it uses, and report every syntax,\n"
    "name and type error, each with its file:line:column and a hint.  A\n"
    "folder is searched, with its folders, for *.remit files, in name order.\n"
    "\n"
    "options:\n"
    "  --format FORMAT     how to print findings: text (default); json, one\n"
    "                      remit.diagnostics/1 document for every FILE; sarif,\n"
    "                      one SARIF 2.1.0 log (for code scanning); github,\n"
    "                      GitHub Actions annotations (SPEC 9.1.1)\n"
    "  --emit json         write the checked policy as one JSON document\n"
    "                      (remit.policy/1, SPEC 11.9) instead of findings;\n"
    "                      one FILE; a policy with errors is not written\n"
    "  --deny-warnings     treat warnings as errors (exit 1)\n"
    "  --no-analyses       check the policy's form only, not the analyses of the\n"
    "                      whole scheme (SPEC 8.2)\n"
    "  --notes             also give the analyses' notes, e.g. how many absences\n"
    "                      each body's quorum can take (SPEC 8.2.3)\n"
    "  --register FILE     also read this register against the policy and report\n"
    "                      interests declared late (SPEC 8.3)\n"
    "  --on DATE           with --register: also interests not declared by DATE,\n"
    "                      and people with a role but no declaration of\n"
    "                      interests that financial year\n"
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
    "  --calendar FILE     the dates bodies meet, for obligations due at their\n"
    "                      next meeting (YAML or JSON)\n"
    "  --batch [FILE]      one JSON decision per line of FILE (default: standard\n"
    "                      input); one JSON result per line, in order; a bad\n"
    "                      line gives an error record and the rest go on\n"
    "  --why-not           for a decision not permitted, also say what would\n"
    "                      make it so: more signatures, a lower amount, another\n"
    "                      decider (each checked by evaluating the change)\n"
    "  --stdlib DIR        where `use nhs.x` finds the standard library\n"
    "  --root DIR          the folder that `use \"file\"` may not leave\n"
    "  --no-analyses       evaluate even when the analyses of the whole scheme\n"
    "                      find it unsound (for tools and tests: its answers\n"
    "                      are not to be trusted)\n"
    "  --help              show this help\n"
    "\n"
    "exit codes: 0 permitted, 3 escalate, 4 refused, 5 undetermined,\n"
    "6 the decision, history, register or calendar is malformed, 1 the policy has errors,\n"
    "2 usage or unreadable file.  With --batch: 0 when every line was read,\n"
    "6 when any line was malformed.\n";

static const char *const who_usage =
    "usage: remit who [options] POLICY DECISION\n"
    "\n"
    "Check POLICY, then list every holder that could take the decision in\n"
    "DECISION (YAML or JSON; its decider may be left out, and is set aside if\n"
    "given), lowest first, each with its chain of authority, the co-signatures\n"
    "it would need beyond those the decision names, and the obligations that\n"
    "would follow.  Each holder listed has been evaluated as the decider; see\n"
    "SPEC.md 7.16.\n"
    "\n"
    "options:\n"
    "  --format text|json  how to print the answer (default: text)\n"
    "  --history FILE, --register FILE, --calendar FILE, --stdlib DIR,\n"
    "  --root DIR, --no-analyses\n"
    "                      as for remit eval\n"
    "  --help              show this help\n"
    "\n"
    "exit codes: 0 some holder can take it, 5 no holder can, 6 the decision,\n"
    "history, register or calendar is malformed, 1 the policy has errors,\n"
    "2 usage or unreadable file.\n";

static const char *const test_usage =
    "usage: remit test [options] PATH...\n"
    "\n"
    "Run the tests in each PATH: a test file (YAML, conventionally NAME.test.yaml\n"
    "beside NAME.remit), or a folder, searched for *.test.yaml files.  Each test\n"
    "gives a decision and the outcome expected; see SPEC.md 7.13.\n"
    "\n"
    "options:\n"
    "  --format FORMAT  text (default): a line per test and a closing line\n"
    "                 \"N passed, N failed\"; json, one remit.test/1 document;\n"
    "                 junit, JUnit XML for CI; sarif, one SARIF 2.1.0 log;\n"
    "                 github, GitHub Actions annotations (SPEC 7.13.1)\n"
    "  --name PATTERN only the tests whose names match PATTERN, a name or a\n"
    "                 shell pattern such as 'spend*' (no match: exit 2)\n"
    "  --coverage     after the results, what of each policy the tests reach\n"
    "                 (SPEC 7.13.2): the rules they exercise, the thresholds\n"
    "                 they test at, just below and just above, the quorum and\n"
    "                 conflicts paths and protocol states; a summary a policy\n"
    "                 and each point not reached, as FILE:LINE:COL\n"
    "  --coverage-min PCT  with --coverage: fail (exit 1) when the tests reach\n"
    "                 less than PCT percent of the points, 0 to 100 (80, 87.5)\n"
    "  --stdlib DIR   where `use nhs.x` finds the standard library\n"
    "  --no-analyses  run the tests even of a policy the analyses find unsound\n"
    "  --help         show this help\n"
    "\n"
    "exit codes: 0 every test passed, 1 a test failed, a policy has errors or\n"
    "coverage is below --coverage-min, 2 usage or unreadable file.\n";

static const char *const diff_usage =
    "usage: remit diff [options] OLD NEW\n"
    "\n"
    "Compare two versions of a policy: every region of decisions (matter,\n"
    "decider, a range of its amount, values of its other fields) that they\n"
    "answer differently, each with a decision evaluated under both, and what\n"
    "changed in the scheme's structure (holders, members, quorum, matters,\n"
    "fields, context values, crisis protocols).  SPEC 11.10.\n"
    "\n"
    "options:\n"
    "  --format FORMAT  text (default); json, one remit.diff/1 document;\n"
    "                 markdown, a pull-request comment; sarif, one SARIF 2.1.0\n"
    "                 log; github, GitHub Actions annotations\n"
    "  --fail-on any|widened  exit 1 when anything changes (any, the default),\n"
    "                 or only when a decision is permitted now that was not\n"
    "                 before (widened: authority was widened)\n"
    "  --stdlib DIR   where `use nhs.x` finds the standard library\n"
    "  --help         show this help\n"
    "\n"
    "exit codes: 0 nothing to fail on, 1 a change to fail on, 2 usage, an\n"
    "unreadable file, or a policy with errors.\n";

static const char *const audit_usage =
    "usage: remit audit [options] POLICY --history LEDGER\n"
    "\n"
    "Replay a ledger of decisions taken (JSON Lines, CSV, a JSON list or\n"
    "YAML, oldest first), each evaluated with the ledger before it, and report every\n"
    "breach: taken without authority, or without a co-signature it needed;\n"
    "split so that each part stays under a limit or a co-signature that\n"
    "together they reach; ratified or reported late, or not at all; an\n"
    "interest declared late.  SPEC 7.18.\n"
    "\n"
    "options:\n"
    "  --history LEDGER   the ledger (required)\n"
    "  --register FILE    the register of people, roles and interests\n"
    "  --calendar FILE    the dates bodies meet (deadlines at a meeting)\n"
    "  --format FORMAT    text (default), or json: one remit.audit/1 document\n"
    "  --split-within N   look for splits among decisions within N days (30);\n"
    "                     none: do not look for splits\n"
    "  --as-of DATE       the day deadlines are judged on (the ledger's last)\n"
    "  --shard I/N        audit shard I of N of the lines (each group's in one\n"
    "                     shard), as JSON for `remit merge`\n"
    "  --root DIR         the policy root\n"
    "  --stdlib DIR       where `use nhs.x` finds the standard library\n"
    "  --help             show this help\n"
    "\n"
    "exit codes: 0 no breach, 1 breaches found, 2 usage, an unreadable file or\n"
    "a policy with errors, 6 a ledger, register or calendar with faults (nothing\n"
    "audited), or lines that are no decision (the others audited).\n";

static const char *const merge_usage =
    "usage: remit merge [--format json|text|html] SHARD...\n"
    "\n"
    "Merge the JSON reports of the shards of one audit (remit audit --format\n"
    "json --shard I/N, for I from 1 to N) or of one stress run (remit stress\n"
    "--format json --scenarios N --shard I/N) into the report the whole run\n"
    "writes, byte for byte, on standard output.  SPEC 7.18, 7.19.\n"
    "\n"
    "options:\n"
    "  --format FORMAT    json (default); for a stress run, text or html too:\n"
    "                     its report as remit stress writes it in that format\n"
    "  --help             show this help\n"
    "\n"
    "exit codes: 0 no breach or failure, 1 breaches or failures found, 2 usage\n"
    "or an unreadable file, 6 reports that are not the shards of one run, or\n"
    "(an audit's) lines that are no decision.\n";

static const char *const stress_usage =
    "usage: remit stress [options] POLICY SCENARIO...\n"
    "\n"
    "Run scenario files against a policy: who is away, which posts are vacant,\n"
    "the interests declared, incident levels over a period, when bodies meet,\n"
    "and a stream of decisions, each followed as the scheme would take it.\n"
    "Reports quorum failures (and who would have made each meeting quorate),\n"
    "decisions with no route or not taken in the period, escalations that\n"
    "reach the top, days to decision, crisis powers used and not ratified in\n"
    "time, reports and ratifications missed.  SPEC 7.19.\n"
    "\n"
    "options:\n"
    "  --scenarios N      run each file N times, varied as its random: block\n"
    "                     says (without it: once, as written)\n"
    "  --seed S           the seed of the variations (0); the same seed gives\n"
    "                     the same report\n"
    "  --register FILE    the register, for files that name none\n"
    "  --calendar FILE    the dates bodies meet, for files that give none\n"
    "  --format FORMAT    text (default); json: one remit.stress/1 document;\n"
    "                     html: one self-contained page with charts\n"
    "  --shard I/N        make shard I of N of the runs (runs I, I+N, I+2N...),\n"
    "                     as JSON for `remit merge`; needs --scenarios\n"
    "  --root DIR         the policy root\n"
    "  --stdlib DIR       where `use nhs.x` finds the standard library\n"
    "  --help             show this help\n"
    "\n"
    "exit codes: 0 nothing failed, 1 failures found, 2 usage, an unreadable\n"
    "file or a policy with errors, 6 a scenario, register or calendar with\n"
    "faults, or a decision it makes that cannot be read.\n";

static const char *const graph_usage =
    "usage: remit graph [options] POLICY\n"
    "\n"
    "Check POLICY, then draw its delegation and escalation structure as one\n"
    "Graphviz graph: a panel for each matter, one under the other, its tiers\n"
    "as bands from the top tier down, bodies (boxes) and roles (ellipses) with\n"
    "their reservations (a double border), limits, quorum and conflicts rules,\n"
    "delegations with their limits in figures, escalations dashed, reporting\n"
    "lines green, crisis grants dotted from their protocol, what binds every\n"
    "decision in a note, and a key to the lines.\n"
    "\n"
    "options:\n"
    "  --matter NAME      draw this matter alone (a picture for board papers)\n"
    "  --format dot|svg   DOT text (default), or SVG drawn by Graphviz's dot,\n"
    "                     which must be on PATH (Debian: apt-get install graphviz)\n"
    "  -o FILE            write to FILE instead of standard output\n"
    "  --stdlib DIR       where `use nhs.x` finds the standard library\n"
    "  --root DIR         the folder that `use \"file\"` may not leave\n"
    "  --help             show this help\n"
    "\n"
    "example: remit graph --matter spend examples/icb-scheme.remit | dot -Tpng > spend.png\n"
    "\n"
    "exit codes: 0 drawn, 1 the policy has errors, 2 usage, unreadable file,\n"
    "unknown matter, or (svg) dot missing or failing\n";

static const char *const doc_usage =
    "usage: remit doc [options] POLICY\n"
    "\n"
    "Check POLICY, then write it as the scheme of reservation and delegation a\n"
    "board publishes: for each matter a table of what is reserved to whom and\n"
    "delegated to whom, with limits and conditions in figures, co-signatures,\n"
    "cumulative limits and reporting duties; the bodies with their membership\n"
    "and quorum; the conflicts rules; the crisis protocols. Every row cites the\n"
    "file and line that says it.\n"
    "\n"
    "options:\n"
    "  --format html|pdf  one self-contained HTML page (default), or PDF printed\n"
    "                     by headless Chromium, which must be on PATH (Debian:\n"
    "                     apt-get install chromium)\n"
    "  -o FILE            write to FILE instead of standard output\n"
    "  --stdlib DIR       where `use nhs.x` finds the standard library\n"
    "  --root DIR         the folder that `use \"file\"` may not leave\n"
    "  --help             show this help\n"
    "\n"
    "example: remit doc examples/icb-scheme.remit -o icb-scheme.html\n"
    "\n"
    "exit codes: 0 written, 1 the policy has errors, 2 usage, unreadable file,\n"
    "output that cannot be written, or (pdf) Chromium missing or failing\n";

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
    remit_fprintf_escaped(stderr, fmt, arg); /* one line: the argument escaped */
    fprintf(stderr, "\nrun 'remit %s--help' for usage\n", cmd); /* cmd is ours */
    return REMIT_EXIT_USAGE;
}

/* Set *slot to v for the option a, unless it was given already: an
 * option given twice is a usage error, never the last one silently
 * winning.  REMIT_EXIT_OK when set. */
static int set_once(const char **slot, const char *a, const char *v, const char *cmd)
{
    if (*slot)
        return usage_error("%s is given twice: give it once", a, cmd);
    *slot = v;
    return REMIT_EXIT_OK;
}

/* --stdlib DIR or --root DIR (option a, value v): set in opt, or a usage
 * error when v is not a folder or the option was given already;
 * REMIT_EXIT_OK when set. */
static int folder_option(remit_options *opt, const char *a, const char *v, const char *cmd)
{
    if (strcmp(a, "--stdlib") ? opt->root_dir != NULL : opt->stdlib_dir != NULL)
        return usage_error("%s is given twice: give it once", a, cmd);
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

/* Where a command writes: standard output, or (-o FILE) a new file
 * beside FILE that takes its place only when all of it is written, so a
 * failed write never leaves FILE half written or gone.  A FILE that is a
 * link is written through: the file it leads to is replaced.  Where no
 * new file can be made beside it (a folder not ours, a name too long),
 * and for a device or a pipe, FILE is written directly. */
typedef struct out_file {
    FILE *f;
    const char *path; /* NULL: standard output */
    char *real;       /* the file a link leads to, or NULL */
    char *tmp;        /* the file being written, renamed to path at the end */
} out_file;

static bool out_direct(out_file *o)
{
    if (!(o->f = fopen(o->path, "w"))) {
        remit_fprintf_escaped(stderr, "remit: cannot write '%s': %s\n", o->path, strerror(errno));
        return false;
    }
    return true;
}

static bool out_open(out_file *o, const char *path)
{
    memset(o, 0, sizeof o[0]);
    o->f = stdout;
    o->path = path;
    if (!path)
        return true;
    struct stat st;
    bool exists = stat(path, &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) {
        remit_fprintf_escaped(stderr, "remit: cannot write '%s': it is a folder\n", path);
        return false;
    }
    if (exists && !S_ISREG(st.st_mode))
        return out_direct(o); /* a device or a pipe: nothing to replace */
    struct stat lst;
    const char *target = path;
    if (exists && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode) && (o->real = realpath(path, NULL)))
        target = o->real;
    size_t n = strlen(target);
    if (!(o->tmp = malloc(n + 16))) {
        fprintf(stderr, "remit: out of memory\n");
        free(o->real);
        return false;
    }
    snprintf(o->tmp, n + 16, "%s.remit-XXXXXX", target);
    int fd = mkstemp(o->tmp);
    if (fd < 0 || !(o->f = fdopen(fd, "w"))) {
        if (fd >= 0) {
            close(fd);
            remove(o->tmp);
        }
        free(o->tmp);
        o->tmp = NULL;
        return out_direct(o);
    }
    /* the new file takes the old one's mode and owner; a new name gets
     * what a new file gets (mkstemp's is 0600) */
    if (exists) {
        fchmod(fd, st.st_mode & 07777);
        if (fchown(fd, st.st_uid, st.st_gid) != 0) {
            /* not ours to give: the file stays the writer's */
        }
    } else {
        mode_t um = umask(0);
        umask(um);
        fchmod(fd, 0666 & ~um);
    }
    return true;
}

/* Finish writing: keep what was written when ok and every byte was
 * written; false (having said why) when a write failed. */
static bool out_close(out_file *o, bool ok)
{
    bool written = !ferror(o->f);
    int e = written ? 0 : errno;
    if ((o->path ? fclose(o->f) : fflush(o->f)) != 0 && written) {
        written = false;
        e = errno;
    }
    if (o->tmp) {
        if (ok && written && rename(o->tmp, o->real ? o->real : o->path) != 0) {
            e = errno;
            written = false;
        }
        if (!ok || !written)
            remove(o->tmp);
        free(o->tmp);
    }
    free(o->real);
    if (!written) {
        remit_fprintf_escaped(stderr, "remit: cannot write '%s'%s%s\n", o->path ? o->path : "standard output",
                              e ? ": " : "", e ? strerror(e) : "");
        if (!o->path)
            clearerr(stdout); /* said once: main need not say it again */
    }
    return written;
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
    remit_status st = remit_check_file(s, file);
    if (st != REMIT_OK || remit_error_count(s)) {
        remit_render_text(s, stderr);
        remit_fprintf_escaped(stderr, "%s: the policy has errors, so it cannot be exported\n", file);
        remit_session_free(s);
        return st != REMIT_OK ? exit_of_status(st) : REMIT_EXIT_POLICY;
    }
    /* written in memory first: nothing is written unless all of it can be */
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    st = mem ? remit_export_json(s, mem) : REMIT_E_NOMEM;
    if (mem && (fclose(mem) != 0 || !text) && st == REMIT_OK)
        st = REMIT_E_NOMEM;
    remit_session_free(s);
    if (st != REMIT_OK) {
        remit_fprintf_escaped(stderr, "remit: out of memory exporting %s\n", file);
        free(text);
        return exit_of_status(st);
    }
    out_file o;
    out_open(&o, NULL);
    fwrite(text, 1, len, stdout);
    free(text);
    return out_close(&o, true) ? REMIT_EXIT_OK : REMIT_EXIT_USAGE;
}

static char **check_paths(char *const *paths, int npaths, int *n, int *rc);
static char **policy_paths(char **files, int *nfiles, int *walked);
static void free_paths(char **v, int n);

static int cmd_check(int argc, char **argv)
{
    remit_options opt;
    memset(&opt, 0, sizeof opt);
    opt.analyse = 1; /* what check is for; --no-analyses checks form alone */
    int json = 0, stats = 0, nfiles = 0, emit = 0, format_given = 0, no_analyses = 0;
    enum { F_TEXT, F_JSON, F_SARIF, F_GITHUB } format = F_TEXT;
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
                return usage_error("%s needs a value: text, json, sarif or github", a, "check ");
            }
            const char *v = argv[++i];
            if (format_given++) {
                free(files);
                return usage_error("%s is given twice: give it once", a, "check ");
            }
            if (!strcmp(v, "json"))
                format = F_JSON;
            else if (!strcmp(v, "sarif"))
                format = F_SARIF;
            else if (!strcmp(v, "github"))
                format = F_GITHUB;
            else if (strcmp(v, "text") != 0) {
                free(files);
                return usage_error("unknown format '%s': use text, json, sarif or github", v, "check ");
            }
            json = format == F_JSON || format == F_SARIF; /* one document for every file, at the end */
        } else if (!strcmp(a, "--emit")) {
            if (i + 1 >= argc) {
                free(files);
                return usage_error("%s needs a value: json", a, "check ");
            }
            const char *v = argv[++i];
            if (emit || strcmp(v, "json") != 0) {
                free(files);
                return usage_error(emit ? "%s is given twice: give it once"
                                        : "unknown export '%s': the policy is exported as json only",
                                   emit ? a : v, "check ");
            }
            emit = 1;
        } else if (!strcmp(a, "--deny-warnings") || !strcmp(a, "--no-analyses") || !strcmp(a, "--notes") ||
                   !strcmp(a, "--stats")) {
            int *flag = !strcmp(a, "--deny-warnings") ? &opt.deny_warnings : !strcmp(a, "--notes") ? &opt.notes
                      : !strcmp(a, "--stats") ? &stats : &no_analyses;
            if ((*flag)++) {
                free(files);
                return usage_error("%s is given twice: give it once", a, "check ");
            }
            opt.analyse = !no_analyses;
        } else if (!strcmp(a, "--register") || !strcmp(a, "--on")) {
            if (i + 1 >= argc) {
                free(files);
                return usage_error("%s needs a value", a, "check ");
            }
            const char *v = argv[++i], **slot = !strcmp(a, "--on") ? &opt.register_on : &opt.register_file;
            if (*slot) {
                free(files);
                return usage_error("%s is given twice: give it once", a, "check ");
            }
            *slot = v; /* a date that is none: R0104 from the check, exit 2 */
        } else if (!strcmp(a, "--stdlib") || !strcmp(a, "--root") || !strcmp(a, "--max-errors")) {
            if (i + 1 >= argc) {
                free(files);
                return usage_error("%s needs a value", a, "check ");
            }
            const char *v = argv[++i];
            if (strcmp(a, "--max-errors") != 0) {
                if (folder_option(&opt, a, v, "check ") != REMIT_EXIT_OK) {
                    free(files);
                    return REMIT_EXIT_USAGE;
                }
                continue;
            }
            char *end;
            long n = strtol(v, &end, 10);
            if (opt.max_errors || *end || n < 1 || n > 100000) {
                free(files);
                return usage_error(opt.max_errors ? "%s is given twice: give it once"
                                                  : "--max-errors takes a number from 1 to 100000, not '%s'",
                                   opt.max_errors ? a : v, "check ");
            }
            opt.max_errors = (unsigned)n;
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
    if (opt.register_on && !opt.register_file) {
        free(files);
        return usage_error("%s", "--on is the day to check a register on: give the register with --register",
                           "check ");
    }
    if (opt.notes && !opt.analyse) {
        free(files);
        return usage_error("%s", "--notes are the analyses' notes, so they do not go with --no-analyses",
                           "check ");
    }
    if (emit && is_folder(files[0])) {
        free(files);
        return usage_error("%s", "--emit json takes a policy file, not a folder", "check ");
    }
    /* a folder given is searched for its policies (*.remit) */
    int walked;
    if (!(files = policy_paths(files, &nfiles, &walked)))
        return REMIT_EXIT_USAGE;
    rc = walked;
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
        free_paths(files, nfiles);
        return r;
    }
    /* JSON and SARIF: one document for every file, written when all are
     * checked (their sessions kept until then) */
    remit_session **kept = json ? calloc((size_t)nfiles, sizeof *kept) : NULL;
    if (json && !kept) {
        fprintf(stderr, "remit: out of memory\n");
        free_paths(files, nfiles);
        return REMIT_EXIT_USAGE;
    }
    for (int f = 0; f < nfiles; f++) {
        double t0 = now_seconds();
        remit_session *s = remit_session_new(&opt);
        if (!s) {
            fprintf(stderr, "remit: out of memory\n");
            for (int k = 0; json && k < f; k++)
                remit_session_free(kept[k]);
            free(kept);
            free_paths(files, nfiles);
            return REMIT_EXIT_USAGE;
        }
        remit_status st = remit_check_file(s, files[f]);
        int r = exit_of_status(st);
        double dt = now_seconds() - t0;
        if (format == F_GITHUB)
            remit_render_github(s, stdout);
        else if (!json) {
            remit_render_text(s, stdout);
            size_t ne = remit_error_count(s), nw = remit_warning_count(s);
            if (r == REMIT_EXIT_OK && !ne && !nw)
                remit_fprintf_escaped(stdout, "%s: ok\n", files[f]);
            else if (r != REMIT_EXIT_USAGE)
                remit_fprintf_escaped(stdout, "%s: %zu error%s, %zu warning%s\n", files[f], ne, ne == 1 ? "" : "s", nw,
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
        if (json)
            kept[f] = s;
        else
            remit_session_free(s);
        if (r > rc)
            rc = r;
    }
    if (format == F_JSON)
        remit_render_json_many((const remit_session *const *)kept, (size_t)nfiles, stdout);
    else if (format == F_SARIF)
        remit_render_sarif((const remit_session *const *)kept, (size_t)nfiles, stdout);
    for (int f = 0; json && f < nfiles; f++)
        remit_session_free(kept[f]);
    free(kept);
    free_paths(files, nfiles);
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

/* Would -o output write over the policy s has read from `policy`, or a
 * file it uses?  Then say so (being: what the policy is to the command,
 * "the policy being drawn"; what: what it writes, "the graph") and true. */
static bool writes_over(const remit_session *s, const char *output, const char *policy, const char *being,
                        const char *what)
{
    if (!output || !remit_session_has_read(s, output))
        return false;
    struct stat a, b;
    bool same = stat(output, &a) == 0 && stat(policy, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
    remit_fprintf_escaped(stderr, "remit: -o '%s' is %s: %s would be written over it\n", output,
                          same ? being : "a file the policy uses", what);
    fputs("  name another file to write to\n", stderr);
    return true;
}

/* Check POLICY (its form, not the analyses) and compile it.  NULL, with
 * *rc the exit code and the diagnostics printed to stderr (with json, as
 * one remit.diagnostics/1 document to stdout), when it has errors, cannot
 * be read or memory runs out; `what` says what cannot then be done ("no
 * decision can be evaluated"). */
static remit_policy *compile_policy(const remit_options *opt, const char *policy, const char *what,
                                    const char *output, bool json, int *rc)
{
    remit_session *s = remit_session_new(opt);
    *rc = REMIT_EXIT_USAGE;
    if (!s)
        return NULL;
    *rc = exit_of_status(remit_check_file(s, policy));
    if (*rc != REMIT_EXIT_OK) {
        if (json)
            remit_render_json(s, stdout);
        else
            remit_render_text(s, stderr);
        remit_fprintf_escaped(stderr, "%s: the policy has errors, so %s\n", policy, what);
        remit_session_free(s);
        return NULL;
    }
    if (writes_over(s, output, policy, "the policy being drawn", "the graph")) {
        remit_session_free(s);
        *rc = REMIT_EXIT_USAGE;
        return NULL;
    }
    remit_policy *p = remit_compile(s);
    remit_session_free(s);
    if (!p) {
        remit_fprintf_escaped(stderr, "remit: out of memory compiling %s\n", policy);
        *rc = REMIT_EXIT_USAGE;
    }
    return p;
}

/* `remit eval POLICY DECISION`: through the in-memory API, as any program
 * embedding Remit would: the register and history into a context, the
 * decision file evaluated, the outcome rendered.  Input errors go to
 * standard error as text (or standard output as JSON). */
/* The files beside a decision: --register, --history, --calendar. */
typedef struct eval_files {
    const char *reg, *history, *calendar;
} eval_files;

/* A context of the files given, in *ctx (NULL when none is given);
 * REMIT_OK, or what remit_context_open returned, with *diags. */
static remit_status load_context(const remit_policy *p, const eval_files *x, remit_context **ctx,
                                 remit_session **diags)
{
    *ctx = NULL;
    *diags = NULL;
    if (!x->reg && !x->history && !x->calendar)
        return REMIT_OK;
    remit_input rin = {x->reg, NULL, NULL, 0}, hin = {x->history, NULL, NULL, 0},
                cin = {x->calendar, NULL, NULL, 0};
    remit_context_files f;
    remit_context_files_init(&f);
    f.register_file = x->reg ? &rin : NULL;
    f.history = x->history ? &hin : NULL;
    f.calendar = x->calendar ? &cin : NULL;
    return remit_context_open(p, &f, ctx, diags);
}

/* `remit who POLICY DECISION`: the answer of remit_who_can, or exit 5
 * when no holder can take it. */
static int who_answer(remit_evaluator *e, const remit_input *din, int json, remit_status *st)
{
    const remit_who *w = NULL;
    if ((*st = remit_who_can(e, din, &w)) != REMIT_OK)
        return exit_of_status(*st);
    size_t n;
    const char *text = json ? remit_who_json(w, &n) : remit_who_text(w, &n);
    if (!text) {
        fprintf(stderr, "remit: out of memory writing the answer\n");
        return REMIT_EXIT_USAGE;
    }
    fwrite(text, 1, n, stdout);
    return remit_who_count(w) ? REMIT_EXIT_OK : REMIT_EXIT_UNDETERMINED;
}

static int eval_one(const remit_policy *p, const char *decision, const eval_files *x, int json, bool who,
                    bool why_not)
{
    remit_input din = {decision, NULL, NULL, 0};
    remit_context *ctx = NULL;
    remit_evaluator *e = NULL;
    remit_session *diags = NULL;
    const remit_session *why = NULL;
    const remit_outcome *o = NULL;
    remit_status st = load_context(p, x, &ctx, &diags);
    why = diags;
    int rc = REMIT_EXIT_USAGE;
    if (st == REMIT_OK && (st = remit_evaluator_new(p, ctx, &e)) == REMIT_OK) {
        if (who)
            rc = who_answer(e, &din, json, &st);
        else if (why_not)
            st = remit_evaluate_why_not(e, &din, &o);
        else
            st = remit_evaluate_input(e, &din, &o);
        why = remit_evaluator_diagnostics(e);
    }
    if (st == REMIT_OK && who) {
        ; /* answered */
    } else if (st == REMIT_OK) {
        static const int exit_of[] = {REMIT_EXIT_OK, REMIT_EXIT_ESCALATE, REMIT_EXIT_REFUSED,
                                      REMIT_EXIT_UNDETERMINED};
        size_t n;
        const char *text = json ? remit_outcome_json(o, &n) : remit_outcome_text(o, &n);
        if (text) {
            fwrite(text, 1, n, stdout);
            rc = exit_of[remit_outcome_kind_of(o)];
        } else {
            fprintf(stderr, "remit: out of memory writing the outcome\n");
            rc = REMIT_EXIT_USAGE;
        }
    } else {
        rc = exit_of_status(st);
        if (!why)
            fprintf(stderr, "remit: %s\n", remit_status_text(st));
        else if (json)
            remit_render_json(why, stdout);
        else {
            remit_render_text(why, stderr);
            fprintf(stderr, "remit: the decision cannot be evaluated: its input has errors\n");
        }
    }
    remit_evaluator_free(e);
    remit_context_free(ctx);
    remit_session_free(diags);
    return rc;
}

/* `remit eval --batch POLICY [FILE]`: through the in-memory API too: the
 * register and history into a context, the batch read from FILE (or
 * standard input) by an evaluator, its records to standard output. */
#define BATCH_BUFFER (1u << 16)

static int eval_batch(const remit_policy *p, const char *batch, const eval_files *x)
{
    FILE *f = stdin;
    if (batch && strcmp(batch, "-") != 0 && (is_folder(batch) || !(f = fopen(batch, "r")))) {
        if (is_folder(batch))
            remit_fprintf_escaped(stderr, "error[R0301]: the batch '%s' is a folder, not a file of "
                                          "decisions\n", batch);
        else {
            remit_fprintf_escaped(stderr, "error[R0301]: cannot read the batch '%s': %s\n", batch,
                                  strerror(errno));
            fputs("  hint: check the file name, that the file exists and that you may read it\n", stderr);
        }
        return REMIT_EXIT_USAGE;
    }
    remit_context *ctx = NULL;
    remit_evaluator *e = NULL;
    remit_session *diags = NULL;
    size_t bad = 0;
    remit_status st = load_context(p, x, &ctx, &diags);
    const remit_session *why = diags;
    /* Large buffers, set before either stream is used: a batch of a
     * million lines is read and written in a few thousand pieces, not
     * 4 KiB at a time.  The batch writes its records out whenever it has
     * answered every line read so far (7.12). */
    static char inbuf[BATCH_BUFFER], outbuf[BATCH_BUFFER];
    setvbuf(f, inbuf, _IOFBF, sizeof inbuf);
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    if (st == REMIT_OK && (st = remit_evaluator_new(p, ctx, &e)) == REMIT_OK) {
        st = remit_evaluate_batch_named(e, f == stdin ? "<stdin>" : batch, f, stdout, &bad);
        why = remit_evaluator_diagnostics(e);
    }
    if (f != stdin)
        fclose(f);
    int rc = st == REMIT_OK ? (bad ? REMIT_EXIT_INPUT : REMIT_EXIT_OK) : exit_of_status(st);
    if (st != REMIT_OK) {
        if (why)
            remit_render_text(why, stderr);
        else
            fprintf(stderr, "remit: %s\n", remit_status_text(st));
        clearerr(stdout); /* a failed write is among what was said (R0015) */
    }
    remit_evaluator_free(e);
    remit_context_free(ctx);
    remit_session_free(diags);
    return rc;
}

/* `remit eval` and `remit who` (who: no --batch; cmd: the command's
 * name and a space, for messages). */
static int cmd_decide(int argc, char **argv, bool who)
{
    const char *cmd = who ? "who " : "eval ";
    remit_options opt;
    memset(&opt, 0, sizeof opt);
    opt.analyse = 1; /* an unsound scheme must not answer as if it were sound */
    const char *policy = NULL, *decision = NULL, *batch = NULL, *format = NULL;
    eval_files x = {NULL, NULL, NULL};
    int json = 0, is_batch = 0, decision_after_batch = 0;
    bool why_not = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(who ? who_usage : eval_usage, stdout);
            return REMIT_EXIT_OK;
        } else if (!strcmp(a, "--format")) {
            if (i + 1 >= argc)
                return usage_error("%s needs a value: text or json", a, cmd);
            const char *v = argv[++i];
            if (set_once(&format, a, v, cmd) != REMIT_EXIT_OK)
                return REMIT_EXIT_USAGE;
            if (!strcmp(v, "json"))
                json = 1;
            else if (strcmp(v, "text") != 0)
                return usage_error("unknown format '%s': use text or json", v, cmd);
        } else if (!strcmp(a, "--batch") && !who) {
            if (is_batch++)
                return usage_error("%s is given twice: give it once", a, cmd);
            /* the file may follow, or be the argument after the policy */
            if (i + 1 < argc && argv[i + 1][0] != '-' && policy)
                batch = argv[++i];
            else if (i + 1 < argc && !strcmp(argv[i + 1], "-"))
                batch = argv[++i];
        } else if (!strcmp(a, "--history") || !strcmp(a, "--stdlib") || !strcmp(a, "--root") ||
                   !strcmp(a, "--register") || !strcmp(a, "--calendar")) {
            if (i + 1 >= argc)
                return usage_error("%s needs a value", a, cmd);
            const char *v = argv[++i];
            if (!strcmp(a, "--register") || !strcmp(a, "--history") || !strcmp(a, "--calendar")) {
                const char **to = !strcmp(a, "--register") ? &x.reg : !strcmp(a, "--history") ? &x.history
                                                                                                : &x.calendar;
                if (set_once(to, a, v, cmd) != REMIT_EXIT_OK)
                    return REMIT_EXIT_USAGE;
            } else if (folder_option(&opt, a, v, cmd) != REMIT_EXIT_OK)
                return REMIT_EXIT_USAGE;
        } else if (!strcmp(a, "--why-not") && !who) {
            if (why_not)
                return usage_error("%s is given twice: give it once", a, cmd);
            why_not = true;
        } else if (!strcmp(a, "--no-analyses")) {
            if (!opt.analyse)
                return usage_error("%s is given twice: give it once", a, cmd);
            opt.analyse = 0;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option '%s'", a, cmd);
        } else if (!policy) {
            policy = a;
        } else if (!decision && !batch) {
            decision = a; /* or, after --batch, the batch file: sorted out below */
            decision_after_batch = is_batch;
        } else {
            return usage_error("unexpected '%s': give one policy and one decision (or --batch FILE)",
                               a, cmd);
        }
    }
    if (is_batch && decision && !batch && decision_after_batch) {
        batch = decision; /* remit eval --batch POLICY FILE */
        decision = NULL;
    }
    if (is_batch && format && !json)
        return usage_error("%s", "--format text does not go with --batch: a batch's results are "
                                 "always JSON Lines", cmd);
    if (is_batch && why_not)
        return usage_error("%s", "--why-not does not go with --batch: it evaluates one decision many "
                                 "times over", cmd);
    if (is_batch && decision)
        return usage_error("%s", "give a decision or --batch, not both: the decision would not be "
                                 "evaluated", cmd);
    if (!policy || (!decision && !is_batch))
        return usage_error("%s", who ? "who needs a policy and a decision" : "eval needs a policy and a decision (or --batch)",
                           cmd);
    find_installed_stdlib(&opt);
    int rc;
    remit_policy *p = compile_policy(&opt, policy, "no decision can be evaluated", NULL, json && !is_batch, &rc);
    if (!p)
        return rc;
    if (is_batch)
        rc = eval_batch(p, batch, &x);
    else
        rc = eval_one(p, decision, &x, json, who, why_not);
    remit_policy_free(p);
    return rc;
}

static int cmd_eval(int argc, char **argv) { return cmd_decide(argc, argv, false); }
static int cmd_who(int argc, char **argv) { return cmd_decide(argc, argv, true); }

/* ---------------------------------------------------- remit test PATH */

/* A folder or test file the walk has met, by device and inode: the walk
 * never enters a folder twice (a link to a folder already searched, a
 * loop of links) nor runs a test file twice from one folder (a link to
 * one already run there).  A test file is known with the folder it was
 * reached from, whose dev and inode are in (pdev, pino), since its
 * `policy:` is named relative to that folder: the same file reached from
 * two folders may test two policies, and runs for each. */
typedef struct seen_set {
    struct seen_id { dev_t dev, pdev; ino_t ino, pino; } *v;
    size_t n, cap; /* cap a power of two; open addressing */
} seen_set;

static size_t seen_hash(const struct seen_id *k, size_t cap)
{
    size_t h = (size_t)k->ino * 0x9E3779B97F4A7C15u ^ (size_t)k->dev;
    h = (h ^ (size_t)k->pino * 0xC2B2AE3D27D4EB4Fu) ^ (size_t)k->pdev;
    return (h ^ h >> 29) & (cap - 1);
}

static bool seen_free(const struct seen_id *k) { return !k->ino && !k->dev; }

/* Add the file of st, reached from the folder of parent (NULL for a
 * folder), to set; false when it was there already, or (*oom) when there
 * is no memory to remember it.  Inode 0 on device 0 names no file, so it
 * marks a free slot. */
static bool seen_add(seen_set *set, const struct stat *st, const struct stat *parent, bool *oom)
{
    if (2 * (set->n + 1) > set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 64;
        struct seen_id *v = calloc(cap, sizeof *v);
        if (!v) {
            *oom = true;
            return false;
        }
        for (size_t i = 0; i < set->cap; i++)
            if (!seen_free(&set->v[i])) {
                size_t h = seen_hash(&set->v[i], cap);
                while (!seen_free(&v[h]))
                    h = (h + 1) & (cap - 1);
                v[h] = set->v[i];
            }
        free(set->v);
        set->v = v;
        set->cap = cap;
    }
    struct seen_id k = {st->st_dev, parent ? parent->st_dev : 0, st->st_ino, parent ? parent->st_ino : 0};
    size_t h = seen_hash(&k, set->cap);
    while (!seen_free(&set->v[h])) {
        const struct seen_id *x = &set->v[h];
        if (x->ino == k.ino && x->dev == k.dev && x->pino == k.pino && x->pdev == k.pdev)
            return false;
        h = (h + 1) & (set->cap - 1);
    }
    set->v[h] = k;
    set->n++;
    return true;
}

/* A walk of the PATHs of `remit test` or `remit check`: the files it
 * looks for (their names' ending, and what they are, for messages), what
 * is done with each found, and the worst exit code met. */
typedef struct walk {
    const char *suffix;        /* ".test.yaml", ".remit" */
    const char *noun;          /* "test file", "policy" */
    const char *verb, *done;   /* "running", "run"; "checking", "checked" */
    void (*found)(struct walk *w, const char *path);
    seen_set seen;
    int rc;
} walk;

static void run_rc(walk *w, int r)
{
    if (r > w->rc)
        w->rc = r;
}

typedef struct test_run {
    walk w;                    /* first: the walk's callback is given it */
    const remit_options *opt;
    unsigned passed, failed, files, matched;
    const char *only;          /* --name: the tests reported; NULL every one */
    bool text;                 /* printed as each file runs; else kept: */
    remit_test_run *runs;      /* the files run, for one document at the end */
    size_t nruns, cap;
    remit_coverage *cov;       /* --coverage: what the tests reach; else NULL */
} test_run;

/* What kind of thing st is, for a message saying why it was skipped. */
static const char *file_kind(const struct stat *st)
{
    return S_ISFIFO(st->st_mode) ? "a named pipe (FIFO)" : S_ISSOCK(st->st_mode) ? "a socket"
         : S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode) ? "a device" : "not a regular file";
}

/* Print a test file's report as `remit test` shows it: the file and its
 * policy, a line per test (a failed one with its outcome explained), what
 * was found in the file, and why its tests could not all run. */
static void print_report(const char *path, const remit_test_report *r, remit_status st, const char *only)
{
    const char *policy = remit_test_report_policy(r);
    if (policy)
        remit_fprintf_escaped(stdout, "%s (%s):\n", path, policy);
    if (st == REMIT_E_POLICY) {
        remit_render_text(remit_test_report_policy_diagnostics(r), stdout);
        remit_fprintf_escaped(stdout, "%s: the policy has errors, so its tests cannot run\n", policy);
        return;
    }
    remit_test_result t;
    for (size_t i = 0; remit_test_result_at(r, i, &t); i++) {
        if (!remit_test_name_matches(only, t.name))
            continue;
        if (t.passed) {
            remit_fprintf_escaped(stdout, "  PASS  %s\n", t.name);
            continue;
        }
        remit_fprintf_escaped(stdout, "  FAIL  %s (%s:%u): %s\n", t.name, t.file, t.line, t.why);
        if (t.outcome_text)
            fputs(t.outcome_text, stdout);
    }
    const remit_session *d = remit_test_report_diagnostics(r);
    if (st != REMIT_OK || remit_error_count(d))
        remit_render_text(d, stdout);
    const char *why = remit_test_report_fault(r, st);
    if (why)
        remit_fprintf_escaped(stdout, "%s: %s\n", path, why);
}

static void run_test_file(walk *w, const char *path)
{
    test_run *t = (test_run *)w;
    t->files++;
    /* kept for one document at the end: the report names its file by the
     * path it was given, so that path is the run's own copy */
    char *kept = NULL;
    if (!t->text && t->nruns == t->cap) {
        remit_test_run *v = realloc(t->runs, (t->cap = t->cap ? 2 * t->cap : 16) * sizeof *v);
        if (v)
            t->runs = v;
        else
            t->cap = t->nruns;
    }
    if (!t->text && (t->nruns == t->cap || !(kept = strdup(path)))) {
        fprintf(stderr, "remit: out of memory keeping the report of a test file\n");
        run_rc(&t->w, REMIT_EXIT_USAGE);
        return;
    }
    remit_test_report *r = NULL;
    remit_status st = remit_test_file(kept ? kept : path, t->opt, &r);
    remit_test_run one = {kept ? kept : path, r, st};
    unsigned passed, failed, matched;
    remit_test_count(&one, 1, t->only, &passed, &failed, &matched);
    t->passed += passed;
    t->failed += failed;
    t->matched += matched;
    /* errors in a test file fail the test they are in (counted there) */
    run_rc(&t->w, st == REMIT_E_UNREADABLE || st == REMIT_E_NOMEM || !r ? REMIT_EXIT_USAGE : REMIT_EXIT_OK);
    if (t->cov && remit_coverage_add(t->cov, &one, t->only) != REMIT_OK) {
        remit_fprintf_escaped(stderr, "remit: out of memory counting the coverage of '%s'\n", path);
        run_rc(&t->w, REMIT_EXIT_USAGE);
    }
    if (kept) {
        t->runs[t->nruns++] = one; /* written at the end */
        return;
    }
    if (r)
        print_report(path, r, st, t->only);
    else
        remit_fprintf_escaped(stdout, "%s: out of memory, so its tests cannot run\n", path);
    remit_test_report_free(r);
}

/* One folder being searched: its entries, sorted, and the next to look at. */
typedef struct walk_frame {
    char *path;
    struct stat st; /* the folder's own */
    char **names;
    size_t n, next;
} walk_frame;

static void frame_free(walk_frame *f)
{
    for (size_t i = f->next; i < f->n; i++)
        free(f->names[i]);
    free(f->names);
    free(f->path);
}

/* Open the folder at path (taking it) as a frame, its entries sorted so
 * that output is the same on every machine; false after saying why not. */
static bool frame_open(walk *t, walk_frame *f, char *path, const struct stat *st)
{
    memset(f, 0, sizeof *f);
    f->path = path;
    f->st = *st;
    DIR *dir = opendir(path);
    if (!dir) {
        remit_fprintf_escaped(stderr, "remit: cannot read the folder '%s': %s\n", path, strerror(errno));
        run_rc(t, REMIT_EXIT_USAGE);
        free(path);
        return false;
    }
    size_t cap = 0;
    struct dirent *e;
    bool oom = false;
    while ((e = readdir(dir))) {
        if (e->d_name[0] == '.')
            continue;
        if (f->n == cap) {
            char **nn = realloc(f->names, (cap = cap ? cap * 2 : 16) * sizeof *nn);
            if (!nn) {
                oom = true;
                break;
            }
            f->names = nn;
        }
        if (!(f->names[f->n] = strdup(e->d_name))) {
            oom = true;
            break;
        }
        f->n++;
    }
    closedir(dir);
    if (oom) {
        remit_fprintf_escaped(stderr, "remit: out of memory reading the folder '%s'\n", path);
        run_rc(t, REMIT_EXIT_USAGE);
        frame_free(f);
        return false;
    }
    if (f->n)
        qsort(f->names, f->n, sizeof *f->names, cmp_str);
    return true;
}

/* Search the folder at path for *.test.yaml files and run each, depth
 * first in name order.  Iterative, so any depth is safe: a folder's
 * frame holds only its own names.  Links are followed, but never into a
 * folder already searched or to a test file already run; anything that
 * is not a folder or a regular file is skipped, saying so. */
static void walk_folder(walk *t, const char *path, const struct stat *pst)
{
    walk_frame *stack = NULL;
    size_t depth = 0, cap = 0;
    size_t pl = strlen(path);
    while (pl > 1 && path[pl - 1] == '/')
        pl--;
    char *root = strndup(path, pl);
    if (!root || !(stack = malloc(sizeof *stack * (cap = 16)))) {
        remit_fprintf_escaped(stderr, "remit: out of memory searching '%s'\n", path);
        run_rc(t, REMIT_EXIT_USAGE);
        free(root);
        free(stack);
        return;
    }
    if (frame_open(t, &stack[0], root, pst))
        depth = 1;
    while (depth) {
        walk_frame *f = &stack[depth - 1];
        if (f->next == f->n) {
            frame_free(f);
            depth--;
            continue;
        }
        char *name = f->names[f->next++];
        size_t nl = strlen(name), fl = strlen(f->path);
        char *sub = malloc(fl + nl + 2);
        if (!sub) {
            remit_fprintf_escaped(stderr, "remit: out of memory searching '%s'\n", f->path);
            run_rc(t, REMIT_EXIT_USAGE);
            free(name);
            continue;
        }
        if (fl == 1 && f->path[0] == '/')
            fl = 0; /* the root folder: "/x", not "//x" */
        memcpy(sub, f->path, fl);
        sub[fl] = '/';
        memcpy(sub + fl + 1, name, nl + 1);
        size_t xl = strlen(t->suffix);
        bool is_test = nl > xl && !strcmp(name + nl - xl, t->suffix);
        free(name);
        struct stat st;
        bool oom = false;
        if (stat(sub, &st) != 0) {
            /* a test file, or anything that may be a folder, that cannot
             * be reached is an error; a dangling link (or a loop of links)
             * by another name is not ours */
            if (is_test || (errno != ENOENT && errno != ELOOP)) {
                remit_fprintf_escaped(stderr, "remit: cannot read '%s': %s\n", sub, strerror(errno));
                run_rc(t, REMIT_EXIT_USAGE);
            }
            free(sub);
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            if (!seen_add(&t->seen, &st, NULL, &oom)) {
                if (oom) {
                    remit_fprintf_escaped(stderr, "remit: out of memory searching '%s'\n", sub);
                    run_rc(t, REMIT_EXIT_USAGE);
                } else
                    remit_fprintf_escaped(stderr, "remit: not searching '%s' again: it leads to a folder "
                                    "already searched\n", sub);
                free(sub);
                continue;
            }
            if (depth == cap) {
                walk_frame *ns = realloc(stack, sizeof *stack * cap * 2);
                if (!ns) {
                    remit_fprintf_escaped(stderr, "remit: out of memory searching '%s'\n", sub);
                    run_rc(t, REMIT_EXIT_USAGE);
                    free(sub);
                    continue;
                }
                stack = ns;
                cap *= 2;
            }
            if (frame_open(t, &stack[depth], sub, &st))
                depth++;
            continue;
        }
        if (!is_test) {
            free(sub);
            continue;
        }
        if (!S_ISREG(st.st_mode))
            remit_fprintf_escaped(stderr, "remit: skipping '%s': it is %s, not a %s\n", sub, file_kind(&st), t->noun);
        else if (!seen_add(&t->seen, &st, &f->st, &oom)) {
            if (oom) {
                remit_fprintf_escaped(stderr, "remit: out of memory searching '%s'\n", sub);
                run_rc(t, REMIT_EXIT_USAGE);
            } else
                remit_fprintf_escaped(stderr, "remit: not %s '%s' again: it is a %s already %s from this "
                                              "folder\n", t->verb, sub, t->noun, t->done);
        } else
            t->found(t, sub);
        free(sub);
    }
    free(stack);
}

/* A PATH of `remit test` or `remit check`: a folder is searched;
 * anything else named on the command line is taken as a file of the
 * kind looked for, as the user asked. */
static void walk_path(walk *t, const char *path)
{
    struct stat st, pst;
    bool oom = false, again;
    if (stat(path, &st) != 0) {
        remit_fprintf_escaped(stderr, "remit: cannot read '%s': %s\n", path, strerror(errno));
        run_rc(t, REMIT_EXIT_USAGE);
        return;
    }
    if (S_ISDIR(st.st_mode))
        again = !seen_add(&t->seen, &st, NULL, &oom);
    else {
        /* a test file named here: known with its folder, as the walk knows it */
        const char *slash = strrchr(path, '/');
        char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
        oom = !dir;
        again = !oom && stat(dir, &pst) == 0 && !seen_add(&t->seen, &st, &pst, &oom);
        free(dir);
    }
    if (oom) {
        remit_fprintf_escaped(stderr, "remit: out of memory searching '%s'\n", path);
        run_rc(t, REMIT_EXIT_USAGE);
    } else if (again)
        remit_fprintf_escaped(stderr, "remit: not %s '%s' again: it is a %s already %s\n",
                              S_ISDIR(st.st_mode) ? "searching" : t->verb, path, S_ISDIR(st.st_mode) ? "folder" : t->noun,
                              S_ISDIR(st.st_mode) ? "searched" : t->done);
    else if (S_ISDIR(st.st_mode))
        walk_folder(t, path, &st);
    else
        t->found(t, path);
}

/* `remit check`'s walk: the policies found, in the order found. */
typedef struct check_walk {
    walk w;                    /* first: the walk's callback is given it */
    char **v;
    int n, cap;
    bool oom;
} check_walk;

static void check_found(walk *w, const char *path)
{
    check_walk *c = (check_walk *)w;
    char *copy = NULL;
    if (c->n == c->cap) {
        char **v = realloc(c->v, (size_t)(c->cap = c->cap ? 2 * c->cap : 16) * sizeof *v);
        if (!v) {
            c->cap = c->n;
            c->oom = true;
            return;
        }
        c->v = v;
    }
    if (!(copy = strdup(path)))
        c->oom = true;
    else
        c->v[c->n++] = copy;
}

static void free_paths(char **v, int n)
{
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* The policies of `remit check`'s PATHs, in a list of n (malloc'd, and
 * each path): a file as named (read, or said to be unreadable, by the
 * check); a folder searched, as `remit test` searches one, for files
 * whose names end in .remit, in name order (*rc: 2 when something in it
 * cannot be read).  NULL when memory runs out. */
static char **check_paths(char *const *paths, int npaths, int *n, int *rc)
{
    check_walk c = {{".remit", "policy", "checking", "checked", check_found, {NULL, 0, 0}, REMIT_EXIT_OK},
                    NULL, 0, 0, false};
    for (int i = 0; i < npaths && !c.oom; i++) {
        struct stat st;
        /* a folder searched, and a file that is there known to the walk
         * (so that a folder named after it does not check it again);
         * one that is not is the check's to say (R0301) */
        if (stat(paths[i], &st) == 0)
            walk_path(&c.w, paths[i]);
        else
            check_found(&c.w, paths[i]);
    }
    free(c.w.seen.v);
    *rc = c.w.rc;
    *n = c.n;
    if (c.oom || (!c.v && !(c.v = malloc(sizeof *c.v)))) {
        free_paths(c.v, c.n);
        return NULL;
    }
    return c.v;
}

/* The PATHs given (files, of nfiles; freed here) with each folder
 * replaced by its policies (check_paths), in a new list of *nfiles for
 * free_paths; *walked as check_paths says.  NULL, said, when memory runs
 * out or no policy is found. */
static char **policy_paths(char **files, int *nfiles, int *walked)
{
    int given = *nfiles;
    char **named = check_paths(files, given, nfiles, walked);
    free(files);
    if (!named) {
        fprintf(stderr, "remit: out of memory\n");
        return NULL;
    }
    if (!*nfiles) {
        fprintf(stderr, "remit: no *.remit files found in the folder%s given\n", given > 1 ? "s" : "");
        free_paths(named, *nfiles);
        return NULL;
    }
    return named;
}

static int cmd_test(int argc, char **argv)
{
    remit_options opt;
    memset(&opt, 0, sizeof opt);
    opt.analyse = 1; /* an unsound scheme must not answer as if it were sound */
    int npaths = 0;
    const char *only = NULL, *format = NULL, *min = NULL;
    unsigned min_hundredths = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(test_usage, stdout);
            return REMIT_EXIT_OK;
        }
        if (!strcmp(argv[i], "--coverage")) {
            if (opt.coverage & 1)
                return usage_error("%s is given twice: give it once", argv[i], "test ");
            opt.coverage |= 1;
            continue;
        }
        if (!strcmp(argv[i], "--coverage-min")) { /* implies --coverage */
            if (i + 1 >= argc)
                return usage_error("%s needs a value: the least coverage to accept, a percentage from 0 to "
                                   "100 such as 80 or 87.5", argv[i], "test ");
            if (set_once(&min, argv[i], argv[i + 1], "test ") != REMIT_EXIT_OK)
                return REMIT_EXIT_USAGE;
            if (!remit_coverage_min_parse(min, &min_hundredths))
                return usage_error("--coverage-min takes a percentage from 0 to 100, with at most two "
                                   "decimal places and no %% sign, such as 80 or 87.5: '%s' is not one",
                                   min, "test ");
            opt.coverage |= 2;
            i++;
            continue;
        }
        if (!strcmp(argv[i], "--name") || !strcmp(argv[i], "--format")) {
            const char **slot = !strcmp(argv[i], "--name") ? &only : &format;
            if (i + 1 >= argc)
                return usage_error(slot == &only ? "%s needs a value: a test name, or a pattern such as 'spend*'"
                                                 : "%s needs a value: text, json, junit, sarif or github",
                                   argv[i], "test ");
            if (*slot)
                return usage_error("%s is given twice: give it once", argv[i], "test ");
            *slot = argv[++i];
            if (slot == &format && strcmp(format, "text") && strcmp(format, "json") && strcmp(format, "junit") &&
                strcmp(format, "sarif") && strcmp(format, "github"))
                return usage_error("unknown format '%s': use text, json, junit, sarif or github", format, "test ");
        } else if (!strcmp(argv[i], "--stdlib")) {
            if (i + 1 >= argc)
                return usage_error("%s needs a value", argv[i], "test ");
            if (folder_option(&opt, argv[i], argv[i + 1], "test ") != REMIT_EXIT_OK)
                return REMIT_EXIT_USAGE;
            i++;
        } else if (!strcmp(argv[i], "--no-analyses")) {
            if (!opt.analyse)
                return usage_error("%s is given twice: give it once", argv[i], "test ");
            opt.analyse = 0;
        } else if (argv[i][0] == '-' && argv[i][1])
            return usage_error("unknown option '%s'", argv[i], "test ");
        else
            npaths++;
    }
    if (!npaths)
        return usage_error("%s", "test needs a test file or a folder", "test ");
    find_installed_stdlib(&opt);
    test_run t = {{".test.yaml", "test file", "running", "run", run_test_file, {NULL, 0, 0}, REMIT_EXIT_OK}, &opt, 0, 0, 0, 0,
                  only, !format || !strcmp(format, "text"), NULL, 0, 0, NULL};
    if (opt.coverage && !(t.cov = remit_coverage_new())) {
        fprintf(stderr, "remit: out of memory\n");
        return REMIT_EXIT_USAGE;
    }
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--stdlib") || !strcmp(argv[i], "--name") || !strcmp(argv[i], "--format") ||
            !strcmp(argv[i], "--coverage-min")) {
            i++;
            continue;
        }
        if (!strcmp(argv[i], "--no-analyses") || !strcmp(argv[i], "--coverage"))
            continue;
        walk_path(&t.w, argv[i]);
    }
    free(t.w.seen.v);
    if (!t.files && t.w.rc == REMIT_EXIT_OK) {
        fprintf(stderr, "remit: no *.test.yaml files found\n");
        t.w.rc = REMIT_EXIT_USAGE;
    }
    if (t.text) {
        printf("%u passed, %u failed\n", t.passed, t.failed);
        if (t.cov)
            remit_coverage_render_text(t.cov, stdout);
    } else {
        remit_test_format f = !strcmp(format, "json") ? REMIT_TEST_JSON : !strcmp(format, "junit") ? REMIT_TEST_JUNIT
                            : !strcmp(format, "sarif") ? REMIT_TEST_SARIF : REMIT_TEST_GITHUB;
        remit_test_render_coverage(t.runs, t.nruns, only, f, t.cov, stdout);
        for (size_t i = 0; i < t.nruns; i++) {
            free((char *)t.runs[i].path);
            remit_test_report_free((remit_test_report *)t.runs[i].report);
        }
        free(t.runs);
    }
    if (only && t.files && !t.matched && t.w.rc == REMIT_EXIT_OK) {
        remit_fprintf_escaped(stderr, "remit: no test's name matches '%s'\n", only);
        t.w.rc = REMIT_EXIT_USAGE;
    }
    bool below = min && t.files && remit_coverage_below(t.cov, min_hundredths);
    if (below)
        fflush(stdout); /* the report first, then why the run fails (main says if it cannot be written) */
    if (below && !remit_coverage_policy_count(t.cov)) {
        remit_fprintf_escaped(stderr, "remit: no policy's tests ran, so coverage cannot meet the minimum %s%%\n",
                              min);
    } else if (below) {
        unsigned cv, tt;
        char pct[16];
        remit_coverage_total(t.cov, &cv, &tt);
        remit_coverage_percent(cv, tt, pct, sizeof pct);
        remit_fprintf_escaped(stderr, "remit: coverage %s (%u of %u points) is below the minimum %s%%\n", pct, cv,
                              tt, min);
    }
    remit_coverage_free(t.cov);
    if (t.w.rc != REMIT_EXIT_OK)
        return t.w.rc;
    return t.failed || below ? REMIT_EXIT_POLICY : REMIT_EXIT_OK;
}

/* The program `name` (Graphviz's dot, Chromium) on PATH (an empty entry
 * is the current folder), in buf; false when there is none. */
static bool find_on_path(const char *name, char *buf, size_t n)
{
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/local/bin:/usr/bin:/bin";
    for (const char *d = path;; d++) {
        const char *e = strchr(d, ':');
        size_t l = e ? (size_t)(e - d) : strlen(d);
        struct stat st;
        int k = snprintf(buf, n, "%.*s/%s", l ? (int)l : 1, l ? d : ".", name);
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
        remit_fprintf_escaped(stderr, "remit: cannot run %s: %s\n", dot, strerror(errno));
        return REMIT_EXIT_USAGE;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        remit_fprintf_escaped(stderr, "remit: cannot run %s: %s\n", dot, strerror(errno));
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
    size_t done = 0;
    while (done < len) {
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
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0 && done == len)
        return REMIT_EXIT_OK;
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
        remit_fprintf_escaped(stderr, "remit: %s stopped reading the graph before its end\n", dot);
    else if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
        remit_fprintf_escaped(stderr, "remit: cannot run %s\n", dot);
    else if (WIFEXITED(st))
        remit_fprintf_escaped(stderr, "remit: %s failed (exit status %d) drawing the graph\n", dot, WEXITSTATUS(st));
    else
        remit_fprintf_escaped(stderr, "remit: %s was stopped by signal %d drawing the graph\n", dot,
                WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    return REMIT_EXIT_USAGE;
}

/* `remit diff OLD NEW` (SPEC 11.10) */
static int cmd_diff(int argc, char **argv)
{
    remit_options opt;
    memset(&opt, 0, sizeof opt);
    const char *files[2] = {NULL, NULL}, *format = NULL, *fail_on = NULL;
    int nfiles = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(diff_usage, stdout);
            return REMIT_EXIT_OK;
        }
        if (!strcmp(a, "--format") || !strcmp(a, "--fail-on") || !strcmp(a, "--stdlib")) {
            if (i + 1 >= argc)
                return usage_error("%s needs a value", a, "diff ");
            const char *v = argv[++i];
            if (!strcmp(a, "--stdlib")) {
                if (folder_option(&opt, a, v, "diff ") != REMIT_EXIT_OK)
                    return REMIT_EXIT_USAGE;
                continue;
            }
            const char **slot = !strcmp(a, "--format") ? &format : &fail_on;
            if (*slot)
                return usage_error("%s is given twice: give it once", a, "diff ");
            *slot = v;
            if (slot == &format && strcmp(v, "text") && strcmp(v, "json") && strcmp(v, "markdown") &&
                strcmp(v, "sarif") && strcmp(v, "github"))
                return usage_error("unknown format '%s': use text, json, markdown, sarif or github", v, "diff ");
            if (slot == &fail_on && strcmp(v, "any") && strcmp(v, "widened"))
                return usage_error("--fail-on takes any or widened, not '%s'", v, "diff ");
        } else if (a[0] == '-' && a[1])
            return usage_error("unknown option '%s'", a, "diff ");
        else if (nfiles == 2)
            return usage_error("%s", "diff takes two policies, OLD and NEW", "diff ");
        else
            files[nfiles++] = a;
    }
    if (nfiles != 2)
        return usage_error("%s", "diff needs two policies: OLD NEW", "diff ");
    find_installed_stdlib(&opt);
    int rc;
    remit_policy *p[2] = {NULL, NULL};
    for (int w = 0; w < 2; w++)
        if (!(p[w] = compile_policy(&opt, files[w], "the versions cannot be compared", NULL, false, &rc))) {
            remit_policy_free(p[0]);
            return REMIT_EXIT_USAGE; /* 1 is a change found: a policy with errors is 2 */
        }
    remit_diff_summary sum;
    remit_diff_format f = !format || !strcmp(format, "text") ? REMIT_DIFF_TEXT
                        : !strcmp(format, "json") ? REMIT_DIFF_JSON : !strcmp(format, "markdown") ? REMIT_DIFF_MARKDOWN
                        : !strcmp(format, "sarif") ? REMIT_DIFF_SARIF : REMIT_DIFF_GITHUB;
    errno = 0;
    remit_status st = remit_diff(p[0], files[0], p[1], files[1], f, stdout, &sum);
    write_errno = errno; /* (of a failed write: before anything else can change it) */
    remit_policy_free(p[0]);
    remit_policy_free(p[1]);
    if (st != REMIT_OK) {
        if (st == REMIT_E_NOMEM)
            fputs("remit: out of memory comparing the policies\n", stderr);
        else
            write_failed = write_errno ? write_errno : EIO; /* (main says so) */
        return REMIT_EXIT_USAGE;
    }
    bool widened_only = fail_on && !strcmp(fail_on, "widened");
    return (widened_only ? sum.widened > 0 : sum.regions + sum.structural > 0) ? REMIT_EXIT_POLICY : REMIT_EXIT_OK;
}

/* The progress of a long audit on a terminal: a line overwritten in
 * place, cleared at the end (remit_audit_options.progress; read once,
 * the ledger's lines are counted from its size) */
static void audit_progress(void *arg, size_t done, size_t total)
{
    (void)arg;
    if (done < total)
        fprintf(stderr, "\rremit audit: %zu of about %zu lines replayed (%zu%%)", done, total,
                total ? done * 100 / total : 100);
    else
        fputs("\r\033[K", stderr);
    fflush(stderr);
}

/* --shard I/N (1 <= I <= N <= 4096), with --format json */
static int shard_of(const char *shard, const char *format, const char *cmd, unsigned *si, unsigned *sn)
{
    char *slash, *end;
    unsigned long i = strtoul(shard, &slash, 10), n = *slash == '/' ? strtoul(slash + 1, &end, 10) : 0;
    if (shard[0] < '1' || shard[0] > '9' || *slash != '/' || slash[1] < '1' || slash[1] > '9' || *end || !i ||
        i > n || n > 4096)
        return usage_error("--shard takes I/N, shard I of N (1 <= I <= N <= 4096), not '%s'", shard, cmd);
    if (!format || strcmp(format, "json"))
        return usage_error("%s", "--shard needs --format json: the shards' reports are merged by remit merge", cmd);
    *si = (unsigned)i;
    *sn = (unsigned)n;
    return REMIT_EXIT_OK;
}

/* What an audit, a stress run or a merge ends with: its diagnostics
 * (freed), a word for what failed (verb: what was not done when an
 * input has errors, or NULL to say nothing), and its exit code: rc when
 * it ran (SPEC 7.18, 7.19) */
static int bulk_end(remit_status st, remit_session *diags, const char *what, const char *verb, int rc)
{
    bool said = diags && remit_diag_count(diags);
    if (diags)
        remit_render_text(diags, stderr);
    remit_session_free(diags);
    if (st == REMIT_E_WRITE)
        write_failed = write_errno ? write_errno : EIO; /* (main says so) */
    else if (st == REMIT_E_NOMEM && !said)
        fprintf(stderr, "remit: out of memory making %s\n", what);
    else if (st == REMIT_E_INPUT && verb)
        fprintf(stderr, "remit: nothing was %s: the inputs above have errors\n", verb);
    if (st != REMIT_OK)
        return st == REMIT_E_INPUT ? REMIT_EXIT_INPUT : REMIT_EXIT_USAGE;
    return rc;
}

static int audit_end(remit_status st, const remit_audit_summary *sum, remit_session *diags, const char *what,
                     const char *verb)
{
    return bulk_end(st, diags, what, verb, sum->unreadable ? REMIT_EXIT_INPUT
                                           : sum->breaches ? REMIT_EXIT_POLICY : REMIT_EXIT_OK);
}

/* `remit audit POLICY --history LEDGER` (SPEC 7.18) */
static int cmd_audit(int argc, char **argv)
{
    const char *cmd = "audit ";
    remit_options opt;
    memset(&opt, 0, sizeof opt);
    opt.analyse = 1; /* an unsound scheme must not answer as if it were sound */
    const char *policy = NULL, *format = NULL, *split = NULL, *as_of = NULL, *shard = NULL;
    eval_files x = {NULL, NULL, NULL};
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(audit_usage, stdout);
            return REMIT_EXIT_OK;
        }
        bool reg = !strcmp(a, "--register"), hist = !strcmp(a, "--history"), cal = !strcmp(a, "--calendar");
        if (reg || hist || cal || !strcmp(a, "--format") || !strcmp(a, "--split-within") ||
            !strcmp(a, "--as-of") || !strcmp(a, "--shard") || !strcmp(a, "--root") || !strcmp(a, "--stdlib")) {
            if (i + 1 >= argc)
                return usage_error("%s needs a value", a, cmd);
            const char *v = argv[++i];
            const char **to = reg ? &x.reg : hist ? &x.history : cal ? &x.calendar
                            : !strcmp(a, "--format") ? &format : !strcmp(a, "--split-within") ? &split
                            : !strcmp(a, "--as-of") ? &as_of : !strcmp(a, "--shard") ? &shard : NULL;
            if (!to) {
                if (folder_option(&opt, a, v, cmd) != REMIT_EXIT_OK)
                    return REMIT_EXIT_USAGE;
                continue;
            }
            if (set_once(to, a, v, cmd) != REMIT_EXIT_OK)
                return REMIT_EXIT_USAGE;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option '%s'", a, cmd);
        } else if (!policy) {
            policy = a;
        } else {
            return usage_error("unexpected '%s': give one policy, and the ledger with --history", a, cmd);
        }
    }
    if (format && strcmp(format, "text") && strcmp(format, "json"))
        return usage_error("unknown format '%s': use text or json", format, cmd);
    long days = 0;
    if (split && strcmp(split, "none")) {
        char *end;
        days = strtol(split, &end, 10);
        if (split[0] < '0' || split[0] > '9' || *end || days < 1 || days > 3660)
            return usage_error("--split-within takes a number of days from 1 to 3660, or none, not '%s'", split,
                               cmd);
    } else if (split) {
        days = -1;
    }
    if (!policy || !x.history)
        return usage_error("%s", !policy ? "audit needs a policy and a ledger: remit audit POLICY --history LEDGER"
                                         : "audit needs the ledger: --history LEDGER", cmd);
    unsigned shard_i = 0, shard_n = 0;
    int rc;
    if (shard && (rc = shard_of(shard, format, cmd, &shard_i, &shard_n)) != REMIT_EXIT_OK)
        return rc;

    find_installed_stdlib(&opt);
    remit_policy *p = compile_policy(&opt, policy, "the ledger cannot be audited", NULL, false, &rc);
    if (!p)
        return REMIT_EXIT_USAGE; /* 1 is a breach found: a policy with errors is 2 */
    remit_input led = {x.history, NULL, NULL, 0}, rg = {x.reg, NULL, NULL, 0}, cl = {x.calendar, NULL, NULL, 0};
    remit_audit_options o;
    remit_audit_options_init(&o);
    o.ledger = &led;
    o.register_file = x.reg ? &rg : NULL;
    o.calendar = x.calendar ? &cl : NULL;
    o.format = format && !strcmp(format, "json") ? REMIT_AUDIT_JSON : REMIT_AUDIT_TEXT;
    o.split_days = days;
    o.as_of = as_of;
    o.shard_index = shard_i;
    o.shard_count = shard_n;
    if (isatty(STDERR_FILENO)) /* progress where someone watches; never in a file or a pipe */
        o.progress = audit_progress;
    static char outbuf[BATCH_BUFFER];
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    remit_audit_summary sum;
    remit_session *diags = NULL;
    errno = 0;
    remit_status st = remit_audit(p, &o, stdout, &sum, &diags);
    write_errno = errno; /* (of a failed write: before anything else can change it) */
    remit_policy_free(p);
    return audit_end(st, &sum, diags, "the audit", "audited");
}

/* The progress of a long stress run on a terminal (as audit_progress) */
static void stress_progress(void *arg, size_t done, size_t total)
{
    (void)arg;
    if (done < total)
        fprintf(stderr, "\rremit stress: %zu of %zu runs (%zu%%)", done, total, total ? done * 100 / total : 100);
    else
        fputs("\r\033[K", stderr);
    fflush(stderr);
}

static remit_stress_format stress_format(const char *format)
{
    return !format || !strcmp(format, "text") ? REMIT_STRESS_TEXT
         : !strcmp(format, "json")            ? REMIT_STRESS_JSON
                                              : REMIT_STRESS_HTML;
}

/* `remit stress POLICY SCENARIO...` (SPEC 7.19) */
static int cmd_stress(int argc, char **argv)
{
    const char *cmd = "stress ";
    remit_options opt;
    memset(&opt, 0, sizeof opt);
    opt.analyse = 1;
    const char *policy = NULL, *format = NULL, *runs = NULL, *seed = NULL, *reg = NULL, *cal = NULL, *shard = NULL;
    int nfiles = 0;
    char **files = calloc((size_t)argc + 1, sizeof *files);
    if (!files) {
        fputs("remit: out of memory\n", stderr);
        return REMIT_EXIT_USAGE;
    }
    int rc = REMIT_EXIT_OK;
    for (int i = 0; i < argc && rc == REMIT_EXIT_OK; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(stress_usage, stdout);
            free(files);
            return REMIT_EXIT_OK;
        }
        if (!strcmp(a, "--register") || !strcmp(a, "--calendar") || !strcmp(a, "--format") ||
            !strcmp(a, "--scenarios") || !strcmp(a, "--seed") || !strcmp(a, "--shard") || !strcmp(a, "--root") ||
            !strcmp(a, "--stdlib")) {
            if (i + 1 >= argc) {
                rc = usage_error("%s needs a value", a, cmd);
                break;
            }
            const char *v = argv[++i];
            const char **to = !strcmp(a, "--register") ? &reg : !strcmp(a, "--calendar") ? &cal
                            : !strcmp(a, "--format") ? &format : !strcmp(a, "--scenarios") ? &runs
                            : !strcmp(a, "--seed") ? &seed : !strcmp(a, "--shard") ? &shard : NULL;
            rc = to ? set_once(to, a, v, cmd) : folder_option(&opt, a, v, cmd);
        } else if (a[0] == '-' && a[1]) {
            rc = usage_error("unknown option '%s'", a, cmd);
        } else if (!policy) {
            policy = a;
        } else {
            files[nfiles++] = argv[i];
        }
    }
    unsigned long n = 0;
    unsigned long long sd = 0;
    char *end;
    if (rc == REMIT_EXIT_OK && format && strcmp(format, "text") && strcmp(format, "json") && strcmp(format, "html"))
        rc = usage_error("unknown format '%s': use text, json or html", format, cmd);
    if (rc == REMIT_EXIT_OK && runs &&
        (runs[0] < '1' || runs[0] > '9' || (n = strtoul(runs, &end, 10), *end) || n > 1000000))
        rc = usage_error("--scenarios takes a number of runs from 1 to 1000000, not '%s'", runs, cmd);
    errno = 0;
    if (rc == REMIT_EXIT_OK && seed &&
        (seed[0] < '0' || seed[0] > '9' || (sd = strtoull(seed, &end, 10), *end) || errno == ERANGE))
        rc = usage_error("--seed takes a whole number from 0 to 18446744073709551615, not '%s'", seed, cmd);
    if (rc == REMIT_EXIT_OK && seed && !runs)
        rc = usage_error("%s", "--seed varies the runs of --scenarios N: give both", cmd);
    unsigned shard_i = 0, shard_n = 0;
    if (rc == REMIT_EXIT_OK && shard && (rc = shard_of(shard, format, cmd, &shard_i, &shard_n)) == REMIT_EXIT_OK &&
        !runs)
        rc = usage_error("%s", "--shard shares out the runs of --scenarios N: give both", cmd);
    if (rc == REMIT_EXIT_OK && (!policy || !nfiles))
        rc = usage_error("%s", "stress needs a policy and scenario files: remit stress POLICY SCENARIO...", cmd);
    if (rc != REMIT_EXIT_OK) {
        free(files);
        return rc;
    }
    find_installed_stdlib(&opt);
    remit_policy *p = compile_policy(&opt, policy, "the scenarios cannot be run", NULL, false, &rc);
    if (!p) {
        free(files);
        return REMIT_EXIT_USAGE;
    }
    remit_input *in = calloc((size_t)nfiles, sizeof *in);
    if (!in) {
        remit_policy_free(p);
        free(files);
        fputs("remit: out of memory\n", stderr);
        return REMIT_EXIT_USAGE;
    }
    for (int i = 0; i < nfiles; i++)
        in[i].path = files[i];
    remit_input rg = {reg, NULL, NULL, 0}, cl = {cal, NULL, NULL, 0};
    remit_stress_options o;
    remit_stress_options_init(&o);
    o.scenarios = in;
    o.nscenarios = (size_t)nfiles;
    o.register_file = reg ? &rg : NULL;
    o.calendar = cal ? &cl : NULL;
    o.format = stress_format(format);
    o.runs = n;
    o.seed = sd;
    o.shard_index = shard_i;
    o.shard_count = shard_n;
    if (isatty(STDERR_FILENO) && n)
        o.progress = stress_progress;
    static char outbuf[BATCH_BUFFER];
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    remit_stress_summary sum;
    remit_session *diags = NULL;
    errno = 0;
    remit_status st = remit_stress(p, &o, stdout, &sum, &diags);
    write_errno = errno; /* (of a failed write: before anything else can change it) */
    remit_policy_free(p);
    free(in);
    free(files);
    return bulk_end(st, diags, "the report of the scenarios", NULL, sum.failures ? REMIT_EXIT_POLICY : REMIT_EXIT_OK);
}

/* A report given to `remit merge` that is no file (a pipe): read here,
 * as it can be read once, into in (its text, named by its path); false
 * when it cannot be */
static bool read_stream(FILE *f, const char *path, remit_input *in);

static bool read_piped(const char *path, remit_input *in)
{
    struct stat sb;
    if (stat(path, &sb) || S_ISREG(sb.st_mode) || S_ISDIR(sb.st_mode))
        return true; /* a file (or none): the library reads it, or says why not */
    FILE *f = fopen(path, "rb");
    return f ? read_stream(f, path, in) : true;
}

/* All of f (closed after) into in, named by path; false, said, when it
 * cannot be read (at most 1 GiB). */
static bool read_stream(FILE *f, const char *path, remit_input *in)
{
    size_t n = 0, cap = 1 << 16;
    char *t = malloc(cap);
    while (t) {
        n += fread(t + n, 1, cap - n, f);
        if (n < cap || cap >= ((size_t)1 << 30))
            break;
        char *more = realloc(t, cap *= 2);
        if (!more)
            free(t);
        t = more;
    }
    bool ok = t && !ferror(f) && n < cap;
    if (f != stdin)
        fclose(f);
    if (!ok) {
        fprintf(stderr, "remit: cannot read %s%s\n", path, t ? "" : ": out of memory");
        free(t);
        return false;
    }
    in->text = t;
    in->len = n;
    in->name = path;
    in->path = NULL;
    return true;
}

/* Whose report the text at t begins: 1 a stress run's, 2 an audit's, 0
 * neither (its "schema" member, however spaced) */
static int schema_of(const char *t)
{
    const char *k = strstr(t, "\"schema\"");
    if (!k)
        return 0;
    k += 8;
    while (*k == ' ' || *k == '\t' || *k == '\r' || *k == '\n')
        k++;
    if (*k++ != ':')
        return 0;
    while (*k == ' ' || *k == '\t' || *k == '\r' || *k == '\n')
        k++;
    return !strncmp(k, "\"remit.stress/1\"", 16) ? 1 : !strncmp(k, "\"remit.audit/1\"", 15) ? 2 : 0;
}

/* `remit merge SHARD...` (SPEC 7.18, 7.19) */
static int cmd_merge(int argc, char **argv)
{
    const char *cmd = "merge ", *format = NULL;
    int n = 0, rc = REMIT_EXIT_OK;
    remit_input *in = calloc((size_t)argc + 1, sizeof *in);
    if (!in) {
        fputs("remit: out of memory\n", stderr);
        return REMIT_EXIT_USAGE;
    }
    for (int i = 0; i < argc && rc == REMIT_EXIT_OK; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(merge_usage, stdout);
            free(in);
            return REMIT_EXIT_OK;
        }
        if (!strcmp(argv[i], "--format") && i + 1 >= argc)
            rc = usage_error("%s needs a value", argv[i], cmd);
        else if (!strcmp(argv[i], "--format"))
            rc = set_once(&format, argv[i], argv[i + 1], cmd), i++;
        else if (argv[i][0] == '-' && argv[i][1])
            rc = usage_error("unknown option '%s'", argv[i], cmd);
        else
            in[n++].path = argv[i];
    }
    if (rc == REMIT_EXIT_OK && format && strcmp(format, "json") && strcmp(format, "text") && strcmp(format, "html"))
        rc = usage_error("unknown format '%s': use json, text or html", format, cmd);
    if (rc == REMIT_EXIT_OK && !n)
        rc = usage_error("%s", "merge needs the reports of the shards of one run", cmd);
    for (int i = 0; i < n && rc == REMIT_EXIT_OK; i++)
        if (!read_piped(in[i].path, &in[i]))
            rc = REMIT_EXIT_USAGE;
    /* whose shards: the first report's schema says (in its first bytes:
     * remit writes it first, and a pretty-printer keeps it there); when
     * it cannot be read, the merge the format asks for says why */
    char head[4096] = "";
    bool known = false;
    if (rc == REMIT_EXIT_OK && in[0].text) {
        size_t k = in[0].len < sizeof head - 1 ? in[0].len : sizeof head - 1;
        memcpy(head, in[0].text, k);
        head[k] = '\0';
        known = true;
    } else if (rc == REMIT_EXIT_OK) {
        FILE *f = fopen(in[0].path, "rb");
        if (f) {
            head[fread(head, 1, sizeof head - 1, f)] = '\0';
            known = !ferror(f);
            fclose(f);
        }
    }
    int kind = schema_of(head); /* 1 a stress run's, 2 an audit's, 0 neither */
    bool stress = kind == 1 || (!kind && format && strcmp(format, "json"));
    if (rc == REMIT_EXIT_OK && n > 4096)
        rc = usage_error("%s", "a run has at most 4096 shards: give the reports of one run's shards", cmd);
    if (rc == REMIT_EXIT_OK && known && kind == 2 && format && strcmp(format, "json"))
        rc = usage_error("%s", "the merge of an audit's shards is written as JSON only", cmd);
    if (rc == REMIT_EXIT_OK) {
        static char outbuf[BATCH_BUFFER];
        setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
        remit_session *diags = NULL;
        if (stress) {
            remit_stress_summary sum;
            errno = 0;
            remit_status st = remit_stress_merge(in, (size_t)n, format ? stress_format(format) : REMIT_STRESS_JSON,
                                                 stdout, &sum, &diags);
            write_errno = errno;
            if (st == REMIT_OK && sum.faulty_files)
                fprintf(stderr, "remit: %zu scenario file%s could not be run for %s faults: the shards said where; the "
                        "report leaves %s out, as the whole run does\n", sum.faulty_files,
                        sum.faulty_files == 1 ? "" : "s", sum.faulty_files == 1 ? "its" : "their",
                        sum.faulty_files == 1 ? "it" : "them");
            rc = bulk_end(st, diags, "the merged report", "merged",
                          sum.faulty_files ? REMIT_EXIT_INPUT : sum.failures ? REMIT_EXIT_POLICY : REMIT_EXIT_OK);
        } else {
            remit_audit_summary sum;
            errno = 0;
            remit_status st = remit_audit_merge(in, (size_t)n, stdout, &sum, &diags);
            write_errno = errno;
            rc = audit_end(st, &sum, diags, "the merged audit", "merged");
        }
    }
    for (int i = 0; i < n; i++)
        free((void *)in[i].text);
    free(in);
    return rc;
}

static int cmd_graph(int argc, char **argv)
{
    remit_options opt;
    memset(&opt, 0, sizeof opt);
    remit_graph_options go = {NULL};
    const char *policy = NULL, *output = NULL, *format = NULL;
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
            if (!strcmp(a, "--stdlib") || !strcmp(a, "--root")) {
                if (folder_option(&opt, a, v, "graph ") != REMIT_EXIT_OK)
                    return REMIT_EXIT_USAGE;
            } else if (set_once(!strcmp(a, "--format") ? &format : !strcmp(a, "--matter") ? &go.matter
                                                                                           : &output,
                                a, v, "graph ") != REMIT_EXIT_OK)
                return REMIT_EXIT_USAGE;
            if (!strcmp(a, "--format")) {
                if (strcmp(v, "dot") != 0 && strcmp(v, "svg") != 0)
                    return usage_error("unknown format '%s': use dot or svg", v, "graph ");
                svg = !strcmp(v, "svg");
            }
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
    if (svg && !find_on_path("dot", dot, sizeof dot)) {
        fprintf(stderr, "remit: --format svg needs Graphviz's dot, which is not on PATH\n"
                        "  install Graphviz (Debian: apt-get install graphviz), or write DOT with\n"
                        "  --format dot and draw it elsewhere\n");
        return REMIT_EXIT_USAGE;
    }
    find_installed_stdlib(&opt);
    int rc;
    remit_policy *p = compile_policy(&opt, policy, "no graph can be drawn", output, false, &rc);
    if (!p)
        return rc;
    /* drawn in memory first: nothing is written unless all of it can be */
    char *text = NULL, why[300] = "";
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    remit_status st = mem ? remit_graph(p, mem, &go, why, sizeof why) : REMIT_E_NOMEM;
    if (mem && (fclose(mem) != 0 || !text) && st == REMIT_OK)
        st = REMIT_E_NOMEM;
    remit_policy_free(p);
    if (st != REMIT_OK) {
        remit_fprintf_escaped(stderr, "remit: %s\n", *why ? why : "out of memory drawing the graph");
        free(text);
        return exit_of_status(st);
    }
    out_file o;
    if (!out_open(&o, output)) {
        free(text);
        return REMIT_EXIT_USAGE;
    }
    if (svg)
        rc = run_dot(dot, text, len, fileno(o.f));
    else
        fwrite(text, 1, len, o.f);
    free(text);
    return out_close(&o, rc == REMIT_EXIT_OK) ? rc : REMIT_EXIT_USAGE;
}

/* ---- remit fmt ---------------------------------------------------------- */

static const char *const fmt_usage =
    "usage: remit fmt [options] PATH...\n"
    "       remit fmt -\n"
    "\n"
    "Lay out each policy FILE in Remit's one layout (SPEC 11.13): statements\n"
    "indented by the blocks they are in, one space between words, comments\n"
    "kept where they are, the author's line breaks kept.  Only the layout\n"
    "changes, never what the policy says.  A folder is searched, with its\n"
    "folders, for *.remit files.  With no option, the one FILE laid out is\n"
    "written to standard output; `-` reads the policy from standard input.\n"
    "\n"
    "options:\n"
    "  --write, -w   rewrite each file that is not laid out, in place\n"
    "  --check       change nothing: name each file that is not laid out\n"
    "  --diff        change nothing: show what would change, as a unified diff\n"
    "  --help        show this help\n"
    "\n"
    "exit codes: 0 laid out (or nothing to change), 1 a policy has a fault of\n"
    "syntax or (--check, --diff) a file is not laid out, 2 usage, unreadable\n"
    "or unwritable file\n";

/* The lines of a text, as offsets: line i is [at[i], at[i + 1]). */
typedef struct fmt_lines {
    const char *t;
    size_t *at, n;
} fmt_lines;

static bool fmt_split(const char *t, size_t len, fmt_lines *l)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += t[i] == '\n';
    n += len && t[len - 1] != '\n';
    l->t = t;
    l->n = n;
    if (!(l->at = malloc((n + 1) * sizeof *l->at)))
        return false;
    size_t k = 0;
    l->at[0] = 0;
    for (size_t i = 0; i < len; i++)
        if (t[i] == '\n')
            l->at[++k] = i + 1;
    l->at[n] = len;
    return true;
}

static bool fmt_same_line(const fmt_lines *a, size_t i, const fmt_lines *b, size_t j)
{
    size_t la = a->at[i + 1] - a->at[i], lb = b->at[j + 1] - b->at[j];
    return la == lb && !memcmp(a->t + a->at[i], b->t + b->at[j], la);
}

/* One line of a diff: ' ', '-' or '+', and the line (a line without its
 * \n at the end of the text says so, as diff does). */
static void fmt_diff_line(char op, const fmt_lines *l, size_t i)
{
    size_t s = l->at[i], e = l->at[i + 1];
    bool nl = e > s && l->t[e - 1] == '\n';
    fputc(op, stdout);
    fwrite(l->t + s, 1, e - s, stdout);
    if (!nl)
        fputs("\n\\ No newline at end of file\n", stdout);
}

enum { FMT_EQ, FMT_DEL, FMT_ADD };
enum { FMT_MAX_D = 1000, FMT_CONTEXT = 3 };

/* The edits that make b of a: for the lines between the common head and
 * tail, Myers' shortest edit script (O(ND)); past FMT_MAX_D edits, the
 * rest is one block of lines taken out and put in (still a true diff,
 * not the shortest).  ops gets na + nb entries at most; returns how many,
 * or SIZE_MAX when memory runs out. */
static size_t fmt_edits(const fmt_lines *a, const fmt_lines *b, unsigned char *ops)
{
    size_t n = 0, head = 0, ta = a->n, tb = b->n;
    while (head < ta && head < tb && fmt_same_line(a, head, b, head))
        ops[n++] = FMT_EQ, head++;
    size_t tail = 0;
    while (ta - tail > head && tb - tail > head && fmt_same_line(a, ta - tail - 1, b, tb - tail - 1))
        tail++;
    long N = (long)(ta - tail - head), M = (long)(tb - tail - head), max = N + M;
    long cap = max < FMT_MAX_D ? max : FMT_MAX_D;
    /* v of each d kept for the way back: d * 2 + 1 entries at step d */
    long *trace = malloc((size_t)(cap + 1) * (size_t)(2 * cap + 3) * sizeof *trace);
    long *v = malloc((size_t)(2 * cap + 3) * sizeof *v);
    if (!trace || !v) {
        free(trace);
        free(v);
        return SIZE_MAX;
    }
    long off = cap + 1, found = -1;
    v[off + 1] = 0;
    for (long d = 0; d <= cap && found < 0; d++) {
        for (long k = -d; k <= d; k += 2) {
            long x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1] : v[off + k - 1] + 1;
            long y = x - k;
            while (x < N && y < M && fmt_same_line(a, head + (size_t)x, b, head + (size_t)y))
                x++, y++;
            v[off + k] = x;
            if (x >= N && y >= M) {
                found = d;
                break;
            }
        }
        memcpy(trace + d * (2 * cap + 3), v, (size_t)(2 * cap + 3) * sizeof *v);
    }
    unsigned char *mid = ops + n;
    size_t nmid = 0;
    if (found < 0) { /* too many edits: the middle out, then in */
        for (long i = 0; i < N; i++)
            mid[nmid++] = FMT_DEL;
        for (long j = 0; j < M; j++)
            mid[nmid++] = FMT_ADD;
    } else { /* back from (N, M), the script written from its end */
        long x = N, y = M;
        size_t w = (size_t)(N + M + found); /* room enough: filled from the end, moved down after */
        unsigned char *rev = malloc(w + 1);
        if (!rev) {
            free(trace);
            free(v);
            return SIZE_MAX;
        }
        size_t r = 0;
        for (long d = found; d > 0; d--) {
            const long *pv = trace + (d - 1) * (2 * cap + 3);
            long k = x - y;
            long pk = (k == -d || (k != d && pv[off + k - 1] < pv[off + k + 1])) ? k + 1 : k - 1;
            long px = pv[off + pk], py = px - pk;
            while (x > px && y > py)
                rev[r++] = FMT_EQ, x--, y--;
            rev[r++] = pk == k + 1 ? FMT_ADD : FMT_DEL;
            x = px;
            y = py;
        }
        while (x > 0 && y > 0)
            rev[r++] = FMT_EQ, x--, y--;
        while (r)
            mid[nmid++] = rev[--r];
        free(rev);
    }
    free(trace);
    free(v);
    n += nmid;
    for (size_t i = 0; i < tail; i++)
        ops[n++] = FMT_EQ;
    return n;
}

/* A unified diff of a (named `from`) against b (`to`) to standard output;
 * false when memory runs out. */
static bool fmt_diff(const char *from, const char *at, size_t alen, const char *to, const char *bt, size_t blen)
{
    fmt_lines a, b;
    if (!fmt_split(at, alen, &a))
        return false;
    if (!fmt_split(bt, blen, &b)) {
        free(a.at);
        return false;
    }
    unsigned char *ops = malloc(a.n + b.n + 1);
    size_t n = ops ? fmt_edits(&a, &b, ops) : SIZE_MAX;
    if (n == SIZE_MAX) {
        free(ops);
        free(a.at);
        free(b.at);
        return false;
    }
    remit_fprintf_escaped(stdout, "--- %s\n", from);
    remit_fprintf_escaped(stdout, "+++ %s\n", to);
    size_t i = 0, ai = 0, bi = 0;
    while (i < n) {
        while (i < n && ops[i] == FMT_EQ)
            i++, ai++, bi++;
        if (i >= n)
            break;
        /* a hunk: from FMT_CONTEXT lines before this change to FMT_CONTEXT
         * after the last change that is no further than 2 * FMT_CONTEXT on */
        size_t back = ai < FMT_CONTEXT ? ai : FMT_CONTEXT;
        back = bi < back ? bi : back;
        size_t hs = i - back, end = i, eq = 0;
        for (size_t k = i; k < n; k++) {
            if (ops[k] == FMT_EQ) {
                if (++eq > 2 * FMT_CONTEXT)
                    break;
            } else {
                eq = 0;
                end = k + 1;
            }
        }
        size_t he = end + FMT_CONTEXT < n ? end + FMT_CONTEXT : n;
        for (size_t k = end; k < he; k++)
            if (ops[k] != FMT_EQ) {
                he = k;
                break;
            }
        size_t a0 = ai - back, b0 = bi - back, ac = 0, bc = 0;
        for (size_t k = hs; k < he; k++) {
            ac += ops[k] != FMT_ADD;
            bc += ops[k] != FMT_DEL;
        }
        printf("@@ -%zu,%zu +%zu,%zu @@\n", ac ? a0 + 1 : a0, ac, bc ? b0 + 1 : b0, bc);
        size_t x = a0, y = b0;
        for (size_t k = hs; k < he; k++) {
            if (ops[k] == FMT_EQ)
                fmt_diff_line(' ', &a, x++), y++;
            else if (ops[k] == FMT_DEL)
                fmt_diff_line('-', &a, x++);
            else
                fmt_diff_line('+', &b, y++);
        }
        ai = x;
        bi = y;
        i = he;
    }
    free(ops);
    free(a.at);
    free(b.at);
    return true;
}

typedef enum { FMT_PRINT, FMT_WRITE, FMT_CHECK, FMT_DIFF } fmt_mode;

/* A regular file read whole into in (its text, for free()); false when it
 * is none or cannot be read: then the library reads it, and says why. */
static bool fmt_read(const char *path, remit_input *in)
{
    FILE *f = fopen(path, "rb");
    struct stat sb;
    if (!f)
        return false;
    if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        fclose(f);
        return false;
    }
    return read_stream(f, path, in);
}

/* text (len bytes) in place of the regular file at path, with its
 * permissions, all of it or nothing: a new file beside it (a short name
 * in its folder) takes its place only once all of it is written; the
 * file itself is never written into.  False, said, when it cannot be. */
static bool fmt_replace(const char *path, const char *text, size_t len)
{
    struct stat sb;
    errno = 0;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        remit_fprintf_escaped(stderr, "remit: cannot rewrite '%s': %s\n", path,
                              errno ? strerror(errno) : "it is not a regular file");
        return false;
    }
    char *real = realpath(path, NULL); /* a link: the file it leads to is replaced */
    const char *target = real ? real : path, *slash = strrchr(target, '/');
    size_t dl = slash ? (size_t)(slash - target) + 1 : 0;
    char *tmp = malloc(dl + 32);
    if (!tmp) {
        free(real);
        fprintf(stderr, "remit: out of memory\n");
        return false;
    }
    memcpy(tmp, target, dl);
    strcpy(tmp + dl, ".remit-fmt-XXXXXX");
    int fd = mkstemp(tmp);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    int e = errno;
    bool ok = f && fchmod(fd, sb.st_mode & 07777) == 0;
    if (f) {
        ok = ok && fwrite(text, 1, len, f) == len;
        ok = (fclose(f) == 0) && ok;
        e = errno;
        ok = ok && rename(tmp, target) == 0;
        e = ok ? 0 : errno ? errno : e;
        if (!ok)
            remove(tmp);
    } else if (fd >= 0) {
        close(fd);
        remove(tmp);
    }
    if (!ok)
        remit_fprintf_escaped(stderr, "remit: cannot rewrite '%s'%s%s (it is left as it was)\n", path,
                              e ? ": " : "", e ? strerror(e) : "");
    free(tmp);
    free(real);
    return ok;
}

/* Lay out one file (path; "-" standard input) as mode says; the exit code. */
static int fmt_one(remit_session *s, const char *path, fmt_mode mode)
{
    remit_input in = {path, NULL, NULL, 0};
    bool piped = !strcmp(path, "-");
    struct stat sb;
    if (mode == FMT_WRITE && stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) { /* (a pipe is not waited on) */
        remit_fprintf_escaped(stderr, "remit: cannot rewrite '%s': it is not a regular file\n", path);
        return REMIT_EXIT_USAGE;
    }
    if (piped ? !read_stream(stdin, "standard input", &in) : !fmt_read(path, &in) && !read_piped(path, &in))
        return REMIT_EXIT_USAGE;
    if (mode == FMT_WRITE && in.path) { /* not read: the library says why (R0301) */
        char *none = NULL;
        remit_format_file(s, path, &none, NULL);
        free(none);
        remit_render_text(s, stderr);
        return REMIT_EXIT_USAGE;
    }
    const char *shown = piped ? "<stdin>" : path;
    char *out = NULL, *orig = (char *)in.text; /* the text read once, laid out and compared */
    size_t len = 0, olen = in.len;
    remit_status st = in.text ? remit_format_buffer(s, shown, in.text, in.len, &out, &len)
                              : remit_format_file(s, path, &out, &len);
    if (st != REMIT_OK || !orig) { /* (a file not read here is one that cannot be: the library said why) */
        remit_render_text(s, stderr);
        free(orig);
        free(out);
        return st == REMIT_OK ? REMIT_EXIT_USAGE : exit_of_status(st);
    }
    bool same = olen == len && !memcmp(orig, out, len);
    int rc = REMIT_EXIT_OK;
    switch (mode) {
    case FMT_PRINT:
        fwrite(out, 1, len, stdout);
        break;
    case FMT_CHECK:
        if (!same) {
            remit_fprintf_escaped(stdout, "%s: not laid out as remit fmt lays it out\n", shown);
            rc = REMIT_EXIT_POLICY;
        }
        break;
    case FMT_DIFF:
        if (!same) {
            char to[4200];
            snprintf(to, sizeof to, "%s (remit fmt)", shown);
            if (!fmt_diff(shown, orig, olen, to, out, len)) {
                fprintf(stderr, "remit: out of memory\n");
                rc = REMIT_EXIT_USAGE;
            } else {
                rc = REMIT_EXIT_POLICY;
            }
        }
        break;
    case FMT_WRITE:
        if (!same) {
            if (fmt_replace(path, out, len))
                remit_fprintf_escaped(stdout, "%s: laid out\n", path);
            else
                rc = REMIT_EXIT_USAGE;
        }
        break;
    }
    free(orig);
    free(out);
    return rc;
}

static int cmd_fmt(int argc, char **argv)
{
    fmt_mode mode = FMT_PRINT;
    const char *mode_opt = NULL;
    char **files = calloc((size_t)argc + 1, sizeof *files);
    int nfiles = 0, stdin_given = 0;
    if (!files)
        return REMIT_EXIT_USAGE;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(fmt_usage, stdout);
            free(files);
            return REMIT_EXIT_OK;
        } else if (!strcmp(a, "--write") || !strcmp(a, "-w") || !strcmp(a, "--check") || !strcmp(a, "--diff")) {
            if (mode_opt) {
                int rc = usage_error(strcmp(mode_opt, a) ? "--write, --check and --diff go alone: %s was given too"
                                                         : "%s is given twice: give it once",
                                     mode_opt, "fmt ");
                free(files);
                return rc;
            }
            mode_opt = a;
            mode = a[2] == 'c' ? FMT_CHECK : a[2] == 'd' ? FMT_DIFF : FMT_WRITE;
        } else if (!strcmp(a, "-")) {
            stdin_given++;
            files[nfiles++] = argv[i];
        } else if (a[0] == '-' && a[1]) {
            free(files);
            return usage_error("unknown option '%s'", a, "fmt ");
        } else {
            files[nfiles++] = argv[i];
        }
    }
    const char *bad = !nfiles ? "fmt needs a policy file, a folder, or - for standard input"
                    : stdin_given && nfiles > 1 ? "- (standard input) goes alone, without files"
                    : stdin_given && mode == FMT_WRITE ? "--write rewrites files: standard input has none"
                    : mode == FMT_PRINT && (nfiles > 1 || is_folder(files[0]))
                        ? "fmt writes one policy to standard output: give one file, or --write, --check or --diff"
                        : NULL;
    if (bad) {
        free(files);
        return usage_error("%s", bad, "fmt ");
    }
    int walked = REMIT_EXIT_OK;
    if (!stdin_given && !(files = policy_paths(files, &nfiles, &walked)))
        return REMIT_EXIT_USAGE;
    remit_session *s = remit_session_new(NULL);
    int rc = walked;
    for (int f = 0; s && f < nfiles; f++) {
        int r = fmt_one(s, files[f], mode);
        rc = r > rc ? r : rc; /* 2 over 1 over 0 */
    }
    if (!s) {
        fprintf(stderr, "remit: out of memory\n");
        rc = REMIT_EXIT_USAGE;
    }
    remit_session_free(s);
    if (stdin_given)
        free(files);
    else
        free_paths(files, nfiles);
    return rc;
}

/* ---- remit lsp ---------------------------------------------------------- */

static const char *const lsp_usage =
    "usage: remit lsp [--stdlib DIR] [--root DIR]\n"
    "\n"
    "Serve the Language Server Protocol on standard input and output, for\n"
    "editors (SPEC 11.12): diagnostics as you type, hover, go to definition\n"
    "across `use`, completion of names and words, and formatting through\n"
    "remit fmt.  editors/ holds a VS Code extension and Vim files that start it.\n"
    "\n"
    "options:\n"
    "  --stdlib DIR   where `use nhs.x` finds the standard library\n"
    "  --root DIR     the folder that `use \"file\"` may not leave\n"
    "  --help         show this help\n"
    "\n"
    "exit codes: 0 after `shutdown` then `exit`, 1 when the editor left without\n"
    "`shutdown` or sent a message without a Content-Length, 2 usage, output\n"
    "that cannot be written, or out of memory\n";

static int cmd_lsp(int argc, char **argv)
{
    remit_options opt;
    memset(&opt, 0, sizeof opt);
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(lsp_usage, stdout);
            return REMIT_EXIT_OK;
        } else if (!strcmp(a, "--stdlib") || !strcmp(a, "--root")) {
            if (i + 1 >= argc)
                return usage_error("%s needs a value", a, "lsp ");
            if (folder_option(&opt, a, argv[++i], "lsp ") != REMIT_EXIT_OK)
                return REMIT_EXIT_USAGE;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option '%s'", a, "lsp ");
        } else {
            return usage_error("unexpected '%s': the editor sends the policies", a, "lsp ");
        }
    }
    find_installed_stdlib(&opt);
    signal(SIGPIPE, SIG_IGN); /* an editor gone: a failed write (exit 2), not a signal */
    remit_status st = remit_lsp(stdin, stdout, stderr, &opt);
    return st == REMIT_OK ? REMIT_EXIT_OK : st == REMIT_E_INPUT ? REMIT_EXIT_POLICY : REMIT_EXIT_USAGE;
}

/* Remove path and, for a folder, all it holds (Chromium's profile and
 * the files handed to it), not following links. */
static void remove_tree(const char *path)
{
    struct stat st;
    DIR *d = lstat(path, &st) == 0 && S_ISDIR(st.st_mode) ? opendir(path) : NULL;
    for (struct dirent *e; d && (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        size_t n = strlen(path) + strlen(e->d_name) + 2;
        char *sub = malloc(n);
        if (sub) {
            snprintf(sub, n, "%s/%s", path, e->d_name);
            remove_tree(sub);
            free(sub);
        }
    }
    if (d)
        closedir(d);
    remove(path);
}

/* Print len bytes of HTML to PDF with headless Chromium (at `browser`),
 * into out.  Chromium is run directly, not by a shell, on a copy of the
 * page in a new private folder, with a profile of its own there that
 * goes with it.  Its sandbox is off (--no-sandbox): it cannot start as
 * root or in most containers, and the page it reads is ours, with no
 * script and nothing fetched.  Returns REMIT_EXIT_OK, or
 * REMIT_EXIT_USAGE having said why. */
/* How long Chromium may take to print a PDF: REMIT_PDF_TIMEOUT seconds
 * (1 to 86400), else 120; -1, said, when the variable is no such number. */
static int pdf_timeout(void)
{
    const char *v = getenv("REMIT_PDF_TIMEOUT");
    if (!v)
        return 120;
    char *end;
    long n = strtol(v, &end, 10);
    if (!*v || *end || n < 1 || n > 86400) {
        remit_fprintf_escaped(stderr, "remit: REMIT_PDF_TIMEOUT is '%s': give a whole number of seconds from 1 to "
                                      "86400, or leave it unset for 120\n", v);
        return -1;
    }
    return (int)n;
}

static int print_pdf(const char *browser, const char *html, size_t len, FILE *out, int timeout)
{
    const char *tmp = getenv("TMPDIR");
    char dir[4096], page[4200], pdf[4200], profile[4200], arg_pdf[4300], arg_profile[4300], url[4300];
    snprintf(dir, sizeof dir, "%s/remit-doc-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        remit_fprintf_escaped(stderr, "remit: cannot make a folder to print the PDF in: %s\n", strerror(errno));
        return REMIT_EXIT_USAGE;
    }
    snprintf(page, sizeof page, "%s/scheme.html", dir);
    snprintf(pdf, sizeof pdf, "%s/scheme.pdf", dir);
    snprintf(profile, sizeof profile, "%s/profile", dir);
    snprintf(arg_pdf, sizeof arg_pdf, "--print-to-pdf=%s", pdf);
    snprintf(arg_profile, sizeof arg_profile, "--user-data-dir=%s", profile);
    size_t u = (size_t)snprintf(url, sizeof url, "file://");
    for (const unsigned char *c = (const unsigned char *)page; *c && u + 4 < sizeof url; c++) {
        if (strchr("/-._~", *c) || (*c >= '0' && *c <= '9') || ((*c | 0x20) >= 'a' && (*c | 0x20) <= 'z'))
            url[u++] = (char)*c; /* a URL: the folder's name may hold a space, '#' or '%' (TMPDIR) */
        else
            u += (size_t)snprintf(url + u, sizeof url - u, "%%%02X", *c);
    }
    url[u] = '\0';
    int rc = REMIT_EXIT_USAGE;
    FILE *f = fopen(page, "w");
    bool ok = f && fwrite(html, 1, len, f) == len;
    if (f && fclose(f) != 0)
        ok = false;
    if (!ok) {
        remit_fprintf_escaped(stderr, "remit: cannot write the page to print in '%s': %s\n", dir, strerror(errno));
        goto done;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        remit_fprintf_escaped(stderr, "remit: cannot run %s: %s\n", browser, strerror(errno));
        goto done;
    }
    if (pid == 0) {
        setpgid(0, 0); /* a group of its own, Chromium's helpers with it: stopped together */
        int null = open("/dev/null", O_RDWR);
        if (null >= 0) { /* Chromium talks; what it says is not the user's */
            dup2(null, STDIN_FILENO);
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
        }
        execl(browser, browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--no-first-run", "--disable-extensions", "--no-pdf-header-footer", arg_profile, arg_pdf, url,
              (char *)NULL);
        _exit(127);
    }
    setpgid(pid, pid);
    int st = 0;
    double until = now_seconds() + timeout;
    for (;;) { /* waited on, up to the timeout: a Chromium that hangs is stopped */
        pid_t w = waitpid(pid, &st, WNOHANG);
        if (w == pid || (w < 0 && errno != EINTR))
            break;
        if (now_seconds() > until) {
            kill(-pid, SIGKILL);
            while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
                ;
            remit_fprintf_escaped(stderr, "remit: %s did not finish printing the PDF within %d seconds, so it was "
                                          "stopped (REMIT_PDF_TIMEOUT gives it longer)\n", browser, timeout);
            goto done;
        }
        struct timespec nap = {0, 20 * 1000 * 1000};
        nanosleep(&nap, NULL);
    }
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
            remit_fprintf_escaped(stderr, "remit: cannot run %s\n", browser);
        else if (WIFEXITED(st))
            remit_fprintf_escaped(stderr, "remit: %s failed (exit status %d) printing the PDF\n", browser,
                                  WEXITSTATUS(st));
        else
            remit_fprintf_escaped(stderr, "remit: %s was stopped by signal %d printing the PDF\n", browser,
                                  WIFSIGNALED(st) ? WTERMSIG(st) : 0);
        goto done;
    }
    /* read whole, and the folder removed, before a byte is written: a
     * reader that stops early (SIGPIPE) leaves nothing behind */
    FILE *in = fopen(pdf, "rb");
    char *data = NULL;
    size_t n = 0, cap = 0;
    bool read_ok = in != NULL;
    while (read_ok) {
        if (n == cap) {
            char *more = realloc(data, cap = cap ? 2 * cap : 1 << 20);
            if (!more) {
                read_ok = false;
                break;
            }
            data = more;
        }
        size_t k = fread(data + n, 1, cap - n, in);
        n += k;
        if (k == 0) {
            read_ok = !ferror(in);
            break;
        }
    }
    if (in)
        fclose(in);
    remove_tree(dir);
    if (!read_ok || n < 4 || memcmp(data, "%PDF", 4) != 0)
        remit_fprintf_escaped(stderr, "remit: %s printed no PDF\n", browser);
    else {
        fwrite(data, 1, n, out); /* a failed write is out_close's to say */
        rc = REMIT_EXIT_OK;
    }
    free(data);
    return rc;
done:
    remove_tree(dir);
    return rc;
}

/* `remit doc POLICY` (SPEC 11.13) */
static int cmd_doc(int argc, char **argv)
{
    remit_options opt;
    memset(&opt, 0, sizeof opt);
    const char *policy = NULL, *output = NULL, *format = NULL;
    int pdf = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(doc_usage, stdout);
            return REMIT_EXIT_OK;
        } else if (!strcmp(a, "--format") || !strcmp(a, "-o") || !strcmp(a, "--stdlib") || !strcmp(a, "--root")) {
            if (i + 1 >= argc)
                return usage_error(strcmp(a, "--format") ? "%s needs a value" : "%s needs a value: html or pdf", a,
                                   "doc ");
            const char *v = argv[++i];
            if (!strcmp(a, "--stdlib") || !strcmp(a, "--root")) {
                if (folder_option(&opt, a, v, "doc ") != REMIT_EXIT_OK)
                    return REMIT_EXIT_USAGE;
            } else if (set_once(!strcmp(a, "--format") ? &format : &output, a, v, "doc ") != REMIT_EXIT_OK) {
                return REMIT_EXIT_USAGE;
            }
            if (!strcmp(a, "--format")) {
                if (strcmp(v, "html") != 0 && strcmp(v, "pdf") != 0)
                    return usage_error("unknown format '%s': use html or pdf", v, "doc ");
                pdf = !strcmp(v, "pdf");
            }
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option '%s'", a, "doc ");
        } else if (!policy) {
            policy = a;
        } else {
            return usage_error("unexpected '%s': give one policy", a, "doc ");
        }
    }
    if (!policy)
        return usage_error("%s", "doc needs a policy file", "doc ");
    char browser[4096];
    int timeout = pdf ? pdf_timeout() : 0;
    if (timeout < 0)
        return REMIT_EXIT_USAGE;
    if (pdf && !find_on_path("chromium", browser, sizeof browser) &&
        !find_on_path("chromium-browser", browser, sizeof browser)) {
        fprintf(stderr, "remit: --format pdf needs Chromium, which is not on PATH\n"
                        "  install Chromium (Debian: apt-get install chromium), or write HTML with\n"
                        "  --format html and print it from a browser\n");
        return REMIT_EXIT_USAGE;
    }
    find_installed_stdlib(&opt);
    remit_session *s = remit_session_new(&opt);
    if (!s) {
        fprintf(stderr, "remit: out of memory\n");
        return REMIT_EXIT_USAGE;
    }
    remit_status st = remit_check_file(s, policy);
    if (st != REMIT_OK || remit_error_count(s)) {
        remit_render_text(s, stderr);
        remit_fprintf_escaped(stderr, "%s: the policy has errors, so no scheme can be written\n", policy);
        remit_session_free(s);
        return st != REMIT_OK ? exit_of_status(st) : REMIT_EXIT_POLICY;
    }
    if (writes_over(s, output, policy, "the policy being written up", "the scheme")) {
        remit_session_free(s);
        return REMIT_EXIT_USAGE;
    }
    /* written in memory first: nothing is written unless all of it can be */
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    st = mem ? remit_doc_html(s, mem) : REMIT_E_NOMEM;
    if (mem && (fclose(mem) != 0 || !text) && st == REMIT_OK)
        st = REMIT_E_NOMEM;
    remit_session_free(s);
    if (st != REMIT_OK) {
        remit_fprintf_escaped(stderr, "remit: out of memory writing the scheme of %s\n", policy);
        free(text);
        return exit_of_status(st);
    }
    out_file o;
    if (!out_open(&o, output)) {
        free(text);
        return REMIT_EXIT_USAGE;
    }
    int rc = REMIT_EXIT_OK;
    if (pdf)
        rc = print_pdf(browser, text, len, o.f, timeout);
    else
        fwrite(text, 1, len, o.f);
    free(text);
    return out_close(&o, rc == REMIT_EXIT_OK) ? rc : REMIT_EXIT_USAGE;
}

static int run(int argc, char **argv);

/* Every byte a command writes to standard output must get there: a
 * failed write (a full disk, a file size limit) is an error, never an
 * exit code that says all went well; said here, once. */
int main(int argc, char **argv)
{
    signal(SIGXFSZ, SIG_IGN); /* past a file size limit, write fails: say so */
    int rc = run(argc, argv);
    int flushed = fflush(stdout) == 0, e = errno;
    if (!flushed || ferror(stdout) || write_failed) {
        const char *why = !flushed ? strerror(e) : write_failed ? strerror(write_failed) : NULL;
        remit_fprintf_escaped(stderr, "remit: cannot write 'standard output'%s%s\n", why ? ": " : "", why ? why : "");
        rc = REMIT_EXIT_USAGE;
    }
    return rc;
}

static int run(int argc, char **argv)
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
        static const struct {
            const char *cmd, *const *usage;
        } help[] = {{"check", &check_usage}, {"eval", &eval_usage}, {"who", &who_usage}, {"test", &test_usage},
                    {"graph", &graph_usage}, {"diff", &diff_usage}, {"audit", &audit_usage},
                    {"merge", &merge_usage}, {"stress", &stress_usage}, {"doc", &doc_usage},
                    {"fmt", &fmt_usage}, {"lsp", &lsp_usage}};
        for (size_t i = 0; i < sizeof help / sizeof *help; i++)
            if (!strcmp(argv[2], help[i].cmd)) {
                fputs(*help[i].usage, stdout);
                return REMIT_EXIT_OK;
            }
        return usage_error("there is no command '%s'", argv[2], "");
    }
    if (!strcmp(cmd, "check"))
        return cmd_check(argc - 2, argv + 2);
    if (!strcmp(cmd, "eval"))
        return cmd_eval(argc - 2, argv + 2);
    if (!strcmp(cmd, "who"))
        return cmd_who(argc - 2, argv + 2);
    if (!strcmp(cmd, "test"))
        return cmd_test(argc - 2, argv + 2);
    if (!strcmp(cmd, "graph"))
        return cmd_graph(argc - 2, argv + 2);
    if (!strcmp(cmd, "doc"))
        return cmd_doc(argc - 2, argv + 2);
    if (!strcmp(cmd, "diff"))
        return cmd_diff(argc - 2, argv + 2);
    if (!strcmp(cmd, "audit"))
        return cmd_audit(argc - 2, argv + 2);
    if (!strcmp(cmd, "merge"))
        return cmd_merge(argc - 2, argv + 2);
    if (!strcmp(cmd, "stress"))
        return cmd_stress(argc - 2, argv + 2);
    if (!strcmp(cmd, "fmt"))
        return cmd_fmt(argc - 2, argv + 2);
    if (!strcmp(cmd, "lsp"))
        return cmd_lsp(argc - 2, argv + 2);
    return usage_error("there is no command '%s'", cmd, "");
}
