/*
 * shards.c - a coordinator of shards: the layout it holds, the shards'
 * connections, one statement on every shard at once, and where a document
 * lives.
 *
 * A coordinator (made by fahras shard-init, shard_init.c) holds the store's
 * options, the table fahras_shards (idx, server) naming one postgres_fdw
 * foreign server per shard, and fahras_docs partitioned by
 * HASH (id fahras_id_ops) into foreign tables on those servers, for SQL
 * users.  Each shard is a whole single-database store of its own part of
 * the documents (fahras_docs, its GIN index, its statistics kept per batch
 * by write.c).
 *
 * fahras itself reads the layout here and talks to every shard directly,
 * with the host, port, database, user and password of the foreign server
 * and of the coordinator user's user mapping: a search sends its statement
 * to every shard at once and waits on all their sockets until one
 * deadline, so a shard that fails is named, one that does not answer in
 * time is given up (its connection closed) and, when the search allows
 * it, left out while the others' answers stand.  Through postgres_fdw the
 * coordinator would wait on a shard that hangs (its cancel request alone
 * may wait 30 s) and its errors do not say which shard failed.
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pg_store.h"
#include "route.h"

#define DEFAULT_TIMEOUT_S 10.0

double pg_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Whether key is a libpq connection keyword (a foreign server's options
 * also hold postgres_fdw's own: extensions, fetch_size, ...). */
static int libpq_keyword(const char *key)
{
    PQconninfoOption *opts = PQconndefaults();
    int found = 0;
    for (PQconninfoOption *o = opts; o && o->keyword && !found; o++) found = !strcmp(o->keyword, key);
    PQconninfoFree(opts);
    return found;
}

/* key='value' appended to b, quoted as conninfo strings are. */
static void add_conn_param(sbuf *b, const char *key, const char *value)
{
    fh_sb_str(b, b->n ? " " : "");
    fh_sb_str(b, key);
    fh_sb_str(b, "='");
    for (const char *p = value; *p; p++) {
        if (*p == '\'' || *p == '\\') fh_sb_str(b, "\\");
        fh_sb_add(b, p, 1);
    }
    fh_sb_str(b, "'");
}

/* The shards' connection parameters: each foreign server's options and
 * the user mapping of the coordinator's user (else PUBLIC's). */
static const char layout_sql[] =
    "SELECT f.idx, f.server, o.k, o.v FROM fahras_shards f"
    " JOIN pg_foreign_server s ON s.srvname = f.server"
    " LEFT JOIN LATERAL (SELECT um.umoptions FROM pg_user_mappings um WHERE um.srvid = s.oid"
    "                    AND um.usename IN (current_user, 'public')"
    "                    ORDER BY um.usename = 'public' LIMIT 1) m ON true"
    " CROSS JOIN LATERAL (SELECT split_part(x, '=', 1) AS k, substr(x, strpos(x, '=') + 1) AS v"
    "                     FROM unnest(coalesce(s.srvoptions, '{}') || coalesce(m.umoptions, '{}')) x) o"
    " ORDER BY f.idx";

static int read_timeout(fh_backend_db *db, fh_err *err)
{
    PGresult *r = PQexec(db->conn, "SELECT value FROM fahras_store_meta WHERE key = 'shard_timeout'");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) return pg_fail(db, r, err, "reading the shard timeout");
    db->timeout_s = PQntuples(r) ? atof(PQgetvalue(r, 0, 0)) : DEFAULT_TIMEOUT_S;
    if (!(db->timeout_s > 0)) db->timeout_s = DEFAULT_TIMEOUT_S;
    PQclear(r);
    return 0;
}

