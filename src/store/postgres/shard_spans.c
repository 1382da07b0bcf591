/*
 * shard_spans.c - a sharded store's entity summaries: each document's
 * spans on its shard.
 */
#include <stddef.h>

#include "pg_store.h"

int pg_shard_put_spans(fh_backend_db *db, const fh_doc *doc, const fh_doc_spans *sp, fh_err *err)
{
    fh_backend_db *s = pg_shard_batch_db(db, pg_shard_of(db, doc->id, doc->id_len), err);
    return s ? pg_put_spans(s, doc, sp, err) : -1;
}

/* Every shard reached keeps them (a shard down: the search names it). */
int pg_shard_spans_kept(fh_backend_db *db)
{
    int any = 0;
    for (int i = 0; i < db->nshards; i++) {
        fh_backend_db *s = db->shards[i].db;
        if (!s) continue;
        if (!pg_spans_kept(s)) return 0;
        any = 1;
    }
    return any;
}
