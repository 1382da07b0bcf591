/*
 * options.c - the analyzer options table and what is made from it:
 * defaults, setting and parsing "key=value" lists (the form every adapter
 * receives), the canonical description stores keep, and the spec that
 * rebuilds a store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "norm_rules.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const fahras_option_value on_off[] = {
    {"on", 1, 0}, {"off", 0, 0}, {"1", 1, 1}, {"0", 0, 1},
    {"true", 1, 1}, {"false", 0, 1}, {"yes", 1, 1}, {"no", 0, 1},
};
static const fahras_option_value stem_values[] = {
    {"none", FAHRAS_STEM_NONE, 0}, {"clitics", FAHRAS_STEM_CLITICS, 0}, {"light", FAHRAS_STEM_LIGHT, 0},
};
static const fahras_option_value norm_values[] = {
    {"default", FAHRAS_NORM_DEFAULT, 0}, {"all", FAHRAS_NORM_ALL, 0}, {"none", 0, 0},
};
static const fahras_option_value utf8_values[] = {
    {"error", FAHRAS_UTF8_ERROR, 0}, {"replace", FAHRAS_UTF8_REPLACE, 0},
};

#define RULE_OPTION(name, flag, help)                                                      \
    {name, FAHRAS_OPTION_RULE, FAHRAS_FIELD_NORM, flag, FAHRAS_OPTION_KEYS, on_off, COUNT(on_off), \
     "on", help},

/* The order is the order of help texts and of descriptions: norm before
 * the rules (a spec may set the profile, then single rules). */
static const fahras_option_info options[] = {
    {"stem", FAHRAS_OPTION_ENUM, FAHRAS_FIELD_STEM, 0, FAHRAS_OPTION_KEYS, stem_values,
     COUNT(stem_values), "light",
     "key: normalized form / without clitics / also without suffixes"},
    {"norm", FAHRAS_OPTION_BITS, FAHRAS_FIELD_NORM, 0, FAHRAS_OPTION_KEYS, norm_values,
     COUNT(norm_values), "default",
     "every rule below at once; 0xHEX: their bits"},
    FH_NORM_RULES(RULE_OPTION)
    {"utf8", FAHRAS_OPTION_ENUM, FAHRAS_FIELD_UTF8, 0, 0, utf8_values, COUNT(utf8_values),
     "error", "invalid UTF-8: fail naming the byte / bad bytes separate words"},
    {"hashtag_parts", FAHRAS_OPTION_BOOL, FAHRAS_FIELD_HASHTAG_PARTS, 0, FAHRAS_OPTION_KEYS,
     on_off, COUNT(on_off), "on", "a #hash_tag also yields its words"},
};

size_t fahras_option_count(void) { return COUNT(options); }

const fahras_option_info *fahras_option_at(size_t i)
{
    return i < COUNT(options) ? &options[i] : NULL;
}

const fahras_option_info *fahras_option_find(const char *name)
{
    if (!name) return NULL;
    for (size_t i = 0; i < COUNT(options); i++)
        if (!strcmp(options[i].name, name)) return &options[i];
    return NULL;
}

/* The field an option sets, as unsigned (every field holds small
 * non-negative values). */
static unsigned field_get(const fahras_options *o, int field)
{
    switch (field) {
    case FAHRAS_FIELD_NORM: return o->norm;
    case FAHRAS_FIELD_STEM: return (unsigned)o->stem;
    case FAHRAS_FIELD_UTF8: return (unsigned)o->utf8;
    default: return (unsigned)o->hashtag_parts;
    }
}

static void field_put(fahras_options *o, int field, unsigned v)
{
    switch (field) {
    case FAHRAS_FIELD_NORM: o->norm = v; break;
    case FAHRAS_FIELD_STEM: o->stem = (int)v; break;
    case FAHRAS_FIELD_UTF8: o->utf8 = (int)v; break;
    default: o->hashtag_parts = (int)v; break;
    }
}

