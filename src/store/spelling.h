/*
 * spelling.h - near spellings of a query word that no document holds.
 *
 * Questions typed by people carry misspellings the documents do not:
 * اظطراب for اضطراب (ض/ظ), ثامر for تامر (ث/ت), موريطانيا for موريتانيا,
 * بلجيكيا for بلجيكا.  Such a word matches nothing and adds nothing to the
 * ranking.  Both stores then look its near spellings up in the index and
 * add the most frequent one to the query, at a lower weight.  Words the
 * index holds are never touched: this only ever finds more.
 *
 * A near spelling of a key is one edit away: a letter dropped, two
 * neighbours swapped, a long vowel (ا و ي) added, or a letter replaced by
 * one commonly confused with it in writing (same shape but for dots, or
 * the same sound in many dialects).  The variant looked up is the key of
 * the edited word (its own analysis): an edit of the whole word keeps its
 * clitics (وبومبيو, from وبومبييو) and documents hold its key (بومبيو).
 */
#ifndef FAHRAS_SPELLING_H
#define FAHRAS_SPELLING_H

#include <stddef.h>

#include "fahras.h"

/* Shorter words have too many neighbours to guess from. */
#define FH_SPELL_MIN_LETTERS 4
/* Words of one query looked up at most: each costs up to a few hundred
 * index lookups, and a query of many unknown words is noise anyway. */
#define FH_SPELL_MAX_WORDS 8
/* Weight of the near spelling relative to the word the user typed: the
 * typed word matches nothing, its stand-in takes its place. */
#define FH_SPELL_WEIGHT 1.0

typedef struct fh_spell {
    size_t n;         /* variants */
    char **text;      /* text[i]: a NUL-terminated key */
    long long *df;    /* df[i]: documents holding it, filled by the store */
} fh_spell;

/*
 * If text[0..len) (one query clause) analyzes to exactly one Arabic word,
 * copy its key into key and, when norm is not NULL, its normalized form
 * into norm ("" when that is the key, or too short); room for
 * FAHRAS_MAX_TOKEN_BYTES + 1 bytes each.  Returns 1 when the key or the
 * normalized form has at least FH_SPELL_MIN_LETTERS letters, else 0.
 */
int fh_spell_word_key(const fahras_analyzer *an, const char *text, size_t len, char *key,
                      char *norm);

/*
 * The near spellings of key and of norm (the whole word, NULL or "" for
 * none), as keys under an, in a fixed order, without duplicates;
 * df[] zeroed.  Returns 0, or -1 when out of memory (out is then empty).
 * Free with fh_spell_free.
 */
int fh_spell_variants(const fahras_analyzer *an, const char *key, const char *norm, fh_spell *out);

/* The variant with the most documents (the first on a tie), or NULL when
 * none has any.  Points into s. */
const char *fh_spell_best(const fh_spell *s);

void fh_spell_free(fh_spell *s); /* NULL-safe; leaves s empty */

/* Kinds of one-letter edits (fh_spell_edits). */
enum {
    FH_EDIT_CONFUSABLE = 1u << 0, /* a letter replaced by a confusable one (above) */
    FH_EDIT_DROP = 1u << 1,       /* any letter dropped */
    FH_EDIT_VOWEL_ADD = 1u << 2,  /* a long vowel (ا و ي) added */
    FH_EDIT_SWAP = 1u << 3,       /* two neighbours swapped */
    FH_EDIT_VOWEL_DROP = 1u << 4, /* a long vowel dropped */
    FH_EDIT_DOUBLE = 1u << 5,     /* a letter doubled, or one of two doubled dropped */
    FH_EDIT_G_SOUND = 1u << 6,    /* the g of a foreign name: ج غ ق ك */
    /* a long vowel and a neighbour swapped (أميركا / أمريكا, إيدن / إدين);
     * FH_EDIT_SWAP takes these too */
    FH_EDIT_VOWEL_SWAP = 1u << 7
};
/* The edits by which transliterations of one foreign name differ (ترامب /
 * ترمب, ميونيخ / ميونخ, غريزمان / جريزمان): read by the store's variant
 * learner and by the entity alias learner (tools/ner/ner_corpus.c). */
#define FH_EDIT_TRANSLIT                                                                           \
    (FH_EDIT_CONFUSABLE | FH_EDIT_VOWEL_ADD | FH_EDIT_VOWEL_DROP | FH_EDIT_DOUBLE | FH_EDIT_G_SOUND)

/* Call fn with each edit of word (Arabic letters only, at most 32) of the
 * kinds asked, NUL-terminated; duplicates are possible.  Returns 0, or -1
 * when word is not such a word (fn is then never called). */
typedef void (*fh_edit_fn)(void *ctx, const char *edit, size_t len);
int fh_spell_edits(const char *word, unsigned kinds, fh_edit_fn fn, void *ctx);

#endif
