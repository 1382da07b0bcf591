/*
 * mark.c - mark the words of a query in a whole article, for the article
 * view (/api/doc/{id}?q=...).
 *
 * The store marks snippets; a full article needs the same thing over its
 * whole text.  Both come from the store's analyzer: the query's positive
 * words are reduced to their index keys (prefix words to their normalized
 * form), then every token of the text whose key is one of them (or whose
 * normalized form starts with a prefix) is marked, by its byte offsets in
 * the original text, so diacritics and letter shapes stay as written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "query.h"

typedef struct term {
    char *text;
    size_t len;
    int prefix; /* match tokens whose norm starts with text */
} term;

struct fh_marker {
    const fahras_analyzer *an;
    term *terms;
    size_t n, cap;
    int oom;
    int clause_prefix; /* while collecting: the clause is word* */
};

static int add_term(fh_marker *m, const char *s, size_t len, int prefix)
{
    for (size_t i = 0; i < m->n; i++)
        if (m->terms[i].len == len && m->terms[i].prefix == prefix && !memcmp(m->terms[i].text, s, len))
            return 0;
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 8;
        term *t = realloc(m->terms, cap * sizeof *t);
        if (!t) return -1;
        m->terms = t;
        m->cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy) return -1;
    memcpy(copy, s, len);
    copy[len] = 0;
    m->terms[m->n++] = (term){copy, len, prefix};
    return 0;
}

static int collect(void *ctx, const fahras_token *t)
{
    fh_marker *m = ctx;
    int prefix = m->clause_prefix;
    const char *s = prefix ? t->norm : t->key;
    size_t len = prefix ? t->norm_len : t->key_len;
    if (len && add_term(m, s, len, prefix)) {
        m->oom = 1;
        return 1;
    }
    return 0;
}

fh_marker *fh_marker_new(const fahras_analyzer *an, const char *q, fh_err *err)
{
    fh_parsed_query *pq = NULL;
    if (fh_query_parse(q, strlen(q), &pq, err)) return NULL;
    fh_marker *m = calloc(1, sizeof *m);
    if (!m) {
        fh_query_free(pq);
        snprintf(err->msg, sizeof err->msg, "out of memory");
        return NULL;
    }
    m->an = an;
    for (size_t i = 0; i < pq->n && !m->oom; i++) {
        const fh_qclause *c = &pq->clauses[i];
        if (c->occur == FH_Q_MUST_NOT) continue; /* excluded words are not in the text */
        m->clause_prefix = c->kind == FH_QC_WORD && c->prefix;
        fahras_error ferr;
        fahras_analyze(an, c->text, c->len, collect, m, &ferr); /* text is valid UTF-8 */
    }
    fh_query_free(pq);
    if (m->oom) {
        fh_marker_free(m);
        snprintf(err->msg, sizeof err->msg, "out of memory");
        return NULL;
    }
    return m;
}

void fh_marker_free(fh_marker *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->n; i++) free(m->terms[i].text);
    free(m->terms);
    free(m);
}

typedef struct marking {
    const fh_marker *m;
    fh_range *ranges;
    size_t n, cap;
    int oom;
} marking;

static int matches(const fh_marker *m, const fahras_token *t)
{
    for (size_t i = 0; i < m->n; i++) {
        const term *q = &m->terms[i];
        if (q->prefix ? (t->norm_len >= q->len && !memcmp(t->norm, q->text, q->len))
                      : (t->key_len == q->len && !memcmp(t->key, q->text, q->len)))
            return 1;
    }
    return 0;
}

static int mark_token(void *ctx, const fahras_token *t)
{
    marking *mk = ctx;
    if (!matches(mk->m, t)) return 0;
    /* A hashtag and the words inside it overlap: keep ranges disjoint. */
    if (mk->n && t->start < mk->ranges[mk->n - 1].end) return 0;
    if (mk->n == mk->cap) {
        size_t cap = mk->cap ? mk->cap * 2 : 16;
        fh_range *r = realloc(mk->ranges, cap * sizeof *r);
        if (!r) {
            mk->oom = 1;
            return 1;
        }
        mk->ranges = r;
        mk->cap = cap;
    }
    mk->ranges[mk->n++] = (fh_range){t->start, t->end};
    return 0;
}

int fh_marker_find(const fh_marker *m, const char *text, size_t len, fh_range **out,
                   size_t *n_out)
{
    marking mk = {m, NULL, 0, 0, 0};
    *out = NULL;
    *n_out = 0;
    if (m->n && len) {
        fahras_error ferr;
        /* An analysis error (invalid UTF-8 in a stored text) only ends the
         * marking early: the ranges found before it are still right. */
        fahras_analyze(m->an, text, len, mark_token, &mk, &ferr);
    }
    if (mk.oom) {
        free(mk.ranges);
        return -1;
    }
    *out = mk.ranges;
    *n_out = mk.n;
    return 0;
}
