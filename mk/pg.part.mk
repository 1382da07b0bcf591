# PostgreSQL: the extension (pg/, built with PGXS) and the libpq store
# backend of the CLI (src/store/store_pg.c).
#   make pg-ext       build pg/fahras.so
#   make pg-install   install it into the PostgreSQL whose pg_config is on the PATH
#   make pg-check     pg_regress against the server in PGHOST/PGPORT

PG_CONFIG ?= $(shell command -v pg_config 2>/dev/null || echo /usr/lib/postgresql/15/bin/pg_config)
PG_MAKE = $(MAKE) -C pg PG_CONFIG=$(PG_CONFIG) FAHRAS_ROOT=$(CURDIR) \
          CORE_PIC_OBJS="$(abspath $(CORE_PIC))" CC="$(CC)"

.PHONY: pg-ext pg-install pg-check pg-clean
pg-ext: $(CORE_PIC)
	$(PG_MAKE)

pg-install: pg-ext
	$(PG_MAKE) install

pg-check: pg-ext
	$(PG_MAKE) installcheck

pg-clean:
	-$(PG_MAKE) clean

# The libpq backend of the store (postgresql:// targets of index/search/stats).
PG_INCLUDEDIR := $(shell pg_config --includedir 2>/dev/null || echo /usr/include/postgresql)
CLI_EXTRA_SRC += src/store/store_pg.c
CLI_LIBS += -lpq
$(BUILD)/obj/src/store/store_pg.o: ALL_CFLAGS += -I$(PG_INCLUDEDIR)
$(BUILD)/obj/src/store/store.o: ALL_CFLAGS += -DHAVE_STORE_PG
$(BUILD)/obj/src/store/store.o: mk/pg.part.mk
# (prerequisites of a rule are fixed when mk/cli.mk is read, before this fragment)
$(FAHRAS_BIN): $(BUILD)/obj/src/store/store_pg.o

# The PostgreSQL suite installs the extension itself (tests/pg/run.sh).
clean: pg-clean
