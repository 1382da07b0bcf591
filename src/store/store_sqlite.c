/*
 * store_sqlite.c - the embedded default store: one SQLite file holding the
 * articles (table docs) and an FTS5 index over title and body (table fts,
 * external content = docs, tokenizer fahras).  Ranking is fahras_bm25
 * (BM25F over title and body, src/sqlite/fahras_fts5.c).
 *
 * Schema (schema_version 1):
 *   meta(key, value)   analyzer version and options, tokenizer, schema version
 *   docs(rowid, id UNIQUE, title, body, date, source, category, url, extra)
 *   fts   fts5(title, body, content='docs', content_rowid='rowid',
 *              tokenize='fahras fahras=MAJOR.MINOR stem=... norm=0x... ...')
 *
 * An fh_store handle is for one thread at a time (it caches prepared
 * statements); open one handle per thread, WAL lets readers run beside a
 * writer.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "fahras_fts5.h"
#include "spelling.h"
#include "store_backend.h"

#define SCHEMA_VERSION "1"

static void exact_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv);
#define TITLE_WEIGHT "2" /* BM25F weight of a title word against a body word */

struct fh_backend_db {
    sqlite3 *db;
    char *path;
    fahras_analyzer *an;
    fahras_options opts;
    char tokenizer[32]; /* "fahras", or a baseline FTS5 tokenizer for benchmarks */
    sqlite3_stmt *st_find, *st_insert, *st_update, *st_fts_insert, *st_fts_delete;
    sqlite3_stmt *st_df;   /* documents matching a word */
    long long n_docs;      /* documents when the store was opened (for df ratios) */
    struct facet_memo *memo; /* what the last facets call learnt (see sq_facets) */
    sqlite3_stmt *st_dv;     /* PRAGMA data_version */
};

static void memo_clear(fh_backend_db *d);

static int db_fail(fh_backend_db *d, fh_err *err, const char *what)
{
    return fh_fail(err, "%s: %s: %s", d->path, what, sqlite3_errmsg(d->db));
}

