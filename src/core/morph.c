/*
 * morph.c - clitic segmentation and light stemming of one Arabic word.
 *
 * Input: the word's letters after normalization, except that ة and ى are
 * kept (they tell a feminine ending from the pronoun ه, a final ى from the
 * pronoun ي).  Output: where the proclitics end, where the enclitic pronoun
 * starts, and the span of the light-stemmed key.
 *
 * Ambiguity (is the و of ولد a conjunction?  the ان of لبنان a dual?) is
 * decided with corpus evidence: the lexicon (lexicon.c) tells how often a
 * form occurs as a stem in a news corpus (bare, after ال, after و).  Each
 * possible split is scored as prior(clitics) x evidence(remaining stem)
 * against the evidence of the whole word; the best wins.  Words seen in
 * neither form fall back to length rules.  A short list of function words
 * written by us overrides both (الذي is not ال + ذي).
 */
#include <stdlib.h>
#include <string.h>

#include "fnv.h"
#include "internal.h"
#include "letters.h"
#include "lexicon.h"

/* Letter codes: a letter's offset from U+0620, so ء..ي are 1..42, as the
 * lexicon stores them.  ة keeps a code of its own in the segmenter (it is
 * never the pronoun ه); the lexicon stores it as ه. */
#define CODE_BASE AR_LETTER_CODE_BASE
#define CODE(ch) ((unsigned char)((ch) - CODE_BASE))
#define CODE_TEH_MARBUTA 43

/* Fold one letter the way the lexicon stores words; 0 = not storable. */
static unsigned char lex_code_slow(uint16_t c)
{
    switch (c) {
    case AR_ALEF_MADDA: case AR_ALEF_HAMZA_ABOVE: case AR_ALEF_HAMZA_BELOW: case AR_ALEF_WASLA:
    case AR_ALEF_WAVY_HAMZA_ABOVE: case AR_ALEF_WAVY_HAMZA_BELOW:
        c = AR_ALEF;
        break;
    case AR_TEH_MARBUTA: return CODE_TEH_MARBUTA;
    case AR_ALEF_MAQSURA: c = AR_YEH; break;
    case AR_WAW_HAMZA: case AR_YEH_HAMZA: c = AR_HAMZA; break;
    default: break;
    }
    return c >= AR_HAMZA && c <= AR_YEH ? CODE(c) : 0;
}

/* Letters ء..ي (bit c - ء) that the lexicon folds: آ أ ؤ إ ئ ة ى. */
#define FOLDED_BIT(c) (1ull << ((c) - AR_HAMZA))
#define LEX_FOLDED_MASK                                                                  \
    (FOLDED_BIT(AR_ALEF_MADDA) | FOLDED_BIT(AR_ALEF_HAMZA_ABOVE) | FOLDED_BIT(AR_WAW_HAMZA) |  \
     FOLDED_BIT(AR_ALEF_HAMZA_BELOW) | FOLDED_BIT(AR_YEH_HAMZA) | FOLDED_BIT(AR_TEH_MARBUTA) | \
     FOLDED_BIT(AR_ALEF_MAQSURA))

static inline unsigned char lex_code(uint16_t c)
{
    /* plain letters ء..ي except the folded ones map directly (one range
     * check and one bit test: this runs for every letter of every word) */
    unsigned d = (unsigned)c - AR_HAMZA;
    if (d <= (unsigned)(AR_YEH - AR_HAMZA) && !((LEX_FOLDED_MASK >> d) & 1))
        return (unsigned char)(d + 1);
    return lex_code_slow(c);
}

/* ------------------------------------------------------------------ */
/* Function words (written by us)                                      */

/* Words kept whole: particles and pronouns that start with a clitic
 * letter or end like a suffix, and the tens (عشرين is not عشر + ين). */
static const char *const keep_whole[] = {
    "الله", "اللهم", "الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان", "اللاتي",
    "اللاءي", "اللواتي", "الا", "الي", "الان", "الاول", "الاولي", "لكن", "لكي", "لدي", "ليس",
    "ليست", "لان", "كان", "كما", "كل", "كلا", "كلما", "بل", "بان", "بين", "بعد", "فقط", "فان",
    "وان", "لم", "لن", "لا", "لما", "ما", "له", "لها", "لهم", "به", "بها", "عشرين", "ثلاثين",
    "اربعين", "خمسين", "ستين", "سبعين", "ثمانين", "تسعين", "عشرون", "ثلاثون", "اربعون",
    "خمسون", "ستون", "سبعون", "ثمانون", "تسعون", "اثنين", "اثنان", "اثنتين", "اثنتان",
    "سنوات", "سنين", "ذات", "هذه", "هذا", "هذان", "هذين", "هاتان", "هاتين", "هءلاء", "تلك",
    "ذلك", "اولءك", "لكنه", "لكنها", "بينما", "حيث", "حين", "حينما", "ايضا", "جدا",
};

/* Words that start with ال without it being the article: إلى with a
 * pronoun (إليه). */
static const char *const not_article[] = {
    "اليه", "اليها", "اليهم", "اليهما", "اليهن", "اليك", "اليكم", "الينا",
};

/* Function words whose forms differ by gender or number: one key each, so
 * a search for الذي also finds التي. */
static const struct { const char *form, *lemma; } function_lemmas[] = {
    {"التي", "الذي"}, {"الذين", "الذي"}, {"اللذين", "الذي"}, {"اللتين", "الذي"},
    {"اللذان", "الذي"}, {"اللتان", "الذي"}, {"اللاتي", "الذي"}, {"اللاءي", "الذي"},
    {"اللواتي", "الذي"}, {"هذه", "هذا"}, {"هءلاء", "هذا"}, {"هذان", "هذا"}, {"هاتان", "هذا"},
    {"هذين", "هذا"}, {"هاتين", "هذا"}, {"تلك", "ذلك"}, {"اولءك", "ذلك"},
};

static size_t utf8_to_codes(const char *s, unsigned char *codes, size_t cap)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s), i = 0, n = 0;
    while (i < len && n < cap) {
        uint32_t cp;
        size_t k = fh_utf8_decode(p + i, len - i, &cp);
        if (!k) break;
        codes[n++] = lex_code((uint16_t)cp);
        i += k;
    }
    return n;
}

static uint32_t ws_hash(const unsigned char *codes, size_t n)
{
    return fh_fnv(codes, n) ^ (uint32_t)n;
}

static void ws_add(fh_wordset *ws, const char *word, uint8_t flag, uint8_t lemma)
{
    unsigned char codes[FH_WORDSET_MAXLEN];
    size_t n = utf8_to_codes(word, codes, sizeof codes);
    uint32_t mask = FH_WORDSET_SLOTS - 1;
    for (uint32_t slot = ws_hash(codes, n) & mask;; slot = (slot + 1) & mask) {
        fh_wordset_slot *s = &ws->slot[slot];
        if (s->n == 0) {
            memcpy(s->codes, codes, n);
            s->n = (uint8_t)n;
            s->flags = flag;
            s->lemma = lemma;
            return;
        }
        if (s->n == n && !memcmp(s->codes, codes, n)) {
            s->flags |= flag;
            if (lemma) s->lemma = lemma;
            return;
        }
    }
}

