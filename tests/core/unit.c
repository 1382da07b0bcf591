/*
 * unit.c - table-driven tests of the analysis core through its public API:
 * normalization, tokenization with offsets, keys, segmentation, options
 * and the options table, index terms, errors, limits and concurrent use.
 * Prints "N passed, N failed".
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fahras.h"

#include "../check.h"

/* ---- helpers ---------------------------------------------------------- */

typedef struct collect {
    const char *text;
    char keys[4096];    /* keys joined by ' ' */
    char norms[4096];   /* norms joined by ' ' */
    char segs[4096];    /* segmentations joined by ' ' */
    char types[512];    /* one letter per token */
    size_t count;
    int offsets_ok;     /* every token's offsets are inside the text, increasing */
    size_t last_end;
} collect;

static void append(char *buf, size_t cap, const char *s, size_t n)
{
    size_t len = strlen(buf);
    if (len && len + 1 < cap) buf[len++] = ' ';
    if (len + n >= cap) n = cap - len - 1;
    memcpy(buf + len, s, n);
    buf[len + n] = '\0';
}

static int collect_cb(void *ctx, const fahras_token *t)
{
    collect *c = ctx;
    static const char type_letters[] = "?AWNHMUE";
    append(c->keys, sizeof c->keys, t->key, t->key_len);
    append(c->norms, sizeof c->norms, t->norm, t->norm_len);
    append(c->segs, sizeof c->segs, t->seg, t->seg_len);
    size_t n = strlen(c->types);
    if (n + 1 < sizeof c->types) {
        c->types[n] = t->type >= 1 && t->type <= 7 ? type_letters[t->type] : '?';
        c->types[n + 1] = '\0';
    }
    if (t->start > t->end || t->end > strlen(c->text) ||
        (!(t->flags & FAHRAS_TOKEN_PART) && t->start < c->last_end))
        c->offsets_ok = 0;
    if (!(t->flags & FAHRAS_TOKEN_PART)) c->last_end = t->end;
    c->count++;
    return 0;
}

static fahras_analyzer *analyzer(const char *spec)
{
    fahras_options o;
    fahras_error err;
    fahras_options_default(&o);
    if (spec && fahras_options_parse(&o, spec, &err)) {
        fprintf(stderr, "bad spec %s: %s\n", spec, err.message);
        exit(2);
    }
    fahras_analyzer *a = fahras_analyzer_new(&o, &err);
    if (!a) {
        fprintf(stderr, "analyzer: %s\n", err.message);
        exit(2);
    }
    return a;
}

static int run(fahras_analyzer *a, const char *text, collect *c)
{
    fahras_error err;
    memset(c, 0, sizeof *c);
    c->text = text;
    c->offsets_ok = 1;
    return fahras_analyze(a, text, strlen(text), collect_cb, c, &err);
}

/* ---- tables ----------------------------------------------------------- */

static const struct { const char *in, *keys; } key_cases[] = {
    /* the seed's three spellings of one word, and its clitics */
    {"الدَّوْليّ الدُّوَليّ الدولي", "دولي دولي دولي"},
    {"والتحالف للتحالف التحالف تحالف", "تحالف تحالف تحالف تحالف"},
    {"بريف الريف ريف", "ريف ريف ريف"},
    {"لـ”قسد” «قسد» (قسد) \"قسد\"", "قسد قسد قسد قسد"},
    {"لـ\"الإدارة الذاتية\"", "ادار ذاتي"},
    {"حملةٌ جديدةٌ", "حمل جديد"},
    /* alef forms, maqsura, hamza carriers, tatweel */
    {"أحمد إحمد آحمد ٱحمد احمد", "احمد احمد احمد احمد احمد"},
    {"مستشفى مستشفي", "مستشفي مستشفي"},
    {"مسؤول مسئول", "مسءول مسءول"},
    {"جـــــديد", "جديد"},
    /* words whose first letter is not a clitic */
    {"وزير الوزير والوزير", "وزير وزير وزير"},
    {"ولد بلد فتح", "ولد بلد فتح"},
    {"كانت كان", "كان كان"},
    {"لبنان ولبنان", "لبنان لبنان"},
    /* enclitic pronouns and feminine ending before them */
    {"كتابه كتابها كتابهم", "كتاب كتاب كتاب"},
    {"مدرسة مدرستها", "مدرس مدرس"},
    {"فيها فيه في", "في في في"},
    /* function words share one key */
    {"الذي التي الذين", "الذي الذي الذي"},
    {"هذا هذه", "هذا هذا"},
    /* plurals and duals */
    {"المسؤولين المسؤولون", "مسءول مسءول"},
    {"السيارات سيارة", "سيار سيار"},
    /* numbers */
    {"2021م ١٤ ١٬٠٠٠٫٥ 3.5 1,000 ۱۲", "2021 14 1000.5 3.5 1000 12"},
    {"في 14 أبريل/نيسان 2021", "في 14 ابريل نيسان 2021"},
    /* Latin, hashtags, mentions, URLs, e-mails */
    {"The VOICE", "the voice"},
    {"#عاصي_الحلاني", "#عاصي_الحلاني عاصي حلاني"},
    {"@user_1 قال", "@user_1 قال"},
    {"زوروا https://example.com/a?b=1. الآن", "زور https://example.com/a?b=1 الان"},
    {"راسلونا على info@example.org.", "راسلو علي info@example.org"},
    {"www.Example.com", "www.example.com"},
    /* presentation forms and ligatures */
    {"\xEF\xBB\xBB", "لا"}, /* U+FEFB lam-alef isolated: ﻻ */
    {"ﺍﻟﻌﺮﺑﻴﺔ", "عربي"},
    /* zero-width and bidi controls never split a word */
    {"الدو\xE2\x80\x8Cلي", "دولي"},
    {"\xE2\x80\x8Fقسد\xE2\x80\x8F", "قسد"},
    {"\xEF\xBB\xBF" "قسد", "قسد"},
    /* empty and separators only */
    {"", ""},
    {" \t\n،؛؟!«»", ""},
};

