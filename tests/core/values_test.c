/*
 * values_test.c - tests of fahras_find_values and fahras_date_normalize
 * through the public API.
 *
 *   values_test CASES.tsv DATES.tsv   the expression and date tables, and the
 *                                     API's errors, limits and concurrency;
 *                                     prints "N passed, N failed"
 *   values_test --dump FILE [REF]     the spans of FILE, one a line:
 *                                     start end TYPE value unit hijri surface
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fahras.h"

#include "../check.h"

/* ---- spans as text ------------------------------------------------------ */

typedef struct spans {
    const char *text;
    char out[8192];
    size_t n;
    size_t count, last_end;
    int order_ok;
    int stop_after; /* abort the call after this many spans (0: never) */
} spans;

static void put(spans *s, const char *fmt, const char *p, size_t n)
{
    int k = snprintf(s->out + s->n, sizeof s->out - s->n, fmt, (int)n, p);
    if (k > 0 && s->n + (size_t)k < sizeof s->out) s->n += (size_t)k;
}

static int on_span(void *ctx, const fahras_span *sp)
{
    spans *s = ctx;
    if (sp->start < s->last_end || sp->end <= sp->start) s->order_ok = 0;
    s->last_end = sp->end;
    if (s->count++) put(s, "%.*s", " | ", 3);
    put(s, "%.*s", fahras_span_type_name(sp->type), strlen(fahras_span_type_name(sp->type)));
    put(s, " [%.*s]", s->text + sp->start, sp->end - sp->start);
    put(s, " %.*s", sp->value, sp->value_len);
    if (sp->unit_len) put(s, " unit=%.*s", sp->unit, sp->unit_len);
    if (sp->hijri_len) put(s, " hijri=%.*s", sp->hijri, sp->hijri_len);
    return s->stop_after && s->count >= (size_t)s->stop_after;
}

static int find(const fahras_analyzer *a, const char *text, size_t len, const char *ref,
                spans *s, fahras_error *err)
{
    memset(s, 0, sizeof *s);
    s->text = text;
    s->order_ok = 1;
    return fahras_find_values(a, text, len, ref, on_span, s, err);
}

/* ---- the tables ----------------------------------------------------------- */

static char *chomp(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r')) s[--n] = '\0';
    return s;
}

static void run_cases(const fahras_analyzer *a, const char *path)
{
    FILE *f = fopen(path, "r");
    CHECK(f != NULL, "cannot open %s", path);
    if (!f) return;
    char line[4096];
    int lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        chomp(line);
        if (!*line || *line == '#') continue;
        char *text = strchr(line, '\t');
        char *want = text ? strchr(text + 1, '\t') : NULL;
        CHECK(text && want, "%s:%d: expected ref<TAB>text<TAB>spans", path, lineno);
        if (!text || !want) continue;
        *text++ = '\0';
        *want++ = '\0';
        const char *ref = strcmp(line, "-") ? line : NULL;
        /* "\n" in the text is a new line (a paragraph's end) */
        for (char *r = text, *o = text;; r++, o++) {
            if (r[0] == '\\' && r[1] == 'n') *o = '\n', r++;
            else *o = *r;
            if (!*r) break;
        }
        spans s;
        fahras_error err;
        int rc = find(a, text, strlen(text), ref, &s, &err);
        CHECK(rc == FAHRAS_OK, "%s:%d: rc %d", path, lineno, rc);
        CHECK(s.order_ok, "%s:%d: spans overlap or go back", path, lineno);
        CHECK(!strcmp(s.out, want), "%s:%d: %s\n    want: %s\n    got:  %s", path, lineno, text,
              want, s.out);
    }
    fclose(f);
}

