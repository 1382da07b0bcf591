/*
 * values_eval.c - exact-value accuracy of fahras_find_values on a table of
 * expressions in the shared news corpora (bench/values_cases.tsv).
 *
 *   values_eval CASES.tsv NEWS_DIR [-v]
 *
 * Each case names an article (file, id), an anchor inside the expression
 * (its nth non-overlapping occurrence in the body), the gold type, value,
 * unit and Hijri value, and the reference date.  A case is right when a
 * span of the gold type overlaps the anchor with exactly the gold value
 * (and unit / Hijri value when the case gives them); a NONE case is right
 * when no span overlaps it.  Prints one line per form and the totals;
 * -v lists the wrong cases with what was found.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fahras.h"

#define MAX_CASES 32768
#define MAX_SPANS 4096
#define MAX_FORMS 1024

typedef struct gold {
    char *form, *file, *id, *anchor, *type, *value, *unit, *hijri, *ref;
    int occurrence;
    const char *body; /* found in the corpus */
} gold;

typedef struct span {
    int type;
    size_t start, end;
    char value[64], unit[128], hijri[48];
} span;

typedef struct spans { span s[MAX_SPANS]; size_t n; } spans;

static int collect(void *ctx, const fahras_span *sp)
{
    spans *c = ctx;
    if (c->n == MAX_SPANS) return 0;
    span *s = &c->s[c->n++];
    s->type = sp->type;
    s->start = sp->start;
    s->end = sp->end;
    snprintf(s->value, sizeof s->value, "%.*s", (int)sp->value_len, sp->value);
    snprintf(s->unit, sizeof s->unit, "%.*s", (int)sp->unit_len, sp->unit);
    snprintf(s->hijri, sizeof s->hijri, "%.*s", (int)sp->hijri_len, sp->hijri);
    return 0;
}

static char *field(char **p)
{
    char *s = *p, *t = s ? strchr(s, '\t') : NULL;
    if (t) {
        *t = '\0';
        *p = t + 1;
    } else {
        *p = NULL;
    }
    return s ? s : "";
}

static int load_cases(const char *path, gold *g, int *n)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return -1;
    }
    char line[4096];
    int lineno = 0;
    *n = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (!*line || *line == '#') continue;
        if (*n == MAX_CASES) { /* a table cut short would score the wrong cases */
            fprintf(stderr, "values_eval: %s:%d: more than %d cases; raise MAX_CASES\n", path, lineno, MAX_CASES);
            fclose(f);
            return -1;
        }
        char *p = strdup(line);
        gold *c = &g[(*n)++];
        c->form = field(&p);
        c->file = field(&p);
        c->id = field(&p);
        c->anchor = field(&p);
        c->occurrence = atoi(field(&p));
        c->type = field(&p);
        c->value = field(&p);
        c->unit = field(&p);
        c->hijri = field(&p);
        c->ref = field(&p);
        c->body = NULL;
    }
    fclose(f);
    return 0;
}

/* Read each corpus file once and keep the bodies the cases name. */
static int load_bodies(const char *dir, gold *g, int n)
{
    for (int k = 0; k < n; k++) {
        if (g[k].body) continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, g[k].file);
        FILE *f = fopen(path, "r");
        if (!f) {
            perror(path);
            return -1;
        }
        size_t cap = 1 << 20;
        char *line = malloc(cap);
        while (line && fgets(line, (int)cap, f)) {
            while (!strchr(line, '\n') && !feof(f)) { /* a longer line */
                size_t have = strlen(line);
                char *nl = realloc(line, cap * 2);
                if (!nl) break;
                line = nl;
                if (!fgets(line + have, (int)(cap * 2 - have), f)) break;
                cap *= 2;
            }
            json_t *o = json_loads(line, 0, NULL);
            const char *id = json_string_value(json_object_get(o, "id"));
            for (int j = k; id && j < n; j++)
                if (!g[j].body && !strcmp(g[j].file, g[k].file) && !strcmp(g[j].id, id))
                    g[j].body = strdup(json_string_value(json_object_get(o, "body")));
            json_decref(o);
        }
        free(line);
        fclose(f);
        if (!g[k].body) {
            fprintf(stderr, "values_eval: %s: no article %s\n", g[k].file, g[k].id);
            return -1;
        }
    }
    return 0;
}

