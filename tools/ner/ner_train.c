/*
 * ner_train.c - trains the entity tagger's averaged structured perceptron
 * on a CoNLL-style "token TAG" file (ANERcorp's train part) and writes the
 * model as C source (models/ner/ner_model.c).
 *
 * The text is rebuilt from the tokens (joined by spaces) and read through
 * the library's own tagger front end (fh_ner_sentences, fh_ner_features),
 * so training sees exactly what fahras_tag sees.  Each analyzer token takes
 * the tag of the corpus token it lies in (B- on the first analyzer token of
 * a B- corpus token, I- after it).
 *
 * ANERcorp clean-up, as CAMeL Lab describe their release: U+200F removed,
 * middle and bullet dots (U+00B7, U+2022) mapped to '.', tag typos fixed
 * (PERS -> PER; an I- tag that does not continue an entity of its type
 * becomes B-), the line where two tokens were merged (". Oالإصابة O") is
 * split, and a sentence ends after each run of '.' tokens.
 *
 * Usage:
 *   ner_train [--epochs N] [--dev-frac F [--held-out [--as-given]] | --cv K [--cv-dump FILE EPOCH PENALTY]]
 *             [--o-penalty P] [--bags N] [--word-drop P] [--min-count N] [--prune Q]
 *             [--doc-jack K [--doc-jack-epochs N] [--seen-drop F]] [--ew-split K PREFIX | --ew-jack K PREFIX]
 *             [--crf C2 [--crf-l1 C1] [--crf-iters N] [--doc-jack-crf N] | --crf-check]
 *             [--seed N] [--out FILE] TRAIN.txt
 * The model written is the mean of --bags models (default 1), each trained
 * on the sentences in its own random order.
 * With --dev-frac the last fraction of the sentences is held out: a first
 * model is trained on the rest for at most --epochs passes, the entity F1
 * on the held-out part is printed after each, and the pass and the O
 * penalty (a score taken from the O label in every transition: the
 * perceptron, trained on text that is mostly O, is shy of names) with the
 * best F1 are kept; the model written is then trained on all the
 * sentences with those (with --held-out, on all but the held-out part
 * again: a first model whose output on the news corpora becomes features
 * of the next must not have seen the part the next is tuned on); with
 * --as-given the pass and penalty are --epochs and --o-penalty, not
 * chosen (the held-out part is still left out: the model written is the
 * one the choice of those two would have written).
 * With --cv K the pass (at most --epochs) and the O penalty are chosen by
 * K-fold cross-validation over all the sentences (each fold's model the
 * mean of --bags, as the one written), and the model written is trained
 * on all of them (--cv-dump writes each fold's labels at one pass and O
 * penalty, for reading its errors); without --cv or --dev-frac, --epochs and --o-penalty
 * are used as given.
 * With --doc-jack K the features of how a word was tagged earlier in the
 * text (fh_ner_seen) are made from the labels of K models, each trained
 * (--doc-jack-epochs passes, default 4) without the block of sentences it
 * labels; --seen-drop F leaves them out of that share of the sentences
 * (chosen by a hash of the sentence's place), as a short text has none.
 * Without --doc-jack they are never set.
 * With --ew-split K PREFIX the corpus less each of K blocks is written to
 * PREFIXk.txt and nothing is trained; with --ew-jack K PREFIX each
 * sentence reads its entity words from PREFIXk.c, the table learned from
 * PREFIXk.txt of its block k (tools/ner/build_model.sh, NER_EW_JACK).
 * With --crf C2 the model written is one linear-chain CRF over the same
 * features and transitions instead of the perceptrons (--epochs and
 * --bags unused): the gold labels' log-likelihood less C2/2 times the
 * squared weights (and C1 times their absolute values, by OWL-QN), at
 * most --crf-iters L-BFGS iterations (default 300; liblbfgs); with
 * --doc-jack-crf N the --doc-jack labels come from CRFs of at most N
 * iterations too; --cv, which cross-validates perceptrons, is refused
 * with it.  --crf-check compares the CRF's gradient with central
 * differences of its loss on TRAIN.txt and trains nothing.
 * A numeric option's value is checked: a typo is an error naming the
 * option.
 */
#include <lbfgs.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fahras.h"
#include "internal.h"
#include "ner.h"

typedef struct gold_tok { size_t start, end; int label; } gold_tok;

typedef struct corpus {
    char *text;
    size_t len, cap;
    gold_tok *gold;
    size_t ngold, gcap;
} corpus;

static void die(const char *msg)
{
    fprintf(stderr, "ner_train: %s\n", msg);
    exit(1);
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n);
    if (!p) die("out of memory");
    return p;
}

static void put_text(corpus *c, const char *s, size_t n)
{
    if (c->len + n + 1 > c->cap) {
        c->cap = (c->len + n + 1) * 2;
        c->text = xrealloc(c->text, c->cap);
    }
    memcpy(c->text + c->len, s, n);
    c->len += n;
    c->text[c->len] = '\0';
}

static int parse_label(const char *tag)
{
    static const char *const types[] = {"PER", "ORG", "LOC", "MISC"};
    if (!strcmp(tag, "O")) return FH_NER_O;
    if ((tag[0] != 'B' && tag[0] != 'I') || tag[1] != '-') return -1;
    const char *ty = tag + 2;
    for (int k = 0; k < 4; k++) {
        size_t n = strlen(types[k]);
        if (!strncmp(ty, types[k], n) && (ty[n] == '\0' || !strcmp(ty + n, "S")))
            return 1 + 2 * k + (tag[0] == 'I');
    }
    return -1;
}

/* Remove U+200F; map U+00B7 and U+2022 to '.'. */
static void clean(char *s)
{
    char *o = s;
    for (char *p = s; *p;) {
        if (!strncmp(p, "\xE2\x80\x8F", 3)) { p += 3; continue; }
        if (!strncmp(p, "\xC2\xB7", 2)) { *o++ = '.'; p += 2; continue; }
        if (!strncmp(p, "\xE2\x80\xA2", 3)) { *o++ = '.'; p += 3; continue; }
        *o++ = *p++;
    }
    *o = '\0';
}

static void add_token(corpus *c, const char *tok, size_t n, int label)
{
    while (n && (tok[0] == ' ' || tok[0] == '\t')) { tok++; n--; }
    while (n && (tok[n - 1] == ' ' || tok[n - 1] == '\t')) n--;
    if (!n) return;
    /* a sentence ends after a run of '.' */
    int dot = n == 1 && tok[0] == '.';
    int prev_dot = c->ngold && c->gold[c->ngold - 1].end - c->gold[c->ngold - 1].start == 1 &&
                   c->text[c->gold[c->ngold - 1].start] == '.';
    if (c->len) put_text(c, prev_dot && !dot ? "\n" : " ", 1);
    if (c->ngold == c->gcap) {
        c->gcap = c->gcap ? 2 * c->gcap : 4096;
        c->gold = xrealloc(c->gold, c->gcap * sizeof *c->gold);
    }
    /* I-X that does not continue an X is B-X */
    if (label != FH_NER_O && !FH_NER_IS_B(label)) {
        int prev = c->ngold ? c->gold[c->ngold - 1].label : FH_NER_O;
        if (prev == FH_NER_O || FH_NER_TYPE(prev) != FH_NER_TYPE(label)) label--;
    }
    c->gold[c->ngold++] = (gold_tok){c->len, c->len + n, label};
    put_text(c, tok, n);
}

static void read_corpus(const char *path, corpus *c)
{
    FILE *f = fopen(path, "r");
    if (!f) die("cannot open the training file");
    char line[4096];
    size_t lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
        clean(line);
        n = strlen(line);
        if (!n) continue;
        char *sp = strrchr(line, ' ');
        if (!sp) continue;
        int label = parse_label(sp + 1);
        if (label < 0) {
            fprintf(stderr, "ner_train: %s:%zu: unknown tag '%s', read as O\n", path, lineno, sp + 1);
            label = FH_NER_O;
        }
        *sp = '\0';
        /* ". Oالإصابة": two lines merged */
        char *inner = strstr(line, " O");
        if (inner && inner > line && (unsigned char)inner[2] >= 0x80) {
            add_token(c, line, (size_t)(inner - line), FH_NER_O);
            add_token(c, inner + 2, strlen(inner + 2), label);
            continue;
        }
        add_token(c, line, strlen(line), label);
    }
    fclose(f);
}

