/*
 * search.c - evaluating a plan on SQLite: the facets and the total from
 * one pass over the matching documents (each GROUP BY would evaluate the
 * full-text match again), then the page ranked by fahras_bm25.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rank.h"
#include "sqlite_store.h"

static const char *const facet_expr[FH_FACET_KINDS] = {"d.source", "d.category",
                                                        "substr(d.date, 1, 7)"};

/* "SELECT cols" over m's matches, then tail, prepared and bound (?1 the
 * match, the filters from ?3); NULL with err (what failed to prepare). */
static sqlite3_stmt *match_stmt(fh_backend_db *d, const sq_match *m, const char *cols, const char *tail,
                                const char *what, fh_err *err)
{
    sbuf sql = {0};
    fh_sb_str(&sql, "SELECT ");
    fh_sb_str(&sql, cols);
    fh_sb_str(&sql, " ");
    fh_sb_str(&sql, m->from);
    fh_sb_str(&sql, m->where.p);
    fh_sb_str(&sql, tail);
    sqlite3_stmt *st = NULL;
    if (sql.oom || sqlite3_prepare_v2(d->db, sql.p, -1, &st, NULL) != SQLITE_OK) {
        sq_db_fail(d, err, what);
        sqlite3_finalize(st);
        st = NULL;
    } else {
        if (m->match.p) sqlite3_bind_text(st, 1, m->match.p, -1, SQLITE_STATIC);
        sq_bind_params(st, m);
    }
    free(sql.p);
    return st;
}

/* One kind counted by SQL, for a kind whose values outgrew the counter:
 * GROUP BY, whose sorter spills to disk, so memory stays bounded. */
static int facet_by_sql(fh_backend_db *d, const sq_match *m, int kind, fh_facets *f, fh_err *err)
{
    char cols[64], tail[96];
    snprintf(cols, sizeof cols, "%s AS v, count(*)", facet_expr[kind]);
    snprintf(tail, sizeof tail, " AND v IS NOT NULL AND v != '' GROUP BY v ORDER BY 2 DESC, 1 LIMIT %d",
             FH_FACET_TOP);
    sqlite3_stmt *st = match_stmt(d, m, cols, tail, "preparing facets", err);
    if (!st) return -1;
    int step, rc = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        fh_facets_add_top(f, kind, sq_col_text(st, 0), (long)sqlite3_column_int64(st, 1));
    if (step != SQLITE_DONE) rc = sq_db_fail(d, err, "facets");
    sqlite3_finalize(st);
    return rc;
}

/* Facets and the number of matches, from one pass. */
static int facet_pass(fh_backend_db *d, const sq_match *m, fh_facets *f, long *rows, fh_err *err)
{
    *rows = 0;
    sqlite3_stmt *st = match_stmt(d, m, "d.source, d.category, d.date", "", "preparing facets", err);
    if (!st) return -1;
    int step, rc = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        ++*rows;
        for (int k = 0; k < FH_FACET_KINDS; k++) {
            const char *v = (const char *)sqlite3_column_text(st, k);
            if (v) fh_facets_add(f, k, v, (size_t)sqlite3_column_bytes(st, k), 1);
        }
    }
    if (step != SQLITE_DONE) rc = sq_db_fail(d, err, "facets");
    sqlite3_finalize(st);
    for (int k = 0; !rc && k < FH_FACET_KINDS; k++)
        if (fh_facets_overflowed(f, k)) rc = facet_by_sql(d, m, k, f, err);
    return rc;
}

static int count_matches(fh_backend_db *d, const sq_match *m, long *total, fh_err *err)
{
    sqlite3_stmt *st = match_stmt(d, m, "count(*)", "", "preparing the count", err);
    if (!st) return -1;
    int rc = 0;
    if (sqlite3_step(st) == SQLITE_ROW) *total = (long)sqlite3_column_int64(st, 0);
    else rc = sq_db_fail(d, err, "counting matches");
    sqlite3_finalize(st);
    return rc;
}

/* The order of the hits: by date, documents without one last, ties by
 * rank, or by id in a browse (no rank); else by rank. */
static const char *order_by(const fh_backend_search *req)
{
    int newest = req->q->sort == FH_SORT_NEWEST;
    if (!req->plan) /* walks docs_date (a stored date is never '': db.c) */
        return newest ? " ORDER BY d.date DESC NULLS LAST, d.id" : " ORDER BY d.date NULLS LAST, d.id";
    if (req->q->sort == FH_SORT_RELEVANCE) return " ORDER BY fts.rank";
    return newest ? " ORDER BY coalesce(d.date, '') = '', d.date DESC, fts.rank"
                  : " ORDER BY coalesce(d.date, '') = '', d.date, fts.rank";
}

