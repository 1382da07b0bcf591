# The store's own index (src/index): segments, pruned top-k evaluation,
# and its commit protocol with the SQLite store.  Linked into the CLI with
# the SQLite store; its unit tests and the segment fuzz target's replay run
# from tests/index/run.sh.

INDEX_CORE_SRC := src/index/segment.c src/index/segwrite.c src/index/inverter.c \
                  src/index/merge.c src/index/cursor.c src/index/search.c \
                  src/index/guard.c
INDEX_SRC := $(INDEX_CORE_SRC) src/index/ix_sqlite.c
CLI_EXTRA_SRC += $(INDEX_SRC)
$(FAHRAS_BIN): $(patsubst %.c,$(BUILD)/obj/%.o,$(INDEX_SRC))
$(BUILD)/obj/src/index/%.o: ALL_CFLAGS += -Isrc/index
$(patsubst %.c,$(BUILD)/obj/%.o,$(sort $(wildcard src/store/sqlite/*.c))): ALL_CFLAGS += -Isrc/index

# The index core with the store-layer parts it reads (the ranking, the
# plan), as the unit tests and both builds of the segment fuzz target link it.
INDEX_CORE_LINK_SRC := $(INDEX_CORE_SRC) src/store/rank.c src/store/plan.c src/store/spelling.c \
                       src/store/store_util.c
INDEX_CORE_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(INDEX_CORE_LINK_SRC))
INDEX_TEST_BINS := $(BUILD)/tests/index_unit $(BUILD)/tests/fuzz_segment_replay

$(BUILD)/tests/index_unit: tests/index/unit.c $(INDEX_CORE_OBJ) $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc/index $< $(INDEX_CORE_OBJ) $(LIB_A) -lz -lm $(LDFLAGS) -o $@

$(BUILD)/tests/fuzz_segment_replay: fuzz/fuzz_segment.c fuzz/replay.c $(INDEX_CORE_OBJ) $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc/index fuzz/fuzz_segment.c fuzz/replay.c $(INDEX_CORE_OBJ) $(LIB_A) -lz -lm $(LDFLAGS) -o $@

.PHONY: index-test-bins asan-index
index-test-bins: $(INDEX_TEST_BINS)
TEST_BUILD += index-test-bins

# The index's unit tests and segment fuzz corpus under ASan+UBSan, in
# $(BUILD)/asan.
asan-index:
	$(MAKE) BUILD=$(BUILD)/asan CFLAGS="$(SAN_FLAGS)" LDFLAGS="$(SAN_FLAGS)" index-test-bins
	$(SAN_ENV) $(BUILD)/asan/tests/index_unit
	$(SAN_ENV) $(BUILD)/asan/tests/fuzz_segment_replay fuzz/corpus/segment
