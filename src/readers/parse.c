/*
 * parse.c - HTML (already UTF-8) into the compact tree of dom.c, through
 * libxml2's HTML parser in SAX mode: no libxml2 tree is built, the
 * callbacks keep only what extraction needs, and stop the parser at the
 * element and depth bounds.
 *
 * libxml2 rather than gumbo (both Debian packages): on the 181 pages of
 * the extraction benchmark it parses 3x faster, and gumbo's tree building
 * is quadratic on deeply nested or unclosed tags (50 MB of <div> or 1e6
 * open <b>: over a minute) where libxml2 stays linear.  libxml2's own
 * quadratic spot, the duplicate check over a tag's attributes, is closed by
 * a pre-scan that refuses a tag with more than max_attributes of them.
 * bench/html_parsers.sh has the measurements.
 */
#include <pthread.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "web_internal.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_libxml(void)
{
    xmlInitParser();
}

void web_init(void)
{
    pthread_once(&init_once, init_libxml);
}

/* ------------------------------------------------------------------ */
/* Pre-scan: attributes per tag                                        */
/* ------------------------------------------------------------------ */

static int ascii_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Skip the text of a raw-text element whose start tag ended at s[i]. */
static size_t skip_raw(const char *s, size_t n, size_t i, const char *name, size_t name_len)
{
    for (; i + name_len + 2 < n; i++)
        if (s[i] == '<' && s[i + 1] == '/' && !strncasecmp(s + i + 2, name, name_len)) return i;
    return n;
}

/* Offset of the first start tag with more than max attributes, or -1. */
static long long too_many_attributes(const char *s, size_t n, size_t max)
{
    size_t i = 0;
    while (i < n) {
        const char *lt = memchr(s + i, '<', n - i);
        if (!lt) break;
        i = (size_t)(lt - s);
        if (i + 4 <= n && !memcmp(s + i, "<!--", 4)) {
            const char *e = NULL;
            for (size_t k = i + 4; k + 2 < n; k++)
                if (s[k] == '-' && s[k + 1] == '-' && s[k + 2] == '>') {
                    e = s + k;
                    break;
                }
            if (!e) break;
            i = (size_t)(e - s) + 3;
            continue;
        }
        if (i + 1 >= n || !ascii_alpha(s[i + 1])) {
            i++;
            continue;
        }
        size_t start = i, name = i + 1, j = i + 1;
        while (j < n && !blank(s[j]) && s[j] != '>' && s[j] != '/') j++;
        size_t name_len = j - name, attrs = 0;
        int in_word = 0;
        while (j < n && s[j] != '>') {
            char c = s[j];
            if (c == '"' || c == '\'') {
                const char *q = memchr(s + j + 1, c, n - j - 1);
                j = q ? (size_t)(q - s) + 1 : n;
                in_word = 1;
                continue;
            }
            if (blank(c) || c == '/') in_word = 0;
            else if (c == '=') in_word = 1; /* a value is not another attribute */
            else if (!in_word) {
                in_word = 1;
                if (j > 0 && s[j - 1] != '=' && ++attrs > max) return (long long)start;
            }
            j++;
        }
        i = j;
        if ((name_len == 6 && !strncasecmp(s + name, "script", 6)) ||
            (name_len == 5 && !strncasecmp(s + name, "style", 5)) ||
            (name_len == 8 && !strncasecmp(s + name, "textarea", 8)))
            i = skip_raw(s, n, i, s + name, name_len);
    }
    return -1;
}

/* ------------------------------------------------------------------ */
/* SAX callbacks                                                       */
/* ------------------------------------------------------------------ */

typedef struct parse_state {
    htmlParserCtxtPtr ctxt;
    dom *d;
    web_article *a;
    size_t max_depth;
    int stopped;
} parse_state;

static void stop(parse_state *ps, const char *why)
{
    if (ps->stopped) return;
    ps->stopped = 1;
    long long at = (long long)xmlByteConsumed(ps->ctxt);
    web_add_note(ps->a, at, "%s at byte %lld of the decoded page: the rest is not read", why, at);
    xmlStopParser(ps->ctxt);
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
    parse_state *ps = ctx;
    if (ps->stopped) return;
    if ((size_t)ps->ctxt->nameNr > ps->max_depth) {
        char why[80];
        snprintf(why, sizeof why, "elements nested deeper than %zu", ps->max_depth);
        stop(ps, why);
        return;
    }
    int rc = dom_open(ps->d, web_tag_of((const char *)name), (const char *const *)atts);
    if (rc == 1) {
        char why[80];
        snprintf(why, sizeof why, "more than %zu elements", ps->d->max_elements);
        stop(ps, why);
    } else if (rc < 0) {
        stop(ps, "out of memory");
    }
}

static void on_end(void *ctx, const xmlChar *name)
{
    (void)name;
    parse_state *ps = ctx;
    if (!ps->stopped) dom_close(ps->d);
}

static void on_text(void *ctx, const xmlChar *s, int len)
{
    parse_state *ps = ctx;
    if (!ps->stopped && len > 0) dom_text(ps->d, (const char *)s, (size_t)len);
}

int web_parse_html(const char *html, size_t len, const web_limits *lim, dom *d, web_article *a,
                   web_error *err)
{
    long long bad = too_many_attributes(html, len, lim->max_attributes);
    if (bad >= 0) {
        web_set_error(err, bad, "a tag with more than %zu attributes at byte %lld of the decoded page",
                      lim->max_attributes, bad);
        return -1;
    }
    if (len > (size_t)2147483647) {
        web_set_error(err, -1, "page too large");
        return -1;
    }
    web_init();
    htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(len ? html : " ", len ? (int)len : 1);
    if (!ctxt) {
        web_set_error(err, -1, "out of memory");
        return -1;
    }
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.startElement = on_start;
    sax.endElement = on_end;
    sax.characters = on_text;
    sax.cdataBlock = on_text;
    sax.ignorableWhitespace = on_text;
    sax.initialized = 1; /* SAX1 callbacks, as the HTML parser uses */
    memcpy(ctxt->sax, &sax, sizeof sax);
    parse_state ps = {ctxt, d, a, lim->max_depth, 0};
    ctxt->userData = &ps;
    htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                 HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC);
    xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
    htmlParseDocument(ctxt);
    if (ctxt->myDoc) xmlFreeDoc(ctxt->myDoc);
    ctxt->myDoc = NULL;
    htmlFreeParserCtxt(ctxt);
    dom_finish(d);
    a->elements = d->elements;
    a->depth = d->depth_seen;
    if (d->oom) {
        web_set_error(err, -1, "out of memory");
        return -1;
    }
    return 0;
}
