/*
 * maxscore.h - which clauses a top-k query must rank, for stores that
 * rank a narrowed match in one statement (MaxScore, Turtle and Flood 1995).
 *
 * A score is a sum of per-clause shares, and clause i's share never
 * exceeds ub[i].  Order the selecting clauses from the largest bound down
 * and let E be the first few.  A document matching none of E scores at
 * most rest(E), the sum of the other clauses' bounds (a clause with an
 * owner, such as an exact-form bonus, matches only where its owner does,
 * so it counts with it).  Once the k-th best score among the documents
 * matching E exceeds rest(E), the best k of the whole match are the best
 * k of E's matches: only those need ranking.  Common words are the
 * clauses with small bounds, and they are the ones left out.
 *
 * Used by the CLI's PostgreSQL store (src/store/postgres/topk.c) and the
 * extension's fahras_bm25_top (pg/top_pg.c).  No allocation: the caller
 * gives the buffers, so a backend may unwind through it.
 */
#ifndef FH_MAXSCORE_H
#define FH_MAXSCORE_H

#include <stddef.h>

typedef struct fh_maxscore {
    size_t n;           /* clauses */
    const double *ub;   /* [n] bound of each clause's share */
    const double *df;   /* [n] documents matching each clause (estimates serve) */
    const long *owner;  /* [n] or NULL: clause i matches only where owner[i] does (-1: none) */
    size_t *order;      /* [n] the selecting clauses, largest bound first */
    size_t n_sel;
    char *in;           /* [n] 1 for the clauses of E */
} fh_maxscore;

/* Sets ms up over n clauses; selects[i] != 0 for a clause a document
 * matching it alone may be a result of (NULL: all).  order and in are the
 * caller's buffers of n elements; ub, df and owner are read, not kept
 * beyond the caller's use of ms. */
void fh_maxscore_init(fh_maxscore *ms, size_t n, const double *ub, const double *df, const long *owner,
                      const char *selects, size_t *order, char *in);

/* The most a document matching none of E scores, with room for the last
 * digits of a sum taken in another order and for statistics a writer
 * moved: a narrowed ranking delivers when its k-th score exceeds this. */
double fh_maxscore_need(const fh_maxscore *ms);

/* Ranks the documents matching E (ms->in) and their best k, delivering
 * them when the k-th score exceeds need.  Returns 0 delivered, 1 not
 * delivered (*kth the k-th score, 0 with fewer than k), -1 on error. */
typedef int (*fh_maxscore_rank_fn)(void *ctx, const fh_maxscore *ms, double need, double *kth);

/*
 * Up to three rounds, each one call of rank over a larger E:
 *   1. E the rarest clauses covering k documents: a first theta;
 *   2. E the fewest first clauses whose rest is below FH_MAXSCORE_HOPE
 *      times that theta (the best k usually score well above the first
 *      E's);
 *   3. E the fewest first clauses whose rest is below the best theta
 *      seen, which is sure to deliver (a larger E's k-th score is no
 *      lower) unless the statistics moved.
 * A round that would take every selecting clause gives up.  Returns 0
 * delivered, 1 not (the caller ranks the whole match), -1 rank's error.
 */
#define FH_MAXSCORE_HOPE 4.0
int fh_maxscore_rounds(fh_maxscore *ms, size_t k, fh_maxscore_rank_fn rank, void *ctx);

#endif
