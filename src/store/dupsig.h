/*
 * dupsig.h - what the near-duplicate detector knows of one document: a
 * hash of its normalized text (exact copies), a hash of its headline's
 * keys (the same story under the same headline), and a MinHash signature
 * over shingles of consecutive analyzer keys (copies with edits), with the
 * LSH band keys that find candidates without comparing every pair.
 *
 * Keys are the index keys of fahras_token_terms, so diacritics, spelling
 * variants and clitics do not hide a copy.
 */
#ifndef FAHRAS_DUPSIG_H
#define FAHRAS_DUPSIG_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

#define FH_DUP_HASHES 120 /* MinHash values a signature */
#define FH_DUP_ROWS 3     /* values a band */
#define FH_DUP_BANDS (FH_DUP_HASHES / FH_DUP_ROWS)
/* band keys, the exact-text key and the headline key */
#define FH_DUP_MAX_KEYS (FH_DUP_BANDS + 2)
/* SQL parameters ?1..?42 for the keys (unused ones stay NULL) */
#define FH_DUP_KEY_PARAMS                                                                        \
    "?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,"    \
    "?25,?26,?27,?28,?29,?30,?31,?32,?33,?34,?35,?36,?37,?38,?39,?40,?41,?42"
/* a headline of fewer keys is too generic to mark a story */
#define FH_DUP_TITLE_MIN_KEYS 6

typedef struct fh_dupsig {
    uint64_t exact;              /* normalized title and body */
    uint64_t title;              /* headline keys; 0 when under FH_DUP_TITLE_MIN_KEYS */
    uint32_t shingles;           /* distinct shingles (an estimate of the set size) */
    uint32_t min[FH_DUP_HASHES]; /* the signature */
} fh_dupsig;

/* The signature of doc as analyzer a reads it.  0, or -1 with err. */
int fh_dupsig_make(const fahras_analyzer *a, const fh_doc *doc, fh_dupsig *out, fh_err *err);

/* The lookup keys of sig (band keys, exact key, headline key when set):
 * writes up to FH_DUP_MAX_KEYS keys and returns their number.  Keys are
 * non-negative as signed 64-bit numbers (SQL integers). */
size_t fh_dupsig_keys(const fh_dupsig *sig, int64_t *keys);

/* A signature as stored (little-endian bytes) and back.  The blob is
 * FH_DUPSIG_BLOB bytes; a blob of another size is refused (-1). */
#define FH_DUPSIG_BLOB (8 + 8 + 4 + 4 * FH_DUP_HASHES)
void fh_dupsig_pack(const fh_dupsig *sig, unsigned char *blob);
int fh_dupsig_unpack(const unsigned char *blob, size_t n, fh_dupsig *sig);

/* Whether a and b are copies of one story (dates: ISO 8601 or NULL/""):
 * the same normalized text; the same long headline within a few days; or
 * signatures estimating that the shingle sets are similar enough (dupsig.c).
 * *similarity receives the estimated Jaccard similarity. */
int fh_dupsig_same(const fh_dupsig *a, const char *date_a, const fh_dupsig *b,
                   const char *date_b, double *similarity);

#endif
