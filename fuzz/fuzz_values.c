/*
 * fuzz_values.c - libFuzzer target for the value finder and the date
 * normalizer.
 *
 * The first input byte picks the reference date (none, a day, a month, an
 * article date with its time) and the analyzer (default, utf8=replace,
 * norm=none with stem=none); the rest is the text.  Invariants checked:
 * spans lie inside the text, in order, without overlap; values, units
 * and Hijri dates are short printable strings (a COUNT's unit points into
 * the text); the normalizer's output is ISO that strict mode reads back
 * unchanged.  Build with `make fuzz FUZZ_TARGET=values`; fuzz/replay.c
 * replays the corpus without libFuzzer (run by `make test`).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fahras.h"

typedef struct check { const char *text; size_t len, last_end; } check;

static int printable(const char *s, size_t n, size_t max)
{
    if (n > max) return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 && s[i] != '\0') return 0;
    return 1;
}

static int on_span(void *ctx, const fahras_span *s)
{
    check *c = ctx;
    if (s->start >= s->end || s->end > c->len || s->start < c->last_end) abort();
    c->last_end = s->end;
    if (s->type < FAHRAS_SPAN_DATE || s->type > FAHRAS_SPAN_COUNT) abort();
    if (!printable(s->value, s->value_len, 64) || !printable(s->hijri, s->hijri_len, 48)) abort();
    if (s->type == FAHRAS_SPAN_COUNT) {
        if (s->unit < c->text || s->unit + s->unit_len > c->text + c->len || !s->unit_len) abort();
    } else if (s->unit_len > 1) {
        abort();
    }
    if (s->type != FAHRAS_SPAN_DATE && !s->value_len) abort();
    if (s->precision < FAHRAS_PREC_NONE || s->precision > FAHRAS_PREC_DAY) abort();
    volatile unsigned sum = 0; /* touch every byte so ASan sees a bad pointer */
    for (size_t i = 0; i < s->key_len; i++) sum += (unsigned char)s->key[i];
    (void)sum;
    return 0;
}

static void normalize(const char *text, size_t len, unsigned flags)
{
    char out[FAHRAS_DATE_MAX], again[FAHRAS_DATE_MAX];
    int prec;
    if (fahras_date_normalize(text, len, flags, out, sizeof out, &prec, NULL) != FAHRAS_OK) return;
    size_t n = strlen(out);
    if (n != 4 && n != 7 && n != 10 && n != 19) abort();
    if (prec != (n == 4 ? FAHRAS_PREC_YEAR : n == 7 ? FAHRAS_PREC_MONTH : FAHRAS_PREC_DAY)) abort();
    if (n > 10) n = 10;
    if (fahras_date_normalize(out, n, FAHRAS_DATE_STRICT, again, sizeof again, NULL, NULL) !=
            FAHRAS_OK ||
        memcmp(out, again, n))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    uint8_t mode = data[0];
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    /* Analyzers are built once (building one precomputes the frequent words). */
    static fahras_analyzer *cache[3];
    int which = mode % 3;
    if (!cache[which]) {
        fahras_options o;
        fahras_options_default(&o);
        if (which == 1) o.utf8 = FAHRAS_UTF8_REPLACE;
        if (which == 2) {
            o.norm = 0;
            o.stem = FAHRAS_STEM_NONE;
            o.utf8 = FAHRAS_UTF8_REPLACE;
        }
        cache[which] = fahras_analyzer_new(&o, NULL);
        if (!cache[which]) abort();
    }
    static const char *const refs[] = {NULL, "2021-04-15", "2021-04", "Thu, 15 Apr 2021 10:00 GMT"};
    check c = {text, len, 0};
    fahras_error err;
    int rc = fahras_find_values(cache[which], text, len, refs[(mode >> 2) & 3], on_span, &c, &err);
    if (rc != FAHRAS_OK && rc != FAHRAS_ERR_UTF8) abort();
    normalize(text, len, 0);
    normalize(text, len, FAHRAS_DATE_STRICT);
    return 0;
}
