/*
 * store_pg.c - the PostgreSQL backend of the document store (libpq), for
 * `fahras index/search/stats` on postgresql:// URLs.
 *
 * Schema (created on first write, in the URL's database and the
 * connection's default schema):
 *   extension fahras            parser, dictionary, fahras_bm25, statistics tables
 *   fahras_store_meta(key, value)  analyzer version and options of the store
 *   fahras_store_dict / fahras_store  dictionary (the store's options, exact
 *                                  forms on) and text search configuration
 *   fahras_docs(id, title, body, date, source, category, url, extra, tsv)
 *                                  tsv = title (labelled A) and body through
 *                                  fahras_store, GIN-indexed; BM25 statistics in the
 *                                  extension's tables (collection
 *                                  'fahras_docs'), updated once per batch
 *                                  (see apply_batch_stats)
 *
 * Queries are compiled here, with the store's own analyzer, to a tsquery
 * of keys (words), exact forms '=norm' (phrases) and prefixes; the server
 * matches with the GIN index, ranks with fahras_bm25 and marks snippets
 * with ts_headline, so the words highlighted are the original ones.
 *
 * Inside a batch (begin..commit) a document the server refuses is reported
 * and skipped, the rest of the batch stands (upsert_one).
 */
#include <libpq-fe.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spelling.h"
#include "store_backend.h"

#define COLLECTION "fahras_docs"
/* A title word counts as much as this many body words (BM25 term
 * frequency; the SQLite store's BM25F title weight). */
#define TITLE_WEIGHT "2"
#define SNIPPET_OPTS                                                                    \
    "StartSel=\"" FH_MARK_OPEN "\", StopSel=\"" FH_MARK_CLOSE "\", MaxWords=30, "     \
    "MinWords=12, ShortWord=1, MaxFragments=2, FragmentDelimiter=\" ... \""

struct fh_backend_db {
    PGconn *conn;
    fahras_analyzer *analyzer;
    fahras_options opts;
    int in_tx;
    int batch_tables; /* the session's temporary tables exist */
    int upsert_prepared;
    /* Copies of the documents written in the open batch (see upsert_one). */
    struct pending_doc *pend;
    size_t npend, cappend;
    char batch_lost[400]; /* set when a replay failed: commit refuses */
    char target[128]; /* URL without password, for messages */
};

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

/* The URL as shown in messages: the password, if any, replaced by ***. */
static void redact_url(const char *url, char *out, size_t cap)
{
    const char *scheme = strstr(url, "://");
    const char *at = strchr(url, '@');
    const char *colon = scheme ? strchr(scheme + 3, ':') : NULL;
    if (scheme && at && colon && colon < at)
        snprintf(out, cap, "%.*s:***%s", (int)(colon - url), url, at);
    else snprintf(out, cap, "%s", url);
}

/* First line of the server's message, without the trailing newline. */
static const char *pg_message(PGconn *c, const PGresult *r, char *buf, size_t cap)
{
    const char *m = r ? PQresultErrorMessage(r) : NULL;
    if (!m || !*m) m = PQerrorMessage(c);
    snprintf(buf, cap, "%s", m ? m : "unknown error");
    size_t n = strlen(buf);
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' ')) buf[--n] = '\0';
    return buf;
}

static int pg_fail(fh_backend_db *db, PGresult *r, fh_err *err, const char *what)
{
    char m[400];
    pg_message(db->conn, r, m, sizeof m);
    PQclear(r);
    return fh_fail(err, "%s: %s: %s", db->target, what, m);
}

