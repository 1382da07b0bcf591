/*
 * cli_common.c - option handling, line reading and JSON output shared by
 * the fahras subcommands.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_analysis_arg(cli_analysis *ca, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    if (!strcmp(a, "--replace-invalid")) {
        ca->replace_invalid = 1;
        ca->opts.utf8 = FAHRAS_UTF8_REPLACE;
        return 1;
    }
    if (!strcmp(a, "--options") || !strcmp(a, "-o")) {
        if (*i + 1 >= argc) {
            fprintf(stderr, "fahras: %s needs a value (e.g. stem=clitics,diacritics=off)\n", a);
            return -1;
        }
        fahras_error err;
        if (fahras_options_parse(&ca->opts, argv[++*i], &err)) {
            fprintf(stderr, "fahras: --options: %s\n", err.message);
            return -1;
        }
        return 1;
    }
    if (!strncmp(a, "--options=", 10)) {
        fahras_error err;
        if (fahras_options_parse(&ca->opts, a + 10, &err)) {
            fprintf(stderr, "fahras: --options: %s\n", err.message);
            return -1;
        }
        return 1;
    }
    return 0;
}

fahras_analyzer *cli_analyzer(const cli_analysis *ca)
{
    fahras_error err;
    fahras_analyzer *an = fahras_analyzer_new(&ca->opts, &err);
    if (!an) fprintf(stderr, "fahras: cannot create the analyzer: %s\n", err.message);
    return an;
}

int cli_for_each_line(const char *path, cli_line_fn fn, void *ctx)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) {
        fprintf(stderr, "fahras: %s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t cap = 1 << 16, have = 0, lineno = 0, consumed = 0;
    char *buf = malloc(cap);
    int rc = 0, stop = 0;
    if (!buf) {
        fprintf(stderr, "fahras: out of memory\n");
        if (f != stdin) fclose(f);
        return -1;
    }
    for (;;) {
        if (have == cap) {
            char *nb = cap < ((size_t)1 << 40) ? realloc(buf, cap * 2) : NULL;
            if (!nb) {
                fprintf(stderr, "fahras: %s:%zu: line too long, out of memory\n", path, lineno + 1);
                rc = -1;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + have, 1, cap - have, f);
        if (got == 0 && ferror(f)) {
            fprintf(stderr, "fahras: %s: read error: %s\n", path, strerror(errno));
            rc = -1;
            break;
        }
        int eof = got == 0;
        have += got;
        size_t start = 0;
        for (;;) {
            char *nl = memchr(buf + start, '\n', have - start);
            if (!nl) break;
            size_t n = (size_t)(nl - (buf + start));
            size_t len = n && buf[start + n - 1] == '\r' ? n - 1 : n;
            if (fn(ctx, buf + start, len, ++lineno, consumed + start)) { stop = 1; break; }
            start += n + 1;
        }
        if (stop) break;
        if (eof) {
            if (have > start) {
                size_t len = have - start;
                if (len && buf[start + len - 1] == '\r') len--;
                fn(ctx, buf + start, len, ++lineno, consumed + start);
            }
            break;
        }
        memmove(buf, buf + start, have - start);
        have -= start;
        consumed += start;
    }
    free(buf);
    if (f != stdin) fclose(f);
    return rc;
}

void cli_json_string(FILE *out, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    putc('"', out);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (c < 0x20) {
                fputs("\\u00", out);
                putc(hex[c >> 4], out);
                putc(hex[c & 15], out);
            } else {
                putc(c, out);
            }
        }
    }
    putc('"', out);
}
