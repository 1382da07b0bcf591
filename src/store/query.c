/*
 * query.c - parser of the fahras query language (grammar in query.h).
 */
#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "store_backend.h"

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int add_clause(fh_parsed_query *pq, size_t *cap, int kind, int occur, int prefix,
                      const char *text, size_t len, size_t offset, fh_err *err)
{
    if (pq->n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 8;
        fh_qclause *nc = realloc(pq->clauses, ncap * sizeof *nc);
        if (!nc) return fh_fail(err, "query: out of memory");
        pq->clauses = nc;
        *cap = ncap;
    }
    char *copy = malloc(len + 1);
    if (!copy) return fh_fail(err, "query: out of memory");
    memcpy(copy, text, len);
    copy[len] = '\0';
    fh_qclause *c = &pq->clauses[pq->n++];
    c->kind = kind;
    c->occur = occur;
    c->prefix = prefix;
    c->text = copy;
    c->len = len;
    c->offset = offset;
    if (occur == FH_Q_SHOULD) pq->n_should++;
    else if (occur == FH_Q_MUST) pq->n_must++;
    else pq->n_must_not++;
    return 0;
}

int fh_query_parse(const char *q, size_t len, fh_parsed_query **out, fh_err *err)
{
    *out = NULL;
    if (!q) return fh_fail_kind(err, FH_ERR_QUERY, "query: no query given");
    if (len > FH_MAX_QUERY_BYTES)
        return fh_fail_kind(err, FH_ERR_QUERY, "query: %zu bytes, longer than the limit of %d",
                            len, FH_MAX_QUERY_BYTES);
    size_t bad;
    if (fahras_utf8_check(q, len, &bad) != FAHRAS_OK)
        return fh_fail_kind(err, FH_ERR_QUERY, "query: invalid UTF-8 at byte %zu", bad);
    const char *nul = memchr(q, '\0', len);
    if (nul) return fh_fail_kind(err, FH_ERR_QUERY, "query: NUL byte at byte %zu", (size_t)(nul - q));

    fh_parsed_query *pq = calloc(1, sizeof *pq);
    if (!pq) return fh_fail(err, "query: out of memory");
    size_t cap = 0, i = 0;
    while (i < len) {
        while (i < len && is_space((unsigned char)q[i])) i++;
        if (i >= len) break;
        size_t start = i;
        int occur = FH_Q_SHOULD;
        if (q[i] == '-' || q[i] == '+') {
            occur = q[i] == '-' ? FH_Q_MUST_NOT : FH_Q_MUST;
            i++;
            /* a lone operator ("- question") is punctuation, not an operator */
            if (i >= len || is_space((unsigned char)q[i])) continue;
        }
        if (q[i] == '"') {
            size_t p0 = ++i;
            while (i < len && q[i] != '"') i++;
            size_t p1 = i;
            if (i < len) i++; /* closing quote; an unterminated phrase runs to the end */
            while (p0 < p1 && is_space((unsigned char)q[p0])) p0++;
            while (p1 > p0 && is_space((unsigned char)q[p1 - 1])) p1--;
            if (p1 == p0) continue; /* "" */
            /* "+" adds nothing to a phrase: phrases are required anyway */
            if (occur == FH_Q_SHOULD) occur = FH_Q_MUST;
            if (add_clause(pq, &cap, FH_QC_PHRASE, occur, 0, q + p0, p1 - p0, start, err)) {
                fh_query_free(pq);
                return -1;
            }
            continue;
        }
        size_t w0 = i;
        while (i < len && !is_space((unsigned char)q[i]) && q[i] != '"') i++;
        size_t w1 = i;
        int prefix = 0;
        while (w1 > w0 && q[w1 - 1] == '*') {
            prefix = 1;
            w1--;
        }
        if (w1 == w0) continue; /* "*" alone */
        if (occur == FH_Q_SHOULD && !prefix && w1 - w0 == 2 && q[w0] == 'O' && q[w0 + 1] == 'R')
            continue; /* OR: terms are OR-ed already */
        if (add_clause(pq, &cap, FH_QC_WORD, occur, prefix, q + w0, w1 - w0, start, err)) {
            fh_query_free(pq);
            return -1;
        }
    }
    if (pq->n_should + pq->n_must == 0) {
        int only_excluded = pq->n_must_not > 0;
        fh_query_free(pq);
        return fh_fail_kind(err, FH_ERR_QUERY,
                            only_excluded ? "query: only exclusions (-word); add a word to search for"
                                          : "query: no words to search for");
    }
    *out = pq;
    return 0;
}

void fh_query_free(fh_parsed_query *pq)
{
    if (!pq) return;
    for (size_t i = 0; i < pq->n; i++) free(pq->clauses[i].text);
    free(pq->clauses);
    free(pq);
}
