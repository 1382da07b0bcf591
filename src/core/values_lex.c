/*
 * values_lex.c - the value finder's word lookup, decimal arithmetic on
 * values read from digits and number words, and reading a number token's
 * digits (both digit systems, ٫ ٬ , . separators, a glued era suffix).
 */
#include <stdio.h>
#include <string.h>

#include "fnv.h"
#include "internal.h"
#include "letters.h"
#include "values.h"

/* The hash of the word table (tools/gen_values_lexicon.py computes the
 * same): eight bytes a step, read little-endian, the last step zero-padded.
 * Most words of a text are not in the table and their hash is the whole
 * cost of looking them up, so it takes no step per byte. */
#define VHASH_K 0x9E3779B97F4A7C15ull
_Static_assert(FH_VWORDS_SLOTS == 1 << 11, "the top 11 bits of the hash pick the slot");

static uint64_t vhash(const unsigned char *p, size_t n)
{
    uint64_t h = VHASH_K ^ n;
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t x = 0;
        for (int k = 7; k >= 0; k--) x = x << 8 | p[k];
        h = (h ^ x) * VHASH_K;
    }
    if (n) {
        uint64_t x = 0;
        for (size_t k = n; k-- > 0;) x = x << 8 | p[k];
        h = (h ^ x) * VHASH_K;
    }
    return h;
}

static const fh_vword *find_exact(const char *f, size_t n)
{
    if (n < 2 || n > 40) return NULL;
    uint64_t h = vhash((const unsigned char *)f, n);
    uint32_t tag = (uint32_t)(h >> 37) & 0xFFFF;
    /* the top bits pick the slot; a slot's tag rules out most other words
     * without reading their entry */
    for (size_t k = (size_t)(h >> 53);; k = (k + 1) & (FH_VWORDS_SLOTS - 1)) {
        uint32_t s = fh_vwords_slots[k];
        if (!s) return NULL;
        if (s >> 16 != tag) continue;
        const fh_vword *w = &fh_vwords[(s & 0xFFFF) - 1];
        if (w->len == n && !memcmp(w->form, f, n)) return w;
    }
}

static int starts(const char *f, size_t n, unsigned c) { return n >= 2 && ar_letter_at(f, c); }

static const fh_vword *with_clitics_off(const char *f, size_t n, size_t *pre)
{
    /* ب ل ك before a word of at least three letters (كلم is no ك + لم) */
    if (n >= 8 && (starts(f, n, AR_BEH) || starts(f, n, AR_LAM) || starts(f, n, AR_KAF))) {
        const fh_vword *w = find_exact(f + 2, n - 2);
        if (w && !(w->flags & FH_VF_NOCLITIC)) {
            *pre += 2;
            return w;
        }
        /* لل = ل + ال with the alef dropped */
        if (starts(f, n, AR_LAM) && starts(f + 2, n - 2, AR_LAM)) {
            char buf[FH_VTOK_FOLD + 2];
            if (n + 2 > sizeof buf) return NULL;
            buf[0] = AR_UTF8_LEAD(AR_ALEF);
            buf[1] = AR_UTF8_TRAIL(AR_ALEF);
            memcpy(buf + 2, f + 2, n - 2);
            w = find_exact(buf, n);
            if (w && !(w->flags & FH_VF_NOCLITIC) && (w->flags & FH_VF_DEF)) {
                *pre += 2;
                return w;
            }
        }
    }
    return NULL;
}

const fh_vword *fh_vword_find(const char *f, size_t n, size_t *pre, int *wa)
{
    *pre = 0;
    *wa = 0;
    const fh_vword *w = find_exact(f, n);
    if (w) return w;
    if (n >= 6 && (starts(f, n, AR_WAW) || starts(f, n, AR_FEH))) {
        w = find_exact(f + 2, n - 2);
        if (w && !(w->flags & FH_VF_NOCLITIC)) {
            *pre = 2;
            *wa = 1;
            return w;
        }
        size_t p = 2;
        w = with_clitics_off(f + 2, n - 2, &p);
        if (w) {
            *pre = p;
            *wa = 1;
            return w;
        }
        return NULL;
    }
    size_t p = 0;
    w = with_clitics_off(f, n, &p);
    if (w) *pre = p;
    /* شهرجانفي, شهرماي: the word for month glued to the month's name */
    if (!w && n > 6 && !memcmp(f, "\xd8\xb4\xd9\x87\xd8\xb1", 6) && (w = find_exact(f + 6, n - 6)) != NULL) { /* شهر */
        if (w->cls != FH_V_MONTH) return NULL;
        *pre = 6;
    }
    return w;
}

