/*
 * ner.h - internals of the named-entity tagger, shared by the library
 * (ner.c, tagger.c) and the training tools (tools/ner/): the token view,
 * the features, the model tables and the decoder.  Not installed.
 */
#ifndef FAHRAS_NER_H
#define FAHRAS_NER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fahras.h"

/* Labels: BIO over the four entity types, O first. */
enum {
    FH_NER_O = 0,
    FH_NER_B_PER, FH_NER_I_PER,
    FH_NER_B_ORG, FH_NER_I_ORG,
    FH_NER_B_LOC, FH_NER_I_LOC,
    FH_NER_B_MISC, FH_NER_I_MISC,
    FH_NER_LABELS
};
/* fahras_span_type of a label (0 for O), and whether it begins an entity. */
#define FH_NER_TYPE(l) ((l) == FH_NER_O ? 0 : ((l) + 1) / 2)
#define FH_NER_IS_B(l) ((l) != FH_NER_O && ((l) & 1))

/* What stands between two tokens (punctuation classes of the gap). */
enum {
    FH_GAP_SENT = 1u << 0,   /* . ! ? ؟ … : a sentence ends */
    FH_GAP_LINE = 1u << 1,   /* a line break */
    FH_GAP_COMMA = 1u << 2,  /* , ، ; ؛ */
    FH_GAP_OPEN = 1u << 3,   /* ( [ { */
    FH_GAP_CLOSE = 1u << 4,  /* ) ] } */
    FH_GAP_QUOTE = 1u << 5,  /* any quote mark: " ' « » “ ” ‘ ’ ‹ › */
    FH_GAP_DASH = 1u << 6,   /* - – — / */
    FH_GAP_COLON = 1u << 7,  /* : */
    FH_GAP_OTHER = 1u << 8,  /* other symbols */
    FH_GAP_LETTERS = 1u << 9 /* letters the analyzer folded into the next word (لـ) */
};

/* Gazetteer bits of a token (ner_gazetteer.c: lists written for fahras). */
enum {
    FH_GAZ_PER_B = 1u << 0, FH_GAZ_PER_I = 1u << 1,   /* a known full name */
    FH_GAZ_ORG_B = 1u << 2, FH_GAZ_ORG_I = 1u << 3,
    FH_GAZ_LOC_B = 1u << 4, FH_GAZ_LOC_I = 1u << 5,
    FH_GAZ_FIRST = 1u << 6,      /* a given name */
    FH_GAZ_TITLE = 1u << 7,      /* a title or office before a name: الرئيس، وزير */
    FH_GAZ_ORG_HEAD = 1u << 8,   /* a word that starts an organisation: وزارة، حركة */
    FH_GAZ_LOC_HEAD = 1u << 9,   /* a word that precedes a place: مدينة، ريف */
    FH_GAZ_NISBA = 1u << 10,     /* a nationality adjective: الأمريكية، السوري */
    FH_GAZ_SPORT = 1u << 11,     /* a word of sports reports (مباراة، الدوري): kept in
                                  * fh_ner_tok.sport_word, not in gaz (not a value feature) */
    FH_GAZ_WHOLE = 1u << 12,     /* a given name the analyzer reads with a proclitic (كمال as
                                  * ك + مال), under its whole form: read for a person's key,
                                  * not in gaz */
    FH_GAZ_WHOLE_NAME = 1u << 13 /* the same of the first word of a known name (بايدن as ب +
                                  * ايدن): read for any name's key */
};

/* A token as the tagger sees it.  Strings are normalized (the analyzer's
 * default profile) and cut at FH_NER_STR bytes on a character boundary. */
