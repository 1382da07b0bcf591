/*
 * cmd_index.c - `fahras index DB FILE...`: stream articles from the readers
 * (src/readers) into a store in transactions of a bounded size, so a
 * killed run leaves every document fully in or out and a rerun completes
 * the job.  Counts what became of every record: indexed (written),
 * unchanged (already stored as read), duplicate (its id came earlier in
 * the run), skipped (rejected by a reader), failed (refused by the store,
 * or in a batch whose commit failed).
 *
 * --jobs N runs N writer processes, each reading every input and writing
 * the documents fh_store_partition gives it (on a sharded store: its
 * shards'), so N database sessions do the analysis and indexing at once;
 * the first also reports what the readers rejected, and the parent adds
 * up their counts.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "readers.h"
#include "store.h"

#define DEFAULT_BATCH 1000   /* documents per transaction */
#define MAX_BATCH_SECONDS 2.0 /* ... or this long, whichever comes first */
#define STOP_STORE_FAILED 2   /* on_doc's "stop": the store failed */
#define STOP_INTERRUPTED 3    /* on_doc's "stop": Ctrl-C or SIGTERM */
#define MAX_JOBS 64

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
    long indexed, unchanged, duplicates, skipped, failed, unreadable;
    long dates_unread; /* documents indexed without their unreadable date */
    long batch_indexed; /* indexed in the open transaction: failed if it does not commit */
    /* progress */
    int progress;
    double start, last_shown;
    long long bytes_before; /* bytes of the files already finished */
    long long bytes_total;  /* -1 if unknown */
    const char *where_file; /* the file being read, for the progress */
    long long where_done;
    /* --jobs: this writer's part of the documents (part of parts) */
    int part, parts;
    int quiet_notes; /* another writer reports the readers' notes */
} index_run;

/* What a writer of --jobs tells its parent at the end. */
typedef struct job_result {
    long indexed, unchanged, duplicates, skipped, failed, unreadable, dates_unread;
    int failed_early, interrupted;
} job_result;

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
    long long done = r->bytes_before + r->where_done;
    double mb = done / 1e6;
    long docs = r->indexed + r->unchanged + r->duplicates;
    char eta[32] = "";
    if (r->bytes_total > 0 && done > 0 && el > 1 && !final) {
        double left = el * (double)(r->bytes_total - done) / (double)done;
        if (left < 0) left = 0;
        snprintf(eta, sizeof eta, "  ETA %d:%02d", (int)(left / 60), (int)left % 60);
    }
    fprintf(stderr, "\r%ld documents  %.0f docs/s  %.1f MB/s%s\033[K", docs,
            el > 0 ? docs / el : 0.0, el > 0 ? mb / el : 0.0, eta);
    if (final) fputc('\n', stderr);
}

static int commit_batch(index_run *r)
{
    if (!r->in_tx) return 0;
    fh_err err;
    r->in_tx = 0;
    r->in_batch = 0;
    long n = r->batch_indexed;
    r->batch_indexed = 0;
    if (fh_store_commit(r->store, &err)) {
        /* a sharded store loses only its failed shards' part (named in err) */
        long lost = fh_store_commit_lost(r->store);
        if (lost >= 0 && lost < n) n = lost;
        if (lost < 0)
            cli_err("fahras index: commit failed: %s; the %ld documents of this batch are not stored",
                    err.msg, n);
        else cli_err("fahras index: commit failed: %s", err.msg);
        r->indexed -= n;
        r->failed += n;
        return -1;
    }
    return 0;
}

/* Where the reading is, for the progress line. */
static void track(index_run *r, const rd_where *w)
{
    if (r->where_file != w->file) {
        r->bytes_before += r->where_done;
        r->where_file = w->file;
    }
    r->where_done = w->done;
}

static int on_doc(void *ctx, const rd_doc *d, const rd_where *w)
{
    index_run *r = ctx;
    const fh_doc *doc = &d->doc;
    fh_err err;
    track(r, w);
    if (interrupted) return STOP_INTERRUPTED;
    if (r->parts > 1 && fh_store_partition(r->store, doc->id, doc->id_len, r->parts) != r->part)
        return 0; /* another writer's */
    if (!r->in_tx) {
        if (fh_store_begin(r->store, &err)) {
            cli_err("fahras index: %s", err.msg);
            return STOP_STORE_FAILED;
        }
        r->in_tx = 1;
        r->batch_start = now();
    }
    int changed = 1;
    if (fh_store_upsert(r->store, doc, &changed, &err)) {
        if (r->progress) fputc('\n', stderr);
        cli_err("fahras index: %s:%zu: id \"%.*s\": %s", w->file, w->line,
                (int)(doc->id_len > 80 ? 80 : doc->id_len), doc->id, err.msg);
        r->failed++;
    } else if (d->duplicate) {
        r->duplicates++;
    } else if (changed) {
        r->indexed++;
        r->batch_indexed++;
    } else {
        r->unchanged++;
    }
    if (++r->in_batch >= r->batch || now() - r->batch_start > MAX_BATCH_SECONDS)
        if (commit_batch(r)) return STOP_STORE_FAILED;
    if (r->progress) show_progress(r, 0);
    return 0;
}

