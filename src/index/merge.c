/*
 * merge.c - merge segments into one, leaving out deleted documents: the
 * live documents of the inputs in input order become the new segment's,
 * term dictionaries are merged in order and each posting is copied with
 * its positions as stored (only document numbers change), streamed through
 * the segment writer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "merge.h"

static int is_deleted(const uint8_t *dels, uint32_t doc)
{
    return dels && (dels[doc >> 3] >> (doc & 7) & 1);
}

static int copy_columns(const ix_merge_in *in, size_t n_in, uint32_t **maps, ix_segw *w)
{
    uint32_t next = 0;
    for (size_t s = 0; s < n_in; s++) {
        const ix_seg *g = in[s].seg;
        for (uint32_t d = 0; d < g->n_docs; d++) {
            if (is_deleted(in[s].dels, d)) {
                maps[s][d] = IX_NONE;
                continue;
            }
            ix_doc_cols c;
            memset(&c, 0, sizeof c);
            c.rowid = ix_seg_rowid(g, d);
            for (int f = 0; f < FH_FIELDS; f++) c.len[f] = ix_seg_len(g, d, f);
            for (int k = 0; k < IX_FACETS; k++) c.facet[k] = ix_seg_facet_value(g, k, ix_seg_facet(g, d, k));
            maps[s][d] = next;
            if (ix_segw_doc(w, next++, &c)) return IX_EIO;
        }
    }
    return IX_OK;
}

/* Read postings are released every 256 terms, or sooner past this many
 * bytes of them, inside a term too: a common term's postings are
 * megabytes, more the larger the inputs. */
#define RELEASE_BYTES ((size_t)256 << 10)

/* The postings of it's term before its current one are read for good. */
static void release_behind(const ix_post *it)
{
    const ix_seg *g = it->seg;
    ix_seg_release(g, IX_S_POS, (uint64_t)(it->cp - g->s[IX_S_POS].p));
    if (it->b != IX_NONE) {
        ix_seg_release(g, IX_S_DOCS, (uint64_t)(it->f[0] - g->s[IX_S_DOCS].p));
        ix_seg_release(g, IX_S_BLK, (uint64_t)((const uint8_t *)(it->blk + it->b) - g->s[IX_S_BLK].p));
    }
}

/* Copy term (t, n)'s postings from every input holding it (cursor[s] is
 * the input's dictionary index of it, or IX_NONE). */
static int copy_term(const ix_merge_in *in, size_t n_in, const uint32_t *cursor, uint32_t **maps,
                     const char *t, size_t n, ix_segw *w, size_t *copied)
{
    int started = 0;
    for (size_t s = 0; s < n_in; s++) {
        if (cursor[s] == IX_NONE) continue;
        ix_post it;
        if (ix_post_init(&it, in[s].seg, cursor[s])) return IX_ECORRUPT;
        for (; it.doc != IX_NONE; ix_post_next(&it)) {
            uint32_t nd = maps[s][it.doc];
            if (nd == IX_NONE) continue;
            if (ix_post_positions(&it, NULL, NULL, 0) < 0) return IX_ECORRUPT;
            if (!started && ix_segw_term(w, t, n)) return IX_EIO;
            started = 1;
            if (ix_segw_posting(w, nd, it.n, it.lead, it.cp, (size_t)(it.pp - it.cp))) return IX_EIO;
            *copied += (size_t)(it.pp - it.cp) + 4;
            if (*copied > RELEASE_BYTES) {
                release_behind(&it);
                *copied = 0;
            }
        }
        if (it.err) return IX_ECORRUPT;
    }
    return IX_OK;
}

/* The smallest current term among the inputs; NULL when all are done. */
static const char *min_term(const ix_merge_in *in, size_t n_in, const uint32_t *pos, size_t *len,
                            int *bad)
{
    const char *best = NULL;
    size_t blen = 0;
    for (size_t s = 0; s < n_in; s++) {
        if (pos[s] >= in[s].seg->n_terms) continue;
        ix_term_ent e;
        const char *str;
        size_t l;
        if (ix_seg_term(in[s].seg, pos[s], &e, &str, &l)) {
            *bad = 1;
            return NULL;
        }
        int c = best ? memcmp(str, best, l < blen ? l : blen) : -1;
        if (!best || c < 0 || (c == 0 && l < blen)) {
            best = str;
            blen = l;
        }
    }
    *len = blen;
    return best;
}

