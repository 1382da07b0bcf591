/*
 * shard_init.c - `fahras shard-init COORDINATOR SHARD...`: a store sharded
 * over several PostgreSQL databases.
 *
 * Each shard gets a store of its own, as `fahras index` makes one
 * (db.c: documents, GIN index, statistics, the analyzer options), and must
 * hold only documents that belong on it.  The coordinator gets, in one
 * transaction:
 *   extensions fahras and postgres_fdw;
 *   fahras_store_meta: the analyzer version and options, shard_timeout
 *     (seconds a search waits for a shard);
 *   per shard i a foreign server fahras_shard_<i> (its host, port and
 *     database; extensions 'fahras' so that fahras's functions run on the
 *     shard, async_capable so that a partitioned scan reads the shards at
 *     once) and a user mapping for the current user (the shard's user and
 *     password as given in its URL);
 *   fahras_shards(idx, server): shard i's server;
 *   fahras_docs PARTITION BY HASH (id fahras_id_ops), partition i the
 *     foreign table fahras_docs_<i> on server i: the whole collection for
 *     SQL on the coordinator, placed as the CLI places it (route.h).
 * Run again with the same shards it checks them and keeps the layout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_store.h"

typedef struct shard_info {
    fh_backend_db *db;
    char host[256], port[16], dbname[128], user[128], schema[128];
    char *password; /* owned, may be NULL */
} shard_info;

/* The URL as shown in messages: the password, if any, replaced by ***. */
static void shown_url(const char *url, char *out, size_t cap)
{
    const char *scheme = strstr(url, "://");
    const char *at = strchr(url, '@');
    const char *colon = scheme ? strchr(scheme + 3, ':') : NULL;
    if (scheme && at && colon && colon < at) snprintf(out, cap, "%.*s:***%s", (int)(colon - url), url, at);
    else snprintf(out, cap, "%s", url);
}

/* Open (creating when new) shard i's store and read where it is. */
static int open_shard(const char *url, int i, int n, const fh_store_config *cfg, shard_info *si,
                      fh_err *err)
{
    char label[128], sql[160];
    shown_url(url, label, sizeof label);
    if (pg_open_labeled(url, label, FH_STORE_WRITE, cfg, &si->db, err)) return -1;
    /* the tables of its records, read by every search from the start */
    if (pg_dups_prepare(si->db, err) || pg_boiler_prepare(si->db, err) || pg_spans_prepare(si->db, err))
        return -1;
    PGconn *c = si->db->conn;
    snprintf(si->host, sizeof si->host, "%s", PQhost(c) ? PQhost(c) : "");
    snprintf(si->port, sizeof si->port, "%s", PQport(c) ? PQport(c) : "");
    snprintf(si->dbname, sizeof si->dbname, "%s", PQdb(c) ? PQdb(c) : "");
    snprintf(si->user, sizeof si->user, "%s", PQuser(c) ? PQuser(c) : "");
    si->password = PQpass(c) && *PQpass(c) ? strdup(PQpass(c)) : NULL;
    /* its documents must be the ones this layout puts there */
    snprintf(sql, sizeof sql,
             "SELECT current_schema(), (SELECT count(*) FROM fahras_docs WHERE fahras_shard_of(id, %d) <> %d)",
             n, i);
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        return pg_fail(si->db, r, err, "checking its documents (is its fahras extension 0.3 or later? "
                                       "ALTER EXTENSION fahras UPDATE)");
    snprintf(si->schema, sizeof si->schema, "%s", PQgetvalue(r, 0, 0));
    long misplaced = atol(PQgetvalue(r, 0, 1));
    PQclear(r);
    if (misplaced)
        return fh_fail(err, "%s: holds %ld documents that belong on other shards of a layout of %d: "
                            "move them first (README: adding a shard)", label, misplaced, n);
    return 0;
}

/* text quoted as an SQL literal, appended to b. */
static void add_literal(PGconn *c, sbuf *b, const char *text)
{
    char *q = PQescapeLiteral(c, text, strlen(text));
    if (!q) {
        b->oom = 1;
        return;
    }
    fh_sb_str(b, q);
    PQfreemem(q);
}

