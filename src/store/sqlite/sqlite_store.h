/*
 * sqlite_store.h - the SQLite backend's shared state, between its files:
 *   db.c         opening, schema and meta, statistics, documents by id
 *   write.c      transactions and upserts
 *   translate.c  a query plan as an FTS5 MATCH expression, weights and SQL
 *                conditions (no database: also built into the extension)
 *   planning.c   planning options, document count and frequencies
 *   search.c     evaluating a plan: facets and total in one pass, the page
 *   exact_sql.c  fh_exact(text, phrase), the exact-phrase check in SQL
 *   spans.c      entities, dates and counts: their tables, filters, facets
 *   span_blob.c  a document's span rows as one value
 *   span_cache.c those rows in memory for searches under a work budget
 *
 * Schema (schema_version 3; 1 for an FTS5-only store):
 *   meta(key, value)   analyzer version and options (the core's describe
 *                      string), tokenizer, schema version
 *   docs(rowid, id UNIQUE, title, body, date, source, category, url, extra)
 *   bp_*               boilerplate records and masks (boiler.c)
 *   doc_spans, entity_docs, event_docs   entities, dates, counts (spans.c)
 *   fts   fts5(title, body, content='docs', content_rowid='rowid',
 *              tokenize='fahras ...the describe string...')
 *
 * A handle is for one thread at a time (it caches prepared statements);
 * open one handle per thread, WAL lets readers run beside a writer.
 */
#ifndef FAHRAS_SQLITE_STORE_H
#define FAHRAS_SQLITE_STORE_H

#include <sqlite3.h>
#include <stdint.h>
#include <string.h>

#include "store_backend.h"

#define SQ_BP_STMTS 16 /* boiler.c's statements */

struct fh_backend_db {
    sqlite3 *db;
    char *path;
    int mode;             /* FH_STORE_READ or FH_STORE_WRITE */
    int row_spans;        /* schema 2: entities may be rows of doc_span (spans.c converts them) */
    int immutable;        /* opened with immutable=1 (a read-only database, db.c) */
    /* The file as opened, to notice it replaced (sq_stale): device and
     * inode, the largest size seen, the modification time. */
    unsigned long long dev, ino;
    long long size, mtime_ns;
    int broken;           /* SQLite found the file corrupt or unreadable */
    /* The work budget of the current read request (db.c): steps counted
     * by the progress handler, the deadline, whether it stopped one. */
    fh_budget budget;
    long long steps;
    double deadline;
    int over_budget;
    fahras_analyzer *an;
    fahras_options opts;
    char tokenizer[32]; /* "fahras", or a baseline FTS5 tokenizer */
    sqlite3_stmt *st_find, *st_insert, *st_update, *st_fts_insert, *st_fts_delete;
    sqlite3_stmt *st_df;    /* documents matching an FTS5 expression */
    sqlite3_stmt *st_count; /* documents in the store */
    struct fh_index *ix;    /* the store's own index (src/index), NULL: FTS5 only */
    int has_fts;            /* the FTS5 table exists (kept in step on writes) */
    sqlite3_stmt *st_row;   /* a hit's row by rowid */
    sqlite3_stmt *st_row_meta; /* the same without the body (no snippets made) */
    sqlite3_stmt *st_row_id;   /* its id alone (fh_query.ids_only) */
    sqlite3_stmt *st_read_begin, *st_read_end; /* a read request's transaction */
    /* variant spellings (variants.c): whether the table exists, a word's
     * variants; prepared once, asked for each word of each query */
    sqlite3_stmt *st_var_have, *st_var_get;
    /* inside a read request (sq_request_begin .. end): whether the table
     * exists as first asked in it (-1: not asked yet) */
    int in_request, var_have;
    int request_txn; /* the request began a read transaction (sq_request_begin) */
    /* whether the table exists as last looked up, and the data_version it
     * was looked up at (var_known 0: never): no other connection committed
     * since, so the schema is the same (this one's writes forget it) */
    int var_known, var_known_have;
    long long var_known_dv;
    sqlite3_stmt *st_var_dv;
    /* near-duplicate records (dups.c) */
    int dup_tables;
    int dup_copy_index; /* dups.c's indexes of copies and of members made on this connection */
    /* dups.c's clustered documents, and when they were read */
    struct sq_clustered *clustered;
    long long clustered_version, clustered_changes;
    sqlite3_stmt *st_dup_lookup, *st_dup_delkeys, *st_dup_put, *st_dup_key, *st_dup_get;
    sqlite3_stmt *st_dup_keys; /* SQ_DUP_KEY_ROWS keys at once */
    sqlite3_stmt *st_dup_members; /* one cluster's documents: asked for each hit shown */
    /* entities, dates and counts (spans.c), and the rows the entity facets
     * read, in memory for searches under a work budget (span_cache.c) */
    int span_table; /* 1: doc_spans exists (an older store's doc_span made into it) */
    struct sq_span_cache *span_cache;
    sqlite3_stmt *st_span_doc, *st_span_del, *st_span_put, *st_span_rows;
    sqlite3_stmt *st_ent_del, *st_event_del;
    /* inserts of 1, 2, 4, ... SQ_SPAN_PUT_MAX rows at once: a document's
     * entity_docs and event_docs rows take a few statements, not one each */
#define SQ_SPAN_PUTS 5
#define SQ_SPAN_PUT_MAX (1 << (SQ_SPAN_PUTS - 1))
    sqlite3_stmt *st_ent_put[SQ_SPAN_PUTS], *st_event_put[SQ_SPAN_PUTS];
    /* the document the last write changed (write.c), for its spans: its
     * id, row and whether the write made the row (no spans to remove) */
    char *wrote_id;
    size_t wrote_len, wrote_cap;
    long long wrote_rowid; /* 0: none */
    int wrote_new;
    /* boilerplate records (boiler.c) */
    int bp_tables;
    sqlite3_stmt *st_bp[SQ_BP_STMTS], *st_mask_put, *st_mask_put_none;
    sqlite3_stmt *st_get; /* a document by id (db.c), made for st_get_masks */
    int st_get_masks;
    sqlite3_stmt *st_dup_byrow;
    sqlite3_stmt *st_savepoint, *st_release; /* around each document's write (write.c) */
    struct sq_dup_pending *dup_pending; /* keys not yet in dup_key (dup_pending.c) */
    int dup_ready;                      /* format checked, pending keys loaded (dups.c) */
    int dup_keys_empty;                 /* dup_key holds nothing yet (dups.c) */
    long long dup_last_rowid;           /* the last dup_doc rowid this handle knows of */
    struct sq_dup_filter *dup_filter;   /* dup_key's keys (dup_filter.c), NULL: not made */
    long dup_unfiltered;                /* dup_key lookups made without it */
};