/* ------------------------------------------------------------------ */
/* examples: features and labels of every analyzer token                */

typedef struct examples {
    uint32_t *feat;      /* feature hashes, then indices */
    size_t nfeat, fcap;
    size_t *tok_feat;    /* per token: first feature */
    size_t *tok_start, *tok_end; /* per token: its bytes in the corpus text */
    uint8_t *label;
    size_t ntok, tcap;
    size_t *sent;        /* per sentence: first token */
    size_t *sent_line;   /* per sentence: its first corpus token */
    size_t nsent, scap;
    const corpus *c;
    size_t unmatched;
    const uint8_t *jlab; /* per token: the label of a model that did not see its sentence, or NULL */
    fh_ner_seen seen;    /* what jlab tagged each word as so far */
} examples;

static size_t gold_at(const corpus *c, size_t off)
{
    size_t lo = 0, hi = c->ngold;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (c->gold[mid].start <= off) lo = mid;
        else hi = mid;
    }
    return lo;
}

/* --ew-split K PREFIX / --ew-jack K PREFIX: the entity words (how often
 * the news holds a word inside a name, learned by running a first model
 * over it) are a table made with a model that saw the train part, so on
 * a training sentence they are surer than on new text, and the model
 * learns to trust them too much.  --ew-split writes, for each of K blocks
 * of the corpus (contiguous, cut after a '.' token), the corpus without
 * it (PREFIXk.txt); tools/ner/build_model.sh learns a table from each
 * (PREFIXk.c, as ner_corpus --entity-words writes it), and --ew-jack
 * gives each training sentence the values of the table its block did not
 * make, as new text has. */
static size_t ew_blocks;
static size_t *ew_start;    /* ew_blocks + 1: the first corpus token of each block, then the end */
static fh_u32map *ew_tables;

/* The tags of the labels, as the corpus writes them. */
static const char *const tag_names[] = {"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"};

/* ew_start for K blocks of about equal size, each cut after a '.'. */
static void ew_cut(const corpus *c, size_t K)
{
    ew_start = xrealloc(NULL, (K + 1) * sizeof *ew_start);
    ew_start[0] = 0;
    ew_start[K] = c->ngold;
    for (size_t k = 1; k < K; k++) {
        size_t g = c->ngold * k / K;
        while (g < c->ngold && !(c->gold[g - 1].end - c->gold[g - 1].start == 1 && c->text[c->gold[g - 1].start] == '.'))
            g++;
        ew_start[k] = g;
    }
}

static void ew_split(const corpus *c, const char *prefix)
{
    for (size_t k = 0; k < ew_blocks; k++) {
        char path[4096];
        snprintf(path, sizeof path, "%s%zu.txt", prefix, k);
        FILE *f = fopen(path, "w");
        if (!f) die("cannot write an --ew-split file");
        for (size_t g = 0; g < c->ngold; g++) {
            if (g >= ew_start[k] && g < ew_start[k + 1]) continue;
            const gold_tok *t = &c->gold[g];
            fprintf(f, "%.*s %s\n", (int)(t->end - t->start), c->text + t->start, tag_names[t->label]);
        }
        if (fclose(f)) die("cannot write an --ew-split file");
    }
}

/* The hashes and values of an entity-word table as ner_corpus writes it
 * (C source: hash[] = {0x..}, then value[] = {..}). */
static void ew_load(fh_u32map *m, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) die("cannot open an --ew-jack table");
    long n = fseek(f, 0, SEEK_END) ? -1 : ftell(f);
    if (n < 0 || fseek(f, 0, SEEK_SET)) die("cannot read an --ew-jack table");
    char *s = malloc((size_t)n + 1);
    if (!s || fread(s, 1, (size_t)n, f) != (size_t)n) die("cannot read an --ew-jack table");
    s[n] = '\0';
    fclose(f);
    char *h = strstr(s, "hash["), *v = strstr(s, "value[");
    if (!h || !v) die("an --ew-jack table holds no hash[] and value[]");
    size_t count = strtoul(h + 5, NULL, 10);
    if (fh_u32map_init(m, count) != FAHRAS_OK) die("out of memory");
    char *ph = strchr(h, '{'), *pv = strchr(v, '{');
    for (size_t i = 0; ph && pv && i < count; i++) {
        uint32_t key = (uint32_t)strtoul(ph + 1, &ph, 0), val = (uint32_t)strtoul(pv + 1, &pv, 10);
        if (key) fh_u32map_put(m, key, val);
    }
    free(s);
}

/* The entity-word values of a sentence's tokens from the table of its
 * block (corpus token g is its first). */
static void ew_jack(fh_ner_tok *toks, size_t n, size_t g)
{
    size_t k = 0;
    while (k + 1 < ew_blocks && g >= ew_start[k + 1]) k++;
    for (size_t i = 0; i < n; i++) {
        uint32_t v = 0;
        fh_u32map_get(&ew_tables[k], fh_ner_hash(FH_NER_SEED_ENTITY_WORD, toks[i].key, toks[i].key_len), &v);
        toks[i].ew = (uint8_t)v;
    }
}

/* --word-drop P: the fraction of training tokens whose own strings (key,
 * word form, normalized word) are replaced by one seen nowhere else, so
 * that their features fall under --min-count and the model learns to tag
 * from the rest (clusters, affixes, neighbours), as it must for the words
 * of new text it has never seen; a negative P drops only tokens inside
 * names, at fraction -P. */
static double word_drop;
static double seen_drop;
/* --crf C2 [--crf-l1 C1] [--crf-iters N] [--doc-jack-crf N]: the CRF's
 * terms and iterations (C2 0: the perceptron); the --doc-jack labels from
 * CRFs of at most N iterations (0: from perceptrons) */
static double crf_c1, crf_c2;
static int crf_iters = 300, crf_jack_iters, crf_check_only;

static void drop_words(fh_ner_tok *toks, size_t n, size_t first, const examples *e)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t h = (uint32_t)(first + i) * 2654435761u;
        h ^= h >> 15;
        h *= 2246822519u;
        h ^= h >> 13;
        if ((double)(h % 1000000u) >= fabs(word_drop) * 1e6) continue;
        if (word_drop < 0) {
            size_t g = gold_at(e->c, toks[i].start);
            if (toks[i].start >= e->c->gold[g].end || e->c->gold[g].label == FH_NER_O) continue;
        }
        fh_ner_tok *t = &toks[i];
        int len = snprintf(t->key, sizeof t->key, "\x01%zu", first + i);
        t->key_len = (uint8_t)len;
        memcpy(t->word, t->key, (size_t)len + 1);
        t->word_len = (uint8_t)len;
        memcpy(t->norm, t->key, (size_t)len + 1);
        t->norm_len = (uint8_t)len;
    }
}

