/*
 * seen.c - the sets of seen.h: open addressing with linear probing,
 * doubled at 3/4 load.
 */
#include <stdlib.h>
#include <string.h>

#include "fnv.h"
#include "seen.h"

#define NUMERIC_BIT 0x80000000u

/* FNV-1a, then a 64-bit finalizer (MurmurHash3's fmix64) so that the low
 * bits used as the slot are well mixed. */
static uint64_t hash_bytes(const char *p, size_t n)
{
    uint64_t h = fh_fnv64(p, n);
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h ? h : 1;
}

void rd_seen_free(rd_seen *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->nnames; i++) free(s->names[i]);
    free(s->names);
    free(s->nodes);
    for (size_t i = 0; i < RD_ID_SHARDS; i++) free(s->ids[i].slots);
    memset(s, 0, sizeof *s);
}

uint32_t rd_seen_name(rd_seen *s, const char *name)
{
    if (s->nnames >= UINT32_MAX / 2 - 1) return UINT32_MAX; /* keeps NUMERIC_BIT free */
    if (s->nnames == s->names_cap) {
        size_t cap = s->names_cap ? s->names_cap * 2 : 64;
        char **nn = realloc(s->names, cap * sizeof *nn);
        if (!nn) return UINT32_MAX;
        s->names = nn;
        s->names_cap = cap;
    }
    if (!(s->names[s->nnames] = strdup(name))) return UINT32_MAX;
    return (uint32_t)s->nnames++;
}

static size_t node_slot(const rd_node *t, size_t cap, dev_t dev, ino_t ino)
{
    uint64_t key[2] = {(uint64_t)dev, (uint64_t)ino};
    size_t i = (size_t)hash_bytes((const char *)key, sizeof key) & (cap - 1);
    while (t[i].name != UINT32_MAX && !(t[i].dev == dev && t[i].ino == ino)) i = (i + 1) & (cap - 1);
    return i;
}

uint32_t rd_seen_node(rd_seen *s, dev_t dev, ino_t ino, uint32_t name)
{
    if ((s->nnodes + 1) * 4 > s->nodes_cap * 3) {
        size_t cap = s->nodes_cap ? s->nodes_cap * 2 : 64;
        rd_node *t = malloc(cap * sizeof *t);
        if (!t) return UINT32_MAX;
        for (size_t i = 0; i < cap; i++) t[i].name = UINT32_MAX;
        for (size_t i = 0; i < s->nodes_cap; i++)
            if (s->nodes[i].name != UINT32_MAX)
                t[node_slot(t, cap, s->nodes[i].dev, s->nodes[i].ino)] = s->nodes[i];
        free(s->nodes);
        s->nodes = t;
        s->nodes_cap = cap;
    }
    size_t i = node_slot(s->nodes, s->nodes_cap, dev, ino);
    if (s->nodes[i].name != UINT32_MAX) return s->nodes[i].name;
    s->nodes[i].dev = dev;
    s->nodes[i].ino = ino;
    s->nodes[i].name = name;
    s->nnodes++;
    return UINT32_MAX - 1;
}

int rd_seen_id(rd_seen *s, const char *id, size_t n, int numeric, uint32_t name, size_t line,
               uint32_t *earlier_name, size_t *earlier_line, int *earlier_numeric)
{
    uint64_t h = hash_bytes(id, n);
    rd_idtable *t = &s->ids[h >> 56]; /* the top byte picks the table, the low bits the slot */
    if ((t->n + 1) * 4 > t->cap * 3) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        rd_idslot *slots = calloc(cap, sizeof *slots);
        if (!slots) return -1;
        for (size_t i = 0; i < t->cap; i++) {
            if (!t->slots[i].hash) continue;
            size_t j = (size_t)t->slots[i].hash & (cap - 1);
            while (slots[j].hash) j = (j + 1) & (cap - 1);
            slots[j] = t->slots[i];
        }
        free(t->slots);
        t->slots = slots;
        t->cap = cap;
    }
    size_t i = (size_t)h & (t->cap - 1);
    while (t->slots[i].hash && t->slots[i].hash != h) i = (i + 1) & (t->cap - 1);
    if (t->slots[i].hash) {
        *earlier_name = t->slots[i].name & ~NUMERIC_BIT;
        *earlier_line = t->slots[i].line;
        *earlier_numeric = (t->slots[i].name & NUMERIC_BIT) != 0;
        return 1;
    }
    t->slots[i].hash = h;
    t->slots[i].name = name | (numeric ? NUMERIC_BIT : 0);
    t->slots[i].line = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
    t->n++;
    return 0;
}
