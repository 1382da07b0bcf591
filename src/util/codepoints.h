/*
 * codepoints.h - byte offsets into UTF-8 text as code-point offsets, for
 * JSON consumers that index strings by code point (Python's str; in
 * JavaScript, Array.from(s)).
 */
#ifndef FAHRAS_CODEPOINTS_H
#define FAHRAS_CODEPOINTS_H

#include <stddef.h>

#include "fahras.h"

/* Count the code points of s[*at..to) (s holds n bytes) onto *cp and move
 * *at to `to`.  A valid sequence is one code point, and so is each byte of
 * an invalid one: the U+FFFD each becomes in a JSON string.  Called with
 * increasing `to`, a whole text costs one pass. */
static inline void fh_count_code_points(const char *s, size_t n, size_t to, size_t *at, size_t *cp)
{
    size_t i = *at, c = *cp;
    while (i < to) {
        unsigned char b = (unsigned char)s[i];
        size_t len = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        size_t bad;
        if (len > 1 && (i + len > n || fahras_utf8_check(s + i, len, &bad) != FAHRAS_OK)) len = 1;
        i += len;
        c++;
    }
    *at = i;
    *cp = c;
}

#endif
