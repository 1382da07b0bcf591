/*
 * cmd_analysis.c - `fahras normalize`, `tokenize`, `stem` and `segment`:
 * the analyzer on files or stdin, line by line.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "codepoints.h"

typedef struct run {
    const char *cmd;
    const char *path;
    fahras_analyzer *an;
    const cli_analysis *ca;
    int json;
    size_t bad_lines;
    uint32_t position_base;
    uint32_t last_position;
    size_t line_offset;
    const char *line;
    size_t line_len;
    /* code points of the file before byte cp_byte (tokenize --json) */
    size_t cp_byte, cp;
    size_t line_at, line_cp; /* within the line: counted up to line_at */
    char *buf;
    size_t cap;
} run;

/* Invalid UTF-8: report "file:line: ... byte N" and skip the line, unless
 * --replace-invalid asked the analyzer to treat bad bytes as separators. */
static int line_is_bad(run *r, const char *line, size_t len, size_t lineno, size_t off)
{
    size_t bad;
    if (r->ca->replace_invalid || fahras_utf8_check(line, len, &bad) == FAHRAS_OK) return 0;
    cli_err("fahras %s: %s:%zu: invalid UTF-8 at byte %zu (column byte %zu); line skipped"
            " (--replace-invalid to keep it)",
            r->cmd, r->path, lineno, off + bad, bad + 1);
    r->bad_lines++;
    return 1;
}

static int ensure(run *r, size_t need)
{
    if (need <= r->cap) return 0;
    size_t cap = r->cap ? r->cap : 4096;
    while (cap < need) cap *= 2;
    char *b = realloc(r->buf, cap);
    if (!b) return -1;
    r->buf = b;
    r->cap = cap;
    return 0;
}

static int normalize_line(void *ctx, const char *line, size_t len, size_t lineno, size_t off)
{
    run *r = ctx;
    if (line_is_bad(r, line, len, lineno, off)) return 0;
    fahras_error err;
    size_t need = 0;
    if (ensure(r, len * 3 + 16)) return 1;
    if (fahras_normalize(r->an, line, len, r->buf, r->cap, &need, &err)) {
        cli_err("fahras normalize: %s:%zu: %s", r->path, lineno, err.message);
        r->bad_lines++;
        return 0;
    }
    if (need >= r->cap) {
        if (ensure(r, need + 1)) return 1;
        fahras_normalize(r->an, line, len, r->buf, r->cap, &need, &err);
    }
    fwrite(r->buf, 1, need, stdout);
    putchar('\n');
    return 0;
}

static int print_token(void *ctx, const fahras_token *t)
{
    run *r = ctx;
    const char *surface = r->line + t->start;
    size_t slen = t->end - t->start;
    size_t start = r->line_offset + t->start, end = r->line_offset + t->end;
    uint32_t pos = r->position_base + t->position;
    r->last_position = pos + 1;
    if (r->json) {
        size_t start_cp, end_cp;
        fh_count_code_points(r->line, r->line_len, t->start, &r->line_at, &r->line_cp);
        start_cp = r->cp + r->line_cp;
        fh_count_code_points(r->line, r->line_len, t->end, &r->line_at, &r->line_cp);
        end_cp = r->cp + r->line_cp;
        printf("{\"start\":%zu,\"end\":%zu,\"start_cp\":%zu,\"end_cp\":%zu,\"position\":%u,"
               "\"type\":\"%s\",\"surface\":",
               start, end, start_cp, end_cp, pos, fahras_token_type_name(t->type));
        cli_json_string(stdout, surface, slen);
        fputs(",\"norm\":", stdout);
        cli_json_string(stdout, t->norm, t->norm_len);
        fputs(",\"key\":", stdout);
        cli_json_string(stdout, t->key, t->key_len);
        fputs(",\"seg\":", stdout);
        cli_json_string(stdout, t->seg, t->seg_len);
        if (t->flags & FAHRAS_TOKEN_PART) fputs(",\"part\":true", stdout);
        if (t->flags & FAHRAS_TOKEN_TRUNCATED) fputs(",\"truncated\":true", stdout);
        fputs("}\n", stdout);
    } else {
        /* surface may hold tabs only if the input does; tokens never do */
        printf("%zu\t%zu\t%u\t%s\t%.*s\t%.*s\t%.*s\t%.*s\n", start, end, pos, fahras_token_type_name(t->type),
               (int)slen, surface, (int)t->norm_len, t->norm, (int)t->key_len, t->key,
               (int)t->seg_len, t->seg);
    }
    return 0;
}

