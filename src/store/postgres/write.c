/*
 * write.c - the PostgreSQL backend's writes.  A batch is one transaction;
 * a document the server refuses is reported and skipped while the rest of
 * the batch stands (upsert_one); BM25 statistics follow each batch.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boiler.h"
#include "pg_store.h"

/*
 * BM25 statistics follow the documents batch by batch: each upsert notes
 * its id and, the first time an id is touched in the batch, the tsvector it
 * replaces (temporary tables, emptied at commit or rollback); commit first
 * adds the batch's new tsvectors to the document frequencies and subtracts
 * the replaced ones, in one statement.  Much cheaper than the extension's
 * per-statement triggers when documents come one statement each.
 */
static const char batch_tables_sql[] =
    "CREATE TEMP TABLE IF NOT EXISTS fahras_batch_ids (id text PRIMARY KEY) ON COMMIT DELETE ROWS;"
    "CREATE TEMP TABLE IF NOT EXISTS fahras_batch_old (tsv tsvector) ON COMMIT DELETE ROWS;";

static const char apply_batch_sql[] =
    "WITH newd AS (SELECT d.tsv FROM fahras_docs d JOIN pg_temp.fahras_batch_ids b USING (id)),"
    " delta AS (SELECT u.lexeme, count(*) AS n FROM newd, unnest(newd.tsv) u GROUP BY 1"
    "           UNION ALL"
    "           SELECT u.lexeme, -count(*) FROM pg_temp.fahras_batch_old o, unnest(o.tsv) u GROUP BY 1),"
    " coll AS (UPDATE fahras_collection c SET"
    "            ndocs = c.ndocs + (SELECT count(*) FROM newd)"
    "                            - (SELECT count(*) FROM pg_temp.fahras_batch_old),"
    "            total_len = c.total_len + (SELECT coalesce(sum(fahras_doclen(tsv)), 0) FROM newd)"
    "                  - (SELECT coalesce(sum(fahras_doclen(tsv)), 0) FROM pg_temp.fahras_batch_old),"
    "            total_len_a = c.total_len_a + (SELECT coalesce(sum(fahras_titlelen(tsv)), 0) FROM newd)"
    "                  - (SELECT coalesce(sum(fahras_titlelen(tsv)), 0) FROM pg_temp.fahras_batch_old)"
    "          WHERE c.name = '" PG_COLLECTION "')"
    "INSERT INTO fahras_lexeme AS l (collection, lexeme, ndoc)"
    " SELECT '" PG_COLLECTION "', lexeme, sum(n) FROM delta GROUP BY lexeme HAVING sum(n) <> 0"
    " ORDER BY lexeme"
    " ON CONFLICT (collection, lexeme) DO UPDATE SET ndoc = l.ndoc + excluded.ndoc";

/*
 * A batch starts by locking the collection's statistics row, so batches of
 * concurrent writers run one after the other: each reads the documents it
 * replaces (fahras_batch_old) only after the previous batch committed, and
 * the statistics always equal a recount.  Without it, two runs updating
 * the same id both subtracted the same old version and added their own,
 * and two inserting the same new id both counted it.  Readers are not
 * held up (they never lock the row).
 */
static const char begin_sql[] =
    "BEGIN; SELECT 1 FROM fahras_collection WHERE name = '" PG_COLLECTION "' FOR UPDATE";

/* A failure that says nothing about the documents: the server gave up the
 * transaction to break a deadlock, or to keep it serializable.  The batch
 * is written again. */
static int transient(const char *sqlstate)
{
    return sqlstate && (!strcmp(sqlstate, "40P01") || !strcmp(sqlstate, "40001"));
}
#define PG_BATCH_ATTEMPTS 5

int pg_begin(fh_backend_db *db, fh_err *err)
{
    if (db->in_tx) return fh_fail(err, "a batch is already open");
    /* outside the transaction, so that a rollback keeps them */
    if (!db->batch_tables) {
        if (pg_exec_cmd(db, batch_tables_sql, err, "preparing the batch tables")) return -1;
        db->batch_tables = 1;
    }
    if (pg_dups_prepare(db, err) || pg_spans_prepare(db, err) || pg_boiler_prepare(db, err) ||
        pg_docs_prepare(db, err))
        return -1;
    if (pg_exec_cmd(db, begin_sql, err, "starting a batch")) {
        PQclear(PQexec(db->conn, "ROLLBACK"));
        return -1;
    }
    db->in_tx = 1;
    return 0;
}

