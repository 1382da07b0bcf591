/*
 * fuzz_ingest.c - libFuzzer target for the article readers of
 * `fahras index` (src/cli/ingest.c): JSON Lines, one-article .txt files,
 * format sniffing, gzip, directories, and the repeated-headline check.
 *
 * ingest.c reads only from paths (zlib's gzopen, which also decodes gzip
 * detected from the data), so the input is written to a file in a private
 * temporary directory (TMPDIR, else /tmp) and that path is read.  The
 * first input byte picks how:
 *   bits 0-1  the file name: in.jsonl, in.txt, in (format sniffed from
 *             the data), or a directory holding a.jsonl (its walk)
 *   bit 2     the rest of the input is written gzip-compressed (.gz name);
 *             without it, gzip-looking bytes are read as they come
 *   bits 3-4  the document callback asks to stop at the 1st, 2nd or 3rd
 *             document (0: never)
 * Invariants checked: every document has an id of 1..FH_MAX_ID_BYTES
 * bytes and a non-blank body; its fields are valid UTF-8 and readable to
 * their length (ASan sees stray pointers); extra fields are valid JSON; a
 * document or a rejected record names a line >= 1 and the file read; a
 * rejection message is non-empty; ingest_path returns 0, -1 or the stop
 * value.  The input is also split at its second byte into a headline and
 * a body for ingest_skip_repeated_title, whose answer must lie inside the
 * body.
 *
 * Build with `make fuzz FUZZ_TARGET=ingest`; fuzz/replay.c replays the
 * corpus fuzz/corpus/ingest without libFuzzer (run by tests/sqlite/run.sh).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <zlib.h>

#include "fahras.h"
#include "ingest.h"

static char dir[4096];     /* private temporary directory */
static char written[4200]; /* the file written for the current input */
static char subdir[4200];  /* dir/d, for the directory walk */

static void cleanup(void)
{
    if (written[0]) unlink(written);
    if (subdir[0]) rmdir(subdir);
    if (dir[0]) rmdir(dir);
}

static const fahras_analyzer *setup(void)
{
    static fahras_analyzer *an;
    if (an) return an;
    fahras_options o;
    fahras_error e;
    fahras_options_default(&o);
    an = fahras_analyzer_new(&o, &e);
    if (!an) abort();
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/fahras-fuzz-ingest-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror(dir);
        abort();
    }
    snprintf(subdir, sizeof subdir, "%s/d", dir);
    if (mkdir(subdir, 0700)) {
        perror(subdir);
        abort();
    }
    atexit(cleanup);
    return an;
}

typedef struct run {
    const char *path; /* what ingest_path was given */
    int docs, stop_at;
    int bads;
} run;

static void touch(const char *p, size_t n)
{
    volatile unsigned sum = 0;
    for (size_t i = 0; i < n; i++) sum += (unsigned char)p[i];
    (void)sum;
}

/* A field: NULL with length 0, or readable and valid UTF-8. */
static void check_field(const char *p, size_t n)
{
    if (!p) {
        if (n) abort();
        return;
    }
    touch(p, n);
    if (fahras_utf8_check(p, n, NULL) != FAHRAS_OK) abort();
}

static void check_where(const run *r, const ingest_where *w)
{
    if (!w || !w->file || w->line < 1) abort();
    /* the file itself, or one inside the directory given */
    if (strncmp(w->file, r->path, strlen(r->path))) abort();
}

static int on_doc(void *ctx, const fh_doc *d, const ingest_where *w)
{
    run *r = ctx;
    check_where(r, w);
    if (!d->id || d->id_len == 0 || d->id_len > FH_MAX_ID_BYTES) abort();
    touch(d->id, d->id_len);
    if (!d->body || d->body_len == 0) abort();
    size_t k = 0;
    while (k < d->body_len && strchr(" \t\r\n\f\v", d->body[k]) && d->body[k]) k++;
    if (k == d->body_len) abort(); /* blank bodies are rejected */
    check_field(d->body, d->body_len);
    check_field(d->title, d->title_len);
    check_field(d->date, d->date_len);
    check_field(d->source, d->source_len);
    check_field(d->category, d->category_len);
    check_field(d->url, d->url_len);
    if (d->extra_json) {
        if (d->extra_json_len != strlen(d->extra_json)) abort();
        json_error_t je;
        json_t *x = json_loadb(d->extra_json, d->extra_json_len, 0, &je);
        if (!json_is_object(x) || json_object_size(x) == 0) abort();
        json_decref(x);
    } else if (d->extra_json_len) {
        abort();
    }
    return ++r->docs == r->stop_at ? 7 : 0;
}

static void on_bad(void *ctx, const ingest_where *w, const char *msg)
{
    run *r = ctx;
    check_where(r, w);
    if (!msg || !msg[0]) abort();
    touch(msg, strlen(msg));
    r->bads++;
}

static int write_input(const char *path, const uint8_t *p, size_t n, int gz)
{
    if (gz) {
        gzFile g = gzopen(path, "wb");
        if (!g) return -1;
        int ok = n == 0 || gzwrite(g, p, (unsigned)n) == (int)n;
        return gzclose(g) == Z_OK && ok ? 0 : -1;
    }
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    int ok = n == 0 || fwrite(p, 1, n, f) == n;
    return fclose(f) == 0 && ok ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const fahras_analyzer *an = setup();
    if (size < 1) return 0;
    int mode = data[0];
    const uint8_t *p = data + 1;
    size_t n = size - 1;

    /* headline / body split at the second byte's proportion */
    if (n >= 1) {
        size_t cut = (size_t)p[0] * (n - 1) / 255;
        const char *t = (const char *)p + 1, *b = t + cut;
        size_t skip = ingest_skip_repeated_title(an, t, cut, b, n - 1 - cut);
        if (skip >= n - 1 - cut && skip != 0) abort();
    }

    static const char *const names[] = {"in.jsonl", "in.txt", "in", "d/a.jsonl"};
    int gz = (mode >> 2) & 1, form = mode & 3;
    char path[4300];
    snprintf(written, sizeof written, "%s/%s%s", dir, names[form], gz ? ".gz" : "");
    if (write_input(written, p, n, gz)) {
        perror(written);
        abort();
    }
    if (form == 3) snprintf(path, sizeof path, "%s", subdir);
    else snprintf(path, sizeof path, "%s", written);
    run r = {path, 0, (mode >> 3) & 3, 0};
    int rc = ingest_path(path, an, on_doc, on_bad, &r);
    if (rc != 0 && rc != -1 && rc != 7) abort();
    if (rc == 7 && r.docs != r.stop_at) abort();
    if (r.stop_at && r.docs > r.stop_at) abort(); /* kept reading after stop */
    unlink(written);
    written[0] = '\0';
    return 0;
}
