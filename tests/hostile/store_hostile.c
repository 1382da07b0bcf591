/*
 * store_hostile.c - store-level checks of the hostile suite that need the
 * store API itself (tests/hostile/run.sh runs them):
 *
 *   store_hostile create-race DIR ROUNDS THREADS
 *       ROUNDS times, THREADS threads open the same new SQLite store for
 *       writing at once (as parallel `fahras index` runs do): every open
 *       must succeed and leave one schema.
 *   store_hostile seg-overwrite DB SEARCHES
 *       a read store searches DB SEARCHES times while another thread
 *       truncates its own index's segment files (DB.idx/) and writes them
 *       again in place, as cp or rsync --inplace do: every search answers
 *       or fails (the store unavailable), the process never dies of SIGBUS;
 *       once the files are whole again it searches as before.
 *   store_hostile pg-stats URL
 *       two writers update the same ids at once, the second waiting on the
 *       first's rows: the BM25 statistics must equal a recount after both.
 *   store_hostile pg-deadlock URL
 *       a writer's batch deadlocks against another session: the batch is
 *       run again, no document refused.
 *
 * Prints "ok - ..." / "not ok - ..." lines and "N passed, N failed".
 */
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store.h"
#ifdef HAVE_PG
#include <libpq-fe.h>
#endif

static int passed, failed;

static void check(int cond, const char *what, const char *detail)
{
    if (cond) {
        passed++;
        printf("ok - %s\n", what);
    } else {
        failed++;
        printf("not ok - %s%s%s\n", what, detail && *detail ? ": " : "", detail ? detail : "");
    }
}

/* ---- segment files overwritten in place under a reader -------------------- */

typedef struct seg_file {
    char path[4400];
    char *data;
    size_t n;
} seg_file;

typedef struct overwriter {
    seg_file *f;
    size_t n;
    atomic_int stop;
    long rounds;
} overwriter;

static void write_back(const seg_file *f, size_t upto)
{
    int fd = open(f->path, O_WRONLY | O_TRUNC);
    if (fd < 0) return;
    for (size_t at = 0; at < upto;) {
        ssize_t k = write(fd, f->data + at, upto - at < 65536 ? upto - at : 65536);
        if (k <= 0) break;
        at += (size_t)k;
    }
    close(fd);
}

/* Truncate every file, then write it again in parts (a copy in progress). */
static void *overwrite(void *p)
{
    overwriter *o = p;
    while (!atomic_load(&o->stop)) {
        for (size_t i = 0; i < o->n; i++) {
            write_back(&o->f[i], 0);
            usleep(200);
            write_back(&o->f[i], o->f[i].n / 3);
            usleep(200);
            write_back(&o->f[i], o->f[i].n);
        }
        o->rounds++;
    }
    return NULL;
}

static int count_hit(void *ctx, const fh_hit *hit)
{
    (void)hit;
    ++*(long *)ctx;
    return 0;
}

static int search_once(fh_store *s, long *total, fh_err *err)
{
    fh_query q = {.q = "تونس", .limit = 10, .no_snippets = 1};
    fh_search_info info;
    long hits = 0;
    int rc = fh_store_search(s, &q, count_hit, &hits, NULL, NULL, &info, err);
    *total = rc ? -1 : info.total;
    return rc;
}

static size_t read_segments(const char *db, seg_file **out)
{
    char dir[4096];
    if (snprintf(dir, sizeof dir, "%s.idx", db) >= (int)sizeof dir) return 0;
    DIR *d = opendir(dir);
    seg_file *f = NULL;
    size_t n = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (!strstr(e->d_name, ".seg")) continue;
        seg_file *nf = realloc(f, (n + 1) * sizeof *f);
        if (!nf) break;
        f = nf;
        seg_file *g = &f[n];
        snprintf(g->path, sizeof g->path, "%s/%s", dir, e->d_name);
        FILE *in = fopen(g->path, "rb");
        if (!in) continue;
        fseek(in, 0, SEEK_END);
        g->n = (size_t)ftell(in);
        rewind(in);
        g->data = malloc(g->n ? g->n : 1);
        if (g->data && fread(g->data, 1, g->n, in) == g->n) n++;
        else free(g->data);
        fclose(in);
    }
    if (d) closedir(d);
    *out = f;
    return n;
}