static const fahras_option_value *value_named(const fahras_option_info *opt, const char *name)
{
    for (size_t i = 0; i < opt->nvalues; i++)
        if (!strcmp(opt->values[i].name, name)) return &opt->values[i];
    return NULL;
}

/* The option's current value in o, as it is shown: a rule or a bool is
 * on or off, an enum or the profile its value's name (NULL when none). */
static const fahras_option_value *value_of(const fahras_option_info *opt, const fahras_options *o)
{
    unsigned v = field_get(o, opt->field);
    if (opt->kind == FAHRAS_OPTION_RULE) v = (v & opt->bits) != 0;
    else if (opt->kind == FAHRAS_OPTION_BOOL) v = v != 0;
    for (size_t i = 0; i < opt->nvalues; i++)
        if (!opt->values[i].alias && opt->values[i].value == v) return &opt->values[i];
    return NULL;
}

void fahras_options_default(fahras_options *opts)
{
    if (!opts) return;
    memset(opts, 0, sizeof *opts);
    for (size_t i = 0; i < COUNT(options); i++)
        fahras_options_set(opts, options[i].name, options[i].default_value, NULL);
}

/* "none, clitics, light": the values help shows. */
static void list_values(const fahras_option_info *opt, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < opt->nvalues && n < cap; i++)
        if (!opt->values[i].alias)
            n += (size_t)snprintf(buf + n, cap - n, "%s%s", n ? ", " : "", opt->values[i].name);
    if (opt->kind == FAHRAS_OPTION_BITS && n < cap) snprintf(buf + n, cap - n, ", 0xHEX");
}

/* norm=0x1fff, as fahras_options_describe writes it: 0x and one to eight
 * hex digits, only bits of known rules. */
static int parse_bits(const char *value, unsigned *out)
{
    if (value[0] != '0' || value[1] != 'x' || !value[2]) return 0;
    unsigned long v = 0;
    size_t i = 2;
    for (; value[i]; i++) {
        char ch = value[i];
        int d = ch >= '0' && ch <= '9' ? ch - '0'
              : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
              : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
        if (d < 0 || i >= 10) return 0;
        v = v * 16 + (unsigned long)d;
    }
    if (v & ~(unsigned long)FAHRAS_NORM_ALL) return 0;
    *out = (unsigned)v;
    return 1;
}

int fahras_options_set(fahras_options *opts, const char *key, const char *value, fahras_error *err)
{
    if (!opts || !key || !value)
        return fh_set_error(err, FAHRAS_ERR_ARG, 0, "fahras_options_set: NULL argument");
    if (!strcmp(key, FH_STAMP_KEY)) return fh_check_stamp(value, err);
    const fahras_option_info *opt = fahras_option_find(key);
    if (!opt) return fh_set_error(err, FAHRAS_ERR_OPTION, 0, "unknown option '%.60s'", key);
    const fahras_option_value *v = value_named(opt, value);
    unsigned bits;
    if (v && opt->kind == FAHRAS_OPTION_RULE) {
        unsigned norm = field_get(opts, opt->field);
        field_put(opts, opt->field, v->value ? norm | opt->bits : norm & ~opt->bits);
    } else if (v) {
        field_put(opts, opt->field, v->value);
    } else if (opt->kind == FAHRAS_OPTION_BITS && parse_bits(value, &bits)) {
        field_put(opts, opt->field, bits);
    } else {
        char accepted[96];
        list_values(opt, accepted, sizeof accepted);
        return fh_set_error(err, FAHRAS_ERR_OPTION, 0, "bad value '%.40s' for option '%s' (%s)",
                            value, opt->name, accepted);
    }
    return FAHRAS_OK;
}

