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
 * the same sound in many dialects).  It must be its own key (the analyzer
 * maps it to itself), so that looking it up asks for exactly that key.
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
 * none), each its own key under an, in a fixed order, without duplicates;
 * df[] zeroed.  Returns 0, or -1 when out of memory (out is then empty).
 * Free with fh_spell_free.
 */
int fh_spell_variants(const fahras_analyzer *an, const char *key, const char *norm, fh_spell *out);

/* The variant with the most documents (the first on a tie), or NULL when
 * none has any.  Points into s. */
const char *fh_spell_best(const fh_spell *s);

void fh_spell_free(fh_spell *s); /* NULL-safe; leaves s empty */

#endif
