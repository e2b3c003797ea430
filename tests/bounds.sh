#!/bin/sh
# tests/bounds.sh REMIT GENPOLICY N [GENSCALE] - every compile-time construction has a
# stated bound (SPEC 8.2.8, 10).  Policies generated here, not committed:
# N rules of each kind (tests/bench/genpolicy.c), one precedence line over
# N rules, one over more than a matter may have, and a policy of 2,000
# files that all use one file (read twice, it would declare its role
# twice, R0202).  Each command must end with the documented
# exit code and message.  `ulimit -t` (CPU seconds) only stops a hang from
# stalling the suite; it asserts nothing about speed (make bench times
# them).  With GENSCALE (tests/bench/genscale; the normal build only,
# since AddressSanitizer reserves more address space than any cap), two
# bounds of memory under `ulimit -v`: checking a scheme of 10,000
# delegations over many matters in 300 MB (compiling once took matters x
# holders of scratch: 1 GB), and loading a history of 200,000 decisions
# that each name a person in 400 MB (each entry was once kept whole:
# 900 MB); the same history read through its window as whole, and, with
# blanks making its text 120 MB, loaded in 100 MB (the text was once
# held whole).  Prints PASS/FAIL lines.
set -u
remit=$1 gen=$2 n=$3 genscale=${4:-}
dir=$(mktemp -d "${TMPDIR:-/tmp}/remit-bounds.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM

# expect NAME EXIT PATTERN ARGS...: remit ARGS exits EXIT and prints a
# line matching PATTERN (grep -E)
expect() {
    name=$1 want_exit=$2 want=$3
    shift 3
    out=$( (ulimit -t 60; "$remit" "$@") 2>&1)
    rc=$?
    if [ "$rc" -ne "$want_exit" ]; then
        echo "FAIL bounds $name: exit $rc, wanted $want_exit"
        printf '%s\n' "$out" | head -5
    elif ! printf '%s\n' "$out" | grep -Eq "$want"; then
        echo "FAIL bounds $name: nothing matches '$want'"
        printf '%s\n' "$out" | head -5
    else
        echo "PASS bounds $name"
    fi
}

# N rules of each kind, ten of each to a matter: the analyses stop at
# their budget and say so (R0870); evaluation and the drawing are whole
"$gen" kinds "$n" > "$dir/kinds.remit"
expect kinds-check 0 'warning\[R0870\]: the analyses were cut short' check "$dir/kinds.remit"
echo '{ matter: spend5, decider: d50, date: 2026-04-01, fields: { amount: "£10,000", category: revenue, risk: 1, supplier: "Example Ltd" }, context: { incident_level: 0 } }' \
    > "$dir/kinds.yaml"
expect kinds-eval 0 '^permitted: Director 50 \(d50\)' eval "$dir/kinds.remit" "$dir/kinds.yaml"
expect kinds-graph 0 '^digraph remit' graph "$dir/kinds.remit"

# one precedence line over N reservations of one matter, the first over
# all the others: closed in bits (pl_prec), and the coverage of so many
# reservations is past the budget (R0870)
"$gen" precedence "$n" > "$dir/prec.remit"
expect precedence-check 0 'warning\[R0870\]' check "$dir/prec.remit"
echo '{ matter: spend, decider: ceo, date: 2026-04-01, fields: { amount: "£20,000,000", category: revenue, risk: 1, supplier: "Example Ltd" }, context: { incident_level: 0 } }' \
    > "$dir/prec.yaml"
expect precedence-eval 3 'goes to Holder 0 \(h0\)' eval "$dir/prec.remit" "$dir/prec.yaml"
expect precedence-graph 0 '^digraph remit' graph "$dir/prec.remit"

# more rules of one matter in precedence lines than RM_MAX_PREC_RULES
"$gen" precedence 16385 > "$dir/prec-over.remit"
expect precedence-over-limit 1 'error\[R0520\]: precedence lines name 16385 rules of the matter' \
    check "$dir/prec-over.remit"

# 2,000 files that each use one file: that file is read once
mkdir "$dir/use"
printf 'role shared "Shared"\n' > "$dir/use/common.remit"
printf 'policy "Many files" version "1"\n' > "$dir/use/root.remit"
i=0
while [ $i -lt 2000 ]; do
    printf 'use "common.remit"\nrole r%d "R%d"\n' $i $i > "$dir/use/f$i.remit"
    printf 'use "f%d.remit"\n' $i >> "$dir/use/root.remit"
    i=$((i + 1))
done
expect use-breadth 0 'root.remit: ok$' check --no-analyses "$dir/use/root.remit"

# memory bounds (see the head of this file)
if [ -n "$genscale" ]; then
    "$gen" 80000 > "$dir/wide.remit"
    out=$( (ulimit -t 60; ulimit -v 300000; "$remit" check "$dir/wide.remit") 2>&1)
    rc=$?
    if [ "$rc" -eq 0 ]; then
        echo "PASS bounds memory-compile-wide: 10,000 delegations over many matters checked in 300 MB"
    else
        echo "FAIL bounds memory-compile-wide: exit $rc in 300 MB of address space"
        printf '%s\n' "$out" | head -5
    fi
    mkdir "$dir/hist"
    "$genscale" "$dir/hist" 1000 20000 200000 10 1 > /dev/null
    head -1 "$dir/hist/decisions.jsonl" > "$dir/hist/one.json"
    out=$( (ulimit -t 60; ulimit -v 400000; "$remit" eval --no-analyses "$dir/hist/scheme.remit" "$dir/hist/one.json" \
        --history "$dir/hist/history.json") 2>&1)
    rc=$?
    case $rc in
        0|3|4|5) echo "PASS bounds memory-history: 200,000 decisions naming people loaded in 400 MB" ;;
        *) echo "FAIL bounds memory-history: exit $rc in 400 MB of address space"
           printf '%s\n' "$out" | head -5 ;;
    esac
    # a history file is read through a window of 4 MiB (decide.c,
    # rm_stream_history); a pipe is read whole: the same records for
    # every decision of the batch, from the same 40 MB history
    "$remit" eval --no-analyses "$dir/hist/scheme.remit" --batch "$dir/hist/decisions.jsonl" \
        --history "$dir/hist/history.json" > "$dir/hist/window.out" 2>&1
    cat "$dir/hist/history.json" | "$remit" eval --no-analyses "$dir/hist/scheme.remit" \
        --batch "$dir/hist/decisions.jsonl" --history /dev/stdin > "$dir/hist/whole.out" 2>&1
    if [ -s "$dir/hist/window.out" ] && cmp -s "$dir/hist/window.out" "$dir/hist/whole.out"; then
        echo "PASS bounds history-window: a history read through its window decides as one read whole"
    else
        echo "FAIL bounds history-window: the records differ from those with the history read whole"
        cmp "$dir/hist/window.out" "$dir/hist/whole.out" | head -3
    fi
    # ... and is never in memory whole: with 400 blanks in each entry, its
    # 120 MB of text loads in 100 MB of address space
    pad=$(printf '%400s' '')
    sed "s/^{\"matter\"/{$pad\"matter\"/" "$dir/hist/history.json" > "$dir/hist/wide.json"
    out=$( (ulimit -t 60; ulimit -v 100000; "$remit" eval --no-analyses "$dir/hist/scheme.remit" \
        "$dir/hist/one.json" --history "$dir/hist/wide.json") 2>&1)
    rc=$?
    size=$(wc -c < "$dir/hist/wide.json")
    case $rc in
        0|3|4|5) if [ "$size" -gt 120000000 ]; then
                     echo "PASS bounds memory-history-window: a history of $size bytes loaded in 100 MB"
                 else
                     echo "FAIL bounds memory-history-window: the history is only $size bytes"
                 fi ;;
        *) echo "FAIL bounds memory-history-window: exit $rc in 100 MB of address space"
           printf '%s\n' "$out" | head -5 ;;
    esac
fi
