/*
 * spelling.c - near spellings of a query word (see spelling.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "letters.h"
#include "spelling.h"

/* Longer keys are names or run-together words: no guessing. */
#define MAX_LETTERS 32

/* Letters confused in writing, each group on its own: the same sound in
 * many dialects (ض ظ, ذ ز د, ث ت س, ص س, ط ت, ق ك) or the same shape
 * but for dots (ح ج خ, ع غ, ر ز, س ش, ص ض, ط ظ), ة written ه, one
 * long vowel for another, and a hamza written as the letter that carries
 * it (قائد as قايد, رؤوف as رووف; the key writes ئ and ؤ as ء). */
static const uint16_t *const confusable[] = {
    (const uint16_t[]){AR_DAD, AR_ZAH, 0},
    (const uint16_t[]){AR_THAL, AR_ZAIN, AR_DAL, 0},
    (const uint16_t[]){AR_THEH, AR_TEH, AR_SEEN, 0},
    (const uint16_t[]){AR_SAD, AR_SEEN, 0},
    (const uint16_t[]){AR_TAH, AR_TEH, 0},
    (const uint16_t[]){AR_QAF, AR_KAF, 0},
    (const uint16_t[]){AR_HAH, AR_JEEM, AR_KHAH, 0},
    (const uint16_t[]){AR_AIN, AR_GHAIN, 0},
    (const uint16_t[]){AR_REH, AR_ZAIN, 0},
    (const uint16_t[]){AR_SEEN, AR_SHEEN, 0},
    (const uint16_t[]){AR_SAD, AR_DAD, 0},
    (const uint16_t[]){AR_TAH, AR_ZAH, 0},
    (const uint16_t[]){AR_TEH_MARBUTA, AR_HEH, 0},
    (const uint16_t[]){AR_ALEF, AR_WAW, AR_YEH, 0},
    (const uint16_t[]){AR_HAMZA, AR_YEH, 0},
    (const uint16_t[]){AR_HAMZA, AR_WAW, 0},
};

/* Long vowels, the letters most often added or left out. */
static const uint16_t long_vowels[] = {AR_ALEF, AR_WAW, AR_YEH};

static int is_arabic_letter(uint32_t c) { return c >= AR_HAMZA && c <= AR_YEH && c != AR_TATWEEL; }

/* Decode UTF-8 Arabic letters (all 2 bytes); returns the count, or -1 if
 * s holds anything else or more than MAX_LETTERS letters. */
static int decode(const char *s, uint16_t *out)
{
    int n = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if ((p[0] & 0xE0) != 0xC0 || (p[1] & 0xC0) != 0x80 || n == MAX_LETTERS) return -1;
        uint32_t c = ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
        if (!is_arabic_letter(c)) return -1;
        out[n++] = (uint16_t)c;
        p += 2;
    }
    return n;
}

typedef struct single_ctx {
    int n;       /* tokens seen */
    int arabic;  /* the first is a whole Arabic word */
    char *key;   /* its key and normalized form, copied here: the token */
    char *norm;  /* lives only in the callback (norm may be NULL) */
} single_ctx;

static int note_token(void *ctx, const fahras_token *t)
{
    single_ctx *c = ctx;
    if (++c->n > 1) return 1; /* stop: more than one token */
    c->arabic = t->type == FAHRAS_TOKEN_ARABIC && !(t->flags & FAHRAS_TOKEN_TRUNCATED) &&
                t->key_len && t->key_len <= FAHRAS_MAX_TOKEN_BYTES;
    if (c->arabic) {
        memcpy(c->key, t->key, t->key_len);
        c->key[t->key_len] = '\0';
        if (c->norm) {
            size_t n = t->norm_len <= FAHRAS_MAX_TOKEN_BYTES ? t->norm_len : 0;
            memcpy(c->norm, t->norm, n);
            c->norm[n] = '\0';
        }
    }
    return 0;
}

/* Analyze text; 1 with key (and norm, if not NULL) filled,
 * NUL-terminated, when it is one whole Arabic word.  Room for
 * FAHRAS_MAX_TOKEN_BYTES + 1 bytes each. */
static int single_arabic_word(const fahras_analyzer *an, const char *text, size_t len, char *key,
                              char *norm)
{
    single_ctx c = {0, 0, key, norm};
    if (fahras_analyze(an, text, len, note_token, &c, NULL) != FAHRAS_OK) return 0;
    return c.n == 1 && c.arabic;
}

