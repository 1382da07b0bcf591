/*
 * translate.c - a query plan (plan.h) in PostgreSQL terms.
 *
 * Each clause is a tsquery of its index terms: a lexeme, alternatives
 * ('a':* | '=a':*), or a phrase of those ('=التحالف' <-> '=الدولي').  A
 * document must satisfy
 *   required clauses:   m1 & m2 ...
 *   else:               s1 | s2 ...      (the selecting clauses)
 *   and                 & !n1 & !n2 ...  (excluded clauses)
 * and is ranked by fahras_rank over every clause that ranks, with the
 * plan's weights and proximity flags and each clause's document count, so
 * that the score is rank.h's, as in every store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_store.h"

/* Lexeme s[0..n) as a quoted tsquery operand. */
static void add_lexeme(sbuf *b, const char *s, size_t n, int prefix)
{
    fh_sb_str(b, "'");
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\'') fh_sb_str(b, "''");
        else if (s[i] == '\\') fh_sb_str(b, "\\\\");
        else fh_sb_add(b, s + i, 1);
    }
    fh_sb_str(b, prefix ? "':*" : "'");
}

static void add_clause(sbuf *b, const fh_plan_clause *c)
{
    fh_sb_str(b, "(");
    for (size_t s = 0; s < c->n_slots; s++) {
        const fh_plan_slot *slot = &c->slots[s];
        if (s) fh_sb_str(b, " <-> ");
        if (slot->n_alt > 1) fh_sb_str(b, "(");
        for (size_t a = 0; a < slot->n_alt; a++) {
            if (a) fh_sb_str(b, " | ");
            add_lexeme(b, slot->alt[a].text, slot->alt[a].len, slot->alt[a].prefix);
        }
        if (slot->n_alt > 1) fh_sb_str(b, ")");
    }
    fh_sb_str(b, ")");
}

/* An array literal element: "..." with " and \ escaped. */
static void add_array_text(sbuf *b, const char *s, size_t n)
{
    fh_sb_str(b, "\"");
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"' || s[i] == '\\') fh_sb_str(b, "\\");
        fh_sb_add(b, s + i, 1);
    }
    fh_sb_str(b, "\"");
}

static int ranks(const fh_plan_clause *c)
{
    return c->role != FH_ROLE_NOT && c->weight > 0;
}

/* The clause's document count when one index lookup tells it: a single
 * lexeme (the statistics count every lexeme of every document). */
static int single_lexeme(const fh_plan_clause *c)
{
    return c->n_slots == 1 && c->slots[0].n_alt == 1 && !c->slots[0].alt[0].prefix;
}

/* Documents matching each clause: single lexemes from the statistics in
 * one round trip, other clauses (phrases, prefixes) by counting; on a
 * sharded store every shard's counts, added up (each document is on one
 * shard, so the sums are the whole collection's). */
typedef struct df_rows {
    const fh_plan_clause *const *c;
    size_t n;
    long long *out;
    size_t one; /* clause counted by a count(*) statement */
} df_rows;

static void add_lexeme_dfs(void *ctx, PGresult *r)
{
    df_rows *d = ctx;
    for (int row = 0; row < PQntuples(r); row++)
        for (size_t i = 0; i < d->n; i++)
            if (single_lexeme(d->c[i]) && (size_t)PQgetlength(r, row, 0) == d->c[i]->slots[0].alt[0].len &&
                !memcmp(PQgetvalue(r, row, 0), d->c[i]->slots[0].alt[0].text, d->c[i]->slots[0].alt[0].len))
                d->out[i] += atoll(PQgetvalue(r, row, 1));
}

static void add_count(void *ctx, PGresult *r)
{
    df_rows *d = ctx;
    d->out[d->one] += atoll(PQgetvalue(r, 0, 0));
}

