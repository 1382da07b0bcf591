/*
 * pg_store.h - the PostgreSQL backend's shared state, between its files:
 *   db.c         connecting, the schema and its options, statistics,
 *                documents by id
 *   write.c      batches: upserts, refused documents, BM25 statistics
 *   translate.c  a query plan as a tsquery and fahras_rank's arguments;
 *                document frequencies for planning
 *   search.c     evaluating a plan: the page, the total, the facets
 *   shards.c     a coordinator's layout: its shards, connections to them,
 *                one statement on every shard at once (fan-out), routing
 *   shard_search.c  a sharded store's planning, search, stats, documents
 *   shard_write.c   a sharded store's batches: each document to its shard
 *   shard_init.c    creating a sharded layout (fahras shard-init)
 *   shard_records.c what a sharded store's records share: reads over
 *                   every shard, their rows kept and put in one order
 *   shard_dups.c    a sharded store's near-duplicate records
 *   shard_boiler.c  a sharded store's boilerplate records
 *   shard_spans.c   a sharded store's entity summaries
 *
 * Schema (created on first write, in the URL's database and the
 * connection's default schema):
 *   extension fahras            parser, dictionary, fahras_rank, statistics tables
 *   fahras_store_meta(key, value)  analyzer version and options of the store
 *   fahras_store_dict / fahras_store  dictionary (the store's options, exact
 *                                  forms on) and text search configuration
 *   fahras_docs(id, title, body, date, source, category, url, extra, tsv, boiler)
 *                                  tsv = title (labelled A) and body (its
 *                                  boilerplate ranges, boiler, blanked) through
 *                                  fahras_store, GIN-indexed; statistics in the
 *                                  extension's tables (collection 'fahras_docs'),
 *                                  updated once per batch
 */
#ifndef FAHRAS_PG_STORE_H
#define FAHRAS_PG_STORE_H

#include <libpq-fe.h>

#include "store_backend.h"

#define PG_COLLECTION "fahras_docs"

/* One shard of a coordinator (shards.c). */
typedef struct pg_shard {
    char name[64];       /* its foreign server on the coordinator */
    char where[160];     /* host:port/dbname, for messages */
    char *conninfo;      /* how to connect (may hold a password: never printed) */
    fh_backend_db *db;   /* its own store; NULL while it cannot be reached */
    char down[300];      /* why db is NULL */
    int missing;         /* left out of the current search (allow_partial) */
    /* the open batch (shard_write.c) */
    int in_batch;
    long batch_changed;  /* documents written as changed */
    char **batch_ids;    /* ids written, for the report when it fails */
    size_t n_ids, cap_ids;
} pg_shard;

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
    int dup_copy_index;   /* dups.c's index of copies asked for on this connection */
    int order_indexes;    /* db.c's indexes of the date orders seen or made */
    int tsv_lz4;          /* db.c's compression of the tsvectors seen to */
    int committed;        /* a batch committed: the words index tidied at close */
    int dup_format_ok;    /* their signatures are of this version's format (dups.c) */
    int dup_put_prepared, dup_relabel_prepared;
    /* entities, dates and counts (spans.c) */
    int want_spans;       /* writes keep them (not --no-entities) */
    int span_table;       /* the table exists */
    int span_key_id_index; /* its index of (type, key, id) seen or made (spans.c) */
    int spans_prepared;
    int bp_tables;        /* the boilerplate tables exist (boiler.c) */
    int bp_up_prepared, bp_down_prepared, bp_gone_prepared, bp_mark_prepared;
    /* A coordinator (shards.c): the documents live on nshards shards. */
    pg_shard *shards;
    int nshards;
    int mode;               /* FH_STORE_READ or FH_STORE_WRITE */
    double timeout_s;       /* how long a search waits for a shard */
    double deadline;        /* of the current search (monotonic seconds) */
    int allow_partial;      /* of the current search */
    char missing[512];      /* shards the current search left out */
    double g_ndocs, g_avg[2]; /* the whole collection's size and average lengths */
    long lost_changed;      /* of the last failed commit */
    long long shard_bytes;  /* rows received from the shards in the current search */
    /* A coordinator's writers keep near-duplicate or boilerplate records,
     * which span shards: their batches take turns (shard_write.c). */
    int serial_writes;
    int writes_locked;      /* this session holds the turn */
};

