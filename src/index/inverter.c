/*
 * inverter.c - the in-memory part of indexing: documents are analyzed as
 * they come (the core's index-term rule, fahras_token_terms), their
 * postings appended per term already in the segment encoding (ix.h), and
 * flushed as one sorted segment.  Positions are counted as FTS5 counts them
 * (a token at the same analyzer position as the one before is colocated),
 * so both indexes hold the same positions and field lengths.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fahras.h"
#include "inverter.h"
#include "fnv.h"

/* Postings live in a pool of fixed blocks, each term's as a chain of
 * slices of growing size (the last 4 bytes of a full slice link the next),
 * so a term costs a few bytes, not two allocations with their headers and
 * doubling slack: a flush holds many more documents in the same memory. */
#define POOL_BLOCK_BITS 16
#define POOL_BLOCK ((uint32_t)1 << POOL_BLOCK_BITS)
#define SLICE_LEVELS 10
static const uint32_t slice_size[SLICE_LEVELS] = {8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096};

typedef struct slices {
    uint32_t head;      /* pool address of the first slice */
    uint32_t tail, end; /* the next byte written; where the current slice's link goes */
} slices;

typedef struct inv_term {
    uint32_t str_off, len;  /* in the arena */
    uint32_t last_doc;      /* last document with a posting (IX_NONE: none) */
    uint32_t cur;           /* its entry in touched for the current document (IX_NONE: none) */
    slices docs, pos;       /* encoded postings and positions */
    uint8_t docs_level, pos_level;
} inv_term;

/* A term's counts in the document being added. */
typedef struct inv_cur {
    uint32_t term;
    uint32_t n[FH_FIELDS], lead[FH_FIELDS], last_pos[FH_FIELDS], last_val[FH_FIELDS];
} inv_cur;

typedef struct inv_doc {
    int64_t rowid;
    uint32_t len[FH_FIELDS];
    uint32_t facet_off[IX_FACETS]; /* arena offsets of source, category, date; IX_NONE: none */
    int deleted;
} inv_doc;

struct ix_inv {
    const fahras_analyzer *an;
    inv_term *terms;
    uint32_t n_terms, cap_terms;
    uint32_t *slots; /* 1 + term index, 0 free */
    uint32_t n_slots;
    char *arena;
    size_t an_n, an_cap;
    uint8_t **blocks; /* the postings pool; kept across flushes */
    uint32_t n_blocks, cap_blocks, used_blocks;
    uint32_t block_fill; /* bytes used of the last used block */
    inv_doc *docs;
    uint32_t n_docs, cap_docs, n_live;
    inv_cur *touched; /* terms of the current document */
    uint32_t n_touched, cap_touched;
    size_t bytes;      /* memory held besides the pool, terms, arena and documents */
    /* current field while analyzing */
    int field;
    int (*tap)(void *ctx, int field, const fahras_token *t);
    void *tap_ctx;
    uint32_t sz, last_apos;
    int any;
    int oom;
};

ix_inv *ix_inv_new(const fahras_analyzer *an)
{
    ix_inv *v = calloc(1, sizeof *v);
    if (v) v->an = an;
    return v;
}

static void free_all(ix_inv *v)
{
    free(v->terms);
    free(v->slots);
    free(v->arena);
    free(v->docs);
    free(v->touched);
}

void ix_inv_clear(ix_inv *v)
{
    if (!v) return;
    free_all(v);
    const fahras_analyzer *an = v->an;
    uint8_t **blocks = v->blocks;
    uint32_t n_blocks = v->n_blocks, cap_blocks = v->cap_blocks;
    memset(v, 0, sizeof *v);
    v->an = an;
    /* the pool's blocks stay for the next documents (memory already held) */
    v->blocks = blocks;
    v->n_blocks = n_blocks;
    v->cap_blocks = cap_blocks;
}

void ix_inv_free(ix_inv *v)
{
    if (!v) return;
    free_all(v);
    for (uint32_t i = 0; i < v->n_blocks; i++) free(v->blocks[i]);
    free(v->blocks);
    free(v);
}

uint32_t ix_inv_docs(const ix_inv *v) { return v->n_live; }
/* The pool counts by the blocks in use (the ones kept from earlier
 * documents are free for the next), the terms, strings and documents by
 * what is filled: the doubling arrays' untouched rest is not resident. */
