#!/bin/bash
# Core analysis speed against Snowball's Arabic stemmer (Debian libstemmer),
# run in this same script on the same machine, and the referee scores of
# the analyzer's keys and segments.
#   1. full analysis (normalize + tokenize + segment + key) of the news
#      corpus text, through the library, vs stemwords on the pre-split words
#   2. word for word: `fahras stem` vs `stemwords -l arabic` on one word list
#   3. conflation referee (PADT dev) and segmentation referee (WikiNews)
# Speed figures are the best CPU time (user + system) of RUNS interleaved
# runs; the ratio is what to read (the machine is shared and noisy).
set -u
cd "$(dirname "$0")/.."
B=${BUILD:-build}
RUNS=${RUNS:-5}
NEWS=../shared/data/news
EVAL=../shared/eval
if [ ! -d "$NEWS" ]; then echo "bench/analysis: skipped, $NEWS not present"; exit 0; fi
command -v stemwords >/dev/null || { echo "bench/analysis: stemwords missing (apt-get install libstemmer-tools)"; exit 1; }
make -s "$B/fahras" "$B/libfahras.a" >/dev/null || exit 1
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cc -O2 -Iinclude bench/analyze_throughput.c "$B/libfahras.a" -o "$T/analyze_throughput" || exit 1

# The corpus as text (title + body, one article a line) and as words.
python3 - "$T" $NEWS/*.jsonl <<'PY'
import json, sys
out = sys.argv[1]
with open(out + '/news.txt', 'w', encoding='utf-8') as t, open(out + '/words.txt', 'w', encoding='utf-8') as w:
    for path in sys.argv[2:]:
        for line in open(path, encoding='utf-8'):
            r = json.loads(line)
            text = ((r.get('title') or '') + ' ' + (r.get('body') or '')).replace('\n', ' ')
            t.write(text + '\n')
            w.write('\n'.join(text.split()) + '\n')
PY
size=$(stat -c %s "$T/news.txt"); wsize=$(stat -c %s "$T/words.txt")

calc() { awk "BEGIN { printf \"%.6f\", $* }"; }
lt() { awk "BEGIN { exit !($1 < $2) }"; }
# CPU seconds (user + system) of one run: both sides are single-threaded,
# and CPU time is less disturbed than wall time by other work on the machine.
cpu_of() {
    local TIMEFORMAT='%U %S' out
    out=$( { time "$@" > /dev/null 2>&1; } 2>&1 )
    calc "$(echo "$out" | awk '{print $1 " + " $2}')"
}
best() { # best CPU seconds of a command over RUNS runs
    local b=999999 t
    for _ in $(seq "$RUNS"); do
        t=$(cpu_of "$@"); if lt "$t" "$b"; then b=$t; fi
    done
    echo "$b"
}
echo "corpus: $NEWS ($(wc -l < "$T/news.txt") articles, $size bytes of text, $wsize bytes as a word list)"

# 1. full analysis vs stemwords on the pre-split words
fa=999999 sw=999999
for _ in $(seq "$RUNS"); do
    t=$("$T/analyze_throughput" "$T/news.txt" 1 | sed -E 's/.*seconds=([0-9.]+).*/\1/')
    lt "$t" "$fa" && fa=$t
    t=$(RUNS=1 best stemwords -l arabic -i "$T/words.txt" -o /dev/null)
    lt "$t" "$sw" && sw=$t
done
fa_mbs=$(calc "$size / 1000000 / $fa"); sw_mbs=$(calc "$wsize / 1000000 / $sw")
printf 'full analysis (library, one core): %.1f MB/s   snowball stemwords (pre-split words): %.1f MB/s   ratio %.2fx\n' \
    "$fa_mbs" "$sw_mbs" "$(calc "$fa_mbs / $sw_mbs")"

# 2. word for word, both as whole processes over the same list
fs=999999 sw=999999
for _ in $(seq "$RUNS"); do
    t=$(RUNS=1 best sh -c "$B/fahras stem < $T/words.txt"); lt "$t" "$fs" && fs=$t
    t=$(RUNS=1 best sh -c "stemwords -l arabic < $T/words.txt"); lt "$t" "$sw" && sw=$t
done
printf 'word list: fahras stem %.2f s   stemwords -l arabic %.2f s   ratio %.2fx\n' "$fs" "$sw" "$(calc "$sw / $fs")"

# 3. referees
if [ -f "$EVAL/conflation/score.py" ]; then
    python3 "$EVAL/conflation/score.py" "$EVAL/conflation/gold-dev.tsv" --surfaces > "$T/surf.txt"
    "$B/fahras" stem < "$T/surf.txt" > "$T/stems.tsv"
    echo "conflation referee (PADT dev): $(python3 "$EVAL/conflation/score.py" "$EVAL/conflation/gold-dev.tsv" "$T/stems.tsv" --brief)"
fi
G=../shared/data/morph/wikinews-qcri/WikiNews.pos.ref
if [ -f "$EVAL/segmentation/score.py" ] && [ -f "$G" ]; then
    python3 "$EVAL/segmentation/score.py" "$G" --words > "$T/wn.txt"
    "$B/fahras" segment < "$T/wn.txt" > "$T/segs.tsv"
    echo "segmentation referee (WikiNews, clitic scheme):"
    python3 "$EVAL/segmentation/score.py" "$G" "$T/segs.tsv" --scheme clitic | sed -n '2,3p'
fi