void fh_wordset_init(fh_wordset *ws)
{
    memset(ws, 0, sizeof *ws);
    for (size_t i = 0; i < sizeof keep_whole / sizeof keep_whole[0]; i++)
        ws_add(ws, keep_whole[i], FH_WS_KEEP, 0);
    for (size_t i = 0; i < sizeof not_article / sizeof not_article[0]; i++)
        ws_add(ws, not_article[i], FH_WS_NOT_ARTICLE, 0);
    for (size_t i = 0; i < sizeof function_lemmas / sizeof function_lemmas[0]; i++)
        ws_add(ws, function_lemmas[i].form, 0, (uint8_t)(i + 1));
}

static const fh_wordset_slot *ws_find(const fh_wordset *ws, const unsigned char *codes, size_t n)
{
    if (n == 0 || n > FH_WORDSET_MAXLEN) return NULL;
    uint32_t mask = FH_WORDSET_SLOTS - 1;
    for (uint32_t slot = ws_hash(codes, n) & mask;; slot = (slot + 1) & mask) {
        const fh_wordset_slot *s = &ws->slot[slot];
        if (s->n == 0) return NULL;
        if (s->n == n && !memcmp(s->codes, codes, n)) return s;
    }
}

static unsigned ws_flags(const fh_wordset *ws, const unsigned char *codes, size_t n)
{
    const fh_wordset_slot *s = ws_find(ws, codes, n);
    return s ? s->flags : 0;
}

/* ------------------------------------------------------------------ */
/* Evidence                                                            */

static uint32_t evidence(const unsigned char *codes, size_t n)
{
    fh_lex_entry e;
    if (n && codes[n - 1] == CODE_TEH_MARBUTA) { /* the lexicon spells ة as ه */
        unsigned char tmp[FH_MORPH_MAX];
        if (n > sizeof tmp) return 0;
        memcpy(tmp, codes, n);
        tmp[n - 1] = CODE(AR_HEH);
        fh_lex_lookup(tmp, n, &e);
    } else {
        fh_lex_lookup(codes, n, &e);
    }
    return e.evidence;
}

/* The pronouns whose stem lends its evidence (evidence_with_enclitic). */
static const unsigned char pron[][3] = {
    {CODE(AR_HEH), CODE(AR_MEEM), CODE(AR_ALEF)}, {CODE(AR_KAF), CODE(AR_MEEM), CODE(AR_ALEF)},
    {CODE(AR_HEH), CODE(AR_MEEM), 0}, {CODE(AR_HEH), CODE(AR_NOON), 0}, {CODE(AR_HEH), CODE(AR_ALEF), 0},
    {CODE(AR_KAF), CODE(AR_MEEM), 0}, {CODE(AR_NOON), CODE(AR_ALEF), 0}, {CODE(AR_HEH), 0, 0}};

/* Evidence of S as a word that may still carry an enclitic pronoun: a
 * form never seen bare (كتابهم) borrows the evidence of its stem (كتاب),
 * so that the proclitic decision does not mistake it for ك + تابهم. */
static uint32_t evidence_with_enclitic(const unsigned char *codes, size_t n)
{
    uint32_t e = evidence(codes, n);
    if (e) return e;
    for (size_t i = 0; i < sizeof pron / sizeof pron[0]; i++) {
        size_t k = pron[i][2] ? 3 : pron[i][1] ? 2 : 1;
        if (n < k + 2 || memcmp(codes + n - k, pron[i], k)) continue;
        uint32_t s = evidence(codes, n - k);
        if (!s && codes[n - k - 1] == CODE(AR_TEH)) { /* مدرست+ها: مدرسة */
            unsigned char tmp[FH_MORPH_MAX];
            memcpy(tmp, codes, n - k);
            tmp[n - k - 1] = CODE(AR_HEH);
            s = evidence(tmp, n - k);
        }
        if (s) return s / 4; /* weaker than the form itself */
    }
    return 0;
}

/* Tuning constants.  Each may be set with -D for an experiment; all of
 * them, with the word and affix lists, make fh_morph_fingerprint (at the
 * end), so that such a build writes another version stamp.
 *
 * Priors in permille: the share of occurrences of a clitic-looking start
 * that really is the clitic, roughly: conjunctions are very common,
 * prepositions less, future س and ك least; the article is preferred. */
#ifndef MIN_FEM_STEM
#define MIN_FEM_STEM 4 /* keep three-letter words whole: سنة is not سن */
#endif
#ifndef PRIOR_TWIN
#define PRIOR_TWIN 300 /* the ي form must be at least 0.3 times as common */
#endif
#ifndef MIN_TWIN_EVIDENCE
#define MIN_TWIN_EVIDENCE 20
#endif
#ifndef PRIOR_PLURAL
#define PRIOR_PLURAL 1000
#endif
#ifndef PRIOR_DUAL
#define PRIOR_DUAL 400
#endif
#ifndef PRIOR_FEM_PAST
#define PRIOR_FEM_PAST 700
#endif
#ifndef PRIOR_FUTURE_VERB
#define PRIOR_FUTURE_VERB 2000 /* س before an article-free verb: the bare verb half as common will do */
#endif
#ifndef PRIOR_PREP_NOUN
#define PRIOR_PREP_NOUN 10000 /* ب, ل before a noun, the pair article-free: a tenth as common will do */
#endif
enum { PRIOR_CONJ = 1000, PRIOR_PREP = 700, PRIOR_KAF = 300, PRIOR_SEEN = 200,
       PRIOR_ARTICLE = 3000,
       PRIOR_VERB_PLURAL = 400,  /* وا of a verb's plural subject */
       PRIOR_TANWEEN_ALIF = 500 };

/* Proclitic chains, longest first. */
typedef struct chain {
    unsigned char codes[4];
    uint8_t n;
    uint8_t nseg;
    uint8_t seg[3];
    uint8_t article; /* 1: ends with ال; 2: لل (ل + ال, alef dropped) */
    unsigned prior;  /* permille */
} chain;

