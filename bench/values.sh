#!/bin/bash
# Dates, numbers, ordinals and counts (fahras_find_values):
#   1. exact-value accuracy on bench/values_cases.tsv, expressions in real
#      sentences of the shared news corpora with gold values (the sentences
#      are read from ../shared at run time), per form and in total
#   2. speed on the news corpus against the analyzer alone, in the same
#      script: CPU time (best of RUNS interleaved runs) and, as the machine
#      is shared, instruction counts (callgrind) on a slice of it
set -u
cd "$(dirname "$0")/.."
B=${BUILD:-build}
RUNS=${RUNS:-3}
NEWS=../shared/data/news
if [ ! -d "$NEWS" ]; then echo "bench/values: skipped, $NEWS not present"; exit 0; fi
make -s "$B/libfahras.a" >/dev/null || exit 1
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude bench/values_eval.c "$B/libfahras.a" -ljansson \
    -o "$T/values_eval" || exit 1
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude bench/values_throughput.c "$B/libfahras.a" \
    -o "$T/values_throughput" || exit 1

echo "1. exact-value accuracy (bench/values_cases.tsv; a right case: a span of the gold type over"
echo "   the expression with exactly the gold value, unit and Hijri value)"
"$T/values_eval" bench/values_cases.tsv "$NEWS" ${VERBOSE:+-v} || exit 1

# The corpus as text, one article a line.
python3 - "$T/news.txt" $NEWS/*.jsonl <<'PY'
import json, sys
with open(sys.argv[1], 'w', encoding='utf-8') as t:
    for path in sys.argv[2:]:
        for line in open(path, encoding='utf-8'):
            r = json.loads(line)
            t.write(((r.get('title') or '') + ' ' + (r.get('body') or '')).replace('\n', ' ') + '\n')
PY
echo
echo "2. speed on $NEWS ($(wc -l < "$T/news.txt") articles, $(stat -c %s "$T/news.txt") bytes), best of $RUNS"
field() { sed -E "s/.*$1=([0-9.]+).*/\1/"; }
an=999999 va=999999 oa="" ov=""
for _ in $(seq "$RUNS"); do
    oa=$("$T/values_throughput" "$T/news.txt" analyze 1)
    t=$(echo "$oa" | field seconds)
    awk "BEGIN { exit !($t < $an) }" && an=$t
    ov=$("$T/values_throughput" "$T/news.txt" values 1)
    t=$(echo "$ov" | field seconds)
    awk "BEGIN { exit !($t < $va) }" && va=$t
done
tokens=$(echo "$oa" | field tokens) spans=$(echo "$ov" | field spans)
awk -v an="$an" -v va="$va" -v tok="$tokens" -v sp="$spans" 'BEGIN {
    printf "   analyzer alone      %.2f s CPU   %.2f M tokens/s\n", an, tok / an / 1e6
    printf "   value finder        %.2f s CPU   %.2f M tokens/s   %d spans, %.0f spans/s\n", va, tok / va / 1e6, sp, sp / va
    printf "   finder / analyzer   %.2fx the time (the finder runs the analyzer)\n", va / an }'
if command -v valgrind > /dev/null; then
    head -n 2000 "$T/news.txt" > "$T/slice.txt"
    ir() { valgrind --tool=callgrind --callgrind-out-file="$T/cg" "$@" > /dev/null 2>&1
           callgrind_annotate "$T/cg" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }'; }
    : > "$T/empty.txt"
    i0=$(ir "$T/values_throughput" "$T/empty.txt" analyze 1) # building the analyzer
    ia=$(ir "$T/values_throughput" "$T/slice.txt" analyze 1)
    iv=$(ir "$T/values_throughput" "$T/slice.txt" values 1)
    awk -v z="$i0" -v a="$ia" -v v="$iv" 'BEGIN {
        printf "   instructions (callgrind, 2,000 articles, analyzer construction left out):\n"
        printf "   finder / analyzer %.2fx\n", (v - z) / (a - z) }'
else
    echo "   (valgrind not installed: no instruction counts)"
fi
