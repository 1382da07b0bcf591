/*
 * unit.c - tests of fahras's own index (src/index): segments written by the
 * inverter and read back, merges with deletions, and evaluation of query
 * plans: the pruned top k equals the exhaustive top k, the exhaustive
 * scores equal rank.h's formula computed here from the documents' words,
 * filters, totals, facets, phrases, prefixes, exclusions, and the work
 * pruning saves (postings decoded, never time).  Corrupt segments are
 * refused or fail cleanly.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fahras.h"
#include "inverter.h"
#include "merge.h"
#include "search.h"

static int pass, fail;
#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (cond) pass++;                                                                          \
        else {                                                                                     \
            fail++;                                                                                \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);                                            \
            printf(__VA_ARGS__);                                                                   \
            printf("\n");                                                                          \
        }                                                                                          \
    } while (0)

/* ------------------------------------------------------------------ */
/* A synthetic corpus: words w0..w(V-1) with Zipf-like frequencies      */
/* ------------------------------------------------------------------ */

#define V 400
#define NDOCS 3000
static uint64_t rng = 88172645463325252ull;
static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)rng;
}
static int zipf_word(void)
{
    /* inverse of a 1/r distribution over V words */
    double u = (rnd() % 1000000) / 1000000.0;
    int w = (int)floor(exp(u * log((double)V))) - 1;
    return w < 0 ? 0 : w >= V ? V - 1 : w;
}

typedef struct tdoc {
    char title[256], body[4096];
    char source[16], date[16];
    int64_t rowid;
    int deleted;
} tdoc;
static tdoc docs[NDOCS];

static void make_corpus(void)
{
    for (int i = 0; i < NDOCS; i++) {
        tdoc *d = &docs[i];
        int nt = 2 + rnd() % 6, nb = 10 + rnd() % 120;
        size_t k = 0;
        for (int j = 0; j < nt; j++) k += (size_t)snprintf(d->title + k, sizeof d->title - k, "w%d ", zipf_word());
        k = 0;
        for (int j = 0; j < nb && k < sizeof d->body - 16; j++)
            k += (size_t)snprintf(d->body + k, sizeof d->body - k, "w%d ", zipf_word());
        snprintf(d->source, sizeof d->source, "src%u", rnd() % 4);
        snprintf(d->date, sizeof d->date, "20%02u-%02u-%02u", 10 + rnd() % 10, 1 + rnd() % 12, 1 + rnd() % 28);
        d->rowid = 1000 + i;
    }
}

static fahras_analyzer *an;

