/*
 * internal.h - shared declarations of the analysis core (not installed).
 */
#ifndef FAHRAS_INTERNAL_H
#define FAHRAS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "fahras.h"

/* Character classes, as the tokenizer sees them. */
enum {
    FH_CL_SEP = 0,       /* punctuation, symbols: ends a word */
    FH_CL_SPACE = 1,     /* white space */
    FH_CL_LETTER = 2,    /* letter of a non-Arabic script */
    FH_CL_AR_LETTER = 3, /* Arabic-script letter */
    FH_CL_MARK = 4,      /* combining mark: stays inside its word */
    FH_CL_DIGIT = 5,     /* decimal digit of any script */
    FH_CL_IGNORE = 6,    /* format controls (ZWJ, bidi): invisible, never split a word */
    FH_CL_TATWEEL = 7    /* U+0640: stretches a word, never splits it */
};

typedef struct fh_class_range { uint32_t lo, hi; uint8_t cls; } fh_class_range;
typedef struct fh_case_pair { uint32_t cp, lower; } fh_case_pair;
typedef struct fh_fold_rule {
    uint32_t cp;
    uint8_t rule;  /* bit index of FAHRAS_NORM_* */
    uint8_t cls;
    const char *to; /* UTF-8 replacement ("" = removed) */
} fh_fold_rule;

/* Generated tables (unicode_data.c). */
extern const char fh_unicode_version_string[];
extern const fh_class_range fh_class_ranges[];
extern const size_t fh_class_ranges_count;
extern const fh_case_pair fh_lower_pairs[];
extern const size_t fh_lower_pairs_count;
extern const fh_fold_rule fh_fold_rules[];
extern const size_t fh_fold_rules_count;

/* One code point's behaviour under an analyzer's options. */
typedef struct fh_cpinfo {
    uint32_t off;  /* offset of the replacement in the analyzer's pool */
    uint8_t cls;   /* FH_CL_* */
    uint8_t len;   /* replacement length in bytes; FH_IDENTITY = unchanged */
} fh_cpinfo;
#define FH_IDENTITY 255

/* Code points below FH_DIRECT_LIMIT and in [FH_PRES_LO, FH_PRES_HI] are
 * looked up directly; the rest through the generated range tables. */
#define FH_DIRECT_LIMIT 0x3000u
#define FH_PRES_LO 0xFB00u
#define FH_PRES_HI 0xFEFFu

typedef struct fh_fold_table {
    fh_cpinfo direct[FH_DIRECT_LIMIT];
    fh_cpinfo pres[FH_PRES_HI - FH_PRES_LO + 1];
    char *pool;
    size_t pool_len;
    int lower; /* apply lower-casing to code points outside the direct tables */
} fh_fold_table;

/* Function words of the segmenter (morph.c), hashed once per analyzer. */
#define FH_WORDSET_SLOTS 512
#define FH_WORDSET_MAXLEN 12
enum { FH_WS_KEEP = 1, FH_WS_NOT_ARTICLE = 2 };
typedef struct fh_wordset_slot {
    unsigned char codes[FH_WORDSET_MAXLEN];
    uint8_t n;     /* 0 = empty slot */
    uint8_t flags; /* FH_WS_* */
    uint8_t lemma; /* 1-based index into the function-word lemmas, 0 = none */
} fh_wordset_slot;
typedef struct fh_wordset { fh_wordset_slot slot[FH_WORDSET_SLOTS]; } fh_wordset;
void fh_wordset_init(fh_wordset *ws);

/* Morphology of the frequent words, computed once per analyzer and
 * indexed by lexicon slot (morph.c). */
typedef struct fh_morph_cached {
    uint8_t valid;     /* 1 + 2 * function-word lemma index (0 = not cached), | FH_CACHED_YEH */
    uint8_t pre_n;
    uint8_t pre_len[3];
    uint8_t stem_lo;
    uint8_t stem_cut;  /* letters of enclitic after the stem */
    uint8_t key_cut;   /* letters of suffix after the key */
} fh_morph_cached;