#define FH_NER_STR 48
typedef struct fh_ner_tok {
    size_t start, end;     /* byte range in the original text */
    unsigned gap;          /* FH_GAP_* of the text before the token */
    unsigned gaz;          /* FH_GAZ_* */
    uint16_t clus[3];      /* word clusters: coarse, mid, fine (0 = unknown word) */
    uint8_t type;          /* fahras_token_type */
    uint8_t has_al;        /* written with the article (ال, or لل after ل) */
    uint8_t l_al;          /* the article written لل, after ل (للتنس) */
    uint8_t enclitic;      /* ends in an enclitic pronoun */
    uint8_t letters;       /* code points of the stem, capped at 255 */
    uint8_t lexbin;        /* corpus frequency class of the stem (0 = unseen) */
    uint8_t albin;         /* how often the corpus writes the stem with ال */
    uint8_t ew;            /* fh_ner_entity_words value, 0 = none */
    uint8_t normbin;       /* corpus frequency class of the whole word */
    uint8_t in_quote;      /* after an odd number of quote marks in its sentence */
    uint8_t sport_word;    /* FH_GAZ_SPORT: a word of sports reports */
    uint8_t in_sport;      /* its sentence holds a sport_word (a city there is often a club) */
    uint8_t norm_len;
    uint8_t key_len, word_len, stem_len, pre_len;
    uint32_t memo_ix;      /* its word's entry in the fh_ner_memo read through, FH_NER_NO_WORD: none */
    uint32_t name_word;    /* fh_ner_name_word of the token (the word decides it) */
    uint8_t name_flags;    /* FH_NER_NAME_ALONE, _JOIN, _ORDINAL of the word (fh_ner_name_flags) */
    uint8_t gaz_first;     /* word alone is a name of gaz_names or begins one (fh_ner_gaz_first) */
    uint8_t seen;          /* how the model tagged its word earlier in the text (fh_ner_seen) */
    uint8_t lname_first;   /* word begins a name of fh_ner_learned_names */
    uint8_t lname;         /* inside a learned name: its type, | FH_NER_LNAME_IN after its first word */
    uint8_t lead_len;      /* bytes of lead */
    uint8_t lead_name;     /* bytes at the end of lead that, put back before word, make a given
                            * name of the word lists (كمال is not ك + مال: lead_of) */
    uint8_t lead_whole;    /* the same for a word any name is written with (بايدن, لوكاس,
                            * بوروسيا: the word lists' names, fh_ner_whole_words) */
    char lead[8];          /* the proclitics word lost, other than the article (a person's name
                            * keeps them after its first word: وائل كفوري, not كفوري -> فوري) */
    char word[FH_NER_STR]; /* entity word form: proclitics other than ال removed, ال kept */
    char stem[FH_NER_STR]; /* the word without any proclitic */
    /* the strings only the word features read (FH_NER_TOK_DECODED) */
    char key[FH_NER_STR];  /* the analyzer's key */
    char pre[16];          /* the proclitics as written (normalized), e.g. وال */
    char norm[FH_NER_STR]; /* the whole normalized word */
} fh_ner_tok;

/* The bytes of a token decoding reads once its word features are summed
 * (fh_ner_memo): the fields before key.  A token the memo gives a
 * sentence (fh_ner_sentences_memo) holds only these, so key, pre and norm
 * are not copied for every running word; its memo entry holds them. */
#define FH_NER_TOK_DECODED offsetof(fh_ner_tok, key)

#define FH_NER_NO_WORD UINT32_MAX

typedef struct fh_ner_memo fh_ner_memo;

/* Largest sentence decoded at once; longer runs are cut. */
#define FH_NER_MAX_SENT 200
/* Features of one token, at most. */
#define FH_NER_MAX_FEATS 96
/* Farthest token a feature reads, in tokens from the one it is of. */
#define FH_NER_REACH 2
#define FH_NER_OFFSETS (2 * FH_NER_REACH + 1)

/* 32-bit hashes of strings (FNV-1a); never 0. */
uint32_t fh_ner_hash(uint32_t seed, const void *s, size_t n);
/* The same in steps, for hashing prefixes of one string: h =
 * fh_ner_hash_start(seed), then h = fh_fnv_add(h, ...) over the bytes;
 * fh_ner_hash_end(h) is fh_ner_hash of the bytes so far. */
static inline uint32_t fh_ner_hash_start(uint32_t seed) { return 2166136261u ^ (seed * 0x9E3779B1u); }
static inline uint32_t fh_ner_hash_end(uint32_t h)
{
    h ^= h >> 15;
    h *= 0x2C1B3C6Du;
    h ^= h >> 12;
    return h ? h : 1;
}

/* An open-addressing map from non-zero 32-bit hashes to 32-bit values,
 * built once (immutable afterwards). */
