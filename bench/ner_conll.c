/*
 * ner_conll.c - tags a CoNLL-style file ("token TAG" a line, blank lines
 * between sentences) through the public API and prints the same tokens
 * with the tagger's BIO tags, for ../shared/eval/ner/score.py.
 *
 * The tokens are joined by spaces (a blank line becomes a line break) into
 * one text, given to fahras_tag as it is; each span tags the tokens it
 * covers (B- on the first).  The gold tags are ignored.
 *
 * Usage: ner_conll [--per NAME] [--types PER,ORG,LOC,MISC] FILE > OUT
 *   --per NAME   the tag name of people (ANERcorp: PERS; default PER)
 *   --types      the entity types to report (others become O)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fahras.h"

typedef struct tok { size_t start, end, line; char *text; int blank; } tok;

typedef struct run {
    tok *toks;
    size_t n;
    char **tags;
    const char *per;
    unsigned types;
} run;

static void die(const char *m)
{
    fprintf(stderr, "ner_conll: %s\n", m);
    exit(1);
}

static size_t find_tok(const run *r, size_t off)
{
    size_t lo = 0, hi = r->n;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (r->toks[mid].start <= off) lo = mid;
        else hi = mid;
    }
    return lo;
}

static int on_span(void *ctx, const fahras_span *sp)
{
    run *r = ctx;
    if (!(r->types & (1u << sp->type))) return 0;
    const char *name = sp->type == FAHRAS_SPAN_PER ? r->per : fahras_span_type_name(sp->type);
    int first = 1;
    for (size_t i = find_tok(r, sp->start); i < r->n && r->toks[i].start < sp->end; i++) {
        if (r->toks[i].blank || r->toks[i].end <= sp->start) continue;
        char buf[32];
        snprintf(buf, sizeof buf, "%s-%s", first ? "B" : "I", name);
        free(r->tags[i]);
        r->tags[i] = strdup(buf);
        first = 0;
    }
    return 0;
}

int main(int argc, char **argv)
{
    run r = {0};
    r.per = "PER";
    r.types = 0x1E;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--per") && i + 1 < argc) r.per = argv[++i];
        else if (!strcmp(argv[i], "--types") && i + 1 < argc) {
            r.types = 0;
            const char *t = argv[++i];
            if (strstr(t, "PER")) r.types |= 1u << FAHRAS_SPAN_PER;
            if (strstr(t, "ORG")) r.types |= 1u << FAHRAS_SPAN_ORG;
            if (strstr(t, "LOC")) r.types |= 1u << FAHRAS_SPAN_LOC;
            if (strstr(t, "MISC")) r.types |= 1u << FAHRAS_SPAN_MISC;
        } else if (!path) path = argv[i];
        else die("usage: ner_conll [--per NAME] [--types LIST] FILE");
    }
    if (!path) die("usage: ner_conll [--per NAME] [--types LIST] FILE");
    FILE *f = fopen(path, "r");
    if (!f) die("cannot open the input");
    char *text = NULL;
    size_t len = 0, cap = 0, tcap = 0;
    char line[8192];
    while (fgets(line, sizeof line, f)) {
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
        char *sp = strrchr(line, ' ');
        int blank = n == 0 || (!sp && strspn(line, " \t") == n);
        if (!blank && sp) *sp = '\0';
        const char *word = blank ? "" : (sp ? line : "");
        size_t wn = strlen(word);
        if (r.n == tcap) {
            tcap = tcap ? 2 * tcap : 65536;
            r.toks = realloc(r.toks, tcap * sizeof *r.toks);
            if (!r.toks) die("out of memory");
        }
        if (len + wn + 2 > cap) {
            cap = (len + wn + 2) * 2;
            text = realloc(text, cap);
            if (!text) die("out of memory");
        }
        tok *t = &r.toks[r.n++];
        t->blank = blank;
        t->text = strdup(word);
        if (len) text[len++] = blank ? '\n' : ' ';
        t->start = len;
        memcpy(text + len, word, wn);
        len += wn;
        t->end = len;
    }
    fclose(f);
    r.tags = calloc(r.n ? r.n : 1, sizeof *r.tags);
    if (!r.tags) die("out of memory");
    fahras_error err;
    fahras_options o;
    fahras_options_default(&o);
    o.utf8 = FAHRAS_UTF8_REPLACE;
    fahras_analyzer *an = fahras_analyzer_new(&o, &err);
    fahras_tagger *tg = an ? fahras_tagger_new(an, &err) : NULL;
    if (!tg) die(err.message);
    if (fahras_tag(tg, text ? text : "", len, on_span, &r, &err) != FAHRAS_OK) die(err.message);
    for (size_t i = 0; i < r.n; i++) {
        if (r.toks[i].blank) puts("");
        else printf("%s %s\n", r.toks[i].text, r.tags[i] ? r.tags[i] : "O");
        free(r.toks[i].text);
        free(r.tags[i]);
    }
    fahras_tagger_free(tg);
    fahras_analyzer_free(an);
    free(r.tags);
    free(r.toks);
    free(text);
    return 0;
}
