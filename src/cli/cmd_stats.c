/*
 * cmd_stats.c - `fahras stats DB`: documents, sources, date range, size,
 * the analyzer version and options the index was built with, and each
 * source's boilerplate lines (--boilerplate lists them).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "store.h"

static const char stats_usage[] =
    "usage: fahras stats [--json] [--boilerplate | --sources | --categories] DB\n"
    "Documents, sources, date range, database size, the analyzer\n"
    "version and options the index was built with, and the number of\n"
    "boilerplate lines learned per source (lines such as newsletter footers\n"
    "found in many articles of one source: not indexed, not in snippets).\n"
    "--boilerplate lists them: source, articles holding the line / the\n"
    "source's articles, the line.  --json (one JSON object, the lines under\n"
    "\"boilerplate\") may come before or after DB.\n"
    "  --sources      every source with its number of articles, most first\n"
    "  --categories   every category with its number of articles (an article\n"
    "                 of categories a,b counts for each)\n"
    "                 (--json: {\"sources\":[{\"value\":..,\"count\":N}]})\n";

enum { OPT_HELP, OPT_JSON, OPT_BOILER, OPT_SOURCES, OPT_CATEGORIES };

static const cli_opt stats_opts[] = {
    {"help", 'h', 0, OPT_HELP},
    {"json", 0, 0, OPT_JSON},
    {"boilerplate", 0, 0, OPT_BOILER},
    {"sources", 0, 0, OPT_SOURCES},
    {"categories", 0, 0, OPT_CATEGORIES},
    {NULL, 0, 0, 0},
};

typedef struct list_out {
    int json, n;
} list_out;

static int print_value(void *ctx, const char *value, long count)
{
    list_out *o = ctx;
    if (o->json) {
        fputs(o->n ? ",{\"value\":" : "{\"value\":", stdout);
        cli_json_string(stdout, value, strlen(value));
        printf(",\"count\":%ld}", count);
    } else {
        printf("%8ld  ", count);
        cli_put_escaped(stdout, value, strlen(value), 0);
        putchar('\n');
    }
    o->n++;
    return 0;
}

/* --sources, --categories: one line (or JSON object) a value. */
static int list_values(fh_store *s, const char *kind, int json)
{
    fh_err err;
    list_out o = {json, 0};
    if (json) printf("{\"%s\":[", !strcmp(kind, "source") ? "sources" : "categories");
    int rc = fh_store_values(s, kind, print_value, &o, &err);
    if (json) puts("]}");
    else if (!rc && !o.n) printf("(no %s)\n", !strcmp(kind, "source") ? "sources" : "categories");
    if (rc) cli_err("fahras stats: %s", err.msg);
    return rc ? EXIT_FAIL : EXIT_OK;
}

static int on_stats_opt(void *ctx, int id, const char *spelled, const char *value)
{
    (void)spelled;
    (void)value;
    ((int *)ctx)[id] = 1;
    return 0;
}

typedef struct boiler_out {
    int json, list;
    long lines;
    long sources;
    char last[512];
} boiler_out;

static int on_boiler(void *ctx, const fh_boiler *b)
{
    boiler_out *o = ctx;
    if (strncmp(o->last, b->source, sizeof o->last - 1)) {
        snprintf(o->last, sizeof o->last, "%s", b->source);
        o->sources++;
    }
    if (o->json) {
        fputs(o->lines ? ",{\"source\":" : "{\"source\":", stdout);
        cli_json_string(stdout, b->source, strlen(b->source));
        printf(",\"count\":%ld,\"documents\":%ld,\"text\":", b->count, b->ndocs);
        cli_json_string(stdout, b->text, strlen(b->text));
        fputc('}', stdout);
    } else if (o->list) {
        printf("%s\t%ld/%ld\t%s\n", b->source, b->count, b->ndocs, b->text);
    }
    o->lines++;
    return 0;
}

/* The command line into flags and pos: -1 to go on, else the exit code
 * (pos freed by the caller either way). */
static int stats_args(int argc, char **argv, int *flags, cli_args *pos)
{
    if (cli_parse_args("stats", stats_opts, argc, argv, on_stats_opt, flags, pos))
        return EXIT_USAGE;
    if (flags[OPT_HELP]) {
        fputs(stats_usage, stdout);
        return EXIT_OK;
    }
    if (pos->npos != 1) {
        if (pos->npos > 1) cli_err("fahras stats: one database only ('%s' is extra)", pos->pos[1]);
        fputs(stats_usage, stderr);
        return EXIT_USAGE;
    }
    if (flags[OPT_SOURCES] && flags[OPT_CATEGORIES]) {
        cli_err("fahras stats: --sources or --categories, not both");
        return EXIT_USAGE;
    }
    return -1;
}

