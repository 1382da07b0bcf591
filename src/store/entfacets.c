/*
 * entfacets.c - counting entity facets and the timeline (entfacets.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entfacets.h"
#include "fnv.h"
#include "spans.h"

#define MAX_NAMES 4          /* surfaces weighed an entity for its shown name */
#define MAX_BUCKETS 500      /* timeline buckets shown at most */

typedef struct ent_name {
    char *text;
    const char *src; /* the caller's string it was copied from (stable rows only) */
    long weight;     /* mentions */
} ent_name;

typedef struct ent_val {
    char *key;
    const char *src; /* the caller's string it was last matched to (stable rows only) */
    long count;
    long last_doc; /* the document that counted it last (counted once a document) */
    uint32_t hash;
    ent_name names[MAX_NAMES];
} ent_val;

typedef struct ent_tab {
    ent_val *v;
    size_t n, cap;
    uint32_t *slots;
    size_t n_slots;
} ent_tab;

/* An event date of a document, packed to sort as a number: the day as
 * YYYYMMDD, the document's number, the precision (fahras_precision) of
 * the date's start. */
typedef uint64_t dated;
#define DATED(day, doc, prec) ((uint64_t)(day) << 34 | (uint64_t)(doc) << 2 | (uint64_t)(prec))
#define DATED_DAY(x) ((uint32_t)((x) >> 34))
#define DATED_DOC(x) ((long)((x) >> 2 & 0xffffffffu))
#define DATED_PREC(x) ((int)((x) & 3))

struct fh_entfacets {
    ent_tab tab[3]; /* PER, ORG, LOC */
    dated *d;
    size_t n_d, cap_d;
    long docs, last_doc;
    int oom;
    fh_entity_filters f;
    int has_f;
};

fh_entfacets *fh_entfacets_new(const fh_entity_filters *f)
{
    fh_entfacets *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    e->last_doc = -1;
    if (f) {
        e->f = *f;
        e->has_f = 1;
    }
    return e;
}

void fh_entfacets_free(fh_entfacets *e)
{
    if (!e) return;
    for (int t = 0; t < 3; t++) {
        for (size_t i = 0; i < e->tab[t].n; i++) {
            free(e->tab[t].v[i].key);
            for (int k = 0; k < MAX_NAMES; k++) free(e->tab[t].v[i].names[k].text);
        }
        free(e->tab[t].v);
        free(e->tab[t].slots);
    }
    free(e->d);
    free(e);
}

long fh_entfacets_docs(const fh_entfacets *e) { return e ? e->docs : 0; }

static int grow(ent_tab *t)
{
    size_t ns = t->n_slots ? t->n_slots * 2 : 256;
    uint32_t *sl = calloc(ns, sizeof *sl);
    if (!sl) return -1;
    for (size_t i = 0; i < t->n; i++) {
        size_t j = t->v[i].hash & (ns - 1);
        while (sl[j]) j = (j + 1) & (ns - 1);
        sl[j] = (uint32_t)(i + 1);
    }
    free(t->slots);
    t->slots = sl;
    t->n_slots = ns;
    return 0;
}

/* The value of key (hash h: fh_fnv of it), added when new.  stable: the
 * same key comes at the same address (an interned string), which spares
 * comparing its bytes again. */
static ent_val *lookup(ent_tab *t, const char *key, uint32_t h, int stable)
{
    if (t->n_slots)
        for (size_t j = h & (t->n_slots - 1); t->slots[j]; j = (j + 1) & (t->n_slots - 1)) {
            ent_val *v = &t->v[t->slots[j] - 1];
            if (v->hash != h) continue;
            if (stable && v->src == key) return v;
            if (!strcmp(v->key, key)) {
                if (stable) v->src = key;
                return v;
            }
        }
    if ((t->n + 1) * 2 > t->n_slots && grow(t)) return NULL;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        ent_val *v = realloc(t->v, cap * sizeof *v);
        if (!v) return NULL;
        t->v = v;
        t->cap = cap;
    }
    ent_val *v = &t->v[t->n];
    memset(v, 0, sizeof *v);
    if (!(v->key = strdup(key))) return NULL;
    v->src = stable ? key : NULL;
    v->hash = h;
    v->last_doc = -1;
    size_t j = h & (t->n_slots - 1);
    while (t->slots[j]) j = (j + 1) & (t->n_slots - 1);
    t->slots[j] = (uint32_t)(++t->n);
    return v;
}

