#!/bin/bash
# The search API (/api/search: a page with its snippets, the facets, the
# entity facets and the timeline) of `fahras serve` on a PostgreSQL store,
# one request at a time, against /healthz of the same server (the HTTP
# layer alone) in the same run.  With BASE_FAHRAS (another build of
# fahras), the same articles are indexed and served by it too, and each
# query is timed on both alternately: its time, the ratio, and whether
# the two answers are the same JSON (the time taken left out).
#
# Env: DOCS (articles, default 40000, from both news corpora), RUNS
# (requests per query and server, best kept; default 5), BASE_FAHRAS,
# SHARED (default ../shared), KEEP=1 keeps the work files.
set -eu
cd "$(dirname "$0")/.."
. bench/lib/news_corpora.sh
RUNS=${RUNS:-5}
servers=()
bench_cleanup() {
    local p
    for p in "${servers[@]}"; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
}
. bench/lib/pg_cluster.sh
news_docs "$work/docs.jsonl"
DB=$PG_URL

# serve BIN DATABASE NAME: index the articles with BIN, serve them on a
# free port with one worker; the base URL in $work/NAME.url
serve() {
    $PSQL -c "CREATE DATABASE $2"
    "$1" index -q "$DB/$2" "$work/docs.jsonl" 2>/dev/null || [ $? = 1 ]
    "$1" serve "$DB/$2" --port 0 --threads 1 > "$work/$3.out" 2> "$work/$3.err" &
    servers+=($!)
    local url=""
    for _ in $(seq 100); do
        url=$(grep -o 'http://[^ ]*' "$work/$3.out" 2>/dev/null | head -n 1) && [ -n "$url" ] && break
        sleep 0.1
    done
    [ -n "$url" ] || { cat "$work/$3.err"; exit 1; }
    echo "${url%/}" > "$work/$3.url"
}
serve "$FAHRAS" cur cur
[ -n "${BASE_FAHRAS:-}" ] && serve "$BASE_FAHRAS" base base

# best URL OUT: the best wall time of RUNS requests, in ms; the last
# answer in OUT without its time taken
best() {
    local b="" t
    for _ in $(seq "$RUNS"); do
        t=$(curl -s -o "$2" -w '%{time_total}' "$1")
        b=$(awk -v a="$b" -v t="$t" 'BEGIN { print (a == "" || t < a) ? t : a }')
    done
    python3 -c 'import json, sys
try:
    j = json.load(open(sys.argv[1])); j.pop("took_ms", None); print(json.dumps(j, sort_keys=True))
except ValueError: print(open(sys.argv[1]).read())' "$2" > "$2.norm"
    awk -v b="$b" 'BEGIN { printf "%.1f", b * 1000 }'
}
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe="=&:"))' "$1"; }

cur=$(cat "$work/cur.url")
hz=$(best "$cur/healthz" "$work/hz")
echo "PostgreSQL search API: $($PSQL -At -d cur -c 'SELECT count(*) FROM fahras_docs') articles," \
     "one request at a time, best of $RUNS, load $(cut -d' ' -f1 /proc/loadavg); /healthz $hz ms"
if [ -n "${BASE_FAHRAS:-}" ]; then
    base=$(cat "$work/base.url")
    printf '  %9s %9s %7s %9s  %s\n' "base ms" "ms" "ratio" "/healthz" "request"
else
    printf '  %9s %9s  %s\n' "ms" "/healthz" "request"
fi
while IFS='|' read -r label query; do
    path="/api/search?$(enc "$query")"
    if [ -n "${BASE_FAHRAS:-}" ]; then
        tb=""; tc=""
        # alternately, so that the load of the moment falls on both
        for _ in 1 2; do
            b=$(best "$base$path" "$work/b.json"); c=$(best "$cur$path" "$work/c.json")
            tb=$(awk -v a="$tb" -v t="$b" 'BEGIN { print (a == "" || t < a) ? t : a }')
            tc=$(awk -v a="$tc" -v t="$c" 'BEGIN { print (a == "" || t < a) ? t : a }')
        done
        same=$(cmp -s "$work/b.json.norm" "$work/c.json.norm" && echo "" || echo "  ANSWERS DIFFER")
        printf '  %9.1f %9.1f %6.2fx %8.0fx  %s%s\n' "$tb" "$tc" "$(awk -v a="$tc" -v b="$tb" 'BEGIN { print a / b }')" \
            "$(awk -v a="$tc" -v b="$hz" 'BEGIN { print a / b }')" "$label" "$same"
    else
        c=$(best "$cur$path" "$work/c.json")
        printf '  %9.1f %8.0fx  %s\n' "$c" "$(awk -v a="$c" -v b="$hz" 'BEGIN { print a / b }')" "$label"
    fi
done <<'EOF'
داعش (about 7% of the articles)|q=داعش
السعودية (11%)|q=السعودية
دول (a fifth)|q=دول
قال (half of them)|q=قال
الامم المتحدة|q=الامم المتحدة
ترامب ايران|q=ترامب ايران
كرة القدم, page 3|q=كرة القدم&offset=20
داعش in Syria|q=داعش&entity=LOC:سوريا
EOF
