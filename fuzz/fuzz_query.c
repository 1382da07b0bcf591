/*
 * fuzz_query.c - libFuzzer target for the query language parser
 * (src/store/query.c) and the near spellings of query words
 * (src/store/spelling.c).
 *
 * The input is a query as a user would type it.  Invariants checked on a
 * parsed query: clause counts add up and at least one clause is positive;
 * every clause is a word or a phrase, its text is non-empty, NUL-terminated
 * at len, free of '"' and NUL, valid UTF-8, and found in the query at or
 * after its offset; only words carry the prefix flag.  A rejected query
 * leaves *out NULL and says why in err.msg.
 *
 * Every word clause then goes through the near-spelling code as the
 * stores use it: fh_spell_word_key, fh_spell_variants on the key (each
 * variant non-empty, different from the key and from the others, df
 * zeroed), fh_spell_best with made-up document counts, fh_spell_free.
 * The input itself (when valid UTF-8, cut to 300 bytes at a character
 * boundary) is also handed to fh_spell_variants as a key.  Every parsed
 * query is also planned (src/store/plan.c, with made-up document counts,
 * as typed and relaxed) and its words marked in the query's own text
 * (src/store/highlight.c): marks within the text, ordered, disjoint.
 * The input (cut at a NUL and at 600 bytes) is also read as the search
 * filters a user types (src/store/filter.c): an entity filter TYPE:NAME,
 * whose accepted form has a type and a non-empty key; and a date range
 * "FROM TO", whose accepted bounds are whole days, the first not after
 * the last.
 *
 * Build with `make fuzz FUZZ_TARGET=query`; fuzz/replay.c replays the
 * corpus fuzz/corpus/query without libFuzzer (run by tests/sqlite/run.sh).
 * query.c reports errors with fh_fail from store_util.c, which needs
 * neither SQLite nor libpq.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fahras.h"
#include "filter.h"
#include "query.h"
#include "highlight.h"
#include "plan.h"
#include "spelling.h"
#include "store_backend.h"

#define KEY_CUT 300

static const fahras_analyzer *analyzer(void)
{
    static fahras_analyzer *an;
    if (!an) {
        fahras_options o;
        fahras_error e;
        fahras_options_default(&o);
        an = fahras_analyzer_new(&o, &e);
        if (!an) abort();
    }
    return an;
}

static const fahras_tagger *tagger(void)
{
    static fahras_tagger *tg;
    if (!tg) {
        fahras_error e;
        tg = fahras_tagger_new(analyzer(), &e);
        if (!tg) abort();
    }
    return tg;
}

/* The input as an entity filter, then as an event date range. */
static void filters(const char *q, size_t size)
{
    char s[601];
    size_t n = size < sizeof s - 1 ? size : sizeof s - 1;
    memcpy(s, q, n);
    s[n] = '\0';
    const char *one[1] = {s};
    fh_query fq;
    memset(&fq, 0, sizeof fq);
    fq.entities = one;
    fq.n_entities = 1;
    fh_entity_filters f;
    fh_err err;
    err.msg[0] = '\0';
    if (fh_entity_filters_make(tagger(), &fq, &f, &err) == 0) {
        if (f.n != 1 || !f.type[0] || !f.key[0][0] || strlen(f.key[0]) >= FH_ENTITY_KEY_MAX || f.events) abort();
    } else if (!err.msg[0]) {
        abort();
    }
    char *space = strchr(s, ' ');
    if (space) *space = '\0';
    memset(&fq, 0, sizeof fq);
    fq.event_from = s;
    fq.event_to = space ? space + 1 : NULL;
    err.msg[0] = '\0';
    if (fh_entity_filters_make(tagger(), &fq, &f, &err) == 0) {
        if (f.events != (*s || (space && space[1]))) abort();
        if (f.events && (strlen(f.event_lo) != 10 || strlen(f.event_hi) != 10 || strcmp(f.event_lo, f.event_hi) > 0))
            abort();
        if (f.events && !fh_event_pass(&f, f.event_lo, f.event_lo)) abort();
    } else if (!err.msg[0]) {
        abort();
    }
}

/* Is s[0..n) somewhere in hay[0..hn)? */
static int contains(const char *hay, size_t hn, const char *s, size_t n)
{
    for (size_t i = 0; i + n <= hn; i++)
        if (!memcmp(hay + i, s, n)) return 1;
    return 0;
}

