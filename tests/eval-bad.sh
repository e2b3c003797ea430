#!/bin/sh
# tests/eval-bad.sh REMIT - hostile and oversized decision inputs for
# `remit eval`, generated here rather than committed (some are megabytes),
# and batch mode (--batch), whose output is checked record by record.
# Each case must give the expected exit status and diagnostic code -- never
# a crash, hang or leak (the sanitizer run catches the last).  `timeout`
# only stops a hang from stalling the suite; it asserts nothing about speed.
# Prints PASS/FAIL lines, like tests/bad-input.sh.
set -u
remit=$1
root=$(cd "$(dirname "$0")/.." && pwd)
policy="$root/examples/icb-scheme.remit"
dir=$(mktemp -d "${TMPDIR:-/tmp}/remit-eval-bad.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM

pass() { echo "PASS eval-bad $1"; }
fail() { echo "FAIL eval-bad $1"; }

# expect NAME EXIT CODE ARGS...: run `remit eval ARGS`, then check the exit
# status and that the diagnostic code appears in what it prints
expect() {
    name=$1 want_exit=$2 want_code=$3
    shift 3
    out=$(timeout 60 "$remit" eval "$@" 2>&1)
    rc=$?
    if [ "$rc" -ne "$want_exit" ]; then
        fail "$name: exit $rc, wanted $want_exit"
        printf '%s\n' "$out" | cut -c1-300 | head -5
    elif ! printf '%s\n' "$out" | grep -q "$want_code"; then
        fail "$name: no $want_code in output"
        printf '%s\n' "$out" | cut -c1-300 | head -5
    else
        pass "$name"
    fi
}

# A good decision, as one JSON line: permitted (board -> ceo -> cfo).
good='{"matter":"spend","decider":"cfo","date":"2026-11-20","fields":{"amount":"£200,000","category":"revenue","risk":3,"supplier":"Acme Health Ltd"},"context":{"incident_level":0}}'
# Another, escalated by the risk rule, so that results can be told apart.
risky='{"matter":"spend","decider":"cfo","date":"2026-11-20","fields":{"amount":"£20,000","category":"revenue","risk":16,"supplier":"Acme Health Ltd"},"context":{"incident_level":0}}'

# ---------------------------------------------------------------- batch

# Each line of the batch file, and what its record must be:
#   ok:OUTCOME  a "result" record with that outcome
#   err:CODE    an "error" record with that diagnostic code
#   skip        a blank line: no record at all
b="$dir/batch.jsonl"
plan="$dir/plan"
: > "$b"
: > "$plan"
add() { printf '%s\n' "$2" >> "$b"; echo "$1" >> "$plan"; }
add ok:permitted "$good"
add err:R0701 '{"matter":"spend","decider":"cfo",'                      # malformed JSON
add ok:escalate "$risky"
add err:R0726 "$(printf '%s' "$good" | sed 's/"spend"/"spned"/')"      # unknown matter
add skip ''                                                             # an empty line
add ok:permitted "$good"
{ printf '{"matter":"spend","note":"'; head -c 2097152 /dev/zero | tr '\0' 'a'; printf '"}\n'; } >> "$b"
echo err:R0711 >> "$plan"                                               # a 2 MB line
add ok:escalate "$risky"
add skip '   	 '                                                       # blanks only
add err:R0703 "$good $good"                                             # two documents on a line
{ head -c 100000 /dev/zero | tr '\0' '['; printf '\n'; } >> "$b"
echo err:R0708 >> "$plan"                                               # 100,000 '['
printf '{"matter":"spend","decider":"cf\377o"}\n' >> "$b"
echo err:R0005 >> "$plan"                                               # not UTF-8
printf '{"matter":"spend","decider":"cf\000o"}\n' >> "$b"
echo err:R0006 >> "$plan"                                               # a NUL byte
add err:R0704 '{"matter": &m spend, "decider": *m}'                     # an alias
add err:R0723 '[1, 2, 3]'                                               # not a mapping
add ok:permitted "$good"
printf '%s' "$risky" >> "$b"                                            # no final newline
echo ok:escalate >> "$plan"

out="$dir/batch.out"
timeout 60 "$remit" eval "$policy" --batch "$b" > "$out" 2> "$dir/batch.err"
rc=$?
if [ "$rc" -eq 6 ]; then pass "batch-exit"; else fail "batch-exit: exit $rc, wanted 6 (some lines are bad)"; fi
if [ -s "$dir/batch.err" ]; then
    fail "batch-stderr: batch mode printed to standard error"
    cut -c1-300 "$dir/batch.err" | head -5
else
    pass "batch-stderr"
fi

# The records: one per non-blank line, in order, each of the planned kind
# (the first record that is not is reported, and the check stops there).
want_n=$(grep -vc '^skip$' "$plan")
got_n=$(wc -l < "$out" | tr -d ' ')
if [ "$got_n" -eq "$want_n" ]; then pass "batch-count"; else fail "batch-count: $got_n records, wanted $want_n"; fi
bad_shape=$(grep -Ecv '^\{"line":[0-9]+,"(result|error)":\{.*\}\}$' "$out")
if [ "$bad_shape" -eq 0 ]; then pass "batch-shape"; else fail "batch-shape: $bad_shape records are not {\"line\":N,\"result\"|\"error\":{...}}"; fi
lineno=0
k=0
ok=1
while IFS= read -r want; do
    lineno=$((lineno + 1))
    [ "$want" = skip ] && continue
    k=$((k + 1))
    rec=$(sed -n "${k}p" "$out")
    case "$rec" in
    "{\"line\":$lineno,"*) ;;
    *) fail "batch-records: record $k is not for line $lineno: $(printf '%s' "$rec" | cut -c1-80)"; ok=0; break ;;
    esac
    case "$want" in
    ok:*)
        outcome=${want#ok:}
        case "$rec" in
        "{\"line\":$lineno,\"result\":{\"schema\":\"remit.outcome/2\",\"outcome\":\"$outcome\""*) ;;
        *) fail "batch-records: line $lineno: wanted a $outcome result: $(printf '%s' "$rec" | cut -c1-120)"; ok=0; break ;;
        esac ;;
    err:*)
        code=${want#err:}
        case "$rec" in
        "{\"line\":$lineno,\"error\":{\"schema\":\"remit.diagnostics/1\""*"\"code\":\"$code\""*) ;;
        *) fail "batch-records: line $lineno: wanted an error record with $code: $(printf '%s' "$rec" | cut -c1-160)"; ok=0; break ;;
        esac ;;
    esac
