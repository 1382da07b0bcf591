/*
 * dupsig.c - a document's near-duplicate signature (dupsig.h): exact and
 * headline hashes, MinHash over shingles of two consecutive analyzer keys,
 * LSH band keys, and the decision whether two signatures are one story.
 */
#include <stdlib.h>
#include <string.h>

#include "dupsig.h"
#include "store_backend.h"

/* Only the tokens of an enormous body's start count (those ending before
 * this byte): copies agree from the start, and the work per document
 * stays bounded. */
#define SIG_MAX_BODY (1u << 20)
/* Headlines within this many days of each other can be one story. */
#define TITLE_DAYS 3
/* The decision: the estimated Jaccard similarity of the shingle sets; the
 * largest stretch of either document without a shared shingle sampled (as
 * a share of it); the estimated Jaccard similarity of the key sets; and,
 * below HEADLINE_FREE, the headlines' overlap.  Chosen on bench/dups.sh's
 * republished variants and hard negatives: different articles of one site
 * and day sharing blocks (a quoted statement, teasers of other stories,
 * background paragraphs) overlap in shingles by 0.35-0.48, as much as
 * copies with 20% of their words changed; the blocks leave a stretch of
 * each document unshared, and outside them the words differ (surface
 * words 0.40-0.55 alike where copies keep 0.60 and more; the key-set
 * estimate of one pair 0.65), and their headlines tell other stories.
 * Shingles and spread alone (0.45, 0.30) merged 5 of 88,350 hard
 * negatives, recall 0.972 up to 20% of words changed; all four: none,
 * recall 0.986, pair precision 0.9915 (bench/dups.sh). */
#define MIN_JACCARD 0.38
#define MAX_GAP 0.30
#define MIN_WORDS 0.60
#define HEADLINE_FREE 0.60
#define MIN_HEADLINE 0.25

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

/* 64-bit FNV-1a, not util/fnv.h's 32 bits: a document's exact-text and
 * headline hashes name it among millions, where 32-bit hashes would
 * collide and join unrelated documents. */
static uint64_t fnv64(uint64_t h, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}
#define FNV_INIT 0xcbf29ce484222325ULL

typedef struct sig_state {
    fh_dupsig *sig;
    uint32_t at[FH_DUP_BINS]; /* shingle number of each bin's minimum */
    uint8_t full[FH_DUP_BINS];
    uint8_t word_full[FH_DUP_BINS];
    uint64_t prev;     /* previous key's hash, 0 before the first */
    size_t nkeys;      /* keys seen */
    size_t title_keys; /* keys of the headline */
    int in_title;
} sig_state;

static void add_shingle(sig_state *s, uint64_t h)
{
    h = mix64(h);
    unsigned bin = (unsigned)(h >> 56); /* FH_DUP_BINS = 256 */
    uint16_t v = (uint16_t)h;
    if (!s->full[bin] || v < s->sig->min[bin]) {
        s->sig->min[bin] = v;
        s->at[bin] = s->sig->shingles;
        s->full[bin] = 1;
    }
    s->sig->shingles++;
}

/* A key into the key-set signature (a key seen again changes nothing). */
static void add_word(sig_state *s, uint64_t k)
{
    uint64_t h = mix64(k ^ 0x574f5244ULL);
    unsigned bin = (unsigned)(h >> 56);
    uint8_t v = (uint8_t)h;
    if (!s->word_full[bin] || v < s->sig->word[bin]) {
        s->sig->word[bin] = v;
        s->word_full[bin] = 1;
    }
}

static int on_token(void *ctx, const fahras_token *t)
{
    sig_state *s = ctx;
    char buf[FAHRAS_MAX_TERM_BYTES];
    fahras_terms terms;
    if (!s->in_title && t->end >= SIG_MAX_BODY) return 0;
    if (fahras_token_terms(t, buf, sizeof buf, &terms) <= 0 || !terms.key_len) return 0;
    s->sig->exact = fnv64(fnv64(s->sig->exact, t->norm, t->norm_len), " ", 1);
    uint64_t k = fnv64(FNV_INIT, terms.key, terms.key_len);
    if (s->in_title) {
        s->sig->title = fnv64(fnv64(s->sig->title, terms.key, terms.key_len), " ", 1);
        unsigned bit = (unsigned)(mix64(k ^ 0x54424954ULL) >> 57);
        s->sig->title_bits[bit >> 6] |= 1ULL << (bit & 63);
        s->title_keys++;
    }
    add_word(s, k);
    if (s->prev) add_shingle(s, s->prev * 0x9e3779b97f4a7c15ULL + k);
    s->prev = k ? k : 1;
    s->nkeys++;
    return 0;
}

/* Bins no shingle fell in take the next full bin's minimum (circularly),
 * mixed with the distance, so two documents agree on an empty bin about as
 * often as on a full one (Shrivastava and Li's rotation densification);
 * positions become shares of the document. */
