/*
 * fuzz_analyze.c - libFuzzer target for the analyzer and the normalizer.
 *
 * The first input byte picks the options (stem mode, normalization rules,
 * UTF-8 mode, hashtag parts) and the second a split point, so the same
 * text is also analyzed in two chunks cut anywhere, even mid-character.
 * Invariants checked: offsets lie inside the input and never go back,
 * norm/key/seg lengths stay within FAHRAS_MAX_TOKEN_BYTES (+ segment
 * marks), normalize's size query matches its output.
 * Build with `make fuzz`; `fuzz/replay.c` replays a corpus without
 * libFuzzer (run by `make test`).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fahras.h"

typedef struct check { size_t len, last_end; } check;

static int on_token(void *ctx, const fahras_token *t)
{
    check *c = ctx;
    if (t->start > t->end || t->end > c->len) abort();
    if (!(t->flags & FAHRAS_TOKEN_PART)) {
        if (t->start < c->last_end) abort();
        c->last_end = t->end;
    }
    if (t->norm_len > FAHRAS_MAX_TOKEN_BYTES || t->key_len > FAHRAS_MAX_TOKEN_BYTES ||
        t->seg_len > FAHRAS_MAX_TOKEN_BYTES + 16)
        abort();
    if (t->stem_start > t->stem_end || t->stem_end > t->norm_len) abort();
    /* touch every byte so ASan sees out-of-bounds pointers */
    volatile unsigned sum = 0;
    for (size_t i = 0; i < t->norm_len; i++) sum += (unsigned char)t->norm[i];
    for (size_t i = 0; i < t->key_len; i++) sum += (unsigned char)t->key[i];
    for (size_t i = 0; i < t->seg_len; i++) sum += (unsigned char)t->seg[i];
    (void)sum;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    uint8_t mode = data[0], cut = data[1];
    const char *text = (const char *)data + 2;
    size_t len = size - 2;
    /* Analyzers are built once per option set: building one precomputes
     * the frequent words, far slower than analyzing a fuzz input. */
    static fahras_analyzer *cache[256];
    fahras_analyzer *a = cache[mode];
    fahras_error err;
    if (!a) {
        fahras_options o;
        fahras_options_default(&o);
        o.stem = mode % 3;
        o.utf8 = (mode >> 2) & 1 ? FAHRAS_UTF8_REPLACE : FAHRAS_UTF8_ERROR;
        o.hashtag_parts = (mode >> 3) & 1;
        if ((mode >> 4) & 1) o.norm &= ~(unsigned)FAHRAS_NORM_DIACRITICS;
        if ((mode >> 5) & 1) o.norm &= ~(unsigned)(FAHRAS_NORM_TEH_MARBUTA | FAHRAS_NORM_ALEF);
        if ((mode >> 6) & 1) o.norm &= ~(unsigned)(FAHRAS_NORM_PRESENTATION | FAHRAS_NORM_TATWEEL);
        if ((mode >> 7) & 1) o.norm = 0;
        a = cache[mode] = fahras_analyzer_new(&o, &err);
        if (!a) abort();
    }
    check c = {len, 0};
    fahras_analyze(a, text, len, on_token, &c, &err);
    size_t split = len ? (size_t)cut * len / 255 : 0;
    check c1 = {split, 0}, c2 = {len - split, 0};
    fahras_analyze(a, text, split, on_token, &c1, &err);
    fahras_analyze(a, text + split, len - split, on_token, &c2, &err);
    size_t need = 0, got = 0;
    if (fahras_normalize(a, text, len, NULL, 0, &need, &err) == FAHRAS_OK) {
        char *out = malloc(need + 1);
        if (!out) abort();
        if (fahras_normalize(a, text, len, out, need + 1, &got, &err) != FAHRAS_OK || got != need ||
            out[need] != '\0')
            abort();
        free(out);
    }
    char key[64];
    fahras_stem(a, text, len, key, sizeof key, &got, &err);
    return 0;
}
