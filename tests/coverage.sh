#!/bin/sh
# tests/coverage.sh BUILD - line and branch coverage of the evaluator and
# input typing (compiler/eval.c, compiler/input.c) under the unit, golden,
# example and differential suites (tests/run.sh on BUILD, a build made
# with --coverage by `make coverage`).  Prints the figures gcov gives and
# writes each file's annotated source, with the lines never run marked
# '#####', to BUILD/coverage/; lists the unreached lines by number.
# COVERAGE_REUSE=1 reads the counts of the last run instead of running the
# suites again.
set -u
build=$1
cd "$(dirname "$0")/.." || exit 2
here=$(pwd)
[ "${COVERAGE_REUSE:-}" ] || find "$build" -name '*.gcda' -delete
[ "${COVERAGE_REUSE:-}" ] || sh tests/run.sh "$build" | tail -1
out="$build/coverage"
rm -rf "$out"
mkdir -p "$out"
for f in eval input; do # from the top, where gcov finds the sources
    gcov -b -c -o "$build/obj" "compiler/$f.c" >"$out/$f.summary" 2>&1
    mv ./*.gcov "$out/" 2>/dev/null
done
cd "$out" || exit 2
status=0
for f in eval input; do
    awk -v f="compiler/$f.c" '
        $0 ~ "^File .*" f "'"'"'$" { on = 1; next }
        on && /^(Lines executed|Branches executed|Taken at least once):/ { print f ": " $0 }
        on && /^Taken at least once:/ { on = 0 }
    ' "$f.summary"
    # the lines never run, as ranges
    awk -F: '$1 ~ /#####/ { gsub(/ /, "", $2); print $2 }' "$f.c.gcov" |
        awk 'NR == 1 { s = p = $1; next }
             $1 == p + 1 { p = $1; next }
             { printf "%s%s ", s, (s == p ? "" : "-" p); s = p = $1 }
             END { if (NR) printf "%s%s", s, (s == p ? "" : "-" p); print "" }' >"$f.unreached"
    printf 'compiler/%s.c: lines never run: %s\n' "$f" "$(cat "$f.unreached")"
done
echo "annotated sources: $out/*.c.gcov"
exit $status
