/*
 * exact_sql.c - fh_exact(text, phrase): 1 when the phrase's normalized
 * forms occur as consecutive tokens of text (exact.h), for the plan
 * clauses the index cannot check alone (exact_check in plan.h).  The
 * phrase is analyzed once per statement (SQLite auxdata).
 */
#include "exact.h"
#include "sqlite_store.h"

static void phrase_free(void *p)
{
    fh_exact_phrase_free(p);
}

static void exact_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const fahras_analyzer *an = sqlite3_user_data(ctx);
    fh_exact_phrase *p = sqlite3_get_auxdata(ctx, 1);
    if (!p) {
        const char *ph = (const char *)sqlite3_value_text(argv[1]);
        if (!ph || !(p = fh_exact_phrase_new(an, ph, (size_t)sqlite3_value_bytes(argv[1])))) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
        sqlite3_set_auxdata(ctx, 1, p, phrase_free);
        if (!(p = sqlite3_get_auxdata(ctx, 1))) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
    }
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    size_t len = text ? (size_t)sqlite3_value_bytes(argv[0]) : 0;
    sqlite3_result_int(ctx, fh_exact_phrase_match(an, p, text, len));
}

int sq_register_exact(fh_backend_db *d, fh_err *err)
{
    if (sqlite3_create_function(d->db, "fh_exact", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, d->an,
                                exact_fn, NULL, NULL) != SQLITE_OK)
        return sq_db_fail(d, err, "registering fh_exact");
    return 0;
}