#define C(x) CODE(x)
static const chain chains[] = {
    {{C(AR_WAW), C(AR_BEH), C(AR_ALEF), C(AR_LAM)}, 4, 3, {1, 1, 2}, 1, 2100},
    {{C(AR_FEH), C(AR_BEH), C(AR_ALEF), C(AR_LAM)}, 4, 3, {1, 1, 2}, 1, 2100},
    {{C(AR_WAW), C(AR_KAF), C(AR_ALEF), C(AR_LAM)}, 4, 3, {1, 1, 2}, 1, 900},
    {{C(AR_FEH), C(AR_KAF), C(AR_ALEF), C(AR_LAM)}, 4, 3, {1, 1, 2}, 1, 900},
    {{C(AR_WAW), C(AR_LAM), C(AR_LAM)}, 3, 3, {1, 1, 1}, 2, 2100},
    {{C(AR_FEH), C(AR_LAM), C(AR_LAM)}, 3, 3, {1, 1, 1}, 2, 2100},
    {{C(AR_WAW), C(AR_ALEF), C(AR_LAM)}, 3, 2, {1, 2}, 1, 3000},
    {{C(AR_FEH), C(AR_ALEF), C(AR_LAM)}, 3, 2, {1, 2}, 1, 3000},
    {{C(AR_BEH), C(AR_ALEF), C(AR_LAM)}, 3, 2, {1, 2}, 1, 2100},
    {{C(AR_KAF), C(AR_ALEF), C(AR_LAM)}, 3, 2, {1, 2}, 1, 900},
    {{C(AR_LAM), C(AR_LAM)}, 2, 2, {1, 1}, 2, 2100},
    {{C(AR_ALEF), C(AR_LAM)}, 2, 1, {2}, 1, PRIOR_ARTICLE},
    {{C(AR_WAW), C(AR_BEH)}, 2, 2, {1, 1}, 0, 700},
    {{C(AR_WAW), C(AR_LAM)}, 2, 2, {1, 1}, 0, 700},
    {{C(AR_WAW), C(AR_KAF)}, 2, 2, {1, 1}, 0, 300},
    {{C(AR_WAW), C(AR_SEEN)}, 2, 2, {1, 1}, 0, 200},
    {{C(AR_FEH), C(AR_BEH)}, 2, 2, {1, 1}, 0, 700},
    {{C(AR_FEH), C(AR_LAM)}, 2, 2, {1, 1}, 0, 700},
    {{C(AR_FEH), C(AR_KAF)}, 2, 2, {1, 1}, 0, 300},
    {{C(AR_FEH), C(AR_SEEN)}, 2, 2, {1, 1}, 0, 200},
    {{C(AR_WAW)}, 1, 1, {1}, 0, PRIOR_CONJ},
    {{C(AR_FEH)}, 1, 1, {1}, 0, PRIOR_CONJ},
    {{C(AR_BEH)}, 1, 1, {1}, 0, PRIOR_PREP},
    {{C(AR_LAM)}, 1, 1, {1}, 0, PRIOR_PREP},
    {{C(AR_KAF)}, 1, 1, {1}, 0, PRIOR_KAF},
    {{C(AR_SEEN)}, 1, 1, {1}, 0, PRIOR_SEEN},
};

/* Enclitic pronouns, longest first, with priors in permille. */
typedef struct enclitic { unsigned char codes[3]; uint8_t n; unsigned prior; } enclitic;
static const enclitic enclitics[] = {
    {{C(AR_HEH), C(AR_MEEM), C(AR_ALEF)}, 3, 700}, {{C(AR_KAF), C(AR_MEEM), C(AR_ALEF)}, 3, 400},
    {{C(AR_HEH), C(AR_MEEM)}, 2, 900}, {{C(AR_HEH), C(AR_NOON)}, 2, 500}, {{C(AR_HEH), C(AR_ALEF)}, 2, 900},
    {{C(AR_KAF), C(AR_MEEM)}, 2, 400}, {{C(AR_KAF), C(AR_NOON)}, 2, 300}, {{C(AR_NOON), C(AR_ALEF)}, 2, 300},
    {{C(AR_NOON), C(AR_YEH)}, 2, 200},
    {{C(AR_HEH)}, 1, 800}, {{C(AR_KAF)}, 1, 200},
};
#undef C

static int ends_with(const unsigned char *c, size_t n, const unsigned char *s, size_t k)
{
    return n >= k && !memcmp(c + n - k, s, k);
}

/* Count of the form PRE + codes (PRE of 1 to 3 letter codes); ة as ه. */
static uint32_t count_with(const unsigned char *pre, size_t k, const unsigned char *codes, size_t n)
{
    unsigned char tmp[FH_MORPH_MAX + 3];
    fh_lex_entry e;
    if (n == 0 || n > FH_MORPH_MAX) return 0;
    memcpy(tmp, pre, k);
    memcpy(tmp + k, codes, n);
    if (tmp[k + n - 1] == CODE_TEH_MARBUTA) tmp[k + n - 1] = CODE(AR_HEH);
    fh_lex_lookup(tmp, k + n, &e);
    return e.count;
}

/* Is the ال before codes[0..n) part of the word (أل, إل, آل folded)?  With
 * ل in front the article is written لل (للمانيا would be ل + ال + مانيا),
 * a word's own ال is kept: لألمانيا, لألكسندر.  The ل form tells which. */
static int radical_al_by_lam(const unsigned char *codes, size_t n)
{
    static const unsigned char lal[] = {CODE(AR_LAM), CODE(AR_ALEF), CODE(AR_LAM)}, ll[] = {CODE(AR_LAM), CODE(AR_LAM)};
    if (codes[0] == CODE(AR_LAM)) return 0; /* ل + اللغة is written للغة */
    uint32_t kept = count_with(lal, 3, codes, n);
    return kept > 0 && kept > count_with(ll, 2, codes, n);
}

/* Is the two-letter Y, after ال (at al), a noun of its own (الحق, اليد,
 * الدم) rather than the end of a word whose ال is folded أل (ألقى, ألقت,
 * ألفا, ألغت)?  The evidence of so short a rest is mostly the word itself
 * (ال + Y is counted as Y), so Y must be seen otherwise: with ل or ب
 * before its article (للحق, باليد), or bare at least one time in 10. */
static int short_noun(const unsigned char *y, const unsigned char *al)
{
    static const unsigned char ll[] = {CODE(AR_LAM), CODE(AR_LAM)},
                               bal[] = {CODE(AR_BEH), CODE(AR_ALEF), CODE(AR_LAM)}, none[1] = {0};
    if (count_with(ll, 2, y, 2) || count_with(bal, 3, y, 2)) return 1;
    return (uint64_t)count_with(none, 0, y, 2) * 10 >= count_with(none, 0, al, 4);
}

/* How often the form is seen with the article in front (ال + codes). */
static uint32_t count_after_article(const unsigned char *codes, size_t n)
{
    unsigned char tmp[FH_MORPH_MAX + 2];
    fh_lex_entry e;
    if (n == 0 || n > FH_MORPH_MAX) return 0;
    tmp[0] = CODE(AR_ALEF);
    tmp[1] = CODE(AR_LAM);
    memcpy(tmp + 2, codes, n);
    if (tmp[n + 1] == CODE_TEH_MARBUTA) tmp[n + 1] = CODE(AR_HEH); /* the lexicon spells ة as ه */
    fh_lex_lookup(tmp, n + 2, &e);
    return e.count;
}

/* A verb never takes the article.  X = clitic + Y looks like a verb with
 * its proclitic when X is never seen after ال and Y, seen at all, hardly
 * ever is (at most one time in VERB_ARTICLE_SHARE). */
#ifndef VERB_ARTICLE_SHARE
#define VERB_ARTICLE_SHARE 20
#endif
static int article_free(const unsigned char *x, size_t xn, const unsigned char *y, size_t yn,
                        uint32_t ev_y)
{
    return ev_y > 0 && count_after_article(x, xn) == 0 &&
           (uint64_t)count_after_article(y, yn) * VERB_ARTICLE_SHARE <= ev_y;
}