/* Whether the store's index is fahras's own (exact forms, keys). */
static inline int sq_is_fahras(const fh_backend_db *d)
{
    return !strcmp(d->tokenizer, "fahras");
}

int sq_db_fail(fh_backend_db *d, fh_err *err, const char *what);
/* Work done by the own index in the current request (db.c's budget):
 * non-zero once the request is over its budget. */
int sq_spend(void *d, uint64_t more);
int sq_exec(fh_backend_db *d, const char *sql, fh_err *err);
/* Prepare *st once (SQLITE_PREPARE_PERSISTENT), or reset it for reuse. */
int sq_prepare(fh_backend_db *d, sqlite3_stmt **st, const char *sql, fh_err *err);
const char *sq_col_text(sqlite3_stmt *st, int i);
/* A hit's id, title, date, source, category and url from columns 0..5,
 * the order every statement listing hits selects them in. */
void sq_col_hit(sqlite3_stmt *st, fh_hit *hit);

/* write.c */
int sq_begin(fh_backend_db *d, fh_err *err);
int sq_commit(fh_backend_db *d, fh_err *err);
int sq_rollback(fh_backend_db *d, fh_err *err);
int sq_upsert(fh_backend_db *d, const fh_doc *doc, int *changed, fh_err *err);

/* spans.c: entities, dates and counts of the documents. */
int sq_spans_kept(fh_backend_db *d);
/* Before reading them: a store that keeps them in the older layout (one
 * doc_span row a span) has them made into the current one. */
int sq_spans_ready(fh_backend_db *d, fh_err *err);
int sq_put_spans(fh_backend_db *d, const fh_doc *doc, const fh_doc_spans *sp, fh_err *err);
/* The filters as SQL conditions on d.rowid, appended to w. */
int sq_spans_where(const fh_entity_filters *f, sbuf *w);
/* The row ids passing the filters, sorted (*out owned by the caller). */
/* qsort's order of int64_t row ids. */
int sq_by_rowid(const void *a, const void *b);
/* a[0..*na) keeps what b[0..nb) holds too (both sorted). */
void sq_rowids_intersect(int64_t *a, size_t *na, const int64_t *b, size_t nb);
int sq_spans_allowed(fh_backend_db *d, const fh_entity_filters *f, int64_t **out, size_t *n,
                     fh_err *err);
/* Before a search's sq_spans_feed calls: the rows in memory when the
 * request has a work budget (span_cache.c). */
int sq_spans_facets_ready(fh_backend_db *d, fh_err *err);
/* The PER, ORG, LOC and DATE rows of document rowid into e, as its doc-th. */
int sq_spans_feed(fh_backend_db *d, int64_t rowid, long doc, fh_entfacets *e, fh_err *err);

