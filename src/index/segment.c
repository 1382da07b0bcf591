/*
 * segment.c - reading a segment file (the format is in ix.h): open and
 * check it, look terms up, iterate postings block by block, read the
 * per-document columns.  Every offset read from the file is checked
 * against the section it points into before it is followed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "ix.h"

uint32_t ix_crc32(uint32_t crc, const void *p, size_t len)
{
    const uint8_t *b = p;
    while (len > 0) { /* zlib takes uInt lengths */
        uInt n = len > (1u << 30) ? (1u << 30) : (uInt)len;
        crc = (uint32_t)crc32(crc, b, n);
        b += n;
        len -= n;
    }
    return crc;
}

static int corrupt(char *msg, size_t cap, const char *what)
{
    if (msg && cap) snprintf(msg, cap, "corrupt segment: %s", what);
    return IX_ECORRUPT;
}

/* Header layout (offsets in bytes). */
enum {
    H_MAGIC = 0, H_VERSION = 8, H_LEAD = 12, H_BLOCK = 16, H_NDOCS = 20, H_NTERMS = 24,
    H_FIELDS = 28, H_LEN = 32, H_INSTANCE = 48, H_ID = 56, H_SECTIONS = 64,
    H_BODY_CRC = IX_HEADER_BYTES - 8, H_CRC = IX_HEADER_BYTES - 4
};
_Static_assert(H_SECTIONS + 16 * IX_N_SECTIONS <= H_BODY_CRC, "section table fits the header");

static int check_sizes(ix_seg *g, char *msg, size_t cap)
{
    uint64_t n = g->n_docs, t = g->n_terms;
    if (g->s[IX_S_TERM].len != (t + 1) * sizeof(ix_term_ent)) return corrupt(msg, cap, "term table size");
    if (g->s[IX_S_BLK].len % sizeof(ix_blk_ent)) return corrupt(msg, cap, "block table size");
    if (g->s[IX_S_ROWID].len != 8 * n || g->s[IX_S_LEN].len != 8 * n ||
        g->s[IX_S_FACET].len != 12 * n ||
        g->s[IX_S_BYROWID].len != 4 * n)
        return corrupt(msg, cap, "column sizes");
    /* the fixed-width sections are read with memcpy, alignment is not needed,
     * but the term table's sentinel must bound the variable ones */
    ix_term_ent last;
    memcpy(&last, g->s[IX_S_TERM].p + t * sizeof last, sizeof last);
    if (last.str_off != g->s[IX_S_TSTR].len || last.doc_off != g->s[IX_S_DOCS].len ||
        last.pos_off != g->s[IX_S_POS].len ||
        (uint64_t)last.blk * sizeof(ix_blk_ent) != g->s[IX_S_BLK].len)
        return corrupt(msg, cap, "term table sentinel");
    const uint8_t *d = g->s[IX_S_DICT].p, *end = d + g->s[IX_S_DICT].len;
    for (int k = 0; k < IX_FACETS; k++) {
        if (end - d < 4) return corrupt(msg, cap, "facet dictionary");
        g->n_dict[k] = ix_rd32(d);
        d += 4;
        if ((uint64_t)(end - d) / 4 < g->n_dict[k]) return corrupt(msg, cap, "facet dictionary");
        g->dict[k] = d;
        d += 4 * (size_t)g->n_dict[k];
    }
    if (g->s[IX_S_STR].len && g->s[IX_S_STR].p[g->s[IX_S_STR].len - 1] != 0)
        return corrupt(msg, cap, "string pool not terminated");
    return IX_OK;
}

int ix_seg_init(ix_seg *g, const void *mem, size_t size, char *msg, size_t cap)
{
    memset(g, 0, sizeof *g);
    const uint8_t *b = mem;
    if (!mem || size < IX_HEADER_BYTES) return corrupt(msg, cap, "shorter than its header");
    if (memcmp(b + H_MAGIC, IX_MAGIC, 8)) return corrupt(msg, cap, "not a fahras segment");
    if (ix_rd32(b + H_CRC) != ix_crc32(0, b, H_CRC)) return corrupt(msg, cap, "header checksum");
    if (ix_rd32(b + H_VERSION) != IX_VERSION) {
        if (msg && cap)
            snprintf(msg, cap, "segment format %u, this fahras reads format %u: rebuild the index "
                               "(fahras index NEW.db FILE...)", ix_rd32(b + H_VERSION), IX_VERSION);
        return IX_ECORRUPT;
    }
    if (ix_rd32(b + H_LEAD) != FH_RANK_LEAD_WORDS || ix_rd32(b + H_BLOCK) != IX_BLOCK ||
        ix_rd32(b + H_FIELDS) != FH_FIELDS)
        return corrupt(msg, cap, "built with another lead window or block size: rebuild");
    g->base = b;
    g->size = size;
    g->n_docs = ix_rd32(b + H_NDOCS);
    g->n_terms = ix_rd32(b + H_NTERMS);
    if (g->n_terms == IX_NONE || g->n_docs == IX_NONE) return corrupt(msg, cap, "counts");
    for (int f = 0; f < FH_FIELDS; f++) g->len_total[f] = ix_rd64(b + H_LEN + 8 * f);
    g->instance = ix_rd64(b + H_INSTANCE);
    g->id = ix_rd64(b + H_ID);
    g->body_crc = ix_rd32(b + H_BODY_CRC);
    uint64_t at = IX_HEADER_BYTES;
    for (int i = 0; i < IX_N_SECTIONS; i++) {
        uint64_t off = ix_rd64(b + H_SECTIONS + 16 * i), len = ix_rd64(b + H_SECTIONS + 16 * i + 8);
        if (off != at || len > size || off > size - len) return corrupt(msg, cap, "section table");
        g->s[i].p = b + off;
        g->s[i].len = len;
        at = off + len;
    }
    if (at != size) return corrupt(msg, cap, "trailing bytes");
    return check_sizes(g, msg, cap);
}

