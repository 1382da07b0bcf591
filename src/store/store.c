/*
 * store.c - the fh_store_* API: picks the backend for the target, checks
 * every request once (ids, UTF-8, limits, dates, the query language),
 * builds the query plan with the backend's statistics, runs the relaxed
 * retry, counts facets and makes snippets; the backend only evaluates the
 * plan (store_backend.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "highlight.h"
#include "route.h"
#include "store_backend.h"

struct fh_store {
    const fh_store_backend *be;
    fh_backend_db *db;
};

int fh_store_open(const char *target, int mode, const fh_store_config *cfg, fh_store **out,
                  fh_err *err)
{
    *out = NULL;
    if (!target || !*target) return fh_fail(err, "no database given");
    if (mode != FH_STORE_READ && mode != FH_STORE_WRITE) return fh_fail(err, "bad open mode");
    const fh_store_backend *be = fh_store_backend_for(target);
    if (!be) return fh_fail(err, "%.200s: no store backend for this target", target);
    fh_store_config none = {0};
    fh_store *s = calloc(1, sizeof *s);
    if (!s) return fh_fail(err, "out of memory");
    s->be = be;
    if (be->open(target, mode, cfg ? cfg : &none, &s->db, err)) {
        free(s);
        return -1;
    }
    if (be->variant) { /* what the target holds decides the operations */
        const fh_store_backend *v = be->variant(s->db);
        if (v) s->be = v;
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

/* The rule for date filters, here and in the HTTP API: each YYYY, YYYY-MM
 * or YYYY-MM-DD and a real date (the core's strict reading), and from not
 * after to (a to of 2015 covers the whole year, so from 2015-06 to 2015
 * holds).  Filters are compared as text with the stored ISO 8601 dates. */
int fh_check_date_filter(const char *from, const char *to, fh_err *err)
{
    const char *what[2] = {"from", "to"}, *d[2] = {from, to};
    for (int k = 0; k < 2; k++) {
        char iso[FAHRAS_DATE_MAX];
        fahras_error e;
        if (d[k] && *d[k] &&
            fahras_date_normalize(d[k], strlen(d[k]), FAHRAS_DATE_STRICT, iso, sizeof iso, NULL,
                                  &e) != FAHRAS_OK)
            return fh_fail(err, "%s date: %s", what[k], e.message);
    }
    if (from && *from && to && *to && strncmp(from, to, strlen(to)) > 0)
        return fh_fail(err, "from date %s is after to date %s", from, to);
    return 0;
}

static int check_query(const fh_query *q, fh_parsed_query **pq, fh_err *err)
{
    *pq = NULL;
    if (!q || !q->q) return fh_fail(err, "no query given");
    if (q->limit < 1 || q->limit > FH_MAX_LIMIT)
        return fh_fail(err, "limit %d out of range 1..%d", q->limit, FH_MAX_LIMIT);
    if (q->offset < 0) return fh_fail(err, "offset %d is negative", q->offset);
    if (fh_check_date_filter(q->date_from, q->date_to, err)) return -1;
    if (check_field("source", q->source, q->source ? strlen(q->source) : 0, err) ||
        check_field("category", q->category, q->category ? strlen(q->category) : 0, err))
        return -1;
    return fh_query_parse(q->q, strlen(q->q), pq, err);
}

/* The plan of pq as this store searches it. */
static int make_plan(fh_store *s, const fh_parsed_query *pq, int relaxed, fh_plan **out,
                     fh_err *err)
{
    fh_plan_opts o = {0};
    fh_plan_stats st = {0};
    if (s->be->planning(s->db, &o, &st, err)) return -1;
    o.relaxed = relaxed;
    return fh_plan_build(s->be->analyzer(s->db), pq, &o, &st, out, err);
}

/* ------------------------------------------------------------------ */
/* Search                                                              */
/* ------------------------------------------------------------------ */

