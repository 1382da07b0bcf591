/*
 * dups.c - the SQLite backend's near-duplicate tables: what the store
 * layer decides (src/store/dups.c) is stored and looked up here.
 *   dup_doc(id PRIMARY KEY, cluster, date, sig)   one record a document
 *   dup_key(key, id)                              its lookup keys
 *   dup_state(name, value)   format: of the signatures (FH_DUPSIG_FORMAT);
 *                            keyed: the last dup_doc rowid whose keys are
 *                            in dup_key
 * Keys wait in memory (dup_pending.c) and are written in key order at a
 * commit once there are FLUSH_KEYS of them, before a record whose keys
 * would pass FLUSH_KEYS (a batch of any size), and when the store closes:
 * written one at a time, each random key landed on a random page of a
 * table many times larger than the page cache.  Keys not yet written
 * (a process killed) are made again from the signatures (ready()).
 * A lookup asks dup_key only for the keys its Bloom filter (dup_filter.c)
 * lets by: most keys of a new document are held by no other.
 * A store made before the tables gets them on its first write.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dupsig.h"
#include "sqlite_store.h"

/* The copies (a document whose cluster another began), so the clusters
 * holding one are an index read; and every cluster's members with their
 * ids, so reading them reads no signature (a row holds one of some 500
 * bytes: the members of the clusters with copies were a page read each).
 * A store made before them gets them from its next batch, the members'
 * index in place of the older one of clusters alone. */
#define CLUSTER_INDEXES                                                                        \
    "CREATE INDEX IF NOT EXISTS dup_doc_copy ON dup_doc(cluster, id) WHERE cluster != id;"     \
    "CREATE INDEX IF NOT EXISTS dup_doc_members ON dup_doc(cluster, id);"
#define OLD_CLUSTER_INDEX "DROP INDEX IF EXISTS dup_doc_cluster;"

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS dup_doc(id TEXT PRIMARY KEY, cluster TEXT NOT NULL, date TEXT,"
    " sig BLOB NOT NULL);" CLUSTER_INDEXES
    "CREATE TABLE IF NOT EXISTS dup_key(key INTEGER NOT NULL, id TEXT NOT NULL,"
    " PRIMARY KEY(key, id)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS dup_state(name TEXT PRIMARY KEY, value INTEGER NOT NULL)"
    " WITHOUT ROWID;";

/* 1 when the tables exist, 0 when not, -1 on error. */
static int have_tables(fh_backend_db *d, fh_err *err)
{
    if (d->dup_tables) return 1;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(d->db, "SELECT 1 FROM sqlite_schema WHERE name = 'dup_key'", -1, &st,
                           NULL) != SQLITE_OK)
        return sq_db_fail(d, err, "looking for the near-duplicate tables");
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sq_db_fail(d, err, "looking for the near-duplicate tables");
    d->dup_tables = rc == SQLITE_ROW;
    return d->dup_tables;
}

/* dup_state's value of name, or dflt without one (-1 on error). */
static long long state_get(fh_backend_db *d, const char *name, long long dflt, fh_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(d->db, "SELECT value FROM dup_state WHERE name = ?1", -1, &st, NULL) !=
        SQLITE_OK)
        return sq_db_fail(d, err, "reading the near-duplicate state");
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    long long v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : dflt;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return sq_db_fail(d, err, "reading the near-duplicate state");
    return v;
}

static int state_set(fh_backend_db *d, const char *name, const char *value_sql, fh_err *err)
{
    char sql[200];
    snprintf(sql, sizeof sql, "INSERT OR REPLACE INTO dup_state(name, value) VALUES ('%s', %s)",
             name, value_sql);
    return sq_exec(d, sql, err);
}

/* The last dup_doc rowid, -1 on error. */
static long long last_rowid(fh_backend_db *d, fh_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(d->db, "SELECT coalesce(max(rowid), 0) FROM dup_doc", -1, &st, NULL) !=
        SQLITE_OK)
        return sq_db_fail(d, err, "reading near-duplicate records");
    int rc = sqlite3_step(st);
    long long v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW) return sq_db_fail(d, err, "reading near-duplicate records");
    return v;
}