done < "$plan"
if [ "$ok" -eq 1 ]; then pass "batch-records"; fi

# The same batch from standard input gives the same records, but that
# their positions name <stdin> instead of the file.
timeout 60 "$remit" eval "$policy" --batch < "$b" > "$dir/stdin.out" 2>&1
rc=$?
sed "s|\"file\":\"<stdin>\"|\"file\":\"$b\"|g" "$dir/stdin.out" > "$dir/stdin-named.out"
if [ "$rc" -eq 6 ] && cmp -s "$out" "$dir/stdin-named.out" && grep -q '"file":"<stdin>","line":' "$dir/stdin.out"; then
    pass "batch-stdin"
else
    fail "batch-stdin: exit $rc, or records differ from --batch FILE"
fi

# Only good lines: exit 0, every record a result.
{ echo "$good"; echo "$risky"; echo; echo "$good"; } > "$dir/good.jsonl"
n=$(timeout 60 "$remit" eval "$policy" --batch "$dir/good.jsonl" | grep -c '^{"line":[0-9]*,"result":')
rc=$(timeout 60 "$remit" eval "$policy" --batch "$dir/good.jsonl" > /dev/null 2>&1; echo $?)
if [ "$rc" -eq 0 ] && [ "$n" -eq 3 ]; then pass "batch-all-good"; else fail "batch-all-good: exit $rc, $n results, wanted 0 and 3"; fi

# An empty batch: no records, exit 0.
: > "$dir/empty.jsonl"
n=$(timeout 60 "$remit" eval "$policy" --batch "$dir/empty.jsonl" | wc -l | tr -d ' ')
rc=$(timeout 60 "$remit" eval "$policy" --batch "$dir/empty.jsonl" > /dev/null 2>&1; echo $?)
if [ "$rc" -eq 0 ] && [ "$n" -eq 0 ]; then pass "batch-empty"; else fail "batch-empty: exit $rc, $n records, wanted 0 and 0"; fi