static const struct { const char *in, *out; } norm_cases[] = {
    {"الدَّوْليّ", "الدولي"},
    {"لـ”قسد”", "ل\"قسد\""},
    {"«قسد»", "\"قسد\""},
    {"أإآٱ", "اااا"},
    {"ى ة ؤ ئ", "ي ه ء ء"},
    {"ک ی ۀ", "ك ي ه"},
    {"٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹", "0123456789 0123456789"},
    {"،؛؟٪", ",;?%"},
    {"a\xC2\xA0" "b", "a b"},
    {"ABC Ünïcode", "abc ünïcode"},
    {"قرآنٌ ۖ", "قران "},
    {"\xEF\xBB\xBB", "لا"},
};

static const struct { const char *in, *seg; } seg_cases[] = {
    {"والتحالف", "و+ال+تحالف"},
    {"للتحالف", "ل+ل+تحالف"},
    {"بريف", "ب+ريف"},
    {"وبالتحالف", "و+ب+ال+تحالف"},
    {"كتابهم", "كتاب+هم"},
    {"وسيارته", "و+سيارت+ه"},
    {"وزير", "وزير"},
    {"الذي", "الذي"},
    {"إليه", "الي+ه"},
};

/* ---- tests ------------------------------------------------------------ */

static void test_keys(void)
{
    fahras_analyzer *a = analyzer(NULL);
    for (size_t i = 0; i < sizeof key_cases / sizeof key_cases[0]; i++) {
        collect c;
        int rc = run(a, key_cases[i].in, &c);
        CHECK(rc == FAHRAS_OK, "analyze '%s' failed %d", key_cases[i].in, rc);
        CHECK(!strcmp(c.keys, key_cases[i].keys), "keys of '%s': got '%s' want '%s'",
              key_cases[i].in, c.keys, key_cases[i].keys);
        CHECK(c.offsets_ok, "offsets of '%s' out of order or range", key_cases[i].in);
    }
    fahras_analyzer_free(a);
}

static void test_normalize(void)
{
    fahras_analyzer *a = analyzer(NULL);
    for (size_t i = 0; i < sizeof norm_cases / sizeof norm_cases[0]; i++) {
        char out[256];
        size_t n;
        fahras_error err;
        int rc = fahras_normalize(a, norm_cases[i].in, strlen(norm_cases[i].in), out, sizeof out, &n, &err);
        CHECK(rc == FAHRAS_OK && !strcmp(out, norm_cases[i].out), "normalize '%s': got '%s' want '%s'",
              norm_cases[i].in, out, norm_cases[i].out);
    }
    /* snprintf-style: a short buffer gets a prefix, the return says the need */
    char small[4];
    size_t need;
    int rc = fahras_normalize(a, "abcdef", 6, small, sizeof small, &need, NULL);
    CHECK(rc == FAHRAS_OK && need == 6 && !strcmp(small, "abc"), "short buffer: %zu '%s'", need, small);
    rc = fahras_normalize(a, "abcdef", 6, NULL, 0, &need, NULL);
    CHECK(rc == FAHRAS_OK && need == 6, "size query: %zu", need);
    fahras_analyzer_free(a);
}

