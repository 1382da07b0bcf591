/*
 * db.c - the SQLite backend's connection: opening or creating a store,
 * its schema and meta records, statistics and documents by id.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "fahras_fts5.h"
#include "filter.h"
#include "sqlite_store.h"

#include "index.h"

/* 3: documents, meta and the store's own index (index.h), the FTS5 table
 * on request, entities as one value a document (spans.c); 2: the same
 * with entities as a row a span (doc_span), made into 3 by a writer's
 * open; 1: the FTS5 index only (still read and written through it). */
#define SCHEMA_VERSION "3"
/* The documents in date order, with the columns a browse counts and
 * facets by: a browse by date or source reads this, not the documents'
 * bodies.  Optional: a store made before it gets it from its next
 * writer, and is read without it until then. */
#define DOCS_DATE_INDEX "CREATE INDEX IF NOT EXISTS docs_date ON docs(date, id, source, category)"
#define SCHEMA_VERSION_ROW_SPANS "2"
#define SCHEMA_VERSION_FTS5_ONLY "1"

/* A store handle belongs to one thread at a time (store.h; the HTTP pool
 * hands each handle to one worker), so the connection needs no mutex of
 * its own: without SQLITE_OPEN_NOMUTEX every call into SQLite (a bind, a
 * step) takes and releases the connection's mutex, about 2 million times
 * for the entity rows of 3,000 articles. */
#define CONN_FLAGS SQLITE_OPEN_NOMUTEX

int sq_db_fail(fh_backend_db *d, fh_err *err, const char *what)
{
    /* A file that reads as corrupt or cannot be read may have been
     * replaced under this connection: the next request opens it again. */
    int code = sqlite3_errcode(d->db) & 0xff;
    if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB || code == SQLITE_IOERR) d->broken = 1;
    return fh_fail(err, "%s: %s: %s", d->path, what, sqlite3_errmsg(d->db));
}

