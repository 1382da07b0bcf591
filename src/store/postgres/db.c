/*
 * db.c - the PostgreSQL backend's connection: connecting, creating the
 * schema with the store's analyzer options, checking them on later opens,
 * statistics and documents by id.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "pg_store.h"

/* First line of the server's message, without the trailing newline. */
const char *pg_message(PGconn *c, const PGresult *r, char *buf, size_t cap)
{
    const char *m = r ? PQresultErrorMessage(r) : NULL;
    if (!m || !*m) m = PQerrorMessage(c);
    snprintf(buf, cap, "%s", m ? m : "unknown error");
    size_t n = strlen(buf);
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' ')) buf[--n] = '\0';
    return buf;
}

/* The SQLSTATE of a failed result ("" when there is none). */
static const char *sqlstate(const PGresult *r)
{
    const char *s = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    return s ? s : "";
}

int pg_fail(fh_backend_db *db, PGresult *r, fh_err *err, const char *what)
{
    char m[400];
    pg_message(db->conn, r, m, sizeof m);
    /* a statement cancelled by the request's statement_timeout */
    if (!strcmp(sqlstate(r), "57014") && db->timeout_ms > 0) db->over_budget = 1;
    PQclear(r);
    /* the session is gone (the server restarted or went away): the store
     * reconnects on the next request (pg_stale) */
    int kind = PQstatus(db->conn) == CONNECTION_BAD ? FH_ERR_UNAVAILABLE : FH_ERR_STORE;
    return fh_fail_kind(err, kind, "%s: %s: %s", db->target, what, m);
}