const fh_vword *fh_vword_without_article(const fh_vtok *t, int wa)
{
    size_t pre, skip = wa && t->flen > 2 && (starts(t->f, t->flen, AR_WAW) || starts(t->f, t->flen, AR_FEH)) ? 2 : 0;
    int w_a;
    if (t->kind != FH_VT_WORD || t->flen <= skip + 4 || memcmp(t->f + skip, "\xd8\xa7\xd9\x84", 4)) return NULL;
    const fh_vword *w = fh_vword_find(t->f + skip + 4, t->flen - skip - 4u, &pre, &w_a);
    return w && !pre ? w : NULL;
}

/* ---- decimal values -------------------------------------------------- */

fh_vnum fh_vnum_int(uint64_t v)
{
    fh_vnum a = {v, 0, 1, 1};
    return a;
}

static int mul10(uint64_t *m, int k)
{
    while (k-- > 0) {
        if (*m > FH_VNUM_MAX_M / 10) return -1;
        *m *= 10;
    }
    return 0;
}

int fh_vnum_scale(fh_vnum *a, int exp10)
{
    a->e += exp10;
    /* keep an integer mantissa small: 2500 * 10^-3 stays as it is */
    return a->e > 30 || a->e < -30 ? -1 : 0;
}

int fh_vnum_add(fh_vnum *a, const fh_vnum *b)
{
    fh_vnum x = *a, y = *b;
    if (x.den != y.den) {
        if (x.den == 1) {
            if (x.m > FH_VNUM_MAX_M / 3) return -1;
            x.m *= 3;
            x.den = 3;
        } else {
            if (y.m > FH_VNUM_MAX_M / 3) return -1;
            y.m *= 3;
            y.den = 3;
        }
    }
    if (x.e > y.e) {
        if (mul10(&x.m, x.e - y.e)) return -1;
        x.e = y.e;
    } else if (y.e > x.e) {
        if (mul10(&y.m, y.e - x.e)) return -1;
        y.e = x.e;
    }
    if (x.m > FH_VNUM_MAX_M - y.m) return -1;
    x.m += y.m;
    *a = x;
    return 0;
}

int fh_vnum_mul_frac(fh_vnum *a, int frac)
{
    uint64_t mul;
    int e;
    switch (frac) {
    case 2: mul = 5; e = -1; break;
    case 4: mul = 25; e = -2; break;
    case 34: mul = 75; e = -2; break;
    case 3: mul = 1; e = 0; break;
    case 23: mul = 2; e = 0; break;
    default: return -1;
    }
    if (a->m > FH_VNUM_MAX_M / mul) return -1;
    a->m *= mul;
    a->e += e;
    if (frac == 3 || frac == 23) {
        if (a->den == 3) return -1; /* a third of a third: not a reading we make */
        a->den = 3;
    }
    return 0;
}

