# The analysis core: libfahras.a / libfahras.so.  No SQLite, PostgreSQL or
# HTTP headers here.

# The entity model, word clusters and alias table: generated data under
# CC BY-SA 4.0 (models/ner/README), kept apart from the MIT code.
NER_MODEL_SRC := models/ner/ner_model.c models/ner/ner_clusters.c models/ner/ner_aliases.c \
                 models/ner/ner_entity_words.c
CORE_SRC := src/core/analyzer.c src/core/normalize.c src/core/options.c src/core/morph.c \
            src/core/lexicon.c src/core/lexicon_data.c src/core/unicode_data.c \
            src/core/terms.c src/core/stamp.c src/core/calendar.c src/core/hijri_data.c \
            src/core/values.c src/core/values_lex.c src/core/values_lexicon.c \
            src/core/values_date.c src/core/values_num.c src/core/values_resolve.c \
            src/core/datenorm.c src/core/ner.c src/core/ner_gazetteer.c src/core/ner_doc.c src/core/tagger.c \
            $(NER_MODEL_SRC)
CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/obj/%.o)
CORE_PIC := $(CORE_SRC:%.c=$(BUILD)/pic/%.o)

LIB_A  := $(BUILD)/libfahras.a
LIB_SO := $(BUILD)/libfahras.so

.PHONY: lib
lib: $(LIB_A) $(LIB_SO)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/pic/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fPIC -fvisibility=hidden -DFAHRAS_BUILDING_SHARED -MMD -MP -c $< -o $@

$(LIB_A): $(CORE_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(LIB_SO): $(CORE_PIC)
	$(CC) -shared -Wl,-soname,libfahras.so.0 -o $@ $^ $(LDFLAGS)

# Regenerate the committed tables (needs the Debian packages unicode-data
# and libicu-dev, and ../shared/data/news for the lexicon).
tables:
	python3 tools/gen_unicode_tables.py
	python3 tools/gen_lexicon.py
	python3 tools/gen_values_lexicon.py
	@mkdir -p $(BUILD)
	$(CC) -O2 tools/gen_hijri_table.c -licui18n -licuuc -o $(BUILD)/gen_hijri_table
	$(BUILD)/gen_hijri_table > src/core/hijri_data.c

# Installation: library, header, pkg-config file, the CLI.
# `make install PREFIX=/usr/local DESTDIR=...`; `make uninstall`.
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
BINDIR ?= $(PREFIX)/bin
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig

$(BUILD)/fahras.pc: mk/core.mk
	@mkdir -p $(dir $@)
	printf 'prefix=%s\nlibdir=%s\nincludedir=%s\n\nName: fahras\nDescription: Arabic text analysis for search: normalization, tokenization with offsets, clitic segmentation\nVersion: %s\nLibs: -L$${libdir} -lfahras\nCflags: -I$${includedir}\n' \
	    '$(PREFIX)' '$(LIBDIR)' '$(INCLUDEDIR)' \
	    "$$(sed -n 's/^#define FAHRAS_VERSION_STRING "\(.*\)"/\1/p' include/fahras.h)" > $@

install: all $(BUILD)/fahras.pc
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(BINDIR) $(DESTDIR)$(PKGCONFIGDIR)
	install -m 644 include/fahras.h $(DESTDIR)$(INCLUDEDIR)/fahras.h
	install -m 644 $(LIB_A) $(DESTDIR)$(LIBDIR)/libfahras.a
	install -m 755 $(LIB_SO) $(DESTDIR)$(LIBDIR)/libfahras.so.0
	ln -sf libfahras.so.0 $(DESTDIR)$(LIBDIR)/libfahras.so
	install -m 644 $(BUILD)/fahras.pc $(DESTDIR)$(PKGCONFIGDIR)/fahras.pc
	install -m 755 $(FAHRAS_BIN) $(DESTDIR)$(BINDIR)/fahras

uninstall:
	rm -f $(DESTDIR)$(INCLUDEDIR)/fahras.h $(DESTDIR)$(LIBDIR)/libfahras.a \
	    $(DESTDIR)$(LIBDIR)/libfahras.so.0 $(DESTDIR)$(LIBDIR)/libfahras.so \
	    $(DESTDIR)$(PKGCONFIGDIR)/fahras.pc $(DESTDIR)$(BINDIR)/fahras
