/*
 * records.c - the decoded-byte buffer of a reader and the record driver
 * (format.h): formats say where a record ends, the driver keeps lines and
 * offsets, bounds a record to RD_MAX_RECORD and skips longer ones.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"

#define FIRST_CAP ((size_t)1 << 17)
#define MAX_CAP (RD_MAX_RECORD + 1) /* room to see that a record is too long */

int rd_is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

int rd_has_bom(const char *p, size_t n)
{
    return n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3);
}

void rd_note(rd_reader *r, rd_note_kind kind, size_t line, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    rd_where w = r->w;
    w.line = line;
    w.done = rd_input_consumed(&r->in);
    r->cfg->on_note(r->cfg->ctx, kind, &w, msg);
}

void rd_oom(rd_reader *r)
{
    rd_note(r, RD_UNREADABLE, r->line, "out of memory");
}

int rd_fill(rd_reader *r)
{
    if (r->eof) return 0;
    if (r->start > 0) {
        memmove(r->buf, r->buf + r->start, r->end - r->start);
        r->end -= r->start;
        r->start = 0;
    }
    if (r->end == r->cap) {
        size_t ncap = r->cap ? r->cap * 2 : FIRST_CAP;
        if (ncap > MAX_CAP) ncap = MAX_CAP;
        if (ncap <= r->cap) return 1; /* full: the driver skips before this */
        char *nb = realloc(r->buf, ncap);
        if (!nb) {
            rd_oom(r);
            return RD_FATAL;
        }
        r->buf = nb;
        r->cap = ncap;
    }
    long got = rd_input_read(&r->in, r->buf + r->end, r->cap - r->end);
    r->w.done = rd_input_consumed(&r->in);
    if (got > 0) {
        r->end += (size_t)got;
        return 1;
    }
    if (got == 0) {
        r->eof = 1;
        return 0;
    }
    if (got == RD_IN_INTERRUPTED) return RD_INTERRUPTED;
    if (r->end > r->start)
        rd_note(r, RD_UNREADABLE, r->line,
                "%s; the record starting on this line is incomplete and skipped, "
                "what came before is kept", r->in.msg);
    else
        rd_note(r, RD_UNREADABLE, r->line, "%s; what came before is kept", r->in.msg);
    return RD_ABANDONED;
}

int rd_peek(rd_reader *r, size_t n)
{
    while (r->end - r->start < n && !r->eof) {
        int rc = rd_fill(r);
        if (rc < 0) return rc;
    }
    return 0;
}

void rd_consume(rd_reader *r, size_t n)
{
    const char *p = r->buf + r->start, *e = p + n;
    while ((p = memchr(p, '\n', (size_t)(e - p)))) {
        r->line++;
        p++;
    }
    r->start += n;
    r->offset += (long long)n;
}

int rd_records(rd_reader *r, rd_scan_fn scan, rd_record_fn record, void *st, const char *what)
{
    size_t scanned = 0; /* bytes of the current record already scanned */
    int skipping = 0;
    for (;;) {
        size_t avail = r->end - r->start;
        if (scanned < avail) {
            size_t k = scan(st, r->buf + r->start + scanned, avail - scanned);
            if (k) {
                size_t len = scanned + k;
                int rc = skipping ? record(r, st, NULL, 0, r->line, r->offset, 0)
                                  : record(r, st, r->buf + r->start, len, r->line, r->offset, 0);
                rd_consume(r, len);
                scanned = 0;
                skipping = 0;
                if (rc) return rc;
                continue;
            }
            scanned = avail;
        }
        if (r->eof) {
            int rc = avail && !skipping
                         ? record(r, st, r->buf + r->start, avail, r->line, r->offset, 1)
                         : 0;
            rd_consume(r, avail);
            return rc;
        }
        if (avail > RD_MAX_RECORD && !skipping) {
            rd_note(r, RD_SKIPPED, r->line, "%s longer than %zu bytes", what, RD_MAX_RECORD);
            skipping = 1;
        }
        if (skipping) { /* drop what was scanned; the scanner follows the record to its end */
            rd_consume(r, avail);
            scanned = 0;
        }
        int rc = rd_fill(r);
        if (rc < 0) return rc;
    }
}

static size_t no_end(void *st, const char *p, size_t n)
{
    (void)st;
    (void)p;
    (void)n;
    return 0;
}

int rd_whole(rd_reader *r, rd_record_fn fn, void *st, const char *what)
{
    return rd_records(r, no_end, fn, st, what);
}