/* X = ب or ل + Y, Y a noun (seen after ال at least one time in
 * NOUN_ARTICLE_SHARE), X common (PREP_MIN_COUNT) but never after ال, and
 * not ending like a pronoun or a verb's subject (ه ها هم ك نا ني وا, ت
 * but not ات) that would keep X from taking the article anyway. */
#ifndef NOUN_ARTICLE_SHARE
#define NOUN_ARTICLE_SHARE 10
#endif
#ifndef PREP_MIN_COUNT
#define PREP_MIN_COUNT 20
#endif
static int prep_noun(const unsigned char *x, size_t xn, uint32_t ev_y)
{
    static const unsigned char wa[] = {CODE(AR_WAW), CODE(AR_ALEF)};
    if (ev_y == 0 || xn < 4) return 0;
    if (x[0] == CODE(AR_LAM) && x[1] == CODE(AR_LAM)) return 0; /* للأزمة: ل + الأزمة */
    for (size_t i = 0; i < sizeof enclitics / sizeof enclitics[0]; i++)
        if (ends_with(x, xn, enclitics[i].codes, enclitics[i].n)) return 0;
    if (ends_with(x, xn, wa, 2) || (x[xn - 1] == CODE(AR_TEH) && x[xn - 2] != CODE(AR_ALEF))) return 0;
    unsigned char tmp[FH_MORPH_MAX];
    fh_lex_entry e;
    if (xn > sizeof tmp) return 0;
    memcpy(tmp, x, xn);
    if (tmp[xn - 1] == CODE_TEH_MARBUTA) tmp[xn - 1] = CODE(AR_HEH); /* as the lexicon spells it */
    if (!fh_lex_lookup(tmp, xn, &e) || e.count < PREP_MIN_COUNT) return 0;
    return count_after_article(x, xn) == 0 &&
           (uint64_t)count_after_article(x + 1, xn - 1) * NOUN_ARTICLE_SHARE >= ev_y;
}

/* Is the form seen after the article, at least one time in
 * ARTICLE_SHARE_NOUN of its bare occurrences? */
#ifndef ARTICLE_SHARE_NOUN
#define ARTICLE_SHARE_NOUN 10
#endif
static int takes_article(const unsigned char *x, size_t n)
{
    uint32_t al = count_after_article(x, n);
    if (al == 0) return 0;
    static const unsigned char none[1] = {0};
    return (uint64_t)al * ARTICLE_SHARE_NOUN >= count_with(none, 0, x, n);
}

/* ------------------------------------------------------------------ */

/* A word being segmented: its letters as written (ة and ى kept: they tell
 * a feminine ending from the pronoun ه, a final ى from the pronoun ي) and
 * their letter codes. */
typedef struct word {
    const uint16_t *letters;
    const unsigned char *codes;
    size_t n;
} word;

/* What every proclitic chain asks about the whole word, looked up at most
 * once and only when a chain gets that far. */
typedef struct word_facts {
    int takes_article;  /* -1 until looked up */
    int64_t evidence;   /* of the whole word (evidence_with_enclitic); -1 until looked up */
} word_facts;

/* 1. Proclitics */

/* Can the word start with chain ch, before any evidence is weighed?
 * flags: the word's FH_WS_* flags. */
static int chain_possible(const fh_wordset *ws, const word *wd, unsigned flags, const chain *ch,
                          word_facts *facts)
{
    const unsigned char *c = wd->codes;
    if (ch->codes[0] != c[0] || wd->n < (size_t)ch->n + 2) return 0;
    size_t j = 1;
    while (j < ch->n && ch->codes[j] == c[j]) j++;
    if (j < ch->n) return 0;
    size_t rest = wd->n - ch->n;
    if (ch->article && (flags & FH_WS_NOT_ARTICLE)) return 0;
    /* a word seen after the article (الواحد, الفكرة, البطاقة) starts
     * with no proclitic: واحد, فكرة, بطاقة are not و + احد, ف + كرة,
     * ب + طاقة (the article chains have their own test below) */
    if (!ch->article) {
        if (facts->takes_article < 0) facts->takes_article = takes_article(c, wd->n);
        if (facts->takes_article) return 0;
    }
    /* An ال that itself takes the article is part of the word: the
     * corpus writes الالتزام, الالتهاب, الآلاف, الألماني, so التزام,
     * التهاب, آلاف, ألماني are not ال + تزام ... (alef folding hides
     * the hamza that would tell). */
    if (ch->article && count_after_article(c + ch->n - 2, rest + 2)) return 0;
    if (ch->article == 1 && radical_al_by_lam(c + ch->n, rest)) return 0;
    if (ch->article == 1 && rest == 2 && !short_noun(c + ch->n, c + ch->n - 2)) return 0;
    /* the future marker س only comes before an imperfect verb, whose
     * person prefix is ي ت ن or ا (أ): سكان is not س + كان; and the
     * verb has at least three letters (يرى, أكون): سان, سام, سنت are
     * not س + أن, أم, نت */
    if (ch->codes[ch->n - 1] == CODE(AR_SEEN) &&
        ((c[ch->n] != CODE(AR_YEH) && c[ch->n] != CODE(AR_TEH) && c[ch->n] != CODE(AR_NOON) &&
          c[ch->n] != CODE(AR_ALEF)) ||
         rest < 3))
        return 0;
    /* والذي, وإليه: the ال belongs to the word; a shorter chain will do */
    if (ch->article == 1 && ch->n > 2 &&
        (ws_flags(ws, c + ch->n - 2, rest + 2) & (FH_WS_KEEP | FH_WS_NOT_ARTICLE)))
        return 0;
    return 1;
}

/* The prior of chain ch on this word: its own, or a higher one where the
 * rest is a verb after its future marker or a noun after its
 * preposition.  rest_evidence: evidence of what follows the chain. */
static unsigned chain_prior(const word *wd, const chain *ch, uint32_t rest_evidence)
{
    const unsigned char *c = wd->codes, *rest = c + ch->n;
    size_t rest_n = wd->n - ch->n;
    unsigned char last = ch->codes[ch->n - 1];
    /* سيكون, ستظل: a future verb is common next to its bare form (يكون
     * is only 2 to 5 times as frequent), too common for the prior of س;
     * but neither form ever takes the article, while nouns in س do
     * (السيارة, السنة). */
    if ((last == CODE(AR_SEEN) || (last == CODE(AR_LAM) && !ch->article)) &&
        (rest[0] == CODE(AR_YEH) || rest[0] == CODE(AR_TEH) || rest[0] == CODE(AR_NOON)) &&
        article_free(rest - 1, rest_n + 1, rest, rest_n, rest_evidence))
        return PRIOR_FUTURE_VERB;
    /* بسبب, بنسبة, لمدة: a preposition with its noun is common, often
     * more than the noun alone, but never takes the article while the
     * noun does (السبب, المدة); nouns in ب and ل take it (البيت, اللقب).
     * Forms that could end in a pronoun or a verb suffix (لقبه, بقوا)
     * are left to the evidence. */
    if ((last == CODE(AR_BEH) || last == CODE(AR_LAM)) && !ch->article)
        return prep_noun(rest - 1, rest_n + 1, rest_evidence) ? PRIOR_PREP_NOUN : ch->prior;
    /* للغاية, للدموع: ل + ال before a noun seen with the article, the same
     * frozen-phrase case; unless the word is rather ل + ال + a noun in ل,
     * written alike (للقاء: اللقاء, not القاء) */
    if (ch->article == 2) {
        uint32_t al = count_after_article(rest, rest_n);
        if ((uint64_t)al * NOUN_ARTICLE_SHARE >= rest_evidence &&
            al > count_after_article(rest - 1, rest_n + 1))
            return PRIOR_PREP_NOUN;
    }
    return ch->prior;
}