# A batch record's result is the very object `remit eval --format json`
# prints for its line: the batch renders what its records repeat (rules,
# holders, obligations) once, and this holds it to the single decision's
# bytes, declarations of interest among the obligations (whose numbers
# are of the decision's interests, not of rules, and which ran past the
# rules of a small policy once: a crash).
dp="$root/tests/eval/policies/declare-batch.remit"
ints() { # ints N: N undeclared interests of the decider, in S0..S(N-1)
    k=0 sep=''
    while [ "$k" -lt "$1" ]; do
        printf '%s{"who":{"person":"P","role":"lead"},"kind":"personal","in":"S%d"}' "$sep" "$k"
        sep=, k=$((k + 1))
    done
}
subj() { k=0 sep=''; while [ "$k" -lt "$1" ]; do printf '%s"S%d"' "$sep" "$k"; sep=, k=$((k + 1)); done; }
: > "$dir/same.jsonl"
for n in 0 1 3 10 20; do
    printf '{"matter":"spend","decider":{"person":"P","role":"lead"},"body":"board","date":"2026-01-01","fields":{"amount":"£10","supplier":"S0"},"subject":[%s],"interests":[%s]}\n' \
        "$(subj $((n > 0 ? n : 1)))" "$(ints "$n")" >> "$dir/same.jsonl"
done
# batch_same NAME POLICY FILE: the batch of FILE under POLICY runs (exit
# 0) and each record is what `remit eval --format json` prints for its
# line; returns 0 then, with the batch's output in FILE.out, else says
# what differs (FAIL NAME) and returns 1.
batch_same() {
    timeout 60 "$remit" eval "$2" --batch "$3" > "$3.out" 2>&1
    rc=$?
    if [ "$rc" -ne 0 ]; then
        fail "$1: the batch exited $rc, wanted 0"
        cut -c1-300 "$3.out" | head -3
        return 1
    fi
    k=0
    while IFS= read -r line; do
        k=$((k + 1))
        printf '%s\n' "$line" > "$dir/one.json"
        want=$(timeout 60 "$remit" eval --format json "$2" "$dir/one.json" 2>&1)
        got=$(sed -n "${k}p" "$3.out" | sed "s/^{\"line\":$k,\"result\"://; s/}\$//")
        if [ "$got" != "$want" ]; then
            fail "$1: line $k's record differs from eval --format json"
            printf 'batch: %s\neval:  %s\n' "$(printf '%s' "$got" | cut -c1-300)" "$(printf '%s' "$want" | cut -c1-300)"
            return 1
        fi
    done < "$3"
    return 0
}
if batch_same batch-same-as-eval "$dp" "$dir/same.jsonl"; then
    if [ "$k" -eq 5 ] && grep -q '"text":"declare the interest' "$dir/same.jsonl.out"; then
        pass "batch-same-as-eval"
    else
        fail "batch-same-as-eval: $k lines compared, or no declaration among the obligations"
    fi
fi

# The same of `also` reasons (SPEC 7.11), whose rules the outcome's own
# reasons do not name (the batch once wrote them as nothing: "rule":}).
ap="$root/tests/eval/policies/explain-all.remit"
cat > "$dir/also.jsonl" <<'EOF2'
{"matter":"spend","decider":"ceo","date":"2026-11-20","fields":{"amount":"£3,000,000","category":"capital","risk":25}}
{"matter":"spend","decider":"cfo","date":"2026-11-20","fields":{"amount":"£3,000,000","category":"capital","risk":21}}
{"matter":"spend","decider":"coo","date":"2026-11-20","fields":{"amount":"£600,000","category":"revenue","risk":25}}
EOF2
if batch_same batch-same-as-eval-also "$ap" "$dir/also.jsonl"; then
    if [ "$(grep -c '"also":\[' "$dir/also.jsonl.out")" -eq 3 ]; then
        pass "batch-same-as-eval-also"
    else
        fail "batch-same-as-eval-also: not every record has also reasons"
    fi
