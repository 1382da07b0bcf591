/*
 * tagger.c - tests of the named-entity tagger through the public API:
 * arguments, empty text, invalid UTF-8 in both modes, offsets into the
 * original text, canonical keys (clitics, tatweel, quotes, diacritics,
 * descriptors, acronyms in parentheses), stopping from the callback,
 * several threads on one tagger, one name, one tag within a text, and
 * the rules after decoding (a measure after a number, the dots of an
 * abbreviation, a month in a date).  Prints "N passed, N failed".
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fahras.h"

#include "../check.h"

#define MAX_SPANS 256
typedef struct spans {
    const char *text;
    size_t len;
    size_t n;
    int type[MAX_SPANS];
    size_t start[MAX_SPANS], end[MAX_SPANS];
    char key[MAX_SPANS][128];
    int bad;          /* a span outside the text, empty, or out of order */
    size_t last_start;
    size_t stop_after; /* 0: never stop */
} spans;

static int on_span(void *ctx, const fahras_span *s)
{
    spans *c = ctx;
    if (s->start >= s->end || s->end > c->len || (c->n && s->start < c->last_start) || !s->key ||
        !s->key_len || strlen(s->value) || strlen(s->unit) || strlen(s->hijri))
        c->bad = 1;
    c->last_start = s->start;
    if (c->n < MAX_SPANS) {
        c->type[c->n] = s->type;
        c->start[c->n] = s->start;
        c->end[c->n] = s->end;
        size_t k = s->key_len < 127 ? s->key_len : 127;
        memcpy(c->key[c->n], s->key, k);
        c->key[c->n][k] = '\0';
    }
    c->n++;
    return c->stop_after && c->n >= c->stop_after;
}

static int tag(const fahras_tagger *t, const char *text, spans *c, fahras_error *err)
{
    memset(c, 0, sizeof *c);
    c->text = text;
    c->len = strlen(text);
    return fahras_tag(t, text, c->len, on_span, c, err);
}

/* The key of the span whose original text is surface, or NULL. */
static const char *key_of(const spans *c, const char *surface)
{
    size_t n = strlen(surface);
    for (size_t i = 0; i < c->n && i < MAX_SPANS; i++)
        if (c->end[i] - c->start[i] == n && !memcmp(c->text + c->start[i], surface, n)) return c->key[i];
    return NULL;
}

/* Whether the span that starts where surface first occurs exists. */
static const char *key_at(const spans *c, const char *surface)
{
    const char *p = strstr(c->text, surface);
    if (!p) return NULL;
    size_t at = (size_t)(p - c->text);
    for (size_t i = 0; i < c->n && i < MAX_SPANS; i++)
        if (c->start[i] <= at && at < c->end[i]) return c->key[i];
    return NULL;
}

static void test_arguments(fahras_tagger *t)
{
    fahras_error err;
    spans c;
    memset(&c, 0, sizeof c);
    CHECK(fahras_tag(NULL, "x", 1, on_span, &c, &err) == FAHRAS_ERR_ARG, "NULL tagger");
    CHECK(fahras_tag(t, NULL, 3, on_span, &c, &err) == FAHRAS_ERR_ARG, "NULL text with a length");
    CHECK(fahras_tag(t, "x", 1, NULL, &c, &err) == FAHRAS_ERR_ARG, "NULL callback");
    CHECK(fahras_tag(t, NULL, 0, on_span, &c, NULL) == FAHRAS_OK && c.n == 0, "NULL empty text");
    CHECK(fahras_tag(t, "x", FAHRAS_MAX_INPUT + 1, on_span, &c, &err) == FAHRAS_ERR_LIMIT, "over the limit");
    CHECK(tag(t, "", &c, &err) == FAHRAS_OK && c.n == 0, "empty text");
    CHECK(tag(t, "   \n\t ، . « » ", &c, &err) == FAHRAS_OK && c.n == 0, "punctuation only");
    char key[64];
    size_t n;
    CHECK(fahras_entity_key(NULL, FAHRAS_SPAN_ORG, "x", 1, key, sizeof key, &n, &err) == FAHRAS_ERR_ARG,
          "entity_key NULL tagger");
    CHECK(fahras_entity_key(t, FAHRAS_SPAN_DATE, "x", 1, key, sizeof key, &n, &err) == FAHRAS_ERR_ARG,
          "entity_key with a non-entity type");
    CHECK(fahras_entity_key(t, FAHRAS_SPAN_ORG, "x", 1, NULL, 4, &n, &err) == FAHRAS_ERR_ARG,
          "entity_key NULL buffer with a capacity");
    CHECK(fahras_entity_key(t, FAHRAS_SPAN_ORG, "", 0, key, sizeof key, &n, &err) == FAHRAS_OK && n == 0 &&
              key[0] == '\0',
          "entity_key of nothing");
    fahras_tagger_free(NULL);
    CHECK(strncmp(fahras_tagger_model(), "ner-1", 5) == 0, "model description: %s", fahras_tagger_model());
    char stamp[FAHRAS_TAGGER_STAMP_MAX], again[FAHRAS_TAGGER_STAMP_MAX], small[8];
    size_t stamp_len = fahras_tagger_stamp(stamp, sizeof stamp);
    CHECK(stamp_len == strlen(stamp) && stamp_len == 14 && !strncmp(stamp, "ner-1+", 6) &&
              strspn(stamp + 6, "0123456789abcdef") == 8,
          "tagger stamp: %s", stamp);
    CHECK(fahras_tagger_stamp(again, sizeof again) == stamp_len && !strcmp(stamp, again),
          "tagger stamp twice: %s, %s", stamp, again);
    CHECK(fahras_tagger_stamp(small, sizeof small) == stamp_len && strlen(small) == sizeof small - 1,
          "tagger stamp cut to its buffer: %s", small);
}

