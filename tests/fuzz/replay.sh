#!/bin/sh
# tests/fuzz/replay.sh BUILD - replay the regression corpus: every input
# in tests/fuzz/regress/NAME/ through BUILD/replay/fuzz_NAME (the harness
# of tests/fuzz/fuzz_NAME.c with replay_main.c for a main), one process
# per input.  Each must finish within 60 seconds without a crash or a
# sanitizer report.  Prints a PASS or FAIL line per input, like
# tests/bad-input.sh; run.sh counts them.
#
# tests/fuzz/pending/ holds inputs found but not yet fixed (see its
# README); they are not replayed.
set -u
build=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
for dir in tests/fuzz/regress/*/; do
    name=$(basename "$dir")
    bin="$build/replay/fuzz_$name"
    for f in "$dir"*; do
        [ -f "$f" ] || continue
        if [ ! -x "$bin" ]; then
            echo "FAIL fuzz-replay $f: no $bin"
            continue
        fi
        out=$(timeout 60 "$bin" "$f" 2>&1)
        rc=$?
        if [ "$rc" -eq 0 ]; then
            echo "PASS fuzz-replay $f"
        else
            echo "FAIL fuzz-replay $f: exit $rc"
            printf '%s\n' "$out" | grep -E 'ERROR|SUMMARY|runtime error|#[0-9] ' | head -8
        fi
    done
done
