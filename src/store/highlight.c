/*
 * highlight.c - marking a plan's words in text (highlight.h).
 *
 * The plan's index terms go into a table once; each token of the text is
 * looked up by its own index terms (fahras_token_terms), so a token is
 * marked exactly when the store would have matched it.  Phrases are
 * followed with one Shift-And state per phrase clause; a token's mark is
 * final once it has left a window of FH_PHRASE_RING tokens, the longest
 * phrase that can still mark it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "highlight.h"
#include "store_backend.h"
#include "fnv.h"

/* Phrases longer than this many words are matched by the store but only
 * their first words are followed here. */
#define FH_PHRASE_RING 64

typedef struct hl_hit {
    uint32_t clause; /* dense index of a marked clause */
    uint32_t slot;
} hl_hit;

typedef struct hl_term {
    const char *text; /* owned by the plan */
    size_t len;
    hl_hit hit;
} hl_term;

typedef struct hl_bucket {
    const char *text; /* NULL: empty */
    size_t len;
    size_t first, count; /* its hits: terms[first .. first + count) */
} hl_bucket;

struct fh_highlighter {
    const fahras_analyzer *an;
    hl_term *terms; /* exact terms, sorted by text */
    size_t n_terms;
    hl_bucket *table; /* open addressing over the distinct texts */
    size_t n_buckets; /* a power of two */
    hl_term *prefixes;
    size_t n_prefixes;
    uint32_t *n_slots; /* [dense clause] slots of each marked clause */
    size_t n_clauses;  /* marked clauses */
    fh_plan *owned;    /* freed with the highlighter */
    fh_highlight_work *work; /* counted by the (const) marking calls */
};

static int term_cmp(const void *a, const void *b)
{
    const hl_term *x = a, *y = b;
    int c = memcmp(x->text, y->text, x->len < y->len ? x->len : y->len);
    if (c) return c;
    return x->len < y->len ? -1 : x->len > y->len;
}

static int marked_role(int role)
{
    return role == FH_ROLE_MUST || role == FH_ROLE_SELECT;
}

void fh_highlighter_free(fh_highlighter *h)
{
    if (!h) return;
    free(h->terms);
    free(h->table);
    free(h->prefixes);
    free(h->n_slots);
    free(h->work);
    fh_plan_free(h->owned);
    free(h);
}

fh_highlight_work fh_highlighter_work(const fh_highlighter *h)
{
    return *h->work;
}

size_t fh_snippet_scan(int limit)
{
    size_t scan = FH_SNIPPET_REQUEST_BYTES / (size_t)(limit > 0 ? limit : 1);
    if (scan > FH_SNIPPET_SCAN_BYTES) scan = FH_SNIPPET_SCAN_BYTES;
    if (scan < FH_SNIPPET_MIN_SCAN_BYTES) scan = FH_SNIPPET_MIN_SCAN_BYTES;
    return scan;
}

void fh_highlighter_own_plan(fh_highlighter *h, fh_plan *p)
{
    h->owned = p;
}

/* Gather the marked clauses' terms: exact ones into h->terms, prefixes
 * into h->prefixes (at most FH_HIGHLIGHT_MAX_PREFIXES distinct). */