static void test_utf8(fahras_tagger *strict)
{
    fahras_error err;
    spans c;
    const char *bad = "قال الرئيس \xff\xfe السوري بشار الأسد في دمشق";
    memset(&err, 0, sizeof err);
    int rc = tag(strict, bad, &c, &err);
    CHECK(rc == FAHRAS_ERR_UTF8 && err.offset == strlen("قال الرئيس "), "utf8=error: rc %d offset %zu", rc,
          err.offset);
    CHECK(c.n == 0, "utf8=error: no span reported (%zu)", c.n);
    fahras_options o;
    fahras_options_default(&o);
    o.utf8 = FAHRAS_UTF8_REPLACE;
    fahras_analyzer *an = fahras_analyzer_new(&o, &err);
    fahras_tagger *lax = fahras_tagger_new(an, &err);
    fahras_analyzer_free(an); /* the tagger does not keep it */
    CHECK(lax != NULL, "tagger with utf8=replace");
    if (!lax) return;
    rc = tag(lax, bad, &c, &err);
    CHECK(rc == FAHRAS_OK && !c.bad, "utf8=replace: rc %d", rc);
    CHECK(key_of(&c, "دمشق") != NULL, "utf8=replace: دمشق still found");
    /* a truncated sequence at the very end */
    const char trunc[] = "زار الرئيس دمشق \xd8";
    rc = tag(lax, trunc, &c, &err);
    CHECK(rc == FAHRAS_OK && !c.bad && key_of(&c, "دمشق"), "truncated UTF-8 at the end, replace");
    rc = tag(strict, trunc, &c, &err);
    CHECK(rc == FAHRAS_ERR_UTF8 && err.offset == sizeof trunc - 2, "truncated UTF-8 at the end, error");
    fahras_tagger_free(lax);
}

