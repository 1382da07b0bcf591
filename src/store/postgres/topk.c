/*
 * topk.c - the best k matches of a disjunction without ranking every
 * match (MaxScore, Turtle and Flood 1995, in SQL).
 *
 * fahras_rank is a sum over clauses (rank.h), and a clause's share never
 * exceeds w * idf * (k1 + 1), plus its proximity share's cap.  Order the
 * selecting clauses from the largest bound down and let E be the first
 * few.  A document matching none of E scores at most rest(E), the sum of
 * the other clauses' bounds (an exact-form bonus counts with its word:
 * it matches only where the word does).  So once the k-th best score
 * theta among the documents matching E exceeds rest(E), the best k of the
 * whole match are the best k of the documents matching E: only those are
 * ranked.  Common words are the clauses with small bounds, and they are
 * the ones left out.
 *
 * E grows in rounds (rounds() below), each one statement ranking E's
 * matches.  When E would take every selecting clause, after the last
 * round, or for requests this cannot serve (dates order, the exhaustive
 * reference, required words, facets over every match), the caller ranks
 * the whole match.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_store.h"
#include "rank.h"

/* Pages deeper than this rank every match: theta of a deep page is low. */
#define PG_TOPK_MAX_K 1000
/* How far above the first round's k-th score the second round hopes the
 * k-th score is. */
#define PG_TOPK_HOPE 4.0

typedef struct topk {
    const pg_match *m;
    double *ub;       /* [n_ranked] score bound of each ranked clause */
    size_t *order;    /* selecting clauses, largest bound first */
    size_t n_sel;
    char *in;         /* [n_ranked] in E */
} topk;

static int serves(const fh_backend_search *req, const pg_match *m)
{
    const fh_query *q = req->q;
    size_t sel = 0;
    for (size_t i = 0; i < m->n_ranked; i++) sel += m->ranked[i].selects != 0;
    return !q->exhaustive && q->sort == FH_SORT_RELEVANCE && req->plan->n_must == 0 && !req->facets &&
           (size_t)q->offset + (size_t)q->limit <= PG_TOPK_MAX_K && q->limit > 0 && sel >= 2;
}

/* Each ranked clause's bound, and the selecting ones by bound (a few
 * dozen at most: insertion sort). */
static void bounds(topk *t, double n_docs)
{
    const pg_match *m = t->m;
    size_t n_prox = 0;
    for (size_t i = 0; i < m->n_ranked; i++) n_prox += m->ranked[i].proximity != 0;
    for (size_t i = 0; i < m->n_ranked; i++) {
        const pg_ranked *c = &m->ranked[i];
        double idf = fh_rank_idf(n_docs, (double)c->df);
        t->ub[i] = fh_rank_term_max(c->weight, idf) +
                   (c->proximity && n_prox >= 2 ? fh_rank_proximity_max(idf) : 0);
        if (!c->selects) continue;
        size_t j = t->n_sel++;
        while (j > 0 && t->ub[t->order[j - 1]] < t->ub[i]) {
            t->order[j] = t->order[j - 1];
            j--;
        }
        t->order[j] = i;
    }
}

/* The most a document matching none of E can score. */
static double rest(const topk *t)
{
    double s = 0;
    for (size_t i = 0; i < t->m->n_ranked; i++) {
        long o = t->m->ranked[i].owner;
        if (!t->in[i] && !(o >= 0 && t->in[o])) s += t->ub[i];
    }
    return s;
}

/* m's match narrowed to documents matching E. */
static int narrowed(const topk *t, sbuf *out)
{
    out->n = 0;
    fh_sb_str(out, "(");
    fh_sb_str(out, t->m->match.p);
    fh_sb_str(out, ") & (");
    int k = 0;
    for (size_t i = 0; i < t->m->n_ranked; i++)
        if (t->in[i]) {
            if (k++) fh_sb_str(out, " | ");
            fh_sb_str(out, t->m->ranked[i].tsq);
        }
    fh_sb_str(out, ")");
    return out->oom ? -1 : 0;
}

/* The first n selecting clauses (by bound) make E. */
static void take_first(topk *t, size_t n)
{
    memset(t->in, 0, t->m->n_ranked);
    for (size_t j = 0; j < n; j++) t->in[t->order[j]] = 1;
}

/* How many first clauses cover `want` documents (their counts summed). */
static size_t covering(const topk *t, double want)
{
    double covered = 0;
    size_t n = 0;
    while (n < t->n_sel && covered < want) covered += (double)t->m->ranked[t->order[n++]].df;
    return n;
}

/* The most a document outside E scores, with room for the last digits of
 * a sum taken in another order and for statistics a writer moved. */
static double need_of(const topk *t)
{
    return rest(t) * (1 + 1e-6) + 1e-9;
}

/* How many first clauses leave a rest below theta (n_sel: none fewer). */
static size_t sure_below(topk *t, double theta)
{
    for (size_t n = 1; n < t->n_sel; n++) {
        take_first(t, n);
        if (need_of(t) < theta) return n;
    }
    return t->n_sel;
}

/* Three rounds, each one statement ranking only E's matches and
 * delivering when its k-th score beats E's rest:
 *   1. E the rarest clauses covering k documents: a first theta;
 *   2. E the fewest first clauses whose rest is below PG_TOPK_HOPE times
 *      that theta (the best k usually score well above the first E's);
 *   3. E the fewest first clauses whose rest is below the best theta seen,
 *      which is sure to deliver (a larger E's k-th score is no lower).
 * A round that would take every selecting clause gives up: the caller
 * ranks the whole match. */
static int rounds(fh_backend_db *db, const fh_backend_search *req, topk *t, fh_err *err)
{
    int k = req->q->offset + req->q->limit, rc = 0;
    double theta = 0;
    size_t have = 0;
    sbuf match = {0};
    for (int round = 0; round < 3 && !rc; round++) {
        size_t n = round == 0 ? covering(t, k) : sure_below(t, round == 1 ? theta * PG_TOPK_HOPE : theta);
        if (n >= t->n_sel) break; /* as good as the whole match */
        if (n <= have && round < 2) continue;
        have = n;
        take_first(t, n);
        if (narrowed(t, &match)) {
            rc = fh_fail(err, "out of memory");
            break;
        }
        double kth = 0;
        long total;
        int got = pg_page(db, req, t->m, match.p, need_of(t), &kth, &total, err);
        if (got <= 0) rc = got < 0 ? -1 : 1;
        else if (kth > theta) theta = kth;
    }
    free(match.p);
    return rc;
}

int pg_topk_page(fh_backend_db *db, const fh_backend_search *req, const pg_match *m, fh_err *err)
{
    if (!serves(req, m)) return 0;
    long long n_docs = 0;
    if (pg_collection_size(db, &n_docs, err)) return -1;
    topk t = {m, calloc(m->n_ranked, sizeof *t.ub), calloc(m->n_ranked, sizeof *t.order), 0,
              calloc(m->n_ranked, 1)};
    int rc = 0;
    if (!t.ub || !t.order || !t.in) rc = fh_fail(err, "out of memory");
    if (!rc) {
        bounds(&t, n_docs < 0 ? 0 : (double)n_docs);
        rc = rounds(db, req, &t, err);
    }
    free(t.ub);
    free(t.order);
    free(t.in);
    return rc;
}
