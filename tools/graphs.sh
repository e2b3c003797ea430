#!/bin/sh
# tools/graphs.sh [--check] [REMIT] - the pictures of the examples that
# docs/ holds, drawn by `remit graph` (SPEC 11.8): for each, the DOT that
# remit writes (NAME.dot) and the picture Graphviz's dot draws of it
# (NAME.svg).  REMIT is build/remit unless given.
#
# Without --check, (re)writes every picture (Graphviz needed: Debian
# `apt-get install graphviz`, or `make deps`).  Look at each before
# committing it: render it to PNG (`dot -Tpng docs/graphs/NAME.dot`) and
# check that it reads at the size a board paper prints it.
#
# With --check, prints PASS/FAIL lines for tests/run.sh's graph suite:
#   - each NAME.dot is what remit draws now (no Graphviz needed);
#   - where dot is on PATH: each NAME.svg is the drawing of NAME.dot (the
#     same nodes and lines, by their <title>s: the layout's coordinates
#     vary between versions of Graphviz), no picture is wider than 2,000
#     points (about 2,700 pixels), and dot draws every golden drawing
#     tests/graph/*.dot and every picture here without a warning.
#   Without dot, the checks that need it are said to be skipped, on
#   standard error.
set -u
check=false
if [ "${1:-}" = "--check" ]; then
    check=true
    shift
fi
root=$(cd "$(dirname "$0")/.." && pwd)
remit=${1:-build/remit}
case "$remit" in /*) ;; *) remit="$(pwd)/$remit" ;; esac
cd "$root" || exit 2

# The pictures: a path without its extension, then the arguments of
# `remit graph`.  README.md shows the last two.
pictures() {
    for e in icb-scheme major-incident neighbourhood-team place-partnership provider-collaborative; do
        echo "docs/graphs/$e examples/$e.remit"
    done
    echo "docs/graphs/place-partnership-pooled_budget_spend --matter pooled_budget_spend examples/place-partnership.remit"
    echo "docs/icb-scheme --matter spend examples/icb-scheme.remit"
}

have_dot=false
command -v dot >/dev/null 2>&1 && have_dot=true
tmp=$(mktemp -d "${TMPDIR:-/tmp}/remit-graphs.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

pass() { echo "PASS graph-docs $1"; }
fail() { echo "FAIL graph-docs $1"; }

# The <title>s of an SVG that dot drew, one a line, sorted: its nodes,
# lines and clusters by name (the entities that versions of Graphviz
# write differently read back).
titles() {
    sed -n 's/.*<title>\(.*\)<\/title>.*/\1/p' "$1" |
        sed 's/&#45;/-/g; s/&gt;/>/g; s/&lt;/</g; s/&quot;/"/g; s/&#39;/'"'"'/g; s/&amp;/\&/g' | sort
}

# The width of an SVG in points, as a whole number.
width() {
    sed -n 's/^<svg width="\([0-9]*\)\(\.[0-9]*\)\{0,1\}pt".*/\1/p' "$1" | head -1
}

# Draw a DOT file with dot: the SVG to $2, and its warnings; false when
# dot fails or warns.
draw() {
    dot -Tsvg "$1" -o "$2" 2>"$tmp/warnings" && [ ! -s "$tmp/warnings" ]
}

if ! $check; then
    $have_dot || { echo "tools/graphs.sh: Graphviz's dot is not on PATH (apt-get install graphviz)" >&2; exit 2; }
    status=0
    pictures | while read -r base args; do
        mkdir -p "$(dirname "$base")"
        # shellcheck disable=SC2086
        "$remit" graph $args > "$base.dot" || { echo "tools/graphs.sh: remit graph $args failed" >&2; exit 1; }
        draw "$base.dot" "$base.svg" || { echo "tools/graphs.sh: dot warned or failed on $base.dot:" >&2; cat "$tmp/warnings" >&2; exit 1; }
        echo "$base.svg: $(width "$base.svg") points wide"
    done || status=1
    exit $status
fi

pictures > "$tmp/list"
while read -r base args; do
    # shellcheck disable=SC2086
    if "$remit" graph $args > "$tmp/now.dot" 2>&1 && cmp -s "$tmp/now.dot" "$base.dot"; then
        pass "$base.dot is current"
    else
        fail "$base.dot is not what \`remit graph $args\` draws now: run tools/graphs.sh"
        diff "$base.dot" "$tmp/now.dot" | head -10
    fi
    if ! $have_dot; then
        continue
    fi
    if ! draw "$base.dot" "$tmp/now.svg"; then
        fail "$base.dot: dot warned or failed"
        head -5 "$tmp/warnings"
    elif [ -f "$base.svg" ] && [ "$(titles "$base.svg")" = "$(titles "$tmp/now.svg")" ]; then
        pass "$base.svg is the drawing of $base.dot"
    else
        fail "$base.svg is not the drawing of $base.dot: run tools/graphs.sh"
    fi
    w=$(width "$tmp/now.svg")
    if [ -n "$w" ] && [ "$w" -le 2000 ]; then
        pass "$base: $w points wide, at most 2,000"
    else
        fail "$base: ${w:-?} points wide, more than 2,000"
    fi
done < "$tmp/list"

if $have_dot; then
    for f in tests/graph/*.dot; do
        if draw "$f" "$tmp/golden.svg"; then
            pass "dot draws $f without a warning"
        else
            fail "dot warned or failed on $f"
            head -5 "$tmp/warnings"
        fi
    done
else
    echo "graph-docs: Graphviz's dot is not on PATH: the drawings were not rendered (skipped; apt-get install graphviz)" >&2
fi
