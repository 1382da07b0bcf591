/*
 * spans.c - one article's spans (spans.h): the tagger's entities and the
 * value finder's dates, numbers and counts merged in text order, and the
 * per-document summary the stores keep.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fnv.h"
#include "spans.h"

void fh_spans_free(fh_spans *s)
{
    if (!s) return;
    free(s->v);
    free(s->buf);
    free(s->off);
    memset(s, 0, sizeof *s);
}

/* Room for n more bytes in the string arena *buf (used bytes of *cap,
 * first allocation first_cap); -1 when out of memory. */
static int arena_room(char **buf, size_t used, size_t *cap, size_t first_cap, size_t n)
{
    if (used + n <= *cap) return 0;
    size_t c = *cap ? *cap : first_cap;
    while (c < used + n) c *= 2;
    char *b = realloc(*buf, c);
    if (!b) return -1;
    *buf = b;
    *cap = c;
    return 0;
}

/* Append p[0..n) and a NUL to an arena with room for them; their offset. */
static size_t arena_put(char *buf, size_t *used, const char *p, size_t n)
{
    size_t at = *used;
    if (n) memcpy(buf + at, p, n);
    buf[at + n] = '\0';
    *used += n + 1;
    return at;
}

/* Append p[0..n) and a NUL to the string arena; its offset, or SIZE_MAX
 * when out of memory. */
static size_t arena_keep(char **buf, size_t *used, size_t *cap, size_t first_cap, const char *p,
                         size_t n)
{
    if (arena_room(buf, *used, cap, first_cap, n + 1)) return SIZE_MAX;
    return arena_put(*buf, used, p, n);
}

static size_t keep(fh_spans *s, const char *p, size_t n)
{
    return arena_keep(&s->buf, &s->buf_n, &s->buf_cap, 1024, p, n);
}

static int on_span(void *ctx, const fahras_span *sp)
{
    fh_spans *s = ctx;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        fahras_span *v = realloc(s->v, cap * sizeof *v);
        if (!v) return 1;
        s->v = v;
        size_t *off = realloc(s->off, cap * 4 * sizeof *off);
        if (!off) return 1;
        s->off = off;
        s->cap = cap;
    }
    size_t *o = &s->off[s->n * 4];
    o[0] = keep(s, sp->key, sp->key_len);
    o[1] = keep(s, sp->value, sp->value_len);
    o[2] = keep(s, sp->unit, sp->unit_len);
    o[3] = keep(s, sp->hijri, sp->hijri_len);
    for (int i = 0; i < 4; i++)
        if (o[i] == SIZE_MAX) return 1;
    s->v[s->n++] = *sp;
    return 0;
}

/* Start first, the longer first on one start; entities before values then. */
static int span_cmp(const void *a, const void *b)
{
    const fahras_span *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->end != y->end) return x->end > y->end ? -1 : 1;
    return (x->type > y->type) - (x->type < y->type);
}

/* The spans of text, read from its tokens toks[0..ntoks) as an analyzed
 * them when toks is given, else through the analyzers. */
static int spans_find(const fahras_tagger *t, fahras_tag_memo *memo, const fahras_analyzer *an,
                      const char *text, size_t len,
                      const fahras_token *toks, size_t ntoks, const char *ref_date, fh_spans *s,
                      fahras_error *err)
{
    s->n = 0;
    s->buf_n = 0;
    int rc = FAHRAS_OK;
    if (t && toks && fahras_tagger_reads(t, an))
        rc = fahras_tag_tokens_memo(t, memo, text, len, toks, ntoks, on_span, s, err);
    else if (t)
        rc = fahras_tag_text_memo(t, memo, text, len, on_span, s, err);
    if (rc == FAHRAS_OK)
        rc = toks ? fahras_find_values_tokens(an, text, len, toks, ntoks, ref_date, on_span, s, err)
                  : fahras_find_values(an, text, len, ref_date, on_span, s, err);
    if (rc == FAHRAS_ERR_ABORTED) { /* only on_span stops: out of memory */
        rc = FAHRAS_ERR_NOMEM;
        memset(err, 0, sizeof *err);
        err->code = FAHRAS_ERR_NOMEM;
        strcpy(err->message, "out of memory");
    }
    if (rc != FAHRAS_OK) {
        s->n = 0;
        return rc;
    }
    for (size_t i = 0; i < s->n; i++) {
        const size_t *o = &s->off[i * 4];
        s->v[i].key = s->buf + o[0];
        s->v[i].value = s->buf + o[1];
        s->v[i].unit = s->buf + o[2];
        s->v[i].hijri = s->buf + o[3];
    }
    if (s->n > 1) qsort(s->v, s->n, sizeof *s->v, span_cmp);
    return FAHRAS_OK;
}