int ix_seg_open(ix_seg *g, const char *path, char *msg, size_t cap)
{
    memset(g, 0, sizeof *g);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(msg, cap, "%s: %s", path, strerror(errno));
        return IX_EIO;
    }
    struct stat st;
    if (fstat(fd, &st) || st.st_size < (off_t)IX_HEADER_BYTES) {
        close(fd);
        snprintf(msg, cap, "%s: truncated segment", path);
        return IX_ECORRUPT;
    }
    void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    if (m == MAP_FAILED) {
        snprintf(msg, cap, "%s: mmap: %s", path, strerror(errno));
        return IX_EIO;
    }
    char why[160];
    int rc = ix_seg_init(g, m, (size_t)st.st_size, why, sizeof why);
    if (rc) {
        munmap(m, (size_t)st.st_size);
        snprintf(msg, cap, "%s: %s", path, why);
        return rc;
    }
    g->mapped = 1;
    /* the checks above faulted pages in, each with its neighbours: out of
     * the resident set again (a writer opens every segment it flushes) */
    madvise(m, (size_t)st.st_size, MADV_DONTNEED);
    g->dev = (uint64_t)st.st_dev;
    g->ino = (uint64_t)st.st_ino;
    g->mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
    return IX_OK;
}

void ix_seg_close(ix_seg *g)
{
    if (!g) return;
    if (g->mapped && g->base) munmap((void *)g->base, g->size);
    free(g->tkey);
    free(g->memo);
    memset(g, 0, sizeof *g);
}

void ix_seg_release(const ix_seg *g, int s, uint64_t upto)
{
    if (!g->mapped || s < 0 || s >= IX_N_SECTIONS) return;
    long page = sysconf(_SC_PAGESIZE);
    if (page <= 0) return;
    uintptr_t start = (uintptr_t)g->s[s].p, stop = start + (upto < g->s[s].len ? upto : g->s[s].len);
    start = (start + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
    stop &= ~((uintptr_t)page - 1);
    if (stop > start) madvise((void *)start, stop - start, MADV_DONTNEED);
}

int ix_seg_check_crc(const ix_seg *g)
{
    return ix_crc32(0, g->base + IX_HEADER_BYTES, g->size - IX_HEADER_BYTES) == g->body_crc
               ? IX_OK
               : IX_ECORRUPT;
}

int ix_seg_term(const ix_seg *g, uint32_t i, ix_term_ent *e, const char **str, size_t *len)
{
    if (i >= g->n_terms) return IX_ECORRUPT;
    ix_term_ent next;
    memcpy(e, g->s[IX_S_TERM].p + (size_t)i * sizeof *e, sizeof *e);
    memcpy(&next, g->s[IX_S_TERM].p + ((size_t)i + 1) * sizeof next, sizeof next);
    if (e->str_off > next.str_off || next.str_off > g->s[IX_S_TSTR].len) return IX_ECORRUPT;
    if (str) *str = (const char *)g->s[IX_S_TSTR].p + e->str_off;
    if (len) *len = next.str_off - e->str_off;
    return IX_OK;
}

static int cmp_term(const char *a, size_t an, const char *b, size_t bn)
{
    int c = memcmp(a, b, an < bn ? an : bn);
    if (c) return c;
    return an < bn ? -1 : an > bn;
}

/* A term's first 8 bytes as a number: in the terms' byte order (a longer
 * key with the same first bytes never sorts before). */
static uint64_t term_key(const char *t, size_t n)
{
    uint64_t k = 0;
    for (size_t i = 0; i < 8; i++) k = k << 8 | (i < n ? (uint8_t)t[i] : 0u);
    return k;
}

/* Remembered lookups: direct-mapped by a hash of the term (a newer
 * lookup takes its slot), terms of up to MEMO_BYTES bytes. */
#define MEMO_SLOTS 1024u
#define MEMO_BYTES 48u
typedef struct ix_find_memo {
    struct {
        int64_t i;     /* the answer: an index, or -1 */
        uint8_t len;   /* 0: empty */
        char t[MEMO_BYTES];
    } e[MEMO_SLOTS];
} ix_find_memo;

static uint32_t memo_slot(const char *t, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ (uint8_t)t[i]) * 16777619u;
    return (h ^ h >> 15) & (MEMO_SLOTS - 1);
}

