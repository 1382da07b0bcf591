/*
 * fahras_fts5.h - the fahras FTS5 tokenizer, ranking function and token
 * dump table, registered on one SQLite connection.
 *
 * The same code is built twice: linked into the fahras program (store_sqlite.c
 * calls fahras_fts5_register) and as the loadable extension fahras_fts5.so
 * (FAHRAS_SQLITE_EXTENSION defined; entry point sqlite3_fahrasfts_init).
 *
 * What it registers:
 *   tokenizer  fahras      tokenize = 'fahras [key=value | key value]...'
 *                          analyzer options (fahras_options_set names) plus
 *                          norm=0xHEX, fahras=MAJOR.MINOR (refuse another
 *                          analyzer version), exact=on|off (index exact forms)
 *   function   fahras_bm25(fts [, phrase_weights [, column_weights]])
 *                          fahras's ranking (src/store/rank.h), more
 *                          negative = better (as bm25()); columns weigh 1
 *                          unless column_weights says otherwise
 *   table      fahras_tokens(text [, options [, mode]])
 *                          the tokens the tokenizer emits, one row each
 * and, in the loadable extension (fahras_query.c),
 *   function   fahras_query(query [, options]), fahras_query_weights(...)
 *                          fahras's query language as a MATCH expression
 *                          and the phrase weights fahras_bm25 ranks it with
 */
#ifndef FAHRAS_FTS5_H
#define FAHRAS_FTS5_H

#include <sqlite3.h>

#include "fahras.h"

/* A query string that starts with FAHRAS_EXACT_MARK (fahras.h) asks for
 * exact forms: MATCH '"=word word"'.  One that starts with FAHRAS_FTS5_RAW
 * holds index terms to match as they are (how the store translates its
 * query plan): terms separated by spaces, a position's alternatives by
 * FAHRAS_FTS5_ALT. */
#define FAHRAS_FTS5_RAW '\x01'
#define FAHRAS_FTS5_ALT '\x02'

/**
 * A shared analyzer for opts: analyzers are immutable and thread-safe, and
 * building one takes tens of milliseconds, so a process keeps one per
 * option set (the store and every FTS5 tokenizer instance share it).
 * Returns NULL with *err filled on failure.  Release with
 * fahras_fts5_analyzer_release; the last release frees it.
 */
fahras_analyzer *fahras_fts5_analyzer_acquire(const fahras_options *opts, fahras_error *err);
void fahras_fts5_analyzer_release(fahras_analyzer *an); /* NULL-safe */

/**
 * Register the tokenizer "fahras", the function fahras_bm25 and the table
 * fahras_tokens on db.  Returns SQLITE_OK, or an error code with *errmsg
 * set (free with sqlite3_free) when errmsg is non-NULL.
 */
int fahras_fts5_register(sqlite3 *db, char **errmsg);

/**
 * The tokenizer's options from a string as fahras_tokens takes it
 * ("stem=light exact=off", spaces or commas): *opts and *exact (index
 * exact forms).  Returns 0, or -1 with a message in msg (cap bytes).
 */
int fahras_fts5_options(const char *spec, fahras_options *opts, int *exact, char *msg,
                        size_t cap);

/** Register fahras_query and fahras_query_weights (fahras_query.c). */
int fahras_query_register(sqlite3 *db);

#endif