static int seg_cb(void *ctx, const fahras_token *t)
{
    snprintf(ctx, 128, "%.*s", (int)t->seg_len, t->seg);
    return 0;
}

static void test_segments(void)
{
    fahras_analyzer *a = analyzer(NULL);
    for (size_t i = 0; i < sizeof seg_cases / sizeof seg_cases[0]; i++) {
        char seg[128] = "";
        fahras_analyze(a, seg_cases[i].in, strlen(seg_cases[i].in), seg_cb, seg, NULL);
        CHECK(!strcmp(seg, seg_cases[i].seg), "segment '%s': got '%s' want '%s'", seg_cases[i].in,
              seg, seg_cases[i].seg);
    }
    fahras_analyzer_free(a);
}

/* Offsets slice back to the original (diacritized) bytes. */
typedef struct slices { const char *text; char out[1024]; } slices;

static int slice_cb(void *ctx, const fahras_token *t)
{
    slices *s = ctx;
    append(s->out, sizeof s->out, s->text + t->start, t->end - t->start);
    return 0;
}

static void test_offsets(void)
{
    fahras_analyzer *a = analyzer(NULL);
    const char *text = "نفّذت “قوات سوريا الديمقراطية” (قسد)، في 14 أبريل/نيسان 2021م.";
    slices s = {text, ""};
    fahras_analyze(a, text, strlen(text), slice_cb, &s, NULL);
    CHECK(!strcmp(s.out, "نفّذت قوات سوريا الديمقراطية قسد في 14 أبريل نيسان 2021م"),
          "slices: '%s'", s.out);
    fahras_analyzer_free(a);
}

static void test_options(void)
{
    fahras_options o;
    fahras_error err;
    fahras_options_default(&o);
    CHECK(o.stem == FAHRAS_STEM_LIGHT && o.norm == FAHRAS_NORM_DEFAULT, "defaults");
    CHECK(fahras_options_parse(&o, "stem=clitics,diacritics=off alef=no", &err) == FAHRAS_OK,
          "parse: %s", err.message);
    CHECK(o.stem == FAHRAS_STEM_CLITICS && !(o.norm & FAHRAS_NORM_DIACRITICS) &&
              !(o.norm & FAHRAS_NORM_ALEF),
          "parsed values");
    CHECK(fahras_options_parse(&o, "bogus=1", &err) == FAHRAS_ERR_OPTION &&
              strstr(err.message, "bogus"),
          "unknown option named: %s", err.message);
    CHECK(fahras_options_parse(&o, "stem=heavy", &err) == FAHRAS_ERR_OPTION &&
              strstr(err.message, "heavy"),
          "bad value named: %s", err.message);
    CHECK(fahras_options_parse(&o, "stem", &err) == FAHRAS_ERR_OPTION, "missing value");
    char d1[128], d2[128];
    fahras_options_default(&o);
    fahras_options_describe(&o, d1, sizeof d1);
    fahras_options_parse(&o, "stem=none", NULL);
    fahras_options_describe(&o, d2, sizeof d2);
    CHECK(strcmp(d1, d2) != 0 && strstr(d1, "stem=light"), "describe: '%s' vs '%s'", d1, d2);
    /* a description parses back to the same options */
    fahras_options back;
    fahras_options_default(&back);
    fahras_options_parse(&back, "stem=clitics diacritics=off hashtag_parts=off", NULL);
    char d3[128], d4[128];
    fahras_options_describe(&back, d3, sizeof d3);
    fahras_options_default(&o);
    CHECK(fahras_options_parse(&o, d3, &err) == FAHRAS_OK, "describe round trip: %s", err.message);
    fahras_options_describe(&o, d4, sizeof d4);
    CHECK(!strcmp(d3, d4), "round trip: '%s' vs '%s'", d3, d4);
    CHECK(fahras_options_parse(&o, "fahras=9.9", &err) == FAHRAS_ERR_OPTION && strstr(err.message, "9.9"),
          "other version refused: %s", err.message);
    CHECK(fahras_options_parse(&o, "norm=0xzz", &err) == FAHRAS_ERR_OPTION, "bad hex");
    /* this build's keys are the ones its version stands for */
    fahras_options_describe(NULL, d1, sizeof d1);
    CHECK(!strncmp(d1, "fahras=", 7) && !strchr(d1, '+'),
          "'%s': the keys fingerprint (after '+') is not the one src/core/stamp.c records for "
          "this version; when keys change on purpose, bump FAHRAS_VERSION_MINOR and record it", d1);
    o.stem = 99;
    CHECK(fahras_analyzer_new(&o, &err) == NULL && err.code == FAHRAS_ERR_OPTION, "range check");

    /* diacritics kept when switched off */
    fahras_analyzer *a = analyzer("diacritics=off");
    collect c;
    run(a, "الدَّوْليّ", &c);
    CHECK(!strcmp(c.norms, "الدَّوْليّ"), "diacritics=off norm '%s'", c.norms);
    fahras_analyzer_free(a);
    a = analyzer("stem=none");
    run(a, "والتحالف", &c);
    CHECK(!strcmp(c.keys, "والتحالف"), "stem=none key '%s'", c.keys);
    fahras_analyzer_free(a);
    a = analyzer("stem=clitics");
    run(a, "والسيارات", &c);
    CHECK(!strcmp(c.keys, "سيارات"), "stem=clitics key '%s'", c.keys);
    fahras_analyzer_free(a);
    a = analyzer("hashtag_parts=off");
    run(a, "#عاصي_الحلاني", &c);
    CHECK(c.count == 1, "hashtag_parts=off: %zu tokens", c.count);
    fahras_analyzer_free(a);
}