void ix_seg_sample_terms(ix_seg *g)
{
    free(g->tkey);
    g->tkey = NULL;
    g->n_tkey = 0;
    free(g->memo);
    g->memo = calloc(1, sizeof *g->memo);
    uint32_t n = (uint32_t)(((uint64_t)g->n_terms + IX_TERM_SAMPLE - 1) / IX_TERM_SAMPLE);
    if (!n) return;
    uint64_t *k = malloc((size_t)n * sizeof *k);
    if (!k) return;
    for (uint32_t j = 0; j < n; j++) {
        ix_term_ent e;
        const char *s;
        size_t len;
        if (ix_seg_term(g, j * IX_TERM_SAMPLE, &e, &s, &len)) {
            free(k);
            return;
        }
        k[j] = term_key(s, len);
    }
    g->tkey = k;
    g->n_tkey = n;
}

/* The terms' range [*lo, *hi] holding the lower bound of the term with
 * key k, from the sampled keys: a sample below k is a term before it, one
 * above k a term after it. */
static void sample_range(const ix_seg *g, uint64_t k, uint32_t *lo, uint32_t *hi)
{
    uint32_t a = 0, b = g->n_tkey;
    while (a < b) { /* the first sample >= k */
        uint32_t mid = a + (b - a) / 2;
        if (g->tkey[mid] < k) a = mid + 1;
        else b = mid;
    }
    uint32_t c = a, d = g->n_tkey;
    while (c < d) { /* the first sample > k */
        uint32_t mid = c + (d - c) / 2;
        if (g->tkey[mid] <= k) c = mid + 1;
        else d = mid;
    }
    if (a > 0) *lo = (a - 1) * IX_TERM_SAMPLE + 1;
    if (c < g->n_tkey) *hi = c * IX_TERM_SAMPLE;
}