/* A statement of the open batch (a document's upsert, or another
 * prepared statement: stmt), its parameters in one block. */
#define PG_UPSERT_PARAMS 10

typedef struct pending_doc {
    char *block;
    const char *vals[PG_UPSERT_PARAMS];
    int lens[PG_UPSERT_PARAMS];
    const char *stmt; /* NULL: the upsert */
    int nvals;
} pending_doc;

static void pending_clear(fh_backend_db *db)
{
    for (size_t i = 0; i < db->npend; i++) free(db->pend[i].block);
    db->npend = 0;
    db->batch_lost[0] = '\0';
}

/* Copy a statement's parameters; returns its slot or NULL (out of memory). */
static pending_doc *pending_push_stmt(fh_backend_db *db, const char *stmt, int nvals,
                                      const char *const *vals, const int *lens)
{
    if (db->npend == db->cappend) {
        size_t cap = db->cappend ? db->cappend * 2 : 256;
        pending_doc *p = realloc(db->pend, cap * sizeof *p);
        if (!p) return NULL;
        db->pend = p;
        db->cappend = cap;
    }
    size_t total = 0;
    for (int i = 0; i < nvals; i++) total += vals[i] ? (size_t)lens[i] + 1 : 0;
    pending_doc *pd = &db->pend[db->npend];
    pd->block = malloc(total ? total : 1);
    if (!pd->block) return NULL;
    pd->stmt = stmt;
    pd->nvals = nvals;
    char *at = pd->block;
    for (int i = 0; i < nvals; i++) {
        pd->lens[i] = lens[i];
        pd->vals[i] = NULL;
        if (!vals[i]) continue;
        memcpy(at, vals[i], (size_t)lens[i]);
        at[lens[i]] = '\0';
        pd->vals[i] = at;
        at += lens[i] + 1;
    }
    db->npend++;
    return pd;
}

static PGresult *exec_pending(fh_backend_db *db, const pending_doc *p);

/*
 * Roll the batch back, begin it again and write its documents again (the
 * copies kept in db->pend), for a transaction the server gave up.  A
 * transient failure of the replay itself starts it over, up to
 * PG_BATCH_ATTEMPTS times in all.  *last (if non-NULL) receives whether
 * the last document changed the store.  Returns 0, or -1 with
 * db->batch_lost set.
 */
static int replay_batch(fh_backend_db *db, int *last)
{
    char m[200] = "";
    for (int attempt = 1; attempt <= PG_BATCH_ATTEMPTS; attempt++) {
        PGresult *b = PQexec(db->conn, "ROLLBACK");
        PQclear(b);
        b = PQexec(db->conn, begin_sql);
        int ok = PQresultStatus(b) == PGRES_TUPLES_OK || PQresultStatus(b) == PGRES_COMMAND_OK;
        int again = !ok && transient(PQresultErrorField(b, PG_DIAG_SQLSTATE));
        if (!ok) pg_message(db->conn, b, m, sizeof m);
        PQclear(b);
        for (size_t i = 0; ok && i < db->npend; i++) {
            /* a document, or another write of the batch (pg_batch_exec) */
            PGresult *rr = exec_pending(db, &db->pend[i]);
            if (PQresultStatus(rr) == PGRES_COMMAND_OK || PQresultStatus(rr) == PGRES_TUPLES_OK) {
                if (last && !db->pend[i].stmt) *last = strcmp(PQcmdTuples(rr), "0") != 0;
            } else {
                again = transient(PQresultErrorField(rr, PG_DIAG_SQLSTATE));
                pg_message(db->conn, rr, m, sizeof m);
                ok = 0;
            }
            PQclear(rr);
        }
        if (ok) return 0;
        if (!again) break;
    }
    snprintf(db->batch_lost, sizeof db->batch_lost,
             "%.120s: batch lost: writing it again failed: %.150s", db->target,
             m[0] ? m : "cannot restart it");
    return -1;
}