/* Whether s[0..n) is in hay[0..hn) read without its ASCII quotation
 * marks: a phrase in other marks drops the '"' inside it («a "b" c»). */
static int contains_unquoted(const char *hay, size_t hn, const char *s, size_t n)
{
    char *bare = malloc(hn + 1);
    if (!bare) return 1; /* nothing to check against */
    size_t m = 0;
    for (size_t i = 0; i < hn; i++)
        if (hay[i] != '"') bare[m++] = hay[i];
    int found = contains(bare, m, s, n);
    free(bare);
    return found;
}

static void check_variants(const char *key, const char *norm, const fh_spell *s)
{
    volatile unsigned sum = 0;
    for (size_t i = 0; i < s->n; i++) {
        const char *t = s->text[i];
        size_t n = strlen(t);
        if (!n || n > FAHRAS_MAX_TOKEN_BYTES || !strcmp(t, key) || (norm && !strcmp(t, norm)) ||
            s->df[i] != 0)
            abort();
        if (fahras_utf8_check(t, n, NULL) != FAHRAS_OK) abort();
        for (size_t j = 0; j < i; j++)
            if (!strcmp(t, s->text[j])) abort();
        for (size_t j = 0; j < n; j++) sum += (unsigned char)t[j];
    }
    (void)sum;
}

/* The stores' use: variants of a word key, counts filled in, the best. */
static void spell(const fahras_analyzer *an, const char *key, const char *norm)
{
    fh_spell s;
    if (fh_spell_variants(an, key, norm, &s)) {
        if (s.n || s.text || s.df) abort(); /* out of memory leaves it empty */
        return;
    }
    check_variants(key, norm, &s);
    if (fh_spell_best(&s)) abort(); /* every df is 0 */
    for (size_t i = 0; i < s.n; i++) s.df[i] = (long long)((i * 7 + strlen(key)) % 5);
    const char *best = fh_spell_best(&s);
    long long top = 0;
    for (size_t i = 0; i < s.n; i++)
        if (s.df[i] > top) top = s.df[i];
    if (top == 0 ? best != NULL : best == NULL) abort();
    if (best) {
        size_t i = 0;
        while (i < s.n && s.text[i] != best) i++;
        if (i == s.n || s.df[i] != top) abort();
        for (size_t j = 0; j < i; j++)
            if (s.df[j] == top) abort(); /* the first on a tie */
    }
    fh_spell_free(&s);
    if (s.n || s.text || s.df) abort();
    fh_spell_free(&s);
}

/* Made-up document counts: a term's length decides, so every rule of the
 * plan (common words, near spellings) is reached. */
static int made_up_df(void *ctx, const fh_plan_clause *const *c, size_t n, long long *out,
                      fh_err *err)
{
    (void)ctx;
    (void)err;
    for (size_t i = 0; i < n; i++) {
        size_t len = c[i]->n_slots ? c[i]->slots[0].alt[0].len : 0;
        out[i] = (long long)((len * 37) % 11) * 100;
    }
    return 0;
}

/* Variant spellings: one for every word, so the plan always adds some. */
static int made_up_variants(void *ctx, const char *key, char (*out)[FAHRAS_MAX_TERM_BYTES],
                            size_t max, fh_err *err)
{
    (void)ctx;
    (void)err;
    if (!max) return 0;
    snprintf(out[0], FAHRAS_MAX_TERM_BYTES, "%.40s\xd9\x8a", key); /* the key and a ي */
    return 1;
}

/* The plan of a parsed query, and its words marked in the query itself:
 * marks inside the text, in order and disjoint; a snippet made. */
