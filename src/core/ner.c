/*
 * ner.c - the named-entity tagger's machinery: the tagger's view of the
 * analyzer's tokens (word forms, punctuation around them, clusters,
 * corpus evidence), sentence splitting, the features, the model tables
 * and the constrained Viterbi decoder.  The training tool links this file
 * too, so training and tagging see exactly the same features.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "lexicon.h"
#include "ner.h"
#include "fnv.h"
#include "letters.h"

#ifdef __SSE__
#include <xmmintrin.h>
#endif

uint32_t fh_ner_hash(uint32_t seed, const void *s, size_t n)
{
    return fh_ner_hash_end(fh_fnv_add(fh_ner_hash_start(seed), s, n));
}

/* ------------------------------------------------------------------ */
/* u32 map                                                              */

int fh_u32map_init(fh_u32map *m, size_t expected)
{
    size_t cap = 16;
    while (cap < expected * 2 + 2) cap <<= 1;
    m->slots = calloc(cap, sizeof *m->slots);
    m->mask = m->slots ? (uint32_t)(cap - 1) : 0;
    return m->slots ? FAHRAS_OK : FAHRAS_ERR_NOMEM;
}

void fh_u32map_put(fh_u32map *m, uint32_t key, uint32_t val)
{
    for (uint32_t i = key & m->mask;; i = (i + 1) & m->mask) {
        if (m->slots[i].key == key || !m->slots[i].key) {
            m->slots[i].key = key;
            m->slots[i].val = val;
            return;
        }
    }
}

void fh_u32map_free(fh_u32map *m)
{
    free(m->slots);
    m->slots = NULL;
    m->mask = 0;
}

/* ------------------------------------------------------------------ */
/* resources                                                            */

/* The summed weights of the value features of every value of every kind
 * (FH_NER_VALUE_ROWS rows of FH_NER_LABELS: some 370 KB). */
static int value_weights(fh_ner_res *r)
{
    r->value_w = calloc(FH_NER_VALUE_ROWS, sizeof *r->value_w);
    if (!r->value_w) return FAHRAS_ERR_NOMEM;
    for (int kind = 0; kind < FH_NER_VALUE_KINDS; kind++) {
        uint32_t nv = kind <= FH_NER_V_GAP_A ? FH_NER_GAP_VALUES : kind <= FH_NER_V_GAZ_M2 ? FH_NER_GAZ_VALUES + 1 : 2;
        for (uint32_t i = 0; i < nv; i++) {
            uint32_t v = kind > FH_NER_V_GAP_A && kind <= FH_NER_V_GAZ_M2 && i == FH_NER_GAZ_VALUES ? FH_NER_V_NONE : i;
            uint32_t f[FH_NER_MAX_FEATS];
            fh_ner_add_weights(r, f, fh_ner_value_features(kind, v, f), r->value_w[fh_ner_value_row(kind, v)]);
        }
    }
    return FAHRAS_OK;
}

/* The feature table, empty, at most half full once the model is in. */
static int feats_init(fh_ner_res *r, const fh_ner_model_data *md)
{
    size_t cap = 16;
    while (cap < md->nfeat * 2 + 2) cap <<= 1;
    r->feats = calloc(cap, sizeof *r->feats);
    r->feats_mask = r->feats ? (uint32_t)(cap - 1) : 0;
    return r->feats ? FAHRAS_OK : FAHRAS_ERR_NOMEM;
}

/* Feature key with weights w (a feature given twice: the last). */
static void feats_put(fh_ner_res *r, uint32_t key, const int16_t w[FH_NER_LABELS])
{
    uint32_t i = key & r->feats_mask;
    while (r->feats[i].key && r->feats[i].key != key) i = (i + 1) & r->feats_mask;
    r->feats[i].key = key;
    memcpy(r->feats[i].w, w, sizeof r->feats[i].w);
}

int fh_ner_res_init(fh_ner_res *r, const fahras_analyzer *like, int utf8_mode, int use_model,
                    fahras_error *err)
{
    memset(r, 0, sizeof *r);
    fahras_options o;
    fahras_options_default(&o); /* the profile the model was trained with */
    o.utf8 = utf8_mode;
    r->an = fh_analyzer_new_like(&o, like, err);
    if (!r->an) return err ? err->code : FAHRAS_ERR_NOMEM;
    r->use_model = use_model;
    int rc = FAHRAS_OK;
    if (use_model) {
        const fh_ner_model_data *md = &fh_ner_model;
        if (feats_init(r, md) != FAHRAS_OK) goto nomem;
        size_t off = 0;
        for (size_t i = 0; i < md->nfeat; i++) {
            int16_t w[FH_NER_LABELS] = {0};
            for (unsigned m = md->mask[i]; m; m &= m - 1) {
                if (off >= md->nweights) break;
                w[__builtin_ctz(m)] = md->weights[off++];
            }
            feats_put(r, md->hash[i], w);
        }
        if (off != md->nweights) {
            fh_ner_res_free(r);
            return fh_set_error(err, FAHRAS_ERR_ARG, 0, "entity model tables are inconsistent");
        }
        for (int d = -FH_NER_REACH; d <= FH_NER_REACH; d++) {
            uint32_t f[FH_NER_MAX_FEATS];
            fh_ner_add_weights(r, f, fh_ner_word_features(NULL, d, f), r->edge[d + FH_NER_REACH]);
        }
        if (value_weights(r) != FAHRAS_OK) goto nomem;
    }
    const fh_ner_cluster_data *cd = &fh_ner_clusters;
    if (fh_u32map_init(&r->clusters, cd->n) != FAHRAS_OK) goto nomem;
    for (size_t i = 0; i < cd->n; i++)
        fh_u32map_put(&r->clusters, cd->hash[i],
                      (uint32_t)cd->coarse[i] | (uint32_t)cd->mid[i] << 8 | (uint32_t)cd->fine[i] << 18);
    const fh_ner_entity_word_data *ew = &fh_ner_entity_words;
    if (fh_u32map_init(&r->entity_words, ew->n) != FAHRAS_OK) goto nomem;
    for (size_t i = 0; i < ew->n; i++) fh_u32map_put(&r->entity_words, ew->hash[i], ew->value[i]);
    const fh_ner_learned_name_data *ln = &fh_ner_learned_names;
    if (fh_u32map_init(&r->lnames, ln->n) != FAHRAS_OK) goto nomem;
    for (size_t i = 0; i < ln->n; i++) fh_u32map_put(&r->lnames, ln->hash[i], ln->value[i]);
    const fh_ner_whole_word_data *ww = &fh_ner_whole_words;
    if (fh_u32map_init(&r->whole_words, ww->n) != FAHRAS_OK) goto nomem;
    for (size_t i = 0; i < ww->n; i++)
        fh_u32map_put(&r->whole_words, fh_ner_hash(FH_NER_SEED_WHOLE, ww->word[i], strlen(ww->word[i])), 1);
    rc = fh_ner_gazetteer_init(r, err);
    if (rc != FAHRAS_OK) {
        fh_ner_res_free(r);
        return rc;
    }
    return FAHRAS_OK;
nomem:
    fh_ner_res_free(r);
    return fh_set_error(err, FAHRAS_ERR_NOMEM, 0, "out of memory loading the entity model");
}

