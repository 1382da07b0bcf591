/*
 * content.c - the article's text, without what surrounds it.
 *
 * General rules, no per-site ones:
 *  1. Not content: scripts and the like, hidden elements, navigation,
 *     asides, headers, footers, forms' controls, ARIA landmarks other than
 *     main, and elements whose class or id names boilerplate (comments,
 *     share, related, cookie, newsletter, ads, menus, ...) unless they hold
 *     most of the page's paragraph text.
 *  2. The text is cut into blocks (paragraphs: text between block-level
 *     element boundaries and <br>).  Each block of 25+ characters scores
 *     1 + its commas + up to 3 for length, added to its container and,
 *     less, to the container's ancestors (Readability's scheme); scores are
 *     weighted by tag, by class/id words and by schema.org markup, and
 *     scaled by 1 - link density.  The best container, moved up when its
 *     parent or several near-best candidates say so, plus siblings that
 *     score near it, is the article.
 *  3. Inside it, boxes dense in links, images, inputs or lists and with few
 *     commas are dropped (related stories, share bars, tag lists).
 *  4. When little text comes out, the pass is retried with fewer rules, and
 *     the longest result kept.
 * Blocks are emitted as paragraphs separated by blank lines.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "web_internal.h"

#define MIN_BLOCK_CHARS 25      /* a block this long counts as a paragraph */
#define ENOUGH_CHARS 500        /* a result shorter than this is retried */
#define CLASS_WEIGHT 25

enum { F_JUNK = 1, F_LINK = 2, F_REMOVED = 4, F_SELECTED = 8, F_SCORED = 16, F_TAGJUNK = 32 };
enum { RULE_STRIP = 1, RULE_WEIGHT = 2, RULE_CLEAN = 4 };

typedef struct block {
    uint32_t owner;       /* the nearest block-level element */
    uint32_t off, len;    /* text in the context's buffer */
    uint32_t chars;       /* non-space characters */
    uint32_t link_chars;
    uint32_t commas;
} block;

typedef struct counts {
    uint32_t chars, link_chars, commas, p, img, li, input, embed, heading_chars;
} counts;

typedef struct ctx {
    const dom *d;
    size_t n;
    uint8_t *flag;
    int8_t *weight;  /* class/id: -1, 0, +1 */
    uint8_t *strong; /* class/id names boilerplate beyond doubt */
    uint8_t *pos;    /* class/id has a content word */
    counts *c;
    float *score;
    float *bscore;    /* the part of score that comes from paragraphs */
    uint32_t *pchars; /* characters of paragraph blocks inside */
    block *blocks;
    size_t nblocks, bcap;
    sbuf text;
    int oom;
} ctx;

/* ------------------------------------------------------------------ */
/* Class and id words                                                  */
/* ------------------------------------------------------------------ */

/* Words (prefixes) that mark boilerplate whatever the rest says. */
static const char *const strong_neg[] = {
    "comment", "disqus", "share", "sharing", "social", "related", "recommend", "cookie",
    "consent", "gdpr", "newsletter", "subscri", "signup", "advert", "sponsor", "adsbygoogle",
    "outbrain", "taboola", "popup", "modal", "breadcrumb", "hidden", "sronly", "screenreader",
    "visuallyhidden", "skip", "trending", "mostread", "mostpopular", "popular", "readmore",
    "readalso", "seealso", "also", "newsticker", "ticker", "banner", "promo", NULL};
/* Words that lower a container's score and mark small boxes as boilerplate. */
static const char *const weak_neg[] = {
    "nav", "navbar", "navigation", "menu", "sidebar", "footer", "foot", "header", "masthead",
    "widget", "tags", "tag", "keywords", "topics", "meta", "byline", "author", "bio", "caption",
    "credit", "toolbar", "tools", "tool", "pagination", "pager", "print", "email", "login",
    "rating", "vote", "poll", "latest", "more", "media", "gallery", "video", "contact", "footnote",
    "shopping", "scroll", "extra", "aside", "ad", "ads", "adv", "dfp", "rss", "community",
    "replies", "remark", NULL};
static const char *const positive[] = {
    "article", "body", "content", "entry", "hentry", "main", "page", "post", "text", "blog",
    "story", "prose", "detail", "details", "single", "articlebody", "storybody", "column", NULL};

