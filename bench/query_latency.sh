#!/bin/bash
# Query latency of the SQLite store's own index against Lucene 4.10 BM25,
# on the same documents and queries, in the same run.
#
# Documents: ../shared/data/news (40,455 articles) less every 20th, whose
# headlines are queries (2,022), plus the ARCD questions
# (../shared/eval/retrieval/tasks/arcd/queries.tsv, 1,395): 3,417 queries,
# quotes and '*' blanked so both engines read plain optional words.
#
#   fahras pruned      fahras search --batch --format trec --limit 10 --timing,
#                      timed after a warm-up pass over every query in the
#                      same process, as Lucene is (the first pass's figures,
#                      a fresh process's, are printed too)
#   fahras exhaustive  the same with --exhaustive (every match scored), one
#                      pass in a fresh process
#   Lucene             bench/lucene/LuceneBench.java: ArabicAnalyzer, BM25,
#                      each analyzed word OR-ed over title (boost 2) and body,
#                      top 10, timed after a warm-up pass over every query
#
# What each time covers.  Lucene: analysing the query, building it,
# searching the top 10 and reading their ids from the stored fields (a
# result names its articles); its time without the ids ("its ranking
# alone") is printed too.  fahras (fh_store_search): parsing, analysis,
# planning with its term lookups and the search, as Lucene; the relaxed
# search when no article holds every word (2,518 of the 3,418 queries
# search twice); reading each hit's id from the database and printing its
# TREC line.
#
# Per query: mean, p50, p95, p99 (ms, in-process timing); the build time
# and size of each index; how often the pruned top 10 equals the
# exhaustive top 10.  FAHRAS_BENCH_SCALE=1 adds a run at
# FAHRAS_BENCH_SCALE_DOCS (default 1,000,000) documents (the corpus
# repeated under new ids); there the exhaustive pass runs on the first
# SCALE_EXHAUSTIVE_QUERIES (default 300) queries only (it scores every
# match, seconds a query).  FAHRAS_BENCH_SCALE=only runs the 1M part alone.
#
# The pruned and Lucene query passes run ROUNDS times (default 3),
# alternating, so that load from other processes on a shared machine
# falls on both alike; each engine's figures are from its round with the
# lowest mean, and every round's means are printed too.
#
# Installs Debian's liblucene4.10-java and default-jdk-headless when
# missing (as root).  Env: FAHRAS (build/fahras), KEEP=1, JAVA_MEM (4g),
# ROUNDS (3), INDEX_FLAGS (flags for fahras index; default none, so the
# build does what a user's does, entities and near-duplicate clusters
# included; "--no-entities --no-dups" builds the search index alone,
# which is all the queries read, and the build time is then the one to
# set beside Lucene's).
set -eu
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
NEWS=$SHARED/data/news
QUESTIONS=$SHARED/eval/retrieval/tasks/arcd/queries.tsv
FAHRAS=${FAHRAS:-build/fahras}
if [ ! -f "$NEWS/ant-v2.1.jsonl" ] || [ ! -f "$QUESTIONS" ]; then
    echo "bench/query_latency.sh: $NEWS or $QUESTIONS not found: skipped (needs ../shared)"
    exit 0
fi
LUCENE_JARS="/usr/share/java/lucene-core-4.10.4.jar:/usr/share/java/lucene-analyzers-common-4.10.4.jar"
if [ ! -f /usr/share/java/lucene-core-4.10.4.jar ] || ! command -v javac >/dev/null; then
    if [ "$(id -u)" != 0 ]; then
        echo "bench/query_latency.sh: needs liblucene4.10-java and default-jdk-headless (run as root to install): skipped"
        exit 0
    fi
    echo "installing liblucene4.10-java default-jdk-headless ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq liblucene4.10-java default-jdk-headless >/dev/null