static int collect(void *ctx, fh_ner_tok *toks, size_t n)
{
    examples *e = ctx;
    if (ew_tables && n) ew_jack(toks, n, gold_at(e->c, toks[0].start));
    if (word_drop != 0) drop_words(toks, n, e->ntok, e);
    if (e->nsent == e->scap) {
        e->scap = e->scap ? 2 * e->scap : 4096;
        e->sent = xrealloc(e->sent, (e->scap + 1) * sizeof *e->sent);
        e->sent_line = xrealloc(e->sent_line, (e->scap + 1) * sizeof *e->sent_line);
    }
    e->sent_line[e->nsent] = n ? gold_at(e->c, toks[0].start) : 0;
    e->sent[e->nsent++] = e->ntok;
    size_t prev_gold = (size_t)-1;
    int prev_label = FH_NER_O;
    if (e->jlab) {
        fh_ner_seen_mark(&e->seen, toks, n);
        /* a share of the sentences without them, as in a short text */
        uint32_t h = (uint32_t)e->nsent * 2654435761u;
        h ^= h >> 15;
        if (seen_drop > 0 && (double)(h % 1000u) < seen_drop * 1000)
            for (size_t i = 0; i < n; i++) toks[i].seen = 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (e->ntok == e->tcap) {
            e->tcap = e->tcap ? 2 * e->tcap : 65536;
            e->tok_feat = xrealloc(e->tok_feat, (e->tcap + 1) * sizeof *e->tok_feat);
            e->label = xrealloc(e->label, e->tcap);
            e->tok_start = xrealloc(e->tok_start, e->tcap * sizeof *e->tok_start);
            e->tok_end = xrealloc(e->tok_end, e->tcap * sizeof *e->tok_end);
        }
        size_t g = gold_at(e->c, toks[i].start);
        const gold_tok *gt = &e->c->gold[g];
        int l = gt->label;
        if (toks[i].start >= gt->end) { l = FH_NER_O; e->unmatched++; }
        if (l != FH_NER_O && FH_NER_IS_B(l) && g == prev_gold) l++; /* second piece of a B token */
        if (l != FH_NER_O && !FH_NER_IS_B(l) && !fh_ner_allowed(i ? prev_label : -1, l)) l--;
        prev_gold = g;
        prev_label = l;
        e->label[e->ntok] = (uint8_t)l;
        e->tok_start[e->ntok] = toks[i].start;
        e->tok_end[e->ntok] = toks[i].end;
        e->tok_feat[e->ntok] = e->nfeat;
        if (e->nfeat + FH_NER_MAX_FEATS > e->fcap) {
            e->fcap = (e->nfeat + FH_NER_MAX_FEATS) * 2;
            e->feat = xrealloc(e->feat, e->fcap * sizeof *e->feat);
        }
        e->nfeat += fh_ner_features(toks, n, i, e->feat + e->nfeat);
        e->ntok++;
    }
    e->tok_feat[e->ntok] = e->nfeat;
    if (e->jlab && fh_ner_seen_learn(&e->seen, toks, n, e->jlab + e->ntok - n) != FAHRAS_OK) die("out of memory");
    return 0;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Replace hashes by indices into the sorted unique hashes seen at least
 * min_count times (UINT32_MAX: dropped).  Returns the unique hashes. */
static uint32_t *index_features(examples *e, size_t min_count, size_t *nuniq)
{
    uint32_t *all = malloc(e->nfeat * sizeof *all);
    if (!all) die("out of memory");
    memcpy(all, e->feat, e->nfeat * sizeof *all);
    qsort(all, e->nfeat, sizeof *all, cmp_u32);
    size_t k = 0;
    for (size_t i = 0; i < e->nfeat;) {
        size_t j = i;
        while (j < e->nfeat && all[j] == all[i]) j++;
        if (j - i >= min_count) all[k++] = all[i];
        i = j;
    }
    for (size_t i = 0; i < e->nfeat; i++) {
        uint32_t *p = bsearch(&e->feat[i], all, k, sizeof *all, cmp_u32);
        e->feat[i] = p ? (uint32_t)(p - all) : UINT32_MAX;
    }
    *nuniq = k;
    return all;
}

/* ------------------------------------------------------------------ */
/* the perceptron                                                       */

enum { L = FH_NER_LABELS, T = (FH_NER_LABELS + 1) * FH_NER_LABELS };

typedef struct model {
    size_t nf;
    float *w;          /* weights */
    double *u;         /* their update sums, for averaging */
    float tw[T];
    double tu[T];
    double c;          /* update clock */
} model;

static void decode(const examples *e, const float *w, const float *tw, size_t s, float *emit,
                   float *work, uint8_t *out)
{
    size_t lo = e->sent[s], hi = e->sent[s + 1];
    for (size_t i = lo; i < hi; i++) {
        float *em = emit + (i - lo) * L;
        for (int l = 0; l < L; l++) em[l] = 0;
        for (size_t f = e->tok_feat[i]; f < e->tok_feat[i + 1]; f++) {
            uint32_t x = e->feat[f];
            if (x == UINT32_MAX) continue;
            const float *wx = w + (size_t)x * L;
            for (int l = 0; l < L; l++) em[l] += wx[l];
        }
    }
    fh_ner_viterbi(emit, tw, hi - lo, work, out);
}

static void update(model *m, const examples *e, size_t s, const uint8_t *pred)
{
    size_t lo = e->sent[s], hi = e->sent[s + 1];
    int pg = -1, pp = -1;
    for (size_t i = lo; i < hi; i++) {
        int g = e->label[i], p = pred[i - lo];
        if (g != p) {
            for (size_t f = e->tok_feat[i]; f < e->tok_feat[i + 1]; f++) {
                uint32_t x = e->feat[f];
                if (x == UINT32_MAX) continue;
                m->w[(size_t)x * L + g] += 1;
                m->u[(size_t)x * L + g] += m->c;
                m->w[(size_t)x * L + p] -= 1;
                m->u[(size_t)x * L + p] -= m->c;
            }
        }
        if (g != p || pg != pp) {
            m->tw[(pg + 1) * L + g] += 1;
            m->tu[(pg + 1) * L + g] += m->c;
            m->tw[(pp + 1) * L + p] -= 1;
            m->tu[(pp + 1) * L + p] -= m->c;
        }
        pg = g;
        pp = p;
    }
}

/* Entity-level F1 of predicted against gold labels over sentences [s0, s1). */
typedef struct prf { size_t tp, found, gold; } prf;

/* --seed N: every pass's shuffle starts from another state (0, the
 * default, gives the orders of the shipped model), so a change measured
 * by cross-validation can be measured again under other orders; one
 * order moves the figures by some tenths. */
static uint64_t shuffle_seed;

/* Fisher-Yates over order[0..n) with the generator's state *rng, so a
 * fixed seed gives the same passes. */
static void shuffle(size_t *order, size_t n, uint64_t *rng)
{
    *rng += shuffle_seed * 0xD1B54A32D192ED03ull; /* --seed: another order (none by default) */
    for (size_t i = n; i > 1; i--) {
        *rng = *rng * 6364136223846793005ull + 1442695040888963407ull;
        size_t j = (size_t)((*rng >> 33) % i);
        size_t t = order[i - 1];
        order[i - 1] = order[j];
        order[j] = t;
    }
}

/* One perceptron pass over the sentences order[0..n), in that order:
 * decode each, update where it is wrong.  Returns the wrong sentences. */
static size_t train_pass(model *m, const examples *e, const size_t *order, size_t n)
{
    static float emit[FH_NER_MAX_SENT * L], work[FH_NER_MAX_SENT * L];
    static uint8_t pred[FH_NER_MAX_SENT];
    size_t errors = 0;
    for (size_t k = 0; k < n; k++) {
        size_t s = order[k];
        decode(e, m->w, m->tw, s, emit, work, pred);
        size_t lo = e->sent[s], hi = e->sent[s + 1];
        int wrong = 0;
        for (size_t i = lo; i < hi; i++) wrong |= pred[i - lo] != e->label[i];
        if (wrong) {
            errors++;
            update(m, e, s, pred);
        }
        m->c += 1;
    }
    return errors;
}

/* Zero weights, sums and clock, for a model of m->nf features. */
static void model_reset(model *m)
{
    memset(m->w, 0, m->nf * L * sizeof *m->w);
    memset(m->u, 0, m->nf * L * sizeof *m->u);
    memset(m->tw, 0, sizeof m->tw);
    memset(m->tu, 0, sizeof m->tu);
    m->c = 1;
}

/* Allocates a model's weights and update sums for nf features, zeroed. */
static void model_alloc(model *m, size_t nf)
{
    m->nf = nf;
    m->w = calloc(nf * L, sizeof *m->w);
    m->u = calloc(nf * L, sizeof *m->u);
    if (!m->w || !m->u) die("out of memory");
}

/* Fold f of K: its sentences are [*d0, *d1); the others, in order, go to
 * order.  Returns how many those are. */
static size_t fold_rest(const examples *e, int f, int K, size_t *order, size_t *d0, size_t *d1)
{
    *d0 = e->nsent * (size_t)f / (size_t)K;
    *d1 = e->nsent * (size_t)(f + 1) / (size_t)K;
    size_t nt = 0;
    for (size_t s = 0; s < e->nsent; s++)
        if (s < *d0 || s >= *d1) order[nt++] = s;
    return nt;
}

/* How many features the examples use (the highest index + 1). */
static size_t feature_count(const examples *e)
{
    size_t nf = 0;
    for (size_t i = 0; i < e->nfeat; i++)
        if (e->feat[i] != UINT32_MAX && e->feat[i] + 1 > nf) nf = e->feat[i] + 1;
    return nf;
}

static void chunks_count(const uint8_t *g, const uint8_t *p, size_t n, prf *r)
{
    for (size_t i = 0; i < n; i++) {
        int gb = FH_NER_IS_B(g[i]), pb = FH_NER_IS_B(p[i]);
        r->gold += gb;
        r->found += pb;
        if (gb && pb && g[i] == p[i]) {
            size_t j = i + 1;
            while (j < n && g[j] == p[j] && g[j] == g[i] + 1) j++;
            int gend = j >= n || g[j] != g[i] + 1, pend = j >= n || p[j] != p[i] + 1;
            if (gend && pend) r->tp++;
        }
    }
}

static double evaluate(const examples *e, const model *m, size_t s0, size_t s1, float o_penalty)
{
    float *w = malloc(m->nf * L * sizeof *w);
    if (!w) die("out of memory");
    float tw[T];
    for (size_t i = 0; i < m->nf * L; i++) w[i] = (float)(m->w[i] - m->u[i] / m->c);
    for (int i = 0; i < T; i++) tw[i] = (float)(m->tw[i] - m->tu[i] / m->c);
    for (int a = 0; a <= L; a++) tw[a * L + FH_NER_O] -= o_penalty;
    static float emit[FH_NER_MAX_SENT * L], work[FH_NER_MAX_SENT * L];
    static uint8_t pred[FH_NER_MAX_SENT];
    prf r = {0, 0, 0};
    for (size_t s = s0; s < s1; s++) {
        decode(e, w, tw, s, emit, work, pred);
        chunks_count(e->label + e->sent[s], pred, e->sent[s + 1] - e->sent[s], &r);
    }
    free(w);
    double p = r.found ? (double)r.tp / r.found : 0, rc = r.gold ? (double)r.tp / r.gold : 0;
    return p + rc > 0 ? 2 * p * rc / (p + rc) : 0;
}

/* Best dev F1 over the O penalties tried (a score taken from O, which a
 * perceptron trained on text that is mostly O favours); *pen gets its
 * penalty. */
static double best_penalty(const examples *e, const model *m, size_t s0, size_t s1, float *pen)
{
    double best = -1;
    for (int k = 0; k <= 40; k++) {
        float p = (float)k;
        double f = evaluate(e, m, s0, s1, p);
        if (f > best + 1e-9) {
            best = f;
            *pen = p;
        }
    }
    return best;
}

typedef struct tuned { int epoch; float penalty; double f1; } tuned;

/* Trains for epochs passes over sentences [0, nsent).  With a dev part
 * (sentences [nsent, dev_end)) returns the epoch and O penalty with the
 * best dev F1. */
static tuned train(model *m, const examples *e, size_t nsent, int epochs, size_t dev_end, unsigned seed)
{
    tuned best = {epochs, 0, -1};
    size_t *order = malloc(nsent * sizeof *order);
    if (!order) die("out of memory");
    for (size_t i = 0; i < nsent; i++) order[i] = i;
    uint64_t rng = 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull * seed;
    m->c = 1;
    for (int ep = 1; ep <= epochs; ep++) {
        shuffle(order, nsent, &rng);
        size_t errors = train_pass(m, e, order, nsent);
        if (dev_end > nsent) {
            float pen = 0;
            double f0 = evaluate(e, m, nsent, dev_end, 0), f = best_penalty(e, m, nsent, dev_end, &pen);
            fprintf(stderr, "epoch %d: %zu sentences wrong, dev F1 %.4f, %.4f with O penalty %.1f\n", ep,
                    errors, f0, f, (double)pen);
            if (f > best.f1) best = (tuned){ep, pen, f};
        } else {
            fprintf(stderr, "epoch %d: %zu sentences wrong\n", ep, errors);
        }
    }
    free(order);
    return best;
}

/* ------------------------------------------------------------------ */
/* the conditional random field (--crf C2)                              */

/* A linear-chain CRF over the same features, labels and transitions as
 * the perceptron (the tagger decodes either alike), trained by L-BFGS
 * (liblbfgs) to the log-likelihood of the gold labels less C2/2 times the
 * squared weights (C1 > 0: OWL-QN with an L1 term too).  Transitions the
 * decoder forbids (I-X not after X) keep weight 0 and probability 0. */
typedef struct crf_ctx {
    const examples *e;
    const size_t *sents; /* the training sentences */
    size_t nsent, nf;
    double c2;
    double *emit, *pe, *alpha, *beta, *scale; /* FH_NER_MAX_SENT x L each (scale: x 1) */
    int iter;
} crf_ctx;

/* log Z - gold score of sentence s under x; adds its gradient to g.
 * etr[(a + 1) * L + b]: exp of the transition a -> b (row 0: from the
 * start), 0 where it is forbidden. */
static double crf_sentence(crf_ctx *cx, size_t s, const double *x, const double *etr, double *g)
{
    const examples *e = cx->e;
    size_t lo = e->sent[s], n = e->sent[s + 1] - lo;
    if (!n) return 0;
    const double *tr = x + cx->nf * L;
    double *gt = g + cx->nf * L;
    double *em = cx->emit, *pe = cx->pe, *al = cx->alpha, *be = cx->beta, *sc = cx->scale;
    double logz = 0, gold = 0;
    for (size_t i = 0; i < n; i++) {
        double *r = em + i * L, mx = -INFINITY;
        for (int l = 0; l < L; l++) r[l] = 0;
        for (size_t f = e->tok_feat[lo + i]; f < e->tok_feat[lo + i + 1]; f++) {
            uint32_t k = e->feat[f];
            if (k == UINT32_MAX) continue;
            const double *w = x + (size_t)k * L;
            for (int l = 0; l < L; l++) r[l] += w[l];
        }
        for (int l = 0; l < L; l++) mx = r[l] > mx ? r[l] : mx;
        for (int l = 0; l < L; l++) pe[i * L + l] = exp(r[l] - mx);
        logz += mx;
        int y = e->label[lo + i], yp = i ? e->label[lo + i - 1] : -1;
        gold += r[y] + tr[(yp + 1) * L + y];
    }
    /* forward, each row scaled to sum 1 */
    for (size_t i = 0; i < n; i++) {
        double sum = 0;
        for (int b = 0; b < L; b++) {
            double v = 0;
            if (!i) v = etr[b];
            else
                for (int a = 0; a < L; a++) v += al[(i - 1) * L + a] * etr[(a + 1) * L + b];
            v *= pe[i * L + b];
            al[i * L + b] = v;
            sum += v;
        }
        sc[i] = sum;
        for (int b = 0; b < L; b++) al[i * L + b] /= sum;
        logz += log(sum);
    }
    /* backward, with the forward's scales */
    for (int a = 0; a < L; a++) be[(n - 1) * L + a] = 1;
    for (size_t i = n - 1; i-- > 0;) {
        for (int a = 0; a < L; a++) {
            double v = 0;
            for (int b = 0; b < L; b++) v += etr[(a + 1) * L + b] * pe[(i + 1) * L + b] * be[(i + 1) * L + b];
            be[i * L + a] = v / sc[i + 1];
        }
    }
    for (size_t i = 0; i < n; i++) {
        double p[L];
        for (int b = 0; b < L; b++) p[b] = al[i * L + b] * be[i * L + b];
        int y = e->label[lo + i];
        p[y] -= 1;
        for (size_t f = e->tok_feat[lo + i]; f < e->tok_feat[lo + i + 1]; f++) {
            uint32_t k = e->feat[f];
            if (k == UINT32_MAX) continue;
            double *gw = g + (size_t)k * L;
            for (int l = 0; l < L; l++) gw[l] += p[l];
        }
        if (!i) {
            for (int b = 0; b < L; b++) gt[b] += al[b] * be[b];
            gt[y] -= 1;
        } else {
            for (int a = 0; a < L; a++)
                for (int b = 0; b < L; b++)
                    gt[(a + 1) * L + b] += al[(i - 1) * L + a] * etr[(a + 1) * L + b] * pe[i * L + b] *
                                           be[i * L + b] / sc[i];
            gt[(e->label[lo + i - 1] + 1) * L + y] -= 1;
        }
    }
    return logz - gold;
}

/* The context for sentences sents[0..nsent) of e over nf features, with
 * its work rows allocated; crf_close frees them. */
static void crf_open(crf_ctx *cx, const examples *e, const size_t *sents, size_t nsent, size_t nf, double c2)
{
    *cx = (crf_ctx){e, sents, nsent, nf, c2, NULL, NULL, NULL, NULL, NULL, 0};
    cx->emit = malloc(FH_NER_MAX_SENT * L * sizeof *cx->emit);
    cx->pe = malloc(FH_NER_MAX_SENT * L * sizeof *cx->pe);
    cx->alpha = malloc(FH_NER_MAX_SENT * L * sizeof *cx->alpha);
    cx->beta = malloc(FH_NER_MAX_SENT * L * sizeof *cx->beta);
    cx->scale = malloc(FH_NER_MAX_SENT * sizeof *cx->scale);
    if (!cx->emit || !cx->pe || !cx->alpha || !cx->beta || !cx->scale) die("out of memory");
}

static void crf_close(crf_ctx *cx)
{
    free(cx->emit);
    free(cx->pe);
    free(cx->alpha);
    free(cx->beta);
    free(cx->scale);
}

/* The sentence indices 0..n-1, for training on the first n in order. */
static size_t *first_sentences(size_t n)
{
    size_t *all = malloc((n ? n : 1) * sizeof *all);
    if (!all) die("out of memory");
    for (size_t i = 0; i < n; i++) all[i] = i;
    return all;
}

static lbfgsfloatval_t crf_evaluate(void *inst, const lbfgsfloatval_t *x, lbfgsfloatval_t *g, const int n,
                                    const lbfgsfloatval_t step)
{
    (void)step;
    crf_ctx *cx = inst;
    double etr[T];
    for (int a = -1; a < L; a++)
        for (int b = 0; b < L; b++)
            etr[(a + 1) * L + b] = fh_ner_allowed(a, b) ? exp(x[cx->nf * L + (size_t)(a + 1) * L + b]) : 0;
    memset(g, 0, (size_t)n * sizeof *g);
    double fx = 0;
    for (size_t s = 0; s < cx->nsent; s++) fx += crf_sentence(cx, cx->sents[s], x, etr, g);
    for (int i = 0; i < n; i++) {
        fx += 0.5 * cx->c2 * x[i] * x[i];
        g[i] += cx->c2 * x[i];
    }
    for (int a = -1; a < L; a++) /* forbidden transitions stay 0 */
        for (int b = 0; b < L; b++)
            if (!fh_ner_allowed(a, b)) g[cx->nf * L + (size_t)(a + 1) * L + b] = 0;
    return fx;
}

static int crf_progress(void *inst, const lbfgsfloatval_t *x, const lbfgsfloatval_t *g,
                        const lbfgsfloatval_t fx, const lbfgsfloatval_t xnorm, const lbfgsfloatval_t gnorm,
                        const lbfgsfloatval_t step, int n, int k, int ls)
{
    (void)x; (void)g; (void)step; (void)n; (void)ls;
    crf_ctx *cx = inst;
    cx->iter = k;
    if (k % 10 == 0) fprintf(stderr, "crf: iteration %d: loss %.1f, |w| %.2f, |g| %.3f\n", k, fx, xnorm, gnorm);
    return 0;
}

/* Trains m (m->nf features) as a CRF on the sentences sents[0..nsent)
 * for at most iters L-BFGS iterations; the weights go to m->w and m->tw
 * (m->u zero, m->c 1, as an averaged model's are read). */
static void train_crf(model *m, const examples *e, const size_t *sents, size_t nsent, double c1, double c2,
                      int iters)
{
    size_t np = m->nf * L + T;
    if (np > (size_t)INT32_MAX) die("too many CRF weights");
    crf_ctx cx;
    crf_open(&cx, e, sents, nsent, m->nf, c2);
    lbfgsfloatval_t *x = lbfgs_malloc((int)np);
    if (!x) die("out of memory");
    memset(x, 0, np * sizeof *x);
    lbfgs_parameter_t p;
    lbfgs_parameter_init(&p);
    p.max_iterations = iters;
    p.epsilon = 1e-5;
    p.past = 10;
    p.delta = 1e-5;
    if (c1 > 0) {
        p.orthantwise_c = c1;
        p.linesearch = LBFGS_LINESEARCH_BACKTRACKING;
    }
    lbfgsfloatval_t fx = 0;
    int ret = lbfgs((int)np, x, &fx, crf_evaluate, crf_progress, &cx, &p);
    fprintf(stderr, "crf: %d iterations, loss %.1f (liblbfgs status %d)\n", cx.iter, fx, ret);
    if (ret < 0 && ret != LBFGSERR_MAXIMUMITERATION && ret != LBFGSERR_ROUNDING_ERROR &&
        ret != LBFGSERR_MAXIMUMLINESEARCH && ret != LBFGSERR_MINIMUMSTEP && ret != LBFGSERR_MAXIMUMSTEP)
        die("the CRF's optimisation failed");
    for (size_t i = 0; i < m->nf * L; i++) {
        m->w[i] = (float)x[i];
        m->u[i] = 0;
    }
    for (int i = 0; i < T; i++) {
        m->tw[i] = (float)x[m->nf * L + (size_t)i];
        m->tu[i] = 0;
    }
    m->c = 1;
    lbfgs_free(x);
    crf_close(&cx);
}

/* --crf-check: the CRF's gradient at small pseudo-random weights against
 * central differences of its loss, for every transition and the first
 * 200 emission weights; returns how many differ by more than 1e-4
 * relative (plus 1e-6). */
static int crf_check(const examples *e, size_t nf, double c2)
{
    size_t np = nf * L + T;
    size_t *all = first_sentences(e->nsent);
    double *x = calloc(np, sizeof *x), *g = malloc(np * sizeof *g), *g2 = malloc(np * sizeof *g2);
    if (!x || !g || !g2) die("out of memory");
    crf_ctx cx;
    crf_open(&cx, e, all, e->nsent, nf, c2);
    uint64_t rng = 12345;
    for (size_t i = 0; i < np; i++) {
        rng = rng * 6364136223846793005ull + 1442695040888963407ull;
        x[i] = ((double)(rng >> 40) / (double)(1ull << 24) - 0.5);
    }
    crf_evaluate(&cx, x, g, (int)np, 0);
    int bad = 0;
    size_t checked = 0;
    for (size_t i = 0; i < np; i++) {
        if (i >= 200 && i < nf * L) continue;
        size_t t = i - nf * L;
        if (i >= nf * L && !fh_ner_allowed((int)(t / L) - 1, (int)(t % L))) continue;
        double h = 1e-5, keep = x[i];
        x[i] = keep + h;
        double fp = crf_evaluate(&cx, x, g2, (int)np, 0);
        x[i] = keep - h;
        double fm = crf_evaluate(&cx, x, g2, (int)np, 0);
        x[i] = keep;
        double num = (fp - fm) / (2 * h);
        checked++;
        if (fabs(num - g[i]) > 1e-4 * fabs(num) + 1e-6) {
            bad++;
            fprintf(stderr, "crf-check: weight %zu: gradient %.8g, differences %.8g\n", i, g[i], num);
        }
    }
    fprintf(stderr, "crf-check: %zu weights, %d differ\n", checked, bad);
    crf_close(&cx);
    free(all);
    free(x);
    free(g);
    free(g2);
    return bad;
}

/* The written model as the mean of bags perceptrons, each trained for
 * epochs passes over sentences [0, nsent) in its own order (one averaged
 * perceptron leans on the order it saw them in); into m, its sums zero
 * and its clock 1. */
static void mean_of_bags(model *m, const examples *e, size_t nsent, int epochs, int bags)
{
    double *sum = calloc(m->nf * L, sizeof *sum), tsum[T] = {0};
    if (!sum) die("out of memory");
    for (int b = 0; b < bags; b++) {
        memset(m->w, 0, m->nf * L * sizeof *m->w);
        memset(m->u, 0, m->nf * L * sizeof *m->u);
        memset(m->tw, 0, sizeof m->tw);
        memset(m->tu, 0, sizeof m->tu);
        train(m, e, nsent, epochs, 0, (unsigned)b);
        for (size_t i = 0; i < m->nf * L; i++) sum[i] += m->w[i] - m->u[i] / m->c;
        for (int i = 0; i < T; i++) tsum[i] += m->tw[i] - m->tu[i] / m->c;
    }
    for (size_t i = 0; i < m->nf * L; i++) {
        m->w[i] = (float)(sum[i] / bags);
        m->u[i] = 0;
    }
    for (int i = 0; i < T; i++) {
        m->tw[i] = (float)(tsum[i] / bags);
        m->tu[i] = 0;
    }
    m->c = 1;
    free(sum);
}

/* K-fold cross-validation over the train part (--cv K): each fold, a
 * contiguous block of sentences, is decoded by a model trained on the
 * others; entity counts are pooled over the folds for every pass and O
 * penalty, and the best pair is returned.  A steadier yardstick for
 * feature choices than one held-out block. */
#define CV_PEN 21 /* O penalties 0, 2, ..., 40 */
/* --cv-dump FILE EPOCH PENALTY: each fold's labels at that pass and O
 * penalty, a token a line: its text, the gold and the predicted label. */
static FILE *dump_file;
static int dump_epoch;
static float dump_pen;

static void dump_sentence(const examples *e, size_t s, const uint8_t *pred)
{
    for (size_t i = e->sent[s]; i < e->sent[s + 1]; i++)
        fprintf(dump_file, "%.*s %s %s\n", (int)(e->tok_end[i] - e->tok_start[i]), e->c->text + e->tok_start[i],
                tag_names[e->label[i]], tag_names[pred[i - e->sent[s]]]);
    fputc('\n', dump_file);
}

static tuned cross_validate(const examples *e, int K, int epochs, int bags)
{
    prf *pool = calloc((size_t)epochs * CV_PEN, sizeof *pool);
    size_t *order = malloc((size_t)bags * e->nsent * sizeof *order);
    model *ms = calloc((size_t)bags, sizeof *ms);
    uint64_t *rng = malloc((size_t)bags * sizeof *rng);
    size_t nf = feature_count(e);
    float *avg = malloc(nf * L * sizeof *avg);
    if (!pool || !order || !ms || !rng || !avg) die("out of memory");
    for (int b = 0; b < bags; b++) model_alloc(&ms[b], nf);
    static float emit[FH_NER_MAX_SENT * L], work[FH_NER_MAX_SENT * L];
    static uint8_t pred[FH_NER_MAX_SENT];
    for (int f = 0; f < K; f++) {
        size_t d0, d1, nt = fold_rest(e, f, K, order, &d0, &d1);
        for (int b = 0; b < bags; b++) {
            model *m = &ms[b];
            if (b) memcpy(order + (size_t)b * e->nsent, order, nt * sizeof *order);
            model_reset(m);
            rng[b] = 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull * (unsigned)b;
        }
        for (int ep = 0; ep < epochs; ep++) {
            float tavg[T] = {0};
            memset(avg, 0, nf * L * sizeof *avg);
            for (int b = 0; b < bags; b++) {
                model *m = &ms[b];
                size_t *ord = order + (size_t)b * e->nsent;
                shuffle(ord, nt, &rng[b]);
                train_pass(m, e, ord, nt);
                for (size_t i = 0; i < nf * L; i++) avg[i] += (float)((m->w[i] - m->u[i] / m->c) / bags);
                for (int i = 0; i < T; i++) tavg[i] += (float)((m->tw[i] - m->tu[i] / m->c) / bags);
            }
            for (int pi = 0; pi < CV_PEN; pi++) {
                float tw[T];
                for (int i = 0; i < T; i++) tw[i] = tavg[i] - (i % L == FH_NER_O ? 2.0f * (float)pi : 0);
                for (size_t s = d0; s < d1; s++) {
                    decode(e, avg, tw, s, emit, work, pred);
                    chunks_count(e->label + e->sent[s], pred, e->sent[s + 1] - e->sent[s], &pool[ep * CV_PEN + pi]);
                    if (dump_file && ep + 1 == dump_epoch && 2.0f * (float)pi == dump_pen) dump_sentence(e, s, pred);
                }
            }
        }
        fprintf(stderr, "cv: fold %d of %d done\n", f + 1, K);
    }
    tuned best = {epochs, 0, -1};
    for (int ep = 0; ep < epochs; ep++) {
        double eb = -1;
        int ebp = 0;
        for (int pi = 0; pi < CV_PEN; pi++) {
            const prf *r = &pool[ep * CV_PEN + pi];
            double p = r->found ? (double)r->tp / r->found : 0, rc = r->gold ? (double)r->tp / r->gold : 0;
            double f1 = p + rc > 0 ? 2 * p * rc / (p + rc) : 0;
            if (f1 > eb + 1e-9) { eb = f1; ebp = pi; }
        }
        fprintf(stderr, "cv: epoch %d: F1 %.4f with O penalty %d\n", ep + 1, eb, 2 * ebp);
        if (eb > best.f1 + 1e-9) best = (tuned){ep + 1, 2.0f * (float)ebp, eb};
    }
    fprintf(stderr, "cv: best pooled F1 %.4f: epoch %d, O penalty %.1f\n", best.f1, best.epoch, (double)best.penalty);
    for (int b = 0; b < bags; b++) {
        free(ms[b].w);
        free(ms[b].u);
    }
    free(ms);
    free(rng);
    free(pool);
    free(order);
    free(avg);
    return best;
}

/* --doc-jack K: every token's label from a model trained (one model,
 * jack_epochs passes, no O penalty) on the sentences outside its block of
 * K, so that what the tagger reads as how a word was tagged earlier in
 * the text (fh_ner_seen) is as wrong in training as where it tags. */
static uint8_t *jackknife_labels(const examples *e, int K, int epochs)
{
    size_t nf = feature_count(e);
    uint8_t *out = malloc(e->ntok ? e->ntok : 1);
    size_t *order = malloc(e->nsent * sizeof *order);
    model m = {0};
    model_alloc(&m, nf);
    float *avg = malloc(nf * L * sizeof *avg);
    if (!out || !order || !avg) die("out of memory");
    static float emit[FH_NER_MAX_SENT * L], work[FH_NER_MAX_SENT * L];
    static uint8_t pred[FH_NER_MAX_SENT];
    for (int f = 0; f < K; f++) {
        size_t d0, d1, nt = fold_rest(e, f, K, order, &d0, &d1);
        model_reset(&m);
        uint64_t rng = 0x9E3779B97F4A7C15ull;
        if (crf_c2 > 0 && crf_jack_iters > 0) train_crf(&m, e, order, nt, crf_c1, crf_c2, crf_jack_iters);
        else
            for (int ep = 0; ep < epochs; ep++) {
                shuffle(order, nt, &rng);
                train_pass(&m, e, order, nt);
            }
        float tw[T];
        for (size_t i = 0; i < nf * L; i++) avg[i] = (float)(m.w[i] - m.u[i] / m.c);
        for (int i = 0; i < T; i++) tw[i] = (float)(m.tw[i] - m.tu[i] / m.c);
        for (size_t s = d0; s < d1; s++) {
            decode(e, avg, tw, s, emit, work, pred);
            memcpy(out + e->sent[s], pred, e->sent[s + 1] - e->sent[s]);
        }
        fprintf(stderr, "doc-jack: block %d of %d labelled\n", f + 1, K);
    }
    free(order);
    free(m.w);
    free(m.u);
    free(avg);
    return out;
}

static void examples_free(examples *e)
{
    free(e->feat);
    free(e->tok_feat);
    free(e->label);
    free(e->tok_start);
    free(e->tok_end);
    free(e->sent);
    free(e->sent_line);
    fh_ner_seen_free(&e->seen);
    memset(e, 0, sizeof *e);
}

/* ------------------------------------------------------------------ */
/* output                                                               */

static void write_model(const char *path, const model *m, const uint32_t *hashes, float prune,
                        float o_penalty, const char *desc)
{
    float *avg = malloc(m->nf * L * sizeof *avg);
    if (!avg) die("out of memory");
    float tavg[T], maxw = 0;
    for (size_t i = 0; i < m->nf * L; i++) {
        avg[i] = (float)(m->w[i] - m->u[i] / m->c);
        if (fabsf(avg[i]) > maxw) maxw = fabsf(avg[i]);
    }
    for (int i = 0; i < T; i++) {
        tavg[i] = (float)(m->tw[i] - m->tu[i] / m->c) - (i % L == FH_NER_O ? o_penalty : 0);
        if (fabsf(tavg[i]) > maxw) maxw = fabsf(tavg[i]);
    }
    float scale = maxw > 0 ? 32000.0f / maxw : 1;
    FILE *f = fopen(path, "w");
    if (!f) die("cannot write the model");
    size_t kept = 0, nweights = 0;
    for (size_t i = 0; i < m->nf; i++) {
        int any = 0;
        for (int l = 0; l < L; l++) any |= fabsf(avg[i * L + l] * scale) >= prune;
        kept += any;
    }
    fprintf(f, "/* generated by tools/ner/ner_train.c (%s); do not edit.\n", desc);
    fprintf(f, " * Named-entity model of fahras: %s weights (x%.3f), learned from\n"
               " * the train part of ANERcorp (Benajiba, Rosso & Benedi 2007; CAMeL Lab release,\n"
               " * CC BY-SA 4.0).  This file is licensed under CC BY-SA 4.0\n"
               " * (https://creativecommons.org/licenses/by-sa/4.0/): see models/ner/README.md\n"
               " * and NOTICE. */\n", crf_c2 > 0 ? "CRF" : "averaged perceptron", (double)scale);
    fprintf(f, "#include \"ner.h\"\n\n");
    fprintf(f, "static const uint32_t hash[%zu] = {\n", kept ? kept : 1);
    size_t col = 0;
    for (size_t i = 0; i < m->nf; i++) {
        int any = 0;
        for (int l = 0; l < L; l++) any |= fabsf(avg[i * L + l] * scale) >= prune;
        if (!any) continue;
        fprintf(f, "0x%x,%s", hashes[i], ++col % 10 ? "" : "\n");
    }
    fprintf(f, "%s};\nstatic const uint16_t mask[%zu] = {\n", kept ? "" : "0", kept ? kept : 1);
    col = 0;
    for (size_t i = 0; i < m->nf; i++) {
        unsigned mk = 0;
        for (int l = 0; l < L; l++) mk |= (fabsf(avg[i * L + l] * scale) >= prune) << l;
        if (!mk) continue;
        nweights += (size_t)__builtin_popcount(mk);
        fprintf(f, "%u,%s", mk, ++col % 20 ? "" : "\n");
    }
    fprintf(f, "%s};\nstatic const int16_t weights[%zu] = {\n", kept ? "" : "0", nweights ? nweights : 1);
    col = 0;
    for (size_t i = 0; i < m->nf; i++) {
        for (int l = 0; l < L; l++) {
            float v = avg[i * L + l] * scale;
            if (fabsf(v) < prune) continue;
            fprintf(f, "%d,%s", (int)lrintf(v), ++col % 16 ? "" : "\n");
        }
    }
    fprintf(f, "%s};\nstatic const int16_t trans[%d] = {\n", nweights ? "" : "0", T);
    for (int i = 0; i < T; i++) fprintf(f, "%d,%s", (int)lrintf(tavg[i] * scale), (i + 1) % L ? "" : "\n");
    fprintf(f, "};\n\nconst fh_ner_model_data fh_ner_model = {%zu, hash, mask, weights, %zu, trans,\n"
               "    \"ner-1 %s\"};\n", kept, nweights, desc);
    fclose(f);
    fprintf(stderr, "ner_train: %zu features kept of %zu, %zu weights, scale %.3f\n", kept, m->nf,
            nweights, (double)scale);
    free(avg);
}

/* The options of main, beside the training settings kept in statics. */
typedef struct options {
    int epochs, held_out, as_given, bags, cv_folds, doc_jack, jack_epochs, ew_split_only;
    double dev_frac;
    float o_penalty, prune;
    size_t min_count;
    const char *out, *in, *ew_prefix;
} options;

static const char usage[] =
    "usage: ner_train [--epochs N] [--dev-frac F [--held-out [--as-given]] | --cv K [--cv-dump FILE EPOCH PENALTY]] "
    "[--o-penalty P] [--bags N] [--word-drop P] [--min-count N] [--prune Q] [--doc-jack K "
    "[--doc-jack-epochs N] [--seen-drop F]] [--ew-split K PREFIX | --ew-jack K PREFIX] [--crf C2 "
    "[--crf-l1 C1] [--crf-iters N] [--doc-jack-crf N] | --crf-check] [--seed N] [--out FILE] TRAIN.txt";

/* An option's number, whole or not, within [lo, hi]; anything else (a
 * typo that atof would read as 0) stops the tool, naming the option. */
static double number_arg(const char *opt, const char *s, double lo, double hi, int whole)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v >= lo && v <= hi) || (whole && v != floor(v))) {
        fprintf(stderr, "ner_train: %s wants %s from %g to %g, not \"%s\"\n", opt,
                whole ? "a whole number" : "a number", lo, hi, s);
        exit(1);
    }
    return v;
}

