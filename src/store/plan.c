/*
 * plan.c - building the query plan (plan.h) from a parsed query.
 *
 * Every decision that used to be taken once per store is taken here: the
 * index terms of each clause (through the core's fahras_token_terms), the
 * common-word rule, near spellings, the exact-form bonus, the weights and
 * proximity flags of rank.h, and the relaxed retry.
 */
#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "rank.h"
#include "spelling.h"
#include "store_backend.h"

/* One token of a clause, copied out of the analyzer's callback. */
typedef struct clause_token {
    char *key, *exact, *norm; /* exact: NULL when the form is the key */
    size_t key_len, exact_len, norm_len;
    size_t start, end;        /* byte range of the token in the clause */
    int type;                 /* fahras_token_type */
    unsigned flags;           /* FAHRAS_TOKEN_* flags */
} clause_token;

typedef struct token_list {
    clause_token *t;
    size_t n, cap;
    int oom;
} token_list;

static char *dup_bytes(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

static int collect_token(void *ctx, const fahras_token *tok)
{
    token_list *l = ctx;
    char buf[FAHRAS_MAX_TERM_BYTES];
    fahras_terms tm;
    if (fahras_token_terms(tok, buf, sizeof buf, &tm) <= 0) return 0;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        clause_token *t = realloc(l->t, cap * sizeof *t);
        if (!t) {
            l->oom = 1;
            return 1;
        }
        l->t = t;
        l->cap = cap;
    }
    clause_token *c = &l->t[l->n];
    memset(c, 0, sizeof *c);
    c->key = dup_bytes(tm.key, tm.key_len);
    c->key_len = tm.key_len;
    c->norm = dup_bytes(tok->norm, tok->norm_len);
    c->norm_len = tok->norm_len;
    if (tm.exact) {
        c->exact = dup_bytes(tm.exact, tm.exact_len);
        c->exact_len = tm.exact_len;
    }
    c->start = tok->start;
    c->end = tok->end;
    c->type = tok->type;
    c->flags = tok->flags;
    l->n++;
    if (!c->key || !c->norm || (tm.exact && !c->exact)) {
        l->oom = 1;
        return 1;
    }
    return 0;
}

static void token_list_free(token_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->t[i].key);
        free(l->t[i].exact);
        free(l->t[i].norm);
    }
    free(l->t);
    memset(l, 0, sizeof *l);
}

/* How a clause's tokens become slots. */
enum { SLOTS_KEYS, SLOTS_EXACT, SLOTS_PREFIX };

static int set_term(fh_plan_term *t, const char *s, size_t n, int prefix)
{
    t->text = dup_bytes(s, n);
    t->len = n;
    t->prefix = prefix;
    return t->text ? 0 : -1;
}

/* The marker + normalized form: the exact-form term even where the index
 * holds none (a prefix may still reach longer exact forms). */
static int set_marked(fh_plan_term *t, const char *norm, size_t n, int prefix)
{
    char buf[FAHRAS_MAX_TERM_BYTES];
    if (n > FAHRAS_MAX_TOKEN_BYTES) n = FAHRAS_MAX_TOKEN_BYTES;
    buf[0] = FAHRAS_EXACT_MARK;
    memcpy(buf + 1, norm, n);
    return set_term(t, buf, n + 1, prefix);
}

/* Fill c's slots from the tokens: keys (a word), exact forms where the
 * index has them (a phrase, an exact-form bonus), or a prefix word (every
 * token's normalized form and exact form, the last one as a prefix). */
static int make_slots(fh_plan_clause *c, const token_list *l, int how, size_t clause_len)
{
    (void)clause_len;
    c->slots = calloc(l->n, sizeof *c->slots);
    if (!c->slots) return -1;
    c->n_slots = l->n;
    for (size_t i = 0; i < l->n; i++) {
        const clause_token *t = &l->t[i];
        fh_plan_slot *s = &c->slots[i];
        int rc;
        if (how == SLOTS_PREFIX) {
            int last = i + 1 == l->n;
            s->n_alt = 2;
            rc = set_term(&s->alt[0], t->norm, t->norm_len, last) ||
                 set_marked(&s->alt[1], t->norm, t->norm_len, last);
        } else if (how == SLOTS_EXACT && t->exact) {
            s->n_alt = 1;
            rc = set_term(&s->alt[0], t->exact, t->exact_len, 0);
        } else {
            s->n_alt = 1;
            rc = set_term(&s->alt[0], t->key, t->key_len, 0);
        }
        if (rc) return -1;
    }
    return 0;
}

