#!/bin/bash
# Main-content extraction, scored by the referee ../shared/eval/extraction/score.py:
#   1. the article-extraction-benchmark (181 real pages, mostly English):
#      `fahras extract --json` against the published extractors' outputs
#      (anchors/*.json: trafilatura, Readability.js, newspaper, goose3, ...),
#      scored here by the same referee in the same run;
#   2. the Arabic page set: real articles from ../shared/data/news placed in
#      six site templates of our own (bench/arabic_pages/, UTF-8,
#      windows-1256 and ISO-8859-6; `mudawwana` and `bawwaba` were written
#      after the rules were fixed: held-out layouts), built here at bench
#      time (AR_SEED picks the articles), with title and date accuracy;
#   3. speed on one core: pages per CPU second of `fahras extract` over the
#      181 pages, against a bare libxml2 parse of the same pages
#      (`xmllint --html --noout`, the baseline), best of RUNS.
# Skips cleanly without ../shared.
set -u
cd "$(dirname "$0")/.."
B=${BUILD:-build}
RUNS=${RUNS:-3}
BENCH=../shared/data/html/article-extraction-benchmark
NEWS=../shared/data/news
SCORE=../shared/eval/extraction/score.py
if [ ! -d "$BENCH" ] || [ ! -f "$SCORE" ]; then
    echo "bench/extraction: skipped, $BENCH or $SCORE not present"; exit 0
fi
make -s "$B/fahras" >/dev/null || exit 1
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT

# extract --json output -> the referee's JSON Lines {"id": page, "articleBody": body}
to_pred() {
    python3 - "$1" > "$2" <<'PY'
import json, os, sys
for line in open(sys.argv[1], encoding='utf-8'):
    o = json.loads(line)
    name = os.path.basename(o['file'])
    for ext in ('.gz', '.html', '.htm'):
        if name.endswith(ext):
            name = name[:-len(ext)]
    print(json.dumps({"id": name, "articleBody": o.get('body') or ''}, ensure_ascii=False))
PY
}
f1() { python3 "$SCORE" "$1" "$2" --json | python3 -c 'import json,sys; r=json.load(sys.stdin); print("%.3f %.3f %.3f" % (r["F1"], r["precision"], r["recall"]))'; }

# ---------------------------------------------------------------- 1. benchmark
"$B/fahras" extract --json "$BENCH/html" > "$T/bench.jsonl" 2>"$T/bench.err"
to_pred "$T/bench.jsonl" "$T/bench.pred"
read -r F P R < <(f1 "$BENCH/ground-truth.json" "$T/bench.pred")
echo "article-extraction-benchmark, $(wc -l < "$T/bench.jsonl") of 181 pages extracted (F1 / precision / recall, score.py):"
printf '  %-22s %s / %s / %s\n' "fahras" "$F" "$P" "$R"
for a in trafilatura go_trafilatura newspaper readability_js readability goose3 boilerpipe justext html-text; do
    [ -f "$BENCH/anchors/$a.json" ] || continue
    read -r aF aP aR < <(f1 "$BENCH/ground-truth.json" "$BENCH/anchors/$a.json")
    printf '  %-22s %s / %s / %s   fahras - this: %+.3f F1\n' "$a" "$aF" "$aP" "$aR" "$(awk "BEGIN{print $F - $aF}")"
done

# ---------------------------------------------------------------- 2. Arabic pages
if [ -d "$NEWS" ]; then
    python3 bench/arabic_pages/generate.py --out "$T/ar" --count "${AR_PAGES:-300}" --seed "${AR_SEED:-13}" || exit 1
    "$B/fahras" extract --json "$T/ar/pages" > "$T/ar.jsonl" 2>"$T/ar.err"
    to_pred "$T/ar.jsonl" "$T/ar.pred"
    read -r F P R < <(f1 "$T/ar/ground-truth.json" "$T/ar.pred")
    echo "Arabic page set ($(ls "$T/ar/pages" | wc -l) pages, 6 templates, built from $NEWS): F1 $F, precision $P, recall $R"
    python3 - "$T/ar/ground-truth.json" "$T/ar.jsonl" "$SCORE" <<'PY'
import importlib.util, json, os, sys
spec = importlib.util.spec_from_file_location("score", sys.argv[3]); score = importlib.util.module_from_spec(spec); spec.loader.exec_module(score)
gold = json.load(open(sys.argv[1], encoding='utf-8'))
got = {}
for line in open(sys.argv[2], encoding='utf-8'):
    o = json.loads(line)
    got[os.path.basename(o['file']).split('.html')[0]] = o
by = {}
for name, g in gold.items():
    by.setdefault((g['template'], g['charset']), []).append(name)
for (tpl, cs), names in sorted(by.items()):
    sub = {n: gold[n] for n in names}
    pred = {n: {"articleBody": (got.get(n) or {}).get('body') or ''} for n in names}
    r = score.score(sub, pred)
    title = sum(1 for n in names if (got.get(n) or {}).get('title') == gold[n]['title'])
    date = sum(1 for n in names if ((got.get(n) or {}).get('date') or '')[:10] == gold[n]['date'])
    print("  %-8s %-10s F1 %.3f   title %d/%d   date %d/%d" % (tpl, cs, r['F1'], title, len(names), date, len(names)))
PY
else
    echo "Arabic page set: skipped, $NEWS not present"
fi

# ---------------------------------------------------------------- 3. speed
cpu() { # CPU seconds (user + system) of a command
    local t; t=$( { TIMEFORMAT='%U %S'; time "$@" >/dev/null 2>&1; } 2>&1 ); awk '{print $1 + $2}' <<<"$t"
}
mkdir -p "$T/plain"
for f in "$BENCH"/html/*.html.gz; do gzip -dc "$f" > "$T/plain/$(basename "$f" .gz)"; done
n=$(ls "$T/plain" | wc -l)
best=""; base=""
for _ in $(seq "$RUNS"); do
    s=$(cpu "$B/fahras" extract --json "$T/plain")
    [ -z "$best" ] || awk "BEGIN{exit !($s < $best)}" && best=$s
    if command -v xmllint >/dev/null; then
        x=$(cpu xmllint --html --noout --nowarning "$T"/plain/*.html)
        [ -z "$base" ] || awk "BEGIN{exit !($x < $base)}" && base=$x
    fi
done
echo "speed, one core, $n pages (best of $RUNS, CPU seconds): fahras extract $best s = $(awk "BEGIN{printf \"%.0f\", $n / $best}") pages/s"
if [ -n "$base" ]; then
    echo "  baseline xmllint --html (parse only, libxml2): $base s = $(awk "BEGIN{printf \"%.0f\", $n / $base}") pages/s; extraction costs $(awk "BEGIN{printf \"%.2f\", $best / $base}")x a bare parse"
fi
