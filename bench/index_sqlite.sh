#!/bin/bash
# Indexing and query benchmark of the SQLite path, on ../shared/data/news
# (40,455 articles).  Everything as ratios against a baseline measured in
# the same run: the same schema and the same fahras index pipeline with
# FTS5's unicode61 tokenizer (remove_diacritics 2) instead of fahras.
#
#   index time, CPU time, database size, peak memory (RSS)  fahras / unicode61
#   the same for the search index alone (--no-entities --no-dups: the work
#   the baseline does, without entities and near-duplicate clusters)
#   memory flatness: peak RSS indexing 10,118 articles vs all 40,455, with
#   the defaults and with the search index alone; for the search index
#   also 20,236 (ant-v1.1 and the first 10,118 of ant-v2.1) vs all: the
#   first 10,118 (ant-v1.1) are shorter articles that never fill the
#   writer's 4 MB buffer before a batch commits, so 10k vs 40k counts that
#   buffer's filling besides growth with the corpus
#   query latency p50 / p95 over bench/news_queries.tsv (in-process timing,
#   after one warm-up query)
#   FAHRAS_BENCH_SCALE=1: also a scale run at FAHRAS_BENCH_SCALE_DOCS
#   (default 1,000,000) documents, the corpus repeated under new ids and
#   streamed through stdin: throughput, size, peak memory, p50/p95 latency.
#
# Env: RUNS (index runs per tokenizer, best taken; default 2), KEEP=1.
set -eu
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
NEWS=$SHARED/data/news
FAHRAS=${FAHRAS:-build/fahras}
if [ ! -f "$NEWS/ant-v2.1.jsonl" ]; then
    echo "bench/index_sqlite.sh: $NEWS not found: skipped (needs ../shared)"
    exit 0
fi
[ -x "$FAHRAS" ] || make -s all
RUNS=${RUNS:-2}
work=$(mktemp -d)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
files="$NEWS/ant-v1.1.jsonl $NEWS/ant-v2.1.jsonl"

# index NAME DB FILES...: prints "seconds max_rss_kb size_bytes cpu_seconds"
# (cpu = user + sys: on a shared machine it moves less with other load
# than the wall clock does)
# index NAME DB [--baseline-tokenizer T] FILE...
index() {
    local name=$1 db=$2; shift 2
    local tok=()
    [ "$1" = --baseline-tokenizer ] && { tok=("$1" "$2"); shift 2; }
    rm -f "$db" "$db-wal" "$db-shm"
    /usr/bin/time -f '%e %M %U %S' -o "$work/time" "$FAHRAS" index -q "${tok[@]}" "$db" "$@" 2>"$work/$name.log" ||
        { echo "fahras index failed ($name):"; cat "$work/$name.log"; exit 1; }
    read -r e m u s < "$work/time"
    echo "$e $m $(stat -c %s "$db") $(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}')"
}

# latency DB: prints "p50_ms p95_ms max_ms"
latency() {
    { printf 'warmup\tالتحالف\n'; cat bench/news_queries.tsv; } > "$work/q.tsv"
    "$FAHRAS" search "$1" --batch "$work/q.tsv" --limit 10 --timing >/dev/null 2>"$work/lat"
    grep -v $'\twarmup\t' "$work/lat" | awk -F'\t' '$1 == "time" {print $3 + 0}' | sort -n |
        awk '{v[NR] = $1} END {i50 = int((NR + 1) * 0.50); i95 = int(NR * 0.95 + 0.999);
             printf "%.1f %.1f %.1f\n", v[i50], v[i95], v[NR]}'
}

best() { sort -n -k1,1 | head -1; }
# runs interleaved (unicode61, fahras, unicode61, ...) so load from other
# processes on a shared machine hits both alike; the best run of each counts
for r in $(seq "$RUNS"); do
    index "u$r" "$work/unicode61.db" --baseline-tokenizer "unicode61 remove_diacritics 2" $files \
        >> "$work/unicode61.runs"
    index "f$r" "$work/fahras.db" $files >> "$work/fahras.runs"
    index "s$r" "$work/search.db" --no-entities --no-dups $files >> "$work/search.runs"