/* Does an exact phrase over these tokens need checking against the text?
 * (A word whose normalized form is its key has no exact form in the index.) */
static int needs_exact_check(const token_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        if (!l->t[i].exact) return 1;
    return 0;
}

static void clause_free(fh_plan_clause *c)
{
    for (size_t i = 0; i < c->n_slots; i++)
        for (size_t a = 0; a < c->slots[i].n_alt; a++) free(c->slots[i].alt[a].text);
    free(c->slots);
    free(c->text);
}

void fh_plan_free(fh_plan *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->n; i++) clause_free(&p->clauses[i]);
    free(p->clauses);
    free(p);
}

/* A new clause at the end of p (zeroed but for df = -1), or NULL. */
static fh_plan_clause *add_clause(fh_plan *p, size_t *cap)
{
    if (p->n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 8;
        fh_plan_clause *c = realloc(p->clauses, ncap * sizeof *c);
        if (!c) return NULL;
        p->clauses = c;
        *cap = ncap;
    }
    fh_plan_clause *c = &p->clauses[p->n++];
    memset(c, 0, sizeof *c);
    c->df = -1;
    c->alt_of = p->n - 1;
    return c;
}

/* The occurrence a query clause has in this plan. */
static int effective_occur(const fh_qclause *q, const fh_plan_opts *o)
{
    return o->relaxed && q->occur == FH_Q_MUST ? FH_Q_SHOULD : q->occur;
}

/* An optional single word: the only clauses the common-word rule, near
 * spellings and the exact-form bonus apply to (not a prefix, nor a run of
 * numbers kept as a phrase). */
static int optional_word(const fh_plan_clause *c, const fh_qclause *q, const fh_plan_opts *o)
{
    return effective_occur(q, o) == FH_Q_SHOULD && c->kind == FH_QC_WORD && c->n_slots == 1 &&
           !c->slots[0].alt[0].prefix;
}

/* Characters of a prefix's normalized form, not counting a leading
 * article ال, which nearly every word of a text may carry. */
static int prefix_too_short(const clause_token *t)
{
    const unsigned char *s = (const unsigned char *)t->norm;
    size_t n = t->norm_len, chars = 0;
    static const char article[] = "\xd8\xa7\xd9\x84"; /* ال */
    if (n >= 4 && !memcmp(s, article, 4)) {
        s += 4;
        n -= 4;
    }
    for (size_t i = 0; i < n; i++) chars += (s[i] & 0xC0) != 0x80;
    return chars < FH_PLAN_PREFIX_MIN_CHARS;
}

/* The token lists of the typed clauses, parallel to them. */
typedef struct token_lists {
    token_list *l;
    size_t n, cap;
} token_lists;

static token_list *next_list(token_lists *ls)
{
    if (ls->n == ls->cap) {
        size_t cap = ls->cap ? ls->cap * 2 : 8;
        token_list *l = realloc(ls->l, cap * sizeof *l);
        if (!l) return NULL;
        ls->l = l;
        ls->cap = cap;
    }
    token_list *l = &ls->l[ls->n];
    memset(l, 0, sizeof *l);
    return l;
}

/*
 * Where the group of tokens starting at t[i] ends (exclusive): the tokens
 * of one word clause that stay together as one clause.  A word analyzed
 * into several tokens is several words (punctuation is never syntax:
 * title:تونس is title and تونس, تونس،سوسة is تونس and سوسة), except
 *   - a hashtag: one token of its own (its words follow it in every text,
 *     so they are left out of the query), and
 *   - numbers written together (2021-05-04, 10:30, ١/٢): their order is
 *     their meaning, so they stay consecutive, like a phrase.
 * *keep receives how many of the group's tokens the clause matches.
 */
static size_t group_end(const token_list *l, size_t i, size_t *keep)
{
    const clause_token *t = l->t;
    size_t j = i + 1;
    if (t[i].type == FAHRAS_TOKEN_HASHTAG) {
        while (j < l->n && (t[j].flags & FAHRAS_TOKEN_PART) && t[j].start < t[i].end) j++;
        *keep = 1;
        return j;
    }
    if (t[i].type == FAHRAS_TOKEN_NUMBER)
        while (j < l->n && t[j].type == FAHRAS_TOKEN_NUMBER) j++;
    *keep = j - i;
    return j;
}

