/*
 * meta.c - an article's metadata from what pages declare about themselves:
 * schema.org JSON-LD (headline, datePublished, author, publisher,
 * articleSection, BreadcrumbList, articleBody), Open Graph and article:
 * meta properties, the usual <meta name> conventions, <link rel=canonical>,
 * microdata (itemprop), <time datetime>, breadcrumbs, <h1> and <title>.
 * Each field takes the first source that has it, in the order listed at
 * its function.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "web_internal.h"

#define JSONLD_MAX_DEPTH 8

typedef struct meta_found {
    /* strings are malloc'd, cleaned; NULL when absent */
    char *og_title, *ld_headline, *h1, *title_tag, *md_headline;
    char *ld_date, *meta_date, *md_date, *time_date;
    char *ld_author, *meta_author, *md_author;
    char *og_site, *ld_publisher, *app_name;
    char *ld_section, *meta_section, *ld_crumb, *dom_crumb;
    char *canonical, *og_url, *ld_url;
    char *ld_body;
    char *text_date;    /* a date written out in an element named like a date */
    char *heads[16];    /* texts of heading-like elements, to tell a title's parts */
    size_t nheads;
} meta_found;

static void set_once(char **slot, char *v)
{
    if (!*slot && v) *slot = v;
    else free(v);
}

static char *dup_clean(const char *s, size_t n)
{
    return s ? web_clean_text(s, n) : NULL;
}

static int ieq(const char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && !strncasecmp(s, lit, n);
}

static int one_of(const char *s, size_t n, const char *const *lits)
{
    for (; *lits; lits++)
        if (ieq(s, n, *lits)) return 1;
    return 0;
}

static int looks_like_url(const char *s)
{
    return !strncmp(s, "http://", 7) || !strncmp(s, "https://", 8) || !strncmp(s, "//", 2);
}

/* ------------------------------------------------------------------ */
/* Dates                                                               */
/* ------------------------------------------------------------------ */

static int digits(const char *s, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i])) return 0;
        *v = *v * 10 + (s[i] - '0');
    }
    return 1;
}

static int valid_ymd(int y, int m, int d)
{
    return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                     "jul", "aug", "sep", "oct", "nov", "dec"};

/* ISO 8601 (and "YYYY/MM/DD", RFC 2822 "Mon, 15 Mar 2021 10:20:30 GMT")
 * as YYYY-MM-DD[THH:MM[:SS][zone]]; NULL if it is not a date. */
char *web_iso_date(const char *s)
{
    if (!s) return NULL;
    while (isspace((unsigned char)*s)) s++;
    int y, m, d, hh = -1, mi = -1, ss = -1;
    const char *rest = NULL;
    if (digits(s, 4, &y) && (s[4] == '-' || s[4] == '/' || s[4] == '.') && digits(s + 5, 2, &m) &&
        s[7] == s[4] && digits(s + 8, 2, &d)) {
        rest = s + 10;
    } else if (digits(s, 4, &y) && digits(s + 4, 2, &m) && digits(s + 6, 2, &d) &&
               !isdigit((unsigned char)s[8])) {
        rest = s + 8;
    } else {
        /* RFC 2822: [Day, ]DD Mon YYYY[ HH:MM[:SS]] */
        const char *p = s;
        const char *comma = strchr(p, ',');
        if (comma && comma - p <= 9) p = comma + 1;
        while (*p == ' ') p++;
        char *end;
        long dd = strtol(p, &end, 10);
        if (end == p || *end != ' ') return NULL;
        p = end + 1;
        int mon = -1;
        for (int k = 0; k < 12; k++)
            if (!strncasecmp(p, months[k], 3)) mon = k + 1;
        if (mon < 0) return NULL;
        while (*p && *p != ' ') p++;
        while (*p == ' ') p++;
        if (!digits(p, 4, &y)) return NULL;
        d = (int)dd;
        m = mon;
        rest = p + 4;
        if (*rest == ' ' && digits(rest + 1, 2, &hh) && rest[3] == ':' && digits(rest + 4, 2, &mi)) {
            if (rest[6] == ':' && digits(rest + 7, 2, &ss)) rest += 9;
            else rest += 6;
        }
        if (!valid_ymd(y, m, d)) return NULL;
        char out[40];
        if (hh >= 0 && hh < 24 && mi >= 0 && mi < 60)
            snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d%s", y, m, d, hh, mi,
                     strstr(rest, "GMT") || strstr(rest, "+0000") ? "Z" : "");
        else snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, d);
        return strdup(out);
    }
    if (!valid_ymd(y, m, d)) return NULL;
    char out[48];
    int n = snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, d);
    if ((rest[0] == 'T' || rest[0] == ' ') && digits(rest + 1, 2, &hh) && rest[3] == ':' &&
        digits(rest + 4, 2, &mi) && hh < 24 && mi < 60) {
        rest += 6;
        n += snprintf(out + n, sizeof out - (size_t)n, "T%02d:%02d", hh, mi);
        if (rest[0] == ':' && digits(rest + 1, 2, &ss) && ss < 61) {
            n += snprintf(out + n, sizeof out - (size_t)n, ":%02d", ss);
            rest += 3;
            if (rest[0] == '.')
                for (rest++; isdigit((unsigned char)*rest); rest++) {}
        }
        int zh, zm;
        if (rest[0] == 'Z') snprintf(out + n, sizeof out - (size_t)n, "Z");
        else if ((rest[0] == '+' || rest[0] == '-') && digits(rest + 1, 2, &zh) && zh < 24) {
            const char *z = rest + 3;
            if (*z == ':') z++;
            if (!digits(z, 2, &zm)) zm = 0;
            snprintf(out + n, sizeof out - (size_t)n, "%c%02d:%02d", rest[0], zh, zm);
        }
    }
    return strdup(out);
}