static int clause_dfs(fh_backend_db *db, const fh_plan_clause *const *c, size_t n, long long *out,
                      fh_err *err)
{
    sbuf arr = {0};
    int n_lex = 0, rc = 0;
    df_rows d = {c, n, out, 0};
    fh_sb_str(&arr, "{");
    for (size_t i = 0; i < n; i++) {
        out[i] = 0;
        if (!single_lexeme(c[i])) continue;
        if (n_lex++) fh_sb_str(&arr, ",");
        add_array_text(&arr, c[i]->slots[0].alt[0].text, c[i]->slots[0].alt[0].len);
    }
    fh_sb_str(&arr, "}");
    if (arr.oom) rc = fh_fail(err, "out of memory");
    if (!rc && n_lex) {
        const char *vals[1] = {arr.p};
        rc = pg_collection_rows(db,
                                "SELECT lexeme, ndoc FROM fahras_lexeme WHERE collection = '" PG_COLLECTION
                                "' AND lexeme = ANY($1::text[])",
                                1, vals, add_lexeme_dfs, &d, err, "reading document counts");
    }
    free(arr.p);
    for (size_t i = 0; !rc && i < n; i++) {
        if (single_lexeme(c[i])) continue;
        sbuf q = {0};
        add_clause(&q, c[i]);
        d.one = i;
        if (q.oom) rc = fh_fail(err, "out of memory");
        else {
            const char *vals[1] = {q.p};
            rc = pg_collection_rows(db, "SELECT count(*) FROM fahras_docs WHERE tsv @@ $1::tsquery", 1,
                                    vals, add_count, &d, err, "counting a clause");
        }
        free(q.p);
    }
    return rc;
}

int pg_plan_df(void *ctx, const fh_plan_clause *const *c, size_t n, long long *out, fh_err *err)
{
    return clause_dfs(ctx, c, n, out, err);
}

void pg_plan_opts(fh_plan_opts *o)
{
    memset(o, 0, sizeof *o);
    o->exact_forms = 1; /* the tsvectors hold exact forms (FAHRAS_EXACT_MARK) */
    o->near_spelling = 1;
}

int pg_collection_size(fh_backend_db *db, long long *n_docs, fh_err *err)
{
    PGresult *r = PQexec(db->conn, "SELECT ndocs FROM fahras_collection WHERE name = '" PG_COLLECTION "'");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) return pg_fail(db, r, err, "reading the collection size");
    *n_docs = PQntuples(r) == 1 ? atoll(PQgetvalue(r, 0, 0)) : -1;
    PQclear(r);
    return 0;
}

int pg_planning(fh_backend_db *db, fh_plan_opts *o, fh_plan_stats *st, fh_err *err)
{
    pg_plan_opts(o);
    memset(st, 0, sizeof *st);
    if (pg_collection_size(db, &st->n_docs, err)) return -1;
    st->df = pg_plan_df;
    st->ctx = db;
    return 0;
}

/* Whether m's match may hold a tenth of the documents or more: its
 * rarest required word does, or else its optional words together do.  An
 * unknown count counts as every document. */
static int broad_match(const fh_plan *p, const pg_match *m)
{
    if (p->n_docs <= 0) return 1;
    long long must = -1, any = 0;
    for (size_t r = 0; r < m->n_ranked; r++) {
        long long d = m->ranked[r].df < 0 ? p->n_docs : m->ranked[r].df;
        if (m->ranked[r].selects) any += d;
        else if (m->ranked[r].required && (must < 0 || d < must)) must = d;
    }
    return (p->n_must ? (must < 0 ? p->n_docs : must) : any) * 10 >= p->n_docs;
}

