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
#include "filter.h"
#include "store.h"

enum { FMT_TEXT, FMT_JSON, FMT_TREC };

typedef struct search_out {
    int format;
    int color;          /* mark matches with terminal bold */
    const char *qid;    /* batch mode */
    int count;
    json_t *hits;       /* JSON: the hits of the current query */
    int timing;         /* print each query's time on stderr */
    int entity_facets;  /* JSON: the entity facets and timeline (not in --batch) */
    int browse;         /* the query has no words: hits in date order, no score */
    fh_json_entity_facets ents;
} search_out;

/* Snippet for people: marks as terminal bold, or [brackets] in a pipe;
 * control characters escaped (cli_put_escaped), blanks as spaces. */
static void print_marked(const char *s, int color)
{
    while (*s) {
        size_t n = strcspn(s, FH_MARK_OPEN FH_MARK_CLOSE);
        cli_put_escaped(stdout, s, n, 0);
        s += n;
        if (!*s) break;
        if (*s == FH_MARK_OPEN[0]) fputs(color ? "\033[1;31m" : "[", stdout);
        else fputs(color ? "\033[0m" : "]", stdout);
        s++;
    }
}

/* A field of a hit for people, escaped. */
static void put_text(const char *s)
{
    cli_put_escaped(stdout, s, strlen(s), 0);
}

/* Code points a TREC reader may take for white space (Python's
 * str.split() splits at all of them) or that a terminal acts on. */
static int trec_unsafe(unsigned cp)
{
    return cp <= 0x20 || cp == '%' || (cp >= 0x7F && cp <= 0xA0) || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000;
}

/* A TREC run is split at white space: in an id or a qid, white space,
 * control characters and '%' are written %XX (each UTF-8 byte), so every
 * line keeps its six fields. */
static void put_trec_id(const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    const char *run = s; /* safe bytes not written yet: one fwrite for them */
    while (*s) {
        unsigned char c = (unsigned char)*s;
        size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        unsigned cp = k == 1 ? c : k == 2 ? c & 0x1F : k == 3 ? c & 0x0F : c & 0x07;
        for (size_t i = 1; i < k; i++) {
            if (((unsigned char)s[i] & 0xC0) != 0x80) { /* not UTF-8: one byte */
                k = 1;
                cp = 0;
                break;
            }
            cp = (cp << 6) | ((unsigned char)s[i] & 0x3F);
        }
        if (trec_unsafe(cp)) {
            fwrite(run, 1, (size_t)(s - run), stdout);
            for (size_t i = 0; i < k; i++) {
                putchar('%');
                putchar(hex[(unsigned char)s[i] >> 4]);
                putchar(hex[s[i] & 15]);
            }
            run = s + k;
        }
        s += k;
    }
    fwrite(run, 1, (size_t)(s - run), stdout);
}

/* "also published by N sources": each other copy's source, date and id. */
static void print_dups(const fh_hit *h)
{
    if (!h->n_dups) return;
    if (h->dup_sources)
        printf("     also published by %zu source%s:\n", h->dup_sources,
               h->dup_sources == 1 ? "" : "s");
    else
        printf("     also published as:\n");
    for (size_t i = 0; i < h->n_dups; i++) {
        const fh_dup *d = &h->dups[i];
        fputs("       ", stdout);
        put_text(d->source ? d->source : "");
        fputs(d->source && *d->source ? "  " : "", stdout);
        if (d->date) cli_put_escaped(stdout, d->date, strnlen(d->date, 10), 0);
        fputs("  [", stdout);
        put_text(d->id);
        fputs("]\n", stdout);
    }
}

