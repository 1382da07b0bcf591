/*
 * boiler.c - boilerplate learned per source (boiler.h): a document's lines
 * keyed, the counts projected with the document in, its mask, the marks
 * that change, and the documents indexed again for them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boiler.h"
#include "fnv.h"

/* ------------------------------------------------------------------ */
/* Lines and masks                                                     */
/* ------------------------------------------------------------------ */

typedef struct line_hash {
    uint64_t h;
    int words;
} line_hash;

static int on_line_token(void *ctx, const fahras_token *t)
{
    line_hash *l = ctx;
    if (!t->norm_len) return 0;
    l->h = fh_fnv64_add(fh_fnv64_add(l->h, t->norm, t->norm_len), " ", 1);
    l->words++;
    return 0;
}

/* A normalized line hashed with its spacing evened out (runs of blanks as
 * one, none at the ends); words: whether it holds anything but blanks and
 * ASCII punctuation. */
static line_hash hash_normalized(uint64_t base, const char *p, size_t n)
{
    line_hash l = {base, 0};
    int gap = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            gap = 1;
            continue;
        }
        if (gap && l.words) l.h = fh_fnv64_add(l.h, " ", 1);
        gap = 0;
        l.h = fh_fnv64_add(l.h, &c, 1);
        if (c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) l.words = 1;
    }
    return l;
}

static int push_line(fh_boiler_line **out, size_t *n, size_t *cap, line_hash l, size_t at,
                     size_t end)
{
    if (!l.words) return 0;
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 32;
        fh_boiler_line *p = realloc(*out, *cap * sizeof *p);
        if (!p) return -1;
        *out = p;
    }
    (*out)[(*n)++] = (fh_boiler_line){(int64_t)(l.h & INT64_MAX), at, end};
    return 0;
}

/* The body normalized as a whole (one pass, no word analysis: the cheap
 * way), lines matched one to one with the original's: 1 done, 0 when it
 * cannot be used (too long, or the line breaks do not match), -1 out of
 * memory. */
static int lines_normalized(const fahras_analyzer *an, uint64_t base, const char *body,
                            size_t body_len, fh_boiler_line **out, size_t *n, size_t *cap)
{
    /* one pass into room for the usual result (normalizing rarely grows
     * a text); a second only when it did not fit */
    size_t room = body_len + body_len / 4 + 16, need = 0;
    fahras_error e;
    char *norm = malloc(room);
    if (!norm) return -1;
    int rc = fahras_normalize(an, body, body_len, norm, room, &need, &e) == FAHRAS_OK ? 1 : 0;
    if (rc == 1 && need >= room) {
        char *big = realloc(norm, need + 1);
        if (!big) {
            free(norm);
            return -1;
        }
        norm = big;
        if (fahras_normalize(an, body, body_len, norm, need + 1, &need, &e) != FAHRAS_OK) rc = 0;
    }
    size_t at = 0, nat = 0;
    while (rc == 1 && at <= body_len && *n < FH_BOILER_MAX_LINES) {
        const char *nl = at < body_len ? memchr(body + at, '\n', body_len - at) : NULL;
        const char *nnl = nat < need ? memchr(norm + nat, '\n', need - nat) : NULL;
        if (!nl != !nnl) {
            rc = 0;
            break;
        }
        size_t end = nl ? (size_t)(nl - body) : body_len;
        size_t nend = nnl ? (size_t)(nnl - norm) : need;
        if (push_line(out, n, cap, hash_normalized(base, norm + nat, nend - nat), at, end)) rc = -1;
        if (!nl) break;
        at = end + 1;
        nat = nend + 1;
    }
    free(norm);
    if (rc != 1) *n = 0;
    return rc;
}

int fh_boiler_lines(const fahras_analyzer *an, const char *source, size_t source_len,
                    const char *body, size_t body_len, fh_boiler_line **out, size_t *n,
                    fh_err *err)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    /* the source, then a NUL: "ab"+"c" and "a"+"bc" differ */
    uint64_t base = fh_fnv64_add(fh_fnv64_add(FH_FNV64_OFFSET, source, source_len), "", 1);
    int done = lines_normalized(an, base, body, body_len, out, n, &cap);
    if (done < 0) goto oom;
    if (done) return 0;
    /* else line by line, through the analyzer (a body over its size limit) */
    for (size_t at = 0; at < body_len && *n < FH_BOILER_MAX_LINES;) {
        const char *nl = memchr(body + at, '\n', body_len - at);
        size_t end = nl ? (size_t)(nl - body) : body_len;
        line_hash l = {base, 0};
        fahras_error e;
        /* a line the analyzer refuses (over its size limit) is not counted */
        int rc = end > at ? fahras_analyze(an, body + at, end - at, on_line_token, &l, &e) : FAHRAS_OK;
        if (rc == FAHRAS_ERR_NOMEM || (rc == FAHRAS_OK && push_line(out, n, &cap, l, at, end)))
            goto oom;
        at = end + 1;
    }
    return 0;