static int int_arg(const char *opt, const char *s, int lo, int hi)
{
    return (int)number_arg(opt, s, lo, hi, 1);
}

/* The value after option argv[*i], stepping over it. */
static const char *option_value(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) die(usage);
    return argv[++*i];
}

static void parse_options(int argc, char **argv, options *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
#define VALUE option_value(argc, argv, &i)
        if (!strcmp(a, "--held-out")) o->held_out = 1;
        else if (!strcmp(a, "--as-given")) o->as_given = 1;
        else if (!strcmp(a, "--crf-check")) crf_check_only = 1;
        else if (!strcmp(a, "--ew-split") || !strcmp(a, "--ew-jack")) {
            ew_blocks = (size_t)int_arg(a, VALUE, 2, 1000);
            o->ew_prefix = VALUE;
            o->ew_split_only = !strcmp(a, "--ew-split");
        } else if (!strcmp(a, "--cv-dump")) {
            const char *path = VALUE;
            dump_epoch = int_arg(a, VALUE, 1, 100000);
            dump_pen = (float)number_arg(a, VALUE, 0, 1e6, 0);
            dump_file = fopen(path, "w");
            if (!dump_file) die("cannot write the --cv-dump file");
        } else if (!strcmp(a, "--epochs")) o->epochs = int_arg(a, VALUE, 1, 100000);
        else if (!strcmp(a, "--dev-frac")) o->dev_frac = number_arg(a, VALUE, 0, 0.99, 0);
        else if (!strcmp(a, "--cv")) o->cv_folds = int_arg(a, VALUE, 2, 1000);
        else if (!strcmp(a, "--bags")) o->bags = int_arg(a, VALUE, 1, 1000);
        else if (!strcmp(a, "--word-drop")) word_drop = number_arg(a, VALUE, 0, 1, 0);
        else if (!strcmp(a, "--doc-jack")) o->doc_jack = int_arg(a, VALUE, 0, 1000);
        else if (!strcmp(a, "--doc-jack-epochs")) o->jack_epochs = int_arg(a, VALUE, 1, 100000);
        else if (!strcmp(a, "--seen-drop")) seen_drop = number_arg(a, VALUE, 0, 1, 0);
        else if (!strcmp(a, "--seed")) shuffle_seed = (uint64_t)number_arg(a, VALUE, 0, 1e15, 1);
        else if (!strcmp(a, "--crf")) crf_c2 = number_arg(a, VALUE, 0, 1e9, 0);
        else if (!strcmp(a, "--crf-l1")) crf_c1 = number_arg(a, VALUE, 0, 1e9, 0);
        else if (!strcmp(a, "--crf-iters")) crf_iters = int_arg(a, VALUE, 1, 1000000);
        else if (!strcmp(a, "--doc-jack-crf")) crf_jack_iters = int_arg(a, VALUE, 0, 1000000);
        else if (!strcmp(a, "--o-penalty")) o->o_penalty = (float)number_arg(a, VALUE, -1e6, 1e6, 0);
        else if (!strcmp(a, "--min-count")) o->min_count = (size_t)int_arg(a, VALUE, 1, 1000000000);
        else if (!strcmp(a, "--prune")) o->prune = (float)number_arg(a, VALUE, 0, 32000, 0);
        else if (!strcmp(a, "--out")) o->out = VALUE;
        else if (a[0] != '-' && !o->in) o->in = a;
        else die(usage);
#undef VALUE
    }
    if (!o->in) die("no training file");
    if (o->cv_folds && crf_c2 > 0) die("--cv cross-validates the perceptrons, not a --crf model (tools/ner/pipeline_cv.sh measures it)");
}

