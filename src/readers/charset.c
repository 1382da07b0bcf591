/*
 * charset.c - which charset an HTML page is in, and its conversion to UTF-8.
 *
 * Order (as browsers do): byte order mark, the HTTP header, <meta charset>
 * or http-equiv in the first 64 KiB, else detection.  Detection: valid
 * UTF-8 is UTF-8; otherwise uchardet, which tells windows-1256 from
 * ISO-8859-6 (both still served by Arabic sites).  Declarations are
 * checked against the bytes, since servers and templates often lie: a
 * single-byte declaration over valid multi-byte UTF-8, or a Latin default
 * over Arabic bytes, gives way to what the bytes are; a charset that leaves
 * undecodable bytes gives way to the detected one when that decodes better.
 * Conversion is glibc's iconv; undecodable bytes become U+FFFD and are
 * counted, never fatal.
 */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uchardet/uchardet.h>

#include "web_internal.h"

#define META_SCAN_BYTES (64 << 10) /* where a <meta> declaration is looked for */
#define DETECT_BYTES (2 << 20)     /* what uchardet is given */

/* ------------------------------------------------------------------ */
/* Labels                                                              */
/* ------------------------------------------------------------------ */

static const struct {
    const char *label, *name;
} aliases[] = {
    {"utf-8", "UTF-8"}, {"utf8", "UTF-8"}, {"unicode-1-1-utf-8", "UTF-8"},
    {"windows-1256", "WINDOWS-1256"}, {"cp1256", "WINDOWS-1256"}, {"x-cp1256", "WINDOWS-1256"},
    {"iso-8859-6", "ISO-8859-6"}, {"iso8859-6", "ISO-8859-6"}, {"iso_8859-6", "ISO-8859-6"},
    {"iso-8859-6-i", "ISO-8859-6"}, {"iso-8859-6-e", "ISO-8859-6"}, {"arabic", "ISO-8859-6"},
    {"asmo-708", "ISO-8859-6"}, {"ecma-114", "ISO-8859-6"}, {"iso-ir-127", "ISO-8859-6"},
    {"csisolatinarabic", "ISO-8859-6"}, {"iso_8859-6:1987", "ISO-8859-6"},
    /* browsers read these three as windows-1252 */
    {"iso-8859-1", "WINDOWS-1252"}, {"iso8859-1", "WINDOWS-1252"}, {"latin1", "WINDOWS-1252"},
    {"l1", "WINDOWS-1252"}, {"us-ascii", "WINDOWS-1252"}, {"ascii", "WINDOWS-1252"},
    {"windows-1252", "WINDOWS-1252"}, {"cp1252", "WINDOWS-1252"},
    {"utf-16", "UTF-16LE"}, {"utf-16le", "UTF-16LE"}, {"utf-16be", "UTF-16BE"},
};

static int usable(const char *name)
{
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1) return 0;
    iconv_close(cd);
    return 1;
}

/* The iconv name for a label, or 0 when unknown. */
static int charset_name(const char *label, size_t n, char out[32])
{
    while (n && isspace((unsigned char)*label)) label++, n--;
    while (n && (isspace((unsigned char)label[n - 1]) || label[n - 1] == '"' ||
                 label[n - 1] == '\'' || label[n - 1] == ';'))
        n--;
    while (n && (*label == '"' || *label == '\'')) label++, n--;
    if (n == 0 || n >= 32) return 0;
    char low[32];
    for (size_t i = 0; i < n; i++) low[i] = (char)tolower((unsigned char)label[i]);
    low[n] = '\0';
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (!strcmp(low, aliases[i].label)) {
            snprintf(out, 32, "%s", aliases[i].name);
            return 1;
        }
    for (size_t i = 0; i < n; i++) {
        char c = low[i];
        if (!(isalnum((unsigned char)c) || c == '-' || c == '_' || c == ':' || c == '.')) return 0;
        out[i] = (char)toupper((unsigned char)c);
    }
    out[n] = '\0';
    return usable(out);
}

