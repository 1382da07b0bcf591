/*
 * json.c - JSON articles: JSON Lines (one object a line), an array of
 * objects, or objects one after another (pretty-printed).  jansson parses
 * and validates each object (UTF-8 included).
 *
 * An array is not parsed whole: a small splitter follows strings and
 * brackets to find where each element ends, and each element is parsed
 * on its own.  So memory is bounded by the longest element (a 2 GB array
 * is read in elements of at most RD_MAX_RECORD bytes, where jansson's tree
 * of the whole array would take several times its size), every element's
 * line is known for messages, and a malformed element is skipped while
 * the next ones are read (a parser reading the stream with
 * JSON_DISABLE_EOF_CHECK stops at the first error).
 *
 * Which layout: the first non-blank byte '[' is an array; '{' whose object
 * ends on its first line is JSON Lines, so a malformed line spoils only
 * itself; any other '{' starts objects one after another.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "format.h"

/* ------------------------------------------------------------------ */
/* One object → fields                                                 */
/* ------------------------------------------------------------------ */

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

static void field_label(const rd_reader *r, int f, char *out, size_t cap)
{
    if (!strcmp(r->map->name[f], rd_field_name(f))) snprintf(out, cap, "field '%s'", rd_field_name(f));
    else snprintf(out, cap, "field '%s' (the %s)", r->map->name[f], rd_field_name(f));
}

static int is_mapped_name(const rd_reader *r, const char *key)
{
    for (int f = 0; f < RD_NFIELDS; f++)
        if (!strcmp(r->map->name[f], key)) return 1;
    return 0;
}

/* Every field that is not an article field, as a compact JSON object. */
static int extra_fields(rd_reader *r, json_t *o, rd_fields *f)
{
    json_t *rest = NULL;
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        if (is_mapped_name(r, key)) continue;
        if (!rest && !(rest = json_object())) return -1;
        if (json_object_set(rest, key, v)) {
            json_decref(rest);
            return -1;
        }
    }
    if (!rest) return 0;
    f->extra = json_dumps(rest, JSON_COMPACT);
    json_decref(rest);
    if (!f->extra) return -1;
    f->extra_len = strlen(f->extra);
    return 0;
}

int rd_emit_json(rd_reader *r, json_t *o, size_t line)
{
    char label[300], idbuf[32];
    if (!json_is_object(o)) {
        rd_note(r, RD_SKIPPED, line, "expected a JSON object, found %s", type_name(o));
        return 0;
    }
    rd_fields f;
    memset(&f, 0, sizeof f);
    json_t *id = json_object_get(o, r->map->name[RD_ID]);
    if (json_is_string(id)) {
        f.v[RD_ID] = json_string_value(id);
        f.n[RD_ID] = json_string_length(id);
    } else if (json_is_number(id)) {
        f.n[RD_ID] = rd_number_id(id, idbuf);
        f.v[RD_ID] = idbuf;
        f.id_numeric = 1;
    } else if (id && !json_is_null(id)) {
        field_label(r, RD_ID, label, sizeof label);
        rd_note(r, RD_SKIPPED, line, "%s must be a string or a number, not %s", label,
                type_name(id));
        return 0;
    }
    for (int k = RD_TITLE; k < RD_NFIELDS; k++) {
        json_t *v = json_object_get(o, r->map->name[k]);
        if (!v || json_is_null(v)) continue;
        if (!json_is_string(v)) {
            field_label(r, k, label, sizeof label);
            rd_note(r, RD_SKIPPED, line, "%s must be a string, not %s", label, type_name(v));
            return 0;
        }
        f.v[k] = json_string_value(v);
        f.n[k] = json_string_length(v);
    }
    if (extra_fields(r, o, &f)) {
        rd_oom(r);
        return RD_FATAL;
    }
    return rd_emit(r, &f, line);
}

/* ------------------------------------------------------------------ */
/* One record's text → object                                          */
/* ------------------------------------------------------------------ */

/* Parse p[0, n) (at decoded offset off, on line) as one article object;
 * blank text is nothing. */
