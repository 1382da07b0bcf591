# The analysis core: libfahras.a / libfahras.so.  No SQLite, PostgreSQL or
# HTTP headers here.

CORE_SRC := src/core/analyzer.c src/core/normalize.c src/core/options.c src/core/morph.c \
            src/core/lexicon.c src/core/lexicon_data.c src/core/unicode_data.c
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

# Regenerate the committed tables (needs the Debian package unicode-data
# and ../shared/data/news for the lexicon).
tables:
	python3 tools/gen_unicode_tables.py
	python3 tools/gen_lexicon.py
