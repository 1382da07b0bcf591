/*
 * ner_doc.c - one name, one tag within a text.  A name the model tags in
 * one sentence is often left untagged where the context says less about
 * it (يوسف القرضاوي, then فتوى القرضاوي; بيل كلينتون, then ادارة كلينتون).
 * The tagger decodes every sentence, keeping each word's label and the
 * hash of its entity form, and records the names it found
 * (fh_ner_names_learn), with the last word of a person's name of two
 * words or more as a name of its own (the surname alone names the same
 * person later on); then it counts how often each name occurs in the
 * text, tagged or not (fh_ner_names_count); and as it reads the text a
 * second time to make the spans, it gives a name tagged with one type in
 * most places that type everywhere, lets a name tagged short of a longer
 * one tagged elsewhere take the missing word, and tags the untagged
 * occurrences of names that were tagged often enough
 * (fh_ner_names_apply).  Names are matched by their words' entity forms
 * (proclitics other than the article removed), so للقرضاوي is القرضاوي.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "ner.h"

#define SEED_NAME 0x6e616d65u
/* Tag an untagged occurrence when at least 1 in NAME_SHARE occurrences of
 * the name were tagged. */
#define NAME_SHARE 3

typedef struct fh_ner_name_slot {
    uint32_t key;         /* hash of the word forms, 0 = empty */
    uint32_t occ;         /* occurrences in the text */
    uint32_t votes[4];    /* tagged as PER, ORG, LOC, MISC */
} fh_ner_name_slot;

void fh_ner_names_free(fh_ner_names *m)
{
    if (!m) return;
    free(m->slots);
    free(m->first);
    memset(m, 0, sizeof *m);
}

/* Whether a recorded name begins with word w: most words begin none, and
 * no name is looked up from them. */
static int first_has(const fh_ner_names *m, uint32_t w)
{
    if (!m->first_cap) return 0;
    for (size_t i = w & (m->first_cap - 1);; i = (i + 1) & (m->first_cap - 1)) {
        if (m->first[i] == w) return 1;
        if (!m->first[i]) return 0;
    }
}

static void first_put(uint32_t *set, size_t cap, uint32_t w)
{
    size_t i = w & (cap - 1);
    while (set[i] && set[i] != w) i = (i + 1) & (cap - 1);
    set[i] = w;
}

static int first_add(fh_ner_names *m, uint32_t w)
{
    if (!w || first_has(m, w)) return FAHRAS_OK; /* 0: never a word's hash */
    if ((m->nfirst + 1) * 2 > m->first_cap) {
        size_t cap = m->first_cap ? 2 * m->first_cap : 64;
        uint32_t *set = calloc(cap, sizeof *set);
        if (!set) return FAHRAS_ERR_NOMEM;
        for (size_t i = 0; i < m->first_cap; i++)
            if (m->first[i]) first_put(set, cap, m->first[i]);
        free(m->first);
        m->first = set;
        m->first_cap = cap;
    }
    first_put(m->first, m->first_cap, w);
    m->nfirst++;
    return FAHRAS_OK;
}

static fh_ner_name_slot *find_slot(const fh_ner_names *m, uint32_t key)
{
    if (!m->cap) return NULL;
    for (size_t i = key & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (m->slots[i].key == key) return &m->slots[i];
        if (!m->slots[i].key) return NULL;
    }
}

static int grow(fh_ner_names *m)
{
    size_t cap = m->cap ? 2 * m->cap : 64;
    fh_ner_name_slot *s = calloc(cap, sizeof *s);
    if (!s) return FAHRAS_ERR_NOMEM;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slots[i].key) continue;
        size_t j = m->slots[i].key & (cap - 1);
        while (s[j].key) j = (j + 1) & (cap - 1);
        s[j] = m->slots[i];
    }
    free(m->slots);
    m->slots = s;
    m->cap = cap;
    return FAHRAS_OK;
}

static int vote(fh_ner_names *m, uint32_t key, int type)
{
    fh_ner_name_slot *s = find_slot(m, key);
    if (!s) {
        if ((m->n + 1) * 2 > m->cap && grow(m) != FAHRAS_OK) return FAHRAS_ERR_NOMEM;
        size_t j = key & (m->cap - 1);
        while (m->slots[j].key) j = (j + 1) & (m->cap - 1);
        s = &m->slots[j];
        s->key = key;
        m->n++;
    }
    s->votes[type - 1]++;
    return FAHRAS_OK;
}

