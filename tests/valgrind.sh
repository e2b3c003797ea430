#!/bin/sh
# tests/valgrind.sh BUILD - `make valgrind`: the unit binaries and the
# golden suites (tests/check, tests/eval) of the normal build under
# valgrind memcheck.  Any leak or memory error fails the run (the
# sanitizer build of make test finds most of these first; valgrind also
# sees the uninstrumented libyaml and libc, and reads of uninitialised
# memory).  The golden outputs themselves are compared by make test, not
# here.  Prints a FAIL line per failing run and one closing line
# "N passed, N failed".
set -u
build=$1
cd "$(dirname "$0")/.." || exit 2
log=$(mktemp "${TMPDIR:-/tmp}/remit-valgrind.XXXXXX")
trap 'rm -f "$log"' EXIT INT TERM
vg() {
    valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
        --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
        --log-file="$log" "$@"
}
pass=0
fail=0
# run NAME CMD...: pass when valgrind reports nothing (exit 99 is its)
run() {
    name=$1
    shift
    vg "$@" > /dev/null 2>&1
    rc=$?
    if [ "$rc" -ne 99 ] && [ ! -s "$log" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL valgrind $name (exit $rc)"
        head -30 "$log"
    fi
}
# The out-of-memory tests cap a child's address space (setrlimit), which
# valgrind itself cannot run within; make test runs them.
for t in "$build"/tests/test_*; do
    [ -x "$t" ] || continue
    # test_oom fails each allocation in turn in thousands of forked
    # children: make test runs it under AddressSanitizer and LeakSanitizer,
    # which watch each child; under valgrind it would take hours
    case "$t" in */test_oom)
        echo "SKIP valgrind unit test_oom (run under ASan + LSan by make test)"
        continue ;;
    esac
    REMIT_TEST_SKIP='*out_of_memory*' run "unit $(basename "$t")" "$t"
done
for f in tests/check/*.remit; do
    args=$(sed -n '1s/^# args: //p' "$f")
    # shellcheck disable=SC2086
    run "check $f" "$build/remit" check $args "$f"
done
for f in tests/eval/*.yaml; do
    policy=$(sed -n 's/^# policy: //p' "$f" | head -1)
    args=$(sed -n 's/^# args: //p' "$f" | head -1)
    # shellcheck disable=SC2086
    run "eval $f" "$build/remit" eval $args "$policy" "$f"
done
for dir in examples stdlib-policies; do
    run "remit test $dir" "$build/remit" test "$dir"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
