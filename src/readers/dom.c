/*
 * dom.c - the compact document tree the extractor works on: nodes in
 * document order in one array (a subtree is the index range [i, end]), the
 * few attributes extraction looks at, text in one buffer.  Depth and
 * element count are bounded while building; past the depth bound elements
 * are not kept (their text goes to the deepest kept ancestor).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web_internal.h"

/* ------------------------------------------------------------------ */
/* Notes, errors, strings                                              */
/* ------------------------------------------------------------------ */

void web_add_note(web_article *a, long long offset, const char *fmt, ...)
{
    if (a->n_notes >= WEB_MAX_NOTES) return;
    web_note *n = &a->notes[a->n_notes++];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(n->msg, sizeof n->msg, fmt, ap);
    va_end(ap);
    n->offset = offset;
}

void web_set_error(web_error *err, long long offset, const char *fmt, ...)
{
    if (!err) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    err->offset = offset;
}

void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->oom) return;
    if (b->len + n + 1 > b->cap) {
        size_t ncap = b->cap ? b->cap : 256;
        while (ncap < b->len + n + 1) ncap *= 2;
        char *ns = realloc(b->s, ncap);
        if (!ns) {
            b->oom = 1;
            return;
        }
        b->s = ns;
        b->cap = ncap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void sb_addc(sbuf *b, char c)
{
    sb_add(b, &c, 1);
}

char *sb_take(sbuf *b)
{
    char *s = b->s;
    if (b->oom || !b->len) {
        free(s);
        s = NULL;
    }
    memset(b, 0, sizeof *b);
    return s;
}

/* ------------------------------------------------------------------ */
/* Tags and attributes                                                 */
/* ------------------------------------------------------------------ */

static const char *const tag_names[TAG__COUNT] = {
    [TAG_A] = "a", [TAG_ABBR] = "abbr", [TAG_ADDRESS] = "address", [TAG_ARTICLE] = "article",
    [TAG_ASIDE] = "aside", [TAG_AUDIO] = "audio", [TAG_B] = "b", [TAG_BLOCKQUOTE] = "blockquote",
    [TAG_BODY] = "body", [TAG_BR] = "br", [TAG_BUTTON] = "button", [TAG_CANVAS] = "canvas",
    [TAG_CAPTION] = "caption", [TAG_CENTER] = "center", [TAG_CITE] = "cite", [TAG_CODE] = "code",
    [TAG_DD] = "dd", [TAG_DEL] = "del", [TAG_DETAILS] = "details", [TAG_DIALOG] = "dialog",
    [TAG_DIV] = "div", [TAG_DL] = "dl", [TAG_DT] = "dt", [TAG_EM] = "em", [TAG_EMBED] = "embed",
    [TAG_FIELDSET] = "fieldset", [TAG_FIGCAPTION] = "figcaption", [TAG_FIGURE] = "figure",
    [TAG_FONT] = "font", [TAG_FOOTER] = "footer", [TAG_FORM] = "form", [TAG_H1] = "h1",
    [TAG_H2] = "h2", [TAG_H3] = "h3", [TAG_H4] = "h4", [TAG_H5] = "h5", [TAG_H6] = "h6",
    [TAG_HEAD] = "head", [TAG_HEADER] = "header", [TAG_HR] = "hr", [TAG_HTML] = "html",
    [TAG_I] = "i", [TAG_IFRAME] = "iframe", [TAG_IMG] = "img", [TAG_INPUT] = "input",
    [TAG_INS] = "ins", [TAG_LABEL] = "label", [TAG_LEGEND] = "legend", [TAG_LI] = "li",
    [TAG_LINK] = "link", [TAG_MAIN] = "main", [TAG_MARK] = "mark", [TAG_MATH] = "math",
    [TAG_MENU] = "menu", [TAG_META] = "meta", [TAG_NAV] = "nav", [TAG_NOSCRIPT] = "noscript",
    [TAG_OBJECT] = "object", [TAG_OL] = "ol", [TAG_OPTION] = "option", [TAG_P] = "p",
    [TAG_PICTURE] = "picture", [TAG_PRE] = "pre", [TAG_Q] = "q", [TAG_S] = "s",
    [TAG_SCRIPT] = "script", [TAG_SECTION] = "section", [TAG_SELECT] = "select",
    [TAG_SMALL] = "small", [TAG_SPAN] = "span", [TAG_STRONG] = "strong", [TAG_STYLE] = "style",
    [TAG_SUB] = "sub", [TAG_SUMMARY] = "summary", [TAG_SUP] = "sup", [TAG_SVG] = "svg",
    [TAG_TABLE] = "table", [TAG_TBODY] = "tbody", [TAG_TD] = "td", [TAG_TEMPLATE] = "template",
    [TAG_TEXTAREA] = "textarea", [TAG_TFOOT] = "tfoot", [TAG_TH] = "th", [TAG_THEAD] = "thead",
    [TAG_TIME] = "time", [TAG_TITLE] = "title", [TAG_TR] = "tr", [TAG_U] = "u", [TAG_UL] = "ul",
    [TAG_VIDEO] = "video",
};

int web_tag_of(const char *name)
{
    /* names are few and short: a linear scan keyed on the first letter */
    for (int t = TAG_A; t < TAG__COUNT; t++)
        if (tag_names[t] && tag_names[t][0] == name[0] && !strcmp(tag_names[t], name)) return t;
    return TAG_OTHER;
}

static const char *const attr_names[AT__COUNT] = {
    [AT_ID] = "id", [AT_CLASS] = "class", [AT_ITEMPROP] = "itemprop",
    [AT_ITEMTYPE] = "itemtype", [AT_ROLE] = "role", [AT_PROPERTY] = "property",
    [AT_NAME] = "name", [AT_CONTENT] = "content", [AT_HREF] = "href", [AT_REL] = "rel",
    [AT_DATETIME] = "datetime", [AT_TYPE] = "type", [AT_HIDDEN] = "hidden",
    [AT_ARIA_HIDDEN] = "aria-hidden", [AT_STYLE] = "style", [AT_ITEMSCOPE] = "itemscope",
};

static int attr_of(const char *name)
{
    for (int a = 0; a < AT__COUNT; a++)
        if (!strcmp(attr_names[a], name)) return a;
    return -1;
}

/* Elements whose text is not page text.  (JSON-LD scripts are the
 * exception: their text is kept for the metadata.) */
static int is_raw(int tag)
{
    return tag == TAG_SCRIPT || tag == TAG_STYLE || tag == TAG_TEMPLATE || tag == TAG_TEXTAREA ||
           tag == TAG_NOSCRIPT || tag == TAG_SVG || tag == TAG_MATH || tag == TAG_OPTION ||
           tag == TAG_SELECT || tag == TAG_IFRAME || tag == TAG_OBJECT;
}

/* ------------------------------------------------------------------ */
/* Building                                                            */
/* ------------------------------------------------------------------ */

void dom_init(dom *d, const web_limits *lim)
{
    memset(d, 0, sizeof *d);
    d->max_depth = lim->max_depth;
    d->max_elements = lim->max_elements;
    d->cap = 1024;
    d->n = calloc(d->cap, sizeof *d->n);
    if (!d->n) {
        d->oom = 1;
        d->cap = 0;
        return;
    }
    d->count = 1; /* node 0: the document */
    d->n[0].tag = TAG_DOCUMENT;
}

void dom_free(dom *d)
{
    free(d->n);
    free(d->text);
    free(d->attrs);
    memset(d, 0, sizeof *d);
}

static uint32_t add_node(dom *d, int tag)
{
    if (d->oom) return 0;
    if (d->count == d->cap) {
        size_t ncap = d->cap * 2;
        dom_node *nn = realloc(d->n, ncap * sizeof *nn);
        if (!nn) {
            d->oom = 1;
            return 0;
        }
        d->n = nn;
        d->cap = ncap;
    }
    uint32_t i = (uint32_t)d->count++;
    dom_node *x = &d->n[i];
    memset(x, 0, sizeof *x);
    x->tag = (uint16_t)tag;
    x->parent = d->cur;
    x->end = i;
    x->depth = (uint16_t)(d->n[d->cur].depth + 1);
    dom_node *p = &d->n[d->cur];
    if (p->last_child) d->n[p->last_child].next = i;
    else p->first_child = i;
    p->last_child = i;
    return i;
}

static int add_text_bytes(dom *d, const char *s, size_t n, uint32_t *off)
{
    if (d->text_len + n + 1 > d->text_cap) {
        size_t ncap = d->text_cap ? d->text_cap : 4096;
        while (ncap < d->text_len + n + 1) ncap *= 2;
        char *nt = realloc(d->text, ncap);
        if (!nt) {
            d->oom = 1;
            return -1;
        }
        d->text = nt;
        d->text_cap = ncap;
    }
    *off = (uint32_t)d->text_len;
    memcpy(d->text + d->text_len, s, n);
    d->text_len += n;
    d->text[d->text_len] = '\0';
    return 0;
}

static int is_jsonld(const dom *d, uint32_t node)
{
    size_t n;
    const char *t = dom_attr_get(d, node, AT_TYPE, &n);
    return t && n >= 19 && !strncasecmp(t, "application/ld+json", 19);
}

int dom_open(dom *d, int tag, const char *const *attrs)
{
    if (d->oom) return -1;
    if (d->overflow || d->n[d->cur].depth >= d->max_depth) {
        d->overflow++;
        return 0;
    }
    if (d->elements >= d->max_elements) {
        d->overflow++; /* absorbs its end, should the parser still report it */
        return 1;
    }
    uint32_t i = add_node(d, tag);
    if (!i) return -1;
    d->elements++;
    dom_node *x = &d->n[i];
    if (x->depth > d->depth_seen) d->depth_seen = x->depth;
    x->off = (uint32_t)d->attr_count;
    for (size_t k = 0; attrs && attrs[k]; k += 2) {
        int a = attr_of(attrs[k]);
        if (a < 0) continue;
        const char *v = attrs[k + 1] ? attrs[k + 1] : "";
        if (d->attr_count == d->attr_cap) {
            size_t ncap = d->attr_cap ? d->attr_cap * 2 : 256;
            dom_attr *na = realloc(d->attrs, ncap * sizeof *na);
            if (!na) {
                d->oom = 1;
                return -1;
            }
            d->attrs = na;
            d->attr_cap = ncap;
        }
        dom_attr *at = &d->attrs[d->attr_count];
        size_t vl = strlen(v);
        if (vl > 4096) { /* a class list or a style is never longer than that usefully */
            vl = 4096;
            while (vl && ((unsigned char)v[vl] & 0xC0) == 0x80) vl--; /* cut on a character */
        }
        if (add_text_bytes(d, v, vl, &at->off)) return -1;
        at->len = (uint32_t)vl;
        at->name = (uint8_t)a;
        d->attr_count++;
        x->len++;
    }
    d->cur = i;
    if (is_raw(tag) && !(tag == TAG_SCRIPT && is_jsonld(d, i))) d->in_raw++;
    return 0;
}

void dom_close(dom *d)
{
    if (d->overflow) {
        d->overflow--;
        return;
    }
    if (d->cur == 0) return;
    dom_node *x = &d->n[d->cur];
    if (is_raw(x->tag) && !(x->tag == TAG_SCRIPT && is_jsonld(d, d->cur)) && d->in_raw) d->in_raw--;
    x->end = (uint32_t)d->count - 1;
    d->cur = x->parent;
}

void dom_text(dom *d, const char *s, size_t n)
{
    if (d->oom || d->in_raw || n == 0) return;
    dom_node *p = &d->n[d->cur];
    /* the parser hands text over in pieces: extend the last text node */
    if (p->last_child && d->n[p->last_child].tag == TAG_TEXT &&
        d->n[p->last_child].off + d->n[p->last_child].len == d->text_len) {
        uint32_t off;
        if (add_text_bytes(d, s, n, &off)) return;
        d->n[p->last_child].len += (uint32_t)n;
        return;
    }
    uint32_t i = add_node(d, TAG_TEXT);
    if (!i) return;
    uint32_t off;
    if (add_text_bytes(d, s, n, &off)) return;
    d->n[i].off = off;
    d->n[i].len = (uint32_t)n;
}

void dom_finish(dom *d)
{
    d->overflow = 0;
    while (d->cur) dom_close(d);
    if (d->count) d->n[0].end = (uint32_t)d->count - 1;
}

const char *dom_attr_get(const dom *d, uint32_t node, int name, size_t *len)
{
    const dom_node *x = &d->n[node];
    if (x->tag == TAG_TEXT || x->tag == TAG_DOCUMENT) return NULL;
    for (uint32_t k = 0; k < x->len; k++) {
        const dom_attr *a = &d->attrs[x->off + k];
        if (a->name == name) {
            if (len) *len = a->len;
            return d->text + a->off;
        }
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Text                                                                */
/* ------------------------------------------------------------------ */

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* U+00A0 and the other spaces written in UTF-8 that collapse like ' '. */
static size_t uspace(const unsigned char *s, size_t n)
{
    if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0) return 2;
    if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] <= 0x8A || s[2] == 0xAF)) return 3;
    if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) return 3;
    return 0;
}

