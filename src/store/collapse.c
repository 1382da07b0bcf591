/*
 * collapse.c - a search that shows a cluster of near-duplicates as one hit
 * (dups.h).  The backend's hits are read in rank order, more of them than
 * the page needs (again, with more, while copies leave the page short);
 * the first document of each cluster stands for it; the page's hits then
 * get their snippets and their cluster's other documents.
 */
#include <stdlib.h>
#include <string.h>

#include "dups.h"
#include "highlight.h"

/* At most this many hits are read to fill a page, or twice the page's end
 * for a deep page (an offset past it would otherwise come back empty). */
#define COLLAPSE_MAX_FETCH (4 * FH_MAX_LIMIT)

typedef struct kept {
    fh_hit hit;    /* strings point into strs */
    char *strs;
    char *cluster; /* NULL: the document has no record (its own cluster) */
} kept;

typedef struct collect {
    kept *h;
    size_t n, cap;
    int oom;
} collect;

static char *dup_str(const char *s, char **at)
{
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    memcpy(*at, s, n);
    char *r = *at;
    *at += n;
    return r;
}

static int on_collect(void *ctx, const fh_hit *h)
{
    collect *c = ctx;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        kept *p = realloc(c->h, cap * sizeof *p);
        if (!p) return c->oom = 1;
        c->h = p;
        c->cap = cap;
    }
    const char *f[6] = {h->id, h->title, h->date, h->source, h->category, h->url};
    size_t total = 0;
    for (int i = 0; i < 6; i++) total += f[i] ? strlen(f[i]) + 1 : 0;
    kept *k = &c->h[c->n];
    memset(k, 0, sizeof *k);
    if (!(k->strs = malloc(total ? total : 1))) return c->oom = 1;
    char *at = k->strs;
    k->hit.score = h->score;
    k->hit.id = dup_str(h->id, &at);
    k->hit.title = dup_str(h->title, &at);
    k->hit.date = dup_str(h->date, &at);
    k->hit.source = dup_str(h->source, &at);
    k->hit.category = dup_str(h->category, &at);
    k->hit.url = dup_str(h->url, &at);
    c->n++;
    return 0;
}

static void collect_clear(collect *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->h[i].strs);
        free(c->h[i].cluster);
    }
    c->n = 0;
}

static int on_cluster(void *ctx, size_t i, const char *cluster)
{
    collect *c = ctx;
    if (i < c->n && !c->h[i].cluster && !(c->h[i].cluster = strdup(cluster))) c->oom = 1;
    return 0;
}

static const char *cluster_of(const kept *k)
{
    return k->cluster ? k->cluster : k->hit.id;
}

/* Keep the first hit of each cluster (in place); returns how many. */
static size_t first_of_clusters(collect *c)
{
    size_t n = 0;
    for (size_t i = 0; i < c->n; i++) {
        int seen = 0;
        for (size_t j = 0; j < n && !seen; j++)
            seen = !strcmp(cluster_of(&c->h[j]), cluster_of(&c->h[i]));
        if (seen) {
            free(c->h[i].strs);
            free(c->h[i].cluster);
        } else {
            c->h[n++] = c->h[i];
        }
    }
    c->n = n;
    return n;
}

/* The other documents of a hit's cluster. */
typedef struct members {
    const char *self, *self_source;
    fh_dup *d;
    char **strs;
    size_t n, cap;
    int oom;
} members;

static int on_member(void *ctx, const char *cluster, const fh_dup *d)
{
    (void)cluster;
    members *m = ctx;
    if (!d->id || !strcmp(d->id, m->self)) return 0;
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 8;
        fh_dup *p = realloc(m->d, cap * sizeof *p);
        char **s = realloc(m->strs, cap * sizeof *s);
        if (p) m->d = p;
        if (s) m->strs = s;
        if (!p || !s) return m->oom = 1;
        m->cap = cap;
    }
    const char *f[5] = {d->id, d->title, d->source, d->date, d->url};
    size_t total = 0;
    for (int i = 0; i < 5; i++) total += f[i] ? strlen(f[i]) + 1 : 0;
    char *at = m->strs[m->n] = malloc(total ? total : 1);
    if (!at) return m->oom = 1;
    fh_dup *o = &m->d[m->n++];
    o->id = dup_str(d->id, &at);
    o->title = dup_str(d->title, &at);
    o->source = dup_str(d->source, &at);
    o->date = dup_str(d->date, &at);
    o->url = dup_str(d->url, &at);
    return 0;
}

static void members_free(members *m)
{
    for (size_t i = 0; i < m->n; i++) free(m->strs[i]);
    free(m->strs);
    free(m->d);
}

/* Distinct sources among the members, the hit's own left out. */
static size_t other_sources(const members *m)
{
    size_t n = 0;
    for (size_t i = 0; i < m->n; i++) {
        const char *s = m->d[i].source ? m->d[i].source : "";
        if (m->self_source && !strcmp(s, m->self_source)) continue;
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = !strcmp(s, m->d[j].source ? m->d[j].source : "");
        n += !seen;
    }
    return n;
}

