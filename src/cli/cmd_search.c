/*
 * cmd_search.c - `fahras search DB QUERY`: ranked results for people (rank,
 * title, source, date, snippet with the matched words marked), --json for
 * programs, and --batch FILE for evaluation (qid<TAB>query lines; with
 * --format trec a TREC run: qid Q0 docid rank score fahras).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "json_shapes.h"
#include "store.h"

enum { FMT_TEXT, FMT_JSON, FMT_TREC };

typedef struct search_out {
    int format;
    int color;          /* mark matches with terminal bold */
    const char *qid;    /* batch mode */
    int count;
    json_t *hits;       /* JSON: the hits of the current query */
    int timing;         /* print each query's time on stderr */
} search_out;

/* Snippet for people: marks as terminal bold, or [brackets] in a pipe. */
static void print_marked(const char *s, int color)
{
    for (; *s; s++) {
        if (*s == FH_MARK_OPEN[0]) fputs(color ? "\033[1;31m" : "[", stdout);
        else if (*s == FH_MARK_CLOSE[0]) fputs(color ? "\033[0m" : "]", stdout);
        else if (*s == '\n' || *s == '\r' || *s == '\t') putchar(' ');
        else putchar(*s);
    }
}

static int on_hit(void *ctx, const fh_hit *h)
{
    search_out *o = ctx;
    o->count++;
    if (o->format == FMT_TREC) {
        printf("%s Q0 %s %d %.6f fahras\n", o->qid ? o->qid : "0", h->id, h->rank, h->score);
    } else if (o->format == FMT_JSON) {
        json_array_append_new(o->hits, fh_json_hit(h));
    } else {
        printf("%3d. %s\n", h->rank, *h->title ? h->title : "(no title)");
        printf("     %s%s%.10s  [%s]  score %.3f\n", h->source, *h->source ? "  " : "", h->date,
               h->id, h->score);
        if (h->snippet) {
            fputs("     ", stdout);
            print_marked(h->snippet, o->color);
            putchar('\n');
        }
        putchar('\n');
    }
    return 0;
}

/* The query and what the search made of it, for --json. */
static void print_json(const search_out *o, const fh_query *q, const fh_search_info *info,
                       const char *error)
{
    json_t *j = json_object();
    if (o->qid) json_object_set_new(j, "qid", fh_json_cstr(o->qid));
    json_object_set_new(j, "query", fh_json_cstr(q->q));
    json_object_set_new(j, "hits", json_incref(o->hits));
    json_object_set_new(j, "total", json_integer(info->total));
    json_object_set_new(j, "offset", json_integer(q->offset));
    json_object_set_new(j, "limit", json_integer(q->limit));
    json_object_set_new(j, "relaxed", json_boolean(info->relaxed));
    json_object_set_new(j, "rewritten", fh_json_optional(info->rewritten));
    if (error) json_object_set_new(j, "error", fh_json_cstr(error));
    char *text = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    if (text) puts(text);
    free(text);
}

/* What a person reads after the hits: how many, and what was changed. */
static void print_summary(const search_out *o, const fh_query *q, const fh_search_info *info)
{
    if (info->rewritten[0])
        printf("showing results for: %s  (search the words as typed with --no-spelling)\n",
               info->rewritten);
    if (info->relaxed)
        printf("no article holds every required word or phrase: ranked by the same words, "
               "none required\n");
    if (o->count == 0 && info->total == 0) printf("no results\n");
    else if (o->count == 0)
        printf("no results on this page: %ld in all (offset %d)\n", info->total, q->offset);
    else if (info->total == 1) printf("1 result\n");
    else
        printf("%d-%d of %ld results\n", q->offset + 1, q->offset + o->count, info->total);
}

