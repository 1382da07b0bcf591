/*
 * dups.c - the PostgreSQL backend's near-duplicate tables: what the store
 * layer decides (src/store/dups.c) is stored and looked up here.
 *   fahras_dup_doc(id PRIMARY KEY, cluster, date, sig)   one record a document
 *   fahras_dup_key(key, id)                              its lookup keys
 * A store made before them gets them on its first write.  Writes join the
 * open batch's replay list (write.c), so a refused document loses none.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dupsig.h"
#include "pg_store.h"

/* The copies (a document whose cluster another began): the clusters
 * holding one, read from it alone. */
#define COPY_INDEX_SQL \
    "CREATE INDEX IF NOT EXISTS fahras_dup_doc_copy ON fahras_dup_doc (cluster, id) WHERE cluster <> id"

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS fahras_dup_doc (id text PRIMARY KEY, cluster text NOT NULL,"
    " date text, sig bytea NOT NULL);"
    "CREATE INDEX IF NOT EXISTS fahras_dup_doc_cluster ON fahras_dup_doc (cluster);"
    COPY_INDEX_SQL ";"
    "CREATE TABLE IF NOT EXISTS fahras_dup_key (key bigint NOT NULL, id text NOT NULL);"
    "CREATE INDEX IF NOT EXISTS fahras_dup_key_key ON fahras_dup_key (key);"
    "CREATE INDEX IF NOT EXISTS fahras_dup_key_id ON fahras_dup_key (id);";

int pg_dups_have(fh_backend_db *db, fh_err *err)
{
    if (db->dup_tables) return 1;
    PGresult *r = PQexec(db->conn, "SELECT to_regclass('fahras_dup_key') IS NOT NULL");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) return pg_fail(db, r, err, "looking for the near-duplicate tables");
    db->dup_tables = PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 't';
    PQclear(r);
    return db->dup_tables;
}

static int unhex(const char *h, unsigned char *out, size_t cap, size_t *n)
{
    if (h[0] != '\\' || h[1] != 'x') return -1;
    h += 2;
    size_t len = strlen(h) / 2;
    if (len > cap) return -1;
    for (size_t i = 0; i < len; i++) {
        unsigned v = 0;
        if (sscanf(h + 2 * i, "%2x", &v) != 1) return -1;
        out[i] = (unsigned char)v;
    }
    *n = len;
    return 0;
}

const char pg_dups_lookup_sql[] =
    "SELECT d.id, d.cluster, d.date, d.sig FROM fahras_dup_doc d"
    " WHERE d.id IN (SELECT s.id FROM unnest($1::bigint[]) q(key),"
    " LATERAL (SELECT id FROM fahras_dup_key k WHERE k.key = q.key"
    " LIMIT " FH_STR(FH_DUP_KEY_HOLDERS) ") s GROUP BY s.id"
    " HAVING count(*) >= " FH_STR(FH_DUP_MIN_BANDS)
    " UNION SELECT s.id FROM unnest($2::bigint[]) q(key),"
    " LATERAL (SELECT id FROM fahras_dup_key k WHERE k.key = q.key"
    " LIMIT " FH_STR(FH_DUP_KEY_HOLDERS) ") s)";

int pg_dup_rows(PGresult *r, fh_dup_row_fn fn, void *ctx)
{
    for (int i = 0; i < PQntuples(r); i++) {
        unsigned char sig[FH_DUPSIG_BLOB];
        size_t len = 0;
        if (unhex(PQgetvalue(r, i, 3), sig, sizeof sig, &len)) continue;
        fh_dup_row row = {
            .id = PQgetvalue(r, i, 0),
            .cluster = PQgetvalue(r, i, 1),
            .date = PQgetisnull(r, i, 2) ? NULL : PQgetvalue(r, i, 2),
            .sig = sig,
            .sig_len = len,
        };
        if (fn(ctx, &row)) return 1;
    }
    return 0;
}

