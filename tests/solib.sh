#!/bin/sh
# tests/solib.sh BUILD [--install] - the shared library, the version, the
# man pages and make install / make uninstall (SPEC 11.7).  Prints a PASS
# or FAIL line per check, for tests/run.sh's tally.
#
# Always, for BUILD (the normal build and the sanitizer build alike):
#   symbols  nm -D --defined-only BUILD/libremit.so lists exactly the
#            functions compiler/remit.h declares, each named remit_*:
#            hidden visibility keeps everything else in
#   prefixes every other function and variable libremit.a defines for
#            its modules to share starts with its module's prefix (the
#            list is below): no bare names such as vec_push
#   soname   the soname is libremit.so.MAJOR, the links in BUILD lead to
#            libremit.so.VERSION, and libyaml is NEEDED (so -lremit alone
#            links)
# With --install (tests/run.sh gives it for the normal build only: make
# install there builds with the default compiler and flags, which would
# rebuild the sanitizer build's objects, and the checks below do not
# depend on the build):
#   version  REMIT_VERSION is what `remit --version`, remit.pc and the man
#            pages say
#   man      docs/man pages: groff -man -ww -z reports nothing; remit.1 has
#            a section for each command `remit --help` lists, libremit.3
#            names each function remit.h declares (without groff the first
#            is skipped, with a note)
#   install  make install DESTDIR=stage PREFIX=/usr/local puts each file in
#            its place; examples/embed/validator.c, built with pkg-config
#            against the stage (shared, then static), evaluates decisions
#            as `remit eval --format json` does; make uninstall leaves
#            every file the stage had before and no other, and no folder
#            but the shared ones (bin, lib, lib/pkgconfig, include,
#            share/man/man1, share/man/man3 and their parents)
set -u
cd "$(dirname "$0")/.." || exit 2
build=$1
full=${2:-}
so=$build/libremit.so

pass() { echo "PASS solib $1"; }
# words: the lines of standard input as one line, cut at 300 characters
words() { tr '\n' ' ' | sed 's/  *$//' | cut -c1-300; }
fail() { echo "FAIL solib $1"; }

define() { sed -n "s/^#define $1  *\\(.*\\)/\\1/p" compiler/remit.h; }
major=$(define REMIT_VERSION_MAJOR)
version=$(define REMIT_VERSION | tr -d '"')

# ---- symbols: exactly what remit.h declares, all remit_*
declared=$(cc -E -P compiler/remit.h | grep -o 'remit_[a-z0-9_]* *(' | sed 's/ *($//' | sort -u)
if [ ! -f "$so" ]; then
    fail "symbols: no $so"
else
    exported=$(nm -D --defined-only "$so" | awk '{print $NF}' | sort -u)
    stray=$(printf '%s\n' "$exported" | grep -v '^remit_')
    missing=$(printf '%s\n' "$declared" | grep -vxF "$exported")
    extra=$(printf '%s\n' "$exported" | grep -vxF "$declared")
    if [ -z "$declared" ] || [ -z "$exported" ]; then
        fail "symbols: none declared in remit.h, or none exported by $so"
    elif [ -n "$stray$missing$extra" ]; then
        fail "symbols: $so exports what remit.h does not declare, or the reverse"
        [ -z "$stray" ] || echo "  not remit_*: $(printf '%s\n' "$stray" | words)"
        [ -z "$missing" ] || echo "  declared, not exported: $(printf '%s\n' "$missing" | words)"
        [ -z "$extra" ] || echo "  exported, not declared: $(printf '%s\n' "$extra" | words)"
    else
        pass "symbols: $(echo "$exported" | wc -l) exported, each declared in remit.h"
    fi
fi