void fh_ner_res_free(fh_ner_res *r)
{
    if (!r) return;
    fahras_analyzer_free(r->an);
    free(r->feats);
    fh_u32map_free(&r->clusters);
    fh_u32map_free(&r->entity_words);
    fh_u32map_free(&r->lnames);
    fh_u32map_free(&r->whole_words);
    fh_u32map_free(&r->gaz_words);
    fh_u32map_free(&r->gaz_names);
    free(r->value_w);
    memset(r, 0, sizeof *r);
}

/* ------------------------------------------------------------------ */
/* the token view                                                       */

/* Punctuation classes of text[lo..hi). */
static unsigned gap_classes(const unsigned char *s, size_t lo, size_t hi)
{
    if (hi - lo == 1 && s[lo] == ' ') return 0; /* most gaps: one space, no class */
    unsigned g = 0;
    size_t i = lo;
    while (i < hi) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            switch (c) {
            case '.': case '!': case '?': g |= FH_GAP_SENT; break;
            case '\n': case '\r': g |= FH_GAP_LINE; break;
            case ',': case ';': g |= FH_GAP_COMMA; break;
            case '(': case '[': case '{': g |= FH_GAP_OPEN; break;
            case ')': case ']': case '}': g |= FH_GAP_CLOSE; break;
            case '"': case '\'': case '`': g |= FH_GAP_QUOTE; break;
            case '-': case '/': g |= FH_GAP_DASH; break;
            case ':': g |= FH_GAP_COLON; break;
            case ' ': case '\t': case '\f': case '\v': break;
            /* a hashtag marks a word of the running text (الرئيس دونالد #ترمب,
             * #غسان_الإمام): its # and _ part no words */
            case '#': case '_': break;
            default:
                if ((c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z')) g |= FH_GAP_LETTERS;
                else if (c > ' ') g |= FH_GAP_OTHER;
            }
            continue;
        }
        uint32_t cp;
        size_t k = fh_utf8_decode(s + i, hi - i, &cp);
        if (!k) { /* an invalid byte (utf8=replace): a separator */
            i++;
            continue;
        }
        i += k;
        if (cp == AR_COMMA || cp == AR_SEMICOLON) g |= FH_GAP_COMMA;
        else if (cp == AR_QUESTION_MARK || cp == AR_FULL_STOP || cp == 0x2026 || cp == 0x00B7 || cp == 0x2022)
            g |= FH_GAP_SENT;
        else if (cp == 0x00AB || cp == 0x00BB || (cp >= 0x2018 && cp <= 0x201F) || cp == 0x2039 ||
                 cp == 0x203A)
            g |= FH_GAP_QUOTE;
        else if (cp == 0x2013 || cp == 0x2014 || cp == 0x2015) g |= FH_GAP_DASH;
        else if (cp == 0x2028 || cp == 0x2029 || cp == 0x0085) g |= FH_GAP_LINE;
        else if ((cp >= AR_HAMZA && cp <= AR_YEH) || cp == AR_TATWEEL) g |= FH_GAP_LETTERS;
        else if (cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202F) ||
                 (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF || cp == 0x3000 || cp == 0x061C ||
                 (cp >= 0x064B && cp <= 0x065F))
            ; /* spaces, invisible controls, stray marks */
        else g |= FH_GAP_OTHER;
    }
    return g;
}

