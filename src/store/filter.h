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
 *   entity    (each of fh_query.entities, all must hold) the document
 *             mentions an entity of that type whose canonical key is the
 *             filter's name as fahras_entity_key reads it, so قسد, لـ"قسد"
 *             and «قسد» filter alike
 *   events    (fh_query.event_from/event_to, the date rule of from/to) the
 *             document mentions a date whose days overlap the range: a
 *             filter's from counts from its first day, its to up to its
 *             last day (2021-04 takes all of April), a mentioned date covers
 *             its days (fh_date_days: "2021" is the whole year)
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

/* The entity and event filters of a search, in the terms the stores keep
 * (spans.h's rows): each entity as its type and canonical key, the event
 * range as days.  Made once by the store layer (fh_entity_filters_make);
 * the backends translate them. */
#define FH_MAX_ENTITY_FILTERS 8
#define FH_ENTITY_KEY_MAX 256
typedef struct fh_entity_filters {
    int n;
    int type[FH_MAX_ENTITY_FILTERS];          /* fahras_span_type: PER .. MISC */
    char key[FH_MAX_ENTITY_FILTERS][FH_ENTITY_KEY_MAX];
    int events;                               /* the event range is filtered */
    char event_lo[11], event_hi[11];          /* YYYY-MM-DD, both inclusive */
} fh_entity_filters;

/* Whether q has entity or event filters. */
int fh_entity_filters_wanted(const fh_query *q);

/* Check q's entity filters ("TYPE:NAME", TYPE one of PER ORG LOC MISC in
 * any case) and event dates, and make f with t's canonical keys (t may be
 * NULL when q has no entity filter).  0, or -1 with err (kind
 * FH_ERR_QUERY) naming the bad filter. */
int fh_entity_filters_make(const fahras_tagger *t, const fh_query *q, fh_entity_filters *f,
                           fh_err *err);

/* Whether a mentioned date covering days lo..hi passes f's event range. */
int fh_event_pass(const fh_entity_filters *f, const char *lo, const char *hi);

#endif
