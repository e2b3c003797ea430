#!/bin/sh
# tests/graph/bad.sh REMIT - `remit graph` on bad command lines and bad
# policies, and --format svg through a fake `dot` put first on PATH (a
# shell script that says what it was given), so that the pipe to dot and
# its failures are tested whether or not Graphviz is installed.  Prints
# PASS/FAIL lines, like tests/bad-input.sh.
set -u
remit=$1
case "$remit" in /*) ;; *) remit="$(pwd)/$remit" ;; esac
root=$(cd "$(dirname "$0")/../.." && pwd)
policy="$root/tests/graph/icb.remit"
dir=$(mktemp -d "${TMPDIR:-/tmp}/remit-graph-bad.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM

pass() { echo "PASS graph-bad $1"; }
fail() { echo "FAIL graph-bad $1"; }

# expect NAME EXIT TEXT ARGS...: run `remit graph ARGS`; it must exit with
# EXIT and print TEXT (a fixed string) on standard output or error
expect() {
    name=$1 want_exit=$2 want=$3
    shift 3
    out=$(timeout 60 "$remit" graph "$@" 2>&1)
    rc=$?
    if [ "$rc" -ne "$want_exit" ]; then
        fail "$name: exit $rc, wanted $want_exit"
        printf '%s\n' "$out" | head -5
    elif ! printf '%s\n' "$out" | grep -qF -- "$want"; then
        fail "$name: no '$want' in what it printed"
        printf '%s\n' "$out" | head -5
    else
        pass "$name"
    fi
}

# check NAME CONDITION...: pass when the command succeeds
check() {
    name=$1
    shift
    if "$@"; then pass "$name"; else fail "$name"; fi
}

# ---- the command line
expect "no policy" 2 "graph needs a policy file"
expect "two policies" 2 "unexpected 'b.remit'" a.remit b.remit
expect "unknown option" 2 "unknown option '--colour'" --colour "$policy"
expect "format missing" 2 "--format needs a value: dot or svg" "$policy" --format
expect "unknown format" 2 "unknown format 'png': use dot or svg" --format png "$policy"
expect "matter missing" 2 "--matter needs a value" "$policy" --matter
expect "stdlib not a folder" 2 "--stdlib names 'nowhere', which is not a folder" --stdlib nowhere "$policy"
expect "help" 0 "usage: remit graph [options] POLICY" --help
"$remit" help graph | grep -q "^usage: remit graph" && pass "remit help graph" || fail "remit help graph"
"$remit" --help | grep -q "^  graph " && pass "graph in remit --help" || fail "graph in remit --help"

# ---- the policy
expect "missing policy" 2 "R0301" "$dir/missing.remit"
sed 's/from ceo to cfo$/from ceo to cfoo/' "$policy" > "$dir/typo.remit"
expect "policy with errors" 1 "the policy has errors, so no graph can be drawn" "$dir/typo.remit"
expect "policy with errors: its diagnostic" 1 "error[R0201]: 'cfoo'" "$dir/typo.remit"
expect "unknown matter" 2 "'spnd' is not a matter of this policy; did you mean 'spend'?" --matter spnd "$policy"
expect "unknown matter, nothing near" 2 "'budget' is not a matter of this policy" --matter budget "$policy"
out=$("$remit" graph --matter spnd "$policy" 2>/dev/null)
check "unknown matter: nothing on standard output" [ -z "$out" ]

# ---- the same bytes every time, and -o
"$remit" graph "$policy" > "$dir/a.dot"
"$remit" graph "$policy" > "$dir/b.dot"
check "same policy, same bytes" cmp -s "$dir/a.dot" "$dir/b.dot"
out=$("$remit" graph -o "$dir/o.dot" "$policy")
check "-o: nothing on standard output" [ -z "$out" ]
check "-o: the file holds the graph" cmp -s "$dir/a.dot" "$dir/o.dot"
expect "-o in a missing folder" 2 "cannot write '$dir/no/such.dot'" -o "$dir/no/such.dot" "$policy"
"$remit" graph --matter spnd -o "$dir/none.dot" "$policy" 2>/dev/null
check "-o: no file for an unknown matter" [ ! -e "$dir/none.dot" ]

# ---- --format svg through fake dots
mkdir "$dir/bin" "$dir/failing" "$dir/empty"
cat > "$dir/bin/dot" <<'DOT'
#!/bin/sh
# a fake dot: its arguments, then how many lines of DOT it read
[ "$*" = "-Tsvg" ] || { echo "fake dot: wrong arguments: $*" >&2; exit 9; }
n=$(wc -l)
echo "<svg><!-- fake dot: $n lines --></svg>"
DOT
printf '#!/bin/sh\ncat > /dev/null\necho "fake dot: syntax error" >&2\nexit 3\n' > "$dir/failing/dot"
chmod +x "$dir/bin/dot" "$dir/failing/dot"
lines=$(wc -l < "$dir/a.dot")
out=$(PATH="$dir/bin:$PATH" "$remit" graph --format svg "$policy" 2>&1)
check "svg: the DOT piped through dot -Tsvg" [ "$out" = "<svg><!-- fake dot: $lines lines --></svg>" ]
evil="$dir/a b; touch pwned.svg"
(cd "$dir" && PATH="$dir/bin:$PATH" "$remit" graph --format svg -o "$evil" "$policy")
# (all three conditions inside check: `check A && B` would let B fail unseen)
check "svg: -o with blanks and ; is a file name, never a command" \
    sh -c '[ -f "$1" ] && [ ! -e "$2" ] && grep -q "fake dot: $3 lines" "$1"' sh "$evil" "$dir/pwned.svg" "$lines"
PATH="$dir/failing:$PATH" expect "svg: dot fails" 2 "failed (exit status 3)" --format svg "$policy"
PATH="$dir/failing:$PATH" "$remit" graph --format svg -o "$dir/f.svg" "$policy" 2>/dev/null
check "svg: no file left when dot fails" [ ! -e "$dir/f.svg" ]
# no dot: PATH holds only an empty folder, so remit is run without timeout
out=$(PATH="$dir/empty" "$remit" graph --format svg "$policy" 2>&1)
rc=$?
check "svg: no dot on PATH" [ "$rc" -eq 2 ]
printf '%s\n' "$out" | grep -qF "apt-get install graphviz" && pass "svg: no dot: how to install it" ||
    fail "svg: no dot: how to install it"
out=$(PATH="$dir/empty" "$remit" graph --format svg "$dir/missing.remit" 2>&1)
printf '%s\n' "$out" | grep -qF "needs Graphviz's dot" && pass "svg: dot looked for before the policy is read" ||
    fail "svg: dot looked for before the policy is read"

# ---- --format svg through the real Graphviz, where it is installed
if command -v dot >/dev/null 2>&1; then
    "$remit" graph --format svg -o "$dir/real.svg" "$policy" 2>"$dir/real.err"
    rc=$?
    if [ "$rc" -eq 0 ] && grep -q "<svg" "$dir/real.svg" && grep -q "<title>spend/h:board</title>" "$dir/real.svg" &&
        [ ! -s "$dir/real.err" ]; then
        pass "svg: the real dot draws the picture, without a warning"
    else
        fail "svg: the real dot draws the picture, without a warning"
        head -5 "$dir/real.err"
    fi
    "$remit" graph --format svg --matter spend -o "$dir/one.svg" "$policy" 2>"$dir/one.err"
    check "svg: one matter, its nodes named without a panel" grep -q "<title>h:board</title>" "$dir/one.svg"
else
    echo "graph-bad: Graphviz's dot is not on PATH: --format svg through the real dot not tried (skipped)" >&2
fi

# ---- every matter a panel, --matter one alone
out=$("$remit" graph "$policy")
check "panels: a panel for each matter drawn" sh -c 'printf "%s\n" "$1" | grep -q "^    subgraph \"cluster_spend\" {" &&
    printf "%s\n" "$1" | grep -q "^    subgraph \"cluster_appointment\" {"' sh "$out"
out=$("$remit" graph --matter spend "$policy")
check "--matter: no panel, nodes named h:NAME" sh -c '! printf "%s\n" "$1" | grep -q "cluster_spend\"" &&
    printf "%s\n" "$1" | grep -q "^ *\"h:board\" \["' sh "$out"
