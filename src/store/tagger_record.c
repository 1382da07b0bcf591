/*
 * tagger_record.c - the record of the taggers a store's documents were
 * tagged with (tagger_record.h): what it becomes, and what it says to a
 * reader whose tagger differs.
 */
#include <stdio.h>
#include <string.h>

#include "tagger_record.h"

/* Whether word is one of the space-separated words of list. */
static int listed(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; *p;) {
        size_t w = strcspn(p, " ");
        if (w == n && !memcmp(p, word, n)) return 1;
        p += w;
        p += strspn(p, " ");
    }
    return 0;
}

int fh_tagger_record_next(const char *have, int had_docs, const char *mine, char *out, size_t cap)
{
    if (!cap) return 0;
    const char *old = have && *have ? have : had_docs ? FH_TAGGER_UNRECORDED : "";
    if (listed(old, mine)) {
        snprintf(out, cap, "%s", old);
        return strcmp(old, have ? have : "") != 0;
    }
    /* the oldest stamps go first when the record is full */
    size_t need = strlen(mine) + 1;
    while (*old && strlen(old) + need >= cap) {
        old += strcspn(old, " ");
        old += strspn(old, " ");
    }
    snprintf(out, cap, "%s%s%s", old, *old ? " " : "", mine);
    return 1;
}

int fh_tagger_record_note(const char *record, const char *mine, char *out, size_t cap)
{
    if (cap) out[0] = '\0';
    if (!record || !*record || !strcmp(record, mine)) return 0;
    /* unchanged documents are not tagged again when indexed again: only a
     * new store renews them all */
    snprintf(out, cap,
             "this store's documents were tagged by entity tagger%s %s, this fahras tags with %s: "
             "%s entities and entity keys may differ (build the store again to renew them)",
             strchr(record, ' ') ? "s" : "", record, mine, listed(record, mine) ? "the others'" : "their");
    return 1;
}
