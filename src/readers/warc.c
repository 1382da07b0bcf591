/*
 * warc.c - the response records of a WARC file (ISO 28500, versions 1.0
 * and 1.1), plain or gzip-compressed: one gzip member per record as
 * Heritrix, wget --warc-file and Common Crawl write, or one for the whole
 * file.  zlib inflates member by member so that each record's place is
 * known both in the uncompressed stream and as the offset of its gzip
 * member (what CDX indexes give).
 *
 * Streams: memory holds one record's HTTP payload (bounded by max_payload),
 * never the file.  Damage is reported and passed: a record cut short, a
 * corrupt gzip member (reading resumes at the next member), bytes that are
 * not a record (reading resumes at the next "WARC/" line).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "web_internal.h"

#define IN_BUF (1 << 16)
#define OUT_BUF (1 << 16)
#define MAX_HEADER_LINE (1 << 16)  /* a WARC or HTTP header line */
#define MAX_HEADERS (1 << 20)      /* all header lines of a record */
#define HTTP_HEAD_MAX (1 << 18)    /* HTTP status line and headers */

struct web_warc {
    web_read_fn read;   /* where the bytes come from */
    void *ctx;
    size_t max_payload;
    int gz;             /* -1 undecided, 0 plain, 1 gzip */
    z_stream zs;
    int z_ready;        /* inflateInit2 done */
    int member_open;    /* inside a gzip member */
    unsigned char in[IN_BUF];
    size_t in_len;
    long long in_base;  /* file offset of in[0] */
    int in_eof;
    unsigned char out[OUT_BUF];
    size_t out_pos, out_len;
    long long pos;           /* uncompressed offset of out[out_pos] */
    long long member_start;  /* compressed offset of the member out[] came from */
    int eof;                 /* no more data (clean end or damage) */
    char damage[200];        /* why data ended early, if it did */
    long long damage_at;
    long long number;
    /* the current record */
    char *line;
    size_t line_cap;
    char *block;             /* HTTP message, then payload */
    size_t block_cap;
    char *payload;
    size_t payload_cap;
    char uri[2048], date[64], ctype[256], wtype[64], truncated[64];
    char http_ctype[256];
    int hold;                /* damage cut the current record: no more bytes for it */
    int pending;             /* a version line was found after garbage: read it next */
    long long pending_at, pending_gz, garbage_at;
};

/* ------------------------------------------------------------------ */
/* Bytes in                                                            */
/* ------------------------------------------------------------------ */

static void set_damage(web_warc *w, long long at, const char *msg)
{
    if (!w->damage[0]) {
        snprintf(w->damage, sizeof w->damage, "%s", msg);
        w->damage_at = at;
    }
}

/* Up to n bytes from the source; 0 at its end or on a read error (the
 * source's owner tells which). */
static size_t pull(web_warc *w, void *buf, size_t n)
{
    long got = w->read(w->ctx, buf, n);
    return got > 0 ? (size_t)got : 0;
}

static int read_in(web_warc *w)
{
    if (w->in_eof) return 0;
    size_t keep = w->z_ready ? w->zs.avail_in : 0;
    if (keep) memmove(w->in, w->zs.next_in, keep);
    w->in_base += (long long)(w->in_len - keep);
    size_t got = pull(w, w->in + keep, IN_BUF - keep);
    if (got == 0) w->in_eof = 1;
    w->in_len = keep + got;
    w->zs.next_in = w->in;
    w->zs.avail_in = (uInt)w->in_len;
    return got > 0;
}

static long long in_offset(const web_warc *w)
{
    return w->in_base + (long long)((const unsigned char *)w->zs.next_in - w->in);
}

/* Find the next gzip member header after damage; 1 if found. */
static int resync_gzip(web_warc *w)
{
    for (;;) {
        while (w->zs.avail_in >= 3) {
            if (w->zs.next_in[0] == 0x1f && w->zs.next_in[1] == 0x8b && w->zs.next_in[2] == 8)
                return 1;
            w->zs.next_in++;
            w->zs.avail_in--;
        }
        if (!read_in(w)) return 0;
        if (w->zs.avail_in < 3 && w->in_eof) return 0;
    }
}

