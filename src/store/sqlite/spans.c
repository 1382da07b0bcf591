/*
 * spans.c - the SQLite backend's entities, dates and counts of each
 * document (store/spans.h's summary rows), made by the first write that
 * keeps them:
 *
 *   doc_spans(doc = docs.rowid PRIMARY KEY, rows)
 *                every row of the document in one value (span_blob.c):
 *                what the entity facets read
 *   entity_docs(type, key, doc) WITHOUT ROWID
 *                the entity and alias rows' keys: documents mentioning an
 *                entity
 *   event_docs(hi, lo, doc) WITHOUT ROWID
 *                the days of the date rows: documents with a date in a range
 *
 * Stores made before kept one doc_span row a span with indexes on it;
 * the first use makes them into these tables (sq_spans_ready).
 *
 * The entity and event filters (filter.h) become sets of row ids, or SQL
 * conditions on d.rowid for the FTS5 path; the entity facets read the
 * rows of the best matches by document.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite_store.h"

/* The rows entity_docs holds: the entity types and their aliases. */
static int entity_row(int type)
{
    return type < FAHRAS_SPAN_DATE || type > FH_SPAN_ALIAS;
}
_Static_assert(FAHRAS_SPAN_MISC == 4 && FAHRAS_SPAN_COUNT < 16 && FH_SPAN_ALIAS == 16,
               "entity_row: the entity types, then the value types, then the aliases of entity types");

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS doc_spans(doc INTEGER PRIMARY KEY, rows BLOB NOT NULL);"
    "CREATE TABLE IF NOT EXISTS entity_docs(type INTEGER NOT NULL, key TEXT NOT NULL,"
    " doc INTEGER NOT NULL, PRIMARY KEY (type, key, doc)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS event_docs(hi TEXT NOT NULL, lo TEXT NOT NULL,"
    " doc INTEGER NOT NULL, PRIMARY KEY (hi, lo, doc)) WITHOUT ROWID;";

static int has_table(fh_backend_db *d, const char *name)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(d->db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1", -1, &st,
                           NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int has = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return has;
}

int sq_spans_kept(fh_backend_db *d)
{
    if (d->span_table) return 1;
    d->span_table = has_table(d, "doc_spans");
    return d->span_table || has_table(d, "doc_span");
}

/* The statement inserting 1 << k rows of three columns into table: OR
 * IGNORE, as a document may give the same key twice (an entity and an
 * alias row are of different types; two date values may cover the same
 * days), and SQLite keeps no statement journal to undo part of one. */
static int multi_put(fh_backend_db *d, sqlite3_stmt **cache, const char *head, int k, sqlite3_stmt **st,
                     fh_err *err)
{
    if (cache[k]) {
        *st = cache[k];
        return 0;
    }
    static const char row[] = ",(?, ?, ?)";
    char sql[128 + SQ_SPAN_PUT_MAX * sizeof row];
    size_t n = strlen(head);
    memcpy(sql, head, n);
    for (int i = 0; i < 1 << k; i++) {
        memcpy(sql + n, row + !i, sizeof row - 1 - !i);
        n += sizeof row - 1 - !i;
    }
    sql[n] = '\0';
    if (sq_prepare(d, &cache[k], sql, err)) return -1;
    *st = cache[k];
    return 0;
}

/* The entity_docs (events 0) or event_docs (events 1) rows of the
 * document rowid among rows[0..n). */
static int put_keys(fh_backend_db *d, sqlite3_int64 rowid, const fh_span_row *const *rows, size_t n, int events,
                    fh_err *err)
{
    const fh_span_row *pick[SQ_SPAN_PUT_MAX];
    size_t i = 0;
    while (i < n) {
        int m = 0;
        for (; i < n && m < SQ_SPAN_PUT_MAX; i++) {
            const fh_span_row *r = rows[i];
            if (events ? r->type == FAHRAS_SPAN_DATE && r->lo && r->hi : entity_row(r->type)) pick[m++] = r;
        }
        for (int at = 0; at < m;) {
            int k = SQ_SPAN_PUTS - 1;
            while (1 << k > m - at) k--;
            sqlite3_stmt *st;
            if (events ? multi_put(d, d->st_event_put, "INSERT OR IGNORE INTO event_docs(hi, lo, doc) VALUES ",
                                   k, &st, err)
                       : multi_put(d, d->st_ent_put, "INSERT OR IGNORE INTO entity_docs(type, key, doc) VALUES ",
                                   k, &st, err))
                return -1;
            for (int j = 0; j < 1 << k; j++) {
                const fh_span_row *r = pick[at + j];
                if (events) {
                    sqlite3_bind_text(st, 3 * j + 1, r->hi, -1, SQLITE_STATIC);
                    sqlite3_bind_text(st, 3 * j + 2, r->lo, -1, SQLITE_STATIC);
                } else {
                    sqlite3_bind_int(st, 3 * j + 1, r->type);
                    sqlite3_bind_text(st, 3 * j + 2, r->key, -1, SQLITE_STATIC);
                }
                sqlite3_bind_int64(st, 3 * j + 3, rowid);
            }
            int rc = sqlite3_step(st);
            sqlite3_reset(st);
            if (rc != SQLITE_DONE) return sq_db_fail(d, err, "storing the entities");
            at += 1 << k;
        }
    }
    return 0;
}