static int gather_terms(fh_highlighter *h, const fh_plan *p)
{
    size_t cap = 0;
    for (size_t i = 0; i < p->n; i++)
        for (size_t s = 0; s < p->clauses[i].n_slots; s++) cap += p->clauses[i].slots[s].n_alt;
    h->terms = malloc((cap ? cap : 1) * sizeof *h->terms);
    h->prefixes = malloc((cap ? cap : 1) * sizeof *h->prefixes);
    h->n_slots = malloc((p->n ? p->n : 1) * sizeof *h->n_slots);
    if (!h->terms || !h->prefixes || !h->n_slots) return -1;
    /* function words (على, في) are marked inside phrases, or when the
     * query holds nothing else */
    int only_function = 1;
    for (size_t i = 0; i < p->n; i++)
        if (marked_role(p->clauses[i].role) && !p->clauses[i].function_word) only_function = 0;
    for (size_t i = 0; i < p->n; i++) {
        const fh_plan_clause *c = &p->clauses[i];
        if (!marked_role(c->role) || !c->n_slots) continue;
        if (c->function_word && !only_function) continue;
        uint32_t dense = (uint32_t)h->n_clauses++;
        h->n_slots[dense] = (uint32_t)c->n_slots;
        for (size_t s = 0; s < c->n_slots && s < FH_PHRASE_RING; s++) {
            for (size_t a = 0; a < c->slots[s].n_alt; a++) {
                const fh_plan_term *t = &c->slots[s].alt[a];
                hl_term ht = {t->text, t->len, {dense, (uint32_t)s}};
                if (!t->prefix) {
                    h->terms[h->n_terms++] = ht;
                } else if (h->n_prefixes < FH_HIGHLIGHT_MAX_PREFIXES) {
                    h->prefixes[h->n_prefixes++] = ht;
                }
            }
        }
    }
    return 0;
}

static int build_table(fh_highlighter *h)
{
    if (h->n_terms > 1) qsort(h->terms, h->n_terms, sizeof *h->terms, term_cmp);
    size_t n = 16;
    while (n < h->n_terms * 2) n *= 2;
    h->table = calloc(n, sizeof *h->table);
    if (!h->table) return -1;
    h->n_buckets = n;
    for (size_t i = 0; i < h->n_terms;) {
        size_t j = i + 1;
        while (j < h->n_terms && !term_cmp(&h->terms[i], &h->terms[j])) j++;
        size_t b = fh_fnv(h->terms[i].text, h->terms[i].len) & (n - 1);
        while (h->table[b].text) b = (b + 1) & (n - 1);
        h->table[b] = (hl_bucket){h->terms[i].text, h->terms[i].len, i, j - i};
        i = j;
    }
    return 0;
}

fh_highlighter *fh_highlighter_new(const fahras_analyzer *an, const fh_plan *p, fh_err *err)
{
    fh_highlighter *h = calloc(1, sizeof *h);
    if (!h || !(h->work = calloc(1, sizeof *h->work)) || gather_terms(h, p) || build_table(h)) {
        fh_highlighter_free(h);
        fh_fail(err, "out of memory");
        return NULL;
    }
    h->an = an;
    return h;
}

static const hl_bucket *lookup(const fh_highlighter *h, const char *s, size_t n)
{
    if (!n) return NULL;
    size_t b = fh_fnv(s, n) & (h->n_buckets - 1);
    for (; h->table[b].text; b = (b + 1) & (h->n_buckets - 1))
        if (h->table[b].len == n && !memcmp(h->table[b].text, s, n)) return &h->table[b];
    return NULL;
}

/* ------------------------------------------------------------------ */
/* The token stream with final marks                                   */
/* ------------------------------------------------------------------ */

/* A token once its mark is final. */
typedef struct hl_token {
    size_t start, end;
    int32_t clause; /* dense clause that marked it, -1: not marked */
} hl_token;

/* Receives each token in order; returns 1 when it needs no more. */
typedef int (*hl_sink)(void *ctx, size_t index, const hl_token *t);

typedef struct hl_run {
    const fh_highlighter *h;
    hl_token ring[FH_PHRASE_RING];
    size_t n_seen;       /* tokens analyzed */
    size_t n_out;        /* tokens passed to the sink */
    uint64_t *state;     /* [dense clause] Shift-And state of phrases */
    uint64_t *mask;      /* [dense clause] slots the current token matches */
    uint32_t *active;    /* phrase clauses with a non-zero state or mask */
    size_t n_active;
    hl_sink sink;
    void *sink_ctx;
    int stop;            /* the sink has all it needs */
} hl_run;

static hl_token *ring_at(hl_run *r, size_t index)
{
    return &r->ring[index % FH_PHRASE_RING];
}

static void emit_oldest(hl_run *r)
{
    if (r->sink(r->sink_ctx, r->n_out, ring_at(r, r->n_out))) r->stop = 1;
    r->n_out++;
}