int pg_commit(fh_backend_db *db, fh_err *err)
{
    if (!db->in_tx) return 0;
    for (int attempt = 1;; attempt++) {
        if (db->batch_lost[0]) {
            fh_fail(err, "%s", db->batch_lost);
            break;
        }
        PGresult *r = PQexec(db->conn, apply_batch_sql);
        if (PQresultStatus(r) == PGRES_COMMAND_OK) {
            PQclear(r);
            db->in_tx = 0;
            pending_clear(db);
            if (pg_exec_cmd(db, "COMMIT", err, "committing the batch")) return -1;
            db->committed = 1;
            return 0;
        }
        int again = transient(PQresultErrorField(r, PG_DIAG_SQLSTATE)) && attempt < PG_BATCH_ATTEMPTS;
        pg_fail(db, r, err, "updating the BM25 statistics");
        if (!again || replay_batch(db, NULL)) {
            if (db->batch_lost[0]) fh_fail(err, "%s", db->batch_lost);
            break;
        }
    }
    PQclear(PQexec(db->conn, "ROLLBACK"));
    db->in_tx = 0;
    pending_clear(db);
    return -1;
}

int pg_rollback(fh_backend_db *db, fh_err *err)
{
    if (!db->in_tx) return 0;
    db->in_tx = 0;
    pending_clear(db);
    return pg_exec_cmd(db, "ROLLBACK", err, "rolling the batch back");
}

static pending_doc *pending_push(fh_backend_db *db, const char *const vals[PG_UPSERT_PARAMS],
                                 const int lens[PG_UPSERT_PARAMS])
{
    return pending_push_stmt(db, NULL, PG_UPSERT_PARAMS, vals, lens);
}

static PGresult *exec_upsert(fh_backend_db *db, const char *const vals[PG_UPSERT_PARAMS],
                             const int lens[PG_UPSERT_PARAMS])
{
    static const int fmts[PG_UPSERT_PARAMS] = {0};
    return PQexecPrepared(db->conn, "fahras_upsert", PG_UPSERT_PARAMS, vals, lens, fmts, 0);
}

static PGresult *exec_pending(fh_backend_db *db, const pending_doc *p)
{
    static const int fmts[PG_UPSERT_PARAMS] = {0};
    if (!p->stmt) return exec_upsert(db, p->vals, p->lens);
    return PQexecPrepared(db->conn, p->stmt, p->nvals, p->vals, p->lens, fmts, 0);
}

/* Run the prepared statement stmt (sql, prepared on first use: *prepared)
 * inside the open batch, kept for a replay of the batch.  A failure loses
 * the batch (commit refuses it). */
int pg_batch_exec(fh_backend_db *db, const char *stmt, const char *sql, int *prepared, int nvals,
                  const char *const *vals, fh_err *err)
{
    int lens[8] = {0};
    for (int i = 0; i < nvals && i < 8; i++) lens[i] = vals[i] ? (int)strlen(vals[i]) : 0;
    if (db->batch_lost[0]) return fh_fail(err, "%s", db->batch_lost);
    if (!*prepared) {
        PGresult *p = PQprepare(db->conn, stmt, sql, nvals, NULL);
        if (PQresultStatus(p) != PGRES_COMMAND_OK) return pg_fail(db, p, err, "preparing a statement");
        PQclear(p);
        *prepared = 1;
    }
    pending_doc *pd = pending_push_stmt(db, stmt, nvals, vals, lens);
    if (!pd) return fh_fail(err, "out of memory");
    PGresult *r = exec_pending(db, pd);
    if (PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK) {
        PQclear(r);
        return 0;
    }
    char m[300];
    pg_message(db->conn, r, m, sizeof m);
    PQclear(r);
    snprintf(db->batch_lost, sizeof db->batch_lost, "%.120s: batch lost: %.250s", db->target, m);
    return fh_fail(err, "%s", db->batch_lost);
}

/*
 * Write one document inside the open batch: one round trip.  A document
 * the server refuses aborts the transaction, so the batch is rolled back,
 * begun again and its earlier documents (copied as they were written)
 * written again; the refused one is reported and skipped.  (A savepoint per
 * document would cost two more round trips and a subtransaction each.)
 */