static void on_note(void *ctx, rd_note_kind kind, const rd_where *w, const char *msg)
{
    index_run *r = ctx;
    static const char *const what[] = {"skipped: ", "", "", "note: ", ""};
    if (r->quiet_notes) return;
    if (r->progress) fputc('\n', stderr);
    if (w->line) cli_err("fahras index: %s:%zu: %s%s", w->file, w->line, what[kind], msg);
    else cli_err("fahras index: %s: %s%s", w->file, what[kind], msg);
    if (kind == RD_SKIPPED) r->skipped++;
    else if (kind == RD_UNREADABLE) r->unreadable++;
    else if (kind == RD_FIELD) r->dates_unread++;
}

static void usage(FILE *f)
{
    char formats[128];
    rd_format_names(formats, sizeof formats);
    fprintf(f,
            "usage: fahras index [OPTIONS] DB FILE...\n"
            "Index articles into DB (a SQLite file, created if missing, or a\n"
            "postgresql:// URL).  FILE, by its name (else by its content):\n"
            "  .jsonl .ndjson .json  JSON: one object a line, an array of objects, or\n"
            "                        objects one after another; fields id, title, body,\n"
            "                        date, source, category, url (others are kept)\n"
            "  .csv .tsv             a header row naming the columns, then one article a row\n"
            "  .txt                  one article: first line the headline; the id is the\n"
            "                        path below the FILE given, without .txt/.gz\n"
            "  .html .htm            a web page: its article (see fahras extract); the id is\n"
            "                        its canonical URL, else the path as for .txt\n"
            "  .warc                 a web archive: its HTML responses with status 200\n"
            "  a directory           its article files and subdirectories, in name order\n"
            "  -                     standard input (JSON, an HTML page, or one text article)\n"
            "and any of them gzip-compressed (.gz).  Re-indexing an id replaces the\n"
            "document; a JSON number id is its decimal form (1 and \"1\" are one id).\n"
            "\n"
            "Options (before or after DB and the files; -- ends them):\n"
            "  -o, --options SPEC  analyzer options for a new DB (e.g. stem=clitics);\n"
            "                      an existing DB keeps the options it was built with\n"
            "  --map F=NAME,...    read field F (id, title, body, date, source, category,\n"
            "                      url) from the input field or column NAME,\n"
            "                      e.g. --map body=text,title=headline,date=published_at\n"
            "  --format NAME       read every input as NAME (%s)\n"
            "  --batch N           documents per transaction (default 1000)\n"
            "  --fts5              SQLite: also keep an FTS5 index (table fts) for SQL\n"
            "                      users of the fahras extension (slower indexing)\n"
            "  --no-dups           do not cluster near-duplicates of these documents\n"
            "  --no-entities       do not keep the people, organisations, places, dates\n"
            "                      and counts of these documents (faster indexing; the\n"
            "                      entity filters and facets of search then find none)\n"
            "  --entity-thread     find the entities of each document on a second thread\n"
            "                      while the next document is written (the default with\n"
            "                      --jobs 1 on a machine of more than one core)\n"
            "  --no-entity-thread  find them on the writing thread\n"
            "  --no-boilerplate    learn no boilerplate lines from these documents and\n"
            "                      index all of their text\n"
            "  --jobs N            N writers at once (default 1), each with its own database\n"
            "                      session; on a sharded store each writes its shards' part\n"
            "  --baseline-tokenizer T  a new SQLite DB indexes with FTS5 tokenizer T\n"
            "                      (e.g. unicode61) instead of fahras: a baseline for\n"
            "                      benchmarks, without fahras's analysis\n"
            "  -q, --quiet         no progress line\n"
            "\n"
            "At the end it reports how many documents were indexed (written), unchanged\n"
            "(already stored as read), duplicates (an id read before in this run: the\n"
            "later record replaces the earlier), skipped (bad records) and failed (refused\n"
            "by the database, or in a batch whose commit failed).\n"
            "\n"
            "Dates are stored as ISO 8601 (14/04/2021, RFC 2822, Arabic month names and\n"
            "digits are read); a date in no known form is reported, left out and kept in\n"
            "the extra fields as \"date\".\n"
            "\n"
            "Exit status: 0 everything indexed or unchanged, 1 some records were skipped,\n"
            "duplicated or failed, a date not read, or an input not read to its end (each reported\n"
            "on stderr with its place), 2 usage error (a FILE that does not exist\n"
            "included: nothing is indexed), 3 failure (the database, interrupted).\n\n",
            formats);
    cli_options_help(f);
}