/* Run a command without results. */
static int exec_cmd(fh_backend_db *db, const char *sql, fh_err *err, const char *what)
{
    PGresult *r = PQexec(db->conn, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        return pg_fail(db, r, err, what);
    PQclear(r);
    return 0;
}

/* Run a parameterized query (text parameters, text results). */
static PGresult *exec_params(fh_backend_db *db, const char *sql, int n, const char *const *vals,
                             const int *lens)
{
    int fmts[16] = {0};
    return PQexecParams(db->conn, sql, n, NULL, vals, lens, lens ? fmts : NULL, 0);
}


/* ------------------------------------------------------------------ */
/* Open / close                                                        */
/* ------------------------------------------------------------------ */

static const char *opts_desc(const fahras_options *o, char *buf, size_t cap)
{
    fahras_options_describe(o, buf, cap);
    return buf;
}

/* Read one meta value into out; *found = 0 when absent. */
static int meta_get(fh_backend_db *db, const char *key, char *out, size_t cap, int *found,
                    fh_err *err)
{
    const char *vals[1] = {key};
    PGresult *r = exec_params(db, "SELECT value FROM fahras_store_meta WHERE key = $1", 1, vals,
                              NULL);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) return pg_fail(db, r, err, "reading the store's options");
    *found = PQntuples(r) > 0;
    if (*found) snprintf(out, cap, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    return 0;
}

/* Parse a stored options description ("stem=light norm=0x1fff ...") back. */
static int opts_from_desc(const char *desc, fahras_options *o)
{
    fahras_options_default(o);
    char buf[256];
    snprintf(buf, sizeof buf, "%s", desc);
    for (char *save = NULL, *item = strtok_r(buf, " ,", &save); item;
         item = strtok_r(NULL, " ,", &save)) {
        char *eq = strchr(item, '=');
        if (!eq) return -1;
        *eq = '\0';
        const char *k = item, *v = eq + 1;
        if (!strcmp(k, "fahras")) continue; /* the version, checked apart */
        if (!strcmp(k, "hashtag_parts") && (!strcmp(v, "0") || !strcmp(v, "1")))
            v = *v == '1' ? "on" : "off";
        if (!strcmp(k, "norm") && v[0] == '0' && v[1] == 'x') {
            char *end;
            unsigned long n = strtoul(v + 2, &end, 16);
            if (*end || (n & ~(unsigned long)FAHRAS_NORM_ALL)) return -1;
            o->norm = (unsigned)n;
        } else if (fahras_options_set(o, k, v, NULL) != FAHRAS_OK) {
            return -1;
        }
    }
    return 0;
}

/* The dictionary options that reproduce o (every rule spelled out). */
static void dict_options_sql(const fahras_options *o, sbuf *b)
{
    static const struct { const char *name; unsigned flag; } rules[] = {
        {"diacritics", FAHRAS_NORM_DIACRITICS}, {"tatweel", FAHRAS_NORM_TATWEEL},
        {"alef", FAHRAS_NORM_ALEF}, {"alef_maqsura", FAHRAS_NORM_ALEF_MAQSURA},
        {"teh_marbuta", FAHRAS_NORM_TEH_MARBUTA}, {"hamza", FAHRAS_NORM_HAMZA},
        {"persian", FAHRAS_NORM_PERSIAN}, {"presentation", FAHRAS_NORM_PRESENTATION},
        {"digits", FAHRAS_NORM_DIGITS}, {"punct", FAHRAS_NORM_PUNCT},
        {"controls", FAHRAS_NORM_CONTROLS}, {"spaces", FAHRAS_NORM_SPACES},
        {"latin_case", FAHRAS_NORM_LATIN_CASE},
    };
    static const char *stems[] = {"none", "clitics", "light"};
    char tmp[64];
    snprintf(tmp, sizeof tmp, ", stem = '%s'", stems[o->stem >= 0 && o->stem <= 2 ? o->stem : 2]);
    fh_sb_str(b, tmp);
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        snprintf(tmp, sizeof tmp, ", %s = '%s'", rules[i].name, (o->norm & rules[i].flag) ? "on" : "off");
        fh_sb_str(b, tmp);
    }
    fh_sb_str(b, o->hashtag_parts ? ", hashtag_parts = 'on'" : ", hashtag_parts = 'off'");
}

static int create_schema(fh_backend_db *db, fh_err *err)
{
    char desc[256], ver[32];
    snprintf(ver, sizeof ver, "%d.%d", FAHRAS_VERSION_MAJOR, FAHRAS_VERSION_MINOR);
    opts_desc(&db->opts, desc, sizeof desc);
    sbuf b = {0};
    fh_sb_str(&b,
           "BEGIN;"
           "CREATE EXTENSION IF NOT EXISTS fahras;"
           "CREATE TABLE fahras_store_meta (key text PRIMARY KEY, value text NOT NULL);"
           /* left over from a store dropped without them: ours, by name */
           "DROP TEXT SEARCH CONFIGURATION IF EXISTS fahras_store;"
           "DROP TEXT SEARCH DICTIONARY IF EXISTS fahras_store_dict;"
           "CREATE TEXT SEARCH DICTIONARY fahras_store_dict (TEMPLATE = fahras_template, exact = on");
    dict_options_sql(&db->opts, &b);
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
           "SELECT fahras_bm25_refresh('" COLLECTION "', 'fahras_docs', 'tsv');");
    PGresult *r;
    if (b.oom) {
        free(b.p);
        return fh_fail(err, "out of memory");
    }
    r = PQexec(db->conn, b.p);
    free(b.p);
    if (PQresultStatus(r) != PGRES_TUPLES_OK && PQresultStatus(r) != PGRES_COMMAND_OK) {
        char m[400];
        pg_message(db->conn, r, m, sizeof m);
        PQclear(r);
        PQclear(PQexec(db->conn, "ROLLBACK"));
        return fh_fail(err, "%s: creating the fahras store: %s%s", db->target, m,
                       strstr(m, "extension") ? " (install it on the server: make pg-install)"
                                              : "");
    }
    PQclear(r);
    const char *vals[2] = {ver, desc};
    r = exec_params(db,
                    "INSERT INTO fahras_store_meta VALUES ('analyzer_version', $1), "
                    "('analyzer_options', $2)",
                    2, vals, NULL);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        pg_fail(db, r, err, "writing the store's options");
        PQclear(PQexec(db->conn, "ROLLBACK"));
        return -1;
    }
    PQclear(r);
    return exec_cmd(db, "COMMIT", err, "creating the fahras store");
}

static void pending_clear(fh_backend_db *db);

static void pg_close(fh_backend_db *db)
{
    if (!db) return;
    if (db->conn) {
        if (db->in_tx) PQclear(PQexec(db->conn, "ROLLBACK"));
        PQfinish(db->conn);
    }
    pending_clear(db);
    free(db->pend);
    fahras_analyzer_free(db->analyzer);
    free(db);
}