# ---- prefixes: the library's own global names carry their module's
# prefix (remit_ the API; rm_ the core; ar_ pool_ arena.c; sym_
# symtab.c; src_ source.c; dg_ diag.c; lit_ literal.c; wd_ words.c; ast_
# ast.c; rp_ parser.y; rs_ resolve.c; ck_ check.c; yi_ yamlin.c; ji_
# jsonin.c; in_ input.c; pl_ lower.c; ev_ eval.c; xp_ xo_ explain.c; pe_
# export.c; an_ the analyses; tc_ tcover.c).  Names the compilers make
# start with "__".
if [ -f "$build/libremit.a" ]; then
    bare=$(nm -g --defined-only "$build/libremit.a" 2>/dev/null | awk 'NF == 3 {print $3}' | grep -v '^__' |
        grep -vE '^(remit|rm|ar|pool|sym|src|dg|lit|wd|ast|rp|rs|ck|yi|ji|in|pl|ev|xp|xo|pe|an|tc)_' | sort -u)
    if [ -n "$bare" ]; then
        fail "prefixes: libremit.a defines names without a module prefix: $(printf '%s\n' "$bare" | words)"
    else
        pass "prefixes: every name libremit.a defines has its module's prefix"
    fi
fi

# ---- soname, links and NEEDED
dyn=$(readelf -d "$so" 2>&1)
soname=$(printf '%s\n' "$dyn" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
if [ "$soname" != "libremit.so.$major" ]; then
    fail "soname: '$soname', not libremit.so.$major"
elif [ "$(readlink -f "$so")" != "$(readlink -f "$build/libremit.so.$version")" ] ||
     [ "$(readlink "$build/libremit.so.$major")" != "libremit.so.$version" ]; then
    fail "soname: $so and $build/libremit.so.$major do not lead to libremit.so.$version"
elif ! printf '%s\n' "$dyn" | grep -q 'NEEDED.*\[libyaml'; then
    fail "soname: $so does not name libyaml as NEEDED"
else
    pass "soname: $soname, libyaml NEEDED"
fi

[ "$full" = --install ] || exit 0

# ---- one version everywhere
pcver=$(sed -n 's/^Version: //p' "$build/remit.pc")
got="remit --version: $("$build/remit" --version); remit.pc: $pcver;"
for m in docs/man/*.[0-9]; do
    got="$got $m: $(sed -n 's/^\.TH [^"]*"[^"]*" "Remit \([^"]*\)".*/\1/p' "$m");"
done
want="remit --version: remit $version; remit.pc: $version;"
for m in docs/man/*.[0-9]; do want="$want $m: $version;"; done
if [ "$got" = "$want" ]; then
    pass "version: $version in remit.h, remit --version, remit.pc and the man pages"
else
    fail "version: remit.h says $version; $got"
fi

# ---- the man pages
if command -v groff >/dev/null 2>&1; then
    for m in docs/man/*.[0-9]; do
        w=$(groff -man -ww -z "$m" 2>&1)
        if [ -z "$w" ]; then pass "man: $m has no groff warnings"; else
            fail "man: groff -man -ww -z $m"; printf '%s\n' "$w" | head -5; fi
    done
else
    echo "note: groff is not installed, so the man pages' warnings are not checked (apt-get install groff-base)"
fi
cmds=$("$build/remit" --help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p')
nodoc=""
for c in $cmds; do grep -q "^\\.SS \"remit $c" docs/man/remit.1 || nodoc="$nodoc $c"; done
if [ -z "$cmds" ] || [ -n "$nodoc" ]; then
    fail "man: remit.1 has no section for:${nodoc:- (no commands read from remit --help)}"
else
    pass "man: remit.1 has a section for each command ($(printf '%s\n' "$cmds" | words))"
fi
nodoc=""
for f in $declared; do grep -q "^\\.BI \"[^\"]*\\<$f(" docs/man/libremit.3 || nodoc="$nodoc $f"; done
if [ -n "$nodoc" ]; then
    fail "man: libremit.3's synopsis does not give:$nodoc"
else
    pass "man: libremit.3 gives each function of remit.h"
fi

# ---- make install, build against the stage, make uninstall
work=$(mktemp -d) || exit 2
trap 'rm -rf "$work"' EXIT
stage=$work/stage
pre=$stage/usr/local
# files another package put there: uninstall must leave them
mkdir -p "$pre/lib" "$pre/share/man/man1"
echo other > "$pre/lib/libother.so.1"
echo other > "$pre/share/man/man1/other.1"
(cd "$stage" && find . ! -type d | sort) > "$work/before"
# make_stage TARGET: make install or uninstall into the stage.  MAKEFLAGS
# from make test (its jobserver, -s) is not for this make.
make_stage() {
    if MAKEFLAGS='' MAKELEVEL='' make --no-print-directory "$1" BUILD="$build" DESTDIR="$stage" \
            PREFIX=/usr/local > "$work/$1.log" 2>&1; then
        pass "install: make $1 DESTDIR=stage PREFIX=/usr/local"
    else
        fail "install: make $1 DESTDIR=stage PREFIX=/usr/local"
        tail -5 "$work/$1.log"
    fi
}
make_stage install

absent=""
for f in bin/remit lib/libremit.a "lib/libremit.so.$version" include/remit.h \
         lib/pkgconfig/remit.pc share/man/man1/remit.1 share/man/man3/libremit.3; do
    [ -f "$pre/$f" ] && [ ! -L "$pre/$f" ] || absent="$absent $f"
done
[ -x "$pre/bin/remit" ] || absent="$absent bin/remit(executable)"
[ "$(readlink "$pre/lib/libremit.so.$major")" = "libremit.so.$version" ] || absent="$absent lib/libremit.so.$major(link)"
[ "$(readlink "$pre/lib/libremit.so")" = "libremit.so.$major" ] || absent="$absent lib/libremit.so(link)"
diff -r stdlib-policies "$pre/share/remit/stdlib-policies" > /dev/null 2>&1 || absent="$absent share/remit/stdlib-policies"
if [ -z "$absent" ]; then
    pass "install: each file in its place, the standard library whole"
else
    fail "install: wrong or missing under PREFIX:$absent"
fi

# pkg-config finds the stage's remit.pc and nothing else, and puts the
# stage in front of its -I and -L
PKG_CONFIG_LIBDIR=$pre/lib/pkgconfig
PKG_CONFIG_SYSROOT_DIR=$stage
export PKG_CONFIG_LIBDIR PKG_CONFIG_SYSROOT_DIR
unset PKG_CONFIG_PATH
if ! { cflags=$(pkg-config --cflags remit) && libs=$(pkg-config --libs remit) &&
        slibs=$(pkg-config --static --libs remit); }; then
    fail "install: pkg-config --cflags --libs remit"
elif [ "${cflags% }" != "-I$pre/include" ] || [ "${libs% }" != "-L$pre/lib -lremit" ] ||
     [ "${slibs% }" != "-L$pre/lib -lremit -lyaml" ]; then
    fail "install: pkg-config gives '$cflags' '$libs', --static '$slibs'"
else
    pass "install: pkg-config gives -I, -L and -lremit (and -lyaml with --static)"
fi

# the validator evaluates decisions as remit eval does: the same JSON and
# the same exit code (permitted, escalate)
policy=examples/icb-scheme.remit
stdlib=$pre/share/remit/stdlib-policies
same_as_remit() { # LABEL RUNNER...: run the validator on two decisions
    label=$1; shift
    for d in cfo-revenue-spend ceo-large-capital; do
        dec=examples/decisions/$d.yaml
        want=$("$build/remit" eval --format json "$policy" "$dec" 2>/dev/null; echo "exit $?")
        got=$("$@" --stdlib "$stdlib" "$policy" "$dec" 2>"$work/err"; echo "exit $?")
        if [ "$got" = "$want" ] && grep -q '^outcome: ' "$work/err"; then
            pass "install: $label validator on $d: $(cat "$work/err")"
        else
            fail "install: $label validator on $d"
            printf 'want: %s\ngot:  %s\n' "$want" "$got" | cut -c1-200
            head -5 "$work/err"
        fi
    done
    # many decisions on four threads sharing the policy and the register:
    # the same outcomes, in order, as remit eval --batch gives
    reg=examples/registers/icb-scheme.yaml
    for i in $(seq 50); do
        cat "$work/lines"
    done > "$work/many.jsonl"
    want=$("$build/remit" eval --register "$reg" "$policy" --batch "$work/many.jsonl" |
        python3 -c 'import json,sys
for l in sys.stdin:
    r = json.loads(l)
    if "result" in r:
        o = r["result"]
        print(r["line"], o["outcome"] + (" " + o["escalate_to"] if "escalate_to" in o else ""))
    else:
        print(r["line"], "error", r["error"]["diagnostics"][0]["code"])')
    got=$("$@" --stdlib "$stdlib" --register "$reg" --threads 4 "$policy" < "$work/many.jsonl" 2>"$work/err")
    if [ -n "$want" ] && [ "$got" = "$want" ]; then
        pass "install: $label validator, 4 threads, $(printf '%s\n' "$got" | wc -l) decisions as remit eval --batch"
    else
        fail "install: $label validator on 4 threads"
        printf '%s\n' "$want" | diff - "$(printf '%s\n' "$got" > "$work/got"; echo "$work/got")" | head -5
        head -5 "$work/err"
    fi
}
# decisions for the threads: permitted, escalated, conflicted (the
# register's finance director and Acme), and a malformed one
good='{"matter":"spend","decider":"cfo","date":"2026-11-20","fields":{"amount":"£200,000","category":"revenue","risk":3,"supplier":"Northfield Supplies Ltd"},"context":{"incident_level":0}}'
printf '%s\n' "$good" \
    "$(printf '%s' "$good" | sed 's/revenue/capital/')" \
    "$(printf '%s' "$good" | sed 's/Northfield Supplies Ltd/Acme Health Ltd/')" \
    '{"matter":"spend","decider":"cfo"' > "$work/lines"
ccw="cc -std=c11 -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes"
# shellcheck disable=SC2086
if $ccw -o "$work/validator" examples/embed/validator.c $cflags $libs -lpthread 2> "$work/cc.log"; then
    needed=$(readelf -d "$work/validator" | sed -n 's/.*NEEDED.*\[\(.*\)\]/\1/p' | tr '\n' ' ')
    loaded=$(LD_LIBRARY_PATH=$pre/lib ldd "$work/validator" | sed -n 's/.*libremit[^ ]* => \([^ ]*\).*/\1/p')
    case "$needed" in
    *"libremit.so.$major "*)
        if [ "$loaded" = "$pre/lib/libremit.so.$major" ]; then
            pass "install: the shared validator needs libremit.so.$major and loads the stage's"
        else
            fail "install: the shared validator loads '$loaded', not $pre/lib/libremit.so.$major"
        fi ;;
    *) fail "install: the shared validator needs $needed, not libremit.so.$major" ;;
    esac
    same_as_remit shared env LD_LIBRARY_PATH="$pre/lib" "$work/validator"
