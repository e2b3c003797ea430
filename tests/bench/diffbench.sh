#!/bin/sh
# tests/bench/diffbench.sh BUILD - the time of `remit diff OLD NEW` (SPEC
# 11.10) on generated schemes of 1,000 and 10,000 delegations (genscale,
# as the scaling table makes them, seed 1), OLD the scheme and NEW the
# same changed in one of three ways: one `up to` raised (the first
# director of spend's, £1,000,000 to £1,200,000), a post added that holds
# spend (`delegate spend from p0 to extra up to £10,000`, a change to the
# scheme and to one matter), and a post added that holds nothing (a
# change outside every matter's rules); 3 runs each: wall and CPU time
# (tools/audit/timed.py) and what the diff says in its closing line.
# Called by bench.sh; a benchmark, not a test: it prints figures and
# asserts nothing, but fails when the mutation finds no line to change
# or the diff fails (exit 2).  DIFF_SIZES changes the sizes.
set -eu
build=$1
sizes=${DIFF_SIZES:-1000 10000}
dir=$(mktemp -d "${TMPDIR:-/tmp}/remit-diffbench.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
for n in $sizes; do
    mkdir "$dir/$n"
    "$build/bench/genscale" "$dir/$n" "$n" 10 10 10 1
    old=$dir/$n/scheme.remit
    sed 's/^\(delegate spend from ceo to p0 up to £\)1,000,000$/\11,200,000/' "$old" > "$dir/$n/upto.remit"
    if cmp -s "$old" "$dir/$n/upto.remit"; then
        echo "diffbench.sh: the scheme of $n delegations has no line to change" >&2
        exit 1
    fi
    { cat "$old"; printf 'role extra "New budget holder" is manager\ndelegate spend from p0 to extra up to £10,000\n'; } \
        > "$dir/$n/holds.remit"
    { cat "$old"; printf 'role extra "New budget holder" is manager\n'; } > "$dir/$n/added.remit"
    for change in "upto:one \`up to\` raised" "holds:a post added that holds spend" \
                  "added:a post added that holds nothing"; do
        new=$dir/$n/${change%%:*}.remit
        echo "remit diff, generated scheme of $n delegations ($(wc -l < "$old") lines), ${change#*:}, 3 runs:"
        for i in 1 2 3; do
            rc=0
            python3 tools/audit/timed.py 1 "$dir/out" -- "$build/remit" diff "$old" "$new" > "$dir/time" || rc=$?
            sed 's/ ([0-9]* lines\/s)//; s/ ([0-9]* lines a CPU second)//' "$dir/time"
            [ "$rc" -le 1 ] || { echo "diffbench.sh: remit diff failed (exit $rc)" >&2; exit 1; }
        done
        echo "  it says: $(grep -v '^(' "$dir/out" | tail -1)"
    done
    rm -rf "${dir:?}/$n"
done
