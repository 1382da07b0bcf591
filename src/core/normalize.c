/*
 * normalize.c - per-analyzer code point tables and whole-text normalization.
 *
 * The generated rules (unicode_data.c) say what each rule maps; an analyzer
 * flattens the enabled ones into a direct lookup table once, at creation, so
 * the hot path is one array read per code point.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "values.h"

int fh_set_error(fahras_error *err, int code, size_t offset, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        err->code = code;
        err->offset = offset;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return code;
}

size_t fh_utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) { o[0] = (unsigned char)cp; return 1; }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

uint8_t fh_class_of(uint32_t cp)
{
    size_t lo = 0, hi = fh_class_ranges_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < fh_class_ranges[mid].lo)
            hi = mid;
        else if (cp > fh_class_ranges[mid].hi)
            lo = mid + 1;
        else
            return fh_class_ranges[mid].cls;
    }
    return FH_CL_SEP;
}

/* Binary search in a table sorted by a leading uint32_t code point field
 * (fh_case_pair, fh_fold_rule); returns the element or NULL. */
static const void *find_by_cp(const void *base, size_t count, size_t stride, uint32_t cp)
{
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const void *e = (const char *)base + mid * stride;
        uint32_t key = *(const uint32_t *)e;
        if (cp < key) hi = mid;
        else if (cp > key) lo = mid + 1;
        else return e;
    }
    return NULL;
}

static uint32_t lower_of(uint32_t cp)
{
    const fh_case_pair *p = find_by_cp(fh_lower_pairs, fh_lower_pairs_count, sizeof *p, cp);
    return p ? p->lower : cp;
}

static const fh_fold_rule *rule_of(uint32_t cp)
{
    return find_by_cp(fh_fold_rules, fh_fold_rules_count, sizeof(fh_fold_rule), cp);
}

typedef struct pool_buf { char *p; size_t len, cap; int failed; } pool_buf;

static void pool_put(pool_buf *b, const char *s, size_t n)
{
    if (b->failed) return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < b->len + n) cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) { b->failed = 1; return; }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

/* Apply the enabled rules to one code point, appending the result to b.
 * Replacements are folded again (depth-limited) so that a presentation
 * form maps all the way (U+FEF7 -> لأ -> لا). */
static void fold_cp(pool_buf *b, uint32_t cp, unsigned norm, int depth)
{
    const fh_fold_rule *r = rule_of(cp);
    char tmp[4];
    if (r && (norm & (1u << r->rule)) && depth < 3) {
        const unsigned char *s = (const unsigned char *)r->to;
        size_t n = strlen(r->to), i = 0;
        while (i < n) {
            uint32_t c;
            size_t k = fh_utf8_decode(s + i, n - i, &c);
            if (!k) break; /* generated data is valid UTF-8 */
            fold_cp(b, c, norm, depth + 1);
            i += k;
        }
        return;
    }
    if ((norm & FAHRAS_NORM_LATIN_CASE) && !r) cp = lower_of(cp);
    pool_put(b, tmp, fh_utf8_encode(cp, tmp));
}

/* fold_cp without a table: used for short strings folded with a profile
 * other than an analyzer's (fh_fold_default). */
static void fold_cp_into(char *out, size_t cap, size_t *n, uint32_t cp, unsigned norm, int depth)
{
    const fh_fold_rule *r = rule_of(cp);
    if (r && (norm & (1u << r->rule)) && depth < 3) {
        const unsigned char *s = (const unsigned char *)r->to;
        size_t len = strlen(r->to), i = 0;
        while (i < len) {
            uint32_t c;
            size_t k = fh_utf8_decode(s + i, len - i, &c);
            if (!k) break;
            fold_cp_into(out, cap, n, c, norm, depth + 1);
            i += k;
        }
        return;
    }
    if ((norm & FAHRAS_NORM_LATIN_CASE) && !r) cp = lower_of(cp);
    char tmp[4];
    size_t k = fh_utf8_encode(cp, tmp);
    if (*n + k < cap) memcpy(out + *n, tmp, k);
    *n += k;
}

size_t fh_fold_default(const char *s, size_t len, char *out, size_t cap)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, n = 0;
    while (i < len) {
        uint32_t cp;
        size_t k = fh_utf8_decode(u + i, len - i, &cp);
        if (!k) { /* a bad byte is dropped: the caller's text was checked */
            i++;
            continue;
        }
        fold_cp_into(out, cap, &n, cp, FAHRAS_NORM_DEFAULT, 0);
        i += k;
    }
    if (cap) out[n < cap ? n : cap - 1] = '\0';
    return n;
}

