/*
 * ner_clusters.c - word clusters for the entity tagger, learned from raw
 * news text (tools/ner/news_text.py output: articles ended by form feeds)
 * by the predictive exchange algorithm (Uszkoreit & Brants 2008): each
 * word goes to the class that maximizes the likelihood of the class
 * bigram model P(w | c(w)) P(c(w) | previous word).  Words are the keys
 * the tagger sees (fh_ner_tok.key, read through fh_ner_sentences), so the
 * clusters match at tagging time.  Two clusterings are made, coarse and
 * fine, and written as C source (models/ner/ner_clusters.c).
 *
 * Usage: ner_clusters [--vocab N] [--history N] [--coarse C] [--mid C] [--fine C]
 *                     [--iters N] --out FILE NEWS.txt
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fahras.h"
#include "internal.h"
#include "ner.h"

static void die(const char *m)
{
    fprintf(stderr, "ner_clusters: %s\n", m);
    exit(1);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) die("out of memory");
    return p;
}

#include "intern.h"

typedef struct seq {
    intern words;
    uint32_t *ids; /* UINT32_MAX = sentence start */
    size_t n, cap;
} seq;

static void push(seq *s, uint32_t id)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 1 << 20;
        s->ids = realloc(s->ids, s->cap * sizeof *s->ids);
        if (!s->ids) die("out of memory");
    }
    s->ids[s->n++] = id;
}

static int on_sentence(void *ctx, fh_ner_tok *toks, size_t n)
{
    seq *s = ctx;
    push(s, UINT32_MAX);
    for (size_t i = 0; i < n; i++) push(s, intern_id(&s->words, toks[i].key, toks[i].key_len));
    return 0;
}

/* ---- exchange ---- */
static double *flog_table;
#define FLOG_N (1u << 20)

static inline double flog(int64_t x)
{
    if (x <= 0) return 0;
    if (x < (int64_t)FLOG_N) return flog_table[x];
    return (double)x * log((double)x);
}

typedef struct bigrams {
    size_t nw;          /* follower words */
    size_t *first;      /* per word: first pair */
    uint32_t *hist;     /* history id of each pair */
    uint32_t *cnt;      /* count of each pair */
    uint64_t *wcount;   /* per word: count as a follower */
} bigrams;

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void cluster(const bigrams *bg, size_t nhist, int C, int iters, uint16_t *cls)
{
    int32_t *N = calloc(nhist * (size_t)C, sizeof *N);
    int64_t *Nc = calloc((size_t)C, sizeof *Nc);
    double *delta = xmalloc((size_t)C * sizeof *delta);
    if (!N || !Nc) die("out of memory");
    for (size_t w = 0; w < bg->nw; w++) {
        cls[w] = (uint16_t)(w % (size_t)C);
        Nc[cls[w]] += (int64_t)bg->wcount[w];
        for (size_t p = bg->first[w]; p < bg->first[w + 1]; p++) N[bg->hist[p] * (size_t)C + cls[w]] += (int32_t)bg->cnt[p];
    }
    for (int it = 0; it < iters; it++) {
        size_t moved = 0;
        for (size_t w = 0; w < bg->nw; w++) {
            int a = cls[w];
            int64_t wc = (int64_t)bg->wcount[w];
            Nc[a] -= wc;
            for (size_t p = bg->first[w]; p < bg->first[w + 1]; p++) N[bg->hist[p] * (size_t)C + a] -= (int32_t)bg->cnt[p];
            for (int b = 0; b < C; b++) delta[b] = -(flog(Nc[b] + wc) - flog(Nc[b]));
            for (size_t p = bg->first[w]; p < bg->first[w + 1]; p++) {
                const int32_t *row = N + bg->hist[p] * (size_t)C;
                int64_t n = bg->cnt[p];
                for (int b = 0; b < C; b++) delta[b] += flog(row[b] + n) - flog(row[b]);
            }
            int best = a;
            for (int b = 0; b < C; b++)
                if (delta[b] > delta[best] + 1e-9) best = b;
            moved += best != a;
            cls[w] = (uint16_t)best;
            Nc[best] += wc;
            for (size_t p = bg->first[w]; p < bg->first[w + 1]; p++) N[bg->hist[p] * (size_t)C + best] += (int32_t)bg->cnt[p];
        }
        fprintf(stderr, "ner_clusters: %d classes, iteration %d: %zu words moved\n", C, it + 1, moved);
        if (!moved) break;
    }
    free(N);
    free(Nc);
    free(delta);
}