/* Move tokens [i, i + n) of all into an empty list. */
static void take_tokens(token_list *all, size_t i, size_t n, token_list *out)
{
    out->t = NULL;
    if (n && (out->t = malloc(n * sizeof *out->t))) {
        memcpy(out->t, all->t + i, n * sizeof *out->t);
        memset(all->t + i, 0, n * sizeof *out->t); /* moved: not freed with all */
        out->n = out->cap = n;
    } else if (n) {
        out->oom = 1;
    }
}

/* One clause of the plan for tokens l of query clause q: a word (or a
 * group, group_end) or a phrase, with its slots and ranking. */
static int make_typed(const fh_qclause *q, size_t qi, const fh_plan_opts *o, fh_plan *p,
                      size_t *cap, const token_list *l, int prefix, size_t from, size_t to,
                      int kind, fh_err *err)
{
    int occur = effective_occur(q, o);
    fh_plan_clause *c = add_clause(p, cap);
    if (!c) return fh_fail(err, "query: out of memory");
    c->origin = FH_ORIGIN_TYPED;
    c->query_clause = qi;
    c->kind = kind == FH_QC_WORD && l->n > 1 ? FH_QC_PHRASE : kind;
    c->text = dup_bytes(q->text + from, to - from);
    c->len = to - from;
    c->span_start = from;
    c->span_end = to;
    /* a phrase the user requires or excludes asks for its exact forms; a
     * phrase made optional by the relaxed retry matches any form */
    int exact = o->exact_forms && kind == FH_QC_PHRASE && occur != FH_Q_SHOULD;
    int how = prefix ? SLOTS_PREFIX : exact ? SLOTS_EXACT : SLOTS_KEYS;
    if (!c->text || make_slots(c, l, how, to)) return fh_fail(err, "query: out of memory");
    if (occur == FH_Q_MUST_NOT) {
        c->role = FH_ROLE_NOT;
    } else {
        c->role = occur == FH_Q_MUST ? FH_ROLE_MUST : FH_ROLE_SELECT;
        c->weight = 1.0;
        /* optional words take part in proximity; required clauses are
         * there anyway */
        c->proximity = occur == FH_Q_SHOULD && kind == FH_QC_WORD;
    }
    c->exact_check = exact && needs_exact_check(l);
    c->function_word = q->kind == FH_QC_WORD && l->n == 1 && !prefix &&
                       fahras_is_function_word(l->t[0].key, l->t[0].key_len);
    return 0;
}

/* The clauses a query clause types: one for a phrase, one per word (or
 * group) for a word clause; their analyses go to ls (freed by the caller). */
static int typed_clauses(const fahras_analyzer *an, const fh_qclause *q, size_t qi,
                         const fh_plan_opts *o, fh_plan *p, size_t *cap, token_lists *ls,
                         fh_err *err)
{
    token_list all;
    memset(&all, 0, sizeof all);
    fahras_error ferr;
    int rc = fahras_analyze(an, q->text, q->len, collect_token, &all, &ferr);
    if (all.oom) rc = fh_fail(err, "query: out of memory");
    else if (rc != FAHRAS_OK && rc != FAHRAS_ERR_ABORTED)
        rc = fh_fail(err, "query at byte %zu: %s", q->offset, ferr.message);
    else rc = 0;
    if (!rc && all.n && q->prefix && prefix_too_short(&all.t[all.n - 1]))
        rc = fh_fail_kind(err, FH_ERR_QUERY,
                          "query at byte %zu: the prefix %.*s* is too short: give at least %d "
                          "letters (besides a leading ال) before the *, a shorter one matches "
                          "most of the index",
                          q->offset, (int)(q->len < 60 ? q->len : 60), q->text,
                          FH_PLAN_PREFIX_MIN_CHARS);
    /* the relaxed retry searches a required phrase as its words: "rank by
     * the same words, none required" (a phrase kept whole, even optional,
     * still matches nothing) */
    int kind = q->kind == FH_QC_PHRASE && o->relaxed && q->occur == FH_Q_MUST ? FH_QC_WORD : q->kind;
    for (size_t i = 0; !rc && i < all.n;) { /* punctuation only: no token, no clause */
        size_t keep, j = kind == FH_QC_PHRASE ? all.n : group_end(&all, i, &keep);
        if (kind == FH_QC_PHRASE) keep = all.n;
        token_list *l = next_list(ls);
        if (!l) {
            rc = fh_fail(err, "query: out of memory");
            break;
        }
        size_t from = all.t[i].start, to = all.t[i + keep - 1].end;
        take_tokens(&all, i, keep, l);
        ls->n++;
        if (l->oom) rc = fh_fail(err, "query: out of memory");
        else rc = make_typed(q, qi, o, p, cap, l, q->prefix && j == all.n, from, to, kind, err);
        i = j;
    }
    token_list_free(&all);
    return rc;
}

