/*
 * topk.c - the best k matches of a disjunction without ranking every
 * match: MaxScore (src/store/maxscore.h) over fahras_rank's clauses.
 *
 * fahras_rank is a sum over clauses (rank.h), and a clause's share never
 * exceeds w * idf * (k1 + 1), plus its proximity share's cap.  Each round
 * is one statement ranking the documents that match the clauses with the
 * largest bounds (E).  When E would take every selecting clause, after
 * the last round, or for requests this cannot serve (dates order, the
 * exhaustive reference, required words, facets over every match), the
 * caller ranks the whole match.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "maxscore.h"
#include "pg_store.h"
#include "rank.h"

/* Pages deeper than this rank every match: theta of a deep page is low. */
#define PG_TOPK_MAX_K 1000

static int serves(const fh_backend_search *req, const pg_match *m)
{
    const fh_query *q = req->q;
    if (m->browse) return 0;
    size_t sel = 0;
    for (size_t i = 0; i < m->n_ranked; i++) sel += m->ranked[i].selects != 0;
    return !q->exhaustive && q->sort == FH_SORT_RELEVANCE && req->plan->n_must == 0 && !req->facets &&
           (size_t)q->offset + (size_t)q->limit <= PG_TOPK_MAX_K && q->limit > 0 && sel >= 2;
}

/* Each ranked clause's bound, document count, owner and role. */
static void bounds(const pg_match *m, double n_docs, double *ub, double *df, long *owner, char *selects)
{
    size_t n_prox = 0;
    for (size_t i = 0; i < m->n_ranked; i++) n_prox += m->ranked[i].proximity != 0;
    for (size_t i = 0; i < m->n_ranked; i++) {
        const pg_ranked *c = &m->ranked[i];
        double idf = fh_rank_idf(n_docs, (double)c->df);
        ub[i] = fh_rank_term_max(c->weight, idf) + (c->proximity && n_prox >= 2 ? fh_rank_proximity_max(idf) : 0);
        df[i] = (double)c->df;
        owner[i] = c->owner;
        selects[i] = c->selects != 0;
    }
}

typedef struct round_ctx {
    fh_backend_db *db;
    const fh_backend_search *req;
    const pg_match *m;
    sbuf match;
    fh_err *err;
} round_ctx;

/* c->match: m's match narrowed to documents matching E. */
static int narrowed(round_ctx *c, const fh_maxscore *ms)
{
    sbuf *out = &c->match;
    out->n = 0;
    fh_sb_str(out, "(");
    fh_sb_str(out, c->m->match.p);
    fh_sb_str(out, ") & (");
    int k = 0;
    for (size_t i = 0; i < ms->n; i++)
        if (ms->in[i]) {
            if (k++) fh_sb_str(out, " | ");
            fh_sb_str(out, c->m->ranked[i].tsq);
        }
    fh_sb_str(out, ")");
    return out->oom ? -1 : 0;
}

/* One round: the page ranked among E's matches (fh_maxscore_rank_fn). */
static int rank_round(void *ctx, const fh_maxscore *ms, double need, double *kth)
{
    round_ctx *c = ctx;
    if (narrowed(c, ms)) return fh_fail(c->err, "out of memory");
    long total;
    return pg_page(c->db, c->req, c->m, c->match.p, need, kth, &total, c->err);
}

int pg_topk_page(fh_backend_db *db, const fh_backend_search *req, const pg_match *m, fh_err *err)
{
    if (!serves(req, m)) return 0;
    long long n_docs = 0;
    if (pg_collection_size(db, &n_docs, err)) return -1;
    size_t n = m->n_ranked;
    double *ub = calloc(n, sizeof *ub), *df = calloc(n, sizeof *df);
    long *owner = calloc(n, sizeof *owner);
    size_t *order = calloc(n, sizeof *order);
    char *selects = calloc(n, 1), *in = calloc(n, 1);
    int rc = 0;
    if (!ub || !df || !owner || !order || !selects || !in) rc = fh_fail(err, "out of memory");
    if (!rc) {
        bounds(m, n_docs < 0 ? 0 : (double)n_docs, ub, df, owner, selects);
        fh_maxscore ms;
        fh_maxscore_init(&ms, n, ub, df, owner, selects, order, in);
        round_ctx c = {db, req, m, {0}, err};
        rc = fh_maxscore_rounds(&ms, (size_t)req->q->offset + (size_t)req->q->limit, rank_round, &c);
        rc = rc < 0 ? -1 : rc == 0; /* 1: the page delivered */
        free(c.match.p);
    }
    free(ub);
    free(df);
    free(owner);
    free(order);
    free(selects);
    free(in);
    return rc;
}