/* The rows of document rowid, rows[0..n) sorted (sq_span_rows_sort). */
static int put_rows(fh_backend_db *d, sqlite3_int64 rowid, const fh_span_row *const *rows, size_t n, fh_err *err)
{
    if (sq_prepare(d, &d->st_span_put, "INSERT INTO doc_spans(doc, rows) VALUES (?1, ?2)", err)) return -1;
    sbuf b = {0};
    if (sq_span_blob_make(rows, n, &b)) {
        free(b.p);
        return fh_fail(err, "entities: out of memory");
    }
    sqlite3_bind_int64(d->st_span_put, 1, rowid);
    sqlite3_bind_blob(d->st_span_put, 2, b.p ? b.p : "", (int)b.n, SQLITE_STATIC);
    int rc = sqlite3_step(d->st_span_put);
    sqlite3_reset(d->st_span_put);
    free(b.p);
    if (rc != SQLITE_DONE) return sq_db_fail(d, err, "storing the entities");
    return put_keys(d, rowid, rows, n, 0, err) || put_keys(d, rowid, rows, n, 1, err) ? -1 : 0;
}

/* Call fn with each row document rowid keeps (its one value in doc_spans
 * read in place), until fn returns nonzero (a failed step of its own,
 * reported as failing `doing`); a damaged value is an error naming the
 * row. */
static int each_stored_row(fh_backend_db *d, sqlite3_int64 rowid,
                           int (*fn)(fh_backend_db *d, sqlite3_int64 rowid, const fh_span_row *r, void *ctx),
                           void *ctx, const char *doing, fh_err *err)
{
    if (sq_prepare(d, &d->st_span_rows, "SELECT rows FROM doc_spans WHERE doc = ?1", err)) return -1;
    sqlite3_stmt *st = d->st_span_rows;
    sqlite3_bind_int64(st, 1, rowid);
    int rc = sqlite3_step(st), got = 0, bad = 0;
    if (rc == SQLITE_ROW) {
        const void *blob = sqlite3_column_blob(st, 0);
        size_t n = (size_t)sqlite3_column_bytes(st, 0), at = 0;
        fh_span_row r;
        while (!bad && (got = sq_span_blob_next(blob, n, &at, &r)) == 1) bad = fn(d, rowid, &r, ctx);
        rc = SQLITE_DONE;
    }
    sqlite3_reset(st);
    if (!bad && got < 0) return fh_fail(err, "the stored entities of row %lld are damaged", (long long)rowid);
    return bad || rc != SQLITE_DONE ? sq_db_fail(d, err, doing) : 0;
}

/* One row's key removed from entity_docs or event_docs. */
static int remove_key(fh_backend_db *d, sqlite3_int64 rowid, const fh_span_row *r, void *ctx)
{
    (void)ctx;
    sqlite3_stmt *del = NULL;
    if (entity_row(r->type)) {
        del = d->st_ent_del;
        sqlite3_bind_int(del, 1, r->type);
        sqlite3_bind_text(del, 2, r->key, -1, SQLITE_STATIC);
    } else if (r->type == FAHRAS_SPAN_DATE && r->lo && r->hi) {
        del = d->st_event_del;
        sqlite3_bind_text(del, 1, r->hi, -1, SQLITE_STATIC);
        sqlite3_bind_text(del, 2, r->lo, -1, SQLITE_STATIC);
    }
    if (!del) return 0;
    sqlite3_bind_int64(del, 3, rowid);
    int bad = sqlite3_step(del) != SQLITE_DONE;
    sqlite3_reset(del);
    return bad;
}

