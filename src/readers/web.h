/*
 * web.h - reading the web as it arrives: one HTML page into an article
 * record (charset, HTML5-tolerant parsing with libxml2, main-content
 * extraction, metadata), and the response records of a WARC archive
 * (ISO 28500: plain, gzip or multi-member gzip).
 *
 * Nothing here prints or aborts; every call reports through a caller-owned
 * web_error.  No global mutable state: after web_init() (idempotent,
 * thread-safe) calls may run in parallel on different pages.
 */
#ifndef FAHRAS_WEB_H
#define FAHRAS_WEB_H

#include <stddef.h>
#include <stdio.h>

/* Bounds on the work done for one page (web_limits_default). */
#define WEB_MAX_PAGE_BYTES ((size_t)16 << 20) /* larger pages are refused */
#define WEB_MAX_ELEMENTS 200000               /* parsing stops at this many elements */
#define WEB_MAX_DEPTH 256                     /* ... or at this nesting depth */
#define WEB_MAX_ATTRIBUTES 1000               /* a tag with more refuses the page */

typedef struct web_limits {
    size_t max_bytes;
    size_t max_elements;
    size_t max_depth;
    size_t max_attributes;
} web_limits;

void web_limits_default(web_limits *lim);

typedef struct web_error {
    char msg[320];
    long long offset; /* byte offset in the input the message is about, or -1 */
} web_error;

/* Something worth saying about a page that was still extracted. */
typedef struct web_note {
    char msg[240];
    long long offset; /* byte offset (see msg for which bytes), or -1 */
} web_note;

#define WEB_MAX_NOTES 8

/* A page to extract.  url and content_type may be NULL (a file on disk). */
typedef struct web_page {
    const char *bytes;
    size_t len;
    const char *url;          /* where the page came from (WARC target URI), or NULL */
    const char *content_type; /* the HTTP Content-Type header, or NULL */
} web_page;

/* What would be indexed.  Every string is NUL-terminated UTF-8 owned by the
 * record (free with web_article_free), or NULL when the page has none. */
typedef struct web_article {
    char *id;       /* canonical URL, else og:url, else the page's URL, else NULL */
    char *title;
    char *body;     /* paragraphs separated by blank lines */
    char *date;     /* ISO 8601: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM] */
    char *author;
    char *source;   /* the site's name */
    char *category;
    char *url;      /* same as id */
    /* how the page was read */
    char charset[32];         /* e.g. "UTF-8", "WINDOWS-1256" */
    const char *charset_from; /* "bom", "http", "meta", "detected", "default" (static) */
    size_t elements;          /* elements parsed */
    size_t depth;             /* deepest nesting seen */
    size_t paragraphs;        /* paragraphs in body */
    web_note notes[WEB_MAX_NOTES];
    size_t n_notes;           /* notes kept (at most WEB_MAX_NOTES) */
} web_article;

/* Prepare libxml2 once per process (safe to call from several threads). */
void web_init(void);

/**
 * Extract one page.  lim: NULL for the defaults.  Returns 0 and fills *out
 * (release with web_article_free), or -1 with err set: the page is over the
 * size limit, holds a tag with too many attributes, or yields no article
 * text; *out then holds only the notes (free is still safe).
 */
int web_extract(const web_page *page, const web_limits *lim, web_article *out, web_error *err);

void web_article_free(web_article *a); /* NULL-safe; leaves *a empty */

/* ---- charset ---------------------------------------------------------- */

/**
 * Decide the charset of an HTML page: BOM, then the charset parameter of
 * content_type (may be NULL), then <meta charset> / http-equiv in the first
 * 64 KiB, then detection (valid UTF-8, else uchardet).  A declaration the
 * bytes contradict (declared UTF-8 that is not; a Latin default over
 * Arabic bytes) is replaced by the detected charset and said in *note.
 * name receives the iconv name; *from one of the words of charset_from.
 */
void web_charset_sniff(const char *bytes, size_t len, const char *content_type, char name[32],
                       const char **from, web_note *note);

/**
 * Convert bytes in charset to UTF-8 (malloc'd, NUL-terminated, *out_len
 * without the NUL).  Undecodable bytes become U+FFFD; the first one's
 * offset goes to *bad_offset and their number to *bad_count.  NUL and C0
 * controls other than tab/newline/CR become spaces.  Returns 0, or -1
 * (out of memory, unknown charset) with err set.
 */
