/*
 * translate.c - a query plan (plan.h) in FTS5 terms.
 *
 * Each plan clause becomes one FTS5 phrase whose text is the clause's
 * index terms, marked for the fahras tokenizer to pass through as they are
 * (FAHRAS_FTS5_RAW: slots separated by spaces, a slot's alternatives by
 * FAHRAS_FTS5_ALT, which FTS5 reads as colocated tokens).  The MATCH
 * expression:
 *   required clauses:   (m1 AND m2 ... AND (o1 OR o2 ... OR m1))
 *   else, common words beside rarer ones:
 *                       ((s1 OR s2 ...) AND (o1 OR o2 ...))
 *   else:               (o1 OR o2 ...)
 *   then                NOT (n1 OR n2 ...)
 * where o are the optional clauses (SELECT and RANK), s the selecting ones.
 * Optional clauses must not restrict the result when required ones exist,
 * yet must be visible to the ranking function: OR-ing them with m1 does
 * both.  Phrases that only select (the repeated m1, the s group, excluded
 * clauses) weigh 0 in fahras_bm25; the others carry the plan's weight, and
 * a 't' for proximity.
 *
 * Nothing here touches a database: the loadable extension builds this file
 * for its SQL function fahras_query (src/sqlite/fahras_query.c), so SQL
 * users get the very expression the store searches with.  What planning
 * asks of a store is in planning.c.
 */
#ifdef FAHRAS_SQLITE_EXTENSION
/* built into the loadable extension too (fahras_query): SQLite's functions
 * through the host's API table */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fahras_fts5.h"
#include "sqlite_store.h"

static void add_text(sbuf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') fh_sb_str(b, "\"\""); /* FTS5 string quoting */
        else fh_sb_add(b, s + i, 1);
    }
}

/* One FTS5 phrase for clause c. */
static void add_phrase(fh_backend_db *d, sbuf *b, const fh_plan_clause *c)
{
    int prefix = 0;
    fh_sb_str(b, "\"");
    if (!sq_is_fahras(d)) { /* a baseline tokenizer reads the clause as typed */
        add_text(b, c->text, c->len);
        prefix = c->n_slots && c->slots[c->n_slots - 1].alt[0].prefix;
    } else {
        fh_sb_add(b, (const char[]){FAHRAS_FTS5_RAW}, 1);
        for (size_t s = 0; s < c->n_slots; s++) {
            if (s) fh_sb_str(b, " ");
            for (size_t a = 0; a < c->slots[s].n_alt; a++) {
                const fh_plan_term *t = &c->slots[s].alt[a];
                if (a) fh_sb_add(b, (const char[]){FAHRAS_FTS5_ALT}, 1);
                add_text(b, t->text, t->len);
                prefix |= t->prefix;
            }
        }
    }
    fh_sb_str(b, prefix ? "\" *" : "\"");
}

void sq_add_phrase(fh_backend_db *d, sbuf *b, const fh_plan_clause *c)
{
    add_phrase(d, b, c);
}

static void add_weight(sbuf *w, double v, int proximity)
{
    char buf[32];
    snprintf(buf, sizeof buf, proximity ? "%gt " : "%g ", v);
    fh_sb_str(w, buf);
}

static int optional(const fh_plan_clause *c)
{
    return c->role == FH_ROLE_SELECT || c->role == FH_ROLE_RANK;
}

/* " OR "-joined phrases of the clauses that pass keep; each weighs its
 * plan weight (ranking) or 0 (selecting only). */
static int add_group(fh_backend_db *d, sq_match *m, const fh_plan *p,
                     int (*keep)(const fh_plan_clause *), int ranking)
{
    int k = 0;
    for (size_t i = 0; i < p->n; i++) {
        const fh_plan_clause *c = &p->clauses[i];
        if (!keep(c)) continue;
        if (k++) fh_sb_str(&m->match, " OR ");
        add_phrase(d, &m->match, c);
        if (ranking) add_weight(&m->weights, c->weight, c->proximity);
        else add_weight(&m->weights, 0, 0);
    }
    return k;
}

static int selecting(const fh_plan_clause *c) { return c->role == FH_ROLE_SELECT; }
static int excluded_in_index(const fh_plan_clause *c) { return c->role == FH_ROLE_NOT && !c->exact_check; }
static int common_word(const fh_plan_clause *c)
{
    return c->role == FH_ROLE_RANK && c->origin == FH_ORIGIN_TYPED;
}

static void add_required(fh_backend_db *d, sq_match *m, const fh_plan *p)
{
    const fh_plan_clause *first = NULL;
    int k = 0, any_optional = 0;
    for (size_t i = 0; i < p->n; i++) {
        const fh_plan_clause *c = &p->clauses[i];
        any_optional |= optional(c);
        if (c->role != FH_ROLE_MUST) continue;
        if (!first) first = c;
        if (k++) fh_sb_str(&m->match, " AND ");
        add_phrase(d, &m->match, c);
        add_weight(&m->weights, c->weight, c->proximity);
    }
    if (!any_optional) return;
    fh_sb_str(&m->match, " AND (");
    add_group(d, m, p, optional, 1);
    fh_sb_str(&m->match, " OR ");
    add_phrase(d, &m->match, first);
    add_weight(&m->weights, 0, 0);
    fh_sb_str(&m->match, ")");
}

/* "AND [NOT] (fh_exact(d.title, 'phrase') OR fh_exact(d.body, 'phrase'))" */
static void add_exact_check(sbuf *sql, const fh_plan_clause *c, int negate)
{
    char *lit = sqlite3_mprintf("%Q", c->text);
    if (!lit) {
        sql->oom = 1;
        return;
    }
    fh_sb_str(sql, negate ? " AND NOT (fh_exact(d.title, " : " AND (fh_exact(d.title, ");
    fh_sb_str(sql, lit);
    fh_sb_str(sql, ") OR fh_exact(d.body, ");
    fh_sb_str(sql, lit);
    fh_sb_str(sql, "))");
    sqlite3_free(lit);
}

