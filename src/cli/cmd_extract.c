/*
 * cmd_extract.c - `fahras extract FILE... [--json]`: what `fahras index`
 * would take from web pages and WARC archives, one page at a time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "web.h"

typedef struct extract_run {
    int json;
    long pages, skipped;
} extract_run;

static void json_field(const char *name, const char *v)
{
    printf(",\"%s\":", name);
    if (v) cli_json_string(stdout, v, strlen(v));
    else fputs("null", stdout);
}

static int on_page(void *ctx, const web_article *a, const web_place *at)
{
    extract_run *r = ctx;
    r->pages++;
    if (r->json) {
        fputs("{\"file\":", stdout);
        cli_json_string(stdout, at->file, strlen(at->file));
        if (at->record) printf(",\"record\":%lld,\"offset\":%lld", at->record, at->offset);
        json_field("id", a->id);
        json_field("title", a->title);
        json_field("date", a->date);
        json_field("author", a->author);
        json_field("source", a->source);
        json_field("category", a->category);
        json_field("url", a->url);
        json_field("body", a->body);
        json_field("charset", a->charset);
        json_field("charset_from", a->charset_from);
        printf(",\"paragraphs\":%zu,\"elements\":%zu,\"depth\":%zu,\"notes\":[", a->paragraphs,
               a->elements, a->depth);
        for (size_t i = 0; i < a->n_notes; i++) {
            if (i) putchar(',');
            cli_json_string(stdout, a->notes[i].msg, strlen(a->notes[i].msg));
        }
        fputs("]}\n", stdout);
    } else {
        char where[4400];
        web_place_format(at, where, sizeof where);
        printf("== %s\n", where);
        const char *names[] = {"id", "title", "date", "author", "source", "category"};
        const char *vals[] = {a->id, a->title, a->date, a->author, a->source, a->category};
        for (size_t i = 0; i < 6; i++)
            if (vals[i]) printf("%-9s %s\n", names[i], vals[i]);
        printf("%-9s %s (%s), %zu paragraphs\n\n%s\n\n", "charset", a->charset, a->charset_from,
               a->paragraphs, a->body ? a->body : "");
    }
    return ferror(stdout) ? 1 : 0;
}

static void on_skip(void *ctx, const web_place *at, const char *msg)
{
    extract_run *r = ctx;
    char where[4400];
    web_place_format(at, where, sizeof where);
    cli_err("fahras extract: %s: skipped: %s", where, msg);
    r->skipped++;
}

static void on_note(void *ctx, const web_place *at, const web_note *n)
{
    (void)ctx;
    char where[4400];
    web_place_format(at, where, sizeof where);
    cli_err("fahras extract: %s: note: %s", where, n->msg);
}

static void usage(FILE *f)
{
    fputs("usage: fahras extract [--json] FILE...\n"
          "Show what `fahras index` takes from web pages: the article's title, date,\n"
          "author, source (site name), category, canonical URL (the id) and body,\n"
          "without menus, related links, share widgets, comments and ads.\n"
          "FILE: an HTML page (.html, .htm, also .gz), a WARC archive (.warc,\n"
          ".warc.gz: its HTML responses with status 200), a directory of them, or -\n"
          "(an HTML page on stdin).\n"
          "\n"
          "  --json   one JSON object a page: file, [record, offset,] id, title, date,\n"
          "           author, source, category, url, body, charset, charset_from,\n"
          "           paragraphs, elements, depth, notes\n"
          "\n"
          "Pages and records that are not extracted are reported on stderr with their\n"
          "place (file, WARC record number and byte offset).  Exit status: 0 all\n"
          "extracted, 1 some skipped, 2 usage error, 3 failure.\n",
          f);
}

enum { OPT_HELP, OPT_JSON };

static const cli_opt extract_opts[] = {
    {"help", 'h', 0, OPT_HELP},
    {"json", 0, 0, OPT_JSON},
    {NULL, 0, 0, 0},
};

static int on_extract_opt(void *ctx, int id, const char *spelled, const char *value)
{
    (void)spelled;
    (void)value;
    ((int *)ctx)[id] = 1;
    return 0;
}

int cmd_extract(int argc, char **argv)
{
    int flags[2] = {0, 0}; /* OPT_HELP, OPT_JSON */
    cli_args pos;
    if (cli_parse_args("extract", extract_opts, argc, argv, on_extract_opt, flags, &pos)) {
        cli_args_free(&pos);
        return EXIT_USAGE;
    }
    if (flags[OPT_HELP]) {
        usage(stdout);
        cli_args_free(&pos);
        return EXIT_OK;
    }
    if (!pos.npos) {
        usage(stderr);
        cli_args_free(&pos);
        return EXIT_USAGE;
    }
    extract_run run = {flags[OPT_JSON], 0, 0};
    web_init();
    web_reader r = {on_page, on_skip, on_note, &run, NULL};
    int failed = 0;
    for (int i = 0; i < pos.npos && !failed; i++)
        if (web_read_path(pos.pos[i], WEB_FILE_NONE, &r) > 0) failed = 1; /* stdout failed */
    cli_args_free(&pos);
    if (fflush(stdout) || failed) {
        cli_err("fahras extract: cannot write the output");
        return EXIT_FAIL;
    }
    return run.skipped ? EXIT_SOME_BAD : EXIT_OK;
}