int web_to_utf8(const char *bytes, size_t len, const char *charset, char **out, size_t *out_len,
                long long *bad_offset, size_t *bad_count, web_error *err);

/* ---- WARC ------------------------------------------------------------- */

typedef struct web_warc web_warc;

/* One response record.  Pointers are valid until the next web_warc_next. */
typedef struct web_warc_record {
    long long number;     /* 1-based record number in the file */
    long long offset;     /* byte offset of the record in the uncompressed stream */
    long long gz_offset;  /* offset of the gzip member it starts in, or -1 */
    const char *target_uri;
    const char *warc_date;
    int status;             /* HTTP status code */
    const char *content_type; /* HTTP Content-Type, or "" */
    const char *payload;    /* HTTP body: de-chunked and decompressed */
    size_t payload_len;
} web_warc_record;

enum {
    WEB_WARC_END = 0,   /* no more records */
    WEB_WARC_PAGE = 1,  /* rec is an HTML page with status 200 */
    WEB_WARC_SKIP = 2,  /* a response record (or unreadable bytes) skipped: err says why, rec where */
    WEB_WARC_FAIL = -1  /* cannot go on (I/O error, out of memory): err says why */
};

/**
 * Read records from f (plain WARC, or gzip: one member per record or one for
 * the whole file).  The reader does not own f.  max_payload: responses with
 * a longer payload are skipped (0 = WEB_MAX_PAGE_BYTES).  Returns NULL only
 * when out of memory.
 */
web_warc *web_warc_open(FILE *f, size_t max_payload);

/* The same over any source of bytes: read(ctx, buf, n) returns up to n
 * bytes, 0 at the end, or -1 on an error (which the caller, owning ctx,
 * reports).  Used for a stream already started elsewhere, such as
 * standard input after its first bytes were looked at. */
typedef long (*web_read_fn)(void *ctx, void *buf, size_t n);
web_warc *web_warc_open_reader(web_read_fn read, void *ctx, size_t max_payload);
void web_warc_close(web_warc *w); /* NULL-safe */

/* The next response record.  Non-response records (warcinfo, request,
 * metadata, ...) are passed over silently. */
int web_warc_next(web_warc *w, web_warc_record *rec, web_error *err);

/* ---- files ------------------------------------------------------------ */

enum { WEB_FILE_NONE = 0, WEB_FILE_HTML = 1, WEB_FILE_WARC = 2 };

/* By name: .html .htm .xhtml .shtml (optionally .gz) are pages, .warc and
 * .warc.gz archives. */
int web_file_kind(const char *path);

/* Where a page or a skipped record is. */
typedef struct web_place {
    const char *file;
    long long record;    /* WARC record number (1-based), 0 for an HTML file */
    long long offset;    /* byte offset of the record in the uncompressed WARC, or -1 */
    long long gz_offset; /* offset of its gzip member, or -1 */
    const char *uri;     /* WARC target URI, or NULL */
} web_place;

/* "FILE" or "FILE: record N at byte OFF (gzip member at byte G)". */
void web_place_format(const web_place *at, char *buf, size_t cap);

typedef struct web_reader {
    /* a page extracted (a's strings are valid during the call); non-zero stops */
    int (*page)(void *ctx, const web_article *a, const web_place *at);
    /* a page or record not extracted, and why (msg names byte offsets) */
    void (*skip)(void *ctx, const web_place *at, const char *msg);
    /* something said about a page that was extracted (may be NULL) */
    void (*note)(void *ctx, const web_place *at, const web_note *note);
    void *ctx;
    const web_limits *limits; /* NULL: the defaults */
} web_reader;

/**
 * Read a file of kind `kind` (WEB_FILE_HTML or WEB_FILE_WARC; gzip is
 * recognised from the data) or, for a directory, every such file in it and
 * its subdirectories in name order.  "-" reads standard input: a WARC archive
 * when its first bytes are "WARC/", else an HTML page (plain or gzip).
 * Returns 0 when all was read, the page callback's non-zero value if it
 * stopped, or -1 when the file could not be opened or read (said through
 * skip).
 */
int web_read_path(const char *path, int kind, const web_reader *r);

/* One page already in memory (a file's bytes); at says where it is from. */
int web_read_page(const char *bytes, size_t len, const web_place *at, const web_reader *r);

#endif