static int run_one(fh_store *s, fh_query *q, search_out *o, fh_err *err)
{
    fh_search_info info;
    memset(&info, 0, sizeof info);
    o->count = 0;
    o->hits = o->format == FMT_JSON ? json_array() : NULL;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = fh_store_search(s, q, on_hit, o, NULL, NULL, o->format == FMT_TREC ? NULL : &info, err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (o->timing)
        fprintf(stderr, "time\t%s\t%.3f ms\n", o->qid ? o->qid : "-",
                (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
    if (o->format == FMT_JSON) print_json(o, q, &info, rc ? err->msg : NULL);
    else if (o->format == FMT_TEXT && !rc) print_summary(o, q, &info);
    json_decref(o->hits);
    o->hits = NULL;
    return rc;
}

typedef struct batch_ctx {
    fh_store *store;
    fh_query *q;
    search_out *o;
    const char *path;
    int bad;
    int fatal;
} batch_ctx;

static int on_batch_line(void *ctx, const char *line, size_t len, size_t lineno, size_t off)
{
    (void)off;
    batch_ctx *b = ctx;
    while (len && (line[len - 1] == '\r' || line[len - 1] == ' ')) len--;
    if (!len) return 0;
    const char *tab = memchr(line, '\t', len);
    if (!tab || tab == line) {
        fprintf(stderr, "fahras search: %s:%zu: expected qid<TAB>query\n", b->path, lineno);
        b->bad++;
        return 0;
    }
    char *qid = strndup(line, (size_t)(tab - line));
    char *text = strndup(tab + 1, len - (size_t)(tab + 1 - line));
    if (!qid || !text) {
        free(qid);
        free(text);
        b->fatal = 1;
        return 1;
    }
    b->q->q = text;
    b->o->qid = qid;
    fh_err err;
    if (run_one(b->store, b->q, b->o, &err)) {
        fprintf(stderr, "fahras search: %s:%zu: query %s: %s\n", b->path, lineno, qid, err.msg);
        b->bad++;
    }
    free(qid);
    free(text);
    return 0;
}

static void usage(FILE *f)
{
    fputs("usage: fahras search [OPTIONS] DB QUERY...\n"
          "       fahras search [OPTIONS] DB --batch FILE [--format trec|json|text]\n"
          "Ranked search.  Query language:\n"
          "  words          any form of each word; more of them ranks higher,\n"
          "                 none is required\n"
          "  \"a phrase\"     required, exact forms in this order\n"
          "  +word          required   -word / -\"a phrase\"  excluded\n"
          "  prefix*        words starting with prefix\n"
          "\n"
          "Options:\n"
          "  --limit N        results per page (default 10, at most 1000)\n"
          "  --offset N       skip the first N results\n"
          "  --source S       only articles from source S (exact)\n"
          "  --category C     only articles in category C (exact)\n"
          "  --from DATE      only articles dated DATE or later (YYYY[-MM[-DD]])\n"
          "  --to DATE        only articles dated DATE or earlier\n"
          "  --json           JSON output: one object a query (docs/http.md's hit shape)\n"
          "  --batch FILE     run every qid<TAB>query line of FILE (- = stdin)\n"
          "  --format F       text, json or trec (TREC run: qid Q0 docid rank score fahras)\n"
          "  --timing         print each query's time on stderr (time<TAB>qid<TAB>N ms)\n"
          "  -o, --options S  analyzer options expected (refused if the DB differs)\n",
          f);
}

int cmd_search(int argc, char **argv)
{
    fh_query q;
    memset(&q, 0, sizeof q);
    q.limit = 10;
    search_out o;
    memset(&o, 0, sizeof o);
    o.format = FMT_TEXT;
    const char *db = NULL, *batch = NULL;
    cli_analysis ca;
    memset(&ca, 0, sizeof ca);
    fahras_options_default(&ca.opts);
    int explicit_opts = 0;
    size_t qcap = 0, qlen = 0;
    char *qtext = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            free(qtext);
            return EXIT_OK;
        }
        int r = cli_analysis_arg(&ca, argc, argv, &i);
        if (r < 0) goto usage_error;
        if (r > 0) {
            explicit_opts = 1;
            continue;
        }
        int takes = !strcmp(a, "--limit") || !strcmp(a, "--offset") || !strcmp(a, "--source") ||
                    !strcmp(a, "--category") || !strcmp(a, "--from") || !strcmp(a, "--to") ||
                    !strcmp(a, "--batch") || !strcmp(a, "--format");
        if (takes && !val) {
            fprintf(stderr, "fahras search: %s needs a value\n", a);
            goto usage_error;
        }
        if (!strcmp(a, "--limit") || !strcmp(a, "--offset")) {
            char *end;
            long v = strtol(val, &end, 10);
            if (*end || end == val || v < 0 || v > 100000000) {
                fprintf(stderr, "fahras search: %s: bad number '%s'\n", a, val);
                goto usage_error;
            }
            if (a[2] == 'l') q.limit = (int)v;
            else q.offset = (int)v;
        } else if (!strcmp(a, "--source")) q.source = val;
        else if (!strcmp(a, "--category")) q.category = val;
        else if (!strcmp(a, "--from")) q.date_from = val;
        else if (!strcmp(a, "--to")) q.date_to = val;
        else if (!strcmp(a, "--batch")) batch = val;
        else if (!strcmp(a, "--format")) {
            if (!strcmp(val, "trec")) o.format = FMT_TREC;
            else if (!strcmp(val, "json")) o.format = FMT_JSON;
            else if (!strcmp(val, "text")) o.format = FMT_TEXT;
            else {
                fprintf(stderr, "fahras search: --format: expected text, json or trec\n");
                goto usage_error;
            }
        } else if (!strcmp(a, "--json")) {
            o.format = FMT_JSON;
            continue;
        } else if (!strcmp(a, "--timing")) {
            o.timing = 1;
            continue;
        } else if (a[0] == '-' && a[1] == '-' && !db) {
            fprintf(stderr, "fahras search: unknown option %s\n", a);
            goto usage_error;
        } else if (!db) {
            db = a;
            continue;
        } else {
            /* the query: every remaining word, joined by spaces */
            size_t n = strlen(a);
            if (qlen + n + 2 > qcap) {
                qcap = (qlen + n + 2) * 2;
                char *nq = realloc(qtext, qcap);
                if (!nq) {
                    free(qtext);
                    return EXIT_FAIL;
                }
                qtext = nq;
            }
            if (qlen) qtext[qlen++] = ' ';
            memcpy(qtext + qlen, a, n);
            qlen += n;
            qtext[qlen] = '\0';
            continue;
        }
        if (takes) i++;
    }
    if (!db || (!batch && !qtext) || (batch && qtext)) {
        if (batch && qtext) fprintf(stderr, "fahras search: give a QUERY or --batch, not both\n");
        goto usage_error;
    }
    o.color = o.format == FMT_TEXT && isatty(1);
    fh_store *s;
    fh_err err;
    fh_store_config cfg = {explicit_opts ? &ca.opts : NULL, NULL};
    if (fh_store_open(db, FH_STORE_READ, &cfg, &s, &err)) {
        fprintf(stderr, "fahras search: %s\n", err.msg);
        free(qtext);
        return EXIT_FAIL;
    }
    int rc = EXIT_OK;
    if (batch) {
        q.no_snippets = o.format == FMT_TREC;
        batch_ctx b = {s, &q, &o, batch, 0, 0};
        if (cli_for_each_line(batch, on_batch_line, &b) || b.fatal) rc = EXIT_FAIL;
        else if (b.bad) rc = EXIT_SOME_BAD;
    } else {
        q.q = qtext;
        if (run_one(s, &q, &o, &err)) {
            fprintf(stderr, "fahras search: %s\n", err.msg);
            rc = EXIT_USAGE; /* a query the language rejects, or a bad filter */
        }
    }
    fh_store_close(s);
    free(qtext);
    return rc;
usage_error:
    usage(stderr);
    free(qtext);
    return EXIT_USAGE;
}
