/*
 * variants.c - the PostgreSQL backend's table of learned variant
 * spellings (src/store/variants.c decides them; here they are stored and
 * read):
 *   fahras_variants(word, variant, score, df_word, df_variant)
 * Made by the first `fahras variants --learn`; a store without it has none.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_store.h"

/* 1 when the table exists, 0 when not, -1 on error. */
static int have_table(fh_backend_db *db, fh_err *err)
{
    PGresult *r = PQexec(db->conn, "SELECT to_regclass('fahras_variants') IS NOT NULL");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) return pg_fail(db, r, err, "looking for the variants table");
    int have = PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 't';
    PQclear(r);
    return have;
}

int pg_variants_get(fh_backend_db *db, const char *key, char (*out)[FAHRAS_MAX_TERM_BYTES],
                    size_t max, fh_err *err)
{
    int have = have_table(db, err);
    if (have <= 0) return have;
    char lim[24];
    snprintf(lim, sizeof lim, "%zu", max);
    const char *vals[2] = {key, lim};
    PGresult *r = pg_exec_params(db,
                                 "SELECT variant FROM fahras_variants WHERE word = $1"
                                 " ORDER BY df_variant DESC, variant LIMIT $2::int",
                                 2, vals);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) return pg_fail(db, r, err, "reading variant spellings");
    int n = 0;
    for (int i = 0; i < PQntuples(r) && (size_t)n < max; i++) {
        const char *v = PQgetvalue(r, i, 0);
        if (strlen(v) < FAHRAS_MAX_TERM_BYTES) snprintf(out[n++], FAHRAS_MAX_TERM_BYTES, "%s", v);
    }
    PQclear(r);
    return n;
}

int pg_variants_put(fh_backend_db *db, const fh_variant_row *rows, size_t n, fh_err *err)
{
    if (pg_exec_cmd(db,
                    "BEGIN; CREATE TABLE IF NOT EXISTS fahras_variants (word text NOT NULL,"
                    " variant text NOT NULL, score float8 NOT NULL, df_word bigint NOT NULL,"
                    " df_variant bigint NOT NULL, PRIMARY KEY (word, variant));"
                    " DELETE FROM fahras_variants",
                    err, "storing variant spellings"))
        goto fail;
    for (size_t i = 0; i < n; i++) {
        char score[32], dw[24], dv[24];
        snprintf(score, sizeof score, "%.6f", rows[i].score);
        snprintf(dw, sizeof dw, "%lld", rows[i].df_word);
        snprintf(dv, sizeof dv, "%lld", rows[i].df_variant);
        const char *vals[5] = {rows[i].word, rows[i].variant, score, dw, dv};
        PGresult *r = pg_exec_params(db,
                                     "INSERT INTO fahras_variants VALUES ($1, $2, $3::float8,"
                                     " $4::bigint, $5::bigint) ON CONFLICT DO NOTHING",
                                     5, vals);
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
            pg_fail(db, r, err, "storing variant spellings");
            goto fail;
        }
        PQclear(r);
    }
    return pg_exec_cmd(db, "COMMIT", err, "storing variant spellings");
fail:
    PQclear(PQexec(db->conn, "ROLLBACK"));
    return -1;
}

int pg_variants_list(fh_backend_db *db, fh_variant_row_fn fn, void *ctx, fh_err *err)
{
    int have = have_table(db, err);
    if (have <= 0) return have;
    PGresult *r = PQexec(db->conn, "SELECT word, variant, score, df_word, df_variant FROM fahras_variants"
                                   " ORDER BY word, df_variant DESC, variant");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) return pg_fail(db, r, err, "listing variant spellings");
    for (int i = 0; i < PQntuples(r); i++) {
        fh_variant_row row = {PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), atof(PQgetvalue(r, i, 2)),
                              atoll(PQgetvalue(r, i, 3)), atoll(PQgetvalue(r, i, 4))};
        if (fn(ctx, &row)) break;
    }
    PQclear(r);
    return 0;
}

/* Every document, a row at a time (single-row mode: a large store is
 * never held in memory at once). */
int pg_docs_each(fh_backend_db *db, fh_doc_text_fn fn, void *ctx, fh_err *err)
{
    if (!PQsendQuery(db->conn, "SELECT coalesce(title, ''), body FROM fahras_docs") ||
        !PQsetSingleRowMode(db->conn))
        return pg_fail(db, NULL, err, "reading the documents");
    PGresult *r;
    int rc = 0, stop = 0;
    while ((r = PQgetResult(db->conn))) {
        ExecStatusType s = PQresultStatus(r);
        if (s == PGRES_SINGLE_TUPLE && !stop && !rc) {
            stop = fn(ctx, PQgetvalue(r, 0, 0), (size_t)PQgetlength(r, 0, 0), PQgetvalue(r, 0, 1),
                      (size_t)PQgetlength(r, 0, 1));
        } else if (s != PGRES_SINGLE_TUPLE && s != PGRES_TUPLES_OK && !rc) {
            rc = pg_fail(db, r, err, "reading the documents");
            continue; /* pg_fail cleared r */
        }
        PQclear(r);
    }
    return rc;
}