static void finish(sig_state *s)
{
    fh_dupsig *sig = s->sig;
    uint32_t n = sig->shingles;
    for (int i = 0; i < FH_DUP_BINS; i++)
        if (s->full[i]) sig->pos[i] = (uint8_t)(n > 1 ? (uint64_t)s->at[i] * 255 / (n - 1) : 0);
    for (int i = 0; i < FH_DUP_BINS; i++) {
        if (s->full[i]) continue;
        int d = 1;
        while (d < FH_DUP_BINS && !s->full[(i + d) % FH_DUP_BINS]) d++;
        int j = (i + d) % FH_DUP_BINS;
        if (!s->full[j]) break; /* no shingle at all */
        sig->min[i] = (uint16_t)mix64((uint64_t)sig->min[j] << 16 | (uint64_t)d);
        sig->pos[i] = sig->pos[j];
    }
    for (int i = 0; i < FH_DUP_BINS; i++) {
        if (s->word_full[i]) continue;
        int d = 1;
        while (d < FH_DUP_BINS && !s->word_full[(i + d) % FH_DUP_BINS]) d++;
        int j = (i + d) % FH_DUP_BINS;
        if (!s->word_full[j]) break;
        sig->word[i] = (uint8_t)mix64((uint64_t)sig->word[j] << 16 | (uint64_t)d);
    }
}

fh_dupsig_build *fh_dupsig_begin(fh_dupsig *out)
{
    memset(out, 0, sizeof *out);
    out->exact = out->title = FNV_INIT;
    sig_state *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->sig = out;
    s->in_title = 1;
    return (fh_dupsig_build *)s;
}

int fh_dupsig_token(void *b, int field, const fahras_token *t)
{
    sig_state *s = b;
    if (field && s->in_title) { /* the body begins */
        s->in_title = 0;
        s->sig->exact = fnv64(s->sig->exact, "\n", 1);
    }
    return on_token(s, t);
}

void fh_dupsig_end(fh_dupsig_build *b)
{
    sig_state *s = (sig_state *)b;
    if (!s) return;
    fh_dupsig *out = s->sig;
    if (s->in_title) out->exact = fnv64(out->exact, "\n", 1);
    if (s->nkeys == 1) add_shingle(s, s->prev);
    finish(s);
    if (s->title_keys < FH_DUP_TITLE_MIN_KEYS) out->title = 0;
    out->exact &= INT64_MAX;
    out->title &= INT64_MAX;
    free(s);
}

static int body_token(void *b, const fahras_token *t) { return fh_dupsig_token(b, 1, t); }
static int title_token(void *b, const fahras_token *t) { return fh_dupsig_token(b, 0, t); }

int fh_dupsig_make(const fahras_analyzer *a, const fh_doc *doc, fh_dupsig *out, fh_err *err)
{
    fh_dupsig_build *b = fh_dupsig_begin(out);
    if (!b) return fh_fail(err, "out of memory");
    fahras_error e;
    if (doc->title && doc->title_len &&
        fahras_analyze(a, doc->title, doc->title_len, title_token, b, &e) != FAHRAS_OK)
        goto fail;
    size_t n = doc->body_len < SIG_MAX_BODY ? doc->body_len : SIG_MAX_BODY;
    /* utf8=replace or a cut inside a character: the analyzer reports it, and
     * what came before stands */
    if (fahras_analyze(a, doc->body, n, body_token, b, &e) != FAHRAS_OK && n == doc->body_len)
        goto fail;
    fh_dupsig_end(b);
    return 0;
fail:
    fh_dupsig_end(b);
    return fh_fail(err, "near-duplicate signature: %s", e.message);
}

size_t fh_dupsig_keys(const fh_dupsig *sig, int64_t *keys, size_t *n_band)
{
    size_t n = 0;
    if (sig->shingles)
        for (int b = 0; b < FH_DUP_BANDS; b++) {
            uint64_t h = mix64((uint64_t)b + 1);
            for (int r = 0; r < FH_DUP_ROWS; r++) h = mix64(h ^ sig->min[b * FH_DUP_ROWS + r]);
            keys[n++] = (int64_t)(h & INT64_MAX);
        }
    *n_band = n;
    keys[n++] = (int64_t)(mix64(sig->exact ^ 0x4558414354ULL) & INT64_MAX);
    if (sig->title) keys[n++] = (int64_t)(mix64(sig->title ^ 0x5449544c45ULL) & INT64_MAX);
    return n;
}

static void put64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i));
}
static uint64_t get64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = v << 8 | p[i];
    return v;
}
static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}
static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

