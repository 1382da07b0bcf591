/*
 * store.c - the fh_store_* API: picks the backend for the target, checks
 * every request once (ids, UTF-8, limits, dates, the query language),
 * builds the query plan with the backend's statistics, runs the relaxed
 * retry, counts facets and makes snippets; the backend only evaluates the
 * plan (store_backend.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "boiler.h"
#include "dups.h"
#include "dupsig.h"
#include "highlight.h"
#include "route.h"
#include "filter.h"
#include "span_worker.h"
#include "store_backend.h"
#include "tagger_record.h"
#include "variants.h"

struct fh_store {
    const fh_store_backend *be;
    fh_backend_db *db; /* NULL while a read store could not be opened again */
    /* What opened it, to open it again (read stores only). */
    char *target;
    int mode;
    fh_store_config cfg;
    fahras_options asked;
    char *baseline;
    /* Opening again after a failure waits retry_s (doubling up to
     * FH_STORE_RETRY_MAX_S) from the last attempt. */
    double next_try, retry_s;
    char down[256]; /* why it is unavailable ("" when it is up) */
    fh_budget budget;
    long long last_work; /* work counted by the last read request */
    int in_batch;
    int dups; /* near-duplicate clusters are kept on writes */
    int entities; /* entities, dates and counts are kept on writes */
    fahras_tagger *tagger; /* made when first needed (writing, entity filters) */
    fahras_tag_memo *tag_memo; /* the tagger's words, kept from article to article on writes */
    fh_text_tokens *text_toks; /* an article's tokens as indexed, its buffers reused on writes */
    /* Writes with cfg.entity_thread: the thread making the last written
     * document's spans (NULL: made here, or not yet started), and the
     * tokens it gave back, for the document after the next. */
    fh_span_worker *span_worker;
    int span_worker_tried;
    fh_text_tokens *spare_toks;
    /* Writes: the tagger record (tagger_record.h) the first spans written
     * bring with them, when it changes. */
    char tagger_record[FH_TAGGER_RECORD_MAX];
    int tagger_record_due;
};

/* Longest wait between two attempts to open a store again. */
#define FH_STORE_RETRY_MAX_S 8.0

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

_Static_assert(sizeof(((fh_stats *)0)->entity_tagger) == FH_TAGGER_RECORD_MAX,
               "fh_stats.entity_tagger holds a tagger record");

/* The store's tagger record (tagger_record.h) into buf
 * (FH_TAGGER_RECORD_MAX bytes; "" when it holds none or its backend keeps
 * no records): 1 found, 0 not, -1 on error. */
static int tagger_record_read(fh_store *s, char *buf, fh_err *err)
{
    buf[0] = '\0';
    if (!s->be->record_get) return 0;
    int found = s->be->record_get(s->db, FH_TAGGER_RECORD_KEY, buf, FH_TAGGER_RECORD_MAX, err);
    if (found <= 0) buf[0] = '\0';
    return found;
}

/* A write store that keeps entities: the tagger record its first spans
 * write (tagger_record.h), worked out from the record it holds now and,
 * when it holds none, whether it holds documents already. */
static int tagger_record_plan(fh_store *s, fh_err *err)
{
    if (!s->be->record_get || !s->be->record_set) return 0;
    char have[FH_TAGGER_RECORD_MAX], mine[FAHRAS_TAGGER_STAMP_MAX];
    int found = tagger_record_read(s, have, err);
    if (found < 0) return -1;
    int had_docs = 0;
    if (!found) {
        fh_stats st;
        memset(&st, 0, sizeof st);
        if (s->be->stats(s->db, &st, err)) return -1;
        had_docs = st.documents > 0;
    }
    fahras_tagger_stamp(mine, sizeof mine);
    s->tagger_record_due =
        fh_tagger_record_next(have, had_docs, mine, s->tagger_record, sizeof s->tagger_record);
    return 0;
}

int fh_store_open(const char *target, int mode, const fh_store_config *cfg, fh_store **out,
                  fh_err *err)
{
    *out = NULL;
    if (!target || !*target) return fh_fail(err, "no database given");
    if (mode != FH_STORE_READ && mode != FH_STORE_WRITE) return fh_fail(err, "bad open mode");
    const fh_store_backend *be = fh_store_backend_for(target);
    if (!be) return fh_fail(err, "%.200s: no store backend for this target", target);
    fh_store *s = calloc(1, sizeof *s);
    if (!s || !(s->target = strdup(target))) {
        free(s);
        return fh_fail(err, "out of memory");
    }
    s->be = be;
    s->mode = mode;
    if (cfg && cfg->analyzer) {
        s->asked = *cfg->analyzer;
        s->cfg.analyzer = &s->asked;
    }
    if (cfg && cfg->baseline_tokenizer && !(s->baseline = strdup(cfg->baseline_tokenizer))) {
        fh_store_close(s);
        return fh_fail(err, "out of memory");
    }
    s->cfg.baseline_tokenizer = s->baseline;
    if (cfg) {
        s->cfg.fts5 = cfg->fts5;
        s->cfg.no_dups = cfg->no_dups;
        s->cfg.no_entities = cfg->no_entities;
        s->cfg.no_boilerplate = cfg->no_boilerplate;
        s->cfg.entity_thread = cfg->entity_thread;
    }
    /* no clusters for a baseline store (its keys are not fahras keys) */
    int baseline = s->baseline && *s->baseline && strcmp(s->baseline, "fahras");
    s->dups = !(s->cfg.no_dups || baseline);
    s->entities = !(s->cfg.no_entities || baseline);
    if (be->open(target, mode, &s->cfg, &s->db, err)) {
        fh_mask_secrets(target, err->msg, sizeof err->msg);
        fh_store_close(s);
        return -1;
    }
    if (be->variant) { /* what the target holds decides the operations */
        const fh_store_backend *v = be->variant(s->db);
        if (v) s->be = v;
    }
    if (mode == FH_STORE_WRITE && fh_store_keeps_entities(s) && tagger_record_plan(s, err)) {
        fh_store_close(s);
        return -1;
    }
    *out = s;
    return 0;
}

void fh_store_close(fh_store *s)
{
    if (!s) return;
    fh_span_worker_free(s->span_worker); /* a batch not committed: its spans go with it */
    fh_text_tokens_free(s->spare_toks);
    if (s->db) s->be->close(s->db);
    fahras_tagger_free(s->tagger);
    fahras_tag_memo_free(s->tag_memo);
    fh_text_tokens_free(s->text_toks);
    free(s->target);
    free(s->baseline);
    free(s);
}

const fahras_analyzer *fh_store_analyzer(const fh_store *s)
{
    return s && s->db ? s->be->analyzer(s->db) : NULL;
}

void fh_store_set_budget(fh_store *s, const fh_budget *b)
{
    memset(&s->budget, 0, sizeof s->budget);
    if (b) s->budget = *b;
}

/* The store's entity tagger, made on first use. */
static const fahras_tagger *store_tagger(fh_store *s, fh_err *err)
{
    if (!s->tagger) {
        fahras_error fe;
        if (!(s->tagger = fahras_tagger_new(s->db ? s->be->analyzer(s->db) : NULL, &fe)))
            fh_fail(err, "entity tagger: %s", fe.message);
    }
    return s->tagger;
}

