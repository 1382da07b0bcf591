/*
 * store_backend.h - the table of operations every store backend provides.
 *
 * store.c owns the public fh_store_* API (store.h): it validates arguments
 * once (ids, UTF-8, limits, dates), parses the query (query.h), builds the
 * query plan (plan.h) with the backend's statistics, runs the relaxed retry,
 * and makes snippets from the plan (highlight.h).  A backend translates a
 * plan into its own database's terms and stores what it is given.
 *
 * Backends: SQLite FTS5 (src/store/sqlite/) and PostgreSQL
 * (src/store/postgres/, built when its mk fragment defines HAVE_STORE_PG),
 * chosen from the table in backends.c by the target they accept.
 */
#ifndef FAHRAS_STORE_BACKEND_H
#define FAHRAS_STORE_BACKEND_H

#include "entfacets.h"
#include "facets.h"
#include "plan.h"
#include "query.h"
#include "spans.h"
#include "store.h"

/* A backend's own connection state; each backend defines the struct. */
typedef struct fh_backend_db fh_backend_db;

/* A hit as a backend delivers it: the public fields, and the body the
 * snippet is made from (when the request wants snippets). */
typedef struct fh_backend_hit {
    fh_hit hit; /* snippet is NULL here */
    const char *body;
    size_t body_len;
    const char *mask; /* the body's boilerplate ranges (fh_doc.mask), or NULL */
    size_t mask_len;
} fh_backend_hit;
typedef int (*fh_backend_hit_fn)(void *ctx, const fh_backend_hit *h);

/* One search, as store.c asks a backend for it. */
typedef struct fh_backend_search {
    const fh_query *q;       /* validated: limit, offset, dates, filters */
    /* Not empty; NULL for a browse (store.h's fh_query_browses): every
     * document passing q's filters and ents, in q->sort's date order
     * (never FH_SORT_RELEVANCE), score 0, the entity facets read from the
     * first FH_ENTITY_FACET_DOCS of that order. */
    const fh_plan *plan;
    int want_bodies;         /* hits carry their body (for snippets) */
    size_t body_bytes;       /* of which only the first this many bytes are
                                needed (a backend may give more, never less;
                                counted in characters where its SQL cannot
                                cut bytes) */
    int want_total;          /* *total is wanted */
    /* A backend may stop counting past total_bound matches (0: count all):
     * it then sets *total to total_bound and *total_lower to 1 (the total
     * is at least that), as Lucene's total hits "gte". */
    long total_bound;
    int *total_lower;
    fh_backend_hit_fn on_hit;
    void *hit_ctx;
    /* The facet values of the matching documents are counted into facets
     * (NULL: not wanted; facets.h). */
    fh_facets *facets;
    /* The entity and event filters (filter.h; NULL: none). */
    const fh_entity_filters *ents;
    /* The rows (spans.h) of the best FH_ENTITY_FACET_DOCS matches go into
     * entfacets, document by document in rank order, as their PER, ORG,
     * LOC and DATE rows (NULL: not wanted). */
    fh_entfacets *entfacets;
} fh_backend_search;

/* A document's near-duplicate record: its cluster (the id of the document
 * that began it) and signature (dupsig.h's blob). */
typedef struct fh_dup_row {
    const char *id;
    const char *cluster;
    const char *date; /* NULL or ISO 8601 */
    const unsigned char *sig;
    size_t sig_len;
} fh_dup_row;
typedef int (*fh_dup_row_fn)(void *ctx, const fh_dup_row *r);

/* A source's line record (boiler.h): its key, the articles holding it,
 * whether it is marked boilerplate (text: the line, when marked), and its
 * source's article count. */
typedef struct fh_boiler_row {
    int64_t key;
    const char *source, *text;
    long count, ndocs;
    int marked;
} fh_boiler_row;
typedef int (*fh_boiler_row_fn)(void *ctx, const fh_boiler_row *r);
/* A line's new status: boilerplate (text: the line) or not (text NULL). */
typedef struct fh_boiler_mark {
    int64_t key;
    int marked;
    const char *text;
} fh_boiler_mark;
typedef int (*fh_doc_text_fn)(void *ctx, const char *title, size_t title_len, const char *body,
                              size_t body_len);

