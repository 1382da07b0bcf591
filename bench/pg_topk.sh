#!/bin/bash
# Top 10 on the CLI's PostgreSQL store: ranking only the documents the
# score bounds leave in play (src/store/postgres/topk.c) against ranking
# every match (--exhaustive, the reference), in one throwaway cluster.
#
# Documents: the news articles of ../shared/data/news (FILES, default
# ant-v1.1.jsonl: 10,118 articles), indexed with `fahras index
# --no-entities --no-dups`.  Queries: the first NQ (default 600) held-out
# headlines of bench/query_latency_data.py, as optional words (--match
# any: under the default match mode most headlines find the articles
# holding every word, which the index answers without ranking many).
#
# Reports per query mean/p50/p95 ms (in-process, with the round trips)
# for both, the calls of fahras_rank counted by PostgreSQL's function
# statistics (load-independent), and whether the TREC output is the same.
#
# Usage: bench/pg_topk.sh   Env: FAHRAS (binary), FILES, NQ, KEEP=1
set -eu
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
NEWS=$SHARED/data/news
QUESTIONS=$SHARED/eval/retrieval/tasks/arcd/queries.tsv
FAHRAS=${FAHRAS:-build/fahras}
NQ=${NQ:-600}
FILES=${FILES:-ant-v1.1.jsonl}
if [ ! -f "$NEWS/ant-v2.1.jsonl" ] || [ ! -f "$QUESTIONS" ]; then
    echo "bench/pg_topk.sh: $NEWS or $QUESTIONS not found: skipped (needs ../shared)"
    exit 0
fi
[ -x "$FAHRAS" ] || make -s all
. bench/lib/pg_cluster.sh
$PSQL -c "CREATE DATABASE topk" -c "ALTER DATABASE topk SET track_functions = 'all'"
U="$PG_URL/topk"

python3 bench/query_latency_data.py "$NEWS" "$QUESTIONS" "$work" >/dev/null
head -n "$NQ" "$work/queries.tsv" >"$work/q.tsv"
files=()
for f in $FILES; do files+=("$NEWS/$f"); done
t0=$(date +%s.%N)
"$FAHRAS" index -q --no-entities --no-dups "$U" "${files[@]}"
t1=$(date +%s.%N)
docs=$($PSQL -d topk -At -c "SELECT count(*) FROM fahras_docs")

rank_calls() {
    sleep 1 # a backend's counts reach the shared statistics when it ends
    $PSQL -d topk -At -c "SELECT coalesce(sum(calls), 0) FROM pg_stat_user_functions WHERE funcname = 'fahras_rank'"
}
stats() { # per-query ms of a --timing log: mean p50 p95
    awk -F'\t' '$1 == "time" {print $3 + 0}' "$1" | sort -n |
        awk '{v[NR] = $1; s += $1} END {printf "%.1f %.1f %.1f\n", s / NR, v[int((NR + 1) / 2)], v[int(NR * 0.95 + 0.999)]}'
}
echo "PostgreSQL store, $docs articles (indexed in $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f", b - a}') s), $(wc -l <"$work/q.tsv") headlines as optional words, top 10; load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '  %-22s %8s %8s %8s %14s\n' "" mean p50 p95 "fahras_rank calls"
# alternating, twice each, so that load from other processes hits both alike
for r in 1 2; do
    for how in pruned exhaustive; do
        $PSQL -d topk -c "SELECT pg_stat_reset()" >/dev/null
        "$FAHRAS" search "$U" --match any --batch "$work/q.tsv" --format trec --limit 10 --timing \
            $([ $how = exhaustive ] && echo --exhaustive) >"$work/$how.trec" 2>"$work/$how.$r.err"
        calls=$(rank_calls)
        read -r mean p50 p95 <<<"$(stats "$work/$how.$r.err")"
        printf '  %-22s %8s %8s %8s %14s\n' "$how (run $r)" "$mean" "$p50" "$p95" "$calls"
    done
done
if cmp -s "$work/pruned.trec" "$work/exhaustive.trec"; then
    echo "  top 10 (ids and scores): identical on every query"
else
    echo "  top 10: DIFFERENT"
    exit 1
fi
