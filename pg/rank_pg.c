/*
 * rank_pg.c - ranking in PostgreSQL, computed by the one definition of
 * fahras's ranking (src/store/rank.h), over tsvectors whose title words
 * are labelled A (setweight(title, 'A') || body), with collection
 * statistics kept in fahras_collection / fahras_lexeme:
 *
 *  - fahras_rank(doc, clauses tsquery[], collection, weights, proximity,
 *    dfs): the store's ranking.  Each clause is a lexeme, alternatives
 *    ('a' | 'b'), or a phrase of those ('a' <-> 'b'); it scores as a unit
 *    (its document frequency and its occurrences), with BM25F over the
 *    title and the rest, the lead, and proximity between the clauses
 *    marked for it.  This is the same formula as the SQLite store's FTS5
 *    function, so both stores rank alike.
 *  - fahras_bm25(doc, query, collection, k1, b, weights, lead): Okapi BM25
 *    of each lexeme of a tsquery, for SQL users with their own queries.
 *  - fahras_doclen, fahras_titlelen: the lengths the statistics keep.
 *  - fahras_exact(text, phrase, options): whether a phrase's normalized
 *    forms occur in text as consecutive words (src/store/exact.h), for
 *    phrases the index cannot tell apart from other forms.
 *  - fahras_id_hash, fahras_shard_of: where a document of a sharded store
 *    lives (src/store/route.h), for the hash operator class fahras_id_ops.
 *
 * Statistics and parsed clauses are looked up once per query and cached
 * in fn_extra.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "tsearch/ts_type.h"
#include "tsearch/ts_utils.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include <math.h>
#include <string.h>

#include "exact.h"
#include "fahras.h"
#include "fahras_pg.h"
#include "maxscore.h"
#include "rank.h"
#include "route.h"

/* Title positions are labelled A (WEP_GETWEIGHT 3). */
#define LABEL_A 3

static bool is_exact_form(TSVector v, WordEntry *we)
{
    return we->len > 0 && STRPTR(v)[we->pos] == FAHRAS_EXACT_MARK;
}

/* Lengths of a document's fields in tokens (positions of its lexemes; a
 * lexeme without positions counts once, in the body), exact forms left
 * out (they share their key's position); max_a: the last title position. */
typedef struct DocShape {
    int64 len[FH_FIELDS];
    int max_a;
} DocShape;

static void doc_shape(TSVector v, DocShape *d)
{
    WordEntry *we = ARRPTR(v);
    memset(d, 0, sizeof *d);
    for (int i = 0; i < v->size; i++) {
        WordEntryPos *pos;
        int np;
        if (is_exact_form(v, &we[i])) continue;
        np = POSDATALEN(v, &we[i]);
        if (np == 0) {
            d->len[FH_FIELD_BODY]++;
            continue;
        }
        pos = POSDATAPTR(v, &we[i]);
        for (int k = 0; k < np; k++) {
            if (WEP_GETWEIGHT(pos[k]) == LABEL_A) {
                d->len[FH_FIELD_TITLE]++;
                if (WEP_GETPOS(pos[k]) > d->max_a) d->max_a = WEP_GETPOS(pos[k]);
            } else {
                d->len[FH_FIELD_BODY]++;
            }
        }
    }
}

PG_FUNCTION_INFO_V1(fahras_doclen);
Datum fahras_doclen(PG_FUNCTION_ARGS)
{
    DocShape d;
    doc_shape(PG_GETARG_TSVECTOR(0), &d);
    PG_RETURN_INT64(d.len[FH_FIELD_TITLE] + d.len[FH_FIELD_BODY]);
}

PG_FUNCTION_INFO_V1(fahras_titlelen);
Datum fahras_titlelen(PG_FUNCTION_ARGS)
{
    DocShape d;
    doc_shape(PG_GETARG_TSVECTOR(0), &d);
    PG_RETURN_INT64(d.len[FH_FIELD_TITLE]);
}

/* ------------------------------------------------------------------ */
/* Collection statistics                                               */
/* ------------------------------------------------------------------ */

typedef struct CollStats {
    double n_docs;
    double avg[FH_FIELDS];
} CollStats;

/* The schema-qualified name of one of the extension's objects (in the schema this function lives in). */
static const char *ext_table(FunctionCallInfo fcinfo, const char *table)
{
    char *nsp = get_namespace_name(get_func_namespace(fcinfo->flinfo->fn_oid));
    return psprintf("%s.%s", quote_identifier(nsp ? nsp : "public"), table);
}

/* Read collection's statistics (inside SPI). */
static void coll_stats(FunctionCallInfo fcinfo, const char *collection, CollStats *cs)
{
    Oid types[1] = {TEXTOID};
    Datum args[1] = {CStringGetTextDatum(collection)};
    bool isnull;
    double total, title;
    char *sql = psprintf("SELECT ndocs::float8, total_len::float8, total_len_a::float8 FROM %s "
                         "WHERE name = $1", ext_table(fcinfo, "fahras_collection"));
    int rc = SPI_execute_with_args(sql, 1, types, args, NULL, true, 1);
    if (rc != SPI_OK_SELECT) elog(ERROR, "reading fahras_collection failed: %d", rc);
    if (SPI_processed == 0)
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT),
                        errmsg("fahras collection \"%s\" has no statistics", collection),
                        errhint("Run SELECT fahras_bm25_refresh('%s', 'TABLE', 'TSVECTOR_COLUMN').",
                                collection)));
    cs->n_docs = DatumGetFloat8(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
    total = DatumGetFloat8(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
    title = DatumGetFloat8(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3, &isnull));
    cs->avg[FH_FIELD_TITLE] = cs->n_docs > 0 ? title / cs->n_docs : 1;
    cs->avg[FH_FIELD_BODY] = cs->n_docs > 0 ? (total - title) / cs->n_docs : 1;
}