/* The inputs' postings before their current terms are read for good:
 * out of the resident set, so a merge's memory does not grow with its
 * inputs. */
static void release_read(const ix_merge_in *in, size_t n_in, const uint32_t *pos)
{
    for (size_t s = 0; s < n_in; s++) {
        const ix_seg *g = in[s].seg;
        ix_term_ent e;
        if (pos[s] >= g->n_terms) {
            for (int k = IX_S_TSTR; k <= IX_S_POS; k++) ix_seg_release(g, k, g->s[k].len);
            continue;
        }
        if (ix_seg_term(g, pos[s], &e, NULL, NULL)) continue;
        ix_seg_release(g, IX_S_TSTR, e.str_off);
        ix_seg_release(g, IX_S_TERM, (uint64_t)pos[s] * sizeof(ix_term_ent));
        ix_seg_release(g, IX_S_DOCS, e.doc_off);
        ix_seg_release(g, IX_S_POS, e.pos_off);
        ix_seg_release(g, IX_S_BLK, (uint64_t)e.blk * sizeof(ix_blk_ent));
    }
}

static int merge_terms(const ix_merge_in *in, size_t n_in, uint32_t **maps, ix_segw *w)
{
    uint32_t *pos = calloc(n_in, sizeof *pos), *cur = calloc(n_in, sizeof *cur);
    int rc = pos && cur ? IX_OK : IX_ENOMEM;
    size_t done = 0, copied = 0;
    char term[IX_MAX_TERM + 1];
    while (!rc) {
        size_t len;
        int bad = 0;
        const char *t = min_term(in, n_in, pos, &len, &bad);
        if (bad) rc = IX_ECORRUPT;
        if (!t || rc) break;
        if (len > IX_MAX_TERM) {
            rc = IX_ECORRUPT;
            break;
        }
        memcpy(term, t, len); /* t points into one input; keep a copy */
        for (size_t s = 0; s < n_in; s++) {
            const char *str;
            size_t l;
            ix_term_ent e;
            cur[s] = IX_NONE;
            if (pos[s] < in[s].seg->n_terms && !ix_seg_term(in[s].seg, pos[s], &e, &str, &l) &&
                l == len && !memcmp(str, term, len))
                cur[s] = pos[s]++;
        }
        rc = copy_term(in, n_in, cur, maps, term, len, w, &copied);
        if (++done % 256 == 0 || copied > RELEASE_BYTES) {
            release_read(in, n_in, pos);
            copied = 0;
        }
    }
    free(pos);
    free(cur);
    return rc;
}

int ix_merge(const ix_merge_in *in, size_t n_in, const char *path, uint64_t instance,
             uint64_t id, char *msg, size_t cap)
{
    uint64_t live = 0;
    for (size_t s = 0; s < n_in; s++)
        for (uint32_t d = 0; d < in[s].seg->n_docs; d++) live += !is_deleted(in[s].dels, d);
    if (live >= IX_NONE) {
        snprintf(msg, cap, "%s: too many documents for one segment", path);
        return IX_EARG;
    }
    uint32_t **maps = calloc(n_in ? n_in : 1, sizeof *maps);
    int rc = maps ? IX_OK : IX_ENOMEM;
    for (size_t s = 0; !rc && s < n_in; s++) {
        maps[s] = malloc(((size_t)in[s].seg->n_docs + 1) * sizeof **maps);
        if (!maps[s]) rc = IX_ENOMEM;
    }
    ix_segw *w = NULL;
    if (!rc) rc = ix_segw_open(&w, path, (uint32_t)live, instance, id);
    if (!rc) rc = copy_columns(in, n_in, maps, w);
    for (size_t s = 0; !rc && s < n_in; s++) /* read for good */
        for (int k = IX_S_ROWID; k < IX_N_SECTIONS; k++) ix_seg_release(in[s].seg, k, in[s].seg->s[k].len);
    if (!rc) rc = merge_terms(in, n_in, maps, w);
    if (!rc) rc = ix_segw_finish(w);
    if (rc) {
        const char *why = rc == IX_ECORRUPT ? "corrupt input segment" : ix_segw_error(w);
        snprintf(msg, cap, "merging into %s: %s", path, why);
    }
    ix_segw_abort(w);
    for (size_t s = 0; maps && s < n_in; s++) free(maps[s]);
    free(maps);
    return rc;
}
