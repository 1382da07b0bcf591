/*
 * server.c - the libmicrohttpd daemon of `fahras serve`: routing, request
 * limits, security headers, access log and shutdown.
 *
 * libmicrohttpd parses HTTP; we only route.  Its I/O threads answer what
 * needs no database at once (/healthz, the page's files, errors); a request
 * for the store (search, document, statistics) is suspended and queued for
 * the store workers, one thread per store handle, and resumed with its
 * answer.  So no search, however long, holds up /healthz or a file, and a
 * full queue is answered 503 at once instead of growing.
 *
 * Connections: at most FH_HTTP_MAX_CONNECTIONS; a connection must deliver a
 * whole request within FH_HTTP_REQUEST_DEADLINE_S of opening (or of its
 * previous answer), however slowly it sends, and when three quarters of
 * the connections are taken, the ones waiting longest for a request are
 * closed first (a watchdog, once a second).  Idle connections close after
 * --timeout.  Only GET and HEAD are served; a request that announces a
 * body is refused with 413 before the body is read.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <pthread.h>

#include <jansson.h>
#include <microhttpd.h>

#include "http.h"

/* The store endpoints, answered by the workers. */
enum { EP_NONE, EP_SEARCH, EP_DOC, EP_DOC_QUERY, EP_STATS };

/* Per-request state, made by on_uri and freed by on_completed.  A request
 * for the store is also a job of the queue. */
typedef struct fh_request {
    int started;     /* on_request has seen the headers */
    int nul_in_path; /* the raw path holds %00 */
    int endpoint;    /* EP_*: queued for a worker */
    int done;        /* the worker's answer is in reply */
    struct MHD_Connection *conn;
    const char *url; /* decoded path (connection memory, valid while suspended) */
    fh_args args;
    fh_reply reply;
    double t0;
    struct fh_request *next;
} fh_request;

/* A connection as the watchdog sees it (libmicrohttpd's socket context). */
typedef struct fh_conn {
    int fd;
    double since; /* opened, or answered last: waiting for a request since */
    int in_request; /* a whole request is in and not yet answered */
    struct fh_conn *prev, *next;
} fh_conn;

struct fh_server {
    struct MHD_Daemon *daemon;
    fh_pool *pool;
    fh_static *files;
    int port;
    int access_log;
    int loopback; /* listening on a loopback address: check Host */
    /* the store workers and their queue */
    pthread_mutex_t qlock;
    pthread_cond_t qcond;
    fh_request *qhead, *qtail;
    int queued, busy, n_workers, closing;
    pthread_t *workers;
    int workers_started;
    /* open connections, for the watchdog */
    pthread_mutex_t clock;
    fh_conn *conns;
    int n_conns, request_deadline_s;
    pthread_t watchdog;
    int watchdog_started, watchdog_stop;
    pthread_cond_t wcond;
    int quiesced_fd; /* the listening socket, once quiesced (-1 before) */
};

/* Sent with every answer: the page loads nothing from elsewhere and
 * runs no inline script, so even a mistake in escaping article text
 * could not execute it. */
static const char CSP[] = "default-src 'none'; script-src 'self'; style-src 'self'; "
                          "font-src 'self'; img-src 'self' data:; connect-src 'self'; "
                          "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                   size_t key_size, const char *value, size_t value_size)
{
    (void)kind;
    fh_args *args = cls;
    if (args->n == (int)(sizeof args->items / sizeof *args->items)) {
        args->overflow = 1;
        return MHD_NO;
    }
    args->items[args->n++] = (fh_arg){key, key_size, value, value_size};
    return MHD_YES;
}

