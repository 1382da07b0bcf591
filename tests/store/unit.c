/*
 * unit.c - tests of the store layer's backend-neutral parts: the query
 * plan (roles, index terms, common words, near spellings, the relaxed
 * retry), the highlighter (marks, phrases, snippets), facet counting, the
 * ranking's arithmetic, and boilerplate lines and masks.  Statistics come from a made-up store (a
 * table of document counts).  Prints "N passed, N failed".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boiler.h"
#include "entfacets.h"
#include "fnv.h"
#include "facets.h"
#include "filter.h"
#include "highlight.h"
#include "plan.h"
#include "rank.h"
#include "spans.h"
#include "sqlite_store.h"
#include "store_backend.h"
#include "tagger_record.h"

#include "../check.h"

static const fahras_analyzer *an;

/* ---- a made-up store: document counts of single index terms ----------- */

typedef struct fake_df {
    const char *term;
    long long df;
} fake_df;

static const fake_df counts[] = {
    {"تحالف", 40}, {"دولي", 600}, {"في", 900}, {"من", 950}, {"داعش", 30},
    {"بومبيو", 599}, {"ومبيو", 3}, {"اضطراب", 12}, {"ترامب", 300}, {"ترمب", 50}, {"منن", 5},
};
static int df_calls;

static int fake_df_fn(void *ctx, const fh_plan_clause *const *c, size_t n, long long *out,
                      fh_err *err)
{
    (void)ctx;
    (void)err;
    df_calls++;
    for (size_t i = 0; i < n; i++) {
        out[i] = 0;
        if (c[i]->n_slots != 1) continue;
        const fh_plan_term *t = &c[i]->slots[0].alt[0];
        for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++)
            if (strlen(counts[k].term) == t->len && !memcmp(counts[k].term, t->text, t->len))
                out[i] = counts[k].df;
    }
    return 0;
}

static int match_pct; /* the match mode plan_of builds under (0: any) */

static fh_plan *plan_of(const char *q, int relaxed)
{
    fh_parsed_query *pq;
    fh_err err;
    fh_plan *p = NULL;
    if (fh_query_parse(q, strlen(q), &pq, &err)) {
        fprintf(stderr, "parse %s: %s\n", q, err.msg);
        return NULL;
    }
    fh_plan_opts o = {.relaxed = relaxed, .exact_forms = 1, .near_spelling = 1, .match_pct = match_pct};
    fh_plan_stats st = {.n_docs = 1000, .df = fake_df_fn};
    if (fh_plan_build(an, pq, &o, &st, &p, &err)) fprintf(stderr, "plan %s: %s\n", q, err.msg);
    fh_query_free(pq);
    return p;
}

static int term_is(const fh_plan_term *t, const char *s, int prefix)
{
    return t->len == strlen(s) && !memcmp(t->text, s, t->len) && t->prefix == prefix;
}

/* Learned variants of the made-up store: ترامب and ترمب, and منن of the
 * common word من. */
static int fake_variants(void *ctx, const char *key, char (*out)[FAHRAS_MAX_TERM_BYTES], size_t max,
                         fh_err *err)
{
    (void)ctx;
    (void)err;
    const char *v = !strcmp(key, "ترامب") ? "ترمب" : !strcmp(key, "ترمب") ? "ترامب" : !strcmp(key, "من") ? "منن" : NULL;
    if (!v || !max) return 0;
    snprintf(out[0], FAHRAS_MAX_TERM_BYTES, "%s", v);
    return 1;
}

static fh_plan *plan_with_variants(const char *q, int relaxed, int variants)
{
    fh_parsed_query *pq;
    fh_err err;
    fh_plan *p = NULL;
    if (fh_query_parse(q, strlen(q), &pq, &err)) return NULL;
    fh_plan_opts o = {.relaxed = relaxed, .exact_forms = 1, .near_spelling = 1, .variants = variants,
                      .match_pct = match_pct};
    fh_plan_stats st = {.n_docs = 1000, .df = fake_df_fn, .variants = fake_variants};
    if (fh_plan_build(an, pq, &o, &st, &p, &err)) fprintf(stderr, "plan %s: %s\n", q, err.msg);
    fh_query_free(pq);
    return p;
}

static void test_plan_variants(void)
{
    fh_plan *p = plan_with_variants("ترامب", 0, 1);
    size_t v = 0;
    for (size_t i = 0; p && i < p->n; i++)
        if (p->clauses[i].origin == FH_ORIGIN_VARIANT) v = i;
    CHECK(p && p->n_variant == 1 && v && term_is(&p->clauses[v].slots[0].alt[0], "ترمب", 0) &&
              p->clauses[v].alt_of == 0 && p->clauses[v].role == FH_ROLE_SELECT && p->clauses[v].df == 50,
          "a learned variant is a selecting clause beside its word");
    double mine = fh_rank_idf(1000, 300), theirs = fh_rank_idf(1000, 50);
    CHECK(p && v && fabs(p->clauses[v].weight - FH_RANK_VARIANT_WEIGHT * mine / theirs) < 1e-9 &&
              p->clauses[v].weight * theirs <= p->clauses[0].weight * mine,
          "a rarer variant weighs less: an occurrence counts at most %.1f of the word's", FH_RANK_VARIANT_WEIGHT);
    fh_plan_free(p);
    p = plan_with_variants("التحالف من", 0, 1);
    v = 0;
    for (size_t i = 0; p && i < p->n; i++)
        if (p->clauses[i].origin == FH_ORIGIN_VARIANT) v = i;
    CHECK(p && v && term_is(&p->clauses[v].slots[0].alt[0], "منن", 0) && p->clauses[v].role == FH_ROLE_RANK &&
              !p->clauses[v].proximity,
          "a common word's variant takes its role and leaves proximity with it");
    fh_plan_free(p);
    p = plan_with_variants("ترامب", 0, 0);
    CHECK(p && p->n_variant == 0, "variants off: none");
    fh_plan_free(p);
    p = plan_with_variants("\"ترامب اضطرابب\"", 1, 1);
    CHECK(p && p->n_variant == 0 && p->n_near == 0 && p->n_must == 0 && p->n_select >= 2,
          "the relaxed retry searches a phrase as its words, never respelled");
    fh_plan_free(p);
    p = plan_with_variants("\"ترامب اضطرابب\"", 0, 1);
    CHECK(p && fh_plan_can_relax(p), "a lone phrase can be relaxed");
    fh_plan_free(p);
    /* match all: a word with variants is a group, one of which must match */
    match_pct = 100;
    p = plan_with_variants("ترامب التحالف", 0, 1);
    size_t sel = 0, groups = 0;
    for (size_t i = 0; p && i < p->n; i++)
        if (p->clauses[i].role == FH_ROLE_SELECT) {
            sel++;
            groups += fh_plan_group(p, i) == i;
        }
    CHECK(p && p->n_must == 1 && sel == 2 && groups == 1 && p->min_should == 1,
          "match all: التحالف required, ترامب or ترمب one group of two (%zu must, %zu selecting, min %zu)",
          p ? p->n_must : 0, sel, p ? p->min_should : 0);
    fh_plan_free(p);
    match_pct = 0;
}

/* ---- the plan ----------------------------------------------------------- */

static void test_plan_words(void)
{
    fh_plan *p = plan_of("التحالف الدولي", 0);
    CHECK(p && p->n == 4, "two words, each with its exact-form bonus: %zu clauses", p ? p->n : 0);
    if (!p || p->n != 4) {
        fh_plan_free(p);
        return;
    }
    const fh_plan_clause *c = p->clauses;
    CHECK(c[0].origin == FH_ORIGIN_TYPED && c[0].role == FH_ROLE_SELECT && term_is(&c[0].slots[0].alt[0], "تحالف", 0),
          "a rare word selects, by its key");
    CHECK(c[0].weight == 1.0 && c[0].proximity, "a typed word weighs 1 and takes part in proximity");
    CHECK(c[1].origin == FH_ORIGIN_EXACT && c[1].role == FH_ROLE_RANK && term_is(&c[1].slots[0].alt[0], "=التحالف", 0) &&
          c[1].weight == FH_RANK_EXACT_WEIGHT && !c[1].proximity,
          "its exact form ranks only, at the exact-form weight");
    CHECK(c[2].role == FH_ROLE_RANK && c[2].df == 600, "a word in 60%% of the documents only ranks");
    CHECK(!c[2].proximity, "nor does it take part in proximity");
    CHECK(p->min_should == 1 && p->n_must == 0 && p->n_select == 1, "one selecting clause needed");
    fh_plan_free(p);

    p = plan_of("في من", 0);
    CHECK(p && p->n_select == 2 && p->n_rank == 2, "common words alone still select (and rank by exact form)");
    CHECK(p && p->n == 4 && p->clauses[0].proximity && p->clauses[2].proximity,
          "and take part in proximity");
    fh_plan_free(p);
}

static void test_plan_phrases(void)
{
    fh_plan *p = plan_of("\"التحالف الدولي\" -داعش", 0);
    CHECK(p && p->n == 2 && p->n_must == 1 && p->n_not == 1, "a phrase is required, -word excluded");
    if (p && p->n == 2) {
        const fh_plan_clause *c = &p->clauses[0];
        CHECK(c->n_slots == 2 && term_is(&c->slots[0].alt[0], "=التحالف", 0) &&
                  term_is(&c->slots[1].alt[0], "=الدولي", 0) && !c->exact_check,
              "a phrase asks for its exact forms");
        CHECK(p->min_should == 0, "optional words do not restrict a required phrase");
    }
    fh_plan_free(p);
    p = plan_of("\"تحالف\"", 0);
    CHECK(p && p->n == 1 && p->clauses[0].exact_check && term_is(&p->clauses[0].slots[0].alt[0], "تحالف", 0),
          "a phrase word that is its own key is checked against the text");
    CHECK(fh_plan_can_relax(p), "a required clause can be relaxed");
    fh_plan_free(p);
    p = plan_of("\"التحالف الدولي\" داعش", 1);
    CHECK(p && p->n_must == 0 && p->relaxed && !fh_plan_can_relax(p), "relaxed: nothing required");
    if (p && p->n)
        CHECK(p->clauses[0].kind == FH_QC_WORD && p->clauses[0].n_slots == 1 &&
                  term_is(&p->clauses[0].slots[0].alt[0], "تحالف", 0) && p->clauses[0].proximity,
              "a relaxed phrase is searched as its words: any form (keys), optional, with proximity");
    fh_plan_free(p);
}

