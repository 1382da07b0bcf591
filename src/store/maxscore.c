/*
 * maxscore.c - the rounds of maxscore.h: which clauses to rank, in what
 * order, and when the ranked ones are enough.
 */
#include "maxscore.h"

#include <string.h>

void fh_maxscore_init(fh_maxscore *ms, size_t n, const double *ub, const double *df, const long *owner,
                      const char *selects, size_t *order, char *in)
{
    ms->n = n;
    ms->ub = ub;
    ms->df = df;
    ms->owner = owner;
    ms->order = order;
    ms->in = in;
    ms->n_sel = 0;
    /* a few dozen clauses at most: insertion sort, stable */
    for (size_t i = 0; i < n; i++) {
        if (selects && !selects[i]) continue;
        size_t j = ms->n_sel++;
        while (j > 0 && ub[order[j - 1]] < ub[i]) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = i;
    }
    memset(in, 0, n);
}

static double rest(const fh_maxscore *ms)
{
    double s = 0;
    for (size_t i = 0; i < ms->n; i++) {
        long o = ms->owner ? ms->owner[i] : -1;
        if (!ms->in[i] && !(o >= 0 && (size_t)o < ms->n && ms->in[o])) s += ms->ub[i];
    }
    return s;
}

double fh_maxscore_need(const fh_maxscore *ms)
{
    return rest(ms) * (1 + 1e-6) + 1e-9;
}

/* The first n selecting clauses (by bound) make E. */
static void take_first(fh_maxscore *ms, size_t n)
{
    memset(ms->in, 0, ms->n);
    for (size_t j = 0; j < n; j++) ms->in[ms->order[j]] = 1;
}

/* How many first clauses cover `want` documents (their counts summed). */
static size_t covering(const fh_maxscore *ms, double want)
{
    double covered = 0;
    size_t n = 0;
    while (n < ms->n_sel && covered < want) covered += ms->df[ms->order[n++]];
    return n;
}

/* How many first clauses leave a rest below theta (n_sel: none fewer). */
static size_t sure_below(fh_maxscore *ms, double theta)
{
    for (size_t n = 1; n < ms->n_sel; n++) {
        take_first(ms, n);
        if (fh_maxscore_need(ms) < theta) return n;
    }
    return ms->n_sel;
}

int fh_maxscore_rounds(fh_maxscore *ms, size_t k, fh_maxscore_rank_fn rank, void *ctx)
{
    double theta = 0;
    size_t have = 0;
    for (int round = 0; round < 3; round++) {
        size_t n = round == 0 ? covering(ms, (double)k)
                              : sure_below(ms, round == 1 ? theta * FH_MAXSCORE_HOPE : theta);
        if (n >= ms->n_sel) break; /* as good as the whole match */
        if (n <= have && round < 2) continue;
        have = n;
        take_first(ms, n);
        double kth = 0;
        int got = rank(ctx, ms, fh_maxscore_need(ms), &kth);
        if (got <= 0) return got;
        if (kth > theta) theta = kth;
    }
    return 1;
}
