/*
 * fuzz_warc.c - libFuzzer target for the WARC reader (src/readers/warc.c)
 * and the extraction of the pages it yields.
 *
 * The input is the WARC file (plain or gzip: the reader tells from the
 * bytes), read from memory through fmemopen.  The first byte's bit 0 sets
 * a small payload limit (256 bytes) so that the size check is reached;
 * bit 1 reads through web_warc_open_reader in short pieces of varying
 * length instead (a stream such as standard input).
 * Invariants: web_warc_next returns END, PAGE, SKIP or FAIL; record
 * numbers never go down; a page has status 200 and a payload within the
 * limit; a skip has a message; offsets are >= 0 and within the bytes
 * decompressed; the loop ends (bounded by the input: every call consumes
 * input or ends).
 *
 * Build with `make fuzz FUZZ_TARGET=warc`; fuzz/replay.c replays
 * fuzz/corpus/warc (tests/html/run.sh).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"

typedef struct mem_src {
    const uint8_t *p;
    size_t n, pos, calls;
} mem_src;

static long read_mem(void *ctx, void *buf, size_t n)
{
    mem_src *m = ctx;
    size_t piece = 1 + (m->calls++ * 7919) % 4099; /* short reads of varying length */
    if (piece > n) piece = n;
    if (piece > m->n - m->pos) piece = m->n - m->pos;
    memcpy(buf, m->p + m->pos, piece);
    m->pos += piece;
    return (long)piece;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    size_t max = (data[0] & 1) ? 256 : 0;
    mem_src src = {data + 1, size - 1, 0, 0};
    FILE *f = NULL;
    if (!(data[0] & 2)) {
        f = fmemopen((void *)(data + 1), size - 1 ? size - 1 : 1, "rb");
        if (!f) return 0;
        if (size == 1) fgetc(f); /* an empty file */
    }
    web_warc *w = f ? web_warc_open(f, max) : web_warc_open_reader(read_mem, &src, max);
    if (!w) abort();
    long long last = 0;
    size_t calls = 0;
    for (;;) {
        web_warc_record rec;
        web_error err;
        int k = web_warc_next(w, &rec, &err);
        if (++calls > 4 * size + 16) abort(); /* no progress */
        if (k == WEB_WARC_END || k == WEB_WARC_FAIL) break;
        if (k != WEB_WARC_PAGE && k != WEB_WARC_SKIP) abort();
        if (rec.number < last) abort();
        last = rec.number;
        if (rec.offset < 0) abort();
        if (k == WEB_WARC_SKIP) {
            if (!err.msg[0]) abort();
            continue;
        }
        if (rec.status != 200 || !rec.payload) abort();
        if (rec.payload_len > (max ? max : WEB_MAX_PAGE_BYTES)) abort();
        web_page page = {rec.payload, rec.payload_len, rec.target_uri, rec.content_type};
        web_article a;
        if (web_extract(&page, NULL, &a, &err) == 0 && (!a.body || !a.body[0])) abort();
        web_article_free(&a);
    }
    web_warc_close(w);
    if (f) fclose(f);
    return 0;
}
