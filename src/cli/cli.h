/*
 * cli.h - shared pieces of the fahras command-line program.
 */
#ifndef FAHRAS_CLI_H
#define FAHRAS_CLI_H

#include <stdio.h>

#include "fahras.h"

/* Exit codes (documented in README and `fahras --help`). */
enum {
    EXIT_OK = 0,
    EXIT_SOME_BAD = 1, /* finished, but some input was rejected (reported on stderr) */
    EXIT_USAGE = 2,    /* bad command line */
    EXIT_FAIL = 3      /* could not do the job: I/O, database or internal error */
};

/* Options shared by the analysis commands: --options SPEC, --replace-invalid. */
typedef struct cli_analysis {
    fahras_options opts;
    int replace_invalid;
} cli_analysis;

/* Parse one shared analysis option at argv[*i]; returns 1 if consumed,
 * 0 if not ours, -1 on error (message printed). */
int cli_analysis_arg(cli_analysis *ca, int argc, char **argv, int *i);

/* Create the analyzer for ca, printing an error on failure. */
fahras_analyzer *cli_analyzer(const cli_analysis *ca);

/* Read lines from a file ("-" = stdin), any length, calling fn for each
 * (without the newline; a final line without newline counts).  Returns 0,
 * or -1 if the file could not be opened/read (message printed). */
typedef int (*cli_line_fn)(void *ctx, const char *line, size_t len, size_t lineno,
                           size_t file_offset);
int cli_for_each_line(const char *path, cli_line_fn fn, void *ctx);

void cli_json_string(FILE *out, const char *s, size_t n);

int cmd_normalize(int argc, char **argv);
int cmd_tokenize(int argc, char **argv);
int cmd_stem(int argc, char **argv);
int cmd_segment(int argc, char **argv);

#endif
