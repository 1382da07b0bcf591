/*
 * search.c - evaluating a plan on PostgreSQL: the page ranked by
 * fahras_rank with the total counted alongside, and the facets in one
 * GROUPING SETS query (one scan of the matches for all three kinds).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_store.h"

/* The order of a page (at alias a, "" or "h."): by score, or by date
 * with documents without one last; ties in the ids' byte order, whatever
 * the database's collation, as the SQLite store and a sharded store's
 * merge order them. */
const char *pg_order(int sort, const char *a)
{
    if (!strcmp(a, "h.")) {
        if (sort == FH_SORT_NEWEST)
            return " ORDER BY coalesce(h.date, '') = '', h.date COLLATE \"C\" DESC, h.score DESC, h.id COLLATE \"C\"";
        if (sort == FH_SORT_OLDEST)
            return " ORDER BY coalesce(h.date, '') = '', h.date COLLATE \"C\", h.score DESC, h.id COLLATE \"C\"";
        return " ORDER BY h.score DESC, h.id COLLATE \"C\"";
    }
    if (sort == FH_SORT_NEWEST)
        return " ORDER BY coalesce(date, '') = '', date COLLATE \"C\" DESC, score DESC, id COLLATE \"C\"";
    if (sort == FH_SORT_OLDEST)
        return " ORDER BY coalesce(date, '') = '', date COLLATE \"C\", score DESC, id COLLATE \"C\"";
    return " ORDER BY score DESC, id COLLATE \"C\"";
}

void pg_page_total(const pg_match *m, sbuf *sql)
{
    if (!m->browse || m->span_filtered) { /* every match is read for the order anyway */
        fh_sb_str(sql, ", count(*) OVER () AS total");
        return;
    }
    /* counted apart (one scan, run once), so that the page itself stops
     * after its rows of a date-order index */
    fh_sb_str(sql, ", (SELECT count(*) FROM fahras_docs");
    fh_sb_str(sql, pg_match_where(m));
    fh_sb_str(sql, m->where.p);
    fh_sb_str(sql, ") AS total");
}

const char *pg_match_order(const pg_match *m, int sort)
{
    if (!m->span_filtered) return pg_order(sort, "");
    /* date || '' is date, NULL where it is NULL: the same order */
    if (sort == FH_SORT_NEWEST)
        return " ORDER BY coalesce(date, '') = '', (date || '') COLLATE \"C\" DESC, score DESC, id COLLATE \"C\"";
    if (sort == FH_SORT_OLDEST)
        return " ORDER BY coalesce(date, '') = '', (date || '') COLLATE \"C\", score DESC, id COLLATE \"C\"";
    return pg_order(sort, "");
}

/* The columns of a page's rows, of d (fahras_docs) and h (the ranked
 * matches: id, score, total). */
static int page_columns(fh_backend_db *db, const fh_backend_search *req, sbuf *sql, fh_err *err)
{
    fh_sb_str(sql, "SELECT d.id, d.title, d.date, d.source, d.category, d.url, h.score, h.total, ");
    /* only the part of a body its snippet is made from (characters) */
    char body[64];
    snprintf(body, sizeof body, "left(d.body, %zu) ", req->body_bytes);
    fh_sb_str(sql, req->want_bodies ? body : "NULL ");
    if (pg_boiler_have(db, err) < 0) return -1;
    fh_sb_str(sql, req->want_bodies && db->bp_tables ? ", d.boiler " : ", NULL ");
    return 0;
}

void pg_hit_fields(fh_backend_hit *h, PGresult *r, int row)
{
    /* missing fields are "" (PQgetvalue's answer for NULL) */
    h->hit.id = PQgetvalue(r, row, 0);
    h->hit.title = PQgetvalue(r, row, 1);
    h->hit.date = PQgetvalue(r, row, 2);
    h->hit.source = PQgetvalue(r, row, 3);
    h->hit.category = PQgetvalue(r, row, 4);
    h->hit.url = PQgetvalue(r, row, 5);
}

