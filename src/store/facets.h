/*
 * facets.h - counting the facet values of matching documents, the same way
 * for every backend: a category list "a,b" counts once for a and once for
 * b, empty values are not counted, and the top FH_FACET_TOP values of each
 * kind come out highest count first, then by value (byte order).
 *
 * Memory: every distinct value among the matches is counted (the top ones
 * are only known at the end), at most FH_FACET_MAX_BYTES a kind (about
 * 50,000 short values).  A kind with more gives up its table
 * (fh_facets_overflowed); the backend then counts it in its database.
 */
#ifndef FAHRAS_FACETS_H
#define FAHRAS_FACETS_H

#include <stddef.h>

#include "store.h"

#define FH_FACET_MAX_BYTES ((size_t)4 << 20)

/* The kinds, in the order they are emitted. */
enum { FH_FACET_SOURCE, FH_FACET_CATEGORY, FH_FACET_MONTH, FH_FACET_KINDS };
extern const char *const fh_facet_kind_names[FH_FACET_KINDS];

typedef struct fh_facets fh_facets;

fh_facets *fh_facets_new(void); /* NULL when out of memory */
void fh_facets_free(fh_facets *f); /* NULL-safe */

/* The values a document's stored value[0..len) of kind counts for, each
 * handed to fn (not NUL-terminated, never empty): a source whole, each
 * name of a category list "a, b" without the spaces around it, a date's
 * month (its first 7 bytes).  Every counter of facets goes through it. */
typedef void (*fh_facet_value_fn)(void *ctx, const char *v, size_t len);
void fh_facet_values(int kind, const char *value, size_t len, fh_facet_value_fn fn, void *ctx);

/* Count n documents with value[0..len) of kind (FH_FACET_*), as
 * fh_facet_values splits it. */
void fh_facets_add(fh_facets *f, int kind, const char *value, size_t len, long n);

/* Whether kind gave up its table (too many values, or out of memory). */
int fh_facets_overflowed(const fh_facets *f, int kind);

/* For a kind that overflowed: one of its top values, counted by the
 * backend (given highest count first, at most FH_FACET_TOP). */
void fh_facets_add_top(fh_facets *f, int kind, const char *value, long n);

/* Deliver the top values of every kind that did not overflow. */
void fh_facets_emit(fh_facets *f, fh_facet_fn fn, void *ctx);

#endif