/* The store's boilerplate lines through on_boiler into o, then the store
 * closed; 0, or -1 said on stderr. */
static int boiler_then_close(fh_store *s, boiler_out *o)
{
    fh_err err;
    int rc = fh_store_boilerplate(s, on_boiler, o, &err);
    fh_store_close(s);
    if (rc) cli_err("fahras stats: %s", err.msg);
    return rc;
}

static int print_stats_json(fh_store *s, const fh_stats *st)
{
    printf("{\"backend\":\"%s\",\"documents\":%ld,\"sources\":%ld,\"date_min\":", st->backend,
           st->documents, st->sources);
    cli_json_string(stdout, st->date_min, strlen(st->date_min));
    fputs(",\"date_max\":", stdout);
    cli_json_string(stdout, st->date_max, strlen(st->date_max));
    printf(",\"size_bytes\":%lld,\"shards\":%d,\"analyzer_version\":", st->size_bytes, st->shards);
    cli_json_string(stdout, st->analyzer_version, strlen(st->analyzer_version));
    fputs(",\"analyzer_options\":", stdout);
    cli_json_string(stdout, st->analyzer_options, strlen(st->analyzer_options));
    char here[FAHRAS_TAGGER_STAMP_MAX];
    fahras_tagger_stamp(here, sizeof here);
    fputs(",\"entity_tagger\":", stdout);
    if (*st->entity_tagger) cli_json_string(stdout, st->entity_tagger, strlen(st->entity_tagger));
    else fputs("null", stdout);
    fputs(",\"entity_tagger_here\":", stdout);
    cli_json_string(stdout, here, strlen(here));
    printf(",\"duplicate_clusters\":%ld,\"duplicate_documents\":%ld,\"boilerplate\":[",
           st->dup_clusters, st->dup_documents);
    boiler_out o = {.json = 1};
    int rc = boiler_then_close(s, &o);
    fputs("]}\n", stdout);
    return rc ? EXIT_FAIL : EXIT_OK;
}

static int print_stats_text(fh_store *s, const fh_stats *st)
{
    boiler_out o = {0};
    if (boiler_then_close(s, &o)) return EXIT_FAIL;
    printf("backend           %s\n", st->backend);
    printf("documents         %ld\n", st->documents);
    printf("sources           %ld\n", st->sources);
    printf("dates             %s .. %s\n", *st->date_min ? st->date_min : "-",
           *st->date_max ? st->date_max : "-");
    printf("size              %.1f MB (%lld bytes)\n", st->size_bytes / 1e6, st->size_bytes);
    if (st->shards) printf("shards            %d\n", st->shards);
    printf("analyzer version  %s\n", st->analyzer_version);
    printf("analyzer options  %s\n", st->analyzer_options);
    char here[FAHRAS_TAGGER_STAMP_MAX];
    fahras_tagger_stamp(here, sizeof here);
    printf("entity tagger     %s (this fahras: %s)\n", *st->entity_tagger ? st->entity_tagger : "-",
           here);
    printf("near-duplicates   %ld clusters of %ld documents (fahras dups)\n", st->dup_clusters,
           st->dup_documents);
    printf("boilerplate       %ld lines of %ld sources (fahras stats --boilerplate)\n", o.lines,
           o.sources);
    return EXIT_OK;
}

int cmd_stats(int argc, char **argv)
{
    int flags[5] = {0, 0, 0, 0, 0}; /* OPT_HELP, OPT_JSON, OPT_BOILER, OPT_SOURCES, OPT_CATEGORIES */
    cli_args pos;
    int rc = stats_args(argc, argv, flags, &pos);
    if (rc >= 0) {
        cli_args_free(&pos);
        return rc;
    }
    const char *db = pos.pos[0];
    int json = flags[OPT_JSON];
    fh_store *s = NULL;
    fh_err err;
    fh_stats st;
    if ((flags[OPT_SOURCES] || flags[OPT_CATEGORIES]) && !fh_store_open(db, FH_STORE_READ, NULL, &s, &err)) {
        rc = list_values(s, flags[OPT_SOURCES] ? "source" : "category", json);
        fh_store_close(s);
        cli_args_free(&pos);
        return rc;
    }
    if (s || fh_store_open(db, FH_STORE_READ, NULL, &s, &err) || fh_store_stats(s, &st, &err)) {
        cli_err("fahras stats: %s", err.msg);
        if (s) fh_store_close(s);
        cli_args_free(&pos);
        return EXIT_FAIL;
    }
    cli_args_free(&pos);
    if (flags[OPT_BOILER] && !json) {
        boiler_out o = {.list = 1};
        return boiler_then_close(s, &o) ? EXIT_FAIL : EXIT_OK;
    }
    return json ? print_stats_json(s, &st) : print_stats_text(s, &st);
}