typedef struct fh_u32slot { uint32_t key, val; } fh_u32slot;
typedef struct fh_u32map {
    fh_u32slot *slots; /* key 0 = empty; key and value side by side: one cache miss a probe */
    uint32_t mask;
} fh_u32map;
int fh_u32map_init(fh_u32map *m, size_t expected);
/* Insert or overwrite; the map must have room (sized by init). */
void fh_u32map_put(fh_u32map *m, uint32_t key, uint32_t val);
/* 1 and *val when found.  Inline: the tagger looks up some sixty
 * features a token. */
static inline int fh_u32map_get(const fh_u32map *m, uint32_t key, uint32_t *val)
{
    if (!m->slots) return 0;
    for (uint32_t i = key & m->mask;; i = (i + 1) & m->mask) {
        if (m->slots[i].key == key) {
            *val = m->slots[i].val;
            return 1;
        }
        if (!m->slots[i].key) return 0;
    }
}
/* Start loading the slot key is looked up in (a lookup soon after finds it
 * in cache). */
static inline void fh_u32map_prefetch(const fh_u32map *m, uint32_t key)
{
    if (m->slots) __builtin_prefetch(&m->slots[key & m->mask]);
}
void fh_u32map_free(fh_u32map *m);

/* Generated tables (models/ner/): the weights, the word clusters, the
 * alias table. */
typedef struct fh_ner_model_data {
    size_t nfeat;
    const uint32_t *hash;      /* nfeat feature hashes */
    const uint16_t *mask;      /* nfeat label masks: which labels carry a weight */
    const int16_t *weights;    /* the weights, in feature order, label order */
    size_t nweights;
    const int16_t *trans;      /* (FH_NER_LABELS + 1) x FH_NER_LABELS: from start, then from each label */
    const char *source;        /* the "generated by" description */
} fh_ner_model_data;
extern const fh_ner_model_data fh_ner_model;

typedef struct fh_ner_cluster_data {
    size_t n;
    const uint32_t *hash;      /* hash of the key (seed FH_NER_SEED_CLUSTER) */
    const uint16_t *coarse, *mid, *fine; /* at most 255, 1023, 4095 classes */
    const char *source;
} fh_ner_cluster_data;
extern const fh_ner_cluster_data fh_ner_clusters;
#define FH_NER_SEED_CLUSTER 0x636c7573u
/* The hash seed of the gazetteer's single words (r->gaz_words). */
#define FH_NER_SEED_GAZ_WORD 0x67617a77u

/* The version of the rules outside the model's tables that make the
 * spans and their canonical keys (tagger.c span_key and what fill_tok
 * keeps for it, the sentence breaks, the passes after decoding), part of
 * the tagger stamp: raised whenever a text could get other spans or a
 * name another key (2: a person's name keeps letters read as proclitics:
 * كمال, وائل كفوري; 3: the dots of an abbreviation end no sentence,
 * سي.إن.إن; a measure after a number is no name, 3 آلاف ريال; nor is
 * a month in a date, شهر رمضان; a hashtag's # and _ part no words; 4: a
 * line break and the text's end end a sentence as a full stop does; 5: a
 * title in quotes after a kind of work is MISC, فيلم "الدائرة"; 6: the
 * first word of any name keeps the letter read as a proclitic where the
 * word lists' names or fh_ner_whole_words write it so: كوفي أنان, لوكاس,
 * بوروسيا دورتموند, بايدن; 7: a sports body is one organisation with
 * its sport, الاتحاد الأوروبي لكرة القدم; 8: a person's one word takes the
 * key of the one longer name of the text it ends or begins, الكعبي of
 * أحمد الكعبي, كيم of كيم جونغ أون, and so does a surname of several
 * words, عبد الرحمن of رامي عبد الرحمن). */
#define FH_NER_KEY_RULES 8u

/* The version of the dateline fahras_dateline_end reads (dateline.c),
 * part of the tagger stamp: a store's entity rows leave its names out. */
#define FH_DATELINE_RULES 1u

/* Words the current model, run over the news corpora, often finds inside
 * names: per token key, the type (bits 4-6), how often (bits 2-3) and how
 * frequent the word is (bits 0-1). */
typedef struct fh_ner_entity_word_data {
    size_t n;
    const uint32_t *hash;      /* hash of the key (seed FH_NER_SEED_ENTITY_WORD) */
    const uint8_t *value;
    const char *source;
} fh_ner_entity_word_data;
extern const fh_ner_entity_word_data fh_ner_entity_words;
#define FH_NER_SEED_ENTITY_WORD 0x656e7477u