typedef struct fh_store_backend {
    const char *name; /* "sqlite" or "postgresql", as fh_stats.backend */

    /* Whether target names a store of this backend. */
    int (*accepts)(const char *target);

    /* Open or create the store at target (mode FH_STORE_READ/WRITE).  A
     * backend must refuse an existing store built with other options or
     * another analyzer version, with a message saying how to rebuild.
     * On success *out is owned by the caller (release with close). */
    int (*open)(const char *target, int mode, const fh_store_config *cfg, fh_backend_db **out,
                fh_err *err);
    void (*close)(fh_backend_db *db); /* NULL-safe */

    /* Whether db no longer reads the store its target names (a SQLite
     * file replaced or found corrupt, a PostgreSQL session lost): 1 and
     * the caller opens the target again, 0 when it still does.  Cheap
     * (a stat, a flag): store.c asks before every read request. */
    int (*stale)(fh_backend_db *db);

    /* A read request starts (its work counted against b; NULL: no limit)
     * and ends: request_end says whether the request was stopped for
     * going over b (its error is then reported as FH_ERR_BUDGET), and
     * puts the work it counted in *work (0 when it counts none).  A
     * backend stopping a request for its budget makes the request fail.
     * Either may be NULL. */
    void (*request_begin)(fh_backend_db *db, const fh_budget *b);
    int (*request_end)(fh_backend_db *db, long long *work);

    /* The analyzer matching the store's options; owned by db. */
    const fahras_analyzer *(*analyzer)(const fh_backend_db *db);

    int (*begin)(fh_backend_db *db, fh_err *err);
    int (*commit)(fh_backend_db *db, fh_err *err);
    int (*rollback)(fh_backend_db *db, fh_err *err);

    /* Insert or replace doc (already validated: id 1..FH_MAX_ID_BYTES
     * bytes, body non-empty, every field valid UTF-8).  *changed (never
     * NULL) is set to 1 when the store was written, 0 when it held the
     * same document already. */
    int (*upsert)(fh_backend_db *db, const fh_doc *doc, int *changed, fh_err *err);

    /* What the plan may ask of this store (plan.h): its options (exact
     * forms, near spellings) and its statistics (collection size, document
     * frequencies).  st's function and context stay valid while db is. */
    int (*planning)(fh_backend_db *db, fh_plan_opts *o, fh_plan_stats *st, fh_err *err);

    /* Evaluate a plan: hits in rank order, facets, total. */
    int (*search)(fh_backend_db *db, const fh_backend_search *req, long *total, fh_err *err);

    /* The document with this id: at least the first max_body bytes of its
     * body (0: all of it; counted in characters where its SQL cannot cut
     * bytes), and its whole length in bytes in *body_full, set before fn
     * is called. */
    int (*get)(fh_backend_db *db, const char *id, size_t max_body, fh_doc_fn fn, void *ctx,
               int *found, size_t *body_full, fh_err *err);
    int (*stats)(fh_backend_db *db, fh_stats *out, fh_err *err);
    /* The store's own records (its meta table): record_get gives 1 and
     * the value of key in buf (cut to cap bytes), 0 when the store holds
     * none, -1 on error; record_set writes one (in the write's transaction
     * when one is open).  NULL: the backend keeps no records. */
    int (*record_get)(fh_backend_db *db, const char *key, char *buf, size_t cap, fh_err *err);
    int (*record_set)(fh_backend_db *db, const char *key, const char *value, fh_err *err);
    /* Every stored value of a document field (FH_FILTER_SOURCE or
     * FH_FILTER_CATEGORY, the field's text as stored, each once or more:
     * store.c adds them up and splits lists) with the number of documents
     * holding it; empty values left out. */
    int (*values)(fh_backend_db *db, int kind, int (*fn)(void *ctx, const char *value, long count),
                  void *ctx, fh_err *err);

    /* Near-duplicate records (dups.c decides what they say; a backend
     * stores them in its tables dup_doc and dup_key and answers lookups).
     * A store made before them has none: lookups find nothing, the first
     * write creates the tables. */

    /* The records of the documents holding FH_DUP_MIN_BANDS (dupsig.h) of
     * the band keys keys[0..n_band), or any of keys[n_band..n). */
    int (*dups_lookup)(fh_backend_db *db, const int64_t *keys, size_t n_band, size_t n,
                       fh_dup_row_fn fn, void *ctx, fh_err *err);
    /* The record of id: fn called once, or not when there is none. */
    int (*dups_get)(fh_backend_db *db, const char *id, fh_dup_row_fn fn, void *ctx, fh_err *err);
    /* Store r with its keys[0..n), replacing its id's record and removing
     * that record's keys old[0..n_old). */
    int (*dups_put)(fh_backend_db *db, const fh_dup_row *r, const int64_t *keys, size_t n,
                    const int64_t *old, size_t n_old, fh_err *err);
    /* Every document of cluster from joins cluster to. */
    int (*dups_relabel)(fh_backend_db *db, const char *from, const char *to, fh_err *err);
    /* The cluster of each of ids[0..n): fn(ctx, i, cluster) for those that
     * have a record. */
    int (*dups_clusters)(fh_backend_db *db, const char *const *ids, size_t n,
                         int (*fn)(void *ctx, size_t i, const char *cluster), void *ctx,
                         fh_err *err);
    /* Of the documents req matches (its plan, filters and entity filters;
     * no hits, facets or total asked), how many share a cluster with
     * another of them: the matches less the clusters they fall in, so a
     * collapsed total is exact.  Returns 1 with *hidden (a store without
     * copies: 0), 0 where there are too many copies to count (the total is
     * then an upper bound), -1 on error.  Optional: as 0 without it
     * (collapse.c). */
    int (*hidden_copies)(fh_backend_db *db, const fh_backend_search *req, long *hidden, fh_err *err);
    /* The documents of cluster (cluster NULL: of every cluster of two or
     * more documents, cluster by cluster, the largest first), with their
     * fields. */
    int (*dups_members)(fh_backend_db *db, const char *cluster, fh_dup_member_fn fn, void *ctx,
                        fh_err *err);

    /* Boilerplate line records (boiler.c decides what they say; a backend
     * stores the counts, the marks, which documents hold a line, and each
     * document's mask, fh_doc.mask, given to upsert).  Optional as a set:
     * NULL, and documents are written without masks. */

    /* The records of keys[0..n) of source (those stored), or with keys
     * NULL the marked lines of source (source NULL: of every source, by
     * source, the most frequent first); *ndocs (when non-NULL) receives
     * source's article count. */
    int (*boiler_get)(fh_backend_db *db, const char *source, const int64_t *keys, size_t n,
                      fh_boiler_row_fn fn, void *ctx, long *ndocs, fh_err *err);
    /* Document id of source holds keys[0..n) (delta 1) or no longer does
     * (-1): the counts of the keys and of the source's articles change by
     * delta, records falling to 0 go. */
    int (*boiler_count)(fh_backend_db *db, const char *source, const int64_t *keys, size_t n,
                        const char *id, int delta, fh_err *err);
    /* Store the marks[0..n) (the lines whose status changes: a footer's
     * lines change together, in one write). */
    int (*boiler_mark)(fh_backend_db *db, const fh_boiler_mark *marks, size_t n, fh_err *err);
    /* The ids of the documents holding any of keys[0..n) (an id may come
     * more than once). */
    int (*boiler_docs)(fh_backend_db *db, const int64_t *keys, size_t n,
                       int (*fn)(void *ctx, const char *id), void *ctx, fh_err *err);
    /* Learned variant spellings (variants.h decides them; a backend keeps
     * the rows).  Optional: NULL when the backend keeps none. */
    /* The variants of key, best first: at most max written to out;
     * returns how many (0 when the store has none), or -1. */
    int (*variants_get)(fh_backend_db *db, const char *key, char (*out)[FAHRAS_MAX_TERM_BYTES],
                        size_t max, fh_err *err);
    /* Replace every row with rows[0..n) (inside a transaction of its own). */
    int (*variants_put)(fh_backend_db *db, const fh_variant_row *rows, size_t n, fh_err *err);
    /* Every row, by word then score (fn non-zero stops). */
    int (*variants_list)(fh_backend_db *db, fh_variant_row_fn fn, void *ctx, fh_err *err);
    /* Every document's title and body, in no fixed order (fn non-zero stops). */
    int (*docs_each)(fh_backend_db *db, fh_doc_text_fn fn, void *ctx, fh_err *err);

    /* Optional (NULL: not needed by this backend). */
    /* Keep the summary of doc's entities, dates and counts (spans.h),
     * replacing what the document had; called after upsert wrote it.  NULL:
     * this backend keeps none. */
    int (*put_spans)(fh_backend_db *db, const fh_doc *doc, const fh_doc_spans *sp, fh_err *err);
    /* Whether the store holds such summaries (entity filters and facets
     * can be answered). */
    int (*spans_kept)(fh_backend_db *db);
    /* The operations of the layout db turned out to hold, when they are
     * not these (a PostgreSQL coordinator of shards); NULL to keep these. */
    const struct fh_store_backend *(*variant)(fh_backend_db *db);
    /* A search begins (before its planning): its fh_query. */
    void (*search_start)(fh_backend_db *db, const fh_query *q);
    /* After a search: what it left out (info->missing) and moved
     * (info->shard_bytes). */
    void (*search_done)(fh_backend_db *db, fh_search_info *info);
    /* After a failed commit: documents written as changed and not stored (-1: all). */
    long (*commit_lost)(fh_backend_db *db);
    /* fh_store_partition (NULL: the id's hash). */
    int (*partition)(fh_backend_db *db, const char *id, size_t len, int parts);
    /* fh_store_shard_init (NULL: this backend has no shards). */
    int (*shard_init)(const char *coordinator, const char *const *shards, int n,
                      const fh_store_config *cfg, double timeout_s, char *report, size_t cap,
                      fh_err *err);
} fh_store_backend;

/* The backend whose store target names (backends.c), or NULL. */
const fh_store_backend *fh_store_backend_for(const char *target);

/* Set err->msg printf-style, kind FH_ERR_STORE; returns -1 so callers can
 * `return fh_fail(...)`. */
int fh_fail(fh_err *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* The same with another kind (fh_err_kind). */
int fh_fail_kind(fh_err *err, int kind, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Whether a target names a PostgreSQL database: a postgresql:// or
 * postgres:// URL, or a keyword/value connection string starting with one
 * of libpq's keywords ("host=... dbname=..."). */
int fh_pg_target(const char *t);

/* A growable string for building SQL and match expressions (store_util.c).
 * On allocation failure oom is set and further appends are ignored; the
 * owner frees p. */
typedef struct sbuf {
    char *p;
    size_t n, cap;
    int oom;
} sbuf;
void fh_sb_add(sbuf *b, const char *s, size_t n);
void fh_sb_str(sbuf *b, const char *s);

#endif
