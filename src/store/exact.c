/*
 * exact.c - exact phrases checked against text (exact.h), by Shift-And
 * over the phrase's normalized forms.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exact.h"

struct fh_exact_phrase {
    int n;        /* words; FH_EXACT_MAX_WORDS + 1 when longer */
    char *norm[FH_EXACT_MAX_WORDS];
    size_t len[FH_EXACT_MAX_WORDS];
    int oom;
};

static int collect_norm(void *ctx, const fahras_token *t)
{
    fh_exact_phrase *e = ctx;
    if (e->n == FH_EXACT_MAX_WORDS) {
        e->n++;
        return 1;
    }
    if (!(e->norm[e->n] = malloc(t->norm_len + 1))) {
        e->oom = 1;
        return 1;
    }
    memcpy(e->norm[e->n], t->norm, t->norm_len);
    e->norm[e->n][t->norm_len] = '\0';
    e->len[e->n++] = t->norm_len;
    return 0;
}

fh_exact_phrase *fh_exact_phrase_new(const fahras_analyzer *an, const char *text, size_t len)
{
    fh_exact_phrase *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    int rc = fahras_analyze(an, text, len, collect_norm, p, NULL);
    if (p->oom) {
        fh_exact_phrase_free(p);
        return NULL;
    }
    if (rc != FAHRAS_OK && rc != FAHRAS_ERR_ABORTED) p->n = 0; /* unreadable: nothing to check */
    return p;
}

void fh_exact_phrase_free(fh_exact_phrase *p)
{
    if (!p) return;
    int n = p->n < FH_EXACT_MAX_WORDS ? p->n : FH_EXACT_MAX_WORDS;
    for (int i = 0; i < n; i++) free(p->norm[i]);
    free(p);
}

typedef struct exact_scan {
    const fh_exact_phrase *p;
    uint64_t state;
    int found;
} exact_scan;

static int scan_token(void *ctx, const fahras_token *t)
{
    exact_scan *x = ctx;
    uint64_t eq = 0;
    for (int i = 0; i < x->p->n; i++)
        if (x->p->len[i] == t->norm_len && !memcmp(x->p->norm[i], t->norm, t->norm_len))
            eq |= (uint64_t)1 << i;
    x->state = ((x->state << 1) | 1) & eq;
    if (x->state & ((uint64_t)1 << (x->p->n - 1))) {
        x->found = 1;
        return 1; /* stop: found */
    }
    return 0;
}

int fh_exact_phrase_match(const fahras_analyzer *an, const fh_exact_phrase *p, const char *text,
                          size_t len)
{
    if (!p || p->n == 0 || p->n > FH_EXACT_MAX_WORDS) return 1;
    exact_scan x = {p, 0, 0};
    if (text) fahras_analyze(an, text, len, scan_token, &x, NULL);
    return x.found;
}
