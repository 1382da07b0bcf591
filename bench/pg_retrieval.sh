#!/bin/bash
# Retrieval quality through PostgreSQL on the shared task folders
# (../shared/eval/retrieval), next to the SQLite path and the built-in
# `arabic` configuration, all scored by the referee scorer:
#   sqlite       fahras index DB docs.jsonl; fahras search DB --batch ... (bench/retrieval.sh's commands)
#   postgresql   the same two commands on a postgresql:// URL (BM25 in the extension)
#   arabic       SQL: to_tsvector('arabic') + GIN, plainto_tsquery terms OR-ed, ts_rank_cd
#   fahras+cd    SQL: to_tsvector('fahras') + GIN, same OR-ed terms, ts_rank_cd (no BM25)
# Usage: bench/pg_retrieval.sh [TASK...]   (default: arcd)
# Env: FAHRAS (binary, default build/fahras), KEEP=1 keeps the work folder,
# MATCH: the match mode of the fahras lines (default any: the words OR-ed,
# as the SQL configurations below OR them; bench/retrieval.sh measures
# fahras's default, all, too).
set -eu
cd "$(dirname "$0")/.."
MATCH=${MATCH:-any}
SHARED=${SHARED:-../shared}
EVAL=$SHARED/eval/retrieval
FAHRAS=${FAHRAS:-build/fahras}
if [ ! -d "$EVAL/tasks" ]; then
    echo "bench/pg_retrieval.sh: $EVAL not found: skipped (needs ../shared)"
    exit 0
fi
[ -x "$FAHRAS" ] || make -s all
tasks=${*:-arcd}
. bench/lib/pg_cluster.sh
export PGOPTIONS="-c client_min_messages=warning"
chmod 755 "$work" # the server reads nothing here, but psql's \copy runs as us

now() { date +%s.%N; }
score() { # score TASK ENGINE RUN INDEX_S SEARCH_S
    python3 "$EVAL/score.py" --json "$EVAL/tasks/$1/qrels" "$3" >"$3.json"
    python3 - "$3.json" "$1" "$2" "$4" "$5" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
print("%-10s %-11s %8.4f %8.4f %8.4f %8.4f %8.1f %8.1f" % (sys.argv[2], sys.argv[3], m["MRR@10"],
      m["Recall@1"], m["Recall@10"], m["Recall@100"], float(sys.argv[4]), float(sys.argv[5])))
PY
}
secs() { python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$1" "$2"; }

printf '%-10s %-11s %8s %8s %8s %8s %8s %8s\n' task engine MRR@10 R@1 R@10 R@100 index_s search_s
for t in $tasks; do
    dir=$EVAL/tasks/$t
    docs=$dir/docs.jsonl
    if [ ! -f "$docs" ] && [ -f "$dir/docs.jsonl.gz" ]; then
        gzip -dc "$dir/docs.jsonl.gz" >"$work/$t.docs.jsonl"
        docs=$work/$t.docs.jsonl
    fi
    # SQLite, as bench/retrieval.sh runs it
    s0=$(now)
    "$FAHRAS" index -q "$work/$t.db" "$docs"
    s1=$(now)
    "$FAHRAS" search "$work/$t.db" --batch "$dir/queries.tsv" --limit 100 --format trec ${MATCH:+--match "$MATCH"} >"$work/$t.sqlite.trec"
    s2=$(now)
    score "$t" sqlite "$work/$t.sqlite.trec" "$(secs "$s0" "$s1")" "$(secs "$s1" "$s2")"

    # PostgreSQL through the CLI
    db=$(echo "ret_$t" | tr -c 'a-z0-9_\n' '_')
    psql -X -q -c "CREATE DATABASE $db"
    U="postgresql://postgres@127.0.0.1:$PGPORT/$db"
    s0=$(now)
    "$FAHRAS" index -q "$U" "$docs"
    s1=$(now)
    "$FAHRAS" search "$U" --batch "$dir/queries.tsv" --limit 100 --format trec ${MATCH:+--match "$MATCH"} >"$work/$t.pg.trec"
    s2=$(now)
    score "$t" postgresql "$work/$t.pg.trec" "$(secs "$s0" "$s1")" "$(secs "$s1" "$s2")"

    # Text search configurations with ts_rank_cd, in plain SQL
    PSQL="psql -X -q -v ON_ERROR_STOP=1 -d $db"
    $PSQL <<EOF
CREATE TABLE raw (j jsonb);
\copy raw (j) FROM '$docs' WITH (FORMAT csv, QUOTE E'\x01', DELIMITER E'\x02')
CREATE TABLE q (qid text, query text);
\copy q FROM '$dir/queries.tsv' WITH (FORMAT csv, QUOTE E'\x01', DELIMITER E'\t')
EOF
    for cfg in arabic fahras; do
        s0=$(now)
        $PSQL <<EOF
CREATE TABLE d_$cfg AS SELECT j->>'id' AS id,
    to_tsvector('$cfg', coalesce(j->>'title', '') || E'\n' || (j->>'body')) AS tsv FROM raw;
CREATE INDEX ON d_$cfg USING gin (tsv);
EOF
        s1=$(now)
        $PSQL <<EOF
\copy (SELECT q.qid, 'Q0', h.id, row_number() OVER (PARTITION BY q.qid ORDER BY h.s DESC, h.id), h.s, '$cfg' FROM q CROSS JOIN LATERAL (SELECT id, ts_rank_cd(tsv, oq) AS s FROM d_$cfg, (SELECT replace(plainto_tsquery('$cfg', q.query)::text, ' & ', ' | ')::tsquery AS oq) x WHERE tsv @@ oq ORDER BY s DESC, id LIMIT 100) h) TO '$work/$t.$cfg.trec' WITH (FORMAT text, DELIMITER ' ')
EOF
        s2=$(now)
        name=$([ "$cfg" = arabic ] && echo arabic || echo fahras+cd)
        score "$t" "$name" "$work/$t.$cfg.trec" "$(secs "$s0" "$s1")" "$(secs "$s1" "$s2")"
    done
    python3 - "$work/$t.pg.trec.json" "$work/$t.sqlite.trec.json" <<'PY'
import json, sys
pg, sq = (json.load(open(f))["MRR@10"] for f in sys.argv[1:3])
print("postgresql - sqlite MRR@10: %+.4f (target: within 0.02)" % (pg - sq))
PY
done
[ "${KEEP:-0}" = 1 ] && echo "work folder: $work"
exit 0
