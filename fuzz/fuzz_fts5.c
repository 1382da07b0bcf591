/*
 * fuzz_fts5.c - libFuzzer target for the SQLite extension's functions
 * (src/sqlite/fahras_fts5.c), reached through SQL as a user reaches them:
 * the table-valued function fahras_tokens, the FTS5 tokenizer fahras
 * (documents and MATCH queries, prefix queries, highlight, snippet) and
 * the ranking function fahras_bm25, and fahras_query/fahras_query_weights
 * (src/sqlite/fahras_query.c: the store's query language in SQL).
 *
 * Every value is bound with its length, so NUL bytes reach the extension
 * anywhere in a text, as a blob (zeroblob) or a text with NULs inside.
 * The input: byte 0 chooses the option set, the mode and whether the text
 * goes in as a blob; the rest is split at the first 0xFF byte into a text
 * and a query (both may hold any byte, NUL included).
 *
 * Invariants (abort on violation):
 *   - fahras_tokens: 0 <= start <= end <= length of the text, surface is
 *     the text's bytes [start, end) (document mode), positions never go
 *     down, no token is empty; the same rows for the text bound as a
 *     text and as a blob;
 *   - option strings holding a NUL are refused, never read in part;
 *   - the FTS5 table passes its integrity-check (the tokenizer gives the
 *     same tokens for the same text every time) and every row a MATCH
 *     returns has a finite fahras_bm25 score;
 *   - highlight() and snippet() answer (their markers within the text);
 *   - fahras_query of any query string is a MATCH expression FTS5 accepts
 *     or a query error (never an FTS5 syntax error), and ranking its
 *     matches with fahras_query_weights gives finite scores.
 * SQL errors that are the input's (FTS5 query syntax) are allowed.
 *
 * Build with `make fuzz FUZZ_TARGET=fts5`; fuzz/replay.c replays the
 * corpus fuzz/corpus/fts5 without libFuzzer (tests/sqlite/run.sh).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "fahras_fts5.h"

#define CHECK(c)                                                                          \
    do {                                                                                  \
        if (!(c)) {                                                                       \
            fprintf(stderr, "fuzz_fts5: %s:%d: check failed: %s\n", __FILE__, __LINE__, #c); \
            abort();                                                                      \
        }                                                                                 \
    } while (0)

/* The same option sets as fahras_tokens and as FTS5 tokenizer arguments
 * (FTS5 barewords hold no '='). */
static const char *const option_sets[] = {"", "stem=none", "stem=clitics exact=off",
                                           "norm=none", "hashtag_parts=off", "utf8=error"};
static const char *const fts5_args[] = {"", "stem none", "stem clitics exact off",
                                        "norm none", "hashtag_parts off", "utf8 error"};
static const char *const modes[] = {"document", "query", "prefix"};

/* One fahras_tokens row, as checked and compared. */
typedef struct row {
    long long position, start, end, colocated;
    int token_len;
} row;

/* Run fahras_tokens over text (as a text or a blob) and check its rows;
 * returns the number of rows, or -1 when SQLite refused the call. */
static long tokens(sqlite3 *db, const char *text, int n, int as_blob, const char *opts,
                   int opts_len, const char *mode, row *rows, long cap)
{
    sqlite3_stmt *st = NULL;
    CHECK(sqlite3_prepare_v2(db,
                             "SELECT position, token, start, \"end\", colocated, surface "
                             "FROM fahras_tokens(?1, ?2, ?3)",
                             -1, &st, NULL) == SQLITE_OK);
    if (as_blob) sqlite3_bind_blob(st, 1, text, n, SQLITE_STATIC);
    else sqlite3_bind_text(st, 1, text, n, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, opts, opts_len, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, mode, -1, SQLITE_STATIC);
    long count = 0;
    long long last_pos = -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        row r;
        r.position = sqlite3_column_int64(st, 0);
        const unsigned char *tok = sqlite3_column_text(st, 1);
        r.token_len = sqlite3_column_bytes(st, 1);
        r.start = sqlite3_column_int64(st, 2);
        r.end = sqlite3_column_int64(st, 3);
        r.colocated = sqlite3_column_int64(st, 4);
        const void *surface = sqlite3_column_blob(st, 5);
        int surface_len = sqlite3_column_bytes(st, 5);
        CHECK(tok && r.token_len >= 0);
        CHECK(r.position >= last_pos);
        last_pos = r.position;
        if (!strcmp(mode, "document")) {
            CHECK(0 <= r.start && r.start <= r.end && r.end <= n);
            CHECK(surface_len == r.end - r.start);
            CHECK(!surface_len || !memcmp(surface, text + r.start, (size_t)surface_len));
        } else {
            /* a query may skip a leading marker byte: offsets shift by one */
            CHECK(0 <= r.start && r.start <= r.end && r.end <= (long long)n + 1);
        }
        if (count < cap) rows[count] = r;
        count++;
    }
    if (rc != SQLITE_DONE) count = -1;
    sqlite3_finalize(st);
    return count;
}