static enum MHD_Result send_reply(struct MHD_Connection *conn, fh_reply *r)
{
    struct MHD_Response *resp;
    if (r->fd >= 0) {
        resp = MHD_create_response_from_fd(r->file_size, r->fd);
        if (resp) r->fd = -1; /* the response owns it now */
    } else {
        resp = MHD_create_response_from_buffer(r->body_len, r->body, MHD_RESPMEM_MUST_FREE);
        if (resp) r->body = NULL;
    }
    if (!resp) return MHD_NO;
    MHD_add_response_header(resp, "Content-Type", r->content_type ? r->content_type
                                                                  : "application/octet-stream");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Content-Security-Policy", CSP);
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Cache-Control", r->cache ? r->cache : "no-store");
    if (r->allow) MHD_add_response_header(resp, "Allow", r->allow);
    if (r->retry_after > 0) {
        char secs[16];
        snprintf(secs, sizeof secs, "%d", r->retry_after);
        MHD_add_response_header(resp, "Retry-After", secs);
    }
    enum MHD_Result ok = MHD_queue_response(conn, r->status, resp);
    MHD_destroy_response(resp);
    return ok;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* On a loopback server, a Host header naming anything but a loopback
 * address means a page elsewhere reached us through DNS rebinding
 * (evil.example resolving to 127.0.0.1): refuse it.  No Host (HTTP/1.0)
 * is fine. */
static int host_allowed(const char *host)
{
    if (!host) return 1;
    char name[256];
    size_t n;
    if (host[0] == '[') {
        host++;
        n = strcspn(host, "]");
    } else {
        n = strcspn(host, ":");
    }
    if (n == 0 || n >= sizeof name) return 0;
    memcpy(name, host, n);
    name[n] = 0;
    struct in_addr a4;
    struct in6_addr a6;
    if (!strcasecmp(name, "localhost")) return 1;
    if (inet_pton(AF_INET, name, &a4) == 1) return (ntohl(a4.s_addr) >> 24) == 127;
    if (inet_pton(AF_INET6, name, &a6) == 1) return IN6_IS_ADDR_LOOPBACK(&a6);
    return 0;
}

/* ------------------------------------------------------------------ */
/* The store workers                                                   */
/* ------------------------------------------------------------------ */

static void answer_job(fh_server *srv, fh_request *req)
{
    switch (req->endpoint) {
    case EP_SEARCH: fh_api_search(srv->pool, &req->args, &req->reply); break;
    case EP_DOC:
        fh_api_doc(srv->pool, req->url + 9, strlen(req->url + 9), &req->args, &req->reply);
        break;
    case EP_DOC_QUERY: fh_api_doc_by_query(srv->pool, &req->args, &req->reply); break;
    default: fh_api_stats(srv->pool, &req->args, &req->reply); break;
    }
}

static void *worker_main(void *arg)
{
    fh_server *srv = arg;
    pthread_mutex_lock(&srv->qlock);
    for (;;) {
        while (!srv->qhead && !srv->closing) {
            /* idle: a store that went away is tried again in the
             * background (at its own pace), so /healthz sees it come back */
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_sec += 1;
            if (pthread_cond_timedwait(&srv->qcond, &srv->qlock, &until) && !srv->qhead &&
                !srv->closing) {
                pthread_mutex_unlock(&srv->qlock);
                fh_pool_revive(srv->pool);
                pthread_mutex_lock(&srv->qlock);
            }
        }
        fh_request *req = srv->qhead;
        if (!req) break; /* closing, queue empty */
        srv->qhead = req->next;
        if (!srv->qhead) srv->qtail = NULL;
        srv->queued--;
        srv->busy++;
        pthread_mutex_unlock(&srv->qlock);
        answer_job(srv, req);
        req->done = 1;
        pthread_mutex_lock(&srv->qlock);
        srv->busy--;
        /* resumed under the lock: stopping waits for the queue to drain */
        MHD_resume_connection(req->conn);
    }
    pthread_mutex_unlock(&srv->qlock);
    return NULL;
}

/* Queue req for a worker; 0, or -1 when the queue is full or closing. */
static int enqueue(fh_server *srv, fh_request *req)
{
    pthread_mutex_lock(&srv->qlock);
    int full = srv->closing || srv->queued >= FH_HTTP_MAX_QUEUED;
    if (!full) {
        req->next = NULL;
        if (srv->qtail) srv->qtail->next = req;
        else srv->qhead = req;
        srv->qtail = req;
        srv->queued++;
        MHD_suspend_connection(req->conn);
        pthread_cond_signal(&srv->qcond);
    }
    pthread_mutex_unlock(&srv->qlock);
    return full ? -1 : 0;
}

static void healthz(fh_server *srv, const fh_args *args, fh_reply *r)
{
    fh_health h;
    memset(&h, 0, sizeof h);
    pthread_mutex_lock(&srv->qlock);
    h.workers = srv->n_workers;
    h.busy = srv->busy;
    h.queued = srv->queued;
    pthread_mutex_unlock(&srv->qlock);
    pthread_mutex_lock(&srv->clock);
    h.connections = srv->n_conns;
    pthread_mutex_unlock(&srv->clock);
    fh_pool_health(srv->pool, &h.stores, &h.stores_up);
    fh_api_healthz(&h, args, r);
}

/* The endpoint a path names (EP_NONE: not a store endpoint). */
static int store_endpoint(const char *url)
{
    if (!strcmp(url, "/api/search")) return EP_SEARCH;
    if (!strncmp(url, "/api/doc/", 9)) return EP_DOC;
    if (!strcmp(url, "/api/doc")) return EP_DOC_QUERY;
    if (!strcmp(url, "/api/stats")) return EP_STATS;
    return EP_NONE;
}

/* Answer a request at once, or return 1 when it went to the queue. */
static int route(fh_server *srv, struct MHD_Connection *conn, fh_request *req, const char *method,
                 const char *url, fh_reply *r)
{
    if (srv->loopback) {
        const char *host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Host");
        if (!host_allowed(host)) {
            fh_reply_error(r, 421, "misdirected_host", NULL,
                           "this server answers to localhost only (Host header names another site)");
            return 0;
        }
    }
    if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
        fh_reply_error(r, 405, "method_not_allowed", NULL,
                       "method %s is not allowed; use GET", method);
        r->allow = "GET, HEAD";
        return 0;
    }
    /* A GET carries no body; refuse one before reading it. */
    const char *clen = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    const char *te = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Transfer-Encoding");
    if ((clen && strspn(clen, "0") != strlen(clen)) || te) {
        fh_reply_error(r, 413, "body_not_accepted", NULL,
                       "this server takes no request body (Content-Length %s)",
                       clen ? clen : "chunked");
        return 0;
    }
    fh_args *args = &req->args;
    memset(args, 0, sizeof *args);
    MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, collect_arg, args);

    int ep = store_endpoint(url);
    if (ep != EP_NONE) {
        req->endpoint = ep;
        req->conn = conn;
        req->url = url;
        if (!enqueue(srv, req)) return 1;
        req->endpoint = EP_NONE;
        fh_reply_error(r, 503, "busy", NULL,
                       "the server is stopping, or has %d requests waiting for the database "
                       "already; try again shortly",
                       FH_HTTP_MAX_QUEUED);
        r->retry_after = 1;
    } else if (!strcmp(url, "/healthz")) {
        healthz(srv, args, r);
    } else if (!strncmp(url, "/api/", 5) || !strcmp(url, "/api")) {
        fh_reply_error(r, 404, "not_found", NULL, "no such API endpoint: %s", url);
    } else {
        fh_static_serve(srv->files, url, r);
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Requests                                                            */
/* ------------------------------------------------------------------ */

static void log_request(fh_server *srv, const char *method, const char *url, unsigned status,
                        double t0)
{
    if (!srv->access_log) return;
    /* The path is decoded: keep control bytes out of the log. */
    char shown[512];
    size_t n = 0;
    for (const char *p = url; *p && n < sizeof shown - 1; p++)
        shown[n++] = ((unsigned char)*p < 0x20 || *p == 0x7f) ? '?' : *p;
    shown[n] = 0;
    fprintf(stderr, "fahras serve: %s %s %u %.1fms\n", method, shown, status, now_ms() - t0);
}

/* The watchdog's record of conn. */
static fh_conn *conn_record(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

static void mark_request(fh_server *srv, struct MHD_Connection *conn, int in_request)
{
    fh_conn *c = conn_record(conn);
    if (!c) return;
    pthread_mutex_lock(&srv->clock);
    c->in_request = in_request;
    if (!in_request) c->since = now_ms() / 1e3;
    pthread_mutex_unlock(&srv->clock);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **req_cls)
{
    (void)version;
    (void)upload_data;
    fh_server *srv = cls;
    fh_request *req = *req_cls;
    if (!req) return MHD_NO; /* no state from on_uri: out of memory */
    if (req->done) { /* a worker's answer: the connection was resumed */
        enum MHD_Result ok = send_reply(conn, &req->reply);
        log_request(srv, method, url, req->reply.status, req->t0);
        fh_reply_clear(&req->reply);
        return ok;
    }
    if (req->endpoint) return MHD_YES; /* queued (not reached: suspended) */
    if (!req->started) {
        /* First call: headers are in.  Refuse a body right away (the
         * connection is then closed unread); otherwise answer on the next
         * call, once libmicrohttpd has the whole request, which keeps the
         * connection open for the next request. */
        req->started = 1;
        mark_request(srv, conn, 1);
        const char *clen = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        const char *te = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Transfer-Encoding");
        int has_body = (clen && strspn(clen, "0") != strlen(clen)) || te;
        int allowed = !strcmp(method, "GET") || !strcmp(method, "HEAD");
        if (allowed && !has_body) return MHD_YES;
    } else if (*upload_data_size) {
        *upload_data_size = 0; /* not reached: bodies are refused above */
        return MHD_YES;
    }
    req->t0 = srv->access_log ? now_ms() : 0;
    fh_reply r;
    fh_reply_init(&r);
    if (req->nul_in_path)
        fh_reply_error(&r, 400, "bad_path", NULL, "the path holds an encoded NUL byte (%%00)");
    else if (route(srv, conn, req, method, url, &r))
        return MHD_YES; /* suspended until a worker has the answer */
    enum MHD_Result ok = send_reply(conn, &r);
    log_request(srv, method, url, r.status, req->t0);
    fh_reply_clear(&r);
    return ok;
}

/* Called with the raw request target before it is decoded: the decoded
 * path handed to on_request is a C string, so an encoded NUL would cut it
 * short ("/index.html%00.png") unnoticed.  Caught here instead. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)cls;
    (void)conn;
    fh_request *req = calloc(1, sizeof *req);
    if (!req) return NULL;
    fh_reply_init(&req->reply);
    size_t path_len = strcspn(uri, "?");
    for (size_t i = 0; i + 2 < path_len; i++)
        if (uri[i] == '%' && uri[i + 1] == '0' && uri[i + 2] == '0') req->nul_in_path = 1;
    return req;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)toe;
    fh_request *req = *req_cls;
    if (req) fh_reply_clear(&req->reply);
    free(req);
    *req_cls = NULL;
    mark_request(cls, conn, 0);
}

/* Connections opened and closed: the watchdog's list. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    fh_server *srv = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        fh_conn *c = calloc(1, sizeof *c);
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (!c || !ci) {
            free(c);
            return;
        }
        c->fd = ci->connect_fd;
        c->since = now_ms() / 1e3;
        pthread_mutex_lock(&srv->clock);
        c->next = srv->conns;
        if (srv->conns) srv->conns->prev = c;
        srv->conns = c;
        srv->n_conns++;
        pthread_mutex_unlock(&srv->clock);
        *socket_context = c;
    } else if (*socket_context) {
        /* libmicrohttpd closes the socket after this returns: the watchdog
         * (under the same lock) never touches a closed descriptor */
        fh_conn *c = *socket_context;
        pthread_mutex_lock(&srv->clock);
        if (c->prev) c->prev->next = c->next;
        else srv->conns = c->next;
        if (c->next) c->next->prev = c->prev;
        srv->n_conns--;
        pthread_mutex_unlock(&srv->clock);
        free(c);
        *socket_context = NULL;
    }
}

