/*
 * web_format.c - the formats "html" and "warc" of the readers' table
 * (formats.c): a web page, or the HTML responses of a WARC archive, as
 * articles (web.h does the work).  A page's id is its canonical URL, else
 * the WARC target URI, else the file's path id; its author goes to the
 * extra JSON.  Notes about a page (charset, limits) are RD_INFO; a page
 * without article text, or a record skipped, is RD_SKIPPED, on "line" =
 * the WARC record number (1 for a page file) with the record's byte
 * offsets in the message.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "format.h"
#include "web.h"

static void set(rd_fields *f, int field, const char *s)
{
    f->v[field] = s;
    f->n[field] = s ? strlen(s) : 0;
}

/* One extracted page to rd_emit. */
static int emit(rd_reader *r, const web_article *a, size_t line)
{
    for (size_t i = 0; i < a->n_notes; i++) rd_note(r, RD_INFO, line, "%s", a->notes[i].msg);
    rd_fields f;
    memset(&f, 0, sizeof f);
    set(&f, RD_ID, a->id ? a->id : r->path_id);
    set(&f, RD_TITLE, a->title);
    set(&f, RD_BODY, a->body);
    set(&f, RD_DATE, a->date);
    set(&f, RD_SOURCE, a->source);
    set(&f, RD_CATEGORY, a->category);
    set(&f, RD_URL, a->url);
    if (a->author) {
        json_t *o = json_object();
        if (o && !json_object_set_new(o, "author", json_string(a->author))) {
            f.extra = json_dumps(o, JSON_COMPACT);
            f.extra_len = f.extra ? strlen(f.extra) : 0;
        }
        json_decref(o);
    }
    return rd_emit(r, &f, line);
}

static int one_page(rd_reader *r, void *st, const char *p, size_t n, size_t line, long long off,
                    int at_eof)
{
    (void)st;
    (void)line;
    (void)off;
    (void)at_eof;
    if (!p) return 0; /* over RD_MAX_RECORD: noted by the record driver */
    web_init();
    web_page page = {p, n, NULL, NULL};
    web_article a;
    web_error err;
    int rc = 0;
    if (web_extract(&page, NULL, &a, &err)) {
        for (size_t i = 0; i < a.n_notes; i++) rd_note(r, RD_INFO, 1, "%s", a.notes[i].msg);
        rd_note(r, RD_SKIPPED, 1, "%s", err.msg);
    } else {
        rc = emit(r, &a, 1);
    }
    web_article_free(&a);
    return rc;
}

int rd_read_html(rd_reader *r)
{
    return rd_whole(r, one_page, NULL, "page");
}

static void place(const web_warc_record *rec, char *buf, size_t cap)
{
    if (rec->gz_offset >= 0)
        snprintf(buf, cap, "WARC record %lld at byte %lld (gzip member at byte %lld)", rec->number,
                 rec->offset, rec->gz_offset);
    else
        snprintf(buf, cap, "WARC record %lld at byte %lld", rec->number, rec->offset);
}

/* Every response record of the archive, as articles. */
static int read_records(rd_reader *r, web_warc *w)
{
    int rc = 0;
    for (;;) {
        if (r->cfg->interrupted && *r->cfg->interrupted) return RD_INTERRUPTED;
        web_warc_record rec;
        web_error err;
        int k = web_warc_next(w, &rec, &err);
        if (k == WEB_WARC_END) break;
        char where[160];
        place(&rec, where, sizeof where);
        size_t line = rec.number > 0 ? (size_t)rec.number : 1;
        if (k == WEB_WARC_FAIL) {
            rd_note(r, RD_UNREADABLE, line, "%s: %s", where, err.msg);
            return RD_ABANDONED;
        }
        if (k == WEB_WARC_SKIP) {
            rd_note(r, RD_SKIPPED, line, "%s: %s", where, err.msg);
            continue;
        }
        web_page page = {rec.payload, rec.payload_len, rec.target_uri[0] ? rec.target_uri : NULL,
                         rec.content_type};
        web_article a;
        if (web_extract(&page, NULL, &a, &err)) {
            for (size_t i = 0; i < a.n_notes; i++) rd_note(r, RD_INFO, line, "%s: %s", where, a.notes[i].msg);
            rd_note(r, RD_SKIPPED, line, "%s: %s", where, err.msg);
        } else {
            rc = emit(r, &a, line);
        }
        web_article_free(&a);
        if (rc) break;
    }
    return rc;
}

/* Standard input or a pipe: the bytes the table's reader already took
 * (decoded from gzip if it was) come first, then the rest of the stream.
 * Record offsets are in the decoded stream; gzip member offsets are not
 * known there. */
typedef struct stream_src {
    rd_reader *r;
    int failed; /* RD_IN_ERROR or RD_IN_INTERRUPTED, 0 */
} stream_src;

static long read_stream(void *ctx, void *buf, size_t n)
{
    stream_src *s = ctx;
    rd_reader *r = s->r;
    size_t done = 0;
    while (done < n && !s->failed) {
        if (r->start < r->end) {
            size_t k = r->end - r->start;
            if (k > n - done) k = n - done;
            memcpy((char *)buf + done, r->buf + r->start, k);
            r->start += k;
            done += k;
            continue;
        }
        long got = rd_input_read(&r->in, (char *)buf + done, n - done);
        if (got < 0) s->failed = (int)got;
        if (got <= 0) break;
        done += (size_t)got;
    }
    return done == 0 && s->failed ? -1 : (long)done;
}

/* A regular file is read again from its start by the WARC reader, which
 * follows gzip members itself to give each record's member offset;
 * anything else (stdin, a pipe) as the stream it is. */
int rd_read_warc(rd_reader *r)
{
    struct stat st;
    int is_file = strcmp(r->w.file, "-") && !stat(r->w.file, &st) && S_ISREG(st.st_mode);
    FILE *f = NULL;
    stream_src src = {r, 0};
    if (is_file && !(f = fopen(r->w.file, "rb"))) {
        rd_note(r, RD_UNREADABLE, 0, "cannot open: %s", strerror(errno));
        return RD_ABANDONED;
    }
    web_init();
    web_warc *w = f ? web_warc_open(f, 0) : web_warc_open_reader(read_stream, &src, 0);
    if (!w) {
        if (f) fclose(f);
        rd_oom(r);
        return RD_FATAL;
    }
    int rc = read_records(r, w);
    if (!rc && f && ferror(f)) {
        rd_note(r, RD_UNREADABLE, 0, "read error: %s", strerror(errno));
        rc = RD_ABANDONED;
    }
    if (!rc && src.failed == RD_IN_INTERRUPTED) rc = RD_INTERRUPTED;
    if (!rc && src.failed) {
        rd_note(r, RD_UNREADABLE, 0, "%s; the records before are kept", r->in.msg);
        rc = RD_ABANDONED;
    }
    web_warc_close(w);
    if (f) fclose(f);
    return rc;
}
