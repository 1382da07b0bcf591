#!/bin/bash
# Retrieval quality on the shared task folders (../shared/eval/retrieval):
# index docs.jsonl, answer queries.tsv with the top 100, score with the
# referee scorer.  Exactly:
#   fahras index DB docs.jsonl
#   fahras search DB --batch queries.tsv --limit 100 --format trec > run.trec
# Usage: bench/retrieval.sh [TASK...]   (default: arcd arcd-news)
# Env: FAHRAS (binary, default build/fahras), KEEP=1 keeps the work folder.
set -eu
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
EVAL=$SHARED/eval/retrieval
FAHRAS=${FAHRAS:-build/fahras}
if [ ! -d "$EVAL/tasks" ]; then
    echo "bench/retrieval.sh: $EVAL not found: skipped (needs ../shared)"
    exit 0
fi
[ -x "$FAHRAS" ] || make -s all
tasks=${*:-arcd arcd-news}
work=$(mktemp -d)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
printf '%-12s %8s %8s %8s %8s %9s %9s\n' task MRR@10 R@1 R@10 R@100 index_s search_s
for t in $tasks; do
    dir=$EVAL/tasks/$t
    docs=$dir/docs.jsonl
    [ -f "$docs" ] || docs=$dir/docs.jsonl.gz
    s0=$(date +%s.%N)
    "$FAHRAS" index -q "$work/$t.db" "$docs" 2>"$work/$t.index.log" || {
        echo "$t: fahras index failed:"; cat "$work/$t.index.log"; exit 1; }
    s1=$(date +%s.%N)
    "$FAHRAS" search "$work/$t.db" --batch "$dir/queries.tsv" --limit 100 --format trec \
        > "$work/$t.trec"
    s2=$(date +%s.%N)
    python3 "$EVAL/score.py" --json "$dir/qrels" "$work/$t.trec" > "$work/$t.json"
    python3 - "$work/$t.json" "$t" "$s0" "$s1" "$s2" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
s0, s1, s2 = map(float, sys.argv[3:6])
print("%-12s %8.4f %8.4f %8.4f %8.4f %9.1f %9.1f" % (sys.argv[2], m["MRR@10"], m["Recall@1"],
      m["Recall@10"], m["Recall@100"], s1 - s0, s2 - s1))
PY
done
[ "${KEEP:-0}" = 1 ] && echo "work folder: $work"
exit 0
