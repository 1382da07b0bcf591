/*
 * rank.c - the ranking's arithmetic (rank.h says what it computes and why).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rank.h"

const double fh_rank_field_weight[FH_FIELDS] = {FH_RANK_TITLE_WEIGHT, FH_RANK_BODY_WEIGHT};

double fh_rank_idf(double n_docs, double df)
{
    if (n_docs < 1) n_docs = 1;
    if (df < 0) df = 0;
    return log(1.0 + (n_docs - df + 0.5) / (df + 0.5));
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

/* Merge sort of packed keys (tmp: n / 2 + 1 of scratch); a half already
 * in order is left alone, so the sorted runs the occurrences come in
 * (each term's positions ascend within a field) cost little. */
static void sort_keys(uint64_t *a, uint64_t *tmp, size_t n)
{
    if (n <= 16) {
        for (size_t i = 1; i < n; i++) {
            uint64_t x = a[i];
            size_t j = i;
            for (; j > 0 && a[j - 1] > x; j--) a[j] = a[j - 1];
            a[j] = x;
        }
        return;
    }
    size_t h = n / 2;
    sort_keys(a, tmp, h);
    sort_keys(a + h, tmp, n - h);
    if (a[h - 1] <= a[h]) return;
    memcpy(tmp, a, h * sizeof *a);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n) a[k++] = tmp[i] <= a[j] ? tmp[i++] : a[j++];
    while (i < h) a[k++] = tmp[i++];
}

#define OCC_STACK 512

void fh_rank_occ_sort(fh_rank_occ *occ, size_t n)
{
    if (n < 2) return;
    /* field, position and term packed in one key when they fit: the same
     * order, compared as one integer */
    uint64_t stack[OCC_STACK + OCC_STACK / 2 + 1], *keys = stack;
    int fits = 1;
    for (size_t i = 0; i < n && fits; i++) fits = occ[i].field < 256 && occ[i].term < (1u << 24);
    if (fits && n > OCC_STACK) keys = malloc((n + n / 2 + 1) * sizeof *keys);
    if (!fits || !keys) {
        qsort(occ, n, sizeof *occ, occ_cmp);
        return;
    }
    for (size_t i = 0; i < n; i++)
        keys[i] = (uint64_t)occ[i].field << 56 | (uint64_t)occ[i].pos << 24 | occ[i].term;
    sort_keys(keys, keys + n, n);
    for (size_t i = 0; i < n; i++)
        occ[i] = (fh_rank_occ){(uint32_t)(keys[i] & 0xffffff), (uint32_t)(keys[i] >> 56),
                               (uint32_t)(keys[i] >> 24)};
    if (keys != stack) free(keys);
}

static double prox_cap(double idf)
{
    return idf < 1.0 ? idf : 1.0;
}

/* What a pair of occurrences d positions apart adds to each term's sum. */
static inline double pair_share(double d, double cw, double dlnorm)
{
    return cw / (d * d * dlnorm);
}

/* A term's proximity share from its sum of pair shares (acc > 0). */
static inline double term_share(double idf, double acc)
{
    return prox_cap(idf) * fh_rank_saturate(acc);
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
            double w = pair_share((double)(b->pos - a->pos), cw[a->field], dlnorm[a->field]);
            acc[a->term] += w;
            acc[b->term] += w;
            any = 1;
        }
    }
    if (!any) return 0;
    double s = 0;
    for (size_t t = 0; t < n_terms; t++)
        if (acc[t] > 0) s += term_share(idf[t], acc[t]);
    return s;
}

/* Zero the entries of mask and seen field f's positions of lists[0..nl)
 * may have set (a list that does not fit). */
static void clear_field(const fh_rank_plist *lists, size_t nl, size_t f, uint64_t *mask,
                        uint64_t *seen, size_t cap)
{
    for (size_t l = 0; l < nl; l++) {
        const uint32_t *q = lists[l].pos;
        for (size_t g = 0; g < f; g++) q += lists[l].n[g];
        for (uint32_t j = 0; j < lists[l].n[f]; j++)
            if ((size_t)q[j] < cap) {
                mask[q[j]] = 0;
                seen[q[j] >> 6] = 0;
            }
    }
}

/* Mark field f's positions of every list in mask (bit l) and seen;
 * 0 when a list does not fit, after clearing what it marked. */
