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
 *
 * A document's near-duplicate, boilerplate and entity records go with it,
 * on its shard, in its transaction (shard_records.c); so do those it
 * changes on other shards (a cluster renamed, a line marked, a document
 * indexed again), in those shards' batches.  Finding its copies and
 * counting its lines read every shard: while one is down, documents are
 * refused, not written with records that miss it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_store.h"

/* The turn of a batch that keeps near-duplicate or boilerplate records:
 * those reach every shard (a copy's cluster, a source's marks, documents
 * indexed again), so two writers each holding their own shards' batches
 * could wait on each other across servers, where no server sees the
 * deadlock.  Batches take turns, as on one database, where they take
 * turns on the statistics row; the lock goes with the session. */
#define WRITE_TURN_SQL(fn) "SELECT " fn "(hashtext('fahras_shard_writes'))"

static int release_turn(fh_backend_db *db, fh_err *err)
{
    if (!db->writes_locked) return 0;
    db->writes_locked = 0;
    return pg_exec_cmd(db, WRITE_TURN_SQL("pg_advisory_unlock"), err, "ending the batch's turn");
}

int pg_shard_begin(fh_backend_db *db, fh_err *err)
{
    if (db->in_tx) return fh_fail(err, "a batch is already open");
    if (db->serial_writes && !db->writes_locked) {
        if (pg_exec_cmd(db, WRITE_TURN_SQL("pg_advisory_lock"), err, "waiting for the batch's turn"))
            return -1;
        db->writes_locked = 1;
        if (pg_shard_records_prepare(db, err)) {
            fh_err e;
            release_turn(db, &e);
            return -1;
        }
    }
    db->in_tx = 1;
    db->lost_changed = 0;
    return 0; /* each shard's batch begins with its first write */
}

void pg_shard_write_reads(fh_backend_db *db)
{
    db->allow_partial = 0;
    db->missing[0] = '\0';
    for (int i = 0; i < db->nshards; i++) {
        fh_err ignored;
        db->shards[i].missing = 0;
        /* one lost inside the batch stays lost: commit reports its documents */
        if (!db->shards[i].db && !db->shards[i].in_batch) pg_shard_db(db, i, &ignored);
    }
    db->deadline = pg_now() + db->timeout_s;
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

fh_backend_db *pg_shard_batch_db(fh_backend_db *db, int i, fh_err *err)
{
    pg_shard *sh = &db->shards[i];
    if (!db->in_tx) {
        fh_fail(err, "no batch is open");
        return NULL;
    }
    /* one lost during this batch gets nothing more until commit reports it */
    if (!pg_shard_db(db, i, err)) return NULL;
    if (!sh->in_batch) {
        if (pg_begin(sh->db, err)) {
            if (PQstatus(sh->db->conn) == CONNECTION_BAD) pg_shard_drop(db, i, err->msg);
            return NULL;
        }
        sh->in_batch = 1;
    }
    return sh->db;
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
    if (!pg_shard_batch_db(db, i, err)) return -1;
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
    fh_err e;
    if (msg.n) rc = fh_fail(err, "%s", msg.oom ? "out of memory" : msg.p);
    if (release_turn(db, &e) && !rc) rc = fh_fail(err, "%s", e.msg);
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
    fh_err e;
    if (release_turn(db, &e) && !rc) rc = fh_fail(err, "%s", e.msg);
    return rc;
}
