#!/bin/sh
# tests/export/run.sh REMIT - `remit check --emit json` (SPEC 11.9).
# Prints PASS/FAIL lines, like tests/graph/bad.sh.
#
#   golden   each tests/export/NAME.json is what `remit check --emit json`
#            prints for tests/export/NAME.remit or, when there is none,
#            examples/NAME.remit: exit 0 and nothing on standard error;
#            and every tests/export/*.remit has its NAME.json
#   json     each golden file is JSON (python3 -m json.tool) and has the
#            shape 11.9 gives (tests/export/schema.py), as does the export
#            of every policy in examples/ and stdlib-policies/
#   bad      a policy with errors, bad command lines, a failed write
set -u
remit=$1
case "$remit" in /*) ;; *) remit="$(pwd)/$remit" ;; esac
cd "$(dirname "$0")/../.." || exit 2
dir=$(mktemp -d "${TMPDIR:-/tmp}/remit-export.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM

pass() { echo "PASS export $1"; }
fail() { echo "FAIL export $1"; }

# ---- golden exports
for f in tests/export/*.remit; do
    [ -f "${f%.remit}.json" ] || fail "$f has no ${f%.remit}.json"
done
for exp in tests/export/*.json; do
    name=$(basename "$exp" .json)
    src=tests/export/$name.remit
    [ -f "$src" ] || src=examples/$name.remit
    timeout 60 "$remit" check --emit json "$src" > "$dir/out" 2> "$dir/err"
    rc=$?
    if [ "$rc" -ne 0 ] || [ -s "$dir/err" ]; then
        fail "golden $src: exit $rc"
        head -5 "$dir/err"
    elif cmp -s "$exp" "$dir/out"; then
        pass "golden $src"
    else
        fail "golden $src"
        diff "$exp" "$dir/out" | head -20
    fi
    # the same policy gives the same bytes
    timeout 60 "$remit" check --emit json "$src" 2>/dev/null | cmp -s - "$dir/out" &&
        pass "same bytes $src" || fail "same bytes $src"
done

# ---- JSON, and the shape of 11.9
# valid NAME COMMAND...: pass when COMMAND succeeds; else show what it said
valid() {
    name=$1
    shift
    if "$@" > "$dir/err" 2>&1; then
        pass "$name"
    else
        fail "$name"
        head -5 "$dir/err"
    fi
}
if command -v python3 >/dev/null 2>&1; then
    for exp in tests/export/*.json; do
        valid "json.tool $exp" python3 -m json.tool "$exp"
        valid "schema $exp" python3 tests/export/schema.py "$exp"
    done
    for f in examples/*.remit stdlib-policies/*/*.remit; do
        [ -f "$f" ] || continue
        if timeout 60 "$remit" check --emit json "$f" > "$dir/x.json" 2> "$dir/err"; then
            valid "schema $f" python3 tests/export/schema.py "$dir/x.json"
        else
            fail "schema $f: not exported"
            head -5 "$dir/err"
        fi
    done
else
    echo "SKIP export json: python3 is not installed"
fi

# ---- bad cases
# expect NAME EXIT TEXT ARGS...: `remit check ARGS` must exit with EXIT,
# print TEXT (a fixed string) on standard error and nothing on standard
# output
expect() {
    name=$1 want_exit=$2 want=$3
    shift 3
    timeout 60 "$remit" check "$@" > "$dir/out" 2> "$dir/err"
    rc=$?
    if [ "$rc" -ne "$want_exit" ]; then
        fail "$name: exit $rc, wanted $want_exit"
        head -5 "$dir/err"
    elif [ -s "$dir/out" ]; then
        fail "$name: printed on standard output"
        head -5 "$dir/out"
    elif ! grep -qF -- "$want" "$dir/err"; then
        fail "$name: no '$want' on standard error"
        head -5 "$dir/err"
    else
        pass "$name"
    fi
}
policy=tests/export/scheme.remit
expect "policy with errors" 1 "tests/export/bad/errors.remit: the policy has errors, so it cannot be exported" \
    --emit json tests/export/bad/errors.remit
expect "policy with errors: its diagnostic" 1 "error[R0201]: 'cfoo'" --emit json tests/export/bad/errors.remit
expect "missing policy" 2 "R0301" --emit json "$dir/missing.remit"
expect "two files" 2 "--emit json takes exactly one policy file" --emit json "$policy" "$policy"
expect "emit yaml" 2 "unknown export 'yaml': the policy is exported as json only" --emit yaml "$policy"
expect "emit missing" 2 "--emit needs a value: json" "$policy" --emit
expect "emit with --format" 2 "--format does not apply to --emit json" --emit json --format json "$policy"
if [ -w /dev/full ]; then
    timeout 60 "$remit" check --emit json "$policy" > /dev/full 2> "$dir/err"
    rc=$?
    [ "$rc" -eq 2 ] && grep -qF "cannot write 'standard output'" "$dir/err" &&
        pass "failed write (/dev/full)" || fail "failed write (/dev/full): exit $rc"
fi
"$remit" check --help | grep -qF -- "--emit json" && pass "--emit in remit check --help" ||
    fail "--emit in remit check --help"
