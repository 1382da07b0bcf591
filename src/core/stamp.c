/*
 * stamp.c - the version stamp of a description ("fahras=0.2"): keys are
 * only comparable between analyzers with the same stamp.
 *
 * The stamp is the version, major.minor, when this build's keys are the
 * ones that version stands for: when the fingerprint of what they depend
 * on besides the code (the generated Unicode and lexicon tables, the
 * segmenter's tuning constants and lists) is the one recorded here.  A
 * build whose fingerprint differs (tables regenerated from other data, a
 * constant changed in the source or with -D) writes "0.2+1a2b3c4d", which
 * no store built by the release accepts, nor the other way round.
 *
 * A change that changes keys on purpose, in those or in the code, comes
 * with a new minor version (FAHRAS_VERSION_MINOR in fahras.h) and the new
 * fingerprint below; tests/core/unit.c fails until the fingerprint is
 * recorded, and prints it.
 */
#include <stdio.h>
#include <string.h>

#include "fnv.h"
#include "internal.h"

/* The fingerprint of the keys of FAHRAS_VERSION_MAJOR.MINOR. */
#define RECORDED_FINGERPRINT 0xc882a705u

/* Written by the generators with their tables. */
extern const uint32_t fh_unicode_fingerprint;
extern const uint32_t fh_lex_fingerprint;

uint32_t fh_keys_fingerprint(void)
{
    uint32_t h = fh_fnv_u32(FH_FNV_OFFSET, fh_unicode_fingerprint);
    h = fh_fnv_u32(h, fh_lex_fingerprint);
    return fh_morph_fingerprint(h);
}

size_t fh_stamp(char *buf, size_t cap)
{
    uint32_t keys = fh_keys_fingerprint();
    int n = keys == RECORDED_FINGERPRINT
                ? snprintf(buf, cap, "%d.%d", FAHRAS_VERSION_MAJOR, FAHRAS_VERSION_MINOR)
                : snprintf(buf, cap, "%d.%d+%08x", FAHRAS_VERSION_MAJOR, FAHRAS_VERSION_MINOR,
                           (unsigned)keys);
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