uint32_t ix_seg_lower_bound(const ix_seg *g, const char *t, size_t n)
{
    uint32_t lo = 0, hi = g->n_terms;
    if (g->tkey) sample_range(g, term_key(t, n), &lo, &hi);
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        ix_term_ent e;
        const char *s;
        size_t len;
        if (ix_seg_term(g, mid, &e, &s, &len)) return g->n_terms; /* corrupt: nothing */
        if (cmp_term(s, len, t, n) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static int64_t find_term(const ix_seg *g, const char *t, size_t n)
{
    uint32_t i = ix_seg_lower_bound(g, t, n);
    ix_term_ent e;
    const char *s;
    size_t len;
    if (i >= g->n_terms || ix_seg_term(g, i, &e, &s, &len)) return -1;
    return len == n && !memcmp(s, t, n) ? (int64_t)i : -1;
}

int64_t ix_seg_find(const ix_seg *g, const char *t, size_t n)
{
    if (!g->memo || n == 0 || n > MEMO_BYTES) return find_term(g, t, n);
    uint32_t h = memo_slot(t, n);
    ix_find_memo *m = g->memo;
    if (m->e[h].len == n && !memcmp(m->e[h].t, t, n)) return m->e[h].i;
    int64_t i = find_term(g, t, n);
    /* the length last: a slot half written (a lookup interrupted by a
     * fault in the mapping never gets here) is never taken for a term */
    m->e[h].len = 0;
    m->e[h].i = i;
    memcpy(m->e[h].t, t, n);
    m->e[h].len = (uint8_t)n;
    return i;
}

const char *ix_seg_facet_value(const ix_seg *g, int kind, uint32_t id)
{
    if (kind < 0 || kind >= IX_FACETS || id == 0 || id > g->n_dict[kind]) return NULL;
    uint32_t off = ix_rd32(g->dict[kind] + 4 * ((size_t)id - 1));
    if (off >= g->s[IX_S_STR].len) return NULL;
    return (const char *)g->s[IX_S_STR].p + off;
}

uint32_t ix_seg_find_rowid(const ix_seg *g, int64_t rowid)
{
    uint32_t lo = 0, hi = g->n_docs;
    const uint8_t *by = g->s[IX_S_BYROWID].p;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2, doc = ix_rd32(by + 4 * (size_t)mid);
        if (doc >= g->n_docs) return IX_NONE;
        int64_t r = ix_seg_rowid(g, doc);
        if (r == rowid) return doc;
        if (r < rowid) lo = mid + 1;
        else hi = mid;
    }
    return IX_NONE;
}

/* ------------------------------------------------------------------ */
/* Postings                                                            */
/* ------------------------------------------------------------------ */

int ix_post_init(ix_post *it, const ix_seg *g, uint32_t i)
{
    memset(it, 0, sizeof *it);
    it->seg = g;
    it->doc = IX_NONE;
    ix_term_ent next;
    if (ix_seg_term(g, i, &it->e, NULL, NULL)) return it->err = IX_ECORRUPT;
    memcpy(&next, g->s[IX_S_TERM].p + ((size_t)i + 1) * sizeof next, sizeof next);
    uint64_t nblk = ((uint64_t)it->e.df + IX_BLOCK - 1) / IX_BLOCK;
    if (it->e.df == 0 || next.blk < it->e.blk || next.blk - it->e.blk != nblk ||
        (uint64_t)next.blk * sizeof(ix_blk_ent) > g->s[IX_S_BLK].len ||
        it->e.doc_off > next.doc_off || next.doc_off > g->s[IX_S_DOCS].len ||
        it->e.pos_off > next.pos_off || next.pos_off > g->s[IX_S_POS].len)
        return it->err = IX_ECORRUPT;
    it->doc_end = next.doc_off;
    it->pos_end = next.pos_off;
    it->blk = (const ix_blk_ent *)(const void *)(g->s[IX_S_BLK].p + (size_t)it->e.blk * sizeof(ix_blk_ent));
    it->n_blk = (uint32_t)nblk;
    it->b = IX_NONE; /* no block entered */
    ix_post_seek(it, 0);
    return it->err;
}

static ix_blk_ent blk_get(const ix_post *it, uint32_t b)
{
    ix_blk_ent e;
    memcpy(&e, (const uint8_t *)it->blk + (size_t)b * sizeof e, sizeof e);
    return e;
}

static void post_fail(ix_post *it)
{
    it->err = IX_ECORRUPT;
    it->doc = IX_NONE;
}

/* Value k of a block field of w bytes a value (0, 1, 2 or 4) at p. */
static inline uint32_t field_get(const uint8_t *p, unsigned w, uint32_t k)
{
    switch (w) {
    case 0: return 0;
    case 1: return p[k];
    case 2: return p[2 * k] | (uint32_t)p[2 * k + 1] << 8;
    default: return ix_rd32(p + 4 * (size_t)k);
    }
}

/* Enter block b: its fields located.  The widths must account for the
 * block's bytes exactly and its last offset lead to the table's last
 * document; each posting is checked where it is read. */
static int enter_block(ix_post *it, uint32_t b)
{
    ix_blk_ent e = blk_get(it, b);
    const ix_seg *g = it->seg;
    uint64_t dstart = it->e.doc_off + e.doc_rel, pstart = it->e.pos_off + e.pos_rel;
    uint64_t dend = b + 1 < it->n_blk ? it->e.doc_off + blk_get(it, b + 1).doc_rel : it->doc_end;
    if (dstart > dend || dend > it->doc_end || pstart > it->pos_end || dend - dstart < IX_BLOCK_HEAD)
        return -1;
    uint32_t cnt = b + 1 < it->n_blk ? IX_BLOCK : it->e.df - b * IX_BLOCK;
    const uint8_t *p = g->s[IX_S_DOCS].p + dstart, *q = p + IX_BLOCK_HEAD;
    /* the four widths at once: each 0, 1, 2 or 4 (the lead's 0 or 1) */
    uint32_t ws = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    if ((ws & 0xfef8f8f8u) || (ws & ws >> 1 & 0x00010101u)) return -1;
    uint32_t w0 = p[0], w1 = p[1], w2 = p[2], w3 = p[3];
    if (IX_BLOCK_HEAD + (uint64_t)cnt * (w0 + w1 + w2 + w3) != dend - dstart) return -1;
    it->f[0] = q;
    it->f[1] = q + cnt * w0;
    it->f[2] = it->f[1] + cnt * w1;
    it->f[3] = it->f[2] + cnt * w2;
    memcpy(it->w, p, IX_BLOCK_HEAD);
    uint32_t base = b ? blk_get(it, b - 1).last_doc + 1 : 0;
    if ((base == 0 && b) || e.last_doc >= g->n_docs || e.last_doc < base ||
        field_get(it->f[0], it->w[0], cnt - 1) != e.last_doc - base)
        return -1;
    it->b = b;
    it->cnt = cnt;
    it->base = base;
    it->last_off = e.last_doc - base;
    it->room = g->s[IX_S_DOCS].len - dend >= 4 * IX_BLOCK; /* the widest values */
    it->valid_from = IX_NONE;
    it->pp = it->cp = g->s[IX_S_POS].p + pstart;
    it->pk = 0;
    return 0;
}

/* Posting k of the current block (its offset off) becomes the current one;
 * -1 when its values do not hold together. */
static inline int set_current(ix_post *it, uint32_t k, uint32_t off)
{
    uint32_t nt = field_get(it->f[1], it->w[1], k), nb = field_get(it->f[2], it->w[2], k);
    uint32_t ld = field_get(it->f[3], it->w[3], k), lt = ld >> 4, lb = ld & 15;
    if ((off > it->last_off) | (lt > nt) | (lb > nb) | (nt + nb == 0) | (nt > (1u << 28)) |
        (nb > (1u << 28)))
        return -1;
    it->k = k;
    it->doc = it->base + off;
    it->n[FH_FIELD_TITLE] = nt;
    it->n[FH_FIELD_BODY] = nb;
    it->lead[FH_FIELD_TITLE] = lt;
    it->lead[FH_FIELD_BODY] = lb;
    return 0;
}

/* The first posting from k on whose offset is >= t (the block's last
 * offset is: the scan stops there at the latest).  With SSE2, 16 bytes of
 * offsets are compared at a time while they lie inside DOCS (bytes past
 * the block are never reached: the last offset stops the scan first). */
static inline uint32_t scan_offsets(const ix_post *it, uint32_t k, uint32_t t)
{
    const uint8_t *p = it->f[0];
#ifdef __SSE2__
    const uint8_t *docs_end = it->seg->s[IX_S_DOCS].p + it->seg->s[IX_S_DOCS].len;
    if (it->w[0] == 1) {
        const __m128i tv = _mm_set1_epi8((char)(uint8_t)t); /* t <= the last offset < 256 */
        for (; docs_end - (p + k) >= 16; k += 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + k));
            unsigned ge = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_max_epu8(x, tv), x));
            if (ge) return k + (uint32_t)__builtin_ctz(ge);
        }
    } else if (it->w[0] == 2) {
        const __m128i tv = _mm_set1_epi16((short)(uint16_t)t); /* t < 65536 likewise */
        for (; docs_end - (p + 2 * (size_t)k) >= 16; k += 8) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + 2 * (size_t)k));
            /* x >= t where t - x saturates to 0 */
            unsigned ge = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi16(_mm_subs_epu16(tv, x), _mm_setzero_si128()));
            if (ge) return k + (uint32_t)__builtin_ctz(ge) / 2;
        }
    }
