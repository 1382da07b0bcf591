# Tests, sanitizers, fuzzing.  `make test` installs what is missing
# (scripts/deps.sh), builds, and runs every suite under tests/
# (tests/run_all.sh prints the summary).  FAHRAS_TEST_ONLY="core web"
# limits the suites.

TEST_BIN := $(BUILD)/tests
CORE_TEST_BINS := $(TEST_BIN)/unit $(TEST_BIN)/golden_lib $(TEST_BIN)/fuzz_replay \
                  $(TEST_BIN)/values_test $(TEST_BIN)/fuzz_values_replay \
                  $(TEST_BIN)/tagger $(TEST_BIN)/entities_lib $(TEST_BIN)/fuzz_tagger_replay \
                  $(TEST_BIN)/fuzz_options_replay $(TEST_BIN)/morph_hot

$(TEST_BIN)/unit: tests/core/unit.c $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< $(LIB_A) -lpthread $(LDFLAGS) -o $@

# The stored analyses of the frequent words against the code (internal.h).
$(TEST_BIN)/morph_hot: tests/core/morph_hot.c $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< $(LIB_A) $(LDFLAGS) -o $@

$(TEST_BIN)/golden_lib: tests/core/golden_lib.c $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< $(LIB_A) $(LDFLAGS) -o $@

$(TEST_BIN)/values_test: tests/core/values_test.c $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< $(LIB_A) -lpthread $(LDFLAGS) -o $@

$(TEST_BIN)/fuzz_values_replay: fuzz/fuzz_values.c fuzz/replay.c $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) fuzz/fuzz_values.c fuzz/replay.c $(LIB_A) $(LDFLAGS) -o $@

$(TEST_BIN)/fuzz_replay: fuzz/fuzz_analyze.c fuzz/replay.c $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) fuzz/fuzz_analyze.c fuzz/replay.c $(LIB_A) $(LDFLAGS) -o $@

# The entity tagger: unit tests, the span printer of the golden tests, and
# the replay of its fuzz target (fuzz/fuzz_tagger.c).
$(TEST_BIN)/tagger: tests/core/tagger.c $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< $(LIB_A) -lpthread -lm $(LDFLAGS) -o $@

$(TEST_BIN)/entities_lib: tests/core/entities_lib.c $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< $(LIB_A) -lm $(LDFLAGS) -o $@

$(TEST_BIN)/fuzz_tagger_replay: fuzz/fuzz_tagger.c fuzz/replay.c $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) fuzz/fuzz_tagger.c fuzz/replay.c $(LIB_A) -lm $(LDFLAGS) -o $@

$(TEST_BIN)/fuzz_options_replay: fuzz/fuzz_options.c fuzz/replay.c $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) fuzz/fuzz_options.c fuzz/replay.c $(LIB_A) $(LDFLAGS) -o $@

# Replays of the query-parser and ingest fuzz targets (fuzz/fuzz_query.c:
# src/store/query.c and spelling.c; fuzz/fuzz_ingest.c: the readers of
# src/readers).  Their sources belong to the SQLite and readers parts, so
# they are built only with them (mk/*.part.mk are read before this file);
# tests/sqlite/run.sh and tests/readers/run.sh run them.
ifneq ($(SQLITE_CLI_SRC),)
FUZZ_QUERY_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,src/store/query.c src/store/spelling.c \
                  src/store/store_util.c src/store/plan.c src/store/rank.c src/store/highlight.c \
                  src/store/filter.c)
FUZZ_INGEST_OBJ = $(READERS_OBJ)
FUZZ_FTS5_OBJ := $(BUILD)/obj/src/sqlite/fahras_fts5.o $(BUILD)/obj/src/sqlite/fahras_query.o \
                 $(patsubst %.c,$(BUILD)/obj/%.o,src/store/sqlite/translate.c src/store/query.c \
                 src/store/plan.c src/store/spelling.c src/store/store_util.c src/store/rank.c)