size_t ix_inv_bytes(const ix_inv *v)
{
    return v->bytes + (size_t)v->used_blocks * POOL_BLOCK + (size_t)v->n_terms * sizeof *v->terms +
           v->an_n + (size_t)v->n_docs * sizeof *v->docs;
}

static int grow_buf(void **p, uint32_t *cap, size_t need, size_t elem, size_t *bytes)
{
    if (need <= *cap) return 0;
    size_t c = *cap ? *cap : 8;
    while (c < need) c *= 2;
    if (c > UINT32_MAX) return -1;
    void *q = realloc(*p, c * elem);
    if (!q) return -1;
    *bytes += (c - *cap) * elem + (*cap ? 0 : 16); /* and the allocator's header */
    *p = q;
    *cap = (uint32_t)c;
    return 0;
}

static inline uint8_t *pool_at(const ix_inv *v, uint32_t a)
{
    return v->blocks[a >> POOL_BLOCK_BITS] + (a & (POOL_BLOCK - 1));
}

/* The pool address of n fresh bytes (n <= POOL_BLOCK), IX_NONE on failure. */
static uint32_t pool_take(ix_inv *v, uint32_t n)
{
    if (!v->used_blocks || v->block_fill + n > POOL_BLOCK) {
        if (v->used_blocks == v->n_blocks) {
            if (v->n_blocks == (uint32_t)1 << (32 - POOL_BLOCK_BITS)) return IX_NONE;
            if (grow_buf((void **)&v->blocks, &v->cap_blocks, (size_t)v->n_blocks + 1, sizeof *v->blocks,
                         &v->bytes))
                return IX_NONE;
            uint8_t *b = malloc(POOL_BLOCK);
            if (!b) return IX_NONE;
            v->blocks[v->n_blocks++] = b;
        }
        v->used_blocks++;
        v->block_fill = 0;
    }
    uint32_t a = (v->used_blocks - 1) << POOL_BLOCK_BITS | v->block_fill;
    v->block_fill += n;
    return a;
}

static int slices_start(ix_inv *v, slices *s)
{
    uint32_t a = pool_take(v, slice_size[0]);
    if (a == IX_NONE) return -1;
    s->head = s->tail = a;
    s->end = a + slice_size[0] - 4;
    return 0;
}

/* Append p[0..n) to s, chaining a larger slice when the current one is full. */
static int slices_add(ix_inv *v, slices *s, uint8_t *level, const uint8_t *p, size_t n)
{
    if (s->end - s->tail >= n) { /* most appends: a few bytes into room */
        uint8_t *q = pool_at(v, s->tail);
        for (size_t i = 0; i < n; i++) q[i] = p[i];
        s->tail += (uint32_t)n;
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (s->tail == s->end) {
            if (*level + 1 < SLICE_LEVELS) ++*level;
            uint32_t a = pool_take(v, slice_size[*level]);
            if (a == IX_NONE) return -1;
            memcpy(pool_at(v, s->end), &a, 4);
            s->tail = a;
            s->end = a + slice_size[*level] - 4;
        }
        *pool_at(v, s->tail++) = p[i];
    }
    return 0;
}

/* Reading a chain of slices back, byte by byte. */
typedef struct slice_rd {
    const ix_inv *v;
    uint32_t at, end, tail;
    int level;
} slice_rd;

static void slice_rd_init(slice_rd *r, const ix_inv *v, const slices *s)
{
    r->v = v;
    r->at = s->head;
    r->end = s->head + slice_size[0] - 4;
    r->tail = s->tail;
    r->level = 0;
}

static int slice_rd_done(const slice_rd *r) { return r->at == r->tail; }

static inline int slice_byte(slice_rd *r, uint8_t *b)
{
    if (r->at != r->end && r->at != r->tail) { /* inside a slice */
        *b = *pool_at(r->v, r->at++);
        return 0;
    }
    if (r->at == r->tail) return -1;
    memcpy(&r->at, pool_at(r->v, r->end), 4); /* the slice's end: follow its link */
    if (r->level + 1 < SLICE_LEVELS) r->level++;
    r->end = r->at + slice_size[r->level] - 4;
    if (r->at == r->tail) return -1;
    *b = *pool_at(r->v, r->at++);
    return 0;
}

/* A varint read into *x, its bytes also appended to out (when not NULL). */
static int slice_varint(slice_rd *r, uint32_t *x, uint8_t *out, size_t *out_n)
{
    uint32_t val = 0;
    for (int shift = 0; shift < 35; shift += 7) {
        uint8_t b;
        if (slice_byte(r, &b)) return -1;
        if (out) out[(*out_n)++] = b;
        val |= (uint32_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *x = val;
            return 0;
        }
    }
    return -1;
}

