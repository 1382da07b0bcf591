/*
 * search.c - top-k evaluation of a plan over segments (search.h): block-max
 * MaxScore for optional clauses, a leapfrog conjunction when clauses are
 * required, the same loops without pruning for the exhaustive reference,
 * plus match counting and facets.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cursor.h"
#include "guard.h"
#include "search.h"

/* ------------------------------------------------------------------ */
/* Query-wide state                                                    */
/* ------------------------------------------------------------------ */

typedef struct qc {
    const fh_plan_clause *pc;
    double w, idf, prox_max;
} qc;

typedef struct heap {
    ix_hit *h;
    size_t n, k;
} heap;

typedef struct eval {
    const ix_view *v;
    const ix_request *r;
    void *arena;         /* the [n] arrays below, one block */
    qc *c;               /* [n] per plan clause */
    size_t n;
    size_t n_prox;       /* clauses taking part in proximity */
    double avg[FH_FIELDS];
    double *idf_all;     /* [n] for fh_rank_proximity */
    double *pidf;        /* [n] scratch: the idf of the clauses proximity_bound counts */
    fh_rank_plist *plist; /* [n] scratch: the position lists of proximity */
    size_t *pmatch;       /* [n] scratch: a candidate's matched proximity clauses, ascending */
    /* scratch of fh_rank_proximity_lists: a mask per position below
     * mask_cap and a bit per position, zero between calls */
    uint64_t *pmask, *pseen;
    size_t mask_cap;
    double *acc;         /* [n] scratch */
    fh_rank_occ *occ;
    size_t occ_cap;
    uint32_t *pcnt;      /* [n * FH_FIELDS] scratch: occurrence counts for the proximity bound */
    double *part;        /* [n] per-clause shares of the candidate */
    heap hp;
    double lim;          /* bounds below this cannot reach the k-th score (below) */
    ix_work work;
    uint64_t tick;       /* candidates since the work was last reported */
    uint64_t reported;   /* work handed to r->on_work so far */
    /* the segment being evaluated */
    const ix_view_seg *vs;
    ix_clause *cur;      /* [n] */
    /* For clauses whose main cursor runs ahead (accumulated a window at a
     * time), a second cursor reads positions at a candidate: pcur[i] is
     * open when pos_from_p[i]. */
    ix_clause *pcur;     /* [n] */
    char *pos_from_p;    /* [n] */
    double scale;        /* bound scale for this segment's avglens */
    double *ub;          /* [n] clause bounds in the segment */
    uint32_t *bend;      /* [n] last document of the block bound cached in bub */
    double *bub;         /* [n] clause bound over documents up to bend (from the last lookup on) */
    int *bset;           /* [n] bend/bub hold a lookup */
    uint32_t *bblk;      /* [n] block of the last lookup of a one-term clause (its next start) */
    /* A ranking-only clause that matches only where a selecting clause does
     * (the exact-form bonus of a word) is bounded with it: owner[i] is that
     * clause, or -1; uub[s] is s's bound with its companions'. */
    long *owner;
    /* The groups of the selecting clauses a match mode counts (plan.h's
     * min_should): a near spelling or a variant counts with its word. */
    size_t *group;       /* [n] */
    char *gseen, *gon;   /* [n] scratch */
    int grouped;         /* some clause is not its own group */
    double *uub;
    uint8_t *allow[IX_FACETS]; /* per value id of the segment: passes the filter (NULL: no filter) */
    int filtered;        /* the segment has deletions, or a filter applies (doc_passes) */
    size_t *must;        /* [n] scratch: the required clauses, rarest first (musts_meet) */
    int idf_later;       /* some clause's idf waits for the first segment searched (idf_later) */
    int err;
    char *msg;
    size_t cap;
} eval;

static int set_err(eval *e, int rc, const char *what)
{
    if (!e->err && e->msg && e->cap) snprintf(e->msg, e->cap, "%s", what);
    if (!e->err) e->err = rc;
    return -1;
}

/* Postings decoded and documents considered so far (the open segment's
 * cursors included). */
static uint64_t work_now(const eval *e)
{
    uint64_t w = e->work.postings + e->work.candidates;
    if (e->vs)
        for (size_t i = 0; i < e->n; i++) {
            w += ix_clause_decoded(&e->cur[i]);
            if (e->pos_from_p[i]) w += ix_clause_decoded(&e->pcur[i]);
        }
    return w;
}

/* Hand the work done since the last report to the budget. */
static void report_work(eval *e)
{
    e->tick = 0;
    if (!e->r->on_work) return;
    uint64_t w = work_now(e);
    if (w <= e->reported) return;
    uint64_t more = w - e->reported;
    e->reported = w;
    if (e->r->on_work(e->r->work_ctx, more)) set_err(e, IX_EBUDGET, "stopped: over the work budget");
}

/* One more document considered. */
static void spend(eval *e)
{
    e->work.candidates++;
    if (++e->tick >= IX_WORK_REPORT) report_work(e);
}

static int better(const ix_hit *a, const ix_hit *b)
{
    return a->score > b->score || (a->score == b->score && a->rowid < b->rowid);
}

/* The min-heap keeps the worst of the best k at h[0]. */
static void heap_push(heap *p, ix_hit x)
{
    if (p->k == 0) return;
    size_t i;
    if (p->n < p->k) {
        i = p->n++;
        while (i > 0 && better(&p->h[(i - 1) / 2], &x)) {
            p->h[i] = p->h[(i - 1) / 2];
            i = (i - 1) / 2;
        }
        p->h[i] = x;
        return;
    }
    if (!better(&x, &p->h[0])) return;
    i = 0;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        const ix_hit *mv = &x;
        if (l < p->n && better(mv, &p->h[l])) { m = l; mv = &p->h[l]; }
        if (r < p->n && better(mv, &p->h[r])) { m = r; mv = &p->h[r]; }
        if (m == i) break;
        p->h[i] = p->h[m];
        i = m;
    }
    p->h[i] = x;
}

/* The score to beat, or -inf while fewer than k were found. */
static double theta(const eval *e)
{
    return e->hp.n < e->hp.k ? -INFINITY : e->hp.h[0].score;
}

/* The k-th score less a margin for rounding (the bound and the score are
 * summed in different orders), -inf while nothing can be pruned: kept in
 * e->lim, set again whenever the heap changes. */
static void set_lim(eval *e)
{
    double t = theta(e);
    e->lim = e->r->exhaustive ? -INFINITY : t - 1e-9 * (1.0 + fabs(t));
}

/* Whether a bound cannot reach the k-th score. */
static inline int below(const eval *e, double bound)
{
    return bound < e->lim;
}

/* ------------------------------------------------------------------ */
/* Clause statistics                                                   */
/* ------------------------------------------------------------------ */

static int simple_term(const fh_plan_clause *c)
{
    return c->n_slots == 1 && c->slots[0].n_alt == 1 && !c->slots[0].alt[0].prefix;
}

int ix_clause_df(const ix_view *v, const fh_plan_clause *c, uint64_t *df, char *msg, size_t cap)
{
    *df = 0;
    for (size_t s = 0; s < v->n_segs; s++) {
        const ix_seg *g = v->segs[s].seg;
        if (simple_term(c)) {
            int64_t i = ix_seg_find(g, c->slots[0].alt[0].text, c->slots[0].alt[0].len);
            ix_term_ent te;
            if (i >= 0 && !ix_seg_term(g, (uint32_t)i, &te, NULL, NULL)) *df += te.df;
            continue;
        }
        ix_clause cl;
        int rc = ix_clause_open(&cl, c, g);
        for (; !rc && cl.doc != IX_NONE; ix_clause_seek(&cl, cl.doc + 1)) ++*df;
        if (!rc) rc = cl.err;
        ix_clause_close(&cl);
        if (rc) {
            snprintf(msg, cap, "segment %llu: %s", (unsigned long long)g->id,
                     rc == IX_ENOMEM ? "out of memory" : "corrupt postings");
            return -1;
        }
    }
    return 0;
}

/* The view's average length of field f. */
static double view_avg(const ix_view *v, int f)
{
    return v->n_docs ? (double)v->len_total[f] / (double)v->n_docs : 1.0;
}

double *ix_view_dlnorms(const ix_view *v, const ix_seg *g)
{
    double *t = malloc(((size_t)g->n_docs * FH_FIELDS + 1) * sizeof *t);
    if (!t) return NULL;
    for (int f = 0; f < FH_FIELDS; f++) {
        double avg = view_avg(v, f);
        for (uint32_t d = 0; d < g->n_docs; d++)
            t[(size_t)d * FH_FIELDS + (size_t)f] = fh_rank_dlnorm((double)ix_seg_len(g, d, f), avg);
    }
    return t;
}

/* Whether clause i's idf waits for the first segment searched: a df the
 * plan lacks, counted over the view, of a clause not required. */
static int idf_later(const eval *e, size_t i)
{
    const fh_plan_clause *pc = e->c[i].pc;
    return pc->df < 0 && pc->role != FH_ROLE_MUST && e->c[i].w > 0 && e->r->k > 0;
}

/* Clause i's idf (its df from the plan, else counted in the view) and
 * proximity bound. */
static void clause_idf(eval *e, size_t i)
{
    qc *q = &e->c[i];
    const fh_plan_clause *pc = q->pc;
    double nd = (double)e->v->n_docs;
    uint64_t df = pc->df >= 0 ? (uint64_t)pc->df : 0;
    if (pc->df < 0 && q->w > 0 && e->r->k > 0 && ix_clause_df(e->v, pc, &df, e->msg, e->cap)) {
        if (!e->err) e->err = IX_ECORRUPT; /* the message is in e->msg */
        return;
    }
    /* df counts deleted documents not merged away yet: never above N */
    q->idf = fh_rank_idf(nd, (double)df > nd ? nd : (double)df);
    e->idf_all[i] = q->idf;
    if (e->n_prox >= 2 && pc->proximity && pc->role != FH_ROLE_NOT) q->prox_max = fh_rank_proximity_max(q->idf);
}

