/*
 * ix.h - internals of fahras's own inverted index (src/index): the segment
 * file format, its reader and writer, the in-memory inverter, posting
 * cursors and the evaluator.  Nothing here knows SQLite: the commit protocol
 * that ties segments to a database lives in ix_sqlite.c.
 *
 * A segment is one immutable file holding the postings of a set of
 * documents under local document numbers 0..n_docs-1, and per-document
 * columns (the row id in the database, field lengths, source, category, date).
 * All integers are little-endian.  Layout:
 *
 *   header      IX_HEADER_BYTES: magic, version, counts, the lead window the
 *               postings were counted with, the field length totals (the
 *               reference for block maxima), the section table and a CRC32
 *               of the header and of everything after it
 *   TSTR        term strings, sorted (bytewise), concatenated
 *   TERM        (n_terms + 1) entries of ix_term_ent; the last is a sentinel
 *               whose offsets are the ends of TSTR, BLK, DOCS and POS
 *   BLK         per term, ceil(df / IX_BLOCK) entries of ix_blk_ent
 *   DOCS        per term, its postings in blocks of IX_BLOCK (the last may
 *               be shorter); a block of cnt postings is
 *                 4 bytes: the bytes per value w (0, 1, 2 or 4) of each
 *                 field below, then per field its cnt values of w bytes:
 *                   off   doc - base (base: the document after the
 *                         previous block's last, 0 for the first block)
 *                   n_title, n_body   occurrences in the field
 *                   lead  lead_title << 4 | lead_body (w 0 or 1)
 *               lead_*: occurrences among the first FH_RANK_LEAD_WORDS
 *               words (rank.h's lead).  Fixed widths: any posting of a
 *               block is read without decoding the ones before it, and a
 *               seek scans the offsets where they lie.
 *   POS         per term and document: the title positions, then the body
 *               positions, each field delta-coded from 0 as varints of
 *               pos << 1 | bare, bare set on a key whose token's
 *               normalized form is the key itself (no exact form beside
 *               it): what an exact phrase asks of a word spelled as its key
 *   ROWID       int64[n_docs]
 *   LEN         uint32[2 * n_docs]: title and body length in words
 *   FACET       uint32[3 * n_docs]: source, category and date value ids
 *               (1-based into DICT; 0: no value)
 *   BYROWID     uint32[n_docs]: local documents in ascending row id order
 *   STR         NUL-terminated strings (the values)
 *   DICT        for each facet kind: uint32 count, then count STR offsets
 *
 * The reader maps the file and checks the header and the section table when
 * it opens it; every other read is bounds-checked where it happens, so a
 * corrupt segment yields an error (IX_ECORRUPT), never a read outside it.
 */
#ifndef FAHRAS_IX_H
#define FAHRAS_IX_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "rank.h"
#include "store.h"

#define IX_MAGIC "FHXSEG1"
/* 3: blocks of 32 postings (a seek into a block of a common word decodes
 * a quarter as many postings on the way, and its bounds are finer);
 * 4: postings at a fixed width per block and field */
#define IX_VERSION 4u
#define IX_BLOCK 32u
#define IX_BLOCK_HEAD 4  /* the field widths of a block */
#define IX_HEADER_BYTES 512u
#define IX_NONE 0xffffffffu
#define IX_MAX_TERM 1024u /* longer index terms are cut (as FTS5 would keep them whole) */

_Static_assert(FH_RANK_LEAD_WORDS <= 15, "lead counts are stored in 4 bits");

enum {
    IX_S_TSTR, IX_S_TERM, IX_S_BLK, IX_S_DOCS, IX_S_POS, IX_S_ROWID, IX_S_LEN, IX_S_FACET,
    IX_S_BYROWID, IX_S_STR, IX_S_DICT, IX_N_SECTIONS
};

/* The per-document values, each kept as an id into its segment's dictionary:
 * filters and facets then work on a handful of values per segment, not on
 * every document. */
enum { IX_FACET_SOURCE = 0, IX_FACET_CATEGORY = 1, IX_FACET_DATE = 2, IX_FACETS = 3 };

/* Status codes of the index functions (0 = success). */
/* IX_ECHANGED: a mapped file was cut short under a read (guard.h) */
enum { IX_OK = 0, IX_ENOMEM = -1, IX_EIO = -2, IX_ECORRUPT = -3, IX_EARG = -4, IX_EBUDGET = -5,
       IX_ECHANGED = -6 };

