/*
 * ingest.c - streaming readers for `fahras index` (formats in ingest.h).
 * zlib reads plain and gzip data alike; jansson parses and validates JSON
 * (including UTF-8); .txt files are checked with fahras_utf8_check.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <zlib.h>

#include "ingest.h"

typedef struct reader {
    gzFile gz;
    ingest_where w;
    const fahras_analyzer *an;
    ingest_doc_fn on_doc;
    ingest_bad_fn on_bad;
    void *ctx;
} reader;

static void bad(reader *r, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void bad(reader *r, size_t line, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ingest_where w = r->w;
    w.line = line;
    r->on_bad(r->ctx, &w, msg);
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* ------------------------------------------------------------------ */
/* Repeated headline                                                   */
/* ------------------------------------------------------------------ */

/* Normalize s and drop everything that is not a letter or digit byte run:
 * the comparison ignores spacing and punctuation differences. */
static char *norm_words(const fahras_analyzer *an, const char *s, size_t n, size_t *out_len)
{
    size_t need = 0;
    if (fahras_normalize(an, s, n, NULL, 0, &need, NULL) != FAHRAS_OK) return NULL;
    char *buf = malloc(need + 1);
    if (!buf) return NULL;
    if (fahras_normalize(an, s, n, buf, need + 1, &need, NULL) != FAHRAS_OK) {
        free(buf);
        return NULL;
    }
    size_t k = 0;
    for (size_t i = 0; i < need; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (c < 0x80 && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            continue;
        buf[k++] = buf[i];
    }
    *out_len = k;
    return buf;
}

size_t ingest_skip_repeated_title(const fahras_analyzer *an, const char *title, size_t title_len,
                                  const char *body, size_t body_len)
{
    if (!title || !title_len || !body) return 0;
    size_t i = 0;
    while (i < body_len && is_blank(body[i])) i++;
    const char *nl = memchr(body + i, '\n', body_len - i);
    size_t end = nl ? (size_t)(nl - body) : body_len;
    if (end - i > title_len * 2 + 16) return 0; /* far longer: not the headline */
    size_t a_len, b_len;
    char *a = norm_words(an, title, title_len, &a_len);
    char *b = norm_words(an, body + i, end - i, &b_len);
    int same = a && b && a_len > 0 && a_len == b_len && !memcmp(a, b, a_len);
    free(a);
    free(b);
    if (!same) return 0;
    while (end < body_len && is_blank(body[end])) end++;
    return end < body_len ? end : 0; /* keep a body that is only the headline */
}

/* ------------------------------------------------------------------ */
/* JSON Lines                                                          */
/* ------------------------------------------------------------------ */

static const char *const known_fields[] = {"id", "title", "body", "date", "source",
                                           "category", "url"};

/* A string-or-null field; returns 0 ok, -1 wrong type (reported). */
static int str_field(reader *r, size_t line, json_t *o, const char *name, const char **p,
                     size_t *n)
{
    json_t *v = json_object_get(o, name);
    *p = NULL;
    *n = 0;
    if (!v || json_is_null(v)) return 0;
    if (!json_is_string(v)) {
        bad(r, line, "field '%s' must be a string", name);
        return -1;
    }
    *p = json_string_value(v);
    *n = json_string_length(v);
    return 0;
}

static int json_record(reader *r, char *line, size_t len, size_t lineno)
{
    while (len && is_blank(line[len - 1])) len--; /* also the \r of CRLF files */
    if (lineno == 1 && len >= 3 && !memcmp(line, "\xEF\xBB\xBF", 3)) { /* byte order mark */
        line += 3;
        len -= 3;
    }
    size_t i = 0;
    while (i < len && is_blank(line[i])) i++;
    if (i == len) return 0; /* blank line */
    json_error_t je;
    json_t *o = json_loadb(line, len, 0, &je);
    if (!o) {
        bad(r, lineno, "invalid JSON at byte %d: %s", je.position, je.text);
        return 0;
    }
    int rc = 0;
    char idbuf[32], *extra = NULL;
    fh_doc doc;
    memset(&doc, 0, sizeof doc);
    if (!json_is_object(o)) {
        bad(r, lineno, "expected a JSON object");
        goto done;
    }
    json_t *id = json_object_get(o, "id");
    if (json_is_string(id)) {
        doc.id = json_string_value(id);
        doc.id_len = json_string_length(id);
    } else if (json_is_integer(id)) {
        snprintf(idbuf, sizeof idbuf, "%" JSON_INTEGER_FORMAT, json_integer_value(id));
        doc.id = idbuf;
        doc.id_len = strlen(idbuf);
    } else {
        bad(r, lineno, id ? "field 'id' must be a string or an integer" : "missing field 'id'");
        goto done;
    }
    if (doc.id_len == 0) {
        bad(r, lineno, "empty id");
        goto done;
    }
    if (doc.id_len > FH_MAX_ID_BYTES) {
        bad(r, lineno, "id is %zu bytes, longer than the limit of %d", doc.id_len,
            FH_MAX_ID_BYTES);
        goto done;
    }
    json_t *body = json_object_get(o, "body");
    if (!body || json_is_null(body)) {
        bad(r, lineno, "id %.*s: missing field 'body'", (int)doc.id_len, doc.id);
        goto done;
    }
    if (str_field(r, lineno, o, "body", &doc.body, &doc.body_len) ||
        str_field(r, lineno, o, "title", &doc.title, &doc.title_len) ||
        str_field(r, lineno, o, "date", &doc.date, &doc.date_len) ||
        str_field(r, lineno, o, "source", &doc.source, &doc.source_len) ||
        str_field(r, lineno, o, "category", &doc.category, &doc.category_len) ||
        str_field(r, lineno, o, "url", &doc.url, &doc.url_len))
        goto done;
    /* the date as ISO 8601; one that cannot be read stays in extra */
    char date[FAHRAS_DATE_MAX], note[320] = "";
    int keep_date = 0;
    if (doc.date_len) {
        fahras_error de;
        if (fahras_date_normalize(doc.date, doc.date_len, 0, date, sizeof date, NULL, &de) ==
            FAHRAS_OK) {
            doc.date = date;
            doc.date_len = strlen(date);
        } else {
            snprintf(note, sizeof note, "id %.*s: date not read (%s): indexed without a date",
                     (int)(doc.id_len > 40 ? 40 : doc.id_len), doc.id, de.message);
            keep_date = 1;
            doc.date = NULL;
            doc.date_len = 0;
        }
    }
    size_t skip = ingest_skip_repeated_title(r->an, doc.title, doc.title_len, doc.body,
                                             doc.body_len);
    doc.body += skip;
    doc.body_len -= skip;
    size_t k = 0;
    while (k < doc.body_len && is_blank(doc.body[k])) k++;
    if (k == doc.body_len) {
        bad(r, lineno, "id %.*s: empty body", (int)doc.id_len, doc.id);
        goto done;
    }
    if (json_object_size(o) > 0) {
        json_t *rest = json_object();
        const char *key;
        json_t *v;
        json_object_foreach(o, key, v) {
            int known = 0;
            for (size_t f = 0; f < sizeof known_fields / sizeof known_fields[0]; f++)
                if (!strcmp(key, known_fields[f])) known = 1;
            if (keep_date && !strcmp(key, "date")) known = 0;
            if (!known) json_object_set(rest, key, v);
        }
        if (rest && json_object_size(rest) > 0) {
            extra = json_dumps(rest, JSON_COMPACT);
            if (extra) {
                doc.extra_json = extra;
                doc.extra_json_len = strlen(extra);
            }
        }
        json_decref(rest);
    }
    r->w.line = lineno;
    r->w.note = *note ? note : NULL;
    rc = r->on_doc(r->ctx, &doc, &r->w);
    r->w.note = NULL;
done:
    free(extra);
    json_decref(o);
    return rc;
}

/* Read lines of any length up to INGEST_MAX_RECORD from r->gz; first_line
 * is the number of the first line (blank lines skipped while sniffing). */
static int read_jsonl(reader *r, size_t first_line)
{
    size_t cap = 1 << 20, have = 0, lineno = first_line - 1;
    char *buf = malloc(cap);
    int skipping = 0, eof = 0, rc = 0;
    if (!buf) {
        fprintf(stderr, "fahras: %s: out of memory\n", r->w.file);
        return -1;
    }
    while (!rc) {
        if (!eof) {
            if (have == cap && cap < INGEST_MAX_RECORD) {
                size_t ncap = cap * 2 < INGEST_MAX_RECORD ? cap * 2 : INGEST_MAX_RECORD;
                char *nb = realloc(buf, ncap);
                if (!nb) {
                    fprintf(stderr, "fahras: %s:%zu: out of memory\n", r->w.file, lineno + 1);
                    rc = -1;
                    break;
                }
                buf = nb;
                cap = ncap;
            }
            int got = gzread(r->gz, buf + have, (unsigned)(cap - have));
            if (got < 0) {
                int zerr;
                const char *m = gzerror(r->gz, &zerr);
                fprintf(stderr, "fahras: %s:%zu: read error: %s\n", r->w.file, lineno + 1,
                        zerr == Z_ERRNO ? strerror(errno) : m);
                rc = -1;
                break;
            }
            if (got == 0) eof = 1;
            have += (size_t)got;
            r->w.done = (long long)gzoffset(r->gz);
        }
        size_t pos = 0;
        char *nl;
        while (!rc && (nl = memchr(buf + pos, '\n', have - pos))) {
            lineno++;
            if (skipping) skipping = 0;
            else rc = json_record(r, buf + pos, (size_t)(nl - (buf + pos)), lineno);
            pos = (size_t)(nl - buf) + 1;
        }
        memmove(buf, buf + pos, have - pos);
        have -= pos;
        if (rc) break;
        if (eof) {
            if (have && !skipping) rc = json_record(r, buf, have, lineno + 1);
            break;
        }
        if (have == cap && cap >= INGEST_MAX_RECORD) {
            if (!skipping)
                bad(r, lineno + 1, "record longer than %zu bytes", INGEST_MAX_RECORD);
            skipping = 1;
            have = 0;
        }
    }
    free(buf);
    return rc;
}

/* ------------------------------------------------------------------ */
/* One article a file                                                  */
/* ------------------------------------------------------------------ */

static void text_id(const char *path, char *out, size_t cap)
{
    if (!strcmp(path, "-")) {
        snprintf(out, cap, "stdin");
        return;
    }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 3 && !strcmp(base + n - 3, ".gz")) n -= 3;
    if (n > 4 && !strcmp(base + n - 4, ".txt")) n -= 4;
    snprintf(out, cap, "%.*s", (int)n, base);
}

