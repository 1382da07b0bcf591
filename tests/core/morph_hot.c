/*
 * morph_hot.c - the stored analyses of the frequent words
 * (src/core/morph_hot_data.c) are the ones this build's code makes: for
 * every stem mode stored, the table an analyzer reads from them equals,
 * entry by entry and slot by slot, the table made by analyzing the words.
 * A change to the segmenter or the lexicon without `make tables` fails
 * here (an analyzer would still be right: it reads the stored table only
 * under the keys fingerprint it was made for).
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

#include "../check.h"

static int same_table(const fh_morph_ctx *a, const fh_morph_ctx *b)
{
    if (a->hot_count != b->hot_count || a->hot_mask != b->hot_mask) return 0;
    for (size_t i = 0; i < a->hot_count; i++) {
        const fh_hot_entry *x = &a->hot[i], *y = &b->hot[i];
        if (x->hash != y->hash || x->n != y->n || memcmp(x->codes, y->codes, x->n) ||
            memcmp(&x->m, &y->m, sizeof x->m))
            return 0;
    }
    return !memcmp(a->hot_slots, b->hot_slots, ((size_t)a->hot_mask + 1) * sizeof *a->hot_slots);
}

int main(void)
{
    CHECK(fh_hot_builtin_keys == fh_keys_fingerprint(),
          "src/core/morph_hot_data.c was made for keys %08x, this build's are %08x: run make tables",
          (unsigned)fh_hot_builtin_keys, (unsigned)fh_keys_fingerprint());
    CHECK(fh_hot_builtin_min_count == FH_MORPH_CACHE_MIN_COUNT,
          "src/core/morph_hot_data.c was made for min count %u, this build's is %u",
          (unsigned)fh_hot_builtin_min_count, (unsigned)FH_MORPH_CACHE_MIN_COUNT);
    int modes[] = {FAHRAS_STEM_CLITICS, FAHRAS_STEM_LIGHT};
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        int stored = 0;
        for (size_t k = 0; k < fh_hot_builtins_n; k++) stored |= fh_hot_builtins[k].mode == modes[i];
        CHECK(stored, "stem mode %d: no stored table", modes[i]);
        fh_morph_ctx read, made;
        int rc1 = fh_morph_ctx_init(&read, modes[i], FH_MORPH_CACHE_MIN_COUNT);
        int rc2 = fh_morph_ctx_init_computed(&made, modes[i], FH_MORPH_CACHE_MIN_COUNT, NULL, 0);
        CHECK(rc1 == FAHRAS_OK && rc2 == FAHRAS_OK, "stem mode %d: init %d %d", modes[i], rc1, rc2);
        if (rc1 == FAHRAS_OK && rc2 == FAHRAS_OK) {
            CHECK(made.hot_count > 10000, "stem mode %d: %zu frequent words", modes[i], made.hot_count);
            CHECK(same_table(&read, &made),
                  "stem mode %d: the stored table differs from the one the code makes "
                  "(%zu and %zu entries): run make tables",
                  modes[i], read.hot_count, made.hot_count);
        }
        if (rc1 == FAHRAS_OK) fh_morph_ctx_free(&read);
        if (rc2 == FAHRAS_OK) fh_morph_ctx_free(&made);
    }
    /* another minimum count is not the stored one: made, not read */
    fh_morph_ctx other;
    CHECK(fh_morph_ctx_init(&other, FAHRAS_STEM_LIGHT, FH_MORPH_CACHE_MIN_COUNT + 1) == FAHRAS_OK,
          "init with another minimum count");
    fh_morph_ctx made;
    if (fh_morph_ctx_init_computed(&made, FAHRAS_STEM_LIGHT, FH_MORPH_CACHE_MIN_COUNT + 1, NULL, 0) ==
        FAHRAS_OK) {
        CHECK(same_table(&other, &made), "another minimum count: the table made");
        fh_morph_ctx_free(&made);
    }
    fh_morph_ctx_free(&other);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