/* Arena offset of a copy of s[0..n) plus a NUL, IX_NONE on failure. */
static uint32_t arena_add(ix_inv *v, const char *s, size_t n)
{
    if (v->an_n + n + 1 > v->an_cap) {
        size_t c = v->an_cap ? v->an_cap : 1 << 16;
        while (c < v->an_n + n + 1) c *= 2;
        if (c > UINT32_MAX) return IX_NONE;
        char *q = realloc(v->arena, c);
        if (!q) return IX_NONE;
        v->arena = q;
        v->an_cap = c;
    }
    uint32_t off = (uint32_t)v->an_n;
    memcpy(v->arena + off, s, n);
    v->arena[off + n] = 0;
    v->an_n += n + 1;
    return off;
}

static int rehash(ix_inv *v)
{
    uint32_t ns = v->n_slots ? v->n_slots * 2 : 1u << 14;
    uint32_t *sl = calloc(ns, sizeof *sl);
    if (!sl) return -1;
    for (uint32_t i = 0; i < v->n_terms; i++) {
        inv_term *t = &v->terms[i];
        uint32_t j = fh_fnv(v->arena + t->str_off, t->len) & (ns - 1);
        while (sl[j]) j = (j + 1) & (ns - 1);
        sl[j] = i + 1;
    }
    v->bytes += (size_t)(ns - v->n_slots) * sizeof *sl;
    free(v->slots);
    v->slots = sl;
    v->n_slots = ns;
    return 0;
}

/* The term s[0..n), added when new; NULL on allocation failure. */
static inv_term *term_get(ix_inv *v, const char *s, size_t n)
{
    if ((v->n_terms + 1) * 2 > v->n_slots && rehash(v)) return NULL;
    uint32_t j = fh_fnv(s, n) & (v->n_slots - 1);
    for (; v->slots[j]; j = (j + 1) & (v->n_slots - 1)) {
        inv_term *t = &v->terms[v->slots[j] - 1];
        if (t->len == n && !memcmp(v->arena + t->str_off, s, n)) return t;
    }
    size_t untouched = 0;
    if (grow_buf((void **)&v->terms, &v->cap_terms, (size_t)v->n_terms + 1, sizeof *v->terms, &untouched))
        return NULL;
    uint32_t off = arena_add(v, s, n);
    if (off == IX_NONE) return NULL;
    inv_term *t = &v->terms[v->n_terms];
    memset(t, 0, sizeof *t);
    if (slices_start(v, &t->docs) || slices_start(v, &t->pos)) return NULL;
    t->str_off = off;
    t->len = (uint32_t)n;
    t->last_doc = IX_NONE;
    t->cur = IX_NONE;
    v->slots[j] = ++v->n_terms;
    return t;
}

static int put_varint(ix_inv *v, slices *s, uint8_t *level, uint32_t x)
{
    uint8_t b[5];
    return slices_add(v, s, level, b, ix_put_varint(b, x));
}

/* One occurrence of term s[0..n) at pos of the current field (bare: a key
 * that is the token's normalized form itself). */
static int occurrence(ix_inv *v, const char *s, size_t n, uint32_t pos, int bare)
{
    if (n > IX_MAX_TERM) n = IX_MAX_TERM;
    inv_term *t = term_get(v, s, n);
    if (!t) return -1;
    if (t->cur == IX_NONE) {
        if (grow_buf((void **)&v->touched, &v->cap_touched, (size_t)v->n_touched + 1,
                     sizeof *v->touched, &v->bytes))
            return -1;
        inv_cur *c = &v->touched[v->n_touched];
        memset(c, 0, sizeof *c);
        c->term = (uint32_t)(t - v->terms);
        t->cur = v->n_touched++;
    }
    inv_cur *c = &v->touched[t->cur];
    int f = v->field;
    if (c->n[f] && pos <= c->last_pos[f]) return 0; /* the same position twice */
    uint32_t val = pos << 1 | (bare ? 1u : 0u);
    if (put_varint(v, &t->pos, &t->pos_level, c->n[f] ? val - c->last_val[f] : val)) return -1;
    c->last_pos[f] = pos;
    c->last_val[f] = val;
    c->n[f]++;
    if (pos < FH_RANK_LEAD_WORDS) c->lead[f]++;
    return 0;
}

