/*
 * ix_sqlite.c - the index's commit protocol with its SQLite database, its
 * reader view and the store-facing search (index.h says what and why).
 *
 *   ix_segment(id, n_docs, n_live, len_title, len_body, dels)
 *       the live segments: documents, live ones, live field lengths, and
 *       the deleted documents as a bitmap (NULL: none)
 *   ix_state(key, value)   instance (which database the files belong to),
 *                          next (the next segment id)
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "filter.h"
#include "guard.h"
#include "index.h"
#include "inverter.h"
#include "merge.h"
#include "store_backend.h"

/* Flush the buffer within a transaction once it holds this much: the
 * memory of indexing is bounded whatever the batch size (segments flushed
 * early are merged like the others). */
#define FLUSH_BYTES ((size_t)4 << 20)
/* Segments of the same size class (powers of MERGE_FACTOR) merged at once. */
#define MERGE_FACTOR 10

typedef struct seg_slot {
    uint64_t id;
    ix_seg seg;
    uint8_t *dels;  /* owned copy, NULL: none */
    uint64_t n_live, len[FH_FIELDS];
} seg_slot;

typedef struct pending_del {
    uint64_t id;
    uint32_t doc;
} pending_del;

struct fh_index {
    sqlite3 *db;
    char *dir;
    const fahras_analyzer *an;
    int writable;
    uint64_t instance;
    seg_slot *segs;
    size_t n_segs;
    ix_view_seg *vsegs;
    ix_view view;
    long long data_version;
    int stale;
    int in_request, request_checked; /* fh_index_request */
    /* the index directory as opened (fh_index_replaced) */
    uint64_t dir_dev, dir_ino;
    int dir_known;
    /* writing */
    ix_inv *inv;
    pending_del *dels;
    size_t n_dels, cap_dels;
    uint64_t *written; /* segment files written in the open transaction */
    size_t n_written, cap_written;
    int broken;        /* a put failed: the transaction must not commit */
    int wrote;         /* this handle listed segments: tidy up when it closes */
    /* searching */
    double **dlnorms; /* [n_segs] the view's dlnorm tables, made at the first search */
    ix_hit *hits;
    size_t cap_hits;
    sqlite3_stmt *st_dv;
};

static int db_err(fh_index *x, fh_err *err, const char *what)
{
    return fh_fail(err, "%s: %s", what, sqlite3_errmsg(x->db));
}

int fh_index_create_schema(sqlite3 *db, fh_err *err)
{
    uint64_t inst = 0;
    FILE *r = fopen("/dev/urandom", "rb");
    if (!r || fread(&inst, sizeof inst, 1, r) != 1) inst = (uint64_t)time(NULL) ^ (uint64_t)getpid() << 32;
    if (r) fclose(r);
    inst &= 0x7fffffffffffffffull; /* an SQLite integer */
    char sql[512];
    snprintf(sql, sizeof sql,
             "CREATE TABLE ix_segment(id INTEGER PRIMARY KEY, n_docs INTEGER NOT NULL,"
             " n_live INTEGER NOT NULL, len_title INTEGER NOT NULL, len_body INTEGER NOT NULL,"
             " dels BLOB);"
             "CREATE TABLE ix_state(key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;"
             "INSERT INTO ix_state VALUES ('instance', %llu), ('next', 1);",
             (unsigned long long)inst);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fh_fail(err, "creating the index tables: %s", msg ? msg : "?");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

int fh_index_in_schema(sqlite3 *db)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_schema WHERE name = 'ix_segment'", -1, &st,
                           NULL) != SQLITE_OK)
        return 0;
    int yes = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return yes;
}

static int state_get(fh_index *x, const char *key, uint64_t *v, fh_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(x->db, "SELECT value FROM ix_state WHERE key = ?1", -1, &st, NULL))
        return db_err(x, err, "reading the index state");
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *v = (uint64_t)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : fh_fail(err, "index state '%s' missing", key);
}

