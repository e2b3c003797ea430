#!/bin/sh
# tests/bench/bench.sh BUILD - throughput and peak memory of `remit check`
# on generated policies of 100,000 and 1,000,000 lines, the time of its
# analyses on one with 10,000 delegations, the bounds of compiling (10,000
# rules of each kind, and one precedence line over 10,000 rules: check,
# eval of one decision, graph), an audit of a million-line ledger, then
# evaluation (evalbench.sh), then `remit diff` (diffbench.sh).  A
# benchmark, not a test: it prints figures and asserts nothing.
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
# the bounds of compiling (SPEC 8.2.8, 10): wall time of one run of
# `remit ARGS`, whatever its exit code (eval exits 3 for an escalation)
seconds() {
    t0=$(date +%s%N)
    "$build/remit" "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    echo "$(( (t1 - t0) / 1000000 ))" | awk '{ printf "%.2f s", $1 / 1000 }'
}
"$build/bench/genpolicy" kinds 10000 > "$dir/kinds.remit"
"$build/bench/genpolicy" precedence 10000 > "$dir/prec.remit"
echo '{ matter: spend5, decider: d50, date: 2026-04-01, fields: { amount: "£150,000", category: revenue, risk: 20, supplier: "Example Ltd" }, co_signatories: [ceo, d51], context: { incident_level: 0 } }' > "$dir/kinds.yaml"
echo '{ matter: spend, decider: ceo, date: 2026-04-01, fields: { amount: "£15,000,000", category: revenue, risk: 1, supplier: "Example Ltd" }, context: { incident_level: 0 } }' > "$dir/prec.yaml"
for p in kinds prec; do
    if [ "$p" = kinds ]; then
        echo "10,000 rules of each kind, 10 of each to a matter ($(wc -l < "$dir/$p.remit") lines), 3 runs:"
    else
        echo "one precedence line over 10,000 reservations of one matter ($(wc -l < "$dir/$p.remit") lines), 3 runs:"
    fi
    for i in 1 2 3; do
        mem=$("$build/remit" check --stats "$dir/$p.remit" 2>&1 >/dev/null | sed -n 's/^stats: .*peak memory //p')
        echo "  check $(seconds check "$dir/$p.remit") (peak $mem), eval $(seconds eval "$dir/$p.remit" "$dir/$p.yaml"), graph $(seconds graph "$dir/$p.remit")"
    done
done
# remit audit (SPEC 7.18) of a generated ledger of 1,000,000 decisions
# (tools/audit/genledger.py, a breach seeded every 200 lines): lines a
# second, wall and CPU, and peak memory
if command -v python3 >/dev/null 2>&1; then
    python3 tools/audit/genledger.py --lines 1000000 --seed 1 --out "$dir/ledger.jsonl" --expect "$dir/expect.json"
    echo "remit audit of a ledger of 1,000,000 decisions ($(( $(wc -c < "$dir/ledger.jsonl") / 1048576 )) MiB, JSON Lines), 3 runs:"
    for i in 1 2 3; do
        python3 tools/audit/timed.py 1000000 /dev/null -- "$build/remit" audit examples/icb-scheme.remit \
            --history "$dir/ledger.jsonl" --format json || true
    done
    rm -f "$dir/ledger.jsonl"
    # remit stress (SPEC 7.19): 10,000 random runs of the example scenario,
    # 17 decisions each (170,000 scenario-decisions, "lines" below)
    echo "remit stress of examples/scenarios/board-under-strain.yaml, 10,000 runs (170,000 decisions), 3 runs:"
    for i in 1 2 3; do
        python3 tools/audit/timed.py 170000 /dev/null -- "$build/remit" stress --scenarios 10000 --seed "$i" \
            examples/icb-scheme.remit examples/scenarios/board-under-strain.yaml || true
    done
fi
sh tests/bench/evalbench.sh "$build"
# remit diff (SPEC 11.10) of generated schemes of 1,000 and 10,000
# delegations and one `up to` raised
sh tests/bench/diffbench.sh "$build"