static int eval_init(eval *e, const ix_view *v, const ix_request *r, char *msg, size_t cap)
{
    memset(e, 0, sizeof *e);
    e->v = v;
    e->r = r;
    e->msg = msg;
    e->cap = cap;
    e->n = r->plan->n;
    size_t n = e->n ? e->n : 1;
    /* the per-clause arrays, carved from one zeroed block */
    const struct {
        void **at;
        size_t size;
    } part[] = {
        {(void **)&e->c, n * sizeof *e->c},
        {(void **)&e->idf_all, n * sizeof *e->idf_all},
        {(void **)&e->pidf, n * sizeof *e->pidf},
        {(void **)&e->plist, n * sizeof *e->plist},
        {(void **)&e->pmatch, n * sizeof *e->pmatch},
        {(void **)&e->acc, n * sizeof *e->acc},
        {(void **)&e->part, n * sizeof *e->part},
        {(void **)&e->ub, n * sizeof *e->ub},
        {(void **)&e->cur, n * sizeof *e->cur},
        {(void **)&e->pcur, n * sizeof *e->pcur},
        {(void **)&e->pos_from_p, n},
        {(void **)&e->bend, n * sizeof *e->bend},
        {(void **)&e->bub, n * sizeof *e->bub},
        {(void **)&e->bset, n * sizeof *e->bset},
        {(void **)&e->bblk, n * sizeof *e->bblk},
        {(void **)&e->owner, n * sizeof *e->owner},
        {(void **)&e->group, n * sizeof *e->group},
        {(void **)&e->gseen, n},
        {(void **)&e->gon, n},
        {(void **)&e->uub, n * sizeof *e->uub},
        {(void **)&e->must, n * sizeof *e->must},
        {(void **)&e->pcnt, n * FH_FIELDS * sizeof *e->pcnt},
    };
    enum { ALIGN = 16 };
    size_t total = 0;
    for (size_t i = 0; i < sizeof part / sizeof *part; i++) total += (part[i].size + ALIGN - 1) / ALIGN * ALIGN;
    e->arena = ix_calloc(1, total);
    if (e->arena) {
        char *p = e->arena;
        for (size_t i = 0; i < sizeof part / sizeof *part; i++) {
            *part[i].at = p;
            p += (part[i].size + ALIGN - 1) / ALIGN * ALIGN;
        }
    }
    e->hp.k = r->k;
    e->lim = -INFINITY;
    e->hp.h = ix_calloc(r->k ? r->k : 1, sizeof *e->hp.h);
    if (!e->arena || !e->hp.h)
        return set_err(e, IX_ENOMEM, "out of memory");
    for (size_t i = 0; i < e->n; i++) {
        e->group[i] = fh_plan_group(r->plan, i);
        e->grouped |= r->plan->clauses[i].role == FH_ROLE_SELECT && e->group[i] != i;
    }
    for (int f = 0; f < FH_FIELDS; f++) e->avg[f] = view_avg(v, f);
    for (size_t i = 0; i < e->n; i++) {
        const fh_plan_clause *pc = &r->plan->clauses[i];
        qc *q = &e->c[i];
        q->pc = pc;
        q->w = pc->role == FH_ROLE_NOT ? 0 : pc->weight;
        if (pc->proximity && pc->role != FH_ROLE_NOT) e->n_prox++;
    }
    /* an exact-form bonus is bounded with its word, when that word selects */
    for (size_t i = 0; i < e->n; i++) {
        long o = fh_plan_exact_owner(r->plan, i);
        e->owner[i] = o >= 0 && r->plan->clauses[o].role == FH_ROLE_SELECT ? o : -1;
    }
    /* a df the plan lacks is counted when a segment first holds every
     * required clause (seg_open): a search finding none never needs it */
    for (size_t i = 0; i < e->n; i++) {
        if (!idf_later(e, i)) clause_idf(e, i);
        else e->idf_later = 1;
    }
    return e->err ? -1 : 0;
}

/* The idfs eval_init left for later. */
static int later_idfs(eval *e)
{
    for (size_t i = 0; i < e->n && !e->err; i++)
        if (idf_later(e, i)) clause_idf(e, i);
    e->idf_later = 0;
    return e->err ? -1 : 0;
}

static void eval_free(eval *e)
{
    for (int k = 0; k < IX_FACETS; k++) ix_free(e->allow[k]);
    ix_free(e->arena);
    ix_free(e->pmask);
    ix_free(e->pseen);
    ix_free(e->occ);
    ix_free(e->hp.h);
}

/* ------------------------------------------------------------------ */
/* One segment                                                         */
/* ------------------------------------------------------------------ */

/* Which value ids of kind in segment g pass the filter; 0 when none does
 * (no document of the segment can). */
static int allow_ids(eval *e, const ix_seg *g, int kind)
{
    ix_free(e->allow[kind]);
    e->allow[kind] = NULL;
    const ix_filter *f = &e->r->filter;
    if (!(f->kinds & (1u << kind)) || !f->pass) return 1;
    uint8_t *a = ix_malloc((size_t)g->n_dict[kind] + 1);
    if (!a) return set_err(e, IX_ENOMEM, "out of memory"), 0;
    int any = 0;
    a[0] = f->pass(f->ctx, kind, NULL) != 0;
    any |= a[0];
    for (uint32_t id = 1; id <= g->n_dict[kind]; id++) {
        a[id] = f->pass(f->ctx, kind, ix_seg_facet_value(g, kind, id)) != 0;
        any |= a[id];
    }
    e->allow[kind] = a;
    return any;
}

static uint32_t clause_cost(const ix_clause *c);
static uint32_t next_conj(eval *e, const size_t *must, size_t n_must, uint32_t d);

/* Whether some document of the open segment holds every required clause
 * (none required: yes), found by the leapfrog the conjunction runs, rarest
 * first; their cursors stay on it, where the conjunction finds it again. */
static int musts_meet(eval *e)
{
    size_t n_must = 0;
    for (size_t i = 0; i < e->n; i++) {
        if (e->c[i].pc->role != FH_ROLE_MUST) continue;
        if (!e->cur[i].started) return 0;
        size_t j = n_must++;
        for (; j > 0 && clause_cost(&e->cur[i]) < clause_cost(&e->cur[e->must[j - 1]]); j--)
            e->must[j] = e->must[j - 1];
        e->must[j] = i;
    }
    return !n_must || next_conj(e, e->must, n_must, 0) != IX_NONE;
}

/* Open the cursors of every clause on segment vs; 0 when no document of
 * it can pass the filters or hold every required clause. */
static int seg_open(eval *e, const ix_view_seg *vs)
{
    const ix_seg *g = vs->seg;
    e->vs = vs;
    e->filtered = vs->dels || e->r->filter.by_rowid;
    for (int k = 0; k < IX_FACETS; k++) {
        if (!allow_ids(e, g, k)) return 0;
        e->filtered |= e->allow[k] != NULL;
    }
    e->scale = 1.0;
    for (int f = 0; f < FH_FIELDS; f++) {
        double seg_avg = g->n_docs ? (double)g->len_total[f] / g->n_docs : 1.0;
        if (seg_avg > 0 && e->avg[f] / seg_avg > e->scale) e->scale = e->avg[f] / seg_avg;
    }
    e->scale *= 1.000001; /* float storage of the maxima */
    /* the required clauses first: where no document holds them all (most
     * searches asking for every word of a long question) the others are
     * never opened */
    for (int must = 1; must >= 0; must--) {
        for (size_t i = 0; i < e->n; i++) {
            if ((e->c[i].pc->role == FH_ROLE_MUST) != must) continue;
            if (ix_clause_open(&e->cur[i], e->c[i].pc, g))
                return set_err(e, e->cur[i].err ? e->cur[i].err : IX_ECORRUPT, "corrupt segment");
            qc *q = &e->c[i];
            e->ub[i] = (q->w > 0 ? fh_rank_term(q->w, q->idf, e->cur[i].max_tfw * e->scale) : 0) + q->prox_max;
            e->bset[i] = 0;
            e->bblk[i] = 0;
        }
        if (must && !musts_meet(e)) return 0;
        if (must && e->idf_later && later_idfs(e)) return -1;
    }
    for (size_t i = 0; i < e->n; i++) e->uub[i] = e->ub[i];
    for (size_t i = 0; i < e->n; i++)
        if (e->owner[i] >= 0) e->uub[e->owner[i]] += e->ub[i];
    return 1;
}

static void seg_close(eval *e)
{
    if (e->vs) report_work(e);
    for (size_t i = 0; i < e->n; i++) {
        e->work.postings += ix_clause_decoded(&e->cur[i]);
        ix_clause_close(&e->cur[i]);
        if (e->pos_from_p[i]) {
            e->work.postings += ix_clause_decoded(&e->pcur[i]);
            ix_clause_close(&e->pcur[i]);
            e->pos_from_p[i] = 0;
        }
    }
    e->vs = NULL;
}

/* Whether rowid is one of f's row ids (binary search). */
static int rowid_in(const ix_filter *f, int64_t rowid)
{
    size_t lo = 0, hi = f->n_rowids;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->rowids[mid] < rowid) lo = mid + 1;
        else hi = mid;
    }
    return lo < f->n_rowids && f->rowids[lo] == rowid;
}

/* Deleted documents and the filters. */
static int doc_passes(const eval *e, uint32_t d)
{
    if (!e->filtered) return 1;
    const ix_view_seg *vs = e->vs;
    if (vs->dels && (vs->dels[d >> 3] >> (d & 7) & 1)) return 0;
    if (e->r->filter.by_rowid && !rowid_in(&e->r->filter, ix_seg_rowid(vs->seg, d))) return 0;
    for (int k = 0; k < IX_FACETS; k++) {
        if (!e->allow[k]) continue;
        uint32_t id = ix_seg_facet(vs->seg, d, k);
        if (id > vs->seg->n_dict[k] || !e->allow[k][id]) return 0;
    }
    return 1;
}

