/*
 * json_shapes.h - the JSON shapes that `fahras search --json` and the HTTP
 * API share (docs/http.md documents them; add fields, never rename):
 *
 *   hit:   {"rank", "id", "title", "source", "category", "date", "url",
 *           "score", "snippet": [{"text", "mark"}...],
 *           "duplicates": null | {"sources": N, "documents": [dup...]}}
 *   dup:   {"id", "title", "source", "date", "url"} (and "cluster" in listings)
 *   entity facets, members of a search answer (null when not asked for):
 *          "entities": {"PER": [{"key", "name", "count"}...], "ORG": [...],
 *                       "LOC": [...]},
 *          "entities_from": N (the best matches they were counted from),
 *          "timeline": {"unit": "year"|"month"|"day" ("year" when no
 *                       bucket), "buckets": [{"date", "count"}...]}
 *   rewrites: [{"kind": "spelling", "from", "to"} | {"kind": "variants", "word",
 *           "with": [...]} | {"kind": "relaxed"}]: every change a search made
 *
 * Marked text is a list of segments, each plain or marked, so a client
 * renders marks without offsets to convert (byte or code point) and
 * without parsing HTML from article text; the article view also gives the
 * marks as offsets, in bytes and in code points (fh_json_mark_offsets).
 * Empty optional fields are null.
 */
#ifndef FAHRAS_JSON_SHAPES_H
#define FAHRAS_JSON_SHAPES_H

#include <jansson.h>

#include "highlight.h"
#include "store.h"

/* A JSON string from bytes that should be UTF-8; anything else is shown
 * with U+FFFD rather than failing.  NULL s: JSON null. */
json_t *fh_json_str(const char *s, size_t n);
json_t *fh_json_cstr(const char *s);      /* NULL: null */
json_t *fh_json_optional(const char *s);  /* NULL or "": null */

/* A copy of a story (cluster: NULL, or the cluster it is listed under). */
json_t *fh_json_dup(const char *cluster, const fh_dup *d);

/* A hit (its snippet as segments; [] without a snippet). */
json_t *fh_json_hit(const fh_hit *h);

/* The changes a search made to its query (info->rewrites), [] for none. */
json_t *fh_json_rewrites(const fh_search_info *info);

/* A search's counts into answer j: "total", "total_relation" ("gte": a
 * lower bound, counting stopped past it; "lte": an upper bound, copies
 * of a story may be among the matches not read; else "eq"), "total_all",
 * "total_all_relation" and "match", in that order. */
void fh_json_put_totals(json_t *j, const fh_search_info *info);

/* Segments of a string holding FH_MARK_OPEN/FH_MARK_CLOSE bytes. */
json_t *fh_json_marked_string(const char *s);

/* Segments of text[0..n) with the ranges r[0..nr) marked (disjoint, in
 * order). */
json_t *fh_json_marked_ranges(const char *text, size_t n, const fh_range *r, size_t nr);

/* The entity facets of one search: q->entity_facets = &e->sink before
 * the search, fh_json_entity_facets_put after it (wanted 0: the members
 * are null), then fh_json_entity_facets_free. */
typedef struct fh_json_entity_facets {
    fh_entity_facet_sink sink;
    json_t *types[3]; /* PER, ORG, LOC lists */
    json_t *buckets;
} fh_json_entity_facets;
void fh_json_entity_facets_init(fh_json_entity_facets *e);
void fh_json_entity_facets_put(fh_json_entity_facets *e, json_t *answer, int wanted);
void fh_json_entity_facets_free(fh_json_entity_facets *e);
/* The same ranges as offsets: [{"start", "end", "start_cp", "end_cp"}...],
 * start/end in bytes of the UTF-8 text, *_cp in code points of the JSON
 * string (what Python's str indexes; JavaScript: Array.from(s)). */
json_t *fh_json_mark_offsets(const char *text, size_t n, const fh_range *r, size_t nr);

#endif
