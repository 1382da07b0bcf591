/*
 * cmd_index.c - `fahras index DB FILE...`: stream articles into a store in
 * transactions of a bounded size, so a killed run leaves every document
 * fully in or out and a rerun completes the job (unchanged documents are
 * skipped cheaply).  Bad records are reported with file:line and skipped;
 * exit code 1 says some were.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "ingest.h"
#include "store.h"

#define DEFAULT_BATCH 1000   /* documents per transaction */
#define MAX_BATCH_SECONDS 2.0 /* ... or this long, whichever comes first */
#define STOP_STORE_FAILED 2   /* on_doc's "stop": the store failed */
#define STOP_INTERRUPTED 3    /* on_doc's "stop": Ctrl-C or SIGTERM */

/* Ctrl-C / SIGTERM: finish the current document, commit, say how to go on.
 * (A harder kill is safe too: every commit is atomic.) */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

typedef struct index_run {
    fh_store *store;
    int in_tx;
    long batch, in_batch;
    double batch_start;
    long ok, bad;
    long dates_unread; /* documents indexed without their unreadable date */
    /* progress */
    int progress;
    double start, last_shown;
    long long bytes_before; /* bytes of the files already finished */
    long long bytes_total;  /* -1 if unknown */
    const ingest_where *where;
} index_run;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void show_progress(index_run *r, int final)
{
    double t = now(), el = t - r->start;
    if (!final && t - r->last_shown < 0.5) return;
    r->last_shown = t;
    long long done = r->bytes_before + (r->where ? r->where->done : 0);
    double mb = done / 1e6;
    char eta[32] = "";
    if (r->bytes_total > 0 && done > 0 && el > 1 && !final) {
        double left = el * (double)(r->bytes_total - done) / (double)done;
        if (left < 0) left = 0;
        snprintf(eta, sizeof eta, "  ETA %d:%02d", (int)(left / 60), (int)left % 60);
    }
    fprintf(stderr, "\r%ld documents  %.0f docs/s  %.1f MB/s%s\033[K", r->ok,
            el > 0 ? r->ok / el : 0.0, el > 0 ? mb / el : 0.0, eta);
    if (final) fputc('\n', stderr);
}

static int commit_batch(index_run *r)
{
    if (!r->in_tx) return 0;
    fh_err err;
    r->in_tx = 0;
    r->in_batch = 0;
    if (fh_store_commit(r->store, &err)) {
        fprintf(stderr, "fahras: commit failed: %s\n", err.msg);
        return -1;
    }
    return 0;
}

static int on_doc(void *ctx, const fh_doc *doc, const ingest_where *w)
{
    index_run *r = ctx;
    fh_err err;
    r->where = w;
    if (interrupted) return STOP_INTERRUPTED;
    if (!r->in_tx) {
        if (fh_store_begin(r->store, &err)) {
            fprintf(stderr, "fahras: %s\n", err.msg);
            return STOP_STORE_FAILED;
        }
        r->in_tx = 1;
        r->batch_start = now();
    }
    if (w->note) {
        if (r->progress) fputc('\n', stderr);
        fprintf(stderr, "fahras: %s:%zu: %s\n", w->file, w->line, w->note);
        r->dates_unread++;
    }
    if (fh_store_upsert(r->store, doc, NULL, &err)) {
        fprintf(stderr, "fahras: %s:%zu: id %.*s: %s\n", w->file, w->line,
                (int)(doc->id_len > 80 ? 80 : doc->id_len), doc->id, err.msg);
        r->bad++;
    } else {
        r->ok++;
    }
    if (++r->in_batch >= r->batch || now() - r->batch_start > MAX_BATCH_SECONDS)
        if (commit_batch(r)) return STOP_STORE_FAILED;
    if (r->progress) show_progress(r, 0);
    return 0;
}

static void on_bad(void *ctx, const ingest_where *w, const char *msg)
{
    index_run *r = ctx;
    if (r->progress) fputc('\n', stderr);
    fprintf(stderr, "fahras: %s:%zu: skipped: %s\n", w->file, w->line, msg);
    r->bad++;
}