/* A match mode of some of the words (plan.h's min_should beside the MATCH
 * expression, which asks for one): the selecting phrases matched by each
 * row, counted by FTS5 lookups on its rowid. */
static void add_min_should(fh_backend_db *d, sbuf *sql, const fh_plan *p)
{
    if (p->min_should < (p->n_must ? 1u : 2u)) return;
    fh_sb_str(sql, " AND (0");
    for (size_t g = 0; g < p->n; g++) { /* one lookup a group (plan.h) */
        sbuf phrases = {0};
        int k = 0;
        for (size_t i = 0; i < p->n; i++) {
            if (p->clauses[i].role != FH_ROLE_SELECT || fh_plan_group(p, i) != g) continue;
            if (k++) fh_sb_str(&phrases, " OR ");
            add_phrase(d, &phrases, &p->clauses[i]);
        }
        if (!k) continue;
        char *lit = phrases.oom ? NULL : sqlite3_mprintf("%Q", phrases.p);
        free(phrases.p);
        if (!lit) {
            sql->oom = 1;
            return;
        }
        fh_sb_str(sql, " + EXISTS (SELECT 1 FROM fts f2 WHERE f2.rowid = d.rowid AND f2.fts MATCH ");
        fh_sb_str(sql, lit);
        fh_sb_str(sql, ")");
        sqlite3_free(lit);
    }
    char tail[48];
    snprintf(tail, sizeof tail, ") >= %zu", p->min_should);
    fh_sb_str(sql, tail);
}

/* The filters, as SQL on d.* with parameters ?3 (source, any case), ?4 (a
 * category of the document's comma-separated list), ?5 and ?6 (dates:
 * "to" takes all of its month or year).  "to" is written as a range the
 * docs_date index can bound: a stored date (ASCII, db.c) whose first
 * length(?6) bytes are at most ?6 is exactly one below ?6 followed by
 * U+10FFFF, whose first byte is above any ASCII byte. */
static void add_filters(sq_match *m, const fh_query *q)
{
    if (q->source && *q->source) fh_sb_str(&m->where, " AND d.source = ?3 COLLATE NOCASE");
    if (q->category && *q->category)
        fh_sb_str(&m->where, " AND instr(',' || d.category || ',', ',' || ?4 || ',') > 0");
    if (q->date_from && *q->date_from) fh_sb_str(&m->where, " AND d.date >= ?5");
    if (q->date_to && *q->date_to) fh_sb_str(&m->where, " AND d.date < ?6 || char(1114111)");
    m->params[0] = q->source && *q->source ? q->source : NULL;
    m->params[1] = q->category && *q->category ? q->category : NULL;
    m->params[2] = q->date_from && *q->date_from ? q->date_from : NULL;
    m->params[3] = q->date_to && *q->date_to ? q->date_to : NULL;
    m->n_params = 4;
}

void sq_bind_params(sqlite3_stmt *st, const sq_match *m)
{
    for (int i = 0; i < m->n_params; i++)
        if (m->params[i]) sqlite3_bind_text(st, 3 + i, m->params[i], -1, SQLITE_STATIC);
}

int sq_translate(fh_backend_db *d, const fh_plan *p, const fh_query *q, sq_match *m, fh_err *err)
{
    memset(m, 0, sizeof *m);
    if (!p) { /* a browse: every document, then the filters */
        m->from = "FROM docs d WHERE 1";
        add_filters(m, q);
        fh_sb_str(&m->where, "");
        fh_sb_str(&m->weights, "");
        return m->where.oom || m->weights.oom ? fh_fail(err, "out of memory") : 0;
    }
    m->from = "FROM fts JOIN docs d ON d.rowid = fts.rowid WHERE fts MATCH ?1";
    int has_common = 0;
    for (size_t i = 0; i < p->n; i++) has_common |= common_word(&p->clauses[i]);
    fh_sb_str(&m->match, "(");
    if (p->n_must) {
        add_required(d, m, p);
    } else if (has_common && p->n_select) {
        fh_sb_str(&m->match, "(");
        add_group(d, m, p, selecting, 0);
        fh_sb_str(&m->match, ") AND (");
        add_group(d, m, p, optional, 1);
        fh_sb_str(&m->match, ")");
    } else {
        add_group(d, m, p, optional, 1);
    }
    fh_sb_str(&m->match, ")");
    int n_not = 0;
    for (size_t i = 0; i < p->n; i++) n_not += excluded_in_index(&p->clauses[i]);
    if (n_not) {
        fh_sb_str(&m->match, " NOT (");
        add_group(d, m, p, excluded_in_index, 0);
        fh_sb_str(&m->match, ")");
    }
    for (size_t i = 0; i < p->n; i++)
        if (p->clauses[i].exact_check)
            add_exact_check(&m->where, &p->clauses[i], p->clauses[i].role == FH_ROLE_NOT);
    add_min_should(d, &m->where, p);
    add_filters(m, q);
    fh_sb_str(&m->match, "");
    fh_sb_str(&m->weights, "");
    fh_sb_str(&m->where, "");
    if (m->match.oom || m->weights.oom || m->where.oom) {
        sq_match_free(m);
        return fh_fail(err, "out of memory");
    }
    return 0;
}

void sq_match_free(sq_match *m)
{
    free(m->match.p);
    free(m->weights.p);
    free(m->where.p);
    memset(m, 0, sizeof *m);
}
