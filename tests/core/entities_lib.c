/*
 * entities_lib.c - prints the entities fahras_tag finds in a file, one a
 * line as TSV: start, end, type, surface (the original bytes), canonical
 * key.  Used by the golden tests of tests/core/run.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fahras.h"

typedef struct out { const char *text; } out;

static int on_span(void *ctx, const fahras_span *s)
{
    const out *o = ctx;
    printf("%zu\t%zu\t%s\t%.*s\t%.*s\n", s->start, s->end, fahras_span_type_name(s->type),
           (int)(s->end - s->start), o->text + s->start, (int)s->key_len, s->key);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: entities_lib FILE\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 3;
    }
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (!buf) return 3;
    fahras_error err;
    fahras_tagger *t = fahras_tagger_new(NULL, &err);
    if (!t) {
        fprintf(stderr, "entities_lib: %s\n", err.message);
        return 3;
    }
    out o = {buf};
    int rc = fahras_tag(t, buf, n, on_span, &o, &err);
    if (rc) fprintf(stderr, "entities_lib: %s: %s (byte %zu)\n", argv[1], err.message, err.offset);
    fahras_tagger_free(t);
    free(buf);
    return rc ? 1 : 0;
}