oom:
    free(*out);
    *out = NULL;
    *n = 0;
    return fh_fail(err, "out of memory");
}

int fh_boiler_apply(const char *body, size_t len, const char *mask, size_t mask_len, char **out)
{
    *out = NULL;
    if (!mask || !mask_len) return 0;
    if (!(*out = malloc(len + 1))) return -1;
    memcpy(*out, body, len);
    (*out)[len] = '\0';
    const char *p = mask, *e = mask + mask_len;
    while (p < e) {
        char *q;
        unsigned long long s = strtoull(p, &q, 10), t = s;
        if (q < e && *q == '-') t = strtoull(q + 1, &q, 10);
        for (unsigned long long i = s; i < t && i < len; i++) (*out)[i] = ' ';
        if (q >= e || *q != ',') break;
        p = q + 1;
    }
    return 0;
}

/* The mask of lines[0..n) whose keys are marked (marked(ctx, key)), ranges
 * merged, into b; nothing when every line would go (a document is never
 * all boilerplate: a source's copies of one text stay findable). */
static void make_mask(const fh_boiler_line *lines, size_t n, int (*marked)(void *, int64_t),
                      void *ctx, sbuf *b)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += marked(ctx, lines[i].key) != 0;
    if (!k || k == n) return;
    char num[48];
    size_t s = 0, e = 0;
    int open = 0;
    for (size_t i = 0; i < n; i++) {
        if (!marked(ctx, lines[i].key)) continue;
        if (open && lines[i].start <= e + 1) {
            e = lines[i].end;
            continue;
        }
        if (open) {
            snprintf(num, sizeof num, "%s%zu-%zu", b->n ? "," : "", s, e);
            fh_sb_str(b, num);
        }
        s = lines[i].start;
        e = lines[i].end;
        open = 1;
    }
    snprintf(num, sizeof num, "%s%zu-%zu", b->n ? "," : "", s, e);
    fh_sb_str(b, num);
}

/* ------------------------------------------------------------------ */
/* Line records of one source, projected                               */
/* ------------------------------------------------------------------ */

typedef struct rec {
    int64_t key;
    long count; /* stored */
    int delta;  /* this write's change */
    int marked; /* stored */
} rec;

typedef struct src_state {
    char *source;
    long ndocs;
    int ndocs_delta;
    rec *v;
    size_t n, cap;
    int oom;
} src_state;

static rec *find_rec(src_state *s, int64_t key)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].key == key) return &s->v[i];
    return NULL;
}

static rec *add_rec(src_state *s, int64_t key)
{
    rec *r = find_rec(s, key);
    if (r) return r;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        rec *p = realloc(s->v, cap * sizeof *p);
        if (!p) {
            s->oom = 1;
            return NULL;
        }
        s->v = p;
        s->cap = cap;
    }
    s->v[s->n] = (rec){key, 0, 0, 0};
    return &s->v[s->n++];
}

static int on_row(void *ctx, const fh_boiler_row *row)
{
    src_state *s = ctx;
    rec *r = add_rec(s, row->key);
    if (!r) return 1;
    r->count = row->count;
    r->marked = row->marked;
    return 0;
}

static int want(const src_state *s, const rec *r)
{
    return fh_boiler_rule(r->count + r->delta, s->ndocs + s->ndocs_delta, r->marked);
}

static int marked_now(void *ctx, int64_t key)
{
    src_state *s = ctx;
    rec *r = find_rec(s, key);
    return r && want(s, r);
}

/* Distinct keys of lines[0..n) into keys (n of room); their number. */
static size_t distinct_keys(const fh_boiler_line *lines, size_t n, int64_t *keys)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < k && keys[j] != lines[i].key) j++;
        if (j == k) keys[k++] = lines[i].key;
    }
    return k;
}

/* Read the records of keys[0..n) and the source's marked lines. */
static int load_state(const fh_store_backend *be, fh_backend_db *db, src_state *s,
                      const int64_t *keys, size_t n, fh_err *err)
{
    if (be->boiler_get(db, s->source, keys, n, on_row, s, &s->ndocs, err) ||
        be->boiler_get(db, s->source, NULL, 0, on_row, s, NULL, err))
        return -1;
    return s->oom ? fh_fail(err, "out of memory") : 0;
}

