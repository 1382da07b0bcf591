/*
 * fahras_fts5.c - SQLite glue for the fahras analyzer: the FTS5 tokenizer
 * "fahras", the ranking function fahras_bm25 and the table-valued function
 * fahras_tokens (see fahras_fts5.h).
 *
 * Index layout.  For every word the tokenizer emits its index key (clitics
 * and suffixes removed) and, at the same position (FTS5_TOKEN_COLOCATED),
 * its exact normalized form prefixed with '=' when that differs from the
 * key.  A query string that starts with '=' asks for exact forms, which is
 * how a quoted phrase demands "this spelling, these clitics" while a bare
 * word matches every inflection.  Offsets always point into the original
 * text, so highlight() and snippet() mark the diacritized words as written.
 */
#ifdef FAHRAS_SQLITE_EXTENSION
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1
#else
#include <sqlite3.h>
#endif

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fahras.h"
#include "fahras_fts5.h"
#include "rank.h"

/* ------------------------------------------------------------------ */
/* Options                                                             */
/* ------------------------------------------------------------------ */

typedef struct fts_conf {
    fahras_options opts;
    int exact; /* emit exact forms colocated with keys */
} fts_conf;

/* Apply one key/value: exact=on|off, or an analyzer option or version
 * stamp (fahras_options_set, which reads what fahras_options_describe
 * writes).  Writes a message into msg (cap bytes) on error. */
static int conf_set(fts_conf *c, const char *key, const char *value, char *msg, size_t cap)
{
    if (!strcmp(key, "exact")) {
        if (!strcmp(value, "on") || !strcmp(value, "1")) c->exact = 1;
        else if (!strcmp(value, "off") || !strcmp(value, "0")) c->exact = 0;
        else {
            snprintf(msg, cap, "bad value '%.40s' for option 'exact' (on, off)", value);
            return -1;
        }
        return 0;
    }
    fahras_error e;
    if (fahras_options_set(&c->opts, key, value, &e) != FAHRAS_OK) {
        snprintf(msg, cap, "%s", e.message);
        return -1;
    }
    return 0;
}

/* Arguments as FTS5 passes them: "key=value" items, or "key value" pairs
 * (the unicode61 style).  Defaults: the search profile, invalid UTF-8 bytes
 * treated as separators (a tokenizer must not fail half-way through a
 * document), exact forms on. */
static int conf_parse(fts_conf *c, const char **argv, int argc, char *msg, size_t cap)
{
    fahras_options_default(&c->opts);
    c->opts.utf8 = FAHRAS_UTF8_REPLACE;
    c->exact = 1;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *eq = strchr(a, '=');
        char key[64];
        const char *value;
        if (eq) {
            size_t n = (size_t)(eq - a);
            if (n == 0 || n >= sizeof key) {
                snprintf(msg, cap, "bad option '%.60s'", a);
                return -1;
            }
            memcpy(key, a, n);
            key[n] = '\0';
            value = eq + 1;
        } else {
            if (strlen(a) >= sizeof key) {
                snprintf(msg, cap, "unknown option '%.60s'", a);
                return -1;
            }
            if (i + 1 >= argc) {
                snprintf(msg, cap, "option '%.60s' needs a value", a);
                return -1;
            }
            snprintf(key, sizeof key, "%s", a);
            value = argv[++i];
        }
        if (conf_set(c, key, value, msg, cap)) return -1;
    }
    return 0;
}

/* Split an option string ("stem=light exact=off", commas or spaces) into
 * argv form and parse it; used by fahras_tokens. */
static int conf_parse_string(fts_conf *c, const char *spec, char *msg, size_t cap)
{
    char buf[512];
    const char *argv[64];
    int argc = 0;
    if (!spec) spec = "";
    if (strlen(spec) >= sizeof buf) {
        snprintf(msg, cap, "options too long");
        return -1;
    }
    snprintf(buf, sizeof buf, "%s", spec);
    for (char *p = buf; *p;) {
        while (*p == ' ' || *p == ',' || *p == '\t') *p++ = '\0';
        if (!*p) break;
        if (argc == 64) {
            snprintf(msg, cap, "too many options");
            return -1;
        }
        argv[argc++] = p;
        while (*p && *p != ' ' && *p != ',' && *p != '\t') p++;
    }
    return conf_parse(c, argv, argc, msg, cap);
}