typedef struct hit_relay {
    fh_hit_fn fn;
    void *ctx;
    const fh_highlighter *hl; /* NULL: no snippets */
    int delivered;
    int failed;               /* out of memory making a snippet */
    fh_err *err;
} hit_relay;

static int relay_hit(void *ctx, const fh_backend_hit *bh)
{
    hit_relay *r = ctx;
    fh_hit h = bh->hit;
    char *snippet = NULL;
    if (r->hl) {
        if (fh_highlight_snippet(r->hl, bh->body ? bh->body : "", bh->body ? bh->body_len : 0,
                                 &snippet, r->err)) {
            r->failed = 1;
            return 1;
        }
        h.snippet = snippet;
    }
    r->delivered++;
    int stop = r->fn(r->ctx, &h);
    free(snippet);
    return stop;
}

/* One evaluation of plan p. */
static int run_plan(fh_store *s, const fh_query *q, const fh_plan *p, hit_relay *relay,
                    fh_facets *facets, int want_total, long *total, fh_err *err)
{
    *total = 0;
    relay->delivered = 0;
    if (p->empty) return 0; /* only punctuation: nothing can match */
    fh_highlighter *hl = NULL;
    if (!q->no_snippets && !(hl = fh_highlighter_new(s->be->analyzer(s->db), p, err))) return -1;
    relay->hl = hl;
    fh_backend_search req = {
        .q = q,
        .plan = p,
        .want_bodies = !q->no_snippets,
        .want_total = want_total,
        .on_hit = relay_hit,
        .hit_ctx = relay,
        .facets = facets,
    };
    int rc = s->be->search(s->db, &req, total, err);
    fh_highlighter_free(hl);
    relay->hl = NULL;
    return rc || relay->failed ? -1 : 0;
}

/* The query as searched: each word a near spelling stood in for replaced
 * by it ("" when none did). */
static void write_rewritten(const fh_parsed_query *pq, const fh_plan *p, char *out, size_t cap)
{
    out[0] = '\0';
    if (!p->n_near) return;
    size_t n = 0;
    for (size_t i = 0; i < pq->n && n < cap; i++) {
        const fh_qclause *c = &pq->clauses[i];
        const char *text = c->text;
        for (size_t k = 0; k < p->n; k++)
            if (p->clauses[k].origin == FH_ORIGIN_NEAR && p->clauses[k].query_clause == i)
                text = p->clauses[k].text;
        const char *op = c->occur == FH_Q_MUST_NOT ? "-" : c->occur == FH_Q_MUST && c->kind == FH_QC_WORD ? "+" : "";
        const char *q = c->kind == FH_QC_PHRASE ? "\"" : "";
        int w = snprintf(out + n, cap - n, "%s%s%s%s%s%s", n ? " " : "", op, q, text, q,
                         c->prefix ? "*" : "");
        if (w < 0) break;
        n += (size_t)w;
    }
}

typedef struct search_run {
    fh_store *s;
    const fh_query *q;
    const fh_parsed_query *pq;
    hit_relay relay;
    fh_facets *facets;
    int want_total;
    long total;
    fh_plan *plan;
} search_run;

/* The plan, then the relaxed plan when nothing matched every required
 * clause (a question quoting a title spelled otherwise in the text):
 * rather than no answer, rank by the same words with nothing required. */
static int search_with_retry(search_run *r, int *relaxed, fh_err *err)
{
    *relaxed = 0;
    if (make_plan(r->s, r->pq, 0, &r->plan, err) ||
        run_plan(r->s, r->q, r->plan, &r->relay, r->facets, r->want_total, &r->total, err))
        return -1;
    if (r->relay.delivered || r->q->offset || r->total || !fh_plan_can_relax(r->plan)) return 0;
    fh_plan_free(r->plan);
    r->plan = NULL;
    if (r->facets) { /* the facets of the relaxed search */
        fh_facets_free(r->facets);
        if (!(r->facets = fh_facets_new())) return fh_fail(err, "out of memory");
    }
    *relaxed = 1;
    return make_plan(r->s, r->pq, 1, &r->plan, err) ||
           run_plan(r->s, r->q, r->plan, &r->relay, r->facets, r->want_total, &r->total, err);
}