int fh_spans_find(const fahras_tagger *t, fahras_tag_memo *memo, const fahras_analyzer *an, const char *text,
                  size_t len, const char *ref_date, fh_spans *s, fahras_error *err)
{
    return spans_find(t, memo, an, text, len, NULL, 0, ref_date, s, err);
}

/* ------------------------------------------------------------------ */
/* The tokens of an article as indexed                                  */
/* ------------------------------------------------------------------ */

struct fh_text_tokens {
    fahras_token *v;
    size_t n, cap;
    size_t (*off)[3];  /* per token: its norm, key and seg in buf */
    char *buf;
    size_t buf_n, buf_cap;
    size_t body_at;    /* where the body starts in the joined text */
    int oom;
};

void fh_text_tokens_free(fh_text_tokens *k)
{
    if (!k) return;
    free(k->v);
    free(k->off);
    free(k->buf);
    free(k);
}

fh_text_tokens *fh_text_tokens_new(size_t title_len)
{
    fh_text_tokens *k = calloc(1, sizeof *k);
    if (!k) return NULL;
    k->cap = 512;
    k->v = malloc(k->cap * sizeof *k->v);
    k->off = malloc(k->cap * sizeof *k->off);
    if (!k->v || !k->off) {
        fh_text_tokens_free(k);
        return NULL;
    }
    fh_text_tokens_start(k, title_len);
    return k;
}

/* Tokens and string bytes kept between articles, at most (an article
 * longer than this has its buffers made anew). */
#define TOKENS_KEPT 16384
#define TOKEN_BYTES_KEPT (1u << 20)

void fh_text_tokens_start(fh_text_tokens *k, size_t title_len)
{
    k->body_at = title_len ? title_len + 2 : 0;
    k->n = k->buf_n = 0;
    k->oom = 0;
    if (k->buf_cap > TOKEN_BYTES_KEPT) {
        free(k->buf);
        k->buf = NULL;
        k->buf_cap = 0;
    }
    if (k->cap > TOKENS_KEPT) {
        fahras_token *v = realloc(k->v, TOKENS_KEPT * sizeof *v);
        size_t(*off)[3] = realloc(k->off, TOKENS_KEPT * sizeof *off);
        if (v) k->v = v;
        if (off) k->off = off;
        if (v && off) k->cap = TOKENS_KEPT; /* (a shrinking realloc failing keeps the larger block) */
    }
}

int fh_text_tokens_tap(void *ctx, int field, const fahras_token *t)
{
    fh_text_tokens *k = ctx;
    if (k->oom) return 0;
    if (k->n == k->cap) {
        size_t cap = 2 * k->cap;
        fahras_token *v = realloc(k->v, cap * sizeof *v);
        if (v) k->v = v;
        size_t(*off)[3] = v ? realloc(k->off, cap * sizeof *off) : NULL;
        if (!off) {
            k->oom = 1;
            return 0;
        }
        k->off = off;
        k->cap = cap;
    }
    fahras_token *c = &k->v[k->n];
    *c = *t;
    if (field == 1) {
        c->start += k->body_at;
        c->end += k->body_at;
    }
    /* the token's three strings: room made once */
    if (arena_room(&k->buf, k->buf_n, &k->buf_cap, 4096, t->norm_len + t->key_len + t->seg_len + 3)) {
        k->oom = 1;
        return 0;
    }
    size_t *o = k->off[k->n];
    o[0] = arena_put(k->buf, &k->buf_n, t->norm, t->norm_len);
    o[1] = arena_put(k->buf, &k->buf_n, t->key, t->key_len);
    o[2] = arena_put(k->buf, &k->buf_n, t->seg, t->seg_len);
    k->n++;
    return 0;
}