size_t fh_vnum_format(const fh_vnum *a, char *out, size_t cap)
{
    /* value = m * 10^e / den, written with at most 6 decimals */
    uint64_t m = a->m;
    int e = a->e;
    char digits[64];
    int frac = 0; /* decimals in digits */
    if (a->den == 3) {
        /* m * 10^e / 3 to 6 decimals: scale the mantissa by 10^6 first */
        uint64_t q = m;
        int k = 6;
        while (k > 0 && q <= FH_VNUM_MAX_M / 10) { q *= 10; k--; }
        q = (q + 1) / 3; /* rounded */
        m = q;
        frac = 6 - k;
    }
    int len = snprintf(digits, sizeof digits, "%llu", (unsigned long long)m);
    char buf[96];
    size_t n = 0;
    /* place the point: the value is digits * 10^(e - frac) */
    int pt = e - frac; /* power of ten of the last digit */
    if (pt >= 0) {
        memcpy(buf, digits, (size_t)len);
        n = (size_t)len;
        if (m != 0)
            for (int k = 0; k < pt && n < sizeof buf - 1; k++) buf[n++] = '0';
    } else {
        int point = -pt; /* digits after the point */
        int intlen = len - point;
        if (intlen <= 0) {
            buf[n++] = '0';
            buf[n++] = '.';
            for (int k = 0; k < -intlen && n < 40; k++) buf[n++] = '0';
            memcpy(buf + n, digits, (size_t)len);
            n += (size_t)len;
        } else {
            memcpy(buf, digits, (size_t)intlen);
            n = (size_t)intlen;
            buf[n++] = '.';
            memcpy(buf + n, digits + intlen, (size_t)point);
            n += (size_t)point;
        }
        /* a third is written to 6 decimals; digits as read are kept */
        char *dot = memchr(buf, '.', n);
        if (a->den == 3 && dot && (size_t)(buf + n - dot - 1) > 6) n = (size_t)(dot - buf) + 7;
        while (n && buf[n - 1] == '0') n--;
        if (n && buf[n - 1] == '.') n--;
    }
    if (cap) {
        size_t c = n < cap ? n : cap - 1;
        memcpy(out, buf, c);
        out[c] = '\0';
    }
    return n;
}

/* ---- number tokens ---------------------------------------------------- */

static int digit_of(uint32_t cp)
{
    if (cp >= '0' && cp <= '9') return (int)(cp - '0');
    if (cp >= AR_DIGIT_ZERO && cp <= AR_DIGIT_ZERO + 9) return (int)(cp - AR_DIGIT_ZERO);
    if (cp >= AR_EXT_DIGIT_ZERO && cp <= AR_EXT_DIGIT_ZERO + 9) return (int)(cp - AR_EXT_DIGIT_ZERO);
    return -1;
}

void fh_vtok_read_number(fh_vtok *t, const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = t->start;
    uint64_t m = 0;
    int digits = 0, frac = 0, point = 0, ok = 1, first = -1;
    t->grouped = 0;
    t->era = 0;
    t->reh = 0;
    while (i < t->end) {
        uint32_t cp;
        size_t k = fh_utf8_decode(s + i, t->end - i, &cp);
        if (!k) break;
        int d = digit_of(cp);
        if (d >= 0) {
            if (first < 0) first = d;
            if (m > FH_VNUM_MAX_M / 10) ok = 0;
            else m = m * 10 + (uint64_t)d;
            if (point) frac++;
            else digits++;
        } else if (cp == '.' || cp == AR_DECIMAL_SEPARATOR) {
            point = 1;
        } else if (cp == ',' || cp == AR_THOUSANDS_SEPARATOR) {
            t->grouped = 1;
        } else if (cp == AR_MEEM) {
            t->era = 'g';
        } else if (cp == AR_HEH) {
            t->era = 'h';
        }
        i += k;
    }
    t->num.m = m;
    t->num.e = -frac;
    t->num.den = 1;
    t->num.ok = (uint8_t)(ok && digits > 0 && digits <= 18);
    t->digits = (uint8_t)(digits > 255 ? 255 : digits);
    t->frac_digits = (uint8_t)(frac > 255 ? 255 : frac);
    t->lead_zero = first == 0 && digits > 1;
}

/* ---- token fields -------------------------------------------------------- */