typedef struct body_copy {
    char *p;
    size_t n;
} body_copy;

static int on_doc(void *ctx, const fh_doc *d)
{
    body_copy *b = ctx;
    if ((b->p = malloc(d->body_len + 1))) {
        memcpy(b->p, d->body, d->body_len);
        b->p[d->body_len] = '\0';
        b->n = d->body_len;
    }
    return 0;
}

/* Hand one kept hit over, with its snippet and its cluster's others. */
static int deliver(const fh_store_backend *be, fh_backend_db *db, const fh_highlighter *hl,
                   kept *k, int rank, fh_hit_fn on_hit, void *hit_ctx, int *stop, fh_err *err)
{
    members m = {.self = k->hit.id, .self_source = k->hit.source};
    body_copy body = {0};
    char *snippet = NULL;
    int rc = 0, found = 0;
    if (k->cluster) rc = be->dups_members(db, k->cluster, on_member, &m, err);
    if (!rc && m.oom) rc = fh_fail(err, "out of memory");
    if (!rc && hl) {
        size_t full = 0; /* the snippet reads the first FH_SNIPPET_SCAN_BYTES only */
        rc = be->get(db, k->hit.id, FH_SNIPPET_SCAN_BYTES, on_doc, &body, &found, &full, err);
        if (!rc && found && !body.p) rc = fh_fail(err, "out of memory");
        if (!rc) rc = fh_highlight_snippet(hl, body.p ? body.p : "", body.n, &snippet, err);
    }
    if (!rc) {
        fh_hit h = k->hit;
        h.rank = rank;
        h.snippet = snippet;
        h.dups = m.d;
        h.n_dups = m.n;
        h.dup_sources = other_sources(&m);
        *stop = on_hit(hit_ctx, &h);
    }
    free(snippet);
    free(body.p);
    members_free(&m);
    return rc;
}

int fh_collapse_search(const fh_store_backend *be, fh_backend_db *db, const fahras_analyzer *an,
                       const fh_query *q, fh_run_fn run, fh_hidden_fn hidden, void *run_ctx,
                       fh_hit_fn on_hit, void *hit_ctx, long *total, int *total_upper, fh_err *err)
{
    *total_upper = 0;
    fh_query qq = *q;
    qq.offset = 0;
    qq.no_snippets = 1;
    size_t want = (size_t)q->offset + (size_t)q->limit;
    size_t fetch = want * 2 + 10;
    size_t max_fetch = fetch > COLLAPSE_MAX_FETCH ? fetch : COLLAPSE_MAX_FETCH;
    collect c = {0};
    const fh_plan *plan = NULL;
    size_t kept_n = 0, read = 0;
    int rc = 0;
    for (;;) {
        if (fetch > max_fetch) fetch = max_fetch;
        qq.limit = (int)fetch;
        collect_clear(&c);
        if ((rc = run(run_ctx, &qq, on_collect, &c, total, &plan, err))) break;
        if (c.oom) {
            rc = fh_fail(err, "out of memory");
            break;
        }
        const char **ids = malloc((c.n ? c.n : 1) * sizeof *ids);
        if (!ids) {
            rc = fh_fail(err, "out of memory");
            break;
        }
        for (size_t i = 0; i < c.n; i++) ids[i] = c.h[i].hit.id;
        rc = c.n ? be->dups_clusters(db, ids, c.n, on_cluster, &c, err) : 0;
        free(ids);
        if (!rc && c.oom) rc = fh_fail(err, "out of memory");
        if (rc) break;
        read = c.n;
        kept_n = first_of_clusters(&c);
        if (kept_n >= want || read < fetch || fetch >= max_fetch) break;
        fetch *= 4;
    }
    if (!rc && read < fetch) {
        *total = (long)kept_n; /* every match read: its clusters */
    } else if (!rc) { /* the matches less their copies, counted by the backend */
        long h = 0;
        int known = hidden ? hidden(run_ctx, &h, err) : 0;
        if (known < 0) {
            rc = -1;
        } else if (known) {
            *total -= h;
        } else { /* too many copies to count: less those seen, at most that */
            *total -= (long)(read - kept_n);
            *total_upper = 1;
        }
    }
    fh_highlighter *hl = NULL;
    if (!rc && !q->no_snippets && plan && !(hl = fh_highlighter_new(an, plan, err))) rc = -1;
    int stop = 0;
    for (size_t i = (size_t)q->offset; !rc && !stop && i < kept_n && i < want; i++)
        rc = deliver(be, db, hl, &c.h[i], (int)i + 1, on_hit, hit_ctx, &stop, err);
    fh_highlighter_free(hl);
    collect_clear(&c);
    free(c.h);
    return rc;
}