/* A date written in a URL's path: /2021/03/15/, /2021-03-15, /20210315/. */
static char *url_date(const char *url)
{
    if (!url) return NULL;
    const char *p = strstr(url, "://");
    p = p ? strchr(p + 3, '/') : url;
    for (; p && *p; p++) {
        if (*p != '/' && *p != '-' && *p != '_') continue;
        const char *s = p + 1;
        int y, m, d;
        if (digits(s, 4, &y) && (s[4] == '/' || s[4] == '-') && digits(s + 5, 2, &m) &&
            s[7] == s[4] && digits(s + 8, 2, &d) && !isdigit((unsigned char)s[10]) &&
            valid_ymd(y, m, d)) {
            char out[40]; /* room for any int: gcc -O1 cannot see valid_ymd's bounds */
            snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, d);
            return strdup(out);
        }
        if (digits(s, 8, &y) && !isdigit((unsigned char)s[8]) && (s[8] == '/' || s[8] == '-' ||
                                                                  s[8] == '_' || s[8] == '.')) {
            digits(s, 4, &y);
            digits(s + 4, 2, &m);
            digits(s + 6, 2, &d);
            if (valid_ymd(y, m, d) && y >= 1995) {
                char out[40];
                snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, d);
                return strdup(out);
            }
        }
    }
    return NULL;
}

/* Month names as news sites write them: Egyptian/Gulf, Levantine,
 * Maghrebi, English. */
static const struct {
    const char *name;
    int month;
} month_names[] = {
    {"يناير", 1}, {"فبراير", 2}, {"مارس", 3}, {"أبريل", 4}, {"ابريل", 4}, {"إبريل", 4},
    {"مايو", 5}, {"يونيو", 6}, {"يونيه", 6}, {"يوليو", 7}, {"يوليه", 7}, {"أغسطس", 8},
    {"اغسطس", 8}, {"سبتمبر", 9}, {"أكتوبر", 10}, {"اكتوبر", 10}, {"نوفمبر", 11},
    {"ديسمبر", 12}, {"كانون الثاني", 1}, {"شباط", 2}, {"آذار", 3}, {"اذار", 3}, {"نيسان", 4},
    {"أيار", 5}, {"ايار", 5}, {"حزيران", 6}, {"تموز", 7}, {"آب", 8}, {"اب", 8}, {"أيلول", 9},
    {"ايلول", 9}, {"تشرين الأول", 10}, {"تشرين الاول", 10}, {"تشرين الثاني", 11},
    {"كانون الأول", 12}, {"كانون الاول", 12}, {"جانفي", 1}, {"فيفري", 2}, {"أفريل", 4},
    {"افريل", 4}, {"ماي", 5}, {"جوان", 6}, {"جويلية", 7}, {"أوت", 8}, {"اوت", 8},
    {"January", 1}, {"February", 2}, {"March", 3}, {"April", 4}, {"May", 5}, {"June", 6},
    {"July", 7}, {"August", 8}, {"September", 9}, {"October", 10}, {"November", 11},
    {"December", 12},
};

