/*
 * shard_records.c - a sharded store's near-duplicate records, boilerplate
 * records and entity summaries.  A document's own records live on its
 * shard, next to it and in the same transaction, stored as on one database
 * (dups.c, boiler.c, spans.c): its cluster and signature, its lines'
 * counts for its source, its spans.  What concerns the whole collection is
 * asked of every shard at once and put together here: the copies of a
 * document wherever they are, a source's article count and a line's count
 * (sums of the shards'), whether a line is marked (on any shard), a line's
 * holders, a cluster's members.  A change of a cluster's name or of a
 * line's mark is written on every shard.  What the records say is decided
 * by the store layer (src/store/dups.c, boiler.c), as for one database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_store.h"

/* Reads of a write see the open batch and need every shard; others (a
 * search, a listing) keep the search's state, or start one when there is
 * none. */
static void reads_start(fh_backend_db *db)
{
    if (db->in_tx) {
        pg_shard_write_reads(db);
    } else if (pg_now() >= db->deadline) {
        fh_query q = {0};
        pg_shard_search_start(db, &q);
    }
}

/* Whether every shard reachable has the tables (have: pg_dups_have or
 * pg_boiler_have); 0 when one lacks them (a store never written since). */
static int shards_have(fh_backend_db *db, int (*have)(fh_backend_db *, fh_err *), fh_err *err)
{
    for (int i = 0; i < db->nshards; i++) {
        fh_backend_db *s = db->shards[i].db;
        if (!s) continue; /* the statement names it */
        int h = have(s, err);
        if (h <= 0) return h;
    }
    return 1;
}

