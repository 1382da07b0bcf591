#!/bin/bash
# Named-entity tagger: referee scores and speed.
#   1. ANERcorp, derived line split (../shared/data/ner/anercorp/
#      derived_split_by_line): the test part tagged through fahras_tag
#      (bench/ner_conll.c; the model learned from the train part only),
#      scored by ../shared/eval/ner/score.py (conlleval): micro and
#      per-type P/R/F1.
#   2. AQMAR (Arabic Wikipedia, out of domain; the same model, trained on
#      ANERcorp only): scored on PER, LOC and ORG (AQMAR's MIS* classes and
#      stray tags, and the tagger's MISC, read as O).
#   3. Real news (bench/ner_news_cases.tsv: sentences of the shared news
#      corpora with names marked by hand): fahras entities over the whole
#      articles, scored word by word by the same referee
#      (bench/ner_news_eval.py), PER/LOC/ORG and all four types.
#   4. Tagging throughput in tokens per second on one core, against the
#      analyzer alone on the same articles in the same run
#      (bench/ner_throughput.c, best CPU time of RUNS passes).
# Skips, saying so, when ../shared is absent.
set -u
cd "$(dirname "$0")/.."
B=${BUILD:-build}
RUNS=${RUNS:-3}
NER=../shared/data/ner
SCORE=../shared/eval/ner/score.py
NEWS=../shared/data/news
if [ ! -d "$NER/anercorp" ] || [ ! -f "$SCORE" ]; then
    echo "bench/ner: skipped, $NER or $SCORE not present"
    exit 0
fi
make -s "$B/bench/ner_conll" "$B/bench/ner_throughput" >/dev/null || exit 1
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT

# 1. ANERcorp test part
D=$NER/anercorp/derived_split_by_line
GOLD=$D/test_lines_125279-150284.txt
"$B/bench/ner_conll" --per PERS "$GOLD" > "$T/anercorp.sys" || exit 1
echo "ANERcorp (derived line split), test part, trained on the train part:"
python3 "$SCORE" "$GOLD" "$T/anercorp.sys" | sed -n '/^type/,$p'

# 2. AQMAR: every article, gold tags mapped to PER/LOC/ORG (else O)
if [ -d "$NER/aqmar/aqmar/articles" ]; then
    cat "$NER"/aqmar/aqmar/articles/*.txt | awk '
        NF == 0 { print ""; next }
        { tag = $NF; sub(/[ \t]+[^ \t]+$/, ""); tok = $0
          if (tag !~ /^[BI]-(PER|LOC|ORG)$/) tag = "O"
          print tok " " tag }' > "$T/aqmar.gold"
    "$B/bench/ner_conll" --types PER,LOC,ORG "$T/aqmar.gold" > "$T/aqmar.sys" || exit 1
    echo
    echo "AQMAR (28 Wikipedia articles), PER/LOC/ORG, model trained on ANERcorp only:"
    python3 "$SCORE" "$T/aqmar.gold" "$T/aqmar.sys" | sed -n '/^type/,$p'
else
    echo "AQMAR: skipped, $NER/aqmar not present"
fi

# 3. real news, names marked by hand
if [ -d "$NEWS" ]; then
    make -s "$B/fahras" >/dev/null || exit 1
    echo
    echo "news (bench/ner_news_cases.tsv), PER/LOC/ORG, then all four types:"
    python3 bench/ner_news_eval.py "$B/fahras" bench/ner_news_cases.tsv "$NEWS" "$SCORE" |
        awk '/^types PER,LOC,ORG,MISC/ { all = 1; next }
             !all && !/^(processed|accuracy| |$)/ { print }
             all && /^micro/ { print "all four types: " $0 }'
    echo
    echo "sports bodies in the news (bench/ner_sports_bodies.py: الاتحاد X لكرة القدم, how it is tagged):"
    python3 bench/ner_sports_bodies.py "$B/fahras" "$NEWS"/*.jsonl
else
    echo "news: skipped, $NEWS not present"
fi

# 4. throughput on the news corpora (the first 20 MB of article text)
if [ -d "$NEWS" ]; then
    python3 tools/ner/news_text.py "$NEWS"/*.jsonl > "$T/all.txt"
    head -c 20000000 "$T/all.txt" > "$T/news.txt"
    echo
    echo "throughput, one core, $(stat -c %s "$T/news.txt") bytes of news text (best of $RUNS):"
    "$B/bench/ner_throughput" --repeat "$RUNS" "$T/news.txt" | awk -F'\t' '
        { v[$1] = $2 }
        END {
            printf "  analyzer alone  %10.0f tokens/s\n", v["analyzer_tokens_per_s"]
            printf "  tagger          %10.0f tokens/s  (%d tokens, %d entities)\n", v["tagger_tokens_per_s"], v["tokens"], v["entities"]
            printf "  tagger / analyzer: %.3f (the tagger runs the analyzer, then the model)\n", v["tagger_over_analyzer"]
        }'
else
    echo "throughput: skipped, $NEWS not present"
fi
