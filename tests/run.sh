#!/bin/sh
# tests/run.sh BUILD_DIR... - run every suite against each build directory
# (the normal build, then the sanitizer build) and print one closing line
# "N passed, N failed".  Exit status 0 only when nothing failed.
#
# Suites:
#   unit     cmocka binaries BUILD/tests/test_*
#   check    golden files tests/check/*.remit: the whole output of
#            `remit check` (plus "exit: N") must equal tests/check/NAME.out;
#            a first line "# args: ..." adds options
#   cover    golden test runs tests/cover/*.test.yaml: the whole output of
#            `remit test [args] FILE` (a first line "# args: ..." gives the
#            options, --coverage and --coverage-min among them, and may name
#            more test files) plus "exit: N" must equal tests/cover/NAME.out
#   eval     golden decisions tests/eval/*.yaml: a first line "# policy: FILE"
#            (and optionally "# args: ...", and "# command: who" for remit
#            who); the whole output of `remit eval [args] FILE
#            tests/eval/NAME.yaml` plus "exit: N" must equal tests/eval/NAME.out
#   examples every policy in examples/ and stdlib-policies/ checks clean,
#            and `remit test` passes on both folders
#   witness  every example decision an analysis prints in tests/check/*.out
#            is evaluated and must get the outcome printed with it
#   bad      hostile inputs generated on the fly (tests/bad-input.sh for
#            policies, tests/eval-bad.sh for decisions, histories, batches)
#   bounds   the bounds of compiling (tests/bounds.sh): 10,000 rules of
#            each kind and one precedence line over 10,000 rules, generated
#            by BUILD/bench/genpolicy (2,000 in the sanitizer build, where
#            everything runs several times slower)
#   graph    golden drawings tests/graph/*.remit: what `remit graph [args]
#            FILE` prints must equal tests/graph/NAME.dot, exit 0 and nothing
#            on standard error (a first line "# args: ..." adds options);
#            then tests/graph/bad.sh: usage errors, and --format svg through
#            a fake dot, so that Graphviz is not needed (and through the real
#            one where it is installed); then tools/graphs.sh --check: the
#            pictures in docs/ are current, and, where Graphviz is installed,
#            every drawing renders without a warning and no example is wider
#            than 2,000 points
#   export   `remit check --emit json` (tests/export/run.sh): golden
#            exports tests/export/NAME.json, each checked as JSON and
#            against the shape SPEC 11.9 gives (tests/export/schema.py),
#            and the bad cases
#   edges    tests/edges.py: folders (deep, link loops, FIFOs), batch
#            streams (over-long lines, read errors, memory caps), failed
#            writes, repeated options, graph -o; fixed cases and generated
#            folder trees and streams (SPEC 10.3)
#   plans    tests/plans.py: a batch's lines, typed by plan, give what each
#            line gives alone; a history by shape and plan what it gives as
#            YAML (SPEC 7.12)
#   solib    tests/solib.sh: BUILD/libremit.so exports exactly what
#            remit.h declares and has the soname libremit.so.MAJOR; for the
#            first build (not the sanitizer build) also one version
#            everywhere, the man pages (groff warnings, one section per
#            command and function), and make install into a temporary
#            stage, examples/embed/validator.c built there with pkg-config
#            (shared and static) and run, and make uninstall leaving
#            nothing behind
#   (REMIT_TEST_TIMES=FILE: the seconds each suite took, appended to FILE)
#   codes    every diagnostic code the sources give is listed once in
#            SPEC 9, which lists no other (tests/codes.py)
#   readme   every policy README.md prints passes remit check (tests/readme.py)
#   transcripts  every `$ build/remit ...` transcript examples/README.md,
#            README.md, docs/commands.md and docs/first-scheme.md print is what the command
#            prints, with the files the pages have the reader write
#            (tests/transcripts.py says how a page marks them;
#            `python3 tests/transcripts.py build/remit --update` rewrites them)
#   findings tests/findings.py: remit check --format json, sarif and github
#            on every policy of tests/check and the examples, validated
#            against schemas/remit.diagnostics-1.schema.json and the official
#            SARIF 2.1.0 schema (tests/sarif/), agreeing finding for finding
#   schemas  tests/schemas.py: every JSON document Remit writes (the eval
#            goldens, eval, --why-not, who and --batch on the examples, the
#            exports) validated against its JSON Schema in schemas/, each
#            schema shown to reject real documents broken on purpose
#   fmt      tests/fmt.py: remit fmt's goldens (tests/fmt), its options, and
#            every policy in the repository laid out once and for all with
#            its comments kept, and (the first build) checking as before:
#            the same export but for places, the same diagnostics
#   lsp      tests/lsp.py: remit lsp driven by a scripted client (diagnostics,
#            hover, definition, completion, formatting, the faults), and
#            editors/: the VS Code extension and Vim files name every word
#   diff     tests/diff.py: remit diff on the ICB scheme and versions of it
#            changed on purpose; every witness re-evaluated by remit eval
#   audit    tests/audit.py: remit audit on the example ledger and the ledgers
#            of tests/audit (goldens, the schema, each line against remit
#            eval with the lines above it), and on generated ledgers with
#            breaches seeded at known lines (tools/audit/genledger.py)
#   stress   tests/stress.py: remit stress on the example scenario and the
#            scenarios of tests/stress (goldens tests/stress/NAME.cmd ->
#            NAME.out, faults and usage errors among them), its JSON
#            against schemas/remit.stress-1.schema.json and its numbers
#            against one another, the same bytes for the same --seed, and
#            each decision a run permitted to a role permitted by remit eval
#            and shards merged by remit merge into the bytes of the whole run
#   html     (the first build only) tests/html.py: remit stress --format
#            html, well-formed, self-contained, and laid out in headless
#            Chromium: every chart, bar and row there, no label on another,
#            no error, not blank; merged from shards byte for byte
#   doc      (the first build only) tests/doc.py: remit doc on the
#            examples (their documents under docs/scheme/ kept current) and
#            the goldens tests/doc/*.html, each against its policy's export,
#            laid out in headless Chromium at an A4 page's width, printed to
#            PDF; usage errors and bad input
#   scale    (the first build only) tests/scale.py: the recipes of
#            docs/scale.md run for real: GNU parallel (stress and audit
#            shards merged byte for byte), the Kubernetes Indexed Job's and
#            the Slurm array's scripts run locally, their manifests checked
#   ci       tests/ci_recipes.py: the CI recipes of docs/ci.md (GitHub
#            Actions, GitLab CI) run for real on a small repository, and the
#            pre-commit hook tools/pre-commit in a scratch git repository
#   testreports  tests/testreports.py: remit test --format text, json, junit,
#            sarif and github, with and without --name, on passing, failing
#            and broken test files: valid, and counting alike
#   fuzz     every input the fuzzers ever found a fault with
#            (tests/fuzz/regress/), replayed through BUILD/replay/
#   difftest (the first build only, not the sanitizer build) the unit
#            tests of tools/difftest/ and of tools/reference/, and a
#            fixed-seed smoke run comparing `remit eval` with the reference
#            evaluator (tests/difftest.sh)
set -u
cd "$(dirname "$0")/.." || exit 2
total_pass=0
total_fail=0
failed_names=""