/* Whole names (2-6 words) the current model, run over the news corpora,
 * tags often and with one type: hash (seed FH_NER_SEED_LNAME) of the
 * entity word forms joined by ' ' -> FAHRAS_SPAN_* type; the first words
 * of names carry FH_NER_LNAME_FIRST instead. */
typedef struct fh_ner_learned_name_data {
    size_t n;
    const uint32_t *hash;
    const uint8_t *value;
    const char *source;
} fh_ner_learned_name_data;
extern const fh_ner_learned_name_data fh_ner_learned_names;
#define FH_NER_SEED_LNAME 0x6c6e616du
#define FH_NER_LNAME_FIRST 0x10u
#define FH_NER_LNAME_IN 0x08u
#define FH_NER_LNAME_MAX 6

typedef struct fh_ner_alias_data {
    size_t n;
    const char *const *from;   /* canonical keys, sorted (strcmp) */
    const char *const *to;     /* the key each stands for */
    const char *source;
} fh_ner_alias_data;
extern const fh_ner_alias_data fh_ner_aliases;

/* Words whose first letter the analyzer reads as a proclitic although the
 * news writes a name with it (لوكاس is not ل + وكاس, بوروسيا not ب +
 * وروسيا, كوفي not ك + وفي): the word form with that letter, as
 * fh_ner_tok's lead and stem spell it.  A name's first word found here
 * keeps the letter in its canonical key. */
typedef struct fh_ner_whole_word_data {
    size_t n;
    const char *const *word;
    const char *source;
} fh_ner_whole_word_data;
extern const fh_ner_whole_word_data fh_ner_whole_words;
#define FH_NER_SEED_WHOLE 0x77686c77u

/* The word as fh_ner_whole_words and the word lists' whole forms spell it:
 * the last letter of t's lead put back before its stem (ك + وفي -> كوفي;
 * و + ل + وكاس -> لوكاس), into out (cap bytes, not NUL-terminated).
 * Returns its length, with *k the bytes of that letter; 0 when t has no
 * lead or out is too small. */
static inline size_t fh_ner_whole_form(const fh_ner_tok *t, char *out, size_t cap, size_t *k)
{
    if (!t->lead_len) return 0;
    size_t last = (size_t)t->lead_len - 1;
    while (last && ((unsigned char)t->lead[last] & 0xC0) == 0x80) last--;
    *k = t->lead_len - last;
    if (*k + t->stem_len > cap) return 0;
    memcpy(out, t->lead + last, *k);
    memcpy(out + *k, t->stem, t->stem_len);
    return *k + t->stem_len;
}

/* A feature of the model: its hash and its weight for every label (0
 * where the model stores none): one vector add a feature.  The weights
 * are in the slot of the open-addressing table, beside the key: a feature
 * found is one memory load, not a slot and then a row elsewhere.  24
 * bytes: a slot crosses a cache line one time in four. */
typedef struct fh_ner_wslot {
    uint32_t key;              /* 0 = empty */
    int16_t w[FH_NER_LABELS];
} fh_ner_wslot;

/* Everything a tagger holds: immutable after fh_ner_res_init. */
typedef struct fh_ner_res {
    fahras_analyzer *an;       /* the analyzer the model was trained with (own copy) */
    fh_ner_wslot *feats;       /* the model's features (fh_ner_feat_find) */
    uint32_t feats_mask;
    fh_u32map clusters;        /* key hash -> coarse | mid << 8 | fine << 18 */
    fh_u32map entity_words;    /* key hash -> fh_ner_entity_words value */
    fh_u32map gaz_words;       /* single-word lists: word hash -> FH_GAZ_* of a one-word entry */
    fh_u32map gaz_names;       /* multi-word entries: hash of the words joined by ' ' -> type bits */
    fh_u32map lnames;          /* fh_ner_learned_names */
    fh_u32map whole_words;     /* fh_ner_whole_words: hash (FH_NER_SEED_WHOLE) -> 1 */
    int use_model;             /* 0 while training: no weights to load */
    int32_t edge[FH_NER_OFFSETS][FH_NER_LABELS]; /* weights of fh_ner_word_features(NULL, d) */
    int32_t (*value_w)[FH_NER_LABELS]; /* weights of fh_ner_value_features(kind, v): row
                                          fh_ner_value_row(kind, v) */
} fh_ner_res;

