/*
 * rank.c - the ranking's arithmetic (rank.h says what it computes and why).
 */
#include <math.h>
#include <stdlib.h>

#include "rank.h"

const double fh_rank_field_weight[FH_FIELDS] = {FH_RANK_TITLE_WEIGHT, FH_RANK_BODY_WEIGHT};

double fh_rank_idf(double n_docs, double df)
{
    if (n_docs < 1) n_docs = 1;
    if (df < 0) df = 0;
    return log(1.0 + (n_docs - df + 0.5) / (df + 0.5));
}

double fh_rank_dlnorm(double len, double avglen)
{
    if (avglen <= 0) avglen = 1;
    return 1.0 - FH_RANK_B + FH_RANK_B * len / avglen;
}

double fh_rank_tfw(const double *tf, const double *dlnorm, const double *cw, size_t n_fields)
{
    double x = 0;
    for (size_t f = 0; f < n_fields; f++)
        if (tf[f] > 0) x += cw[f] * tf[f] / dlnorm[f];
    return x;
}

double fh_rank_saturate(double x)
{
    return x > 0 ? x * (FH_RANK_K1 + 1) / (x + FH_RANK_K1) : 0;
}

double fh_rank_term(double weight, double idf, double tfw)
{
    return weight * idf * fh_rank_saturate(tfw);
}

double fh_rank_term_max(double weight, double idf)
{
    return weight * idf * (FH_RANK_K1 + 1);
}

static int occ_cmp(const void *a, const void *b)
{
    const fh_rank_occ *x = a, *y = b;
    if (x->field != y->field) return x->field < y->field ? -1 : 1;
    if (x->pos != y->pos) return x->pos < y->pos ? -1 : 1;
    return x->term < y->term ? -1 : x->term > y->term;
}

void fh_rank_occ_sort(fh_rank_occ *occ, size_t n)
{
    if (n > 1) qsort(occ, n, sizeof *occ, occ_cmp);
}

static double prox_cap(double idf)
{
    return idf < 1.0 ? idf : 1.0;
}

double fh_rank_proximity(const fh_rank_occ *occ, size_t n, const double *idf, size_t n_terms,
                         const double *dlnorm, const double *cw, size_t n_fields, double *acc)
{
    int any = 0;
    for (size_t t = 0; t < n_terms; t++) acc[t] = 0;
    for (size_t i = 0; i < n; i++) {
        const fh_rank_occ *a = &occ[i];
        if (a->term >= n_terms || a->field >= n_fields) continue;
        for (size_t j = i + 1; j < n; j++) {
            const fh_rank_occ *b = &occ[j];
            if (b->field != a->field || b->pos - a->pos > FH_RANK_PROX_WINDOW) break;
            if (b->term == a->term || b->term >= n_terms || b->pos == a->pos) continue;
            double d = (double)(b->pos - a->pos);
            double w = cw[a->field] / (d * d * dlnorm[a->field]);
            acc[a->term] += w;
            acc[b->term] += w;
            any = 1;
        }
    }
    if (!any) return 0;
    double s = 0;
    for (size_t t = 0; t < n_terms; t++)
        if (acc[t] > 0) s += prox_cap(idf[t]) * fh_rank_saturate(acc[t]);
    return s;
}

double fh_rank_proximity_max(double idf)
{
    return prox_cap(idf) * (FH_RANK_K1 + 1);
}
