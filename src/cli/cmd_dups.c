/*
 * cmd_dups.c - `fahras dups DB`: the clusters of near-duplicate articles
 * (the same story published again), the largest first, each member with
 * its date, source, id and title; --json: one object a cluster.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json_shapes.h"
#include "store.h"

static const char dups_usage[] =
    "usage: fahras dups [--json] DB\n"
    "The clusters of near-duplicate articles, the largest first: each\n"
    "article's date, source, id and title.  --json: one object a cluster,\n"
    "{\"cluster\", \"documents\": [{\"id\", \"title\", \"source\", \"date\", \"url\"}]}.\n";

enum { OPT_HELP, OPT_JSON };

static const cli_opt dups_opts[] = {
    {"help", 'h', 0, OPT_HELP},
    {"json", 0, 0, OPT_JSON},
    {NULL, 0, 0, 0},
};

static int on_dups_opt(void *ctx, int id, const char *spelled, const char *value)
{
    (void)spelled;
    (void)value;
    ((int *)ctx)[id] = 1;
    return 0;
}

typedef struct dups_out {
    int json;
    char last[FH_MAX_ID_BYTES + 1];
    int any;
    long clusters;
    json_t *cur; /* JSON: the cluster being listed */
} dups_out;

static void flush_json(dups_out *o)
{
    if (!o->cur) return;
    char *text = json_dumps(o->cur, JSON_COMPACT);
    if (text) {
        cli_put_json(stdout, text);
        putchar('\n');
    }
    free(text);
    json_decref(o->cur);
    o->cur = NULL;
}

static int on_member(void *ctx, const char *cluster, const fh_dup *d)
{
    dups_out *o = ctx;
    int fresh = !o->any || strcmp(o->last, cluster);
    if (fresh) {
        snprintf(o->last, sizeof o->last, "%s", cluster);
        o->any = 1;
        o->clusters++;
    }
    if (o->json) {
        if (fresh) {
            flush_json(o);
            o->cur = json_object();
            json_object_set_new(o->cur, "cluster", fh_json_cstr(cluster));
            json_object_set_new(o->cur, "documents", json_array());
        }
        json_array_append_new(json_object_get(o->cur, "documents"), fh_json_dup(NULL, d));
        return 0;
    }
    if (fresh) printf("%scluster %ld\n", o->clusters > 1 ? "\n" : "", o->clusters);
    fputs("  ", stdout);
    cli_put_escaped(stdout, d->date ? d->date : "-", d->date ? strnlen(d->date, 10) : 1, 0);
    fputs("  ", stdout);
    cli_put_escaped(stdout, d->source ? d->source : "", d->source ? strlen(d->source) : 0, 0);
    fputs("  [", stdout);
    cli_put_escaped(stdout, d->id, strlen(d->id), 0);
    fputs("]  ", stdout);
    cli_put_escaped(stdout, d->title ? d->title : "", d->title ? strlen(d->title) : 0, 0);
    putchar('\n');
    return 0;
}

int cmd_dups(int argc, char **argv)
{
    int flags[2] = {0, 0};
    cli_args pos;
    if (cli_parse_args("dups", dups_opts, argc, argv, on_dups_opt, flags, &pos)) {
        cli_args_free(&pos);
        return EXIT_USAGE;
    }
    if (flags[OPT_HELP] || pos.npos != 1) {
        if (pos.npos > 1) cli_err("fahras dups: one database only ('%s' is extra)", pos.pos[1]);
        fputs(dups_usage, flags[OPT_HELP] ? stdout : stderr);
        cli_args_free(&pos);
        return flags[OPT_HELP] ? EXIT_OK : EXIT_USAGE;
    }
    fh_store *s = NULL;
    fh_err err;
    dups_out o = {.json = flags[OPT_JSON]};
    int rc = EXIT_OK;
    if (fh_store_open(pos.pos[0], FH_STORE_READ, NULL, &s, &err) ||
        fh_store_dups(s, on_member, &o, &err)) {
        cli_err("fahras dups: %s", err.msg);
        rc = EXIT_FAIL;
    }
    if (o.json) flush_json(&o);
    else if (!rc && !o.clusters) fputs("no near-duplicates\n", stdout);
    json_decref(o.cur);
    fh_store_close(s);
    cli_args_free(&pos);
    return rc;
}