int fahras_fts5_options(const char *spec, fahras_options *opts, int *exact, char *msg,
                        size_t cap)
{
    fts_conf c;
    if (conf_parse_string(&c, spec, msg, cap)) return -1;
    *opts = c.opts;
    *exact = c.exact;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Shared analyzers                                                    */
/* ------------------------------------------------------------------ */

typedef struct shared_an {
    fahras_options opts;
    fahras_analyzer *an;
    int refs;
    struct shared_an *next;
} shared_an;

static pthread_mutex_t shared_mu = PTHREAD_MUTEX_INITIALIZER;
static shared_an *shared_list;

static int same_options(const fahras_options *a, const fahras_options *b)
{
    return a->norm == b->norm && a->stem == b->stem && a->utf8 == b->utf8 &&
           a->hashtag_parts == b->hashtag_parts;
}

fahras_analyzer *fahras_fts5_analyzer_acquire(const fahras_options *opts, fahras_error *err)
{
    fahras_options def;
    if (!opts) {
        fahras_options_default(&def);
        opts = &def;
    }
    pthread_mutex_lock(&shared_mu);
    for (shared_an *s = shared_list; s; s = s->next) {
        if (same_options(&s->opts, opts)) {
            s->refs++;
            pthread_mutex_unlock(&shared_mu);
            return s->an;
        }
    }
    shared_an *s = malloc(sizeof *s);
    fahras_analyzer *an = s ? fahras_analyzer_new(opts, err) : NULL;
    if (!an) {
        if (!s && err) {
            err->code = FAHRAS_ERR_NOMEM;
            snprintf(err->message, sizeof err->message, "out of memory");
        }
        free(s);
        pthread_mutex_unlock(&shared_mu);
        return NULL;
    }
    s->opts = *opts;
    s->an = an;
    s->refs = 1;
    s->next = shared_list;
    shared_list = s;
    pthread_mutex_unlock(&shared_mu);
    return an;
}

void fahras_fts5_analyzer_release(fahras_analyzer *an)
{
    if (!an) return;
    pthread_mutex_lock(&shared_mu);
    for (shared_an **p = &shared_list; *p; p = &(*p)->next) {
        if ((*p)->an == an) {
            shared_an *s = *p;
            if (--s->refs == 0) {
                *p = s->next;
                fahras_analyzer_free(s->an);
                free(s);
            }
            break;
        }
    }
    pthread_mutex_unlock(&shared_mu);
}

/* ------------------------------------------------------------------ */
/* Tokenizing                                                          */
/* ------------------------------------------------------------------ */

enum { MODE_DOCUMENT = 0, MODE_QUERY = 1, MODE_EXACT = 2, MODE_PREFIX = 3 };

typedef struct emit_ctx {
    int mode;
    int exact;            /* emit exact forms (document mode) */
    size_t shift;         /* offset correction when the '=' marker was skipped */
    int (*emit)(void *ctx, int flags, const char *tok, int n, int start, int end);
    void *ectx;
    int rc;               /* first error from emit */
    uint32_t last_pos;
    int any;
    char buf[FAHRAS_MAX_TOKEN_BYTES + 8];
} emit_ctx;

static int emit_exact(emit_ctx *e, int flags, const char *norm, size_t n, int s, int end)
{
    e->buf[0] = FAHRAS_EXACT_MARK;
    memcpy(e->buf + 1, norm, n);
    return e->emit(e->ectx, flags, e->buf, (int)n + 1, s, end);
}

static int on_token(void *ctx, const fahras_token *t)
{
    emit_ctx *e = ctx;
    int s = (int)(t->start + e->shift), end = (int)(t->end + e->shift);
    int colo = (e->any && t->position == e->last_pos) ? FTS5_TOKEN_COLOCATED : 0;
    e->any = 1;
    e->last_pos = t->position;
    fahras_terms tm;
    fahras_token_terms(t, e->buf, sizeof e->buf, &tm); /* the core's index-term rule */
    const char *key = tm.key;
    int key_len = (int)tm.key_len;
    int rc = SQLITE_OK;
    switch (e->mode) {
    case MODE_EXACT:
        rc = tm.exact ? e->emit(e->ectx, colo, tm.exact, (int)tm.exact_len, s, end)
                      : e->emit(e->ectx, colo, key, key_len, s, end);
        break;
    case MODE_PREFIX:
        /* the typed beginning may be a key's or an exact form's beginning */
        rc = e->emit(e->ectx, colo, t->norm, (int)t->norm_len, s, end);
        if (rc == SQLITE_OK)
            rc = emit_exact(e, FTS5_TOKEN_COLOCATED, t->norm, t->norm_len, s, end);
        break;
    case MODE_QUERY:
        rc = e->emit(e->ectx, colo, key, key_len, s, end);
        break;
    default:
        rc = e->emit(e->ectx, colo, key, key_len, s, end);
        if (rc == SQLITE_OK && e->exact && tm.exact)
            rc = e->emit(e->ectx, FTS5_TOKEN_COLOCATED, tm.exact, (int)tm.exact_len, s, end);
        break;
    }
    if (rc != SQLITE_OK) {
        e->rc = rc;
        return 1;
    }
    return 0;
}

/* A query string of index terms (FAHRAS_FTS5_RAW): emitted as they are,
 * a slot's alternatives colocated.  Offsets are those of the terms. */
static int emit_raw(const char *text, int n, int (*emit)(void *, int, const char *, int, int, int),
                    void *ectx)
{
    int i = 1, colo = 0;
    while (i < n) {
        int j = i;
        while (j < n && text[j] != ' ' && text[j] != FAHRAS_FTS5_ALT) j++;
        if (j > i) {
            int rc = emit(ectx, colo, text + i, j - i, i, j);
            if (rc != SQLITE_OK) return rc;
        }
        colo = j < n && text[j] == FAHRAS_FTS5_ALT ? FTS5_TOKEN_COLOCATED : 0;
        i = j + 1;
    }
    return SQLITE_OK;
}

/* Run the analyzer over text and emit tokens; returns an SQLite code. */
static int run_tokenizer(const fahras_analyzer *an, int exact, int mode, const char *text,
                         int n, int (*emit)(void *, int, const char *, int, int, int),
                         void *ectx)
{
    emit_ctx e;
    e.mode = mode;
    e.exact = exact;
    e.shift = 0;
    e.emit = emit;
    e.ectx = ectx;
    e.rc = SQLITE_OK;
    e.last_pos = 0;
    e.any = 0;
    if (n <= 0 || !text) return SQLITE_OK;
    if (mode != MODE_DOCUMENT && text[0] == FAHRAS_FTS5_RAW) return emit_raw(text, n, emit, ectx);
    if (mode == MODE_QUERY && text[0] == FAHRAS_EXACT_MARK) {
        e.mode = MODE_EXACT;
        e.shift = 1;
        text++;
        n--;
    }
    fahras_error err;
    int rc = fahras_analyze(an, text, (size_t)n, on_token, &e, &err);
    if (rc == FAHRAS_ERR_ABORTED) return e.rc;
    if (rc == FAHRAS_ERR_NOMEM) return SQLITE_NOMEM;
    if (rc != FAHRAS_OK) return SQLITE_ERROR;
    return SQLITE_OK;
}

typedef struct fts_tokenizer {
    fahras_analyzer *an;
    int exact;
} fts_tokenizer;

static void tok_delete(Fts5Tokenizer *p)
{
    fts_tokenizer *t = (fts_tokenizer *)p;
    if (!t) return;
    fahras_fts5_analyzer_release(t->an);
    sqlite3_free(t);
}

static int tok_create(void *unused, const char **argv, int argc, Fts5Tokenizer **out)
{
    (void)unused;
    *out = NULL;
    fts_conf c;
    char msg[200];
    /* FTS5 gives a tokenizer constructor no way to return a message; the
     * caller sees "error in tokenizer constructor".  fahras_tokens('', opts)
     * shows the exact reason for the same options. */
    if (conf_parse(&c, argv, argc, msg, sizeof msg)) return SQLITE_ERROR;
    fts_tokenizer *t = sqlite3_malloc(sizeof *t);
    if (!t) return SQLITE_NOMEM;
    t->exact = c.exact;
    t->an = fahras_fts5_analyzer_acquire(&c.opts, NULL);
    if (!t->an) {
        sqlite3_free(t);
        return SQLITE_ERROR;
    }
    *out = (Fts5Tokenizer *)t;
    return SQLITE_OK;
}

typedef struct fts5_emit {
    void *pCtx;
    int (*xToken)(void *, int, const char *, int, int, int);
} fts5_emit;

static int fts5_emit_token(void *ctx, int flags, const char *tok, int n, int s, int e)
{
    fts5_emit *f = ctx;
    return f->xToken(f->pCtx, flags, tok, n, s, e);
}

static int tok_tokenize(Fts5Tokenizer *p, void *pCtx, int flags, const char *text, int n,
                        int (*xToken)(void *, int, const char *, int, int, int))
{
    fts_tokenizer *t = (fts_tokenizer *)p;
    int mode = MODE_DOCUMENT;
    if (flags & FTS5_TOKENIZE_QUERY) mode = (flags & FTS5_TOKENIZE_PREFIX) ? MODE_PREFIX : MODE_QUERY;
    fts5_emit f = {pCtx, xToken};
    return run_tokenizer(t->an, t->exact, mode, text, n, fts5_emit_token, &f);
}

/* ------------------------------------------------------------------ */
/* fahras_bm25: BM25F over the matched phrases                         */
/* ------------------------------------------------------------------ */

/* Per-query data, computed on the first row and kept as auxdata. */
typedef struct rank_data {
    int n_phrase, n_col;
    int n_terms;     /* phrases marked 't': proximity needs two */
    double *idf;     /* [n_phrase] */
    double *pweight; /* [n_phrase] */
    double *acc;     /* [n_phrase] scratch: proximity accumulator */
    char *term;      /* [n_phrase] 1: a query term taking part in proximity */
    double *cweight; /* [n_col] */
    double *avgdl;   /* [n_col] */
    double *tf;      /* [n_col] scratch */
    double *dlnorm;  /* [n_col] scratch */
    fh_rank_occ *occ; /* proximity occurrences of the current row (grown) */
    int occ_cap;
} rank_data;

static void rank_data_free(void *p)
{
    rank_data *d = p;
    if (!d) return;
    sqlite3_free(d->occ);
    sqlite3_free(d);
}

static int count_rows(const Fts5ExtensionApi *api, Fts5Context *fts, void *ctx)
{
    (void)api;
    (void)fts;
    (*(sqlite3_int64 *)ctx)++;
    return SQLITE_OK;
}

/* Parse "1t 0.5 2" into w[0..n); a 't' after a weight sets term[i].
 * Missing entries keep their default. */
static void parse_weights(const unsigned char *s, double *w, char *term, int n)
{
    if (!s) return;
    const char *p = (const char *)s;
    for (int i = 0; i < n && *p; i++) {
        char *end;
        double v = strtod(p, &end);
        if (end == p) break;
        if (v >= 0 && v < 1e6) w[i] = v;
        if (*end == 't') {
            if (term) term[i] = 1;
            end++;
        }
        p = end;
        while (*p == ' ' || *p == ',') p++;
    }
}

static rank_data *rank_data_new(const Fts5ExtensionApi *api, Fts5Context *fts,
                                sqlite3_value **args, int nargs, int *rc)
{
    int np = api->xPhraseCount(fts), nc = api->xColumnCount(fts);
    size_t sz = sizeof(rank_data) + sizeof(double) * (size_t)(3 * np + 4 * nc) + (size_t)np;
    rank_data *d = sqlite3_malloc64(sz);
    if (!d) {
        *rc = SQLITE_NOMEM;
        return NULL;
    }
    memset(d, 0, sz);
    d->n_phrase = np;
    d->n_col = nc;
    d->idf = (double *)(d + 1);
    d->pweight = d->idf + np;
    d->acc = d->pweight + np;
    d->cweight = d->acc + np;
    d->avgdl = d->cweight + nc;
    d->tf = d->avgdl + nc;
    d->dlnorm = d->tf + nc;
    d->term = (char *)(d->dlnorm + nc);
    for (int i = 0; i < np; i++) d->pweight[i] = 1.0;
    /* any table's columns count alike unless weighed (the store passes
     * rank.h's title and body weights) */
    for (int c = 0; c < nc; c++) d->cweight[c] = 1.0;
    if (nargs > 0) parse_weights(sqlite3_value_text(args[0]), d->pweight, d->term, np);
    if (nargs > 1) parse_weights(sqlite3_value_text(args[1]), d->cweight, NULL, nc);
    for (int i = 0; i < np; i++) d->n_terms += d->term[i];

    sqlite3_int64 nrow = 0;
    *rc = api->xRowCount(fts, &nrow);
    for (int c = 0; *rc == SQLITE_OK && c < nc; c++) {
        sqlite3_int64 total = 0;
        *rc = api->xColumnTotalSize(fts, c, &total);
        d->avgdl[c] = (double)total / (double)(nrow > 0 ? nrow : 1);
    }
    for (int i = 0; *rc == SQLITE_OK && i < np; i++) {
        sqlite3_int64 df = 0;
        if (d->pweight[i] > 0) *rc = api->xQueryPhrase(fts, i, &df, count_rows);
        d->idf[i] = fh_rank_idf((double)nrow, (double)df);
    }
    if (*rc != SQLITE_OK) {
        sqlite3_free(d);
        return NULL;
    }
    return d;
}

/* The proximity share (rank.h) from the row's instances of 't' phrases,
 * which FTS5 lists in position order. */
static int proximity(const Fts5ExtensionApi *api, Fts5Context *fts, rank_data *d, double *score)
{
    int ninst = 0, rc = api->xInstCount(fts, &ninst);
    if (rc != SQLITE_OK) return rc;
    if (ninst > d->occ_cap) {
        fh_rank_occ *o = sqlite3_realloc64(d->occ, (sqlite3_uint64)ninst * sizeof *o);
        if (!o) return SQLITE_NOMEM;
        d->occ = o;
        d->occ_cap = ninst;
    }
    int n = 0;
    for (int i = 0; i < ninst; i++) {
        int pi, ci, oi;
        if ((rc = api->xInst(fts, i, &pi, &ci, &oi)) != SQLITE_OK) return rc;
        if (pi >= d->n_phrase || !d->term[pi] || ci >= d->n_col || oi < 0) continue;
        d->occ[n++] = (fh_rank_occ){(uint32_t)pi, (uint32_t)ci, (uint32_t)oi};
    }
    *score += fh_rank_proximity(d->occ, (size_t)n, d->idf, (size_t)d->n_phrase, d->dlnorm,
                                d->cweight, (size_t)d->n_col, d->acc);
    return SQLITE_OK;
}

/* The score of one row: rank.h's ranking over the query's phrases. */
static int rank_row(const Fts5ExtensionApi *api, Fts5Context *fts, rank_data *d, double *out)
{
    int rc = SQLITE_OK;
    for (int c = 0; c < d->n_col; c++) {
        int len = 0;
        if ((rc = api->xColumnSize(fts, c, &len)) != SQLITE_OK) return rc;
        d->dlnorm[c] = fh_rank_dlnorm((double)len, d->avgdl[c]);
    }
    double score = 0;
    for (int p = 0; p < d->n_phrase; p++) {
        if (d->pweight[p] <= 0) continue;
        int npos = 0;
        for (int c = 0; c < d->n_col; c++) d->tf[c] = 0;
        Fts5PhraseIter it;
        int col = 0, off = 0;
        if ((rc = api->xPhraseFirst(fts, p, &it, &col, &off)) != SQLITE_OK) return rc;
        for (; col >= 0; api->xPhraseNext(fts, &it, &col, &off)) {
            if (col < d->n_col && off >= 0) d->tf[col] += fh_rank_occurrence((uint32_t)off);
            npos++;
        }
        if (!npos) continue;
        double tfw = fh_rank_tfw(d->tf, d->dlnorm, d->cweight, (size_t)d->n_col);
        score += fh_rank_term(d->pweight[p], d->idf[p], tfw);
    }
    if (d->n_terms >= 2 && (rc = proximity(api, fts, d, &score)) != SQLITE_OK) return rc;
    *out = score;
    return SQLITE_OK;
}

static void rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                    int nargs, sqlite3_value **args)
{
    int rc = SQLITE_OK;
    rank_data *d = api->xGetAuxdata(fts, 0);
    if (!d) {
        d = rank_data_new(api, fts, args, nargs, &rc);
        if (!d) {
            sqlite3_result_error_code(ctx, rc);
            return;
        }
        rc = api->xSetAuxdata(fts, d, rank_data_free);
        if (rc != SQLITE_OK) {
            sqlite3_result_error_code(ctx, rc);
            return;
        }
    }
    double score = 0;
    rc = rank_row(api, fts, d, &score);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    sqlite3_result_double(ctx, -score);
}