/* The proclitic chain of the word, or NULL: the best-scoring chain
 * (prior x evidence of the rest) when it beats the evidence of the whole
 * word; for a word seen in no form, the longest chain that leaves a
 * long enough rest. */
static const chain *proclitics(const fh_wordset *ws, const word *wd, unsigned flags)
{
    word_facts facts = {-1, -1};
    const chain *best = NULL, *by_length = NULL;
    uint64_t best_score = 0;
    for (size_t i = 0; i < sizeof chains / sizeof chains[0]; i++) {
        const chain *ch = &chains[i];
        if (!chain_possible(ws, wd, flags, ch, &facts)) continue;
        if (facts.evidence < 0) facts.evidence = evidence_with_enclitic(wd->codes, wd->n);
        const unsigned char *rest = wd->codes + ch->n;
        size_t rest_n = wd->n - ch->n;
        uint64_t score;
        if (ws_flags(ws, rest, rest_n) & FH_WS_KEEP) {
            score = UINT64_MAX / 2; /* وهذا, ولكن: the rest is a known word */
        } else {
            uint32_t ev = evidence_with_enclitic(rest, rest_n);
            score = (uint64_t)ev * chain_prior(wd, ch, ev);
        }
        if (score > best_score) {
            best_score = score;
            best = ch;
        }
        if (!by_length && rest_n >= (ch->article ? 2u : 3u)) by_length = ch;
    }
    uint64_t whole = facts.evidence > 0 ? (uint64_t)facts.evidence : 0;
    if (best && best_score <= whole * 1000) best = NULL;
    if (!best && whole == 0 && best_score == 0) best = by_length; /* unseen: length rule */
    return best;
}

/* 2. Enclitic pronoun */

/* Letters of stem[0..n) before its enclitic pronoun (n when it has none). */
static size_t before_enclitic(const fh_wordset *ws, const unsigned char *stem, size_t n)
{
    uint32_t stem_evidence = 0;
    int evidence_known = 0, takes_art = -1;
    for (size_t i = 0; i < sizeof enclitics / sizeof enclitics[0]; i++) {
        const enclitic *e = &enclitics[i];
        if (!ends_with(stem, n, e->codes, e->n)) continue;
        size_t rest = n - e->n;
        if (rest < 2) continue;
        /* the article and a pronoun never go together: a form seen after
         * ال (الأسهم, الأماكن, الديني) does not end in one (أسهم is not
         * اس + هم).  Not for ه, which the lexicon shares with ة. */
        if (e->n > 1 || e->codes[0] != CODE(AR_HEH)) {
            if (takes_art < 0) takes_art = takes_article(stem, n);
            if (takes_art) continue;
        }
        if (!evidence_known) {
            stem_evidence = evidence(stem, n);
            evidence_known = 1;
        }
        uint32_t part = evidence(stem, rest);
        /* ta marbuta is written ت before a pronoun: مدرستها = مدرسة + ها */
        if (rest >= 3 && stem[rest - 1] == CODE(AR_TEH)) {
            unsigned char tmp[FH_MORPH_MAX];
            memcpy(tmp, stem, rest);
            tmp[rest - 1] = CODE(AR_HEH);
            part += evidence(tmp, rest);
        }
        if (ws_flags(ws, stem, rest) & FH_WS_KEEP) part = UINT32_MAX / 1000;
        int split = (stem_evidence == 0 && part == 0)
                        ? rest >= 3
                        : (uint64_t)part * e->prior > (uint64_t)stem_evidence * 1000;
        if (split) return rest;
    }
    return n;
}

/* 3. Light stemming of inflectional suffixes */

static const unsigned char suffix_at[] = {CODE(AR_ALEF), CODE(AR_TEH)},
                           suffix_un[] = {CODE(AR_WAW), CODE(AR_NOON)},
                           suffix_in[] = {CODE(AR_YEH), CODE(AR_NOON)},
                           suffix_an[] = {CODE(AR_ALEF), CODE(AR_NOON)},
                           suffix_wa[] = {CODE(AR_WAW), CODE(AR_ALEF)},
                           suffix_tin[] = {CODE(AR_TEH), CODE(AR_YEH), CODE(AR_NOON)},
                           suffix_tan[] = {CODE(AR_TEH), CODE(AR_ALEF), CODE(AR_NOON)};

/* Letters to cut from a stem ending in ت before its pronoun (مدرست+ها):
 * before a pronoun ات is either a feminine plural (مقالات+ه: key of
 * مقالات) or اة (مباراة+ها: key of مباراة): the better-attested reading
 * wins, the plural counting both its forms (مقال, دعوات).  Unseen either
 * way, it is the plural: in the news corpus such forms are plurals
 * (نزواتهم, حماقاته) about ten times as often. */
static size_t cut_before_pronoun(const unsigned char *s, size_t sn)
{
    if (sn >= MIN_FEM_STEM + 1 && ends_with(s, sn, suffix_at, 2)) {
        unsigned char tmp[FH_MORPH_MAX];
        memcpy(tmp, s, sn);
        tmp[sn - 1] = CODE_TEH_MARBUTA;
        uint64_t plural = (uint64_t)evidence(s, sn - 2) + evidence(s, sn);
        uint32_t singular = evidence(tmp, sn);
        if (plural > singular || singular == 0) return 2;
    }
    return 1;
}

/* A suffix that may be inflectional: its length, the prior of cutting it,
 * and whether to cut it from a word seen in neither form. */
typedef struct suffix_rule {
    size_t strip;
    unsigned prior;
    int unseen_cut;
} suffix_rule;

static suffix_rule inflection_suffix(const unsigned char *s, size_t sn)
{
    suffix_rule r = {0, 0, 0};
    if (sn >= 5 && (ends_with(s, sn, suffix_un, 2) || ends_with(s, sn, suffix_in, 2)))
        r = (suffix_rule){2, PRIOR_PLURAL, 1};
    else if (sn >= 5 && ends_with(s, sn, suffix_an, 2))
        r = (suffix_rule){2, PRIOR_DUAL, 0};
    else if (sn >= 5 && ends_with(s, sn, suffix_wa, 2))
        r = (suffix_rule){2, PRIOR_VERB_PLURAL, 1};
    else if (sn >= 4 && s[sn - 1] == CODE(AR_ALEF) && s[sn - 2] != CODE(AR_ALEF))
        r = (suffix_rule){1, PRIOR_TANWEEN_ALIF, 0}; /* tanween alif: حاليا, دولارا */
    else if (sn >= 4 && s[sn - 1] == CODE(AR_TEH))
        r = (suffix_rule){1, PRIOR_FEM_PAST, 0}; /* past tense feminine: اكدت */
    return r;
}

