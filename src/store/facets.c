/*
 * facets.c - facet counting (facets.h): one open-addressing table a kind.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "facets.h"
#include "fnv.h"

const char *const fh_facet_kind_names[FH_FACET_KINDS] = {"source", "category", "month"};

typedef struct facet_val {
    char *text; /* len bytes and a NUL */
    size_t len;
    long count;
    uint32_t hash;
} facet_val;

typedef struct facet_tab {
    facet_val *vals; /* distinct values, in the order first seen */
    size_t n, cap;
    uint32_t *slots; /* open addressing: 1 + index into vals, 0 = free */
    size_t nslots;   /* a power of two, at least twice n */
    size_t bytes;    /* memory held */
    int overflow;    /* over FH_FACET_MAX_BYTES (or out of memory): given up */
} facet_tab;

/* The top values of a kind that overflowed, as the backend counted them. */
typedef struct facet_top {
    char *text[FH_FACET_TOP];
    long count[FH_FACET_TOP];
    size_t n;
} facet_top;

struct fh_facets {
    facet_tab tab[FH_FACET_KINDS];
    facet_top top[FH_FACET_KINDS];
};

static void tab_clear(facet_tab *t)
{
    for (size_t i = 0; i < t->n; i++) free(t->vals[i].text);
    free(t->vals);
    free(t->slots);
    int overflow = t->overflow;
    memset(t, 0, sizeof *t);
    t->overflow = overflow;
}

static void give_up(facet_tab *t)
{
    t->overflow = 1;
    tab_clear(t);
}

fh_facets *fh_facets_new(void)
{
    return calloc(1, sizeof(fh_facets));
}

void fh_facets_free(fh_facets *f)
{
    if (!f) return;
    for (int k = 0; k < FH_FACET_KINDS; k++) {
        tab_clear(&f->tab[k]);
        for (size_t i = 0; i < f->top[k].n; i++) free(f->top[k].text[i]);
    }
    free(f);
}

void fh_facets_add_top(fh_facets *f, int kind, const char *value, long n)
{
    if (!f || kind < 0 || kind >= FH_FACET_KINDS || !value || !*value) return;
    facet_top *t = &f->top[kind];
    if (t->n == FH_FACET_TOP) return;
    size_t len = strlen(value);
    if (!(t->text[t->n] = malloc(len + 1))) return;
    memcpy(t->text[t->n], value, len + 1);
    t->count[t->n++] = n;
}

int fh_facets_overflowed(const fh_facets *f, int kind)
{
    return kind >= 0 && kind < FH_FACET_KINDS && f->tab[kind].overflow;
}

/* Rebuild the slots at nslots (a power of two > 2 * t->n). */
static int rehash(facet_tab *t, size_t nslots)
{
    uint32_t *slots = calloc(nslots, sizeof *slots);
    if (!slots) return -1;
    for (size_t i = 0; i < t->n; i++) {
        size_t j = t->vals[i].hash & (nslots - 1);
        while (slots[j]) j = (j + 1) & (nslots - 1);
        slots[j] = (uint32_t)(i + 1);
    }
    t->bytes = t->bytes - t->nslots * sizeof *slots + nslots * sizeof *slots;
    free(t->slots);
    t->slots = slots;
    t->nslots = nslots;
    return 0;
}

/* Room for one more value of n bytes: entries and (at half load) slots. */
static int make_room(facet_tab *t, size_t n)
{
    size_t need = n + 1, cap = t->cap, nslots = t->nslots;
    if (t->n == cap) {
        cap = cap ? cap * 2 : 16;
        need += (cap - t->cap) * sizeof *t->vals;
    }
    if ((t->n + 1) * 2 > nslots) {
        nslots = nslots ? nslots * 2 : 64;
        need += (nslots - t->nslots) * sizeof *t->slots;
    }
    if (t->bytes + need > FH_FACET_MAX_BYTES) return -1;
    if (cap != t->cap) {
        facet_val *vals = realloc(t->vals, cap * sizeof *vals);
        if (!vals) return -1;
        t->vals = vals;
        t->bytes += (cap - t->cap) * sizeof *vals;
        t->cap = cap;
    }
    if (nslots != t->nslots && rehash(t, nslots)) return -1;
    return 0;
}

