#!/bin/bash
# Browsing (filters, no words) on SQLite: the same store with its date
# index (docs_date, as `fahras index` makes it) and without it (a store
# made before it: the baseline), each query run alternately RUNS times,
# the best wall time of each and the ratio.  The answers of the two are
# compared (they must be the same JSON).
#
# Env: DOCS (articles, default 40000, from both news corpora), RUNS
# (default 5), SHARED (default ../shared).
set -eu
cd "$(dirname "$0")/.."
. bench/lib/news_corpora.sh
DOCS=${DOCS:-40000}
RUNS=${RUNS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat "$NEWS/ant-v2.1.jsonl" "$NEWS/ant-v1.1.jsonl" | head -n "$DOCS" > "$work/docs.jsonl"
"$FAHRAS" index -q "$work/ix.db" "$work/docs.jsonl" 2>/dev/null
cp "$work/ix.db" "$work/base.db"; cp -r "$work/ix.db.idx" "$work/base.db.idx"
sqlite3 "$work/base.db" "DROP INDEX docs_date"
echo "browse: $(sqlite3 "$work/ix.db" 'SELECT count(*) FROM docs') articles, best of $RUNS runs," \
     "load $(cut -d' ' -f1 /proc/loadavg)"

# best NAME ARGS...: the best wall time of RUNS searches, in seconds
best() {
    local db=$1; shift
    local b=""
    for _ in $(seq "$RUNS"); do
        local s e
        s=$(date +%s.%N)
        "$FAHRAS" search "$work/$db.db" "$@" --json > "$work/$db.json"
        e=$(date +%s.%N)
        b=$(awk -v a="$b" -v s="$s" -v e="$e" 'BEGIN { t = e - s; print (a == "" || t < a) ? t : a }')
    done
    echo "$b"
}
printf '  %-44s %10s %10s %8s\n' "filters" "no index" "docs_date" "ratio"
while IFS='|' read -r label args; do
    # shellcheck disable=SC2086
    tb=$(best base $args); ti=$(best ix $args)
    same=$(cmp -s "$work/base.json" "$work/ix.json" && echo "" || echo "  ANSWERS DIFFER")
    printf '  %-44s %9.3fs %9.3fs %7.3fx%s\n' "$label" "$tb" "$ti" "$(awk -v a="$ti" -v b="$tb" 'BEGIN { print a / b }')" "$same"
done <<'EOF'
--from 2018-01-01 (newest first)|--from 2018-01-01
--from 2018-03-01 --to 2018-03, oldest first|--from 2018-03-01 --to 2018-03 --sort oldest
--to 2016, page 5|--to 2016 --offset 40
--source bbc|--source bbc
--category sport --from 2018-06|--category sport --from 2018-06
EOF