static void test_plan_prefix_and_near(void)
{
    fh_plan *p = plan_of("منتخب*", 0);
    CHECK(p && p->n == 1 && p->clauses[0].slots[0].n_alt == 2 &&
              term_is(&p->clauses[0].slots[0].alt[0], "منتخب", 1) &&
              term_is(&p->clauses[0].slots[0].alt[1], "=منتخب", 1),
          "a prefix matches keys and exact forms");
    fh_plan_free(p);
    p = plan_of("بومبييو", 0);
    int found = 0;
    for (size_t i = 0; p && i < p->n; i++)
        if (p->clauses[i].origin == FH_ORIGIN_NEAR) {
            found = 1;
            CHECK(term_is(&p->clauses[i].slots[0].alt[0], "بومبيو", 0) && p->clauses[i].df == 599 &&
                      p->clauses[i].role == FH_ROLE_SELECT && p->clauses[i].weight == FH_RANK_SPELL_WEIGHT,
                  "the near spelling most documents hold stands in");
        }
    CHECK(found && p->n_near == 1, "a word no document holds gets a near spelling");
    fh_plan_free(p);
    p = plan_of("xqzt", 0);
    CHECK(p && p->n_near == 0, "no near spelling without a variant held");
    fh_plan_free(p);
    p = plan_of("،،، ...", 0);
    CHECK(p && p->empty, "punctuation only: an empty plan");
    fh_plan_free(p);
}

/* Punctuation glued to words is not syntax: a word clause analyzed into
 * several words is several clauses, but for a hashtag (one term) and
 * numbers written together (a phrase). */
static int typed_count(const fh_plan *p)
{
    int n = 0;
    for (size_t i = 0; i < p->n; i++) n += p->clauses[i].origin == FH_ORIGIN_TYPED;
    return n;
}

static void test_plan_glued_words(void)
{
    fh_plan *p = plan_of("title:تونس", 0);
    CHECK(p && typed_count(p) == 2 && p->clauses[0].n_slots == 1 &&
              term_is(&p->clauses[0].slots[0].alt[0], "title", 0) && p->n_select == 2,
          "title:تونس is two words, each selecting (%d typed)", p ? typed_count(p) : -1);
    fh_plan_free(p);
    p = plan_of("تونس،سوسة", 0);
    fh_plan *q = plan_of("تونس سوسة", 0);
    int same = p && q && p->n == q->n;
    for (size_t i = 0; same && i < p->n; i++)
        same = p->clauses[i].n_slots == q->clauses[i].n_slots && p->clauses[i].role == q->clauses[i].role &&
               term_is(&p->clauses[i].slots[0].alt[0], q->clauses[i].slots[0].alt[0].text, 0);
    CHECK(same, "تونس،سوسة plans as تونس سوسة");
    fh_plan_free(p);
    fh_plan_free(q);
    p = plan_of("+تونس،سوسة", 0);
    CHECK(p && p->n_must == 2, "+تونس،سوسة requires both words");
    fh_plan_free(p);
    p = plan_of("#دير_الزور", 0);
    CHECK(p && typed_count(p) == 1 && p->clauses[0].n_slots == 1 &&
              term_is(&p->clauses[0].slots[0].alt[0], "#دير_الزور", 0),
          "a hashtag stays one term");
    fh_plan_free(p);
    p = plan_of("2021-05-04", 0);
    CHECK(p && typed_count(p) == 1 && p->clauses[0].n_slots == 3,
          "numbers written together stay a phrase of 3 slots");
    fh_plan_free(p);
    p = plan_of("covid-19", 0);
    CHECK(p && typed_count(p) == 2, "a word and a number are two words");
    fh_plan_free(p);
    p = plan_of("تونس،سوس*", 0);
    CHECK(p && p->n == 3 && p->clauses[2].slots[0].alt[0].prefix && !p->clauses[0].slots[0].alt[0].prefix,
          "a glued prefix word: the last word is the prefix (%zu clauses)", p ? p->n : 0);
    fh_plan_free(p);
}

/* A clause typed again and again is one clause, weighing the copies'
 * sum; a prefix of fewer than 2 letters (besides ال) is refused. */
static void test_plan_repeats_and_prefixes(void)
{
    fh_plan *p = plan_of("تونس تونس", 0);
    CHECK(p && p->n == 2 && p->clauses[0].weight == 2.0 &&
              p->clauses[1].weight == 2 * FH_RANK_EXACT_WEIGHT,
          "a word typed twice: one clause of weight 2, its exact form 2 x 0.3 (%zu clauses)",
          p ? p->n : 0);
    fh_plan_free(p);
    char q[2048] = "";
    for (int i = 0; i < 40; i++) strcat(q, "تونس* ");
    p = plan_of(q, 0);
    CHECK(p && p->n == 1 && p->clauses[0].weight == 40.0,
          "a prefix typed 40 times: one clause of weight 40 (%zu clauses)", p ? p->n : 0);
    fh_plan_free(p);
    p = plan_of("\"التحالف الدولي\" \"التحالف الدولي\" -داعش -داعش", 0);
    CHECK(p && p->n == 2 && p->n_must == 1 && p->n_not == 1, "repeated phrases and exclusions: once each");
    fh_plan_free(p);
    p = plan_of("تونس +تونس", 0);
    CHECK(p && p->n_must == 1 && p->n_select == 1, "a word optional and required: two clauses");
    fh_plan_free(p);

    const char *refused[] = {"ا*", "م*", "ال*", "الم*", "a*", "تونس ا*"};
    const char *taken[] = {"مد*", "المد*", "ab*", "تو*", "وال*"};
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        fh_parsed_query *pq;
        fh_err err;
        fh_plan *pp = NULL;
        fh_plan_opts o = {.exact_forms = 1};
        int rc = fh_query_parse(refused[i], strlen(refused[i]), &pq, &err);
        if (!rc) {
            rc = fh_plan_build(an, pq, &o, NULL, &pp, &err);
            fh_query_free(pq);
        }
        CHECK(rc && err.kind == FH_ERR_QUERY && strstr(err.msg, "too short"),
              "prefix %s refused as a query error: %s", refused[i], rc ? err.msg : "accepted");
        fh_plan_free(pp);
    }
    for (size_t i = 0; i < sizeof taken / sizeof *taken; i++) {
        p = plan_of(taken[i], 0);
        CHECK(p != NULL, "prefix %s searched", taken[i]);
        fh_plan_free(p);
    }
}

/* The query language's operators, as parsed. */
static fh_parsed_query *parsed(const char *q)
{
    fh_parsed_query *pq = NULL;
    fh_err err;
    if (fh_query_parse(q, strlen(q), &pq, &err)) return NULL;
    return pq;
}

static void test_query_operators(void)
{
    fh_parsed_query *pq = parsed("ترامب NOT كوريا");
    CHECK(pq && pq->n == 2 && pq->clauses[1].occur == FH_Q_MUST_NOT && !strcmp(pq->clauses[1].text, "كوريا"),
          "NOT excludes the next word");
    fh_query_free(pq);
    pq = parsed("ترامب AND كوريا الشمالية");
    CHECK(pq && pq->n == 3 && pq->clauses[0].occur == FH_Q_MUST && pq->clauses[1].occur == FH_Q_MUST &&
              pq->clauses[2].occur == FH_Q_SHOULD && !pq->any_or,
          "AND requires the words on both sides, only them");
    fh_query_free(pq);
    pq = parsed("ترامب OR ترمب");
    CHECK(pq && pq->n == 2 && pq->any_or && pq->n_should == 2, "OR: alternatives");
    fh_query_free(pq);
    pq = parsed("NOT \"كوريا الشمالية\" ترامب");
    CHECK(pq && pq->n == 2 && pq->clauses[0].kind == FH_QC_PHRASE && pq->clauses[0].occur == FH_Q_MUST_NOT,
          "NOT before a phrase excludes the phrase");
    fh_query_free(pq);
    const char *quoted[] = {"«محمد بن سلمان»", "»محمد بن سلمان«", "“محمد بن سلمان”", "„محمد بن سلمان“",
                            "”محمد بن سلمان“", "«محمد بن سلمان"};
    for (size_t i = 0; i < sizeof quoted / sizeof *quoted; i++) {
        pq = parsed(quoted[i]);
        CHECK(pq && pq->n == 1 && pq->clauses[0].kind == FH_QC_PHRASE && pq->clauses[0].occur == FH_Q_MUST &&
                  !strcmp(pq->clauses[0].text, "محمد بن سلمان"),
              "%s is a phrase", quoted[i]);
        fh_query_free(pq);
    }
    pq = parsed("-«كوريا الشمالية» ترامب«البيت الأبيض»");
    CHECK(pq && pq->n == 3 && pq->clauses[0].occur == FH_Q_MUST_NOT && pq->clauses[1].kind == FH_QC_WORD &&
              !strcmp(pq->clauses[1].text, "ترامب") && pq->clauses[2].kind == FH_QC_PHRASE,
          "-«...» excludes a phrase; a quotation mark ends a word");
    fh_query_free(pq);
    pq = parsed("«قال \"لا\" للاتفاق»");
    CHECK(pq && pq->n == 1 && !strchr(pq->clauses[0].text, '"'), "ASCII quotes inside «...» are dropped");
    fh_query_free(pq);
    pq = parsed("ترامب and not كوريا");
    CHECK(pq && pq->n == 4 && pq->n_must_not == 0, "operators only in capitals");
    fh_query_free(pq);
    fh_err err;
    pq = NULL;
    CHECK(fh_query_parse("NOT ترامب", strlen("NOT ترامب"), &pq, &err) && err.kind == FH_ERR_QUERY,
          "NOT alone: only exclusions, refused");
    fh_query_free(pq);
}

