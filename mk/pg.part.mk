# PostgreSQL: the extension (pg/, built with PGXS) and the libpq store
# backend of the CLI (src/store/store_pg.c).
#   make pg-ext       build pg/fahras.so
#   make pg-install   install it into the PostgreSQL whose pg_config is on the PATH
#   make pg-check     pg_regress against the server in PGHOST/PGPORT

PG_CONFIG ?= $(shell command -v pg_config 2>/dev/null || echo /usr/lib/postgresql/15/bin/pg_config)
# The store layer's pure-C parts the extension computes with: one ranking,
# one exact-phrase check, one document-id hash (route.h), one list of a
# text's spans (spans.h, behind fahras_entities) and one top-k pruning
# (maxscore.h, behind fahras_bm25_top) for every store.
PG_STORE_PIC := $(BUILD)/pic/src/store/rank.o $(BUILD)/pic/src/store/exact.o \
                $(BUILD)/pic/src/store/route.o $(BUILD)/pic/src/store/spans.o \
                $(BUILD)/pic/src/store/maxscore.o
PG_MAKE = $(MAKE) -C pg PG_CONFIG=$(PG_CONFIG) FAHRAS_ROOT=$(CURDIR) \
          CORE_PIC_OBJS="$(abspath $(CORE_PIC) $(PG_STORE_PIC))" CC="$(CC)"

.PHONY: pg-ext pg-install pg-check pg-clean
pg-ext: $(CORE_PIC) $(PG_STORE_PIC)
	$(PG_MAKE)

pg-install: pg-ext
	$(PG_MAKE) install

pg-check: pg-ext
	$(PG_MAKE) installcheck

pg-clean:
	-$(PG_MAKE) clean

# The libpq backend of the store (postgresql:// targets of index/search/stats).
PG_INCLUDEDIR := $(shell pg_config --includedir 2>/dev/null || echo /usr/include/postgresql)
STORE_PG_SRC := $(sort $(wildcard src/store/postgres/*.c))
ifneq ($(STORE_PG_SRC),)
CLI_EXTRA_SRC += $(STORE_PG_SRC) src/cli/cmd_shard_init.c
CLI_DEFS += -DHAVE_CMD_SHARD_INIT
CLI_LIBS += -lpq
$(patsubst %.c,$(BUILD)/obj/%.o,$(STORE_PG_SRC)): ALL_CFLAGS += -I$(PG_INCLUDEDIR) -Isrc/store/postgres
$(BUILD)/obj/src/store/backends.o: ALL_CFLAGS += -DHAVE_STORE_PG
$(BUILD)/obj/src/store/backends.o: mk/pg.part.mk
endif

# The PostgreSQL suite installs the extension itself (tests/pg/run.sh).
clean: pg-clean
