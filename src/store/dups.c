/*
 * dups.c - placing a written document in its near-duplicate cluster
 * (dups.h).  Candidates share an LSH band, the exact-text key or the
 * headline key with it; fh_dupsig_same decides.  A cluster is named by the
 * id of the document that began it; a document linking two clusters
 * merges them.
 */
#include <stdlib.h>
#include <string.h>

#include "dupsig.h"
#include "dups.h"

typedef struct found {
    const char *self;
    const fh_dupsig *sig;
    const char *date;
    char **labels; /* distinct clusters of the verified candidates */
    size_t n, cap;
    int oom;
} found;

static int on_candidate(void *ctx, const fh_dup_row *r)
{
    found *f = ctx;
    fh_dupsig other;
    if (!strcmp(r->id, f->self) || fh_dupsig_unpack(r->sig, r->sig_len, &other)) return 0;
    if (!fh_dupsig_same(f->sig, f->date, &other, r->date, NULL)) return 0;
    for (size_t i = 0; i < f->n; i++)
        if (!strcmp(f->labels[i], r->cluster)) return 0;
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 8;
        char **p = realloc(f->labels, cap * sizeof *p);
        if (!p) return f->oom = 1;
        f->labels = p;
        f->cap = cap;
    }
    if (!(f->labels[f->n] = strdup(r->cluster))) return f->oom = 1;
    f->n++;
    return 0;
}

typedef struct old_keys {
    int64_t keys[FH_DUP_MAX_KEYS];
    size_t n;
} old_keys;

static int on_old(void *ctx, const fh_dup_row *r)
{
    old_keys *o = ctx;
    fh_dupsig sig;
    size_t n_band;
    if (!fh_dupsig_unpack(r->sig, r->sig_len, &sig)) o->n = fh_dupsig_keys(&sig, o->keys, &n_band);
    return 0;
}

int fh_dups_add(const fh_store_backend *be, fh_backend_db *db, const fahras_analyzer *an,
                const fh_doc *doc, const fh_dupsig *made, fh_err *err)
{
    fh_dupsig *sig = malloc(sizeof *sig);
    char *id = malloc(doc->id_len + 1), *date = malloc(doc->date_len + 1);
    int rc = -1;
    if (!sig || !id || !date) {
        fh_fail(err, "out of memory");
        goto out;
    }
    memcpy(id, doc->id, doc->id_len);
    id[doc->id_len] = '\0';
    if (doc->date) memcpy(date, doc->date, doc->date_len);
    date[doc->date ? doc->date_len : 0] = '\0';
    if (made) *sig = *made;
    else if (fh_dupsig_make(an, doc, sig, err)) goto out;
    int64_t keys[FH_DUP_MAX_KEYS];
    size_t n_band, nk = fh_dupsig_keys(sig, keys, &n_band);
    found f = {.self = id, .sig = sig, .date = date};
    rc = be->dups_lookup(db, keys, n_band, nk, on_candidate, &f, err);
    if (!rc && f.oom) rc = fh_fail(err, "out of memory");
    /* the first cluster found takes in the others */
    const char *cluster = f.n ? f.labels[0] : id;
    for (size_t i = 1; !rc && i < f.n; i++) rc = be->dups_relabel(db, f.labels[i], cluster, err);
    unsigned char blob[FH_DUPSIG_BLOB];
    fh_dupsig_pack(sig, blob);
    fh_dup_row row = {.id = id, .cluster = cluster, .date = *date ? date : NULL, .sig = blob,
                      .sig_len = sizeof blob};
    old_keys old = {.n = 0}; /* a document indexed again: its earlier keys go */
    if (!rc) rc = be->dups_get(db, id, on_old, &old, err);
    if (!rc) rc = be->dups_put(db, &row, keys, nk, old.keys, old.n, err);
    for (size_t i = 0; i < f.n; i++) free(f.labels[i]);
    free(f.labels);
out:
    free(sig);
    free(id);
    free(date);
    return rc;
}
