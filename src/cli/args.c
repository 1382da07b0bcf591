/*
 * args.c - the command line of every fahras command: options from a
 * table, before or after the positional arguments, "--" ending them.
 *
 * Not getopt_long: an argument is an option only when it is "--name" or
 * "-" followed by an ASCII letter, so a query word of the query language
 * such as -البوكمال (an exclusion) or a lone "-" (stdin) stays positional,
 * where getopt would read -البوكمال as a cluster of unknown short options.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static int is_ascii_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static const cli_opt *find_long(const cli_opt *opts, const char *name, size_t n)
{
    for (; opts->name || opts->short_name; opts++)
        if (opts->name && strlen(opts->name) == n && !strncmp(opts->name, name, n)) return opts;
    return NULL;
}

static const cli_opt *find_short(const cli_opt *opts, char c)
{
    for (; opts->name || opts->short_name; opts++)
        if (opts->short_name == c) return opts;
    return NULL;
}

int cli_parse_args(const char *cmd, const cli_opt *opts, int argc, char **argv, cli_opt_fn on_opt,
                   void *ctx, cli_args *out)
{
    memset(out, 0, sizeof *out);
    out->pos = calloc((size_t)argc + 1, sizeof *out->pos);
    if (!out->pos) {
        cli_err("fahras %s: out of memory", cmd);
        return -1;
    }
    int only_positional = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_positional || a[0] != '-' || !(a[1] == '-' ? a[2] != '\0' : is_ascii_letter(a[1]))) {
            if (!only_positional && !strcmp(a, "--")) {
                only_positional = 1;
                continue;
            }
            out->pos[out->npos++] = a;
            continue;
        }
        const cli_opt *o;
        const char *value = NULL;
        char spelled[64];
        if (a[1] == '-') {
            const char *eq = strchr(a + 2, '=');
            size_t n = eq ? (size_t)(eq - (a + 2)) : strlen(a + 2);
            o = find_long(opts, a + 2, n);
            snprintf(spelled, sizeof spelled, "--%.*s", (int)n, a + 2);
            if (!o) {
                cli_err("fahras %s: unknown option %s (fahras %s --help)", cmd, spelled, cmd);
                return -1;
            }
            if (eq && !o->takes_value) {
                cli_err("fahras %s: option %s takes no value", cmd, spelled);
                return -1;
            }
            if (eq) value = eq + 1;
        } else {
            o = find_short(opts, a[1]);
            snprintf(spelled, sizeof spelled, "-%c", a[1]);
            if (!o || (a[2] && !o->takes_value)) {
                if (a[2])
                    cli_err("fahras %s: unknown option %s (fahras %s --help; an argument of '-' "
                            "and a letter that is not an option goes after --)", cmd, a, cmd);
                else cli_err("fahras %s: unknown option %s (fahras %s --help)", cmd, a, cmd);
                return -1;
            }
            if (a[2]) value = a + 2; /* -oSPEC */
        }
        if (o->takes_value && !value) {
            if (i + 1 >= argc) {
                cli_err("fahras %s: option %s needs a value (fahras %s --help)", cmd, spelled, cmd);
                return -1;
            }
            value = argv[++i];
        }
        if (on_opt(ctx, o->id, spelled, value)) return -1;
    }
    return 0;
}

void cli_args_free(cli_args *a)
{
    free(a->pos);
    a->pos = NULL;
    a->npos = 0;
}

int cli_number(const char *cmd, const char *opt, const char *v, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (!*v || *end || errno || x < lo || x > hi) {
        cli_err("fahras %s: %s needs a whole number from %ld to %ld, not '%s'", cmd, opt, lo, hi, v);
        return -1;
    }
    *out = x;
    return 0;
}

int cli_check_inputs(const char *cmd, const char *const *paths, int n)
{
    int missing = 0, stdin_seen = 0;
    for (int i = 0; i < n; i++) {
        if (!strcmp(paths[i], "-")) {
            if (stdin_seen++) {
                cli_err("fahras %s: - (standard input) is given twice", cmd);
                missing++;
            }
            continue;
        }
        if (access(paths[i], R_OK) != 0) {
            cli_err("fahras %s: %s: %s", cmd, paths[i], strerror(errno));
            missing++;
        }
    }
    return missing ? -1 : 0;
}