STORE_FUZZ_BINS := $(TEST_BIN)/fuzz_query_replay $(TEST_BIN)/fuzz_ingest_replay \
                   $(TEST_BIN)/fuzz_fts5_replay

$(TEST_BIN)/fuzz_query_replay: fuzz/fuzz_query.c fuzz/replay.c $(FUZZ_QUERY_OBJ) $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) fuzz/fuzz_query.c fuzz/replay.c $(FUZZ_QUERY_OBJ) $(LIB_A) -lm $(LDFLAGS) -o $@

$(TEST_BIN)/fuzz_ingest_replay: fuzz/fuzz_ingest.c fuzz/replay.c $(FUZZ_INGEST_OBJ) $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc/readers fuzz/fuzz_ingest.c fuzz/replay.c $(FUZZ_INGEST_OBJ) $(LIB_A) \
	    $(READERS_LIBS) $(LDFLAGS) -o $@

# The SQLite extension's functions through SQL (fuzz/fuzz_fts5.c).
$(TEST_BIN)/fuzz_fts5_replay: fuzz/fuzz_fts5.c fuzz/replay.c $(FUZZ_FTS5_OBJ) $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc/sqlite -Isrc/store/sqlite fuzz/fuzz_fts5.c fuzz/replay.c $(FUZZ_FTS5_OBJ) $(LIB_A) \
	    -lsqlite3 -lpthread -lm $(LDFLAGS) -o $@

.PHONY: store-fuzz-bins asan-store asan-readers
store-fuzz-bins: $(STORE_FUZZ_BINS)
TEST_BUILD += store-fuzz-bins

# The replays under AddressSanitizer + UndefinedBehaviorSanitizer, in
# build/asan like `make asan` (which runs both when the SQLite part is
# built), over their corpora: the query parser and the SQLite extension's
# functions (asan-store, run by the sqlite suite) and the readers
# (asan-readers, run by the readers suite).
asan-store:
	$(MAKE) BUILD=$(BUILD)/asan CFLAGS="$(SAN_FLAGS)" LDFLAGS="$(SAN_FLAGS)" \
	    $(BUILD)/asan/tests/fuzz_query_replay $(BUILD)/asan/tests/fuzz_fts5_replay
	$(SAN_ENV) $(BUILD)/asan/tests/fuzz_query_replay fuzz/corpus/query
	$(SAN_ENV) $(BUILD)/asan/tests/fuzz_fts5_replay fuzz/corpus/fts5
asan-readers:
	$(MAKE) BUILD=$(BUILD)/asan CFLAGS="$(SAN_FLAGS)" LDFLAGS="$(SAN_FLAGS)" $(BUILD)/asan/tests/fuzz_ingest_replay
	$(SAN_ENV) $(BUILD)/asan/tests/fuzz_ingest_replay fuzz/corpus/ingest
endif

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
# with it); with the SQLite part also the query and ingest replays
# (asan-store).
SAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
# stack-use-after-return is off by default: a pointer kept past a callback
# into the analyzer's scratch is the bug it finds
SAN_ENV := ASAN_OPTIONS=detect_stack_use_after_return=1
asan:
	$(MAKE) CORE_ONLY=1 BUILD=$(BUILD)/asan CFLAGS="$(SAN_FLAGS)" LDFLAGS="$(SAN_FLAGS)" core-test-bins
	$(SAN_ENV) $(BUILD)/asan/tests/unit
	$(SAN_ENV) $(BUILD)/asan/tests/fuzz_replay fuzz/corpus/analyze
	$(SAN_ENV) $(BUILD)/asan/tests/values_test tests/core/values_cases.tsv tests/core/datenorm_cases.tsv
	$(SAN_ENV) $(BUILD)/asan/tests/fuzz_values_replay fuzz/corpus/values
	$(SAN_ENV) $(BUILD)/asan/tests/tagger
	$(SAN_ENV) $(BUILD)/asan/tests/fuzz_tagger_replay fuzz/corpus/tagger
	$(SAN_ENV) $(BUILD)/asan/tests/fuzz_options_replay fuzz/corpus/options
	$(if $(SQLITE_CLI_SRC),$(MAKE) asan-store asan-readers)
	$(if $(WEB_SRC),$(MAKE) asan-web)