static void test_offsets_and_keys(fahras_tagger *t)
{
    fahras_error err;
    spans c;
    const char *text =
        "نفّذت «قوات سوريا الديمقراطية» (قسد) حملة في ريف دير الزور بدعم من التحالف الدَّوْليّ، "
        "وقال مصدر لـ”قسد” إن عناصر «قسد» والتحالف الدولي اعتقلوا قياديّاً في تنظيم “داعش” قرب مدينة الرقة.";
    int rc = tag(t, text, &c, &err);
    CHECK(rc == FAHRAS_OK && !c.bad && c.n > 0, "tag: rc %d, %zu spans", rc, c.n);
    /* every span's bytes are in the original and start and end on characters */
    int boundaries = 1;
    for (size_t i = 0; i < c.n && i < MAX_SPANS; i++) {
        unsigned char a = (unsigned char)text[c.start[i]], b = (unsigned char)text[c.end[i] - 1];
        if ((a & 0xC0) == 0x80 || (c.end[i] < c.len && ((unsigned char)text[c.end[i]] & 0xC0) == 0x80) ||
            b == ' ')
            boundaries = 0;
    }
    CHECK(boundaries, "spans start and end on whole characters of the original");
    const char *k1 = key_at(&c, "قسد)"), *k2 = key_at(&c, "قسد”"), *k3 = key_at(&c, "قسد»");
    CHECK(k1 && k2 && k3 && !strcmp(k1, k2) && !strcmp(k1, k3), "قسد, لـ”قسد”, «قسد» share a key: %s %s %s",
          k1 ? k1 : "-", k2 ? k2 : "-", k3 ? k3 : "-");
    const char *kl = key_at(&c, "قوات سوريا");
    CHECK(kl && k1 && !strcmp(kl, k1), "name and acronym in parentheses share a key: %s / %s", kl ? kl : "-",
          k1 ? k1 : "-");
    const char *t1 = key_at(&c, "التحالف الدَّوْليّ"), *t2 = key_at(&c, "والتحالف الدولي");
    CHECK(t1 && t2 && !strcmp(t1, t2) && !strcmp(t1, "التحالف الدولي"),
          "diacritics and a clitic و do not split التحالف الدولي: %s / %s", t1 ? t1 : "-", t2 ? t2 : "-");
    const char *r = key_at(&c, "الرقة");
    CHECK(r && !strcmp(r, "الرقه"), "مدينة الرقة keyed الرقه: %s", r ? r : "-");
    const char *d = key_at(&c, "داعش");
    CHECK(d && !strcmp(d, "داعش"), "داعش: %s", d ? d : "-");

    /* the same name with tatweel, diacritics, another quote style and clitics */
    const char *forms[] = {"قال متحدث باسم قسد إن", "قال متحدث باسم «قسـد» إن", "قال متحدث باسم “قَسَد” إن",
                           "قال متحدث لـ”قسد” إن", "قال متحدث باسم ”قسد“ إن"};
    char first[128] = "";
    int same = 1;
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        tag(t, forms[i], &c, &err);
        const char *k = c.n == 1 ? c.key[0] : NULL;
        if (!k || c.type[0] != FAHRAS_SPAN_ORG) {
            same = 0;
            continue;
        }
        if (!first[0]) strcpy(first, k);
        else if (strcmp(first, k)) same = 0;
    }
    CHECK(same, "tatweel, diacritics, quotes and clitics never split قسد");

    char key[256];
    size_t n;
    CHECK(fahras_entity_key(t, FAHRAS_SPAN_LOC, "مدينة الرقة", strlen("مدينة الرقة"), key, sizeof key, &n,
                            &err) == FAHRAS_OK &&
              !strcmp(key, "الرقه"),
          "entity_key(LOC, مدينة الرقة) = %s", key);
    CHECK(fahras_entity_key(t, FAHRAS_SPAN_ORG, "تنظيم الدولة", strlen("تنظيم الدولة"), key, sizeof key, &n,
                            &err) == FAHRAS_OK &&
              !strcmp(key, "تنظيم الدوله"),
          "تنظيم الدولة keeps its descriptor: %s", key);
    CHECK(fahras_entity_key(t, FAHRAS_SPAN_ORG, "والتحالفُ الدَّولي", strlen("والتحالفُ الدَّولي"), key, sizeof key,
                            &n, &err) == FAHRAS_OK &&
              !strcmp(key, "التحالف الدولي"),
          "entity_key strips و and diacritics: %s", key);
    /* the shipped alias table, and a person's own letters */
    static const struct { int type; const char *name, *key; } keys[] = {
        {FAHRAS_SPAN_PER, "ترامب", "دونالد ترامب"},
        {FAHRAS_SPAN_PER, "أردوغان", "رجب طيب اردوغان"},
        {FAHRAS_SPAN_PER, "جبران", "جبران"}, /* as often a first name */
        {FAHRAS_SPAN_ORG, "ناتو", "حلف شمال الاطلسي"},
        /* the shorter, rarer form of a name, where the words around it are
         * those around the longer; not حزب العمال (Labour) */
        {FAHRAS_SPAN_ORG, "بايرن", "بايرن ميونيخ"},
        {FAHRAS_SPAN_ORG, "يونايتد", "مانشستر يونايتد"},
        {FAHRAS_SPAN_ORG, "حزب العمال", "حزب العمال"},
        /* a thing with and without the article */
        {FAHRAS_SPAN_MISC, "الدولار", "دولار"},
        {FAHRAS_SPAN_MISC, "اليورو", "يورو"},
        /* the given names before it counted with their spellings' g */
        {FAHRAS_SPAN_PER, "ميركل", "انغيلا ميركل"},
        {FAHRAS_SPAN_PER, "كوشنر", "جاريد كوشنر"},
        {FAHRAS_SPAN_PER, "وكمال الشاذلي", "كمال الشاذلي"},
        {FAHRAS_SPAN_PER, "وائل كفوري", "واءل كفوري"},
        {FAHRAS_SPAN_ORG, "وبسام", "سام"}, /* not a person: the proclitic reading stays */
        /* a first letter read as a proclitic, kept where names are
         * written with it: the word lists' names (بايدن, كوفي أنان) and
         * the words the news begins names with (لوكاس, بوروسيا) */
        {FAHRAS_SPAN_PER, "بايدن", "بايدن"},
        {FAHRAS_SPAN_PER, "وبايدن", "بايدن"},
        {FAHRAS_SPAN_PER, "كوفي أنان", "كوفي انان"},
        {FAHRAS_SPAN_PER, "أنان", "كوفي انان"},
        {FAHRAS_SPAN_PER, "ولوكاس", "لوكاس"},
        {FAHRAS_SPAN_ORG, "بوروسيا دورتموند", "بوروسيا دورتموند"},
        {FAHRAS_SPAN_LOC, "لاس فيغاس", "لاس فيغاس"},
        {FAHRAS_SPAN_LOC, "بلاس فيغاس", "لاس فيغاس"}, /* ب + لاس */
        {FAHRAS_SPAN_LOC, "وكابل", "كابل"},
        /* and not where the rest is a name read without one */
        {FAHRAS_SPAN_LOC, "وجدة", "جده"},
        {FAHRAS_SPAN_PER, "وأحمد", "احمد"},
        {FAHRAS_SPAN_LOC, "بروسيا", "روسيا"},
        /* one name spelled two ways in the news is one key */
        {FAHRAS_SPAN_PER, "دونالد ترمب", "دونالد ترامب"},
        {FAHRAS_SPAN_PER, "ترمب", "دونالد ترامب"},
        {FAHRAS_SPAN_PER, "بنيامين نتانياهو", "بنيامين نتنياهو"},
        {FAHRAS_SPAN_PER, "فلاديمير بوتن", "فلاديمير بوتين"},
        {FAHRAS_SPAN_PER, "عبدالفتاح السيسي", "عبد الفتاح السيسي"},
        {FAHRAS_SPAN_LOC, "بيونغيانغ", "بيونغ يانغ"}, /* a space, anywhere */
        {FAHRAS_SPAN_PER, "شي جينبينغ", "شي جين بينغ"},
        {FAHRAS_SPAN_LOC, "سوتشي", "سوتشي"}, /* a place, not سو تشي */
        {FAHRAS_SPAN_LOC, "إنكلترا", "انجلترا"}, /* one word: the g */
        /* or another edit where the words around them are alike */
        {FAHRAS_SPAN_ORG, "تشلسي", "تشيلسي"},
        {FAHRAS_SPAN_LOC, "بروكسيل", "بروكسل"},
        {FAHRAS_SPAN_PER, "برونسون", "اندرو برانسون"}, /* and the group's surname link */
        {FAHRAS_SPAN_PER, "العبيدي", "العبيدي"},        /* not العبادي */
        {FAHRAS_SPAN_PER, "ماركل", "ماركل"},            /* not ميركل */
        /* a name in brackets often, though not its initials */
        {FAHRAS_SPAN_ORG, "الناتو", "حلف شمال الاطلسي"},
        {FAHRAS_SPAN_ORG, "منظمة البلدان المصدرة للبترول", "اوبك"},
        {FAHRAS_SPAN_ORG, "الاتحاد الدولي لكرة القدم", "الفيفا"},
        {FAHRAS_SPAN_PER, "أبومازن", "محمود عباس"},
        {FAHRAS_SPAN_LOC, "عين العرب", "كوباني"},
        /* a Latin acronym and its letters spelled out */
        {FAHRAS_SPAN_ORG, "سي إن إن", "cnn"},
        {FAHRAS_SPAN_ORG, "BBC", "بي بي سي"},
        {FAHRAS_SPAN_ORG, "CIA", "سي اي ايه"},
        /* a key of two letters stands for no other: آس (the Spanish paper)
         * is not واس read with its و off, the Saudi agency */
        {FAHRAS_SPAN_ORG, "آس", "اس"},
        /* but not a dateline's place and agency: الإمارات العربية المتحدة
         * (CNN) is the place, as a nationality and one word after it are */
        {FAHRAS_SPAN_LOC, "الإمارات العربية المتحدة", "الامارات"},
        /* two added words, or one short of 90% of those seen there, where
         * the contexts agree and the words added are common ones */
        {FAHRAS_SPAN_ORG, "مجلس الأمن الدولي", "مجلس الامن"},
        {FAHRAS_SPAN_ORG, "مجلس الأمن القومي", "مجلس الامن القومي"},
        {FAHRAS_SPAN_LOC, "المملكة العربية السعودية", "السعوديه"},
        {FAHRAS_SPAN_ORG, "اللجنة الدولية للصليب الأحمر", "الصليب الاحمر"},
        {FAHRAS_SPAN_ORG, "إنتر ميلان", "انتر ميلان"}, /* إنتر is a name's word */
        {FAHRAS_SPAN_LOC, "كوريا الشمالية", "كوريا الشماليه"},
        /* a word of three letters, where the contexts agree */
        {FAHRAS_SPAN_PER, "هاري كاين", "هاري كين"},
        /* a word mostly a common one (قائد), where the contexts agree */
        {FAHRAS_SPAN_PER, "الباجي قائد السبسي", "الباجي قايد السبسي"},
        /* and two names one letter apart are two (Labor, Labour) */
        {FAHRAS_SPAN_ORG, "حزب العمل", "حزب العمل"},
        {FAHRAS_SPAN_LOC, "المنيا", "المنيا"},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        CHECK(fahras_entity_key(t, keys[i].type, keys[i].name, strlen(keys[i].name), key, sizeof key, &n,
                                &err) == FAHRAS_OK &&
                  !strcmp(key, keys[i].key),
              "entity_key(%s) = %s, not %s", keys[i].name, key, keys[i].key);
    size_t need;
    CHECK(fahras_entity_key(t, FAHRAS_SPAN_ORG, "التحالف الدولي", strlen("التحالف الدولي"), key, 5, &need,
                            &err) == FAHRAS_OK &&
              need == strlen("التحالف الدولي") && strlen(key) == 4,
          "entity_key is snprintf-style: need %zu", need);
}

