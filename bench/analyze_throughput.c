/*
 * analyze_throughput.c - full-analysis throughput of the core on a text
 * file: every line is one document passed to fahras_analyze.  Prints
 * bytes, tokens, CPU seconds and MB/s (best of N runs) for bench/analysis.sh.
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

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: as the script measures stemwords */
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: analyze_throughput FILE [RUNS]\n");
        return 2;
    }
    int runs = argc > 2 ? atoi(argv[2]) : 3;
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
    size_t tokens = 0;
    for (int r = 0; r < runs; r++) {
        tokens = 0;
        double t0 = now();
        char *p = buf, *end = buf + size;
        while (p < end) {
            char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
            fahras_analyze(a, p, n, count_token, &tokens, &err);
            p += n + 1;
        }
        double t = now() - t0;
        if (t < best) best = t;
    }
    printf("bytes=%ld tokens=%zu seconds=%.3f mb_per_s=%.1f\n", size, tokens, best,
           (double)size / 1e6 / best);
    fahras_analyzer_free(a);
    free(buf);
    return 0;
}
