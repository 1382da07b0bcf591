/*
 * spans.c - the SQLite backend's entities, dates and counts of each
 * document (store/spans.h's summary rows), in one table clustered by
 * document, made by the first write that keeps them:
 *
 *   doc_span(doc = docs.rowid, type, key, value, name, n, lo, hi)
 *     WITHOUT ROWID, primary key (doc, type, key, value)
 *   doc_span_name (type, key) of the entity and alias rows only:
 *                documents mentioning an entity (stores made before it
 *                have doc_span_key (type, key) over every row)
 *   doc_span_date (type, hi, lo) of the date rows only: documents with a
 *                date in a range (stores made before it have doc_span_day
 *                (type, hi, lo) over every row; the same queries use either)
 *
 * The entity and event filters (filter.h) become sets of row ids, or SQL
 * conditions on d.rowid for the FTS5 path; the entity facets read the
 * rows of the best matches by document.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite_store.h"

/* The rows doc_span_name holds; a query names this very condition so the
 * planner sees that the partial index holds its rows. */
#define NAME_ROWS "(type < 5 OR type > 16)"
_Static_assert(FAHRAS_SPAN_MISC == 4 && FAHRAS_SPAN_COUNT < 16 && FH_SPAN_ALIAS == 16,
               "NAME_ROWS: the entity types, then the value types, then the aliases of entity types");

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS doc_span(doc INTEGER NOT NULL, type INTEGER NOT NULL,"
    " key TEXT NOT NULL, value TEXT NOT NULL, name TEXT NOT NULL, n INTEGER NOT NULL,"
    " lo TEXT, hi TEXT, PRIMARY KEY (doc, type, key, value)) WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS doc_span_name ON doc_span(type, key) WHERE " NAME_ROWS ";"
    "CREATE INDEX IF NOT EXISTS doc_span_date ON doc_span(type, hi, lo) WHERE type = 5;";
_Static_assert(FAHRAS_SPAN_DATE == 5, "doc_span_date holds the rows of type FAHRAS_SPAN_DATE");

int sq_spans_kept(fh_backend_db *d)
{
    if (d->span_table) return 1;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(d->db, "SELECT 1 FROM sqlite_schema WHERE name = 'doc_span'", -1, &st,
                           NULL) != SQLITE_OK)
        return 0;
    d->span_table = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return d->span_table;
}

/* The statement inserting 1 << k rows: OR FAIL, as the rows of one
 * statement meet no conflict among themselves (a document's rows are
 * unique), so SQLite keeps no statement journal to undo part of one. */
static int span_put(fh_backend_db *d, int k, sqlite3_stmt **st, fh_err *err)
{
    if (d->st_span_put[k]) {
        *st = d->st_span_put[k];
        return 0;
    }
    static const char head[] = "INSERT OR FAIL INTO doc_span(doc, type, key, value, name, n, lo, hi) VALUES ";
    static const char row[] = ",(?, ?, ?, ?, ?, ?, ?, ?)";
    char sql[sizeof head + SQ_SPAN_PUT_MAX * sizeof row];
    size_t n = sizeof head - 1;
    memcpy(sql, head, n);
    for (int i = 0; i < 1 << k; i++) {
        memcpy(sql + n, row + !i, sizeof row - 1 - !i);
        n += sizeof row - 1 - !i;
    }
    sql[n] = '\0';
    if (sq_prepare(d, &d->st_span_put[k], sql, err)) return -1;
    *st = d->st_span_put[k];
    return 0;
}

static void bind_span_row(sqlite3_stmt *st, int at, sqlite3_int64 rowid, const fh_span_row *r)
{
    sqlite3_bind_int64(st, at + 1, rowid);
    sqlite3_bind_int(st, at + 2, r->type);
    sqlite3_bind_text(st, at + 3, r->key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, at + 4, r->value, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, at + 5, r->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, at + 6, r->n);
    if (r->lo) sqlite3_bind_text(st, at + 7, r->lo, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, at + 7);
    if (r->hi) sqlite3_bind_text(st, at + 8, r->hi, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, at + 8);
}