valgrind: core-test-bins
	valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite $(TEST_BIN)/unit
	valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
	    $(TEST_BIN)/values_test tests/core/values_cases.tsv tests/core/datenorm_cases.tsv
	valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite $(TEST_BIN)/tagger

# libFuzzer (clang): `make fuzz FUZZ_TARGET=query FUZZ_SECONDS=600`.
# FUZZ_TARGET: analyze (the default: fuzz/fuzz_analyze.c), tagger
# (fuzz/fuzz_tagger.c: the entity tagger), options
# (fuzz/fuzz_options.c: the analyzer options parser), query
# (fuzz/fuzz_query.c: query parser and near spellings), ingest
# (fuzz/fuzz_ingest.c: the readers of src/readers, needs jansson, zlib,
# libxml2 and uchardet), values (fuzz/fuzz_values.c: dates, numbers and
# counts, and the date normalizer), html (fuzz/fuzz_html.c: charset,
# parsing and extraction of a web page) or warc (fuzz/fuzz_warc.c: the WARC
# reader and the pages it yields).  Seeds come from fuzz/corpus/<target>; new inputs go to
# build/fuzz/corpus (analyze) or build/fuzz/corpus-<target>, crashes to
# build/fuzz/.
FUZZ_SECONDS ?= 60
FUZZ_TARGET ?= analyze
# An input slower than FUZZ_TIMEOUT seconds is a hang and one using more
# than FUZZ_RSS_MB of memory a failure, each written out as a crash
# (libFuzzer's own defaults wait 20 minutes and allow 2 GB).
FUZZ_TIMEOUT ?= 10
FUZZ_RSS_MB ?= 2048
# FUZZ_SAN=undefined trades ASan's checks for speed (the ingest target, whose
# reader allocates 1 MiB a file, runs many times faster); a later run with
# the default starts by running the corpus that grew under ASan.
FUZZ_SAN ?= address,undefined
FUZZ_SRC_analyze := fuzz/fuzz_analyze.c
FUZZ_SRC_tagger := fuzz/fuzz_tagger.c
FUZZ_MAX_LEN_tagger := 4096
FUZZ_SRC_options := fuzz/fuzz_options.c
FUZZ_SRC_query := fuzz/fuzz_query.c src/store/query.c src/store/spelling.c src/store/store_util.c \
                  src/store/plan.c src/store/rank.c src/store/highlight.c src/store/filter.c
FUZZ_SRC_ingest := fuzz/fuzz_ingest.c $(READERS_SRC)
FUZZ_SRC_values := fuzz/fuzz_values.c
FUZZ_LIBS_ingest = $(READERS_LIBS)
FUZZ_SRC_segment := fuzz/fuzz_segment.c $(INDEX_CORE_LINK_SRC)
FUZZ_LIBS_segment := -lz -Isrc/index
FUZZ_SRC_fts5 := fuzz/fuzz_fts5.c src/sqlite/fahras_fts5.c src/sqlite/fahras_query.c \
                 src/store/sqlite/translate.c src/store/query.c src/store/plan.c \
                 src/store/spelling.c src/store/store_util.c src/store/rank.c