/* ------------------------------------------------------------------ */
/* Documents                                                           */
/* ------------------------------------------------------------------ */

/* A document read back, its fields in one block. */
typedef struct doc_copy {
    fh_doc d;
    char *block;
    int found;
} doc_copy;

static int on_doc(void *ctx, const fh_doc *d)
{
    doc_copy *c = ctx;
    const char *src[] = {d->id, d->title, d->body, d->date, d->source, d->category, d->url,
                         d->extra_json};
    size_t lens[] = {d->id_len,     d->title_len, d->body_len,       d->date_len, d->source_len,
                     d->category_len, d->url_len, d->extra_json_len};
    size_t total = 0;
    for (int i = 0; i < 8; i++) total += (src[i] ? lens[i] : 0) + 1;
    if (!(c->block = malloc(total))) return 1;
    const char **dst[] = {&c->d.id,     &c->d.title, &c->d.body, &c->d.date, &c->d.source,
                          &c->d.category, &c->d.url,  &c->d.extra_json};
    size_t *dlen[] = {&c->d.id_len,     &c->d.title_len, &c->d.body_len,
                      &c->d.date_len,   &c->d.source_len, &c->d.category_len,
                      &c->d.url_len,    &c->d.extra_json_len};
    char *at = c->block;
    for (int i = 0; i < 8; i++) {
        *dst[i] = NULL;
        *dlen[i] = 0;
        if (!src[i]) continue;
        memcpy(at, src[i], lens[i]);
        at[lens[i]] = '\0';
        *dst[i] = at;
        *dlen[i] = lens[i];
        at += lens[i] + 1;
    }
    c->found = 1;
    return 0;
}

static int read_doc(const fh_store_backend *be, fh_backend_db *db, const char *id, doc_copy *c,
                    fh_err *err)
{
    memset(c, 0, sizeof *c);
    int found = 0;
    size_t full = 0;
    if (be->get(db, id, 0, on_doc, c, &found, &full, err)) {
        free(c->block);
        c->block = NULL;
        return -1;
    }
    if (found && !c->found) return fh_fail(err, "out of memory");
    return 0;
}

/* NUL-terminated copy of p[0..n) ("" for NULL). */
static char *dupn(const char *p, size_t n)
{
    char *s = malloc(n + 1);
    if (s) {
        if (p && n) memcpy(s, p, n);
        s[n] = '\0';
    }
    return s;
}

static int has_source(const fh_doc *d)
{
    return d && d->source && d->source_len;
}

typedef struct written_cb {
    fh_boiler_write_fn fn;
    void *ctx;
} written_cb;

/* Write doc with the mask m (may be empty), through cb when it has one. */
static int write_doc(const fh_store_backend *be, fh_backend_db *db, const fh_doc *doc, sbuf *m,
                     const written_cb *cb, int *changed, fh_err *err)
{
    if (m->oom) return fh_fail(err, "out of memory");
    fh_doc d = *doc;
    d.mask = m->n ? m->p : NULL;
    d.mask_len = m->n;
    return cb->fn ? cb->fn(cb->ctx, &d, changed, err) : be->upsert(db, &d, changed, err);
}