int pg_dups_lookup(fh_backend_db *db, const int64_t *keys, size_t n_band, size_t n,
                   fh_dup_row_fn fn, void *ctx, fh_err *err)
{
    int have = pg_dups_have(db, err);
    if (have <= 0) return have;
    char *bands = pg_bigint_array(keys, n_band), *others = pg_bigint_array(keys + n_band, n - n_band);
    if (!bands || !others) {
        free(bands);
        free(others);
        return fh_fail(err, "out of memory");
    }
    const char *vals[2] = {bands, others};
    PGresult *r = pg_exec_params(db, pg_dups_lookup_sql, 2, vals);
    free(bands);
    free(others);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) return pg_fail(db, r, err, "looking up copies");
    pg_dup_rows(r, fn, ctx);
    PQclear(r);
    return 0;
}

/* Before a batch, outside its transaction: a batch rolled back and
 * replayed keeps the tables. */
int pg_dups_prepare(fh_backend_db *db, fh_err *err)
{
    int have = pg_dups_have(db, err);
    if (have < 0) return -1;
    if (!have && pg_exec_cmd(db, schema_sql, err, "creating the near-duplicate tables")) return -1;
    /* a store made before the index of copies gets it */
    if (have && pg_indexes_prepare(db, "{fahras_dup_doc_copy}", COPY_INDEX_SQL, &db->dup_copy_index, err))
        return -1;
    db->dup_tables = 1;
    db->dup_copy_index = 1;
    return 0;
}

int pg_dups_get(fh_backend_db *db, const char *id, fh_dup_row_fn fn, void *ctx, fh_err *err)
{
    int have = pg_dups_have(db, err);
    if (have <= 0) return have;
    const char *vals[1] = {id};
    PGresult *r = pg_exec_params(db, "SELECT id, cluster, date, sig FROM fahras_dup_doc WHERE id = $1",
                                 1, vals);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) return pg_fail(db, r, err, "reading a near-duplicate record");
    pg_dup_rows(r, fn, ctx);
    PQclear(r);
    return 0;
}

/* Before writing clusters: a store whose signatures are of another format
 * is refused (comparing them with new ones would join nothing); the format
 * is the first byte of every signature. */
static int check_format(fh_backend_db *db, fh_err *err)
{
    if (db->dup_format_ok) return 0;
    PGresult *r = PQexec(db->conn, "SELECT get_byte(sig, 0) FROM fahras_dup_doc LIMIT 1");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) return pg_fail(db, r, err, "reading a near-duplicate record");
    int format = PQntuples(r) ? atoi(PQgetvalue(r, 0, 0)) : FH_DUPSIG_FORMAT;
    PQclear(r);
    if (format != FH_DUPSIG_FORMAT)
        return fh_fail(err,
                       "its near-duplicate clusters were made by another version of fahras "
                       "(signature format %d, this one makes %d): index into a new store, or "
                       "index with --no-dups",
                       format, FH_DUPSIG_FORMAT);
    db->dup_format_ok = 1;
    return 0;
}

/* The old keys go by the id's index (old is not needed here). */
int pg_dups_put(fh_backend_db *db, const fh_dup_row *r, const int64_t *keys, size_t n,
                const int64_t *old, size_t n_old, fh_err *err)
{
    (void)old;
    (void)n_old;
    if (!db->dup_tables) return fh_fail(err, "near-duplicate tables missing");
    if (check_format(db, err)) return -1;
    static const char sql[] =
        "WITH del AS (DELETE FROM fahras_dup_key WHERE id = $1),"
        " doc AS (INSERT INTO fahras_dup_doc (id, cluster, date, sig) VALUES ($1, $2, $3, $4::bytea)"
        "         ON CONFLICT (id) DO UPDATE SET cluster = excluded.cluster, date = excluded.date,"
        "         sig = excluded.sig) "
        "INSERT INTO fahras_dup_key (key, id) SELECT DISTINCT unnest($5::bigint[]), $1";
    char *arr = pg_bigint_array(keys, n), *hex = malloc(r->sig_len * 2 + 3);
    int rc = -1;
    if (arr && hex) {
        hex[0] = '\\';
        hex[1] = 'x';
        for (size_t i = 0; i < r->sig_len; i++) sprintf(hex + 2 + 2 * i, "%02x", r->sig[i]);
        hex[2 + 2 * r->sig_len] = '\0';
        const char *vals[5] = {r->id, r->cluster, r->date, hex, arr};
        rc = pg_batch_exec(db, "fahras_dup_put", sql, &db->dup_put_prepared, 5, vals, err);
    } else {
        fh_fail(err, "out of memory");
    }
    free(arr);
    free(hex);
    return rc;
}