int fahras_options_parse(fahras_options *opts, const char *spec, fahras_error *err)
{
    if (!opts) return fh_set_error(err, FAHRAS_ERR_ARG, 0, "fahras_options_parse: NULL options");
    if (!spec) return FAHRAS_OK;
    fahras_error stamp_err;
    int stamp_rc = FAHRAS_OK;
    const char *p = spec;
    while (*p) {
        while (*p == ',' || *p == ' ' || *p == '\t') p++;
        if (!*p) break;
        const char *start = p;
        while (*p && *p != ',' && *p != ' ' && *p != '\t') p++;
        char item[128];
        size_t n = (size_t)(p - start);
        if (n >= sizeof item) {
            if (stamp_rc) break;
            return fh_set_error(err, FAHRAS_ERR_OPTION, (size_t)(start - spec), "option too long");
        }
        memcpy(item, start, n);
        item[n] = '\0';
        char *eq = strchr(item, '=');
        if (!eq) {
            if (stamp_rc) continue;
            return fh_set_error(err, FAHRAS_ERR_OPTION, (size_t)(start - spec),
                                "option '%s' needs a value (key=value)", item);
        }
        *eq = '\0';
        if (!strcmp(item, FH_STAMP_KEY)) {
            /* another version: read on, so that *opts holds its options */
            if (!stamp_rc && (stamp_rc = fh_check_stamp(eq + 1, &stamp_err)))
                stamp_err.offset = (size_t)(start - spec);
            continue;
        }
        int rc = fahras_options_set(opts, item, eq + 1, stamp_rc ? NULL : err);
        if (rc && !stamp_rc) {
            if (err) err->offset = (size_t)(start - spec);
            return rc;
        }
    }
    if (stamp_rc && err) *err = stamp_err;
    return stamp_rc;
}

/* Append "sep name=value" to buf, snprintf style from *n. */
static void put_item(char *buf, size_t cap, size_t *n, char sep, const char *name,
                     const char *value)
{
    int k = snprintf(*n < cap ? buf + *n : NULL, *n < cap ? cap - *n : 0, "%s%s=%s",
                     *n ? (sep == ',' ? "," : " ") : "", name, value);
    if (k > 0) *n += (size_t)k;
}

size_t fahras_options_describe(const fahras_options *opts, char *buf, size_t cap)
{
    fahras_options d;
    if (!opts) {
        fahras_options_default(&d);
        opts = &d;
    }
    if (cap && buf) buf[0] = '\0';
    else cap = 0;
    size_t n = 0;
    char stamp[FH_STAMP_MAX], value[16];
    fh_stamp(stamp, sizeof stamp);
    put_item(buf, cap, &n, ' ', FH_STAMP_KEY, stamp);
    for (size_t i = 0; i < COUNT(options); i++) {
        const fahras_option_info *opt = &options[i];
        if (!(opt->flags & FAHRAS_OPTION_KEYS) || opt->kind == FAHRAS_OPTION_RULE) continue;
        unsigned v = field_get(opts, opt->field);
        const fahras_option_value *named = value_of(opt, opts);
        if (opt->kind == FAHRAS_OPTION_BITS) snprintf(value, sizeof value, "0x%04x", v);
        else if (opt->kind == FAHRAS_OPTION_BOOL) snprintf(value, sizeof value, "%d", v != 0);
        else snprintf(value, sizeof value, "%s", named ? named->name : opt->default_value);
        put_item(buf, cap, &n, ' ', opt->name, value);
    }
    return n;
}

size_t fahras_options_spec(const fahras_options *opts, char *buf, size_t cap)
{
    fahras_options def;
    fahras_options_default(&def);
    if (!opts) opts = &def;
    if (cap && buf) buf[0] = '\0';
    else cap = 0;
    size_t n = 0;
    for (size_t i = 0; i < COUNT(options); i++) {
        const fahras_option_info *opt = &options[i];
        if (opt->kind == FAHRAS_OPTION_BITS) continue; /* written as its rules */
        const fahras_option_value *v = value_of(opt, opts);
        const char *name = v ? v->name : opt->default_value;
        int always = (opt->flags & FAHRAS_OPTION_KEYS) && opt->kind != FAHRAS_OPTION_RULE;
        if (always || strcmp(name, opt->default_value)) put_item(buf, cap, &n, ',', opt->name, name);
    }
    return n;
}
