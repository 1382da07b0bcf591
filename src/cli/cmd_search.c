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
#include "store.h"

enum { FMT_TEXT, FMT_JSON, FMT_TREC };

typedef struct search_out {
    int format;
    int color;          /* mark matches with terminal bold */
    const char *qid;    /* batch mode */
    int count;
    int first;          /* JSON: no hit written yet */
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

/* JSON snippet: the plain text, and the marked ranges as byte offsets. */
static void json_snippet(const char *s)
{
    size_t n = strlen(s), k = 0;
    char *plain = malloc(n + 1);
    size_t *marks = malloc((n + 1) * sizeof *marks), nm = 0;
    if (!plain || !marks) {
        free(plain);
        free(marks);
        fputs(",\"snippet\":\"\",\"marks\":[]", stdout);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] == FH_MARK_OPEN[0] || s[i] == FH_MARK_CLOSE[0]) marks[nm++] = k;
        else plain[k++] = s[i];
    }
    fputs(",\"snippet\":", stdout);
    cli_json_string(stdout, plain, k);
    fputs(",\"marks\":[", stdout);
    for (size_t i = 0; i + 1 < nm; i += 2)
        printf("%s[%zu,%zu]", i ? "," : "", marks[i], marks[i + 1]);
    fputs("]", stdout);
    free(plain);
    free(marks);
}

static void json_field(const char *name, const char *v)
{
    printf(",\"%s\":", name);
    cli_json_string(stdout, v, strlen(v));
}

static int on_hit(void *ctx, const fh_hit *h)
{
    search_out *o = ctx;
    o->count++;
    if (o->format == FMT_TREC) {
        printf("%s Q0 %s %d %.6f fahras\n", o->qid ? o->qid : "0", h->id, h->rank, h->score);
    } else if (o->format == FMT_JSON) {
        printf("%s{\"rank\":%d,\"score\":%.6f", o->first ? "" : ",", h->rank, h->score);
        o->first = 0;
        json_field("id", h->id);
        json_field("title", h->title);
        json_field("source", h->source);
        json_field("date", h->date);
        json_field("category", h->category);
        json_field("url", h->url);
        if (h->snippet) json_snippet(h->snippet);
        putchar('}');
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

static int run_one(fh_store *s, fh_query *q, search_out *o, fh_err *err)
{
    long total = 0;
    o->count = 0;
    o->first = 1;
    if (o->format == FMT_JSON) {
        fputs("{", stdout);
        if (o->qid) {
            fputs("\"qid\":", stdout);
            cli_json_string(stdout, o->qid, strlen(o->qid));
            fputs(",", stdout);
        }
        fputs("\"query\":", stdout);
        cli_json_string(stdout, q->q, strlen(q->q));
        fputs(",\"hits\":[", stdout);
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = fh_store_search(s, q, on_hit, o, o->format == FMT_TREC ? NULL : &total, err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (o->timing)
        fprintf(stderr, "time\t%s\t%.3f ms\n", o->qid ? o->qid : "-",
                (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
    if (o->format == FMT_JSON) {
        printf("],\"total\":%ld,\"offset\":%d,\"limit\":%d", total, q->offset, q->limit);
        if (rc) {
            fputs(",\"error\":", stdout);
            cli_json_string(stdout, err->msg, strlen(err->msg));
        }
        fputs("}\n", stdout);
    } else if (o->format == FMT_TEXT && !rc) {
        if (o->count == 0) printf("no results\n");
        else printf("%d-%d of %ld results\n", q->offset + 1, q->offset + o->count, total);
    }
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
          "  --json           JSON output (snippet text plus marked byte ranges)\n"
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
    if (fh_store_open(db, FH_STORE_READ, explicit_opts ? &ca.opts : NULL, &s, &err)) {
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
