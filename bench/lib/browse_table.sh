# bench/lib/browse_table.sh - sourced by the browse benchmarks: one store
# with an index and the same store without it, each query of stdin
# ("label|arguments" lines) searched alternately RUNS times on both
# (`fahras search TARGET ARGS --json`), the best wall time of each, the
# ratio, and whether the two answers are the same JSON.
#
#   browse_table BASE IX BASE_HEADING IX_HEADING   (needs FAHRAS, RUNS, work)

# browse_best TARGET OUT ARGS...: the best wall time of RUNS searches, in
# seconds; the last answer in OUT
browse_best() {
    local target=$1 out=$2; shift 2
    local b=""
    for _ in $(seq "$RUNS"); do
        local s e
        s=$(date +%s.%N)
        "$FAHRAS" search "$target" "$@" --json > "$out"
        e=$(date +%s.%N)
        b=$(awk -v a="$b" -v s="$s" -v e="$e" 'BEGIN { t = e - s; print (a == "" || t < a) ? t : a }')
    done
    echo "$b"
}

browse_table() {
    local base=$1 ix=$2 tb ti same label args
    printf '  %-44s %10s %10s %8s\n' "filters" "$3" "$4" "ratio"
    while IFS='|' read -r label args; do
        # shellcheck disable=SC2086
        tb=$(browse_best "$base" "$work/base.json" $args); ti=$(browse_best "$ix" "$work/ix.json" $args)
        same=$(cmp -s "$work/base.json" "$work/ix.json" && echo "" || echo "  ANSWERS DIFFER")
        printf '  %-44s %9.3fs %9.3fs %7.3fx%s\n' "$label" "$tb" "$ti" \
            "$(awk -v a="$ti" -v b="$tb" 'BEGIN { print a / b }')" "$same"
    done
}