/* db.c */
const char *pg_message(PGconn *c, const PGresult *r, char *buf, size_t cap);
int pg_fail(fh_backend_db *db, PGresult *r, fh_err *err, const char *what);
/* The store's records (store_backend.h's record_get, record_set). */
int pg_record_get(fh_backend_db *db, const char *key, char *buf, size_t cap, fh_err *err);
int pg_record_set(fh_backend_db *db, const char *key, const char *value, fh_err *err);
int pg_exec_cmd(fh_backend_db *db, const char *sql, fh_err *err, const char *what);
/* Indexes a store made before them lacks, made before a batch (outside
 * its transaction), once a connection (*seen): when any of names (a text[]
 * literal) is missing, sql runs, best effort.  -1 only when the lookup
 * fails. */
int pg_indexes_prepare(fh_backend_db *db, const char *names, const char *sql, int *seen, fh_err *err);
PGresult *pg_exec_params(fh_backend_db *db, const char *sql, int n, const char *const *vals);
/* A search's statements over a broad match (pg_match.broad) planned
 * without sequential scans of the documents, on this database or every
 * shard: pg_scan_by_index returns whether it changed the setting, which
 * pg_scan_restore puts back.  Best effort: a failure shows in the
 * statements that follow. */
int pg_scan_by_index(fh_backend_db *db, int broad);
void pg_scan_restore(fh_backend_db *db, int changed);

int pg_open_labeled(const char *conninfo, const char *label, int mode, const fh_store_config *cfg,
                    fh_backend_db **out, fh_err *err);
void pg_close_db(fh_backend_db *db);

/* write.c */
int pg_begin(fh_backend_db *db, fh_err *err);
int pg_commit(fh_backend_db *db, fh_err *err);
int pg_rollback(fh_backend_db *db, fh_err *err);
int pg_upsert(fh_backend_db *db, const fh_doc *d, int *changed, fh_err *err);
void pg_pending_free(fh_backend_db *db);
int pg_batch_exec(fh_backend_db *db, const char *stmt, const char *sql, int *prepared, int nvals,
                  const char *const *vals, fh_err *err);

/* db.c: array literals of parameters: '{k1,k2}', '{"id1","id2"}' (" and \
 * escaped); malloc'd, NULL out of memory. */
char *pg_bigint_array(const int64_t *keys, size_t n);
char *pg_text_array(const char *const *ids, size_t n);

/* dups.c: near-duplicate records (store_backend.h's dups_* operations),
 * and the statements a coordinator sends its shards. */
int pg_dups_have(fh_backend_db *db, fh_err *err);
extern const char pg_dups_lookup_sql[];   /* $1 band keys, $2 other keys */
extern const char pg_dups_clusters_sql[]; /* $1 ids: (index, cluster) */
/* Members of the clusters matching cond: cluster, id, title, source, date, url. */
#define PG_DUPS_MEMBERS_SQL(cond)                                                         \
    "SELECT p.cluster, x.id, x.title, x.source, x.date, x.url FROM fahras_dup_doc p"      \
    " JOIN fahras_docs x ON x.id = p.id WHERE " cond
/* Rows (id, cluster, date, sig) to fn; 1 when fn stopped. */
int pg_dup_rows(PGresult *r, fh_dup_row_fn fn, void *ctx);
/* Row i of a members statement to fn (its answer). */
int pg_dup_member(PGresult *r, int i, fh_dup_member_fn fn, void *ctx);
int pg_dups_prepare(fh_backend_db *db, fh_err *err);
int pg_dups_lookup(fh_backend_db *db, const int64_t *keys, size_t n_band, size_t n, fh_dup_row_fn fn, void *ctx,
                   fh_err *err);
int pg_dups_get(fh_backend_db *db, const char *id, fh_dup_row_fn fn, void *ctx, fh_err *err);
int pg_dups_put(fh_backend_db *db, const fh_dup_row *r, const int64_t *keys, size_t n,
                const int64_t *old, size_t n_old, fh_err *err);
int pg_dups_relabel(fh_backend_db *db, const char *from, const char *to, fh_err *err);
/* store_backend.h's hidden_copies: on this database, on every shard, and
 * either, the tables known to exist (dups.c). */
int pg_hidden_copies(fh_backend_db *db, const fh_backend_search *req, long *hidden, fh_err *err);
int pg_shard_hidden_copies(fh_backend_db *db, const fh_backend_search *req, long *hidden, fh_err *err);
int pg_hidden_copies_in(fh_backend_db *db, const fh_backend_search *req, long *hidden, fh_err *err);
int pg_dups_clusters(fh_backend_db *db, const char *const *ids, size_t n,
                     int (*fn)(void *ctx, size_t i, const char *cluster), void *ctx, fh_err *err);
