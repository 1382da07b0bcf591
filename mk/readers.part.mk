# The article readers (src/readers/): the input side of `fahras index`,
# linked into the CLI, and replayed by the ingest fuzz target (mk/test.mk).
# Needs jansson and zlib.  A new format adds its source to READERS_SRC,
# its libraries to READERS_LIBS and its entry to src/readers/formats.c.

READERS_SRC := src/readers/run.c src/readers/formats.c src/readers/records.c \
               src/readers/input.c src/readers/seen.c src/readers/fields.c \
               src/readers/headline.c src/readers/json.c src/readers/csv.c src/readers/text.c
READERS_OBJ = $(READERS_SRC:%.c=$(BUILD)/obj/%.o)
READERS_LIBS := -ljansson -lz -lm

CLI_EXTRA_SRC += $(READERS_SRC)
CLI_LIBS += $(READERS_LIBS)
$(BUILD)/obj/src/readers/%.o: ALL_CFLAGS += -Isrc/readers
$(BUILD)/obj/src/cli/cmd_index.o: ALL_CFLAGS += -Isrc/readers
# (prerequisites of the program were fixed when mk/cli.mk was read)
$(FAHRAS_BIN): $(READERS_SRC:%.c=$(BUILD)/obj/%.o)