/* The tokens with their strings in place; NULL when some were lost. */
static const fahras_token *tokens_done(fh_text_tokens *k)
{
    if (!k || k->oom) return NULL;
    for (size_t i = 0; i < k->n; i++) {
        k->v[i].norm = k->buf + k->off[i][0];
        k->v[i].key = k->buf + k->off[i][1];
        k->v[i].seg = k->buf + k->off[i][2];
    }
    return k->v;
}

/* ------------------------------------------------------------------ */
/* Dates as days                                                        */
/* ------------------------------------------------------------------ */

static int digits(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] < '0' || p[i] > '9') return 0;
    return 1;
}

/* One end: YYYY, YYYY-MM or YYYY-MM-DD as its first (last = 0) or last day. */
static int one_end(const char *p, size_t n, int last, char out[11])
{
    if (n != 4 && n != 7 && n != 10) return -1;
    if (!digits(p, 4) || (n >= 7 && (p[4] != '-' || !digits(p + 5, 2))) ||
        (n == 10 && (p[7] != '-' || !digits(p + 8, 2))))
        return -1;
    memcpy(out, p, n);
    if (n == 4) memcpy(out + 4, last ? "-12-31" : "-01-01", 6);
    else if (n == 7) memcpy(out + 7, last ? "-31" : "-01", 3);
    out[10] = '\0';
    return 0;
}

int fh_date_days(const char *value, size_t len, char lo[11], char hi[11])
{
    const char *slash = memchr(value, '/', len);
    if (!slash) return one_end(value, len, 0, lo) || one_end(value, len, 1, hi) ? -1 : 0;
    size_t a = (size_t)(slash - value);
    return one_end(value, a, 0, lo) || one_end(slash + 1, len - a - 1, 1, hi) ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* A document's summary                                                 */
/* ------------------------------------------------------------------ */

#define MAX_SURFACES 8 /* distinct surfaces kept an entity for its most common one */

typedef struct surface {
    size_t off; /* in d->buf */
    long n;
} surface;

typedef struct row {
    fh_span_row pub;
    size_t key, name, value, lo, hi; /* offsets in d->buf (SIZE_MAX: none) */
    uint32_t hash;
    surface sf[MAX_SURFACES];
    int n_sf;
} row;

struct fh_doc_spans {
    row *rows;
    size_t n, cap;
    uint32_t *slots; /* open addressing over rows: 1 + index */
    size_t n_slots;
    fh_spans tmp;    /* owns the strings (tmp.buf grows, rows keep offsets) */
};

void fh_doc_spans_free(fh_doc_spans *d)
{
    if (!d) return;
    free(d->rows);
    free(d->slots);
    fh_spans_free(&d->tmp);
    free(d);
}

size_t fh_doc_spans_count(const fh_doc_spans *d) { return d ? d->n : 0; }
const fh_span_row *fh_doc_spans_row(const fh_doc_spans *d, size_t i)
{
    return d && i < d->n ? &d->rows[i].pub : NULL;
}

/* A quote, bracket or punctuation mark a name is shown without, and a
 * hashtag's # and _ (#بيونغ_يانغ is بيونغ يانغ, as the tagger reads it)
 * (its bytes at p, n left; 0 when p holds none). */
static size_t mark_at(const char *p, size_t n)
{
    static const char *const marks[] = {"\xc2\xab", "\xc2\xbb", "\xe2\x80\x9c", "\xe2\x80\x9d",
                                        "\xe2\x80\x98", "\xe2\x80\x99", "\xe2\x80\x9e", "\xd8\x8c"};
    unsigned char c = (unsigned char)*p;
    if (c < 0x80) return strchr("\"'()[],.:;!?#_", c) && c ? 1 : 0;
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
        size_t m = strlen(marks[i]);
        if (m <= n && !memcmp(p, marks[i], m)) return m;
    }
    return 0;
}