static int mark_field(const fh_rank_plist *lists, size_t nl, size_t f, uint64_t *mask,
                      uint64_t *seen, size_t cap, uint32_t *lo, uint32_t *hi)
{
    size_t l = 0;
    uint32_t a = UINT32_MAX, b = 0;
    for (; l < nl; l++) {
        const uint32_t *q = lists[l].pos;
        for (size_t g = 0; g < f; g++) q += lists[l].n[g];
        uint32_t n = lists[l].n[f];
        size_t least = 0; /* the next position must be at least this */
        for (uint32_t j = 0; j < n; j++) {
            uint32_t p = q[j];
            if (p < least || (size_t)p + FH_RANK_PROX_WINDOW >= cap) goto unfit;
            least = (size_t)p + 1;
            mask[p] |= (uint64_t)1 << l;
            seen[p >> 6] |= (uint64_t)1 << (p & 63);
        }
        if (n && q[0] < a) a = q[0];
        if (n && q[n - 1] > b) b = q[n - 1];
    }
    *lo = a;
    *hi = b;
    return 1;
unfit:
    clear_field(lists, l < nl ? l + 1 : nl, f, mask, seen, cap);
    return 0;
}

/* The pairs of field f marked in mask and seen (positions lo..hi), added
 * to acc in fh_rank_proximity's order: positions ascending, the terms at
 * one ascending, each a before its partners b, by position then term.
 * Clears seen, and mask a word of positions at a time once its pairs are
 * added (a position's partners follow it: none is read again); 1 when
 * some pair was added. */
static int field_pairs(const fh_rank_plist *lists, size_t f, uint64_t *mask, uint64_t *seen,
                       uint32_t lo, uint32_t hi, const double *dlnorm, const double *cw, double *acc)
{
    _Static_assert(FH_RANK_PROX_WINDOW == 5, "close below is for a window of 5");
    double wd[FH_RANK_PROX_WINDOW + 1];
    int any = 0;
    for (size_t k = lo >> 6; k <= hi >> 6; k++) {
        uint64_t word = seen[k], next = seen[k + 1];
        if (!word) continue;
        seen[k] = 0;
        /* bit s: some position s + 1 .. s + 5 held (word's own bits 1..5
         * above, then next's) */
        uint64_t two = word | word >> 1, close = (two | two >> 2 | word >> 4) >> 1;
        if (next & 0x1f) close |= next << 63 | next << 62 | next << 61 | next << 60 | next << 59;
        for (uint64_t bits = word & close; bits; bits &= bits - 1) {
            unsigned sh = (unsigned)__builtin_ctzll(bits);
            size_t p = k * 64 + sh;
            uint64_t near = (word >> sh >> 1 | next << (63 - sh)) & ((1u << FH_RANK_PROX_WINDOW) - 1);
            for (uint64_t ra = mask[p]; ra; ra &= ra - 1) {
                int a = __builtin_ctzll(ra);
                uint64_t abit = (uint64_t)1 << a;
                for (uint64_t rd = near; rd; rd &= rd - 1) {
                    unsigned d = (unsigned)__builtin_ctzll(rd) + 1;
                    for (uint64_t rb = mask[p + d] & ~abit; rb; rb &= rb - 1) {
                        if (!any) /* each distance's share, worked out once */
                            for (unsigned e = 1; e <= FH_RANK_PROX_WINDOW; e++)
                                wd[e] = pair_share((double)e, cw[f], dlnorm[f]);
                        any = 1;
                        acc[lists[a].term] += wd[d];
                        acc[lists[__builtin_ctzll(rb)].term] += wd[d];
                    }
                }
            }
        }
        for (; word; word &= word - 1) mask[k * 64 + (unsigned)__builtin_ctzll(word)] = 0;
    }
    return any;
}

