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

/* Apply an --options SPEC (cmd names the command in the message).
 * Returns 0, or -1 after printing the error. */
int cli_analysis_options(const char *cmd, cli_analysis *ca, const char *spec);

/* Print the analyzer options (names, values, defaults, help) from the
 * core's options table. */
void cli_options_help(FILE *out);

/* Create the analyzer for ca, printing an error on failure. */
fahras_analyzer *cli_analyzer(const cli_analysis *ca);

/* The command line (args.c).  An option is "--name", "--name=VALUE",
 * "-x", "-x VALUE" or "-xVALUE", anywhere among the positional arguments;
 * "--" ends the options.  Anything else starting with '-' ("-", a query
 * word such as -البوكمال) is positional. */
typedef struct cli_opt {
    const char *name;  /* long name without "--", or NULL */
    char short_name;   /* or 0 */
    int takes_value;
    int id;
} cli_opt;              /* a table ends with {NULL, 0, 0, 0} */
typedef int (*cli_opt_fn)(void *ctx, int id, const char *spelled, const char *value);
typedef struct cli_args {
    const char **pos;  /* positional arguments, in order */
    int npos;
} cli_args;
/* Parse argv[1..argc).  on_opt gets each option (in order) and returns 0,
 * or -1 after printing what is wrong.  Returns 0, or -1 after printing
 * the error (an unknown option or a missing value, named): exit 2. */
int cli_parse_args(const char *cmd, const cli_opt *opts, int argc, char **argv, cli_opt_fn on_opt,
                   void *ctx, cli_args *out);
void cli_args_free(cli_args *a);
/* A whole number from lo to hi, or -1 after an error naming opt and v. */
int cli_number(const char *cmd, const char *opt, const char *v, long lo, long hi, long *out);
/* Every input file named exists and is readable ("-" at most once); else
 * each problem is printed and -1 returned. */
int cli_check_inputs(const char *cmd, const char *const *paths, int n);

/* A message on stderr, with a newline: control characters and invalid
 * UTF-8 in it (an id, a file name, a title) are written as \xHH or
 * \u00HH, so no terminal escape sequence reaches the terminal. */
void cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* s[0, n) on f with control characters and invalid UTF-8 escaped the same
 * way.  keep_lines: newline and tab are written as they are (messages);
 * else tab, newline and CR become spaces (one-line fields). */
void cli_put_escaped(FILE *f, const char *s, size_t n, int keep_lines);

/* Lines longer than this are skipped and reported (bounded memory). */
#define CLI_MAX_LINE ((size_t)64 << 20)
/* Read lines from a file ("-" = stdin), calling fn for each (without the
 * newline and a CR before it; a final line without newline counts).  A
 * line over CLI_MAX_LINE is reported with file:line, skipped and counted
 * in *too_long.  Returns 0, or -1 if the file could not be opened/read
 * (message printed). */
typedef int (*cli_line_fn)(void *ctx, const char *line, size_t len, size_t lineno,
                           size_t file_offset);
int cli_for_each_line(const char *path, cli_line_fn fn, void *ctx, size_t *too_long);

void cli_json_string(FILE *out, const char *s, size_t n);
/* JSON text (from json_dumps) with DEL and the C1 controls U+0080..U+009F
 * written \u00XX: valid raw, but a terminal would act on them. */
void cli_put_json(FILE *out, const char *text);

int cmd_normalize(int argc, char **argv);
int cmd_tokenize(int argc, char **argv);
int cmd_stem(int argc, char **argv);
int cmd_segment(int argc, char **argv);

#endif
