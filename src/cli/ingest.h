/*
 * ingest.h - reading articles for `fahras index`: JSON Lines (one object a
 * line: id, title, body, date, source, category, url; other fields kept as
 * extra JSON), plain .txt files (one article a file, first line the
 * headline, id = file name without extension), "-" for stdin, directories
 * (their .jsonl/.json/.ndjson/.txt files, sorted), and any of them
 * gzip-compressed (.gz, or detected from the data).  Streams: memory use
 * does not grow with the input, only with the longest record.
 */
#ifndef FAHRAS_INGEST_H
#define FAHRAS_INGEST_H

#include <stddef.h>

#include "fahras.h"
#include "store.h"

/* Longest record (JSON line or .txt file) accepted, in bytes. */
#define INGEST_MAX_RECORD ((size_t)64 << 20)

/* Where a record comes from. */
typedef struct ingest_where {
    const char *file;  /* as given ("-" for stdin) */
    size_t line;       /* 1-based line of the record (1 for a .txt file) */
    long long done;    /* bytes of this file consumed so far (compressed bytes for .gz) */
    long long size;    /* size of this file in bytes, or -1 if unknown (stdin, pipe) */
    const char *note;  /* during on_doc: what of the record was not taken (an
                          unreadable date), or NULL */
} ingest_where;

/* A good record: doc points into ingest's buffers, valid during the call.
 * Its date is ISO 8601 (fahras_date_normalize); a date that cannot be read
 * is left out, kept in extra_json as "date", and said in w->note.
 * Return 0 to continue, non-zero to stop reading (ingest_path returns it). */
typedef int (*ingest_doc_fn)(void *ctx, const fh_doc *doc, const ingest_where *w);

/* A rejected record: msg says why (with the column or byte offset where
 * it applies).  The reader goes on with the next record. */
typedef void (*ingest_bad_fn)(void *ctx, const ingest_where *w, const char *msg);

/**
 * Read every article of path ("-" = stdin; a directory = its article files).
 * an: used to recognise a headline repeated as the body's first line (that
 * line is dropped from the body, so it is not indexed twice).
 * Returns 0 when the input was read to the end, the callback's non-zero
 * value if it stopped, or -1 when the input could not be read (message
 * printed on stderr).
 */
int ingest_path(const char *path, const fahras_analyzer *an, ingest_doc_fn on_doc,
                ingest_bad_fn on_bad, void *ctx);

/**
 * If body's first non-blank line says the same as title (after
 * normalization), return the offset where the rest of the body starts,
 * else 0.
 */
size_t ingest_skip_repeated_title(const fahras_analyzer *an, const char *title,
                                  size_t title_len, const char *body, size_t body_len);

#endif
