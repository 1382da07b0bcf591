/*
 * tagger.c - the named-entity tagger behind fahras_tag: decodes each
 * sentence with the model (ner.c), tags the other occurrences
 * of the names it found (ner_doc.c), turns BIO labels into spans, gives each span its canonical key, links "long name (ACRONYM)"
 * and "ACRONYM (long name)" within the text, applies the learned alias
 * table, and reports the spans in text order.
 *
 * Canonical key of an entity: the entity word form of each of its words
 * (normalized with the default profile; proclitics other than the article
 * removed, the article kept, so والتحالف and للتحالف give التحالف; لـ"قسد"
 * gives قسد) joined by one space; a leading descriptor (تنظيم, حركة,
 * جماعة, مدينة, بلدة, قرية, محافظة, ولاية, ريف (with a direction after the
 * name that agrees with it: الشرقي), and قوات before a word with
 * the article) is dropped from ORG and LOC names of two words or more;
 * then the alias table (models/ner/ner_aliases.c, learned from the news
 * corpora) maps the key to the form it stands for, and within one text a
 * name and its acronym in parentheses share one key.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fnv.h"
#include "internal.h"
#include "ner.h"

struct fahras_tagger {
    fh_ner_res res;
    fh_u32map descriptors; /* word hash -> DESC_* bits of the word lists below */
    fh_ner_trans trans;     /* the model's transitions, as the decoder reads them */
    fh_ner_type_fixes fixes; /* names read as people's (ner_type_fixes.c) */
    int corrections;         /* the fixes applied after decoding (fh_tagger_corrections) */
};

#define SEED_DESC 0x64657363u
#define SEED_NAME_END 0x656e6473u

static const char *const descriptor_words[] = {
    "تنظيم", "حركة", "جماعة", "مدينة", "بلدة", "قرية", "محافظة", "ولاية", "ريف",
};
static const char *const descriptor_before_article[] = {"قوات"};
/* what a descriptor must not leave alone: تنظيم الدولة is not الدولة */
static const char *const never_alone[] = {"الدولة", "الله", "الشعب", "الأمة", "المدينة"};
/* ريف دير الزور الشرقي is the eastern countryside of دير الزور: the
 * direction (masculine, agreeing with ريف) goes with the descriptor */
static const char *const countryside[] = {"ريف"};
static const char *const directions[] = {"الشرقي", "الغربي", "الشمالي", "الجنوبي"};
/* kinds of work: فيلم "الدائرة", برنامج «ألحقونا», بعنوان "كافيه ترانزيت" */
static const char *const work_kinds[] = {
    "فيلم", "كتاب", "رواية", "مسرحية", "أغنية", "ألبوم", "برنامج", "مسلسل", "عنوان", "ديوان", "قصيدة", "معرض", "لوحة",
};
/* A sports body: its head, then the sport after ل (الاتحاد الأوروبي لكرة
 * القدم, الجامعة الملكية المغربية لكرة القدم, الاتحاد الدولي للتنس) */
static const char *const sport_body_heads[] = {"اتحاد", "جامعة", "رابطة", "كونفدرالية"};
static const char *const sport_nouns[] = {"كرة", "ألعاب"}; /* each with a word of the next list */
static const char *const ball_sports[] = {"القدم", "السلة", "اليد", "الطائرة", "المضرب", "الماء", "القوى"};
static const char *const sports_after_l[] = {
    "التنس", "السباحة", "الجودو", "الملاكمة", "المصارعة", "الفروسية", "الجمباز", "الرماية", "الدراجات",
    "الشطرنج", "الكاراتيه", "التايكواندو", "الرجبي", "الهوكي", "الغولف", "الجولف", "الكريكيت", "الرياضات",
};
/* a competition named after the body: كأس الاتحاد الإنجليزي لكرة القدم */
static const char *const competitions[] = {"كأس", "كاس", "بطولة", "دوري"};

/* What a word of the lists is, as bits of t->descriptors. */
enum {
    DESC = 1,           /* a descriptor a name may drop from its key */
    DESC_BEFORE_AL = 2, /* a descriptor before ال only */
    DESC_NEVER_ALONE = 4,
    DESC_COUNTRYSIDE = 8,
    DESC_DIRECTION = 16, /* agrees with the countryside */
    DESC_WORK = 32,      /* a kind of work whose title may follow in quotes */
    DESC_SPORT_HEAD = 64,    /* heads a sports body */
    DESC_BALL = 128,         /* the kind of كرة: القدم, السلة */
    DESC_SPORT = 256,        /* a sport written with ل and the article: للتنس */
    DESC_COMPETITION = 512,  /* a cup or league a body's name may follow */
    DESC_SPORT_NOUN = 1024,  /* كرة, ألعاب: a sport with a word of DESC_BALL */
};

#define LIST(a) a, sizeof a / sizeof *a
/* The lists, each with its bit: read into t->descriptors when a tagger is
 * made, and part of the tagger's stamp. */
static const struct { const char *const *words; size_t n; uint32_t bit; } word_lists[] = {
    {LIST(descriptor_words), DESC},      {LIST(descriptor_before_article), DESC_BEFORE_AL},
    {LIST(never_alone), DESC_NEVER_ALONE}, {LIST(countryside), DESC_COUNTRYSIDE},
    {LIST(directions), DESC_DIRECTION},  {LIST(work_kinds), DESC_WORK},
    {LIST(sport_body_heads), DESC_SPORT_HEAD}, {LIST(sport_nouns), DESC_SPORT_NOUN},
    {LIST(ball_sports), DESC_BALL},
    {LIST(sports_after_l), DESC_SPORT},  {LIST(competitions), DESC_COMPETITION},
};
#undef LIST

typedef struct word_ctx { char w[FH_NER_STR]; size_t n; } word_ctx;

static int first_word_cb(void *ctx, fh_ner_tok *toks, size_t n)
{
    word_ctx *c = ctx;
    if (n && !c->n) {
        memcpy(c->w, toks[0].word, toks[0].word_len);
        c->n = toks[0].word_len;
    }
    return 0;
}

static int add_descriptors(fahras_tagger *t, const char *const *list, size_t n, uint32_t bit)
{
    for (size_t i = 0; i < n; i++) {
        word_ctx c = {{0}, 0};
        int rc = fh_ner_sentences(&t->res, list[i], strlen(list[i]), first_word_cb, &c, NULL);
        if (rc) return rc;
        uint32_t h = fh_ner_hash(SEED_DESC, c.w, c.n), old = 0;
        fh_u32map_get(&t->descriptors, h, &old);
        fh_u32map_put(&t->descriptors, h, old | bit);
    }
    return FAHRAS_OK;
}

