/*
 * web_files.c - pages from files: an HTML file (plain or gzip), a WARC
 * archive's HTML responses, a directory of them; each page extracted and
 * handed to the caller with its place, each failure reported with it.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "web_internal.h"

static int has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && !strcasecmp(s + n - m, suf);
}

int web_file_kind(const char *path)
{
    char name[4096];
    snprintf(name, sizeof name, "%s", path);
    if (has_suffix(name, ".gz")) name[strlen(name) - 3] = '\0';
    if (has_suffix(name, ".html") || has_suffix(name, ".htm") || has_suffix(name, ".xhtml") ||
        has_suffix(name, ".shtml"))
        return WEB_FILE_HTML;
    if (has_suffix(name, ".warc") || has_suffix(name, ".arc.warc")) return WEB_FILE_WARC;
    return WEB_FILE_NONE;
}

void web_place_format(const web_place *at, char *buf, size_t cap)
{
    if (!at->record) {
        snprintf(buf, cap, "%s", at->file);
        return;
    }
    if (at->gz_offset >= 0)
        snprintf(buf, cap, "%s: record %lld at byte %lld (gzip member at byte %lld)", at->file,
                 at->record, at->offset, at->gz_offset);
    else
        snprintf(buf, cap, "%s: record %lld at byte %lld", at->file, at->record, at->offset);
}

static void skipf(const web_reader *r, const web_place *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void skipf(const web_reader *r, const web_place *at, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (r->skip) r->skip(r->ctx, at, msg);
}

/* The file's name without directories and page extensions: the id of a
 * page that names no URL of its own. */
static char *file_id(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char name[1024];
    snprintf(name, sizeof name, "%s", base);
    if (has_suffix(name, ".gz")) name[strlen(name) - 3] = '\0';
    char *dot = strrchr(name, '.');
    if (dot && dot != name && web_file_kind(name) == WEB_FILE_HTML) *dot = '\0';
    return strdup(name);
}

static int extract(const char *bytes, size_t len, const char *url, const char *ctype,
                   const web_place *at, const web_reader *r)
{
    web_page page = {bytes, len, url, ctype};
    web_article a;
    web_error err;
    if (web_extract(&page, r->limits, &a, &err)) {
        for (size_t i = 0; i < a.n_notes && r->note; i++) r->note(r->ctx, at, &a.notes[i]);
        if (r->skip) r->skip(r->ctx, at, err.msg);
        web_article_free(&a);
        return 0;
    }
    if (!a.id && at->file && !at->record) {
        a.id = file_id(strcmp(at->file, "-") ? at->file : "stdin");
    }
    for (size_t i = 0; i < a.n_notes && r->note; i++) r->note(r->ctx, at, &a.notes[i]);
    int rc = r->page ? r->page(r->ctx, &a, at) : 0;
    web_article_free(&a);
    return rc;
}

int web_read_page(const char *bytes, size_t len, const web_place *at, const web_reader *r)
{
    return extract(bytes, len, NULL, NULL, at, r);
}

static const web_limits *limits_of(const web_reader *r, web_limits *def)
{
    if (r->limits) return r->limits;
    web_limits_default(def);
    return def;
}

static gzFile open_gz(const char *path)
{
    if (strcmp(path, "-")) return gzopen(path, "rb");
    int fd = dup(0);
    gzFile gz = fd >= 0 ? gzdopen(fd, "rb") : NULL;
    if (!gz && fd >= 0) close(fd);
    return gz;
}

/* The page in gz, after the `have` bytes already in buf (cap bytes,
 * malloc'd; taken over and freed here). */