/* Match modes: all makes each word required (ranking unchanged), N% sets
 * how many selecting clauses a result holds, OR and the relaxed plan
 * match any. */
static void test_plan_match(void)
{
    match_pct = 100;
    fh_plan *p = plan_of("التحالف الدولي في", 0);
    CHECK(p && p->n_must == 2 && p->n_words == 2 && p->match_pct == 100,
          "all: every word required, common ones too, but a function word (%zu)", p ? p->n_must : 0);
    int fw_rank = 0;
    for (size_t i = 0; p && i < p->n; i++)
        fw_rank += p->clauses[i].function_word && p->clauses[i].role == FH_ROLE_RANK;
    CHECK(fw_rank == 1, "all: the function word in ranks only");
    if (p) CHECK(p->clauses[0].proximity && p->clauses[0].weight == 1.0, "a required word keeps its weight and proximity");
    CHECK(fh_plan_can_relax(p), "all can be relaxed");
    fh_plan_free(p);
    p = plan_of("التحالف بومبييو", 0);
    int near_must = 0, typed_must = 0;
    for (size_t i = 0; p && i < p->n; i++) {
        near_must += p->clauses[i].origin == FH_ORIGIN_NEAR && p->clauses[i].role == FH_ROLE_MUST;
        typed_must += p->clauses[i].origin == FH_ORIGIN_TYPED && p->clauses[i].role == FH_ROLE_MUST;
    }
    CHECK(near_must == 1 && typed_must == 1, "all: a near spelling is required for a word no document holds");
    fh_plan_free(p);
    p = plan_of("التحالف OR داعش", 0);
    CHECK(p && p->n_must == 0 && p->min_should == 1 && p->match_pct == 0, "OR: any");
    fh_plan_free(p);
    p = plan_of("التحالف داعش", 1);
    CHECK(p && p->n_must == 0 && p->min_should == 1 && p->match_pct == 0, "relaxed: any");
    fh_plan_free(p);
    match_pct = 67;
    p = plan_of("التحالف داعش اضطراب", 0);
    CHECK(p && p->n_must == 0 && p->min_should == 2 && p->n_words == 3, "67%% of 3 words: 2 (%zu)", p ? p->min_should : 0);
    CHECK(fh_plan_can_relax(p), "some of the words can be relaxed");
    fh_plan_free(p);
    p = plan_of("\"التحالف الدولي\" داعش اضطراب", 0);
    CHECK(p && p->n_must == 1 && p->min_should == 1, "67%% of 2 words beside a phrase: 1 (%zu)", p ? p->min_should : 0);
    fh_plan_free(p);
    match_pct = 50;
    p = plan_of("التحالف داعش الدولي", 0);
    CHECK(p && p->n_select == 3 && p->min_should == 1, "50%%: common words count as words");
    fh_plan_free(p);
    match_pct = 100;
    p = plan_of("في من", 0);
    CHECK(p && p->n_must == 2, "all: a query of function words requires them");
    fh_plan_free(p);
    match_pct = 0;
    p = plan_of("التحالف داعش", 0);
    CHECK(p && p->n_must == 0 && p->min_should == 1 && p->match_pct == 0, "any: one word selects");
    fh_plan_free(p);
}

/* Do two plans ask for the same thing (clause by clause)? */
static int same_plan(const fh_plan *a, const fh_plan *b)
{
    if (!a || !b || a->n != b->n || a->min_should != b->min_should || a->relaxed != b->relaxed ||
        a->match_pct != b->match_pct || a->n_words != b->n_words || a->n_match_must != b->n_match_must ||
        a->empty != b->empty || a->n_must != b->n_must || a->n_select != b->n_select ||
        a->n_rank != b->n_rank || a->n_not != b->n_not || a->n_near != b->n_near ||
        a->n_variant != b->n_variant)
        return 0;
    for (size_t i = 0; i < a->n; i++) {
        const fh_plan_clause *x = &a->clauses[i], *y = &b->clauses[i];
        if (x->role != y->role || x->origin != y->origin || x->query_clause != y->query_clause ||
            x->n_slots != y->n_slots || x->kind != y->kind || x->weight != y->weight ||
            x->proximity != y->proximity || x->exact_check != y->exact_check || x->df != y->df ||
            x->len != y->len || memcmp(x->text, y->text, x->len) || x->span_start != y->span_start ||
            x->span_end != y->span_end || x->alt_of != y->alt_of || x->function_word != y->function_word)
            return 0;
        for (size_t k = 0; k < x->n_slots; k++) {
            if (x->slots[k].n_alt != y->slots[k].n_alt) return 0;
            for (size_t j = 0; j < x->slots[k].n_alt; j++)
                if (!term_is(&x->slots[k].alt[j], y->slots[k].alt[j].text, y->slots[k].alt[j].prefix))
                    return 0;
        }
    }
    return 1;
}

/* The relaxed plan derived from the first one is the one built afresh. */
static void test_plan_relax(void)
{
    static const char *qs[] = {
        "التحالف الدولي في", "التحالف بومبييو داعش", "ترامب التحالف الدولي", "في من",
        "التحالف داعش اضطراب -ترمب", "ترامب ترامب الدولي", "2021-05-04 التحالف", "التحالف OR داعش", "التحالف من",
        "تحال* داعش", "التحالف -\"الدولي داعش\"",
    };
    static const int pcts[] = {100, 67, 0};
    for (size_t k = 0; k < sizeof pcts / sizeof pcts[0]; k++) {
        match_pct = pcts[k];
        for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
            fh_parsed_query *pq;
            fh_err err;
            if (fh_query_parse(qs[i], strlen(qs[i]), &pq, &err)) {
                CHECK(0, "parse %s", qs[i]);
                continue;
            }
            fh_plan *derived = plan_with_variants(qs[i], 0, 1), *fresh = plan_with_variants(qs[i], 1, 1);
            int rc = derived ? fh_plan_relax(derived, pq) : -1;
            CHECK(rc == 0 && same_plan(derived, fresh), "relaxed at %d%%: %s derived as built", match_pct, qs[i]);
            fh_plan_free(derived);
            fh_plan_free(fresh);
            fh_query_free(pq);
        }
    }
    fh_parsed_query *pq;
    fh_err err;
    const char *q = "+التحالف \"الدولي داعش\"";
    if (!fh_query_parse(q, strlen(q), &pq, &err)) {
        fh_plan *p = plan_with_variants(q, 0, 1);
        CHECK(p && fh_plan_relax(p, pq) == 1 && !p->relaxed, "required clauses: built afresh");
        fh_plan_free(p);
        fh_query_free(pq);
    }
    match_pct = 0;
}

/* ---- the highlighter --------------------------------------------------- */

static char *marked(const char *q, const char *text)
{
    fh_plan *p = plan_of(q, 0);
    fh_err err;
    fh_highlighter *h = p ? fh_highlighter_new(an, p, &err) : NULL;
    char *out = NULL;
    if (h) fh_highlight_snippet(h, text, strlen(text), &out, &err);
    fh_highlighter_free(h);
    fh_plan_free(p);
    /* as [brackets] for reading */
    for (char *s = out; s && *s; s++)
        if (*s == FH_MARK_OPEN[0]) *s = '[';
        else if (*s == FH_MARK_CLOSE[0]) *s = ']';
    return out;
}

static void test_highlight(void)
{
    char *s = marked("التحالف", "أعلن التحالف الدَّوْليّ وقال بيان للتحالف إن التحالفات جديدة");
    CHECK(s && !strcmp(s, "أعلن [التحالف] الدَّوْليّ وقال بيان [للتحالف] إن [التحالفات] جديدة"),
          "every form with the key, as written: %s", s);
    free(s);
    s = marked("\"التحالف الدولي\"", "التحالف الكبير والتحالف الدولي، ثم الدولي التحالف");
    CHECK(s && !strchr(s, '['), "a phrase asks for its exact forms (والتحالف is not التحالف) and "
                                  "its order: %s", s);
    free(s);
    s = marked("\"التحالف الدولي\"", "قال التحالف الدولي إن الدولي والتحالف");
    CHECK(s && !strcmp(s, "قال [التحالف] [الدولي] إن الدولي والتحالف"), "only the phrase's occurrence: %s", s);
    free(s);
    s = marked("داعش في", "في الرقة في سوريا قتل عنصر من داعش في الصحراء");
    CHECK(s && !strcmp(s, "في الرقة في سوريا قتل عنصر من [داعش] في الصحراء"),
          "a common word beside a rarer one is not marked: %s", s);
    free(s);
    match_pct = 100; /* function words are required then, yet not marked */
    s = marked("داعش على في", "في الرقة على الحدود قتل عنصر من داعش في الصحراء");
    CHECK(s && !strcmp(s, "في الرقة على الحدود قتل عنصر من [داعش] في الصحراء"),
          "function words beside other words are not marked: %s", s);
    free(s);
    s = marked("في", "قتل عنصر في الصحراء");
    CHECK(s && !strcmp(s, "قتل عنصر [في] الصحراء"), "a query of function words only marks them: %s", s);
    free(s);
    s = marked("\"عنصر من داعش\" الرقة", "في الرقة قتل عنصر من داعش من الصحراء");
    CHECK(s && !strcmp(s, "في [الرقة] قتل [عنصر] [من] [داعش] من الصحراء"),
          "a function word is marked inside a phrase: %s", s);
    free(s);
    match_pct = 0;

    /* a long text: the snippet is the window around the marks */
    char *text = malloc(200 * 10 + 64);
    text[0] = '\0';
    for (int i = 0; i < 150; i++) strcat(text, "كلمة ");
    strcat(text, "داعش ");
    for (int i = 0; i < 40; i++) strcat(text, "كلمة ");
    s = marked("داعش", text);
    int words = 0;
    for (char *t = s; t && *t; t++) words += *t == ' ';
    CHECK(s && !strncmp(s, "...", 3) && strstr(s, "[داعش]") && words <= FH_SNIPPET_WORDS + 1 &&
              !strcmp(s + strlen(s) - 3, "..."),
          "a cut snippet around its mark: %s", s);
    free(s);
    free(text);

    /* many hits: one window of marks, bounded */
    size_t n = 20000;
    text = malloc(n * 9 + 1);
    text[0] = '\0';
    char *at = text;
    for (size_t i = 0; i < n; i++) at += sprintf(at, "تونس ");
    s = marked("تونس", text);
    int marks = 0;
    for (char *t = s; t && *t; t++) marks += *t == '[';
    CHECK(s && marks == FH_SNIPPET_WORDS, "20,000 hits: a snippet of %d marks (%d)", FH_SNIPPET_WORDS, marks);
    free(s);
    free(text);
}

