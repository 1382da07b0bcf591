# The HTTP server (`fahras serve`, src/http/) and the search page (web/).
# Needs libmicrohttpd and jansson (scripts/deps.sh) and the store backend.

HTTP_SRC := src/http/server.c src/http/api.c src/http/static.c src/http/pool.c
# Built once the SQLite store (which the CLI links) is in the tree.
ifneq ($(wildcard src/store/store.c),)
CLI_EXTRA_SRC += src/cli/cmd_serve.c $(HTTP_SRC)
CLI_LIBS += -lmicrohttpd -ljansson -lpthread
CLI_DEFS += -DHAVE_CMD_SERVE
# mk/cli.mk reads the program's prerequisites before the fragments add
# theirs, so name ours here.
$(FAHRAS_BIN): $(patsubst %.c,$(BUILD)/obj/%.o,src/cli/cmd_serve.c $(HTTP_SRC))
endif

$(BUILD)/obj/src/http/%.o: ALL_CFLAGS += -Isrc/http
$(BUILD)/obj/src/cli/cmd_serve.o: ALL_CFLAGS += -Isrc/http

# The page's npm packages (the Arabic font, and playwright-core for the
# browser tests); `make web` fetches them from the npm registry.
.PHONY: web
web: web/node_modules/.package-lock.json
web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