/* Trains the model the options ask for on e (nuniq features, hashes)
 * and writes it to o->out, if given. */
static void train_and_write(options *o, const examples *e, size_t ngold, const uint32_t *hashes, size_t nuniq)
{
    if (o->cv_folds > 1) {
        tuned t = cross_validate(e, o->cv_folds, o->epochs, o->bags);
        o->epochs = t.epoch;
        o->o_penalty = t.penalty;
        o->dev_frac = 0;
    }
    model m = {0};
    model_alloc(&m, nuniq);
    size_t ntrain = e->nsent;
    if (o->dev_frac > 0) {
        /* choose the epochs and the O penalty on the held-out end of the
         * train part, then train again on all of it */
        ntrain = (size_t)((1 - o->dev_frac) * (double)e->nsent);
        fprintf(stderr, "ner_train: held out: sentences %zu-%zu, from corpus token %zu of %zu\n", ntrain + 1,
                e->nsent, e->sent_line[ntrain] + 1, ngold);
        if (crf_c2 <= 0 && !o->as_given) { /* a CRF has no passes to choose, nor needs an O penalty */
            tuned t = train(&m, e, ntrain, o->epochs, e->nsent, 0);
            fprintf(stderr, "ner_train: best on the last %.0f%% of the sentences: epoch %d, O penalty %.1f, dev F1 %.4f\n",
                    100 * o->dev_frac, t.epoch, (double)t.penalty, t.f1);
            o->epochs = t.epoch;
            o->o_penalty = t.penalty;
        }
        if (!o->held_out) ntrain = e->nsent;
    }
    if (crf_c2 > 0) { /* one optimum, whatever the order: no mean */
        o->bags = 1;
        size_t *all = first_sentences(ntrain);
        train_crf(&m, e, all, ntrain, crf_c1, crf_c2, crf_iters);
        free(all);
    } else {
        mean_of_bags(&m, e, ntrain, o->epochs, o->bags);
    }
    if (o->dev_frac > 0 && o->held_out) {
        float pen = 0;
        double f = best_penalty(e, &m, ntrain, e->nsent, &pen);
        fprintf(stderr, "ner_train: mean of %d on the held-out part: dev F1 %.4f with O penalty %.1f (%.4f with %.1f)\n",
                o->bags, f, (double)pen, evaluate(e, &m, ntrain, e->nsent, o->o_penalty), (double)o->o_penalty);
    }
    if (o->out) {
        char desc[240];
        const char *name = strrchr(o->in, '/') ? strrchr(o->in, '/') + 1 : o->in;
        if (crf_c2 > 0)
            snprintf(desc, sizeof desc, "%s, CRF, L2 %g, L1 %g, O penalty %.1f, features seen >= %zu times, pruned under %g",
                     name, crf_c2, crf_c1, (double)o->o_penalty, o->min_count, (double)o->prune);
        else
            snprintf(desc, sizeof desc, "%s, %d epochs, O penalty %.1f, mean of %d, features seen >= %zu times",
                     name, o->epochs, (double)o->o_penalty, o->bags, o->min_count);
        write_model(o->out, &m, hashes, o->prune, o->o_penalty, desc);
    }
    free(m.w);
    free(m.u);
}