/* Refill out[] (from one gzip member only).  0 at the end of the data. */
static int fill(web_warc *w)
{
    w->pos += (long long)w->out_len;
    w->out_pos = w->out_len = 0;
    if (w->eof || w->hold) return 0;
    if (w->gz == 0) {
        size_t got = pull(w, w->out, OUT_BUF);
        if (got == 0) w->eof = 1;
        w->out_len = got;
        return got > 0;
    }
    while (w->out_len == 0) {
        if (w->zs.avail_in == 0 && !read_in(w)) {
            if (w->member_open) set_damage(w, in_offset(w), "the gzip data ends early");
            w->eof = 1;
            return 0;
        }
        if (!w->member_open) {
            if (w->zs.avail_in < 2 && !w->in_eof) {
                read_in(w);
                continue;
            }
            if (w->zs.avail_in >= 2 && (w->zs.next_in[0] != 0x1f || w->zs.next_in[1] != 0x8b)) {
                /* trailing bytes that are not a member */
                long long at = in_offset(w);
                if (!resync_gzip(w)) {
                    set_damage(w, at, "bytes after the last gzip member are not gzip");
                    w->eof = 1;
                    return 0;
                }
            }
            if (w->zs.avail_in < 2) {
                w->eof = 1;
                return 0;
            }
            inflateReset(&w->zs);
            w->member_open = 1;
            w->member_start = in_offset(w);
        }
        w->zs.next_out = w->out;
        w->zs.avail_out = OUT_BUF;
        int rc = inflate(&w->zs, Z_NO_FLUSH);
        w->out_len = OUT_BUF - w->zs.avail_out;
        if (rc == Z_STREAM_END) {
            w->member_open = 0;
        } else if (rc == Z_BUF_ERROR) {
            if (w->zs.avail_in == 0 && !read_in(w)) {
                set_damage(w, in_offset(w), "the gzip data ends early");
                w->eof = 1;
                return w->out_len > 0;
            }
        } else if (rc != Z_OK) {
            long long at = in_offset(w);
            char msg[120];
            snprintf(msg, sizeof msg, "corrupt gzip data in the member at byte %lld", w->member_start);
            set_damage(w, at, msg);
            w->member_open = 0;
            if (!resync_gzip(w)) {
                w->eof = 1;
                return w->out_len > 0;
            }
            /* the record in progress is lost; reading goes on at the next member */
            w->hold = 1;
            return w->out_len > 0;
        }
    }
    return 1;
}

static int get_byte(web_warc *w)
{
    if (w->out_pos == w->out_len && !fill(w)) return -1;
    return w->out[w->out_pos++];
}

static long long cur_pos(const web_warc *w)
{
    return w->pos + (long long)w->out_pos;
}

/* A line without its CR LF (or LF); -1 at the end, -2 if longer than max. */
static long read_line(web_warc *w, size_t max)
{
    size_t n = 0;
    for (;;) {
        int c = get_byte(w);
        if (c < 0) {
            if (!n) return -1;
            break;
        }
        if (c == '\n') break;
        if (n + 2 > w->line_cap) {
            size_t ncap = w->line_cap ? w->line_cap * 2 : 256;
            char *nl = realloc(w->line, ncap);
            if (!nl) return -1;
            w->line = nl;
            w->line_cap = ncap;
        }
        if (n >= max) return -2;
        w->line[n++] = (char)c;
    }
    if (n && w->line[n - 1] == '\r') n--;
    if (!w->line) {
        w->line = malloc(256);
        if (!w->line) return -1;
        w->line_cap = 256;
    }
    w->line[n] = '\0';
    return (long)n;
}

/* Read n bytes into dst (NULL: discard); returns how many were there. */
static size_t read_bytes(web_warc *w, char *dst, size_t n)
{
    size_t done = 0;
    while (done < n) {
        if (w->out_pos == w->out_len && !fill(w)) break;
        size_t k = w->out_len - w->out_pos;
        if (k > n - done) k = n - done;
        if (dst) memcpy(dst + done, w->out + w->out_pos, k);
        w->out_pos += k;
        done += k;
    }
    return done;
}

/* ------------------------------------------------------------------ */
/* Open / close                                                        */
/* ------------------------------------------------------------------ */

