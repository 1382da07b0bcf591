/*
 * web_internal.h - what the parts of the web reader share (not an API).
 */
#ifndef FAHRAS_WEB_INTERNAL_H
#define FAHRAS_WEB_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "web.h"

/* ---- notes and errors -------------------------------------------------- */

void web_add_note(web_article *a, long long offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void web_set_error(web_error *err, long long offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- charset (charset.c) ----------------------------------------------- */

/* Decode a page to UTF-8 choosing the charset as web_charset_sniff does;
 * when the chosen charset leaves undecodable bytes, the detected one is
 * tried and kept if it decodes better.  Fills a->charset, a->charset_from
 * and notes.  Returns 0, or -1 with err set (out of memory). */
int web_decode_page(const char *bytes, size_t len, const char *content_type, web_article *a,
                    char **out, size_t *out_len, web_error *err);

/* Length of the longest valid UTF-8 prefix of s[0..n). */
size_t web_utf8_valid_prefix(const char *s, size_t n);

/* ---- the document tree (dom.c) ----------------------------------------- */

/* Tags the extractor tells apart; every other element is TAG_OTHER. */
enum web_tag {
    TAG_OTHER = 0, TAG_DOCUMENT, TAG_TEXT,
    TAG_A, TAG_ABBR, TAG_ADDRESS, TAG_ARTICLE, TAG_ASIDE, TAG_AUDIO, TAG_B, TAG_BLOCKQUOTE,
    TAG_BODY, TAG_BR, TAG_BUTTON, TAG_CANVAS, TAG_CAPTION, TAG_CENTER, TAG_CITE, TAG_CODE,
    TAG_DD, TAG_DEL, TAG_DETAILS, TAG_DIALOG, TAG_DIV, TAG_DL, TAG_DT, TAG_EM, TAG_EMBED,
    TAG_FIELDSET, TAG_FIGCAPTION, TAG_FIGURE, TAG_FONT, TAG_FOOTER, TAG_FORM, TAG_H1, TAG_H2,
    TAG_H3, TAG_H4, TAG_H5, TAG_H6, TAG_HEAD, TAG_HEADER, TAG_HR, TAG_HTML, TAG_I, TAG_IFRAME,
    TAG_IMG, TAG_INPUT, TAG_INS, TAG_LABEL, TAG_LEGEND, TAG_LI, TAG_LINK, TAG_MAIN, TAG_MARK,
    TAG_MATH, TAG_MENU, TAG_META, TAG_NAV, TAG_NOSCRIPT, TAG_OBJECT, TAG_OL, TAG_OPTION,
    TAG_P, TAG_PICTURE, TAG_PRE, TAG_Q, TAG_S, TAG_SCRIPT, TAG_SECTION, TAG_SELECT, TAG_SMALL,
    TAG_SPAN, TAG_STRONG, TAG_STYLE, TAG_SUB, TAG_SUMMARY, TAG_SUP, TAG_SVG, TAG_TABLE,
    TAG_TBODY, TAG_TD, TAG_TEMPLATE, TAG_TEXTAREA, TAG_TFOOT, TAG_TH, TAG_THEAD, TAG_TIME,
    TAG_TITLE, TAG_TR, TAG_U, TAG_UL, TAG_VIDEO,
    TAG__COUNT
};

/* Attributes kept (others are dropped while parsing). */
enum web_attr {
    AT_ID, AT_CLASS, AT_ITEMPROP, AT_ITEMTYPE, AT_ROLE, AT_PROPERTY, AT_NAME, AT_CONTENT,
    AT_HREF, AT_REL, AT_DATETIME, AT_TYPE, AT_HIDDEN, AT_ARIA_HIDDEN, AT_STYLE, AT_ITEMSCOPE,
    AT__COUNT
};

typedef struct dom_node {
    uint32_t parent;      /* index; the document (0) is its own parent */
    uint32_t next;        /* next sibling, 0 = none */
    uint32_t first_child; /* 0 = none */
    uint32_t last_child;
    uint32_t end;         /* index of the last node of this subtree (nodes are in document order) */
    uint32_t off, len;    /* text node: bytes in dom.text; element: its attributes in dom.attrs */
    uint16_t tag;         /* enum web_tag */
    uint16_t depth;
} dom_node;

typedef struct dom_attr {
    uint32_t off, len; /* value in dom.text */
    uint8_t name;      /* enum web_attr */
} dom_attr;

typedef struct dom {
    dom_node *n;
    size_t count, cap;
    char *text;
    size_t text_len, text_cap;
    dom_attr *attrs;
    size_t attr_count, attr_cap;
    /* while building */
    uint32_t cur;         /* the open element new nodes go into */
    size_t overflow;      /* elements opened past max_depth (not kept) */
    size_t max_depth, max_elements, elements, depth_seen;
    int in_raw;           /* inside script/style/...: text is dropped (JSON-LD kept) */
    int oom;              /* an allocation failed */
} dom;

void dom_init(dom *d, const web_limits *lim);
void dom_free(dom *d);
int web_tag_of(const char *name);
/* 0 ok; 1 the element limit is reached (nothing added); -1 out of memory. */
int dom_open(dom *d, int tag, const char *const *attrs);
void dom_close(dom *d);
void dom_text(dom *d, const char *s, size_t n);
void dom_finish(dom *d);
/* An attribute's value (not NUL-terminated), or NULL. */
const char *dom_attr_get(const dom *d, uint32_t node, int name, size_t *len);

/* Parse UTF-8 HTML into d (parse.c).  Sets a's elements/depth and notes
 * when a limit stopped the parse.  Returns 0, -1 with err set. */
int web_parse_html(const char *html, size_t len, const web_limits *lim, dom *d, web_article *a,
                   web_error *err);

/* ---- extraction (meta.c, content.c) ------------------------------------ */

/* A growing string. */
typedef struct sbuf {
    char *s;
    size_t len, cap;
    int oom;
} sbuf;
void sb_add(sbuf *b, const char *s, size_t n);
void sb_addc(sbuf *b, char c);
char *sb_take(sbuf *b); /* NUL-terminated; NULL if empty or out of memory */

/* Text of a subtree with collapsed white space (appended to b). */
void dom_subtree_text(const dom *d, uint32_t node, sbuf *b);
/* Copy of s with white space collapsed and trimmed; NULL if empty. */
char *web_clean_text(const char *s, size_t n);

/* An ISO 8601 date (YYYY-MM-DD[THH:MM[:SS][zone]]) from the usual ways
 * pages write one; NULL if s is not a date.  Caller frees. */
char *web_iso_date(const char *s);

/* Title, date, author, source, category, canonical URL: fills a.
 * Returns the JSON-LD articleBody if any (caller frees), for content.c. */
char *web_extract_meta(const dom *d, const web_page *page, web_article *a);
/* The main text: fills a->body and a->paragraphs. */
void web_extract_body(const dom *d, web_article *a, const char *jsonld_body);

#endif