/* ---- the options table ------------------------------------------------ */

static int same_options(const fahras_options *a, const fahras_options *b)
{
    return a->norm == b->norm && a->stem == b->stem && a->utf8 == b->utf8 &&
           a->hashtag_parts == b->hashtag_parts;
}

/* o survives describe -> parse (the fields the description holds) and
 * spec -> parse onto the defaults (every field). */
static void check_round_trips(const fahras_options *o, const char *what)
{
    char d1[256], d2[256], spec[512];
    fahras_error err;
    fahras_options back;
    size_t n = fahras_options_describe(o, d1, sizeof d1);
    CHECK(n == strlen(d1) && n < sizeof d1, "%s: describe length %zu", what, n);
    fahras_options_default(&back);
    back.utf8 = o->utf8; /* not a key option: not described */
    CHECK(fahras_options_parse(&back, d1, &err) == FAHRAS_OK, "%s: parse '%s': %s", what, d1,
          err.message);
    fahras_options_describe(&back, d2, sizeof d2);
    CHECK(same_options(o, &back) && !strcmp(d1, d2), "%s: describe round trip '%s' -> '%s'", what,
          d1, d2);
    n = fahras_options_spec(o, spec, sizeof spec);
    CHECK(n == strlen(spec) && n < sizeof spec, "%s: spec length %zu", what, n);
    fahras_options_default(&back);
    CHECK(fahras_options_parse(&back, spec, &err) == FAHRAS_OK, "%s: parse spec '%s': %s", what,
          spec, err.message);
    CHECK(same_options(o, &back), "%s: spec round trip '%s'", what, spec);
}