/*
 * Before a read request: a store whose backend no longer reads its target
 * (a SQLite file replaced, a PostgreSQL session lost) is opened again; one
 * that could not be opened is tried again once its wait is over, else the
 * request is answered "unavailable" at once.  Write stores are left as
 * they are (an index run stops on its first failure), their spans in
 * flight stored.
 */
static int spans_settle(fh_store *s, fh_err *err);

static int ensure_open(fh_store *s, fh_err *err)
{
    /* a write store reads what it wrote: the spans in flight first */
    if (s->mode != FH_STORE_READ) return spans_settle(s, err);
    if (s->db && !(s->be->stale && s->be->stale(s->db))) return 0;
    if (s->db) {
        s->be->close(s->db);
        s->db = NULL;
        s->next_try = 0; /* first attempt at once */
    }
    double t = now_s();
    if (t < s->next_try)
        return fh_fail_kind(err, FH_ERR_UNAVAILABLE, "%s (next attempt in %.1f s)", s->down,
                            s->next_try - t);
    if (s->be->open(s->target, s->mode, &s->cfg, &s->db, err)) {
        fh_mask_secrets(s->target, err->msg, sizeof err->msg);
        s->db = NULL;
        s->retry_s = s->retry_s > 0 ? s->retry_s * 2 : 0.25;
        if (s->retry_s > FH_STORE_RETRY_MAX_S) s->retry_s = FH_STORE_RETRY_MAX_S;
        s->next_try = t + s->retry_s;
        snprintf(s->down, sizeof s->down, "%.255s", err->msg);
        err->kind = FH_ERR_UNAVAILABLE;
        return -1;
    }
    s->retry_s = 0;
    s->down[0] = '\0';
    return 0;
}

int fh_store_check(fh_store *s, fh_err *err)
{
    return ensure_open(s, err);
}

int fh_store_up(const fh_store *s)
{
    return s->db != NULL;
}

long long fh_store_last_work(const fh_store *s)
{
    return s->last_work;
}

int fh_store_begin(fh_store *s, fh_err *err)
{
    if (!s->be->begin(s->db, err)) {
        s->in_batch = 1;
        return 0;
    }
    fh_mask_secrets(s->target, err->msg, sizeof err->msg);
    return -1;
}

/* Tokens the worker gave back, kept for the document after the next. */
static void keep_spare_toks(fh_store *s, fh_text_tokens *toks)
{
    if (!s->spare_toks) s->spare_toks = toks;
    else fh_text_tokens_free(toks);
}

/* Store the spans of the document the worker made them for (none in
 * flight: nothing to do), and keep its tokens for another document. */
static int spans_settle(fh_store *s, fh_err *err)
{
    fh_span_result r;
    if (!s->span_worker || !fh_span_worker_take(s->span_worker, &r)) return 0;
    keep_spare_toks(s, r.toks);
    int id_shown = r.id_len > 80 ? 80 : (int)r.id_len;
    if (!r.spans)
        return fh_fail(err, "id \"%.*s\": entities: %s (byte %zu)", id_shown, r.id, r.err.message,
                       r.err.offset);
    fh_doc doc = {.id = r.id, .id_len = r.id_len};
    int rc = s->be->put_spans(s->db, &doc, r.spans, err);
    fh_doc_spans_free(r.spans);
    if (rc && err) {
        char was[sizeof err->msg];
        snprintf(was, sizeof was, "%s", err->msg);
        snprintf(err->msg, sizeof err->msg, "id \"%.*s\": entities: %.400s", id_shown, r.id, was);
    }
    return rc;
}

/* The spans of the document in flight, dropped with the batch. */
static void spans_drop(fh_store *s)
{
    fh_span_result r;
    if (!s->span_worker || !fh_span_worker_take(s->span_worker, &r)) return;
    fh_doc_spans_free(r.spans);
    keep_spare_toks(s, r.toks);
}

int fh_store_commit(fh_store *s, fh_err *err)
{
    s->in_batch = 0;
    /* the last document's spans first; without them the batch is not
     * whole, so it is rolled back */
    if (spans_settle(s, err)) {
        s->be->rollback(s->db, NULL);
        fh_mask_secrets(s->target, err->msg, sizeof err->msg);
        return -1;
    }
    if (!s->be->commit(s->db, err)) {
        return 0;
    }
    fh_mask_secrets(s->target, err->msg, sizeof err->msg);
    return -1;
}

int fh_store_rollback(fh_store *s, fh_err *err)
{
    s->in_batch = 0;
    spans_drop(s);
    if (!s->be->rollback(s->db, err)) {
        return 0;
    }
    fh_mask_secrets(s->target, err->msg, sizeof err->msg);
    return -1;
}

/* A document field must be valid UTF-8 without NUL bytes (stored text is
 * C strings in both backends; PostgreSQL rejects NUL outright). */
static int check_field(const char *name, const char *p, size_t n, fh_err *err)
{
    if (!p || !n) return 0;
    size_t bad;
    if (fahras_utf8_check(p, n, &bad) != FAHRAS_OK)
        return fh_fail_kind(err, FH_ERR_QUERY, "%s: invalid UTF-8 at byte %zu", name, bad);
    const char *nul = memchr(p, '\0', n);
    if (nul)
        return fh_fail_kind(err, FH_ERR_QUERY, "%s: NUL character at byte %zu", name,
                            (size_t)(nul - p));
    return 0;
}

int fh_store_keeps_entities(const fh_store *s)
{
    return s && s->entities && s->be->put_spans != NULL;
}

/* The document's entities, dates and counts (spans.h), relative dates
 * resolved against its date, kept by the backend. */
static int put_spans(fh_store *s, const fh_doc *doc, fh_text_tokens *toks, fh_err *err)
{
    const fahras_tagger *t = store_tagger(s, err);
    if (!t) return -1;
    /* in the write's transaction: the record and the spans stand or fall together */
    if (s->tagger_record_due) {
        if (s->be->record_set(s->db, FH_TAGGER_RECORD_KEY, s->tagger_record, err)) return -1;
        s->tagger_record_due = 0;
    }
    if (s->cfg.entity_thread && !s->span_worker_tried) {
        s->span_worker_tried = 1;
        s->span_worker = fh_span_worker_new(t); /* NULL: made here */
    }
    if (!s->span_worker && !s->tag_memo)
        s->tag_memo = fahras_tag_memo_new(NULL); /* out of memory: tagged without */
    char ref[FAHRAS_DATE_MAX + 8];
    const char *use = NULL;
    if (doc->date && doc->date_len && doc->date_len < sizeof ref) {
        memcpy(ref, doc->date, doc->date_len);
        ref[doc->date_len] = '\0';
        use = ref;
    }
    /* boilerplate blanked, as indexed: a footer naming the site is not an
     * entity of every article (blanks keep the spans' byte offsets) */
    char *blanked = NULL;
    if (fh_boiler_apply(doc->body, doc->body_len, doc->mask, doc->mask_len, &blanked))
        return fh_fail(err, "out of memory");
    const char *body = blanked ? blanked : doc->body;
    const fahras_analyzer *an = s->be->analyzer(s->db);
    if (s->span_worker &&
        !fh_span_worker_start(s->span_worker, an, doc->id, doc->id_len, doc->title,
                              doc->title ? doc->title_len : 0, body, doc->body_len, use, toks)) {
        free(blanked);
        /* toks is the worker's now: the next document's go elsewhere */
        if (toks) {
            s->text_toks = s->spare_toks;
            s->spare_toks = NULL;
        }
        return 0;
    }
    fahras_error fe;
    fh_doc_spans *sp = fh_span_summary(t, s->tag_memo, an, doc->title, doc->title_len, body,
                                       doc->body_len, use, toks, &fe);
    free(blanked);
    if (!sp) return fh_fail(err, "entities: %s (byte %zu)", fe.message, fe.offset);
    int rc = s->be->put_spans(s->db, doc, sp, err);
    fh_doc_spans_free(sp);
    return rc;
}