static void ignore_notice(void *arg, const char *msg)
{
    (void)arg;
    (void)msg;
}

static int pg_open(const char *target, int mode, const fahras_options *opts, fh_backend_db **out,
                   fh_err *err)
{
    *out = NULL;
    fh_backend_db *db = calloc(1, sizeof *db);
    if (!db) return fh_fail(err, "out of memory");
    redact_url(target, db->target, sizeof db->target);
    db->conn = PQconnectdb(target);
    if (!db->conn || PQstatus(db->conn) != CONNECTION_OK) {
        char m[400];
        pg_message(db->conn, NULL, m, sizeof m);
        fh_fail(err, "%s: cannot connect: %s", db->target, m);
        pg_close(db);
        return -1;
    }
    /* Notices ("word is too long to be indexed") are not the user's concern. */
    PQsetNoticeProcessor(db->conn, ignore_notice, NULL);
    if (PQclientEncoding(db->conn) != pg_char_to_encoding("UTF8") &&
        PQsetClientEncoding(db->conn, "UTF8") != 0) {
        fh_fail(err, "%s: cannot use UTF8 as the client encoding", db->target);
        pg_close(db);
        return -1;
    }
    PGresult *r = PQexec(db->conn, "SELECT to_regclass('fahras_store_meta') IS NOT NULL");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        pg_fail(db, r, err, "checking for a fahras store");
        pg_close(db);
        return -1;
    }
    int exists = !strcmp(PQgetvalue(r, 0, 0), "t");
    PQclear(r);

    char ver[32], want_ver[32], desc[256];
    int found = 0;
    snprintf(want_ver, sizeof want_ver, "%d.%d", FAHRAS_VERSION_MAJOR, FAHRAS_VERSION_MINOR);
    if (!exists) {
        if (mode != FH_STORE_WRITE) {
            fh_fail(err, "%s: no fahras store in this database (create one with fahras index)",
                    db->target);
            pg_close(db);
            return -1;
        }
        if (opts) db->opts = *opts;
        else fahras_options_default(&db->opts);
        if (create_schema(db, err)) {
            pg_close(db);
            return -1;
        }
    } else {
        if (meta_get(db, "analyzer_version", ver, sizeof ver, &found, err) ||
            (found && meta_get(db, "analyzer_options", desc, sizeof desc, &found, err))) {
            pg_close(db);
            return -1;
        }
        if (!found) {
            fh_fail(err, "%s: the fahras store's options are missing (fahras_store_meta)", db->target);
            pg_close(db);
            return -1;
        }
        if (strcmp(ver, want_ver)) {
            fh_fail(err, "%s: store built with fahras analyzer %s, this is %s: rebuild it "
                         "(DROP TABLE fahras_docs, fahras_store_meta; then fahras index again)",
                    db->target, ver, want_ver);
            pg_close(db);
            return -1;
        }
        if (opts_from_desc(desc, &db->opts)) {
            fh_fail(err, "%s: cannot read the store's analyzer options '%s'", db->target, desc);
            pg_close(db);
            return -1;
        }
        if (opts) {
            char asked[256];
            opts_desc(opts, asked, sizeof asked);
            if (strcmp(asked, desc)) {
                fh_fail(err, "%s: store built with options '%s', not '%s': index into a new "
                             "database, or drop this store to rebuild it",
                        db->target, desc, asked);
                pg_close(db);
                return -1;
            }
        }
    }
    fahras_error ferr;
    db->analyzer = fahras_analyzer_new(&db->opts, &ferr);
    if (!db->analyzer) {
        fh_fail(err, "cannot create the analyzer: %s", ferr.message);
        pg_close(db);
        return -1;
    }
    *out = db;
    return 0;
}

static const fahras_analyzer *pg_analyzer(const fh_backend_db *db) { return db->analyzer; }

/* ------------------------------------------------------------------ */
/* Transactions and writes                                             */
/* ------------------------------------------------------------------ */

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
    "                  - (SELECT coalesce(sum(fahras_doclen(tsv)), 0) FROM pg_temp.fahras_batch_old)"
    "          WHERE c.name = '" COLLECTION "')"
    "INSERT INTO fahras_lexeme AS l (collection, lexeme, ndoc)"
    " SELECT '" COLLECTION "', lexeme, sum(n) FROM delta GROUP BY lexeme HAVING sum(n) <> 0"
    " ORDER BY lexeme"
    " ON CONFLICT (collection, lexeme) DO UPDATE SET ndoc = l.ndoc + excluded.ndoc";

static int pg_begin(fh_backend_db *db, fh_err *err)
{
    if (db->in_tx) return fh_fail(err, "a batch is already open");
    /* outside the transaction, so that a rollback keeps them */
    if (!db->batch_tables) {
        if (exec_cmd(db, batch_tables_sql, err, "preparing the batch tables")) return -1;
        db->batch_tables = 1;
    }
    if (exec_cmd(db, "BEGIN", err, "starting a batch")) return -1;
    db->in_tx = 1;
    return 0;
}

/* A document of the open batch: its 8 parameters in one block. */
typedef struct pending_doc {
    char *block;
    const char *vals[8];
    int lens[8];
} pending_doc;

