#!/bin/sh
# tests/update-golden.sh [NAME...] - (re)write tests/check/NAME.out,
# tests/eval/NAME.out, tests/cover/NAME.out (from tests/cover/NAME.test.yaml),
# tests/graph/NAME.dot, tests/export/NAME.json, tests/audit/NAME.out
# (from tests/audit/NAME.cmd, the arguments of `remit audit`) and
# tests/stress/NAME.out (from tests/stress/NAME.cmd, the arguments of
# `remit stress`: its standard output, then its standard error, as
# tests/stress.py reads them)
# (from tests/export/NAME.remit, or examples/NAME.remit when there is
# none) from what build/remit prints now.  Read every change with `git diff` before
# committing: a golden file is a claim about what Remit must say.
# The pages of `remit doc` (tests/doc/NAME.html and docs/scheme/NAME.html)
# are rewritten by `python3 tests/doc.py build/remit --update`.
set -u
remit=${REMIT:-build/remit}
cd "$(dirname "$0")/.." || exit 2
if [ $# -eq 0 ]; then set -- tests/check/*.remit tests/eval/*.yaml tests/cover/*.test.yaml tests/graph/*.remit tests/export/*.json tests/audit/*.cmd tests/stress/*.cmd; fi
for f in "$@"; do
    case "$f" in
    tests/audit/*.cmd)
        # shellcheck disable=SC2046
        { timeout 60 "$remit" audit $(cat "$f") 2>&1; echo "exit: $?"; } > "${f%.cmd}.out"
        continue ;;
    tests/stress/*.cmd)
        err=$(mktemp) || exit 2
        # shellcheck disable=SC2046
        { timeout 60 "$remit" stress $(cat "$f") 2>"$err"; rc=$?; cat "$err"; echo "exit: $rc"; } > "${f%.cmd}.out"
        rm -f "$err"
        continue ;;
    tests/cover/*.test.yaml)
        args=$(sed -n '1s/^# args: //p' "$f")
        # shellcheck disable=SC2086
        { timeout 60 "$remit" test $args "$f" 2>&1; echo "exit: $?"; } > "${f%.test.yaml}.out"
        continue ;;
    *.yaml)
        [ -f "$f" ] || continue
        policy=$(sed -n 's/^# policy: //p' "$f" | head -1)
        args=$(sed -n 's/^# args: //p' "$f" | head -1)
        cmd=$(sed -n 's/^# command: //p' "$f" | head -1)
        # shellcheck disable=SC2086
        { timeout 60 "$remit" ${cmd:-eval} $args "$policy" "$f" 2>&1; echo "exit: $?"; } > "${f%.yaml}.out"
        continue ;;
    tests/graph/*.remit)
        args=$(sed -n '1s/^# args: //p' "$f")
        # shellcheck disable=SC2086
        timeout 60 "$remit" graph $args "$f" > "${f%.remit}.dot" 2>&1
        continue ;;
    tests/export/*.json|tests/export/*.remit)
        name=$(basename "${f%.*}")
        src=tests/export/$name.remit
        [ -f "$src" ] || src=examples/$name.remit
        timeout 60 "$remit" check --emit json "$src" > "tests/export/$name.json"
        continue ;;
    *.remit) ;;
    *) f="tests/check/$f.remit" ;;
    esac
    args=$(sed -n '1s/^# args: //p' "$f")
    # shellcheck disable=SC2086
    { timeout 60 "$remit" check $args "$f" 2>&1; echo "exit: $?"; } > "${f%.remit}.out"
done
