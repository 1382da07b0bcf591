# SQLite path (issue 3): the store API with its SQLite backend, the query
# language, the FTS5 tokenizer (linked into the CLI and built as the
# loadable extension build/fahras_fts5.so), and fahras index/search/stats.
# A PostgreSQL backend adds -DHAVE_STORE_PG to store.o from its own fragment.

SQLITE_EXT := $(BUILD)/fahras_fts5.so

SQLITE_CLI_SRC := src/store/store.c src/store/store_util.c src/store/query.c src/store/spelling.c src/store/rank.c src/store/store_sqlite.c \
                  src/sqlite/fahras_fts5.c src/cli/ingest.c src/cli/cmd_index.c \
                  src/cli/cmd_search.c src/cli/cmd_stats.c
CLI_EXTRA_SRC += $(SQLITE_CLI_SRC)
CLI_LIBS += -lsqlite3 -ljansson -lz -lm
CLI_DEFS += -DHAVE_CMD_INDEX -DHAVE_CMD_SEARCH -DHAVE_CMD_STATS

$(BUILD)/obj/src/store/store_sqlite.o: ALL_CFLAGS += -Isrc/sqlite
$(BUILD)/obj/src/sqlite/fahras_fts5.o: ALL_CFLAGS += -Isrc/sqlite

all: $(SQLITE_EXT)
TEST_BUILD += $(SQLITE_EXT)

# The extension carries its own copy of the analyzer (hidden symbols), so
# `.load build/fahras_fts5` needs nothing else installed.
$(BUILD)/pic/src/sqlite/fahras_fts5_ext.o: src/sqlite/fahras_fts5.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc/sqlite -fPIC -fvisibility=hidden -DFAHRAS_SQLITE_EXTENSION \
	    -MMD -MP -c $< -o $@

$(SQLITE_EXT): $(BUILD)/pic/src/sqlite/fahras_fts5_ext.o $(BUILD)/pic/src/store/rank.o $(CORE_PIC)
	$(CC) -shared -o $@ $^ -lm $(LDFLAGS)

# Prerequisites of the CLI rule were fixed when mk/cli.mk was read, so the
# objects above are added here as well.
$(FAHRAS_BIN): $(patsubst %.c,$(BUILD)/obj/%.o,$(SQLITE_CLI_SRC))
$(BUILD)/obj/src/cli/commands.o: mk/sqlite.part.mk
