/*
 * store.h - the document store behind `fahras index`, `search`, `stats` and
 * `serve`: one interface, two backends (SQLite FTS5 in store_sqlite.c,
 * PostgreSQL in store_pg.c).  fh_store_open picks the backend from the
 * target: a postgresql:// or postgres:// URL, or a SQLite file path.
 *
 * Errors: functions return 0 on success or -1, with a message in the
 * caller's fh_err.  Strings passed in are UTF-8 with explicit lengths
 * where they come from documents; results are owned by the store and
 * valid only during the callback that receives them.
 *
 * Threads: a store handle is used by one thread at a time (a server keeps
 * one handle per worker); any number of handles may be open at once.
 */
#ifndef FAHRAS_STORE_H
#define FAHRAS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "fahras.h"

/* What kind of failure an error is, for callers that answer differently:
 * the CLI's exit status, the HTTP status. */
typedef enum fh_err_kind {
    FH_ERR_STORE = 0,       /* the database or the system failed */
    FH_ERR_QUERY = 1,       /* the request is wrong (query, filter, limit): the user's to fix */
    FH_ERR_BUDGET = 2,      /* the search needs more work than a request may do (fh_query.budget) */
    FH_ERR_UNAVAILABLE = 3  /* the store cannot be reached now (server down, file replaced
                               by one that cannot be read): worth trying again later */
} fh_err_kind;

typedef struct fh_err {
    char msg[512];
    int kind; /* fh_err_kind */
} fh_err;

/* Limits shared by every backend and the HTTP API. */
#define FH_MAX_ID_BYTES 256        /* longer ids are rejected */
#define FH_MAX_QUERY_BYTES 2048    /* longer queries are rejected */
#define FH_MAX_LIMIT 1000          /* page size cap */

typedef struct fh_store fh_store;

/* A target as shown to people: its password, in every form (a URL's
 * user:PASSWORD@ or ?password=, a keyword/value password=...), replaced
 * by ***.  Every message of the stores names targets this way. */
void fh_target_shown(const char *target, char *out, size_t cap);
/* Replace in msg (NUL-terminated, cap bytes) every occurrence of the
 * target's password (messages of libraries may quote it). */
void fh_mask_secrets(const char *target, char *msg, size_t cap);

enum {
    FH_STORE_READ = 0,  /* read only; the database must exist */
    FH_STORE_WRITE = 1  /* create if missing; opts fixes the analyzer of a new store */
};

/* How to open a store.  Every field may be 0/NULL. */
typedef struct fh_store_config {
    /* The analyzer options asked for explicitly: a new store is built with
     * them; an existing store built with other options is refused with a
     * message saying how to rebuild.  NULL: the store's own (defaults for a
     * new store). */
    const fahras_options *analyzer;
    /* SQLite only, for a new store: build its FTS5 index with this FTS5
     * tokenizer instead of fahras ("unicode61", "trigram"...; benchmark
     * baselines).  Such a store matches words as that tokenizer does and
     * has no exact forms, common-word rule or near spellings. */
    const char *baseline_tokenizer;
    /* SQLite only, writing: keep an FTS5 index (table fts) beside the
     * store's own, for SQL users of the fahras extension (made from the
     * documents when the store has none yet). */
    int fts5;
    /* Writing: keep no near-duplicate clusters (set for baseline stores). */
    int no_dups;
    /* Writing: find and keep no entities, dates and counts of the documents
     * written (set for baseline stores); their entity filters then find
     * nothing. */
    int no_entities;
    /* Writing: learn no boilerplate from these documents and mask none of
     * them (a reference to compare with a store that keeps none). */
    int no_boilerplate;
    /* Writing: find each document's entities, dates and counts on a second
     * thread while the next document is written (stored in order, in the
     * same transaction; for a machine with more than one core). */
    int entity_thread;
} fh_store_config;

/**
 * Open a store.  target: SQLite path or postgresql:// URL.  cfg may be
 * NULL.  On success *out owns the store; free with fh_store_close.
 */
int fh_store_open(const char *target, int mode, const fh_store_config *cfg, fh_store **out,
                  fh_err *err);
void fh_store_close(fh_store *s); /* NULL-safe */