int main(int argc, char **argv)
{
    options o = {.epochs = 10, .bags = 1, .jack_epochs = 4, .min_count = 1, .prune = 1};
    parse_options(argc, argv, &o);
    corpus c = {0};
    read_corpus(o.in, &c);
    if (o.ew_prefix) ew_cut(&c, ew_blocks);
    if (o.ew_prefix && o.ew_split_only) {
        ew_split(&c, o.ew_prefix);
        free(ew_start);
        free(c.text);
        free(c.gold);
        return 0;
    }
    if (o.ew_prefix) {
        ew_tables = calloc(ew_blocks, sizeof *ew_tables);
        if (!ew_tables) die("out of memory");
        for (size_t k = 0; k < ew_blocks; k++) {
            char path[4096];
            snprintf(path, sizeof path, "%s%zu.c", o.ew_prefix, k);
            ew_load(&ew_tables[k], path);
        }
    }
    fahras_error err;
    fh_ner_res res;
    if (fh_ner_res_init(&res, NULL, FAHRAS_UTF8_REPLACE, 0, &err) != FAHRAS_OK) die(err.message);
    examples e = {0};
    e.c = &c;
    if (fh_ner_sentences(&res, c.text, c.len, collect, &e, &err) != FAHRAS_OK) die(err.message);
    e.sent[e.nsent] = e.ntok;
    size_t nuniq;
    uint32_t *hashes = index_features(&e, o.min_count, &nuniq);
    if (o.doc_jack > 1) { /* the examples again, with how earlier sentences were tagged */
        uint8_t *jl = jackknife_labels(&e, o.doc_jack, o.jack_epochs);
        free(hashes);
        examples_free(&e);
        e.c = &c;
        e.jlab = jl;
        if (fh_ner_sentences(&res, c.text, c.len, collect, &e, &err) != FAHRAS_OK) die(err.message);
        e.sent[e.nsent] = e.ntok;
        hashes = index_features(&e, o.min_count, &nuniq);
        e.jlab = NULL;
        free(jl);
    }
    fprintf(stderr, "ner_train: %zu corpus tokens, %zu analyzer tokens in %zu sentences, %zu features\n",
            c.ngold, e.ntok, e.nsent, nuniq);
    int status = 0;
    if (crf_check_only) status = crf_check(&e, nuniq, crf_c2 > 0 ? crf_c2 : 1) ? 1 : 0;
    else train_and_write(&o, &e, c.ngold, hashes, nuniq);
    fh_ner_res_free(&res);
    free(hashes);
    examples_free(&e);
    for (size_t k = 0; ew_tables && k < ew_blocks; k++) fh_u32map_free(&ew_tables[k]);
    free(ew_tables);
    free(ew_start);
    if (dump_file) fclose(dump_file);
    free(c.text);
    free(c.gold);
    return status;
}