fi

# ------------------------------------------------- oversized decisions

# 100,000 nested '[' (and '{'): refused at the depth limit, not recursed into
{ head -c 100000 /dev/zero | tr '\0' '['; printf '\n'; } > "$dir/brackets.yaml"
expect nested-brackets 6 'R0708' "$policy" "$dir/brackets.yaml"
{ printf 'matter: spend\nfields: '; i=0; while [ $i -lt 1000 ]; do printf '{a: '; i=$((i + 1)); done; printf '1\n'; } > "$dir/braces.yaml"
expect nested-braces 6 'R0708' "$policy" "$dir/braces.yaml"
{ printf 'matter: spend\nfields:\n'; i=1; while [ $i -le 40 ]; do printf "%$((i * 2))s- \n" '' ; i=$((i + 1)); done; } > "$dir/indent.yaml"
expect nested-block-lists 6 'R0708' "$policy" "$dir/indent.yaml"

# a 5 MB scalar: quoted, plain, and as a key
{ printf 'matter: spend\ndecider: "'; head -c 5242880 /dev/zero | tr '\0' 'a'; printf '"\n'; } > "$dir/scalar-quoted.yaml"
expect scalar-5mb-quoted 6 'R0710' "$policy" "$dir/scalar-quoted.yaml"
{ printf 'matter: spend\nfields:\n  supplier: '; head -c 5242880 /dev/zero | tr '\0' 'a'; printf '\n'; } > "$dir/scalar-plain.yaml"
expect scalar-5mb-plain 6 'R0710' "$policy" "$dir/scalar-plain.yaml"
{ printf 'matter: spend\n'; head -c 5242880 /dev/zero | tr '\0' 'a'; printf ': x\n'; } > "$dir/scalar-key.yaml"
expect scalar-5mb-key 6 'R0701' "$policy" "$dir/scalar-key.yaml"

# a decision file over the 64 MiB limit
truncate -s 65M "$dir/huge.yaml"
expect oversized-file 2 'R0011' "$policy" "$dir/huge.yaml"

# not a decision file at all
mkdir "$dir/folder"
expect decision-directory 2 'R0301' "$policy" "$dir/folder"
# ... and the message is about a decision, not a policy
if timeout 60 "$remit" eval "$policy" "$dir/folder" 2>&1 | grep -Eq 'policy file|[.]remit'; then
    fail "decision-directory-wording: the message calls the decision folder a policy file"
else
    pass "decision-directory-wording"
fi
expect decision-missing 2 'R0301' "$policy" "$dir/no-such-decision.yaml"

# --------------------------------------------------------------- histories

printf '%s\n' "$good" > "$dir/decision.json"

# an alias bomb in a history, in both modes: refused at the first anchor
cat > "$dir/bomb.yaml" <<'EOF'
- &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
- &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
- &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
- &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
- &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
- &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
- &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
- &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
- &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
EOF
expect history-alias-bomb 6 'R0704' --history "$dir/bomb.yaml" "$policy" "$dir/decision.json"
expect history-alias-bomb-batch 6 'R0704' --history "$dir/bomb.yaml" "$policy" --batch "$dir/decision.json"
# an alias of a whole earlier decision, which would count it twice
cat > "$dir/alias-entry.yaml" <<'EOF'
- &spend { matter: spend, decider: cfo, date: 2026-06-01, fields: { amount: "£300,000", category: revenue, risk: 1, supplier: "Acme Health Ltd" }, context: { incident_level: 0 } }
- *spend
EOF
expect history-alias-entry 6 'R0704' --history "$dir/alias-entry.yaml" "$policy" "$dir/decision.json"

# a history of 4,000 decisions of £125 with Acme (£500,000, the cfo's
# ceiling): one more penny escalates, nothing more is permitted
LC_ALL=C awk 'BEGIN { for (i = 0; i < 4000; i++)
    printf "- {matter: spend, decider: cfo, date: 2026-06-01, fields: {amount: \"£125\", category: revenue, risk: 1, supplier: \"Acme Health Ltd\"}, context: {incident_level: 0}}\n" }' > "$dir/long-history.yaml"