/* Fill the shards' names and connection strings from the rows of layout_sql. */
static int shards_from_rows(fh_backend_db *db, PGresult *r, fh_err *err)
{
    int rows = PQntuples(r), n = 0;
    for (int i = 0; i < rows; i++)
        if (atoi(PQgetvalue(r, i, 0)) + 1 > n) n = atoi(PQgetvalue(r, i, 0)) + 1;
    if (n < 1 || n > 4096) return fh_fail(err, "%s: fahras_shards names no shards", db->target);
    db->shards = calloc((size_t)n, sizeof *db->shards);
    sbuf *ci = calloc((size_t)n, sizeof *ci);
    if (!db->shards || !ci) {
        free(ci);
        return fh_fail(err, "out of memory");
    }
    db->nshards = n;
    char host[64] = "", port[16] = "", dbname[64] = "";
    for (int i = 0; i < rows; i++) {
        int k = atoi(PQgetvalue(r, i, 0));
        pg_shard *sh = &db->shards[k];
        const char *key = PQgetvalue(r, i, 2), *val = PQgetvalue(r, i, 3);
        snprintf(sh->name, sizeof sh->name, "%s", PQgetvalue(r, i, 1));
        if (!libpq_keyword(key)) continue;
        add_conn_param(&ci[k], key, val);
        if (!strcmp(key, "host") || !strcmp(key, "hostaddr")) snprintf(host, sizeof host, "%s", val);
        if (!strcmp(key, "port")) snprintf(port, sizeof port, "%s", val);
        if (!strcmp(key, "dbname")) snprintf(dbname, sizeof dbname, "%s", val);
        if (i + 1 == rows || atoi(PQgetvalue(r, i + 1, 0)) != k) {
            snprintf(sh->where, sizeof sh->where, "%s:%s/%s", host, port, dbname);
            host[0] = port[0] = dbname[0] = '\0';
        }
    }
    int rc = 0;
    for (int k = 0; k < n; k++) {
        char num[64];
        /* a shard that does not answer the connection in time is down; an
         * abandoned statement ends when its server sees the socket closed */
        snprintf(num, sizeof num, "%d", db->timeout_s < 2 ? 2 : (int)(db->timeout_s + 0.999));
        add_conn_param(&ci[k], "connect_timeout", num);
        add_conn_param(&ci[k], "application_name", "fahras");
        add_conn_param(&ci[k], "options", "-c client_connection_check_interval=1000");
        if (!db->shards[k].name[0]) rc = fh_fail(err, "%s: fahras_shards has no shard %d", db->target, k);
        if (ci[k].oom) rc = fh_fail(err, "out of memory");
        db->shards[k].conninfo = ci[k].p;
    }
    free(ci);
    return rc;
}

static void shard_label(const pg_shard *sh, char *out, size_t cap)
{
    snprintf(out, cap, "shard %.50s (%.60s)", sh->name, sh->where);
}

/* Connect shard i (its store must have the coordinator's options). */
static int shard_connect(fh_backend_db *db, int i, fh_err *err)
{
    pg_shard *sh = &db->shards[i];
    char label[128];
    shard_label(sh, label, sizeof label);
    fh_store_config cfg = {.analyzer = &db->opts};
    /* a shard's store is made by shard-init: only read it here */
    if (pg_open_labeled(sh->conninfo, label, FH_STORE_READ, &cfg, &sh->db, err)) {
        snprintf(sh->down, sizeof sh->down, "%.299s", err->msg);
        sh->db = NULL;
        return -1;
    }
    sh->down[0] = '\0';
    /* the coordinator's writes keep entities on the shards */
    sh->db->want_spans = db->want_spans;
    return 0;
}

int pg_shards_load(fh_backend_db *db, fh_err *err)
{
    PGresult *r = PQexec(db->conn, "SELECT to_regclass('fahras_shards') IS NOT NULL");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) return pg_fail(db, r, err, "checking for shards");
    int sharded = !strcmp(PQgetvalue(r, 0, 0), "t");
    PQclear(r);
    if (!sharded) return 0;
    if (read_timeout(db, err)) return -1;
    r = PQexec(db->conn, layout_sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) return pg_fail(db, r, err, "reading the shards");
    int rc = shards_from_rows(db, r, err);
    PQclear(r);
    /* Writing needs every shard; reading tries them again at each search. */
    for (int i = 0; !rc && i < db->nshards; i++)
        if (shard_connect(db, i, err) && db->mode == FH_STORE_WRITE) rc = -1;
    return rc;
}

static void batch_ids_free(pg_shard *sh)
{
    for (size_t k = 0; k < sh->n_ids; k++) free(sh->batch_ids[k]);
    free(sh->batch_ids);
    sh->batch_ids = NULL;
    sh->n_ids = sh->cap_ids = 0;
}

void pg_shards_free(fh_backend_db *db)
{
    for (int i = 0; i < db->nshards; i++) {
        pg_close_db(db->shards[i].db);
        free(db->shards[i].conninfo);
        batch_ids_free(&db->shards[i]);
    }
    free(db->shards);
    db->shards = NULL;
    db->nshards = 0;
}

void pg_shard_drop(fh_backend_db *db, int i, const char *why)
{
    pg_shard *sh = &db->shards[i];
    if (sh->db) {
        /* no ROLLBACK on a connection that is lost or busy: closing it
         * ends the shard's transaction */
        PQfinish(sh->db->conn);
        sh->db->conn = NULL;
        pg_close_db(sh->db);
        sh->db = NULL;
    }
    snprintf(sh->down, sizeof sh->down, "%.299s", why);
}