static int word_in(const char *w, size_t n, const char *const *list, int prefix)
{
    for (; *list; list++) {
        if ((*list)[0] != w[0]) continue; /* most words differ at once */
        size_t l = strlen(*list);
        if (prefix ? (n >= l && !memcmp(w, *list, l)) : (n == l && !memcmp(w, *list, l)))
            return 1;
    }
    return 0;
}

/* Split class and id into lower-case words (at non-letters and at camelCase
 * humps); glued words are matched by prefix ("commentlist"). */
static void class_words(const dom *d, uint32_t i, int *neg_strong, int *neg, int *pos)
{
    *neg_strong = *neg = *pos = 0;
    for (int at = AT_ID; at <= AT_CLASS; at++) {
        size_t n;
        const char *v = dom_attr_get(d, i, at, &n);
        if (!v) continue;
        if (n > 512) n = 512;
        char w[64];
        size_t wl = 0;
        char joined[128];
        size_t jl = 0; /* words of one class name glued: "read-more" -> "readmore" */
        for (size_t k = 0; k <= n; k++) {
            char ch = k < n ? v[k] : ' ';
            int upper = ch >= 'A' && ch <= 'Z';
            int alnum = upper || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
            int hump = upper && wl > 0 && k > 0 && v[k - 1] >= 'a' && v[k - 1] <= 'z';
            if (!alnum || hump) {
                if (wl) {
                    if (word_in(w, wl, strong_neg, 1)) *neg_strong = 1;
                    else if (word_in(w, wl, weak_neg, 0)) *neg = 1;
                    else if (word_in(w, wl, positive, 0)) *pos = 1;
                    if (jl + wl < sizeof joined) {
                        memcpy(joined + jl, w, wl);
                        jl += wl;
                    }
                }
                wl = 0;
                if (ch == ' ' || ch == '\t' || k == n) {
                    if (jl && word_in(joined, jl, strong_neg, 1)) *neg_strong = 1;
                    jl = 0;
                }
                if (!alnum) continue;
            }
            if (wl < sizeof w) w[wl++] = (char)(upper ? ch + 32 : ch);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Tags                                                                */
/* ------------------------------------------------------------------ */

static int is_block_tag(int t)
{
    switch (t) {
    case TAG_A: case TAG_ABBR: case TAG_B: case TAG_CITE: case TAG_CODE: case TAG_DEL:
    case TAG_EM: case TAG_FONT: case TAG_I: case TAG_IMG: case TAG_INS: case TAG_LABEL:
    case TAG_MARK: case TAG_PICTURE: case TAG_Q: case TAG_S: case TAG_SMALL: case TAG_SPAN:
    case TAG_STRONG: case TAG_SUB: case TAG_SUP: case TAG_TIME: case TAG_U: case TAG_TEXT:
        return 0;
    default:
        return 1;
    }
}

/* Elements that are never article text. */
static int is_tag_junk(int t)
{
    switch (t) {
    case TAG_SCRIPT: case TAG_STYLE: case TAG_NOSCRIPT: case TAG_TEMPLATE: case TAG_SVG:
    case TAG_MATH: case TAG_IFRAME: case TAG_OBJECT: case TAG_EMBED: case TAG_CANVAS:
    case TAG_VIDEO: case TAG_AUDIO: case TAG_BUTTON: case TAG_SELECT: case TAG_TEXTAREA:
    case TAG_INPUT: case TAG_OPTION: case TAG_HEAD: case TAG_TITLE: case TAG_DIALOG:
    case TAG_FIGCAPTION: case TAG_LABEL:
        return 1;
    default:
        return 0;
    }
}

/* Elements that are boilerplate unless they hold most of the text. */
static int is_semantic_junk(int t)
{
    return t == TAG_NAV || t == TAG_ASIDE || t == TAG_FOOTER || t == TAG_HEADER || t == TAG_MENU;
}

static int attr_is(const dom *d, uint32_t i, int at, const char *val)
{
    size_t n;
    const char *v = dom_attr_get(d, i, at, &n);
    return v && strlen(val) == n && !strncasecmp(v, val, n);
}

static int attr_contains(const dom *d, uint32_t i, int at, const char *needle)
{
    size_t n, l = strlen(needle);
    const char *v = dom_attr_get(d, i, at, &n);
    if (!v) return 0;
    for (size_t k = 0; k + l <= n; k++)
        if (!strncasecmp(v + k, needle, l)) return 1;
    return 0;
}

static int is_hidden(const dom *d, uint32_t i)
{
    if (dom_attr_get(d, i, AT_HIDDEN, NULL)) return 1;
    if (attr_is(d, i, AT_ARIA_HIDDEN, "true")) return 1;
    size_t n;
    const char *st = dom_attr_get(d, i, AT_STYLE, &n);
    if (!st) return 0;
    char buf[256];
    size_t k = 0;
    for (size_t j = 0; j < n && k + 1 < sizeof buf; j++)
        if (st[j] != ' ') buf[k++] = (char)(st[j] >= 'A' && st[j] <= 'Z' ? st[j] + 32 : st[j]);
    buf[k] = '\0';
    return strstr(buf, "display:none") || strstr(buf, "visibility:hidden");
}

static int junk_role(const dom *d, uint32_t i)
{
    static const char *const roles[] = {"navigation", "complementary", "banner", "contentinfo",
                                        "menu", "menubar", "dialog", "search", "alertdialog",
                                        "toolbar", "tablist", NULL};
    size_t n;
    const char *r = dom_attr_get(d, i, AT_ROLE, &n);
    if (!r) return 0;
    for (const char *const *p = roles; *p; p++)
        if (strlen(*p) == n && !strncasecmp(r, *p, n)) return 1;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Counting                                                            */
/* ------------------------------------------------------------------ */

static uint32_t count_chars(const char *s, size_t n, uint32_t *commas)
{
    uint32_t c = 0;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++) {
        unsigned char b = u[i];
        if ((b & 0xC0) == 0x80) continue; /* continuation byte */
        if (b == ' ' || b == '\n' || b == '\t' || b == '\r') continue;
        if (b == 0xC2 && i + 1 < n && u[i + 1] == 0xA0) continue;
        c++;
        if (b == ',') (*commas)++;
        else if (b == 0xD8 && i + 1 < n && u[i + 1] == 0x8C) (*commas)++; /* ، */
    }
    return c;
}

/* Flags top-down (F_LINK, F_TAGJUNK), then counts bottom-up over what is
 * not junk. */
static void count_all(ctx *x)
{
    const dom *d = x->d;
    memset(x->c, 0, x->n * sizeof *x->c);
    for (size_t i = x->n; i-- > 1;) {
        const dom_node *nd = &d->n[i];
        counts *c = &x->c[i];
        if (x->flag[i] & F_JUNK) continue;
        if (nd->tag == TAG_TEXT) {
            uint32_t commas = 0;
            c->chars = count_chars(d->text + nd->off, nd->len, &commas);
            c->commas = commas;
            if (x->flag[i] & F_LINK) c->link_chars = c->chars;
        } else {
            c->p += nd->tag == TAG_P;
            c->img += nd->tag == TAG_IMG;
            c->li += nd->tag == TAG_LI;
            c->input += nd->tag == TAG_INPUT;
            c->embed += nd->tag == TAG_IFRAME || nd->tag == TAG_EMBED || nd->tag == TAG_OBJECT ||
                        nd->tag == TAG_VIDEO;
            if (nd->tag >= TAG_H1 && nd->tag <= TAG_H6) c->heading_chars = c->chars;
        }
        counts *p = &x->c[nd->parent];
        p->chars += c->chars;
        p->link_chars += c->link_chars;
        p->commas += c->commas;
        p->p += c->p;
        p->img += c->img;
        p->li += c->li;
        p->input += c->input;
        p->embed += c->embed;
        p->heading_chars += c->heading_chars;
    }
}

static double link_density(const ctx *x, uint32_t i)
{
    return x->c[i].chars ? (double)x->c[i].link_chars / x->c[i].chars : 0.0;
}

/* ------------------------------------------------------------------ */
/* Junk                                                                */
/* ------------------------------------------------------------------ */

static void mark_tag_junk(ctx *x)
{
    const dom *d = x->d;
    for (size_t i = 1; i < x->n; i++) {
        const dom_node *nd = &d->n[i];
        uint8_t pf = x->flag[nd->parent];
        x->flag[i] = (uint8_t)(pf & (F_JUNK | F_LINK | F_TAGJUNK));
        if (nd->tag == TAG_TEXT) continue;
        if (nd->tag == TAG_A) x->flag[i] |= F_LINK;
        if (is_tag_junk(nd->tag) || is_hidden(d, i)) x->flag[i] |= F_JUNK | F_TAGJUNK;
        int s, w, p;
        class_words(d, i, &s, &w, &p);
        x->strong[i] = (uint8_t)s;
        x->pos[i] = (uint8_t)p;
        x->weight[i] = (int8_t)(s || w ? -1 : p ? 1 : 0);
    }
}

/* Titles of comment sections ("Comments (3)", «التعليقات», «آراء القراء»):
 * the class names of such sections are not always English. */
static int is_comment_heading(const char *s, size_t n)
{
    static const char *const words[] = {"تعليق", "آراء القراء", "اراء القراء", "ردود القراء",
                                        "comment", "Comment", "COMMENT", "Responses", "Leave a Reply",
                                        "Leave a reply", "Reader", NULL};
    if (n > 60) return 0;
    for (const char *const *w = words; *w; w++) {
        size_t l = strlen(*w);
        for (size_t k = 0; k + l <= n; k++)
            if (!memcmp(s + k, *w, l)) return 1;
    }
    return 0;
}

/* The first text inside element i, if it is not a link's: a section's title. */
static int starts_with_comment_heading(const ctx *x, uint32_t i)
{
    const dom *d = x->d;
    for (uint32_t k = i + 1; k <= d->n[i].end && k < i + 8; k++) {
        const dom_node *nd = &d->n[k];
        if (nd->tag != TAG_TEXT || (x->flag[k] & F_JUNK)) continue;
        const char *t = d->text + nd->off;
        size_t n = nd->len;
        while (n && (*t == ' ' || *t == '\n' || *t == '\t' || *t == '\r')) t++, n--;
        if (!n) continue;
        return !(x->flag[k] & F_LINK) && is_comment_heading(t, n);
    }
    return 0;
}

/* Semantic, role and class junk: kept when it holds most of the text. */
static void mark_class_junk(ctx *x, int rules)
{
    const dom *d = x->d;
    uint32_t total = x->c[0].chars ? x->c[0].chars : 1;
    for (size_t i = 1; i < x->n; i++) {
        const dom_node *nd = &d->n[i];
        if (nd->tag == TAG_TEXT || (x->flag[i] & F_JUNK)) continue;
        if (nd->tag == TAG_BODY || nd->tag == TAG_HTML || nd->tag == TAG_MAIN ||
            nd->tag == TAG_ARTICLE || attr_is(d, i, AT_ITEMPROP, "articleBody"))
            continue;
        double share = (double)x->c[i].chars / total;
        int junk = 0;
        if (is_semantic_junk(nd->tag) || junk_role(d, i)) junk = share < 0.5;
        if ((rules & RULE_STRIP) && x->strong[i]) junk |= share < 0.85;
        if ((rules & RULE_STRIP) && nd->tag != TAG_TEXT && share < 0.5 && starts_with_comment_heading(x, (uint32_t)i))
            junk = 1;
        if ((rules & RULE_STRIP) && x->weight[i] < 0 && !x->strong[i])
            junk |= !x->pos[i] && share < 0.5;
        if (junk) {
            x->flag[i] |= F_JUNK;
            for (uint32_t k = i + 1; k <= nd->end; k++) x->flag[k] |= F_JUNK;
            i = nd->end;
        }
    }
}

/* ------------------------------------------------------------------ */
/* Blocks                                                              */
/* ------------------------------------------------------------------ */

static void flush_block(ctx *x, uint32_t owner, size_t start, uint32_t link_chars)
{
    if (x->text.len == start) return;
    if (x->nblocks == x->bcap) {
        size_t ncap = x->bcap ? x->bcap * 2 : 256;
        block *nb = realloc(x->blocks, ncap * sizeof *nb);
        if (!nb) {
            x->oom = 1;
            return;
        }
        x->blocks = nb;
        x->bcap = ncap;
    }
    block *b = &x->blocks[x->nblocks];
    b->owner = owner;
    b->off = (uint32_t)start;
    b->len = (uint32_t)(x->text.len - start);
    b->commas = 0;
    b->chars = count_chars(x->text.s + start, b->len, &b->commas);
    b->link_chars = link_chars;
    if (b->chars) x->nblocks++;
    else x->text.len = start;
}

/* Cut the non-junk text into blocks, in document order. */
static void make_blocks(ctx *x)
{
    const dom *d = x->d;
    uint32_t stack[WEB_MAX_DEPTH + 8];
    size_t sp = 0;
    uint32_t owner = 0, link_chars = 0;
    size_t start = 0;
    int space = 0;
    x->nblocks = 0;
    x->text.len = 0;
    for (uint32_t i = 1; i < x->n; i++) {
        while (sp && i > d->n[stack[sp - 1]].end) {
            flush_block(x, owner, start, link_chars);
            start = x->text.len, link_chars = 0, space = 0;
            sp--;
            owner = sp ? stack[sp - 1] : 0;
        }
        const dom_node *nd = &d->n[i];
        if (x->flag[i] & F_JUNK) {
            if (nd->tag != TAG_TEXT && is_block_tag(nd->tag)) space = 1;
            i = nd->end;
            continue;
        }
        if (nd->tag == TAG_TEXT) {
            const unsigned char *s = (const unsigned char *)d->text + nd->off;
            uint32_t dummy = 0, c = count_chars((const char *)s, nd->len, &dummy);
            if (!c) {
                space = 1;
                continue;
            }
            if (x->flag[i] & F_LINK) link_chars += c;
            /* append collapsing white space */
            for (uint32_t k = 0; k < nd->len;) {
                unsigned char ch = s[k];
                int sp1 = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '\f';
                int sp2 = ch == 0xC2 && k + 1 < nd->len && s[k + 1] == 0xA0;
                if (sp1 || sp2) {
                    space = 1;
                    k += sp2 ? 2 : 1;
                    continue;
                }
                if (space && x->text.len > start) sb_addc(&x->text, ' ');
                space = 0;
                uint32_t j = k;
                while (j < nd->len && s[j] != ' ' && s[j] != '\n' && s[j] != '\t' &&
                       s[j] != '\r' && s[j] != '\f' && !(s[j] == 0xC2 && j + 1 < nd->len &&
                                                         s[j + 1] == 0xA0))
                    j++;
                sb_add(&x->text, (const char *)s + k, j - k);
                k = j;
            }
            continue;
        }
        if (nd->tag == TAG_BR || nd->tag == TAG_HR) {
            flush_block(x, owner, start, link_chars);
            start = x->text.len, link_chars = 0, space = 0;
            continue;
        }
        if (is_block_tag(nd->tag)) {
            flush_block(x, owner, start, link_chars);
            start = x->text.len, link_chars = 0, space = 0;
            if (sp < sizeof stack / sizeof stack[0]) { /* deeper: text stays with the owner */
                stack[sp++] = i;
                owner = i;
            }
        } else if (nd->tag == TAG_IMG) {
            space = 1;
        }
    }
    flush_block(x, owner, start, link_chars);
}

/* ------------------------------------------------------------------ */
/* Scoring                                                             */
/* ------------------------------------------------------------------ */

static float tag_score(int t)
{
    switch (t) {
    case TAG_DIV: case TAG_ARTICLE: case TAG_MAIN: return 5;
    case TAG_PRE: case TAG_TD: case TAG_BLOCKQUOTE: return 3;
    case TAG_ADDRESS: case TAG_OL: case TAG_UL: case TAG_DL: case TAG_DD: case TAG_DT:
    case TAG_LI: case TAG_FORM: return -3;
    case TAG_H1: case TAG_H2: case TAG_H3: case TAG_H4: case TAG_H5: case TAG_H6: case TAG_TH:
        return -5;
    default: return 0;
    }
}

static void init_score(ctx *x, uint32_t i, int rules)
{
    if (x->flag[i] & F_SCORED) return;
    x->flag[i] |= F_SCORED;
    float s = tag_score(x->d->n[i].tag);
    if (rules & RULE_WEIGHT) s += (float)x->weight[i] * CLASS_WEIGHT;
    if (attr_is(x->d, i, AT_ITEMPROP, "articleBody") || attr_contains(x->d, i, AT_ITEMPROP, "articleBody"))
        s += 2 * CLASS_WEIGHT;
    x->score[i] = s;
}

static int loose_text_owner(const ctx *x, const block *b, size_t nth_in_owner)
{
    int t = x->d->n[b->owner].tag;
    if (t == TAG_P || (t >= TAG_H1 && t <= TAG_H6) || t == TAG_LI || t == TAG_PRE ||
        t == TAG_BLOCKQUOTE || t == TAG_TD || t == TAG_DT || t == TAG_DD)
        return 0;
    return nth_in_owner > 0 || x->d->n[b->owner].first_child != x->d->n[b->owner].last_child;
}

static void score_blocks(ctx *x, int rules)
{
    const dom *d = x->d;
    uint32_t prev_owner = 0;
    size_t nth = 0;
    for (size_t k = 0; k < x->nblocks; k++) {
        const block *b = &x->blocks[k];
        nth = b->owner == prev_owner ? nth + 1 : 0;
        prev_owner = b->owner;
        if (b->chars < MIN_BLOCK_CHARS || b->owner == 0) continue;
        if (b->link_chars * 2 > b->chars) continue;
        float s = 1.0f + (float)b->commas + fminf((float)b->chars / 100.0f, 3.0f);
        for (uint32_t a = b->owner; a; a = d->n[a].parent) x->pchars[a] += b->chars;
        uint32_t a = loose_text_owner(x, b, nth) ? b->owner : d->n[b->owner].parent;
        for (int level = 0; level < 5 && a != 0; level++, a = d->n[a].parent) {
            if (d->n[a].tag == TAG_HTML) break;
            init_score(x, a, rules);
            float div = level == 0 ? 1.0f : level == 1 ? 2.0f : (float)level * 3.0f;
            x->score[a] += s / div;
            x->bscore[a] += s / div;
        }
    }
    for (size_t i = 1; i < x->n; i++)
        if (x->flag[i] & F_SCORED) x->score[i] *= (float)(1.0 - link_density(x, (uint32_t)i));
}

static int is_ancestor(const dom *d, uint32_t anc, uint32_t node)
{
    return anc <= node && node <= d->n[anc].end;
}

static uint32_t element_children(const dom *d, uint32_t i)
{
    uint32_t n = 0;
    for (uint32_t c = d->n[i].first_child; c; c = d->n[c].next) n += d->n[c].tag != TAG_TEXT;
    return n;
}

static uint32_t pick_top(ctx *x)
{
    const dom *d = x->d;
    enum { TOPN = 5 };
    uint32_t top[TOPN] = {0};
    for (size_t i = 1; i < x->n; i++) {
        if (!(x->flag[i] & F_SCORED)) continue;
        for (int k = 0; k < TOPN; k++) {
            if (!top[k] || x->score[i] > x->score[top[k]]) {
                memmove(top + k + 1, top + k, (TOPN - 1 - k) * sizeof top[0]);
                top[k] = (uint32_t)i;
                break;
            }
        }
    }
    uint32_t best = top[0];
    if (!best) return 0;

    /* several near-best candidates inside one ancestor that scores near the
     * best itself: the ancestor (one that links dilute, such as a page
     * wrapper holding the article and a sidebar of teasers, is not) */
    int alts = 0;
    for (int k = 1; k < TOPN; k++)
        if (top[k] && x->score[top[k]] >= 0.75f * x->score[best]) alts++;
    if (alts >= 3) {
        for (uint32_t p = d->n[best].parent; p && d->n[p].tag != TAG_BODY; p = d->n[p].parent) {
            int inside = 0;
            for (int k = 1; k < TOPN; k++)
                if (top[k] && x->score[top[k]] >= 0.75f * x->score[best] && is_ancestor(d, p, top[k]))
                    inside++;
            if (inside >= 3) {
                if (x->score[p] >= 0.75f * x->score[best]) best = p;
                break;
            }
        }
    }
    /* a parent scoring higher is the better container */
    float last = x->score[best], threshold = last / 3;
    for (uint32_t p = d->n[best].parent; p && d->n[p].tag != TAG_BODY && d->n[p].tag != TAG_HTML;
         p = d->n[p].parent) {
        if (!(x->flag[p] & F_SCORED)) continue;
        if (x->score[p] < threshold) break;
        if (x->score[p] > last) {
            best = p;
            break;
        }
        last = x->score[p];
    }
    /* a container chosen for its class or id while one element inside holds
     * its paragraphs (and more of their score): that element */
    uint32_t inner = 0;
    for (uint32_t k = best + 1; k <= d->n[best].end; k++)
        if ((x->flag[k] & F_SCORED) && x->bscore[k] > x->bscore[best] &&
            x->pchars[k] >= 0.75 * x->pchars[best] && (!inner || x->bscore[k] > x->bscore[inner]))
            inner = k;
    if (inner) best = inner;
    /* an only child stands for its parent */
    for (uint32_t p = d->n[best].parent; p && d->n[p].tag != TAG_BODY && d->n[p].tag != TAG_HTML &&
                                         element_children(d, p) == 1;
         p = d->n[p].parent)
        best = p;
    return best;
}

static int same_class(const dom *d, uint32_t a, uint32_t b)
{
    size_t na, nb;
    const char *ca = dom_attr_get(d, a, AT_CLASS, &na), *cb = dom_attr_get(d, b, AT_CLASS, &nb);
    return ca && cb && na && na == nb && !memcmp(ca, cb, na);
}

/* The top candidate and siblings that belong with it get F_SELECTED. */
static void select_article(ctx *x, uint32_t top)
{
    const dom *d = x->d;
    uint32_t parent = d->n[top].parent;
    float threshold = fmaxf(10.0f, x->score[top] * 0.2f);
    for (uint32_t s = d->n[parent].first_child; s; s = d->n[s].next) {
        int take = s == top;
        if (!take && !(x->flag[s] & F_JUNK) && d->n[s].tag != TAG_TEXT) {
            float bonus = same_class(d, s, top) ? x->score[top] * 0.2f : 0.0f;
            if ((x->flag[s] & F_SCORED) && x->score[s] + bonus >= threshold) take = 1;
            else if (d->n[s].tag == TAG_P) {
                double ld = link_density(x, s);
                uint32_t len = x->c[s].chars;
                if (len > 80 && ld < 0.25) take = 1;
                else if (len > 0 && len <= 80 && ld == 0) {
                    /* a short paragraph ending a sentence */
                    sbuf b = {0};
                    dom_subtree_text(d, s, &b);
                    take = b.s && (strstr(b.s, ". ") || (b.len && (b.s[b.len - 1] == '.')));
                    free(b.s);
                }
            }
        }
        if (take)
            for (uint32_t k = s; k <= d->n[s].end; k++) x->flag[k] |= F_SELECTED;
    }
}

/* ------------------------------------------------------------------ */
/* Cleaning inside the article                                         */
/* ------------------------------------------------------------------ */

static int is_list_like(const ctx *x, uint32_t i)
{
    int t = x->d->n[i].tag;
    if (t == TAG_UL || t == TAG_OL) return 1;
    /* a box whose text is mostly list items */
    uint32_t li_chars = 0;
    for (uint32_t k = i + 1; k <= x->d->n[i].end; k++)
        if (x->d->n[k].tag == TAG_LI && !(x->flag[k] & F_JUNK)) {
            li_chars += x->c[k].chars;
            k = x->d->n[k].end;
        }
    return x->c[i].chars && li_chars > 0.9 * x->c[i].chars;
}

static int should_remove(const ctx *x, uint32_t i, int rules)
{
    const dom *d = x->d;
    const counts *c = &x->c[i];
    int w = (rules & RULE_WEIGHT) ? x->weight[i] * CLASS_WEIGHT : 0;
    float score = (x->flag[i] & F_SCORED) ? x->score[i] : 0.0f;
    if (w + score < 0) return 1;
    if (c->commas >= 10) return 0;
    int list = is_list_like(x, i);
    int p = (int)c->p, img = (int)c->img, li = (int)c->li - 100, input = (int)c->input;
    double ld = link_density(x, i);
    double heading = c->chars ? (double)c->heading_chars / c->chars : 0.0;
    int in_figure = 0;
    for (uint32_t a = d->n[i].parent; a; a = d->n[a].parent)
        if (d->n[a].tag == TAG_FIGURE) in_figure = 1;
    if (img > 1 && (double)p / img < 0.5 && !in_figure) return 1;
    if (!list && li > p) return 1;
    if (input > p / 3) return 1;
    if (!list && heading < 0.9 && c->chars < 25 && (img == 0 || img > 2) && !in_figure) return 1;
    if (!list && w < 25 && ld > 0.2) return 1;
    if (w >= 25 && ld > 0.5) return 1;
    if ((c->embed == 1 && c->chars < 75) || c->embed > 1) return 1;
    if (list && ld > 0.5) return 1; /* lists of links: related stories, tags */
    return 0;
}

static void clean_article(ctx *x, int rules)
{
    const dom *d = x->d;
    for (size_t i = 1; i < x->n; i++) {
        if (!(x->flag[i] & F_SELECTED) || (x->flag[i] & (F_JUNK | F_REMOVED))) continue;
        int t = d->n[i].tag;
        if (t != TAG_DIV && t != TAG_SECTION && t != TAG_UL && t != TAG_OL && t != TAG_TABLE &&
            t != TAG_FORM && t != TAG_FIELDSET && t != TAG_ASIDE && t != TAG_OTHER && t != TAG_DL)
            continue;
        if (!(rules & RULE_CLEAN)) continue;
        /* the container of the article itself stays */
        if (!(x->flag[d->n[i].parent] & F_SELECTED)) continue;
        if (should_remove(x, (uint32_t)i, rules)) {
            for (uint32_t k = (uint32_t)i; k <= d->n[i].end; k++) x->flag[k] |= F_REMOVED;
            i = d->n[i].end;
        }
    }
}

/* ------------------------------------------------------------------ */
/* One pass                                                            */
/* ------------------------------------------------------------------ */

static char *emit(ctx *x, size_t *paragraphs)
{
    const dom *d = x->d;
    sbuf out = {0};
    *paragraphs = 0;
    for (size_t k = 0; k < x->nblocks; k++) {
        const block *b = &x->blocks[k];
        if (!(x->flag[b->owner] & F_SELECTED) || (x->flag[b->owner] & F_REMOVED)) continue;
        int t = d->n[b->owner].tag;
        if (t == TAG_H1) continue; /* the title */
        if (b->link_chars * 2 > b->chars && b->chars < 200) continue;
        if (out.len) sb_add(&out, "\n\n", 2);
        sb_add(&out, x->text.s + b->off, b->len);
        (*paragraphs)++;
    }
    return sb_take(&out);
}

static char *one_pass(ctx *x, int rules, size_t *paragraphs, size_t *chars)
{
    for (size_t i = 0; i < x->n; i++) {
        x->flag[i] &= (uint8_t)(F_LINK | F_TAGJUNK);
        if (x->flag[i] & F_TAGJUNK) x->flag[i] |= F_JUNK;
        x->score[i] = 0;
        x->bscore[i] = 0;
        x->pchars[i] = 0;
    }
    count_all(x);
    mark_class_junk(x, rules);
    count_all(x);
    make_blocks(x);
    score_blocks(x, rules);
    uint32_t top = pick_top(x);
    if (!top) {
        /* no paragraph anywhere: all the text of the body */
        for (size_t i = 0; i < x->n; i++) x->flag[i] |= F_SELECTED;
    } else {
        select_article(x, top);
        clean_article(x, rules);
    }
    char *body = emit(x, paragraphs);
    *chars = 0;
    if (body) {
        uint32_t dummy = 0;
        *chars = count_chars(body, strlen(body), &dummy);
    }
    return body;
}

void web_extract_body(const dom *d, web_article *a, const char *jsonld_body)
{
    (void)jsonld_body;
    ctx x;
    memset(&x, 0, sizeof x);
    x.d = d;
    x.n = d->count;
    x.flag = calloc(x.n, 1);
    x.weight = calloc(x.n, 1);
    x.strong = calloc(x.n, 1);
    x.pos = calloc(x.n, 1);
    x.c = calloc(x.n, sizeof *x.c);
    x.score = calloc(x.n, sizeof *x.score);
    x.bscore = calloc(x.n, sizeof *x.bscore);
    x.pchars = calloc(x.n, sizeof *x.pchars);
    if (!x.flag || !x.weight || !x.strong || !x.pos || !x.c || !x.score || !x.bscore || !x.pchars) goto done;
    mark_tag_junk(&x);
    static const int passes[] = {RULE_STRIP | RULE_WEIGHT | RULE_CLEAN, RULE_WEIGHT | RULE_CLEAN,
                                 RULE_CLEAN, 0};
    char *best = NULL;
    size_t best_chars = 0, best_pars = 0;
    for (size_t p = 0; p < sizeof passes / sizeof passes[0]; p++) {
        size_t pars, chars;
        char *body = one_pass(&x, passes[p], &pars, &chars);
        if (body && chars > best_chars) {
            free(best);
            best = body;
            best_chars = chars;
            best_pars = pars;
        } else {
            free(body);
        }
        if (best_chars >= ENOUGH_CHARS || x.oom) break;
    }
    a->body = best;
    a->paragraphs = best_pars;
done:
    free(x.flag);
    free(x.weight);
    free(x.strong);
    free(x.pos);
    free(x.c);
    free(x.score);
    free(x.bscore);
    free(x.pchars);
    free(x.blocks);
    free(x.text.s);
}