uint16_t fh_vgap(const char *text, size_t from, size_t to, size_t *al_start)
{
    const unsigned char *s = (const unsigned char *)text;
    uint16_t g = 0;
    if (from >= to) return FH_GAP_EMPTY;
    if (to - from == 1 && s[from] == '.') return FH_GAP_DOT;
    if (to - from == 1 && s[from] == ' ') return FH_GAP_SPACE; /* most gaps */
    size_t i = from;
    while (i < to) {
        uint32_t cp;
        size_t k = fh_utf8_decode(s + i, to - i, &cp);
        if (!k) {
            g |= FH_GAP_OTHER;
            i++;
            continue;
        }
        switch (cp) {
        case ' ': case '\t': case 0x00A0: case 0x202F: case 0x2009: case 0x200A: case 0x3000:
        case '_': /* #شهر_رمضان: between the words of a hashtag read */
            g |= FH_GAP_SPACE;
            break;
        case '\n': case '\r': case '\f': case '\v': case 0x2028: case 0x2029:
            g |= FH_GAP_NEWLINE;
            break;
        case '/': g |= FH_GAP_SLASH; break;
        case '-': case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2212:
            g |= FH_GAP_DASH;
            break;
        case '(': case '[': g |= FH_GAP_LPAREN; break;
        case ')': case ']': g |= FH_GAP_RPAREN; break;
        case ',': case ';': case AR_COMMA: case AR_SEMICOLON: g |= FH_GAP_COMMA; break;
        case '.': case '!': case '?': case AR_QUESTION_MARK: case AR_FULL_STOP: case 0x2026:
            g |= FH_GAP_STOP;
            break;
        case ':': g |= FH_GAP_COLON; break;
        case '%': case AR_PERCENT_SIGN: g |= FH_GAP_PERCENT; break;
        case '+': g |= FH_GAP_PLUS; break;
        case '#': /* حلول شهر #رمضان: a hashtag's mark on the word after it says nothing */
            if (i + k != to) g |= FH_GAP_OTHER;
            break;
        case AR_ALEF: case AR_ALEF_HAMZA_ABOVE: /* الـ written apart: "the" of the number after it */
            if (i + k + 4 <= to && ar_letter_at((const char *)s + i + k, AR_LAM) &&
                ar_letter_at((const char *)s + i + k + 2, AR_TATWEEL)) {
                g |= FH_GAP_AL;
                *al_start = i;
                i += 4; /* its ل is not a لـ of its own */
            }
            break;
        case AR_LAM: /* لـ written apart: "to" (من 13 لـ21) */
            if (i + k + 2 <= to && ar_letter_at((const char *)s + i + k, AR_TATWEEL) &&
                (i == from || s[i - 1] == ' '))
                g |= FH_GAP_LI;
            break;
        default: {
            uint8_t cls = fh_class_of(cp);
            /* 4 ـ نادي, 79 ــــ67, 2ــــــ 0: a run of tatweels standing alone
             * between spaces or digits is a dash */
            if (cls == FH_CL_TATWEEL && (i == from || s[i - 1] == ' ')) {
                size_t j = i + k;
                while (j + k <= to && !memcmp(s + j, s + i, k)) j += k;
                if (j == to || s[j] == ' ') {
                    g |= FH_GAP_DASH;
                    k = j - i;
                    break;
                }
            }
            /* letters of a detached clitic (لـ, بـ), tatweel and controls say nothing */
            if (cls != FH_CL_AR_LETTER && cls != FH_CL_TATWEEL && cls != FH_CL_IGNORE &&
                cls != FH_CL_MARK)
                g |= cls == FH_CL_SPACE ? FH_GAP_SPACE : FH_GAP_OTHER;
            break;
        }
        }
        i += k;
    }
    return g;
}

int fh_vword_is(const fh_vtok *t, const char *head)
{
    static const char clitics[][3] = {"\xd9\x88", "\xd9\x81", "\xd8\xa8", "\xd9\x84", "\xd9\x83"}; /* و ف ب ل ك */
    size_t n = strlen(head);
    if (t->kind != FH_VT_WORD || !t->arabic) return 0;
    /* للمركز: ل before ال drops its alef */
    if (n > 4 && !memcmp(head, "\xd8\xa7\xd9\x84", 4) && t->flen >= n && t->flen - n <= 2 &&
        !memcmp(t->f + t->flen - n, "\xd9\x84\xd9\x84", 4) && !memcmp(t->f + t->flen - n + 4, head + 4, n - 4) &&
        (t->flen == n || !memcmp(t->f, "\xd9\x88", 2) || !memcmp(t->f, "\xd9\x81", 2)))
        return 1;
    if (t->flen < n || t->flen - n > 4 || (t->flen - n) % 2 || memcmp(t->f + t->flen - n, head, n)) return 0;
    for (size_t b = 0; b < t->flen - n; b += 2) {
        int ok = 0;
        for (size_t c = 0; c < sizeof clitics / sizeof clitics[0]; c++) ok |= !memcmp(t->f + b, clitics[c], 2);
        if (!ok) return 0;
    }
    return 1;
}

