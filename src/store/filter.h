/*
 * filter.h - what a search's filters (store.h's fh_query: source, category,
 * dates) mean, stated once for every backend.  The SQL backends translate
 * the same rules into their SQL (sqlite/translate.c, postgres/translate.c);
 * an index of our own applies them to its stored values directly.
 *
 *   source    the document's source equals the filter, ASCII letters in
 *             any case (SQLite's NOCASE)
 *   category  the filter is one of the document's comma-separated
 *             categories, compared whole (spaces included)
 *   dates     inclusive, on the stored ISO 8601 text: not before date_from,
 *             and the end compared on its own length (YYYY, YYYY-MM or
 *             YYYY-MM-DD), so 2021-04 takes all of April
 *
 * A document without the filtered value does not pass.
 */
#ifndef FAHRAS_FILTER_H
#define FAHRAS_FILTER_H

#include "store.h"

enum { FH_FILTER_SOURCE = 0, FH_FILTER_CATEGORY = 1, FH_FILTER_DATE = 2, FH_FILTER_KINDS };

/* The kinds q filters on, as bits 1 << FH_FILTER_*. */
unsigned fh_filter_kinds(const fh_query *q);

/* Whether a document whose value of kind is value (NUL-terminated, NULL
 * for none) passes q's filter of that kind. */
int fh_filter_pass(const fh_query *q, int kind, const char *value);

#endif