/* The slot of feature hash key in r->feats, or -1 when the model has no
 * such feature. */
static inline long fh_ner_feat_find(const fh_ner_res *r, uint32_t key)
{
    if (!r->feats) return -1;
    for (uint32_t i = key & r->feats_mask;; i = (i + 1) & r->feats_mask) {
        if (r->feats[i].key == key) return i;
        if (!r->feats[i].key) return -1;
    }
}
/* Start loading the slot feature hash key is looked up in (both of its
 * cache lines). */
static inline void fh_ner_feat_prefetch(const fh_ner_res *r, uint32_t key)
{
    if (!r->feats) return;
    const char *s = (const char *)&r->feats[key & r->feats_mask];
    __builtin_prefetch(s);
    __builtin_prefetch(s + sizeof *r->feats - 1);
}

/* like (may be NULL): an analyzer whose tables of frequent words the
 * tagger's own analyzer may share (internal.h, fh_analyzer_new_like). */
int fh_ner_res_init(fh_ner_res *r, const fahras_analyzer *like, int utf8_mode, int use_model,
                    fahras_error *err);
void fh_ner_res_free(fh_ner_res *r);

/* Analyze text and call fn once per sentence with its tokens (at most
 * FH_NER_MAX_SENT).  The array belongs to the call.  fn returns 0 to go on,
 * or a negative fahras_status to stop with it. */
typedef int (*fh_ner_sent_fn)(void *ctx, fh_ner_tok *toks, size_t n);
int fh_ner_sentences(const fh_ner_res *r, const char *text, size_t len, fh_ner_sent_fn fn,
                     void *ctx, fahras_error *err);

/* The same from the tokens of text as the tagger's analyzer (r->an, or
 * one with the same options) gives them, toks[0..ntoks) in order: an
 * indexer that has analyzed the text does not analyze it again. */
int fh_ner_sentences_tokens(const fh_ner_res *r, const char *text, size_t len, const fahras_token *toks,
                            size_t ntoks, fh_ner_sent_fn fn, void *ctx, fahras_error *err);
/* Either of the two (toks NULL: analyze), each token's word read through
 * memo (its memo_ix set; the model's weights needed). */
int fh_ner_sentences_memo(const fh_ner_res *r, fh_ner_memo *memo, const char *text, size_t len,
                          const fahras_token *toks, size_t ntoks, fh_ner_sent_fn fn, void *ctx,
                          fahras_error *err);

/* The feature hashes of token i of toks[0..n).  Returns how many (at most
 * FH_NER_MAX_FEATS).  They are of two kinds.  A word feature of token i
 * reads one token at offset d (-FH_NER_REACH..FH_NER_REACH) from i, and
 * only the fields its word decides (fill_tok's: the forms, corpus
 * evidence, clusters; not gap, gaz, in_quote, memo_ix or the position):
 * fh_ner_word_features.  Every other feature is a context feature:
 * fh_ner_context_features.  fh_ner_features gives both; the tagger sums
 * the weights of a word's word features once for each offset
 * (fh_ner_memo) and looks up only the context features of each token. */
size_t fh_ner_features(const fh_ner_tok *toks, size_t n, size_t i, uint32_t *out);
/* The word features w gives the token d places after it (d < 0: before);
 * w NULL: the token d places away is past the sentence's edge. */
size_t fh_ner_word_features(const fh_ner_tok *w, int d, uint32_t *out);
size_t fh_ner_context_features(const fh_ner_tok *toks, size_t n, size_t i, uint32_t *out);

/* The context features are of two kinds too.  A value feature reads one
 * small value about the token (FH_NER_V_*: the gap classes before or
 * after it, the gazetteer bits of it or of a neighbour, whether it is
 * first or last): fh_ner_value_features of fh_ner_context_values.  The
 * rest read two tokens or the token and its place in the sentence (in
 * quotes, in a sports report; the gazetteer bits two words on):
 * fh_ner_pair_features.  The tagger holds the
 * summed weights of each kind's value features for every value
 * (fh_ner_res.value_w) and looks up only the pair features. */