static int on_token(void *ctx, const fahras_token *tok)
{
    ix_inv *v = ctx;
    if (v->tap) v->tap(v->tap_ctx, v->field, tok);
    int colo = v->any && tok->position == v->last_apos;
    v->any = 1;
    v->last_apos = tok->position;
    char buf[FAHRAS_MAX_TERM_BYTES];
    fahras_terms tm;
    if (fahras_token_terms(tok, buf, sizeof buf, &tm) < 0) return 0;
    if (!colo || v->sz == 0) v->sz++;
    uint32_t pos = v->sz - 1;
    if (tm.key_len && occurrence(v, tm.key, tm.key_len, pos, tm.exact == NULL)) goto oom;
    if (tm.exact && occurrence(v, tm.exact, tm.exact_len, pos, 0)) goto oom;
    return 0;
oom:
    v->oom = 1;
    return 1;
}

/* Close the current document's postings: one encoded entry per term. */
static int end_doc(ix_inv *v)
{
    uint32_t doc = v->n_docs;
    for (uint32_t i = 0; i < v->n_touched; i++) {
        const inv_cur *c = &v->touched[i];
        inv_term *t = &v->terms[c->term];
        uint8_t p[16];
        size_t k = ix_put_varint(p, t->last_doc == IX_NONE ? doc : doc - t->last_doc - 1);
        int has_lead = c->lead[0] || c->lead[1];
        k += ix_put_varint(p + k, c->n[1] << 2 | (c->n[0] ? 2u : 0u) | (has_lead ? 1u : 0u));
        if (c->n[0]) k += ix_put_varint(p + k, c->n[0]);
        if (has_lead) p[k++] = (uint8_t)(c->lead[0] << 4 | c->lead[1]);
        if (slices_add(v, &t->docs, &t->docs_level, p, k)) return -1;
        t->last_doc = doc;
        t->cur = IX_NONE;
    }
    v->n_touched = 0;
    return 0;
}

static uint32_t opt_str(ix_inv *v, const char *s, size_t n, int *bad)
{
    if (!s) return IX_NONE;
    uint32_t off = arena_add(v, s, n);
    if (off == IX_NONE) *bad = 1;
    return off;
}

int ix_inv_add(ix_inv *v, const ix_inv_doc *d)
{
    if (v->n_docs == IX_NONE - 1) return IX_EARG;
    size_t untouched = 0;
    if (grow_buf((void **)&v->docs, &v->cap_docs, (size_t)v->n_docs + 1, sizeof *v->docs, &untouched))
        return IX_ENOMEM;
    inv_doc *doc = &v->docs[v->n_docs];
    memset(doc, 0, sizeof *doc);
    doc->rowid = d->rowid;
    const char *text[FH_FIELDS] = {d->title, d->body};
    size_t len[FH_FIELDS] = {d->title_len, d->body_len};
    v->n_touched = 0;
    v->tap = d->tap;
    v->tap_ctx = d->tap_ctx;
    for (int f = 0; f < FH_FIELDS; f++) {
        v->field = f;
        v->sz = 0;
        v->any = 0;
        v->oom = 0;
        if (text[f] && len[f]) fahras_analyze(v->an, text[f], len[f], on_token, v, NULL);
        if (v->oom) return IX_ENOMEM;
        doc->len[f] = v->sz;
    }
    v->tap = NULL;
    int bad = 0;
    doc->facet_off[0] = opt_str(v, d->source, d->source_len, &bad);
    doc->facet_off[1] = opt_str(v, d->category, d->category_len, &bad);
    doc->facet_off[2] = opt_str(v, d->date, d->date_len, &bad);
    if (bad || end_doc(v)) return IX_ENOMEM;
    v->n_docs++;
    v->n_live++;
    return IX_OK;
}

int ix_inv_delete(ix_inv *v, int64_t rowid)
{
    for (uint32_t i = v->n_docs; i-- > 0;)
        if (!v->docs[i].deleted && v->docs[i].rowid == rowid) {
            v->docs[i].deleted = 1;
            v->n_live--;
            return 1;
        }
    return 0;
}

/* A term to sort: key holds its first 8 bytes (zeros past its end) in
 * byte order, so most comparisons read no string. */
typedef struct term_ref {
    uint64_t key;
    const char *s;
    uint32_t len, idx;
} term_ref;

