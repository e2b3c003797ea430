#!/bin/sh
# tests/bench/bench.sh BUILD - throughput and peak memory of `remit check`
# on generated policies of 100,000 and 1,000,000 lines, the time of its
# analyses on one with 10,000 delegations, then evaluation (evalbench.sh).  A benchmark, not a
# test: it prints figures and asserts nothing.
set -eu
build=$1
dir=$(mktemp -d "${TMPDIR:-/tmp}/remit-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
for n in 100000 1000000; do
    "$build/bench/genpolicy" "$n" > "$dir/p$n.remit"
    size=$(wc -c < "$dir/p$n.remit")
    echo "remit check --no-analyses (reading, names, types), generated policy of $n lines ($((size / 1024)) KiB), 3 runs:"
    for i in 1 2 3; do
        "$build/remit" check --no-analyses --stats "$dir/p$n.remit" 2>&1 >/dev/null | sed -n 's/^stats: [^:]*: /  /p'
    done
done
# the analyses of the whole scheme (SPEC 8.2) on a policy with 10,000
# delegations, against the checks of form alone (--no-analyses)
"$build/bench/genpolicy" 80000 > "$dir/a.remit"
nd=$(grep -c '^delegate' "$dir/a.remit")
echo "remit check with its analyses, generated policy with $nd delegations, 3 runs:"
for i in 1 2 3; do
    "$build/remit" check --stats "$dir/a.remit" 2>&1 >/dev/null | sed -n 's/^stats: [^:]*: /  /p'
done
echo "the same with --no-analyses:"
"$build/remit" check --no-analyses --stats "$dir/a.remit" 2>&1 >/dev/null | sed -n 's/^stats: [^:]*: /  /p'
sh tests/bench/evalbench.sh "$build"