int sq_put_spans(fh_backend_db *d, const fh_doc *doc, const fh_doc_spans *sp, fh_err *err)
{
    if (!d->span_table && sq_exec(d, schema_sql, err)) return -1;
    d->span_table = 1;
    if (sq_prepare(d, &d->st_span_doc, "SELECT rowid FROM docs WHERE id = ?1", err) ||
        sq_prepare(d, &d->st_span_del, "DELETE FROM doc_span WHERE doc = ?1", err))
        return -1;
    /* the document just written: its row known; a row the write made
     * has no spans (rows of docs are never deleted, so no row id comes
     * back) */
    int known = d->wrote_rowid && d->wrote_len == doc->id_len && !memcmp(d->wrote_id, doc->id, doc->id_len);
    sqlite3_int64 rowid = known ? d->wrote_rowid : 0;
    int rc;
    if (!known) {
        sqlite3_bind_text(d->st_span_doc, 1, doc->id, (int)doc->id_len, SQLITE_STATIC);
        rc = sqlite3_step(d->st_span_doc);
        rowid = rc == SQLITE_ROW ? sqlite3_column_int64(d->st_span_doc, 0) : 0;
        sqlite3_reset(d->st_span_doc);
        if (rc != SQLITE_ROW) return sq_db_fail(d, err, "finding the document of its entities");
    }
    if (!known || !d->wrote_new) {
        sqlite3_bind_int64(d->st_span_del, 1, rowid);
        rc = sqlite3_step(d->st_span_del);
        sqlite3_reset(d->st_span_del);
        if (rc != SQLITE_DONE) return sq_db_fail(d, err, "removing the old entities");
    }
    d->wrote_rowid = 0;
    size_t n = fh_doc_spans_count(sp);
    for (size_t i = 0; i < n;) {
        int k = SQ_SPAN_PUTS - 1;
        while ((size_t)1 << k > n - i) k--;
        sqlite3_stmt *st;
        if (span_put(d, k, &st, err)) return -1;
        for (int j = 0; j < 1 << k; j++) bind_span_row(st, 8 * j, rowid, fh_doc_spans_row(sp, i + (size_t)j));
        rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_DONE) return sq_db_fail(d, err, "storing the entities");
        i += (size_t)1 << k;
    }
    return 0;
}

/* The SQL conditions of the filters on d.rowid (FTS5 path), appended to w. */
int sq_spans_where(const fh_entity_filters *f, sbuf *w)
{
    if (!f) return 0;
    for (int i = 0; i < f->n; i++) {
        char *c = sqlite3_mprintf(" AND d.rowid IN (SELECT doc FROM doc_span WHERE type IN (%d, %d)"
                                  " AND key = %Q AND " NAME_ROWS ")", f->type[i], f->type[i] + FH_SPAN_ALIAS,
                                  f->key[i]);
        if (!c) return -1;
        fh_sb_str(w, c);
        sqlite3_free(c);
    }
    if (f->events) {
        char *c = sqlite3_mprintf(" AND d.rowid IN (SELECT doc FROM doc_span WHERE type = %d"
                                  " AND hi >= %Q AND lo <= %Q)", FAHRAS_SPAN_DATE, f->event_lo,
                                  f->event_hi);
        if (!c) return -1;
        fh_sb_str(w, c);
        sqlite3_free(c);
    }
    return w->oom ? -1 : 0;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The documents one statement gives (column 0), sorted and unique. */
static int doc_set(fh_backend_db *d, sqlite3_stmt *st, int64_t **out, size_t *n, fh_err *err)
{
    size_t cap = 64, k = 0;
    int64_t *v = malloc(cap * sizeof *v);
    if (!v) return fh_fail(err, "out of memory");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (k == cap) {
            int64_t *nv = realloc(v, (cap *= 2) * sizeof *v);
            if (!nv) {
                free(v);
                return fh_fail(err, "out of memory");
            }
            v = nv;
        }
        v[k++] = sqlite3_column_int64(st, 0);
    }
    if (rc != SQLITE_DONE) {
        free(v);
        return sq_db_fail(d, err, "reading the entity filters");
    }
    if (k > 1) qsort(v, k, sizeof *v, cmp_i64);
    size_t u = 0;
    for (size_t i = 0; i < k; i++)
        if (!u || v[u - 1] != v[i]) v[u++] = v[i];
    *out = v;
    *n = u;
    return 0;
}