static void pending_clear(fh_backend_db *db)
{
    for (size_t i = 0; i < db->npend; i++) free(db->pend[i].block);
    db->npend = 0;
    db->batch_lost[0] = '\0';
}

/* Copy a document's parameters; returns its slot or NULL (out of memory). */
static pending_doc *pending_push(fh_backend_db *db, const char *const vals[8], const int lens[8])
{
    if (db->npend == db->cappend) {
        size_t cap = db->cappend ? db->cappend * 2 : 256;
        pending_doc *p = realloc(db->pend, cap * sizeof *p);
        if (!p) return NULL;
        db->pend = p;
        db->cappend = cap;
    }
    size_t total = 0;
    for (int i = 0; i < 8; i++) total += vals[i] ? (size_t)lens[i] + 1 : 0;
    pending_doc *pd = &db->pend[db->npend];
    pd->block = malloc(total ? total : 1);
    if (!pd->block) return NULL;
    char *at = pd->block;
    for (int i = 0; i < 8; i++) {
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

static int pg_commit(fh_backend_db *db, fh_err *err)
{
    if (!db->in_tx) return 0;
    if (db->batch_lost[0]) {
        fh_fail(err, "%s", db->batch_lost);
        PQclear(PQexec(db->conn, "ROLLBACK"));
        db->in_tx = 0;
        pending_clear(db);
        return -1;
    }
    if (exec_cmd(db, apply_batch_sql, err, "updating the BM25 statistics")) {
        PQclear(PQexec(db->conn, "ROLLBACK"));
        db->in_tx = 0;
        pending_clear(db);
        return -1;
    }
    db->in_tx = 0;
    pending_clear(db);
    return exec_cmd(db, "COMMIT", err, "committing the batch");
}

static int pg_rollback(fh_backend_db *db, fh_err *err)
{
    if (!db->in_tx) return 0;
    db->in_tx = 0;
    pending_clear(db);
    return exec_cmd(db, "ROLLBACK", err, "rolling the batch back");
}

static PGresult *exec_upsert(fh_backend_db *db, const char *const vals[8], const int lens[8])
{
    static const int fmts[8] = {0};
    return PQexecPrepared(db->conn, "fahras_upsert", 8, vals, lens, fmts, 0);
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
        "INSERT INTO fahras_docs AS t (id, title, body, date, source, category, url, extra, tsv) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
        "        setweight(to_tsvector('fahras_store', coalesce($2, '')), 'A')"
        "        || to_tsvector('fahras_store', $3)) "
        "ON CONFLICT (id) DO UPDATE SET title = excluded.title, body = excluded.body, "
        "  date = excluded.date, source = excluded.source, category = excluded.category, "
        "  url = excluded.url, extra = excluded.extra, tsv = excluded.tsv "
        "WHERE (t.title, t.body, t.date, t.source, t.category, t.url, t.extra) IS DISTINCT FROM "
        "  (excluded.title, excluded.body, excluded.date, excluded.source, excluded.category, "
        "   excluded.url, excluded.extra)";
    const char *vals[8] = {d->id, d->title, d->body, d->date, d->source, d->category, d->url,
                           d->extra_json};
    int lens[8] = {(int)d->id_len, (int)d->title_len, (int)d->body_len, (int)d->date_len,
                   (int)d->source_len, (int)d->category_len, (int)d->url_len,
                   (int)d->extra_json_len};
    /* Empty optional fields are NULL; the body is never empty here. */
    for (int i = 1; i < 8; i++)
        if (vals[i] && !lens[i]) vals[i] = NULL;
    if (db->batch_lost[0]) return fh_fail(err, "%s", db->batch_lost);
    if (!db->upsert_prepared) {
        PGresult *p = PQprepare(db->conn, "fahras_upsert", sql, 8, NULL);
        if (PQresultStatus(p) != PGRES_COMMAND_OK) return pg_fail(db, p, err, "preparing the upsert");
        PQclear(p);
        db->upsert_prepared = 1;
    }
    /* Copied first: a document that cannot be kept for a replay is not written. */
    if (!pending_push(db, vals, lens)) return fh_fail(err, "out of memory");
    PGresult *r = exec_upsert(db, vals, lens);
    if (PQresultStatus(r) == PGRES_COMMAND_OK) {
        /* 0 rows: the conflict's WHERE found the same document */
        *changed = strcmp(PQcmdTuples(r), "0") != 0;
        PQclear(r);
        return 0;
    }
    char m[400];
    pg_message(db->conn, r, m, sizeof m);
    PQclear(r);
    free(db->pend[--db->npend].block);
    /* Replay the batch without the refused document. */
    PGresult *b = PQexec(db->conn, "ROLLBACK; BEGIN");
    int ok = PQresultStatus(b) == PGRES_COMMAND_OK;
    PQclear(b);
    for (size_t i = 0; ok && i < db->npend; i++) {
        PGresult *rr = exec_upsert(db, db->pend[i].vals, db->pend[i].lens);
        if (PQresultStatus(rr) != PGRES_COMMAND_OK) {
            char m2[200];
            pg_message(db->conn, rr, m2, sizeof m2);
            snprintf(db->batch_lost, sizeof db->batch_lost,
                     "%.120s: batch lost: writing it again after a refused document failed: %.150s",
                     db->target, m2);
            ok = 0;
        }
        PQclear(rr);
    }
    if (!ok && !db->batch_lost[0])
        snprintf(db->batch_lost, sizeof db->batch_lost, "%.120s: batch lost: cannot restart it",
                 db->target);
    return fh_fail(err, "%s: document refused by the server: %s", db->target, m);
}

static int pg_upsert(fh_backend_db *db, const fh_doc *d, int *changed, fh_err *err)
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

/* ------------------------------------------------------------------ */
/* Query compilation                                                   */
/* ------------------------------------------------------------------ */

/* Append lexeme s[0..n) as a quoted tsquery operand. */
static void tsq_lexeme(sbuf *b, const char *prefix_mark, const char *s, size_t n, int prefix)
{
    fh_sb_str(b, "'");
    fh_sb_str(b, prefix_mark);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\'') fh_sb_str(b, "''");
        else if (s[i] == '\\') fh_sb_str(b, "\\\\");
        else fh_sb_add(b, s + i, 1);
    }
    fh_sb_str(b, prefix ? "':*" : "'");
}

