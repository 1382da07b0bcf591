# The fahras command-line program.  Store-backed commands add their sources,
# libraries and HAVE_CMD_* defines in their own mk/*.part.mk:
#   CLI_EXTRA_SRC += src/cli/cmd_x.c     CLI_LIBS += -lfoo     CLI_DEFS += -DHAVE_CMD_X

CLI_SRC := src/cli/main.c src/cli/cli_common.c src/cli/args.c src/cli/cmd_analysis.c src/cli/commands.c
CLI_EXTRA_SRC :=
CLI_LIBS :=
CLI_DEFS :=
CLI_OBJ = $(patsubst %.c,$(BUILD)/obj/%.o,$(CLI_SRC) $(sort $(CLI_EXTRA_SRC)))
FAHRAS_BIN := $(BUILD)/fahras

.PHONY: cli
cli: $(FAHRAS_BIN)

$(BUILD)/obj/src/cli/commands.o: ALL_CFLAGS += $(CLI_DEFS)
$(BUILD)/obj/src/cli/commands.o: $(MAKEFILE_LIST)

# The link rule is in mk/link.mk, read after the fragments, so that its
# prerequisites include every fragment's objects.
