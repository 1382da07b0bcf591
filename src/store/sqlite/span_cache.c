/*
 * span_cache.c - the rows the entity facets read (doc_spans' PER, ORG, LOC
 * and DATE rows; MISC and aliases for the filters), held in memory by a read handle that searches under a
 * work budget, so a search reads the rows of its best matches without a
 * statement per document: a server's request costs the same with entity
 * facets as without.  Built on the first such search and again after a
 * commit of another connection (PRAGMA data_version); the build reads the
 * table once and is not counted as a request's work (it serves every
 * request after it).  Memory: 12 bytes a row and the distinct keys and
 * names (about 15 MB for 30,000 news articles).
 */
#include <stdlib.h>

#include "fnv.h"
#include "sqlite_store.h"

typedef struct cache_str {
    char *s;
    uint32_t hash;
    int type;      /* of a key; 0 for a name */
    char *lo, *hi; /* a DATE key's first and last day, or NULL */
} cache_str;

/* A key's document: the postings the entity and event filters read. */
typedef struct cache_post {
    uint32_t key;
    int64_t rowid;
} cache_post;

typedef struct cache_row {
    uint32_t key, name; /* string ids */
    uint32_t n;
} cache_row;

typedef struct cache_doc {
    int64_t rowid;
    uint32_t first, count; /* rows[first .. first + count) */
} cache_doc;

struct sq_span_cache {
    long long version;     /* PRAGMA data_version it was built at */
    cache_str *str;
    size_t n_str, cap_str;
    uint32_t *slots;
    size_t n_slots;
    cache_row *rows;
    size_t n_rows, cap_rows;
    cache_doc *docs;
    size_t n_docs, cap_docs;
    cache_post *posts; /* every row's (key, document), by key then document */
};

void sq_span_cache_free(sq_span_cache *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->n_str; i++) {
        free(c->str[i].s);
        free(c->str[i].lo);
        free(c->str[i].hi);
    }
    free(c->posts);
    free(c->str);
    free(c->slots);
    free(c->rows);
    free(c->docs);
    free(c);
}

static int grow_slots(sq_span_cache *c)
{
    size_t ns = c->n_slots ? c->n_slots * 2 : 4096;
    uint32_t *sl = calloc(ns, sizeof *sl);
    if (!sl) return -1;
    for (size_t i = 0; i < c->n_str; i++) {
        size_t j = c->str[i].hash & (ns - 1);
        while (sl[j]) j = (j + 1) & (ns - 1);
        sl[j] = (uint32_t)(i + 1);
    }
    free(c->slots);
    c->slots = sl;
    c->n_slots = ns;
    return 0;
}

/* The id of string s of type (0: a name), added when new; UINT32_MAX when
 * out of memory. */
static uint32_t intern(sq_span_cache *c, int type, const char *s, const char *lo, const char *hi)
{
    size_t len = strlen(s);
    uint32_t h = fh_fnv(s, len) ^ (uint32_t)type * 2654435761u;
    if (c->n_slots)
        for (size_t j = h & (c->n_slots - 1); c->slots[j]; j = (j + 1) & (c->n_slots - 1)) {
            cache_str *e = &c->str[c->slots[j] - 1];
            if (e->hash == h && e->type == type && !strcmp(e->s, s)) return c->slots[j] - 1;
        }
    if ((c->n_str + 1) * 2 > c->n_slots && grow_slots(c)) return UINT32_MAX;
    if (c->n_str == c->cap_str) {
        size_t cap = c->cap_str ? c->cap_str * 2 : 1024;
        cache_str *v = realloc(c->str, cap * sizeof *v);
        if (!v) return UINT32_MAX;
        c->str = v;
        c->cap_str = cap;
    }
    cache_str *e = &c->str[c->n_str];
    e->s = strdup(s);
    e->lo = lo ? strdup(lo) : NULL;
    e->hi = hi ? strdup(hi) : NULL;
    if (!e->s || (lo && !e->lo) || (hi && !e->hi)) {
        free(e->s);
        free(e->lo);
        free(e->hi);
        return UINT32_MAX;
    }
    e->hash = h;
    e->type = type;
    size_t j = h & (c->n_slots - 1);
    while (c->slots[j]) j = (j + 1) & (c->n_slots - 1);
    c->slots[j] = (uint32_t)(++c->n_str);
    return (uint32_t)(c->n_str - 1);
}

