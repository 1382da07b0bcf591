/*
 * http.h - the fahras HTTP server (`fahras serve`): a JSON API over the
 * document store and the static search page, on libmicrohttpd.
 *
 * Layout:
 *   server.c  daemon setup, request routing, security headers, shutdown
 *   api.c     /api/search, /api/doc/{id}, /api/stats, /healthz (jansson)
 *   static.c  files of the web page, only from the page's own directory
 *   pool.c    read-only store handles shared by the worker threads
 */
#ifndef FAHRAS_HTTP_H
#define FAHRAS_HTTP_H

#include <stddef.h>

#include "store.h"

/* Limits of the HTTP layer (the store's own are in store.h). */
#define FH_HTTP_MAX_PARAM_BYTES 512     /* source, category, from, to, limit, offset */
#define FH_HTTP_MAX_OFFSET 100000       /* deepest page start */
#define FH_HTTP_DEFAULT_LIMIT 10
#define FH_HTTP_CONN_MEMORY (64 * 1024) /* per connection: request line + headers */
#define FH_HTTP_TIMEOUT_S 15            /* idle connection timeout */
#define FH_HTTP_MAX_CONNECTIONS 1024    /* open connections */
#define FH_HTTP_REQUEST_DEADLINE_S 10   /* a whole request within this of opening or of the
                                           previous answer (or --timeout, when shorter) */
#define FH_HTTP_MAX_QUEUED 256          /* store requests waiting for a worker; more: 503 */
#define FH_HTTP_IO_THREADS 2            /* libmicrohttpd's threads (I/O only) */
#define FH_HTTP_SEARCH_MS 10000         /* default time budget of a store request */
#define FH_HTTP_DOC_MAX_BYTES ((size_t)2 << 20)      /* of a body in /api/doc */
#define FH_HTTP_DOC_MAX_TITLE_BYTES ((size_t)64 << 10) /* of a title in /api/doc */
#define FH_HTTP_DOC_MAX_EXTRA_BYTES ((size_t)256 << 10) /* of the other fields' JSON */

/* ------------------------------------------------------------------ */
/* Store pool                                                          */
/* ------------------------------------------------------------------ */

typedef struct fh_pool fh_pool;

/** Open n read-only handles on target, each with the work budget b (NULL:
 *  none).  Returns NULL with err filled on failure.  The caller owns the
 *  pool (fh_pool_free). */
fh_pool *fh_pool_new(const char *target, int n, const fh_budget *b, fh_err *err);
/** How many handles there are and how many are up (as of their last
 *  request or check); never waits for a handle. */
void fh_pool_health(fh_pool *p, int *n, int *up);
/** Try to open again the free handles whose store went away (each at its
 *  own backoff, store.h). */
void fh_pool_revive(fh_pool *p);
/** Close every handle.  NULL-safe.  No handle may be checked out. */
void fh_pool_free(fh_pool *p);
/** Borrow a handle, waiting until one is free.  Never NULL. */
fh_store *fh_pool_take(fh_pool *p);
/** Give back a handle obtained from fh_pool_take. */
void fh_pool_give(fh_pool *p, fh_store *s);


/* ------------------------------------------------------------------ */
/* Responses                                                           */
/* ------------------------------------------------------------------ */

/* A response built by a handler: status, content type and a body the
 * response owns (malloc'd; freed by fh_reply_clear), or an open file
 * descriptor (owned; body NULL) for static files. */
typedef struct fh_reply {
    unsigned status;
    const char *content_type; /* static string */
    char *body;
    size_t body_len;
    int fd;                   /* -1 unless a file is served */
    size_t file_size;
    const char *allow;        /* Allow header for 405, static string */
    const char *cache;        /* Cache-Control value, static string */
    int retry_after;          /* > 0: a Retry-After header, in seconds */
} fh_reply;

void fh_reply_init(fh_reply *r);
void fh_reply_clear(fh_reply *r);

/** Fill r with the JSON error {"error": {"status", "code", "message"
 *  [, "parameter"]}}.  parameter may be NULL. */
void fh_reply_error(fh_reply *r, unsigned status, const char *code, const char *parameter,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* ------------------------------------------------------------------ */
/* API handlers                                                        */
/* ------------------------------------------------------------------ */

/* One query-string argument, as received (already percent-decoded;
 * value may contain NUL bytes, which is why its length is kept). */
typedef struct fh_arg {
    const char *key;
    size_t key_len;
    const char *value; /* NULL for "?key" without '=' */
    size_t value_len;
} fh_arg;

typedef struct fh_args {
    fh_arg items[32];
    int n;
    int overflow; /* more than 32 arguments were sent */
} fh_args;

/* What /healthz reports: the store workers and the store's state. */
typedef struct fh_health {
    int workers, busy, queued; /* store workers, those working, requests waiting */
    int connections;           /* open connections */
    int stores, stores_up;     /* store handles, those up */
} fh_health;

void fh_api_search(fh_pool *pool, const fh_args *args, fh_reply *r);
void fh_api_doc(fh_pool *pool, const char *id, size_t id_len, const fh_args *args, fh_reply *r);
/* GET /api/doc?id=ID[&q=]: the same, for ids a path cannot hold ("." and
 * "..", which every client folds away as path segments). */
void fh_api_doc_by_query(fh_pool *pool, const fh_args *args, fh_reply *r);
void fh_api_stats(fh_pool *pool, const fh_args *args, fh_reply *r);
void fh_api_healthz(const fh_health *h, const fh_args *args, fh_reply *r);

/* ------------------------------------------------------------------ */
/* Static files                                                        */
/* ------------------------------------------------------------------ */

typedef struct fh_static fh_static;

/** Root the page at web_dir (holding public/ and, after `npm ci`,
 *  node_modules/@fontsource/...).  Returns NULL with err filled when
 *  web_dir/public/index.html is missing.  Caller frees (fh_static_free). */
fh_static *fh_static_new(const char *web_dir, fh_err *err);
void fh_static_free(fh_static *st); /* NULL-safe */
/** The resolved public directory (owned by st). */
const char *fh_static_root(const fh_static *st);
/** Non-zero when the shipped Arabic font was found. */
int fh_static_has_font(const fh_static *st);
/** Answer a GET for path (percent-decoded, starts with '/'). */
void fh_static_serve(const fh_static *st, const char *path, fh_reply *r);

/* ------------------------------------------------------------------ */
/* Server                                                              */
/* ------------------------------------------------------------------ */

typedef struct fh_server_config {
    const char *db;      /* store target (SQLite path or postgresql:// URL) */
    const char *host;    /* IPv4 or IPv6 literal; default 127.0.0.1 */
    int port;            /* 0 = any free port */
    int threads;         /* worker threads = store handles */
    const char *web_dir; /* see fh_static_new */
    int access_log;      /* one line per request on stderr */
    int timeout_s;       /* idle connection timeout; 0 = FH_HTTP_TIMEOUT_S */
    long long max_search_steps; /* work budget of a store request (fh_budget); 0: none */
    long max_search_ms;         /* time budget of a store request; 0: none */
} fh_server_config;

typedef struct fh_server fh_server;

/** Start serving.  Returns NULL with err filled on failure.  The caller
 *  owns the server and stops it with fh_server_stop. */
fh_server *fh_server_start(const fh_server_config *cfg, fh_err *err);
/** Non-zero when the page's Arabic font package was found. */
int fh_server_has_font(const fh_server *srv);
/** The port actually bound (useful with port 0). */
int fh_server_port(const fh_server *srv);
/** Stop accepting, finish or close open connections, free everything.
 *  NULL-safe. */
void fh_server_stop(fh_server *srv);

#endif