/* A word as keys spell it: no diacritics or tatweel, alef forms as ا, ة as
 * ه, ى as ي (the analyzer's folding of the letters names differ in). */
static size_t fold(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t m = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
        if (i + m > n) m = n - i;
        unsigned cp = m == 2 ? ((c & 0x1fu) << 6) | ((unsigned char)s[i + 1] & 0x3fu) : 0;
        const char *put = s + i;
        size_t len = m;
        if ((cp >= 0x64b && cp <= 0x65f) || cp == 0x670 || cp == 0x640) len = 0;
        else if (cp == 0x623 || cp == 0x625 || cp == 0x622) put = "\xd8\xa7", len = 2;
        else if (cp == 0x629) put = "\xd9\x87", len = 2;
        else if (cp == 0x649) put = "\xd9\x8a", len = 2;
        if (k + len > cap) return 0;
        memcpy(out + k, put, len);
        k += len;
        i += m;
    }
    return k;
}

/* The word w[0..n) without the proclitics (و ف ب ك ل, لل for ال) that the
 * key's first word key[0..kn) does not start with: its new start in
 * *from, and "ال" in *al when لل stood for it.  0 when no reading of w
 * folds to the key's word. */
static int strip_to_key(const char *w, size_t n, const char *key, size_t kn, size_t *from, int *al)
{
    char f[256];
    for (size_t drop = 0; drop <= 4 && drop < n; drop += 2) {
        if (drop && !strchr("\x88\x81\xa8\x83\x84", w[drop - 1])) break; /* و ف ب ك ل (second bytes) */
        if (drop && (unsigned char)w[drop - 2] != 0xd9 && (unsigned char)w[drop - 2] != 0xd8) break;
        size_t m = fold(w + drop, n - drop, f, sizeof f);
        if (m == kn && !memcmp(f, key, kn)) {
            *from = drop;
            *al = 0;
            return 1;
        }
        /* للرقة: ل + (ا)لرقة */
        if (m + 2 == kn && !memcmp(key, "\xd8\xa7", 2) && m >= 2 && !memcmp(f, "\xd9\x84", 2) &&
            !memcmp(f, key + 2, m)) {
            *from = drop;
            *al = 1;
            return 1;
        }
    }
    return 0;
}

/* The name of an entity as shown: its surface without quotes, brackets
 * and the words and proclitics its key leaves out (تنظيم “داعش” -> داعش,
 * والحسكة -> الحسكة, ريف دير الزور -> دير الزور); the cleaned surface when
 * the key is an alias it does not spell (قسد for قوات سوريا الديمقراطية).
 * Written into out (cap bytes, NUL-terminated); its length. */
