/*
 * fahras_query.c - fahras's query language in SQL:
 *
 *   fahras_query(query [, options])          an FTS5 MATCH expression
 *   fahras_query_weights(query [, options])  its phrase weights, for
 *                                            fahras_bm25(fts, weights [, columns])
 *
 * for a table tokenized by 'fahras' with those options (the tokenizer's
 * arguments, as fahras_tokens takes them).  The query is parsed by the
 * store's parser (src/store/query.c), planned (plan.c) and translated by
 * the SQLite store's translator (src/store/sqlite/translate.c): the very
 * expression `fahras search` matches with, except what needs the store
 * itself: without its statistics there is no common-word rule and no near
 * spelling, and a quoted phrase of words that are their own keys
 * ("تحالف") also matches other forms with that key (the store checks the
 * text, fh_exact).
 */
#ifdef FAHRAS_SQLITE_EXTENSION
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3
#else
#include <sqlite3.h>
#endif

#include <stdlib.h>
#include <string.h>

#include "fahras_fts5.h"
#include "plan.h"
#include "query.h"
#include "sqlite_store.h"

enum { WANT_MATCH, WANT_WEIGHTS };

/* Parse, plan and translate q; *m is the store's translation. */
static int translate_query(const char *q, size_t len, const fahras_options *opts, int exact,
                           sq_match *m, fh_err *err)
{
    fahras_error e;
    fahras_analyzer *an = fahras_fts5_analyzer_acquire(opts, &e);
    if (!an) return fh_fail(err, "%s", e.message);
    fh_parsed_query *pq = NULL;
    fh_plan *plan = NULL;
    /* the tokenizer of the table, read by the translator */
    fh_backend_db d;
    memset(&d, 0, sizeof d);
    strcpy(d.tokenizer, "fahras");
    /* the match mode `fahras search` uses by default: every word required */
    fh_plan_opts po = {.exact_forms = exact, .match_pct = FH_MATCH_DEFAULT_MODE};
    fh_plan_stats st = {.n_docs = -1};
    fh_query fq = {.q = q};
    int rc = fh_query_parse(q, len, &pq, err);
    if (!rc) rc = fh_plan_build(an, pq, &po, &st, &plan, err);
    if (!rc && plan->empty) rc = fh_fail(err, "query: no words to search for");
    if (!rc) rc = sq_translate(&d, plan, &fq, m, err);
    fh_plan_free(plan);
    fh_query_free(pq);
    fahras_fts5_analyzer_release(an);
    return rc;
}

static void query_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int want = *(int *)sqlite3_user_data(ctx);
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return; /* NULL in, NULL out */
    const char *q = (const char *)sqlite3_value_text(argv[0]);
    if (!q) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    size_t len = (size_t)sqlite3_value_bytes(argv[0]);
    const char *spec = argc > 1 ? (const char *)sqlite3_value_text(argv[1]) : "";
    fahras_options opts;
    int exact = 1;
    char msg[256];
    if (fahras_fts5_options(spec, &opts, &exact, msg, sizeof msg)) {
        char *e = sqlite3_mprintf("fahras_query: %s", msg);
        sqlite3_result_error(ctx, e ? e : msg, -1);
        sqlite3_free(e);
        return;
    }
    sq_match m;
    fh_err err = {.msg = ""};
    if (translate_query(q, len, &opts, exact, &m, &err)) {
        char *e = sqlite3_mprintf("fahras_query: %s", err.msg);
        sqlite3_result_error(ctx, e ? e : err.msg, -1);
        sqlite3_free(e);
        return;
    }
    const sbuf *out = want == WANT_MATCH ? &m.match : &m.weights;
    size_t n = out->n;
    while (want == WANT_WEIGHTS && n && out->p[n - 1] == ' ') n--;
    sqlite3_result_text(ctx, out->p, (int)n, SQLITE_TRANSIENT);
    sq_match_free(&m);
}

int fahras_query_register(sqlite3 *db)
{
    static const int match = WANT_MATCH, weights = WANT_WEIGHTS;
    const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    int rc = SQLITE_OK;
    for (int nargs = 1; rc == SQLITE_OK && nargs <= 2; nargs++) {
        rc = sqlite3_create_function(db, "fahras_query", nargs, flags, (void *)&match, query_fn,
                                     NULL, NULL);
        if (rc == SQLITE_OK)
            rc = sqlite3_create_function(db, "fahras_query_weights", nargs, flags,
                                         (void *)&weights, query_fn, NULL, NULL);
    }
    return rc;
}
