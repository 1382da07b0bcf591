# Sourced by tools/ner/build_model.sh and tools/ner/pipeline_cv.sh: the
# ner_train options of a first model, the one whose output on the news
# makes the entity-word table, so the cross-validation learns each fold's
# table as the build learns the shipped one: at most NER_EPOCHS passes
# (default 25), chosen with the O penalty on the last NER_DEV_FRAC
# (default 0.15) of its training text, which it is not trained on; the
# mean of NER_BAGS (default 3) models trained on the sentences in
# different orders (the table varies less with the order).
FIRST_MODEL="--epochs ${NER_EPOCHS:-25} --dev-frac ${NER_DEV_FRAC:-0.15} --held-out --bags ${NER_BAGS:-3}"
# NER_FIRST_CRF=C2 (default 0: the perceptrons): a CRF instead (ner_train
# --crf C2, pruned as the final model), trained on the same 85%
[ "${NER_FIRST_CRF:-0}" = 0 ] || FIRST_MODEL="--crf $NER_FIRST_CRF --prune ${NER_PRUNE:-200} --dev-frac ${NER_DEV_FRAC:-0.15} --held-out"