enum {
    FH_NER_V_GAP_B, FH_NER_V_GAP_A,                    /* gap classes: 0..FH_NER_GAP_VALUES - 1 */
    FH_NER_V_GAZ, FH_NER_V_GAZ_M1, FH_NER_V_GAZ_P1, FH_NER_V_GAZ_M2, /* FH_GAZ_*, FH_NER_V_NONE past the edge */
    FH_NER_V_FIRST, FH_NER_V_LAST,                     /* 0 or 1 */
    FH_NER_VALUE_KINDS
};
#define FH_NER_V_NONE 0xFFFFu
#define FH_NER_GAP_VALUES 1024u  /* the FH_GAP_* bits */
#define FH_NER_GAZ_VALUES 2048u  /* the FH_GAZ_* bits */
/* Rows of fh_ner_res.value_w: the gap kinds, the gazetteer kinds (their
 * values, then FH_NER_V_NONE), the position kinds. */
#define FH_NER_VALUE_ROWS (2 * FH_NER_GAP_VALUES + 4 * (FH_NER_GAZ_VALUES + 1) + 2 * 2)
/* The row of value v of kind, or -1 when the table holds none (a value
 * no token has: its features are looked up). */
static inline long fh_ner_value_row(int kind, uint32_t v)
{
    if (kind <= FH_NER_V_GAP_A) return v < FH_NER_GAP_VALUES ? (long)(kind * FH_NER_GAP_VALUES + v) : -1;
    long base = 2 * FH_NER_GAP_VALUES;
    if (kind <= FH_NER_V_GAZ_M2) {
        long at = v < FH_NER_GAZ_VALUES ? (long)v : v == FH_NER_V_NONE ? (long)FH_NER_GAZ_VALUES : -1;
        return at < 0 ? -1 : base + (kind - FH_NER_V_GAZ) * (long)(FH_NER_GAZ_VALUES + 1) + at;
    }
    base += 4 * (FH_NER_GAZ_VALUES + 1);
    return v < 2 ? base + (kind - FH_NER_V_FIRST) * 2 + (long)v : -1;
}
void fh_ner_context_values(const fh_ner_tok *toks, size_t n, size_t i, uint32_t v[FH_NER_VALUE_KINDS]);
size_t fh_ner_value_features(int kind, uint32_t v, uint32_t *out);
size_t fh_ner_pair_features(const fh_ner_tok *toks, size_t n, size_t i, uint32_t *out);
/* The summed weights of features f[0..n) added to acc. */
void fh_ner_add_weights(const fh_ner_res *r, const uint32_t *f, size_t n, int32_t *acc);

/* What the tagger has worked out for each word it has read (a word type:
 * the analyzer's type, forms and clitic split of the token): its tagger
 * token and the weights of its word features at each offset, so a word
 * seen again costs one lookup.  Grows while a text is read; before a
 * text, once it holds more than keep words, keeps the words found most
 * often (at most keep / 2).  One user at a time. */
/* The bytes of a token an entry holds: those decoding reads
 * (FH_NER_TOK_DECODED) but the position, which is the occurrence's. */
#define FH_NER_WORD_TOK_AT offsetof(fh_ner_tok, gap)
#define FH_NER_WORD_TOK (FH_NER_TOK_DECODED - FH_NER_WORD_TOK_AT)
/* Norm and key bytes an entry holds itself (most words': read with the
 * entry, no other load), at most: the entry is 384 bytes. */