/* Before the first lookup or write of clusters: a store whose signatures
 * are of another format is refused (comparing them with new ones would
 * join nothing), and the keys of records written after the last flush
 * (dup_state.keyed: the last dup_doc rowid whose keys are in dup_key) are
 * made again from their signatures into memory. */
static int ready(fh_backend_db *d, fh_err *err)
{
    if (d->dup_ready) return 0;
    if (!d->dup_tables) return fh_fail(err, "%s: near-duplicate tables missing", d->path);
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(d->db, "SELECT 1 FROM sqlite_schema WHERE name = 'dup_state'", -1,
                                &st, NULL);
    if (rc != SQLITE_OK) return sq_db_fail(d, err, "looking for the near-duplicate tables");
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    long long format = rc == SQLITE_ROW ? state_get(d, "format", 0, err) : 1;
    if (format < 0) return -1;
    if (format != FH_DUPSIG_FORMAT)
        return fh_fail(err,
                       "%s: its near-duplicate clusters were made by another version of fahras "
                       "(signature format %lld, this one makes %d): index into a new store, or "
                       "index with --no-dups",
                       d->path, format, FH_DUPSIG_FORMAT);
    long long keyed = state_get(d, "keyed", 0, err);
    if (keyed < 0) return -1;
    if (sqlite3_prepare_v2(d->db, "SELECT 1 FROM dup_key LIMIT 1", -1, &st, NULL) != SQLITE_OK)
        return sq_db_fail(d, err, "reading near-duplicate keys");
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return sq_db_fail(d, err, "reading near-duplicate keys");
    d->dup_keys_empty = rc == SQLITE_DONE;
    sq_pending_clear(d);
    if (sqlite3_prepare_v2(d->db, "SELECT id, sig, rowid FROM dup_doc WHERE rowid > ?1 ORDER BY rowid", -1,
                           &st, NULL) != SQLITE_OK)
        return sq_db_fail(d, err, "reading near-duplicate records");
    sqlite3_bind_int64(st, 1, keyed);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        fh_dupsig sig;
        int64_t keys[FH_DUP_MAX_KEYS];
        size_t n_band, n;
        if (fh_dupsig_unpack(sqlite3_column_blob(st, 1), (size_t)sqlite3_column_bytes(st, 1), &sig))
            continue;
        n = fh_dupsig_keys(&sig, keys, &n_band);
        if (sq_pending_add(d, sq_col_text(st, 0), sqlite3_column_int64(st, 2), keys, n)) {
            sqlite3_finalize(st);
            return fh_fail(err, "out of memory");
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return sq_db_fail(d, err, "reading near-duplicate records");
    long long last = last_rowid(d, err);
    if (last < 0) return -1;
    d->dup_last_rowid = last;
    d->dup_ready = 1;
    return 0;
}

/* At the start of a transaction: records another process wrote since
 * (their keys in its memory or written by it) are read again. */
int sq_dups_begin(fh_backend_db *d, fh_err *err)
{
    if (!d->dup_ready) return 0;
    long long last = last_rowid(d, err);
    if (last < 0) return -1;
    if (last != d->dup_last_rowid) sq_dups_rollback(d);
    return 0;
}

/* The record on st's current row (id, cluster, date, sig: the column
 * order of every dup_doc query here); its pointers live until st steps. */
static fh_dup_row dup_row_at(sqlite3_stmt *st)
{
    fh_dup_row r = {
        .id = sq_col_text(st, 0),
        .cluster = sq_col_text(st, 1),
        .date = (const char *)sqlite3_column_text(st, 2),
        .sig = sqlite3_column_blob(st, 3),
        .sig_len = (size_t)sqlite3_column_bytes(st, 3),
    };
    return r;
}

/* A filter is made from dup_key (one scan of it) once a handle has made
 * more lookups without one than its records over FILTER_AFTER: by then
 * those lookups (a few B-tree walks a key) have cost about what the scan
 * costs, and a run of a few documents into a large store pays for no
 * scan.  FILTER_MIN_KEYS: the least number of keys a filter is sized for
 * (2 MB: a small store pays little memory for it). */
#define FILTER_AFTER 32
#define FILTER_MIN_KEYS ((size_t)1 << 21)

/* d->dup_filter made again from dup_key, sized for twice its keys. */
static int filter_remake(fh_backend_db *d, fh_err *err)
{
    size_t guess = 2 * sq_filter_count(d->dup_filter);
    size_t per_doc = (size_t)d->dup_last_rowid * FH_DUP_MAX_KEYS;
    if (guess < per_doc) guess = per_doc;
    if (sq_filter_build(d, guess < FILTER_MIN_KEYS ? FILTER_MIN_KEYS : guess, err)) return -1;
    if (!sq_filter_full(d->dup_filter)) return 0;
    return sq_filter_build(d, 2 * sq_filter_count(d->dup_filter), err);
}

/* Keys held in memory before they are written: about 80 MB at most
 * (about 130,000 documents of 32 keys), so a writer's memory is bounded
 * whatever the corpus.  Not fewer: each flush is one sorted pass into a
 * dup_key table that grows with the store, and a flush of few keys lands
 * about one key on each leaf page it touches, so a million-document run
 * would rewrite most of the table at every flush. */
#define FLUSH_KEYS (1u << 22)

/* The keys in memory written, and dup_state.keyed moved past the records
 * they belong to, in the same transaction. */
static int flush_keys(fh_backend_db *d, fh_err *err)
{
    /* a store without keys starts its filter here, with no scan */
    size_t m = sq_pending_count(d);
    if (!d->dup_filter && d->dup_keys_empty &&
        !(d->dup_filter = sq_filter_new(2 * m < FILTER_MIN_KEYS ? FILTER_MIN_KEYS : 2 * m)))
        return fh_fail(err, "out of memory");
    if (sq_pending_flush(d, err)) return -1;
    d->dup_keys_empty = 0;
    if (sq_filter_full(d->dup_filter) && filter_remake(d, err)) return -1;
    return state_set(d, "keyed", "(SELECT coalesce(max(rowid), 0) FROM dup_doc)", err);
}

int sq_dups_commit(fh_backend_db *d, int all, fh_err *err)
{
    if (!d->dup_ready || sq_pending_count(d) < (all ? 1 : FLUSH_KEYS)) return 0;
    return flush_keys(d, err);
}

void sq_dups_rollback(fh_backend_db *d)
{
    sq_pending_clear(d); /* made again from the records that stay */
    /* another process may have written keys it does not hold */
    sq_filter_free(d->dup_filter);
    d->dup_filter = NULL;
    d->dup_unfiltered = 0;
    d->dup_ready = 0;
}

typedef struct pending_ctx {
    fh_backend_db *d;
    fh_dup_row_fn fn;
    void *ctx;
    fh_err *err;
    int failed;
} pending_ctx;

static int on_pending(void *ctx, int64_t rowid)
{
    pending_ctx *pc = ctx;
    fh_backend_db *d = pc->d;
    if (sq_prepare(d, &d->st_dup_byrow, "SELECT id, cluster, date, sig FROM dup_doc WHERE rowid = ?1",
                   pc->err))
        return pc->failed = 1;
    sqlite3_stmt *st = d->st_dup_byrow;
    sqlite3_bind_int64(st, 1, rowid);
    int rc = sqlite3_step(st), stop = 0;
    if (rc == SQLITE_ROW) {
        fh_dup_row r = dup_row_at(st);
        stop = pc->fn(pc->ctx, &r);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        sq_db_fail(d, pc->err, "reading a near-duplicate record");
        return pc->failed = 1;
    }
    return stop;
}

typedef struct holder {
    char *id;
    unsigned hits; /* a band key 1, another key FH_DUP_MIN_BANDS */
} holder;

/* The documents holding key (FH_DUP_KEY_HOLDERS of them at most) counted
 * in h[0..*n_h); 0 or -1 on error. */
static int key_holders(fh_backend_db *d, int64_t key, unsigned weight, holder *h, size_t *n_h,
                       fh_err *err)
{
    if (sq_prepare(d, &d->st_dup_lookup,
                   "SELECT id FROM dup_key WHERE key = ?1 LIMIT " FH_STR(FH_DUP_KEY_HOLDERS), err))
        return -1;
    sqlite3_stmt *st = d->st_dup_lookup;
    sqlite3_bind_int64(st, 1, key);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *id = sq_col_text(st, 0);
        size_t j = 0;
        while (j < *n_h && strcmp(h[j].id, id)) j++;
        if (j == *n_h) {
            if (!(h[j].id = strdup(id))) {
                sqlite3_reset(st);
                return fh_fail(err, "out of memory");
            }
            h[j].hits = 0;
            ++*n_h;
        }
        h[j].hits += weight;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : sq_db_fail(d, err, "looking up copies");
}

static int get_row(fh_backend_db *d, const char *id, fh_dup_row_fn fn, void *ctx, int *stop,
                   fh_err *err);

/* The records dup_key finds, each key looked up alone and only when the
 * filter lets it by: 0, 1 when fn stopped, -1 on error. */
static int lookup_table(fh_backend_db *d, const int64_t *keys, size_t n_band, size_t n,
                        fh_dup_row_fn fn, void *ctx, fh_err *err)
{
    if (!d->dup_filter && ++d->dup_unfiltered > d->dup_last_rowid / FILTER_AFTER &&
        filter_remake(d, err))
        return -1;
    holder h[FH_DUP_MAX_KEYS * FH_DUP_KEY_HOLDERS];
    size_t n_h = 0;
    int rc = 0, stop = 0;
    for (size_t k = 0; k < n && !rc; k++)
        if (!d->dup_filter || sq_filter_has(d->dup_filter, keys[k]))
            rc = key_holders(d, keys[k], k < n_band ? 1 : FH_DUP_MIN_BANDS, h, &n_h, err);
    for (size_t i = 0; i < n_h && !rc && !stop; i++)
        if (h[i].hits >= FH_DUP_MIN_BANDS) rc = get_row(d, h[i].id, fn, ctx, &stop, err);
    for (size_t i = 0; i < n_h; i++) free(h[i].id);
    return rc ? -1 : stop;
}

int sq_dups_lookup(fh_backend_db *d, const int64_t *keys, size_t n_band, size_t n,
                   fh_dup_row_fn fn, void *ctx, fh_err *err)
{
    int have = have_tables(d, err);
    if (have <= 0) return have;
    if (d->mode == FH_STORE_WRITE && ready(d, err)) return -1;
    /* a new store has every key in memory */
    int rc = d->dup_keys_empty ? 0 : lookup_table(d, keys, n_band, n, fn, ctx, err);
    if (rc) return rc < 0 ? -1 : 0;
    /* records whose keys are still in memory */
    pending_ctx pc = {d, fn, ctx, err, 0};
    int stop = sq_pending_find(d, keys, n_band, n, on_pending, &pc);
    return stop && pc.failed ? -1 : 0;
}

static int step_done(fh_backend_db *d, sqlite3_stmt *st, fh_err *err, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : sq_db_fail(d, err, what);
}

/* At the start of a batch (a rolled-back batch then keeps them). */
int sq_dups_prepare(fh_backend_db *d, fh_err *err)
{
    int have = have_tables(d, err);
    if (have < 0) return -1;
    if (!have && (sq_exec(d, schema_sql, err) ||
                  state_set(d, "format", FH_STR(FH_DUPSIG_FORMAT), err)))
        return -1;
    if (have && !d->dup_copy_index && sq_exec(d, CLUSTER_INDEXES OLD_CLUSTER_INDEX, err)) return -1;
    d->dup_tables = 1;
    d->dup_copy_index = 1;
    return 0;
}

/* fn on id's record if there is one; *stop receives fn's answer. */
static int get_row(fh_backend_db *d, const char *id, fh_dup_row_fn fn, void *ctx, int *stop,
                   fh_err *err)
{
    if (sq_prepare(d, &d->st_dup_get, "SELECT id, cluster, date, sig FROM dup_doc WHERE id = ?1", err))
        return -1;
    sqlite3_stmt *st = d->st_dup_get;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        fh_dup_row r = dup_row_at(st);
        *stop = fn(ctx, &r);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_db_fail(d, err, "reading a near-duplicate record");
}

int sq_dups_get(fh_backend_db *d, const char *id, fh_dup_row_fn fn, void *ctx, fh_err *err)
{
    int have = have_tables(d, err);
    if (have <= 0) return have;
    int stop = 0;
    return get_row(d, id, fn, ctx, &stop, err);
}

/* The old keys are removed one by one (the key table is ordered by key,
 * so removing by id alone would read all of it).  Keys written in the
 * middle of a batch roll back with it, as dup_state.keyed does. */
int sq_dups_put(fh_backend_db *d, const fh_dup_row *r, const int64_t *keys, size_t n,
                const int64_t *old, size_t n_old, fh_err *err)
{
    if (ready(d, err)) return -1;
    /* a batch of any size keeps the keys in memory under FLUSH_KEYS: they
     * are written here, before this record, when its keys would pass it */
    if (sq_pending_count(d) + n > FLUSH_KEYS && flush_keys(d, err)) return -1;
    for (size_t i = 0; i < n_old; i++) {
        if (sq_prepare(d, &d->st_dup_delkeys, "DELETE FROM dup_key WHERE key = ?1 AND id = ?2", err))
            return -1;
        sqlite3_bind_int64(d->st_dup_delkeys, 1, old[i]);
        sqlite3_bind_text(d->st_dup_delkeys, 2, r->id, -1, SQLITE_STATIC);
        if (step_done(d, d->st_dup_delkeys, err, "replacing a near-duplicate record")) return -1;
    }
    sq_pending_drop(d, r->id, old, n_old);
    if (sq_prepare(d, &d->st_dup_put,
                   "INSERT OR REPLACE INTO dup_doc(id, cluster, date, sig) VALUES (?1, ?2, ?3, ?4)",
                   err))
        return -1;
    sqlite3_bind_text(d->st_dup_put, 1, r->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(d->st_dup_put, 2, r->cluster, -1, SQLITE_STATIC);
    if (r->date) sqlite3_bind_text(d->st_dup_put, 3, r->date, -1, SQLITE_STATIC);
    sqlite3_bind_blob(d->st_dup_put, 4, r->sig, (int)r->sig_len, SQLITE_STATIC);
    if (step_done(d, d->st_dup_put, err, "writing a near-duplicate record")) return -1;
    d->dup_last_rowid = sqlite3_last_insert_rowid(d->db);
    if (sq_pending_add(d, r->id, d->dup_last_rowid, keys, n)) return fh_fail(err, "out of memory");
    return 0;
}

int sq_dups_relabel(fh_backend_db *d, const char *from, const char *to, fh_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(d->db, "UPDATE dup_doc SET cluster = ?2 WHERE cluster = ?1", -1, &st,
                           NULL) != SQLITE_OK)
        return sq_db_fail(d, err, "merging clusters");
    sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : sq_db_fail(d, err, "merging clusters");
}

int sq_dups_clusters(fh_backend_db *d, const char *const *ids, size_t n,
                     int (*fn)(void *ctx, size_t i, const char *cluster), void *ctx, fh_err *err)
{
    int have = have_tables(d, err);
    if (have <= 0) return have;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(d->db, "SELECT cluster FROM dup_doc WHERE id = ?1", -1, &st, NULL) !=
        SQLITE_OK)
        return sq_db_fail(d, err, "reading clusters");
    int rc = SQLITE_DONE;
    for (size_t i = 0; i < n; i++) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, ids[i], -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW && fn(ctx, i, sq_col_text(st, 0))) break;
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) break;
        rc = SQLITE_DONE;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_db_fail(d, err, "reading clusters");
}