static void mark_back(hl_run *r, size_t n_tokens, uint32_t clause)
{
    for (size_t k = 0; k < n_tokens && k < r->n_seen; k++) {
        hl_token *t = ring_at(r, r->n_seen - 1 - k);
        if (t->clause < 0) t->clause = (int32_t)clause;
    }
}

static void note_hit(hl_run *r, const hl_hit *hit)
{
    const fh_highlighter *h = r->h;
    if (h->n_slots[hit->clause] == 1) {
        mark_back(r, 1, hit->clause);
        return;
    }
    if (!r->mask[hit->clause] && !r->state[hit->clause]) r->active[r->n_active++] = hit->clause;
    r->mask[hit->clause] |= (uint64_t)1 << hit->slot;
}

static void note_bucket(hl_run *r, const hl_bucket *b)
{
    if (!b) return;
    for (size_t i = 0; i < b->count; i++) note_hit(r, &r->h->terms[b->first + i].hit);
}

/* Advance every phrase that is under way or matched by this token. */
static void step_phrases(hl_run *r)
{
    size_t kept = 0;
    for (size_t i = 0; i < r->n_active; i++) {
        uint32_t c = r->active[i];
        uint32_t n = r->h->n_slots[c];
        if (n > FH_PHRASE_RING) n = FH_PHRASE_RING;
        uint64_t s = ((r->state[c] << 1) | 1) & r->mask[c];
        r->mask[c] = 0;
        if (s & ((uint64_t)1 << (n - 1))) mark_back(r, n, c);
        r->state[c] = s;
        if (s) r->active[kept++] = c;
    }
    r->n_active = kept;
}

static int on_token(void *ctx, const fahras_token *tok)
{
    hl_run *r = ctx;
    const fh_highlighter *h = r->h;
    if (r->n_seen - r->n_out == FH_PHRASE_RING) emit_oldest(r);
    if (r->stop) return 1;
    *ring_at(r, r->n_seen) = (hl_token){tok->start, tok->end, -1};
    r->n_seen++;
    char buf[FAHRAS_MAX_TERM_BYTES];
    fahras_terms tm;
    if (fahras_token_terms(tok, buf, sizeof buf, &tm) > 0) {
        note_bucket(r, lookup(h, tm.key, tm.key_len));
        note_bucket(r, lookup(h, tm.exact, tm.exact_len));
        for (size_t i = 0; i < h->n_prefixes; i++) {
            const hl_term *p = &h->prefixes[i];
            int exact = p->len && p->text[0] == FAHRAS_EXACT_MARK;
            const char *s = exact ? tm.exact : tm.key;
            size_t n = exact ? tm.exact_len : tm.key_len;
            if (s && n >= p->len && !memcmp(s, p->text, p->len)) note_hit(r, &p->hit);
        }
    }
    step_phrases(r);
    return 0;
}

/* Analyze text[0..len) and pass every token, with its final mark, to sink. */
static int run_tokens(const fh_highlighter *h, const char *text, size_t len, hl_sink sink,
                      void *ctx, fh_err *err)
{
    hl_run r;
    memset(&r, 0, sizeof r);
    r.h = h;
    r.sink = sink;
    r.sink_ctx = ctx;
    size_t n = h->n_clauses ? h->n_clauses : 1;
    r.state = calloc(n, sizeof *r.state);
    r.mask = calloc(n, sizeof *r.mask);
    r.active = calloc(n, sizeof *r.active);
    if (!r.state || !r.mask || !r.active) {
        free(r.state);
        free(r.mask);
        free(r.active);
        return fh_fail(err, "out of memory");
    }
    /* a stored text the analyzer cannot read to the end is marked as far
     * as it could read */
    if (len) fahras_analyze(h->an, text, len, on_token, &r, NULL);
    while (!r.stop && r.n_out < r.n_seen) emit_oldest(&r);
    h->work->passes++;
    h->work->bytes += len;
    h->work->tokens += r.n_seen;
    free(r.state);
    free(r.mask);
    free(r.active);
    return 0;
}