/* The same rows for the same bytes as a text and as a blob. */
static void check_tokens(sqlite3 *db, const char *text, int n, const char *opts, const char *mode)
{
    enum { CAP = 64 };
    row a[CAP], b[CAP];
    long na = tokens(db, text, n, 0, opts, -1, mode, a, CAP);
    long nb = tokens(db, text, n, 1, opts, -1, mode, b, CAP);
    CHECK(na == nb);
    for (long i = 0; i < na && i < CAP; i++)
        CHECK(a[i].start == b[i].start && a[i].end == b[i].end &&
              a[i].token_len == b[i].token_len && a[i].position == b[i].position);
}

/* An option string holding a NUL byte is refused as a whole. */
static void check_options_nul(sqlite3 *db, const char *text, int n, const char *q, int qn)
{
    if (!memchr(q, '\0', (size_t)qn)) {
        /* any option string: an answer or an error, never a crash */
        row r[1];
        tokens(db, text, n, 0, q, qn, "document", r, 0);
        return;
    }
    row r[1];
    CHECK(tokens(db, text, n, 0, q, qn, "document", r, 0) == -1);
}

/* The FTS5 table: documents in, MATCH queries out, ranked and marked. */
static void check_fts5(sqlite3 *db, const char *text, int n, const char *q, int qn, int blob,
                       const char *opts)
{
    char sql[256];
    snprintf(sql, sizeof sql, "CREATE VIRTUAL TABLE t USING fts5(a, b, tokenize='fahras %s')", opts);
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) return; /* e.g. utf8=error */
    sqlite3_stmt *st = NULL;
    CHECK(sqlite3_prepare_v2(db, "INSERT INTO t(a, b) VALUES (?1, ?2)", -1, &st, NULL) == SQLITE_OK);
    for (int i = 0; i < 3; i++) {
        const char *a = i == 1 ? q : text;
        int an = i == 1 ? qn : n;
        if (blob && i != 2) sqlite3_bind_blob(st, 1, a, an, SQLITE_STATIC);
        else sqlite3_bind_text(st, 1, a, an, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, i == 2 ? q : text, i == 2 ? qn : n, SQLITE_STATIC);
        /* only a tokenizer told to refuse invalid UTF-8 may refuse a row */
        int rc = sqlite3_step(st);
        CHECK(rc == SQLITE_DONE || strstr(opts, "utf8 error"));
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    CHECK(sqlite3_exec(db, "INSERT INTO t(t) VALUES ('integrity-check')", NULL, NULL, NULL) ==
          SQLITE_OK);

    /* the query as typed (FTS5 syntax errors allowed), as one quoted
     * phrase, as a prefix, and as raw index terms */
    char *quoted = malloc((size_t)qn * 2 + 8), *prefix = NULL, *raw = malloc((size_t)qn + 2);
    CHECK(quoted && raw);
    size_t k = 0;
    quoted[k++] = '"';
    for (int i = 0; i < qn; i++) {
        if (q[i] == '"') quoted[k++] = '"';
        quoted[k++] = q[i];
    }
    quoted[k++] = '"';
    quoted[k] = '\0';
    prefix = malloc(k + 3);
    CHECK(prefix);
    memcpy(prefix, quoted, k);
    memcpy(prefix + k, " *", 3);
    raw[0] = FAHRAS_FTS5_RAW;
    memcpy(raw + 1, q, (size_t)qn);
    const char *match[4] = {q, quoted, prefix, raw};
    int match_len[4] = {qn, (int)k, (int)k + 2, qn + 1};
    CHECK(sqlite3_prepare_v2(db,
                             "SELECT fahras_bm25(t, ?2, ?3), highlight(t, 0, '[', ']'), "
                             "snippet(t, -1, '[', ']', '...', 8) FROM t WHERE t MATCH ?1 "
                             "ORDER BY rank",
                             -1, &st, NULL) == SQLITE_OK);
    for (int m = 0; m < 4; m++) {
        sqlite3_bind_text(st, 1, match[m], match_len[m], SQLITE_STATIC);
        sqlite3_bind_text(st, 2, q, qn, SQLITE_STATIC); /* weights: any bytes */
        sqlite3_bind_text(st, 3, "2 1", -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW) {
            double score = sqlite3_column_double(st, 0);
            CHECK(!isnan(score) && !isinf(score));
            (void)sqlite3_column_text(st, 1);
            (void)sqlite3_column_text(st, 2);
        }
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    free(quoted);
    free(prefix);
    free(raw);
}

/* q through fahras_query with the table's options, matched and ranked. */
static void check_query(sqlite3 *db, const char *q, int qn, const char *opts)
{
    sqlite3_stmt *st = NULL;
    CHECK(sqlite3_prepare_v2(db, "SELECT fahras_query(?1, ?2), fahras_query_weights(?1, ?2)", -1, &st,
                             NULL) == SQLITE_OK);
    sqlite3_bind_text(st, 1, q, qn, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, opts, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) { /* a query error: the message says so */
        CHECK(strstr(sqlite3_errmsg(db), "fahras_query: ") != NULL);
        sqlite3_finalize(st);
        return;
    }
    char *match = sqlite3_mprintf("%s", (const char *)sqlite3_column_text(st, 0));
    char *weights = sqlite3_mprintf("%s", (const char *)sqlite3_column_text(st, 1));
    sqlite3_finalize(st);
    CHECK(match && weights);
    if (sqlite3_prepare_v2(db, "SELECT fahras_bm25(t, ?2, '2 1') FROM t WHERE t MATCH ?1", -1, &st,
                           NULL) != SQLITE_OK) { /* no table (its options were refused) */
        sqlite3_free(match);
        sqlite3_free(weights);
        return;
    }
    sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, weights, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        double score = sqlite3_column_double(st, 0);
        CHECK(!isnan(score) && !isinf(score));
    }
    if (rc != SQLITE_DONE) {
        fprintf(stderr, "fuzz_fts5: fahras_query gave an expression FTS5 refuses: %s\n",
                sqlite3_errmsg(db));
        abort();
    }
    sqlite3_finalize(st);
    sqlite3_free(match);
    sqlite3_free(weights);
}

