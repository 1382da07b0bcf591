/*
 * own_index.c - the SQLite store searched through its own index
 * (src/index/index.h) instead of FTS5: the plan's statistics from the
 * index, the top k from its pruned evaluator (or the exhaustive one), the
 * facets and the total from its per-document values, the hits' rows read
 * by row id.  A store without the index's tables (schema 1, baselines)
 * keeps the FTS5 path.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facets.h"
#include "guard.h"
#include "index.h"
#include "sqlite_store.h"

/* store.h: the index is the one store part that maps files. */
int fh_store_protect_mappings(fh_err *err)
{
    if (ix_guard_install()) return fh_fail(err, "installing the SIGBUS handler: %s", strerror(errno));
    return 0;
}

/* The FTS5 table, made from the documents when a writer asks for it. */
static int make_fts(fh_backend_db *d, fh_err *err)
{
    char describe[256], tokenize[320], sql[600];
    fahras_options_describe(&d->opts, describe, sizeof describe);
    size_t n = (size_t)snprintf(tokenize, sizeof tokenize, "fahras");
    for (const char *p = describe; *p && n < sizeof tokenize;) {
        size_t w = strcspn(p, " ");
        n += (size_t)snprintf(tokenize + n, sizeof tokenize - n, " '%.*s'", (int)w, p);
        p += w;
        while (*p == ' ') p++;
    }
    snprintf(sql, sizeof sql,
             "BEGIN IMMEDIATE; CREATE VIRTUAL TABLE fts USING fts5(title, body, content='docs',"
             " content_rowid='rowid', tokenize=\"%s\"); INSERT INTO fts(fts) VALUES ('rebuild'); COMMIT",
             tokenize);
    if (sq_exec(d, sql, err)) {
        sq_exec(d, "ROLLBACK", NULL);
        return -1;
    }
    d->has_fts = 1;
    return 0;
}

int sq_index_open(fh_backend_db *d, int mode, int want_fts, fh_err *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(d->db, "SELECT 1 FROM sqlite_schema WHERE name = 'fts'", -1, &st, NULL) == SQLITE_OK)
        d->has_fts = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    if (!fh_index_in_schema(d->db)) return 0;
    if (want_fts && !d->has_fts && mode == FH_STORE_WRITE && make_fts(d, err)) return -1;
    return fh_index_open(d->db, d->path, d->an, mode == FH_STORE_WRITE, &d->ix, err);
}

void sq_index_close(fh_backend_db *d)
{
    fh_index_close(d->ix);
    d->ix = NULL;
}

/* An index that cannot be read as listed (its files replaced under this
 * reader): the store opens the database again (sq_stale). */
static int index_failed(fh_backend_db *d, const fh_err *err)
{
    if (err->kind == FH_ERR_UNAVAILABLE) d->broken = 1;
    return -1;
}

static int index_df(void *ctx, const fh_plan_clause *const *c, size_t n, long long *out, fh_err *err)
{
    fh_backend_db *d = ctx;
    return fh_index_df(d->ix, c, n, out, err) ? index_failed(d, err) : 0;
}

int sq_index_planning(fh_backend_db *d, fh_plan_opts *o, fh_plan_stats *st, fh_err *err)
{
    memset(o, 0, sizeof *o);
    memset(st, 0, sizeof *st);
    o->exact_forms = 1;
    o->near_spelling = 1;
    st->n_docs = fh_index_docs(d->ix, err);
    if (st->n_docs < 0) return index_failed(d, err);
    st->df = index_df;
    st->ctx = d;
    return 0;
}

/* The index's facet values into the store's counter (a date counts for
 * its month: facets.h). */
static int add_facet(void *ctx, int kind, const char *value, uint64_t count)
{
    static const int kinds[IX_FACETS] = {FH_FACET_SOURCE, FH_FACET_CATEGORY, FH_FACET_MONTH};
    fh_facets_add(ctx, kinds[kind], value, strlen(value), (long)count);
    return 0;
}

/* A kind whose values outgrew the facet counter (facets.h) is counted here
 * without its memory cap: the values are strings of the mapped segments
 * (not copied), a table of them and their counts. */
typedef struct big_val {
    const char *s;
    size_t len;
    long n;
} big_val;

typedef struct big_kind {
    int kind;          /* FH_FACET_* counted */
    big_val *v;
    size_t n, cap;
    size_t *slot;      /* 1 + index, 0 free */
    size_t n_slot;
    int oom;
} big_kind;

static size_t big_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return (size_t)(h ^ (h >> 32));
}

