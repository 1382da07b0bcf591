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
            "                    [--timeout S] [--log]\n"
            "\n"
            "Serve the search page and the JSON API (docs/http.md) over the store DB\n"
            "(a SQLite file or a postgresql:// URL) that `fahras index` writes.\n"
            "\n"
            "  --port N      TCP port (default 8080; 0 = any free port)\n"
            "  --host ADDR   address to listen on (default 127.0.0.1; ::1 for IPv6)\n"
            "  --threads N   worker threads, each with its own read-only store handle (default 4)\n"
            "  --web DIR     the page's directory (default: web/ of the source tree)\n"
            "  --timeout S   close a connection idle for S seconds (default 15)\n"
            "  --log         print one line per request on stderr\n"
            "\n"
            "Stops cleanly on Ctrl-C (SIGINT) or SIGTERM.\n");
}

static int parse_num(const char *opt, const char *v, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long x = v ? strtol(v, &end, 10) : 0;
    if (!v || !*v || *end || errno || x < lo || x > hi) {
        fprintf(stderr, "fahras serve: %s needs a number from %ld to %ld\n", opt, lo, hi);
        return -1;
    }
    *out = x;
    return 0;
}

/* The page's directory: --web, else $FAHRAS_WEB_DIR, else web/ next to
 * the build directory holding this program, else ./web.  Caller frees. */
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
            char cand[PATH_MAX + 32];
            snprintf(cand, sizeof cand, "%s/../web", exe);
            char probe[PATH_MAX + 64];
            snprintf(probe, sizeof probe, "%s/public/index.html", cand);
            if (access(probe, R_OK) == 0) return strdup(cand);
        }
    }
    return strdup("web");
}

int cmd_serve(int argc, char **argv)
{
    fh_server_config cfg = {.host = "127.0.0.1", .port = 8080, .threads = 4};
    const char *web = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        long v;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            serve_usage(stdout);
            return EXIT_OK;
        } else if (!strcmp(a, "--port") || !strcmp(a, "-p")) {
            if (parse_num("--port", i + 1 < argc ? argv[++i] : NULL, 0, 65535, &v))
                return EXIT_USAGE;
            cfg.port = (int)v;
        } else if (!strcmp(a, "--threads")) {
            if (parse_num("--threads", i + 1 < argc ? argv[++i] : NULL, 1, 64, &v))
                return EXIT_USAGE;
            cfg.threads = (int)v;
        } else if (!strcmp(a, "--timeout")) {
            if (parse_num("--timeout", i + 1 < argc ? argv[++i] : NULL, 1, 3600, &v))
                return EXIT_USAGE;
            cfg.timeout_s = (int)v;
        } else if (!strcmp(a, "--host") || !strcmp(a, "--web")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "fahras serve: %s needs a value\n", a);
                return EXIT_USAGE;
            }
            if (a[2] == 'h') cfg.host = argv[++i];
            else web = argv[++i];
        } else if (!strcmp(a, "--log")) {
            cfg.access_log = 1;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "fahras serve: unknown option '%s' (fahras serve --help)\n", a);
            return EXIT_USAGE;
        } else if (!cfg.db) {
            cfg.db = a;
        } else {
            fprintf(stderr, "fahras serve: one database only ('%s' is extra)\n", a);
            return EXIT_USAGE;
        }
    }
    if (!cfg.db) {
        serve_usage(stderr);
        return EXIT_USAGE;
    }
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

    fh_err err = {{0}};
    fh_server *srv = fh_server_start(&cfg, &err);
    if (!srv) {
        fprintf(stderr, "fahras serve: %s: %s\n", cfg.db, err.msg);
        free(web_dir);
        return EXIT_FAIL;
    }
    if (!fh_server_has_font(srv))
        fprintf(stderr, "fahras serve: note: the Arabic font is not installed in %s/node_modules "
                        "(make web); the page falls back to a system font\n", web_dir);
    int ipv6 = strchr(cfg.host, ':') != NULL;
    printf("fahras: serving %s at http://%s%s%s:%d/ (Ctrl-C to stop)\n", cfg.db,
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