/* The value of "charset=" in s[0..n) (a Content-Type), or NULL. */
static const char *charset_param(const char *s, size_t n, size_t *len)
{
    for (size_t i = 0; i + 8 <= n; i++) {
        if (strncasecmp(s + i, "charset", 7)) continue;
        size_t j = i + 7;
        while (j < n && s[j] == ' ') j++;
        if (j >= n || s[j] != '=') continue;
        j++;
        while (j < n && (s[j] == ' ' || s[j] == '"' || s[j] == '\'')) j++;
        size_t k = j;
        while (k < n && s[k] != ';' && s[k] != '"' && s[k] != '\'' && s[k] != ' ' &&
               s[k] != '>' && s[k] != ',')
            k++;
        if (k > j) {
            *len = k - j;
            return s + j;
        }
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* <meta> pre-scan                                                     */
/* ------------------------------------------------------------------ */

/* One attribute of a tag starting at s[*i]; returns 0 at the tag's end. */
static int next_attr(const char *s, size_t n, size_t *i, const char **name, size_t *name_len,
                     const char **val, size_t *val_len)
{
    size_t j = *i;
    while (j < n && (isspace((unsigned char)s[j]) || s[j] == '/')) j++;
    if (j >= n || s[j] == '>') return 0;
    *name = s + j;
    while (j < n && !isspace((unsigned char)s[j]) && s[j] != '=' && s[j] != '>' && s[j] != '/')
        j++;
    *name_len = (size_t)(s + j - *name);
    while (j < n && isspace((unsigned char)s[j])) j++;
    *val = s + j;
    *val_len = 0;
    if (j < n && s[j] == '=') {
        j++;
        while (j < n && isspace((unsigned char)s[j])) j++;
        if (j < n && (s[j] == '"' || s[j] == '\'')) {
            char q = s[j++];
            *val = s + j;
            while (j < n && s[j] != q) j++;
            *val_len = (size_t)(s + j - *val);
            if (j < n) j++;
        } else {
            *val = s + j;
            while (j < n && !isspace((unsigned char)s[j]) && s[j] != '>') j++;
            *val_len = (size_t)(s + j - *val);
        }
    }
    *i = j;
    return *name_len > 0 || j < n;
}

static int meta_charset(const char *s, size_t n, char out[32])
{
    if (n > META_SCAN_BYTES) n = META_SCAN_BYTES;
    for (size_t i = 0; i + 6 < n; i++) {
        if (s[i] != '<') continue;
        if (!strncmp(s + i, "<!--", 4)) { /* comments may hold an old declaration */
            const char *e = NULL;
            for (size_t k = i + 4; k + 2 < n; k++)
                if (s[k] == '-' && s[k + 1] == '-' && s[k + 2] == '>') {
                    e = s + k;
                    break;
                }
            if (!e) return 0;
            i = (size_t)(e - s) + 2;
            continue;
        }
        if (strncasecmp(s + i + 1, "meta", 4) || !isspace((unsigned char)s[i + 5])) continue;
        size_t j = i + 5;
        const char *an, *av;
        size_t anl, avl;
        int http_equiv_ct = 0;
        const char *content = NULL;
        size_t content_len = 0;
        while (next_attr(s, n, &j, &an, &anl, &av, &avl)) {
            if (anl == 7 && !strncasecmp(an, "charset", 7)) {
                if (charset_name(av, avl, out)) return 1;
            } else if (anl == 10 && !strncasecmp(an, "http-equiv", 10)) {
                http_equiv_ct = avl == 12 && !strncasecmp(av, "content-type", 12);
            } else if (anl == 7 && !strncasecmp(an, "content", 7)) {
                content = av;
                content_len = avl;
            }
            if (!anl) j++;
        }
        if (http_equiv_ct && content) {
            size_t cl;
            const char *c = charset_param(content, content_len, &cl);
            if (c && charset_name(c, cl, out)) return 1;
        }
        i = j;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* UTF-8 checks                                                        */
/* ------------------------------------------------------------------ */

/* Length of a valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80) return 1;
    if (c < 0xC2 || c > 0xF4) return 0;
    size_t k = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (n < k) return 0;
    for (size_t i = 1; i < k; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && s[1] < 0xA0) return 0;  /* overlong */
    if (c == 0xED && s[1] > 0x9F) return 0;  /* surrogates */
    if (c == 0xF0 && s[1] < 0x90) return 0;  /* overlong */
    if (c == 0xF4 && s[1] > 0x8F) return 0;  /* above U+10FFFF */
    return k;
}

size_t web_utf8_valid_prefix(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        size_t k = utf8_seq(u + i, n - i);
        if (!k) break;
        i += k;
    }
    return i;
}

/* 1 if s holds at least one multi-byte sequence and no invalid one. */
static int is_multibyte_utf8(const char *s, size_t n)
{
    size_t i = web_utf8_valid_prefix(s, n);
    if (i != n) return 0;
    for (i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80) return 1;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Detection                                                           */
/* ------------------------------------------------------------------ */

static void detect(const char *s, size_t n, char out[32])
{
    if (web_utf8_valid_prefix(s, n) == n) {
        snprintf(out, 32, "UTF-8");
        return;
    }
    snprintf(out, 32, "WINDOWS-1256"); /* when uchardet cannot tell: every byte decodes */
    uchardet_t u = uchardet_new();
    if (!u) return;
    if (uchardet_handle_data(u, s, n > DETECT_BYTES ? DETECT_BYTES : n) == 0) {
        uchardet_data_end(u);
        const char *cs = uchardet_get_charset(u);
        char name[32];
        if (cs && *cs && strcmp(cs, "ASCII") && charset_name(cs, strlen(cs), name))
            memcpy(out, name, 32);
    }
    uchardet_delete(u);
}

static int is_latin_default(const char *name)
{
    return !strcmp(name, "WINDOWS-1252");
}

static int is_arabic(const char *name)
{
    return !strcmp(name, "WINDOWS-1256") || !strcmp(name, "ISO-8859-6");
}

/* Share of bytes >= 0xC0 (letters of the Arabic single-byte charsets). */
static double high_share(const char *s, size_t n)
{
    size_t high = 0;
    for (size_t i = 0; i < n; i++) high += (unsigned char)s[i] >= 0xC0;
    return n ? (double)high / (double)n : 0.0;
}

void web_charset_sniff(const char *bytes, size_t len, const char *content_type, char name[32],
                       const char **from, web_note *note)
{
    const unsigned char *u = (const unsigned char *)bytes;
    if (note) {
        note->msg[0] = '\0';
        note->offset = -1;
    }
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        snprintf(name, 32, "UTF-8");
        *from = "bom";
        return;
    }
    if (len >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) || (u[0] == 0xFF && u[1] == 0xFE))) {
        snprintf(name, 32, u[0] == 0xFE ? "UTF-16BE" : "UTF-16LE");
        *from = "bom";
        return;
    }
    size_t pl;
    const char *p = content_type ? charset_param(content_type, strlen(content_type), &pl) : NULL;
    *from = NULL;
    if (p && charset_name(p, pl, name)) *from = "http";
    else if (meta_charset(bytes, len, name)) {
        *from = "meta";
        if (!strncmp(name, "UTF-16", 6)) snprintf(name, 32, "UTF-8"); /* as browsers do */
    }
    if (!*from) {
        detect(bytes, len, name);
        *from = "detected";
        return;
    }
    if (strcmp(name, "UTF-8") && strncmp(name, "UTF-16", 6) && is_multibyte_utf8(bytes, len)) {
        if (note)
            snprintf(note->msg, sizeof note->msg,
                     "declared charset %s (%s) but the bytes are UTF-8: read as UTF-8", name, *from);
        snprintf(name, 32, "UTF-8");
        *from = "detected";
        return;
    }
    /* the two Arabic single-byte charsets share most letters' bytes, so a
     * page declaring one while written in the other decodes without error
     * into nonsense: ask the detector */
    if (is_arabic(name) && high_share(bytes, len) > 0.01) {
        char d[32];
        detect(bytes, len, d);
        if (is_arabic(d) && strcmp(d, name)) {
            if (note)
                snprintf(note->msg, sizeof note->msg,
                         "declared charset %s (%s) but the bytes are %s: read as %s", name, *from,
                         d, d);
            memcpy(name, d, 32);
            *from = "detected";
        }
        return;
    }
    if (is_latin_default(name) && high_share(bytes, len) > 0.02) {
        char d[32];
        detect(bytes, len, d);
        if (is_arabic(d)) {
            if (note)
                snprintf(note->msg, sizeof note->msg,
                         "declared charset %s (%s) but the bytes are Arabic: read as %s", name,
                         *from, d);
            memcpy(name, d, 32);
            *from = "detected";
        }
    }
}