enum { OPT_HELP, OPT_OPTIONS, OPT_MAP, OPT_FORMAT, OPT_BATCH, OPT_QUIET, OPT_BASELINE, OPT_FTS5,
       OPT_NO_DUPS, OPT_NO_BOILER, OPT_JOBS, OPT_NO_ENTITIES, OPT_ENTITY_THREAD,
       OPT_NO_ENTITY_THREAD };

static const cli_opt index_opts[] = {
    {"help", 'h', 0, OPT_HELP},     {"options", 'o', 1, OPT_OPTIONS},
    {"map", 0, 1, OPT_MAP},         {"format", 0, 1, OPT_FORMAT},
    {"batch", 0, 1, OPT_BATCH},     {"quiet", 'q', 0, OPT_QUIET},
    {"baseline-tokenizer", 0, 1, OPT_BASELINE},
    {"fts5", 0, 0, OPT_FTS5},
    {"no-dups", 0, 0, OPT_NO_DUPS},
    {"no-entities", 0, 0, OPT_NO_ENTITIES},
    {"entity-thread", 0, 0, OPT_ENTITY_THREAD},
    {"no-entity-thread", 0, 0, OPT_NO_ENTITY_THREAD},
    {"no-boilerplate", 0, 0, OPT_NO_BOILER},
    {"jobs", 'j', 1, OPT_JOBS},
    {NULL, 0, 0, 0},
};

typedef struct index_args {
    cli_analysis ca;
    int explicit_opts, quiet, help;
    long batch, jobs;
    rd_map map;
    const char *format;
    const char *baseline; /* FTS5 tokenizer of a new SQLite store, for benchmarks */
    int fts5;             /* keep an FTS5 index beside the store's own */
    int no_dups;          /* keep no near-duplicate clusters */
    int no_entities;      /* keep no entities, dates and counts */
    int entity_thread;    /* 1 on a second thread, 0 on the writing one, -1 by the cores */
    int no_boiler;        /* learn no boilerplate */
} index_args;

static int on_index_opt(void *ctx, int id, const char *spelled, const char *value)
{
    index_args *a = ctx;
    char err[300];
    switch (id) {
    case OPT_HELP: a->help = 1; return 0;
    case OPT_QUIET: a->quiet = 1; return 0;
    case OPT_BASELINE: a->baseline = value; return 0;
    case OPT_FTS5: a->fts5 = 1; return 0;
    case OPT_NO_DUPS: a->no_dups = 1; return 0;
    case OPT_NO_ENTITIES: a->no_entities = 1; return 0;
    case OPT_ENTITY_THREAD: a->entity_thread = 1; return 0;
    case OPT_NO_ENTITY_THREAD: a->entity_thread = 0; return 0;
    case OPT_NO_BOILER: a->no_boiler = 1; return 0;
    case OPT_OPTIONS:
        a->explicit_opts = 1;
        return cli_analysis_options("index", &a->ca, value);
    case OPT_BATCH: return cli_number("index", spelled, value, 1, 10000000, &a->batch);
    case OPT_JOBS: return cli_number("index", spelled, value, 1, MAX_JOBS, &a->jobs);
    case OPT_MAP:
        if (rd_map_parse(&a->map, value, err, sizeof err)) {
            cli_err("fahras index: %s", err);
            return -1;
        }
        return 0;
    default: /* --format */
        if (rd_format_check(value, err, sizeof err)) {
            cli_err("fahras index: --format: %s", err);
            return -1;
        }
        a->format = value;
        return 0;
    }
}

static long long total_size(const char *const *files, int n)
{
    long long total = 0;
    for (int i = 0; i < n; i++) {
        struct stat sb;
        if (!strcmp(files[i], "-") || stat(files[i], &sb) != 0 || !S_ISREG(sb.st_mode)) return -1;
        total += (long long)sb.st_size;
    }
    return total;
}