static long read_file(void *ctx, void *buf, size_t n)
{
    size_t got = fread(buf, 1, n, (FILE *)ctx);
    return got == 0 && ferror((FILE *)ctx) ? -1 : (long)got;
}

web_warc *web_warc_open(FILE *f, size_t max_payload)
{
    return web_warc_open_reader(read_file, f, max_payload);
}

web_warc *web_warc_open_reader(web_read_fn read, void *ctx, size_t max_payload)
{
    web_warc *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->read = read;
    w->ctx = ctx;
    w->max_payload = max_payload ? max_payload : WEB_MAX_PAGE_BYTES;
    w->gz = -1;
    w->damage_at = -1;
    return w;
}

void web_warc_close(web_warc *w)
{
    if (!w) return;
    if (w->z_ready) inflateEnd(&w->zs);
    free(w->line);
    free(w->block);
    free(w->payload);
    free(w);
}

static int start(web_warc *w, web_error *err)
{
    long n = w->read(w->ctx, w->in, IN_BUF);
    if (n < 0) {
        web_set_error(err, 0, "cannot read the input");
        return -1;
    }
    size_t got = (size_t)n;
    w->gz = got >= 2 && w->in[0] == 0x1f && w->in[1] == 0x8b;
    if (!w->gz) {
        memcpy(w->out, w->in, got);
        w->out_len = got;
        if (!got) w->eof = 1;
        return 0;
    }
    memset(&w->zs, 0, sizeof w->zs);
    if (inflateInit2(&w->zs, 15 + 16) != Z_OK) {
        web_set_error(err, 0, "out of memory");
        return -1;
    }
    w->z_ready = 1;
    w->in_len = got;
    w->zs.next_in = w->in;
    w->zs.avail_in = (uInt)got;
    return 0;
}

/* ------------------------------------------------------------------ */
/* HTTP                                                                */
/* ------------------------------------------------------------------ */

static int grow(char **buf, size_t *cap, size_t need)
{
    if (need <= *cap) return 0;
    size_t ncap = *cap ? *cap : 1 << 16;
    while (ncap < need) ncap *= 2;
    char *nb = realloc(*buf, ncap);
    if (!nb) return -1;
    *buf = nb;
    *cap = ncap;
    return 0;
}

/* strcasestr, which is not in POSIX */
static const char *ci_find(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (!strncasecmp(hay, needle, n)) return hay;
    return NULL;
}

static int header_is(const char *line, const char *name, const char **value)
{
    size_t n = strlen(name);
    if (strncasecmp(line, name, n) || line[n] != ':') return 0;
    const char *v = line + n + 1;
    while (*v == ' ' || *v == '\t') v++;
    *value = v;
    return 1;
}

static void copy_value(char *dst, size_t cap, const char *v)
{
    size_t n = strlen(v);
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t')) n--;
    if (n >= cap) n = cap - 1;
    memcpy(dst, v, n);
    dst[n] = '\0';
}

static int is_html_type(const char *ct, const char *payload, size_t n)
{
    if (*ct) return ci_find(ct, "text/html") || ci_find(ct, "application/xhtml");
    /* no Content-Type: look at the bytes */
    size_t i = 0;
    while (i < n && isspace((unsigned char)payload[i])) i++;
    size_t m = n - i < 1024 ? n - i : 1024;
    char head[1025];
    memcpy(head, payload + i, m);
    head[m] = '\0';
    return m && head[0] == '<' && (ci_find(head, "<html") || ci_find(head, "<!doctype html"));
}

/* De-chunk src into dst (same buffer allowed); -1 if malformed. */
static long dechunk(char *buf, size_t n)
{
    size_t i = 0, o = 0;
    for (;;) {
        char *end;
        if (i >= n) return -1;
        unsigned long long sz = strtoull(buf + i, &end, 16);
        if (end == buf + i) return -1;
        char *nl = memchr(buf + i, '\n', n - i);
        if (!nl) return -1;
        i = (size_t)(nl - buf) + 1;
        if (sz == 0) return (long)o;
        if (sz > n - i) return -1;
        memmove(buf + o, buf + i, (size_t)sz);
        o += (size_t)sz;
        i += (size_t)sz;
        if (i < n && buf[i] == '\r') i++;
        if (i < n && buf[i] == '\n') i++;
    }
}