else
    fail "install: cc validator.c \$(pkg-config --cflags --libs remit)"
    head -10 "$work/cc.log"
fi
# shellcheck disable=SC2086
if $ccw -o "$work/validator-static" examples/embed/validator.c $cflags \
        -Wl,-Bstatic $slibs -Wl,-Bdynamic -lpthread 2> "$work/cc.log"; then
    needed=$(readelf -d "$work/validator-static" | sed -n 's/.*NEEDED.*\[\(.*\)\]/\1/p' | tr '\n' ' ')
    case "$needed" in
    *libremit*|*libyaml*) fail "install: the static validator still needs $needed" ;;
    *) pass "install: the static validator needs neither libremit.so nor libyaml ($needed)" ;;
    esac
    same_as_remit static "$work/validator-static"
else
    fail "install: cc validator.c \$(pkg-config --cflags remit) -Wl,-Bstatic \$(pkg-config --static --libs remit)"
    head -10 "$work/cc.log"
fi

make_stage uninstall
(cd "$stage" && find . ! -type d | sort) > "$work/after"
if diff "$work/before" "$work/after" > "$work/diff"; then
    pass "install: make uninstall leaves the files that were there before, and no other"
else
    fail "install: make uninstall leaves the stage changed (< before, > after)"
    grep '^[<>]' "$work/diff" | head -10
fi
shared="./usr
./usr/local
./usr/local/bin
./usr/local/lib
./usr/local/lib/pkgconfig
./usr/local/include
./usr/local/share
./usr/local/share/man
./usr/local/share/man/man1
./usr/local/share/man/man3"
left=$(cd "$stage" && find . -mindepth 1 -type d | grep -vxF "$shared" | sort | words)
if [ -z "$left" ]; then
    pass "install: make uninstall leaves no folder but the shared ones"
else
    fail "install: make uninstall leaves folders: $left"
fi