/* Documents holding lexeme (or, prefix, any lexeme it begins: the sum, an
 * upper bound), from fahras_lexeme (inside SPI). */
static double lexeme_df(FunctionCallInfo fcinfo, const char *collection, const char *lexeme,
                        bool prefix)
{
    Oid types[2] = {TEXTOID, TEXTOID};
    Datum args[2] = {CStringGetTextDatum(collection), CStringGetTextDatum(lexeme)};
    bool isnull;
    const char *t = ext_table(fcinfo, "fahras_lexeme");
    char *sql = prefix ? psprintf("SELECT coalesce(sum(ndoc), 0)::float8 FROM %s WHERE collection = $1"
                                  " AND lexeme >= $2 AND lexeme <= $2 || chr(1114111)"
                                  " AND starts_with(lexeme, $2)", t)
                       : psprintf("SELECT coalesce(sum(ndoc), 0)::float8 FROM %s WHERE collection = $1"
                                  " AND lexeme = $2", t);
    int rc = SPI_execute_with_args(sql, 2, types, args, NULL, true, 1);
    if (rc != SPI_OK_SELECT) elog(ERROR, "reading fahras_lexeme failed: %d", rc);
    if (SPI_processed == 0) return 0;
    return DatumGetFloat8(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
}

/* ------------------------------------------------------------------ */
/* Occurrences of a lexeme, alternatives and phrases in a tsvector      */
/* ------------------------------------------------------------------ */

typedef struct RankAlt {
    char *lexeme;
    int len;
    bool prefix;
} RankAlt;

/* A position of a clause's words: alternatives of one lexeme. */
typedef struct RankSlot {
    RankAlt *alt;
    int n_alt;
} RankSlot;

/* Positions (WordEntryPos) of every lexeme matching one of the slot's
 * alternatives, sorted and without duplicates (colocated alternatives at
 * one position count once).  *n receives the count; a lexeme stored
 * without positions adds position 0. */
static WordEntryPos *slot_positions(TSVector v, const RankSlot *s, int *n)
{
    WordEntry *we = ARRPTR(v);
    char *str = STRPTR(v);
    int cap = 16, k = 0;
    WordEntryPos *out = palloc(cap * sizeof *out);
    for (int a = 0; a < s->n_alt; a++) {
        const RankAlt *alt = &s->alt[a];
        int lo = 0, hi = v->size;
        while (lo < hi) { /* lower bound of the lexeme among the sorted entries */
            int mid = lo + (hi - lo) / 2;
            if (tsCompareString(str + we[mid].pos, we[mid].len, alt->lexeme, alt->len, false) < 0) lo = mid + 1;
            else hi = mid;
        }
        for (int i = lo; i < v->size; i++) {
            int np;
            WordEntryPos *pos;
            if (tsCompareString(alt->lexeme, alt->len, str + we[i].pos, we[i].len, alt->prefix) != 0) break;
            np = POSDATALEN(v, &we[i]);
            pos = POSDATAPTR(v, &we[i]);
            if (k + Max(np, 1) > cap) {
                cap = 2 * (k + Max(np, 1));
                out = repalloc(out, cap * sizeof *out);
            }
            if (np == 0) out[k++] = 0;
            for (int p = 0; p < np; p++) out[k++] = pos[p];
            if (!alt->prefix) break;
        }
    }
    if (k > 1) { /* sort by position (insertion: lists are short and nearly sorted) */
        for (int i = 1; i < k; i++) {
            WordEntryPos x = out[i];
            int j = i - 1;
            while (j >= 0 && WEP_GETPOS(out[j]) > WEP_GETPOS(x)) {
                out[j + 1] = out[j];
                j--;
            }
            out[j + 1] = x;
        }
        int m = 1;
        for (int i = 1; i < k; i++)
            if (WEP_GETPOS(out[i]) != WEP_GETPOS(out[m - 1])) out[m++] = out[i];
        k = m;
    }
    *n = k;
    return out;
}

/* The field and 0-based position in it of a tsvector position. */
static void field_of(WordEntryPos p, const DocShape *d, uint32 *field, uint32 *offset)
{
    int pos = WEP_GETPOS(p);
    if (WEP_GETWEIGHT(p) == LABEL_A) {
        *field = FH_FIELD_TITLE;
        *offset = pos > 0 ? (uint32)(pos - 1) : 0;
    } else {
        *field = FH_FIELD_BODY;
        *offset = pos > d->max_a ? (uint32)(pos - d->max_a - 1) : (uint32)Max(pos - 1, 0);
    }
}

/* Where clause (slots s[0..n)) starts an occurrence in v: the positions
 * of the first slot followed by every other slot, in one field.
 * Returns the count; *starts (palloc'd) the positions. */
static int clause_matches(TSVector v, const RankSlot *s, int n, WordEntryPos **starts)
{
    int n0, m = 0;
    WordEntryPos *first = slot_positions(v, &s[0], &n0);
    if (n == 1 || n0 == 0) {
        *starts = first;
        return n0;
    }
    for (int k = 1; k < n && n0; k++) {
        int nk;
        WordEntryPos *pk = slot_positions(v, &s[k], &nk);
        m = 0;
        for (int i = 0; i < n0; i++) {
            int want = WEP_GETPOS(first[i]) + k;
            int lo = 0, hi = nk;
            while (lo < hi) {
                int mid = lo + (hi - lo) / 2;
                if (WEP_GETPOS(pk[mid]) < want) lo = mid + 1;
                else hi = mid;
            }
            if (lo < nk && WEP_GETPOS(pk[lo]) == want &&
                (WEP_GETWEIGHT(pk[lo]) == LABEL_A) == (WEP_GETWEIGHT(first[i]) == LABEL_A))
                first[m++] = first[i];
        }
        n0 = m;
        pfree(pk);
    }
    *starts = first;
    return n0;
}

/* ------------------------------------------------------------------ */
/* fahras_rank                                                         */
/* ------------------------------------------------------------------ */

typedef struct RankClause {
    RankSlot *slot;
    int n_slot;
    double weight;
    bool proximity;
} RankClause;

typedef struct RankCache {
    bytea *key;         /* the arguments that define the query, to recognise it */
    CollStats cs;
    RankClause *c;
    int n;
    int n_prox;         /* clauses taking part in proximity */
    double *idf;        /* [n] */
    double *acc;        /* [n] scratch */
} RankCache;

static void slot_add_alt(RankSlot *s, QueryOperand *op, char *operands, MemoryContext cxt)
{
    RankAlt *a;
    s->alt = s->alt ? repalloc(s->alt, (s->n_alt + 1) * sizeof *s->alt)
                    : MemoryContextAlloc(cxt, sizeof *s->alt);
    a = &s->alt[s->n_alt++];
    a->lexeme = MemoryContextAlloc(cxt, op->length + 1);
    memcpy(a->lexeme, operands + op->distance, op->length);
    a->lexeme[op->length] = '\0';
    a->len = op->length;
    a->prefix = op->prefix;
}

static void collect_alternatives(QueryItem *items, char *operands, int at, RankSlot *s,
                                 MemoryContext cxt)
{
    QueryItem *it = &items[at];
    check_stack_depth();
    if (it->type == QI_VAL) {
        slot_add_alt(s, &it->qoperand, operands, cxt);
    } else if (it->qoperator.oper == OP_OR) {
        collect_alternatives(items, operands, at + 1, s, cxt);
        collect_alternatives(items, operands, at + it->qoperator.left, s, cxt);
    } else {
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("fahras_rank: alternatives must be lexemes joined by |")));
    }
}

