/*
 * shard_search.c - reading a sharded store: planning with the whole
 * collection's statistics, a search on every shard at once, statistics
 * and documents by id.
 *
 * The ranking needs N, the average field lengths and each clause's
 * document count over the whole collection.  Every shard keeps exact
 * statistics of its own documents, updated with each batch (write.c); the
 * whole collection's are their sums (a document is on one shard), read
 * once per search, for the query's clauses only, from every shard at once.
 * Each shard then ranks its matches with those numbers (fahras_rank's
 * n_docs, avg_lengths and dfs), so a score is the score a single database
 * holding every document would give.
 *
 * A search sends each shard one statement: its top offset+limit matches
 * (id, score, the small fields) and its number of matches; the
 * coordinator's side merges the lists by (score, id) and sums the counts.
 * Bodies, when snippets are wanted, are then fetched for the page's hits
 * only, and facets are counted on each shard and added up: only each
 * shard's best candidates and its counts travel, never all the matches.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_store.h"
#include "rank.h"

extern const fh_store_backend fh_backend_postgres;

void pg_shard_search_start(fh_backend_db *db, const fh_query *q)
{
    db->allow_partial = q->allow_partial;
    db->missing[0] = '\0';
    db->shard_bytes = 0;
    for (int i = 0; i < db->nshards; i++) db->shards[i].missing = 0;
    /* a shard lost earlier is tried again (one connection attempt, within
     * its connect_timeout) */
    for (int i = 0; i < db->nshards; i++) {
        fh_err ignored;
        if (!db->shards[i].db) pg_shard_db(db, i, &ignored);
    }
    /* the search's statements then have the whole timeout */
    db->deadline = pg_now() + db->timeout_s;
}

typedef struct coll_sums {
    double n, len, len_a;
} coll_sums;

static void add_collection(void *ctx, PGresult *r)
{
    coll_sums *s = ctx;
    if (PQntuples(r) != 1) return;
    s->n += atof(PQgetvalue(r, 0, 0));
    s->len += atof(PQgetvalue(r, 0, 1));
    s->len_a += atof(PQgetvalue(r, 0, 2));
}

int pg_shard_planning(fh_backend_db *db, fh_plan_opts *o, fh_plan_stats *st, fh_err *err)
{
    pg_plan_opts(o); /* a shard's store is one database's */
    memset(st, 0, sizeof *st);
    coll_sums s = {0, 0, 0};
    if (pg_collection_rows(db,
                           "SELECT ndocs, total_len, total_len_a FROM fahras_collection WHERE name = '"
                           PG_COLLECTION "'", 0, NULL, add_collection, &s, err,
                           "reading the collection size"))
        return -1;
    /* as fahras_rank computes them from one database's fahras_collection */
    db->g_ndocs = s.n;
    db->g_avg[FH_FIELD_TITLE] = s.n > 0 ? s.len_a / s.n : 1;
    db->g_avg[FH_FIELD_BODY] = s.n > 0 ? (s.len - s.len_a) / s.n : 1;
    st->n_docs = (long long)s.n;
    st->df = pg_plan_df;
    st->ctx = db;
    return 0;
}

/* One candidate of a shard's top list. */
typedef struct cand {
    int shard, row;
    double score;
    const char *id;
    const char *date; /* "" for none */
} cand;

static int by_score_then_id(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return strcmp(x->id, y->id);
}

/* By date (pg_order): documents without one last, then by score and id. */
static int by_date(const cand *x, const cand *y, int newest)
{
    int ex = !*x->date, ey = !*y->date;
    if (ex != ey) return ex - ey;
    int c = strcmp(x->date, y->date);
    if (c) return newest ? -c : c;
    return by_score_then_id(x, y);
}
static int by_newest(const void *a, const void *b) { return by_date(a, b, 1); }
static int by_oldest(const void *a, const void *b) { return by_date(a, b, 0); }

/* The shards' top lists, merged: cands[0..*n) in rank order; *total the
 * sum of the shards' match counts. */