/* The exact-form bonus of an optional word: its exact forms, ranking only. */
static int exact_bonus(fh_plan *p, size_t *cap, const fh_plan_clause *typed,
                       const token_list *tokens, fh_err *err)
{
    size_t qi = typed->query_clause;
    const char *text = typed->text;
    size_t len = typed->len, span_start = typed->span_start, span_end = typed->span_end;
    double weight = FH_RANK_EXACT_WEIGHT * typed->weight;
    fh_plan_clause *c = add_clause(p, cap); /* may move *typed */
    if (!c) return fh_fail(err, "query: out of memory");
    c->origin = FH_ORIGIN_EXACT;
    c->query_clause = qi;
    c->kind = FH_QC_WORD;
    c->role = FH_ROLE_RANK;
    c->weight = weight;
    c->span_start = span_start;
    c->span_end = span_end;
    c->text = dup_bytes(text, len);
    c->len = len;
    if (!c->text || make_slots(c, tokens, SLOTS_EXACT, len)) return fh_fail(err, "query: out of memory");
    return 0;
}

/* The document counts of the keys text[0..n), each asked as a one-slot
 * word clause, in one request. */
static int probe_df(const fh_plan_stats *st, char *const *text, size_t n, long long *df,
                    fh_err *err)
{
    fh_plan_clause *probe = calloc(n, sizeof *probe);
    fh_plan_slot *slots = calloc(n, sizeof *slots);
    const fh_plan_clause **ptrs = calloc(n, sizeof *ptrs);
    int rc = !probe || !slots || !ptrs ? fh_fail(err, "query: out of memory") : 0;
    for (size_t i = 0; !rc && i < n; i++) {
        slots[i].n_alt = 1;
        slots[i].alt[0].text = text[i];
        slots[i].alt[0].len = strlen(text[i]);
        probe[i].n_slots = 1;
        probe[i].slots = &slots[i];
        probe[i].kind = FH_QC_WORD;
        probe[i].df = -1;
        ptrs[i] = &probe[i];
    }
    if (!rc) rc = st->df(st->ctx, ptrs, n, df, err);
    free(probe);
    free(slots);
    free(ptrs);
    return rc;
}

/* The near spelling of an optional word no document holds: the variant
 * (spelling.h) the most documents hold, as a clause of its own. */
static int near_clause(const fahras_analyzer *an, const fh_plan_stats *st, fh_plan *p, size_t *cap,
                       size_t typed_at, fh_err *err)
{
    const fh_plan_clause *typed = &p->clauses[typed_at];
    char key[FAHRAS_MAX_TOKEN_BYTES + 1], norm[FAHRAS_MAX_TOKEN_BYTES + 1];
    fh_spell sp;
    if (!fh_spell_word_key(an, typed->text, typed->len, key, norm)) return 0;
    if (fh_spell_variants(an, key, norm, &sp)) return fh_fail(err, "query: out of memory");
    int rc = sp.n ? probe_df(st, sp.text, sp.n, sp.df, err) : 0;
    const char *best = rc ? NULL : fh_spell_best(&sp);
    if (best) {
        fh_plan_clause *c = add_clause(p, cap);
        typed = &p->clauses[typed_at]; /* add_clause may move the array */
        if (!c || !(c->slots = calloc(1, sizeof *c->slots))) {
            rc = fh_fail(err, "query: out of memory");
        } else {
            c->origin = FH_ORIGIN_NEAR;
            c->alt_of = typed_at;
            c->query_clause = typed->query_clause;
            c->span_start = typed->span_start;
            c->span_end = typed->span_end;
            c->kind = FH_QC_WORD;
            c->role = FH_ROLE_SELECT;
            c->weight = FH_RANK_SPELL_WEIGHT * typed->weight;
            c->proximity = 1;
            c->n_slots = 1;
            c->slots[0].n_alt = 1;
            c->text = dup_bytes(best, strlen(best));
            c->len = strlen(best);
            for (size_t i = 0; i < sp.n; i++)
                if (!strcmp(sp.text[i], best)) c->df = sp.df[i];
            if (!c->text || set_term(&c->slots[0].alt[0], best, strlen(best), 0))
                rc = fh_fail(err, "query: out of memory");
            else p->n_near++;
        }
    }
    fh_spell_free(&sp);
    return rc;
}

