#!/bin/bash
# What keeping entities costs `fahras index`: the same articles of
# ../shared/data/news indexed into a new SQLite store with --no-entities
# (the baseline) and without (the tagger, the value finder and the
# doc_spans, entity_docs and event_docs rows), alternately, RUNS times each; the best CPU time
# (user + sys) and wall time of each, and the ratios entities / baseline;
# then each round's CPU ratio and their median.
# The target is a ratio of at most 1.5.
#
# Env: DOCS (articles, default 5000, from ant-v2.1), RUNS (default 3),
# SHARED (default ../shared).
set -eu
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
NEWS=$SHARED/data/news/ant-v2.1.jsonl
FAHRAS=${FAHRAS:-build/fahras}
if [ ! -f "$NEWS" ]; then
    echo "bench/entities_index.sh: $NEWS not found: skipped (needs ../shared)"
    exit 0
fi
[ -x "$FAHRAS" ] || make -s all
DOCS=${DOCS:-5000}
RUNS=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
head -n "$DOCS" "$NEWS" > "$work/docs.jsonl"

# run NAME [OPTIONS]: one indexing into a new store; prints "cpu_s wall_s"
run() {
    local name=$1; shift
    rm -rf "$work/$name.db" "$work/$name.db-wal" "$work/$name.db-shm" "$work/$name.db.idx"
    /usr/bin/time -f '%U %S %e' -o "$work/time" "$FAHRAS" index -q "$@" "$work/$name.db" \
        "$work/docs.jsonl" 2>"$work/$name.log" ||
        { echo "fahras index failed ($name):"; cat "$work/$name.log"; exit 1; }
    awk '{printf "%.3f %.3f\n", $1 + $2, $3}' "$work/time"
}

best_cpu_base=; best_wall_base=; best_cpu_ent=; best_wall_ent=
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }
pairs=""
for r in $(seq "$RUNS"); do
    read -r c w < <(run base --no-entities)
    best_cpu_base=$(min "$best_cpu_base" "$c"); best_wall_base=$(min "$best_wall_base" "$w")
    cb=$c
    read -r c w < <(run ent)
    best_cpu_ent=$(min "$best_cpu_ent" "$c"); best_wall_ent=$(min "$best_wall_ent" "$w")
    pairs="$pairs $(awk -v a="$c" -v b="$cb" 'BEGIN { printf "%.2f", a / b }')"
done
rows=$(sqlite3 "$work/ent.db" "SELECT (SELECT count(*) FROM entity_docs) || ' entity_docs, '
    || (SELECT count(*) FROM event_docs) || ' event_docs'" 2>/dev/null || echo "?")
size_base=$(du -sb "$work/base.db" "$work/base.db.idx" 2>/dev/null | awk '{s += $1} END {print s}')
size_ent=$(du -sb "$work/ent.db" "$work/ent.db.idx" 2>/dev/null | awk '{s += $1} END {print s}')
echo "entities at indexing: $DOCS articles of $(basename "$NEWS"), best of $RUNS runs each"
printf '  %-22s cpu %7.2f s   wall %7.2f s\n' "--no-entities" "$best_cpu_base" "$best_wall_base"
printf '  %-22s cpu %7.2f s   wall %7.2f s   (%s rows)\n' "with entities" "$best_cpu_ent" \
    "$best_wall_ent" "$rows"
awk -v a="$best_cpu_ent" -v b="$best_cpu_base" -v c="$best_wall_ent" -v d="$best_wall_base" \
    -v e="$size_ent" -v f="$size_base" 'BEGIN {
    printf "  ratio entities / baseline: cpu %.2fx  wall %.2fx  size %.2fx  (target: at most 1.5x)\n",
        a / b, c / d, e / f }'
# each round's pair (a baseline run, then an entities run) as a ratio: on a
# shared machine the median of these moves less than the ratio of bests
echo "$pairs" | tr ' ' '\n' | sed '/^$/d' | sort -n | awk -v all="$pairs" '{ v[NR] = $1 }
    END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
          printf "  each round'"'"'s cpu ratio:%s (median %.2fx)\n", all, m }'
