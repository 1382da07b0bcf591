/*
 * boiler.c - the SQLite backend's boilerplate tables: what the store layer
 * decides (src/store/boiler.c) is stored and looked up here.
 *   bp_source(source PRIMARY KEY, ndocs)       articles a source
 *   bp_line(key PRIMARY KEY, source, count, first, marked, text)
 *                                              a line's articles; first:
 *                                              the first to hold it
 *   bp_doc(key, id)                            the holders of a line held
 *                                              by two or more (a line of
 *                                              one article, most of them,
 *                                              costs no row here)
 *   bp_mask(rowid PRIMARY KEY, mask)           a document's masked ranges
 * A store made before them gets them on its first write.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite_store.h"

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS bp_source(source TEXT PRIMARY KEY, ndocs INTEGER NOT NULL)"
    " WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS bp_line(key INTEGER PRIMARY KEY, source TEXT NOT NULL,"
    " count INTEGER NOT NULL, first TEXT, marked INTEGER NOT NULL DEFAULT 0, text TEXT);"
    "CREATE INDEX IF NOT EXISTS bp_line_marked ON bp_line(source) WHERE marked;"
    "CREATE TABLE IF NOT EXISTS bp_doc(key INTEGER NOT NULL, id TEXT NOT NULL,"
    " PRIMARY KEY(key, id)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS bp_mask(rowid INTEGER PRIMARY KEY, mask TEXT NOT NULL);";

enum {
    BP_NDOCS, BP_MARKED, BP_ALL, BP_SRC, BP_SRC_GONE, BP_HOLD,
    BP_DOWN, BP_UNHOLD, BP_REFIRST, BP_GONE, BP_MARK, BP_DOCS, BP_GET_ALL, BP_UP_ALL, BP_N
};

_Static_assert(BP_N <= SQ_BP_STMTS, "room for boiler.c's statements");

static const char *const bp_sql[BP_N] = {
    [BP_NDOCS] = "SELECT ndocs FROM bp_source WHERE source = ?1",
    [BP_MARKED] = "SELECT key, count, marked, text FROM bp_line WHERE source = ?1 AND marked",
    [BP_ALL] = "SELECT l.key, l.count, l.marked, l.text, l.source, s.ndocs FROM bp_line l"
               " JOIN bp_source s ON s.source = l.source WHERE l.marked"
               " ORDER BY l.source, l.count DESC, l.key",
    [BP_SRC] = "INSERT INTO bp_source(source, ndocs) VALUES (?1, ?2)"
               " ON CONFLICT(source) DO UPDATE SET ndocs = ndocs + excluded.ndocs",
    [BP_SRC_GONE] = "DELETE FROM bp_source WHERE source = ?1 AND ndocs <= 0",
    [BP_HOLD] = "INSERT OR IGNORE INTO bp_doc(key, id) VALUES (?1, ?2)",
    [BP_DOWN] = "UPDATE bp_line SET count = count - 1 WHERE key = ?1",
    [BP_UNHOLD] = "DELETE FROM bp_doc WHERE key = ?1 AND id = ?2",
    [BP_REFIRST] = "UPDATE bp_line SET first = (SELECT id FROM bp_doc WHERE key = ?1 LIMIT 1)"
                   " WHERE key = ?1 AND first = ?2",
    [BP_GONE] = "DELETE FROM bp_line WHERE key = ?1 AND count <= 0",
    [BP_MARK] = "UPDATE bp_line SET marked = ?2, text = ?3 WHERE key = ?1",
    [BP_DOCS] = "SELECT id FROM bp_doc WHERE key = ?1"
                " UNION SELECT first FROM bp_line WHERE key = ?1 AND first IS NOT NULL",
    /* one statement for all the lines of a document (?1: a JSON array of
     * its distinct keys) instead of one per line */
    [BP_GET_ALL] = "SELECT key, count, marked, text FROM bp_line"
                   " WHERE key IN (SELECT value FROM json_each(?1))",
    [BP_UP_ALL] = "INSERT INTO bp_line(key, source, count, first)"
                  " SELECT value, ?2, 1, ?3 FROM json_each(?1) WHERE true"
                  " ON CONFLICT(key) DO UPDATE SET count = count + 1"
                  " RETURNING key, count, first",
};

/* 1 when the tables exist, 0 when not, -1 on error. */
int sq_boiler_have(fh_backend_db *d, fh_err *err)
{
    if (d->bp_tables) return 1;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(d->db, "SELECT 1 FROM sqlite_schema WHERE name = 'bp_mask'", -1, &st,
                           NULL) != SQLITE_OK)
        return sq_db_fail(d, err, "looking for the boilerplate tables");
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sq_db_fail(d, err, "looking for the boilerplate tables");
    d->bp_tables = rc == SQLITE_ROW;
    return d->bp_tables;
}

