#!/bin/sh
# tests/bench/bench.sh BUILD - throughput and peak memory of `remit check`
# on generated policies of 100,000 and 1,000,000 lines.  A benchmark, not a
# test: it prints figures and asserts nothing.
set -eu
build=$1
dir=$(mktemp -d "${TMPDIR:-/tmp}/remit-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
for n in 100000 1000000; do
    "$build/bench/genpolicy" "$n" > "$dir/p$n.remit"
    size=$(wc -c < "$dir/p$n.remit")
    echo "remit check, generated policy of $n lines ($((size / 1024)) KiB), 3 runs:"
    for i in 1 2 3; do
        "$build/remit" check --stats "$dir/p$n.remit" 2>&1 >/dev/null | sed -n 's/^stats: [^:]*: /  /p'
    done
done
sh tests/bench/evalbench.sh "$build"