static int upsert_one(fh_backend_db *db, const fh_doc *d, int *changed, fh_err *err)
{
    static const char sql[] =
        "WITH prev AS (SELECT tsv FROM fahras_docs WHERE id = $1),"
        " saved AS (INSERT INTO pg_temp.fahras_batch_old SELECT tsv FROM prev"
        "           WHERE NOT EXISTS (SELECT 1 FROM pg_temp.fahras_batch_ids WHERE id = $1)),"
        " seen AS (INSERT INTO pg_temp.fahras_batch_ids VALUES ($1) ON CONFLICT DO NOTHING) "
        "INSERT INTO fahras_docs AS t (id, title, body, date, source, category, url, extra, tsv,"
        "                             boiler) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
        "        setweight(to_tsvector('fahras_store', coalesce($2, '')), 'A')"
        "        || to_tsvector('fahras_store', coalesce($10, $3)), $9) "
        "ON CONFLICT (id) DO UPDATE SET title = excluded.title, body = excluded.body, "
        "  date = excluded.date, source = excluded.source, category = excluded.category, "
        "  url = excluded.url, extra = excluded.extra, tsv = excluded.tsv, boiler = excluded.boiler "
        "WHERE (t.title, t.body, t.date, t.source, t.category, t.url, t.extra, t.boiler) "
        "  IS DISTINCT FROM (excluded.title, excluded.body, excluded.date, excluded.source, "
        "  excluded.category, excluded.url, excluded.extra, excluded.boiler)";
    if (db->batch_lost[0]) return fh_fail(err, "%s", db->batch_lost);
    /* indexed with its boilerplate blanked (boiler.h) */
    char *masked = NULL;
    if (fh_boiler_apply(d->body, d->body_len, d->mask, d->mask_len, &masked))
        return fh_fail(err, "out of memory");
    const char *vals[PG_UPSERT_PARAMS] = {d->id,         d->title, d->body, d->date,
                                          d->source,     d->category, d->url, d->extra_json,
                                          d->mask,       masked};
    int lens[PG_UPSERT_PARAMS] = {(int)d->id_len,       (int)d->title_len,  (int)d->body_len,
                                  (int)d->date_len,     (int)d->source_len, (int)d->category_len,
                                  (int)d->url_len,      (int)d->extra_json_len,
                                  (int)d->mask_len,     masked ? (int)d->body_len : 0};
    /* Empty optional fields are NULL; the body is never empty here. */
    for (int i = 1; i < PG_UPSERT_PARAMS; i++)
        if (vals[i] && !lens[i]) vals[i] = NULL;
    if (!db->upsert_prepared) {
        PGresult *p = PQprepare(db->conn, "fahras_upsert", sql, PG_UPSERT_PARAMS, NULL);
        if (PQresultStatus(p) != PGRES_COMMAND_OK) {
            free(masked);
            return pg_fail(db, p, err, "preparing the upsert");
        }
        PQclear(p);
        db->upsert_prepared = 1;
    }
    /* Copied first: a document that cannot be kept for a replay is not written. */
    pending_doc *pd = pending_push(db, vals, lens);
    free(masked);
    if (!pd) return fh_fail(err, "out of memory");
    PGresult *r = exec_upsert(db, pd->vals, pd->lens);
    if (PQresultStatus(r) == PGRES_COMMAND_OK) {
        /* 0 rows: the conflict's WHERE found the same document */
        *changed = strcmp(PQcmdTuples(r), "0") != 0;
        PQclear(r);
        return 0;
    }
    char m[400];
    pg_message(db->conn, r, m, sizeof m);
    int again = transient(PQresultErrorField(r, PG_DIAG_SQLSTATE));
    PQclear(r);
    if (again) {
        /* a deadlock or serialization failure: nothing is wrong with the
         * document; the batch, this one included, is written again */
        if (replay_batch(db, changed)) return fh_fail(err, "%s", db->batch_lost);
        return 0;
    }
    free(db->pend[--db->npend].block);
    /* Replay the batch without the refused document. */
    replay_batch(db, NULL);
    return fh_fail(err, "%s: document refused by the server: %s", db->target, m);
}

int pg_upsert(fh_backend_db *db, const fh_doc *d, int *changed, fh_err *err)
{
    if (db->in_tx) {
        if (!db->batch_tables) return fh_fail(err, "batch tables missing");
        return upsert_one(db, d, changed, err);
    }
    /* Outside a batch: a batch of one. */
    if (pg_begin(db, err)) return -1;
    if (upsert_one(db, d, changed, err)) {
        fh_err ignored;
        pg_rollback(db, &ignored);
        return -1;
    }
    return pg_commit(db, err);
}


void pg_pending_free(fh_backend_db *db)
{
    pending_clear(db);
    free(db->pend);
    db->pend = NULL;
    db->cappend = 0;
}
