/*
 * write.c - the SQLite backend's writes: batches as transactions, and an
 * upsert per document inside a savepoint, so a document is all or nothing
 * even inside a batch and a killed process leaves whole documents.
 */
#include <stdlib.h>

#include "boiler.h"
#include "index.h"
#include "sqlite_store.h"

int sq_begin(fh_backend_db *d, fh_err *err)
{
    if (!d->dup_tables && sq_dups_prepare(d, err)) return -1;
    if (!d->bp_tables && sq_boiler_prepare(d, err)) return -1;
    if (sq_exec(d, "BEGIN IMMEDIATE", err)) return -1;
    if (sq_dups_begin(d, err) || (d->ix && fh_index_begin(d->ix, err))) {
        sq_exec(d, "ROLLBACK", NULL);
        return -1;
    }
    return 0;
}

int sq_rollback(fh_backend_db *d, fh_err *err)
{
    int rc = sqlite3_get_autocommit(d->db) ? 0 : sq_exec(d, "ROLLBACK", err);
    sq_dups_rollback(d);
    if (d->ix) fh_index_abort(d->ix);
    return rc;
}

/* The index's new segment is written and listed inside the transaction, so
 * the documents and their postings commit together; merges follow, each in
 * a transaction of its own. */
int sq_commit(fh_backend_db *d, fh_err *err)
{
    if (sq_dups_commit(d, 0, err) || (d->ix && fh_index_flush(d->ix, err))) {
        sq_rollback(d, NULL);
        return -1;
    }
    if (sq_exec(d, "COMMIT", err)) return -1;
    return d->ix ? fh_index_maintain(d->ix, FH_INDEX_MERGE_DUE, err) : 0;
}

static void bind_opt(sqlite3_stmt *st, int i, const char *p, size_t n)
{
    if (p) sqlite3_bind_text(st, i, p, (int)n, SQLITE_STATIC);
    else sqlite3_bind_null(st, i);
}

/* Parameters ?2..?8 of the insert and update statements: the fields after id. */
static void bind_fields(sqlite3_stmt *st, const fh_doc *doc, const char *title, size_t title_len)
{
    sqlite3_bind_text(st, 2, title, (int)title_len, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, doc->body, (int)doc->body_len, SQLITE_STATIC);
    bind_opt(st, 4, doc->date, doc->date_len);
    bind_opt(st, 5, doc->source, doc->source_len);
    bind_opt(st, 6, doc->category, doc->category_len);
    bind_opt(st, 7, doc->url, doc->url_len);
    bind_opt(st, 8, doc->extra_json, doc->extra_json_len);
}

/* Does the stored column equal p[0..n)?  NULL and "" are the same. */
static int same_text(sqlite3_stmt *st, int col, const char *p, size_t n)
{
    const unsigned char *s = sqlite3_column_text(st, col);
    size_t m = (size_t)sqlite3_column_bytes(st, col);
    if (!p) n = 0;
    if (!s) m = 0;
    return m == n && (n == 0 || !memcmp(s, p, n));
}

static int same_doc(sqlite3_stmt *f, const fh_doc *doc, const char *title, size_t title_len)
{
    return same_text(f, 1, title, title_len) && same_text(f, 2, doc->body, doc->body_len) &&
           same_text(f, 3, doc->date, doc->date_len) &&
           same_text(f, 4, doc->source, doc->source_len) &&
           same_text(f, 5, doc->category, doc->category_len) &&
           same_text(f, 6, doc->url, doc->url_len) &&
           same_text(f, 7, doc->extra_json, doc->extra_json_len) &&
           same_text(f, 8, doc->mask, doc->mask_len);
}

/* Replace the document at rowid (found by st_find, still on its row):
 * the external-content index entry is removed with the old text. */
