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

typedef struct inv_term {
    uint32_t str_off, len;  /* in the arena */
    uint8_t *docs, *pos;    /* encoded postings and positions */
    uint32_t dn, dcap, pn, pcap;
    uint32_t last_doc;      /* last document with a posting (IX_NONE: none) */
    /* the document being added */
    uint32_t cur_doc;
    uint32_t n[FH_FIELDS], lead[FH_FIELDS], last_pos[FH_FIELDS], last_val[FH_FIELDS];
} inv_term;

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
    inv_doc *docs;
    uint32_t n_docs, cap_docs, n_live;
    uint32_t *touched; /* terms of the current document */
    uint32_t n_touched, cap_touched;
    size_t bytes;      /* memory held, roughly */
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

void ix_inv_clear(ix_inv *v)
{
    if (!v) return;
    for (uint32_t i = 0; i < v->n_terms; i++) {
        free(v->terms[i].docs);
        free(v->terms[i].pos);
    }
    free(v->terms);
    free(v->slots);
    free(v->arena);
    free(v->docs);
    free(v->touched);
    const fahras_analyzer *an = v->an;
    memset(v, 0, sizeof *v);
    v->an = an;
}

void ix_inv_free(ix_inv *v)
{
    if (!v) return;
    ix_inv_clear(v);
    free(v);
}

uint32_t ix_inv_docs(const ix_inv *v) { return v->n_live; }
size_t ix_inv_bytes(const ix_inv *v) { return v->bytes; }

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

/* Arena offset of a copy of s[0..n) plus a NUL, IX_NONE on failure. */
static uint32_t arena_add(ix_inv *v, const char *s, size_t n)
{
    if (v->an_n + n + 1 > v->an_cap) {
        size_t c = v->an_cap ? v->an_cap : 1 << 16;
        while (c < v->an_n + n + 1) c *= 2;
        if (c > UINT32_MAX) return IX_NONE;
        char *q = realloc(v->arena, c);
        if (!q) return IX_NONE;
        v->bytes += c - v->an_cap;
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
    if (grow_buf((void **)&v->terms, &v->cap_terms, (size_t)v->n_terms + 1, sizeof *v->terms, &v->bytes))
        return NULL;
    uint32_t off = arena_add(v, s, n);
    if (off == IX_NONE) return NULL;
    inv_term *t = &v->terms[v->n_terms];
    memset(t, 0, sizeof *t);
    t->str_off = off;
    t->len = (uint32_t)n;
    t->last_doc = IX_NONE;
    t->cur_doc = IX_NONE;
    v->slots[j] = ++v->n_terms;
    return t;
}

static int put_pos(ix_inv *v, inv_term *t, uint32_t d)
{
    if (grow_buf((void **)&t->pos, &t->pcap, (size_t)t->pn + 5, 1, &v->bytes)) return -1;
    t->pn += (uint32_t)ix_put_varint(t->pos + t->pn, d);
    return 0;
}

/* One occurrence of term s[0..n) at pos of the current field (bare: a key
 * that is the token's normalized form itself). */
static int occurrence(ix_inv *v, const char *s, size_t n, uint32_t pos, int bare)
{
    if (n > IX_MAX_TERM) n = IX_MAX_TERM;
    inv_term *t = term_get(v, s, n);
    if (!t) return -1;
    uint32_t doc = v->n_docs;
    if (t->cur_doc != doc) {
        if (grow_buf((void **)&v->touched, &v->cap_touched, (size_t)v->n_touched + 1,
                     sizeof *v->touched, &v->bytes))
            return -1;
        v->touched[v->n_touched++] = (uint32_t)(t - v->terms);
        t->cur_doc = doc;
        memset(t->n, 0, sizeof t->n);
        memset(t->lead, 0, sizeof t->lead);
    }
    int f = v->field;
    if (t->n[f] && pos <= t->last_pos[f]) return 0; /* the same position twice */
    uint32_t val = pos << 1 | (bare ? 1u : 0u);
    if (put_pos(v, t, t->n[f] ? val - t->last_val[f] : val)) return -1;
    t->last_pos[f] = pos;
    t->last_val[f] = val;
    t->n[f]++;
    if (pos < FH_RANK_LEAD_WORDS) t->lead[f]++;
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
        inv_term *t = &v->terms[v->touched[i]];
        if (grow_buf((void **)&t->docs, &t->dcap, (size_t)t->dn + 16, 1, &v->bytes)) return -1;
        uint8_t *p = t->docs + t->dn;
        size_t k = ix_put_varint(p, t->last_doc == IX_NONE ? doc : doc - t->last_doc - 1);
        int has_lead = t->lead[0] || t->lead[1];
        k += ix_put_varint(p + k, t->n[1] << 2 | (t->n[0] ? 2u : 0u) | (has_lead ? 1u : 0u));
        if (t->n[0]) k += ix_put_varint(p + k, t->n[0]);
        if (has_lead) p[k++] = (uint8_t)(t->lead[0] << 4 | t->lead[1]);
        t->dn += (uint32_t)k;
        t->last_doc = doc;
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
    if (grow_buf((void **)&v->docs, &v->cap_docs, (size_t)v->n_docs + 1, sizeof *v->docs, &v->bytes))
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

/* The postings of term t, remapped to live documents, into w. */
static int flush_term(ix_inv *v, const inv_term *t, const uint32_t *map, ix_segw *w)
{
    const uint8_t *d = t->docs, *dend = t->docs + t->dn, *p = t->pos, *pend = t->pos + t->pn;
    uint32_t doc = IX_NONE;
    int started = 0;
    while (d < dend) {
        uint32_t gap, code, n[FH_FIELDS] = {0, 0}, lead[FH_FIELDS] = {0, 0};
        if (ix_get_varint(&d, dend, &gap) || ix_get_varint(&d, dend, &code)) return IX_ECORRUPT;
        doc = doc == IX_NONE ? gap : doc + 1 + gap;
        if ((code & 2) && ix_get_varint(&d, dend, &n[0])) return IX_ECORRUPT;
        n[1] = code >> 2;
        if (code & 1) {
            lead[0] = *d >> 4;
            lead[1] = *d & 15;
            d++;
        }
        const uint8_t *ps = p;
        for (uint32_t k = 0; k < n[0] + n[1]; k++) {
            uint32_t x;
            if (ix_get_varint(&p, pend, &x)) return IX_ECORRUPT;
        }
        if (map[doc] == IX_NONE) continue;
        if (!started && ix_segw_term(w, v->arena + t->str_off, t->len)) return IX_EIO;
        started = 1;
        if (ix_segw_posting(w, map[doc], n, lead, ps, (size_t)(p - ps))) return IX_EIO;
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
    for (uint32_t i = 0; !rc && i < v->n_terms; i++) rc = flush_term(v, &v->terms[refs[i].idx], map, w);
    if (!rc) rc = ix_segw_finish(w);
    if (rc && msg) snprintf(msg, cap, "%s", w ? ix_segw_error(w) : "out of memory");
    ix_segw_abort(w);
    free(map);
    free(refs);
    return rc;
}
