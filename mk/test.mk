# Tests, sanitizers, fuzzing.  `make test` installs what is missing
# (scripts/deps.sh), builds, and runs every suite under tests/
# (tests/run_all.sh prints the summary).  FAHRAS_TEST_ONLY="core web"
# limits the suites.

TEST_BIN := $(BUILD)/tests
CORE_TEST_BINS := $(TEST_BIN)/unit $(TEST_BIN)/golden_lib $(TEST_BIN)/fuzz_replay

$(TEST_BIN)/unit: tests/core/unit.c $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< $(LIB_A) -lpthread $(LDFLAGS) -o $@

$(TEST_BIN)/golden_lib: tests/core/golden_lib.c $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< $(LIB_A) $(LDFLAGS) -o $@

$(TEST_BIN)/fuzz_replay: fuzz/fuzz_analyze.c fuzz/replay.c $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) fuzz/fuzz_analyze.c fuzz/replay.c $(LIB_A) $(LDFLAGS) -o $@

.PHONY: core-test-bins deps test-build asan valgrind fuzz
core-test-bins: $(CORE_TEST_BINS) $(FAHRAS_BIN)

deps:
	sh scripts/deps.sh

test: deps
	$(MAKE) all test-build
	bash tests/run_all.sh

# Suites register extra things to build before tests run.
TEST_BUILD += core-test-bins
test-build: $(TEST_BUILD)

# The core and its CLI under AddressSanitizer + UndefinedBehaviorSanitizer,
# in build/asan (tests/core/run.sh runs the unit tests and the fuzz corpus
# with it).
SAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
asan:
	$(MAKE) CORE_ONLY=1 BUILD=$(BUILD)/asan CFLAGS="$(SAN_FLAGS)" LDFLAGS="$(SAN_FLAGS)" core-test-bins
	$(BUILD)/asan/tests/unit
	$(BUILD)/asan/tests/fuzz_replay fuzz/corpus/analyze

valgrind: core-test-bins
	valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite $(TEST_BIN)/unit

# libFuzzer (clang): `make fuzz FUZZ_SECONDS=600`; new inputs go to
# build/fuzz/corpus, crashes to build/fuzz/.
FUZZ_SECONDS ?= 60
fuzz:
	@mkdir -p $(BUILD)/fuzz/corpus
	clang -std=c11 -D_DEFAULT_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude -Isrc/core \
	    fuzz/fuzz_analyze.c $(CORE_SRC) -o $(BUILD)/fuzz/fuzz_analyze
	cd $(BUILD)/fuzz && ./fuzz_analyze -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
	    corpus $(CURDIR)/fuzz/corpus/analyze