int pg_dups_relabel(fh_backend_db *db, const char *from, const char *to, fh_err *err)
{
    const char *vals[2] = {from, to};
    return pg_batch_exec(db, "fahras_dup_relabel",
                         "UPDATE fahras_dup_doc SET cluster = $2 WHERE cluster = $1",
                         &db->dup_relabel_prepared, 2, vals, err);
}

const char pg_dups_clusters_sql[] =
    "SELECT u.i - 1, d.cluster FROM unnest($1::text[]) WITH ORDINALITY"
    " AS u(id, i) JOIN fahras_dup_doc d ON d.id = u.id";

int pg_dups_clusters(fh_backend_db *db, const char *const *ids, size_t n,
                     int (*fn)(void *ctx, size_t i, const char *cluster), void *ctx, fh_err *err)
{
    int have = pg_dups_have(db, err);
    if (have <= 0) return have;
    char *arr = pg_text_array(ids, n);
    if (!arr) return fh_fail(err, "out of memory");
    const char *vals[1] = {arr};
    PGresult *r = pg_exec_params(db, pg_dups_clusters_sql, 1, vals);
    free(arr);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) return pg_fail(db, r, err, "reading clusters");
    for (int i = 0; i < PQntuples(r); i++)
        if (fn(ctx, (size_t)strtoull(PQgetvalue(r, i, 0), NULL, 10), PQgetvalue(r, i, 1))) break;
    PQclear(r);
    return 0;
}

/* Past this many clusters holding copies, a collapsed total stays an upper
 * bound: their names go to every database as one array parameter. */
#define PG_HIDDEN_CLUSTERS_MAX 20000

/* Of the clusters named by labels (a text[] literal), the matches of m in
 * each: (cluster, count) rows of this database or every shard; added up
 * here, each cluster's matches but one are hidden behind it. */
static int hidden_in(fh_backend_db *db, const fh_backend_search *req, const char *labels, long *hidden,
                     fh_err *err)
{
    pg_match m;
    if (pg_translate(db, req->plan, req->q, &m, err)) return -1;
    int rc = pg_spans_where(db, req->ents, &m, err);
    const char *vals[16];
    if (!rc && m.n_params + 1 > 16) rc = fh_fail(err, "too many parameters");
    sbuf sql = {0};
    pg_row_set counts = {0};
    int by_index = pg_scan_by_index(db, !rc && m.broad);
    if (!rc) {
        /* the clusters' members among the matches (an id is one member):
         * read from the members' side, the matches a semi-join, not a
         * lookup of each match's cluster (a third of the time).  The
         * matches are found once through the words index, kept apart
         * (OFFSET 0): else the planner may test each member's tsvector,
         * decompressing it, which its costs do not see (السعودية's 2,546
         * members: 123 ms warm, against 12 ms) */
        char any[160];
        snprintf(any, sizeof any, "SELECT x.cluster, count(*) FROM fahras_dup_doc x"
                                  " WHERE x.cluster = ANY($%d::text[]) AND x.id IN (SELECT id FROM fahras_docs",
                 m.n_params + 1);
        fh_sb_str(&sql, any);
        fh_sb_str(&sql, pg_match_only(&m));
        fh_sb_str(&sql, m.where.p);
        fh_sb_str(&sql, " OFFSET 0) GROUP BY 1");
        memcpy(vals, m.params, sizeof *vals * (size_t)m.n_params);
        vals[m.n_params] = labels;
        rc = sql.oom ? fh_fail(err, "out of memory")
                     : pg_collection_rows(db, sql.p, m.n_params + 1, vals, pg_rows_keep, &counts, err,
                                          "counting copies among the matches");
    }
    if (!rc && counts.oom) rc = fh_fail(err, "out of memory");
    if (!rc) {
        pg_row_set_sort(&counts, pg_row_by_first);
        long h = 0;
        for (size_t i = 0, j; i < counts.n; i = j) {
            long n = 0;
            for (j = i; j < counts.n && !strcmp(pg_row_col(&counts.v[j], 0), pg_row_col(&counts.v[i], 0)); j++)
                n += atol(pg_row_col(&counts.v[j], 1));
            h += n - 1;
        }
        *hidden = h;
    }
    pg_scan_restore(db, by_index);
    pg_row_set_free(&counts);
    free(sql.p);
    pg_match_free(&m);
    return rc;
}