/* The page's rows (page_columns) delivered as req's hits. */
static void page_deliver(const fh_backend_search *req, PGresult *r)
{
    for (int i = 0; i < PQntuples(r); i++) {
        fh_backend_hit h;
        memset(&h, 0, sizeof h);
        h.hit.rank = req->q->offset + i + 1;
        pg_hit_fields(&h, r, i);
        h.hit.score = atof(PQgetvalue(r, i, 6));
        if (req->want_bodies) {
            h.body = PQgetvalue(r, i, 8);
            h.body_len = (size_t)PQgetlength(r, i, 8);
            h.mask = PQgetisnull(r, i, 9) ? NULL : PQgetvalue(r, i, 9);
            h.mask_len = h.mask ? (size_t)PQgetlength(r, i, 9) : 0;
        }
        if (req->on_hit(req->hit_ctx, &h)) break;
    }
}

int pg_page(fh_backend_db *db, const fh_backend_search *req, const pg_match *m, const char *match,
            double need, double *kth, long *total, fh_err *err)
{
    sbuf sql = {0};
    char lim[96];
    snprintf(lim, sizeof lim, " LIMIT %d OFFSET %d", req->q->limit, req->q->offset);
    /* Every match is scored and counted, but only the page's rows are
     * fetched whole: the inner query reads nothing but the tsvector. */
    if (page_columns(db, req, &sql, err)) {
        free(sql.p);
        return -1;
    }
    fh_sb_str(&sql, "FROM (SELECT id, date, ");
    fh_sb_str(&sql, pg_match_score(m));
    fh_sb_str(&sql, " AS score");
    if (match) fh_sb_str(&sql, ", -1 AS total");
    else pg_page_total(m, &sql);
    fh_sb_str(&sql, " FROM fahras_docs");
    fh_sb_str(&sql, pg_match_where(m));
    fh_sb_str(&sql, m->where.p);
    fh_sb_str(&sql, pg_match_order(m, req->q->sort));
    fh_sb_str(&sql, lim);
    fh_sb_str(&sql, ") h JOIN fahras_docs d ON d.id = h.id");
    fh_sb_str(&sql, pg_order(req->q->sort, "h."));
    if (sql.oom) return fh_fail(err, "out of memory");
    const char *params[sizeof m->params / sizeof m->params[0]];
    memcpy(params, m->params, sizeof params);
    if (match) params[0] = match;
    PGresult *r = pg_exec_params(db, sql.p, m->n_params, params);
    free(sql.p);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) return pg_fail(db, r, err, "search");
    int rows = PQntuples(r);
    *total = rows ? atol(PQgetvalue(r, 0, 7)) : -1;
    if (match) { /* delivered only when no document outside `match` can be on the page */
        *kth = rows == req->q->limit ? atof(PQgetvalue(r, rows - 1, 6)) : 0;
        if (!(*kth > need)) {
            PQclear(r);
            return 1;
        }
    }
    page_deliver(req, r);
    PQclear(r);
    return 0;
}

int pg_one_ranking(const fh_backend_search *req, const pg_match *m)
{
    const fh_query *q = req->q;
    return req->entfacets && !m->browse && q->sort == FH_SORT_RELEVANCE && q->limit > 0 &&
           (long)q->offset + q->limit <= FH_ENTITY_FACET_DOCS;
}

/* The page from the entity facets' ranking (pg_spans_facets' best: the
 * best FH_ENTITY_FACET_DOCS, in the page's order), so that a search asked
 * for both ranks its matches once, as the SQLite store does: the ids of
 * the page's ranks, read whole by id.  *total: every match. */