/* A variant spelling counts as its word does: the word's role, and its
 * part in proximity (a common word beside rarer ones has none). */
static void follow_word(fh_plan_clause *variant, const fh_plan_clause *word)
{
    variant->role = word->role;
    variant->proximity = word->proximity;
}

/* The learned variant spellings of an optional word (variants.h), each a
 * clause beside it: the same role, a lower weight (rank.h). */
static int variant_clauses(const fh_plan_stats *st, fh_plan *p, size_t *cap, size_t typed_at,
                           fh_err *err)
{
    char vs[FH_PLAN_MAX_VARIANTS][FAHRAS_MAX_TERM_BYTES];
    char *texts[FH_PLAN_MAX_VARIANTS];
    long long df[FH_PLAN_MAX_VARIANTS];
    const fh_plan_clause *typed = &p->clauses[typed_at];
    if (typed->n_slots != 1 || typed->slots[0].n_alt != 1) return 0;
    int n = st->variants(st->variants_ctx, typed->slots[0].alt[0].text, vs, FH_PLAN_MAX_VARIANTS,
                         err);
    if (n <= 0) return n;
    for (int i = 0; i < n; i++) texts[i] = vs[i];
    if (probe_df(st, texts, (size_t)n, df, err)) return -1;
    for (int i = 0; i < n; i++) {
        if (!df[i]) continue; /* learned from documents since replaced */
        fh_plan_clause *c = add_clause(p, cap);
        typed = &p->clauses[typed_at]; /* add_clause may move the array */
        if (!c || !(c->slots = calloc(1, sizeof *c->slots))) return fh_fail(err, "query: out of memory");
        size_t len = strlen(vs[i]);
        c->origin = FH_ORIGIN_VARIANT;
        c->alt_of = typed_at;
        c->query_clause = typed->query_clause;
        c->span_start = typed->span_start;
        c->span_end = typed->span_end;
        c->kind = FH_QC_WORD;
        follow_word(c, typed);
        /* its idf is the variant's own: scaled so that an occurrence of
         * it counts at most FH_RANK_VARIANT_WEIGHT of one of the word's */
        double scale = 1.0;
        if (st->n_docs > 0 && typed->df > 0) {
            double mine = fh_rank_idf((double)st->n_docs, (double)typed->df);
            double theirs = fh_rank_idf((double)st->n_docs, (double)df[i]);
            if (theirs > mine && theirs > 0) scale = mine / theirs;
        }
        c->weight = FH_RANK_VARIANT_WEIGHT * scale * typed->weight;
        c->n_slots = 1;
        c->slots[0].n_alt = 1;
        c->df = df[i];
        c->text = dup_bytes(vs[i], len);
        c->len = len;
        if (!c->text || set_term(&c->slots[0].alt[0], vs[i], len, 0))
            return fh_fail(err, "query: out of memory");
        p->n_variant++;
    }
    return 0;
}

/* Document counts of the optional single words, in one request. */
static int look_up_words(const fh_plan_stats *st, fh_plan *p, const fh_parsed_query *pq,
                         const fh_plan_opts *o, fh_err *err)
{
    if (!st || !st->df) return 0;
    const fh_plan_clause **ask = calloc(p->n ? p->n : 1, sizeof *ask);
    long long *df = calloc(p->n ? p->n : 1, sizeof *df);
    size_t n = 0;
    int rc = 0;
    if (!ask || !df) rc = fh_fail(err, "query: out of memory");
    for (size_t i = 0; !rc && i < p->n; i++)
        if (p->clauses[i].origin == FH_ORIGIN_TYPED &&
            optional_word(&p->clauses[i], &pq->clauses[p->clauses[i].query_clause], o))
            ask[n++] = &p->clauses[i];
    if (!rc && n) rc = st->df(st->ctx, ask, n, df, err);
    for (size_t i = 0; !rc && i < n; i++) ((fh_plan_clause *)ask[i])->df = df[i];
    free(ask);
    free(df);
    return rc;
}

/* Roles of the optional typed words: a common word selects nothing while a
 * rarer optional word exists and nothing is required, nor does it take
 * part in proximity then (plan.h). */