/* Append the slots of the clause item at `at` (left to right). */
static void collect_slots(QueryItem *items, char *operands, int at, RankClause *c, MemoryContext cxt)
{
    QueryItem *it = &items[at];
    check_stack_depth();
    if (it->type == QI_VAL || it->qoperator.oper == OP_OR) {
        c->slot = c->slot ? repalloc(c->slot, (c->n_slot + 1) * sizeof *c->slot)
                          : MemoryContextAlloc(cxt, sizeof *c->slot);
        memset(&c->slot[c->n_slot], 0, sizeof *c->slot);
        collect_alternatives(items, operands, at, &c->slot[c->n_slot++], cxt);
    } else if (it->qoperator.oper == OP_PHRASE && it->qoperator.distance == 1) {
        collect_slots(items, operands, at + it->qoperator.left, c, cxt);
        collect_slots(items, operands, at + 1, c, cxt);
    } else {
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("fahras_rank: a clause is a lexeme, alternatives ('a' | 'b') or a "
                               "phrase of them ('a' <-> 'b')")));
    }
}

/* Element i of a float8[] or bool[] argument (NULL array or element: dflt). */
static double array_number(ArrayType *a, int i, double dflt)
{
    Datum *d;
    bool *nulls;
    int n;
    Oid type;
    if (!a) return dflt;
    type = ARR_ELEMTYPE(a);
    if (type == FLOAT8OID) deconstruct_array(a, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &d, &nulls, &n);
    else deconstruct_array(a, BOOLOID, 1, true, TYPALIGN_CHAR, &d, &nulls, &n);
    if (i >= n || nulls[i]) return dflt;
    return type == FLOAT8OID ? DatumGetFloat8(d[i]) : (DatumGetBool(d[i]) ? 1 : 0);
}

/* The arguments that define a query, as one byte string. */
static bytea *rank_key(FunctionCallInfo fcinfo)
{
    StringInfoData b;
    initStringInfo(&b);
    for (int i = 1; i < Min(PG_NARGS(), 8); i++) {
        if (PG_ARGISNULL(i)) {
            appendStringInfoString(&b, "\x01N");
            continue;
        }
        if (i == 6) { /* n_docs: float8, by value */
            float8 n = PG_GETARG_FLOAT8(i);
            appendBinaryStringInfo(&b, (char *)&n, sizeof n);
            continue;
        }
        {
            struct varlena *v = PG_DETOAST_DATUM(PG_GETARG_DATUM(i));
            int32 len = VARSIZE_ANY_EXHDR(v);
            appendBinaryStringInfo(&b, (char *)&len, sizeof len);
            appendBinaryStringInfo(&b, VARDATA_ANY(v), len);
        }
    }
    {
        bytea *k = palloc(VARHDRSZ + b.len);
        SET_VARSIZE(k, VARHDRSZ + b.len);
        memcpy(VARDATA(k), b.data, b.len);
        return k;
    }
}

