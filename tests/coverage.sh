#!/bin/sh
# tests/coverage.sh BUILD - line and branch coverage of the evaluator and
# input typing (compiler/eval.c, compiler/input.c) under the unit, golden,
# example and differential suites (tests/run.sh on BUILD, a build made
# with --coverage by `make coverage`).  Prints the figures gcov gives and
# writes each file's annotated source, with the lines never run marked
# '#####', to BUILD/coverage/; lists the unreached lines by number.
set -u
build=$1
cd "$(dirname "$0")/.." || exit 2
here=$(pwd)
find "$build" -name '*.gcda' -delete
sh tests/run.sh "$build" | tail -1
out="$build/coverage"
rm -rf "$out"
mkdir -p "$out"
cd "$out" || exit 2
for f in eval input; do
    gcov -b -c -o "$here/$build/obj" "$here/compiler/$f.c" >"$f.summary" 2>&1
done
status=0
for f in eval input; do
    awk -v f="compiler/$f.c" '
        $0 ~ "^File .*" f "'"'"'$" { on = 1; next }
        on && /^File / { on = 0 }
        on && /^(Lines executed|Branches executed|Taken at least once):/ { print f ": " $0 }
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