static void test_option_table(void)
{
    size_t count = fahras_option_count();
    unsigned rule_bits = 0;
    CHECK(count >= 17 && fahras_option_at(count) == NULL, "table of %zu options", count);
    fahras_options def;
    fahras_options_default(&def);
    for (size_t i = 0; i < count; i++) {
        const fahras_option_info *opt = fahras_option_at(i);
        CHECK(opt && opt->name && opt->help && *opt->help && opt->nvalues > 0,
              "option %zu complete", i);
        if (!opt) continue;
        CHECK(fahras_option_find(opt->name) == opt, "find '%s'", opt->name);
        fahras_options o = def;
        fahras_error err;
        CHECK(fahras_options_set(&o, opt->name, opt->default_value, &err) == FAHRAS_OK &&
                  same_options(&o, &def),
              "%s: its default '%s' is the default", opt->name, opt->default_value);
        if (opt->kind == FAHRAS_OPTION_RULE) {
            CHECK(opt->bits && !(opt->bits & rule_bits) && !(opt->bits & ~FAHRAS_NORM_ALL),
                  "%s: a bit of its own", opt->name);
            rule_bits |= opt->bits;
        }
        /* every value, set on the defaults, round-trips */
        for (size_t v = 0; v < opt->nvalues; v++) {
            char what[96];
            snprintf(what, sizeof what, "%s=%s", opt->name, opt->values[v].name);
            o = def;
            CHECK(fahras_options_set(&o, opt->name, opt->values[v].name, &err) == FAHRAS_OK,
                  "%s: %s", what, err.message);
            check_round_trips(&o, what);
        }
        /* a bad value is an error naming the value, the option and what it takes */
        fahras_options o2 = def;
        CHECK(fahras_options_set(&o2, opt->name, "bogus", &err) == FAHRAS_ERR_OPTION &&
                  strstr(err.message, "bogus") && strstr(err.message, opt->name) &&
                  strstr(err.message, opt->values[0].name) && same_options(&o2, &def),
              "%s=bogus: '%s'", opt->name, err.message);
    }
    CHECK(rule_bits == FAHRAS_NORM_ALL, "the rules cover FAHRAS_NORM_ALL: %#x", rule_bits);

    /* normalization profiles as bits, and every single rule off */
    static const unsigned profiles[] = {0, 0x1555, 0x0aaa, FAHRAS_NORM_ALL};
    for (size_t i = 0; i < sizeof profiles / sizeof profiles[0]; i++) {
        fahras_options o = def;
        o.norm = profiles[i];
        check_round_trips(&o, "norm profile");
    }
    for (unsigned bit = 1; bit & FAHRAS_NORM_ALL; bit <<= 1) {
        fahras_options o = def;
        o.norm &= ~bit;
        o.stem = FAHRAS_STEM_NONE;
        o.hashtag_parts = 0;
        check_round_trips(&o, "one rule off");
    }

    /* what the defaults look like */
    char buf[256];
    fahras_options_spec(&def, buf, sizeof buf);
    CHECK(!strcmp(buf, "stem=light,hashtag_parts=on"), "default spec '%s'", buf);
    fahras_options o = def;
    fahras_options_parse(&o, "stem=clitics,diacritics=off,utf8=replace", NULL);
    fahras_options_spec(&o, buf, sizeof buf);
    CHECK(!strcmp(buf, "stem=clitics,diacritics=off,utf8=replace,hashtag_parts=on"), "spec '%s'",
          buf);
    size_t need = fahras_options_describe(&def, NULL, 0);
    CHECK(need == fahras_options_describe(&def, buf, 8) && strlen(buf) == 7,
          "describe is snprintf style: %zu, '%s'", need, buf);
    need = fahras_options_spec(&def, NULL, 0);
    CHECK(need == strlen("stem=light,hashtag_parts=on"), "spec is snprintf style: %zu", need);

    /* unknown names and values are errors that name them */
    fahras_error err;
    o = def;
    CHECK(fahras_options_parse(&o, "stem=none,colour=blue", &err) == FAHRAS_ERR_OPTION &&
              strstr(err.message, "colour") && err.offset == 10,
          "unknown option named, with its offset: '%s' at %zu", err.message, err.offset);
    CHECK(fahras_option_find("colour") == NULL && fahras_option_find(NULL) == NULL, "find unknown");
    CHECK(fahras_options_set(&o, "norm", "0x2000", &err) == FAHRAS_ERR_OPTION &&
              strstr(err.message, "0x2000") && strstr(err.message, "0xHEX"),
          "a bit beyond the rules: '%s'", err.message);
    static const char *const bad_bits[] = {"0x", "0x-1", "0x 1", "0x0x1", "0x123456789", "1fff"};
    for (size_t i = 0; i < sizeof bad_bits / sizeof bad_bits[0]; i++)
        CHECK(fahras_options_set(&o, "norm", bad_bits[i], NULL) == FAHRAS_ERR_OPTION,
              "norm=%s refused", bad_bits[i]);
    CHECK(fahras_options_set(&o, "norm", "0x1FfF", NULL) == FAHRAS_OK && o.norm == 0x1fff,
          "hex digits in either case");
    CHECK(fahras_options_set(NULL, "stem", "none", &err) == FAHRAS_ERR_ARG &&
              fahras_options_set(&o, NULL, "none", &err) == FAHRAS_ERR_ARG &&
              fahras_options_parse(NULL, "", &err) == FAHRAS_ERR_ARG,
          "NULL arguments");

    /* a description from another version: an error, the rest applied */
    o = def;
    CHECK(fahras_options_parse(&o, "fahras=9.9 stem=none norm=0x0001 hashtag_parts=0", &err) ==
                  FAHRAS_ERR_OPTION &&
              strstr(err.message, "9.9") && strstr(err.message, "rebuild") &&
              o.stem == FAHRAS_STEM_NONE && o.norm == 1 && o.hashtag_parts == 0,
          "other version: '%s', options still read", err.message);
    o = def;
    CHECK(fahras_options_parse(&o, "fahras=9.9 future=1 stem=none", &err) == FAHRAS_ERR_OPTION &&
              strstr(err.message, "9.9") && o.stem == FAHRAS_STEM_NONE,
          "other version with options unknown here: '%s'", err.message);
}

