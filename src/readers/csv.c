/*
 * csv.c - CSV and TSV articles with a header row (RFC 4180): fields
 * separated by ',' (or a tab), a field starting with '"' is quoted and
 * may hold separators, newlines and "" for a quote; CRLF or LF line ends,
 * an optional byte order mark.  TSV follows the same quoting (as Python's
 * csv module and pandas write it).  The header names the columns; the
 * article fields are read from the columns of their names (--map), every
 * other named column is kept as an extra field.  A bad row is noted with
 * its line and skipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "format.h"

enum { AT_FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED };

typedef struct csv_field {
    const char *p;
    size_t n;
} csv_field;

typedef struct csv_state {
    char delim;
    int q;                /* the scanner's state */
    int have_header;
    size_t ncols;
    int *col_field;       /* column → article field, -1: extra, -2: ignored (no name) */
    char **col_name;
    csv_field *fields;    /* the current row */
    size_t fields_cap;
    char *text;           /* unquoted field text of the current row */
    size_t text_cap;
} csv_state;

/* Where a row ends: a newline outside quotes. */
static size_t scan_row(void *st, const char *p, size_t n)
{
    csv_state *s = st;
    char d = s->delim;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        switch (s->q) {
        case AT_FIELD_START:
            if (c == '"') s->q = QUOTED;
            else if (c == '\n') return i + 1;
            else if (c != d) s->q = UNQUOTED;
            break;
        case UNQUOTED:
            if (c == d) s->q = AT_FIELD_START;
            else if (c == '\n') {
                s->q = AT_FIELD_START;
                return i + 1;
            }
            break;
        case QUOTED:
            if (c == '"') s->q = QUOTE_IN_QUOTED;
            break;
        default: /* QUOTE_IN_QUOTED */
            if (c == '"') s->q = QUOTED;
            else if (c == d) s->q = AT_FIELD_START;
            else if (c == '\n') {
                s->q = AT_FIELD_START;
                return i + 1;
            } else s->q = UNQUOTED; /* a stray character: the row is reported */
        }
    }
    return 0;
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return 0;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need) ncap *= 2;
    void *np = realloc(*p, ncap * size);
    if (!np) return -1;
    *p = np;
    *cap = ncap;
    return 0;
}

/* Byte i of the row as "byte N (column byte C)". */
static void place(const char *p, size_t i, long long off, char *out, size_t cap, size_t *line)
{
    size_t ls = 0;
    for (size_t k = 0; k < i; k++)
        if (p[k] == '\n') (*line)++, ls = k + 1;
    snprintf(out, cap, "byte %lld (column byte %zu)", off + (long long)i, i - ls + 1);
}

/* Split a row into s->fields.  Returns the count, 0 for a blank row, or
 * (size_t)-1 after noting what is wrong. */