/* Work, counted: a snippet is two passes over at most its scan bytes,
 * whatever the number of hits; marks are one pass. */
static void test_highlight_work(void)
{
    fh_plan *p = plan_of("تونس", 0);
    fh_err err;
    fh_highlighter *h = fh_highlighter_new(an, p, &err);
    size_t sizes[] = {20000, 40000};
    size_t tokens[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
        size_t n = sizes[k];
        char *text = malloc(n * 9 + 1), *at = text;
        for (size_t i = 0; i < n; i++) at += sprintf(at, "تونس ");
        fh_highlight_work before = fh_highlighter_work(h);
        char *s = NULL;
        fh_highlight_snippet(h, text, strlen(text), &s, &err);
        fh_highlight_work after = fh_highlighter_work(h);
        tokens[k] = after.tokens - before.tokens;
        CHECK(after.passes - before.passes == 2 && tokens[k] <= 2 * n,
              "%zu repeats: a snippet is 2 passes and at most 2 tokens analyzed per word "
              "(%zu passes, %zu tokens)", n, after.passes - before.passes, tokens[k]);
        free(s);
        free(text);
    }
    CHECK(tokens[1] <= 2 * tokens[0], "twice the repeats, at most twice the work (%zu, %zu)",
          tokens[0], tokens[1]);

    /* a text over the scan limit: the work stops at the limit */
    size_t n = 1000000; /* 9 MB */
    char *text = malloc(n * 9 + 1), *at = text;
    for (size_t i = 0; i < n; i++) at += sprintf(at, "تونس ");
    fh_highlight_work before = fh_highlighter_work(h);
    char *s = NULL;
    fh_highlight_snippet(h, text, strlen(text), &s, &err);
    fh_highlight_work after = fh_highlighter_work(h);
    CHECK(after.bytes - before.bytes <= 2 * FH_SNIPPET_SCAN_BYTES &&
              after.tokens - before.tokens <= 2 * (FH_SNIPPET_SCAN_BYTES / 9 + 1),
          "a 9 MB text: the snippet reads at most twice its first %zu bytes (%zu bytes, %zu tokens)",
          FH_SNIPPET_SCAN_BYTES, after.bytes - before.bytes, after.tokens - before.tokens);
    free(s);
    before = fh_highlighter_work(h);
    fh_highlight_snippet_in(h, text, strlen(text), fh_snippet_scan(1000), &s, &err);
    after = fh_highlighter_work(h);
    CHECK(fh_snippet_scan(10) == FH_SNIPPET_SCAN_BYTES &&
              fh_snippet_scan(1000) == FH_SNIPPET_REQUEST_BYTES / 1000 &&
              after.bytes - before.bytes <= 2 * fh_snippet_scan(1000),
          "a page of 1000 hits: each snippet from the first %zu bytes (%zu read)",
          fh_snippet_scan(1000), after.bytes - before.bytes);
    free(s);
    fh_range *r = NULL;
    size_t nr = 0;
    int truncated = 0;
    before = fh_highlighter_work(h);
    fh_highlight_marks(h, text, strlen(text), 2000, &r, &nr, &truncated, &err);
    after = fh_highlighter_work(h);
    CHECK(nr == 2000 && truncated && after.passes - before.passes == 1 &&
              after.tokens - before.tokens <= 2000 + 64,
          "marks: one pass, stopping at the cap (%zu tokens for %zu marks)",
          after.tokens - before.tokens, nr);
    free(r);
    free(text);
    fh_highlighter_free(h);
    fh_plan_free(p);
}

static void test_marks_cap(void)
{
    fh_plan *p = plan_of("تونس", 0);
    fh_err err;
    fh_highlighter *h = fh_highlighter_new(an, p, &err);
    const char *text = "تونس وتونس التونسي تونس";
    fh_range *r = NULL;
    size_t n = 0;
    int truncated = 0;
    int rc = fh_highlight_marks(h, text, strlen(text), 2, &r, &n, &truncated, &err);
    CHECK(rc == 0 && n == 2 && truncated && r[0].start == 0 && r[0].end == 8,
          "marks stop at the cap and say so (%zu, %d)", n, truncated);
    free(r);
    fh_highlighter_free(h);
    fh_plan_free(p);
}

/* ---- facets ------------------------------------------------------------- */

typedef struct facet_out {
    char text[2048];
} facet_out;

static int put_facet(void *ctx, const char *kind, const char *value, long count)
{
    facet_out *o = ctx;
    size_t n = strlen(o->text);
    snprintf(o->text + n, sizeof o->text - n, "%s:%s=%ld ", kind, value, count);
    return 0;
}

static void test_facets(void)
{
    fh_facets *f = fh_facets_new();
    fh_facets_add(f, FH_FACET_CATEGORY, "sport", 5, 1);
    fh_facets_add(f, FH_FACET_CATEGORY, "internationalNews,sport", 23, 1);
    fh_facets_add(f, FH_FACET_CATEGORY, "", 0, 1);
    fh_facets_add(f, FH_FACET_SOURCE, "BBC", 3, 2);
    fh_facets_add(f, FH_FACET_SOURCE, "CNN", 3, 2);
    fh_facets_add(f, FH_FACET_MONTH, "2021-04-14", 10, 1);
    fh_facets_add(f, FH_FACET_MONTH, "2021-04", 7, 1);
    facet_out o = {""};
    fh_facets_emit(f, put_facet, &o);
    fh_facets_free(f);
    CHECK(!strcmp(o.text, "source:BBC=2 source:CNN=2 category:sport=2 category:internationalNews=1 month:2021-04=2 "),
          "categories split, ties by value, months from dates, empty values left out: %s", o.text);
}

/* ---- filters ------------------------------------------------------------- */

/* A query of no words with a filter browses; words, punctuation, or no
 * filter at all do not. */
static void test_browses(void)
{
    const char *ents[] = {"ORG:داعش"};
    fh_query q;
    memset(&q, 0, sizeof q);
    q.q = "";
    CHECK(!fh_query_browses(&q), "no words, no filter: no browse (refused)");
    q.source = "bbc";
    CHECK(fh_query_browses(&q), "no words and a source: a browse");
    q.q = " \t\n ";
    CHECK(fh_query_browses(&q), "spaces only and a source: a browse");
    q.q = "؟؟";
    CHECK(!fh_query_browses(&q), "punctuation and a source: no browse (no words to search for)");
    q.q = "داعش";
    CHECK(!fh_query_browses(&q), "words and a source: a search");
    memset(&q, 0, sizeof q);
    q.q = "";
    q.entities = ents;
    q.n_entities = 1;
    CHECK(fh_query_browses(&q), "no words and an entity: a browse");
    q.n_entities = 0;
    q.event_to = "2021";
    CHECK(fh_query_browses(&q), "no words and an event date: a browse");
    fh_search_info info = {.browse = 1};
    q.sort = FH_SORT_RELEVANCE;
    CHECK(fh_search_sort(&q, &info) == FH_SORT_NEWEST, "a browse asked for relevance answers newest first");
    q.sort = FH_SORT_OLDEST;
    CHECK(fh_search_sort(&q, &info) == FH_SORT_OLDEST, "a browse asked for the oldest keeps it");
    info.browse = 0;
    q.sort = FH_SORT_RELEVANCE;
    CHECK(fh_search_sort(&q, &info) == FH_SORT_RELEVANCE, "a search keeps relevance");
}

static void test_filters(void)
{
    fh_query q;
    memset(&q, 0, sizeof q);
    CHECK(fh_filter_kinds(&q) == 0, "no filter set");
    q.source = "bbc";
    q.category = "sport";
    q.date_to = "2021-04";
    CHECK(fh_filter_kinds(&q) == ((1u << FH_FILTER_SOURCE) | (1u << FH_FILTER_CATEGORY) | (1u << FH_FILTER_DATE)),
          "every kind set");
    CHECK(fh_filter_pass(&q, FH_FILTER_SOURCE, "BBC") && !fh_filter_pass(&q, FH_FILTER_SOURCE, "BBC2") &&
              !fh_filter_pass(&q, FH_FILTER_SOURCE, NULL),
          "the source in any case, whole");
    CHECK(fh_filter_pass(&q, FH_FILTER_CATEGORY, "news,sport") && !fh_filter_pass(&q, FH_FILTER_CATEGORY, "sports") &&
              !fh_filter_pass(&q, FH_FILTER_CATEGORY, "news, sport"),
          "one of the comma-separated categories, compared whole");
    CHECK(fh_filter_pass(&q, FH_FILTER_DATE, "2021-04-30T10:00") && !fh_filter_pass(&q, FH_FILTER_DATE, "2021-05-01"),
          "the end date on its own length");
    q.date_from = "2021-04-02";
    CHECK(!fh_filter_pass(&q, FH_FILTER_DATE, "2021-04-01") && fh_filter_pass(&q, FH_FILTER_DATE, "2021-04-02"),
          "the start inclusive");
}