int fh_store_search(fh_store *s, const fh_query *q, fh_hit_fn on_hit, void *hit_ctx,
                    fh_facet_fn on_facet, void *facet_ctx, fh_search_info *info, fh_err *err)
{
    if (info) memset(info, 0, sizeof *info);
    fh_parsed_query *pq;
    if (check_query(q, &pq, err)) return -1;
    search_run r = {
        .s = s,
        .q = q,
        .pq = pq,
        .relay = {.fn = on_hit, .ctx = hit_ctx, .err = err},
        .want_total = info != NULL,
    };
    int rc = 0, relaxed = 0;
    if (on_facet && !(r.facets = fh_facets_new())) rc = fh_fail(err, "out of memory");
    if (s->be->search_start) s->be->search_start(s->db, q);
    if (!rc) rc = search_with_retry(&r, &relaxed, err);
    if (!rc && r.facets) fh_facets_emit(r.facets, on_facet, facet_ctx);
    if (!rc && info) {
        info->total = r.total;
        info->relaxed = relaxed;
        write_rewritten(pq, r.plan, info->rewritten, sizeof info->rewritten);
        if (s->be->search_done) s->be->search_done(s->db, info);
    }
    fh_facets_free(r.facets);
    fh_plan_free(r.plan);
    fh_query_free(pq);
    return rc;
}

int fh_store_highlighter(fh_store *s, const char *q, fh_highlighter **out, fh_err *err)
{
    *out = NULL;
    fh_parsed_query *pq;
    fh_plan *p;
    if (!q) return fh_fail(err, "no query given");
    if (fh_query_parse(q, strlen(q), &pq, err)) return -1;
    int rc = make_plan(s, pq, 0, &p, err);
    fh_query_free(pq);
    if (rc) return -1;
    *out = fh_highlighter_new(s->be->analyzer(s->db), p, err);
    /* the highlighter keeps pointers into the plan's terms */
    if (*out) fh_highlighter_own_plan(*out, p);
    else fh_plan_free(p);
    return *out ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* Documents and statistics                                            */
/* ------------------------------------------------------------------ */

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

/* ------------------------------------------------------------------ */
/* Parallel writers, shards                                            */
/* ------------------------------------------------------------------ */

int fh_store_partition(fh_store *s, const char *id, size_t id_len, int parts)
{
    if (parts <= 1) return 0;
    if (s->be->partition) return s->be->partition(s->db, id, id_len, parts);
    return (int)(fh_route_hash(id, id_len, 0) % (uint64_t)parts);
}

long fh_store_commit_lost(fh_store *s)
{
    return s->be->commit_lost ? s->be->commit_lost(s->db) : -1;
}

int fh_store_shard_init(const char *coordinator, const char *const *shard_urls, int n,
                        const fh_store_config *cfg, double timeout_s, char *report, size_t cap,
                        fh_err *err)
{
    if (cap) report[0] = '\0';
    if (!coordinator || !*coordinator) return fh_fail(err, "no coordinator given");
    if (n < 1) return fh_fail(err, "no shards given");
    const fh_store_backend *be = fh_store_backend_for(coordinator);
    if (!be || !be->shard_init)
        return fh_fail(err, "%.200s: only a postgresql:// coordinator can hold shards", coordinator);
    for (int i = 0; i < n; i++)
        if (fh_store_backend_for(shard_urls[i]) != be)
            return fh_fail(err, "%.200s: a shard must be a postgresql:// URL", shard_urls[i]);
    fh_store_config none = {0};
    return be->shard_init(coordinator, shard_urls, n, cfg ? cfg : &none, timeout_s, report, cap, err);
}
