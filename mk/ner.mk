# The named-entity tagger's generated data (models/ner/) and the tools that
# rebuild it from ../shared (tools/ner/): `make ner-model` runs
# tools/ner/build_model.sh (clusters from the news corpora, the perceptron
# from ANERcorp's train part, the alias table from the news corpora).

NER_TOOLS := $(BUILD)/tools/ner_train $(BUILD)/tools/ner_clusters $(BUILD)/tools/ner_corpus

$(BUILD)/tools/%: tools/ner/%.c tools/ner/intern.h $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< $(TOOL_SRC) $(LIB_A) $(TOOL_LIBS) -lm $(LDFLAGS) -o $@
$(BUILD)/tools/ner_train: TOOL_LIBS := -llbfgs
# the alias learner joins names spelled two ways by the store's edits
$(BUILD)/tools/ner_corpus: TOOL_SRC := src/store/spelling.c
$(BUILD)/tools/ner_corpus: src/store/spelling.c src/store/spelling.h

.PHONY: ner-tools ner-model
ner-tools: $(NER_TOOLS)

ner-model:
	sh tools/ner/build_model.sh

# Evaluation and speed programs run by bench/ner.sh.
NER_BENCH := $(BUILD)/bench/ner_conll $(BUILD)/bench/ner_throughput
$(BUILD)/bench/ner_%: bench/ner_%.c $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< $(LIB_A) -lm $(LDFLAGS) -o $@
.PHONY: ner-bench-bins
ner-bench-bins: $(NER_BENCH)