/* At the start of a batch (a rolled-back batch then keeps them). */
int sq_boiler_prepare(fh_backend_db *d, fh_err *err)
{
    int have = sq_boiler_have(d, err);
    if (have < 0) return -1;
    if (!have && sq_exec(d, schema_sql, err)) return -1;
    d->bp_tables = 1;
    return 0;
}

static sqlite3_stmt *stmt(fh_backend_db *d, int which, fh_err *err)
{
    return sq_prepare(d, &d->st_bp[which], bp_sql[which], err) ? NULL : d->st_bp[which];
}

static int run(fh_backend_db *d, sqlite3_stmt *st, fh_err *err, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sq_db_fail(d, err, what);
}

/* Rows of st to fn (columns: key, count, marked, text[, source, ndocs]). */
static int rows(fh_backend_db *d, sqlite3_stmt *st, const char *source, fh_boiler_row_fn fn,
                void *ctx, fh_err *err)
{
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        fh_boiler_row r = {
            .key = sqlite3_column_int64(st, 0),
            .count = (long)sqlite3_column_int64(st, 1),
            .marked = sqlite3_column_int(st, 2),
            .text = (const char *)sqlite3_column_text(st, 3),
            .source = sqlite3_column_count(st) > 4 ? (const char *)sqlite3_column_text(st, 4) : source,
            .ndocs = sqlite3_column_count(st) > 5 ? (long)sqlite3_column_int64(st, 5) : 0,
        };
        stop = fn(ctx, &r);
    }
    sqlite3_reset(st);
    return stop || rc == SQLITE_DONE ? 0 : sq_db_fail(d, err, "reading boilerplate lines");
}

/* keys[0..n) as a JSON array (malloc'd), or NULL out of memory. */
static char *key_array(const int64_t *keys, size_t n)
{
    char *s = malloc(n * 21 + 3), *at = s;
    if (!s) return NULL;
    *at++ = '[';
    for (size_t i = 0; i < n; i++) at += sprintf(at, "%s%lld", i ? "," : "", (long long)keys[i]);
    *at++ = ']';
    *at = '\0';
    return s;
}

int sq_boiler_get(fh_backend_db *d, const char *source, const int64_t *keys, size_t n,
                  fh_boiler_row_fn fn, void *ctx, long *ndocs, fh_err *err)
{
    if (ndocs) *ndocs = 0;
    int have = sq_boiler_have(d, err);
    if (have <= 0) return have;
    sqlite3_stmt *st;
    if (ndocs) {
        if (!(st = stmt(d, BP_NDOCS, err))) return -1;
        sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) *ndocs = (long)sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) return sq_db_fail(d, err, "reading a source");
    }
    if (!keys) {
        if (!(st = stmt(d, source ? BP_MARKED : BP_ALL, err))) return -1;
        if (source) sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
        return rows(d, st, source, fn, ctx, err);
    }
    if (!n) return 0;
    if (!(st = stmt(d, BP_GET_ALL, err))) return -1;
    char *arr = key_array(keys, n);
    if (!arr) return fh_fail(err, "out of memory");
    sqlite3_bind_text(st, 1, arr, -1, SQLITE_STATIC);
    int rc = rows(d, st, source, fn, ctx, err);
    sqlite3_clear_bindings(st);
    free(arr);
    return rc;
}

/* A line now held by two or more: id listed as a holder, and the first
 * holder too when id is the second. */
typedef struct held {
    int64_t key;
    int with_first;
    char first[FH_MAX_ID_BYTES + 1];
} held;

static int hold(fh_backend_db *d, const held *h, const char *id, fh_err *err)
{
    sqlite3_stmt *st = stmt(d, BP_HOLD, err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, h->key);
    sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
    if (run(d, st, err, "listing a line's articles")) return -1;
    if (!h->with_first) return 0;
    sqlite3_bind_text(st, 2, h->first, -1, SQLITE_STATIC);
    return run(d, st, err, "listing a line's articles");
}

/* Count one article more for each of keys[0..n) (distinct) held by id.
 * One statement counts them all and returns the new counts: a line of
 * one article (most lines) costs nothing more; the holders of the others
 * are listed after it, as its rows are all read first. */