/* ---- entities: filters, summaries, facets ------------------------------- */

static fahras_tagger *tagger;

static void test_entity_filters(void)
{
    fh_query q;
    fh_entity_filters f, g;
    fh_err err;
    memset(&q, 0, sizeof q);
    const char *one[] = {"ORG:قسد"}, *two[] = {"org:لـ\"قسد\""}, *three[] = {"ORG:«قسد»"};
    q.entities = one;
    q.n_entities = 1;
    CHECK(fh_entity_filters_wanted(&q) && !fh_entity_filters_make(tagger, &q, &f, &err) &&
              f.n == 1 && f.type[0] == FAHRAS_SPAN_ORG && !f.events,
          "ORG:قسد is one ORG filter");
    q.entities = two;
    int same2 = !fh_entity_filters_make(tagger, &q, &g, &err) && !strcmp(f.key[0], g.key[0]);
    q.entities = three;
    int same3 = !fh_entity_filters_make(tagger, &q, &g, &err) && !strcmp(f.key[0], g.key[0]);
    CHECK(same2 && same3, "قسد, لـ\"قسد\" and «قسد» (type in any case) are one key: %s", f.key[0]);
    const char *bad[][1] = {{"ORG"}, {"XX:قسد"}, {"ORG:"}, {":قسد"}};
    for (size_t i = 0; i < 4; i++) {
        q.entities = bad[i];
        CHECK(fh_entity_filters_make(tagger, &q, &f, &err) && err.kind == FH_ERR_QUERY &&
                  strstr(err.msg, "entity filter"),
              "%s refused as a query error: %s", bad[i][0], err.msg);
    }
    memset(&q, 0, sizeof q);
    q.event_from = "2021-04";
    q.event_to = "2021";
    CHECK(!fh_entity_filters_make(NULL, &q, &f, &err) && f.events && !strcmp(f.event_lo, "2021-04-01") &&
              !strcmp(f.event_hi, "2021-12-31"),
          "an event range as days: %s..%s", f.event_lo, f.event_hi);
    CHECK(fh_event_pass(&f, "2021-03-28", "2021-04-02") && fh_event_pass(&f, "2021-12-31", "2021-12-31") &&
              !fh_event_pass(&f, "2021-03-01", "2021-03-31") && !fh_event_pass(&f, "2022-01-01", "2022-01-01"),
          "a mentioned date passes when its days overlap the range");
    q.event_from = "2021-02-30";
    CHECK(fh_entity_filters_make(NULL, &q, &f, &err) && err.kind == FH_ERR_QUERY && strstr(err.msg, "event"),
          "a bad event date is a query error: %s", err.msg);
    q.event_from = "2022";
    q.event_to = "2021";
    CHECK(fh_entity_filters_make(NULL, &q, &f, &err) && err.kind == FH_ERR_QUERY, "event from after to");
}

static void test_date_days(void)
{
    char lo[11], hi[11];
    CHECK(!fh_date_days("2021", 4, lo, hi) && !strcmp(lo, "2021-01-01") && !strcmp(hi, "2021-12-31"), "a year");
    CHECK(!fh_date_days("2021-04", 7, lo, hi) && !strcmp(lo, "2021-04-01") && !strcmp(hi, "2021-04-31"), "a month");
    CHECK(!fh_date_days("2021-04-14/2021-04-15", 21, lo, hi) && !strcmp(lo, "2021-04-14") &&
              !strcmp(hi, "2021-04-15"),
          "a range");
    CHECK(fh_date_days("AH1436-09", 9, lo, hi) && fh_date_days("", 0, lo, hi) && fh_date_days("2021-4", 6, lo, hi),
          "no Gregorian day: refused");
}

static const fh_span_row *find_row(const fh_doc_spans *d, int type, const char *key)
{
    for (size_t i = 0; i < fh_doc_spans_count(d); i++) {
        const fh_span_row *r = fh_doc_spans_row(d, i);
        if (r->type == type && !strcmp(r->key, key)) return r;
    }
    return NULL;
}

static void test_doc_spans(void)
{
    const char *title = "حملة جديدة لـ”قسد” ضد خلايا “داعش” في الرقة";
    const char *body = "أعلنت «قوات سوريا الديمقراطية» (قسد) أنها بدأت في 14 أبريل/نيسان 2021 حملة "
                       "ضد تنظيم “داعش” في الرقة وللرقة ريف، بقوام 500 عنصر، وذلك أمس.";
    fahras_error e;
    fh_doc_spans *d = fh_doc_spans_make(tagger, NULL, an, title, strlen(title), body, strlen(body), "2021-04-20", NULL, &e);
    CHECK(d != NULL, "a summary is made");
    if (!d) return;
    char qsd[256], daesh[256], raqqa[256];
    size_t n;
    fahras_entity_key(tagger, FAHRAS_SPAN_ORG, "قوات سوريا الديمقراطية", strlen("قوات سوريا الديمقراطية"), qsd, sizeof qsd, &n, &e);
    fahras_entity_key(tagger, FAHRAS_SPAN_ORG, "داعش", strlen("داعش"), daesh, sizeof daesh, &n, &e);
    fahras_entity_key(tagger, FAHRAS_SPAN_LOC, "الرقة", strlen("الرقة"), raqqa, sizeof raqqa, &n, &e);
    const fh_span_row *r = find_row(d, FAHRAS_SPAN_ORG, qsd);
    CHECK(r && r->n >= 3, "قسد in the title, the long name and (قسد) in the body: one entity, %ld mentions", r ? r->n : 0);
    CHECK(find_row(d, FAHRAS_SPAN_ORG + FH_SPAN_ALIAS, "قسد") != NULL,
          "the acronym's own key kept as an alias row (a filter on ORG:قسد finds it)");
    r = find_row(d, FAHRAS_SPAN_ORG, daesh);
    CHECK(r && !strcmp(r->name, "داعش"), "the shown name without the descriptor and quotes: %s", r ? r->name : "-");
    r = find_row(d, FAHRAS_SPAN_LOC, raqqa);
    CHECK(r && !strcmp(r->name, "الرقة"), "the shown name without proclitics: %s", r ? r->name : "-");
    r = find_row(d, FAHRAS_SPAN_DATE, "2021-04-14");
    CHECK(r && r->lo && !strcmp(r->lo, "2021-04-14") && !strcmp(r->hi, "2021-04-14"), "the explicit date with its days");
    CHECK(find_row(d, FAHRAS_SPAN_DATE, "2021-04-19") != NULL, "أمس resolved against the article's date");
    int count = 0;
    for (size_t i = 0; i < fh_doc_spans_count(d); i++) {
        const fh_span_row *c = fh_doc_spans_row(d, i);
        if (c->type == FAHRAS_SPAN_COUNT && !strcmp(c->value, "500")) count = 1;
    }
    CHECK(count, "the count 500 عنصر kept");
    for (size_t i = 1; i < fh_doc_spans_count(d); i++)
        if (fh_doc_spans_row(d, i)->type < fh_doc_spans_row(d, i - 1)->type) {
            CHECK(0, "rows in order of type");
            break;
        }
    fh_doc_spans_free(d);
    fh_doc_spans_free(NULL);

    /* a person named whole once, then by one word: one entity, shown whole */
    const char *kim = "التقى الزعيم الكوري كيم جونغ أون بالرئيس الأمريكي. وقال كيم إن اللقاء مثمر. وأضاف كيم أن "
                      "المحادثات ستستمر.";
    d = fh_doc_spans_make(tagger, NULL, an, "", 0, kim, strlen(kim), NULL, NULL, &e);
    char kim_key[256];
    fahras_entity_key(tagger, FAHRAS_SPAN_PER, "كيم جونغ أون", strlen("كيم جونغ أون"), kim_key, sizeof kim_key, &n, &e);
    r = d ? find_row(d, FAHRAS_SPAN_PER, kim_key) : NULL;
    CHECK(r && r->n == 3 && !strcmp(r->name, "كيم جونغ أون"),
          "كيم جونغ أون, then كيم twice: one person of 3 mentions, shown whole (%s, %ld)", r ? r->name : "-",
          r ? r->n : 0);
    fh_doc_spans_free(d);

    /* a hashtag's # and _ are no part of the name shown */
    const char *tag = "قال الرئيس رجب طيب #أردوغان إن تركيا ستواصل. وزار الوفد #بيونغ_يانغ أمس.";
    d = fh_doc_spans_make(tagger, NULL, an, "", 0, tag, strlen(tag), NULL, NULL, &e);
    int hashed = 0, names = 0;
    for (size_t i = 0; d && i < fh_doc_spans_count(d); i++) {
        const fh_span_row *c = fh_doc_spans_row(d, i);
        if (c->type != FAHRAS_SPAN_PER && c->type != FAHRAS_SPAN_LOC) continue;
        names += !strcmp(c->name, "رجب طيب أردوغان") || !strcmp(c->name, "بيونغ يانغ");
        hashed |= strchr(c->name, '#') || strchr(c->name, '_');
    }
    CHECK(names == 2 && !hashed, "hashtags shown as the names they mark (%d of 2)", names);
    fh_doc_spans_free(d);
}

typedef struct tap_field { fh_text_tokens *k; int field; } tap_field;

static int tap_field_token(void *ctx, const fahras_token *t)
{
    const tap_field *f = ctx;
    return fh_text_tokens_tap(f->k, f->field, t);
}