static int add_docs(ix_inv *v, int from, int to)
{
    for (int i = from; i < to; i++) {
        tdoc *d = &docs[i];
        ix_inv_doc x = {d->rowid, d->title, strlen(d->title), d->body, strlen(d->body), d->source,
                        strlen(d->source), NULL, 0, d->date, strlen(d->date), NULL, NULL};
        if (ix_inv_add(v, &x)) return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Plans built by hand (as plan.c would for words)                     */
/* ------------------------------------------------------------------ */

typedef struct tplan {
    fh_plan p;
    fh_plan_clause c[16];
    fh_plan_slot s[16][4];
    char text[16][4][32];
} tplan;

static void plan_reset(tplan *t)
{
    memset(t, 0, sizeof *t);
    t->p.clauses = t->c;
}

/* A clause of n_slots words (a phrase when > 1). */
static void plan_add(tplan *t, int role, double weight, int prox, const char *const *words,
                     size_t n_slots, int prefix)
{
    size_t i = t->p.n++;
    fh_plan_clause *c = &t->c[i];
    c->role = role;
    c->origin = FH_ORIGIN_TYPED;
    c->n_slots = n_slots;
    c->slots = t->s[i];
    c->kind = n_slots > 1 ? FH_QC_PHRASE : FH_QC_WORD;
    c->weight = weight;
    c->proximity = prox;
    c->df = -1;
    for (size_t j = 0; j < n_slots; j++) {
        snprintf(t->text[i][j], sizeof t->text[i][j], "%s", words[j]);
        t->s[i][j].n_alt = 1;
        t->s[i][j].alt[0] = (fh_plan_term){t->text[i][j], strlen(words[j]), prefix};
    }
    if (role == FH_ROLE_MUST) t->p.n_must++;
    if (role == FH_ROLE_SELECT) t->p.n_select++;
    if (role == FH_ROLE_RANK) t->p.n_rank++;
    if (role == FH_ROLE_NOT) t->p.n_not++;
    t->p.min_should = t->p.n_must ? 0 : 1;
}

/* ------------------------------------------------------------------ */
/* The reference: rank.h's formula from the documents' own words       */
/* ------------------------------------------------------------------ */

static int word_positions(const char *text, const char *w, uint32_t *pos, uint32_t *len)
{
    int n = 0;
    uint32_t p = 0;
    const char *s = text;
    while (*s) {
        while (*s == ' ') s++;
        if (!*s) break;
        size_t l = strcspn(s, " ");
        if (l == strlen(w) && !memcmp(s, w, l)) pos[n++] = p;
        p++;
        s += l;
    }
    *len = p;
    return n;
}

/* Score of doc i for a plan of single-word SELECT/RANK clauses. */
static double ref_score(const tplan *t, int i, const ix_view *v, int *matches)
{
    const tdoc *d = &docs[i];
    double avg[2] = {(double)v->len_total[0] / v->n_docs, (double)v->len_total[1] / v->n_docs};
    uint32_t pos[2][512], np[2][16], len[2] = {0, 0};
    double dl[2], s = 0, idf[16];
    fh_rank_occ occ[2048];
    size_t nocc = 0;
    *matches = 0;
    for (size_t c = 0; c < t->p.n; c++) {
        np[0][c] = (uint32_t)word_positions(d->title, t->text[c][0], pos[0], &len[0]);
        for (uint32_t k = 0; k < np[0][c]; k++) occ[nocc++] = (fh_rank_occ){(uint32_t)c, 0, pos[0][k]};
        np[1][c] = (uint32_t)word_positions(d->body, t->text[c][0], pos[1], &len[1]);
        for (uint32_t k = 0; k < np[1][c]; k++) occ[nocc++] = (fh_rank_occ){(uint32_t)c, 1, pos[1][k]};
        uint64_t df;
        char msg[64];
        ix_clause_df(v, &t->c[c], &df, msg, sizeof msg);
        idf[c] = fh_rank_idf((double)v->n_docs, df > v->n_docs ? (double)v->n_docs : (double)df);
    }
    for (int f = 0; f < 2; f++) dl[f] = fh_rank_dlnorm(len[f], avg[f]);
    int nprox = 0, nmatched_prox = 0;
    for (size_t c = 0; c < t->p.n; c++) {
        nprox += t->c[c].proximity;
        if (!np[0][c] && !np[1][c]) continue;
        if (t->c[c].role == FH_ROLE_SELECT) *matches = 1;
        nmatched_prox += t->c[c].proximity;
        double tf[2] = {0, 0};
        for (int f = 0; f < 2; f++) {
            word_positions(f ? d->body : d->title, t->text[c][0], pos[f], &len[f]);
            for (uint32_t k = 0; k < np[f][c]; k++) tf[f] += fh_rank_occurrence(pos[f][k]);
        }
        s += fh_rank_term(t->c[c].weight, idf[c], fh_rank_tfw(tf, dl, fh_rank_field_weight, 2));
    }
    if (nprox >= 2 && nmatched_prox >= 2) {
        size_t k = 0;
        for (size_t j = 0; j < nocc; j++)
            if (t->c[occ[j].term].proximity) occ[k++] = occ[j];
        double acc[16];
        fh_rank_occ_sort(occ, k);
        s += fh_rank_proximity(occ, k, idf, t->p.n, dl, fh_rank_field_weight, 2, acc);
    }
    return s;
}

/* ------------------------------------------------------------------ */

static char dir[256];

static int build_segment(const char *name, int from, int to, ix_seg *out, uint64_t id)
{
    ix_inv *v = ix_inv_new(an);
    char path[512], msg[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int rc = add_docs(v, from, to);
    if (!rc) rc = ix_inv_flush(v, path, 42, id, msg, sizeof msg);
    ix_inv_free(v);
    if (rc) {
        printf("flush failed: %s\n", msg);
        return rc;
    }
    rc = ix_seg_open(out, path, msg, sizeof msg);
    if (rc) printf("open failed: %s\n", msg);
    return rc;
}

/* Files a and b (in dir) hold the same bytes. */
static int same_file(const char *a, const char *b)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "cmp -s '%s/%s' '%s/%s'", dir, a, dir, b);
    return system(cmd) == 0;
}

/* An inverter cleared and used again (its postings pool kept) writes what
 * a fresh one writes. */
static void test_reuse(void)
{
    ix_inv *v = ix_inv_new(an);
    char path[512], msg[256] = "";
    snprintf(path, sizeof path, "%s/reused", dir);
    int rc = !v || add_docs(v, 0, 1000);
    if (!rc) ix_inv_clear(v);
    if (!rc) rc = add_docs(v, 0, NDOCS);
    if (!rc) rc = ix_inv_flush(v, path, 42, 1, msg, sizeof msg);
    ix_inv_free(v);
    CHECK(!rc && same_file("one", "reused"), "an inverter used again writes the same segment: %s", msg);
}

static void view_stats(ix_view *v)
{
    v->n_docs = 0;
    v->len_total[0] = v->len_total[1] = 0;
    for (size_t s = 0; s < v->n_segs; s++) {
        const ix_seg *g = v->segs[s].seg;
        for (uint32_t d = 0; d < g->n_docs; d++) {
            const uint8_t *del = v->segs[s].dels;
            if (del && (del[d >> 3] >> (d & 7) & 1)) continue;
            v->n_docs++;
            v->len_total[0] += ix_seg_len(g, d, 0);
            v->len_total[1] += ix_seg_len(g, d, 1);
        }
    }
}

static void random_plan(tplan *t)
{
    plan_reset(t);
    int n = 1 + (int)(rnd() % 7);
    for (int i = 0; i < n; i++) {
        char w[16];
        snprintf(w, sizeof w, "w%d", i == 0 ? (int)(rnd() % V) : zipf_word());
        const char *ws[1] = {w};
        int role = rnd() % 4 == 0 ? FH_ROLE_RANK : FH_ROLE_SELECT;
        if (i == 0) role = FH_ROLE_SELECT;
        plan_add(t, role, role == FH_ROLE_RANK ? 0.3 : 1.0, role == FH_ROLE_SELECT, ws, 1, 0);
        t->c[t->p.n - 1].query_clause = (size_t)i;
        if (role == FH_ROLE_SELECT && rnd() % 2 && t->p.n < 15) {
            /* an exact-form bonus: it matches only where its word does */
            plan_add(t, FH_ROLE_RANK, 0.3, 0, ws, 1, 0);
            t->c[t->p.n - 1].origin = FH_ORIGIN_EXACT;
            t->c[t->p.n - 1].query_clause = (size_t)i;
        }
    }
}

static int same_hits(const ix_hit *a, size_t na, const ix_hit *b, size_t nb)
{
    if (na != nb) return 0;
    for (size_t i = 0; i < na; i++)
        if (a[i].rowid != b[i].rowid || fabs(a[i].score - b[i].score) > 1e-9) return 0;
    return 1;
}

static void test_pruned_equals_exhaustive(const ix_view *v, const char *what)
{
    tplan t;
    ix_hit a[100], b[100];
    size_t na, nb;
    char msg[256];
    int same = 0, runs = 0, ref_ok = 0, ref_runs = 0;
    uint64_t post_pruned = 0, post_exh = 0;
    for (int q = 0; q < 300; q++) {
        random_plan(&t);
        size_t k = q % 3 == 0 ? 100 : 10;
        ix_request r = {&t.p, {0, NULL, NULL, 0, NULL, 0}, k, 0, NULL, NULL, 0};
        ix_work wa, wb;
        int rc1 = ix_search(v, &r, a, &na, &wa, msg, sizeof msg);
        r.exhaustive = 1;
        int rc2 = ix_search(v, &r, b, &nb, &wb, msg, sizeof msg);
        runs++;
        int sm = !rc1 && !rc2 && same_hits(a, na, b, nb);
        same += sm;
        if (!sm && getenv("IX_DEBUG") && runs - same < 2) {
            printf("plan:");
            for (size_t c = 0; c < t.p.n; c++) printf(" %s/%d", t.text[c][0], t.c[c].role);
            printf("\n");
            size_t first = 0;
            while (first < na && first < nb && a[first].rowid == b[first].rowid) first++;
            printf("  k %zu na %zu nb %zu first difference %zu\n", k, na, nb, first);
            for (size_t h = first > 3 ? first - 3 : 0; h < first + 5 && (h < na || h < nb); h++)
                printf("  %zu: %lld %.9f | %lld %.9f\n", h, h < na ? (long long)a[h].rowid : -1,
                       h < na ? a[h].score : 0, h < nb ? (long long)b[h].rowid : -1, h < nb ? b[h].score : 0);
        }
        post_pruned += wa.postings;
        post_exh += wb.postings;
        /* the exhaustive scores against the formula, for the top hits */
        for (size_t h = 0; h < nb && h < 3; h++) {
            int i = (int)(b[h].rowid - 1000), m;
            double s = ref_score(&t, i, v, &m);
            ref_runs++;
            ref_ok += m && fabs(s - b[h].score) < 1e-9 * (1 + s);
            if (!(fabs(s - b[h].score) < 1e-9 * (1 + s)) && ref_runs - ref_ok < 3)
                printf("  ref %.12f engine %.12f doc %d\n", s, b[h].score, i);
        }
    }
    CHECK(same == runs, "%s: pruned top k = exhaustive top k in %d of %d plans", what, same, runs);
    CHECK(ref_ok == ref_runs, "%s: exhaustive scores = rank.h from the words (%d of %d)", what, ref_ok, ref_runs);
    CHECK(post_pruned < post_exh, "%s: pruning decodes fewer postings (%llu vs %llu)", what,
          (unsigned long long)post_pruned, (unsigned long long)post_exh);
    printf("  %s: postings decoded pruned %llu, exhaustive %llu\n", what,
           (unsigned long long)post_pruned, (unsigned long long)post_exh);
}

/* Match modes (min_should of the selecting clauses, beside required
 * ones or not) and date order, against every match scored exhaustively. */
static void test_min_should_and_dates(const ix_view *v)
{
    static ix_hit all[NDOCS], a[NDOCS], b[50];
    char msg[256];
    int same = 0, runs = 0, counted = 0, sorted_ok = 0, dated = 0;
    for (int q = 0; q < 120; q++) {
        tplan t;
        random_plan(&t);
        if (t.p.n_select < 2) continue;
        if (q % 2) { /* a required word beside them */
            const char *w[1] = {"w1"};
            plan_add(&t, FH_ROLE_MUST, 1.0, 1, w, 1, 0);
            t.p.min_should = 1;
        } else {
            t.p.min_should = 2;
        }
        runs++;
        ix_request r = {&t.p, {0, NULL, NULL, 0, NULL, 0}, 10, 0, NULL, NULL, 0};
        size_t na, nb, nall;
        int rc = ix_search(v, &r, a, &na, NULL, msg, sizeof msg);
        r.exhaustive = 1;
        rc |= ix_search(v, &r, b, &nb, NULL, msg, sizeof msg);
        same += !rc && same_hits(a, na, b, nb);
        /* every match, exhaustively: count against ix_count, then the
         * top 20 by date against ix_search's date order */
        r.k = NDOCS;
        rc |= ix_search(v, &r, all, &nall, NULL, msg, sizeof msg);
        uint64_t n = 0;
        rc |= ix_count(v, &r, 0, &n, msg, sizeof msg);
        int held = 1; /* every match holds min_should selecting words */
        for (size_t h = 0; h < nall && held; h++) {
            size_t sel = 0;
            const tdoc *d = &docs[all[h].rowid - 1000];
            for (size_t c = 0; c < t.p.n; c++) {
                uint32_t pos[512], len;
                if (t.c[c].role == FH_ROLE_SELECT &&
                    (word_positions(d->title, t.text[c][0], pos, &len) || word_positions(d->body, t.text[c][0], pos, &len)))
                    sel++;
            }
            held = sel >= t.p.min_should;
        }
        counted += !rc && n == nall && held;
        r.k = 20;
        r.exhaustive = 0;
        r.sort = 1;
        size_t ns;
        rc |= ix_search(v, &r, a, &ns, NULL, msg, sizeof msg);
        int ok = !rc && ns == (nall < 20 ? nall : 20);
        for (size_t h = 0; ok && h < ns; h++) {
            const char *d = docs[a[h].rowid - 1000].date;
            if (h && strcmp(docs[a[h - 1].rowid - 1000].date, d) < 0) ok = 0;
            int found = 0; /* its score is the ranked search's */
            for (size_t k = 0; k < nall; k++)
                if (all[k].rowid == a[h].rowid) found = fabs(all[k].score - a[h].score) < 1e-9 * (1 + all[k].score);
            if (!found) ok = 0;
        }
        if (ok && ns) { /* no match left out is later than the last one shown */
            const char *last = docs[a[ns - 1].rowid - 1000].date;
            size_t later = 0;
            for (size_t k = 0; k < nall; k++) later += strcmp(docs[all[k].rowid - 1000].date, last) > 0;
            ok = later < ns;
            dated++;
        }
        sorted_ok += ok;
    }
    CHECK(runs > 20 && same == runs, "min_should: pruned top k = exhaustive in %d of %d plans", same, runs);
    CHECK(counted == runs, "min_should: counts = matches, each holding enough words (%d of %d)", counted, runs);
    CHECK(sorted_ok == runs && dated > 0, "date order: the latest matches, scored as ranked (%d of %d)", sorted_ok, runs);
}

/* The test's filters: a source, and dates as store.h reads them. */
typedef struct tfilter {
    const char *source, *from, *to;
} tfilter;

static int tpass(void *ctx, int kind, const char *v)
{
    const tfilter *f = ctx;
    if (kind == IX_FACET_SOURCE) return f->source ? v && !strcmp(v, f->source) : 1;
    if (kind != IX_FACET_DATE || (!f->from && !f->to)) return 1;
    if (!v) return 0;
    if (f->from && strcmp(v, f->from) < 0) return 0;
    return !f->to || strncmp(v, f->to, strlen(f->to)) <= 0;
}

typedef struct fcount {
    uint64_t n[IX_FACETS];
    int calls;
} fcount;

static int on_facet(void *ctx, int kind, const char *value, uint64_t count)
{
    fcount *f = ctx;
    (void)value;
    f->n[kind] += count;
    f->calls++;
    return 0;
}

static void test_filters_and_counts(const ix_view *v)
{
    tplan t;
    plan_reset(&t);
    const char *w[1] = {"w3"};
    plan_add(&t, FH_ROLE_SELECT, 1, 1, w, 1, 0);
    /* brute force */
    uint64_t want = 0, want_src = 0, want_date = 0;
    for (int i = 0; i < NDOCS; i++) {
        if (docs[i].deleted) continue;
        uint32_t pos[512], len;
        int has = word_positions(docs[i].title, "w3", pos, &len) + word_positions(docs[i].body, "w3", pos, &len);
        if (!has) continue;
        want++;
        want_src += !strcmp(docs[i].source, "src1");
        want_date += strcmp(docs[i].date, "2012-03") >= 0 && strncmp(docs[i].date, "2014-06", 7) <= 0;
    }
    char msg[256];
    uint64_t n;
    ix_request r = {&t.p, {0, NULL, NULL, 0, NULL, 0}, 10, 0, NULL, NULL, 0};
    CHECK(!ix_count(v, &r, 0, &n, msg, sizeof msg) && n == want, "count %llu want %llu",
          (unsigned long long)n, (unsigned long long)want);
    CHECK(!ix_count(v, &r, 5, &n, msg, sizeof msg) && n == 6, "bounded count says more than 5");
    tfilter tf = {"src1", NULL, NULL};
    r.filter = (ix_filter){1u << IX_FACET_SOURCE | 1u << IX_FACET_DATE, tpass, &tf, 0, NULL, 0};
    CHECK(!ix_count(v, &r, 0, &n, msg, sizeof msg) && n == want_src, "source filter count %llu want %llu",
          (unsigned long long)n, (unsigned long long)want_src);
    ix_hit h[10];
    size_t nh;
    ix_search(v, &r, h, &nh, NULL, msg, sizeof msg);
    int all_src = 1;
    for (size_t i = 0; i < nh; i++) all_src &= !strcmp(docs[h[i].rowid - 1000].source, "src1");
    CHECK(nh == 10 && all_src, "source filter inside the pruned loop");
    tf.source = "nosuch";
    CHECK(!ix_count(v, &r, 0, &n, msg, sizeof msg) && n == 0, "unknown source matches nothing");
    tf = (tfilter){NULL, "2012-03", "2014-06"};
    CHECK(!ix_count(v, &r, 0, &n, msg, sizeof msg) && n == want_date, "date filter count %llu want %llu",
          (unsigned long long)n, (unsigned long long)want_date);
    tf = (tfilter){NULL, NULL, NULL};
    /* a filter by row ids (the store's entity filters): only those pass */
    int64_t some[] = {1001, 1003, 1010, 1500, 999999};
    uint64_t want_ids = 0;
    for (size_t k = 0; k < 4; k++) {
        size_t i = (size_t)(some[k] - 1000);
        uint32_t pos[512], len;
        if (i < sizeof docs / sizeof docs[0] && !docs[i].deleted &&
            (word_positions(docs[i].title, "w3", pos, &len) + word_positions(docs[i].body, "w3", pos, &len)))
            want_ids++;
    }
    r.filter.by_rowid = 1;
    r.filter.rowids = some;
    r.filter.n_rowids = 5;
    CHECK(!ix_count(v, &r, 0, &n, msg, sizeof msg) && n == want_ids, "row-id filter count %llu want %llu",
          (unsigned long long)n, (unsigned long long)want_ids);
    ix_search(v, &r, h, &nh, NULL, msg, sizeof msg);
    int only = nh == want_ids;
    for (size_t i = 0; i < nh; i++) only &= h[i].rowid == 1001 || h[i].rowid == 1003 || h[i].rowid == 1010 || h[i].rowid == 1500;
    CHECK(only, "row-id filter inside the pruned loop (%zu hits)", nh);
    r.filter.n_rowids = 0;
    CHECK(!ix_count(v, &r, 0, &n, msg, sizeof msg) && n == 0, "an empty row-id set: nothing");
    r.filter.by_rowid = 0;
    fcount f;
    memset(&f, 0, sizeof f);
    uint64_t total;
    CHECK(!ix_facets(v, &r, &total, on_facet, &f, msg, sizeof msg) && total == want &&
              f.n[IX_FACET_SOURCE] == want && f.n[IX_FACET_DATE] == want,
          "facets add up to the total (%llu, %llu %llu)", (unsigned long long)total,
          (unsigned long long)f.n[0], (unsigned long long)f.n[2]);
}

/* The work budget: every posting and document is handed to on_work (the
 * sum equals the work counted), and a budget below it stops the search,
 * the count and the facets within one report of the limit. */
typedef struct tbudget {
    uint64_t spent, limit;
    int calls;
} tbudget;

static int on_work(void *ctx, uint64_t more)
{
    tbudget *b = ctx;
    b->spent += more;
    b->calls++;
    return b->limit && b->spent > b->limit;
}

static void test_work_budget(const ix_view *v)
{
    tplan t;
    plan_reset(&t);
    const char *w[3] = {"w0", "w1", "w2"};
    for (int i = 0; i < 3; i++) plan_add(&t, FH_ROLE_SELECT, 1, 1, &w[i], 1, 0);
    char msg[256];
    ix_hit h[10];
    size_t nh;
    ix_work work;
    tbudget b = {0, 0, 0};
    ix_request r = {&t.p, {0, NULL, NULL, 0, NULL, 0}, 10, 1, on_work, &b, 0};
    CHECK(!ix_search(v, &r, h, &nh, &work, msg, sizeof msg) && nh == 10, "search with a budget callback");
    uint64_t all = work.postings + work.candidates;
    CHECK(b.spent == all && b.calls > 1, "the work handed over (%llu in %d reports) is the work done (%llu)",
          (unsigned long long)b.spent, b.calls, (unsigned long long)all);
    b = (tbudget){0, all / 4, 0};
    CHECK(ix_search(v, &r, h, &nh, &work, msg, sizeof msg) && strstr(msg, "budget"),
          "a budget of a quarter stops the search: %s", msg);
    uint64_t done = work.postings + work.candidates;
    CHECK(done < all && b.spent < all,
          "stopped near the limit (%llu of %llu done, %llu reported)", (unsigned long long)done,
          (unsigned long long)all, (unsigned long long)b.spent);
    uint64_t n;
    b = (tbudget){0, 0, 0};
    CHECK(!ix_count(v, &r, 0, &n, msg, sizeof msg) && b.spent > 0, "a count reports its work");
    b.limit = b.spent / 4;
    b.spent = 0;
    CHECK(ix_count(v, &r, 0, &n, msg, sizeof msg), "a budget of a quarter stops the count");
}

static void test_phrase_prefix_not(const ix_view *v)
{
    char msg[256];
    uint64_t n;
    /* a phrase of the two most frequent words vs brute force */
    tplan t;
    plan_reset(&t);
    const char *ph[2] = {"w0", "w1"};
    plan_add(&t, FH_ROLE_MUST, 1, 0, ph, 2, 0);
    uint64_t want = 0;
    for (int i = 0; i < NDOCS; i++) {
        if (docs[i].deleted) continue;
        want += strstr(docs[i].title, "w0 w1 ") == docs[i].title || strstr(docs[i].title, " w0 w1 ") ||
                strstr(docs[i].body, "w0 w1 ") == docs[i].body || strstr(docs[i].body, " w0 w1 ");
    }
    ix_request r = {&t.p, {0, NULL, NULL, 0, NULL, 0}, 10, 0, NULL, NULL, 0};
    CHECK(!ix_count(v, &r, 0, &n, msg, sizeof msg) && n == want, "phrase count %llu want %llu",
          (unsigned long long)n, (unsigned long long)want);
    ix_hit a[10], b[10];
    size_t na, nb;
    ix_search(v, &r, a, &na, NULL, msg, sizeof msg);
    r.exhaustive = 1;
    ix_search(v, &r, b, &nb, NULL, msg, sizeof msg);
    CHECK(same_hits(a, na, b, nb) && na == 10, "phrase: pruned = exhaustive");
    /* prefix w39* matches w39 and w390..w399 */
    plan_reset(&t);
    const char *pre[1] = {"w39"};
    plan_add(&t, FH_ROLE_SELECT, 1, 1, pre, 1, 1);
    want = 0;
    for (int i = 0; i < NDOCS; i++)
        want += !docs[i].deleted && (strstr(docs[i].title, "w39") || strstr(docs[i].body, "w39"));
    r.exhaustive = 0;
    CHECK(!ix_count(v, &r, 0, &n, msg, sizeof msg) && n == want, "prefix count %llu want %llu",
          (unsigned long long)n, (unsigned long long)want);
    /* NOT */
    plan_reset(&t);
    const char *w5[1] = {"w5"}, *w0[1] = {"w0"};
    plan_add(&t, FH_ROLE_SELECT, 1, 1, w5, 1, 0);
    plan_add(&t, FH_ROLE_NOT, 0, 0, w0, 1, 0);
    ix_search(v, &r, a, &na, NULL, msg, sizeof msg);
    int clean = na > 0;
    for (size_t i = 0; i < na; i++) {
        uint32_t pos[512], len;
        const tdoc *d = &docs[a[i].rowid - 1000];
        clean &= !word_positions(d->title, "w0", pos, &len) && !word_positions(d->body, "w0", pos, &len);
    }
    CHECK(clean, "NOT clause excludes");
}

/* One rare word among common ones: the top 10 needs a fraction of the
 * postings an exhaustive evaluation reads. */
static void test_pruning_work(const ix_view *v)
{
    tplan t;
    plan_reset(&t);
    const char *ws[6] = {"w250", "w0", "w1", "w2", "w3", "w4"};
    for (int i = 0; i < 6; i++) plan_add(&t, FH_ROLE_SELECT, 1.0, 1, &ws[i], 1, 0);
    ix_hit a[10], b[10];
    size_t na, nb;
    ix_work wa, wb;
    char msg[256];
    ix_request r = {&t.p, {0, NULL, NULL, 0, NULL, 0}, 10, 0, NULL, NULL, 0};
    ix_search(v, &r, a, &na, &wa, msg, sizeof msg);
    r.exhaustive = 1;
    ix_search(v, &r, b, &nb, &wb, msg, sizeof msg);
    CHECK(same_hits(a, na, b, nb), "rare + common words: pruned = exhaustive");
    CHECK(wa.scored * 4 < wb.scored, "rare + common words: pruning scores fewer documents (%llu vs %llu)",
          (unsigned long long)wa.scored, (unsigned long long)wb.scored);
    printf("  rare + common words: scored %llu vs %llu, postings %llu vs %llu\n",
           (unsigned long long)wa.scored, (unsigned long long)wb.scored,
           (unsigned long long)wa.postings, (unsigned long long)wb.postings);
}

/* Term i of g, and in buf (300 bytes) its first bytes (at most 298) with
 * 0xff after them, *n of them: a term absent from g, between i and i+1. */
static int term_and_past(const ix_seg *g, uint32_t i, const char **t, size_t *len, char *buf, size_t *n)
{
    ix_term_ent e;
    if (ix_seg_term(g, i, &e, t, len)) return -1;
    *n = *len < 298 ? *len : 298;
    memcpy(buf, *t, *n);
    buf[*n] = '\xff';
    return 0;
}

/* Term lookups narrowed by the sampled keys agree with the plain search:
 * every term, each one cut short and lengthened (absent ones in between). */
static void test_term_samples(ix_seg *g)
{
    ix_seg plain = *g;
    plain.tkey = NULL;
    plain.memo = NULL;
    ix_seg_sample_terms(g);
    CHECK(g->tkey && g->n_tkey == (g->n_terms + IX_TERM_SAMPLE - 1) / IX_TERM_SAMPLE, "terms sampled");
    int ok = 1;
    char buf[300];
    const char *t;
    size_t len, n;
    for (uint32_t i = 0; i < g->n_terms && ok; i++) {
        if (term_and_past(g, i, &t, &len, buf, &n)) break;
        ok = ix_seg_find(g, t, len) == (int64_t)i;
        for (size_t cut = 0; cut <= n + 1 && ok; cut++)
            ok = ix_seg_lower_bound(g, buf, cut) == ix_seg_lower_bound(&plain, buf, cut);
        CHECK(ok, "term %u found through the samples as without them", i);
    }
    CHECK(ix_seg_lower_bound(g, "\xff\xff", 2) == g->n_terms && ix_seg_lower_bound(g, "", 0) == 0,
          "past the last term and before the first");
    /* asked again, twice: the remembered answers (a slot shared by terms
     * taken over by the newer), present and absent terms alike */
    CHECK(g->memo, "lookups remembered");
    for (int round = 0; round < 2 && ok; round++)
        for (uint32_t i = 0; i < g->n_terms && ok; i++) {
            if (term_and_past(g, i, &t, &len, buf, &n)) break;
            ok = ix_seg_find(g, t, len) == (int64_t)i && ix_seg_find(g, buf, n + 1) == ix_seg_find(&plain, buf, n + 1) &&
                 ix_seg_find(g, t, len) == (int64_t)i;
        }
    CHECK(ok, "terms found again as the first time, absent ones absent");
}

/* ix_post_take hands out exactly the postings below its end, as the
 * posting-at-a-time walk finds them: ends on every document of a term
 * and just past it (a block's last document among them). */
static void test_take(const ix_seg *g)
{
    int ok = 1;
    for (uint32_t t = 0; t < g->n_terms && t < 400 && ok; t++) {
        ix_post it;
        uint32_t walk[4096];
        size_t n = 0;
        if (ix_post_init(&it, g, t)) break;
        for (; it.doc != IX_NONE && n < 4096; ix_post_next(&it)) walk[n++] = it.doc;
        for (size_t j = 0; j < n && ok; j += 1 + j / 8)
            for (uint32_t end = walk[j]; end <= walk[j] + 1 && ok; end++) {
                ix_posting out[64];
                size_t got = 0, m;
                ix_post_init(&it, g, t);
                while ((m = ix_post_take(&it, end, out, 64)) > 0)
                    for (size_t x = 0; x < m && ok; x++, got++) ok = got < n && out[x].doc == walk[got];
                ok = ok && !it.err && (got == n || walk[got] >= end) && (!got || walk[got - 1] < end) &&
                     it.doc == (got < n ? walk[got] : IX_NONE);
            }
        CHECK(ok, "term %u: postings taken up to each end as walked", t);
    }
}

/* A search reading dlnorm tables (ix_view_dlnorms) answers exactly as one
 * working each document's out: the same hits, the same scores. */
static void test_dlnorm_tables(ix_view_seg *vs, const ix_view *v)
{
    double *tab[8] = {0};
    int made = v->n_segs <= 8;
    for (size_t s = 0; made && s < v->n_segs; s++) made = (tab[s] = ix_view_dlnorms(v, vs[s].seg)) != NULL;
    CHECK(made, "dlnorm tables made");
    tplan t;
    ix_hit a[100], b[100];
    size_t na, nb;
    char msg[256];
    int same = 0;
    for (int q = 0; q < 200 && made; q++) {
        random_plan(&t);
        ix_request r = {&t.p, {0, NULL, NULL, 0, NULL, 0}, q % 3 == 0 ? 100 : 10, q & 1, NULL, NULL, 0};
        int rc1 = ix_search(v, &r, a, &na, NULL, msg, sizeof msg);
        for (size_t s = 0; s < v->n_segs; s++) vs[s].dlnorm = tab[s];
        int rc2 = ix_search(v, &r, b, &nb, NULL, msg, sizeof msg);
        for (size_t s = 0; s < v->n_segs; s++) vs[s].dlnorm = NULL;
        int sm = !rc1 && !rc2 && na == nb;
        for (size_t h = 0; sm && h < na; h++) sm = a[h].rowid == b[h].rowid && a[h].score == b[h].score;
        same += sm;
    }
    CHECK(same == 200, "with dlnorm tables: the same hits and scores (%d of 200)", same);
    for (size_t s = 0; s < v->n_segs && s < 8; s++) free(tab[s]);
}

static void test_corrupt(const ix_seg *good)
{
    char msg[256];
    uint8_t *buf = malloc(good->size);
    memcpy(buf, good->base, good->size);
    ix_seg g;
    CHECK(ix_seg_init(&g, buf, good->size / 2, msg, sizeof msg) == IX_ECORRUPT, "truncated segment refused");
    buf[100] ^= 1;
    CHECK(ix_seg_init(&g, buf, good->size, msg, sizeof msg) == IX_ECORRUPT, "header bit flip refused");
    buf[100] ^= 1;
    /* flip bytes in the postings: searching must fail or answer, never crash */
    const ix_section *docsec = &good->s[IX_S_DOCS];
    size_t at = (size_t)(docsec->p - good->base);
    for (size_t i = 0; i < docsec->len; i += 7) buf[at + i] ^= 0x5a;
    int rc = ix_seg_init(&g, buf, good->size, msg, sizeof msg);
    CHECK(rc == IX_OK, "header intact after a postings flip");
    CHECK(ix_seg_check_crc(&g) == IX_ECORRUPT, "the body checksum sees it");
    ix_view_seg vs = {&g, NULL, NULL};
    ix_view v = {&vs, 1, 0, {0, 0}};
    view_stats(&v);
    tplan t;
    for (int q = 0; q < 50; q++) {
        random_plan(&t);
        ix_hit h[10];
        size_t n;
        ix_request r = {&t.p, {0, NULL, NULL, 0, NULL, 0}, 10, q & 1, NULL, NULL, 0};
        ix_search(&v, &r, h, &n, NULL, msg, sizeof msg);
    }
    CHECK(1, "corrupt postings: no crash");
    free(buf);
}

/* Columns set in document order with row ids out of order: the row id
 * lookup, the columns and the lengths' totals read back as written; a
 * document set out of order is refused. */
static void test_segw_columns(void)
{
    static const int64_t rowids[5] = {50, 10, 40, 20, 30};
    static const char *src[5] = {"s1", "s2", "", "s1", "s3"};
    char path[512];
    snprintf(path, sizeof path, "%s/cols", dir);
    ix_segw *w = NULL;
    int ok = !ix_segw_open(&w, path, 5, 7, 9);
    ix_doc_cols c = {99, {1, 2}, {NULL, NULL, NULL}};
    ok = ok && ix_segw_doc(w, 1, &c) == IX_EARG;
    ix_segw_abort(w);
    ok = ok && !ix_segw_open(&w, path, 5, 7, 9);
    for (uint32_t d = 0; ok && d < 5; d++) {
        ix_doc_cols dc = {rowids[d], {d + 1, 10 * d + 3}, {src[d], NULL, "2020-01-0"}};
        ok = !ix_segw_doc(w, d, &dc);
    }
    uint32_t n[FH_FIELDS] = {1, 1}, lead[FH_FIELDS] = {0, 0};
    uint8_t pos[2] = {0, 0};
    ok = ok && !ix_segw_term(w, "x", 1);
    for (uint32_t d = 0; ok && d < 5; d++) ok = !ix_segw_posting(w, d, n, lead, pos, 2);
    ok = ok && !ix_segw_finish(w);
    ix_segw_abort(w);
    ix_seg g;
    char msg[256];
    ok = ok && !ix_seg_open(&g, path, msg, sizeof msg);
    for (uint32_t d = 0; ok && d < 5; d++) {
        const char *v = ix_seg_facet_value(&g, IX_FACET_SOURCE, ix_seg_facet(&g, d, IX_FACET_SOURCE));
        ok = ix_seg_find_rowid(&g, rowids[d]) == d && ix_seg_rowid(&g, d) == rowids[d] &&
             ix_seg_len(&g, d, 0) == d + 1 && ix_seg_len(&g, d, 1) == 10 * d + 3 &&
             (*src[d] ? v && !strcmp(v, src[d]) : !v);
    }
    ok = ok && ix_seg_find_rowid(&g, 35) == IX_NONE && g.len_total[0] == 15 && g.len_total[1] == 115 &&
         ix_seg_check_crc(&g) == IX_OK;
    if (ok) ix_seg_close(&g);
    CHECK(ok, "segment writer: columns in document order, row ids in any order, read back");
}

int main(void)
{
    fahras_options o;
    fahras_options_default(&o);
    an = fahras_analyzer_new(&o, NULL);
    snprintf(dir, sizeof dir, "/tmp/fahras-ix-XXXXXX");
    if (!an || !mkdtemp(dir)) return 1;
    make_corpus();
    ix_seg one, a, b, c, merged;
    /* one segment of everything */
    CHECK(!build_segment("one", 0, NDOCS, &one, 1), "inverter writes a segment");
    CHECK(one.n_docs == NDOCS && ix_seg_check_crc(&one) == IX_OK, "segment reads back, checksum ok");
    ix_view_seg vs1 = {&one, NULL, NULL};
    ix_view v1 = {&vs1, 1, 0, {0, 0}};
    view_stats(&v1);
    test_pruned_equals_exhaustive(&v1, "one segment");
    test_min_should_and_dates(&v1);
    test_filters_and_counts(&v1);
    test_phrase_prefix_not(&v1);
    test_pruning_work(&v1);
    test_work_budget(&v1);
    test_term_samples(&one);
    test_reuse();
    test_segw_columns();
    /* three segments, some documents deleted, then merged */
    CHECK(!build_segment("a", 0, 1000, &a, 2) && !build_segment("b", 1000, 2200, &b, 3) &&
              !build_segment("c", 2200, NDOCS, &c, 4),
          "three segments");
    uint8_t *dels[3];
    ix_seg *segs[3] = {&a, &b, &c};
    for (int s = 0; s < 3; s++) dels[s] = calloc(segs[s]->n_docs / 8 + 1, 1);
    for (int i = 0; i < NDOCS; i += 17) {
        docs[i].deleted = 1;
        int s = i < 1000 ? 0 : i < 2200 ? 1 : 2;
        uint32_t d = ix_seg_find_rowid(segs[s], docs[i].rowid);
        dels[s][d >> 3] |= (uint8_t)(1u << (d & 7));
    }
    ix_view_seg vs3[3] = {{&a, dels[0], NULL}, {&b, dels[1], NULL}, {&c, dels[2], NULL}};
    ix_view v3 = {vs3, 3, 0, {0, 0}};
    view_stats(&v3);
    test_pruned_equals_exhaustive(&v3, "three segments with deletions");
    test_filters_and_counts(&v3);
    test_dlnorm_tables(vs3, &v3);
    ix_merge_in in[3] = {{&a, dels[0]}, {&b, dels[1]}, {&c, dels[2]}};
    char path[512], msg[256];
    snprintf(path, sizeof path, "%s/merged", dir);
    CHECK(!ix_merge(in, 3, path, 42, 5, msg, sizeof msg) && !ix_seg_open(&merged, path, msg, sizeof msg),
          "merge: %s", msg);
    CHECK(merged.n_docs == v3.n_docs && ix_seg_find_rowid(&merged, docs[17].rowid) == IX_NONE &&
              ix_seg_find_rowid(&merged, docs[18].rowid) != IX_NONE,
          "merge drops deleted documents, keeps the others");
    ix_view_seg vsm = {&merged, NULL, NULL};
    ix_view vm = {&vsm, 1, 0, {0, 0}};
    view_stats(&vm);
    uint64_t n3, nm;
    tplan t0;
    random_plan(&t0);
    ix_request r0 = {&t0.p, {0, NULL, NULL, 0, NULL, 0}, 10, 0, NULL, NULL, 0};
    CHECK(!ix_count(&v3, &r0, 0, &n3, msg, sizeof msg) && !ix_count(&vm, &r0, 0, &nm, msg, sizeof msg) &&
              n3 == nm,
          "merged segment matches what its inputs matched");
    /* without deletions, the merge answers exactly as one segment of all */
    ix_merge_in in0[3] = {{&a, NULL}, {&b, NULL}, {&c, NULL}};
    ix_seg_close(&merged);
    CHECK(!ix_merge(in0, 3, path, 42, 6, msg, sizeof msg) && !ix_seg_open(&merged, path, msg, sizeof msg),
          "merge without deletions");
    view_stats(&vm);
    tplan t;
    int same = 0;
    for (int q = 0; q < 100; q++) {
        random_plan(&t);
        ix_hit h1[10], h2[10];
        size_t n1, n2;
        ix_request r = {&t.p, {0, NULL, NULL, 0, NULL, 0}, 10, 0, NULL, NULL, 0};
        ix_search(&v1, &r, h1, &n1, NULL, msg, sizeof msg);
        ix_search(&vm, &r, h2, &n2, NULL, msg, sizeof msg);
        same += same_hits(h1, n1, h2, n2);
    }
    CHECK(same == 100, "merged segment answers as one segment of the same documents (%d of 100)", same);
    test_pruned_equals_exhaustive(&vm, "merged");
    test_take(&one);
    test_corrupt(&one);
    ix_seg_close(&one);
    ix_seg_close(&a);
    ix_seg_close(&b);
    ix_seg_close(&c);
    ix_seg_close(&merged);
    for (int s = 0; s < 3; s++) free(dels[s]);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (!getenv("IX_KEEP") && system(cmd)) return 1;
    fahras_analyzer_free(an);
    printf("%d passed, %d failed\n", pass, fail);
    return fail ? 1 : 0;
}