static RankCache *rank_prepare(FunctionCallInfo fcinfo, bytea *key)
{
    MemoryContext cxt = fcinfo->flinfo->fn_mcxt;
    RankCache *rc = MemoryContextAllocZero(cxt, sizeof *rc);
    ArrayType *clauses = PG_GETARG_ARRAYTYPE_P(1);
    char *collection = text_to_cstring(PG_GETARG_TEXT_PP(2));
    ArrayType *weights = PG_NARGS() > 3 && !PG_ARGISNULL(3) ? PG_GETARG_ARRAYTYPE_P(3) : NULL;
    ArrayType *prox = PG_NARGS() > 4 && !PG_ARGISNULL(4) ? PG_GETARG_ARRAYTYPE_P(4) : NULL;
    ArrayType *dfs = PG_NARGS() > 5 && !PG_ARGISNULL(5) ? PG_GETARG_ARRAYTYPE_P(5) : NULL;
    bool given_n = PG_NARGS() > 6 && !PG_ARGISNULL(6);
    ArrayType *avg = PG_NARGS() > 7 && !PG_ARGISNULL(7) ? PG_GETARG_ARRAYTYPE_P(7) : NULL;
    Datum *qd;
    bool *qnull;
    int n, spi;

    rc->key = MemoryContextAlloc(cxt, VARSIZE(key));
    memcpy(rc->key, key, VARSIZE(key));
    if (ARR_NDIM(clauses) > 1)
        ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR), errmsg("fahras_rank: clauses must be a one-dimensional array")));
    deconstruct_array(clauses, ARR_ELEMTYPE(clauses), -1, false, TYPALIGN_INT, &qd, &qnull, &n);
    rc->c = MemoryContextAllocZero(cxt, Max(n, 1) * sizeof *rc->c);
    rc->idf = MemoryContextAllocZero(cxt, Max(n, 1) * sizeof *rc->idf);
    rc->acc = MemoryContextAllocZero(cxt, Max(n, 1) * sizeof *rc->acc);
    rc->n = n;
    if ((spi = SPI_connect()) != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed: %d", spi);
    if (given_n) { /* the caller's: a shard ranks with the whole collection's statistics */
        rc->cs.n_docs = PG_GETARG_FLOAT8(6);
        rc->cs.avg[FH_FIELD_TITLE] = array_number(avg, FH_FIELD_TITLE, 1);
        rc->cs.avg[FH_FIELD_BODY] = array_number(avg, FH_FIELD_BODY, 1);
        if (!(rc->cs.n_docs >= 0) || !(rc->cs.avg[FH_FIELD_TITLE] >= 0) || !(rc->cs.avg[FH_FIELD_BODY] >= 0))
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("fahras_rank: n_docs and avg_lengths must not be negative")));
    } else {
        coll_stats(fcinfo, collection, &rc->cs);
    }
    for (int i = 0; i < n; i++) {
        RankClause *c = &rc->c[i];
        TSQuery q;
        double df;
        c->weight = array_number(weights, i, 1.0);
        c->proximity = array_number(prox, i, 0) != 0;
        if (!(c->weight >= 0 && c->weight <= 1000))
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("fahras_rank: weight %d = %g out of range 0..1000", i + 1, c->weight)));
        if (qnull[i]) continue;
        q = DatumGetTSQuery(qd[i]);
        if (q->size > 0) collect_slots(GETQUERY(q), GETOPERAND(q), 0, c, cxt);
        df = array_number(dfs, i, -1);
        if (df < 0) { /* estimate: the rarest slot's alternatives, summed */
            df = -1;
            for (int s = 0; s < c->n_slot; s++) {
                double sdf = 0;
                for (int a = 0; a < c->slot[s].n_alt; a++)
                    sdf += lexeme_df(fcinfo, collection, c->slot[s].alt[a].lexeme, c->slot[s].alt[a].prefix);
                if (df < 0 || sdf < df) df = sdf;
            }
        }
        rc->idf[i] = fh_rank_idf(rc->cs.n_docs, df < 0 ? 0 : df);
        if (c->proximity && c->n_slot == 1) rc->n_prox++;
    }
    SPI_finish();
    return rc;
}

/* The score of v: rank.h's ranking over the cached clauses. */
static double rank_doc(TSVector v, RankCache *rc)
{
    DocShape d;
    double dlnorm[FH_FIELDS], score = 0;
    fh_rank_occ *occ = NULL;
    int n_occ = 0, cap_occ = 0;
    doc_shape(v, &d);
    for (int f = 0; f < FH_FIELDS; f++) dlnorm[f] = fh_rank_dlnorm((double)d.len[f], rc->cs.avg[f]);
    for (int i = 0; i < rc->n; i++) {
        RankClause *c = &rc->c[i];
        WordEntryPos *starts;
        double tf[FH_FIELDS] = {0, 0};
        int n;
        bool prox = c->proximity && c->n_slot == 1 && rc->n_prox >= 2;
        if (!c->n_slot || (c->weight <= 0 && !prox)) continue;
        n = clause_matches(v, c->slot, c->n_slot, &starts);
        if (prox && n_occ + n > cap_occ) {
            cap_occ = 2 * (n_occ + n);
            occ = occ ? repalloc(occ, cap_occ * sizeof *occ) : palloc(cap_occ * sizeof *occ);
        }
        for (int k = 0; k < n; k++) {
            uint32 field, offset;
            field_of(starts[k], &d, &field, &offset);
            tf[field] += fh_rank_occurrence(offset);
            if (prox) occ[n_occ++] = (fh_rank_occ){(uint32_t)i, field, offset};
        }
        pfree(starts);
        if (n && c->weight > 0)
            score += fh_rank_term(c->weight, rc->idf[i],
                                  fh_rank_tfw(tf, dlnorm, fh_rank_field_weight, FH_FIELDS));
    }
    if (n_occ) {
        fh_rank_occ_sort(occ, (size_t)n_occ);
        score += fh_rank_proximity(occ, (size_t)n_occ, rc->idf, (size_t)rc->n, dlnorm,
                                   fh_rank_field_weight, FH_FIELDS, rc->acc);
        pfree(occ);
    }
    return score;
}

PG_FUNCTION_INFO_V1(fahras_rank);
Datum fahras_rank(PG_FUNCTION_ARGS)
{
    RankCache *rc;
    bytea *key;
    if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2)) PG_RETURN_NULL();
    key = rank_key(fcinfo);
    rc = (RankCache *)fcinfo->flinfo->fn_extra;
    if (!rc || VARSIZE(rc->key) != VARSIZE(key) || memcmp(rc->key, key, VARSIZE(key)) != 0) {
        rc = rank_prepare(fcinfo, key);
        fcinfo->flinfo->fn_extra = rc;
    }
    pfree(key);
    PG_RETURN_FLOAT8(rank_doc(PG_GETARG_TSVECTOR(0), rc));
}