/* A number at s in ASCII or Arabic-Indic digits; returns bytes read. */
static size_t read_number(const char *s, int *v, int *ndigits)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    *v = 0;
    *ndigits = 0;
    for (;;) {
        if (u[i] >= '0' && u[i] <= '9') {
            *v = *v * 10 + (u[i] - '0');
            i++;
        } else if (u[i] == 0xD9 && u[i + 1] >= 0xA0 && u[i + 1] <= 0xA9) { /* ٠..٩ */
            *v = *v * 10 + (u[i + 1] - 0xA0);
            i += 2;
        } else if (u[i] == 0xDB && u[i + 1] >= 0xB0 && u[i + 1] <= 0xB9) { /* ۰..۹ */
            *v = *v * 10 + (u[i + 1] - 0xB0);
            i += 2;
        } else {
            break;
        }
        if (++*ndigits > 4) return 0;
    }
    return i;
}

/* "4 يوليو 2018", "الأربعاء 4 تموز/يوليو 2018", "March 15, 2021": the first
 * day-month-year (or month-day-year) in s, as YYYY-MM-DD. */
static char *text_date(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < sizeof month_names / sizeof month_names[0]; k++) {
            size_t l = strlen(month_names[k].name);
            if (strncmp(s + i, month_names[k].name, l)) continue;
            /* day before the month ... */
            int day = 0, year = 0, nd;
            size_t j = i;
            while (j > 0 && (s[j - 1] == ' ' || s[j - 1] == '/')) j--;
            size_t st = j;
            while (st > 0 && ((s[st - 1] >= '0' && s[st - 1] <= '9') ||
                              ((unsigned char)s[st - 1] >= 0xA0 && (unsigned char)s[st - 1] <= 0xB9 && st > 1 &&
                               ((unsigned char)s[st - 2] == 0xD9 || (unsigned char)s[st - 2] == 0xDB))))
                st -= ((unsigned char)s[st - 1] >= 0x80) ? 2 : 1;
            if (st < j) read_number(s + st, &day, &nd);
            /* ... or after it (English) */
            size_t a = i + l;
            while (s[a] == ' ' || s[a] == '/' || s[a] == ',') a++;
            /* a second month name after a slash: "تموز/يوليو" */
            for (size_t q = 0; q < sizeof month_names / sizeof month_names[0]; q++) {
                size_t ql = strlen(month_names[q].name);
                if (!strncmp(s + a, month_names[q].name, ql)) {
                    a += ql;
                    while (s[a] == ' ' || s[a] == ',') a++;
                    break;
                }
            }
            size_t got = read_number(s + a, &year, &nd);
            if (got && nd <= 2 && !day) {
                day = year;
                a += got;
                while (s[a] == ' ' || s[a] == ',') a++;
                got = read_number(s + a, &year, &nd);
            }
            if (!got || nd != 4 || !valid_ymd(year, month_names[k].month, day)) continue;
            char out[16];
            snprintf(out, sizeof out, "%04d-%02d-%02d", year, month_names[k].month, day);
            return strdup(out);
        }
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* URLs                                                                */
/* ------------------------------------------------------------------ */

/* ref resolved against base (either may be NULL); NULL unless the result
 * is an http(s) URL.  The fragment is dropped. */