#define FH_CACHED_YEH 0x40
#define FH_HOT_MAXLEN 11
#define FH_HOT_INDEX_MASK 0x3FFFFu /* slot: hash high bits | index + 1 (18 bits) */
#define FH_HOT_MAX 0x3FFFF
typedef struct fh_hot_entry {
    uint32_t hash;
    uint8_t n;
    unsigned char codes[FH_HOT_MAXLEN];
    fh_morph_cached m;
} fh_hot_entry;

typedef struct fh_morph_ctx {
    fh_wordset words;
    uint32_t *hot_slots;  /* open addressing: hash high bits | (index + 1), 0 = empty */
    fh_hot_entry *hot;
    size_t hot_count;
    uint32_t hot_mask;
    unsigned *hot_refs;   /* contexts holding hot_slots and hot (fh_morph_ctx_share); NULL: none built */
    int mode;             /* fahras_stem_mode */
} fh_morph_ctx;

struct fahras_analyzer {
    fahras_options opts;
    fh_fold_table fold;
    fh_morph_ctx morph;
};

/* Build / free the morphology context (wordset + cache of the words seen
 * at least min_count times in the lexicon).  fh_morph_ctx_init reads the
 * cache's analyses from the table stored at build time when it was made
 * for this build's keys (fh_keys_fingerprint) and min_count, else makes
 * them as fh_morph_ctx_init_computed does; the two give the same table. */
int fh_morph_ctx_init(fh_morph_ctx *ctx, int mode, uint32_t min_count);
#define FH_HOT_TEH_MARBUTA 0x80000000u /* a stored entry's slot: the word's ه as ة */
int fh_morph_ctx_init_computed(fh_morph_ctx *ctx, int mode, uint32_t min_count, uint32_t *slots,
                               size_t slots_cap);
/* The stored analyses (generated src/core/morph_hot_data.c): per stem
 * mode, each entry's lexicon slot and analysis in table order. */
typedef struct fh_hot_stored {
    uint32_t slot; /* | FH_HOT_TEH_MARBUTA */
    fh_morph_cached m;
} fh_hot_stored;
typedef struct fh_hot_builtin {
    int mode;
    const fh_hot_stored *entries;
    size_t n;
} fh_hot_builtin;
extern const fh_hot_builtin fh_hot_builtins[];
extern const size_t fh_hot_builtins_n;
extern const uint32_t fh_hot_builtin_keys;      /* fh_keys_fingerprint when made */
extern const uint32_t fh_hot_builtin_min_count;
/* ctx as a copy of src, sharing its immutable cache (counted: the last
 * context freed frees it). */
void fh_morph_ctx_share(fh_morph_ctx *ctx, const fh_morph_ctx *src);
void fh_morph_ctx_free(fh_morph_ctx *ctx);
/* A new analyzer of options opts (NULL: defaults); when like (may be NULL)
 * stems the same way, it shares like's tables of frequent words instead
 * of building them again.  like may be freed before or after it. */
fahras_analyzer *fh_analyzer_new_like(const fahras_options *opts, const fahras_analyzer *like,
                                      fahras_error *err);

/* normalize.c */
int fh_fold_table_init(fh_fold_table *t, unsigned norm, fahras_error *err);
void fh_fold_table_free(fh_fold_table *t);
/* Class and replacement of cp.  For code points outside the direct
 * tables, the replacement (lower-cased or identity) is encoded into tmp
 * (at least 4 bytes) and *out points there. */
uint8_t fh_fold_lookup(const fh_fold_table *t, uint32_t cp, const char **out, size_t *out_len,
                       char *tmp);
uint8_t fh_class_of(uint32_t cp);

/* UTF-8: decoding is inline here (the tokenizer's hot path), encoding in
 * normalize.c. */
/* Decode one code point at s[0..n).  Returns its length (1..4) and sets
 * *cp, or 0 for an invalid / truncated sequence. */