static void big_add(big_kind *b, const char *s, size_t len, long n)
{
    if (b->oom || !len) return;
    if ((b->n + 1) * 2 > b->n_slot) {
        size_t ns = b->n_slot ? b->n_slot * 2 : 1024;
        size_t *sl = calloc(ns, sizeof *sl);
        big_val *v = realloc(b->v, ns / 2 * sizeof *v);
        if (!sl || !v) {
            free(sl);
            if (v) b->v = v;
            b->oom = 1;
            return;
        }
        b->v = v;
        for (size_t i = 0; i < b->n; i++) {
            size_t j = big_hash(b->v[i].s, b->v[i].len) & (ns - 1);
            while (sl[j]) j = (j + 1) & (ns - 1);
            sl[j] = i + 1;
        }
        free(b->slot);
        b->slot = sl;
        b->n_slot = ns;
    }
    size_t j = big_hash(s, len) & (b->n_slot - 1);
    for (; b->slot[j]; j = (j + 1) & (b->n_slot - 1)) {
        big_val *v = &b->v[b->slot[j] - 1];
        if (v->len == len && !memcmp(v->s, s, len)) {
            v->n += n;
            return;
        }
    }
    b->v[b->n] = (big_val){s, len, n};
    b->slot[j] = ++b->n;
}

typedef struct big_add_ctx {
    big_kind *b;
    long n;
} big_add_ctx;

static void add_big_value(void *ctx, const char *v, size_t len)
{
    big_add_ctx *a = ctx;
    big_add(a->b, v, len, a->n);
}

static int add_big(void *ctx, int kind, const char *value, uint64_t count)
{
    big_kind *b = ctx;
    static const int kinds[IX_FACETS] = {FH_FACET_SOURCE, FH_FACET_CATEGORY, FH_FACET_MONTH};
    if (kinds[kind] != b->kind) return 0;
    big_add_ctx a = {b, (long)count};
    fh_facet_values(b->kind, value, strlen(value), add_big_value, &a);
    return 0;
}

static int big_cmp(const void *x, const void *y)
{
    const big_val *a = x, *b = y;
    if (a->n != b->n) return a->n > b->n ? -1 : 1;
    int c = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);
    if (c) return c;
    return a->len < b->len ? -1 : a->len > b->len;
}

/* The kinds that overflowed, counted again and their top values handed over. */
static int count_overflowed(fh_backend_db *d, const fh_backend_search *req,
                            const fh_index_query *base, fh_err *err)
{
    for (int k = 0; k < FH_FACET_KINDS; k++) {
        if (!fh_facets_overflowed(req->facets, k)) continue;
        big_kind b = {k, NULL, 0, 0, NULL, 0, 0};
        fh_index_query iq = {req->plan, req->q, 0, 0, 0, 0, add_big, &b, sq_spend, d,
                             base->by_rowid, base->rowids, base->n_rowids};
        fh_index_result res;
        int rc = fh_index_search(d->ix, &iq, &res, err);
        if (rc) index_failed(d, err);
        if (!rc && b.oom) rc = fh_fail(err, "facets: out of memory");
        if (!rc) {
            if (b.n > 1) qsort(b.v, b.n, sizeof *b.v, big_cmp);
            for (size_t i = 0; !rc && i < b.n && i < FH_FACET_TOP; i++) {
                char *v = malloc(b.v[i].len + 1); /* values are not NUL-terminated here */
                if (!v) {
                    rc = fh_fail(err, "facets: out of memory");
                    break;
                }
                memcpy(v, b.v[i].s, b.v[i].len);
                v[b.v[i].len] = 0;
                fh_facets_add_top(req->facets, k, v, b.v[i].n);
                free(v);
            }
        }
        free(b.v);
        free(b.slot);
        if (rc) return -1;
    }
    return 0;
}

/* Hits [offset, n) with their rows (in the request's read transaction). */
static int deliver(fh_backend_db *d, const fh_backend_search *req, const fh_index_result *res,
                   fh_err *err)
{
    /* only the part of a body its snippet is made from (bytes: a blob);
     * without snippets none, nor its mask */
    int ids = !req->want_bodies && req->q->ids_only;
    sqlite3_stmt **st = req->want_bodies ? &d->st_row : ids ? &d->st_row_id : &d->st_row_meta;
    if (!*st) {
        char mask[96], sql[300];
        snprintf(mask, sizeof mask, sq_boiler_mask_sql(d), "docs.rowid");
        if (ids)
            snprintf(sql, sizeof sql, "SELECT id FROM docs WHERE rowid = ?1");
        else if (req->want_bodies)
            snprintf(sql, sizeof sql, "SELECT id, title, date, source, category, url,"
                     " substr(CAST(body AS BLOB), 1, ?2), %s FROM docs WHERE rowid = ?1", mask);
        else
            snprintf(sql, sizeof sql, "SELECT id, title, date, source, category, url FROM docs WHERE rowid = ?1");
        if (sq_prepare(d, st, sql, err)) return -1;
    }
    sqlite3_stmt *row = *st;
    size_t end = (size_t)req->q->offset + (size_t)req->q->limit;
    for (size_t i = (size_t)req->q->offset; i < res->n_hits && i < end; i++) {
        sqlite3_reset(row);
        sqlite3_bind_int64(row, 1, res->hits[i].rowid);
        if (req->want_bodies) sqlite3_bind_int64(row, 2, (sqlite3_int64)req->body_bytes);
        int step = sqlite3_step(row);
        if (step == SQLITE_DONE) continue; /* gone since: a newer commit */
        if (step != SQLITE_ROW) {
            sqlite3_reset(row);
            return sq_db_fail(d, err, "reading a hit");
        }
        fh_backend_hit h;
        memset(&h, 0, sizeof h);
        h.hit.rank = (int)i + 1;
        h.hit.score = res->hits[i].score;
        if (ids) h.hit.id = sq_col_text(row, 0);
        else sq_col_hit(row, &h.hit);
        if (req->want_bodies) {
            h.body = (const char *)sqlite3_column_text(row, 6);
            h.body_len = (size_t)sqlite3_column_bytes(row, 6);
            h.mask = (const char *)sqlite3_column_text(row, 7);
            h.mask_len = (size_t)sqlite3_column_bytes(row, 7);
        }
        if (req->on_hit(req->hit_ctx, &h)) break;
    }
    sqlite3_reset(row);
    return 0;
}