/* ------------------------------------------------------------------ */
/* fahras_tokens(text, options, mode): the tokenizer's output as rows  */
/* ------------------------------------------------------------------ */

typedef struct tok_row {
    char *token; /* token_len bytes (a raw query term may hold any byte) */
    int token_len, start, end, position, colocated;
} tok_row;

typedef struct tokens_cursor {
    sqlite3_vtab_cursor base;
    tok_row *rows;
    int n, cap, i;
    int position;
    const char *text;
} tokens_cursor;

enum { TC_POSITION, TC_TOKEN, TC_START, TC_END, TC_COLOCATED, TC_SURFACE, TC_TEXT, TC_OPTIONS,
       TC_MODE };

static int tokens_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                          sqlite3_vtab **out, char **err)
{
    (void)aux;
    (void)argc;
    (void)argv;
    (void)err;
    int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(position INTEGER, token TEXT, "
                                      "start INTEGER, \"end\" INTEGER, colocated INTEGER, "
                                      "surface TEXT, text HIDDEN, options HIDDEN, mode HIDDEN)");
    if (rc != SQLITE_OK) return rc;
    sqlite3_vtab *v = sqlite3_malloc(sizeof *v);
    if (!v) return SQLITE_NOMEM;
    memset(v, 0, sizeof *v);
    *out = v;
    return SQLITE_OK;
}