uint32_t fh_ner_name_word(const fh_ner_tok *t)
{
    return fh_ner_hash(SEED_NAME, t->word, t->word_len);
}

/* A word that can stand for a name on its own: a word of two letters or
 * more (not a number or a symbol). */
int fh_ner_name_alone(const fh_ner_tok *t)
{
    return (t->type == FAHRAS_TOKEN_ARABIC || t->type == FAHRAS_TOKEN_WORD) && t->letters >= 2;
}

static int word_in(const fh_ner_tok *t, const char *const *list, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (t->word_len == strlen(list[k]) && !memcmp(t->word, list[k], t->word_len)) return 1;
    return 0;
}

/* A word that makes one given name with the word after it (عبد الله,
 * أبو بكر, بن علي): the word after it is no surname of its own. */
int fh_ner_name_joins(const fh_ner_tok *t)
{
    static const char *const join[] = {"عبد", "ابو", "أبو", "ابي", "أبي", "ابا", "أبا", "بن", "ابن", "بنت"};
    return word_in(t, join, sizeof join / sizeof *join);
}

/* An ordinal (السادس of محمد السادس): no surname either. */
int fh_ner_ordinal(const fh_ner_tok *t)
{
    static const char *const ord[] = {"الاول", "الأول", "الثاني", "الثالث", "الرابع", "الخامس",
                                      "السادس", "السابع", "الثامن", "التاسع", "العاشر", "عشر"};
    return word_in(t, ord, sizeof ord / sizeof *ord);
}

uint8_t fh_ner_name_flags(const fh_ner_tok *t)
{
    return (uint8_t)((fh_ner_name_alone(t) ? FH_NER_NAME_ALONE : 0) | (fh_ner_name_joins(t) ? FH_NER_NAME_JOIN : 0) |
                     (fh_ner_ordinal(t) ? FH_NER_ORDINAL : 0));
}

/* Hash of the words w[lo..hi). */
static uint32_t name_hash(const uint32_t *w, size_t lo, size_t hi)
{
    uint32_t h = SEED_NAME;
    for (size_t i = lo; i < hi; i++) h = fh_ner_hash(h, &w[i], sizeof w[i]);
    return h;
}

int fh_ner_names_learn(fh_ner_names *m, const uint32_t *w, const uint8_t *flags, size_t n, const uint8_t *labels)
{
    for (size_t i = 0; i < n;) {
        int l = labels[i];
        if (l == FH_NER_O || !FH_NER_IS_B(l)) {
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < n && labels[j] == l + 1) j++;
        int ty = FH_NER_TYPE(l);
        if (j - i <= FH_NER_NAME_WORDS &&
            (vote(m, name_hash(w, i, j), ty) != FAHRAS_OK || first_add(m, w[i]) != FAHRAS_OK))
            return FAHRAS_ERR_NOMEM;
        if (ty == FAHRAS_SPAN_PER && j - i >= 2 && (flags[j - 1] & FH_NER_NAME_ALONE) &&
            !(flags[j - 2] & FH_NER_NAME_JOIN) && !(flags[j - 1] & FH_NER_ORDINAL) &&
            (vote(m, name_hash(w, j - 1, j), ty) != FAHRAS_OK || first_add(m, w[j - 1]) != FAHRAS_OK))
            return FAHRAS_ERR_NOMEM;
        i = j;
    }
    return FAHRAS_OK;
}

void fh_ner_names_count(fh_ner_names *m, const uint32_t *w, const uint8_t *flags, size_t n)
{
    if (!m->n) return;
    for (size_t i = 0; i < n; i++) {
        if (!first_has(m, w[i])) continue;
        uint32_t h = SEED_NAME;
        for (size_t k = i; k < n && k < i + FH_NER_NAME_WORDS; k++) {
            if (k > i && (flags[k] & FH_NER_SENT_START)) break;
            h = fh_ner_hash(h, &w[k], sizeof w[k]);
            fh_ner_name_slot *s = find_slot(m, h);
            if (s) s->occ++;
        }
    }
}