static void seg_overwrite(const char *db, int searches)
{
    fh_err err;
    fh_store *s = NULL;
    /* as `fahras serve` and `fahras search` do */
    check(fh_store_protect_mappings(&err) == 0, "seg-overwrite: mapped reads guarded", err.msg);
    if (fh_store_open(db, FH_STORE_READ, NULL, &s, &err)) {
        check(0, "seg-overwrite: open the store", err.msg);
        return;
    }
    long before = -1;
    check(search_once(s, &before, &err) == 0 && before > 0, "seg-overwrite: searched before", err.msg);
    overwriter o = {0};
    o.n = read_segments(db, &o.f);
    check(o.n > 0, "seg-overwrite: the index has segment files", NULL);
    pthread_t t;
    pthread_create(&t, NULL, overwrite, &o);
    long answered = 0, refused = 0;
    for (int i = 0; i < searches; i++) {
        long total;
        if (search_once(s, &total, &err) == 0) answered++;
        else refused++;
    }
    atomic_store(&o.stop, 1);
    pthread_join(t, NULL);
    for (size_t i = 0; i < o.n; i++) write_back(&o.f[i], o.f[i].n);
    char what[200];
    snprintf(what, sizeof what,
             "seg-overwrite: %d searches while segment files were rewritten in place (%ld rounds): "
             "the process lives (%ld answered, %ld refused)",
             searches, o.rounds, answered, refused);
    check(answered + refused == searches && o.rounds > 0, what, NULL);
    long after = -1;
    int rc = -1;
    for (int i = 0; i < 20 && rc; i++) { /* the store reopens with a backoff */
        rc = search_once(s, &after, &err);
        if (rc) usleep(500000);
    }
    snprintf(what, sizeof what, "seg-overwrite: the files whole again: searched as before (%ld and %ld)",
             before, after);
    check(rc == 0 && after == before, what, err.msg);
    for (size_t i = 0; i < o.n; i++) free(o.f[i].data);
    free(o.f);
    fh_store_close(s);
}

/* ---- concurrent creation of one SQLite store ----------------------------- */

typedef struct race_arg {
    const char *path;
    pthread_barrier_t *start;
    int ok;
    fh_err err;
} race_arg;

static void *open_store(void *p)
{
    race_arg *a = p;
    fh_store *s = NULL;
    pthread_barrier_wait(a->start);
    a->ok = fh_store_open(a->path, FH_STORE_WRITE, NULL, &s, &a->err) == 0;
    fh_store_close(s);
    return NULL;
}

static void create_race(const char *dir, int rounds, int threads)
{
    int bad = 0;
    char detail[700] = "";
    race_arg *args = calloc((size_t)threads, sizeof *args);
    pthread_t *tid = calloc((size_t)threads, sizeof *tid);
    for (int r = 0; r < rounds; r++) {
        char path[600], side[640];
        snprintf(path, sizeof path, "%s/race-%d.db", dir, r);
        pthread_barrier_t start;
        pthread_barrier_init(&start, NULL, (unsigned)threads);
        for (int t = 0; t < threads; t++) {
            args[t] = (race_arg){.path = path, .start = &start};
            pthread_create(&tid[t], NULL, open_store, &args[t]);
        }
        for (int t = 0; t < threads; t++) {
            pthread_join(tid[t], NULL);
            if (!args[t].ok) {
                if (!bad++) snprintf(detail, sizeof detail, "round %d: %s", r, args[t].err.msg);
            }
        }
        pthread_barrier_destroy(&start);
        unlink(path);
        snprintf(side, sizeof side, "%s-wal", path);
        unlink(side);
        snprintf(side, sizeof side, "%s-shm", path);
        unlink(side);
    }
    char what[160];
    snprintf(what, sizeof what,
             "%d rounds of %d threads creating one new store at once: every open succeeds "
             "(%d failed)", rounds, threads, bad);
    check(bad == 0, what, detail);
    free(args);
    free(tid);
}

#ifdef HAVE_PG
/* ---- PostgreSQL: concurrent writers ------------------------------------- */