static int tokens_disconnect(sqlite3_vtab *v)
{
    sqlite3_free(v);
    return SQLITE_OK;
}

static int tokens_best_index(sqlite3_vtab *v, sqlite3_index_info *info)
{
    (void)v;
    int idx[3] = {-1, -1, -1};
    for (int i = 0; i < info->nConstraint; i++) {
        const struct sqlite3_index_constraint *c = &info->aConstraint[i];
        if (c->iColumn < TC_TEXT) continue;
        if (!c->usable || c->op != SQLITE_INDEX_CONSTRAINT_EQ) return SQLITE_CONSTRAINT;
        idx[c->iColumn - TC_TEXT] = i;
    }
    if (idx[0] < 0) {
        sqlite3_free(v->zErrMsg);
        v->zErrMsg = sqlite3_mprintf("fahras_tokens: give the text, e.g. "
                                     "SELECT * FROM fahras_tokens('...')");
        return SQLITE_ERROR;
    }
    int argn = 1, plan = 0;
    for (int k = 0; k < 3; k++) {
        if (idx[k] < 0) continue;
        info->aConstraintUsage[idx[k]].argvIndex = argn++;
        info->aConstraintUsage[idx[k]].omit = 1;
        plan |= 1 << k;
    }
    info->idxNum = plan;
    info->estimatedCost = 10;
    return SQLITE_OK;
}