static char *resolve_url(const char *base, const char *ref)
{
    if (!ref) return NULL;
    while (isspace((unsigned char)*ref)) ref++;
    size_t rl = strcspn(ref, "#");
    while (rl && isspace((unsigned char)ref[rl - 1])) rl--;
    if (!rl) return NULL;
    sbuf b = {0};
    if (!strncasecmp(ref, "http://", 7) || !strncasecmp(ref, "https://", 8)) {
        sb_add(&b, ref, rl);
    } else if (base && (!strncasecmp(base, "http://", 7) || !strncasecmp(base, "https://", 8))) {
        const char *host = strstr(base, "://") + 3;
        size_t host_end = (size_t)(host - base) + strcspn(host, "/?#");
        if (ref[0] == '/' && ref[1] == '/') {
            sb_add(&b, base, (size_t)(host - base) - 2);
            sb_add(&b, ref, rl);
        } else if (ref[0] == '/') {
            sb_add(&b, base, host_end);
            sb_add(&b, ref, rl);
        } else if (ref[0] == '?') {
            sb_add(&b, base, host_end + strcspn(base + host_end, "?#"));
            sb_add(&b, ref, rl);
        } else {
            size_t path_end = host_end + strcspn(base + host_end, "?#");
            size_t dir = path_end;
            while (dir > host_end && base[dir - 1] != '/') dir--;
            if (dir == host_end) {
                sb_add(&b, base, host_end);
                sb_addc(&b, '/');
            } else {
                sb_add(&b, base, dir);
            }
            sb_add(&b, ref, rl);
        }
    } else {
        return NULL;
    }
    char *s = sb_take(&b);
    if (s && (strchr(s, ' ') || strchr(s, '\n') || strlen(s) > 2000)) {
        free(s);
        return NULL;
    }
    return s;
}

/* The host of a URL without "www.", as a last resort for the source. */
static char *url_host(const char *url)
{
    if (!url) return NULL;
    const char *h = strstr(url, "://");
    if (!h) return NULL;
    h += 3;
    size_t n = strcspn(h, "/?#:");
    if (n > 4 && !strncasecmp(h, "www.", 4)) h += 4, n -= 4;
    if (!n) return NULL;
    char *s = strndup(h, n);
    for (char *p = s; p && *p; p++) *p = (char)tolower((unsigned char)*p);
    return s;
}

/* ------------------------------------------------------------------ */
/* JSON-LD                                                             */
/* ------------------------------------------------------------------ */

static char *json_text(json_t *v)
{
    if (json_is_string(v)) return dup_clean(json_string_value(v), json_string_length(v));
    if (json_is_array(v) && json_array_size(v) > 0) return json_text(json_array_get(v, 0));
    return NULL;
}

/* A person's or organisation's name: "X", {"name": "X"}, [{"name": "X"}, ...] */
static char *json_name(json_t *v)
{
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        return looks_like_url(s) ? NULL : dup_clean(s, json_string_length(v));
    }
    if (json_is_object(v)) return json_text(json_object_get(v, "name"));
    if (json_is_array(v)) {
        sbuf b = {0};
        for (size_t i = 0; i < json_array_size(v) && i < 5; i++) {
            char *n = json_name(json_array_get(v, i));
            if (n) {
                if (b.len) sb_add(&b, ", ", 2);
                sb_add(&b, n, strlen(n));
                free(n);
            }
        }
        return sb_take(&b);
    }
    return NULL;
}

static int type_is(json_t *o, const char *const *types)
{
    json_t *t = json_object_get(o, "@type");
    if (json_is_string(t)) return one_of(json_string_value(t), json_string_length(t), types);
    if (json_is_array(t))
        for (size_t i = 0; i < json_array_size(t); i++) {
            json_t *x = json_array_get(t, i);
            if (json_is_string(x) && one_of(json_string_value(x), json_string_length(x), types))
                return 1;
        }
    return 0;
}

static const char *const article_types[] = {
    "Article", "NewsArticle", "BlogPosting", "ReportageNews", "AnalysisNewsArticle",
    "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "TechArticle",
    "ScholarlyArticle", "SocialMediaPosting", "LiveBlogPosting", "Report", "Blog", NULL};

static void ld_breadcrumbs(json_t *o, meta_found *m)
{
    json_t *items = json_object_get(o, "itemListElement");
    if (!json_is_array(items)) return;
    size_t n = json_array_size(items);
    /* the article's own crumb may come last: take the last one that is not the
     * first (home) and not the article's headline */
    for (size_t k = n; k-- > 1;) {
        json_t *it = json_array_get(items, k);
        char *name = json_text(json_object_get(it, "name"));
        if (!name) {
            json_t *item = json_object_get(it, "item");
            if (json_is_object(item)) name = json_text(json_object_get(item, "name"));
        }
        if (!name) continue;
        if ((m->ld_headline && !strcmp(name, m->ld_headline)) || (m->og_title &&
            !strcmp(name, m->og_title)) || strlen(name) > 80) {
            free(name);
            continue;
        }
        set_once(&m->ld_crumb, name);
        return;
    }
}

