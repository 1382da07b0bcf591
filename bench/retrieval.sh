#!/bin/bash
# Retrieval quality on the shared task folders (../shared/eval/retrieval):
# index docs.jsonl, answer queries.tsv with the top 100, score with the
# referee scorer.  Exactly:
#   fahras index DB docs.jsonl
#   fahras search DB --batch queries.tsv --limit 100 --format trec > run.trec
# Usage: bench/retrieval.sh [TASK...]   (default: arcd arcd-news)
# Env: FAHRAS (binary, default build/fahras), KEEP=1 keeps the work folder,
# BASELINE=0 skips the unicode61 baseline, MATCH=all|any|N% searches under
# that match mode (default: fahras's default, all).
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
# run TASK ENGINE: index, search, score; prints one figures line
run() {
    local t=$1 engine=$2 dir=$EVAL/tasks/$1 docs
    docs=$dir/docs.jsonl
    [ -f "$docs" ] || docs=$dir/docs.jsonl.gz
    local tok=()
    [ "$engine" = unicode61 ] && tok=(--baseline-tokenizer "unicode61 remove_diacritics 2")
    local s0 s1 s2
    s0=$(date +%s.%N)
    "$FAHRAS" index -q "${tok[@]}" "$work/$t.$engine.db" "$docs" \
        2>"$work/$t.index.log" || { echo "$t: fahras index failed:"; cat "$work/$t.index.log"; exit 1; }
    s1=$(date +%s.%N)
    "$FAHRAS" search "$work/$t.$engine.db" --batch "$dir/queries.tsv" --limit 100 --format trec \
        ${MATCH:+--match "$MATCH"} \
        > "$work/$t.$engine.trec"
    s2=$(date +%s.%N)
    python3 "$EVAL/score.py" --json "$dir/qrels" "$work/$t.$engine.trec" > "$work/$t.$engine.json"
    python3 - "$work/$t.$engine.json" "$t" "$engine" "$s0" "$s1" "$s2" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
s0, s1, s2 = map(float, sys.argv[4:7])
print("%-10s %-10s %8.4f %8.4f %8.4f %8.4f %9.1f %9.1f" % (sys.argv[2], sys.argv[3], m["MRR@10"],
      m["Recall@1"], m["Recall@10"], m["Recall@100"], s1 - s0, s2 - s1))
PY
}

echo "Retrieval on $EVAL/tasks (top 100 a query; score.py)."
echo "Match mode: ${MATCH:-the default (all)}."
echo "Baseline: the same pipeline and ranking with FTS5's unicode61 tokenizer."
printf '%-10s %-10s %8s %8s %8s %8s %9s %9s\n' task engine MRR@10 R@1 R@10 R@100 index_s search_s
for t in $tasks; do
    run "$t" fahras
    [ "${BASELINE:-1}" = 1 ] && run "$t" unicode61
done
echo "Targets (issue 3): arcd MRR@10 >= 0.84, R@10 >= 0.96; arcd-news MRR@10 >= 0.77"
[ "${KEEP:-0}" = 1 ] && echo "work folder: $work"
exit 0