/* Once a second: close connections that have not delivered a request
 * within the deadline, and, while three quarters of the connections are
 * taken, those waiting longest (at least a second).  shutdown() makes
 * libmicrohttpd see the connection end and close it itself. */
static void *watchdog_main(void *arg)
{
    fh_server *srv = arg;
    pthread_mutex_lock(&srv->clock);
    while (!srv->watchdog_stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        pthread_cond_timedwait(&srv->wcond, &srv->clock, &until);
        double t = now_ms() / 1e3;
        int open = srv->n_conns, crowded = FH_HTTP_MAX_CONNECTIONS * 3 / 4;
        for (fh_conn *c = srv->conns; c; c = c->next) {
            if (c->in_request || c->fd < 0) continue;
            double waited = t - c->since;
            if (waited > srv->request_deadline_s || (open > crowded && waited >= 1.0)) {
                shutdown(c->fd, SHUT_RDWR);
                c->fd = -1;
                open--;
            }
        }
    }
    pthread_mutex_unlock(&srv->clock);
    return NULL;
}

/* As many open files as connections need (the soft limit is often 1024). */
static void raise_open_files(void)
{
    struct rlimit rl;
    rlim_t want = FH_HTTP_MAX_CONNECTIONS + 256;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < want) {
        rl.rlim_cur = rl.rlim_max < want ? rl.rlim_max : want;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    fputs("fahras serve: ", stderr);
    vfprintf(stderr, fmt, ap);
}