/* Inflate a gzip/zlib/raw-deflate payload into w->payload, at most max. */
static int decompress(web_warc *w, const char *src, size_t n, int raw, size_t *out_len,
                      const char **why)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, raw ? -15 : 15 + 32) != Z_OK) {
        *why = "out of memory";
        return -1;
    }
    zs.next_in = (Bytef *)src;
    zs.avail_in = (uInt)n;
    size_t o = 0;
    int rc = Z_OK;
    while (rc == Z_OK) {
        if (grow(&w->payload, &w->payload_cap, o + (1 << 16))) {
            rc = Z_MEM_ERROR;
            break;
        }
        zs.next_out = (Bytef *)w->payload + o;
        zs.avail_out = (uInt)(w->payload_cap - o);
        size_t before = zs.avail_out;
        rc = inflate(&zs, Z_NO_FLUSH);
        o += before - zs.avail_out;
        if (o > w->max_payload) {
            inflateEnd(&zs);
            *why = "the decompressed payload is over the size limit";
            return -1;
        }
        if (rc == Z_BUF_ERROR && zs.avail_in == 0) break; /* cut short: keep what came */
        if (rc == Z_BUF_ERROR) rc = Z_OK;
    }
    inflateEnd(&zs);
    if (rc != Z_STREAM_END && rc != Z_BUF_ERROR && rc != Z_OK) {
        *why = rc == Z_MEM_ERROR ? "out of memory" : "the compressed payload is corrupt";
        return -1;
    }
    *out_len = o;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Records                                                             */
/* ------------------------------------------------------------------ */

static int skip(web_warc *w, web_warc_record *rec, web_error *err, const char *fmt, const char *arg)
{
    char msg[640];
    snprintf(msg, sizeof msg, fmt, arg);
    web_set_error(err, rec->offset, "%.300s", msg);
    (void)w;
    return WEB_WARC_SKIP;
}

/* The HTTP message of a response record is in w->block[0..n). */
static int http_payload(web_warc *w, size_t n, web_warc_record *rec, web_error *err)
{
    char *b = w->block;
    char *eol = memchr(b, '\n', n < HTTP_HEAD_MAX ? n : HTTP_HEAD_MAX);
    if (!eol || strncmp(b, "HTTP/", 5))
        return skip(w, rec, err, "%sno HTTP status line in a response record", "");
    char *sp = memchr(b, ' ', (size_t)(eol - b));
    rec->status = sp ? atoi(sp + 1) : 0;
    size_t i = (size_t)(eol - b) + 1;
    char enc[64] = "", te[64] = "";
    w->http_ctype[0] = '\0';
    for (;;) {
        if (i >= n) break;
        char *nl = memchr(b + i, '\n', n - i);
        size_t end = nl ? (size_t)(nl - b) : n;
        size_t len = end - i;
        if (len && b[i + len - 1] == '\r') len--;
        if (len == 0) {
            i = end + 1;
            break;
        }
        char line[1024];
        size_t m = len < sizeof line - 1 ? len : sizeof line - 1;
        memcpy(line, b + i, m);
        line[m] = '\0';
        const char *v;
        if (header_is(line, "Content-Type", &v)) copy_value(w->http_ctype, sizeof w->http_ctype, v);
        else if (header_is(line, "Content-Encoding", &v)) copy_value(enc, sizeof enc, v);
        else if (header_is(line, "Transfer-Encoding", &v)) copy_value(te, sizeof te, v);
        i = end + 1;
        if (!nl) break;
    }
    rec->content_type = w->http_ctype;
    if (rec->status != 200) {
        char s[16];
        snprintf(s, sizeof s, "%d", rec->status);
        return skip(w, rec, err, "HTTP status %s, not 200", s);
    }
    size_t body_len = i < n ? n - i : 0;
    char *body = b + (i < n ? i : n);
    if (ci_find(te, "chunked")) {
        long k = dechunk(body, body_len);
        if (k < 0) return skip(w, rec, err, "%smalformed chunked transfer encoding", "");
        body_len = (size_t)k;
    }
    if (!is_html_type(w->http_ctype, body, body_len))
        return skip(w, rec, err, "not HTML (%s)", w->http_ctype[0] ? w->http_ctype : "no Content-Type");
    if (enc[0] && strcasecmp(enc, "identity")) {
        int raw = 0;
        if (!strcasecmp(enc, "gzip") || !strcasecmp(enc, "x-gzip") || !strcasecmp(enc, "deflate")) {
            size_t out;
            const char *why;
            if (decompress(w, body, body_len, raw, &out, &why) &&
                (strcasecmp(enc, "deflate") || decompress(w, body, body_len, 1, &out, &why)))
                return skip(w, rec, err, "%s", why);
            rec->payload = w->payload;
            rec->payload_len = out;
            return WEB_WARC_PAGE;
        }
        return skip(w, rec, err, "unsupported Content-Encoding %s", enc);
    }
    rec->payload = body;
    rec->payload_len = body_len;
    return WEB_WARC_PAGE;
}