static PGconn *raw_connect(const char *url)
{
    PGconn *c = PQconnectdb(url);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "connect: %s", PQerrorMessage(c));
        exit(1);
    }
    PQclear(PQexec(c, "SET client_min_messages = warning"));
    return c;
}

static int sql_ok(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    if (!ok) fprintf(stderr, "%s: %s", sql, PQerrorMessage(c));
    PQclear(r);
    return ok;
}

static long sql_long(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    long v = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) ? atol(PQgetvalue(r, 0, 0)) : -1;
    PQclear(r);
    return v;
}

/* Wait (bounded: a hang guard) until some session waits on a lock. */
static int wait_for_lock_wait(PGconn *c, int sessions)
{
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
             "AND datname = current_database()");
    for (int i = 0; i < 3000; i++) {
        if (sql_long(c, sql) >= sessions) return 1;
        usleep(10000);
    }
    return 0;
}

/* The statistics kept against a recount: rows that differ. */
static long stats_drift(PGconn *c)
{
    return sql_long(c,
        "WITH kept AS (SELECT lexeme, ndoc FROM fahras_lexeme WHERE collection = 'fahras_docs' AND ndoc <> 0),"
        " real AS (SELECT u.lexeme, count(*) AS ndoc FROM fahras_docs, unnest(tsv) u GROUP BY 1)"
        " SELECT (SELECT count(*) FROM ((SELECT * FROM kept EXCEPT SELECT * FROM real)"
        "         UNION ALL (SELECT * FROM real EXCEPT SELECT * FROM kept)) d)"
        "      + (SELECT count(*) FROM fahras_collection c WHERE c.name = 'fahras_docs' AND"
        "         (c.ndocs <> (SELECT count(*) FROM fahras_docs) OR"
        "          c.total_len <> (SELECT coalesce(sum(fahras_doclen(tsv)), 0) FROM fahras_docs)))");
}

typedef struct writer {
    const char *url;
    const char *version;
    int n;
    int (*between)(struct writer *w); /* after the upserts, before the commit */
    pthread_mutex_t *mu;
    pthread_cond_t *cv;
    int *stage;
    int ok;
    fh_err err;
} writer;

static int put(fh_store *s, const char *id, const char *body, fh_err *err)
{
    fh_doc d = {0};
    d.id = id;
    d.id_len = strlen(id);
    d.body = body;
    d.body_len = strlen(body);
    return fh_store_upsert(s, &d, NULL, err);
}

static void *write_batch(void *p)
{
    writer *w = p;
    fh_store *s = NULL;
    w->ok = 0;
    if (fh_store_open(w->url, FH_STORE_WRITE, NULL, &s, &w->err) || fh_store_begin(s, &w->err)) {
        fh_store_close(s);
        return NULL;
    }
    int rc = 0;
    for (int i = 0; !rc && i < w->n; i++) {
        char id[32], body[200];
        snprintf(id, sizeof id, "same-%d", i);
        /* each version its own words: the lexeme counts must follow */
        snprintf(body, sizeof body, "نسخة%s كلمة%s%d مشتركة", w->version, w->version, i % 3);
        rc = put(s, id, body, &w->err);
    }
    if (!rc && w->between) rc = w->between(w);
    if (!rc) rc = fh_store_commit(s, &w->err);
    w->ok = rc == 0;
    fh_store_close(s);
    return NULL;
}

static void set_stage(writer *w, int v)
{
    pthread_mutex_lock(w->mu);
    *w->stage = v;
    pthread_cond_broadcast(w->cv);
    pthread_mutex_unlock(w->mu);
}

static void wait_stage(writer *w, int v)
{
    pthread_mutex_lock(w->mu);
    while (*w->stage < v) pthread_cond_wait(w->cv, w->mu);
    pthread_mutex_unlock(w->mu);
}

/* The first writer holds its batch open until told to commit. */
static int hold_open(writer *w)
{
    set_stage(w, 1); /* upserts done */
    wait_stage(w, 2);
    return 0;
}

