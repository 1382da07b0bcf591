/*
 * planning.c - what planning a query asks of the SQLite store: the
 * planning options of its index, its document count, and document
 * frequencies of clauses (fh_plan_stats, plan.h).
 */
#include <stdlib.h>
#include <string.h>

#include "sqlite_store.h"

/* Documents matching each clause: counting matches reads the doclists
 * without positions (faster than fts5vocab, which this SQLite answers by
 * the same scan plus more). */
static int sq_df(void *ctx, const fh_plan_clause *const *c, size_t n, long long *out, fh_err *err)
{
    fh_backend_db *d = ctx;
    for (size_t i = 0; i < n; i++) {
        sbuf phrase = {0};
        sq_add_phrase(d, &phrase, c[i]);
        if (phrase.oom) return fh_fail(err, "out of memory");
        if (sq_prepare(d, &d->st_df, "SELECT count(*) FROM fts WHERE fts MATCH ?1", err)) {
            free(phrase.p);
            return -1;
        }
        sqlite3_bind_text(d->st_df, 1, phrase.p, -1, SQLITE_STATIC);
        out[i] = sqlite3_step(d->st_df) == SQLITE_ROW ? sqlite3_column_int64(d->st_df, 0) : -1;
        sqlite3_reset(d->st_df);
        free(phrase.p);
    }
    return 0;
}

int sq_planning(fh_backend_db *d, fh_plan_opts *o, fh_plan_stats *st, fh_err *err)
{
    if (d->ix) return sq_index_planning(d, o, st, err);
    memset(o, 0, sizeof *o);
    memset(st, 0, sizeof *st);
    st->n_docs = -1;
    if (!sq_is_fahras(d)) return 0; /* a baseline: the clauses as typed, no corpus rules */
    o->exact_forms = 1;
    o->near_spelling = 1;
    if (sq_prepare(d, &d->st_count, "SELECT max(rowid) FROM docs", err)) return -1;
    if (sqlite3_step(d->st_count) == SQLITE_ROW) st->n_docs = sqlite3_column_int64(d->st_count, 0);
    sqlite3_reset(d->st_count);
    st->df = sq_df;
    st->ctx = d;
    return 0;
}