int pg_dups_members(fh_backend_db *db, const char *cluster, fh_dup_member_fn fn, void *ctx,
                    fh_err *err);

/* boiler.c: boilerplate records (store_backend.h's boiler_* operations);
 * fahras_docs.boiler holds each document's mask. */
int pg_boiler_have(fh_backend_db *db, fh_err *err);
extern const char pg_boiler_docs_sql[]; /* $1 keys: the ids holding them */
int pg_boiler_prepare(fh_backend_db *db, fh_err *err);
int pg_boiler_get(fh_backend_db *db, const char *source, const int64_t *keys, size_t n,
                  fh_boiler_row_fn fn, void *ctx, long *ndocs, fh_err *err);
int pg_boiler_count(fh_backend_db *db, const char *source, const int64_t *keys, size_t n,
                    const char *id, int delta, fh_err *err);
int pg_boiler_mark(fh_backend_db *db, const fh_boiler_mark *marks, size_t n, fh_err *err);
int pg_boiler_docs(fh_backend_db *db, const int64_t *keys, size_t n,
                   int (*fn)(void *ctx, const char *id), void *ctx, fh_err *err);

/* translate.c: a plan in PostgreSQL terms. */
/* A ranked clause as the score bound of topk.c reads it. */
typedef struct pg_ranked {
    char *tsq;        /* the clause as a tsquery */
    long long df;     /* documents matching it */
    double weight;    /* its weight in the ranking (rank.h w_t) */
    int proximity;    /* takes part in proximity */
    int selects;      /* FH_ROLE_SELECT: a document matching it alone is a result */
    long owner;       /* an exact-form bonus: the ranked clause of its word (it
                         matches only where that word does), else -1 */
    int required;     /* FH_ROLE_MUST */
} pg_ranked;

typedef struct pg_match {
    pg_ranked *ranked; /* [n_ranked], in the order of $2 */
    size_t n_ranked;
    sbuf match;   /* tsquery a result must satisfy */
    sbuf clauses; /* text of a tsquery[] literal: the ranked clauses */
    sbuf weights; /* float8[] literal */
    sbuf prox;    /* boolean[] literal */
    sbuf dfs;     /* float8[] literal */
    sbuf where;   /* SQL conditions after the match (exact checks, filters) */
    const char *params[12]; /* $1 match, $2.. ranking arrays, then filter values */
    int n_params;
    int browse; /* no plan (store_backend.h): every document, $1..$5 NULL */
    int span_filtered; /* where holds entity or event-date filters (pg_spans_where) */
    int broad; /* the match may hold a tenth of the documents or more (pg_scan_by_index) */
} pg_match;
/* p NULL: a browse, the filters alone. */
int pg_translate(fh_backend_db *db, const fh_plan *p, const fh_query *q, pg_match *m, fh_err *err);
/* The WHERE of m's documents: " WHERE tsv @@ $1::tsquery", beside a
 * score that names $2..$5 (pg_match_where), or naming all five without
 * one (pg_match_only); a browse's every document, the five typed. */
const char *pg_match_where(const pg_match *m);
const char *pg_match_only(const pg_match *m);
/* The score of m's documents on one database: PG_RANK_CALL, 0 for a browse. */
const char *pg_match_score(const pg_match *m);
void pg_match_free(pg_match *m);
/* The ORDER BY of a page of hits under sort (store.h FH_SORT_*), on the
 * columns of the inner query (a "") or of its alias h (a "h."). */
const char *pg_order(int sort, const char *a);
/* The ORDER BY of m's inner query: pg_order's, or under entity or event
 * filters the same order on expressions no index holds.  The planner
 * cannot tell where in a date order an entity's documents lie (its
 * estimates are uniform), and walking that order for a name found only
 * in the later years costs several times what sorting its few thousand
 * matches does. */
const char *pg_match_order(const pg_match *m, int sort);
/* The total column of a page's inner query (", ... AS total"): every
 * match counted beside the page. */
void pg_page_total(const pg_match *m, sbuf *sql);
/* The indexes of pg_order's two date orders, on its very expressions (a
 * browse scores 0, so its page is the first rows of one of them). */