int pg_hidden_copies_in(fh_backend_db *db, const fh_backend_search *req, long *hidden, fh_err *err)
{
    *hidden = 0;
    /* the clusters with a copy: on any database (a shard's copy may be of a
     * document on another) */
    pg_row_set labels = {0};
    int rc = pg_collection_rows(db, "SELECT DISTINCT cluster FROM fahras_dup_doc WHERE cluster <> id", 0, NULL,
                                pg_rows_keep, &labels, err, "reading clusters");
    if (!rc && labels.oom) rc = fh_fail(err, "out of memory");
    int counted = 1;
    if (!rc && labels.n > PG_HIDDEN_CLUSTERS_MAX) counted = 0;
    if (!rc && counted && labels.n) {
        const char **v = malloc(labels.n * sizeof *v);
        char *arr = NULL;
        if (v) {
            for (size_t i = 0; i < labels.n; i++) v[i] = pg_row_col(&labels.v[i], 0);
            arr = pg_text_array(v, labels.n);
        }
        rc = !arr ? fh_fail(err, "out of memory") : hidden_in(db, req, arr, hidden, err);
        free(arr);
        free(v);
    }
    pg_row_set_free(&labels);
    return rc ? -1 : counted;
}

int pg_hidden_copies(fh_backend_db *db, const fh_backend_search *req, long *hidden, fh_err *err)
{
    int have = pg_dups_have(db, err);
    if (have <= 0) {
        *hidden = 0;
        return have < 0 ? -1 : 1;
    }
    return pg_hidden_copies_in(db, req, hidden, err);
}

int pg_dup_member(PGresult *r, int i, fh_dup_member_fn fn, void *ctx)
{
    fh_dup m = {
        .id = PQgetvalue(r, i, 1),
        .title = PQgetvalue(r, i, 2),
        .source = PQgetisnull(r, i, 3) ? NULL : PQgetvalue(r, i, 3),
        .date = PQgetisnull(r, i, 4) ? NULL : PQgetvalue(r, i, 4),
        .url = PQgetisnull(r, i, 5) ? NULL : PQgetvalue(r, i, 5),
    };
    return fn(ctx, PQgetvalue(r, i, 0), &m);
}

int pg_dups_members(fh_backend_db *db, const char *cluster, fh_dup_member_fn fn, void *ctx,
                    fh_err *err)
{
    int have = pg_dups_have(db, err);
    if (have <= 0) return have;
    static const char one[] = PG_DUPS_MEMBERS_SQL("p.cluster = $1") " ORDER BY x.date, x.id";
    static const char all[] =
        "WITH c AS (SELECT cluster, count(*) AS n FROM fahras_dup_doc GROUP BY cluster"
        "           HAVING count(*) > 1)"
        " SELECT p.cluster, x.id, x.title, x.source, x.date, x.url FROM c"
        " JOIN fahras_dup_doc p ON p.cluster = c.cluster JOIN fahras_docs x ON x.id = p.id"
        " ORDER BY c.n DESC, c.cluster, x.date, x.id";
    const char *vals[1] = {cluster};
    PGresult *r = pg_exec_params(db, cluster ? one : all, cluster ? 1 : 0, vals);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) return pg_fail(db, r, err, "reading clusters");
    for (int i = 0; i < PQntuples(r); i++)
        if (pg_dup_member(r, i, fn, ctx)) break;
    PQclear(r);
    return 0;
}