static int add_row(sq_span_cache *c, int64_t doc, uint32_t key, uint32_t name, uint32_t n)
{
    if (!c->n_docs || c->docs[c->n_docs - 1].rowid != doc) {
        if (c->n_docs == c->cap_docs) {
            size_t cap = c->cap_docs ? c->cap_docs * 2 : 1024;
            cache_doc *v = realloc(c->docs, cap * sizeof *v);
            if (!v) return -1;
            c->docs = v;
            c->cap_docs = cap;
        }
        c->docs[c->n_docs++] = (cache_doc){doc, (uint32_t)c->n_rows, 0};
    }
    if (c->n_rows == c->cap_rows) {
        size_t cap = c->cap_rows ? c->cap_rows * 2 : 4096;
        cache_row *v = realloc(c->rows, cap * sizeof *v);
        if (!v) return -1;
        c->rows = v;
        c->cap_rows = cap;
    }
    c->rows[c->n_rows++] = (cache_row){key, name, n};
    c->docs[c->n_docs - 1].count++;
    return 0;
}

long long sq_data_version(fh_backend_db *d)
{
    sqlite3_stmt *st;
    long long v = -1;
    if (sqlite3_prepare_v2(d->db, "PRAGMA data_version", -1, &st, NULL) != SQLITE_OK) return -1;
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int post_cmp(const void *a, const void *b)
{
    const cache_post *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return (x->rowid > y->rowid) - (x->rowid < y->rowid);
}

static int make_posts(sq_span_cache *c)
{
    if (!c->n_rows) return 0;
    if (!(c->posts = malloc(c->n_rows * sizeof *c->posts))) return -1;
    size_t k = 0;
    for (size_t d = 0; d < c->n_docs; d++)
        for (uint32_t i = 0; i < c->docs[d].count; i++)
            c->posts[k++] = (cache_post){c->rows[c->docs[d].first + i].key, c->docs[d].rowid};
    qsort(c->posts, k, sizeof *c->posts, post_cmp);
    return 0;
}

/* The rows of one document's value into c; -1 when out of memory, -2
 * when the value is damaged. */
static int add_doc(sq_span_cache *c, int64_t doc, const void *blob, size_t n)
{
    size_t at = 0;
    fh_span_row r;
    int got;
    while ((got = sq_span_blob_next(blob, n, &at, &r)) == 1) {
        if (r.type > FAHRAS_SPAN_DATE && r.type <= FH_SPAN_ALIAS) continue; /* numbers and counts */
        uint32_t key = intern(c, r.type, r.key, r.lo, r.hi);
        uint32_t name = intern(c, 0, r.name, NULL, NULL);
        if (key == UINT32_MAX || name == UINT32_MAX || add_row(c, doc, key, name, (uint32_t)r.n)) return -1;
    }
    return got < 0 ? -2 : 0;
}

/* Read the table into a new cache (rows in document order). */
static int build(fh_backend_db *d, long long version, sq_span_cache **out, fh_err *err)
{
    sq_span_cache *c = calloc(1, sizeof *c);
    sqlite3_stmt *st = NULL;
    if (!c) return fh_fail(err, "out of memory");
    c->version = version;
    if (sqlite3_prepare_v2(d->db, "SELECT doc, rows FROM doc_spans ORDER BY doc", -1, &st, NULL) != SQLITE_OK) {
        sq_span_cache_free(c);
        return sq_db_fail(d, err, "reading entities");
    }
    int rc, bad = 0;
    int64_t doc = 0;
    while (!bad && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        doc = sqlite3_column_int64(st, 0);
        bad = add_doc(c, doc, sqlite3_column_blob(st, 1), (size_t)sqlite3_column_bytes(st, 1));
    }
    sqlite3_finalize(st);
    if (bad || rc != SQLITE_DONE) {
        sq_span_cache_free(c);
        if (bad == -2) return fh_fail(err, "the stored entities of row %lld are damaged", (long long)doc);
        return bad ? fh_fail(err, "entities: out of memory") : sq_db_fail(d, err, "reading entities");
    }
    if (make_posts(c)) {
        sq_span_cache_free(c);
        return fh_fail(err, "entities: out of memory");
    }
    *out = c;
    return 0;
}

int sq_span_cache_ready(fh_backend_db *d, fh_err *err)
{
    long long v = sq_data_version(d);
    if (d->span_cache && d->span_cache->version == v) return 0;
    sq_span_cache_free(d->span_cache);
    d->span_cache = NULL;
    /* the build serves every request after it: not this request's work */
    long long steps = d->steps;
    int over = d->over_budget;
    fh_budget b = d->budget;
    memset(&d->budget, 0, sizeof d->budget);
    int rc = build(d, v, &d->span_cache, err);
    d->budget = b;
    d->steps = steps;
    d->over_budget = over;
    return rc;
}

int sq_span_cache_feed(fh_backend_db *d, int64_t rowid, long doc, fh_entfacets *e)
{
    const sq_span_cache *c = d->span_cache;
    size_t lo = 0, hi = c->n_docs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->docs[mid].rowid < rowid) lo = mid + 1;
        else hi = mid;
    }
    if (lo == c->n_docs || c->docs[lo].rowid != rowid) return 0; /* no rows */
    const cache_doc *cd = &c->docs[lo];
    for (uint32_t i = 0; i < cd->count; i++) {
        const cache_row *r = &c->rows[cd->first + i];
        const cache_str *k = &c->str[r->key];
        if (k->type != FAHRAS_SPAN_DATE && (k->type < FAHRAS_SPAN_PER || k->type > FAHRAS_SPAN_LOC))
            continue; /* kept for the filters: MISC and alias keys */
        /* the cache's strings are interned; its hash mixes in the type */
        fh_entfacets_row_stable(e, doc, k->type, k->s, k->hash ^ (uint32_t)k->type * 2654435761u,
                                c->str[r->name].s, (long)r->n, k->lo);
    }
    return 0;
}

