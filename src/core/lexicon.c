/*
 * lexicon.c - lookups in the generated word-count table (lexicon_data.c).
 */
#include "lexicon.h"

extern const char fh_lex_source_string[];
extern const size_t fh_lex_words;
extern const size_t fh_lex_slot_count;
extern const unsigned char fh_lex_blob[];
extern const uint32_t fh_lex_slots[];

/* Counts are stored as round(4 * log2(count)). */
static uint32_t dequantize(unsigned q)
{
    static const uint32_t quarter[4] = {1000, 1189, 1414, 1682}; /* 2^(k/4) * 1000 */
    unsigned whole = q / 4;
    if (whole > 31) whole = 31;
    uint64_t v = ((uint64_t)1 << whole) * quarter[q % 4] / 1000;
    return v > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)v;
}

uint32_t fh_lex_count(const uint16_t *w, size_t n)
{
    unsigned char codes[64];
    if (n < 2 || n > sizeof codes) return 0;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        if (w[i] < 0x0621 || w[i] > 0x064A) return 0;
        codes[i] = (unsigned char)(w[i] - 0x0620);
        h = (h ^ codes[i]) * 16777619u;
    }
    size_t mask = fh_lex_slot_count - 1;
    for (size_t slot = h & mask;; slot = (slot + 1) & mask) {
        uint32_t off = fh_lex_slots[slot];
        if (!off) return 0;
        const unsigned char *e = fh_lex_blob + off - 1;
        if (e[0] != n) continue;
        size_t i = 0;
        while (i < n && e[1 + i] == codes[i]) i++;
        if (i == n) return dequantize(e[1 + n]);
    }
}

size_t fh_lex_size(void) { return fh_lex_words; }

const char *fh_lex_source(void) { return fh_lex_source_string; }