/* ------------------------------------------------------------------ */
/* fahras_exact                                                        */
/* ------------------------------------------------------------------ */

typedef struct ExactCache {
    char *options, *phrase;
    fahras_analyzer *an;
    fh_exact_phrase *p;
    MemoryContextCallback cb;
} ExactCache;

static void exact_release(void *arg)
{
    ExactCache *e = (ExactCache *)arg;
    fh_exact_phrase_free(e->p);
    fahras_analyzer_free(e->an);
    e->p = NULL;
    e->an = NULL;
}

PG_FUNCTION_INFO_V1(fahras_exact);
Datum fahras_exact(PG_FUNCTION_ARGS)
{
    text *doc = PG_GETARG_TEXT_PP(0);
    char *phrase = text_to_cstring(PG_GETARG_TEXT_PP(1));
    char *options = PG_NARGS() > 2 && !PG_ARGISNULL(2) ? text_to_cstring(PG_GETARG_TEXT_PP(2)) : pstrdup("");
    ExactCache *e = (ExactCache *)fcinfo->flinfo->fn_extra;
    fahras_pg_check_encoding();
    if (!e || strcmp(e->options, options) || strcmp(e->phrase, phrase)) {
        MemoryContext cxt = fcinfo->flinfo->fn_mcxt;
        fahras_options opts;
        fahras_error err;
        fahras_options_default(&opts);
        if (fahras_options_parse(&opts, options, &err) != FAHRAS_OK)
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("invalid fahras options \"%s\": %s", options, err.message)));
        opts.utf8 = FAHRAS_UTF8_REPLACE;
        e = MemoryContextAllocZero(cxt, sizeof *e);
        e->options = MemoryContextStrdup(cxt, options);
        e->phrase = MemoryContextStrdup(cxt, phrase);
        e->cb.func = exact_release;
        e->cb.arg = e;
        MemoryContextRegisterResetCallback(cxt, &e->cb);
        if (!(e->an = fahras_analyzer_new(&opts, &err)))
            ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
                            errmsg("cannot create the fahras analyzer: %s", err.message)));
        if (!(e->p = fh_exact_phrase_new(e->an, phrase, strlen(phrase))))
            ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
        fcinfo->flinfo->fn_extra = e;
    }
    PG_RETURN_BOOL(fh_exact_phrase_match(e->an, e->p, VARDATA_ANY(doc), VARSIZE_ANY_EXHDR(doc)));
}

/* ------------------------------------------------------------------ */
/* fahras_bm25: BM25 of a tsquery's lexemes, for SQL users             */
/* ------------------------------------------------------------------ */

typedef struct Bm25Term {
    char *lexeme;
    int len;
    bool prefix;
    double df;
    double idf;
} Bm25Term;

typedef struct Bm25Cache {
    TSQuery query; /* copy, to recognise the same query on the next row */
    char *collection;
    double k1, b;
    double w[4]; /* weight of a position labelled D, C, B, A */
    double avgdl;
    Bm25Term *terms;
    int nterms;
} Bm25Cache;

/* Collect the operands that are not under a NOT (a NOT-ed term adds
 * nothing to a matching document's score). */
static void bm25_walk(QueryItem *items, int at, bool negated, bool *keep)
{
    QueryItem *it = &items[at];
    check_stack_depth();
    if (it->type == QI_VAL) {
        if (!negated) keep[at] = true;
        return;
    }
    if (it->qoperator.oper == OP_NOT) {
        bm25_walk(items, at + 1, !negated, keep);
        return;
    }
    bm25_walk(items, at + 1, negated, keep);
    bm25_walk(items, at + it->qoperator.left, negated, keep);
}


/* Look the query's terms up in the statistics tables (in the schema the
 * function itself lives in, i.e. the extension's). */
