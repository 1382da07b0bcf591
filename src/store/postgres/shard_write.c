/*
 * shard_write.c - writing a sharded store: each document goes straight to
 * its shard (route.h, the placement the coordinator's partitions follow),
 * inside that shard's own batch, written by write.c as on one database
 * (upsert, refused documents, the shard's statistics in the same
 * transaction).  A batch of the store is a batch on every shard it
 * touched; commit commits each of them.
 *
 * Every document is on one shard and each shard's batch is one
 * transaction, so after a crash every document is fully in or out, and a
 * shard's statistics always agree with its documents.  A shard that fails
 * loses only its own part of the batch: commit reports those documents by
 * id, commits the rest and says how many were lost (fh_store_commit_lost);
 * running the same import again writes them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_store.h"

int pg_shard_begin(fh_backend_db *db, fh_err *err)
{
    if (db->in_tx) return fh_fail(err, "a batch is already open");
    db->in_tx = 1;
    db->lost_changed = 0;
    return 0; /* each shard's batch begins with its first document */
}

static void batch_forget(pg_shard *sh)
{
    for (size_t k = 0; k < sh->n_ids; k++) free(sh->batch_ids[k]);
    sh->n_ids = 0;
    sh->in_batch = 0;
    sh->batch_changed = 0;
}

static int note_id(pg_shard *sh, const char *id, size_t len)
{
    if (sh->n_ids == sh->cap_ids) {
        size_t cap = sh->cap_ids ? 2 * sh->cap_ids : 64;
        char **p = realloc(sh->batch_ids, cap * sizeof *p);
        if (!p) return -1;
        sh->batch_ids = p;
        sh->cap_ids = cap;
    }
    if (!(sh->batch_ids[sh->n_ids] = strndup(id, len))) return -1;
    sh->n_ids++;
    return 0;
}

int pg_shard_upsert(fh_backend_db *db, const fh_doc *d, int *changed, fh_err *err)
{
    if (!db->in_tx) { /* outside a batch: a batch of one */
        fh_err ignored;
        if (pg_shard_begin(db, err)) return -1;
        if (pg_shard_upsert(db, d, changed, err)) {
            pg_shard_rollback(db, &ignored);
            return -1;
        }
        return pg_shard_commit(db, err);
    }
    int i = pg_shard_of(db, d->id, d->id_len);
    pg_shard *sh = &db->shards[i];
    if (!sh->db && !sh->in_batch && !pg_shard_db(db, i, err)) return -1;
    if (!sh->db) /* lost during this batch: nothing more goes there until commit reports it */
        return fh_fail(err, "shard %s (%s) is unavailable: %s", sh->name, sh->where, sh->down);
    if (!sh->in_batch) {
        if (pg_begin(sh->db, err)) {
            if (PQstatus(sh->db->conn) == CONNECTION_BAD) pg_shard_drop(db, i, err->msg);
            return -1;
        }
        sh->in_batch = 1;
    }
    if (pg_upsert(sh->db, d, changed, err)) {
        if (PQstatus(sh->db->conn) == CONNECTION_BAD) pg_shard_drop(db, i, err->msg);
        return -1;
    }
    if (*changed) sh->batch_changed++;
    if (note_id(sh, d->id, d->id_len)) return fh_fail(err, "out of memory");
    return 0;
}

/* The first line of a shard's error, without the shard's name in front
 * (the report names it once). */
static const char *reason(const pg_shard *sh, const char *why, char *buf, size_t cap)
{
    char label[sizeof sh->name + sizeof sh->where + 16];
    snprintf(label, sizeof label, "shard %s (%s): ", sh->name, sh->where);
    if (!strncmp(why, label, strlen(label))) why += strlen(label);
    snprintf(buf, cap, "%s", why);
    char *nl = strchr(buf, '\n');
    if (nl) *nl = '\0';
    return buf;
}

/* Shard sh failed to store its batch: say which documents are not stored. */
static void report_lost(fh_backend_db *db, pg_shard *sh, const char *why, sbuf *msg)
{
    char head[800], line[300];
    db->lost_changed += sh->batch_changed;
    snprintf(head, sizeof head, "%sshard %s (%s): %.250s: its %zu document%s of this batch %s not stored (",
             msg->n ? "; " : "", sh->name, sh->where, reason(sh, why, line, sizeof line), sh->n_ids,
             sh->n_ids == 1 ? "" : "s", sh->n_ids == 1 ? "is" : "are");
    fh_sb_str(msg, head);
    for (size_t k = 0; k < sh->n_ids && k < 20; k++) {
        fh_sb_str(msg, k ? ", " : "ids ");
        fh_sb_str(msg, sh->batch_ids[k]);
    }
    if (sh->n_ids > 20) {
        char more[48];
        snprintf(more, sizeof more, " and %zu more", sh->n_ids - 20);
        fh_sb_str(msg, more);
    }
    fh_sb_str(msg, ")");
}

int pg_shard_commit(fh_backend_db *db, fh_err *err)
{
    if (!db->in_tx) return 0;
    sbuf msg = {0};
    db->in_tx = 0;
    db->lost_changed = 0;
    for (int i = 0; i < db->nshards; i++) {
        pg_shard *sh = &db->shards[i];
        if (!sh->in_batch && !sh->n_ids) continue;
        fh_err e;
        if (!sh->db) report_lost(db, sh, sh->down, &msg);
        else if (pg_commit(sh->db, &e)) {
            report_lost(db, sh, e.msg, &msg);
            if (PQstatus(sh->db->conn) == CONNECTION_BAD) pg_shard_drop(db, i, e.msg);
        }
        batch_forget(sh);
    }
    int rc = 0;
    if (msg.n) rc = fh_fail(err, "%s", msg.oom ? "out of memory" : msg.p);
    free(msg.p);
    return rc;
}

int pg_shard_rollback(fh_backend_db *db, fh_err *err)
{
    int rc = 0;
    db->in_tx = 0;
    for (int i = 0; i < db->nshards; i++) {
        pg_shard *sh = &db->shards[i];
        if (sh->in_batch && sh->db && pg_rollback(sh->db, err)) rc = -1;
        batch_forget(sh);
    }
    return rc;
}
