/*
 * cmd_serve.c - `fahras serve DB`: run the HTTP API and the search page
 * until SIGINT or SIGTERM, then stop cleanly (open requests finish, store
 * handles are closed) and exit 0.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "http.h"

static void serve_usage(FILE *out)
{
    fprintf(out,
            "usage: fahras serve DB [--port N] [--host ADDR] [--threads N] [--web DIR]\n"
            "                    [--timeout S] [--search-ms MS] [--search-steps N] [--log]\n"
            "\n"
            "Serve the search page and the JSON API (docs/http.md) over the store DB\n"
            "(a SQLite file or a postgresql:// URL) that `fahras index` writes.\n"
            "Options may come before or after DB.\n"
            "\n"
            "  --port N      TCP port (default 8080; 0 = any free port)\n"
            "  --host ADDR   address to listen on (default 127.0.0.1; ::1 for IPv6)\n"
            "  --threads N   worker threads, each with its own read-only store handle (default 4)\n"
            "  --web DIR     the page's directory (default: $FAHRAS_WEB_DIR, else web/ of\n"
            "                the source tree, else PREFIX/share/fahras/web)\n"
            "  --timeout S   close a connection idle for S seconds (default 15)\n"
            "  --search-ms MS     stop a search (or document, statistics) request after MS\n"
            "                     milliseconds with 503 too_expensive (default 10000; 0: never)\n"
            "  --search-steps N   ... or after N steps: of SQLite's engine, and postings\n"
            "                     and documents of the store's own index (default: no limit)\n"
            "  --log         print one line per request on stderr\n"
            "\n"
            "Stops cleanly on Ctrl-C (SIGINT) or SIGTERM.\n");
}

/* Whether DIR/public/index.html is readable: DIR holds the page. */
static int holds_page(const char *dir)
{
    char probe[PATH_MAX + 64];
    snprintf(probe, sizeof probe, "%s/public/index.html", dir);
    return access(probe, R_OK) == 0;
}

/* The page's directory when --web is not given: $FAHRAS_WEB_DIR, else
 * web/ of the source tree whose build directory holds this program
 * (build/fahras -> build/../web), else the installed copy
 * (PREFIX/bin/fahras -> PREFIX/share/fahras/web, so an installed tree can
 * be moved), else ./web.  Caller frees. */
static char *default_web_dir(void)
{
    const char *env = getenv("FAHRAS_WEB_DIR");
    if (env && *env) return strdup(env);
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            static const char *const rel[] = {"../web", "../share/fahras/web"};
            for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
                char cand[PATH_MAX + 32];
                snprintf(cand, sizeof cand, "%s/%s", exe, rel[i]);
                if (holds_page(cand)) return strdup(cand);
            }
        }
    }
    return strdup("web");
}

enum { OPT_HELP, OPT_PORT, OPT_HOST, OPT_THREADS, OPT_WEB, OPT_TIMEOUT, OPT_LOG, OPT_SEARCH_MS,
       OPT_SEARCH_STEPS };

static const cli_opt serve_opts[] = {
    {"help", 'h', 0, OPT_HELP},       {"port", 'p', 1, OPT_PORT},
    {"host", 0, 1, OPT_HOST},         {"threads", 0, 1, OPT_THREADS},
    {"web", 0, 1, OPT_WEB},           {"timeout", 0, 1, OPT_TIMEOUT},
    {"log", 0, 0, OPT_LOG},           {"search-ms", 0, 1, OPT_SEARCH_MS},
    {"search-steps", 0, 1, OPT_SEARCH_STEPS},
    {NULL, 0, 0, 0},
};

typedef struct serve_args {
    fh_server_config cfg;
    const char *web;
    int help;
} serve_args;

static int on_serve_opt(void *ctx, int id, const char *spelled, const char *v)
{
    serve_args *a = ctx;
    long n;
    switch (id) {
    case OPT_HELP: a->help = 1; return 0;
    case OPT_PORT:
        if (cli_number("serve", spelled, v, 0, 65535, &n)) return -1;
        a->cfg.port = (int)n;
        return 0;
    case OPT_THREADS:
        if (cli_number("serve", spelled, v, 1, 64, &n)) return -1;
        a->cfg.threads = (int)n;
        return 0;
    case OPT_TIMEOUT:
        if (cli_number("serve", spelled, v, 1, 3600, &n)) return -1;
        a->cfg.timeout_s = (int)n;
        return 0;
    case OPT_SEARCH_MS:
        if (cli_number("serve", spelled, v, 0, 3600000, &n)) return -1;
        a->cfg.max_search_ms = n;
        return 0;
    case OPT_SEARCH_STEPS:
        if (cli_number("serve", spelled, v, 0, 2000000000, &n)) return -1;
        a->cfg.max_search_steps = n;
        return 0;
    case OPT_HOST: a->cfg.host = v; return 0;
    case OPT_WEB: a->web = v; return 0;
    default: a->cfg.access_log = 1; return 0; /* --log */
    }
}

int cmd_serve(int argc, char **argv)
{
    serve_args a = {.cfg = {.host = "127.0.0.1", .port = 8080, .threads = 4,
                            .max_search_ms = FH_HTTP_SEARCH_MS}};
    cli_args pos;
    if (cli_parse_args("serve", serve_opts, argc, argv, on_serve_opt, &a, &pos)) {
        cli_args_free(&pos);
        return EXIT_USAGE;
    }
    if (a.help || pos.npos != 1) {
        if (pos.npos > 1) cli_err("fahras serve: one database only ('%s' is extra)", pos.pos[1]);
        serve_usage(a.help ? stdout : stderr);
        cli_args_free(&pos);
        return a.help ? EXIT_OK : EXIT_USAGE;
    }
    fh_server_config cfg = a.cfg;
    cfg.db = pos.pos[0];
    const char *web = a.web;
    cli_args_free(&pos);
    char *web_dir = web ? strdup(web) : default_web_dir();
    if (!web_dir) {
        fprintf(stderr, "fahras serve: out of memory\n");
        return EXIT_FAIL;
    }
    cfg.web_dir = web_dir;

    /* Block the stop signals in every thread (the workers inherit the
     * mask) and wait for them here. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    fh_err err = {.msg = ""};
    /* an index directory copied over in place while it is searched: the
     * search fails (503) and the files are opened again, the server lives */
    if (fh_store_protect_mappings(&err)) cli_err("fahras serve: %s", err.msg);
    char shown[512]; /* the target without its password */
    fh_target_shown(cfg.db, shown, sizeof shown);
    fh_server *srv = fh_server_start(&cfg, &err);
    if (!srv) {
        fh_mask_secrets(cfg.db, err.msg, sizeof err.msg);
        cli_err("fahras serve: %s: %s", shown, err.msg);
        free(web_dir);
        return EXIT_FAIL;
    }
    if (!fh_server_has_font(srv))
        cli_err("fahras serve: note: the Arabic font is not installed in %s/node_modules "
                "(make web); the page falls back to a system font", web_dir);
    int ipv6 = strchr(cfg.host, ':') != NULL;
    fputs("fahras: serving ", stdout);
    cli_put_escaped(stdout, shown, strlen(shown), 0);
    printf(" at http://%s%s%s:%d/ (Ctrl-C to stop)\n",
           ipv6 ? "[" : "", cfg.host, ipv6 ? "]" : "", fh_server_port(srv));
    fflush(stdout);

    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "fahras serve: %s received, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    fh_server_stop(srv);
    free(web_dir);
    fprintf(stderr, "fahras serve: stopped\n");
    return EXIT_OK;
}
