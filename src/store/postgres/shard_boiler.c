/*
 * shard_boiler.c - a sharded store's boilerplate records: a source's
 * article count and a line's count (sums of the shards'), whether a line
 * is marked (on any shard), a line's holders; a change of a line's mark is
 * written on every shard.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_store.h"

/* A line's records on every shard, added up. */
typedef struct line_sum {
    int64_t key;
    long count;
    int marked;
    const char *text, *source; /* into the kept results */
} line_sum;

typedef struct source_sum {
    const char *source;
    long ndocs;
} source_sum;

typedef struct lines_ctx {
    pg_row_set rows;
    line_sum *v;
    size_t n;
    source_sum *src;
    size_t nsrc;
} lines_ctx;

/* By key; the source's article counts (no key) first. */
static int by_key(const void *pa, const void *pb)
{
    const char *ka = pg_row_col(pa, 0), *kb = pg_row_col(pb, 0);
    if (!ka || !kb) return (ka != NULL) - (kb != NULL);
    int64_t a = strtoll(ka, NULL, 10), b = strtoll(kb, NULL, 10);
    return (a > b) - (a < b);
}

/* Rows (key, count, marked, text, source) of every shard, one line_sum a
 * key; rows without a key hold the source's article count (*ndocs). */
static int sum_lines(lines_ctx *c, long *ndocs, fh_err *err)
{
    pg_row_set *s = &c->rows;
    if (s->oom) return fh_fail(err, "out of memory");
    pg_row_set_sort(s, by_key);
    if (!(c->v = calloc(s->n + 1, sizeof *c->v))) return fh_fail(err, "out of memory");
    for (size_t i = 0; i < s->n; i++) {
        const pg_row_ref *x = &s->v[i];
        if (!pg_row_col(x, 0)) {
            if (ndocs) *ndocs += atol(pg_row_col(x, 1));
            continue;
        }
        int64_t key = strtoll(pg_row_col(x, 0), NULL, 10);
        if (!c->n || c->v[c->n - 1].key != key) c->v[c->n++] = (line_sum){.key = key};
        line_sum *l = &c->v[c->n - 1];
        l->count += atol(pg_row_col(x, 1));
        l->marked |= pg_row_col(x, 2)[0] == 't';
        if (!l->text) l->text = pg_row_col(x, 3);
        if (!l->source) l->source = pg_row_col(x, 4);
    }
    return 0;
}

/* The lines' records of keys (an array literal), added up over the
 * shards, and (source non-NULL) the source's article count, in *ndocs. */
static int read_lines(fh_backend_db *db, const char *keys, const char *source, long *ndocs,
                      lines_ctx *c, fh_err *err)
{
    static const char lines_sql[] =
        "SELECT key, count, marked, text, source FROM fahras_bp_line WHERE key = ANY($1::bigint[])";
    static const char with_source_sql[] =
        "SELECT key, count, marked, text, source FROM fahras_bp_line WHERE key = ANY($1::bigint[])"
        " UNION ALL SELECT NULL, ndocs, NULL, NULL, NULL FROM fahras_bp_source WHERE source = $2";
    const char *vals[2] = {keys, source};
    if (pg_collection_rows(db, source ? with_source_sql : lines_sql, source ? 2 : 1, vals, pg_rows_keep,
                           &c->rows, err, "reading boilerplate lines"))
        return -1;
    return sum_lines(c, ndocs, err);
}

/* The keys of the marked lines (of source, or of every source), as an
 * array literal. */
static int marked_keys(fh_backend_db *db, const char *source, char **out, fh_err *err)
{
    pg_row_set s = {0};
    const char *vals[1] = {source};
    *out = NULL;
    int rc = pg_collection_rows(db,
                                source ? "SELECT key FROM fahras_bp_line WHERE source = $1 AND marked"
                                       : "SELECT key FROM fahras_bp_line WHERE marked",
                                source ? 1 : 0, vals, pg_rows_keep, &s, err, "reading boilerplate lines");
    if (!rc && s.oom) rc = fh_fail(err, "out of memory");
    int64_t *keys = rc ? NULL : malloc((s.n + 1) * sizeof *keys);
    if (!rc && !keys) rc = fh_fail(err, "out of memory");
    for (size_t i = 0; !rc && i < s.n; i++) keys[i] = strtoll(pg_row_col(&s.v[i], 0), NULL, 10);
    if (!rc && !(*out = pg_bigint_array(keys, s.n))) rc = fh_fail(err, "out of memory");
    free(keys);
    pg_row_set_free(&s);
    return rc;
}