size_t fh_vword_in(const fh_vtok *t, const char *const *heads, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (fh_vword_is(t, heads[k])) return k + 1;
    return 0;
}

int fh_vword_among(const fh_vtok *t, const char *const *words, size_t n)
{
    for (size_t k = 0; t && k < n; k++)
        if (t->flen == strlen(words[k]) && !memcmp(t->f, words[k], t->flen)) return 1;
    return 0;
}

size_t fh_vwork_word(const fh_vtok *t)
{
    static const char *const works[] = {
        /* the first FH_VWORK_NUMBER */
        "\xd8\xa8\xd8\xb1\xd9\x86\xd8\xa7\xd9\x85\xd8\xac", "\xd8\xa7\xd9\x84\xd8\xa8\xd8\xb1\xd9\x86\xd8\xa7\xd9\x85\xd8\xac", /* برنامج, البرنامج */
        "\xd9\x81\xd9\x8a\xd9\x84\xd9\x85", "\xd8\xa7\xd9\x84\xd9\x81\xd9\x8a\xd9\x84\xd9\x85", /* فيلم, الفيلم */
        "\xd9\x85\xd8\xb3\xd9\x84\xd8\xb3\xd9\x84", "\xd8\xa7\xd9\x84\xd9\x85\xd8\xb3\xd9\x84\xd8\xb3\xd9\x84", /* مسلسل, المسلسل */
        "\xd9\x83\xd8\xaa\xd8\xa7\xd8\xa8", "\xd8\xa7\xd9\x84\xd9\x83\xd8\xaa\xd8\xa7\xd8\xa8", /* كتاب, الكتاب */
        "\xd8\xb1\xd9\x88\xd8\xa7\xd9\x8a\xd9\x87", "\xd8\xa7\xd9\x84\xd8\xb1\xd9\x88\xd8\xa7\xd9\x8a\xd9\x87", /* رواية, الرواية */
        "\xd8\xa7\xd8\xba\xd9\x86\xd9\x8a\xd9\x87", "\xd8\xa7\xd9\x84\xd8\xa7\xd8\xba\xd9\x86\xd9\x8a\xd9\x87", /* أغنية, الأغنية */
        "\xd9\x85\xd8\xb3\xd8\xb1\xd8\xad\xd9\x8a\xd9\x87", "\xd8\xa7\xd9\x84\xd9\x85\xd8\xb3\xd8\xb1\xd8\xad\xd9\x8a\xd9\x87", /* مسرحية, المسرحية */
        "\xd8\xad\xd8\xb2\xd8\xa8", "\xd8\xa7\xd9\x84\xd8\xad\xd8\xb2\xd8\xa8", /* حزب, الحزب */
        /* the rest */
        "\xd9\x81\xd9\x8a\xd9\x84\xd9\x85\xd9\x87", "\xd8\xa7\xd9\x81\xd9\x84\xd8\xa7\xd9\x85", /* فيلمه, أفلام */
        "\xd8\xa7\xd9\x81\xd9\x84\xd8\xa7\xd9\x85\xd9\x87", /* أفلامه */
        "\xd9\x83\xd8\xaa\xd8\xa7\xd8\xa8\xd9\x87", "\xd9\x83\xd8\xaa\xd8\xa7\xd8\xa8\xd8\xa7", /* كتابه, كتابا */
        "\xd8\xb9\xd9\x86\xd9\x88\xd8\xa7\xd9\x86", /* عنوان (بعنوان) */
    };
    return fh_vword_in(t, works, sizeof works / sizeof works[0]);
}