/**
 * For programs that own their process's signals (fahras serve, fahras
 * search): install the SIGBUS handler that turns a read of a mapped index
 * file overwritten or truncated in place under a search (cp, rsync
 * --inplace over DB.idx/) into that search failing with
 * FH_ERR_UNAVAILABLE (the store then opens its files again) instead of
 * the process dying.  Once per process; a SIGBUS anywhere else keeps its
 * default action (or the handler installed before).
 */
int fh_store_protect_mappings(fh_err *err);

/* The analyzer the store was built with (owned by the store; NULL while a
 * read store that went away cannot be opened again). */
const fahras_analyzer *fh_store_analyzer(const fh_store *s);

/*
 * Read stores open their target again by themselves when it went away: a
 * SQLite file replaced (renamed over, removed, truncated by a copy made in
 * place, found corrupt) or a PostgreSQL session lost (the server
 * restarted).  Each read request first checks (a stat, a flag); one that
 * failed because its store went away is run once more on the reopened
 * store.  When opening fails, requests fail at once with kind
 * FH_ERR_UNAVAILABLE until the next attempt is due (0.25 s after the
 * failure, doubling up to 8 s).
 */
/* Reopen now if needed and due: 0 when the store is up. */
int fh_store_check(fh_store *s, fh_err *err);
/* Whether the store is open (as of its last request or check). */
int fh_store_up(const fh_store *s);

/* The most work one read request (search, document, statistics) may do;
 * a field of 0 sets no limit.  A request over it fails with kind
 * FH_ERR_BUDGET.  SQLite counts the steps of its virtual machine (every
 * row a query reads, sorts or ranks costs some; FTS5's own doclist merges
 * inside one step are bounded by the prefix rule of plan.h) and, through
 * the store's own index, each posting decoded and each document
 * considered as one step; both check the clock every
 * FH_BUDGET_CHECK_STEPS steps (the index every IX_WORK_REPORT documents).
 * PostgreSQL bounds each statement by ms (statement_timeout).  Default: no
 * limit (the CLI). */
typedef struct fh_budget {
    long long steps; /* SQLite virtual machine steps, postings and documents of the own index */
    long ms;         /* wall-clock milliseconds */
} fh_budget;
#define FH_BUDGET_CHECK_STEPS 1000
void fh_store_set_budget(fh_store *s, const fh_budget *b); /* b NULL: no limit */
/* The work the last read request did, as its backend counts it (SQLite:
 * virtual machine steps, in units of FH_BUDGET_CHECK_STEPS, plus the own
 * index's postings decoded and documents considered; 0 when the backend
 * counts none). */
long long fh_store_last_work(const fh_store *s);

/* One article.  Any field but id and body may be NULL/empty.  extra_json:
 * a JSON object text of the other input fields (kept, shown by doc). */
typedef struct fh_doc {
    const char *id;       size_t id_len;
    const char *title;    size_t title_len;
    const char *body;     size_t body_len;
    const char *date;     size_t date_len;     /* ISO 8601 (YYYY-MM-DD...) */
    const char *source;   size_t source_len;
    const char *category; size_t category_len;
    const char *url;      size_t url_len;
    const char *extra_json; size_t extra_json_len;
    /* The body's boilerplate (boiler.h): byte ranges "start-end,..." that
     * are not indexed.  Writers leave it NULL (the store sets it); a
     * document read back carries it, its body still whole. */
    const char *mask; size_t mask_len;
    /* NULL, or called with each token of the title (field 0) and then the
     * body (field 1) by a backend that analyzes them for its index, so
     * that one analysis serves the index and the near-duplicate signature
     * (store.c); a backend that does not leaves *tap_fed 0. */
    int (*tap)(void *ctx, int field, const fahras_token *t);
    void *tap_ctx;
    int *tap_fed;
} fh_doc;

/* Whether the documents this store writes keep their entities, dates and
 * counts (not with no_entities, a baseline tokenizer, or a backend that
 * keeps none). */
int fh_store_keeps_entities(const fh_store *s);

/* Transactions: index batches documents between begin and commit; a
 * document is either fully in or not in after a crash. */
int fh_store_begin(fh_store *s, fh_err *err);
int fh_store_commit(fh_store *s, fh_err *err);
int fh_store_rollback(fh_store *s, fh_err *err);