/* The page of hits, ranked by fahras_bm25 with the plan's phrase weights
 * and rank.h's field weights. */
static int page(fh_backend_db *d, const fh_backend_search *req, const sq_match *m, fh_err *err)
{
    sbuf sql = {0}, rankfn = {0};
    sqlite3_stmt *st = NULL;
    char cw[64];
    snprintf(cw, sizeof cw, "', '%g %g')", fh_rank_field_weight[FH_FIELD_TITLE],
             fh_rank_field_weight[FH_FIELD_BODY]);
    fh_sb_str(&sql, req->plan ? "SELECT d.id, d.title, d.date, d.source, d.category, d.url, -fts.rank"
                              : "SELECT d.id, d.title, d.date, d.source, d.category, d.url, 0");
    /* only the part of a body its snippet is made from (bytes: a blob) */
    fh_sb_str(&sql, req->want_bodies ? ", substr(CAST(d.body AS BLOB), 1, ?9)" : ", NULL");
    char mask[96];
    snprintf(mask, sizeof mask, sq_boiler_mask_sql(d), "d.rowid");
    fh_sb_str(&sql, ", ");
    fh_sb_str(&sql, mask);
    fh_sb_str(&sql, " ");
    fh_sb_str(&sql, m->from);
    if (req->plan) fh_sb_str(&sql, " AND fts.rank MATCH ?2");
    fh_sb_str(&sql, m->where.p);
    fh_sb_str(&sql, order_by(req));
    fh_sb_str(&sql, " LIMIT ?7 OFFSET ?8");
    fh_sb_str(&rankfn, "fahras_bm25('");
    fh_sb_str(&rankfn, m->weights.p);
    fh_sb_str(&rankfn, cw);
    if (sql.oom || rankfn.oom || sqlite3_prepare_v2(d->db, sql.p, -1, &st, NULL) != SQLITE_OK) {
        free(sql.p);
        free(rankfn.p);
        return sq_db_fail(d, err, "preparing the search");
    }
    if (m->match.p) sqlite3_bind_text(st, 1, m->match.p, -1, SQLITE_STATIC);
    if (req->plan) sqlite3_bind_text(st, 2, rankfn.p, -1, SQLITE_STATIC);
    sq_bind_params(st, m);
    sqlite3_bind_int(st, 7, req->q->limit);
    sqlite3_bind_int(st, 8, req->q->offset);
    if (req->want_bodies) sqlite3_bind_int64(st, 9, (sqlite3_int64)req->body_bytes);
    int rank = req->q->offset, step, rc = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        fh_backend_hit h;
        memset(&h, 0, sizeof h);
        h.hit.rank = ++rank;
        sq_col_hit(st, &h.hit);
        h.hit.score = sqlite3_column_double(st, 6);
        h.body = (const char *)sqlite3_column_text(st, 7);
        h.body_len = (size_t)sqlite3_column_bytes(st, 7);
        h.mask = (const char *)sqlite3_column_text(st, 8);
        h.mask_len = (size_t)sqlite3_column_bytes(st, 8);
        if (req->on_hit(req->hit_ctx, &h)) break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = fh_fail(err, "%s: search failed: %s", d->path, sqlite3_errmsg(d->db));
    sqlite3_finalize(st);
    free(sql.p);
    free(rankfn.p);
    return rc;
}

/* The entity facets' rows of the best FH_ENTITY_FACET_DOCS matches, by
 * the page's ranking. */
