/*
 * fuzz_segment.c - libFuzzer target for the segment reader of fahras's own
 * index (src/index/segment.c, cursor.c, search.c, merge.c).
 *
 * The input is a segment file.  The first byte chooses: bit 0 set, the
 * header checksum is recomputed after reading (so mutations get past it to
 * the section table and the postings).  Invariant: a corrupt or truncated
 * segment is refused or fails with an error; it never reads outside the
 * input.  On an accepted segment every term's postings and positions are
 * walked, a search runs over its first terms (pruned and exhaustive, a
 * phrase and a prefix included), facets are counted, the rows looked up and
 * the segment merged into a scratch file.
 *
 * Build with `make fuzz FUZZ_TARGET=segment`; fuzz/replay.c replays the
 * corpus fuzz/corpus/segment without libFuzzer (tests/index/run.sh).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "merge.h"
#include "search.h"

static void walk_postings(const ix_seg *g)
{
    uint32_t pos[4096];
    for (uint32_t t = 0; t < g->n_terms && t < 5000; t++) {
        ix_post it;
        if (ix_post_init(&it, g, t)) continue;
        for (int k = 0; it.doc != IX_NONE && k < 100000; k++) {
            float m;
            ix_post_block_at(&it, it.doc, &m);
            uint8_t bare[4096];
            ix_post_positions(&it, (it.doc & 1) ? pos : NULL, (it.doc & 2) ? bare : NULL, sizeof pos / sizeof *pos);
            ix_post_next(&it);
        }
    }
}

typedef struct fplan {
    fh_plan p;
    fh_plan_clause c[4];
    fh_plan_slot s[4][2];
    char text[4][2][64];
} fplan;

/* A plan over the segment's first terms: two words, a phrase, a prefix. */
static void make_plan(const ix_seg *g, fplan *f)
{
    memset(f, 0, sizeof *f);
    f->p.clauses = f->c;
    for (uint32_t i = 0; i < 4 && i < g->n_terms; i++) {
        ix_term_ent e;
        const char *s;
        size_t len;
        if (ix_seg_term(g, i, &e, &s, &len)) break;
        if (len > 63) len = 63;
        fh_plan_clause *c = &f->c[f->p.n];
        size_t slots = i == 2 ? 2 : 1;
        for (size_t j = 0; j < slots; j++) {
            memcpy(f->text[f->p.n][j], s, len);
            f->s[f->p.n][j].n_alt = 1;
            f->s[f->p.n][j].alt[0] = (fh_plan_term){f->text[f->p.n][j], len, i == 3};
        }
        c->slots = f->s[f->p.n];
        c->n_slots = slots;
        c->role = i == 2 ? FH_ROLE_RANK : FH_ROLE_SELECT;
        c->weight = 1;
        c->proximity = 1;
        c->df = -1;
        f->p.n++;
        f->p.n_select += c->role == FH_ROLE_SELECT;
    }
    f->p.min_should = 1;
}

static int on_facet(void *ctx, int kind, const char *value, uint64_t count)
{
    (void)ctx;
    (void)kind;
    (void)count;
    return value == NULL;
}

static void search_it(const ix_seg *g)
{
    ix_view_seg vs = {g, NULL, NULL};
    ix_view v = {&vs, 1, g->n_docs, {g->len_total[0], g->len_total[1]}};
    fplan f;
    make_plan(g, &f);
    char msg[256];
    ix_hit hits[10];
    size_t n;
    for (int ex = 0; ex < 2; ex++) {
        ix_request r = {&f.p, {0, NULL, NULL, 0, NULL, 0}, 10, ex, NULL, NULL, 0};
        ix_search(&v, &r, hits, &n, NULL, msg, sizeof msg);
    }
    ix_request r = {&f.p, {0, NULL, NULL, 0, NULL, 0}, 10, 0, NULL, NULL, 0};
    uint64_t total;
    ix_facets(&v, &r, &total, on_facet, NULL, msg, sizeof msg);
    for (uint32_t d = 0; d < g->n_docs && d < 64; d++) ix_seg_find_rowid(g, ix_seg_rowid(g, d));
}

static void merge_it(const ix_seg *g)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/fahras-fuzz-seg-%ld", (long)getpid());
    ix_merge_in in = {g, NULL};
    char msg[256];
    ix_merge(&in, 1, path, 1, 1, msg, sizeof msg);
    unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    int fix_crc = data[0] & 1;
    size--;
    uint8_t *buf = malloc(size ? size : 1);
    if (!buf) return 0;
    memcpy(buf, data + 1, size);
    if (fix_crc && size >= IX_HEADER_BYTES) {
        uint32_t crc = ix_crc32(0, buf, IX_HEADER_BYTES - 4);
        memcpy(buf + IX_HEADER_BYTES - 4, &crc, 4);
    }
    ix_seg g;
    char msg[256];
    if (ix_seg_init(&g, buf, size, msg, sizeof msg) == IX_OK) {
        ix_seg_check_crc(&g);
        walk_postings(&g);
        search_it(&g);
        if (g.n_docs < 5000) merge_it(&g);
    }
    free(buf);
    return 0;
}