/* Insert or replace the document with doc->id.  *changed (if non-NULL)
 * receives 1 when the store was written, 0 when it already held the same
 * document (nothing done). */
int fh_store_upsert(fh_store *s, const fh_doc *doc, int *changed, fh_err *err);

/* The date filters of a search: each YYYY, YYYY-MM or YYYY-MM-DD and a
 * real date, from not after to.  0, or -1 with err naming the problem. */
int fh_check_date_filter(const char *from, const char *to, fh_err *err);

/* The match mode of a search: how many of the query's optional words a
 * result holds (Elasticsearch's minimum_should_match).  fh_query.match is
 * FH_MATCH_DEFAULT, FH_MATCH_ANY, or 1..100: that percentage of the words
 * (rounded down, at least one; 100 = all).  A query holding OR matches
 * any of its words whatever the mode. */
#define FH_MATCH_DEFAULT 0
#define FH_MATCH_ANY (-1)
#define FH_MATCH_ALL 100
/* The mode searches use when none is asked for (README: why). */
#define FH_MATCH_DEFAULT_MODE FH_MATCH_ALL
/* "all", "any" or "N%" (1..100) into *out; 0, or -1 with err naming the
 * value (kind FH_ERR_QUERY). */
int fh_match_parse(const char *s, int *out, fh_err *err);
/* The mode's name as fh_match_parse reads it: "all", "any" or "N%". */
void fh_match_name(int match, char *out, size_t cap);

/* The order of a search's hits. */
enum {
    FH_SORT_RELEVANCE = 0, /* best score first */
    FH_SORT_NEWEST = 1,    /* latest date first; documents without a date last */
    FH_SORT_OLDEST = 2     /* earliest date first; documents without a date last */
};
/* "relevance", "newest" or "oldest" into *out; 0, or -1 with err. */
int fh_sort_parse(const char *s, int *out, fh_err *err);
const char *fh_sort_name(int sort);

/* A search request.  q uses the query language of src/store/query.h. */
typedef struct fh_query {
    const char *q;
    const char *source;    /* source filter (case-insensitive), or NULL */
    const char *category;  /* category filter: one of a document's comma-separated
                              categories, or NULL */
    const char *date_from; /* inclusive, YYYY-MM-DD[...], or NULL */
    const char *date_to;   /* inclusive, or NULL */
    int limit;             /* 1..FH_MAX_LIMIT */
    int offset;            /* >= 0 */
    int no_snippets;       /* 1: hits carry snippet = NULL (batch runs: much faster) */
    /* 1: hits need carry only id, rank and score (title, date, source,
     * category and url may be NULL): a hit's row is read no further than
     * its id, not past a long body to the columns after it */
    int ids_only;
    int exhaustive;        /* 1: score every match (the reference ranking), no pruning */
    /* 1: every matching document is a hit; 0: a cluster of near-duplicates
     * is one hit, its best-ranked document, carrying the others (dups) */
    int no_collapse;
    /* A sharded store whose shard fails or does not answer in time: 0 (the
     * default) fails the search with an error naming the shard; 1 answers
     * from the other shards and names the missing ones in
     * fh_search_info.missing. */
    int allow_partial;
    /* Entity filters (filter.h): "TYPE:NAME" each (ORG:قسد), all must hold;
     * at most FH_MAX_ENTITY_FILTERS. */
    const char *const *entities;
    int n_entities;
    /* Event dates (filter.h): documents mentioning a date in this range,
     * YYYY, YYYY-MM or YYYY-MM-DD each, inclusive; NULL: open. */
    const char *event_from, *event_to;
    /* Entity facets (entfacets.h), with on_facet: the top people,
     * organisations and places and the timeline of event dates of the best
     * FH_ENTITY_FACET_DOCS matches, delivered after the search; NULL: not
     * wanted. */
    struct fh_entity_facet_sink *entity_facets;
    int match; /* FH_MATCH_* or a percentage (above) */
    int sort;  /* FH_SORT_* */
    /* 1: a word no document holds is searched as typed, without its near
     * spelling (spelling.h) */
    int no_spelling;
    /* 1: a word is searched without its learned variant spellings
     * (variants.h: ترمب beside ترامب) */
    int no_variants;
    /* 1: fh_search_info.total is not counted (left -1): a caller that
     * shows no total (a TREC run timed with --timing) does not pay for
     * visiting every match */
    int no_total;
} fh_query;

