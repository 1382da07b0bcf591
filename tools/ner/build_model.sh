#!/bin/sh
# Rebuild the named-entity tagger's generated data in models/ner/ from
# ../shared (run by `make ner-model`; minutes on one core, under nice):
#   1. news text: titles and bodies of the ANT news corpora
#      (tools/ner/news_text.py);
#   2. word clusters of the tagger's keys (tools/ner/ner_clusters.c);
#   3. a first model from ANERcorp's train part (tools/ner/ner_train.c,
#      with the options of tools/ner/first_model.sh, which
#      tools/ner/pipeline_cv.sh reads too; trained on all but the last 15%
#      of the train part, which chooses its passes and O penalty and stays
#      unseen for step 4 to be tuned on),
#      run over the news text to learn which words are often inside names
#      (tools/ner/ner_corpus.c --entity-words), its passes and O penalty
#      fixed (NER_FIRST_FIXED, below); NER_ROUNDS=N (default 2)
#      repeats this step, each first model trained with the entity words of
#      the round before (the first round has none), so the words the final
#      model is trained with come from a model that had such words too;
#      NER_NAMES=1 (default 0: the table is left empty) has the same run
#      learn whole names of 2-6 words the first model tags often, with one
#      type, in most places their words are found (ner_corpus --names:
#      models/ner/ner_names.c), read by the next model as "this word
#      begins / continues a learned name of type T" (pipeline CV 79.90 ->
#      80.15, test 76.91 -> 77.10, but 78.70 in CV with each fold's names
#      learned by a model that did not see it: the model trusts names
#      its own train sentences put in the table, 79.28 with names seen at
#      least ten times (NER_CV_NAMES_MIN=10), so it is not used);
#   4. the final model, trained with those on the whole train part, its
#      passes and O penalty fixed (NER_FINAL_FIXED, below) or chosen by
#      NER_CV-fold (default 5) cross-validation over the train part (at
#      most NER_FINAL_EPOCHS, default 15, passes; NER_FINAL_BAGS=N, default 3: the mean of N
#      models trained on the sentences in different orders, also in the
#      cross-validation; NER_BAGS=N, default 3, the same for the first
#      models: the entity words of a mean of three vary less with the
#      order the sentences were seen in; NER_MIN_COUNT=N, default 2: the
#      final model's features are those seen at least N times in the
#      train part: 5-fold CV F1 0.7850 -> 0.7864 with 2, 0.7844 with 3);
#      the final model reads how each word was tagged earlier in the text
#      (fh_ner_seen): NER_DOC_JACK=K (default 5) trains it with the labels
#      of K models that each did not see the sentence's block, and
#      NER_SEEN_DROP=F (default 0.5) leaves them out of that share of the
#      sentences, so a short text, with nothing tagged before, is tagged
#      as well as without them (5-fold pipeline CV 78.92 -> 79.42; 79.10
#      with every text's memory empty); NER_FINAL_FIXED="PASSES PENALTY"
#      (default "6 0") fixes the final model's passes and O penalty, chosen
#      by tools/ner/pipeline_cv.sh, which scores what the tagger returns
#      (79.90; ner_train --cv, on the model's own labels before the
#      document passes add recall, picks 5 and 4: 79.88 there);
#      NER_FINAL_FIXED= (empty) lets ner_train --cv choose them (for the
#      perceptrons only: with NER_CRF, ner_train refuses --cv);
#      NER_CRF=C2 (default 3; 0: the mean of NER_FINAL_BAGS perceptrons
#      as before) trains the final model as a linear-chain CRF over the
#      same features, L-BFGS to the log-likelihood less C2/2 times the
#      squared weights (ner_train --crf; pipeline CV seeds 1-3: 79.25 /
#      79.64 / 79.56 -> 80.21 / 80.18 / 80.31, leak-free (NER_CV_WORDS=1)
#      78.73 / 78.64 -> 79.09 / 79.26; C2 1: 79.85, 10: 80.00, with seed
#      1), its weights under NER_PRUNE (default 200) of the model's 16-bit
#      units dropped (a CRF gives every feature a weight for every label);
#   5. the words names begin with that keep a letter the analyzer reads as
#      a proclitic (لوكاس, بوروسيا, كوفي: tools/ner/ner_corpus.c
#      --whole-words), then the alias table, from the keys that table
#      gives (--aliases), both learned by running the final model over the
#      news text.
# Each step rebuilds the library with what the previous ones wrote.  The
# entity words and aliases start from empty tables, and every step is
# deterministic (fixed shuffling seeds, sorted outputs), so the same
# command on the same data writes byte-identical files.
set -eu
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
NEWS=../shared/data/news
TRAIN=../shared/data/ner/anercorp/derived_split_by_line/train_lines_1-125278.txt
. tools/ner/first_model.sh
. tools/ner/empty_tables.sh
ROUNDS=${NER_ROUNDS:-2}
CV=${NER_CV:-5}
FINAL_EPOCHS=${NER_FINAL_EPOCHS:-15}
FINAL_BAGS=${NER_FINAL_BAGS:-3}
MIN_COUNT=${NER_MIN_COUNT:-2}
DOC_JACK=${NER_DOC_JACK:-5}
SEEN_DROP=${NER_SEEN_DROP:-0.5}
FINAL_FIXED=${NER_FINAL_FIXED-6 0}
# NER_FIRST_FIXED="PASSES PENALTY ..." (one pair a round; empty: chosen on
# the held-out part each time): the first models' passes and O penalty,
# those the held-out part chose for the shipped tables.  Chosen afresh,
# they moved with any change of the word lists (12 and 15 became 11 and 12
# at a dev F1 0.0006 lower when بن قردان made بن a place's first word), and
# the names the first model finds in the news with them (112,065 against
# 107,943), so the entity words and the final model moved too.
FIRST_FIXED=${NER_FIRST_FIXED-12 15 7 21}
EW_JACK=${NER_EW_JACK:-0}
CRF=${NER_CRF:-3}
PRUNE=${NER_PRUNE:-200}
for f in "$NEWS/ant-v2.1.jsonl" "$NEWS/ant-v1.1.jsonl" "$TRAIN"; do
    [ -f "$f" ] || { echo "ner-model: $f not present" >&2; exit 1; }