int sq_exec(fh_backend_db *d, const char *sql, fh_err *err)
{
    char *msg = NULL;
    if (sqlite3_exec(d->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fh_fail(err, "%s: %s", d->path, msg ? msg : sqlite3_errmsg(d->db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

int sq_prepare(fh_backend_db *d, sqlite3_stmt **st, const char *sql, fh_err *err)
{
    if (*st) {
        sqlite3_reset(*st);
        sqlite3_clear_bindings(*st);
        return 0;
    }
    if (sqlite3_prepare_v3(d->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
        return sq_db_fail(d, err, "preparing a statement");
    return 0;
}

const char *sq_col_text(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? s : "";
}

void sq_col_hit(sqlite3_stmt *st, fh_hit *hit)
{
    hit->id = sq_col_text(st, 0);
    hit->title = sq_col_text(st, 1);
    hit->date = sq_col_text(st, 2);
    hit->source = sq_col_text(st, 3);
    hit->category = sq_col_text(st, 4);
    hit->url = sq_col_text(st, 5);
}

/* Read meta.key into buf; returns 1 if found, 0 if not, -1 on error. */
static int meta_get(fh_backend_db *d, const char *key, char *buf, size_t cap, fh_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(d->db, "SELECT value FROM meta WHERE key = ?1", -1, &st, NULL))
        return sq_db_fail(d, err, "reading meta");
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st), found = 0;
    if (rc == SQLITE_ROW) {
        snprintf(buf, cap, "%s", (const char *)sqlite3_column_text(st, 0));
        found = 1;
    } else if (rc != SQLITE_DONE) {
        sqlite3_finalize(st);
        return sq_db_fail(d, err, "reading meta");
    }
    sqlite3_finalize(st);
    return found;
}

static int meta_set(fh_backend_db *d, const char *key, const char *value, fh_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(d->db, "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)", -1,
                           &st, NULL))
        return sq_db_fail(d, err, "writing meta");
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : sq_db_fail(d, err, "writing meta");
}

static void analyzer_version(char *buf, size_t cap)
{
    snprintf(buf, cap, "%d.%d", FAHRAS_VERSION_MAJOR, FAHRAS_VERSION_MINOR);
}

/* The FTS5 tokenize argument: fahras with the options' describe string
 * ("fahras=0.2 stem=light ..."), each key=value an SQL literal (FTS5
 * barewords cannot hold '=' or '.'), or a baseline tokenizer. */
static int tokenize_arg(const char *describe, const char *baseline, char *out, size_t cap,
                        fh_err *err)
{
    if (baseline && *baseline && strcmp(baseline, "fahras")) {
        if (strlen(baseline) > 80 || strchr(baseline, '"') || strchr(baseline, '\''))
            return fh_fail(err, "bad baseline tokenizer '%.80s'", baseline);
        snprintf(out, cap, "%s", baseline);
        return 0;
    }
    size_t n = (size_t)snprintf(out, cap, "fahras");
    for (const char *p = describe; *p && n < cap;) {
        size_t w = strcspn(p, " ");
        n += (size_t)snprintf(out + n, cap - n, " '%.*s'", (int)w, p);
        p += w;
        while (*p == ' ') p++;
    }
    return 0;
}

/* Is there a table named meta?  1 yes, 0 no, -1 error (err filled). */
static int has_meta(fh_backend_db *d, fh_err *err)
{
    sqlite3_stmt *st = NULL;
    int n = -1;
    if (sqlite3_prepare_v2(d->db,
                           "SELECT count(*) FILTER (WHERE name = 'meta'), count(*) "
                           "FROM sqlite_schema WHERE type = 'table'",
                           -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0) > 0 ? 1 : sqlite3_column_int(st, 1) > 0 ? 2 : 0;
    sqlite3_finalize(st);
    if (n < 0) {
        int code = sqlite3_errcode(d->db) & 0xff;
        if (code == SQLITE_NOTADB) return fh_fail(err, "%s: not an SQLite database", d->path);
        return sq_db_fail(d, err, "reading the schema");
    }
    if (n == 2) return fh_fail(err, "%s: not a fahras database", d->path);
    return n;
}

/* Create the schema inside one immediate transaction.  Another process
 * may have created it while this one waited for the lock, which the check
 * inside the transaction sees: then *created is 0 and the caller reads the
 * store as it exists. */
static int create_schema(fh_backend_db *d, const fh_store_config *cfg, int *created, fh_err *err)
{
    char tokenize[300], describe[256], version[16], sql[1200];
    *created = 0;
    analyzer_version(version, sizeof version);
    fahras_options_describe(&d->opts, describe, sizeof describe);
    if (tokenize_arg(describe, cfg->baseline_tokenizer, tokenize, sizeof tokenize, err)) return -1;
    if (sq_exec(d, "BEGIN IMMEDIATE", err)) return -1;
    int have = has_meta(d, err);
    if (have != 0) {
        sq_exec(d, have > 0 ? "COMMIT" : "ROLLBACK", NULL);
        return have > 0 ? 0 : -1;
    }
    snprintf(d->tokenizer, sizeof d->tokenizer, "%.*s", (int)strcspn(tokenize, " "), tokenize);
    /* the store's own index, unless a baseline tokenizer is asked for (FTS5
     * only); the FTS5 table besides it on request */
    int own = sq_is_fahras(d), fts = !own || cfg->fts5;
    char fts_sql[512] = "";
    if (fts)
        snprintf(fts_sql, sizeof fts_sql,
                 "CREATE VIRTUAL TABLE fts USING fts5(title, body, content='docs',"
                 " content_rowid='rowid', tokenize=\"%s\");",
                 tokenize);
    snprintf(sql, sizeof sql,
             "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
             "CREATE TABLE docs(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
             " title TEXT NOT NULL DEFAULT '', body TEXT NOT NULL, date TEXT, source TEXT,"
             " category TEXT, url TEXT, extra TEXT);" DOCS_DATE_INDEX ";%s",
             fts_sql);
    if (sq_exec(d, sql, err) || (own && fh_index_create_schema(d->db, err)) ||
        meta_set(d, "schema_version", own ? SCHEMA_VERSION : SCHEMA_VERSION_FTS5_ONLY, err) ||
        meta_set(d, "analyzer_version", version, err) ||
        meta_set(d, "analyzer_options", describe, err) ||
        meta_set(d, "tokenizer", d->tokenizer, err) || sq_exec(d, "COMMIT", err)) {
        sq_exec(d, "ROLLBACK", NULL);
        return -1;
    }
    *created = 1;
    return 0;
}

/* Check an existing store against this program and the requested options;
 * fills d->opts with the store's own. */
static int check_existing(fh_backend_db *d, const fahras_options *asked, fh_err *err)
{
    char version[64], mine[16], describe[256], schema[16];
    analyzer_version(mine, sizeof mine);
    if (meta_get(d, "schema_version", schema, sizeof schema, err) != 1 ||
        meta_get(d, "analyzer_version", version, sizeof version, err) != 1 ||
        meta_get(d, "analyzer_options", describe, sizeof describe, err) != 1 ||
        meta_get(d, "tokenizer", d->tokenizer, sizeof d->tokenizer, err) != 1)
        return fh_fail(err, "%s: not a fahras database (no analyzer record)", d->path);
    d->row_spans = !strcmp(schema, SCHEMA_VERSION_ROW_SPANS);
    if (strcmp(schema, SCHEMA_VERSION) && strcmp(schema, SCHEMA_VERSION_FTS5_ONLY) && !d->row_spans)
        return fh_fail(err, "%s: database schema %s, this fahras reads schema %s: rebuild it "
                            "with `fahras index NEW.db FILE...`", d->path, schema, SCHEMA_VERSION);
    /* the describe string without its version stamp, to read the options
     * even when the version differs */
    const char *opts = strchr(describe, ' ');
    fahras_options_default(&d->opts);
    if (fahras_options_parse(&d->opts, opts ? opts : "", NULL) != FAHRAS_OK)
        return fh_fail(err, "%s: cannot read the store's analyzer options '%s'", d->path, describe);
    char spec[300];
    fahras_options_spec(&d->opts, spec, sizeof spec);
    if (strcmp(version, mine))
        return fh_fail(err, "%s: built with fahras analyzer %s, this fahras has analyzer %s; "
                            "keys differ between versions, so rebuild the index: "
                            "`fahras index --options %s NEW.db FILE...`",
                       d->path, version, mine, spec);
    if (asked) {
        char want[256];
        fahras_options_describe(asked, want, sizeof want);
        if (strcmp(want, describe)) {
            char asked_spec[300];
            fahras_options_spec(asked, asked_spec, sizeof asked_spec);
            return fh_fail(err, "%s: built with analyzer options '%s' (%s), not '%s'; use it "
                                "without --options, or rebuild it with those options: "
                                "`fahras index --options %s NEW.db FILE...`",
                           d->path, spec, describe, asked_spec, asked_spec);
        }
    }
    return 0;
}

static void sq_close(fh_backend_db *d)
{
    if (!d) return;
    sq_index_close(d);
    sq_span_cache_free(d->span_cache);
    if (d->clustered) sq_clustered_free(d->clustered);
    free(d->clustered);
    /* keys still in memory: written now (else made again on the next write) */
    if (sq_pending_count(d) && sqlite3_get_autocommit(d->db) && !sq_exec(d, "BEGIN IMMEDIATE", NULL)) {
        if (sq_dups_commit(d, 1, NULL) || sq_exec(d, "COMMIT", NULL)) sq_exec(d, "ROLLBACK", NULL);
    }
    sq_pending_free(d);
    sq_filter_free(d->dup_filter);
    sqlite3_stmt *all[] = {d->st_find,       d->st_insert, d->st_update, d->st_fts_insert,
                           d->st_fts_delete, d->st_df,     d->st_count,  d->st_row,  d->st_row_meta,
                           d->st_row_id,
                           d->st_read_begin, d->st_read_end,
                           d->st_dup_lookup, d->st_dup_delkeys, d->st_dup_put, d->st_dup_key,
                           d->st_dup_keys,
                           d->st_dup_get,    d->st_var_have, d->st_var_get, d->st_var_dv, d->st_dup_byrow,
                           d->st_span_doc,   d->st_span_del, d->st_span_put,
                           d->st_span_rows,  d->st_ent_del, d->st_event_del,
                           d->st_dup_members, d->st_savepoint, d->st_release};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) sqlite3_finalize(all[i]);
    for (int i = 0; i < SQ_BP_STMTS; i++) sqlite3_finalize(d->st_bp[i]);
    for (int i = 0; i < SQ_SPAN_PUTS; i++) {
        sqlite3_finalize(d->st_ent_put[i]);
        sqlite3_finalize(d->st_event_put[i]);
    }
    sqlite3_finalize(d->st_mask_put);
    sqlite3_finalize(d->st_get);
    sqlite3_finalize(d->st_mask_put_none);
    sqlite3_close(d->db);
    fahras_fts5_analyzer_release(d->an);
    free(d->path);
    free(d->wrote_id);
    free(d);
}

/* WAL mode.  Two connections switching a new database to WAL at once may
 * meet a lock SQLite gives up on at once rather than wait (one holds what
 * the other needs to change the mode): the switch is tried again. */
static int set_wal(fh_backend_db *d, fh_err *err)
{
    for (int attempt = 0;; attempt++) {
        int rc = sqlite3_exec(d->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
        if (rc == SQLITE_OK) return 0;
        if ((rc & 0xff) != SQLITE_BUSY || attempt == 200) return sq_db_fail(d, err, "setting WAL mode");
        sqlite3_sleep(10 + attempt % 20);
    }
}

/* Connection settings: WAL, and for searches a larger page cache (they
 * walk long doclists).  No memory map: a file mapped by a reader that
 * another program truncates (a new database copied over it) kills the
 * reader with SIGBUS on its next access, and no reader can stop that;
 * reads through the page cache fail with an error instead.  Indexing
 * keeps a 16 MB page cache: bounded, and the boilerplate line table,
 * keyed by hash, is written at random pages (the small default cache
 * read them back from the file for each document). */
static int configure(fh_backend_db *d, int mode, fh_err *err)
{
    sqlite3_extended_result_codes(d->db, 1);
    sqlite3_busy_timeout(d->db, 10000);
    if (sq_exec(d, "PRAGMA mmap_size = 0;", err)) return -1;
    if (sq_exec(d, mode == FH_STORE_READ ? "PRAGMA cache_size = -32768;" : "PRAGMA cache_size = -16384;", err))
        return -1;
    char *msg = NULL;
    if (fahras_fts5_register(d->db, &msg) != SQLITE_OK) {
        fh_fail(err, "%s", msg ? msg : "cannot register the fahras tokenizer");
        sqlite3_free(msg);
        return -1;
    }
    /* WAL: readers beside a writer; synchronous=NORMAL keeps every commit
     * atomic across a killed process (only a power cut may lose the last
     * commits, never half a document). */
    if (mode == FH_STORE_WRITE && (set_wal(d, err) || sq_exec(d, "PRAGMA synchronous=NORMAL;", err)))
        return -1;
    return 0;
}

/* The file's identity and size, recorded to notice it replaced. */
static void note_file(fh_backend_db *d, const struct stat *sb)
{
    d->dev = (unsigned long long)sb->st_dev;
    d->ino = (unsigned long long)sb->st_ino;
    if ((long long)sb->st_size > d->size) d->size = (long long)sb->st_size;
    d->mtime_ns = (long long)sb->st_mtim.tv_sec * 1000000000LL + sb->st_mtim.tv_nsec;
}

/* The path as an SQLite URI asking for immutable=1. */
static char *immutable_uri(const char *path)
{
    size_t n = strlen(path);
    char *u = malloc(n * 3 + 32);
    if (!u) return NULL;
    char *o = u + sprintf(u, "file:");
    for (const char *p = path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#') o += sprintf(o, "%%%02X", (unsigned char)*p);
        else *o++ = *p;
    }
    strcpy(o, "?immutable=1");
    return u;
}

/* A database this user may read but whose directory it may not write:
 * SQLite cannot create the WAL index (-shm) a WAL database is read
 * through.  With no -wal file the database file holds every commit, so
 * it is opened as immutable (no -shm, no locks); sq_stale notices a
 * later change of the file and opens it again.  With a -wal file its
 * latest commits are only there, and cannot be read without a -shm. */
static int reopen_immutable(fh_backend_db *d, fh_err *err)
{
    char wal[4096];
    struct stat sb;
    snprintf(wal, sizeof wal, "%s-wal", d->path);
    if (stat(wal, &sb) == 0 && sb.st_size > 0)
        return fh_fail_kind(err, FH_ERR_UNAVAILABLE,
                            "%s: cannot be read by this user: its latest changes are in %s, "
                            "which needs a %s-shm file this user cannot create in that directory; "
                            "let its owner finish writing it (or run `sqlite3 %s 'PRAGMA "
                            "wal_checkpoint(TRUNCATE)'`), or give this user write access to the "
                            "directory",
                            d->path, wal, d->path, d->path);
    sqlite3_close(d->db);
    d->db = NULL;
    char *uri = immutable_uri(d->path);
    if (!uri) return fh_fail(err, "out of memory");
    int rc = sqlite3_open_v2(uri, &d->db, CONN_FLAGS | SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
    free(uri);
    if (rc != SQLITE_OK)
        return fh_fail(err, "%s: cannot open: %s", d->path, d->db ? sqlite3_errmsg(d->db) : "out of memory");
    sqlite3_extended_result_codes(d->db, 1);
    d->immutable = 1;
    d->broken = 0;
    return 0;
}

/* Open the connection and find whether it holds a store: 1, 0 (an empty
 * database), -1 (err filled). */
static int connect_file(fh_backend_db *d, int mode, fh_err *err)
{
    int flags = CONN_FLAGS | (mode == FH_STORE_READ ? SQLITE_OPEN_READONLY
                                                    : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (sqlite3_open_v2(d->path, &d->db, flags, NULL) != SQLITE_OK)
        return fh_fail(err, "%s: cannot open: %s", d->path,
                       d->db ? sqlite3_errmsg(d->db) : "out of memory");
    sqlite3_extended_result_codes(d->db, 1);
    sqlite3_busy_timeout(d->db, 10000);
    fh_err probe_err;
    int have = has_meta(d, &probe_err);
    int code = sqlite3_errcode(d->db) & 0xff;
    if (have < 0 && mode == FH_STORE_READ && (code == SQLITE_READONLY || code == SQLITE_CANTOPEN)) {
        if (reopen_immutable(d, err)) return -1;
        have = has_meta(d, &probe_err);
    }
    if (have < 0) *err = probe_err;
    return have;
}

static int sq_open(const char *target, int mode, const fh_store_config *cfg, fh_backend_db **out,
                   fh_err *err)
{
    *out = NULL;
    fh_backend_db *d = calloc(1, sizeof *d);
    if (!d || !(d->path = strdup(target))) {
        free(d);
        return fh_fail(err, "out of memory");
    }
    d->mode = mode;
    struct stat sb;
    int rc = 0, have = -1;
    if (mode == FH_STORE_READ && stat(target, &sb) != 0)
        rc = fh_fail(err, "%s: no such database (create it with `fahras index %s FILE...`)", target,
                     target);
    if (!rc && (have = connect_file(d, mode, err)) < 0) rc = -1;
    if (!rc) rc = configure(d, mode, err);
    if (!rc && have == 0 && mode == FH_STORE_READ)
        rc = fh_fail(err, "%s: not a fahras database", target);
    if (!rc && have == 0) { /* an empty database becomes a store */
        int created = 0;
        fahras_options def;
        fahras_options_default(&def);
        d->opts = cfg->analyzer ? *cfg->analyzer : def;
        rc = create_schema(d, cfg, &created, err);
        if (!rc && !created) have = 1;
    }
    if (!rc && have == 1) rc = check_existing(d, cfg->analyzer, err);
    /* a writer makes an older store's entities into the current tables */
    if (!rc && have == 1 && mode != FH_STORE_READ) rc = sq_spans_ready(d, err);
    if (!rc && d->row_spans && mode != FH_STORE_READ) rc = meta_set(d, "schema_version", SCHEMA_VERSION, err);
    if (!rc && have == 1 && mode != FH_STORE_READ) rc = sq_exec(d, DOCS_DATE_INDEX, err);
    fahras_error ferr;
    fahras_options an_opts = d->opts;
    an_opts.utf8 = FAHRAS_UTF8_REPLACE; /* as the tokenizer: queries are checked before */
    if (!rc && !(d->an = fahras_fts5_analyzer_acquire(&an_opts, &ferr)))
        rc = fh_fail(err, "%s: cannot create the analyzer: %s", target, ferr.message);
    if (!rc) rc = sq_register_exact(d, err);
    if (!rc) rc = sq_index_open(d, mode, cfg->fts5, err);
    if (!rc && sq_boiler_have(d, err) < 0) rc = -1;
    if (!rc && stat(target, &sb) == 0) note_file(d, &sb);
    if (rc) {
        sq_close(d);
        return -1;
    }
    *out = d;
    return 0;
}

/* Whether the file at the path is still the one this connection reads:
 * not when it was renamed over or removed (another inode), truncated
 * (a database copied over it in place), changed at all for an immutable
 * connection, its index directory replaced, or found corrupt by SQLite.  Indexing only ever grows the
 * file, so a larger size is noted, not a change. */
static int sq_stale(fh_backend_db *d)
{
    struct stat sb;
    if (d->broken || stat(d->path, &sb) != 0) return 1;
    if ((unsigned long long)sb.st_dev != d->dev || (unsigned long long)sb.st_ino != d->ino ||
        (long long)sb.st_size < d->size)
        return 1;
    if (fh_index_replaced(d->ix)) return 1;
    long long mtime = (long long)sb.st_mtim.tv_sec * 1000000000LL + sb.st_mtim.tv_nsec;
    if (d->immutable && ((long long)sb.st_size != d->size || mtime != d->mtime_ns)) return 1;
    note_file(d, &sb);
    return 0;
}

static double mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Every FH_BUDGET_CHECK_STEPS steps of the virtual machine: non-zero
 * interrupts the statement (SQLITE_INTERRUPT) once the request is over
 * its budget. */
static int on_progress(void *ctx)
{
    fh_backend_db *d = ctx;
    d->steps += FH_BUDGET_CHECK_STEPS;
    if ((d->budget.steps && d->steps > d->budget.steps) ||
        (d->budget.ms && mono_s() > d->deadline))
        d->over_budget = 1;
    return d->over_budget;
}

int sq_spend(void *ctx, uint64_t more)
{
    fh_backend_db *d = ctx;
    d->steps += (long long)more;
    if ((d->budget.steps && d->steps > d->budget.steps) ||
        (d->budget.ms && mono_s() > d->deadline))
        d->over_budget = 1;
    return d->over_budget;
}

static void sq_request_begin(fh_backend_db *d, const fh_budget *b)
{
    d->steps = 0;
    d->over_budget = 0;
    d->in_request = 1;
    fh_index_request(d->ix, 1);
    /* one read transaction for the whole request: its statements read one
     * version of the database, and take the file's read lock once (each
     * statement on its own would lock, stat and unlock it) */
    d->request_txn = 0;
    if (sqlite3_get_autocommit(d->db) && !sq_prepare(d, &d->st_read_begin, "BEGIN", NULL)) {
        d->request_txn = sqlite3_step(d->st_read_begin) == SQLITE_DONE;
        sqlite3_reset(d->st_read_begin);
    }
    d->var_have = -1;
    memset(&d->budget, 0, sizeof d->budget);
    if (b) d->budget = *b;
    if (d->budget.ms) d->deadline = mono_s() + (double)d->budget.ms / 1e3;
    /* counted always (the cost is a call every FH_BUDGET_CHECK_STEPS steps) */
    sqlite3_progress_handler(d->db, FH_BUDGET_CHECK_STEPS, on_progress, d);
}

static int sq_request_end(fh_backend_db *d, long long *work)
{
    sqlite3_progress_handler(d->db, 0, NULL, NULL);
    d->in_request = 0;
    fh_index_request(d->ix, 0);
    if (d->request_txn && !sqlite3_get_autocommit(d->db)) {
        /* a read ends: COMMIT fails only where a statement is still
         * running; then ROLLBACK ends it */
        int rc = sq_prepare(d, &d->st_read_end, "COMMIT", NULL) ? SQLITE_ERROR : sqlite3_step(d->st_read_end);
        if (d->st_read_end) sqlite3_reset(d->st_read_end);
        if (rc != SQLITE_DONE) sqlite3_exec(d->db, "ROLLBACK", NULL, NULL, NULL);
    }
    d->request_txn = 0;
    *work = d->steps;
    return d->over_budget;
}

static const fahras_analyzer *sq_analyzer(const fh_backend_db *d)
{
    return d->an;
}

static int sq_get(fh_backend_db *d, const char *id, size_t max_body, fh_doc_fn fn, void *ctx,
                  int *found, size_t *body_full, fh_err *err)
{
    char mask[96], sql[400];
    snprintf(mask, sizeof mask, sq_boiler_mask_sql(d), "docs.rowid");
    /* the body's first bytes only, when that is all the caller shows */
    snprintf(sql, sizeof sql,
             "SELECT id, title, CASE WHEN ?2 > 0 THEN substr(CAST(body AS BLOB), 1, ?2) "
             "ELSE body END, date, source, category, url, extra, "
             "length(CAST(body AS BLOB)), %s FROM docs WHERE id = ?1", mask);
    /* kept while the masks' table stays as it was (a writer makes it) */
    if (d->st_get && d->st_get_masks != d->bp_tables) {
        sqlite3_finalize(d->st_get);
        d->st_get = NULL;
    }
    d->st_get_masks = d->bp_tables;
    if (sq_prepare(d, &d->st_get, sql, err)) return -1;
    sqlite3_stmt *st = d->st_get;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)max_body);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        fh_doc doc;
        const char **fields[] = {&doc.id,     &doc.title,    &doc.body, &doc.date,
                                 &doc.source, &doc.category, &doc.url,  &doc.extra_json};
        size_t *lens[] = {&doc.id_len,     &doc.title_len,    &doc.body_len, &doc.date_len,
                          &doc.source_len, &doc.category_len, &doc.url_len,  &doc.extra_json_len};
        for (int i = 0; i < 8; i++) {
            *fields[i] = (const char *)sqlite3_column_text(st, i);
            *lens[i] = (size_t)sqlite3_column_bytes(st, i);
        }
        doc.mask = (const char *)sqlite3_column_text(st, 9);
        doc.mask_len = (size_t)sqlite3_column_bytes(st, 9);
        *found = 1;
        *body_full = (size_t)sqlite3_column_int64(st, 8);
        fn(ctx, &doc);
    } else if (step != SQLITE_DONE) {
        int rc = sq_db_fail(d, err, "reading the document");
        sqlite3_reset(st);
        return rc;
    }
    sqlite3_reset(st);
    return 0;
}

static int sq_values(fh_backend_db *d, int kind, int (*fn)(void *ctx, const char *value, long count),
                     void *ctx, fh_err *err)
{
    sqlite3_stmt *st;
    const char *sql = kind == FH_FILTER_SOURCE
                          ? "SELECT source, count(*) FROM docs WHERE coalesce(source, '') <> '' GROUP BY source"
                          : "SELECT category, count(*) FROM docs WHERE coalesce(category, '') <> '' GROUP BY category";
    if (sqlite3_prepare_v2(d->db, sql, -1, &st, NULL) != SQLITE_OK) return sq_db_fail(d, err, "listing values");
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        if (fn(ctx, sq_col_text(st, 0), (long)sqlite3_column_int64(st, 1))) break;
    sqlite3_finalize(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE) return sq_db_fail(d, err, "listing values");
    return 0;
}

static int sq_stats(fh_backend_db *d, fh_stats *out, fh_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(d->db,
                           "SELECT count(*), count(DISTINCT source), min(NULLIF(date, '')), "
                           "max(NULLIF(date, '')) FROM docs",
                           -1, &st, NULL) != SQLITE_OK)
        return sq_db_fail(d, err, "reading statistics");
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return sq_db_fail(d, err, "reading statistics");
    }
    out->documents = (long)sqlite3_column_int64(st, 0);
    out->sources = (long)sqlite3_column_int64(st, 1);
    snprintf(out->date_min, sizeof out->date_min, "%s", sq_col_text(st, 2));
    snprintf(out->date_max, sizeof out->date_max, "%s", sq_col_text(st, 3));
    sqlite3_finalize(st);
    struct stat sb;
    char wal[4096];
    if (stat(d->path, &sb) == 0) out->size_bytes = (long long)sb.st_size;
    snprintf(wal, sizeof wal, "%s-wal", d->path);
    if (stat(wal, &sb) == 0) out->size_bytes += (long long)sb.st_size;
    char version[32], describe[256];
    if (meta_get(d, "analyzer_version", version, sizeof version, err) < 0 ||
        meta_get(d, "analyzer_options", describe, sizeof describe, err) < 0)
        return -1;
    snprintf(out->analyzer_version, sizeof out->analyzer_version, "%s", version);
    snprintf(out->analyzer_options, sizeof out->analyzer_options, "%s", describe);
    if (!sq_is_fahras(d))
        snprintf(out->analyzer_options, sizeof out->analyzer_options, "tokenizer=%s", d->tokenizer);
    snprintf(out->backend, sizeof out->backend, "sqlite");
    return 0;
}

static int sq_accepts(const char *target)
{
    (void)target;
    return 1; /* any path; URLs are taken by the backends before it */
}

const fh_store_backend fh_backend_sqlite = {
    .name = "sqlite",
    .accepts = sq_accepts,
    .open = sq_open,
    .close = sq_close,
    .stale = sq_stale,
    .request_begin = sq_request_begin,
    .request_end = sq_request_end,
    .analyzer = sq_analyzer,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .upsert = sq_upsert,
    .planning = sq_planning,
    .search = sq_search,
    .get = sq_get,
    .stats = sq_stats,
    .record_get = meta_get,
    .record_set = meta_set,
    .values = sq_values,
    .dups_lookup = sq_dups_lookup,
    .dups_get = sq_dups_get,
    .dups_put = sq_dups_put,
    .dups_relabel = sq_dups_relabel,
    .dups_clusters = sq_dups_clusters,
    .hidden_copies = sq_hidden_copies,
    .dups_members = sq_dups_members,
    .put_spans = sq_put_spans,
    .spans_kept = sq_spans_kept,
    .boiler_get = sq_boiler_get,
    .boiler_count = sq_boiler_count,
    .boiler_mark = sq_boiler_mark,
    .boiler_docs = sq_boiler_docs,
    .variants_get = sq_variants_get,
    .variants_put = sq_variants_put,
    .variants_list = sq_variants_list,
    .docs_each = sq_docs_each,
};