#define FH_NER_WORD_INLINE 40
typedef struct fh_ner_word {
    uint32_t hash, hits; /* hits: found since the memo last made room */
    /* the token it was made from: its norm and key bytes (only for a
     * word that is looked up) in inl when they fit, else at src in the
     * memo's strs; lengths, type and clitic split */
    uint32_t src;
    uint8_t src_norm_len, src_key_len, src_type;
    uint32_t src_stem_start, src_stem_end;
    int32_t w[FH_NER_OFFSETS][FH_NER_LABELS]; /* [d + FH_NER_REACH] */
    /* its tagger token's bytes FH_NER_WORD_TOK_AT.. (gap zero; gaz: the
     * word's own lists; memo_ix not set) */
    _Alignas(8) unsigned char tok[FH_NER_WORD_TOK];
    char inl[FH_NER_WORD_INLINE];
} fh_ner_word;
struct fh_ner_memo {
    fh_ner_word *words;
    size_t n, cap, keep;
    size_t made;     /* entries whose pages are made (ner_memo.c, populate) */
    uint64_t *slots; /* hash << 32 | (1 + index in words); 0: empty */
    uint32_t mask;
    size_t used;     /* slots taken */
    char *strs;      /* the words' norm and key bytes (fh_ner_word.src) */
    size_t strs_n, strs_cap;
};
int fh_ner_memo_init(fh_ner_memo *m, size_t keep);
/* Before a text. */
void fh_ner_memo_start(fh_ner_memo *m);
/* The hash of t's word. */
uint32_t fh_ner_memo_hash(const fahras_token *t);
/* Start loading what looking hash up reads: its slot (step 0), then, a
 * little later, its entry (step 1). */
void fh_ner_memo_prefetch(const fh_ner_memo *m, uint32_t hash, int step);
/* The entry of t's word (hash: fh_ner_memo_hash(t)), or FH_NER_NO_WORD. */
uint32_t fh_ner_memo_find(fh_ner_memo *m, const fahras_token *t, uint32_t hash);
/* A new entry for t's word (its index in *idx), for the caller to fill;
 * NULL when out of memory. */
fh_ner_word *fh_ner_memo_add(fh_ner_memo *m, const fahras_token *t, uint32_t hash, uint32_t *idx);
void fh_ner_memo_free(fh_ner_memo *m);

/* Best label sequence under the BIO constraints (I-X only after B-X or
 * I-X) for emission scores emit[n][FH_NER_LABELS] and transition scores
 * trans[FH_NER_LABELS + 1][FH_NER_LABELS] (row 0: from the start).  work
 * holds n * FH_NER_LABELS entries.  Writes labels[0..n). */
void fh_ner_viterbi(const float *emit, const float *trans, size_t n, float *work, uint8_t *labels);
/* The transitions as the decoder reads them: start[b] from the start,
 * from[a][b] from label a, -INFINITY where b may not follow (and in the
 * padding columns of each row, whole vectors of four). */
#define FH_NER_LABELS_PAD ((FH_NER_LABELS + 3) / 4 * 4)
typedef struct fh_ner_trans {
    float start[FH_NER_LABELS];
    float from[FH_NER_LABELS][FH_NER_LABELS_PAD];
} fh_ner_trans;
void fh_ner_trans_init(fh_ner_trans *tr, const float *trans);
/* fh_ner_viterbi with the transitions made once (a tagger decodes many
 * sentences with the same ones). */
void fh_ner_viterbi_trans(const float *emit, const fh_ner_trans *tr, size_t n, float *work, uint8_t *labels);
/* Whether label b may follow label a (a = -1: sentence start). */
int fh_ner_allowed(int a, int b);

/* Names found in a text, for tagging their other occurrences in it
 * (ner_doc.c).  Belongs to one fahras_tag call. */
#define FH_NER_NAME_WORDS 4 /* longest name matched, in words */
typedef struct fh_ner_name_slot fh_ner_name_slot;
typedef struct fh_ner_names {
    fh_ner_name_slot *slots;
    size_t n, cap;
    uint32_t *first;       /* the first words of the names (open addressing, 0 = empty) */
    size_t nfirst, first_cap;
} fh_ner_names;
/* Per word of the text: the hash of its entity form (fh_ner_name_word)
 * and these flags. */
enum { FH_NER_NAME_ALONE = 1, /* may be a name on its own (fh_ner_name_alone) */
       FH_NER_SENT_START = 2,
       FH_NER_NAME_JOIN = 4, /* makes one name with the word after it (fh_ner_name_joins) */
       FH_NER_ORDINAL = 8 /* fh_ner_ordinal */ };
uint32_t fh_ner_name_word(const fh_ner_tok *t);
int fh_ner_name_alone(const fh_ner_tok *t);
int fh_ner_name_joins(const fh_ner_tok *t);
int fh_ner_ordinal(const fh_ner_tok *t);
/* The flags of a word that its form decides: FH_NER_NAME_ALONE, _JOIN,
 * _ORDINAL. */