done
declare -A res
for tok in unicode61 fahras search; do res[$tok]=$(best < "$work/$tok.runs"); done
small=$(index small "$work/small.db" "$NEWS/ant-v1.1.jsonl")
small_search=$(index small_s "$work/small_s.db" --no-entities --no-dups "$NEWS/ant-v1.1.jsonl")
head -n 10118 "$NEWS/ant-v2.1.jsonl" > "$work/v2head.jsonl"
mid_search=$(index mid_s "$work/mid_s.db" --no-entities --no-dups "$NEWS/ant-v1.1.jsonl" "$work/v2head.jsonl")
docs=$(sqlite3 "$work/fahras.db" 'SELECT count(*) FROM docs')
read -r ft fm fs fc <<<"${res[fahras]}"
read -r ut um us uc <<<"${res[unicode61]}"
read -r st sm ss sc <<<"$small"
read -r xt xm xs xc <<<"${res[search]}"
read -r yt ym ys yc <<<"$small_search"
read -r zt zm zs zc <<<"$mid_search"
read -r lp50 lp95 lmax <<<"$(latency "$work/fahras.db")"
read -r up50 up95 umax <<<"$(latency "$work/unicode61.db")"
echo "SQLite indexing, $docs articles (../shared/data/news), best of $RUNS run(s)"
printf '%-22s %12s %12s %8s\n' "" fahras unicode61 ratio
awk -v a="$ft" -v b="$ut" 'BEGIN {printf "%-22s %11.1fs %11.1fs %8.2f\n", "index time", a, b, a / b}'
awk -v a="$fc" -v b="$uc" 'BEGIN {printf "%-22s %11.1fs %11.1fs %8.2f\n", "index CPU (user+sys)", a, b, a / b}'
awk -v a="$fs" -v b="$us" 'BEGIN {printf "%-22s %10.1fMB %10.1fMB %8.2f\n", "database size", a / 1e6, b / 1e6, a / b}'
awk -v a="$fm" -v b="$um" 'BEGIN {printf "%-22s %10.1fMB %10.1fMB %8.2f\n", "peak memory (RSS)", a / 1e3, b / 1e3, a / b}'
awk -v a="$docs" -v t="$ft" -v u="$ut" 'BEGIN {printf "%-22s %12.0f %12.0f\n", "documents/s", a / t, a / u}'
awk -v a="$sm" -v b="$fm" 'BEGIN {printf "%-22s %10.1fMB %10.1fMB %8.2f  (10,118 vs all articles: %s)\n", "peak memory by size", a / 1e3, b / 1e3, b / a, b / a <= 1.03 ? "flat" : "grows with the corpus"}'
echo "search index alone (fahras index --no-entities --no-dups), against the same unicode61 runs:"
awk -v a="$xt" -v b="$ut" 'BEGIN {printf "%-22s %11.1fs %11.1fs %8.2f\n", "index time", a, b, a / b}'
awk -v a="$xc" -v b="$uc" 'BEGIN {printf "%-22s %11.1fs %11.1fs %8.2f\n", "index CPU (user+sys)", a, b, a / b}'
awk -v a="$xs" -v b="$us" 'BEGIN {printf "%-22s %10.1fMB %10.1fMB %8.2f\n", "database size", a / 1e6, b / 1e6, a / b}'
awk -v a="$xm" -v b="$um" 'BEGIN {printf "%-22s %10.1fMB %10.1fMB %8.2f\n", "peak memory (RSS)", a / 1e3, b / 1e3, a / b}'
awk -v a="$ym" -v b="$xm" 'BEGIN {printf "%-22s %10.1fMB %10.1fMB %8.2f  (10,118 vs all articles: %s)\n", "peak memory by size", a / 1e3, b / 1e3, b / a, b / a <= 1.03 ? "flat" : "grows with the corpus"}'
awk -v a="$zm" -v b="$xm" 'BEGIN {printf "%-22s %10.1fMB %10.1fMB %8.2f  (20,236 vs all articles: %s)\n", "", a / 1e3, b / 1e3, b / a, b / a <= 1.03 ? "flat" : "grows with the corpus"}'
printf '%-22s %9s ms %9s ms\n' "query latency p50" "$lp50" "$up50"
printf '%-22s %9s ms %9s ms\n' "query latency p95" "$lp95" "$up95"
printf '%-22s %9s ms %9s ms\n' "query latency max" "$lmax" "$umax"
echo "(latency: $(wc -l < bench/news_queries.tsv) queries of bench/news_queries.tsv, top 10 with snippets, in-process)"

if [ "${FAHRAS_BENCH_SCALE:-0}" = 1 ]; then
    n=${FAHRAS_BENCH_SCALE_DOCS:-1000000}
    echo
    echo "Scale run: $n documents (the corpus repeated under new ids, through stdin)"
    rm -f "$work/scale.db"*
    s0=$(date +%s.%N)
    python3 bench/index_sqlite_repeat.py "$n" $files |
        /usr/bin/time -f '%e %M' -o "$work/time" "$FAHRAS" index -q --batch 5000 "$work/scale.db" - \
        2>"$work/scale.log"
    read -r t m <<<"$(cat "$work/time")"
    size=$(stat -c %s "$work/scale.db")
    got=$(sqlite3 "$work/scale.db" 'SELECT count(*) FROM docs')
    read -r p50 p95 pmax <<<"$(latency "$work/scale.db")"
    awk -v n="$got" -v t="$t" -v m="$m" -v s="$size" -v a="$p50" -v b="$p95" -v c="$pmax" 'BEGIN {
        printf "documents %d, index time %.0f s (%.0f docs/s), size %.2f GB, peak memory %.1f MB\n", n, t, n / t, s / 1e9, m / 1e3
        printf "query latency p50 %s ms, p95 %s ms, max %s ms\n", a, b, c }'
fi