/* The type index (0..3) with the most of a name's votes, the votes of
 * every type in *total. */
static int most_voted(const fh_ner_name_slot *s, uint32_t *total)
{
    int best = 0;
    *total = 0;
    for (int t = 0; t < 4; t++) {
        *total += s->votes[t];
        if (s->votes[t] > s->votes[best]) best = t;
    }
    return best;
}

/* The type a name was tagged with, when it was tagged often enough; 0
 * otherwise. */
static int name_type(const fh_ner_names *m, uint32_t key)
{
    const fh_ner_name_slot *s = find_slot(m, key);
    uint32_t total;
    int best = s ? most_voted(s, &total) : 0;
    return s && (uint64_t)total * NAME_SHARE >= s->occ ? best + 1 : 0;
}

/* The type more than half of a name's tagged occurrences have; 0 when
 * none has. */
static int majority_type(const fh_ner_names *m, uint32_t key)
{
    const fh_ner_name_slot *s = find_slot(m, key);
    uint32_t total;
    int best = s ? most_voted(s, &total) : 0;
    return s && (uint64_t)s->votes[best] * 2 > total ? best + 1 : 0;
}

void fh_ner_names_apply(const fh_ner_names *m, const uint32_t *w, const uint8_t *flags, size_t n, uint8_t *labels)
{
    if (!m->n) return;
    /* a name tagged with one type in most places takes it everywhere */
    for (size_t i = 0; i < n;) {
        int l = labels[i];
        if (!FH_NER_IS_B(l)) {
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < n && labels[j] == l + 1) j++;
        int ty = j - i <= FH_NER_NAME_WORDS ? majority_type(m, name_hash(w, i, j)) : 0;
        if (ty && ty != FH_NER_TYPE(l)) {
            labels[i] = (uint8_t)(2 * ty - 1);
            for (size_t k = i + 1; k < j; k++) labels[k] = (uint8_t)(2 * ty);
        }
        i = j;
    }
    /* a name tagged short of a longer name tagged elsewhere in the text
     * takes the untagged word before or after it (السعيد after رفعت
     * where رفعت السعيد was tagged) */
    for (size_t i = 0; i < n;) {
        int l = labels[i];
        if (!FH_NER_IS_B(l)) {
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < n && labels[j] == l + 1) j++;
        int ty = FH_NER_TYPE(l);
        if (j - i < FH_NER_NAME_WORDS) {
            if (i > 0 && labels[i - 1] == FH_NER_O && first_has(m, w[i - 1]) &&
                name_type(m, name_hash(w, i - 1, j)) == ty) {
                labels[i - 1] = (uint8_t)l;
                labels[i] = (uint8_t)(l + 1);
            } else if (j < n && labels[j] == FH_NER_O && name_type(m, name_hash(w, i, j + 1)) == ty) {
                labels[j] = (uint8_t)(l + 1);
                j++;
            }
        }
        i = j;
    }
    for (size_t i = 0; i < n;) {
        if (labels[i] != FH_NER_O || !first_has(m, w[i])) { /* no recorded name starts here */
            i++;
            continue;
        }
        size_t run = 0; /* untagged words from i on */
        while (i + run < n && run < FH_NER_NAME_WORDS && labels[i + run] == FH_NER_O) run++;
        size_t len = 0;
        int ty = 0;
        uint32_t h[FH_NER_NAME_WORDS + 1]; /* h[k]: name_hash(w, i, i + k) */
        h[0] = SEED_NAME;
        for (size_t k = 1; k <= run; k++) h[k] = fh_ner_hash(h[k - 1], &w[i + k - 1], sizeof w[i + k - 1]);
        /* the longest name that starts here, covers untagged words only and
         * is not followed by the inside of another name */
        for (size_t k = run; k >= 1 && !ty; k--) {
            if (i + k < n && labels[i + k] != FH_NER_O && !FH_NER_IS_B(labels[i + k])) continue;
            if (k == 1 && !(flags[i] & FH_NER_NAME_ALONE)) continue;
            ty = name_type(m, h[k]);
            len = k;
        }
        if (!ty) {
            i++;
            continue;
        }
        labels[i] = (uint8_t)(2 * ty - 1);
        for (size_t k = 1; k < len; k++) labels[i + k] = (uint8_t)(2 * ty);
        i += len;
    }
}

