/*
 * fahras_pg.c - the PostgreSQL extension: fahras's Arabic analysis as a
 * text search parser and dictionary, inspection functions, and BM25
 * ranking over a tsvector with collection statistics kept in tables.
 *
 * Glue only: every linguistic decision is made by the core (fahras.h).
 *
 *  - Parser (fahras_prs_*): runs the analyzer over the whole text once and
 *    hands back tokens that point into the caller's buffer (zero copy), with
 *    the text between tokens returned as "blank" tokens so that ts_headline
 *    reproduces the original, diacritics included.  Token type ids follow
 *    the default parser's where its headline code (prsd_headline, reused)
 *    gives them a meaning: 12 blank, 17 a compound (a hashtag, whose word
 *    parts follow it and are what the headline prints).
 *  - Dictionary (fahras_dict_*): the key of one token, exactly what
 *    fahras_analyze gives the SQLite tokenizer.
 *  - fahras_normalize(text, options), fahras_tokens(text, options).
 *  - Ranking: rank_pg.c.
 *
 * No global mutable state: analyzers live in fn_extra or in the
 * dictionary's cache entry, are allocated by the core with malloc and
 * released by a reset callback on the memory context that owns them.  The
 * core is never left by longjmp: token callbacks allocate with
 * MCXT_ALLOC_NO_OOM and ask the core to stop, and errors are raised after
 * it has returned.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/pg_list.h"
#include "commands/defrem.h"
#include "tsearch/ts_public.h"
#include "tsearch/ts_type.h"
#include "tsearch/ts_utils.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include <math.h>
#include <string.h>

#include "fahras.h"
#include "fahras_pg.h"

PG_MODULE_MAGIC;

/* Token type ids (see the header comment for why these numbers). */
enum {
    TT_ARABIC = 1,
    TT_WORD = 2,
    TT_NUMBER = 3,
    TT_EMAIL = 4,
    TT_URL = 6,
    TT_MENTION = 11,
    TT_BLANK = 12,
    TT_HASHTAG = 17,
    TT_MAX = 17
};

/* Longest token handed to PostgreSQL: its tsearch code refuses words of
 * MAXSTRLEN bytes or more (and ts_headline fails on them). */
#define TOKEN_CAP (MAXSTRLEN - 1)

/* ------------------------------------------------------------------ */
/* Analyzer cache                                                      */
/* ------------------------------------------------------------------ */

/* An analyzer owned by a memory context: freed when that context is reset
 * or deleted. */
typedef struct OwnedAnalyzer {
    fahras_analyzer *analyzer;
    char *spec; /* the option string it was built from ("" = defaults) */
    MemoryContextCallback cb;
} OwnedAnalyzer;

static void owned_analyzer_release(void *arg)
{
    OwnedAnalyzer *oa = (OwnedAnalyzer *)arg;
    fahras_analyzer_free(oa->analyzer);
    oa->analyzer = NULL;
}

static int status_errcode(int status)
{
    switch (status) {
    case FAHRAS_ERR_NOMEM: return ERRCODE_OUT_OF_MEMORY;
    case FAHRAS_ERR_UTF8: return ERRCODE_CHARACTER_NOT_IN_REPERTOIRE;
    case FAHRAS_ERR_OPTION: return ERRCODE_INVALID_PARAMETER_VALUE;
    case FAHRAS_ERR_LIMIT: return ERRCODE_PROGRAM_LIMIT_EXCEEDED;
    case FAHRAS_ERR_ARG: return ERRCODE_INVALID_PARAMETER_VALUE;
    default: return ERRCODE_INTERNAL_ERROR;
    }
}

void fahras_pg_check_encoding(void)
{
    int enc = GetDatabaseEncoding();
    if (enc != PG_UTF8 && enc != PG_SQL_ASCII)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("fahras needs a UTF8 database, this one is %s",
                               GetDatabaseEncodingName())));
}

/*
 * Options for an analyzer used inside PostgreSQL: defaults, then spec
 * ("key=value,..."), and invalid UTF-8 (possible only in SQL_ASCII
 * databases) always treated as separators, never an error.
 */
