/*
 * cmd_variants.c - `fahras variants DB`: the variant spellings of names
 * the store searches together (ترامب and ترمب), each pair once, the more
 * frequent spelling first; --learn learns them from the store's articles
 * (src/store/variants.h) and keeps them in the store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json_shapes.h"
#include "store.h"

static const char variants_usage[] =
    "usage: fahras variants [--learn] [--json] DB\n"
    "The variant spellings of names a search looks for together: each pair\n"
    "once, the spelling more articles hold first, with how many hold each and\n"
    "how alike their contexts are (0..1).  --json: one object a pair,\n"
    "{\"word\", \"variant\", \"df_word\", \"df_variant\", \"score\"}.\n"
    "  --learn   learn them from the store's articles (replacing those learned\n"
    "            before): two spellings one edit apart (a long vowel, a doubled\n"
    "            letter, a confusable letter), each mostly inside names the\n"
    "            entity tagger finds, in alike contexts.  Run it again after\n"
    "            indexing many new articles.\n"
    "Search with fahras search --no-variants (API variants=0) to leave them out.\n";

enum { OPT_HELP, OPT_JSON, OPT_LEARN };

static const cli_opt variants_opts[] = {
    {"help", 'h', 0, OPT_HELP},
    {"json", 0, 0, OPT_JSON},
    {"learn", 0, 0, OPT_LEARN},
    {NULL, 0, 0, 0},
};

static int on_variants_opt(void *ctx, int id, const char *spelled, const char *value)
{
    (void)spelled;
    (void)value;
    ((int *)ctx)[id] = 1;
    return 0;
}

typedef struct variants_out {
    int json;
    long pairs;
} variants_out;

static int on_row(void *ctx, const fh_variant_row *r)
{
    variants_out *o = ctx;
    /* each pair is kept both ways: list it once, the frequent spelling first */
    if (r->df_word < r->df_variant || (r->df_word == r->df_variant && strcmp(r->word, r->variant) > 0))
        return 0;
    o->pairs++;
    if (o->json) {
        json_t *j = json_object();
        json_object_set_new(j, "word", fh_json_cstr(r->word));
        json_object_set_new(j, "variant", fh_json_cstr(r->variant));
        json_object_set_new(j, "df_word", json_integer(r->df_word));
        json_object_set_new(j, "df_variant", json_integer(r->df_variant));
        json_object_set_new(j, "score", json_real(r->score));
        char *text = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(3));
        json_decref(j);
        if (text) {
            cli_put_json(stdout, text);
            putchar('\n');
        }
        free(text);
        return 0;
    }
    cli_put_escaped(stdout, r->word, strlen(r->word), 0);
    printf("\t%lld\t", r->df_word);
    cli_put_escaped(stdout, r->variant, strlen(r->variant), 0);
    printf("\t%lld\t%.3f\n", r->df_variant, r->score);
    return 0;
}

static int learn(const char *db)
{
    fh_store *s = NULL;
    fh_err err;
    fh_variants_report rep;
    int rc = EXIT_OK;
    /* an existing store only: opening for writing would make an empty one */
    if (fh_store_open(db, FH_STORE_READ, NULL, &s, &err)) {
        cli_err("fahras variants: %s", err.msg);
        return EXIT_FAIL;
    }
    fh_store_close(s);
    s = NULL;
    if (fh_store_open(db, FH_STORE_WRITE, NULL, &s, &err) ||
        fh_store_learn_variants(s, &rep, &err)) {
        cli_err("fahras variants: %s", err.msg);
        rc = EXIT_FAIL;
    } else {
        printf("learned %lld variant pairs from %lld articles (%lld words, %lld keys, %lld of them "
               "frequent names, %lld name pairs one edit apart)%s\n",
               rep.pairs, rep.docs, rep.words, rep.keys, rep.names, rep.pairs_tried,
               rep.truncated ? "; the store is larger than one pass reads: learned from its first "
                               "part" : "");
    }
    fh_store_close(s);
    return rc;
}

int cmd_variants(int argc, char **argv)
{
    int flags[3] = {0, 0, 0};
    cli_args pos;
    if (cli_parse_args("variants", variants_opts, argc, argv, on_variants_opt, flags, &pos)) {
        cli_args_free(&pos);
        return EXIT_USAGE;
    }
    if (flags[OPT_HELP] || pos.npos != 1) {
        if (pos.npos > 1) cli_err("fahras variants: one database only ('%s' is extra)", pos.pos[1]);
        fputs(variants_usage, flags[OPT_HELP] ? stdout : stderr);
        cli_args_free(&pos);
        return flags[OPT_HELP] ? EXIT_OK : EXIT_USAGE;
    }
    if (flags[OPT_LEARN]) {
        int rc = learn(pos.pos[0]);
        cli_args_free(&pos);
        return rc;
    }
    fh_store *s = NULL;
    fh_err err;
    variants_out o = {.json = flags[OPT_JSON]};
    int rc = EXIT_OK;
    if (fh_store_open(pos.pos[0], FH_STORE_READ, NULL, &s, &err) ||
        fh_store_variants(s, on_row, &o, &err)) {
        cli_err("fahras variants: %s", err.msg);
        rc = EXIT_FAIL;
    }
    if (!rc && !o.pairs && !o.json)
        fputs("no variant spellings (learn them with fahras variants --learn DB)\n", stdout);
    fh_store_close(s);
    cli_args_free(&pos);
    return rc;
}