static int tokens_open(sqlite3_vtab *v, sqlite3_vtab_cursor **out)
{
    (void)v;
    tokens_cursor *c = sqlite3_malloc(sizeof *c);
    if (!c) return SQLITE_NOMEM;
    memset(c, 0, sizeof *c);
    *out = &c->base;
    return SQLITE_OK;
}

static void tokens_clear(tokens_cursor *c)
{
    for (int i = 0; i < c->n; i++) sqlite3_free(c->rows[i].token);
    sqlite3_free(c->rows);
    c->rows = NULL;
    c->n = c->cap = c->i = 0;
    c->position = -1;
}

static int tokens_close(sqlite3_vtab_cursor *cur)
{
    tokens_cursor *c = (tokens_cursor *)cur;
    tokens_clear(c);
    sqlite3_free((void *)c->text);
    sqlite3_free(c);
    return SQLITE_OK;
}

static int tokens_collect(void *ctx, int flags, const char *tok, int n, int s, int e)
{
    tokens_cursor *c = ctx;
    if (c->n == c->cap) {
        int ncap = c->cap ? c->cap * 2 : 32;
        tok_row *nr = sqlite3_realloc64(c->rows, (sqlite3_uint64)ncap * sizeof *nr);
        if (!nr) return SQLITE_NOMEM;
        c->rows = nr;
        c->cap = ncap;
    }
    tok_row *r = &c->rows[c->n];
    if (n < 0) n = 0;
    r->token = sqlite3_malloc(n + 1);
    if (!r->token) return SQLITE_NOMEM;
    memcpy(r->token, tok, (size_t)n);
    r->token[n] = '\0';
    r->token_len = n;
    r->colocated = (flags & FTS5_TOKEN_COLOCATED) ? 1 : 0;
    if (!r->colocated) c->position++;
    r->position = c->position < 0 ? 0 : c->position;
    r->start = s;
    r->end = e;
    c->n++;
    return SQLITE_OK;
}

