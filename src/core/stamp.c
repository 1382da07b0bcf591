/*
 * stamp.c - the version stamp of a description ("fahras=0.2"): keys are
 * only comparable between analyzers with the same stamp.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

size_t fh_stamp(char *buf, size_t cap)
{
    int n = snprintf(buf, cap, "%d.%d", FAHRAS_VERSION_MAJOR, FAHRAS_VERSION_MINOR);
    return n < 0 ? 0 : (size_t)n;
}

int fh_check_stamp(const char *value, fahras_error *err)
{
    char here[FH_STAMP_MAX];
    fh_stamp(here, sizeof here);
    if (!strcmp(value, here)) return FAHRAS_OK;
    return fh_set_error(err, FAHRAS_ERR_OPTION, 0,
                        "written by fahras %.24s, whose keys may differ from this fahras %s: "
                        "rebuild the index with this one",
                        value, here);
}