static void pg_stats(const char *url)
{
    PGconn *c = raw_connect(url);
    sql_ok(c, "DROP TABLE IF EXISTS fahras_docs, fahras_store_meta CASCADE");
    sql_ok(c, "DROP EXTENSION IF EXISTS fahras CASCADE");
    fh_store *s = NULL;
    fh_err err;
    if (fh_store_open(url, FH_STORE_WRITE, NULL, &s, &err)) {
        check(0, "pg-stats: create the store", err.msg);
        return;
    }
    for (int i = 0; i < 6; i++) { /* the old versions of half the ids */
        char id[32];
        snprintf(id, sizeof id, "same-%d", i);
        put(s, id, "نسخةقديمة كلمةقديمة", &err);
    }
    fh_store_close(s);

    pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
    int stage = 0;
    writer a = {.url = url, .version = "أ", .n = 12, .between = hold_open, .mu = &mu, .cv = &cv, .stage = &stage};
    writer b = {.url = url, .version = "ب", .n = 12, .mu = &mu, .cv = &cv, .stage = &stage};
    pthread_t ta, tb;
    pthread_create(&ta, NULL, write_batch, &a);
    wait_stage(&a, 1);
    pthread_create(&tb, NULL, write_batch, &b);
    int waited = wait_for_lock_wait(c, 1); /* the second writer waits for the first */
    set_stage(&a, 2);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    check(a.ok && b.ok && waited, "pg-stats: two index runs write the same 12 ids at once, both commit",
          !a.ok ? a.err.msg : b.err.msg);
    long drift = stats_drift(c);
    char d[64];
    snprintf(d, sizeof d, "%ld statistics rows differ from a recount", drift);
    check(drift == 0, "pg-stats: the BM25 statistics equal a recount after both", d);
    check(sql_long(c, "SELECT count(*) FROM fahras_docs WHERE body LIKE 'نسخةب%'") == 12,
          "pg-stats: the later batch's versions are stored", NULL);
    PQfinish(c);
}

/* The writer meets another session's lock while that session waits for
 * one of the writer's: a deadlock the server breaks by failing one of the
 * two statements. */
static void pg_deadlock(const char *url)
{
    PGconn *c = raw_connect(url), *other = raw_connect(url);
    fh_store *s = NULL;
    fh_err err;
    if (fh_store_open(url, FH_STORE_WRITE, NULL, &s, &err)) {
        check(0, "pg-deadlock: open the store", err.msg);
        return;
    }
    put(s, "same-0", "قديم", &err);
    put(s, "same-1", "قديم", &err);
    fh_store_close(s);
    /* the other session: a long deadlock_timeout, so the writer's session
     * is the one the server picks to fail */
    sql_ok(other, "SET deadlock_timeout = '20s'");
    sql_ok(other, "BEGIN");
    sql_ok(other, "UPDATE fahras_docs SET title = 'آخر' WHERE id = 'same-1'");
    pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
    int stage = 0;
    writer w = {.url = url, .version = "ج", .n = 2, .mu = &mu, .cv = &cv, .stage = &stage};
    pthread_t t;
    pthread_create(&t, NULL, write_batch, &w); /* same-0, then waits on same-1 */
    int waited = wait_for_lock_wait(c, 1);
    /* now take same-0, which the writer holds: a deadlock; the writer's
     * session fails after its deadlock_timeout (1 s), this one proceeds */
    PGresult *r = PQexec(other, "UPDATE fahras_docs SET title = 'آخر' WHERE id = 'same-0'");
    int other_ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    sql_ok(other, "COMMIT"); /* the writer's replay can go on */
    pthread_join(t, NULL);
    check(waited && other_ok, "pg-deadlock: the writer and another session deadlock", NULL);
    check(w.ok, "pg-deadlock: the writer's batch is written again and commits, no document refused",
          w.err.msg);
    check(sql_long(c, "SELECT count(*) FROM fahras_docs WHERE body LIKE 'نسخةج%'") == 2,
          "pg-deadlock: both documents hold the writer's version", NULL);
    long drift = stats_drift(c);
    check(drift == 0, "pg-deadlock: the statistics equal a recount", NULL);
    PQfinish(other);
    PQfinish(c);
}
#endif

/* ---- the date a document is stored with ---------------------------------- */

static int put_dated(fh_store *s, const char *id, const char *date, fh_err *err)
{
    fh_doc d = {0};
    d.id = id;
    d.id_len = strlen(id);
    d.body = "خبر من تونس";
    d.body_len = strlen(d.body);
    d.date = date;
    d.date_len = date ? strlen(date) : 0;
    return fh_store_upsert(s, &d, NULL, err);
}