static int parse_record(rd_reader *r, const char *p, size_t n, size_t line, long long off)
{
    size_t i = 0;
    if (off == 0 && rd_has_bom(p, n)) i = 3;
    while (i < n && rd_is_blank(p[i])) line += p[i++] == '\n';
    while (n > i && rd_is_blank(p[n - 1])) n--;
    if (i == n) return 0;
    p += i;
    n -= i;
    off += (long long)i;
    json_error_t je;
    json_t *o = json_loadb(p, n, 0, &je);
    if (!o) {
        /* jansson validates UTF-8 too; say where the bad byte is */
        size_t badoff, pos = je.position > 0 ? (size_t)je.position - 1 : 0;
        int utf8 = fahras_utf8_check(p, n, &badoff) != FAHRAS_OK && badoff <= pos + 1;
        if (utf8) pos = badoff;
        if (pos > n) pos = n;
        size_t l = line, ls = 0;
        for (size_t k = 0; k < pos; k++)
            if (p[k] == '\n') l++, ls = k + 1;
        if (utf8)
            rd_note(r, RD_SKIPPED, l, "invalid UTF-8 at byte %lld (column byte %zu)",
                    off + (long long)pos, pos - ls + 1);
        else
            rd_note(r, RD_SKIPPED, l, "invalid JSON at byte %lld (column byte %zu): %s",
                    off + (long long)pos, pos - ls + 1, je.text);
        return 0;
    }
    int rc = rd_emit_json(r, o, line);
    json_decref(o);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Where a value ends                                                  */
/* ------------------------------------------------------------------ */

typedef struct splitter {
    size_t depth;   /* open brackets (inside an array: below the array's own) */
    int in_str, esc;
    int started;    /* object stream: a value has begun */
    int junk;       /* object stream: a record that does not start with { or [ */
    int closed;     /* array: its closing ']' was the terminator */
    int elements;   /* array: elements seen */
} splitter;

/* Follow strings; returns 1 when c was inside or ended a string. */
static int in_string(splitter *s, char c)
{
    if (!s->in_str) return 0;
    if (s->esc) s->esc = 0;
    else if (c == '\\') s->esc = 1;
    else if (c == '"') s->in_str = 0;
    return 1;
}

static size_t scan_line(void *st, const char *p, size_t n)
{
    (void)st;
    const char *nl = memchr(p, '\n', n);
    return nl ? (size_t)(nl - p) + 1 : 0;
}

/* An element of an array ends at a ',' or the array's ']' outside strings
 * and inner brackets. */
static size_t scan_element(void *st, const char *p, size_t n)
{
    splitter *s = st;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (in_string(s, c)) continue;
        if (c == '"') s->in_str = 1;
        else if (c == '{' || c == '[') s->depth++;
        else if (c == '}' || c == ']') {
            if (s->depth == 0 && c == ']') {
                s->closed = 1;
                return i + 1;
            }
            if (s->depth > 0) s->depth--;
        } else if (c == ',' && s->depth == 0) {
            return i + 1;
        }
    }
    return 0;
}

