/*
 * api.c - the JSON API of `fahras serve` (field names documented in
 * docs/http.md; they are a stable interface: add fields, never rename).
 *
 *   GET /api/search?q=&limit=&offset=&source=&category=&from=&to=
 *   GET /api/doc/{id}, GET /api/doc?id=
 *   GET /api/stats
 *   GET /healthz
 *
 * Every parameter is checked before the store sees it: known names only,
 * each at most once, valid UTF-8 without control characters, bounded
 * length, numbers and dates in range.  A bad one is a 400 naming it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "boiler.h"
#include "highlight.h"
#include "http.h"
#include "filter.h"
#include "json_shapes.h"
#include "query.h"

/* ------------------------------------------------------------------ */
/* Replies                                                             */
/* ------------------------------------------------------------------ */

void fh_reply_init(fh_reply *r)
{
    memset(r, 0, sizeof *r);
    r->fd = -1;
}

void fh_reply_clear(fh_reply *r)
{
    free(r->body);
    if (r->fd >= 0) close(r->fd);
    fh_reply_init(r);
}

/* Serialize j into r (takes j's reference). */
static void reply_json(fh_reply *r, unsigned status, json_t *j)
{
    char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    free(r->body);
    if (!text) {
        static const char oom[] =
            "{\"error\":{\"status\":500,\"code\":\"internal\",\"message\":\"out of memory\"}}";
        r->status = 500;
        r->body = strdup(oom);
        r->body_len = r->body ? sizeof oom - 1 : 0;
    } else {
        r->status = status;
        r->body = text;
        r->body_len = strlen(text);
    }
    r->content_type = "application/json; charset=utf-8";
    r->cache = "no-store";
}

#define jstr fh_json_str
#define jcstr fh_json_cstr

void fh_reply_error(fh_reply *r, unsigned status, const char *code, const char *parameter,
                    const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_t *e = json_object();
    json_object_set_new(e, "status", json_integer(status));
    json_object_set_new(e, "code", json_string(code));
    json_object_set_new(e, "message", jcstr(msg));
    if (parameter) json_object_set_new(e, "parameter", jcstr(parameter));
    json_t *j = json_object();
    json_object_set_new(j, "error", e);
    reply_json(r, status, j);
}

/* A failure the store reports, answered by its kind: the client's query
 * (400), a search over the work budget (503), a store that cannot be
 * reached (503), or a database failure (500).  Details of a database
 * (file names, SQL) go to the operator's log only. */
static void store_failure(fh_reply *r, const char *what, const fh_err *err)
{
    switch (err->kind) {
    case FH_ERR_QUERY:
        fh_reply_error(r, 400, "bad_query", "q", "%s", err->msg);
        return;
    case FH_ERR_BUDGET:
        fh_reply_error(r, 503, "too_expensive", "q", "%s", err->msg);
        return;
    case FH_ERR_UNAVAILABLE:
        fprintf(stderr, "fahras serve: %s: %s\n", what, err->msg);
        fh_reply_error(r, 503, "store_unavailable", NULL,
                       "%s failed: the database cannot be reached now; try again shortly "
                       "(details in the server's log)", what);
        r->retry_after = 2;
        return;
    default:
        fprintf(stderr, "fahras serve: %s: %s\n", what, err->msg);
        fh_reply_error(r, 500, "store_error", NULL,
                       "%s failed: database error (details in the server's log)", what);
    }
}

/* ------------------------------------------------------------------ */
/* Parameters                                                          */
/* ------------------------------------------------------------------ */

/* Find the value of name; NULL if absent.  Reports a 400 on a second
 * occurrence or a value that is not clean UTF-8 text (return -1). */
