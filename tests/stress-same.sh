#!/bin/sh
# tests/stress-same.sh OLD NEW [OUT] - do two builds of `remit stress`
# print the same bytes?  (SPEC 7.19, "Speed": a change made for speed
# must not change a report.)
#
# Runs both builds, from the top of the repository, on:
# - every command line of tests/stress/*.cmd;
# - each good scenario (tests/stress/*.yaml not bad-*, and
#   examples/scenarios/*.yaml, with the policy its .cmd names) as written
#   and at random (--scenarios 40, seeds 1 and 2), as text, JSON and
#   HTML, and at random in three shards (JSON);
# - 10,000 runs of the example for seeds 1 to 5 (text), and of it with
#   tests/stress/crisis.yaml as JSON (seed 1);
# - one run of 18,265 decisions (tests/stress/long/ten-years.yaml), as
#   written and three at random, as JSON.
# Standard output, standard error and the exit code of each are compared.
# Prints one line per difference and a closing "N passed, N failed";
# exits 1 when any differ.  OUT (default: a new temporary folder) keeps
# both outputs of each.
set -u
old=$1
new=$2
out=${3:-$(mktemp -d /tmp/stress-same.XXXXXX)}
cd "$(dirname "$0")/.." || exit 2
mkdir -p "$out/old" "$out/new"
pass=0
fail=0
n=0

# one command line (the arguments of `remit stress`), both builds
same() {
    n=$((n + 1))
    for b in old new; do
        if [ "$b" = old ]; then bin=$old; else bin=$new; fi
        # (the arguments are words without quotes or blanks: split here)
        # shellcheck disable=SC2086,SC2048
        "$bin" stress $* >"$out/$b/$n.out" 2>"$out/$b/$n.err"
        echo "exit: $?" >>"$out/$b/$n.err"
    done
    if cmp -s "$out/old/$n.out" "$out/new/$n.out" && cmp -s "$out/old/$n.err" "$out/new/$n.err"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "DIFFERS ($n): remit stress $*"
    fi
}

for cmd in tests/stress/*.cmd; do
    same "$(cat "$cmd")"
done

for y in tests/stress/*.yaml examples/scenarios/*.yaml; do
    name=$(basename "$y" .yaml)
    case $name in bad-*) continue ;; esac
    c=tests/stress/$name.cmd
    [ -f "$c" ] || c=tests/stress/example.cmd
    policy=$(awk '{ for (i = 1; i <= NF; i++) if ($i ~ /\.remit$/) { print $i; exit } }' "$c")
    for f in text json html; do
        same "--format $f $policy $y"
        for seed in 1 2; do
            same "--format $f --scenarios 40 --seed $seed $policy $y"
        done
    done
    for seed in 1 2; do
        for i in 1 2 3; do
            same "--format json --scenarios 40 --seed $seed --shard $i/3 $policy $y"
        done
    done
done

for seed in 1 2 3 4 5; do
    same "--scenarios 10000 --seed $seed examples/icb-scheme.remit examples/scenarios/board-under-strain.yaml"
done
same "--format json --scenarios 10000 --seed 1 examples/icb-scheme.remit examples/scenarios/board-under-strain.yaml tests/stress/crisis.yaml"
same "--format json examples/icb-scheme.remit tests/stress/long/ten-years.yaml"
same "--format json --scenarios 3 --seed 1 examples/icb-scheme.remit tests/stress/long/ten-years.yaml"

echo "outputs in $out"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