#define PG_ORDER_INDEXES_SQL                                                                      \
    "CREATE INDEX IF NOT EXISTS fahras_docs_newest ON fahras_docs"                                \
    " ((coalesce(date, '') = ''), (date COLLATE \"C\") DESC, (id COLLATE \"C\"));"                  \
    "CREATE INDEX IF NOT EXISTS fahras_docs_oldest ON fahras_docs"                                \
    " ((coalesce(date, '') = ''), (date COLLATE \"C\"), (id COLLATE \"C\"))"
/* Before a batch (outside its transaction), asked once a connection: a
 * store made before those indexes gets them, and its tsvectors are
 * compressed with lz4 from then on where the server can. */
int pg_docs_prepare(fh_backend_db *db, fh_err *err);
/* The backends' values operation (store_backend.h), of one database or
 * of every shard. */
int pg_values(fh_backend_db *db, int kind, int (*fn)(void *ctx, const char *value, long count),
              void *ctx, fh_err *err);
/* What a PostgreSQL store asks of the plan (one database or sharded). */
void pg_plan_opts(fh_plan_opts *o);
int pg_planning(fh_backend_db *db, fh_plan_opts *o, fh_plan_stats *st, fh_err *err);
/* The documents of the store's collection, as fahras_rank reads them (-1:
 * no statistics yet). */
int pg_collection_size(fh_backend_db *db, long long *n_docs, fh_err *err);
/* fh_plan_stats.df of this backend (ctx: the db). */
int pg_plan_df(void *ctx, const fh_plan_clause *const *c, size_t n, long long *out, fh_err *err);

/* spans.c: entities, dates and counts of the documents. */
int pg_spans_kept(fh_backend_db *db);
int pg_spans_prepare(fh_backend_db *db, fh_err *err);
int pg_put_spans(fh_backend_db *db, const fh_doc *doc, const fh_doc_spans *sp, fh_err *err);
/* f's conditions added to m->where (m->span_filtered set when any). */
int pg_spans_where(fh_backend_db *db, const fh_entity_filters *f, pg_match *m, fh_err *err);
/* The statement of the best FH_ENTITY_FACET_DOCS of m's matches (scored
 * by the SQL rank, in sort's order) with their rows: (id, type, key,
 * name, n, lo, score, date or "", total), a match without rows once with
 * a NULL type; total the count of all matches on every row with
 * with_total, else 0.  One database and each shard alike. */
void pg_facet_docs_sql(const pg_match *m, const char *rank, int sort, int with_total, sbuf *sql);
/* The rows of the best FH_ENTITY_FACET_DOCS matches by rank, a browse's
 * first in its date order (sort).  With best, *best (the caller's to
 * PQclear) receives that ranking too, for the page: pg_facet_docs_sql's
 * rows in its order. */
int pg_spans_facets(fh_backend_db *db, const pg_match *m, int sort, fh_entfacets *e, PGresult **best,
                    fh_err *err);
/* The entity facets' rows of each of the best matches (h), joined as
 * s (type, key, name, n, lo): one lookup of the index of ids each, a
 * lateral subquery kept apart (OFFSET 0); as a plain join the planner,
 * its estimates close, could hash every row of the table instead (0.1 s
 * of 0.25 on 40,000 articles). */
#define PG_FACET_ROWS                                                                              \
    " LATERAL (SELECT type, key, name, n, lo FROM fahras_doc_span WHERE id = h.id"                  \
    " AND type IN (1, 2, 3, 5) OFFSET 0) s ON true"

/* search.c: the statements of a search, shared with shard_search.c. */
#define PG_RANK_CALL "fahras_rank(tsv, $2::tsquery[], '" PG_COLLECTION "', $3::float8[], $4::boolean[], $5::float8[])"
#define PG_MATCH_ONLY " WHERE $2::tsquery[] IS NOT NULL AND $3::float8[] IS NOT NULL" \
                      " AND $4::boolean[] IS NOT NULL AND $5::float8[] IS NOT NULL AND tsv @@ $1::tsquery"
void pg_facets_sql(const pg_match *m, sbuf *sql);
void pg_facets_read(PGresult *r, fh_facets *f);
void pg_facet_top_sql(const pg_match *m, int kind, sbuf *sql);
/* Whether req's page is to come from the entity facets' ranking (one
 * ranking of the matches for both, as the SQLite store does): a search
 * by relevance asking for them, its page within their best
 * FH_ENTITY_FACET_DOCS. */
int pg_one_ranking(const fh_backend_search *req, const pg_match *m);
/* A hit's id, title, date, source, category and url: columns 0..5 of a
 * page's row, pointing into r. */