static size_t split_row(rd_reader *r, csv_state *s, const char *p, size_t n, size_t line,
                        long long off, int at_eof)
{
    if (n && p[n - 1] == '\n') n--;
    if (n && p[n - 1] == '\r') n--;
    if (n == 0) return 0;
    if (grow((void **)&s->text, &s->text_cap, n + 1, 1)) goto oom;
    size_t nf = 0, t = 0, i = 0;
    for (;;) {
        if (grow((void **)&s->fields, &s->fields_cap, nf + 1, sizeof *s->fields)) goto oom;
        size_t start = t;
        if (i < n && p[i] == '"') {
            size_t open = i++;
            for (;;) {
                if (i >= n) {
                    char where[80];
                    size_t l = line;
                    place(p, open, off, where, sizeof where, &l);
                    rd_note(r, RD_SKIPPED, l, "the quoted field opened at %s is never closed%s",
                            where, at_eof ? " (the data ends inside it)" : "");
                    return (size_t)-1;
                }
                if (p[i] == '"') {
                    if (i + 1 < n && p[i + 1] == '"') {
                        s->text[t++] = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                s->text[t++] = p[i++];
            }
            while (i < n && (p[i] == ' ' || (p[i] == '\t' && s->delim != '\t'))) i++;
            if (i < n && p[i] != s->delim) {
                char where[80];
                size_t l = line;
                place(p, i, off, where, sizeof where, &l);
                rd_note(r, RD_SKIPPED, l, "unexpected '%c' after a closing quote at %s",
                        p[i], where);
                return (size_t)-1;
            }
        } else {
            while (i < n && p[i] != s->delim) s->text[t++] = p[i++];
        }
        s->fields[nf].p = s->text + start;
        s->fields[nf].n = t - start;
        nf++;
        if (i >= n) break;
        i++; /* the separator */
        if (i == n) { /* a separator at the end: one more, empty field */
            if (grow((void **)&s->fields, &s->fields_cap, nf + 1, sizeof *s->fields)) goto oom;
            s->fields[nf].p = s->text + t;
            s->fields[nf++].n = 0;
            break;
        }
    }
    return nf;
oom:
    rd_oom(r);
    return (size_t)-2;
}

static int is_space(char c) { return c == ' ' || c == '\t'; }

/* The header row: the columns' names → article fields. */
static int read_header(rd_reader *r, csv_state *s, size_t nf, size_t line)
{
    if (!(s->col_field = calloc(nf, sizeof *s->col_field)) ||
        !(s->col_name = calloc(nf, sizeof *s->col_name))) {
        rd_oom(r);
        return RD_FATAL;
    }
    s->ncols = nf;
    size_t found[RD_NFIELDS] = {0};
    for (size_t c = 0; c < nf; c++) {
        const char *p = s->fields[c].p;
        size_t n = s->fields[c].n;
        while (n && is_space(*p)) p++, n--;
        while (n && is_space(p[n - 1])) n--;
        if (!(s->col_name[c] = strndup(p, n))) {
            rd_oom(r);
            return RD_FATAL;
        }
        s->col_field[c] = n ? -1 : -2;
        for (size_t k = 0; n && k < c; k++)
            if (!strcmp(s->col_name[k], s->col_name[c])) {
                rd_note(r, RD_UNREADABLE, line,
                        "the header names column '%s' twice (columns %zu and %zu); the file is "
                        "skipped", s->col_name[c], k + 1, c + 1);
                return RD_PART_DONE;
            }
        for (int f = 0; n && f < RD_NFIELDS; f++)
            if (!strcmp(r->map->name[f], s->col_name[c])) {
                s->col_field[c] = f;
                found[f] = c + 1;
            }
    }
    static const int needed[] = {RD_ID, RD_BODY};
    for (size_t k = 0; k < 2; k++) {
        int f = needed[k];
        if (found[f]) continue;
        char cols[400];
        size_t used = 0;
        cols[0] = '\0';
        for (size_t c = 0; c < nf && used + 4 < sizeof cols; c++)
            used += (size_t)snprintf(cols + used, sizeof cols - used, "%s'%s'", c ? ", " : "",
                                     s->col_name[c]);
        rd_note(r, RD_UNREADABLE, line,
                "the header has no column '%s' (the %s): its columns are %s; name the column "
                "with --map %s=COLUMN; the file is skipped",
                r->map->name[f], rd_field_name(f), cols, rd_field_name(f));
        return RD_PART_DONE;
    }
    s->have_header = 1;
    return 0;
}

static int data_row(rd_reader *r, csv_state *s, size_t nf, size_t line)
{
    if (nf != s->ncols) {
        rd_note(r, RD_SKIPPED, line, "%zu fields where the header has %zu", nf, s->ncols);
        return 0;
    }
    rd_fields f;
    memset(&f, 0, sizeof f);
    json_t *rest = NULL;
    for (size_t c = 0; c < nf; c++) {
        int k = s->col_field[c];
        const char *v = s->fields[c].p;
        size_t n = s->fields[c].n;
        if (k >= 0) {
            if (n || k == RD_ID || k == RD_BODY) { /* an empty cell is no value */
                f.v[k] = v;
                f.n[k] = n;
            }
        } else if (k == -1 && n) {
            json_t *js = json_stringn(v, n);
            if (!js || (!rest && !(rest = json_object())) ||
                json_object_set_new(rest, s->col_name[c], js)) {
                json_decref(rest);
                rd_oom(r);
                return RD_FATAL;
            }
        }
    }
    if (rest) {
        f.extra = json_dumps(rest, JSON_COMPACT);
        json_decref(rest);
        if (!f.extra) {
            rd_oom(r);
            return RD_FATAL;
        }
        f.extra_len = strlen(f.extra);
    }
    return rd_emit(r, &f, line);
}

static int row_record(rd_reader *r, void *st, const char *p, size_t n, size_t line,
                      long long off, int at_eof)
{
    csv_state *s = st;
    if (!p) { /* a row too long, already noted */
        if (s->have_header) return 0;
        rd_note(r, RD_UNREADABLE, line, "no header row; the file is skipped");
        return RD_PART_DONE;
    }
    if (off == 0 && rd_has_bom(p, n)) {
        p += 3;
        n -= 3;
        off += 3;
    }
    size_t bad;
    if (fahras_utf8_check(p, n, &bad) != FAHRAS_OK) {
        char where[80];
        size_t l = line;
        place(p, bad, off, where, sizeof where, &l);
        rd_note(r, RD_SKIPPED, l, "invalid UTF-8 at %s", where);
        return 0;
    }
    const char *nul = memchr(p, '\0', n);
    if (nul) {
        char where[80];
        size_t l = line;
        place(p, (size_t)(nul - p), off, where, sizeof where, &l);
        rd_note(r, RD_SKIPPED, l, "NUL byte at %s", where);
        return 0;
    }
    size_t nf = split_row(r, s, p, n, line, off, at_eof);
    if (nf == (size_t)-2) return RD_FATAL;
    if (nf == (size_t)-1) {
        if (!s->have_header) {
            rd_note(r, RD_UNREADABLE, line, "the header row is malformed; the file is skipped");
            return RD_PART_DONE;
        }
        return 0;
    }
    if (nf == 0) return 0; /* a blank line */
    if (!s->have_header) return read_header(r, s, nf, line);
    return data_row(r, s, nf, line);
}

int rd_read_delimited(rd_reader *r, char delim)
{
    csv_state s;
    memset(&s, 0, sizeof s);
    s.delim = delim;
    int rc = rd_records(r, scan_row, row_record, &s, "row");
    if (rc == RD_PART_DONE) rc = 0;
    for (size_t c = 0; c < s.ncols; c++) free(s.col_name ? s.col_name[c] : NULL);
    free(s.col_name);
    free(s.col_field);
    free(s.fields);
    free(s.text);
    return rc;
}