static int read_clustered(fh_backend_db *d, sq_clustered *out, fh_err *err)
{
    static const char sql[] =
        "SELECT d.rowid, dense_rank() OVER (ORDER BY dd.cluster) FROM dup_doc dd"
        " JOIN docs d ON d.id = dd.id"
        " WHERE dd.cluster IN (SELECT cluster FROM dup_doc WHERE cluster != id) ORDER BY d.rowid";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(d->db, sql, -1, &st, NULL) != SQLITE_OK)
        return sq_db_fail(d, err, "reading the clusters of copies");
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? 2 * cap : 256;
            int64_t *r = realloc(out->rowid, cap * sizeof *r);
            if (r) out->rowid = r;
            uint32_t *c = r ? realloc(out->cluster, cap * sizeof *c) : NULL;
            if (c) out->cluster = c;
            if (!r || !c) {
                sqlite3_finalize(st);
                return fh_fail(err, "out of memory");
            }
        }
        out->rowid[out->n] = sqlite3_column_int64(st, 0);
        out->cluster[out->n] = (uint32_t)sqlite3_column_int64(st, 1);
        if (out->cluster[out->n] > out->n_clusters) out->n_clusters = out->cluster[out->n];
        out->n++;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : sq_db_fail(d, err, "reading the clusters of copies");
}