/* What the entity facets of a search deliver. */
#define FH_ENTITY_FACET_DOCS 1000 /* best matches read */
#define FH_ENTITY_FACET_TOP 10    /* values a type */
typedef struct fh_entity_facet_sink {
    /* type: "PER", "ORG", "LOC": key, name (its most common surface among
     * the documents read), count (documents mentioning it), highest count
     * first; type "timeline": key the bucket ("2021", "2021-04" or
     * "2021-04-14"), name "", count (documents with an event date in it),
     * in date order. */
    int (*fn)(void *ctx, const char *type, const char *key, const char *name, long count);
    void *ctx;
    /* Set by the search: how many of the best matches were read (the
     * facets' base), and the timeline's unit: "year", "month" or "day"
     * ("" when it has no buckets). */
    long from;
    char timeline_unit[8];
} fh_entity_facet_sink;

/* Another document of a hit's cluster: the same story published again
 * (by another source, or under another id). */
typedef struct fh_dup {
    const char *id, *title, *source, *date, *url;
} fh_dup;
typedef int (*fh_dup_member_fn)(void *ctx, const char *cluster, const fh_dup *d);

/* One hit.  snippet: text from the original document with each matched
 * word wrapped in FH_MARK_OPEN ... FH_MARK_CLOSE (control bytes that never
 * occur in stored text), "..." where text was cut. */
#define FH_MARK_OPEN "\x02"
#define FH_MARK_CLOSE "\x03"
typedef struct fh_hit {
    int rank; /* 1-based, counting from offset+1 */
    double score; /* higher is better */
    const char *id, *title, *date, *source, *category, *url, *snippet;
    /* The other documents of its cluster when the search collapses copies
     * (fh_query.no_collapse unset), in date order; n_dups 0 otherwise. */
    const fh_dup *dups;
    size_t n_dups;
    size_t dup_sources; /* distinct sources among dups other than the hit's */
} fh_hit;
typedef int (*fh_hit_fn)(void *ctx, const fh_hit *hit); /* non-zero stops */

/* One change a search made to the query, for "showing results for ...". */
typedef enum fh_rewrite_kind {
    FH_REWRITE_SPELLING = 1, /* from: a word no document holds; to: its near spelling */
    FH_REWRITE_VARIANTS = 2, /* from: a word; with: its variant spellings searched too */
    FH_REWRITE_RELAXED = 3   /* nothing held every required part: none was required */
} fh_rewrite_kind;
#define FH_MAX_REWRITES 16
#define FH_REWRITE_BYTES 258 /* a word (FAHRAS_MAX_TOKEN_BYTES) and its NUL */
typedef struct fh_rewrite {
    int kind; /* fh_rewrite_kind */
    char from[FH_REWRITE_BYTES];
    char to[FH_REWRITE_BYTES];
    size_t n_with;
    char with[4][FH_REWRITE_BYTES];
} fh_rewrite;

/* What a search tells besides its hits. */
/* Totals are counted exactly up to this many matches; past it a store
 * whose counting costs a visit of every match (the own index without
 * facets) may stop and report this many with total_is_lower_bound. */
#define FH_TOTAL_EXACT_UP_TO 10000

