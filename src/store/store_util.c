/*
 * store_util.c - the error and string helpers every store file uses
 * (store_backend.h): fh_fail and the growable sbuf.  Apart from store.c
 * so that parts of the store can be built alone (the query fuzz target).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_backend.h"

int fh_fail(fh_err *err, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->kind = FH_ERR_STORE;
    }
    return -1;
}

int fh_fail_kind(fh_err *err, int kind, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->kind = kind;
    }
    return -1;
}

void fh_sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->oom) return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        while (cap < b->n + n + 1) cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

void fh_sb_str(sbuf *b, const char *s) { fh_sb_add(b, s, strlen(s)); }

/* ------------------------------------------------------------------ */
/* Targets as shown in messages                                        */
/* ------------------------------------------------------------------ */

/* Where the password of a target is, in every form libpq reads: a URL's
 * user:PASSWORD@, its ?password= or &password= parameter, and a
 * keyword/value string's password=VALUE (quoted or not).  Returns the
 * next password after from, setting *len; NULL when there is none. */
static const char *find_password(const char *t, const char *from, size_t *len)
{
    const char *scheme = strstr(t, "://");
    if (scheme && from <= scheme) {
        const char *auth = scheme + 3, *end = auth + strcspn(auth, "/?#");
        const char *at = NULL;
        for (const char *p = auth; p < end; p++)
            if (*p == '@') at = p; /* the last @ before the host */
        const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
        if (colon) {
            *len = (size_t)(at - colon - 1);
            return colon + 1;
        }
    }
    for (const char *p = from; (p = strstr(p, "password")) != NULL; p += 8) {
        int starts = p == t || p[-1] == '?' || p[-1] == '&' || p[-1] == ' ' || p[-1] == '\t';
        const char *v = p + 8;
        while (*v == ' ') v++;
        if (!starts || *v != '=') continue;
        v++;
        while (*v == ' ') v++;
        if (*v == '\'') { /* keyword/value quoting: 'a b\'c' */
            const char *e = v + 1;
            while (*e && *e != '\'') e += e[0] == '\\' && e[1] ? 2 : 1;
            *len = (size_t)(e + (*e == '\'') - v);
        } else {
            *len = strcspn(v, scheme ? "&#" : " \t");
        }
        return v;
    }
    return NULL;
}

void fh_target_shown(const char *target, char *out, size_t cap)
{
    size_t n = 0;
    const char *p = target, *pw;
    size_t len;
    if (!cap) return;
    while ((pw = find_password(target, p, &len)) != NULL && len) {
        size_t k = (size_t)(pw - p);
        if (n + k + 4 >= cap) break;
        memcpy(out + n, p, k);
        memcpy(out + n + k, "***", 3);
        n += k + 3;
        p = pw + len;
    }
    snprintf(out + n, cap - n, "%s", p);
}

static void mask_all(char *msg, size_t cap, const char *secret)
{
    size_t len = strlen(secret);
    for (char *at = msg, *hit; len && (hit = strstr(at, secret)) != NULL; at = hit + 3) {
        size_t rest = strlen(hit + len);
        if ((size_t)(hit - msg) + 3 + rest + 1 > cap) break;
        memmove(hit + 3, hit + len, rest + 1);
        memcpy(hit, "***", 3);
    }
}

void fh_mask_secrets(const char *target, char *msg, size_t cap)
{
    const char *p = target, *pw;
    size_t len;
    while ((pw = find_password(target, p, &len)) != NULL) {
        p = pw + len;
        if (len < 3) continue; /* too short to hide without hiding words */
        char secret[256], decoded[256];
        if (len >= sizeof secret) len = sizeof secret - 1;
        memcpy(secret, pw, len);
        secret[len] = '\0';
        /* as written, and percent-decoded (a URL's %40 is the @ libpq uses) */
        size_t d = 0;
        for (size_t i = 0; i < len; i++) {
            unsigned v;
            if (secret[i] == '%' && i + 2 < len && sscanf(secret + i + 1, "%2x", &v) == 1) {
                decoded[d++] = (char)v;
                i += 2;
            } else {
                decoded[d++] = secret[i];
            }
        }
        decoded[d] = '\0';
        mask_all(msg, cap, secret);
        if (d >= 3) mask_all(msg, cap, decoded);
    }
}

int fh_pg_target(const char *t)
{
    if (!strncmp(t, "postgresql://", 13) || !strncmp(t, "postgres://", 11)) return 1;
    /* a keyword/value connection string: "host=... dbname=..." */
    static const char *const keys[] = {"host", "hostaddr", "port", "dbname", "user", "password",
                                       "service", "sslmode", "connect_timeout", NULL};
    while (*t == ' ') t++;
    for (int i = 0; keys[i]; i++) {
        size_t n = strlen(keys[i]);
        if (!strncmp(t, keys[i], n)) {
            const char *v = t + n;
            while (*v == ' ') v++;
            if (*v == '=') return 1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Search options                                                      */
/* ------------------------------------------------------------------ */

int fh_match_parse(const char *s, int *out, fh_err *err)
{
    if (s && !strcmp(s, "all")) {
        *out = FH_MATCH_ALL;
        return 0;
    }
    if (s && !strcmp(s, "any")) {
        *out = FH_MATCH_ANY;
        return 0;
    }
    size_t n = s ? strlen(s) : 0;
    int v = 0;
    size_t i = 0;
    for (; n > 1 && i + 1 < n && i < 3 && s[i] >= '0' && s[i] <= '9'; i++) v = v * 10 + (s[i] - '0');
    if (n > 1 && i == n - 1 && s[i] == '%' && v >= 1 && v <= 100) {
        *out = v;
        return 0;
    }
    return fh_fail_kind(err, FH_ERR_QUERY,
                        "match '%.40s' is not all, any or a percentage N%% (1..100)", s ? s : "");
}

void fh_match_name(int match, char *out, size_t cap)
{
    if (match == FH_MATCH_DEFAULT) match = FH_MATCH_DEFAULT_MODE;
    if (match == FH_MATCH_ANY || match < 0) snprintf(out, cap, "any");
    else if (match >= FH_MATCH_ALL) snprintf(out, cap, "all");
    else snprintf(out, cap, "%d%%", match);
}

int fh_sort_parse(const char *s, int *out, fh_err *err)
{
    static const char *const names[] = {"relevance", "newest", "oldest"};
    for (int i = 0; i < 3; i++)
        if (s && !strcmp(s, names[i])) {
            *out = i;
            return 0;
        }
    return fh_fail_kind(err, FH_ERR_QUERY, "sort '%.40s' is not relevance, newest or oldest",
                        s ? s : "");
}

const char *fh_sort_name(int sort)
{
    return sort == FH_SORT_NEWEST ? "newest" : sort == FH_SORT_OLDEST ? "oldest" : "relevance";
}