/* The store workers and the connection watchdog; 0, or -1 with err
 * (those started are stopped by fh_server_stop). */
static int start_threads(fh_server *srv, int threads, fh_err *err)
{
    srv->n_workers = threads;
    if (!(srv->workers = calloc((size_t)threads, sizeof *srv->workers))) {
        snprintf(err->msg, sizeof err->msg, "out of memory");
        return -1;
    }
    for (; srv->workers_started < threads; srv->workers_started++)
        if (pthread_create(&srv->workers[srv->workers_started], NULL, worker_main, srv)) {
            snprintf(err->msg, sizeof err->msg, "cannot start the store workers");
            return -1;
        }
    if (pthread_create(&srv->watchdog, NULL, watchdog_main, srv)) {
        snprintf(err->msg, sizeof err->msg, "cannot start the connection watchdog");
        return -1;
    }
    srv->watchdog_started = 1;
    return 0;
}

/* Where to listen: addr points into a4 or a6, flags are the daemon's. */
typedef struct listen_addr {
    struct sockaddr_in a4;
    struct sockaddr_in6 a6;
    struct sockaddr *addr;
    unsigned flags;
} listen_addr;

/* host (an IPv4 or IPv6 address) and port into la, and whether it is a
 * loopback address into srv; 0, or -1 with err. */