static int exec(fh_backend_db *d, const char *sql, fh_err *err)
{
    char *msg = NULL;
    if (sqlite3_exec(d->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fh_fail(err, "%s: %s", d->path, msg ? msg : sqlite3_errmsg(d->db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/* Read meta.key into buf; returns 1 if found, 0 if not, -1 on error. */
static int meta_get(fh_backend_db *d, const char *key, char *buf, size_t cap, fh_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(d->db, "SELECT value FROM meta WHERE key = ?1", -1, &st, NULL))
        return db_fail(d, err, "reading meta");
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st), found = 0;
    if (rc == SQLITE_ROW) {
        snprintf(buf, cap, "%s", (const char *)sqlite3_column_text(st, 0));
        found = 1;
    } else if (rc != SQLITE_DONE) {
        sqlite3_finalize(st);
        return db_fail(d, err, "reading meta");
    }
    sqlite3_finalize(st);
    return found;
}

static int meta_set(fh_backend_db *d, const char *key, const char *value, fh_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(d->db, "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)", -1,
                           &st, NULL))
        return db_fail(d, err, "writing meta");
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : db_fail(d, err, "writing meta");
}

static void analyzer_version(char *buf, size_t cap)
{
    snprintf(buf, cap, "%d.%d", FAHRAS_VERSION_MAJOR, FAHRAS_VERSION_MINOR);
}

/* The options as `--options` accepts them, to tell users how to rebuild. */
static void options_spec(const fahras_options *o, char *buf, size_t cap)
{
    static const char *stems[] = {"none", "clitics", "light"};
    int stem = o->stem >= 0 && o->stem <= 2 ? o->stem : 2;
    int n = snprintf(buf, cap, "stem=%s,hashtag_parts=%s", stems[stem],
                     o->hashtag_parts ? "on" : "off");
    static const char *rules[] = {"diacritics", "tatweel", "alef", "alef_maqsura", "teh_marbuta",
                                  "hamza", "persian", "presentation", "digits", "punct",
                                  "controls", "spaces", "latin_case"};
    for (unsigned i = 0; i < sizeof rules / sizeof rules[0] && n > 0 && (size_t)n < cap; i++)
        if (!(o->norm & (1u << i))) n += snprintf(buf + n, cap - (size_t)n, ",%s=off", rules[i]);
}

static int create_schema(fh_backend_db *d, const fahras_options *opts, fh_err *err)
{
    const char *tok = getenv("FAHRAS_SQLITE_TOKENIZER"); /* benchmark baselines only */
    char tokenize[300], describe[256], version[16], sql[1024], num[32];
    analyzer_version(version, sizeof version);
    fahras_options_describe(opts, describe, sizeof describe);
    if (tok && *tok && strcmp(tok, "fahras")) {
        if (strlen(tok) > 80 || strchr(tok, '"')) return fh_fail(err, "bad FAHRAS_SQLITE_TOKENIZER");
        snprintf(tokenize, sizeof tokenize, "%s", tok);
    } else {
        /* describe is "fahras=0.2 stem=light norm=0x1fff hashtag_parts=1":
         * the tokenizer takes exactly these arguments */
        /* each key=value an SQL literal: FTS5 barewords cannot hold '=' or '.' */
        size_t n = (size_t)snprintf(tokenize, sizeof tokenize, "fahras");
        for (const char *p = describe; *p && n < sizeof tokenize;) {
            size_t w = strcspn(p, " ");
            n += (size_t)snprintf(tokenize + n, sizeof tokenize - n, " '%.*s'", (int)w, p);
            p += w;
            while (*p == ' ') p++;
        }
    }
    snprintf(d->tokenizer, sizeof d->tokenizer, "%.*s", (int)strcspn(tokenize, " "), tokenize);
    snprintf(sql, sizeof sql,
             "BEGIN IMMEDIATE;"
             "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
             "CREATE TABLE docs(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
             " title TEXT NOT NULL DEFAULT '', body TEXT NOT NULL, date TEXT, source TEXT,"
             " category TEXT, url TEXT, extra TEXT);"
             "CREATE VIRTUAL TABLE fts USING fts5(title, body, content='docs',"
             " content_rowid='rowid', tokenize=\"%s\");",
             tokenize);
    if (exec(d, sql, err)) {
        exec(d, "ROLLBACK", NULL);
        return -1;
    }
    snprintf(num, sizeof num, "%u", opts->norm);
    char hashtag[4], stem[4];
    snprintf(hashtag, sizeof hashtag, "%d", opts->hashtag_parts ? 1 : 0);
    snprintf(stem, sizeof stem, "%d", opts->stem);
    if (meta_set(d, "schema_version", SCHEMA_VERSION, err) ||
        meta_set(d, "analyzer_version", version, err) ||
        meta_set(d, "analyzer_options", describe, err) || meta_set(d, "opt_norm", num, err) ||
        meta_set(d, "opt_stem", stem, err) || meta_set(d, "opt_hashtag_parts", hashtag, err) ||
        meta_set(d, "tokenizer", d->tokenizer, err) || exec(d, "COMMIT", err)) {
        exec(d, "ROLLBACK", NULL);
        return -1;
    }
    return 0;
}

/* Check an existing store against this program and the requested options;
 * fills d->opts with the store's own. */
static int check_existing(fh_backend_db *d, const fahras_options *asked, fh_err *err)
{
    char version[64], mine[16], describe[256], norm[32], stem[16], tag[16], schema[16];
    analyzer_version(mine, sizeof mine);
    if (meta_get(d, "schema_version", schema, sizeof schema, err) != 1 ||
        meta_get(d, "analyzer_version", version, sizeof version, err) != 1 ||
        meta_get(d, "analyzer_options", describe, sizeof describe, err) != 1 ||
        meta_get(d, "opt_norm", norm, sizeof norm, err) != 1 ||
        meta_get(d, "opt_stem", stem, sizeof stem, err) != 1 ||
        meta_get(d, "opt_hashtag_parts", tag, sizeof tag, err) != 1 ||
        meta_get(d, "tokenizer", d->tokenizer, sizeof d->tokenizer, err) != 1)
        return fh_fail(err, "%s: not a fahras database (no analyzer record)", d->path);
    if (strcmp(schema, SCHEMA_VERSION))
        return fh_fail(err, "%s: database schema %s, this fahras reads schema %s: rebuild it "
                            "with `fahras index NEW.db FILE...`", d->path, schema, SCHEMA_VERSION);
    fahras_options_default(&d->opts);
    d->opts.norm = (unsigned)strtoul(norm, NULL, 10);
    d->opts.stem = atoi(stem);
    d->opts.hashtag_parts = atoi(tag);
    char spec[300];
    options_spec(&d->opts, spec, sizeof spec);
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
            options_spec(asked, asked_spec, sizeof asked_spec);
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
    memo_clear(d);
    sqlite3_finalize(d->st_find);
    sqlite3_finalize(d->st_insert);
    sqlite3_finalize(d->st_update);
    sqlite3_finalize(d->st_fts_insert);
    sqlite3_finalize(d->st_fts_delete);
    sqlite3_finalize(d->st_df);
    sqlite3_finalize(d->st_dv);
    sqlite3_close(d->db);
    fahras_fts5_analyzer_release(d->an);
    free(d->path);
    free(d);
}

static int sq_open(const char *target, int mode, const fahras_options *opts, fh_backend_db **out,
                   fh_err *err)
{
    *out = NULL;
    fh_backend_db *d = calloc(1, sizeof *d);
    if (!d || !(d->path = strdup(target))) {
        free(d);
        return fh_fail(err, "out of memory");
    }
    struct stat sb;
    if (mode == FH_STORE_READ && stat(target, &sb) != 0) {
        sq_close(d);
        return fh_fail(err, "%s: no such database (create it with `fahras index %s FILE...`)",
                       target, target);
    }
    int flags = mode == FH_STORE_READ ? SQLITE_OPEN_READONLY
                                      : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(target, &d->db, flags, NULL) != SQLITE_OK) {
        fh_fail(err, "%s: cannot open: %s", target,
                d->db ? sqlite3_errmsg(d->db) : "out of memory");
        sq_close(d);
        return -1;
    }
    sqlite3_extended_result_codes(d->db, 1);
    sqlite3_busy_timeout(d->db, 10000);
    /* Searches read through a memory map instead of a read() per page (they
     * walk long doclists) with a 32 MiB page cache.  Indexing keeps
     * SQLite's small default cache and no map, so its memory stays flat
     * (mapped pages would count as the process's memory). */
    if (mode == FH_STORE_READ &&
        exec(d, "PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -32768;", err)) {
        sq_close(d);
        return -1;
    }
    char *msg = NULL;
    if (fahras_fts5_register(d->db, &msg) != SQLITE_OK) {
        fh_fail(err, "%s", msg ? msg : "cannot register the fahras tokenizer");
        sqlite3_free(msg);
        sq_close(d);
        return -1;
    }
    /* WAL: readers beside a writer; synchronous=NORMAL keeps every commit
     * atomic across a killed process (only a power cut may lose the last
     * commits, never half a document). */
    if (mode == FH_STORE_WRITE &&
        exec(d, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", err)) {
        sq_close(d);
        return -1;
    }
    char tmp[8];
    int have = meta_get(d, "schema_version", tmp, sizeof tmp, err);
    if (have < 0) {
        /* "no such table: meta" means a database that is not ours (or empty) */
        sqlite3_stmt *st = NULL;
        int tables = -1;
        if (sqlite3_prepare_v2(d->db, "SELECT count(*) FROM sqlite_schema", -1, &st, NULL) ==
                SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            tables = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
        if (tables < 0) {
            fh_fail(err, "%s: not an SQLite database (%s)", target, sqlite3_errmsg(d->db));
            sq_close(d);
            return -1;
        }
        if (tables > 0 || mode == FH_STORE_READ) {
            fh_fail(err, "%s: not a fahras database", target);
            sq_close(d);
            return -1;
        }
        fahras_options def;
        fahras_options_default(&def);
        d->opts = opts ? *opts : def;
        if (create_schema(d, &d->opts, err)) {
            sq_close(d);
            return -1;
        }
    } else if (check_existing(d, opts, err)) {
        sq_close(d);
        return -1;
    }
    /* the collection size, for query planning (is_common) */
    sqlite3_stmt *cnt = NULL;
    if (sqlite3_prepare_v2(d->db, "SELECT max(rowid) FROM docs", -1, &cnt, NULL) != SQLITE_OK ||
        sqlite3_step(cnt) != SQLITE_ROW) {
        if (cnt) db_fail(d, err, "reading the document count");
        sqlite3_finalize(cnt);
        sq_close(d);
        return -1;
    }
    d->n_docs = sqlite3_column_int64(cnt, 0);
    sqlite3_finalize(cnt);
    fahras_error ferr;
    fahras_options an_opts = d->opts;
    an_opts.utf8 = FAHRAS_UTF8_REPLACE; /* as the tokenizer: queries are checked before */
    d->an = fahras_fts5_analyzer_acquire(&an_opts, &ferr);
    if (!d->an) {
        fh_fail(err, "%s: cannot create the analyzer: %s", target, ferr.message);
        sq_close(d);
        return -1;
    }
    if (sqlite3_create_function(d->db, "fh_exact", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                d->an, exact_fn, NULL, NULL) != SQLITE_OK) {
        db_fail(d, err, "registering fh_exact");
        sq_close(d);
        return -1;
    }
    *out = d;
    return 0;
}

static const fahras_analyzer *sq_analyzer(const fh_backend_db *d)
{
    return d->an;
}

static int sq_begin(fh_backend_db *d, fh_err *err)
{
    memo_clear(d);
    return exec(d, "BEGIN IMMEDIATE", err);
}

static int sq_commit(fh_backend_db *d, fh_err *err)
{
    memo_clear(d);
    return exec(d, "COMMIT", err);
}

static int sq_rollback(fh_backend_db *d, fh_err *err)
{
    memo_clear(d);
    if (sqlite3_get_autocommit(d->db)) return 0;
    return exec(d, "ROLLBACK", err);
}

static int prepare(fh_backend_db *d, sqlite3_stmt **st, const char *sql, fh_err *err)
{
    if (*st) {
        sqlite3_reset(*st);
        sqlite3_clear_bindings(*st);
        return 0;
    }
    if (sqlite3_prepare_v3(d->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
        return db_fail(d, err, "preparing a statement");
    return 0;
}

static void bind_opt(sqlite3_stmt *st, int i, const char *p, size_t n)
{
    if (p) sqlite3_bind_text(st, i, p, (int)n, SQLITE_STATIC);
    else sqlite3_bind_null(st, i);
}

/* Parameters ?2..?8 of the insert and update statements: the fields after id. */
static void bind_fields(sqlite3_stmt *st, const fh_doc *doc, const char *title, size_t title_len)
{
    sqlite3_bind_text(st, 2, title, (int)title_len, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, doc->body, (int)doc->body_len, SQLITE_STATIC);
    bind_opt(st, 4, doc->date, doc->date_len);
    bind_opt(st, 5, doc->source, doc->source_len);
    bind_opt(st, 6, doc->category, doc->category_len);
    bind_opt(st, 7, doc->url, doc->url_len);
    bind_opt(st, 8, doc->extra_json, doc->extra_json_len);
}

/* Does the stored column equal p[0..n)?  NULL and "" are the same. */
static int same_text(sqlite3_stmt *st, int col, const char *p, size_t n)
{
    const unsigned char *s = sqlite3_column_text(st, col);
    size_t m = (size_t)sqlite3_column_bytes(st, col);
    if (!p) n = 0;
    if (!s) m = 0;
    return m == n && (n == 0 || !memcmp(s, p, n));
}

static int upsert_steps(fh_backend_db *d, const fh_doc *doc, int *changed, fh_err *err)
{
    const char *title = doc->title ? doc->title : "";
    size_t title_len = doc->title ? doc->title_len : 0;
    if (prepare(d, &d->st_find,
                "SELECT rowid, title, body, date, source, category, url, extra FROM docs "
                "WHERE id = ?1",
                err))
        return -1;
    sqlite3_bind_text(d->st_find, 1, doc->id, (int)doc->id_len, SQLITE_STATIC);
    int rc = sqlite3_step(d->st_find);
    sqlite3_int64 rowid = 0;
    if (rc == SQLITE_ROW) {
        sqlite3_stmt *f = d->st_find;
        rowid = sqlite3_column_int64(f, 0);
        if (same_text(f, 1, title, title_len) && same_text(f, 2, doc->body, doc->body_len) &&
            same_text(f, 3, doc->date, doc->date_len) &&
            same_text(f, 4, doc->source, doc->source_len) &&
            same_text(f, 5, doc->category, doc->category_len) &&
            same_text(f, 6, doc->url, doc->url_len) &&
            same_text(f, 7, doc->extra_json, doc->extra_json_len)) {
            sqlite3_reset(f);
            *changed = 0;
            return 0; /* unchanged: a rerun after a kill skips what is in */
        }
        /* external content: the index entry is removed with the old text */
        if (prepare(d, &d->st_fts_delete,
                    "INSERT INTO fts(fts, rowid, title, body) VALUES ('delete', ?1, ?2, ?3)",
                    err))
            return -1;
        sqlite3_bind_int64(d->st_fts_delete, 1, rowid);
        sqlite3_bind_value(d->st_fts_delete, 2, sqlite3_column_value(f, 1));
        sqlite3_bind_value(d->st_fts_delete, 3, sqlite3_column_value(f, 2));
        rc = sqlite3_step(d->st_fts_delete);
        sqlite3_reset(f);
        if (rc != SQLITE_DONE) return db_fail(d, err, "removing the old index entry");
        if (prepare(d, &d->st_update,
                    "UPDATE docs SET title = ?2, body = ?3, date = ?4, source = ?5, "
                    "category = ?6, url = ?7, extra = ?8 WHERE rowid = ?1",
                    err))
            return -1;
        sqlite3_bind_int64(d->st_update, 1, rowid);
        sqlite3_stmt *u = d->st_update;
        bind_fields(u, doc, title, title_len);
        if (sqlite3_step(u) != SQLITE_DONE) return db_fail(d, err, "updating the document");
    } else if (rc == SQLITE_DONE) {
        sqlite3_reset(d->st_find);
        if (prepare(d, &d->st_insert,
                    "INSERT INTO docs(id, title, body, date, source, category, url, extra) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    err))
            return -1;
        sqlite3_stmt *u = d->st_insert;
        sqlite3_bind_text(u, 1, doc->id, (int)doc->id_len, SQLITE_STATIC);
        bind_fields(u, doc, title, title_len);
        if (sqlite3_step(u) != SQLITE_DONE) return db_fail(d, err, "inserting the document");
        rowid = sqlite3_last_insert_rowid(d->db);
    } else {
        sqlite3_reset(d->st_find);
        return db_fail(d, err, "looking up the id");
    }
    if (prepare(d, &d->st_fts_insert, "INSERT INTO fts(rowid, title, body) VALUES (?1, ?2, ?3)",
                err))
        return -1;
    sqlite3_bind_int64(d->st_fts_insert, 1, rowid);
    sqlite3_bind_text(d->st_fts_insert, 2, title, (int)title_len, SQLITE_STATIC);
    sqlite3_bind_text(d->st_fts_insert, 3, doc->body, (int)doc->body_len, SQLITE_STATIC);
    if (sqlite3_step(d->st_fts_insert) != SQLITE_DONE) return db_fail(d, err, "indexing");
    *changed = 1;
    return 0;
}

static int sq_upsert(fh_backend_db *d, const fh_doc *doc, int *changed, fh_err *err)
{
    memo_clear(d);
    /* a savepoint makes the document all-or-nothing even inside a batch */
    if (exec(d, "SAVEPOINT doc", err)) return -1;
    if (upsert_steps(d, doc, changed, err)) {
        exec(d, "ROLLBACK TO doc; RELEASE doc", NULL);
        return -1;
    }
    return exec(d, "RELEASE doc", err);
}

/* ------------------------------------------------------------------ */
/* Query compilation                                                   */
/* ------------------------------------------------------------------ */



static int count_token(void *ctx, const fahras_token *t)
{
    (void)t;
    (*(int *)ctx)++;
    return 0;
}

/* Number of tokens the analyzer finds in a clause (0: nothing to match). */
static int clause_tokens(const fahras_analyzer *an, const fh_qclause *c)
{
    int n = 0;
    fahras_analyze(an, c->text, c->len, count_token, &n, NULL);
    return n;
}

/* One FTS5 phrase for a clause: "text", "=text" (exact forms) or "text" *. */
static void add_phrase(sbuf *b, const fh_qclause *c, int exact)
{
    fh_sb_str(b, exact ? "\"=" : "\"");
    fh_sb_add(b, c->text, c->len); /* the parser guarantees no '"' inside */
    fh_sb_str(b, c->prefix ? "\" *" : "\"");
}

typedef struct compiled {
    sbuf match;   /* FTS5 MATCH expression */
    sbuf weights; /* phrase weights for fahras_bm25, in phrase order */
    sbuf exact;   /* SQL conditions checking exact forms FTS5 cannot (fh_exact) */
} compiled;

/* A ranking-only phrase added to each optional word: its exact form
 * ("=word"), so the spelling the user typed ranks a little above other
 * inflections.  It never changes which documents match (it implies the
 * word's key, already OR-ed in).  Weight relative to the word itself. */
#define EXACT_FORM_WEIGHT 0.3

/* A phrase weight for fahras_bm25; term: a single word ("t", proximity). */
static void add_weight(sbuf *w, double v, int term)
{
    char buf[32];
    snprintf(buf, sizeof buf, term ? "%gt " : "%g ", v);
    fh_sb_str(w, buf);
}

/* " OR \"key\"": a near spelling (a key of Arabic letters, no quote). */
static void add_near(sbuf *m, const char *key)
{
    fh_sb_str(m, " OR \"");
    fh_sb_str(m, key);
    fh_sb_str(m, "\"");
}

static void add_should_terms(sbuf *m, sbuf *w, const fh_parsed_query *pq, const char *keep,
                             char *const *near, int demote, int exact_ok)
{
    int k = 0;
    for (size_t i = 0; i < pq->n; i++) {
        const fh_qclause *c = &pq->clauses[i];
        int should = c->occur == FH_Q_SHOULD || (demote && c->occur == FH_Q_MUST);
        if (!keep[i] || !should) continue;
        if (k++) fh_sb_str(m, " OR ");
        add_phrase(m, c, 0);
        /* "t": a single word, taking part in the proximity score */
        fh_sb_str(w, c->kind == FH_QC_WORD ? "1t " : "1 ");
        if (exact_ok && c->kind == FH_QC_WORD && !c->prefix) {
            fh_sb_str(m, " OR ");
            add_phrase(m, c, 1);
            add_weight(w, EXACT_FORM_WEIGHT, 0);
        }
        if (near[i]) { /* spelling.h: the index's nearest spelling */
            add_near(m, near[i]);
            add_weight(w, FH_SPELL_WEIGHT, 1);
        }
    }
}

/* ------------------------------------------------------------------ */
/* fh_exact(text, phrase): exact forms the index cannot tell apart     */
/* ------------------------------------------------------------------ */

/* The index keeps a word's exact form only when it differs from its key,
 * so "تحالف" in a quoted phrase would also match التحالف (key تحالف).
 * Required phrases holding such a word are checked on the candidate
 * documents: the phrase's normalized forms must occur as consecutive
 * tokens of the title or the body (Shift-And over at most 64 words). */
#define EXACT_MAX_WORDS 64

typedef struct exact_phrase {
    int n;
    char *norm[EXACT_MAX_WORDS];
    size_t len[EXACT_MAX_WORDS];
} exact_phrase;

static void exact_phrase_free(void *p)
{
    exact_phrase *e = p;
    if (!e) return;
    for (int i = 0; i < e->n; i++) free(e->norm[i]);
    free(e);
}

static int collect_norm(void *ctx, const fahras_token *t)
{
    exact_phrase *e = ctx;
    if (e->n == EXACT_MAX_WORDS) return 1;
    if (!(e->norm[e->n] = malloc(t->norm_len + 1))) return 1;
    memcpy(e->norm[e->n], t->norm, t->norm_len);
    e->norm[e->n][t->norm_len] = '\0';
    e->len[e->n++] = t->norm_len;
    return 0;
}

typedef struct exact_scan {
    const exact_phrase *p;
    uint64_t state;
    int found;
} exact_scan;

static int scan_token(void *ctx, const fahras_token *t)
{
    exact_scan *x = ctx;
    uint64_t eq = 0;
    for (int i = 0; i < x->p->n; i++)
        if (x->p->len[i] == t->norm_len && !memcmp(x->p->norm[i], t->norm, t->norm_len))
            eq |= (uint64_t)1 << i;
    x->state = ((x->state << 1) | 1) & eq;
    if (x->state & ((uint64_t)1 << (x->p->n - 1))) {
        x->found = 1;
        return 1; /* stop: found */
    }
    return 0;
}

static void exact_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const fahras_analyzer *an = sqlite3_user_data(ctx);
    exact_phrase *p = sqlite3_get_auxdata(ctx, 1);
    if (!p) {
        const char *ph = (const char *)sqlite3_value_text(argv[1]);
        if (!ph || !(p = calloc(1, sizeof *p))) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
        int rc = fahras_analyze(an, ph, (size_t)sqlite3_value_bytes(argv[1]), collect_norm, p, NULL);
        if (rc != FAHRAS_OK && rc != FAHRAS_ERR_ABORTED) p->n = 0;
        sqlite3_set_auxdata(ctx, 1, p, exact_phrase_free);
        p = sqlite3_get_auxdata(ctx, 1);
        if (!p) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
    }
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    if (p->n == 0 || p->n == EXACT_MAX_WORDS) { /* nothing to check, or too long: trust FTS5 */
        sqlite3_result_int(ctx, 1);
        return;
    }
    exact_scan x = {p, 0, 0};
    if (text) fahras_analyze(an, text, (size_t)sqlite3_value_bytes(argv[0]), scan_token, &x, NULL);
    sqlite3_result_int(ctx, x.found);
}

typedef struct differs_ctx {
    int any_same; /* a word whose normalized form is its key */
} differs_ctx;

static int note_same(void *ctx, const fahras_token *t)
{
    differs_ctx *c = ctx;
    if (!t->key_len || (t->key_len == t->norm_len && !memcmp(t->key, t->norm, t->key_len)))
        c->any_same = 1;
    return 0;
}

static int needs_exact_check(const fahras_analyzer *an, const fh_qclause *c)
{
    differs_ctx dc = {0};
    fahras_analyze(an, c->text, c->len, note_same, &dc, NULL);
    return dc.any_same;
}

/* Add "AND [NOT] (fh_exact(d.title, 'phrase') OR fh_exact(d.body, 'phrase'))"
 * (callers check needs_exact_check first). */
static void add_exact_check(sbuf *sql, const fh_qclause *c, int negate)
{
    char *lit = sqlite3_mprintf("%Q", c->text);
    if (!lit) {
        sql->oom = 1;
        return;
    }
    fh_sb_str(sql, negate ? " AND NOT (fh_exact(d.title, " : " AND (fh_exact(d.title, ");
    fh_sb_str(sql, lit);
    fh_sb_str(sql, ") OR fh_exact(d.body, ");
    fh_sb_str(sql, lit);
    fh_sb_str(sql, "))");
    sqlite3_free(lit);
}

/* A word found in more than a third of the documents carries less than one
 * nat of information (Lucene idf < 1): it still ranks, but on its own it
 * does not make a document a result.  Without this, "في" in a question
 * would make nearly every document a candidate to be scored. */
#define COMMON_DF_RATIO 3

/* Documents matching FTS5 phrase text ("word"); -1 when it cannot tell. */
static long long phrase_df(fh_backend_db *d, const char *phrase)
{
    /* counting matches reads the doclist without positions: faster than
     * fts5vocab, which this SQLite answers by the same scan plus more */
    if (!d->st_df &&
        sqlite3_prepare_v3(d->db, "SELECT count(*) FROM fts WHERE fts MATCH ?1", -1,
                           SQLITE_PREPARE_PERSISTENT, &d->st_df, NULL) != SQLITE_OK)
        return -1;
    sqlite3_reset(d->st_df);
    sqlite3_bind_text(d->st_df, 1, phrase, -1, SQLITE_STATIC);
    long long df = sqlite3_step(d->st_df) == SQLITE_ROW ? sqlite3_column_int64(d->st_df, 0) : -1;
    sqlite3_reset(d->st_df);
    return df;
}

/* Documents holding word clause c (-1: unknown). */
static long long clause_df(fh_backend_db *d, const fh_qclause *c)
{
    sbuf phrase = {0};
    add_phrase(&phrase, c, 0);
    long long df = phrase.oom ? -1 : phrase_df(d, phrase.p);
    free(phrase.p);
    return df;
}

/* *df: the word's document count when it was looked up, else -1. */
static int is_common(fh_backend_db *d, const fh_qclause *c, long long *df)
{
    *df = -1;
    if (c->kind != FH_QC_WORD || c->prefix || d->n_docs < 100 || strcmp(d->tokenizer, "fahras"))
        return 0;
    *df = clause_df(d, c);
    return *df * COMMON_DF_RATIO > d->n_docs;
}

/* For an optional word no document holds (df: its count if known, else
 * -1): the near spelling (spelling.h) the most documents hold, as a
 * malloc'ed string, or NULL. */
static char *near_spelling(fh_backend_db *d, const fh_qclause *c, long long df)
{
    char key[FAHRAS_MAX_TOKEN_BYTES + 1];
    if (c->kind != FH_QC_WORD || c->prefix || strcmp(d->tokenizer, "fahras") ||
        !fh_spell_word_key(d->an, c->text, c->len, key) ||
        (df < 0 ? clause_df(d, c) : df) != 0)
        return NULL;
    fh_spell sp;
    if (fh_spell_variants(d->an, key, &sp)) return NULL;
    char phrase[FAHRAS_MAX_TOKEN_BYTES + 3];
    for (size_t i = 0; i < sp.n; i++) {
        snprintf(phrase, sizeof phrase, "\"%s\"", sp.text[i]);
        sp.df[i] = phrase_df(d, phrase);
    }
    const char *best = fh_spell_best(&sp);
    char *out = best ? strdup(best) : NULL;
    fh_spell_free(&sp);
    return out;
}

/* Build the MATCH expression:
 *   (m1 AND m2 ... AND (s1 OR s2 ... OR m1)) NOT (n1 OR n2 ...)
 * Optional terms (s) must not restrict the result when required clauses
 * (m) exist, yet must be visible to the ranking function: OR-ing them
 * with m1 does both; that repeated m1 gets weight 0.  Without required
 * clauses, when some optional words are common (is_common) and others not,
 * a document must hold one of the others:
 *   (r1 OR r2) AND (s1 OR s2 ...)      the selecting (r) phrases weigh 0
 * Excluded phrases get weight 0.  A clause the analyzer finds no token in
 * is dropped.  demote: treat required clauses as optional (the relaxed
 * retry).  Returns 0, or 1 when nothing is left to match. */
static int compile_query(fh_backend_db *d, const fh_parsed_query *pq, compiled *out,
                         int exact_ok, int demote)
{
    int n_must = 0, n_should = 0, n_not = 0, n_rare = 0, n_near = 0;
    const fh_qclause *first_must = NULL;
    char *keep = calloc(pq->n ? pq->n : 1, 1);
    char **near = calloc(pq->n ? pq->n : 1, sizeof *near);
    if (!keep || !near) {
        free(keep);
        free(near);
        out->match.oom = 1;
        return 0;
    }
    for (size_t i = 0; i < pq->n; i++) {
        const fh_qclause *c = &pq->clauses[i];
        if (clause_tokens(d->an, c) == 0) continue;
        keep[i] = 1;
        if (c->occur == FH_Q_MUST && !demote) {
            n_must++;
            if (!first_must) first_must = c;
        } else if (c->occur == FH_Q_SHOULD || c->occur == FH_Q_MUST) {
            n_should++;
            long long df;
            if (is_common(d, c, &df)) keep[i] = 2;
            else {
                n_rare++;
                if (n_near < FH_SPELL_MAX_WORDS && (near[i] = near_spelling(d, c, df))) n_near++;
            }
        } else if (exact_ok && c->kind == FH_QC_PHRASE && needs_exact_check(d->an, c)) {
            /* the index would exclude other forms too: exclude in SQL */
            add_exact_check(&out->exact, c, 1);
            keep[i] = 0;
        } else {
            n_not++;
        }
    }
    int rc = 0;
    if (n_must + n_should == 0) {
        rc = 1;
        goto done;
    }
    sbuf *m = &out->match, *w = &out->weights;
    fh_sb_str(m, "(");
    int k = 0;
    for (size_t i = 0; i < pq->n && !demote; i++) {
        const fh_qclause *c = &pq->clauses[i];
        if (!keep[i] || c->occur != FH_Q_MUST) continue;
        if (k++) fh_sb_str(m, " AND ");
        add_phrase(m, c, exact_ok && c->kind == FH_QC_PHRASE);
        fh_sb_str(w, "1 ");
        if (exact_ok && c->kind == FH_QC_PHRASE && needs_exact_check(d->an, c))
            add_exact_check(&out->exact, c, 0);
    }
    if (!n_must && n_rare && n_rare < n_should) {
        fh_sb_str(m, "(");
        k = 0;
        for (size_t i = 0; i < pq->n; i++) {
            const fh_qclause *c = &pq->clauses[i];
            if (keep[i] != 1 || c->occur == FH_Q_MUST_NOT) continue;
            if (k++) fh_sb_str(m, " OR ");
            add_phrase(m, c, 0);
            fh_sb_str(w, "0 ");
            if (near[i]) {
                add_near(m, near[i]);
                fh_sb_str(w, "0 ");
            }
        }
        fh_sb_str(m, ") AND (");
        add_should_terms(m, w, pq, keep, near, demote, exact_ok);
        fh_sb_str(m, ")");
    } else if (n_should) {
        if (n_must) fh_sb_str(m, " AND (");
        add_should_terms(m, w, pq, keep, near, demote, exact_ok);
        if (n_must) {
            fh_sb_str(m, " OR ");
            add_phrase(m, first_must, exact_ok && first_must->kind == FH_QC_PHRASE);
            fh_sb_str(w, "0 ");
            fh_sb_str(m, ")");
        }
    }
    fh_sb_str(m, ")");
    if (n_not) {
        fh_sb_str(m, " NOT (");
        k = 0;
        for (size_t i = 0; i < pq->n; i++) {
            const fh_qclause *c = &pq->clauses[i];
            if (!keep[i] || c->occur != FH_Q_MUST_NOT) continue;
            if (k++) fh_sb_str(m, " OR ");
            add_phrase(m, c, exact_ok && c->kind == FH_QC_PHRASE);
            fh_sb_str(w, "0 ");
        }
        fh_sb_str(m, ")");
    }
done:
    for (size_t i = 0; i < pq->n; i++) free(near[i]);
    free(near);
    free(keep);
    return rc;
}

/* WHERE conditions for the filters; binds start at parameter 3. */
static void add_filters(sbuf *sql, const fh_query *q, const compiled *c)
{
    if (c->exact.n) fh_sb_str(sql, c->exact.p);
    if (q->source && *q->source) fh_sb_str(sql, " AND d.source = ?3");
    if (q->category && *q->category) fh_sb_str(sql, " AND d.category = ?4");
    if (q->date_from && *q->date_from) fh_sb_str(sql, " AND d.date >= ?5");
    if (q->date_to && *q->date_to) fh_sb_str(sql, " AND substr(d.date, 1, length(?6)) <= ?6");
}

static void bind_filters(sqlite3_stmt *st, const fh_query *q)
{
    if (q->source && *q->source) sqlite3_bind_text(st, 3, q->source, -1, SQLITE_STATIC);
    if (q->category && *q->category) sqlite3_bind_text(st, 4, q->category, -1, SQLITE_STATIC);
    if (q->date_from && *q->date_from) sqlite3_bind_text(st, 5, q->date_from, -1, SQLITE_STATIC);
    if (q->date_to && *q->date_to) sqlite3_bind_text(st, 6, q->date_to, -1, SQLITE_STATIC);
}

static const char *col_text(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? s : "";
}

/* ------------------------------------------------------------------ */
/* What a facets call leaves for the search that follows it            */
/* ------------------------------------------------------------------ */

/* The facet pass (sq_facets) reads every document the query matches,
 * filters included, so its row count is the total a search of the same
 * request reports.  It leaves that count and the compiled query here, and
 * the next search on this handle takes them when its request (q and
 * filters) is the same, instead of counting the matches again: the HTTP
 * API asks for the facets first, then for the page, back to back on one
 * handle.  The memo serves one search only; any other search or any write
 * through the handle drops it, and so does a commit by another connection
 * in between (PRAGMA data_version). */
typedef struct facet_memo {
    sbuf key;   /* the request, as memo_key writes it */
    long long version; /* data_version when the facets were counted */
    long total; /* documents matched */
    int empty;  /* compile_query found nothing to match */
    compiled c; /* compile_query(d, pq, &c, exact_ok, 0) */
} facet_memo;

static void compiled_free(compiled *c)
{
    free(c->match.p);
    free(c->weights.p);
    free(c->exact.p);
    memset(c, 0, sizeof *c);
}

static void memo_free(facet_memo *m)
{
    if (!m) return;
    compiled_free(&m->c);
    free(m->key.p);
    free(m);
}

static void memo_clear(fh_backend_db *d)
{
    memo_free(d->memo);
    d->memo = NULL;
}

/* q and the filters that take part in the match; an empty filter is no
 * filter (add_filters).  Fields cannot hold NUL: each ends with one. */
static void memo_key(sbuf *k, const fh_query *q)
{
    const char *f[5] = {q->q, q->source, q->category, q->date_from, q->date_to};
    for (int i = 0; i < 5; i++) {
        if (f[i] && *f[i]) {
            fh_sb_str(k, "+");
            fh_sb_str(k, f[i]);
        }
        fh_sb_add(k, "", 1);
    }
}

/* PRAGMA data_version: changes when another connection commits; -1 if
 * it cannot tell. */
static long long data_version(fh_backend_db *d)
{
    if (!d->st_dv && sqlite3_prepare_v3(d->db, "PRAGMA data_version", -1,
                                        SQLITE_PREPARE_PERSISTENT, &d->st_dv, NULL) != SQLITE_OK)
        return -1;
    long long v = sqlite3_step(d->st_dv) == SQLITE_ROW ? sqlite3_column_int64(d->st_dv, 0) : -1;
    sqlite3_reset(d->st_dv);
    return v;
}

/* Take the memo if it is for request q and the data it counted (the
 * caller owns it), else drop it. */
static facet_memo *memo_take(fh_backend_db *d, const fh_query *q)
{
    facet_memo *m = d->memo;
    d->memo = NULL;
    if (!m) return NULL;
    sbuf k = {0};
    memo_key(&k, q);
    int same = !k.oom && k.n == m->key.n && !memcmp(k.p, m->key.p, k.n) && m->version >= 0 &&
               data_version(d) == m->version;
    free(k.p);
    if (same) return m;
    memo_free(m);
    return NULL;
}

/* One search pass; *delivered receives the number of hits passed to fn. */
static int search_pass(fh_backend_db *d, const fh_query *q, const fh_parsed_query *pq,
                       int demote, fh_hit_fn fn, void *ctx, long *total, int *delivered,
                       fh_err *err)
{
    compiled c;
    memset(&c, 0, sizeof c);
    int exact_ok = !strcmp(d->tokenizer, "fahras");
    long known = -1; /* the number of matches, when the facet pass counted them */
    int empty;
    facet_memo *memo = demote ? NULL : memo_take(d, q);
    if (memo) {
        c = memo->c; /* the same compile_query call, made for the facets */
        memset(&memo->c, 0, sizeof memo->c);
        empty = memo->empty;
        known = memo->total;
        memo_free(memo);
    } else {
        empty = compile_query(d, pq, &c, exact_ok, demote);
    }
    sbuf sql = {0}, rankfn = {0};
    int rc = -1;
    *delivered = 0;
    if (c.match.oom || c.weights.oom || c.exact.oom) {
        fh_fail(err, "out of memory");
        goto done;
    }
    if (empty) { /* only punctuation: nothing can match */
        rc = 0;
        goto done;
    }
    sqlite3_stmt *st = NULL;
    if (known >= 0) {
        if (total) *total = known;
        if (known <= q->offset) { /* no match on this page: nothing to rank */
            rc = 0;
            goto done;
        }
    } else if (total) {
        fh_sb_str(&sql, "SELECT count(*) FROM fts JOIN docs d ON d.rowid = fts.rowid "
                     "WHERE fts MATCH ?1");
        add_filters(&sql, q, &c);
        if (sql.oom || sqlite3_prepare_v2(d->db, sql.p, -1, &st, NULL) != SQLITE_OK) {
            db_fail(d, err, "preparing the count");
            goto done;
        }
        sqlite3_bind_text(st, 1, c.match.p, -1, SQLITE_STATIC);
        bind_filters(st, q);
        if (sqlite3_step(st) != SQLITE_ROW) {
            fh_fail(err, "%s: counting matches: %s", d->path, sqlite3_errmsg(d->db));
            sqlite3_finalize(st);
            goto done;
        }
        *total = (long)sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        st = NULL;
        sql.n = 0;
    }
    fh_sb_str(&sql, "SELECT d.id, d.title, d.date, d.source, d.category, d.url, -fts.rank");
    fh_sb_str(&sql, q->no_snippets ? ", NULL"
                                : ", snippet(fts, 1, char(2), char(3), '...', 32)");
    fh_sb_str(&sql, " FROM fts JOIN docs d ON d.rowid = fts.rowid WHERE fts MATCH ?1"
                 " AND fts.rank MATCH ?2");
    add_filters(&sql, q, &c);
    fh_sb_str(&sql, " ORDER BY fts.rank LIMIT ?7 OFFSET ?8");
    fh_sb_str(&rankfn, "fahras_bm25('");
    fh_sb_str(&rankfn, c.weights.p);
    fh_sb_str(&rankfn, "', '" TITLE_WEIGHT " 1')");
    if (sql.oom || rankfn.oom || sqlite3_prepare_v2(d->db, sql.p, -1, &st, NULL) != SQLITE_OK) {
        db_fail(d, err, "preparing the search");
        goto done;
    }
    sqlite3_bind_text(st, 1, c.match.p, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, rankfn.p, -1, SQLITE_STATIC);
    bind_filters(st, q);
    sqlite3_bind_int(st, 7, q->limit);
    sqlite3_bind_int(st, 8, q->offset);
    int rank = q->offset, step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        fh_hit h;
        h.rank = ++rank;
        h.id = col_text(st, 0);
        h.title = col_text(st, 1);
        h.date = col_text(st, 2);
        h.source = col_text(st, 3);
        h.category = col_text(st, 4);
        h.url = col_text(st, 5);
        h.score = sqlite3_column_double(st, 6);
        h.snippet = q->no_snippets ? NULL : col_text(st, 7);
        ++*delivered;
        if (fn(ctx, &h)) break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE) {
        fh_fail(err, "%s: search failed: %s", d->path, sqlite3_errmsg(d->db));
        sqlite3_finalize(st);
        goto done;
    }
    sqlite3_finalize(st);
    rc = 0;
done:
    compiled_free(&c);
    free(sql.p);
    free(rankfn.p);
    return rc;
}

static int sq_search(fh_backend_db *d, const fh_query *q, const fh_parsed_query *pq, fh_hit_fn fn,
                     void *ctx, long *total, fh_err *err)
{
    int delivered = 0;
    int rc = search_pass(d, q, pq, 0, fn, ctx, total, &delivered, err);
    memo_clear(d); /* one search only (search_pass took it if it was ours) */
    if (rc) return -1;
    /* Nothing at all with a required phrase or +word (a question that
     * quotes a title spelled differently in the text): rather than no
     * answer, rank by the same words with nothing required. */
    if (delivered == 0 && q->offset == 0 && pq->n_must > 0 && (!total || *total == 0))
        return search_pass(d, q, pq, 1, fn, ctx, total, &delivered, err);
    return 0;
}

/* ------------------------------------------------------------------ */
/* Facets: one pass over the matches, counted in C                     */
/* ------------------------------------------------------------------ */

/* FH_FACET_TOP values returned per kind (store.h), ties by value in
 * SQLite's BINARY order. */
/* Memory for one kind's distinct values (text, entries, hash slots).
 * Every distinct value among the matches is counted (the top 100 are only
 * known at the end); about 50,000 short values fit.  A kind with more
 * gives up its table and is counted by SQL instead (GROUP BY, whose
 * sorter spills to disk), so the answer is the same and the memory of a
 * request stays under 3 x this, whatever the number of matches. */
#define FACET_MAX_BYTES ((size_t)4 << 20)

typedef struct facet_val {
    char *text; /* len bytes and a NUL */
    size_t len;
    long count;
    uint32_t hash;
} facet_val;

typedef struct facet_tab {
    facet_val *vals; /* distinct values, in the order first seen */
    size_t n, cap;
    uint32_t *slots; /* open addressing: 1 + index into vals, 0 = free */
    size_t nslots;   /* a power of two, at least twice n */
    size_t bytes;    /* memory held */
    int overflow;    /* over FACET_MAX_BYTES (or out of memory): table given up */
} facet_tab;

static void facet_tab_free(facet_tab *t)
{
    for (size_t i = 0; i < t->n; i++) free(t->vals[i].text);
    free(t->vals);
    free(t->slots);
    int overflow = t->overflow;
    memset(t, 0, sizeof *t);
    t->overflow = overflow;
}

static void facet_give_up(facet_tab *t)
{
    t->overflow = 1;
    facet_tab_free(t);
}

static uint32_t facet_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return (uint32_t)(h ^ (h >> 32));
}

/* Rebuild the slots at nslots (a power of two > 2 * t->n). */
static int facet_rehash(facet_tab *t, size_t nslots)
{
    uint32_t *slots = calloc(nslots, sizeof *slots);
    if (!slots) return -1;
    for (size_t i = 0; i < t->n; i++) {
        size_t j = t->vals[i].hash & (nslots - 1);
        while (slots[j]) j = (j + 1) & (nslots - 1);
        slots[j] = (uint32_t)(i + 1);
    }
    t->bytes = t->bytes - t->nslots * sizeof *slots + nslots * sizeof *slots;
    free(t->slots);
    t->slots = slots;
    t->nslots = nslots;
    return 0;
}

/* Count one occurrence of s[0..n) (n > 0). */
static void facet_add(facet_tab *t, const char *s, size_t n)
{
    if (t->overflow) return;
    uint32_t h = facet_hash(s, n);
    size_t j = 0;
    if (t->nslots) {
        for (j = h & (t->nslots - 1); t->slots[j]; j = (j + 1) & (t->nslots - 1)) {
            facet_val *v = &t->vals[t->slots[j] - 1];
            if (v->hash == h && v->len == n && !memcmp(v->text, s, n)) {
                v->count++;
                return;
            }
        }
    }
    /* a new value: room for it, its entry and (at half load) more slots */
    size_t need = n + 1, cap = t->cap, nslots = t->nslots;
    if (t->n == cap) {
        cap = cap ? cap * 2 : 16;
        need += (cap - t->cap) * sizeof *t->vals;
    }
    if ((t->n + 1) * 2 > nslots) {
        nslots = nslots ? nslots * 2 : 64;
        need += (nslots - t->nslots) * sizeof *t->slots;
    }
    if (t->bytes + need > FACET_MAX_BYTES) {
        facet_give_up(t);
        return;
    }
    if (cap != t->cap) {
        facet_val *vals = realloc(t->vals, cap * sizeof *vals);
        if (!vals) {
            facet_give_up(t);
            return;
        }
        t->vals = vals;
        t->bytes += (cap - t->cap) * sizeof *vals;
        t->cap = cap;
    }
    char *text = malloc(n + 1);
    if (!text) {
        facet_give_up(t);
        return;
    }
    memcpy(text, s, n);
    text[n] = '\0';
    t->vals[t->n] = (facet_val){text, n, 1, h};
    t->n++;
    t->bytes += n + 1;
    if (nslots != t->nslots) {
        if (facet_rehash(t, nslots)) facet_give_up(t);
        return;
    }
    t->slots[j] = (uint32_t)t->n; /* j: the free slot the probe ended on */
}

/* Count desc, then value in BINARY order (bytes, then shorter first). */
static int facet_cmp(const void *a, const void *b)
{
    const facet_val *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    int c = memcmp(x->text, y->text, x->len < y->len ? x->len : y->len);
    if (c) return c;
    return x->len < y->len ? -1 : x->len > y->len;
}

/* Deliver the top FH_FACET_TOP values of t (sorting t->vals, which ends its
 * use as a hash table). */
static void facet_emit(facet_tab *t, const char *kind, fh_facet_fn fn, void *ctx)
{
    if (t->n > 1) qsort(t->vals, t->n, sizeof *t->vals, facet_cmp);
    for (size_t i = 0; i < t->n && i < FH_FACET_TOP; i++)
        if (fn(ctx, kind, t->vals[i].text, t->vals[i].count)) break;
}

static const struct {
    const char *kind, *expr;
} facet_kinds[] = {{"source", "d.source"}, {"category", "d.category"}, {"month", "substr(d.date, 1, 7)"}};
#define N_FACETS (sizeof facet_kinds / sizeof facet_kinds[0])

/* One kind counted by SQL (a table that outgrew FACET_MAX_BYTES). */
static int facet_by_sql(fh_backend_db *d, const fh_query *q, const compiled *c, size_t f,
                        fh_facet_fn fn, void *ctx, fh_err *err)
{
    char top[32];
    snprintf(top, sizeof top, " LIMIT %d", FH_FACET_TOP);
    sbuf sql = {0};
    fh_sb_str(&sql, "SELECT ");
    fh_sb_str(&sql, facet_kinds[f].expr);
    fh_sb_str(&sql, " AS v, count(*) FROM fts JOIN docs d ON d.rowid = fts.rowid "
                 "WHERE fts MATCH ?1");
    add_filters(&sql, q, c);
    fh_sb_str(&sql, " AND v IS NOT NULL AND v != '' GROUP BY v ORDER BY 2 DESC, 1");
    fh_sb_str(&sql, top);
    sqlite3_stmt *st = NULL;
    int rc = 0;
    if (sql.oom || sqlite3_prepare_v2(d->db, sql.p, -1, &st, NULL) != SQLITE_OK) {
        rc = db_fail(d, err, "preparing facets");
    } else {
        sqlite3_bind_text(st, 1, c->match.p, -1, SQLITE_STATIC);
        bind_filters(st, q);
        int step;
        while ((step = sqlite3_step(st)) == SQLITE_ROW)
            if (fn(ctx, facet_kinds[f].kind, col_text(st, 0), (long)sqlite3_column_int64(st, 1)))
                break;
        if (step != SQLITE_ROW && step != SQLITE_DONE) rc = db_fail(d, err, "facets");
    }
    sqlite3_finalize(st);
    free(sql.p);
    return rc;
}

/* The three facets from one pass over the matching documents (each
 * GROUP BY query would evaluate the full-text match again).  The pass
 * also counts the matches: see facet_memo. */
static int sq_facets(fh_backend_db *d, const fh_query *q, const fh_parsed_query *pq,
                     fh_facet_fn fn, void *ctx, fh_err *err)
{
    memo_clear(d);
    facet_memo *memo = calloc(1, sizeof *memo);
    if (!memo) return fh_fail(err, "out of memory");
    compiled *c = &memo->c;
    memo->version = data_version(d);
    memo->empty = compile_query(d, pq, c, !strcmp(d->tokenizer, "fahras"), 0);
    memo_key(&memo->key, q);
    facet_tab tabs[N_FACETS];
    memset(tabs, 0, sizeof tabs);
    sbuf sql = {0};
    sqlite3_stmt *st = NULL;
    long rows = 0;
    int rc = 0;
    if (c->match.oom || c->weights.oom || c->exact.oom || memo->key.oom)
        rc = fh_fail(err, "out of memory");
    if (!rc && !memo->empty) {
        fh_sb_str(&sql, "SELECT d.source, d.category, substr(d.date, 1, 7)"
                     " FROM fts JOIN docs d ON d.rowid = fts.rowid WHERE fts MATCH ?1");
        add_filters(&sql, q, c);
        if (sql.oom || sqlite3_prepare_v2(d->db, sql.p, -1, &st, NULL) != SQLITE_OK) {
            rc = db_fail(d, err, "preparing facets");
        } else {
            sqlite3_bind_text(st, 1, c->match.p, -1, SQLITE_STATIC);
            bind_filters(st, q);
            int step;
            while ((step = sqlite3_step(st)) == SQLITE_ROW) {
                rows++;
                for (size_t f = 0; f < N_FACETS; f++) {
                    const char *v = (const char *)sqlite3_column_text(st, (int)f);
                    size_t n = (size_t)sqlite3_column_bytes(st, (int)f);
                    if (v && n) facet_add(&tabs[f], v, n); /* NULL and '' are no value */
                }
            }
            if (step != SQLITE_DONE) rc = db_fail(d, err, "facets");
        }
        sqlite3_finalize(st);
    }
    for (size_t f = 0; !rc && f < N_FACETS; f++) {
        if (tabs[f].overflow) rc = facet_by_sql(d, q, c, f, fn, ctx, err);
        else facet_emit(&tabs[f], facet_kinds[f].kind, fn, ctx);
    }
    for (size_t f = 0; f < N_FACETS; f++) facet_tab_free(&tabs[f]);
    free(sql.p);
    if (rc) {
        memo_free(memo);
        return -1;
    }
    memo->total = rows;
    d->memo = memo;
    return 0;
}

static int sq_get(fh_backend_db *d, const char *id, fh_doc_fn fn, void *ctx, int *found,
                  fh_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(d->db,
                           "SELECT id, title, body, date, source, category, url, extra "
                           "FROM docs WHERE id = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return db_fail(d, err, "preparing get");
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        fh_doc doc;
        const char **fields[] = {&doc.id,     &doc.title, &doc.body,       &doc.date,
                                 &doc.source, &doc.category, &doc.url, &doc.extra_json};
        size_t *lens[] = {&doc.id_len,     &doc.title_len, &doc.body_len,       &doc.date_len,
                          &doc.source_len, &doc.category_len, &doc.url_len, &doc.extra_json_len};
        for (int i = 0; i < 8; i++) {
            *fields[i] = (const char *)sqlite3_column_text(st, i);
            *lens[i] = (size_t)sqlite3_column_bytes(st, i);
        }
        *found = 1;
        fn(ctx, &doc);
    } else if (step != SQLITE_DONE) {
        sqlite3_finalize(st);
        return db_fail(d, err, "reading the document");
    }
    sqlite3_finalize(st);
    return 0;
}

static int sq_stats(fh_backend_db *d, fh_stats *out, fh_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(d->db,
                           "SELECT count(*), count(DISTINCT source), min(NULLIF(date, '')), "
                           "max(NULLIF(date, '')) FROM docs",
                           -1, &st, NULL) != SQLITE_OK)
        return db_fail(d, err, "reading statistics");
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return db_fail(d, err, "reading statistics");
    }
    out->documents = (long)sqlite3_column_int64(st, 0);
    out->sources = (long)sqlite3_column_int64(st, 1);
    snprintf(out->date_min, sizeof out->date_min, "%s", col_text(st, 2));
    snprintf(out->date_max, sizeof out->date_max, "%s", col_text(st, 3));
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
    if (strcmp(d->tokenizer, "fahras"))
        snprintf(out->analyzer_options, sizeof out->analyzer_options, "tokenizer=%s",
                 d->tokenizer);
    snprintf(out->backend, sizeof out->backend, "sqlite");
    return 0;
}

static const fh_store_backend sqlite_backend = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .analyzer = sq_analyzer,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .upsert = sq_upsert,
    .search = sq_search,
    .facets = sq_facets,
    .get = sq_get,
    .stats = sq_stats,
};

const fh_store_backend *fh_store_sqlite_backend(void)
{
    return &sqlite_backend;
}