static size_t shown_name(const char *s, size_t n, const char *key, char *out, size_t cap)
{
    /* words of the surface without marks, as [start, end) pairs */
    size_t ws[32][2], nw = 0;
    for (size_t i = 0; i < n && nw < 32;) {
        size_t m = mark_at(s + i, n - i);
        if (m || s[i] == ' ' || s[i] == '\n' || s[i] == '\t') {
            i += m ? m : 1;
            continue;
        }
        size_t a = i;
        while (i < n && !mark_at(s + i, n - i) && s[i] != ' ' && s[i] != '\n' && s[i] != '\t') i++;
        ws[nw][0] = a;
        ws[nw][1] = i;
        nw++;
    }
    size_t kw = 1, k0 = strcspn(key, " ");
    for (const char *p = key; *p; p++) kw += *p == ' ';
    size_t first = 0, last = nw, drop = 0;
    int al = 0; /* not found: the cleaned surface */
    for (size_t i = 0; i < nw; i++)
        if (strip_to_key(s + ws[i][0], ws[i][1] - ws[i][0], key, k0, &drop, &al)) {
            first = i;
            last = i + kw < nw ? i + kw : nw;
            break;
        }
    size_t k = 0;
    for (size_t i = first; i < last; i++) {
        size_t a = ws[i][0] + (i == first ? drop : 0), len = ws[i][1] - a;
        const char *pre = i == first && al ? "\xd8\xa7" : "";
        if (k + (k ? 1 : 0) + strlen(pre) + len + 1 > cap) break;
        if (k) out[k++] = ' ';
        memcpy(out + k, pre, strlen(pre));
        k += strlen(pre);
        memcpy(out + k, s + a, len);
        k += len;
    }
    out[k] = '\0';
    return k;
}

static int grow_slots(fh_doc_spans *d)
{
    size_t ns = d->n_slots ? d->n_slots * 2 : 256;
    uint32_t *sl = calloc(ns, sizeof *sl);
    if (!sl) return -1;
    for (size_t i = 0; i < d->n; i++) {
        size_t j = d->rows[i].hash & (ns - 1);
        while (sl[j]) j = (j + 1) & (ns - 1);
        sl[j] = (uint32_t)(i + 1);
    }
    free(d->slots);
    d->slots = sl;
    d->n_slots = ns;
    return 0;
}

static const char *str_at(const fh_doc_spans *d, size_t off) { return d->tmp.buf + off; }

/* The row of (type, key, value): found, or added; NULL when full or out of memory. */
static row *row_for(fh_doc_spans *d, int type, const char *key, size_t key_len, const char *value,
                    size_t value_len)
{
    uint32_t h = fh_fnv(key, key_len) ^ (uint32_t)type * 2654435761u ^ fh_fnv(value, value_len);
    if (d->n_slots)
        for (size_t j = h & (d->n_slots - 1); d->slots[j]; j = (j + 1) & (d->n_slots - 1)) {
            row *r = &d->rows[d->slots[j] - 1];
            if (r->hash == h && r->pub.type == type && strlen(str_at(d, r->key)) == key_len && !memcmp(str_at(d, r->key), key, key_len) &&
                strlen(str_at(d, r->value)) == value_len &&
                !memcmp(str_at(d, r->value), value, value_len))
                return r;
        }
    if (d->n == FH_DOC_SPAN_ROWS) return NULL;
    if ((d->n + 1) * 2 > d->n_slots && grow_slots(d)) return NULL;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 32;
        row *rows = realloc(d->rows, cap * sizeof *rows);
        if (!rows) return NULL;
        d->rows = rows;
        d->cap = cap;
    }
    row *r = &d->rows[d->n];
    memset(r, 0, sizeof *r);
    r->pub.type = type;
    r->hash = h;
    r->key = keep(&d->tmp, key, key_len);
    r->value = keep(&d->tmp, value, value_len);
    r->name = r->lo = r->hi = SIZE_MAX;
    if (r->key == SIZE_MAX || r->value == SIZE_MAX) return NULL;
    size_t j = h & (d->n_slots - 1);
    while (d->slots[j]) j = (j + 1) & (d->n_slots - 1);
    d->slots[j] = (uint32_t)(++d->n);
    return r;
}

/* Count one more mention of the name surface s[0..n) for r. */
static int add_surface(fh_doc_spans *d, row *r, const char *s, size_t n)
{
    for (int i = 0; i < r->n_sf; i++) {
        const char *t = str_at(d, r->sf[i].off);
        if (strlen(t) == n && !memcmp(t, s, n)) {
            r->sf[i].n++;
            return 0;
        }
    }
    if (r->n_sf == MAX_SURFACES) return 0;
    size_t off = keep(&d->tmp, s, n);
    if (off == SIZE_MAX) return -1;
    r->sf[r->n_sf++] = (surface){off, 1};
    return 1;
}