static void assign_common(fh_plan *p, const fh_parsed_query *pq, const fh_plan_opts *o,
                          long long n_docs)
{
    size_t n_opt = 0, n_common = 0;
    for (size_t i = 0; i < p->n; i++) {
        fh_plan_clause *c = &p->clauses[i];
        if (c->origin != FH_ORIGIN_TYPED || c->role != FH_ROLE_SELECT) continue;
        n_opt++;
        if (optional_word(c, &pq->clauses[c->query_clause], o) && n_docs >= FH_PLAN_COMMON_MIN_DOCS &&
            c->df >= 0 && c->df * FH_PLAN_COMMON_RATIO > n_docs)
            n_common++;
    }
    if (!n_common || n_common == n_opt || p->n_must) return;
    for (size_t i = 0; i < p->n; i++) {
        fh_plan_clause *c = &p->clauses[i];
        if (c->origin == FH_ORIGIN_TYPED && c->role == FH_ROLE_SELECT &&
            optional_word(c, &pq->clauses[c->query_clause], o) && c->df >= 0 &&
            c->df * FH_PLAN_COMMON_RATIO > n_docs) {
            c->role = FH_ROLE_RANK;
            c->proximity = 0;
        }
    }
}

/* Add the exact-form bonus and near spelling of each optional word after
 * it, keeping the order typed, bonus, near (the order stores score in). */
static int add_companions(const fahras_analyzer *an, const fh_parsed_query *pq,
                          const fh_plan_opts *o, const fh_plan_stats *st, fh_plan *p,
                          size_t *cap, token_list *tokens, size_t n_typed, fh_err *err)
{
    fh_plan_clause *typed = p->clauses;
    p->clauses = NULL;
    p->n = 0;
    *cap = 0;
    int rc = 0;
    size_t near_asked = 0, variants_asked = 0;
    for (size_t i = 0; i < n_typed; i++) {
        fh_plan_clause *c = add_clause(p, cap);
        if (!c) {
            rc = fh_fail(err, "query: out of memory");
            for (size_t j = i; j < n_typed; j++) clause_free(&typed[j]);
            break;
        }
        *c = typed[i];
        size_t at = p->n - 1;
        c->alt_of = at;
        const fh_qclause *q = &pq->clauses[c->query_clause];
        if (!optional_word(c, q, o)) continue;
        if (o->exact_forms && (rc = exact_bonus(p, cap, &p->clauses[at], &tokens[i], err))) {
            for (size_t j = i + 1; j < n_typed; j++) clause_free(&typed[j]);
            break;
        }
        /* near spellings of words no document holds, for a bounded number
         * of words (each costs up to a few hundred lookups) */
        /* a quoted phrase's words (searched one by one in the relaxed
         * retry) are never respelled */
        int typed_word = q->kind == FH_QC_WORD;
        if (typed_word && o->near_spelling && st && st->df && p->clauses[at].df == 0 &&
            p->clauses[at].role == FH_ROLE_SELECT && near_asked < FH_SPELL_MAX_WORDS) {
            near_asked++;
            if ((rc = near_clause(an, st, p, cap, at, err))) {
                for (size_t j = i + 1; j < n_typed; j++) clause_free(&typed[j]);
                break;
            }
        }
        /* variant spellings of words the index holds (a name spelled
         * several ways) */
        if (typed_word && o->variants && st && st->variants && st->df && p->clauses[at].df > 0 &&
            variants_asked++ < FH_PLAN_VARIANT_WORDS && (rc = variant_clauses(st, p, cap, at, err))) {
            for (size_t j = i + 1; j < n_typed; j++) clause_free(&typed[j]);
            break;
        }
    }
    free(typed);
    return rc;
}

/* Do two clauses ask for the same thing in the same role? */
static int same_clause(const fh_plan_clause *a, const fh_plan_clause *b)
{
    if (a->role != b->role || a->kind != b->kind || a->n_slots != b->n_slots ||
        a->exact_check != b->exact_check || a->proximity != b->proximity)
        return 0;
    for (size_t s = 0; s < a->n_slots; s++) {
        const fh_plan_slot *x = &a->slots[s], *y = &b->slots[s];
        if (x->n_alt != y->n_alt) return 0;
        for (size_t k = 0; k < x->n_alt; k++)
            if (x->alt[k].len != y->alt[k].len || x->alt[k].prefix != y->alt[k].prefix ||
                memcmp(x->alt[k].text, y->alt[k].text, x->alt[k].len))
                return 0;
    }
    return 1;
}

/* A clause typed twice or more ("تونس تونس", "ا* ا* ...") is kept once
 * with the sum of the weights: every store then matches and counts it once
 * (the work of one clause), and its BM25 share, linear in the weight, is
 * the same as the copies' together.  Its companions (exact form, near
 * spelling) are weighed by the same multiple later. */
