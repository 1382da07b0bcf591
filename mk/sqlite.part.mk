# The SQLite FTS5 extension (src/sqlite/: the fahras tokenizer, the
# fahras_bm25 ranking function and fahras_tokens), linked into the CLI for
# the SQLite store and built as the loadable extension build/fahras_fts5.so;
# and the store-backed commands fahras index/search/stats.

SQLITE_EXT := $(BUILD)/fahras_fts5.so

SQLITE_CLI_SRC := src/sqlite/fahras_fts5.c src/cli/cmd_index.c \
                  src/cli/cmd_search.c src/cli/cmd_stats.c src/cli/cmd_dups.c src/cli/cmd_variants.c \
                  src/json/json_shapes.c
CLI_EXTRA_SRC += $(SQLITE_CLI_SRC)
CLI_LIBS += -lsqlite3 -ljansson -lm
CLI_DEFS += -DHAVE_CMD_INDEX -DHAVE_CMD_SEARCH -DHAVE_CMD_STATS -DHAVE_CMD_DUPS

$(BUILD)/obj/src/sqlite/fahras_fts5.o: ALL_CFLAGS += -Isrc/sqlite
# fahras_query.c outside the extension: the fuzz target's build (mk/test.mk)
$(BUILD)/obj/src/sqlite/fahras_query.o: ALL_CFLAGS += -Isrc/sqlite -Isrc/store/sqlite

all: $(SQLITE_EXT)
TEST_BUILD += $(SQLITE_EXT)

# The extension carries its own copy of the analyzer (hidden symbols), so
# `.load build/fahras_fts5` needs nothing else installed.
$(BUILD)/pic/src/sqlite/fahras_fts5_ext.o: src/sqlite/fahras_fts5.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc/sqlite -fPIC -fvisibility=hidden -DFAHRAS_SQLITE_EXTENSION \
	    -MMD -MP -c $< -o $@

# fahras_query (src/sqlite/fahras_query.c) parses, plans and translates
# with the store's own code, built here with the extension's flags.
EXT_QUERY_SRC := src/sqlite/fahras_query.c src/store/sqlite/translate.c src/store/query.c \
                 src/store/plan.c src/store/spelling.c src/store/store_util.c
EXT_QUERY_PIC := $(patsubst %.c,$(BUILD)/pic/ext/%.o,$(EXT_QUERY_SRC))
$(EXT_QUERY_PIC): $(BUILD)/pic/ext/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc/sqlite -Isrc/store/sqlite -fPIC -fvisibility=hidden \
	    -DFAHRAS_SQLITE_EXTENSION -MMD -MP -c $< -o $@

$(SQLITE_EXT): $(BUILD)/pic/src/sqlite/fahras_fts5_ext.o $(EXT_QUERY_PIC) $(BUILD)/pic/src/store/rank.o $(CORE_PIC)
	$(CC) -shared -Wl,--no-undefined -o $@ $^ -lm -lpthread $(LDFLAGS)

# Prerequisites of the CLI rule were fixed when mk/cli.mk was read, so the
# objects above are added here as well.
$(FAHRAS_BIN): $(patsubst %.c,$(BUILD)/obj/%.o,$(SQLITE_CLI_SRC))
$(BUILD)/obj/src/cli/commands.o: mk/sqlite.part.mk