/* حاليا, قائلا, مشيرا, شخصا: an accusative with tanween is often more
 * common than its stem, beyond the prior.  But it never takes the
 * article, nor a preposition (which wants the genitive), while a word
 * that ends in ا does (الدنيا, بسوريا, لروسيا): a common form seen with
 * neither, on a stem seen after ال, ends in tanween.  Not after و (فروا:
 * a verb). */
static int accusative_tanween(const unsigned char *s, size_t sn)
{
    static const unsigned char none[1] = {0}, b[1] = {CODE(AR_BEH)}, l[1] = {CODE(AR_LAM)};
    if (s[sn - 1] != CODE(AR_ALEF) || s[sn - 2] == CODE(AR_WAW)) return 0;
    return count_with(none, 0, s, sn) >= PREP_MIN_COUNT && count_after_article(s, sn) == 0 &&
           count_with(b, 1, s, sn) == 0 && count_with(l, 1, s, sn) == 0 &&
           takes_article(s, sn - 1);
}

/* Letters of inflectional suffix to cut from the clitic-free stem
 * s[0..sn), whose last letter as written is last_letter.
 * before_pronoun: an enclitic pronoun followed the stem. */
static size_t suffix_cut(const fh_wordset *ws, const unsigned char *s, size_t sn,
                         uint16_t last_letter, int before_pronoun)
{
    if (ws_flags(ws, s, sn) & FH_WS_KEEP) return 0;
    if (before_pronoun && sn >= 4 && s[sn - 1] == CODE(AR_TEH)) return cut_before_pronoun(s, sn);
    /* the original letter tells ة from the pronoun; both go */
    if (sn >= MIN_FEM_STEM && (last_letter == AR_TEH_MARBUTA || last_letter == AR_HEH)) return 1;
    if (sn >= 5 && (ends_with(s, sn, suffix_tin, 3) || ends_with(s, sn, suffix_tan, 3)))
        return 3; /* dual of a feminine noun: مدرستين */
    if (sn >= MIN_FEM_STEM + 1 && ends_with(s, sn, suffix_at, 2)) return 2;
    suffix_rule r = inflection_suffix(s, sn);
    if (!r.strip) return 0;
    uint32_t whole = evidence(s, sn);
    uint32_t part = evidence(s, sn - r.strip);
    if (r.strip == 2 && s[sn - 2] == CODE(AR_YEH)) /* مصريين: nisba stem مصري */
        part += evidence(s, sn - 1);
    int cut = (whole == 0 && part == 0) ? r.unseen_cut
                                        : (uint64_t)part * r.prior > (uint64_t)whole * 1000;
    if (!cut && r.strip == 1) cut = accusative_tanween(s, sn);
    if (!cut) return 0;
    /* the bare form loses a final ه (above), so the form with tanween
     * alif does too: اتجاها, جنيها take the key of اتجاه, جنيه */
    if (r.strip == 1 && s[sn - 1] == CODE(AR_ALEF) && sn - 1 >= MIN_FEM_STEM &&
        s[sn - 2] == CODE(AR_HEH))
        return 2;
    return r.strip;
}

/* Proclitics, enclitic pronoun and (mode light) the key of a word: fills
 * out->pre_n, pre_len, stem_lo..stem_hi and key_lo..key_hi. */
static void segment(const fh_wordset *ws, const word *wd, int mode, fh_morph *out)
{
    unsigned flags = ws_flags(ws, wd->codes, wd->n);
    if (flags & FH_WS_KEEP) return;
    const chain *pre = proclitics(ws, wd, flags);
    size_t lo = 0, hi = wd->n;
    if (pre) {
        out->pre_n = pre->nseg;
        memcpy(out->pre_len, pre->seg, pre->nseg);
        lo = pre->n;
    }
    /* never a pronoun after the article */
    unsigned stem_flags = lo ? ws_flags(ws, wd->codes + lo, wd->n - lo) : flags;
    if (!(pre && pre->article) && !(stem_flags & FH_WS_KEEP))
        hi = lo + before_enclitic(ws, wd->codes + lo, wd->n - lo);
    out->stem_lo = out->key_lo = lo;
    out->stem_hi = out->key_hi = hi;
    if (mode != FAHRAS_STEM_LIGHT) return;
    out->key_hi = hi - suffix_cut(ws, wd->codes + lo, hi - lo, wd->letters[hi - 1], hi < wd->n);
}

static void analyze_codes(const fh_wordset *ws, const uint16_t *letters,
                          const unsigned char *codes, size_t n, int mode, fh_morph *m)
{
    memset(m, 0, sizeof *m);
    m->stem_hi = m->key_hi = n;
    word wd = {letters, codes, n};
    segment(ws, &wd, mode, m);
    if (mode != FAHRAS_STEM_LIGHT) return;
    const fh_wordset_slot *s = ws_find(ws, codes + m->stem_lo, m->stem_hi - m->stem_lo);
    if (s && s->lemma) {
        m->key_text = function_lemmas[s->lemma - 1].lemma;
        return;
    }
    /* Imperfect verbs differ only by their person prefix (تقع / يقع,
     * تبلغ / يبلغ): a stem starting with ت takes the key of its ي form when
     * that form is a common word in its own right.  Nouns in ت (تحالف,
     * تقرير) have no such twin and keep their key. */
    size_t sn = m->stem_hi - m->stem_lo;
    if (sn >= 3 && sn <= FH_MORPH_MAX && codes[m->stem_lo] == CODE(AR_TEH) && m->key_hi - m->key_lo >= 3) {
        unsigned char twin[FH_MORPH_MAX];
        memcpy(twin, codes + m->stem_lo, sn);
        twin[0] = CODE(AR_YEH);
        uint32_t ev_y = evidence(twin, sn), ev_t = evidence(codes + m->stem_lo, sn);
        if (ev_y >= MIN_TWIN_EVIDENCE && (uint64_t)ev_y * 1000 >= (uint64_t)ev_t * PRIOR_TWIN)
            m->key_yeh = 1;
    }
}

typedef struct hot_rank { uint32_t slot, count; } hot_rank;

static int by_count_desc(const void *a, const void *b)
{
    const hot_rank *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return x->slot < y->slot ? -1 : x->slot > y->slot;
}

/* The codes of the word of lexicon slot (at most FH_HOT_MAXLEN), its last
 * letter ه as ة when teh_marbuta; their count. */
static size_t hot_codes(uint32_t slot, int teh_marbuta, unsigned char *codes)
{
    const unsigned char *lex_codes;
    size_t n;
    fh_lex_entry e;
    fh_lex_at(slot, &lex_codes, &n, &e);
    memcpy(codes, lex_codes, n);
    if (teh_marbuta) codes[n - 1] = CODE_TEH_MARBUTA;
    return n;
}

/* Enter the word of lexicon slot (with its last letter ه as ة when
 * teh_marbuta) and its analysis m into the hot table. */
