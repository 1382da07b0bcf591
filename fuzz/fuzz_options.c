/*
 * fuzz_options.c - libFuzzer target for the analyzer options parser.
 *
 * The input is an options list ("stem=light,diacritics=off ...", a
 * description, anything).  Invariants checked: whatever it parses to is
 * a valid analyzer configuration; its description and its spec parse back
 * to the same options; a refusal comes with a message.
 * Build with `make fuzz FUZZ_TARGET=options`; `fuzz/replay.c` replays a
 * corpus without libFuzzer (run by `make test`).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fahras.h"

static int same(const fahras_options *a, const fahras_options *b)
{
    return a->norm == b->norm && a->stem == b->stem && a->utf8 == b->utf8 &&
           a->hashtag_parts == b->hashtag_parts;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *spec = malloc(size + 1);
    if (!spec) return 0;
    memcpy(spec, data, size);
    spec[size] = '\0';
    fahras_options o, back;
    fahras_error err;
    fahras_options_default(&o);
    if (fahras_options_parse(&o, spec, &err) != FAHRAS_OK &&
        (err.code != FAHRAS_ERR_OPTION || !memchr(err.message, '\0', sizeof err.message) ||
         !err.message[0]))
        abort();
    /* one key and value, split at the first '=' */
    char *eq = strchr(spec, '=');
    if (eq) {
        *eq = '\0';
        fahras_options one;
        fahras_options_default(&one);
        fahras_options_set(&one, spec, eq + 1, &err);
    }
    free(spec);

    char text[512];
    fahras_options_describe(&o, text, sizeof text);
    fahras_options_default(&back);
    back.utf8 = o.utf8;
    if (fahras_options_parse(&back, text, &err) != FAHRAS_OK || !same(&o, &back)) abort();
    fahras_options_spec(&o, text, sizeof text);
    fahras_options_default(&back);
    if (fahras_options_parse(&back, text, &err) != FAHRAS_OK || !same(&o, &back)) abort();
    if (o.stem < FAHRAS_STEM_NONE || o.stem > FAHRAS_STEM_LIGHT || (o.norm & ~FAHRAS_NORM_ALL) ||
        (o.utf8 != FAHRAS_UTF8_ERROR && o.utf8 != FAHRAS_UTF8_REPLACE))
        abort();
    return 0;
}