static int read_html_gz(gzFile gz, char *buf, size_t cap, size_t have, const char *path,
                        const web_reader *r)
{
    web_place at = {path, 0, -1, -1, NULL};
    web_limits def;
    const web_limits *lim = limits_of(r, &def);
    int rc = 0;
    while (buf) {
        if (have == cap) {
            if (cap > lim->max_bytes) break;
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        int got = gzread(gz, buf + have, (unsigned)(cap - have));
        if (got < 0) {
            int zerr;
            const char *m = gzerror(gz, &zerr);
            skipf(r, &at, "read error after byte %zu: %s", have, zerr == Z_ERRNO ? strerror(errno) : m);
            rc = -1;
            break;
        }
        if (got == 0) break;
        have += (size_t)got;
    }
    gzclose(gz);
    if (!buf) {
        skipf(r, &at, "out of memory");
        return -1;
    }
    if (rc == 0) {
        if (have > lim->max_bytes)
            skipf(r, &at, "page is over the limit of %zu bytes", lim->max_bytes);
        else
            rc = extract(buf, have, NULL, NULL, &at, r);
    }
    free(buf);
    return rc;
}

static int read_html(const char *path, const web_reader *r)
{
    web_place at = {path, 0, -1, -1, NULL};
    gzFile gz = open_gz(path);
    if (!gz) {
        skipf(r, &at, "cannot open: %s", errno ? strerror(errno) : "out of memory");
        return -1;
    }
    size_t cap = 1 << 16;
    return read_html_gz(gz, malloc(cap), cap, 0, path, r);
}

/* Every response record of w, extracted. */
static int warc_records(web_warc *w, const char *path, const web_reader *r)
{
    web_place at = {path, 0, -1, -1, NULL};
    int rc = 0;
    for (;;) {
        web_warc_record rec;
        web_error err;
        int k = web_warc_next(w, &rec, &err);
        if (k == WEB_WARC_END) break;
        at.record = rec.number;
        at.offset = rec.offset;
        at.gz_offset = rec.gz_offset;
        at.uri = rec.target_uri && rec.target_uri[0] ? rec.target_uri : NULL;
        if (k == WEB_WARC_FAIL) {
            if (r->skip) r->skip(r->ctx, &at, err.msg);
            return -1;
        }
        if (k == WEB_WARC_SKIP) {
            if (r->skip) r->skip(r->ctx, &at, err.msg);
            continue;
        }
        rc = extract(rec.payload, rec.payload_len, at.uri, rec.content_type, &at, r);
        if (rc) break;
    }
    return rc;
}

static int read_warc(const char *path, const web_reader *r)
{
    web_place at = {path, 0, -1, -1, NULL};
    FILE *f = fopen(path, "rb");
    if (!f) {
        skipf(r, &at, "cannot open: %s", strerror(errno));
        return -1;
    }
    web_limits def;
    web_warc *w = web_warc_open(f, limits_of(r, &def)->max_bytes);
    if (!w) {
        fclose(f);
        skipf(r, &at, "out of memory");
        return -1;
    }
    int rc = warc_records(w, path, r);
    if (ferror(f) && rc == 0) {
        skipf(r, &at, "read error: %s", strerror(errno));
        rc = -1;
    }
    web_warc_close(w);
    fclose(f);
    return rc;
}

/* Standard input, whose first bytes say what it is: its lead (already
 * read, decoded) first, then the rest through zlib. */
typedef struct stdin_src {
    gzFile gz;
    const char *lead;
    size_t lead_len, lead_pos;
    int failed;
} stdin_src;

static long read_stdin(void *ctx, void *buf, size_t n)
{
    stdin_src *s = ctx;
    if (s->lead_pos < s->lead_len) {
        size_t k = s->lead_len - s->lead_pos;
        if (k > n) k = n;
        memcpy(buf, s->lead + s->lead_pos, k);
        s->lead_pos += k;
        return (long)k;
    }
    int got = gzread(s->gz, buf, (unsigned)(n > (1u << 30) ? 1u << 30 : n));
    if (got < 0) s->failed = 1;
    return got;
}

static int is_warc_lead(const char *p, size_t n)
{
    size_t i = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n')) i++;
    return n - i >= 5 && !memcmp(p + i, "WARC/", 5);
}

/* "-": a WARC archive or a page, as its first bytes say. */
static int read_stdin_any(const web_reader *r)
{
    web_place at = {"-", 0, -1, -1, NULL};
    gzFile gz = open_gz("-");
    size_t cap = 1 << 16;
    char *buf = gz ? malloc(cap) : NULL;
    if (!buf) {
        if (gz) gzclose(gz);
        skipf(r, &at, "cannot open: %s", errno ? strerror(errno) : "out of memory");
        return -1;
    }
    size_t have = 0;
    while (have < 4096) {
        int got = gzread(gz, buf + have, (unsigned)(4096 - have));
        if (got <= 0) break; /* an error is met again by the reader below */
        have += (size_t)got;
    }
    if (!is_warc_lead(buf, have)) return read_html_gz(gz, buf, cap, have, "-", r);
    stdin_src src = {gz, buf, have, 0, 0};
    web_limits def;
    web_warc *w = web_warc_open_reader(read_stdin, &src, limits_of(r, &def)->max_bytes);
    int rc = w ? warc_records(w, "-", r) : -1;
    if (!w) skipf(r, &at, "out of memory");
    if (src.failed && rc == 0) {
        int zerr;
        const char *m = gzerror(gz, &zerr);
        skipf(r, &at, "read error: %s", zerr == Z_ERRNO ? strerror(errno) : m);
        rc = -1;
    }
    web_warc_close(w);
    gzclose(gz);
    free(buf);
    return rc;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int read_dir(const char *path, int kind, const web_reader *r, int depth)
{
    web_place at = {path, 0, -1, -1, NULL};
    if (depth > 32) {
        skipf(r, &at, "directories nested too deep");
        return 0;
    }
    DIR *dir = opendir(path);
    if (!dir) {
        skipf(r, &at, "cannot open: %s", strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(dir))) {
        if (e->d_name[0] == '.') continue;
        char full[4096];
        if ((size_t)snprintf(full, sizeof full, "%s/%s", path, e->d_name) >= sizeof full) continue;
        struct stat st;
        if (stat(full, &st)) continue;
        if (!S_ISDIR(st.st_mode) && !web_file_kind(full)) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) break;
            names = nn;
        }
        if (!(names[n] = strdup(full))) break;
        n++;
    }
    closedir(dir);
    if (n) qsort(names, n, sizeof *names, name_cmp);
    for (size_t i = 0; i < n && !rc; i++) {
        struct stat st;
        if (!stat(names[i], &st) && S_ISDIR(st.st_mode)) rc = read_dir(names[i], kind, r, depth + 1);
        else {
            int k = web_file_kind(names[i]);
            rc = k == WEB_FILE_WARC ? read_warc(names[i], r) : read_html(names[i], r);
            if (rc == -1) rc = 0; /* reported; the other files are still read */
        }
    }
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    (void)kind;
    return rc;
}

int web_read_path(const char *path, int kind, const web_reader *r)
{
    struct stat st;
    if (strcmp(path, "-") && !stat(path, &st) && S_ISDIR(st.st_mode)) return read_dir(path, kind, r, 0);
    if (kind == WEB_FILE_NONE && !strcmp(path, "-")) return read_stdin_any(r);
    if (kind == WEB_FILE_NONE) kind = web_file_kind(path);
    return kind == WEB_FILE_WARC ? read_warc(path, r) : read_html(path, r);
}