/* A short text argument read as a C string (NULL stays NULL); one holding
 * a NUL byte would be read only up to it, so it is refused. */
static int arg_cstring(sqlite3_value *v, const char *what, const char **out, char **errmsg)
{
    *out = (const char *)sqlite3_value_text(v);
    if (*out && strlen(*out) != (size_t)sqlite3_value_bytes(v)) {
        sqlite3_free(*errmsg);
        *errmsg = sqlite3_mprintf("fahras_tokens: the %s holds a NUL byte", what);
        return -1;
    }
    return 0;
}

static int tokens_filter(sqlite3_vtab_cursor *cur, int plan, const char *unused, int argc,
                         sqlite3_value **argv)
{
    (void)unused;
    (void)argc;
    tokens_cursor *c = (tokens_cursor *)cur;
    tokens_clear(c);
    sqlite3_free((void *)c->text);
    c->text = NULL;
    int a = 0;
    const char *text = (const char *)sqlite3_value_text(argv[a]);
    int n = sqlite3_value_bytes(argv[a++]);
    const char *spec = NULL, *mode_s = NULL;
    if (((plan & 2) && arg_cstring(argv[a++], "option string", &spec, &cur->pVtab->zErrMsg)) ||
        ((plan & 4) && arg_cstring(argv[a++], "mode", &mode_s, &cur->pVtab->zErrMsg)))
        return SQLITE_ERROR;
    int mode = MODE_DOCUMENT;
    if (mode_s && strcmp(mode_s, "document")) {
        if (!strcmp(mode_s, "query")) mode = MODE_QUERY;
        else if (!strcmp(mode_s, "prefix")) mode = MODE_PREFIX;
        else {
            sqlite3_free(cur->pVtab->zErrMsg);
            cur->pVtab->zErrMsg = sqlite3_mprintf(
                "fahras_tokens: mode '%s': expected document, query or prefix", mode_s);
            return SQLITE_ERROR;
        }
    }
    fts_conf conf;
    char msg[200];
    if (conf_parse_string(&conf, spec, msg, sizeof msg)) {
        sqlite3_free(cur->pVtab->zErrMsg);
        cur->pVtab->zErrMsg = sqlite3_mprintf("fahras_tokens: %s", msg);
        return SQLITE_ERROR;
    }
    if (!text) return SQLITE_OK;
    /* Copied by length: a text or blob may hold NUL bytes, which the
     * analyzer reads as separators. */
    char *copy = sqlite3_malloc64((sqlite3_uint64)n + 1);
    if (!copy) return SQLITE_NOMEM;
    memcpy(copy, text, (size_t)n);
    copy[n] = '\0';
    c->text = copy;
    fahras_error err;
    fahras_analyzer *an = fahras_fts5_analyzer_acquire(&conf.opts, &err);
    if (!an) {
        sqlite3_free(cur->pVtab->zErrMsg);
        cur->pVtab->zErrMsg = sqlite3_mprintf("fahras_tokens: %s", err.message);
        return SQLITE_ERROR;
    }
    int rc = run_tokenizer(an, conf.exact, mode, c->text, n, tokens_collect, c);
    fahras_fts5_analyzer_release(an);
    return rc;
}

