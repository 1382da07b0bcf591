/*
 * fahras_pg.h - what the PostgreSQL extension's files share: fahras_pg.c
 * (parser, dictionary, inspection functions) and rank_pg.c (ranking).
 */
#ifndef FAHRAS_PG_H
#define FAHRAS_PG_H

#include "fahras.h"

/* Refuse a database encoding the analyzer cannot read (UTF8 or SQL_ASCII). */
void fahras_pg_check_encoding(void);

/* The analyzer for this call site and option string ("key=value,..."),
 * cached in flinfo->fn_extra and freed with its memory context. */
const fahras_analyzer *fahras_pg_analyzer_for_call(FmgrInfo *flinfo, const char *spec);

#endif