int fh_spell_word_key(const fahras_analyzer *an, const char *text, size_t len, char *key,
                      char *norm)
{
    uint16_t letters[MAX_LETTERS];
    if (!single_arabic_word(an, text, len, key, norm)) return 0;
    /* the whole word, when clitics or suffixes were taken off it */
    if (norm && (!strcmp(norm, key) || decode(norm, letters) < FH_SPELL_MIN_LETTERS)) norm[0] = '\0';
    int n = decode(key, letters);
    return n >= FH_SPELL_MIN_LETTERS || (norm && norm[0]);
}

typedef struct builder {
    const fahras_analyzer *an;
    const char *key, *norm; /* the word's own forms: never variants */
    fh_spell *out;
    size_t cap;
    int oom;
} builder;

/* Keep the key of w[0..n) if it is one Arabic word and its key is new.
 * The key, not the letters: an edit of the whole word keeps its clitics
 * (وبومبيو from وبومبييو), and what documents hold is its key بومبيو. */
static void offer(builder *b, const uint16_t *w, int n)
{
    char text[2 * MAX_LETTERS + 3], key[FAHRAS_MAX_TOKEN_BYTES + 1];
    size_t k = 0;
    if (b->oom || n < 2) return;
    for (int i = 0; i < n; i++) {
        text[k++] = (char)(0xC0 | (w[i] >> 6));
        text[k++] = (char)(0x80 | (w[i] & 0x3F));
    }
    text[k] = '\0';
    if (!single_arabic_word(b->an, text, k, key, NULL)) return;
    k = strlen(key);
    if (!strcmp(key, b->key) || (b->norm && !strcmp(key, b->norm))) return;
    for (size_t i = 0; i < b->out->n; i++)
        if (!strcmp(b->out->text[i], key)) return;
    if (b->out->n == b->cap) {
        size_t ncap = b->cap ? 2 * b->cap : 64;
        char **nt = realloc(b->out->text, ncap * sizeof *nt);
        if (!nt) {
            b->oom = 1;
            return;
        }
        b->out->text = nt;
        long long *nd = realloc(b->out->df, ncap * sizeof *nd);
        if (!nd) {
            b->oom = 1;
            return;
        }
        b->out->df = nd;
        b->cap = ncap;
    }
    char *copy = malloc(k + 1);
    if (!copy) {
        b->oom = 1;
        return;
    }
    memcpy(copy, key, k + 1);
    b->out->text[b->out->n] = copy;
    b->out->df[b->out->n++] = 0;
}

/* The g of foreign names, written ج, غ, ق or ك (جوجل, غوغل, قوقل). */
static const uint16_t g_sound[] = {AR_JEEM, AR_GHAIN, AR_QAF, AR_KAF, 0};

static int in_group(const uint16_t *grp, uint16_t c)
{
    for (int j = 0; grp[j]; j++)
        if (grp[j] == c) return 1;
    return 0;
}

static int is_long_vowel(uint16_t c) { return c == AR_ALEF || c == AR_WAW || c == AR_YEH; }

typedef void (*emit_fn)(void *ctx, const uint16_t *w, int n);

/* Every letter of w replaced by the others of grp. */
static void replace_in_group(const uint16_t *w, int n, const uint16_t *grp, emit_fn emit, void *ctx)
{
    uint16_t v[MAX_LETTERS + 1];
    for (int i = 0; i < n; i++) {
        if (!in_group(grp, w[i])) continue;
        for (int j = 0; grp[j]; j++) {
            if (grp[j] == w[i]) continue;
            memcpy(v, w, (size_t)n * sizeof *w);
            v[i] = grp[j];
            emit(ctx, v, n);
        }
    }
}

