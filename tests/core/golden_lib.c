/*
 * golden_lib.c - print the tokens of a file through the library, in the
 * TSV layout of `fahras tokenize`, so the golden files check the library
 * and the CLI against the same expected output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fahras.h"

typedef struct ctx { const char *line; size_t offset; uint32_t base, next; } ctx;

static int print_token(void *p, const fahras_token *t)
{
    ctx *c = p;
    uint32_t pos = c->base + t->position;
    c->next = pos + 1;
    printf("%zu\t%zu\t%u\t%s\t%.*s\t%.*s\t%.*s\t%.*s\n", c->offset + t->start, c->offset + t->end, pos,
           fahras_token_type_name(t->type), (int)(t->end - t->start), c->line + t->start, (int)t->norm_len, t->norm,
           (int)t->key_len, t->key, (int)t->seg_len, t->seg);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) return 2;
    FILE *f = fopen(argv[1], "rb");
    if (!f) return 2;
    fahras_error err;
    fahras_analyzer *a = fahras_analyzer_new(NULL, &err);
    if (!a) return 2;
    char *line = NULL;
    size_t cap = 0, offset = 0;
    ssize_t n;
    ctx c = {0};
    while ((n = getline(&line, &cap, f)) > 0) {
        size_t len = (size_t)n;
        if (line[len - 1] == '\n') len--;
        c.line = line;
        c.offset = offset;
        if (fahras_analyze(a, line, len, print_token, &c, &err)) fprintf(stderr, "%s\n", err.message);
        c.base = c.next;
        offset += (size_t)n;
    }
    free(line);
    fclose(f);
    fahras_analyzer_free(a);
    return 0;
}