int sq_dups_clustered(fh_backend_db *d, const sq_clustered **out, fh_err *err)
{
    static const sq_clustered none = {0};
    *out = &none;
    int have = have_tables(d, err);
    if (have <= 0) return have;
    long long v = sq_data_version(d), changes = (long long)sqlite3_total_changes64(d->db);
    if (d->clustered && d->clustered_version == v && d->clustered_changes == changes) {
        *out = d->clustered;
        return 0;
    }
    if (!d->clustered && !(d->clustered = calloc(1, sizeof *d->clustered)))
        return fh_fail(err, "out of memory");
    sq_clustered_free(d->clustered); /* emptied, then read again */
    if (read_clustered(d, d->clustered, err)) {
        sq_clustered_free(d->clustered);
        free(d->clustered);
        d->clustered = NULL; /* read again next time */
        return -1;
    }
    d->clustered_version = v;
    d->clustered_changes = changes;
    *out = d->clustered;
    return 0;
}

void sq_clustered_free(sq_clustered *c)
{
    free(c->rowid);
    free(c->cluster);
    memset(c, 0, sizeof *c);
}

long sq_clustered_hidden(const sq_clustered *c, const int64_t *matched, size_t n, fh_err *err)
{
    /* matched: row ids of c, sorted; each cluster counted once */
    uint8_t *seen = calloc(c->n_clusters + 1, 1);
    if (!seen) return fh_fail(err, "out of memory");
    long hidden = 0;
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        while (j < c->n && c->rowid[j] < matched[i]) j++;
        if (j == c->n || c->rowid[j] != matched[i]) continue;
        if (seen[c->cluster[j]]) hidden++;
        seen[c->cluster[j]] = 1;
    }
    free(seen);
    return hidden;
}

