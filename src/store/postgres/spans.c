/*
 * spans.c - the PostgreSQL backend's entities, dates and counts of each
 * document (store/spans.h's summary rows), in one table made before the
 * first batch of a store that keeps them:
 *
 *   fahras_doc_span(id, type, key, value, name, n, lo, hi)
 *     indexed by id, by (type, key) for entity filters and by (type, hi,
 *     lo) for event dates
 *
 * A document's rows are replaced by one statement of its batch (so a
 * replayed batch writes them again); the filters become conditions on
 * fahras_docs.id, and the entity facets read the rows of the best matches
 * in one statement.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_store.h"

/* An entity filter's documents read from the index alone (type, key,
 * id), not from a heap page per row: 163 ms cold for the 3,229 rows of
 * LOC:السعوديه among 540,919, 1.6 ms with it.  A store made before it
 * gets it, and loses the index of (type, key) it replaces, before its
 * next batch; best effort, as searches need it only to be fast. */
#define KEY_ID_INDEX_SQL "CREATE INDEX IF NOT EXISTS fahras_doc_span_key_id ON fahras_doc_span (type, key, id);"
#define OLD_KEY_INDEX_SQL "DROP INDEX IF EXISTS fahras_doc_span_key"

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS fahras_doc_span (id text NOT NULL, type int NOT NULL,"
    " key text NOT NULL, value text NOT NULL, name text NOT NULL, n int NOT NULL, lo text, hi text);"
    "CREATE INDEX IF NOT EXISTS fahras_doc_span_id ON fahras_doc_span (id);" KEY_ID_INDEX_SQL
    "CREATE INDEX IF NOT EXISTS fahras_doc_span_day ON fahras_doc_span (type, hi, lo);";

int pg_spans_kept(fh_backend_db *db)
{
    if (db->span_table) return 1;
    PGresult *r = PQexec(db->conn, "SELECT to_regclass('fahras_doc_span') IS NOT NULL");
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
        db->span_table = PQgetvalue(r, 0, 0)[0] == 't';
    PQclear(r);
    return db->span_table;
}

int pg_spans_prepare(fh_backend_db *db, fh_err *err)
{
    if (!db->want_spans) return 0;
    if (pg_spans_kept(db))
        return pg_indexes_prepare(db, "{fahras_doc_span_key_id}", KEY_ID_INDEX_SQL OLD_KEY_INDEX_SQL,
                                  &db->span_key_id_index, err);
    if (pg_exec_cmd(db, schema_sql, err, "creating the entity table")) return -1;
    db->span_table = 1;
    db->span_key_id_index = 1;
    return 0;
}

/* s as an element of a PostgreSQL array literal: quoted, \ and " escaped. */
static void add_element(sbuf *b, const char *s)
{
    if (!s) {
        fh_sb_str(b, "NULL");
        return;
    }
    fh_sb_str(b, "\"");
    for (const char *p = s; *p; p++) {
        if (*p == '"' || *p == '\\') fh_sb_str(b, "\\");
        fh_sb_add(b, p, 1);
    }
    fh_sb_str(b, "\"");
}

int pg_put_spans(fh_backend_db *db, const fh_doc *doc, const fh_doc_spans *sp, fh_err *err)
{
    static const char sql[] =
        "WITH gone AS (DELETE FROM fahras_doc_span WHERE id = $1) "
        "INSERT INTO fahras_doc_span (id, type, key, value, name, n, lo, hi) "
        "SELECT $1, u.* FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::int[],"
        " $7::text[], $8::text[]) AS u";
    if (!db->span_table) return 0; /* a store that keeps none */
    sbuf a[7];
    memset(a, 0, sizeof a);
    for (int k = 0; k < 7; k++) fh_sb_str(&a[k], "{");
    char num[32];
    for (size_t i = 0; i < fh_doc_spans_count(sp); i++) {
        const fh_span_row *r = fh_doc_spans_row(sp, i);
        const char *sep = i ? "," : "";
        for (int k = 0; k < 7; k++) fh_sb_str(&a[k], sep);
        snprintf(num, sizeof num, "%d", r->type);
        fh_sb_str(&a[0], num);
        add_element(&a[1], r->key);
        add_element(&a[2], r->value);
        add_element(&a[3], r->name);
        snprintf(num, sizeof num, "%ld", r->n);
        fh_sb_str(&a[4], num);
        add_element(&a[5], r->lo);
        add_element(&a[6], r->hi);
    }
    int oom = 0;
    for (int k = 0; k < 7; k++) {
        fh_sb_str(&a[k], "}");
        oom |= a[k].oom;
    }
    char *id = strndup(doc->id, doc->id_len);
    int rc;
    if (oom || !id) {
        rc = fh_fail(err, "out of memory");
    } else {
        const char *vals[8] = {id, a[0].p, a[1].p, a[2].p, a[3].p, a[4].p, a[5].p, a[6].p};
        rc = pg_batch_exec(db, "fahras_put_spans", sql, &db->spans_prepared, 8, vals, err);
    }
    free(id);
    for (int k = 0; k < 7; k++) free(a[k].p);
    return rc;
}

int pg_spans_where(fh_backend_db *db, const fh_entity_filters *f, pg_match *m, fh_err *err)
{
    if (!f) return 0;
    sbuf *w = &m->where;
    m->span_filtered = f->n > 0 || f->events;
    char tmp[160];
    for (int i = 0; i < f->n; i++) {
        char *key = PQescapeLiteral(db->conn, f->key[i], strlen(f->key[i]));
        if (!key) return fh_fail(err, "out of memory");
        snprintf(tmp, sizeof tmp,
                 " AND id IN (SELECT id FROM fahras_doc_span WHERE type IN (%d, %d) AND key = ",
                 f->type[i], f->type[i] + FH_SPAN_ALIAS);
        fh_sb_str(w, tmp);
        fh_sb_str(w, key);
        fh_sb_str(w, ")");
        PQfreemem(key);
    }
    if (f->events) { /* days are digits and dashes (filter.c) */
        snprintf(tmp, sizeof tmp,
                 " AND id IN (SELECT id FROM fahras_doc_span WHERE type = %d AND hi >= '%s'"
                 " AND lo <= '%s')",
                 FAHRAS_SPAN_DATE, f->event_lo, f->event_hi);
        fh_sb_str(w, tmp);
    }
    return w->oom ? fh_fail(err, "out of memory") : 0;
}

void pg_facet_docs_sql(const pg_match *m, const char *rank, int sort, int with_total, sbuf *sql)
{
    char lim[64];
    snprintf(lim, sizeof lim, " LIMIT %d", FH_ENTITY_FACET_DOCS);
    fh_sb_str(sql, "SELECT h.id, s.type, s.key, s.name, s.n, s.lo, h.score, coalesce(h.date, ''), h.total"
                   " FROM (SELECT id, date, ");
    fh_sb_str(sql, rank);
    fh_sb_str(sql, " AS score");
    fh_sb_str(sql, with_total ? ", count(*) OVER () AS total" : ", 0 AS total");
    fh_sb_str(sql, " FROM fahras_docs");
    fh_sb_str(sql, pg_match_where(m));
    fh_sb_str(sql, m->where.p);
    fh_sb_str(sql, pg_match_order(m, sort));
    fh_sb_str(sql, lim);
    /* a match without rows too: it takes its place among the best */
    fh_sb_str(sql, ") h LEFT JOIN" PG_FACET_ROWS);
}

int pg_spans_facets(fh_backend_db *db, const pg_match *m, int sort, fh_entfacets *e, PGresult **best,
                    fh_err *err)
{
    sbuf sql = {0};
    if (!m->browse) sort = FH_SORT_RELEVANCE; /* the best by rank */
    pg_facet_docs_sql(m, pg_match_score(m), sort, best != NULL, &sql);
    fh_sb_str(&sql, pg_order(sort, "h."));
    if (sql.oom) return fh_fail(err, "out of memory");
    PGresult *r = pg_exec_params(db, sql.p, m->n_params, m->params);
    free(sql.p);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) return pg_fail(db, r, err, "entity facets");
    long doc = -1;
    const char *last = NULL;
    for (int i = 0; i < PQntuples(r); i++) {
        if (PQgetisnull(r, i, 1)) continue;
        if (!last || strcmp(PQgetvalue(r, i, 0), last)) doc++;
        last = PQgetvalue(r, i, 0);
        fh_entfacets_row(e, doc, atoi(PQgetvalue(r, i, 1)), PQgetvalue(r, i, 2), PQgetvalue(r, i, 3),
                         atol(PQgetvalue(r, i, 4)), PQgetisnull(r, i, 5) ? NULL : PQgetvalue(r, i, 5));
    }
    if (best) *best = r;
    else PQclear(r);
    return 0;
}
