/*
 * own_index.c - the SQLite store searched through its own index
 * (src/index/index.h) instead of FTS5: the plan's statistics from the
 * index, the top k from its pruned evaluator (or the exhaustive one), the
 * facets and the total from its per-document values, the hits' rows read
 * by row id.  A store without the index's tables (schema 1, baselines)
 * keeps the FTS5 path.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facets.h"
#include "index.h"
#include "sqlite_store.h"

/* The FTS5 table, made from the documents when a writer asks for it. */
static int make_fts(fh_backend_db *d, fh_err *err)
{
    char describe[256], tokenize[320], sql[600];
    fahras_options_describe(&d->opts, describe, sizeof describe);
    size_t n = (size_t)snprintf(tokenize, sizeof tokenize, "fahras");
    for (const char *p = describe; *p && n < sizeof tokenize;) {
        size_t w = strcspn(p, " ");
        n += (size_t)snprintf(tokenize + n, sizeof tokenize - n, " '%.*s'", (int)w, p);
        p += w;
        while (*p == ' ') p++;
    }
    snprintf(sql, sizeof sql,
             "BEGIN IMMEDIATE; CREATE VIRTUAL TABLE fts USING fts5(title, body, content='docs',"
             " content_rowid='rowid', tokenize=\"%s\"); INSERT INTO fts(fts) VALUES ('rebuild'); COMMIT",
             tokenize);
    if (sq_exec(d, sql, err)) {
        sq_exec(d, "ROLLBACK", NULL);
        return -1;
    }
    d->has_fts = 1;
    return 0;
}

int sq_index_open(fh_backend_db *d, int mode, int want_fts, fh_err *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(d->db, "SELECT 1 FROM sqlite_schema WHERE name = 'fts'", -1, &st, NULL) == SQLITE_OK)
        d->has_fts = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    if (!fh_index_in_schema(d->db)) return 0;
    if (want_fts && !d->has_fts && mode == FH_STORE_WRITE && make_fts(d, err)) return -1;
    return fh_index_open(d->db, d->path, d->an, mode == FH_STORE_WRITE, &d->ix, err);
}

void sq_index_close(fh_backend_db *d)
{
    fh_index_close(d->ix);
    d->ix = NULL;
}

static int index_df(void *ctx, const fh_plan_clause *const *c, size_t n, long long *out, fh_err *err)
{
    fh_backend_db *d = ctx;
    for (size_t i = 0; i < n; i++)
        if (fh_index_df(d->ix, c[i], &out[i], err)) return -1;
    return 0;
}

int sq_index_planning(fh_backend_db *d, fh_plan_opts *o, fh_plan_stats *st, fh_err *err)
{
    memset(o, 0, sizeof *o);
    memset(st, 0, sizeof *st);
    o->exact_forms = 1;
    o->near_spelling = 1;
    st->n_docs = fh_index_docs(d->ix, err);
    if (st->n_docs < 0) return -1;
    st->df = index_df;
    st->ctx = d;
    return 0;
}

/* The index's facet values into the store's counter (a date counts for
 * its month: facets.h). */
static int add_facet(void *ctx, int kind, const char *value, uint64_t count)
{
    static const int kinds[IX_FACETS] = {FH_FACET_SOURCE, FH_FACET_CATEGORY, FH_FACET_MONTH};
    fh_facets_add(ctx, kinds[kind], value, strlen(value), (long)count);
    return 0;
}

/* Hits [offset, n) with their rows. */
static int deliver(fh_backend_db *d, const fh_backend_search *req, const fh_index_result *res,
                   fh_err *err)
{
    if (sq_prepare(d, &d->st_row,
                   "SELECT id, title, date, source, category, url, body FROM docs WHERE rowid = ?1", err))
        return -1;
    for (size_t i = (size_t)req->q->offset; i < res->n_hits; i++) {
        sqlite3_reset(d->st_row);
        sqlite3_bind_int64(d->st_row, 1, res->hits[i].rowid);
        int step = sqlite3_step(d->st_row);
        if (step == SQLITE_DONE) continue; /* gone since: a newer commit */
        if (step != SQLITE_ROW) {
            sqlite3_reset(d->st_row);
            return sq_db_fail(d, err, "reading a hit");
        }
        fh_backend_hit h;
        memset(&h, 0, sizeof h);
        h.hit.rank = (int)i + 1;
        h.hit.score = res->hits[i].score;
        h.hit.id = sq_col_text(d->st_row, 0);
        h.hit.title = sq_col_text(d->st_row, 1);
        h.hit.date = sq_col_text(d->st_row, 2);
        h.hit.source = sq_col_text(d->st_row, 3);
        h.hit.category = sq_col_text(d->st_row, 4);
        h.hit.url = sq_col_text(d->st_row, 5);
        if (req->want_bodies) {
            h.body = (const char *)sqlite3_column_text(d->st_row, 6);
            h.body_len = (size_t)sqlite3_column_bytes(d->st_row, 6);
        }
        if (req->on_hit(req->hit_ctx, &h)) break;
    }
    sqlite3_reset(d->st_row);
    return 0;
}

int sq_index_search(fh_backend_db *d, const fh_backend_search *req, long *total, fh_err *err)
{
    const fh_query *q = req->q;
    fh_index_query iq = {req->plan, q, (size_t)q->offset + (size_t)q->limit, q->exhaustive,
                         req->want_total, 0, req->facets ? add_facet : NULL, req->facets};
    fh_index_result res;
    if (fh_index_search(d->ix, &iq, &res, err)) return -1;
    if (req->facets || req->want_total) *total = res.total;
    return deliver(d, req, &res, err);
}
