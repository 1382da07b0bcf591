# fahras - the front door.  `make` builds the library and the CLI,
# `make test` runs every test suite, `make demo` runs the main job.
# Each component has its own fragment in mk/.

CC      ?= cc
PREFIX  ?= /usr/local
BUILD   ?= build
OPT     ?= -O3 -g
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-overlength-strings
CFLAGS  ?= $(OPT)
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) $(CFLAGS) -Iinclude -Isrc/util -Isrc/core -Isrc/store -Isrc/cli -Isrc/json
LDFLAGS ?=

.PHONY: all test demo bench asan fuzz install uninstall clean tables lint deps

all: lib cli

include mk/core.mk
include mk/ner.mk
include mk/cli.mk
# CORE_ONLY=1 builds the library and the analysis CLI without the adapters.
include $(if $(CORE_ONLY),,$(sort $(wildcard mk/[a-z]*.part.mk)))
include mk/link.mk
include mk/test.mk
include mk/bench.mk

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
