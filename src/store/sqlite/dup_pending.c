/*
 * dup_pending.c - near-duplicate lookup keys not yet in dup_key, held in
 * memory (a hash table for lookups) and inserted in key order when
 * dups.c flushes them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dupsig.h"
#include "sqlite_store.h"

#define NONE UINT32_MAX

typedef struct pending_key {
    int64_t key;
    uint32_t doc, next; /* doc: index into ids, NONE once dropped */
} pending_key;

struct sq_dup_pending {
    pending_key *e; /* one array: a lookup walks it at random */
    size_t n, cap;
    uint32_t *head;       /* hash of key: first entry, chained by next */
    size_t n_head;
    char **ids;
    int64_t *rowids; /* each id's dup_doc rowid */
    size_t n_ids, cap_ids;
};

static uint32_t slot(const sq_dup_pending *p, int64_t key)
{
    uint64_t h = (uint64_t)key * 0x9e3779b97f4a7c15ULL;
    return (uint32_t)(h >> 32) & (uint32_t)(p->n_head - 1);
}

static int rehash(sq_dup_pending *p, size_t n_head)
{
    uint32_t *h = malloc(n_head * sizeof *h);
    if (!h) return -1;
    free(p->head);
    p->head = h;
    p->n_head = n_head;
    for (size_t i = 0; i < n_head; i++) h[i] = NONE;
    for (size_t i = 0; i < p->n; i++) {
        uint32_t s = slot(p, p->e[i].key);
        p->e[i].next = h[s];
        h[s] = (uint32_t)i;
    }
    return 0;
}

static int grow(sq_dup_pending *p, size_t need)
{
    if (need <= p->cap) return 0;
    size_t cap = p->cap ? p->cap * 2 : 4096;
    while (cap < need) cap *= 2;
    if (cap >= NONE) return -1;
    pending_key *e = realloc(p->e, cap * sizeof *e);
    if (!e) return -1;
    p->e = e;
    p->cap = cap;
    return rehash(p, cap);
}

int sq_pending_add(fh_backend_db *d, const char *id, int64_t rowid, const int64_t *keys, size_t n)
{
    if (!n) return 0;
    if (!d->dup_pending && !(d->dup_pending = calloc(1, sizeof *d->dup_pending))) return -1;
    sq_dup_pending *p = d->dup_pending;
    if (p->n_ids == p->cap_ids) {
        size_t cap = p->cap_ids ? p->cap_ids * 2 : 256;
        char **ids = realloc(p->ids, cap * sizeof *ids);
        if (!ids) return -1;
        p->ids = ids;
        int64_t *rowids = realloc(p->rowids, cap * sizeof *rowids);
        if (!rowids) return -1;
        p->rowids = rowids;
        p->cap_ids = cap;
    }
    if (p->n_ids >= NONE || grow(p, p->n + n) || !(p->ids[p->n_ids] = strdup(id))) return -1;
    p->rowids[p->n_ids] = rowid;
    uint32_t doc = (uint32_t)p->n_ids++;
    for (size_t i = 0; i < n; i++) {
        size_t e = p->n++;
        uint32_t s = slot(p, keys[i]);
        p->e[e] = (pending_key){keys[i], doc, p->head[s]};
        p->head[s] = (uint32_t)e;
    }
    return 0;
}

void sq_pending_drop(fh_backend_db *d, const char *id, const int64_t *keys, size_t n)
{
    sq_dup_pending *p = d->dup_pending;
    if (!p || !p->n) return;
    /* its entries are on the chains of its keys: those walked, not all */
    for (size_t k = 0; k < n; k++)
        for (uint32_t e = p->head[slot(p, keys[k])]; e != NONE; e = p->e[e].next)
            if (p->e[e].key == keys[k] && p->e[e].doc != NONE && !strcmp(p->ids[p->e[e].doc], id))
                p->e[e].doc = NONE;
}

size_t sq_pending_count(const fh_backend_db *d)
{
    return d->dup_pending ? d->dup_pending->n : 0;
}

/* Documents sharing FH_DUP_MIN_BANDS band keys or one other key; of a key
 * many documents hold, the latest FH_DUP_KEY_HOLDERS count (dupsig.h). */
#define MAX_KEY_DOCS FH_DUP_KEY_HOLDERS
#define SEEN_SLOTS 1024 /* > FH_DUP_MAX_KEYS * MAX_KEY_DOCS */

int sq_pending_find(fh_backend_db *d, const int64_t *keys, size_t n_band, size_t n,
                    int (*fn)(void *ctx, int64_t rowid), void *ctx)
{
    sq_dup_pending *p = d->dup_pending;
    if (!p || !p->n) return 0;
    uint32_t seen[SEEN_SLOTS], order[SEEN_SLOTS];
    unsigned hits[SEEN_SLOTS];
    size_t n_seen = 0;
    for (size_t i = 0; i < SEEN_SLOTS; i++) seen[i] = NONE;
    for (size_t k = 0; k < n; k++) {
        unsigned found = 0;
        for (uint32_t e = p->head[slot(p, keys[k])]; e != NONE && found < MAX_KEY_DOCS;
             e = p->e[e].next) {
            uint32_t doc = p->e[e].doc;
            if (p->e[e].key != keys[k] || doc == NONE) continue;
            found++;
            size_t j = (doc * 0x9e3779b1u) >> 22; /* SEEN_SLOTS = 1024 */
            while (seen[j] != NONE && seen[j] != doc) j = (j + 1) & (SEEN_SLOTS - 1);
            if (seen[j] == NONE) {
                seen[j] = doc;
                hits[j] = 0;
                order[n_seen++] = (uint32_t)j;
            }
            hits[j] += k < n_band ? 1 : FH_DUP_MIN_BANDS;
        }
    }
    for (size_t i = 0; i < n_seen; i++)
        if (hits[order[i]] >= FH_DUP_MIN_BANDS) {
            int rc = fn(ctx, p->rowids[seen[order[i]]]);
            if (rc) return rc;
        }
    return 0;
}