int pg_exec_cmd(fh_backend_db *db, const char *sql, fh_err *err, const char *what)
{
    PGresult *r = PQexec(db->conn, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        return pg_fail(db, r, err, what);
    PQclear(r);
    return 0;
}

PGresult *pg_exec_params(fh_backend_db *db, const char *sql, int n, const char *const *vals)
{
    return PQexecParams(db->conn, sql, n, NULL, vals, NULL, NULL, 0);
}

/* The planner reads a broad match by scanning the whole table: its
 * estimate does not see that each row's tsvector is then read from the
 * TOAST table and decompressed to be tested, where the words index tests
 * nothing.  For قال (half of 40,455 articles), warm: ranking its matches
 * 0.47 s against 0.29 s through the index, listing them 265 ms against
 * 14 ms.  Under a tenth of the documents it takes the index itself. */
static void scan_setting(fh_backend_db *db, const char *sql)
{
    for (int i = 0; i < db->nshards; i++)
        if (db->shards[i].db && !db->shards[i].missing) scan_setting(db->shards[i].db, sql);
    if (!db->nshards) PQclear(PQexec(db->conn, sql));
}

int pg_scan_by_index(fh_backend_db *db, int broad)
{
    if (broad) scan_setting(db, "SET enable_seqscan = off");
    return broad;
}

void pg_scan_restore(fh_backend_db *db, int changed)
{
    if (changed) scan_setting(db, "RESET enable_seqscan");
}

char *pg_bigint_array(const int64_t *keys, size_t n)
{
    char *s = malloc(n * 21 + 3), *at = s;
    if (!s) return NULL;
    *at++ = '{';
    for (size_t i = 0; i < n; i++) at += sprintf(at, "%s%lld", i ? "," : "", (long long)keys[i]);
    *at++ = '}';
    *at = '\0';
    return s;
}

char *pg_text_array(const char *const *ids, size_t n)
{
    size_t cap = 3;
    for (size_t i = 0; i < n; i++) cap += strlen(ids[i]) * 2 + 3;
    char *s = malloc(cap), *at = s;
    if (!s) return NULL;
    *at++ = '{';
    for (size_t i = 0; i < n; i++) {
        if (i) *at++ = ',';
        *at++ = '"';
        for (const char *p = ids[i]; *p; p++) {
            if (*p == '"' || *p == '\\') *at++ = '\\';
            *at++ = *p;
        }
        *at++ = '"';
    }
    *at++ = '}';
    *at = '\0';
    return s;
}

/* Read one meta value into out; *found = 0 when absent. */
static int meta_get(fh_backend_db *db, const char *key, char *out, size_t cap, int *found,
                    fh_err *err)
{
    const char *vals[1] = {key};
    PGresult *r = pg_exec_params(db, "SELECT value FROM fahras_store_meta WHERE key = $1", 1, vals);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) return pg_fail(db, r, err, "reading the store's options");
    *found = PQntuples(r) > 0;
    if (*found) snprintf(out, cap, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    return 0;
}

/* The store's records (store_backend.h): fahras_store_meta's rows, on a
 * sharded store the coordinator's. */
int pg_record_get(fh_backend_db *db, const char *key, char *buf, size_t cap, fh_err *err)
{
    int found = 0;
    return meta_get(db, key, buf, cap, &found, err) ? -1 : found;
}

int pg_record_set(fh_backend_db *db, const char *key, const char *value, fh_err *err)
{
    const char *vals[2] = {key, value};
    PGresult *r = pg_exec_params(db,
                                 "INSERT INTO fahras_store_meta VALUES ($1, $2)"
                                 " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                 2, vals);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) return pg_fail(db, r, err, "writing the store's record");
    PQclear(r);
    return 0;
}

/* The dictionary options that reproduce the store's analyzer: the items of
 * its describe string but the version stamp, which the dictionary reads
 * as fahras_options_set does. */
static void dict_options_sql(const char *describe, sbuf *b)
{
    for (const char *p = describe; *p;) {
        size_t w = strcspn(p, " ");
        const char *eq = memchr(p, '=', w);
        if (eq && strncmp(p, "fahras=", 7)) {
            fh_sb_str(b, ", ");
            fh_sb_add(b, p, (size_t)(eq - p));
            fh_sb_str(b, " = '");
            fh_sb_add(b, eq + 1, w - (size_t)(eq + 1 - p));
            fh_sb_str(b, "'");
        }
        p += w;
        while (*p == ' ') p++;
    }
}

int pg_indexes_prepare(fh_backend_db *db, const char *names, const char *sql, int *seen, fh_err *err)
{
    if (*seen) return 0;
    /* looked up first: CREATE INDEX IF NOT EXISTS would wait for the
     * table's lock behind every open batch */
    const char *vals[1] = {names};
    PGresult *r = pg_exec_params(db, "SELECT bool_and(to_regclass(n) IS NOT NULL) FROM unnest($1::text[]) n",
                                 1, vals);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) return pg_fail(db, r, err, "looking for the store's indexes");
    int have = PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 't';
    PQclear(r);
    /* best effort, as the searches need them only to be fast: another
     * writer making them at the same moment, or a role that may write rows
     * but not make indexes, leaves the store as it was */
    if (!have) PQclear(PQexec(db->conn, sql));
    *seen = 1;
    return 0;
}

/* The tsvectors compressed with lz4 where the server has it (PostgreSQL
 * 14 and later, built with lz4): a ranking decompresses every match's
 * tsvector, and pglz's decompression was over a third of its time.  Only
 * values written from then on are lz4; best effort like the indexes.
 * The change takes the table's exclusive lock, and searches arriving
 * while it waits for that lock wait behind it: it gives up after 0.2 s
 * (a store left as it was, tried again by the next writer). */
static void tsv_compression_prepare(fh_backend_db *db)
{
    if (db->tsv_lz4) return;
    db->tsv_lz4 = 1;
    PGresult *r = PQexec(db->conn, "SELECT a.attcompression::text FROM pg_attribute a JOIN pg_class c"
                                   " ON c.oid = a.attrelid WHERE c.oid = to_regclass('fahras_docs')"
                                   " AND c.relkind = 'r' AND a.attname = 'tsv'");
    /* none: a sharded store's parent (its shards are stores of their own),
     * or a server before per-column compression */
    int todo = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 0), "l");
    PQclear(r);
    if (!todo) return;
    PQclear(PQexec(db->conn, "BEGIN; SET LOCAL lock_timeout = '200ms';"
                             "ALTER TABLE fahras_docs ALTER COLUMN tsv SET COMPRESSION lz4; COMMIT"));
    if (PQtransactionStatus(db->conn) != PQTRANS_IDLE) PQclear(PQexec(db->conn, "ROLLBACK"));
}

