/*
 * store.c - the fh_store_* API: picks the backend from the target, checks
 * every request once (ids, UTF-8, limits, dates, the query language), then
 * dispatches through the backend's operation table (store_backend.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_backend.h"

struct fh_store {
    const fh_store_backend *be;
    fh_backend_db *db;
};

static int is_pg_target(const char *t)
{
    return !strncmp(t, "postgresql://", 13) || !strncmp(t, "postgres://", 11);
}

int fh_store_open(const char *target, int mode, const fahras_options *opts, fh_store **out,
                  fh_err *err)
{
    *out = NULL;
    if (!target || !*target) return fh_fail(err, "no database given");
    if (mode != FH_STORE_READ && mode != FH_STORE_WRITE) return fh_fail(err, "bad open mode");
    const fh_store_backend *be;
    if (is_pg_target(target)) {
#ifdef HAVE_STORE_PG
        be = fh_store_pg_backend();
#else
        return fh_fail(err, "%.60s...: this fahras was built without PostgreSQL support "
                            "(install libpq-dev and rebuild)", target);
#endif
    } else {
        be = fh_store_sqlite_backend();
    }
    fh_store *s = calloc(1, sizeof *s);
    if (!s) return fh_fail(err, "out of memory");
    s->be = be;
    if (be->open(target, mode, opts, &s->db, err)) {
        free(s);
        return -1;
    }
    *out = s;
    return 0;
}

void fh_store_close(fh_store *s)
{
    if (!s) return;
    s->be->close(s->db);
    free(s);
}

const fahras_analyzer *fh_store_analyzer(const fh_store *s)
{
    return s ? s->be->analyzer(s->db) : NULL;
}

int fh_store_begin(fh_store *s, fh_err *err)
{
    return s->be->begin(s->db, err);
}

int fh_store_commit(fh_store *s, fh_err *err)
{
    return s->be->commit(s->db, err);
}

int fh_store_rollback(fh_store *s, fh_err *err)
{
    return s->be->rollback(s->db, err);
}

/* A document field must be valid UTF-8 without NUL bytes (stored text is
 * C strings in both backends; PostgreSQL rejects NUL outright). */
static int check_field(const char *name, const char *p, size_t n, fh_err *err)
{
    if (!p || !n) return 0;
    size_t bad;
    if (fahras_utf8_check(p, n, &bad) != FAHRAS_OK)
        return fh_fail(err, "%s: invalid UTF-8 at byte %zu", name, bad);
    const char *nul = memchr(p, '\0', n);
    if (nul) return fh_fail(err, "%s: NUL character at byte %zu", name, (size_t)(nul - p));
    return 0;
}

int fh_store_upsert(fh_store *s, const fh_doc *doc, int *changed, fh_err *err)
{
    int dummy;
    if (!changed) changed = &dummy;
    *changed = 0;
    if (!doc || !doc->id || !doc->id_len) return fh_fail(err, "document without an id");
    if (doc->id_len > FH_MAX_ID_BYTES)
        return fh_fail(err, "id is %zu bytes, longer than the limit of %d", doc->id_len,
                       FH_MAX_ID_BYTES);
    if (!doc->body || !doc->body_len) return fh_fail(err, "document without a body");
    if (check_field("id", doc->id, doc->id_len, err) ||
        check_field("title", doc->title, doc->title_len, err) ||
        check_field("body", doc->body, doc->body_len, err) ||
        check_field("date", doc->date, doc->date_len, err) ||
        check_field("source", doc->source, doc->source_len, err) ||
        check_field("category", doc->category, doc->category_len, err) ||
        check_field("url", doc->url, doc->url_len, err) ||
        check_field("extra", doc->extra_json, doc->extra_json_len, err))
        return -1;
    return s->be->upsert(s->db, doc, changed, err);
}

/* YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by 'T' or ' ' and a
 * time (compared as text against the stored ISO 8601 dates). */
static int check_date(const char *what, const char *d, fh_err *err)
{
    if (!d || !*d) return 0;
    size_t n = strlen(d);
    static const char shape[] = "dddd-dd-dd";
    size_t i = 0;
    for (; i < n && i < 10; i++) {
        char want = shape[i];
        if (want == 'd' ? (d[i] < '0' || d[i] > '9') : d[i] != want) break;
    }
    int ok = (i == 4 || i == 7 || i == 10) && (i == n || (i == 10 && (d[10] == 'T' || d[10] == ' ')));
    if (ok && i >= 7) {
        int month = (d[5] - '0') * 10 + (d[6] - '0');
        ok = month >= 1 && month <= 12;
    }
    if (ok && i >= 10) {
        int day = (d[8] - '0') * 10 + (d[9] - '0');
        ok = day >= 1 && day <= 31;
    }
    if (!ok || n > 35) return fh_fail(err, "%s date '%.40s': expected YYYY, YYYY-MM or YYYY-MM-DD", what, d);
    return 0;
}

static int check_query(const fh_query *q, fh_parsed_query **pq, fh_err *err)
{
    *pq = NULL;
    if (!q || !q->q) return fh_fail(err, "no query given");
    if (q->limit < 1 || q->limit > FH_MAX_LIMIT)
        return fh_fail(err, "limit %d out of range 1..%d", q->limit, FH_MAX_LIMIT);
    if (q->offset < 0) return fh_fail(err, "offset %d is negative", q->offset);
    if (check_date("from", q->date_from, err) || check_date("to", q->date_to, err)) return -1;
    if (check_field("source", q->source, q->source ? strlen(q->source) : 0, err) ||
        check_field("category", q->category, q->category ? strlen(q->category) : 0, err))
        return -1;
    return fh_query_parse(q->q, strlen(q->q), pq, err);
}

int fh_store_search(fh_store *s, const fh_query *q, fh_hit_fn fn, void *ctx, long *total,
                    fh_err *err)
{
    fh_parsed_query *pq;
    if (total) *total = 0;
    if (check_query(q, &pq, err)) return -1;
    int rc = s->be->search(s->db, q, pq, fn, ctx, total, err);
    fh_query_free(pq);
    return rc;
}

int fh_store_facets(fh_store *s, const fh_query *q, fh_facet_fn fn, void *ctx, fh_err *err)
{
    fh_query q2 = *q;
    q2.limit = 1; /* ignored by facets; keep check_query happy */
    q2.offset = 0;
    fh_parsed_query *pq;
    if (check_query(&q2, &pq, err)) return -1;
    int rc = s->be->facets(s->db, &q2, pq, fn, ctx, err);
    fh_query_free(pq);
    return rc;
}

int fh_store_get(fh_store *s, const char *id, fh_doc_fn fn, void *ctx, int *found, fh_err *err)
{
    *found = 0;
    if (!id || !*id) return fh_fail(err, "no id given");
    if (strlen(id) > FH_MAX_ID_BYTES) return 0; /* cannot exist */
    if (check_field("id", id, strlen(id), err)) return -1;
    return s->be->get(s->db, id, fn, ctx, found, err);
}

int fh_store_stats(fh_store *s, fh_stats *out, fh_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = s->be->stats(s->db, out, err);
    if (!rc && !out->backend[0]) snprintf(out->backend, sizeof out->backend, "%s", s->be->name);
    return rc;
}
