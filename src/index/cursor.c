/*
 * cursor.c - clause cursors over one segment (cursor.h).
 */
#include <stdlib.h>
#include <string.h>

#include "cursor.h"
#include "guard.h"

/* ------------------------------------------------------------------ */
/* Slots                                                               */
/* ------------------------------------------------------------------ */

static void clause_find(ix_clause *c, uint32_t target);

static int slot_add(ix_slot *s, const ix_seg *seg, uint32_t term, size_t *cap)
{
    if (s->n_posts == *cap) {
        size_t c = *cap * 2;
        ix_post *p = s->posts == s->post_in ? ix_malloc(c * sizeof *p) : ix_realloc(s->posts, c * sizeof *p);
        if (!p) return IX_ENOMEM;
        if (s->posts == s->post_in) memcpy(p, s->post_in, s->n_posts * sizeof *p);
        s->posts = p;
        *cap = c;
    }
    if (ix_post_init(&s->posts[s->n_posts], seg, term)) return IX_ECORRUPT;
    s->n_posts++;
    return IX_OK;
}

/* The postings of one slot: its terms, a prefix expanded over the
 * dictionary. */
static int slot_open(ix_slot *s, const fh_plan_slot *ps, const ix_seg *seg)
{
    memset(s, 0, sizeof *s);
    s->pos_doc = IX_NONE;
    s->pos = s->pos_in;
    s->bare = s->bare_in;
    s->pos_cap = IX_SLOT_POS;
    s->posts = s->post_in;
    size_t cap = sizeof s->post_in / sizeof *s->post_in;
    for (size_t a = 0; a < ps->n_alt && a < 2; a++) {
        const fh_plan_term *t = &ps->alt[a];
        if (!t->prefix) {
            int64_t i = ix_seg_find(seg, t->text, t->len);
            if (i >= 0) {
                int rc = slot_add(s, seg, (uint32_t)i, &cap);
                if (rc) return rc;
            }
            continue;
        }
        for (uint32_t i = ix_seg_lower_bound(seg, t->text, t->len); i < seg->n_terms; i++) {
            ix_term_ent e;
            const char *str;
            size_t len;
            if (ix_seg_term(seg, i, &e, &str, &len)) return IX_ECORRUPT;
            if (len < t->len || memcmp(str, t->text, t->len)) break;
            int rc = slot_add(s, seg, i, &cap);
            if (rc) return rc;
        }
    }
    s->doc = IX_NONE;
    for (size_t i = 0; i < s->n_posts; i++)
        if (s->posts[i].doc < s->doc) s->doc = s->posts[i].doc;
    return IX_OK;
}

static int slot_err(const ix_slot *s)
{
    for (size_t i = 0; i < s->n_posts; i++)
        if (s->posts[i].err) return s->posts[i].err;
    return IX_OK;
}

