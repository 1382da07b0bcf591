/*
 * commands.h - the store-backed subcommands (index, search, stats, serve).
 * Each lives in its own file under src/cli/ and is registered in
 * commands.c.
 */
#ifndef FAHRAS_COMMANDS_H
#define FAHRAS_COMMANDS_H

/* Help lines for the store commands, appended to `fahras --help`. */
extern const char COMMANDS_HELP[];

/* Run the store command named cmd; returns its exit code, or -1 if there
 * is no such command. */
int commands_dispatch(const char *cmd, int argc, char **argv);

#endif
