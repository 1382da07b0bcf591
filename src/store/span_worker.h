/*
 * span_worker.h - a second thread that makes a written document's span
 * summary (spans.h) while the writer goes on to the next document, so the
 * tagger's work overlaps the index's on a machine with two cores.
 *
 * One document is in flight at a time.  The writer takes each summary back
 * in the order the documents were given and stores it itself, inside the
 * same transaction: a store holds what the writer alone would have written.
 * The worker reads the tagger and the analyzer (immutable, shared) and
 * keeps its own memory of words (fahras_tag_memo).
 */
#ifndef FAHRAS_SPAN_WORKER_H
#define FAHRAS_SPAN_WORKER_H

#include "spans.h"
#include "store.h"

/* A document's summary, the tagger's memory of words given or NULL
 * (ref_date: what relative dates resolve against, NULL: the text's own;
 * a stored date the value finder cannot read is dropped for NULL).  Both
 * the worker and a writer without one make summaries by this. */
fh_doc_spans *fh_span_summary(const fahras_tagger *t, fahras_tag_memo *memo,
                              const fahras_analyzer *an, const char *title, size_t title_len,
                              const char *body, size_t body_len, const char *ref_date,
                              fh_text_tokens *toks, fahras_error *err);

typedef struct fh_span_worker fh_span_worker;

/* A worker tagging with t; NULL when no thread or memory could be had
 * (the writer then makes summaries itself). */
fh_span_worker *fh_span_worker_new(const fahras_tagger *t);
/* NULL-safe; waits for the document in flight and drops its summary. */
void fh_span_worker_free(fh_span_worker *w);

/* Start the summary of document id with title and body (the body as
 * indexed: boilerplate blanked), analyzed by an.  Everything is copied
 * except toks (its tokens as indexed, or NULL: analyzed there), which the
 * worker holds until fh_span_worker_take gives it back.  Only when nothing
 * is in flight.  -1 when out of memory (nothing started, toks still the
 * caller's). */
int fh_span_worker_start(fh_span_worker *w, const fahras_analyzer *an, const char *id,
                         size_t id_len, const char *title, size_t title_len, const char *body,
                         size_t body_len, const char *ref_date, fh_text_tokens *toks);

/* What came back: the summary (the caller's to free; NULL on failure, err
 * saying why), the document's id (the worker's until the next start) and
 * the tokens given with it. */
typedef struct fh_span_result {
    const char *id;
    size_t id_len;
    fh_doc_spans *spans;
    fahras_error err;
    fh_text_tokens *toks;
} fh_span_result;

/* Wait for the document in flight: 1 and *out filled, or 0 when none was. */
int fh_span_worker_take(fh_span_worker *w, fh_span_result *out);

#endif