static void merge_typed(fh_plan *p, token_list *tokens, size_t *n_typed)
{
    size_t kept = 0;
    for (size_t i = 0; i < *n_typed; i++) {
        fh_plan_clause *c = &p->clauses[i];
        size_t k = 0;
        while (k < kept && !same_clause(&p->clauses[k], c)) k++;
        if (k < kept) {
            p->clauses[k].weight += c->weight;
            clause_free(c);
            token_list_free(&tokens[i]);
            continue;
        }
        if (kept != i) {
            p->clauses[kept] = *c;
            tokens[kept] = tokens[i];
            memset(&tokens[i], 0, sizeof tokens[i]);
        }
        kept++;
    }
    p->n = *n_typed = kept;
}

static void count_roles(fh_plan *p)
{
    p->n_must = p->n_select = p->n_rank = p->n_not = 0;
    for (size_t i = 0; i < p->n; i++) {
        switch (p->clauses[i].role) {
        case FH_ROLE_MUST: p->n_must++; break;
        case FH_ROLE_SELECT: p->n_select++; break;
        case FH_ROLE_RANK: p->n_rank++; break;
        default: p->n_not++; break;
        }
    }
    p->min_should = p->n_must ? 0 : 1;
    p->empty = p->n_must + p->n_select + p->n_rank == 0;
}

/* The match mode this plan applies (plan.h): any for a relaxed plan and a
 * query holding OR. */
static int match_of(const fh_parsed_query *pq, const fh_plan_opts *o)
{
    if (o->relaxed || pq->any_or || o->match_pct <= 0) return 0;
    return o->match_pct > 100 ? 100 : o->match_pct;
}

/* Whether clause c stands beside typed clause i as an alternative of it
 * (a near spelling or a learned variant: a document holding either holds
 * the word). */
static int alternative_of(const fh_plan_clause *c, size_t i)
{
    return (c->origin == FH_ORIGIN_NEAR || c->origin == FH_ORIGIN_VARIANT) && c->alt_of == i;
}

/* Set typed clause i and its alternatives to role. */
static void set_word_role(fh_plan *p, size_t i, int role)
{
    for (size_t k = 0; k < p->n; k++)
        if (k == i || (alternative_of(&p->clauses[k], i) && p->clauses[k].role == FH_ROLE_SELECT))
            p->clauses[k].role = role;
}

/* Make typed word i required, if one clause can stand for it: itself, or
 * its near spelling when the word itself is in no document.  A word with
 * variant spellings stays a group of selecting clauses.  Returns whether
 * it did. */
static int require_word(fh_plan *p, size_t i)
{
    fh_plan_clause *near = NULL;
    for (size_t k = 0; k < p->n; k++) {
        fh_plan_clause *c = &p->clauses[k];
        if (!alternative_of(c, i) || c->role != FH_ROLE_SELECT) continue;
        if (c->origin == FH_ORIGIN_VARIANT || near) return 0;
        near = c;
    }
    if (near && p->clauses[i].df != 0) return 0; /* both may match */
    (near ? near : &p->clauses[i])->role = FH_ROLE_MUST;
    return 1;
}

/* The match mode over the optional typed words (SELECT: no common word
 * was set aside outside mode any), each word with its alternatives one
 * group.  Every word: a word one clause stands for becomes required (every
 * store then answers with its conjunction), the others count in
 * min_should; the weights and proximity stay, so the documents holding
 * every word rank as they do in mode any.  Some words: min_should groups. */
static void apply_match(fh_plan *p, int pct)
{
    size_t n_words = 0, n_function = 0;
    for (size_t i = 0; i < p->n; i++) {
        const fh_plan_clause *c = &p->clauses[i];
        if (c->origin != FH_ORIGIN_TYPED || c->role != FH_ROLE_SELECT) continue;
        n_words++;
        n_function += c->function_word;
    }
    /* function words (في, على, متى) count only in a query of nothing else:
     * beside other words they rank, as in mode any, but are not required
     * ("متى تأسست الجامعة" asks for the other words) */
    if (pct && n_function < n_words) {
        n_words -= n_function;
        for (size_t i = 0; i < p->n; i++)
            if (p->clauses[i].origin == FH_ORIGIN_TYPED && p->clauses[i].function_word &&
                p->clauses[i].role == FH_ROLE_SELECT)
                set_word_role(p, i, FH_ROLE_RANK);
    }
    p->n_words = n_words;
    p->match_pct = pct;
    count_roles(p);
    if (!pct || !n_words) return;
    size_t need = (size_t)pct * n_words / 100;
    if (need < 1) need = 1;
    if (need < n_words) {
        if (need > p->min_should) p->min_should = need;
        return;
    }
    size_t groups = 0, must = p->n_must;
    for (size_t i = 0; i < p->n; i++)
        if (p->clauses[i].origin == FH_ORIGIN_TYPED && p->clauses[i].role == FH_ROLE_SELECT &&
            !require_word(p, i))
            groups++;
    count_roles(p);
    p->n_match_must = p->n_must - must;
    p->min_should = groups;
}