printf '%s\n' "$good" | sed 's/£200,000/£0.01/' > "$dir/penny.json"
printf '%s\n' "$good" | sed 's/£200,000/£0/' > "$dir/nothing.json"
expect long-history-over 3 '"cumulative_limit"' --format json --history "$dir/long-history.yaml" "$policy" "$dir/penny.json"
expect long-history-at-limit 0 '"permitted"' --format json --history "$dir/long-history.yaml" "$policy" "$dir/nothing.json"
# A JSON history is read an entry at a time, so the values limit
# (YI_MAX_NODES, 2,000,000; SPEC 7.14) holds for each entry, not the
# list: 117,647 entries of 17 values each, and the list itself, are
# 2,000,000 values, and one more is read as well; each is a penny with
# Acme in the period, £1,176.47 in all, so £498,823.53 more takes the
# cfo's total to its £500,000 ceiling, and a penny more escalates: the
# indexed sum over every entry.
hentry='{"matter":"spend","decider":"cfo","date":"2026-06-01","fields":{"amount":"£0.01","category":"revenue","risk":1,"supplier":"Acme Health Ltd"}}'
big_history() { # N [EXTRA]: N entries, EXTRA added to the first's keys
    LC_ALL=C awk -v n="$1" -v e="$hentry" -v x="${2:-}" 'BEGIN {
        printf "["; for (i = 0; i < n; i++) { s = e; if (i == 0 && x != "") sub(/^\{/, "{" x ",", s);
        printf "%s%s\n", i ? "," : "", s } printf "]\n" }'
}
big_history 117647 > "$dir/history-at-values.json"
big_history 117647 '"co_signatories":[]' > "$dir/history-over-values.json"
printf '%s\n' "$good" | sed 's/£200,000/£498,823.53/; s/"context"/"co_signatories":["ceo"],"context"/' > "$dir/at-ceiling.json"
printf '%s\n' "$good" | sed 's/£200,000/£498,823.54/; s/"context"/"co_signatories":["ceo"],"context"/' > "$dir/over-ceiling.json"
expect history-values-at-limit 0 '"permitted"' --format json --history "$dir/history-at-values.json" "$policy" "$dir/at-ceiling.json"
expect history-values-at-limit-sum 3 'the total would be £500,000.01, above the limit of £500,000' --format json --history "$dir/history-at-values.json" "$policy" "$dir/over-ceiling.json"
expect history-values-over-whole-limit 0 '"permitted"' --format json --history "$dir/history-over-values.json" "$policy" "$dir/at-ceiling.json"
# ... but one entry of more than 1,999,999 values (the list is one more)
# is refused at the value past them, as a decision of 2,000,001 values is
one_big_entry() { # N: an entry whose co_signatories hold N names, and 7 values besides
    LC_ALL=C awk -v n="$1" 'BEGIN { printf "[{\"matter\":\"spend\",\"decider\":\"cfo\",\"co_signatories\":[";
        for (i = 0; i < n; i++) printf "%s\"ceo\"", i ? "," : ""; printf "]}]\n" }'
}
one_big_entry 1999992 > "$dir/entry-at-values.json"
one_big_entry 1999993 > "$dir/entry-over-values.json"
out=$(timeout 60 "$remit" eval --history "$dir/entry-at-values.json" "$policy" "$dir/decision.json" 2>&1)
case $out in *R0709*) fail "history-entry-values-at-limit: R0709 given" ;; *) pass "history-entry-values-at-limit" ;; esac
expect history-entry-values-over-limit 6 'error\[R0709\]: this input holds more than 2000000 values' --history "$dir/entry-over-values.json" "$policy" "$dir/decision.json"
# A YAML history is read whole, so its values limit is the list's
LC_ALL=C awk -v n=117647 -v e="$hentry" 'BEGIN { for (i = 0; i < n; i++) { s = e;
    if (i == 0) sub(/^\{/, "{\"co_signatories\":[],", s); printf "- %s\n", s } }' > "$dir/history-over-values.json.yaml"
