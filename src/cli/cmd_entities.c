/*
 * cmd_entities.c - `fahras entities [--json] [--date YYYY-MM-DD] FILE...`:
 * the named entities, dates, numbers, ordinals and counts of articles, read
 * by the same readers as `fahras index` (JSON, CSV, TSV, .txt, HTML, WARC),
 * with byte offsets into each article's body (spans.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "readers.h"
#include "spans.h"

typedef struct ent_run {
    int json;
    const char *date; /* --date: the reference of articles without a date */
    fahras_analyzer *an;
    fahras_tagger *tagger;
    fahras_tag_memo *memo; /* the tagger's words and workspace, kept between articles */
    fh_spans spans;
    long articles, skipped;
    int out_failed;
} ent_run;

static const char *const precision_names[] = {"", "year", "month", "day"};

static void put_tsv_field(const char *s, size_t n)
{
    putchar('\t');
    cli_put_escaped(stdout, s, n, 0);
}

static void print_text(const ent_run *r, const rd_doc *d, const rd_where *w)
{
    printf("== %s:%zu\t", w->file, w->line);
    cli_put_escaped(stdout, d->doc.id, d->doc.id_len, 0);
    putchar('\n');
    const char *body = d->doc.body;
    for (size_t i = 0; i < r->spans.n; i++) {
        const fahras_span *s = &r->spans.v[i];
        printf("%zu\t%zu\t%s", d->body_skipped + s->start, d->body_skipped + s->end,
               fahras_span_type_name(s->type));
        put_tsv_field(body + s->start, s->end - s->start);
        put_tsv_field(s->key, s->key_len);
        put_tsv_field(s->value, s->value_len);
        put_tsv_field(s->unit, s->unit_len);
        put_tsv_field(s->hijri, s->hijri_len);
        putchar('\n');
    }
}

static void json_member(const char *name, const char *s, size_t n)
{
    printf(",\"%s\":", name);
    cli_json_string(stdout, s, n);
}

static void print_json(const ent_run *r, const rd_doc *d, const rd_where *w, const char *ref)
{
    fputs("{\"file\":", stdout);
    cli_json_string(stdout, w->file, strlen(w->file));
    printf(",\"line\":%zu", w->line);
    json_member("id", d->doc.id, d->doc.id_len);
    fputs(",\"date\":", stdout);
    if (ref) cli_json_string(stdout, ref, strlen(ref));
    else fputs("null", stdout);
    fputs(",\"spans\":[", stdout);
    const char *body = d->doc.body;
    /* names of the dateline: the store's entity rows leave them out */
    size_t dateline = fahras_dateline_end(body, d->doc.body_len);
    for (size_t i = 0; i < r->spans.n; i++) {
        const fahras_span *s = &r->spans.v[i];
        printf("%s{\"start\":%zu,\"end\":%zu,\"type\":\"%s\"", i ? "," : "", d->body_skipped + s->start,
               d->body_skipped + s->end, fahras_span_type_name(s->type));
        if (fh_span_in_dateline(s, 0, dateline)) fputs(",\"dateline\":true", stdout);
        json_member("surface", body + s->start, s->end - s->start);
        json_member("key", s->key, s->key_len);
        fputs(",\"value\":", stdout);
        if (s->value_len) cli_json_string(stdout, s->value, s->value_len);
        else fputs("null", stdout);
        if (s->type == FAHRAS_SPAN_DATE && s->precision > 0 && s->precision <= 3)
            printf(",\"precision\":\"%s\"", precision_names[s->precision]);
        if (s->unit_len) json_member("unit", s->unit, s->unit_len);
        if (s->hijri_len) json_member("hijri", s->hijri, s->hijri_len);
        putchar('}');
    }
    fputs("]}\n", stdout);
}

static int on_doc(void *ctx, const rd_doc *d, const rd_where *w)
{
    ent_run *r = ctx;
    const fh_doc *doc = &d->doc;
    size_t bad;
    if (fahras_utf8_check(doc->body, doc->body_len, &bad) != FAHRAS_OK) {
        cli_err("fahras entities: %s:%zu: id \"%.*s\": invalid UTF-8 at byte %zu of the body; skipped",
                w->file, w->line, (int)(doc->id_len > 80 ? 80 : doc->id_len), doc->id, bad);
        r->skipped++;
        return 0;
    }
    /* the article's own date, else --date; NULL: the latest date in the text */
    char ref[FAHRAS_DATE_MAX + 1];
    const char *use = NULL;
    if (doc->date && doc->date_len && doc->date_len < sizeof ref) {
        memcpy(ref, doc->date, doc->date_len);
        ref[doc->date_len] = '\0';
        use = ref;
    } else if (r->date) {
        use = r->date;
    }
    fahras_error err;
    int rc = fh_spans_find(r->tagger, r->memo, r->an, doc->body, doc->body_len, use, &r->spans, &err);
    if (rc != FAHRAS_OK) {
        cli_err("fahras entities: %s:%zu: id \"%.*s\": %s (byte %zu of the body)", w->file, w->line,
                (int)(doc->id_len > 80 ? 80 : doc->id_len), doc->id, err.message, err.offset);
        r->skipped++;
        return rc == FAHRAS_ERR_NOMEM ? 1 : 0;
    }
    r->articles++;
    if (r->json) print_json(r, d, w, use);
    else print_text(r, d, w);
    if (ferror(stdout)) {
        r->out_failed = 1;
        return 1;
    }
    return 0;
}

