# The analysis core: libfahras.a / libfahras.so.  No SQLite, PostgreSQL or
# HTTP headers here.

# The entity model, word clusters and alias table: generated data under
# CC BY-SA 4.0 (models/ner/README), kept apart from the MIT code.
NER_MODEL_SRC := models/ner/ner_model.c models/ner/ner_clusters.c models/ner/ner_aliases.c \
                 models/ner/ner_entity_words.c models/ner/ner_names.c \
                 models/ner/ner_whole_words.c
CORE_SRC := src/core/analyzer.c src/core/normalize.c src/core/options.c src/core/morph.c \
            src/core/lexicon.c src/core/lexicon_data.c src/core/unicode_data.c src/core/morph_hot_data.c \
            src/core/terms.c src/core/stamp.c src/core/calendar.c src/core/hijri_data.c \
            src/core/values.c src/core/values_lex.c src/core/values_lexicon.c \
            src/core/values_date.c src/core/values_num.c src/core/values_resolve.c \
            src/core/datenorm.c src/core/dateline.c src/core/ner.c src/core/ner_gazetteer.c src/core/ner_doc.c src/core/ner_memo.c src/core/ner_type_fixes.c \
            src/core/tagger.c \
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
	$(MAKE) morph-hot

# The stored analyses of the frequent words (after the lexicon: they are
# made from it by this build's core).
.PHONY: morph-hot
morph-hot: $(LIB_A)
	$(CC) $(ALL_CFLAGS) -Isrc/core tools/gen_morph_hot.c $(LIB_A) -lm -o $(BUILD)/gen_morph_hot
	$(BUILD)/gen_morph_hot > $(BUILD)/morph_hot_data.c
	mv $(BUILD)/morph_hot_data.c src/core/morph_hot_data.c

# Installation: library, header, pkg-config file, the CLI, the SQLite
# extension and the search page.
# `make install PREFIX=/usr/local DESTDIR=...`; `make uninstall` (same
# variables) removes exactly what install put there.
#
# Finding libfahras.so.0 at run time: into a directory the dynamic loader
# searches (/usr/lib, /usr/local/lib, ... as ldconfig lists them), install
# runs ldconfig (when DESTDIR is empty and we may), so programs run at once;
# for any other prefix the pkg-config file adds -Wl,-rpath,LIBDIR to Libs,
# so a program built with `pkg-config --libs fahras` finds the library
# where it was installed, without ldconfig or LD_LIBRARY_PATH.
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
BINDIR ?= $(PREFIX)/bin
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
# the loadable SQLite extension: `.load LIBDIR/fahras/fahras_fts5`
EXTDIR ?= $(LIBDIR)/fahras
# the search page: `fahras serve` finds it at BINDIR/../share/fahras/web
WEBDIR ?= $(PREFIX)/share/fahras/web
# The directories the loader searches without help (empty when ldconfig is
# missing); the rpath goes into fahras.pc when LIBDIR is not one of them.
LDCONFIG ?= $(shell command -v ldconfig 2>/dev/null || echo /sbin/ldconfig)
LOADER_DIRS = $(shell $(LDCONFIG) -v -N -X 2>/dev/null | sed -n 's,^\(/[^:]*\):.*,\1,p')
LIB_RPATH = $(if $(filter $(abspath $(LIBDIR)),$(LOADER_DIRS)),,-Wl,-rpath,$${libdir} )

$(BUILD)/fahras.pc: mk/core.mk FORCE
	@mkdir -p $(dir $@)
	@printf 'prefix=%s\nlibdir=%s\nincludedir=%s\n\nName: fahras\nDescription: Arabic text analysis for search: normalization, tokenization with offsets, clitic segmentation\nVersion: %s\nLibs: -L$${libdir} %s-lfahras\nCflags: -I$${includedir}\n' \
	    '$(PREFIX)' '$(LIBDIR)' '$(INCLUDEDIR)' \
	    "$$(sed -n 's/^#define FAHRAS_VERSION_STRING "\(.*\)"/\1/p' include/fahras.h)" \
	    '$(LIB_RPATH)' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

.PHONY: FORCE
FORCE:

# The page: web/public, and the Arabic font's files when `make web` has
# fetched them (the page falls back to a system font without them).
WEB_FONT_FILES := web/node_modules/@fontsource/noto-naskh-arabic/files

install: all $(BUILD)/fahras.pc
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(BINDIR) $(DESTDIR)$(PKGCONFIGDIR)
	install -m 644 include/fahras.h $(DESTDIR)$(INCLUDEDIR)/fahras.h
	install -m 644 $(LIB_A) $(DESTDIR)$(LIBDIR)/libfahras.a
	install -m 755 $(LIB_SO) $(DESTDIR)$(LIBDIR)/libfahras.so.0
	ln -sf libfahras.so.0 $(DESTDIR)$(LIBDIR)/libfahras.so
	install -m 644 $(BUILD)/fahras.pc $(DESTDIR)$(PKGCONFIGDIR)/fahras.pc
	install -m 755 $(FAHRAS_BIN) $(DESTDIR)$(BINDIR)/fahras
	$(if $(SQLITE_EXT),install -d $(DESTDIR)$(EXTDIR))
	$(if $(SQLITE_EXT),install -m 755 $(SQLITE_EXT) $(DESTDIR)$(EXTDIR)/fahras_fts5.so)
	install -d $(DESTDIR)$(WEBDIR)/public
	install -m 644 web/public/* $(DESTDIR)$(WEBDIR)/public/
	@if [ -d $(WEB_FONT_FILES) ]; then \
	    install -d $(DESTDIR)$(WEBDIR)/$(WEB_FONT_FILES:web/%=%) && \
	    install -m 644 $(WEB_FONT_FILES)/* $(DESTDIR)$(WEBDIR)/$(WEB_FONT_FILES:web/%=%)/; \
	else echo "install: the page's Arabic font is not fetched (make web); the installed page uses a system font"; fi
	@if [ -z '$(DESTDIR)' ] && [ -n '$(filter $(abspath $(LIBDIR)),$(LOADER_DIRS))' ]; then \
	    echo '$(LDCONFIG) $(abspath $(LIBDIR))'; \
	    $(LDCONFIG) || echo "install: ldconfig failed: run it as root before using libfahras.so"; fi

uninstall:
	rm -f $(DESTDIR)$(INCLUDEDIR)/fahras.h $(DESTDIR)$(LIBDIR)/libfahras.a \
	    $(DESTDIR)$(LIBDIR)/libfahras.so.0 $(DESTDIR)$(LIBDIR)/libfahras.so \
	    $(DESTDIR)$(PKGCONFIGDIR)/fahras.pc $(DESTDIR)$(BINDIR)/fahras \
	    $(DESTDIR)$(EXTDIR)/fahras_fts5.so
	rm -rf $(DESTDIR)$(WEBDIR)
	-rmdir $(DESTDIR)$(EXTDIR) $(DESTDIR)$(PREFIX)/share/fahras 2>/dev/null
	@if [ -z '$(DESTDIR)' ] && [ -n '$(filter $(abspath $(LIBDIR)),$(LOADER_DIRS))' ]; then \
	    $(LDCONFIG) 2>/dev/null || true; fi