/* Keep one analyzer of each option set alive (the extension shares them
 * by options), so that each input does not build them again. */
static void hold_analyzers(void)
{
    static int done;
    if (done) return;
    done = 1;
    static const char *const specs[] = {"", "stem=none", "stem=clitics", "norm=none",
                                        "hashtag_parts=off", ""};
    for (size_t i = 0; i < sizeof specs / sizeof *specs; i++) {
        fahras_options o;
        fahras_error e;
        fahras_options_default(&o);
        if (fahras_options_parse(&o, specs[i], &e) != FAHRAS_OK) abort();
        o.utf8 = i == 5 ? FAHRAS_UTF8_ERROR : FAHRAS_UTF8_REPLACE;
        if (!fahras_fts5_analyzer_acquire(&o, &e)) abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    hold_analyzers();
    if (size < 1 || size > 1 << 16) return 0;
    unsigned sel = data[0];
    const char *body = (const char *)data + 1;
    size_t len = size - 1;
    const char *ff = memchr(body, 0xFF, len);
    int n = ff ? (int)(ff - body) : (int)len;
    const char *q = ff ? ff + 1 : body;
    int qn = ff ? (int)(len - (size_t)n - 1) : (int)len;
    unsigned set = sel % (sizeof option_sets / sizeof *option_sets);
    const char *opts = option_sets[set];
    const char *mode = modes[(sel / 8) % 3];

    sqlite3 *db = NULL;
    CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
    char *msg = NULL;
    CHECK(fahras_fts5_register(db, &msg) == SQLITE_OK);
    CHECK(fahras_query_register(db) == SQLITE_OK);
    check_tokens(db, body, n, opts, mode);
    check_tokens(db, q, qn, opts, modes[(sel / 32) % 3]);
    check_options_nul(db, body, n, q, qn);
    check_fts5(db, body, n, q, qn, (sel & 0x80) != 0, fts5_args[set]);
    if (set != 5) check_query(db, q, qn, opts); /* utf8=error: the table may be empty */
    sqlite3_close(db);
    return 0;
}
