#!/bin/bash
# Per-source boilerplate (src/store/boiler.c) on real articles of several
# sources with lines injected by bench/boilerplate_gen.py (footers, share
# and newsletter prompts, «اقرأ أيضا» links; some below the rule's share,
# some changing with each page):
#   line-level precision and recall of `fahras stats --boilerplate --json`
#   against the injected lines (bench/boilerplate_score.py); the lines the
#   same articles hold recurring without injection are printed, not scored;
#   the top recurring lines found in the whole unmodified news corpora.
# PER_SOURCE=N articles per source (default 1500).
set -eu
cd "$(dirname "$0")/.."
. bench/lib/news_corpora.sh
work=$(mktemp -d)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
python3 bench/boilerplate_gen.py "$NEWS/ant-v1.1.jsonl" "$NEWS/ant-v2.1.jsonl" --out "$work/gen" \
    --per-source "${PER_SOURCE:-1500}"

stats() { # NAME FILES...: index them, boilerplate found into $work/NAME.json
    local name=$1
    shift
    "$FAHRAS" index -q --no-dups "$work/$name.db" "$@" 2>/dev/null
    "$FAHRAS" stats --boilerplate --json "$work/$name.db" >"$work/$name.json"
}
stats injected "$work/gen/injected.jsonl"
stats clean "$work/gen/clean.jsonl"
echo "--- injected lines (fahras index + fahras stats --boilerplate --json)"
python3 bench/boilerplate_score.py "$work/gen/truth.json" "$work/injected.json" "$work/clean.json"
echo "--- top recurring lines in the unmodified news corpora (ant-v1.1, ant-v2.1)"
stats corpus "$NEWS/ant-v1.1.jsonl" "$NEWS/ant-v2.1.jsonl"
python3 bench/boilerplate_score.py --top 25 "$work/corpus.json"
