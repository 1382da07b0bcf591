/*
 * fuzz_ingest.c - libFuzzer target for the article readers of
 * `fahras index` (src/readers): JSON (lines, arrays, objects one after
 * another), CSV, TSV, one-article .txt files, format sniffing, gzip,
 * directory walks (with a link loop and a second link to a file), field
 * mapping, and the repeated-headline check.
 *
 * The readers read only from paths, so the input is written to a file in
 * a private temporary directory (TMPDIR, else /tmp) and that path is read.
 * The first input byte picks how:
 *   bits 0-1  the file name: in.jsonl, in.txt, in (format sniffed from
 *             the data), or a directory holding a.jsonl (its walk; the
 *             directory also holds loop -> . and b.jsonl -> a.jsonl)
 *   bit 2     the rest of the input is written gzip-compressed (.gz name);
 *             without it, gzip-looking bytes are read as they come
 *   bits 3-4  the document callback asks to stop at the 1st, 2nd or 3rd
 *             document (0: never)
 *   bits 5-6  another ending for the name: .json, .csv or .tsv (0: keep)
 *   bit 7     --map id=key,title=headline,body=text
 * Invariants checked: every document has an id of 1..FH_MAX_ID_BYTES
 * bytes of valid UTF-8 and a non-blank body; its fields are valid UTF-8
 * and readable to their length (ASan sees stray pointers); extra fields
 * are a JSON object; a .txt file's id is its name without .txt and .gz; a
 * document is flagged duplicate exactly when its id
 * came before in the run; every place names the file read, with a line
 * for records; a note's message is non-empty; the run returns 0, the stop
 * value or RD_FATAL; no file is read twice.  The input is also split at
 * its second byte into a headline and a body for rd_skip_repeated_title,
 * whose answer must lie inside the body.
 *
 * Build with `make fuzz FUZZ_TARGET=ingest`; fuzz/replay.c replays the
 * corpus fuzz/corpus/ingest without libFuzzer (run by tests/readers/run.sh).
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
#include "readers.h"

static char dir[4096];     /* private temporary directory */
static char written[4200]; /* the file written for the current input */
static char subdir[4200];  /* dir/d, for the directory walk */
static char links[2][4300];

static void cleanup(void)
{
    if (written[0]) unlink(written);
    for (int i = 0; i < 2; i++)
        if (links[i][0]) unlink(links[i]);
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
    snprintf(links[0], sizeof links[0], "%s/loop", subdir);
    snprintf(links[1], sizeof links[1], "%s/b.jsonl", subdir);
    if (symlink(".", links[0]) || symlink("a.jsonl", links[1])) {
        perror(subdir);
        abort();
    }
    atexit(cleanup);
    return an;
}

typedef struct run {
    const char *path; /* what rd_run_path was given */
    int txt_id_in;    /* in.txt, read as text: every id is "in" */
    int docs, stop_at;
    int notes;
    char *ids[64]; /* ids passed on so far (the first 64) */
    int nids;
    int past_ids;  /* more ids than kept: duplicate flags not checked */
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

static void check_where(const run *r, const rd_where *w, int need_line)
{
    if (!w || !w->file || (need_line && w->line < 1)) abort();
    /* the file itself, or one inside the directory given */
    if (strncmp(w->file, r->path, strlen(r->path))) abort();
}

static void check_duplicate(run *r, const rd_doc *d)
{
    int seen = 0;
    for (int i = 0; i < r->nids; i++)
        if (strlen(r->ids[i]) == d->doc.id_len && !memcmp(r->ids[i], d->doc.id, d->doc.id_len))
            seen = 1;
    if (!r->past_ids && seen != d->duplicate) abort();
    if (seen) return;
    if (r->nids == 64 || memchr(d->doc.id, '\0', d->doc.id_len)) {
        r->past_ids = 1;
        return;
    }
    r->ids[r->nids++] = strndup(d->doc.id, d->doc.id_len);
}

static int on_doc(void *ctx, const rd_doc *rd, const rd_where *w)
{
    run *r = ctx;
    const fh_doc *d = &rd->doc;
    check_where(r, w, 1);
    if (!d->id || d->id_len == 0 || d->id_len > FH_MAX_ID_BYTES) abort();
    check_field(d->id, d->id_len);
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
    if (r->txt_id_in && !(d->id_len == 2 && !memcmp(d->id, "in", 2))) abort();
    check_duplicate(r, rd);
    return ++r->docs == r->stop_at ? 7 : 0;
}

static void on_note(void *ctx, rd_note_kind kind, const rd_where *w, const char *msg)
{
    run *r = ctx;
    if (kind != RD_SKIPPED && kind != RD_DUPLICATE && kind != RD_UNREADABLE && kind != RD_INFO &&
        kind != RD_FIELD)
        abort();
    check_where(r, w, kind == RD_SKIPPED || kind == RD_DUPLICATE || kind == RD_FIELD);
    if (!msg || !msg[0]) abort();
    touch(msg, strlen(msg));
    r->notes++;
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
        size_t skip = rd_skip_repeated_title(an, t, cut, b, n - 1 - cut);
        if (skip >= n - 1 - cut && skip != 0) abort();
    }

    static const char *const names[] = {"in.jsonl", "in.txt", "in", "d/a.jsonl"};
    static const char *const endings[] = {NULL, ".json", ".csv", ".tsv"};
    int gz = (mode >> 2) & 1, form = mode & 3, ending = (mode >> 5) & 3;
    char name[64];
    snprintf(name, sizeof name, "%s", names[form]);
    if (endings[ending]) {
        char *dot = strrchr(name, '.');
        if (dot && dot > strrchr(name, '/')) *dot = '\0';
        snprintf(name + strlen(name), sizeof name - strlen(name), "%s", endings[ending]);
    }
    char path[4300];
    snprintf(written, sizeof written, "%s/%s%s", dir, name, gz ? ".gz" : "");
    if (write_input(written, p, n, gz)) {
        perror(written);
        abort();
    }
    if (form == 3) snprintf(path, sizeof path, "%s", subdir);
    else snprintf(path, sizeof path, "%s", written);

    rd_map map;
    char err[200];
    rd_map_default(&map);
    if ((mode & 0x80) && rd_map_parse(&map, "id=key,title=headline,body=text", err, sizeof err))
        abort();
    run r;
    memset(&r, 0, sizeof r);
    r.path = path;
    r.stop_at = (mode >> 3) & 3;
    r.txt_id_in = form == 1 && !ending;
    rd_config cfg = {an, NULL, &map, on_doc, on_note, &r, NULL};
    rd_run *rr = rd_run_new(&cfg);
    if (!rr) abort();
    int rc = rd_run_path(rr, path);
    if (rc == 0 && form != 3) { /* the same file again: not read twice */
        int docs = r.docs;
        rc = rd_run_path(rr, path);
        if (r.docs != docs) abort();
    }
    rd_run_free(rr);
    if (rc != 0 && rc != RD_FATAL && rc != 7) abort();
    if (rc == 7 && r.docs != r.stop_at) abort();
    if (r.stop_at && r.docs > r.stop_at) abort(); /* kept reading after stop */
    for (int i = 0; i < r.nids; i++) free(r.ids[i]);
    unlink(written);
    written[0] = '\0';
    return 0;
}