static void options_from_spec(fahras_options *opts, const char *spec)
{
    fahras_error err;
    fahras_options_default(opts);
    if (fahras_options_parse(opts, spec, &err) != FAHRAS_OK)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("invalid fahras options \"%s\": %s", spec, err.message)));
    opts->utf8 = FAHRAS_UTF8_REPLACE;
}

/* Build an analyzer owned by cxt.  Result lives as long as cxt. */
static OwnedAnalyzer *owned_analyzer_new(MemoryContext cxt, const fahras_options *opts,
                                         const char *spec)
{
    fahras_error err;
    OwnedAnalyzer *oa = MemoryContextAllocZero(cxt, sizeof *oa);
    oa->spec = MemoryContextStrdup(cxt, spec ? spec : "");
    oa->analyzer = fahras_analyzer_new(opts, &err);
    if (!oa->analyzer)
        ereport(ERROR, (errcode(status_errcode(err.code)),
                        errmsg("cannot create the fahras analyzer: %s", err.message)));
    oa->cb.func = owned_analyzer_release;
    oa->cb.arg = oa;
    MemoryContextRegisterResetCallback(cxt, &oa->cb);
    return oa;
}

/* The analyzer for this call site and option string, cached in fn_extra. */
const fahras_analyzer *fahras_pg_analyzer_for_call(FmgrInfo *flinfo, const char *spec)
{
    OwnedAnalyzer *oa = (OwnedAnalyzer *)flinfo->fn_extra;
    fahras_options opts;
    if (oa && oa->analyzer && strcmp(oa->spec, spec) == 0) return oa->analyzer;
    options_from_spec(&opts, spec);
    /* An older analyzer in fn_extra stays owned by fn_mcxt until it goes. */
    oa = owned_analyzer_new(flinfo->fn_mcxt, &opts, spec);
    flinfo->fn_extra = oa;
    return oa->analyzer;
}

/* ------------------------------------------------------------------ */
/* Growable buffers that never throw inside the core's callbacks        */
/* ------------------------------------------------------------------ */

static bool grow(void **buf, Size *cap, Size need, Size elem)
{
    Size ncap;
    void *nbuf;
    if (need <= *cap) return true;
    ncap = *cap ? *cap : 64;
    while (ncap < need) ncap *= 2;
    nbuf = palloc_extended(ncap * elem, MCXT_ALLOC_HUGE | MCXT_ALLOC_NO_OOM);
    if (!nbuf) return false;
    if (*buf) {
        memcpy(nbuf, *buf, *cap * elem);
        pfree(*buf);
    }
    *buf = nbuf;
    *cap = ncap;
    return true;
}

/* Whether the query is being cancelled or the backend terminated: the
 * analysis stops and the interrupt is served once the core has returned.
 * Other interrupts (client_connection_check_interval, catch-up, barriers)
 * also set InterruptPending but end nothing: stopping on them would leave
 * a text analyzed only in part, without an error. */
static bool cancel_pending(void)
{
    return QueryCancelPending || ProcDiePending;
}

/* Raise the error of a finished fahras_analyze call, if any.  cancelled:
 * the callbacks stopped it for cancel_pending(), so it must not return. */
static void check_analyze(int rc, bool oom, bool cancelled, const fahras_error *err)
{
    CHECK_FOR_INTERRUPTS();
    if (cancelled) /* the interrupt was held off: still never a partial result */
        ereport(ERROR, (errcode(ERRCODE_QUERY_CANCELED), errmsg("fahras analysis interrupted")));
    if (oom)
        ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory in fahras analysis")));
    if (rc != FAHRAS_OK)
        ereport(ERROR, (errcode(status_errcode(rc)),
                        errmsg("fahras analysis failed at byte %zu: %s", err->offset,
                               err->message)));
}