static void doc_dlnorm(const eval *e, uint32_t d, double *dl)
{
    if (e->vs->dlnorm) {
        memcpy(dl, e->vs->dlnorm + (size_t)d * FH_FIELDS, FH_FIELDS * sizeof *dl);
        return;
    }
    for (int f = 0; f < FH_FIELDS; f++)
        dl[f] = fh_rank_dlnorm((double)ix_seg_len(e->vs->seg, d, f), e->avg[f]);
}

/* dl left unknown (DL_LATER in dl[0]) by a candidate that may be pruned
 * before a share needs it; filled by dl_known.  A dlnorm is never
 * negative. */
#define DL_LATER (-1.0)
static inline const double *dl_known(const eval *e, uint32_t d, double *dl)
{
    if (dl[0] == DL_LATER) doc_dlnorm(e, d, dl);
    return dl;
}

/* Clause i's share at the document it is on. */
static double clause_share(eval *e, size_t i, const double *dl)
{
    if (e->c[i].w <= 0) return 0;
    const double *tf = ix_clause_tf(&e->cur[i]);
    return fh_rank_term(e->c[i].w, e->c[i].idf, fh_rank_tfw(tf, dl, fh_rank_field_weight, FH_FIELDS));
}

/* Excluded by a NOT clause (exact ones are exact in the index: cursor.h). */
static int excluded(eval *e, uint32_t d)
{
    if (!e->r->plan->n_not) return 0;
    for (size_t i = 0; i < e->n; i++) {
        if (e->c[i].pc->role != FH_ROLE_NOT) continue;
        ix_clause_seek(&e->cur[i], d);
        if (e->cur[i].doc == d) return 1;
    }
    return 0;
}

/* Room in e->occ for need occurrences; 0 when memory fails. */
static int occ_room(eval *e, size_t need)
{
    if (need <= e->occ_cap) return 1;
    size_t cap = need * 2;
    fh_rank_occ *o = ix_realloc(e->occ, cap * sizeof *o);
    if (!o) return set_err(e, IX_ENOMEM, "out of memory"), 0;
    e->occ = o;
    e->occ_cap = cap;
    return 1;
}

/* Positions the masks of fh_rank_proximity_lists cover at most (8 MB):
 * a document longer than that is served by the sort. */
#define MASK_MAX (1u << 20)

/* Room in the position masks of fh_rank_proximity_lists for positions
 * below need; 0 when memory fails.  Grown zeroed, as they are left. */
static int mask_room(eval *e, size_t need)
{
    if (need <= e->mask_cap) return 1;
    /* grown by a quarter: each grows zeroes only its new part */
    size_t cap = need + need / 4, words = cap / 64 + 2, old = e->mask_cap ? e->mask_cap / 64 + 2 : 0;
    uint64_t *m = ix_realloc(e->pmask, cap * sizeof *m);
    if (m) e->pmask = m;
    uint64_t *w = m ? ix_realloc(e->pseen, words * sizeof *w) : NULL;
    if (!w) return set_err(e, IX_ENOMEM, "out of memory"), 0;
    e->pseen = w;
    memset(m + e->mask_cap, 0, (cap - e->mask_cap) * sizeof *m);
    memset(w + old, 0, (words - old) * sizeof *w);
    e->mask_cap = cap;
    return 1;
}

/* rank.h's proximity share from the matched proximity clauses at d
 * (e->pmatch[0..n_prox)): each clause's positions (title then body,
 * ascending) through fh_rank_proximity_lists, or sorted for
 * fh_rank_proximity when they do not fit it. */
static double proximity(eval *e, uint32_t d, const double *dl, size_t n_prox)
{
    size_t n = 0, nl = 0, top = 0;
    for (size_t j = 0; j < n_prox; j++) {
        size_t i = e->pmatch[j];
        const uint32_t *pos;
        uint32_t np[FH_FIELDS];
        ix_clause *c = &e->cur[i];
        if (e->pos_from_p[i]) {
            c = &e->pcur[i];
            ix_clause_seek(c, d);
            if (c->doc != d) return set_err(e, IX_ECORRUPT, "corrupt postings"), 0;
        }
        if (ix_clause_positions(c, &pos, np)) return set_err(e, IX_ECORRUPT, "corrupt positions"), 0;
        e->plist[nl++] = (fh_rank_plist){pos, {np[0], np[1]}, (uint32_t)i};
        n += np[0] + np[1];
        /* the largest position, if the lists ascend (fh_rank_proximity_lists checks) */
        if (np[0] && pos[np[0] - 1] > top) top = pos[np[0] - 1];
        if (np[1] && pos[np[0] + np[1] - 1] > top) top = pos[np[0] + np[1] - 1];
    }
    double s;
    if (nl <= FH_RANK_PLIST_MAX && top < MASK_MAX && mask_room(e, top + FH_RANK_PROX_WINDOW + 1) &&
        fh_rank_proximity_lists(e->plist, nl, e->idf_all, e->n, dl, fh_rank_field_weight, e->pmask,
                                e->pseen, e->mask_cap, e->acc, &s) == 0)
        return s;
    if (e->err || !occ_room(e, n)) return 0;
    size_t k = 0;
    for (size_t l = 0; l < nl; l++)
        for (uint32_t j = 0; j < e->plist[l].n[0] + e->plist[l].n[1]; j++)
            e->occ[k++] = (fh_rank_occ){e->plist[l].term, j >= e->plist[l].n[0], e->plist[l].pos[j]};
    fh_rank_occ_sort(e->occ, n);
    return fh_rank_proximity(e->occ, n, e->idf_all, e->n, dl, fh_rank_field_weight, FH_FIELDS, e->acc);
}

/* rank.h's bound on the proximity share at d from the occurrence counts
 * of the matched proximity clauses (e->pmatch[0..n_prox)): their positions
 * are not read (a clause other than a single term counts as unknown). */
static double proximity_bound(eval *e, uint32_t d, const double *dl, size_t n_prox)
{
    size_t m = 0; /* only the matched clauses: the others count nothing */
    for (size_t j = 0; j < n_prox; j++) {
        size_t i = e->pmatch[j];
        uint32_t *cnt = e->pcnt + m * FH_FIELDS;
        e->pidf[m++] = e->idf_all[i];
        ix_clause *c = e->pos_from_p[i] ? &e->pcur[i] : &e->cur[i];
        if (e->pos_from_p[i]) ix_clause_seek(c, d);
        if (!ix_clause_simple(c) || c->doc != d) {
            for (int f = 0; f < FH_FIELDS; f++) cnt[f] = UINT32_MAX;
            continue;
        }
        const ix_post *p = &c->slots[0].posts[0];
        for (int f = 0; f < FH_FIELDS; f++) cnt[f] = p->n[f];
    }
    return fh_rank_proximity_bound(e->pcnt, e->pidf, m, dl, fh_rank_field_weight, FH_FIELDS);
}

/* Finish a candidate whose clause shares are in e->part (matched[i] set
 * for the clauses on d): exclusions, proximity, exact checks, the heap. */
static void finish_candidate(eval *e, uint32_t d, double *dl, const char *matched)
{
    double s = 0, prox_room = 0;
    size_t n_prox = 0;
    for (size_t i = 0; i < e->n; i++) {
        if (!matched[i]) continue;
        s += e->part[i];
        if (e->c[i].prox_max) {
            e->pmatch[n_prox++] = i;
            prox_room += e->c[i].prox_max;
        }
    }
    if (n_prox < 2) prox_room = 0;
    if (below(e, s + prox_room)) return;
    dl_known(e, d, dl);
    /* the bound can only prune while the term shares alone stay below */
    if (prox_room > 0 && below(e, s) && below(e, s + proximity_bound(e, d, dl, n_prox))) return;
    if (excluded(e, d)) return;
    e->work.scored++;
    double score = s; /* summed in plan order: the same sum as the reference */
    if (n_prox >= 2) score += proximity(e, d, dl, n_prox);
    if (e->err || below(e, score)) return;
    heap_push(&e->hp, (ix_hit){ix_seg_rowid(e->vs->seg, d), score});
    set_lim(e);
}

/* ------------------------------------------------------------------ */
/* Optional clauses: block-max MaxScore                                */
/* ------------------------------------------------------------------ */

/* Documents accumulated at a time by the windowed evaluation (a power of 2). */
#define WINDOW 2048u

typedef struct maxscore {
    size_t *sel, n_sel;     /* selecting clauses, bound ascending */
    size_t *rank, n_rank;   /* ranking-only clauses */
    size_t first_ess;       /* sel[first_ess..] generate candidates */
    size_t *probe, n_probe; /* the others, bound descending */
    double ne_sum;          /* their bounds, summed */
    double ne_all;          /* every clause outside the essential ones, summed */
    double probe_sum;       /* the bounds of probe[0..n_probe), summed */
    double *blk;            /* [n] scratch: block bounds of the probes */
    /* blk[] of the probes and their sum (blk_rem) hold for documents up to
     * blk_end while blk_ok: a block bound serves every candidate in its
     * block, so most candidates look none up */
    int blk_ok;
    uint32_t blk_end;
    double blk_rem;
    char *matched;          /* [n] */
    /* a window of WINDOW documents: which clauses matched each (bit i) and
     * their shares ([i * WINDOW + doc]: only the rows of clauses accumulated are touched) */
    uint64_t *wmask;        /* NULL until a segment is windowed (ms_window) */
    int windowed;           /* a window serves this search (few enough clauses) */
    uint64_t wseen[WINDOW / 64]; /* bit k: wmask[k] set by accumulate (the candidates, found by bit) */
    double *wpart;
    double *wub;            /* [n] a probe clause's bound over the window */
    int win_valid;          /* wub and ne_win hold for this window */
    /* the window's own split: essential clauses whose window bounds are
     * low are probed instead (wess: the ones accumulated) */
    size_t *wess, n_wess;
    char *in_wess;          /* [n] */
    size_t *wprobe, n_wprobe, *gprobe, n_gprobe;
    double ne_win;          /* the probes' window bounds, companions of essential clauses left out */
    uint32_t *wblk;         /* [n] blocks of a clause in the window (window_ub) */
    char *in_filt;          /* [n] probes read into the window too (window_filters) */
    uint64_t wcand[WINDOW / 64]; /* the window's candidates while filters are read */
    uint64_t wfilt[WINDOW / 64]; /* documents the filters marked that are no candidates */
} maxscore;