expect history-yaml-too-many-values 6 'R0709' --history "$dir/history-over-values.json.yaml" "$policy" "$dir/decision.json"
# ... and 5,000,001 entries fit the file and each its values but are more
# decisions than a history may hold (IN_MAX_HISTORY): refused at the
# 5,000,001st, alone, with a hint naming the longest period of the
# policy's limits (nhs.gifts: 12 months, 366 days in a leap year); 5,000,000 of them are read (and each is not a decision)
short_history() { LC_ALL=C awk -v n="$1" 'BEGIN { printf "["; for (i = 0; i < n; i++) printf "%s0\n", i ? "," : ""; printf "]\n" }'; }
short_history 5000001 > "$dir/too-many-entries.json"
out=$(timeout 120 "$remit" eval --history "$dir/too-many-entries.json" "$policy" "$dir/decision.json" 2>&1); rc=$?
case $out in *'error[R0713]: a history holds at most 5000000 decisions; this one has 5000001'*) pass "history-too-many-decisions" ;;
    *) fail "history-too-many-decisions: no R0713 in output" ;; esac
case $out in *'decisions of the 366 days before those to be evaluated'*) pass "history-too-many-decisions-hint" ;;
    *) fail "history-too-many-decisions-hint: no hint" ;; esac
n=$(printf '%s\n' "$out" | grep -c 'error\[')
if [ "$n" -eq 1 ] && [ "$rc" -eq 6 ]; then pass "history-too-many-decisions-alone"; else fail "history-too-many-decisions-alone: $n errors, exit $rc, wanted 1 and 6"; fi
short_history 5000000 > "$dir/entries-at-limit.json"
n=$(timeout 120 "$remit" eval --history "$dir/entries-at-limit.json" "$policy" "$dir/decision.json" 2>&1 | grep -c 'R0713')
if [ "$n" -eq 0 ]; then pass "history-decisions-at-limit"; else fail "history-decisions-at-limit: R0713 given"; fi
rm -f "$dir/too-many-entries.json" "$dir/entries-at-limit.json" "$dir/entry-at-values.json" "$dir/entry-over-values.json"
# A history file may be 1 GiB (RM_MAX_HISTORY_BYTES): one of 64 MiB and
# one byte (once over the limit of any input) is read; one of 1 GiB and a
# byte (a sparse file: never written) is refused unread, with a hint that
# says what to leave out
{ printf '%s\n' "[$hentry]"; head -c $((64 * 1048576)) /dev/zero | tr '\0' ' '; } > "$dir/history-64m.json"
expect history-file-over-64-mib 0 '"permitted"' --format json --history "$dir/history-64m.json" "$policy" "$dir/at-ceiling.json"
rm -f "$dir/history-64m.json"
if truncate -s $((1024 * 1048576 + 1)) "$dir/history-1g.json" 2>/dev/null; then
    expect history-file-over-1-gib 2 "larger than 1024 MiB, the most Remit reads as a history" --history "$dir/history-1g.json" "$policy" "$dir/decision.json"
    expect history-file-over-1-gib-hint 2 "leave out the older ones" --history "$dir/history-1g.json" "$policy" "$dir/decision.json"
    rm -f "$dir/history-1g.json"
fi

# A register of 100,000 people, every other one with a financial interest
# (1,200,001 values): read, and the interest of a person near its end
# found for a decision she takes; at 2,000,001 values it is refused.
big_register() { # N PEOPLE, each with an interest when WITH is 1 (else every other)
    LC_ALL=C awk -v n="$1" -v all="$2" 'BEGIN { printf "{\"people\":[\n";
        for (i = 0; i < n; i++) { printf "%s{\"name\":\"P %d\",\"roles\":[\"%s\"]", i ? "," : "", i, i == n - 2 ? "cfo" : "ned";
            if (all || i % 2 == 0) printf ",\"interests\":[{\"kind\":\"financial\",\"in\":\"Supplier %d\"}]", i == n - 2 ? -1 : i;
            printf "}\n" } printf "]}\n" }'
}
big_register 100000 0 > "$dir/register-100k.json"
printf '%s\n' "$good" | sed 's/"decider":"cfo"/"decider":{"person":"P 99998"},"body":"board"/; s/Acme Health Ltd/Supplier -1/' > "$dir/by-p99998.json"
expect register-100k-conflict 3 'P 99998 (Director of Finance, cfo) has an interest of kind .financial. in Supplier -1' --register "$dir/register-100k.json" "$policy" "$dir/by-p99998.json"
# 166,667 people with one interest (12 values each) and the mapping, its
# key and the list: 2,000,007 values
big_register 166667 1 > "$dir/register-over-values.json"
expect register-too-many-values 6 'R0709' --register "$dir/register-over-values.json" "$policy" "$dir/decision.json"