pass() { total_pass=$((total_pass + 1)); }
fail() { total_fail=$((total_fail + 1)); failed_names="$failed_names
  $1"; echo "FAIL $1"; }

# tally NAME CONTEXT OUTPUT: count the PASS and FAIL lines of a suite's
# OUTPUT, showing each FAIL line with CONTEXT lines after it.
tally() {
    if [ -n "${REMIT_TEST_TIMES:-}" ]; then # where the time goes: seconds since the last tally
        now=$(date +%s)
        echo "$1: $((now - ${last_tally:-$now}))s" >>"$REMIT_TEST_TIMES"
        last_tally=$now
    fi
    if [ "$2" -eq 0 ]; then
        printf '%s\n' "$3" | grep '^FAIL' || true
    else
        printf '%s\n' "$3" | grep -A"$2" '^FAIL' || true
    fi
    np=$(printf '%s\n' "$3" | grep -c '^PASS')
    nf=$(printf '%s\n' "$3" | grep -c '^FAIL')
    total_pass=$((total_pass + np))
    total_fail=$((total_fail + nf))
    [ "$nf" -eq 0 ] || failed_names="$failed_names
  $1 ($nf)"
}

# Run remit on one golden file and print what it prints, then its exit code.
golden_output() {
    remit=$1 file=$2
    args=$(sed -n '1s/^# args: //p' "$file")
    # shellcheck disable=SC2086
    timeout 60 "$remit" check $args "$file" 2>&1
    echo "exit: $?"
}

# Evaluate one golden decision and print what remit prints, then its exit code.
eval_output() {
    remit=$1 file=$2
    policy=$(sed -n 's/^# policy: //p' "$file" | head -1)
    args=$(sed -n 's/^# args: //p' "$file" | head -1)
    cmd=$(sed -n 's/^# command: //p' "$file" | head -1)
    # shellcheck disable=SC2086
    timeout 60 "$remit" ${cmd:-eval} $args "$policy" "$file" 2>&1
    echo "exit: $?"
}

# Run one golden test file and print what remit test prints, then its exit code.
cover_output() {
    remit=$1 file=$2
    args=$(sed -n '1s/^# args: //p' "$file")
    # shellcheck disable=SC2086
    timeout 60 "$remit" test $args "$file" 2>&1
    echo "exit: $?"
}

# Draw one golden policy; the exit code is printed only when it is not 0.
graph_output() {
    remit=$1 file=$2
    args=$(sed -n '1s/^# args: //p' "$file")
    # shellcheck disable=SC2086
    timeout 60 "$remit" graph $args "$file" 2>&1
    rc=$?
    [ "$rc" -eq 0 ] || echo "exit: $rc"
}

# golden KIND FILE EXPECTED PRINTER: what PRINTER prints for FILE must
# equal the file EXPECTED.
golden() {
    kind=$1 file=$2 exp=$3 printer=$4
    if [ ! -f "$exp" ]; then
        fail "$build $kind $file (no $exp)"
        return
    fi
    got=$($printer "$remit" "$file")
    if [ "$got" = "$(cat "$exp")" ]; then
        pass
    else
        fail "$build $kind $file"
        printf '%s\n' "$got" | diff "$exp" - | head -20
    fi
}

# run_build BUILD COUNTS: every suite against one build; its totals and
# the names of what failed are written to the file COUNTS (a line
# "PASSED FAILED", then a name a line)
run_build() {
    build=$1
    total_pass=0
    total_fail=0
    failed_names=""
    last_tally=$(date +%s)
    remit="$build/remit"
    echo "== $build"
    # ---- unit
    # (test_oom forks a child for each allocation it fails, a few thousand
    # in all: about a minute in the sanitizer build, more on a busy machine)
    for t in "$build"/tests/test_*; do
        [ -x "$t" ] || continue
        out=$(CMOCKA_MESSAGE_OUTPUT=stdout timeout 400 "$t" 2>&1)
        rc=$?
        np=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
        nf=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
        total_pass=$((total_pass + ${np:-0}))
        if [ "$rc" -ne 0 ] || [ -n "$nf" ] || [ -z "$np" ]; then
            printf '%s\n' "$out" | grep -E 'FAILED|ERROR|error|Sanitizer' | head -20
            fail "$build unit $(basename "$t") (${nf:-?} failed, exit $rc)"
        fi
    done
    # ---- golden policies and golden decisions
    for f in tests/check/*.remit; do
        golden check "$f" "${f%.remit}.out" golden_output
    done
    for f in tests/eval/*.yaml; do
        [ -f "$f" ] || continue
        golden eval "$f" "${f%.yaml}.out" eval_output
    done
    for f in tests/cover/*.test.yaml; do
        golden cover "$f" "${f%.test.yaml}.out" cover_output
    done
    # ---- remit graph: golden drawings, then bad command lines and svg
    for f in tests/graph/*.remit; do
        golden graph "$f" "${f%.remit}.dot" graph_output
    done
    tally "$build graph-bad" 5 "$(sh tests/graph/bad.sh "$remit")"
    tally "$build graph-docs" 10 "$(sh tools/graphs.sh --check "$remit")"
    # ---- remit check --emit json: golden exports, their shape, bad cases
    tally "$build export" 20 "$(sh tests/export/run.sh "$remit")"
    # ---- remit test on the examples and the standard library
    for dir in examples stdlib-policies; do
        find "$dir" -name "*.test.yaml" | grep -q . || continue
        out=$(timeout 120 "$remit" test "$dir" 2>&1)
        rc=$?
        np=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' | tail -1)
        nf=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' | tail -1)
        total_pass=$((total_pass + ${np:-0}))
        if [ "$rc" -ne 0 ] || [ "${nf:-1}" -ne 0 ]; then
            printf '%s\n' "$out" | grep -v '^  PASS' | head -30
            total_fail=$((total_fail + ${nf:-1}))
            failed_names="$failed_names
  $build remit test $dir (${nf:-?} failed, exit $rc)"
        fi
    done
    # ---- examples and stdlib check clean
    for f in examples/*.remit stdlib-policies/*/*.remit; do
        [ -f "$f" ] || continue
        if out=$(timeout 60 "$remit" check --deny-warnings "$f" 2>&1); then
            pass
        else
            fail "$build example $f"
            printf '%s\n' "$out" | head -20
        fi
    done
    # ---- the analyses' example decisions, evaluated (SPEC 8.3)
    tally "$build witnesses" 5 "$(sh tests/witness.sh "$remit")"
    # ---- hostile input: policies, then decisions and batches
    tally "$build bad-input" 0 "$(sh tests/bad-input.sh "$remit"; sh tests/eval-bad.sh "$remit")"
    # ---- the edges: folders, links, FIFOs, streams, failed writes, command
    # lines, fixed and generated (tests/edges.py; no memory caps under ASan)
    case "$build" in */san) san=--sanitized ;; *) san= ;; esac
    tally "$build edges" 8 "$(timeout 600 python3 tests/edges.py "$remit" $san 2>&1)"
    # ---- typing by plan changes nothing: a batch's lines against each line
    # alone, a history by shape against the same in YAML (tests/plans.py)
    tally "$build plans" 3 "$(timeout 600 python3 tests/plans.py "$remit" 2>&1)"
    # ---- the bounds of compiling, on generated policies
    n=10000
    [ "$build" = build/san ] && n=2000
    mem=$build/bench/genscale
    [ "$build" = build/san ] && mem=
    tally "$build bounds" 3 "$(sh tests/bounds.sh "$remit" "$build/bench/genpolicy" "$n" $mem)"
    # ---- the shared library; make install and uninstall (normal build only)
    inst=
    [ "$build" = "$first_build" ] && [ "$build" != build/san ] && inst=--install
    tally "$build solib" 5 "$(sh tests/solib.sh "$build" $inst 2>&1)"
    # ---- every diagnostic code listed once in SPEC 9 (normal build only)
    [ "$build" = "$first_build" ] && tally "$build codes" 0 "$(python3 tests/codes.py)"
    # ---- every policy the README prints checks as printed (normal build only)
    [ "$build" = "$first_build" ] && tally "$build readme" 8 "$(python3 tests/readme.py "$remit")"
    [ "$build" = "$first_build" ] && tally "$build transcripts" 8 "$(python3 tests/transcripts.py "$remit")"
    # ---- what check writes for machines: JSON, SARIF (against the official schema), GitHub
    tally "$build findings" 3 "$(python3 tests/findings.py "$remit" 2>&1)"
    tally "$build testreports" 3 "$(python3 tests/testreports.py "$remit" 2>&1)"
    tally "$build diff" 3 "$(python3 tests/diff.py "$remit" 2>&1)"
    fmt_all=--no-meaning
    [ "$build" = "$first_build" ] && fmt_all=
    tally "$build fmt" 3 "$(python3 tests/fmt.py "$remit" $fmt_all 2>&1)"
    tally "$build lsp" 3 "$(python3 tests/lsp.py "$remit" 2>&1)"
    tally "$build audit" 3 "$(python3 tests/audit.py "$remit" 2>&1)"
    tally "$build stress" 3 "$(python3 tests/stress.py "$remit" 2>&1)"
    [ "$build" = "$first_build" ] && tally "$build html" 3 "$(python3 tests/html.py "$remit" 2>&1)"
    [ "$build" = "$first_build" ] && tally "$build doc" 3 "$(python3 tests/doc.py "$remit" 2>&1)"
    [ "$build" = "$first_build" ] && tally "$build ci" 3 "$(python3 tests/ci_recipes.py "$remit" 2>&1)"
    [ "$build" = "$first_build" ] && tally "$build scale" 3 "$(python3 tests/scale.py "$remit" 2>&1)"
    [ "$build" = "$first_build" ] && tally "$build schemas" 3 "$(python3 tests/schemas.py "$remit" 2>&1)"
    # ---- the fuzzers' regression corpus
    tally "$build fuzz-replay" 8 "$(sh tests/fuzz/replay.sh "$build")"
    # ---- differential tests against the reference evaluator (normal build only)
    if [ "$build" = "$first_build" ] && [ "$build" != build/san ]; then
        tally "$build difftest" 0 "$(sh tests/difftest.sh "$remit")"
    fi
    { echo "$total_pass $total_fail"; printf '%s\n' "$failed_names" | sed '/^$/d'; } >"$2"
}

# The builds are tested side by side, each on a core, their reports shown
# one after the other when all are done (REMIT_TEST_SERIAL=1: one after
# the other, as they go); the closing line counts them all.
first_build=${1:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/remit-run.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
i=0
for build in "$@"; do
    i=$((i + 1))
    if [ $# -gt 1 ] && [ -z "${REMIT_TEST_SERIAL:-}" ]; then
        run_build "$build" "$work/counts.$i" >"$work/out.$i" 2>&1 &
    else
        run_build "$build" "$work/counts.$i"
    fi
done
wait
total_pass=0
total_fail=0
failed_names=""
i=0
for build in "$@"; do
    i=$((i + 1))
    [ -f "$work/out.$i" ] && cat "$work/out.$i"
    if [ -s "$work/counts.$i" ]; then
        read -r np nf <"$work/counts.$i"
        total_pass=$((total_pass + np))
        total_fail=$((total_fail + nf))
        names=$(sed 1d "$work/counts.$i")
        [ -z "$names" ] || failed_names="$failed_names
$names"
    else
        fail "$build (the run of its suites ended early)"
    fi
done

if [ "$total_fail" -ne 0 ]; then
    echo "failed:$failed_names"
fi
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