/* Every source's article count, added up over the shards. */
static int read_sources(fh_backend_db *db, lines_ctx *c, pg_row_set *rows, fh_err *err)
{
    if (pg_collection_rows(db, "SELECT source, ndocs FROM fahras_bp_source", 0, NULL, pg_rows_keep,
                           rows, err, "reading sources"))
        return -1;
    if (rows->oom) return fh_fail(err, "out of memory");
    pg_row_set_sort(rows, pg_row_by_first);
    if (!(c->src = calloc(rows->n + 1, sizeof *c->src))) return fh_fail(err, "out of memory");
    for (size_t i = 0; i < rows->n; i++) {
        const char *src = pg_row_col(&rows->v[i], 0);
        if (!c->nsrc || strcmp(c->src[c->nsrc - 1].source, src)) c->src[c->nsrc++] = (source_sum){src, 0};
        c->src[c->nsrc - 1].ndocs += atol(pg_row_col(&rows->v[i], 1));
    }
    return 0;
}

static long ndocs_of(const lines_ctx *c, const char *source)
{
    size_t lo = 0, hi = c->nsrc;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int k = strcmp(c->src[mid].source, source);
        if (!k) return c->src[mid].ndocs;
        if (k < 0) lo = mid + 1;
        else hi = mid;
    }
    return 0;
}

/* As pg_boiler_get lists them: by source, the most frequent first. */
static int by_listing(const void *pa, const void *pb)
{
    const line_sum *a = pa, *b = pb;
    int c = strcmp(a->source ? a->source : "", b->source ? b->source : "");
    if (c) return c;
    if (a->count != b->count) return a->count > b->count ? -1 : 1;
    return (a->key > b->key) - (a->key < b->key);
}

int pg_shard_boiler_get(fh_backend_db *db, const char *source, const int64_t *keys, size_t n,
                        fh_boiler_row_fn fn, void *ctx, long *ndocs, fh_err *err)
{
    if (ndocs) *ndocs = 0;
    pg_shard_reads_start(db);
    int have = pg_shards_have(db, pg_boiler_have, err);
    if (have <= 0) return have;
    lines_ctx c = {0};
    pg_row_set srcs = {0};
    char *arr = NULL;
    int rc = 0;
    if (keys && !(arr = pg_bigint_array(keys, n))) rc = fh_fail(err, "out of memory");
    /* the marked lines: their keys, then their records on every shard
     * (a shard holding a line only since it was marked keeps it unmarked) */
    if (!rc && !keys) rc = marked_keys(db, source, &arr, err);
    if (!rc) rc = read_lines(db, arr, ndocs ? source : NULL, ndocs, &c, err);
    if (!rc && !source && !keys) {
        rc = read_sources(db, &c, &srcs, err);
        if (!rc) qsort(c.v, c.n, sizeof *c.v, by_listing);
    }
    for (size_t i = 0; !rc && i < c.n; i++) {
        const line_sum *l = &c.v[i];
        fh_boiler_row row = {.key = l->key, .count = l->count, .marked = l->marked,
                             .text = l->text, .source = source};
        if (!source && !keys) {
            row.source = l->source;
            row.ndocs = ndocs_of(&c, l->source);
        }
        if (fn(ctx, &row)) break;
    }
    free(arr);
    free(c.v);
    free(c.src);
    pg_row_set_free(&c.rows);
    pg_row_set_free(&srcs);
    return rc;
}

int pg_shard_boiler_count(fh_backend_db *db, const char *source, const int64_t *keys, size_t n,
                          const char *id, int delta, fh_err *err)
{
    fh_backend_db *s = pg_shard_batch_db(db, pg_shard_of(db, id, strlen(id)), err);
    return s ? pg_boiler_count(s, source, keys, n, id, delta, err) : -1;
}

/* On every shard: each keeps the mark of the records it holds. */
int pg_shard_boiler_mark(fh_backend_db *db, const fh_boiler_mark *marks, size_t n, fh_err *err)
{
    for (int i = 0; i < db->nshards; i++) {
        fh_backend_db *s = pg_shard_batch_db(db, i, err);
        if (!s || pg_boiler_mark(s, marks, n, err)) return -1;
    }
    return 0;
}

typedef struct ids_ctx {
    int (*fn)(void *ctx, const char *id);
    void *ctx;
    int stop;
} ids_ctx;

static void on_ids(void *ctx, PGresult *r)
{
    ids_ctx *c = ctx;
    for (int i = 0; i < PQntuples(r) && !c->stop; i++) c->stop = c->fn(c->ctx, PQgetvalue(r, i, 0));
}

int pg_shard_boiler_docs(fh_backend_db *db, const int64_t *keys, size_t n,
                         int (*fn)(void *ctx, const char *id), void *ctx, fh_err *err)
{
    ids_ctx c = {fn, ctx, 0};
    return pg_shard_array_rows(db, pg_boiler_have, pg_boiler_docs_sql, pg_bigint_array(keys, n),
                               on_ids, &c, err, "reading a line's articles");
}
