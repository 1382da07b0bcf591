/*
 * intern.h - string interning with counts, for the tools in tools/ner/
 * (one program each; the functions are static).
 */
#ifndef FAHRAS_TOOLS_NER_INTERN_H
#define FAHRAS_TOOLS_NER_INTERN_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ner.h"

static void die(const char *m);

typedef struct intern {
    uint32_t *slots; /* id + 1 */
    size_t mask;
    char *pool;
    size_t pool_len, pool_cap;
    size_t *off;
    uint8_t *len;
    uint64_t *count;
    size_t n, cap;
} intern;

static uint32_t intern_id(intern *t, const char *s, size_t n)
{
    if (t->n * 2 >= t->mask) {
        size_t cap = (t->mask + 1) * 2;
        uint32_t *slots = calloc(cap, sizeof *slots);
        if (!slots) die("out of memory");
        for (size_t i = 0; i < t->n; i++) {
            size_t h = fh_ner_hash(1, t->pool + t->off[i], t->len[i]) & (cap - 1);
            while (slots[h]) h = (h + 1) & (cap - 1);
            slots[h] = (uint32_t)i + 1;
        }
        free(t->slots);
        t->slots = slots;
        t->mask = cap - 1;
    }
    size_t h = fh_ner_hash(1, s, n) & t->mask;
    for (;; h = (h + 1) & t->mask) {
        uint32_t v = t->slots[h];
        if (!v) break;
        if (t->len[v - 1] == n && !memcmp(t->pool + t->off[v - 1], s, n)) {
            t->count[v - 1]++;
            return v - 1;
        }
    }
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 1 << 16;
        t->off = realloc(t->off, t->cap * sizeof *t->off);
        t->len = realloc(t->len, t->cap);
        t->count = realloc(t->count, t->cap * sizeof *t->count);
        if (!t->off || !t->len || !t->count) die("out of memory");
    }
    if (t->pool_len + n > t->pool_cap) {
        t->pool_cap = (t->pool_len + n) * 2;
        t->pool = realloc(t->pool, t->pool_cap);
        if (!t->pool) die("out of memory");
    }
    memcpy(t->pool + t->pool_len, s, n);
    t->off[t->n] = t->pool_len;
    t->len[t->n] = (uint8_t)n;
    t->count[t->n] = 1;
    t->pool_len += n;
    t->slots[h] = (uint32_t)t->n + 1;
    return (uint32_t)t->n++;
}

#endif
