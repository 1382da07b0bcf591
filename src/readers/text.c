/*
 * text.c - one article a text file: the first non-blank line is the
 * headline, the rest the body; the id is the file's path relative to the
 * path given, without .txt and .gz.
 */
#include <string.h>

#include "format.h"

static int whole_file(rd_reader *r, void *st, const char *p, size_t n, size_t line,
                      long long off, int at_eof)
{
    (void)st;
    (void)off;
    (void)at_eof;
    if (!p) return 0;
    size_t bad;
    if (fahras_utf8_check(p, n, &bad) != FAHRAS_OK) {
        size_t l = line, ls = 0;
        for (size_t i = 0; i < bad; i++)
            if (p[i] == '\n') l++, ls = i + 1;
        rd_note(r, RD_SKIPPED, l, "invalid UTF-8 at byte %zu (column byte %zu)", bad, bad - ls + 1);
        return 0;
    }
    const char *nul = memchr(p, '\0', n);
    if (nul) {
        rd_note(r, RD_SKIPPED, line, "NUL byte at byte %zu of a text file", (size_t)(nul - p));
        return 0;
    }
    size_t i = rd_has_bom(p, n) ? 3 : 0;
    while (i < n && rd_is_blank(p[i])) i++;
    const char *nl = memchr(p + i, '\n', n - i);
    size_t tend = nl ? (size_t)(nl - p) : n;
    rd_fields f;
    memset(&f, 0, sizeof f);
    f.v[RD_ID] = r->path_id;
    f.n[RD_ID] = strlen(r->path_id);
    f.v[RD_TITLE] = p + i;
    f.n[RD_TITLE] = tend - i;
    while (f.n[RD_TITLE] && rd_is_blank(p[i + f.n[RD_TITLE] - 1])) f.n[RD_TITLE]--;
    size_t b = tend;
    while (b < n && rd_is_blank(p[b])) b++;
    size_t blen = n - b;
    while (blen && rd_is_blank(p[b + blen - 1])) blen--;
    if (!blen) {
        rd_note(r, RD_SKIPPED, line, i < n ? "no body: the file holds only a headline"
                                           : "an empty file");
        return 0;
    }
    f.v[RD_BODY] = p + b;
    f.n[RD_BODY] = blen;
    return rd_emit(r, &f, line);
}

int rd_read_text(rd_reader *r)
{
    int rc = rd_whole(r, whole_file, NULL, "file");
    if (!rc && r->offset == 0) rd_note(r, RD_SKIPPED, 1, "an empty file");
    return rc;
}