static int get_param(const fh_args *args, const char *name, size_t max_bytes, unsigned too_long,
                     const char **out, fh_reply *r)
{
    *out = NULL;
    for (int i = 0; i < args->n; i++) {
        const fh_arg *a = &args->items[i];
        if (strlen(name) != a->key_len || memcmp(name, a->key, a->key_len)) continue;
        if (*out) {
            fh_reply_error(r, 400, "duplicate_parameter", name,
                           "parameter '%s' given more than once", name);
            return -1;
        }
        const char *v = a->value ? a->value : "";
        size_t n = a->value ? a->value_len : 0, bad;
        if (n > max_bytes) {
            fh_reply_error(r, too_long, "too_long", name,
                           "parameter '%s' is %zu bytes long; the limit is %zu", name, n,
                           max_bytes);
            return -1;
        }
        if (fahras_utf8_check(v, n, &bad) != FAHRAS_OK) {
            fh_reply_error(r, 400, "invalid_utf8", name,
                           "parameter '%s' is not valid UTF-8 (byte offset %zu)", name, bad);
            return -1;
        }
        for (size_t k = 0; k < n; k++) {
            unsigned char c = (unsigned char)v[k];
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                fh_reply_error(r, 400, "control_character", name,
                               "parameter '%s' holds control character 0x%02x at byte offset %zu",
                               name, c, k);
                return -1;
            }
        }
        *out = v;
    }
    return 0;
}

/* Reject any parameter not in names (a typo like "catgory" would
 * otherwise silently search without the filter). */