#endif
    switch (it->w[0]) {
    case 0: break;
    case 1: while (p[k] < t) k++; break;
    case 2: while ((p[2 * k] | (uint32_t)p[2 * k + 1] << 8) < t) k++; break;
    default: while (ix_rd32(p + 4 * (size_t)k) < t) k++; break;
    }
    return k;
}

/* Block b's last document (the first field of its entry). */
static inline uint32_t blk_last(const ix_post *it, uint32_t b)
{
    return ix_rd32((const uint8_t *)it->blk + (size_t)b * sizeof(ix_blk_ent));
}

/* First block whose last document is >= target, from block `from`. */
static uint32_t find_block(const ix_post *it, uint32_t from, uint32_t target)
{
    uint32_t n = it->n_blk;
    if (from >= n || blk_last(it, from) >= target) return from;
    /* gallop first: targets are usually near (lo's last document stays
     * below target, hi's is not: the answer is in (lo, hi]) */
    uint32_t lo = from, step = 1;
    while (lo + step < n && blk_last(it, lo + step) < target) {
        lo += step;
        step *= 2;
    }
    uint32_t hi = lo + step < n ? lo + step : n;
    lo++;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (blk_last(it, mid) < target) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

void ix_post_seek(ix_post *it, uint32_t target)
{
    if (it->err) return;
    if (it->b != IX_NONE && (it->doc == IX_NONE || it->doc >= target)) return; /* exhausted, or there */
    uint32_t b = it->b, k;
    if (b == IX_NONE || it->base + it->last_off < target) {
        b = find_block(it, b == IX_NONE ? 0 : b, target);
        if (b >= it->n_blk) {
            it->doc = IX_NONE;
            it->b = it->n_blk;
            return;
        }
        if (enter_block(it, b)) return post_fail(it);
        k = 0;
    } else {
        k = it->k + 1;
    }
    uint32_t k0 = k;
    k = scan_offsets(it, k, target > it->base ? target - it->base : 0);
    it->decoded += k + 1 - k0;
    if (set_current(it, k, field_get(it->f[0], it->w[0], k))) post_fail(it);
}

/* ix_post_seek past the current block, which the iterator is on the last
 * posting of: the next block's first posting, without a search for the
 * block or the offset (a block whose last document does not follow the
 * current one's goes the long way, as the seek would). */
static void next_block(ix_post *it)
{
    uint32_t target = it->base + it->last_off + 1, b = it->b + 1;
    if (b >= it->n_blk) {
        it->doc = IX_NONE;
        it->b = it->n_blk;
        return;
    }
    if (blk_last(it, b) < target) {
        ix_post_seek(it, target);
        return;
    }
    if (enter_block(it, b)) return post_fail(it);
    it->decoded++;
    if (set_current(it, 0, field_get(it->f[0], it->w[0], 0))) post_fail(it);
}

/* Values k..k+n-1 of a block field of w bytes a value at p, into out (one
 * loop per width: the width is not asked per value). */
static inline void field_run(const uint8_t *restrict p, unsigned w, uint32_t k, uint32_t n,
                             uint32_t *restrict out)
{
    const uint8_t *q = p + (size_t)w * k;
    switch (w) {
    case 0: for (uint32_t j = 0; j < n; j++) out[j] = 0; break;
    case 1: for (uint32_t j = 0; j < n; j++) out[j] = q[j]; break;
    case 2: for (uint32_t j = 0; j < n; j++) out[j] = q[2 * j] | (uint32_t)q[2 * j + 1] << 8; break;
    default: for (uint32_t j = 0; j < n; j++) out[j] = ix_rd32(q + 4 * j); break;
    }
}

/* Values k..k+IX_BLOCK-1 of a block field (the bytes lie in DOCS:
 * ix_post.room): a fixed count the compiler turns into straight vector
 * code, where a run's own count leaves a loop and its tail. */
static inline void field_block(const uint8_t *restrict p, unsigned w, uint32_t k,
                               uint32_t *restrict out)
{
    field_run(p, w, k, IX_BLOCK, out);
}

#ifdef __SSE2__
/* run_fields' checks of a whole block's worth, four postings at a time
 * (the compiler leaves the plain loops scalar): *big ORs the offsets and
 * counts of postings 0..rest-1, *neg ORs the differences whose sign bit
 * is set when a lead exceeds its count, a posting has no occurrence or an
 * offset does not exceed the one before. */
static inline void block_checks(const uint32_t *off, const uint32_t *nt, const uint32_t *nb,
                                const uint32_t *ld, uint32_t rest, uint32_t *big, uint32_t *neg)
{
    const __m128i m15 = _mm_set1_epi32(15), one = _mm_set1_epi32(1), four = _mm_set1_epi32(4);
    const __m128i vrest = _mm_set1_epi32((int)rest); /* <= IX_BLOCK: signed compares serve */
    __m128i idx = _mm_setr_epi32(0, 1, 2, 3), vbig = _mm_setzero_si128(), vneg = vbig, prev = vbig;
    /* unrolled whole, the loop's registers spill */
#pragma GCC unroll 1
    for (uint32_t j = 0; j < IX_BLOCK; j += 4) {
        __m128i in = _mm_cmplt_epi32(idx, vrest);
        __m128i o = _mm_loadu_si128((const __m128i *)(const void *)(off + j));
        __m128i t = _mm_loadu_si128((const __m128i *)(const void *)(nt + j));
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(nb + j));
        __m128i l = _mm_loadu_si128((const __m128i *)(const void *)(ld + j));
        vbig = _mm_or_si128(vbig, _mm_and_si128(_mm_or_si128(o, _mm_or_si128(t, b)), in));
        __m128i d = _mm_or_si128(_mm_sub_epi32(t, _mm_srli_epi32(l, 4)), _mm_sub_epi32(b, _mm_and_si128(l, m15)));
        d = _mm_or_si128(d, _mm_sub_epi32(_mm_add_epi32(t, b), one));
        /* offset j - offset j-1 - 1, the previous lanes shifted in (none before 0) */
        __m128i before = _mm_or_si128(_mm_slli_si128(o, 4), _mm_srli_si128(prev, 12));
        __m128i step = _mm_sub_epi32(_mm_sub_epi32(o, before), one);
        if (j == 0) step = _mm_and_si128(step, _mm_setr_epi32(0, -1, -1, -1));
        vneg = _mm_or_si128(vneg, _mm_and_si128(_mm_or_si128(d, step), in));
        prev = o;
        idx = _mm_add_epi32(idx, four);
    }
    vbig = _mm_or_si128(vbig, _mm_srli_si128(vbig, 8));
    vbig = _mm_or_si128(vbig, _mm_srli_si128(vbig, 4));
    vneg = _mm_or_si128(vneg, _mm_srli_si128(vneg, 8));
    vneg = _mm_or_si128(vneg, _mm_srli_si128(vneg, 4));
    *big = (uint32_t)_mm_cvtsi128_si32(vbig);
    *neg = (uint32_t)_mm_cvtsi128_si32(vneg);
}
#endif