static cand *merge_tops(fh_backend_db *db, PGresult **res, int sort, size_t *n, long *total)
{
    size_t k = 0, cap = 0;
    *total = 0;
    for (int i = 0; i < db->nshards; i++)
        if (res[i]) cap += (size_t)PQntuples(res[i]);
    cand *c = malloc((cap ? cap : 1) * sizeof *c);
    if (!c) return NULL;
    for (int i = 0; i < db->nshards; i++) {
        if (!res[i]) continue;
        if (PQntuples(res[i])) *total += atol(PQgetvalue(res[i], 0, 7));
        for (int r = 0; r < PQntuples(res[i]); r++)
            c[k++] = (cand){i, r, atof(PQgetvalue(res[i], r, 6)), PQgetvalue(res[i], r, 0),
                            PQgetvalue(res[i], r, 2)};
    }
    qsort(c, k, sizeof *c,
          sort == FH_SORT_NEWEST ? by_newest : sort == FH_SORT_OLDEST ? by_oldest : by_score_then_id);
    *n = k;
    return c;
}

/* The page's hits from the shards holding them (each is sent the page's
 * ids and answers with its own): their columns of pg_hit_fields, and with
 * bodies their bodies, into hits[j] for page[j], pointing into res; a hit
 * no shard holds any more keeps "" for them. */
static int fetch_hits(fh_backend_db *db, const cand *page, size_t n, int bodies, PGresult **res,
                      fh_backend_hit *hits, fh_err *err)
{
    int *only = calloc((size_t)db->nshards, sizeof *only);
    sbuf ids = {0}, sql = {0};
    int rc = only ? 0 : fh_fail(err, "out of memory");
    fh_sb_str(&ids, "{");
    for (size_t j = 0; !rc && j < n; j++) {
        only[page[j].shard] = 1;
        fh_sb_str(&ids, j ? ",\"" : "\"");
        for (const char *p = page[j].id; *p; p++) {
            if (*p == '"' || *p == '\\') fh_sb_str(&ids, "\\");
            fh_sb_add(&ids, p, 1);
        }
        fh_sb_str(&ids, "\"");
    }
    fh_sb_str(&ids, "}");
    /* with its boilerplate ranges, kept out of the snippet (boiler.h) */
    int masks = 1;
    for (int i = 0; !rc && i < db->nshards; i++)
        if (only[i] && db->shards[i].db && pg_boiler_have(db->shards[i].db, err) <= 0) masks = 0;
    fh_sb_str(&sql, "SELECT id, title, date, source, category, url, ");
    fh_sb_str(&sql, !bodies ? "NULL, NULL" : masks ? "body, boiler" : "body, NULL");
    fh_sb_str(&sql, " FROM fahras_docs WHERE id = ANY($1::text[])");
    if (!rc && (ids.oom || sql.oom)) rc = fh_fail(err, "out of memory");
    const char *vals[1] = {ids.p};
    if (!rc) rc = pg_fanout(db, sql.p, 1, vals, only, res, err, "reading the hits' text");
    for (size_t j = 0; !rc && j < n; j++) {
        PGresult *r = res[page[j].shard];
        fh_backend_hit *h = &hits[j];
        h->body = "";
        h->body_len = 0;
        h->hit.title = h->hit.date = h->hit.source = h->hit.category = h->hit.url = "";
        for (int row = 0; r && row < PQntuples(r); row++)
            if (!strcmp(PQgetvalue(r, row, 0), page[j].id)) {
                pg_hit_fields(h, r, row);
                h->body = PQgetvalue(r, row, 6);
                h->body_len = (size_t)PQgetlength(r, row, 6);
                h->mask = PQgetisnull(r, row, 7) ? NULL : PQgetvalue(r, row, 7);
                h->mask_len = h->mask ? (size_t)PQgetlength(r, row, 7) : 0;
            }
    }
    free(ids.p);
    free(sql.p);
    free(only);
    return rc;
}

/* The match's parameters and then the whole collection's statistics
 * (vals[n], vals[n + 1]), and the score on them as SQL, into rank. */
typedef struct global_rank {
    const char *vals[16];
    int n;
    char nd[40], avg[96], rank[200];
} global_rank;

