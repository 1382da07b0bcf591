# The fahras command-line program.  Store-backed commands add their sources
# and libraries through CLI_EXTRA_SRC / CLI_LIBS in their own mk/*.part.mk.

CLI_SRC := src/cli/main.c src/cli/cli_common.c src/cli/cmd_analysis.c src/cli/commands.c
CLI_EXTRA_SRC ?=
CLI_LIBS ?=
CLI_OBJ = $(patsubst %.c,$(BUILD)/obj/%.o,$(CLI_SRC) $(CLI_EXTRA_SRC))
FAHRAS_BIN := $(BUILD)/fahras

.PHONY: cli
cli: $(FAHRAS_BIN)

$(FAHRAS_BIN): $(CLI_OBJ) $(LIB_A)
	$(CC) $(ALL_CFLAGS) -o $@ $(CLI_OBJ) $(LIB_A) $(CLI_LIBS) $(LDFLAGS)