/* input<TAB>strict|lenient<TAB>expected ISO or ERR */
static void run_dates(const char *path)
{
    FILE *f = fopen(path, "r");
    CHECK(f != NULL, "cannot open %s", path);
    if (!f) return;
    char line[1024];
    int lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        chomp(line);
        if (!*line || *line == '#') continue;
        char *mode = strchr(line, '\t');
        char *want = mode ? strchr(mode + 1, '\t') : NULL;
        CHECK(mode && want, "%s:%d: expected input<TAB>mode<TAB>result", path, lineno);
        if (!mode || !want) continue;
        *mode++ = '\0';
        *want++ = '\0';
        unsigned flags = !strcmp(mode, "strict") ? FAHRAS_DATE_STRICT : 0;
        char out[FAHRAS_DATE_MAX];
        int prec = -1;
        fahras_error err;
        memset(&err, 0, sizeof err);
        int rc = fahras_date_normalize(line, strlen(line), flags, out, sizeof out, &prec, &err);
        if (!strcmp(want, "ERR")) {
            CHECK(rc == FAHRAS_ERR_DATE && *err.message && prec == FAHRAS_PREC_NONE,
                  "%s:%d: '%s' (%s) should be refused, got %d %s", path, lineno, line, mode, rc,
                  rc ? err.message : out);
        } else {
            CHECK(rc == FAHRAS_OK && !strcmp(out, want), "%s:%d: '%s' (%s): want %s, got %s",
                  path, lineno, line, mode, want, rc ? err.message : out);
            int want_prec = strlen(want) == 4 ? 1 : strlen(want) == 7 ? 2 : 3;
            CHECK(rc || prec == want_prec, "%s:%d: precision %d", path, lineno, prec);
        }
    }
    fclose(f);
}

/* ---- the API ----------------------------------------------------------------- */

static void test_errors(const fahras_analyzer *a)
{
    spans s;
    fahras_error err;
    const char *t = "في 14 أبريل 2021 قال 3 أشخاص";
    CHECK(fahras_find_values(NULL, t, strlen(t), NULL, on_span, &s, &err) == FAHRAS_ERR_ARG,
          "NULL analyzer");
    CHECK(fahras_find_values(a, NULL, 5, NULL, on_span, &s, &err) == FAHRAS_ERR_ARG, "NULL text");
    CHECK(fahras_find_values(a, t, strlen(t), NULL, NULL, &s, &err) == FAHRAS_ERR_ARG, "NULL fn");
    CHECK(find(a, NULL, 0, NULL, &s, &err) == FAHRAS_OK && s.count == 0, "empty text");
    CHECK(find(a, t, strlen(t), "yesterday", &s, NULL) == FAHRAS_ERR_ARG, "bad ref, no err");
    CHECK(find(a, t, strlen(t), "2021-02-30", &s, &err) == FAHRAS_ERR_ARG &&
              strstr(err.message, "2021-02-30"),
          "impossible ref date named: %s", err.message);
    CHECK(find(a, t, strlen(t), "2021-04-15T10:00:00+03:00", &s, &err) == FAHRAS_OK,
          "an article date with its time is a reference");
    /* invalid UTF-8: nothing delivered, the byte named */
    const char bad[] = "في 14 أبريل 2021 \xff قال";
    CHECK(find(a, bad, sizeof bad - 1, NULL, &s, &err) == FAHRAS_ERR_UTF8 && s.count == 0 &&
              err.offset == 24,
          "invalid UTF-8: rc, no span, offset %zu", err.offset);
    fahras_options o;
    fahras_options_default(&o);
    o.utf8 = FAHRAS_UTF8_REPLACE;
    fahras_analyzer *r = fahras_analyzer_new(&o, NULL);
    CHECK(find(r, bad, sizeof bad - 1, NULL, &s, &err) == FAHRAS_OK && s.count == 1,
          "utf8=replace: the date is found (%zu spans)", s.count);
    fahras_analyzer_free(r);
    /* the callback stops the call */
    memset(&s, 0, sizeof s);
    s.text = t;
    s.order_ok = 1;
    s.stop_after = 1;
    CHECK(fahras_find_values(a, t, strlen(t), "2021-04-15", on_span, &s, &err) ==
                  FAHRAS_ERR_ABORTED &&
              s.count == 1,
          "abort after one span (with a reference)");
    memset(&s, 0, sizeof s);
    s.text = t;
    s.order_ok = 1;
    s.stop_after = 1;
    CHECK(fahras_find_values(a, t, strlen(t), NULL, on_span, &s, &err) == FAHRAS_ERR_ABORTED &&
              s.count == 1,
          "abort after one span (buffered)");
    CHECK(!strcmp(fahras_strerror(FAHRAS_ERR_DATE), "not a date"), "strerror");
    /* the normalizer's arguments */
    char out[FAHRAS_DATE_MAX];
    CHECK(fahras_date_normalize("2021", 4, 0, out, 4, NULL, &err) == FAHRAS_ERR_ARG, "small cap");
    CHECK(fahras_date_normalize(NULL, 3, 0, out, sizeof out, NULL, &err) == FAHRAS_ERR_ARG, "NULL");
    CHECK(fahras_date_normalize("2021\xff", 5, 0, out, sizeof out, NULL, &err) == FAHRAS_ERR_UTF8 &&
              err.offset == 4,
          "normalizer: invalid UTF-8");
    CHECK(fahras_date_normalize("", 0, 0, out, sizeof out, NULL, &err) == FAHRAS_ERR_DATE, "empty");
}

