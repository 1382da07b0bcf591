#!/bin/bash
# What showing each story once costs a search: the same /api/search with
# its copies collapsed (the default: the hits read, their clusters, and
# the copies among the matches counted for an exact total) and with
# collapse=0 (the baseline: every copy a hit, every match counted), on a
# SQLite store of the news corpora with its near-duplicate clusters; each
# query RUNS times alternately, the best of each, and the ratio; then each
# query's totals both ways (stories against articles).
#
# Env: DOCS (articles, default 40000, from both news corpora), RUNS
# (default 7), PORT (default 8793), SHARED (default ../shared).
set -eu
cd "$(dirname "$0")/.."
. bench/lib/news_corpora.sh
DOCS=${DOCS:-40000}
RUNS=${RUNS:-7}
PORT=${PORT:-8793}
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
cat "$NEWS/ant-v2.1.jsonl" "$NEWS/ant-v1.1.jsonl" | head -n "$DOCS" > "$work/docs.jsonl"
"$FAHRAS" index -q "$work/news.db" "$work/docs.jsonl" 2>/dev/null
"$FAHRAS" serve "$work/news.db" --port "$PORT" --threads 1 >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
base="http://127.0.0.1:$PORT/api/search"
echo "collapse: $(sqlite3 "$work/news.db" 'SELECT count(*) FROM docs') articles," \
     "$(sqlite3 "$work/news.db" 'SELECT count(*) FROM dup_doc WHERE cluster != id') of them copies;" \
     "best of $RUNS, load $(cut -d' ' -f1 /proc/loadavg)"
printf '  %10s %10s %8s   %-22s %s\n' "collapse=0" "default" "ratio" "articles / stories" "query"
while IFS='|' read -r label args; do
    bc=""; bd=""
    for _ in $(seq "$RUNS"); do
        t0=$(curl -s -o /dev/null -w '%{time_total}' "$base?$args&collapse=0")
        t1=$(curl -s -o /dev/null -w '%{time_total}' "$base?$args")
        bc=$(awk -v a="$bc" -v t="$t0" 'BEGIN { print (a == "" || t < a) ? t : a }')
        bd=$(awk -v a="$bd" -v t="$t1" 'BEGIN { print (a == "" || t < a) ? t : a }')
    done
    tot() { curl -s "$base?$args$1" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["total"], d["total_relation"])'; }
    printf '  %9.1fms %9.1fms %7.2fx   %-22s %s\n' "$(awk -v t="$bc" 'BEGIN { print t * 1000 }')" \
        "$(awk -v t="$bd" 'BEGIN { print t * 1000 }')" "$(awk -v a="$bd" -v b="$bc" 'BEGIN { print a / b }')" \
        "$(tot '&collapse=0') / $(tot '')" "$label"
done <<'EOF'
سوريا|q=%D8%B3%D9%88%D8%B1%D9%8A%D8%A7
الحكومة|q=%D8%A7%D9%84%D8%AD%D9%83%D9%88%D9%85%D8%A9
محمد بن سلمان|q=%D9%85%D8%AD%D9%85%D8%AF%20%D8%A8%D9%86%20%D8%B3%D9%84%D9%85%D8%A7%D9%86
ترامب|q=%D8%AA%D8%B1%D8%A7%D9%85%D8%A8
browse: from 2018-01-01|from=2018-01-01
browse: ORG:داعش|entity=ORG:%D8%AF%D8%A7%D8%B9%D8%B4
EOF
