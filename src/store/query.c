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

/* Quotation marks that open a phrase, and the marks that may close each:
 * ASCII ", Arabic and French guillemets (typed either way round in
 * right-to-left text), English and German curly quotes. */
typedef struct quote_pair {
    const char *open, *close1, *close2;
} quote_pair;

static const quote_pair quotes[] = {
    {"\"", "\"", NULL},
    {"\xc2\xab", "\xc2\xbb", NULL},               /* « » */
    {"\xc2\xbb", "\xc2\xab", NULL},               /* » « */
    {"\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x9c"}, /* “ ” (or “ “) */
    {"\xe2\x80\x9d", "\xe2\x80\x9d", "\xe2\x80\x9c"}, /* ” ” (or ” “) */
    {"\xe2\x80\x9e", "\xe2\x80\x9c", "\xe2\x80\x9d"}, /* „ “ (or „ ”) */
};

static int starts(const char *q, size_t i, size_t len, const char *s)
{
    size_t n = strlen(s);
    return i + n <= len && !memcmp(q + i, s, n);
}

/* The quote pair opening at q[i], or NULL. */
static const quote_pair *quote_at(const char *q, size_t i, size_t len)
{
    for (size_t k = 0; k < sizeof quotes / sizeof quotes[0]; k++)
        if (starts(q, i, len, quotes[k].open)) return &quotes[k];
    return NULL;
}

/* Bytes of any quotation mark at q[i] (0: none): it ends a word. */
static size_t any_quote(const char *q, size_t i, size_t len)
{
    const quote_pair *p = quote_at(q, i, len);
    if (p) return strlen(p->open);
    return starts(q, i, len, "\xe2\x80\x9d") || starts(q, i, len, "\xc2\xbb") ? 3 : 0;
}

/* Bytes of a mark closing pair p at q[i] (0: none). */
static size_t closing(const quote_pair *p, const char *q, size_t i, size_t len)
{
    if (starts(q, i, len, p->close1)) return strlen(p->close1);
    if (p->close2 && starts(q, i, len, p->close2)) return strlen(p->close2);
    return 0;
}

/* An operator word: AND, OR or NOT, in capitals, standing alone. */
static int operator_is(const char *q, size_t w0, size_t w1, const char *op)
{
    return w1 - w0 == strlen(op) && !memcmp(q + w0, op, w1 - w0);
}

/* The state between clauses: what the operators typed so far ask of the
 * next clause. */
typedef struct parse_state {
    int not_next; /* NOT: the next clause is excluded */
    int and_next; /* AND: the next clause is required */
    size_t last_should; /* index + 1 of the previous clause when optional, else 0 */
} parse_state;

static int occur_of(parse_state *ps, int occur)
{
    if (ps->not_next) occur = FH_Q_MUST_NOT;
    else if (ps->and_next && occur == FH_Q_SHOULD) occur = FH_Q_MUST;
    ps->not_next = ps->and_next = 0;
    return occur;
}

/* Count an optional clause made required by AND. */
static void require(fh_parsed_query *pq, size_t i)
{
    fh_qclause *c = &pq->clauses[i];
    if (c->occur != FH_Q_SHOULD) return;
    c->occur = FH_Q_MUST;
    pq->n_should--;
    pq->n_must++;
}

static int parse_clauses(fh_parsed_query *pq, const char *q, size_t len, fh_err *err)
{
    size_t cap = 0, i = 0;
    parse_state ps = {0, 0, 0};
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
        const quote_pair *qp = quote_at(q, i, len);
        if (qp) {
            size_t p0 = i += strlen(qp->open), close = 0;
            while (i < len && !(close = closing(qp, q, i, len))) i++;
            size_t p1 = i;
            i += close; /* an unterminated phrase runs to the end */
            while (p0 < p1 && is_space((unsigned char)q[p0])) p0++;
            while (p1 > p0 && is_space((unsigned char)q[p1 - 1])) p1--;
            if (p1 == p0) continue; /* "" */
            if (memchr(q + p0, '"', p1 - p0)) { /* «a "b" c»: the inner marks are not syntax */
                char *t = malloc(p1 - p0 + 1);
                if (!t) return fh_fail(err, "query: out of memory");
                size_t n = 0;
                for (size_t k = p0; k < p1; k++)
                    if (q[k] != '"') t[n++] = q[k];
                /* "+" adds nothing to a phrase: phrases are required anyway */
                int o = occur_of(&ps, occur == FH_Q_SHOULD ? FH_Q_MUST : occur);
                int rc = n ? add_clause(pq, &cap, FH_QC_PHRASE, o, 0, t, n, start, err) : 0;
                free(t);
                if (rc) return -1;
                ps.last_should = 0;
                continue;
            }
            int o = occur_of(&ps, occur == FH_Q_SHOULD ? FH_Q_MUST : occur);
            if (add_clause(pq, &cap, FH_QC_PHRASE, o, 0, q + p0, p1 - p0, start, err)) return -1;
            ps.last_should = 0;
            continue;
        }
        size_t w0 = i;
        while (i < len && !is_space((unsigned char)q[i]) && !any_quote(q, i, len)) i++;
        size_t w1 = i;
        if (w1 == w0) { /* a closing mark alone */
            i += any_quote(q, i, len);
            continue;
        }
        int prefix = 0;
        while (w1 > w0 && q[w1 - 1] == '*') {
            prefix = 1;
            w1--;
        }
        if (w1 == w0) continue; /* "*" alone */
        if (occur == FH_Q_SHOULD && !prefix) {
            if (operator_is(q, w0, w1, "OR")) {
                pq->any_or = 1;
                ps.and_next = 0;
                continue;
            }
            if (operator_is(q, w0, w1, "NOT")) {
                ps.not_next = 1;
                ps.and_next = 0;
                continue;
            }
            if (operator_is(q, w0, w1, "AND")) {
                if (ps.last_should) require(pq, ps.last_should - 1);
                ps.and_next = !ps.not_next;
                continue;
            }
        }
        int o = occur_of(&ps, occur);
        if (add_clause(pq, &cap, FH_QC_WORD, o, prefix, q + w0, w1 - w0, start, err)) return -1;
        ps.last_should = o == FH_Q_SHOULD ? pq->n : 0;
    }
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
    if (parse_clauses(pq, q, len, err)) {
        fh_query_free(pq);
        return -1;
    }
    if (pq->n_should + pq->n_must == 0) {
        int only_excluded = pq->n_must_not > 0;
        fh_query_free(pq);
        return fh_fail_kind(err, FH_ERR_QUERY,
                            only_excluded ? "query: only exclusions (-word, NOT word); add a word to search for"
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