/* The run's cnt values of each field from posting k into off, nt, nb and
 * ld; non-zero when they do not hold together.  A block's postings from k
 * to its end are checked at its first run from k, not again at later runs
 * (it->valid_from). */
static uint32_t run_fields(ix_post *it, uint32_t k, uint32_t cnt, uint32_t *restrict off,
                           uint32_t *restrict nt, uint32_t *restrict nb, uint32_t *restrict ld)
{
    uint32_t bad = 0;
    if (it->room) { /* a whole block's worth, the values past the block masked */
        field_block(it->f[0], it->w[0], k, off);
        field_block(it->f[1], it->w[1], k, nt);
        field_block(it->f[2], it->w[2], k, nb);
        field_block(it->f[3], it->w[3], k, ld);
        if (k >= it->valid_from) return 0;
        uint32_t rest = it->cnt - k;
        /* values below 2^28 (big), the checks below are differences whose
         * sign bit is set when they fail: plain vector arithmetic */
        uint32_t big = 0, neg = 0;
#ifdef __SSE2__
        block_checks(off, nt, nb, ld, rest, &big, &neg);
#else
        for (uint32_t j = 0; j < IX_BLOCK; j++) {
            uint32_t in = 0u - (uint32_t)(j < rest);
            big |= (off[j] | nt[j] | nb[j]) & in;
            neg |= ((nt[j] - (ld[j] >> 4)) | (nb[j] - (ld[j] & 15)) | (nt[j] + nb[j] - 1)) & in;
        }
        for (uint32_t j = 1; j < IX_BLOCK; j++)
            neg |= (off[j] - off[j - 1] - 1) & (0u - (uint32_t)(j < rest));
#endif
        if (big < (1u << 28)) {
            if (!(neg >> 31)) it->valid_from = k;
            return neg >> 31;
        }
    } else {
        field_run(it->f[0], it->w[0], k, cnt, off);
        field_run(it->f[1], it->w[1], k, cnt, nt);
        field_run(it->f[2], it->w[2], k, cnt, nb);
        field_run(it->f[3], it->w[3], k, cnt, ld);
    }
    for (uint32_t j = 0; j < cnt; j++)
        bad |= ((ld[j] >> 4) > nt[j]) | ((ld[j] & 15) > nb[j]) | (nt[j] + nb[j] == 0) |
               (nt[j] > (1u << 28)) | (nb[j] > (1u << 28));
    for (uint32_t j = 1; j < cnt; j++) bad |= off[j] <= off[j - 1];
    if (!it->room) /* defined past the run */
        for (uint32_t j = cnt; j < IX_BLOCK; j++) off[j] = nt[j] = nb[j] = ld[j] = 0;
    return bad;
}