int fh_vrelative_pronoun(const fh_vtok *t)
{
    static const char *const relatives[] = {
        "\xd8\xa7\xd9\x84\xd8\xb0\xd9\x8a", "\xd8\xa7\xd9\x84\xd8\xaa\xd9\x8a", /* الذي التي */
        "\xd8\xa7\xd9\x84\xd8\xb0\xd9\x8a\xd9\x86",                             /* الذين */
    };
    return fh_vword_among(t, relatives, sizeof relatives / sizeof relatives[0]);
}

int fh_vvotes_word(const fh_vtok *t)
{
    static const char *const votes[] = {
        "\xd8\xb5\xd9\x88\xd8\xaa", "\xd8\xb5\xd9\x88\xd8\xaa\xd8\xa7", /* صوت صوتا */
        "\xd8\xa7\xd8\xb5\xd9\x88\xd8\xa7\xd8\xaa",                   /* أصوات */
    };
    return fh_vword_among(t, votes, sizeof votes / sizeof votes[0]);
}

int fh_vbefore_ce(const fh_vwin *w, size_t i)
{
    if (i + 1 >= w->n || !fh_vtight(w, i)) return 0;
    const fh_vtok *t = &w->tok[i], *u = &w->tok[i + 1];
    if (fh_vfolded_is(t, "\xd9\x82\xd8\xa8\xd9\x84")) /* قبل */
        return fh_vtight(w, i + 1) &&
               fh_vfolded_is(u, "\xd8\xa7\xd9\x84\xd9\x85\xd9\x8a\xd9\x84\xd8\xa7\xd8\xaf"); /* الميلاد */
    /* ق.م, ق. م: the two letters with one dot between */
    if (!fh_vfolded_is(t, "\xd9\x82") || !fh_vfolded_is(u, "\xd9\x85")) return 0; /* ق م */
    size_t gap = u->start - t->end;
    return (gap == 1 || (gap == 2 && w->text[t->end + 1] == ' ')) && w->text[t->end] == '.';
}

void fh_vtok_word(fh_vtok *t, const char *f, size_t n)
{
    t->cls = FH_V_NONE;
    t->pre = 0;
    t->wa = 0;
    t->value = 0;
    t->flags = 0;
    t->flen = 0;
    t->f[0] = '\0';
    t->al = n > 4 && !memcmp(f, "\xd8\xa7\xd9\x84", 4);
    if (n >= FH_VTOK_FOLD) return;
    memcpy(t->f, f, n);
    t->f[n] = '\0';
    t->flen = (uint8_t)n;
    size_t pre;
    int wa;
    const fh_vword *w = fh_vword_find(f, n, &pre, &wa);
    if (!w) return;
    t->cls = w->cls;
    t->value = w->value;
    t->flags = w->flags;
    t->pre = (uint8_t)pre;
    t->wa = (uint8_t)wa;
}

int fh_value_word_kind(const char *s, size_t n)
{
    char f[FH_VTOK_FOLD];
    size_t k = fh_fold_default(s, n, f, sizeof f), pre = 0;
    int wa = 0;
    const fh_vword *w = k < sizeof f ? fh_vword_find(f, k, &pre, &wa) : NULL;
    if (!w || pre) return FH_VALUE_WORD_NONE;
    switch (w->cls) {
    case FH_V_UNIT: case FH_V_TEN: case FH_V_TENS: case FH_V_HUND: case FH_V_SCALE: case FH_V_FRAC:
        return FH_VALUE_WORD_NUMBER;
    case FH_V_MEASURE:
        return FH_VALUE_WORD_MEASURE;
    case FH_V_MONTH:
    case FH_V_HMONTH:
        return FH_VALUE_WORD_MONTH;
    default:
        return FH_VALUE_WORD_NONE;
    }
}

uint32_t fh_values_stamp(uint32_t h)
{
    h = fh_fnv_u32(h, FH_VALUES_GRAMMAR);
    for (size_t i = 0; i < fh_vwords_count; i++) {
        const fh_vword *v = &fh_vwords[i];
        h = fh_fnv_add(h, v->form, (size_t)v->len + 1);
        h = fh_fnv_u32(h, (uint32_t)v->cls << 24 ^ (uint32_t)(uint16_t)v->value << 8 ^ v->flags);
    }
    return h;
}