static int listen_address(fh_server *srv, const char *host, int port, listen_addr *la, fh_err *err)
{
    memset(la, 0, sizeof *la);
    la->flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
                MHD_ALLOW_SUSPEND_RESUME;
    if (inet_pton(AF_INET, host, &la->a4.sin_addr) == 1) {
        la->a4.sin_family = AF_INET;
        la->a4.sin_port = htons((uint16_t)port);
        la->addr = (struct sockaddr *)&la->a4;
        srv->loopback = (ntohl(la->a4.sin_addr.s_addr) >> 24) == 127;
    } else if (inet_pton(AF_INET6, host, &la->a6.sin6_addr) == 1) {
        la->a6.sin6_family = AF_INET6;
        la->a6.sin6_port = htons((uint16_t)port);
        la->addr = (struct sockaddr *)&la->a6;
        la->flags |= MHD_USE_IPv6;
        srv->loopback = IN6_IS_ADDR_LOOPBACK(&la->a6.sin6_addr);
    } else {
        snprintf(err->msg, sizeof err->msg,
                 "--host %s: not an IPv4 or IPv6 address (e.g. 127.0.0.1 or ::1)", host);
        return -1;
    }
    return 0;
}

fh_server *fh_server_start(const fh_server_config *cfg, fh_err *err)
{
    fh_server *srv = calloc(1, sizeof *srv);
    if (!srv) {
        snprintf(err->msg, sizeof err->msg, "out of memory");
        return NULL;
    }
    srv->access_log = cfg->access_log;
    int threads = cfg->threads > 0 ? cfg->threads : 4;
    int timeout = cfg->timeout_s > 0 ? cfg->timeout_s : FH_HTTP_TIMEOUT_S;
    srv->request_deadline_s = timeout < FH_HTTP_REQUEST_DEADLINE_S ? timeout : FH_HTTP_REQUEST_DEADLINE_S;
    pthread_mutex_init(&srv->qlock, NULL);
    pthread_cond_init(&srv->qcond, NULL);
    pthread_mutex_init(&srv->clock, NULL);
    pthread_cond_init(&srv->wcond, NULL);
    json_object_seed(0); /* before any thread makes a JSON object */
    raise_open_files();
    if (!(srv->files = fh_static_new(cfg->web_dir, err))) goto fail;
    fh_budget budget = {cfg->max_search_steps, cfg->max_search_ms};
    if (!(srv->pool = fh_pool_new(cfg->db, threads, &budget, err))) goto fail;
    if (start_threads(srv, threads, err)) goto fail;
    const char *host = cfg->host ? cfg->host : "127.0.0.1";
    listen_addr la;
    if (listen_address(srv, host, cfg->port, &la, err)) goto fail;
    srv->daemon = MHD_start_daemon(
        la.flags, (uint16_t)cfg->port, NULL, NULL, on_request, srv,
        MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL, /* first, to catch option errors too */
        MHD_OPTION_SOCK_ADDR, la.addr,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)FH_HTTP_MAX_CONNECTIONS,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)FH_HTTP_CONN_MEMORY,
        MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)FH_HTTP_MAX_CONNECTIONS,
        /* I/O only (the store work is the workers'): two threads, one per
         * core of a small machine */
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)FH_HTTP_IO_THREADS,
        MHD_OPTION_END);
    if (!srv->daemon) {
        snprintf(err->msg, sizeof err->msg,
                 "cannot listen on %s port %d (in use, or not an address of this machine?)",
                 host, cfg->port);
        goto fail;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : cfg->port;
    return srv;
fail:
    fh_server_stop(srv);
    return NULL;
}