static int page_of_best(fh_backend_db *db, const fh_backend_search *req, PGresult *best, long *total,
                        fh_err *err)
{
    int rows = PQntuples(best), from = req->q->offset, to = req->q->offset + req->q->limit;
    const char **ids = malloc(((size_t)req->q->limit + 1) * sizeof *ids);
    sbuf scores = {0}, sql = {0};
    size_t n = 0;
    int rank = 0;
    if (!ids) return fh_fail(err, "out of memory");
    fh_sb_str(&scores, "{");
    for (int i = 0; i < rows && rank < to; i++) {
        if (i && !strcmp(PQgetvalue(best, i, 0), PQgetvalue(best, i - 1, 0))) continue;
        if (rank++ < from) continue;
        if (n) fh_sb_str(&scores, ",");
        fh_sb_str(&scores, PQgetvalue(best, i, 6)); /* float8's text reads back exactly */
        ids[n++] = PQgetvalue(best, i, 0);
    }
    fh_sb_str(&scores, "}");
    *total = rows ? atol(PQgetvalue(best, 0, 8)) : 0;
    char *arr = n ? pg_text_array(ids, n) : NULL;
    int rc = 0;
    if (n && !arr) rc = fh_fail(err, "out of memory");
    if (!rc && n) rc = page_columns(db, req, &sql, err);
    if (!rc && n) {
        /* h.total, which page_columns names and nothing reads here, is
         * each hit's place in the page */
        fh_sb_str(&sql, "FROM unnest($1::text[], $2::float8[]) WITH ORDINALITY AS h(id, score, total)"
                        " JOIN fahras_docs d ON d.id = h.id ORDER BY h.total");
        if (sql.oom || scores.oom) rc = fh_fail(err, "out of memory");
    }
    if (!rc && n) {
        const char *vals[2] = {arr, scores.p};
        PGresult *r = pg_exec_params(db, sql.p, 2, vals);
        if (PQresultStatus(r) != PGRES_TUPLES_OK) rc = pg_fail(db, r, err, "search");
        else {
            page_deliver(req, r);
            PQclear(r);
        }
    }
    free(arr);
    free(ids);
    free(scores.p);
    free(sql.p);
    return rc;
}

/* The matches counted, up to the request's bound when the facets do not
 * visit every match anyway (then *req->total_lower says so). */
static int count_matches(fh_backend_db *db, const fh_backend_search *req, const pg_match *m, long *total,
                         fh_err *err)
{
    sbuf sql = {0};
    long bound = req->facets ? 0 : req->total_bound;
    char lim[64];
    snprintf(lim, sizeof lim, " LIMIT %ld) t", bound + 1);
    fh_sb_str(&sql, bound > 0 ? "SELECT count(*) FROM (SELECT 1 FROM fahras_docs"
                              : "SELECT count(*) FROM fahras_docs");
    fh_sb_str(&sql, pg_match_only(m));
    fh_sb_str(&sql, m->where.p);
    if (bound > 0) fh_sb_str(&sql, lim);
    if (sql.oom) return fh_fail(err, "out of memory");
    PGresult *r = pg_exec_params(db, sql.p, m->n_params, m->params);
    free(sql.p);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) return pg_fail(db, r, err, "counting the results");
    *total = atol(PQgetvalue(r, 0, 0));
    PQclear(r);
    if (bound > 0 && *total > bound) {
        *total = bound;
        if (req->total_lower) *req->total_lower = 1;
    }
    return 0;
}

/* The three facets in one query: GROUPING SETS aggregate every kind over
 * a single scan of the matching documents; store.c counts and orders. */
void pg_facets_sql(const pg_match *m, sbuf *sql)
{
    fh_sb_str(sql, "SELECT GROUPING(source), GROUPING(category), source, category, mo, count(*)"
                   " FROM (SELECT source, category, substr(date, 1, 7) AS mo FROM fahras_docs");
    fh_sb_str(sql, pg_match_only(m));
    fh_sb_str(sql, m->where.p);
    fh_sb_str(sql, ") t GROUP BY GROUPING SETS ((source), (category), (mo))");
}

void pg_facets_read(PGresult *r, fh_facets *f)
{
    for (int i = 0; i < PQntuples(r); i++) {
        int k = PQgetvalue(r, i, 0)[0] == '0' ? FH_FACET_SOURCE
                : PQgetvalue(r, i, 1)[0] == '0' ? FH_FACET_CATEGORY : FH_FACET_MONTH;
        int col = 2 + k;
        if (PQgetisnull(r, i, col)) continue;
        fh_facets_add(f, k, PQgetvalue(r, i, col), (size_t)PQgetlength(r, i, col),
                      atol(PQgetvalue(r, i, 5)));
    }
}

