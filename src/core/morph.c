/*
 * morph.c - clitic segmentation and light stemming of one Arabic word.
 *
 * Input: the word's letters after normalization, except that ة and ى are
 * kept (they tell a feminine ending from the pronoun ه, a final ى from the
 * pronoun ي).  Output: where the proclitics end, where the enclitic pronoun
 * starts, and the span of the light-stemmed key.
 *
 * Ambiguity (is the و of ولد a conjunction?  the ان of لبنان a dual?) is
 * decided with corpus evidence: the lexicon (lexicon.c) counts how often
 * each form occurs in a news corpus, and a split is taken only when the
 * remaining stem is attested often enough against the whole word.
 */
#include <string.h>

#include "internal.h"
#include "lexicon.h"

enum {
    HAMZA = 0x0621, ALEF = 0x0627, BEH = 0x0628, TEH_MARBUTA = 0x0629, TEH = 0x062A,
    SEEN = 0x0633, FEH = 0x0641, KAF = 0x0643, LAM = 0x0644, MEEM = 0x0645, NOON = 0x0646,
    HEH = 0x0647, WAW = 0x0648, ALEF_MAQSURA = 0x0649, YEH = 0x064A,
    ALEF_MADDA = 0x0622, ALEF_HAMZA_ABOVE = 0x0623, ALEF_HAMZA_BELOW = 0x0625, ALEF_WASLA = 0x0671
};

static int is_alef(uint16_t c)
{
    return c == ALEF || c == ALEF_MADDA || c == ALEF_HAMZA_ABOVE || c == ALEF_HAMZA_BELOW ||
           c == ALEF_WASLA;
}

/* Words the rules would cut wrongly and that are too frequent to leave to
 * statistics: relative pronouns and particles that start with ال or a
 * clitic letter, and the tens (عشرين is not عشر + ين).  Written by us;
 * compared after folding (see fh_lex_fold). */
static const char *const keep_whole[] = {
    "الله", "اللهم", "الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان", "اللاتي",
    "اللائي", "اللواتي", "الا", "الي", "الان", "الاول", "الاولي", "لكن", "لكي", "لدي", "ليس",
    "ليست", "لان", "كان", "كما", "كل", "كلا", "كلما", "بل", "بان", "بين",
    "بعد", "فقط", "فان", "وان", "لم", "لن", "لا", "لما", "ما", "له", "لها", "لهم", "به", "بها",
    "عشرين", "ثلاثين", "اربعين", "خمسين", "ستين", "سبعين", "ثمانين", "تسعين", "عشرون",
    "ثلاثون", "اربعون", "خمسون", "ستون", "سبعون", "ثمانون", "تسعون", "اثنين", "اثنان",
    "اثنتين", "اثنتان", "سنوات", "سنين", "ذات",
};

/* Words that start with ال without it being the article: إلى with a
 * pronoun (إليه), and relative pronouns. */
static const char *const not_article[] = {
    "اليه", "اليها", "اليهم", "اليهما", "اليهن", "اليك", "اليكم", "الينا", "الذي", "التي",
    "الذين", "اللذين", "اللتين", "اللذان", "اللتان", "اللاتي", "اللائي", "اللواتي",
};

/* Function words whose forms differ by gender or number: one key each, so
 * a search for الذي also finds التي. */
static const struct { const char *form, *lemma; } function_lemmas[] = {
    {"التي", "الذي"}, {"الذين", "الذي"}, {"اللذين", "الذي"}, {"اللتين", "الذي"},
    {"اللذان", "الذي"}, {"اللتان", "الذي"}, {"اللاتي", "الذي"}, {"اللائي", "الذي"},
    {"اللواتي", "الذي"}, {"هذه", "هذا"}, {"هءلاء", "هذا"}, {"هذان", "هذا"}, {"هاتان", "هذا"},
    {"هذين", "هذا"}, {"هاتين", "هذا"}, {"تلك", "ذلك"}, {"اولءك", "ذلك"}, {"ذلكم", "ذلك"},
};

#ifndef PRIOR_CONJ
#define PRIOR_CONJ 1000
#endif
#ifndef PRIOR_PREP
#define PRIOR_PREP 700
#endif
#ifndef PRIOR_KAF
#define PRIOR_KAF 300
#endif
#ifndef PRIOR_SEEN
#define PRIOR_SEEN 200
#endif