static int read_text(reader *r, const char *lead, size_t lead_len)
{
    size_t cap = 1 << 16, have = 0;
    char *buf = malloc(cap);
    if (!buf) return -1;
    memcpy(buf, lead, lead_len);
    have = lead_len;
    for (;;) {
        if (have == cap) {
            if (cap >= INGEST_MAX_RECORD) {
                bad(r, 1, "file longer than %zu bytes", INGEST_MAX_RECORD);
                free(buf);
                return 0;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                fprintf(stderr, "fahras: %s: out of memory\n", r->w.file);
                return -1;
            }
            buf = nb;
            cap *= 2;
        }
        int got = gzread(r->gz, buf + have, (unsigned)(cap - have));
        if (got < 0) {
            int zerr;
            const char *m = gzerror(r->gz, &zerr);
            fprintf(stderr, "fahras: %s: read error: %s\n", r->w.file,
                    zerr == Z_ERRNO ? strerror(errno) : m);
            free(buf);
            return -1;
        }
        if (got == 0) break;
        have += (size_t)got;
    }
    r->w.done = (long long)gzoffset(r->gz);
    size_t badoff;
    if (fahras_utf8_check(buf, have, &badoff) != FAHRAS_OK) {
        size_t line = 1;
        for (size_t i = 0; i < badoff; i++) line += buf[i] == '\n';
        bad(r, line, "invalid UTF-8 at byte %zu", badoff);
        free(buf);
        return 0;
    }
    if (memchr(buf, '\0', have)) {
        bad(r, 1, "NUL byte in a text file");
        free(buf);
        return 0;
    }
    size_t i = 0;
    if (have >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) i = 3; /* byte order mark */
    while (i < have && is_blank(buf[i])) i++;
    const char *nl = memchr(buf + i, '\n', have - i);
    size_t tend = nl ? (size_t)(nl - buf) : have;
    fh_doc doc;
    memset(&doc, 0, sizeof doc);
    char id[FH_MAX_ID_BYTES + 8];
    text_id(r->w.file, id, sizeof id);
    doc.id = id;
    doc.id_len = strlen(id);
    doc.title = buf + i;
    doc.title_len = tend - i;
    while (doc.title_len && is_blank(doc.title[doc.title_len - 1])) doc.title_len--;
    size_t b = tend;
    while (b < have && is_blank(buf[b])) b++;
    doc.body = buf + b;
    doc.body_len = have - b;
    while (doc.body_len && is_blank(doc.body[doc.body_len - 1])) doc.body_len--;
    size_t skip = ingest_skip_repeated_title(r->an, doc.title, doc.title_len, doc.body,
                                             doc.body_len);
    doc.body += skip;
    doc.body_len -= skip;
    int rc = 0;
    if (doc.id_len > FH_MAX_ID_BYTES) bad(r, 1, "file name too long for an id");
    else if (!doc.body_len) bad(r, 1, "no body: the file holds only a headline");
    else {
        r->w.line = 1;
        rc = r->on_doc(r->ctx, &doc, &r->w);
    }
    free(buf);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Dispatch                                                            */
/* ------------------------------------------------------------------ */

static int has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && !strcmp(s + n - m, suf);
}