typedef struct ix_term_ent {
    uint32_t str_off; /* into TSTR; the length runs to the next entry's */
    uint32_t df;      /* documents holding the term (deleted ones included) */
    uint32_t blk;     /* first entry in BLK */
    float max_tfw;    /* largest BM25F tf of the term (at the segment's avglens) */
    uint64_t doc_off; /* into DOCS */
    uint64_t pos_off; /* into POS */
} ix_term_ent;

typedef struct ix_blk_ent {
    uint32_t last_doc; /* last document of the block */
    uint32_t doc_rel;  /* start of the block's postings, from the term's doc_off */
    uint32_t pos_rel;  /* start of the block's positions, from the term's pos_off */
    float max_tfw;     /* largest BM25F tf in the block (at the segment's avglens) */
} ix_blk_ent;

_Static_assert(sizeof(ix_term_ent) == 32, "term entry layout");
_Static_assert(sizeof(ix_blk_ent) == 16, "block entry layout");

/* ------------------------------------------------------------------ */
/* varints (LEB128, at most 5 bytes for 32 bits)                       */
/* ------------------------------------------------------------------ */

static inline size_t ix_put_varint(uint8_t *p, uint32_t v)
{
    size_t n = 0;
    while (v >= 0x80) {
        p[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    p[n++] = (uint8_t)v;
    return n;
}

/* Read a varint from [*p, end); 0 on success, -1 when it runs past end or
 * over 32 bits. */
static inline int ix_get_varint(const uint8_t **p, const uint8_t *end, uint32_t *v)
{
    const uint8_t *q = *p;
    if (q < end && *q < 0x80) { /* the common one-byte case */
        *v = *q;
        *p = q + 1;
        return 0;
    }
    uint32_t r = 0;
    for (unsigned shift = 0; shift < 35; shift += 7) {
        if (q >= end) return -1;
        uint8_t b = *q++;
        if (shift == 28 && b > 0x0f) return -1;
        r |= (uint32_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *v = r;
            *p = q;
            return 0;
        }
    }
    return -1;
}

static inline uint32_t ix_rd32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static inline uint64_t ix_rd64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

/* ------------------------------------------------------------------ */
/* Segment reader (segment.c)                                          */
/* ------------------------------------------------------------------ */

typedef struct ix_section {
    const uint8_t *p;
    uint64_t len;
} ix_section;

typedef struct ix_seg {
    const uint8_t *base; /* the whole file (mapped or caller memory) */
    size_t size;
    int mapped;          /* base is an mmap of size bytes, ours to unmap */
    /* the mapped file as opened (ix_seg_open): a segment file is never
     * changed once written, so another identity or size at its path means
     * it was replaced, or overwritten in place, under the mapping */
    uint64_t dev, ino;
    int64_t mtime_ns;
    uint32_t n_docs, n_terms;
    uint64_t len_total[FH_FIELDS];
    uint64_t instance;   /* the database the segment belongs to */
    uint64_t id;         /* segment id in the database's manifest */
    uint32_t body_crc;
    ix_section s[IX_N_SECTIONS];
    uint32_t n_dict[IX_FACETS];
    const uint8_t *dict[IX_FACETS]; /* uint32 offsets into STR, n_dict[k] of them */
    /* The first 8 bytes (big-endian, zero-padded) of every IX_TERM_SAMPLE-th
     * term, n_tkey of them (ix_seg_sample_terms; NULL: none): a lookup
     * narrows its range in this small array before reading the terms. */
    uint64_t *tkey;
    uint32_t n_tkey;
    /* ix_seg_find's answers remembered with the sample (a reader looks up
     * the same words again: a query's relaxed retry, the common words of
     * the next queries); NULL: none.  Written by lookups, so a segment
     * with it is read by one thread at a time, as its handle is. */
    struct ix_find_memo *memo;
} ix_seg;

#define IX_TERM_SAMPLE 16u

/* Check and describe a segment held in mem[0..size) (not copied: it must
 * outlive seg).  Returns IX_OK or IX_ECORRUPT with msg (cap bytes) saying
 * what is wrong. */
int ix_seg_init(ix_seg *seg, const void *mem, size_t size, char *msg, size_t cap);

/* Map the file at path and check it; on success seg owns the mapping. */
int ix_seg_open(ix_seg *seg, const char *path, char *msg, size_t cap);
void ix_seg_close(ix_seg *seg); /* unmaps if mapped; NULL-safe */
/* Build seg->tkey and seg->memo for a reader's many lookups (left NULL
 * when memory or the term table fail: lookups then search the terms
 * alone). */
void ix_seg_sample_terms(ix_seg *seg);

/* Tell the kernel the pages of section s before offset upto (within it)
 * are not needed again (a merge reads its inputs once): they leave the
 * process's resident set.  No-op for a segment in caller memory. */
void ix_seg_release(const ix_seg *seg, int s, uint64_t upto);

/* Verify the CRC of everything after the header (a full read). */
int ix_seg_check_crc(const ix_seg *seg);

/* Index of term t[0..n) in the dictionary, or -1. */
int64_t ix_seg_find(const ix_seg *seg, const char *t, size_t n);
/* First dictionary index whose term is >= t[0..n) (n_terms when none). */
uint32_t ix_seg_lower_bound(const ix_seg *seg, const char *t, size_t n);
/* Term i's entry and string; IX_ECORRUPT when out of bounds. */
int ix_seg_term(const ix_seg *seg, uint32_t i, ix_term_ent *e, const char **str, size_t *len);

/* Per-document columns (doc < n_docs, checked by the caller). */
static inline int64_t ix_seg_rowid(const ix_seg *seg, uint32_t doc)
{
    return (int64_t)ix_rd64(seg->s[IX_S_ROWID].p + 8 * (size_t)doc);
}
static inline uint32_t ix_seg_len(const ix_seg *seg, uint32_t doc, int field)
{
    return ix_rd32(seg->s[IX_S_LEN].p + 4 * (2 * (size_t)doc + (size_t)field));
}
static inline uint32_t ix_seg_facet(const ix_seg *seg, uint32_t doc, int kind)
{
    return ix_rd32(seg->s[IX_S_FACET].p + 4 * (3 * (size_t)doc + (size_t)kind));
}
/* Facet value id (1-based) of kind, or NULL when out of range. */
const char *ix_seg_facet_value(const ix_seg *seg, int kind, uint32_t id);
/* Local document holding rowid, or IX_NONE. */
uint32_t ix_seg_find_rowid(const ix_seg *seg, int64_t rowid);

/* ------------------------------------------------------------------ */
/* Posting iteration over one term of one segment (segment.c)          */
/* ------------------------------------------------------------------ */

typedef struct ix_post {
    const ix_seg *seg;
    ix_term_ent e;
    uint64_t doc_end, pos_end;   /* term's area ends (absolute in DOCS / POS) */
    const ix_blk_ent *blk;       /* the term's block table */
    uint32_t n_blk;
    uint32_t b;                  /* current block (IX_NONE: none entered) */
    uint32_t cnt;                /* postings in block b */
    uint32_t k;                  /* index of the current posting in block b */
    /* block b's fields (DOCS above: off, n_title, n_body, lead) and their
     * widths, read in place; its base and its last document's offset */
    const uint8_t *f[IX_BLOCK_HEAD];
    uint8_t w[IX_BLOCK_HEAD];
    uint32_t base, last_off;
    /* DOCS holds IX_BLOCK more values of every field past block b's end:
     * a run decodes a whole block's worth at a fixed count (ix_post_run) */
    int room;
    uint32_t valid_from;         /* block b's postings from this one on were checked by a run */
    const uint8_t *pp;           /* in POS: where posting pk's positions start */
    uint32_t pk;                 /* postings of block b before pp */
    const uint8_t *cp;           /* the current posting's positions, once read */
    uint32_t doc;                /* current document (IX_NONE: exhausted) */
    uint32_t n[FH_FIELDS], lead[FH_FIELDS]; /* current posting */
    uint64_t decoded;            /* postings decoded (work counter) */
    int err;                     /* IX_ECORRUPT once decoding failed */
} ix_post;

/* Position the iterator on term i's first posting.  IX_ECORRUPT on bad
 * offsets. */
int ix_post_init(ix_post *it, const ix_seg *seg, uint32_t i);
/* Advance to the first document >= target (it->doc = IX_NONE when none). */
void ix_post_seek(ix_post *it, uint32_t target);
static inline void ix_post_next(ix_post *it)
{
    if (it->doc != IX_NONE) ix_post_seek(it, it->doc + 1);
}
/* One posting as ix_post_take hands it out. */
typedef struct ix_posting {
    uint32_t doc;
    uint32_t n[FH_FIELDS], lead[FH_FIELDS];
} ix_posting;
/* The postings from the current one on whose documents are below end,
 * whole blocks' runs while cap leaves room for one (cap >= IX_BLOCK), into
 * out (the number returned); the iterator is left on the first posting not
 * handed out. */
size_t ix_post_take(ix_post *it, uint32_t end, ix_posting *out, size_t cap);
/* Postings as columns: the run of the current block from the current
 * posting on whose documents are below end. */
typedef struct ix_run {
    uint32_t n;
    uint32_t doc[IX_BLOCK];
    uint32_t cnt[FH_FIELDS][IX_BLOCK], lead[FH_FIELDS][IX_BLOCK];
} ix_run;
/* Fill r with that run (r->n postings, returned; 0 at end or on
 * corruption) and move the iterator past it: a block's run is decoded a
 * field at a time, without a seek per posting. */
uint32_t ix_post_run(ix_post *it, uint32_t end, ix_run *r);
/* The block holding the first document >= target without decoding it:
 * its maximum tf and last document; IX_NONE past the end. */
uint32_t ix_post_block_at(const ix_post *it, uint32_t target, float *max_tfw);
/* ix_post_block_at searching from block *hint on when the blocks before
 * it end below target (a caller's targets ascend); *hint receives the
 * block found. */
uint32_t ix_post_block_from(const ix_post *it, uint32_t *hint, uint32_t target, float *max_tfw);
/* The largest tf of the blocks holding documents from..to-1 (those
 * ix_post_block_at would give for each of them); returns how many blocks
 * that is (0: none). */
int ix_post_window_max(const ix_post *it, uint32_t from, uint32_t to, float *max_tfw);
/* Positions of the current document: out[] gets n[0] title then n[1] body
 * positions (cap entries at most; returns the number, or -1 on corruption),
 * bare[] (if not NULL) their bare flags.  out NULL: only pass them;
 * it->cp .. it->pp are then their stored bytes. */
int ix_post_positions(ix_post *it, uint32_t *out, uint8_t *bare, size_t cap);

/* ------------------------------------------------------------------ */
/* Segment writer (segwrite.c): postings in term order, then columns   */
/* ------------------------------------------------------------------ */

typedef struct ix_segw ix_segw;

typedef struct ix_doc_cols {
    int64_t rowid;
    uint32_t len[FH_FIELDS];
    const char *facet[IX_FACETS]; /* NUL-terminated values, NULL or "" for none */
} ix_doc_cols;

/* Start a segment file at path (written to path + ".tmp", renamed by
 * finish).  n_docs documents; their columns are set with ix_segw_doc, in
 * document order, before any posting (the block maxima need the lengths). */
int ix_segw_open(ix_segw **out, const char *path, uint32_t n_docs, uint64_t instance,
                 uint64_t id);
int ix_segw_doc(ix_segw *w, uint32_t doc, const ix_doc_cols *c);
int ix_segw_term(ix_segw *w, const char *t, size_t n);
/* One posting of the current term (documents ascending); pos: its
 * positions as stored (varints), pos_len bytes. */
int ix_segw_posting(ix_segw *w, uint32_t doc, const uint32_t n[FH_FIELDS],
                    const uint32_t lead[FH_FIELDS], const uint8_t *pos, size_t pos_len);
/* Write the file, fsync and rename it into place. */
int ix_segw_finish(ix_segw *w);
void ix_segw_abort(ix_segw *w); /* removes the temporary file; NULL-safe */
const char *ix_segw_error(const ix_segw *w);

/* BM25F tf of a posting (rank.h) with per-field lengths len and averages avg. */
double ix_tfw(const uint32_t n[FH_FIELDS], const uint32_t lead[FH_FIELDS],
              const uint32_t len[FH_FIELDS], const double avg[FH_FIELDS]);
/* The lead-weighted occurrences of a field (rank.h's fh_rank_occurrence:
 * FH_RANK_LEAD_FACTOR for each lead occurrence, 1 for the others), summed
 * as integers: exact, so the same double as the sum of the two products. */
_Static_assert(FH_RANK_LEAD_FACTOR % 1 == 0, "an integral lead factor");
static inline double ix_tf_field(uint32_t n, uint32_t lead)
{
    return (double)((uint64_t)lead * FH_RANK_LEAD_FACTOR + (uint32_t)(n - lead));
}

/* crc32 over len bytes, continuing crc (start with 0). */
uint32_t ix_crc32(uint32_t crc, const void *p, size_t len);

#endif
