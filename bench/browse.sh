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
. bench/lib/browse_table.sh
RUNS=${RUNS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
news_docs "$work/docs.jsonl"
"$FAHRAS" index -q "$work/ix.db" "$work/docs.jsonl" 2>/dev/null
cp "$work/ix.db" "$work/base.db"; cp -r "$work/ix.db.idx" "$work/base.db.idx"
sqlite3 "$work/base.db" "DROP INDEX docs_date"
echo "browse: $(sqlite3 "$work/ix.db" 'SELECT count(*) FROM docs') articles, best of $RUNS runs," \
     "load $(cut -d' ' -f1 /proc/loadavg)"

browse_table "$work/base.db" "$work/ix.db" "no index" "docs_date" <<'EOF'
--from 2018-01-01 (newest first)|--from 2018-01-01
--from 2018-03-01 --to 2018-03, oldest first|--from 2018-03-01 --to 2018-03 --sort oldest
--to 2016, page 5|--to 2016 --offset 40
--source bbc|--source bbc
--category sport --from 2018-06|--category sport --from 2018-06
EOF
