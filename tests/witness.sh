#!/bin/sh
# tests/witness.sh REMIT - every example decision that an analysis prints in
# a golden file (tests/check/NAME.out: a line "  example: DECISION" and
# then "  remit eval: OUTCOME") is evaluated against its policy
# (tests/check/NAME.remit) by `remit eval`, which must answer OUTCOME
# ("permitted", "refused", "undetermined" or "escalate to HOLDER"); with
# --no-analyses, since an error's example is from a scheme check finds
# unsound, which eval otherwise refuses to evaluate (SPEC 7).
# Prints one PASS or FAIL line per example (SPEC 8.3: examples are real).
set -u
remit=$1
cd "$(dirname "$0")/.." || exit 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/remit-witness.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
for out in tests/check/*.out; do
    policy=${out%.out}.remit
    grep -q '^  example: ' "$out" || continue
    n=0
    # each example line, with the outcome line after it
    sed -n '/^  example: /{s/^  example: //;N;s/\n  remit eval: /\t/;p;}' "$out" |
    while IFS="$(printf '\t')" read -r decision want; do
        n=$((n + 1))
        printf '%s\n' "$decision" > "$tmp/d.yaml"
        json=$(timeout 60 "$remit" eval --no-analyses --format json "$policy" "$tmp/d.yaml" 2>&1)
        outcome=$(printf '%s\n' "$json" | sed -n 's/.*"outcome":"\([a-z]*\)".*/\1/p' | head -1)
        if [ "$outcome" = escalate ]; then
            outcome="escalate to $(printf '%s\n' "$json" | sed -n 's/.*"escalate_to":"\([^"]*\)".*/\1/p' | head -1)"
        fi
        if [ "$outcome" = "$want" ]; then
            echo "PASS witness $out #$n"
        else
            echo "FAIL witness $out #$n: the finding says '$want', remit eval says '${outcome:-an error}'"
            printf '%s\n' "$json" | head -5
        fi
    done
done