/* What a backend that analyzes the text for its index hands each token
 * to (the doc's tap): the near-duplicate signature and the tokens kept
 * for the entity pass, so the text is analyzed once. */
typedef struct taps {
    void *sig;            /* fh_dupsig_begin's, or NULL */
    fh_text_tokens *toks; /* or NULL */
} taps;

static int tap_all(void *ctx, int field, const fahras_token *t)
{
    taps *p = ctx;
    if (p->sig) fh_dupsig_token(p->sig, field, t);
    if (p->toks) fh_text_tokens_tap(p->toks, field, t);
    return 0;
}

/* Write doc (carrying its boilerplate mask, if any) and place it in its
 * near-duplicate cluster.  A backend that analyzes the text for its index
 * hands each token of the text as indexed, boilerplate blanked, to the
 * signature and to toks (when given); *fed says whether it did. */
static int upsert_clustered(fh_store *s, const fh_doc *doc, fh_text_tokens *toks, int *fed,
                            int *changed, fh_err *err)
{
    fh_dupsig sig;
    taps p = {fh_dupsig_begin(&sig), toks};
    if (!p.sig) return fh_fail(err, "out of memory");
    fh_doc tapped = *doc;
    tapped.tap = tap_all;
    tapped.tap_ctx = &p;
    tapped.tap_fed = fed;
    int rc = s->be->upsert(s->db, &tapped, changed, err);
    fh_dupsig_end(p.sig);
    if (rc || !*changed) return rc;
    if (*fed) return fh_dups_add(s->be, s->db, s->be->analyzer(s->db), doc, &sig, err);
    /* no tap: the signature analyzes the body as indexed */
    char *blanked = NULL;
    if (fh_boiler_apply(doc->body, doc->body_len, doc->mask, doc->mask_len, &blanked))
        return fh_fail(err, "out of memory");
    fh_doc d = *doc;
    if (blanked) d.body = blanked;
    rc = fh_dups_add(s->be, s->db, s->be->analyzer(s->db), &d, NULL, err);
    free(blanked);
    return rc;
}

/* The backend's upsert of doc, its tokens as indexed into toks (when
 * given and the backend analyzes the text); *fed says whether it did. */
static int upsert_tapped(fh_store *s, const fh_doc *doc, fh_text_tokens *toks, int *fed, int *changed,
                         fh_err *err)
{
    if (!toks) return s->be->upsert(s->db, doc, changed, err);
    taps p = {NULL, toks};
    fh_doc tapped = *doc;
    tapped.tap = tap_all;
    tapped.tap_ctx = &p;
    tapped.tap_fed = fed;
    return s->be->upsert(s->db, &tapped, changed, err);
}

/* The store's write of one document carrying its boilerplate mask (the
 * document given, or one boilerplate indexes again): the backend's upsert,
 * then, when it changed, its near-duplicate cluster and its entities (read
 * from the tokens the index analyzed, when it did). */
static int write_indexed(void *ctx, const fh_doc *doc, int *changed, fh_err *err)
{
    fh_store *s = ctx;
    int ents = fh_store_keeps_entities(s), fed = 0;
    /* out of memory here: the entity pass analyzes the text itself */
    size_t title_len = doc->title ? doc->title_len : 0;
    fh_text_tokens *toks = NULL;
    if (ents && s->text_toks) fh_text_tokens_start(toks = s->text_toks, title_len);
    else if (ents) toks = s->text_toks = fh_text_tokens_new(title_len);
    int rc = s->dups && s->be->dups_put ? upsert_clustered(s, doc, toks, &fed, changed, err)
                                         : upsert_tapped(s, doc, toks, &fed, changed, err);
    /* the spans of the document before, made by the worker meanwhile */
    fh_err settle_err;
    int settled = spans_settle(s, rc ? &settle_err : err);
    if (!rc) rc = settled;
    else if (settled && err) { /* both said */
        size_t at = strlen(err->msg);
        snprintf(err->msg + at, sizeof err->msg - at, "; %s", settle_err.msg);
    }
    if (!rc && *changed && ents) rc = put_spans(s, doc, fed ? toks : NULL, err);
    return rc;
}

static int store_date(const fh_doc *doc, char *iso, fh_doc *out, fh_err *err)
{
    out->date = NULL;
    out->date_len = 0;
    if (!doc->date || !doc->date_len) return 0;
    fahras_error de;
    if (fahras_date_normalize(doc->date, doc->date_len, 0, iso, FAHRAS_DATE_MAX, NULL, &de) != FAHRAS_OK)
        return fh_fail_kind(err, FH_ERR_QUERY, "date: %s", de.message);
    out->date = iso;
    out->date_len = strlen(iso);
    return 0;
}

int fh_store_upsert(fh_store *s, const fh_doc *doc, int *changed, fh_err *err)
{
    int dummy;
    if (!changed) changed = &dummy;
    *changed = 0;
    if (!doc || !doc->id || !doc->id_len) return fh_fail(err, "document without an id");
    if (doc->id_len > FH_MAX_ID_BYTES)
        return fh_fail(err, "id is %zu bytes, longer than the limit of %d", doc->id_len,
                       FH_MAX_ID_BYTES);
    if (!doc->body || !doc->body_len) return fh_fail(err, "document without a body");
    if (check_field("id", doc->id, doc->id_len, err) ||
        check_field("title", doc->title, doc->title_len, err) ||
        check_field("body", doc->body, doc->body_len, err) ||
        check_field("date", doc->date, doc->date_len, err) ||
        check_field("source", doc->source, doc->source_len, err) ||
        check_field("category", doc->category, doc->category_len, err) ||
        check_field("url", doc->url, doc->url_len, err) ||
        check_field("extra", doc->extra_json, doc->extra_json_len, err))
        return -1;
    if (!s->in_batch) { /* a batch of one: the document and its cluster together */
        if (fh_store_begin(s, err)) return -1;
        if (fh_store_upsert(s, doc, changed, err)) {
            fh_store_rollback(s, NULL);
            return -1;
        }
        return fh_store_commit(s, err);
    }
    fh_doc plain = *doc; /* a mask is the store's to set */
    plain.mask = NULL;
    plain.mask_len = 0;
    /* a date is stored in fahras_date_normalize's ISO 8601 form or not at
     * all, so every backend compares and orders dates as ASCII strings */
    char iso[FAHRAS_DATE_MAX];
    if (store_date(doc, iso, &plain, err)) return -1;
    int rc = s->be->boiler_get && !s->cfg.no_boilerplate
                 ? fh_boiler_upsert(s->be, s->db, s->be->analyzer(s->db), &plain, write_indexed, s,
                                    changed, err)
                 : write_indexed(s, &plain, changed, err);
    if (rc) {
        fh_mask_secrets(s->target, err->msg, sizeof err->msg);
        return -1;
    }
    return 0;
}

