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
$(BUILD)/obj/src/cli/cmd_index.o $(BUILD)/obj/src/cli/cmd_entities.o: ALL_CFLAGS += -Isrc/readers
# (prerequisites of the program were fixed when mk/cli.mk was read)
$(FAHRAS_BIN): $(READERS_SRC:%.c=$(BUILD)/obj/%.o)

# Web pages and WARC archives (src/readers/web.h): the formats "html" and
# "warc" of the table, and `fahras extract`.  Needs libxml2 and uchardet.
WEB_SRC := src/readers/charset.c src/readers/dom.c src/readers/parse.c src/readers/meta.c \
           src/readers/content.c src/readers/extract.c src/readers/warc.c src/readers/web_files.c
WEB_OBJ = $(WEB_SRC:%.c=$(BUILD)/obj/%.o)
XML_CFLAGS := $(shell pkg-config --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)
XML_LIBS := $(shell pkg-config --libs libxml-2.0 2>/dev/null || echo -lxml2)
READERS_SRC += $(WEB_SRC) src/readers/web_format.c
READERS_LIBS += $(XML_LIBS) -luchardet -lpthread
CLI_EXTRA_SRC += $(WEB_SRC) src/readers/web_format.c src/cli/cmd_extract.c
CLI_LIBS += $(XML_LIBS) -luchardet -lpthread
CLI_DEFS += -DHAVE_CMD_EXTRACT
$(BUILD)/obj/src/readers/%.o: ALL_CFLAGS += $(XML_CFLAGS)
$(BUILD)/obj/src/cli/cmd_extract.o: ALL_CFLAGS += -Isrc/readers
$(BUILD)/obj/src/cli/commands.o: mk/readers.part.mk
$(FAHRAS_BIN): $(WEB_OBJ) $(BUILD)/obj/src/readers/web_format.o $(BUILD)/obj/src/cli/cmd_extract.o

# Replays of the HTML and WARC fuzz targets over their corpora (run by
# tests/html/run.sh), and the same under ASan+UBSan (`make asan-web`, part
# of `make asan`).
WEB_FUZZ_BINS := $(BUILD)/tests/fuzz_html_replay $(BUILD)/tests/fuzz_warc_replay

$(BUILD)/tests/fuzz_html_replay: fuzz/fuzz_html.c fuzz/replay.c $(WEB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc/readers fuzz/fuzz_html.c fuzz/replay.c $(WEB_OBJ) $(READERS_LIBS) $(LDFLAGS) -o $@

$(BUILD)/tests/fuzz_warc_replay: fuzz/fuzz_warc.c fuzz/replay.c $(WEB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc/readers fuzz/fuzz_warc.c fuzz/replay.c $(WEB_OBJ) $(READERS_LIBS) $(LDFLAGS) -o $@

.PHONY: web-fuzz-bins asan-web
web-fuzz-bins: $(WEB_FUZZ_BINS)
TEST_BUILD += web-fuzz-bins

asan-web:
	$(MAKE) BUILD=$(BUILD)/asan CFLAGS="$(SAN_FLAGS)" LDFLAGS="$(SAN_FLAGS)" web-fuzz-bins
	$(SAN_ENV) $(BUILD)/asan/tests/fuzz_html_replay fuzz/corpus/html
	$(SAN_ENV) $(BUILD)/asan/tests/fuzz_warc_replay fuzz/corpus/warc
