/*
 * spans.h - the analysis of one article's text as every adapter shows and
 * stores it: the named entities of the tagger and the dates, numbers,
 * ordinals and counts of the core's value finder, in one list in text
 * order (`fahras entities`), and the per-document summary a store keeps
 * (fh_doc_spans: each entity once with its count and most common surface,
 * each date with the days it covers, each count), which the entity
 * filters (filter.h) and the entity facets (entfacets.h) read.
 */
#ifndef FAHRAS_SPANS_H
#define FAHRAS_SPANS_H

#include <stddef.h>

#include "fahras.h"

/* Every span of one text, owned (the strings of each fahras_span point
 * into the list's memory until fh_spans_clear/free). */
typedef struct fh_spans {
    fahras_span *v;
    size_t n, cap;
    char *buf; /* the strings of the spans, one after another */
    size_t buf_n, buf_cap;
    size_t *off; /* while collecting: 4 offsets into buf a span (key, value, unit, hijri) */
} fh_spans;

void fh_spans_free(fh_spans *s); /* NULL-safe; leaves s empty */

/* Find the spans of text[0..len) into s (emptied first), sorted by start
 * (the longer first on the same start).  t may be NULL (no named
 * entities); memo (NULL: none) keeps the tagger's words and workspace
 * from one text to the next; ref_date: what relative dates resolve against (NULL: the
 * latest explicit date of the text).  Returns FAHRAS_OK or the first
 * failing call's status with err filled (FAHRAS_ERR_UTF8: err->offset is
 * the first bad byte). */
int fh_spans_find(const fahras_tagger *t, fahras_tag_memo *memo, const fahras_analyzer *an, const char *text,
                  size_t len, const char *ref_date, fh_spans *s, fahras_error *err);

/* Whether span s is a name (PER .. MISC) of the dateline at text[from..to)
 * (to: from + fahras_dateline_end of the text there): the filing's place
 * and agency, which the summary below leaves out. */
static inline int fh_span_in_dateline(const fahras_span *s, size_t from, size_t to)
{
    return s->type >= FAHRAS_SPAN_PER && s->type <= FAHRAS_SPAN_MISC && s->start >= from && s->end <= to;
}

/* The first and last day a date value covers, as YYYY-MM-DD ("2021-04" ->
 * 2021-04-01 .. 2021-04-31, compared as text only; "a/b" -> a's first ..
 * b's last).  0, or -1 for a value with no Gregorian day (AH1436-09, ""). */
int fh_date_days(const char *value, size_t len, char lo[11], char hi[11]);

/* One row of a document's summary.  type: fahras_span_type.
 *   PER ORG LOC MISC  key, name (its most common surface in the document),
 *                     n (mentions)
 *   + FH_SPAN_ALIAS   (PER + FH_SPAN_ALIAS ...) another key of one of those
 *                     entities: the key a name of it has outside the document
 *                     (fahras_entity_key) where the document's key differs
 *                     (قسد, which the article defines as قوات سوريا
 *                     الديمقراطية); entity filters match it, facets do not
 *                     count it
 *   DATE              key = value ("2021-04-14", "2021-04", "a/b"), lo..hi
 *                     its days, n (mentions)
 *   COUNT             key = the counted noun's key, name = the noun as
 *                     written, value (the number), n (mentions)
 * Strings are NUL-terminated. */
typedef struct fh_span_row {
    int type;
    const char *key, *name, *value;
    const char *lo, *hi; /* DATE only, else NULL */
    long n;
} fh_span_row;

/* A document's summary: rows in order of type, then first mention.  At
 * most FH_DOC_SPAN_ROWS rows (the rest of a huge article is left out). */
#define FH_DOC_SPAN_ROWS 2000
#define FH_SPAN_ALIAS 16
#define FH_ENTITY_KEY_BYTES 256
typedef struct fh_doc_spans fh_doc_spans;

/* The tokens of an article's title and body as an index analyzed them
 * with the store's analyzer, kept so that its spans are found without
 * analyzing the text again.  fh_text_tokens_tap is an fh_doc tap
 * (store.h): it copies each token, its offsets moved into the text
 * fh_doc_spans_make reads (title, two line breaks, body). */
typedef struct fh_text_tokens fh_text_tokens;
fh_text_tokens *fh_text_tokens_new(size_t title_len); /* NULL when out of memory */
/* Empty again for another article (its buffers kept, unless a long one
 * made them large). */
void fh_text_tokens_start(fh_text_tokens *k, size_t title_len);
int fh_text_tokens_tap(void *ctx, int field, const fahras_token *t);
void fh_text_tokens_free(fh_text_tokens *k); /* NULL-safe */

/* The summary of an article's title and body (title spans first); NULL
 * with err filled on failure.  t: the tagger (NULL: no entities); memo:
 * its memory of words kept across articles (NULL: none).  toks: every
 * token of the title and body from analyzer an, or NULL (the text is
 * analyzed here). */
fh_doc_spans *fh_doc_spans_make(const fahras_tagger *t, fahras_tag_memo *memo, const fahras_analyzer *an,
                                const char *title, size_t title_len, const char *body,
                                size_t body_len, const char *ref_date, fh_text_tokens *toks,
                                fahras_error *err);
void fh_doc_spans_free(fh_doc_spans *d); /* NULL-safe */
/* Whether an entity of key is better shown as name (n mentions) than as
 * best (best_n; NULL: none yet): a name with as many words as the key (the
 * whole name, كيم جونغ أون) before a shorter or longer one (the كيم it is
 * then called, the ترمب of an alias), then the commoner. */
int fh_shown_name_better(const char *name, long n, const char *best, long best_n, const char *key);
size_t fh_doc_spans_count(const fh_doc_spans *d);
const fh_span_row *fh_doc_spans_row(const fh_doc_spans *d, size_t i);

#endif
