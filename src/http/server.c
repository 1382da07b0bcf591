/*
 * server.c - the libmicrohttpd daemon of `fahras serve`: routing, request
 * limits, security headers, access log and shutdown.
 *
 * libmicrohttpd parses HTTP; we only route.  It runs a pool of worker
 * threads (one per store handle), answers 414/431 itself when a request
 * line or headers exceed FH_HTTP_CONN_MEMORY, and closes idle connections
 * after FH_HTTP_TIMEOUT_S.  Only GET and HEAD are served; a request that
 * announces a body is refused with 413 before the body is read.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include <jansson.h>
#include <microhttpd.h>

#include "http.h"

/* Per-request state, made by on_uri and freed by on_completed. */
typedef struct fh_request {
    int started;     /* on_request has seen the headers */
    int nul_in_path; /* the raw path holds %00 */
} fh_request;

struct fh_server {
    struct MHD_Daemon *daemon;
    fh_pool *pool;
    fh_static *files;
    int port;
    int access_log;
    int loopback; /* listening on a loopback address: check Host */
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

static void route(fh_server *srv, struct MHD_Connection *conn, const char *method,
                  const char *url, fh_reply *r)
{
    if (srv->loopback) {
        const char *host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Host");
        if (!host_allowed(host)) {
            fh_reply_error(r, 421, "misdirected_host", NULL,
                           "this server answers to localhost only (Host header names another site)");
            return;
        }
    }
    if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
        fh_reply_error(r, 405, "method_not_allowed", NULL,
                       "method %s is not allowed; use GET", method);
        r->allow = "GET, HEAD";
        return;
    }
    /* A GET carries no body; refuse one before reading it. */
    const char *clen = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    const char *te = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Transfer-Encoding");
    if ((clen && strspn(clen, "0") != strlen(clen)) || te) {
        fh_reply_error(r, 413, "body_not_accepted", NULL,
                       "this server takes no request body (Content-Length %s)",
                       clen ? clen : "chunked");
        return;
    }
    fh_args args;
    memset(&args, 0, sizeof args);
    MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, collect_arg, &args);

    if (!strcmp(url, "/api/search")) {
        fh_api_search(srv->pool, &args, r);
    } else if (!strncmp(url, "/api/doc/", 9)) {
        fh_api_doc(srv->pool, url + 9, strlen(url + 9), &args, r);
    } else if (!strcmp(url, "/api/stats")) {
        fh_api_stats(srv->pool, &args, r);
    } else if (!strcmp(url, "/healthz")) {
        fh_api_healthz(&args, r);
    } else if (!strncmp(url, "/api/", 5) || !strcmp(url, "/api")) {
        fh_reply_error(r, 404, "not_found", NULL, "no such API endpoint: %s", url);
    } else {
        fh_static_serve(srv->files, url, r);
    }
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
    if (!req->started) {
        /* First call: headers are in.  Refuse a body right away (the
         * connection is then closed unread); otherwise answer on the next
         * call, once libmicrohttpd has the whole request, which keeps the
         * connection open for the next request. */
        req->started = 1;
        const char *clen = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        const char *te = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Transfer-Encoding");
        int has_body = (clen && strspn(clen, "0") != strlen(clen)) || te;
        int allowed = !strcmp(method, "GET") || !strcmp(method, "HEAD");
        if (allowed && !has_body) return MHD_YES;
    } else if (*upload_data_size) {
        *upload_data_size = 0; /* not reached: bodies are refused above */
        return MHD_YES;
    }
    double t0 = srv->access_log ? now_ms() : 0;
    fh_reply r;
    fh_reply_init(&r);
    if (req->nul_in_path)
        fh_reply_error(&r, 400, "bad_path", NULL, "the path holds an encoded NUL byte (%%00)");
    else
        route(srv, conn, method, url, &r);
    enum MHD_Result ok = send_reply(conn, &r);
    if (srv->access_log) {
        /* The path is decoded: keep control bytes out of the log. */
        char shown[512];
        size_t n = 0;
        for (const char *p = url; *p && n < sizeof shown - 1; p++)
            shown[n++] = ((unsigned char)*p < 0x20 || *p == 0x7f) ? '?' : *p;
        shown[n] = 0;
        fprintf(stderr, "fahras serve: %s %s %u %.1fms\n", method, shown, r.status,
                now_ms() - t0);
    }
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
    size_t path_len = strcspn(uri, "?");
    for (size_t i = 0; i + 2 < path_len; i++)
        if (uri[i] == '%' && uri[i + 1] == '0' && uri[i + 2] == '0') req->nul_in_path = 1;
    return req;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    (void)toe;
    free(*req_cls);
    *req_cls = NULL;
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    fputs("fahras serve: ", stderr);
    vfprintf(stderr, fmt, ap);
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
    json_object_seed(0); /* before any thread makes a JSON object */
    if (!(srv->files = fh_static_new(cfg->web_dir, err))) goto fail;
    if (!(srv->pool = fh_pool_new(cfg->db, threads, err))) goto fail;

    const char *host = cfg->host ? cfg->host : "127.0.0.1";
    struct sockaddr_in a4;
    struct sockaddr_in6 a6;
    struct sockaddr *addr;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
    memset(&a4, 0, sizeof a4);
    memset(&a6, 0, sizeof a6);
    if (inet_pton(AF_INET, host, &a4.sin_addr) == 1) {
        a4.sin_family = AF_INET;
        a4.sin_port = htons((uint16_t)cfg->port);
        addr = (struct sockaddr *)&a4;
        srv->loopback = (ntohl(a4.sin_addr.s_addr) >> 24) == 127;
    } else if (inet_pton(AF_INET6, host, &a6.sin6_addr) == 1) {
        a6.sin6_family = AF_INET6;
        a6.sin6_port = htons((uint16_t)cfg->port);
        addr = (struct sockaddr *)&a6;
        flags |= MHD_USE_IPv6;
        srv->loopback = IN6_IS_ADDR_LOOPBACK(&a6.sin6_addr);
    } else {
        snprintf(err->msg, sizeof err->msg,
                 "--host %s: not an IPv4 or IPv6 address (e.g. 127.0.0.1 or ::1)", host);
        goto fail;
    }
    srv->daemon = MHD_start_daemon(
        flags, (uint16_t)cfg->port, NULL, NULL, on_request, srv,
        MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL, /* first, to catch option errors too */
        MHD_OPTION_SOCK_ADDR, addr,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)FH_HTTP_MAX_CONNECTIONS,
        MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)(cfg->timeout_s > 0 ? cfg->timeout_s : FH_HTTP_TIMEOUT_S),
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)FH_HTTP_CONN_MEMORY,
        /* Last: with one thread the list ends here (the polling thread does
         * the work; libmicrohttpd warns about a pool of one). */
        threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END, (unsigned)threads,
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
    /* Waits for the worker threads, so no store handle is in use after. */
    if (srv->daemon) MHD_stop_daemon(srv->daemon);
    fh_pool_free(srv->pool);
    fh_static_free(srv->files);
    free(srv);
}