/* The ranking arguments: clauses, weights, proximity flags, counts. */
static int ranking_args(fh_backend_db *db, const fh_plan *p, pg_match *m, fh_err *err)
{
    const fh_plan_clause **need = calloc(p->n ? p->n : 1, sizeof *need);
    long long *df = calloc(p->n ? p->n : 1, sizeof *df);
    long *at_rank = calloc(p->n ? p->n : 1, sizeof *at_rank); /* plan clause -> ranked index */
    m->ranked = calloc(p->n ? p->n : 1, sizeof *m->ranked);
    size_t n_need = 0;
    int rc = 0, k = 0;
    if (!need || !df || !at_rank || !m->ranked) rc = fh_fail(err, "out of memory");
    for (size_t i = 0; !rc && i < p->n; i++)
        if (ranks(&p->clauses[i]) && p->clauses[i].df < 0) need[n_need++] = &p->clauses[i];
    if (!rc && n_need) rc = clause_dfs(db, need, n_need, df, err);
    fh_sb_str(&m->clauses, "{");
    fh_sb_str(&m->weights, "{");
    fh_sb_str(&m->prox, "{");
    fh_sb_str(&m->dfs, "{");
    size_t at = 0;
    for (size_t i = 0; !rc && i < p->n; i++) {
        const fh_plan_clause *c = &p->clauses[i];
        if (!ranks(c)) continue;
        long long d = c->df;
        if (d < 0 && at < n_need && need[at] == c) d = df[at++];
        char num[64];
        const char *sep = k++ ? "," : "";
        sbuf t = {0};
        add_clause(&t, c);
        fh_sb_str(&m->clauses, sep);
        add_array_text(&m->clauses, t.p ? t.p : "", t.n);
        if (t.oom) rc = fh_fail(err, "out of memory");
        at_rank[i] = (long)m->n_ranked;
        m->ranked[m->n_ranked++] = (pg_ranked){t.p, d, c->weight, c->proximity,
                                               c->role == FH_ROLE_SELECT, fh_plan_exact_owner(p, i),
                                               c->role == FH_ROLE_MUST};
        snprintf(num, sizeof num, "%s%.17g", sep, c->weight);
        fh_sb_str(&m->weights, num);
        fh_sb_str(&m->prox, c->proximity ? (k > 1 ? ",t" : "t") : (k > 1 ? ",f" : "f"));
        snprintf(num, sizeof num, "%s%lld", sep, d);
        fh_sb_str(&m->dfs, num);
    }
    fh_sb_str(&m->clauses, "}");
    m->broad = broad_match(p, m);
    fh_sb_str(&m->weights, "}");
    fh_sb_str(&m->prox, "}");
    fh_sb_str(&m->dfs, "}");
    /* owners as ranked indexes: a bonus's word ranks (it is typed, not NOT) */
    for (size_t r = 0; r < m->n_ranked; r++) {
        long o = m->ranked[r].owner;
        m->ranked[r].owner = o >= 0 && ranks(&p->clauses[o]) ? at_rank[o] : -1;
    }
    free(need);
    free(df);
    free(at_rank);
    return rc;
}

/* " & "- or " | "-joined clauses with the given role. */
static int add_joined(sbuf *b, const fh_plan *p, int role, const char *op)
{
    int k = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (p->clauses[i].role != role) continue;
        if (k++) fh_sb_str(b, op);
        add_clause(b, &p->clauses[i]);
    }
    return k;
}

/* A parameter's number, its value kept in m->params. */
static int param(pg_match *m, const char *value)
{
    m->params[m->n_params] = value;
    return ++m->n_params;
}

static void add_conditions(fh_backend_db *db, const fh_plan *p, const fh_query *q, pg_match *m)
{
    char tmp[200];
    int opts = 0;
    for (size_t i = 0; i < p->n; i++) {
        const fh_plan_clause *c = &p->clauses[i];
        if (!c->exact_check) continue;
        if (!opts) opts = param(m, db->describe);
        int k = param(m, c->text);
        snprintf(tmp, sizeof tmp,
                 " AND %s(fahras_exact(coalesce(title, ''), $%d, $%d) OR fahras_exact(body, $%d, $%d))",
                 c->role == FH_ROLE_NOT ? "NOT " : "", k, opts, k, opts);
        fh_sb_str(&m->where, tmp);
    }
    if (q->source && *q->source) {
        snprintf(tmp, sizeof tmp, " AND lower(source) = lower($%d)", param(m, q->source));
        fh_sb_str(&m->where, tmp);
    }
    if (q->category && *q->category) {
        snprintf(tmp, sizeof tmp, " AND $%d = ANY(string_to_array(category, ','))", param(m, q->category));
        fh_sb_str(&m->where, tmp);
    }
    if (q->date_from && *q->date_from) {
        snprintf(tmp, sizeof tmp, " AND date >= $%d", param(m, q->date_from));
        fh_sb_str(&m->where, tmp);
    }
    if (q->date_to && *q->date_to) { /* inclusive: 2021-04 takes all of April */
        int k = param(m, q->date_to);
        snprintf(tmp, sizeof tmp, " AND (date <= $%d OR starts_with(date, $%d))", k, k);
        fh_sb_str(&m->where, tmp);
    }
}