static uint64_t prefix_key(const char *s, uint32_t n)
{
    uint64_t k = 0;
    for (uint32_t i = 0; i < 8; i++) k = k << 8 | (i < n ? (uint8_t)s[i] : 0u);
    return k;
}

static int cmp_ref(const void *a, const void *b)
{
    const term_ref *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    int c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);
    if (c) return c;
    return x->len < y->len ? -1 : x->len > y->len;
}

/* The postings of term t, remapped to live documents, into w (ps: room
 * for one document's positions, grown as needed). */
static int flush_term(ix_inv *v, const inv_term *t, const uint32_t *map, ix_segw *w, uint8_t **ps,
                      size_t *ps_cap)
{
    slice_rd d, p;
    slice_rd_init(&d, v, &t->docs);
    slice_rd_init(&p, v, &t->pos);
    uint32_t doc = IX_NONE;
    int started = 0;
    while (!slice_rd_done(&d)) {
        uint32_t gap, code, n[FH_FIELDS] = {0, 0}, lead[FH_FIELDS] = {0, 0};
        if (slice_varint(&d, &gap, NULL, NULL) || slice_varint(&d, &code, NULL, NULL)) return IX_ECORRUPT;
        doc = doc == IX_NONE ? gap : doc + 1 + gap;
        if ((code & 2) && slice_varint(&d, &n[0], NULL, NULL)) return IX_ECORRUPT;
        n[1] = code >> 2;
        if (code & 1) {
            uint8_t b;
            if (slice_byte(&d, &b)) return IX_ECORRUPT;
            lead[0] = b >> 4;
            lead[1] = b & 15;
        }
        size_t need = ((size_t)n[0] + n[1]) * 5, got = 0;
        if (need > *ps_cap) {
            uint8_t *q = realloc(*ps, need);
            if (!q) return IX_ENOMEM;
            *ps = q;
            *ps_cap = need;
        }
        for (uint32_t k = 0; k < n[0] + n[1]; k++) {
            uint32_t x;
            if (slice_varint(&p, &x, *ps, &got)) return IX_ECORRUPT;
        }
        if (map[doc] == IX_NONE) continue;
        if (!started && ix_segw_term(w, v->arena + t->str_off, t->len)) return IX_EIO;
        started = 1;
        if (ix_segw_posting(w, map[doc], n, lead, *ps, got)) return IX_EIO;
    }
    return IX_OK;
}

int ix_inv_flush(ix_inv *v, const char *path, uint64_t instance, uint64_t id, char *msg,
                 size_t cap)
{
    uint32_t *map = malloc(((size_t)v->n_docs + 1) * sizeof *map);
    term_ref *refs = malloc(((size_t)v->n_terms + 1) * sizeof *refs);
    ix_segw *w = NULL;
    int rc = map && refs ? IX_OK : IX_ENOMEM;
    uint32_t live = 0;
    for (uint32_t i = 0; !rc && i < v->n_docs; i++) map[i] = v->docs[i].deleted ? IX_NONE : live++;
    if (!rc) rc = ix_segw_open(&w, path, live, instance, id);
    for (uint32_t i = 0; !rc && i < v->n_docs; i++) {
        const inv_doc *d = &v->docs[i];
        if (d->deleted) continue;
        ix_doc_cols c = {d->rowid, {d->len[0], d->len[1]}, {NULL, NULL, NULL}};
        for (int k = 0; k < IX_FACETS; k++)
            if (d->facet_off[k] != IX_NONE) c.facet[k] = v->arena + d->facet_off[k];
        rc = ix_segw_doc(w, map[i], &c);
    }
    for (uint32_t i = 0; !rc && i < v->n_terms; i++)
        refs[i] = (term_ref){prefix_key(v->arena + v->terms[i].str_off, v->terms[i].len),
                             v->arena + v->terms[i].str_off, v->terms[i].len, i};
    if (!rc && v->n_terms > 1) qsort(refs, v->n_terms, sizeof *refs, cmp_ref);
    uint8_t *ps = NULL;
    size_t ps_cap = 0;
    for (uint32_t i = 0; !rc && i < v->n_terms; i++)
        rc = flush_term(v, &v->terms[refs[i].idx], map, w, &ps, &ps_cap);
    free(ps);
    if (!rc) rc = ix_segw_finish(w);
    if (rc && msg) snprintf(msg, cap, "%s", w ? ix_segw_error(w) : "out of memory");
    ix_segw_abort(w);
    free(map);
    free(refs);
    return rc;
}
