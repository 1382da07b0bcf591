/*
 * extract.c - one HTML page into an article record: decode (charset.c),
 * parse (parse.c), metadata (meta.c), main text (content.c).
 */
#include <stdlib.h>
#include <string.h>

#include "web_internal.h"

void web_limits_default(web_limits *lim)
{
    lim->max_bytes = WEB_MAX_PAGE_BYTES;
    lim->max_elements = WEB_MAX_ELEMENTS;
    lim->max_depth = WEB_MAX_DEPTH;
    lim->max_attributes = WEB_MAX_ATTRIBUTES;
}

void web_article_free(web_article *a)
{
    if (!a) return;
    free(a->id);
    free(a->title);
    free(a->body);
    free(a->date);
    free(a->author);
    free(a->source);
    free(a->category);
    free(a->url);
    memset(a, 0, sizeof *a);
}

int web_extract(const web_page *page, const web_limits *lim, web_article *out, web_error *err)
{
    web_limits def;
    if (!lim) {
        web_limits_default(&def);
        lim = &def;
    }
    memset(out, 0, sizeof *out);
    if (err) {
        err->msg[0] = '\0';
        err->offset = -1;
    }
    if (page->len > lim->max_bytes) {
        web_set_error(err, (long long)lim->max_bytes, "page is %zu bytes, over the limit of %zu",
                      page->len, lim->max_bytes);
        return -1;
    }
    char *html = NULL;
    size_t html_len = 0;
    if (web_decode_page(page->bytes, page->len, page->content_type, out, &html, &html_len, err))
        return -1;
    dom d;
    dom_init(&d, lim);
    int rc = -1;
    if (d.oom) {
        web_set_error(err, -1, "out of memory");
        goto done;
    }
    if (web_parse_html(html, html_len, lim, &d, out, err)) goto done;
    char *ld_body = web_extract_meta(&d, page, out);
    web_extract_body(&d, out, ld_body);
    free(ld_body);
    if (!out->body) {
        web_set_error(err, -1, "no article text found (%zu elements parsed)", out->elements);
        goto done;
    }
    rc = 0;
done:
    dom_free(&d);
    free(html);
    if (rc) {
        web_note notes[WEB_MAX_NOTES];
        size_t nn = out->n_notes;
        memcpy(notes, out->notes, sizeof notes);
        web_article_free(out);
        /* the notes say why the page came out empty (limits, charset) */
        memcpy(out->notes, notes, sizeof notes);
        out->n_notes = nn;
    }
    return rc;
}
