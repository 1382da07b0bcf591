/*
 * headline.c - a headline repeated as the body's first line (scraped
 * articles often do this) is recognised after normalization, so its words
 * are not indexed twice.
 */
#include <stdlib.h>
#include <string.h>

#include "format.h"

/* Normalize s and keep only letters and digits: the comparison ignores
 * spacing and punctuation differences. */
static char *norm_words(const fahras_analyzer *an, const char *s, size_t n, size_t *out_len)
{
    size_t need = 0;
    if (fahras_normalize(an, s, n, NULL, 0, &need, NULL) != FAHRAS_OK) return NULL;
    char *buf = malloc(need + 1);
    if (!buf) return NULL;
    if (fahras_normalize(an, s, n, buf, need + 1, &need, NULL) != FAHRAS_OK) {
        free(buf);
        return NULL;
    }
    size_t k = 0;
    for (size_t i = 0; i < need; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (c < 0x80 && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            continue;
        buf[k++] = buf[i];
    }
    *out_len = k;
    return buf;
}

size_t rd_skip_repeated_title(const fahras_analyzer *an, const char *title, size_t title_len,
                              const char *body, size_t body_len)
{
    if (!an || !title || !title_len || !body) return 0;
    size_t i = 0;
    while (i < body_len && rd_is_blank(body[i])) i++;
    const char *nl = memchr(body + i, '\n', body_len - i);
    size_t end = nl ? (size_t)(nl - body) : body_len;
    if (end - i > title_len * 2 + 16) return 0; /* far longer: not the headline */
    size_t a_len, b_len;
    char *a = norm_words(an, title, title_len, &a_len);
    char *b = norm_words(an, body + i, end - i, &b_len);
    int same = a && b && a_len > 0 && a_len == b_len && !memcmp(a, b, a_len);
    free(a);
    free(b);
    if (!same) return 0;
    while (end < body_len && rd_is_blank(body[end])) end++;
    return end < body_len ? end : 0; /* keep a body that is only the headline */
}
