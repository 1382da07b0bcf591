/*
 * inverter.h - documents analyzed into in-memory postings, flushed as one
 * segment (inverter.c).
 */
#ifndef FAHRAS_INVERTER_H
#define FAHRAS_INVERTER_H

#include "fahras.h"
#include "ix.h"

typedef struct ix_inv ix_inv;

/* One document as the inverter takes it (text fields need not be
 * NUL-terminated; NULL = none). */
typedef struct ix_inv_doc {
    int64_t rowid;
    const char *title; size_t title_len;
    const char *body; size_t body_len;
    const char *source; size_t source_len;
    const char *category; size_t category_len;
    const char *date; size_t date_len;
    /* NULL, or called with each token analyzed (field 0 title, 1 body) */
    int (*tap)(void *ctx, int field, const fahras_token *t);
    void *tap_ctx;
} ix_inv_doc;

/* an is borrowed (must outlive the inverter).  NULL when out of memory. */
ix_inv *ix_inv_new(const fahras_analyzer *an);
void ix_inv_free(ix_inv *v); /* NULL-safe */
/* Drop every buffered document (after a flush or a rollback). */
void ix_inv_clear(ix_inv *v);

/* Analyze and buffer one document: IX_OK, IX_ENOMEM (nothing of it kept
 * counts: the caller clears the buffer) or IX_EARG. */
int ix_inv_add(ix_inv *v, const ix_inv_doc *d);
/* Forget the buffered document with rowid: 1 when there was one. */
int ix_inv_delete(ix_inv *v, int64_t rowid);

uint32_t ix_inv_docs(const ix_inv *v);  /* live buffered documents */
size_t ix_inv_bytes(const ix_inv *v);   /* memory held */

/* Write the buffered documents as segment `id` at path (fsynced, renamed
 * into place).  Returns IX_OK or an error with msg. */
int ix_inv_flush(ix_inv *v, const char *path, uint64_t instance, uint64_t id, char *msg,
                 size_t cap);

#endif
