/*
 * plan.h - the backend-neutral query plan.
 *
 * A parsed query (query.h) says what the user typed.  The plan says what a
 * store must do with it, decided once for every store: which clauses select
 * documents and which only rank them, the index terms each clause matches
 * (under the core's index-term rule, fahras_token_terms), the near spelling
 * that stands in for a word no document holds, the learned variant
 * spellings searched beside a word (variants.h), each clause's weight in the
 * ranking (rank.h), and whether the relaxed retry applies.  A backend only
 * translates a plan into its own syntax (an FTS5 MATCH expression, a
 * tsquery, a walk over its own postings) and evaluates it; the highlighter
 * reads the same plan to mark words and choose snippets.
 *
 * What a document must satisfy to be a result:
 *   every FH_ROLE_MUST clause, and
 *   at least min_should groups of FH_ROLE_SELECT clauses (a typed word
 *   and its near spelling or variants, alt_of, are one group), and
 *   no FH_ROLE_NOT clause.
 * Its score (rank.h) sums over the MUST, SELECT and RANK clauses it matches.
 */
#ifndef FAHRAS_PLAN_H
#define FAHRAS_PLAN_H

#include <stddef.h>

#include "fahras.h"
#include "query.h"
#include "store.h"

typedef enum fh_role {
    FH_ROLE_MUST = 1,   /* required; ranks */
    FH_ROLE_SELECT = 2, /* optional; selects documents (see min_should) and ranks */
    FH_ROLE_RANK = 3,   /* optional; ranks only, never makes a document a result:
                           a word in more than 1/FH_PLAN_COMMON_RATIO of the
                           documents, or an exact-form bonus */
    FH_ROLE_NOT = 4     /* excluded: no document matching it is a result */
} fh_role;

/* One index term at one position of a clause.  A slot matches a document
 * position holding any of its alternatives. */
typedef struct fh_plan_term {
    char *text;  /* as indexed: a key, or FAHRAS_EXACT_MARK + normalized form */
    size_t len;
    int prefix;  /* matches every index term that starts with text */
} fh_plan_term;

typedef struct fh_plan_slot {
    size_t n_alt;        /* 1 or 2 (a prefix matches keys and exact forms) */
    fh_plan_term alt[2];
} fh_plan_slot;

/* Why a clause is in the plan. */
typedef enum fh_clause_origin {
    FH_ORIGIN_TYPED = 1, /* a clause of the query */
    FH_ORIGIN_EXACT = 2, /* the exact-form bonus of a typed word */
    FH_ORIGIN_NEAR = 3,  /* the near spelling of a typed word no document holds */
    FH_ORIGIN_VARIANT = 4 /* a learned variant spelling of a typed word (variants.h) */
} fh_clause_origin;

typedef struct fh_plan_clause {
    int role;             /* fh_role */
    int origin;           /* fh_clause_origin */
    size_t query_clause;  /* index into the parsed query's clauses */
    /* The clause matches where its slots occur at consecutive positions of
     * one field (a single slot: wherever its term occurs). */
    size_t n_slots;
    fh_plan_slot *slots;
    int kind;             /* FH_QC_WORD or FH_QC_PHRASE of the query clause */
    double weight;        /* w in rank.h (0: matches but never ranks) */
    int proximity;        /* takes part in rank.h's proximity */
    /* The index holds no exact form for a word whose normalized form is its
     * key, so an exact phrase holding one also matches other forms with that
     * key (تحالف in "تحالف" matches التحالف).  A backend that can check the
     * text verifies such a MUST or NOT phrase (exact.h). */
    int exact_check;
    long long df;         /* documents matching it, when the plan looked it up; else -1 */
    char *text;           /* the clause as typed (a near spelling: the variant),
                             NUL-terminated; what "showing results for" shows */
    size_t len;
    /* The bytes of the query clause's text this clause stands for: all of
     * it, or one word of a word clause analyzed into several words
     * (title:تونس is two clauses, title and تونس). */
    size_t span_start, span_end;
    /* A near spelling or a variant: the plan clause of the typed word it
     * stands beside (an alternative of that word: a document holding
     * either holds the word); else the clause's own index. */
    size_t alt_of;
    /* A single word the core counts as a function word (على, في, من:
     * fahras_is_function_word): the highlighter marks it only when the
     * query holds nothing else. */
    int function_word;
} fh_plan_clause;

/* A word in more than 1 / FH_PLAN_COMMON_RATIO of the documents carries
 * less than one nat of information (Lucene idf < 1): it still ranks, but on
 * its own it does not make a document a result.  Without this, "في" in a
 * question would make nearly every document a candidate.  Nor does it take
 * part in proximity (rank.h): "في" beside a name says little about the
 * document, and its positions are the longest lists to read (ARCD MRR@10
 * 0.8424 -> 0.8454 with --match any, arcd-news 0.8005 -> 0.8008). */
