/*
 * commands.c - registry of the store-backed subcommands.  Each command is
 * compiled in when its component is built (its mk/NAME.part.mk adds its source
 * and a HAVE_CMD_* define), so the core CLI builds on its own.
 */
#include <stddef.h>
#include <string.h>

#include "commands.h"

#ifdef HAVE_CMD_INDEX
int cmd_index(int argc, char **argv);
#endif
#ifdef HAVE_CMD_SEARCH
int cmd_search(int argc, char **argv);
#endif
#ifdef HAVE_CMD_STATS
int cmd_stats(int argc, char **argv);
#endif
#ifdef HAVE_CMD_EXTRACT
int cmd_extract(int argc, char **argv);
#endif
#ifdef HAVE_CMD_DUPS
int cmd_dups(int argc, char **argv);
int cmd_variants(int argc, char **argv);
#endif
#ifdef HAVE_CMD_SERVE
int cmd_serve(int argc, char **argv);
#endif
#ifdef HAVE_CMD_SHARD_INIT
int cmd_shard_init(int argc, char **argv);
#endif

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
} commands[] = {
#ifdef HAVE_CMD_INDEX
    {"index", cmd_index},
#endif
#ifdef HAVE_CMD_SEARCH
    {"search", cmd_search},
#endif
#ifdef HAVE_CMD_STATS
    {"stats", cmd_stats},
#endif
#ifdef HAVE_CMD_EXTRACT
    {"extract", cmd_extract},
#endif
#ifdef HAVE_CMD_DUPS
    {"dups", cmd_dups},
    {"variants", cmd_variants},
#endif
#ifdef HAVE_CMD_SERVE
    {"serve", cmd_serve},
#endif
#ifdef HAVE_CMD_SHARD_INIT
    {"shard-init", cmd_shard_init},
#endif
    {NULL, NULL},
};

const char COMMANDS_HELP[] =
    "\nSearch (DB is a SQLite file or a postgresql:// URL):\n"
#ifdef HAVE_CMD_INDEX
    "  index DB FILE...          index JSON / CSV / TSV / .txt / HTML / WARC articles, .gz too (- = stdin)\n"
#endif
#ifdef HAVE_CMD_SEARCH
    "  search DB QUERY           ranked search with snippets; --json, --batch, --format trec\n"
#endif
#ifdef HAVE_CMD_STATS
    "  stats DB                  documents, sources, dates, size, analyzer options\n"
#endif
#ifdef HAVE_CMD_EXTRACT
    "  extract FILE... [--json]  what index takes from web pages and WARC archives\n"
#endif
#ifdef HAVE_CMD_DUPS
    "  dups DB                   clusters of near-duplicate articles (the same story)\n"
    "  variants DB [--learn]     variant spellings of names searched together (ترامب ترمب)\n"
#endif
#ifdef HAVE_CMD_SERVE
    "  serve DB [--port N]       HTTP API and search page\n"
#endif
#ifdef HAVE_CMD_SHARD_INIT
    "  shard-init COORD SHARD... a store sharded over PostgreSQL databases (COORD: its URL)\n"
#endif
    "";

int commands_dispatch(const char *cmd, int argc, char **argv)
{
    for (size_t i = 0; commands[i].name; i++)
        if (!strcmp(commands[i].name, cmd)) return commands[i].run(argc, argv);
    return -1;
}