static int only_known(const fh_args *args, const char *const *names, fh_reply *r)
{
    if (args->overflow) {
        fh_reply_error(r, 400, "too_many_parameters", NULL, "too many query parameters");
        return -1;
    }
    for (int i = 0; i < args->n; i++) {
        const fh_arg *a = &args->items[i];
        int known = 0;
        for (int k = 0; names[k]; k++)
            if (strlen(names[k]) == a->key_len && !memcmp(names[k], a->key, a->key_len)) known = 1;
        if (!known) {
            char shown[64];
            size_t n = a->key_len < 40 ? a->key_len : 40, o = 0;
            for (size_t k = 0; k < n; k++) {
                unsigned char c = (unsigned char)a->key[k];
                shown[o++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
            }
            shown[o] = 0;
            fh_reply_error(r, 400, "unknown_parameter", shown, "unknown parameter '%s'%s", shown,
                           names[0] ? "" : " (this endpoint takes none)");
            return -1;
        }
    }
    return 0;
}

/* Every value of a repeatable parameter (at most max, each checked as by
 * get_param) into out[0..*n). */
static int get_repeated(const fh_args *args, const char *name, size_t max_bytes, const char **out,
                        int max, int *n, fh_reply *r)
{
    *n = 0;
    for (int i = 0; i < args->n; i++) {
        const fh_arg *a = &args->items[i];
        if (strlen(name) != a->key_len || memcmp(name, a->key, a->key_len)) continue;
        if (*n == max) {
            fh_reply_error(r, 400, "bad_parameter", name, "parameter '%s' given more than %d times",
                           name, max);
            return -1;
        }
        fh_args one = {.n = 1};
        one.items[0] = *a;
        if (get_param(&one, name, max_bytes, 400, &out[*n], r)) return -1;
        if (out[*n] && *out[*n]) ++*n; /* an empty field: no filter */
    }
    return 0;
}

static int parse_int(const char *name, const char *v, long lo, long hi, long dflt, long *out,
                     fh_reply *r)
{
    if (!v) {
        *out = dflt;
        return 0;
    }
    char *end;
    long x = 0;
    int ok = *v >= '0' && *v <= '9' && strlen(v) <= 9;
    if (ok) {
        x = strtol(v, &end, 10);
        ok = *end == 0;
    }
    if (!ok || x < lo || x > hi) {
        fh_reply_error(r, 400, "bad_parameter", name,
                       "parameter '%s' must be a whole number from %ld to %ld", name, lo, hi);
        return -1;
    }
    *out = x;
    return 0;
}

/* YYYY, YYYY-MM or YYYY-MM-DD and a real date: the store's rule
 * (fh_check_date_filter), checked here to name the parameter. */
static int parse_date(const char *name, const char *v, fh_reply *r)
{
    fh_err e;
    int is_from = !strcmp(name, "from") || !strcmp(name, "event_from");
    if (!v || !*v || !fh_check_date_filter(is_from ? v : NULL, is_from ? NULL : v, &e)) return 0;
    fh_reply_error(r, 400, "bad_parameter", name, "parameter '%s': %s", name, e.msg);
    return -1;
}

/* ------------------------------------------------------------------ */
/* /api/search                                                         */
/* ------------------------------------------------------------------ */

static int add_hit(void *ctx, const fh_hit *h)
{
    return json_array_append_new((json_t *)ctx, fh_json_hit(h));
}

static int add_facet(void *ctx, const char *kind, const char *value, long count)
{
    json_t *facets = ctx, *list = json_object_get(facets, kind);
    if (!list) return 0; /* a kind this API does not publish */
    json_t *f = json_object();
    json_object_set_new(f, "value", jcstr(value ? value : ""));
    json_object_set_new(f, "count", json_integer(count));
    return json_array_append_new(list, f);
}

/* match= and sort= into fq (absent or empty: the defaults); 0, or -1
 * with the 400 answered. */
static int parse_modes(const fh_args *args, fh_query *fq, fh_reply *r)
{
    const char *match, *sort;
    if (get_param(args, "match", FH_HTTP_MAX_PARAM_BYTES, 400, &match, r) ||
        get_param(args, "sort", FH_HTTP_MAX_PARAM_BYTES, 400, &sort, r))
        return -1;
    fh_err err;
    if (match && *match && fh_match_parse(match, &fq->match, &err)) {
        fh_reply_error(r, 400, "bad_parameter", "match", "%s", err.msg);
        return -1;
    }
    if (sort && *sort && fh_sort_parse(sort, &fq->sort, &err)) {
        fh_reply_error(r, 400, "bad_parameter", "sort", "%s", err.msg);
        return -1;
    }
    return 0;
}

/* The parameters of /api/search, each checked. */
typedef struct search_params {
    const char *q, *source, *category, *from, *to, *event_from, *event_to;
    const char *entities[FH_MAX_ENTITY_FILTERS];
    int n_entities;
    long limit, offset, facets, collapse, allow_partial, spelling, variants;
} search_params;

/* A 0/1 parameter (absent: dflt). */
static int get_switch(const fh_args *args, const char *name, long dflt, long *out, fh_reply *r)
{
    const char *v;
    return get_param(args, name, FH_HTTP_MAX_PARAM_BYTES, 400, &v, r) ||
           parse_int(name, v, 0, 1, dflt, out, r);
}

/* Every parameter into p, in the order their errors are reported; 0, or
 * -1 with the 400 answered. */
static int read_search_params(const fh_args *args, search_params *p, fh_reply *r)
{
    static const char *const names[] = {"q", "limit", "offset", "source", "category", "from",
                                        "to", "facets", "collapse", "allow_partial", "spelling",
                                        "variants", "entity", "event_from", "event_to", "match",
                                        "sort", NULL};
    const size_t max = FH_HTTP_MAX_PARAM_BYTES;
    const char *limit_s, *offset_s;
    if (only_known(args, names, r) ||
        get_repeated(args, "entity", max, p->entities, FH_MAX_ENTITY_FILTERS, &p->n_entities,
                     r) ||
        get_param(args, "event_from", max, 400, &p->event_from, r) ||
        get_param(args, "event_to", max, 400, &p->event_to, r) ||
        parse_date("event_from", p->event_from, r) || parse_date("event_to", p->event_to, r) ||
        get_param(args, "q", FH_MAX_QUERY_BYTES, 414, &p->q, r) ||
        get_param(args, "limit", max, 400, &limit_s, r) ||
        get_param(args, "offset", max, 400, &offset_s, r) ||
        get_param(args, "source", max, 400, &p->source, r) ||
        get_param(args, "category", max, 400, &p->category, r) ||
        get_param(args, "from", max, 400, &p->from, r) ||
        get_param(args, "to", max, 400, &p->to, r) ||
        get_switch(args, "facets", 1, &p->facets, r) ||
        get_switch(args, "collapse", 1, &p->collapse, r) ||
        get_switch(args, "allow_partial", 0, &p->allow_partial, r) ||
        get_switch(args, "spelling", 1, &p->spelling, r) ||
        get_switch(args, "variants", 1, &p->variants, r) ||
        parse_int("limit", limit_s, 1, FH_MAX_LIMIT, FH_HTTP_DEFAULT_LIMIT, &p->limit, r) ||
        parse_int("offset", offset_s, 0, FH_HTTP_MAX_OFFSET, 0, &p->offset, r) ||
        parse_date("from", p->from, r) || parse_date("to", p->to, r))
        return -1;
    return 0;
}

/* The query present and well formed, the date ranges in order; 0, or -1
 * with the 400 answered.  Query language errors are the client's (400);
 * the store parses the query again, so any error it reports after this
 * is ours (500). */
static int check_search_query(const search_params *p, const fh_query *fq, fh_reply *r)
{
    int browse = fh_query_browses(fq); /* no words, filters: every article passing them */
    if (!browse && !fq->q[strspn(fq->q, " \t\r\n")]) {
        fh_reply_error(r, 400, "missing_parameter", "q",
                       "parameter 'q' (the query) is required, unless a filter is given");
        return -1;
    }
    fh_parsed_query *pq = NULL;
    fh_err qerr = {.msg = ""};
    if (!browse && fh_query_parse(fq->q, strlen(fq->q), &pq, &qerr)) {
        fh_reply_error(r, 400, "bad_query", "q", "%s", qerr.msg);
        return -1;
    }
    fh_query_free(pq);
    fh_err derr;
    if (fh_check_date_filter(p->from, p->to, &derr)) {
        fh_reply_error(r, 400, "bad_parameter", "from", "%s", derr.msg);
        return -1;
    }
    if (fh_check_date_filter(p->event_from, p->event_to, &derr)) {
        fh_reply_error(r, 400, "bad_parameter", "event_from", "event %s", derr.msg);
        return -1;
    }
    return 0;
}

/* A parameter's value, or NULL when empty: an empty form field means
 * "no filter". */
static const char *filter_of(const char *v)
{
    return v && *v ? v : NULL;
}

static fh_query search_query_of(const search_params *p)
{
    return (fh_query){
        .q = p->q ? p->q : "",
        .source = filter_of(p->source),
        .category = filter_of(p->category),
        .date_from = filter_of(p->from),
        .date_to = filter_of(p->to),
        .limit = (int)p->limit,
        .offset = (int)p->offset,
        .no_collapse = !p->collapse,
        .allow_partial = (int)p->allow_partial,
        .entities = p->entities,
        .n_entities = p->n_entities,
        .event_from = filter_of(p->event_from),
        .event_to = filter_of(p->event_to),
        .no_spelling = !p->spelling,
        .no_variants = !p->variants,
    };
}

/* A failed search answered: an entity filter the store refused (400), a
 * sharded store's shard that did not answer (503, naming it), else by
 * the failure's kind. */
static void search_failure(fh_reply *r, const fh_err *err)
{
    if (err->kind == FH_ERR_QUERY && !strncmp(err->msg, "entity", 6)) {
        fh_reply_error(r, 400, "bad_parameter", "entity", "%s", err->msg);
        return;
    }
    if (!strncmp(err->msg, "shard ", 6)) {
        size_t n = strcspn(err->msg + 6, " ");
        fprintf(stderr, "fahras serve: search: %s\n", err->msg);
        fh_reply_error(r, 503, "shard_unavailable", NULL,
                       "shard %.*s did not answer (retry later, or ask with allow_partial=1)",
                       (int)(n > 64 ? 64 : n), err->msg + 6);
        return;
    }
    store_failure(r, "search", err);
}

/* The answer's "query": the request as the store understood it. */
static json_t *search_echo(const search_params *p, const fh_query *fq, const fh_search_info *info)
{
    json_t *query = json_object();
    json_object_set_new(query, "q", jcstr(p->q));
    json_object_set_new(query, "limit", json_integer(p->limit));
    json_object_set_new(query, "offset", json_integer(p->offset));
    json_object_set_new(query, "collapse", json_boolean(p->collapse));
    json_object_set_new(query, "spelling", json_boolean(p->spelling));
    json_object_set_new(query, "variants", json_boolean(p->variants));
    json_object_set_new(query, "source", jcstr(fq->source));
    json_object_set_new(query, "category", jcstr(fq->category));
    json_object_set_new(query, "from", jcstr(fq->date_from));
    json_object_set_new(query, "to", jcstr(fq->date_to));
    json_t *ent_list = json_array();
    for (int i = 0; i < p->n_entities; i++) json_array_append_new(ent_list, jcstr(p->entities[i]));
    json_object_set_new(query, "entity", ent_list);
    json_object_set_new(query, "event_from", jcstr(fq->event_from));
    json_object_set_new(query, "event_to", jcstr(fq->event_to));
    json_object_set_new(query, "sort", jcstr(fh_sort_name(fh_search_sort(fq, info))));
    return query;
}

/* The answer: the request, the totals, how the query was read, the hits
 * and facets (hits and facets taken). */
static json_t *search_answer(const search_params *p, const fh_query *fq,
                             const fh_search_info *info, json_t *hits, json_t *facets)
{
    json_t *j = json_object();
    json_object_set_new(j, "query", search_echo(p, fq, info));
    fh_json_put_totals(j, info);
    json_object_set_new(j, "relaxed", json_boolean(info->relaxed));
    json_object_set_new(j, "rewritten", fh_json_optional(info->rewritten));
    json_object_set_new(j, "rewrites", fh_json_rewrites(info));
    /* a sharded store's shards left out (allow_partial=1): null when none */
    json_object_set_new(j, "missing", fh_json_optional(info->missing));
    json_object_set_new(j, "hits", hits);
    json_object_set_new(j, "facets", facets);
    return j;
}

/* facets=0: a client paging through one query already has them, and
 * they cost more than the page of hits. */
static json_t *facet_lists(int wanted)
{
    if (!wanted) return json_null();
    json_t *facets = json_object();
    json_object_set_new(facets, "source", json_array());
    json_object_set_new(facets, "category", json_array());
    json_object_set_new(facets, "month", json_array());
    return facets;
}

void fh_api_search(fh_pool *pool, const fh_args *args, fh_reply *r)
{
    search_params p;
    if (read_search_params(args, &p, r)) return;
    fh_query fq = search_query_of(&p);
    if (check_search_query(&p, &fq, r)) return;
    if (parse_modes(args, &fq, r)) return;
    /* the entity facets and timeline read the best FH_ENTITY_FACET_DOCS
     * matches (not every match: a request's work stays bounded) */
    fh_json_entity_facets ents;
    fh_json_entity_facets_init(&ents);
    if (p.facets) fq.entity_facets = &ents.sink;
    json_t *hits = json_array(), *facets = facet_lists((int)p.facets);
    fh_search_info info;
    fh_err err = {.msg = ""};
    fh_store *s = fh_pool_take(pool);
    int rc = fh_store_search(s, &fq, add_hit, hits, p.facets ? add_facet : NULL, facets, &info,
                             &err);
    fh_pool_give(pool, s);
    if (rc) {
        json_decref(hits);
        json_decref(facets);
        fh_json_entity_facets_free(&ents);
        search_failure(r, &err);
        return;
    }
    json_t *j = search_answer(&p, &fq, &info, hits, facets);
    fh_json_entity_facets_put(&ents, j, (int)p.facets);
    fh_json_entity_facets_free(&ents);
    reply_json(r, 200, j);
}

/* ------------------------------------------------------------------ */
/* /api/doc/{id}, /api/doc?id=                                         */
/* ------------------------------------------------------------------ */

/* Marks in a whole article are capped: a client shows the first ones and
 * is told there were more ("marks_truncated"). */
#define DOC_MAX_MARKS 2000

typedef struct doc_ctx {
    json_t *j;
    fh_highlighter *hl; /* NULL: no q */
    size_t body_full;   /* the stored body's length */
    int truncated;
    int failed;
} doc_ctx;

/* text as segments with the query's words marked, and *marks the same
 * words as offsets; none in its boilerplate (mask: fh_doc.mask, or NULL):
 * the text is shown whole, its boilerplate was not what matched. */
static json_t *marked(doc_ctx *dc, const char *text, size_t n, const char *mask, size_t mask_len,
                      json_t **marks)
{
    fh_range *r = NULL;
    size_t nr = 0;
    int truncated = 0;
    fh_err err;
    char *blanked = NULL;
    if (!text) text = "";
    if (fh_boiler_apply(text, n, mask, mask_len, &blanked) ||
        fh_highlight_marks(dc->hl, blanked ? blanked : text, n, DOC_MAX_MARKS, &r, &nr, &truncated,
                           &err)) {
        free(blanked);
        dc->failed = 1;
        *marks = json_array();
        return json_array();
    }
    free(blanked);
    dc->truncated |= truncated;
    json_t *parts = fh_json_marked_ranges(text, n, r, nr);
    *marks = fh_json_mark_offsets(text, n, r, nr);
    free(r);
    return parts;
}

/* At most max bytes of p[0..*n), cut at a character boundary; 1 if cut. */
static int cut_text(const char *p, size_t *n, size_t max)
{
    if (!p || *n <= max) return 0;
    size_t k = max;
    while (k > 0 && ((unsigned char)p[k] & 0xC0) == 0x80) k--;
    *n = k;
    return 1;
}

static int put_doc(void *ctx, const fh_doc *d)
{
    doc_ctx *dc = ctx;
    json_t *j = dc->j;
    size_t title_len = d->title_len, extra_len = d->extra_json_len;
    int title_cut = cut_text(d->title, &title_len, FH_HTTP_DOC_MAX_TITLE_BYTES);
    json_object_set_new(j, "id", jstr(d->id, d->id_len));
    json_object_set_new(j, "title", title_len ? jstr(d->title, title_len) : json_null());
    json_object_set_new(j, "source", d->source_len ? jstr(d->source, d->source_len) : json_null());
    json_object_set_new(j, "category",
                        d->category_len ? jstr(d->category, d->category_len) : json_null());
    json_object_set_new(j, "date", d->date_len ? jstr(d->date, d->date_len) : json_null());
    json_object_set_new(j, "url", d->url_len ? jstr(d->url, d->url_len) : json_null());
    json_object_set_new(j, "body", jstr(d->body ? d->body : "", d->body ? d->body_len : 0));
    /* a body longer than the answer holds: its first part, and its length */
    json_object_set_new(j, "body_truncated", json_boolean(dc->body_full > d->body_len || title_cut));
    json_object_set_new(j, "body_bytes", json_integer((json_int_t)dc->body_full));
    json_t *extra = NULL;
    if (d->extra_json && extra_len && extra_len <= FH_HTTP_DOC_MAX_EXTRA_BYTES) {
        extra = json_loadb(d->extra_json, extra_len, JSON_DECODE_ANY, NULL);
        if (extra && !json_is_object(extra)) {
            json_decref(extra);
            extra = NULL;
        }
    }
    json_object_set_new(j, "extra", extra ? extra : json_object());
    if (extra_len > FH_HTTP_DOC_MAX_EXTRA_BYTES) json_object_set_new(j, "extra_omitted", json_true());
    if (dc->hl) {
        json_t *title_marks, *body_marks;
        json_object_set_new(j, "title_parts", marked(dc, d->title, title_len, NULL, 0, &title_marks));
        json_object_set_new(j, "body_parts",
                            marked(dc, d->body, d->body_len, d->mask, d->mask_len, &body_marks));
        json_object_set_new(j, "title_marks", title_marks);
        json_object_set_new(j, "body_marks", body_marks);
        json_object_set_new(j, "marks_truncated", json_boolean(dc->truncated));
    }
    return 0;
}

/* The answer for one id (already checked: 1..FH_MAX_ID_BYTES bytes of
 * UTF-8), marked for q when q has words. */
static void doc_answer(fh_pool *pool, const char *id, size_t id_len, const char *q, fh_reply *r)
{
    char idbuf[FH_MAX_ID_BYTES + 1];
    memcpy(idbuf, id, id_len);
    idbuf[id_len] = 0;
    doc_ctx dc = {json_object(), NULL, 0, 0, 0};
    int found = 0;
    fh_err err = {.msg = ""};
    fh_store *s = fh_pool_take(pool);
    /* q (optional): mark its words in title and body, with this store's
     * analyzer so the marks agree with what the search matched. */
    if (q && q[strspn(q, " \t\r\n")]) {
        fh_err qerr = {.msg = ""};
        if (fh_store_highlighter(s, q, &dc.hl, &qerr)) {
            fh_pool_give(pool, s);
            json_decref(dc.j);
            store_failure(r, "marking the query", &qerr);
            return;
        }
    }
    int rc = fh_store_get_part(s, idbuf, FH_HTTP_DOC_MAX_BYTES, put_doc, &dc, &found, &dc.body_full,
                               &err);
    fh_pool_give(pool, s);
    fh_highlighter_free(dc.hl);
    if (!rc && dc.failed) {
        rc = -1;
        snprintf(err.msg, sizeof err.msg, "out of memory marking the document");
        err.kind = FH_ERR_STORE;
    }
    if (rc) {
        json_decref(dc.j);
        store_failure(r, "reading the document", &err);
    } else if (!found) {
        json_decref(dc.j);
        fh_reply_error(r, 404, "not_found", "id", "no document with id '%s'", idbuf);
    } else {
        reply_json(r, 200, dc.j);
    }
}

/* The id checks of both forms of the route. */
static int check_id(const char *id, size_t id_len, fh_reply *r)
{
    size_t bad;
    if (id_len == 0) {
        fh_reply_error(r, 400, "missing_parameter", "id", "no document id after /api/doc/");
        return -1;
    }
    if (id_len > FH_MAX_ID_BYTES) {
        fh_reply_error(r, 414, "too_long", "id", "document id is %zu bytes; the limit is %d",
                       id_len, FH_MAX_ID_BYTES);
        return -1;
    }
    if (fahras_utf8_check(id, id_len, &bad) != FAHRAS_OK) {
        fh_reply_error(r, 400, "invalid_utf8", "id",
                       "document id is not valid UTF-8 (byte offset %zu)", bad);
        return -1;
    }
    return 0;
}

void fh_api_doc(fh_pool *pool, const char *id, size_t id_len, const fh_args *args, fh_reply *r)
{
    static const char *const names[] = {"q", NULL};
    const char *q;
    if (only_known(args, names, r) || get_param(args, "q", FH_MAX_QUERY_BYTES, 414, &q, r) ||
        check_id(id, id_len, r))
        return;
    doc_answer(pool, id, id_len, q, r);
}

void fh_api_doc_by_query(fh_pool *pool, const fh_args *args, fh_reply *r)
{
    static const char *const names[] = {"id", "q", NULL};
    const char *q, *id;
    if (only_known(args, names, r) || get_param(args, "q", FH_MAX_QUERY_BYTES, 414, &q, r) ||
        get_param(args, "id", FH_MAX_ID_BYTES, 414, &id, r))
        return;
    if (!id) {
        fh_reply_error(r, 400, "missing_parameter", "id", "parameter 'id' (the document id) is required");
        return;
    }
    if (check_id(id, strlen(id), r)) return;
    doc_answer(pool, id, strlen(id), q, r);
}

/* ------------------------------------------------------------------ */
/* /api/stats, /healthz                                                */
/* ------------------------------------------------------------------ */

/* Boilerplate lines shown by /api/stats (fahras stats --boilerplate lists
 * them all): the page needs a glance, not an archive's every footer. */
#define API_BOILER_LINES 200

typedef struct boiler_list {
    json_t *lines;
    long total;
} boiler_list;

static int on_boiler_line(void *ctx, const fh_boiler *b)
{
    boiler_list *l = ctx;
    if (l->total++ >= API_BOILER_LINES) return 0;
    json_t *o = json_object();
    json_object_set_new(o, "source", jcstr(b->source));
    json_object_set_new(o, "count", json_integer(b->count));
    json_object_set_new(o, "documents", json_integer(b->ndocs));
    json_object_set_new(o, "text", jcstr(b->text));
    json_array_append_new(l->lines, o);
    return 0;
}

void fh_api_stats(fh_pool *pool, const fh_args *args, fh_reply *r)
{
    static const char *const names[] = {NULL};
    if (only_known(args, names, r)) return;
    fh_stats st;
    memset(&st, 0, sizeof st);
    fh_err err = {.msg = ""};
    boiler_list bl = {json_array(), 0};
    fh_store *s = fh_pool_take(pool);
    int rc = fh_store_stats(s, &st, &err);
    if (!rc) rc = fh_store_boilerplate(s, on_boiler_line, &bl, &err);
    fh_pool_give(pool, s);
    if (rc) {
        json_decref(bl.lines);
        store_failure(r, "statistics", &err);
        return;
    }
    json_t *j = json_object();
    json_object_set_new(j, "documents", json_integer(st.documents));
    json_object_set_new(j, "sources", json_integer(st.sources));
    json_object_set_new(j, "date_min", fh_json_optional(st.date_min));
    json_object_set_new(j, "date_max", fh_json_optional(st.date_max));
    json_object_set_new(j, "backend", jcstr(st.backend));
    json_object_set_new(j, "shards", json_integer(st.shards));
    json_object_set_new(j, "analyzer_version", jcstr(st.analyzer_version));
    json_object_set_new(j, "analyzer_options", jcstr(st.analyzer_options));
    json_object_set_new(j, "version", json_string(fahras_version()));
    char here[FAHRAS_TAGGER_STAMP_MAX];
    fahras_tagger_stamp(here, sizeof here);
    json_object_set_new(j, "entity_tagger", fh_json_optional(st.entity_tagger));
    json_object_set_new(j, "entity_tagger_here", json_string(here));
    json_object_set_new(j, "duplicate_clusters", json_integer(st.dup_clusters));
    json_object_set_new(j, "duplicate_documents", json_integer(st.dup_documents));
    /* each source's lines, the most frequent first (as fahras stats
     * --json), the first API_BOILER_LINES of boilerplate_lines */
    json_object_set_new(j, "boilerplate", bl.lines);
    json_object_set_new(j, "boilerplate_lines", json_integer(bl.total));
    reply_json(r, 200, j);
}

/* Answered by the I/O thread without touching the database: the store's
 * state as its handles last saw it (a worker whose store went away tries
 * again in the background), and the work in progress. */
void fh_api_healthz(const fh_health *h, const fh_args *args, fh_reply *r)
{
    static const char *const names[] = {NULL};
    if (only_known(args, names, r)) return;
    int up = h->stores_up > 0;
    json_t *j = json_object();
    json_object_set_new(j, "status", json_string(up ? "ok" : "unavailable"));
    json_object_set_new(j, "version", json_string(fahras_version()));
    json_object_set_new(j, "store", json_string(up ? (h->stores_up == h->stores ? "ok" : "degraded")
                                                   : "unavailable"));
    json_object_set_new(j, "workers", json_integer(h->workers));
    json_object_set_new(j, "busy", json_integer(h->busy));
    json_object_set_new(j, "queued", json_integer(h->queued));
    json_object_set_new(j, "connections", json_integer(h->connections));
    reply_json(r, up ? 200 : 503, j);
    if (!up) r->retry_after = 2;
}