/* ---- index terms ------------------------------------------------------ */

typedef struct terms_collect {
    char out[1024]; /* "key|exact key|exact ..." */
    int counts[8];
    size_t n;
} terms_collect;

static int terms_cb(void *ctx, const fahras_token *t)
{
    terms_collect *c = ctx;
    char buf[FAHRAS_MAX_TERM_BYTES];
    fahras_terms tm;
    int n = fahras_token_terms(t, buf, sizeof buf, &tm);
    if (c->n < 8) c->counts[c->n++] = n;
    size_t len = strlen(c->out);
    snprintf(c->out + len, sizeof c->out - len, "%s%.*s|%.*s", len ? " " : "", (int)tm.key_len,
             tm.key ? tm.key : "", (int)tm.exact_len, tm.exact ? tm.exact : "");
    return 0;
}

static void test_token_terms(void)
{
    fahras_analyzer *a = analyzer(NULL);
    terms_collect c;
    memset(&c, 0, sizeof c);
    fahras_analyze(a, "والتحالف الدولي دولي 2021", strlen("والتحالف الدولي دولي 2021"), terms_cb, &c,
                   NULL);
    CHECK(!strcmp(c.out, "تحالف|=والتحالف دولي|=الدولي دولي| 2021|"), "terms '%s'", c.out);
    CHECK(c.n == 4 && c.counts[0] == 2 && c.counts[1] == 2 && c.counts[2] == 1 && c.counts[3] == 1,
          "term counts %d %d %d %d", c.counts[0], c.counts[1], c.counts[2], c.counts[3]);
    fahras_analyzer_free(a);

    /* tokens made by hand: an empty key falls back on the form; nothing
     * is nothing; the exact form is cut to FAHRAS_MAX_TOKEN_BYTES */
    char buf[FAHRAS_MAX_TERM_BYTES], longform[FAHRAS_MAX_TOKEN_BYTES + 10];
    fahras_token t;
    fahras_terms tm;
    memset(&t, 0, sizeof t);
    t.norm = "abc";
    t.norm_len = 3;
    t.key = "";
    CHECK(fahras_token_terms(&t, buf, sizeof buf, &tm) == 1 && tm.key == t.norm &&
              tm.key_len == 3 && !tm.exact && tm.exact_len == 0,
          "empty key: the form is the term");
    t.norm_len = 0;
    CHECK(fahras_token_terms(&t, buf, sizeof buf, &tm) == 0 && tm.key_len == 0, "no term");
    memset(longform, 'x', sizeof longform);
    t.norm = longform;
    t.norm_len = sizeof longform;
    t.key = "x";
    t.key_len = 1;
    CHECK(fahras_token_terms(&t, buf, sizeof buf, &tm) == 2 && tm.exact == buf &&
              tm.exact[0] == FAHRAS_EXACT_MARK && tm.exact_len == FAHRAS_MAX_TERM_BYTES,
          "long exact form cut: %zu", tm.exact_len);
    CHECK(fahras_token_terms(&t, buf, sizeof buf - 1, &tm) == FAHRAS_ERR_ARG &&
              fahras_token_terms(NULL, buf, sizeof buf, &tm) == FAHRAS_ERR_ARG &&
              fahras_token_terms(&t, NULL, sizeof buf, &tm) == FAHRAS_ERR_ARG &&
              fahras_token_terms(&t, buf, sizeof buf, NULL) == FAHRAS_ERR_ARG,
          "bad arguments");
}

static int stop_after_one(void *ctx, const fahras_token *t)
{
    (void)t;
    ++*(int *)ctx;
    return 1;
}

