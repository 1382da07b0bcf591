/*
 * variants.h - variant spellings of foreign names, learned from a corpus.
 *
 * A foreign name reaches Arabic text in several spellings: ترامب and ترمب,
 * بومبيو and بومبييو, غوغل and جوجل.  A reader searching one wants the
 * others.  They are learned from the store's own documents, once, by
 * `fahras variants DB --learn` (fh_store_learn_variants), and searched
 * beside the word typed (plan.h, FH_ORIGIN_VARIANT).
 *
 * Two keys are variants when all of these hold:
 *   - one edit apart, of the kinds transliteration produces: a long vowel
 *     (ا و ي) added or dropped, a letter doubled or undoubled, a letter
 *     replaced by a confusable one (spelling.h) or the g of a foreign name
 *     written otherwise (ج غ ق ك);
 *   - each is held by at least FH_VAR_MIN_DF documents;
 *   - both are names: at least FH_VAR_MIN_NAME_SHARE_EACH of each one's
 *     occurrences, and FH_VAR_MIN_NAME_SHARE of one of them, lie inside a
 *     name the entity tagger finds (the tagger knows ترامب better than the
 *     rarer ترمب: 79% and 30%).  كان and كانت, قال and قيل, one edit apart
 *     and used alike, are never names, so never pair;
 *   - their contexts are alike: the cosine of their neighbour words (left
 *     and right, each weighed by its idf) is at least FH_VAR_MIN_CONTEXT.
 * The learner keeps each document's keys in memory (4 bytes a word) up to
 * FH_VAR_MAX_WORDS words; a larger store is learned from that many.
 */
#ifndef FAHRAS_VARIANTS_H
#define FAHRAS_VARIANTS_H

#include <stddef.h>

#include "fahras.h"
#include "store_backend.h"

#define FH_VAR_MIN_DF 5
#define FH_VAR_MIN_NAME_SHARE 0.5
#define FH_VAR_MIN_NAME_SHARE_EACH 0.25
/* Picked on the ANT news corpus (README): 0.35 keeps جونسون/جونسن (0.94),
 * ترامب/ترمب, and leaves out the Arabic names احمد/حمد (0.34), حمد/حمود. */
#define FH_VAR_MIN_CONTEXT 0.35
#define FH_VAR_MIN_LETTERS 3
#define FH_VAR_MAX_WORDS (64u * 1024 * 1024)

typedef struct fh_var_learner fh_var_learner;

/* A learner reading documents with an (the store's analyzer) and tg (the
 * entity tagger); neither is kept beyond fh_var_learner_free.  NULL when
 * out of memory. */
fh_var_learner *fh_var_learner_new(const fahras_analyzer *an, const fahras_tagger *tg);
void fh_var_learner_free(fh_var_learner *l); /* NULL-safe */

/* Read one document (title and body, either may be empty).  Returns 0,
 * or -1 with err filled (out of memory). */
int fh_var_learner_add(fh_var_learner *l, const char *title, size_t title_len, const char *body,
                       size_t body_len, fh_err *err);

/* The pairs learned, each in both directions (word, variant), by word and
 * then by the variant's document count, highest first; *rows is owned by
 * the learner (valid until it is freed).  Returns 0, or -1 with err. */
int fh_var_learner_finish(fh_var_learner *l, const fh_variant_row **rows, size_t *n, fh_err *err);

/* Documents and words read, candidate keys, pairs tried. */
typedef struct fh_var_counts {
    long long docs, words, keys, names, pairs_tried;
    int truncated; /* stopped reading at FH_VAR_MAX_WORDS */
} fh_var_counts;
void fh_var_learner_counts(const fh_var_learner *l, fh_var_counts *out);

#endif
