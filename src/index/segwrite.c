/*
 * segwrite.c - writing a segment file (format in ix.h) as a stream: the
 * documents' columns first, then the terms in ascending order with their
 * postings.  Postings, positions and block tables go to unlinked temporary
 * files beside the segment as they come, and so do the dictionary's
 * strings and entries, and so do the row id and value columns: memory
 * stays bounded by the field lengths (8 bytes a document, which every
 * posting's bound reads) however many terms the segment holds; finish
 * assembles the file, fsyncs it and renames it into place.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ix.h"
#include "fnv.h"

typedef struct stream {
    int fd;
    uint8_t *buf;
    size_t n, cap;
    uint64_t written; /* bytes flushed to fd */
} stream;

typedef struct grow {
    uint8_t *p;
    size_t n, cap;
} grow;

static int grow_add(grow *g, const void *p, size_t n);

/* The values of one kind (source, category, date), interned as they come:
 * documents keep only ids (open addressing over a pool of strings). */
typedef struct strtab {
    grow pool;          /* NUL-terminated strings */
    uint32_t *slots;    /* 1 + index into ids (0 = free) */
    size_t nslots;
    uint32_t *offs;     /* per kind: pool offsets of its values, in id order */
    size_t n, cap;
} strtab;

static uint32_t hash_str(const char *s)
{
    return fh_fnv(s, strlen(s));
}

/* The 1-based id of s in t (added when new); 0 on allocation failure. */
static uint32_t strtab_id(strtab *t, const char *s)
{
    if ((t->n + 1) * 2 > t->nslots) {
        size_t ns = t->nslots ? t->nslots * 2 : 64;
        uint32_t *sl = calloc(ns, sizeof *sl);
        if (!sl) return 0;
        for (size_t i = 0; i < t->n; i++) {
            size_t j = hash_str((const char *)t->pool.p + t->offs[i]) & (ns - 1);
            while (sl[j]) j = (j + 1) & (ns - 1);
            sl[j] = (uint32_t)i + 1;
        }
        free(t->slots);
        t->slots = sl;
        t->nslots = ns;
    }
    size_t j = hash_str(s) & (t->nslots - 1);
    for (; t->slots[j]; j = (j + 1) & (t->nslots - 1))
        if (!strcmp((const char *)t->pool.p + t->offs[t->slots[j] - 1], s)) return t->slots[j];
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        uint32_t *o = realloc(t->offs, cap * sizeof *o);
        if (!o) return 0;
        t->offs = o;
        t->cap = cap;
    }
    if (t->pool.n > UINT32_MAX - 4096) return 0;
    t->offs[t->n] = (uint32_t)t->pool.n;
    if (grow_add(&t->pool, s, strlen(s) + 1)) return 0;
    t->slots[j] = (uint32_t)++t->n;
    return (uint32_t)t->n;
}

struct ix_segw {
    char *path, *tmp;
    uint32_t n_docs;
    uint64_t instance, id;
    uint32_t (*lens)[FH_FIELDS]; /* [n_docs] */
    uint32_t n_set;        /* documents whose columns are set (in order) */
    uint64_t len_total[FH_FIELDS];
    int64_t last_rowid;
    int by_rowid;          /* documents so far in ascending row id order */
    strtab kinds[IX_FACETS];
    double avg[FH_FIELDS];
    int avg_known;
    stream rowids, facets; /* the ROWID and FACET sections as they come */
    stream docs, pos, blk;
    stream tstr, term;     /* term strings and entries */
    ix_term_ent cur;       /* the current term's entry, written when it ends */
    uint32_t n_terms, n_blocks;
    /* the current term */
    int in_term;
    uint32_t df, last_doc, blk_count;
    /* the current block's postings, packed when it ends (ix.h) */
    uint32_t b_base; /* the first document the block could hold */
    uint32_t b_off[IX_BLOCK], b_nt[IX_BLOCK], b_nb[IX_BLOCK], b_lead[IX_BLOCK];
    uint64_t t_doc_off, t_pos_off; /* where the term starts in DOCS / POS */
    uint64_t b_doc_off, b_pos_off; /* where the current block starts */
    float t_max, b_max;
    int failed;
    char err[256];
};