/* ------------------------------------------------------------------ */
/* Marks                                                               */
/* ------------------------------------------------------------------ */

typedef struct marks_sink {
    fh_range *ranges;
    size_t n, cap, max;
    int truncated, oom;
} marks_sink;

static int collect_mark(void *ctx, size_t index, const hl_token *t)
{
    (void)index;
    marks_sink *m = ctx;
    if (t->clause < 0) return 0;
    /* a hashtag and the words inside it overlap: keep ranges disjoint */
    if (m->n && t->start < m->ranges[m->n - 1].end) return 0;
    if (m->max && m->n == m->max) {
        m->truncated = 1;
        return 1;
    }
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 16;
        fh_range *r = realloc(m->ranges, cap * sizeof *r);
        if (!r) {
            m->oom = 1;
            return 1;
        }
        m->ranges = r;
        m->cap = cap;
    }
    m->ranges[m->n++] = (fh_range){t->start, t->end};
    return 0;
}

int fh_highlight_marks(const fh_highlighter *h, const char *text, size_t len, size_t max,
                       fh_range **out, size_t *n, int *truncated, fh_err *err)
{
    marks_sink m;
    memset(&m, 0, sizeof m);
    m.max = max;
    *out = NULL;
    *n = 0;
    if (truncated) *truncated = 0;
    if (h->n_clauses && run_tokens(h, text, len, collect_mark, &m, err)) return -1;
    if (m.oom) {
        free(m.ranges);
        return fh_fail(err, "out of memory");
    }
    *out = m.ranges;
    *n = m.n;
    if (truncated) *truncated = m.truncated;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Snippets                                                            */
/* ------------------------------------------------------------------ */

/* Pass 2 starts where the snippet may start (the first mark of the best
 * window less a quarter window) less FH_PHRASE_RING tokens: at most this
 * many tokens before the one pass 1 is on. */
#define RESTART_RING (FH_SNIPPET_WORDS * 2 + FH_PHRASE_RING)

/* The first token of the snippet whose window's first mark is token m. */
static size_t snippet_from(long best_score, size_t m)
{
    return best_score > 0 && m >= FH_SNIPPET_WORDS * 3 / 4 ? m - FH_SNIPPET_WORDS / 4 : 0;
}

/* Pass 1: the window of FH_SNIPPET_WORDS tokens with the most different
 * clauses marked (then the most marks), the earliest on a tie. */
typedef struct window_sink {
    int32_t ring[FH_SNIPPET_WORDS]; /* clause of the window's tokens */
    uint32_t *count;                /* [dense clause] marks in the window */
    size_t distinct, marks;
    size_t queue[FH_SNIPPET_WORDS]; /* marked token indexes in the window */
    size_t q_head, q_len;
    long best_score;
    size_t best_first_mark;
    /* where pass 2 starts: FH_PHRASE_RING tokens before the snippet (a
     * phrase ending in it is seen whole), as a token index and a byte */
    size_t starts[RESTART_RING]; /* byte offsets of the latest tokens */
    size_t restart_token, restart_byte;
} window_sink;

static int window_token(void *ctx, size_t i, const hl_token *t)
{
    window_sink *w = ctx;
    if (i >= FH_SNIPPET_WORDS) { /* the token leaving the window */
        int32_t old = w->ring[i % FH_SNIPPET_WORDS];
        if (old >= 0) {
            if (--w->count[old] == 0) w->distinct--;
            w->marks--;
            w->q_head = (w->q_head + 1) % FH_SNIPPET_WORDS;
            w->q_len--;
        }
    }
    w->ring[i % FH_SNIPPET_WORDS] = t->clause;
    w->starts[i % RESTART_RING] = t->start;
    if (t->clause >= 0) {
        if (w->count[t->clause]++ == 0) w->distinct++;
        w->marks++;
        w->queue[(w->q_head + w->q_len++) % FH_SNIPPET_WORDS] = i;
    }
    long score = (long)w->distinct * 1000 + (long)w->marks;
    if (score > w->best_score) {
        w->best_score = score;
        w->best_first_mark = w->queue[w->q_head];
        size_t from = snippet_from(score, w->best_first_mark);
        w->restart_token = from > FH_PHRASE_RING ? from - FH_PHRASE_RING : 0;
        w->restart_byte = w->restart_token ? w->starts[w->restart_token % RESTART_RING] : 0;
    }
    return 0;
}

/* Pass 2: the chosen tokens (indexes and offsets from where it started). */
typedef struct pick_sink {
    size_t from;
    int cut_front; /* the snippet starts after the text's first token */
    hl_token tok[FH_SNIPPET_WORDS];
    size_t n;
    int more; /* tokens follow the snippet */
} pick_sink;

static int pick_token(void *ctx, size_t i, const hl_token *t)
{
    pick_sink *p = ctx;
    if (i < p->from) return 0;
    if (i >= p->from + FH_SNIPPET_WORDS) {
        p->more = 1;
        return 1;
    }
    p->tok[p->n++] = *t;
    return 0;
}

/* The part of text the snippet is chosen from: at most scan bytes, cut
 * before a space so no word is split (or, with no space in its last
 * 4 KiB, before a character). */
static size_t scan_length(const char *text, size_t len, size_t scan)
{
    if (len <= scan) return len;
    size_t n = scan, floor = scan > 4096 ? scan - 4096 : 0;
    while (n > floor && text[n] != ' ' && text[n] != '\n') n--;
    if (n == floor) n = scan;
    while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80) n--;
    return n;
}

