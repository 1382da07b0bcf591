/*
 * ner_memo.c - the tagger's memory of the words it has read (ner.h,
 * fh_ner_memo): a word type is the analyzer's token type, normalized
 * form, key and clitic split, everything the tagger's view of a token is
 * made from; its entry holds that view and the summed weights of its word
 * features, filled by ner.c.  When it holds too many words, it keeps the
 * half it found most often since the last time (word frequencies are
 * skewed: the frequent words are most of the text).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "ner.h"

int fh_ner_memo_init(fh_ner_memo *m, size_t keep)
{
    memset(m, 0, sizeof *m);
    m->keep = keep;
    m->slots = calloc(256, sizeof *m->slots);
    if (!m->slots) return FAHRAS_ERR_NOMEM;
    m->mask = 255;
    return FAHRAS_OK;
}

void fh_ner_memo_free(fh_ner_memo *m)
{
    if (!m) return;
    free(m->words);
    free(m->slots);
    free(m->strs);
    memset(m, 0, sizeof *m);
}

/* The pages of the entries about to be filled made at once (a hint): one
 * call instead of a page fault for every 4 KB, and a fault costs much in
 * a virtual machine.  A megabyte at a time as the entries are used, not a
 * grown array's whole new room, which a run may never fill. */
#define MADE_AHEAD ((size_t)1 << 20)
static void populate(void *p, size_t n)
{
#ifdef MADV_POPULATE_WRITE
    const uintptr_t page = 4096;
    uintptr_t lo = ((uintptr_t)p + page - 1) & ~(page - 1), hi = ((uintptr_t)p + n) & ~(page - 1);
    if (hi > lo + 16 * page) madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE);
#else
    (void)p;
    (void)n;
#endif
}

static void put_slot(fh_ner_memo *m, uint32_t hash, uint32_t idx)
{
    uint32_t i = hash & m->mask;
    while (m->slots[i]) i = (i + 1) & m->mask;
    m->slots[i] = (uint64_t)hash << 32 | (idx + 1);
}

void fh_ner_memo_start(fh_ner_memo *m)
{
    if (m->n <= m->keep) return;
    /* the smallest power of two of hits that keeps at most half, from
     * one pass counting the words by the highest bit of their hits (the
     * entries are far apart: a pass over them is a cache miss a word) */
    size_t at_bit[33] = {0}; /* [b]: words of 2^(b-1) <= hits < 2^b; [0]: no hits */
    for (size_t i = 0; i < m->n; i++) {
        uint32_t h = m->words[i].hits;
        at_bit[h ? 32 - __builtin_clz(h) : 0]++;
    }
    uint32_t least = m->keep ? 1 : UINT32_MAX;
    size_t c = m->n - at_bit[0]; /* words of hits >= least */
    for (int b = 1; least < UINT32_MAX; b++) {
        if (c <= m->keep / 2) break;
        c -= at_bit[b];
        least = least >= 1u << 30 ? UINT32_MAX : least * 2;
    }
    memset(m->slots, 0, ((size_t)m->mask + 1) * sizeof *m->slots);
    size_t j = 0, at = 0; /* the strings kept move down in order, as the words do */
    for (size_t i = 0; i < m->n; i++) {
        if (m->words[i].hits < least) continue;
        if (i != j) m->words[j] = m->words[i];
        fh_ner_word *w = &m->words[j];
        w->hits = 0;
        size_t len = (size_t)w->src_norm_len + w->src_key_len;
        if (len > FH_NER_WORD_INLINE) {
            memmove(m->strs + at, m->strs + w->src, len);
            w->src = (uint32_t)at;
            at += len;
        }
        put_slot(m, w->hash, (uint32_t)j);
        j++;
    }
    m->n = m->used = j;
    m->strs_n = at;
}

/* Strings longer than this are cut in the tagger's token: such a word is
 * not told apart from others by its entry, so it is never looked up. */
static int memo_keeps(const fahras_token *t)
{
    return t->norm_len < FH_NER_STR && t->key_len < FH_NER_STR;
}

/* h after the bytes s[0..n), eight at a time (the memo's own hash: it is
 * never stored, so it need not be FNV's; the byte count is mixed in so
 * "ab" + "c" and "a" + "bc" differ). */
static uint64_t mix_bytes(uint64_t h, const char *s, size_t n)
{
    const uint64_t k = 0x9E3779B97F4A7C15ull;
    h = (h ^ n) * k;
    for (; n >= 8; s += 8, n -= 8) {
        uint64_t x;
        memcpy(&x, s, 8);
        h = (h ^ x) * k;
        h ^= h >> 29;
    }
    if (n) {
        uint64_t x = 0;
        for (size_t i = 0; i < n; i++) x |= (uint64_t)(unsigned char)s[i] << (8 * i);
        h = (h ^ x) * k;
        h ^= h >> 29;
    }
    return h;
}

/* The key's bytes are left out (its length is in): the key is made from
 * the normalized form, so words of one norm and split rarely differ in
 * it, and same_word tells them apart when they do. */
uint32_t fh_ner_memo_hash(const fahras_token *t)
{
    uint64_t h = mix_bytes(t->key_len, t->norm, t->norm_len);
    h = (h ^ ((uint64_t)(uint8_t)t->type << 48 ^ (uint64_t)(uint16_t)t->stem_start << 32 ^ (uint32_t)t->stem_end)) *
        0x9E3779B97F4A7C15ull;
    return fh_ner_hash_end((uint32_t)(h >> 32) ^ (uint32_t)h);
}