typedef struct fh_search_info {
    long total;  /* documents matching (filters included) */
    /* 1: total is a lower bound ("more than" FH_TOTAL_EXACT_UP_TO), not
     * the exact count; the same for total_all */
    int total_is_lower_bound;
    int total_all_is_lower_bound;
    /* 1: total is an upper bound ("at most"): the search collapsed copies
     * of a story (fh_query.no_collapse unset) without reading every match,
     * and the store holds copies, so the matches it did not read may hold
     * more of them */
    int total_is_upper_bound;
    /* Documents holding every word of the query (filters included): the
     * total under match mode all, whatever the mode searched, counting
     * every copy of a story (total counts a cluster once when the search
     * collapses them). */
    long total_all;
    char match[8]; /* the match mode searched: "all", "any", "75%" */
    /* No document held every required word or phrase, so the search ranked
     * by the same words with none required. */
    int relaxed;
    /* The query as searched when near spellings stood in for words no
     * document holds (each replaced word by its spelling); "" otherwise. */
    char rewritten[FH_MAX_QUERY_BYTES + 64];
    /* Every change the search made to the query, in query order, the
     * relaxed retry last. */
    size_t n_rewrites;
    fh_rewrite rewrites[FH_MAX_REWRITES];
    /* With allow_partial: the shards left out because they failed or did
     * not answer in time, as "name (host:port/db): why; ..."; "" when
     * every shard answered (always "" for a store of one database). */
    char missing[512];
    /* A sharded store: bytes of the rows the shards sent for this search
     * (DataRow messages as on the wire); 0 for a store of one database. */
    long long shard_bytes;
    /* 1: the query had no words, only filters (fh_query_browses): every
     * document passing them, in date order, the newest first unless the
     * query asked for the oldest. */
    int browse;
} fh_search_info;

/* Facet counts: kind "source", "category" (a comma-separated category
 * counts once for each of its categories) or "month" (YYYY-MM of the
 * date); at most FH_FACET_TOP values a kind, highest count first, then by
 * value; empty values are not counted. */
#define FH_FACET_TOP 100
typedef int (*fh_facet_fn)(void *ctx, const char *kind, const char *value, long count);

/* Whether q browses: its text has no words (empty or spaces) and it has a
 * filter (source, category, dates, entities or event dates).  A browse
 * lists every document passing the filters by date, the newest first
 * unless q->sort asks for the oldest, with facets and totals as a search;
 * a query without words or filters is refused. */
int fh_query_browses(const fh_query *q);

/* The order a search's hits came in: q->sort, or FH_SORT_NEWEST for a
 * browse (info->browse) that asked for relevance. */
int fh_search_sort(const fh_query *q, const fh_search_info *info);

/*
 * Run a search.  Hits go to on_hit in rank order (non-zero stops them).
 * on_facet (if non-NULL) receives the facets of every matching document.
 * info (if non-NULL) receives the total (unless q->no_total) and what the
 * search changed; with info NULL and q->no_snippets set, nothing is
 * counted (batch runs).
 */
int fh_store_search(fh_store *s, const fh_query *q, fh_hit_fn on_hit, void *hit_ctx,
                    fh_facet_fn on_facet, void *facet_ctx, fh_search_info *info, fh_err *err);

/* The matcher that marks query q's words as this store searches them
 * (highlight.h), for showing a whole document.  *out is owned by the
 * caller (fh_highlighter_free) and must not outlive s.  Errors in q are
 * reported as by fh_store_search. */
typedef struct fh_highlighter fh_highlighter;
int fh_store_highlighter(fh_store *s, const char *q, fh_highlighter **out, fh_err *err);

/* Fetch one document by id; fn gets it (body included).  Returns 0 and
 * *found = 0 when there is no such id. */
typedef int (*fh_doc_fn)(void *ctx, const fh_doc *doc);
int fh_store_get(fh_store *s, const char *id, fh_doc_fn fn, void *ctx, int *found, fh_err *err);
/* The same with at most max_body bytes of the body (cut at a character
 * boundary; 0: all of it), its whole length in bytes in *body_full: an
 * article of many megabytes costs only what is shown of it. */
int fh_store_get_part(fh_store *s, const char *id, size_t max_body, fh_doc_fn fn, void *ctx,
                      int *found, size_t *body_full, fh_err *err);

/* Variant spellings of names learned from the store's documents
 * (variants.h): variant is searched beside word. */
typedef struct fh_variant_row {
    const char *word, *variant;
    double score;  /* context similarity, 0..1 */
    long long df_word, df_variant; /* documents holding each when learned */
} fh_variant_row;
typedef int (*fh_variant_row_fn)(void *ctx, const fh_variant_row *r);

typedef struct fh_variants_report {
    long long docs, words;   /* read */
    long long keys, names;   /* distinct keys; of them frequent and mostly names */
    long long pairs_tried;   /* name pairs one edit apart */
    long long pairs;         /* kept (contexts alike) */
    int truncated;           /* a store too large to read whole: learned from a part */
} fh_variants_report;