/* The words are matched with the default folding whatever the analyzer's
 * options: the same spans (keys aside) under norm=none and stem=none. */
static void test_options(const fahras_analyzer *a)
{
    const char *t = "وقع في 14 أبريل/نيسان 2021 وأصيب خمسة وعشرون شخصا، والدورة الثالثة، 50 بالمئة";
    fahras_options o;
    fahras_options_default(&o);
    o.norm = 0;
    o.stem = FAHRAS_STEM_NONE;
    fahras_analyzer *b = fahras_analyzer_new(&o, NULL);
    spans s1, s2;
    fahras_error err;
    find(a, t, strlen(t), NULL, &s1, &err);
    find(b, t, strlen(t), NULL, &s2, &err);
    CHECK(!strcmp(s1.out, s2.out) && s1.count == 4, "options do not change spans:\n  %s\n  %s",
          s1.out, s2.out);
    fahras_analyzer_free(b);
}

/* A date across the analyzer's window of tokens is found wherever it falls. */
static void test_window(const fahras_analyzer *a)
{
    char *t = malloc(64 * 1024);
    int bad = 0;
    for (int filler = 0; filler < 700 && t; filler += 7) {
        size_t n = 0;
        for (int k = 0; k < filler; k++) n += (size_t)sprintf(t + n, "كلمة ");
        n += (size_t)sprintf(t + n, "في 14 أبريل/نيسان 2021 وصل 500 عنصر");
        spans s;
        fahras_error err;
        find(a, t, n, NULL, &s, &err);
        if (strcmp(s.out, "DATE [14 أبريل/نيسان 2021] 2021-04-14 | COUNT [500 عنصر] 500 unit=عنصر"))
            bad++;
    }
    CHECK(t && !bad, "window: %d placements lost the spans", bad);
    free(t);
}

typedef struct count_ctx { size_t n, resolved; const char *want; } count_ctx;

static int count_span(void *ctx, const fahras_span *sp)
{
    count_ctx *c = ctx;
    c->n++;
    if (sp->type == FAHRAS_SPAN_DATE && sp->value_len == strlen(c->want) &&
        !memcmp(sp->value, c->want, sp->value_len))
        c->resolved++;
    return 0;
}

/* More spans than the buffer holds: the text is read twice and relative
 * dates still resolve against its latest explicit date. */
static void test_many_spans(const fahras_analyzer *a)
{
    const char *unit = " قال أمس إن 5 أشخاص وصلوا.";
    size_t reps = 3000, ul = strlen(unit);
    const char *head = "في 14 أبريل 2021 بدأت الحملة.";
    size_t n = strlen(head) + reps * ul;
    char *t = malloc(n + 1);
    if (!t) return;
    strcpy(t, head);
    for (size_t k = 0; k < reps; k++) memcpy(t + strlen(head) + k * ul, unit, ul + 1);
    count_ctx c = {0, 0, "2021-04-13"};
    fahras_error err;
    int rc = fahras_find_values(a, t, n, NULL, count_span, &c, &err);
    CHECK(rc == FAHRAS_OK && c.n == 1 + 2 * reps && c.resolved == reps,
          "many spans: rc %d, %zu spans, %zu resolved", rc, c.n, c.resolved);
    free(t);
}

typedef struct job { const fahras_analyzer *a; const char *t; char out[8192]; } job;

static void *worker(void *p)
{
    job *j = p;
    for (int k = 0; k < 50; k++) {
        spans s;
        fahras_error err;
        find(j->a, j->t, strlen(j->t), NULL, &s, &err);
        if (k == 0) memcpy(j->out, s.out, sizeof j->out);
        else if (strcmp(j->out, s.out)) j->out[0] = '!';
    }
    return NULL;
}