uint8_t fh_ner_name_flags(const fh_ner_tok *t);
/* Record the names of a decoded sentence (its words w, flags and labels).
 * FAHRAS_OK or FAHRAS_ERR_NOMEM. */
int fh_ner_names_learn(fh_ner_names *m, const uint32_t *w, const uint8_t *flags, size_t n, const uint8_t *labels);
/* Count the occurrences of the recorded names in the words of the text. */
void fh_ner_names_count(fh_ner_names *m, const uint32_t *w, const uint8_t *flags, size_t n);
/* Tag the untagged occurrences in a sentence of names tagged often enough. */
void fh_ner_names_apply(const fh_ner_names *m, const uint32_t *w, const uint8_t *flags, size_t n, uint8_t *labels);
void fh_ner_names_free(fh_ner_names *m);

/* How the model tagged each word earlier in the text (ner_doc.c): per
 * word (fh_ner_name_word), how often it was tagged with each type and
 * left untagged; a token's seen value is the type tagged most often (bits
 * 0-2, 0: never tagged), its share of the occurrences in quarters (bits
 * 3-4) and how many occurrences (bits 5-6: 1, 2-3, 4-7, 8 or more).  A name
 * tagged in a clear context earlier is evidence where the context says
 * less; the tagger reads it in one pass (sentences before this one, and
 * ner_train gives it the labels of models that did not see the sentence). */
typedef struct fh_ner_seen {
    uint32_t *key;   /* open addressing, 0 = empty */
    uint16_t (*count)[5]; /* untagged, PER, ORG, LOC, MISC */
    uint32_t *used;  /* the slots taken, n of them (clearing touches only those) */
    size_t n, cap;
} fh_ner_seen;
/* Set toks[i].seen from what is recorded. */
void fh_ner_seen_mark(const fh_ner_seen *m, fh_ner_tok *toks, size_t n);
/* Record a decoded sentence.  FAHRAS_OK or FAHRAS_ERR_NOMEM. */
int fh_ner_seen_learn(fh_ner_seen *m, const fh_ner_tok *toks, size_t n, const uint8_t *labels);
/* Forget every word (the buffers kept). */
void fh_ner_seen_clear(fh_ner_seen *m);
void fh_ner_seen_free(fh_ner_seen *m);

/* Gazetteer marking over a sentence (after the word forms are set). */
void fh_ner_mark_gazetteer(const fh_ner_res *r, fh_ner_tok *toks, size_t n);
/* Whether the entity word form word[0..len) is a name of the gazetteer's
 * multi-word table or begins one (fh_ner_tok.gaz_first): the words
 * fh_ner_mark_gazetteer looks names up from. */
int fh_ner_gaz_first(const fh_ner_res *r, const char *word, size_t len);
int fh_ner_gazetteer_init(fh_ner_res *r, fahras_error *err);
/* h (FNV-1a) after every entry of the gazetteer's lists, for the stamp. */
uint32_t fh_ner_gazetteer_stamp(uint32_t h);
/* Set toks[i].lname from the learned names (longest match from each word). */
void fh_ner_mark_learned(const fh_ner_res *r, fh_ner_tok *toks, size_t n);

/* Names the model reads as people's (ner_type_fixes.c): each one's key as
 * fahras_entity_key gives it for a PER and for its listed type. */
#define FH_NER_FIX_KEY 64
typedef struct fh_ner_type_fix {
    char per[FH_NER_FIX_KEY], key[FH_NER_FIX_KEY];
    uint8_t per_len, key_len, type;
} fh_ner_type_fix;
typedef struct fh_ner_type_fixes {
    fh_ner_type_fix *v;
    size_t n;
} fh_ner_type_fixes;
/* Built from tagger t's keys (t complete but for the fixes). */
int fh_ner_type_fixes_init(fh_ner_type_fixes *p, const fahras_tagger *t, fahras_error *err);
void fh_ner_type_fixes_free(fh_ner_type_fixes *p); /* NULL-safe */
/* The fix whose PER key is per_key[0..len), or NULL. */
const fh_ner_type_fix *fh_ner_type_fix_find(const fh_ner_type_fixes *p, const char *per_key, size_t len);
/* h (FNV-1a) after the lists, for the stamp. */
uint32_t fh_ner_type_fixes_stamp(uint32_t h);

#endif
