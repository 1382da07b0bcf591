/*
 * store_backend.h - the table of operations every store backend provides.
 *
 * store.c owns the public fh_store_* API (store.h): it validates arguments
 * once (ids, UTF-8, limits, dates), parses the query language (query.h),
 * then dispatches through one fh_store_backend.  A backend never sees a
 * request store.c has rejected, so it only deals with its own database.
 *
 * Backends: SQLite FTS5 (store_sqlite.c, always built) and PostgreSQL
 * (store_pg.c, built when its mk fragment defines HAVE_STORE_PG).
 */
#ifndef FAHRAS_STORE_BACKEND_H
#define FAHRAS_STORE_BACKEND_H

#include "query.h"
#include "store.h"

/* A backend's own connection state; each backend defines the struct. */
typedef struct fh_backend_db fh_backend_db;

typedef struct fh_store_backend {
    const char *name; /* "sqlite" or "postgresql", as fh_stats.backend */

    /* Open or create the store at target (mode FH_STORE_READ/WRITE).
     * opts: the options the caller asked for explicitly, or NULL for "the
     * store's own" (defaults for a new store).  A backend must refuse an
     * existing store built with other options or another analyzer
     * major.minor version, with a message saying how to rebuild.
     * On success *out is owned by the caller (release with close). */
    int (*open)(const char *target, int mode, const fahras_options *opts, fh_backend_db **out,
                fh_err *err);
    void (*close)(fh_backend_db *db); /* NULL-safe */

    /* The analyzer matching the store's options; owned by db. */
    const fahras_analyzer *(*analyzer)(const fh_backend_db *db);

    int (*begin)(fh_backend_db *db, fh_err *err);
    int (*commit)(fh_backend_db *db, fh_err *err);
    int (*rollback)(fh_backend_db *db, fh_err *err);

    /* Insert or replace doc (already validated: id 1..FH_MAX_ID_BYTES
     * bytes, body non-empty, every field valid UTF-8).  *changed (never
     * NULL) is set to 1 when the store was written, 0 when it held the
     * same document already. */
    int (*upsert)(fh_backend_db *db, const fh_doc *doc, int *changed, fh_err *err);

    /* Search.  q is validated (limit 1..FH_MAX_LIMIT, offset >= 0, dates
     * YYYY-MM-DD...); pq is q->q parsed, with at least one positive
     * clause.  Hits are delivered in rank order. */
    int (*search)(fh_backend_db *db, const fh_query *q, const fh_parsed_query *pq, fh_hit_fn fn,
                  void *ctx, long *total, fh_err *err);
    int (*facets)(fh_backend_db *db, const fh_query *q, const fh_parsed_query *pq,
                  fh_facet_fn fn, void *ctx, fh_err *err);

    int (*get)(fh_backend_db *db, const char *id, fh_doc_fn fn, void *ctx, int *found,
               fh_err *err);
    int (*stats)(fh_backend_db *db, fh_stats *out, fh_err *err);
} fh_store_backend;

/* The backends (static tables; do not free). */
const fh_store_backend *fh_store_sqlite_backend(void);
#ifdef HAVE_STORE_PG
const fh_store_backend *fh_store_pg_backend(void);
#endif

/* Set err->msg printf-style; returns -1 so callers can `return fh_fail(...)`. */
int fh_fail(fh_err *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* A growable string for building SQL and match expressions (store.c).
 * On allocation failure oom is set and further appends are ignored; the
 * owner frees p. */
typedef struct sbuf {
    char *p;
    size_t n, cap;
    int oom;
} sbuf;
void fh_sb_add(sbuf *b, const char *s, size_t n);
void fh_sb_str(sbuf *b, const char *s);

#endif