uint32_t ix_post_run(ix_post *it, uint32_t end, ix_run *r)
{
    r->n = 0;
    if (it->doc >= end || it->err) return 0;
    /* the current posting and the block's following ones below end (their
     * offsets ascend up to the last's), a field at a time */
    uint32_t k = it->k, stop = it->cnt;
    uint32_t lim = end - it->base <= it->last_off ? end - it->base : it->last_off + 1;
    uint32_t kend = lim > it->last_off ? stop : scan_offsets(it, k + 1, lim);
    uint32_t cnt = kend - k, ld[IX_BLOCK];
    uint32_t *off = r->doc, *nt = r->cnt[FH_FIELD_TITLE], *nb = r->cnt[FH_FIELD_BODY];
    if (run_fields(it, k, cnt, off, nt, nb, ld)) {
        post_fail(it);
        return 0;
    }
    uint32_t last = off[cnt - 1], base = it->base;
    for (uint32_t j = 0; j < IX_BLOCK; j++) { /* past cnt: values never read */
        off[j] += base; /* the documents */
        r->lead[FH_FIELD_TITLE][j] = ld[j] >> 4;
        r->lead[FH_FIELD_BODY][j] = ld[j] & 15;
    }
    r->n = cnt;
    it->decoded += cnt;
    if (kend < stop) {
        uint32_t o = field_get(it->f[0], it->w[0], kend);
        if (o <= last || set_current(it, kend, o)) post_fail(it);
    } else {
        it->k = stop - 1; /* the block's last one: the next block follows */
        next_block(it);
    }
    return cnt;
}

size_t ix_post_take(ix_post *it, uint32_t end, ix_posting *out, size_t cap)
{
    size_t n = 0;
    ix_run r;
    while (n + IX_BLOCK <= cap && ix_post_run(it, end, &r))
        for (uint32_t j = 0; j < r.n; j++)
            out[n++] = (ix_posting){r.doc[j], {r.cnt[0][j], r.cnt[1][j]}, {r.lead[0][j], r.lead[1][j]}};
    return n;
}

uint32_t ix_post_block_at(const ix_post *it, uint32_t target, float *max_tfw)
{
    uint32_t from = it->b == IX_NONE || it->b >= it->n_blk ? 0 : it->b;
    if (it->b != IX_NONE && it->b >= it->n_blk) return IX_NONE;
    uint32_t b = find_block(it, from, target);
    if (b >= it->n_blk) return IX_NONE;
    ix_blk_ent e = blk_get(it, b);
    *max_tfw = e.max_tfw;
    return e.last_doc;
}

uint32_t ix_post_block_from(const ix_post *it, uint32_t *hint, uint32_t target, float *max_tfw)
{
    if (it->b != IX_NONE && it->b >= it->n_blk) return IX_NONE;
    uint32_t from = it->b == IX_NONE ? 0 : it->b;
    /* the hint serves when no earlier block holds target */
    if (*hint > from && *hint < it->n_blk && blk_last(it, *hint - 1) < target) from = *hint;
    uint32_t b = find_block(it, from, target);
    if (b >= it->n_blk) return IX_NONE;
    *hint = b;
    ix_blk_ent e = blk_get(it, b);
    *max_tfw = e.max_tfw;
    return e.last_doc;
}

int ix_post_window_max(const ix_post *it, uint32_t from, uint32_t to, float *max_tfw)
{
    *max_tfw = 0;
    if (from >= to || (it->b != IX_NONE && it->b >= it->n_blk)) return 0;
    uint32_t b = it->b == IX_NONE ? 0 : it->b;
    b = find_block(it, b, from);
    int n = 0;
    for (; b < it->n_blk; b++) { /* one pass over the blocks, no search per block */
        ix_blk_ent e = blk_get(it, b);
        n++;
        if (e.max_tfw > *max_tfw) *max_tfw = e.max_tfw;
        if (e.last_doc >= to - 1) break;
    }
    return n;
}

/* The sum of values k..k+n-1 of a block field of w bytes a value at p. */
static uint64_t field_sum(const uint8_t *p, unsigned w, uint32_t k, uint32_t n)
{
    const uint8_t *q = p + (size_t)w * k;
    uint64_t s = 0;
    switch (w) {
    case 0: break;
    case 1: for (uint32_t j = 0; j < n; j++) s += q[j]; break;
    case 2: for (uint32_t j = 0; j < n; j++) s += q[2 * j] | (uint32_t)q[2 * j + 1] << 8; break;
    default: for (uint32_t j = 0; j < n; j++) s += ix_rd32(q + 4 * j); break;
    }
    return s;
}

/* The positions stored for postings k..k+n-1 of the current block (n <
 * IX_BLOCK): the sum of their title and body counts. */
static uint64_t count_sum(const ix_post *it, uint32_t k, uint32_t n)
{
#ifdef __SSE2__
    /* one-byte counts with the block's room past them: 32 bytes of each
     * field at once, those from n on masked, summed by psadbw */
    if (it->room && it->w[1] == 1 && it->w[2] == 1) {
        const __m128i lo = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        const __m128i hi = _mm_add_epi8(lo, _mm_set1_epi8(16)), nv = _mm_set1_epi8((char)n);
        const __m128i mlo = _mm_cmplt_epi8(lo, nv), mhi = _mm_cmplt_epi8(hi, nv), z = _mm_setzero_si128();
        const uint8_t *t = it->f[1] + k, *b = it->f[2] + k;
        __m128i s = _mm_add_epi64(
            _mm_add_epi64(_mm_sad_epu8(_mm_and_si128(_mm_loadu_si128((const __m128i *)(const void *)t), mlo), z),
                          _mm_sad_epu8(_mm_and_si128(_mm_loadu_si128((const __m128i *)(const void *)(t + 16)), mhi), z)),
            _mm_add_epi64(_mm_sad_epu8(_mm_and_si128(_mm_loadu_si128((const __m128i *)(const void *)b), mlo), z),
                          _mm_sad_epu8(_mm_and_si128(_mm_loadu_si128((const __m128i *)(const void *)(b + 16)), mhi), z)));
        s = _mm_add_epi64(s, _mm_unpackhi_epi64(s, s));
        return (uint64_t)(uint32_t)_mm_cvtsi128_si32(s);
    }
#endif
    return field_sum(it->f[1], it->w[1], k, n) + field_sum(it->f[2], it->w[2], k, n);
}