static void hot_put(fh_morph_ctx *ctx, uint32_t slot, int teh_marbuta, const fh_morph_cached *m)
{
    fh_hot_entry *h = &ctx->hot[ctx->hot_count];
    size_t n = hot_codes(slot, teh_marbuta, h->codes);
    h->hash = fh_fnv(h->codes, n);
    h->n = (uint8_t)n;
    h->m = *m;
    uint32_t i = h->hash & ctx->hot_mask;
    while (ctx->hot_slots[i]) i = (i + 1) & ctx->hot_mask;
    /* high half: the hash's top bits, so a probe rarely loads an entry
     * that is not the word; low half: index + 1 */
    ctx->hot_slots[i] = (h->hash & ~FH_HOT_INDEX_MASK) | (uint32_t)++ctx->hot_count;
}

/* The analysis of the word of lexicon slot as the hot table keeps it. */
static void hot_analyze(const fh_morph_ctx *ctx, uint32_t slot, int teh_marbuta, fh_morph_cached *out)
{
    unsigned char codes[FH_HOT_MAXLEN];
    size_t n = hot_codes(slot, teh_marbuta, codes);
    uint16_t w[FH_HOT_MAXLEN];
    for (size_t i = 0; i < n; i++)
        w[i] = codes[i] == CODE_TEH_MARBUTA ? AR_TEH_MARBUTA : (uint16_t)(codes[i] + CODE_BASE);
    fh_morph m;
    analyze_codes(&ctx->words, w, codes, n, ctx->mode, &m);
    size_t lemma = 0;
    if (m.key_text)
        for (size_t i = 0; i < sizeof function_lemmas / sizeof function_lemmas[0]; i++)
            if (m.key_text == function_lemmas[i].lemma) { lemma = i + 1; break; }
    memset(out, 0, sizeof *out);
    out->valid = (uint8_t)((1 + 2 * lemma) | (m.key_yeh ? FH_CACHED_YEH : 0));
    out->pre_n = (uint8_t)m.pre_n;
    memcpy(out->pre_len, m.pre_len, 3);
    out->stem_lo = (uint8_t)m.stem_lo;
    out->stem_cut = (uint8_t)(n - m.stem_hi);
    out->key_cut = (uint8_t)(m.stem_hi - m.key_hi);
}

/* Room for a hot table of count entries; -1 when out of memory. */
static int hot_alloc(fh_morph_ctx *ctx, size_t count)
{
    size_t size = 1024;
    while (size < count * 2) size *= 2;
    ctx->hot_slots = calloc(size, sizeof *ctx->hot_slots);
    ctx->hot = calloc(count ? count : 1, sizeof *ctx->hot);
    ctx->hot_refs = malloc(sizeof *ctx->hot_refs);
    if (ctx->hot_refs) *ctx->hot_refs = 1;
    ctx->hot_mask = (uint32_t)(size - 1);
    return ctx->hot_slots && ctx->hot && ctx->hot_refs ? 0 : -1;
}

/* The stored table of mode (fh_hot_builtins, made by
 * tools/gen_morph_hot.c), when it was made for these keys and min_count. */
static const fh_hot_builtin *hot_builtin(int mode, uint32_t min_count)
{
    if (min_count != fh_hot_builtin_min_count || fh_keys_fingerprint() != fh_hot_builtin_keys)
        return NULL;
    for (size_t i = 0; i < fh_hot_builtins_n; i++)
        if (fh_hot_builtins[i].mode == mode) return &fh_hot_builtins[i];
    return NULL;
}

/* The frequent words (lexicon count >= min_count, up to FH_HOT_MAXLEN
 * letters), analyzed into a small table that stays in cache: most running
 * words of news text are among them.  Each word ending in ه is entered
 * twice: as written, and with ة (which the lexicon folds into ه but the
 * segmenter tells apart).  slots (may be NULL): receives each entry's
 * slot, with FH_HOT_TEH_MARBUTA for the second form. */
int fh_morph_ctx_init_computed(fh_morph_ctx *ctx, int mode, uint32_t min_count, uint32_t *slots,
                               size_t slots_cap)
{
    memset(ctx, 0, sizeof *ctx);
    fh_wordset_init(&ctx->words);
    ctx->mode = mode;
    if (mode == FAHRAS_STEM_NONE) return FAHRAS_OK;
    size_t total = fh_lex_slot_total(), count = 0;
    for (size_t slot = 0; slot < total; slot++) {
        const unsigned char *codes;
        size_t n;
        fh_lex_entry e;
        if (fh_lex_at(slot, &codes, &n, &e) && e.count >= min_count && n <= FH_HOT_MAXLEN)
            count += codes[n - 1] == CODE(AR_HEH) ? 2 : 1;
    }
    if (count > FH_HOT_MAX) count = FH_HOT_MAX;
    hot_rank *order = calloc(count ? count : 1, sizeof *order);
    if (hot_alloc(ctx, count) || !order) {
        free(order);
        fh_morph_ctx_free(ctx);
        return FAHRAS_ERR_NOMEM;
    }
    size_t k = 0;
    for (size_t slot = 0; slot < total && k < count; slot++) {
        const unsigned char *codes;
        size_t n;
        fh_lex_entry e;
        if (fh_lex_at(slot, &codes, &n, &e) && e.count >= min_count && n <= FH_HOT_MAXLEN) {
            order[k].slot = (uint32_t)slot;
            order[k].count = e.count;
            k++;
        }
    }
    /* most frequent first: the words met most often share cache lines */
    qsort(order, k, sizeof *order, by_count_desc);
    for (size_t r = 0; r < 2 * k && ctx->hot_count < count; r++) {
        const unsigned char *codes;
        size_t n;
        fh_lex_entry e;
        fh_lex_at(order[r / 2].slot, &codes, &n, &e);
        if (r % 2 && codes[n - 1] != CODE(AR_HEH)) continue;
        fh_morph_cached m;
        hot_analyze(ctx, order[r / 2].slot, (int)(r % 2), &m);
        if (slots && ctx->hot_count < slots_cap)
            slots[ctx->hot_count] = order[r / 2].slot | (r % 2 ? FH_HOT_TEH_MARBUTA : 0);
        hot_put(ctx, order[r / 2].slot, (int)(r % 2), &m);
    }
    free(order);
    return FAHRAS_OK;
}

/* The table as fh_morph_ctx_init_computed makes it, from the analyses
 * stored at build time: the same entries in the same order, without
 * analyzing some 60,000 words at every analyzer's creation. */
int fh_morph_ctx_init(fh_morph_ctx *ctx, int mode, uint32_t min_count)
{
    const fh_hot_builtin *b = mode == FAHRAS_STEM_NONE ? NULL : hot_builtin(mode, min_count);
    if (!b) return fh_morph_ctx_init_computed(ctx, mode, min_count, NULL, 0);
    memset(ctx, 0, sizeof *ctx);
    fh_wordset_init(&ctx->words);
    ctx->mode = mode;
    if (hot_alloc(ctx, b->n)) {
        fh_morph_ctx_free(ctx);
        return FAHRAS_ERR_NOMEM;
    }
    for (size_t i = 0; i < b->n; i++) {
        uint32_t v = b->entries[i].slot;
        hot_put(ctx, v & ~FH_HOT_TEH_MARBUTA, (v & FH_HOT_TEH_MARBUTA) != 0, &b->entries[i].m);
    }
    return FAHRAS_OK;
}