static int type_id(int fahras_type)
{
    switch (fahras_type) {
    case FAHRAS_TOKEN_ARABIC: return TT_ARABIC;
    case FAHRAS_TOKEN_NUMBER: return TT_NUMBER;
    case FAHRAS_TOKEN_HASHTAG: return TT_HASHTAG;
    case FAHRAS_TOKEN_MENTION: return TT_MENTION;
    case FAHRAS_TOKEN_URL: return TT_URL;
    case FAHRAS_TOKEN_EMAIL: return TT_EMAIL;
    default: return TT_WORD;
    }
}

/* ------------------------------------------------------------------ */
/* Parser                                                              */
/* ------------------------------------------------------------------ */

typedef struct ParsedToken {
    int32 start, end, type;
} ParsedToken;

typedef struct ParserState {
    const char *text;
    int32 len;
    ParsedToken *toks;
    Size ntoks, cap;
    bool oom, cancelled;
    Size next;      /* next analyzer token to hand out */
    int32 cursor;   /* text before this byte has been handed out */
    int32 pend_end; /* > cursor: rest of a long word still to hand out as blanks */
} ParserState;

static int collect_token(void *ctx, const fahras_token *tok)
{
    ParserState *ps = (ParserState *)ctx;
    if (cancel_pending()) {
        ps->cancelled = true;
        return 1;
    }
    if (!grow((void **)&ps->toks, &ps->cap, ps->ntoks + 1, sizeof(ParsedToken))) {
        ps->oom = true;
        return 1;
    }
    ps->toks[ps->ntoks].start = (int32)tok->start;
    ps->toks[ps->ntoks].end = (int32)tok->end;
    ps->toks[ps->ntoks].type = type_id(tok->type);
    ps->ntoks++;
    return 0;
}

PG_FUNCTION_INFO_V1(fahras_prs_start);
Datum fahras_prs_start(PG_FUNCTION_ARGS)
{
    ParserState *ps = palloc0(sizeof *ps);
    const fahras_analyzer *a;
    fahras_error err;
    int rc;

    fahras_pg_check_encoding();
    a = fahras_pg_analyzer_for_call(fcinfo->flinfo, "");
    ps->text = (const char *)PG_GETARG_POINTER(0);
    ps->len = PG_GETARG_INT32(1);
    if (ps->len < 0) ps->len = 0;
    rc = fahras_analyze(a, ps->text, (size_t)ps->len, collect_token, ps, &err);
    if (rc == FAHRAS_ERR_ABORTED) rc = FAHRAS_OK; /* cancel or OOM, checked next */
    check_analyze(rc, ps->oom, ps->cancelled, &err);
    PG_RETURN_POINTER(ps);
}

/* Length of the longest prefix of s[0..len) that is at most cap bytes and
 * does not cut a UTF-8 sequence (never 0 when len > 0). */
static int32 utf8_cut(const char *s, int32 len, int32 cap)
{
    int32 n;
    if (len <= cap) return len;
    n = cap;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    return n > 0 ? n : cap;
}

PG_FUNCTION_INFO_V1(fahras_prs_gettoken);
Datum fahras_prs_gettoken(PG_FUNCTION_ARGS)
{
    ParserState *ps = (ParserState *)PG_GETARG_POINTER(0);
    char **t = (char **)PG_GETARG_POINTER(1);
    int *tlen = (int *)PG_GETARG_POINTER(2);
    int32 gap_end;
    const ParsedToken *tok;

    /* The tail of a word longer than TOKEN_CAP goes out as blanks. */
    if (ps->pend_end > ps->cursor) {
        *t = (char *)ps->text + ps->cursor;
        *tlen = utf8_cut(*t, ps->pend_end - ps->cursor, TOKEN_CAP);
        ps->cursor += *tlen;
        PG_RETURN_INT32(TT_BLANK);
    }
    gap_end = ps->next < ps->ntoks ? ps->toks[ps->next].start : ps->len;
    if (gap_end > ps->cursor) {
        *t = (char *)ps->text + ps->cursor;
        *tlen = utf8_cut(*t, gap_end - ps->cursor, TOKEN_CAP);
        ps->cursor += *tlen;
        PG_RETURN_INT32(TT_BLANK);
    }
    if (ps->next >= ps->ntoks) PG_RETURN_INT32(0);

    tok = &ps->toks[ps->next++];
    *t = (char *)ps->text + tok->start;
    *tlen = utf8_cut(*t, tok->end - tok->start, TOKEN_CAP);
    if (ps->next < ps->ntoks && ps->toks[ps->next].start < tok->end) {
        /* A compound (hashtag): its parts follow and cover its text, so
         * the cursor stays; the headline skips the compound itself. */
        PG_RETURN_INT32(TT_HASHTAG);
    }
    if (tok->start < ps->cursor) {
        /* Overlaps text already handed out: index it, print it nowhere. */
        PG_RETURN_INT32(TT_HASHTAG);
    }
    ps->cursor = tok->start + *tlen;
    if (*tlen < tok->end - tok->start) ps->pend_end = tok->end;
    PG_RETURN_INT32(tok->type);
}