void pg_hit_fields(fh_backend_hit *h, PGresult *r, int row);
int pg_search(fh_backend_db *db, const fh_backend_search *req, long *total, fh_err *err);

/* The page of req's hits, ranked among the documents of m's match (match
 * NULL; *total then comes along when there are rows, else -1), or of the
 * narrower tsquery `match`: its hits are delivered only when its k-th
 * score (*kth; k the request's offset + limit) exceeds need, the most a
 * document outside it can score.  0 delivered; 1 not delivered; -1 with
 * err filled. */
int pg_page(fh_backend_db *db, const fh_backend_search *req, const pg_match *m, const char *match,
            double need, double *kth, long *total, fh_err *err);

/* topk.c: req's page from fewer documents than m's whole match, when the
 * score bounds prove it the same page: 1 delivered (the total not
 * counted), 0 when the whole match is to be ranked, -1 with err filled. */
int pg_topk_page(fh_backend_db *db, const fh_backend_search *req, const pg_match *m, fh_err *err);

/* shards.c */
extern const fh_store_backend fh_backend_pg_sharded;
int pg_shards_load(fh_backend_db *db, fh_err *err);
void pg_shards_free(fh_backend_db *db);
double pg_now(void);
/* Run sql on every shard not left out (only[i] != 0, when only is not
 * NULL), all at once, until db->deadline: res[i] receives shard i's result
 * (NULL for a shard not asked or left out).  A shard that fails or does
 * not answer in time is an error naming it, or with allow_partial is left
 * out of the rest of the search (db->missing). */
int pg_fanout(fh_backend_db *db, const char *sql, int n, const char *const *vals, const int *only,
              PGresult **res, fh_err *err, const char *what);
void pg_fanout_clear(fh_backend_db *db, PGresult **res);
/* A statement over the whole collection: on this database, or on every
 * shard; fn is given each result. */
typedef void (*pg_rows_fn)(void *ctx, PGresult *r);
int pg_collection_rows(fh_backend_db *db, const char *sql, int n, const char *const *vals,
                       pg_rows_fn fn, void *ctx, fh_err *err, const char *what);
/* The shard holding id. */
int pg_shard_of(const fh_backend_db *db, const char *id, size_t len);
/* The shard's store, connecting again when it was lost; NULL with err. */
fh_backend_db *pg_shard_db(fh_backend_db *db, int i, fh_err *err);
/* Close shard i's connection (lost, or not answering): it is retried later. */
void pg_shard_drop(fh_backend_db *db, int i, const char *why);

/* shard_search.c */
void pg_shard_search_start(fh_backend_db *db, const fh_query *q);
int pg_shard_planning(fh_backend_db *db, fh_plan_opts *o, fh_plan_stats *st, fh_err *err);
int pg_shard_search(fh_backend_db *db, const fh_backend_search *req, long *total, fh_err *err);
int pg_shard_get(fh_backend_db *db, const char *id, size_t max_body, fh_doc_fn fn, void *ctx,
                 int *found, size_t *body_full, fh_err *err);
int pg_shard_values(fh_backend_db *db, int kind, int (*fn)(void *ctx, const char *value, long count),
                    void *ctx, fh_err *err);
int pg_shard_stats(fh_backend_db *db, fh_stats *out, fh_err *err);

/* shard_write.c */
int pg_shard_begin(fh_backend_db *db, fh_err *err);
int pg_shard_commit(fh_backend_db *db, fh_err *err);
int pg_shard_rollback(fh_backend_db *db, fh_err *err);
int pg_shard_upsert(fh_backend_db *db, const fh_doc *d, int *changed, fh_err *err);
/* Shard i's store inside the open batch (its own batch begun on first
 * use); NULL with err. */
fh_backend_db *pg_shard_batch_db(fh_backend_db *db, int i, fh_err *err);
/* Reads a write needs from every shard (copies, a source's lines): the
 * shards connected again when they are not in the batch, one timeout
 * for the statement, no shard left out. */
void pg_shard_write_reads(fh_backend_db *db);

/* shard_records.c: what a coordinator's records share. */
/* The records' tables on every shard, before a batch that writes them. */
int pg_shard_records_prepare(fh_backend_db *db, fh_err *err);
/* Before reading every shard's records: reads of a write see the open
 * batch and need every shard; others keep the search's state, or start
 * one when there is none. */
