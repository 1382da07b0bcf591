/*
 * readers.h - the article readers behind `fahras index`: JSON (JSON Lines,
 * an array of objects, or objects one after another), CSV and TSV with a
 * header row, plain .txt articles, directories of them, standard input,
 * and any of them gzip-compressed.  Formats are chosen by name, else by
 * content, from one table (formats.c); `--format` forces one.
 *
 * A run (rd_run) reads any number of paths and remembers what it read:
 * every file and directory (device and inode), so a directory loop or a
 * file reached twice through links is read once, and every id with the
 * place it came from, so an id read twice in one run is reported with
 * both places.  Memory: the longest record (at most RD_MAX_RECORD bytes)
 * plus 21 to 43 bytes per distinct id and the names of the files read.
 *
 * Nothing is printed: every problem goes to the note callback with its
 * place, and the reader goes on where that is safe.
 */
#ifndef FAHRAS_READERS_H
#define FAHRAS_READERS_H

#include <signal.h>
#include <stddef.h>

#include "fahras.h"
#include "store.h"

/* Longest record (a JSON line or element, a CSV row, a .txt file), in bytes. */
#define RD_MAX_RECORD ((size_t)64 << 20)

/* Where a record or a problem comes from. */
typedef struct rd_where {
    const char *file;  /* as reached: the path given, or dir/sub/name; "-" for stdin */
    size_t line;       /* 1-based line where the record starts; 0: the file as a whole */
    long long done;    /* bytes of this file consumed so far (compressed bytes for gzip) */
    long long size;    /* size of this file in bytes, or -1 if unknown (stdin, pipe) */
} rd_where;

/* One article as read.  The strings point into the reader's buffers and
 * are valid during the callback only. */
typedef struct rd_doc {
    fh_doc doc;
    int id_numeric; /* the id was a JSON number (written in its shortest decimal form) */
    int duplicate;  /* an earlier record of this run had the same id (already reported) */
    size_t body_skipped; /* bytes of the body field before doc.body: a first line
                            repeating the headline, not read as the body */
} rd_doc;

typedef enum rd_note_kind {
    RD_SKIPPED,    /* a record was rejected and not passed on */
    RD_DUPLICATE,  /* a record's id was read before in this run; it is still passed on */
    RD_UNREADABLE, /* an input could not be read, or not to its end; what came before is kept */
    RD_INFO,       /* nothing lost: a directory loop, a file reached twice */
    RD_FIELD       /* a record passed on without a field that could not be read (a date
                      in no known form: kept in the extra fields as "date") */
} rd_note_kind;

/* A good record.  Return 0 to go on; non-zero stops the run and is
 * returned by rd_run_path. */
typedef int (*rd_doc_fn)(void *ctx, const rd_doc *doc, const rd_where *w);
/* A problem, with its place.  msg names ids and paths as they are (the
 * caller escapes control characters when it prints). */
typedef void (*rd_note_fn)(void *ctx, rd_note_kind kind, const rd_where *w, const char *msg);

/* Article fields, and the input names they are read from (--map). */
enum { RD_ID, RD_TITLE, RD_BODY, RD_DATE, RD_SOURCE, RD_CATEGORY, RD_URL, RD_NFIELDS };
typedef struct rd_map {
    const char *name[RD_NFIELDS]; /* point into store or at static defaults */
    char store[1024];
} rd_map;

/* The default names: id, title, body, date, source, category, url. */
void rd_map_default(rd_map *m);
/* Apply "body=text,title=headline,...": each FIELD=NAME reads FIELD from the
 * input field (JSON key, CSV/TSV column) NAME.  Returns 0, or -1 with a
 * message naming the bad part in err. */
int rd_map_parse(rd_map *m, const char *spec, char *err, size_t errlen);
/* The article field names, for messages: "id", "title", ... */
const char *rd_field_name(int field);

/* The names of the formats, for --format and help: "json, csv, tsv, txt". */
void rd_format_names(char *out, size_t cap);
/* 1 if name is a format of the table. */
int rd_format_known(const char *name);
/* 0 if name is a format of the table; else -1 with err saying so and
 * listing the formats (for --format). */
int rd_format_check(const char *name, char *err, size_t cap);

typedef struct rd_config {
    const fahras_analyzer *an; /* recognises a headline repeated as the body's first line */
    const char *format;        /* a format name, or NULL: by file name, else by content */
    const rd_map *map;         /* NULL: the default field names */
    rd_doc_fn on_doc;
    rd_note_fn on_note;
    void *ctx;
    /* A signal handler sets *interrupted (may be NULL): a read it
     * interrupts ends the run with RD_INTERRUPTED instead of an error. */
    volatile sig_atomic_t *interrupted;
} rd_config;

typedef struct rd_run rd_run;

enum {
    RD_FATAL = -1,       /* out of memory (noted): stop */
    RD_INTERRUPTED = -2  /* *interrupted was set while reading */
};

/* A new run (NULL when out of memory); cfg is copied, its pointers must
 * outlive the run. */
rd_run *rd_run_new(const rd_config *cfg);
/**
 * Read every article of path ("-" = stdin; a directory = its article
 * files and subdirectories, in name order).  Problems are noted and the
 * reading goes on.  Returns 0 when everything was read, the doc
 * callback's non-zero value if it stopped the run, RD_INTERRUPTED or
 * RD_FATAL.
 */
int rd_run_path(rd_run *run, const char *path);
void rd_run_free(rd_run *run); /* NULL-safe */

/**
 * If body's first non-blank line says the same as title (after
 * normalization), return the offset where the rest of the body starts,
 * else 0.
 */
size_t rd_skip_repeated_title(const fahras_analyzer *an, const char *title, size_t title_len,
                              const char *body, size_t body_len);

#endif
