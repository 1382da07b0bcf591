/*
 * shard_records.c - what a sharded store's records share (near-duplicates
 * in shard_dups.c, boilerplate in shard_boiler.c, entity summaries in
 * shard_spans.c).  A document's own records live on its shard, next to it
 * and in the same transaction, stored as on one database (dups.c,
 * boiler.c, spans.c): its cluster and signature, its lines' counts for its
 * source, its spans.  What concerns the whole collection is asked of every
 * shard at once and put together by the files above, from the rows kept
 * here.  What the records say is decided by the store layer
 * (src/store/dups.c, boiler.c), as for one database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_store.h"

/* Reads of a write see the open batch and need every shard; others (a
 * search, a listing) keep the search's state, or start one when there is
 * none. */
void pg_shard_reads_start(fh_backend_db *db)
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
int pg_shards_have(fh_backend_db *db, int (*have)(fh_backend_db *, fh_err *), fh_err *err)
{
    for (int i = 0; i < db->nshards; i++) {
        fh_backend_db *s = db->shards[i].db;
        if (!s) continue; /* the statement names it */
        int h = have(s, err);
        if (h <= 0) return h;
    }
    return 1;
}

/* sql with one argument, arr (an array literal, freed here; NULL: out of
 * memory), on every shard, fn given each result; 0 without a statement
 * when a shard lacks the tables (have). */
int pg_shard_array_rows(fh_backend_db *db, int (*have)(fh_backend_db *, fh_err *), const char *sql,
                        char *arr, pg_rows_fn fn, void *ctx, fh_err *err, const char *what)
{
    pg_shard_reads_start(db);
    int h = pg_shards_have(db, have, err);
    if (h <= 0) {
        free(arr);
        return h;
    }
    if (!arr) return fh_fail(err, "out of memory");
    const char *vals[1] = {arr};
    int rc = pg_collection_rows(db, sql, 1, vals, fn, ctx, err, what);
    free(arr);
    return rc;
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
        if (pg_dups_prepare(s, err) || pg_boiler_prepare(s, err) || pg_docs_prepare(s, err) ||
            pg_spans_prepare(s, err)) {
            if (PQstatus(s->conn) == CONNECTION_BAD) pg_shard_drop(db, i, err->msg);
            return -1;
        }
    }
    return 0;
}

/* Keep r (owned from now on) and its rows. */
void pg_rows_keep(void *ctx, PGresult *r)
{
    pg_row_set *s = ctx;
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
            pg_row_ref *p = realloc(s->v, cap * sizeof *p);
            if (!p) {
                s->oom = 1;
                return;
            }
            s->v = p;
            s->cap = cap;
        }
        s->v[s->n++] = (pg_row_ref){copy, i, 0};
    }
}

void pg_row_set_sort(pg_row_set *s, int (*cmp)(const void *, const void *))
{
    if (s->n > 1) qsort(s->v, s->n, sizeof *s->v, cmp);
}

void pg_row_set_free(pg_row_set *s)
{
    for (size_t i = 0; i < s->nres; i++) PQclear(s->res[i]);
    free(s->res);
    free(s->v);
}

const char *pg_row_col(const pg_row_ref *x, int c)
{
    return PQgetisnull(x->r, x->row, c) ? NULL : PQgetvalue(x->r, x->row, c);
}

/* By the first column's text (never NULL). */
int pg_row_by_first(const void *pa, const void *pb)
{
    return strcmp(pg_row_col(pa, 0), pg_row_col(pb, 0));
}
