/*
 * rank.h - the one definition of fahras's ranking, used by every store:
 * the FTS5 ranking function (src/sqlite/fahras_fts5.c), PostgreSQL's
 * fahras_bm25 (pg/fahras_pg.c) and any index of our own.
 *
 * A document's score for a query is
 *
 *   sum over query terms t of   w_t * idf_t * S(tfw_t)
 *   + sum over proximity terms  min(idf_t, 1) * S(acc_t)
 *
 *   idf_t   = ln(1 + (N - df_t + 0.5) / (df_t + 0.5))        (Lucene's BM25 idf)
 *   tfw_t   = sum over fields f of  cw_f * tf_tf / dlnorm_f  (BM25F)
 *   tf_tf   = occurrences of t in field f, each among the first
 *             FH_RANK_LEAD_WORDS words of the field counting
 *             FH_RANK_LEAD_FACTOR times (the lead)
 *   dlnorm_f = 1 - b + b * len_f / avglen_f
 *   S(x)    = x * (k1 + 1) / (x + k1)
 *   acc_t   = BM25TP proximity (Rasolofo and Savoy, ECIR 2003): every pair
 *             of different proximity terms at distance d <= FH_RANK_PROX_WINDOW
 *             in one field adds cw_f / (d^2 * dlnorm_f) to both
 *
 * w_t is the term's weight in the query plan (1 for a word the user typed,
 * FH_RANK_EXACT_WEIGHT for the exact-form bonus of a word, ...).  A term is
 * one plan term: a key, an exact form, a prefix or a phrase (whose df and
 * tf are the phrase's).
 *
 * Every function is pure arithmetic (no allocation, no state): callers in
 * PostgreSQL and SQLite include this header and link rank.c.
 */
#ifndef FAHRAS_RANK_H
#define FAHRAS_RANK_H

#include <stddef.h>
#include <stdint.h>

/* BM25 saturation and length normalization (Robertson's usual values, as
 * Lucene's defaults). */
#define FH_RANK_K1 1.2
#define FH_RANK_B 0.75

/* The fields of an article, in the order the stores index them, and the
 * weight of a word in each: a title word counts as much as two body words. */
enum { FH_FIELD_TITLE = 0, FH_FIELD_BODY = 1, FH_FIELDS = 2 };
#define FH_RANK_TITLE_WEIGHT 2.0
#define FH_RANK_BODY_WEIGHT 1.0

/* The lead: news articles (the inverted pyramid) and encyclopedia
 * paragraphs name their subject in their first words, so an occurrence
 * among the first FH_RANK_LEAD_WORDS words of a field counts
 * FH_RANK_LEAD_FACTOR times.  Measured on ARCD: MRR@10 0.824 -> 0.834. */
#define FH_RANK_LEAD_WORDS 10
#define FH_RANK_LEAD_FACTOR 2

/* The exact-form bonus: a ranking-only term added to each optional word,
 * its exact form, so the spelling the user typed ranks a little above
 * other inflections.  Weight relative to the word itself. */
#define FH_RANK_EXACT_WEIGHT 0.3

/* A near spelling (spelling.h) stands in for a word no document holds. */
#define FH_RANK_SPELL_WEIGHT 1.0

/* A learned variant spelling of a word (variants.h: ترمب beside ترامب) is
 * searched with it, weighing less than the spelling typed: a document
 * writing the name as the user did should not rank below one writing it
 * otherwise.  The rarer variant has the higher idf, so the plan also
 * scales its weight by idf(word) / idf(variant) when that is below 1. */
#define FH_RANK_VARIANT_WEIGHT 0.8

/* Proximity: pairs of query words at most this many positions apart. */
#define FH_RANK_PROX_WINDOW 5

/* The field weights above, indexed by FH_FIELD_*. */
extern const double fh_rank_field_weight[FH_FIELDS];

/* Inverse document frequency of a term held by df of n_docs documents
 * (always positive, near 0 for a term in every document). */
double fh_rank_idf(double n_docs, double df);

/* How much one occurrence at 0-based position pos of its field counts. */
static inline double fh_rank_occurrence(uint32_t pos)
{
    return pos < FH_RANK_LEAD_WORDS ? FH_RANK_LEAD_FACTOR : 1.0;
}

/* The per-posting arithmetic below is inline: the index's evaluator calls
 * it for every posting it scores. */

/* Length normalization of a field of len words, avglen words on average. */
static inline double fh_rank_dlnorm(double len, double avglen)
{
    if (avglen <= 0) avglen = 1;
    return 1.0 - FH_RANK_B + FH_RANK_B * len / avglen;
}