/* Skip k varints from *p (bounded by end). */
static inline int skip_varints(const uint8_t **p, const uint8_t *end, uint64_t k)
{
    const uint8_t *q = *p;
    if (k == 0) return 0;
#ifdef __SSE2__
    /* 32 bytes at a time while all the varints ending in them are to be
     * skipped: a byte with its high bit clear ends one (a signed byte > -1),
     * counted per byte and summed by psadbw */
    const __m128i m1 = _mm_set1_epi8(-1), z = _mm_setzero_si128();
    while (end - q >= 32) {
        __m128i a = _mm_cmpgt_epi8(_mm_loadu_si128((const __m128i *)(const void *)q), m1);
        __m128i b = _mm_cmpgt_epi8(_mm_loadu_si128((const __m128i *)(const void *)(q + 16)), m1);
        __m128i s = _mm_sad_epu8(_mm_sub_epi8(z, _mm_add_epi8(a, b)), z);
        uint32_t ends = (uint32_t)_mm_cvtsi128_si32(s) + (uint32_t)_mm_cvtsi128_si32(_mm_unpackhi_epi64(s, s));
        if (ends >= k) break;
        k -= ends;
        q += 32;
    }
#endif
    /* then eight bytes at a time likewise */
    while (end - q >= 8) {
        uint64_t w;
        memcpy(&w, q, 8);
        /* byte i of pre: the ending bytes among bytes 0..i (at most 8), the
         * multiply's prefix sums; its top byte counts the whole word */
        uint64_t pre = ((~w & 0x8080808080808080ull) >> 7) * 0x0101010101010101ull;
        if (pre >> 56 >= k) { /* the k-th ending byte is the first with pre >= k (k <= 8) */
            uint64_t ge = ((pre | 0x8080808080808080ull) - k * 0x0101010101010101ull) & 0x8080808080808080ull;
            *p = q + __builtin_ctzll(ge) / 8 + 1;
            return 0;
        }
        k -= pre >> 56;
        q += 8;
    }
    while (k > 0) {
        if (q >= end) return -1;
        if (!(*q++ & 0x80)) k--;
    }
    *p = q;
    return 0;
}

/* One field's n positions from *p (bounded by end) into out[], their
 * bare flags into bare[] (if not NULL); -1 when they run past end, past
 * 32 bits or do not ascend strictly.  The stored values only grow, so the
 * 32-bit bound is checked once at the end, on a 64-bit sum. */
static inline int read_list(const uint8_t **pp, const uint8_t *end, uint32_t n, uint32_t *restrict out,
                            uint8_t *restrict bare)
{
    const uint8_t *p = *pp;
    uint64_t v = 0, lim = 0; /* lim: the least position the next may have */
    uint32_t bad = 0;
    for (uint32_t j = 0; j < n; j++) {
        uint32_t d;
        if (p < end && *p < 0x80) d = *p++; /* the common one-byte case */
        else if (ix_get_varint(&p, end, &d)) return -1;
        v += d;
        uint64_t pos = v >> 1;
        bad |= pos < lim;
        lim = pos + 1;
        out[j] = (uint32_t)pos;
        if (bare) bare[j] = (uint8_t)(v & 1);
    }
    if (bad || v > UINT32_MAX) return -1;
    *pp = p;
    return 0;
}

int ix_post_positions(ix_post *it, uint32_t *out, uint8_t *bare, size_t cap)
{
    if (it->doc == IX_NONE || it->err) return -1;
    const uint8_t *end = it->seg->s[IX_S_POS].p + it->pos_end;
    const uint8_t *p = it->cp;
    if (it->pk != it->k + 1) { /* skip the lists of the postings passed since */
        if (it->pk > it->k) return -1;
        uint64_t pend = count_sum(it, it->pk, it->k - it->pk);
        p = it->pp;
        if (skip_varints(&p, end, pend)) return -1;
        it->cp = p;
    } else {
        p = it->cp;
    }
    uint32_t total = it->n[0] + it->n[1];
    if (!out) { /* only pass them: it->cp .. it->pp is the raw list */
        if (skip_varints(&p, end, total)) return -1;
        it->pp = p;
        it->pk = it->k + 1;
        return (int)total;
    }
    if (total > cap) return -1;
    if (read_list(&p, end, it->n[0], out, bare) ||
        read_list(&p, end, it->n[1], out + it->n[0], bare ? bare + it->n[0] : NULL))
        return -1;
    it->pp = p;
    it->pk = it->k + 1;
    return (int)total;
}