/* Learn the variant spellings of the store's documents and keep them in
 * the store, replacing those learned before (a store opened for writing).
 * A store whose backend keeps none (sharded) fails saying so. */
int fh_store_learn_variants(fh_store *s, fh_variants_report *rep, fh_err *err);

/* Every variant spelling the store keeps, by word (fn non-zero stops). */
int fh_store_variants(fh_store *s, fh_variant_row_fn fn, void *ctx, fh_err *err);

/* Every cluster of two or more documents (the largest first), member by
 * member: fn(ctx, cluster, member). */
int fh_store_dups(fh_store *s, fh_dup_member_fn fn, void *ctx, fh_err *err);

/* A source's boilerplate line (boiler.h): its text as first seen, the
 * articles of the source holding it and the source's articles. */
typedef struct fh_boiler {
    const char *source, *text;
    long count, ndocs;
} fh_boiler;
typedef int (*fh_boiler_fn)(void *ctx, const fh_boiler *b);
/* Every source's boilerplate lines, source by source, the most frequent
 * first (nothing for a store without them). */
int fh_store_boilerplate(fh_store *s, fh_boiler_fn fn, void *ctx, fh_err *err);

typedef struct fh_stats {
    long documents;
    long sources;
    char date_min[40], date_max[40];
    long long size_bytes;
    char analyzer_version[32];
    char analyzer_options[256]; /* fahras_options_describe of the store */
    char backend[16];           /* "sqlite" or "postgresql" */
    long dup_clusters;          /* clusters of two or more near-duplicates */
    long dup_documents;         /* documents in them */
    int shards;                 /* shards holding the documents (0: one database) */
    /* The stamps (fahras_tagger_stamp) of the entity taggers that tagged
     * the documents, oldest first; "unrecorded" first when documents were
     * tagged before the store kept a record; "" when it keeps none. */
    char entity_tagger[256];
} fh_stats;
int fh_store_stats(fh_store *s, fh_stats *out, fh_err *err);

/* When the documents of s may hold other entities, or other entity keys,
 * than this fahras's tagger finds (its stats' entity_tagger names another
 * tagger): 1 and a sentence saying so in out (cap bytes); 0 and "" when
 * they do not or the store keeps no record; -1 and err on failure. */
int fh_store_tagger_note(fh_store *s, char *out, size_t cap, fh_err *err);

/* Every source (kind "source") or category (kind "category": a
 * comma-separated list counts for each of its categories) of the stored
 * documents with the number of documents holding it, most first (then by
 * value); fn's non-zero answer stops the list. */
typedef int (*fh_value_fn)(void *ctx, const char *value, long count);
int fh_store_values(fh_store *s, const char *kind, fh_value_fn fn, void *ctx, fh_err *err);

/* ------------------------------------------------------------------ */
/* Writing in parallel, sharded stores                                 */
/* ------------------------------------------------------------------ */

/* Which of `parts` parallel writers handles the document with this id
 * (0 .. parts-1): on a sharded store the writers split the shards among
 * them (a document's writer is its shard's), elsewhere the id's hash.  One
 * id always goes to one writer, so a run's later record of an id still
 * replaces the earlier. */
int fh_store_partition(fh_store *s, const char *id, size_t id_len, int parts);

/* After fh_store_commit failed: how many documents of the batch written
 * as changed are not stored (a sharded store commits on every shard it
 * can, and loses only the failed shards' part), or -1 for all of them. */
long fh_store_commit_lost(fh_store *s);

/* Make `coordinator` (a postgresql:// URL) the entry point of a store
 * sharded over the databases shard_urls[0..n): each shard gets a store of
 * its own (cfg->analyzer as for a new store), the coordinator the layout
 * (src/store/postgres/shard_init.c).  timeout_s: how long a search waits
 * for a shard (0: the default, or the layout's own when it exists).  Run
 * again with the same shards, it checks the layout and keeps it. */
int fh_store_shard_init(const char *coordinator, const char *const *shard_urls, int n,
                        const fh_store_config *cfg, double timeout_s, char *report, size_t cap,
                        fh_err *err);

#endif