/* a[0..*na) keeps what b[0..nb) holds too */
static void intersect(int64_t *a, size_t *na, const int64_t *b, size_t nb)
{
    size_t i = 0, j = 0, k = 0;
    while (i < *na && j < nb) {
        if (a[i] < b[j]) i++;
        else if (a[i] > b[j]) j++;
        else a[k++] = a[i++], j++;
    }
    *na = k;
}

static int from_cache(const fh_backend_db *d);

int sq_spans_allowed(fh_backend_db *d, const fh_entity_filters *f, int64_t **out, size_t *n,
                     fh_err *err)
{
    *out = NULL;
    *n = 0;
    int parts = f->n + (f->events ? 1 : 0);
    /* a budgeted request: the documents from memory, a step each */
    int cached = from_cache(d) && sq_spans_kept(d) && !sq_span_cache_ready(d, err);
    for (int i = 0; cached && i < parts; i++) {
        int64_t *v = NULL;
        size_t k = 0;
        if (sq_span_cache_docs(d, f, i, &v, &k, err)) {
            free(*out);
            *out = NULL;
            return -1;
        }
        if (!i) {
            *out = v;
            *n = k;
        } else {
            intersect(*out, n, v, k);
            free(v);
        }
        if (!*n) break;
    }
    if (cached) return 0;
    for (int i = 0; i < parts; i++) {
        sqlite3_stmt *st = NULL;
        const char *sql = i < f->n ? "SELECT doc FROM doc_span WHERE type IN (?1, ?3) AND key = ?2 AND " NAME_ROWS
                                   : "SELECT doc FROM doc_span WHERE type = 5 AND hi >= ?1 AND lo <= ?2";
        if (sqlite3_prepare_v2(d->db, sql, -1, &st, NULL) != SQLITE_OK) {
            free(*out);
            *out = NULL;
            return sq_db_fail(d, err, "preparing the entity filters");
        }
        if (i < f->n) {
            sqlite3_bind_int(st, 1, f->type[i]);
            sqlite3_bind_text(st, 2, f->key[i], -1, SQLITE_STATIC);
            sqlite3_bind_int(st, 3, f->type[i] + FH_SPAN_ALIAS);
        } else {
            /* type written out, not bound: the planner sees that the
             * partial index doc_span_date holds the rows */
            sqlite3_bind_text(st, 1, f->event_lo, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, f->event_hi, -1, SQLITE_STATIC);
        }
        int64_t *v = NULL;
        size_t k = 0;
        int rc = doc_set(d, st, &v, &k, err);
        sqlite3_finalize(st);
        if (rc) {
            free(*out);
            *out = NULL;
            return -1;
        }
        if (!i) {
            *out = v;
            *n = k;
        } else {
            intersect(*out, n, v, k);
            free(v);
        }
        if (!*n) break; /* nothing passes */
    }
    return 0;
}

/* Under a work budget (a server) the facet rows come from memory, not a
 * statement a document. */
static int from_cache(const fh_backend_db *d)
{
    return d->budget.steps || d->budget.ms;
}

int sq_spans_facets_ready(fh_backend_db *d, fh_err *err)
{
    return from_cache(d) && sq_spans_kept(d) ? sq_span_cache_ready(d, err) : 0;
}

int sq_spans_feed(fh_backend_db *d, int64_t rowid, long doc, fh_entfacets *e, fh_err *err)
{
    if (from_cache(d) && d->span_cache) return sq_span_cache_feed(d, rowid, doc, e);
    if (sq_prepare(d, &d->st_span_rows,
                   "SELECT type, key, name, n, lo FROM doc_span WHERE doc = ?1"
                   " AND type IN (1, 2, 3, 5)",
                   err))
        return -1;
    sqlite3_stmt *st = d->st_span_rows;
    sqlite3_bind_int64(st, 1, rowid);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        fh_entfacets_row(e, doc, sqlite3_column_int(st, 0), sq_col_text(st, 1), sq_col_text(st, 2),
                         (long)sqlite3_column_int64(st, 3), (const char *)sqlite3_column_text(st, 4));
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : sq_db_fail(d, err, "reading entities");
}