static void ld_walk(json_t *v, meta_found *m, int depth)
{
    if (depth > JSONLD_MAX_DEPTH) return;
    if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) ld_walk(json_array_get(v, i), m, depth + 1);
        return;
    }
    if (!json_is_object(v)) return;
    static const char *const crumbs[] = {"BreadcrumbList", NULL};
    if (type_is(v, article_types)) {
        set_once(&m->ld_headline, json_text(json_object_get(v, "headline")));
        set_once(&m->ld_date, web_iso_date(json_string_value(json_object_get(v, "datePublished"))));
        set_once(&m->ld_date, web_iso_date(json_string_value(json_object_get(v, "dateCreated"))));
        set_once(&m->ld_author, json_name(json_object_get(v, "author")));
        set_once(&m->ld_author, json_name(json_object_get(v, "creator")));
        set_once(&m->ld_publisher, json_name(json_object_get(v, "publisher")));
        set_once(&m->ld_section, json_text(json_object_get(v, "articleSection")));
        json_t *body = json_object_get(v, "articleBody");
        if (json_is_string(body) && !m->ld_body) m->ld_body = strdup(json_string_value(body));
        json_t *me = json_object_get(v, "mainEntityOfPage");
        if (json_is_object(me)) me = json_object_get(me, "@id");
        if (json_is_string(me)) set_once(&m->ld_url, resolve_url(NULL, json_string_value(me)));
        json_t *u = json_object_get(v, "url");
        if (json_is_string(u)) set_once(&m->ld_url, resolve_url(NULL, json_string_value(u)));
    } else if (type_is(v, crumbs)) {
        ld_breadcrumbs(v, m);
    }
    json_t *g = json_object_get(v, "@graph");
    if (g) ld_walk(g, m, depth + 1);
    json_t *me = json_object_get(v, "mainEntity");
    if (json_is_object(me) || json_is_array(me)) ld_walk(me, m, depth + 1);
}

static void ld_script(const char *s, size_t n, meta_found *m)
{
    /* some sites wrap the JSON in a comment or CDATA section */
    while (n && isspace((unsigned char)*s)) s++, n--;
    if (n >= 4 && !strncmp(s, "<!--", 4)) s += 4, n -= 4;
    else if (n >= 12 && !strncmp(s, "//<![CDATA[", 11)) s += 11, n -= 11;
    json_error_t je;
    json_t *v = json_loadb(s, n, JSON_DISABLE_EOF_CHECK, &je);
    if (!v) return;
    ld_walk(v, m, 0);
    json_decref(v);
}

/* ------------------------------------------------------------------ */
/* The tree                                                            */
/* ------------------------------------------------------------------ */

static char *node_text(const dom *d, uint32_t i)
{
    sbuf b = {0};
    dom_subtree_text(d, i, &b);
    return sb_take(&b);
}

static char *attr_dup(const dom *d, uint32_t i, int at)
{
    size_t n;
    const char *v = dom_attr_get(d, i, at, &n);
    return v ? dup_clean(v, n) : NULL;
}

static int attr_has_word(const dom *d, uint32_t i, int at, const char *word)
{
    size_t n;
    const char *v = dom_attr_get(d, i, at, &n);
    if (!v) return 0;
    size_t wl = strlen(word);
    for (size_t k = 0; k + wl <= n; k++)
        if (!strncasecmp(v + k, word, wl)) return 1;
    return 0;
}

static const char *const date_names[] = {
    "article:published_time", "og:article:published_time", "datepublished", "pubdate",
    "publishdate", "publish-date", "publish_date", "date", "dc.date", "dc.date.issued",
    "dcterms.created", "dcterms.date", "sailthru.date", "parsely-pub-date", "article.published",
    "og:published_time", "published_time", "article_date_original", NULL};
static const char *const author_names[] = {"author", "article:author", "dc.creator", "byl",
                                           "parsely-author", "sailthru.author", "twitter:creator",
                                           NULL};
static const char *const section_names[] = {"article:section", "section", "category",
                                            "parsely-section", "og:article:section", NULL};
static const char *const site_names[] = {"og:site_name", NULL};
static const char *const app_names[] = {"application-name", "apple-mobile-web-app-title", NULL};

