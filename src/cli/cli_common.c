/*
 * cli_common.c - analyzer options, line reading, escaped and JSON output
 * shared by the fahras subcommands.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_analysis_options(const char *cmd, cli_analysis *ca, const char *spec)
{
    fahras_error err;
    if (fahras_options_parse(&ca->opts, spec, &err)) {
        cli_err("fahras %s: --options: %s", cmd, err.message);
        return -1;
    }
    return 0;
}

void cli_options_help(FILE *out)
{
    fputs("Analyzer options (SPEC: name=value, separated by commas or spaces; [default]):\n", out);
    for (size_t i = 0; i < fahras_option_count(); i++) {
        const fahras_option_info *o = fahras_option_at(i);
        char values[80];
        size_t n = 0;
        values[0] = '\0';
        for (size_t v = 0; v < o->nvalues && n < sizeof values; v++) {
            if (o->values[v].alias) continue;
            int dflt = !strcmp(o->values[v].name, o->default_value);
            n += (size_t)snprintf(values + n, sizeof values - n, "%s%s%s%s", n ? "|" : "",
                                  dflt ? "[" : "", o->values[v].name, dflt ? "]" : "");
        }
        if (o->kind == FAHRAS_OPTION_BITS && n < sizeof values)
            snprintf(values + n, sizeof values - n, "|0xHEX");
        fprintf(out, "  %-13s %-24s %s\n", o->name, values, o->help);
    }
}

fahras_analyzer *cli_analyzer(const cli_analysis *ca)
{
    fahras_error err;
    fahras_analyzer *an = fahras_analyzer_new(&ca->opts, &err);
    if (!an) cli_err("fahras: cannot create the analyzer: %s", err.message);
    return an;
}

/* ------------------------------------------------------------------ */
/* Escaped output                                                      */
/* ------------------------------------------------------------------ */

/* Length of the valid UTF-8 sequence at s[0, n), or 0. */
static size_t utf8_len(const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];
    size_t k = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (!k || k > n || fahras_utf8_check(s, k, NULL) != FAHRAS_OK) return 0;
    return k;
}

void cli_put_escaped(FILE *f, const char *s, size_t n, int keep_lines)
{
    static const char hex[] = "0123456789abcdef";
    size_t i = 0, run = 0; /* s[i - run, i) is waiting to be written as it is */
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        size_t k = c < 0x80 ? 1 : utf8_len(s + i, n - i);
        int c1 = k == 2 && c == 0xC2 && (unsigned char)s[i + 1] < 0xA0; /* U+0080..U+009F */
        int ctl = c < 0x20 || c == 0x7F;
        if (k && !c1 && (!ctl || (keep_lines && (c == '\n' || c == '\t')))) {
            i += k;
            run += k;
            continue;
        }
        fwrite(s + i - run, 1, run, f);
        run = 0;
        if (ctl && !keep_lines && (c == '\t' || c == '\n' || c == '\r')) {
            putc(' ', f);
        } else if (c1) {
            fprintf(f, "\\u00%c%c", hex[(unsigned char)s[i + 1] >> 4], hex[s[i + 1] & 15]);
            i += 2;
            continue;
        } else {
            fprintf(f, "\\x%c%c", hex[c >> 4], hex[c & 15]);
        }
        i++;
    }
    fwrite(s + i - run, 1, run, f);
}

void cli_err(const char *fmt, ...)
{
    char small[2048], *buf = small;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n >= sizeof small && (buf = malloc((size_t)n + 1))) {
        va_start(ap, fmt);
        vsnprintf(buf, (size_t)n + 1, fmt, ap);
        va_end(ap);
    } else if (!buf) {
        buf = small;
        n = (int)strlen(small);
    }
    cli_put_escaped(stderr, buf, (size_t)n, 1);
    putc('\n', stderr);
    if (buf != small) free(buf);
}

/* ------------------------------------------------------------------ */
/* Lines                                                               */
/* ------------------------------------------------------------------ */

int cli_for_each_line(const char *path, cli_line_fn fn, void *ctx, size_t *too_long)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) {
        cli_err("fahras: %s: %s", path, strerror(errno));
        return -1;
    }
    size_t cap = 1 << 16, have = 0, lineno = 0, consumed = 0;
    char *buf = malloc(cap);
    int rc = 0, stop = 0, skipping = 0;
    if (!buf) {
        cli_err("fahras: out of memory");
        if (f != stdin) fclose(f);
        return -1;
    }
    for (;;) {
        if (have == cap) {
            if (cap >= CLI_MAX_LINE) { /* one line fills the buffer: skip it */
                if (!skipping) {
                    cli_err("fahras: %s:%zu: line longer than %zu bytes; skipped", path,
                            lineno + 1, CLI_MAX_LINE);
                    if (too_long) (*too_long)++;
                }
                skipping = 1;
                consumed += have;
                have = 0;
            } else {
                char *nb = realloc(buf, cap * 2);
                if (!nb) {
                    cli_err("fahras: %s:%zu: out of memory", path, lineno + 1);
                    rc = -1;
                    break;
                }
                buf = nb;
                cap *= 2;
            }
        }
        size_t got = fread(buf + have, 1, cap - have, f);
        if (got == 0 && ferror(f)) {
            cli_err("fahras: %s: read error: %s", path, strerror(errno));
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
            lineno++;
            if (skipping) skipping = 0;
            else if (fn(ctx, buf + start, len, lineno, consumed + start)) { stop = 1; break; }
            start += n + 1;
        }
        if (stop) break;
        if (eof) {
            if (have > start && !skipping) {
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

/* ------------------------------------------------------------------ */
/* JSON                                                                */
/* ------------------------------------------------------------------ */

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
            if (c < 0x20 || c == 0x7F) { /* DEL too: valid raw, but a terminal would act on it */
                fputs("\\u00", out);
                putc(hex[c >> 4], out);
                putc(hex[c & 15], out);
            } else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
                       (unsigned char)s[i + 1] < 0xA0) { /* C1 controls U+0080..U+009F */
                fputs("\\u00", out);
                putc(hex[(unsigned char)s[i + 1] >> 4], out);
                putc(hex[s[i + 1] & 15], out);
                i++;
            } else {
                putc(c, out);
            }
        }
    }
    putc('"', out);
}

void cli_put_json(FILE *out, const char *text)
{
    static const char hex[] = "0123456789abcdef";
    const char *run = text;
    for (const char *p = text; *p; p++) {
        unsigned char c = (unsigned char)*p, d = (unsigned char)p[1];
        if (c != 0x7F && !(c == 0xC2 && d >= 0x80 && d < 0xA0)) continue;
        fwrite(run, 1, (size_t)(p - run), out);
        unsigned cp = c == 0x7F ? 0x7F : d;
        fprintf(out, "\\u00%c%c", hex[cp >> 4], hex[cp & 15]);
        if (c == 0xC2) p++;
        run = p + 1;
    }
    fputs(run, out);
}