static void plan_and_mark(const fahras_analyzer *an, const fh_parsed_query *pq, const char *q,
                          size_t size)
{
    for (int relaxed = 0; relaxed < 2; relaxed++) {
        fh_plan_opts o = {relaxed, 1, 1, 1, size ? (unsigned char)q[0] % 101 : 0};
        fh_plan_stats st = {1000, made_up_df, NULL, made_up_variants, NULL};
        fh_plan *p = NULL;
        fh_err err;
        if (fh_plan_build(an, pq, &o, &st, &p, &err)) continue; /* a short prefix, or out of memory */
        if (p->n_must + p->n_select + p->n_rank + p->n_not != p->n) abort();
        if (!p->empty && p->n_must == 0 && p->n_select == 0) abort();
        for (size_t i = 0; i < p->n; i++)
            for (size_t k = 0; k < p->clauses[i].n_slots; k++)
                if (p->clauses[i].slots[k].n_alt < 1 || p->clauses[i].slots[k].n_alt > 2) abort();
        fh_highlighter *h = fh_highlighter_new(an, p, &err);
        if (h) {
            fh_range *r = NULL;
            size_t nr = 0;
            int truncated;
            if (fh_highlight_marks(h, q, size, 50, &r, &nr, &truncated, &err) == 0) {
                for (size_t i = 0; i < nr; i++)
                    if (r[i].start >= r[i].end || r[i].end > size || (i && r[i].start < r[i - 1].end))
                        abort();
                free(r);
            }
            char *snippet = NULL;
            if (fh_highlight_snippet(h, q, size, &snippet, &err) == 0 && !snippet) abort();
            free(snippet);
        }
        fh_highlighter_free(h);
        fh_plan_free(p);
    }
}

static void check_clause(const char *q, size_t len, const fh_qclause *c)
{
    if (c->kind != FH_QC_WORD && c->kind != FH_QC_PHRASE) abort();
    if (c->occur != FH_Q_SHOULD && c->occur != FH_Q_MUST && c->occur != FH_Q_MUST_NOT) abort();
    if (c->prefix && c->kind != FH_QC_WORD) abort();
    if (c->kind == FH_QC_PHRASE && c->occur == FH_Q_SHOULD) abort(); /* phrases are required */
    if (!c->text || c->len == 0 || c->text[c->len] != '\0' || strlen(c->text) != c->len) abort();
    if (memchr(c->text, '"', c->len)) abort();
    if (fahras_utf8_check(c->text, c->len, NULL) != FAHRAS_OK) abort();
    if (c->offset >= len || !contains_unquoted(q + c->offset, len - c->offset, c->text, c->len)) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const fahras_analyzer *an = analyzer();
    const char *q = (const char *)data;
    fh_parsed_query *pq = (fh_parsed_query *)&pq; /* must be reset to NULL */
    fh_err err;
    err.msg[0] = '\0';
    if (fh_query_parse(q, size, &pq, &err) == 0) {
        if (!pq || pq->n == 0 || pq->n_should + pq->n_must == 0 ||
            pq->n_should + pq->n_must + pq->n_must_not != pq->n)
            abort();
        size_t counted[3] = {0, 0, 0};
        for (size_t i = 0; i < pq->n; i++) {
            const fh_qclause *c = &pq->clauses[i];
            check_clause(q, size, c);
            counted[c->occur]++;
            if (i && c->offset <= pq->clauses[i - 1].offset) abort(); /* query order */
            if (c->kind != FH_QC_WORD) continue;
            char key[FAHRAS_MAX_TOKEN_BYTES + 1], norm[FAHRAS_MAX_TOKEN_BYTES + 1];
            if (fh_spell_word_key(an, c->text, c->len, key, norm)) {
                if (!key[0] || strlen(key) > FAHRAS_MAX_TOKEN_BYTES) abort();
                spell(an, key, norm);
            }
        }
        if (counted[FH_Q_SHOULD] != pq->n_should || counted[FH_Q_MUST] != pq->n_must ||
            counted[FH_Q_MUST_NOT] != pq->n_must_not)
            abort();
        plan_and_mark(an, pq, q, size);
        fh_query_free(pq);
    } else {
        if (pq != NULL || !err.msg[0]) abort();
    }
    fh_query_free(NULL);

    /* The raw input as a key: valid UTF-8, at most KEY_CUT bytes, ending
     * on a character boundary (a NUL inside ends it earlier). */
    if (fahras_utf8_check(q, size, NULL) == FAHRAS_OK) {
        char key[KEY_CUT + 1];
        size_t n = size < KEY_CUT ? size : KEY_CUT;
        if (n < size)
            while (n > 0 && ((unsigned char)q[n] & 0xC0) == 0x80) n--;
        if (n) memcpy(key, q, n);
        key[n] = '\0';
        spell(an, key, NULL);
    }
    filters(q, size);
    return 0;
}