static Bm25Cache *bm25_prepare(FunctionCallInfo fcinfo, TSQuery query, const char *collection,
                               double k1, double b, const double w[4])
{
    MemoryContext cxt = fcinfo->flinfo->fn_mcxt;
    Bm25Cache *c = MemoryContextAllocZero(cxt, sizeof *c);
    QueryItem *items = GETQUERY(query);
    char *operands = GETOPERAND(query);
    bool *keep = palloc0(Max(query->size, 1) * sizeof(bool));
    CollStats cs;
    int rc;

    c->query = MemoryContextAlloc(cxt, VARSIZE(query));
    memcpy(c->query, query, VARSIZE(query));
    c->collection = MemoryContextStrdup(cxt, collection);
    c->k1 = k1;
    c->b = b;
    memcpy(c->w, w, sizeof c->w);
    if (query->size > 0) bm25_walk(items, 0, false, keep);

    if ((rc = SPI_connect()) != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed: %d", rc);
    coll_stats(fcinfo, collection, &cs);
    /* one length for the whole document: plain BM25 */
    c->avgdl = cs.avg[FH_FIELD_TITLE] + cs.avg[FH_FIELD_BODY];
    if (c->avgdl <= 0) c->avgdl = 1.0;

    c->terms = MemoryContextAllocZero(cxt, Max(query->size, 1) * sizeof(Bm25Term));
    for (int i = 0; i < query->size; i++) {
        QueryOperand *op;
        Bm25Term *t;
        bool dup = false;
        double df;
        if (!keep[i]) continue;
        op = &items[i].qoperand;
        for (int j = 0; j < c->nterms && !dup; j++)
            dup = c->terms[j].len == op->length && c->terms[j].prefix == op->prefix &&
                  memcmp(c->terms[j].lexeme, operands + op->distance, op->length) == 0;
        if (dup) continue;
        t = &c->terms[c->nterms++];
        t->lexeme = MemoryContextAlloc(cxt, op->length + 1);
        memcpy(t->lexeme, operands + op->distance, op->length);
        t->lexeme[op->length] = '\0';
        t->len = op->length;
        t->prefix = op->prefix;
        df = lexeme_df(fcinfo, collection, t->lexeme, t->prefix);
        t->df = df;
        t->idf = fh_rank_idf(cs.n_docs, df > cs.n_docs ? cs.n_docs : df);
    }
    SPI_finish();
    pfree(keep);
    return c;
}

/* The lead, as rank.h defines it: news articles and
 * encyclopedia paragraphs name their subject first, so an occurrence among
 * the first `lead` words of its field counts twice.  The fields are those
 * of a vector built as setweight(title, 'A') || body: a position labelled
 * A is the title's own (1..maxA); any other follows the title, shifted by
 * maxA, the largest A-labelled position (tsvector concatenation shifts the
 * right side by the left's largest position), 0 without a title.  maxA is
 * found only when a hit needs it (-1 until then): one scan of the row's
 * positions. */
typedef struct Bm25Doc {
    TSVector v;
    int lead;  /* words; 0: no lead */
    int max_a; /* largest A-labelled position, -1 not yet known */
} Bm25Doc;

static int bm25_max_a(TSVector v)
{
    WordEntry *we = ARRPTR(v);
    int max_a = 0;
    for (int i = 0; i < v->size; i++) {
        WordEntryPos *pos = POSDATAPTR(v, &we[i]);
        int np = POSDATALEN(v, &we[i]);
        for (int k = 0; k < np; k++)
            if (WEP_GETWEIGHT(pos[k]) == 3 && WEP_GETPOS(pos[k]) > max_a) max_a = WEP_GETPOS(pos[k]);
    }
    return max_a;
}

/* Whether position pos (1-based) is among the first d->lead words of its
 * field.  Positions are capped at MAXENTRYPOS - 1 (16383), where every
 * later word lands, so a position there is never taken for the lead; nor
 * is a non-A position that is neither among the vector's first words nor
 * after the title (a vector not laid out title first). */
static bool bm25_in_lead(Bm25Doc *d, WordEntryPos pos)
{
    int p = WEP_GETPOS(pos);
    if (p > d->lead && (WEP_GETWEIGHT(pos) == 3 || p >= MAXENTRYPOS - 1)) return false;
    if (p <= d->lead) return true;
    if (d->max_a < 0) d->max_a = bm25_max_a(d->v);
    return p > d->max_a && p - d->max_a <= d->lead;
}

/* Term frequency of t in d->v: positions of the lexeme, or of every
 * lexeme it is a prefix of, each counted with the weight of its label
 * (w[0] for D, the default, ... w[3] for A), twice in the lead; a lexeme
 * without positions counts as one position labelled D, outside the lead. */
static double bm25_tf(Bm25Doc *d, const Bm25Term *t, const double w[4])
{
    TSVector v = d->v;
    WordEntry *we = ARRPTR(v);
    char *str = STRPTR(v);
    int lo = 0, hi = v->size;
    bool unit = w[0] == 1 && w[1] == 1 && w[2] == 1 && w[3] == 1;
    double tf = 0;
    /* lower bound of t->lexeme in the sorted entries */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (tsCompareString(str + we[mid].pos, we[mid].len, t->lexeme, t->len, false) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (int i = lo; i < v->size; i++) {
        int np;
        if (tsCompareString(t->lexeme, t->len, str + we[i].pos, we[i].len, t->prefix) != 0) break;
        np = POSDATALEN(v, &we[i]);
        if (np == 0) tf += w[0];
        else if (unit && d->lead == 0) tf += np;
        else {
            WordEntryPos *pos = POSDATAPTR(v, &we[i]);
            for (int k = 0; k < np; k++)
                tf += (d->lead > 0 && bm25_in_lead(d, pos[k]) ? FH_RANK_LEAD_FACTOR : 1) * w[WEP_GETWEIGHT(pos[k])];
        }
        if (!t->prefix) break;
    }
    return tf;
}

/* k1, b, weights and lead: arguments 3..6 of fahras_bm25 and
 * fahras_bm25_top, each NULL or absent for its default. */
static void bm25_args(FunctionCallInfo fcinfo, double *k1_out, double *b_out, double w[4], int *lead_out)
{
    double k1, b;
    int lead = FH_RANK_LEAD_WORDS;
    k1 = PG_NARGS() > 3 && !PG_ARGISNULL(3) ? PG_GETARG_FLOAT8(3) : FH_RANK_K1;
    b = PG_NARGS() > 4 && !PG_ARGISNULL(4) ? PG_GETARG_FLOAT8(4) : FH_RANK_B;
    if (!(k1 >= 0 && k1 <= 1000) || !(b >= 0 && b <= 1))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("BM25 parameters out of range: k1 = %g (0..1000), b = %g (0..1)", k1, b)));
    if (PG_NARGS() > 5 && !PG_ARGISNULL(5)) {
        /* weights of positions labelled {D, C, B, A}, as ts_rank's array */
        ArrayType *a = PG_GETARG_ARRAYTYPE_P(5);
        Datum *elems;
        bool *nulls;
        int n;
        if (ARR_NDIM(a) != 1)
            ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
                            errmsg("BM25 weights: a one-dimensional array of 4 numbers {D, C, B, A}")));
        deconstruct_array(a, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &elems,
                          &nulls, &n);
        if (n != 4)
            ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
                            errmsg("BM25 weights: 4 numbers {D, C, B, A}, not %d", n)));
        for (int i = 0; i < 4; i++) {
            if (nulls[i])
                ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                                errmsg("BM25 weights: element %d is NULL", i + 1)));
            w[i] = DatumGetFloat8(elems[i]);
            if (!(w[i] >= 0 && w[i] <= 1000))
                ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                                errmsg("BM25 weights: element %d = %g out of range 0..1000", i + 1, w[i])));
        }
    }

    if (PG_NARGS() > 6 && !PG_ARGISNULL(6)) {
        /* the lead: words at the start of a field whose occurrences count twice */
        lead = PG_GETARG_INT32(6);
        if (lead < 0 || lead > 1000)
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("BM25 lead = %d out of range 0..1000 (words; 0 turns the lead off)",
                                   lead)));
    }
    *k1_out = k1;
    *b_out = b;
    *lead_out = lead;
}