/* Write doc with the mask its lines get from s (NULL: no mask). */
static int write_masked(const fh_store_backend *be, fh_backend_db *db, const fh_doc *doc,
                        const fh_boiler_line *lines, size_t n, src_state *s, const written_cb *cb,
                        int *changed, fh_err *err)
{
    sbuf m = {0};
    if (s) make_mask(lines, n, marked_now, s, &m);
    int rc = write_doc(be, db, doc, &m, cb, changed, err);
    free(m.p);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Indexing again                                                      */
/* ------------------------------------------------------------------ */

typedef struct id_set {
    const char *self;
    char **v;
    size_t n, cap;
    int oom;
} id_set;

static int on_holder(void *ctx, const char *id)
{
    id_set *s = ctx;
    if (!strcmp(id, s->self)) return 0;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        char **p = realloc(s->v, cap * sizeof *p);
        if (!p) return s->oom = 1;
        s->v = p;
        s->cap = cap;
    }
    if (!(s->v[s->n] = strdup(id))) return s->oom = 1;
    s->n++;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int marked_stored(void *ctx, int64_t key)
{
    rec *r = find_rec(ctx, key);
    return r && r->marked;
}

/* Index document id again with the marks as stored now. */
static int remask(const fh_store_backend *be, fh_backend_db *db, const fahras_analyzer *an,
                  const char *id, const written_cb *cb, fh_err *err)
{
    doc_copy c;
    if (read_doc(be, db, id, &c, err)) return -1;
    if (!c.found) return 0;
    fh_boiler_line *lines = NULL;
    size_t n = 0;
    int64_t *keys = NULL;
    src_state s = {0};
    int rc = -1, changed;
    if (!has_source(&c.d)) {
        rc = 0;
        goto out;
    }
    if (fh_boiler_lines(an, c.d.source, c.d.source_len, c.d.body, c.d.body_len, &lines, &n, err))
        goto out;
    if (!(keys = malloc((n ? n : 1) * sizeof *keys)) || !(s.source = dupn(c.d.source, c.d.source_len))) {
        fh_fail(err, "out of memory");
        goto out;
    }
    size_t nk = distinct_keys(lines, n, keys);
    if (be->boiler_get(db, s.source, keys, nk, on_row, &s, NULL, err)) goto out;
    if (s.oom) {
        fh_fail(err, "out of memory");
        goto out;
    }
    sbuf m = {0};
    make_mask(lines, n, marked_stored, &s, &m);
    rc = write_doc(be, db, &c.d, &m, cb, &changed, err);
    free(m.p);
out:
    free(c.block);
    free(lines);
    free(keys);
    free(s.source);
    free(s.v);
    return rc;
}

/* The text of the line with key among lines of body (cut to
 * FH_BOILER_TEXT_BYTES at a character), into buf; NULL when absent. */
static const char *line_text(const fh_boiler_line *lines, size_t n, const char *body, int64_t key,
                             char *buf, size_t cap)
{
    for (size_t i = 0; i < n; i++) {
        if (lines[i].key != key) continue;
        size_t s = lines[i].start, e = lines[i].end;
        while (s < e && (body[s] == ' ' || body[s] == '\t' || body[s] == '\r')) s++;
        while (e > s && (body[e - 1] == ' ' || body[e - 1] == '\t' || body[e - 1] == '\r')) e--;
        size_t len = e - s;
        if (len >= cap) {
            len = cap - 1;
            while (len > 0 && ((unsigned char)body[s + len] & 0xC0) == 0x80) len--;
        }
        memcpy(buf, body + s, len);
        buf[len] = '\0';
        return buf;
    }
    return NULL;
}

/* A document's side of a write: its source's state, its lines. */
typedef struct side {
    const fh_doc *doc;
    fh_boiler_line *lines;
    size_t n;
    int64_t *keys;
    size_t nk;
} side;

static int side_make(const fahras_analyzer *an, const fh_doc *doc, side *sd, fh_err *err)
{
    memset(sd, 0, sizeof *sd);
    sd->doc = doc;
    if (!has_source(doc)) return 0;
    if (fh_boiler_lines(an, doc->source, doc->source_len, doc->body, doc->body_len, &sd->lines,
                        &sd->n, err))
        return -1;
    if (!(sd->keys = malloc((sd->n ? sd->n : 1) * sizeof *sd->keys)))
        return fh_fail(err, "out of memory");
    sd->nk = distinct_keys(sd->lines, sd->n, sd->keys);
    return 0;
}

static void side_free(side *sd)
{
    free(sd->lines);
    free(sd->keys);
}

/* Add sd's keys with delta (and the article) to s. */
static int project(src_state *s, const side *sd, int delta)
{
    for (size_t i = 0; i < sd->nk; i++) {
        rec *r = add_rec(s, sd->keys[i]);
        if (!r) return -1;
        r->delta += delta;
    }
    s->ndocs_delta += delta;
    return 0;
}

static int load_projected(const fh_store_backend *be, fh_backend_db *db, src_state *s, fh_err *err)
{
    if (s->oom) return fh_fail(err, "out of memory");
    int64_t *keys = malloc((s->n ? s->n : 1) * sizeof *keys);
    if (!keys) return fh_fail(err, "out of memory");
    for (size_t i = 0; i < s->n; i++) keys[i] = s->v[i].key;
    int rc = load_state(be, db, s, keys, s->n, err);
    free(keys);
    return rc;
}

/* Store the marks of s that change, and collect the documents holding
 * those lines: one write and one read for all of them. */
static int store_marks(const fh_store_backend *be, fh_backend_db *db, src_state *s,
                       const side *now, const side *before, id_set *ids, fh_err *err)
{
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++) k += want(s, &s->v[i]) != s->v[i].marked;
    if (!k) return 0;
    fh_boiler_mark *marks = malloc(k * sizeof *marks);
    int64_t *keys = malloc(k * sizeof *keys);
    char(*texts)[FH_BOILER_TEXT_BYTES + 1] = malloc(k * sizeof *texts);
    int rc = marks && keys && texts ? 0 : fh_fail(err, "out of memory");
    k = 0;
    for (size_t i = 0; !rc && i < s->n; i++) {
        rec *r = &s->v[i];
        int w = want(s, r);
        if (w == r->marked) continue;
        const char *text = NULL;
        if (w) {
            text = line_text(now->lines, now->n, now->doc ? now->doc->body : "", r->key, texts[k],
                             sizeof texts[k]);
            if (!text && before->doc)
                text = line_text(before->lines, before->n, before->doc->body, r->key, texts[k],
                                 sizeof texts[k]);
        }
        marks[k] = (fh_boiler_mark){r->key, w, text};
        keys[k++] = r->key;
    }
    if (!rc) rc = be->boiler_mark(db, marks, k, err) || be->boiler_docs(db, keys, k, on_holder, ids, err);
    if (!rc && ids->oom) rc = fh_fail(err, "out of memory");
    free(marks);
    free(keys);
    free(texts);
    return rc ? -1 : 0;
}