int fh_plan_build(const fahras_analyzer *an, const fh_parsed_query *pq, const fh_plan_opts *o,
                  const fh_plan_stats *st, fh_plan **out, fh_err *err)
{
    *out = NULL;
    fh_plan *p = calloc(1, sizeof *p);
    if (!p) return fh_fail(err, "query: out of memory");
    p->relaxed = o->relaxed;
    p->n_docs = st ? st->n_docs : -1;
    size_t cap = 0;
    token_lists ls = {0};
    int rc = 0;
    for (size_t i = 0; !rc && i < pq->n; i++)
        rc = typed_clauses(an, &pq->clauses[i], i, o, p, &cap, &ls, err);
    token_list *tokens = ls.l;
    size_t n_typed = ls.n;
    if (!rc && n_typed != p->n) rc = fh_fail(err, "query: out of memory");
    if (!rc) {
        merge_typed(p, tokens, &n_typed);
        count_roles(p);
        rc = look_up_words(st, p, pq, o, err);
    }
    int pct = match_of(pq, o);
    if (!rc && !pct) assign_common(p, pq, o, st ? st->n_docs : -1);
    if (!rc) rc = add_companions(an, pq, o, st, p, &cap, tokens, n_typed, err);
    for (size_t i = 0; i < n_typed; i++) token_list_free(&tokens[i]);
    free(tokens);
    if (rc) {
        fh_plan_free(p);
        return -1;
    }
    apply_match(p, pct);
    *out = p;
    return 0;
}

size_t fh_plan_group(const fh_plan *p, size_t i)
{
    const fh_plan_clause *c = &p->clauses[i];
    return (c->origin == FH_ORIGIN_NEAR || c->origin == FH_ORIGIN_VARIANT) && c->alt_of < p->n ? c->alt_of : i;
}

long fh_plan_exact_owner(const fh_plan *p, size_t i)
{
    const fh_plan_clause *pc = &p->clauses[i];
    if (pc->role != FH_ROLE_RANK || pc->origin != FH_ORIGIN_EXACT) return -1;
    long owner = -1;
    for (size_t j = 0; j < p->n; j++) {
        const fh_plan_clause *t = &p->clauses[j];
        /* a clause of several words ("قتل..أدوية") is several typed
         * clauses, told apart by their spans */
        if (t->origin == FH_ORIGIN_TYPED && t->query_clause == pc->query_clause &&
            t->n_slots == pc->n_slots && t->span_start == pc->span_start && t->span_end == pc->span_end)
            owner = (long)j;
    }
    return owner;
}

int fh_plan_relax(fh_plan *p, const fh_parsed_query *pq)
{
    if (pq->n_must) return 1; /* its phrases split, its +words optional: another analysis */
    fh_plan_opts o = {.relaxed = 1};
    /* the roles fh_plan_build gives before the common-word rule (which no
     * plan that can relax applied: its words were never all optional) */
    for (size_t i = 0; i < p->n; i++) {
        fh_plan_clause *c = &p->clauses[i];
        if (c->role == FH_ROLE_NOT) continue;
        c->role = c->origin == FH_ORIGIN_EXACT ? FH_ROLE_RANK : FH_ROLE_SELECT;
    }
    p->relaxed = 1;
    p->n_match_must = 0;
    count_roles(p);
    assign_common(p, pq, &o, p->n_docs);
    for (size_t i = 0; i < p->n; i++) {
        fh_plan_clause *c = &p->clauses[i];
        if (c->origin == FH_ORIGIN_VARIANT) follow_word(c, &p->clauses[c->alt_of]);
    }
    apply_match(p, 0);
    return 0;
}

int fh_plan_can_relax(const fh_plan *p)
{
    return p && !p->relaxed &&
           (p->n_must > p->n_match_must || p->n_match_must + p->min_should > 1);
}