PG_FUNCTION_INFO_V1(fahras_prs_end);
Datum fahras_prs_end(PG_FUNCTION_ARGS)
{
    ParserState *ps = (ParserState *)PG_GETARG_POINTER(0);
    if (ps->toks) pfree(ps->toks);
    pfree(ps);
    PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(fahras_prs_lextype);
Datum fahras_prs_lextype(PG_FUNCTION_ARGS)
{
    static const struct {
        int id;
        const char *alias, *descr;
    } types[] = {
        {TT_ARABIC, "arabic", "Arabic word"},
        {TT_WORD, "word", "Word in another script"},
        {TT_NUMBER, "number", "Number, Western or Arabic-Indic digits"},
        {TT_EMAIL, "email", "Email address"},
        {TT_URL, "url", "URL"},
        {TT_MENTION, "mention", "@mention"},
        {TT_BLANK, "blank", "Text between words"},
        {TT_HASHTAG, "hashtag", "#hashtag (its words follow as separate tokens)"},
    };
    int n = lengthof(types);
    LexDescr *d = palloc((n + 1) * sizeof(LexDescr));
    for (int i = 0; i < n; i++) {
        d[i].lexid = types[i].id;
        d[i].alias = pstrdup(types[i].alias);
        d[i].descr = pstrdup(types[i].descr);
    }
    d[n].lexid = 0;
    PG_RETURN_POINTER(d);
}

/* ------------------------------------------------------------------ */
/* Dictionary                                                          */
/* ------------------------------------------------------------------ */

/* The dictionary's data: its analyzer, and whether to add exact forms. */
typedef struct FahrasDict {
    OwnedAnalyzer *oa;
    bool exact;
} FahrasDict;


typedef struct KeyResult {
    size_t want_end;  /* the token covering [0, want_end) wins */
    char key[FAHRAS_MAX_TERM_BYTES + 1];
    char exact[FAHRAS_MAX_TERM_BYTES + 1];
    size_t key_len, exact_len;
    bool found, whole;
} KeyResult;

static int pick_key(void *ctx, const fahras_token *tok)
{
    KeyResult *kr = (KeyResult *)ctx;
    bool whole = tok->start == 0 && tok->end == kr->want_end;
    if (!kr->found || (whole && !kr->whole)) {
        char buf[FAHRAS_MAX_TERM_BYTES];
        fahras_terms tm;
        fahras_token_terms(tok, buf, sizeof buf, &tm); /* the core's index-term rule */
        kr->key_len = Min(tm.key_len, (size_t)FAHRAS_MAX_TERM_BYTES);
        memcpy(kr->key, tm.key, kr->key_len);
        kr->key[kr->key_len] = '\0';
        kr->exact_len = tm.exact_len;
        memcpy(kr->exact, buf, tm.exact_len);
        kr->exact[kr->exact_len] = '\0';
        kr->found = true;
        kr->whole = whole;
    }
    return kr->whole ? 1 : 0;
}

/* "exact, stem, norm, diacritics, ...": what a dictionary accepts, from
 * the core's options table. */
static char *dict_option_names(void)
{
    StringInfoData names;
    initStringInfo(&names);
    appendStringInfoString(&names, "exact");
    for (size_t i = 0; i < fahras_option_count(); i++)
        appendStringInfo(&names, ", %s", fahras_option_at(i)->name);
    return names.data;
}

PG_FUNCTION_INFO_V1(fahras_dict_init);
Datum fahras_dict_init(PG_FUNCTION_ARGS)
{
    List *dictoptions = (List *)PG_GETARG_POINTER(0);
    fahras_options opts;
    fahras_error err;
    ListCell *l;
    StringInfoData spec;
    bool exact = false;
    FahrasDict *d;

    fahras_pg_check_encoding();
    fahras_options_default(&opts);
    initStringInfo(&spec);
    foreach (l, dictoptions) {
        DefElem *def = (DefElem *)lfirst(l);
        char *val = defGetString(def);
        if (pg_strcasecmp(def->defname, "exact") == 0) {
            exact = defGetBoolean(def);
            continue;
        }
        if (fahras_options_set(&opts, def->defname, val, &err) != FAHRAS_OK)
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("invalid fahras dictionary option %s = '%s': %s",
                                   def->defname, val, err.message),
                            fahras_option_find(def->defname)
                                ? 0
                                : errhint("The options are %s.", dict_option_names())));
        appendStringInfo(&spec, "%s%s=%s", spec.len ? "," : "", def->defname, val);
    }
    opts.utf8 = FAHRAS_UTF8_REPLACE;
    /* Dictionary data lives in the dictionary cache entry's context. */
    d = palloc0(sizeof *d);
    d->exact = exact;
    d->oa = owned_analyzer_new(CurrentMemoryContext, &opts, spec.data);
    PG_RETURN_POINTER(d);
}