/* Copy at most FH_NER_STR - 1 bytes, cut on a character boundary. */
static uint8_t copy_str(char *dst, const char *src, size_t n)
{
    if (n > FH_NER_STR - 1) {
        n = FH_NER_STR - 1;
        while (n && ((unsigned char)src[n] & 0xC0) == 0x80) n--;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
    return (uint8_t)n;
}

static size_t count_cps(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Letter codes of an Arabic string (as the lexicon stores them); 0 when a
 * character is outside ء..ي. */
static size_t lex_codes(const char *s, size_t n, unsigned char *codes, size_t cap)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t k = 0;
    for (size_t i = 0; i < n; i += 2) {
        if (i + 1 >= n || k >= cap) return 0;
        uint32_t cp = ((uint32_t)(p[i] & 0x1F) << 6) | (p[i + 1] & 0x3F);
        if ((p[i] & 0xE0) != 0xC0 || cp < AR_HAMZA || cp > AR_YEH) return 0;
        codes[k++] = (unsigned char)(cp - AR_LETTER_CODE_BASE);
    }
    return k;
}

/* The frequency class of a corpus count: 0..16. */
static uint8_t count_bin(uint32_t c)
{
    uint8_t b = 0;
    while (c) { b++; c >>= 1; }
    return (uint8_t)((b + 1) / 2);
}

/* The frequency class of a whole word (proclitics and all), 0 for one
 * the corpus does not hold. */
static uint8_t word_bin(const char *s, size_t n)
{
    unsigned char codes[38];
    size_t k = lex_codes(s, n, codes, sizeof codes);
    if (!k) return 0;
    fh_lex_entry e;
    fh_lex_lookup(codes, k, &e);
    return count_bin(e.count);
}

/* The proclitics the word form lost (pre[0..n), no article), and whether
 * its last letter put back makes a given name of the word lists (كمال),
 * or a word the lists' names or the news write whole (بايدن; لوكاس,
 * بوروسيا). */
static void lead_of(const fh_ner_res *r, fh_ner_tok *nt, const char *pre, size_t n)
{
    memcpy(nt->lead, pre, n);
    nt->lead_len = (uint8_t)n;
    char cand[FH_NER_STR + 4];
    size_t k, cn = fh_ner_whole_form(nt, cand, sizeof cand, &k);
    if (!cn) return;
    uint32_t g = 0, one;
    fh_u32map_get(&r->gaz_words, fh_ner_hash(FH_NER_SEED_GAZ_WORD, cand, cn), &g);
    if (g & FH_GAZ_WHOLE) nt->lead_name = (uint8_t)k;
    if ((g & FH_GAZ_WHOLE_NAME) || fh_u32map_get(&r->whole_words, fh_ner_hash(FH_NER_SEED_WHOLE, cand, cn), &one))
        nt->lead_whole = (uint8_t)k;
}

/* Corpus evidence about the clitic-free stem: how frequent it is, and how
 * often it is written with the article (names of people and countries
 * rarely are; most nouns often are). */
static void lexicon_bins(fh_ner_tok *t, const char *stem, size_t n)
{
    unsigned char codes[40];
    size_t k = lex_codes(stem, n, codes + 2, sizeof codes - 2);
    t->lexbin = t->albin = 0;
    if (!k) return;
    fh_lex_entry bare, al;
    codes[0] = AR_ALEF - AR_LETTER_CODE_BASE;
    codes[1] = AR_LAM - AR_LETTER_CODE_BASE;
    fh_lex_prefetch(codes, k + 2); /* the two lookups overlap */
    fh_lex_lookup(codes + 2, k, &bare);
    fh_lex_lookup(codes, k + 2, &al);
    t->lexbin = count_bin(bare.count);
    uint64_t tot = (uint64_t)bare.count + al.count;
    if (!tot) return;
    uint64_t pct = 100 * (uint64_t)al.count / tot;
    t->albin = pct < 5 ? 1 : pct < 30 ? 2 : pct < 70 ? 3 : pct < 95 ? 4 : 5;
}

static void fill_tok(const fh_ner_res *r, fh_ner_tok *nt, const fahras_token *t)
{
    memset(nt, 0, offsetof(fh_ner_tok, word));
    nt->start = t->start;
    nt->end = t->end;
    nt->type = (uint8_t)t->type;
    nt->key_len = copy_str(nt->key, t->key_len ? t->key : t->norm, t->key_len ? t->key_len : t->norm_len);
    size_t pre = 0, stem_end = t->norm_len;
    if (t->type == FAHRAS_TOKEN_ARABIC && t->stem_start <= t->stem_end && t->stem_end <= t->norm_len) {
        pre = t->stem_start;
        stem_end = t->stem_end;
    }
    size_t pl = pre < sizeof nt->pre ? pre : 0;
    memcpy(nt->pre, t->norm, pl);
    nt->pre[pl] = '\0';
    nt->pre_len = (uint8_t)pl;
    nt->has_al = pre >= 4 && (!memcmp(t->norm + pre - 4, "\xD8\xA7\xD9\x84", 4) || /* ال */
                              !memcmp(t->norm + pre - 4, "\xD9\x84\xD9\x84", 4));  /* لل */
    nt->l_al = nt->has_al && t->norm[pre - 3] == '\x84' && t->norm[pre - 4] == '\xD9';
    nt->enclitic = stem_end < t->norm_len;
    nt->stem_len = copy_str(nt->stem, t->norm + pre, t->norm_len - pre);
    nt->norm_len = copy_str(nt->norm, t->norm, t->norm_len);
    if (nt->has_al) {
        memcpy(nt->word, "\xD8\xA7\xD9\x84", 4);
        char tmp[FH_NER_STR];
        size_t n = copy_str(tmp, nt->stem, nt->stem_len);
        if (n > FH_NER_STR - 5) {
            n = FH_NER_STR - 5;
            while (n && ((unsigned char)tmp[n] & 0xC0) == 0x80) n--;
        }
        memcpy(nt->word + 4, tmp, n);
        nt->word[4 + n] = '\0';
        nt->word_len = (uint8_t)(4 + n);
    } else {
        nt->word_len = copy_str(nt->word, nt->stem, nt->stem_len);
    }
    size_t letters = count_cps(t->norm + pre, stem_end - pre);
    nt->letters = (uint8_t)(letters > 255 ? 255 : letters);
    /* the slots of the table lookups below fetched before the lexicon's
     * (each a likely cache miss: they overlap instead of following one
     * another) */
    uint32_t hc = fh_ner_hash(FH_NER_SEED_CLUSTER, nt->key, nt->key_len);
    uint32_t he = fh_ner_hash(FH_NER_SEED_ENTITY_WORD, nt->key, nt->key_len);
    uint32_t hg = fh_ner_hash(FH_NER_SEED_GAZ_WORD, nt->stem, nt->stem_len);
    fh_u32map_prefetch(&r->clusters, hc);
    fh_u32map_prefetch(&r->entity_words, he);
    fh_u32map_prefetch(&r->gaz_words, hg);
    if (t->type == FAHRAS_TOKEN_ARABIC) {
        lexicon_bins(nt, t->norm + pre, stem_end - pre);
        if (pre) {
            nt->normbin = word_bin(t->norm, t->norm_len);
            /* a proclitic split off a word the corpus never holds is more
             * likely the first letter of a name (فرهاد is not ف + رهاد) */
            if (!nt->has_al && !nt->lexbin) nt->word_len = copy_str(nt->word, t->norm, t->norm_len);
            else if (!nt->has_al && pl && pl <= sizeof nt->lead) lead_of(r, nt, t->norm, pl);
        } else {
            nt->normbin = nt->lexbin;
        }
    }
    uint32_t c;
    if (fh_u32map_get(&r->clusters, hc, &c)) {
        nt->clus[0] = (uint16_t)(c & 0xFF);
        nt->clus[1] = (uint16_t)(c >> 8 & 0x3FF);
        nt->clus[2] = (uint16_t)(c >> 18);
    }
    if (fh_u32map_get(&r->entity_words, he, &c))
        nt->ew = (uint8_t)c;
    uint32_t g = 0;
    fh_u32map_get(&r->gaz_words, hg, &g);
    nt->gaz = g & ~(unsigned)(FH_GAZ_SPORT | FH_GAZ_WHOLE | FH_GAZ_WHOLE_NAME);
    nt->sport_word = (g & FH_GAZ_SPORT) != 0;
    nt->name_word = fh_ner_name_word(nt);
    nt->name_flags = fh_ner_name_flags(nt);
    nt->gaz_first = (uint8_t)fh_ner_gaz_first(r, nt->word, nt->word_len);
    uint32_t lv = 0;
    nt->lname_first = fh_u32map_get(&r->lnames, fh_ner_hash(FH_NER_SEED_LNAME, nt->word, nt->word_len), &lv) &&
                      (lv & FH_NER_LNAME_FIRST);
}

/* The weights of the word features of t at each offset into w: the
 * features of all offsets first, their table slots and rows fetched
 * ahead of use (a lookup in tables larger than the caches is a memory
 * load). */
static void word_weights(const fh_ner_res *r, const fh_ner_tok *t, int32_t w[FH_NER_OFFSETS][FH_NER_LABELS])
{
    uint32_t f[FH_NER_OFFSETS * FH_NER_MAX_FEATS], row[FH_NER_OFFSETS * FH_NER_MAX_FEATS];
    size_t end[FH_NER_OFFSETS], m = 0;
    for (int d = -FH_NER_REACH; d <= FH_NER_REACH; d++) {
        m += fh_ner_word_features(t, d, f + m);
        end[d + FH_NER_REACH] = m;
    }
    for (size_t k = 0; k < m; k++) fh_ner_feat_prefetch(r, f[k]);
    for (size_t k = 0; k < m; k++) {
        long at = fh_ner_feat_find(r, f[k]);
        row[k] = at < 0 ? UINT32_MAX : (uint32_t)at;
    }
    memset(w, 0, FH_NER_OFFSETS * sizeof *w);
    for (size_t o = 0, k = 0; o < FH_NER_OFFSETS; o++) {
        for (; k < end[o]; k++) {
            if (row[k] == UINT32_MAX) continue;
            for (int l = 0; l < FH_NER_LABELS; l++) w[o][l] += r->feats[row[k]].w[l];
        }
    }
}

/* Token t as decoding sees it (FH_NER_TOK_DECODED), its word read
 * through memo: made and weighed the first time the word is seen. */
static int memo_tok(const fh_ner_res *r, fh_ner_memo *memo, fh_ner_tok *nt, const fahras_token *t,
                    uint32_t hash)
{
    uint32_t idx = fh_ner_memo_find(memo, t, hash);
    if (idx == FH_NER_NO_WORD) {
        fh_ner_word *w = fh_ner_memo_add(memo, t, hash, &idx);
        if (!w) return FAHRAS_ERR_NOMEM;
        fill_tok(r, nt, t);
        word_weights(r, nt, w->w);
        memcpy(w->tok, (const char *)nt + FH_NER_WORD_TOK_AT, FH_NER_WORD_TOK);
    } else {
        memcpy((char *)nt + FH_NER_WORD_TOK_AT, memo->words[idx].tok, FH_NER_WORD_TOK);
    }
    nt->start = t->start;
    nt->end = t->end;
    nt->memo_ix = idx;
    return FAHRAS_OK;
}

typedef struct sent_state {
    const fh_ner_res *r;
    fh_ner_memo *memo;
    uint32_t hash;         /* the memo hash of the token sent_cb is given, when have_hash */
    int have_hash;
    const unsigned char *text;
    size_t len;
    fh_ner_sent_fn fn;
    void *ctx;
    size_t prev_end;
    size_t n;
    int rc;
    fh_ner_tok toks[FH_NER_MAX_SENT + 1]; /* toks[n].gap: the gap after the sentence */
} sent_state;

static int flush(sent_state *st, unsigned gap_after)
{
    if (!st->n) return FAHRAS_OK;
    st->toks[st->n].gap = gap_after;
    unsigned quotes = 0; /* quote marks so far in the sentence: odd = inside a quote */
    uint8_t sport = 0;
    for (size_t i = 0; i < st->n; i++) {
        quotes += (st->toks[i].gap & FH_GAP_QUOTE) != 0;
        st->toks[i].in_quote = quotes & 1;
        sport |= st->toks[i].sport_word;
    }
    for (size_t i = 0; i < st->n; i++) st->toks[i].in_sport = sport;
    fh_ner_mark_gazetteer(st->r, st->toks, st->n);
    fh_ner_mark_learned(st->r, st->toks, st->n);
    int rc = st->fn(st->ctx, st->toks, st->n);
    st->n = 0;
    return rc;
}

/* Whether the gap before t is one dot, with no space, between two short
 * words: the dots of an abbreviation (سي.إن.إن، بي.دبليو.سي، U.S), which
 * end no sentence, where a sentence that ends without its space
 * (الماضي.وقال) has longer words on both sides. */
static int abbreviation_dot(const sent_state *st, const fahras_token *t)
{
    enum { SHORT_WORD = 3 }; /* letters: سي، إن، بي، دي، إس؛ دبليو beside one of them */
    const fh_ner_tok *prev = &st->toks[st->n - 1];
    if (t->start != st->prev_end + 1 || st->text[st->prev_end] != '.') return 0;
    if (t->type == FAHRAS_TOKEN_NUMBER || prev->type == FAHRAS_TOKEN_NUMBER) return 0;
    size_t before = count_cps((const char *)st->text + prev->start, prev->end - prev->start);
    size_t after = count_cps((const char *)st->text + t->start, t->end - t->start);
    return before <= SHORT_WORD || after <= SHORT_WORD;
}

static int sent_cb(void *ctx, const fahras_token *t)
{
    sent_state *st = ctx;
    /* a hashtag is read through its words */
    if (t->type == FAHRAS_TOKEN_HASHTAG && !(t->flags & FAHRAS_TOKEN_PART)) return 0;
    unsigned gap = t->start > st->prev_end ? gap_classes(st->text, st->prev_end, t->start) : 0;
    if (gap == FH_GAP_SENT && st->n && abbreviation_dot(st, t)) gap = 0;
    /* a line break ends a sentence as a full stop does: the model learned
     * from text whose every sentence ends with one, and a headline or a
     * line with none read otherwise loses the end of its last name */
    if (gap & FH_GAP_LINE) gap |= FH_GAP_SENT;
    if (st->n && (gap & FH_GAP_SENT || st->n == FH_NER_MAX_SENT)) {
        int rc = flush(st, gap);
        if (rc) {
            st->rc = rc;
            return 1;
        }
    }
    fh_ner_tok *nt = &st->toks[st->n++];
    if (st->memo) {
        int rc = memo_tok(st->r, st->memo, nt, t, st->have_hash ? st->hash : fh_ner_memo_hash(t));
        if (rc) {
            st->rc = rc;
            return 1;
        }
    } else {
        fill_tok(st->r, nt, t);
        nt->memo_ix = FH_NER_NO_WORD;
    }
    nt->gap = gap;
    if (t->end > st->prev_end) st->prev_end = t->end;
    return 0;
}

/* sent_cb over toks[0..ntoks), each token's memo entry fetched some
 * tokens ahead (its slot MEMO_AHEAD tokens ahead, the entry half as many)
 * so the loads overlap. */
#define MEMO_AHEAD 16
static int memo_tokens(sent_state *st, const fahras_token *toks, size_t ntoks, fahras_error *err)
{
    uint32_t ring[MEMO_AHEAD];
    for (size_t i = 0; i < ntoks && i < MEMO_AHEAD; i++) {
        ring[i] = fh_ner_memo_hash(&toks[i]);
        fh_ner_memo_prefetch(st->memo, ring[i], 0);
    }
    for (size_t i = 0; i < ntoks; i++) {
        st->hash = ring[i % MEMO_AHEAD];
        if (i + MEMO_AHEAD / 2 < ntoks) fh_ner_memo_prefetch(st->memo, ring[(i + MEMO_AHEAD / 2) % MEMO_AHEAD], 1);
        st->have_hash = 1;
        int stop = sent_cb(st, &toks[i]);
        st->have_hash = 0;
        if (stop) return fh_set_error(err, FAHRAS_ERR_ABORTED, toks[i].start, "stopped");
        if (i + MEMO_AHEAD < ntoks) {
            ring[i % MEMO_AHEAD] = fh_ner_memo_hash(&toks[i + MEMO_AHEAD]);
            fh_ner_memo_prefetch(st->memo, ring[i % MEMO_AHEAD], 0);
        }
    }
    return FAHRAS_OK;
}

/* The sentences of text: its tokens from toks[0..ntoks) when given, else
 * from the tagger's analyzer. */
static int sentences(const fh_ner_res *r, fh_ner_memo *memo, const char *text, size_t len, int given,
                     const fahras_token *toks, size_t ntoks, fh_ner_sent_fn fn, void *ctx,
                     fahras_error *err)
{
    sent_state *st = malloc(sizeof *st);
    if (!st) return fh_set_error(err, FAHRAS_ERR_NOMEM, 0, "out of memory");
    st->r = r;
    st->memo = memo;
    st->text = (const unsigned char *)text;
    st->len = len;
    st->fn = fn;
    st->ctx = ctx;
    st->prev_end = 0;
    st->n = 0;
    st->rc = 0;
    int rc = FAHRAS_OK;
    st->have_hash = 0;
    if (given && memo) {
        rc = memo_tokens(st, toks, ntoks, err);
    } else if (given) {
        for (size_t i = 0; i < ntoks && rc == FAHRAS_OK; i++)
            if (sent_cb(st, &toks[i])) rc = fh_set_error(err, FAHRAS_ERR_ABORTED, toks[i].start, "stopped");
    } else {
        rc = fahras_analyze(r->an, text, len, sent_cb, st, err);
    }
    if (rc == FAHRAS_ERR_ABORTED && st->rc) {
        rc = st->rc;
        if (err && err->code == FAHRAS_ERR_ABORTED) fh_set_error(err, rc, 0, "%s", fahras_strerror(rc));
    }
    if (rc == FAHRAS_OK) {
        /* so does the end of the text */
        rc = flush(st, (len > st->prev_end ? gap_classes(st->text, st->prev_end, len) : 0) | FH_GAP_SENT);
        if (rc) fh_set_error(err, rc, 0, "%s", fahras_strerror(rc));
    }
    free(st);
    return rc;
}

int fh_ner_sentences(const fh_ner_res *r, const char *text, size_t len, fh_ner_sent_fn fn,
                     void *ctx, fahras_error *err)
{
    return sentences(r, NULL, text, len, 0, NULL, 0, fn, ctx, err);
}

int fh_ner_sentences_tokens(const fh_ner_res *r, const char *text, size_t len, const fahras_token *toks,
                            size_t ntoks, fh_ner_sent_fn fn, void *ctx, fahras_error *err)
{
    return sentences(r, NULL, text, len, 1, toks, ntoks, fn, ctx, err);
}

int fh_ner_sentences_memo(const fh_ner_res *r, fh_ner_memo *memo, const char *text, size_t len,
                          const fahras_token *toks, size_t ntoks, fh_ner_sent_fn fn, void *ctx,
                          fahras_error *err)
{
    return sentences(r, memo, text, len, toks != NULL, toks, ntoks, fn, ctx, err);
}

/* ------------------------------------------------------------------ */
/* features                                                             */

enum {
    F_BIAS = 1, F_KEY, F_WORD, F_PRE, F_AL, F_ENC, F_SUF2, F_SUF3, F_PFX2, F_PFX3, F_SHAPE,
    F_KEY_M1, F_KEY_P1, F_KEY_M2, F_KEY_P2, F_WORD_M1, F_WORD_P1, F_BI_M1, F_BI_P1,
    F_GAP_B, F_GAP_A, F_GAPBIT_B, F_GAPBIT_A, F_CF, F_CC, F_CF_M1, F_CF_P1, F_CC_M1, F_CC_P1,
    F_CC_M2, F_CC_P2, F_CC_BI_M1, F_CC_BI_P1, F_GAZ, F_GAZ_M1, F_GAZ_P1, F_LEX, F_ALBIN,
    F_FIRST, F_LAST, F_AL_M1, F_AL_P1, F_CF_KEY_M1, F_SHAPE_M1, F_SHAPE_P1, F_GAZ_M2,
    F_LEX_AL, F_KEY_GAP, F_EW, F_EW_T, F_EW_M1, F_EW_P1, F_NORM, F_NSUF2, F_NPFX2, F_NORMBIN, F_PRE1, F_CM, F_CM_M1, F_CM_P1,
    F_SUF1, F_PFX1, F_SUF4, F_PFX4, F_QUOTE, F_QUOTE_CC, F_SPORT_GAZ, F_SPORT_CC, F_GAZ_P2,
    F_CC_EW, F_LEX_M1, F_LEX_P1, F_SEEN, F_SEEN_T, F_SEEN_M1, F_SEEN_P1, F_HEAD_P1, F_AFTER_HEAD,
    F_LNAME, F_LNAME_M1, F_LNAME_P1
};

static inline uint32_t fs(uint32_t tid, const char *s, size_t n) { return fh_ner_hash(tid, s, n); }

static inline uint32_t fi(uint32_t tid, uint32_t v) { return fh_ner_hash(tid, &v, sizeof v); }

static inline uint32_t f2(uint32_t tid, const char *a, size_t an, const char *b, size_t bn)
{
    return fh_ner_hash(fh_ner_hash(tid, a, an), b, bn);
}

/* Suffix / prefix of k characters of s (UTF-8). */
static size_t suffix_at(const char *s, size_t n, size_t k)
{
    size_t i = n;
    while (i > 0 && k) {
        i--;
        if (((unsigned char)s[i] & 0xC0) != 0x80) k--;
    }
    return k ? n + 1 : i; /* n + 1: shorter than k */
}

static size_t prefix_len(const char *s, size_t n, size_t k)
{
    size_t i = 0;
    while (i < n && k) {
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
        k--;
    }
    return k ? 0 : i;
}

static uint32_t shape_of(const fh_ner_tok *t)
{
    unsigned len = t->letters < 2 ? t->letters : t->letters < 4 ? 2 : t->letters < 6 ? 3 : t->letters < 8 ? 4 : 5;
    return (uint32_t)t->type << 8 | len;
}

/* The word features of the token itself. */
static size_t own_features(const fh_ner_tok *t, uint32_t *out)
{
    size_t k = 0;
    out[k++] = fi(F_BIAS, 0);
    out[k++] = fs(F_KEY, t->key, t->key_len);
    out[k++] = fs(F_WORD, t->word, t->word_len);
    out[k++] = fs(F_PRE, t->pre, t->pre_len);
    if (t->pre_len) {
        out[k++] = fs(F_NORM, t->norm, t->norm_len);
        size_t q = prefix_len(t->norm, t->norm_len, 2);
        if (q) out[k++] = fs(F_NPFX2, t->norm, q);
        out[k++] = fi(F_NORMBIN, (uint32_t)t->normbin << 8 | t->lexbin);
        out[k++] = f2(F_PRE1, t->pre, 2, (const char *)&t->has_al, 1);
    }
    out[k++] = fi(F_AL, t->has_al);
    out[k++] = fi(F_ENC, t->enclitic);
    size_t s2 = suffix_at(t->stem, t->stem_len, 2), s3 = suffix_at(t->stem, t->stem_len, 3);
    if (s2 <= t->stem_len) out[k++] = fs(F_SUF2, t->stem + s2, t->stem_len - s2);
    if (s3 <= t->stem_len) out[k++] = fs(F_SUF3, t->stem + s3, t->stem_len - s3);
    size_t q2 = prefix_len(t->stem, t->stem_len, 2), q3 = prefix_len(t->stem, t->stem_len, 3);
    if (q2) out[k++] = fs(F_PFX2, t->stem, q2);
    if (q3) out[k++] = fs(F_PFX3, t->stem, q3);
    size_t s1 = suffix_at(t->stem, t->stem_len, 1), s4 = suffix_at(t->stem, t->stem_len, 4);
    if (s1 <= t->stem_len) out[k++] = fs(F_SUF1, t->stem + s1, t->stem_len - s1);
    if (s4 <= t->stem_len) out[k++] = fs(F_SUF4, t->stem + s4, t->stem_len - s4);
    size_t q1 = prefix_len(t->stem, t->stem_len, 1), q4 = prefix_len(t->stem, t->stem_len, 4);
    if (q1) out[k++] = fs(F_PFX1, t->stem, q1);
    if (q4) out[k++] = fs(F_PFX4, t->stem, q4);
    out[k++] = fi(F_SHAPE, shape_of(t));
    out[k++] = fi(F_CF, t->clus[2]);
    out[k++] = fi(F_CM, t->clus[1]);
    out[k++] = fi(F_CC, t->clus[0]);
    out[k++] = fi(F_LEX, t->lexbin);
    out[k++] = fi(F_ALBIN, t->albin);
    out[k++] = fi(F_LEX_AL, (uint32_t)t->lexbin << 8 | t->albin | (uint32_t)t->has_al << 16);
    if (t->ew) {
        out[k++] = fi(F_EW, t->ew);
        out[k++] = fi(F_EW_T, (uint32_t)(t->ew >> 2) | (uint32_t)t->has_al << 8);
    }
    /* the corpus evidence of names read by the word's kind (its coarse class) */
    out[k++] = fi(F_CC_EW, (uint32_t)t->clus[0] << 8 | (t->ew >> 2));
    return k;
}

size_t fh_ner_word_features(const fh_ner_tok *w, int d, uint32_t *out)
{
    static const char bos[] = "<s>", eos[] = "</s>";
    size_t k = 0;
    switch (d) {
    case 0:
        if (w) k = own_features(w, out);
        break;
    case -1:
    case 1: {
        int m = d < 0;
        out[k++] = w ? fs(m ? F_KEY_M1 : F_KEY_P1, w->key, w->key_len)
                     : m ? fs(F_KEY_M1, bos, 3) : fs(F_KEY_P1, eos, 4);
        if (w) out[k++] = fs(m ? F_WORD_M1 : F_WORD_P1, w->word, w->word_len);
        out[k++] = fi(m ? F_CF_M1 : F_CF_P1, w ? w->clus[2] : 0xFFFF);
        out[k++] = fi(m ? F_CM_M1 : F_CM_P1, w ? w->clus[1] : 0xFFFF);
        out[k++] = fi(m ? F_CC_M1 : F_CC_P1, w ? w->clus[0] : 0xFFFF);
        out[k++] = fi(m ? F_AL_M1 : F_AL_P1, w ? w->has_al : 2);
        out[k++] = fi(m ? F_SHAPE_M1 : F_SHAPE_P1, w ? shape_of(w) : 0xFFFF);
        out[k++] = fi(m ? F_EW_M1 : F_EW_P1, w ? (uint32_t)(w->ew >> 2) : 0xFF);
        /* how frequent a neighbour is and how often written with ال: a
         * rare word without the article beside a word is often the rest
         * of its name */
        out[k++] = fi(m ? F_LEX_M1 : F_LEX_P1, w ? (uint32_t)w->lexbin << 8 | w->albin : 0xFFFF);
        break;
    }
    case -2:
        out[k++] = w ? fs(F_KEY_M2, w->key, w->key_len) : fs(F_KEY_M2, bos, 3);
        out[k++] = fi(F_CC_M2, w ? w->clus[0] : 0xFFFF);
        break;
    case 2:
        out[k++] = w ? fs(F_KEY_P2, w->key, w->key_len) : fs(F_KEY_P2, eos, 4);
        out[k++] = fi(F_CC_P2, w ? w->clus[0] : 0xFFFF);
        break;
    default:
        break;
    }
    return k;
}

void fh_ner_context_values(const fh_ner_tok *toks, size_t n, size_t i, uint32_t v[FH_NER_VALUE_KINDS])
{
    v[FH_NER_V_GAP_B] = toks[i].gap;
    v[FH_NER_V_GAP_A] = toks[i + 1].gap; /* toks[n].gap is the gap after the sentence */
    v[FH_NER_V_GAZ] = toks[i].gaz;
    v[FH_NER_V_GAZ_M1] = i > 0 ? toks[i - 1].gaz : FH_NER_V_NONE;
    v[FH_NER_V_GAZ_P1] = i + 1 < n ? toks[i + 1].gaz : FH_NER_V_NONE;
    v[FH_NER_V_GAZ_M2] = i > 1 ? toks[i - 2].gaz : FH_NER_V_NONE;
    v[FH_NER_V_FIRST] = i == 0;
    v[FH_NER_V_LAST] = i + 1 == n;
}

size_t fh_ner_value_features(int kind, uint32_t v, uint32_t *out)
{
    static const uint32_t gaz_id[4] = {F_GAZ, F_GAZ_M1, F_GAZ_P1, F_GAZ_M2};
    size_t k = 0;
    switch (kind) {
    case FH_NER_V_GAP_B:
    case FH_NER_V_GAP_A: {
        int before = kind == FH_NER_V_GAP_B;
        out[k++] = fi(before ? F_GAP_B : F_GAP_A, v);
        for (unsigned b = 0; b < 10; b++)
            if (v & (1u << b)) out[k++] = fi(before ? F_GAPBIT_B : F_GAPBIT_A, b);
        break;
    }
    case FH_NER_V_GAZ:
    case FH_NER_V_GAZ_M1:
    case FH_NER_V_GAZ_P1:
    case FH_NER_V_GAZ_M2:
        out[k++] = fi(gaz_id[kind - FH_NER_V_GAZ], v);
        break;
    case FH_NER_V_FIRST:
        if (v) out[k++] = fi(F_FIRST, 1);
        break;
    case FH_NER_V_LAST:
        if (v) out[k++] = fi(F_LAST, 1);
        break;
    default:
        break;
    }
    return k;
}

size_t fh_ner_pair_features(const fh_ner_tok *toks, size_t n, size_t i, uint32_t *out)
{
    const fh_ner_tok *t = &toks[i];
    const fh_ner_tok *m1 = i > 0 ? &toks[i - 1] : NULL, *p1 = i + 1 < n ? &toks[i + 1] : NULL;
    size_t k = 0;
    out[k++] = fi(F_CC_BI_M1, (uint32_t)(m1 ? m1->clus[0] : 0xFFFF) << 16 | t->clus[0]);
    out[k++] = fi(F_CC_BI_P1, (uint32_t)t->clus[0] << 16 | (p1 ? p1->clus[0] : 0xFFFF));
    if (t->in_quote) { /* names of clubs, parties and papers are often quoted */
        out[k++] = fi(F_QUOTE, 1);
        out[k++] = fi(F_QUOTE_CC, t->clus[0]);
    }
    if (i + 2 < n && toks[i + 2].gaz) out[k++] = fi(F_GAZ_P2, toks[i + 2].gaz);
    /* its word tagged earlier in the text (a name tagged where its
     * context was clear, then met where it says less) */
    if (t->seen) {
        out[k++] = fi(F_SEEN, t->seen);
        out[k++] = fi(F_SEEN_T, t->seen & 7);
    }
    if (m1 && (m1->seen & 7)) out[k++] = fi(F_SEEN_M1, (uint32_t)(m1->seen & 7) << 8 | (t->seen & 7));
    if (p1 && (p1->seen & 7)) out[k++] = fi(F_SEEN_P1, (uint32_t)(p1->seen & 7) << 8 | (t->seen & 7));
    { /* a head (شركة، مدينة، الرئيس) with the kind of word after it: a head
         * before a rare word without the article often begins a name */
        const unsigned heads = FH_GAZ_ORG_HEAD | FH_GAZ_LOC_HEAD | FH_GAZ_TITLE;
        if ((t->gaz & heads) && p1)
            out[k++] = fi(F_HEAD_P1, (t->gaz & heads) | (uint32_t)p1->clus[0] << 16 | (uint32_t)p1->has_al << 12);
        if (m1 && (m1->gaz & heads))
            out[k++] = fi(F_AFTER_HEAD, (m1->gaz & heads) | (uint32_t)t->clus[0] << 16 | (uint32_t)t->has_al << 12);
    }
    { /* a whole name the model found often in the news (its boundaries) */
        uint32_t a = m1 ? m1->lname : 0xFF, b = p1 ? p1->lname : 0xFF;
        if (t->lname) out[k++] = fi(F_LNAME, t->lname);
        if (t->lname || (m1 && m1->lname)) out[k++] = fi(F_LNAME_M1, a << 8 | t->lname);
        if (t->lname || (p1 && p1->lname)) out[k++] = fi(F_LNAME_P1, b << 8 | t->lname);
    }
    if (t->in_sport) { /* in a sports report a city's name is often its club's */
        out[k++] = fi(F_SPORT_GAZ, t->gaz & (FH_GAZ_LOC_B | FH_GAZ_LOC_I | FH_GAZ_ORG_B | FH_GAZ_ORG_I));
        out[k++] = fi(F_SPORT_CC, t->clus[0]);
    }
    return k;
}

size_t fh_ner_context_features(const fh_ner_tok *toks, size_t n, size_t i, uint32_t *out)
{
    size_t k = fh_ner_pair_features(toks, n, i, out);
    uint32_t v[FH_NER_VALUE_KINDS];
    fh_ner_context_values(toks, n, i, v);
    for (int kind = 0; kind < FH_NER_VALUE_KINDS; kind++) k += fh_ner_value_features(kind, v[kind], out + k);
    return k;
}

size_t fh_ner_features(const fh_ner_tok *toks, size_t n, size_t i, uint32_t *out)
{
    size_t k = 0;
    for (int d = -FH_NER_REACH; d <= FH_NER_REACH; d++) {
        int in = d < 0 ? i >= (size_t)-d : i + (size_t)d < n;
        k += fh_ner_word_features(in ? &toks[i + d] : NULL, d, out + k);
    }
    return k + fh_ner_context_features(toks, n, i, out + k);
}

void fh_ner_add_weights(const fh_ner_res *r, const uint32_t *f, size_t n, int32_t *acc)
{
    for (size_t k = 0; k < n; k++) {
        long at = fh_ner_feat_find(r, f[k]);
        if (at < 0) continue;
        for (int l = 0; l < FH_NER_LABELS; l++) acc[l] += r->feats[at].w[l];
    }
}

/* ------------------------------------------------------------------ */
/* decoding                                                             */

int fh_ner_allowed(int a, int b)
{
    if (b == FH_NER_O || FH_NER_IS_B(b)) return 1;
    /* b is I-X: only after B-X or I-X */
    return a >= 0 && a != FH_NER_O && FH_NER_TYPE(a) == FH_NER_TYPE(b);
}

void fh_ner_trans_init(fh_ner_trans *tr, const float *trans)
{
    enum { L = FH_NER_LABELS, LP = FH_NER_LABELS_PAD };
    /* -INFINITY where a label may not follow another: a disallowed
     * predecessor never wins (v > best fails); the padding columns too */
    for (int a = 0; a < L; a++)
        for (int b = 0; b < LP; b++)
            tr->from[a][b] = b < L && fh_ner_allowed(a, b) ? trans[(a + 1) * L + b] : -INFINITY;
    for (int b = 0; b < L; b++) tr->start[b] = fh_ner_allowed(-1, b) ? trans[b] : -INFINITY;
}

void fh_ner_viterbi(const float *emit, const float *trans, size_t n, float *work, uint8_t *labels)
{
    fh_ner_trans tr;
    fh_ner_trans_init(&tr, trans);
    fh_ner_viterbi_trans(emit, &tr, n, work, labels);
}

/* The best of prev[a] + from[a][b] over a in order (a later a replaces an
 * earlier only when greater): the predecessor decoding keeps for b. */
static int best_before(const float *prev, const fh_ner_trans *trt, int b)
{
    float best = -INFINITY;
    int arg = 0;
    for (int a = 0; a < FH_NER_LABELS; a++) {
        float v = prev[a] + trt->from[a][b];
        if (v > best) {
            best = v;
            arg = a;
        }
    }
    return arg;
}

/* The best scores of the labels of a token over their predecessors are
 * summed four labels at a time without keeping which predecessor gave
 * them; the backtrace then works out the predecessor of only the label it
 * follows (best_before: the same sums in the same order, so the same one
 * the first best would have kept). */
void fh_ner_viterbi_trans(const float *emit, const fh_ner_trans *trt, size_t n, float *work, uint8_t *labels)
{
    enum { L = FH_NER_LABELS, LP = FH_NER_LABELS_PAD /* rows padded to whole vectors */, VEC = (L - 1) / 4 };
    _Static_assert(FH_NER_LABELS == 9 && FH_NER_I_MISC == 8 && FH_NER_B_MISC == 7,
                   "the decoder tries the last label's two predecessors apart from the vectors");
    if (!n) return;
    const float (*tr)[LP] = trt->from;
    for (int b = 0; b < L; b++)
        work[b] = trt->start[b] == -INFINITY ? -INFINITY : emit[b] + trt->start[b];
    typedef float v4f __attribute__((vector_size(16)));
#ifndef __SSE__
    typedef int32_t v4i __attribute__((vector_size(16)));
#endif
    for (size_t i = 1; i < n; i++) {
        const float *prev = work + (i - 1) * L;
        float *cur = work + i * L;
        v4f best[VEC];
        for (int k = 0; k < VEC; k++) best[k] = (v4f){-INFINITY, -INFINITY, -INFINITY, -INFINITY};
        for (int a = 0; a < L; a++) {
            v4f p = {prev[a], prev[a], prev[a], prev[a]};
            for (int k = 0; k < VEC; k++) {
                v4f t;
                memcpy(&t, &tr[a][4 * k], sizeof t);
                v4f v = p + t;
#ifdef __SSE__
                best[k] = _mm_max_ps(v, best[k]); /* v > best ? v : best */
#else
                v4i gt = v > best[k];
                best[k] = (v4f)(((v4i)v & gt) | ((v4i)best[k] & ~gt));
#endif
            }
        }
        float bf[LP];
        memcpy(bf, best, sizeof best);
        /* the last label, I-MISC, alone: only B-MISC and I-MISC may
         * precede it (every other predecessor scores -INFINITY) */
        bf[L - 1] = prev[L - 2] + tr[L - 2][L - 1];
        if (prev[L - 1] + tr[L - 1][L - 1] > bf[L - 1]) bf[L - 1] = prev[L - 1] + tr[L - 1][L - 1];
        for (int b = 0; b < L; b++) cur[b] = bf[b] + emit[i * L + b];
    }
    const float *last = work + (n - 1) * L;
    int arg = 0;
    for (int b = 1; b < L; b++)
        if (last[b] > last[arg]) arg = b;
    for (size_t i = n; i-- > 0;) {
        labels[i] = (uint8_t)arg;
        if (i) arg = best_before(work + (i - 1) * L, trt, arg);
    }
}
