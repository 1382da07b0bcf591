/*
 * entfacets.h - the entity facets of a search (store.h's
 * fh_entity_facet_sink), counted the same way for every backend from the
 * rows (spans.h) of the best FH_ENTITY_FACET_DOCS matches: each person,
 * organisation and place counts once a document, named by its most common
 * surface; each event date counts once a document in its bucket of the
 * timeline, whose unit (year, month or day) fits the span of the dates
 * (the 2nd to 98th percentile, so one date of 1948 does not make a
 * timeline of years).  Within an event filter only the dates in its range
 * are shown.  Memory grows with the distinct values of the documents read.
 */
#ifndef FAHRAS_ENTFACETS_H
#define FAHRAS_ENTFACETS_H

#include <stdint.h>

#include "filter.h"
#include "store.h"

typedef struct fh_entfacets fh_entfacets;

/* f: the search's filters (NULL: none).  NULL when out of memory. */
fh_entfacets *fh_entfacets_new(const fh_entity_filters *f);
void fh_entfacets_free(fh_entfacets *e); /* NULL-safe */

/* One row of the document being read (spans.h: type, key, name, n, lo),
 * rows of one document one after another; doc is the document's number in
 * the read (rows of a new number start the next document). */
void fh_entfacets_row(fh_entfacets *e, long doc, int type, const char *key, const char *name,
                      long n, const char *lo);

/* The same, for keys and names that stay at one address while e is in
 * use, the same string always at the same one (a cache's interned
 * strings); key_hash: fh_fnv of key. */
void fh_entfacets_row_stable(fh_entfacets *e, long doc, int type, const char *key,
                             uint32_t key_hash, const char *name, long n, const char *lo);

/* Documents read so far. */
long fh_entfacets_docs(const fh_entfacets *e);

/* Deliver the top FH_ENTITY_FACET_TOP of PER, ORG and LOC, then the
 * timeline; sets sink->from and sink->timeline_unit.  0, or -1 when out of
 * memory. */
int fh_entfacets_emit(fh_entfacets *e, fh_entity_facet_sink *sink);

#endif