fi
[ -x "$FAHRAS" ] || make -s all
work=$(mktemp -d)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work/classes"
javac -nowarn -d "$work/classes" -cp "$LUCENE_JARS" bench/lucene/LuceneBench.java 2>/dev/null
JAVA="java -Xmx${JAVA_MEM:-4g} -cp $work/classes:$LUCENE_JARS LuceneBench"
nq=$(python3 bench/query_latency_data.py "$NEWS" "$QUESTIONS" "$work")
# every query twice for fahras's one process: a warm-up pass under qids
# marked warmup:, then the timed pass, as LuceneBench runs them
{ awk -F'\t' 'BEGIN { OFS = "\t" } { print "warmup:" $1, $2 }' "$work/queries.tsv"
  cat "$work/queries.tsv"; } >"$work/queries_twice.tsv"

# stats FILE: per-query milliseconds (one a line) -> "mean p50 p95 p99"
stats() {
    sort -n "$1" | awk '{v[NR] = $1; s += $1} END {
        printf "%.2f %.2f %.2f %.2f\n", s / NR, v[int((NR + 1) * 0.50)],
        v[int(NR * 0.95 + 0.999)], v[int(NR * 0.99 + 0.999)]}'
}
times() { awk -F'\t' '$1 == "time" && $2 !~ /^warmup:/ {print $3 + 0}' "$1"; }
# the warm-up pass's times (a fresh process: page faults, empty caches)
warmup_times() { awk -F'\t' '$1 == "time" && $2 ~ /^warmup:/ {print $3 + 0}' "$1"; }

