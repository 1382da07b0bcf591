/*
 * entities_lib.c - prints the entities fahras_tag finds in a file, one a
 * line as TSV: start, end, type, surface (the original bytes), canonical
 * key.  Used by the golden tests of tests/core/run.sh.  With --tokens it
 * checks instead that fahras_tag_tokens and fahras_find_values_tokens,
 * given the tokens of fahras_analyze, find the spans fahras_tag and
 * fahras_find_values find, and prints how many.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fahras.h"

typedef struct out { const char *text; } out;

/* The tokens of a text, copied (their strings live in strs). */
typedef struct toks {
    fahras_token *v;
    size_t n, cap;
    char **strs;
} toks;

static char *dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

static int on_token(void *ctx, const fahras_token *t)
{
    toks *k = ctx;
    if (k->n == k->cap) {
        k->cap = k->cap ? 2 * k->cap : 256;
        k->v = realloc(k->v, k->cap * sizeof *k->v);
        k->strs = realloc(k->strs, 3 * k->cap * sizeof *k->strs);
        if (!k->v || !k->strs) return 1;
    }
    fahras_token *c = &k->v[k->n];
    *c = *t;
    char **s = &k->strs[3 * k->n];
    c->norm = s[0] = dup_n(t->norm, t->norm_len);
    c->key = s[1] = dup_n(t->key, t->key_len);
    c->seg = s[2] = dup_n(t->seg, t->seg_len);
    k->n++;
    return !s[0] || !s[1] || !s[2];
}

/* Spans as text lines, appended to a growing buffer. */
typedef struct lines { char *buf; size_t n, cap; } lines;

static int on_line(void *ctx, const fahras_span *s)
{
    lines *l = ctx;
    char tmp[1024];
    int m = snprintf(tmp, sizeof tmp, "%d %zu %zu %.*s|%.*s|%.*s|%.*s|%d\n", s->type, s->start, s->end,
                     (int)s->key_len, s->key, (int)s->value_len, s->value, (int)s->unit_len, s->unit,
                     (int)s->hijri_len, s->hijri, s->precision);
    if (m < 0 || (size_t)m >= sizeof tmp) return 1;
    if (l->n + (size_t)m + 1 > l->cap) {
        l->cap = 2 * (l->n + (size_t)m + 1);
        l->buf = realloc(l->buf, l->cap);
        if (!l->buf) return 1;
    }
    memcpy(l->buf + l->n, tmp, (size_t)m + 1);
    l->n += (size_t)m;
    return 0;
}

/* fahras_tag_tokens / fahras_find_values_tokens against fahras_tag /
 * fahras_find_values on text, and fahras_tag_tokens_memo and
 * fahras_tag_text_memo through one memo twice each (words new, then words
 * known, the workspace kept): 0 when the same. */
static int check_tokens(const fahras_tagger *t, const char *text, size_t n)
{
    fahras_error err;
    fahras_analyzer *an = fahras_analyzer_new(NULL, &err);
    toks k = {0};
    lines a = {0}, b = {0}, c = {0}, d = {0}, e = {0}, e2 = {0}, f = {0}, f2 = {0};
    fahras_tag_memo *memo = fahras_tag_memo_new(&err);
    int rc = !an || !memo || !fahras_tagger_reads(t, an) || fahras_analyze(an, text, n, on_token, &k, &err) ||
             fahras_tag(t, text, n, on_line, &a, &err) ||
             fahras_tag_tokens(t, text, n, k.v, k.n, on_line, &b, &err) ||
             fahras_tag_tokens_memo(t, memo, text, n, k.v, k.n, on_line, &e, &err) ||
             fahras_tag_tokens_memo(t, memo, text, n, k.v, k.n, on_line, &e2, &err) ||
             fahras_tag_text_memo(t, memo, text, n, on_line, &f, &err) ||
             fahras_tag_text_memo(t, memo, text, n, on_line, &f2, &err) ||
             fahras_find_values(an, text, n, "2021-04-20", on_line, &c, &err) ||
             fahras_find_values_tokens(an, text, n, k.v, k.n, "2021-04-20", on_line, &d, &err);
    if (rc) fprintf(stderr, "entities_lib --tokens: %s\n", an ? err.message : "no analyzer");
    else if (a.n != b.n || (a.n && memcmp(a.buf, b.buf, a.n))) rc = fprintf(stderr, "entities_lib: fahras_tag_tokens differs\n");
    else if (a.n != e.n || (a.n && memcmp(a.buf, e.buf, a.n))) rc = fprintf(stderr, "entities_lib: fahras_tag_tokens_memo differs\n");
    else if (a.n != e2.n || (a.n && memcmp(a.buf, e2.buf, a.n))) rc = fprintf(stderr, "entities_lib: fahras_tag_tokens_memo differs on known words\n");
    else if (a.n != f.n || (a.n && memcmp(a.buf, f.buf, a.n))) rc = fprintf(stderr, "entities_lib: fahras_tag_text_memo differs\n");
    else if (a.n != f2.n || (a.n && memcmp(a.buf, f2.buf, a.n))) rc = fprintf(stderr, "entities_lib: fahras_tag_text_memo differs on known words\n");
    else if (c.n != d.n || (c.n && memcmp(c.buf, d.buf, c.n))) rc = fprintf(stderr, "entities_lib: fahras_find_values_tokens differs\n");
    else printf("%zu tokens: the same entities and values from the tokens\n", k.n);
    for (size_t i = 0; i < 3 * k.n; i++) free(k.strs[i]);
    free(k.strs);
    free(k.v);
    free(a.buf);
    free(b.buf);
    free(c.buf);
    free(d.buf);
    free(e.buf);
    free(e2.buf);
    free(f.buf);
    free(f2.buf);
    fahras_tag_memo_free(memo);
    fahras_analyzer_free(an);
    return rc ? 1 : 0;
}

static int on_span(void *ctx, const fahras_span *s)
{
    const out *o = ctx;
    printf("%zu\t%zu\t%s\t%.*s\t%.*s\n", s->start, s->end, fahras_span_type_name(s->type),
           (int)(s->end - s->start), o->text + s->start, (int)s->key_len, s->key);
    return 0;
}

int main(int argc, char **argv)
{
    int tokens = argc == 3 && !strcmp(argv[1], "--tokens");
    if (argc != 2 && !tokens) {
        fprintf(stderr, "usage: entities_lib [--tokens] FILE\n");
        return 2;
    }
    const char *path = argv[argc - 1];
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
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
    int rc = tokens ? check_tokens(t, buf, n) : fahras_tag(t, buf, n, on_span, &o, &err);
    if (rc && !tokens) fprintf(stderr, "entities_lib: %s: %s (byte %zu)\n", path, err.message, err.offset);
    fahras_tagger_free(t);
    free(buf);
    return rc ? 1 : 0;
}
