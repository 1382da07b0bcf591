/*
 * format.h - what a format reader is given and may call.  A format is one
 * entry of the table in formats.c: its name, the file name suffixes it
 * claims, an optional test of the first bytes, and a read function.  The
 * read function pulls records through the record driver (records.c) and
 * hands each article's fields to rd_emit (fields.c), which checks them
 * and passes the article on.
 */
#ifndef FAHRAS_READERS_FORMAT_H
#define FAHRAS_READERS_FORMAT_H

#include <stddef.h>

#include "input.h"
#include "readers.h"

typedef struct rd_reader rd_reader;

/* An input that could not be read on (already noted): the run goes on
 * with the next one. */
#define RD_ABANDONED (-3)
/* A record handler's "my part of the data is over": rd_records returns it. */
#define RD_PART_DONE (-4)

typedef struct rd_format {
    const char *name;      /* --format NAME */
    const char *suffixes;  /* space-separated name endings it claims (before any .gz) */
    /* 1 if the first bytes (BOM and leading blank space skipped) look like
     * this format; NULL: recognised by name only.  Tried in table order. */
    int (*sniff)(const char *lead, size_t n);
    /* Read the whole input.  Returns 0 when it was read to its end (bad
     * records noted), the doc callback's non-zero value, or a negative
     * code from rd_fill. */
    int (*read)(rd_reader *r);
} rd_format;

extern const rd_format rd_formats[];  /* ends with a NULL name */
extern const size_t rd_nformats;

/* One input being read. */
struct rd_reader {
    const rd_config *cfg;
    rd_run *run;
    const rd_map *map;
    rd_input in;
    rd_where w;
    unsigned file_no;     /* this input in the run's file table */
    /* For formats holding one article a file: the id, i.e. the path
     * relative to the path given, without .gz and the format's suffix. */
    const char *path_id;
    /* Decoded bytes: buf[start, end) not consumed yet; buf[start] is at
     * offset `offset` of the decoded data, on line `line`. */
    char *buf;
    size_t cap, start, end;
    long long offset;
    size_t line;
    int eof;
};

/* Record driver.  A scanner looks at p[0, n), the next bytes of the
 * current record (continuing from its state), and returns how many of
 * them end the record (terminator included), or 0 when the record goes on
 * past them.  A handler gets each whole record, p[0, n) at decoded offset
 * off, starting on line; at_eof when the data ended before a terminator.
 * A record over RD_MAX_RECORD is noted (its first line) and skipped,
 * with the scanner still following it to its end, where the handler is
 * called with p = NULL (so it may end its part). */
typedef size_t (*rd_scan_fn)(void *st, const char *p, size_t n);
typedef int (*rd_record_fn)(rd_reader *r, void *st, const char *p, size_t n, size_t line,
                            long long off, int at_eof);
/* Returns 0 at the end of the data, the handler's non-zero value
 * (RD_PART_DONE included), or a negative code from rd_fill. */
int rd_records(rd_reader *r, rd_scan_fn scan, rd_record_fn record, void *st, const char *what);

/* The whole input as one record (formats holding one article a file):
 * fn is called once with all of it, at_eof set, unless it is longer than
 * RD_MAX_RECORD (noted as `what` too long) or empty (not called). */
int rd_whole(rd_reader *r, rd_record_fn fn, void *st, const char *what);

/* More decoded bytes after buf[end] (growing buf up to RD_MAX_RECORD).
 * Returns 1, 0 at the end of the data (r->eof set), or a negative code:
 * an input error (noted RD_UNREADABLE), RD_INTERRUPTED or RD_FATAL. */
int rd_fill(rd_reader *r);
/* Move past n unconsumed bytes, counting lines. */
void rd_consume(rd_reader *r, size_t n);
/* At least n unconsumed bytes unless the data ends first: 0 or a negative code. */
int rd_peek(rd_reader *r, size_t n);

/* Notes about the current input; line 0 = the file as a whole. */
void rd_note(rd_reader *r, rd_note_kind kind, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void rd_oom(rd_reader *r);

/* The fields of one article, as read (pointers into the reader's data). */
typedef struct rd_fields {
    const char *v[RD_NFIELDS];
    size_t n[RD_NFIELDS];
    int id_numeric;
    char *extra;          /* JSON object of the other input fields, or NULL (freed by rd_emit) */
    size_t extra_len;
} rd_fields;

/* Check an article (id and body present, limits, repeated headline), note
 * what is wrong, detect an id read before in the run, and pass it on.
 * Returns the doc callback's value (0 when the article was rejected). */
int rd_emit(rd_reader *r, rd_fields *f, size_t line);

/* The JSON readers' shared object → fields step (json.c), for formats
 * that produce JSON objects. */
struct json_t;
int rd_emit_json(rd_reader *r, struct json_t *o, size_t line);

/* The id of a JSON number: its shortest decimal form.  buf: 32 bytes.
 * Returns the length, or 0 when it is not a finite number. */
size_t rd_number_id(struct json_t *v, char *buf);

/* The run's memory of ids (run.c): 1 and *earlier filled when id was
 * read before in this run, 0 when it is new, -1 out of memory. */
typedef struct rd_earlier {
    const char *file;
    size_t line;
    int numeric;
} rd_earlier;
int rd_run_seen_id(rd_run *run, const rd_reader *r, const char *id, size_t n, int numeric,
                   size_t line, rd_earlier *earlier);

int rd_is_blank(char c);
int rd_has_bom(const char *p, size_t n);

/* The formats' read functions. */
int rd_read_json(rd_reader *r);
int rd_read_delimited(rd_reader *r, char delim);
int rd_read_text(rd_reader *r);
int rd_read_html(rd_reader *r); /* web_format.c */
int rd_read_warc(rd_reader *r);

#endif