/* The id of (type, key), or UINT32_MAX. */
static uint32_t find_key(const sq_span_cache *c, int type, const char *key)
{
    uint32_t h = fh_fnv(key, strlen(key)) ^ (uint32_t)type * 2654435761u;
    if (!c->n_slots) return UINT32_MAX;
    for (size_t j = h & (c->n_slots - 1); c->slots[j]; j = (j + 1) & (c->n_slots - 1)) {
        const cache_str *e = &c->str[c->slots[j] - 1];
        if (e->hash == h && e->type == type && !strcmp(e->s, key)) return c->slots[j] - 1;
    }
    return UINT32_MAX;
}

/* Append the documents of key id to v (grown as needed). */
static int add_posts(const sq_span_cache *c, uint32_t key, int64_t **v, size_t *n, size_t *cap)
{
    size_t lo = 0, hi = c->n_rows;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->posts[mid].key < key) lo = mid + 1;
        else hi = mid;
    }
    for (size_t i = lo; i < c->n_rows && c->posts[i].key == key; i++) {
        if (*n == *cap) {
            size_t nc = *cap ? *cap * 2 : 256;
            int64_t *nv = realloc(*v, nc * sizeof *nv);
            if (!nv) return -1;
            *v = nv;
            *cap = nc;
        }
        (*v)[(*n)++] = c->posts[i].rowid;
    }
    return 0;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* v sorted and unique. */
static void sort_unique(int64_t *v, size_t *n)
{
    if (*n > 1) qsort(v, *n, sizeof *v, cmp_i64);
    size_t u = 0;
    for (size_t i = 0; i < *n; i++)
        if (!u || v[u - 1] != v[i]) v[u++] = v[i];
    *n = u;
}

int sq_span_cache_docs(fh_backend_db *d, const fh_entity_filters *f, int part, int64_t **out,
                       size_t *n, fh_err *err)
{
    const sq_span_cache *c = d->span_cache;
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    int rc = 0;
    if (part < f->n) {
        uint32_t k1 = find_key(c, f->type[part], f->key[part]);
        uint32_t k2 = find_key(c, f->type[part] + FH_SPAN_ALIAS, f->key[part]);
        if (k1 != UINT32_MAX) rc |= add_posts(c, k1, out, n, &cap);
        if (k2 != UINT32_MAX) rc |= add_posts(c, k2, out, n, &cap);
    } else { /* the event range: every date whose days overlap it */
        for (size_t i = 0; !rc && i < c->n_str; i++) {
            const cache_str *e = &c->str[i];
            if (e->type == FAHRAS_SPAN_DATE && fh_event_pass(f, e->lo, e->hi))
                rc = add_posts(c, (uint32_t)i, out, n, &cap);
        }
        sq_spend(d, c->n_str / 64); /* the dates looked at */
    }
    if (rc) {
        free(*out);
        *out = NULL;
        return fh_fail(err, "entity filters: out of memory");
    }
    sq_spend(d, *n); /* a step a document, as the index counts its postings */
    sort_unique(*out, n);
    return 0;
}