# 100,000 nested '[' in a history, and a 5 MB scalar in one
{ head -c 100000 /dev/zero | tr '\0' '['; printf '\n'; } > "$dir/history-brackets.yaml"
expect history-nested 6 'R0708' --history "$dir/history-brackets.yaml" "$policy" "$dir/decision.json"
{ printf '%s' '- matter: "'; head -c 5242880 /dev/zero | tr '\0' 'a'; printf '"\n'; } > "$dir/history-scalar.yaml"
expect history-scalar-5mb 6 'R0710' --history "$dir/history-scalar.yaml" "$policy" "$dir/decision.json"
expect history-missing 2 'R0301' --history "$dir/no-such-history.yaml" "$policy" "$dir/decision.json"

# A decision file in JSON is read by the same strict JSON reader as a batch
# line: a surrogate pair (valid JSON) is accepted, a lone surrogate refused,
# and a YAML flow mapping with bare words still read as YAML.
printf '%s\n' '{"matter":"spend","decider":"cfo","date":"2026-11-20","fields":{"amount":"£200,000","category":"revenue","risk":3,"supplier":"\ud83d\ude00 Ltd"},"context":{"incident_level":0}}' > "$dir/surrogate-pair.json"
expect file-json-surrogate-pair 0 'permitted' "$policy" "$dir/surrogate-pair.json"
printf '%s\n' '{"matter":"spend","decider":"cfo","date":"2026-11-20","fields":{"amount":"£200,000","category":"revenue","risk":3,"supplier":"\ud800 Ltd"},"context":{"incident_level":0}}' > "$dir/lone-surrogate.json"
expect file-json-lone-surrogate 6 'R07' "$policy" "$dir/lone-surrogate.json"
printf '%s\n' '{matter: spend, decider: cfo, date: 2026-11-20, fields: {amount: "£200,000", category: revenue, risk: 3, supplier: Acme}, context: {incident_level: 0}}' > "$dir/flow.yaml"
expect file-yaml-flow-mapping 0 'permitted' "$policy" "$dir/flow.yaml"

# A test file's register (SPEC 7.13): missing, or with a fault, the file
# counts as one failed test and none of its tests runs; a test that expects
# a finding the outcome lacks fails.
expect_test() {
    name=$1 want=$2
    shift 2
    out=$(timeout 60 "$remit" test "$@" 2>&1)
    if printf '%s\n' "$out" | grep -q "$want"; then
        pass "$name"
    else
        fail "$name: no '$want' in output"
        printf '%s\n' "$out" | cut -c1-300 | head -5
    fi
}
pol=$(cd "$(dirname "$policy")" && pwd)/$(basename "$policy")
printf 'policy: %s\nregister: no-such-register.yaml\ntests:\n  - name: t\n    decision: %s\n    expect: permitted\n' "$pol" "$good" > "$dir/reg-missing.test.yaml"
expect_test test-register-missing '0 passed, 1 failed' "$dir/reg-missing.test.yaml"
printf 'people:\n  - { name: "A", roles: [nobody] }\n' > "$dir/bad-register.yaml"
printf 'policy: %s\nregister: bad-register.yaml\ntests:\n  - name: t\n    decision: %s\n    expect: permitted\n' "$pol" "$good" > "$dir/reg-bad.test.yaml"
expect_test test-register-fault 'R0721' "$dir/reg-bad.test.yaml"
printf 'policy: %s\ntests:\n  - name: t\n    decision: %s\n    expect: permitted\n    findings: [late_declaration]\n' "$pol" "$good" > "$dir/findings.test.yaml"
expect_test test-findings-missing "no finding of kind 'late_declaration'" "$dir/findings.test.yaml"
printf 'policy: %s\ntests:\n  - name: t\n    decision: %s\n    expect: permitted\n    findings: []\n' "$pol" "$good" > "$dir/no-findings.test.yaml"
expect_test test-findings-none '1 passed, 0 failed' "$dir/no-findings.test.yaml"