/* span_blob.c: a document's rows as one value. */
/* rows[0..n) in the order the value keeps: type, key, value. */
void sq_span_rows_sort(const fh_span_row **rows, size_t n);
/* The value of rows[0..n) (sorted) appended to b; -1 when out of memory. */
int sq_span_blob_make(const fh_span_row *const *rows, size_t n, sbuf *b);
/* The row at *at of blob[0..n) into *r (its strings point into blob),
 * *at moved past it: 1, or 0 at the end, -1 when the value is damaged. */
int sq_span_blob_next(const void *blob, size_t n, size_t *at, fh_span_row *r);

/* span_cache.c */
typedef struct sq_span_cache sq_span_cache;
void sq_span_cache_free(sq_span_cache *c); /* NULL-safe */
/* d->span_cache built for the database as it is now. */
int sq_span_cache_ready(fh_backend_db *d, fh_err *err);
/* The rows of document rowid from the cache into e, as its doc-th. */
int sq_span_cache_feed(fh_backend_db *d, int64_t rowid, long doc, fh_entfacets *e);
/* The documents (sorted, unique; *out owned by the caller) passing part
 * `part` of f: entity filter part, or the event range when part == f->n.
 * Counted against the request's budget a step a document. */
int sq_span_cache_docs(fh_backend_db *d, const fh_entity_filters *f, int part, int64_t **out,
                       size_t *n, fh_err *err);

/* translate.c: a plan in FTS5 terms. */
typedef struct sq_match {
    sbuf match;   /* FTS5 MATCH expression */
    sbuf weights; /* phrase weights for fahras_bm25, in phrase order */
    sbuf where;   /* SQL conditions on d.* (exact checks, filters) */
    const char *from; /* the matching documents d: "FROM ... WHERE ...", where to append */
    int n_params; /* filter parameters bound from ?3 on */
    const char *params[8];
} sq_match;
/* p NULL: a browse (store_backend.h), the filters alone. */
int sq_translate(fh_backend_db *d, const fh_plan *p, const fh_query *q, sq_match *m, fh_err *err);
void sq_match_free(sq_match *m);
void sq_bind_params(sqlite3_stmt *st, const sq_match *m);
/* One clause as an FTS5 phrase, as sq_translate writes it. */
void sq_add_phrase(fh_backend_db *d, sbuf *b, const fh_plan_clause *c);
/* planning.c: what planning asks of the store. */
int sq_planning(fh_backend_db *d, fh_plan_opts *o, fh_plan_stats *st, fh_err *err);

/* search.c */
int sq_search(fh_backend_db *d, const fh_backend_search *req, long *total, fh_err *err);

/* own_index.c: the store's own index (index.h) when the database has one:
 * attached at open (the FTS5 table made on request), searched instead of
 * FTS5, its statistics for planning. */
int sq_index_open(fh_backend_db *d, int mode, int want_fts, fh_err *err);
int sq_index_search(fh_backend_db *d, const fh_backend_search *req, long *total, fh_err *err);
int sq_index_planning(fh_backend_db *d, fh_plan_opts *o, fh_plan_stats *st, fh_err *err);
void sq_index_close(fh_backend_db *d);

/* dups.c: near-duplicate records (store_backend.h's dups_* operations). */
int sq_dups_prepare(fh_backend_db *d, fh_err *err);
/* dup_pending.c: the open transaction's lookup keys, written at commit. */
typedef struct sq_dup_pending sq_dup_pending;
int sq_pending_add(fh_backend_db *d, const char *id, int64_t rowid, const int64_t *keys, size_t n);
/* id's entries gone: keys[0..n), the keys it was added with */
void sq_pending_drop(fh_backend_db *d, const char *id, const int64_t *keys, size_t n);
/* fn with the dup_doc rowid of each document holding FH_DUP_MIN_BANDS of
 * keys[0..n_band) or one of keys[n_band..n) */
int sq_pending_find(fh_backend_db *d, const int64_t *keys, size_t n_band, size_t n,
                    int (*fn)(void *ctx, int64_t rowid), void *ctx);
size_t sq_pending_count(const fh_backend_db *d);
int sq_pending_flush(fh_backend_db *d, fh_err *err); /* into dup_key, then cleared */
/* dups.c: at a commit (all: every key held, else once there are many) and
 * after a rollback */
int sq_dups_begin(fh_backend_db *d, fh_err *err);
int sq_dups_commit(fh_backend_db *d, int all, fh_err *err);
void sq_dups_rollback(fh_backend_db *d);
void sq_pending_clear(fh_backend_db *d);
void sq_pending_free(fh_backend_db *d);
/* dup_filter.c: which keys dup_key may hold.  add and full: 1 once past
 * its capacity (it then passes more absent keys: build a larger one). */