static int replace_row(fh_backend_db *d, sqlite3_int64 rowid, const fh_doc *doc,
                       const char *title, size_t title_len, fh_err *err)
{
    sqlite3_stmt *f = d->st_find;
    if (!d->has_fts) {
        sqlite3_reset(f);
    } else {
        if (sq_prepare(d, &d->st_fts_delete,
                       "INSERT INTO fts(fts, rowid, title, body) VALUES ('delete', ?1, ?2, ?3)", err))
            return -1;
        /* the text as it was indexed: its boilerplate blanked */
        char *indexed = NULL;
        if (fh_boiler_apply((const char *)sqlite3_column_text(f, 2), (size_t)sqlite3_column_bytes(f, 2),
                            (const char *)sqlite3_column_text(f, 8), (size_t)sqlite3_column_bytes(f, 8),
                            &indexed)) {
            sqlite3_reset(f);
            return fh_fail(err, "out of memory");
        }
        sqlite3_bind_int64(d->st_fts_delete, 1, rowid);
        sqlite3_bind_value(d->st_fts_delete, 2, sqlite3_column_value(f, 1));
        if (indexed) sqlite3_bind_text(d->st_fts_delete, 3, indexed, -1, SQLITE_STATIC);
        else sqlite3_bind_value(d->st_fts_delete, 3, sqlite3_column_value(f, 2));
        int rc = sqlite3_step(d->st_fts_delete);
        sqlite3_reset(d->st_fts_delete);
        free(indexed);
        sqlite3_reset(f);
        if (rc != SQLITE_DONE) return sq_db_fail(d, err, "removing the old index entry");
    }
    if (sq_prepare(d, &d->st_update,
                   "UPDATE docs SET title = ?2, body = ?3, date = ?4, source = ?5, "
                   "category = ?6, url = ?7, extra = ?8 WHERE rowid = ?1",
                   err))
        return -1;
    sqlite3_bind_int64(d->st_update, 1, rowid);
    bind_fields(d->st_update, doc, title, title_len);
    if (sqlite3_step(d->st_update) != SQLITE_DONE) return sq_db_fail(d, err, "updating the document");
    return 0;
}