/* Read the header lines of a record whose version line was just read.
 * Returns 0, or WEB_WARC_SKIP / WEB_WARC_FAIL with err set. */
static int read_headers(web_warc *w, web_warc_record *rec, long long *length, web_error *err)
{
    size_t total = 0;
    *length = -1;
    w->uri[0] = w->date[0] = w->ctype[0] = w->wtype[0] = w->truncated[0] = '\0';
    for (;;) {
        long n = read_line(w, MAX_HEADER_LINE);
        if (n == -1) {
            web_set_error(err, rec->offset, "truncated: the file ends inside the record's header%s%s",
                          w->damage[0] ? ": " : "", w->damage);
            w->damage[0] = '\0';
            return WEB_WARC_SKIP;
        }
        if (n == -2 || (total += (size_t)n) > MAX_HEADERS) {
            web_set_error(err, rec->offset, "a WARC header line is too long");
            return WEB_WARC_SKIP;
        }
        if (n == 0) return 0;
        const char *v;
        if (header_is(w->line, "Content-Length", &v)) {
            char *end;
            long long L = strtoll(v, &end, 10);
            if (end != v && L >= 0) *length = L;
        } else if (header_is(w->line, "WARC-Type", &v)) copy_value(w->wtype, sizeof w->wtype, v);
        else if (header_is(w->line, "WARC-Target-URI", &v)) {
            if (*v == '<') v++; /* WARC 1.0 as some tools write it: <uri> */
            copy_value(w->uri, sizeof w->uri, v);
            size_t ul = strlen(w->uri);
            if (ul && w->uri[ul - 1] == '>') w->uri[ul - 1] = '\0';
        } else if (header_is(w->line, "WARC-Date", &v)) copy_value(w->date, sizeof w->date, v);
        else if (header_is(w->line, "Content-Type", &v)) copy_value(w->ctype, sizeof w->ctype, v);
        else if (header_is(w->line, "WARC-Truncated", &v))
            copy_value(w->truncated, sizeof w->truncated, v);
    }
}

/* Pass lines until one starts with "WARC/1."; 0 found, -1 at the end. */
static int find_record(web_warc *w, long long *at, int *garbage)
{
    *garbage = 0;
    for (;;) {
        *at = cur_pos(w);
        if (!*garbage) w->garbage_at = *at;
        long n = read_line(w, MAX_HEADER_LINE);
        if (n == -1) return -1;
        if (n == -2) {
            *garbage = 1;
            /* pass the rest of the long line */
            int c;
            while ((c = get_byte(w)) >= 0 && c != '\n') {}
            continue;
        }
        if (n == 0) continue;
        if (!strncmp(w->line, "WARC/1.", 7) || !strncmp(w->line, "WARC/0.", 7)) return 0;
        *garbage = 1;
    }
}

/* Say what damaged the data, if anything did and it was not said yet. */
static int report_damage(web_warc *w, web_warc_record *rec, web_error *err)
{
    if (!w->damage[0]) return 0;
    rec->number = w->number;
    rec->offset = cur_pos(w);
    rec->gz_offset = w->gz ? w->member_start : -1;
    web_set_error(err, w->damage_at, "%s (byte %lld of the file)", w->damage, w->damage_at);
    w->damage[0] = '\0';
    return 1;
}