static void test_abort(fahras_tagger *t)
{
    fahras_error err;
    spans c;
    memset(&c, 0, sizeof c);
    const char *text = "زار الرئيس الفرنسي إيمانويل ماكرون بيروت ثم دمشق وبغداد والقاهرة.";
    c.text = text;
    c.len = strlen(text);
    c.stop_after = 1;
    int rc = fahras_tag(t, text, c.len, on_span, &c, &err);
    CHECK(rc == FAHRAS_ERR_ABORTED && c.n == 1, "callback stops the call: rc %d after %zu", rc, c.n);
}

typedef struct job {
    const fahras_tagger *t;
    const char *text;
    char expect[4096];
    int ok;
} job;

static void describe(const spans *c, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; i < c->n && i < MAX_SPANS && n + 200 < cap; i++)
        n += (size_t)snprintf(out + n, cap - n, "%d:%zu-%zu:%s|", c->type[i], c->start[i], c->end[i], c->key[i]);
}

static void *worker(void *arg)
{
    job *j = arg;
    spans *c = malloc(sizeof *c);
    char got[4096];
    j->ok = c != NULL;
    for (int r = 0; r < 40 && j->ok; r++) {
        if (tag(j->t, j->text, c, NULL) != FAHRAS_OK) j->ok = 0;
        describe(c, got, sizeof got);
        if (strcmp(got, j->expect)) j->ok = 0;
    }
    free(c);
    return NULL;
}

static void test_threads(fahras_tagger *t)
{
    const char *texts[] = {
        "أعلنت «قوات سوريا الديمقراطية» (قسد) اعتقال قيادي في تنظيم داعش بريف دير الزور.",
        "التقى وزير الخارجية الأمريكي مايك بومبيو نظيره الروسي سيرغي لافروف في جنيف.",
        "قالت منظمة الصحة العالمية إن فرقها وصلت إلى مدينة الرقة ومخيم الهول.",
        "فاز ريال مدريد على برشلونة في مدريد بهدفين لهدف.",
    };
    enum { N = 4 };
    job jobs[N];
    pthread_t th[N];
    for (int i = 0; i < N; i++) {
        spans c;
        jobs[i].t = t;
        jobs[i].text = texts[i];
        tag(t, texts[i], &c, NULL);
        describe(&c, jobs[i].expect, sizeof jobs[i].expect);
    }
    int started = 0;
    for (int i = 0; i < N; i++) started += pthread_create(&th[i], NULL, worker, &jobs[i]) == 0;
    CHECK(started == N, "threads started");
    for (int i = 0; i < started; i++) pthread_join(th[i], NULL);
    int ok = 1;
    for (int i = 0; i < started; i++) ok &= jobs[i].ok;
    CHECK(ok, "%d threads on one tagger give the single-thread spans", N);
}

