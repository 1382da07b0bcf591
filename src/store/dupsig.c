/*
 * dupsig.c - a document's near-duplicate signature (dupsig.h): exact and
 * headline hashes, MinHash over shingles of two consecutive analyzer keys,
 * LSH band keys, and the decision whether two signatures are one story.
 */
#include <stdlib.h>
#include <string.h>

#include "dupsig.h"
#include "store_backend.h"

/* Only the start of an enormous body is read: copies agree from the start,
 * and the work per document stays bounded. */
#define SIG_MAX_BODY (1u << 20)
/* Distinct shingles counted exactly up to this many, then estimated. */
#define SET_MAX (1u << 16)
/* Headlines within this many days of each other can be one story. */
#define TITLE_DAYS 3
/* The decision on the estimated Jaccard similarity of the shingle sets:
 * chosen on bench/dups.sh's republished variants and hard negatives (0.45:
 * pair precision 0.99, recall 0.98 up to 20% of words changed; 0.40 and
 * 0.50 trade one for the other).  A containment rule (most of the smaller
 * inside the larger) merged articles of one site sharing long lists of
 * related headlines, so it is not used. */
#define MIN_JACCARD 0.45

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
    uint64_t mul[FH_DUP_HASHES], add[FH_DUP_HASHES];
    uint64_t prev;     /* previous key's hash, 0 before the first */
    size_t nkeys;      /* keys seen */
    size_t title_keys; /* keys of the headline */
    int in_title;
    uint64_t *set;     /* distinct shingle hashes (open addressing, 0 = empty) */
    size_t set_cap, set_n, over; /* over: shingles past SET_MAX */
    int oom;
} sig_state;

static void set_add(sig_state *s, uint64_t h)
{
    if (!h) h = 1;
    if (s->set_n >= SET_MAX || s->oom) {
        s->over++;
        return;
    }
    if ((s->set_n + 1) * 2 > s->set_cap) {
        size_t cap = s->set_cap ? s->set_cap * 2 : 256;
        uint64_t *n = calloc(cap, sizeof *n);
        if (!n) {
            s->oom = 1;
            return;
        }
        for (size_t i = 0; i < s->set_cap; i++)
            if (s->set[i]) {
                size_t j = s->set[i] & (cap - 1);
                while (n[j]) j = (j + 1) & (cap - 1);
                n[j] = s->set[i];
            }
        free(s->set);
        s->set = n;
        s->set_cap = cap;
    }
    size_t j = h & (s->set_cap - 1);
    while (s->set[j]) {
        if (s->set[j] == h) return;
        j = (j + 1) & (s->set_cap - 1);
    }
    s->set[j] = h;
    s->set_n++;
}

static void add_shingle(sig_state *s, uint64_t h)
{
    h = mix64(h);
    set_add(s, h);
    uint32_t *m = s->sig->min;
    for (int i = 0; i < FH_DUP_HASHES; i++) {
        uint32_t v = (uint32_t)((s->mul[i] * h + s->add[i]) >> 32);
        if (v < m[i]) m[i] = v;
    }
}

static int on_token(void *ctx, const fahras_token *t)
{
    sig_state *s = ctx;
    char buf[FAHRAS_MAX_TERM_BYTES];
    fahras_terms terms;
    if (fahras_token_terms(t, buf, sizeof buf, &terms) <= 0 || !terms.key_len) return 0;
    s->sig->exact = fnv64(fnv64(s->sig->exact, t->norm, t->norm_len), " ", 1);
    uint64_t k = fnv64(FNV_INIT, terms.key, terms.key_len);
    if (s->in_title) {
        s->sig->title = fnv64(fnv64(s->sig->title, terms.key, terms.key_len), " ", 1);
        s->title_keys++;
    }
    if (s->prev) add_shingle(s, s->prev * 0x9e3779b97f4a7c15ULL + k);
    s->prev = k ? k : 1;
    s->nkeys++;
    return 0;
}

int fh_dupsig_make(const fahras_analyzer *a, const fh_doc *doc, fh_dupsig *out, fh_err *err)
{
    memset(out, 0, sizeof *out);
    memset(out->min, 0xff, sizeof out->min);
    out->exact = out->title = FNV_INIT;
    sig_state s = {.sig = out};
    uint64_t seed = 0x6661687261730001ULL; /* fixed: stored signatures stay comparable */
    for (int i = 0; i < FH_DUP_HASHES; i++) {
        s.mul[i] = mix64(seed += 0x9e3779b97f4a7c15ULL) | 1;
        s.add[i] = mix64(seed += 0x9e3779b97f4a7c15ULL);
    }
    fahras_error e;
    s.in_title = 1;
    if (doc->title && doc->title_len &&
        fahras_analyze(a, doc->title, doc->title_len, on_token, &s, &e) != FAHRAS_OK)
        goto fail;
    s.in_title = 0;
    out->exact = fnv64(out->exact, "\n", 1);
    size_t n = doc->body_len < SIG_MAX_BODY ? doc->body_len : SIG_MAX_BODY;
    /* utf8=replace or a cut inside a character: the analyzer reports it, and
     * what came before stands */
    if (fahras_analyze(a, doc->body, n, on_token, &s, &e) != FAHRAS_OK && n == doc->body_len)
        goto fail;
    if (s.nkeys == 1) add_shingle(&s, s.prev);
    free(s.set);
    if (s.oom) return fh_fail(err, "out of memory");
    out->shingles = (uint32_t)(s.set_n + s.over);
    if (s.title_keys < FH_DUP_TITLE_MIN_KEYS) out->title = 0;
    out->exact &= INT64_MAX;
    out->title &= INT64_MAX;
    return 0;
fail:
    free(s.set);
    return fh_fail(err, "near-duplicate signature: %s", e.message);
}

size_t fh_dupsig_keys(const fh_dupsig *sig, int64_t *keys)
{
    size_t n = 0;
    if (sig->shingles)
        for (int b = 0; b < FH_DUP_BANDS; b++) {
            uint64_t h = mix64((uint64_t)b + 1);
            for (int r = 0; r < FH_DUP_ROWS; r++) h = mix64(h ^ sig->min[b * FH_DUP_ROWS + r]);
            keys[n++] = (int64_t)(h & INT64_MAX);
        }
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
    put64(blob, sig->exact);
    put64(blob + 8, sig->title);
    put32(blob + 16, sig->shingles);
    for (int i = 0; i < FH_DUP_HASHES; i++) put32(blob + 20 + 4 * i, sig->min[i]);
}

int fh_dupsig_unpack(const unsigned char *blob, size_t n, fh_dupsig *sig)
{
    if (!blob || n != FH_DUPSIG_BLOB) return -1;
    sig->exact = get64(blob);
    sig->title = get64(blob + 8);
    sig->shingles = get32(blob + 16);
    for (int i = 0; i < FH_DUP_HASHES; i++) sig->min[i] = get32(blob + 20 + 4 * i);
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

int fh_dupsig_same(const fh_dupsig *a, const char *date_a, const fh_dupsig *b,
                   const char *date_b, double *similarity)
{
    int match = 0;
    for (int i = 0; i < FH_DUP_HASHES; i++) match += a->min[i] == b->min[i];
    double j = a->shingles && b->shingles ? (double)match / FH_DUP_HASHES : 0;
    if (similarity) *similarity = j;
    if (a->exact == b->exact) return 1;
    if (a->title && a->title == b->title) {
        long da = iso_days(date_a), db = iso_days(date_b);
        if (da < 0 || db < 0 || labs(da - db) <= TITLE_DAYS) return 1;
    }
    return j >= MIN_JACCARD;
}