# run LABEL N_DOCS BATCH N_EXHAUSTIVE
run() {
    local label=$1 n=$2 batch=$3 nex=$4 d=$work/$1
    mkdir -p "$d"
    echo
    echo "== $label =="
    s0=$(date +%s.%N)
    python3 bench/query_latency_data.py --docs jsonl "$n" "$NEWS" |
        /usr/bin/time -f '%M' -o "$d/f.mem" "$FAHRAS" index -q ${INDEX_FLAGS:-} --batch "$batch" "$d/f.db" - 2>"$d/f.log" ||
        { echo "fahras index failed"; cat "$d/f.log"; exit 1; }
    s1=$(date +%s.%N)
    docs=$(sqlite3 "$d/f.db" 'SELECT count(*) FROM docs')
    fsize=$(du -sb "$d/f.db" "$d/f.db.idx" | awk '{s += $1} END {print s}')
    isize=$(du -sb "$d/f.db.idx" | awk '{print $1}')
    head -n "$nex" "$work/queries.tsv" >"$d/q_ex.tsv"
    "$FAHRAS" search "$d/f.db" --batch "$d/q_ex.tsv" --format trec --limit 10 --timing --exhaustive \
        >"$d/exh.trec" 2>"$d/exh.err"
    s2=$(date +%s.%N)
    python3 bench/query_latency_data.py --docs tsv "$n" "$NEWS" |
        /usr/bin/time -f '%M' -o "$d/l.mem" $JAVA index - "$d/lucene" >"$d/l.log" 2>&1 ||
        { echo "Lucene index failed"; cat "$d/l.log"; exit 1; }
    s3=$(date +%s.%N)
    lsize=$(du -sb "$d/lucene" | awk '{print $1}')
    local r rounds=""
    for r in $(seq "${ROUNDS:-3}"); do
        "$FAHRAS" search "$d/f.db" --batch "$work/queries_twice.tsv" --format trec --limit 10 --timing \
            >"$d/pruned.both.trec" 2>"$d/pruned.err"
        grep -v '^warmup:' "$d/pruned.both.trec" >"$d/pruned.trec" || true
        times "$d/pruned.err" >"$d/pruned.ms.$r"
        warmup_times "$d/pruned.err" >"$d/first.ms.$r"
        $JAVA search "$d/lucene" "$work/queries.tsv" "$d/lucene.times" >/dev/null
        cut -f2 "$d/lucene.times" >"$d/lucene.ms.$r"
        cut -f4 "$d/lucene.times" >"$d/rank.ms.$r"
        rounds="$rounds $(stats "$d/pruned.ms.$r" | cut -d' ' -f1)/$(stats "$d/lucene.ms.$r" | cut -d' ' -f1)"
    done
    for e in pruned first lucene rank; do
        for r in $(seq "${ROUNDS:-3}"); do echo "$(stats "$d/$e.ms.$r" | cut -d' ' -f1) $r"; done |
            sort -n | head -1 | { read -r _ best; cp "$d/$e.ms.$best" "$d/$e.ms"; }
    done
    times "$d/exh.err" >"$d/exh.ms"
    same=$(python3 - "$d/pruned.trec" "$d/exh.trec" <<'PY'
import sys
def top(path):
    r = {}
    for line in open(path):
        q, _, doc, rank, score, _ = line.split()
        r.setdefault(q, []).append(doc)
    return r
a, b = top(sys.argv[1]), top(sys.argv[2])
qs = [q for q in b]
print("%d %d" % (sum(a.get(q, []) == b[q] for q in qs), len(qs)))
PY
)
    echo "$docs documents, $nq queries (exhaustive: $(wc -l <"$d/q_ex.tsv")); per query, ms (best of ${ROUNDS:-3} rounds):"
    printf '  %-20s %8s %8s %8s %8s\n' "" mean p50 p95 p99
    for e in pruned first exh lucene rank; do
        read -r mean p50 p95 p99 <<<"$(stats "$d/$e.ms")"
        printf '  %-20s %8s %8s %8s %8s\n' "$(case $e in pruned) echo fahras pruned;; first) echo "  its first pass";;
            exh) echo fahras exhaustive;; lucene) echo Lucene 4.10;; *) echo "  its ranking alone";; esac)" \
            "$mean" "$p50" "$p95" "$p99"
        eval "M_$e=$mean; P95_$e=$p95"
    done
    awk -v a="$M_pruned" -v b="$M_lucene" -v c="$P95_pruned" -v e="$P95_lucene" -v r="$M_rank" -v q="$P95_rank" 'BEGIN {
        printf "  fahras pruned / Lucene: mean %.2fx, p95 %.2fx (against its ranking alone: %.2fx, %.2fx)\n", a / b, c / e, a / r, c / q }'
    echo "  each round's mean ms, fahras pruned / Lucene:$rounds"
    read -r ok all <<<"$same"
    echo "  pruned top 10 = exhaustive top 10: $ok of $all queries"
    awk -v ft="$(awk -v a="$s0" -v b="$s1" 'BEGIN {print b - a}')" -v lt="$(awk -v a="$s2" -v b="$s3" 'BEGIN {print b - a}')" -v fs="$fsize" -v is="$isize" \
        -v ls="$lsize" -v fm="$(cat "$d/f.mem")" -v lm="$(cat "$d/l.mem")" 'BEGIN {
        printf "  index build: fahras %.1f s (peak %.0f MB; database + index %.1f MB, of which postings %.1f MB)\n", ft, fm / 1e3, fs / 1e6, is / 1e6
        printf "               Lucene %.1f s (peak %.0f MB JVM; index %.1f MB)\n", lt, lm / 1e3, ls / 1e6 }'
    [ "${KEEP:-0}" = 1 ] || rm -rf "$d/f.db" "$d/f.db.idx" "$d/lucene"
}

echo "Query latency: fahras (SQLite store, own index) against Lucene 4.10 BM25; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "fahras index flags: ${INDEX_FLAGS:-(defaults: entities and near-duplicate clusters)}"
[ "${FAHRAS_BENCH_SCALE:-0}" = only ] || run 40k 0 1000 "$nq"
if [ "${FAHRAS_BENCH_SCALE:-0}" != 0 ]; then
    run 1M "${FAHRAS_BENCH_SCALE_DOCS:-1000000}" 5000 "${SCALE_EXHAUSTIVE_QUERIES:-300}"
fi
[ "${KEEP:-0}" = 1 ] && echo "work folder: $work"
exit 0
