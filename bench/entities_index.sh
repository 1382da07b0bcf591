#!/bin/bash
# What keeping entities costs `fahras index`: the same articles of
# ../shared/data/news indexed into a new SQLite store with --no-entities
# (the baseline) and without (the tagger, the value finder and the
# doc_spans, entity_docs and event_docs rows), alternately, RUNS times
# each, in two ways: as `fahras index` runs by default (on a machine of
# two cores or more the entities are found on a second thread while the
# next document is written) and with --no-entity-thread (all on one
# thread).  The best CPU time (user + sys) and wall time of each, and the
# ratios entities / baseline; then each round's ratios and their median:
# the wall time of the default, the CPU time of one thread.
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

best_cpu_base=; best_wall_base=; best_cpu_ent=; best_wall_ent=; best_cpu_one=; best_wall_one=
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
walls=""; cpus=""
for r in $(seq "$RUNS"); do
    read -r cb wb < <(run base --no-entities)
    best_cpu_base=$(min "$best_cpu_base" "$cb"); best_wall_base=$(min "$best_wall_base" "$wb")
    read -r c w < <(run ent)
    best_cpu_ent=$(min "$best_cpu_ent" "$c"); best_wall_ent=$(min "$best_wall_ent" "$w")
    walls="$walls $(ratio "$w" "$wb")"
    read -r c w < <(run one --no-entity-thread)
    best_cpu_one=$(min "$best_cpu_one" "$c"); best_wall_one=$(min "$best_wall_one" "$w")
    cpus="$cpus $(ratio "$c" "$cb")"
done
same=$(for t in doc_spans entity_docs event_docs; do
           for db in ent one; do sqlite3 "$work/$db.db" "SELECT * FROM $t" | md5sum; done | uniq | wc -l
       done | sort -u)
rows=$(sqlite3 "$work/ent.db" "SELECT (SELECT count(*) FROM entity_docs) || ' entity_docs, '
    || (SELECT count(*) FROM event_docs) || ' event_docs'" 2>/dev/null || echo "?")
size_base=$(du -sb "$work/base.db" "$work/base.db.idx" 2>/dev/null | awk '{s += $1} END {print s}')
size_ent=$(du -sb "$work/ent.db" "$work/ent.db.idx" 2>/dev/null | awk '{s += $1} END {print s}')
echo "entities at indexing: $DOCS articles of $(basename "$NEWS"), best of $RUNS runs each," \
     "$(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg) at the end"
printf '  %-26s cpu %7.2f s   wall %7.2f s\n' "--no-entities" "$best_cpu_base" "$best_wall_base"
printf '  %-26s cpu %7.2f s   wall %7.2f s   (%s rows)\n' "with entities (default)" "$best_cpu_ent" \
    "$best_wall_ent" "$rows"
printf '  %-26s cpu %7.2f s   wall %7.2f s\n' "with entities, one thread" "$best_cpu_one" "$best_wall_one"
echo "  the two stores' doc_spans, entity_docs and event_docs rows: $([ "$same" = 1 ] && echo the same || echo DIFFER)"
awk -v a="$best_cpu_ent" -v b="$best_cpu_base" -v c="$best_wall_ent" -v d="$best_wall_base" \
    -v g="$best_cpu_one" -v h="$best_wall_one" -v e="$size_ent" -v f="$size_base" 'BEGIN {
    printf "  ratio entities / baseline, default:    wall %.2fx  cpu %.2fx  size %.2fx  (target: at most 1.5x)\n",
        c / d, a / b, e / f
    printf "  ratio entities / baseline, one thread: wall %.2fx  cpu %.2fx\n", h / d, g / b }'
# each round's pair (a baseline run, then an entities run) as a ratio: on a
# shared machine the median of these moves less than the ratio of bests
median() { tr ' ' '\n' | sed '/^$/d' | sort -n |
    awk '{ v[NR] = $1 } END { printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "  each round's wall ratio, default:   $walls (median $(echo "$walls" | median)x)"
echo "  each round's cpu ratio, one thread: $cpus (median $(echo "$cpus" | median)x)"
[ "$same" = 1 ]
