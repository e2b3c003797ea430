#!/bin/sh
# tests/bench/scale.sh BUILD - the scaling table of `make bench` (and of
# `make bench-scale` alone): for generated schemes of 10, 1,000, 10,000
# and 100,000 delegations (genscale: one post per delegation, a few
# levels, 2% of posts vacant), each with a register of 100,000 people and
# a history of 1,000,000 decisions, the times and memory of loading the
# policy, the register and the history, evaluation alone and through the
# library, and a batch (scalebench; what each figure is: its banner).
#
# Each size runs in four processes, one for each part (scalebench:
# policy, register, history, eval), each under `timeout` (SCALE_TIMEOUT
# seconds) with SCALE_MEMORY_MB of address space, so a load that is
# quadratic, or runs out of memory, is reported as not measured and the
# rest is measured without it; within a part each measurement stops
# starting new runs after SCALE_BUDGET seconds and says how many it made.
# What the library refuses (a register or history over an input limit) is
# reported with its message.  Other knobs: SCALE_SIZES, SCALE_PEOPLE,
# SCALE_HISTORY, SCALE_DECISIONS (distinct decisions), SEED.
#
# A benchmark, not a test: it prints figures and passes no judgement on
# them; it exits non-zero only when scalebench fails (a generated decision
# that is an input error, or a crash: a bug to report), after the table.
set -eu
build=$1
sizes=${SCALE_SIZES:-10 1000 10000 100000}
people=${SCALE_PEOPLE:-100000}
history=${SCALE_HISTORY:-1000000}
decisions=${SCALE_DECISIONS:-10000}
budget=${SCALE_BUDGET:-4}
limit=${SCALE_TIMEOUT:-180}
memory=${SCALE_MEMORY_MB:-8192}
seed=${SEED:-1}
dir=$(mktemp -d "${TMPDIR:-/tmp}/remit-scale.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
failed=0
kib() { echo $(( $(wc -c < "$1") / 1024 )); }
group() { echo "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta'; }
echo "scaling table (seed $seed; each measurement stops after ${budget} s of runs, each size after ${limit} s):"
for n in $sizes; do
    d=$dir/$n
    mkdir "$d"
    : > "$dir/$n.cells"
    "$build/bench/genscale" "$d" "$n" "$people" "$history" "$decisions" "$seed"
    echo "$(group "$n") delegations: scheme $(group "$(wc -l < "$d/scheme.remit")") lines" \
         "($(group "$(kib "$d/scheme.remit")") KiB); register of $(group "$people") people" \
         "($(group "$(kib "$d/register.json")") KiB); history of $(group "$history") decisions" \
         "($(group "$(kib "$d/history.json")") KiB); $(group "$decisions") distinct decisions"
    for part in policy register history eval; do
        if grep -q '^policy	not measured' "$dir/$n.cells"; then
            echo "$part	not measured: the policy did not load" >> "$dir/$n.cells"
            continue
        fi
        rc=0
        ( ulimit -v $((memory * 1024)) && exec timeout -k 10 "$limit" \
            "$build/bench/scalebench" "$d" "$dir/$n.cells" "$budget" "$part" ) || rc=$?
        case $rc in
        0) ;;
        124|137) echo "  $part: over $limit s: stopped, the rest of it not measured"
                 echo "stopped_$part	over $limit s: not measured" >> "$dir/$n.cells" ;;
        *) echo "  $part: scalebench failed (exit $rc): the rest of it not measured" >&2
           echo "stopped_$part	failed (exit $rc)" >> "$dir/$n.cells"
           failed=1 ;;
        esac
    done
    rm -rf "$d"
done
# The table: one row per size, its cells from scalebench's summary lines
# ("key<TAB>cell"); a cell that was never written says why its part
# stopped, and a cell the library refused shows its code, with the full
# messages listed under the table.
echo
echo "| delegations | policy load, memory | register load, memory | history load, memory | evaluation alone: median / p99 / p99.9 | the same with the history | remit_evaluate: median / p99 | batch decisions per CPU s | per wall s |"
echo "|--:|--|--|--|--|--|--|--:|--:|"
for n in $sizes; do
    awk -F '\t' -v n="$(group "$n")" '
        { cell[$1] = $2 }
        END {
            keys = "policy register history eval eval_history api batch_cpu batch_wall"
            k = split(keys, key, " ")
            row = "| " n
            for (i = 1; i <= k; i++) {
                part = (i <= 3) ? key[i] : "eval"
                c = (key[i] in cell) ? cell[key[i]] \
                    : (("stopped_" part) in cell) ? cell["stopped_" part] : "not measured"
                if (c ~ /^not measured: R[0-9]+ /) {
                    split(c, w, " ")
                    c = "not measured (" w[3] ")"
                }
                row = row " | " c
            }
            print row " |"
        }' "$dir/$n.cells"
done
reasons=$(cat "$dir"/*.cells | awk -F '\t' '$2 ~ /^not measured: R[0-9]+ / { sub(/^not measured: /, "", $2); print "  " $1 ": " $2 }' | sort -u)
if [ -n "$reasons" ]; then
    echo
    echo "not measured, as the library says:"
    echo "$reasons"
fi
exit $failed