static void fill_entry(fh_cpinfo *e, pool_buf *b, uint32_t cp, unsigned norm)
{
    const fh_fold_rule *r = rule_of(cp);
    e->cls = r ? r->cls : fh_class_of(cp);
    e->len = FH_IDENTITY;
    e->off = 0;
    int changes = (r && (norm & (1u << r->rule))) ||
                  (!r && (norm & FAHRAS_NORM_LATIN_CASE) && lower_of(cp) != cp);
    if (!changes) return;
    size_t start = b->len;
    fold_cp(b, cp, norm, 0);
    size_t n = b->len - start;
    if (n > 254) { /* cannot happen with Unicode's decompositions; keep as is */
        b->len = start;
        return;
    }
    e->off = (uint32_t)start;
    e->len = (uint8_t)n;
}

int fh_fold_table_init(fh_fold_table *t, unsigned norm, fahras_error *err)
{
    pool_buf b = {0};
    for (uint32_t cp = 0; cp < FH_DIRECT_LIMIT; cp++)
        fill_entry(&t->direct[cp], &b, cp, norm);
    for (uint32_t cp = FH_PRES_LO; cp <= FH_PRES_HI; cp++)
        fill_entry(&t->pres[cp - FH_PRES_LO], &b, cp, norm);
    if (b.failed) {
        free(b.p);
        return fh_set_error(err, FAHRAS_ERR_NOMEM, 0, "out of memory building tables");
    }
    t->pool = b.p;
    t->pool_len = b.len;
    t->lower = (norm & FAHRAS_NORM_LATIN_CASE) != 0;
    return FAHRAS_OK;
}

void fh_fold_table_free(fh_fold_table *t)
{
    if (t) {
        free(t->pool);
        t->pool = NULL;
    }
}

uint8_t fh_fold_lookup(const fh_fold_table *t, uint32_t cp, const char **out, size_t *out_len,
                       char *tmp)
{
    const fh_cpinfo *e = NULL;
    if (cp < FH_DIRECT_LIMIT)
        e = &t->direct[cp];
    else if (cp >= FH_PRES_LO && cp <= FH_PRES_HI)
        e = &t->pres[cp - FH_PRES_LO];
    if (e) {
        if (e->len == FH_IDENTITY) {
            *out_len = fh_utf8_encode(cp, tmp);
            *out = tmp;
        } else {
            *out = t->pool + e->off;
            *out_len = e->len;
        }
        return e->cls;
    }
    uint8_t cls = fh_class_of(cp);
    *out_len = fh_utf8_encode(t->lower ? lower_of(cp) : cp, tmp);
    *out = tmp;
    return cls;
}

int fahras_normalize(const fahras_analyzer *a, const char *text, size_t len, char *out,
                     size_t cap, size_t *out_len, fahras_error *err)
{
    if (!a || (!text && len) || (!out && cap) || !out_len)
        return fh_set_error(err, FAHRAS_ERR_ARG, 0, "fahras_normalize: NULL argument");
    if (len > FAHRAS_MAX_INPUT)
        return fh_set_error(err, FAHRAS_ERR_LIMIT, 0, "input of %zu bytes exceeds the limit", len);
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0, n = 0;
    char tmp[4];
    while (i < len) {
        const char *rep;
        size_t rep_len;
        uint32_t cp;
        size_t k = fh_utf8_decode(s + i, len - i, &cp);
        if (!k) {
            if (a->opts.utf8 != FAHRAS_UTF8_REPLACE) {
                if (cap) out[n < cap ? n : cap - 1] = '\0';
                *out_len = n;
                return fh_set_error(err, FAHRAS_ERR_UTF8, i, "invalid UTF-8 at byte %zu", i);
            }
            rep = "\xEF\xBF\xBD";
            rep_len = 3;
            k = 1;
        } else {
            fh_fold_lookup(&a->fold, cp, &rep, &rep_len, tmp);
        }
        if (n + rep_len < cap) memcpy(out + n, rep, rep_len);
        else if (n < cap) memcpy(out + n, rep, cap - 1 - n > rep_len ? rep_len : cap - 1 - n);
        n += rep_len;
        i += k;
    }
    if (cap) out[n < cap ? n : cap - 1] = '\0';
    *out_len = n;
    return FAHRAS_OK;
}
