/*
 * span_worker.c - the second thread that makes written documents' span
 * summaries (span_worker.h).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "span_worker.h"
#include "store_backend.h"

fh_doc_spans *fh_span_summary(const fahras_tagger *t, fahras_tag_memo *memo,
                              const fahras_analyzer *an, const char *title, size_t title_len,
                              const char *body, size_t body_len, const char *ref_date,
                              fh_text_tokens *toks, fahras_error *err)
{
    fh_doc_spans *sp =
        fh_doc_spans_make(t, memo, an, title, title_len, body, body_len, ref_date, toks, err);
    if (!sp && ref_date && err->code == FAHRAS_ERR_ARG) /* a stored date the value finder cannot read */
        sp = fh_doc_spans_make(t, memo, an, title, title_len, body, body_len, NULL, toks, err);
    return sp;
}

enum { IDLE, QUEUED, DONE };

/* Field b of the document in flight as p[0..n), its buffer kept from the
 * document before; -1 when out of memory. */
static int field_set(sbuf *b, const char *p, size_t n)
{
    b->n = 0;
    b->oom = 0;
    fh_sb_add(b, p, n);
    return b->oom ? -1 : 0;
}

struct fh_span_worker {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv; /* state changed (either side waits on it) */
    int state, quit;
    int in_flight; /* the writer's own record: a document was started and not taken */
    const fahras_tagger *tagger;
    fahras_tag_memo *memo; /* this thread's alone */
    /* the document in flight */
    const fahras_analyzer *an;
    sbuf id, title, body;
    char ref[FAHRAS_DATE_MAX + 8];
    int has_ref;
    fh_text_tokens *toks;
    /* its summary */
    fh_doc_spans *spans;
    fahras_error err;
};

static void *work(void *arg)
{
    fh_span_worker *w = arg;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (w->state != QUEUED && !w->quit) pthread_cond_wait(&w->cv, &w->mu);
        if (w->quit) break;
        pthread_mutex_unlock(&w->mu);
        memset(&w->err, 0, sizeof w->err);
        w->spans = fh_span_summary(w->tagger, w->memo, w->an, w->title.p, w->title.n, w->body.p,
                                   w->body.n, w->has_ref ? w->ref : NULL, w->toks, &w->err);
        pthread_mutex_lock(&w->mu);
        w->state = DONE;
        pthread_cond_broadcast(&w->cv);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

fh_span_worker *fh_span_worker_new(const fahras_tagger *t)
{
    fh_span_worker *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->tagger = t;
    w->memo = fahras_tag_memo_new(NULL); /* out of memory: tagged without */
    if (pthread_mutex_init(&w->mu, NULL)) goto no_mutex;
    if (pthread_cond_init(&w->cv, NULL)) goto no_cond;
    if (pthread_create(&w->thread, NULL, work, w)) goto no_thread;
    return w;
no_thread:
    pthread_cond_destroy(&w->cv);
no_cond:
    pthread_mutex_destroy(&w->mu);
no_mutex:
    fahras_tag_memo_free(w->memo);
    free(w);
    return NULL;
}

void fh_span_worker_free(fh_span_worker *w)
{
    if (!w) return;
    fh_span_result r;
    if (fh_span_worker_take(w, &r)) {
        fh_doc_spans_free(r.spans);
        fh_text_tokens_free(r.toks);
    }
    pthread_mutex_lock(&w->mu);
    w->quit = 1;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    fahras_tag_memo_free(w->memo);
    free(w->id.p);
    free(w->title.p);
    free(w->body.p);
    free(w);
}

int fh_span_worker_start(fh_span_worker *w, const fahras_analyzer *an, const char *id,
                         size_t id_len, const char *title, size_t title_len, const char *body,
                         size_t body_len, const char *ref_date, fh_text_tokens *toks)
{
    /* the fields are the writer's while nothing is in flight */
    if (w->in_flight) return -1;
    if (field_set(&w->id, id, id_len) || field_set(&w->title, title ? title : "", title_len) ||
        field_set(&w->body, body, body_len))
        return -1;
    w->has_ref = ref_date && strlen(ref_date) < sizeof w->ref;
    if (w->has_ref) strcpy(w->ref, ref_date);
    w->an = an;
    w->toks = toks;
    w->spans = NULL;
    pthread_mutex_lock(&w->mu);
    w->state = QUEUED;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    w->in_flight = 1;
    return 0;
}

int fh_span_worker_take(fh_span_worker *w, fh_span_result *out)
{
    if (!w->in_flight) return 0;
    pthread_mutex_lock(&w->mu);
    while (w->state != DONE) pthread_cond_wait(&w->cv, &w->mu);
    w->state = IDLE;
    pthread_mutex_unlock(&w->mu);
    w->in_flight = 0;
    out->id = w->id.p;
    out->id_len = w->id.n;
    out->spans = w->spans;
    out->err = w->err;
    out->toks = w->toks;
    w->spans = NULL;
    w->toks = NULL;
    return 1;
}