static int global_rank_make(const fh_backend_db *db, const pg_match *m, global_rank *g, fh_err *err)
{
    int n = m->n_params;
    if (n + 2 > 16) return fh_fail(err, "too many parameters");
    memcpy(g->vals, m->params, sizeof(char *) * (size_t)n);
    if (m->browse) { /* no rank: nothing of the collection is read */
        g->n = n;
        snprintf(g->rank, sizeof g->rank, "0::float8");
        return 0;
    }
    snprintf(g->nd, sizeof g->nd, "%.17g", db->g_ndocs);
    snprintf(g->avg, sizeof g->avg, "{%.17g,%.17g}", db->g_avg[FH_FIELD_TITLE], db->g_avg[FH_FIELD_BODY]);
    g->vals[n] = g->nd;
    g->vals[n + 1] = g->avg;
    g->n = n + 2;
    snprintf(g->rank, sizeof g->rank,
             "fahras_rank(tsv, $2::tsquery[], '" PG_COLLECTION "', $3::float8[], $4::boolean[], "
             "$5::float8[], $%d::float8, $%d::float8[])", n + 1, n + 2);
    return 0;
}

/* The page: every shard's top offset+limit, merged; then the hits. */
static int page(fh_backend_db *db, const fh_backend_search *req, const pg_match *m, long *total,
                fh_err *err)
{
    char tail[160];
    global_rank g;
    if (global_rank_make(db, m, &g, err)) return -1;
    sbuf sql = {0};
    fh_sb_str(&sql, "SELECT d.id, d.title, d.date, d.source, d.category, d.url, h.score, h.total "
                    "FROM (SELECT id, date, ");
    fh_sb_str(&sql, g.rank);
    fh_sb_str(&sql, " AS score");
    pg_page_total(m, &sql);
    fh_sb_str(&sql, " FROM fahras_docs");
    fh_sb_str(&sql, pg_match_where(m));
    fh_sb_str(&sql, m->where.p);
    /* ties in the ids' byte order (by_score_then_id), whatever the collation */
    fh_sb_str(&sql, pg_match_order(m, req->q->sort));
    snprintf(tail, sizeof tail, " LIMIT %d", req->q->offset + req->q->limit);
    fh_sb_str(&sql, tail);
    fh_sb_str(&sql, ") h JOIN fahras_docs d ON d.id = h.id");
    fh_sb_str(&sql, pg_order(req->q->sort, "h."));
    if (sql.oom) return fh_fail(err, "out of memory");
    PGresult **res = calloc((size_t)db->nshards, sizeof *res);
    PGresult **bres = calloc((size_t)db->nshards, sizeof *bres);
    int rc = res && bres ? pg_fanout(db, sql.p, g.n, g.vals, NULL, res, err, "search")
                         : fh_fail(err, "out of memory");
    free(sql.p);
    size_t nc = 0;
    cand *c = rc ? NULL : merge_tops(db, res, req->q->sort, &nc, total);
    if (!rc && !c) rc = fh_fail(err, "out of memory");
    size_t from = (size_t)req->q->offset, to = from + (size_t)req->q->limit;
    if (to > nc) to = nc;
    if (from > to) from = to;
    fh_backend_hit *hits = calloc(to - from + 1, sizeof *hits);
    if (!rc && !hits) rc = fh_fail(err, "out of memory");
    if (!rc && req->want_bodies && to > from) rc = fetch_hits(db, c + from, to - from, 1, bres, hits, err);
    for (size_t j = from; !rc && j < to; j++) {
        PGresult *r = res[c[j].shard];
        int row = c[j].row;
        fh_backend_hit h = hits[j - from]; /* the body, when fetched */
        h.hit.rank = (int)j + 1;
        pg_hit_fields(&h, r, row);
        h.hit.score = c[j].score;
        if (req->on_hit(req->hit_ctx, &h)) break;
    }
    free(hits);
    free(c);
    if (res) pg_fanout_clear(db, res);
    if (bres) pg_fanout_clear(db, bres);
    free(res);
    free(bres);
    return rc;
}

