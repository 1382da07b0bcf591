/*
 * options.c - analyzer options: defaults, parsing "key=value" lists (the
 * form every adapter receives), and the canonical description stores keep.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const struct { const char *name; unsigned flag; } norm_rules[] = {
    {"diacritics", FAHRAS_NORM_DIACRITICS},
    {"tatweel", FAHRAS_NORM_TATWEEL},
    {"alef", FAHRAS_NORM_ALEF},
    {"alef_maqsura", FAHRAS_NORM_ALEF_MAQSURA},
    {"teh_marbuta", FAHRAS_NORM_TEH_MARBUTA},
    {"hamza", FAHRAS_NORM_HAMZA},
    {"persian", FAHRAS_NORM_PERSIAN},
    {"presentation", FAHRAS_NORM_PRESENTATION},
    {"digits", FAHRAS_NORM_DIGITS},
    {"punct", FAHRAS_NORM_PUNCT},
    {"controls", FAHRAS_NORM_CONTROLS},
    {"spaces", FAHRAS_NORM_SPACES},
    {"latin_case", FAHRAS_NORM_LATIN_CASE},
};

void fahras_options_default(fahras_options *opts)
{
    if (!opts) return;
    opts->norm = FAHRAS_NORM_DEFAULT;
    opts->stem = FAHRAS_STEM_LIGHT;
    opts->utf8 = FAHRAS_UTF8_ERROR;
    opts->hashtag_parts = 1;
}

static int parse_bool(const char *v, int *out)
{
    if (!strcmp(v, "on") || !strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes")) {
        *out = 1;
        return 1;
    }
    if (!strcmp(v, "off") || !strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "no")) {
        *out = 0;
        return 1;
    }
    return 0;
}

int fahras_options_set(fahras_options *opts, const char *key, const char *value, fahras_error *err)
{
    if (!opts || !key || !value)
        return fh_set_error(err, FAHRAS_ERR_ARG, 0, "fahras_options_set: NULL argument");
    int b;
    if (!strcmp(key, "norm")) {
        if (!strcmp(value, "default")) opts->norm = FAHRAS_NORM_DEFAULT;
        else if (!strcmp(value, "all")) opts->norm = FAHRAS_NORM_ALL;
        else if (!strcmp(value, "none")) opts->norm = 0;
        else if (value[0] == '0' && value[1] == 'x') { /* as fahras_options_describe writes it */
            char *end;
            unsigned long v = strtoul(value + 2, &end, 16);
            if (*end || end == value + 2 || v & ~(unsigned long)FAHRAS_NORM_ALL) goto bad_value;
            opts->norm = (unsigned)v;
        } else goto bad_value;
        return FAHRAS_OK;
    }
    if (!strcmp(key, "fahras")) {
        /* the version stamp of a description: keys change between versions */
        char here[16];
        snprintf(here, sizeof here, "%d.%d", FAHRAS_VERSION_MAJOR, FAHRAS_VERSION_MINOR);
        if (strcmp(value, here))
            return fh_set_error(err, FAHRAS_ERR_OPTION, 0,
                                "options were written by fahras %.20s; this is fahras %s", value, here);
        return FAHRAS_OK;
    }
    if (!strcmp(key, "stem")) {
        if (!strcmp(value, "none")) opts->stem = FAHRAS_STEM_NONE;
        else if (!strcmp(value, "clitics")) opts->stem = FAHRAS_STEM_CLITICS;
        else if (!strcmp(value, "light")) opts->stem = FAHRAS_STEM_LIGHT;
        else goto bad_value;
        return FAHRAS_OK;
    }
    if (!strcmp(key, "utf8")) {
        if (!strcmp(value, "error")) opts->utf8 = FAHRAS_UTF8_ERROR;
        else if (!strcmp(value, "replace")) opts->utf8 = FAHRAS_UTF8_REPLACE;
        else goto bad_value;
        return FAHRAS_OK;
    }
    if (!strcmp(key, "hashtag_parts")) {
        if (!parse_bool(value, &b)) goto bad_value;
        opts->hashtag_parts = b;
        return FAHRAS_OK;
    }
    for (size_t i = 0; i < sizeof norm_rules / sizeof norm_rules[0]; i++) {
        if (!strcmp(key, norm_rules[i].name)) {
            if (!parse_bool(value, &b)) goto bad_value;
            if (b) opts->norm |= norm_rules[i].flag;
            else opts->norm &= ~norm_rules[i].flag;
            return FAHRAS_OK;
        }
    }
    return fh_set_error(err, FAHRAS_ERR_OPTION, 0, "unknown option '%.60s'", key);
bad_value:
    return fh_set_error(err, FAHRAS_ERR_OPTION, 0, "bad value '%.60s' for option '%.60s'", value, key);
}

int fahras_options_parse(fahras_options *opts, const char *spec, fahras_error *err)
{
    if (!opts) return fh_set_error(err, FAHRAS_ERR_ARG, 0, "fahras_options_parse: NULL options");
    if (!spec) return FAHRAS_OK;
    const char *p = spec;
    while (*p) {
        while (*p == ',' || *p == ' ' || *p == '\t') p++;
        if (!*p) break;
        const char *start = p;
        while (*p && *p != ',' && *p != ' ' && *p != '\t') p++;
        char item[128];
        size_t n = (size_t)(p - start);
        if (n >= sizeof item)
            return fh_set_error(err, FAHRAS_ERR_OPTION, (size_t)(start - spec), "option too long");
        memcpy(item, start, n);
        item[n] = '\0';
        char *eq = strchr(item, '=');
        if (!eq)
            return fh_set_error(err, FAHRAS_ERR_OPTION, (size_t)(start - spec),
                                "option '%s' needs a value (key=value)", item);
        *eq = '\0';
        int rc = fahras_options_set(opts, item, eq + 1, err);
        if (rc) return rc;
    }
    return FAHRAS_OK;
}

size_t fahras_options_describe(const fahras_options *opts, char *buf, size_t cap)
{
    static const char *stems[] = {"none", "clitics", "light"};
    fahras_options d;
    if (!opts) {
        fahras_options_default(&d);
        opts = &d;
    }
    int stem = opts->stem >= 0 && opts->stem <= 2 ? opts->stem : 2;
    int n = snprintf(buf, cap, "fahras=%d.%d stem=%s norm=0x%04x hashtag_parts=%d",
                     FAHRAS_VERSION_MAJOR, FAHRAS_VERSION_MINOR, stems[stem], opts->norm,
                     opts->hashtag_parts ? 1 : 0);
    return n < 0 ? 0 : (size_t)n;
}