/* Counting every match is a visit of each (the facets do it anyway):
 * without facets the count stops past the request's bound. */
static uint64_t total_bound(const fh_backend_search *req)
{
    return req->facets || req->total_bound <= 0 ? 0 : (uint64_t)req->total_bound;
}

/* The total of res: exact, or the bound with *req->total_lower set. */
static void total_out(const fh_backend_search *req, const fh_index_result *res, long *total)
{
    *total = res->total_exact ? res->total : req->total_bound;
    if (!res->total_exact && req->total_lower) *req->total_lower = 1;
}

int sq_index_matches(fh_backend_db *d, const fh_backend_search *req, const int64_t *rows, size_t n,
                     int64_t **out, size_t *nout, fh_err *err)
{
    *out = NULL;
    *nout = 0;
    int64_t *only = malloc((n ? n : 1) * sizeof *only), *allowed = NULL;
    if (!only) return fh_fail(err, "out of memory");
    memcpy(only, rows, n * sizeof *only);
    size_t k = n;
    if (req->ents) { /* the entity filters' documents among them */
        size_t na = 0;
        if (sq_spans_allowed(d, req->ents, &allowed, &na, err)) {
            free(only);
            return -1;
        }
        sq_rowids_intersect(only, &k, allowed, na);
        free(allowed);
    }
    int rc = 0;
    if (k) { /* every match among them: as many hits as rows, exhaustively */
        fh_index_query iq = {req->plan, req->q, k, 1, 0, 0, NULL, NULL, sq_spend, d, 1, only, k};
        fh_index_result res;
        if (fh_index_search(d->ix, &iq, &res, err)) {
            rc = index_failed(d, err);
        } else if (res.n_hits && !(*out = malloc(res.n_hits * sizeof **out))) {
            rc = fh_fail(err, "out of memory");
        } else {
            for (size_t i = 0; i < res.n_hits; i++) (*out)[i] = res.hits[i].rowid;
            *nout = res.n_hits;
            qsort(*out, *nout, sizeof **out, sq_by_rowid);
        }
    }
    free(only);
    return rc;
}

int sq_index_search(fh_backend_db *d, const fh_backend_search *req, long *total, fh_err *err)
{
    const fh_query *q = req->q;
    size_t k = (size_t)q->offset + (size_t)q->limit;
    /* the entity facets read the best FH_ENTITY_FACET_DOCS: one ranking for
     * both, unless the hits are in date order (then a ranking of their own) */
    int by_date = q->sort != FH_SORT_RELEVANCE;
    if (req->entfacets && !by_date && k < FH_ENTITY_FACET_DOCS) k = FH_ENTITY_FACET_DOCS;
    fh_index_query iq = {req->plan, q, k, q->exhaustive,
                         req->want_total, total_bound(req), req->facets ? add_facet : NULL, req->facets,
                         sq_spend, d, 0, NULL, 0};
    int64_t *allowed = NULL;
    if (req->entfacets && sq_spans_facets_ready(d, err)) return -1;
    if (req->ents) {
        if (sq_spans_allowed(d, req->ents, &allowed, &iq.n_rowids, err)) return -1;
        iq.by_rowid = 1;
        iq.rowids = allowed;
    }
    fh_index_result res;
    int rc = 0;
    if (fh_index_search(d->ix, &iq, &res, err)) rc = index_failed(d, err);
    if (!rc && (req->facets || req->want_total)) total_out(req, &res, total);
    if (!rc && req->facets) rc = count_overflowed(d, req, &iq, err);
    if (!rc) rc = deliver(d, req, &res, err);
    if (!rc && req->entfacets && by_date) {
        fh_query best = *q;
        best.sort = FH_SORT_RELEVANCE;
        fh_index_query fiq = iq;
        fiq.q = &best;
        fiq.k = FH_ENTITY_FACET_DOCS;
        fiq.want_total = 0;
        fiq.on_facet = NULL;
        fiq.facet_ctx = NULL;
        if (fh_index_search(d->ix, &fiq, &res, err)) rc = index_failed(d, err);
    }
    for (size_t i = 0; !rc && req->entfacets && i < res.n_hits && i < FH_ENTITY_FACET_DOCS; i++)
        rc = sq_spans_feed(d, res.hits[i].rowid, (long)i, req->entfacets, err);
    free(allowed);
    return rc;
}