fh_backend_db *pg_shard_db(fh_backend_db *db, int i, fh_err *err)
{
    pg_shard *sh = &db->shards[i];
    /* lost inside the open batch: a new session would write outside it */
    if (!sh->db && sh->in_batch) {
        fh_fail(err, "shard %s (%s) is unavailable: %s", sh->name, sh->where, sh->down);
        return NULL;
    }
    if (!sh->db && shard_connect(db, i, err)) return NULL;
    return sh->db;
}

int pg_shard_of(const fh_backend_db *db, const char *id, size_t len)
{
    return fh_route_shard(id, len, db->nshards);
}

/* ------------------------------------------------------------------ */
/* One statement on every shard                                        */
/* ------------------------------------------------------------------ */

/* Shard i failed: the search's error, or (allow_partial) a shard left out. */
static void shard_failed(fh_backend_db *db, int i, const char *why, fh_err *err, int *failed)
{
    pg_shard *sh = &db->shards[i];
    char label[128];
    shard_label(sh, label, sizeof label);
    if (db->allow_partial) {
        size_t n = strlen(db->missing);
        snprintf(db->missing + n, sizeof db->missing - n, "%s%s: %.150s", n ? "; " : "", label, why);
        sh->missing = 1;
        return;
    }
    if (!*failed) fh_fail(err, "%s: %s", label, why);
    *failed = 1;
}

/* The first line of a connection's error, trimmed. */
static const char *conn_message(PGconn *c, PGresult *r, char *buf, size_t cap)
{
    pg_message(c, r, buf, cap);
    char *nl = strchr(buf, '\n');
    if (nl) *nl = '\0';
    return buf;
}

/* Collect what shard i has sent; returns 1 when its statement is done. */
static int take_results(fh_backend_db *db, int i, PGresult **res, fh_err *err, int *failed)
{
    PGconn *c = db->shards[i].db->conn;
    char m[300];
    if (!PQconsumeInput(c)) {
        shard_failed(db, i, conn_message(c, NULL, m, sizeof m), err, failed);
        pg_shard_drop(db, i, m);
        return 1;
    }
    while (!PQisBusy(c)) {
        PGresult *r = PQgetResult(c);
        if (!r) return 1;
        if (PQresultStatus(r) == PGRES_TUPLES_OK || PQresultStatus(r) == PGRES_COMMAND_OK) {
            /* what travelled: each row a DataRow message (type, length,
             * field count, then each field's length and bytes) */
            for (int row = 0; row < PQntuples(r); row++) {
                db->shard_bytes += 7;
                for (int f = 0; f < PQnfields(r); f++) db->shard_bytes += 4 + PQgetlength(r, row, f);
            }
            PQclear(res[i]);
            res[i] = r;
            continue;
        }
        conn_message(c, r, m, sizeof m);
        PQclear(r);
        PQclear(res[i]);
        res[i] = NULL;
        shard_failed(db, i, m, err, failed);
        if (PQstatus(c) == CONNECTION_BAD) {
            pg_shard_drop(db, i, m);
            return 1;
        }
    }
    return 0;
}

int pg_fanout(fh_backend_db *db, const char *sql, int n, const char *const *vals, const int *only,
              PGresult **res, fh_err *err, const char *what)
{
    int failed = 0, busy_n = 0;
    int *busy = calloc((size_t)db->nshards, sizeof *busy);
    struct pollfd *fds = calloc((size_t)db->nshards, sizeof *fds);
    if (!busy || !fds) {
        free(busy);
        free(fds);
        return fh_fail(err, "out of memory");
    }
    for (int i = 0; i < db->nshards; i++) {
        res[i] = NULL;
        pg_shard *sh = &db->shards[i];
        if (sh->missing || (only && !only[i])) continue;
        if (!sh->db) {
            shard_failed(db, i, sh->down, err, &failed);
            continue;
        }
        if (!PQsendQueryParams(sh->db->conn, sql, n, NULL, vals, NULL, NULL, 0)) {
            char m[300];
            shard_failed(db, i, conn_message(sh->db->conn, NULL, m, sizeof m), err, &failed);
            pg_shard_drop(db, i, m);
            continue;
        }
        busy[i] = 1;
        busy_n++;
    }
    while (busy_n) {
        double left = db->deadline - pg_now();
        int k = 0;
        for (int i = 0; i < db->nshards; i++)
            if (busy[i]) fds[k++] = (struct pollfd){.fd = PQsocket(db->shards[i].db->conn), .events = POLLIN};
        if (left <= 0) { /* give up on the shards still working */
            char m[120];
            snprintf(m, sizeof m, "no answer within %.1f s (%s)", db->timeout_s, what);
            for (int i = 0; i < db->nshards; i++)
                if (busy[i]) {
                    shard_failed(db, i, m, err, &failed);
                    pg_shard_drop(db, i, m);
                    busy[i] = 0;
                }
            break;
        }
        if (poll(fds, (nfds_t)k, (int)(left * 1000) + 1) < 0) continue; /* EINTR: look again */
        k = 0;
        for (int i = 0; i < db->nshards; i++) {
            if (!busy[i]) continue;
            if (fds[k++].revents && take_results(db, i, res, err, &failed)) {
                busy[i] = 0;
                busy_n--;
            }
        }
    }
    free(busy);
    free(fds);
    if (failed) pg_fanout_clear(db, res);
    return failed ? -1 : 0;
}