void fh_morph_ctx_share(fh_morph_ctx *ctx, const fh_morph_ctx *src)
{
    *ctx = *src;
    if (ctx->hot_refs) __atomic_fetch_add(ctx->hot_refs, 1, __ATOMIC_RELAXED);
}

void fh_morph_ctx_free(fh_morph_ctx *ctx)
{
    if (!ctx) return;
    /* a table another context still reads is left to it (acquire-release:
     * the last one frees after every other has let go) */
    if (!ctx->hot_refs || __atomic_sub_fetch(ctx->hot_refs, 1, __ATOMIC_ACQ_REL) == 0) {
        free(ctx->hot_slots);
        free(ctx->hot);
        free(ctx->hot_refs);
    }
    ctx->hot_slots = NULL;
    ctx->hot = NULL;
    ctx->hot_refs = NULL;
}

_Static_assert(FH_HOT_MAXLEN <= 16, "codes_equal compares at most 16 letters");

/* a[0..n) == b[0..n) for n <= 16, in at most two overlapping word loads
 * (every probe that finds its word compares it whole) */
static inline int codes_equal(const unsigned char *a, const unsigned char *b, size_t n)
{
    if (n >= 8) {
        uint64_t a0, b0, a1, b1;
        memcpy(&a0, a, 8);
        memcpy(&b0, b, 8);
        memcpy(&a1, a + n - 8, 8);
        memcpy(&b1, b + n - 8, 8);
        return a0 == b0 && a1 == b1;
    }
    if (n >= 4) {
        uint32_t a0, b0, a1, b1;
        memcpy(&a0, a, 4);
        memcpy(&b0, b, 4);
        memcpy(&a1, a + n - 4, 4);
        memcpy(&b1, b + n - 4, 4);
        return a0 == b0 && a1 == b1;
    }
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i]) return 0;
    return 1;
}

static const fh_morph_cached *hot_find(const fh_morph_ctx *ctx, const unsigned char *codes,
                                       size_t n, uint32_t h)
{
    if (!ctx->hot_slots || n > FH_HOT_MAXLEN) return NULL;
    for (uint32_t i = h & ctx->hot_mask;; i = (i + 1) & ctx->hot_mask) {
        uint32_t v = ctx->hot_slots[i];
        if (!v) return NULL;
        if ((v ^ h) & ~FH_HOT_INDEX_MASK) continue;
        const fh_hot_entry *e = &ctx->hot[(v & FH_HOT_INDEX_MASK) - 1];
        if (e->hash == h && e->n == n && codes_equal(e->codes, codes, n)) return &e->m;
    }
}

void fh_morph_analyze(const fh_morph_ctx *ctx, const uint16_t *w, size_t n, fh_morph *m)
{
    memset(m, 0, sizeof *m);
    m->stem_hi = m->key_hi = n;
    if (n < 2 || n > FH_MORPH_MAX || ctx->mode == FAHRAS_STEM_NONE) return;
    unsigned char codes[FH_MORPH_MAX];
    uint32_t h = FH_FNV_OFFSET; /* the hash of the codes, as the cache keeps it */
    for (size_t i = 0; i < n; i++) {
        codes[i] = lex_code(w[i]);
        h = fh_fnv_byte(h, codes[i]);
    }
    const fh_morph_cached *c = hot_find(ctx, codes, n, h);
    if (c) {
        m->pre_n = c->pre_n;
        memcpy(m->pre_len, c->pre_len, 3);
        m->stem_lo = m->key_lo = c->stem_lo;
        m->stem_hi = n - c->stem_cut;
        m->key_hi = m->stem_hi - c->key_cut;
        unsigned lemma = ((c->valid & ~FH_CACHED_YEH) - 1) / 2;
        if (lemma) m->key_text = function_lemmas[lemma - 1].lemma;
        m->key_yeh = (c->valid & FH_CACHED_YEH) != 0;
    } else {
        analyze_codes(&ctx->words, w, codes, n, ctx->mode, m);
    }
}

/* ------------------------------------------------------------------ */
/* Fingerprint                                                         */

static uint32_t fnv_words(uint32_t h, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++) h = fh_fnv_add(h, words[i], strlen(words[i]) + 1);
    return h;
}

uint32_t fh_morph_fingerprint(uint32_t h)
{
    static const uint32_t constants[] = {
        MIN_FEM_STEM, PRIOR_TWIN, MIN_TWIN_EVIDENCE, PRIOR_PLURAL, PRIOR_DUAL, PRIOR_FEM_PAST,
        PRIOR_FUTURE_VERB, PRIOR_PREP_NOUN, PRIOR_CONJ, PRIOR_PREP, PRIOR_KAF, PRIOR_SEEN,
        PRIOR_ARTICLE, PRIOR_VERB_PLURAL, PRIOR_TANWEEN_ALIF, VERB_ARTICLE_SHARE,
        NOUN_ARTICLE_SHARE, PREP_MIN_COUNT, ARTICLE_SHARE_NOUN, FH_MORPH_MAX,
        FAHRAS_MAX_TOKEN_BYTES, CODE_TEH_MARBUTA,
    };
    for (size_t i = 0; i < sizeof constants / sizeof constants[0]; i++)
        h = fh_fnv_u32(h, constants[i]);
    h = fnv_words(h, keep_whole, sizeof keep_whole / sizeof keep_whole[0]);
    h = fnv_words(h, not_article, sizeof not_article / sizeof not_article[0]);
    for (size_t i = 0; i < sizeof function_lemmas / sizeof function_lemmas[0]; i++) {
        const char *pair[2] = {function_lemmas[i].form, function_lemmas[i].lemma};
        h = fnv_words(h, pair, 2);
    }
    for (size_t i = 0; i < sizeof chains / sizeof chains[0]; i++) {
        const chain *ch = &chains[i];
        h = fh_fnv_add(h, ch->codes, ch->n);
        h = fh_fnv_add(h, ch->seg, ch->nseg);
        h = fh_fnv_byte(h, ch->article);
        h = fh_fnv_u32(h, ch->prior);
    }
    for (size_t i = 0; i < sizeof enclitics / sizeof enclitics[0]; i++) {
        h = fh_fnv_add(h, enclitics[i].codes, enclitics[i].n);
        h = fh_fnv_u32(h, enclitics[i].prior);
    }
    h = fh_fnv_add(h, pron, sizeof pron);
    static const struct { const unsigned char *codes; size_t n; } suffixes[] = {
        {suffix_at, sizeof suffix_at}, {suffix_un, sizeof suffix_un}, {suffix_in, sizeof suffix_in},
        {suffix_an, sizeof suffix_an}, {suffix_wa, sizeof suffix_wa},
        {suffix_tin, sizeof suffix_tin}, {suffix_tan, sizeof suffix_tan}};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
        h = fh_fnv_add(h, suffixes[i].codes, suffixes[i].n);
    return h;
}