static void on_meta(const dom *d, uint32_t i, meta_found *m)
{
    size_t kn, vn;
    const char *k = dom_attr_get(d, i, AT_PROPERTY, &kn);
    if (!k) k = dom_attr_get(d, i, AT_NAME, &kn);
    if (!k) k = dom_attr_get(d, i, AT_ITEMPROP, &kn);
    const char *v = dom_attr_get(d, i, AT_CONTENT, &vn);
    if (!k || !v) return;
    if (ieq(k, kn, "og:title") || ieq(k, kn, "twitter:title")) set_once(&m->og_title, dup_clean(v, vn));
    else if (one_of(k, kn, site_names)) set_once(&m->og_site, dup_clean(v, vn));
    else if (one_of(k, kn, app_names)) set_once(&m->app_name, dup_clean(v, vn));
    else if (ieq(k, kn, "og:url")) {
        char *s = strndup(v, vn);
        set_once(&m->og_url, resolve_url(NULL, s));
        free(s);
    } else if (one_of(k, kn, date_names)) {
        char *s = strndup(v, vn);
        set_once(&m->meta_date, web_iso_date(s));
        free(s);
    } else if (one_of(k, kn, author_names)) {
        char *s = dup_clean(v, vn);
        if (s && (looks_like_url(s) || s[0] == '@')) {
            free(s);
            s = NULL;
        }
        set_once(&m->meta_author, s);
    } else if (one_of(k, kn, section_names)) {
        set_once(&m->meta_section, dup_clean(v, vn));
    }
}

/* Microdata (itemprop on ordinary elements). */
static void on_itemprop(const dom *d, uint32_t i, meta_found *m)
{
    size_t n;
    const char *p = dom_attr_get(d, i, AT_ITEMPROP, &n);
    if (!p || d->n[i].tag == TAG_META) return;
    if (ieq(p, n, "headline") && !m->md_headline) m->md_headline = node_text(d, i);
    else if (ieq(p, n, "datePublished") && !m->md_date) {
        char *s = attr_dup(d, i, AT_DATETIME);
        if (!s) s = attr_dup(d, i, AT_CONTENT);
        if (!s) s = node_text(d, i);
        m->md_date = web_iso_date(s);
        free(s);
    } else if (ieq(p, n, "author") && !m->md_author) {
        /* the name inside, else the element's text */
        for (uint32_t k = i + 1; k <= d->n[i].end && !m->md_author; k++) {
            size_t kn;
            const char *kp = dom_attr_get(d, k, AT_ITEMPROP, &kn);
            if (kp && ieq(kp, kn, "name")) {
                char *s = attr_dup(d, k, AT_CONTENT);
                m->md_author = s ? s : node_text(d, k);
            }
        }
        if (!m->md_author) {
            char *s = node_text(d, i);
            if (s && strlen(s) < 100) m->md_author = s;
            else free(s);
        }
    }
}

/* Breadcrumbs: the last link of the trail that is not its first (home). */
static void on_breadcrumbs(const dom *d, uint32_t i, meta_found *m)
{
    uint32_t links[32];
    size_t n = 0;
    for (uint32_t k = i + 1; k <= d->n[i].end && n < 32; k++)
        if (d->n[k].tag == TAG_A) links[n++] = k;
    for (size_t k = n; k-- > (n > 1 ? 1 : 0);) {
        char *s = node_text(d, links[k]);
        if (s && strlen(s) <= 80) {
            m->dom_crumb = s;
            return;
        }
        free(s);
    }
}