/* A row of a shard's entity summaries, for the facets' merge: its
 * document as a candidate, rows of one document in their shard's order. */
typedef struct span_ref {
    cand c;
} span_ref;

static int by_row(const span_ref *x, const span_ref *y)
{
    return x->c.shard != y->c.shard ? x->c.shard - y->c.shard : x->c.row - y->c.row;
}
static int by_rank_then_row(const void *a, const void *b)
{
    int c = by_score_then_id(&((const span_ref *)a)->c, &((const span_ref *)b)->c);
    return c ? c : by_row(a, b);
}
static int by_newest_then_row(const void *a, const void *b)
{
    int c = by_date(&((const span_ref *)a)->c, &((const span_ref *)b)->c, 1);
    return c ? c : by_row(a, b);
}
static int by_oldest_then_row(const void *a, const void *b)
{
    int c = by_date(&((const span_ref *)a)->c, &((const span_ref *)b)->c, 0);
    return c ? c : by_row(a, b);
}

/* The page of a search asked for entity facets, from their ranking (one
 * ranking of the matches for both, as on one database): page[0..n) the
 * hits of ranks offset+1.., read whole from their shards. */
static int page_of_best(fh_backend_db *db, const fh_backend_search *req, const cand *page, size_t n,
                        fh_err *err)
{
    fh_backend_hit *hits = calloc(n + 1, sizeof *hits);
    PGresult **res = calloc((size_t)db->nshards, sizeof *res);
    int rc = hits && res ? 0 : fh_fail(err, "out of memory");
    if (!rc && n) rc = fetch_hits(db, page, n, req->want_bodies, res, hits, err);
    for (size_t j = 0; !rc && j < n; j++) {
        fh_backend_hit h = hits[j];
        if (!req->want_bodies) h.body = NULL, h.body_len = 0, h.mask = NULL, h.mask_len = 0;
        h.hit.rank = req->q->offset + (int)j + 1;
        h.hit.id = page[j].id;
        h.hit.score = page[j].score;
        if (req->on_hit(req->hit_ctx, &h)) break;
    }
    free(hits);
    if (res) pg_fanout_clear(db, res);
    free(res);
    return rc;
}

/* The entity facets: each shard's best FH_ENTITY_FACET_DOCS matches
 * (scored on the whole collection; a browse's first in its date order)
 * with their rows, merged in that order, the first FH_ENTITY_FACET_DOCS
 * documents counted, as on one database.  With with_page, req's page
 * comes from that ranking too (page_of_best), and *total: every match. */