/* The records' tables on every shard, before a batch that writes them. */
int pg_shard_records_prepare(fh_backend_db *db, fh_err *err)
{
    for (int i = 0; i < db->nshards; i++) {
        pg_shard *sh = &db->shards[i];
        fh_err e;
        fh_backend_db *s = pg_shard_db(db, i, &e);
        if (!s) /* every shard is read for a document's copies and lines */
            return fh_fail(err, "shard %s (%s) is unavailable: %s", sh->name, sh->where, sh->down);
        if (pg_dups_prepare(s, err) || pg_boiler_prepare(s, err)) {
            if (PQstatus(s->conn) == CONNECTION_BAD) pg_shard_drop(db, i, err->msg);
            return -1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Near-duplicates                                                     */
/* ------------------------------------------------------------------ */

typedef struct dup_rows_ctx {
    fh_dup_row_fn fn;
    void *ctx;
    int stop;
} dup_rows_ctx;

static void on_dup_rows(void *ctx, PGresult *r)
{
    dup_rows_ctx *c = ctx;
    if (!c->stop) c->stop = pg_dup_rows(r, c->fn, c->ctx);
}

int pg_shard_dups_lookup(fh_backend_db *db, const int64_t *keys, size_t n_band, size_t n,
                         fh_dup_row_fn fn, void *ctx, fh_err *err)
{
    reads_start(db);
    int have = shards_have(db, pg_dups_have, err);
    if (have <= 0) return have;
    char *bands = pg_bigint_array(keys, n_band), *others = pg_bigint_array(keys + n_band, n - n_band);
    int rc;
    if (!bands || !others) {
        rc = fh_fail(err, "out of memory");
    } else {
        const char *vals[2] = {bands, others};
        dup_rows_ctx c = {fn, ctx, 0};
        rc = pg_collection_rows(db, pg_dups_lookup_sql, 2, vals, on_dup_rows, &c, err,
                                "looking up copies");
    }
    free(bands);
    free(others);
    return rc;
}

int pg_shard_dups_get(fh_backend_db *db, const char *id, fh_dup_row_fn fn, void *ctx, fh_err *err)
{
    int i = pg_shard_of(db, id, strlen(id));
    fh_backend_db *s = pg_shard_db(db, i, err);
    if (!s) return -1;
    if (!pg_dups_get(s, id, fn, ctx, err)) return 0;
    if (PQstatus(s->conn) == CONNECTION_BAD) pg_shard_drop(db, i, err->msg);
    return -1;
}

int pg_shard_dups_put(fh_backend_db *db, const fh_dup_row *r, const int64_t *keys, size_t n,
                      const int64_t *old, size_t n_old, fh_err *err)
{
    fh_backend_db *s = pg_shard_batch_db(db, pg_shard_of(db, r->id, strlen(r->id)), err);
    return s ? pg_dups_put(s, r, keys, n, old, n_old, err) : -1;
}

int pg_shard_dups_relabel(fh_backend_db *db, const char *from, const char *to, fh_err *err)
{
    for (int i = 0; i < db->nshards; i++) {
        fh_backend_db *s = pg_shard_batch_db(db, i, err);
        if (!s || pg_dups_relabel(s, from, to, err)) return -1;
    }
    return 0;
}

typedef struct clusters_ctx {
    int (*fn)(void *ctx, size_t i, const char *cluster);
    void *ctx;
    int stop;
} clusters_ctx;

static void on_clusters(void *ctx, PGresult *r)
{
    clusters_ctx *c = ctx;
    for (int i = 0; i < PQntuples(r) && !c->stop; i++)
        c->stop = c->fn(c->ctx, (size_t)strtoull(PQgetvalue(r, i, 0), NULL, 10), PQgetvalue(r, i, 1));
}

int pg_shard_dups_clusters(fh_backend_db *db, const char *const *ids, size_t n,
                           int (*fn)(void *ctx, size_t i, const char *cluster), void *ctx,
                           fh_err *err)
{
    reads_start(db);
    int have = shards_have(db, pg_dups_have, err);
    if (have <= 0) return have;
    char *arr = pg_text_array(ids, n);
    if (!arr) return fh_fail(err, "out of memory");
    const char *vals[1] = {arr};
    clusters_ctx c = {fn, ctx, 0};
    int rc = pg_collection_rows(db, pg_dups_clusters_sql, 1, vals, on_clusters, &c, err,
                                "reading clusters");
    free(arr);
    return rc;
}

/* Rows of the shards' results, put in one order. */
typedef struct row_ref {
    PGresult *r;
    int row;
    long size; /* of its cluster, when listing every cluster */
} row_ref;

typedef struct row_set {
    PGresult **res;
    size_t nres, capres;
    row_ref *v;
    size_t n, cap;
    int oom;
} row_set;

/* Keep r (owned from now on) and its rows. */
static void keep_rows(void *ctx, PGresult *r)
{
    row_set *s = ctx;
    if (s->nres == s->capres) {
        size_t cap = s->capres ? s->capres * 2 : 8;
        PGresult **p = realloc(s->res, cap * sizeof *p);
        if (!p) {
            s->oom = 1;
            return;
        }
        s->res = p;
        s->capres = cap;
    }
    PGresult *copy = PQcopyResult(r, PG_COPYRES_ATTRS | PG_COPYRES_TUPLES);
    if (!copy) {
        s->oom = 1;
        return;
    }
    s->res[s->nres++] = copy;
    for (int i = 0; i < PQntuples(copy); i++) {
        if (s->n == s->cap) {
            size_t cap = s->cap ? s->cap * 2 : 64;
            row_ref *p = realloc(s->v, cap * sizeof *p);
            if (!p) {
                s->oom = 1;
                return;
            }
            s->v = p;
            s->cap = cap;
        }
        s->v[s->n++] = (row_ref){copy, i, 0};
    }
}

static void row_set_sort(row_set *s, int (*cmp)(const void *, const void *))
{
    if (s->n > 1) qsort(s->v, s->n, sizeof *s->v, cmp);
}

static void row_set_free(row_set *s)
{
    for (size_t i = 0; i < s->nres; i++) PQclear(s->res[i]);
    free(s->res);
    free(s->v);
}

static const char *col(const row_ref *x, int c)
{
    return PQgetisnull(x->r, x->row, c) ? NULL : PQgetvalue(x->r, x->row, c);
}

/* NULL last, else byte order */
static int cmp_opt(const char *a, const char *b)
{
    if (!a || !b) return (a == NULL) - (b == NULL);
    return strcmp(a, b);
}

/* Members: the largest cluster first, then by cluster, date, id. */
static int by_member(const void *pa, const void *pb)
{
    const row_ref *a = pa, *b = pb;
    if (a->size != b->size) return a->size > b->size ? -1 : 1;
    int c = strcmp(col(a, 0), col(b, 0));
    if (!c) c = cmp_opt(col(a, 4), col(b, 4));
    return c ? c : strcmp(col(a, 1), col(b, 1));
}

static int by_cluster(const void *pa, const void *pb)
{
    return strcmp(col(pa, 0), col(pb, 0));
}

/* The clusters that may hold two or more documents over all shards: on
 * each shard those with two members there, or with one that did not begin
 * it (its beginner is elsewhere), as '{...}' in *labels. */
static int candidate_clusters(fh_backend_db *db, char **labels, fh_err *err)
{
    row_set rows = {0};
    *labels = NULL;
    int rc = pg_collection_rows(db,
                                "SELECT cluster FROM fahras_dup_doc GROUP BY cluster"
                                " HAVING count(*) > 1 OR bool_or(id <> cluster)",
                                0, NULL, keep_rows, &rows, err, "reading clusters");
    const char **v = rc ? NULL : malloc((rows.n + 1) * sizeof *v);
    if (!rc && (rows.oom || !v)) rc = fh_fail(err, "out of memory");
    for (size_t i = 0; !rc && i < rows.n; i++) v[i] = col(&rows.v[i], 0);
    if (!rc && !(*labels = pg_text_array(v, rows.n))) rc = fh_fail(err, "out of memory");
    free(v);
    row_set_free(&rows);
    return rc;
}

/* Each member's cluster size, counted on the members read (sorted by cluster). */
static void count_sizes(row_set *m)
{
    row_set_sort(m, by_cluster);
    for (size_t i = 0, j; i < m->n; i = j) {
        for (j = i; j < m->n && !strcmp(col(&m->v[j], 0), col(&m->v[i], 0)); j++)
            ;
        for (size_t k = i; k < j; k++) m->v[k].size = (long)(j - i);
    }
}

int pg_shard_dups_members(fh_backend_db *db, const char *cluster, fh_dup_member_fn fn, void *ctx,
                          fh_err *err)
{
    reads_start(db);
    int have = shards_have(db, pg_dups_have, err);
    if (have <= 0) return have;
    row_set members = {0};
    char *labels = NULL;
    int rc = cluster ? 0 : candidate_clusters(db, &labels, err);
    const char *vals[1] = {cluster ? cluster : labels};
    if (!rc)
        rc = pg_collection_rows(db,
                                cluster ? PG_DUPS_MEMBERS_SQL("p.cluster = $1")
                                        : PG_DUPS_MEMBERS_SQL("p.cluster = ANY($1::text[])"),
                                1, vals, keep_rows, &members, err, "reading clusters");
    if (!rc && members.oom) rc = fh_fail(err, "out of memory");
    if (!rc) {
        if (!cluster) count_sizes(&members);
        row_set_sort(&members, by_member);
        for (size_t i = 0; i < members.n; i++) {
            if (!cluster && members.v[i].size < 2) continue; /* alone after all */
            if (pg_dup_member(members.v[i].r, members.v[i].row, fn, ctx)) break;
        }
    }
    free(labels);
    row_set_free(&members);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Boilerplate                                                         */
/* ------------------------------------------------------------------ */

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
    row_set rows;
    line_sum *v;
    size_t n;
    source_sum *src;
    size_t nsrc;
} lines_ctx;

/* By key; the source's article counts (no key) first. */
static int by_key(const void *pa, const void *pb)
{
    const char *ka = col(pa, 0), *kb = col(pb, 0);
    if (!ka || !kb) return (ka != NULL) - (kb != NULL);
    int64_t a = strtoll(ka, NULL, 10), b = strtoll(kb, NULL, 10);
    return (a > b) - (a < b);
}

/* Rows (key, count, marked, text, source) of every shard, one line_sum a
 * key; rows without a key hold the source's article count (*ndocs). */
static int sum_lines(lines_ctx *c, long *ndocs, fh_err *err)
{
    row_set *s = &c->rows;
    if (s->oom) return fh_fail(err, "out of memory");
    row_set_sort(s, by_key);
    if (!(c->v = calloc(s->n + 1, sizeof *c->v))) return fh_fail(err, "out of memory");
    for (size_t i = 0; i < s->n; i++) {
        const row_ref *x = &s->v[i];
        if (!col(x, 0)) {
            if (ndocs) *ndocs += atol(col(x, 1));
            continue;
        }
        int64_t key = strtoll(col(x, 0), NULL, 10);
        if (!c->n || c->v[c->n - 1].key != key) c->v[c->n++] = (line_sum){.key = key};
        line_sum *l = &c->v[c->n - 1];
        l->count += atol(col(x, 1));
        l->marked |= col(x, 2)[0] == 't';
        if (!l->text) l->text = col(x, 3);
        if (!l->source) l->source = col(x, 4);
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
    if (pg_collection_rows(db, source ? with_source_sql : lines_sql, source ? 2 : 1, vals, keep_rows,
                           &c->rows, err, "reading boilerplate lines"))
        return -1;
    return sum_lines(c, ndocs, err);
}

/* The keys of the marked lines (of source, or of every source), as an
 * array literal. */
static int marked_keys(fh_backend_db *db, const char *source, char **out, fh_err *err)
{
    row_set s = {0};
    const char *vals[1] = {source};
    *out = NULL;
    int rc = pg_collection_rows(db,
                                source ? "SELECT key FROM fahras_bp_line WHERE source = $1 AND marked"
                                       : "SELECT key FROM fahras_bp_line WHERE marked",
                                source ? 1 : 0, vals, keep_rows, &s, err, "reading boilerplate lines");
    if (!rc && s.oom) rc = fh_fail(err, "out of memory");
    int64_t *keys = rc ? NULL : malloc((s.n + 1) * sizeof *keys);
    if (!rc && !keys) rc = fh_fail(err, "out of memory");
    for (size_t i = 0; !rc && i < s.n; i++) keys[i] = strtoll(col(&s.v[i], 0), NULL, 10);
    if (!rc && !(*out = pg_bigint_array(keys, s.n))) rc = fh_fail(err, "out of memory");
    free(keys);
    row_set_free(&s);
    return rc;
}

/* Every source's article count, added up over the shards. */
static int read_sources(fh_backend_db *db, lines_ctx *c, row_set *rows, fh_err *err)
{
    if (pg_collection_rows(db, "SELECT source, ndocs FROM fahras_bp_source", 0, NULL, keep_rows,
                           rows, err, "reading sources"))
        return -1;
    if (rows->oom) return fh_fail(err, "out of memory");
    row_set_sort(rows, by_cluster);
    if (!(c->src = calloc(rows->n + 1, sizeof *c->src))) return fh_fail(err, "out of memory");
    for (size_t i = 0; i < rows->n; i++) {
        const char *src = col(&rows->v[i], 0);
        if (!c->nsrc || strcmp(c->src[c->nsrc - 1].source, src)) c->src[c->nsrc++] = (source_sum){src, 0};
        c->src[c->nsrc - 1].ndocs += atol(col(&rows->v[i], 1));
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
    reads_start(db);
    int have = shards_have(db, pg_boiler_have, err);
    if (have <= 0) return have;
    lines_ctx c = {0};
    row_set srcs = {0};
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
    row_set_free(&c.rows);
    row_set_free(&srcs);
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
    reads_start(db);
    int have = shards_have(db, pg_boiler_have, err);
    if (have <= 0) return have;
    char *arr = pg_bigint_array(keys, n);
    if (!arr) return fh_fail(err, "out of memory");
    const char *vals[1] = {arr};
    ids_ctx c = {fn, ctx, 0};
    int rc = pg_collection_rows(db, pg_boiler_docs_sql, 1, vals, on_ids, &c, err,
                                "reading a line's articles");
    free(arr);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Entities                                                            */
/* ------------------------------------------------------------------ */

int pg_shard_put_spans(fh_backend_db *db, const fh_doc *doc, const fh_doc_spans *sp, fh_err *err)
{
    fh_backend_db *s = pg_shard_batch_db(db, pg_shard_of(db, doc->id, doc->id_len), err);
    return s ? pg_put_spans(s, doc, sp, err) : -1;
}

/* Every shard reached keeps them (a shard down: the search names it). */
int pg_shard_spans_kept(fh_backend_db *db)
{
    int any = 0;
    for (int i = 0; i < db->nshards; i++) {
        fh_backend_db *s = db->shards[i].db;
        if (!s) continue;
        if (!pg_spans_kept(s)) return 0;
        any = 1;
    }
    return any;
}
