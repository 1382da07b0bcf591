/*
 * query.h - the fahras query language, parsed into a backend-neutral form.
 *
 * What a user types (fahras search, the HTTP API):
 *
 *   word            a term: matches every form with the same index key
 *                   (clitics and suffixes removed); how many of the query's
 *                   terms a result must hold is the search's match mode
 *                   (plan.h: all by default, any, or a percentage); documents
 *                   with more of them rank higher
 *   word*           prefix term (normalized form, then any ending)
 *   "a b c"         phrase, required, matching the exact normalized forms in
 *   «a b c»         this order (diacritics and letter variants still fold);
 *   “a b c” „a b c“ Arabic, French, English and German quotation marks
 *                   delimit a phrase as " does
 *   +word           required term (any form with the same key)
 *   a AND b         both required (as +a +b)
 *   -word -"a b"    excluded: no document containing it is returned
 *   NOT word        excluded (as -word)
 *   a OR b          the terms are alternatives: a query holding OR matches
 *                   any of its terms (match mode any)
 * AND, OR and NOT are operators only in capitals and standing alone.
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
    int any_or;           /* the query holds OR: its terms are alternatives */
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