# Terminal injection (SPEC 7.12, 9.1): names and values with every C0
# control, DEL, C1 controls, bidirectional controls and a line separator,
# read by the JSON reader.  What `remit eval` and `remit test` print must
# hold none of them raw -- each is shown as an escape -- and have as many
# lines as for a plain name: no value may begin a line of its own.
ctl='\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f'
ctl="$ctl"'\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b[2J\u001c\u001d\u001e\u001f'
ctl="$ctl"'\u007f\u0080\u0085\u009b31m\u061c\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069'
hostile='{"matter":"spend","decider":{"person":"Evil'"$ctl"'\npermitted: forged","role":"cfo"},"date":"2026-11-20","fields":{"amount":"£200,000","category":"revenue","risk":3,"supplier":"Acme'"$ctl"'Ltd"},"context":{"incident_level":0}}'
plain='{"matter":"spend","decider":{"person":"Evil","role":"cfo"},"date":"2026-11-20","fields":{"amount":"£200,000","category":"revenue","risk":3,"supplier":"Acme Ltd"},"context":{"incident_level":0}}'
printf '%s\n' "$hostile" > "$dir/hostile.json"
printf '%s\n' "$plain" > "$dir/plain.json"
# (short enough for the line to be shown under the message, SPEC 9.1)
printf '%s\n' "$plain" | sed 's/"role":"cfo"/"role":"cfo\\u001b[2J\\npermitted: \\u202ex\\u0085"/' > "$dir/hostile-role.json"
printf '%s\n' "$plain" | sed 's/"role":"cfo"/"role":"cfox"/' > "$dir/plain-role.json"
raw=$(printf '[\001-\011\013-\037\177]|\302[\200-\237]|\342\200[\216\217\250-\256]|\342\201[\246-\251]|\330\234')
# escaped NAME WANT_LINES OUTPUT: OUTPUT has WANT_LINES lines, none raw
escaped() {
    got=$(printf '%s\n' "$3" | wc -l)
    if printf '%s\n' "$3" | LC_ALL=C grep -Eq "$raw"; then
        fail "$1: a control character printed raw"
        printf '%s\n' "$3" | LC_ALL=C grep -En "$raw" | od -c | head -5
    elif [ "$got" -ne "$2" ]; then
        fail "$1: $got lines, wanted $2"
        printf '%s\n' "$3" | head -10
    else
        pass "$1"
    fi
}
lines() { printf '%s\n' "$1" | wc -l; }
expect escape-eval-text-outcome 0 'permitted' "$policy" "$dir/hostile.json"
escaped escape-eval-text "$(lines "$("$remit" eval "$policy" "$dir/plain.json" 2>&1)")" \
    "$(timeout 60 "$remit" eval "$policy" "$dir/hostile.json" 2>&1)"
expect escape-eval-diagnostic-code 6 'R0721' "$policy" "$dir/hostile-role.json"
escaped escape-eval-diagnostic "$(lines "$("$remit" eval "$policy" "$dir/plain-role.json" 2>&1)")" \
    "$(timeout 60 "$remit" eval "$policy" "$dir/hostile-role.json" 2>&1)"
# a test that fails prints the outcome under its FAIL line
printf 'policy: %s\ntests:\n  - name: t\n    decision: %s\n    expect: refused\n' "$pol" "$hostile" > "$dir/hostile.test.yaml"
printf 'policy: %s\ntests:\n  - name: t\n    decision: %s\n    expect: refused\n' "$pol" "$plain" > "$dir/plain.test.yaml"
escaped escape-test-failure "$(lines "$("$remit" test "$dir/plain.test.yaml" 2>&1)")" \
    "$(timeout 60 "$remit" test "$dir/hostile.test.yaml" 2>&1)"