PG_FUNCTION_INFO_V1(fahras_bm25);
Datum fahras_bm25(PG_FUNCTION_ARGS)
{
    TSVector v;
    TSQuery query;
    char *collection;
    double k1, b, dl, score = 0;
    double w[4] = {1, 1, 1, 1};
    int lead = FH_RANK_LEAD_WORDS;
    Bm25Cache *c;
    Bm25Doc d;

    if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2)) PG_RETURN_NULL();
    v = PG_GETARG_TSVECTOR(0);
    query = PG_GETARG_TSQUERY(1);
    collection = text_to_cstring(PG_GETARG_TEXT_PP(2));
    bm25_args(fcinfo, &k1, &b, w, &lead);

    c = (Bm25Cache *)fcinfo->flinfo->fn_extra;
    if (!c || c->k1 != k1 || c->b != b || memcmp(c->w, w, sizeof w) != 0 ||
        strcmp(c->collection, collection) != 0 || VARSIZE(c->query) != VARSIZE(query) ||
        memcmp(c->query, query, VARSIZE(query)) != 0) {
        c = bm25_prepare(fcinfo, query, collection, k1, b, w);
        fcinfo->flinfo->fn_extra = c;
    }
    {
        DocShape shape;
        doc_shape(v, &shape);
        dl = (double)(shape.len[FH_FIELD_TITLE] + shape.len[FH_FIELD_BODY]);
    }
    d.v = v;
    d.lead = lead;
    d.max_a = -1;
    for (int i = 0; i < c->nterms; i++) {
        double tf = bm25_tf(&d, &c->terms[i], c->w);
        if (tf <= 0) continue;
        score += c->terms[i].idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / c->avgdl));
    }
    PG_RETURN_FLOAT8(score);
}

/* ------------------------------------------------------------------ */
/* Placement of documents on shards (route.h)                          */
/* ------------------------------------------------------------------ */

PG_FUNCTION_INFO_V1(fahras_id_hash);
Datum fahras_id_hash(PG_FUNCTION_ARGS)
{
    text *id = PG_GETARG_TEXT_PP(0);
    PG_RETURN_INT32((int32)(uint32)fh_route_hash(VARDATA_ANY(id), VARSIZE_ANY_EXHDR(id), 0));
}

PG_FUNCTION_INFO_V1(fahras_id_hash_extended);
Datum fahras_id_hash_extended(PG_FUNCTION_ARGS)
{
    text *id = PG_GETARG_TEXT_PP(0);
    uint64 seed = (uint64)PG_GETARG_INT64(1);
    PG_RETURN_INT64((int64)fh_route_hash(VARDATA_ANY(id), VARSIZE_ANY_EXHDR(id), seed));
}

PG_FUNCTION_INFO_V1(fahras_shard_of);
Datum fahras_shard_of(PG_FUNCTION_ARGS)
{
    text *id = PG_GETARG_TEXT_PP(0);
    int32 n = PG_GETARG_INT32(1);
    if (n < 1)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("fahras_shard_of: n_shards = %d, must be at least 1", n)));
    PG_RETURN_INT32(fh_route_shard(VARDATA_ANY(id), VARSIZE_ANY_EXHDR(id), n));
}

/* ------------------------------------------------------------------ */
/* fahras_bm25_top: a collection's best k by fahras_bm25 without       */
/* ranking every match (MaxScore, src/store/maxscore.h)                */
/* ------------------------------------------------------------------ */

/* A lexeme as tsquery text: quoted, ' and \ doubled, :* for a prefix. */
static void tsq_lexeme(StringInfo out, const Bm25Term *t)
{
    appendStringInfoChar(out, '\'');
    for (int i = 0; i < t->len; i++) {
        char ch = t->lexeme[i];
        if (ch == '\'' || ch == '\\') appendStringInfoChar(out, ch);
        appendStringInfoChar(out, ch);
    }
    appendStringInfoString(out, t->prefix ? "':*" : "'");
}

#define BM25_TOP_ARGS 8
typedef struct Bm25Top {
    FunctionCallInfo fcinfo;
    const Bm25Cache *c;
    const char *select;         /* the statement ranking every match */
    const char *col;            /* its tsvector column, quoted */
    Datum args[BM25_TOP_ARGS];  /* query, collection, k1, b, weights, lead, E, k */
    char nulls[BM25_TOP_ARGS];  /* SPI's ' ' or 'n' */
    int k;
} Bm25Top;

/* Ranks the matches narrowed to E (every match with ms NULL) and puts
 * their best k in the result when the k-th score exceeds need
 * (fh_maxscore_rank_fn). */