static void tab_add(facet_tab *t, const char *s, size_t n, long count)
{
    if (t->overflow || n == 0) return;
    uint32_t h = fh_fnv(s, n);
    if (t->nslots) {
        for (size_t j = h & (t->nslots - 1); t->slots[j]; j = (j + 1) & (t->nslots - 1)) {
            facet_val *v = &t->vals[t->slots[j] - 1];
            if (v->hash == h && v->len == n && !memcmp(v->text, s, n)) {
                v->count += count;
                return;
            }
        }
    }
    char *text = malloc(n + 1);
    if (!text || make_room(t, n)) {
        free(text);
        give_up(t);
        return;
    }
    memcpy(text, s, n);
    text[n] = '\0';
    t->vals[t->n] = (facet_val){text, n, count, h};
    t->n++;
    t->bytes += n + 1;
    size_t j = h & (t->nslots - 1);
    while (t->slots[j]) j = (j + 1) & (t->nslots - 1);
    t->slots[j] = (uint32_t)t->n;
}

void fh_facet_values(int kind, const char *value, size_t len, fh_facet_value_fn fn, void *ctx)
{
    if (!value) return;
    if (kind == FH_FACET_MONTH) {
        if (len) fn(ctx, value, len < 7 ? len : 7);
        return;
    }
    if (kind != FH_FACET_CATEGORY) {
        if (len) fn(ctx, value, len);
        return;
    }
    /* "a,b": one value for each category; spaces around a name are not part of it */
    for (size_t i = 0; i <= len;) {
        size_t j = i;
        while (j < len && value[j] != ',') j++;
        size_t a = i, b = j;
        while (a < b && value[a] == ' ') a++;
        while (b > a && value[b - 1] == ' ') b--;
        if (b > a) fn(ctx, value + a, b - a);
        i = j + 1;
    }
}

typedef struct add_ctx {
    facet_tab *t;
    long n;
} add_ctx;

static void add_value(void *ctx, const char *v, size_t len)
{
    add_ctx *a = ctx;
    tab_add(a->t, v, len, a->n);
}

void fh_facets_add(fh_facets *f, int kind, const char *value, size_t len, long n)
{
    if (!f || kind < 0 || kind >= FH_FACET_KINDS) return;
    add_ctx a = {&f->tab[kind], n};
    fh_facet_values(kind, value, len, add_value, &a);
}

/* Count desc, then value in byte order (shorter first on a common prefix). */
static int val_cmp(const void *a, const void *b)
{
    const facet_val *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    int c = memcmp(x->text, y->text, x->len < y->len ? x->len : y->len);
    if (c) return c;
    return x->len < y->len ? -1 : x->len > y->len;
}

void fh_facets_emit(fh_facets *f, fh_facet_fn fn, void *ctx)
{
    for (int k = 0; k < FH_FACET_KINDS; k++) {
        facet_tab *t = &f->tab[k];
        if (t->overflow) {
            for (size_t i = 0; i < f->top[k].n; i++)
                if (fn(ctx, fh_facet_kind_names[k], f->top[k].text[i], f->top[k].count[i])) break;
            continue;
        }
        if (t->n > 1) qsort(t->vals, t->n, sizeof *t->vals, val_cmp);
        free(t->slots); /* sorted: no longer a hash table */
        t->slots = NULL;
        t->nslots = 0;
        for (size_t i = 0; i < t->n && i < FH_FACET_TOP; i++)
            if (fn(ctx, fh_facet_kind_names[k], t->vals[i].text, t->vals[i].count)) break;
    }
}
