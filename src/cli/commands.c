/*
 * commands.c - registry of the store-backed subcommands.
 */
#include <string.h>

#include "commands.h"

const char COMMANDS_HELP[] = "";

int commands_dispatch(const char *cmd, int argc, char **argv)
{
    (void)cmd;
    (void)argc;
    (void)argv;
    return -1;
}