static void test_long_input(fahras_tagger *t)
{
    /* a long text without sentence ends and a word far longer than a key */
    size_t reps = 3000;
    const char *unit = "قال مسؤول في دمشق ";
    size_t ul = strlen(unit);
    char *text = malloc(reps * ul + 2000);
    if (!text) return;
    size_t n = 0;
    for (size_t i = 0; i < reps; i++) {
        memcpy(text + n, unit, ul);
        n += ul;
    }
    for (size_t i = 0; i < 600; i++) {
        memcpy(text + n, "ب", 2);
        n += 2;
    }
    text[n] = '\0';
    spans c;
    int rc = tag(t, text, &c, NULL);
    CHECK(rc == FAHRAS_OK && !c.bad && c.n >= reps / 2, "long text: rc %d, %zu spans", rc, c.n);
    free(text);
}

/* A name tagged in one sentence is tagged where it comes again (the
 * surname alone included), and a text too long to be kept between the
 * passes is tagged as its parts are: the same spans in every copy. */
static void test_one_name_one_tag(fahras_tagger *t)
{
    const char *unit = "قال الرئيس الأمريكي السابق بيل كلينتون في واشنطن إن الاتفاق صامد. "
                       "وأضاف كلينتون أن ادارة كلينتون عملت مع الأمم المتحدة. ";
    spans one;
    int rc = tag(t, unit, &one, NULL);
    const char *surname = strstr(unit, "ادارة كلينتون");
    int found = 0;
    for (size_t i = 0; surname && i < one.n && i < MAX_SPANS; i++)
        found |= one.type[i] == FAHRAS_SPAN_PER && one.start[i] == (size_t)(surname - unit) + strlen("ادارة ");
    CHECK(rc == FAHRAS_OK && found, "the surname alone after the full name is a person (%zu spans)", one.n);
    size_t ul = strlen(unit), reps = 600; /* some 12,000 words: more than the tagger keeps */
    char *text = malloc(reps * ul + 1);
    if (!text) return;
    for (size_t i = 0; i < reps; i++) memcpy(text + i * ul, unit, ul);
    text[reps * ul] = '\0';
    spans *many = malloc(sizeof *many);
    if (!many) {
        free(text);
        return;
    }
    rc = tag(t, text, many, NULL);
    int same = rc == FAHRAS_OK && !many->bad && many->n == reps * one.n;
    for (size_t i = 0; same && i < MAX_SPANS; i++) {
        size_t k = i % one.n, copy = i / one.n;
        same = many->type[i] == one.type[k] && many->start[i] == one.start[k] + copy * ul &&
               many->end[i] == one.end[k] + copy * ul;
    }
    CHECK(same, "a long text is tagged as its copies are: %zu spans for %zu copies of %zu", many->n, reps, one.n);
    free(many);
    free(text);
}

/* The spans of text that overlap text[at..at+n): whether each covers all
 * of it (*whole), and how many there are. */
static size_t overlapping(const spans *c, size_t at, size_t n, int *whole)
{
    size_t k = 0;
    *whole = 1;
    for (size_t i = 0; i < c->n && i < MAX_SPANS; i++) {
        if (c->end[i] <= at || c->start[i] >= at + n) continue;
        k++;
        *whole &= c->start[i] == at && c->end[i] == at + n;
    }
    return k;
}

static int same_spans(const spans *a, const spans *b)
{
    if (a->n != b->n || a->bad || b->bad) return 0;
    for (size_t i = 0; i < a->n && i < MAX_SPANS; i++)
        if (a->type[i] != b->type[i] || a->start[i] != b->start[i] || a->end[i] != b->end[i] ||
            strcmp(a->key[i], b->key[i]))
            return 0;
    return 1;
}

/* A currency after a number is no club (ريال in 3 آلاف ريال, but ريال
 * مدريد), and the dots of an abbreviation end no sentence, so سي.إن.إن is
 * tagged whole or not at all; the same through a memo that knows the
 * words already (its tokens keep no normalized form). */
static void test_units_and_abbreviations(fahras_tagger *t)
{
    static const char text[] = "بلغ السعر 3 آلاف ريال فقط، وقال لاعب ريال مدريد إنه فاز على برشلونة. "
                               "ونقلت سي.إن.إن عن الوزير قوله. وتوقعت بي.دبليو.سي للخدمات نموا بنسبة 5%.";
    const char *cur = strstr(text, "ريال فقط"), *club = strstr(text, "ريال مدريد");
    const char *cnn = strstr(text, "سي.إن.إن"), *pwc = strstr(text, "بي.دبليو.سي");
    spans plain, *memo_spans = malloc(2 * sizeof *memo_spans);
    fahras_error err;
    fahras_tag_memo *memo = fahras_tag_memo_new(&err);
    if (!memo_spans || !memo) {
        CHECK(0, "memo: out of memory");
        free(memo_spans);
        fahras_tag_memo_free(memo);
        return;
    }
    int rc = tag(t, text, &plain, &err);
    for (int round = 0; round < 2; round++) {
        spans *m = &memo_spans[round];
        memset(m, 0, sizeof *m);
        m->text = text;
        m->len = strlen(text);
        int mrc = fahras_tag_text_memo(t, memo, text, m->len, on_span, m, &err);
        CHECK(mrc == FAHRAS_OK && same_spans(&plain, m), "memo round %d: the spans of fahras_tag (%zu, %zu)",
              round, m->n, plain.n);
    }
    int whole;
    int cur_name = 0;
    for (size_t i = 0; i < plain.n && i < MAX_SPANS; i++)
        if (plain.start[i] <= (size_t)(cur - text) && (size_t)(cur - text) < plain.end[i])
            cur_name |= plain.type[i] != FAHRAS_SPAN_MISC;
    CHECK(rc == FAHRAS_OK && !cur_name, "the currency after 3 آلاف is no person, organisation or place");
    const char *club_key = key_at(&plain, "ريال مدريد");
    CHECK(club_key && overlapping(&plain, (size_t)(club - text), strlen("ريال مدريد"), &whole) == 1 && whole,
          "ريال مدريد is still tagged whole (%s)", club_key ? club_key : "none");
    size_t n_cnn = overlapping(&plain, (size_t)(cnn - text), strlen("سي.إن.إن"), &whole);
    int cnn_whole = whole;
    size_t n_pwc = overlapping(&plain, (size_t)(pwc - text), strlen("بي.دبليو.سي"), &whole);
    CHECK(n_cnn <= 1 && cnn_whole && n_pwc <= 1 && whole && n_cnn + n_pwc >= 1,
          "dotted abbreviations are tagged whole: %zu and %zu spans", n_cnn, n_pwc);
    fahras_tag_memo_free(memo);
    free(memo_spans);
}

