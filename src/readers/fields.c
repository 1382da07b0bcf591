/*
 * fields.c - article fields: the input names they are read from (--map),
 * the id of a JSON number, and the checks every article passes before it
 * is handed on, whatever its format.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "format.h"

static const char *const field_names[RD_NFIELDS] = {"id",     "title",    "body", "date",
                                                    "source", "category", "url"};

const char *rd_field_name(int field)
{
    return field >= 0 && field < RD_NFIELDS ? field_names[field] : "?";
}

void rd_map_default(rd_map *m)
{
    memset(m, 0, sizeof *m);
    for (int f = 0; f < RD_NFIELDS; f++) m->name[f] = field_names[f];
}

static int field_of(const char *s, size_t n)
{
    for (int f = 0; f < RD_NFIELDS; f++)
        if (strlen(field_names[f]) == n && !memcmp(field_names[f], s, n)) return f;
    return -1;
}

int rd_map_parse(rd_map *m, const char *spec, char *err, size_t errlen)
{
    size_t used = 0;
    for (int f = 0; f < RD_NFIELDS; f++) /* names already kept in store */
        if (m->name[f] >= m->store && m->name[f] < m->store + sizeof m->store)
            used += strlen(m->name[f]) + 1;
    const char *p = spec;
    if (!*p) {
        snprintf(err, errlen, "--map: empty; expected FIELD=NAME,... (e.g. body=text)");
        return -1;
    }
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        if (!eq) {
            snprintf(err, errlen, "--map: '%.*s' is not FIELD=NAME", (int)len, p);
            return -1;
        }
        int f = field_of(p, (size_t)(eq - p));
        if (f < 0) {
            snprintf(err, errlen, "--map: unknown field '%.*s' (fields: id, title, body, date, "
                                  "source, category, url)", (int)(eq - p), p);
            return -1;
        }
        size_t nlen = len - (size_t)(eq + 1 - p);
        if (nlen == 0) {
            snprintf(err, errlen, "--map: no input name for '%s'", field_names[f]);
            return -1;
        }
        if (used + nlen + 1 > sizeof m->store) {
            snprintf(err, errlen, "--map: names longer than %zu bytes in all", sizeof m->store);
            return -1;
        }
        memcpy(m->store + used, eq + 1, nlen);
        m->store[used + nlen] = '\0';
        m->name[f] = m->store + used;
        used += nlen + 1;
        p += len;
        if (*p == ',') p++;
    }
    return 0;
}