/* Objects one after another: a value ends where its brackets close. */
static size_t scan_value(void *st, const char *p, size_t n)
{
    splitter *s = st;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (!s->started) {
            if (rd_is_blank(c)) continue;
            s->started = 1;
            s->junk = c != '{' && c != '[';
        }
        if (s->junk) {
            if (c == '\n') goto end;
            continue;
        }
        if (in_string(s, c)) continue;
        if (c == '"') s->in_str = 1;
        else if (c == '{' || c == '[') s->depth++;
        else if ((c == '}' || c == ']') && s->depth > 0 && --s->depth == 0) goto end;
        continue;
    end:
        memset(s, 0, sizeof *s);
        return i + 1;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* The three layouts                                                   */
/* ------------------------------------------------------------------ */

static int line_record(rd_reader *r, void *st, const char *p, size_t n, size_t line,
                       long long off, int at_eof)
{
    (void)st;
    (void)at_eof;
    return p ? parse_record(r, p, n, line, off) : 0;
}

static int value_record(rd_reader *r, void *st, const char *p, size_t n, size_t line,
                        long long off, int at_eof)
{
    splitter *s = st;
    if (!p) return 0;
    if (at_eof && s->started && !s->junk) {
        rd_note(r, RD_UNREADABLE, line, "the data ends inside a JSON object (truncated?)");
        return 0;
    }
    return parse_record(r, p, n, line, off);
}

static int element_record(rd_reader *r, void *st, const char *p, size_t n, size_t line,
                          long long off, int at_eof)
{
    splitter *s = st;
    if (!p) return s->closed ? RD_PART_DONE : 0;
    size_t len = at_eof ? n : n - 1; /* without the ',' or ']' */
    size_t i = 0;
    while (i < len && rd_is_blank(p[i])) i++;
    if (i == len) {
        for (size_t k = 0; k < len; k++) line += p[k] == '\n';
        if (!at_eof && !(s->closed && s->elements == 0)) /* [] is an empty array */
            rd_note(r, RD_SKIPPED, line, "empty element in a JSON array (a stray comma)");
    } else {
        s->elements++;
        int rc = parse_record(r, p, len, line, off);
        if (rc) return rc;
    }
    return s->closed ? RD_PART_DONE : 0;
}

/* Skip a byte order mark (at the start) and blank space: *c is the next
 * byte, or -1 at the end of the data.  Returns 0 or a negative code. */
static int first_byte(rd_reader *r, int *c)
{
    for (;;) {
        int rc = rd_peek(r, 3);
        if (rc < 0) return rc;
        if (r->offset == 0 && rd_has_bom(r->buf + r->start, r->end - r->start)) rd_consume(r, 3);
        size_t i = r->start;
        while (i < r->end && rd_is_blank(r->buf[i])) i++;
        rd_consume(r, i - r->start);
        if (r->start < r->end) {
            *c = (unsigned char)r->buf[r->start];
            return 0;
        }
        if (r->eof) {
            *c = -1;
            return 0;
        }
        if ((rc = rd_fill(r)) < 0) return rc;
    }
}

/* Does the object starting at buf[start] end on its first line?  1 or 0,
 * or a negative code. */
static int first_object_is_a_line(rd_reader *r)
{
    size_t scanned = 0;
    for (;;) {
        const char *p = r->buf + r->start;
        const char *nl = memchr(p + scanned, '\n', r->end - r->start - scanned);
        if (nl || r->eof || r->end - r->start > RD_MAX_RECORD) {
            size_t n = nl ? (size_t)(nl - p) : r->end - r->start;
            splitter s;
            memset(&s, 0, sizeof s);
            return n > RD_MAX_RECORD || scan_value(&s, p, n) > 0;
        }
        scanned = r->end - r->start;
        int rc = rd_fill(r);
        if (rc < 0) return rc;
    }
}

/* One array after another (some exports concatenate them). */
static int read_arrays(rd_reader *r)
{
    for (;;) {
        int c, rc = first_byte(r, &c);
        if (rc || c == -1) return rc;
        if (c != '[') {
            rd_note(r, RD_SKIPPED, r->line,
                    "unexpected data after a JSON array; the rest of the file is skipped");
            return 0;
        }
        rd_consume(r, 1);
        splitter s;
        memset(&s, 0, sizeof s);
        rc = rd_records(r, scan_element, element_record, &s, "array element");
        if (rc != RD_PART_DONE) {
            if (!rc)
                rd_note(r, RD_UNREADABLE, r->line,
                        "the data ends before the JSON array is closed (truncated?)");
            return rc;
        }
    }
}

int rd_read_json(rd_reader *r)
{
    int c, rc = first_byte(r, &c);
    if (rc || c == -1) return rc;
    if (c == '[') return read_arrays(r);
    if (c == '{' && (rc = first_object_is_a_line(r)) == 0) {
        splitter s;
        memset(&s, 0, sizeof s);
        return rd_records(r, scan_value, value_record, &s, "JSON object");
    }
    if (rc < 0) return rc;
    return rd_records(r, scan_line, line_record, NULL, "record");
}