typedef struct clause_ctx {
    sbuf *b;
    int exact;  /* phrase: exact forms */
    int prefix; /* word*: prefix of the last token */
    size_t end; /* clause length, to spot the last token */
    int n;      /* operands written */
    char key[FAHRAS_MAX_TOKEN_BYTES + 1]; /* the first operand's key */
} clause_ctx;

static int clause_token(void *ctx, const fahras_token *t)
{
    clause_ctx *c = ctx;
    /* Only tokens that a document's parser would index at their own
     * position: hashtag parts come after their hashtag. */
    const char *key = t->key_len ? t->key : t->norm;
    size_t key_len = t->key_len ? t->key_len : t->norm_len;
    if (!key_len) return 0;
    if (!c->n) {
        size_t n = key_len < FAHRAS_MAX_TOKEN_BYTES ? key_len : FAHRAS_MAX_TOKEN_BYTES;
        memcpy(c->key, key, n);
        c->key[n] = '\0';
    }
    if (c->n++) fh_sb_str(c->b, " <-> ");
    int last = t->end >= c->end;
    if (c->prefix && last) {
        fh_sb_str(c->b, "(");
        tsq_lexeme(c->b, "", t->norm, t->norm_len, 1);
        fh_sb_str(c->b, " | ");
        tsq_lexeme(c->b, "=", t->norm, t->norm_len, 1);
        fh_sb_str(c->b, ")");
    } else if (c->exact && (key_len != t->norm_len || memcmp(key, t->norm, key_len))) {
        tsq_lexeme(c->b, "=", t->norm, t->norm_len, 0);
    } else {
        tsq_lexeme(c->b, "", key, key_len, 0);
    }
    return 0;
}

/* Compile one clause into b as "(...)"; returns the number of operands
 * (0: it analyzes to nothing), -1 on error.  key (if not NULL, room for
 * FAHRAS_MAX_TOKEN_BYTES + 1) receives the first operand's key. */
static int compile_clause(fh_backend_db *db, const fh_qclause *qc, sbuf *b, char *key, fh_err *err)
{
    sbuf tmp = {0};
    clause_ctx c = {&tmp, qc->kind == FH_QC_PHRASE, qc->prefix, qc->len, 0, ""};
    fahras_error ferr;
    int rc = fahras_analyze(db->analyzer, qc->text, qc->len, clause_token, &c, &ferr);
    if (rc != FAHRAS_OK) {
        free(tmp.p);
        return fh_fail(err, "query at byte %zu: %s", qc->offset, ferr.message);
    }
    if (tmp.oom) {
        free(tmp.p);
        return fh_fail(err, "out of memory");
    }
    if (c.n) {
        fh_sb_str(b, "(");
        fh_sb_add(b, tmp.p, tmp.n);
        fh_sb_str(b, ")");
    }
    free(tmp.p);
    if (key) memcpy(key, c.key, sizeof c.key);
    return c.n;
}

/* A word found in more than a third of the documents carries less than one
 * nat of information: it still ranks, but on its own it does not make a
 * document a result (the SQLite store's rule too).  Without this, "في" in
 * a question makes nearly every document a candidate to be scored. */
#define COMMON_DF_RATIO 3

/* Documents in the store, from the BM25 statistics; -1 if unknown. */
static long long store_docs(fh_backend_db *db)
{
    PGresult *r = PQexec(db->conn, "SELECT ndocs FROM fahras_collection WHERE name = '" COLLECTION "'");
    long long n = -1;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) n = atoll(PQgetvalue(r, 0, 0));
    PQclear(r);
    return n;
}

/* Documents holding lexeme key, from the BM25 statistics. */
static long long lexeme_df(fh_backend_db *db, const char *key)
{
    const char *vals[1] = {key};
    PGresult *r = exec_params(db,
                              "SELECT ndoc FROM fahras_lexeme WHERE collection = '" COLLECTION
                              "' AND lexeme = $1",
                              1, vals, NULL);
    long long df = 0;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) df = atoll(PQgetvalue(r, 0, 0));
    PQclear(r);
    return df;
}

/* For an optional word no document holds (the caller looked it up):
 * append " | 'near'" to b, the near spelling (spelling.h) the most
 * documents hold, if there is one; returns 1 when it did. */