/* Read every file into the store; returns 1 when it stopped early (the
 * store failed, or an input could not be read at all). */
static int index_files(index_run *run, const index_args *a, const char *const *files, int n)
{
    rd_config cfg = {fh_store_analyzer(run->store), a->format, &a->map, on_doc, on_note, run,
                     &interrupted};
    rd_run *rr = rd_run_new(&cfg);
    if (!rr) {
        cli_err("fahras index: out of memory");
        return EXIT_FAIL;
    }
    int failed = 0, fatal = 0;
    for (int i = 0; i < n && !failed && !fatal; i++) {
        int rc = rd_run_path(rr, files[i]);
        if (rc == STOP_STORE_FAILED) failed = 1;
        else if (rc == RD_FATAL) fatal = 1;
        else if (rc == STOP_INTERRUPTED || rc == RD_INTERRUPTED) break;
        if (!failed && commit_batch(run)) failed = 1;
    }
    rd_run_free(rr);
    fh_err err;
    if (failed || fatal) {
        if (run->in_tx) fh_store_rollback(run->store, &err);
        run->in_tx = 0;
        run->indexed -= run->batch_indexed;
        run->failed += run->batch_indexed;
        run->batch_indexed = 0;
    }
    if (commit_batch(run)) failed = 1;
    if (run->progress) show_progress(run, 1);
    return failed || fatal;
}

/* The closing line and the exit status of a run. */
static int report(const index_run *run, int failed_early)
{
    char tail[120];
    size_t nt = 0;
    tail[0] = '\0';
    if (run->dates_unread)
        nt += (size_t)snprintf(tail, sizeof tail, ", %ld date%s not read", run->dates_unread,
                               run->dates_unread == 1 ? "" : "s");
    if (run->unreadable)
        snprintf(tail + nt, sizeof tail - nt, ", %ld input%s not read to the end", run->unreadable,
                 run->unreadable == 1 ? "" : "s");
    cli_err("fahras index: %ld indexed, %ld unchanged, %ld duplicate%s, %ld skipped, %ld failed%s"
            " (%.1f s)", run->indexed, run->unchanged, run->duplicates,
            run->duplicates == 1 ? "" : "s", run->skipped, run->failed, tail, now() - run->start);
    if (failed_early) {
        cli_err("fahras index: stopped early; run the same command again once the cause is "
                "fixed: unchanged documents are skipped quickly");
        return EXIT_FAIL;
    }
    if (interrupted) {
        cli_err("fahras index: interrupted; what was indexed is committed, run the same "
                "command again to complete");
        return EXIT_FAIL;
    }
    return run->skipped || run->duplicates || run->failed || run->unreadable || run->dates_unread
               ? EXIT_SOME_BAD
                                                                             : EXIT_OK;
}

/* Writer `part` of --jobs (a child process): index its documents, send
 * its counts to fd, and exit. */
static void run_job(index_run *run, const index_args *a, const char *db, const char *const *files,
                    int n, int part, int fd)
{
    /* a writer never outlives the command (kill -9 included) */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    job_result res;
    memset(&res, 0, sizeof res);
    fh_err err;
    fh_store_config cfg = {NULL, NULL, a->fts5, a->no_dups, a->no_entities, a->no_boiler, 0};
    run->part = part;
    run->parts = (int)a->jobs;
    run->quiet_notes = part != 0;
    run->progress = 0;
    if (fh_store_open(db, FH_STORE_WRITE, &cfg, &run->store, &err)) {
        cli_err("fahras index: writer %d: %s", part + 1, err.msg);
        res.failed_early = 1;
    } else {
        res.failed_early = index_files(run, a, files, n);
        fh_store_close(run->store);
    }
    res.indexed = run->indexed;
    res.unchanged = run->unchanged;
    res.duplicates = run->duplicates;
    res.skipped = run->skipped;
    res.failed = run->failed;
    res.unreadable = run->unreadable;
    res.dates_unread = run->dates_unread;
    res.interrupted = interrupted != 0;
    ssize_t w = write(fd, &res, sizeof res);
    _exit(w == (ssize_t)sizeof res ? 0 : EXIT_FAIL);
}

