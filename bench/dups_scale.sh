#!/bin/bash
# Near-duplicate clustering cost as the store grows: `fahras index` with
# clusters against `fahras index --no-dups` on the same stream, at each size
# of SIZES (documents), CPU time (user+sys) and peak memory of each, and the
# clusters found.  The stream is the shared news corpora repeated under new
# ids with their words respelled each round (bench/dups_scale_gen.py), so
# repeats are new stories, not copies.  Keys past FLUSH_KEYS
# (src/store/sqlite/dups.c, about 130,000 documents) are looked up in the
# dup_key table instead of memory: peak memory should stay flat past it.
#   SIZES="100000 300000 1000000" bash bench/dups_scale.sh   (1M: about
#   2.6 GB of JSONL, 8.4 GB and 5.3 GB for the two stores under $TMPDIR)
# PARALLEL=1 runs the two index runs of a size at once, so that both see the
# same machine load (CPU time swells by a third on a busy machine).
set -eu
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
NEWS=$SHARED/data/news
FAHRAS=${FAHRAS:-build/fahras}
SIZES=${SIZES:-"50000 100000 200000"}
if [ ! -f "$NEWS/ant-v2.1.jsonl" ]; then
    echo "bench/dups_scale.sh: $NEWS not found: skipped (needs ../shared)"
    exit 0
fi
[ -x "$FAHRAS" ] || make -s all
work=$(mktemp -d)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
max=0
for n in $SIZES; do [ "$n" -gt "$max" ] && max=$n; done
python3 bench/dups_scale_gen.py "$NEWS/ant-v1.1.jsonl" "$NEWS/ant-v2.1.jsonl" --docs "$max" \
    --out "$work/stream.jsonl"

# index FLAGS NAME FILE: CPU seconds and peak KB in $work/NAME.time
index() {
    rm -rf "$work/$2.db" "$work/$2.db.idx" "$work/$2.db-wal" "$work/$2.db-shm"
    /usr/bin/time -f "%U %S %M %e" -o "$work/$2.time" "$FAHRAS" index -q $1 "$work/$2.db" "$3" 2>/dev/null
}
printf "%9s %10s %10s %6s %10s %10s %6s %9s\n" documents "CPU dups" "no-dups" ratio "peak MB" "no-dups" ratio clusters
for n in $SIZES; do
    head -n "$n" "$work/stream.jsonl" >"$work/part.jsonl"
    if [ "${PARALLEL:-0}" = 1 ]; then   # both at once: the same load for each
        index "" dups "$work/part.jsonl" &
        index "--no-dups" nodups "$work/part.jsonl" &
        wait
    else
        index "" dups "$work/part.jsonl"
        index "--no-dups" nodups "$work/part.jsonl"
    fi
    clusters=$("$FAHRAS" dups --json "$work/dups.db" | wc -l)
    read -r u1 s1 m1 _ <"$work/dups.time"
    read -r u2 s2 m2 _ <"$work/nodups.time"
    awk -v n="$n" -v u1="$u1" -v s1="$s1" -v m1="$m1" -v u2="$u2" -v s2="$s2" -v m2="$m2" \
        -v c="$clusters" 'BEGIN {
        printf "%9d %9.1fs %9.1fs %5.2fx %10.1f %10.1f %5.2fx %9d\n", n, u1 + s1, u2 + s2,
               (u1 + s1) / (u2 + s2), m1 / 1024, m2 / 1024, m1 / m2, c }'
    rm -rf "$work"/dups.db* "$work"/nodups.db*
done