void fh_dupsig_pack(const fh_dupsig *sig, unsigned char *blob)
{
    blob[0] = FH_DUPSIG_FORMAT;
    put64(blob + 1, sig->exact);
    put64(blob + 9, sig->title);
    put32(blob + 17, sig->shingles);
    for (int i = 0; i < FH_DUP_BINS; i++) {
        blob[21 + 2 * i] = (unsigned char)sig->min[i];
        blob[22 + 2 * i] = (unsigned char)(sig->min[i] >> 8);
    }
    memcpy(blob + 21 + 2 * FH_DUP_BINS, sig->pos, FH_DUP_BINS);
    memcpy(blob + 21 + 3 * FH_DUP_BINS, sig->word, FH_DUP_BINS);
    put64(blob + 21 + 4 * FH_DUP_BINS, sig->title_bits[0]);
    put64(blob + 29 + 4 * FH_DUP_BINS, sig->title_bits[1]);
}

int fh_dupsig_unpack(const unsigned char *blob, size_t n, fh_dupsig *sig)
{
    if (!blob || n != FH_DUPSIG_BLOB || blob[0] != FH_DUPSIG_FORMAT) return -1;
    sig->exact = get64(blob + 1);
    sig->title = get64(blob + 9);
    sig->shingles = get32(blob + 17);
    for (int i = 0; i < FH_DUP_BINS; i++)
        sig->min[i] = (uint16_t)(blob[21 + 2 * i] | blob[22 + 2 * i] << 8);
    memcpy(sig->pos, blob + 21 + 2 * FH_DUP_BINS, FH_DUP_BINS);
    memcpy(sig->word, blob + 21 + 3 * FH_DUP_BINS, FH_DUP_BINS);
    sig->title_bits[0] = get64(blob + 21 + 4 * FH_DUP_BINS);
    sig->title_bits[1] = get64(blob + 29 + 4 * FH_DUP_BINS);
    return 0;
}

/* Days since 1970-01-01 of an ISO date's YYYY-MM-DD, or -1 without one. */
static long iso_days(const char *d)
{
    if (!d || strlen(d) < 10 || d[4] != '-' || d[7] != '-') return -1;
    long y = strtol(d, NULL, 10), m = strtol(d + 5, NULL, 10), day = strtol(d + 8, NULL, 10);
    if (m < 1 || m > 12 || day < 1 || day > 31) return -1;
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The largest share of a document between two of the n sorted positions
 * (0..255) or an end of it. */
static double largest_gap(const uint8_t *p, int n)
{
    if (!n) return 1;
    int best = p[0], prev = p[0];
    for (int i = 1; i < n; i++) {
        if (p[i] - prev > best) best = p[i] - prev;
        prev = p[i];
    }
    if (255 - prev > best) best = 255 - prev;
    return best / 255.0;
}

static void sort_bytes(uint8_t *p, int n)
{
    int count[256] = {0};
    for (int i = 0; i < n; i++) count[p[i]]++;
    int k = 0;
    for (int v = 0; v < 256; v++)
        while (count[v]--) p[k++] = (uint8_t)v;
}

void fh_dupsig_compare(const fh_dupsig *a, const fh_dupsig *b, fh_dupsig_cmp *out)
{
    uint8_t pa[FH_DUP_BINS], pb[FH_DUP_BINS];
    int match = 0, words = 0;
    for (int i = 0; i < FH_DUP_BINS; i++) {
        if (a->min[i] == b->min[i]) {
            pa[match] = a->pos[i];
            pb[match++] = b->pos[i];
        }
        words += a->word[i] == b->word[i];
    }
    out->jaccard = a->shingles && b->shingles ? (double)match / FH_DUP_BINS : 0;
    /* 8-bit values agree by chance once in 256: the estimate corrected */
    double w = ((double)words / FH_DUP_BINS - 1.0 / 256) / (1 - 1.0 / 256);
    out->words = a->shingles && b->shingles && w > 0 ? w : 0;
    int both = 0, either = 0;
    for (int i = 0; i < 2; i++) {
        both += __builtin_popcountll(a->title_bits[i] & b->title_bits[i]);
        either += __builtin_popcountll(a->title_bits[i] | b->title_bits[i]);
    }
    int headlines = (a->title_bits[0] | a->title_bits[1]) && (b->title_bits[0] | b->title_bits[1]);
    out->title = headlines ? (double)both / either : -1;
    sort_bytes(pa, match);
    sort_bytes(pb, match);
    out->gap_a = largest_gap(pa, match);
    out->gap_b = largest_gap(pb, match);
}

int fh_dupsig_same(const fh_dupsig *a, const char *date_a, const fh_dupsig *b,
                   const char *date_b, double *similarity)
{
    fh_dupsig_cmp c;
    fh_dupsig_compare(a, b, &c);
    if (similarity) *similarity = c.jaccard;
    if (a->exact == b->exact) return 1;
    if (a->title && a->title == b->title) {
        long da = iso_days(date_a), db = iso_days(date_b);
        if (da < 0 || db < 0 || labs(da - db) <= TITLE_DAYS) return 1;
    }
    return c.jaccard >= MIN_JACCARD && c.gap_a <= MAX_GAP && c.gap_b <= MAX_GAP &&
           c.words >= MIN_WORDS &&
           (c.jaccard >= HEADLINE_FREE || c.title < 0 || c.title >= MIN_HEADLINE);
}