static void layout_sql(PGconn *c, const shard_info *si, int n, const char *describe, double timeout_s,
                       sbuf *b)
{
    char num[400];
    fh_sb_str(b, "BEGIN;"
                 "CREATE EXTENSION IF NOT EXISTS fahras;"
                 "CREATE EXTENSION IF NOT EXISTS postgres_fdw;"
                 "CREATE TABLE fahras_store_meta (key text PRIMARY KEY, value text NOT NULL);"
                 "INSERT INTO fahras_store_meta VALUES ('analyzer_version', ");
    snprintf(num, sizeof num, "'%d.%d'), ('analyzer_options', ", FAHRAS_VERSION_MAJOR, FAHRAS_VERSION_MINOR);
    fh_sb_str(b, num);
    add_literal(c, b, describe);
    snprintf(num, sizeof num, "), ('shard_timeout', '%g');", timeout_s);
    fh_sb_str(b, num);
    fh_sb_str(b, "CREATE TABLE fahras_shards (idx int PRIMARY KEY, server name NOT NULL UNIQUE);"
                 "CREATE TABLE fahras_docs (id text NOT NULL, title text, body text NOT NULL, date text,"
                 "  source text, category text, url text, extra text, tsv tsvector NOT NULL)"
                 "  PARTITION BY HASH (id fahras_id_ops);");
    for (int i = 0; i < n; i++) {
        snprintf(num, sizeof num, "CREATE SERVER fahras_shard_%d FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host ", i);
        fh_sb_str(b, num);
        add_literal(c, b, si[i].host);
        fh_sb_str(b, ", port ");
        add_literal(c, b, si[i].port);
        fh_sb_str(b, ", dbname ");
        add_literal(c, b, si[i].dbname);
        snprintf(num, sizeof num, ", extensions 'fahras', async_capable 'true', fetch_size '1000');"
                                  "CREATE USER MAPPING FOR CURRENT_USER SERVER fahras_shard_%d OPTIONS (user ", i);
        fh_sb_str(b, num);
        add_literal(c, b, si[i].user);
        if (si[i].password) {
            fh_sb_str(b, ", password ");
            add_literal(c, b, si[i].password);
        }
        snprintf(num, sizeof num, ");INSERT INTO fahras_shards VALUES (%d, 'fahras_shard_%d');"
                                  "CREATE FOREIGN TABLE fahras_docs_%d PARTITION OF fahras_docs"
                                  " FOR VALUES WITH (MODULUS %d, REMAINDER %d) SERVER fahras_shard_%d"
                                  " OPTIONS (schema_name ", i, i, i, n, i, i);
        fh_sb_str(b, num);
        add_literal(c, b, si[i].schema);
        fh_sb_str(b, ", table_name 'fahras_docs');");
    }
    fh_sb_str(b, "COMMIT;");
}

/* The coordinator already holds a layout: the same shards (kept, with a
 * new timeout if one is given), or others (refused). */
static int check_layout(fh_backend_db *co, const shard_info *si, int n, double timeout_s, fh_err *err)
{
    PGresult *r = PQexec(co->conn,
                         "SELECT f.idx, (SELECT array_agg(o ORDER BY o) FROM unnest(s.srvoptions) o"
                         " WHERE o ~ '^(host|port|dbname)=') FROM fahras_shards f"
                         " JOIN pg_foreign_server s ON s.srvname = f.server ORDER BY f.idx");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) return pg_fail(co, r, err, "reading its layout");
    int same = PQntuples(r) == n;
    for (int i = 0; same && i < n; i++) {
        char want[600];
        snprintf(want, sizeof want, "{dbname=%s,host=%s,port=%s}", si[i].dbname, si[i].host, si[i].port);
        same = atoi(PQgetvalue(r, i, 0)) == i && !strcmp(PQgetvalue(r, i, 1), want);
    }
    int had = PQntuples(r);
    PQclear(r);
    if (!same)
        return fh_fail(err, "%s: already the coordinator of %d other shard%s: changing the shards means "
                            "moving documents (README: adding a shard)", co->target, had, had == 1 ? "" : "s");
    if (timeout_s > 0) {
        char sql[160];
        snprintf(sql, sizeof sql, "UPDATE fahras_store_meta SET value = '%g' WHERE key = 'shard_timeout'",
                 timeout_s);
        return pg_exec_cmd(co, sql, err, "setting the shard timeout");
    }
    return 0;
}

