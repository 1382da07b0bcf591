/*
 * shard_dups.c - a sharded store's near-duplicate records: a document's
 * copies wherever they are, a cluster's members over every shard; a change
 * of a cluster's name is written on every shard.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_store.h"

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
    pg_shard_reads_start(db);
    int have = pg_shards_have(db, pg_dups_have, err);
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
    clusters_ctx c = {fn, ctx, 0};
    return pg_shard_array_rows(db, pg_dups_have, pg_dups_clusters_sql, pg_text_array(ids, n),
                               on_clusters, &c, err, "reading clusters");
}

int pg_shard_hidden_copies(fh_backend_db *db, const fh_backend_search *req, long *hidden, fh_err *err)
{
    pg_shard_reads_start(db);
    int have = pg_shards_have(db, pg_dups_have, err);
    if (have <= 0) {
        *hidden = 0;
        return have < 0 ? -1 : 1;
    }
    return pg_hidden_copies_in(db, req, hidden, err);
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
    const pg_row_ref *a = pa, *b = pb;
    if (a->size != b->size) return a->size > b->size ? -1 : 1;
    int c = strcmp(pg_row_col(a, 0), pg_row_col(b, 0));
    if (!c) c = cmp_opt(pg_row_col(a, 4), pg_row_col(b, 4));
    return c ? c : strcmp(pg_row_col(a, 1), pg_row_col(b, 1));
}

/* The clusters that may hold two or more documents over all shards: on
 * each shard those with two members there, or with one that did not begin
 * it (its beginner is elsewhere), as '{...}' in *labels. */
static int candidate_clusters(fh_backend_db *db, char **labels, fh_err *err)
{
    pg_row_set rows = {0};
    *labels = NULL;
    int rc = pg_collection_rows(db,
                                "SELECT cluster FROM fahras_dup_doc GROUP BY cluster"
                                " HAVING count(*) > 1 OR bool_or(id <> cluster)",
                                0, NULL, pg_rows_keep, &rows, err, "reading clusters");
    const char **v = rc ? NULL : malloc((rows.n + 1) * sizeof *v);
    if (!rc && (rows.oom || !v)) rc = fh_fail(err, "out of memory");
    for (size_t i = 0; !rc && i < rows.n; i++) v[i] = pg_row_col(&rows.v[i], 0);
    if (!rc && !(*labels = pg_text_array(v, rows.n))) rc = fh_fail(err, "out of memory");
    free(v);
    pg_row_set_free(&rows);
    return rc;
}

/* Each member's cluster size, counted on the members read (sorted by cluster). */
static void count_sizes(pg_row_set *m)
{
    pg_row_set_sort(m, pg_row_by_first);
    for (size_t i = 0, j; i < m->n; i = j) {
        for (j = i; j < m->n && !strcmp(pg_row_col(&m->v[j], 0), pg_row_col(&m->v[i], 0)); j++)
            ;
        for (size_t k = i; k < j; k++) m->v[k].size = (long)(j - i);
    }
}

int pg_shard_dups_members(fh_backend_db *db, const char *cluster, fh_dup_member_fn fn, void *ctx,
                          fh_err *err)
{
    pg_shard_reads_start(db);
    int have = pg_shards_have(db, pg_dups_have, err);
    if (have <= 0) return have;
    pg_row_set members = {0};
    char *labels = NULL;
    int rc = cluster ? 0 : candidate_clusters(db, &labels, err);
    const char *vals[1] = {cluster ? cluster : labels};
    if (!rc)
        rc = pg_collection_rows(db,
                                cluster ? PG_DUPS_MEMBERS_SQL("p.cluster = $1")
                                        : PG_DUPS_MEMBERS_SQL("p.cluster = ANY($1::text[])"),
                                1, vals, pg_rows_keep, &members, err, "reading clusters");
    if (!rc && members.oom) rc = fh_fail(err, "out of memory");
    if (!rc) {
        if (!cluster) count_sizes(&members);
        pg_row_set_sort(&members, by_member);
        for (size_t i = 0; i < members.n; i++) {
            if (!cluster && members.v[i].size < 2) continue; /* alone after all */
            if (pg_dup_member(members.v[i].r, members.v[i].row, fn, ctx)) break;
        }
    }
    free(labels);
    pg_row_set_free(&members);
    return rc;
}
