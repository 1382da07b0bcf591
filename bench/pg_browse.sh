#!/bin/bash
# Browsing (filters, no words) on the CLI's PostgreSQL store: the same
# store with the indexes of its two date orders (fahras_docs_newest and
# fahras_docs_oldest, as `fahras index` makes them) and without them (a
# store made before them: the baseline, where every match is sorted for
# the page), in one throwaway cluster.  Each query runs alternately RUNS
# times on both; the best wall time of each and the ratio, and whether
# the answers (JSON) are the same.
#
# Env: DOCS (articles, default 40000, from both news corpora), RUNS
# (default 5), SHARED (default ../shared), KEEP=1 keeps the work files.
set -eu
cd "$(dirname "$0")/.."
. bench/lib/news_corpora.sh
. bench/lib/browse_table.sh
RUNS=${RUNS:-5}
. bench/lib/pg_cluster.sh
news_docs "$work/docs.jsonl"
$PSQL -c "CREATE DATABASE ix"
URL=$PG_URL
"$FAHRAS" index -q "$URL/ix" "$work/docs.jsonl" 2>/dev/null
# the baseline: a copy without the two indexes
$PSQL -c "CREATE DATABASE base TEMPLATE ix"
$PSQL -d base -c "DROP INDEX fahras_docs_newest; DROP INDEX fahras_docs_oldest"
$PSQL -d ix -c "ANALYZE"
$PSQL -d base -c "ANALYZE"
echo "PostgreSQL browse: $(psql -X -At -d ix -c 'SELECT count(*) FROM fahras_docs') articles," \
     "best of $RUNS runs, load $(cut -d' ' -f1 /proc/loadavg)"

browse_table "$URL/base" "$URL/ix" "no index" "indexes" <<'EOF'
--from 2018-01-01 (newest first)|--from 2018-01-01
--from 2016-01-01, oldest first|--from 2016-01-01 --sort oldest
--to 2016, page 5|--to 2016 --offset 40
--source CNN|--source CNN
--entity ORG:داعش|--entity ORG:داعش
--entity LOC:السعوديه, oldest first|--entity LOC:السعوديه --sort oldest
EOF