static int check_query(const fh_query *q, fh_parsed_query **pq, fh_err *err)
{
    *pq = NULL;
    if (!q || !q->q) return fh_fail_kind(err, FH_ERR_QUERY, "no query given");
    if (q->limit < 1 || q->limit > FH_MAX_LIMIT)
        return fh_fail_kind(err, FH_ERR_QUERY, "limit %d out of range 1..%d", q->limit,
                            FH_MAX_LIMIT);
    if (q->offset < 0) return fh_fail_kind(err, FH_ERR_QUERY, "offset %d is negative", q->offset);
    if (fh_check_date_filter(q->date_from, q->date_to, err)) return -1;
    if (q->match != FH_MATCH_DEFAULT && q->match != FH_MATCH_ANY && (q->match < 1 || q->match > 100))
        return fh_fail_kind(err, FH_ERR_QUERY, "match %d%% out of range 1..100", q->match);
    if (q->sort < FH_SORT_RELEVANCE || q->sort > FH_SORT_OLDEST)
        return fh_fail_kind(err, FH_ERR_QUERY, "unknown sort order %d", q->sort);
    if (check_field("source", q->source, q->source ? strlen(q->source) : 0, err) ||
        check_field("category", q->category, q->category ? strlen(q->category) : 0, err))
        return -1;
    if (fh_query_browses(q)) return 0; /* *pq stays NULL: no words to parse */
    return fh_query_parse(q->q, strlen(q->q), pq, err);
}

/* The plan of a browse as the highlighter reads it: no words, so a
 * snippet is the body's beginning. */
static const fh_plan no_words;

/* The learned variant spellings of key, from the backend's rows. */
static int store_variants(void *ctx, const char *key, char (*out)[FAHRAS_MAX_TERM_BYTES],
                          size_t max, fh_err *err)
{
    fh_store *s = ctx;
    return s->be->variants_get(s->db, key, out, max, err);
}