static int count_up(fh_backend_db *d, const char *source, const int64_t *keys, size_t n,
                    const char *id, fh_err *err)
{
    if (!n) return 0;
    char *arr = key_array(keys, n);
    held *h = malloc(n * sizeof *h);
    sqlite3_stmt *st = arr && h ? stmt(d, BP_UP_ALL, err) : NULL;
    size_t nh = 0;
    int rc = -1, step = SQLITE_DONE;
    if (!arr || !h) fh_fail(err, "out of memory");
    if (st) {
        sqlite3_bind_text(st, 1, arr, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, source, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, id, -1, SQLITE_STATIC);
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            long long count = sqlite3_column_int64(st, 1);
            const char *first = (const char *)sqlite3_column_text(st, 2);
            if (count < 2 || nh == n) continue;
            held *x = &h[nh++];
            x->key = sqlite3_column_int64(st, 0);
            x->with_first = count == 2 && first && strlen(first) < sizeof x->first;
            if (x->with_first) strcpy(x->first, first);
        }
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        rc = step == SQLITE_DONE ? 0 : sq_db_fail(d, err, "counting boilerplate lines");
    }
    for (size_t i = 0; i < nh && !rc; i++) rc = hold(d, &h[i], id, err);
    free(h);
    free(arr);
    return rc;
}

/* Bind ?1 key, and ?2 text2 (may be NULL), run. */
static int key_step(fh_backend_db *d, int which, int64_t key, const char *text2, fh_err *err)
{
    sqlite3_stmt *st = stmt(d, which, err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, key);
    if (sqlite3_bind_parameter_count(st) >= 2) sqlite3_bind_text(st, 2, text2, -1, SQLITE_STATIC);
    return run(d, st, err, "counting boilerplate lines");
}

int sq_boiler_count(fh_backend_db *d, const char *source, const int64_t *keys, size_t n,
                    const char *id, int delta, fh_err *err)
{
    if (!d->bp_tables) return fh_fail(err, "%s: boilerplate tables missing", d->path);
    sqlite3_stmt *st = stmt(d, BP_SRC, err);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, delta);
    if (run(d, st, err, "counting a source's articles")) return -1;
    if (delta < 0) {
        if (!(st = stmt(d, BP_SRC_GONE, err))) return -1;
        sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
        if (run(d, st, err, "counting a source's articles")) return -1;
    }
    if (delta > 0) return count_up(d, source, keys, n, id, err);
    for (size_t i = 0; i < n; i++)
        if (key_step(d, BP_DOWN, keys[i], NULL, err) || key_step(d, BP_UNHOLD, keys[i], id, err) ||
            key_step(d, BP_REFIRST, keys[i], id, err) || key_step(d, BP_GONE, keys[i], NULL, err))
            return -1;
    return 0;
}

int sq_boiler_mark(fh_backend_db *d, const fh_boiler_mark *marks, size_t n, fh_err *err)
{
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *st = stmt(d, BP_MARK, err);
        if (!st) return -1;
        sqlite3_bind_int64(st, 1, marks[i].key);
        sqlite3_bind_int(st, 2, marks[i].marked != 0);
        if (marks[i].text) sqlite3_bind_text(st, 3, marks[i].text, -1, SQLITE_STATIC);
        else sqlite3_bind_null(st, 3);
        if (run(d, st, err, "marking a boilerplate line")) return -1;
    }
    return 0;
}

int sq_boiler_docs(fh_backend_db *d, const int64_t *keys, size_t n,
                   int (*fn)(void *ctx, const char *id), void *ctx, fh_err *err)
{
    int stop = 0;
    for (size_t i = 0; i < n && !stop; i++) {
        sqlite3_stmt *st = stmt(d, BP_DOCS, err);
        if (!st) return -1;
        sqlite3_bind_int64(st, 1, keys[i]);
        int rc;
        while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) stop = fn(ctx, sq_col_text(st, 0));
        sqlite3_reset(st);
        if (!stop && rc != SQLITE_DONE) return sq_db_fail(d, err, "reading a line's articles");
    }
    return 0;
}

/* The mask column of a document's row rowid_sql (an SQL expression), or
 * NULL where the store has no masks. */
const char *sq_boiler_mask_sql(fh_backend_db *d)
{
    return d->bp_tables ? "(SELECT mask FROM bp_mask WHERE bp_mask.rowid = %s)" : "NULL";
}

int sq_boiler_put_mask(fh_backend_db *d, sqlite3_int64 rowid, const char *mask, size_t len,
                       fh_err *err)
{
    if (!d->bp_tables) return 0;
    if (mask && len) {
        if (sq_prepare(d, &d->st_mask_put, "INSERT OR REPLACE INTO bp_mask(rowid, mask) VALUES (?1, ?2)", err))
            return -1;
        sqlite3_bind_text(d->st_mask_put, 2, mask, (int)len, SQLITE_STATIC);
    } else if (sq_prepare(d, &d->st_mask_put_none, "DELETE FROM bp_mask WHERE rowid = ?1", err)) {
        return -1;
    }
    sqlite3_stmt *st = mask && len ? d->st_mask_put : d->st_mask_put_none;
    sqlite3_bind_int64(st, 1, rowid);
    return run(d, st, err, "storing a boilerplate mask");
}
