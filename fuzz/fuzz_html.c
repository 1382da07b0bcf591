/*
 * fuzz_html.c - libFuzzer target for the web page extractor
 * (src/readers: charset sniffing and conversion, libxml2 SAX parsing into
 * the bounded tree, metadata, main-content extraction).
 *
 * The first input byte picks the context: bits 0-1 the HTTP Content-Type
 * given (none, text/html, charset=utf-8, charset=windows-1256), bit 2 a
 * page URL, bits 3-4 small limits (elements 64 / depth 16 / 8 attributes)
 * so that every bound is reached often.  The rest is the page.
 * Invariants: web_extract returns 0 or -1; on 0 the body is non-empty
 * valid UTF-8 with no NUL, every field is valid UTF-8, elements and depth
 * stay within the limits, notes are at most WEB_MAX_NOTES; on -1 the
 * message is non-empty.  The charset functions are called on the same
 * bytes: the conversion's output is valid UTF-8.
 *
 * Build with `make fuzz FUZZ_TARGET=html`; fuzz/replay.c replays
 * fuzz/corpus/html without libFuzzer (tests/html/run.sh).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"

size_t web_utf8_valid_prefix(const char *s, size_t n);

static void check_str(const char *s)
{
    if (!s) return;
    size_t n = strlen(s);
    if (web_utf8_valid_prefix(s, n) != n) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    int mode = data[0];
    static const char *const types[] = {NULL, "text/html", "text/html; charset=utf-8",
                                        "text/html; charset=windows-1256"};
    web_page page = {(const char *)data + 1, size - 1, (mode & 4) ? "https://example.com/a/2021/03/15/x.html" : NULL,
                     types[mode & 3]};
    web_limits lim;
    web_limits_default(&lim);
    if (mode & 8) lim.max_elements = 64;
    if (mode & 16) {
        lim.max_depth = 16;
        lim.max_attributes = 8;
    }
    web_article a;
    web_error err;
    int rc = web_extract(&page, &lim, &a, &err);
    if (rc != 0 && rc != -1) abort();
    if (rc == 0) {
        if (!a.body || !a.body[0]) abort();
        check_str(a.body);
        check_str(a.title);
        check_str(a.date);
        check_str(a.author);
        check_str(a.source);
        check_str(a.category);
        check_str(a.url);
        check_str(a.id);
        if (a.elements > lim.max_elements || a.depth > lim.max_depth) abort();
    } else if (!err.msg[0]) {
        abort();
    }
    if (a.n_notes > WEB_MAX_NOTES) abort();
    web_article_free(&a);

    char name[32];
    const char *from;
    web_note note;
    web_charset_sniff(page.bytes, page.len, page.content_type, name, &from, &note);
    char *out;
    size_t out_len, bad_n;
    long long bad_off;
    if (web_to_utf8(page.bytes, page.len, name, &out, &out_len, &bad_off, &bad_n, &err) == 0) {
        if (web_utf8_valid_prefix(out, out_len) != out_len || memchr(out, 0, out_len)) abort();
        if (bad_n && (bad_off < 0 || (size_t)bad_off >= page.len + 1)) abort();
        free(out);
    }
    return 0;
}