/* Fold one letter the way the lexicon stores words. */
static uint16_t lex_fold(uint16_t c)
{
    if (is_alef(c) || c == 0x0672 || c == 0x0673) return ALEF;
    if (c == TEH_MARBUTA) return HEH;
    if (c == ALEF_MAQSURA) return YEH;
    if (c == 0x0624 || c == 0x0626) return HAMZA;
    return c;
}

static int equals_ascii_word(const uint16_t *w, size_t n, const char *utf8)
{
    const unsigned char *s = (const unsigned char *)utf8;
    size_t i = 0, len = strlen(utf8);
    size_t k = 0;
    while (i < len) {
        uint32_t cp;
        size_t step = fh_utf8_decode(s + i, len - i, &cp);
        if (!step || k >= n || lex_fold(w[k]) != cp) return 0;
        i += step;
        k++;
    }
    return k == n;
}

static int is_listed(const uint16_t *w, size_t n, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (equals_ascii_word(w, n, list[i])) return 1;
    return 0;
}

static int is_keep_whole(const uint16_t *w, size_t n)
{
    return is_listed(w, n, keep_whole, sizeof keep_whole / sizeof keep_whole[0]);
}

/* Corpus count of w[0..n), optionally with a letter appended. */
static uint32_t count_of(const uint16_t *w, size_t n, uint16_t extra)
{
    uint16_t buf[FH_MORPH_MAX + 2];
    if (n + 1 > FH_MORPH_MAX) return 0;
    for (size_t i = 0; i < n; i++) buf[i] = lex_fold(w[i]);
    if (extra) buf[n++] = lex_fold(extra);
    return fh_lex_count(buf, n);
}

/* How often the stem w[0..n) is seen: bare and with the article. */
static uint32_t stem_evidence(const uint16_t *w, size_t n)
{
    uint16_t buf[FH_MORPH_MAX + 2];
    if (n + 2 > FH_MORPH_MAX || n == 0) return 0;
    buf[0] = ALEF;
    buf[1] = LAM;
    for (size_t i = 0; i < n; i++) buf[i + 2] = lex_fold(w[i]);
    return fh_lex_count(buf + 2, n) + fh_lex_count(buf, n + 2);
}

/* Proclitic chains, longest first.  'A' marks the article ال, 'L' the
 * assimilated article of لل (ل + ال written with one alef less). */
typedef struct chain { const uint16_t letters[4]; uint8_t nletters; uint8_t nseg;
                       uint8_t seg[3]; uint8_t article; } chain;
static const chain chains[] = {
    /* conj + prep + article */
    {{WAW, BEH, ALEF, LAM}, 4, 3, {1, 1, 2}, 1},
    {{FEH, BEH, ALEF, LAM}, 4, 3, {1, 1, 2}, 1},
    {{WAW, KAF, ALEF, LAM}, 4, 3, {1, 1, 2}, 1},
    {{FEH, KAF, ALEF, LAM}, 4, 3, {1, 1, 2}, 1},
    {{WAW, LAM, LAM}, 3, 3, {1, 1, 1}, 2},
    {{FEH, LAM, LAM}, 3, 3, {1, 1, 1}, 2},
    /* conj/prep + article */
    {{WAW, ALEF, LAM}, 3, 2, {1, 2}, 1},
    {{FEH, ALEF, LAM}, 3, 2, {1, 2}, 1},
    {{BEH, ALEF, LAM}, 3, 2, {1, 2}, 1},
    {{KAF, ALEF, LAM}, 3, 2, {1, 2}, 1},
    {{LAM, LAM}, 2, 2, {1, 1}, 2},
    {{ALEF, LAM}, 2, 1, {2}, 1},
    /* conj + prep / future */
    {{WAW, BEH}, 2, 2, {1, 1}, 0},
    {{WAW, LAM}, 2, 2, {1, 1}, 0},
    {{WAW, KAF}, 2, 2, {1, 1}, 0},
    {{WAW, SEEN}, 2, 2, {1, 1}, 0},
    {{FEH, BEH}, 2, 2, {1, 1}, 0},
    {{FEH, LAM}, 2, 2, {1, 1}, 0},
    {{FEH, KAF}, 2, 2, {1, 1}, 0},
    {{FEH, SEEN}, 2, 2, {1, 1}, 0},
    /* single letters */
    {{WAW}, 1, 1, {1}, 0},
    {{FEH}, 1, 1, {1}, 0},
    {{BEH}, 1, 1, {1}, 0},
    {{LAM}, 1, 1, {1}, 0},
    {{KAF}, 1, 1, {1}, 0},
    {{SEEN}, 1, 1, {1}, 0},
};