/* A match mode of some of the words (plan.h's min_should beside the
 * tsquery, which asks for one): the selecting clauses each row matches,
 * counted through the ranking array $2 (every selecting clause ranks). */
static void add_min_should(const fh_plan *p, sbuf *where)
{
    if (p->min_should < (p->n_must ? 1u : 2u)) return;
    char tmp[96];
    fh_sb_str(where, " AND (0");
    for (size_t g = 0; g < p->n; g++) { /* one test a group (plan.h) */
        int k = 0, at = 0;
        for (size_t i = 0; i < p->n; i++) {
            const fh_plan_clause *c = &p->clauses[i];
            if (!ranks(c)) continue;
            at++;
            if (c->role != FH_ROLE_SELECT || fh_plan_group(p, i) != g) continue;
            snprintf(tmp, sizeof tmp, "%stsv @@ ($2::tsquery[])[%d]", k++ ? " OR " : " + (", at);
            fh_sb_str(where, tmp);
        }
        if (k) fh_sb_str(where, ")::int");
    }
    snprintf(tmp, sizeof tmp, ") >= %zu", p->min_should);
    fh_sb_str(where, tmp);
}

/* A browse: the match and ranking parameters NULL, then the filters. */
static int translate_browse(fh_backend_db *db, const fh_query *q, pg_match *m, fh_err *err)
{
    static const fh_plan none;
    m->browse = 1;
    for (int i = 0; i < 5; i++) param(m, NULL);
    add_conditions(db, &none, q, m);
    fh_sb_str(&m->where, "");
    if (!m->where.oom) return 0;
    pg_match_free(m);
    return fh_fail(err, "out of memory");
}

#define BROWSE_WHERE " WHERE $1::tsquery IS NULL AND $2::tsquery[] IS NULL AND $3::float8[] IS NULL" \
                     " AND $4::boolean[] IS NULL AND $5::float8[] IS NULL"

const char *pg_match_where(const pg_match *m)
{
    return m->browse ? BROWSE_WHERE : " WHERE tsv @@ $1::tsquery";
}

const char *pg_match_only(const pg_match *m)
{
    return m->browse ? BROWSE_WHERE : PG_MATCH_ONLY;
}

const char *pg_match_score(const pg_match *m)
{
    return m->browse ? "0::float8" : PG_RANK_CALL;
}

int pg_translate(fh_backend_db *db, const fh_plan *p, const fh_query *q, pg_match *m, fh_err *err)
{
    memset(m, 0, sizeof *m);
    if (!p) return translate_browse(db, q, m, err);
    fh_sb_str(&m->match, "(");
    if (p->n_must) add_joined(&m->match, p, FH_ROLE_MUST, " & ");
    else add_joined(&m->match, p, FH_ROLE_SELECT, " | ");
    fh_sb_str(&m->match, ")");
    for (size_t i = 0; i < p->n; i++) {
        const fh_plan_clause *c = &p->clauses[i];
        if (c->role != FH_ROLE_NOT || c->exact_check) continue;
        fh_sb_str(&m->match, " & !");
        add_clause(&m->match, c);
    }
    int rc = ranking_args(db, p, m, err);
    if (!rc) {
        param(m, m->match.p);
        param(m, m->clauses.p);
        param(m, m->weights.p);
        param(m, m->prox.p);
        param(m, m->dfs.p);
        add_conditions(db, p, q, m);
        add_min_should(p, &m->where);
        fh_sb_str(&m->where, "");
    }
    if (!rc && (m->match.oom || m->clauses.oom || m->weights.oom || m->prox.oom || m->dfs.oom ||
                m->where.oom))
        rc = fh_fail(err, "out of memory");
    if (rc) pg_match_free(m);
    return rc;
}

void pg_match_free(pg_match *m)
{
    for (size_t i = 0; i < m->n_ranked; i++) free(m->ranked[i].tsq);
    free(m->ranked);
    free(m->match.p);
    free(m->clauses.p);
    free(m->weights.p);
    free(m->prox.p);
    free(m->dfs.p);
    free(m->where.p);
    memset(m, 0, sizeof *m);
}