fahras_tagger *fahras_tagger_new(const fahras_analyzer *an, fahras_error *err)
{
    fahras_tagger *t = calloc(1, sizeof *t);
    if (!t) {
        fh_set_error(err, FAHRAS_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    int utf8 = an ? fahras_analyzer_options(an)->utf8 : FAHRAS_UTF8_ERROR;
    if (fh_ner_res_init(&t->res, an, utf8, 1, err) != FAHRAS_OK) {
        free(t);
        return NULL;
    }
    int rc = fh_u32map_init(&t->descriptors, 32);
    for (size_t l = 0; l < sizeof word_lists / sizeof *word_lists && rc == FAHRAS_OK; l++)
        rc = add_descriptors(t, word_lists[l].words, word_lists[l].n, word_lists[l].bit);
    if (rc != FAHRAS_OK) {
        fahras_tagger_free(t);
        fh_set_error(err, FAHRAS_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    const fh_ner_model_data *md = &fh_ner_model;
    float trans[(FH_NER_LABELS + 1) * FH_NER_LABELS];
    for (size_t i = 0; i < (FH_NER_LABELS + 1) * FH_NER_LABELS; i++) trans[i] = md->trans[i];
    fh_ner_trans_init(&t->trans, trans);
    if (fh_ner_type_fixes_init(&t->fixes, t, err) != FAHRAS_OK) {
        fahras_tagger_free(t);
        return NULL;
    }
    t->corrections = 1;
    return t;
}

void fh_tagger_corrections(fahras_tagger *t, int on)
{
    if (t) t->corrections = on;
}

void fahras_tagger_free(fahras_tagger *t)
{
    if (!t) return;
    fh_ner_res_free(&t->res);
    fh_u32map_free(&t->descriptors);
    fh_ner_type_fixes_free(&t->fixes);
    free(t);
}

/* ------------------------------------------------------------------ */

/* The longest surname of several words a person's short name may be
 * (عبد الرحمن, بن عبد الله: person_parts). */
#define SURNAME_WORDS 3

typedef struct span_rec {
    int type;
    size_t start, end;
    size_t tok0, ntok;     /* first token (index in the text) and count */
    size_t key_off, key_len;
    const char *part_of;   /* a person's short name: the key of the one longer name of
                            * the text it is part of (person_parts), NULL: none */
    size_t part_of_len;
    unsigned paren;        /* 1: in parentheses */
    unsigned linked;       /* 1: paired with the span before it */
    unsigned given;        /* one word, a given name of the word lists */
    unsigned surname;      /* 2..SURNAME_WORDS words, the first عبد, أبو, بن (fh_ner_name_joins) */
} span_rec;

/* Scoring runs over SCORE_CHUNK tokens at a time: their features first,
 * then the feature table's slots and weight rows fetched ahead of use, so
 * the memory loads of many features overlap instead of following one
 * another (the tables are larger than the caches). */
#define SCORE_CHUNK 32

/* The summed weights of the value features of one tuple of values
 * (fh_ner_context_values): most tokens have one of a few tuples (a space
 * before and after, no gazetteer bits), so the sum of eight rows is
 * mostly one lookup.  Direct-mapped, 1,024 tuples; the sums are of integers, so a
 * remembered sum is the sum made anew. */
#define VALUE_MEMO_BITS 10
#define VALUE_MEMO (1 << VALUE_MEMO_BITS)
typedef struct value_memo {
    uint64_t lo, hi; /* the values packed; lo bit 63: taken */
    int32_t w[FH_NER_LABELS];
} value_memo;

/* A token kept between the passes: what is its occurrence's (where it is,
 * the gap before it) and its word's memo entry, which holds the rest pass
 * 2 reads (the word forms).  A few bytes a token instead of the tagger
 * token's hundreds: the copy is not written out to memory and read back. */
typedef struct kept_tok {
    size_t start, end;
    unsigned gap;
    uint32_t memo_ix; /* FH_NER_NO_WORD: the token after a sentence (its gap only) */
} kept_tok;

typedef struct doc {
    const fahras_tagger *t;
    fh_ner_memo *memo;     /* the words read: the caller's, or own (this text's) */
    fh_ner_memo own;
    span_rec *spans;
    size_t nspans, cap;
    char *pool;
    size_t pool_len, pool_cap;
    size_t ntok;           /* tokens seen before the current sentence */
    uint8_t *lab;          /* per token of the text: the decoded label, */
    uint32_t *wh;          /* the hash of its entity form (fh_ner_name_word) */
    uint8_t *wflags;       /* and FH_NER_NAME_ALONE, FH_NER_SENT_START */
    size_t nlab, labcap;
    fh_ner_names names;    /* the names decoded in the text */
    fh_ner_seen seen;      /* how each word was tagged so far (pass 1) */
    /* a short text's sentences as decoded, each followed by the token that
     * carries the gap after it, so the spans are made without reading the
     * text again; NULL once the text is longer than KEEP_TOKENS */
    kept_tok *kept;
    size_t nkept, kept_cap, *sent_len, nsent, sent_cap;
    int no_keep;
    fh_ner_tok *sent;      /* a kept sentence as pass 2 reads it (tag_kept): FH_NER_MAX_SENT + 1 */
    float emit[FH_NER_MAX_SENT * FH_NER_LABELS];
    float work[FH_NER_MAX_SENT * FH_NER_LABELS];
    uint8_t labels[FH_NER_MAX_SENT];
    value_memo vmemo[VALUE_MEMO];                 /* summed value weights (value_memo) */
    const fahras_tagger *vmemo_of;                /* the tagger they are of, NULL: none yet */
    uint32_t fh[SCORE_CHUNK * FH_NER_MAX_FEATS];   /* feature hashes of a chunk of tokens, */
    uint32_t frow[SCORE_CHUNK * FH_NER_MAX_FEATS]; /* their weight rows (NO_ROW: none), */
    size_t fend[SCORE_CHUNK];                     /* where each token's features end */
} doc;

static int pool_add(doc *d, const char *s, size_t n, size_t *off)
{
    if (d->pool_len + n + 1 > d->pool_cap) {
        size_t cap = d->pool_cap ? d->pool_cap : 1024;
        while (cap < d->pool_len + n + 1) cap *= 2;
        char *p = realloc(d->pool, cap);
        if (!p) return FAHRAS_ERR_NOMEM;
        d->pool = p;
        d->pool_cap = cap;
    }
    memcpy(d->pool + d->pool_len, s, n);
    *off = d->pool_len;
    d->pool_len += n;
    d->pool[d->pool_len++] = '\0';
    return FAHRAS_OK;
}

#define SCORE_AHEAD 16
#define NO_ROW UINT32_MAX

/* A token's nine label scores as they are summed: labels 0-3 and 4-7 in
 * two vectors, the last alone (a row added with two vector loads, not
 * gathered a label at a time). */
typedef int32_t v4i32 __attribute__((vector_size(16)));
typedef int16_t v4i16 __attribute__((vector_size(8)));
typedef struct scores {
    v4i32 lo, hi;
    int32_t last;
} scores;
_Static_assert(FH_NER_LABELS == 9, "scores holds nine labels");

static inline void add_row32(scores *a, const int32_t *w)
{
    v4i32 x, y;
    memcpy(&x, w, sizeof x);
    memcpy(&y, w + 4, sizeof y);
    a->lo += x;
    a->hi += y;
    a->last += w[8];
}

static inline void add_row16(scores *a, const int16_t *w)
{
    v4i16 x, y;
    memcpy(&x, w, sizeof x);
    memcpy(&y, w + 4, sizeof y);
    a->lo += __builtin_convertvector(x, v4i32);
    a->hi += __builtin_convertvector(y, v4i32);
    a->last += w[8];
}

/* The weights of token i's value features (ner.h) added to acc: a row of
 * the tagger's table for each kind, summed once per tuple of values. */
static void value_weights(const fh_ner_res *r, doc *d, const fh_ner_tok *toks, size_t n, size_t i, scores *acc)
{
    uint32_t v[FH_NER_VALUE_KINDS];
    fh_ner_context_values(toks, n, i, v);
    _Static_assert(FH_NER_GAP_VALUES <= 1u << 10 && FH_NER_GAZ_VALUES <= 1u << 11 && FH_NER_V_NONE <= 0xFFFFu,
                   "value_memo packs gap values in 10 bits, gazetteer values in 16");
    uint64_t lo = 1ull << 63, hi = 0;
    if (v[FH_NER_V_GAP_B] < FH_NER_GAP_VALUES && v[FH_NER_V_GAP_A] < FH_NER_GAP_VALUES &&
        v[FH_NER_V_GAZ] < FH_NER_GAZ_VALUES && v[FH_NER_V_GAZ_M1] <= 0xFFFFu && v[FH_NER_V_GAZ_P1] <= 0xFFFFu &&
        v[FH_NER_V_GAZ_M2] <= 0xFFFFu) {
        lo |= (uint64_t)v[FH_NER_V_GAP_B] | (uint64_t)v[FH_NER_V_GAP_A] << 10 | (uint64_t)v[FH_NER_V_GAZ] << 20 |
              (uint64_t)v[FH_NER_V_FIRST] << 31 | (uint64_t)v[FH_NER_V_LAST] << 32;
        hi = (uint64_t)v[FH_NER_V_GAZ_M1] | (uint64_t)v[FH_NER_V_GAZ_P1] << 16 | (uint64_t)v[FH_NER_V_GAZ_M2] << 32;
    } else {
        lo = 0; /* not packed: not remembered */
    }
    value_memo *e = NULL;
    if (lo) {
        uint64_t h = (lo ^ hi * 0x9E3779B97F4A7C15ull) * 0xC2B2AE3D27D4EB4Full;
        e = &d->vmemo[h >> (64 - VALUE_MEMO_BITS)];
        if (e->lo == lo && e->hi == hi) {
            add_row32(acc, e->w);
            return;
        }
    }
    int32_t sum[FH_NER_LABELS] = {0};
    for (int kind = 0; kind < FH_NER_VALUE_KINDS; kind++) {
        long row = fh_ner_value_row(kind, v[kind]);
        if (row < 0) {
            uint32_t f[FH_NER_MAX_FEATS];
            fh_ner_add_weights(r, f, fh_ner_value_features(kind, v[kind], f), sum);
            continue;
        }
        const int32_t *w = r->value_w[row];
        for (int l = 0; l < FH_NER_LABELS; l++) sum[l] += w[l];
    }
    add_row32(acc, sum);
    if (e) {
        e->lo = lo;
        e->hi = hi;
        memcpy(e->w, sum, sizeof sum);
    }
}

/* Emission scores of toks[lo..hi): the weights of each token's pair
 * features, looked up, plus those of its value features and of the word
 * features of it and its neighbours, summed once per value and once per
 * word in the memo. */
static void score_chunk(const fh_ner_res *r, doc *d, const fh_ner_tok *toks, size_t n, size_t lo, size_t hi)
{
    size_t m = 0;
    for (size_t i = lo; i < hi; i++) {
        m += fh_ner_pair_features(toks, n, i, d->fh + m);
        d->fend[i - lo] = m;
    }
    for (size_t k = 0; k < m && k < SCORE_AHEAD; k++) fh_ner_feat_prefetch(r, d->fh[k]);
    for (size_t k = 0; k < m; k++) {
        if (k + SCORE_AHEAD < m) fh_ner_feat_prefetch(r, d->fh[k + SCORE_AHEAD]);
        long at = fh_ner_feat_find(r, d->fh[k]);
        d->frow[k] = at < 0 ? NO_ROW : (uint32_t)at;
    }
    const fh_ner_word *words = d->memo->words;
    for (size_t i = lo, k = 0; i < hi; i++) {
        scores a = {{0, 0, 0, 0}, {0, 0, 0, 0}, 0};
        value_weights(r, d, toks, n, i, &a);
        for (int o = -FH_NER_REACH; o <= FH_NER_REACH; o++) {
            int in = o < 0 ? i >= (size_t)-o : i + (size_t)o < n;
            add_row32(&a, in ? words[toks[i + o].memo_ix].w[o + FH_NER_REACH] : r->edge[o + FH_NER_REACH]);
        }
        for (; k < d->fend[i - lo]; k++)
            if (d->frow[k] != NO_ROW) add_row16(&a, r->feats[d->frow[k]].w);
        float *e = d->emit + i * FH_NER_LABELS;
        for (int l = 0; l < 4; l++) {
            e[l] = (float)a.lo[l];
            e[4 + l] = (float)a.hi[l];
        }
        e[8] = (float)a.last;
    }
}

static void score_sentence(const fh_ner_res *r, doc *d, const fh_ner_tok *toks, size_t n)
{
    for (size_t lo = 0; lo < n; lo += SCORE_CHUNK)
        score_chunk(r, d, toks, n, lo, n - lo < SCORE_CHUNK ? n : lo + SCORE_CHUNK);
}

/* Whether the letters of acronym token a are the initials of successive
 * words of toks[lo..hi) (words may be skipped: في، و). */
static int initials_match(const fh_ner_tok *a, const fh_ner_tok *toks, size_t lo, size_t hi)
{
    if (a->type != FAHRAS_TOKEN_ARABIC || a->letters < 2 || a->letters > 6 || hi - lo < 2) return 0;
    const char *s = a->stem;
    size_t k = 0, w = lo;
    while (k + 1 < a->stem_len && w < hi) {
        const fh_ner_tok *t = &toks[w];
        if (t->stem_len >= 2 && !memcmp(t->stem, s + k, 2)) k += 2;
        w++;
    }
    return k + 1 >= a->stem_len;
}

/* The canonical key of toks[lo..hi) as an entity of type ty, before
 * aliases: word forms joined by spaces, a leading descriptor dropped. */
static int span_key(const fahras_tagger *t, doc *d, const fh_ner_tok *toks, size_t lo, size_t hi, int ty,
                    size_t *off, size_t *len)
{
    if (hi - lo >= 2 && (ty == FAHRAS_SPAN_ORG || ty == FAHRAS_SPAN_LOC)) {
        uint32_t f = 0, g = 0;
        fh_u32map_get(&t->descriptors, fh_ner_hash(SEED_DESC, toks[lo].word, toks[lo].word_len), &f);
        if (hi - lo == 2)
            fh_u32map_get(&t->descriptors, fh_ner_hash(SEED_DESC, toks[lo + 1].word, toks[lo + 1].word_len), &g);
        if (!(g & DESC_NEVER_ALONE) && !toks[lo].has_al &&
            ((f & DESC) || ((f & DESC_BEFORE_AL) && toks[lo + 1].has_al))) {
            lo++;
            uint32_t dir = 0;
            if ((f & DESC_COUNTRYSIDE) && hi - lo >= 2 &&
                fh_u32map_get(&t->descriptors, fh_ner_hash(SEED_DESC, toks[hi - 1].word, toks[hi - 1].word_len), &dir) &&
                (dir & DESC_DIRECTION))
                hi--;
        }
    }
    char buf[FH_NER_MAX_SENT * 8];
    size_t n = 0;
    for (size_t i = lo; i < hi; i++) {
        /* a first word whose first letter was read as a proclitic gets it
         * back where names are written with it (بايدن, لوكاس, بوروسيا;
         * a person's given name: كمال, بسام), and a person's later words
         * keep theirs (no proclitic falls inside a name: وائل كفوري) */
        const fh_ner_tok *w = &toks[i];
        size_t first = w->lead_whole ? w->lead_whole : ty == FAHRAS_SPAN_PER ? w->lead_name : 0;
        size_t glue = i == lo ? first : ty == FAHRAS_SPAN_PER ? w->lead_len : 0;
        if (n + glue + w->word_len + 1 > sizeof buf) break;
        if (n) buf[n++] = ' ';
        memcpy(buf + n, w->lead + w->lead_len - glue, glue);
        n += glue;
        memcpy(buf + n, w->word, w->word_len);
        n += w->word_len;
    }
    *len = n;
    return pool_add(d, buf, n, off);
}

/* السيدة الأولى ميلانيا ترامب: the second word of the first lady's title,
 * which the model takes into her name; no name begins with الأولى (a
 * correction: fh_tagger_corrections).  The word before a span is not read
 * here: pass 2 keeps no word forms of untagged tokens. */
static int first_lady_title(const fh_ner_tok *t)
{
    static const char first[] = "الاولي";
    return t->word_len == strlen(first) && !memcmp(t->word, first, strlen(first));
}

static int add_span(doc *d, const fh_ner_tok *toks, size_t lo, size_t hi, int ty)
{
    if (ty == FAHRAS_SPAN_PER && hi - lo >= 2 && d->t->corrections && first_lady_title(&toks[lo])) lo++;
    if (d->nspans == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 64;
        span_rec *p = realloc(d->spans, cap * sizeof *p);
        if (!p) return FAHRAS_ERR_NOMEM;
        d->spans = p;
        d->cap = cap;
    }
    span_rec *s = &d->spans[d->nspans];
    memset(s, 0, sizeof *s);
    s->type = ty;
    s->start = toks[lo].start;
    s->end = toks[hi - 1].end;
    s->tok0 = d->ntok + lo;
    s->ntok = hi - lo;
    s->paren = (toks[lo].gap & FH_GAP_OPEN) && (toks[hi].gap & FH_GAP_CLOSE);
    s->given = hi - lo == 1 && (toks[lo].gaz & FH_GAZ_FIRST);
    s->surname = hi - lo >= 2 && hi - lo <= SURNAME_WORDS && (toks[lo].name_flags & FH_NER_NAME_JOIN);
    int rc = span_key(d->t, d, toks, lo, hi, ty, &s->key_off, &s->key_len);
    if (rc) return rc;
    d->nspans++;
    /* "long name (ACRONYM)" / "ACRONYM (long name)": pair with the span just before */
    if (s->paren && d->nspans >= 2) {
        span_rec *p = &d->spans[d->nspans - 2];
        if (p->tok0 + p->ntok == s->tok0 && (p->ntok == 1) != (s->ntok == 1)) {
            int ok = p->type == s->type;
            if (!ok && s->ntok == 1) ok = initials_match(&toks[lo], toks, p->tok0 - d->ntok, lo);
            if (ok && p->tok0 >= d->ntok) s->linked = 1;
        }
    }
    return FAHRAS_OK;
}

/* Known names of people and organisations of two words or more (the
 * gazetteer) that no decoded entity crosses become one entity of their
 * type: قوات سوريا الديمقراطية, not سوريا alone.  Not places: the model
 * already tags them whole where the news does (مكة, not مكة المكرمة; 5-fold
 * cross-validation over ANERcorp's train part, F1 77.69 -> 78.08 without). */
static void known_names(const fh_ner_tok *toks, size_t n, uint8_t *labels)
{
    static const unsigned bit_b[3] = {0, FH_GAZ_PER_B, FH_GAZ_ORG_B};
    _Static_assert(FAHRAS_SPAN_PER == 1 && FAHRAS_SPAN_ORG == 2, "bit_b is indexed by span type");
    for (size_t i = 0; i < n; i++) {
        for (int ty = 1; ty <= 2; ty++) {
            unsigned b = bit_b[ty], in = b << 1;
            if (!(toks[i].gaz & b)) continue;
            size_t j = i + 1;
            while (j < n && (toks[j].gaz & in) && !(toks[j].gaz & b)) j++;
            if (j - i < 2) continue;
            /* no entity may start before the name and go on into it, or
             * start inside it and go on after it */
            int crossed = (labels[i] != FH_NER_O && !FH_NER_IS_B(labels[i])) ||
                          (j < n && labels[j] != FH_NER_O && !FH_NER_IS_B(labels[j]));
            if (crossed) continue;
            labels[i] = (uint8_t)(2 * ty - 1);
            for (size_t k = i + 1; k < j; k++) labels[k] = (uint8_t)(2 * ty);
            i = j - 1;
            break;
        }
    }
}

/* The DESC_* bits of tok's word form, and of its stem after ال (الفيلم
 * is فيلم). */
static uint32_t list_bits(const fahras_tagger *t, const fh_ner_tok *tok)
{
    uint32_t f = 0, g = 0;
    fh_u32map_get(&t->descriptors, fh_ner_hash(SEED_DESC, tok->word, tok->word_len), &f);
    if (tok->has_al) fh_u32map_get(&t->descriptors, fh_ner_hash(SEED_DESC, tok->stem, tok->stem_len), &g);
    return f | g;
}

static int is_descriptor(const fahras_tagger *t, const fh_ner_tok *tok)
{
    return (list_bits(t, tok) & (DESC | DESC_BEFORE_AL)) != 0;
}

/* Whether labels[i] begins a name of one word. */
static int one_word_name(const uint8_t *labels, size_t n, size_t i)
{
    return FH_NER_IS_B(labels[i]) && !(i + 1 < n && labels[i + 1] == labels[i] + 1);
}

/* A descriptor alone is no name: تنظيم tagged on its own before “داعش”
 * joins the name after it; alone it is dropped. */
static void descriptors_alone(const fahras_tagger *t, const fh_ner_tok *toks, size_t n, uint8_t *labels)
{
    for (size_t i = 0; i < n; i++) {
        if (!one_word_name(labels, n, i)) continue;
        if (!is_descriptor(t, &toks[i])) continue;
        if (i + 1 < n && FH_NER_IS_B(labels[i + 1]) && FH_NER_TYPE(labels[i + 1]) != FAHRAS_SPAN_PER) {
            labels[i] = labels[i + 1];
            labels[i + 1] = (uint8_t)(labels[i + 1] + 1);
        } else {
            labels[i] = FH_NER_O;
        }
    }
}

/* The longest title a quote after a kind of work is read as, in words. */
#define WORK_TITLE_MAX 10

/* A title in quotes right after a kind of work is the work's name, MISC
 * as ANERcorp tags it, where the model tagged none of its words: فيلم
 * "الدائرة", رواية "أولاد حارتنا".  toks[n] holds the gap after the
 * sentence (its closing quote). */
static void titles_in_quotes(const fahras_tagger *t, const fh_ner_tok *toks, size_t n, uint8_t *labels)
{
    for (size_t i = 0; i + 1 < n; i++) {
        size_t j = i + 1, k = j + 1;
        /* only a quote opens right after the kind of work (فيلم, الفيلم, وفيلم) */
        if (toks[j].gap != FH_GAP_QUOTE || !toks[j].in_quote || !(list_bits(t, &toks[i]) & DESC_WORK))
            continue;
        while (k < n && k - j < WORK_TITLE_MAX && !(toks[k].gap & (FH_GAP_QUOTE | FH_GAP_SENT | FH_GAP_LINE)))
            k++;
        if (!(toks[k].gap & FH_GAP_QUOTE)) continue; /* no closing quote near */
        int tagged = 0;
        for (size_t m = j; m < k; m++) tagged |= labels[m] != FH_NER_O;
        if (tagged) continue;
        labels[j] = (uint8_t)(2 * FAHRAS_SPAN_MISC - 1);
        for (size_t m = j + 1; m < k; m++) labels[m] = (uint8_t)(2 * FAHRAS_SPAN_MISC);
        i = k - 1;
    }
}

/* A word written after the preposition ل alone (لكرة, للتنس). */
static int after_lam(const fh_ner_tok *w)
{
    return w->l_al || (w->lead_len == 2 && !memcmp(w->lead, "\xD9\x84", 2));
}

/* The words of a sport after a sports body's head at toks[i], with ل
 * before it (لكرة القدم, للتنس, لألعاب القوى): the index after them, or 0. */
static size_t sport_after(const fahras_tagger *t, const fh_ner_tok *toks, size_t n, size_t i)
{
    const fh_ner_tok *w = &toks[i];
    if (w->gap || w->type != FAHRAS_TOKEN_ARABIC || !after_lam(w)) return 0;
    uint32_t bits = list_bits(t, w);
    if (w->l_al) return (bits & DESC_SPORT) ? i + 1 : 0;
    if (!(bits & DESC_SPORT_NOUN) || i + 1 >= n || toks[i + 1].gap || toks[i + 1].lead_len) return 0;
    return (list_bits(t, &toks[i + 1]) & DESC_BALL) ? i + 2 : 0;
}

/* The longest run of words between a sports body's head and its sport. */
#define SPORT_BODY_WORDS 3

/* A sports body is one organisation with its sport: the model, which
 * learned few of them, tags الاتحاد الأوروبي of الاتحاد الأوروبي لكرة
 * القدم (the European Union's name, where UEFA is meant) and leaves the
 * national federations untagged.  A head, one to three words with no
 * proclitic or mark between them, then ل and a sport make one ORG, as
 * ANERcorp tags الاتحاد الدولي لكرة القدم; not inside a longer name, nor
 * after a cup's or a league's word (كأس الاتحاد ..., the competition). */
static void sports_bodies(const fahras_tagger *t, const fh_ner_tok *toks, size_t n, uint8_t *labels)
{
    /* from the sport back to the head: a word after ل is rare, a head's
     * lookup is not free */
    for (size_t k = 2; k < n; k++) {
        if (!after_lam(&toks[k])) continue;
        size_t end = sport_after(t, toks, n, k), head = k;
        for (size_t i = k - 1; end && i-- > 0 && k - i <= 1 + SPORT_BODY_WORDS;) {
            const fh_ner_tok *last = &toks[i + 1]; /* the first word between */
            if (last->gap || last->lead_len || last->type != FAHRAS_TOKEN_ARABIC) break;
            if (list_bits(t, &toks[i]) & DESC_SPORT_HEAD) {
                head = i;
                break;
            }
        }
        if (head == k || (labels[head] != FH_NER_O && !FH_NER_IS_B(labels[head]))) continue;
        if (head && !toks[head].gap && (list_bits(t, &toks[head - 1]) & DESC_COMPETITION)) continue;
        int org_b = 2 * FAHRAS_SPAN_ORG - 1;
        labels[head] = (uint8_t)org_b;
        for (size_t m = head + 1; m < end; m++) labels[m] = (uint8_t)(org_b + 1);
        /* a name the model ran on past the sport begins anew there */
        if (end < n && labels[end] != FH_NER_O && !FH_NER_IS_B(labels[end])) labels[end] = (uint8_t)(labels[end] - 1);
        k = end - 1;
    }
}

/* What the values' word list makes of a token's word form (its
 * proclitics other than ال removed; norm is not kept in the memo). */
static int value_word(const fh_ner_tok *tok)
{
    return tok->type == FAHRAS_TOKEN_ARABIC ? fh_value_word_kind(tok->word, tok->word_len) : FH_VALUE_WORD_NONE;
}

/* Digits, or a number word (ألف، وألف، مليوني). */
static int is_number(const fh_ner_tok *tok)
{
    return tok->type == FAHRAS_TOKEN_NUMBER || value_word(tok) == FH_VALUE_WORD_NUMBER;
}

/* A measure right after a number is its unit: ريال in 3 آلاف ريال is the
 * currency, not the club of the word lists, and is tagged as the model
 * tags دولار there (MISC, as ANERcorp does); مارك and ين are no people
 * there either. */
static void units_after_numbers(const fh_ner_tok *toks, size_t n, uint8_t *labels)
{
    for (size_t i = 1; i < n; i++) {
        if (!one_word_name(labels, n, i) || FH_NER_TYPE(labels[i]) == FAHRAS_SPAN_MISC) continue;
        if (toks[i].gap || toks[i].pre_len || value_word(&toks[i]) != FH_VALUE_WORD_MEASURE ||
            !is_number(&toks[i - 1]))
            continue;
        labels[i] = (uint8_t)(2 * FAHRAS_SPAN_MISC - 1);
    }
}

/* A month's name where it names the month: after شهر or a day's number,
 * or before a year (شهر رمضان، 14 نيسان، أيار 2021). */
static int month_in_date(const fh_ner_tok *toks, size_t n, size_t i)
{
    static const char month_word[] = "\xD8\xB4\xD9\x87\xD8\xB1"; /* شهر */
    const fh_ner_tok *p = i ? &toks[i - 1] : NULL, *q = i + 1 < n ? &toks[i + 1] : NULL;
    /* the context first: it is cheap, the word list's lookup is not */
    int context = (p && !toks[i].gap &&
                   (p->type == FAHRAS_TOKEN_NUMBER ||
                    (p->word_len == sizeof month_word - 1 && !memcmp(p->word, month_word, p->word_len)))) ||
                  (q && !q->gap && q->type == FAHRAS_TOKEN_NUMBER && q->end - q->start == 4);
    return context && value_word(&toks[i]) == FH_VALUE_WORD_MONTH;
}

/* A month where it names the month is no name of its own: not tagged
 * alone by the model (شهر رمضان), nor by the names of the text (رمضان of
 * محمد رمضان, the actor, in the same article): its flags lose
 * FH_NER_NAME_ALONE. */
static void months_in_dates(const fh_ner_tok *toks, size_t n, uint8_t *labels, uint8_t *flags)
{
    for (size_t i = 0; i < n; i++) {
        if (!month_in_date(toks, n, i)) continue;
        flags[i] &= (uint8_t)~FH_NER_NAME_ALONE;
        if (one_word_name(labels, n, i)) labels[i] = FH_NER_O;
    }
}

/* Tokens of a text kept between the passes, at most (kept_tok: 24 bytes
 * each); a longer text is read through the analyzer again. */
#define KEEP_TOKENS 8192

static void drop_kept(doc *d)
{
    free(d->kept);
    free(d->sent_len);
    d->kept = NULL;
    d->sent_len = NULL;
    d->kept_cap = d->sent_cap = 0;
    d->no_keep = 1;
}

/* Keep toks[0..n] (the sentence and the token after it, which holds the
 * gap that follows); on a long text, a token outside the memo or out of
 * memory, keep nothing. */
static void keep_sentence(doc *d, const fh_ner_tok *toks, size_t n)
{
    int in_memo = 1;
    for (size_t i = 0; i < n; i++) in_memo &= toks[i].memo_ix != FH_NER_NO_WORD;
    if (d->nkept + n + 1 > KEEP_TOKENS || !in_memo) {
        drop_kept(d);
        return;
    }
    if (d->nkept + n + 1 > d->kept_cap) {
        size_t cap = d->kept_cap ? 2 * d->kept_cap : 256;
        while (cap < d->nkept + n + 1) cap *= 2;
        if (cap > KEEP_TOKENS) cap = KEEP_TOKENS;
        kept_tok *p = realloc(d->kept, cap * sizeof *p);
        if (!p) {
            drop_kept(d);
            return;
        }
        d->kept = p;
        d->kept_cap = cap;
    }
    if (d->nsent == d->sent_cap) {
        size_t cap = d->sent_cap ? 2 * d->sent_cap : 32;
        size_t *p = realloc(d->sent_len, cap * sizeof *p);
        if (!p) {
            drop_kept(d);
            return;
        }
        d->sent_len = p;
        d->sent_cap = cap;
    }
    for (size_t i = 0; i <= n; i++) {
        kept_tok *k = &d->kept[d->nkept + i];
        k->start = toks[i].start;
        k->end = toks[i].end;
        k->gap = toks[i].gap;
        k->memo_ix = i < n ? toks[i].memo_ix : FH_NER_NO_WORD;
    }
    d->nkept += n + 1;
    d->sent_len[d->nsent++] = n;
}

/* Pass 1: decode a sentence, keep its labels and record its names. */
static int decode_sentence(void *ctx, fh_ner_tok *toks, size_t n)
{
    doc *d = ctx;
    const fahras_tagger *t = d->t;
    fh_ner_seen_mark(&d->seen, toks, n);
    score_sentence(&t->res, d, toks, n);
    fh_ner_viterbi_trans(d->emit, &t->trans, n, d->work, d->labels);
    if (fh_ner_seen_learn(&d->seen, toks, n, d->labels) != FAHRAS_OK) return FAHRAS_ERR_NOMEM;
    known_names(toks, n, d->labels);
    descriptors_alone(t, toks, n, d->labels);
    units_after_numbers(toks, n, d->labels);
    titles_in_quotes(t, toks, n, d->labels);
    sports_bodies(t, toks, n, d->labels);
    if (d->nlab + n > d->labcap) {
        size_t cap = d->labcap ? 2 * d->labcap : 1024;
        while (cap < d->nlab + n) cap *= 2;
        uint8_t *p = realloc(d->lab, cap), *q = p ? realloc(d->wflags, cap) : NULL;
        if (p) d->lab = p;
        if (q) d->wflags = q;
        uint32_t *h = q ? realloc(d->wh, cap * sizeof *h) : NULL;
        if (!h) return FAHRAS_ERR_NOMEM;
        d->wh = h;
        d->labcap = cap;
    }
    for (size_t i = 0; i < n; i++) {
        d->wh[d->nlab + i] = toks[i].name_word;
        d->wflags[d->nlab + i] = (uint8_t)(toks[i].name_flags | (i == 0 ? FH_NER_SENT_START : 0));
    }
    months_in_dates(toks, n, d->labels, d->wflags + d->nlab);
    memcpy(d->lab + d->nlab, d->labels, n);
    int rc = fh_ner_names_learn(&d->names, d->wh + d->nlab, d->wflags + d->nlab, n, d->labels);
    d->nlab += n;
    if (rc == FAHRAS_OK && !d->no_keep) keep_sentence(d, toks, n);
    return rc;
}

/* Pass 2: the labels of pass 1, names tagged elsewhere in the text tagged
 * here too (their occurrences counted between the passes), into
 * d->labels. */
static void sentence_labels(doc *d, size_t n)
{
    memcpy(d->labels, d->lab + d->ntok, n);
    fh_ner_names_apply(&d->names, d->wh + d->ntok, d->wflags + d->ntok, n, d->labels);
}

/* Pass 2: the labels of the sentence toks[0..n) made into spans.  Of a
 * token labelled O only the place and gap are read, and its word forms
 * only when a parenthesis opens before it (an acronym after a name). */
static int sentence_spans(doc *d, const fh_ner_tok *toks, size_t n)
{
    int rc = FAHRAS_OK;
    for (size_t i = 0; i < n && rc == FAHRAS_OK;) {
        int l = d->labels[i];
        if (l == FH_NER_O) {
            /* an untagged acronym in parentheses right after a name it abbreviates */
            size_t last = d->nspans ? d->spans[d->nspans - 1].tok0 + d->spans[d->nspans - 1].ntok : 0;
            if (d->nspans && last == d->ntok + i && (toks[i].gap & FH_GAP_OPEN) &&
                (toks[i + 1].gap & FH_GAP_CLOSE)) {
                span_rec *p = &d->spans[d->nspans - 1];
                if (p->tok0 >= d->ntok && p->ntok >= 2 &&
                    initials_match(&toks[i], toks, p->tok0 - d->ntok, i))
                    rc = add_span(d, toks, i, i + 1, p->type);
            }
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < n && d->labels[j] == l + (FH_NER_IS_B(l) ? 1 : 0)) j++;
        rc = add_span(d, toks, i, j, FH_NER_TYPE(l));
        i = j;
    }
    d->ntok += n;
    return rc;
}

/* Pass 2 over a sentence read again from the text. */
static int tag_sentence(void *ctx, fh_ner_tok *toks, size_t n)
{
    doc *d = ctx;
    if (d->ntok + n > d->nlab) return FAHRAS_ERR_ARG; /* never: the text reads the same twice */
    sentence_labels(d, n);
    return sentence_spans(d, toks, n);
}

/* Pass 2 over a kept sentence k[0..n]: the tokens sentence_spans reads
 * made again in d->sent, their word forms from the memo. */
static int tag_kept(doc *d, const kept_tok *k, size_t n)
{
    if (d->ntok + n > d->nlab) return FAHRAS_ERR_ARG;
    if (!d->sent && !(d->sent = malloc((FH_NER_MAX_SENT + 1) * sizeof *d->sent))) return FAHRAS_ERR_NOMEM;
    sentence_labels(d, n);
    for (size_t i = 0; i <= n; i++) {
        fh_ner_tok *t = &d->sent[i];
        if (i < n && (d->labels[i] != FH_NER_O || (k[i].gap & FH_GAP_OPEN)))
            memcpy((char *)t + FH_NER_WORD_TOK_AT, d->memo->words[k[i].memo_ix].tok, FH_NER_WORD_TOK);
        t->start = k[i].start;
        t->end = k[i].end;
        t->gap = k[i].gap;
    }
    return sentence_spans(d, d->sent, n);
}

/* The alias table's target for key, or NULL. */
static const char *alias_of(const char *key, size_t len)
{
    const fh_ner_alias_data *a = &fh_ner_aliases;
    size_t lo = 0, hi = a->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *f = a->from[mid];
        int c = strncmp(f, key, len);
        if (c == 0 && f[len] != '\0') c = 1;
        if (c == 0) return a->to[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

/* The key a span resolves to without the text's links: its alias, or
 * its own. */
static const char *alias_or_key(const doc *d, const span_rec *s, size_t *len)
{
    const char *key = d->pool + s->key_off, *to = alias_of(key, s->key_len);
    *len = to ? strlen(to) : s->key_len;
    return to ? to : key;
}

/* The first word, or one of the last words, of a longer person's name of
 * the text. */
typedef struct name_end { uint32_t hash; size_t span; } name_end;

static int cmp_name_end(const void *x, const void *y)
{
    const name_end *a = x, *b = y;
    if (a->hash != b->hash) return a->hash < b->hash ? -1 : 1;
    return a->span < b->span ? -1 : a->span > b->span;
}

/* Whether key k (k_len bytes) begins key l (first), or ends it (last); a
 * surname of several words not after بن (عبد العزيز of سلمان بن عبد العزيز
 * is his father; ستيلر of بن ستيلر is Ben Stiller). */
static int part_of_name(const char *k, size_t k_len, const char *l, size_t l_len, int first, int last)
{
    if (k_len >= l_len) return 0;
    if (first && l[k_len] == ' ' && !memcmp(l, k, k_len)) return 1;
    size_t at = l_len - k_len; /* where k would begin in l */
    if (!last || l[at - 1] != ' ' || memcmp(l + at, k, k_len)) return 0;
    static const char ibn[] = "بن";
    size_t n = sizeof ibn - 1;
    return !memchr(k, ' ', k_len) ||
           !(at - 1 >= n && !memcmp(l + at - 1 - n, ibn, n) && (at - 1 == n || l[at - 2 - n] == ' '));
}

/* A person named by a short name and by a longer name in the same text is
 * one person: the short name takes the longer name's key (or its alias)
 * where one longer name of the text, and only one, begins or ends with it.
 * The short name is one word (أحمد الكعبي, then الكعبي; كيم جونغ أون, then
 * كيم: كونتي is أنطونيو كونتي in one text, جوزيبي كونتي in another) or a
 * surname of up to SURNAME_WORDS words that begins with عبد, أبو or بن
 * (رامي عبد الرحمن, then عبد الرحمن; مهدي بن غربية, then بن غربية), which
 * only ends a name.  A name the alias table maps keeps its alias: the
 * corpus says whom it names alone (ترامب is دونالد ترامب in a text about
 * إيفانكا ترامب too), and a longer span the model ran on past the name
 * (صلاح الدراماتيكي) would take it from him.  A given name of the word
 * lists alone only begins a name (علي of محمد علي may be another علي;
 * كيم, جمال, نيمار). */
static int person_parts(doc *d)
{
    size_t n = 0, m = 0;
    for (size_t i = 0; i < d->nspans; i++)
        n += d->spans[i].type == FAHRAS_SPAN_PER && d->spans[i].ntok > 1 ? 1 + SURNAME_WORDS : 0;
    if (!n) return FAHRAS_OK;
    name_end *e = malloc(n * sizeof *e);
    if (!e) return FAHRAS_ERR_NOMEM;
    for (size_t i = 0; i < d->nspans; i++) {
        const span_rec *s = &d->spans[i];
        if (s->type != FAHRAS_SPAN_PER || s->ntok < 2) continue;
        const char *k = d->pool + s->key_off, *end = k + s->key_len, *sp = memchr(k, ' ', s->key_len);
        if (!sp) continue; /* a key cut short to one word */
        e[m++] = (name_end){fh_ner_hash(SEED_NAME_END, k, (size_t)(sp - k)), i};
        /* the last one, two and three words, each after a space */
        const char *p = end;
        for (int w = 0; w < SURNAME_WORDS && p > sp; w++) {
            do p--; while (*p != ' ');
            e[m++] = (name_end){fh_ner_hash(SEED_NAME_END, p + 1, (size_t)(end - p - 1)), i};
        }
    }
    qsort(e, m, sizeof *e, cmp_name_end);
    for (size_t j = 0; j < d->nspans; j++) {
        span_rec *s = &d->spans[j];
        if (s->type != FAHRAS_SPAN_PER || s->linked || (s->ntok > 1 && !s->surname)) continue;
        const char *k = d->pool + s->key_off;
        if (alias_of(k, s->key_len)) continue;
        uint32_t h = fh_ner_hash(SEED_NAME_END, k, s->key_len);
        size_t lo = 0, hi = m;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (e[mid].hash < h) lo = mid + 1;
            else hi = mid;
        }
        const char *to = NULL;
        size_t to_len = 0;
        int one = 1, first = s->ntok == 1, last = s->ntok > 1 || !s->given;
        for (size_t x = lo; x < m && e[x].hash == h && one; x++) {
            const span_rec *l = &d->spans[e[x].span];
            if (!part_of_name(k, s->key_len, d->pool + l->key_off, l->key_len, first, last)) continue;
            size_t len;
            const char *r = alias_or_key(d, l, &len);
            if (!to) to = r, to_len = len;
            else one = len == to_len && !memcmp(r, to, len);
        }
        if (to && one) s->part_of = to, s->part_of_len = to_len;
    }
    free(e);
    return FAHRAS_OK;
}

typedef struct link { size_t from_off, from_len; const char *to; size_t to_len; } link;

/* Resolve keys: pairs linked within the text share the key of the long
 * form (or the alias either form has); every other key goes through the
 * alias table. */
static int resolve(doc *d, link **out, size_t *nout)
{
    size_t nl = 0;
    for (size_t i = 0; i < d->nspans; i++) nl += d->spans[i].linked ? 2 : 0;
    link *links = nl ? calloc(nl, sizeof *links) : NULL;
    if (nl && !links) return FAHRAS_ERR_NOMEM;
    size_t k = 0;
    for (size_t i = 1; i < d->nspans; i++) {
        span_rec *s = &d->spans[i], *p = &d->spans[i - 1];
        if (!s->linked) continue;
        span_rec *lng = s->ntok > 1 ? s : p, *acr = s->ntok > 1 ? p : s;
        const char *lk = d->pool + lng->key_off, *ak = d->pool + acr->key_off;
        const char *to = alias_of(lk, lng->key_len);
        if (!to) to = alias_of(ak, acr->key_len);
        if (!to) to = lk;
        size_t to_len = strlen(to);
        links[k++] = (link){acr->key_off, acr->key_len, to, to_len};
        links[k++] = (link){lng->key_off, lng->key_len, to, to_len};
    }
    *out = links;
    *nout = k;
    return FAHRAS_OK;
}

/* The sentences of the text, from the tokens given (toks non-NULL) or
 * through the tagger's analyzer. */
typedef struct source {
    const char *text;
    size_t len;
    const fahras_token *toks;
    size_t ntoks;
} source;

static int read_sentences(const fahras_tagger *t, const source *src, fh_ner_sent_fn fn, doc *d,
                          fahras_error *err)
{
    return fh_ner_sentences_memo(&t->res, d->memo, src->text, src->len, src->toks, src->ntoks, fn, d, err);
}

struct fahras_tag_memo {
    fh_ner_memo m;
    const fahras_tagger *t; /* the tagger it last served */
    doc *spare;             /* the last text's workspace: its buffers serve the next text (no
                               allocation and no fresh pages a text) */
};

static void doc_free(doc *d)
{
    if (!d) return;
    free(d->spans);
    free(d->pool);
    free(d->lab);
    free(d->wh);
    free(d->wflags);
    free(d->kept);
    free(d->sent_len);
    free(d->sent);
    fh_ner_names_free(&d->names);
    fh_ner_seen_free(&d->seen);
    fh_ner_memo_free(&d->own);
    free(d);
}

/* A workspace for a text: the memo's spare one emptied (its buffers
 * kept), else a new one. */
static doc *doc_take(fahras_tag_memo *memo)
{
    doc *d = memo ? memo->spare : NULL;
    if (!d) return calloc(1, sizeof(doc));
    memo->spare = NULL;
    fh_ner_names_free(&d->names);
    fh_ner_seen_clear(&d->seen);
    d->nspans = d->pool_len = d->ntok = d->nlab = d->nkept = d->nsent = 0;
    d->no_keep = 0;
    return d;
}

/* Done with d: kept as the memo's spare, else freed. */
static void doc_give(fahras_tag_memo *memo, doc *d)
{
    if (memo && !memo->spare) memo->spare = d;
    else doc_free(d);
}

/* Words a fahras_tag_memo keeps between texts (about 470 bytes each): a
 * news vocabulary's first 65,536 words take in most of its running words;
 * at half that, a fifth of the words tagged anew were ones it had let go. */
#define MEMO_KEEP_WORDS 65536

static int tag_text(const fahras_tagger *t, fahras_tag_memo *memo, const source *src, fahras_span_fn fn,
                    void *ctx, fahras_error *err)
{
    doc *d = doc_take(memo);
    if (!d) return fh_set_error(err, FAHRAS_ERR_NOMEM, 0, "out of memory");
    d->t = t;
    if (d->vmemo_of != t) { /* sums of another tagger's weights (none in a new workspace) */
        if (d->vmemo_of) memset(d->vmemo, 0, sizeof d->vmemo);
        d->vmemo_of = t;
    }
    if (memo) {
        if (memo->t != t) memo->m.keep = 0; /* another tagger's words: forgotten */
        fh_ner_memo_start(&memo->m);
        memo->m.keep = MEMO_KEEP_WORDS;
        memo->t = t;
        d->memo = &memo->m;
    } else if (fh_ner_memo_init(&d->own, 0) == FAHRAS_OK) {
        d->memo = &d->own;
    } else {
        free(d);
        return fh_set_error(err, FAHRAS_ERR_NOMEM, 0, "out of memory");
    }
    int rc = read_sentences(t, src, decode_sentence, d, err);
    if (rc == FAHRAS_OK) {
        fh_ner_names_count(&d->names, d->wh, d->wflags, d->nlab);
        if (d->no_keep) {
            rc = read_sentences(t, src, tag_sentence, d, err);
        } else {
            for (size_t i = 0, off = 0; i < d->nsent && rc == FAHRAS_OK; off += d->sent_len[i++] + 1)
                rc = tag_kept(d, d->kept + off, d->sent_len[i]);
            if (rc) fh_set_error(err, rc, 0, "%s", fahras_strerror(rc));
        }
    }
    link *links = NULL;
    size_t nlinks = 0;
    if (rc == FAHRAS_OK && ((rc = resolve(d, &links, &nlinks)) != FAHRAS_OK || (rc = person_parts(d)) != FAHRAS_OK))
        fh_set_error(err, rc, 0, "out of memory");
    for (size_t i = 0; rc == FAHRAS_OK && i < d->nspans; i++) {
        const span_rec *s = &d->spans[i];
        const char *key = d->pool + s->key_off;
        size_t key_len = s->key_len;
        const char *to = NULL;
        size_t to_len = 0;
        for (size_t k = 0; k < nlinks && !to; k++) {
            if (links[k].from_len == key_len && !memcmp(d->pool + links[k].from_off, key, key_len)) {
                to = links[k].to;
                to_len = links[k].to_len;
            }
        }
        if (!to && s->part_of) to = s->part_of, to_len = s->part_of_len;
        if (!to) to = alias_or_key(d, s, &to_len);
        fahras_span sp;
        memset(&sp, 0, sizeof sp);
        sp.type = s->type;
        /* بن قردان, ليستر سيتي: a place or a club the model reads as a person */
        const fh_ner_type_fix *fix = s->type == FAHRAS_SPAN_PER && t->corrections
                                         ? fh_ner_type_fix_find(&t->fixes, key, key_len)
                                         : NULL;
        if (fix) {
            sp.type = fix->type;
            to = fix->key;
            to_len = fix->key_len;
        }
        sp.start = s->start;
        sp.end = s->end;
        sp.key = to;
        sp.key_len = to_len;
        sp.value = sp.unit = sp.hijri = "";
        if (fn(ctx, &sp)) rc = fh_set_error(err, FAHRAS_ERR_ABORTED, s->start, "stopped by the span callback");
    }
    free(links);
    doc_give(memo, d);
    return rc;
}

int fahras_tag(const fahras_tagger *t, const char *text, size_t len, fahras_span_fn fn, void *ctx,
               fahras_error *err)
{
    return fahras_tag_text_memo(t, NULL, text, len, fn, ctx, err);
}

int fahras_tag_text_memo(const fahras_tagger *t, fahras_tag_memo *memo, const char *text, size_t len,
                         fahras_span_fn fn, void *ctx, fahras_error *err)
{
    if (!t || (!text && len) || !fn) return fh_set_error(err, FAHRAS_ERR_ARG, 0, "fahras_tag: NULL argument");
    if (len > FAHRAS_MAX_INPUT)
        return fh_set_error(err, FAHRAS_ERR_LIMIT, 0, "input of %zu bytes exceeds the limit", len);
    source src = {text, len, NULL, 0};
    return tag_text(t, memo, &src, fn, ctx, err);
}

int fahras_tagger_reads(const fahras_tagger *t, const fahras_analyzer *an)
{
    if (!t || !an) return 0;
    const fahras_options *a = fahras_analyzer_options(t->res.an), *b = fahras_analyzer_options(an);
    return a->norm == b->norm && a->stem == b->stem && a->utf8 == b->utf8 &&
           a->hashtag_parts == b->hashtag_parts;
}

fahras_tag_memo *fahras_tag_memo_new(fahras_error *err)
{
    fahras_tag_memo *m = calloc(1, sizeof *m);
    if (!m || fh_ner_memo_init(&m->m, MEMO_KEEP_WORDS) != FAHRAS_OK) {
        free(m);
        fh_set_error(err, FAHRAS_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    return m;
}

void fahras_tag_memo_free(fahras_tag_memo *m)
{
    if (!m) return;
    fh_ner_memo_free(&m->m);
    doc_free(m->spare);
    free(m);
}

int fahras_tag_tokens(const fahras_tagger *t, const char *text, size_t len, const fahras_token *toks,
                      size_t ntoks, fahras_span_fn fn, void *ctx, fahras_error *err)
{
    return fahras_tag_tokens_memo(t, NULL, text, len, toks, ntoks, fn, ctx, err);
}

int fahras_tag_tokens_memo(const fahras_tagger *t, fahras_tag_memo *memo, const char *text, size_t len,
                           const fahras_token *toks, size_t ntoks, fahras_span_fn fn, void *ctx,
                           fahras_error *err)
{
    if (!t || (!text && len) || (!toks && ntoks) || !fn)
        return fh_set_error(err, FAHRAS_ERR_ARG, 0, "fahras_tag_tokens: NULL argument");
    if (len > FAHRAS_MAX_INPUT)
        return fh_set_error(err, FAHRAS_ERR_LIMIT, 0, "input of %zu bytes exceeds the limit", len);
    for (size_t i = 0; i < ntoks; i++)
        if (toks[i].start > toks[i].end || toks[i].end > len)
            return fh_set_error(err, FAHRAS_ERR_ARG, toks[i].start, "fahras_tag_tokens: token %zu is outside the text", i);
    static const fahras_token none;
    source src = {text, len, toks ? toks : &none, ntoks};
    return tag_text(t, memo, &src, fn, ctx, err);
}

/* ------------------------------------------------------------------ */

typedef struct name_ctx {
    fh_ner_tok toks[FH_NER_MAX_SENT + 1];
    size_t n;
} name_ctx;

static int name_cb(void *ctx, fh_ner_tok *toks, size_t n)
{
    name_ctx *c = ctx;
    for (size_t i = 0; i < n && c->n < FH_NER_MAX_SENT; i++) c->toks[c->n++] = toks[i];
    return 0;
}

/* The workspace of fahras_entity_key: the name's tokens and the string
 * pool of a doc (only the count and the pool are read: the token array
 * and the decoder's scratch, some 100 KB, are left unzeroed). */
struct fh_key_work {
    name_ctx c;
    doc d;
};

fh_key_work *fh_key_work_new(void)
{
    fh_key_work *w = malloc(sizeof *w);
    if (!w) return NULL;
    w->c.n = 0;
    memset(&w->d, 0, offsetof(doc, emit));
    return w;
}

void fh_key_work_free(fh_key_work *w)
{
    if (!w) return;
    free(w->d.pool);
    free(w);
}

int fh_entity_key_with(const fahras_tagger *t, fh_key_work *w, int type, const char *name, size_t len,
                       char *out, size_t cap, size_t *out_len, fahras_error *err)
{
    if (!t || !w || (!name && len) || (!out && cap) || !out_len)
        return fh_set_error(err, FAHRAS_ERR_ARG, 0, "fahras_entity_key: NULL argument");
    if (type < FAHRAS_SPAN_PER || type > FAHRAS_SPAN_MISC)
        return fh_set_error(err, FAHRAS_ERR_ARG, 0, "fahras_entity_key: type %d is not an entity type", type);
    if (len > FAHRAS_MAX_INPUT)
        return fh_set_error(err, FAHRAS_ERR_LIMIT, 0, "input of %zu bytes exceeds the limit", len);
    name_ctx *c = &w->c;
    doc *d = &w->d;
    c->n = 0;
    d->pool_len = 0;
    int rc = fh_ner_sentences(&t->res, name, len, name_cb, c, err);
    const char *key = "";
    size_t key_len = 0;
    if (rc == FAHRAS_OK && c->n) {
        size_t off;
        if ((rc = span_key(t, d, c->toks, 0, c->n, type, &off, &key_len)) != FAHRAS_OK) {
            fh_set_error(err, rc, 0, "out of memory");
        } else {
            key = d->pool + off;
            const char *to = alias_of(key, key_len);
            if (to) {
                key = to;
                key_len = strlen(to);
            }
        }
    }
    if (cap) {
        size_t n = key_len < cap ? key_len : cap - 1;
        memcpy(out, key, n);
        out[n] = '\0';
    }
    *out_len = key_len;
    return rc;
}

int fahras_entity_key(const fahras_tagger *t, int type, const char *name, size_t len, char *out,
                      size_t cap, size_t *out_len, fahras_error *err)
{
    if (!t || (!name && len) || (!out && cap) || !out_len)
        return fh_set_error(err, FAHRAS_ERR_ARG, 0, "fahras_entity_key: NULL argument");
    fh_key_work *w = fh_key_work_new();
    if (!w) return fh_set_error(err, FAHRAS_ERR_NOMEM, 0, "out of memory");
    int rc = fh_entity_key_with(t, w, type, name, len, out, cap, out_len, err);
    fh_key_work_free(w);
    return rc;
}

const char *fahras_tagger_model(void)
{
    return fh_ner_model.source;
}

/* h after a generated table's n entries of size bytes each. */
static uint32_t stamp_table(uint32_t h, const void *table, size_t n, size_t size)
{
    h = fh_fnv_u32(h, (uint32_t)n);
    return table ? fh_fnv_add(h, table, n * size) : h;
}

/* h after the n strings of list, each with its NUL. */
static uint32_t stamp_strings(uint32_t h, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++) h = fh_fnv_add(h, list[i], strlen(list[i]) + 1);
    return h;
}

/* The tagger's stamp: the model's version (the first word of its
 * description) and the FNV-1a of every generated table the spans depend
 * on, so that a model, cluster, word or alias table regenerated from other
 * data gives another stamp, and of the values' word list and grammar
 * version (the dates, numbers and counts a store keeps with the names). */
size_t fahras_tagger_stamp(char *buf, size_t cap)
{
    const fh_ner_model_data *m = &fh_ner_model;
    uint32_t h = stamp_table(FH_FNV_OFFSET, m->hash, m->nfeat, sizeof *m->hash);
    h = stamp_table(h, m->mask, m->nfeat, sizeof *m->mask);
    h = stamp_table(h, m->weights, m->nweights, sizeof *m->weights);
    h = stamp_table(h, m->trans, (FH_NER_LABELS + 1) * FH_NER_LABELS, sizeof *m->trans);
    const fh_ner_cluster_data *c = &fh_ner_clusters;
    h = stamp_table(h, c->hash, c->n, sizeof *c->hash);
    h = stamp_table(h, c->coarse, c->n, sizeof *c->coarse);
    h = stamp_table(h, c->mid, c->n, sizeof *c->mid);
    h = stamp_table(h, c->fine, c->n, sizeof *c->fine);
    h = stamp_table(h, fh_ner_entity_words.hash, fh_ner_entity_words.n, sizeof(uint32_t));
    h = stamp_table(h, fh_ner_entity_words.value, fh_ner_entity_words.n, 1);
    h = stamp_table(h, fh_ner_learned_names.hash, fh_ner_learned_names.n, sizeof(uint32_t));
    h = stamp_table(h, fh_ner_learned_names.value, fh_ner_learned_names.n, 1);
    h = stamp_strings(h, fh_ner_aliases.from, fh_ner_aliases.n);
    h = stamp_strings(h, fh_ner_aliases.to, fh_ner_aliases.n);
    h = stamp_strings(h, fh_ner_whole_words.word, fh_ner_whole_words.n);
    /* the dates, numbers and counts stored beside the names */
    h = fh_values_stamp(h);
    /* the word lists written for the tagger */
    h = fh_ner_gazetteer_stamp(h);
    h = fh_ner_type_fixes_stamp(h);
    for (size_t l = 0; l < sizeof word_lists / sizeof *word_lists; l++)
        h = stamp_strings(h, word_lists[l].words, word_lists[l].n);
    h = fh_fnv_u32(h, FH_NER_KEY_RULES);
    h = fh_fnv_u32(h, FH_DATELINE_RULES);
    size_t version = strcspn(m->source, " ");
    int n = snprintf(buf, cap, "%.*s+%08x", (int)(version < 16 ? version : 16), m->source,
                     (unsigned)h);
    return n < 0 ? 0 : (size_t)n;
}