static void scan_tree(const dom *d, meta_found *m)
{
    int in_body_h1 = 0;
    for (uint32_t i = 1; i < d->count; i++) {
        const dom_node *x = &d->n[i];
        switch (x->tag) {
        case TAG_META: on_meta(d, i, m); break;
        case TAG_TITLE:
            if (!m->title_tag) m->title_tag = node_text(d, i);
            break;
        case TAG_LINK: {
            size_t n;
            const char *rel = dom_attr_get(d, i, AT_REL, &n);
            if (rel && ieq(rel, n, "canonical") && !m->canonical) {
                char *h = attr_dup(d, i, AT_HREF);
                m->canonical = h; /* resolved later against the page URL */
            }
            break;
        }
        case TAG_SCRIPT:
            if (x->first_child && d->n[x->first_child].tag == TAG_TEXT)
                ld_script(d->text + d->n[x->first_child].off, d->n[x->first_child].len, m);
            break;
        case TAG_H1:
            if (!in_body_h1) {
                char *s = node_text(d, i);
                if (s && strlen(s) > 3) {
                    m->h1 = s;
                    in_body_h1 = 1;
                } else {
                    free(s);
                }
            }
            break;
        case TAG_TIME:
            if (!m->time_date) {
                char *s = attr_dup(d, i, AT_DATETIME);
                m->time_date = web_iso_date(s);
                free(s);
            }
            break;
        default: break;
        }
        int heading = x->tag == TAG_H1 || x->tag == TAG_H2 || x->tag == TAG_H3 ||
                      x->tag == TAG_B || x->tag == TAG_STRONG || x->tag == TAG_FONT;
        if (heading && m->nheads < sizeof m->heads / sizeof m->heads[0] && x->end - i < 8) {
            char *t = node_text(d, i);
            if (t && strlen(t) > 8 && strlen(t) < 400) m->heads[m->nheads++] = t;
            else free(t);
        }
        if (!m->text_date && x->tag != TAG_TEXT && x->tag != TAG_TIME && x->end - i < 8 &&
            (attr_has_word(d, i, AT_CLASS, "date") || attr_has_word(d, i, AT_CLASS, "time") ||
             attr_has_word(d, i, AT_CLASS, "publish") || attr_has_word(d, i, AT_ID, "date"))) {
            char *t = node_text(d, i);
            if (t && strlen(t) < 200) m->text_date = text_date(t);
            free(t);
        }
        if (x->tag != TAG_TEXT && x->len) {
            on_itemprop(d, i, m);
            if (!m->dom_crumb && (attr_has_word(d, i, AT_CLASS, "breadcrumb") ||
                                  attr_has_word(d, i, AT_ID, "breadcrumb") ||
                                  attr_has_word(d, i, AT_ITEMTYPE, "BreadcrumbList")))
                on_breadcrumbs(d, i, m);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Title                                                               */
/* ------------------------------------------------------------------ */

static const char *const separators[] = {" | ", " - ", " – ", " — ", " :: ", " « ", " » ",
                                         " · ", " / ", " : ", NULL};

static int contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    if (!n) return 0;
    for (; *hay; hay++)
        if (!strncasecmp(hay, needle, n)) return 1;
    return 0;
}

/* t without a site-name part before or after a separator.  site: the
 * source's name if known; h1: the page's first heading if any. */
static char *strip_site(char *t, const char *site, const char *h1)
{
    if (!t) return NULL;
    if (h1 && !strcmp(t, h1)) return t;
    for (const char *const *sep = separators; *sep; sep++) {
        size_t sl = strlen(*sep);
        /* the last separator: "Headline | Site" */
        char *last = NULL;
        for (char *p = strstr(t, *sep); p; p = strstr(p + 1, *sep)) last = p;
        if (last) {
            const char *tail = last + sl;
            int site_tail = (site && (contains_ci(tail, site) || contains_ci(site, tail))) ||
                            (h1 && strlen(tail) < strlen(t) / 2 && !strncmp(t, h1, (size_t)(last - t)) &&
                             (size_t)(last - t) == strlen(h1));
            if (site_tail && last > t) {
                *last = '\0';
                return t;
            }
        }
        /* the first separator: "Site | Headline" */
        char *first = strstr(t, *sep);
        if (first && site) {
            *first = '\0';
            int site_head = contains_ci(t, site) || contains_ci(site, t);
            *first = (*sep)[0];
            if (site_head && first[sl]) {
                memmove(t, first + sl, strlen(first + sl) + 1);
                return t;
            }
        }
    }
    /* no site name known: a short tail after " | " is the site's */
    char *bar = NULL;
    for (char *p = strstr(t, " | "); p; p = strstr(p + 1, " | ")) bar = p;
    if (!site && bar && strlen(bar + 3) * 3 < (size_t)(bar - t)) *bar = '\0';
    return t;
}

/* A title "Site - Headline" whose one part is the text of a heading on the
 * page: that part. */
static char *title_part(char *t, const meta_found *m, const char *site)
{
    if (!t) return NULL;
    for (const char *const *sep = separators; *sep; sep++) {
        size_t sl = strlen(*sep);
        for (char *p = strstr(t, *sep); p; p = strstr(p + 1, *sep)) {
            for (size_t h = 0; h < m->nheads; h++) {
                const char *hd = m->heads[h];
                size_t hl = strlen(hd);
                if (site && (contains_ci(hd, site) || contains_ci(site, hd))) continue;
                if ((size_t)(p - t) == hl && !strncmp(t, hd, hl)) {
                    *p = '\0';
                    return t;
                }
                if (!strcmp(p + sl, hd)) {
                    memmove(t, p + sl, hl + 1);
                    return t;
                }
            }
        }
    }
    return t;
}

/* "By X", «بقلم: X», «كتب: X» -> X */
static void strip_byline_word(char *s)
{
    static const char *const words[] = {"By ", "by ", "BY ", "بقلم:", "بقلم", "كتب:", "كتبت:", NULL};
    if (!s) return;
    for (const char *const *w = words; *w; w++) {
        size_t l = strlen(*w);
        if (!strncmp(s, *w, l) && s[l]) {
            size_t k = l;
            while (s[k] == ' ') k++;
            if (s[k]) memmove(s, s + k, strlen(s + k) + 1);
            return;
        }
    }
}

static char *pick(char **a)
{
    char *s = *a;
    *a = NULL;
    return s;
}

static void free_found(meta_found *m)
{
    char **f[] = {&m->og_title, &m->ld_headline, &m->h1, &m->title_tag, &m->md_headline,
                  &m->ld_date, &m->meta_date, &m->md_date, &m->time_date, &m->ld_author,
                  &m->meta_author, &m->md_author, &m->og_site, &m->ld_publisher, &m->app_name,
                  &m->ld_section, &m->meta_section, &m->ld_crumb, &m->dom_crumb, &m->canonical,
                  &m->og_url, &m->ld_url, &m->ld_body, &m->text_date};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        free(*f[i]);
        *f[i] = NULL;
    }
    for (size_t i = 0; i < m->nheads; i++) free(m->heads[i]);
    m->nheads = 0;
}

char *web_extract_meta(const dom *d, const web_page *page, web_article *a)
{
    meta_found m;
    memset(&m, 0, sizeof m);
    scan_tree(d, &m);

    /* url and id: canonical link, og:url, JSON-LD url, the page's URL */
    char *canon = resolve_url(page->url ? page->url : m.og_url, m.canonical);
    if (!canon) canon = pick(&m.og_url);
    if (!canon) canon = pick(&m.ld_url);
    if (!canon && page->url) canon = resolve_url(NULL, page->url);
    a->url = canon;
    a->id = canon ? strdup(canon) : NULL;

    /* source: og:site_name, JSON-LD publisher, application-name, the host */
    a->source = pick(&m.og_site);
    if (!a->source) a->source = pick(&m.ld_publisher);
    if (!a->source) a->source = pick(&m.app_name);
    if (!a->source) a->source = url_host(a->url ? a->url : page->url);

    /* title: og:title, JSON-LD headline, microdata headline, h1, <title>;
     * a site-name part is removed */
    char *t = pick(&m.og_title);
    if (!t) t = pick(&m.ld_headline);
    if (!t) t = pick(&m.md_headline);
    if (!t && m.h1) t = strdup(m.h1);
    if (!t) t = pick(&m.title_tag);
    a->title = strip_site(title_part(t, &m, a->source), a->source, m.h1);
    if (a->title && !a->title[0]) {
        free(a->title);
        a->title = NULL;
    }

    /* date: JSON-LD, meta, microdata, <time datetime>, the URL */
    a->date = pick(&m.ld_date);
    if (!a->date) a->date = pick(&m.meta_date);
    if (!a->date) a->date = pick(&m.md_date);
    if (!a->date) a->date = pick(&m.time_date);
    if (!a->date) a->date = pick(&m.text_date);
    if (!a->date) a->date = url_date(a->url ? a->url : page->url);
    if (!a->date && page->url) a->date = url_date(page->url);

    a->author = pick(&m.ld_author);
    if (!a->author) a->author = pick(&m.meta_author);
    if (!a->author) a->author = pick(&m.md_author);
    strip_byline_word(a->author);

    /* category: JSON-LD articleSection, meta section, breadcrumbs */
    a->category = pick(&m.ld_section);
    if (!a->category) a->category = pick(&m.meta_section);
    if (!a->category) a->category = pick(&m.ld_crumb);
    if (!a->category) a->category = pick(&m.dom_crumb);

    char *body = pick(&m.ld_body);
    free_found(&m);
    return body;
}