static int entity_rows(fh_backend_db *d, const fh_backend_search *req, const sq_match *m,
                       fh_err *err)
{
    sbuf sql = {0}, rankfn = {0};
    sqlite3_stmt *st = NULL;
    char cw[64], limit[64];
    snprintf(cw, sizeof cw, "', '%g %g')", fh_rank_field_weight[FH_FIELD_TITLE],
             fh_rank_field_weight[FH_FIELD_BODY]);
    snprintf(limit, sizeof limit, " LIMIT %d", FH_ENTITY_FACET_DOCS);
    fh_sb_str(&sql, "SELECT d.rowid ");
    fh_sb_str(&sql, m->from);
    if (req->plan) fh_sb_str(&sql, " AND fts.rank MATCH ?2");
    fh_sb_str(&sql, m->where.p);
    /* the best by rank; a browse's first in its order */
    fh_sb_str(&sql, req->plan ? " ORDER BY fts.rank" : order_by(req));
    fh_sb_str(&sql, limit);
    fh_sb_str(&rankfn, "fahras_bm25('");
    fh_sb_str(&rankfn, m->weights.p);
    fh_sb_str(&rankfn, cw);
    int rc = 0;
    if (sql.oom || rankfn.oom || sqlite3_prepare_v2(d->db, sql.p, -1, &st, NULL) != SQLITE_OK) {
        rc = sq_db_fail(d, err, "preparing the entity facets");
    } else {
        if (m->match.p) sqlite3_bind_text(st, 1, m->match.p, -1, SQLITE_STATIC);
        if (req->plan) sqlite3_bind_text(st, 2, rankfn.p, -1, SQLITE_STATIC);
        sq_bind_params(st, m);
        long n = 0;
        int step;
        while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
            rc = sq_spans_feed(d, sqlite3_column_int64(st, 0), n++, req->entfacets, err);
        if (!rc && step != SQLITE_DONE) rc = sq_db_fail(d, err, "entity facets");
    }
    sqlite3_finalize(st);
    free(sql.p);
    free(rankfn.p);
    return rc;
}

/* Every match of m, sorted row ids: for a browse a walk of docs_date (it
 * holds what the filters read), no more than its facet pass reads. */
static int matched_rows(fh_backend_db *d, const sq_match *m, int64_t **out, size_t *n, fh_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = match_stmt(d, m, "d.rowid", "", "reading the matches", err);
    if (!st) return -1;
    int step, rc = 0;
    size_t cap = 0;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 1024;
            int64_t *p = realloc(*out, cap * sizeof *p);
            if (!p) {
                rc = fh_fail(err, "out of memory");
                break;
            }
            *out = p;
        }
        (*out)[(*n)++] = sqlite3_column_int64(st, 0);
    }
    if (!rc && step != SQLITE_DONE) rc = sq_db_fail(d, err, "reading the matches");
    sqlite3_finalize(st);
    if (rc) {
        free(*out);
        *out = NULL;
        *n = 0;
    } else if (*n) {
        qsort(*out, *n, sizeof **out, sq_by_rowid);
    }
    return rc;
}

int sq_hidden_copies(fh_backend_db *d, const fh_backend_search *req, long *hidden, fh_err *err)
{
    *hidden = 0;
    if (req->ents && sq_spans_ready(d, err)) return -1;
    const sq_clustered *c;
    if (sq_dups_clustered(d, &c, err)) return -1;
    if (!c->n) return 1;
    int64_t *matched = NULL;
    size_t n = 0;
    int rc = 0;
    if (d->ix && req->plan) {
        rc = sq_index_matches(d, req, c->rowid, c->n, &matched, &n, err);
    } else {
        sq_match m;
        rc = sq_translate(d, req->plan, req->q, &m, err); /* frees its own on failure */
        if (!rc) {
            rc = sq_spans_where(req->ents, &m.where) ? fh_fail(err, "out of memory")
                                                      : matched_rows(d, &m, &matched, &n, err);
            sq_match_free(&m);
        }
    }
    long h = rc ? 0 : sq_clustered_hidden(c, matched, n, err);
    if (h < 0) rc = -1;
    else *hidden = h;
    free(matched);
    return rc ? -1 : 1;
}

int sq_search(fh_backend_db *d, const fh_backend_search *req, long *total, fh_err *err)
{
    if ((req->ents || req->entfacets) && sq_spans_ready(d, err)) return -1;
    /* the own index ranks words; a browse reads the documents table */
    if (d->ix && req->plan) return sq_index_search(d, req, total, err);
    sq_match m;
    if (sq_translate(d, req->plan, req->q, &m, err)) return -1;
    if (sq_spans_where(req->ents, &m.where)) {
        sq_match_free(&m);
        return fh_fail(err, "out of memory");
    }
    if (req->entfacets && (sq_spans_facets_ready(d, err) || entity_rows(d, req, &m, err))) {
        sq_match_free(&m);
        return -1;
    }
    long n = -1;
    int rc = 0;
    if (req->facets) rc = facet_pass(d, &m, req->facets, &n, err);
    else if (req->want_total) rc = count_matches(d, &m, &n, err);
    if (!rc && n >= 0) *total = n;
    /* no match on this page: nothing to rank */
    if (!rc && !(n >= 0 && n <= req->q->offset)) rc = page(d, req, &m, err);
    sq_match_free(&m);
    return rc;
}