/* The key name[0..n) has outside this document, as an alias row of the
 * entity's type when it is not the document's key (an acronym the article
 * defines: قسد, keyed by the long name here, is قسد to a user). */
static int add_alias(fh_doc_spans *d, const fahras_tagger *t, int type, size_t key_off,
                     const char *name, size_t n)
{
    char key[FH_ENTITY_KEY_BYTES];
    size_t len = 0;
    fahras_error fe;
    const char *own0 = str_at(d, key_off);
    len = fold(name, n, key, sizeof key);
    if (len && len == strlen(own0) && !memcmp(key, own0, len))
        return 0; /* the name spells its key: no other key (the common case, no analysis) */
    if (!t || fahras_entity_key(t, type, name, n, key, sizeof key, &len, &fe) != FAHRAS_OK ||
        !len || len >= sizeof key)
        return 0; /* no other key to keep */
    const char *own = str_at(d, key_off);
    if (strlen(own) == len && !memcmp(own, key, len)) return 0;
    row *r = row_for(d, type + FH_SPAN_ALIAS, key, len, "", 0);
    if (!r) return d->n == FH_DOC_SPAN_ROWS ? 0 : -1;
    r->pub.n++;
    return 0;
}

/* The spans of one text (already in d->tmp's list) into rows; names
 * inside text[dateline_from..dateline_to) (fahras_dateline_end) are not
 * rows: the filing's place and agency, not the article's. */
static int add_text(fh_doc_spans *d, const fahras_tagger *tagger, const char *text,
                    const fh_spans *s, size_t dateline_from, size_t dateline_to)
{
    for (size_t i = 0; i < s->n; i++) {
        const fahras_span *sp = &s->v[i];
        int t = sp->type;
        if (fh_span_in_dateline(sp, dateline_from, dateline_to)) continue;
        const char *key = sp->key, *value = "";
        size_t key_len = sp->key_len, value_len = 0;
        if (t == FAHRAS_SPAN_DATE) {
            char lo[11], hi[11];
            if (fh_date_days(sp->value, sp->value_len, lo, hi)) continue; /* no Gregorian day */
            key = sp->value;
            key_len = sp->value_len;
            row *r = row_for(d, t, key, key_len, "", 0);
            if (!r) return d->n == FH_DOC_SPAN_ROWS ? 0 : -1;
            if (!r->pub.n) {
                if ((r->lo = keep(&d->tmp, lo, 10)) == SIZE_MAX) return -1;
                if ((r->hi = keep(&d->tmp, hi, 10)) == SIZE_MAX) return -1;
            }
            r->pub.n++;
            continue;
        }
        if (t == FAHRAS_SPAN_COUNT) {
            value = sp->value;
            value_len = sp->value_len;
        } else if (t < FAHRAS_SPAN_PER || t > FAHRAS_SPAN_MISC) {
            continue; /* bare numbers and ordinals are not kept */
        }
        if (!key_len) continue;
        row *r = row_for(d, t, key, key_len, value, value_len);
        if (!r) return d->n == FH_DOC_SPAN_ROWS ? 0 : -1;
        r->pub.n++;
        if (t == FAHRAS_SPAN_COUNT) {
            if (add_surface(d, r, sp->unit, sp->unit_len) < 0) return -1;
        } else {
            char name[512];
            size_t key_off = r->key;
            size_t m = shown_name(text + sp->start, sp->end - sp->start, str_at(d, key_off), name,
                                  sizeof name);
            int added = add_surface(d, r, name, m);
            if (added < 0 || (added && add_alias(d, tagger, t, key_off, name, m))) return -1;
        }
    }
    return 0;
}

static int row_order(const void *a, const void *b)
{
    const row *x = a, *y = b;
    return (x->pub.type > y->pub.type) - (x->pub.type < y->pub.type);
}