/* A line break and the end of the text end a sentence as a full stop
 * does: a name last in a text or a headline without one is whole. */
static void test_sentence_without_stop(fahras_tagger *t)
{
    static const char *const texts[] = {"قال الرئيس دونالد ترمب", "قال الرئيس دونالد ترمب\n",
                                        "قال الرئيس دونالد ترمب\nوأضاف المتحدث أن الاجتماع انتهى."};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        spans c;
        int rc = tag(t, texts[i], &c, NULL);
        const char *k = key_at(&c, "دونالد");
        /* whole, and keyed as the news' commoner spelling (the alias table) */
        CHECK(rc == FAHRAS_OK && k && !strcmp(k, "دونالد ترامب"), "a name before the end of text %zu: %s", i,
              k ? k : "(none)");
    }
}

/* A title in quotes after a kind of work is one MISC name, from the
 * quote to the quote; a quote after another word, or one that does not
 * close within ten words, is no name of its own. */
static void test_titles_in_quotes(fahras_tagger *t)
{
    static const char text[] = "وعرض المخرج فيلم \"الطريق إلى البيت\" في المهرجان. وقال المخرج \"نحن سعداء بهذا\". "
                               "ثم قرأ كتاب \"كان يا ما كان في قديم الزمان وسالف العصر والأوان";
    spans c;
    int rc = tag(t, text, &c, NULL);
    size_t a = (size_t)(strstr(text, "الطريق") - text), b = (size_t)(strstr(text, "البيت") - text) + strlen("البيت");
    int title = 0, other = 0;
    for (size_t i = 0; i < c.n && i < MAX_SPANS; i++) {
        if (c.type[i] != FAHRAS_SPAN_MISC) continue;
        if (c.start[i] == a && c.end[i] == b) title = 1;
        else other = 1;
    }
    CHECK(rc == FAHRAS_OK && title && !other, "the film's title is one name, and nothing else is (%zu spans)", c.n);
}

/* A sports body is one organisation with its sport: UEFA is not keyed as
 * the European Union, a national federation is found, and a cup named
 * after a body is not the body. */
static void test_sports_bodies(fahras_tagger *t)
{
    static const char text[] = "وقال رئيس الاتحاد الأوروبي لكرة القدم إن البطولة ناجحة. وأعلن الاتحاد الإيطالي "
                               "لكرة القدم عقوبة. وقرر الاتحاد الدولي للتنس والاتحاد المصري لألعاب القوى ذلك. "
                               "وفاز الفريق بكأس الاتحاد الإنجليزي لكرة القدم. وقال الاتحاد الأوروبي إن القمة انتهت.";
    static const struct { const char *at, *whole; } bodies[] = {
        {"الاتحاد الأوروبي لكرة", "الاتحاد الأوروبي لكرة القدم"},
        {"الاتحاد الإيطالي", "الاتحاد الإيطالي لكرة القدم"},
        {"الاتحاد الدولي للتنس", "الاتحاد الدولي للتنس"},
        {"والاتحاد المصري", "والاتحاد المصري لألعاب القوى"},
    };
    spans c;
    int rc = tag(t, text, &c, NULL);
    for (size_t k = 0; k < sizeof bodies / sizeof *bodies; k++) {
        size_t a = (size_t)(strstr(text, bodies[k].at) - text), b = a + strlen(bodies[k].whole);
        int whole = 0;
        for (size_t i = 0; i < c.n && i < MAX_SPANS; i++)
            whole |= c.type[i] == FAHRAS_SPAN_ORG && c.start[i] == a && c.end[i] == b;
        CHECK(rc == FAHRAS_OK && whole, "%s is one organisation", bodies[k].whole);
    }
    const char *uefa = key_at(&c, "الاتحاد الأوروبي لكرة"), *eu = key_at(&c, "الاتحاد الأوروبي إن");
    CHECK(uefa && eu && strcmp(uefa, eu), "UEFA and the European Union have two keys (%s, %s)", uefa ? uefa : "-",
          eu ? eu : "-");
    const char *cup = strstr(text, "الاتحاد الإنجليزي");
    int cup_org = 0;
    for (size_t i = 0; i < c.n && i < MAX_SPANS; i++)
        cup_org |= c.type[i] == FAHRAS_SPAN_ORG && c.start[i] == (size_t)(cup - text);
    CHECK(!cup_org, "the cup's body is no organisation of its own");
}

/* A town named as a person is (بن قردان) is a place, with the key its name
 * has as a place; a person named after it (علي بن قردان) stays a person;
 * الأولى of the first lady's title is no part of her name. */