/* ------------------------------------------------------------------ */
/* how words were tagged earlier in the text (fh_ner_seen)              */

/* A word's key in the table; 0 marks an empty slot, so a word hashed to 0
   is kept as 1. */
static uint32_t seen_key(const fh_ner_tok *t) { return t->name_word ? t->name_word : 1; }

static size_t seen_find(const fh_ner_seen *m, uint32_t key)
{
    size_t j = key & (m->cap - 1);
    while (m->key[j] && m->key[j] != key) j = (j + 1) & (m->cap - 1);
    return j;
}

/* A token's seen value from its word's counts (fh_ner_seen). */
static uint8_t seen_value(const uint16_t *c)
{
    int best = 0;
    for (int ty = 1; ty <= 4; ty++)
        if (c[ty] > c[best] || (!best && c[ty])) best = ty;
    if (!best) return 0;
    unsigned tot = (unsigned)c[0] + c[1] + c[2] + c[3] + c[4];
    unsigned share = 4 * c[best] / tot; /* quarters, 4 read as 3 */
    unsigned occ = tot < 2 ? 0 : tot < 4 ? 1 : tot < 8 ? 2 : 3;
    return (uint8_t)(best | (share > 3 ? 3 : share) << 3 | occ << 5);
}

void fh_ner_seen_mark(const fh_ner_seen *m, fh_ner_tok *toks, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        toks[i].seen = 0;
        if (!m->n || !fh_ner_name_alone(&toks[i])) continue;
        size_t j = seen_find(m, seen_key(&toks[i]));
        if (m->key[j]) toks[i].seen = seen_value(m->count[j]);
    }
}

static int seen_grow(fh_ner_seen *m)
{
    size_t cap = m->cap ? 2 * m->cap : 256;
    uint32_t *key = calloc(cap, sizeof *key);
    uint16_t (*count)[5] = calloc(cap, sizeof *count);
    uint32_t *used = malloc(cap / 2 * sizeof *used); /* at most half the slots are taken */
    if (!key || !count || !used || cap > UINT32_MAX) {
        free(key);
        free(count);
        free(used);
        return FAHRAS_ERR_NOMEM;
    }
    fh_ner_seen old = *m;
    m->key = key;
    m->count = count;
    m->used = used;
    m->cap = cap;
    m->n = 0;
    for (size_t i = 0; i < old.cap; i++) {
        if (!old.key[i]) continue;
        size_t j = seen_find(m, old.key[i]);
        m->key[j] = old.key[i];
        memcpy(m->count[j], old.count[i], sizeof *count);
        m->used[m->n++] = (uint32_t)j;
    }
    free(old.key);
    free(old.count);
    free(old.used);
    return FAHRAS_OK;
}

int fh_ner_seen_learn(fh_ner_seen *m, const fh_ner_tok *toks, size_t n, const uint8_t *labels)
{
    for (size_t i = 0; i < n; i++) {
        if (!fh_ner_name_alone(&toks[i])) continue;
        if ((m->n + 1) * 2 > m->cap && seen_grow(m) != FAHRAS_OK) return FAHRAS_ERR_NOMEM;
        size_t j = seen_find(m, seen_key(&toks[i]));
        if (!m->key[j]) {
            m->key[j] = seen_key(&toks[i]);
            m->used[m->n++] = (uint32_t)j;
        }
        uint16_t *c = &m->count[j][FH_NER_TYPE(labels[i])];
        if (*c < UINT16_MAX) (*c)++;
    }
    return FAHRAS_OK;
}

void fh_ner_seen_clear(fh_ner_seen *m)
{
    /* the slots taken, not the whole table: it keeps the size of the
     * longest text read, most texts fill a small part of it */
    for (size_t k = 0; k < m->n; k++) {
        m->key[m->used[k]] = 0;
        memset(m->count[m->used[k]], 0, sizeof *m->count);
    }
    m->n = 0;
}

void fh_ner_seen_free(fh_ner_seen *m)
{
    free(m->key);
    free(m->count);
    free(m->used);
    memset(m, 0, sizeof *m);
}