static int tokenize_line(void *ctx, const char *line, size_t len, size_t lineno, size_t off)
{
    run *r = ctx;
    /* the line ends between lines are ASCII: one code point a byte */
    r->cp += off - r->cp_byte;
    r->line = line;
    r->line_len = len;
    r->line_at = r->line_cp = 0;
    if (!line_is_bad(r, line, len, lineno, off)) {
        fahras_error err;
        r->line_offset = off;
        if (fahras_analyze(r->an, line, len, print_token, r, &err)) {
            cli_err("fahras tokenize: %s:%zu: %s", r->path, lineno, err.message);
            r->bad_lines++;
        }
        r->position_base = r->last_position;
    }
    fh_count_code_points(line, len, len, &r->line_at, &r->line_cp);
    r->cp += r->line_cp;
    r->cp_byte = off + len;
    return 0;
}

typedef struct segctx { char *out; size_t cap, n; } segctx;

static int seg_cb(void *ctx, const fahras_token *t)
{
    segctx *s = ctx;
    if (t->flags & FAHRAS_TOKEN_PART) return 0;
    for (size_t i = 0; i <= t->seg_len; i++) {
        char c = i == t->seg_len ? '+' : t->seg[i];
        if (s->n < s->cap) s->out[s->n] = c;
        s->n++;
    }
    return 0;
}

/* Output of stem/segment goes through one large buffer: a word list has
 * millions of short lines and stdio's per-call locking shows up. */
static char out_buf[1 << 18];
static size_t out_len;

static void out_flush(void)
{
    if (out_len) fwrite(out_buf, 1, out_len, stdout);
    out_len = 0;
}

static void out_put(const char *p, size_t n)
{
    if (out_len + n > sizeof out_buf) {
        out_flush();
        if (n > sizeof out_buf) {
            fwrite(p, 1, n, stdout);
            return;
        }
    }
    memcpy(out_buf + out_len, p, n);
    out_len += n;
}

/* stem and segment: one word per line in, "word<TAB>result" out. */
static int word_line(run *r, const char *line, size_t len, size_t lineno, size_t off, int segment)
{
    fahras_error err;
    size_t need = 0;
    if (ensure(r, len * 2 + 64)) return 1;
    int rc;
    if (segment) {
        segctx s = {r->buf, r->cap, 0};
        rc = fahras_analyze(r->an, line, len, seg_cb, &s, &err);
        need = s.n ? s.n - 1 : 0; /* drop the trailing '+' */
        if (s.n > r->cap) {
            if (ensure(r, s.n + 1)) return 1;
            s.out = r->buf;
            s.cap = r->cap;
            s.n = 0;
            rc = fahras_analyze(r->an, line, len, seg_cb, &s, &err);
        }
    } else {
        rc = fahras_stem(r->an, line, len, r->buf, r->cap, &need, &err);
        if (rc == FAHRAS_OK && need >= r->cap) {
            if (ensure(r, need + 1)) return 1;
            rc = fahras_stem(r->an, line, len, r->buf, r->cap, &need, &err);
        }
    }
    if (rc) {
        /* the analyzer validates UTF-8 as it goes: no separate pass */
        out_flush();
        if (rc == FAHRAS_ERR_UTF8)
            cli_err("fahras %s: %s:%zu: invalid UTF-8 at byte %zu (column byte %zu); line skipped"
                    " (--replace-invalid to keep it)",
                    r->cmd, r->path, lineno, off + err.offset, err.offset + 1);
        else
            cli_err("fahras %s: %s:%zu: %s", r->cmd, r->path, lineno, err.message);
        r->bad_lines++;
        need = 0;
    }
    if (out_len + len + need + 2 <= sizeof out_buf) { /* the usual short line: one copy each */
        memcpy(out_buf + out_len, line, len);
        out_buf[out_len + len] = '\t';
        memcpy(out_buf + out_len + len + 1, r->buf, need);
        out_buf[out_len + len + 1 + need] = '\n';
        out_len += len + need + 2;
        return 0;
    }
    out_put(line, len);
    out_put("\t", 1);
    out_put(r->buf, need);
    out_put("\n", 1);
    return 0;
}

static int stem_line(void *ctx, const char *line, size_t len, size_t lineno, size_t off)
{
    return word_line(ctx, line, len, lineno, off, 0);
}

static int segment_line(void *ctx, const char *line, size_t len, size_t lineno, size_t off)
{
    return word_line(ctx, line, len, lineno, off, 1);
}

static const char *usage_text(const char *cmd)
{
    if (!strcmp(cmd, "normalize"))
        return "usage: fahras normalize [OPTIONS] [FILE...]\n"
               "Print each line of FILE (or stdin, or -) normalized: diacritics and tatweel\n"
               "removed, letter forms folded, digits and punctuation unified.\n";
    if (!strcmp(cmd, "tokenize"))
        return "usage: fahras tokenize [OPTIONS] [--json] [FILE...]\n"
               "Print one token per line: start, end (byte offsets in the file), position,\n"
               "type, surface, normalized form, key, segmentation; tab-separated, or JSON\n"
               "lines with --json, which also give start_cp and end_cp: the offsets in code\n"
               "points (Python: text[start_cp:end_cp]; JavaScript:\n"
               "Array.from(text).slice(start_cp, end_cp).join('')).\n";
    if (!strcmp(cmd, "stem"))
        return "usage: fahras stem [OPTIONS] [FILE...]\n"
               "Read one word per line; print word<TAB>key (keys of several tokens joined\n"
               "with '+', empty when the line holds no token).\n";
    return "usage: fahras segment [OPTIONS] [FILE...]\n"
           "Read one word per line; print word<TAB>clitic segmentation (و+ال+تحالف).\n";
}

