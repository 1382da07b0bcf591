#!/bin/bash
# Which HTML parser: libxml2's (used by src/readers/parse.c) or gumbo, both
# Debian packages, measured with the same extraction code:
#   1. accuracy: F1 on the article-extraction-benchmark (score.py);
#   2. speed: CPU seconds of parsing the 181 pages, and of the whole extraction;
#   3. hostile input: CPU time and peak memory on 50 MB of nested <div>, 1e6
#      unclosed <b>, 1e6 empty elements (<b></b>), 1e5 nested <table><tr><td>;
#      a run over 60 s is stopped and shown as such.
# Needs libgumbo-dev (not a dependency of fahras: `apt-get install libgumbo-dev`).
set -u
cd "$(dirname "$0")/.."
B=${BUILD:-build}
BENCH=../shared/data/html/article-extraction-benchmark
SCORE=../shared/eval/extraction/score.py
if [ ! -d "$BENCH" ]; then echo "bench/html_parsers: skipped, $BENCH not present"; exit 0; fi
if [ ! -f /usr/include/gumbo.h ]; then echo "bench/html_parsers: skipped, gumbo not installed (apt-get install libgumbo-dev)"; exit 0; fi
make -s "$B/fahras" >/dev/null || exit 1
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
OBJ=$(ls "$B"/obj/src/readers/{charset,dom,parse,meta,content,extract}.o)
cc -O3 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude -Isrc/readers \
    $(pkg-config --cflags libxml-2.0) bench/html_parsers.c $OBJ -o "$T/hp" \
    -lgumbo $(pkg-config --libs libxml-2.0) -luchardet -ljansson -lz -lpthread -lm || exit 1

echo "accuracy and speed on the 181 benchmark pages (same extraction on both trees):"
for p in libxml2 gumbo; do
    "$T/hp" $p extract "$BENCH"/html/*.html.gz > "$T/$p.jsonl" 2>"$T/$p.time"
    printf '  %-8s %s   %s\n' $p "$(python3 "$SCORE" "$BENCH/ground-truth.json" "$T/$p.jsonl" | sed 's/pages.*)  //')" "$(cat "$T/$p.time" | sed 's/^[a-z0-9]*: //')"
done

python3 - "$T" <<'PY'
import sys
t = sys.argv[1]
open(t + '/nest.html', 'w').write('<div>' * 10_000_000)
open(t + '/unclosed.html', 'w').write('<html><body>' + '<b>' * 1_000_000)
open(t + '/empty.html', 'w').write('<html><body>' + '<b></b>' * 1_000_000)
open(t + '/tables.html', 'w').write('<html><body>' + '<table><tr><td>' * 100_000)
PY
echo "hostile input (parse into the bounded tree; CPU seconds, peak memory):"
for f in nest unclosed empty tables; do
    for p in libxml2 gumbo; do
        /usr/bin/env time -o "$T/t" -f '%U %S %M %x' timeout 60 "$T/hp" $p parse "$T/$f.html" >/dev/null 2>&1
        set -- $(tail -1 "$T/t")
        if [ "$#" -lt 4 ] || [ "$4" = 124 ]; then
            printf '  %-9s %-8s stopped after 60 s\n' "$f" $p
        else
            printf '  %-9s %-8s %6.2f s  %7.1f MB\n' "$f" $p "$(awk "BEGIN{print $1 + $2}")" "$(awk "BEGIN{print $3 / 1024}")"
        fi
    done
done
