/*
 * boiler.c - the PostgreSQL backend's boilerplate tables: what the store
 * layer decides (src/store/boiler.c) is stored and looked up here.
 *   fahras_bp_source(source PRIMARY KEY, ndocs)   articles a source
 *   fahras_bp_line(key PRIMARY KEY, source, count, first, marked, text)
 *   fahras_bp_doc(key, id)      holders of a line held by two or more
 *   fahras_docs.boiler          a document's masked ranges
 * A store made before them gets them on its first write.  Writes join the
 * open batch's replay list (write.c), so a refused document loses none.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_store.h"

static const char schema_sql[] =
    "ALTER TABLE fahras_docs ADD COLUMN IF NOT EXISTS boiler text;"
    "CREATE TABLE IF NOT EXISTS fahras_bp_source (source text PRIMARY KEY, ndocs bigint NOT NULL);"
    "CREATE TABLE IF NOT EXISTS fahras_bp_line (key bigint PRIMARY KEY, source text NOT NULL,"
    " count bigint NOT NULL, first text, marked boolean NOT NULL DEFAULT false, text text);"
    "CREATE INDEX IF NOT EXISTS fahras_bp_line_marked ON fahras_bp_line (source) WHERE marked;"
    "CREATE TABLE IF NOT EXISTS fahras_bp_doc (key bigint NOT NULL, id text NOT NULL,"
    " PRIMARY KEY (key, id));";

int pg_boiler_have(fh_backend_db *db, fh_err *err)
{
    if (db->bp_tables) return 1;
    PGresult *r = PQexec(db->conn, "SELECT to_regclass('fahras_bp_doc') IS NOT NULL");
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        return pg_fail(db, r, err, "looking for the boilerplate tables");
    db->bp_tables = PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 't';
    PQclear(r);
    return db->bp_tables;
}

/* Before a batch, outside its transaction: a batch rolled back and
 * replayed keeps the tables. */
int pg_boiler_prepare(fh_backend_db *db, fh_err *err)
{
    int have = pg_boiler_have(db, err);
    if (have < 0) return -1;
    if (!have && pg_exec_cmd(db, schema_sql, err, "creating the boilerplate tables")) return -1;
    db->bp_tables = 1;
    return 0;
}

/* Rows of r (key, count, marked, text[, source, ndocs]) to fn. */
static void rows(PGresult *r, const char *source, fh_boiler_row_fn fn, void *ctx)
{
    int wide = PQnfields(r) > 4;
    for (int i = 0; i < PQntuples(r); i++) {
        fh_boiler_row row = {
            .key = strtoll(PQgetvalue(r, i, 0), NULL, 10),
            .count = atol(PQgetvalue(r, i, 1)),
            .marked = PQgetvalue(r, i, 2)[0] == 't',
            .text = PQgetisnull(r, i, 3) ? NULL : PQgetvalue(r, i, 3),
            .source = wide ? PQgetvalue(r, i, 4) : source,
            .ndocs = wide ? atol(PQgetvalue(r, i, 5)) : 0,
        };
        if (fn(ctx, &row)) break;
    }
}

int pg_boiler_get(fh_backend_db *db, const char *source, const int64_t *keys, size_t n,
                  fh_boiler_row_fn fn, void *ctx, long *ndocs, fh_err *err)
{
    if (ndocs) *ndocs = 0;
    int have = pg_boiler_have(db, err);
    if (have <= 0) return have;
    PGresult *r;
    if (ndocs) {
        const char *vals[1] = {source};
        r = pg_exec_params(db, "SELECT ndocs FROM fahras_bp_source WHERE source = $1", 1, vals);
        if (PQresultStatus(r) != PGRES_TUPLES_OK) return pg_fail(db, r, err, "reading a source");
        if (PQntuples(r)) *ndocs = atol(PQgetvalue(r, 0, 0));
        PQclear(r);
    }
    char *arr = NULL;
    if (keys) {
        if (!n) return 0;
        if (!(arr = pg_bigint_array(keys, n))) return fh_fail(err, "out of memory");
        const char *vals[1] = {arr};
        r = pg_exec_params(db, "SELECT key, count, marked, text FROM fahras_bp_line"
                               " WHERE key = ANY($1::bigint[])", 1, vals);
    } else if (source) {
        const char *vals[1] = {source};
        r = pg_exec_params(db, "SELECT key, count, marked, text FROM fahras_bp_line"
                               " WHERE source = $1 AND marked", 1, vals);
    } else {
        r = pg_exec_params(db, "SELECT l.key, l.count, l.marked, l.text, l.source, s.ndocs"
                               " FROM fahras_bp_line l JOIN fahras_bp_source s USING (source)"
                               " WHERE l.marked ORDER BY l.source COLLATE \"C\", l.count DESC, l.key",
                           0, NULL);
    }
    free(arr);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) return pg_fail(db, r, err, "reading boilerplate lines");
    rows(r, source, fn, ctx);
    PQclear(r);
    return 0;
}