enum { OPT_HELP, OPT_OPTIONS, OPT_REPLACE, OPT_JSON };

static const cli_opt analysis_opts[] = {
    {"help", 'h', 0, OPT_HELP},
    {"options", 'o', 1, OPT_OPTIONS},
    {"replace-invalid", 0, 0, OPT_REPLACE},
    {"json", 0, 0, OPT_JSON},
    {NULL, 0, 0, 0},
};

typedef struct analysis_args {
    const char *cmd;
    cli_analysis ca;
    int json, help;
} analysis_args;

static int on_analysis_opt(void *ctx, int id, const char *spelled, const char *value)
{
    analysis_args *a = ctx;
    switch (id) {
    case OPT_HELP: a->help = 1; return 0;
    case OPT_OPTIONS: return cli_analysis_options(a->cmd, &a->ca, value);
    case OPT_REPLACE:
        a->ca.replace_invalid = 1;
        a->ca.opts.utf8 = FAHRAS_UTF8_REPLACE;
        return 0;
    default: /* --json */
        if (strcmp(a->cmd, "tokenize")) {
            cli_err("fahras %s: unknown option %s (fahras %s --help)", a->cmd, spelled, a->cmd);
            return -1;
        }
        a->json = 1;
        return 0;
    }
}

static int analysis_main(const char *cmd, int argc, char **argv, cli_line_fn fn)
{
    analysis_args a;
    run r;
    memset(&r, 0, sizeof r);
    memset(&a, 0, sizeof a);
    a.cmd = cmd;
    fahras_options_default(&a.ca.opts);
    cli_args pos;
    if (cli_parse_args(cmd, analysis_opts, argc, argv, on_analysis_opt, &a, &pos)) {
        cli_args_free(&pos);
        return EXIT_USAGE;
    }
    if (a.help) {
        fputs(usage_text(cmd), stdout);
        fputs("\nOptions (before or after the files; -- ends them):\n"
              "  -o, --options SPEC   analyzer options, e.g. stem=clitics,diacritics=off\n"
              "  --replace-invalid    treat invalid UTF-8 bytes as separators instead of\n"
              "                       reporting and skipping the line (utf8=replace)\n"
              "  --json               (tokenize) JSON lines output\n"
              "A file that does not exist is an error (exit 2) before anything is read.\n"
              "Exit status: 0 ok, 1 some lines were rejected, 2 usage, 3 failure.\n\n",
              stdout);
        cli_options_help(stdout);
        cli_args_free(&pos);
        return EXIT_OK;
    }
    static const char *const stdin_only[] = {"-"};
    const char *const *files = pos.npos ? pos.pos : stdin_only;
    int nfiles = pos.npos ? pos.npos : 1;
    if (cli_check_inputs(cmd, files, nfiles)) {
        cli_args_free(&pos);
        return EXIT_USAGE;
    }
    r.cmd = cmd;
    r.ca = &a.ca;
    r.json = a.json;
    r.an = cli_analyzer(&a.ca);
    if (!r.an) {
        cli_args_free(&pos);
        return EXIT_FAIL;
    }
    static char outbuf[1 << 16];
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    int failed = 0;
    for (int f = 0; f < nfiles; f++) {
        r.path = strcmp(files[f], "-") ? files[f] : "<stdin>";
        r.position_base = 0;
        r.cp_byte = r.cp = 0;
        r.last_position = 0;
        if (cli_for_each_line(files[f], fn, &r, &r.bad_lines)) failed = 1;
    }
    out_flush();
    fahras_analyzer_free(r.an);
    free(r.buf);
    cli_args_free(&pos);
    if (fflush(stdout)) {
        cli_err("fahras %s: write error", cmd);
        return EXIT_FAIL;
    }
    if (failed) return EXIT_FAIL;
    return r.bad_lines ? EXIT_SOME_BAD : EXIT_OK;
}

int cmd_normalize(int argc, char **argv) { return analysis_main("normalize", argc, argv, normalize_line); }
int cmd_tokenize(int argc, char **argv) { return analysis_main("tokenize", argc, argv, tokenize_line); }
int cmd_stem(int argc, char **argv) { return analysis_main("stem", argc, argv, stem_line); }
int cmd_segment(int argc, char **argv) { return analysis_main("segment", argc, argv, segment_line); }