/* Flush order: by key, then by document (the chains are not used again
 * before sq_pending_clear, so the entries are sorted where they are, in
 * place: qsort would copy them, half a million entries, 8 MB more at the
 * writer's peak).  Introsort: quicksort, heapsort past a depth bound. */
static int before(const pending_key *x, const pending_key *y)
{
    return x->key != y->key ? x->key < y->key : x->doc < y->doc;
}

static void swap_keys(pending_key *a, pending_key *b)
{
    pending_key t = *a;
    *a = *b;
    *b = t;
}

static void sift_down(pending_key *e, size_t i, size_t n)
{
    for (size_t c; (c = 2 * i + 1) < n; i = c) {
        if (c + 1 < n && before(&e[c], &e[c + 1])) c++;
        if (!before(&e[i], &e[c])) return;
        swap_keys(&e[i], &e[c]);
    }
}

static void heap_sort(pending_key *e, size_t n)
{
    for (size_t i = n / 2; i-- > 0;) sift_down(e, i, n);
    for (size_t i = n; i-- > 1;) {
        swap_keys(&e[0], &e[i]);
        sift_down(e, 0, i);
    }
}

static void sort_keys(pending_key *e, size_t n, int depth)
{
    while (n > 16) {
        if (depth-- == 0) {
            heap_sort(e, n);
            return;
        }
        size_t mid = n / 2; /* median of three to e[0] */
        if (before(&e[mid], &e[0])) swap_keys(&e[mid], &e[0]);
        if (before(&e[n - 1], &e[0])) swap_keys(&e[n - 1], &e[0]);
        if (before(&e[n - 1], &e[mid])) swap_keys(&e[n - 1], &e[mid]);
        swap_keys(&e[0], &e[mid]);
        size_t i = 0, j = n;
        for (;;) { /* Hoare partition around e[0] */
            while (before(&e[++i], &e[0]) && i < n - 1) {}
            while (before(&e[0], &e[--j])) {}
            if (i >= j) break;
            swap_keys(&e[i], &e[j]);
        }
        swap_keys(&e[0], &e[j]);
        if (j < n - j - 1) { /* the smaller side by recursion, the larger by the loop */
            sort_keys(e, j, depth);
            e += j + 1;
            n -= j + 1;
        } else {
            sort_keys(e + j + 1, n - j - 1, depth);
            n = j;
        }
    }
    for (size_t i = 1; i < n; i++)
        for (size_t k = i; k > 0 && before(&e[k], &e[k - 1]); k--) swap_keys(&e[k], &e[k - 1]);
}

/* Keys written SQ_DUP_KEY_ROWS to a statement: one step a row costs about
 * as much again as the B-tree insert itself. */
#define SQ_DUP_KEY_ROWS 32

static int write_keys(fh_backend_db *d, const sq_dup_pending *p, size_t from, size_t n, fh_err *err)
{
    sqlite3_stmt **st = n == SQ_DUP_KEY_ROWS ? &d->st_dup_keys : &d->st_dup_key;
    if (!*st) {
        char sql[64 + SQ_DUP_KEY_ROWS * 8];
        size_t at = (size_t)snprintf(sql, sizeof sql, "INSERT OR IGNORE INTO dup_key(key, id) VALUES (?, ?)");
        for (size_t i = 1; i < n; i++) at += (size_t)snprintf(sql + at, sizeof sql - at, ",(?, ?)");
        if (sq_prepare(d, st, sql, err)) return -1;
    } /* else every parameter is bound again below */
    for (size_t i = 0; i < n; i++) {
        const pending_key *e = &p->e[from + i];
        sqlite3_bind_int64(*st, 2 * (int)i + 1, e->key);
        sqlite3_bind_text(*st, 2 * (int)i + 2, p->ids[e->doc], -1, SQLITE_STATIC);
    }
    int rc = sqlite3_step(*st);
    sqlite3_reset(*st);
    if (rc != SQLITE_DONE) return sq_db_fail(d, err, "writing near-duplicate keys");
    if (d->dup_filter)
        for (size_t i = 0; i < n; i++) sq_filter_add(d->dup_filter, p->e[from + i].key);
    return 0;
}

int sq_pending_flush(fh_backend_db *d, fh_err *err)
{
    sq_dup_pending *p = d->dup_pending;
    if (!p || !p->n) return 0;
    size_t m = 0;
    for (size_t i = 0; i < p->n; i++)
        if (p->e[i].doc != NONE) p->e[m++] = p->e[i];
    sort_keys(p->e, m, 64);
    int rc = 0;
    for (size_t i = 0; i < m && !rc;) {
        size_t n = m - i >= SQ_DUP_KEY_ROWS ? SQ_DUP_KEY_ROWS : 1;
        rc = write_keys(d, p, i, n, err);
        i += n;
    }
    sq_pending_clear(d);
    return rc;
}

void sq_pending_clear(fh_backend_db *d)
{
    sq_dup_pending *p = d->dup_pending;
    if (!p) return;
    for (size_t i = 0; i < p->n_ids; i++) free(p->ids[i]);
    p->n = p->n_ids = 0;
    for (size_t i = 0; i < p->n_head; i++) p->head[i] = NONE;
}

void sq_pending_free(fh_backend_db *d)
{
    sq_dup_pending *p = d->dup_pending;
    if (!p) return;
    sq_pending_clear(d);
    free(p->e);
    free(p->head);
    free(p->ids);
    free(p->rowids);
    free(p);
    d->dup_pending = NULL;
}
