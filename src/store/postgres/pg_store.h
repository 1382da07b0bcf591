/*
 * pg_store.h - the PostgreSQL backend's shared state, between its files:
 *   db.c         connecting, the schema and its options, statistics,
 *                documents by id
 *   write.c      batches: upserts, refused documents, BM25 statistics
 *   translate.c  a query plan as a tsquery and fahras_rank's arguments;
 *                document frequencies for planning
 *   search.c     evaluating a plan: the page, the total, the facets
 *
 * Schema (created on first write, in the URL's database and the
 * connection's default schema):
 *   extension fahras            parser, dictionary, fahras_rank, statistics tables
 *   fahras_store_meta(key, value)  analyzer version and options of the store
 *   fahras_store_dict / fahras_store  dictionary (the store's options, exact
 *                                  forms on) and text search configuration
 *   fahras_docs(id, title, body, date, source, category, url, extra, tsv)
 *                                  tsv = title (labelled A) and body through
 *                                  fahras_store, GIN-indexed; statistics in the
 *                                  extension's tables (collection 'fahras_docs'),
 *                                  updated once per batch
 */
#ifndef FAHRAS_PG_STORE_H
#define FAHRAS_PG_STORE_H

#include <libpq-fe.h>

#include "store_backend.h"

#define PG_COLLECTION "fahras_docs"

struct fh_backend_db {
    PGconn *conn;
    fahras_analyzer *analyzer;
    fahras_options opts;
    char describe[256]; /* fahras_options_describe of the store */
    int in_tx;
    int batch_tables; /* the session's temporary tables exist */
    int upsert_prepared;
    /* Copies of the documents written in the open batch (write.c). */
    struct pending_doc *pend;
    size_t npend, cappend;
    char batch_lost[400]; /* set when a replay failed: commit refuses */
    char target[256];     /* URL without password, for messages */
    /* read requests: the statement_timeout set on the session (ms, -1:
     * not set yet), and whether one was cancelled by it */
    long timeout_ms;
    int over_budget;
    int dup_tables;       /* the near-duplicate tables exist (dups.c) */
    int dup_put_prepared, dup_relabel_prepared;
};

/* db.c */
const char *pg_message(PGconn *c, const PGresult *r, char *buf, size_t cap);
int pg_fail(fh_backend_db *db, PGresult *r, fh_err *err, const char *what);
int pg_exec_cmd(fh_backend_db *db, const char *sql, fh_err *err, const char *what);
PGresult *pg_exec_params(fh_backend_db *db, const char *sql, int n, const char *const *vals);

/* write.c */
int pg_begin(fh_backend_db *db, fh_err *err);
int pg_commit(fh_backend_db *db, fh_err *err);
int pg_rollback(fh_backend_db *db, fh_err *err);
int pg_upsert(fh_backend_db *db, const fh_doc *d, int *changed, fh_err *err);
void pg_pending_free(fh_backend_db *db);
int pg_batch_exec(fh_backend_db *db, const char *stmt, const char *sql, int *prepared, int nvals,
                  const char *const *vals, fh_err *err);

/* dups.c: near-duplicate records (store_backend.h's dups_* operations). */
int pg_dups_prepare(fh_backend_db *db, fh_err *err);
int pg_dups_lookup(fh_backend_db *db, const int64_t *keys, size_t n, fh_dup_row_fn fn, void *ctx,
                   fh_err *err);
int pg_dups_get(fh_backend_db *db, const char *id, fh_dup_row_fn fn, void *ctx, fh_err *err);
int pg_dups_put(fh_backend_db *db, const fh_dup_row *r, const int64_t *keys, size_t n,
                const int64_t *old, size_t n_old, fh_err *err);
int pg_dups_relabel(fh_backend_db *db, const char *from, const char *to, fh_err *err);
int pg_dups_clusters(fh_backend_db *db, const char *const *ids, size_t n,
                     int (*fn)(void *ctx, size_t i, const char *cluster), void *ctx, fh_err *err);
int pg_dups_members(fh_backend_db *db, const char *cluster, fh_dup_member_fn fn, void *ctx,
                    fh_err *err);

/* translate.c: a plan in PostgreSQL terms. */
typedef struct pg_match {
    sbuf match;   /* tsquery a result must satisfy */
    sbuf clauses; /* text of a tsquery[] literal: the ranked clauses */
    sbuf weights; /* float8[] literal */
    sbuf prox;    /* boolean[] literal */
    sbuf dfs;     /* float8[] literal */
    sbuf where;   /* SQL conditions after the match (exact checks, filters) */
    const char *params[12]; /* $1 match, $2.. ranking arrays, then filter values */
    int n_params;
} pg_match;
int pg_translate(fh_backend_db *db, const fh_plan *p, const fh_query *q, pg_match *m, fh_err *err);
void pg_match_free(pg_match *m);
int pg_planning(fh_backend_db *db, fh_plan_opts *o, fh_plan_stats *st, fh_err *err);

/* search.c */
int pg_search(fh_backend_db *db, const fh_backend_search *req, long *total, fh_err *err);

#endif