/* 1 = JSON Lines, 2 = text, 0 = decide from the data. */
static int format_of(const char *path)
{
    char name[4096];
    snprintf(name, sizeof name, "%s", path);
    if (has_suffix(name, ".gz")) name[strlen(name) - 3] = '\0';
    if (has_suffix(name, ".jsonl") || has_suffix(name, ".ndjson") || has_suffix(name, ".json") ||
        has_suffix(name, ".jl"))
        return 1;
    if (has_suffix(name, ".txt")) return 2;
    return 0;
}

static int ingest_file(const char *path, const fahras_analyzer *an, ingest_doc_fn on_doc,
                       ingest_bad_fn on_bad, void *ctx)
{
    reader r;
    memset(&r, 0, sizeof r);
    r.an = an;
    r.on_doc = on_doc;
    r.on_bad = on_bad;
    r.ctx = ctx;
    r.w.file = path;
    r.w.size = -1;
    int is_stdin = !strcmp(path, "-");
    struct stat sb;
    if (!is_stdin && stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) r.w.size = (long long)sb.st_size;
    if (is_stdin) {
        int fd = dup(0);
        r.gz = fd >= 0 ? gzdopen(fd, "rb") : NULL;
        if (!r.gz && fd >= 0) close(fd);
    } else {
        r.gz = gzopen(path, "rb");
    }
    if (!r.gz) {
        fprintf(stderr, "fahras: %s: %s\n", path, errno ? strerror(errno) : "cannot open");
        return -1;
    }
    gzbuffer(r.gz, 1 << 18);
    int fmt = format_of(path), rc;
    if (is_stdin || fmt == 0) {
        /* sniff: JSON Lines start with '{' after blank space */
        char lead[4096];
        size_t n = 0, lines = 1;
        int c;
        while ((c = gzgetc(r.gz)) != -1 && is_blank((char)c)) {
            lines += c == '\n';
            if (n < sizeof lead) lead[n++] = (char)c;
        }
        if (c == -1) {
            gzclose(r.gz);
            return 0; /* empty input */
        }
        gzungetc(c, r.gz);
        if (fmt == 0) fmt = c == '{' ? 1 : 2;
        rc = fmt == 1 ? read_jsonl(&r, lines) : read_text(&r, lead, n < sizeof lead ? n : 0);
    } else {
        rc = fmt == 1 ? read_jsonl(&r, 1) : read_text(&r, "", 0);
    }
    gzclose(r.gz);
    return rc;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int ingest_path(const char *path, const fahras_analyzer *an, ingest_doc_fn on_doc,
                ingest_bad_fn on_bad, void *ctx)
{
    struct stat sb;
    if (strcmp(path, "-") && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        DIR *dir = opendir(path);
        if (!dir) {
            fprintf(stderr, "fahras: %s: %s\n", path, strerror(errno));
            return -1;
        }
        char **names = NULL;
        size_t n = 0, cap = 0;
        struct dirent *e;
        int rc = 0;
        while ((e = readdir(dir))) {
            if (e->d_name[0] == '.') continue;
            char full[4096];
            snprintf(full, sizeof full, "%s/%s", path, e->d_name);
            struct stat es;
            if (stat(full, &es) != 0) continue;
            if (!S_ISDIR(es.st_mode) && !format_of(full)) continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 64;
                char **nn = realloc(names, cap * sizeof *nn);
                if (!nn) {
                    rc = -1;
                    break;
                }
                names = nn;
            }
            if (!(names[n] = strdup(full))) {
                rc = -1;
                break;
            }
            n++;
        }
        closedir(dir);
        if (rc) fprintf(stderr, "fahras: %s: out of memory\n", path);
        if (n) qsort(names, n, sizeof *names, name_cmp);
        for (size_t i = 0; i < n && !rc; i++) rc = ingest_path(names[i], an, on_doc, on_bad, ctx);
        for (size_t i = 0; i < n; i++) free(names[i]);
        free(names);
        return rc;
    }
    return ingest_file(path, an, on_doc, on_bad, ctx);
}