typedef struct outrow { uint32_t hash; uint16_t coarse, mid, fine; } outrow;

static int cmp_row(const void *a, const void *b)
{
    uint32_t x = ((const outrow *)a)->hash, y = ((const outrow *)b)->hash;
    return x < y ? -1 : x > y;
}

static size_t *rank_by_count(const intern *t)
{
    size_t *r = xmalloc(t->n * sizeof *r);
    uint64_t *keys = xmalloc(t->n * sizeof *keys);
    for (size_t i = 0; i < t->n; i++) keys[i] = (~t->count[i] & 0xFFFFFFFFull) << 32 | i; /* by count desc, then id */
    qsort(keys, t->n, sizeof *keys, cmp_u64);
    for (size_t i = 0; i < t->n; i++) r[i] = (size_t)(keys[i] & 0xFFFFFFFFu);
    free(keys);
    return r;
}

int main(int argc, char **argv)
{
    size_t vocab = 50000, nhist_words = 20000;
    int coarse = 64, mid = 256, fine = 1024, iters = 12;
    const char *out = NULL, *in = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--vocab") && i + 1 < argc) vocab = (size_t)atol(argv[++i]);
        else if (!strcmp(argv[i], "--history") && i + 1 < argc) nhist_words = (size_t)atol(argv[++i]);
        else if (!strcmp(argv[i], "--coarse") && i + 1 < argc) coarse = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--mid") && i + 1 < argc) mid = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--fine") && i + 1 < argc) fine = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--iters") && i + 1 < argc) iters = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--out") && i + 1 < argc) out = argv[++i];
        else if (!in && argv[i][0] != '-') in = argv[i];
        else die("usage: ner_clusters [--vocab N] [--history N] [--coarse C] [--mid C] [--fine C] [--iters N] --out FILE NEWS.txt");
    }
    if (!in || !out || coarse < 2 || mid < 2 || fine < 2 || coarse > 255 || mid > 1023 || fine > 4095) die("bad arguments");
    FILE *f = fopen(in, "rb");
    if (!f) die("cannot open the input");
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = xmalloc((size_t)sz + 1);
    if (fread(text, 1, (size_t)sz, f) != (size_t)sz) die("cannot read the input");
    fclose(f);
    fahras_error err;
    fh_ner_res res;
    if (fh_ner_res_init(&res, NULL, FAHRAS_UTF8_REPLACE, 0, &err) != FAHRAS_OK) die(err.message);
    seq s = {0};
    s.words.mask = 0;
    size_t ndocs = 0;
    for (size_t at = 0; at < (size_t)sz;) {
        char *ff = memchr(text + at, '\f', (size_t)sz - at);
        size_t end = ff ? (size_t)(ff - text) : (size_t)sz;
        if (fh_ner_sentences(&res, text + at, end - at, on_sentence, &s, &err) != FAHRAS_OK) die(err.message);
        ndocs++;
        at = end + 1;
    }
    free(text);
    fprintf(stderr, "ner_clusters: %zu articles, %zu tokens, %zu distinct keys\n", ndocs, s.n, s.words.n);

    /* vocabulary: the most frequent keys; the rest share one id */
    size_t *rank = rank_by_count(&s.words);
    if (vocab > s.words.n) vocab = s.words.n;
    if (nhist_words > vocab) nhist_words = vocab;
    uint32_t *wid = xmalloc(s.words.n * sizeof *wid), *hid = xmalloc(s.words.n * sizeof *hid);
    for (size_t r = 0; r < s.words.n; r++) {
        wid[rank[r]] = r < vocab ? (uint32_t)r : (uint32_t)vocab;
        hid[rank[r]] = r < nhist_words ? (uint32_t)r + 1 : (uint32_t)nhist_words + 1; /* 0: sentence start */
    }
    size_t nw = vocab + 1, nhist = nhist_words + 2;
    uint64_t *pairs = xmalloc(s.n * sizeof *pairs);
    size_t np = 0;
    uint32_t prev_h = 0;
    for (size_t i = 0; i < s.n; i++) {
        uint32_t id = s.ids[i];
        if (id == UINT32_MAX) {
            prev_h = 0;
            continue;
        }
        pairs[np++] = (uint64_t)wid[id] << 32 | prev_h;
        prev_h = hid[id];
    }
    qsort(pairs, np, sizeof *pairs, cmp_u64);
    bigrams bg = {0};
    bg.nw = nw;
    bg.first = calloc(nw + 1, sizeof *bg.first);
    bg.hist = xmalloc(np * sizeof *bg.hist);
    bg.cnt = xmalloc(np * sizeof *bg.cnt);
    bg.wcount = calloc(nw, sizeof *bg.wcount);
    if (!bg.first || !bg.wcount) die("out of memory");
    size_t k = 0;
    for (size_t i = 0; i < np;) {
        size_t j = i;
        while (j < np && pairs[j] == pairs[i]) j++;
        uint32_t w = (uint32_t)(pairs[i] >> 32);
        bg.hist[k] = (uint32_t)(pairs[i] & 0xFFFFFFFFu);
        bg.cnt[k] = (uint32_t)(j - i);
        bg.first[w + 1] = k + 1;
        bg.wcount[w] += j - i;
        k++;
        i = j;
    }
    for (size_t w = 1; w <= nw; w++)
        if (bg.first[w] < bg.first[w - 1]) bg.first[w] = bg.first[w - 1];
    free(pairs);
    fprintf(stderr, "ner_clusters: %zu words, %zu histories, %zu bigram types\n", nw, nhist, k);

    flog_table = xmalloc(FLOG_N * sizeof *flog_table);
    flog_table[0] = 0;
    for (size_t x = 1; x < FLOG_N; x++) flog_table[x] = (double)x * log((double)x);
    uint16_t *cc = xmalloc(nw * sizeof *cc), *cm = xmalloc(nw * sizeof *cm), *cf = xmalloc(nw * sizeof *cf);
    cluster(&bg, nhist, coarse, iters, cc);
    cluster(&bg, nhist, mid, iters, cm);
    cluster(&bg, nhist, fine, iters, cf);

    outrow *rows = xmalloc(vocab * sizeof *rows);
    for (size_t r = 0; r < vocab; r++) {
        size_t id = rank[r];
        rows[r].hash = fh_ner_hash(FH_NER_SEED_CLUSTER, s.words.pool + s.words.off[id], s.words.len[id]);
        rows[r].coarse = (uint16_t)(cc[r] + 1);
        rows[r].mid = (uint16_t)(cm[r] + 1);
        rows[r].fine = (uint16_t)(cf[r] + 1);
    }
    qsort(rows, vocab, sizeof *rows, cmp_row);
    FILE *o = fopen(out, "w");
    if (!o) die("cannot write the output");
    const char *base = strrchr(in, '/') ? strrchr(in, '/') + 1 : in;
    fprintf(o, "/* generated by tools/ner/ner_clusters.c from %s (%zu articles of the ANT news corpora,\n"
               " * %zu tokens): %zu words, %d, %d and %d classes; do not edit.\n"
               " * Word classes learned from the ANT Corpus v1.1 and v2.1 (Chouigui, Ben Khiroun &\n"
               " * Elayeb; Apache License 2.0 with a citation clause: see NOTICE).  Only hashes of\n"
               " * the words and their class numbers are stored.  Distributed with the entity\n"
               " * model under CC BY-SA 4.0 (models/ner/README.md). */\n",
            base, ndocs, s.n, vocab, coarse, mid, fine);
    fprintf(o, "#include \"ner.h\"\n\nstatic const uint32_t hash[%zu] = {\n", vocab);
    for (size_t r = 0; r < vocab; r++) fprintf(o, "0x%x,%s", rows[r].hash, (r + 1) % 10 ? "" : "\n");
    fprintf(o, "};\nstatic const uint16_t coarse[%zu] = {\n", vocab);
    for (size_t r = 0; r < vocab; r++) fprintf(o, "%u,%s", rows[r].coarse, (r + 1) % 20 ? "" : "\n");
    fprintf(o, "};\nstatic const uint16_t mid[%zu] = {\n", vocab);
    for (size_t r = 0; r < vocab; r++) fprintf(o, "%u,%s", rows[r].mid, (r + 1) % 20 ? "" : "\n");
    fprintf(o, "};\nstatic const uint16_t fine[%zu] = {\n", vocab);
    for (size_t r = 0; r < vocab; r++) fprintf(o, "%u,%s", rows[r].fine, (r + 1) % 20 ? "" : "\n");
    fprintf(o, "};\n\nconst fh_ner_cluster_data fh_ner_clusters = {%zu, hash, coarse, mid, fine,\n"
               "    \"%zu words, %d/%d/%d classes, from %zu news articles\"};\n",
            vocab, vocab, coarse, mid, fine, ndocs);
    fclose(o);
    fh_ner_res_free(&res);
    return 0;
}