#define FH_PLAN_COMMON_RATIO 3
/* Below this many documents every word selects. */
#define FH_PLAN_COMMON_MIN_DOCS 100

/* A prefix (word*) must give at least this many characters besides a
 * leading article ال: every store merges the postings of all the terms a
 * prefix starts, in one step no work budget can stop, and one letter (or
 * ال alone) starts most of them (ا* reads nearly the whole index).  A
 * shorter prefix is refused as a query error. */
#define FH_PLAN_PREFIX_MIN_CHARS 2

typedef struct fh_plan {
    size_t n;
    fh_plan_clause *clauses;
    size_t min_should;   /* groups of SELECT clauses a result must match (see above) */
    int relaxed;         /* built with required clauses treated as optional */
    int match_pct;       /* the match mode applied (0: any; see fh_plan_opts) */
    size_t n_words;      /* the optional words of the query the match mode counts */
    size_t n_match_must; /* of the MUST clauses, those the match mode made required */
    int empty;           /* nothing to match (only punctuation): no results */
    size_t n_must, n_select, n_rank, n_not;
    /* Near spellings and variant spellings the plan used, for "showing
     * results for ..." and "also searched". */
    size_t n_near, n_variant;
    long long n_docs;    /* the store's document count it was built with (-1: unknown) */
} fh_plan;

/*
 * What the plan asks of the store.  df: for each clause c[0..n), the
 * number of documents matching it, written to out[i] (-1: unknown; the
 * clause is then treated as rare and its near spellings are not looked
 * up).  Returns 0, or -1 with err filled.  n_docs: documents in the store
 * (-1 when unknown: no common-word rule).
 */
typedef struct fh_plan_stats {
    long long n_docs;
    int (*df)(void *ctx, const fh_plan_clause *const *c, size_t n, long long *out, fh_err *err);
    void *ctx;
    /* The learned variant spellings of key (variants.h), best first: at
     * most max written to out[i] (NUL-terminated keys); returns how many,
     * or -1 with err filled.  NULL: the store has none. */
    int (*variants)(void *ctx, const char *key, char (*out)[FAHRAS_MAX_TERM_BYTES], size_t max,
                    fh_err *err);
    void *variants_ctx;
} fh_plan_stats;

/* How optional words combine (what a journalist counts). */
typedef struct fh_plan_opts {
    int relaxed;       /* required clauses become optional (the retry) */
    int exact_forms;   /* the index holds exact forms: phrases ask for them and
                          words get their exact-form bonus */
    int near_spelling; /* replace words no document holds by a near spelling */
    int variants;      /* search an optional word's learned variant spellings with it */
    /* The match mode (Elasticsearch's minimum_should_match over the
     * query's optional words): 0 any word selects (with the common-word
     * rule); 1..100 that percentage of the words, rounded down and at
     * least one, must match; 100 every word (each becomes required, its
     * near spelling standing in for a word no document holds).  A relaxed
     * plan and a query holding OR match any. */
    int match_pct;
} fh_plan_opts;

/*
 * Build the plan for pq under analyzer an.  On success *out is owned by the
 * caller (fh_plan_free) and returns 0; -1 with err filled otherwise.
 */
int fh_plan_build(const fahras_analyzer *an, const fh_parsed_query *pq, const fh_plan_opts *o,
                  const fh_plan_stats *st, fh_plan **out, fh_err *err);

void fh_plan_free(fh_plan *p); /* NULL-safe */

/* Variant spellings of one word searched with it, at most; words of one
 * query whose variants are looked up (one lookup each), at most. */
#define FH_PLAN_MAX_VARIANTS 4
#define FH_PLAN_VARIANT_WORDS 32

/* The group of selecting clause i that a match mode counts (min_should):
 * the typed word a near spelling or variant stands beside, else i. */
size_t fh_plan_group(const fh_plan *p, size_t i);

/* The typed word an exact-form bonus (clause i, FH_ORIGIN_EXACT) belongs
 * to, or -1 (not a bonus).  The bonus matches the word's exact forms at
 * the positions of its keys, so never where the word does not: a bound on
 * the score of documents without the word leaves the bonus out too. */
long fh_plan_exact_owner(const fh_plan *p, size_t i);

/* Whether the relaxed retry applies to a search of p that found nothing:
 * it has a required clause (a +word, every word under match mode all, or
 * a phrase, which the retry splits into its words) or asks for more than
 * one word (a match mode of some of the words); a lone word required by
 * the match mode is no reason (relaxed, it asks for the same). */
int fh_plan_can_relax(const fh_plan *p);

/* Turn p, built for pq without the relaxed retry, into the plan
 * fh_plan_build gives with it, from its own terms, dfs, near spellings
 * and variants (no analysis, no lookups).  Returns 0 when done, 1 when pq
 * holds required clauses (+word, a phrase: the relaxed plan analyzes them
 * otherwise; p is unchanged and the caller builds that plan afresh). */
int fh_plan_relax(fh_plan *p, const fh_parsed_query *pq);

#endif
