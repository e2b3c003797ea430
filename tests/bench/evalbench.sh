#!/bin/sh
# tests/bench/evalbench.sh BUILD [N] - how fast decisions are evaluated
# against examples/icb-scheme.remit: 1,000 generated decisions
# (gendecisions), evaluated N times without parsing and run N lines through
# remit_eval_batch with parsing (evalbench), then the same with a history
# of 200 earlier decisions.  Called by bench.sh; a benchmark, not a test:
# it prints figures and asserts nothing, but when evalbench fails (a
# generated decision that is an input error, say) it says so and exits
# non-zero, so that the figures cannot silently go missing.
set -eu
build=$1
n=${2:-1000000}
dir=$(mktemp -d "${TMPDIR:-/tmp}/remit-evalbench.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
"$build/bench/gendecisions" 1000 > "$dir/decisions.jsonl"
{ echo '['; "$build/bench/gendecisions" 200 7 | sed '$!s/$/,/'; echo ']'; } > "$dir/history.json"
# evalbench ARGS: its figures, indented; its status kept (a pipe would lose it)
run() {
    rc=0
    TMPDIR=$dir "$build/bench/evalbench" "$@" > "$dir/out" || rc=$?
    sed 's/^/  /' "$dir/out"
    if [ "$rc" != 0 ]; then
        echo "evalbench.sh: evalbench failed (exit $rc): see its message above" >&2
        exit "$rc"
    fi
}
echo "remit eval, examples/icb-scheme.remit, 1,000 generated decisions:"
run examples/icb-scheme.remit "$dir/decisions.jsonl" "$n"
echo "the same with a history of 200 earlier decisions:"
run examples/icb-scheme.remit "$dir/decisions.jsonl" $((n / 5)) "$dir/history.json"