typedef struct dated_hits {
    char got[256];
} dated_hits;

static int note_date(void *ctx, const fh_hit *hit)
{
    dated_hits *h = ctx;
    size_t at = strlen(h->got);
    snprintf(h->got + at, sizeof h->got - at, "%s=%s ", hit->id, hit->date && *hit->date ? hit->date : "-");
    return 0;
}

/* A date is stored as ISO 8601 whatever form the caller gives it in, an
 * empty one as none, and one that is no date is refused by name; a browse
 * lists the dated newest first and the undated last, in either order. */
static void store_dates(const char *target)
{
    fh_store *s = NULL;
    fh_err err = {0};
    check(fh_store_open(target, FH_STORE_WRITE, NULL, &s, &err) == 0, "dates: store opened", err.msg);
    if (!s) return;
    check(put_dated(s, "d1", "14/4/2021", &err) == 0, "dates: 14/4/2021 accepted", err.msg);
    check(put_dated(s, "d2", "2021-04-14T09:30:00", &err) == 0, "dates: ISO 8601 accepted", err.msg);
    check(put_dated(s, "d3", "", &err) == 0, "dates: an empty date accepted as none", err.msg);
    check(put_dated(s, "d4", "١٢ نيسان ٢٠٢١", &err) == 0, "dates: Arabic month and digits accepted", err.msg);
    int rc = put_dated(s, "d5", "not a date", &err);
    check(rc != 0 && strstr(err.msg, "date"), "dates: a date in no known form refused, naming the field",
          err.msg);
    const char *want[] = {"d2=2021-04-14T09:30:00 d1=2021-04-14 d4=2021-04-12 ",
                          "d4=2021-04-12 d1=2021-04-14 d2=2021-04-14T09:30:00 "};
    for (int oldest = 0; oldest < 2; oldest++) {
        fh_query q = {.q = "", .date_to = "2021", .limit = 10, .no_snippets = 1, .no_collapse = 1,
                      .sort = oldest ? FH_SORT_OLDEST : FH_SORT_NEWEST};
        dated_hits h = {{0}};
        fh_search_info info;
        int src = fh_store_search(s, &q, note_date, &h, NULL, NULL, &info, &err);
        check(src == 0 && !strcmp(h.got, want[oldest]) && info.total == 3,
              oldest ? "dates: a browse to 2021, oldest first, as stored"
                     : "dates: a browse to 2021, newest first, as stored",
              src ? err.msg : h.got);
        fh_query all = {.q = "تونس", .limit = 10, .no_snippets = 1, .no_collapse = 1,
                        .sort = oldest ? FH_SORT_OLDEST : FH_SORT_NEWEST};
        memset(&h, 0, sizeof h);
        src = fh_store_search(s, &all, note_date, &h, NULL, NULL, &info, &err);
        check(src == 0 && strstr(h.got, "d3=- ") && !strcmp(strstr(h.got, "d3=- "), "d3=- "),
              oldest ? "dates: the undated last, oldest first" : "dates: the undated last, newest first",
              src ? err.msg : h.got);
    }
    fh_store_close(s);
}

int main(int argc, char **argv)
{
    if (argc >= 5 && !strcmp(argv[1], "create-race")) {
        create_race(argv[2], atoi(argv[3]), atoi(argv[4]));
    } else if (argc >= 3 && !strcmp(argv[1], "dates")) {
        store_dates(argv[2]);
    } else if (argc >= 4 && !strcmp(argv[1], "seg-overwrite")) {
        seg_overwrite(argv[2], atoi(argv[3]));
#ifdef HAVE_PG
    } else if (argc >= 3 && !strcmp(argv[1], "pg-stats")) {
        pg_stats(argv[2]);
    } else if (argc >= 3 && !strcmp(argv[1], "pg-deadlock")) {
        pg_deadlock(argv[2]);
#endif
    } else {
        fprintf(stderr, "usage: store_hostile create-race DIR ROUNDS THREADS | seg-overwrite DB N | dates DB | "
                        "pg-stats URL | "
                        "pg-deadlock URL\n");
        return 2;
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