void pg_shard_reads_start(fh_backend_db *db);
/* Whether every shard reachable has the tables (have: pg_dups_have or
 * pg_boiler_have); 0 when one lacks them (a store never written since). */
int pg_shards_have(fh_backend_db *db, int (*have)(fh_backend_db *, fh_err *), fh_err *err);
/* sql with one argument, arr (an array literal, freed here; NULL: out of
 * memory), on every shard, fn given each result; 0 without a statement
 * when a shard lacks the tables (have). */
int pg_shard_array_rows(fh_backend_db *db, int (*have)(fh_backend_db *, fh_err *), const char *sql,
                        char *arr, pg_rows_fn fn, void *ctx, fh_err *err, const char *what);
/* Rows of the shards' results, put in one order. */
typedef struct pg_row_ref {
    PGresult *r;
    int row;
    long size; /* its cluster's size, when listing every cluster (shard_dups.c) */
} pg_row_ref;

typedef struct pg_row_set {
    PGresult **res;
    size_t nres, capres;
    pg_row_ref *v;
    size_t n, cap;
    int oom;
} pg_row_set;

/* pg_rows_fn keeping each result (owned from then on) and its rows in
 * ctx, a pg_row_set ({0} to begin; oom set when memory ran out). */
void pg_rows_keep(void *ctx, PGresult *r);
void pg_row_set_sort(pg_row_set *s, int (*cmp)(const void *, const void *));
void pg_row_set_free(pg_row_set *s);
/* Column c of a row; NULL for SQL NULL. */
const char *pg_row_col(const pg_row_ref *x, int c);
/* A qsort order of pg_row_refs by their first column's text (never NULL). */
int pg_row_by_first(const void *pa, const void *pb);

/* shard_dups.c, shard_boiler.c, shard_spans.c: a coordinator's
 * near-duplicate records, boilerplate records and entity summaries
 * (store_backend.h's operations). */
int pg_shard_dups_lookup(fh_backend_db *db, const int64_t *keys, size_t n_band, size_t n,
                         fh_dup_row_fn fn, void *ctx, fh_err *err);
int pg_shard_dups_get(fh_backend_db *db, const char *id, fh_dup_row_fn fn, void *ctx, fh_err *err);
int pg_shard_dups_put(fh_backend_db *db, const fh_dup_row *r, const int64_t *keys, size_t n,
                      const int64_t *old, size_t n_old, fh_err *err);
int pg_shard_dups_relabel(fh_backend_db *db, const char *from, const char *to, fh_err *err);
int pg_shard_dups_clusters(fh_backend_db *db, const char *const *ids, size_t n,
                           int (*fn)(void *ctx, size_t i, const char *cluster), void *ctx,
                           fh_err *err);
int pg_shard_dups_members(fh_backend_db *db, const char *cluster, fh_dup_member_fn fn, void *ctx,
                          fh_err *err);
int pg_shard_boiler_get(fh_backend_db *db, const char *source, const int64_t *keys, size_t n,
                        fh_boiler_row_fn fn, void *ctx, long *ndocs, fh_err *err);
int pg_shard_boiler_count(fh_backend_db *db, const char *source, const int64_t *keys, size_t n,
                          const char *id, int delta, fh_err *err);
int pg_shard_boiler_mark(fh_backend_db *db, const fh_boiler_mark *marks, size_t n, fh_err *err);
int pg_shard_boiler_docs(fh_backend_db *db, const int64_t *keys, size_t n,
                         int (*fn)(void *ctx, const char *id), void *ctx, fh_err *err);
int pg_shard_put_spans(fh_backend_db *db, const fh_doc *doc, const fh_doc_spans *sp, fh_err *err);
int pg_shard_spans_kept(fh_backend_db *db);

/* shard_init.c */
int pg_shard_init(const char *coordinator, const char *const *shards, int n,
                  const fh_store_config *cfg, double timeout_s, char *report, size_t cap, fh_err *err);

/* variants.c: learned variant spellings (store_backend.h). */
int pg_variants_get(fh_backend_db *db, const char *key, char (*out)[FAHRAS_MAX_TERM_BYTES],
                    size_t max, fh_err *err);
int pg_variants_put(fh_backend_db *db, const fh_variant_row *rows, size_t n, fh_err *err);
int pg_variants_list(fh_backend_db *db, fh_variant_row_fn fn, void *ctx, fh_err *err);
int pg_docs_each(fh_backend_db *db, fh_doc_text_fn fn, void *ctx, fh_err *err);

#endif