static int same_rows(const fh_doc_spans *a, const fh_doc_spans *b)
{
    if (fh_doc_spans_count(a) != fh_doc_spans_count(b)) return 0;
    for (size_t i = 0; i < fh_doc_spans_count(a); i++) {
        const fh_span_row *x = fh_doc_spans_row(a, i), *y = fh_doc_spans_row(b, i);
        if (x->type != y->type || x->n != y->n || strcmp(x->key, y->key) || strcmp(x->name, y->name) ||
            strcmp(x->value, y->value) || !x->lo != !y->lo || (x->lo && strcmp(x->lo, y->lo)) ||
            !x->hi != !y->hi || (x->hi && strcmp(x->hi, y->hi)))
            return 0;
    }
    return 1;
}

/* The summary from the tokens an index analyzed (title and body apart, as
 * a backend's tap hands them) is the summary of analyzing the text. */
/* A document's rows as the SQLite backend keeps them in one value
 * (span_blob.c): sorted by type, key, value; read back the same; a cut
 * or damaged value is said to be so, never read past. */
static void test_span_blob(void)
{
    fh_span_row a = {FAHRAS_SPAN_ORG, "قسد", "قسد", "", NULL, NULL, 3};
    fh_span_row b = {FAHRAS_SPAN_DATE, "2021-04", "", "2021-04", "2021-04-01", "2021-04-31", 200};
    fh_span_row c = {FAHRAS_SPAN_ORG, "داعش", "“داعش", "", NULL, NULL, 1};
    fh_span_row d = {FAHRAS_SPAN_COUNT, "عنصر", "عنصر", "500", NULL, NULL, 1};
    const fh_span_row *rows[] = {&b, &a, &d, &c};
    sq_span_rows_sort(rows, 4);
    CHECK(rows[0] == &c && rows[1] == &a && rows[2] == &b && rows[3] == &d, "rows sorted by type, key");
    sbuf s = {0};
    CHECK(!sq_span_blob_make(rows, 4, &s), "value made");
    size_t at = 0, k = 0;
    fh_span_row r;
    int ok = 1, got;
    while ((got = sq_span_blob_next(s.p, s.n, &at, &r)) == 1) {
        const fh_span_row *w = rows[k++];
        ok &= r.type == w->type && !strcmp(r.key, w->key) && !strcmp(r.name, w->name) &&
              !strcmp(r.value, w->value) && r.n == w->n && !r.lo == !w->lo && !r.hi == !w->hi &&
              (!r.lo || !strcmp(r.lo, w->lo)) && (!r.hi || !strcmp(r.hi, w->hi));
    }
    CHECK(got == 0 && k == 4 && ok, "value read back row for row");
    int cut_ok = 1;
    for (size_t n = 1; n < s.n; n++) { /* every cut is damaged or ends at a row's end */
        at = 0;
        while ((got = sq_span_blob_next(s.p, n, &at, &r)) == 1) cut_ok &= at <= n;
        cut_ok &= got == -1 || at == n;
    }
    CHECK(cut_ok, "a cut value: damaged, never read past its end");
    at = 0;
    CHECK(sq_span_blob_next("", 0, &at, &r) == 0, "the empty value: no rows");
    free(s.p);
}

static void test_doc_spans_tokens(void)
{
    static const char *const titles[] = {"حملة جديدة لـ", "حملة جديدة لـ”قسد” ضد خلايا “داعش” في الرقة", ""};
    const char *body = "أعلنت «قوات سوريا الديمقراطية» (قسد) أنها بدأت في 14 أبريل/نيسان 2021 حملة "
                       "ضد تنظيم “داعش” في الرقة، بقوام 500 عنصر، وذلك أمس. #قسد_الرقة";
    for (size_t i = 0; i < sizeof titles / sizeof *titles; i++) {
        const char *title = titles[i];
        fahras_error e;
        fh_text_tokens *k = fh_text_tokens_new(strlen(title));
        tap_field tf = {k, 0};
        CHECK(k && !fahras_analyze(an, title, strlen(title), tap_field_token, &tf, &e), "title analyzed");
        tf.field = 1;
        CHECK(k && !fahras_analyze(an, body, strlen(body), tap_field_token, &tf, &e), "body analyzed");
        fh_doc_spans *a = fh_doc_spans_make(tagger, NULL, an, title, strlen(title), body, strlen(body), "2021-04-20", NULL, &e);
        fh_doc_spans *b = fh_doc_spans_make(tagger, NULL, an, title, strlen(title), body, strlen(body), "2021-04-20", k, &e);
        CHECK(a && b && fh_doc_spans_count(a) > 5 && same_rows(a, b),
              "title %zu: the summary from the indexed tokens is the summary of the text", i);
        fh_doc_spans_free(a);
        fh_doc_spans_free(b);
        fh_text_tokens_free(k);
    }
}

typedef struct ent_out {
    char text[2048];
} ent_out;

static int put_entity(void *ctx, const char *type, const char *key, const char *name, long count)
{
    ent_out *o = ctx;
    size_t n = strlen(o->text);
    snprintf(o->text + n, sizeof o->text - n, "%s:%s/%s=%ld ", type, key, name, count);
    return 0;
}

/* The facets of e, then e freed. */
static void emit_free(fh_entfacets *e, ent_out *o, fh_entity_facet_sink *sink)
{
    *sink = (fh_entity_facet_sink){put_entity, o, 0, ""};
    fh_entfacets_emit(e, sink);
    fh_entfacets_free(e);
}

static void test_entfacets(void)
{
    fh_entfacets *e = fh_entfacets_new(NULL);
    /* three documents; an entity counts once a document, its name is the most mentioned */
    fh_entfacets_row(e, 0, FAHRAS_SPAN_ORG, "داعش", "تنظيم الدولة", 1, NULL);
    fh_entfacets_row(e, 0, FAHRAS_SPAN_LOC, "الرقه", "الرقة", 2, NULL);
    fh_entfacets_row(e, 0, FAHRAS_SPAN_DATE, "2021-04-14", "", 1, "2021-04-14");
    fh_entfacets_row(e, 0, FAHRAS_SPAN_DATE, "2021-04", "", 1, "2021-04-01");
    fh_entfacets_row(e, 1, FAHRAS_SPAN_ORG, "داعش", "داعش", 5, NULL);
    fh_entfacets_row(e, 1, FAHRAS_SPAN_DATE, "2021-03-28", "", 1, "2021-03-28");
    fh_entfacets_row(e, 2, FAHRAS_SPAN_ORG, "قسد", "قسد", 1, NULL);
    fh_entfacets_row(e, 2, FAHRAS_SPAN_PER, "فرهاد شامي", "فرهاد شامي", 1, NULL);
    fh_entfacets_row(e, 2, FAHRAS_SPAN_DATE, "2021", "", 1, "2021-01-01");
    fh_entfacets_row(e, 2, FAHRAS_SPAN_DATE, "1801/1900", "", 1, "1801-01-01"); /* a century: no point */
    ent_out o = {""};
    fh_entity_facet_sink sink = {put_entity, &o, 0, ""};
    CHECK(!fh_entfacets_emit(e, &sink), "emitted");
    fh_entfacets_free(e);
    CHECK(!strcmp(o.text, "PER:فرهاد شامي/فرهاد شامي=1 ORG:داعش/داعش=2 ORG:قسد/قسد=1 LOC:الرقه/الرقة=1 "
                          "timeline:2021-03/=1 timeline:2021-04/=1 "),
          "counts by document, names by mentions, a timeline of months (a year-only date and a century left out): %s",
          o.text);
    CHECK(sink.from == 3 && !strcmp(sink.timeline_unit, "month"), "from 3 documents, unit month: %ld %s",
          sink.from, sink.timeline_unit);
    /* the whole name is shown before a commoner part of it or an alias's spelling */
    e = fh_entfacets_new(NULL);
    fh_entfacets_row(e, 0, FAHRAS_SPAN_PER, "دونالد ترامب", "ترمب", 9, NULL);
    fh_entfacets_row(e, 1, FAHRAS_SPAN_PER, "دونالد ترامب", "دونالد ترمب", 2, NULL);
    fh_entfacets_row(e, 2, FAHRAS_SPAN_PER, "دونالد ترامب", "الرئيس دونالد ترمب", 5, NULL);
    ent_out ow = {""};
    fh_entity_facet_sink sinkw;
    emit_free(e, &ow, &sinkw);
    CHECK(!strcmp(ow.text, "PER:دونالد ترامب/دونالد ترمب=3 "), "the whole name shown: %s", ow.text);
    /* a range counts at its start, a century not at all */
    e = fh_entfacets_new(NULL);
    fh_entfacets_row(e, 0, FAHRAS_SPAN_DATE, "1970/1979", "", 1, "1970-01-01");
    fh_entfacets_row(e, 1, FAHRAS_SPAN_DATE, "1801/1900", "", 1, "1801-01-01");
    fh_entfacets_row(e, 2, FAHRAS_SPAN_DATE, "1975", "", 1, "1975-01-01");
    ent_out oc = {""};
    fh_entity_facet_sink sinkc;
    emit_free(e, &oc, &sinkc);
    CHECK(!strcmp(oc.text, "timeline:1970/=1 timeline:1975/=1 "),
          "a decade is a point at its first year, a century none: %s", oc.text);
    /* the 2nd to 98th percentile sets the unit: one old date does not make a timeline of years */
    e = fh_entfacets_new(NULL);
    for (long d = 0; d < 100; d++) {
        char day[16];
        snprintf(day, sizeof day, "2021-04-%02d", (int)(1 + d % 28));
        fh_entfacets_row(e, d, FAHRAS_SPAN_DATE, day, "", 1, day);
    }
    fh_entfacets_row(e, 100, FAHRAS_SPAN_DATE, "1948", "", 1, "1948-01-01");
    ent_out o2 = {""};
    fh_entity_facet_sink sink2;
    emit_free(e, &o2, &sink2);
    CHECK(!strcmp(sink2.timeline_unit, "day") && strstr(o2.text, "timeline:2021-04-01/=4 ") && !strstr(o2.text, "1948"),
          "days within one month, the outlier left out: %s %.80s", sink2.timeline_unit, o2.text);
    /* an event filter shows only the dates in its range */
    fh_entity_filters f;
    memset(&f, 0, sizeof f);
    f.events = 1;
    strcpy(f.event_lo, "2021-04-01");
    strcpy(f.event_hi, "2021-04-31");
    e = fh_entfacets_new(&f);
    fh_entfacets_row(e, 0, FAHRAS_SPAN_DATE, "2021-04-14", "", 1, "2021-04-14");
    fh_entfacets_row(e, 0, FAHRAS_SPAN_DATE, "2020-01-02", "", 1, "2020-01-02");
    ent_out o3 = {""};
    fh_entity_facet_sink sink3;
    emit_free(e, &o3, &sink3);
    fh_entfacets_free(NULL);
    CHECK(!strcmp(o3.text, "timeline:2021-04-14/=1 "), "within the event range only: %s", o3.text);
}