/* Words of s, a name as keys and shown names write it (one space between). */
static size_t words_in(const char *s)
{
    size_t n = *s != '\0';
    for (; *s; s++) n += *s == ' ';
    return n;
}

int fh_shown_name_better(const char *name, long n, const char *best, long best_n, const char *key)
{
    if (!best) return 1;
    size_t kw = words_in(key);
    int whole = words_in(name) == kw, best_whole = words_in(best) == kw;
    return whole != best_whole ? whole > best_whole : n > best_n;
}

/* Pointers of the rows into the final buffer; most common surfaces. */
static void finish(fh_doc_spans *d)
{
    free(d->slots); /* sorted below: no longer a hash table */
    d->slots = NULL;
    d->n_slots = 0;
    for (size_t i = 0; i < d->n; i++) d->rows[i].hash = (uint32_t)i; /* stable sort key */
    /* qsort is not stable: order by type, then by the first-seen index */
    for (size_t i = 1; i < d->n; i++) {
        row r = d->rows[i];
        size_t j = i;
        while (j > 0 && row_order(&d->rows[j - 1], &r) > 0) {
            d->rows[j] = d->rows[j - 1];
            j--;
        }
        d->rows[j] = r;
    }
    for (size_t i = 0; i < d->n; i++) {
        row *r = &d->rows[i];
        int best = -1;
        for (int k = 0; k < r->n_sf; k++)
            if (fh_shown_name_better(str_at(d, r->sf[k].off), r->sf[k].n,
                                     best >= 0 ? str_at(d, r->sf[best].off) : NULL, best >= 0 ? r->sf[best].n : 0,
                                     str_at(d, r->key)))
                best = k;
        r->pub.key = str_at(d, r->key);
        r->pub.value = str_at(d, r->value);
        r->pub.name = best >= 0 ? str_at(d, r->sf[best].off) : "";
        r->pub.lo = r->lo != SIZE_MAX ? str_at(d, r->lo) : NULL;
        r->pub.hi = r->hi != SIZE_MAX ? str_at(d, r->hi) : NULL;
    }
}

fh_doc_spans *fh_doc_spans_make(const fahras_tagger *t, fahras_tag_memo *memo, const fahras_analyzer *an,
                                const char *title, size_t title_len, const char *body,
                                size_t body_len, const char *ref_date, fh_text_tokens *toks,
                                fahras_error *err)
{
    const fahras_token *tv = tokens_done(toks);
    fh_doc_spans *d = calloc(1, sizeof *d);
    fh_spans s = {0};
    if (!d) goto nomem;
    /* one text, so a name defined in the body ("... (قسد)") names the title's too */
    size_t n = title_len + (title_len ? 2 : 0) + body_len;
    char *text = title_len ? malloc(n) : NULL;
    if (title_len && !text) goto nomem;
    if (text) {
        memcpy(text, title, title_len);
        memcpy(text + title_len, "\n\n", 2);
        memcpy(text + title_len + 2, body, body_len);
    }
    const char *all = text ? text : body;
    int rc = spans_find(t, memo, an, all, n, tv, tv ? toks->n : 0, ref_date, &s, err);
    size_t body_at = n - body_len;
    if (rc == FAHRAS_OK && add_text(d, t, all, &s, body_at, body_at + fahras_dateline_end(body, body_len)))
        rc = FAHRAS_ERR_NOMEM;
    free(text);
    if (rc == FAHRAS_ERR_NOMEM) goto nomem;
    if (rc != FAHRAS_OK) {
        fh_spans_free(&s);
        fh_doc_spans_free(d);
        return NULL;
    }
    fh_spans_free(&s);
    finish(d);
    return d;
nomem:
    fh_spans_free(&s);
    fh_doc_spans_free(d);
    memset(err, 0, sizeof *err);
    err->code = FAHRAS_ERR_NOMEM;
    strcpy(err->message, "out of memory");
    return NULL;
}
