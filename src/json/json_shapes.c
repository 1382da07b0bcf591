/*
 * json_shapes.c - JSON shapes shared by the CLI and the HTTP API
 * (json_shapes.h).
 */
#include <stdlib.h>
#include <string.h>

#include "codepoints.h"
#include "json_shapes.h"

json_t *fh_json_str(const char *s, size_t n)
{
    if (!s) return json_null();
    json_t *j = json_stringn(s, n);
    if (j) return j;
    char *fixed = malloc(n * 3 + 1);
    if (!fixed) return NULL;
    size_t o = 0, i = 0;
    while (i < n) {
        size_t bad;
        if (fahras_utf8_check(s + i, n - i, &bad) == FAHRAS_OK) bad = n - i;
        memcpy(fixed + o, s + i, bad);
        o += bad;
        i += bad;
        if (i < n) { /* one bad byte -> U+FFFD */
            memcpy(fixed + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        }
    }
    j = json_stringn(fixed, o);
    free(fixed);
    return j;
}

json_t *fh_json_cstr(const char *s)
{
    return s ? fh_json_str(s, strlen(s)) : json_null();
}

json_t *fh_json_optional(const char *s)
{
    return s && *s ? fh_json_cstr(s) : json_null();
}

static void add_segment(json_t *parts, const char *s, size_t n, int mark)
{
    json_t *seg = json_object();
    json_object_set_new(seg, "text", fh_json_str(s, n));
    json_object_set_new(seg, "mark", json_boolean(mark));
    json_array_append_new(parts, seg);
}

json_t *fh_json_marked_string(const char *s)
{
    json_t *parts = json_array();
    if (!s) return parts;
    int mark = 0;
    for (const char *p = s;;) {
        size_t n = strcspn(p, FH_MARK_OPEN FH_MARK_CLOSE);
        if (n) add_segment(parts, p, n, mark);
        p += n;
        if (!*p) break;
        mark = *p == FH_MARK_OPEN[0];
        p++;
    }
    return parts;
}

json_t *fh_json_marked_ranges(const char *text, size_t n, const fh_range *r, size_t nr)
{
    json_t *parts = json_array();
    size_t at = 0;
    if (!text) return parts;
    for (size_t i = 0; i <= nr; i++) {
        size_t start = i < nr ? r[i].start : n, end = i < nr ? r[i].end : n;
        if (start > at) add_segment(parts, text + at, start - at, 0);
        if (end > start) add_segment(parts, text + start, end - start, 1);
        at = end;
    }
    return parts;
}

json_t *fh_json_mark_offsets(const char *text, size_t n, const fh_range *r, size_t nr)
{
    json_t *marks = json_array();
    size_t at = 0, cp = 0;
    if (!text) return marks;
    for (size_t i = 0; i < nr; i++) {
        if (r[i].end <= r[i].start || r[i].end > n) continue;
        json_t *m = json_object();
        json_object_set_new(m, "start", json_integer((json_int_t)r[i].start));
        json_object_set_new(m, "end", json_integer((json_int_t)r[i].end));
        fh_count_code_points(text, n, r[i].start, &at, &cp);
        json_object_set_new(m, "start_cp", json_integer((json_int_t)cp));
        fh_count_code_points(text, n, r[i].end, &at, &cp);
        json_object_set_new(m, "end_cp", json_integer((json_int_t)cp));
        json_array_append_new(marks, m);
    }
    return marks;
}

json_t *fh_json_dup(const char *cluster, const fh_dup *d)
{
    json_t *o = json_object();
    if (cluster) json_object_set_new(o, "cluster", fh_json_cstr(cluster));
    json_object_set_new(o, "id", fh_json_cstr(d->id));
    json_object_set_new(o, "title", fh_json_optional(d->title));
    json_object_set_new(o, "source", fh_json_optional(d->source));
    json_object_set_new(o, "date", fh_json_optional(d->date));
    json_object_set_new(o, "url", fh_json_optional(d->url));
    return o;
}

/* {"sources": N, "documents": [...]} when the hit stands for copies, else null. */
static json_t *fh_json_dups(const fh_hit *h)
{
    if (!h->n_dups) return json_null();
    json_t *o = json_object(), *a = json_array();
    for (size_t i = 0; i < h->n_dups; i++) json_array_append_new(a, fh_json_dup(NULL, &h->dups[i]));
    json_object_set_new(o, "sources", json_integer((json_int_t)h->dup_sources));
    json_object_set_new(o, "documents", a);
    return o;
}

void fh_json_put_totals(json_t *j, const fh_search_info *info)
{
    json_object_set_new(j, "total", json_integer(info->total));
    json_object_set_new(j, "total_relation", json_string(info->total_is_lower_bound   ? "gte"
                                                         : info->total_is_upper_bound ? "lte"
                                                                                      : "eq"));
    json_object_set_new(j, "total_all", json_integer(info->total_all));
    json_object_set_new(j, "total_all_relation",
                        json_string(info->total_all_is_lower_bound ? "gte" : "eq"));
    json_object_set_new(j, "match", fh_json_cstr(info->match));
    /* no words, only filters: every article passing them, by date */
    json_object_set_new(j, "browse", json_boolean(info->browse));
}

json_t *fh_json_rewrites(const fh_search_info *info)
{
    json_t *a = json_array();
    for (size_t i = 0; info && i < info->n_rewrites; i++) {
        const fh_rewrite *w = &info->rewrites[i];
        json_t *o = json_object();
        if (w->kind == FH_REWRITE_SPELLING) {
            json_object_set_new(o, "kind", json_string("spelling"));
            json_object_set_new(o, "from", fh_json_cstr(w->from));
            json_object_set_new(o, "to", fh_json_cstr(w->to));
        } else if (w->kind == FH_REWRITE_VARIANTS) {
            json_t *with = json_array();
            for (size_t k = 0; k < w->n_with; k++) json_array_append_new(with, fh_json_cstr(w->with[k]));
            json_object_set_new(o, "kind", json_string("variants"));
            json_object_set_new(o, "word", fh_json_cstr(w->from));
            json_object_set_new(o, "with", with);
        } else {
            json_object_set_new(o, "kind", json_string("relaxed"));
        }
        json_array_append_new(a, o);
    }
    return a;
}

json_t *fh_json_hit(const fh_hit *h)
{
    json_t *hit = json_object();
    json_object_set_new(hit, "rank", json_integer(h->rank));
    json_object_set_new(hit, "id", fh_json_cstr(h->id));
    json_object_set_new(hit, "title", fh_json_optional(h->title));
    json_object_set_new(hit, "source", fh_json_optional(h->source));
    json_object_set_new(hit, "category", fh_json_optional(h->category));
    json_object_set_new(hit, "date", fh_json_optional(h->date));
    json_object_set_new(hit, "url", fh_json_optional(h->url));
    json_object_set_new(hit, "score", json_real(h->score));
    json_object_set_new(hit, "snippet", fh_json_marked_string(h->snippet));
    json_object_set_new(hit, "duplicates", fh_json_dups(h));
    return hit;
}

static const char *const entity_types[3] = {"PER", "ORG", "LOC"};

static int on_entity_facet(void *ctx, const char *type, const char *key, const char *name,
                           long count)
{
    fh_json_entity_facets *e = ctx;
    if (!strcmp(type, "timeline")) {
        json_t *b = json_object();
        json_object_set_new(b, "date", fh_json_cstr(key));
        json_object_set_new(b, "count", json_integer(count));
        json_array_append_new(e->buckets, b);
        return 0;
    }
    for (int t = 0; t < 3; t++) {
        if (strcmp(type, entity_types[t])) continue;
        json_t *v = json_object();
        json_object_set_new(v, "key", fh_json_cstr(key));
        json_object_set_new(v, "name", fh_json_cstr(name));
        json_object_set_new(v, "count", json_integer(count));
        json_array_append_new(e->types[t], v);
    }
    return 0;
}

void fh_json_entity_facets_init(fh_json_entity_facets *e)
{
    memset(e, 0, sizeof *e);
    e->sink.fn = on_entity_facet;
    e->sink.ctx = e;
    for (int t = 0; t < 3; t++) e->types[t] = json_array();
    e->buckets = json_array();
}

void fh_json_entity_facets_put(fh_json_entity_facets *e, json_t *answer, int wanted)
{
    if (!wanted) {
        json_object_set_new(answer, "entities", json_null());
        json_object_set_new(answer, "entities_from", json_null());
        json_object_set_new(answer, "timeline", json_null());
        return;
    }
    json_t *ents = json_object();
    for (int t = 0; t < 3; t++) json_object_set(ents, entity_types[t], e->types[t]);
    json_object_set_new(answer, "entities", ents);
    json_object_set_new(answer, "entities_from", json_integer(e->sink.from));
    json_t *tl = json_object();
    /* a timeline without dates still names a unit (CONTRACT.md: one of three) */
    json_object_set_new(tl, "unit", json_string(e->sink.timeline_unit[0] ? e->sink.timeline_unit : "year"));
    json_object_set(tl, "buckets", e->buckets);
    json_object_set_new(answer, "timeline", tl);
}

void fh_json_entity_facets_free(fh_json_entity_facets *e)
{
    for (int t = 0; t < 3; t++) json_decref(e->types[t]);
    json_decref(e->buckets);
    memset(e, 0, sizeof *e);
}
