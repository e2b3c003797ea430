#!/bin/sh
# tests/difftest.sh REMIT - the differential tests of tools/difftest/:
# the generator's and the comparator's unit tests, the reference
# evaluator's own unit tests (tools/reference/tests), then a fixed-seed smoke
# run (200 schemes, 100 decisions each) comparing `remit eval` with the
# reference evaluator (tools/reference/remit_ref.py) over the policy export
# (`remit check --emit json`, SPEC 11.9).  Prints PASS or FAIL lines; when
# the export or the reference is missing, the smoke run is a FAIL that says
# which (never a silent skip).  Last, a fixed-seed run of the proof of
# `remit diff` (tools/difftest/diffproof.py, SPEC 11.10).
set -u
remit=$1
cd "$(dirname "$0")/.." || exit 2
if ! command -v python3 >/dev/null 2>&1; then
    echo "FAIL difftest: python3 is not installed"
    exit 0
fi
out=$(REMIT_BIN="$remit" timeout 300 python3 -m unittest discover -s tools/difftest/tests 2>&1)
if [ $? -eq 0 ]; then
    echo "PASS difftest unit tests ($(printf '%s\n' "$out" | sed -n 's/^Ran \([0-9]*\) tests.*/\1/p'))"
else
    echo "FAIL difftest unit tests"
    printf '%s\n' "$out" | tail -20
fi
# the reference evaluator's own tests (the worked examples of SPEC 7, by hand)
out=$(timeout 300 python3 -m unittest discover -s tools/reference/tests 2>&1)
if [ $? -eq 0 ]; then
    echo "PASS reference unit tests ($(printf '%s\n' "$out" | sed -n 's/^Ran \([0-9]*\) tests.*/\1/p'))"
else
    echo "FAIL reference unit tests"
    printf '%s\n' "$out" | tail -20
fi
# the generator alone: its 20,000 decisions are all valid inputs
out=$(timeout 300 python3 tools/difftest/difftest.py --seed 1 --schemes 200 \
    --decisions-per-scheme 100 --jobs 2 --remit "$remit" --c-only 2>&1)
if [ $? -eq 0 ]; then
    echo "PASS difftest generator: $(printf '%s\n' "$out" | tail -1)"
else
    echo "FAIL difftest generator: $(printf '%s\n' "$out" | tail -1)"
    printf '%s\n' "$out" | grep '^problem\|^input error' | head -5
fi
smoke_out=build/difftest-smoke
out=$(timeout 300 python3 tools/difftest/difftest.py --seed 1 --schemes 200 \
    --decisions-per-scheme 100 --jobs 2 --max-minimise 4 --remit "$remit" --out "$smoke_out" 2>&1)
rc=$?
last=$(printf '%s\n' "$out" | tail -1)
case $rc in
    0) echo "PASS difftest smoke: $last" ;;
    1) echo "FAIL difftest smoke: $last (cases in $smoke_out/cases/)"
       printf '%s\n' "$out" | sed -n '/^disagreements by signature:/,$p' | head -20 ;;
    *) echo "FAIL difftest smoke: $(printf '%s\n' "$out" | grep '^difftest: cannot' || printf '%s' "$last")" ;;
esac
# the proof of remit diff: a fixed seed, pairs of a scheme and a mutation
proof_out=build/diffproof-smoke
out=$(timeout 300 python3 tools/difftest/diffproof.py --seed 1 --pairs 40 --jobs 2 --remit "$remit" \
    --out "$proof_out" 2>&1)
rc=$?
last=$(printf '%s\n' "$out" | tail -1)
proven=$(printf '%s\n' "$last" | sed -n 's/^diffproof: \([0-9]*\) pairs proven.*/\1/p')
if [ $rc -eq 0 ] && [ "${proven:-0}" -ge 10 ]; then
    echo "PASS diffproof smoke: $last"
else
    echo "FAIL diffproof smoke (exit $rc, pairs in $proof_out/): $last"
    printf '%s\n' "$out" | grep '^FAIL\|Error' | head -5
fi