/* A candidate's flags (one byte per clause) are cleared eight at a time:
 * their array holds FLAGS_BYTES(n) bytes.  Few clauses: a store or two,
 * where memset is a call. */
#define FLAGS_BYTES(n) (((n) + 7) / 8 * 8)
static inline void flags_clear(char *f, size_t n)
{
    const uint64_t z = 0;
    for (size_t i = 0; i < n; i += 8) memcpy(f + i, &z, 8);
}

/* The bits set in x (SWAR: __builtin_popcountll is a library call on a
 * target without the popcnt instruction). */
static inline size_t bits_set(uint64_t x)
{
    x -= (x >> 1) & 0x5555555555555555ull;
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
    return (size_t)((x * 0x0101010101010101ull) >> 56);
}

static void sort_by(const double *ub, size_t *ix, size_t n, int desc)
{
    for (size_t i = 1; i < n; i++) { /* few clauses: insertion sort */
        size_t x = ix[i], j = i;
        while (j > 0 && (desc ? ub[ix[j - 1]] < ub[x] : ub[ix[j - 1]] > ub[x])) {
            ix[j] = ix[j - 1];
            j--;
        }
        ix[j] = x;
    }
}

/* Which selecting clauses must generate candidates at the current k-th
 * score: a document on none of them scores at most ne_sum (a selecting
 * clause counts with the ranking-only clauses it owns). */
static void partition(const eval *e, maxscore *m)
{
    double ne = 0;
    for (size_t i = 0; i < m->n_rank; i++)
        if (e->owner[m->rank[i]] < 0) ne += e->ub[m->rank[i]];
    size_t fe = 0;
    while (fe < m->n_sel && below(e, ne + e->uub[m->sel[fe]])) ne += e->uub[m->sel[fe++]];
    m->first_ess = fe;
    m->ne_sum = ne;
    m->blk_ok = 0;
    m->n_probe = 0;
    for (size_t i = 0; i < m->n_rank; i++) m->probe[m->n_probe++] = m->rank[i];
    for (size_t i = 0; i < fe; i++) m->probe[m->n_probe++] = m->sel[i];
    sort_by(e->ub, m->probe, m->n_probe, 1);
    m->ne_all = 0;
    for (size_t i = 0; i < m->n_probe; i++) m->ne_all += e->ub[m->probe[i]];
    m->probe_sum = m->ne_all;
    m->gprobe = m->probe;
    m->n_gprobe = m->n_probe;
}

/* A clause's bound over a block whose largest tf is max_tfw. */
static double block_ub(const eval *e, size_t i, double max_tfw)
{
    const qc *q = &e->c[i];
    return (q->w > 0 ? fh_rank_term(q->w, q->idf, max_tfw * e->scale) : 0) + q->prox_max;
}

/* Look clause i's block bound at d up into bend/bub (clause_block_ub). */
static void block_lookup(eval *e, size_t i, uint32_t d)
{
    double mt;
    uint32_t last;
    if (ix_clause_simple(&e->cur[i]) && e->cur[i].doc != IX_NONE) { /* from the last lookup's block */
        float m = 0;
        last = ix_post_block_from(&e->cur[i].slots[0].posts[0], &e->bblk[i], d, &m);
        mt = m;
    } else {
        last = ix_clause_block(&e->cur[i], d, &mt);
    }
    e->bset[i] = 1;
    e->bend[i] = last == IX_NONE ? UINT32_MAX : last; /* none after d: 0 from here on */
    e->bub[i] = last == IX_NONE ? 0 : block_ub(e, i, mt);
}

/* Clause i's bound over its block holding d, and the block's last
 * document (*end).  Documents only grow within a segment, so a lookup
 * serves every later d up to its block's end. */
static inline double clause_block_ub(eval *e, size_t i, uint32_t d, uint32_t *end)
{
    if (!e->bset[i] || d > e->bend[i]) block_lookup(e, i, d);
    *end = e->bend[i];
    return e->bub[i];
}

static int is_essential(const maxscore *m, size_t i)
{
    for (size_t j = m->first_ess; j < m->n_sel; j++)
        if (m->sel[j] == i) return 1;
    return 0;
}

/* Skip a window of documents whose block bounds cannot reach the k-th
 * score; 1 when it did. */
static int skip_window(eval *e, const maxscore *m, uint32_t d)
{
    if (e->r->exhaustive || e->hp.n < e->hp.k) return 0;
    double wb = m->ne_sum;
    uint32_t wend = IX_NONE;
    for (size_t j = m->first_ess; j < m->n_sel; j++) {
        uint32_t last;
        wb += clause_block_ub(e, m->sel[j], d, &last);
        if (last < wend) wend = last;
    }
    for (size_t j = 0; j < m->n_rank; j++) { /* the essential clauses' companions */
        long o = e->owner[m->rank[j]];
        uint32_t last;
        if (o < 0 || !is_essential(m, (size_t)o)) continue;
        wb += clause_block_ub(e, m->rank[j], d, &last);
        if (last < wend) wend = last;
    }
    if (wend >= IX_NONE - 1 || !below(e, wb)) return 0;
    for (size_t j = m->first_ess; j < m->n_sel; j++) ix_clause_seek(&e->cur[m->sel[j]], wend + 1);
    return 1;
}

/* Probe the non-essential clauses at d in bound order, giving up as soon
 * as the rest cannot lift the candidate over the k-th score.  s: the term
 * shares so far; room: the proximity the clauses matched so far may add. */
/* The groups among the selecting clauses with on[i] set. */
static size_t sel_groups(eval *e, const char *on)
{
    size_t k = 0;
    memset(e->gseen, 0, e->n);
    for (size_t i = 0; i < e->n; i++) {
        if (!on[i] || e->c[i].pc->role != FH_ROLE_SELECT || e->gseen[e->group[i]]) continue;
        e->gseen[e->group[i]] = 1;
        k++;
    }
    return k;
}

/* Whether the candidate (its clauses in m->matched, n_sel of them
 * selecting) holds min_should groups of selecting clauses. */
static int enough_groups(eval *e, const maxscore *m, size_t n_sel)
{
    return (e->grouped ? sel_groups(e, m->matched) : n_sel) >= e->r->plan->min_should;
}

static int probe(eval *e, maxscore *m, uint32_t d, double *dl, double s, double room,
                 size_t *n_sel)
{
    double rem = 0;
    int prune = !e->r->exhaustive && e->hp.n == e->hp.k;
    if (prune) { /* the whole-list bounds first: no block lookup needed */
        if (below(e, s + room + m->probe_sum)) return 0;
    }
    if (prune && m->blk_ok && d <= m->blk_end) {
        rem = m->blk_rem;
    } else {
        uint32_t end = UINT32_MAX;
        for (size_t j = 0; j < m->n_probe; j++) {
            size_t i = m->probe[j];
            m->blk[i] = e->ub[i];
            if (prune) {
                uint32_t last;
                m->blk[i] = clause_block_ub(e, i, d, &last);
                if (last < end) end = last;
            }
            rem += m->blk[i];
        }
        m->blk_ok = prune;
        m->blk_end = end;
        m->blk_rem = rem;
    }
    if (below(e, s + room + rem)) return 0;
    for (size_t j = 0; j < m->n_probe; j++) {
        size_t i = m->probe[j];
        rem -= m->blk[i];
        if (m->blk[i] > 0 || !prune) {
            ix_clause_seek(&e->cur[i], d);
            if (e->cur[i].doc == d) {
                e->part[i] = clause_share(e, i, dl_known(e, d, dl));
                s += e->part[i];
                room += e->c[i].prox_max;
                m->matched[i] = 1;
                if (e->c[i].pc->role == FH_ROLE_SELECT) ++*n_sel;
            }
        }
        if (below(e, s + room + rem)) return 0;
    }
    return 1;
}

static void disjunction(eval *e, maxscore *m)
{
    double th = theta(e);
    partition(e, m);
    for (;;) {
        if (theta(e) != th) {
            th = theta(e);
            partition(e, m);
        }
        uint32_t d = IX_NONE;
        for (size_t j = m->first_ess; j < m->n_sel; j++)
            if (e->cur[m->sel[j]].doc < d) d = e->cur[m->sel[j]].doc;
        if (d == IX_NONE || e->err) break;
        if (skip_window(e, m, d)) continue;
        spend(e);
        if (doc_passes(e, d)) {
            double dl[FH_FIELDS], s = 0, room = 0;
            size_t n_sel = 0;
            doc_dlnorm(e, d, dl);
            flags_clear(m->matched, e->n);
            for (size_t j = m->first_ess; j < m->n_sel; j++) {
                size_t i = m->sel[j];
                if (e->cur[i].doc != d) continue;
                e->part[i] = clause_share(e, i, dl);
                s += e->part[i];
                room += e->c[i].prox_max;
                m->matched[i] = 1;
                n_sel++;
            }
            if (probe(e, m, d, dl, s, room, &n_sel) && enough_groups(e, m, n_sel))
                finish_candidate(e, d, dl, m->matched);
        }
        for (size_t j = m->first_ess; j < m->n_sel; j++)
            if (e->cur[m->sel[j]].doc == d) ix_clause_seek(&e->cur[m->sel[j]], d + 1);
    }
}

/* ------------------------------------------------------------------ */
/* Optional clauses a window at a time                                 */
/* ------------------------------------------------------------------ */

/* The largest block bound of clause i over documents [from, to) (looked
 * up afresh: the cache of clause_block_ub serves ascending documents). */
static double window_ub(eval *e, size_t i, uint32_t from, uint32_t to, uint32_t *blocks)
{
    double mt;
    int nb = ix_clause_window(&e->cur[i], from, to, &mt);
    if (blocks) *blocks = (uint32_t)nb;
    return nb ? block_ub(e, i, mt) : 0;
}

