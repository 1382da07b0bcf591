/*
 * index.h - fahras's own inverted index beside an SQLite store: what the
 * SQLite backend calls to write documents into it and to search it
 * (ix_sqlite.c).  The engine under it (segments, pruning) is in ix.h and
 * search.h and knows nothing of SQLite.
 *
 * Where things live.  The documents stay in the database (table docs).
 * The postings are immutable segment files in the directory DB.idx/ beside
 * it; the database's table ix_segment lists the live segments with their
 * deleted documents and statistics.  A segment file is written, fsynced and
 * renamed into place before the transaction that lists it commits, in the
 * same transaction as the documents it holds: after a kill at any moment
 * the database lists only whole segments of committed documents, and files
 * no row lists (a killed flush or merge) are removed by the next writer.
 *
 * Readers map the segment files (shared by every process and thread
 * through the page cache) and pick up commits of other connections on
 * their next search (PRAGMA data_version); a writer never blocks them.
 *
 * A handle is for one thread at a time, like the store handle owning it.
 */
#ifndef FAHRAS_INDEX_H
#define FAHRAS_INDEX_H

#include <sqlite3.h>

#include "plan.h"
#include "search.h"
#include "store.h"

typedef struct fh_index fh_index;

/* Create the index's tables (inside the caller's schema transaction). */
int fh_index_create_schema(sqlite3 *db, fh_err *err);
/* 1 when the database has the index's tables. */
int fh_index_in_schema(sqlite3 *db);

/* Attach to the index of the database db at db_path (an borrowed: it must
 * outlive the handle).  writable: the handle will write documents. */
int fh_index_open(sqlite3 *db, const char *db_path, const fahras_analyzer *an, int writable,
                  fh_index **out, fh_err *err);
void fh_index_close(fh_index *x); /* NULL-safe */

/* 1 when the index directory at the handle's path is not the one it
 * opened (another directory copied or renamed into place, or one made
 * after the open): its segment list may name other files, so the
 * database and its index are to be opened again.  0 for NULL. */
int fh_index_replaced(const fh_index *x);

/* Writing, inside the store's transactions: begin right after BEGIN
 * IMMEDIATE, put for every document written (replacing: the row id held
 * another version before), flush right before COMMIT, abort after a
 * ROLLBACK, and maintain after COMMIT (merges, each in its own
 * transaction).  A handle that wrote merges, when it closes, the segments
 * besides the largest into one (FH_INDEX_MERGE_TAIL), in rounds of a few
 * segments each. */
enum { FH_INDEX_MERGE_DUE = 0, FH_INDEX_MERGE_ALL = 1, FH_INDEX_MERGE_TAIL = 2 };
int fh_index_begin(fh_index *x, fh_err *err);
int fh_index_put(fh_index *x, int64_t rowid, const fh_doc *doc, int replacing, fh_err *err);
int fh_index_flush(fh_index *x, fh_err *err);
void fh_index_abort(fh_index *x);
int fh_index_maintain(fh_index *x, int how, fh_err *err);

/* One read request (a search with its planning, its relaxed search and
 * its counts): between begin (1) and end (0) the view is checked against
 * the files and the database once, at the request's first read, and every
 * later read of the request uses that view.  The request reads one
 * version of the index, and pays the checks' system calls once. */
void fh_index_request(fh_index *x, int begin); /* NULL-safe */

/* Live documents (as of the last refresh). */
long long fh_index_docs(fh_index *x, fh_err *err);
/* Documents holding each of clauses c[0..n) into df (plan.h's statistics
 * callback), read from one view. */
int fh_index_df(fh_index *x, const fh_plan_clause *const *c, size_t n, long long *df, fh_err *err);

/* One search. */
typedef struct fh_index_query {
    const fh_plan *plan;
    const fh_query *q;      /* filters (source, category, dates) */
    size_t k;               /* hits wanted: offset + limit */
    int exhaustive;         /* score every match (the reference) */
    int want_total;
    uint64_t total_bound;   /* count matches up to this many (0: all) */
    /* facets: each value of each kind (IX_FACET_*) with its count */
    int (*on_facet)(void *ctx, int kind, const char *value, uint64_t count);
    void *facet_ctx;
    /* the work budget (search.h's on_work; NULL: none) */
    ix_work_fn on_work;
    void *work_ctx;
    /* by_rowid: only these row ids (sorted) pass (search.h's ix_filter) */
    int by_rowid;
    const int64_t *rowids;
    size_t n_rowids;
} fh_index_query;

typedef struct fh_index_result {
    ix_hit *hits;     /* best first; owned by the handle, valid until its next search */
    size_t n_hits;
    long total;       /* when wanted: exact, or total_bound + 1 ("more than") */
    int total_exact;
    ix_work work;
} fh_index_result;

/* A view that cannot be read (a segment file missing, or one of another
 * database: files replaced under the reader) fails with FH_ERR_UNAVAILABLE,
 * which tells the store to open the database again. */
int fh_index_search(fh_index *x, const fh_index_query *q, fh_index_result *res, fh_err *err);

#endif