static void test_errors(void)
{
    fahras_analyzer *a = analyzer(NULL);
    fahras_error err;
    collect c;
    memset(&c, 0, sizeof c);
    const char bad[] = "قسد \xFF قسد";
    c.text = bad;
    c.offsets_ok = 1;
    int rc = fahras_analyze(a, bad, strlen(bad), collect_cb, &c, &err);
    CHECK(rc == FAHRAS_ERR_UTF8 && err.offset == 7 && c.count == 1,
          "invalid byte: rc %d offset %zu tokens %zu", rc, err.offset, c.count);
    const char trunc[] = "قسد \xD9";
    rc = fahras_analyze(a, trunc, strlen(trunc), collect_cb, &c, &err);
    CHECK(rc == FAHRAS_ERR_UTF8 && err.offset == 7, "truncated: rc %d offset %zu", rc, err.offset);
    const char *overlong[] = {"\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\x80"};
    for (size_t i = 0; i < sizeof overlong / sizeof overlong[0]; i++) {
        size_t off = 99;
        CHECK(fahras_utf8_check(overlong[i], strlen(overlong[i]), &off) == FAHRAS_ERR_UTF8 && off == 0,
              "invalid sequence %zu accepted", i);
    }
    fahras_analyzer_free(a);

    a = analyzer("utf8=replace");
    rc = run(a, bad, &c);
    CHECK(rc == FAHRAS_OK && !strcmp(c.keys, "قسد قسد"), "replace: rc %d keys '%s'", rc, c.keys);
    char out[64];
    size_t n;
    fahras_normalize(a, "a\xFF" "b", 3, out, sizeof out, &n, NULL);
    CHECK(!strcmp(out, "a\xEF\xBF\xBD" "b"), "normalize replaces with U+FFFD");
    fahras_analyzer_free(a);

    a = analyzer(NULL);
    int calls = 0;
    rc = fahras_analyze(a, "واحد اثنان ثلاثة", strlen("واحد اثنان ثلاثة"), stop_after_one, &calls, &err);
    CHECK(rc == FAHRAS_ERR_ABORTED && calls == 1, "abort: rc %d calls %d", rc, calls);
    CHECK(fahras_analyze(NULL, "x", 1, stop_after_one, &calls, &err) == FAHRAS_ERR_ARG, "NULL analyzer");
    CHECK(fahras_analyze(a, NULL, 5, stop_after_one, &calls, &err) == FAHRAS_ERR_ARG, "NULL text");
    CHECK(fahras_analyze(a, NULL, 0, stop_after_one, &calls, NULL) == FAHRAS_OK, "empty NULL text");
    CHECK(strcmp(fahras_strerror(FAHRAS_ERR_UTF8), "invalid UTF-8") == 0, "strerror");
    CHECK(fahras_strerror(12345) != NULL, "strerror unknown");
    fahras_analyzer_free(a);
    fahras_analyzer_free(NULL); /* NULL-safe */
}

static int count_cb(void *ctx, const fahras_token *t)
{
    (void)t;
    ++*(size_t *)ctx;
    return 0;
}

/* Pathological inputs: linear work, bounded output.  No time is asserted
 * here (the suite's runner has a hang guard); the checks are on results. */
static void test_pathological(void)
{
    fahras_analyzer *a = analyzer(NULL);
    size_t big = 1 << 20;
    char *buf = malloc(10 * big + 16);
    /* a megabyte of harakat after one letter: one token, diacritics gone */
    memcpy(buf, "\xD8\xA8", 2); /* ب */
    for (size_t i = 2; i + 1 < big; i += 2) memcpy(buf + i, "\xD9\x8E", 2); /* fatha */
    size_t count = 0;
    int rc = fahras_analyze(a, buf, big, count_cb, &count, NULL);
    CHECK(rc == FAHRAS_OK && count == 1, "harakat: rc %d count %zu", rc, count);
    /* 100,000 tatweel inside a word */
    size_t n = 0;
    memcpy(buf + n, "\xD9\x82", 2), n += 2; /* ق */
    for (int i = 0; i < 100000; i++) memcpy(buf + n, "\xD9\x80", 2), n += 2;
    memcpy(buf + n, "\xD8\xB3\xD8\xAF", 4), n += 4; /* سد */
    collect c;
    buf[n] = '\0';
    rc = run(a, buf, &c);
    CHECK(rc == FAHRAS_OK && !strcmp(c.keys, "قسد"), "tatweel run: rc %d keys '%.40s'", rc, c.keys);
    /* one 10 MB "word": one token, key cut at the limit, offsets whole */
    size_t len = 10 * big;
    for (size_t i = 0; i < len; i += 2) memcpy(buf + i, "\xD8\xB3", 2);
    typedef struct { size_t count, end, key_len; unsigned flags; } one;
    one o = {0, 0, 0, 0};
    rc = fahras_analyze(a, buf, len, count_cb, &o.count, NULL);
    CHECK(rc == FAHRAS_OK && o.count == 1, "10 MB word: rc %d count %zu", rc, o.count);
    /* 10 MB of Latin letters and of digits */
    memset(buf, 'a', len);
    count = 0;
    rc = fahras_analyze(a, buf, len, count_cb, &count, NULL);
    CHECK(rc == FAHRAS_OK && count == 1, "10 MB latin word: %zu", count);
    memset(buf, '7', len);
    count = 0;
    rc = fahras_analyze(a, buf, len, count_cb, &count, NULL);
    CHECK(rc == FAHRAS_OK && count == 1, "10 MB number: %zu", count);
    /* e-mail-like and URL-like runs that never complete (no quadratic rescans) */
    for (size_t i = 0; i < len; i += 2) memcpy(buf + i, "a.", 2);
    count = 0;
    rc = fahras_analyze(a, buf, len, count_cb, &count, NULL);
    CHECK(rc == FAHRAS_OK && count == len / 2, "a.a.a...: %zu", count);
    memset(buf, '#', len);
    count = 0;
    rc = fahras_analyze(a, buf, len, count_cb, &count, NULL);
    CHECK(rc == FAHRAS_OK && count == 0, "#####: %zu", count);
    for (size_t i = 0; i < len; i += 4) memcpy(buf + i, "www.", 4);
    count = 0;
    rc = fahras_analyze(a, buf, len, count_cb, &count, NULL);
    CHECK(rc == FAHRAS_OK && count == 1, "www.www...: %zu", count);
    /* normalize a megabyte of presentation forms (expanding) */
    for (size_t i = 0; i < big; i += 3) memcpy(buf + i, "\xEF\xB7\xBA", 3); /* ﷺ */
    size_t need = 0;
    rc = fahras_normalize(a, buf, big - big % 3, NULL, 0, &need, NULL);
    CHECK(rc == FAHRAS_OK && need > big, "expanding normalize: %zu", need);
    free(buf);
    fahras_analyzer_free(a);
}