static int exec(fh_index *x, const char *sql, fh_err *err)
{
    char *msg = NULL;
    if (sqlite3_exec(x->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fh_fail(err, "index: %s", msg ? msg : sqlite3_errmsg(x->db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static void seg_path(const fh_index *x, uint64_t id, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s/%llu.seg", x->dir, (unsigned long long)id);
}

int fh_index_open(sqlite3 *db, const char *db_path, const fahras_analyzer *an, int writable,
                  fh_index **out, fh_err *err)
{
    *out = NULL;
    fh_index *x = calloc(1, sizeof *x);
    size_t n = strlen(db_path) + 8;
    if (!x || !(x->dir = malloc(n))) {
        free(x);
        return fh_fail(err, "out of memory");
    }
    snprintf(x->dir, n, "%s.idx", db_path);
    x->db = db;
    x->an = an;
    x->writable = writable;
    x->stale = 1;
    x->data_version = -1;
    if (state_get(x, "instance", &x->instance, err)) {
        fh_index_close(x);
        return -1;
    }
    if (writable) {
        if (mkdir(x->dir, 0755) && errno != EEXIST) {
            fh_fail(err, "%s: %s", x->dir, strerror(errno));
            fh_index_close(x);
            return -1;
        }
        if (!(x->inv = ix_inv_new(an))) {
            fh_index_close(x);
            return fh_fail(err, "out of memory");
        }
    }
    struct stat sb;
    if (stat(x->dir, &sb) == 0) {
        x->dir_dev = (uint64_t)sb.st_dev;
        x->dir_ino = (uint64_t)sb.st_ino;
        x->dir_known = 1;
    }
    *out = x;
    return 0;
}

int fh_index_replaced(const fh_index *x)
{
    struct stat sb;
    if (!x || stat(x->dir, &sb)) return 0; /* removed: the mappings still read */
    if (!x->dir_known) return 1;           /* appeared after the open */
    return (uint64_t)sb.st_dev != x->dir_dev || (uint64_t)sb.st_ino != x->dir_ino;
}

static void drop_segments(fh_index *x)
{
    for (size_t i = 0; i < x->n_segs; i++) {
        ix_seg_close(&x->segs[i].seg);
        free(x->segs[i].dels);
    }
    if (x->dlnorms)
        for (size_t i = 0; i < x->n_segs; i++) free(x->dlnorms[i]);
    free(x->dlnorms);
    x->dlnorms = NULL;
    free(x->segs);
    free(x->vsegs);
    x->segs = NULL;
    x->vsegs = NULL;
    x->n_segs = 0;
}

void fh_index_close(fh_index *x)
{
    if (!x) return;
    if (x->wrote && !x->broken && sqlite3_get_autocommit(x->db)) {
        /* a writer done: merge the segments besides the largest into one,
         * so searches open few (a failure leaves the index as it was) */
        fh_err err;
        fh_index_maintain(x, FH_INDEX_MERGE_TAIL, &err);
    }
    drop_segments(x);
    ix_inv_free(x->inv);
    free(x->dels);
    free(x->written);
    free(x->hits);
    sqlite3_finalize(x->st_dv);
    free(x->dir);
    free(x);
}

/* ------------------------------------------------------------------ */
/* The view: the segments ix_segment lists                             */
/* ------------------------------------------------------------------ */

static long long data_version(fh_index *x)
{
    if (!x->st_dv && sqlite3_prepare_v3(x->db, "PRAGMA data_version", -1, SQLITE_PREPARE_PERSISTENT,
                                        &x->st_dv, NULL) != SQLITE_OK)
        return -1;
    long long v = sqlite3_step(x->st_dv) == SQLITE_ROW ? sqlite3_column_int64(x->st_dv, 0) : -1;
    sqlite3_reset(x->st_dv);
    return v;
}

/* Take segment id: from the old view when it had it (dels refreshed),
 * else mapped from its file. */
static int adopt(fh_index *x, seg_slot *old, size_t n_old, seg_slot *s, fh_err *err)
{
    for (size_t i = 0; i < n_old; i++)
        if (old[i].id == s->id && old[i].seg.base) {
            s->seg = old[i].seg;
            memset(&old[i].seg, 0, sizeof old[i].seg);
            return 0;
        }
    char path[4096], msg[300];
    seg_path(x, s->id, path, sizeof path);
    int rc = ix_seg_open(&s->seg, path, msg, sizeof msg);
    if (rc) return fh_fail(err, "%s", msg);
    if (s->seg.instance != x->instance || s->seg.id != s->id) {
        ix_seg_close(&s->seg);
        return fh_fail(err, "%s: a segment of another database", path);
    }
    /* a reader's: it looks terms up every query.  A writer looks up none
     * (a lookup without the sample is a plain binary search), and sampling
     * would fault in the dictionary of every segment it flushes or merges */
    if (!x->writable) ix_seg_sample_terms(&s->seg);
    return 0;
}

static int load_rows(fh_index *x, seg_slot **out, size_t *n_out, fh_err *err)
{
    sqlite3_stmt *st;
    *out = NULL;
    *n_out = 0;
    if (sqlite3_prepare_v2(x->db, "SELECT id, n_docs, n_live, len_title, len_body, dels FROM ix_segment ORDER BY id",
                           -1, &st, NULL) != SQLITE_OK)
        return db_err(x, err, "reading the index");
    seg_slot *v = NULL;
    size_t n = 0, cap = 0;
    int rc, bad = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && !bad) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            seg_slot *nv = realloc(v, cap * sizeof *nv);
            if (!nv) { bad = 1; break; }
            v = nv;
        }
        seg_slot *s = &v[n++];
        memset(s, 0, sizeof *s);
        s->id = (uint64_t)sqlite3_column_int64(st, 0);
        uint64_t n_docs = (uint64_t)sqlite3_column_int64(st, 1);
        s->n_live = (uint64_t)sqlite3_column_int64(st, 2);
        s->len[0] = (uint64_t)sqlite3_column_int64(st, 3);
        s->len[1] = (uint64_t)sqlite3_column_int64(st, 4);
        int nb = sqlite3_column_bytes(st, 5);
        if (nb > 0) {
            if ((uint64_t)nb < (n_docs + 7) / 8 || !(s->dels = malloc((size_t)nb))) { bad = 1; break; }
            memcpy(s->dels, sqlite3_column_blob(st, 5), (size_t)nb);
        }
    }
    sqlite3_finalize(st);
    if (bad || (rc != SQLITE_DONE && rc != SQLITE_ROW)) {
        for (size_t i = 0; i < n; i++) free(v[i].dels);
        free(v);
        return bad ? fh_fail(err, "reading the index: out of memory or a bad deletion list")
                   : db_err(x, err, "reading the index");
    }
    *out = v;
    *n_out = n;
    return 0;
}

static int refresh_once(fh_index *x, fh_err *err)
{
    seg_slot *v;
    size_t n;
    if (load_rows(x, &v, &n, err)) return -1;
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) rc = adopt(x, x->segs, x->n_segs, &v[i], err);
    ix_view_seg *vs = calloc(n ? n : 1, sizeof *vs);
    if (!rc && !vs) rc = fh_fail(err, "out of memory");
    if (rc) {
        for (size_t i = 0; i < n; i++) {
            ix_seg_close(&v[i].seg);
            free(v[i].dels);
        }
        free(v);
        free(vs);
        return -1;
    }
    drop_segments(x);
    x->segs = v;
    x->n_segs = n;
    x->vsegs = vs;
    memset(&x->view, 0, sizeof x->view);
    for (size_t i = 0; i < n; i++) {
        vs[i] = (ix_view_seg){&v[i].seg, v[i].dels, NULL};
        x->view.n_docs += v[i].n_live;
        for (int f = 0; f < FH_FIELDS; f++) x->view.len_total[f] += v[i].len[f];
    }
    x->view.segs = vs;
    x->view.n_segs = n;
    x->stale = 0;
    return 0;
}

/* Whether every mapped segment file is still the one mapped: a file
 * overwritten in place (a copy made over the index directory) may have
 * shrunk under its mapping, and reading past its new end would kill the
 * process (SIGBUS); another file at its path means the directory was
 * replaced.  A file removed is no danger (the mapping keeps it: a merge
 * removes the segments it replaced, and the list read again drops them).
 * Checked before every search; a file cut short during a search is caught
 * by the guard the search runs in (run_guarded). */
static int segments_intact(const fh_index *x)
{
    for (size_t i = 0; i < x->n_segs; i++) {
        const ix_seg *g = &x->segs[i].seg;
        if (!g->mapped) continue;
        char path[4096];
        struct stat sb;
        seg_path(x, x->segs[i].id, path, sizeof path);
        if (stat(path, &sb)) continue;
        if ((uint64_t)sb.st_dev != g->dev || (uint64_t)sb.st_ino != g->ino ||
            (uint64_t)sb.st_size != g->size ||
            (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec != g->mtime_ns)
            return 0;
    }
    return 1;
}

/* Bring the view up to date with the database (a segment file may vanish
 * under a reader when a merge commits in between: read the list again).
 * A view that cannot be had fails with FH_ERR_UNAVAILABLE: the store opens
 * the database and its index again. */
static int refresh(fh_index *x, fh_err *err)
{
    if (x->in_request && x->request_checked && !x->stale) return 0;
    if (!segments_intact(x)) {
        drop_segments(x); /* never read again */
        memset(&x->view, 0, sizeof x->view);
        x->stale = 1;
        return fh_fail_kind(err, FH_ERR_UNAVAILABLE,
                            "%s: a segment file was replaced or changed under this reader "
                            "(replace a database by renaming it and its index directory into "
                            "place, never by copying over them)",
                            x->dir);
    }
    long long dv = data_version(x);
    if (x->stale || dv != x->data_version || dv < 0) {
        for (int attempt = 0;; attempt++) {
            if (!refresh_once(x, err)) break;
            if (attempt == 3) {
                err->kind = FH_ERR_UNAVAILABLE;
                return -1;
            }
            struct timespec ts = {0, 20000000};
            nanosleep(&ts, NULL);
        }
        x->data_version = dv;
    }
    x->request_checked = x->in_request;
    return 0;
}

void fh_index_request(fh_index *x, int begin)
{
    if (!x) return;
    x->in_request = begin;
    x->request_checked = 0;
}

/* The readers' calls, each run in a guard (guard.h): a segment file
 * truncated or rewritten in place during the call (which the check before
 * it cannot see) fails it with FH_ERR_UNAVAILABLE instead of killing the
 * process; the view is dropped and read again from the files next time.
 * (A file cut short while refresh maps it leaks that mapping: a rare race,
 * an operator copying over a served index.) */
typedef struct guarded {
    fh_index *x;
    fh_err *err;
    const void *in;
    void *out, *out2;
} guarded;

static int run_guarded(fh_index *x, int (*fn)(void *), guarded *g)
{
    int rc = ix_guard_run(fn, g);
    if (rc != IX_ECHANGED) return rc;
    drop_segments(x);
    memset(&x->view, 0, sizeof x->view);
    x->stale = 1;
    return fh_fail_kind(g->err, FH_ERR_UNAVAILABLE,
                        "%s: a segment file was cut short under a search (replace a database by "
                        "renaming it and its index directory into place, never by copying over them)",
                        x->dir);
}

static int docs_body(void *p)
{
    guarded *g = p;
    if (refresh(g->x, g->err)) return -1;
    *(long long *)g->out = (long long)g->x->view.n_docs;
    return 0;
}

long long fh_index_docs(fh_index *x, fh_err *err)
{
    long long n = -1;
    guarded g = {x, err, NULL, &n, NULL};
    return run_guarded(x, docs_body, &g) ? -1 : n;
}

typedef struct df_ask {
    const fh_plan_clause *const *c;
    size_t n;
} df_ask;

static int df_body(void *p)
{
    guarded *g = p;
    if (refresh(g->x, g->err)) return -1;
    const df_ask *a = g->in;
    for (size_t i = 0; i < a->n; i++) {
        uint64_t n;
        char msg[256];
        if (ix_clause_df(&g->x->view, a->c[i], &n, msg, sizeof msg)) return fh_fail(g->err, "%s", msg);
        ((long long *)g->out)[i] = (long long)n;
    }
    return 0;
}

/* One view for all n clauses: the checks of the files are made once. */
int fh_index_df(fh_index *x, const fh_plan_clause *const *c, size_t n, long long *df, fh_err *err)
{
    df_ask a = {c, n};
    guarded g = {x, err, &a, df, NULL};
    return run_guarded(x, df_body, &g);
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */
/* ------------------------------------------------------------------ */

/* Remove files of the index directory that no listed segment owns (a
 * killed flush or merge); the caller holds the write lock. */
static void collect_garbage(fh_index *x)
{
    DIR *d = opendir(x->dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char *end;
        unsigned long long id = strtoull(e->d_name, &end, 10);
        int listed = 0;
        if (!strcmp(end, ".seg"))
            for (size_t i = 0; i < x->n_segs && !listed; i++) listed = x->segs[i].id == id;
        if (listed) continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", x->dir, e->d_name);
        unlink(path);
    }
    closedir(d);
}

int fh_index_begin(fh_index *x, fh_err *err)
{
    ix_inv_clear(x->inv);
    x->n_dels = x->n_written = 0;
    x->broken = 0;
    x->stale = 1;
    if (refresh(x, err)) return -1;
    collect_garbage(x);
    return 0;
}

static int is_deleted(const fh_index *x, size_t s, uint32_t doc)
{
    const seg_slot *g = &x->segs[s];
    if (g->dels && (g->dels[doc >> 3] >> (doc & 7) & 1)) return 1;
    for (size_t i = 0; i < x->n_dels; i++)
        if (x->dels[i].id == g->id && x->dels[i].doc == doc) return 1;
    return 0;
}

/* Mark the live version of rowid deleted (at the next flush). */
static int delete_rowid(fh_index *x, int64_t rowid, fh_err *err)
{
    if (ix_inv_delete(x->inv, rowid)) return 0;
    for (size_t s = 0; s < x->n_segs; s++) {
        uint32_t doc = ix_seg_find_rowid(&x->segs[s].seg, rowid);
        if (doc == IX_NONE || is_deleted(x, s, doc)) continue;
        if (x->n_dels == x->cap_dels) {
            size_t c = x->cap_dels ? x->cap_dels * 2 : 64;
            pending_del *p = realloc(x->dels, c * sizeof *p);
            if (!p) return fh_fail(err, "out of memory");
            x->dels = p;
            x->cap_dels = c;
        }
        x->dels[x->n_dels++] = (pending_del){x->segs[s].id, doc};
        return 0;
    }
    return 0;
}

int fh_index_put(fh_index *x, int64_t rowid, const fh_doc *doc, int replacing, fh_err *err)
{
    if (x->broken) return fh_fail(err, "index: an earlier failure in this transaction");
    if (replacing && delete_rowid(x, rowid, err)) {
        x->broken = 1;
        return -1;
    }
    ix_inv_doc d = {rowid, doc->title, doc->title ? doc->title_len : 0, doc->body, doc->body_len,
                    doc->source, doc->source ? doc->source_len : 0, doc->category,
                    doc->category ? doc->category_len : 0, doc->date, doc->date ? doc->date_len : 0,
                    doc->tap, doc->tap_ctx};
    if (doc->tap_fed) *doc->tap_fed = doc->tap != NULL;
    if (ix_inv_add(x->inv, &d)) {
        x->broken = 1;
        return fh_fail(err, "index: out of memory");
    }
    if (ix_inv_bytes(x->inv) > FLUSH_BYTES) return fh_index_flush(x, err);
    return 0;
}

/* Write the pending deletions into the rows of their segments. */
static int apply_deletes(fh_index *x, fh_err *err)
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    for (size_t s = 0; s < x->n_segs && !rc; s++) {
        seg_slot *g = &x->segs[s];
        size_t nb = ((size_t)g->seg.n_docs + 7) / 8;
        uint8_t *bits = NULL;
        for (size_t i = 0; i < x->n_dels; i++) {
            if (x->dels[i].id != g->id) continue;
            if (!bits) {
                if (!(bits = calloc(nb ? nb : 1, 1))) return fh_fail(err, "out of memory");
                if (g->dels) memcpy(bits, g->dels, nb);
            }
            uint32_t d = x->dels[i].doc;
            if (bits[d >> 3] >> (d & 7) & 1) continue;
            bits[d >> 3] |= (uint8_t)(1u << (d & 7));
            g->n_live--;
            for (int f = 0; f < FH_FIELDS; f++) g->len[f] -= ix_seg_len(&g->seg, d, f);
        }
        if (!bits) continue;
        if (!st && sqlite3_prepare_v2(x->db, "UPDATE ix_segment SET n_live = ?2, len_title = ?3, len_body = ?4, dels = ?5 WHERE id = ?1",
                                      -1, &st, NULL) != SQLITE_OK)
            rc = db_err(x, err, "recording deletions");
        if (!rc) {
            sqlite3_reset(st);
            sqlite3_bind_int64(st, 1, (sqlite3_int64)g->id);
            sqlite3_bind_int64(st, 2, (sqlite3_int64)g->n_live);
            sqlite3_bind_int64(st, 3, (sqlite3_int64)g->len[0]);
            sqlite3_bind_int64(st, 4, (sqlite3_int64)g->len[1]);
            sqlite3_bind_blob(st, 5, bits, (int)nb, SQLITE_TRANSIENT);
            if (sqlite3_step(st) != SQLITE_DONE) rc = db_err(x, err, "recording deletions");
        }
        free(bits);
    }
    sqlite3_finalize(st);
    x->n_dels = 0;
    return rc;
}

static int note_written(fh_index *x, uint64_t id)
{
    if (x->n_written == x->cap_written) {
        size_t c = x->cap_written ? x->cap_written * 2 : 8;
        uint64_t *p = realloc(x->written, c * sizeof *p);
        if (!p) return -1;
        x->written = p;
        x->cap_written = c;
    }
    x->written[x->n_written++] = id;
    return 0;
}

/* List a new segment file: its row and the next id. */
static int list_segment(fh_index *x, uint64_t id, fh_err *err)
{
    char path[4096], msg[300];
    seg_path(x, id, path, sizeof path);
    ix_seg g;
    if (ix_seg_open(&g, path, msg, sizeof msg)) return fh_fail(err, "%s", msg);
    char sql[256];
    snprintf(sql, sizeof sql,
             "INSERT INTO ix_segment(id, n_docs, n_live, len_title, len_body) VALUES "
             "(%llu, %u, %u, %llu, %llu); UPDATE ix_state SET value = %llu WHERE key = 'next'",
             (unsigned long long)id, g.n_docs, g.n_docs, (unsigned long long)g.len_total[0],
             (unsigned long long)g.len_total[1], (unsigned long long)id + 1);
    ix_seg_close(&g);
    return exec(x, sql, err);
}

int fh_index_flush(fh_index *x, fh_err *err)
{
    if (x->broken) return fh_fail(err, "index: an earlier failure in this transaction");
    if (x->n_dels && apply_deletes(x, err)) goto fail;
    if (ix_inv_docs(x->inv) > 0) {
        uint64_t id;
        char path[4096], msg[300];
        if (state_get(x, "next", &id, err)) goto fail;
        seg_path(x, id, path, sizeof path);
        if (note_written(x, id)) {
            fh_fail(err, "out of memory");
            goto fail;
        }
        if (ix_inv_flush(x->inv, path, x->instance, id, msg, sizeof msg)) {
            fh_fail(err, "writing the index: %s", msg);
            goto fail;
        }
        if (list_segment(x, id, err)) goto fail;
        x->wrote = 1;
    }
    ix_inv_clear(x->inv);
    x->stale = 1;
    return refresh(x, err);
fail:
    x->broken = 1;
    return -1;
}

void fh_index_abort(fh_index *x)
{
    ix_inv_clear(x->inv);
    x->n_dels = 0;
    x->broken = 0;
    for (size_t i = 0; i < x->n_written; i++) {
        char path[4096];
        seg_path(x, x->written[i], path, sizeof path);
        unlink(path);
    }
    x->n_written = 0;
    x->stale = 1;
}

/* ------------------------------------------------------------------ */
/* Merging                                                             */
/* ------------------------------------------------------------------ */

static int size_class(uint64_t n)
{
    int c = 0;
    while (n >= MERGE_FACTOR) {
        n /= MERGE_FACTOR;
        c++;
    }
    return c;
}

/* Keep the k segments of in[0..n) with the fewest live documents, in
 * their order: a merge reads at most k inputs at once, its resident pages
 * (each input's current pages and their neighbours) bounded whatever the
 * number of segments; the rest merge in the next rounds. */
static size_t smallest(const fh_index *x, size_t *in, size_t n, size_t k)
{
    while (n > k) {
        size_t drop = 0;
        for (size_t i = 1; i < n; i++)
            if (x->segs[in[i]].n_live > x->segs[in[drop]].n_live) drop = i;
        memmove(in + drop, in + drop + 1, (n - drop - 1) * sizeof *in);
        n--;
    }
    return n;
}

/* The segments to merge next into in[] (indexes into x->segs): MERGE_FACTOR
 * of one size class, or (all) every segment; 0 when none is due. */
static size_t pick_merge(const fh_index *x, int all, size_t *in)
{
    if (all == FH_INDEX_MERGE_TAIL) {
        size_t big = 0, n = 0;
        for (size_t i = 1; i < x->n_segs; i++)
            if (x->segs[i].n_live > x->segs[big].n_live) big = i;
        for (size_t i = 0; i < x->n_segs; i++)
            if (i != big) in[n++] = i;
        if (n < 2) return 0;
        return smallest(x, in, n, MERGE_FACTOR);
    }
    if (all) {
        int dels = x->n_segs == 1 && x->segs[0].n_live < x->segs[0].seg.n_docs;
        if (x->n_segs < 2 && !dels) return 0;
        for (size_t i = 0; i < x->n_segs; i++) in[i] = i;
        return x->n_segs;
    }
    for (int c = 0; c < 12; c++) {
        size_t n = 0;
        for (size_t i = 0; i < x->n_segs; i++)
            if (size_class(x->segs[i].n_live) == c) in[n++] = i;
        if (n >= MERGE_FACTOR) return n;
    }
    return 0;
}

/* One merge in its own transaction; *done = 1 when nothing was due. */
static int merge_once(fh_index *x, int all, int *done, fh_err *err)
{
    *done = 1;
    if (exec(x, "BEGIN IMMEDIATE", err)) return -1;
    x->stale = 1;
    size_t *in = NULL;
    ix_merge_in *mi = NULL;
    uint64_t *ids = NULL;
    size_t n = 0;
    uint64_t id = 0;
    int rc = refresh(x, err);
    if (!rc && x->n_segs) {
        in = malloc(x->n_segs * sizeof *in);
        mi = malloc(x->n_segs * sizeof *mi);
        ids = malloc(x->n_segs * sizeof *ids);
        if (!in || !mi || !ids) rc = fh_fail(err, "out of memory");
    }
    if (!rc && x->n_segs && (n = pick_merge(x, all, in)) > 0) {
        *done = 0;
        char path[4096], msg[300];
        for (size_t i = 0; i < n; i++) {
            mi[i] = (ix_merge_in){&x->segs[in[i]].seg, x->segs[in[i]].dels};
            ids[i] = x->segs[in[i]].id;
        }
        rc = state_get(x, "next", &id, err);
        seg_path(x, id, path, sizeof path);
        if (!rc && ix_merge(mi, n, path, x->instance, id, msg, sizeof msg)) rc = fh_fail(err, "%s", msg);
        for (size_t i = 0; i < n && !rc; i++) {
            char sql[96];
            snprintf(sql, sizeof sql, "DELETE FROM ix_segment WHERE id = %llu", (unsigned long long)ids[i]);
            rc = exec(x, sql, err);
        }
        if (!rc) rc = list_segment(x, id, err);
        if (rc) unlink(path);
    }
    if (!rc) rc = exec(x, "COMMIT", err);
    if (rc) {
        sqlite3_exec(x->db, "ROLLBACK", NULL, NULL, NULL);
    } else {
        for (size_t i = 0; i < n; i++) { /* readers holding them keep their mappings */
            char path[4096];
            seg_path(x, ids[i], path, sizeof path);
            unlink(path);
        }
    }
    x->stale = 1;
    free(in);
    free(mi);
    free(ids);
    return rc;
}

int fh_index_maintain(fh_index *x, int all, fh_err *err)
{
    x->n_written = 0; /* committed: the files are the database's now */
    for (int round = 0; round < 64; round++) {
        int done;
        if (merge_once(x, all, &done, err)) return -1;
        if (done) break;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Searching                                                           */
/* ------------------------------------------------------------------ */

/* The index's value kinds are the store's filter kinds (filter.h). */
_Static_assert((int)IX_FACET_SOURCE == (int)FH_FILTER_SOURCE &&
                   (int)IX_FACET_CATEGORY == (int)FH_FILTER_CATEGORY &&
                   (int)IX_FACET_DATE == (int)FH_FILTER_DATE,
               "index value kinds are filter kinds");

static int filter_pass(void *ctx, int kind, const char *v)
{
    return fh_filter_pass(ctx, kind, v);
}

/* The facets of hits[0..n) from the segments' per-document values: each
 * hit's live document found by its row id (no row of the database read). */
static int facets_of_hits(const ix_view *v, const ix_hit *hits, size_t n,
                          int (*fn)(void *ctx, int kind, const char *value, uint64_t count),
                          void *ctx)
{
    for (size_t i = 0; i < n; i++)
        for (size_t s = 0; s < v->n_segs; s++) {
            const ix_view_seg *vs = &v->segs[s];
            uint32_t d = ix_seg_find_rowid(vs->seg, hits[i].rowid);
            if (d == IX_NONE || (vs->dels && (vs->dels[d >> 3] >> (d & 7) & 1))) continue;
            for (int k = 0; k < IX_FACETS; k++) {
                uint32_t id = ix_seg_facet(vs->seg, d, k);
                const char *val = id && id <= vs->seg->n_dict[k] ? ix_seg_facet_value(vs->seg, k, id) : NULL;
                if (val && fn(ctx, k, val, 1)) return 0;
            }
            break;
        }
    return 0;
}

/* Whether the top k holds every match: a heap never full prunes nothing
 * (search.h), so fewer than k hits are all the matches. */
static int hits_are_all(const fh_index_query *q, const fh_index_result *res)
{
    return q->k > 0 && res->n_hits < q->k;
}

/* The total and facets: from the hits when they are every match, else
 * from a visit of every match (the count bounded by q->total_bound). */
static int count_matches(fh_index *x, const fh_index_query *q, const ix_request *r,
                         fh_index_result *res, fh_err *err)
{
    char msg[300];
    if (hits_are_all(q, res)) {
        if (q->on_facet) facets_of_hits(&x->view, res->hits, res->n_hits, q->on_facet, q->facet_ctx);
        res->total = (long)res->n_hits;
        res->total_exact = 1;
        return 0;
    }
    if (q->on_facet) {
        uint64_t total;
        if (ix_facets(&x->view, r, &total, q->on_facet, q->facet_ctx, msg, sizeof msg))
            return fh_fail(err, "index: %s", msg);
        res->total = (long)total;
        res->total_exact = 1;
    } else if (q->want_total) {
        uint64_t n;
        if (ix_count(&x->view, r, q->total_bound, &n, msg, sizeof msg)) return fh_fail(err, "index: %s", msg);
        res->total = (long)n;
        res->total_exact = !q->total_bound || n <= q->total_bound;
    }
    return 0;
}

/* The view's dlnorm tables (ix_view_dlnorms), once per refresh: a search
 * then reads each document's instead of working it out at each posting.
 * Without memory for them the search works them out as before. */
static void make_dlnorms(fh_index *x)
{
    if (x->dlnorms || !x->n_segs || !(x->dlnorms = calloc(x->n_segs, sizeof *x->dlnorms))) return;
    for (size_t i = 0; i < x->n_segs; i++) {
        x->dlnorms[i] = ix_view_dlnorms(&x->view, &x->segs[i].seg);
        x->vsegs[i].dlnorm = x->dlnorms[i];
    }
}

static int search_body(fh_index *x, const fh_index_query *q, fh_index_result *res, fh_err *err)
{
    if (refresh(x, err)) return -1;
    make_dlnorms(x);
    const fh_query *fq = q->q;
    ix_request r = {q->plan,
                    {fh_filter_kinds(fq), filter_pass, (void *)fq, q->by_rowid, q->rowids, q->n_rowids},
                    q->k, q->exhaustive, q->on_work, q->work_ctx, fq->sort};
    char msg[300];
    if (q->k > x->cap_hits) {
        ix_hit *h = realloc(x->hits, q->k * sizeof *h);
        if (!h) return fh_fail(err, "out of memory");
        x->hits = h;
        x->cap_hits = q->k;
    }
    if (ix_search(&x->view, &r, x->hits, &res->n_hits, &res->work, msg, sizeof msg))
        return fh_fail(err, "index: %s", msg);
    res->hits = x->hits;
    return q->on_facet || q->want_total ? count_matches(x, q, &r, res, err) : 0;
}

static int search_guarded(void *p)
{
    guarded *g = p;
    return search_body(g->x, g->in, g->out, g->err);
}

int fh_index_search(fh_index *x, const fh_index_query *q, fh_index_result *res, fh_err *err)
{
    memset(res, 0, sizeof *res);
    guarded g = {x, err, q, res, NULL};
    int rc = run_guarded(x, search_guarded, &g);
    if (rc) memset(res, 0, sizeof *res);
    return rc;
}