void pg_fanout_clear(fh_backend_db *db, PGresult **res)
{
    for (int i = 0; i < db->nshards; i++) {
        PQclear(res[i]);
        res[i] = NULL;
    }
}

int pg_collection_rows(fh_backend_db *db, const char *sql, int n, const char *const *vals,
                       pg_rows_fn fn, void *ctx, fh_err *err, const char *what)
{
    if (!db->nshards) {
        PGresult *r = pg_exec_params(db, sql, n, vals);
        if (PQresultStatus(r) != PGRES_TUPLES_OK) return pg_fail(db, r, err, what);
        fn(ctx, r);
        PQclear(r);
        return 0;
    }
    PGresult **res = calloc((size_t)db->nshards, sizeof *res);
    if (!res) return fh_fail(err, "out of memory");
    int rc = pg_fanout(db, sql, n, vals, NULL, res, err, what);
    for (int i = 0; !rc && i < db->nshards; i++)
        if (res[i]) fn(ctx, res[i]);
    pg_fanout_clear(db, res);
    free(res);
    return rc;
}

/* ------------------------------------------------------------------ */
/* The operations of a coordinator                                     */
/* ------------------------------------------------------------------ */

static void sh_close(fh_backend_db *db) { pg_close_db(db); }

static const fahras_analyzer *sh_analyzer(const fh_backend_db *db) { return db->analyzer; }

static void sh_search_done(fh_backend_db *db, fh_search_info *info)
{
    snprintf(info->missing, sizeof info->missing, "%s", db->missing);
    info->shard_bytes = db->shard_bytes;
}

static long sh_commit_lost(fh_backend_db *db) { return db->lost_changed; }

/* Parallel writers split the shards: a document's writer is its shard's. */
static int sh_partition(fh_backend_db *db, const char *id, size_t len, int parts)
{
    return pg_shard_of(db, id, len) % parts;
}

static int sh_accepts(const char *target)
{
    (void)target;
    return 0; /* reached through the PostgreSQL backend's variant only */
}

const fh_store_backend fh_backend_pg_sharded = {
    .name = "postgresql",
    .accepts = sh_accepts,
    .close = sh_close,
    .analyzer = sh_analyzer,
    .begin = pg_shard_begin,
    .commit = pg_shard_commit,
    .rollback = pg_shard_rollback,
    .upsert = pg_shard_upsert,
    .planning = pg_shard_planning,
    .search = pg_shard_search,
    .get = pg_shard_get,
    .stats = pg_shard_stats,
    .record_get = pg_record_get,
    .record_set = pg_record_set,
    .values = pg_shard_values,
    .dups_lookup = pg_shard_dups_lookup,
    .dups_get = pg_shard_dups_get,
    .dups_put = pg_shard_dups_put,
    .dups_relabel = pg_shard_dups_relabel,
    .dups_clusters = pg_shard_dups_clusters,
    .hidden_copies = pg_shard_hidden_copies,
    .dups_members = pg_shard_dups_members,
    .boiler_get = pg_shard_boiler_get,
    .boiler_count = pg_shard_boiler_count,
    .boiler_mark = pg_shard_boiler_mark,
    .boiler_docs = pg_shard_boiler_docs,
    .put_spans = pg_shard_put_spans,
    .spans_kept = pg_shard_spans_kept,
    .search_start = pg_shard_search_start,
    .search_done = sh_search_done,
    .commit_lost = sh_commit_lost,
    .partition = sh_partition,
};