/* The block of a response record (length bytes); its HTTP payload. */
static int response(web_warc *w, long long length, web_warc_record *rec, web_error *err)
{
    if (w->truncated[0]) {
        read_bytes(w, NULL, (size_t)length);
        return skip(w, rec, err, "marked truncated by the crawler (WARC-Truncated: %s)", w->truncated);
    }
    if (!ci_find(w->ctype, "application/http")) {
        read_bytes(w, NULL, (size_t)length);
        return skip(w, rec, err, "a response record of type %s, not HTTP",
                    w->ctype[0] ? w->ctype : "(none)");
    }
    size_t want = (size_t)length;
    int too_big = (unsigned long long)length > w->max_payload + HTTP_HEAD_MAX;
    if (too_big) want = HTTP_HEAD_MAX; /* enough to say why it is skipped */
    if (grow(&w->block, &w->block_cap, want + 1)) {
        web_set_error(err, rec->offset, "out of memory");
        return WEB_WARC_FAIL;
    }
    size_t got = read_bytes(w, w->block, want);
    if (got < want) {
        char msg[400];
        snprintf(msg, sizeof msg, "truncated: the record holds %zu of its %lld bytes%s%s", got,
                 length, w->damage[0] ? ": " : "", w->damage);
        w->damage[0] = '\0';
        return skip(w, rec, err, "%s", msg);
    }
    w->block[got] = '\0';
    if (too_big) {
        size_t rest = (size_t)length - want;
        if (read_bytes(w, NULL, rest) < rest)
            return skip(w, rec, err, "%struncated: the file ends inside the record", "");
        int rc = http_payload(w, got, rec, err);
        if (rc != WEB_WARC_PAGE) return rc;
        char lim[32];
        snprintf(lim, sizeof lim, "%zu", w->max_payload);
        return skip(w, rec, err, "the payload is over the size limit of %s bytes", lim);
    }
    int rc = http_payload(w, got, rec, err);
    if (rc == WEB_WARC_PAGE && rec->payload_len > w->max_payload) {
        char lim[32];
        snprintf(lim, sizeof lim, "%zu", w->max_payload);
        return skip(w, rec, err, "the payload is over the size limit of %s bytes", lim);
    }
    return rc;
}

int web_warc_next(web_warc *w, web_warc_record *rec, web_error *err)
{
    memset(rec, 0, sizeof *rec);
    rec->gz_offset = -1;
    if (err) {
        err->msg[0] = '\0';
        err->offset = -1;
    }
    if (w->gz < 0 && start(w, err)) return WEB_WARC_FAIL;
    w->hold = 0;
    for (;;) {
        long long at, gz_at;
        if (w->pending) {
            at = w->pending_at;
            gz_at = w->pending_gz;
            w->pending = 0;
        } else {
            if (report_damage(w, rec, err)) return WEB_WARC_SKIP;
            int garbage;
            int found = find_record(w, &at, &garbage);
            gz_at = w->gz ? w->member_start : -1;
            if (garbage) {
                rec->number = w->number;
                rec->offset = w->garbage_at;
                rec->gz_offset = gz_at;
                web_set_error(err, w->garbage_at,
                              "bytes that are not a WARC record from byte %lld: passed over",
                              w->garbage_at);
                if (found == 0) {
                    w->pending = 1;
                    w->pending_at = at;
                    w->pending_gz = gz_at;
                }
                return WEB_WARC_SKIP;
            }
            if (found < 0) return report_damage(w, rec, err) ? WEB_WARC_SKIP : WEB_WARC_END;
        }
        rec->number = ++w->number;
        rec->offset = at;
        rec->gz_offset = gz_at;
        long long length;
        int rc = read_headers(w, rec, &length, err);
        if (rc) return rc;
        rec->target_uri = w->uri;
        rec->warc_date = w->date;
        rec->content_type = "";
        if (length < 0) {
            web_set_error(err, rec->offset, "no valid Content-Length: the record is passed over");
            return WEB_WARC_SKIP;
        }
        if (strcasecmp(w->wtype, "response")) {
            size_t got = read_bytes(w, NULL, (size_t)length);
            if (got < (size_t)length)
                return skip(w, rec, err, "truncated: the file ends inside a %s record",
                            w->wtype[0] ? w->wtype : "WARC");
            continue; /* warcinfo, request, metadata, revisit, ...: not pages */
        }
        return response(w, length, rec, err);
    }
}
