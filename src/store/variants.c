/*
 * variants.c - learning variant spellings of foreign names (variants.h).
 *
 * One pass over the documents interns every key (df, occurrences, how many
 * of them inside a tagged name) and keeps the text as a sequence of key
 * ids.  Then: the candidate keys (frequent, mostly names), their pairs one
 * edit apart (spelling.h's edits), the context vector of each paired key
 * from the sequence, and the pairs whose contexts are alike.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spelling.h"
#include "variants.h"


typedef struct key_info {
    size_t off;       /* in the arena */
    uint32_t len;
    uint32_t df, last_doc, occ, in_name, letters;
} key_info;

typedef struct span_range {
    size_t start, end;
} span_range;

struct fh_var_learner {
    const fahras_analyzer *an;
    const fahras_tagger *tg;
    fahras_tag_memo *memo; /* the tagger's words and workspace between fields (NULL: none) */
    char *arena;
    size_t arena_n, arena_cap;
    key_info *keys;
    size_t n_keys, cap_keys;
    uint32_t *slots; /* hash: id + 1, 0 empty */
    size_t n_slots;
    uint32_t *seq;   /* key id + 1 a word, 0 between sentences' parts and fields */
    size_t n_seq, cap_seq;
    span_range *spans;
    size_t n_spans, cap_spans, at_span;
    uint32_t doc;
    long long words;
    int truncated, oom;
    fh_var_counts counts;
    fh_variant_row *rows;
    size_t n_rows;  /* rows point to keys in the arena */
};

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h ^ (h >> 29);
}

static const char *key_text(const fh_var_learner *l, uint32_t id) { return l->arena + l->keys[id].off; }

/* The id of key s[0..n), or -1 when it is not known. */
static long find_key(const fh_var_learner *l, const char *s, size_t n)
{
    if (!l->n_slots) return -1;
    size_t mask = l->n_slots - 1, i = (size_t)hash_bytes(s, n) & mask;
    for (; l->slots[i]; i = (i + 1) & mask) {
        const key_info *k = &l->keys[l->slots[i] - 1];
        if (k->len == n && !memcmp(l->arena + k->off, s, n)) return (long)(l->slots[i] - 1);
    }
    return -1;
}

static int grow_slots(fh_var_learner *l)
{
    size_t n = l->n_slots ? l->n_slots * 2 : 1u << 16;
    uint32_t *s = calloc(n, sizeof *s);
    if (!s) return -1;
    for (size_t id = 0; id < l->n_keys; id++) {
        const key_info *k = &l->keys[id];
        size_t i = (size_t)hash_bytes(l->arena + k->off, k->len) & (n - 1);
        while (s[i]) i = (i + 1) & (n - 1);
        s[i] = (uint32_t)id + 1;
    }
    free(l->slots);
    l->slots = s;
    l->n_slots = n;
    return 0;
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return 0;
    size_t n = *cap ? *cap : 1024;
    while (n < need) n *= 2;
    void *q = realloc(*p, n * size);
    if (!q) return -1;
    *p = q;
    *cap = n;
    return 0;
}