PG_FUNCTION_INFO_V1(fahras_dict_lexize);
Datum fahras_dict_lexize(PG_FUNCTION_ARGS)
{
    FahrasDict *d = (FahrasDict *)PG_GETARG_POINTER(0);
    const char *in = (const char *)PG_GETARG_POINTER(1);
    int32 len = PG_GETARG_INT32(2);
    KeyResult *kr = palloc0(sizeof *kr);
    TSLexeme *res = palloc0(3 * sizeof(TSLexeme));
    fahras_error err;
    int rc;

    if (len < 0) len = 0;
    kr->want_end = (size_t)len;
    rc = fahras_analyze(d->oa->analyzer, in, (size_t)len, pick_key, kr, &err);
    if (rc == FAHRAS_ERR_ABORTED) rc = FAHRAS_OK; /* pick_key found the key */
    check_analyze(rc, false, false, &err);
    /* No key (punctuation only): a stop word, position kept. */
    if (kr->found && kr->key_len > 0) {
        res[0].lexeme = pnstrdup(kr->key, kr->key_len);
        /* Same nvariant, no TSL_ADDPOS: the same position as the key. */
        if (d->exact && kr->exact_len) res[1].lexeme = pnstrdup(kr->exact, kr->exact_len);
    }
    pfree(kr);
    PG_RETURN_POINTER(res);
}

/* ------------------------------------------------------------------ */
/* fahras_normalize, fahras_tokens                                      */
/* ------------------------------------------------------------------ */

static char *text_arg_cstring_or_empty(FunctionCallInfo fcinfo, int n)
{
    if (PG_NARGS() <= n || PG_ARGISNULL(n)) return pstrdup("");
    return text_to_cstring(PG_GETARG_TEXT_PP(n));
}

PG_FUNCTION_INFO_V1(fahras_normalize_sql);
Datum fahras_normalize_sql(PG_FUNCTION_ARGS)
{
    text *in = PG_GETARG_TEXT_PP(0);
    char *spec = text_arg_cstring_or_empty(fcinfo, 1);
    const fahras_analyzer *a;
    const char *s = VARDATA_ANY(in);
    size_t n = VARSIZE_ANY_EXHDR(in), need = 0;
    fahras_error err;
    char *out;
    int rc;

    fahras_pg_check_encoding();
    a = fahras_pg_analyzer_for_call(fcinfo->flinfo, spec);
    rc = fahras_normalize(a, s, n, NULL, 0, &need, &err);
    check_analyze(rc, false, false, &err);
    if (need >= MaxAllocSize - VARHDRSZ)
        ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                        errmsg("normalized text would be %zu bytes, too long", need)));
    out = palloc(need + 1);
    rc = fahras_normalize(a, s, n, out, need + 1, &need, &err);
    check_analyze(rc, false, false, &err);
    PG_RETURN_TEXT_P(cstring_to_text_with_len(out, (int)need));
}