static void add_name(fh_entfacets *e, ent_val *v, const char *name, long n, int stable)
{
    if (!name || !*name) return;
    int free_slot = -1, lightest = 0;
    for (int k = 0; k < MAX_NAMES; k++) {
        if (!v->names[k].text) {
            if (free_slot < 0) free_slot = k;
            continue;
        }
        if ((stable && v->names[k].src == name) || !strcmp(v->names[k].text, name)) {
            if (stable) v->names[k].src = name;
            v->names[k].weight += n;
            return;
        }
        if (v->names[k].weight < v->names[lightest].weight || !v->names[lightest].text) lightest = k;
    }
    int k = free_slot >= 0 ? free_slot : lightest;
    if (free_slot < 0 && v->names[k].weight > n) return; /* keeps the heavier ones */
    char *t = strdup(name);
    if (!t) {
        e->oom = 1;
        return;
    }
    free(v->names[k].text);
    v->names[k] = (ent_name){t, stable ? name : NULL, n};
}

/* YYYY-MM-DD as the number YYYYMMDD; 0 when not a day. */
static uint32_t day_number(const char *lo)
{
    static const int digit_at[8] = {0, 1, 2, 3, 5, 6, 8, 9};
    uint32_t n = 0;
    for (int i = 0; i < 8; i++) {
        char c = lo[digit_at[i]];
        if (c < '0' || c > '9') return 0;
        n = n * 10 + (uint32_t)(c - '0');
    }
    return n;
}

/* The years a range value (start/end) spans, 0 for a point or a value
 * not read so. */
static int range_years(const char *key)
{
    char lo[11], hi[11];
    if (!strchr(key, '/') || fh_date_days(key, strlen(key), lo, hi)) return 0;
    return (int)(day_number(hi) / 10000) - (int)(day_number(lo) / 10000);
}

static void add_date(fh_entfacets *e, long doc, const char *key, const char *lo)
{
    if (!lo || strlen(lo) != 10 || doc < 0 || doc > 0xffffffffL) return;
    uint32_t day = day_number(lo);
    if (!day) return;
    /* a century (1801/1900) is no point on a timeline; a decade still is,
     * at its first year */
    if (range_years(key) > 10) return;
    if (e->has_f && !fh_event_pass(&e->f, lo, lo)) return; /* outside the filtered range */
    size_t start = strcspn(key, "/");
    int prec = start >= 10 ? FAHRAS_PREC_DAY : start >= 7 ? FAHRAS_PREC_MONTH : FAHRAS_PREC_YEAR;
    if (e->n_d == e->cap_d) {
        size_t cap = e->cap_d ? e->cap_d * 2 : 256;
        dated *d = realloc(e->d, cap * sizeof *d);
        if (!d) {
            e->oom = 1;
            return;
        }
        e->d = d;
        e->cap_d = cap;
    }
    e->d[e->n_d++] = DATED(day, doc, prec);
}

static void add_row(fh_entfacets *e, long doc, int type, const char *key, uint32_t hash,
                    const char *name, long n, const char *lo, int stable)
{
    if (doc != e->last_doc) {
        e->last_doc = doc;
        e->docs++;
    }
    if (type == FAHRAS_SPAN_DATE) {
        add_date(e, doc, key, lo);
        return;
    }
    if (type < FAHRAS_SPAN_PER || type > FAHRAS_SPAN_LOC || !*key) return;
    ent_val *v = lookup(&e->tab[type - FAHRAS_SPAN_PER], key, hash, stable);
    if (!v) {
        e->oom = 1;
        return;
    }
    if (v->last_doc != doc) {
        v->last_doc = doc;
        v->count++;
    }
    add_name(e, v, name, n > 0 ? n : 1, stable);
}

void fh_entfacets_row(fh_entfacets *e, long doc, int type, const char *key, const char *name,
                      long n, const char *lo)
{
    if (!e || e->oom || !key) return;
    add_row(e, doc, type, key, fh_fnv(key, strlen(key)), name, n, lo, 0);
}

void fh_entfacets_row_stable(fh_entfacets *e, long doc, int type, const char *key,
                             uint32_t key_hash, const char *name, long n, const char *lo)
{
    if (!e || e->oom || !key) return;
    add_row(e, doc, type, key, key_hash, name, n, lo, 1);
}

static int val_cmp(const void *a, const void *b)
{
    const ent_val *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return strcmp(x->key, y->key);
}

static int day_cmp(const void *a, const void *b)
{
    dated x = *(const dated *)a, y = *(const dated *)b;
    return (x > y) - (x < y);
}

