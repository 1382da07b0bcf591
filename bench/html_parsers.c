/*
 * html_parsers.c - the measurement behind the choice of HTML parser
 * (bench/html_parsers.sh): the same extraction (src/readers) on trees built
 * by libxml2's HTML parser (what fahras uses, src/readers/parse.c) and by
 * gumbo (Debian libgumbo-dev), over the same decoded pages.
 *
 * usage: html_parsers libxml2|gumbo extract FILE...   JSON Lines {"id", "articleBody"} on stdout,
 *                                                     CPU seconds of parsing and in all on stderr
 *        html_parsers libxml2|gumbo parse FILE       parse one file (for time/memory of hostile input)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gumbo.h>
#include <zlib.h>

#include "web_internal.h"

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len)
{
    gzFile g = gzopen(path, "rb");
    if (!g) return NULL;
    size_t cap = 1 << 20, n = 0;
    char *b = malloc(cap);
    int got;
    while (b && (got = gzread(g, b + n, (unsigned)(cap - n))) > 0) {
        n += (size_t)got;
        if (n == cap) b = realloc(b, cap *= 2);
    }
    gzclose(g);
    *len = n;
    return b;
}

/* gumbo's tree into the extractor's tree, without recursion. */
static void from_gumbo(GumboNode *root, dom *d)
{
    typedef struct { GumboNode *n; unsigned i; } frame;
    size_t cap = 1024, sp = 0;
    frame *st = malloc(cap * sizeof *st);
    st[sp++] = (frame){root, 0};
    while (sp) {
        frame *f = &st[sp - 1];
        GumboVector *kids = f->n->type == GUMBO_NODE_DOCUMENT ? &f->n->v.document.children
                                                               : &f->n->v.element.children;
        if (f->i >= kids->length) {
            if (f->n->type != GUMBO_NODE_DOCUMENT) dom_close(d);
            sp--;
            continue;
        }
        GumboNode *c = kids->data[f->i++];
        if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE || c->type == GUMBO_NODE_CDATA) {
            dom_text(d, c->v.text.text, strlen(c->v.text.text));
            continue;
        }
        if (c->type != GUMBO_NODE_ELEMENT && c->type != GUMBO_NODE_TEMPLATE) continue;
        const char *name = gumbo_normalized_tagname(c->v.element.tag);
        char other[64];
        if (!name || !*name) {
            GumboStringPiece p = c->v.element.original_tag;
            gumbo_tag_from_original_text(&p);
            snprintf(other, sizeof other, "%.*s", (int)(p.length < 63 ? p.length : 63), p.data);
            name = other;
        }
        const char *atts[2 * 64 + 1];
        size_t na = 0;
        for (unsigned k = 0; k < c->v.element.attributes.length && na < 128; k++) {
            GumboAttribute *a = c->v.element.attributes.data[k];
            atts[na++] = a->name;
            atts[na++] = a->value;
        }
        atts[na] = NULL;
        if (dom_open(d, web_tag_of(name), atts) == 1) break; /* element bound */
        if (sp == cap) st = realloc(st, (cap *= 2) * sizeof *st);
        st[sp++] = (frame){c, 0};
    }
    free(st);
}

static int run(int gumbo, const char *bytes, size_t len, web_article *a, double *parse_s)
{
    web_limits lim;
    web_limits_default(&lim);
    memset(a, 0, sizeof *a);
    web_error err;
    char *html;
    size_t hl;
    if (web_decode_page(bytes, len, NULL, a, &html, &hl, &err)) return -1;
    dom d;
    dom_init(&d, &lim);
    double t0 = cpu_now();
    if (gumbo) {
        GumboOutput *out = gumbo_parse_with_options(&kGumboDefaultOptions, html, hl);
        from_gumbo(out->document, &d);
        dom_finish(&d);
        gumbo_destroy_output(&kGumboDefaultOptions, out);
    } else if (web_parse_html(html, hl, &lim, &d, a, &err)) {
        dom_free(&d);
        free(html);
        return -1;
    }
    *parse_s += cpu_now() - t0;
    web_page page = {bytes, len, NULL, NULL};
    char *ld = web_extract_meta(&d, &page, a);
    web_extract_body(&d, a, ld);
    free(ld);
    dom_free(&d);
    free(html);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: html_parsers libxml2|gumbo extract|parse FILE...\n");
        return 2;
    }
    int gumbo = !strcmp(argv[1], "gumbo");
    web_init();
    double parse_s = 0, t0 = cpu_now();
    for (int i = 3; i < argc; i++) {
        size_t len;
        char *b = slurp(argv[i], &len);
        if (!b) continue;
        web_article a;
        if (run(gumbo, b, len, &a, &parse_s) == 0 && !strcmp(argv[2], "extract")) {
            const char *base = strrchr(argv[i], '/');
            base = base ? base + 1 : argv[i];
            size_t bl = strcspn(base, ".");
            printf("{\"id\": \"%.*s\", \"articleBody\": ", (int)bl, base);
            putchar('"');
            for (const char *p = a.body ? a.body : ""; *p; p++) {
                if (*p == '"' || *p == '\\') printf("\\%c", *p);
                else if (*p == '\n') fputs("\\n", stdout);
                else if ((unsigned char)*p < 0x20) putchar(' ');
                else putchar(*p);
            }
            puts("\"}");
        }
        web_article_free(&a);
        free(b);
    }
    fprintf(stderr, "%s: parse %.3f s, in all %.3f s (CPU)\n", argv[1], parse_s, cpu_now() - t0);
    return 0;
}