/* accumulate_term's postings with a dlnorm table (ix_view_seg.dlnorm):
 * every field added (fh_rank_tfw_all), without a branch a field. */
static void accumulate_runs(ix_post *p, uint32_t end, uint32_t base, double w, double idf,
                            const double *dlt, uint64_t bit, uint64_t *restrict wmask,
                            uint64_t *restrict wseen, double *restrict wpart)
{
    ix_run run;
    while (ix_post_run(p, end, &run))
        for (uint32_t j = 0; j < run.n; j++) {
            uint32_t d = run.doc[j], k = d - base;
            double tf[FH_FIELDS];
            for (int f = 0; f < FH_FIELDS; f++) tf[f] = ix_tf_field(run.cnt[f][j], run.lead[f][j]);
            double x = fh_rank_tfw_all(tf, dlt + (size_t)d * FH_FIELDS, fh_rank_field_weight, FH_FIELDS);
            wmask[k] |= bit;
            wseen[k >> 6] |= (uint64_t)1 << (k & 63);
            wpart[k] = fh_rank_term(w, idf, x);
        }
}

/* Add essential clause i's shares over documents [base, end) to the window. */
/* accumulate for a clause of one term: its postings taken a run at a time */
static void accumulate_term(eval *e, maxscore *m, size_t i, uint32_t base, uint32_t end)
{
    ix_clause *c = &e->cur[i];
    ix_post *p = &c->slots[0].posts[0];
    const ix_seg *g = e->vs->seg;
    /* held in locals: the stores below could alias them */
    const uint64_t bit = (uint64_t)1 << i;
    const double w = e->c[i].w, idf = e->c[i].idf, avg[FH_FIELDS] = {e->avg[0], e->avg[1]};
    uint64_t *wmask = m->wmask, *wseen = m->wseen;
    double *wpart = m->wpart + (size_t)i * WINDOW;
    const double *dlt = e->vs->dlnorm;
    ix_run run;
    if (dlt && w > 0) { /* the common case, without a branch per field */
        accumulate_runs(p, end, base, w, idf, dlt, bit, wmask, wseen, wpart);
    } else {
        while (ix_post_run(p, end, &run))
            for (uint32_t j = 0; j < run.n; j++) {
                uint32_t d = run.doc[j], k = d - base;
                double share = 0;
                if (w > 0) {
                    double tf[FH_FIELDS], dl[FH_FIELDS];
                    for (int f = 0; f < FH_FIELDS; f++) {
                        tf[f] = ix_tf_field(run.cnt[f][j], run.lead[f][j]);
                        /* read only where the term occurs */
                        dl[f] = tf[f] > 0 ? fh_rank_dlnorm((double)ix_seg_len(g, d, f), avg[f]) : 1.0;
                    }
                    share = fh_rank_term(w, idf, fh_rank_tfw(tf, dl, fh_rank_field_weight, FH_FIELDS));
                }
                wmask[k] |= bit;
                wseen[k >> 6] |= (uint64_t)1 << (k & 63);
                wpart[k] = share;
            }
    }
    c->slots[0].doc = c->doc = p->doc; /* the cursor's view of the list */
    c->tf_known = 0;
    if (p->err) c->err = p->err;
}

static void accumulate(eval *e, maxscore *m, size_t i, uint32_t base, uint32_t end)
{
    ix_clause *c = &e->cur[i];
    const ix_seg *g = e->vs->seg;
    uint64_t bit = (uint64_t)1 << i;
    const qc *q = &e->c[i];
    int fast = ix_clause_simple(c);
    if (c->doc < base) ix_clause_seek(c, base); /* probed in earlier windows */
    if (fast && !c->err && c->doc < end) {
        accumulate_term(e, m, i, base, end);
        return;
    }
    while (c->doc < end) {
        uint32_t d = c->doc, k = d - base;
        double share = 0;
        if (q->w > 0) {
            double tf[FH_FIELDS], dl[FH_FIELDS];
            if (fast) {
                const ix_post *p = &c->slots[0].posts[0];
                for (int f = 0; f < FH_FIELDS; f++) tf[f] = ix_tf_field(p->n[f], p->lead[f]);
            } else {
                memcpy(tf, ix_clause_tf(c), sizeof tf);
            }
            for (int f = 0; f < FH_FIELDS; f++) /* read only where the term occurs */
                dl[f] = tf[f] > 0 ? fh_rank_dlnorm((double)ix_seg_len(g, d, f), e->avg[f]) : 1.0;
            share = fh_rank_term(q->w, q->idf, fh_rank_tfw(tf, dl, fh_rank_field_weight, FH_FIELDS));
        }
        m->wmask[k] |= bit;
        m->wseen[k >> 6] |= (uint64_t)1 << (k & 63);
        m->wpart[(size_t)i * WINDOW + k] = share;
        if (fast) { /* step the posting list itself, then the cursor's view of it */
            ix_post *p = &c->slots[0].posts[0];
            ix_post_next(p);
            c->slots[0].doc = c->doc = p->doc;
            c->tf_known = 0;
            if (p->err) c->err = p->err;
        } else {
            ix_clause_seek(c, d + 1);
        }
    }
}

/* The window's probes are m->wprobe[0..np): the companions of the
 * clauses accumulated (m->wess) move to m->wess too (they match only where
 * their owner does, so reading their postings in order costs no more than
 * the owner's, where a probe would seek them at every candidate of the
 * window); the rest, bound descending, become m->probe. */
static void take_companions(eval *e, maxscore *m, size_t np)
{
    size_t w = 0;
    for (size_t j = 0; j < np; j++) {
        size_t i = m->wprobe[j];
        long o = e->owner[i];
        if (o >= 0 && m->in_wess[o]) m->wess[m->n_wess++] = i;
        else m->wprobe[w++] = i;
    }
    sort_by(e->ub, m->wprobe, w, 1);
    m->probe = m->wprobe;
    m->n_probe = w;
    m->probe_sum = 0;
    for (size_t j = 0; j < w; j++) m->probe_sum += e->ub[m->wprobe[j]];
}

/* The window's split of the essential clauses [base, end): their window
 * bounds with their companions', the low ones moved to the probes while
 * the probes' bounds stay below the k-th score; m->probe then lists the
 * window's probes, m->wess the clauses accumulated, m->ne_win the probes'
 * window bounds (companions of accumulated clauses left out: they match
 * only with them). */
static void window_split(eval *e, maxscore *m, uint32_t base, uint32_t end)
{
    m->n_wess = 0;
    m->ne_win = 0;
    m->blk_ok = 0; /* blk is scratch here, and the probes change */
    memset(m->in_wess, 0, e->n);
    m->probe = m->gprobe;
    m->n_probe = m->n_gprobe;
    m->probe_sum = m->ne_all;
    for (size_t j = m->first_ess; j < m->n_sel; j++) {
        m->wess[m->n_wess++] = m->sel[j];
        m->in_wess[m->sel[j]] = 1;
    }
    m->win_valid = !e->r->exhaustive && e->hp.n == e->hp.k;
    if (!m->win_valid) {
        size_t np = 0;
        for (size_t j = 0; j < m->n_probe; j++) m->wprobe[np++] = m->probe[j];
        take_companions(e, m, np);
        return;
    }
    /* the essential clauses' and their companions' bounds are the skip
     * test's (window_disjunction): the same cursors, the same window */
    for (size_t j = 0; j < m->n_probe; j++) {
        size_t i = m->probe[j];
        long o = e->owner[i];
        if (!(o >= 0 && m->in_wess[o]))
            m->wub[i] = window_ub(e, i, base, end, &m->wblk[i]);
    }
    double *unit = m->blk; /* scratch: the unit bounds of the essential clauses */
    for (size_t j = 0; j < m->n_wess; j++) unit[m->wess[j]] = m->wub[m->wess[j]];
    for (size_t j = 0; j < m->n_probe; j++) {
        long o = e->owner[m->probe[j]];
        if (o >= 0 && m->in_wess[o]) unit[o] += m->wub[m->probe[j]];
        else m->ne_win += m->wub[m->probe[j]];
    }
    sort_by(unit, m->wess, m->n_wess, 0);
    size_t np = m->n_probe, k = 0;
    memcpy(m->wprobe, m->probe, np * sizeof *m->wprobe);
    while (k < m->n_wess && below(e, m->ne_win + unit[m->wess[k]])) {
        size_t i = m->wess[k++];
        m->ne_win += unit[i];
        m->in_wess[i] = 0;
        m->wprobe[np++] = i;
    }
    memmove(m->wess, m->wess + k, (m->n_wess - k) * sizeof *m->wess);
    m->n_wess -= k;
    take_companions(e, m, np);
}

/* Whether probe clause i is read into the window (window_filters): its
 * postings there (whole blocks) number no more than the candidates, each
 * of which would otherwise seek it; a companion goes with its clause (it
 * matches only where that one does). */
static int is_filter(const eval *e, const maxscore *m, size_t i, size_t cand)
{
    long o = e->owner[i];
    if (o >= 0 && e->c[o].pc->role == FH_ROLE_SELECT) return m->in_filt[o];
    return (size_t)m->wblk[i] * IX_BLOCK <= cand;
}

/* Read the probes that cost less in order than sought (is_filter) into
 * the window beside the essential clauses, without making their documents
 * candidates: a candidate then has their shares, or knows it lacks them,
 * and its bound leaves them out.  m->probe and the bounds of the rest are
 * set again. */