static int entity_facets(fh_backend_db *db, const pg_match *m, const fh_backend_search *req, int with_page,
                         long *total, fh_err *err)
{
    global_rank g;
    if (global_rank_make(db, m, &g, err)) return -1;
    int sort = m->browse ? req->q->sort : FH_SORT_RELEVANCE;
    sbuf sql = {0};
    pg_facet_docs_sql(m, g.rank, sort, with_page, &sql);
    PGresult **res = calloc((size_t)db->nshards, sizeof *res);
    int rc = sql.oom || !res ? fh_fail(err, "out of memory")
                             : pg_fanout(db, sql.p, g.n, g.vals, NULL, res, err, "entity facets");
    free(sql.p);
    size_t n = 0;
    for (int i = 0; !rc && i < db->nshards; i++) n += res[i] ? (size_t)PQntuples(res[i]) : 0;
    span_ref *v = rc ? NULL : malloc((n + 1) * sizeof *v);
    cand *page = rc || !with_page ? NULL : malloc(((size_t)req->q->limit + 1) * sizeof *page);
    if (!rc && (!v || (with_page && !page))) rc = fh_fail(err, "out of memory");
    size_t k = 0, np = 0;
    for (int i = 0; !rc && i < db->nshards; i++)
        for (int row = 0; res[i] && row < PQntuples(res[i]); row++)
            v[k++] = (span_ref){{i, row, atof(PQgetvalue(res[i], row, 6)), PQgetvalue(res[i], row, 0),
                                 PQgetvalue(res[i], row, 7)}};
    if (!rc)
        qsort(v, k, sizeof *v, sort == FH_SORT_NEWEST ? by_newest_then_row
                               : sort == FH_SORT_OLDEST ? by_oldest_then_row : by_rank_then_row);
    long docs = 0, doc = -1; /* matches read; those with rows, numbered */
    for (size_t j = 0; !rc && j < k; j++) {
        PGresult *r = res[v[j].c.shard];
        int row = v[j].c.row, first = !j || strcmp(v[j].c.id, v[j - 1].c.id);
        if (first && ++docs > FH_ENTITY_FACET_DOCS) break;
        if (first && page && docs > req->q->offset && np < (size_t)req->q->limit) page[np++] = v[j].c;
        if (PQgetisnull(r, row, 1)) continue;
        if (first) doc++;
        fh_entfacets_row(req->entfacets, doc, atoi(PQgetvalue(r, row, 1)), PQgetvalue(r, row, 2),
                         PQgetvalue(r, row, 3), atol(PQgetvalue(r, row, 4)),
                         PQgetisnull(r, row, 5) ? NULL : PQgetvalue(r, row, 5));
    }
    if (!rc && with_page) {
        *total = 0;
        for (int i = 0; i < db->nshards; i++)
            if (res[i] && PQntuples(res[i])) *total += atol(PQgetvalue(res[i], 0, 8));
        rc = page_of_best(db, req, page, np, err);
    }
    free(page);
    free(v);
    if (res) pg_fanout_clear(db, res);
    free(res);
    return rc;
}

static void add_facets(void *ctx, PGresult *r) { pg_facets_read(r, ctx); }

typedef struct top_ctx {
    fh_facets *f;
    int kind;
} top_ctx;

static void add_top(void *ctx, PGresult *r)
{
    top_ctx *t = ctx;
    for (int i = 0; i < PQntuples(r); i++)
        fh_facets_add_top(t->f, t->kind, PQgetvalue(r, i, 0), atol(PQgetvalue(r, i, 1)));
}

