/*
 * ner_throughput.c - tokens per second of the entity tagger against the
 * analyzer alone, on one core, over the same articles (a text file of
 * articles ended by form feeds, as tools/ner/news_text.py writes).
 *
 * Usage: ner_throughput [--repeat N] [--only analyzer|tagger] NEWS.txt
 * (--only runs one side, for instruction counts under callgrind)
 * Prints: tokens, analyzer seconds and tokens/s, tagger seconds and
 * tokens/s, entities found, and the ratio tagger/analyzer.  Times are CPU
 * times of this process (clock()); each pass is run N times and the best
 * is kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fahras.h"

static int count_token(void *ctx, const fahras_token *t)
{
    if (!(t->type == FAHRAS_TOKEN_HASHTAG && !(t->flags & FAHRAS_TOKEN_PART))) (*(size_t *)ctx)++;
    return 0;
}

static int count_span(void *ctx, const fahras_span *s)
{
    (void)s;
    (*(size_t *)ctx)++;
    return 0;
}

int main(int argc, char **argv)
{
    int repeat = 3, sides = 3;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--repeat") && i + 1 < argc) repeat = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--only") && i + 1 < argc) sides = !strcmp(argv[++i], "tagger") ? 2 : 1;
        else path = argv[i];
    }
    if (!path) {
        fprintf(stderr, "usage: ner_throughput [--repeat N] NEWS.txt\n");
        return 2;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 3;
    }
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)sz + 1);
    if (!text || fread(text, 1, (size_t)sz, f) != (size_t)sz) return 3;
    fclose(f);
    fahras_options o;
    fahras_options_default(&o);
    o.utf8 = FAHRAS_UTF8_REPLACE;
    fahras_error err;
    fahras_analyzer *an = fahras_analyzer_new(&o, &err);
    fahras_tagger *tg = an ? fahras_tagger_new(an, &err) : NULL;
    if (!tg) {
        fprintf(stderr, "ner_throughput: %s\n", err.message);
        return 3;
    }
    double best_a = 1e30, best_t = 1e30;
    size_t tokens = 0, spans = 0;
    for (int r = 0; r < repeat; r++) {
        size_t n = 0;
        clock_t c0 = clock();
        for (size_t at = 0; (sides & 1) && at < (size_t)sz;) {
            char *ff = memchr(text + at, '\f', (size_t)sz - at);
            size_t end = ff ? (size_t)(ff - text) : (size_t)sz;
            fahras_analyze(an, text + at, end - at, count_token, &n, NULL);
            at = end + 1;
        }
        double s = (double)(clock() - c0) / CLOCKS_PER_SEC;
        if (s < best_a) best_a = s;
        tokens = n;
        size_t m = 0;
        c0 = clock();
        for (size_t at = 0; (sides & 2) && at < (size_t)sz;) {
            char *ff = memchr(text + at, '\f', (size_t)sz - at);
            size_t end = ff ? (size_t)(ff - text) : (size_t)sz;
            fahras_tag(tg, text + at, end - at, count_span, &m, NULL);
            at = end + 1;
        }
        s = (double)(clock() - c0) / CLOCKS_PER_SEC;
        if (s < best_t) best_t = s;
        spans = m;
    }
    printf("tokens\t%zu\nanalyzer_s\t%.3f\nanalyzer_tokens_per_s\t%.0f\ntagger_s\t%.3f\n"
           "tagger_tokens_per_s\t%.0f\nentities\t%zu\ntagger_over_analyzer\t%.3f\n",
           tokens, best_a, (double)tokens / best_a, best_t, (double)tokens / best_t, spans,
           best_a / best_t);
    fahras_tagger_free(tg);
    fahras_analyzer_free(an);
    free(text);
    return 0;
}