static int tokens_next(sqlite3_vtab_cursor *cur)
{
    ((tokens_cursor *)cur)->i++;
    return SQLITE_OK;
}

static int tokens_eof(sqlite3_vtab_cursor *cur)
{
    tokens_cursor *c = (tokens_cursor *)cur;
    return c->i >= c->n;
}

static int tokens_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
    tokens_cursor *c = (tokens_cursor *)cur;
    const tok_row *r = &c->rows[c->i];
    switch (col) {
    case TC_POSITION: sqlite3_result_int(ctx, r->position); break;
    case TC_TOKEN: sqlite3_result_text(ctx, r->token, r->token_len, SQLITE_TRANSIENT); break;
    case TC_START: sqlite3_result_int(ctx, r->start); break;
    case TC_END: sqlite3_result_int(ctx, r->end); break;
    case TC_COLOCATED: sqlite3_result_int(ctx, r->colocated); break;
    case TC_SURFACE:
        sqlite3_result_text(ctx, c->text + r->start, r->end - r->start, SQLITE_TRANSIENT);
        break;
    default: sqlite3_result_null(ctx); break;
    }
    return SQLITE_OK;
}

static int tokens_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
    *rowid = ((tokens_cursor *)cur)->i + 1;
    return SQLITE_OK;
}