int pg_docs_prepare(fh_backend_db *db, fh_err *err)
{
    tsv_compression_prepare(db);
    return pg_indexes_prepare(db, "{fahras_docs_newest,fahras_docs_oldest}", PG_ORDER_INDEXES_SQL,
                              &db->order_indexes, err);
}

static int create_schema(fh_backend_db *db, fh_err *err)
{
    char ver[32];
    snprintf(ver, sizeof ver, "%d.%d", FAHRAS_VERSION_MAJOR, FAHRAS_VERSION_MINOR);
    sbuf b = {0};
    fh_sb_str(&b,
              "BEGIN;"
              "CREATE EXTENSION IF NOT EXISTS fahras;"
              "CREATE TABLE fahras_store_meta (key text PRIMARY KEY, value text NOT NULL);"
              /* left over from a store dropped without them: ours, by name */
              "DROP TEXT SEARCH CONFIGURATION IF EXISTS fahras_store;"
              "DROP TEXT SEARCH DICTIONARY IF EXISTS fahras_store_dict;"
              "CREATE TEXT SEARCH DICTIONARY fahras_store_dict (TEMPLATE = fahras_template, exact = on");
    dict_options_sql(db->describe, &b);
    fh_sb_str(&b,
              ");"
              "CREATE TEXT SEARCH CONFIGURATION fahras_store (PARSER = fahras_parser);"
              "ALTER TEXT SEARCH CONFIGURATION fahras_store ADD MAPPING FOR "
              "  arabic, word, number, email, url, mention, hashtag WITH fahras_store_dict;"
              "CREATE TABLE fahras_docs ("
              "  id text PRIMARY KEY, title text, body text NOT NULL, date text, source text,"
              "  category text, url text, extra text, tsv tsvector NOT NULL);"
              "CREATE INDEX fahras_docs_tsv ON fahras_docs USING gin (tsv);"
              "CREATE INDEX fahras_docs_date ON fahras_docs (date);"
              PG_ORDER_INDEXES_SQL ";"
              "SELECT fahras_bm25_refresh('" PG_COLLECTION "', 'fahras_docs', 'tsv');");
    if (b.oom) {
        free(b.p);
        return fh_fail(err, "out of memory");
    }
    PGresult *r = PQexec(db->conn, b.p);
    free(b.p);
    if (PQresultStatus(r) != PGRES_TUPLES_OK && PQresultStatus(r) != PGRES_COMMAND_OK) {
        char m[400];
        pg_message(db->conn, r, m, sizeof m);
        /* the hint that fits: the extension's files missing on the server
         * (feature_not_supported, undefined_file), or no right to create
         * it here (insufficient_privilege: fahras is not a trusted
         * extension, a superuser creates it once per database) */
        const char *state = sqlstate(r), *hint = "";
        if (!strcmp(state, "0A000") || !strcmp(state, "58P01"))
            hint = " (install it on the server: make pg-install)";
        else if (!strcmp(state, "42501") && strstr(m, "extension"))
            hint = " (a superuser must run CREATE EXTENSION fahras in this database once; "
                   "fahras then uses it)";
        PQclear(r);
        PQclear(PQexec(db->conn, "ROLLBACK"));
        return fh_fail(err, "%s: creating the fahras store: %s%s", db->target, m, hint);
    }
    PQclear(r);
    const char *vals[2] = {ver, db->describe};
    r = pg_exec_params(db,
                       "INSERT INTO fahras_store_meta VALUES ('analyzer_version', $1), "
                       "('analyzer_options', $2)",
                       2, vals);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        pg_fail(db, r, err, "writing the store's options");
        PQclear(PQexec(db->conn, "ROLLBACK"));
        return -1;
    }
    PQclear(r);
    return pg_exec_cmd(db, "COMMIT", err, "creating the fahras store");
}

/* An existing store: its options, checked against this program and the
 * options asked for. */
