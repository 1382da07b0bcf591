/*
 * lexicon.c - lookups in the generated word-count table (lexicon_data.c):
 * open addressing over FNV-1a hashes of the letter codes.
 */
#include "lexicon.h"

#include "fnv.h"

extern const char fh_lex_source_string[];
extern const size_t fh_lex_words;
extern const size_t fh_lex_slot_count;
extern const unsigned char fh_lex_blob[];
extern const uint32_t fh_lex_slots[];

/* A slot holds the blob offset + 1 in its low bits and the high bits of
 * the word's hash above them (0 = empty). */
#define OFFSET_MASK 0xFFFFFu

/* Counts are stored as 1 + round(4 * log2(count)), 0 for none. */
static uint32_t dequantize(unsigned q)
{
    static const uint32_t quarter[4] = {1000, 1189, 1414, 1682}; /* 2^(k/4) * 1000 */
    if (q == 0) return 0;
    q -= 1;
    unsigned whole = q / 4;
    if (whole > 31) whole = 31;
    uint64_t v = ((uint64_t)1 << whole) * quarter[q % 4] / 1000;
    return v > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)v;
}

long fh_lex_slot(const unsigned char *codes, size_t n)
{
    if (n < 2 || n > 255) return -1;
    uint32_t h = fh_fnv(codes, n); /* as tools/gen_lexicon.py hashes */
    size_t mask = fh_lex_slot_count - 1;
    uint32_t print = h & ~OFFSET_MASK;
    for (size_t slot = h & mask;; slot = (slot + 1) & mask) {
        uint32_t v = fh_lex_slots[slot];
        if (!v) return -1;
        if ((v & ~OFFSET_MASK) != print) continue;
        const unsigned char *p = fh_lex_blob + (v & OFFSET_MASK) - 1;
        if (p[0] != n) continue;
        size_t i = 0;
        while (i < n && p[1 + i] == codes[i]) i++;
        if (i == n) return (long)slot;
    }
}

void fh_lex_prefetch(const unsigned char *codes, size_t n)
{
    if (n < 2 || n > 255) return;
    __builtin_prefetch(&fh_lex_slots[fh_fnv(codes, n) & (fh_lex_slot_count - 1)]);
}

static void entry_at(size_t slot, fh_lex_entry *e)
{
    const unsigned char *p = fh_lex_blob + (fh_lex_slots[slot] & OFFSET_MASK) - 1;
    e->count = dequantize(p[1 + p[0]]);
    e->evidence = dequantize(p[2 + p[0]]);
}

int fh_lex_lookup(const unsigned char *codes, size_t n, fh_lex_entry *e)
{
    long slot = fh_lex_slot(codes, n);
    if (slot < 0) {
        e->count = e->evidence = 0;
        return 0;
    }
    entry_at((size_t)slot, e);
    return 1;
}

size_t fh_lex_slot_total(void) { return fh_lex_slot_count; }

int fh_lex_at(size_t slot, const unsigned char **codes, size_t *n, fh_lex_entry *e)
{
    if (slot >= fh_lex_slot_count || !fh_lex_slots[slot]) return 0;
    const unsigned char *p = fh_lex_blob + (fh_lex_slots[slot] & OFFSET_MASK) - 1;
    *codes = p + 1;
    *n = p[0];
    entry_at(slot, e);
    return 1;
}

size_t fh_lex_size(void) { return fh_lex_words; }

const char *fh_lex_source(void) { return fh_lex_source_string; }