typedef struct TokenRows {
    struct {
        int32 position, start, end, type;
        Size norm, key, seg; /* offsets into strs; each NUL-terminated */
    } *rows;
    Size nrows, rowcap;
    char *strs;
    Size nstrs, strcap;
    bool oom, cancelled;
} TokenRows;

static bool rows_str(TokenRows *tr, const char *s, size_t n, Size *at)
{
    if (!grow((void **)&tr->strs, &tr->strcap, tr->nstrs + n + 1, 1)) return false;
    memcpy(tr->strs + tr->nstrs, s, n);
    tr->strs[tr->nstrs + n] = '\0';
    *at = tr->nstrs;
    tr->nstrs += n + 1;
    return true;
}

static int collect_row(void *ctx, const fahras_token *tok)
{
    TokenRows *tr = (TokenRows *)ctx;
    Size i = tr->nrows;
    if (cancel_pending()) {
        tr->cancelled = true;
        return 1;
    }
    if (!grow((void **)&tr->rows, &tr->rowcap, i + 1, sizeof *tr->rows) ||
        !rows_str(tr, tok->norm, tok->norm_len, &tr->rows[i].norm) ||
        !rows_str(tr, tok->key, tok->key_len, &tr->rows[i].key) ||
        !rows_str(tr, tok->seg, tok->seg_len, &tr->rows[i].seg)) {
        tr->oom = true;
        return 1;
    }
    tr->rows[i].position = (int32)tok->position;
    tr->rows[i].start = (int32)tok->start;
    tr->rows[i].end = (int32)tok->end;
    tr->rows[i].type = tok->type;
    tr->nrows++;
    return 0;
}


/* fahras_tokens(text, options) -> (position, start_byte, end_byte, type,
 * surface, norm, key, segments) */
PG_FUNCTION_INFO_V1(fahras_tokens_sql);
Datum fahras_tokens_sql(PG_FUNCTION_ARGS)
{
    ReturnSetInfo *rsinfo = (ReturnSetInfo *)fcinfo->resultinfo;
    text *in = PG_GETARG_TEXT_PP(0);
    char *spec = text_arg_cstring_or_empty(fcinfo, 1);
    const char *s = VARDATA_ANY(in);
    size_t n = VARSIZE_ANY_EXHDR(in);
    const fahras_analyzer *a;
    TokenRows *tr = palloc0(sizeof *tr);
    fahras_error err;
    int rc;

    fahras_pg_check_encoding();
    a = fahras_pg_analyzer_for_call(fcinfo->flinfo, spec);
    rc = fahras_analyze(a, s, n, collect_row, tr, &err);
    if (rc == FAHRAS_ERR_ABORTED) rc = FAHRAS_OK;
    check_analyze(rc, tr->oom, tr->cancelled, &err);

    InitMaterializedSRF(fcinfo, 0);
    for (Size i = 0; i < tr->nrows; i++) {
        Datum values[8];
        bool nulls[8] = {false};
        values[0] = Int32GetDatum(tr->rows[i].position);
        values[1] = Int32GetDatum(tr->rows[i].start);
        values[2] = Int32GetDatum(tr->rows[i].end);
        values[3] = CStringGetTextDatum(fahras_token_type_name(tr->rows[i].type));
        values[4] = PointerGetDatum(
            cstring_to_text_with_len(s + tr->rows[i].start, tr->rows[i].end - tr->rows[i].start));
        values[5] = CStringGetTextDatum(tr->strs + tr->rows[i].norm);
        values[6] = CStringGetTextDatum(tr->strs + tr->rows[i].key);
        values[7] = CStringGetTextDatum(tr->strs + tr->rows[i].seg);
        tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
    }
    return (Datum)0;
}