/* ------------------------------------------------------------------ */
/* Conversion                                                          */
/* ------------------------------------------------------------------ */

static void clean_controls(char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) s[i] = ' ';
    }
}

static int utf8_copy(const char *in, size_t len, char **out, size_t *out_len,
                     long long *bad_offset, size_t *bad_count, web_error *err)
{
    size_t cap = len + len / 2 + 16, o = 0;
    char *buf = malloc(cap);
    if (!buf) {
        web_set_error(err, -1, "out of memory");
        return -1;
    }
    const unsigned char *u = (const unsigned char *)in;
    size_t i = 0;
    while (i < len) {
        size_t good = web_utf8_valid_prefix(in + i, len - i);
        if (o + good + 4 > cap) {
            size_t ncap = (o + good + 4) * 2;
            char *nb = realloc(buf, ncap);
            if (!nb) {
                free(buf);
                web_set_error(err, -1, "out of memory");
                return -1;
            }
            buf = nb;
            cap = ncap;
        }
        memcpy(buf + o, in + i, good);
        o += good;
        i += good;
        if (i < len) {
            if (*bad_count == 0) *bad_offset = (long long)i;
            (*bad_count)++;
            memcpy(buf + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
            while (i < len && (u[i] & 0xC0) == 0x80) i++; /* the rest of a broken sequence */
        }
    }
    buf[o] = '\0';
    clean_controls(buf, o);
    *out = buf;
    *out_len = o;
    return 0;
}

/* Doubles the output buffer, keeping what is written; on failure frees it
   and leaves *buf NULL. */
static int grow_output(char **buf, size_t *cap, char **op, size_t *ol)
{
    size_t used = (size_t)(*op - *buf);
    char *nb = realloc(*buf, *cap * 2);
    if (!nb) {
        free(*buf);
        *buf = NULL;
        return -1;
    }
    *buf = nb;
    *cap *= 2;
    *op = nb + used;
    *ol = *cap - 1 - used;
    return 0;
}

int web_to_utf8(const char *bytes, size_t len, const char *charset, char **out, size_t *out_len,
                long long *bad_offset, size_t *bad_count, web_error *err)
{
    *out = NULL;
    *out_len = 0;
    *bad_offset = -1;
    *bad_count = 0;
    if (!strcmp(charset, "UTF-8")) {
        if (len >= 3 && !memcmp(bytes, "\xEF\xBB\xBF", 3)) bytes += 3, len -= 3;
        return utf8_copy(bytes, len, out, out_len, bad_offset, bad_count, err);
    }
    iconv_t cd = iconv_open("UTF-8", charset);
    if (cd == (iconv_t)-1) {
        web_set_error(err, -1, "unknown charset %s", charset);
        return -1;
    }
    size_t cap = len * 3 + 16;
    char *buf = malloc(cap);
    if (!buf) {
        iconv_close(cd);
        web_set_error(err, -1, "out of memory");
        return -1;
    }
    char *ip = (char *)bytes, *op = buf;
    size_t il = len, ol = cap - 1;
    int skip_bom = !strncmp(charset, "UTF-16", 6);
    while (il > 0) {
        size_t r = iconv(cd, &ip, &il, &op, &ol);
        if (r != (size_t)-1) break;
        if (errno == E2BIG) {
            if (grow_output(&buf, &cap, &op, &ol)) break;
            continue;
        }
        /* EILSEQ or EINVAL (incomplete at the end): replace one byte */
        if (*bad_count == 0) *bad_offset = (long long)(ip - bytes);
        (*bad_count)++;
        if (ol < 4 && grow_output(&buf, &cap, &op, &ol)) break;
        memcpy(op, "\xEF\xBF\xBD", 3);
        op += 3;
        ol -= 3;
        ip++;
        il--;
    }
    iconv_close(cd);
    if (!buf) {
        web_set_error(err, -1, "out of memory");
        return -1;
    }
    size_t n = (size_t)(op - buf);
    buf[n] = '\0';
    if (skip_bom && n >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
        memmove(buf, buf + 3, n - 2);
        n -= 3;
    }
    clean_controls(buf, n);
    *out = buf;
    *out_len = n;
    return 0;
}

int web_decode_page(const char *bytes, size_t len, const char *content_type, web_article *a,
                    char **out, size_t *out_len, web_error *err)
{
    web_note note;
    const char *from;
    char name[32];
    web_charset_sniff(bytes, len, content_type, name, &from, &note);
    if (note.msg[0]) web_add_note(a, -1, "%s", note.msg);
    long long bad_off;
    size_t bad_n;
    if (web_to_utf8(bytes, len, name, out, out_len, &bad_off, &bad_n, err)) return -1;
    if (bad_n && strcmp(from, "detected") && strcmp(from, "bom")) {
        char d[32];
        detect(bytes, len, d);
        char *o2;
        size_t l2, n2;
        long long off2;
        web_error e2;
        if (strcmp(d, name) && !web_to_utf8(bytes, len, d, &o2, &l2, &off2, &n2, &e2)) {
            if (n2 < bad_n) {
                web_add_note(a, bad_off,
                             "declared charset %s (%s) does not decode byte %lld: read as %s",
                             name, from, bad_off, d);
                free(*out);
                *out = o2;
                *out_len = l2;
                memcpy(name, d, 32);
                from = "detected";
                bad_n = n2;
                bad_off = off2;
            } else {
                free(o2);
            }
        }
    }
    if (bad_n)
        web_add_note(a, bad_off, "%zu undecodable byte%s in %s, the first at byte %lld: replaced by U+FFFD",
                     bad_n, bad_n == 1 ? "" : "s", name, bad_off);
    snprintf(a->charset, sizeof a->charset, "%s", name);
    a->charset_from = from;
    return 0;
}
