/*
 * dup_filter.c - a Bloom filter of the keys in dup_key.  Most keys of a
 * new document are held by no other (a new story's bands are new), and
 * past a few hundred thousand documents dup_key is many times larger than
 * the page cache: a key the filter has never seen is answered without a
 * walk of its B-tree.  Blocked (a key's bits in one 64-byte line), 8 bits
 * a key of capacity, 6 bits a key: about 2% of absent keys pass.  Keys
 * deleted from dup_key stay set (they pass for nothing).
 */
#include <stdlib.h>

#include "sqlite_store.h"

#define BITS_PER_KEY 8
#define BLOCK_WORDS 8 /* 512 bits */
#define PROBES 6      /* each takes 9 bits of a hash */

struct sq_dup_filter {
    uint64_t *w;
    uint64_t n_blocks;
    size_t n, cap; /* keys added, keys it is sized for */
};

static uint64_t mix(int64_t key)
{
    uint64_t x = (uint64_t)key;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    return x ^ (x >> 33);
}

sq_dup_filter *sq_filter_new(size_t cap)
{
    sq_dup_filter *f = calloc(1, sizeof *f);
    if (!f) return NULL;
    f->cap = cap;
    f->n_blocks = (cap * BITS_PER_KEY + 511) / 512;
    if (f->n_blocks >= (1ULL << 32) || !(f->w = calloc(f->n_blocks * BLOCK_WORDS, sizeof *f->w))) {
        free(f);
        return NULL;
    }
    return f;
}

void sq_filter_free(sq_dup_filter *f)
{
    if (!f) return;
    free(f->w);
    free(f);
}

/* The block of key's bits (fastrange of the hash's high half) and the bits. */
static uint64_t *block_of(const sq_dup_filter *f, int64_t key, uint64_t *bits)
{
    uint64_t h = mix(key);
    *bits = h * 0x9e3779b97f4a7c15ULL;
    return f->w + ((h >> 32) * f->n_blocks >> 32) * BLOCK_WORDS;
}

int sq_filter_add(sq_dup_filter *f, int64_t key)
{
    uint64_t bits, *b = block_of(f, key, &bits);
    for (int i = 0; i < PROBES; i++, bits >>= 9) b[(bits >> 6) & 7] |= 1ULL << (bits & 63);
    return ++f->n > f->cap;
}

int sq_filter_has(const sq_dup_filter *f, int64_t key)
{
    uint64_t bits;
    const uint64_t *b = block_of(f, key, &bits);
    for (int i = 0; i < PROBES; i++, bits >>= 9)
        if (!(b[(bits >> 6) & 7] & (1ULL << (bits & 63)))) return 0;
    return 1;
}

size_t sq_filter_count(const sq_dup_filter *f)
{
    return f ? f->n : 0;
}

int sq_filter_full(const sq_dup_filter *f)
{
    return f && f->n > f->cap;
}

/* A filter of every key in dup_key, sized for cap keys at least: one scan
 * of the table (only its key column is read into the filter). */
int sq_filter_build(fh_backend_db *d, size_t cap, fh_err *err)
{
    sq_filter_free(d->dup_filter);
    d->dup_filter = NULL;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(d->db, "SELECT key FROM dup_key", -1, &st, NULL) != SQLITE_OK)
        return sq_db_fail(d, err, "reading near-duplicate keys");
    sq_dup_filter *f = sq_filter_new(cap);
    int rc;
    if (!f) {
        sqlite3_finalize(st);
        return fh_fail(err, "out of memory");
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) sq_filter_add(f, sqlite3_column_int64(st, 0));
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        sq_filter_free(f);
        return sq_db_fail(d, err, "reading near-duplicate keys");
    }
    d->dup_filter = f;
    return 0;
}