static int write_snippet(const char *text, size_t len, const pick_sink *p, char **out, fh_err *err)
{
    sbuf b = {0};
    if (p->n == 0) {
        fh_sb_str(&b, "");
    } else {
        size_t at = p->cut_front ? p->tok[0].start : 0;
        size_t stop = p->more ? p->tok[p->n - 1].end : len;
        if (p->cut_front) fh_sb_str(&b, "...");
        for (size_t i = 0; i < p->n; i++) {
            const hl_token *t = &p->tok[i];
            if (t->clause < 0 || t->start < at) continue;
            fh_sb_add(&b, text + at, t->start - at);
            fh_sb_str(&b, FH_MARK_OPEN);
            fh_sb_add(&b, text + t->start, t->end - t->start);
            fh_sb_str(&b, FH_MARK_CLOSE);
            at = t->end;
        }
        if (stop > at) fh_sb_add(&b, text + at, stop - at);
        if (p->more) fh_sb_str(&b, "...");
    }
    if (b.oom) {
        free(b.p);
        return fh_fail(err, "out of memory");
    }
    *out = b.p;
    return 0;
}

int fh_highlight_snippet(const fh_highlighter *h, const char *text, size_t len, char **out,
                         fh_err *err)
{
    return fh_highlight_snippet_in(h, text, len, FH_SNIPPET_SCAN_BYTES, out, err);
}

int fh_highlight_snippet_in(const fh_highlighter *h, const char *text, size_t len, size_t scan,
                            char **out, fh_err *err)
{
    *out = NULL;
    len = scan_length(text, len, scan);
    window_sink w;
    memset(&w, 0, sizeof w);
    w.count = calloc(h->n_clauses ? h->n_clauses : 1, sizeof *w.count);
    if (!w.count) return fh_fail(err, "out of memory");
    int rc = h->n_clauses ? run_tokens(h, text, len, window_token, &w, err) : 0;
    free(w.count);
    if (rc) return -1;
    pick_sink p;
    memset(&p, 0, sizeof p);
    /* the marks a little after the snippet's start, or the text's start
     * when they are within its first words; the text before restart_byte
     * is not analyzed again */
    size_t from = snippet_from(w.best_score, w.best_first_mark);
    p.from = from - w.restart_token;
    p.cut_front = from > 0;
    const char *part = text + w.restart_byte;
    size_t part_len = len - w.restart_byte;
    if (run_tokens(h, part, part_len, pick_token, &p, err)) return -1;
    return write_snippet(part, part_len, &p, out, err);
}
