/*
 * query.h - the fahras query language, parsed into a backend-neutral form.
 *
 * What a user types (fahras search, the HTTP API):
 *
 *   word            optional term: matches every form with the same index
 *                   key (clitics and suffixes removed); documents with more
 *                   of the terms rank higher, but none is required
 *   word*           optional prefix term (normalized form, then any ending)
 *   "a b c"         phrase, required, matching the exact normalized forms in
 *                   this order (diacritics and letter variants still fold)
 *   +word           required term (any form with the same key)
 *   -word -"a b"    excluded: no document containing it is returned
 *   OR              accepted between terms and ignored (terms are OR-ed)
 *
 * Lenient by design: a lone "-" or "+" (ARCD questions start with "- "), an
 * empty phrase, and an unterminated quote (the phrase runs to the end) are
 * not errors.  Errors: invalid UTF-8 (with its byte offset), a query longer
 * than FH_MAX_QUERY_BYTES, and a query without any positive clause.
 *
 * Backends compile the clauses: SQLite to an FTS5 MATCH expression
 * (store_sqlite.c), PostgreSQL to a tsquery (store_pg.c).  Clause text is
 * handed to the analyzer there, never interpreted here beyond the operators.
 */
#ifndef FAHRAS_QUERY_H
#define FAHRAS_QUERY_H

#include <stddef.h>

#include "store.h"

typedef enum fh_qclause_kind {
    FH_QC_WORD = 1,  /* one whitespace-delimited word (may still analyze to several tokens) */
    FH_QC_PHRASE = 2 /* a quoted phrase: exact normalized forms, in order */
} fh_qclause_kind;

typedef enum fh_qclause_occur {
    FH_Q_SHOULD = 0,  /* optional, ranks */
    FH_Q_MUST = 1,    /* required */
    FH_Q_MUST_NOT = 2 /* excluded */
} fh_qclause_occur;

typedef struct fh_qclause {
    int kind;    /* fh_qclause_kind */
    int occur;   /* fh_qclause_occur */
    int prefix;  /* word* (FH_QC_WORD only) */
    char *text;  /* the word or the phrase's words, without quotes and
                    operators; NUL-terminated, never empty, valid UTF-8,
                    never contains '"' */
    size_t len;
    size_t offset; /* byte offset of the clause in the query string */
} fh_qclause;

typedef struct fh_parsed_query {
    size_t n;             /* number of clauses */
    fh_qclause *clauses;  /* in query order */
    size_t n_should, n_must, n_must_not;
} fh_parsed_query;

/**
 * Parse q[0..len).  On success *out is owned by the caller (release with
 * fh_query_free) and returns 0; on error returns -1 with err->msg naming
 * the byte offset where it applies.
 */
int fh_query_parse(const char *q, size_t len, fh_parsed_query **out, fh_err *err);

/** Release a parsed query.  NULL is a no-op. */
void fh_query_free(fh_parsed_query *pq);

#endif
