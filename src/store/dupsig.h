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

/* One-permutation MinHash: each shingle's hash picks one of FH_DUP_BINS
 * bins and competes for its minimum, so a shingle costs one hash, not one
 * per value; empty bins borrow from the next full one (densification). */
#define FH_DUP_BINS 256
#define FH_DUP_ROWS 2     /* values a band */
#define FH_DUP_BANDS 30   /* bands (the first FH_DUP_BANDS * FH_DUP_ROWS bins) */
/* A candidate shares this many band keys (or the exact-text or headline
 * key): one band of two values is shared by chance through common phrases;
 * two bands hold for 99% of pairs of estimated similarity 0.45, 93% at
 * 0.38 (fh_dupsig_same's least). */
#define FH_DUP_MIN_BANDS 2
/* A key counts at most this many of the documents holding it: a band value
 * common to many documents is a common phrase, not a story, and copies of
 * one text share all their keys, so a few of them name the cluster (the
 * work a document stays bounded when every document is alike). */
#define FH_DUP_KEY_HOLDERS 8
/* band keys, the exact-text key and the headline key */
#define FH_DUP_MAX_KEYS (FH_DUP_BANDS + 2)
/* SQL parameters for the keys: band keys ?1..?30, the others ?31, ?32
 * (unused ones stay NULL) */
#define FH_DUP_BAND_PARAMS                                                                       \
    "?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,"    \
    "?25,?26,?27,?28,?29,?30"
#define FH_DUP_OTHER_PARAMS "?31,?32"
/* The signature's format, stored with it: a store whose signatures were
 * made another way has its clusters made again (dups.c). */
#define FH_DUPSIG_FORMAT 3
#define FH_STR_(x) #x
#define FH_STR(x) FH_STR_(x)
/* a headline of fewer keys is too generic to mark a story */
#define FH_DUP_TITLE_MIN_KEYS 6

typedef struct fh_dupsig {
    uint64_t exact;              /* normalized title and body */
    uint64_t title;              /* headline keys; 0 when under FH_DUP_TITLE_MIN_KEYS */
    uint32_t shingles;           /* shingles read */
    /* the signature: 16 bits of each bin's minimum (two documents agree on
     * a bin by chance once in 65,536) */
    uint16_t min[FH_DUP_BINS];
    /* where in the document each bin's minimum shingle stands, 0..255 from
     * start to end: shows whether what two documents share is spread over
     * them (a copy) or one block of each (a shared quotation or list) */
    uint8_t pos[FH_DUP_BINS];
    /* a second signature over the set of keys (words, not shingles): 8 bits
     * of each bin's minimum.  Copies with scattered edits keep most of
     * their words while losing two shingles an edit; two stories of one
     * site and day sharing blocks (background, a quotation, teasers of
     * other stories) share those blocks' shingles but few of the other
     * words */
    uint8_t word[FH_DUP_BINS];
    /* the headline's keys, each setting one bit of 128 (a headline of a
     * dozen words sets a few bits another headline sets by chance) */
    uint64_t title_bits[2];
} fh_dupsig;

/* How two signatures compare (fh_dupsig_compare). */
typedef struct fh_dupsig_cmp {
    double jaccard;   /* estimated Jaccard similarity of the shingle sets */
    /* the largest stretch of each document, as a share of it, holding none
     * of the shared shingles sampled */
    double gap_a, gap_b;
    double words; /* estimated Jaccard similarity of the key sets */
    /* the headlines' shared bits over their bits together; -1 when either
     * document has no headline */
    double title;
} fh_dupsig_cmp;

/* A signature made from tokens as an analysis delivers them: begin (NULL:
 * out of memory), each token of the title (field 0) then of the body
 * (field 1), end (NULL-safe) leaves the signature in out. */
typedef struct fh_dupsig_build fh_dupsig_build;
fh_dupsig_build *fh_dupsig_begin(fh_dupsig *out);
int fh_dupsig_token(void *build, int field, const fahras_token *t);
void fh_dupsig_end(fh_dupsig_build *build);

/* The signature of doc as analyzer a reads it.  0, or -1 with err. */
int fh_dupsig_make(const fahras_analyzer *a, const fh_doc *doc, fh_dupsig *out, fh_err *err);

/* The lookup keys of sig: *n_band band keys (FH_DUP_BANDS, none for a
 * document without words), then the exact key and the headline key when
 * set; writes up to FH_DUP_MAX_KEYS keys and returns their number.  Keys
 * are non-negative as signed 64-bit numbers (SQL integers). */
size_t fh_dupsig_keys(const fh_dupsig *sig, int64_t *keys, size_t *n_band);

/* A signature as stored (little-endian bytes) and back.  The blob is
 * FH_DUPSIG_BLOB bytes; a blob of another size is refused (-1). */
#define FH_DUPSIG_BLOB (1 + 8 + 8 + 4 + 4 * FH_DUP_BINS + 16)
void fh_dupsig_pack(const fh_dupsig *sig, unsigned char *blob);
int fh_dupsig_unpack(const unsigned char *blob, size_t n, fh_dupsig *sig);

void fh_dupsig_compare(const fh_dupsig *a, const fh_dupsig *b, fh_dupsig_cmp *out);

/* Whether a and b are copies of one story (dates: ISO 8601 or NULL/""):
 * the same normalized text; the same long headline within a few days; or
 * signatures estimating that the shingle sets are similar enough, with the
 * shared part spread over both, the key sets alike, and, unless the
 * shingles are close, the headlines sharing words (dupsig.c).  *similarity receives the
 * estimated Jaccard similarity. */
int fh_dupsig_same(const fh_dupsig *a, const char *date_a, const fh_dupsig *b,
                   const char *date_b, double *similarity);

#endif
