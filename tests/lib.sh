# tests/lib.sh - sourced by every suite (tests/<suite>/run.sh): the
# counters, one line per check, and the summary line tests/run_all.sh reads
# ("N passed, N failed, N skipped").
#
#   ok NAME                 a check that passed
#   fail NAME [DETAIL]      a check that failed; DETAIL (its first lines) below it
#   skip NAME               a check that cannot run here, saying why
#   check NAME COMMAND...   ok when COMMAND succeeds, else fail with its output
#   add_counts P F S        count checks run elsewhere (a script's own summary)
#   summary                 print the summary line; exit 0 when nothing failed

n_pass=0 n_fail=0 n_skip=0

ok() { n_pass=$((n_pass + 1)); echo "ok - $1"; }

fail() {
    n_fail=$((n_fail + 1))
    echo "not ok - $1"
    if [ -n "${2:-}" ]; then printf '%s\n' "$2" | head -n 20 | sed 's/^/    /'; fi
}

skip() { n_skip=$((n_skip + 1)); echo "skip - $1"; }

check() {
    local name=$1 out rc
    shift
    out=$(mktemp)
    "$@" >"$out" 2>&1
    rc=$?
    if [ "$rc" = 0 ]; then ok "$name"; else fail "$name" "$(cat "$out")"; fi
    rm -f "$out"
    return "$rc"
}

add_counts() {
    n_pass=$((n_pass + $1)) n_fail=$((n_fail + $2)) n_skip=$((n_skip + ${3:-0}))
}

summary() {
    echo "$n_pass passed, $n_fail failed, $n_skip skipped"
    [ "$n_fail" = 0 ]
    exit
}
