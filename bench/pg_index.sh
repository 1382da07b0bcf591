#!/bin/bash
# Indexing and query latency in PostgreSQL: the fahras configuration
# against the built-in `arabic` one, on the news articles of
# ../shared/data/news (40,455 articles), in one throwaway cluster.
#
#  1. SQL, the same for both configurations: build tsvectors of title and
#     body and a GIN index over them (timed), from a staging table loaded
#     once (untimed); report the time ratio and the sizes.
#  2. Query latency p50/p95 of 200 queries (pgbench, one client, logged
#     latencies): fahras with fahras_bm25 over OR-ed terms, ranking every
#     match (ORDER BY ... LIMIT 10) and through fahras_bm25_top (only the
#     rows the score bounds leave in play; the same rows and scores,
#     checked on every query), arabic with ts_rank_cd over OR-ed terms;
#     top 10, GIN index.
#  3. The CLI end to end: fahras index postgresql://... news/*.jsonl (a
#     store: documents, tsvector with exact forms, GIN, BM25 statistics),
#     and fahras search --batch over the same queries.
#
# SCALE=N (e.g. 25: about a million rows): after step 1, both tables are
# grown to N copies of the corpus under new ids (their id and tsvector
# copied, not analysed again: untimed), the GIN indexes and statistics
# rebuilt, and step 2 runs on them; step 3 is skipped.
#
# Usage: bench/pg_index.sh [NEWS_DIR]   Env: FAHRAS (binary), QUERIES (200), SCALE (1)
set -eu
cd "$(dirname "$0")/.."
NEWS=${1:-../shared/data/news}
FAHRAS=${FAHRAS:-build/fahras}
NQ=${QUERIES:-200}
SCALE=${SCALE:-1}
if ! ls "$NEWS"/*.jsonl >/dev/null 2>&1; then
    echo "bench/pg_index.sh: no $NEWS/*.jsonl: skipped (needs ../shared)"
    exit 0
fi
[ -x "$FAHRAS" ] || make -s all
. bench/lib/pg_cluster.sh
export PGOPTIONS="-c client_min_messages=warning"
PSQL="$PSQL -d bench"
psql -X -q -c "CREATE DATABASE bench"
$PSQL -c "CREATE EXTENSION fahras"

now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print('%.1f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$1" "$2"; }

# Staging (untimed): one jsonb a line.
cat "$NEWS"/*.jsonl >"$work/news.jsonl"
$PSQL <<EOF
CREATE TABLE raw (j jsonb);
\copy raw (j) FROM '$work/news.jsonl' WITH (FORMAT csv, QUOTE E'\x01', DELIMITER E'\x02')
CREATE TABLE staged AS
  SELECT j->>'id' AS id, coalesce(j->>'title', '') AS title, j->>'body' AS body FROM raw;
VACUUM ANALYZE staged;
EOF
ndocs=$($PSQL -At -c "SELECT count(*) FROM staged")
mb=$($PSQL -At -c "SELECT round(sum(octet_length(title) + octet_length(body)) / 1e6, 1) FROM staged")
echo "articles: $ndocs ($mb MB of title and body text)"

build() { # build CONFIG: tsvectors + GIN; prints seconds
    local cfg=$1 t0 t1
    t0=$(now)
    $PSQL <<EOF
SET max_parallel_maintenance_workers = 0;
SET maintenance_work_mem = '256MB';
DROP TABLE IF EXISTS news_$cfg;
CREATE TABLE news_$cfg AS
  SELECT id, title, body, to_tsvector('$cfg', title || E'\n' || body) AS tsv FROM staged;
CREATE INDEX news_${cfg}_tsv ON news_$cfg USING gin (tsv);
EOF
    t1=$(now)
    elapsed "$t0" "$t1"
}
min() { python3 -c "import sys; print(min(map(float, sys.argv[1:])))" "$@"; }
# Twice each, alternating, the faster run kept: the machine is shared.
a1=$(build arabic); f1=$(build fahras); a2=$(build arabic); f2=$(build fahras)
t_arabic=$(min "$a1" "$a2")
t_fahras=$(min "$f1" "$f2")
echo "builds (s): arabic $a1 $a2, fahras $f1 $f2"
t0=$(now)
$PSQL -c "SELECT fahras_bm25_refresh('news', 'news_fahras', 'tsv')" >/dev/null
t_stats=$(elapsed "$t0" "$(now)")

echo
echo "1. tsvector + GIN index in SQL (one backend, no parallel workers; faster of two runs)"
printf '%-8s %9s %12s %12s %12s\n' config seconds table_MB gin_MB lexemes/doc
for cfg in arabic fahras; do
    t=$([ $cfg = arabic ] && echo "$t_arabic" || echo "$t_fahras")
    $PSQL -At -F ' ' -c "SELECT round(pg_table_size('news_$cfg') / 1e6, 1),
                                round(pg_relation_size('news_${cfg}_tsv') / 1e6, 1),
                                round(avg(length(tsv)), 1) FROM news_$cfg" |
        { read -r tb gin lex; printf '%-8s %9s %12s %12s %12s\n' "$cfg" "$t" "$tb" "$gin" "$lex"; }
done
python3 -c "import sys; print('time ratio fahras/arabic: %.2f' % (float(sys.argv[1]) / float(sys.argv[2])))" \
    "$t_fahras" "$t_arabic"
stats_mb=$($PSQL -At -c "SELECT round(pg_total_relation_size('fahras_lexeme') / 1e6, 1)")
echo "BM25 statistics (fahras_bm25_refresh): ${t_stats} s, fahras_lexeme $stats_mb MB (all collections)"

# Queries: the first five words of every n-th title, deterministic.
$PSQL <<EOF
CREATE TABLE bench_q AS
  SELECT row_number() OVER (ORDER BY id) AS n, q,
         replace(plainto_tsquery('fahras', q)::text, ' & ', ' | ')::tsquery AS fq,
         replace(plainto_tsquery('arabic', q)::text, ' & ', ' | ')::tsquery AS aq
  FROM (SELECT id, array_to_string((regexp_split_to_array(trim(title), '\s+'))[1:5], ' ') AS q
        FROM staged WHERE length(title) > 10 ORDER BY md5(id) LIMIT $NQ) s;
EOF
$PSQL -At -F "$(printf '\t')" -c "SELECT 'q' || n, q FROM bench_q ORDER BY n" >"$work/queries.tsv"

latency() { # latency CONFIG SQL: pgbench, one client, as many queries as there are
    local cfg=$1 sql=$2
    printf '\\set i random(1, %d)\n%s\n' "$NQ" "$sql" >"$work/$cfg.pgb"
    (cd "$work" && pgbench -n -d bench -c 1 -t "$NQ" -f "$cfg.pgb" -l --log-prefix="$cfg" \
        >/dev/null 2>&1)
    cat "$work/$cfg".* | awk '{print $3}' | sort -n |
        awk '{v[NR] = $1} END {printf "%.2f %.2f\n", v[int(NR * 0.5)] / 1000, v[int(NR * 0.95)] / 1000}'
}
if [ "$SCALE" -gt 1 ]; then
    t0=$(now)
    for cfg in arabic fahras; do
        $PSQL <<EOF
SET maintenance_work_mem = '1GB';
CREATE TABLE news_${cfg}_x AS SELECT id, tsv FROM news_$cfg;
INSERT INTO news_${cfg}_x SELECT id || '#' || r, tsv FROM news_$cfg, generate_series(2, $SCALE) r;
DROP TABLE news_$cfg;
ALTER TABLE news_${cfg}_x RENAME TO news_$cfg;
CREATE INDEX news_${cfg}_tsv ON news_$cfg USING gin (tsv);
VACUUM ANALYZE news_$cfg;
EOF
    done
    $PSQL -c "SELECT fahras_bm25_refresh('news', 'news_fahras', 'tsv')" >/dev/null
    echo
    echo "scaled: $($PSQL -At -c "SELECT count(*) FROM news_fahras") rows a table ($SCALE copies; $(elapsed "$t0" "$(now)") s, untimed above)"
fi
echo
echo "2. query latency, top 10 of OR-ed terms over the GIN index ($NQ title queries, ms)"
printf '%-28s %8s %8s\n' ranking p50 p95
read -r p50 p95 < <(latency arabic "SELECT id, ts_rank_cd(tsv, aq) AS s FROM news_arabic, bench_q WHERE n = :i AND tsv @@ aq ORDER BY s DESC LIMIT 10;")
printf '%-28s %8s %8s\n' "arabic + ts_rank_cd" "$p50" "$p95"
read -r p50 p95 < <(latency fahrascd "SELECT id, ts_rank_cd(tsv, fq) AS s FROM news_fahras, bench_q WHERE n = :i AND tsv @@ fq ORDER BY s DESC LIMIT 10;")
printf '%-28s %8s %8s\n' "fahras + ts_rank_cd" "$p50" "$p95"
read -r p50 p95 < <(latency fahras "SELECT id, fahras_bm25(tsv, fq, 'news') AS s FROM news_fahras, bench_q WHERE n = :i AND tsv @@ fq ORDER BY s DESC LIMIT 10;")
printf '%-28s %8s %8s\n' "fahras + fahras_bm25" "$p50" "$p95"
read -r p50 p95 < <(latency fahrastop "SELECT d.id, t.score FROM bench_q, fahras_bm25_top(fq, 'news') t JOIN news_fahras d ON d.ctid = t.ctid WHERE n = :i;")
printf '%-28s %8s %8s\n' "fahras + fahras_bm25_top" "$p50" "$p95"
# the same rows and scores, every query
differ=$($PSQL -At <<'EOF'
SELECT count(*) FROM bench_q b
WHERE (SELECT array_agg(t.ctid::text || '=' || t.score::text ORDER BY t.score DESC, t.ctid)
       FROM fahras_bm25_top(b.fq, 'news') t)
      IS DISTINCT FROM
      (SELECT array_agg(c || '=' || s::text ORDER BY s DESC, ctid) FROM (
       SELECT ctid, ctid::text AS c, fahras_bm25(tsv, b.fq, 'news') AS s FROM news_fahras
       WHERE tsv @@ b.fq ORDER BY s DESC, ctid LIMIT 10) x);
EOF
)
echo "fahras_bm25_top and ORDER BY fahras_bm25 LIMIT 10: $differ of $NQ queries differ"

[ "$SCALE" -gt 1 ] && exit 0
echo
echo "3. the CLI end to end (fahras index / search on postgresql://)"
psql -X -q -c "CREATE DATABASE store"
U="postgresql://postgres@127.0.0.1:$PGPORT/store"
t0=$(now)
"$FAHRAS" index -q "$U" "$NEWS"/*.jsonl
t1=$(now)
"$FAHRAS" search "$U" --batch "$work/queries.tsv" --limit 10 --format trec >"$work/cli.trec"
t2=$(now)
"$FAHRAS" stats "$U" | grep -E 'documents|size'
python3 -c "import sys; a, b, c, n = map(float, sys.argv[1:]); print('fahras index: %.1f s (%.2f ms/article); fahras search --batch: %.1f ms/query (with connection and output)' % (b - a, (b - a) * 1000 / $ndocs, (c - b) * 1000 / n))" \
    "$t0" "$t1" "$t2" "$NQ"
