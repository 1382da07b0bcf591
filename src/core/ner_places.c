/*
 * ner_places.c - places whose names begin as a person's do (بن قردان,
 * سيدي بوزيد, أبو ظبي, أم درمان, بيت لحم): the model reads بن, سيدي and
 * أبو as parts of a person's name, and tags the town of بن قردان a person
 * in most of the Tunisian news.  A name the decoder tags PER whose key is
 * exactly one of these is a place (fh_ner_places_find).
 *
 * The list was written for fahras (MIT, like the code) from the places
 * themselves, not from any annotated text.  It is applied after decoding,
 * so neither the model nor the tables learned from the tagger's output
 * (tools/ner, which turns it off) depend on it.
 */
#include <stdlib.h>
#include <string.h>

#include "fnv.h"
#include "internal.h"
#include "ner.h"

static const char *const place_names[] = {
    /* Tunisia */
    "بن قردان", "بن عروس", "سيدي بوزيد", "سيدي بوسعيد", "سيدي حسين", "سيدي ثابت", "سيدي بوعلي",
    "سيدي علي بن عون", "سيدي عمر بوحجلة", "سيدي البشير", "بني خيار", "بني خلاد", "بئر علي بن خليفة",
    "بئر الحفي", "عين دراهم", "منزل بورقيبة", "منزل تميم", "منزل بوزلفة", "منزل جميل", "ساقية سيدي يوسف",
    "حمام الأنف", "حمام سوسة", "حمام الشط", "برج العامري",
    /* Algeria */
    "سيدي بلعباس", "سيدي امحمد", "عين الدفلى", "عين تموشنت", "عين صالح", "عين أمناس", "برج بوعريريج",
    "بني صاف",
    /* Morocco */
    "بني ملال", "سيدي قاسم", "سيدي سليمان", "سيدي بنور", "سيدي إفني", "سيدي يحيى", "بن سليمان", "بن جرير",
    /* Libya */
    "بني وليد", "بن جواد", "أبو سليم",
    /* Egypt and Sudan */
    "بني سويف", "بني مزار", "أبو قرقاص", "أبو كبير", "أبو تيج", "أبو سمبل", "أم درمان",
    /* the Levant, Iraq and the Gulf */
    "أبو ظبي", "أبو غريب", "أبو كمال", "أبو ديس", "أم القيوين", "أم قصر", "أم الفحم", "بيت لحم",
    "بيت حانون", "بيت لاهيا", "بيت جن", "كفر نبل", "كفر بطنا", "بنت جبيل", "رأس العين", "رأس الخيمة",
    "عين العرب", "عين عيسى", "بئر السبع",
};

enum { PLACE_COUNT = sizeof place_names / sizeof place_names[0] };

uint32_t fh_ner_places_stamp(uint32_t h)
{
    for (size_t i = 0; i < PLACE_COUNT; i++) {
        for (const char *s = place_names[i]; *s; s++) h = fh_fnv_byte(h, (unsigned char)*s);
        h = fh_fnv_byte(h, 0);
    }
    return h;
}

/* key of name as a PER and as a LOC, appended to the pool at *at */
static int add_place(fh_ner_places *p, const fahras_tagger *t, const char *name, fahras_error *err)
{
    char per[FH_NER_PLACE_KEY], loc[FH_NER_PLACE_KEY];
    size_t per_len, loc_len;
    int rc = fahras_entity_key(t, FAHRAS_SPAN_PER, name, strlen(name), per, sizeof per, &per_len, err);
    if (rc == FAHRAS_OK)
        rc = fahras_entity_key(t, FAHRAS_SPAN_LOC, name, strlen(name), loc, sizeof loc, &loc_len, err);
    if (rc != FAHRAS_OK) return rc;
    if (per_len >= sizeof per || loc_len >= sizeof loc || !per_len) return FAHRAS_OK; /* never one key */
    fh_ner_place *e = &p->v[p->n++];
    memcpy(e->per, per, per_len + 1);
    memcpy(e->loc, loc, loc_len + 1);
    e->per_len = (uint8_t)per_len;
    e->loc_len = (uint8_t)loc_len;
    return FAHRAS_OK;
}

int fh_ner_places_init(fh_ner_places *p, const fahras_tagger *t, fahras_error *err)
{
    p->n = 0;
    p->v = malloc(PLACE_COUNT * sizeof *p->v);
    if (!p->v) return fh_set_error(err, FAHRAS_ERR_NOMEM, 0, "out of memory");
    int rc = FAHRAS_OK;
    for (size_t i = 0; i < PLACE_COUNT && rc == FAHRAS_OK; i++) rc = add_place(p, t, place_names[i], err);
    if (rc != FAHRAS_OK) fh_ner_places_free(p);
    return rc;
}

void fh_ner_places_free(fh_ner_places *p)
{
    if (!p) return;
    free(p->v);
    p->v = NULL;
    p->n = 0;
}

const fh_ner_place *fh_ner_places_find(const fh_ner_places *p, const char *per_key, size_t len)
{
    for (size_t i = 0; p && i < p->n; i++)
        if (p->v[i].per_len == len && !memcmp(p->v[i].per, per_key, len)) return &p->v[i];
    return NULL;
}