/* The edits of the letters w[0..n) of the kinds asked (FH_EDIT_*). */
static void edits_of(const uint16_t *w, int n, unsigned kinds, emit_fn emit, void *ctx)
{
    uint16_t v[MAX_LETTERS + 1];
    if (kinds & FH_EDIT_CONFUSABLE)
        for (size_t g = 0; g < sizeof confusable / sizeof confusable[0]; g++)
            replace_in_group(w, n, confusable[g], emit, ctx);
    if (kinds & FH_EDIT_G_SOUND) replace_in_group(w, n, g_sound, emit, ctx);
    /* a letter dropped: any letter, or only a long vowel, or one of two
     * doubled letters */
    for (int i = 0; i < n; i++) {
        int doubled = (i > 0 && w[i - 1] == w[i]) || (i + 1 < n && w[i + 1] == w[i]);
        if (!(kinds & FH_EDIT_DROP) && !((kinds & FH_EDIT_VOWEL_DROP) && is_long_vowel(w[i])) &&
            !((kinds & FH_EDIT_DOUBLE) && doubled))
            continue;
        memcpy(v, w, (size_t)i * sizeof *w);
        memcpy(v + i, w + i + 1, (size_t)(n - i - 1) * sizeof *w);
        emit(ctx, v, n - 1);
    }
    /* a long vowel added */
    if (kinds & FH_EDIT_VOWEL_ADD)
        for (int i = 0; i <= n && n < MAX_LETTERS; i++)
            for (size_t j = 0; j < sizeof long_vowels / sizeof long_vowels[0]; j++) {
                memcpy(v, w, (size_t)i * sizeof *w);
                v[i] = long_vowels[j];
                memcpy(v + i + 1, w + i, (size_t)(n - i) * sizeof *w);
                emit(ctx, v, n + 1);
            }
    /* a letter doubled */
    if ((kinds & FH_EDIT_DOUBLE) && n < MAX_LETTERS)
        for (int i = 0; i < n; i++) {
            memcpy(v, w, (size_t)(i + 1) * sizeof *w);
            memcpy(v + i + 1, w + i, (size_t)(n - i) * sizeof *w);
            emit(ctx, v, n + 1);
        }
    /* two neighbours swapped (of a long vowel only: FH_EDIT_VOWEL_SWAP) */
    if (kinds & (FH_EDIT_SWAP | FH_EDIT_VOWEL_SWAP))
        for (int i = 0; i + 1 < n; i++) {
            if (w[i] == w[i + 1]) continue;
            if (!(kinds & FH_EDIT_SWAP) && !is_long_vowel(w[i]) && !is_long_vowel(w[i + 1])) continue;
            memcpy(v, w, (size_t)n * sizeof *w);
            v[i] = w[i + 1];
            v[i + 1] = w[i];
            emit(ctx, v, n);
        }
}

static void emit_offer(void *ctx, const uint16_t *w, int n) { offer(ctx, w, n); }

/* The variants of the letters w[0..n) (see spelling.h), offered to b. */
static void offer_edits(builder *b, const uint16_t *w, int n)
{
    edits_of(w, n, FH_EDIT_CONFUSABLE | FH_EDIT_DROP | FH_EDIT_VOWEL_ADD | FH_EDIT_SWAP, emit_offer,
             b);
}

typedef struct utf8_emit {
    fh_edit_fn fn;
    void *ctx;
} utf8_emit;

static void emit_utf8(void *ctx, const uint16_t *w, int n)
{
    utf8_emit *e = ctx;
    char text[2 * MAX_LETTERS + 3];
    size_t k = 0;
    if (n < 2) return;
    for (int i = 0; i < n; i++) {
        text[k++] = (char)(0xC0 | (w[i] >> 6));
        text[k++] = (char)(0x80 | (w[i] & 0x3F));
    }
    text[k] = '\0';
    e->fn(e->ctx, text, k);
}

int fh_spell_edits(const char *word, unsigned kinds, fh_edit_fn fn, void *ctx)
{
    uint16_t w[MAX_LETTERS];
    int n = decode(word, w);
    if (n < 0) return -1;
    utf8_emit e = {fn, ctx};
    edits_of(w, n, kinds, emit_utf8, &e);
    return 0;
}

int fh_spell_variants(const fahras_analyzer *an, const char *key, const char *norm, fh_spell *out)
{
    uint16_t w[MAX_LETTERS];
    memset(out, 0, sizeof *out);
    if (!key) return 0;
    builder b = {an, key, norm && *norm ? norm : NULL, out, 0, 0};
    int n = decode(key, w);
    if (n >= FH_SPELL_MIN_LETTERS) offer_edits(&b, w, n);
    /* the whole word's edits too: بومبييو has the key ومبييو (ب taken
     * for a preposition), and its near spelling بومبيو is a word of its own */
    n = b.norm ? decode(b.norm, w) : -1;
    if (n >= FH_SPELL_MIN_LETTERS) offer_edits(&b, w, n);
    if (b.oom) {
        fh_spell_free(out);
        return -1;
    }
    return 0;
}

const char *fh_spell_best(const fh_spell *s)
{
    const char *best = NULL;
    long long best_df = 0;
    for (size_t i = 0; s && i < s->n; i++)
        if (s->df[i] > best_df) {
            best_df = s->df[i];
            best = s->text[i];
        }
    return best;
}

void fh_spell_free(fh_spell *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->n; i++) free(s->text[i]);
    free(s->text);
    free(s->df);
    memset(s, 0, sizeof *s);
}