static void window_filters(eval *e, maxscore *m, uint32_t base, uint32_t end)
{
    if (!m->win_valid || !m->n_probe) return;
    size_t cand = 0;
    for (uint32_t w = 0; w < WINDOW / 64; w++) cand += bits_set(m->wseen[w]);
    memset(m->in_filt, 0, e->n);
    for (int pass = 0; pass < 2; pass++) /* clauses first, then their companions */
        for (size_t j = 0; j < m->n_probe; j++) {
            size_t i = m->probe[j];
            long o = e->owner[i];
            if ((o >= 0 && e->c[o].pc->role == FH_ROLE_SELECT) == !pass) continue;
            m->in_filt[i] = (char)is_filter(e, m, i, cand);
        }
    memcpy(m->wcand, m->wseen, sizeof m->wcand);
    size_t w = 0;
    m->ne_win = 0;
    m->probe_sum = 0;
    for (size_t j = 0; j < m->n_probe; j++) {
        size_t i = m->probe[j];
        if (m->in_filt[i]) {
            if (e->c[i].prox_max && !e->pos_from_p[i]) { /* positions at candidates */
                if (ix_clause_open(&e->pcur[i], e->c[i].pc, e->vs->seg)) {
                    set_err(e, IX_ECORRUPT, "corrupt segment");
                    return;
                }
                e->pos_from_p[i] = 1;
            }
            accumulate(e, m, i, base, end);
            continue;
        }
        m->probe[w++] = i;
        m->ne_win += m->wub[i];
        m->probe_sum += e->ub[i];
    }
    m->n_probe = w;
    for (uint32_t k = 0; k < WINDOW / 64; k++) {
        m->wfilt[k] = m->wseen[k] & ~m->wcand[k];
        m->wseen[k] = m->wcand[k];
    }
}

/* Window document k (base + k), marked by accumulate: bounds, probes,
 * the heap. */
static void candidate(eval *e, maxscore *m, uint32_t base, uint32_t k, uint64_t sel_mask)
{
    uint64_t mask = m->wmask[k];
    m->wmask[k] = 0;
    uint32_t d = base + k;
    spend(e);
    double s = 0, room = 0, rest = m->ne_win;
    for (uint64_t b = mask; b; b &= b - 1) {
        size_t i = (size_t)__builtin_ctzll(b);
        s += m->wpart[(size_t)i * WINDOW + k];
        room += e->c[i].prox_max;
    }
    if (below(e, s + room + (m->win_valid ? rest : m->ne_all))) return;
    if (!doc_passes(e, d)) return;
    double dl[FH_FIELDS] = {DL_LATER, DL_LATER};
    flags_clear(m->matched, e->n);
    for (uint64_t b = mask; b; b &= b - 1) {
        size_t i = (size_t)__builtin_ctzll(b);
        m->matched[i] = 1;
        e->part[i] = m->wpart[(size_t)i * WINDOW + k];
    }
    size_t n_sel = bits_set(mask & sel_mask);
    if (probe(e, m, d, dl, s, room, &n_sel) && enough_groups(e, m, n_sel))
        finish_candidate(e, d, dl, m->matched);
}

/* The candidates of a window, in document order: the set bits of wseen. */
static void window_candidates(eval *e, maxscore *m, uint32_t base, uint64_t sel_mask)
{
    for (uint32_t w = 0; w < WINDOW / 64 && !e->err; w++) {
        uint64_t seen = m->wseen[w];
        m->wseen[w] = 0;
        for (; seen && !e->err; seen &= seen - 1)
            candidate(e, m, base, w * 64 + (uint32_t)__builtin_ctzll(seen), sel_mask);
    }
}

/* MaxScore a window at a time (Lucene's bulk scoring): the essential
 * clauses' postings of a window are added into arrays, then each document
 * they touched is finished as in the document-at-a-time loop.  Probes
 * with fewer postings in the window than it has candidates are read into
 * it as well (window_filters), not sought at each candidate. */
static void window_disjunction(eval *e, maxscore *m)
{
    const ix_seg *g = e->vs->seg;
    double th = theta(e);
    partition(e, m);
    uint64_t sel_mask = 0;
    for (size_t j = 0; j < m->n_sel; j++) sel_mask |= (uint64_t)1 << m->sel[j];
    for (size_t j = 0; j < m->n_sel; j++) /* positions at candidates come from a second cursor */
        if (e->c[m->sel[j]].prox_max && !e->pos_from_p[m->sel[j]]) {
            if (ix_clause_open(&e->pcur[m->sel[j]], e->c[m->sel[j]].pc, g)) {
                set_err(e, IX_ECORRUPT, "corrupt segment");
                return;
            }
            e->pos_from_p[m->sel[j]] = 1;
        }
    uint32_t base = 0;
    while (!e->err && base < g->n_docs) {
        if (theta(e) != th) {
            th = theta(e);
            partition(e, m);
        }
        uint32_t d = IX_NONE;
        for (size_t j = m->first_ess; j < m->n_sel; j++)
            if (e->cur[m->sel[j]].doc < d) d = e->cur[m->sel[j]].doc;
        if (d == IX_NONE) break;
        if (d >= base + WINDOW) base = d & ~(WINDOW - 1);
        uint32_t end = base + WINDOW < g->n_docs ? base + WINDOW : g->n_docs;
        if (!e->r->exhaustive && e->hp.n == e->hp.k) {
            /* kept in wub and wblk for window_split */
            double wb = m->ne_sum;
            for (size_t j = m->first_ess; j < m->n_sel; j++) {
                size_t i = m->sel[j];
                wb += m->wub[i] = window_ub(e, i, base, end, &m->wblk[i]);
            }
            for (size_t j = 0; j < m->n_rank; j++) { /* the essential clauses' companions */
                size_t i = m->rank[j];
                long o = e->owner[i];
                if (o >= 0 && is_essential(m, (size_t)o)) wb += m->wub[i] = window_ub(e, i, base, end, &m->wblk[i]);
            }
            if (below(e, wb)) {
                for (size_t j = m->first_ess; j < m->n_sel; j++) ix_clause_seek(&e->cur[m->sel[j]], end);
                base = end;
                continue;
            }
        }
        window_split(e, m, base, end);
        for (size_t j = 0; j < m->n_wess; j++) accumulate(e, m, m->wess[j], base, end);
        memset(m->wfilt, 0, sizeof m->wfilt);
        window_filters(e, m, base, end);
        window_candidates(e, m, base, sel_mask);
        for (uint32_t w = 0; w < WINDOW / 64; w++) /* the filters' other documents */
            for (uint64_t x = m->wfilt[w]; x; x &= x - 1) m->wmask[w * 64 + (uint32_t)__builtin_ctzll(x)] = 0;
        m->probe = m->gprobe; /* the global split again */
        m->n_probe = m->n_gprobe;
        m->blk_ok = 0;
        m->probe_sum = m->ne_all;
        base = end;
    }
}

/* ------------------------------------------------------------------ */
/* Required clauses: leapfrog conjunction                              */
/* ------------------------------------------------------------------ */

static uint32_t clause_cost(const ix_clause *c)
{
    return c->n_slots && c->slots[0].n_posts ? c->slots[0].posts[0].e.df : 0;
}

/* The next document >= d on every required clause (IX_NONE: none). */
static uint32_t next_conj(eval *e, const size_t *must, size_t n_must, uint32_t d)
{
    for (;;) {
        ix_clause_seek(&e->cur[must[0]], d);
        d = e->cur[must[0]].doc;
        if (d == IX_NONE) return IX_NONE;
        int all = 1;
        for (size_t j = 1; j < n_must && all; j++) {
            ix_clause_seek(&e->cur[must[j]], d);
            uint32_t x = e->cur[must[j]].doc;
            if (x == IX_NONE) return IX_NONE;
            if (x > d) {
                d = x;
                all = 0;
            }
        }
        if (all) return d;
    }
}

/* Beside required clauses, whether d holds min_should selecting clauses
 * (a match mode of some of the words): probe may have stopped early, so
 * the ones it did not reach are looked up. */
static int enough_selected(eval *e, maxscore *m, uint32_t d, size_t n_sel)
{
    size_t need = e->r->plan->min_should;
    if (!need || (!e->grouped && n_sel >= need)) return 1;
    n_sel = 0;
    for (size_t i = 0; i < e->n; i++) {
        e->gon[i] = 0;
        if (e->c[i].pc->role != FH_ROLE_SELECT || !e->cur[i].started) continue;
        if (!m->matched[i]) {
            ix_clause_seek(&e->cur[i], d);
            if (e->cur[i].doc != d) continue;
        }
        e->gon[i] = 1;
        n_sel++;
    }
    return (e->grouped ? sel_groups(e, e->gon) : n_sel) >= need;
}

static void conjunction(eval *e, maxscore *m, size_t *must, size_t n_must)
{
    for (size_t j = 0; j < n_must; j++)
        if (!e->cur[must[j]].started) return;
    for (size_t i = 1; i < n_must; i++) /* rarest first */
        for (size_t j = i; j > 0 && clause_cost(&e->cur[must[j]]) < clause_cost(&e->cur[must[j - 1]]); j--) {
            size_t t = must[j];
            must[j] = must[j - 1];
            must[j - 1] = t;
        }
    m->n_probe = 0;
    m->blk_ok = 0;
    for (size_t i = 0; i < e->n; i++) {
        int role = e->c[i].pc->role;
        if ((role == FH_ROLE_SELECT || role == FH_ROLE_RANK) && e->cur[i].started) m->probe[m->n_probe++] = i;
    }
    sort_by(e->ub, m->probe, m->n_probe, 1);
    m->probe_sum = 0;
    for (size_t j = 0; j < m->n_probe; j++) m->probe_sum += e->ub[m->probe[j]];
    uint32_t d = 0;
    while (!e->err && (d = next_conj(e, must, n_must, d)) != IX_NONE) {
        if (!e->r->exhaustive && e->hp.n == e->hp.k) {
            double wb = 0;
            uint32_t wend = IX_NONE;
            for (size_t j = 0; j < m->n_probe; j++) wb += e->ub[m->probe[j]];
            for (size_t j = 0; j < n_must; j++) {
                uint32_t last;
                wb += clause_block_ub(e, must[j], d, &last);
                if (last < wend) wend = last;
            }
            if (wend < IX_NONE - 1 && below(e, wb)) {
                d = wend + 1;
                continue;
            }
        }
        spend(e);
        if (doc_passes(e, d)) {
            double dl[FH_FIELDS], s = 0, room = 0;
            size_t n_sel = 0;
            doc_dlnorm(e, d, dl);
            flags_clear(m->matched, e->n);
            for (size_t j = 0; j < n_must; j++) {
                e->part[must[j]] = clause_share(e, must[j], dl);
                s += e->part[must[j]];
                room += e->c[must[j]].prox_max;
                m->matched[must[j]] = 1;
            }
            if (probe(e, m, d, dl, s, room, &n_sel) && enough_selected(e, m, d, n_sel))
                finish_candidate(e, d, dl, m->matched);
        }
        d++;
    }
}