int pg_boiler_count(fh_backend_db *db, const char *source, const int64_t *keys, size_t n,
                    const char *id, int delta, fh_err *err)
{
    static const char up_sql[] =
        "WITH src AS (INSERT INTO fahras_bp_source AS s VALUES ($1, 1)"
        "             ON CONFLICT (source) DO UPDATE SET ndocs = s.ndocs + 1),"
        " up AS (INSERT INTO fahras_bp_line AS l (key, source, count, first)"
        "        SELECT k, $1, 1, $3 FROM unnest($2::bigint[]) k"
        "        ON CONFLICT (key) DO UPDATE SET count = l.count + 1 RETURNING l.key, l.count, l.first) "
        "INSERT INTO fahras_bp_doc (key, id)"
        " SELECT key, $3 FROM up WHERE count >= 2"
        " UNION SELECT key, first FROM up WHERE count = 2 AND first IS NOT NULL"
        " ON CONFLICT DO NOTHING";
    /* the subquery sees the holders before this statement: id excluded */
    static const char down_sql[] =
        "WITH src AS (UPDATE fahras_bp_source SET ndocs = ndocs - 1 WHERE source = $1),"
        " del AS (DELETE FROM fahras_bp_doc WHERE id = $3 AND key = ANY($2::bigint[])) "
        "UPDATE fahras_bp_line l SET count = l.count - 1,"
        " first = CASE WHEN l.first = $3 THEN (SELECT d.id FROM fahras_bp_doc d"
        "   WHERE d.key = l.key AND d.id <> $3 LIMIT 1) ELSE l.first END"
        " WHERE l.key = ANY($2::bigint[])";
    static const char gone_sql[] =
        "WITH l AS (DELETE FROM fahras_bp_line WHERE key = ANY($2::bigint[]) AND count <= 0) "
        "DELETE FROM fahras_bp_source WHERE source = $1 AND ndocs <= 0";
    if (!db->bp_tables) return fh_fail(err, "boilerplate tables missing");
    char *arr = pg_bigint_array(keys, n);
    if (!arr) return fh_fail(err, "out of memory");
    const char *vals[3] = {source, arr, id};
    int rc = delta > 0
                 ? pg_batch_exec(db, "fahras_bp_up", up_sql, &db->bp_up_prepared, 3, vals, err)
                 : pg_batch_exec(db, "fahras_bp_down", down_sql, &db->bp_down_prepared, 3, vals, err) ||
                       pg_batch_exec(db, "fahras_bp_gone", gone_sql, &db->bp_gone_prepared, 2, vals, err);
    free(arr);
    return rc;
}

/* '{...}' of the marks' keys, statuses and texts (NULL elements for none). */
static int mark_arrays(const fh_boiler_mark *marks, size_t n, sbuf a[3])
{
    char num[32];
    for (int k = 0; k < 3; k++) fh_sb_str(&a[k], "{");
    for (size_t i = 0; i < n; i++) {
        const char *sep = i ? "," : "";
        for (int k = 0; k < 3; k++) fh_sb_str(&a[k], sep);
        snprintf(num, sizeof num, "%lld", (long long)marks[i].key);
        fh_sb_str(&a[0], num);
        fh_sb_str(&a[1], marks[i].marked ? "t" : "f");
        if (!marks[i].text) {
            fh_sb_str(&a[2], "NULL");
            continue;
        }
        fh_sb_str(&a[2], "\"");
        for (const char *p = marks[i].text; *p; p++) {
            if (*p == '"' || *p == '\\') fh_sb_str(&a[2], "\\");
            fh_sb_add(&a[2], p, 1);
        }
        fh_sb_str(&a[2], "\"");
    }
    int oom = 0;
    for (int k = 0; k < 3; k++) {
        fh_sb_str(&a[k], "}");
        oom |= a[k].oom;
    }
    return oom ? -1 : 0;
}

int pg_boiler_mark(fh_backend_db *db, const fh_boiler_mark *marks, size_t n, fh_err *err)
{
    static const char sql[] =
        "UPDATE fahras_bp_line l SET marked = u.m, text = u.t"
        " FROM unnest($1::bigint[], $2::boolean[], $3::text[]) AS u(k, m, t) WHERE l.key = u.k";
    if (!n) return 0;
    sbuf a[3] = {{0}, {0}, {0}};
    int rc = mark_arrays(marks, n, a) ? fh_fail(err, "out of memory") : 0;
    const char *vals[3] = {a[0].p, a[1].p, a[2].p};
    if (!rc) rc = pg_batch_exec(db, "fahras_bp_mark", sql, &db->bp_mark_prepared, 3, vals, err);
    for (int k = 0; k < 3; k++) free(a[k].p);
    return rc;
}

const char pg_boiler_docs_sql[] =
    "SELECT id FROM fahras_bp_doc WHERE key = ANY($1::bigint[]) UNION"
    " SELECT first FROM fahras_bp_line WHERE key = ANY($1::bigint[]) AND first IS NOT NULL";

int pg_boiler_docs(fh_backend_db *db, const int64_t *keys, size_t n,
                   int (*fn)(void *ctx, const char *id), void *ctx, fh_err *err)
{
    char *arr = pg_bigint_array(keys, n);
    if (!arr) return fh_fail(err, "out of memory");
    const char *vals[1] = {arr};
    PGresult *r = pg_exec_params(db, pg_boiler_docs_sql, 1, vals);
    free(arr);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) return pg_fail(db, r, err, "reading a line's articles");
    for (int i = 0; i < PQntuples(r); i++)
        if (fn(ctx, PQgetvalue(r, i, 0))) break;
    PQclear(r);
    return 0;
}
