/*
 * ner_type_fixes.c - names the model reads as people's because they begin
 * as a person's do: places (بن قردان, سيدي بوزيد, أبو ظبي, أم درمان: the
 * model reads بن, سيدي and أبو as parts of a person's name, and tagged the
 * town of بن قردان a person in most of the Tunisian news) and football
 * clubs (ليستر سيتي, مان يونايتد).  A name the decoder tags PER whose key
 * is exactly one of these takes the type listed (fh_ner_type_fix_find).
 *
 * The lists were written for fahras (MIT, like the code) from the places
 * and clubs themselves, not from any annotated text.  They are applied
 * after decoding, so neither the model nor the tables learned from the
 * tagger's output (tools/ner, which turns them off) depend on them.
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

/* football clubs named after a town and a word the model reads as a surname */
static const char *const club_names[] = {
    "ليستر سيتي", "مان سيتي", "مان يونايتد",
    "ستوك سيتي", "هال سيتي", "سوانزي سيتي",
    "كارديف سيتي", "بيرنلي",
};

enum {
    PLACE_COUNT = sizeof place_names / sizeof place_names[0],
    FIX_COUNT = PLACE_COUNT + sizeof club_names / sizeof club_names[0]
};

/* the i-th name of the lists, and its type */
static const char *fix_name(size_t i, int *type)
{
    *type = i < PLACE_COUNT ? FAHRAS_SPAN_LOC : FAHRAS_SPAN_ORG;
    return i < PLACE_COUNT ? place_names[i] : club_names[i - PLACE_COUNT];
}

uint32_t fh_ner_type_fixes_stamp(uint32_t h)
{
    for (size_t i = 0; i < FIX_COUNT; i++) {
        int type;
        for (const char *s = fix_name(i, &type); *s; s++) h = fh_fnv_byte(h, (unsigned char)*s);
        h = fh_fnv_byte(h, (unsigned char)type);
    }
    return h;
}

/* the name's key as a PER and as its listed type */
static int add_fix(fh_ner_type_fixes *p, const fahras_tagger *t, fh_key_work *w, const char *name, int type,
                   fahras_error *err)
{
    char per[FH_NER_FIX_KEY], key[FH_NER_FIX_KEY];
    size_t per_len, key_len;
    int rc = fh_entity_key_with(t, w, FAHRAS_SPAN_PER, name, strlen(name), per, sizeof per, &per_len, err);
    if (rc == FAHRAS_OK) rc = fh_entity_key_with(t, w, type, name, strlen(name), key, sizeof key, &key_len, err);
    if (rc != FAHRAS_OK) return rc;
    if (per_len >= sizeof per || key_len >= sizeof key || !per_len) return FAHRAS_OK; /* never one key */
    fh_ner_type_fix *e = &p->v[p->n++];
    memcpy(e->per, per, per_len + 1);
    memcpy(e->key, key, key_len + 1);
    e->per_len = (uint8_t)per_len;
    e->key_len = (uint8_t)key_len;
    e->type = (uint8_t)type;
    return FAHRAS_OK;
}

int fh_ner_type_fixes_init(fh_ner_type_fixes *p, const fahras_tagger *t, fahras_error *err)
{
    p->n = 0;
    p->v = malloc(FIX_COUNT * sizeof *p->v);
    fh_key_work *w = fh_key_work_new();
    if (!p->v || !w) {
        fh_key_work_free(w);
        fh_ner_type_fixes_free(p);
        return fh_set_error(err, FAHRAS_ERR_NOMEM, 0, "out of memory");
    }
    int rc = FAHRAS_OK;
    for (size_t i = 0; i < FIX_COUNT && rc == FAHRAS_OK; i++) {
        int type;
        const char *name = fix_name(i, &type);
        rc = add_fix(p, t, w, name, type, err);
    }
    fh_key_work_free(w);
    if (rc != FAHRAS_OK) fh_ner_type_fixes_free(p);
    return rc;
}

void fh_ner_type_fixes_free(fh_ner_type_fixes *p)
{
    if (!p) return;
    free(p->v);
    p->v = NULL;
    p->n = 0;
}

const fh_ner_type_fix *fh_ner_type_fix_find(const fh_ner_type_fixes *p, const char *per_key, size_t len)
{
    for (size_t i = 0; p && i < p->n; i++)
        if (p->v[i].per_len == len && !memcmp(p->v[i].per, per_key, len)) return &p->v[i];
    return NULL;
}