static int insert_row(fh_backend_db *d, const fh_doc *doc, const char *title, size_t title_len,
                      sqlite3_int64 *rowid, fh_err *err)
{
    if (sq_prepare(d, &d->st_insert,
                   "INSERT INTO docs(id, title, body, date, source, category, url, extra) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                   err))
        return -1;
    sqlite3_bind_text(d->st_insert, 1, doc->id, (int)doc->id_len, SQLITE_STATIC);
    bind_fields(d->st_insert, doc, title, title_len);
    if (sqlite3_step(d->st_insert) != SQLITE_DONE) return sq_db_fail(d, err, "inserting the document");
    *rowid = sqlite3_last_insert_rowid(d->db);
    return 0;
}

static int index_doc(fh_backend_db *d, sqlite3_int64 rowid, const fh_doc *doc, const char *title,
                     size_t title_len, int replacing, fh_err *err)
{
    if (d->has_fts) {
        if (sq_prepare(d, &d->st_fts_insert, "INSERT INTO fts(rowid, title, body) VALUES (?1, ?2, ?3)", err))
            return -1;
        sqlite3_bind_int64(d->st_fts_insert, 1, rowid);
        sqlite3_bind_text(d->st_fts_insert, 2, title, (int)title_len, SQLITE_STATIC);
        sqlite3_bind_text(d->st_fts_insert, 3, doc->body, (int)doc->body_len, SQLITE_STATIC);
        if (sqlite3_step(d->st_fts_insert) != SQLITE_DONE) return sq_db_fail(d, err, "indexing");
    }
    /* last: a failure before it leaves nothing of the document anywhere */
    return d->ix && fh_index_put(d->ix, rowid, doc, replacing, err) ? -1 : 0;
}

/* Remember doc's row as the one the last write changed (none when out of
 * memory: its spans then look the row up). */
static void wrote(fh_backend_db *d, const fh_doc *doc, sqlite3_int64 rowid, int made)
{
    d->wrote_rowid = 0;
    if (doc->id_len + 1 > d->wrote_cap) {
        char *p = realloc(d->wrote_id, doc->id_len + 1);
        if (!p) return;
        d->wrote_id = p;
        d->wrote_cap = doc->id_len + 1;
    }
    memcpy(d->wrote_id, doc->id, doc->id_len);
    d->wrote_len = doc->id_len;
    d->wrote_rowid = rowid;
    d->wrote_new = made;
}

static int upsert_steps(fh_backend_db *d, const fh_doc *doc, int *changed, fh_err *err)
{
    d->wrote_rowid = 0;
    const char *title = doc->title ? doc->title : "";
    size_t title_len = doc->title ? doc->title_len : 0;
    if (!d->bp_tables && sq_boiler_prepare(d, err)) return -1;
    if (sq_prepare(d, &d->st_find,
                   "SELECT rowid, title, body, date, source, category, url, extra,"
                   " (SELECT mask FROM bp_mask WHERE bp_mask.rowid = docs.rowid) FROM docs "
                   "WHERE id = ?1",
                   err))
        return -1;
    sqlite3_bind_text(d->st_find, 1, doc->id, (int)doc->id_len, SQLITE_STATIC);
    int rc = sqlite3_step(d->st_find);
    sqlite3_int64 rowid = 0;
    int replacing = rc == SQLITE_ROW;
    if (rc == SQLITE_ROW) {
        rowid = sqlite3_column_int64(d->st_find, 0);
        if (same_doc(d->st_find, doc, title, title_len)) {
            sqlite3_reset(d->st_find);
            *changed = 0;
            return 0; /* unchanged: a rerun after a kill skips what is in */
        }
        if (replace_row(d, rowid, doc, title, title_len, err)) return -1;
    } else if (rc == SQLITE_DONE) {
        sqlite3_reset(d->st_find);
        if (insert_row(d, doc, title, title_len, &rowid, err)) return -1;
    } else {
        sqlite3_reset(d->st_find);
        return sq_db_fail(d, err, "looking up the id");
    }
    if (sq_boiler_put_mask(d, rowid, doc->mask, doc->mask_len, err)) return -1;
    /* indexed with its boilerplate blanked (the same length: offsets hold) */
    char *masked = NULL;
    if (fh_boiler_apply(doc->body, doc->body_len, doc->mask, doc->mask_len, &masked))
        return fh_fail(err, "out of memory");
    fh_doc indexed = *doc;
    if (masked) indexed.body = masked;
    int failed = index_doc(d, rowid, &indexed, title, title_len, replacing, err);
    free(masked);
    if (!failed) {
        *changed = 1;
        wrote(d, doc, rowid, !replacing);
    }
    return failed;
}

/* One of the statements around a document's write, prepared once (made
 * anew for each document, its parsing cost as much as a small insert). */
static int savepoint(fh_backend_db *d, sqlite3_stmt **st, const char *sql, fh_err *err)
{
    if (sq_prepare(d, st, sql, err)) return -1;
    int rc = sqlite3_step(*st);
    sqlite3_reset(*st);
    return rc == SQLITE_DONE ? 0 : sq_db_fail(d, err, sql);
}

int sq_upsert(fh_backend_db *d, const fh_doc *doc, int *changed, fh_err *err)
{
    if (d->ix && sqlite3_get_autocommit(d->db)) { /* one document, one transaction */
        if (sq_begin(d, err)) return -1;
        if (sq_upsert(d, doc, changed, err)) {
            sq_rollback(d, NULL);
            return -1;
        }
        return sq_commit(d, err);
    }
    if (savepoint(d, &d->st_savepoint, "SAVEPOINT doc", err)) return -1;
    if (upsert_steps(d, doc, changed, err)) {
        d->wrote_rowid = 0;
        sq_exec(d, "ROLLBACK TO doc; RELEASE doc", NULL);
        return -1;
    }
    if (savepoint(d, &d->st_release, "RELEASE doc", err)) {
        d->wrote_rowid = 0;
        return -1;
    }
    return 0;
}
