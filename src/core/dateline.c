/*
 * dateline.c - the dateline a news article's body may begin with: where
 * it was filed and by whom, "دبي، الإمارات العربية المتحدة (CNN) --",
 * "(CNN)--", "القاهرة (رويترز) -".  Its names say where and by whom the
 * article was filed, not what it is about, so a store's entity rows leave
 * them out (fahras.h, fahras_dateline_end).
 *
 * The form read: at the very start of the text, a place (none; one or two
 * words; or up to six words with a comma among them), the agency in
 * brackets (one to four words, no digits), then a dash.  A place of
 * several words needs its comma so that a sentence that opens with an
 * organisation and its acronym ("توقعت منظمة الدول المنتجة للنفط (أوبك) -")
 * is not read as one.
 */
#include <stddef.h>
#include <stdint.h>

#include "fahras.h"
#include "internal.h"
#include "letters.h"

enum {
    DATELINE_MAX_BYTES = 200,
    PLACE_MAX_WORDS = 6,
    PLACE_WORDS_WITHOUT_COMMA = 2,
    AGENCY_MAX_WORDS = 4,
    NO_BREAK_SPACE = 0x00A0,
    EN_DASH = 0x2013,
    EM_DASH = 0x2014
};

/* A character of a word of a place or an agency: a letter of any script,
 * a mark, tatweel, or the dot and apostrophe of abbreviations (no digit). */
static int word_char(uint32_t c)
{
    if (c == '.' || c == '\'') return 1;
    uint8_t cls = fh_class_of(c);
    return cls == FH_CL_LETTER || cls == FH_CL_AR_LETTER || cls == FH_CL_MARK || cls == FH_CL_TATWEEL;
}

static int space_char(uint32_t c) { return c == ' ' || c == '\t' || c == NO_BREAK_SPACE; }

typedef struct reader {
    const unsigned char *s;
    size_t n, at;
} reader;

/* The code point at r->at (0 at the end or at an invalid sequence) and its
 * length. */
static uint32_t peek(const reader *r, size_t *len)
{
    uint32_t c = 0;
    *len = r->at < r->n ? fh_utf8_decode(r->s + r->at, r->n - r->at, &c) : 0;
    return *len ? c : 0;
}

static void skip_spaces(reader *r)
{
    size_t len;
    while (space_char(peek(r, &len))) r->at += len;
}

/* Words of word_char separated by spaces (and by commas when commas is
 * non-NULL, which counts them); returns the count of words, at most max
 * (more: max + 1).  Stops before anything else, spaces included. */
static size_t words(reader *r, size_t max, size_t *commas)
{
    size_t count = 0, len;
    for (;;) {
        size_t start = r->at;
        while (word_char(peek(r, &len))) r->at += len;
        if (r->at == start) break;
        if (++count > max) return count;
        size_t end = r->at;
        skip_spaces(r);
        uint32_t c = peek(r, &len);
        if (commas && (c == ',' || c == AR_COMMA)) {
            (*commas)++;
            r->at += len;
            skip_spaces(r);
        }
        if (!word_char(peek(r, &len))) {
            r->at = end; /* the spaces after the last word are not its */
            break;
        }
    }
    return count;
}

size_t fahras_dateline_end(const char *text, size_t len)
{
    if (!text) return 0;
    reader r = {(const unsigned char *)text, len < DATELINE_MAX_BYTES ? len : DATELINE_MAX_BYTES, 0};
    size_t cl, commas = 0;
    for (uint32_t c; (c = peek(&r, &cl)) && (space_char(c) || c == '\n' || c == '\r');) r.at += cl;
    size_t place = words(&r, PLACE_MAX_WORDS, &commas);
    if (place > PLACE_MAX_WORDS || (place > PLACE_WORDS_WITHOUT_COMMA && !commas)) return 0;
    skip_spaces(&r);
    if (peek(&r, &cl) != '(') return 0;
    r.at += cl;
    skip_spaces(&r);
    size_t agency = words(&r, AGENCY_MAX_WORDS, NULL);
    if (!agency || agency > AGENCY_MAX_WORDS) return 0;
    skip_spaces(&r);
    if (peek(&r, &cl) != ')') return 0;
    r.at += cl;
    skip_spaces(&r);
    uint32_t dash = peek(&r, &cl);
    if (dash != '-' && dash != EN_DASH && dash != EM_DASH) return 0;
    r.at += cl;
    while (peek(&r, &cl) == '-') r.at += cl; /* "--" */
    return r.at;
}