int sq_dups_members(fh_backend_db *d, const char *cluster, fh_dup_member_fn fn, void *ctx,
                    fh_err *err)
{
    int have = have_tables(d, err);
    if (have <= 0) return have;
    static const char one[] =
        "SELECT p.cluster, x.id, x.title, x.source, x.date, x.url FROM dup_doc p"
        " JOIN docs x ON x.id = p.id WHERE p.cluster = ?1 ORDER BY x.date, x.id";
    static const char all[] =
        "WITH c AS (SELECT cluster, count(*) AS n FROM dup_doc GROUP BY cluster HAVING n > 1)"
        " SELECT p.cluster, x.id, x.title, x.source, x.date, x.url FROM c"
        " JOIN dup_doc p ON p.cluster = c.cluster JOIN docs x ON x.id = p.id"
        " ORDER BY c.n DESC, c.cluster, x.date, x.id";
    sqlite3_stmt *st = NULL;
    if (cluster ? sq_prepare(d, &d->st_dup_members, one, err)
                : sqlite3_prepare_v2(d->db, all, -1, &st, NULL) != SQLITE_OK)
        return cluster ? -1 : sq_db_fail(d, err, "reading clusters");
    if (cluster) {
        st = d->st_dup_members;
        sqlite3_bind_text(st, 1, cluster, -1, SQLITE_STATIC);
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        fh_dup m = {
            .id = sq_col_text(st, 1),
            .title = sq_col_text(st, 2),
            .source = (const char *)sqlite3_column_text(st, 3),
            .date = (const char *)sqlite3_column_text(st, 4),
            .url = (const char *)sqlite3_column_text(st, 5),
        };
        if (fn(ctx, sq_col_text(st, 0), &m)) break;
    }
    if (cluster) sqlite3_reset(st);
    else sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_db_fail(d, err, "reading clusters");
}
