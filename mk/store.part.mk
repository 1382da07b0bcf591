# The store layer (src/store/): the query language, the query plan, the
# ranking, the highlighter, facet counting and the table of backends; the
# SQLite backend (src/store/sqlite/) is always built, PostgreSQL's
# (src/store/postgres/) by mk/pg.part.mk.  Linked into the CLI.

STORE_SRC := src/store/store.c src/store/store_util.c src/store/backends.c src/store/query.c \
             src/store/plan.c src/store/rank.c src/store/spelling.c src/store/exact.c \
             src/store/highlight.c src/store/facets.c src/store/filter.c src/store/route.c \
             src/store/dupsig.c src/store/dups.c src/store/collapse.c src/store/variants.c \
             src/store/spans.c src/store/entfacets.c src/store/maxscore.c \
             src/store/boiler.c src/store/tagger_record.c src/store/span_worker.c
STORE_SQLITE_SRC := $(sort $(wildcard src/store/sqlite/*.c))
CLI_EXTRA_SRC += $(STORE_SRC) $(STORE_SQLITE_SRC)
CLI_LIBS += -lsqlite3 -lm

$(patsubst %.c,$(BUILD)/obj/%.o,$(STORE_SQLITE_SRC)): ALL_CFLAGS += -Isrc/sqlite -Isrc/store/sqlite