static sqlite3_module tokens_module = {
    .iVersion = 0,
    .xConnect = tokens_connect,
    .xBestIndex = tokens_best_index,
    .xDisconnect = tokens_disconnect,
    .xOpen = tokens_open,
    .xClose = tokens_close,
    .xFilter = tokens_filter,
    .xNext = tokens_next,
    .xEof = tokens_eof,
    .xColumn = tokens_column,
    .xRowid = tokens_rowid,
};

/* ------------------------------------------------------------------ */
/* Registration                                                        */
/* ------------------------------------------------------------------ */

static void version_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_text(ctx, fahras_version(), -1, SQLITE_STATIC);
}

static fts5_api *get_fts5_api(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK) return NULL;
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    return api;
}

int fahras_fts5_register(sqlite3 *db, char **errmsg)
{
    fts5_api *api = get_fts5_api(db);
    if (!api || api->iVersion < 2) {
        if (errmsg) *errmsg = sqlite3_mprintf("fahras: this SQLite has no FTS5 (version 2+)");
        return SQLITE_ERROR;
    }
    fts5_tokenizer tok = {tok_create, tok_delete, tok_tokenize};
    int rc = api->xCreateTokenizer(api, "fahras", NULL, &tok, NULL);
    if (rc == SQLITE_OK) rc = api->xCreateFunction(api, "fahras_bm25", NULL, rank_fn, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_create_module(db, "fahras_tokens", &tokens_module, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "fahras_version", 0,
                                     SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                     NULL, version_fn, NULL, NULL);
    if (rc != SQLITE_OK && errmsg)
        *errmsg = sqlite3_mprintf("fahras: registering the FTS5 tokenizer failed: %s",
                                  sqlite3_errstr(rc));
    return rc;
}

#ifdef FAHRAS_SQLITE_EXTENSION
/* Entry points: SQLite derives sqlite3_fahrasfts_init from fahras_fts5.so. */
__attribute__((visibility("default"))) int sqlite3_fahrasfts_init(sqlite3 *db, char **errmsg,
                                                                  const sqlite3_api_routines *api)
{
    SQLITE_EXTENSION_INIT2(api);
    int rc = fahras_fts5_register(db, errmsg);
    if (rc == SQLITE_OK && (rc = fahras_query_register(db)) != SQLITE_OK && errmsg)
        *errmsg = sqlite3_mprintf("fahras: registering fahras_query failed: %s", sqlite3_errstr(rc));
    return rc;
}

__attribute__((visibility("default"))) int sqlite3_extension_init(sqlite3 *db, char **errmsg,
                                                                  const sqlite3_api_routines *api)
{
    return sqlite3_fahrasfts_init(db, errmsg, api);
}
#endif