/* Prior weight of a clitic-only split against keeping the word whole:
 * conjunctions are very common, prepositions less, future س and ك least. */
static unsigned prior_permille(const chain *c)
{
    unsigned p = 1000;
    for (size_t i = 0; i < c->nletters; i++) {
        switch (c->letters[i]) {
        case WAW: case FEH: p = p * PRIOR_CONJ / 1000; break;
        case BEH: case LAM: p = p * PRIOR_PREP / 1000; break;
        case KAF: p = p * PRIOR_KAF / 1000; break;
        case SEEN: p = p * PRIOR_SEEN / 1000; break;
        default: break;
        }
    }
    return p;
}

static int chain_matches(const uint16_t *w, size_t n, const chain *c)
{
    if (n <= c->nletters) return 0;
    for (size_t i = 0; i < c->nletters; i++) {
        uint16_t x = w[i];
        if (c->letters[i] == ALEF ? !is_alef(x) : x != c->letters[i]) return 0;
    }
    return 1;
}

/* Enclitic pronouns, longest first. */
typedef struct enclitic { uint16_t letters[3]; uint8_t n; unsigned prior; } enclitic;
static const enclitic enclitics[] = {
    {{HEH, MEEM, ALEF}, 3, 500}, {{KAF, MEEM, ALEF}, 3, 300},
    {{HEH, MEEM}, 2, 700}, {{HEH, NOON}, 2, 400}, {{HEH, ALEF}, 2, 700},
    {{KAF, MEEM}, 2, 300}, {{KAF, NOON}, 2, 200}, {{NOON, ALEF}, 2, 250},
    {{NOON, YEH}, 2, 150},
    {{HEH}, 1, 600}, {{KAF}, 1, 150},
};

static int suffix_is(const uint16_t *w, size_t n, const uint16_t *s, size_t k)
{
    if (n < k) return 0;
    for (size_t i = 0; i < k; i++)
        if (w[n - k + i] != s[i]) return 0;
    return 1;
}

/* Evidence test: is splitting worth it?  whole = count of the word, part =
 * evidence for the stem, prior in permille.  Unseen words fall back to the
 * rule (split when the stem is long enough). */
static int split_wins(uint32_t whole, uint32_t part, unsigned prior, int rule_default)
{
    if (whole == 0 && part == 0) return rule_default;
    return (uint64_t)part * prior > (uint64_t)whole * 1000;
}

static void morph_segment(const uint16_t *w, size_t n, int mode, fh_morph *m);

void fh_morph_analyze(const uint16_t *w, size_t n, int mode, fh_morph *m)
{
    morph_segment(w, n, mode, m);
    if (mode != FAHRAS_STEM_LIGHT) return;
    for (size_t i = 0; i < sizeof function_lemmas / sizeof function_lemmas[0]; i++) {
        if (equals_ascii_word(w + m->stem_lo, m->stem_hi - m->stem_lo, function_lemmas[i].form)) {
            m->key_text = function_lemmas[i].lemma;
            return;
        }
    }
}