done
W=$B/ner
mkdir -p "$W"
M=models/ner
run() { echo "+ $*" >&2; nice "$@"; }

run python3 tools/ner/news_text.py "$NEWS/ant-v2.1.jsonl" "$NEWS/ant-v1.1.jsonl" > "$W/news.txt"
placeholder entity_words > $M/ner_entity_words.c
placeholder aliases > $M/ner_aliases.c
placeholder names > $M/ner_names.c
placeholder whole_words > $M/ner_whole_words.c
# NER_KEEP_CLUSTERS=1 keeps the committed clusters (the slowest step; they
# depend only on the news text and the analyzer's keys)
if [ "${NER_KEEP_CLUSTERS:-0}" != 1 ]; then
    make -s CORE_ONLY=1 BUILD="$B" "$B/tools/ner_clusters"
    run "$B/tools/ner_clusters" --out $M/ner_clusters.c "$W/news.txt"
fi
r=1
while [ "$r" -le "$ROUNDS" ]; do
    make -s CORE_ONLY=1 BUILD="$B" "$B/tools/ner_train"
    # this round's pair of NER_FIRST_FIXED, if it has one
    set -- $FIRST_FIXED
    shift $(( 2 * (r - 1) < $# ? 2 * (r - 1) : $# ))
    GIVEN=
    [ $# -ge 2 ] && GIVEN="--epochs $1 --o-penalty $2 --as-given"
    run "$B/tools/ner_train" $FIRST_MODEL $GIVEN --out $M/ner_model.c "$TRAIN"
    make -s CORE_ONLY=1 BUILD="$B" "$B/tools/ner_corpus"
    if [ "${NER_NAMES:-0}" = 1 ]; then
        run "$B/tools/ner_corpus" --entity-words "$W/ner_entity_words.c" --names "$W/ner_names.c" "$W/news.txt"
        cp "$W/ner_names.c" $M/ner_names.c
    else
        run "$B/tools/ner_corpus" --entity-words "$W/ner_entity_words.c" "$W/news.txt"
    fi
    cp "$W/ner_entity_words.c" $M/ner_entity_words.c
    r=$((r + 1))
done
# NER_EW_JACK=K (0: none): the final model is trained with the entity
# words of K tables, each learned as above by a first model trained on
# the train part less one of K blocks, a sentence reading the table its
# block did not make (ner_train --ew-split, --ew-jack): the shipped table
# is made with a model that saw the whole train part, so its values are
# surer on the train sentences than on new text
make -s CORE_ONLY=1 BUILD="$B" "$B/tools/ner_train"
JACK=
if [ "$EW_JACK" -gt 1 ]; then
    run "$B/tools/ner_train" --ew-split "$EW_JACK" "$W/ewblock" "$TRAIN"
    k=0
    while [ "$k" -lt "$EW_JACK" ]; do
        run "$B/tools/ner_train" $FIRST_MODEL \
            --out $M/ner_model.c "$W/ewblock$k.txt"
        make -s CORE_ONLY=1 BUILD="$B" "$B/tools/ner_corpus"
        run "$B/tools/ner_corpus" --entity-words "$W/ewblock$k.c" "$W/news.txt"
        k=$((k + 1))
    done
    JACK="--ew-jack $EW_JACK $W/ewblock"
fi
if [ -n "$FINAL_FIXED" ]; then # "PASSES PENALTY"
    set -- $FINAL_FIXED
    CHOICE="--epochs $1 --o-penalty $2"
else
    CHOICE="--epochs $FINAL_EPOCHS --cv $CV"
fi
[ "$CRF" = 0 ] || CHOICE="$CHOICE --crf $CRF --prune $PRUNE"
run "$B/tools/ner_train" $CHOICE --bags "$FINAL_BAGS" --min-count "$MIN_COUNT" \
    --doc-jack "$DOC_JACK" --seen-drop "$SEEN_DROP" $JACK --out $M/ner_model.c "$TRAIN"
make -s CORE_ONLY=1 BUILD="$B" "$B/tools/ner_corpus"
run "$B/tools/ner_corpus" --whole-words "$W/ner_whole_words.c" "$W/news.txt"
cp "$W/ner_whole_words.c" $M/ner_whole_words.c
make -s CORE_ONLY=1 BUILD="$B" "$B/tools/ner_corpus"
run "$B/tools/ner_corpus" --aliases "$W/ner_aliases.c" "$W/news.txt"
cp "$W/ner_aliases.c" $M/ner_aliases.c
make -s CORE_ONLY=1 BUILD="$B" lib
echo "ner-model: models/ner rebuilt" >&2