static const char *type_name(int t) { return fahras_span_type_name(t); }

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: values_eval CASES.tsv NEWS_DIR [-v]\n");
        return 2;
    }
    int verbose = argc > 3 && !strcmp(argv[3], "-v");
    static gold g[MAX_CASES];
    int n;
    if (load_cases(argv[1], g, &n) || load_bodies(argv[2], g, n)) return 1;
    fahras_analyzer *a = fahras_analyzer_new(NULL, NULL);
    static spans sp;
    const char *last_body = NULL, *last_ref = NULL;
    static char forms[MAX_FORMS][32];
    int nforms = 0;
    static int form_n[MAX_FORMS], form_ok[MAX_FORMS];
    int values = 0, values_ok = 0, negatives = 0, negatives_ok = 0;
    for (int k = 0; k < n; k++) {
        gold *c = &g[k];
        if (c->body != last_body || strcmp(c->ref, last_ref ? last_ref : "")) {
            sp.n = 0;
            fahras_error err;
            if (fahras_find_values(a, c->body, strlen(c->body), *c->ref ? c->ref : NULL, collect,
                                   &sp, &err)) {
                fprintf(stderr, "values_eval: %s: %s\n", c->id, err.message);
                return 1;
            }
            last_body = c->body;
            last_ref = c->ref;
        }
        /* the anchor: its occurrence-th non-overlapping occurrence */
        const char *p = c->body;
        size_t alen = strlen(c->anchor);
        for (int o = 0; p && o <= c->occurrence; o++) {
            const char *q = strstr(p, c->anchor);
            if (!q) { p = NULL; break; }
            if (o == c->occurrence) { p = q; break; }
            p = q + alen;
        }
        if (!p) {
            fprintf(stderr, "values_eval: %s: anchor '%s' #%d not found\n", c->id, c->anchor,
                    c->occurrence);
            return 1;
        }
        size_t a0 = (size_t)(p - c->body), a1 = a0 + alen;
        int none = !strcmp(c->type, "NONE"), ok = none;
        for (size_t s = 0; s < sp.n; s++) {
            span *x = &sp.s[s];
            if (x->end <= a0 || x->start >= a1) continue;
            if (none) {
                ok = 0;
                break;
            }
            if (strcmp(type_name(x->type), c->type) || strcmp(x->value, c->value)) continue;
            if (*c->unit && strcmp(x->unit, c->unit)) continue;
            if (*c->hijri && strcmp(x->hijri, c->hijri)) continue;
            ok = 1;
        }
        int f = 0;
        while (f < nforms && strcmp(forms[f], c->form)) f++;
        if (f == nforms && nforms < MAX_FORMS) snprintf(forms[nforms++], sizeof forms[0], "%s", c->form);
        if (f < nforms) { /* a form past MAX_FORMS counts in the totals only */
            form_n[f]++;
            form_ok[f] += ok;
        }
        if (none) negatives++, negatives_ok += ok;
        else values++, values_ok += ok;
        if (!ok && verbose) {
            printf("WRONG %s %s #%d '%s': want %s %s%s%s%s%s, found:", c->id, c->form, c->occurrence,
                   c->anchor, c->type, c->value, *c->unit ? " unit=" : "", c->unit,
                   *c->hijri ? " hijri=" : "", c->hijri);
            for (size_t s = 0; s < sp.n; s++) {
                span *x = &sp.s[s];
                if (x->end <= a0 || x->start >= a1) continue;
                printf(" [%s %.*s = %s%s%s]", type_name(x->type), (int)(x->end - x->start),
                       c->body + x->start, x->value, *x->unit ? " unit=" : "", x->unit);
            }
            printf("\n");
        }
    }
    for (int f = 0; f < nforms; f++)
        printf("  %-16s %3d cases  %3d right  %.3f\n", forms[f], form_n[f], form_ok[f],
               (double)form_ok[f] / form_n[f]);
    if (nforms == MAX_FORMS) printf("  (forms past the first %d are in the totals only; raise MAX_FORMS)\n", MAX_FORMS);
    printf("exact-value accuracy %.3f (%d of %d expressions); not-a-value cases right %d of %d\n",
           values ? (double)values_ok / values : 0.0, values_ok, values, negatives_ok, negatives);
    fahras_analyzer_free(a);
    return 0;
}
