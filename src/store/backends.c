/*
 * backends.c - the store backends, in the order targets are tried: a
 * postgresql:// or postgres:// URL or a keyword/value connection string
 * (fh_pg_target) is PostgreSQL's, anything else a SQLite file.  A new backend is one entry here and its own directory.
 */
#include <string.h>

#include "store_backend.h"

extern const fh_store_backend fh_backend_sqlite;
#ifdef HAVE_STORE_PG
extern const fh_store_backend fh_backend_postgres;
#else
/* Without libpq a PostgreSQL target is still recognised, and refused with
 * the reason. */
static int no_pg_open(const char *target, int mode, const fh_store_config *cfg,
                      fh_backend_db **out, fh_err *err)
{
    (void)mode;
    (void)cfg;
    *out = NULL;
    char shown[256];
    fh_target_shown(target, shown, sizeof shown);
    return fh_fail(err, "%.120s: this fahras was built without PostgreSQL support "
                        "(install libpq-dev and rebuild)", shown);
}

static const fh_store_backend fh_backend_postgres = {
    .name = "postgresql", .accepts = fh_pg_target, .open = no_pg_open};
#endif

static const fh_store_backend *const backends[] = {&fh_backend_postgres, &fh_backend_sqlite};

const fh_store_backend *fh_store_backend_for(const char *target)
{
    for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++)
        if (backends[i]->accepts(target)) return backends[i];
    return NULL;
}
