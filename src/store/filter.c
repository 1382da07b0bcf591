/*
 * filter.c - the search filters' rules (filter.h).
 */
#include <string.h>

#include "filter.h"

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