/* Remove what document rowid keeps: its keys are read from its rows. */
static int remove_rows(fh_backend_db *d, sqlite3_int64 rowid, fh_err *err)
{
    if (sq_prepare(d, &d->st_span_del, "DELETE FROM doc_spans WHERE doc = ?1", err) ||
        sq_prepare(d, &d->st_ent_del, "DELETE FROM entity_docs WHERE type = ?1 AND key = ?2 AND doc = ?3", err) ||
        sq_prepare(d, &d->st_event_del, "DELETE FROM event_docs WHERE hi = ?1 AND lo = ?2 AND doc = ?3", err) ||
        each_stored_row(d, rowid, remove_key, NULL, "removing the old entities", err))
        return -1;
    sqlite3_bind_int64(d->st_span_del, 1, rowid);
    int rc = sqlite3_step(d->st_span_del);
    sqlite3_reset(d->st_span_del);
    return rc == SQLITE_DONE ? 0 : sq_db_fail(d, err, "removing the old entities");
}

static void free_rows(fh_span_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free((char *)rows[i].key);
        free((char *)rows[i].value);
        free((char *)rows[i].name);
        free((char *)rows[i].lo);
        free((char *)rows[i].hi);
    }
}

/* Row r of an older store's doc_span read from st (columns 1..7); -1
 * when out of memory. */
static int old_row(sqlite3_stmt *st, fh_span_row *r)
{
    r->type = sqlite3_column_int(st, 1);
    r->key = strdup(sq_col_text(st, 2));
    r->value = strdup(sq_col_text(st, 3));
    r->name = strdup(sq_col_text(st, 4));
    r->n = (long)sqlite3_column_int64(st, 5);
    r->lo = sqlite3_column_type(st, 6) == SQLITE_NULL ? NULL : strdup(sq_col_text(st, 6));
    r->hi = sqlite3_column_type(st, 7) == SQLITE_NULL ? NULL : strdup(sq_col_text(st, 7));
    return !r->key || !r->value || !r->name || (sqlite3_column_type(st, 6) != SQLITE_NULL && !r->lo) ||
                   (sqlite3_column_type(st, 7) != SQLITE_NULL && !r->hi)
               ? -1
               : 0;
}

/* The rows of an older store's doc_span (one a span, in document order)
 * made into the current tables. */
static int copy_old(fh_backend_db *d, fh_err *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(d->db, "SELECT doc, type, key, value, name, n, lo, hi FROM doc_span ORDER BY doc", -1,
                           &st, NULL) != SQLITE_OK)
        return sq_db_fail(d, err, "reading the entities of an older store");
    fh_span_row *rows = NULL;
    const fh_span_row **ptr = NULL;
    size_t n = 0, cap = 0;
    sqlite3_int64 doc = 0;
    int rc = 0, step;
    for (;;) {
        step = sqlite3_step(st);
        sqlite3_int64 next = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        if (n && (step != SQLITE_ROW || next != doc)) { /* the document's rows are all read */
            for (size_t i = 0; i < n; i++) ptr[i] = &rows[i];
            sq_span_rows_sort(ptr, n);
            rc = put_rows(d, doc, ptr, n, err);
            free_rows(rows, n);
            n = 0;
        }
        if (rc || step != SQLITE_ROW) break;
        doc = next;
        if (n == cap) {
            size_t nc = cap ? 2 * cap : 64;
            fh_span_row *nr = realloc(rows, nc * sizeof *nr);
            if (nr) rows = nr;
            const fh_span_row **np = nr ? realloc(ptr, nc * sizeof *np) : NULL;
            if (np) ptr = np;
            if (!nr || !np) {
                rc = fh_fail(err, "entities: out of memory");
                break;
            }
            cap = nc;
        }
        if (old_row(st, &rows[n++])) {
            rc = fh_fail(err, "entities: out of memory");
            break;
        }
    }
    free_rows(rows, n);
    free(rows);
    free(ptr);
    if (!rc && step != SQLITE_DONE) rc = sq_db_fail(d, err, "reading the entities of an older store");
    sqlite3_finalize(st);
    return rc;
}

int sq_spans_ready(fh_backend_db *d, fh_err *err)
{
    if (d->span_table) return 0;
    if (!sq_spans_kept(d) || d->span_table) return 0; /* none kept, or in the current tables */
    if (d->mode == FH_STORE_READ)
        return fh_fail(err, "%s keeps its entities as an older fahras did: any `fahras index %s FILE...` "
                            "converts them (or index it anew)", d->path, d->path);
    /* an older store: its rows made into the current tables, all or nothing */
    if (sq_exec(d, "SAVEPOINT spans_upgrade", err)) return -1;
    if (sq_exec(d, schema_sql, err) || copy_old(d, err) ||
        sq_exec(d, "DROP TABLE doc_span; RELEASE spans_upgrade", err)) {
        sq_exec(d, "ROLLBACK TO spans_upgrade; RELEASE spans_upgrade", NULL);
        return -1;
    }
    d->span_table = 1;
    return 0;
}

