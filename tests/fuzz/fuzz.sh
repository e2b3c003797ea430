#!/bin/sh
# tests/fuzz/fuzz.sh BUILD SECONDS [NAME...] - run each libFuzzer harness
# BUILD/fuzzers/fuzz_NAME for SECONDS seconds, one at a time and niced
# (`make fuzz FUZZ_SECONDS=N` calls it; the default is every harness).
#
# Each harness's corpus is BUILD/fuzz-corpus/NAME, kept between runs and
# first seeded from the tests and examples (below) and from
# tests/fuzz/regress/NAME.  A crash, leak, sanitizer report or slow input
# (over FUZZ_TIMEOUT seconds, 10 by default) is written to
# BUILD/fuzz-artifacts/NAME/; minimise it with
#   BUILD/fuzzers/fuzz_NAME -minimize_crash=1 -runs=10000 FILE
# and, once fixed, commit it to tests/fuzz/regress/NAME/ (make test replays
# that folder).  The log of each run is BUILD/fuzz-logs/NAME.log; its last
# statistics line is printed.  Exit status 1 when any harness found
# something.
set -u
build=$1
secs=$2
shift 2
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
[ $# -gt 0 ] || set -- policy decision register_history batch fmt

# seeds NAME: the files a harness starts from
seeds() {
    case $1 in
    policy|fmt) ls tests/check/*.remit tests/export/*.remit tests/export/lib/*.remit examples/*.remit stdlib-policies/*/*.remit tests/eval/policies/*.remit ;;
    decision) ls tests/eval/*.yaml examples/decisions/*.yaml ;;
    register_history) ls tests/eval/histories/*.yaml tests/eval/registers/*.yaml ;;
    batch) ls tests/fuzz/seeds/batch/* ;;
    esac 2>/dev/null
    ls "tests/fuzz/regress/$1"/* 2>/dev/null
}

status=0
for name in "$@"; do
    bin="$build/fuzzers/fuzz_$name"
    corpus="$build/fuzz-corpus/$name"
    art="$build/fuzz-artifacts/$name"
    log="$build/fuzz-logs/$name.log"
    mkdir -p "$corpus" "$art" "$build/fuzz-logs"
    # a seed that is a known slow input (tests/fuzz/pending/) would only
    # stop the run at once
    seeds "$name" | while IFS= read -r f; do
        for p in tests/fuzz/pending/"$name"/*; do
            if [ -f "$p" ] && cmp -s "$f" "$p"; then continue 2; fi
        done
        cp "$f" "$corpus/seed-$(printf '%s' "$f" | tr '/' '_')"
    done
    case $name in policy|fmt) dict=tests/fuzz/policy.dict ;; *) dict=tests/fuzz/decision.dict ;; esac
    echo "== fuzz_$name for ${secs}s (log $log)"
    nice -n 10 "$bin" -max_total_time="$secs" -timeout="${FUZZ_TIMEOUT:-10}" \
        -rss_limit_mb=2048 -print_final_stats=1 -dict="$dict" \
        -artifact_prefix="$art/" "$corpus" > "$log" 2>&1
    rc=$?
    grep -E '^#[0-9]+' "$log" | tail -1
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log"
    if [ "$rc" -ne 0 ]; then
        status=1
        echo "fuzz_$name found something (exit $rc):"
        grep -E 'ERROR|SUMMARY|Test unit written|timeout' "$log" | head -10
    fi
done
exit $status