static int add_near_spelling(fh_backend_db *db, const fh_qclause *qc, sbuf *b)
{
    int added = 0;
    char key[FAHRAS_MAX_TOKEN_BYTES + 1];
    fh_spell sp;
    if (!fh_spell_word_key(db->analyzer, qc->text, qc->len, key) ||
        fh_spell_variants(db->analyzer, key, &sp) || sp.n == 0)
        return 0;
    /* one round trip: the variants as a text[] literal (Arabic letters only) */
    sbuf arr = {0};
    fh_sb_str(&arr, "{");
    for (size_t i = 0; i < sp.n; i++) {
        if (i) fh_sb_str(&arr, ",");
        fh_sb_str(&arr, "\"");
        fh_sb_str(&arr, sp.text[i]);
        fh_sb_str(&arr, "\"");
    }
    fh_sb_str(&arr, "}");
    if (!arr.oom) {
        const char *vals[1] = {arr.p};
        PGresult *r = exec_params(db,
                                  "SELECT lexeme, ndoc FROM fahras_lexeme WHERE collection = '" COLLECTION
                                  "' AND lexeme = ANY($1::text[])",
                                  1, vals, NULL);
        for (int row = 0; PQresultStatus(r) == PGRES_TUPLES_OK && row < PQntuples(r); row++)
            for (size_t i = 0; i < sp.n; i++)
                if (!strcmp(sp.text[i], PQgetvalue(r, row, 0))) sp.df[i] = atoll(PQgetvalue(r, row, 1));
        PQclear(r);
        const char *best = fh_spell_best(&sp);
        if (best) {
            fh_sb_str(b, " | ");
            tsq_lexeme(b, "", best, strlen(best), 0);
            added = 1;
        }
    }
    free(arr.p);
    fh_spell_free(&sp);
    return added;
}

/*
 * match: what a document must satisfy; score: every positive clause OR-ed
 * (what BM25 and the headline look for).  Both empty: nothing can match.
 *   required clauses:     m1 & m2 ... [& !n1 & !n2 ...]
 *   only optional ones:   s1 | s2 ...  [& !n ...], where common words
 *                         (is_common) select nothing when rarer ones exist
 * demote: required clauses count as optional (the relaxed retry).
 */
static int compile_query(fh_backend_db *db, const fh_parsed_query *pq, sbuf *match, sbuf *score,
                         int demote, fh_err *err)
{
    sbuf should = {0}, rare = {0}, must = {0}, not = {0};
    int ns = 0, nr = 0, nm = 0, nn = 0, rc = 0, n_near = 0;
    long long n_docs = -2; /* looked up when first needed */
    for (size_t i = 0; i < pq->n && !rc; i++) {
        const fh_qclause *qc = &pq->clauses[i];
        sbuf one = {0};
        char key[FAHRAS_MAX_TOKEN_BYTES + 1];
        int got = compile_clause(db, qc, &one, key, err);
        int occur = demote && qc->occur == FH_Q_MUST ? FH_Q_SHOULD : qc->occur;
        /* an optional single word: its document count, looked up once for
         * near spellings and the common-word rule */
        int single = got == 1 && occur == FH_Q_SHOULD && qc->kind == FH_QC_WORD && !qc->prefix;
        long long df = single ? lexeme_df(db, key) : -1;
        if (single && df == 0 && n_near < FH_SPELL_MAX_WORDS && !one.oom && one.n &&
            one.p[one.n - 1] == ')') {
            one.n--; /* "('key')" -> "('key' | 'near')" */
            n_near += add_near_spelling(db, qc, &one);
            fh_sb_str(&one, ")");
        }
        if (got < 0) rc = -1;
        else if (got > 0) {
            if (occur == FH_Q_MUST_NOT) {
                fh_sb_str(&not, " & !");
                fh_sb_add(&not, one.p, one.n);
                nn++;
            } else {
                if (ns + nm) fh_sb_str(score, " | ");
                fh_sb_add(score, one.p, one.n);
                if (occur == FH_Q_MUST) {
                    if (nm++) fh_sb_str(&must, " & ");
                    fh_sb_add(&must, one.p, one.n);
                } else {
                    if (ns++) fh_sb_str(&should, " | ");
                    fh_sb_add(&should, one.p, one.n);
                    int common = 0;
                    if (single) {
                        if (n_docs == -2) n_docs = store_docs(db);
                        common = n_docs >= 100 && df * COMMON_DF_RATIO > n_docs;
                    }
                    if (!common) {
                        if (nr++) fh_sb_str(&rare, " | ");
                        fh_sb_add(&rare, one.p, one.n);
                    }
                }
            }
        }
        /* A clause without any word (punctuation) asks nothing. */
        free(one.p);
    }
    if (!rc && (nm || ns)) {
        fh_sb_str(match, "(");
        if (nm) fh_sb_add(match, must.p, must.n);
        else if (nr && nr < ns) fh_sb_add(match, rare.p, rare.n);
        else fh_sb_add(match, should.p, should.n);
        fh_sb_str(match, ")");
        if (nn) fh_sb_add(match, not.p, not.n);
    }
    if (!rc && (match->oom || score->oom || should.oom || rare.oom || must.oom || not.oom))
        rc = fh_fail(err, "out of memory");
    free(should.p);
    free(rare.p);
    free(must.p);
    free(not.p);
    return rc;
}

