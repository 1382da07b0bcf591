/*
 * guard.h - searches over mapped segment files that survive the files
 * being overwritten or truncated in place under them (cp or rsync
 * --inplace over DB.idx/): a read past the new end of a mapped file raises
 * SIGBUS, which would kill the process.
 *
 * A search runs inside ix_guard_run.  When the program has installed the
 * handler (ix_guard_install, once per process: programs that own their
 * signals, such as fahras serve), a SIGBUS raised while the thread is
 * inside a guard jumps back out of it and ix_guard_run returns
 * IX_ECHANGED; the allocations made inside with ix_malloc & co. are freed
 * on the way out.  Without the handler a guard costs a sigsetjmp and
 * changes nothing.  The state is per thread (the guard the thread runs in,
 * its allocations) besides the handler installed before, kept to pass on
 * a SIGBUS raised outside any guard.
 */
#ifndef FAHRAS_IX_GUARD_H
#define FAHRAS_IX_GUARD_H

#include <stddef.h>

/* Allocations of guarded code: like malloc & co., and freed when a guard
 * is left by a jump.  Blocks must be freed by ix_free on the thread that
 * allocated them. */
void *ix_malloc(size_t n);
void *ix_calloc(size_t n, size_t size);
void *ix_realloc(void *p, size_t n);
void ix_free(void *p);

/* fn(ctx)'s result, or IX_ECHANGED when a mapped file it read was cut
 * short under it (guards nest). */
int ix_guard_run(int (*fn)(void *ctx), void *ctx);

/* Install the SIGBUS handler (idempotent); 0, or -1 with errno set. */
int ix_guard_install(void);

#endif