/* BM25F's combined term frequency from per-field counts (already counted
 * with fh_rank_occurrence), per-field dlnorm and field weights cw (a
 * store's articles: fh_rank_field_weight), n_fields of each. */
static inline double fh_rank_tfw(const double *tf, const double *dlnorm, const double *cw,
                                 size_t n_fields)
{
    double x = 0;
    for (size_t f = 0; f < n_fields; f++)
        if (tf[f] > 0) x += cw[f] * tf[f] / dlnorm[f];
    return x;
}

/* fh_rank_tfw adding every field, an absent one's tf 0 adding 0: the
 * same sum in the same order, without a branch a field, for callers whose
 * dlnorm is positive in every field (a store's, from fh_rank_dlnorm). */
static inline double fh_rank_tfw_all(const double *tf, const double *dlnorm, const double *cw,
                                     size_t n_fields)
{
    double x = 0;
    for (size_t f = 0; f < n_fields; f++) x += cw[f] * tf[f] / dlnorm[f];
    return x;
}

/* BM25 saturation: x (k1 + 1) / (x + k1); 0 for x <= 0, below k1 + 1. */
static inline double fh_rank_saturate(double x)
{
    return x > 0 ? x * (FH_RANK_K1 + 1) / (x + FH_RANK_K1) : 0;
}

/* One term's share of the score: w * idf * S(tfw). */
static inline double fh_rank_term(double weight, double idf, double tfw)
{
    return weight * idf * fh_rank_saturate(tfw);
}

/* The largest share any document can get from one term (for pruning). */
double fh_rank_term_max(double weight, double idf);

/* One occurrence of a proximity term, as fh_rank_proximity reads them. */
typedef struct fh_rank_occ {
    uint32_t term;  /* index of the term, < n_terms */
    uint32_t field; /* FH_FIELD_* (< n_fields) */
    uint32_t pos;   /* 0-based position in its field */
} fh_rank_occ;

/* Sort occurrences by field, then position (what fh_rank_proximity needs). */
void fh_rank_occ_sort(fh_rank_occ *occ, size_t n);

/*
 * The proximity share of the score.  occ[0..n) are the occurrences of the
 * proximity terms in one document, sorted by field then position; idf[t]
 * is term t's idf; dlnorm and cw as for fh_rank_tfw; acc is caller scratch
 * of n_terms doubles.  Returns 0 when no two different terms occur close
 * together.
 */
double fh_rank_proximity(const fh_rank_occ *occ, size_t n, const double *idf, size_t n_terms,
                         const double *dlnorm, const double *cw, size_t n_fields, double *acc);

/* One proximity term's positions in one document: n[f] positions of
 * field f, the fields one after another, each strictly ascending. */
typedef struct fh_rank_plist {
    const uint32_t *pos;
    uint32_t n[FH_FIELDS];
    uint32_t term; /* index of the term, < n_terms */
} fh_rank_plist;

/* The most lists fh_rank_proximity_lists takes (one bit each in a mask). */
#define FH_RANK_PLIST_MAX 64

/*
 * fh_rank_proximity of the occurrences in lists[0..nl) (terms strictly
 * ascending, nl <= FH_RANK_PLIST_MAX), bit for bit: the same pairs added
 * in the same order, found through a mask of terms per position instead
 * of a sort.  mask (cap words) and seen (cap / 64 + 2 words) are caller
 * scratch, zero on entry and left zero.  Returns -1 when the lists do not
 * fit (a position not ascending or not below cap - FH_RANK_PROX_WINDOW, a
 * term out of order): then *out is not set and fh_rank_proximity serves.
 */
int fh_rank_proximity_lists(const fh_rank_plist *lists, size_t nl, const double *idf,
                            size_t n_terms, const double *dlnorm, const double *cw,
                            uint64_t *mask, uint64_t *seen, size_t cap, double *acc,
                            double *out);

/* The largest proximity share one term can add (for pruning). */
double fh_rank_proximity_max(double idf);

/*
 * A bound on fh_rank_proximity from how often each term occurs, without
 * its positions (for pruning): cnt[t * n_fields + f] is term t's number of
 * occurrences in field f (distinct positions), or UINT32_MAX when not
 * known; terms with none take no part.  idf, dlnorm, cw as above.  Never
 * below what fh_rank_proximity returns for any placement of those
 * occurrences.
 */
double fh_rank_proximity_bound(const uint32_t *cnt, const double *idf, size_t n_terms,
                               const double *dlnorm, const double *cw, size_t n_fields);

#endif