int fh_server_port(const fh_server *srv) { return srv->port; }
int fh_server_has_font(const fh_server *srv) { return fh_static_has_font(srv->files); }

void fh_server_stop(fh_server *srv)
{
    if (!srv) return;
    /* No new connections; the queue is answered (each job resumes its
     * connection), then the workers end, then the daemon stops: it must
     * hold no suspended connection by then. */
    srv->quiesced_fd = srv->daemon ? MHD_quiesce_daemon(srv->daemon) : -1;
    pthread_mutex_lock(&srv->qlock);
    srv->closing = 1;
    pthread_cond_broadcast(&srv->qcond);
    pthread_mutex_unlock(&srv->qlock);
    for (int i = 0; i < srv->workers_started; i++) pthread_join(srv->workers[i], NULL);
    pthread_mutex_lock(&srv->clock);
    srv->watchdog_stop = 1;
    pthread_cond_signal(&srv->wcond);
    pthread_mutex_unlock(&srv->clock);
    if (srv->watchdog_started) pthread_join(srv->watchdog, NULL);
    if (srv->daemon) MHD_stop_daemon(srv->daemon);
    if (srv->quiesced_fd >= 0) close(srv->quiesced_fd);
    fh_pool_free(srv->pool);
    fh_static_free(srv->files);
    free(srv->workers);
    pthread_cond_destroy(&srv->qcond);
    pthread_mutex_destroy(&srv->qlock);
    pthread_cond_destroy(&srv->wcond);
    pthread_mutex_destroy(&srv->clock);
    free(srv);
}