int pg_shard_search(fh_backend_db *db, const fh_backend_search *req, long *total, fh_err *err)
{
    pg_match m;
    if (pg_translate(db, req->plan, req->q, &m, err)) return -1;
    long n = 0;
    int rc = pg_spans_where(db, req->ents, &m, err);
    int by_index = pg_scan_by_index(db, m.broad);
    int one_ranking = pg_one_ranking(req, &m);
    if (!rc && req->entfacets) rc = entity_facets(db, &m, req, one_ranking, &n, err);
    if (!rc && !one_ranking) rc = page(db, req, &m, &n, err);
    if (!rc && req->facets) {
        sbuf sql = {0};
        pg_facets_sql(&m, &sql);
        rc = sql.oom ? fh_fail(err, "out of memory")
                     : pg_collection_rows(db, sql.p, m.n_params, m.params, add_facets, req->facets,
                                          err, "facets");
        free(sql.p);
    }
    /* A kind with too many values: each shard's top values, added up (the
     * global top of values spread thinly over shards may differ). */
    for (int k = 0; !rc && req->facets && k < FH_FACET_KINDS; k++) {
        if (!fh_facets_overflowed(req->facets, k)) continue;
        sbuf sql = {0};
        top_ctx t = {req->facets, k};
        pg_facet_top_sql(&m, k, &sql);
        rc = sql.oom ? fh_fail(err, "out of memory")
                     : pg_collection_rows(db, sql.p, m.n_params, m.params, add_top, &t, err, "facets");
        free(sql.p);
    }
    if (!rc) *total = n;
    pg_scan_restore(db, by_index);
    pg_match_free(&m);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Documents and statistics                                            */
/* ------------------------------------------------------------------ */

int pg_shard_get(fh_backend_db *db, const char *id, size_t max_body, fh_doc_fn fn, void *ctx,
                 int *found, size_t *body_full, fh_err *err)
{
    int i = pg_shard_of(db, id, strlen(id));
    fh_backend_db *s = pg_shard_db(db, i, err);
    if (!s) return -1;
    if (!fh_backend_postgres.get(s, id, max_body, fn, ctx, found, body_full, err)) return 0;
    /* lost: connected again at the next request (or, in a batch, reported) */
    if (PQstatus(s->conn) == CONNECTION_BAD) pg_shard_drop(db, i, err->msg);
    return -1;
}

typedef struct stats_sums {
    long docs;
    long long bytes;
    char date_min[40], date_max[40];
    char **sources;
    size_t n_sources, cap;
    int oom;
} stats_sums;

static void add_stats(void *ctx, PGresult *r)
{
    stats_sums *s = ctx;
    s->docs += atol(PQgetvalue(r, 0, 0));
    const char *lo = PQgetvalue(r, 0, 1), *hi = PQgetvalue(r, 0, 2);
    if (*lo && (!*s->date_min || strcmp(lo, s->date_min) < 0)) snprintf(s->date_min, sizeof s->date_min, "%s", lo);
    if (*hi && strcmp(hi, s->date_max) > 0) snprintf(s->date_max, sizeof s->date_max, "%s", hi);
    s->bytes += atoll(PQgetvalue(r, 0, 3));
}

static void add_sources(void *ctx, PGresult *r)
{
    stats_sums *s = ctx;
    for (int i = 0; i < PQntuples(r); i++) {
        if (s->n_sources == s->cap) {
            size_t cap = s->cap ? 2 * s->cap : 64;
            char **p = realloc(s->sources, cap * sizeof *p);
            if (!p) {
                s->oom = 1;
                return;
            }
            s->sources = p;
            s->cap = cap;
        }
        if (!(s->sources[s->n_sources] = strdup(PQgetvalue(r, i, 0)))) {
            s->oom = 1;
            return;
        }
        s->n_sources++;
    }
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The values of every shard, added up by store.c; the shards connected
 * first, as for a search. */
int pg_shard_values(fh_backend_db *db, int kind, int (*fn)(void *ctx, const char *value, long count),
                    void *ctx, fh_err *err)
{
    fh_query q = {0};
    pg_shard_search_start(db, &q);
    return pg_values(db, kind, fn, ctx, err);
}

int pg_shard_stats(fh_backend_db *db, fh_stats *out, fh_err *err)
{
    stats_sums s;
    memset(&s, 0, sizeof s);
    fh_query q = {0};
    pg_shard_search_start(db, &q);
    int rc = pg_collection_rows(db,
                                "SELECT count(*), coalesce(min(date), ''), coalesce(max(date), ''), "
                                "pg_total_relation_size('fahras_docs') FROM fahras_docs",
                                0, NULL, add_stats, &s, err, "stats");
    /* sources are counted once however many shards hold them */
    if (!rc)
        rc = pg_collection_rows(db, "SELECT DISTINCT source FROM fahras_docs WHERE source IS NOT NULL",
                                0, NULL, add_sources, &s, err, "stats");
    if (!rc && s.oom) rc = fh_fail(err, "out of memory");
    if (!rc) {
        if (s.n_sources > 1) qsort(s.sources, s.n_sources, sizeof *s.sources, by_string);
        out->sources = 0;
        for (size_t i = 0; i < s.n_sources; i++)
            if (!i || strcmp(s.sources[i], s.sources[i - 1])) out->sources++;
        out->documents = s.docs;
        out->size_bytes = s.bytes;
        snprintf(out->date_min, sizeof out->date_min, "%s", s.date_min);
        snprintf(out->date_max, sizeof out->date_max, "%s", s.date_max);
        snprintf(out->analyzer_version, sizeof out->analyzer_version, "%d.%d", FAHRAS_VERSION_MAJOR,
                 FAHRAS_VERSION_MINOR);
        snprintf(out->analyzer_options, sizeof out->analyzer_options, "%s", db->describe);
        snprintf(out->backend, sizeof out->backend, "postgresql");
        out->shards = db->nshards;
    }
    for (size_t i = 0; i < s.n_sources; i++) free(s.sources[i]);
    free(s.sources);
    return rc;
}