/* ------------------------------------------------------------------ */
/* Entry points                                                        */
/* ------------------------------------------------------------------ */

static int ms_init(eval *e, maxscore *m)
{
    memset(m, 0, sizeof *m);
    size_t n = e->n ? e->n : 1;
    m->sel = ix_calloc(n, sizeof *m->sel);
    m->rank = ix_calloc(n, sizeof *m->rank);
    m->probe = ix_calloc(n, sizeof *m->probe);
    m->blk = ix_calloc(n, sizeof *m->blk);
    m->matched = ix_calloc(FLAGS_BYTES(n), 1);
    if (!m->sel || !m->rank || !m->probe || !m->blk || !m->matched) return set_err(e, IX_ENOMEM, "out of memory");
    m->windowed = e->n <= 64;
    return 0;
}

/* The window's arrays, made when a segment first runs a disjunction: a
 * search whose segments all run conjunctions (every word required) or
 * hold no match never clears the window.  0, or -1 out of memory. */
static int ms_window(eval *e, maxscore *m)
{
    if (m->wmask || !m->windowed) return 0;
    size_t n = e->n ? e->n : 1;
    m->wmask = ix_calloc(WINDOW, sizeof *m->wmask);
    m->wpart = ix_malloc((size_t)WINDOW * n * sizeof *m->wpart);
    m->wub = ix_calloc(n, sizeof *m->wub);
    m->wess = ix_calloc(n, sizeof *m->wess);
    m->in_wess = ix_calloc(n, 1);
    m->wprobe = ix_calloc(n, sizeof *m->wprobe);
    m->wblk = ix_calloc(n, sizeof *m->wblk);
    m->in_filt = ix_calloc(n, 1);
    if (!m->wmask || !m->wpart || !m->wub || !m->wess || !m->in_wess || !m->wprobe || !m->wblk ||
        !m->in_filt)
        return set_err(e, IX_ENOMEM, "out of memory");
    return 0;
}

static void ms_free(maxscore *m)
{
    ix_free(m->sel);
    ix_free(m->rank);
    ix_free(m->probe);
    ix_free(m->blk);
    ix_free(m->matched);
    ix_free(m->wmask);
    ix_free(m->wpart);
    ix_free(m->wub);
    ix_free(m->wess);
    ix_free(m->in_wess);
    ix_free(m->wprobe);
    ix_free(m->wblk);
    ix_free(m->in_filt);
}

/* The clauses of the segment e->vs (cursors open), evaluated. */
static void evaluate_segment(eval *e, maxscore *m)
{
    size_t n_must = 0;
    m->n_sel = m->n_rank = 0;
    m->blk_ok = 0; /* another segment's documents */
    for (size_t i = 0; i < e->n; i++) {
        int role = e->c[i].pc->role;
        if (role == FH_ROLE_MUST) m->sel[n_must++] = i; /* sel doubles as the MUST list */
    }
    if (n_must) {
        conjunction(e, m, m->sel, n_must);
        return;
    }
    for (size_t i = 0; i < e->n; i++) {
        int role = e->c[i].pc->role;
        if (!e->cur[i].started) continue;
        if (role == FH_ROLE_SELECT) m->sel[m->n_sel++] = i;
        else if (role == FH_ROLE_RANK) m->rank[m->n_rank++] = i;
    }
    sort_by(e->uub, m->sel, m->n_sel, 0);
    if (ms_window(e, m)) return;
    if (m->wmask) window_disjunction(e, m);
    else disjunction(e, m);
}

/* Evaluate the segment e->vs (cursors open).  A clause whose postings
 * turn out corrupt part way stops (cursor.c): the search then fails
 * rather than answer without it. */
static void run_segment(eval *e, maxscore *m)
{
    evaluate_segment(e, m);
    for (size_t i = 0; i < e->n && !e->err; i++)
        if (e->cur[i].err) set_err(e, e->cur[i].err, "corrupt segment");
}

/* Segments, largest first: the k-th score rises early. */
static size_t *segment_order(const ix_view *v)
{
    size_t *o = ix_malloc((v->n_segs + 1) * sizeof *o);
    if (!o) return NULL;
    for (size_t i = 0; i < v->n_segs; i++) {
        size_t j = i;
        while (j > 0 && v->segs[o[j - 1]].seg->n_docs < v->segs[i].seg->n_docs) {
            o[j] = o[j - 1];
            j--;
        }
        o[j] = i;
    }
    return o;
}

static int cmp_hit(const void *a, const void *b)
{
    return better(a, b) ? -1 : better(b, a) ? 1 : 0;
}

static int search_by_date(const ix_view *v, const ix_request *r, ix_hit *hits, size_t *n_hits,
                          char *msg, size_t cap);

