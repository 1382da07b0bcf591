/*
 * boiler.h - boilerplate learned per source, kept by the store layer for
 * every backend.  A body line (a paragraph: the text between two line
 * breaks) is boilerplate for its source when, read through the analyzer's
 * normalization, it occurs in at least FH_BOILER_MIN_DOCS articles of that
 * source and in at least FH_BOILER_MIN_PERCENT percent of them (and stays
 * so down to FH_BOILER_KEEP_PERCENT): newsletter footers, «اقرأ أيضا»,
 * share prompts.
 *
 * Boilerplate is not indexed and not used for snippets; the stored body
 * stays whole (the article view shows it).  A document carries its mask:
 * the byte ranges of its body that are boilerplate (fh_doc.mask, "s-e,..."),
 * and is indexed with those bytes blanked, so every byte offset into the
 * original stays right.  When a line becomes (or stops being) boilerplate,
 * the other documents of its source holding it are indexed again in the
 * same batch (the backends keep which documents hold a line), so a later
 * batch revealing a footer cleans earlier documents and a killed run
 * leaves the counts, the marks and the index in step.
 */
#ifndef FAHRAS_BOILER_H
#define FAHRAS_BOILER_H

#include <stddef.h>
#include <stdint.h>

#include "store_backend.h"

/* A line in fewer articles than this is never boilerplate: below it a
 * story's repeated background paragraph is as likely as a footer, and a
 * small source cannot tell them apart. */
#define FH_BOILER_MIN_DOCS 5
/* ... nor one in under this share of its source's articles: a footer or a
 * share prompt is on nearly every page of its site (a redesign may split
 * the archive between a few versions), while a paragraph quoted by a run
 * of stories covers a sliver of a large archive. */
#define FH_BOILER_MIN_PERCENT 5
/* A marked line stays boilerplate down to this share: without the gap, a
 * line near the threshold would change status every few articles, and
 * every change indexes again all the articles holding it. */
#define FH_BOILER_KEEP_PERCENT 4
/* Lines of one body that are counted (bounded work on a huge body). */
#define FH_BOILER_MAX_LINES 2000
/* Bytes of a boilerplate line kept to show it (fahras stats). */
#define FH_BOILER_TEXT_BYTES 300

/* Whether a line in count of a source's ndocs articles is boilerplate,
 * marked: whether it was until now. */
static inline int fh_boiler_rule(long count, long ndocs, int marked)
{
    long percent = marked ? FH_BOILER_KEEP_PERCENT : FH_BOILER_MIN_PERCENT;
    return count >= FH_BOILER_MIN_DOCS && count * 100 >= percent * ndocs;
}

/* One line of a body: its key (source and normalized words, hashed; a
 * non-negative 64-bit number) and its bytes body[start..end). */
typedef struct fh_boiler_line {
    int64_t key;
    size_t start, end;
} fh_boiler_line;

/* The lines of body holding at least one word, keyed for source (at most
 * FH_BOILER_MAX_LINES).  *out is malloc'd (free it), *n its length. */
int fh_boiler_lines(const fahras_analyzer *an, const char *source, size_t source_len,
                    const char *body, size_t body_len, fh_boiler_line **out, size_t *n,
                    fh_err *err);

/* body[0..len) with the ranges of mask (fh_doc.mask) blanked with spaces:
 * malloc'd, NUL-terminated, *out NULL when mask is empty.  0, or -1 out of
 * memory.  Ranges out of bounds are clipped (a mask of a cut body). */
int fh_boiler_apply(const char *body, size_t len, const char *mask, size_t mask_len, char **out);

/* Writes one document (doc, or one indexed again) carrying its mask, in
 * place of the backend's upsert: the store's clustered write, so the
 * near-duplicate signature reads the body as indexed, boilerplate blanked.
 * Returns and sets *changed as the backend's upsert. */
typedef int (*fh_boiler_write_fn)(void *ctx, const fh_doc *masked, int *changed, fh_err *err);

/* Write doc (validated, inside a batch) with its boilerplate mask, count
 * its lines for its source, and index again the documents whose lines
 * changed status; each write goes through write (NULL: the backend's
 * upsert).  *changed as fh_store_upsert's. */
int fh_boiler_upsert(const fh_store_backend *be, fh_backend_db *db, const fahras_analyzer *an,
                     const fh_doc *doc, fh_boiler_write_fn write, void *write_ctx,
                     int *changed, fh_err *err);

#endif