/* Append s collapsing white space; *pending_space carries a space between
 * calls so that pieces join with exactly one. */
static void add_collapsed(sbuf *b, const char *s, size_t n, int *pending_space)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t k;
        if (is_space(u[i])) {
            *pending_space = 1;
            i++;
            continue;
        }
        if ((k = uspace(u + i, n - i))) {
            *pending_space = 1;
            i += k;
            continue;
        }
        size_t j = i;
        while (j < n && !is_space(u[j]) && !(u[j] >= 0xC2 && uspace(u + j, n - j))) j++;
        if (*pending_space && b->len) sb_addc(b, ' ');
        *pending_space = 0;
        sb_add(b, s + i, j - i);
        i = j;
    }
}

void dom_subtree_text(const dom *d, uint32_t node, sbuf *b)
{
    int sp = b->len > 0;
    for (uint32_t i = node; i <= d->n[node].end; i++) {
        const dom_node *x = &d->n[i];
        if (x->tag == TAG_TEXT) add_collapsed(b, d->text + x->off, x->len, &sp);
        else if (x->tag == TAG_BR || x->tag == TAG_P || x->tag == TAG_LI || x->tag == TAG_DIV)
            sp = 1;
    }
}

char *web_clean_text(const char *s, size_t n)
{
    sbuf b = {0};
    int sp = 0;
    add_collapsed(&b, s, n, &sp);
    return sb_take(&b);
}