static int check_existing(fh_backend_db *db, const fahras_options *asked, fh_err *err)
{
    char ver[32], want_ver[32];
    int found = 0;
    snprintf(want_ver, sizeof want_ver, "%d.%d", FAHRAS_VERSION_MAJOR, FAHRAS_VERSION_MINOR);
    if (meta_get(db, "analyzer_version", ver, sizeof ver, &found, err) ||
        (found && meta_get(db, "analyzer_options", db->describe, sizeof db->describe, &found, err)))
        return -1;
    if (!found) return fh_fail(err, "%s: the fahras store's options are missing (fahras_store_meta)", db->target);
    if (strcmp(ver, want_ver))
        return fh_fail(err, "%s: store built with fahras analyzer %s, this is %s: rebuild it "
                            "(DROP TABLE fahras_docs, fahras_store_meta; then fahras index again)",
                       db->target, ver, want_ver);
    const char *tail = strchr(db->describe, ' ');
    fahras_options_default(&db->opts);
    if (fahras_options_parse(&db->opts, tail ? tail : "", NULL) != FAHRAS_OK)
        return fh_fail(err, "%s: cannot read the store's analyzer options '%s'", db->target, db->describe);
    if (asked) {
        char want[256];
        fahras_options_describe(asked, want, sizeof want);
        if (strcmp(want, db->describe))
            return fh_fail(err, "%s: store built with options '%s', not '%s': index into a new "
                                "database, or drop this store to rebuild it",
                           db->target, db->describe, want);
    }
    return 0;
}

static void pg_close(fh_backend_db *db)
{
    if (!db) return;
    pg_shards_free(db);
    if (db->conn) {
        if (db->in_tx) PQclear(PQexec(db->conn, "ROLLBACK"));
        /* The words index's pending entries merged after a writer's last
         * batch: up to gin_pending_list_limit (4 MB) of them can otherwise
         * wait for an autovacuum that 20% more documents trigger, and
         * meanwhile every search reads them through, and the planner,
         * charging for that, scans the whole table for a word of one
         * document in nine (0.26 s against 0.06 s warm on 40,000
         * articles).  Best effort, as the index is right either way. */
        else if (db->committed && PQstatus(db->conn) == CONNECTION_OK)
            PQclear(PQexec(db->conn, "SELECT gin_clean_pending_list(to_regclass('fahras_docs_tsv'))"));
        PQfinish(db->conn);
    }
    pg_pending_free(db);
    fahras_analyzer_free(db->analyzer);
    free(db);
}

static void ignore_notice(void *arg, const char *msg)
{
    (void)arg;
    (void)msg;
}

static int connect_db(fh_backend_db *db, const char *target, fh_err *err)
{
    /* a server that does not answer at all is given up after 10 s (the
     * URL's own connect_timeout, if any, comes after and wins) */
    const char *const keys[] = {"connect_timeout", "dbname", NULL};
    const char *const vals[] = {"10", target, NULL};
    db->conn = PQconnectdbParams(keys, vals, 1);
    if (!db->conn || PQstatus(db->conn) != CONNECTION_OK) {
        char m[400];
        pg_message(db->conn, NULL, m, sizeof m);
        fh_mask_secrets(target, m, sizeof m);
        return fh_fail_kind(err, FH_ERR_UNAVAILABLE, "%s: cannot connect: %s", db->target, m);
    }
    /* Notices ("word is too long to be indexed") are not the user's concern. */
    PQsetNoticeProcessor(db->conn, ignore_notice, NULL);
    if (PQclientEncoding(db->conn) != pg_char_to_encoding("UTF8") &&
        PQsetClientEncoding(db->conn, "UTF8") != 0)
        return fh_fail(err, "%s: cannot use UTF8 as the client encoding", db->target);
    return 0;
}

static int open_store(fh_backend_db *db, int mode, const fh_store_config *cfg, fh_err *err)
{
    PGresult *r = PQexec(db->conn, "SELECT to_regclass('fahras_store_meta') IS NOT NULL");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) return pg_fail(db, r, err, "checking for a fahras store");
    int exists = !strcmp(PQgetvalue(r, 0, 0), "t");
    PQclear(r);
    /* a coordinator's documents are on its shards */
    if (exists) return check_existing(db, cfg->analyzer, err) ? -1 : pg_shards_load(db, err);
    if (mode != FH_STORE_WRITE)
        return fh_fail(err, "%s: no fahras store in this database (create one with fahras index)",
                       db->target);
    if (cfg->analyzer) db->opts = *cfg->analyzer;
    else fahras_options_default(&db->opts);
    fahras_options_describe(&db->opts, db->describe, sizeof db->describe);
    return create_schema(db, err);
}

