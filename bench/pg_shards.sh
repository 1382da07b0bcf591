#!/bin/bash
# The sharded PostgreSQL store against one server, on this machine: a
# coordinator and 3 shards (scripts/pg-shards.sh), the one server being a
# database of the coordinator's cluster (same settings).
#
#  1. Quality: the retrieval tasks (ARCD, arcd-news) through the
#     coordinator and through one server, scored by the referee
#     (../shared/eval/retrieval/score.py); the share of queries with the
#     same top 10.
#  2. Indexing the news articles (../shared/data/news, 40,455): one server
#     (one writer), 3 shards with --jobs 1 and --jobs 3.
#  3. Query latency, top 10 of 200 title queries (the first five words of
#     titles, as bench/pg_index.sh): p50, p95, mean per query (fahras
#     search --batch --timing), the bytes of rows the shards sent per query,
#     and the share of queries with the same top 10 and scores.
#  4. Growth with the shard count (SCALE=1): 1, 2 and 3 shards, --jobs =
#     shards: index time, p50/p95.
# The baseline of every ratio is the one server, run in the same script.
# The machine has 2 cores shared with others: 3 shards and a coordinator
# on it measure the protocol's costs, not a cluster's speed.
#
# Usage: bench/pg_shards.sh [NEWS_DIR]   Env: FAHRAS (binary), QUERIES (200),
#        TASKS ("arcd arcd-news"; "" to skip), QUALITY_ONLY (0: 1 stops after
#        part 1), SCALE (0), KEEP (0)
set -eu
cd "$(dirname "$0")/.."
NEWS=${1:-../shared/data/news}
SHARED=${SHARED:-../shared}
EVAL=$SHARED/eval/retrieval
FAHRAS=${FAHRAS:-build/fahras}
NQ=${QUERIES:-200}
TASKS=${TASKS-arcd arcd-news}
if ! ls "$NEWS"/*.jsonl >/dev/null 2>&1; then
    echo "bench/pg_shards.sh: no $NEWS/*.jsonl: skipped (needs ../shared)"
    exit 0
fi
command -v pg_config >/dev/null 2>&1 || export PATH=/usr/lib/postgresql/15/bin:$PATH
[ -x "$FAHRAS" ] || make -s all
work=$(mktemp -d /tmp/fahras-shbench.XXXXXX)
rig=$(mktemp -d /tmp/fahras-shbench-rig.XXXXXX)
cleanup() { scripts/pg-shards.sh stop "$rig"; [ "${KEEP:-0}" = 1 ] || rm -rf "$work"; }
trap cleanup EXIT
chmod 755 "$work"
scripts/pg-shards.sh start "$rig" 3
. "$rig/env"
export PGOPTIONS="-c client_min_messages=warning"
read -r -a PORTS <<<"$FAHRAS_SHARD_PORTS"
CP=$FAHRAS_COORD_PORT
sql() { psql -X -q -At -h 127.0.0.1 -p "$1" -U postgres -d "$2" -c "$3"; }
url() { echo "postgresql://postgres@127.0.0.1:$1/$2"; }
newdb() { # newdb NAME PORT...: the database NAME on each server
    local name=$1 p; shift
    for p in "$@"; do sql "$p" postgres "DROP DATABASE IF EXISTS $name" && sql "$p" postgres "CREATE DATABASE $name"; done
}
sharded() { # sharded NAME K: a store NAME sharded over the first K shards; prints its URL
    local name=$1 k=$2 i urls=""
    newdb "$name" "$CP" "${PORTS[@]:0:$k}"
    for i in $(seq 0 $((k - 1))); do urls="$urls $(url "${PORTS[$i]}" "$name")"; done
    # shellcheck disable=SC2086
    "$FAHRAS" shard-init --timeout 60 "$(url "$CP" "$name")" $urls 2>/dev/null
    url "$CP" "$name"
}
now() { date +%s.%N; }
secs() { python3 -c "import sys; print('%.1f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$1" "$2"; }
timed_index() { # timed_index URL JOBS FILES...: seconds
    local u=$1 j=$2 t0 t1; shift 2
    t0=$(now)
    "$FAHRAS" index -q --jobs "$j" "$u" "$@" 2>"$work/index.err" || { cat "$work/index.err" >&2; }
    t1=$(now)
    secs "$t0" "$t1"
}
latency() { # latency URL NAME: p50 p95 mean (ms) and mean bytes from shards
    "$FAHRAS" search "$1" --batch "$work/queries.tsv" --limit 10 --format trec --timing \
        >"$work/$2.trec" 2>"$work/$2.time"
    python3 - "$work/$2.time" <<'PY'
import sys
ms, b = [], []
for line in open(sys.argv[1]):
    f = line.rstrip("\n").split("\t")
    if f[0] != "time": continue
    ms.append(float(f[2].split()[0]))
    if len(f) > 3: b.append(int(f[3].split()[0]))
ms.sort()
print("%.1f %.1f %.1f %d" % (ms[len(ms) // 2], ms[int(len(ms) * 0.95)], sum(ms) / len(ms), sum(b) / len(b) if b else 0))
PY
}
ratio() { python3 -c "import sys; print('%.2f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# --- 1. quality ----------------------------------------------------------------
if [ -n "$TASKS" ] && [ -d "$EVAL/tasks" ]; then
    echo
    echo "1. retrieval through 3 shards and through one server (top 100, referee scorer)"
    printf '%-10s %-9s %8s %8s %8s %14s\n' task engine MRR@10 R@10 R@100 same_top10
    for t in $TASKS; do
        dir=$EVAL/tasks/$t
        docs=$dir/docs.jsonl
        if [ ! -f "$docs" ] && [ -f "$dir/docs.jsonl.gz" ]; then
            gzip -dc "$dir/docs.jsonl.gz" >"$work/$t.docs.jsonl"
            docs=$work/$t.docs.jsonl
        fi
        db=$(echo "q_$t" | tr -c 'a-z0-9_\n' '_')
        newdb "$db" "$CP"
        one=$(url "$CP" "$db")
        sh=$(sharded "${db}_s" 3)
        "$FAHRAS" index -q "$one" "$docs"
        "$FAHRAS" index -q --jobs 3 "$sh" "$docs"
        "$FAHRAS" search "$one" --batch "$dir/queries.tsv" --limit 100 --format trec >"$work/$t.one.trec"
        "$FAHRAS" search "$sh" --batch "$dir/queries.tsv" --limit 100 --format trec >"$work/$t.sh.trec"
        for e in one sh; do python3 "$EVAL/score.py" --json "$dir/qrels" "$work/$t.$e.trec" >"$work/$t.$e.json"; done
        python3 - "$work/$t.one.trec" "$work/$t.sh.trec" "$work/$t.one.json" "$work/$t.sh.json" "$t" <<'PY'
import json, sys
from collections import defaultdict
def top(path):
    r = defaultdict(list)
    for line in open(path):
        q, _, d, rank, s, _ = line.split()
        if int(rank) <= 10: r[q].append((d, round(float(s), 6)))
    return r
a, b = top(sys.argv[1]), top(sys.argv[2])
qs = set(a) | set(b)
same = sum(1 for q in qs if a.get(q) == b.get(q))
for name, f in (("one", sys.argv[3]), ("3 shards", sys.argv[4])):
    m = json.load(open(f))
    print("%-10s %-9s %8.4f %8.4f %8.4f %14s" % (sys.argv[5], name, m["MRR@10"], m["Recall@10"], m["Recall@100"],
          "%d/%d (%.1f%%)" % (same, len(qs), 100.0 * same / len(qs)) if name != "one" else ""))
PY
    done
fi

[ "${QUALITY_ONLY:-0}" = 1 ] && exit 0

# --- 2. indexing ---------------------------------------------------------------
cat "$NEWS"/*.jsonl >"$work/news.jsonl"
ndocs=$(wc -l <"$work/news.jsonl")
echo
echo "2. indexing $ndocs news articles (fahras index, seconds; ratio to one server)"
newdb one "$CP"
ONE=$(url "$CP" one)
t_one=$(timed_index "$ONE" 1 "$work/news.jsonl")
S1=$(sharded s1 3)
t_s1=$(timed_index "$S1" 1 "$work/news.jsonl")
S3=$(sharded s3 3)
t_s3=$(timed_index "$S3" 3 "$work/news.jsonl")
printf '%-28s %8s %8s\n' setup seconds ratio
printf '%-28s %8s %8s\n' "one server, 1 writer" "$t_one" 1.00
printf '%-28s %8s %8s\n' "3 shards, --jobs 1" "$t_s1" "$(ratio "$t_s1" "$t_one")"
printf '%-28s %8s %8s\n' "3 shards, --jobs 3" "$t_s3" "$(ratio "$t_s3" "$t_one")"
echo "documents per shard: $(for p in "${PORTS[@]}"; do sql "$p" s3 "SELECT count(*) FROM fahras_docs"; done | tr '\n' ' ')"

# --- 3. latency ------------------------------------------------------------------
sql "$CP" one "COPY (SELECT 'q' || row_number() OVER (ORDER BY md5(id)), q FROM (
                 SELECT id, array_to_string((regexp_split_to_array(trim(title), '\s+'))[1:5], ' ') AS q
                 FROM fahras_docs WHERE length(title) > 10 ORDER BY md5(id) LIMIT $NQ) s) TO STDOUT" >"$work/queries.tsv"
for p in "$CP" "${PORTS[@]}"; do sql "$p" postgres "SELECT 1" >/dev/null; done
# once untimed, so that every server has read its index
latency "$ONE" warm1 >/dev/null
latency "$S3" warm3 >/dev/null
read -r o50 o95 omean _ < <(latency "$ONE" one)
read -r s50 s95 smean sbytes < <(latency "$S3" s3)
echo
echo "3. query latency, top 10 of $NQ title queries (ms; fahras search --batch --timing)"
printf '%-16s %8s %8s %8s %16s\n' setup p50 p95 mean bytes/query
printf '%-16s %8s %8s %8s %16s\n' "one server" "$o50" "$o95" "$omean" "-"
printf '%-16s %8s %8s %8s %16s\n' "3 shards" "$s50" "$s95" "$smean" "$sbytes"
echo "ratio 3 shards / one server: p50 $(ratio "$s50" "$o50"), p95 $(ratio "$s95" "$o95"), mean $(ratio "$smean" "$omean")"
python3 tests/pg/parity.py "$work/one.trec" "$work/s3.trec" "$work/queries.tsv" | tail -n 1 |
    sed 's/^/same top 10 and scores: /'
matches=$(python3 - "$work/queries.tsv" "$ONE" "$FAHRAS" <<'PY'
import json, subprocess, sys
tot = n = 0
for line in open(sys.argv[1]):
    q = line.rstrip("\n").split("\t", 1)[1]
    out = subprocess.run([sys.argv[3], "search", sys.argv[2], "--json", "--limit", "1", "--", q],
                         capture_output=True, text=True).stdout
    tot += json.loads(out)["total"]; n += 1
print(tot // n)
PY
)
echo "matches per query (mean): $matches; every match's id and score sent to a merger would be about $((matches * 30)) bytes"

# --- 4. growth with the shard count ------------------------------------------------
if [ "${SCALE:-0}" = 1 ]; then
    echo
    echo "4. growth with the shard count (--jobs = shards)"
    printf '%-10s %10s %8s %8s %14s\n' shards index_s p50 p95 bytes/query
    printf '%-10s %10s %8s %8s %14s\n' "one" "$t_one" "$o50" "$o95" "-"
    for k in 1 2 3; do
        if [ "$k" = 3 ]; then u=$S3; t=$t_s3; else u=$(sharded "g$k" "$k"); t=$(timed_index "$u" "$k" "$work/news.jsonl"); fi
        latency "$u" "warm$k" >/dev/null
        read -r g50 g95 _ gbytes < <(latency "$u" "g$k")
        printf '%-10s %10s %8s %8s %14s\n' "$k" "$t" "$g50" "$g95" "$gbytes"
    done
fi