static void test_places_named_as_people(fahras_tagger *t)
{
    static const char text[] = "وقال مصدر أمني ببن قردان إن الوحدات حجزت أسلحة في بن قردان. "
                               "وقال علي بن قردان إن الوضع هادئ.";
    spans c;
    int rc = tag(t, text, &c, NULL);
    char key[128];
    size_t n;
    CHECK(fahras_entity_key(t, FAHRAS_SPAN_LOC, "بن قردان", strlen("بن قردان"), key, sizeof key, &n, NULL) ==
              FAHRAS_OK, "the place's key");
    int places = 0, person = 0;
    for (size_t i = 0; i < c.n && i < MAX_SPANS; i++) {
        places += c.type[i] == FAHRAS_SPAN_LOC && !strcmp(c.key[i], key);
        person |= c.type[i] == FAHRAS_SPAN_PER && strstr(c.key[i], "علي") != NULL;
    }
    CHECK(rc == FAHRAS_OK && places == 2, "بن قردان twice a place (%d)", places);
    CHECK(person, "علي بن قردان stays a person");
    static const char lady[] = "وقالت السيدة الأولى ميلانيا ترامب إنها سعيدة.";
    rc = tag(t, lady, &c, NULL);
    const char *k = key_of(&c, "ميلانيا ترامب");
    CHECK(rc == FAHRAS_OK && k && !strcmp(k, "ميلانيا ترامب"), "the first lady's title is not her name: %s",
          k ? k : "-");
}

/* A person's one word takes the key of the one longer name of the text it
 * ends or begins (الكعبي, كيم), and of no name where two fit (الزعبي); a
 * surname of two words too (عبد الرحمن), not after بن; the same word is
 * another person's in another text (كونتي). */
static void test_person_parts(fahras_tagger *t)
{
    static const char text[] = "قال الوزير أحمد الكعبي إن الحكومة ستدعم المزارعين. وأضاف الكعبي أن القرار نهائي. "
                               "والتقى الزعيم الكوري كيم جونغ أون بالرئيس الأمريكي في سنغافورة. وقال كيم إن "
                               "اللقاء كان مثمرا. وقال اللاعب سامر الزعبي والمدرب نادر الزعبي إن الفريق جاهز. "
                               "وأكد الزعبي ذلك.";
    spans c;
    int rc = tag(t, text, &c, NULL);
    const char *full = key_at(&c, "أحمد الكعبي"), *alone = key_at(&c, "الكعبي أن");
    CHECK(rc == FAHRAS_OK && full && alone && !strcmp(full, alone), "الكعبي alone is أحمد الكعبي (%s, %s)",
          full ? full : "-", alone ? alone : "-");
    full = key_at(&c, "كيم جونغ");
    alone = key_at(&c, "كيم إن");
    CHECK(full && alone && !strcmp(full, alone), "كيم alone is كيم جونغ أون (%s, %s)", full ? full : "-",
          alone ? alone : "-");
    alone = key_at(&c, "الزعبي ذلك");
    CHECK(key_at(&c, "سامر") && key_at(&c, "نادر") && alone && !strcmp(alone, "الزعبي"),
          "الزعبي alone, after two of that name, is neither (%s)", alone ? alone : "-");

    static const char sur[] = "قال مدير المرصد رامي عبد الرحمن إن القصف استمر. وأضاف عبد الرحمن أن الضحايا "
                              "مدنيون. وقال الأمير فيصل بن عبد الكريم إن الزيارة ناجحة. وأكد عبد الكريم ذلك.";
    rc = tag(t, sur, &c, NULL);
    full = key_at(&c, "رامي عبد");
    alone = key_at(&c, "عبد الرحمن أن");
    CHECK(rc == FAHRAS_OK && full && alone && !strcmp(full, alone), "عبد الرحمن alone is رامي عبد الرحمن (%s, %s)",
          full ? full : "-", alone ? alone : "-");
    full = key_at(&c, "فيصل بن");
    alone = key_at(&c, "عبد الكريم ذلك");
    CHECK(full && alone && strcmp(full, alone), "عبد الكريم, after بن, is the father's name, not فيصل's (%s)",
          alone ? alone : "-");

    static const char a[] = "قال المدرب أنطونيو كونتي إن فريقه مستعد. وأضاف كونتي أن المباراة صعبة.",
                      b[] = "قال رئيس الوزراء الإيطالي جوزيبي كونتي إن حكومته مستعدة. وأضاف كونتي أن الميزانية جاهزة.";
    char ka[128] = "", kb[128] = "";
    rc = tag(t, a, &c, NULL);
    if (key_at(&c, "كونتي أن")) snprintf(ka, sizeof ka, "%s", key_at(&c, "كونتي أن"));
    int a_full = key_at(&c, "أنطونيو") && !strcmp(ka, key_at(&c, "أنطونيو"));
    rc |= tag(t, b, &c, NULL);
    if (key_at(&c, "كونتي أن")) snprintf(kb, sizeof kb, "%s", key_at(&c, "كونتي أن"));
    int b_full = key_at(&c, "جوزيبي") && !strcmp(kb, key_at(&c, "جوزيبي"));
    CHECK(rc == FAHRAS_OK && a_full && b_full && strcmp(ka, kb), "كونتي is a person of each text (%s, %s)", ka, kb);
}

/* A month's name where it names the month is no person, though a person of
 * that name is in the text (محمد رمضان, then شهر رمضان and 14 رمضان 1439). */