static int on_hit(void *ctx, const fh_hit *h)
{
    search_out *o = ctx;
    o->count++;
    if (o->format == FMT_TREC) {
        put_trec_id(o->qid ? o->qid : "0");
        fputs(" Q0 ", stdout);
        put_trec_id(h->id);
        printf(" %d %.6f fahras\n", h->rank, h->score);
    } else if (o->format == FMT_JSON) {
        json_array_append_new(o->hits, fh_json_hit(h));
    } else {
        printf("%3d. ", h->rank);
        put_text(*h->title ? h->title : "(no title)");
        fputs("\n     ", stdout);
        put_text(h->source);
        fputs(*h->source ? "  " : "", stdout);
        cli_put_escaped(stdout, h->date, strnlen(h->date, 10), 0);
        fputs("  [", stdout);
        put_text(h->id);
        fputs("]", stdout);
        if (!o->browse) printf("  score %.3f", h->score);
        putchar('\n');
        if (h->snippet) {
            fputs("     ", stdout);
            print_marked(h->snippet, o->color);
            putchar('\n');
        }
        print_dups(h);
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
    fh_json_put_totals(j, info);
    json_object_set_new(j, "sort", fh_json_cstr(fh_sort_name(fh_search_sort(q, info))));
    json_object_set_new(j, "offset", json_integer(q->offset));
    json_object_set_new(j, "limit", json_integer(q->limit));
    json_object_set_new(j, "relaxed", json_boolean(info->relaxed));
    json_object_set_new(j, "rewritten", fh_json_optional(info->rewritten));
    json_object_set_new(j, "rewrites", fh_json_rewrites(info));
    json_object_set_new(j, "missing", fh_json_optional(info->missing));
    fh_json_entity_facets_put((fh_json_entity_facets *)&o->ents, j, o->entity_facets && !error);
    if (error) json_object_set_new(j, "error", fh_json_cstr(error));
    char *text = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    if (text) {
        cli_put_json(stdout, text);
        putchar('\n');
    }
    free(text);
}

/* How the results were counted: the match mode, and how many articles
 * hold every word. */
static void print_match(const fh_query *q, const fh_search_info *info)
{
    const char *n = info->total_all == 1 && !info->total_all_is_lower_bound ? "article holds"
                                                                             : "articles hold";
    if (info->browse) {
        printf("no words: every article passing the filters, sorted by date, %s first\n",
               fh_sort_name(fh_search_sort(q, info)));
        return;
    }
    if (!strcmp(info->match, "all") && !info->relaxed)
        printf("match all: every result holds every word (--match any ranks articles holding "
               "some of them)\n");
    else
        printf("match %s: %s%ld %s every word (--match all counts only those)\n", info->match,
               info->total_all_is_lower_bound ? "more than " : "", info->total_all, n);
    if (q->sort != FH_SORT_RELEVANCE) printf("sorted by date, %s first\n", fh_sort_name(q->sort));
}

/* What a person reads after the hits: how many, and what was changed. */
static void print_summary(const search_out *o, const fh_query *q, const fh_search_info *info)
{
    if (info->rewritten[0]) {
        fputs("showing results for: ", stdout);
        put_text(info->rewritten);
        fputs("  (search instead for the words as typed with --no-spelling)\n", stdout);
    }
    for (size_t i = 0; i < info->n_rewrites; i++) {
        const fh_rewrite *w = &info->rewrites[i];
        if (w->kind != FH_REWRITE_VARIANTS) continue;
        fputs("also searched: ", stdout);
        for (size_t k = 0; k < w->n_with; k++) {
            fputs(k ? ", " : "", stdout);
            put_text(w->with[k]);
        }
        fputs(" (spellings of ", stdout);
        put_text(w->from);
        fputs("; only the spelling typed with --no-variants)\n", stdout);
    }
    if (info->relaxed)
        printf("no article holds every required word or phrase: ranked by the same words, "
               "none required\n");
    const char *more = info->total_is_lower_bound   ? "more than "
                       : info->total_is_upper_bound ? "at most "
                                                    : "";
    if (o->count == 0 && info->total == 0) printf("no results\n");
    else if (o->count == 0)
        printf("no results on this page: %s%ld in all (offset %d)\n", more, info->total, q->offset);
    else if (info->total == 1 && !*more) printf("1 result\n");
    else
        printf("%d-%d of %s%ld results\n", q->offset + 1, q->offset + o->count, more, info->total);
    print_match(q, info);
}

static int run_one(fh_store *s, fh_query *q, search_out *o, fh_err *err)
{
    fh_search_info info;
    memset(&info, 0, sizeof info);
    o->count = 0;
    o->browse = fh_query_browses(q);
    o->hits = o->format == FMT_JSON ? json_array() : NULL;
    if (o->entity_facets) {
        fh_json_entity_facets_init(&o->ents);
        q->entity_facets = &o->ents.sink;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    /* TREC runs count nothing, unless shards may be left out: then the
     * answer must say which */
    int rc = fh_store_search(s, q, on_hit, o, NULL, NULL,
                             o->format == FMT_TREC && !q->allow_partial && !o->timing ? NULL : &info,
                             err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (o->timing) {
        char moved[64] = "";
        if (info.shard_bytes) snprintf(moved, sizeof moved, "\t%lld bytes from shards", info.shard_bytes);
        cli_err("time\t%s\t%.3f ms\t%lld steps%s", o->qid ? o->qid : "-",
                (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
                fh_store_last_work(s), moved);
    }
    if (!rc && info.missing[0])
        cli_err("fahras search: %s%spartial results: left out %s", o->qid ? o->qid : "",
                o->qid ? ": " : "", info.missing);
    if (o->format == FMT_JSON) print_json(o, q, &info, rc ? err->msg : NULL);
    else if (o->format == FMT_TEXT && !rc) print_summary(o, q, &info);
    json_decref(o->hits);
    o->hits = NULL;
    if (o->entity_facets) fh_json_entity_facets_free(&o->ents);
    q->entity_facets = NULL;
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
    const char *nul = memchr(line, '\0', len);
    if (nul) { /* a C string would end there and search the rest of nothing */
        cli_err("fahras search: %s:%zu: NUL byte at column byte %zu; line skipped", b->path,
                lineno, (size_t)(nul - line) + 1);
        b->bad++;
        return 0;
    }
    const char *tab = memchr(line, '\t', len);
    if (!tab || tab == line) {
        cli_err("fahras search: %s:%zu: expected qid<TAB>query", b->path, lineno);
        b->bad++;
        return 0;
    }
    size_t bad;
    if (fahras_utf8_check(line, (size_t)(tab - line), &bad) != FAHRAS_OK) {
        cli_err("fahras search: %s:%zu: invalid UTF-8 in the qid at column byte %zu", b->path,
                lineno, bad + 1);
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
        cli_err("fahras search: %s:%zu: query %s: %s", b->path, lineno, qid, err.msg);
        b->bad++;
    }
    free(qid);
    free(text);
    return 0;
}

static void usage(FILE *f)
{
    fputs("usage: fahras search [OPTIONS] DB QUERY...\n"
          "       fahras search [OPTIONS] DB FILTER...  (no QUERY: every article passing\n"
          "                   the filters, newest first: --entity, --event-from, --from, ...)\n"
          "       fahras search [OPTIONS] DB --batch FILE [--format trec|json|text]\n"
          "Ranked search.  Query language:\n"
          "  words          any form of each word; by default a result holds every\n"
          "                 word (--match), more of them ranks higher\n"
          "  \"a phrase\"     required, exact forms in this order (also «...» “...” „...“)\n"
          "  +word, a AND b required   -word, NOT word, -\"a phrase\"  excluded\n"
          "  a OR b         either word (the query matches any of its words)\n"
          "  prefix*        words starting with prefix\n"
          "\n"
          "Options (before or after DB and the query; -- ends them, so a query word\n"
          "starting with '-' and a Latin letter goes after --: fahras search DB -- -word x):\n"
          "  --match M        all (default): a result holds every word; any: some word\n"
          "                   (ranked, more words higher); N%: at least N% of the words\n"
          "  --sort S         relevance (default), newest or oldest (by date; articles\n"
          "                   without a date last)\n"
          "  --limit N        results per page (default 10, at most 1000)\n"
          "  --offset N       skip the first N results\n"
          "  --source S       only articles from source S (exact)\n"
          "  --category C     only articles in category C (exact)\n"
          "  --from DATE      only articles dated DATE or later (YYYY[-MM[-DD]])\n"
          "  --to DATE        only articles dated DATE or earlier\n"
          "  --entity T:NAME  only articles mentioning the entity NAME of type T (PER,\n"
          "                   ORG, LOC, MISC), however written: --entity ORG:قسد also\n"
          "                   finds لـ\"قسد\" and «قسد»; repeat it: all must hold\n"
          "  --event-from DATE, --event-to DATE\n"
          "                   only articles mentioning a date (an event) in this range\n"
          "                   (YYYY[-MM[-DD]], inclusive), whatever their own date\n"
          "  --no-facets      JSON: leave out the entity facets and timeline (null)\n"
          "  --json           JSON output: one object a query (docs/http.md's hit shape),\n"
          "                   with the top people, organisations and places and the\n"
          "                   timeline of event dates of the best 1000 matches\n"
          "  --batch FILE     run every qid<TAB>query line of FILE (- = stdin); a line\n"
          "                   holding a NUL byte or a qid of invalid UTF-8 is reported\n"
          "  --format F       text, json or trec (TREC run: qid Q0 docid rank score fahras;\n"
          "                   white space, control characters and %% in ids are written %%XX)\n"
          "  --timing         print each query's time and work on stderr\n"
          "                   (time<TAB>qid<TAB>N ms<TAB>N steps, and on a sharded\n"
          "                   store <TAB>N bytes from shards)\n"
          "  --exhaustive     score every matching article (the reference ranking;\n"
          "                   the same results as without, only slower)\n"
          "  --no-collapse    show every copy of a story (by default near-duplicates are\n"
          "                   one result: \"also published by N sources\"; not in trec runs)\n"
          "  --allow-partial  a sharded store whose shard fails or does not answer in\n"
          "                   time answers from the other shards and names the missing\n"
          "                   ones (stderr; JSON \"missing\"); without it the search fails\n"
          "  --no-spelling    search a word no article holds as typed (by default its\n"
          "                   near spelling most articles hold is searched instead:\n"
          "                   \"showing results for ...\")\n"
          "  --no-variants    search each word only as typed (by default learned variant\n"
          "                   spellings of a name are searched with it: \"also searched\";\n"
          "                   fahras variants DB --learn learns them)\n"
          "  -o, --options S  analyzer options expected (refused if the DB differs)\n"
          "Text output shows control characters in titles and ids escaped (\\x1b).\n"
          "Exit status: 0 ok, 1 some --batch lines were rejected, 2 usage error or a\n"
          "query the language rejects, 3 failure.\n",
          f);
}

enum { OPT_HELP, OPT_OPTIONS, OPT_LIMIT, OPT_OFFSET, OPT_SOURCE, OPT_CATEGORY, OPT_FROM,
       OPT_TO, OPT_JSON, OPT_BATCH, OPT_FORMAT, OPT_TIMING, OPT_EXHAUSTIVE, OPT_NO_COLLAPSE,
       OPT_PARTIAL, OPT_ENTITY, OPT_EVENT_FROM, OPT_EVENT_TO, OPT_NO_FACETS, OPT_NO_SPELLING,
       OPT_NO_VARIANTS, OPT_MATCH, OPT_SORT };

static const cli_opt search_opts[] = {
    {"help", 'h', 0, OPT_HELP},         {"options", 'o', 1, OPT_OPTIONS},
    {"limit", 0, 1, OPT_LIMIT},         {"offset", 0, 1, OPT_OFFSET},
    {"source", 0, 1, OPT_SOURCE},       {"category", 0, 1, OPT_CATEGORY},
    {"from", 0, 1, OPT_FROM},           {"to", 0, 1, OPT_TO},
    {"json", 0, 0, OPT_JSON},           {"batch", 0, 1, OPT_BATCH},
    {"format", 0, 1, OPT_FORMAT},       {"timing", 0, 0, OPT_TIMING},
    {"exhaustive", 0, 0, OPT_EXHAUSTIVE}, {"no-collapse", 0, 0, OPT_NO_COLLAPSE},
    {"allow-partial", 0, 0, OPT_PARTIAL},
    {"entity", 0, 1, OPT_ENTITY},       {"event-from", 0, 1, OPT_EVENT_FROM},
    {"event-to", 0, 1, OPT_EVENT_TO},   {"no-facets", 0, 0, OPT_NO_FACETS},
    {"no-spelling", 0, 0, OPT_NO_SPELLING}, {"no-variants", 0, 0, OPT_NO_VARIANTS},
    {"match", 0, 1, OPT_MATCH}, {"sort", 0, 1, OPT_SORT},
    {NULL, 0, 0, 0},
};

typedef struct search_args {
    fh_query q;
    search_out o;
    cli_analysis ca;
    int explicit_opts, help, no_facets;
    const char *batch;
    const char *entities[FH_MAX_ENTITY_FILTERS];
} search_args;

static int on_search_opt(void *ctx, int id, const char *spelled, const char *v)
{
    search_args *a = ctx;
    long n;
    switch (id) {
    case OPT_HELP: a->help = 1; return 0;
    case OPT_OPTIONS:
        a->explicit_opts = 1;
        return cli_analysis_options("search", &a->ca, v);
    case OPT_LIMIT:
    case OPT_OFFSET:
        if (cli_number("search", spelled, v, id == OPT_LIMIT, id == OPT_LIMIT ? FH_MAX_LIMIT : 100000000,
                       &n))
            return -1;
        if (id == OPT_LIMIT) a->q.limit = (int)n;
        else a->q.offset = (int)n;
        return 0;
    case OPT_SOURCE: a->q.source = v; return 0;
    case OPT_CATEGORY: a->q.category = v; return 0;
    case OPT_FROM: a->q.date_from = v; return 0;
    case OPT_TO: a->q.date_to = v; return 0;
    case OPT_JSON: a->o.format = FMT_JSON; return 0;
    case OPT_BATCH: a->batch = v; return 0;
    case OPT_TIMING: a->o.timing = 1; return 0;
    case OPT_EXHAUSTIVE: a->q.exhaustive = 1; return 0;
    case OPT_NO_COLLAPSE: a->q.no_collapse = 1; return 0;
    case OPT_PARTIAL: a->q.allow_partial = 1; return 0;
    case OPT_NO_FACETS: a->no_facets = 1; return 0;
    case OPT_EVENT_FROM: a->q.event_from = v; return 0;
    case OPT_EVENT_TO: a->q.event_to = v; return 0;
    case OPT_ENTITY:
        if (a->q.n_entities == FH_MAX_ENTITY_FILTERS) {
            cli_err("fahras search: at most %d --entity filters", FH_MAX_ENTITY_FILTERS);
            return -1;
        }
        a->entities[a->q.n_entities++] = v;
        a->q.entities = a->entities;
        return 0;
    case OPT_NO_SPELLING: a->q.no_spelling = 1; return 0;
    case OPT_NO_VARIANTS: a->q.no_variants = 1; return 0;
    case OPT_MATCH:
    case OPT_SORT: {
        fh_err err;
        if (id == OPT_MATCH ? fh_match_parse(v, &a->q.match, &err) : fh_sort_parse(v, &a->q.sort, &err)) {
            cli_err("fahras search: %s: %s", spelled, err.msg);
            return -1;
        }
        return 0;
    }
    default: /* --format */
        if (!strcmp(v, "trec")) a->o.format = FMT_TREC;
        else if (!strcmp(v, "json")) a->o.format = FMT_JSON;
        else if (!strcmp(v, "text")) a->o.format = FMT_TEXT;
        else {
            cli_err("fahras search: --format: expected text, json or trec, not '%s'", v);
            return -1;
        }
        return 0;
    }
}

/* The query words, joined by spaces.  NULL when there are none (or no memory). */
static char *join_words(const char *const *w, int n)
{
    size_t len = 0;
    for (int i = 0; i < n; i++) len += strlen(w[i]) + 1;
    char *q = malloc(len + 1); /* n 0: "" (a browse) */
    if (!q) return NULL;
    size_t k = 0;
    for (int i = 0; i < n; i++) {
        if (i) q[k++] = ' ';
        size_t m = strlen(w[i]);
        memcpy(q + k, w[i], m);
        k += m;
    }
    q[k] = '\0';
    return q;
}

int cmd_search(int argc, char **argv)
{
    search_args a;
    memset(&a, 0, sizeof a);
    a.q.limit = 10;
    a.o.format = FMT_TEXT;
    fahras_options_default(&a.ca.opts);
    cli_args pos;
    char *qtext = NULL;
    int rc = EXIT_USAGE;
    if (cli_parse_args("search", search_opts, argc, argv, on_search_opt, &a, &pos)) goto out;
    if (a.help) {
        usage(stdout);
        rc = EXIT_OK;
        goto out;
    }
    /* no QUERY with filters: every article passing them (a browse) */
    fh_query no_words = a.q;
    no_words.q = "";
    int browse = !a.batch && pos.npos == 1 && fh_query_browses(&no_words);
    if (pos.npos < 1 || (!a.batch && pos.npos < 2 && !browse) || (a.batch && pos.npos > 1)) {
        if (a.batch && pos.npos > 1)
            cli_err("fahras search: give a QUERY or --batch, not both");
        usage(stderr);
        goto out;
    }
    if (a.batch && cli_check_inputs("search", &a.batch, 1)) goto out;
    if (!a.batch && !(qtext = join_words(pos.pos + 1, pos.npos - 1))) {
        rc = EXIT_FAIL;
        goto out;
    }
    a.o.color = a.o.format == FMT_TEXT && isatty(1);
    fh_store *s;
    fh_err err;
    fh_store_config cfg = {.analyzer = a.explicit_opts ? &a.ca.opts : NULL};
    if (fh_store_protect_mappings(&err)) cli_err("fahras search: %s", err.msg);
    if (fh_store_open(pos.pos[0], FH_STORE_READ, &cfg, &s, &err)) {
        cli_err("fahras search: %s", err.msg);
        rc = EXIT_FAIL;
        goto out;
    }
    rc = EXIT_OK;
    char note[640]; /* a failure to read the tagger record is no reason to stop */
    if (a.q.n_entities > 0 && fh_store_tagger_note(s, note, sizeof note, &err) > 0)
        cli_err("fahras search: note: %s", note);
    /* a TREC run is judged document by document */
    if (a.o.format == FMT_TREC) a.q.no_collapse = 1;
    /* nor does it show totals: --timing times the same work as the run */
    if (a.o.format == FMT_TREC) a.q.no_total = 1;
    /* and a TREC line names the hit by its id alone */
    if (a.o.format == FMT_TREC) a.q.ids_only = 1;
    if (a.batch) {
        a.q.no_snippets = a.o.format == FMT_TREC;
        batch_ctx b = {s, &a.q, &a.o, a.batch, 0, 0};
        size_t too_long = 0;
        if (cli_for_each_line(a.batch, on_batch_line, &b, &too_long) || b.fatal) rc = EXIT_FAIL;
        else if (b.bad || too_long) rc = EXIT_SOME_BAD;
    } else {
        a.q.q = qtext;
        a.o.entity_facets = a.o.format == FMT_JSON && !a.no_facets;
        if (run_one(s, &a.q, &a.o, &err)) {
            cli_err("fahras search: %s", err.msg);
            /* a query the language rejects, or a bad filter, is a usage
             * error; a database that fails is not */
            rc = err.kind == FH_ERR_QUERY ? EXIT_USAGE : EXIT_FAIL;
        }
    }
    fh_store_close(s);
out:
    cli_args_free(&pos);
    free(qtext);
    return rc;
}