typedef struct sq_dup_filter sq_dup_filter;
sq_dup_filter *sq_filter_new(size_t cap);
void sq_filter_free(sq_dup_filter *f);
int sq_filter_add(sq_dup_filter *f, int64_t key);
int sq_filter_has(const sq_dup_filter *f, int64_t key);
size_t sq_filter_count(const sq_dup_filter *f);
int sq_filter_full(const sq_dup_filter *f);
int sq_filter_build(fh_backend_db *d, size_t cap, fh_err *err); /* d->dup_filter from dup_key */
int sq_dups_lookup(fh_backend_db *d, const int64_t *keys, size_t n_band, size_t n, fh_dup_row_fn fn, void *ctx,
                   fh_err *err);
int sq_dups_get(fh_backend_db *d, const char *id, fh_dup_row_fn fn, void *ctx, fh_err *err);
int sq_dups_put(fh_backend_db *d, const fh_dup_row *r, const int64_t *keys, size_t n,
                const int64_t *old, size_t n_old, fh_err *err);
int sq_dups_relabel(fh_backend_db *d, const char *from, const char *to, fh_err *err);
/* The documents of every cluster that holds a copy, by row id (sorted),
 * each with its cluster's number (1..n_clusters); empty without the
 * tables. */
typedef struct sq_clustered {
    int64_t *rowid;
    uint32_t *cluster;
    size_t n;
    uint32_t n_clusters;
} sq_clustered;
/* The clustered documents, read again only after a commit (this
 * connection's or another's): owned by d, valid until its next call. */
int sq_dups_clustered(fh_backend_db *d, const sq_clustered **out, fh_err *err);
void sq_clustered_free(sq_clustered *c);
/* PRAGMA data_version: changes with another connection's commit. */
long long sq_data_version(fh_backend_db *d);
/* Of matched[0..n) (sorted row ids), how many share a cluster of c with an
 * earlier one; -1 when out of memory. */
long sq_clustered_hidden(const sq_clustered *c, const int64_t *matched, size_t n, fh_err *err);
/* store_backend.h's hidden_copies (search.c) */
int sq_hidden_copies(fh_backend_db *d, const fh_backend_search *req, long *hidden, fh_err *err);
/* The own index's matches among rows[0..n) (sorted), sorted (own_index.c). */
int sq_index_matches(fh_backend_db *d, const fh_backend_search *req, const int64_t *rows, size_t n,
                     int64_t **out, size_t *nout, fh_err *err);
int sq_dups_clusters(fh_backend_db *d, const char *const *ids, size_t n,
                     int (*fn)(void *ctx, size_t i, const char *cluster), void *ctx, fh_err *err);
int sq_dups_members(fh_backend_db *d, const char *cluster, fh_dup_member_fn fn, void *ctx,
                    fh_err *err);

/* boiler.c: boilerplate records (store_backend.h's boiler_* operations)
 * and each document's mask (bp_mask). */
int sq_boiler_have(fh_backend_db *d, fh_err *err);
int sq_boiler_prepare(fh_backend_db *d, fh_err *err);
int sq_boiler_get(fh_backend_db *d, const char *source, const int64_t *keys, size_t n,
                  fh_boiler_row_fn fn, void *ctx, long *ndocs, fh_err *err);
int sq_boiler_count(fh_backend_db *d, const char *source, const int64_t *keys, size_t n,
                    const char *id, int delta, fh_err *err);
int sq_boiler_mark(fh_backend_db *d, const fh_boiler_mark *marks, size_t n, fh_err *err);
int sq_boiler_docs(fh_backend_db *d, const int64_t *keys, size_t n,
                   int (*fn)(void *ctx, const char *id), void *ctx, fh_err *err);
/* The SQL of a row's mask: a format with one %s, the row's rowid (a
 * constant "NULL" when the store has no masks). */
const char *sq_boiler_mask_sql(fh_backend_db *d);
int sq_boiler_put_mask(fh_backend_db *d, sqlite3_int64 rowid, const char *mask, size_t len,
                       fh_err *err);

/* exact_sql.c: register fh_exact(text, phrase) on the connection. */
/* variants.c: learned variant spellings (store_backend.h). */
int sq_variants_get(fh_backend_db *d, const char *key, char (*out)[FAHRAS_MAX_TERM_BYTES],
                    size_t max, fh_err *err);
int sq_variants_put(fh_backend_db *d, const fh_variant_row *rows, size_t n, fh_err *err);
int sq_variants_list(fh_backend_db *d, fh_variant_row_fn fn, void *ctx, fh_err *err);
int sq_docs_each(fh_backend_db *d, fh_doc_text_fn fn, void *ctx, fh_err *err);

int sq_register_exact(fh_backend_db *d, fh_err *err);

#endif
