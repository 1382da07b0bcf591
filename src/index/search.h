/*
 * search.h - evaluating a query plan (plan.h) over a set of segments: the
 * top k by rank.h's score, pruned (block-max MaxScore) or exhaustive, the
 * number of matches and the facets (search.c).
 *
 * Pruning is safe: a document is skipped only when an upper bound of its
 * score is below the k-th best score found so far.  The bound of a clause
 * is its term share at the largest BM25F tf of the segment or block
 * (stored per term and per block of IX_BLOCK postings), plus, for a clause
 * taking part in proximity, the largest proximity share rank.h allows
 * (fh_rank_proximity_max).  Candidates are scored exactly, proximity
 * included, and their score summed in plan order, so the pruned top k is
 * the exhaustive top k (ties: the smaller row id first).
 */
#ifndef FAHRAS_SEARCH_H
#define FAHRAS_SEARCH_H

#include "ix.h"
#include "plan.h"

typedef struct ix_view_seg {
    const ix_seg *seg;
    const uint8_t *dels; /* deleted documents, one bit each (NULL: none) */
    /* rank.h's dlnorm of each document at the view's avglens, [2 * doc +
     * field] (ix_view_dlnorms), or NULL: worked out at each use */
    const double *dlnorm;
} ix_view_seg;

/* What a search reads: segments and the collection's live statistics. */
typedef struct ix_view {
    const ix_view_seg *segs;
    size_t n_segs;
    uint64_t n_docs;                /* live documents */
    uint64_t len_total[FH_FIELDS];  /* their field lengths, summed */
} ix_view;

/* Filters on the per-document values: pass says whether a value of kind
 * (IX_FACET_*) is wanted (value NULL: the document has none).  It is asked
 * once per distinct value of a segment, never per document, so what a
 * filter means (case, lists, date ranges) stays with the caller. */
typedef int (*ix_pass_fn)(void *ctx, int kind, const char *value);
typedef struct ix_filter {
    unsigned kinds;  /* bit (1 << kind) for each kind filtered */
    ix_pass_fn pass;
    void *ctx;
    /* by_rowid: only the documents whose row ids are in rowids[0..n_rowids)
     * (sorted) pass, a filter the caller worked out elsewhere (entities). */
    int by_rowid;
    const int64_t *rowids;
    size_t n_rowids;
} ix_filter;

/* The work a search does (postings decoded and documents considered) is
 * handed to on_work as it grows, every IX_WORK_REPORT candidates and at
 * each segment's end; a non-zero answer stops the search (IX_EBUDGET), so
 * the caller bounds it by work or time. */
#define IX_WORK_REPORT 1024u
typedef int (*ix_work_fn)(void *ctx, uint64_t more);

typedef struct ix_request {
    const fh_plan *plan;
    ix_filter filter;
    size_t k;          /* hits wanted (offset + limit) */
    int exhaustive;    /* score every match: the reference ranking */
    ix_work_fn on_work; /* NULL: no budget */
    void *work_ctx;
    /* 0: by score; 1: the latest date first; 2: the earliest first
     * (store.h's FH_SORT_*), documents without a date last, ties by score
     * then row id.  Every match is considered (read from the per-document
     * date column; a document's score is computed only when its date can
     * enter the top k). */
    int sort;
} ix_request;

typedef struct ix_hit {
    int64_t rowid;
    double score;
} ix_hit;

/* Work done, for tests that bound it (no timing in tests) and for budgets. */
typedef struct ix_work {
    uint64_t postings;   /* postings decoded */
    uint64_t candidates; /* documents considered */
    uint64_t scored;     /* documents scored in full */
} ix_work;

/* The best r->k documents, best first, into hits[0..*n_hits) (hits has
 * r->k entries).  0, or -1 with msg. */
int ix_search(const ix_view *v, const ix_request *r, ix_hit *hits, size_t *n_hits, ix_work *work,
              char *msg, size_t cap);

/* Documents matching r (r->k ignored), counted up to bound (0: all): *count
 * is exact when <= bound, else bound + 1. */
int ix_count(const ix_view *v, const ix_request *r, uint64_t bound, uint64_t *count, char *msg,
             size_t cap);

/* Facet counts over every document matching r: fn gets, segment by
 * segment, each value of each kind (IX_FACET_*) with the number of
 * matching documents holding it (the caller adds them up by value);
 * *total receives the number of matches. */
typedef int (*ix_facet_fn)(void *ctx, int kind, const char *value, uint64_t count);
int ix_facets(const ix_view *v, const ix_request *r, uint64_t *total, ix_facet_fn fn, void *ctx,
              char *msg, size_t cap);

/* Documents holding clause c (deleted ones not yet merged away included). */
/* The dlnorm table of segment g in view v (ix_view_seg.dlnorm): the same
 * values a search works out per document, read at each posting instead;
 * NULL when memory fails (the caller frees it). */
double *ix_view_dlnorms(const ix_view *v, const ix_seg *g);

int ix_clause_df(const ix_view *v, const fh_plan_clause *c, uint64_t *df, char *msg, size_t cap);

#endif
