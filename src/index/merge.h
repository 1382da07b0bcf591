/*
 * merge.h - merging segments into one (merge.c).
 */
#ifndef FAHRAS_MERGE_H
#define FAHRAS_MERGE_H

#include "ix.h"

typedef struct ix_merge_in {
    const ix_seg *seg;
    const uint8_t *dels; /* deleted documents, one bit each (NULL: none) */
} ix_merge_in;

/* Write the live documents of in[0..n_in) as one segment at path (fsynced,
 * renamed into place).  IX_OK, or an error with msg. */
int ix_merge(const ix_merge_in *in, size_t n_in, const char *path, uint64_t instance,
             uint64_t id, char *msg, size_t cap);

#endif