static void test_threads(const fahras_analyzer *a)
{
    const char *t = "نفذت القوات ليل الأربعاء – الخميس حملة، في 14 أبريل/نيسان 2021، بقوام 500 "
                    "عنصر ونحو 50 مدرّعة، بعد عملية في 28 آذار/مارس الماضي.";
    job jobs[4];
    pthread_t th[4];
    for (int k = 0; k < 4; k++) {
        jobs[k].a = a;
        jobs[k].t = t;
        pthread_create(&th[k], NULL, worker, &jobs[k]);
    }
    for (int k = 0; k < 4; k++) pthread_join(th[k], NULL);
    int same = 1;
    for (int k = 1; k < 4; k++) same &= !strcmp(jobs[0].out, jobs[k].out);
    CHECK(same && jobs[0].out[0] != '!' && strstr(jobs[0].out, "2021-03-28"),
          "threads agree: %s", jobs[0].out);
}

/* Pathological input: work stays linear (no timing: the call returns). */
static void test_pathological(const fahras_analyzer *a)
{
    size_t n = 2 * 1024 * 1024;
    char *t = malloc(n);
    if (!t) return;
    static const char *const pieces[] = {"و", "5", " ", "-", "/", "من ", "بين ", "ألف ", "الـ"};
    for (size_t i = 0, k = 0; i < n;) {
        const char *p = pieces[k++ % 9];
        size_t l = strlen(p);
        if (i + l > n) break;
        memcpy(t + i, p, l);
        i += l;
        if (i + l > n) n = i;
    }
    count_ctx c = {0, 0, "x"};
    fahras_error err;
    CHECK(fahras_find_values(a, t, n, NULL, count_span, &c, &err) == FAHRAS_OK, "2 MB of pieces");
    memset(t, '1', n);
    CHECK(fahras_find_values(a, t, n, NULL, count_span, &c, &err) == FAHRAS_OK, "2 MB of digits");
    /* numbers glued into one run with no space: each number's check for
     * a percent sign before it once scanned back to the run's start */
    static const char *const glued[] = {"5;", "%\xd9\xa5\xd9\xa0", "14\xd8\xa3\xd8\xa8\xd8\xb1\xd9\x8a\xd9\x84" "2021"};
    for (int g = 0; g < 3; g++) {
        size_t l = strlen(glued[g]), reps = n / l;
        for (size_t k = 0; k < reps; k++) memcpy(t + k * l, glued[g], l);
        c.n = 0;
        int rc = fahras_find_values(a, t, reps * l, NULL, count_span, &c, &err);
        CHECK(rc == FAHRAS_OK && c.n >= reps / 2, "2 MB of \"%s\" glued: rc %d, %zu spans of %zu", glued[g], rc,
              c.n, reps);
    }
    free(t);
}

/* ---- --dump ----------------------------------------------------------------- */

static int dump_span(void *ctx, const fahras_span *sp)
{
    const char *text = ctx;
    printf("%zu\t%zu\t%s\t%.*s\t%.*s\t%.*s\t%.*s\n", sp->start, sp->end,
           fahras_span_type_name(sp->type), (int)sp->value_len, sp->value, (int)sp->unit_len,
           sp->unit, (int)sp->hijri_len, sp->hijri, (int)(sp->end - sp->start), text + sp->start);
    return 0;
}

static int dump(const char *path, const char *ref)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 2;
    }
    size_t cap = 1 << 20, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb) { free(buf); buf = NULL; }
            else buf = nb;
        }
    }
    fclose(f);
    if (!buf) return 2;
    fahras_analyzer *a = fahras_analyzer_new(NULL, NULL);
    fahras_error err;
    int rc = fahras_find_values(a, buf, n, ref, dump_span, buf, &err);
    if (rc) fprintf(stderr, "%s: %s\n", path, err.message);
    fahras_analyzer_free(a);
    free(buf);
    return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && !strcmp(argv[1], "--dump")) return dump(argv[2], argc > 3 ? argv[3] : NULL);
    if (argc != 3) {
        fprintf(stderr, "usage: values_test CASES.tsv DATES.tsv | --dump FILE [REF]\n");
        return 2;
    }
    fahras_analyzer *a = fahras_analyzer_new(NULL, NULL);
    run_cases(a, argv[1]);
    run_dates(argv[2]);
    test_errors(a);
    test_options(a);
    test_window(a);
    test_many_spans(a);
    test_threads(a);
    test_pathological(a);
    fahras_analyzer_free(a);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
