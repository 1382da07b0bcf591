/*
 * span_blob.c - a document's summary rows (store/spans.h) as the one
 * value the SQLite backend stores for it (doc_spans.rows), and back.
 *
 * Rows go in order of type, key, value (bytes), the order the per-row
 * table of older stores gave them.  A row is
 *   type (1 byte) | flags (1 byte: 1 lo, 2 hi) | n (varint, 7 bits a byte)
 *   | key NUL | value NUL | name NUL | [lo NUL] | [hi NUL]
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite_store.h"

static int row_cmp(const void *a, const void *b)
{
    const fh_span_row *x = *(const fh_span_row *const *)a, *y = *(const fh_span_row *const *)b;
    if (x->type != y->type) return x->type < y->type ? -1 : 1;
    int c = strcmp(x->key, y->key);
    return c ? c : strcmp(x->value, y->value);
}

void sq_span_rows_sort(const fh_span_row **rows, size_t n)
{
    if (n > 1) qsort(rows, n, sizeof *rows, row_cmp);
}

static void put_str(sbuf *b, const char *s) { fh_sb_add(b, s, strlen(s) + 1); }

int sq_span_blob_make(const fh_span_row *const *rows, size_t n, sbuf *b)
{
    for (size_t i = 0; i < n; i++) {
        const fh_span_row *r = rows[i];
        char head[2 + 10];
        size_t k = 0;
        head[k++] = (char)(unsigned char)r->type;
        head[k++] = (char)((r->lo ? 1 : 0) | (r->hi ? 2 : 0));
        unsigned long long v = r->n > 0 ? (unsigned long long)r->n : 0;
        do {
            head[k++] = (char)((v & 0x7F) | (v > 0x7F ? 0x80 : 0));
            v >>= 7;
        } while (v);
        fh_sb_add(b, head, k);
        put_str(b, r->key);
        put_str(b, r->value);
        put_str(b, r->name);
        if (r->lo) put_str(b, r->lo);
        if (r->hi) put_str(b, r->hi);
    }
    return b->oom ? -1 : 0;
}

/* The string at *at in p[0..n), its NUL inside; NULL past the end. */
static const char *get_str(const unsigned char *p, size_t n, size_t *at)
{
    if (*at >= n) return NULL;
    const unsigned char *z = memchr(p + *at, '\0', n - *at);
    if (!z) return NULL;
    const char *s = (const char *)p + *at;
    *at = (size_t)(z - p) + 1;
    return s;
}

int sq_span_blob_next(const void *blob, size_t n, size_t *at, fh_span_row *r)
{
    const unsigned char *p = blob;
    if (*at >= n) return 0;
    if (n - *at < 3) return -1;
    r->type = p[(*at)++];
    int flags = p[(*at)++];
    unsigned long long v = 0;
    for (int shift = 0;; shift += 7) {
        if (*at >= n || shift > 56) return -1;
        unsigned char c = p[(*at)++];
        v |= (unsigned long long)(c & 0x7F) << shift;
        if (!(c & 0x80)) break;
    }
    r->n = v > (unsigned long long)LONG_MAX ? LONG_MAX : (long)v;
    r->lo = r->hi = NULL;
    if (!(r->key = get_str(p, n, at)) || !(r->value = get_str(p, n, at)) || !(r->name = get_str(p, n, at)) ||
        ((flags & 1) && !(r->lo = get_str(p, n, at))) || ((flags & 2) && !(r->hi = get_str(p, n, at))))
        return -1;
    return 1;
}