/* One analyzer, many threads: every thread must see the same tokens. */
typedef struct job { const fahras_analyzer *a; const char *text; char keys[4096]; } job;

static void *thread_main(void *p)
{
    job *j = p;
    for (int r = 0; r < 200; r++) {
        collect c;
        memset(&c, 0, sizeof c);
        c.text = j->text;
        c.offsets_ok = 1;
        fahras_analyze(j->a, j->text, strlen(j->text), collect_cb, &c, NULL);
        if (r == 0) memcpy(j->keys, c.keys, sizeof j->keys);
        else if (strcmp(j->keys, c.keys)) j->keys[0] = '!';
    }
    return NULL;
}

static void test_threads(void)
{
    fahras_analyzer *a = analyzer(NULL);
    const char *text = "وأعلنت «قوات سوريا الديمقراطية»، عبر مواقعها الرسمية، أنّها أطلقت حملة";
    job jobs[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        jobs[i].a = a;
        jobs[i].text = text;
        pthread_create(&th[i], NULL, thread_main, &jobs[i]);
    }
    for (int i = 0; i < 4; i++) pthread_join(th[i], NULL);
    for (int i = 1; i < 4; i++)
        CHECK(!strcmp(jobs[i].keys, jobs[0].keys) && jobs[i].keys[0] != '!', "thread %d differs", i);
    fahras_analyzer_free(a);
}

static void test_stem_api(void)
{
    fahras_analyzer *a = analyzer(NULL);
    char out[64];
    size_t n;
    CHECK(fahras_stem(a, "والتحالف", strlen("والتحالف"), out, sizeof out, &n, NULL) == FAHRAS_OK &&
              !strcmp(out, "تحالف"),
          "stem: '%s'", out);
    CHECK(fahras_stem(a, "د.", 3, out, sizeof out, &n, NULL) == FAHRAS_OK && !strcmp(out, "د"), "stem د.");
    CHECK(fahras_stem(a, "...", 3, out, sizeof out, &n, NULL) == FAHRAS_OK && n == 0, "stem no token");
    CHECK(fahras_stem(a, "عام2018", strlen("عام2018"), out, sizeof out, &n, NULL) == FAHRAS_OK &&
              !strcmp(out, "عام+2018"),
          "stem joins keys: '%s'", out);
    CHECK(strlen(fahras_version()) > 0 && strlen(fahras_unicode_version()) > 0, "versions");
    fahras_analyzer_free(a);
}

int main(void)
{
    test_keys();
    test_normalize();
    test_segments();
    test_offsets();
    test_options();
    test_option_table();
    test_token_terms();
    test_errors();
    test_pathological();
    test_threads();
    test_stem_api();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