static void usage(FILE *f)
{
    fputs("usage: fahras index [OPTIONS] DB FILE...\n"
          "Index articles into DB (a SQLite file, created if missing, or a\n"
          "postgresql:// URL).  FILE: JSON Lines (.jsonl: id, title, body, date,\n"
          "source, category, url; other fields kept), a .txt article (first line\n"
          "the headline, id = file name), a directory of them, - for stdin; .gz\n"
          "is read transparently.  Re-indexing an id replaces the document.\n"
          "\n"
          "Options:\n"
          "  -o, --options SPEC  analyzer options for a new DB (e.g. stem=clitics);\n"
          "                      an existing DB keeps the options it was built with\n"
          "  --batch N           documents per transaction (default 1000)\n"
          "  --baseline-tokenizer T  a new SQLite DB indexes with FTS5 tokenizer T\n"
          "                      (e.g. unicode61) instead of fahras: a baseline for\n"
          "                      benchmarks, without fahras's analysis\n"
          "  -q, --quiet         no progress line\n"
          "\n"
          "Dates are stored as ISO 8601 (14/04/2021, RFC 2822 and Arabic month names\n"
          "are read); a date that cannot be read is reported and left out, the\n"
          "original kept in extra.\n"
          "\n"
          "Exit status: 0 all indexed, 1 some records were skipped or some dates not\n"
          "read (reported on stderr with file:line), 2 usage error, 3 failure.\n",
          f);
}

int cmd_index(int argc, char **argv)
{
    cli_analysis ca;
    memset(&ca, 0, sizeof ca);
    fahras_options_default(&ca.opts);
    int explicit_opts = 0, quiet = 0;
    long batch = DEFAULT_BATCH;
    const char *pos[4096];
    int npos = 0;
    const char *baseline = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return EXIT_OK;
        }
        if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            quiet = 1;
            continue;
        }
        if (!strcmp(a, "--baseline-tokenizer")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "fahras index: --baseline-tokenizer needs an FTS5 tokenizer\n");
                return EXIT_USAGE;
            }
            baseline = argv[++i];
            continue;
        }
        if (!strcmp(a, "--batch")) {
            char *end;
            if (i + 1 >= argc || (batch = strtol(argv[++i], &end, 10)) < 1 || *end) {
                fprintf(stderr, "fahras index: --batch needs a positive number\n");
                return EXIT_USAGE;
            }
            continue;
        }
        int r = cli_analysis_arg(&ca, argc, argv, &i);
        if (r < 0) return EXIT_USAGE;
        if (r > 0) {
            explicit_opts = 1;
            continue;
        }
        if (a[0] == '-' && a[1]) {
            fprintf(stderr, "fahras index: unknown option %s\n", a);
            usage(stderr);
            return EXIT_USAGE;
        }
        if (npos == (int)(sizeof pos / sizeof pos[0])) {
            fprintf(stderr, "fahras index: too many files (use a directory)\n");
            return EXIT_USAGE;
        }
        pos[npos++] = a;
    }
    if (npos < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    ca.opts.utf8 = FAHRAS_UTF8_ERROR;
    fh_err err;
    index_run run;
    memset(&run, 0, sizeof run);
    fh_store_config cfg = {explicit_opts ? &ca.opts : NULL, baseline};
    if (fh_store_open(pos[0], FH_STORE_WRITE, &cfg, &run.store, &err)) {
        fprintf(stderr, "fahras index: %s\n", err.msg);
        return EXIT_FAIL;
    }
    run.batch = batch;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    run.progress = !quiet && isatty(2);
    run.start = now();
    run.last_shown = run.start; /* first progress line after half a second */
    run.bytes_total = 0;
    for (int i = 1; i < npos; i++) {
        struct stat sb;
        if (!strcmp(pos[i], "-") || stat(pos[i], &sb) != 0 || !S_ISREG(sb.st_mode))
            run.bytes_total = -1;
        else if (run.bytes_total >= 0)
            run.bytes_total += (long long)sb.st_size;
    }
    int failed = 0;
    for (int i = 1; i < npos && !failed; i++) {
        int rc = ingest_path(pos[i], fh_store_analyzer(run.store), on_doc, on_bad, &run);
        if (run.where) run.bytes_before += run.where->done;
        run.where = NULL;
        if (rc == STOP_STORE_FAILED) failed = 1; /* the store failed: stop */
        else if (rc == STOP_INTERRUPTED) break;
        else if (rc) run.bad++;                  /* unreadable input, reported: go on */
        if (!failed && commit_batch(&run)) failed = 1;
    }
    if (failed) {
        fh_store_rollback(run.store, &err);
        run.in_tx = 0;
    }
    if (commit_batch(&run)) failed = 1;
    if (run.progress) show_progress(&run, 1);
    double el = now() - run.start;
    fprintf(stderr, "fahras index: %ld documents indexed, %ld skipped, %.1f s\n", run.ok,
            run.bad, el);
    if (run.dates_unread)
        fprintf(stderr, "fahras index: %ld dates not read (indexed without a date; the original "
                        "is kept in extra as \"date\")\n", run.dates_unread);
    fh_store_close(run.store);
    if (interrupted && !failed) {
        fprintf(stderr, "fahras index: interrupted; what was indexed is committed, run the same "
                        "command again to complete\n");
        return EXIT_FAIL;
    }
    if (failed) return EXIT_FAIL;
    return run.bad || run.dates_unread ? EXIT_SOME_BAD : EXIT_OK;
}
