/*
 * cmd_shard_init.c - `fahras shard-init COORDINATOR SHARD...`: make a
 * PostgreSQL database the coordinator of a store sharded over others
 * (fh_store_shard_init); then index, search, stats and serve take the
 * coordinator's URL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "store.h"

static void usage(FILE *f)
{
    fputs("usage: fahras shard-init [OPTIONS] COORDINATOR SHARD...\n"
          "Make the PostgreSQL database COORDINATOR (a postgresql:// URL) the entry point\n"
          "of a store whose documents are spread over the databases SHARD... by the hash\n"
          "of their id.  Each shard gets a store of its own (CREATE EXTENSION fahras,\n"
          "documents, GIN index, statistics); the coordinator gets the layout: one\n"
          "postgres_fdw server per shard, with a user mapping holding the user and\n"
          "password of its URL, and fahras_docs partitioned by hash into foreign tables\n"
          "on the shards.  Then `fahras index|search|stats|serve COORDINATOR` work on the\n"
          "whole store.  Run again with the same shards, it checks and keeps the layout.\n"
          "\n"
          "Options:\n"
          "  -o, --options SPEC  analyzer options of new shards (e.g. stem=clitics)\n"
          "  --timeout S         seconds a search waits for a shard (default 10); a shard\n"
          "                      slower than that fails the search, naming it, or is left\n"
          "                      out with `fahras search --allow-partial`\n"
          "\n"
          "Exit status: 0 done, 2 usage error, 3 failure.\n",
          f);
}

enum { OPT_HELP, OPT_OPTIONS, OPT_TIMEOUT };

static const cli_opt shard_opts[] = {
    {"help", 'h', 0, OPT_HELP},
    {"options", 'o', 1, OPT_OPTIONS},
    {"timeout", 0, 1, OPT_TIMEOUT},
    {NULL, 0, 0, 0},
};

typedef struct shard_args {
    cli_analysis ca;
    int explicit_opts, help;
    long timeout;
} shard_args;

static int on_opt(void *ctx, int id, const char *spelled, const char *v)
{
    shard_args *a = ctx;
    switch (id) {
    case OPT_HELP: a->help = 1; return 0;
    case OPT_OPTIONS:
        a->explicit_opts = 1;
        return cli_analysis_options("shard-init", &a->ca, v);
    default: return cli_number("shard-init", spelled, v, 1, 3600, &a->timeout);
    }
}

int cmd_shard_init(int argc, char **argv)
{
    shard_args a;
    memset(&a, 0, sizeof a);
    fahras_options_default(&a.ca.opts);
    cli_args pos;
    int rc = EXIT_USAGE;
    if (cli_parse_args("shard-init", shard_opts, argc, argv, on_opt, &a, &pos)) goto out;
    if (a.help) {
        usage(stdout);
        rc = EXIT_OK;
        goto out;
    }
    if (pos.npos < 2) {
        usage(stderr);
        goto out;
    }
    fh_store_config cfg = {.analyzer = a.explicit_opts ? &a.ca.opts : NULL};
    char report[2048];
    fh_err err;
    if (fh_store_shard_init(pos.pos[0], pos.pos + 1, pos.npos - 1, &cfg, (double)a.timeout, report,
                            sizeof report, &err)) {
        cli_err("fahras shard-init: %s", err.msg);
        rc = EXIT_FAIL;
        goto out;
    }
    cli_err("fahras shard-init: %s", report);
    rc = EXIT_OK;
out:
    cli_args_free(&pos);
    return rc;
}