static inline size_t fh_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    if (c < 0x80) { *cp = c; return 1; }
    if (c < 0xC2) return 0;
    if (c < 0xE0) {
        if (n < 2 || (s[1] & 0xC0) != 0x80) return 0;
        *cp = ((uint32_t)(c & 0x1F) << 6) | (s[1] & 0x3F);
        return 2;
    }
    if (c < 0xF0) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
        if (c == 0xE0 && s[1] < 0xA0) return 0;          /* overlong */
        if (c == 0xED && s[1] >= 0xA0) return 0;         /* surrogate */
        *cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        return 3;
    }
    if (c < 0xF5) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && s[1] < 0x90) return 0;          /* overlong */
        if (c == 0xF4 && s[1] >= 0x90) return 0;         /* > U+10FFFF */
        *cp = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
              ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
        return 4;
    }
    return 0;
}

size_t fh_utf8_encode(uint32_t cp, char *out);

/* morph.c: clitic segmentation and light stemming of one normalized Arabic
 * word given as code points (w[0..n)).  Fills the result. */
#define FH_MORPH_MAX 64 /* longer words are keyed as they are */
#ifndef FH_MORPH_CACHE_MIN_COUNT
#define FH_MORPH_CACHE_MIN_COUNT 10 /* words precomputed per analyzer (~50k) */
#endif
typedef struct fh_morph {
    size_t pre_n;          /* number of proclitic segments */
    uint8_t pre_len[4];    /* their lengths in letters */
    size_t stem_lo, stem_hi; /* clitic-free stem, in letters */
    size_t key_lo, key_hi;   /* light-stemmed key, in letters (within stem) */
    const char *key_text;    /* if set, the key (UTF-8) replaces key_lo..key_hi */
    int key_yeh;             /* the key's first letter (ت) is written ي */
} fh_morph;
void fh_morph_analyze(const fh_morph_ctx *ctx, const uint16_t *w, size_t n, fh_morph *m);
/* h after the segmenter's tuning constants and word and affix lists
 * (FNV-1a): part of the version stamp. */
uint32_t fh_morph_fingerprint(uint32_t h);

/* h after the values' word list and grammar version (values_lex.c,
 * FNV-1a): part of the tagger stamp, as the spans a store keeps include
 * dates, numbers and counts. */
uint32_t fh_values_stamp(uint32_t h);

/* What the values' word list makes of a word as written (values_lex.c;
 * folded here): a number word (خمسة، آلاف، مليون، ثلث), a measure
 * (ريال، متر), a month of either calendar (نيسان، رمضان) or none of
 * these; a word with a proclitic is none. */
enum { FH_VALUE_WORD_NONE = 0, FH_VALUE_WORD_NUMBER, FH_VALUE_WORD_MEASURE, FH_VALUE_WORD_MONTH };
int fh_value_word_kind(const char *s, size_t n);

/* stamp.c: the version stamp of fahras_options_describe ("fahras=0.2"). */
#define FH_STAMP_KEY "fahras"
#define FH_STAMP_MAX 32
/* This library's stamp, snprintf style: "0.2", or "0.2+1a2b3c4d" when
 * fh_keys_fingerprint is not the one recorded for the version. */
size_t fh_stamp(char *buf, size_t cap);
/* Fingerprint of what keys depend on besides the code: the generated
 * tables, the segmenter's constants and lists. */
uint32_t fh_keys_fingerprint(void);
/* FAHRAS_OK when value is this library's stamp, else FAHRAS_ERR_OPTION
 * saying how to rebuild. */
int fh_check_stamp(const char *value, fahras_error *err);

/* error helper */
int fh_set_error(fahras_error *err, int code, size_t offset, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Turn tagger t's hand-written corrections after decoding (the types of
 * ner_type_fixes.c, the first lady's title) on or off (on when made): the
 * tools that learn the tables the model's features read learn from the
 * model's own reading. */
void fh_tagger_corrections(fahras_tagger *t, int on);

/* fahras_entity_key with a workspace kept from one name to the next, for
 * the keys of many names (ner_type_fixes.c): each call is fahras_entity_key
 * without the allocation of its 100 KB of scratch.  One caller at a time
 * for a workspace; fh_key_work_free is NULL-safe. */
typedef struct fh_key_work fh_key_work;
fh_key_work *fh_key_work_new(void);
void fh_key_work_free(fh_key_work *w);
int fh_entity_key_with(const fahras_tagger *t, fh_key_work *w, int type, const char *name, size_t len,
                       char *out, size_t cap, size_t *out_len, fahras_error *err);

#endif