/* Filters shared by search and facets: parameters $3.. after the two
 * tsqueries.  Writes the WHERE clause into w and the values into vals. */
static int filters(const fh_query *q, sbuf *w, const char **vals, int first)
{
    int n = 0;
    char tmp[96];
    fh_sb_str(w, "tsv @@ $1::tsquery");
    if (q->source && *q->source) {
        vals[n] = q->source;
        snprintf(tmp, sizeof tmp, " AND source = $%d", first + n++);
        fh_sb_str(w, tmp);
    }
    if (q->category && *q->category) {
        vals[n] = q->category;
        snprintf(tmp, sizeof tmp, " AND category = $%d", first + n++);
        fh_sb_str(w, tmp);
    }
    if (q->date_from && *q->date_from) {
        vals[n] = q->date_from;
        snprintf(tmp, sizeof tmp, " AND date >= $%d", first + n++);
        fh_sb_str(w, tmp);
    }
    if (q->date_to && *q->date_to) {
        /* inclusive: 2021-04 takes all of April */
        vals[n] = q->date_to;
        snprintf(tmp, sizeof tmp, " AND (date <= $%d OR starts_with(date, $%d))", first + n, first + n);
        n++;
        fh_sb_str(w, tmp);
    }
    return n;
}

static const char *val_or_null(PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

static int search_pass(fh_backend_db *db, const fh_query *q, const fh_parsed_query *pq,
                       int demote, fh_hit_fn fn, void *ctx, long *total, int *delivered,
                       fh_err *err)
{
    sbuf match = {0}, score = {0}, w = {0}, sql = {0};
    int rc = compile_query(db, pq, &match, &score, demote, err);
    if (rc || !match.n) {
        free(match.p);
        free(score.p);
        return rc;
    }
    const char *vals[8] = {match.p, score.p};
    int nf = filters(q, &w, vals + 2, 3);
    char lim[96];
    snprintf(lim, sizeof lim, " LIMIT %d OFFSET %d", q->limit, q->offset);
    /* Every match is scored and counted, but only the page's rows are
     * fetched whole: the inner query reads nothing but the tsvector. */
    fh_sb_str(&sql, "SELECT d.id, d.title, d.date, d.source, d.category, d.url, h.score, h.total, ");
    fh_sb_str(&sql, q->no_snippets ? "NULL "
                                : "ts_headline('fahras_store', d.body, $2::tsquery, '" SNIPPET_OPTS "') ");
    fh_sb_str(&sql,
           "FROM (SELECT id, fahras_bm25(tsv, $2::tsquery, '" COLLECTION "', "
           "                             weights => '{1, 1, 1, " TITLE_WEIGHT "}') AS score, "
           "        count(*) OVER () AS total "
           "      FROM fahras_docs WHERE ");
    fh_sb_add(&sql, w.p, w.n);
    fh_sb_str(&sql, " ORDER BY score DESC, id");
    fh_sb_str(&sql, lim);
    fh_sb_str(&sql, ") h JOIN fahras_docs d ON d.id = h.id ORDER BY h.score DESC, h.id");
    if (sql.oom || w.oom) rc = fh_fail(err, "out of memory");
    PGresult *r = rc ? NULL : exec_params(db, sql.p, 2 + nf, vals, NULL);
    if (!rc && PQresultStatus(r) != PGRES_TUPLES_OK) {
        rc = pg_fail(db, r, err, "search");
        r = NULL;
    }
    if (!rc) {
        int rows = PQntuples(r);
        if (total) *total = rows ? atol(PQgetvalue(r, 0, 7)) : 0;
        if (!rows && total && q->offset > 0) {
            /* past the last page: count separately */
            sbuf cnt = {0};
            /* ($2 unused but typed, to keep the parameter numbering) */
            fh_sb_str(&cnt, "SELECT count(*) FROM fahras_docs WHERE $2::tsquery IS NOT NULL AND ");
            fh_sb_add(&cnt, w.p, w.n);
            PGresult *rc2 = exec_params(db, cnt.p, 2 + nf, vals, NULL);
            free(cnt.p);
            if (PQresultStatus(rc2) == PGRES_TUPLES_OK) {
                *total = atol(PQgetvalue(rc2, 0, 0));
                PQclear(rc2);
            } else {
                rc = pg_fail(db, rc2, err, "counting the results");
            }
        }
        for (int i = 0; i < rows; i++) {
            fh_hit h = {0};
            h.rank = q->offset + i + 1;
            h.id = PQgetvalue(r, i, 0);
            /* missing fields are "" (PQgetvalue's answer for NULL) */
            h.title = PQgetvalue(r, i, 1);
            h.date = PQgetvalue(r, i, 2);
            h.source = PQgetvalue(r, i, 3);
            h.category = PQgetvalue(r, i, 4);
            h.url = PQgetvalue(r, i, 5);
            h.score = atof(PQgetvalue(r, i, 6));
            h.snippet = q->no_snippets ? NULL : PQgetvalue(r, i, 8);
            ++*delivered;
            if (fn(ctx, &h)) break;
        }
    }
    PQclear(r);
    free(match.p);
    free(score.p);
    free(w.p);
    free(sql.p);
    return rc;
}

static int pg_search(fh_backend_db *db, const fh_query *q, const fh_parsed_query *pq,
                     fh_hit_fn fn, void *ctx, long *total, fh_err *err)
{
    int delivered = 0;
    long n = 0;
    if (search_pass(db, q, pq, 0, fn, ctx, &n, &delivered, err)) return -1;
    /* Nothing at all with a required phrase or +word (a question quoting a
     * title spelled otherwise in the text): rather than no answer, rank by
     * the same words with nothing required, as the SQLite store does. */
    if (delivered == 0 && q->offset == 0 && pq->n_must > 0 && n == 0)
        if (search_pass(db, q, pq, 1, fn, ctx, &n, &delivered, err)) return -1;
    if (total) *total = n;
    return 0;
}

/* The three facets in one query: GROUPING SETS aggregate every kind over
 * a single scan of the matching documents (a query per kind evaluated the
 * match three times).  Per kind as before: values without NULL, highest
 * count first, then by value (the column's collation), all of them. */
static int pg_facets(fh_backend_db *db, const fh_query *q, const fh_parsed_query *pq,
                     fh_facet_fn fn, void *ctx, fh_err *err)
{
    sbuf match = {0}, score = {0}, w = {0}, sql = {0};
    int rc = compile_query(db, pq, &match, &score, 0, err);
    if (rc || !match.n) {
        free(match.p);
        free(score.p);
        return rc;
    }
    const char *vals[8] = {match.p, score.p};
    int nf = filters(q, &w, vals + 2, 3);
    /* $2 is unused here but keeps the parameter numbering of search */
    fh_sb_str(&sql, "SELECT GROUPING(source), GROUPING(category), source, category, m, count(*)"
                 " FROM (SELECT source, category, substr(date, 1, 7) AS m FROM fahras_docs"
                 "       WHERE $2::tsquery IS NOT NULL AND ");
    fh_sb_add(&sql, w.p, w.n);
    fh_sb_str(&sql, ") t GROUP BY GROUPING SETS ((source), (category), (m))"
                 " HAVING CASE WHEN GROUPING(source) = 0 THEN source <> ''"
                 "             WHEN GROUPING(category) = 0 THEN category <> ''"
                 "             ELSE m <> '' END"
                 " ORDER BY 1, 2, 6 DESC, 3, 4, 5");
    PGresult *r = NULL;
    if (sql.oom || w.oom) rc = fh_fail(err, "out of memory");
    else {
        r = exec_params(db, sql.p, 2 + nf, vals, NULL);
        if (PQresultStatus(r) != PGRES_TUPLES_OK) {
            rc = pg_fail(db, r, err, "facets");
            r = NULL;
        }
    }
    static const char *const kinds[] = {"source", "category", "month"};
    int stopped[3] = {0, 0, 0}; /* the callback asked to stop this kind */
    int given[3] = {0, 0, 0};    /* at most FH_FACET_TOP a kind */
    for (int i = 0; !rc && i < PQntuples(r); i++) {
        int k = PQgetvalue(r, i, 0)[0] == '0' ? 0 : PQgetvalue(r, i, 1)[0] == '0' ? 1 : 2;
        if (stopped[k] || given[k] == FH_FACET_TOP) continue;
        given[k]++;
        if (fn(ctx, kinds[k], PQgetvalue(r, i, 2 + k), atol(PQgetvalue(r, i, 5)))) stopped[k] = 1;
    }
    PQclear(r);
    free(match.p);
    free(score.p);
    free(w.p);
    free(sql.p);
    return rc;
}

static int pg_get(fh_backend_db *db, const char *id, fh_doc_fn fn, void *ctx, int *found,
                  fh_err *err)
{
    const char *vals[1] = {id};
    PGresult *r = exec_params(
        db, "SELECT id, title, body, date, source, category, url, extra FROM fahras_docs WHERE id = $1",
        1, vals, NULL);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) return pg_fail(db, r, err, "reading a document");
    *found = PQntuples(r) > 0;
    int rc = 0;
    if (*found) {
        fh_doc d = {0};
#define FIELD(f, col)                                                  \
    d.f = val_or_null(r, 0, col);                                      \
    d.f##_len = d.f ? (size_t)PQgetlength(r, 0, col) : 0;
        FIELD(id, 0) FIELD(title, 1) FIELD(body, 2) FIELD(date, 3) FIELD(source, 4)
        FIELD(category, 5) FIELD(url, 6) FIELD(extra_json, 7)
#undef FIELD
        fn(ctx, &d);
    }
    PQclear(r);
    return rc;
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
    opts_desc(&db->opts, out->analyzer_options, sizeof out->analyzer_options);
    snprintf(out->backend, sizeof out->backend, "postgresql");
    return 0;
}

static const fh_store_backend pg_backend = {
    .name = "postgresql",
    .open = pg_open,
    .close = pg_close,
    .analyzer = pg_analyzer,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .upsert = pg_upsert,
    .search = pg_search,
    .facets = pg_facets,
    .get = pg_get,
    .stats = pg_stats,
};

const fh_store_backend *fh_store_pg_backend(void) { return &pg_backend; }
