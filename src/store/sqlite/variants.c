/*
 * variants.c - the SQLite backend's table of learned variant spellings
 * (src/store/variants.c decides them; here they are stored and read):
 *   variants(word, variant, score, df_word, df_variant)
 * Made by the first `fahras variants --learn`; a store without it has none.
 */
#include <stdio.h>
#include <string.h>

#include "sqlite_store.h"

/* 1 when the table exists, 0 when not, -1 on error. */
static int have_table(fh_backend_db *d, fh_err *err)
{
    /* asked again for each read request (`fahras variants --learn` may make
     * the table while this connection is open), once for all the words of
     * its queries: the schema scan cost more than the search of a short
     * query */
    if (d->in_request && d->var_have >= 0) return d->var_have;
    /* nor scanned again while no other connection committed (a read of
     * the data_version costs a tenth of the scan) */
    long long dv = -1;
    if (!sq_prepare(d, &d->st_var_dv, "PRAGMA data_version", NULL)) {
        if (sqlite3_step(d->st_var_dv) == SQLITE_ROW) dv = sqlite3_column_int64(d->st_var_dv, 0);
        sqlite3_reset(d->st_var_dv);
    }
    int have;
    if (dv >= 0 && d->var_known && d->var_known_dv == dv) {
        have = d->var_known_have;
    } else {
        if (sq_prepare(d, &d->st_var_have, "SELECT 1 FROM sqlite_schema WHERE name = 'variants'", err))
            return -1;
        int rc = sqlite3_step(d->st_var_have);
        have = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : sq_db_fail(d, err, "looking for the variants table");
        sqlite3_reset(d->st_var_have);
        d->var_known = have >= 0 && dv >= 0;
        d->var_known_have = have;
        d->var_known_dv = dv;
    }
    if (d->in_request) d->var_have = have;
    return have;
}

int sq_variants_get(fh_backend_db *d, const char *key, char (*out)[FAHRAS_MAX_TERM_BYTES],
                    size_t max, fh_err *err)
{
    int have = have_table(d, err);
    if (have <= 0) return have;
    if (sq_prepare(d, &d->st_var_get,
                   "SELECT variant FROM variants WHERE word = ?1"
                   " ORDER BY df_variant DESC, variant LIMIT ?2",
                   err))
        return -1;
    sqlite3_stmt *st = d->st_var_get;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)max);
    int rc, n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && (size_t)n < max) {
        const char *v = sq_col_text(st, 0);
        if (strlen(v) >= FAHRAS_MAX_TERM_BYTES) continue;
        snprintf(out[n++], FAHRAS_MAX_TERM_BYTES, "%s", v);
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) n = sq_db_fail(d, err, "reading variant spellings");
    sqlite3_reset(st); /* no read transaction left open between queries */
    return n;
}

int sq_variants_put(fh_backend_db *d, const fh_variant_row *rows, size_t n, fh_err *err)
{
    sqlite3_stmt *st = NULL;
    d->var_known = 0; /* this connection's own commits leave data_version as it was */
    if (sq_exec(d, "BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS variants(word TEXT NOT NULL,"
                   " variant TEXT NOT NULL, score REAL NOT NULL, df_word INTEGER NOT NULL,"
                   " df_variant INTEGER NOT NULL, PRIMARY KEY(word, variant)) WITHOUT ROWID;"
                   " DELETE FROM variants;",
                err))
        goto fail;
    if (sqlite3_prepare_v2(d->db, "INSERT OR REPLACE INTO variants VALUES (?1, ?2, ?3, ?4, ?5)", -1,
                           &st, NULL) != SQLITE_OK) {
        sq_db_fail(d, err, "storing variant spellings");
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        sqlite3_bind_text(st, 1, rows[i].word, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, rows[i].variant, -1, SQLITE_STATIC);
        sqlite3_bind_double(st, 3, rows[i].score);
        sqlite3_bind_int64(st, 4, rows[i].df_word);
        sqlite3_bind_int64(st, 5, rows[i].df_variant);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_DONE) {
            sq_db_fail(d, err, "storing variant spellings");
            goto fail;
        }
    }
    sqlite3_finalize(st);
    return sq_exec(d, "COMMIT", err);
fail:
    sqlite3_finalize(st);
    sq_exec(d, "ROLLBACK", NULL);
    return -1;
}

int sq_variants_list(fh_backend_db *d, fh_variant_row_fn fn, void *ctx, fh_err *err)
{
    int have = have_table(d, err);
    if (have <= 0) return have;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(d->db,
                           "SELECT word, variant, score, df_word, df_variant FROM variants"
                           " ORDER BY word, df_variant DESC, variant",
                           -1, &st, NULL) != SQLITE_OK)
        return sq_db_fail(d, err, "listing variant spellings");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        fh_variant_row r = {sq_col_text(st, 0), sq_col_text(st, 1), sqlite3_column_double(st, 2),
                            sqlite3_column_int64(st, 3), sqlite3_column_int64(st, 4)};
        if (fn(ctx, &r)) break;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_db_fail(d, err, "listing variant spellings");
}

int sq_docs_each(fh_backend_db *d, fh_doc_text_fn fn, void *ctx, fh_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(d->db, "SELECT title, body FROM docs", -1, &st, NULL) != SQLITE_OK)
        return sq_db_fail(d, err, "reading the documents");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *t = sq_col_text(st, 0), *b = sq_col_text(st, 1);
        if (fn(ctx, t, (size_t)sqlite3_column_bytes(st, 0), b, (size_t)sqlite3_column_bytes(st, 1)))
            break;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_db_fail(d, err, "reading the documents");
}
