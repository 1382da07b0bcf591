/*
 * guard.c - the SIGBUS guard of searches over mapped segments (guard.h).
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guard.h"
#include "ix.h"

/* A tracked block's header; 32 bytes keep the payload aligned as malloc's. */
typedef struct tblk {
    struct tblk *prev, *next;
    uint64_t gen;  /* the allocation's number on its thread */
    uint64_t pad;
} tblk;

typedef struct guard {
    sigjmp_buf jb;
    struct guard *prev;
    uint64_t gen; /* blocks numbered from here on are the guard's */
} guard;

/* Per thread: the innermost guard, the live tracked blocks (newest
 * first) and the allocation counter. */
static _Thread_local guard *cur_guard;
static _Thread_local tblk *live;
static _Thread_local uint64_t next_gen;

static void *track(tblk *b)
{
    b->gen = next_gen++;
    b->prev = NULL;
    b->next = live;
    if (live) live->prev = b;
    live = b;
    return b + 1;
}

static void untrack(tblk *b)
{
    if (b->prev) b->prev->next = b->next;
    else live = b->next;
    if (b->next) b->next->prev = b->prev;
}

void *ix_malloc(size_t n)
{
    if (n > SIZE_MAX - sizeof(tblk)) return NULL;
    tblk *b = malloc(sizeof *b + n);
    return b ? track(b) : NULL;
}

void *ix_calloc(size_t n, size_t size)
{
    if (size && n > (SIZE_MAX - sizeof(tblk)) / size) return NULL;
    void *p = ix_malloc(n * size);
    if (p) memset(p, 0, n * size);
    return p;
}

void *ix_realloc(void *p, size_t n)
{
    if (!p) return ix_malloc(n);
    if (n > SIZE_MAX - sizeof(tblk)) return NULL;
    tblk *b = (tblk *)p - 1;
    untrack(b);
    tblk *q = realloc(b, sizeof *q + n);
    if (!q) {
        track(b); /* unchanged, still ours */
        return NULL;
    }
    return track(q);
}

void ix_free(void *p)
{
    if (!p) return;
    tblk *b = (tblk *)p - 1;
    untrack(b);
    free(b);
}

int ix_guard_run(int (*fn)(void *ctx), void *ctx)
{
    guard g;
    g.prev = cur_guard;
    g.gen = next_gen;
    /* the signal mask is not saved (that is a system call per guarded
     * read): the handler runs with the mask of the read it interrupted
     * (SA_NODEFER, no sa_mask), so leaving it leaves that mask as it was */
    if (sigsetjmp(g.jb, 0)) {
        /* the handler left the guard: cur_guard is g.prev again */
        for (tblk *b = live, *nb; b; b = nb) {
            nb = b->next;
            if (b->gen >= g.gen) {
                untrack(b);
                free(b);
            }
        }
        return IX_ECHANGED;
    }
    cur_guard = &g;
    int rc = fn(ctx);
    cur_guard = g.prev;
    return rc;
}

static struct sigaction before; /* written once, before the handler runs */
static int install_errno;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
    (void)si;
    (void)uc;
    guard *g = cur_guard;
    if (g) {
        cur_guard = g->prev;
        siglongjmp(g->jb, 1);
    }
    /* not a guarded read: what was there before acts on the fault, which
     * is raised again when this returns */
    sigaction(sig, &before, NULL);
}

static void install_once(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sigbus;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGBUS, &sa, &before)) install_errno = errno;
}

int ix_guard_install(void)
{
    pthread_once(&once, install_once);
    if (install_errno) {
        errno = install_errno;
        return -1;
    }
    return 0;
}
