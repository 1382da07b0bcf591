/*
 * dups.h - near-duplicate clusters, kept by the store layer for every
 * backend: each document written gets a signature (dupsig.h), its
 * candidates come from the backend's key lookup, the verified ones put it
 * in their cluster (merging clusters it links), and searches collapse a
 * cluster to its best-ranked document (collapse.c).
 */
#ifndef FAHRAS_DUPS_H
#define FAHRAS_DUPS_H

#include "plan.h"
#include "store_backend.h"

/* Place doc (just written) in its cluster; sig: its signature when the
 * index's analysis made it (dupsig.h), NULL to make it here. */
struct fh_dupsig;
int fh_dups_add(const fh_store_backend *be, fh_backend_db *db, const fahras_analyzer *an,
                const fh_doc *doc, const struct fh_dupsig *made, fh_err *err);

/* One evaluation of a search as collapse.c asks for it: q's hits (no
 * snippets) to fn, the total, and the plan that ranked them (owned by the
 * caller of fh_collapse_search, valid until the next run or its return). */
typedef int (*fh_run_fn)(void *ctx, const fh_query *q, fh_hit_fn fn, void *fn_ctx, long *total,
                         const fh_plan **plan, fh_err *err);

/* How many of the last run's matches share a cluster with another of
 * them (store_backend.h's hidden_copies): 1 with *hidden, 0 when there
 * are too many copies to count, -1 on error. */
typedef int (*fh_hidden_fn)(void *ctx, long *hidden, fh_err *err);

/* Search q collapsing clusters: hits to on_hit as fh_store_search
 * delivers them, each with its cluster's other documents; *total counts
 * clusters: those of the matches read when they were all read, else the
 * matches less hidden's count.  Where hidden cannot count, the matches
 * less the copies seen, with *total_upper 1 (the matches not read may
 * hold more copies: the total is at most that). */
int fh_collapse_search(const fh_store_backend *be, fh_backend_db *db, const fahras_analyzer *an,
                       const fh_query *q, fh_run_fn run, fh_hidden_fn hidden, void *run_ctx,
                       fh_hit_fn on_hit, void *hit_ctx, long *total, int *total_upper, fh_err *err);

#endif