/* --jobs N: N writers, their counts added up. */
static int index_jobs(index_run *run, const index_args *a, const char *db, const char *const *files,
                      int n)
{
    pid_t pids[MAX_JOBS];
    int fds[MAX_JOBS], started = 0, failed_early = 0;
    fflush(stdout);
    fflush(stderr);
    for (int j = 0; j < a->jobs; j++) {
        int p[2];
        if (pipe(p)) break;
        pid_t pid = fork();
        if (pid == 0) {
            close(p[0]);
            run_job(run, a, db, files, n, j, p[1]);
        }
        close(p[1]);
        if (pid < 0) {
            close(p[0]);
            break;
        }
        pids[started] = pid;
        fds[started++] = p[0];
    }
    if (started < a->jobs) {
        cli_err("fahras index: could not start %ld writers", a->jobs);
        failed_early = 1;
    }
    for (int j = 0; j < started; j++) {
        job_result res;
        int status = 0;
        ssize_t got;
        do got = read(fds[j], &res, sizeof res); /* Ctrl-C reaches the writers too: wait for them */
        while (got < 0 && errno == EINTR);
        close(fds[j]);
        while (waitpid(pids[j], &status, 0) < 0 && errno == EINTR) {}
        if (got != (ssize_t)sizeof res) { /* the writer died: what it committed stays */
            cli_err("fahras index: writer %d ended without its counts", j + 1);
            failed_early = 1;
            continue;
        }
        run->indexed += res.indexed;
        run->unchanged += res.unchanged;
        run->duplicates += res.duplicates;
        run->skipped += res.skipped;
        run->failed += res.failed;
        run->unreadable += res.unreadable;
        run->dates_unread += res.dates_unread;
        failed_early |= res.failed_early;
        if (res.interrupted) interrupted = 1;
    }
    return report(run, failed_early);
}

int cmd_index(int argc, char **argv)
{
    index_args a;
    memset(&a, 0, sizeof a);
    fahras_options_default(&a.ca.opts);
    a.batch = DEFAULT_BATCH;
    a.jobs = 1;
    a.entity_thread = -1;
    rd_map_default(&a.map);
    cli_args pos;
    int rc = EXIT_USAGE;
    if (cli_parse_args("index", index_opts, argc, argv, on_index_opt, &a, &pos)) goto out;
    if (a.help) {
        usage(stdout);
        rc = EXIT_OK;
        goto out;
    }
    if (pos.npos < 2) {
        usage(stderr);
        goto out;
    }
    const char *const *files = pos.pos + 1;
    int nfiles = pos.npos - 1;
    if (cli_check_inputs("index", files, nfiles)) {
        cli_err("fahras index: nothing was indexed");
        goto out;
    }
    a.ca.opts.utf8 = FAHRAS_UTF8_ERROR;
    fh_err err;
    index_run run;
    memset(&run, 0, sizeof run);
    fh_store_config cfg = {a.explicit_opts ? &a.ca.opts : NULL, a.baseline, a.fts5, a.no_dups,
                           a.no_entities, a.no_boiler, 0};
    /* a second core tags while this one indexes; --jobs writers have the cores already */
    cfg.entity_thread = a.entity_thread >= 0 ? a.entity_thread
                                             : a.jobs <= 1 && sysconf(_SC_NPROCESSORS_ONLN) > 1;
    if (fh_store_open(pos.pos[0], FH_STORE_WRITE, &cfg, &run.store, &err)) {
        cli_err("fahras index: %s", err.msg);
        rc = EXIT_FAIL;
        goto out;
    }
    if (!a.no_entities && !a.baseline && !fh_store_keeps_entities(run.store))
        cli_err("fahras index: note: this store keeps no entities, dates and counts: search's "
                "entity filters and facets will find none");
    char note[640]; /* a failure to read the tagger record is no reason to stop */
    if (!a.no_entities && !a.baseline && fh_store_keeps_entities(run.store) &&
        fh_store_tagger_note(run.store, note, sizeof note, &err) > 0)
        cli_err("fahras index: note: %s", note);
    run.batch = a.batch;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal; /* no SA_RESTART: a read waiting on stdin returns */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    run.progress = !a.quiet && isatty(2);
    run.start = now();
    run.last_shown = run.start; /* first progress line after half a second */
    run.bytes_total = total_size(files, nfiles);
    if (a.jobs > 1) {
        fh_store_close(run.store); /* each writer opens its own */
        run.store = NULL;
        rc = index_jobs(&run, &a, pos.pos[0], files, nfiles);
    } else {
        rc = report(&run, index_files(&run, &a, files, nfiles));
        fh_store_close(run.store);
    }
out:
    cli_args_free(&pos);
    return rc;
}