static int fail(ix_segw *w, int rc, const char *what)
{
    if (!w->failed) snprintf(w->err, sizeof w->err, "%s: %s", w->path, what);
    w->failed = rc;
    return rc;
}

const char *ix_segw_error(const ix_segw *w)
{
    return w ? w->err : "out of memory";
}

static int grow_add(grow *g, const void *p, size_t n)
{
    if (g->n + n > g->cap) {
        size_t cap = g->cap ? g->cap : 4096;
        while (cap < g->n + n) cap *= 2;
        uint8_t *q = realloc(g->p, cap);
        if (!q) return IX_ENOMEM;
        g->p = q;
        g->cap = cap;
    }
    memcpy(g->p + g->n, p, n);
    g->n += n;
    return IX_OK;
}

/* A temporary file in the segment's directory, unlinked at once. */
static int stream_open(ix_segw *w, stream *s, const char *suffix, size_t cap)
{
    size_t n = strlen(w->path) + 16;
    char *name = malloc(n);
    if (!name) return IX_ENOMEM;
    snprintf(name, n, "%s.%s", w->path, suffix);
    s->fd = open(name, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (s->fd >= 0) unlink(name);
    free(name);
    s->cap = cap;
    s->buf = malloc(s->cap);
    if (s->fd < 0 || !s->buf) return IX_EIO;
    return IX_OK;
}

static int write_all(int fd, const void *p, size_t n)
{
    const uint8_t *b = p;
    while (n > 0) {
        ssize_t k = write(fd, b, n);
        if (k < 0) {
            if (errno == EINTR) continue;
            return IX_EIO;
        }
        b += k;
        n -= (size_t)k;
    }
    return IX_OK;
}

static int stream_flush(stream *s)
{
    if (!s->n) return IX_OK;
    if (write_all(s->fd, s->buf, s->n)) return IX_EIO;
    s->written += s->n;
    s->n = 0;
    return IX_OK;
}

static int stream_add(stream *s, const void *p, size_t n)
{
    if (s->n + n > s->cap) {
        if (stream_flush(s)) return IX_EIO;
        if (n > s->cap) {
            if (write_all(s->fd, p, n)) return IX_EIO;
            s->written += n;
            return IX_OK;
        }
    }
    memcpy(s->buf + s->n, p, n);
    s->n += n;
    return IX_OK;
}

static uint64_t stream_size(const stream *s)
{
    return s->written + s->n;
}

static void stream_close(stream *s)
{
    if (s->fd >= 0) close(s->fd);
    free(s->buf);
    memset(s, 0, sizeof *s);
}

int ix_segw_open(ix_segw **out, const char *path, uint32_t n_docs, uint64_t instance,
                 uint64_t id)
{
    *out = NULL;
    ix_segw *w = calloc(1, sizeof *w);
    if (!w) return IX_ENOMEM;
    w->docs.fd = w->pos.fd = w->blk.fd = w->tstr.fd = w->term.fd = -1;
    w->rowids.fd = w->facets.fd = -1;
    w->by_rowid = 1;
    w->n_docs = n_docs;
    w->instance = instance;
    w->id = id;
    size_t n = strlen(path);
    w->path = malloc(n + 1);
    w->tmp = malloc(n + 8);
    w->lens = malloc((n_docs ? n_docs : 1) * sizeof *w->lens);
    if (!w->path || !w->tmp || !w->lens) {
        ix_segw_abort(w);
        return IX_ENOMEM;
    }
    memcpy(w->path, path, n + 1);
    snprintf(w->tmp, n + 8, "%s.tmp", path);
    *out = w;
    size_t big = (size_t)1 << 16, small = (size_t)1 << 14;
    if (stream_open(w, &w->docs, "d", big) || stream_open(w, &w->pos, "p", big) ||
        stream_open(w, &w->blk, "b", big) || stream_open(w, &w->tstr, "s", big) ||
        stream_open(w, &w->term, "t", big) || stream_open(w, &w->rowids, "r", small) ||
        stream_open(w, &w->facets, "f", small))
        return fail(w, IX_EIO, strerror(errno));
    return IX_OK;
}

static char *dup_or_null(const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

int ix_segw_doc(ix_segw *w, uint32_t doc, const ix_doc_cols *c)
{
    if (w->failed) return w->failed;
    if (doc != w->n_set || doc >= w->n_docs || w->avg_known) return fail(w, IX_EARG, "bad column call");
    uint32_t fac[IX_FACETS]; /* ids into kinds[], 0: none */
    for (int k = 0; k < IX_FACETS; k++) {
        const char *v = c->facet[k];
        fac[k] = v && *v ? strtab_id(&w->kinds[k], v) : 0;
        if (v && *v && !fac[k]) return fail(w, IX_ENOMEM, "out of memory");
    }
    for (int f = 0; f < FH_FIELDS; f++) {
        w->lens[doc][f] = c->len[f];
        w->len_total[f] += c->len[f];
    }
    if (doc && c->rowid <= w->last_rowid) w->by_rowid = 0;
    w->last_rowid = c->rowid;
    if (stream_add(&w->rowids, &c->rowid, sizeof c->rowid) || stream_add(&w->facets, fac, sizeof fac))
        return fail(w, IX_EIO, strerror(errno));
    w->n_set++;
    return IX_OK;
}

double ix_tfw(const uint32_t n[FH_FIELDS], const uint32_t lead[FH_FIELDS],
              const uint32_t len[FH_FIELDS], const double avg[FH_FIELDS])
{
    double tf[FH_FIELDS], dl[FH_FIELDS];
    for (int f = 0; f < FH_FIELDS; f++) {
        tf[f] = ix_tf_field(n[f], lead[f]);
        dl[f] = fh_rank_dlnorm((double)len[f], avg[f]);
    }
    return fh_rank_tfw(tf, dl, fh_rank_field_weight, FH_FIELDS);
}

/* A float no smaller than x (the bounds must stay safe). */
static float float_up(double x)
{
    float f = (float)x;
    if ((double)f < x) f = nextafterf(f, INFINITY);
    return f;
}

/* Bytes per value that hold the largest of v[0..n): 0, 1, 2 or 4. */
static unsigned width_of(const uint32_t *v, uint32_t n)
{
    uint32_t m = 0;
    for (uint32_t i = 0; i < n; i++) m |= v[i];
    return !m ? 0 : m < 0x100 ? 1 : m < 0x10000 ? 2 : 4;
}

/* v[0..n) as n little-endian values of w bytes at out; the bytes written. */
static size_t pack(uint8_t *out, const uint32_t *v, uint32_t n, unsigned w)
{
    for (uint32_t i = 0; i < n; i++)
        for (unsigned b = 0; b < w; b++) out[(size_t)i * w + b] = (uint8_t)(v[i] >> (8 * b));
    return (size_t)n * w;
}

/* The current block's postings into DOCS (ix.h's block layout). */
static int write_block(ix_segw *w)
{
    uint8_t buf[IX_BLOCK_HEAD + 4 * 4 * IX_BLOCK];
    const uint32_t *col[IX_BLOCK_HEAD] = {w->b_off, w->b_nt, w->b_nb, w->b_lead};
    size_t k = IX_BLOCK_HEAD;
    for (int c = 0; c < IX_BLOCK_HEAD; c++) {
        unsigned wd = width_of(col[c], w->blk_count);
        buf[c] = (uint8_t)wd;
        k += pack(buf + k, col[c], w->blk_count, wd);
    }
    if (stream_add(&w->docs, buf, k)) return fail(w, IX_EIO, strerror(errno));
    return IX_OK;
}

static int end_block(ix_segw *w)
{
    if (!w->blk_count) return IX_OK;
    w->b_doc_off = stream_size(&w->docs);
    if (write_block(w)) return w->failed;
    uint64_t drel = w->b_doc_off - w->t_doc_off, prel = w->b_pos_off - w->t_pos_off;
    if (drel > UINT32_MAX || prel > UINT32_MAX) return fail(w, IX_EARG, "a term's postings exceed 4 GB");
    ix_blk_ent e = {w->last_doc, (uint32_t)drel, (uint32_t)prel, w->b_max};
    if (stream_add(&w->blk, &e, sizeof e)) return fail(w, IX_EIO, strerror(errno));
    w->n_blocks++;
    w->blk_count = 0;
    w->b_max = 0;
    return IX_OK;
}

static int end_term(ix_segw *w)
{
    if (!w->in_term) return IX_OK;
    w->in_term = 0;
    if (end_block(w)) return w->failed;
    /* the entry begun by ix_segw_term, with what is known now */
    w->cur.df = w->df;
    w->cur.max_tfw = w->t_max;
    if (!w->df) return fail(w, IX_EARG, "a term without postings");
    if (stream_add(&w->term, &w->cur, sizeof w->cur)) return fail(w, IX_EIO, strerror(errno));
    return IX_OK;
}

static int ensure_avg(ix_segw *w)
{
    if (w->avg_known) return IX_OK;
    if (w->n_set != w->n_docs) return fail(w, IX_EARG, "a document without columns");
    for (int f = 0; f < FH_FIELDS; f++)
        w->avg[f] = w->n_docs ? (double)w->len_total[f] / (double)w->n_docs : 1.0;
    w->avg_known = 1;
    return IX_OK;
}

int ix_segw_term(ix_segw *w, const char *t, size_t n)
{
    if (w->failed) return w->failed;
    if (ensure_avg(w)) return w->failed;
    if (end_term(w)) return w->failed;
    if (stream_size(&w->tstr) + n > UINT32_MAX || w->n_terms == IX_NONE - 1)
        return fail(w, IX_EARG, "too many terms");
    ix_term_ent e = {(uint32_t)stream_size(&w->tstr), 0, w->n_blocks, 0, stream_size(&w->docs),
                     stream_size(&w->pos)};
    if (stream_add(&w->tstr, t, n)) return fail(w, IX_EIO, strerror(errno));
    w->cur = e;
    w->n_terms++;
    w->in_term = 1;
    w->df = 0;
    w->blk_count = 0;
    w->t_doc_off = w->b_doc_off = e.doc_off;
    w->t_pos_off = w->b_pos_off = e.pos_off;
    w->t_max = w->b_max = 0;
    return IX_OK;
}

int ix_segw_posting(ix_segw *w, uint32_t doc, const uint32_t n[FH_FIELDS],
                    const uint32_t lead[FH_FIELDS], const uint8_t *pos, size_t pos_len)
{
    if (w->failed) return w->failed;
    if (!w->in_term || doc >= w->n_docs || (w->df && doc <= w->last_doc) ||
        lead[0] > n[0] || lead[1] > n[1] || lead[0] > 15 || lead[1] > 15 || n[0] + n[1] == 0)
        return fail(w, IX_EARG, "bad posting");
    if (w->blk_count == 0) w->b_pos_off = stream_size(&w->pos);
    uint32_t b = w->blk_count;
    if (b == 0) w->b_base = w->df ? w->last_doc + 1 : 0;
    w->b_off[b] = doc - w->b_base;
    w->b_nt[b] = n[0];
    w->b_nb[b] = n[1];
    w->b_lead[b] = lead[0] << 4 | lead[1];
    if (stream_add(&w->pos, pos, pos_len)) return fail(w, IX_EIO, strerror(errno));
    float t = float_up(ix_tfw(n, lead, w->lens[doc], w->avg));
    if (t > w->b_max) w->b_max = t;
    if (t > w->t_max) w->t_max = t;
    w->last_doc = doc;
    w->df++;
    if (++w->blk_count == IX_BLOCK) return end_block(w);
    return IX_OK;
}

/* ------------------------------------------------------------------ */
/* Assembling the file                                                 */
/* ------------------------------------------------------------------ */

typedef struct out {
    int fd;
    uint64_t at;
    uint32_t crc;
    uint64_t off[IX_N_SECTIONS], len[IX_N_SECTIONS];
} out;

static int out_add(out *o, const void *p, size_t n)
{
    if (write_all(o->fd, p, n)) return IX_EIO;
    o->crc = ix_crc32(o->crc, p, n);
    o->at += n;
    return IX_OK;
}

static int out_section_mem(out *o, int s, const void *p, size_t n)
{
    o->off[s] = o->at;
    o->len[s] = n;
    return n ? out_add(o, p, n) : IX_OK;
}

static int out_section_stream(out *o, int s, stream *st)
{
    if (stream_flush(st) || lseek(st->fd, 0, SEEK_SET) != 0) return IX_EIO;
    o->off[s] = o->at;
    o->len[s] = st->written;
    uint64_t left = st->written;
    while (left > 0) {
        ssize_t k = read(st->fd, st->buf, left < st->cap ? left : st->cap);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return IX_EIO;
        if (out_add(o, st->buf, (size_t)k)) return IX_EIO;
        left -= (uint64_t)k;
    }
    return IX_OK;
}

typedef struct rowid_doc {
    int64_t rowid;
    uint32_t doc;
} rowid_doc;

static int cmp_rowid(const void *a, const void *b)
{
    const rowid_doc *x = a, *y = b;
    if (x->rowid != y->rowid) return x->rowid < y->rowid ? -1 : 1;
    return x->doc < y->doc ? -1 : x->doc > y->doc;
}

/* The BYROWID section: local documents in ascending row id order.  Most
 * segments are in that order already (written as it counts up, no array);
 * the others sort their row ids read back from the ROWID stream. */
static int out_by_rowid(ix_segw *w, out *o)
{
    size_t n = w->n_docs;
    o->off[IX_S_BYROWID] = o->at;
    o->len[IX_S_BYROWID] = 4 * n;
    if (w->by_rowid) {
        uint32_t buf[2048];
        for (size_t i = 0; i < n;) {
            size_t k = 0;
            for (; k < 2048 && i < n; k++, i++) buf[k] = (uint32_t)i;
            if (out_add(o, buf, 4 * k)) return IX_EIO;
        }
        return IX_OK;
    }
    rowid_doc *rd = malloc((n + 1) * sizeof *rd);
    if (!rd) return IX_ENOMEM;
    int rc = IX_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        int64_t r;
        if (pread(w->rowids.fd, &r, 8, (off_t)(8 * i)) != 8) rc = IX_EIO;
        rd[i] = (rowid_doc){r, (uint32_t)i};
    }
    if (!rc) qsort(rd, n, sizeof *rd, cmp_rowid);
    uint32_t *by = (uint32_t *)rd; /* in place: each 4-byte slot is read before it is written */
    for (size_t i = 0; i < n && !rc; i++) by[i] = rd[i].doc;
    if (!rc && n && out_add(o, by, 4 * n)) rc = IX_EIO;
    free(rd);
    return rc;
}

/* Columns, string pool and dictionaries, in the layout of ix.h (the row
 * id and value columns from their streams, the lengths from memory). */
_Static_assert(sizeof(((ix_segw *)0)->lens[0]) == 8, "the LEN section's width (ix.h)");
static int write_columns(ix_segw *w, out *o)
{
    size_t n = w->n_docs;
    strtab *kinds = w->kinds;
    grow strs = {0}, dict = {0};
    int rc = IX_OK;
    for (int k = 0; k < IX_FACETS && !rc; k++) {
        uint32_t cnt = (uint32_t)kinds[k].n, base = (uint32_t)strs.n;
        if (grow_add(&dict, &cnt, 4)) rc = IX_ENOMEM;
        for (size_t i = 0; i < kinds[k].n && !rc; i++) {
            uint32_t off = base + kinds[k].offs[i];
            if (grow_add(&dict, &off, 4)) rc = IX_ENOMEM;
        }
        if (!rc && kinds[k].pool.n && (strs.n + kinds[k].pool.n > UINT32_MAX || grow_add(&strs, kinds[k].pool.p, kinds[k].pool.n)))
            rc = IX_ENOMEM;
    }
    if (!rc && strs.n == 0 && grow_add(&strs, "", 1)) rc = IX_ENOMEM; /* the pool ends with a NUL */
    if (!rc && (out_section_stream(o, IX_S_ROWID, &w->rowids) || out_section_mem(o, IX_S_LEN, w->lens, 8 * n) ||
                out_section_stream(o, IX_S_FACET, &w->facets)))
        rc = IX_EIO;
    if (!rc) rc = out_by_rowid(w, o);
    if (!rc && (out_section_mem(o, IX_S_STR, strs.p, strs.n) || out_section_mem(o, IX_S_DICT, dict.p, dict.n)))
        rc = IX_EIO;
    free(strs.p);
    free(dict.p);
    return rc;
}

static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

static void fill_header(ix_segw *w, const out *o, uint8_t *h)
{
    memset(h, 0, IX_HEADER_BYTES);
    memcpy(h, IX_MAGIC, 8);
    put32(h + 8, IX_VERSION);
    put32(h + 12, FH_RANK_LEAD_WORDS);
    put32(h + 16, IX_BLOCK);
    put32(h + 20, w->n_docs);
    put32(h + 24, w->n_terms);
    put32(h + 28, FH_FIELDS);
    put64(h + 32, w->len_total[0]);
    put64(h + 40, w->len_total[1]);
    put64(h + 48, w->instance);
    put64(h + 56, w->id);
    for (int i = 0; i < IX_N_SECTIONS; i++) {
        put64(h + 64 + 16 * i, o->off[i]);
        put64(h + 64 + 16 * i + 8, o->len[i]);
    }
    put32(h + IX_HEADER_BYTES - 8, o->crc);
    put32(h + IX_HEADER_BYTES - 4, ix_crc32(0, h, IX_HEADER_BYTES - 4));
}

static int fsync_dir(const char *path)
{
    char *dir = dup_or_null(path);
    if (!dir) return IX_ENOMEM;
    char *slash = strrchr(dir, '/');
    if (slash) *slash = 0;
    int fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(dir);
    if (fd < 0) return IX_EIO;
    fsync(fd);
    close(fd);
    return IX_OK;
}

int ix_segw_finish(ix_segw *w)
{
    if (w->failed) return w->failed;
    if (ensure_avg(w) || end_term(w)) return w->failed;
    ix_term_ent sentinel = {(uint32_t)stream_size(&w->tstr), 0, w->n_blocks, 0,
                            stream_size(&w->docs), stream_size(&w->pos)};
    if (stream_add(&w->term, &sentinel, sizeof sentinel)) return fail(w, IX_EIO, strerror(errno));
    out o = {0};
    o.fd = open(w->tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (o.fd < 0) return fail(w, IX_EIO, strerror(errno));
    uint8_t h[IX_HEADER_BYTES];
    memset(h, 0, sizeof h);
    int rc = write_all(o.fd, h, sizeof h);
    o.at = IX_HEADER_BYTES;
    if (!rc) rc = out_section_stream(&o, IX_S_TSTR, &w->tstr);
    if (!rc) rc = out_section_stream(&o, IX_S_TERM, &w->term);
    if (!rc) rc = out_section_stream(&o, IX_S_BLK, &w->blk);
    if (!rc) rc = out_section_stream(&o, IX_S_DOCS, &w->docs);
    if (!rc) rc = out_section_stream(&o, IX_S_POS, &w->pos);
    if (!rc) rc = write_columns(w, &o);
    if (!rc) {
        fill_header(w, &o, h);
        if (pwrite(o.fd, h, sizeof h, 0) != (ssize_t)sizeof h) rc = IX_EIO;
    }
    if (!rc && fsync(o.fd)) rc = IX_EIO;
    if (close(o.fd) && !rc) rc = IX_EIO;
    if (!rc && rename(w->tmp, w->path)) rc = IX_EIO;
    if (rc) {
        unlink(w->tmp);
        return fail(w, rc, rc == IX_ENOMEM ? "out of memory" : strerror(errno));
    }
    fsync_dir(w->path);
    return IX_OK;
}

void ix_segw_abort(ix_segw *w)
{
    if (!w) return;
    stream_close(&w->docs);
    stream_close(&w->pos);
    stream_close(&w->blk);
    stream_close(&w->tstr);
    stream_close(&w->term);
    stream_close(&w->rowids);
    stream_close(&w->facets);
    if (w->tmp) unlink(w->tmp);
    for (int k = 0; k < IX_FACETS; k++) {
        free(w->kinds[k].pool.p);
        free(w->kinds[k].slots);
        free(w->kinds[k].offs);
    }
    free(w->lens);
    free(w->path);
    free(w->tmp);
    free(w);
}