static void morph_segment(const uint16_t *w, size_t n, int mode, fh_morph *m)
{
    memset(m, 0, sizeof *m);
    m->stem_lo = 0;
    m->stem_hi = n;
    m->key_lo = 0;
    m->key_hi = n;
    if (n < 2 || n > FH_MORPH_MAX || mode == FAHRAS_STEM_NONE) return;
    if (is_keep_whole(w, n)) return;

    uint32_t whole = stem_evidence(w, n);
    int no_article = is_listed(w, n, not_article, sizeof not_article / sizeof not_article[0]);

    /* 1. Proclitics. */
    const chain *best = NULL;
    for (size_t i = 0; i < sizeof chains / sizeof chains[0]; i++) {
        const chain *c = &chains[i];
        if (!chain_matches(w, n, c)) continue;
        size_t rest = n - c->nletters;
        if (c->article) {
            if (no_article) continue;
            /* The article: the remaining stem needs two letters; لل needs
             * the stem not to start with ل (لله) - handled by the list. */
            if (rest < 2) continue;
            if (c->article == 1 && c->nletters > 2 && is_keep_whole(w + c->nletters - 2, rest + 2))
                continue;
            best = c;
            break;
        }
        if (rest < 2) continue;
        if (rest >= 3 && is_keep_whole(w + c->nletters, rest)) { best = c; break; }
        uint32_t part = stem_evidence(w + c->nletters, rest);
        if (split_wins(whole, part, prior_permille(c), rest >= 3)) {
            best = c;
            break;
        }
    }
    size_t lo = 0;
    int article = 0;
    if (best) {
        m->pre_n = best->nseg;
        for (size_t i = 0; i < best->nseg; i++) m->pre_len[i] = best->seg[i];
        lo = best->nletters;
        article = best->article;
        m->restore_alef = best->article == 2;
    }
    size_t hi = n;

    /* 2. Enclitic pronoun (never after the article). */
    int had_enclitic = 0;
    if (!article && (!is_keep_whole(w + lo, hi - lo) || no_article)) {
        uint32_t stem_whole = lo ? count_of(w + lo, hi - lo, 0) : whole;
        for (size_t i = 0; i < sizeof enclitics / sizeof enclitics[0]; i++) {
            const enclitic *e = &enclitics[i];
            if (!suffix_is(w + lo, hi - lo, e->letters, e->n)) continue;
            size_t rest = hi - lo - e->n;
            if (rest < 2) continue;
            uint32_t part = stem_evidence(w + lo, rest);
            /* ta marbuta is written ت before a pronoun: مدرستها = مدرسة + ها */
            if (rest >= 3 && w[lo + rest - 1] == TEH) {
                uint16_t tmp[FH_MORPH_MAX];
                memcpy(tmp, w + lo, (rest - 1) * sizeof tmp[0]);
                tmp[rest - 1] = TEH_MARBUTA;
                part += stem_evidence(tmp, rest);
            }
            if (split_wins(stem_whole, part, e->prior, rest >= 3)) {
                hi = lo + rest;
                had_enclitic = 1;
                break;
            }
        }
    }
    m->stem_lo = lo;
    m->stem_hi = hi;
    m->key_lo = lo;
    m->key_hi = hi;
    if (mode != FAHRAS_STEM_LIGHT) return;

    /* 3. Light stemming of inflectional suffixes, on the stem. */
    const uint16_t *s = w + lo;
    size_t sn = hi - lo;
    if (is_keep_whole(s, sn)) return;
    if (had_enclitic && sn >= 4 && s[sn - 1] == TEH) { /* مدرست(ها) */
        m->key_hi = hi - 1;
        return;
    }
    static const uint16_t at[] = {ALEF, TEH}, un[] = {WAW, NOON}, in[] = {YEH, NOON},
                          an[] = {ALEF, NOON}, wa[] = {WAW, ALEF}, tin[] = {TEH, YEH, NOON},
                          tan[] = {TEH, ALEF, NOON};
    uint32_t sw = count_of(s, sn, 0);
    if (sn >= 3 && (s[sn - 1] == TEH_MARBUTA || s[sn - 1] == HEH)) {
        m->key_hi = hi - 1;
        return;
    }
    if (sn >= 5 && (suffix_is(s, sn, tin, 3) || suffix_is(s, sn, tan, 3))) {
        m->key_hi = hi - 3; /* dual of a feminine noun: مدرستين */
        return;
    }
    if (sn >= 4 && suffix_is(s, sn, at, 2)) {
        m->key_hi = hi - 2;
        return;
    }
    if (sn >= 5 && (suffix_is(s, sn, un, 2) || suffix_is(s, sn, in, 2))) {
        uint32_t part = stem_evidence(s, sn - 2) + stem_evidence(s, sn - 1) /* مصري|ين */;
        if (split_wins(sw, part, 300, 1)) m->key_hi = hi - 2;
        return;
    }
    if (sn >= 5 && suffix_is(s, sn, an, 2)) {
        uint32_t part = stem_evidence(s, sn - 2);
        if (split_wins(sw, part, 150, 0)) m->key_hi = hi - 2;
        return;
    }
    if (sn >= 4 && s[sn - 1] == ALEF && s[sn - 2] == YEH) { /* tanween alif: حاليا */
        uint32_t part = stem_evidence(s, sn - 1);
        if (split_wins(sw, part, 500, 0)) m->key_hi = hi - 1;
        return;
    }
    if (sn >= 5 && suffix_is(s, sn, wa, 2)) {
        uint32_t part = stem_evidence(s, sn - 2);
        if (split_wins(sw, part, 400, 1)) m->key_hi = hi - 2;
        return;
    }
    if (sn >= 4 && s[sn - 1] == TEH) { /* past tense feminine: اكدت */
        uint32_t part = stem_evidence(s, sn - 1);
        if (split_wins(sw, part, 300, 0)) m->key_hi = hi - 1;
        return;
    }
}
