/*
 * values_throughput.c - speed of the value finder against the analyzer
 * alone on a text file, every line one document.
 *
 *   values_throughput FILE analyze|values [RUNS]
 *
 * analyze: fahras_analyze, counting tokens; values: fahras_find_values
 * with a reference date (the common case when indexing articles), counting
 * spans.  Prints bytes, tokens (analyze), spans (values) and the best CPU
 * seconds of RUNS.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fahras.h"

static int count_token(void *ctx, const fahras_token *t)
{
    (void)t;
    ++*(size_t *)ctx;
    return 0;
}

static int count_span(void *ctx, const fahras_span *s)
{
    (void)s;
    ++*(size_t *)ctx;
    return 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 3 || (strcmp(argv[2], "analyze") && strcmp(argv[2], "values"))) {
        fprintf(stderr, "usage: values_throughput FILE analyze|values [RUNS]\n");
        return 2;
    }
    int values = !strcmp(argv[2], "values"), runs = argc > 3 ? atoi(argv[3]) : 3;
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 1; }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)size + 1);
    if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) { perror("read"); return 1; }
    fclose(f);
    fahras_options o;
    fahras_options_default(&o);
    o.utf8 = FAHRAS_UTF8_REPLACE;
    fahras_error err;
    fahras_analyzer *a = fahras_analyzer_new(&o, &err);
    if (!a) { fprintf(stderr, "%s\n", err.message); return 1; }
    double best = 1e30;
    size_t tokens = 0, spans = 0;
    for (int r = 0; r < runs; r++) {
        tokens = spans = 0;
        double t0 = now();
        char *p = buf, *end = buf + size;
        while (p < end) {
            char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
            if (values) fahras_find_values(a, p, n, "2018-06-01", count_span, &spans, &err);
            else fahras_analyze(a, p, n, count_token, &tokens, &err);
            p += n + 1;
        }
        double t = now() - t0;
        if (t < best) best = t;
    }
    printf("bytes=%ld tokens=%zu spans=%zu seconds=%.3f\n", size, tokens, spans, best);
    fahras_analyzer_free(a);
    free(buf);
    return 0;
}