int fh_rank_proximity_lists(const fh_rank_plist *lists, size_t nl, const double *idf,
                            size_t n_terms, const double *dlnorm, const double *cw,
                            uint64_t *mask, uint64_t *seen, size_t cap, double *acc,
                            double *out)
{
    if (nl > FH_RANK_PLIST_MAX) return -1;
    for (size_t l = 0; l < nl; l++) {
        if (lists[l].term >= n_terms || (l && lists[l].term <= lists[l - 1].term)) return -1;
        acc[lists[l].term] = 0; /* the only terms added to and read */
    }
    int any = 0;
    for (size_t f = 0; f < FH_FIELDS; f++) {
        uint32_t lo, hi;
        if (!mark_field(lists, nl, f, mask, seen, cap, &lo, &hi)) return -1;
        if (lo > hi) continue;
        any |= field_pairs(lists, f, mask, seen, lo, hi, dlnorm, cw, acc);
    }
    double s = 0;
    if (any) /* the terms ascending, as fh_rank_proximity sums them */
        for (size_t l = 0; l < nl; l++)
            if (acc[lists[l].term] > 0) s += term_share(idf[lists[l].term], acc[lists[l].term]);
    *out = s;
    return 0;
}

double fh_rank_proximity_max(double idf)
{
    return prox_cap(idf) * (FH_RANK_K1 + 1);
}

/* The most one occurrence can gather from m occurrences of another term:
 * they sit at distinct positions, so at best at distances 1, 1, 2, 2, ...
 * (either side) up to the window, each adding 1 / d^2. */
static double partners_max(uint32_t m)
{
    _Static_assert(FH_RANK_PROX_WINDOW == 5, "the table below is for a window of 5");
    static const double upto[] = {
        0, 1, 2, 2 + 1 / 4.0, 2 + 2 / 4.0, 2 + 2 / 4.0 + 1 / 9.0, 2 + 2 / 4.0 + 2 / 9.0,
        2 + 2 / 4.0 + 2 / 9.0 + 1 / 16.0, 2 + 2 / 4.0 + 2 / 9.0 + 2 / 16.0,
        2 + 2 / 4.0 + 2 / 9.0 + 2 / 16.0 + 1 / 25.0, 2 + 2 / 4.0 + 2 / 9.0 + 2 / 16.0 + 2 / 25.0};
    return upto[m < 10 ? m : 10];
}

#define BOUND_TERMS 64

double fh_rank_proximity_bound(const uint32_t *cnt, const double *idf, size_t n_terms,
                               const double *dlnorm, const double *cw, size_t n_fields)
{
    /* the terms present, and any count not known */
    size_t on[BOUND_TERMS], m = 0;
    double s = 0, loose = 0;
    int unknown = 0;
    for (size_t t = 0; t < n_terms; t++) {
        int any = 0;
        for (size_t f = 0; f < n_fields; f++) {
            any |= cnt[t * n_fields + f] != 0;
            unknown |= cnt[t * n_fields + f] == UINT32_MAX;
        }
        if (!any) continue;
        loose += fh_rank_proximity_max(idf[t]);
        if (m < BOUND_TERMS) on[m] = t;
        m++;
    }
    if (unknown || m > BOUND_TERMS) return loose; /* each term's largest share */
    /* a field at a time, over the terms in it: each count's partners_max
     * looked up once, and each pair's share worked out once for both
     * terms (a term's pairs still summed in term order) */
    double acc[BOUND_TERMS], num[BOUND_TERMS], pm[BOUND_TERMS], pairs[BOUND_TERMS];
    size_t in[BOUND_TERMS];
    for (size_t i = 0; i < m; i++) acc[i] = 0;
    for (size_t f = 0; f < n_fields; f++) {
        size_t k = 0;
        for (size_t i = 0; i < m; i++) {
            uint32_t a = cnt[on[i] * n_fields + f];
            if (a == 0) continue;
            in[k] = i;
            num[k] = (double)a;
            pm[k] = partners_max(a);
            pairs[k++] = 0;
        }
        for (size_t u = 0; u < k; u++)
            for (size_t v = u + 1; v < k; v++) {
                /* each pair counts once: the smaller of the two ways round */
                double x = num[u] * pm[v], y = num[v] * pm[u], share = x < y ? x : y;
                pairs[u] += share;
                pairs[v] += share;
            }
        for (size_t u = 0; u < k; u++) acc[in[u]] += cw[f] * pairs[u] / dlnorm[f];
    }
    for (size_t i = 0; i < m; i++)
        if (acc[i] > 0) s += prox_cap(idf[on[i]]) * fh_rank_saturate(acc[i] * (1 + 1e-9));
    return s * (1 + 1e-9);
}