static void test_months_in_dates(fahras_tagger *t)
{
    static const char text[] = "قال الممثل محمد رمضان إن مسلسله الجديد جاهز. وأضاف رمضان أن التصوير انتهى. "
                               "ويعرض المسلسل في شهر رمضان المقبل على قناة مصرية. وكان رمضان قد قدم دور ضابط "
                               "في 14 رمضان 1439.";
    spans c;
    int rc = tag(t, text, &c, NULL);
    const char *in_month = strstr(text, "شهر رمضان") + strlen("شهر "), *in_date = strstr(text, "14 رمضان") + 3;
    int person_named = key_at(&c, "محمد رمضان") != NULL, month_named = 0;
    for (size_t i = 0; i < c.n && i < MAX_SPANS; i++) {
        size_t a = (size_t)(in_month - text), b = (size_t)(in_date - text);
        month_named |= (c.start[i] <= a && a < c.end[i]) || (c.start[i] <= b && b < c.end[i]);
    }
    CHECK(rc == FAHRAS_OK && person_named && !month_named,
          "رمضان the month is no name beside محمد رمضان the person (%zu spans)", c.n);
}

/* A tagger made from an analyzer that stems as the model's profile shares
 * its tables of frequent words (counted: either may go first); one made
 * from an analyzer that stems otherwise builds its own.  Both tag as the
 * tagger made from defaults does. */
static void test_shared_tables(fahras_tagger *t)
{
    static const char text[] = "قال الرئيس السوري بشار الأسد في دمشق إن قوات سوريا الديمقراطية انسحبت من الرقة";
    fahras_error err;
    spans want, got;
    CHECK(tag(t, text, &want, &err) == FAHRAS_OK && want.n >= 3, "defaults: %zu spans", want.n);
    for (int stem = FAHRAS_STEM_NONE; stem <= FAHRAS_STEM_LIGHT; stem++) {
        fahras_options o;
        fahras_options_default(&o);
        o.stem = stem;
        fahras_analyzer *an = fahras_analyzer_new(&o, &err);
        fahras_tagger *first = an ? fahras_tagger_new(an, &err) : NULL;
        fahras_tagger *second = an ? fahras_tagger_new(an, &err) : NULL;
        CHECK(an && first && second, "stem %d: analyzer and taggers", stem);
        fahras_tagger_free(first); /* a sharer gone first, then the analyzer */
        fahras_analyzer_free(an);
        if (!second) continue;
        int rc = tag(second, text, &got, &err);
        int same = rc == FAHRAS_OK && got.n == want.n;
        for (size_t i = 0; same && i < got.n; i++)
            same = got.type[i] == want.type[i] && got.start[i] == want.start[i] && got.end[i] == want.end[i] &&
                   !strcmp(got.key[i], want.key[i]);
        CHECK(same, "stem %d: the spans of the tagger from defaults (%zu of %zu)", stem, got.n, want.n);
        fahras_tagger_free(second);
    }
}

/* The dateline a body begins with: its end, or 0. */
static void test_dateline(void)
{
    static const struct {
        const char *text, *after; /* after: the text after the dateline, NULL for none */
    } cases[] = {
        {"دبي، الإمارات العربية المتحدة (CNN) -- سيحصل عشاق السينما", " سيحصل عشاق السينما"},
        {"(CNN)-- خبيرة الأسواق المالية", " خبيرة الأسواق المالية"},
        {"أتلانتا، الولايات المتحدة الأمريكية (CNN) – قال", " قال"},
        {"القاهرة (رويترز) - قال مسؤول", " قال مسؤول"},
        {"\n  لندن (أ ف ب) —بدأت", "بدأت"},
        /* a sentence opening with an organisation and its acronym */
        {"توقعت منظمة الدول المنتجة للنفط (أوبك) - وهي", NULL},
        {"أعلنت الشركة (CNN) أن", NULL},         /* no dash */
        {"في عام (2018) - قال", NULL},           /* no agency: digits */
        {"دبي (CNN", NULL},                      /* no closing bracket */
        {"واحد، اثنان ثلاثة أربعة خمسة ستة سبعة (CNN) --", NULL}, /* a place of seven words */
        {"(CNN)", NULL},
        {"", NULL},
        {"\xD8", NULL},                          /* a truncated letter */
        {"دبي\xD8 (CNN) --", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *s = cases[i].text;
        size_t end = fahras_dateline_end(s, strlen(s));
        size_t want = cases[i].after ? strlen(s) - strlen(cases[i].after) : 0;
        CHECK(end == want && (!cases[i].after || !strcmp(s + end, cases[i].after)),
              "dateline_end(%s) = %zu, not %zu", s, end, want);
    }
    CHECK(fahras_dateline_end(NULL, 5) == 0, "dateline_end(NULL) = 0");
    /* only the first 200 bytes are read */
    char longer[400];
    memset(longer, ' ', 250);
    strcpy(longer + 250, "(CNN) -- x");
    CHECK(fahras_dateline_end(longer, strlen(longer)) == 0, "a dateline past 200 bytes is none");
}

int main(void)
{
    fahras_error err;
    fahras_tagger *t = fahras_tagger_new(NULL, &err);
    CHECK(t != NULL, "tagger_new: %s", t ? "" : err.message);
    if (!t) return 1;
    test_arguments(t);
    test_utf8(t);
    test_offsets_and_keys(t);
    test_abort(t);
    test_dateline();
    test_threads(t);
    test_long_input(t);
    test_one_name_one_tag(t);
    test_shared_tables(t);
    test_units_and_abbreviations(t);
    test_months_in_dates(t);
    test_sentence_without_stop(t);
    test_titles_in_quotes(t);
    test_sports_bodies(t);
    test_person_parts(t);
    test_places_named_as_people(t);
    fahras_tagger_free(t);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
