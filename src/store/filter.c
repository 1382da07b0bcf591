/*
 * filter.c - the search filters' rules (filter.h).
 */
#include <stdio.h>
#include <string.h>

#include "filter.h"
#include "store_backend.h"

static int set(const char *s) { return s && *s; }

unsigned fh_filter_kinds(const fh_query *q)
{
    unsigned kinds = 0;
    if (set(q->source)) kinds |= 1u << FH_FILTER_SOURCE;
    if (set(q->category)) kinds |= 1u << FH_FILTER_CATEGORY;
    if (set(q->date_from) || set(q->date_to)) kinds |= 1u << FH_FILTER_DATE;
    return kinds;
}

/* ASCII letters folded (SQLite's NOCASE). */
static int same_nocase(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z') x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z') y = (unsigned char)(y + 32);
        if (x != y) return 0;
    }
    return *a == *b;
}

/* name is one of list's comma-separated entries */
static int in_list(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list;;) {
        const char *c = strchr(p, ',');
        size_t len = c ? (size_t)(c - p) : strlen(p);
        if (len == n && !memcmp(p, name, n)) return 1;
        if (!c) return 0;
        p = c + 1;
    }
}

int fh_filter_pass(const fh_query *q, int kind, const char *value)
{
    if (!value) return 0;
    switch (kind) {
    case FH_FILTER_SOURCE: return !set(q->source) || same_nocase(value, q->source);
    case FH_FILTER_CATEGORY: return !set(q->category) || in_list(value, q->category);
    case FH_FILTER_DATE:
        if (set(q->date_from) && strcmp(value, q->date_from) < 0) return 0;
        if (set(q->date_to) && strncmp(value, q->date_to, strlen(q->date_to)) > 0) return 0;
        return 1;
    default: return 1;
    }
}

/* The rule for date filters, here and in the HTTP API: each YYYY, YYYY-MM
 * or YYYY-MM-DD and a real date (the core's strict reading), and from not
 * after to (a to of 2015 covers the whole year, so from 2015-06 to 2015
 * holds).  Filters are compared as text with the stored ISO 8601 dates. */
int fh_check_date_filter(const char *from, const char *to, fh_err *err)
{
    const char *what[2] = {"from", "to"}, *d[2] = {from, to};
    for (int k = 0; k < 2; k++) {
        char iso[FAHRAS_DATE_MAX];
        fahras_error e;
        if (d[k] && *d[k] &&
            fahras_date_normalize(d[k], strlen(d[k]), FAHRAS_DATE_STRICT, iso, sizeof iso, NULL,
                                  &e) != FAHRAS_OK)
            return fh_fail_kind(err, FH_ERR_QUERY, "%s date: %s", what[k], e.message);
    }
    if (from && *from && to && *to && strncmp(from, to, strlen(to)) > 0)
        return fh_fail_kind(err, FH_ERR_QUERY, "from date %s is after to date %s", from, to);
    return 0;
}

int fh_entity_filters_wanted(const fh_query *q)
{
    return q->n_entities > 0 || set(q->event_from) || set(q->event_to);
}

static int entity_type(const char *s, size_t n)
{
    static const char *const names[] = {"PER", "ORG", "LOC", "MISC"};
    static const int types[] = {FAHRAS_SPAN_PER, FAHRAS_SPAN_ORG, FAHRAS_SPAN_LOC,
                                FAHRAS_SPAN_MISC};
    for (size_t i = 0; i < 4; i++) {
        if (strlen(names[i]) != n) continue;
        size_t k = 0;
        while (k < n && (s[k] & ~0x20) == names[i][k]) k++;
        if (k == n) return types[i];
    }
    return 0;
}

/* A date filter's first (last = 0) or last day, as YYYY-MM-DD. */
static void filter_day(const char *d, int last, char out[11])
{
    size_t n = strlen(d);
    if (n > 10) n = 10;
    memcpy(out, d, n);
    if (n <= 4) memcpy(out + 4, last ? "-12-31" : "-01-01", 6);
    else if (n <= 7) memcpy(out + 7, last ? "-31" : "-01", 3);
    out[10] = '\0';
}

int fh_entity_filters_make(const fahras_tagger *t, const fh_query *q, fh_entity_filters *f,
                           fh_err *err)
{
    memset(f, 0, sizeof *f);
    if (q->n_entities < 0 || q->n_entities > FH_MAX_ENTITY_FILTERS)
        return fh_fail_kind(err, FH_ERR_QUERY, "at most %d entity filters", FH_MAX_ENTITY_FILTERS);
    for (int i = 0; i < q->n_entities; i++) {
        const char *e = q->entities[i], *colon = e ? strchr(e, ':') : NULL;
        int type = colon ? entity_type(e, (size_t)(colon - e)) : 0;
        if (!type || !colon[1])
            return fh_fail_kind(err, FH_ERR_QUERY,
                                "entity filter \"%.100s\": expected TYPE:NAME, TYPE one of PER, "
                                "ORG, LOC, MISC (ORG:قسد)", e ? e : "");
        size_t len = 0;
        fahras_error fe;
        if (!t) return fh_fail(err, "entity filters need the entity tagger");
        int rc = fahras_entity_key(t, type, colon + 1, strlen(colon + 1), f->key[f->n],
                                   FH_ENTITY_KEY_MAX, &len, &fe);
        if (rc != FAHRAS_OK)
            return fh_fail_kind(err, FH_ERR_QUERY, "entity filter \"%.100s\": %s", e, fe.message);
        if (len >= FH_ENTITY_KEY_MAX || !len)
            return fh_fail_kind(err, FH_ERR_QUERY, "entity filter \"%.100s\": %s", e,
                                len ? "name too long" : "no name");
        f->type[f->n++] = type;
    }
    if (fh_check_date_filter(q->event_from, q->event_to, err)) {
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "event %.500s", err->msg);
        memcpy(err->msg, msg, sizeof msg);
        return -1;
    }
    if (set(q->event_from) || set(q->event_to)) {
        f->events = 1;
        if (set(q->event_from)) filter_day(q->event_from, 0, f->event_lo);
        else strcpy(f->event_lo, "0000-01-01");
        if (set(q->event_to)) filter_day(q->event_to, 1, f->event_hi);
        else strcpy(f->event_hi, "9999-12-31");
    }
    return 0;
}

int fh_event_pass(const fh_entity_filters *f, const char *lo, const char *hi)
{
    if (!f->events) return 1;
    return lo && hi && strcmp(hi, f->event_lo) >= 0 && strcmp(lo, f->event_hi) <= 0;
}

int fh_query_browses(const fh_query *q)
{
    for (const char *c = q->q; *c; c++)
        if (!strchr(" \t\r\n\f\v", *c)) return 0;
    return fh_filter_kinds(q) != 0 || fh_entity_filters_wanted(q);
}

int fh_search_sort(const fh_query *q, const fh_search_info *info)
{
    return info->browse && q->sort == FH_SORT_RELEVANCE ? FH_SORT_NEWEST : q->sort;
}