static void slot_seek(ix_slot *s, uint32_t target)
{
    if (s->doc != IX_NONE && s->doc >= target) return;
    uint32_t m = IX_NONE;
    for (size_t i = 0; i < s->n_posts; i++) {
        ix_post *p = &s->posts[i];
        if (p->doc != IX_NONE && p->doc < target) ix_post_seek(p, target);
        if (p->doc < m) m = p->doc;
    }
    s->doc = m;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static void slot_free_pos(ix_slot *s)
{
    if (s->pos != s->pos_in) ix_free(s->pos);
    if (s->bare != s->bare_in) ix_free(s->bare);
}

/* Fill s->pos for the current document: the union of its posts' positions
 * there, each position once, per field; s->bare too when bare (only exact
 * clauses read it). */
static int slot_positions(ix_slot *s, int bare)
{
    if (s->pos_doc == s->doc) return 0;
    size_t need = 0;
    for (size_t i = 0; i < s->n_posts; i++)
        if (s->posts[i].doc == s->doc) need += (size_t)s->posts[i].n[0] + s->posts[i].n[1];
    if (need > s->pos_cap) { /* the old contents are refilled below */
        size_t cap = need > 2 * s->pos_cap ? need : 2 * s->pos_cap;
        uint32_t *p = ix_malloc(cap * sizeof *p);
        uint8_t *b = ix_malloc(cap);
        if (!p || !b) {
            ix_free(p);
            ix_free(b);
            return -1;
        }
        slot_free_pos(s);
        s->pos = p;
        s->bare = b;
        s->pos_cap = cap;
    }
    uint32_t nf[FH_FIELDS] = {0, 0};
    if (s->n_posts == 1) {
        ix_post *p = &s->posts[0];
        if (ix_post_positions(p, s->pos, bare ? s->bare : NULL, s->pos_cap) < 0) return -1;
        nf[0] = p->n[0];
        nf[1] = p->n[1];
    } else {
        /* gather titles then bodies, sort and dedupe each */
        size_t k = 0;
        for (int f = 0; f < FH_FIELDS; f++) {
            size_t start = k;
            for (size_t i = 0; i < s->n_posts; i++) {
                ix_post *p = &s->posts[i];
                if (p->doc != s->doc) continue;
                uint32_t tmp[64], *buf = tmp;
                size_t cnt = (size_t)p->n[0] + p->n[1];
                if (cnt > 64 && !(buf = ix_malloc(cnt * sizeof *buf))) return -1;
                int rc = ix_post_positions(p, buf, NULL, cnt);
                if (rc >= 0) {
                    const uint32_t *src = f == 0 ? buf : buf + p->n[0];
                    memcpy(s->pos + k, src, p->n[f] * sizeof *src);
                    k += p->n[f];
                }
                if (buf != tmp) ix_free(buf);
                if (rc < 0) return -1;
            }
            qsort(s->pos + start, k - start, sizeof *s->pos, cmp_u32);
            size_t w = start;
            for (size_t r = start; r < k; r++)
                if (w == start || s->pos[w - 1] != s->pos[r]) {
                    s->bare[w] = 0; /* unions come from prefixes, never exact clauses */
                    s->pos[w++] = s->pos[r];
                }
            k = w;
            nf[f] = (uint32_t)(w - start);
        }
    }
    s->npos[0] = nf[0];
    s->npos[1] = nf[1];
    s->pos_doc = s->doc;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Clauses                                                             */
/* ------------------------------------------------------------------ */

int ix_clause_open(ix_clause *c, const fh_plan_clause *pc, const ix_seg *seg)
{
    memset(c, 0, sizeof *c);
    c->pc = pc;
    c->doc = IX_NONE;
    c->exact = pc->exact_check;
    if (!pc->n_slots) return IX_OK;
    c->slots = ix_calloc(pc->n_slots, sizeof *c->slots);
    if (!c->slots) return c->err = IX_ENOMEM;
    c->n_slots = pc->n_slots;
    for (size_t i = 0; i < pc->n_slots; i++) {
        int rc = slot_open(&c->slots[i], &pc->slots[i], seg);
        if (rc) return c->err = rc;
        if (!c->slots[i].n_posts) return IX_OK; /* a slot the segment lacks: no match */
    }
    /* the clause's bound: its first slot's (a phrase occurs no more often
     * than its first word); alternatives add up */
    double m = 0;
    for (size_t i = 0; i < c->slots[0].n_posts; i++) m += c->slots[0].posts[i].e.max_tfw;
    c->max_tfw = (float)m;
    if ((double)c->max_tfw < m) c->max_tfw *= 1.0000002f;
    c->started = 1;
    c->doc = 0;
    c->tf_known = 0;
    clause_find(c, 0);
    return c->err;
}

void ix_clause_close(ix_clause *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->n_slots; i++) {
        if (c->slots[i].posts != c->slots[i].post_in) ix_free(c->slots[i].posts);
        slot_free_pos(&c->slots[i]);
    }
    ix_free(c->slots);
    ix_free(c->starts);
    memset(c, 0, sizeof *c);
}


/* In an exact clause, whether slot i's word must be spelled as its key:
 * its term is a key, not an exact form. */
static int needs_bare(const ix_clause *c, size_t i)
{
    const fh_plan_slot *s = &c->pc->slots[i];
    return s->n_alt == 1 && !s->alt[0].prefix && s->alt[0].len > 0 && s->alt[0].text[0] != FAHRAS_EXACT_MARK;
}

/* Phrase starts at the current (common) document; 0 when none. */
static int phrase_match(ix_clause *c)
{
    for (size_t i = 0; i < c->n_slots; i++)
        if (slot_positions(&c->slots[i], c->exact)) return -1;
    size_t cap = (size_t)c->slots[0].npos[0] + c->slots[0].npos[1];
    if (cap > c->starts_cap) {
        uint32_t *p = ix_realloc(c->starts, cap * sizeof *p);
        if (!p) return -1;
        c->starts = p;
        c->starts_cap = cap;
    }
    size_t k = 0;
    for (int f = 0; f < FH_FIELDS; f++) {
        size_t start = k;
        const ix_slot *s0 = &c->slots[0];
        const uint32_t *p0 = s0->pos + (f ? s0->npos[0] : 0);
        size_t j[64] = {0};
        for (uint32_t a = 0; a < s0->npos[f]; a++) {
            uint32_t p = p0[a];
            int ok = !c->exact || !needs_bare(c, 0) || s0->bare[(f ? s0->npos[0] : 0) + a];
            for (size_t i = 1; i < c->n_slots && ok; i++) {
                const ix_slot *s = &c->slots[i];
                const uint32_t *pi = s->pos + (f ? s->npos[0] : 0);
                size_t *ji = i < 64 ? &j[i] : &j[63];
                if (i >= 64) *ji = 0;
                while (*ji < s->npos[f] && pi[*ji] < p + i) (*ji)++;
                ok = *ji < s->npos[f] && pi[*ji] == p + i &&
                     (!c->exact || !needs_bare(c, i) || s->bare[(f ? s->npos[0] : 0) + *ji]);
            }
            if (ok) c->starts[k++] = p;
        }
        c->nstarts[f] = (uint32_t)(k - start);
    }
    return k > 0;
}

void ix_clause_seek(ix_clause *c, uint32_t target)
{
    /* a clause whose postings were found corrupt is exhausted, so that no
     * loop stepping it waits for its document to move (the search reports
     * its error) */
    if (c->err) {
        c->doc = IX_NONE;
        return;
    }
    if (!c->started) return; /* empty in this segment */
    if (c->doc == IX_NONE || c->doc >= target) return; /* exhausted, or there */
    if (ix_clause_simple(c)) { /* one term: its postings are the clause's */
        ix_post *p = &c->slots[0].posts[0];
        ix_post_seek(p, target);
        c->tf_known = 0;
        c->slots[0].doc = c->doc = p->doc;
        if (p->err) c->err = p->err;
    } else {
        clause_find(c, target);
    }
    if (c->err) c->doc = IX_NONE;
}

/* Move to the first matching document >= target. */
static void clause_find(ix_clause *c, uint32_t target)
{
    c->tf_known = 0;
    uint32_t d = target;
    for (;;) {
        uint32_t hi = d;
        for (size_t i = 0; i < c->n_slots; i++) {
            slot_seek(&c->slots[i], hi);
            if (c->slots[i].doc == IX_NONE) {
                c->doc = IX_NONE;
                c->err = slot_err(&c->slots[i]);
                return;
            }
            if (c->slots[i].doc > hi) hi = c->slots[i].doc;
        }
        if (hi != d) { /* not all on the same document yet */
            d = hi;
            continue;
        }
        if (c->n_slots == 1 && !c->exact) break;
        int m = phrase_match(c);
        if (m < 0) {
            c->err = IX_ECORRUPT;
            c->doc = IX_NONE;
            return;
        }
        if (m) break;
        d++;
    }
    c->doc = d;
}

const double *ix_clause_tf(ix_clause *c)
{
    if (c->tf_known == 1) return c->tf;
    c->tf[0] = c->tf[1] = 0;
    if (ix_clause_simple(c)) {
        const ix_post *p = &c->slots[0].posts[0];
        for (int f = 0; f < FH_FIELDS; f++) c->tf[f] = ix_tf_field(p->n[f], p->lead[f]);
    } else {
        const uint32_t *pos;
        uint32_t n[FH_FIELDS];
        if (ix_clause_positions(c, &pos, n) == 0)
            for (int f = 0, k = 0; f < FH_FIELDS; f++)
                for (uint32_t i = 0; i < n[f]; i++, k++) c->tf[f] += fh_rank_occurrence(pos[k]);
    }
    c->tf_known = 1;
    return c->tf;
}

int ix_clause_positions(ix_clause *c, const uint32_t **pos, uint32_t npos[FH_FIELDS])
{
    if (c->doc == IX_NONE) return -1;
    if (c->n_slots == 1 && !c->exact) {
        if (slot_positions(&c->slots[0], 0)) {
            c->err = IX_ECORRUPT;
            return -1;
        }
        *pos = c->slots[0].pos;
        npos[0] = c->slots[0].npos[0];
        npos[1] = c->slots[0].npos[1];
        return 0;
    }
    *pos = c->starts; /* phrase_match filled them when it stopped here */
    npos[0] = c->nstarts[0];
    npos[1] = c->nstarts[1];
    return 0;
}

uint32_t ix_clause_block(const ix_clause *c, uint32_t target, double *max_tfw)
{
    *max_tfw = 0;
    if (c->doc == IX_NONE || !c->n_slots) return IX_NONE;
    const ix_slot *s = &c->slots[0];
    uint32_t end = IX_NONE;
    int any = 0;
    for (size_t i = 0; i < s->n_posts; i++) {
        float m;
        uint32_t last = ix_post_block_at(&s->posts[i], target, &m);
        if (last == IX_NONE) continue;
        any = 1;
        *max_tfw += m;
        if (last < end) end = last;
    }
    return any ? end : IX_NONE;
}

int ix_clause_window(const ix_clause *c, uint32_t from, uint32_t to, double *max_tfw)
{
    *max_tfw = 0;
    if (c->doc == IX_NONE || !c->n_slots) return 0;
    const ix_slot *s = &c->slots[0];
    int n = 0;
    for (size_t i = 0; i < s->n_posts; i++) {
        float m;
        int k = ix_post_window_max(&s->posts[i], from, to, &m);
        if (!k) continue;
        n += k;
        *max_tfw += m;
    }
    return n;
}

uint64_t ix_clause_decoded(const ix_clause *c)
{
    uint64_t n = 0;
    for (size_t i = 0; i < c->n_slots; i++)
        for (size_t j = 0; j < c->slots[i].n_posts; j++) n += c->slots[i].posts[j].decoded;
    return n;
}