void pg_close_db(fh_backend_db *db) { pg_close(db); }

/* Open the store at conninfo (a URL or keyword=value pairs), naming it
 * label in every message. */
int pg_open_labeled(const char *conninfo, const char *label, int mode, const fh_store_config *cfg,
                    fh_backend_db **out, fh_err *err)
{
    const char *target = conninfo;
    *out = NULL;
    fh_backend_db *db = calloc(1, sizeof *db);
    if (!db) return fh_fail(err, "out of memory");
    db->timeout_ms = -1;
    snprintf(db->target, sizeof db->target, "%s", label);
    db->mode = mode;
    db->want_spans = mode == FH_STORE_WRITE && !(cfg && cfg->no_entities);
    db->serial_writes = !(cfg && cfg->no_dups && cfg->no_boilerplate);
    fahras_error ferr;
    int rc = connect_db(db, target, err);
    if (!rc) rc = open_store(db, mode, cfg, err);
    if (!rc && !(db->analyzer = fahras_analyzer_new(&db->opts, &ferr)))
        rc = fh_fail(err, "cannot create the analyzer: %s", ferr.message);
    if (rc) {
        pg_close(db);
        return -1;
    }
    *out = db;
    return 0;
}

static int pg_open(const char *target, int mode, const fh_store_config *cfg, fh_backend_db **out,
                   fh_err *err)
{
    char label[256];
    fh_target_shown(target, label, sizeof label);
    return pg_open_labeled(target, label, mode, cfg, out, err);
}

static const fahras_analyzer *pg_analyzer(const fh_backend_db *db) { return db->analyzer; }

/* A session the server closed (restart, shutdown, network): reopened by
 * store.c before the next request. */
static int pg_stale(fh_backend_db *db)
{
    return !db->conn || PQstatus(db->conn) == CONNECTION_BAD;
}

/* The time budget of a read request, as the session's statement_timeout
 * (set once per value, so a request costs no extra round trip). */
static void pg_request_begin(fh_backend_db *db, const fh_budget *b)
{
    long ms = b ? b->ms : 0;
    db->over_budget = 0;
    if (ms == db->timeout_ms) return;
    char sql[64];
    snprintf(sql, sizeof sql, "SET statement_timeout = %ld", ms);
    PGresult *r = PQexec(db->conn, sql);
    if (PQresultStatus(r) == PGRES_COMMAND_OK) db->timeout_ms = ms;
    PQclear(r);
}

static int pg_request_end(fh_backend_db *db, long long *work)
{
    *work = 0;
    return db->over_budget;
}

static const fh_store_backend *pg_variant(fh_backend_db *db)
{
    return db->nshards ? &fh_backend_pg_sharded : NULL;
}

static const char *val_or_null(PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

static int pg_get(fh_backend_db *db, const char *id, size_t max_body, fh_doc_fn fn, void *ctx,
                  int *found, size_t *body_full, fh_err *err)
{
    char limit[32];
    snprintf(limit, sizeof limit, "%zu", max_body);
    const char *vals[2] = {id, limit};
    if (pg_boiler_have(db, err) < 0) return -1;
    /* the body's first characters only, when that is all the caller shows */
    PGresult *r = pg_exec_params(
        db, db->bp_tables
                ? "SELECT id, title, CASE WHEN $2::bigint > 0 THEN left(body, $2::int) ELSE body END, "
                  "date, source, category, url, extra, octet_length(body), boiler FROM fahras_docs "
                  "WHERE id = $1"
                : "SELECT id, title, CASE WHEN $2::bigint > 0 THEN left(body, $2::int) ELSE body END, "
                  "date, source, category, url, extra, octet_length(body), NULL FROM fahras_docs "
                  "WHERE id = $1",
        2, vals);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) return pg_fail(db, r, err, "reading a document");
    *found = PQntuples(r) > 0;
    if (*found) {
        fh_doc d = {0};
#define FIELD(f, col)                                                  \
    d.f = val_or_null(r, 0, col);                                      \
    d.f##_len = d.f ? (size_t)PQgetlength(r, 0, col) : 0;
        FIELD(id, 0) FIELD(title, 1) FIELD(body, 2) FIELD(date, 3) FIELD(source, 4)
        FIELD(category, 5) FIELD(url, 6) FIELD(extra_json, 7) FIELD(mask, 9)
#undef FIELD
        *body_full = (size_t)atoll(PQgetvalue(r, 0, 8));
        fn(ctx, &d);
    }
    PQclear(r);
    return 0;
}

