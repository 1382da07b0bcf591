/*
 * exact.h - checking an exact phrase against a document's text.
 *
 * The index keeps a word's exact form only when it differs from its key
 * (fahras_token_terms), so the index alone cannot tell "تحالف" from
 * التحالف in a quoted phrase.  Plan clauses marked exact_check (plan.h)
 * are verified on the candidate documents: the phrase's normalized forms
 * must occur as consecutive tokens of the text.
 */
#ifndef FAHRAS_EXACT_H
#define FAHRAS_EXACT_H

#include <stddef.h>

#include "fahras.h"

/* Phrases longer than this many words are left to the index. */
#define FH_EXACT_MAX_WORDS 64

typedef struct fh_exact_phrase fh_exact_phrase;

/* The phrase text[0..len) analyzed under an; NULL when out of memory.
 * Caller owns it (fh_exact_phrase_free). */
fh_exact_phrase *fh_exact_phrase_new(const fahras_analyzer *an, const char *text, size_t len);
void fh_exact_phrase_free(fh_exact_phrase *p); /* NULL-safe */

/* 1 when p's normalized forms occur as consecutive tokens of
 * text[0..len), else 0; 1 too for a phrase without words or longer than
 * FH_EXACT_MAX_WORDS (nothing to check beyond the index). */
int fh_exact_phrase_match(const fahras_analyzer *an, const fh_exact_phrase *p, const char *text,
                          size_t len);

#endif
