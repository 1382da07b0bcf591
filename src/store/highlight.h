/*
 * highlight.h - the words of a query plan marked in a document's text:
 * the snippet of a hit and the marked article of the article view.
 *
 * One matcher for every store: it reads the plan (plan.h), so what is
 * marked is what the store matched, under the same index terms.  Marked:
 * the clauses that select documents (required words and phrases, optional
 * words, near spellings); not the common words that only rank (في, من,
 * على beside rarer words), unless they are inside a marked phrase.
 *
 * Work is linear in the text: one analysis pass and a table lookup per
 * token (two passes for a snippet, over at most its first
 * FH_SNIPPET_SCAN_BYTES), whatever the number of hits in it; counted in
 * fh_highlight_work.
 */
#ifndef FAHRAS_HIGHLIGHT_H
#define FAHRAS_HIGHLIGHT_H

#include <stddef.h>

#include "plan.h"
#include "store.h"

/* Words in a snippet. */
#define FH_SNIPPET_WORDS 32
/* A snippet is chosen from the first this many bytes of a text. */
#define FH_SNIPPET_SCAN_BYTES ((size_t)1 << 20)
/* The snippets of one search read at most this many bytes of text in all:
 * each hit's snippet comes from its first fh_snippet_scan(limit) bytes. */
#define FH_SNIPPET_REQUEST_BYTES ((size_t)32 << 20)
#define FH_SNIPPET_MIN_SCAN_BYTES ((size_t)16 << 10)

/* The bytes of each hit's text a search of `limit` hits makes snippets
 * from: FH_SNIPPET_REQUEST_BYTES / limit, within
 * [FH_SNIPPET_MIN_SCAN_BYTES, FH_SNIPPET_SCAN_BYTES]. */
size_t fh_snippet_scan(int limit);
/* Prefix words of one plan that are marked (each costs a comparison per
 * token); more are matched by the store but not marked. */
#define FH_HIGHLIGHT_MAX_PREFIXES 32

typedef struct fh_highlighter fh_highlighter;

/* The matcher of plan p under analyzer an (both must outlive it).  NULL
 * with err filled when out of memory.  Caller frees. */
fh_highlighter *fh_highlighter_new(const fahras_analyzer *an, const fh_plan *p, fh_err *err);
void fh_highlighter_free(fh_highlighter *h); /* NULL-safe */

/* Make h own p: fh_highlighter_free then frees the plan too. */
void fh_highlighter_own_plan(fh_highlighter *h, fh_plan *p);

/* A marked word: text[start..end). */
typedef struct fh_range {
    size_t start, end;
} fh_range;

/*
 * The marked words of text[0..len), in order and disjoint, at most max of
 * them (*truncated set to 1 when there were more).  *out (caller frees) may
 * be NULL when *n is 0.  Returns 0, or -1 with err filled.
 */
int fh_highlight_marks(const fh_highlighter *h, const char *text, size_t len, size_t max,
                       fh_range **out, size_t *n, int *truncated, fh_err *err);

/*
 * A snippet of text[0..len): the FH_SNIPPET_WORDS words around the place
 * where the most different clauses are marked, from the start of the text
 * when that place is near it, with FH_MARK_OPEN/FH_MARK_CLOSE around each
 * marked word and "..." where the text was cut.  *out is a NUL-terminated
 * string the caller frees.  Returns 0, or -1 with err filled.
 */
int fh_highlight_snippet(const fh_highlighter *h, const char *text, size_t len, char **out,
                         fh_err *err);
/* The same from the first `scan` bytes of the text (cut before a space). */
int fh_highlight_snippet_in(const fh_highlighter *h, const char *text, size_t len, size_t scan,
                            char **out, fh_err *err);

/* The work a highlighter has done: analysis passes, bytes handed to the
 * analyzer and tokens it gave back.  A snippet is at most two passes over
 * at most its scan bytes, marks one pass over the text; the test suite
 * checks these counts rather than time. */
typedef struct fh_highlight_work {
    size_t passes, bytes, tokens;
} fh_highlight_work;
fh_highlight_work fh_highlighter_work(const fh_highlighter *h);

#endif