int ix_search(const ix_view *v, const ix_request *r, ix_hit *hits, size_t *n_hits, ix_work *work,
              char *msg, size_t cap)
{
    *n_hits = 0;
    if (work) memset(work, 0, sizeof *work);
    if (r->plan->empty || !r->plan->n || !r->k) return 0;
    if (r->sort) return search_by_date(v, r, hits, n_hits, msg, cap);
    eval e;
    maxscore m;
    size_t *order = NULL;
    if (!eval_init(&e, v, r, msg, cap) && !ms_init(&e, &m) && (order = segment_order(v))) {
        for (size_t s = 0; s < v->n_segs && !e.err; s++) {
            if (seg_open(&e, &v->segs[order[s]]) > 0) run_segment(&e, &m);
            seg_close(&e);
        }
        ms_free(&m);
    } else if (!e.err) {
        set_err(&e, IX_ENOMEM, "out of memory");
    }
    ix_free(order);
    int rc = e.err ? -1 : 0;
    if (!rc) {
        qsort(e.hp.h, e.hp.n, sizeof *e.hp.h, cmp_hit);
        memcpy(hits, e.hp.h, e.hp.n * sizeof *hits);
        *n_hits = e.hp.n;
    }
    if (work) *work = e.work;
    eval_free(&e);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Every match: totals and facets                                      */
/* ------------------------------------------------------------------ */

typedef int (*match_fn)(eval *e, uint32_t d, void *ctx); /* non-zero stops */

/* Whether d (on every required clause, or on some selecting one) is a
 * result: filters, enough selecting clauses, exclusions, exact checks. */
static int is_match(eval *e, uint32_t d, int conj)
{
    if (!doc_passes(e, d)) return 0;
    if (conj ? e->r->plan->min_should > 0 : e->r->plan->min_should > 1) {
        size_t n = 0;
        for (size_t i = 0; i < e->n; i++) {
            e->gon[i] = 0;
            if (e->c[i].pc->role != FH_ROLE_SELECT || !e->cur[i].started) continue;
            if (conj) ix_clause_seek(&e->cur[i], d); /* not advanced by the conjunction */
            e->gon[i] = e->cur[i].doc == d;
            n += e->gon[i];
        }
        if ((e->grouped ? sel_groups(e, e->gon) : n) < e->r->plan->min_should) return 0;
    }
    return !excluded(e, d) && !e->err;
}

/* Mark in the window the documents of clause i in [base, end). */
static void mark(eval *e, maxscore *m, size_t i, uint32_t base, uint32_t end)
{
    ix_clause *c = &e->cur[i];
    uint64_t bit = (uint64_t)1 << i;
    if (c->doc < base) ix_clause_seek(c, base);
    if (ix_clause_simple(c)) {
        ix_post *p = &c->slots[0].posts[0];
        while (p->doc < end) {
            m->wmask[p->doc - base] |= bit;
            ix_post_next(p);
        }
        c->slots[0].doc = c->doc = p->doc;
        c->tf_known = 0;
        if (p->err) c->err = p->err;
        return;
    }
    while (c->doc < end) {
        m->wmask[c->doc - base] |= bit;
        ix_clause_seek(c, c->doc + 1);
    }
}

/* Whether the selecting clauses of mask (bit i: clause i) make need groups. */
static int enough_in_mask(eval *e, uint64_t mask, size_t need)
{
    if (!e->grouped) return bits_set(mask) >= need;
    for (size_t i = 0; i < e->n; i++) e->gon[i] = (char)(mask >> i & 1);
    return sel_groups(e, e->gon) >= need;
}

/* The matches of the selecting clauses m->sel[0..n_sel), a window of
 * documents at a time (a bitmap union, no scoring). */
static int window_matches(eval *e, maxscore *m, size_t n_sel, match_fn fn, void *ctx)
{
    const ix_seg *g = e->vs->seg;
    size_t need = e->r->plan->min_should ? e->r->plan->min_should : 1;
    for (uint32_t base = 0; base < g->n_docs && !e->err;) {
        uint32_t d = IX_NONE;
        for (size_t j = 0; j < n_sel; j++)
            if (e->cur[m->sel[j]].doc < d) d = e->cur[m->sel[j]].doc;
        if (d == IX_NONE) break;
        base = d & ~(WINDOW - 1);
        uint32_t end = base + WINDOW < g->n_docs ? base + WINDOW : g->n_docs;
        for (size_t j = 0; j < n_sel; j++) mark(e, m, m->sel[j], base, end);
        for (uint32_t k = 0; k < end - base; k++) {
            uint64_t mask = m->wmask[k];
            if (!mask) continue;
            m->wmask[k] = 0;
            uint32_t x = base + k;
            spend(e);
            if (!enough_in_mask(e, mask, need) || !doc_passes(e, x) || excluded(e, x) || e->err)
                continue;
            if (fn(e, x, ctx)) {
                memset(m->wmask, 0, WINDOW * sizeof *m->wmask);
                return 1;
            }
        }
        base = end;
    }
    return 0;
}

/* Call fn for each matching document of the open segment. */
static int segment_matches(eval *e, maxscore *m, match_fn fn, void *ctx)
{
    size_t n_must = 0, n_sel = 0;
    for (size_t i = 0; i < e->n; i++) {
        int role = e->c[i].pc->role;
        if (role == FH_ROLE_MUST) m->sel[n_must++] = i;
    }
    if (n_must) {
        for (size_t j = 0; j < n_must; j++)
            if (!e->cur[m->sel[j]].started) return 0;
        uint32_t d = 0;
        while (!e->err && (d = next_conj(e, m->sel, n_must, d)) != IX_NONE) {
            spend(e);
            if (is_match(e, d, 1) && fn(e, d, ctx)) return 1;
            d++;
        }
        return 0;
    }
    for (size_t i = 0; i < e->n; i++)
        if (e->c[i].pc->role == FH_ROLE_SELECT && e->cur[i].started) m->sel[n_sel++] = i;
    if (ms_window(e, m)) return 1;
    if (m->wmask) return window_matches(e, m, n_sel, fn, ctx);
    for (;;) {
        uint32_t d = IX_NONE;
        for (size_t j = 0; j < n_sel; j++)
            if (e->cur[m->sel[j]].doc < d) d = e->cur[m->sel[j]].doc;
        if (d == IX_NONE || e->err) return 0;
        spend(e);
        if (is_match(e, d, 0) && fn(e, d, ctx)) return 1;
        for (size_t j = 0; j < n_sel; j++)
            if (e->cur[m->sel[j]].doc == d) ix_clause_seek(&e->cur[m->sel[j]], d + 1);
    }
}

/* scoring: fn scores the documents it is given (score_at): the cursors
 * must still be on them, so no window runs ahead, and the clauses' idf
 * is looked up as for a ranked search */
static int each_match(const ix_view *v, const ix_request *r, match_fn fn, void *ctx, char *msg,
                      size_t cap, int scoring)
{
    if (r->plan->empty || !r->plan->n) return 0;
    ix_request r0 = *r;
    r0.k = scoring ? 1 : 0;
    eval e;
    maxscore m;
    if (!eval_init(&e, v, &r0, msg, cap) && !ms_init(&e, &m)) {
        if (scoring) m.windowed = 0;
        int stop = 0;
        for (size_t s = 0; s < v->n_segs && !e.err && !stop; s++) {
            if (seg_open(&e, &v->segs[s]) > 0) stop = segment_matches(&e, &m, fn, ctx);
            seg_close(&e);
        }
        ms_free(&m);
    }
    int rc = e.err ? -1 : 0;
    eval_free(&e);
    return rc;
}

typedef struct count_ctx {
    uint64_t n, bound;
} count_ctx;

static int count_one(eval *e, uint32_t d, void *ctx)
{
    (void)e;
    (void)d;
    count_ctx *c = ctx;
    return ++c->n > c->bound && c->bound > 0;
}

int ix_count(const ix_view *v, const ix_request *r, uint64_t bound, uint64_t *count, char *msg,
             size_t cap)
{
    count_ctx c = {0, bound};
    int rc = each_match(v, r, count_one, &c, msg, cap, 0);
    *count = c.n;
    return rc;
}

typedef struct facet_ctx {
    uint64_t *cnt[IX_FACETS]; /* per value id of the current segment */
    uint64_t total;
} facet_ctx;

static int facet_one(eval *e, uint32_t d, void *ctx)
{
    facet_ctx *f = ctx;
    f->total++;
    for (int k = 0; k < IX_FACETS; k++) {
        uint32_t id = ix_seg_facet(e->vs->seg, d, k);
        if (id <= e->vs->seg->n_dict[k]) f->cnt[k][id]++;
    }
    return 0;
}

int ix_facets(const ix_view *v, const ix_request *r, uint64_t *total, ix_facet_fn fn, void *ctx,
              char *msg, size_t cap)
{
    facet_ctx f;
    memset(&f, 0, sizeof f);
    int rc = 0;
    for (size_t s = 0; s < v->n_segs && !rc; s++) {
        const ix_seg *g = v->segs[s].seg;
        for (int k = 0; k < IX_FACETS && !rc; k++) {
            ix_free(f.cnt[k]);
            f.cnt[k] = ix_calloc((size_t)g->n_dict[k] + 1, sizeof *f.cnt[k]);
            if (!f.cnt[k]) {
                snprintf(msg, cap, "out of memory");
                rc = -1;
            }
        }
        if (rc) break;
        /* one segment at a time, with the collection's statistics */
        ix_view one = *v;
        one.segs = &v->segs[s];
        one.n_segs = 1;
        rc = each_match(&one, r, facet_one, &f, msg, cap, 0);
        for (int k = 0; k < IX_FACETS && !rc; k++)
            for (uint32_t id = 1; id <= g->n_dict[k]; id++) {
                if (!f.cnt[k][id]) continue; /* most dates of a segment are not among the matches */
                const char *val = ix_seg_facet_value(g, k, id);
                if (val && fn(ctx, k, val, f.cnt[k][id])) break;
            }
    }
    for (int k = 0; k < IX_FACETS; k++) ix_free(f.cnt[k]);
    *total = f.total;
    return rc;
}

/* ------------------------------------------------------------------ */
/* Sorted by date                                                      */
/* ------------------------------------------------------------------ */

typedef struct dated {
    ix_hit h;
    const char *date; /* the segment's value ("" for none): valid while the view is */
} dated;

typedef struct date_heap {
    dated *h;
    size_t n, k;
    int newest;
    char *matched; /* [n clauses] scratch */
    int oom;
} date_heap;

/* Whether a comes before b: the wanted end of the dates first, a document
 * without a date last, then the better score, then the smaller row id. */
static int date_before(const date_heap *p, const dated *a, const dated *b)
{
    int ea = !*a->date, eb = !*b->date;
    if (ea != eb) return eb;
    int c = strcmp(a->date, b->date);
    if (c) return p->newest ? c > 0 : c < 0;
    return better(&a->h, &b->h);
}

/* Where x, placed at slot i, settles going down the heap (its children
 * moved up on the way). */
static size_t date_sift_down(date_heap *p, size_t i, const dated *x)
{
    for (;;) {
        size_t l = 2 * i + 1, rr = l + 1, m = i;
        const dated *mv = x;
        if (l < p->n && date_before(p, mv, &p->h[l])) { m = l; mv = &p->h[l]; }
        if (rr < p->n && date_before(p, mv, &p->h[rr])) { m = rr; mv = &p->h[rr]; }
        if (m == i) return i;
        p->h[i] = p->h[m];
        i = m;
    }
}

/* The min-heap keeps the last of the first k at h[0]. */
static void date_push(date_heap *p, dated x)
{
    size_t i;
    if (p->n < p->k) {
        i = p->n++;
        while (i > 0 && date_before(p, &p->h[(i - 1) / 2], &x)) {
            p->h[i] = p->h[(i - 1) / 2];
            i = (i - 1) / 2;
        }
        p->h[i] = x;
        return;
    }
    if (!date_before(p, &x, &p->h[0])) return;
    i = date_sift_down(p, 0, &x);
    p->h[i] = x;
}

/* The score of d (every clause's cursor at or before d, none ahead). */
static double score_at(eval *e, uint32_t d, char *matched)
{
    double dl[FH_FIELDS], s = 0;
    size_t n_prox = 0;
    doc_dlnorm(e, d, dl);
    for (size_t i = 0; i < e->n; i++) {
        matched[i] = 0;
        if (e->c[i].pc->role == FH_ROLE_NOT || e->c[i].w <= 0 || !e->cur[i].started) continue;
        ix_clause_seek(&e->cur[i], d);
        if (e->cur[i].doc != d) continue;
        matched[i] = 1;
        e->part[i] = clause_share(e, i, dl);
        if (e->c[i].prox_max > 0) e->pmatch[n_prox++] = i;
    }
    for (size_t i = 0; i < e->n; i++) /* plan order: the same sum as a ranked search */
        if (matched[i]) s += e->part[i];
    if (n_prox >= 2) s += proximity(e, d, dl, n_prox);
    return s;
}

static int date_one(eval *e, uint32_t d, void *ctx)
{
    date_heap *p = ctx;
    const ix_seg *g = e->vs->seg;
    uint32_t id = ix_seg_facet(g, d, IX_FACET_DATE);
    const char *date = id && id <= g->n_dict[IX_FACET_DATE] ? ix_seg_facet_value(g, IX_FACET_DATE, id) : NULL;
    dated x = {{ix_seg_rowid(g, d), 0}, date ? date : ""};
    if (p->n == p->k) { /* a date that cannot enter: no score needed */
        x.h.score = INFINITY;
        x.h.rowid = INT64_MIN;
        if (!date_before(p, &x, &p->h[0])) return 0;
        x.h.rowid = ix_seg_rowid(g, d);
    }
    x.h.score = score_at(e, d, p->matched);
    date_push(p, x);
    return e->err != 0;
}

/* Take the last of the heap out. */
static dated date_pop(date_heap *p)
{
    dated top = p->h[0], x = p->h[--p->n];
    size_t i = date_sift_down(p, 0, &x);
    if (p->n) p->h[i] = x;
    return top;
}

static int search_by_date(const ix_view *v, const ix_request *r, ix_hit *hits, size_t *n_hits,
                          char *msg, size_t cap)
{
    date_heap p = {ix_calloc(r->k, sizeof(dated)), 0, r->k, r->sort == 1, ix_calloc(r->plan->n + 1, 1), 0};
    int rc = 0;
    if (!p.h || !p.matched) {
        snprintf(msg, cap, "out of memory");
        rc = -1;
    }
    if (!rc) rc = each_match(v, r, date_one, &p, msg, cap, 1);
    if (!rc) {
        *n_hits = p.n;
        while (p.n) {
            size_t at = p.n - 1;
            hits[at] = date_pop(&p).h;
        }
    }
    ix_free(p.h);
    ix_free(p.matched);
    return rc;
}
