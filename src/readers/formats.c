/*
 * formats.c - the table of input formats.  A new format is one entry: its
 * name (for --format), the file name endings it claims, an optional test
 * of an input's first bytes (tried in table order for inputs whose name
 * says nothing, such as stdin), and its read function (see format.h).
 * "txt" comes last: it takes whatever no other format recognises.
 */
#include <stdio.h>
#include <string.h>

#include "format.h"

static int sniff_json(const char *lead, size_t n)
{
    return n > 0 && (lead[0] == '{' || lead[0] == '[');
}

/* A web page: markup first. */
static int sniff_html(const char *lead, size_t n)
{
    return n > 0 && lead[0] == '<';
}

static int sniff_warc(const char *lead, size_t n)
{
    return n >= 6 && !memcmp(lead, "WARC/", 5);
}

static int sniff_anything(const char *lead, size_t n)
{
    (void)lead;
    (void)n;
    return 1;
}

static int read_csv(rd_reader *r) { return rd_read_delimited(r, ','); }
static int read_tsv(rd_reader *r) { return rd_read_delimited(r, '\t'); }

const rd_format rd_formats[] = {
    {"json", ".jsonl .ndjson .json .jl", sniff_json, rd_read_json},
    {"csv", ".csv", NULL, read_csv},
    {"tsv", ".tsv .tab", NULL, read_tsv},
    {"html", ".html .htm .xhtml .shtml", sniff_html, rd_read_html},
    {"warc", ".warc", sniff_warc, rd_read_warc},
    {"txt", ".txt", sniff_anything, rd_read_text},
    {NULL, NULL, NULL, NULL},
};

const size_t rd_nformats = sizeof rd_formats / sizeof rd_formats[0] - 1;

void rd_format_names(char *out, size_t cap)
{
    size_t used = 0;
    if (cap) out[0] = '\0';
    for (size_t i = 0; i < rd_nformats && used < cap; i++)
        used += (size_t)snprintf(out + used, cap - used, "%s%s", i ? ", " : "", rd_formats[i].name);
}

int rd_format_known(const char *name)
{
    for (size_t i = 0; i < rd_nformats; i++)
        if (!strcmp(rd_formats[i].name, name)) return 1;
    return 0;
}

int rd_format_check(const char *name, char *err, size_t cap)
{
    if (rd_format_known(name)) return 0;
    char names[128];
    rd_format_names(names, sizeof names);
    snprintf(err, cap, "unknown format '%s' (formats: %s)", name, names);
    return -1;
}
