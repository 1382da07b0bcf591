#!/bin/bash
# Run every test suite (tests/*/run.sh, in name order) and print one summary
# line: "N passed, N failed, N skipped".  Each suite prints its own
# "N passed, N failed[, N skipped]" as its last such line.
set -u
shopt -s nullglob
cd "$(dirname "$0")/.."
only=${FAHRAS_TEST_ONLY:-}
total_pass=0 total_fail=0 total_skip=0 broken=""
for suite in tests/*/run.sh; do
    name=$(basename "$(dirname "$suite")")
    if [ -n "$only" ] && ! echo " $only " | grep -q " $name "; then continue; fi
    echo "=== suite $name"
    log=$(mktemp)
    bash "$suite" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    rm -f "$log"
    if [ -z "$line" ]; then
        echo "=== suite $name printed no summary (exit $rc): counted as 1 failure"
        total_fail=$((total_fail + 1)); broken="$broken $name"; continue
    fi
    p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
    s=$(echo "$line" | sed -nE 's/.* ([0-9]+) skipped.*/\1/p')
    total_pass=$((total_pass + p)); total_fail=$((total_fail + f)); total_skip=$((total_skip + ${s:-0}))
    if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
        echo "=== suite $name exited $rc: counted as 1 failure"
        total_fail=$((total_fail + 1)); broken="$broken $name"
    fi
    [ "$f" != 0 ] && broken="$broken $name"
done
[ -n "$broken" ] && echo "failing suites:$broken"
echo "$total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" = 0 ]