static int make_coordinator(const char *url, shard_info *si, int n, double timeout_s, int *kept,
                            fh_err *err)
{
    char label[128];
    shown_url(url, label, sizeof label);
    fh_backend_db co = {0};
    snprintf(co.target, sizeof co.target, "%s", label);
    co.conn = PQconnectdb(url);
    int rc = 0;
    if (PQstatus(co.conn) != CONNECTION_OK) {
        char m[300];
        rc = fh_fail(err, "%s: cannot connect: %s", label, pg_message(co.conn, NULL, m, sizeof m));
    }
    PGresult *r = rc ? NULL
                     : PQexec(co.conn, "SELECT to_regclass('fahras_store_meta') IS NOT NULL,"
                                       " to_regclass('fahras_shards') IS NOT NULL");
    if (!rc && PQresultStatus(r) != PGRES_TUPLES_OK) rc = pg_fail(&co, r, err, "checking for a store");
    else if (!rc) {
        int store = PQgetvalue(r, 0, 0)[0] == 't', shards = PQgetvalue(r, 0, 1)[0] == 't';
        PQclear(r);
        *kept = shards;
        if (shards) rc = check_layout(&co, si, n, timeout_s, err);
        else if (store)
            rc = fh_fail(err, "%s: holds a store of its own documents; a coordinator needs a database "
                              "without one", label);
        else {
            sbuf b = {0};
            layout_sql(co.conn, si, n, si[0].db->describe, timeout_s > 0 ? timeout_s : 10, &b);
            if (b.oom) rc = fh_fail(err, "out of memory");
            else if (pg_exec_cmd(&co, b.p, err, "creating the layout")) {
                PQclear(PQexec(co.conn, "ROLLBACK"));
                rc = -1;
            }
            free(b.p);
        }
    }
    PQfinish(co.conn);
    return rc;
}

int pg_shard_init(const char *coordinator, const char *const *shards, int n,
                  const fh_store_config *cfg, double timeout_s, char *report, size_t cap, fh_err *err)
{
    shard_info *si = calloc((size_t)n, sizeof *si);
    if (!si) return fh_fail(err, "out of memory");
    int rc = 0, kept = 0;
    for (int i = 0; !rc && i < n; i++) {
        rc = open_shard(shards[i], i, n, cfg, &si[i], err);
        /* one analyzer for the whole store */
        if (!rc && i && strcmp(si[i].db->describe, si[0].db->describe))
            rc = fh_fail(err, "%s: built with options '%s', the first shard with '%s'", si[i].db->target,
                         si[i].db->describe, si[0].db->describe);
        for (int k = 0; !rc && k < i; k++)
            if (!strcmp(si[k].host, si[i].host) && !strcmp(si[k].port, si[i].port) &&
                !strcmp(si[k].dbname, si[i].dbname))
                rc = fh_fail(err, "%s: given twice", si[i].db->target);
    }
    if (!rc) rc = make_coordinator(coordinator, si, n, timeout_s, &kept, err);
    size_t w = 0;
    if (!rc && cap) {
        int k = snprintf(report, cap, "%s layout of %d shard%s:", kept ? "kept the" : "created a", n,
                         n == 1 ? "" : "s");
        w = k > 0 ? (size_t)k : 0;
        for (int i = 0; i < n && w < cap; i++) {
            k = snprintf(report + w, cap - w, " fahras_shard_%d (%s:%s/%s)", i, si[i].host, si[i].port,
                         si[i].dbname);
            w += k > 0 ? (size_t)k : 0;
        }
    }
    for (int i = 0; i < n; i++) {
        pg_close_db(si[i].db);
        free(si[i].password);
    }
    free(si);
    return rc;
}