static int same_text(const char *a, size_t an, const char *b, size_t bn)
{
    if (!a) an = 0;
    if (!b) bn = 0;
    return an == bn && (!an || !memcmp(a, b, an));
}

int fh_boiler_upsert(const fh_store_backend *be, fh_backend_db *db, const fahras_analyzer *an,
                     const fh_doc *doc, fh_boiler_write_fn write, void *write_ctx,
                     int *changed, fh_err *err)
{
    written_cb cb = {write, write_ctx};
    char *id = dupn(doc->id, doc->id_len);
    doc_copy old = {0};
    side now = {0}, before = {0};
    src_state ns = {0}, os = {0};
    id_set ids = {.self = id};
    int rc = -1;
    if (!id) {
        fh_fail(err, "out of memory");
        goto out;
    }
    if (read_doc(be, db, id, &old, err)) goto out;
    int same = old.found && same_text(old.d.source, old.d.source_len, doc->source, doc->source_len) &&
               same_text(old.d.body, old.d.body_len, doc->body, doc->body_len);
    if (side_make(an, doc, &now, err) || (old.found && !same && side_make(an, &old.d, &before, err)))
        goto out;
    int same_source = has_source(doc) && has_source(&old.d) &&
                      same_text(old.d.source, old.d.source_len, doc->source, doc->source_len);
    if (has_source(doc) && !(ns.source = dupn(doc->source, doc->source_len))) {
        fh_fail(err, "out of memory");
        goto out;
    }
    if (has_source(doc) && project(&ns, &now, same ? 0 : 1)) ns.oom = 1;
    if (before.nk || has_source(before.doc)) {
        if (same_source) {
            if (project(&ns, &before, -1)) ns.oom = 1;
        } else if (!(os.source = dupn(old.d.source, old.d.source_len)) || project(&os, &before, -1)) {
            os.oom = 1;
        }
    }
    if ((ns.source && load_projected(be, db, &ns, err)) ||
        (os.source && load_projected(be, db, &os, err)) || (os.oom && fh_fail(err, "out of memory")))
        goto out;
    /* the document first: refused, it leaves no count behind */
    if (write_masked(be, db, doc, now.lines, now.n, ns.source ? &ns : NULL, &cb, changed, err))
        goto out;
    if (!same) {
        if ((os.source || same_source) &&
            be->boiler_count(db, same_source ? ns.source : os.source, before.keys, before.nk, id, -1, err))
            goto out;
        if (ns.source && be->boiler_count(db, ns.source, now.keys, now.nk, id, 1, err)) goto out;
    }
    if ((ns.source && store_marks(be, db, &ns, &now, &before, &ids, err)) ||
        (os.source && store_marks(be, db, &os, &now, &before, &ids, err)))
        goto out;
    if (ids.n) qsort(ids.v, ids.n, sizeof *ids.v, cmp_str);
    rc = 0;
    for (size_t i = 0; i < ids.n && !rc; i++)
        if (!i || strcmp(ids.v[i], ids.v[i - 1])) rc = remask(be, db, an, ids.v[i], &cb, err);
out:
    for (size_t i = 0; i < ids.n; i++) free(ids.v[i]);
    free(ids.v);
    side_free(&now);
    side_free(&before);
    free(ns.source);
    free(ns.v);
    free(os.source);
    free(os.v);
    free(old.block);
    free(id);
    return rc;
}