static int bm25_top_rank(void *ctx, const fh_maxscore *ms, double need, double *kth)
{
    static const Oid types[BM25_TOP_ARGS] = {TSQUERYOID, TEXTOID, FLOAT8OID, FLOAT8OID,
                                             FLOAT8ARRAYOID, INT4OID, TSQUERYOID, INT4OID};
    Bm25Top *t = ctx;
    ReturnSetInfo *rsinfo = (ReturnSetInfo *)t->fcinfo->resultinfo;
    StringInfoData sql;
    int rc;
    initStringInfo(&sql);
    appendStringInfoString(&sql, t->select);
    if (ms) {
        StringInfoData e;
        int n = 0;
        initStringInfo(&e);
        for (size_t i = 0; i < ms->n; i++)
            if (ms->in[i]) {
                if (n++) appendStringInfoString(&e, " | ");
                tsq_lexeme(&e, &t->c->terms[i]);
            }
        t->args[6] = DirectFunctionCall1(tsqueryin, CStringGetDatum(e.data));
        t->nulls[6] = ' ';
        appendStringInfo(&sql, " AND %s @@ $7", t->col);
    }
    appendStringInfoString(&sql, " ORDER BY score DESC, ctid LIMIT $8");
    rc = SPI_execute_with_args(sql.data, BM25_TOP_ARGS, (Oid *)types, t->args, t->nulls, true, 0);
    if (rc != SPI_OK_SELECT) elog(ERROR, "fahras_bm25_top: ranking failed (SPI %d)", rc);
    *kth = 0;
    if (ms) {
        bool isnull;
        if (SPI_processed == (uint64)t->k)
            *kth = DatumGetFloat8(SPI_getbinval(SPI_tuptable->vals[t->k - 1], SPI_tuptable->tupdesc, 2, &isnull));
        if (!(*kth > need)) return 1;
    }
    for (uint64 r = 0; r < SPI_processed; r++) {
        Datum v[2];
        bool isnull[2];
        v[0] = SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1, &isnull[0]);
        v[1] = SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 2, &isnull[1]);
        tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, isnull);
    }
    return 0;
}

/* The statement ranking collection's rows: its table and column from
 * fahras_collection (inside SPI). */
static char *bm25_top_select(FunctionCallInfo fcinfo, const char *collection, const char **col_out)
{
    Oid types[1] = {TEXTOID};
    Datum args[1] = {CStringGetTextDatum(collection)};
    bool null_src, null_col;
    char *sql = psprintf("SELECT source::text, tsv_column::text FROM %s WHERE name = $1",
                         ext_table(fcinfo, "fahras_collection"));
    char *src, *col;
    int rc = SPI_execute_with_args(sql, 1, types, args, NULL, true, 1);
    if (rc != SPI_OK_SELECT) elog(ERROR, "reading fahras_collection failed: %d", rc);
    if (SPI_processed == 0)
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT),
                        errmsg("fahras collection \"%s\" has no statistics", collection),
                        errhint("Run SELECT fahras_bm25_track('%s', 'TABLE', 'TSVECTOR_COLUMN').", collection)));
    SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &null_src);
    SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &null_col);
    if (null_src || null_col)
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT),
                        errmsg("fahras collection \"%s\" names no table and tsvector column", collection),
                        errhint("Run SELECT fahras_bm25_refresh('%s', 'TABLE', 'TSVECTOR_COLUMN').",
                                collection)));
    src = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
    col = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2);
    *col_out = pstrdup(quote_identifier(col));
    return psprintf("SELECT ctid, %s(%s, $1, $2, $3, $4, $5, $6) AS score FROM %s WHERE %s @@ $1",
                    ext_table(fcinfo, "fahras_bm25"), *col_out, src, *col_out);
}

PG_FUNCTION_INFO_V1(fahras_bm25_top);
Datum fahras_bm25_top(PG_FUNCTION_ARGS)
{
    TSQuery query;
    char *collection;
    double k1, b;
    double w[4] = {1, 1, 1, 1};
    int lead, k, rc;
    bool weighted = PG_NARGS() > 5 && !PG_ARGISNULL(5);
    Bm25Top t;
    fh_maxscore ms;
    double *ub, *df;
    size_t *order;
    char *in;

    InitMaterializedSRF(fcinfo, 0);
    if (PG_ARGISNULL(0) || PG_ARGISNULL(1)) return (Datum)0;
    query = PG_GETARG_TSQUERY(0);
    collection = text_to_cstring(PG_GETARG_TEXT_PP(1));
    k = PG_ARGISNULL(2) ? 10 : PG_GETARG_INT32(2);
    if (k < 0 || k > 100000)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("fahras_bm25_top: k = %d out of range 0..100000", k)));
    bm25_args(fcinfo, &k1, &b, w, &lead);
    if (k == 0) return (Datum)0;

    memset(&t, 0, sizeof t);
    t.fcinfo = fcinfo;
    t.c = bm25_prepare(fcinfo, query, collection, k1, b, w);
    t.k = k;
    t.args[0] = PointerGetDatum(query);
    t.args[1] = PG_GETARG_DATUM(1);
    t.args[2] = Float8GetDatum(k1);
    t.args[3] = Float8GetDatum(b);
    t.args[4] = weighted ? PG_GETARG_DATUM(5) : (Datum)0;
    t.args[5] = Int32GetDatum(lead);
    t.args[7] = Int32GetDatum(k);
    memset(t.nulls, ' ', sizeof t.nulls);
    if (!weighted) t.nulls[4] = 'n';
    t.nulls[6] = 'n';

    /* each term's share of fahras_bm25 is idf * tf * (k1 + 1) / (tf + K),
     * below idf * (k1 + 1) however often it occurs */
    ub = palloc0(Max(t.c->nterms, 1) * sizeof *ub);
    df = palloc0(Max(t.c->nterms, 1) * sizeof *df);
    order = palloc0(Max(t.c->nterms, 1) * sizeof *order);
    in = palloc0(Max(t.c->nterms, 1));
    for (int i = 0; i < t.c->nterms; i++) {
        ub[i] = t.c->terms[i].idf * (k1 + 1);
        df[i] = t.c->terms[i].df;
    }
    fh_maxscore_init(&ms, (size_t)t.c->nterms, ub, df, NULL, NULL, order, in);

    if ((rc = SPI_connect()) != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed: %d", rc);
    t.select = bm25_top_select(fcinfo, collection, &t.col);
    if (fh_maxscore_rounds(&ms, (size_t)k, bm25_top_rank, &t) != 0) {
        double kth;
        bm25_top_rank(&t, NULL, 0, &kth); /* every match ranked */
    }
    SPI_finish();
    return (Datum)0;
}
