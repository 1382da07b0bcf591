/*
 * dups_pairs.c - the near-duplicate detector (src/store/dupsig.c) over a
 * JSONL file in memory, for bench/dups.sh: every candidate pair the LSH
 * keys bring together, with its estimated Jaccard similarity, the largest
 * stretch of each document without shared shingles, and whether the rule
 * of fh_dupsig_same joins it, as TSV (id_a, id_b, jaccard, gap_a, gap_b,
 * same, band key, same text, same headline, key-set similarity, headline
 * overlap or -1), a line for each key they
 * share (a candidate shares FH_DUP_MIN_BANDS band keys or another key);
 * and the CPU time spent making signatures.
 *
 * usage: dups_pairs DOCS.jsonl > pairs.tsv
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dupsig.h"

typedef struct doc {
    char *id, *date;
    fh_dupsig sig;
} doc;

typedef struct entry {
    int64_t key;
    size_t doc;
    int band; /* a band key (else the exact-text or headline key) */
} entry;

static int by_key(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->doc < y->doc ? -1 : x->doc > y->doc;
}

static const char *field(json_t *o, const char *k, size_t *n)
{
    json_t *v = json_object_get(o, k);
    *n = json_is_string(v) ? json_string_length(v) : 0;
    return json_is_string(v) ? json_string_value(v) : NULL;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: dups_pairs DOCS.jsonl\n", stderr);
        return 2;
    }
    FILE *f = fopen(argv[1], "r");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    fahras_options o;
    fahras_options_default(&o);
    o.utf8 = FAHRAS_UTF8_REPLACE;
    fahras_error e;
    fahras_analyzer *an = fahras_analyzer_new(&o, &e);
    size_t n = 0, cap = 0, ne = 0, cape = 0;
    doc *docs = NULL;
    entry *ents = NULL;
    char *line = NULL;
    size_t lcap = 0;
    clock_t sig_time = 0;
    while (getline(&line, &lcap, f) > 0) {
        json_t *j = json_loads(line, 0, NULL);
        if (!j) continue;
        fh_doc d = {0};
        d.id = field(j, "id", &d.id_len);
        d.title = field(j, "title", &d.title_len);
        d.body = field(j, "body", &d.body_len);
        d.date = field(j, "date", &d.date_len);
        if (!d.id || !d.body) {
            json_decref(j);
            continue;
        }
        if (n == cap) docs = realloc(docs, (cap = cap ? cap * 2 : 1024) * sizeof *docs);
        doc *x = &docs[n];
        fh_err err;
        clock_t t0 = clock();
        int rc = fh_dupsig_make(an, &d, &x->sig, &err);
        sig_time += clock() - t0;
        if (rc) {
            fprintf(stderr, "%s: %s\n", d.id, err.msg);
            json_decref(j);
            continue;
        }
        x->id = strdup(d.id);
        x->date = strdup(d.date ? d.date : "");
        int64_t keys[FH_DUP_MAX_KEYS];
        size_t n_band, nk = fh_dupsig_keys(&x->sig, keys, &n_band);
        for (size_t k = 0; k < nk; k++) {
            if (ne == cape) ents = realloc(ents, (cape = cape ? cape * 2 : 4096) * sizeof *ents);
            ents[ne++] = (entry){keys[k], n, k < n_band};
        }
        n++;
        json_decref(j);
    }
    fclose(f);
    free(line);
    qsort(ents, ne, sizeof *ents, by_key);
    /* candidate pairs: documents sharing a key (each pair once: a set of
     * seen pairs would cost memory; pairs are sorted and deduplicated by
     * the caller) */
    size_t pairs = 0;
    for (size_t i = 0; i < ne;) {
        size_t j = i;
        while (j < ne && ents[j].key == ents[i].key) j++;
        for (size_t a = i; a < j && j - i <= 1000; a++)
            for (size_t b = a + 1; b < j; b++) {
                const doc *x = &docs[ents[a].doc], *y = &docs[ents[b].doc];
                fh_dupsig_cmp c;
                fh_dupsig_compare(&x->sig, &y->sig, &c);
                int same = fh_dupsig_same(&x->sig, x->date, &y->sig, y->date, NULL);
                printf("%s\t%s\t%.4f\t%.3f\t%.3f\t%d\t%d\t%d\t%d\t%.4f\t%.3f\n", x->id, y->id,
                       c.jaccard, c.gap_a, c.gap_b, same, ents[a].band,
                       x->sig.exact == y->sig.exact,
                       x->sig.title && x->sig.title == y->sig.title, c.words, c.title);
                pairs++;
            }
        i = j;
    }
    fprintf(stderr, "dups_pairs: %zu documents, %zu keys, %zu candidate pairs (with repeats); "
                    "signatures %.2f s CPU\n",
            n, ne, pairs, (double)sig_time / CLOCKS_PER_SEC);
    fahras_analyzer_free(an);
    return 0;
}