/* The plan of pq as this store searches it (q: its options, or NULL). */
static int make_plan(fh_store *s, const fh_query *q, const fh_parsed_query *pq, int relaxed,
                     fh_plan **out, fh_err *err)
{
    fh_plan_opts o = {0};
    fh_plan_stats st = {0};
    if (s->be->planning(s->db, &o, &st, err)) return -1;
    o.relaxed = relaxed;
    /* the highlighter of a whole document (q NULL) marks as mode any */
    int match = q ? q->match : FH_MATCH_ANY;
    if (match == FH_MATCH_DEFAULT) match = FH_MATCH_DEFAULT_MODE;
    o.match_pct = match < 0 ? 0 : match;
    if (q && q->no_spelling) o.near_spelling = 0;
    if (s->be->variants_get && !(q && q->no_variants)) {
        o.variants = 1;
        st.variants = store_variants;
        st.variants_ctx = s;
    }
    if (fh_plan_build(s->be->analyzer(s->db), pq, &o, &st, out, err)) return -1;
    /* words that are only punctuation ("؟؟؟", "...") ask for nothing: the
     * same answer as a query of operators alone ("*") */
    if ((*out)->empty) {
        fh_plan_free(*out);
        *out = NULL;
        return fh_fail_kind(err, FH_ERR_QUERY, "query: no words to search for (only punctuation)");
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Search                                                              */
/* ------------------------------------------------------------------ */

typedef struct hit_relay {
    fh_hit_fn fn;
    void *ctx;
    const fh_highlighter *hl; /* NULL: no snippets */
    size_t scan;              /* bytes of each body a snippet is made from */
    int delivered;
    int failed;               /* out of memory making a snippet */
    fh_err *err;
} hit_relay;

/* Runs of spaces as one: what is left of a blanked line inside a snippet. */
static void squeeze_spaces(char *s)
{
    char *w = s;
    for (const char *p = s; *p; p++)
        if (!(*p == ' ' && w > s && w[-1] == ' ')) *w++ = *p;
    *w = '\0';
}

static int relay_hit(void *ctx, const fh_backend_hit *bh)
{
    hit_relay *r = ctx;
    fh_hit h = bh->hit;
    char *snippet = NULL, *masked = NULL;
    if (r->hl) {
        /* boilerplate is blanked: never the text of a snippet */
        if (bh->body && fh_boiler_apply(bh->body, bh->body_len, bh->mask, bh->mask_len, &masked)) {
            fh_fail(r->err, "out of memory");
            r->failed = 1;
            return 1;
        }
        const char *body = masked ? masked : bh->body ? bh->body : "";
        size_t len = bh->body ? bh->body_len : 0;
        if (masked) /* a blanked footer is not the snippet's tail */
            while (len > 0 && (body[len - 1] == ' ' || body[len - 1] == '\n' || body[len - 1] == '\r'))
                len--;
        int rc = fh_highlight_snippet_in(r->hl, body, len, r->scan, &snippet, r->err);
        free(masked);
        if (rc) {
            r->failed = 1;
            return 1;
        }
        if (masked) squeeze_spaces(snippet);
        h.snippet = snippet;
    }
    r->delivered++;
    int stop = r->fn(r->ctx, &h);
    free(snippet);
    return stop;
}

/* One evaluation of plan p. */
static int run_plan(fh_store *s, const fh_query *q, const fh_plan *p, hit_relay *relay,
                    fh_facets *facets, const fh_entity_filters *ents, fh_entfacets *entfacets,
                    int want_total, long *total, int *total_lower, fh_err *err)
{
    *total = 0;
    *total_lower = 0;
    relay->delivered = 0;
    fh_highlighter *hl = NULL;
    if (!q->no_snippets && !(hl = fh_highlighter_new(s->be->analyzer(s->db), p ? p : &no_words, err)))
        return -1;
    relay->hl = hl;
    relay->scan = fh_snippet_scan(q->limit);
    fh_backend_search req = {
        .q = q,
        .plan = p,
        .want_bodies = !q->no_snippets,
        .body_bytes = relay->scan + 1,
        .want_total = want_total,
        .total_bound = FH_TOTAL_EXACT_UP_TO,
        .total_lower = total_lower,
        .on_hit = relay_hit,
        .hit_ctx = relay,
        .facets = facets,
        .ents = ents,
        .entfacets = entfacets,
    };
    int rc = s->be->search(s->db, &req, total, err);
    fh_highlighter_free(hl);
    relay->hl = NULL;
    return rc || relay->failed ? -1 : 0;
}

/* The query as searched: each word a near spelling stood in for replaced
 * by it ("" when none did). */
static void write_rewritten(const fh_parsed_query *pq, const fh_plan *p, char *out, size_t cap)
{
    out[0] = '\0';
    if (!pq || !p || !p->n_near) return;
    sbuf b = {0};
    for (size_t i = 0; i < pq->n; i++) {
        const fh_qclause *c = &pq->clauses[i];
        const char *op = c->occur == FH_Q_MUST_NOT ? "-" : c->occur == FH_Q_MUST && c->kind == FH_QC_WORD ? "+" : "";
        const char *q = c->kind == FH_QC_PHRASE ? "\"" : "";
        if (i) fh_sb_str(&b, " ");
        fh_sb_str(&b, op);
        fh_sb_str(&b, q);
        /* the clause's text with each word a near spelling stands in for
         * replaced (a word typed twice is one clause of the plan, named by
         * its first: matched here by its text) */
        size_t at = 0;
        for (size_t k = 0; k < p->n; k++) {
            const fh_plan_clause *n = &p->clauses[k];
            if (n->origin != FH_ORIGIN_NEAR) continue;
            const fh_qclause *typed = &pq->clauses[n->query_clause];
            const char *word = typed->text + n->span_start;
            size_t wlen = n->span_end - n->span_start;
            size_t from = n->query_clause == i ? n->span_start
                          : c->len == wlen && !memcmp(c->text, word, wlen) ? 0 : SIZE_MAX;
            if (from == SIZE_MAX || from < at) continue;
            fh_sb_add(&b, c->text + at, from - at);
            fh_sb_str(&b, n->text);
            at = from + wlen;
        }
        fh_sb_add(&b, c->text + at, c->len - at);
        fh_sb_str(&b, q);
        if (c->prefix) fh_sb_str(&b, "*");
    }
    if (!b.oom && b.p) snprintf(out, cap, "%s", b.p);
    free(b.p);
}

/* Copy a word into a rewrite field, cut at a character boundary. */
static void copy_word(char *out, const char *s, size_t n)
{
    if (n >= FH_REWRITE_BYTES) {
        n = FH_REWRITE_BYTES - 1;
        while (n && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    }
    memcpy(out, s, n);
    out[n] = '\0';
}

/* Every change plan p made to the query: each near spelling and each
 * word's variant spellings in clause order, then the relaxed retry. */
static void list_rewrites(const fh_parsed_query *pq, const fh_plan *p, int relaxed,
                          fh_search_info *info)
{
    info->n_rewrites = 0;
    for (size_t k = 0; p && k < p->n; k++) {
        const fh_plan_clause *c = &p->clauses[k];
        if (c->origin != FH_ORIGIN_TYPED || info->n_rewrites == FH_MAX_REWRITES) continue;
        const fh_qclause *q = &pq->clauses[c->query_clause];
        fh_rewrite *spell = NULL, *var = NULL;
        for (size_t j = k + 1; j < p->n; j++) {
            const fh_plan_clause *a = &p->clauses[j];
            if (a->alt_of != k || (a->origin != FH_ORIGIN_NEAR && a->origin != FH_ORIGIN_VARIANT))
                continue;
            fh_rewrite **slot = a->origin == FH_ORIGIN_NEAR ? &spell : &var;
            if (!*slot) {
                if (info->n_rewrites == FH_MAX_REWRITES) break;
                *slot = &info->rewrites[info->n_rewrites++];
                memset(*slot, 0, sizeof **slot);
                (*slot)->kind = a->origin == FH_ORIGIN_NEAR ? FH_REWRITE_SPELLING : FH_REWRITE_VARIANTS;
                copy_word((*slot)->from, q->text + c->span_start, c->span_end - c->span_start);
            }
            if (a->origin == FH_ORIGIN_NEAR) copy_word(spell->to, a->text, a->len);
            else if (var->n_with < sizeof var->with / sizeof var->with[0])
                copy_word(var->with[var->n_with++], a->text, a->len);
        }
    }
    if (relaxed && info->n_rewrites < FH_MAX_REWRITES) {
        memset(&info->rewrites[info->n_rewrites], 0, sizeof info->rewrites[0]);
        info->rewrites[info->n_rewrites++].kind = FH_REWRITE_RELAXED;
    }
}

typedef struct search_run {
    fh_store *s;
    const fh_query *q;
    const fh_parsed_query *pq;
    hit_relay relay;
    fh_facets *facets;
    const fh_entity_filters *ents; /* NULL: none */
    fh_entfacets *entfacets;       /* NULL: not wanted */
    int want_total;
    long total;
    int total_lower; /* total is a lower bound (store_backend.h) */
    int total_upper; /* total is an upper bound (collapse.c) */
    long docs;  /* the documents the last evaluation matched (total before collapsing) */
    fh_plan *plan;
    int relaxed;
} search_run;

/* Count the facets of a new evaluation afresh. */
static int reset_facets(search_run *r, fh_err *err)
{
    if (r->facets) {
        fh_facets_free(r->facets);
        if (!(r->facets = fh_facets_new())) return fh_fail(err, "out of memory");
    }
    if (r->entfacets) {
        fh_entfacets_free(r->entfacets);
        if (!(r->entfacets = fh_entfacets_new(r->ents))) return fh_fail(err, "out of memory");
    }
    return 0;
}

/* The plan, then the relaxed plan when nothing matched every required
 * clause (a question quoting a title spelled otherwise in the text):
 * rather than no answer, rank by the same words with nothing required. */
static int search_with_retry(search_run *r, int *relaxed, fh_err *err)
{
    *relaxed = 0;
    if (!r->pq) { /* a browse: the filters alone, no plan */
        int rc = run_plan(r->s, r->q, NULL, &r->relay, r->facets, r->ents, r->entfacets,
                          r->want_total, &r->total, &r->total_lower, err);
        r->docs = r->total;
        return rc;
    }
    if (make_plan(r->s, r->q, r->pq, 0, &r->plan, err) ||
        run_plan(r->s, r->q, r->plan, &r->relay, r->facets, r->ents, r->entfacets, r->want_total,
                 &r->total, &r->total_lower, err))
        return -1;
    r->docs = r->total;
    if (r->relay.delivered || r->q->offset || r->total || !fh_plan_can_relax(r->plan)) return 0;
    if (reset_facets(r, err)) return -1; /* the facets of the relaxed search */
    *relaxed = 1;
    /* the same words, dfs and spellings: derived, not looked up again */
    if (fh_plan_relax(r->plan, r->pq)) {
        fh_plan_free(r->plan);
        r->plan = NULL;
        if (make_plan(r->s, r->q, r->pq, 1, &r->plan, err)) return -1;
    }
    int rc = run_plan(r->s, r->q, r->plan, &r->relay, r->facets, r->ents, r->entfacets,
                      r->want_total, &r->total, &r->total_lower, err);
    r->docs = r->total;
    return rc;
}

/* One evaluation for collapse.c: the facets and plan of the latest run
 * are the search's. */
static int collapse_run(void *ctx, const fh_query *q, fh_hit_fn fn, void *fn_ctx, long *total,
                        const fh_plan **plan, fh_err *err)
{
    search_run *r = ctx;
    int relaxed;
    fh_plan_free(r->plan);
    r->plan = NULL;
    if (reset_facets(r, err)) return -1;
    r->q = q;
    r->relay.fn = fn;
    r->relay.ctx = fn_ctx;
    r->want_total = 1;
    int rc = search_with_retry(r, &relaxed, err);
    r->relaxed = relaxed;
    *total = r->total;
    *plan = r->pq ? r->plan : &no_words;
    return rc;
}

/* For collapse.c: how many of the latest evaluation's matches share a
 * cluster with another of them, asked of the backend with the same plan,
 * filters and entity filters; not where the count stopped at a bound. */
static int collapse_hidden(void *ctx, long *hidden, fh_err *err)
{
    search_run *r = ctx;
    if (!r->s->be->hidden_copies || r->total_lower) return 0;
    fh_backend_search req = {.q = r->q, .plan = r->pq ? r->plan : NULL, .ents = r->ents};
    return r->s->be->hidden_copies(r->s->db, &req, hidden, err);
}

/* ------------------------------------------------------------------ */
/* Read requests                                                       */
/* ------------------------------------------------------------------ */

/* One attempt at a read request on s (open); may_retry receives whether
 * nothing reached the caller yet. */
typedef int (*request_fn)(fh_store *s, void *ctx, int *may_retry, fh_err *err);

/* Run a read request: its store checked (opened again if it went away),
 * its work counted against the budget, and run once more when the store
 * went away under it before anything reached the caller. */
static int read_request(fh_store *s, request_fn fn, void *ctx, fh_err *err)
{
    for (int attempt = 0;; attempt++) {
        if (ensure_open(s, err)) return -1;
        if (s->be->request_begin) s->be->request_begin(s->db, &s->budget);
        int may_retry = 1;
        long long work = 0;
        int rc = fn(s, ctx, &may_retry, err);
        int over = s->be->request_end ? s->be->request_end(s->db, &work) : 0;
        s->last_work = work;
        if (!rc) return 0;
        fh_mask_secrets(s->target, err->msg, sizeof err->msg);
        if (over) {
            char limit[96];
            if (s->budget.steps && s->budget.ms)
                snprintf(limit, sizeof limit, "%lld steps or %ld ms", s->budget.steps, s->budget.ms);
            else if (s->budget.steps) snprintf(limit, sizeof limit, "%lld steps", s->budget.steps);
            else snprintf(limit, sizeof limit, "%ld ms", s->budget.ms);
            return fh_fail_kind(err, FH_ERR_BUDGET,
                                "stopped: this request needs more work than one request may do "
                                "(%s); narrow the query: more words, a phrase, filters, or "
                                "prefixes of more letters", limit);
        }
        if (attempt || !may_retry || err->kind == FH_ERR_QUERY || s->mode != FH_STORE_READ ||
            !s->be->stale || !s->be->stale(s->db))
            return -1;
    }
}

typedef struct search_req {
    const fh_query *q;
    const fh_parsed_query *pq;
    fh_hit_fn on_hit;
    void *hit_ctx;
    fh_facet_fn on_facet;
    void *facet_ctx;
    fh_search_info *info;
    const fh_entity_filters *ents; /* NULL: none */
} search_req;

static int count_none(void *ctx, const fh_hit *h)
{
    (void)ctx;
    (void)h;
    return 1;
}

/* The documents holding every word of the query (fh_search_info's
 * total_all): the documents the search matched when it required them
 * all, else the count of the same query under match mode all. */
static int count_all(fh_store *s, const search_run *r, const fh_query *asked,
                     const fh_parsed_query *pq, int relaxed, long *out, int *lower, fh_err *err)
{
    *lower = 0;
    if (!pq) { /* a browse: every document passing the filters */
        *out = r->docs;
        *lower = r->total_lower;
        return 0;
    }
    if (relaxed) {
        /* the search found nothing with its words required: none held all */
        *out = 0;
        return 0;
    }
    /* articles, copies of a story included: what the search's evaluation
     * counted before collapsing copies */
    if (r->plan && r->plan->match_pct >= 100) {
        *out = r->docs;
        *lower = r->total_lower;
        return 0;
    }
    fh_query q = *asked; /* r->q may be collapse.c's copy, gone by now */
    q.match = FH_MATCH_ALL;
    q.limit = 1;
    q.offset = 0;
    q.no_snippets = 1;
    q.sort = FH_SORT_RELEVANCE;
    fh_parsed_query every = *pq; /* OR makes a query's words alternatives: not here */
    every.any_or = 0;
    fh_plan *p = NULL;
    hit_relay relay = {.fn = count_none, .err = err};
    int rc = make_plan(s, &q, &every, 0, &p, err) ||
             run_plan(s, &q, p, &relay, NULL, r->ents, NULL, 1, out, lower, err);
    fh_plan_free(p);
    return rc ? -1 : 0;
}

static int search_once(fh_store *s, void *ctx, int *may_retry, fh_err *err)
{
    search_req *sr = ctx;
    search_run r = {
        .s = s,
        .q = sr->q,
        .pq = sr->pq,
        .relay = {.fn = sr->on_hit, .ctx = sr->hit_ctx, .err = err},
        .want_total = sr->info != NULL && !sr->q->no_total,
        .ents = sr->ents,
    };
    int rc = 0, relaxed = 0;
    if (sr->on_facet && !(r.facets = fh_facets_new())) rc = fh_fail(err, "out of memory");
    if (!rc && sr->q->entity_facets && s->be->spans_kept && s->be->spans_kept(s->db) &&
        !(r.entfacets = fh_entfacets_new(sr->ents)))
        rc = fh_fail(err, "out of memory");
    if (!rc && sr->ents && !(s->be->spans_kept && s->be->spans_kept(s->db)))
        rc = fh_fail_kind(err, FH_ERR_QUERY,
                          "entity and event filters: this store keeps no entities (it was "
                          "indexed with --no-entities or a baseline tokenizer)");
    if (s->be->search_start) s->be->search_start(s->db, sr->q);
    if (!rc && !sr->q->no_collapse && s->be->dups_clusters) {
        rc = fh_collapse_search(s->be, s->db, s->be->analyzer(s->db), sr->q, collapse_run,
                                collapse_hidden, &r,
                                sr->on_hit, sr->hit_ctx, &r.total, &r.total_upper, err);
        relaxed = r.relaxed;
    } else if (!rc) {
        rc = search_with_retry(&r, &relaxed, err);
    }
    *may_retry = r.relay.delivered == 0;
    if (!rc && r.facets) fh_facets_emit(r.facets, sr->on_facet, sr->facet_ctx);
    if (!rc && r.entfacets && fh_entfacets_emit(r.entfacets, sr->q->entity_facets))
        rc = fh_fail(err, "entity facets: out of memory");
    if (!rc && sr->info)
        rc = count_all(s, &r, sr->q, sr->pq, relaxed, &sr->info->total_all,
                       &sr->info->total_all_is_lower_bound, err);
    if (!rc && sr->info) {
        sr->info->total = r.want_total ? r.total : -1;
        sr->info->total_is_lower_bound = r.want_total && r.total_lower;
        sr->info->total_is_upper_bound = r.want_total && r.total_upper && !r.total_lower;
        sr->info->relaxed = relaxed;
        sr->info->browse = !sr->pq;
        /* the mode the answer was counted under: any after the relaxed
         * retry or for a query holding OR */
        int used = !sr->pq ? FH_MATCH_ALL : r.plan && r.plan->match_pct ? r.plan->match_pct : FH_MATCH_ANY;
        fh_match_name(used, sr->info->match, sizeof sr->info->match);
        write_rewritten(sr->pq, r.plan, sr->info->rewritten, sizeof sr->info->rewritten);
        list_rewrites(sr->pq, r.plan, relaxed, sr->info);
        if (s->be->search_done) s->be->search_done(s->db, sr->info);
    }
    fh_facets_free(r.facets);
    fh_entfacets_free(r.entfacets);
    fh_plan_free(r.plan);
    return rc;
}

int fh_store_search(fh_store *s, const fh_query *q, fh_hit_fn on_hit, void *hit_ctx,
                    fh_facet_fn on_facet, void *facet_ctx, fh_search_info *info, fh_err *err)
{
    if (info) memset(info, 0, sizeof *info);
    fh_parsed_query *pq;
    if (check_query(q, &pq, err)) return -1;
    /* a browse has no score to rank by: the newest first unless asked */
    fh_query browse = *q;
    if (!pq && browse.sort == FH_SORT_RELEVANCE) browse.sort = FH_SORT_NEWEST;
    search_req sr = {&browse, pq, on_hit, hit_ctx, on_facet, facet_ctx, info, NULL};
    fh_entity_filters ents;
    if (q->entity_facets) {
        q->entity_facets->from = 0;
        q->entity_facets->timeline_unit[0] = '\0';
    }
    if (fh_entity_filters_wanted(q)) {
        const fahras_tagger *t = q->n_entities > 0 ? store_tagger(s, err) : NULL;
        if ((q->n_entities > 0 && !t) || fh_entity_filters_make(t, q, &ents, err)) {
            fh_query_free(pq);
            return -1;
        }
        sr.ents = &ents;
    }
    int rc = read_request(s, search_once, &sr, err);
    fh_query_free(pq);
    return rc;
}

typedef struct highlighter_req {
    const fh_parsed_query *pq;
    fh_highlighter **out;
} highlighter_req;

static int highlighter_once(fh_store *s, void *ctx, int *may_retry, fh_err *err)
{
    (void)may_retry;
    highlighter_req *hr = ctx;
    fh_plan *p;
    if (make_plan(s, NULL, hr->pq, 0, &p, err)) return -1;
    *hr->out = fh_highlighter_new(s->be->analyzer(s->db), p, err);
    /* the highlighter keeps pointers into the plan's terms */
    if (*hr->out) fh_highlighter_own_plan(*hr->out, p);
    else fh_plan_free(p);
    return *hr->out ? 0 : -1;
}

int fh_store_highlighter(fh_store *s, const char *q, fh_highlighter **out, fh_err *err)
{
    *out = NULL;
    fh_parsed_query *pq;
    if (!q) return fh_fail_kind(err, FH_ERR_QUERY, "no query given");
    if (fh_query_parse(q, strlen(q), &pq, err)) return -1;
    highlighter_req hr = {pq, out};
    int rc = read_request(s, highlighter_once, &hr, err);
    fh_query_free(pq);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Documents and statistics                                            */
/* ------------------------------------------------------------------ */

typedef struct get_req {
    const char *id;
    size_t max_body;
    fh_doc_fn fn;
    void *ctx;
    int *found;
    size_t *body_full;
} get_req;

/* The document as the caller asked for it: the body cut to max_body bytes
 * at a character boundary (a backend may give more). */
static int relay_doc(void *ctx, const fh_doc *doc)
{
    get_req *g = ctx;
    fh_doc d = *doc;
    if (g->max_body && d.body && d.body_len > g->max_body) {
        size_t n = g->max_body;
        while (n > 0 && ((unsigned char)d.body[n] & 0xC0) == 0x80) n--;
        d.body_len = n;
    }
    return g->fn(g->ctx, &d);
}

static int get_once(fh_store *s, void *ctx, int *may_retry, fh_err *err)
{
    get_req *g = ctx;
    size_t full = 0;
    /* the backends set the full length before they hand the document over,
     * so the caller's callback reads it */
    int rc = s->be->get(s->db, g->id, g->max_body, relay_doc, g, g->found,
                        g->body_full ? g->body_full : &full, err);
    *may_retry = !*g->found;
    return rc;
}

int fh_store_get_part(fh_store *s, const char *id, size_t max_body, fh_doc_fn fn, void *ctx,
                      int *found, size_t *body_full, fh_err *err)
{
    *found = 0;
    if (body_full) *body_full = 0;
    if (!id || !*id) return fh_fail_kind(err, FH_ERR_QUERY, "no id given");
    if (strlen(id) > FH_MAX_ID_BYTES) return 0; /* cannot exist */
    if (check_field("id", id, strlen(id), err)) return -1;
    get_req g = {id, max_body, fn, ctx, found, body_full};
    return read_request(s, get_once, &g, err);
}

int fh_store_get(fh_store *s, const char *id, fh_doc_fn fn, void *ctx, int *found, fh_err *err)
{
    return fh_store_get_part(s, id, 0, fn, ctx, found, NULL, err);
}


typedef struct dups_req {
    fh_dup_member_fn fn;
    void *ctx;
} dups_req;

static int dups_once(fh_store *s, void *ctx, int *may_retry, fh_err *err)
{
    dups_req *d = ctx;
    *may_retry = 0; /* members may have reached the caller */
    if (!s->be->dups_members) return 0; /* a backend without clusters */
    return s->be->dups_members(s->db, NULL, d->fn, d->ctx, err);
}

int fh_store_dups(fh_store *s, fh_dup_member_fn fn, void *ctx, fh_err *err)
{
    dups_req d = {fn, ctx};
    return read_request(s, dups_once, &d, err);
}

typedef struct boiler_req {
    fh_boiler_fn fn;
    void *ctx;
} boiler_req;

static int on_boiler_row(void *ctx, const fh_boiler_row *r)
{
    boiler_req *b = ctx;
    fh_boiler out = {r->source ? r->source : "", r->text ? r->text : "", r->count, r->ndocs};
    return b->fn(b->ctx, &out);
}

static int boiler_once(fh_store *s, void *ctx, int *may_retry, fh_err *err)
{
    *may_retry = 0; /* lines may have reached the caller */
    if (!s->be->boiler_get) return 0;
    return s->be->boiler_get(s->db, NULL, NULL, 0, on_boiler_row, ctx, NULL, err);
}

int fh_store_boilerplate(fh_store *s, fh_boiler_fn fn, void *ctx, fh_err *err)
{
    boiler_req b = {fn, ctx};
    return read_request(s, boiler_once, &b, err);
}

typedef struct dup_count {
    char last[FH_MAX_ID_BYTES + 1];
    long clusters, documents;
} dup_count;

static int count_member(void *ctx, const char *cluster, const fh_dup *d)
{
    (void)d;
    dup_count *c = ctx;
    if (strcmp(c->last, cluster)) {
        snprintf(c->last, sizeof c->last, "%s", cluster);
        c->clusters++;
    }
    c->documents++;
    return 0;
}

static int stats_once(fh_store *s, void *ctx, int *may_retry, fh_err *err)
{
    (void)may_retry;
    fh_stats *out = ctx;
    memset(out, 0, sizeof *out);
    dup_count dc = {{0}, 0, 0};
    if (s->be->dups_members && s->be->dups_members(s->db, NULL, count_member, &dc, err))
        return -1;
    int rc = s->be->stats(s->db, out, err);
    if (!rc && tagger_record_read(s, out->entity_tagger, err) < 0) rc = -1;
    out->dup_clusters = dc.clusters;
    out->dup_documents = dc.documents;
    return rc;
}

int fh_store_stats(fh_store *s, fh_stats *out, fh_err *err)
{
    int rc = read_request(s, stats_once, out, err);
    if (!rc && !out->backend[0]) snprintf(out->backend, sizeof out->backend, "%s", s->be->name);
    return rc;
}

static int tagger_record_once(fh_store *s, void *ctx, int *may_retry, fh_err *err)
{
    (void)may_retry;
    return tagger_record_read(s, ctx, err) < 0 ? -1 : 0;
}

int fh_store_tagger_note(fh_store *s, char *out, size_t cap, fh_err *err)
{
    char have[FH_TAGGER_RECORD_MAX], mine[FAHRAS_TAGGER_STAMP_MAX];
    if (cap) out[0] = '\0';
    if (read_request(s, tagger_record_once, have, err)) return -1;
    fahras_tagger_stamp(mine, sizeof mine);
    return fh_tagger_record_note(have, mine, out, cap);
}

/* ------------------------------------------------------------------ */
/* Listing sources and categories                                      */
/* ------------------------------------------------------------------ */

typedef struct value_count {
    char *value;
    long count;
} value_count;

typedef struct value_list {
    value_count *v;
    size_t n, cap;
    int split; /* categories: a comma-separated list counts for each */
    int oom;
} value_list;

static int add_value(value_list *l, const char *v, size_t len, long count)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        value_count *nv = realloc(l->v, cap * sizeof *nv);
        if (!nv) return l->oom = 1;
        l->v = nv;
        l->cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy) return l->oom = 1;
    memcpy(copy, v, len);
    copy[len] = '\0';
    l->v[l->n++] = (value_count){copy, count};
    return 0;
}

static int on_value(void *ctx, const char *value, long count)
{
    value_list *l = ctx;
    if (!l->split) return add_value(l, value, strlen(value), count);
    for (const char *p = value;;) {
        size_t n = strcspn(p, ",");
        if (n && add_value(l, p, n, count)) return 1;
        if (!p[n]) return 0;
        p += n + 1;
    }
}

static int by_value(const void *a, const void *b)
{
    return strcmp(((const value_count *)a)->value, ((const value_count *)b)->value);
}

static int by_count(const void *a, const void *b)
{
    const value_count *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return strcmp(x->value, y->value);
}

int fh_store_values(fh_store *s, const char *kind, fh_value_fn fn, void *ctx, fh_err *err)
{
    int k = kind && !strcmp(kind, "source") ? FH_FILTER_SOURCE
            : kind && !strcmp(kind, "category") ? FH_FILTER_CATEGORY : -1;
    if (k < 0) return fh_fail_kind(err, FH_ERR_QUERY, "values: kind is source or category");
    if (ensure_open(s, err)) return -1;
    if (!s->be->values) return fh_fail(err, "values: not kept by this store");
    value_list l = {NULL, 0, 0, k == FH_FILTER_CATEGORY, 0};
    int rc = s->be->values(s->db, k, on_value, &l, err);
    if (!rc && l.oom) rc = fh_fail(err, "values: out of memory");
    size_t m = 0;
    if (!rc && l.n) { /* the same value from several rows or shards: one count */
        qsort(l.v, l.n, sizeof *l.v, by_value);
        for (size_t i = 0; i < l.n; i++) {
            if (m && !strcmp(l.v[m - 1].value, l.v[i].value)) {
                l.v[m - 1].count += l.v[i].count;
                free(l.v[i].value);
            } else {
                l.v[m++] = l.v[i];
            }
        }
        l.n = m;
        qsort(l.v, l.n, sizeof *l.v, by_count);
    }
    for (size_t i = 0; !rc && i < l.n; i++)
        if (fn(ctx, l.v[i].value, l.v[i].count)) break;
    for (size_t i = 0; i < l.n; i++) free(l.v[i].value);
    free(l.v);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Parallel writers, shards                                            */
/* ------------------------------------------------------------------ */

int fh_store_partition(fh_store *s, const char *id, size_t id_len, int parts)
{
    if (parts <= 1) return 0;
    if (s->be->partition) return s->be->partition(s->db, id, id_len, parts);
    return (int)(fh_route_hash(id, id_len, 0) % (uint64_t)parts);
}

long fh_store_commit_lost(fh_store *s)
{
    return s->be->commit_lost ? s->be->commit_lost(s->db) : -1;
}

int fh_store_shard_init(const char *coordinator, const char *const *shard_urls, int n,
                        const fh_store_config *cfg, double timeout_s, char *report, size_t cap,
                        fh_err *err)
{
    if (cap) report[0] = '\0';
    if (!coordinator || !*coordinator) return fh_fail(err, "no coordinator given");
    if (n < 1) return fh_fail(err, "no shards given");
    const fh_store_backend *be = fh_store_backend_for(coordinator);
    if (!be || !be->shard_init)
        return fh_fail(err, "%.200s: only a postgresql:// coordinator can hold shards", coordinator);
    for (int i = 0; i < n; i++)
        if (fh_store_backend_for(shard_urls[i]) != be)
            return fh_fail(err, "%.200s: a shard must be a postgresql:// URL", shard_urls[i]);
    fh_store_config none = {0};
    return be->shard_init(coordinator, shard_urls, n, cfg ? cfg : &none, timeout_s, report, cap, err);
}

/* ------------------------------------------------------------------ */
/* Variant spellings                                                   */
/* ------------------------------------------------------------------ */

typedef struct learn_ctx {
    fh_var_learner *l;
    fh_err *err;
} learn_ctx;

static int learn_doc(void *ctx, const char *title, size_t title_len, const char *body,
                     size_t body_len)
{
    learn_ctx *c = ctx;
    return fh_var_learner_add(c->l, title, title_len, body, body_len, c->err) ? 1 : 0;
}

int fh_store_learn_variants(fh_store *s, fh_variants_report *rep, fh_err *err)
{
    memset(rep, 0, sizeof *rep);
    if (s->mode != FH_STORE_WRITE) return fh_fail(err, "learning variants needs a store opened for writing");
    if (!s->be->docs_each || !s->be->variants_put)
        return fh_fail(err, "this store keeps no variant spellings (a sharded store)");
    fahras_error ferr;
    fahras_tagger *tg = fahras_tagger_new(s->be->analyzer(s->db), &ferr);
    if (!tg) return fh_fail(err, "learning variants: entity tagger: %s", ferr.message);
    learn_ctx c = {fh_var_learner_new(s->be->analyzer(s->db), tg), err};
    const fh_variant_row *rows = NULL;
    size_t n = 0;
    int rc = c.l ? 0 : fh_fail(err, "learning variants: out of memory");
    if (!rc) rc = s->be->docs_each(s->db, learn_doc, &c, err);
    if (!rc) rc = fh_var_learner_finish(c.l, &rows, &n, err);
    if (!rc) rc = s->be->variants_put(s->db, rows, n, err);
    if (!rc) {
        fh_var_counts k;
        fh_var_learner_counts(c.l, &k);
        rep->docs = k.docs;
        rep->words = k.words;
        rep->keys = k.keys;
        rep->names = k.names;
        rep->pairs_tried = k.pairs_tried;
        rep->pairs = (long long)n / 2;
        rep->truncated = k.truncated;
    }
    fh_var_learner_free(c.l);
    fahras_tagger_free(tg);
    return rc;
}

typedef struct variants_req {
    fh_variant_row_fn fn;
    void *ctx;
} variants_req;

static int variants_once(fh_store *s, void *ctx, int *may_retry, fh_err *err)
{
    variants_req *v = ctx;
    *may_retry = 0;
    if (!s->be->variants_list) return 0;
    return s->be->variants_list(s->db, v->fn, v->ctx, err);
}

int fh_store_variants(fh_store *s, fh_variant_row_fn fn, void *ctx, fh_err *err)
{
    variants_req v = {fn, ctx};
    return read_request(s, variants_once, &v, err);
}