/* The rows of interned strings (fh_entfacets_row_stable) count as the
 * same rows given as copies; more values than are shown: the top ones by
 * count, then key. */
static void test_entfacets_stable(void)
{
    static const char *const keys[] = {"k00", "k01", "k02", "k03", "k04", "k05", "k06", "k07",
                                       "k08", "k09", "k10", "k11", "k12", "k13", "k14"};
    static const char *const names[] = {"n0", "n1", "n2"};
    fh_entfacets *plain = fh_entfacets_new(NULL), *stable = fh_entfacets_new(NULL);
    for (long d = 0; d < 40; d++)
        for (int k = 0; k < 15; k++) {
            if ((d + 1) % (k + 1) && k % 5) continue; /* counts differ, ties among k0, k5, k10 */
            const char *name = names[(d + k) % 3];
            char key_copy[8], name_copy[8];
            snprintf(key_copy, sizeof key_copy, "%s", keys[k]);
            snprintf(name_copy, sizeof name_copy, "%s", name);
            fh_entfacets_row(plain, d, FAHRAS_SPAN_PER, key_copy, name_copy, 1 + k % 2, NULL);
            fh_entfacets_row_stable(stable, d, FAHRAS_SPAN_PER, keys[k], fh_fnv(keys[k], 3), name,
                                    1 + k % 2, NULL);
        }
    ent_out a = {""}, b = {""};
    fh_entity_facet_sink sa = {put_entity, &a, 0, ""}, sb = {put_entity, &b, 0, ""};
    CHECK(!fh_entfacets_emit(plain, &sa) && !fh_entfacets_emit(stable, &sb), "emitted");
    fh_entfacets_free(plain);
    fh_entfacets_free(stable);
    CHECK(!strcmp(a.text, b.text), "interned rows count as copies: %s | %s", a.text, b.text);
    CHECK(!strncmp(a.text, "PER:k00/", 8) && strstr(a.text, "PER:k05/") && !strstr(a.text, "k14"),
          "the top %d by count, then key: %s", FH_ENTITY_FACET_TOP, a.text);
}

static void count_value(void *ctx, const char *v, size_t len)
{
    facet_out *o = ctx;
    size_t n = strlen(o->text);
    snprintf(o->text + n, sizeof o->text - n, "[%.*s]", (int)len, v);
}

static void test_facet_values(void)
{
    facet_out o = {""};
    fh_facet_values(FH_FACET_CATEGORY, " a , b,,c ", 10, count_value, &o);
    fh_facet_values(FH_FACET_MONTH, "2021-04-14", 10, count_value, &o);
    fh_facet_values(FH_FACET_SOURCE, "", 0, count_value, &o);
    CHECK(!strcmp(o.text, "[a][b][c][2021-04]"), "categories trimmed, months, no empty values: %s", o.text);
}

/* ---- ranking arithmetic -------------------------------------------------- */

static void test_rank(void)
{
    CHECK(fh_rank_idf(1000, 1) > fh_rank_idf(1000, 100) && fh_rank_idf(1000, 1000) > 0,
          "idf falls with df and stays positive");
    CHECK(fh_rank_saturate(0) == 0 && fh_rank_saturate(1e9) < FH_RANK_K1 + 1 &&
              fabs(fh_rank_saturate(FH_RANK_K1) - (FH_RANK_K1 + 1) / 2) < 1e-12,
          "saturation: 0, half at k1, below k1 + 1");
    CHECK(fh_rank_occurrence(0) == FH_RANK_LEAD_FACTOR && fh_rank_occurrence(FH_RANK_LEAD_WORDS) == 1,
          "the lead counts double");
    double dl[2] = {1, 1}, acc[2], idf[2] = {2, 0.5};
    fh_rank_occ occ[] = {{0, 1, 3}, {1, 1, 4}};
    double p = fh_rank_proximity(occ, 2, idf, 2, dl, fh_rank_field_weight, FH_FIELDS, acc);
    double want = 1.0 * fh_rank_saturate(1.0) + 0.5 * fh_rank_saturate(1.0);
    CHECK(fabs(p - want) < 1e-12, "proximity of neighbours: %g, want %g", p, want);
    occ[1].pos = 3 + FH_RANK_PROX_WINDOW + 1;
    CHECK(fh_rank_proximity(occ, 2, idf, 2, dl, fh_rank_field_weight, FH_FIELDS, acc) == 0,
          "no proximity beyond the window");
    CHECK(fh_rank_term(1, 2, 1e9) <= fh_rank_term_max(1, 2), "a term never exceeds its bound");
}

/* The proximity bound from occurrence counts against the proximity of
 * random placements (terms at shared positions, dense clusters, several
 * fields), and an unknown count giving the term's largest share. */
static void test_proximity_bound(void)
{
    enum { T = 4, MAXOCC = 40 };
    unsigned seed = 777;
    int ok = 1;
    double idf[T] = {0.3, 1.5, 4.0, 0.9}, acc[T], dl[FH_FIELDS];
    for (int round = 0; round < 3000 && ok; round++) {
        fh_rank_occ occ[T * MAXOCC];
        uint32_t cnt[T * FH_FIELDS] = {0};
        size_t n = 0;
        seed = seed * 1103515245u + 12345u;
        uint32_t span = 2 + (seed >> 8) % 30; /* small spans crowd the occurrences */
        for (int f = 0; f < FH_FIELDS; f++) dl[f] = 0.3 + (double)((seed >> (12 + f)) % 20) / 10.0;
        for (uint32_t t = 0; t < T; t++)
            for (uint32_t f = 0; f < FH_FIELDS; f++) {
                seed = seed * 1103515245u + 12345u;
                uint32_t want = (seed >> 9) % 6;
                for (uint32_t pos = (seed >> 3) % 4; pos < span && cnt[t * FH_FIELDS + f] < want; pos++) {
                    seed = seed * 1103515245u + 12345u;
                    if ((seed >> 10) % 3 == 0) continue;
                    occ[n++] = (fh_rank_occ){t, f, pos};
                    cnt[t * FH_FIELDS + f]++;
                }
            }
        fh_rank_occ_sort(occ, n);
        double p = fh_rank_proximity(occ, n, idf, T, dl, fh_rank_field_weight, FH_FIELDS, acc);
        double b = fh_rank_proximity_bound(cnt, idf, T, dl, fh_rank_field_weight, FH_FIELDS);
        ok = p <= b;
        CHECK(ok, "proximity bound %g below the proximity %g (round %d)", b, p, round);
    }
    uint32_t cnt[2 * FH_FIELDS] = {1, 0, UINT32_MAX, UINT32_MAX};
    double idf2[2] = {2, 0.5};
    dl[0] = dl[1] = 1;
    double b = fh_rank_proximity_bound(cnt, idf2, 2, dl, fh_rank_field_weight, FH_FIELDS);
    CHECK(fabs(b - fh_rank_proximity_max(2) - fh_rank_proximity_max(0.5)) < 1e-6,
          "unknown counts bound by the largest shares: %g", b);
}

/* The proximity through position masks against the sorted occurrences,
 * bit for bit: random lists with terms at shared positions, terms left
 * out, positions up to the masks' end; lists that do not fit are refused
 * with the masks left zero. */
static void test_proximity_lists(void)
{
    enum { T = 6, MAXOCC = 30, CAP = 200 };
    static uint64_t mask[CAP], seen[CAP / 64 + 2];
    static uint32_t pos[T][2 * MAXOCC];
    unsigned seed = 4242;
    int ok = 1;
    double idf[T + 1] = {0.3, 1.5, 4.0, 0.9, 2.2, 0.05, 1.0}, acc[T + 1], dl[FH_FIELDS];
    for (int round = 0; round < 4000 && ok; round++) {
        fh_rank_occ occ[T * 2 * MAXOCC];
        fh_rank_plist lists[T];
        size_t n = 0, nl = 0;
        seed = seed * 1103515245u + 12345u;
        uint32_t span = 2 + (seed >> 8) % (CAP - FH_RANK_PROX_WINDOW - 2);
        for (int f = 0; f < FH_FIELDS; f++) dl[f] = 0.3 + (double)((seed >> (12 + f)) % 20) / 10.0;
        for (uint32_t t = 0; t < T; t++) {
            seed = seed * 1103515245u + 12345u;
            if ((seed >> 7) % 5 == 0) continue; /* a term not in the document */
            uint32_t k = 0, nf[FH_FIELDS] = {0};
            for (uint32_t f = 0; f < FH_FIELDS; f++) {
                seed = seed * 1103515245u + 12345u;
                uint32_t want = (seed >> 9) % MAXOCC, step = 1 + (seed >> 14) % 12;
                for (uint32_t p = (seed >> 3) % 6; p < span && nf[f] < want; p += 1 + (seed >> 20) % step) {
                    seed = seed * 1103515245u + 12345u;
                    pos[nl][k++] = p;
                    nf[f]++;
                    occ[n++] = (fh_rank_occ){t + 1, f, p};
                }
            }
            lists[nl] = (fh_rank_plist){pos[nl], {nf[0], nf[1]}, t + 1};
            nl++;
        }
        fh_rank_occ_sort(occ, n);
        double want = fh_rank_proximity(occ, n, idf, T + 1, dl, fh_rank_field_weight, FH_FIELDS, acc), got = -1;
        int rc = fh_rank_proximity_lists(lists, nl, idf, T + 1, dl, fh_rank_field_weight, mask, seen, CAP, acc, &got);
        ok = rc == 0 && memcmp(&got, &want, sizeof got) == 0;
        CHECK(ok, "proximity through masks %.17g, sorted %.17g (round %d, rc %d)", got, want, round, rc);
    }
    int zero = 1;
    for (size_t i = 0; i < CAP; i++) zero &= mask[i] == 0 && (i >= CAP / 64 + 2 || seen[i] == 0);
    CHECK(zero, "the masks are left zero");
    /* a list not ascending, a position past the masks, terms out of order */
    uint32_t down[3] = {4, 9, 7}, far[2] = {3, CAP - 2};
    fh_rank_plist bad[3][2] = {
        {{down, {0, 3}, 0}, {far, {1, 0}, 1}},
        {{far, {2, 0}, 0}, {down, {1, 0}, 1}},
        {{down, {1, 0}, 1}, {far, {1, 0}, 0}},
    };
    double got = 42;
    for (int b = 0; b < 3; b++)
        CHECK(fh_rank_proximity_lists(bad[b], 2, idf, T + 1, dl, fh_rank_field_weight, mask, seen, CAP, acc, &got) == -1 && got == 42,
              "unfit lists refused (%d)", b);
    zero = 1;
    for (size_t i = 0; i < CAP; i++) zero &= mask[i] == 0 && (i >= CAP / 64 + 2 || seen[i] == 0);
    CHECK(zero, "the masks are left zero after a refusal");
}