static size_t count_letters(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* The id of key s[0..n), added when new; -1 when out of memory. */
static long intern(fh_var_learner *l, const char *s, size_t n)
{
    long id = find_key(l, s, n);
    if (id >= 0) return id;
    if ((l->n_keys + 1) * 2 > l->n_slots && grow_slots(l)) return -1;
    if (grow((void **)&l->keys, &l->cap_keys, l->n_keys + 1, sizeof *l->keys) ||
        grow((void **)&l->arena, &l->arena_cap, l->arena_n + n + 1, 1))
        return -1;
    key_info *k = &l->keys[l->n_keys];
    memset(k, 0, sizeof *k);
    k->off = l->arena_n;
    k->len = (uint32_t)n;
    k->letters = (uint32_t)count_letters(s, n);
    memcpy(l->arena + l->arena_n, s, n);
    l->arena[l->arena_n + n] = '\0';
    l->arena_n += n + 1;
    size_t mask = l->n_slots - 1, i = (size_t)hash_bytes(s, n) & mask;
    while (l->slots[i]) i = (i + 1) & mask;
    l->slots[i] = (uint32_t)l->n_keys + 1;
    return (long)l->n_keys++;
}

fh_var_learner *fh_var_learner_new(const fahras_analyzer *an, const fahras_tagger *tg)
{
    fh_var_learner *l = calloc(1, sizeof *l);
    if (l) {
        l->an = an;
        l->tg = tg;
        if (tg) l->memo = fahras_tag_memo_new(NULL); /* out of memory: tagged without one */
    }
    return l;
}

void fh_var_learner_free(fh_var_learner *l)
{
    if (!l) return;
    fahras_tag_memo_free(l->memo);
    free(l->arena);
    free(l->keys);
    free(l->slots);
    free(l->seq);
    free(l->spans);
    free(l->rows);
    free(l);
}

static int push_seq(fh_var_learner *l, uint32_t v)
{
    if (v == 0 && (!l->n_seq || l->seq[l->n_seq - 1] == 0)) return 0; /* one break is enough */
    if (grow((void **)&l->seq, &l->cap_seq, l->n_seq + 1, sizeof *l->seq)) return -1;
    l->seq[l->n_seq++] = v;
    return 0;
}

static int note_span(void *ctx, const fahras_span *sp)
{
    fh_var_learner *l = ctx;
    if (sp->type < FAHRAS_SPAN_PER || sp->type > FAHRAS_SPAN_MISC) return 0;
    if (grow((void **)&l->spans, &l->cap_spans, l->n_spans + 1, sizeof *l->spans)) {
        l->oom = 1;
        return 1;
    }
    l->spans[l->n_spans].start = sp->start;
    l->spans[l->n_spans++].end = sp->end;
    return 0;
}

/* Whether byte offset at lies in a tagged name (tokens come in order). */
static int in_name(fh_var_learner *l, size_t at)
{
    while (l->at_span < l->n_spans && l->spans[l->at_span].end <= at) l->at_span++;
    return l->at_span < l->n_spans && l->spans[l->at_span].start <= at;
}

static int note_word(void *ctx, const fahras_token *t)
{
    fh_var_learner *l = ctx;
    if (l->words >= (long long)FH_VAR_MAX_WORDS) {
        l->truncated = 1;
        return 1;
    }
    l->words++;
    uint32_t v = 0;
    if (t->type == FAHRAS_TOKEN_ARABIC && t->key_len && !(t->flags & FAHRAS_TOKEN_TRUNCATED)) {
        long id = intern(l, t->key, t->key_len);
        if (id < 0) {
            l->oom = 1;
            return 1;
        }
        key_info *k = &l->keys[id];
        k->occ++;
        if (in_name(l, t->start)) k->in_name++;
        if (k->last_doc != l->doc) {
            k->last_doc = l->doc;
            k->df++;
        }
        v = (uint32_t)id + 1;
    }
    if (push_seq(l, v)) {
        l->oom = 1;
        return 1;
    }
    return 0;
}

static int add_field(fh_var_learner *l, const char *s, size_t n)
{
    if (!n) return 0;
    l->n_spans = l->at_span = 0;
    if (l->tg && fahras_tag_text_memo(l->tg, l->memo, s, n, note_span, l, NULL) == FAHRAS_ERR_NOMEM) l->oom = 1;
    if (l->oom) return -1;
    fahras_analyze(l->an, s, n, note_word, l, NULL); /* a bad field: its words so far */
    if (l->oom || push_seq(l, 0)) return -1;
    return 0;
}

int fh_var_learner_add(fh_var_learner *l, const char *title, size_t title_len, const char *body,
                       size_t body_len, fh_err *err)
{
    if (l->truncated) return 0;
    l->doc++;
    l->counts.docs++;
    if (add_field(l, title, title_len) || add_field(l, body, body_len)) {
        l->oom = 1;
        return fh_fail(err, "learning variants: out of memory");
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Pairs                                                               */
/* ------------------------------------------------------------------ */

static double name_share(const key_info *k) { return k->occ ? (double)k->in_name / k->occ : 0; }

static int is_candidate(const key_info *k)
{
    return k->df >= FH_VAR_MIN_DF && k->letters >= FH_VAR_MIN_LETTERS &&
           name_share(k) >= FH_VAR_MIN_NAME_SHARE_EACH;
}

typedef struct pair_set {
    fh_var_learner *l;
    uint32_t from;
    uint64_t *p; /* (smaller id << 32) | larger id */
    size_t n, cap;
    int oom;
} pair_set;

static void on_edit(void *ctx, const char *edit, size_t len)
{
    pair_set *ps = ctx;
    long to = find_key(ps->l, edit, len);
    if (to < 0 || (uint32_t)to == ps->from || !is_candidate(&ps->l->keys[to])) return;
    uint32_t a = ps->from < (uint32_t)to ? ps->from : (uint32_t)to;
    uint32_t b = ps->from < (uint32_t)to ? (uint32_t)to : ps->from;
    if (grow((void **)&ps->p, &ps->cap, ps->n + 1, sizeof *ps->p)) {
        ps->oom = 1;
        return;
    }
    ps->p[ps->n++] = ((uint64_t)a << 32) | b;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The candidate pairs one edit apart, sorted, each once. */
static int find_pairs(fh_var_learner *l, pair_set *ps)
{
    memset(ps, 0, sizeof *ps);
    ps->l = l;
    for (size_t id = 0; id < l->n_keys && !ps->oom; id++) {
        if (!is_candidate(&l->keys[id])) continue;
        l->counts.names++;
        ps->from = (uint32_t)id;
        fh_spell_edits(key_text(l, (uint32_t)id), FH_EDIT_TRANSLIT, on_edit, ps);
    }
    if (ps->oom) return -1;
    if (ps->n) qsort(ps->p, ps->n, sizeof *ps->p, cmp_u64);
    size_t k = 0;
    for (size_t i = 0; i < ps->n; i++)
        if (!k || ps->p[k - 1] != ps->p[i]) ps->p[k++] = ps->p[i];
    ps->n = k;
    l->counts.pairs_tried = (long long)k;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Contexts                                                            */
/* ------------------------------------------------------------------ */

typedef struct feature {
    uint32_t f;  /* (side << 31) | neighbour id */
    double w;
} feature;

typedef struct context {
    size_t from, n; /* in the features array */
    double norm;
} context;

/* The context vector of every paired key: its left and right neighbours,
 * each counted and weighed by its idf. */
static int build_contexts(fh_var_learner *l, const pair_set *ps, uint32_t *slot_of,
                          context *ctx, size_t n_ctx, feature **out_f)
{
    uint64_t *occ = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < l->n_seq; i++) {
        uint32_t v = l->seq[i];
        if (!v || !slot_of[v - 1]) continue;
        uint64_t slot = slot_of[v - 1] - 1;
        uint32_t left = i ? l->seq[i - 1] : 0, right = i + 1 < l->n_seq ? l->seq[i + 1] : 0;
        if (grow((void **)&occ, &cap, n + 2, sizeof *occ)) {
            free(occ);
            return -1;
        }
        if (left) occ[n++] = (slot << 32) | (left - 1);
        if (right) occ[n++] = (slot << 32) | (1u << 31) | (right - 1);
    }
    (void)ps;
    if (n) qsort(occ, n, sizeof *occ, cmp_u64);
    feature *f = malloc((n ? n : 1) * sizeof *f);
    if (!f) {
        free(occ);
        return -1;
    }
    size_t nf = 0;
    double docs = (double)(l->doc ? l->doc : 1);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && occ[j] == occ[i]) j++;
        uint32_t slot = (uint32_t)(occ[i] >> 32), feat = (uint32_t)occ[i];
        const key_info *nb = &l->keys[feat & 0x7FFFFFFFu];
        double idf = log(docs / (double)(nb->df ? nb->df : 1));
        context *c = &ctx[slot];
        if (!c->n) c->from = nf;
        c->n++;
        f[nf].f = feat;
        f[nf++].w = (double)(j - i) * (idf > 0 ? idf : 0);
        c->norm += f[nf - 1].w * f[nf - 1].w;
        i = j;
    }
    for (size_t s = 0; s < n_ctx; s++) ctx[s].norm = sqrt(ctx[s].norm);
    free(occ);
    *out_f = f;
    return 0;
}

static double cosine(const context *a, const context *b, const feature *f)
{
    if (a->norm <= 0 || b->norm <= 0) return 0;
    double dot = 0;
    size_t i = a->from, j = b->from, ie = a->from + a->n, je = b->from + b->n;
    while (i < ie && j < je) {
        if (f[i].f == f[j].f) dot += f[i++].w * f[j++].w;
        else if (f[i].f < f[j].f) i++;
        else j++;
    }
    return dot / (a->norm * b->norm);
}

static int cmp_rows(const void *a, const void *b)
{
    const fh_variant_row *x = a, *y = b;
    int c = strcmp(x->word, y->word);
    if (c) return c;
    if (x->df_variant != y->df_variant) return x->df_variant > y->df_variant ? -1 : 1;
    return strcmp(x->variant, y->variant);
}

static int add_row(fh_var_learner *l, size_t *cap, uint32_t a, uint32_t b, double score)
{
    if (grow((void **)&l->rows, cap, l->n_rows + 1, sizeof *l->rows)) return -1;
    fh_variant_row *r = &l->rows[l->n_rows++];
    r->word = key_text(l, a);
    r->variant = key_text(l, b);
    r->score = score;
    r->df_word = l->keys[a].df;
    r->df_variant = l->keys[b].df;
    return 0;
}

int fh_var_learner_finish(fh_var_learner *l, const fh_variant_row **rows, size_t *n, fh_err *err)
{
    pair_set ps;
    uint32_t *slot_of = NULL;
    context *ctx = NULL;
    feature *f = NULL;
    size_t n_ctx = 0, cap = 0;
    int rc = 0;
    l->n_rows = 0;
    l->counts.keys = (long long)l->n_keys;
    if (find_pairs(l, &ps)) rc = -1;
    if (!rc && !(slot_of = calloc(l->n_keys ? l->n_keys : 1, sizeof *slot_of))) rc = -1;
    for (size_t i = 0; !rc && i < ps.n; i++) {
        uint32_t ids[2] = {(uint32_t)(ps.p[i] >> 32), (uint32_t)ps.p[i]};
        for (int k = 0; k < 2; k++)
            if (!slot_of[ids[k]]) slot_of[ids[k]] = (uint32_t)++n_ctx;
    }
    if (!rc && !(ctx = calloc(n_ctx ? n_ctx : 1, sizeof *ctx))) rc = -1;
    if (!rc && build_contexts(l, &ps, slot_of, ctx, n_ctx, &f)) rc = -1;
    for (size_t i = 0; !rc && i < ps.n; i++) {
        uint32_t a = (uint32_t)(ps.p[i] >> 32), b = (uint32_t)ps.p[i];
        double sim = cosine(&ctx[slot_of[a] - 1], &ctx[slot_of[b] - 1], f);
        double share = name_share(&l->keys[a]) > name_share(&l->keys[b]) ? name_share(&l->keys[a])
                                                                        : name_share(&l->keys[b]);
        if (sim < FH_VAR_MIN_CONTEXT || share < FH_VAR_MIN_NAME_SHARE) continue;
        if (add_row(l, &cap, a, b, sim) || add_row(l, &cap, b, a, sim)) rc = -1;
    }
    if (!rc && l->n_rows) qsort(l->rows, l->n_rows, sizeof *l->rows, cmp_rows);
    free(ps.p);
    free(slot_of);
    free(ctx);
    free(f);
    if (rc) return fh_fail(err, "learning variants: out of memory");
    *rows = l->rows;
    *n = l->n_rows;
    return 0;
}

void fh_var_learner_counts(const fh_var_learner *l, fh_var_counts *out)
{
    *out = l->counts;
    out->words = l->words;
    out->truncated = l->truncated;
}