/* The best FH_ENTITY_FACET_TOP values of tab (val_cmp order) into top[];
 * returns how many: a bounded insertion, not a sort of every value. */
static size_t top_values(const ent_tab *tab, const ent_val **top)
{
    size_t n = 0;
    for (size_t i = 0; i < tab->n; i++) {
        const ent_val *v = &tab->v[i];
        if (n == FH_ENTITY_FACET_TOP && val_cmp(v, top[n - 1]) >= 0) continue;
        size_t j = n < FH_ENTITY_FACET_TOP ? n++ : n - 1;
        while (j > 0 && val_cmp(v, top[j - 1]) < 0) {
            top[j] = top[j - 1];
            j--;
        }
        top[j] = v;
    }
    return n;
}

/* The unit that fits the dates (sorted): day within one month, month
 * within two years, else year; of the 2nd to 98th percentile. */
static int timeline_unit(const dated *d, size_t n)
{
    long a = DATED_DAY(d[n * 2 / 100]), b = DATED_DAY(d[n - 1 - n * 2 / 100]);
    if (a / 100 == b / 100) return FAHRAS_PREC_DAY;
    long months = (b / 10000 - a / 10000) * 12 + b / 100 % 100 - a / 100 % 100;
    return months < 24 ? FAHRAS_PREC_MONTH : FAHRAS_PREC_YEAR;
}

static int long_cmp(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static int emit_timeline(fh_entfacets *e, fh_entity_facet_sink *sink)
{
    static const char *const units[] = {"", "year", "month", "day"};
    static const uint32_t per[] = {1, 10000, 100, 1}; /* days of one bucket share day / per */
    sink->timeline_unit[0] = '\0';
    if (!e->n_d) return 0;
    qsort(e->d, e->n_d, sizeof *e->d, day_cmp);
    int unit = timeline_unit(e->d, e->n_d);
    strcpy(sink->timeline_unit, units[unit]);
    uint32_t div = per[unit];
    size_t shown = 0;
    long *docs = malloc(e->n_d * sizeof *docs);
    if (!docs) return -1;
    for (size_t i = 0; i < e->n_d && shown < MAX_BUCKETS;) {
        /* one bucket: the dates sharing its first len bytes, a document once */
        size_t j = i, n = 0;
        uint32_t bucket = DATED_DAY(e->d[i]) / div;
        while (j < e->n_d && DATED_DAY(e->d[j]) / div == bucket) j++;
        for (size_t k = i; k < j; k++) /* else less precise than the unit */
            if (DATED_PREC(e->d[k]) >= unit) docs[n++] = DATED_DOC(e->d[k]);
        if (n > 1) qsort(docs, n, sizeof *docs, long_cmp);
        long count = 0;
        for (size_t k = 0; k < n; k++) count += !k || docs[k] != docs[k - 1];
        if (count) {
            char key[16];
            uint32_t day = DATED_DAY(e->d[i]);
            if (unit == FAHRAS_PREC_YEAR) snprintf(key, sizeof key, "%04u", day / 10000);
            else if (unit == FAHRAS_PREC_MONTH)
                snprintf(key, sizeof key, "%04u-%02u", day / 10000, day / 100 % 100);
            else snprintf(key, sizeof key, "%04u-%02u-%02u", day / 10000, day / 100 % 100, day % 100);
            if (sink->fn(sink->ctx, "timeline", key, "", count)) break;
            shown++;
        }
        i = j;
    }
    free(docs);
    return 0;
}

int fh_entfacets_emit(fh_entfacets *e, fh_entity_facet_sink *sink)
{
    static const char *const types[3] = {"PER", "ORG", "LOC"};
    if (e->oom) return -1;
    sink->from = e->docs;
    for (int t = 0; t < 3; t++) {
        const ent_val *top[FH_ENTITY_FACET_TOP];
        size_t n_top = top_values(&e->tab[t], top);
        for (size_t i = 0; i < n_top; i++) {
            const ent_val *v = top[i];
            int best = -1;
            for (int k = 0; k < MAX_NAMES; k++)
                if (v->names[k].text &&
                    fh_shown_name_better(v->names[k].text, v->names[k].weight,
                                         best >= 0 ? v->names[best].text : NULL,
                                         best >= 0 ? v->names[best].weight : 0, v->key))
                    best = k;
            if (sink->fn(sink->ctx, types[t], v->key, best >= 0 ? v->names[best].text : v->key,
                         v->count))
                return 0;
        }
    }
    return emit_timeline(e, sink);
}