static void on_note(void *ctx, rd_note_kind kind, const rd_where *w, const char *msg)
{
    ent_run *r = ctx;
    static const char *const what[] = {"skipped: ", "", "", "note: ", ""};
    if (w->line) cli_err("fahras entities: %s:%zu: %s%s", w->file, w->line, what[kind], msg);
    else cli_err("fahras entities: %s: %s%s", w->file, what[kind], msg);
    if (kind == RD_SKIPPED || kind == RD_UNREADABLE) r->skipped++;
}

static void usage(FILE *f)
{
    fputs("usage: fahras entities [--json] [--date YYYY-MM-DD] [--format NAME] FILE...\n"
          "The named entities (PER, ORG, LOC, MISC), dates (DATE), numbers (NUMBER),\n"
          "ordinals (ORDINAL) and counts (COUNT) of articles, read as `fahras index`\n"
          "reads them (JSON, CSV, TSV, .txt, HTML, WARC, directories, - for stdin).\n"
          "Offsets are bytes into each article's body field, decoded (a first line\n"
          "repeating the headline is not read, but its bytes are counted).\n"
          "\n"
          "  --json       one JSON object an article: file, line, id, date (the\n"
          "               reference of relative dates, or null), spans: [{start, end,\n"
          "               type, surface, key, value, [precision,] [unit,] [hijri]}]\n"
          "  --date D     relative dates (أمس, آذار الماضي, يوم الأربعاء) of articles\n"
          "               without a date resolve against D; an article's own date comes\n"
          "               first; with neither, the latest explicit date of its text\n"
          "  --format F   read every input as F\n"
          "\n"
          "Text output: a line \"== FILE:LINE<TAB>ID\" an article, then one span a line:\n"
          "START END TYPE SURFACE KEY VALUE UNIT HIJRI (tab-separated).  Values: dates\n"
          "YYYY-MM-DD, YYYY-MM or YYYY, ranges start/end (both inclusive), AH1436-09\n"
          "where no Gregorian value exists; numbers as decimal strings; a percentage\n"
          "has unit %; a count has its counted noun as unit and that noun's key.\n"
          "\n"
          "Exit status: 0 all read, 1 some records skipped (reported on stderr with\n"
          "file:line), 2 usage error, 3 failure.\n",
          f);
}

enum { OPT_HELP, OPT_JSON, OPT_DATE, OPT_FORMAT };

static const cli_opt ent_opts[] = {
    {"help", 'h', 0, OPT_HELP},
    {"json", 0, 0, OPT_JSON},
    {"date", 0, 1, OPT_DATE},
    {"format", 0, 1, OPT_FORMAT},
    {NULL, 0, 0, 0},
};

typedef struct ent_args {
    int help, json;
    const char *date, *format;
} ent_args;

static int on_ent_opt(void *ctx, int id, const char *spelled, const char *value)
{
    ent_args *a = ctx;
    char iso[FAHRAS_DATE_MAX];
    fahras_error err;
    switch (id) {
    case OPT_HELP: a->help = 1; return 0;
    case OPT_JSON: a->json = 1; return 0;
    case OPT_DATE:
        if (fahras_date_normalize(value, strlen(value), FAHRAS_DATE_STRICT, iso, sizeof iso, NULL,
                                  &err) != FAHRAS_OK) {
            cli_err("fahras entities: %s: %s", spelled, err.message);
            return -1;
        }
        a->date = value;
        return 0;
    default: {
        char msg[200];
        if (rd_format_check(value, msg, sizeof msg)) {
            cli_err("fahras entities: --format: %s", msg);
            return -1;
        }
        a->format = value;
        return 0;
    }
    }
}

int cmd_entities(int argc, char **argv)
{
    ent_args a = {0};
    cli_args pos;
    if (cli_parse_args("entities", ent_opts, argc, argv, on_ent_opt, &a, &pos)) {
        cli_args_free(&pos);
        return EXIT_USAGE;
    }
    if (a.help || !pos.npos) {
        usage(a.help ? stdout : stderr);
        cli_args_free(&pos);
        return a.help ? EXIT_OK : EXIT_USAGE;
    }
    if (cli_check_inputs("entities", pos.pos, pos.npos)) {
        cli_args_free(&pos);
        return EXIT_USAGE;
    }
    ent_run r = {a.json, a.date, NULL, NULL, NULL, {0}, 0, 0, 0};
    fahras_error err;
    int status = EXIT_FAIL;
    if (!(r.an = fahras_analyzer_new(NULL, &err)) || !(r.tagger = fahras_tagger_new(r.an, &err)) ||
        !(r.memo = fahras_tag_memo_new(&err))) {
        cli_err("fahras entities: %s", err.message);
        goto out;
    }
    rd_config cfg = {r.an, a.format, NULL, on_doc, on_note, &r, NULL};
    rd_run *rr = rd_run_new(&cfg);
    if (!rr) {
        cli_err("fahras entities: out of memory");
        goto out;
    }
    int fatal = 0;
    for (int i = 0; i < pos.npos && !fatal; i++)
        if (rd_run_path(rr, pos.pos[i]) != 0) fatal = 1;
    rd_run_free(rr);
    if (fflush(stdout) || r.out_failed) cli_err("fahras entities: cannot write the output");
    else if (!fatal) status = r.skipped ? EXIT_SOME_BAD : EXIT_OK;
out:
    fh_spans_free(&r.spans);
    fahras_tag_memo_free(r.memo);
    fahras_tagger_free(r.tagger);
    fahras_analyzer_free(r.an);
    cli_args_free(&pos);
    return status;
}
