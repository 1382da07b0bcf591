/*
 * cursor.h - a plan clause (plan.h) walked over one segment: its documents
 * in order, their BM25F term frequencies, their positions, and upper
 * bounds per block for pruning (cursor.c).
 *
 * A slot (one position of a clause) is the union of the postings of its
 * index terms (a prefix expands to every term of the segment starting with
 * it); a clause of one slot matches where the slot does, a clause of
 * several slots (a phrase) where they occur at consecutive positions of
 * one field.  Occurrences are counted once per position, as FTS5 counts a
 * phrase whose slot has colocated alternatives.
 */
#ifndef FAHRAS_CURSOR_H
#define FAHRAS_CURSOR_H

#include "ix.h"
#include "plan.h"

#define IX_SLOT_POS 32

typedef struct ix_slot {
    ix_post *posts;
    size_t n_posts;
    uint32_t doc;          /* smallest current document of the posts */
    /* positions at doc (filled by slot_positions) */
    uint32_t *pos;         /* title positions then body positions */
    uint8_t *bare;         /* their bare flags (ix.h), filled for exact clauses */
    uint32_t npos[FH_FIELDS];
    size_t pos_cap;
    uint32_t pos_doc;      /* the document pos was filled for (IX_NONE: none) */
    /* pos and bare while a document's positions fit: most do, and a clause
     * then reads them without allocating */
    uint32_t pos_in[IX_SLOT_POS];
    uint8_t bare_in[IX_SLOT_POS];
    /* posts while the slot has one (a word, not a prefix of several):
     * opened without an allocation */
    ix_post post_in[1];
} ix_slot;

typedef struct ix_clause {
    const fh_plan_clause *pc;
    ix_slot *slots;
    size_t n_slots;
    uint32_t doc;          /* current document (IX_NONE: exhausted or empty) */
    /* at doc: lead-weighted occurrences per field */
    double tf[FH_FIELDS];
    int tf_known;
    /* phrase starts at doc (multi-slot clauses) */
    uint32_t *starts;
    uint32_t nstarts[FH_FIELDS];
    size_t starts_cap;
    float max_tfw;         /* largest tf of the clause in the segment, segment avglens */
    int started;           /* every slot has postings in the segment */
    /* An exact phrase (plan.h's exact_check): a slot whose term is a key
     * (no FAHRAS_EXACT_MARK) matches only where the word is spelled as the
     * key (bare positions), so it goes through the phrase path even with
     * one slot. */
    int exact;
    int err;               /* IX_ECORRUPT / IX_ENOMEM once something failed */
} ix_clause;

/* Build the cursor of pc over seg (positioned on its first document). */
int ix_clause_open(ix_clause *c, const fh_plan_clause *pc, const ix_seg *seg);
void ix_clause_close(ix_clause *c);

/* Advance to the first matching document >= target. */
void ix_clause_seek(ix_clause *c, uint32_t target);

/* The lead-weighted occurrences per field at the current document. */
const double *ix_clause_tf(ix_clause *c);

/* Positions at the current document (phrase: where it starts): *pos gets
 * npos[0] title then npos[1] body positions.  -1 on corruption. */
int ix_clause_positions(ix_clause *c, const uint32_t **pos, uint32_t npos[FH_FIELDS]);

/* Largest tf (segment avglens) of the documents from target to the
 * returned last document of the block that holds target; IX_NONE when
 * the clause has nothing at or after target. */
uint32_t ix_clause_block(const ix_clause *c, uint32_t target, double *max_tfw);

/* Largest tf (segment avglens) of the clause's blocks holding documents
 * from..to-1: at least ix_clause_block's for each of them (alternatives
 * add up their own maxima); returns the number of those blocks (of its
 * first slot's terms: what reading them costs), 0 when it has nothing
 * there. */
int ix_clause_window(const ix_clause *c, uint32_t from, uint32_t to, double *max_tfw);

/* A clause of one term without an exact check: its postings are its
 * matches (the fast paths read them directly). */
static inline int ix_clause_simple(const ix_clause *c)
{
    return c->n_slots == 1 && c->slots[0].n_posts == 1 && !c->exact;
}

/* Postings decoded so far (work counter). */
uint64_t ix_clause_decoded(const ix_clause *c);

#endif
