/*
 * pool.c - a fixed set of read-only store handles for the HTTP workers.
 *
 * A store handle (one SQLite connection, or one PostgreSQL session) is
 * used by one thread at a time: a worker borrows one for the length of a
 * request and gives it back.  Each request runs its statements in their
 * own read transactions, so it sees only documents that an indexing run
 * has committed.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "http.h"

struct fh_pool {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    int n, nfree;
    fh_store **all;  /* every handle, for closing */
    fh_store **free; /* stack of free handles */
    int *up;         /* [i]: all[i] was up when last given back */
};

static int ignore_hit(void *ctx, const fh_hit *hit)
{
    (void)ctx;
    (void)hit;
    return 0;
}

static int ignore_entity(void *ctx, const char *type, const char *key, const char *name, long n)
{
    (void)ctx;
    (void)type;
    (void)key;
    (void)name;
    (void)n;
    return 0;
}

/* A handle's first search reads the schema and the full-text index
 * structure (tens of milliseconds, hundreds under load), and the rows
 * its entity facets read (a second for 30,000 articles); pay that at
 * start rather than in the first visitor's request.  Errors here are
 * ignored: a real request reports them. */
static void warm_up(fh_store *s)
{
    fh_entity_facet_sink sink = {ignore_entity, NULL, 0, ""};
    fh_query q = {.q = "warm", .limit = 1, .no_snippets = 1, .entity_facets = &sink};
    fh_err err;
    fh_search_info info;
    fh_store_search(s, &q, ignore_hit, NULL, NULL, NULL, &info, &err);
}

fh_pool *fh_pool_new(const char *target, int n, const fh_budget *b, fh_err *err)
{
    if (n < 1) n = 1;
    fh_pool *p = calloc(1, sizeof *p);
    if (!p || !(p->all = calloc((size_t)n, sizeof *p->all)) ||
        !(p->free = calloc((size_t)n, sizeof *p->free)) || !(p->up = calloc((size_t)n, sizeof *p->up))) {
        snprintf(err->msg, sizeof err->msg, "out of memory");
        if (p) {
            free(p->all);
            free(p->free);
        }
        free(p);
        return NULL;
    }
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->freed, NULL);
    for (int i = 0; i < n; i++) {
        if (fh_store_open(target, FH_STORE_READ, NULL, &p->all[i], err)) {
            p->n = i;
            fh_pool_free(p);
            return NULL;
        }
        p->free[i] = p->all[i];
        p->up[i] = 1;
        fh_store_set_budget(p->all[i], b);
        warm_up(p->all[i]);
    }
    p->n = p->nfree = n;
    return p;
}

void fh_pool_free(fh_pool *p)
{
    if (!p) return;
    for (int i = 0; i < p->n; i++) fh_store_close(p->all[i]);
    pthread_cond_destroy(&p->freed);
    pthread_mutex_destroy(&p->lock);
    free(p->all);
    free(p->free);
    free(p->up);
    free(p);
}

fh_store *fh_pool_take(fh_pool *p)
{
    pthread_mutex_lock(&p->lock);
    while (p->nfree == 0) pthread_cond_wait(&p->freed, &p->lock);
    fh_store *s = p->free[--p->nfree];
    pthread_mutex_unlock(&p->lock);
    return s;
}

void fh_pool_give(fh_pool *p, fh_store *s)
{
    int up = fh_store_up(s); /* read before another thread may take it */
    pthread_mutex_lock(&p->lock);
    for (int i = 0; i < p->n; i++)
        if (p->all[i] == s) p->up[i] = up;
    p->free[p->nfree++] = s;
    pthread_cond_signal(&p->freed);
    pthread_mutex_unlock(&p->lock);
}

void fh_pool_health(fh_pool *p, int *n, int *up)
{
    pthread_mutex_lock(&p->lock);
    *n = p->n;
    *up = 0;
    for (int i = 0; i < p->n; i++) *up += p->up[i];
    pthread_mutex_unlock(&p->lock);
}

static int is_up(const fh_pool *p, const fh_store *s)
{
    for (int i = 0; i < p->n; i++)
        if (p->all[i] == s) return p->up[i];
    return 1;
}

void fh_pool_revive(fh_pool *p)
{
    fh_store *s = NULL;
    pthread_mutex_lock(&p->lock);
    for (int k = 0; k < p->nfree && !s; k++) {
        if (is_up(p, p->free[k])) continue;
        s = p->free[k];
        p->free[k] = p->free[--p->nfree];
    }
    pthread_mutex_unlock(&p->lock);
    if (!s) return;
    fh_err err;
    fh_store_check(s, &err); /* opens it again when down and due */
    fh_pool_give(p, s);
}