static int same_word(const fh_ner_memo *m, const fh_ner_word *w, const fahras_token *t)
{
    const char *s = (size_t)w->src_norm_len + w->src_key_len <= FH_NER_WORD_INLINE ? w->inl : m->strs + w->src;
    return w->src_norm_len == t->norm_len && w->src_key_len == t->key_len &&
           w->src_stem_start == t->stem_start && w->src_stem_end == t->stem_end &&
           w->src_type == (uint8_t)t->type && !memcmp(s, t->norm, t->norm_len) &&
           (!t->key_len || !memcmp(s + t->norm_len, t->key, t->key_len));
}

void fh_ner_memo_prefetch(const fh_ner_memo *m, uint32_t h, int step)
{
    if (step == 0) {
        __builtin_prefetch(&m->slots[h & m->mask]);
        return;
    }
    for (uint32_t i = h & m->mask;; i = (i + 1) & m->mask) {
        uint64_t s = m->slots[i];
        if (!s) return;
        if ((uint32_t)(s >> 32) != h) continue;
        const char *w = (const char *)&m->words[(uint32_t)s - 1];
        for (size_t b = 0; b < sizeof(fh_ner_word); b += 64) __builtin_prefetch(w + b);
        return;
    }
}

uint32_t fh_ner_memo_find(fh_ner_memo *m, const fahras_token *t, uint32_t h)
{
    if (!memo_keeps(t)) return FH_NER_NO_WORD;
    for (uint32_t i = h & m->mask;; i = (i + 1) & m->mask) {
        uint64_t s = m->slots[i];
        if (!s) return FH_NER_NO_WORD;
        if ((uint32_t)(s >> 32) != h) continue;
        fh_ner_word *w = &m->words[(uint32_t)s - 1];
        if (same_word(m, w, t)) {
            w->hits++;
            return (uint32_t)s - 1;
        }
    }
}

static int grow_slots(fh_ner_memo *m)
{
    size_t cap = ((size_t)m->mask + 1) * 2;
    uint64_t *slots = calloc(cap, sizeof *slots);
    if (!slots) return FAHRAS_ERR_NOMEM;
    uint64_t *old = m->slots;
    size_t old_cap = (size_t)m->mask + 1;
    m->slots = slots;
    m->mask = (uint32_t)(cap - 1);
    for (size_t i = 0; i < old_cap; i++)
        if (old[i]) put_slot(m, (uint32_t)(old[i] >> 32), (uint32_t)old[i] - 1);
    free(old);
    return FAHRAS_OK;
}

fh_ner_word *fh_ner_memo_add(fh_ner_memo *m, const fahras_token *t, uint32_t hash, uint32_t *idx)
{
    if (m->n == m->cap) {
        /* doubling up to a little over keep, then a quarter more at a time */
        size_t cap = !m->cap ? 64 : m->keep && m->cap >= m->keep ? m->cap + m->cap / 4 : 2 * m->cap;
        if (m->keep && m->cap < m->keep && cap > m->keep + m->keep / 4) cap = m->keep + m->keep / 4;
        if (cap >= FH_NER_NO_WORD) return NULL;
        fh_ner_word *p = realloc(m->words, cap * sizeof *p);
        if (!p) return NULL;
        m->words = p;
        m->made = m->cap; /* moved: the old entries were copied into new pages; grown in place: the old pages */
        m->cap = cap;
    }
    if (m->n == m->made) {
        size_t more = MADE_AHEAD / sizeof *m->words;
        more = more < m->cap - m->made ? more : m->cap - m->made;
        populate(m->words + m->made, more * sizeof *m->words);
        m->made += more;
    }
    int keeps = memo_keeps(t);
    if (keeps && 2 * (m->used + 1) > (size_t)m->mask + 1 && grow_slots(m) != FAHRAS_OK) return NULL;
    size_t len = keeps ? t->norm_len + t->key_len : 0;
    char *at = NULL; /* where the strings go */
    if (len > FH_NER_WORD_INLINE && m->strs_n + len > m->strs_cap) {
        size_t cap = m->strs_cap ? 2 * m->strs_cap : 4096;
        while (cap < m->strs_n + len) cap *= 2;
        if (cap > UINT32_MAX) return NULL;
        char *p = realloc(m->strs, cap);
        if (!p) return NULL;
        m->strs = p;
        m->strs_cap = cap;
    }
    fh_ner_word *w = &m->words[m->n];
    w->hash = hash;
    w->hits = 0;
    /* a word not looked up (memo_keeps) keeps no strings and is never compared */
    w->src = (uint32_t)m->strs_n;
    w->src_norm_len = keeps ? (uint8_t)t->norm_len : 0;
    w->src_key_len = keeps ? (uint8_t)t->key_len : 0;
    w->src_type = (uint8_t)t->type;
    w->src_stem_start = (uint32_t)t->stem_start;
    w->src_stem_end = (uint32_t)t->stem_end;
    if (len > FH_NER_WORD_INLINE) {
        at = m->strs + m->strs_n;
        m->strs_n += len;
    } else if (len) {
        at = w->inl;
    }
    if (at) {
        memcpy(at, t->norm, t->norm_len);
        if (t->key_len) memcpy(at + t->norm_len, t->key, t->key_len);
    }
    *idx = (uint32_t)m->n++;
    if (keeps) {
        put_slot(m, hash, *idx);
        m->used++;
    }
    return w;
}
