/*
 * fuzz_tagger.c - libFuzzer target for the named-entity tagger.
 *
 * The first input byte picks the UTF-8 mode and whether fahras_entity_key
 * is also asked for each span's text; the rest is tagged as one text.
 * The dateline (fahras_dateline_end) ends inside the input's first 200
 * bytes, on a character.
 * Invariants checked: spans lie inside the input, are non-empty, come in
 * order and (in valid UTF-8) start and end on whole characters; keys are non-empty and
 * valid UTF-8; under utf8=error a failure names a byte inside the input
 * and reports no span.  Build with `make fuzz FUZZ_TARGET=tagger`;
 * fuzz/replay.c replays the corpus without libFuzzer (`make test`).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fahras.h"

typedef struct check {
    const fahras_tagger *t;
    const char *text;
    size_t len, last_start, n;
    int with_keys;
    int valid; /* the input is valid UTF-8: spans must start and end on characters */
} check;

static int boundary(const char *s, size_t len, size_t at)
{
    return at == 0 || at == len || ((unsigned char)s[at] & 0xC0) != 0x80;
}

static int on_span(void *ctx, const fahras_span *s)
{
    check *c = ctx;
    if (s->start >= s->end || s->end > c->len || s->start < c->last_start) abort();
    if (s->type < FAHRAS_SPAN_PER || s->type > FAHRAS_SPAN_MISC) abort();
    if (!s->key || !s->key_len || fahras_utf8_check(s->key, s->key_len, NULL) != FAHRAS_OK) abort();
    if (c->valid && (!boundary(c->text, c->len, s->start) || !boundary(c->text, c->len, s->end))) abort();
    c->last_start = s->start;
    c->n++;
    if (c->with_keys) {
        char key[512];
        size_t n;
        if (fahras_entity_key(c->t, s->type, c->text + s->start, s->end - s->start, key, sizeof key, &n, NULL) ==
                FAHRAS_OK &&
            n < sizeof key && strlen(key) != n)
            abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    uint8_t mode = data[0];
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    /* Taggers are built once per UTF-8 mode: building one is far slower
     * than tagging a fuzz input. */
    static fahras_tagger *cache[2];
    int m = mode & 1;
    if (!cache[m]) {
        fahras_options o;
        fahras_options_default(&o);
        o.utf8 = m ? FAHRAS_UTF8_REPLACE : FAHRAS_UTF8_ERROR;
        fahras_analyzer *a = fahras_analyzer_new(&o, NULL);
        cache[m] = fahras_tagger_new(a, NULL);
        fahras_analyzer_free(a);
        if (!cache[m]) abort();
    }
    check c = {cache[m], text, len, 0, 0, (mode >> 1) & 1, fahras_utf8_check(text, len, NULL) == FAHRAS_OK};
    /* the dateline: inside the text's first 200 bytes, on a character */
    size_t dateline = fahras_dateline_end(text, len);
    if (dateline > len || dateline > 200 || (c.valid && !boundary(text, len, dateline))) abort();
    fahras_error err;
    int rc = fahras_tag(cache[m], text, len, on_span, &c, &err);
    if (rc == FAHRAS_ERR_UTF8) {
        if (m || err.offset >= len || c.n) abort();
        size_t bad;
        if (fahras_utf8_check(text, len, &bad) != FAHRAS_ERR_UTF8 || bad != err.offset) abort();
    } else if (rc != FAHRAS_OK) {
        abort();
    }
    return 0;
}