FUZZ_LIBS_fts5 := -Isrc/store/sqlite -lsqlite3 -lpthread
FUZZ_MAX_LEN_segment := 131072
FUZZ_SRC_html := fuzz/fuzz_html.c $(WEB_SRC)
FUZZ_SRC_warc := fuzz/fuzz_warc.c $(WEB_SRC)
FUZZ_LIBS_html = $(READERS_LIBS)
FUZZ_LIBS_warc = $(READERS_LIBS)
FUZZ_MAX_LEN_html := 65536
FUZZ_MAX_LEN_warc := 65536
FUZZ_MAX_LEN_analyze := 4096
FUZZ_MAX_LEN_options := 1024
FUZZ_MAX_LEN_query := 4096
FUZZ_MAX_LEN_ingest := 8192
FUZZ_MAX_LEN_values := 4096
FUZZ_MAX_LEN_fts5 := 4096
FUZZ_WORK := corpus$(if $(filter-out analyze,$(FUZZ_TARGET)),-$(FUZZ_TARGET))
fuzz:
	@case '$(FUZZ_TARGET)' in analyze|options|query|ingest|values|tagger|segment|html|warc|fts5) ;; \
	    *) echo "FUZZ_TARGET must be analyze, options, query, ingest, values, tagger, segment, html, warc or fts5" >&2; exit 2;; esac
	@mkdir -p $(BUILD)/fuzz/$(FUZZ_WORK)
	clang -std=c11 -D_DEFAULT_SOURCE -g -O1 -fsanitize=fuzzer,$(FUZZ_SAN) -fno-sanitize-recover=all \
	    -Iinclude -Isrc/util -Isrc/core -Isrc/store -Isrc/cli -Isrc/readers -Isrc/sqlite $(XML_CFLAGS) \
	    $(FUZZ_SRC_$(FUZZ_TARGET)) $(CORE_SRC) $(FUZZ_LIBS_$(FUZZ_TARGET)) -lm \
	    -o $(BUILD)/fuzz/fuzz_$(FUZZ_TARGET)
	cd $(BUILD)/fuzz && ./fuzz_$(FUZZ_TARGET) -max_total_time=$(FUZZ_SECONDS) \
	    -timeout=$(FUZZ_TIMEOUT) -rss_limit_mb=$(FUZZ_RSS_MB) -max_len=$(FUZZ_MAX_LEN_$(FUZZ_TARGET)) $(FUZZ_WORK) $(CURDIR)/fuzz/corpus/$(FUZZ_TARGET)

# The store layer's unit tests (tests/store/unit.c): the plan, the
# highlighter, facets, the ranking and boilerplate lines, the SQLite
# backend's value of a document's spans, without any database.
STORE_UNIT_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,src/store/query.c src/store/spelling.c \
                  src/store/store_util.c src/store/plan.c src/store/rank.c src/store/highlight.c \
                  src/store/facets.c src/store/filter.c src/store/exact.c src/store/variants.c \
                  src/store/spans.c src/store/entfacets.c \
                  src/store/boiler.c src/store/tagger_record.c src/store/sqlite/span_blob.c)
$(TEST_BIN)/store_unit: tests/store/unit.c $(STORE_UNIT_OBJ) $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc/store/sqlite tests/store/unit.c $(STORE_UNIT_OBJ) $(LIB_A) -lm $(LDFLAGS) -o $@
TEST_BUILD += $(TEST_BIN)/store_unit

# The hostile suite's store-level checks (tests/hostile/store_hostile.c):
# the store as the CLI links it, without the CLI and the HTTP server.
HOSTILE_OBJ = $(filter-out $(BUILD)/obj/src/cli/% $(BUILD)/obj/src/http/%,$(CLI_OBJ))
$(TEST_BIN)/store_hostile: tests/hostile/store_hostile.c $(HOSTILE_OBJ) $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(if $(STORE_PG_SRC),-DHAVE_PG -I$(PG_INCLUDEDIR)) $< $(HOSTILE_OBJ) \
	    $(LIB_A) $(CLI_LIBS) $(LDFLAGS) -o $@
ifneq ($(SQLITE_CLI_SRC),)
TEST_BUILD += $(TEST_BIN)/store_hostile
endif