size_t rd_number_id(struct json_t *v, char *buf)
{
    if (json_is_integer(v))
        return (size_t)snprintf(buf, 32, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    if (!json_is_real(v)) return 0;
    double d = json_real_value(v);
    if (!isfinite(d)) return 0;
    if (d == floor(d) && fabs(d) < 9007199254740992.0) /* integral: 1.0 and 1e3 as 1 and 1000 */
        return (size_t)snprintf(buf, 32, "%lld", (long long)d);
    for (int prec = 1; prec <= 17; prec++) { /* the shortest form that reads back the same */
        snprintf(buf, 32, "%.*g", prec, d);
        if (strtod(buf, NULL) == d) break;
    }
    return strlen(buf);
}

/* An id for messages: at most 80 bytes, cut at a character boundary. */
static const char *shown(const char *id, size_t n, char *out, size_t cap)
{
    size_t k = n > 80 ? 80 : n;
    while (k < n && k > 0 && ((unsigned char)id[k] & 0xC0) == 0x80) k--;
    snprintf(out, cap, "%s%.*s%s%s", "\"", (int)k, id, k < n ? "..." : "", "\"");
    return out;
}

/* "field 'body'", or "field 'text' (the body)" when mapped. */
static const char *field_desc(const rd_reader *r, int f, char *out, size_t cap)
{
    if (!strcmp(r->map->name[f], field_names[f])) snprintf(out, cap, "field '%s'", field_names[f]);
    else snprintf(out, cap, "field '%s' (the %s)", r->map->name[f], field_names[f]);
    return out;
}

static int check_id(rd_reader *r, const rd_fields *f, size_t line)
{
    char d[300], s[100];
    size_t bad;
    if (!f->v[RD_ID]) {
        rd_note(r, RD_SKIPPED, line, "missing %s", field_desc(r, RD_ID, d, sizeof d));
        return -1;
    }
    if (f->n[RD_ID] == 0) {
        rd_note(r, RD_SKIPPED, line, "empty id");
        return -1;
    }
    if (f->n[RD_ID] > FH_MAX_ID_BYTES) {
        rd_note(r, RD_SKIPPED, line, "id %s is %zu bytes, longer than the limit of %d",
                shown(f->v[RD_ID], f->n[RD_ID], s, sizeof s), f->n[RD_ID], FH_MAX_ID_BYTES);
        return -1;
    }
    if (fahras_utf8_check(f->v[RD_ID], f->n[RD_ID], &bad) != FAHRAS_OK) {
        rd_note(r, RD_SKIPPED, line, "id %s: invalid UTF-8 at byte %zu of the id",
                shown(f->v[RD_ID], f->n[RD_ID], s, sizeof s), bad);
        return -1;
    }
    return 0;
}

static void note_duplicate(rd_reader *r, const rd_fields *f, size_t line, const rd_earlier *e)
{
    char s[100];
    shown(f->v[RD_ID], f->n[RD_ID], s, sizeof s);
    if (e->numeric != f->id_numeric)
        rd_note(r, RD_DUPLICATE, line,
                "id %s (a JSON %s here) is the id read as a %s at %s:%zu: a number's id is its "
                "decimal form; this record replaces that one",
                s, f->id_numeric ? "number" : "string", e->numeric ? "number" : "string", e->file,
                e->line);
    else
        rd_note(r, RD_DUPLICATE, line, "id %s was read before at %s:%zu; this record replaces it",
                s, e->file, e->line);
}

/* The extra fields with "date": the original of a date that could not be
 * read.  Returns 0, or -1 when out of memory. */
static int keep_date_in_extra(rd_fields *f)
{
    json_t *o = f->extra ? json_loadb(f->extra, f->extra_len, 0, NULL) : json_object();
    if (!o || !json_is_object(o)) {
        json_decref(o);
        o = json_object();
    }
    json_t *v = json_stringn(f->v[RD_DATE], f->n[RD_DATE]);
    char *text = NULL;
    if (o && v && !json_object_set_new(o, "date", v)) text = json_dumps(o, JSON_COMPACT);
    else json_decref(v);
    json_decref(o);
    if (!text) return -1;
    free(f->extra);
    f->extra = text;
    f->extra_len = strlen(text);
    return 0;
}

/* The article's date as ISO 8601 (fahras_date_normalize: DD/MM/YYYY,
 * RFC 2822, Arabic month names, Arabic-Indic digits...) into buf; a date
 * in no known form is left out, kept in the extra fields, and noted.
 * Returns 0, or -1 when out of memory. */
static int read_date(rd_reader *r, rd_fields *f, size_t line, fh_doc *doc, char *buf)
{
    doc->date = NULL;
    doc->date_len = 0;
    if (!f->v[RD_DATE] || !f->n[RD_DATE]) return 0;
    fahras_error de;
    if (fahras_date_normalize(f->v[RD_DATE], f->n[RD_DATE], 0, buf, FAHRAS_DATE_MAX, NULL, &de) ==
        FAHRAS_OK) {
        doc->date = buf;
        doc->date_len = strlen(buf);
        return 0;
    }
    char s[100];
    rd_note(r, RD_FIELD, line, "id %s: date not read (%s): indexed without a date",
            shown(doc->id, doc->id_len, s, sizeof s), de.message);
    if (keep_date_in_extra(f)) {
        rd_oom(r);
        return -1;
    }
    return 0;
}

int rd_emit(rd_reader *r, rd_fields *f, size_t line)
{
    int rc = 0;
    char d[300], s[100];
    rd_doc rd;
    memset(&rd, 0, sizeof rd);
    fh_doc *doc = &rd.doc;
    if (check_id(r, f, line)) goto done;
    doc->id = f->v[RD_ID];
    doc->id_len = f->n[RD_ID];
    if (!f->v[RD_BODY]) {
        rd_note(r, RD_SKIPPED, line, "id %s: missing %s", shown(doc->id, doc->id_len, s, sizeof s),
                field_desc(r, RD_BODY, d, sizeof d));
        goto done;
    }
    doc->title = f->v[RD_TITLE];
    doc->title_len = f->n[RD_TITLE];
    doc->body = f->v[RD_BODY];
    doc->body_len = f->n[RD_BODY];
    size_t skip = rd_skip_repeated_title(r->cfg->an, doc->title, doc->title_len, doc->body,
                                         doc->body_len);
    doc->body += skip;
    doc->body_len -= skip;
    rd.body_skipped = skip;
    size_t k = 0;
    while (k < doc->body_len && rd_is_blank(doc->body[k])) k++;
    if (k == doc->body_len) {
        rd_note(r, RD_SKIPPED, line, "id %s: empty body", shown(doc->id, doc->id_len, s, sizeof s));
        goto done;
    }
    char date[FAHRAS_DATE_MAX];
    if (read_date(r, f, line, doc, date) < 0) {
        rc = RD_FATAL;
        goto done;
    }
    doc->source = f->v[RD_SOURCE];
    doc->source_len = f->n[RD_SOURCE];
    doc->category = f->v[RD_CATEGORY];
    doc->category_len = f->n[RD_CATEGORY];
    doc->url = f->v[RD_URL];
    doc->url_len = f->n[RD_URL];
    doc->extra_json = f->extra;
    doc->extra_json_len = f->extra_len;
    rd.id_numeric = f->id_numeric;
    rd_earlier e;
    int seen = rd_run_seen_id(r->run, r, doc->id, doc->id_len, f->id_numeric, line, &e);
    if (seen < 0) {
        rd_oom(r);
        rc = RD_FATAL;
        goto done;
    }
    if (seen) {
        note_duplicate(r, f, line, &e);
        rd.duplicate = 1;
    }
    rd_where w = r->w;
    w.line = line;
    rc = r->cfg->on_doc(r->cfg->ctx, &rd, &w);
done:
    free(f->extra);
    f->extra = NULL;
    return rc;
}
