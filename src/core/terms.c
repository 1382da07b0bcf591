/*
 * terms.c - the index-term rule every store follows, and span type names.
 *
 * A token is indexed under its key (its normalized form when the key is
 * empty: a token the stemmer leaves nothing of still matches itself) and,
 * at the same position, under FAHRAS_EXACT_MARK + its normalized form when
 * that differs from the key, so that a quoted phrase can ask for the
 * spelling and clitics it was typed with.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int fahras_token_terms(const fahras_token *tok, char *buf, size_t cap, fahras_terms *out)
{
    if (!tok || !out || !buf || cap < FAHRAS_MAX_TERM_BYTES) return FAHRAS_ERR_ARG;
    memset(out, 0, sizeof *out);
    out->key = tok->key_len ? tok->key : tok->norm;
    out->key_len = tok->key_len ? tok->key_len : tok->norm_len;
    if (!out->key_len) return 0;
    if (out->key_len == tok->norm_len && !memcmp(out->key, tok->norm, tok->norm_len)) return 1;
    size_t n = tok->norm_len < FAHRAS_MAX_TOKEN_BYTES ? tok->norm_len : FAHRAS_MAX_TOKEN_BYTES;
    buf[0] = FAHRAS_EXACT_MARK;
    memcpy(buf + 1, tok->norm, n);
    out->exact = buf;
    out->exact_len = n + 1;
    return 2;
}

const char *fahras_span_type_name(int type)
{
    static const char *const names[] = {"OTHER", "PER",    "ORG",     "LOC",  "MISC",
                                        "DATE",  "NUMBER", "ORDINAL", "COUNT"};
    return type >= 1 && type <= FAHRAS_SPAN_COUNT ? names[type] : names[0];
}

/* Function words, by key (normalized: ى as ي, أ and إ as ا; the clitics
 * of وفي or فيها removed by the segmenter), sorted bytewise for bsearch.
 * Prepositions, conjunctions, particles, pronouns, demonstratives and
 * question words: words a query holds for its grammar, not its subject. */
static const char *const function_words[] = {
    "اذ", "اذا", "الا", "الذي", "الي", "اما", "امام", "ان", "انا", "انت", "انتم", "او", "اي",
    "ايضا", "اين", "بعد", "بعض", "بل", "بين", "تحت", "ثم", "حتي", "حول", "حيث", "خلال", "دون",
    "ذلك", "ضد", "عل", "علي", "عن", "عند", "غير", "فوق", "في", "قبل", "قد", "كان", "كل", "كم",
    "كما", "كي", "كيف", "لا", "لدي", "لقد", "لكن", "لكي", "لم", "لما", "لماذا", "لن", "لو", "ليس",
    "ما", "ماذا", "متي", "مع", "من", "منذ", "نحن", "نحو", "هذا", "هل", "هم", "هما", "هناك", "هو",
    "هي", "يا",
};

static int fw_cmp(const void *key, const void *elem)
{
    const char *const *e = elem;
    return strcmp(key, *e);
}

int fahras_is_function_word(const char *key, size_t len)
{
    char buf[32];
    if (!key || !len || len >= sizeof buf) return 0;
    memcpy(buf, key, len);
    buf[len] = '\0';
    return bsearch(buf, function_words, sizeof function_words / sizeof function_words[0],
                   sizeof function_words[0], fw_cmp) != NULL;
}