/* The occurrence sort against the order it promises (field, position,
 * term), on runs as the index hands them over and on shuffled input. */
static void test_occ_sort(void)
{
    enum { N = 1500 };
    static fh_rank_occ occ[N];
    unsigned seed = 12345;
    int ok = 1;
    for (size_t n = 0; n <= N && ok; n = n ? n * 3 : 1) {
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            occ[i] = (fh_rank_occ){(seed >> 8) % 7, (seed >> 4) % 2, (seed >> 12) % 300};
        }
        if (n > 2) /* a run of one term's ascending positions first */
            for (size_t i = 0; i < n / 2; i++) occ[i] = (fh_rank_occ){3, i < n / 4 ? 0u : 1u, (uint32_t)i};
        fh_rank_occ_sort(occ, n);
        for (size_t i = 1; i < n && ok; i++) {
            const fh_rank_occ *a = &occ[i - 1], *b = &occ[i];
            ok = a->field < b->field || (a->field == b->field && (a->pos < b->pos ||
                 (a->pos == b->pos && a->term <= b->term)));
        }
    }
    CHECK(ok, "occurrences sorted by field, position, term");
    fh_rank_occ big[3] = {{1u << 25, 0, 5}, {0, 0, 5}, {2, 300, 1}};
    fh_rank_occ_sort(big, 3); /* too wide to pack: the general sort */
    CHECK(big[0].term == 0 && big[1].term == 1u << 25 && big[2].field == 300, "wide terms and fields sorted too");
}

static void test_boiler(void)
{
    /* lines keyed: spacing and diacritics do not matter, the source does */
    const char body[] = "  خبر اليوم في المدينة \nهل أعجبكَ المحتوى؟\n\n ...\n  هل أعجبك   المحتوى؟  ";
    fh_boiler_line *l = NULL, *m = NULL;
    size_t n = 0, k = 0;
    fh_err err;
    CHECK(!fh_boiler_lines(an, "موقع", strlen("موقع"), body, strlen(body), &l, &n, &err),
          "lines of a body");
    CHECK(n == 3, "lines with words only (an empty line and one of dots are not counted): %zu", n);
    if (n == 3) {
        CHECK(l[1].key == l[2].key && l[0].key != l[1].key, "one line, spaced and vowelled otherwise");
        CHECK(l[1].start == strlen("  خبر اليوم في المدينة \n") &&
                  body[l[1].end] == '\n', "a line's bytes in the original");
        CHECK(l[2].end == strlen(body), "the last line ends with the body");
    }
    CHECK(!fh_boiler_lines(an, "موقع آخر", strlen("موقع آخر"), body, strlen(body), &m, &k, &err) &&
              k == 3 && m[1].key != l[1].key, "the same line of another source is another line");
    free(l);
    free(m);
    /* masks: ranges blanked, the length kept, ranges out of bounds clipped */
    char *out = NULL;
    CHECK(!fh_boiler_apply("abcdefghij", 10, NULL, 0, &out) && !out, "no mask, no copy");
    CHECK(!fh_boiler_apply("abcdefghij", 10, "1-3,8-400", 9, &out) && out &&
              !strcmp(out, "a  defgh  "), "ranges blanked, clipped: '%s'", out ? out : "");
    free(out);
    /* the rule, with its gap between marking and keeping */
    CHECK(fh_boiler_rule(5, 6, 0) && !fh_boiler_rule(4, 4, 0), "at least 5 articles");
    CHECK(fh_boiler_rule(5, 100, 0) && !fh_boiler_rule(5, 101, 0), "marked at 5%%");
    CHECK(fh_boiler_rule(5, 125, 1) && !fh_boiler_rule(5, 126, 1), "kept down to 4%%");
}

static void test_tagger_record(void)
{
    char r[FH_TAGGER_RECORD_MAX], note[640];
    CHECK(fh_tagger_record_next("", 0, "ner-1+aaaaaaaa", r, sizeof r) == 1 && !strcmp(r, "ner-1+aaaaaaaa"),
          "a new store: its first tagger (%s)", r);
    CHECK(fh_tagger_record_next("ner-1+aaaaaaaa", 1, "ner-1+aaaaaaaa", r, sizeof r) == 0 &&
              !strcmp(r, "ner-1+aaaaaaaa"), "the same tagger: nothing to write (%s)", r);
    CHECK(fh_tagger_record_next("", 1, "ner-1+aaaaaaaa", r, sizeof r) == 1 &&
              !strcmp(r, FH_TAGGER_UNRECORDED " ner-1+aaaaaaaa"),
          "documents before the record: listed first (%s)", r);
    CHECK(fh_tagger_record_next("ner-1+aaaaaaaa ner-1+bbbbbbbb", 1, "ner-1+aaaaaaaa", r, sizeof r) == 0 &&
              !strcmp(r, "ner-1+aaaaaaaa ner-1+bbbbbbbb"), "a tagger listed already: kept in its place (%s)", r);
    CHECK(fh_tagger_record_next("ner-1+aaaaaaaa", 1, "ner-1+aaaaaaa", r, sizeof r) == 1 &&
              !strcmp(r, "ner-1+aaaaaaaa ner-1+aaaaaaa"), "a stamp that is a prefix of one listed is another (%s)", r);
    char full[FH_TAGGER_RECORD_MAX] = "";
    for (int i = 0; strlen(full) + 16 < sizeof full; i++)
        snprintf(full + strlen(full), sizeof full - strlen(full), "%sner-1+%08x", *full ? " " : "", i);
    CHECK(fh_tagger_record_next(full, 1, "ner-2+ffffffff", r, sizeof r) == 1 && strlen(r) < sizeof r &&
              !strncmp(r, "ner-1+00000001 ", 15) && strstr(r, " ner-2+ffffffff"),
          "a full record loses its oldest stamp (%.40s)", r);
    CHECK(fh_tagger_record_note("", "ner-1+aaaaaaaa", note, sizeof note) == 0 && !*note, "no record: no note");
    CHECK(fh_tagger_record_note("ner-1+aaaaaaaa", "ner-1+aaaaaaaa", note, sizeof note) == 0 && !*note,
          "this tagger's record: no note");
    CHECK(fh_tagger_record_note("ner-1+bbbbbbbb", "ner-1+aaaaaaaa", note, sizeof note) == 1 &&
              strstr(note, "tagger ner-1+bbbbbbbb, this fahras tags with ner-1+aaaaaaaa: their"),
          "another tagger: named (%s)", note);
    CHECK(fh_tagger_record_note("ner-1+bbbbbbbb ner-1+aaaaaaaa", "ner-1+aaaaaaaa", note, sizeof note) == 1 &&
              strstr(note, "taggers ner-1+bbbbbbbb ner-1+aaaaaaaa, this fahras tags with ner-1+aaaaaaaa: the others'"),
          "this tagger and others: the others named (%s)", note);
}

int main(void)
{
    fahras_options o;
    fahras_error e;
    fahras_options_default(&o);
    o.utf8 = FAHRAS_UTF8_REPLACE;
    fahras_analyzer *a = fahras_analyzer_new(&o, &e);
    if (!a) return 1;
    an = a;
    test_plan_words();
    test_plan_phrases();
    test_plan_prefix_and_near();
    test_plan_repeats_and_prefixes();
    test_plan_glued_words();
    test_query_operators();
    test_plan_match();
    test_plan_variants();
    test_plan_relax();
    test_highlight();
    test_highlight_work();
    test_marks_cap();
    test_facets();
    test_facet_values();
    test_filters();
    test_browses();
    fahras_error te;
    if (!(tagger = fahras_tagger_new(a, &te))) {
        fprintf(stderr, "tagger: %s\n", te.message);
        return 1;
    }
    test_entity_filters();
    test_date_days();
    test_doc_spans();
    test_doc_spans_tokens();
    test_span_blob();
    test_entfacets();
    test_entfacets_stable();
    fahras_tagger_free(tagger);
    test_rank();
    test_occ_sort();
    test_proximity_bound();
    test_proximity_lists();
    test_boiler();
    test_tagger_record();
    fahras_analyzer_free(a);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
