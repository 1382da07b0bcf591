/*
 * main.c - the fahras command: dispatch to subcommands.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

static void usage(FILE *out)
{
    fprintf(out,
            "fahras %s - Arabic news search and analysis\n"
            "\n"
            "usage: fahras COMMAND [ARGS]   (fahras COMMAND --help for details)\n"
            "\n"
            "Analysis:\n"
            "  normalize [FILE...]       print text normalized for matching\n"
            "  tokenize [--json] [FILE...] tokens with byte offsets, normalized form and key\n"
            "  stem [FILE...]            one word per line -> word<TAB>key\n"
            "  segment [FILE...]         one word per line -> word<TAB>clitic segmentation\n"
            "%s"
            "\n"
            "Options may come before or after a command's other arguments (-- ends them).\n"
            "Exit status: 0 ok, 1 done but some input was rejected, 2 usage error, 3 failure.\n",
            fahras_version(), COMMANDS_HELP);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("fahras %s (Unicode %s)\n", fahras_version(), fahras_unicode_version());
        return EXIT_OK;
    }
    if (!strcmp(cmd, "normalize")) return cmd_normalize(argc - 1, argv + 1);
    if (!strcmp(cmd, "tokenize")) return cmd_tokenize(argc - 1, argv + 1);
    if (!strcmp(cmd, "stem")) return cmd_stem(argc - 1, argv + 1);
    if (!strcmp(cmd, "segment")) return cmd_segment(argc - 1, argv + 1);
    int rc = commands_dispatch(cmd, argc - 1, argv + 1);
    if (rc >= 0) return rc;
    fprintf(stderr, "fahras: unknown command '%s' (fahras --help)\n", cmd);
    return EXIT_USAGE;
}