typedef struct values_ctx {
    int (*fn)(void *ctx, const char *value, long count);
    void *ctx;
    int stop;
} values_ctx;

static void add_values(void *ctx, PGresult *r)
{
    values_ctx *v = ctx;
    for (int i = 0; i < PQntuples(r) && !v->stop; i++)
        v->stop = v->fn(v->ctx, PQgetvalue(r, i, 0), atol(PQgetvalue(r, i, 1)));
}

/* Every shard's values too (pg_collection_rows); store.c adds them up. */
int pg_values(fh_backend_db *db, int kind, int (*fn)(void *ctx, const char *value, long count),
              void *ctx, fh_err *err)
{
    values_ctx v = {fn, ctx, 0};
    const char *sql = kind == FH_FILTER_SOURCE
                          ? "SELECT source, count(*) FROM fahras_docs WHERE coalesce(source, '') <> '' GROUP BY source"
                          : "SELECT category, count(*) FROM fahras_docs WHERE coalesce(category, '') <> '' GROUP BY category";
    return pg_collection_rows(db, sql, 0, NULL, add_values, &v, err, "listing values");
}

static int pg_stats(fh_backend_db *db, fh_stats *out, fh_err *err)
{
    PGresult *r = PQexec(db->conn,
                         "SELECT count(*), count(DISTINCT source), coalesce(min(date), ''), "
                         "coalesce(max(date), ''), "
                         "pg_total_relation_size('fahras_docs') FROM fahras_docs");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) return pg_fail(db, r, err, "stats");
    out->documents = atol(PQgetvalue(r, 0, 0));
    out->sources = atol(PQgetvalue(r, 0, 1));
    snprintf(out->date_min, sizeof out->date_min, "%s", PQgetvalue(r, 0, 2));
    snprintf(out->date_max, sizeof out->date_max, "%s", PQgetvalue(r, 0, 3));
    out->size_bytes = atoll(PQgetvalue(r, 0, 4));
    PQclear(r);
    snprintf(out->analyzer_version, sizeof out->analyzer_version, "%d.%d", FAHRAS_VERSION_MAJOR,
             FAHRAS_VERSION_MINOR);
    snprintf(out->analyzer_options, sizeof out->analyzer_options, "%s", db->describe);
    snprintf(out->backend, sizeof out->backend, "postgresql");
    return 0;
}


const fh_store_backend fh_backend_postgres = {
    .name = "postgresql",
    .accepts = fh_pg_target,
    .open = pg_open,
    .close = pg_close,
    .stale = pg_stale,
    .request_begin = pg_request_begin,
    .request_end = pg_request_end,
    .analyzer = pg_analyzer,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .upsert = pg_upsert,
    .planning = pg_planning,
    .search = pg_search,
    .get = pg_get,
    .stats = pg_stats,
    .record_get = pg_record_get,
    .record_set = pg_record_set,
    .values = pg_values,
    .dups_lookup = pg_dups_lookup,
    .dups_get = pg_dups_get,
    .dups_put = pg_dups_put,
    .dups_relabel = pg_dups_relabel,
    .dups_clusters = pg_dups_clusters,
    .hidden_copies = pg_hidden_copies,
    .dups_members = pg_dups_members,
    .put_spans = pg_put_spans,
    .spans_kept = pg_spans_kept,
    .boiler_get = pg_boiler_get,
    .boiler_count = pg_boiler_count,
    .boiler_mark = pg_boiler_mark,
    .boiler_docs = pg_boiler_docs,
    .variants_get = pg_variants_get,
    .variants_put = pg_variants_put,
    .variants_list = pg_variants_list,
    .docs_each = pg_docs_each,
    .variant = pg_variant,
    .shard_init = pg_shard_init,
};