int sq_put_spans(fh_backend_db *d, const fh_doc *doc, const fh_doc_spans *sp, fh_err *err)
{
    if (sq_spans_ready(d, err)) return -1;
    if (!d->span_table && sq_exec(d, schema_sql, err)) return -1;
    d->span_table = 1;
    if (sq_prepare(d, &d->st_span_doc, "SELECT rowid FROM docs WHERE id = ?1", err)) return -1;
    /* the document just written: its row known; a row the write made
     * has no spans (rows of docs are never deleted, so no row id comes
     * back) */
    int known = d->wrote_rowid && d->wrote_len == doc->id_len && !memcmp(d->wrote_id, doc->id, doc->id_len);
    sqlite3_int64 rowid = known ? d->wrote_rowid : 0;
    if (!known) {
        sqlite3_bind_text(d->st_span_doc, 1, doc->id, (int)doc->id_len, SQLITE_STATIC);
        int rc = sqlite3_step(d->st_span_doc);
        rowid = rc == SQLITE_ROW ? sqlite3_column_int64(d->st_span_doc, 0) : 0;
        sqlite3_reset(d->st_span_doc);
        if (rc != SQLITE_ROW) return sq_db_fail(d, err, "finding the document of its entities");
    }
    if ((!known || !d->wrote_new) && remove_rows(d, rowid, err)) return -1;
    d->wrote_rowid = 0;
    size_t n = fh_doc_spans_count(sp);
    const fh_span_row **rows = malloc((n ? n : 1) * sizeof *rows);
    if (!rows) return fh_fail(err, "entities: out of memory");
    for (size_t i = 0; i < n; i++) rows[i] = fh_doc_spans_row(sp, i);
    sq_span_rows_sort(rows, n);
    int rc = n ? put_rows(d, rowid, rows, n, err) : 0;
    free(rows);
    return rc;
}

/* The SQL conditions of the filters on d.rowid (FTS5 path), appended to w. */
int sq_spans_where(const fh_entity_filters *f, sbuf *w)
{
    if (!f) return 0;
    for (int i = 0; i < f->n; i++) {
        char *c = sqlite3_mprintf(" AND d.rowid IN (SELECT doc FROM entity_docs WHERE type IN (%d, %d)"
                                  " AND key = %Q)", f->type[i], f->type[i] + FH_SPAN_ALIAS, f->key[i]);
        if (!c) return -1;
        fh_sb_str(w, c);
        sqlite3_free(c);
    }
    if (f->events) {
        char *c = sqlite3_mprintf(" AND d.rowid IN (SELECT doc FROM event_docs WHERE hi >= %Q AND lo <= %Q)",
                                  f->event_lo, f->event_hi);
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
int sq_by_rowid(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

void sq_rowids_intersect(int64_t *a, size_t *na, const int64_t *b, size_t nb)
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
            sq_rowids_intersect(*out, n, v, k);
            free(v);
        }
        if (!*n) break;
    }
    if (cached) return 0;
    for (int i = 0; i < parts; i++) {
        sqlite3_stmt *st = NULL;
        const char *sql = i < f->n ? "SELECT doc FROM entity_docs WHERE type IN (?1, ?3) AND key = ?2"
                                   : "SELECT doc FROM event_docs WHERE hi >= ?1 AND lo <= ?2";
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
            sq_rowids_intersect(*out, n, v, k);
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

/* The facets' rows of a document (people, organisations, places, event
 * dates) handed to the facet counts. */
struct feed_ctx {
    fh_entfacets *e;
    long doc;
};

static int feed_row(fh_backend_db *d, sqlite3_int64 rowid, const fh_span_row *r, void *ctx)
{
    (void)d;
    (void)rowid;
    struct feed_ctx *f = ctx;
    if ((r->type >= FAHRAS_SPAN_PER && r->type <= FAHRAS_SPAN_LOC) || r->type == FAHRAS_SPAN_DATE)
        fh_entfacets_row(f->e, f->doc, r->type, r->key, r->name, r->n, r->lo);
    return 0;
}

int sq_spans_feed(fh_backend_db *d, int64_t rowid, long doc, fh_entfacets *e, fh_err *err)
{
    if (from_cache(d) && d->span_cache) return sq_span_cache_feed(d, rowid, doc, e);
    if (!d->span_table) return 0; /* none kept */
    struct feed_ctx f = {e, doc};
    return each_stored_row(d, rowid, feed_row, &f, "reading entities", err);
}
