#!/bin/bash
# Retrieval quality on the shared task folders (../shared/eval/retrieval):
# index docs.jsonl, answer queries.tsv with the top 100, score with the
# referee scorer.  Exactly:
#   fahras index DB docs.jsonl
#   fahras search DB --batch queries.tsv --limit 100 --format trec > run.trec
# Usage: bench/retrieval.sh [TASK...]   (default: arcd arcd-news)
# Env: FAHRAS (binary, default build/fahras), KEEP=1 keeps the work folder,
# BASELINE=0 skips the unicode61 baseline.  MATCH="all any" (the default)
# searches under each match mode in turn, one line each (fahras/all is
# fahras's default mode, fahras/any the ranking with no word required);
# MATCH=75% one mode only.
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
# run TASK ENGINE [MODE]: index, search, score; prints one figures line
run() {
    local t=$1 engine=$2 dir=$EVAL/tasks/$1 docs
    docs=$dir/docs.jsonl
    [ -f "$docs" ] || docs=$dir/docs.jsonl.gz
    local tok=()
    [ "$engine" = unicode61 ] && tok=(--baseline-tokenizer "unicode61 remove_diacritics 2")
    local s0 s1 s2
    local mode=${3:-} label=$engine
    [ -n "$mode" ] && label=$engine/$mode
    s0=$(date +%s.%N)
    # indexed once; each match mode searches the same database (index_s 0)
    [ -f "$work/$t.$engine.db" ] || "$FAHRAS" index -q "${tok[@]}" "$work/$t.$engine.db" "$docs" \
        2>"$work/$t.index.log" || { echo "$t: fahras index failed:"; cat "$work/$t.index.log"; exit 1; }
    s1=$(date +%s.%N)
    "$FAHRAS" search "$work/$t.$engine.db" --batch "$dir/queries.tsv" --limit 100 --format trec \
        ${mode:+--match "$mode"} \
        > "$work/$t.$engine.trec"
    s2=$(date +%s.%N)
    python3 "$EVAL/score.py" --json "$dir/qrels" "$work/$t.$engine.trec" > "$work/$t.$engine.json"
    python3 - "$work/$t.$engine.json" "$t" "$label" "$s0" "$s1" "$s2" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
s0, s1, s2 = map(float, sys.argv[4:7])
print("%-10s %-12s %8.4f %8.4f %8.4f %8.4f %9.1f %9.1f" % (sys.argv[2], sys.argv[3], m["MRR@10"],
      m["Recall@1"], m["Recall@10"], m["Recall@100"], s1 - s0, s2 - s1))
PY
}

echo "Retrieval on $EVAL/tasks (top 100 a query; score.py)."
echo "Baseline: the same pipeline and ranking with FTS5's unicode61 tokenizer."
echo "fahras/MODE: searched with --match MODE (all is the default; any ranks by the same words with none required)."
printf '%-10s %-12s %8s %8s %8s %8s %9s %9s\n' task engine MRR@10 R@1 R@10 R@100 index_s search_s
for t in $tasks; do
    for m in ${MATCH:-all any}; do run "$t" fahras "$m"; done
    [ "${BASELINE:-1}" = 1 ] && run "$t" unicode61 any
done
echo "Targets (issue 3): arcd MRR@10 >= 0.84, R@10 >= 0.96; arcd-news MRR@10 >= 0.77"
[ "${KEEP:-0}" = 1 ] && echo "work folder: $work"
exit 0