static int facets(fh_backend_db *db, const pg_match *m, fh_facets *f, fh_err *err)
{
    sbuf sql = {0};
    pg_facets_sql(m, &sql);
    if (sql.oom) return fh_fail(err, "out of memory");
    PGresult *r = pg_exec_params(db, sql.p, m->n_params, m->params);
    free(sql.p);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) return pg_fail(db, r, err, "facets");
    pg_facets_read(r, f);
    PQclear(r);
    return 0;
}

/* One kind counted apart, for a kind whose values outgrew the counter:
 * the server sorts the groups, only the top ones travel. */
void pg_facet_top_sql(const pg_match *m, int kind, sbuf *sql)
{
    static const char *const expr[FH_FACET_KINDS] = {"source", "category", "substr(date, 1, 7)"};
    char tail[128];
    fh_sb_str(sql, "SELECT ");
    fh_sb_str(sql, expr[kind]);
    fh_sb_str(sql, " AS v, count(*) FROM fahras_docs");
    fh_sb_str(sql, pg_match_only(m));
    fh_sb_str(sql, m->where.p);
    fh_sb_str(sql, " GROUP BY 1 HAVING ");
    fh_sb_str(sql, expr[kind]);
    fh_sb_str(sql, " <> '' ORDER BY count(*) DESC, ");
    fh_sb_str(sql, expr[kind]);
    snprintf(tail, sizeof tail, " COLLATE \"C\" LIMIT %d", FH_FACET_TOP);
    fh_sb_str(sql, tail);
}

static int facet_top(fh_backend_db *db, const pg_match *m, int kind, fh_facets *f, fh_err *err)
{
    sbuf sql = {0};
    pg_facet_top_sql(m, kind, &sql);
    if (sql.oom) return fh_fail(err, "out of memory");
    PGresult *r = pg_exec_params(db, sql.p, m->n_params, m->params);
    free(sql.p);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) return pg_fail(db, r, err, "facets");
    for (int i = 0; i < PQntuples(r); i++)
        fh_facets_add_top(f, kind, PQgetvalue(r, i, 0), atol(PQgetvalue(r, i, 1)));
    PQclear(r);
    return 0;
}

int pg_search(fh_backend_db *db, const fh_backend_search *req, long *total, fh_err *err)
{
    pg_match m;
    if (pg_translate(db, req->plan, req->q, &m, err)) return -1;
    long n = -1;
    int rc = pg_spans_where(db, req->ents, &m, err);
    int by_index = pg_scan_by_index(db, m.broad);
    PGresult *best = NULL;
    if (!rc && req->entfacets)
        rc = pg_spans_facets(db, &m, req->q->sort, req->entfacets, pg_one_ranking(req, &m) ? &best : NULL, err);
    int done = 0;
    if (!rc && best) {
        rc = page_of_best(db, req, best, &n, err);
        done = 1;
    }
    PQclear(best);
    /* the best k among fewer documents when the bounds allow (topk.c),
     * else every match ranked */
    if (!rc && !done) done = pg_topk_page(db, req, &m, err);
    if (done < 0) rc = -1;
    if (!rc && !done) rc = pg_page(db, req, &m, NULL, 0, NULL, &n, err);
    /* past the last page, a narrowed page, or no page asked: count apart */
    if (!rc && n < 0 && req->want_total) rc = count_matches(db, req, &m, &n, err);
    if (!rc && req->facets) rc = facets(db, &m, req->facets, err);
    for (int k = 0; !rc && req->facets && k < FH_FACET_KINDS; k++)
        if (fh_facets_overflowed(req->facets, k)) rc = facet_top(db, &m, k, req->facets, err);
    if (!rc) *total = n < 0 ? 0 : n;
    pg_scan_restore(db, by_index);
    pg_match_free(&m);
    return rc;
}
