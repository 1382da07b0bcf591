/*
 * values_num.c - numbers, ordinals, percentages and counts.
 *
 *   digits            500, ١٬٠٠٠٫٥, 1,000, 2.5, 1.000.000
 *   words             خمسمئة, أربعة عشر, خمسة وعشرون, ألفين, مليون ونصف, ثلث, ثلاثة أرباع
 *   scale words       3 ملايين -> 3000000, 2.5 مليار -> 2500000000, نصف مليون
 *   percentages       50%, ٪50, 50 بالمئة, 50 في المائة -> NUMBER 50 unit %
 *   ordinals          الدورة الثالثة -> 3, الحادي عشر, الخامس والعشرون, الـ20
 *   counts            بقوام 500 عنصر -> COUNT 500 unit عنصر; 125 من أعضاء -> COUNT 125
 *                     unit أعضاء (a number, من and the noun it takes part of)
 *
 * Vague quantities (عشرات, مئات, آلاف and ملايين with no number, بضعة,
 * عدة) have no value and are not numbers.  Digits that are codes are
 * skipped whole: phone numbers (+216 71 123 456, three or more groups),
 * numbers glued to a name by a dash (كوفيد-19, F-16), after رقم / المادة /
 * الساعة, clock times (10:30), scores (3-1), a leading zero, and more than
 * eight digits without separators.
 */
#include <string.h>

#include "letters.h"
#include "values.h"

static const fh_vtok *tk(const fh_vwin *w, size_t i)
{
    return i < w->n ? &w->tok[i] : NULL;
}

/* A listed word of class cls, not glued to a proclitic, right after the
 * previous token. */
static int bare_word(const fh_vwin *w, size_t i, int cls)
{
    const fh_vtok *t = tk(w, i);
    return t && t->cls == cls && !t->pre && fh_vtight(w, i);
}

/* ---- ordinals ------------------------------------------------------------ */

int fh_ordinal_at(const fh_vwin *w, size_t i, int *v, size_t *next)
{
    const fh_vtok *t = tk(w, i);
    if (!t || t->kind != FH_VT_WORD) return 0;
    if (t->cls == FH_V_ORDTENS) {
        if (bare_word(w, i + 1, FH_V_SCALE)) return 0; /* الخمسين ألف: fifty thousand */
        *v = t->value;
        *next = i + 1;
        return 1;
    }
    if (t->cls == FH_V_ORDHUND) {
        /* في المئة is a percentage, الذكرى المئة an ordinal */
        if (i > 0 && (w->tok[i - 1].cls == FH_V_IN || w->tok[i - 1].kind == FH_VT_NUMBER)) return 0;
        *v = 100;
        *next = i + 1;
        return 1;
    }
    if (t->cls != FH_V_ORD) return 0;
    int unit = t->value;
    /* الثالث عشر, الحادية عشرة */
    if (unit <= 9 && bare_word(w, i + 1, FH_V_TEN)) {
        *v = unit + 10;
        *next = i + 2;
        return 1;
    }
    /* الخامس والعشرون */
    size_t k = i + 1;
    const fh_vtok *u = tk(w, k);
    if (unit <= 9 && u && fh_vtight(w, k) && u->cls == FH_V_AND) u = tk(w, ++k);
    else if (u && !(u->wa && u->pre == 2)) u = NULL;
    if (unit <= 9 && u && u->cls == FH_V_ORDTENS && fh_vtight(w, k)) {
        *v = unit + u->value;
        *next = k + 1;
        return 1;
    }
    if (t->flags & FH_VF_COMPOUND) return 0; /* الحادي alone */
    *v = unit;
    *next = i + 1;
    return 1;
}

/* ---- cardinals ----------------------------------------------------------- */

enum { TERM_DIGITS = 1, TERM_WORDS, TERM_SCALE, TERM_FRAC };

typedef struct term {
    int kind;
    int order;  /* TERM_WORDS: 1 units and teens, 2 tens, 3 hundreds */
    fh_vnum base;
    int frac;   /* TERM_FRAC: 2, 3, 4, 23, 34 */
    int small;  /* words of 3..10: what a plural scale needs */
    int scale;  /* TERM_SCALE: its power of ten */
    size_t next;
} term;

/* Token j is plain digits right after an Arabic comma, with no space. */
static int after_arabic_comma(const fh_vwin *w, size_t j)
{
    return j < w->n && w->tok[j].gap == FH_GAP_COMMA && fh_vplain(w, j) && w->tok[j].start >= 2 &&
           !memcmp(w->text + w->tok[j].start - 2, "\xd8\x8c", 2);
}

/* The dinar at token k, or after a scale word or م (مليون دينار, م د:
 * millions of dinars). */
static int dinar_after(const fh_vwin *w, size_t k)
{
    const fh_vtok *u = tk(w, k);
    int abbrev = 0;
    if (u && fh_vtight(w, k) && (u->cls == FH_V_SCALE || (u->flen == 2 && !memcmp(u->f, "\xd9\x85", 2)))) {
        abbrev = u->flen == 2;
        u = tk(w, ++k); /* مليون, م */
    }
    return u && (fh_vtight(w, k) || (abbrev && !(u->gap & ~(FH_GAP_SPACE | FH_GAP_DOT)))) && /* م.د */
           u->kind == FH_VT_WORD &&
           (fh_vword_is(u, "\xd8\xaf\xd9\x8a\xd9\x86\xd8\xa7\xd8\xb1") || /* دينار */
            (u->flen == 2 && !memcmp(u->f, "\xd8\xaf", 2)));                /* د */
}

/* 3،000 ريال, 274،460 حسابا, 1،250،000 دولار, 4،058 مليون دينار: the
 * Arabic comma grouping thousands, as most papers write it; but one group
 * before the dinar is the Tunisian agency's decimal, which keeps three
 * digits for the millimes: 2،308 دينار, 29،446 مليون دينار (a council's
 * budget), 194،647 م د.  (4،058 مليون دينار, a state's deficit, shows the
 * agency grouping thousands too, more rarely.) */
static int arabic_comma_groups(const fh_vwin *w, size_t i, term *r)
{
    const fh_vtok *t = &w->tok[i];
    if (!fh_vplain(w, i) || t->digits > 3 || (i > 0 && after_arabic_comma(w, i))) return 0;
    size_t k = i + 1;
    uint64_t m = t->num.m;
    while (after_arabic_comma(w, k) && w->tok[k].digits == 3 && m <= FH_VNUM_MAX_M / 1000) {
        m = m * 1000 + w->tok[k].num.m;
        k++;
    }
    if (k == i + 1) return 0;
    r->base = fh_vnum_int(m);
    r->next = k;
    if (k == i + 2 && dinar_after(w, k)) r->base.e = -3;
    return 1;
}

static int minute_word(const fh_vtok *d);

/* A no-break space (U+00A0) at byte b, ending before byte e. */
static int nbsp_at(const fh_vwin *w, size_t b, size_t e)
{
    return b + 1 < e && (unsigned char)w->text[b] == 0xC2 && (unsigned char)w->text[b + 1] == 0xA0;
}

/* 03 مناشير, 05 أطنان: a zero before one digit and a counted noun is a
 * count, as Tunisian news writes; not the minutes of a clock (الساعة 13 و
 * 09 دقيقة, 09,00 بتوقيت), nor an address (عدد 07 حي). */
static int zero_padded_count(const fh_vwin *w, size_t i)
{
    const fh_vtok *t = &w->tok[i];
    if (t->digits != 2 || t->frac_digits || !t->num.m || (t->gap & FH_GAP_COMMA) || minute_word(tk(w, i + 1)))
        return 0;
    if (i > 0 && fh_vtight(w, i) && fh_vfolded_is(&w->tok[i - 1], "\xd8\xb9\xd8\xaf\xd8\xaf")) return 0; /* عدد */
    return fh_counted_noun_at(w, i + 1);
}

/* Digits at i: one token, or 1.000.000 (dots grouping thousands) and
 * 2,5 (a decimal comma) that the tokenizer splits. */
static int digits_term(const fh_vwin *w, size_t i, term *r)
{
    const fh_vtok *t = tk(w, i);
    /* 500م, 1.173م د: م glued to three digits or a decimal is metres or
     * the agency's millions, no era (a year takes four: 2016م; 81م is as
     * often the year 1981) */
    if (!t->num.ok || t->era == 'h' || (t->era && t->digits >= 4) || (t->era && t->digits < 3 && !t->frac_digits) ||
        (t->lead_zero && !zero_padded_count(w, i)))
        return 0;
    r->kind = TERM_DIGITS;
    r->base = t->num;
    r->next = i + 1;
    r->small = 0;
    if (t->frac_digits == 3 && !t->grouped) {
        size_t k = i + 1;
        uint64_t m = t->num.m;
        int groups = 0;
        while (k < w->n && w->tok[k].gap == FH_GAP_DOT && fh_vplain(w, k) && w->tok[k].digits == 3 &&
               m <= FH_VNUM_MAX_M / 1000) {
            m = m * 1000 + w->tok[k].num.m;
            groups++;
            k++;
        }
        if (groups) { /* 1.000.000 */
            r->base = fh_vnum_int(m);
            r->next = k;
        }
    } else if (arabic_comma_groups(w, i, r)) {
        return 1;
    } else if (fh_vplain(w, i) && i + 1 < w->n && w->tok[i + 1].gap == FH_GAP_COMMA && fh_vplain(w, i + 1) &&
               w->tok[i + 1].digits != 3 &&
               (w->text[w->tok[i + 1].start - 1] == ',' ||
                (t->digits <= 3 && w->tok[i + 1].digits <= 2 && w->tok[i + 1].start >= 2 &&
                 !memcmp(w->text + w->tok[i + 1].start - 2, "\xd8\x8c", 2)))) {
        /* 2,5 مليار, 106,78 متر, 5،3 بالمائة (the Arabic comma, with few
         * digits: 2017،2018 is two years): a decimal comma, unless a list
         * 1,2,3 goes on */
        const fh_vtok *u = &w->tok[i + 1];
        const fh_vtok *x = tk(w, i + 2), *y = tk(w, i + 3);
        /* أيام 15،14 و16 اكتوبر: a list that goes on after و */
        int list_on = x && ((x->gap == FH_GAP_COMMA && x->kind == FH_VT_NUMBER) ||
                            (w->text[u->start - 1] != ',' &&
                             (x->kind == FH_VT_NUMBER || (x->cls == FH_V_AND && y && y->kind == FH_VT_NUMBER))));
        if (!list_on) {
            fh_vnum v = t->num;
            int up = u->digits;
            while (up-- > 0 && v.m <= FH_VNUM_MAX_M / 10) v.m *= 10;
            v.m += u->num.m;
            v.e = -(int)u->digits;
            r->base = v;
            r->next = i + 2;
        }
    }
    return 1;
}

/* One number word or digits, with the word after it that completes it:
 * ثلاثة عشر, ثلاث مئة, ثلاثة أرباع, ألف, نصف. */
static int term_at(const fh_vwin *w, size_t i, term *r)
{
    const fh_vtok *t = tk(w, i);
    if (!t) return 0;
    if (t->kind == FH_VT_NUMBER) return digits_term(w, i, r);
    r->kind = TERM_WORDS;
    r->next = i + 1;
    r->small = 0;
    r->order = t->cls == FH_V_HUND ? 3 : t->cls == FH_V_TENS || t->cls == FH_V_ORDTENS ? 2 : 1;
    int v = t->value;
    switch (t->cls) {
    case FH_V_UNIT:
        if (bare_word(w, i + 1, FH_V_TEN)) { /* ثلاثة عشر, أحد عشر */
            r->base = fh_vnum_int((uint64_t)v + 10);
            r->next = i + 2;
            return 1;
        }
        if (t->flags & FH_VF_COMPOUND) { /* واحد وعشرون */
            const fh_vtok *u = tk(w, i + 1);
            if (!(u && u->cls == FH_V_TENS && u->wa && fh_vtight(w, i + 1))) return 0;
        }
        if (bare_word(w, i + 1, FH_V_HUND) && w->tok[i + 1].value == 100) { /* ثلاث مئة */
            r->base = fh_vnum_int((uint64_t)v * 100);
            r->next = i + 2;
            r->order = 3;
            return 1;
        }
        if (bare_word(w, i + 1, FH_V_FRAC) && (w->tok[i + 1].flags & FH_VF_PL) && v == 3) {
            r->kind = TERM_FRAC; /* ثلاثة أرباع */
            r->frac = 34;
            r->next = i + 2;
            return 1;
        }
        r->base = fh_vnum_int((uint64_t)v);
        r->small = v >= 3;
        return 1;
    case FH_V_TEN:
        r->base = fh_vnum_int(10);
        r->small = 1;
        return 1;
    case FH_V_ORDTENS: /* the definite cardinal before a scale: الخمسين ألف صفحة */
        if (!bare_word(w, i + 1, FH_V_SCALE)) return 0;
        /* fall through */
    case FH_V_TENS:
    case FH_V_HUND:
        r->base = fh_vnum_int((uint64_t)v);
        return 1;
    case FH_V_SCALE:
        if (t->flags & FH_VF_PL) return 0; /* آلاف alone: thousands of, no value */
        r->kind = TERM_SCALE;
        r->scale = v;
        r->base = fh_vnum_int((t->flags & FH_VF_DUAL) ? 2 : 1);
        /* ألف مليون, ألف مليار: a thousand millions, the larger scale
         * multiplied (بألف مليون دينار is 10^9 dinars, ألفي مليون 2 * 10^9) */
        if (v == 3 && bare_word(w, i + 1, FH_V_SCALE) && fh_vtight(w, i + 1) &&
            w->tok[i + 1].value > 3 && !(w->tok[i + 1].flags & (FH_VF_DUAL | FH_VF_PL))) {
            r->scale = 3 + w->tok[i + 1].value;
            r->next = i + 2;
        }
        return 1;
    case FH_V_FRAC:
        if (t->flags & FH_VF_PL) return 0;
        r->kind = TERM_FRAC;
        r->frac = v;
        return 1;
    default:
        return 0;
    }
}

/* (400) ألف دينار: digits alone in brackets right before the scale word
 * at token k, as some write a sum's figure. */
static int bracketed_before_scale(const fh_vwin *w, size_t k)
{
    if (k == 0 || k >= w->n) return 0;
    const fh_vtok *d = &w->tok[k - 1];
    return d->kind == FH_VT_NUMBER && (d->gap & FH_GAP_LPAREN) && !(d->gap & (FH_GAP_PUNCT & ~FH_GAP_LPAREN)) &&
           (w->tok[k].gap & FH_GAP_RPAREN) && !(w->tok[k].gap & (FH_GAP_PUNCT & ~FH_GAP_RPAREN));
}

/* The scale word after a term: its power of ten, or 0. */
static int scale_after(const fh_vwin *w, const term *r, int last_scale)
{
    const fh_vtok *s = tk(w, r->next);
    if (!s || s->cls != FH_V_SCALE || s->pre || !(fh_vtight(w, r->next) || bracketed_before_scale(w, r->next))) return 0;
    if (s->value >= last_scale) return 0;
    if (s->flags & FH_VF_DUAL) return 0; /* ثلاثة ألفين: not one number */
    if ((s->flags & FH_VF_PL) && r->kind == TERM_WORDS && !r->small) return 0;
    if (r->kind == TERM_SCALE) return 0;
    return s->value;
}

/* A و joining the next term: a separate و token or one glued to it. */
static int joined_at(const fh_vwin *w, size_t j, size_t *k)
{
    const fh_vtok *t = tk(w, j);
    if (!t || !fh_vtight(w, j)) return 0;
    if (t->cls == FH_V_AND) {
        *k = j + 1;
        return fh_vtight(w, j + 1);
    }
    *k = j;
    /* ألفين وأحد عشر: وأحد folds as واحد, one word, but is و + أحد here */
    const unsigned char *x = (const unsigned char *)w->text + t->start;
    if (t->cls == FH_V_UNIT && t->value == 1 && !t->wa && t->end - t->start >= 4 && x[0] == 0xD9 && x[1] == 0x88 &&
        x[2] == 0xD8 && x[3] == 0xA3 && bare_word(w, j + 1, FH_V_TEN))
        return 1;
    return t->wa && t->pre == 2;
}

/* 25 ألفا و500, 3 آلاف و200: plain digits under a thousand after ألف and
 * و, with no scale of their own, are the rest of the number (25,500).
 * بين 20 و30 ألف stays two numbers: the digits there follow no scale; and
 * 3 ملايين و500 طن is left as two, as writers mean 3,500,000 by it as
 * often as 3,000,500. */
static int under_thousand(const fh_vwin *w, size_t k, const term *r, int last_scale, const fh_vnum *group)
{
    return last_scale == 3 && !group->m && fh_vplain(w, k) && !scale_after(w, r, 99) && r->base.e == 0 &&
           r->base.den <= 1 && r->base.m < 1000;
}

/* The scale word of power sc at token j, bare or with the article, as a
 * fraction repeats it: مليار ونصف المليار, مليونا ونصف مليون. */
static int same_scale_at(const fh_vwin *w, size_t j, int sc)
{
    const fh_vtok *t = tk(w, j);
    if (!t || !fh_vtight(w, j) || t->pre) return 0;
    if (t->cls == FH_V_SCALE) return t->value == sc && !(t->flags & (FH_VF_DUAL | FH_VF_PL));
    size_t pre;
    int wa;
    const fh_vword *v = t->al && t->flen > 4 ? fh_vword_find(t->f + 4, t->flen - 4u, &pre, &wa) : NULL;
    return v && !pre && v->cls == FH_V_SCALE && v->value == sc && !(v->flags & (FH_VF_DUAL | FH_VF_PL));
}

int fh_cardinal_at(const fh_vwin *w, size_t i, fh_vnum *out, size_t *next)
{
    fh_vnum total = fh_vnum_int(0), group = fh_vnum_int(0);
    int last_scale = 99, nterms = 0, digits_seen = 0, orders = 0;
    size_t j = i;
    for (;;) {
        size_t k = j;
        if (nterms && !joined_at(w, j, &k)) break;
        term r;
        if (!term_at(w, k, &r)) break;
        /* 3 ملايين و500 ألف: digits join only a number that ended in a scale
         * (بين 20 و30 ألف are two numbers) */
        if (nterms && r.kind == TERM_DIGITS &&
            (!scale_after(w, &r, last_scale) || last_scale == 99 || group.m) &&
            !under_thousand(w, k, &r, last_scale, &group))
            break;
        if (nterms && digits_seen && r.kind == TERM_WORDS) break;
        int sc = r.kind == TERM_SCALE ? r.scale : scale_after(w, &r, last_scale);
        /* بين ألفين وثلاثة آلاف: a term before a scale as large as the last
         * one starts the next number (not 2,003 and a lone آلاف); a half is
         * the last one's (مليون ونصف مليون) */
        if (nterms && r.kind != TERM_SCALE && r.kind != TERM_FRAC && !sc && last_scale < 99 &&
            scale_after(w, &r, 99) >= last_scale)
            break;
        /* خمسة وعشرون joins a unit and a ten; خمس وست سنوات are two numbers */
        if (r.kind == TERM_WORDS && !sc && (orders & (1 << r.order))) break;
        if (r.kind == TERM_SCALE && r.scale >= last_scale) break;
        /* a scale after و multiplies nothing before it: مليون وألف is
         * 1,001,000, but the larger part comes first, so 500 وألف are two
         * numbers (فئتي 500 وألف ريال), not 501,000 */
        if (nterms && r.kind == TERM_SCALE && group.m) break;
        size_t after = r.kind == TERM_SCALE || !sc ? r.next : r.next + 1;
        /* 3 آلاف مليون, ثلاثة آلاف مليار: thousands of millions, the scales
         * multiplied as in ألف مليون */
        if (sc == 3 && r.kind != TERM_SCALE && bare_word(w, after, FH_V_SCALE) && fh_vtight(w, after) &&
            w->tok[after].value > 3 && 3 + w->tok[after].value < last_scale &&
            !(w->tok[after].flags & (FH_VF_DUAL | FH_VF_PL))) {
            sc += w->tok[after].value;
            after++;
        }
        if (r.kind == TERM_FRAC) {
            fh_vnum f = fh_vnum_int(1);
            if (sc) { /* نصف مليون */
                if (fh_vnum_mul_frac(&f, r.frac) || fh_vnum_scale(&f, sc) || fh_vnum_add(&total, &f))
                    break;
                last_scale = sc;
            } else if (nterms && last_scale < 99 && group.m == 0) { /* مليون ونصف */
                if (fh_vnum_mul_frac(&f, r.frac) || fh_vnum_scale(&f, last_scale) ||
                    fh_vnum_add(&total, &f))
                    break;
                if (same_scale_at(w, after, last_scale)) after++; /* مليار ونصف المليار */
            } else { /* ثلث, ثلاثة ونصف */
                if (fh_vnum_mul_frac(&f, r.frac) || fh_vnum_add(&group, &f)) break;
            }
            j = after;
            nterms++;
            break; /* nothing is added after a fraction */
        }
        if (sc) {
            fh_vnum g = group;
            if (fh_vnum_add(&g, &r.base) || fh_vnum_scale(&g, sc) || fh_vnum_add(&total, &g)) break;
            group = fh_vnum_int(0);
            last_scale = sc;
            orders = 0;
        } else if (fh_vnum_add(&group, &r.base)) {
            break;
        } else if (r.kind == TERM_WORDS) {
            orders |= 1 << r.order;
        }
        digits_seen |= r.kind == TERM_DIGITS;
        j = after;
        nterms++;
    }
    if (!nterms || fh_vnum_add(&total, &group)) return 0;
    *out = total;
    *next = j;
    return 1;
}

/* ---- counts ---------------------------------------------------------------- */

/* أصيبوا, انطلقوا: a past verb of a plural subject, whose key drops the
 * ending وا (عضوا, a noun, keeps its و: عضو); توفوا, نزحوا, لقوا, which
 * the stemmer keeps whole, too. */
static int plural_verb(const fh_vtok *t)
{
    static const char wa[] = "\xd9\x88\xd8\xa7"; /* وا */
    if (t->flen <= 4 || memcmp(t->f + t->flen - 4, wa, 4)) return 0;
    return (t->klen + 4 == t->flen || (t->flen >= 8 && t->klen == t->flen)) && !memcmp(t->f, t->key, t->klen);
}

/* يعتقدون, يحملان, تعمل, تم: a present verb after a number (بين 18 و34
 * يعتقدون): the analyzer keys a تـ verb under its يـ form (تعمل: يعمل),
 * and a يـ verb of a plural or dual subject drops its ون / ان. */
static int present_verb(const fh_vtok *t)
{
    if (t->flen < 4 || !t->klen) return 0;
    if (ar_letter_at(t->f, AR_TEH)) {
        if (fh_vfolded_is(t, "\xd8\xaa\xd9\x87\xd9\x85")) return 0; /* تهم, charges */
        if (ar_letter_at(t->key, AR_YEH)) return 1;
        return t->flen <= 6 && ar_letter_at(t->f + 2, AR_MEEM) &&
               (t->flen == 4 || ar_letter_at(t->f + 4, AR_TEH)); /* تم, تمت */
    }
    /* يعانون, which the stemmer keeps whole: a يـ word ending in ون it did
     * not shorten is a verb too (a nisba plural, يمنيون, it keys يمني) */
    if (ar_letter_at(t->f, AR_YEH) && t->flen >= 8 && t->flen <= 12 && t->klen == t->flen &&
        !memcmp(t->f, t->key, t->klen) && ar_letter_at(t->f + t->flen - 4, AR_WAW) &&
        ar_letter_at(t->f + t->flen - 2, AR_NOON))
        return 1;
    if (!ar_letter_at(t->f, AR_YEH) || t->flen < 10 || t->klen + 4 != t->flen || memcmp(t->f, t->key, t->klen))
        return 0;
    return (ar_letter_at(t->f + t->flen - 4, AR_WAW) || ar_letter_at(t->f + t->flen - 4, AR_ALEF)) &&
           ar_letter_at(t->f + t->flen - 2, AR_NOON);
}

/* له, بها, لهم: a preposition with a pronoun (العملاء الخمسة عشر لهم
 * صلات), which the segmenter leaves whole. */
static int preposition_pronoun(const fh_vtok *t)
{
    static const char *const pronouns[] = {
        "\xd9\x87", "\xd9\x87\xd8\xa7", "\xd9\x87\xd9\x85", "\xd9\x87\xd9\x85\xd8\xa7", /* ه ها هم هما */
        "\xd9\x87\xd9\x86", "\xd9\x86\xd8\xa7", "\xd9\x83", "\xd9\x83\xd9\x85",         /* هن نا ك كم */
        "\xd9\x8a",                                                                             /* ي */
    };
    if (t->flen < 4 || t->flen > 8 || !(ar_letter_at(t->f, AR_LAM) || ar_letter_at(t->f, AR_BEH))) return 0;
    for (size_t k = 0; k < sizeof pronouns / sizeof pronouns[0]; k++)
        if ((size_t)t->flen - 2 == strlen(pronouns[k]) && !memcmp(t->f + 2, pronouns[k], t->flen - 2)) return 1;
    return 0;
}

/* Whether word t, right after a number, is a noun it counts. */
/* ستحصل, سيكون, سأسحق: a verb with the future's س; the segmenter also
 * splits س off nouns (سنتمترات, سناتورا, سيجارتين), which the letter after
 * it (ن) or an ending of a noun (ا, ات, ين, ة) tell apart. */
static int future_verb(const fh_vtok *t)
{
    if (!t->future || t->flen < 8 + t->pre || (t->pre && !t->wa)) return 0; /* وستكون, فسيكون */
    const char *after = t->f + t->pre + 2;
    if (!t->pre && (ar_letter_at(t->f, AR_WAW) || ar_letter_at(t->f, AR_FEH)) && ar_letter_at(t->f + 2, AR_SEEN))
        after += 2; /* فسيكون, the conjunction left on */
    if (!ar_letter_at(after, AR_TEH) && !ar_letter_at(after, AR_YEH) && !ar_letter_at(after, AR_ALEF)) return 0;
    return !fh_vfolded_ends(t, "\xd8\xa7") && !fh_vfolded_ends(t, "\xd8\xa7\xd8\xaa") &&
           !fh_vfolded_ends(t, "\xd9\x8a\xd9\x86") && !fh_vfolded_ends(t, "\xd9\x87");
}

/* زائد (plus), its hamza folded: زاءد. */
static int plus_word(const fh_vtok *t)
{
    return fh_vfolded_is(t, "\xd8\xb2\xd8\xa7\xd8\xa1\xd8\xaf");
}

/* Words after a number that count nothing: a participle of what is
 * scheduled or expected, which describes what was counted or begins a
 * clause (سبعة آلاف مقرر خروجهم, 437.9 مليار متوقعة, المركز 19 متوقعا
 * أن), "according to", which names a source (700 بحسب السلطات), and عدد,
 * "the number of" what follows it (إلى 121 عدد الفلسطينيين).  طبقا
 * is left out: 50 طبقا is fifty dishes. */
static int uncounting_word(const fh_vtok *t)
{
    static const char *const words[] = {
        "\xd9\x85\xd9\x82\xd8\xb1\xd8\xb1", /* مقرر */
        "\xd9\x85\xd9\x82\xd8\xb1\xd8\xb1\xd9\x87", /* مقرره */
        "\xd9\x85\xd8\xaa\xd9\x88\xd9\x82\xd8\xb9", /* متوقع */
        "\xd9\x85\xd8\xaa\xd9\x88\xd9\x82\xd8\xb9\xd9\x87", /* متوقعه */
        "\xd9\x85\xd8\xaa\xd9\x88\xd9\x82\xd8\xb9\xd8\xa7", /* متوقعا */
        "\xd9\x85\xd8\xb1\xd8\xaa\xd9\x82\xd8\xa8", /* مرتقب */
        "\xd9\x85\xd8\xb1\xd8\xaa\xd9\x82\xd8\xa8\xd9\x87", /* مرتقبه */
        "\xd9\x85\xd9\x86\xd8\xaa\xd8\xb8\xd8\xb1", /* منتظر */
        "\xd9\x85\xd9\x86\xd8\xaa\xd8\xb8\xd8\xb1\xd9\x87", /* منتظره */
        "\xd9\x85\xd8\xb2\xd9\x85\xd8\xb9", /* مزمع */
        "\xd9\x85\xd8\xb2\xd9\x85\xd8\xb9\xd9\x87", /* مزمعه */
        "\xd9\x85\xd9\x81\xd8\xaa\xd8\xb1\xd8\xb6", /* مفترض */
        "\xd9\x85\xd9\x81\xd8\xaa\xd8\xb1\xd8\xb6\xd9\x87", /* مفترضه */
        "\xd8\xa8\xd8\xad\xd8\xb3\xd8\xa8", /* بحسب */
        "\xd8\xad\xd8\xb3\xd8\xa8", /* حسب */
        "\xd9\x88\xd9\x81\xd9\x82", /* وفق */
        "\xd9\x88\xd9\x81\xd9\x82\xd8\xa7", /* وفقا */
        "\xd8\xb9\xd8\xaf\xd8\xaf", /* عدد: يرتفع إلى 121 عدد الفلسطينيين, the number of */
        "\xd9\x82\xd9\x8a\xd8\xaf", /* قيد: بينهم 31 قيد الاحتجاز, under (not a count of shackles) */
        /* روسيا 2018 بعدما سجل, 96.168 عندما: conjunctions with ما (not دونما, dunams, nor أما, mothers) */
        "\xd8\xa8\xd8\xb9\xd8\xaf\xd9\x85\xd8\xa7", "\xd8\xb9\xd9\x86\xd8\xaf\xd9\x85\xd8\xa7", "\xd8\xad\xd9\x8a\xd9\x86\xd9\x85\xd8\xa7", /* بعدما عندما حينما */
        "\xd9\x83\xd9\x84\xd9\x85\xd8\xa7", "\xd8\xb7\xd8\xa7\xd9\x84\xd9\x85\xd8\xa7", "\xd9\x85\xd8\xab\xd9\x84\xd9\x85\xd8\xa7", /* كلما طالما مثلما */
        "\xd8\xb1\xd9\x8a\xd8\xab\xd9\x85\xd8\xa7",                                               /* ريثما */
    };
    return fh_vword_among(t, words, sizeof words / sizeof words[0]);
}

static int counted_word(const fh_vtok *t)
{
    if (!t || t->kind != FH_VT_WORD || !t->arabic || t->clitic || t->enclitic || !t->klen) return 0;
    /* one letter is an abbreviation, not a noun: 7ر2 د/كغ (dinars a
     * kilo), 28 ن (points), 35 ث (seconds); fh_abbreviation_at */
    if (t->flen == 2) return 0;
    if (plural_verb(t) || present_verb(t) || preposition_pronoun(t)) return 0; /* 42 ألفا انطلقوا من تركيا */
    if (future_verb(t)) return 0; /* يورو 2016 ستحصل: a verb in the future */
    /* لقي اثنان حتفهما, لقي 30 حتفهم: their death, the segmenter leaving the pronoun on */
    if (t->flen >= 8 && !memcmp(t->f, "\xd8\xad\xd8\xaa\xd9\x81", 6)) return 0;
    /* خمسة زائد واحد: plus and minus join numbers, they count nothing */
    if (plus_word(t) || fh_vfolded_is(t, "\xd9\x86\xd8\xa7\xd9\x82\xd8\xb5")) return 0; /* ناقص */
    if (uncounting_word(t)) return 0;
    switch (t->cls) {
    case FH_V_NONE:
    case FH_V_DAYWORD:
    case FH_V_MEASURE:
        return 1;
    case FH_V_TUNIT: /* not لسنة: القانون عدد 52 لسنة 1992 */
        return !(t->flags & FH_VF_DEF) && !t->pre;
    default:
        return 0;
    }
}

/* ريال مدريد, ريال بيتيس, ريال سوسيداد: a club, not riyals */
static int real_club_at(const fh_vwin *w, size_t j)
{
    static const char *const clubs[] = {
        "\xd9\x85\xd8\xaf\xd8\xb1\xd9\x8a\xd8\xaf",                 /* مدريد */
        "\xd8\xa8\xd9\x8a\xd8\xaa\xd9\x8a\xd8\xb3",                 /* بيتيس */
        "\xd8\xb3\xd9\x88\xd8\xb3\xd9\x8a\xd8\xaf\xd8\xa7\xd8\xaf", /* سوسيداد */
    };
    const fh_vtok *t = tk(w, j), *c = tk(w, j + 1);
    return t && c && fh_vfolded_is(t, "\xd8\xb1\xd9\x8a\xd8\xa7\xd9\x84") && /* ريال */
           fh_vtight(w, j + 1) && fh_vword_among(c, clubs, sizeof clubs / sizeof clubs[0]);
}

/* Token t as written ends in ة, which folding turns into ه (a pronoun's). */
static int written_teh_marbuta(const fh_vwin *w, const fh_vtok *t)
{
    const unsigned char *x = (const unsigned char *)w->text + t->end;
    return t->end - t->start >= 2 && x[-2] == 0xD8 && x[-1] == 0xA9;
}

/* 73 مليون وحدة: وحدة (a unit) folds as وحده (alone), which counts
 * nothing; the text's ة tells them apart. */
static int unit_word_at(const fh_vwin *w, size_t j)
{
    const fh_vtok *t = tk(w, j);
    if (!t || t->pre || t->enclitic || !fh_vfolded_is(t, "\xd9\x88\xd8\xad\xd8\xaf\xd9\x87")) return 0; /* وحده */
    return written_teh_marbuta(w, t);
}

int fh_counted_noun_at(const fh_vwin *w, size_t j)
{
    /* 50 مجموعة من العقوبات: مجموعة after the number is a group counted, the
     * word read before numbers as "its total" (ما مجموعه 300) */
    const fh_vtok *t = tk(w, j);
    if (!fh_vtight(w, j)) return 0;
    if (!t->pre && fh_vfolded_is(t, "\xd9\x85\xd8\xac\xd9\x85\xd9\x88\xd8\xb9\xd9\x87")) return 1; /* مجموعه */
    return (counted_word(t) || unit_word_at(w, j)) && !real_club_at(w, j);
}

int fh_abbreviation_at(const fh_vwin *w, size_t j)
{
    const fh_vtok *t = tk(w, j);
    return t && t->kind == FH_VT_WORD && t->arabic && t->flen == 2 && t->cls == FH_V_NONE && !t->pre &&
           fh_vtight(w, j);
}

/* أعظم, أبرز, أكبر ...: a superlative that the counted noun may follow
 * (ثلاثة من أعظم ملوك); a list, as أفعل is as often a plural (أصول, أسهم). */
static int superlative(const fh_vtok *t)
{
    static const char *const words[] = {
        "\xd8\xa7\xd8\xb9\xd8\xb8\xd9\x85" /* أعظم */,
        "\xd8\xa7\xd8\xa8\xd8\xb1\xd8\xb2" /* أبرز */,
        "\xd8\xa7\xd9\x83\xd8\xa8\xd8\xb1" /* أكبر */,
        "\xd8\xa7\xd9\x87\xd9\x85" /* أهم */,
        "\xd8\xa7\xd8\xb4\xd9\x87\xd8\xb1" /* أشهر */,
        "\xd8\xa7\xd9\x81\xd8\xb6\xd9\x84" /* أفضل */,
        "\xd8\xa7\xd9\x82\xd9\x88\xd9\x8a" /* أقوى */,
        "\xd8\xa7\xd8\xba\xd9\x86\xd9\x8a" /* أغنى */,
        "\xd8\xa7\xd9\x83\xd8\xab\xd8\xb1" /* أكثر */,
        "\xd8\xa7\xd9\x82\xd8\xaf\xd9\x85" /* أقدم */,
        "\xd8\xa7\xd8\xae\xd8\xb7\xd8\xb1" /* أخطر */,
        "\xd8\xa7\xd9\x82\xd8\xb1\xd8\xa8" /* أقرب */,
        "\xd8\xa7\xd8\xb5\xd8\xba\xd8\xb1" /* أصغر */,
        "\xd8\xa7\xd8\xab\xd9\x85\xd9\x86" /* أثمن */,
        "\xd8\xa7\xd9\x86\xd8\xac\xd8\xad" /* أنجح */,
        "\xd8\xa7\xd8\xb9\xd9\x84\xd9\x8a" /* أعلى */,
        "\xd8\xa7\xd8\xac\xd9\x85\xd9\x84" /* أجمل */,
        "\xd8\xa7\xd8\xb3\xd9\x88\xd8\xa7" /* أسوأ */,
        "\xd8\xa7\xd8\xb7\xd9\x88\xd9\x84" /* أطول */,
        "\xd8\xa7\xd8\xb3\xd8\xb1\xd8\xb9" /* أسرع */,
        "\xd8\xa7\xd8\xb4\xd8\xaf" /* أشد */,
        "\xd8\xa7\xd9\x82\xd9\x84" /* أقل */,
        "\xd8\xa7\xd8\xa8\xd8\xb1\xd8\xb9" /* أبرع */,
        "\xd8\xa7\xd9\x85\xd9\x87\xd8\xb1" /* أمهر */,
        "\xd8\xa7\xd8\xba\xd9\x84\xd9\x8a" /* أغلى */,
    };
    return !t->pre && fh_vword_among(t, words, sizeof words / sizeof words[0]);
}

/* ست من آخر سبع مرات, ثلاثة من أول خمسة أهداف: after من at token j, the
 * last or first so many; the noun of that count, or 0. */
static size_t of_last_so_many(const fh_vwin *w, size_t j)
{
    const fh_vtok *f = tk(w, j), *t = tk(w, j + 1);
    fh_vnum of;
    size_t after;
    if (!f || !t || f->cls != FH_V_FROM || f->pre || !fh_vtight(w, j) || !fh_vtight(w, j + 1) ||
        t->kind != FH_VT_WORD || t->pre ||
        !(fh_vfolded_is(t, "\xd8\xa7\xd8\xae\xd8\xb1") || fh_vfolded_is(t, "\xd8\xa7\xd9\x88\xd9\x84"))) /* آخر أول */
        return 0;
    if (!fh_vtight(w, j + 2) || !fh_cardinal_at(w, j + 2, &of, &after) || !fh_counted_noun_at(w, after)) return 0;
    return after;
}

/* 125 من أعضاء, 20 من المسؤولين: the noun after من, or 0. */
static size_t partitive_at(const fh_vwin *w, size_t j)
{
    const fh_vtok *f = tk(w, j), *t = tk(w, j + 1);
    /* 300 من "مرتزقة روسيا": a quote may open before the noun */
    if (!f || f->cls != FH_V_FROM || f->pre || !fh_vtight(w, j) || !t ||
        (t->gap & FH_GAP_PUNCT & ~FH_GAP_OTHER))
        return 0;
    /* ثلاث من هذه المباريات, اثنان من هؤلاء المسلحين: the noun after a
     * demonstrative (هؤلاء as written without its hamza, or keyed هذا) */
    static const char *const those[] = {
        "\xd8\xaa\xd9\x84\xd9\x83",                                 /* تلك */
        "\xd9\x87\xd9\x88\xd9\x84\xd8\xa7\xd8\xa1",             /* هولاء */
    };
    const fh_vtok *n = tk(w, j + 2);
    /* not هذا: 4 من هذا الأمر is an article of a decree, N of one thing */
    int demonstrative = fh_vfolded_is(t, "\xd9\x87\xd8\xb0\xd9\x87") || /* هذه */
                        fh_vword_among(t, those, sizeof those / sizeof those[0]) ||
                        (t->klen == 6 && !memcmp(t->key, "\xd9\x87\xd8\xb0\xd8\xa7", 6) && /* keyed هذا: هؤلاء */
                         !fh_vfolded_is(t, "\xd9\x87\xd8\xb0\xd8\xa7"));
    if (t->kind == FH_VT_WORD && !t->pre && demonstrative && n &&
        fh_vtight(w, j + 2) && n->kind == FH_VT_WORD && n->arabic && n->al && !n->pre && fh_vnoun_cls(n))
        return j + 2;
    if (t->kind == FH_VT_WORD && !t->pre && demonstrative) return 0; /* 19 من هؤلاء: no noun said */
    if (t->kind != FH_VT_WORD || !t->arabic || !t->klen ||
        (!fh_vnoun_cls(t) && t->cls != FH_V_MEASURE))
        return 0;
    if (t->clitic && !t->al) return 0;
    /* ثلاثة من أعظم ملوك الفترة, خمسة من أبرز القادة: the noun after a
     * superlative (أفعل: alef and three letters) */
    const fh_vtok *u = tk(w, j + 2);
    if (superlative(t) && u && fh_vtight(w, j + 2) &&
        u->kind == FH_VT_WORD && u->arabic && u->klen && u->cls == FH_V_NONE && !u->enclitic &&
        (!u->clitic || u->al) && !plural_verb(u) && !present_verb(u) && !preposition_pronoun(u))
        return j + 2;
    return j + 1;
}

/* ---- codes that are not quantities ----------------------------------------- */

static int is_word(const fh_vtok *t)
{
    return t && t->kind == FH_VT_WORD;
}

/* Numbers glued by : / - . with no space (10:30, 3-1, 31/02/2021): how
 * many tokens, and whether a colon is among the glue. */
static size_t glued_chain(const fh_vwin *w, size_t i, int *colon)
{
    size_t k = i + 1;
    *colon = 0;
    while (k < w->n && w->tok[k].kind == FH_VT_NUMBER && !(w->tok[k].gap & FH_GAP_SPACE) &&
           (w->tok[k].gap & (FH_GAP_COLON | FH_GAP_SLASH | FH_GAP_DASH | FH_GAP_DOT))) {
        *colon |= (w->tok[k].gap & FH_GAP_COLON) != 0;
        k++;
    }
    return k - i;
}

/* After a model's letter (إف 16, إس 400, إتش7): whole digits right after it, and
 * no decimal comma nor scale word after them (بي.دي.في.اس.ايه 1.19 مليون
 * برميل, بي.إس.إيه بـ 16,3%, ودي أي بي (393،2 م د) are amounts). */
static int model_number(const fh_vwin *w, size_t i, size_t chain)
{
    const fh_vtok *t = &w->tok[i];
    const fh_vtok *u = tk(w, i + 1);
    return !(t->gap & ~(FH_GAP_SPACE | FH_GAP_DASH | FH_GAP_EMPTY)) && !t->frac_digits &&
           !(u && u->kind == FH_VT_NUMBER && (u->gap & FH_GAP_COMMA) && !(u->gap & FH_GAP_SPACE)) &&
           !bare_word(w, i + chain, FH_V_SCALE);
}

/* Token k is the name of a Latin letter as written (إم, not أم, "mother";
 * إي, not أي, "that is"), which a number before it names a thing with. */
static int letter_name_at(const fh_vwin *w, size_t k)
{
    static const char *const names[] = {
        "\xd8\xa5\xd9\x85",                 /* إم */
        "\xd8\xa5\xd9\x84",                 /* إل */
        "\xd8\xa5\xd9\x8a",                 /* إي */
        "\xd8\xa5\xd8\xb3",                 /* إس */
        "\xd8\xa5\xd9\x81",                 /* إف */
        "\xd8\xa5\xd8\xaa\xd8\xb4",         /* إتش */
        "\xd8\xa5\xd9\x83\xd8\xb3",         /* إكس */
        "\xd8\xaf\xd9\x8a",                 /* دي */
        "\xd8\xac\xd9\x8a",                 /* جي */
    };
    const fh_vtok *t = tk(w, k);
    if (!t || t->kind != FH_VT_WORD) return 0;
    size_t n = t->end - t->start;
    for (size_t j = 0; j < sizeof names / sizeof names[0]; j++)
        if (n == strlen(names[j]) && !memcmp(w->text + t->start, names[j], n)) return 1;
    return 0;
}

/* The words that name a document, a road, a flight or a case by its
 * number (document_number); the last six are acts whose number may follow
 * them or an adjective of them with no عدد (act_number), the last two
 * resolutions. */
static const char *const document_heads[] = {
    "\xd9\x82\xd8\xa7\xd9\x86\xd9\x88\xd9\x86", /* قانون */
    "\xd8\xa7\xd9\x84\xd8\xa7\xd9\x85\xd8\xb1", /* الأمر */
    "\xd8\xa7\xd9\x85\xd8\xb1", /* أمر */
    "\xd8\xa7\xd9\x84\xd9\x85\xd9\x86\xd8\xb4\xd9\x88\xd8\xb1", /* المنشور */
    "\xd9\x85\xd9\x86\xd8\xb4\xd9\x88\xd8\xb1", /* منشور */
    "\xd8\xa7\xd9\x84\xd8\xb1\xd8\xa7\xd8\xa1\xd8\xaf", /* الرائد */
    "\xd8\xa7\xd9\x84\xd8\xb1\xd8\xad\xd9\x84\xd9\x87", /* الرحلة */
    "\xd8\xb1\xd8\xad\xd9\x84\xd9\x87", /* رحلة */
    "\xd8\xb7\xd8\xb1\xd9\x8a\xd9\x82", /* طريق */
    "\xd8\xa7\xd9\x84\xd9\x82\xd8\xb6\xd9\x8a\xd9\x87", /* القضية */
    "\xd9\x82\xd8\xb6\xd9\x8a\xd9\x87", /* قضية */
    "\xd8\xa7\xd9\x84\xd9\x85\xd9\x84\xd9\x81", /* الملف */
    "\xd8\xa7\xd9\x84\xd8\xae\xd8\xb7", /* الخط */
    "\xd8\xa7\xd9\x84\xd9\x81\xd8\xb5\xd9\x84", /* الفصل */
    "\xd8\xa7\xd9\x84\xd9\x82\xd8\xa7\xd9\x86\xd9\x88\xd9\x86", /* القانون */
    "\xd8\xa7\xd9\x84\xd9\x85\xd8\xb1\xd8\xb3\xd9\x88\xd9\x85", /* المرسوم */
    "\xd9\x85\xd8\xb1\xd8\xb3\xd9\x88\xd9\x85", /* مرسوم */
    "\xd8\xa7\xd9\x84\xd8\xb7\xd8\xb1\xd9\x8a\xd9\x82", /* الطريق */
    "\xd8\xa7\xd9\x84\xd9\x82\xd8\xb1\xd8\xa7\xd8\xb1", /* القرار */
    "\xd9\x82\xd8\xb1\xd8\xa7\xd8\xb1", /* قرار */
};
enum { DOCUMENT_HEADS = sizeof document_heads / sizeof document_heads[0], ACT_HEADS = 6, RESOLUTION_HEADS = 2 };

/* A number naming a law, a decree, a circular, a road, a flight or a case
 * (القانون عدد 52 لسنة 1992, المرسوم الحكومي عدد 345, الطريق الوطنية عدد
 * 14, الرحلة عدد 717), or a resolution (قرار مجلس الأمن 2231, القرار
 * الأممي 2254).  عدد is "number" there only after such a head a few words
 * back; إيقاف عدد 322 شخصا and بعدد 180 رحلة are counts, and a counted
 * noun after the digits needs the head right before عدد (سحب لأمر شركة
 * يتعامل معها عدد 4 شيكات is a count). */
static int document_number(const fh_vwin *w, size_t i)
{
    static const char *const council[] = {
        "\xd9\x85\xd8\xac\xd9\x84\xd8\xb3", /* مجلس */
        "\xd8\xa7\xd9\x84\xd8\xa7\xd9\x85\xd9\x86", /* الأمن */
        "\xd8\xa7\xd9\x84\xd8\xaf\xd9\x88\xd9\x84\xd9\x8a", /* الدولي */
        "\xd8\xa7\xd9\x84\xd8\xa7\xd9\x85\xd9\x85\xd9\x8a", /* الأممي */
        "\xd8\xa7\xd9\x84\xd8\xa7\xd9\x85\xd9\x85", /* الأمم */
        "\xd8\xa7\xd9\x84\xd9\x85\xd8\xaa\xd8\xad\xd8\xaf\xd9\x87", /* المتحدة */
        "\xd8\xa7\xd9\x84\xd8\xac\xd9\x85\xd8\xb9\xd9\x8a\xd9\x87", /* الجمعية */
        "\xd8\xa7\xd9\x84\xd8\xb9\xd8\xa7\xd9\x85\xd9\x87", /* العامة */
    };
    if (i < 2 || !fh_vtight(w, i)) return 0;
    const fh_vtok *p = &w->tok[i - 1];
    if (p->kind == FH_VT_WORD && p->flen == 6 && !memcmp(p->f, "\xd8\xb9\xd8\xaf\xd8\xaf", 6)) { /* عدد */
        int colon;
        size_t reach = fh_counted_noun_at(w, i + glued_chain(w, i, &colon)) ? 1 : 4;
        for (size_t k = i - 1, n = 0; n < reach && k > 0 && fh_vtight(w, k); n++) {
            k--;
            if (w->tok[k].kind != FH_VT_WORD) return 0;
            if (fh_vword_in(&w->tok[k], document_heads, DOCUMENT_HEADS)) return 1;
        }
        return 0;
    }
    size_t k = i, n = 0;
    while (n < 3 && k > 0 && fh_vtight(w, k) && fh_vword_in(&w->tok[k - 1], council, sizeof council / sizeof council[0]))
        k--, n++;
    return n && k > 0 && fh_vtight(w, k) &&
           fh_vword_in(&w->tok[k - 1], document_heads + DOCUMENT_HEADS - RESOLUTION_HEADS, RESOLUTION_HEADS);
}

/* لسنة 1992, لعام 2011 at token j, after the number of a law, a decree or
 * a case (المرسوم 116 لسنة 2011, الدعوى 43866 لسنة 70 ق). */
static int of_year_after(const fh_vwin *w, size_t j)
{
    const fh_vtok *u = tk(w, j);
    return u && u->cls == FH_V_TUNIT && u->value == FH_U_YEAR && u->pre == 2 && !u->wa &&
           !(u->flags & (FH_VF_PL | FH_VF_DUAL | FH_VF_DEF)) && ar_letter_at(u->f, AR_LAM) &&
           fh_vtight(w, j) && fh_vplain(w, j + 1) && fh_vtight(w, j + 1);
}

/* فاز 128-108, للفوز 104-97, بنتيجة 3-1: a score right after the word
 * for a win, a loss or a result, whatever the digits (basketball scores
 * have three); how many tokens it takes, 0 when none. */
static size_t score_after_result(const fh_vwin *w, size_t i, size_t chain)
{
    static const char *const results[] = {
        "\xd9\x81\xd9\x88\xd8\xb2", /* فوز */
        "\xd8\xa7\xd9\x84\xd9\x81\xd9\x88\xd8\xb2", /* الفوز */
        "\xd9\x81\xd8\xa7\xd8\xb2", /* فاز */
        "\xd9\x81\xd8\xa7\xd8\xb2\xd8\xaa", /* فازت */
        "\xd8\xae\xd8\xb3\xd8\xb1", /* خسر */
        "\xd8\xae\xd8\xb3\xd8\xb1\xd8\xaa", /* خسرت */
        "\xd8\xae\xd8\xb3\xd8\xa7\xd8\xb1\xd9\x87", /* خسارة */
        "\xd9\x86\xd8\xaa\xd9\x8a\xd8\xac\xd9\x87", /* نتيجة */
        "\xd8\xa7\xd9\x84\xd9\x86\xd8\xaa\xd9\x8a\xd8\xac\xd9\x87", /* النتيجة */
        "\xd8\xaa\xd8\xba\xd9\x84\xd8\xa8", /* تغلب */
        "\xd8\xaa\xd8\xba\xd9\x84\xd8\xa8\xd8\xaa", /* تغلبت */
        "\xd9\x87\xd8\xb2\xd9\x85", /* هزم */
        "\xd9\x87\xd8\xb2\xd9\x85\xd8\xaa", /* هزمت */
        "\xd8\xa7\xd9\x86\xd8\xaa\xd8\xb5\xd8\xa7\xd8\xb1", /* انتصار */
        "\xd9\x81\xd9\x88\xd8\xb2\xd9\x87", /* فوزه */
        "\xd9\x81\xd9\x88\xd8\xb2\xd9\x87\xd8\xa7", /* فوزها */
        "\xd8\xaa\xd8\xba\xd9\x84\xd8\xa8\xd9\x87", /* تغلبه */
        "\xd8\xaa\xd8\xba\xd9\x84\xd8\xa8\xd9\x87\xd8\xa7", /* تغلبها */
        "\xd8\xa7\xd9\x84\xd8\xa7\xd9\x86\xd8\xaa\xd8\xb5\xd8\xa7\xd8\xb1", /* الانتصار */
        "\xd8\xa7\xd9\x86\xd8\xaa\xd8\xb5\xd8\xb1", /* انتصر */
        "\xd8\xa7\xd9\x86\xd8\xaa\xd8\xb5\xd8\xb1\xd8\xaa", /* انتصرت */
    };
    const fh_vtok *t = &w->tok[i], *v = tk(w, i + 1);
    if (i == 0 || !fh_vword_in(&w->tok[i - 1], results, sizeof results / sizeof results[0])) return 0;
    /* بنتيجة 20 مقابل 18, بنتيجة 79 مقابل 78: the two sides joined by a
     * word (not 2 مقابل 3 أشواط, which counts) */
    const fh_vtok *s = tk(w, i + 2);
    if (chain == 1 && fh_vtight(w, i) && t->digits <= 3 && !t->frac_digits && v && fh_vtight(w, i + 1) &&
        fh_vfolded_is(v, "\xd9\x85\xd9\x82\xd8\xa7\xd8\xa8\xd9\x84") && !v->pre && /* مقابل */
        s && s->kind == FH_VT_NUMBER && fh_vplain(w, i + 2) && fh_vtight(w, i + 2) && s->digits <= 3 &&
        !s->frac_digits && !fh_counted_noun_at(w, i + 3))
        return 3;
    /* glued (3-1) or with spaces (3 - 1) */
    int spaced = chain == 1 && v && fh_vplain(w, i + 1) && !(v->gap & ~(FH_GAP_SPACE | FH_GAP_DASH));
    if ((chain != 2 && !spaced) || i == 0 || !fh_vtight(w, i) || t->digits > 3 || t->frac_digits ||
        v->digits > 3 || v->frac_digits || !(v->gap & FH_GAP_DASH))
        return 0;
    return 2;
}

/* نسر طبلبة 18– 22 نادي كرة اليد: two numbers joined by a dash, with
 * spaces, before the word for a club or a team are a result table's score
 * (the team named after them counts nothing); how many tokens, or 0. */
static size_t score_before_team(const fh_vwin *w, size_t i, size_t chain)
{
    static const char *const teams[] = {
        "\xd9\x86\xd8\xa7\xd8\xaf\xd9\x8a", "\xd8\xa7\xd9\x84\xd9\x86\xd8\xa7\xd8\xaf\xd9\x8a", /* نادي النادي */
        "\xd9\x81\xd8\xb1\xd9\x8a\xd9\x82", "\xd8\xa7\xd9\x84\xd9\x81\xd8\xb1\xd9\x8a\xd9\x82", /* فريق الفريق */
        "\xd9\x85\xd9\x86\xd8\xaa\xd8\xae\xd8\xa8", "\xd8\xa7\xd9\x84\xd9\x85\xd9\x86\xd8\xaa\xd8\xae\xd8\xa8", /* منتخب المنتخب */
    };
    const fh_vtok *t = &w->tok[i], *v = tk(w, i + 1);
    if (chain > 2 || !v || !fh_vplain(w, i + 1) || !(v->gap & FH_GAP_DASH) || (v->gap & ~(FH_GAP_SPACE | FH_GAP_DASH)) ||
        t->digits > 3 || t->frac_digits || v->digits > 3 || v->frac_digits)
        return 0;
    return fh_vtight(w, i + 2) && fh_vword_among(tk(w, i + 2), teams, sizeof teams / sizeof teams[0]) ? 2 : 0;
}

static int percent_after(const fh_vwin *w, size_t j, size_t *next, size_t *end);
static int act_number(const fh_vwin *w, size_t i);

/* ت غ, ت.غ (توقيت غرينتش) at token j */
static int u_is_gmt(const fh_vwin *w, size_t j)
{
    const fh_vtok *t = tk(w, j), *u = tk(w, j + 1);
    return t && u && fh_vtight(w, j) && fh_vfolded_is(t, "\xd8\xaa") && fh_vfolded_is(u, "\xd8\xba");
}

/* After 80-90 at token j (j > 0): a percentage, a measure or a plural
 * unit of time, which make the pair a range and not a score. */
static int range_noun_after(const fh_vwin *w, size_t j)
{
    size_t next = j, end = w->tok[j - 1].end;
    const fh_vtok *u = tk(w, j);
    if (percent_after(w, j, &next, &end)) return 1;
    return u && fh_counted_noun_at(w, j) &&
           (u->cls == FH_V_MEASURE || (u->cls == FH_V_TUNIT && (u->flags & FH_VF_PL)));
}

/* آيفون, ويندوز, أندرويد, بلاي ستيشن, بيكسل, نوكيا written in Arabic: the
 * number after one names a model or a version, as after the Latin names;
 * so too after فيفا (فيفا 18, a game), فورمولا, نورد ستريم, فالكون and ميغ,
 * a race, a pipeline, a rocket and a plane (not غالاكسي, also a club:
 * غالاكسي 7 نقاط). */
static int product_name(const fh_vtok *p)
{
    static const char *const names[] = {
        "\xd8\xa7\xd9\x8a\xd9\x81\xd9\x88\xd9\x86",                         /* آيفون */
        "\xd8\xa7\xd9\x84\xd8\xa7\xd9\x8a\xd9\x81\xd9\x88\xd9\x86",     /* الآيفون */
        "\xd9\x88\xd9\x8a\xd9\x86\xd8\xaf\xd9\x88\xd8\xb2",               /* ويندوز */
        "\xd8\xa7\xd9\x86\xd8\xaf\xd8\xb1\xd9\x88\xd9\x8a\xd8\xaf",     /* أندرويد */
        "\xd8\xb3\xd8\xaa\xd9\x8a\xd8\xb4\xd9\x86",                         /* ستيشن */
        "\xd8\xa8\xd9\x8a\xd9\x83\xd8\xb3\xd9\x84",                         /* بيكسل */
        "\xd9\x81\xd9\x88\xd8\xb1\xd9\x85\xd9\x88\xd9\x84\xd8\xa7", /* فورمولا */
        "\xd8\xa7\xd9\x84\xd9\x81\xd9\x88\xd8\xb1\xd9\x85\xd9\x88\xd9\x84\xd8\xa7", /* الفورمولا */
        "\xd8\xb3\xd8\xaa\xd8\xb1\xd9\x8a\xd9\x85", /* ستريم */
        "\xd9\x81\xd8\xa7\xd9\x84\xd9\x83\xd9\x88\xd9\x86", /* فالكون */
        "\xd9\x85\xd9\x8a\xd8\xba", /* ميغ */
        "\xd9\x86\xd9\x88\xd9\x83\xd9\x8a\xd8\xa7", /* نوكيا: نوكيا 8 */
        "\xd9\x81\xd9\x8a\xd9\x81\xd8\xa7", /* فيفا 18: the game, the federation having no number */
    };
    return p->arabic && fh_vword_in(p, names, sizeof names / sizeof names[0]) != 0;
}

/* من الساعة العاشرة صباحا ( 10.00) الى الساعة التاسعة ليلا ( 21.00): the
 * hour restated in digits in brackets after الساعة and its hour, a time. */
static int bracketed_clock(const fh_vwin *w, size_t i)
{
    const fh_vtok *t = &w->tok[i];
    if (!(t->gap & FH_GAP_LPAREN) || t->frac_digits != 2 || t->end - t->start != (t->digits == 1 ? 4u : 5u))
        return 0;
    const char *x = w->text + t->end - 2;
    if (x[0] > '5' || (t->digits == 2 && (w->text[t->start] > '2' ||
                                          (w->text[t->start] == '2' && w->text[t->start + 1] > '4'))))
        return 0;
    for (size_t k = i, n = 0; k > 0 && n < 5; k--, n++) {
        if (k < i && (w->tok[k].gap & (FH_GAP_STOP | FH_GAP_NEWLINE))) return 0;
        if (fh_vfolded_is(&w->tok[k - 1], "\xd8\xa7\xd9\x84\xd8\xb3\xd8\xa7\xd8\xb9\xd9\x87")) return 1; /* الساعه */
    }
    return 0;
}

/* 71690448, 98524320/52014349: eight plain digits, not beginning with 0
 * or 1 nor ending in 000, with nothing counted after them (token k), are
 * a phone number as Tunisian news gives them, not an amount. */
static int phone_number(const fh_vwin *w, size_t i, size_t k)
{
    const fh_vtok *t = &w->tok[i], *u = tk(w, k);
    if (t->digits != 8 || !fh_vplain(w, i) || t->num.e != 0 || t->num.m < 20000000 || t->num.m % 1000 == 0)
        return 0;
    return !fh_counted_noun_at(w, k) &&
           !(u && (u->cls == FH_V_SCALE || u->cls == FH_V_PERCENT || (u->gap & FH_GAP_PERCENT)));
}

/* Tokens k and k + 1: two plain numbers of up to two digits joined by a
 * dash with spaces (25 - 21). */
static int spaced_pair_at(const fh_vwin *w, size_t k)
{
    const fh_vtok *a = tk(w, k), *b = tk(w, k + 1);
    return a && b && a->kind == FH_VT_NUMBER && b->kind == FH_VT_NUMBER && fh_vplain(w, k) && fh_vplain(w, k + 1) &&
           a->digits <= 2 && b->digits <= 2 && b->gap == (FH_GAP_SPACE | FH_GAP_DASH);
}

/* بعث بني خيار 25 - 21 جمعية الحمامات نسر طبلبة 31 - 25 مكارم المهدية:
 * the pair at token i with another such pair a few words before or after
 * it is a line of a results table, a score, though a team's first word
 * (جمعية, اتحاد) follows it as a counted noun would; not before a unit
 * or a time (3 - 5 سنوات, a range). */
static int result_table_pair(const fh_vwin *w, size_t i)
{
    if (!spaced_pair_at(w, i) || fh_vcls(w, i + 2) != FH_V_NONE || range_noun_after(w, i + 2)) return 0;
    for (size_t k = i > 10 ? i - 10 : 0; k < i + 12 && k + 1 < w->n; k++)
        if ((k + 1 < i || k > i + 1) && spaced_pair_at(w, k)) return 1;
    return 0;
}

/* "ماي سات - 1", "إيه كيه - 47", قناة "روسيا - 24": whole digits after a
 * dash with spaces, closing a quoted name of up to three words, are the
 * name's number. */
static int quoted_model_number(const fh_vwin *w, size_t i, size_t chain)
{
    const fh_vtok *t = &w->tok[i];
    if (i == 0 || chain != 1 || t->frac_digits || t->digits > 3 || !is_word(&w->tok[i - 1]) ||
        (t->gap & ~FH_GAP_SPACE) != FH_GAP_DASH)
        return 0;
    if (!fh_vquote_closes(w, i)) return 0;
    for (size_t k = i - 1, n = 0; n < 3; k--, n++) {
        if (!is_word(&w->tok[k]) || (w->tok[k].gap & ~(FH_GAP_SPACE | FH_GAP_OTHER))) return 0;
        if (fh_vquote_opens(w, k)) return 1;
        if (k == 0) break;
    }
    return 0;
}

static int clock_after(const fh_vwin *w, size_t k);

/* 3 بعد الظهر, و6 مساءً, 5 صباحا, 22,58 بتوقيت غرينتش: an hour in
 * digits before a part of the day or a time zone is a time (not قتل 3
 * مساء الخميس, three that evening). */
static int digit_hour(const fh_vwin *w, size_t i, size_t chain)
{
    const fh_vtok *t = &w->tok[i], *d;
    /* 22,58 بتوقيت غرينتش, 7.30 صباحا: hours and minutes after a point */
    int hh_mm = t->frac_digits == 2 && t->num.ok && t->num.e == -2 &&
                t->num.m / 100 <= 24 && t->num.m % 100 <= 59;
    if (chain != 1 || !t->num.m || !clock_after(w, i + 1)) return 0;
    if (!hh_mm && (!fh_vplain(w, i) || t->digits > 2 || t->frac_digits || t->num.m > 12)) return 0;
    size_t k = i + 1; /* past the part of the day: من بعد الظهر, بعد الظهر, مساء */
    if (fh_vcls(w, k) == FH_V_FROM) k++;
    k += tk(w, k) && fh_vfolded_is(&w->tok[k], "\xd8\xa8\xd8\xb9\xd8\xaf") ? 2 : 1; /* بعد */
    d = tk(w, k);
    return !d || !fh_vtight(w, k) || (d->cls != FH_V_WEEKDAY && d->cls != FH_V_DAYWORD && d->cls != FH_V_RELDAY);
}

/* Token k is الساعة or الساعتين, the word for the hour of a clock. */
static int hour_word_at(const fh_vwin *w, size_t k)
{
    const fh_vtok *h = tk(w, k);
    return h && !h->pre &&
           (fh_vfolded_is(h, "\xd8\xa7\xd9\x84\xd8\xb3\xd8\xa7\xd8\xb9\xd9\x87") ||                 /* الساعه */
            fh_vfolded_is(h, "\xd8\xa7\xd9\x84\xd8\xb3\xd8\xa7\xd8\xb9\xd8\xaa\xd9\x8a\xd9\x86"));  /* الساعتين */
}

/* بين الساعتين 14 و15, بين الساعة 14 و15: the hours of a clock after
 * الساعتين, and the second of a pair after الساعة (not الساعة 14 و30
 * دقيقة, its minutes). */
static int clock_digits(const fh_vwin *w, size_t i, size_t chain)
{
    const fh_vtok *t = &w->tok[i];
    if (chain != 1 || !fh_vplain(w, i) || t->digits > 2 || t->num.m > 24 || i == 0 || !fh_vtight(w, i)) return 0;
    if (!w->tok[i - 1].pre && fh_vfolded_is(&w->tok[i - 1], "\xd8\xa7\xd9\x84\xd8\xb3\xd8\xa7\xd8\xb9\xd8\xaa\xd9\x8a\xd9\x86")) /* الساعتين */
        return 1;
    size_t q = t->wa && t->pre == 2 ? i - 1 : (w->tok[i - 1].cls == FH_V_AND && i >= 2 ? i - 2 : i);
    if (q == i || !fh_vtight(w, q + 1) || !fh_vplain(w, q) || w->tok[q].digits > 2 || w->tok[q].num.m > 24 ||
        w->tok[q].num.m >= t->num.m || q == 0 || !fh_vtight(w, q) || !hour_word_at(w, q - 1))
        return 0;
    return !minute_word(tk(w, i + 1));
}

/* إذاعة أوروبا 1, (آي.فون 6), آي فون 8, حزب 7: the digits at token i
 * name Europe 1 (a radio), the iPhone written as two words, or a party
 * (Lebanon's Sabaa), no count of the word after them. */
static int named_by_number(const fh_vwin *w, size_t i)
{
    const fh_vtok *t = &w->tok[i], *p = i > 0 ? &w->tok[i - 1] : NULL;
    if (!p || !is_word(p) || (t->gap & ~FH_GAP_SPACE) || t->digits > 2) return 0;
    if (t->num.m == 1 && !t->num.e && fh_vword_is(p, "\xd8\xa7\xd9\x88\xd8\xb1\xd9\x88\xd8\xa8\xd8\xa7")) /* اوروبا */
        return 1;
    if (!p->pre && !t->frac_digits && fh_vfolded_is(p, "\xd8\xad\xd8\xb2\xd8\xa8") && /* حزب */
        !fh_counted_noun_at(w, i + 1))
        return 1;
    return fh_vfolded_is(p, "\xd9\x81\xd9\x88\xd9\x86") && i >= 2 && fh_vfolded_is(&w->tok[i - 2], "\xd8\xa7\xd9\x8a"); /* اي فون */
}

/* س 14 : شبيبة القيروان, س 15.30: the hour of a fixture at token i, after
 * س, Tunisian news's short ساعة. */
static int fixture_hour(const fh_vwin *w, size_t i)
{
    const fh_vtok *t = &w->tok[i], *p = i > 0 ? &w->tok[i - 1] : NULL;
    if (!p || !is_word(p) || p->pre || p->flen != 2 || !fh_vfolded_is(p, "\xd8\xb3") || /* س */
        (t->gap & ~FH_GAP_SPACE) || !t->num.ok || t->digits - t->frac_digits > 2)
        return 0;
    uint64_t hour = t->num.m;
    for (int e = t->num.e; e < 0; e++) hour /= 10;
    return hour <= 24;
}

/* How many tokens from i form a code (phone number, id, time, score);
 * 0 when token i is not one. */
static size_t code_at(const fh_vwin *w, size_t i)
{
    const fh_vtok *t = &w->tok[i];
    const fh_vtok *p = i > 0 ? &w->tok[i - 1] : NULL;
    int colon;
    size_t chain = glued_chain(w, i, &colon);
    if (colon || chain >= 3) return chain; /* 10:30, 31/02/2021 (not a date) */
    /* iOS 12, Windows 10, Honor 8.0: a number right after a Latin word names
     * a model or a version (MWC 2018 keeps its year) */
    if (p && is_word(p) && !p->arabic && (t->gap & ~FH_GAP_SPACE) == 0 && t->digits <= 3) return chain;
    if (p && is_word(p) && product_name(p) && (t->gap & ~FH_GAP_SPACE) == 0 && t->digits <= 2) return chain;
    if (chain == 1 && named_by_number(w, i)) return chain;
    if (fixture_hour(w, i)) return chain;
    /* منطقة كيلو 16, باتجاه كيلو 7, طريق المهدية كلم 10،5, مستوى الكلم
     * 12: a place named by its distance on a road (a weight's كيلو and a
     * length's كلم follow their number, سعر الكيلو has ال) */
    if (p && is_word(p) && (t->gap & ~FH_GAP_SPACE) == 0 && t->digits <= 3 &&
        (fh_vword_is(p, "\xd9\x83\xd9\x8a\xd9\x84\xd9\x88") || /* كيلو */
         ((fh_vword_is(p, "\xd9\x83\xd9\x84\xd9\x85") || fh_vfolded_is(p, "\xd8\xa7\xd9\x84\xd9\x83\xd9\x84\xd9\x85")) && /* كلم, الكلم */
          !fh_counted_noun_at(w, i + chain)))) {
        const fh_vtok *dec = tk(w, i + chain); /* كلم 10،5: the decimals after a comma */
        return chain + (dec && dec->kind == FH_VT_NUMBER && dec->gap == FH_GAP_COMMA);
    }
    if (bracketed_clock(w, i)) return chain;
    /* هاتف الطوارئ (112), الطوارئ 911: an emergency number */
    if (p && is_word(p) && fh_vword_is(p, "\xd8\xa7\xd9\x84\xd8\xb7\xd9\x88\xd8\xa7\xd8\xb1\xd8\xa1") && /* الطوارئ */
        (t->gap & ~(FH_GAP_SPACE | FH_GAP_LPAREN)) == 0 && t->digits >= 2 && t->digits <= 4 &&
        !fh_counted_noun_at(w, i + 1) && !bare_word(w, i + 1, FH_V_TUNIT)) /* حالة الطوارئ 12 شهرا */
        return chain;
    /* 3-1, 2/1; but 27.34-29.64 جنيه is a range of decimals, and 80-90 في
     * المائة, 3-5 سنوات, 15-20 دولارا ranges */
    if (chain == 2 && t->digits <= 2 && w->tok[i + 1].digits <= 2 && !t->frac_digits && !w->tok[i + 1].frac_digits &&
        !(w->tok[i + 1].gap & FH_GAP_DASH && range_noun_after(w, i + 2)))
        return 2;
    /* 130-119, 104-104: a basketball score, its first side not below the
     * second (a range of three-digit numbers goes up: 100-150 دولارا) */
    if (chain == 2 && t->digits == 3 && w->tok[i + 1].digits >= 2 && w->tok[i + 1].digits <= 3 &&
        !t->frac_digits && !w->tok[i + 1].frac_digits && !t->grouped && !w->tok[i + 1].grouped &&
        (w->tok[i + 1].gap & ~FH_GAP_SPACE) == FH_GAP_DASH && t->num.m >= w->tok[i + 1].num.m &&
        !range_noun_after(w, i + 2) && !fh_counted_noun_at(w, i + 2) && !bare_word(w, i + 2, FH_V_SCALE))
        return 2;
    /* 2.18.199: a version, a decimal with more after a dot (not 1.000.000) */
    if (chain == 2 && t->frac_digits && (w->tok[i + 1].gap & FH_GAP_DOT) &&
        !(t->frac_digits == 3 && w->tok[i + 1].digits == 3))
        return 2;
    /* 4 / 2, 3 - 1: a score written with spaces, unless the second counts something */
    const fh_vtok *v = tk(w, i + 1);
    if (chain == 1 && v && fh_vplain(w, i) && fh_vplain(w, i + 1) && t->digits <= 2 && v->digits <= 2 &&
        (v->gap == (FH_GAP_SPACE | FH_GAP_SLASH) || v->gap == (FH_GAP_SPACE | FH_GAP_DASH) ||
         v->gap == (FH_GAP_SPACE | FH_GAP_COLON)) && /* 2 : 0, a result */
        (!fh_counted_noun_at(w, i + 2) || !t->num.m || !v->num.m || /* 0 - 0 أولمبيك: no count of none */
         (fh_vcls(w, i + 2) == FH_V_DAYWORD && fh_vcls(w, i + 3) == FH_V_WEEKDAY))) /* 2 - 1 يوم السبت */
        return 2;
    if (chain == 1 && result_table_pair(w, i)) return 2;
    /* 1 - صفر, 3 / صفر, صفر - 2: a score with zero written out (صفر, also a
     * month) */
    if (chain == 1 && t->digits <= 2 && v && v->cls == FH_V_HMONTH && v->value == 2 && !v->pre &&
        (v->gap & (FH_GAP_DASH | FH_GAP_SLASH)))
        return 2;
    if (chain == 1 && t->digits <= 2 && p && p->cls == FH_V_HMONTH && p->value == 2 &&
        (t->gap & (FH_GAP_DASH | FH_GAP_SLASH)))
        return 1;
    /* 22,00 ت غ, 15.30 ت.غ: a time in GMT */
    if (chain == 1 && t->frac_digits == 2 && t->num.ok && u_is_gmt(w, i + 1)) return 1;
    const fh_vtok *mm = tk(w, i + 1); /* 22,00: the minutes after a comma */
    if (chain == 1 && t->digits <= 2 && mm && mm->kind == FH_VT_NUMBER && mm->digits == 2 &&
        mm->gap == FH_GAP_COMMA && (u_is_gmt(w, i + 2) || (t->num.m <= 24 && mm->num.m <= 59 && clock_after(w, i + 2))))
        return 2; /* 22,58 بتوقيت غرينتش */
    if (t->lead_zero && t->digits >= 3) return chain;
    if ((t->digits > 8 && !t->grouped) || phone_number(w, i, i + chain)) return chain;
    if (t->gap & FH_GAP_PLUS) { /* +216 71 ..., +971 (4) 305 0332 */
        size_t k = i + 1;
        while (k < w->n && w->tok[k].kind == FH_VT_NUMBER &&
               !(w->tok[k].gap & ~(FH_GAP_SPACE | FH_GAP_DASH | FH_GAP_LPAREN | FH_GAP_RPAREN)))
            k++;
        return k - i;
    }
    /* كوفيد-19, F-16, A/320: glued to a word (not و-3,5%: a minus after and) */
    if (p && is_word(p) && p->cls != FH_V_AND && (t->gap & (FH_GAP_DASH | FH_GAP_SLASH)) &&
        !(t->gap & FH_GAP_SPACE))
        return chain;
    /* آي آر- 1, سوخوي- 34, تيانقونغ- 1: the dash glued to a name, a space
     * after it (not بقرض ب- 600 ألف دولار, شطاير- 52 خرطوشة, الرحم- 5: a
     * preposition, a list, a word with the article) */
    const fh_vtok *u = tk(w, i + chain);
    if (p && is_word(p) && p->cls != FH_V_AND && !p->al && p->end - p->start >= (p->arabic ? 4u : 2u) &&
        (t->gap & FH_GAP_DASH) &&
        w->text[p->end] == '-' && w->text[t->start - 1] == ' ' && !fh_counted_noun_at(w, i + chain) &&
        !(u && (u->cls == FH_V_SCALE || u->cls == FH_V_PERCENT)))
        return chain;
    if (u && is_word(u) && (u->gap & FH_GAP_DASH) && !(u->gap & FH_GAP_SPACE)) return chain; /* 19-كوفيد */
    if (quoted_model_number(w, i, chain) || digit_hour(w, i, chain) || clock_digits(w, i, chain)) return chain;
    if (document_number(w, i) || of_year_after(w, i + chain)) return chain;
    size_t score = score_after_result(w, i, chain);
    if (!score) score = score_before_team(w, i, chain);
    if (score) return score; /* الانتصار 3 - 1 ذهابا, بنتيجة 20 مقابل 18 */
    /* سعر الكيلو 3 دنانير, هذا الرقم 210 ميغاوات: a measure after the
     * digits makes them an amount (not after رقم: الطريق رقم 95 كلم 4) */
    const fh_vtok *m = tk(w, i + 1);
    if (act_number(w, i)) return chain;
    /* الساعة 18,40: the minutes after a comma */
    const fh_vtok *mins = tk(w, i + 1);
    if (chain == 1 && p && fh_vfolded_is(p, "\xd8\xa7\xd9\x84\xd8\xb3\xd8\xa7\xd8\xb9\xd9\x87") && /* الساعه */
        t->digits <= 2 && !t->frac_digits && t->num.m <= 24 && mins && mins->kind == FH_VT_NUMBER &&
        mins->gap == FH_GAP_COMMA && mins->digits == 2 && !mins->frac_digits && mins->num.m <= 59)
        return 2;
    /* فصل 2600 طفل: the separating of what is counted, not a chapter */
    if (p && p->cls == FH_V_IDMARK && !(t->gap & (FH_GAP_STOP | FH_GAP_NEWLINE)) &&
        (p->value != 1 || model_number(w, i, chain)) &&
        !(!p->al && fh_vfolded_is(p, "\xd9\x81\xd8\xb5\xd9\x84") && fh_counted_noun_at(w, i + chain)) &&
        !(chain == 1 && (p->flags & FH_VF_DEF) && m && m->cls == FH_V_MEASURE && !m->pre &&
          fh_counted_noun_at(w, i + 1)))
        return chain;
    /* 3 دي (3D), 1 إم دي بي (1MDB), اليوشن 62 إم: a letter's name right
     * after the digits names a thing with them; not before its own digits
     * (20 إف 16: twenty F-16s) */
    const fh_vtok *l = tk(w, i + chain + 1);
    if (letter_name_at(w, i + chain) && fh_vtight(w, i + chain) &&
        !(l && fh_vtight(w, i + chain + 1) && l->kind == FH_VT_NUMBER))
        return chain;
    /* 10 داونينغ ستريت: the number of the house, a name */
    static const char *const downing[] = {
        "\xd8\xaf\xd8\xa7\xd9\x88\xd9\x86\xd9\x8a\xd9\x86\xd8\xba", /* داونينغ */
        "\xd8\xaf\xd8\xa7\xd9\x88\xd9\x86\xd9\x86\xd8\xba",           /* داوننغ */
        "\xd8\xaf\xd8\xa7\xd9\x88\xd9\x86\xd9\x86\xd8\xac",           /* داوننج */
        "\xd8\xaf\xd8\xa7\xd9\x88\xd9\x86\xd9\x8a\xd9\x86\xd8\xac", /* داونينج */
    };
    if (chain == 1 && fh_vtight(w, i + 1) && fh_vword_among(tk(w, i + 1), downing, sizeof downing / sizeof downing[0]))
        return 1;
    /* three or more groups of digits in a row: a phone number */
    size_t k = i + 1;
    while (k < w->n && w->tok[k].kind == FH_VT_NUMBER && w->tok[k].num.ok && !w->tok[k].frac_digits &&
           !(w->tok[k].gap & ~(FH_GAP_SPACE | FH_GAP_DASH)))
        k++;
    if (k - i >= 3 && !(p && p->kind == FH_VT_NUMBER && !(t->gap & ~(FH_GAP_SPACE | FH_GAP_DASH))))
        return k - i;
    return 0;
}

/* القانون 52, المرسوم 88, القرار الأممي (2216), الطريق الجهوية 17, وحدة
 * الاستخبارات العسكرية الروسية 26165: the number of a law, a decree, a
 * resolution, a road or a military unit, right after it or after up to
 * three words of it (الأممي, الجهوية, السيارة, الاستخبارات); not before what it counts
 * (مشروع القانون 29 فصلا), though a year may follow (القانون 377 عام 2001). */
static int act_number(const fh_vwin *w, size_t i)
{
    static const char *const units[] = {
        "\xd9\x88\xd8\xad\xd8\xaf\xd9\x87",                         /* وحدة (a military unit) */
        "\xd8\xa7\xd9\x84\xd9\x88\xd8\xad\xd8\xaf\xd9\x87",         /* الوحدة */
    };
    const fh_vtok *t = &w->tok[i];
    if (i == 0 || (t->gap & (FH_GAP_STOP | FH_GAP_NEWLINE)) || (t->gap & FH_GAP_AL)) return 0;
    /* only spaces or a bracket before the digits (not مشروع القانون بـ25) */
    for (size_t b = w->tok[i - 1].end; b < t->start; b++)
        if (w->text[b] != ' ' && w->text[b] != '(') return 0;
    size_t h = i - 1;
    for (int n = 0; n < 3 && h > 0; n++, h--) { /* الأممي, الجهوية, الاستخبارات العسكرية الروسية */
        const fh_vtok *a = &w->tok[h];
        if (!a->al || a->pre || a->flen < 10 || !fh_vtight(w, h) ||
            !(fh_vfolded_ends(a, "\xd9\x8a") || fh_vfolded_ends(a, "\xd9\x8a\xd9\x87") ||
              fh_vfolded_ends(a, "\xd8\xa7\xd8\xaa") ||
              fh_vfolded_is(a, "\xd8\xa7\xd9\x84\xd8\xb3\xd9\x8a\xd8\xa7\xd8\xb1\xd9\x87") || /* الطريق السيارة 2: a motorway */
              fh_vfolded_is(a, "\xd8\xa7\xd9\x84\xd8\xb3\xd8\xb1\xd9\x8a\xd8\xb9")))            /* الطريق السريع 5 */
            break;
    }
    if (!fh_vword_in(&w->tok[h], document_heads + DOCUMENT_HEADS - ACT_HEADS, ACT_HEADS) &&
        !fh_vword_in(&w->tok[h], units, sizeof units / sizeof units[0]))
        return 0;
    size_t next = i + 1, end = t->end;
    const fh_vtok *u = tk(w, i + 1);
    if (u && (u->cls == FH_V_SCALE || percent_after(w, i + 1, &next, &end))) return 0;
    if (fh_counted_noun_at(w, i + 1) && !(u->cls == FH_V_TUNIT && tk(w, i + 2) && w->tok[i + 2].kind == FH_VT_NUMBER))
        return 0;
    return 1;
}

/* ---- percent -------------------------------------------------------------- */

static int is_percent_sign(const char *s, size_t len, size_t i)
{
    return (i < len && s[i] == '%') ||
           (i + 1 < len && (unsigned char)s[i] == 0xD9 && (unsigned char)s[i + 1] == 0xAA);
}

/* After a number ending at byte end / before token j: %, ٪, بالمئة, في المئة.
 * Returns 1 and moves *next and *end past it. */
static int percent_after(const fh_vwin *w, size_t j, size_t *next, size_t *end)
{
    size_t p = *end;
    while (p < w->len && w->text[p] == ' ') p++;
    if (is_percent_sign(w->text, w->len, p)) {
        *end = p + (w->text[p] == '%' ? 1 : 2);
        while (*next < w->n && w->tok[*next].start < *end) (*next)++;
        return 1;
    }
    if (bare_word(w, j, FH_V_PERCENT)) {
        *next = j + 1;
        *end = w->tok[j].end;
        return 1;
    }
    if (bare_word(w, j, FH_V_IN) && bare_word(w, j + 1, FH_V_ORDHUND)) {
        *next = j + 2;
        *end = w->tok[j + 1].end;
        return 1;
    }
    return 0;
}

/* ٪50: the sign right before the digits, after a space or the start, and
 * not the sign of a number before it (1 %20).  The sign is looked for
 * first: scanning back over a run of glued text for every number in it
 * was quadratic in the run. */
static int percent_before(const fh_vwin *w, size_t start, size_t *pstart)
{
    const char *s = w->text;
    size_t sign;
    if (start >= 1 && s[start - 1] == '%') sign = start - 1;
    else if (start >= 2 && (unsigned char)s[start - 2] == 0xD9 && (unsigned char)s[start - 1] == 0xAA) sign = start - 2;
    else return 0;
    if (sign > 0 && s[sign - 1] != ' ' && s[sign - 1] != '\n') return 0;
    size_t k = sign;
    while (k > 0 && s[k - 1] == ' ') k--; /* the spaces before this token only */
    if (k > 0 && s[k - 1] >= '0' && s[k - 1] <= '9') return 0;
    *pstart = sign;
    return 1;
}

/* A minus sign right before the digits at byte start, itself after a
 * space, a bracket, the start or a glued و: -3,5%, و-3,5%. */
static int minus_before(const fh_vwin *w, size_t i)
{
    const char *s = w->text;
    size_t start = w->tok[i].start, m;
    if (start >= 1 && s[start - 1] == '-') m = start - 1;
    else if (start >= 3 && !memcmp(s + start - 3, "\xe2\x88\x92", 3)) m = start - 3;
    else return 0;
    if (m == 0 || s[m - 1] == ' ' || s[m - 1] == '(' || s[m - 1] == '\n') return 1;
    return i > 0 && w->tok[i - 1].end == m && w->tok[i - 1].cls == FH_V_AND;
}

/* ---- the match ------------------------------------------------------------- */

static int below_one(const fh_vnum *v)
{
    uint64_t one = v->den;
    for (int e = v->e; e < 0; e++) {
        if (one > FH_VNUM_MAX_M / 10) return 0;
        one *= 10;
    }
    return v->e <= 0 && v->m < one;
}

/* A folded word of five letters or more ending in ين, ون or ات
 * (اللاعبين, المصابون, المباريات): a sound plural. */
static int sound_plural(const fh_vtok *t)
{
    static const char *const ends[] = {"\xd9\x8a\xd9\x86", "\xd9\x88\xd9\x86", "\xd8\xa7\xd8\xaa"};
    if (t->flen < 10) return 0;
    for (size_t k = 0; k < sizeof ends / sizeof *ends; k++)
        if (!memcmp(t->f + t->flen - 4, ends[k], 4)) return 1;
    return 0;
}

/* توربيناته, سياراتها, مقاتليهم: a sound plural (ات, ي of ين) before a
 * pronoun (ه, ها, هم). */
static int plural_with_pronoun(const fh_vtok *t)
{
    static const char *const ends[] = {
        "\xd8\xa7\xd8\xaa\xd9\x87",                 /* اته */
        "\xd8\xa7\xd8\xaa\xd9\x87\xd8\xa7",         /* اتها */
        "\xd8\xa7\xd8\xaa\xd9\x87\xd9\x85",         /* اتهم */
        "\xd9\x8a\xd9\x87\xd9\x85",                 /* يهم */
        "\xd8\xa7\xd8\xa1\xd9\x87",                 /* اءه: شركاءه, أعضاءه */
        "\xd8\xa7\xd8\xa1\xd9\x87\xd8\xa7",         /* اءها: شركاءها, حلفاءها */
        "\xd8\xa7\xd8\xa1\xd9\x87\xd9\x85",         /* اءهم */
    };
    /* مباراته الـ300 is his 300th match: the singular مباراة before a
     * pronoun also ends in اته */
    if (t->flen >= 10 && !memcmp(t->f, "\xd9\x85\xd8\xa8\xd8\xa7\xd8\xb1\xd8\xa7\xd8\xaa", 12)) return 0; /* مبارات */
    for (size_t k = 0; k < sizeof ends / sizeof *ends; k++) {
        size_t n = strlen(ends[k]);
        if (t->flen >= n + 6 && !memcmp(t->f + t->flen - n, ends[k], n)) return 1;
    }
    return 0;
}

/* Where the word after the article starts in t's folded form: 4 after
 * ال and لل (للدول), 6 after و ف ب ك and ال (والمقاعد); 0 with no article. */
static size_t article_len(const fh_vtok *t)
{
    const char *f = t->f;
    if (t->kind != FH_VT_WORD || !t->arabic || t->flen < 8) return 0;
    if (t->al) return 4;
    if (ar_letter_at(f, AR_LAM) && ar_letter_at(f + 2, AR_LAM)) return 4;
    if ((ar_letter_at(f, AR_WAW) || ar_letter_at(f, AR_FEH) || ar_letter_at(f, AR_BEH) ||
         ar_letter_at(f, AR_KAF)) &&
        t->flen >= 10 && ar_letter_at(f + 2, AR_ALEF) && ar_letter_at(f + 4, AR_LAM))
        return 6;
    return 0;
}

/* A definite broken plural (الأشخاص, المقاعد, المشاريع, الدقائق, الوزراء,
 * الضحايا, and the listed ones that share a shape with singulars: الدول,
 * الأشهر, القتلى): the digits after it count them (الدول الـ14), where
 * after a definite singular they rank it (الدورة الـ21).  By shape after
 * the article: أفعال, مفاعل, مفاعيل, أفاعيل, فعائل, فعلاء, فعالى. */
static int broken_plural_shape(const char *s, size_t n);

static int broken_plural(const fh_vtok *t, size_t art)
{
    static const char *const listed[] = {
        "\xd8\xa7\xd9\x84\xd8\xaf\xd9\x88\xd9\x84", /* الدول */
        "\xd8\xa7\xd9\x84\xd9\x85\xd8\xaf\xd9\x86", /* المدن */
        "\xd8\xa7\xd9\x84\xd9\x81\xd8\xb1\xd9\x82", /* الفرق */
        "\xd8\xa7\xd9\x84\xd8\xa7\xd9\x8a\xd8\xa7\xd9\x85", /* الأيام */
        "\xd8\xa7\xd9\x84\xd8\xb4\xd9\x87\xd9\x88\xd8\xb1", /* الشهور */
        "\xd8\xa7\xd9\x84\xd8\xa7\xd8\xb4\xd9\x87\xd8\xb1", /* الأشهر */
        "\xd8\xa7\xd9\x84\xd8\xb1\xd9\x83\xd8\xa7\xd8\xa8", /* الركاب */
        "\xd8\xa7\xd9\x84\xd9\x86\xd9\x88\xd8\xa7\xd8\xa8", /* النواب */
        "\xd8\xa7\xd9\x84\xd8\xb7\xd9\x84\xd8\xa7\xd8\xa8", /* الطلاب */
        "\xd8\xa7\xd9\x84\xd8\xb9\xd9\x85\xd8\xa7\xd9\x84", /* العمال */
        "\xd8\xa7\xd9\x84\xd8\xb1\xd8\xac\xd8\xa7\xd9\x84", /* الرجال */
        "\xd8\xa7\xd9\x84\xd8\xac\xd9\x86\xd9\x88\xd8\xaf", /* الجنود */
        "\xd8\xa7\xd9\x84\xd8\xa8\xd9\x84\xd8\xaf\xd8\xa7\xd9\x86", /* البلدان */
        "\xd8\xa7\xd9\x84\xd9\x81\xd8\xaa\xd9\x8a\xd8\xa7\xd9\x86", /* الفتيان */
        "\xd8\xa7\xd9\x84\xd8\xb4\xd8\xa8\xd8\xa7\xd9\x86", /* الشبان */
        "\xd8\xa7\xd9\x84\xd9\x82\xd8\xaa\xd9\x84\xd9\x8a", /* القتلى */
        "\xd8\xa7\xd9\x84\xd8\xac\xd8\xb1\xd8\xad\xd9\x8a", /* الجرحى */
        "\xd8\xa7\xd9\x84\xd8\xa7\xd8\xb3\xd8\xb1\xd9\x8a", /* الأسرى */
        "\xd8\xa7\xd9\x84\xd9\x85\xd9\x88\xd8\xaa\xd9\x8a", /* الموتى */
        "\xd8\xa7\xd9\x84\xd8\xaf\xd9\x85\xd9\x8a", /* الدمى */
        "\xd8\xa7\xd9\x84\xd8\xab\xd9\x88\xd8\xa7\xd9\x86\xd9\x8a", /* الثواني */
    };
    if (!art || t->flen < art + 6 || t->flen % 2) return 0;
    if (fh_vword_in(t, listed, sizeof listed / sizeof listed[0])) return 1;
    return broken_plural_shape(t->f + art, (t->flen - art) / 2);
}

/* برامجها, مشاريعها, فنادقه: a broken plural with its pronoun after it,
 * by the shapes of broken_plural_shape and فعالل (برامج, فنادق). */
static int broken_plural_with_pronoun(const fh_vtok *t)
{
    static const char *const pronouns[] = {
        "\xd9\x87\xd8\xa7", "\xd9\x87\xd9\x85", "\xd9\x87", /* ها هم ه */
    };
    if (t->pre || t->flen % 2) return 0;
    for (size_t k = 0; k < sizeof pronouns / sizeof pronouns[0]; k++) {
        size_t m = strlen(pronouns[k]);
        if (t->flen < m + 10 || !fh_vfolded_ends(t, pronouns[k])) continue; /* five letters at least */
        const char *s = t->f;
        size_t n = (t->flen - m) / 2;
        if (n == 6 && (ar_letter_at(s, AR_WAW) || ar_letter_at(s, AR_FEH))) s += 2, n--; /* وبرامجها */
        if (broken_plural_shape(s, n) ||
            (n == 5 && ar_letter_at(s + 4, AR_ALEF) && !ar_letter_at(s + 8, AR_ALEF) && !ar_letter_at(s + 8, AR_HEH) &&
             !ar_letter_at(s + 8, AR_TEH)))
            return 1; /* فعالل (not خسارته, a singular's ة before its pronoun) */
        return 0;
    }
    return 0;
}

/* The shapes of broken plurals, for the n letters at s (the word after its
 * article): أفعال, مفاعل, فواعل, مفاعيل, أفاعيل, فعائل, فعلاء, فعالى. */
static int broken_plural_shape(const char *s, size_t n)
{
#define LETTER(k, c) ar_letter_at(s + 2 * (k), c)
    if (n == 5 && LETTER(4, AR_HEH)) return 0; /* a singular in ة (المسابقة) */
    return (n == 5 && LETTER(0, AR_ALEF) && LETTER(3, AR_ALEF)) ||               /* أفعال */
           (n == 5 && LETTER(0, AR_MEEM) && LETTER(2, AR_ALEF)) ||               /* مفاعل */
           (n == 5 && LETTER(1, AR_WAW) && LETTER(2, AR_ALEF) && !LETTER(4, AR_YEH)) || /* فواعل: الحوادث (not التوالي) */
           (n == 6 && (LETTER(0, AR_MEEM) || LETTER(0, AR_ALEF)) && LETTER(2, AR_ALEF) &&
            LETTER(4, AR_YEH)) ||                                                /* مفاعيل, أفاعيل */
           (n == 5 && LETTER(2, AR_ALEF) && LETTER(3, AR_HAMZA)) ||              /* فعائل */
           (n == 5 && !LETTER(0, AR_ALEF) && LETTER(3, AR_ALEF) && LETTER(4, AR_HAMZA)) || /* فعلاء */
           (n == 5 && LETTER(2, AR_ALEF) && LETTER(3, AR_YEH) && LETTER(4, AR_ALEF)); /* فعالى */
#undef LETTER
}

/* خمسة وثلاثون (35) ألف دينار, ثلاثين (30) يوما: a number written out,
 * then in digits in brackets (j: the digits), as deeds and communiqués
 * write it: one number, with the scale and the noun after the bracket.
 * m holds the number in words; 1 and m extended, or 0. */
static int restated_at(const fh_vwin *w, size_t j, fh_vmatch *m)
{
    const fh_vtok *d = tk(w, j), *c = tk(w, j + 1);
    if (!d || d->kind != FH_VT_NUMBER || !fh_vplain(w, j) || (d->gap & FH_GAP_PUNCT) != FH_GAP_LPAREN ||
        !c || (c->gap & FH_GAP_PUNCT) != FH_GAP_RPAREN)
        return 0;
    char words[48], digits[48];
    fh_vnum_format(&m->num, words, sizeof words);
    fh_vnum_format(&d->num, digits, sizeof digits);
    if (strcmp(words, digits)) return 0;
    size_t k = j + 1;
    if (c->kind == FH_VT_WORD && c->cls == FH_V_SCALE && !(c->flags & FH_VF_DUAL) && !c->pre) {
        fh_vnum v = m->num;
        if (fh_vnum_scale(&v, c->value)) return 0;
        m->num = v;
        k++;
    }
    size_t close = d->end; /* the closing bracket */
    while (close < c->start && w->text[close] != ')') close++;
    m->next = k;
    m->end = k == j + 1 ? close + (close < c->start) : w->tok[k - 1].end;
    if (k == j + 1 && !c->pre && (c->cls == FH_V_PERCENT || (c->cls == FH_V_IN && bare_word(w, k + 1, FH_V_ORDHUND)))) {
        m->percent = 1; /* (5) بالمئة, (5) في المئة */
        m->next = c->cls == FH_V_PERCENT ? k + 1 : k + 2;
        m->end = w->tok[m->next - 1].end;
        return 1;
    }
    if (percent_after(w, k, &m->next, &m->end)) {
        m->percent = 1;
        return 1;
    }
    if (k == j + 1 ? counted_word(c) : fh_counted_noun_at(w, k)) {
        m->type = FAHRAS_SPAN_COUNT;
        m->noun = k;
        m->next = k + 1;
        m->end = w->tok[k].end;
    }
    return 1;
}

/* المصنف 33 عالميا, في المرتبة 12, للمركز 44, مصر (46 عالميا), في
 * الدقيقة 87 من, الجولة 25 من الدوري: digits right after the word for a
 * rank or a place in a sequence, or before where a rank holds, are the
 * rank.  After المركز (also "the centre") and the words of a sequence only
 * where no counted noun follows: سجل المركز 120 حالة is a count. */
static int rank_head_at(const fh_vwin *w, size_t i)
{
    static const char *const heads[] = {
        "\xd8\xa7\xd9\x84\xd9\x85\xd8\xb5\xd9\x86\xd9\x81",         /* المصنف */
        "\xd8\xa7\xd9\x84\xd9\x85\xd8\xb5\xd9\x86\xd9\x81\xd9\x87", /* المصنفة */
        "\xd8\xa7\xd9\x84\xd9\x85\xd8\xb1\xd8\xaa\xd8\xa8\xd9\x87", /* المرتبة */
        "\xd8\xa7\xd9\x84\xd8\xaa\xd8\xb5\xd9\x86\xd9\x8a\xd9\x81", /* التصنيف */
        "\xd8\xa7\xd9\x84\xd8\xaf\xd9\x82\xd9\x8a\xd9\x82\xd9\x87", /* الدقيقة */
        "\xd8\xa7\xd9\x84\xd9\x85\xd8\xb1\xd9\x83\xd8\xb2",         /* المركز */
        "\xd8\xa7\xd9\x84\xd8\xac\xd9\x88\xd9\x84\xd9\x87",         /* الجولة */
        "\xd8\xa7\xd9\x84\xd9\x85\xd8\xb1\xd8\xad\xd9\x84\xd9\x87", /* المرحلة */
        "\xd8\xa7\xd9\x84\xd8\xa7\xd8\xb3\xd8\xa8\xd9\x88\xd8\xb9", /* الأسبوع */
        "\xd8\xa7\xd9\x84\xd8\xaf\xd9\x88\xd8\xb1\xd9\x87",         /* الدورة */
        "\xd8\xa7\xd9\x84\xd9\x86\xd8\xb3\xd8\xae\xd9\x87",         /* النسخة */
        "\xd8\xa7\xd9\x84\xd8\xad\xd9\x84\xd9\x82\xd9\x87",         /* الحلقة */
        "\xd8\xa7\xd9\x84\xd8\xb7\xd8\xa8\xd8\xb9\xd9\x87",         /* الطبعة */
        "\xd8\xa7\xd9\x84\xd8\xaf\xd9\x82\xd9\x8a\xd9\x82\xd8\xaa\xd9\x8a\xd9\x86", /* الدقيقتين */
        "\xd8\xaf\xd9\x88\xd8\xb1\xd8\xaa\xd9\x87",         /* دورته */
        "\xd8\xaf\xd9\x88\xd8\xb1\xd8\xaa\xd9\x87\xd8\xa7", /* دورتها */
        "\xd9\x86\xd8\xb3\xd8\xae\xd8\xaa\xd9\x87",         /* نسخته */
        "\xd9\x86\xd8\xb3\xd8\xae\xd8\xaa\xd9\x87\xd8\xa7", /* نسختها */
        "\xd8\xae\xd9\x84\xd9\x8a\xd8\xac\xd9\x8a",         /* خليجي 23: the Gulf Cup's edition */
        "\xd8\xa7\xd9\x84\xd9\x85\xd8\xb1\xd9\x87",         /* للمرة 13: the 13th time */
        "\xd8\xa7\xd9\x84\xd8\xb0\xd9\x83\xd8\xb1\xd9\x8a",     /* الذكرى 103: the 103rd anniversary */
        "\xd8\xa7\xd9\x84\xd8\xac\xd9\x84\xd8\xb3\xd9\x87",     /* الجلسة 31: the 31st sitting */
        "\xd8\xa7\xd9\x84\xd8\xb7\xd8\xa7\xd8\xa8\xd9\x82",     /* الطابق 33: the 33rd floor */
    };
    enum { RANK_ALWAYS = 5 }; /* the heads before المركز: a rank whatever follows (الدقيقة 65 أهدر) */
    const fh_vtok *t = &w->tok[i];
    if (i == 0 || !fh_vtight(w, i) || bare_word(w, i + 1, FH_V_SCALE)) return 0; /* بـ14 ألف */
    /* nothing but spaces between the head and the digits (المرحلة بـ14) */
    for (size_t b = w->tok[i - 1].end, e = (t->gap & FH_GAP_AL) ? t->al_start : t->start; b < e;) {
        if (w->text[b] == ' ' || w->text[b] == '\t') b++;
        else if (nbsp_at(w, b, e)) b += 2;
        else return 0;
    }
    size_t head = fh_vword_in(&w->tok[i - 1], heads, sizeof heads / sizeof heads[0]);
    return head && (head <= RANK_ALWAYS || !fh_counted_noun_at(w, i + 1));
}

/* الهدف 402, هدفه 20, هدفه رقم 40: digits after "the goal" or "his goal",
 * alone or after رقم, are which goal it is (not الهدف 2 بالمئة, a target,
 * nor the score بهذا الهدف 4-3). */
static int goal_number(const fh_vwin *w, size_t i)
{
    static const char *const goals[] = {
        "\xd8\xa7\xd9\x84\xd9\x87\xd8\xaf\xd9\x81",         /* الهدف */
        "\xd9\x87\xd8\xaf\xd9\x81\xd9\x87",                 /* هدفه */
        "\xd9\x87\xd8\xaf\xd9\x81\xd9\x87\xd8\xa7",         /* هدفها */
    };
    const fh_vtok *t = &w->tok[i];
    size_t next = i + 1, end = t->end;
    if (i == 0 || !fh_vplain(w, i) || t->digits > 4 || !t->num.m || !fh_vtight(w, i)) return 0;
    const fh_vtok *u = tk(w, i + 1);
    if (u && u->kind == FH_VT_NUMBER && (u->gap & FH_GAP_DASH)) return 0; /* بهذا الهدف 4-3 */
    if (bare_word(w, i + 1, FH_V_SCALE) || percent_after(w, i + 1, &next, &end) || fh_counted_noun_at(w, i + 1))
        return 0;
    size_t h = i - 1;
    if (fh_vfolded_is(&w->tok[h], "\xd8\xb1\xd9\x82\xd9\x85")) { /* رقم */
        if (h == 0 || !fh_vtight(w, h)) return 0;
        h--;
    }
    return fh_vword_in(&w->tok[h], goals, sizeof goals / sizeof goals[0]) != 0;
}

/* Whole digits at token i right after دور or الدور (a round of so many
 * sides: دور الـ16, الدور الـ (16)). */
static int round_of(const fh_vwin *w, size_t i)
{
    const fh_vtok *t = &w->tok[i];
    int bracket = (t->gap & FH_GAP_AL) && (t->gap & FH_GAP_PUNCT) == FH_GAP_LPAREN;
    if (!fh_vplain(w, i) || t->digits > 3 || i == 0 || !(fh_vtight(w, i) || bracket) ||
        bare_word(w, i + 1, FH_V_SCALE))
        return 0; /* لهذا الدور 12 مليون دولار: an amount */
    const fh_vtok *p = &w->tok[i - 1];
    return fh_vword_is(p, "\xd8\xaf\xd9\x88\xd8\xb1") ||                 /* دور */
           fh_vword_is(p, "\xd8\xa7\xd9\x84\xd8\xaf\xd9\x88\xd8\xb1");   /* الدور */
}

/* نقطة, نقاط, هدف, أهداف, دقيقة: a table's or a match's noun ((73 نقطة)
 * before the scorers' minutes is no list of counts) */
static int sports_noun(const fh_vtok *t)
{
    static const char *const nouns[] = {
        "\xd9\x86\xd9\x82\xd8\xb7\xd9\x87", "\xd9\x86\xd9\x82\xd8\xa7\xd8\xb7", /* نقطة, نقاط */
        "\xd9\x87\xd8\xaf\xd9\x81", "\xd8\xa7\xd9\x87\xd8\xaf\xd8\xa7\xd9\x81", /* هدف, أهداف */
        "\xd9\x87\xd8\xaf\xd9\x81\xd8\xa7", "\xd8\xaf\xd9\x82\xd9\x8a\xd9\x82\xd9\x87", /* هدفا, دقيقة */
        "\xd9\x85\xd8\xa8\xd8\xa7\xd8\xb1\xd8\xa7\xd9\x87", /* مباراة */
        "\xd9\x85\xd8\xb1\xd9\x87", "\xd9\x85\xd8\xb1\xd8\xa7\xd8\xaa", /* مرة, مرات: (8 مرات) of titles */
    };
    return fh_vword_among(t, nouns, sizeof nouns / sizeof nouns[0]);
}

/* The word before token i (a bracket's first number) may be a name: not
 * a listed word, a plural or a nisba (المتهمين (2), الأمسيات الشعرية
 * (10), عدد الألقاب (12)), nor a word with a pronoun (مادته (82)). */
static int name_before(const fh_vwin *w, size_t i)
{
    const fh_vtok *p = &w->tok[i - 1];
    if (p->kind != FH_VT_WORD || !p->arabic || p->cls != FH_V_NONE || (p->gap & FH_GAP_LPAREN)) return 0;
    size_t art = article_len(p);
    if (sound_plural(p) || (art && broken_plural(p, art)) || (art && p->flen >= 8 && fh_vfolded_ends(p, "\xd9\x8a\xd9\x87")))
        return 0;
    return !p->enclitic; /* مادته (82), واصابه (11) من المدنيين */
}

/* The gap before token i opens a bracket: ( alone, or after a quote mark
 * closing a nickname (يوسف ابراهيم "أوباما" (11 و60)). */
static int bracket_opens(const fh_vwin *w, size_t i)
{
    uint16_t g = w->tok[i].gap & ~FH_GAP_SPACE;
    if (g == FH_GAP_LPAREN) return 1;
    size_t e = i > 0 ? w->tok[i - 1].end : 0, q = i > 0 ? fh_vquote_at(w, e) : 0;
    return q && g == (FH_GAP_LPAREN | FH_GAP_OTHER) && e + q < w->len && w->text[e + q] == ' ';
}

/* برأسيتين ( 2 و37), بهدفين (12 و45): the goals a bracket of minutes
 * follows, their word (هدف..., رأسي...) right before it, with ب or not. */
static int goals_word_before(const fh_vwin *w, size_t i)
{
    const fh_vtok *p = &w->tok[i - 1];
    if (p->kind != FH_VT_WORD || !p->arabic) return 0;
    const char *f = p->f;
    size_t n = p->flen;
    if (n > 8 && ar_letter_at(f, AR_BEH)) f += 2, n -= 2;
    return n >= 8 && (!memcmp(f, "\xd9\x87\xd8\xaf\xd9\x81", 6) ||          /* هدف */
                      !memcmp(f, "\xd8\xb1\xd8\xa7\xd8\xb3\xd9\x8a", 8)); /* راسي */
}

/* الغامدي (68 و72), فيلانويفا (5 و88 من ركلة جزاء), صلاح (86 من ركلة
 * جزاء): a scorer's goals, rising minutes joined by و in one bracket
 * after a name, the last perhaps from a penalty; at token i, any of them
 * (one minute alone is bracketed_after_name's). */
static int bracketed_goals(const fh_vwin *w, size_t i)
{
    if (!fh_vplain(w, i) || !w->tok[i].num.m || w->tok[i].num.m > 130) return 0;
    size_t first = i, last = i;
    while (!(w->tok[first].gap & FH_GAP_LPAREN)) {
        if (first < 2 || i - first >= 8 || fh_vcls(w, first - 1) != FH_V_AND || w->tok[first - 1].pre ||
            !fh_vtight(w, first) || !fh_vtight(w, first - 1) || !fh_vplain(w, first - 2) ||
            w->tok[first - 2].num.m >= w->tok[first].num.m)
            return 0;
        first -= 2;
    }
    if (first == 0 || !bracket_opens(w, first) || (!name_before(w, first) && !goals_word_before(w, first))) return 0;
    while (last - i < 8 && fh_vcls(w, last + 1) == FH_V_AND && !w->tok[last + 1].pre && fh_vtight(w, last + 1) &&
           fh_vtight(w, last + 2) && fh_vplain(w, last + 2) && w->tok[last + 2].num.m > w->tok[last].num.m &&
           w->tok[last + 2].num.m <= 130)
        last += 2;
    /* من ركلة جزاء, ركلة جزاء, من ضربة جزاء */
    size_t j = last + 1;
    if (fh_vcls(w, j) == FH_V_FROM && !w->tok[j].pre && fh_vtight(w, j)) j++;
    const fh_vtok *kick = tk(w, j), *penalty = tk(w, j + 1);
    int from_penalty = kick && penalty && fh_vtight(w, j) && fh_vtight(w, j + 1) &&
                       (fh_vfolded_is(kick, "\xd8\xb1\xd9\x83\xd9\x84\xd9\x87") ||    /* ركله */
                        fh_vfolded_is(kick, "\xd8\xb6\xd8\xb1\xd8\xa8\xd9\x87")) &&    /* ضربه */
                       fh_vfolded_is(penalty, "\xd8\xac\xd8\xb2\xd8\xa7\xd8\xa1"); /* جزاء */
    if (first == last && !from_penalty) return 0;
    const fh_vtok *close = tk(w, from_penalty ? j + 2 : last + 1);
    return close ? (close->gap & FH_GAP_RPAREN) != 0 : w->final;
}

/* الهدف الرابع (60), ساكاي الخامس (90): a goal's rank before the
 * bracket, with الهدف at most twelve words back. */
static int goal_rank_before(const fh_vwin *w, size_t i)
{
    const fh_vtok *p = &w->tok[i - 1];
    if (i < 2 || p->cls != FH_V_ORD || !p->al || p->pre || (p->flags & FH_VF_FEM) || p->value > 15) return 0;
    for (size_t k = i - 1; k > 0 && i - k <= 12; k--)
        if (fh_vword_is(&w->tok[k - 1], "\xd8\xa7\xd9\x84\xd9\x87\xd8\xaf\xd9\x81")) return 1; /* الهدف */
    return 0;
}

/* جاسون ريميسيرو (19), بيكيه (59): digits up to a match's minutes alone
 * in brackets right after a name are mostly a goal's minute or a place in
 * a ranking, as sports news writes them (not أحد عشر (11), رقم (9));
 * larger ones are as often counts in a list of places (عدن (341)). */
static int bracketed_after_name(const fh_vwin *w, size_t i)
{
    const fh_vtok *t = &w->tok[i], *u = tk(w, i + 1);
    if (i == 0 || !fh_vplain(w, i) || !t->num.m || t->num.m > 130) return 0;
    if (!bracket_opens(w, i) || (u && (u->gap & FH_GAP_RPAREN) == 0)) return 0;
    if (!u && !w->final) return 0;
    if (u && (u->gap & ~(FH_GAP_SPACE | FH_GAP_RPAREN | FH_GAP_COMMA | FH_GAP_STOP | FH_GAP_DOT | FH_GAP_NEWLINE)))
        return 0; /* (69).\n at the end of a paragraph too */
    if (!name_before(w, i) && !goal_rank_before(w, i)) return 0;
    size_t pn = i + 1, pe = t->end;
    if (percent_after(w, i + 1, &pn, &pe)) return 0; /* العمل" (7٪): a share */
    /* not before the noun, the scale or the من of a count (أجرت (187)
     * قسطرة, (50) مليار); هيونغ-مين سون (39) هدف توتنهام: the goal the
     * minute was of, no count */
    int goal_of = u && (fh_vfolded_is(u, "\xd9\x87\xd8\xaf\xd9\x81") ||                 /* هدف */
                        fh_vfolded_is(u, "\xd9\x87\xd8\xaf\xd9\x81\xd9\x8a"));        /* هدفي */
    if (u && ((counted_word(u) && !goal_of) || u->cls == FH_V_SCALE || u->cls == FH_V_FROM)) return 0;
    /* بن عروس (453 مسكنا) وأريانة (63) وقابس(60): a list of counts whose
     * first bracket names the noun */
    for (size_t k = i - 1, n = 0; k > 0 && n < 40; k--, n++)
        if (w->tok[k].kind == FH_VT_NUMBER && (w->tok[k].gap & FH_GAP_LPAREN) && fh_counted_noun_at(w, k + 1) &&
            k + 2 < i && (w->tok[k + 2].gap & FH_GAP_RPAREN) && !sports_noun(&w->tok[k + 1]))
            return 0;
    return 1;
}

/* خمس الأزمات, خمس الناتج, خمس المجيبين: خُمس, a fifth of a definite
 * whole (five is خمس أزمات or الأزمات الخمس). */
static int fifth_of(const fh_vwin *w, size_t i, fh_vmatch *m)
{
    static const char *const wholes[] = {
        "\xd8\xb9\xd8\xaf\xd8\xaf",                 /* عدد */
        "\xd8\xa7\xd8\xac\xd9\x85\xd8\xa7\xd9\x84\xd9\x8a", /* إجمالي */
        "\xd9\x85\xd8\xac\xd9\x85\xd9\x88\xd8\xb9", /* مجموع */
        "\xd8\xad\xd8\xac\xd9\x85",                 /* حجم */
        "\xd8\xb3\xd9\x83\xd8\xa7\xd9\x86",       /* سكان */
    };
    const fh_vtok *t = tk(w, i), *u = tk(w, i + 1);
    if (!t || !u || t->pre || !fh_vfolded_is(t, "\xd8\xae\xd9\x85\xd8\xb3") || !fh_vtight(w, i + 1) || /* خمس */
        u->kind != FH_VT_WORD || !u->arabic || u->pre || !fh_vnoun_cls(u))
        return 0;
    /* خمس عدد اللاجئين, خمس سكان العالم: a whole's word before the definite */
    const fh_vtok *d = tk(w, i + 2);
    if (!u->al && !(fh_vword_among(u, wholes, sizeof wholes / sizeof wholes[0]) && d && fh_vtight(w, i + 2) &&
                     d->kind == FH_VT_WORD && d->al && !d->pre))
        return 0;
    m->type = FAHRAS_SPAN_NUMBER;
    m->num = fh_vnum_int(2);
    m->num.e = -1; /* 0.2 */
    m->end = t->end;
    m->next = i + 1;
    return 1;
}

/* ألف مبروك, ألف ألف مبروك, مليون مبروك, « 40 » مليار مبروك, ألف سلامة:
 * so many thousands or millions of wishes, a greeting; *next past it. */
static int thousand_wishes(const fh_vwin *w, size_t i, size_t *next)
{
    static const char *const wishes[] = {
        "\xd9\x85\xd8\xa8\xd8\xb1\xd9\x88\xd9\x83",         /* مبروك */
        "\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85\xd9\x87",         /* سلامة */
        "\xd8\xaa\xd8\xad\xd9\x8a\xd9\x87",                   /* تحية */
        "\xd8\xb4\xd9\x83\xd8\xb1",                             /* شكر */
        "\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7",         /* مرحبا */
    };
    size_t k = i;
    for (const fh_vtok *t; k - i < 4 && (t = tk(w, k)) && !(k > i && t->pre) &&
                           (k == i || fh_vtight(w, k) || !(t->gap & ~(FH_GAP_SPACE | FH_GAP_OTHER))) &&
                           fh_vmay_start(t, FH_VBIT(FH_V_SCALE) | FH_VBIT(FH_V_UNIT) | FH_VBIT(FH_V_TEN) |
                                                FH_VBIT(FH_V_TENS) | FH_VBIT(FH_V_HUND));
         k++)
        ;
    const fh_vtok *s = k > i ? &w->tok[k - 1] : NULL, *u = tk(w, k);
    if (!s || !u || s->cls != FH_V_SCALE || s->kind != FH_VT_WORD || (s->flags & (FH_VF_PL | FH_VF_DUAL)) ||
        (s->pre && k - 1 > i) || !fh_vtight(w, k) || !fh_vword_among(u, wishes, sizeof wishes / sizeof wishes[0]))
        return 0;
    *next = k + 1;
    return 1;
}

/* في الثانية after so many of a thing, or before الواحدة: 60 لترا في
 * الثانية, 200 كوادرليون عملية حسابية في الثانية, 960 إطاراً في الثانية
 * الواحدة, a rate per second; *next past it. */
static int per_second(const fh_vwin *w, size_t i, size_t *next)
{
    const fh_vtok *t = tk(w, i), *one = tk(w, i + 1);
    if (!t || i < 3 || !fh_vfolded_is(t, "\xd8\xa7\xd9\x84\xd8\xab\xd8\xa7\xd9\x86\xd9\x8a\xd9\x87") || /* الثانيه */
        !fh_vtight(w, i) || w->tok[i - 1].cls != FH_V_IN || w->tok[i - 1].pre || !fh_vtight(w, i - 1))
        return 0;
    *next = i + 1;
    if (one && fh_vtight(w, i + 1) && fh_vfolded_is(one, "\xd8\xa7\xd9\x84\xd9\x88\xd8\xa7\xd8\xad\xd8\xaf\xd9\x87")) { /* الواحده */
        *next = i + 2;
        return 1;
    }
    /* not في الثانية والسبعين من عمره, an age */
    if (one && fh_vtight(w, i + 1) &&
        (one->cls == FH_V_TENS || one->cls == FH_V_ORDTENS || one->cls == FH_V_FROM))
        return 0;
    /* a number, then one to three words of what it counts, then في; not a
     * verb (6-3 ويتقدم في الثانية: the second set) */
    for (size_t k = i - 2, n = 0; n < 3 && k > 0; k--, n++) {
        const fh_vtok *u = &w->tok[k];
        /* a bracket may close before the words: 200 كوادرليون (مليون مليار) عملية */
        if (u->kind != FH_VT_WORD || !fh_vnoun_cls(u) || u->al || ar_letter_at(u->f, AR_WAW) ||
            ar_letter_at(u->f, AR_YEH) || (w->tok[k].gap & FH_GAP_PUNCT & ~FH_GAP_RPAREN))
            return 0;
        const fh_vtok *p = &w->tok[k - 1];
        if ((p->kind == FH_VT_NUMBER && !(p->gap & FH_GAP_DASH)) || p->cls == FH_V_SCALE || p->cls == FH_V_UNIT ||
            p->cls == FH_V_TENS || p->cls == FH_V_HUND)
            return 1;
    }
    return 0;
}

/* السعودية في المركز 32، وقطر في المركز 34 ومصر 45 والمغرب 48: a list
 * of names, each with its place, that a rank began goes on; not وسجل 20
 * هدفا, a count after it. */
static int rank_list_at(const fh_vwin *w, size_t i)
{
    const fh_vtok *u = tk(w, i + 1);
    if (u && fh_vtight(w, i + 1) && !(u->kind == FH_VT_WORD && ar_letter_at(u->f, AR_WAW))) return 0;
    for (size_t j = i, n = 0; n < 12 && j >= 2; j -= 2, n++) {
        const fh_vtok *name = &w->tok[j - 1];
        if (!fh_vtight(w, j) || !fh_vtight(w, j - 1) || !fh_vplain(w, j - 2) || name->kind != FH_VT_WORD ||
            !name->arabic || name->cls != FH_V_NONE || name->flen < 6 || !ar_letter_at(name->f, AR_WAW))
            return 0;
        if (rank_head_at(w, j - 2)) return 1;
    }
    return 0;
}

/* The digits at token i as a rank: after its word (rank_head_at), before
 * where a rank holds, or in a list after one. */
/* في الدقائق 17 و61 و69, في المراكز 69 و73 و74: a list of minutes or
 * places after the plural (not خلال الدقائق 15 الأولى, so many minutes),
 * at any of its numbers: 1 for minutes, 2 for places, else 0. */
static int plural_rank_list_at(const fh_vwin *w, size_t i)
{
    static const char *const heads[] = {
        "\xd8\xa7\xd9\x84\xd8\xaf\xd9\x82\xd8\xa7\xd8\xa1\xd9\x82", /* الدقائق */
        "\xd8\xa7\xd9\x84\xd9\x85\xd8\xb1\xd8\xa7\xd9\x83\xd8\xb2", /* المراكز */
        "\xd8\xa7\xd9\x84\xd9\x85\xd8\xb1\xd8\xa7\xd8\xaa\xd8\xa8", /* المراتب */
    };
    size_t k = i;
    while (k >= 2 && fh_vcls(w, k - 1) == FH_V_AND && fh_vtight(w, k) && fh_vtight(w, k - 1) && fh_vplain(w, k - 2))
        k -= 2;
    int listed = k != i || (fh_vcls(w, i + 1) == FH_V_AND && fh_vtight(w, i + 1) && fh_vtight(w, i + 2) &&
                            tk(w, i + 2)->kind == FH_VT_NUMBER);
    if (!listed || k == 0 || !fh_vtight(w, k)) return 0;
    size_t head = fh_vword_in(&w->tok[k - 1], heads, sizeof heads / sizeof heads[0]);
    return head == 1 ? 1 : head ? 2 : 0;
}

static int rank_at(const fh_vwin *w, size_t i)
{
    const fh_vtok *t = tk(w, i);
    if (!fh_vplain(w, i) || t->digits > 3 || !t->num.m) return 0;
    int listed = plural_rank_list_at(w, i);
    if (listed == 2 || (listed == 1 && t->num.m <= 130)) return 1;
    /* في الدقيقتين 66 و84, المرتبة 3 و5: a list of ranks goes on */
    for (size_t j = i, n = 0; n < 8 && j >= 2 && fh_vcls(w, j - 1) == FH_V_AND && fh_vtight(w, j) &&
                              fh_vtight(w, j - 1) && fh_vplain(w, j - 2);
         j -= 2, n++)
        if (rank_head_at(w, j - 2)) return 1;
    if (bare_word(w, i + 1, FH_V_SCOPE) || rank_list_at(w, i)) return 1; /* مصر (46 عالميا) */
    /* البئر 11 والأخيرة, الحلقة 30 والأخيرة: the last of a series */
    const fh_vtok *last = tk(w, i + 1);
    if (last && fh_vtight(w, i + 1) &&
        (fh_vfolded_is(last, "\xd9\x88\xd8\xa7\xd9\x84\xd8\xa7\xd8\xae\xd9\x8a\xd8\xb1") ||            /* والاخير */
         fh_vfolded_is(last, "\xd9\x88\xd8\xa7\xd9\x84\xd8\xa7\xd8\xae\xd9\x8a\xd8\xb1\xd9\x87")))     /* والاخيره */
        return 1;
    /* و15 في تاريخه, اللاعب 11 في تاريخ الدوري: a place in a history */
    const fh_vtok *in = tk(w, i + 1), *h = tk(w, i + 2);
    if (in && h && in->cls == FH_V_IN && !in->pre && fh_vtight(w, i + 1) && fh_vtight(w, i + 2) && !h->pre &&
        h->flen >= 10 && !memcmp(h->f, "\xd8\xaa\xd8\xa7\xd8\xb1\xd9\x8a\xd8\xae", 10)) /* تاريخ */
        return 1;
    /* ق50: كاريوس يخطئ, د17: تدخل عنيف: the minute of a match report, ق or
     * د for دقيقة */
    const fh_vtok *q = i > 0 ? &w->tok[i - 1] : NULL;
    const fh_vtok *colon = tk(w, i + 1); /* د17: with its colon; not رخصة د1 */
    if (q && q->kind == FH_VT_WORD && q->flen == 2 &&
        (ar_letter_at(q->f, AR_QAF) || (ar_letter_at(q->f, AR_DAL) && colon && (colon->gap & FH_GAP_COLON))) &&
        fh_vtight(w, i) &&
        t->num.m <= 130 && !t->num.e)
        return 1;
    return rank_head_at(w, i);
}

/* وست هام, وست بروميتش: "West" of a club's or a state's name, not و +
 * ست (and six). */
static int west_name(const fh_vwin *w, size_t i)
{
    static const char *const names[] = {
        "\xd9\x87\xd8\xa7\xd9\x85",                                     /* هام */
        "\xd8\xa8\xd8\xb1\xd9\x88\xd9\x85\xd9\x8a\xd8\xaa\xd8\xb4",     /* بروميتش */
        "\xd8\xa7\xd9\x8a\xd8\xb1\xd9\x84\xd8\xa7\xd9\x8a\xd9\x86\xd8\xb2", /* إيرلاينز */
        "\xd9\x81\xd8\xb1\xd8\xac\xd9\x8a\xd9\x86\xd9\x8a\xd8\xa7",     /* فرجينيا */
        "\xd9\x81\xd8\xb1\xd8\xa7\xd9\x86\xd8\xb3",                         /* فرانس (Ouest-France) */
    };
    const fh_vtok *t = tk(w, i), *u = tk(w, i + 1);
    if (!t || !u || !t->wa || t->flen != 6 || memcmp(t->f + 2, "\xd8\xb3\xd8\xaa", 4)) return 0; /* وست */
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        if (u->flen == strlen(names[k]) && !memcmp(u->f, names[k], u->flen)) return 1;
    return 0;
}

/* 3 أعوام ونصف العام, 3 كيلومترات ونصف: a count and a part of one more
 * (the noun at m->noun). */
static void half_after(const fh_vwin *w, fh_vmatch *m)
{
    size_t fi = m->noun + 1; /* ونصف, or و and نصف apart (3 سنوات و نصف) */
    const fh_vtok *and_ = tk(w, fi);
    if (and_ && fh_vcls(w, fi) == FH_V_AND && !and_->pre && fh_vtight(w, fi) && tk(w, fi + 1) &&
        !w->tok[fi + 1].pre)
        fi++;
    const fh_vtok *n = &w->tok[m->noun], *f = tk(w, fi), *u = tk(w, fi + 1);
    if (!f || f->cls != FH_V_FRAC || (fi == m->noun + 1 && (!f->wa || f->pre != 2)) || !fh_vtight(w, fi) ||
        (f->flags & (FH_VF_PL | FH_VF_DUAL)))
        return;
    /* not 5 أشخاص ونصف المصابين, half of the wounded */
    int noun_after = u && fh_vtight(w, fi + 1) && u->kind == FH_VT_WORD && u->arabic && u->al;
    if (noun_after && n->cls != FH_V_TUNIT && n->cls != FH_V_MEASURE) return;
    fh_vnum part = fh_vnum_int(1), sum = m->num;
    if (fh_vnum_mul_frac(&part, f->value) || fh_vnum_add(&sum, &part)) return;
    m->num = sum;
    m->next = fi + 1;
    m->end = f->end;
    if (noun_after && u->cls == FH_V_TUNIT) { /* ونصف العام */
        m->end = u->end;
        m->next++;
    }
}

/* A unit of time at token j, indefinite: ساعة, قرن, عام, شهر (نصف قرن,
 * ربع ساعة). */
static int part_of_time(const fh_vwin *w, size_t j)
{
    static const char *const units[] = {
        "\xd8\xb3\xd8\xa7\xd8\xb9\xd9\x87", /* ساعة */
        "\xd9\x82\xd8\xb1\xd9\x86",         /* قرن */
        "\xd8\xaf\xd9\x82\xd9\x8a\xd9\x82\xd9\x87", /* دقيقة */
    };
    const fh_vtok *u = tk(w, j);
    if (!u || !fh_vtight(w, j) || u->pre || u->al) return 0;
    if (u->cls == FH_V_TUNIT) return !(u->flags & (FH_VF_DEF | FH_VF_PL | FH_VF_DUAL));
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++)
        if (u->flen == strlen(units[k]) && !memcmp(u->f, units[k], u->flen)) return 1;
    return 0;
}

/* 6 "حيتان", 11 "مطلوبا": a counted noun between quote marks, nothing
 * else around it. */
static int quoted_noun_at(const fh_vwin *w, size_t j)
{
    const fh_vtok *t = tk(w, j);
    if (!t || j == 0 || !counted_word(t)) return 0;
    size_t b = w->tok[j - 1].end, q;
    for (;;) { /* spaces, no-break ones too */
        if (b < t->start && w->text[b] == ' ') b++;
        else if (nbsp_at(w, b, t->start)) b += 2;
        else break;
    }
    if (!(q = fh_vquote_at(w, b)) || b + q != t->start) return 0;
    /* 20 "صاروخ طيران": the quote may close after one more word */
    const fh_vtok *u = tk(w, j + 1);
    return (t->end < w->len && fh_vquote_at(w, t->end)) ||
           (u && fh_vtight(w, j + 1) && u->kind == FH_VT_WORD && u->end < w->len && fh_vquote_at(w, u->end));
}

/* 1.85 م, 85ر1 م: م after a decimal is metres (after a whole number it is
 * as often the era of a year, 2018 م); not م د or م.د, millions of dinars,
 * nor م2, square metres. */
static int metres_after_decimal(const fh_vwin *w, size_t j)
{
    const fh_vtok *t = tk(w, j), *n = j > 0 ? &w->tok[j - 1] : NULL, *d = tk(w, j + 1);
    if (!t || !n || n->kind != FH_VT_NUMBER || !(n->frac_digits || n->reh) || !fh_vtight(w, j) || t->pre ||
        !fh_vfolded_is(t, "\xd9\x85")) /* م */
        return 0;
    if (t->end < w->len && w->text[t->end] >= '0' && w->text[t->end] <= '9') return 0;
    return !(d && fh_vfolded_is(d, "\xd8\xaf") && !(d->gap & FH_GAP_NEWLINE)); /* د */
}

/* خطين اثنين, ركعتين اثنتين, مرشحان اثنان: اثنين or اثنان alone at token
 * i after a dual noun in its case (ين before اثنين, ان before اثنان), which
 * it stresses; the noun is counted already, and a word after the two
 * describes it (بخطين أثنين أبيضين).  Not after اليونان or بشأن (a name and a
 * preposition in ان), nor after تعيين (a verbal noun of the تفعيل form). */
static int two_after_dual(const fh_vwin *w, size_t i)
{
    static const char yeh_noon[] = "\xd9\x8a\xd9\x86", alef_noon[] = "\xd8\xa7\xd9\x86"; /* ين ان */
    const fh_vtok *t = &w->tok[i], *d = i > 0 ? &w->tok[i - 1] : NULL;
    if (!d || t->kind != FH_VT_WORD || t->cls != FH_V_UNIT || t->value != 2 || t->pre || !fh_vtight(w, i) ||
        d->kind != FH_VT_WORD || !d->arabic || d->cls != FH_V_NONE || d->flen < 8)
        return 0;
    const char *case_end = fh_vfolded_ends(t, yeh_noon) ? yeh_noon : alef_noon;
    if (!fh_vfolded_ends(d, case_end)) return 0;
    /* the word with one proclitic off (بتعيين, والفلسطينيين) */
    const char *stem = d->f;
    size_t n = d->flen;
    if (n >= 10 && (ar_letter_at(stem, AR_WAW) || ar_letter_at(stem, AR_FEH) || ar_letter_at(stem, AR_BEH) ||
                    (ar_letter_at(stem, AR_LAM) && !ar_letter_at(stem + 2, AR_LAM)))) {
        stem += 2;
        n -= 2;
    }
    if (!memcmp(stem, "\xd8\xa7\xd9\x84", 4)) return 0; /* ال */
    return !(n == 10 && ar_letter_at(stem, AR_TEH) && ar_letter_at(stem + 6, AR_YEH));
}

/* تقدر بـ ( 72 ) كغم: digits alone in brackets, and a measure or a unit's
 * abbreviation right after them, at token j (not جامعة قطر (349) جامعة
 * بغداد, a list of ranks). */
static int unit_after_brackets(const fh_vwin *w, size_t j)
{
    const fh_vtok *u = tk(w, j), *n = j > 0 ? &w->tok[j - 1] : NULL;
    if (!u || !n || n->kind != FH_VT_NUMBER || !(n->gap & FH_GAP_LPAREN) || (n->gap & ~(FH_GAP_LPAREN | FH_GAP_SPACE)) ||
        (u->gap & FH_GAP_PUNCT) != FH_GAP_RPAREN || u->pre || u->kind != FH_VT_WORD || !u->arabic)
        return 0;
    static const char *const short_units[] = {
        "\xd9\x83\xd8\xba\xd9\x85", "\xd9\x83\xd9\x85", /* كغم كم */
        "\xd8\xb3\xd9\x85", "\xd9\x85\xd9\x85",             /* سم مم */
    };
    if (u->cls == FH_V_MEASURE || fh_vword_among(u, short_units, sizeof short_units / sizeof short_units[0])) return 1;
    /* عدد (13) فرد: after عدد any noun is counted (not إريك بايي (66) خطأ, a minute) */
    return j >= 2 && fh_vfolded_is(&w->tok[j - 2], "\xd8\xb9\xd8\xaf\xd8\xaf") && counted_word(u); /* عدد */
}

static void below_zero(const fh_vwin *w, fh_vmatch *m);

static void count_or_number(const fh_vwin *w, fh_vmatch *m)
{
    size_t j = m->next;
    size_t noun = 0;
    /* نصف برمجته: a part of it, not a count; but نصف ساعة, نصف قرن are,
     * and digits below one count their noun (0.7 غرام) */
    if (below_one(&m->num) && !(w->tok[j - 1].kind == FH_VT_NUMBER && w->tok[j - 1].frac_digits) &&
        !part_of_time(w, j))
        return;
    int quoted = 0;
    if (two_after_dual(w, j - 1)) return; /* بخطين اثنين أبيضين: the word after describes */
    if (fh_counted_noun_at(w, j) || metres_after_decimal(w, j) || unit_after_brackets(w, j)) noun = j;
    else if ((quoted = quoted_noun_at(w, j))) noun = j;
    else if (!fh_age_after(w, j)) { /* البالغ 17 من العمر: an age */
        noun = partitive_at(w, j);
        /* 8 على الأقل من مسلحي التنظيم: the part after "at least" */
        const fh_vtok *on = tk(w, j), *least = tk(w, j + 1);
        if (!noun && on && least && fh_vtight(w, j) && fh_vtight(w, j + 1) &&
            fh_vfolded_is(on, "\xd8\xb9\xd9\x84\xd9\x8a") &&                          /* علي */
            fh_vfolded_is(least, "\xd8\xa7\xd9\x84\xd8\xa7\xd9\x82\xd9\x84"))     /* الاقل */
            noun = partitive_at(w, j + 2);
    }
    size_t last = noun && noun != j + 1 ? 0 : of_last_so_many(w, j);
    if (last) { /* the span ends at آخر, the count after it read on its own */
        m->type = FAHRAS_SPAN_COUNT;
        m->noun = last;
        m->next = j + 2;
        m->end = w->tok[j + 1].end;
        return;
    }
    if (!noun) return;
    m->type = FAHRAS_SPAN_COUNT;
    m->noun = noun;
    m->next = noun + 1;
    m->end = w->tok[noun].end + (quoted ? fh_vquote_at(w, w->tok[noun].end) : 0); /* its closing quote */
    half_after(w, m);
    /* 50 كلم/س, 90 كم / س, 64 كم/ ساعة: a speed, the unit with its hour
     * (not 200 كيلوات/ساعة, an energy, whose range's first end counts it) */
    const fh_vtok *h = tk(w, noun + 1), *n = &w->tok[noun];
    if (h && h->kind == FH_VT_WORD && h->arabic &&
        ((h->flen == 2 && !memcmp(h->f, "\xd8\xb3", 2)) ||
         (fh_vfolded_is(h, "\xd8\xb3\xd8\xa7\xd8\xb9\xd9\x87") && /* ساعه */
          !fh_vfolded_ends(n, "\xd9\x88\xd8\xa7\xd8\xaa"))) && /* وات */
        (h->gap & FH_GAP_PUNCT) == FH_GAP_SLASH) {
        m->per_hour = 1;
        m->next = noun + 2;
        m->end = h->end;
    }
    below_zero(w, m);
}

/* 3.1 درجة تحت الصفر, 5 درجات مئوية تحت الصفر: degrees below zero, a
 * negative count; the span takes the words. */
static void below_zero(const fh_vwin *w, fh_vmatch *m)
{
    const fh_vtok *n = &w->tok[m->noun];
    if (m->per_hour || !(fh_vword_is(n, "\xd8\xaf\xd8\xb1\xd8\xac\xd9\x87") ||      /* درجه */
                         fh_vword_is(n, "\xd8\xaf\xd8\xb1\xd8\xac\xd8\xa7\xd8\xaa"))) /* درجات */
        return;
    size_t k = m->noun + 1;
    const fh_vtok *c = tk(w, k);
    if (c && fh_vtight(w, k) && fh_vfolded_is(c, "\xd9\x85\xd8\xa1\xd9\x88\xd9\x8a\xd9\x87")) k++; /* مءويه: مئوية */
    const fh_vtok *u = tk(w, k), *z = tk(w, k + 1);
    if (!u || !z || !fh_vtight(w, k) || !fh_vtight(w, k + 1) ||
        !fh_vfolded_is(u, "\xd8\xaa\xd8\xad\xd8\xaa") ||                         /* تحت */
        !fh_vfolded_is(z, "\xd8\xa7\xd9\x84\xd8\xb5\xd9\x81\xd8\xb1"))        /* الصفر */
        return;
    m->negative = 1;
    m->next = k + 2;
    m->end = z->end;
}

/* فريق أول ركن, ملازم أول, رقيب الأمن أوّل, سكرتير أول: أول (token i, no proclitic,
 * indefinite) naming a grade of a rank, after its title or the title and
 * its corps. */
static int grade_first(const fh_vwin *w, size_t i)
{
    static const char *const titles[] = {
        "\xd9\x81\xd8\xb1\xd9\x8a\xd9\x82", "\xd8\xa7\xd9\x84\xd9\x81\xd8\xb1\xd9\x8a\xd9\x82", /* فريق الفريق */
        "\xd9\x85\xd9\x84\xd8\xa7\xd8\xb2\xd9\x85", "\xd8\xa7\xd9\x84\xd9\x85\xd9\x84\xd8\xa7\xd8\xb2\xd9\x85", /* ملازم الملازم */
        "\xd8\xb9\xd8\xb1\xd9\x8a\xd9\x81", "\xd8\xa7\xd9\x84\xd8\xb9\xd8\xb1\xd9\x8a\xd9\x81", /* عريف العريف */
        "\xd8\xb1\xd9\x82\xd9\x8a\xd8\xa8", "\xd8\xa7\xd9\x84\xd8\xb1\xd9\x82\xd9\x8a\xd8\xa8", /* رقيب الرقيب */
        "\xd9\x88\xd9\x83\xd9\x8a\xd9\x84", "\xd8\xa7\xd9\x84\xd9\x88\xd9\x83\xd9\x8a\xd9\x84", /* وكيل الوكيل */
        "\xd8\xb3\xd9\x83\xd8\xb1\xd8\xaa\xd9\x8a\xd8\xb1", "\xd8\xa7\xd9\x84\xd8\xb3\xd9\x83\xd8\xb1\xd8\xaa\xd9\x8a\xd8\xb1", /* سكرتير السكرتير */
        "\xd8\xac\xd9\x86\xd8\xaf\xd9\x8a", "\xd8\xa7\xd9\x84\xd8\xac\xd9\x86\xd8\xaf\xd9\x8a", /* جندي الجندي */
    };
    const size_t n = sizeof titles / sizeof titles[0];
    static const char *const corps[] = {
        "\xd8\xa7\xd9\x84\xd8\xa7\xd9\x85\xd9\x86", "\xd8\xa7\xd9\x84\xd8\xad\xd8\xb1\xd8\xb3", "\xd8\xa7\xd9\x84\xd8\xb4\xd8\xb1\xd8\xb7\xd9\x87", /* الأمن الحرس الشرطة */
    };
    if (i == 0 || !fh_vtight(w, i) || w->tok[i].pre) return 0;
    const fh_vtok *p = &w->tok[i - 1];
    if (fh_vword_in(p, titles, n)) return 1;
    /* رقيب الأمن أول, عريف الحرس أول: the corps between (not الفريق البافاري
     * أول ناد, the first club) */
    return i >= 2 && fh_vword_among(p, corps, sizeof corps / sizeof corps[0]) && fh_vtight(w, i - 1) &&
           fh_vword_in(&w->tok[i - 2], titles, n);
}

/* الأول, الثاني after the win, loss or goals of a side (بفوز الأول على
 * الجزيرة, لصالح الثاني, أهداف الأول): the former, the latter, no rank;
 * أول in a general's rank (الفريق أول ركن); الأولى of the first lady. */
static int former_or_latter(const fh_vwin *w, size_t i)
{
    static const char *const heads[] = {
        "\xd9\x81\xd9\x88\xd8\xb2",                 /* فوز */
        "\xd9\x84\xd8\xb5\xd8\xa7\xd9\x84\xd8\xad", /* لصالح */
        "\xd8\xaa\xd9\x81\xd9\x88\xd9\x82",         /* تفوق */
        "\xd8\xae\xd8\xb3\xd8\xa7\xd8\xb1\xd9\x87", /* خسارة */
        "\xd9\x81\xd8\xa7\xd8\xb2",                 /* فاز */
        "\xd8\xa7\xd9\x87\xd8\xaf\xd8\xa7\xd9\x81", /* أهداف (هدف الثاني is as often the second goal) */
    };
    const fh_vtok *t = &w->tok[i];
    if (t->cls != FH_V_ORD || t->value > 2 || i == 0 || !fh_vtight(w, i)) return 0;
    /* السيدة الأولى, السيدة البرازيلية الأولى, سيدة الولايات المتحدة
     * الأمريكية الأولى: a title, its country or adjectives between */
    if (t->value == 1 && (t->flags & FH_VF_FEM)) {
        for (size_t k = i; k > 0 && i - k < 4 && fh_vtight(w, k) && w->tok[k - 1].kind == FH_VT_WORD &&
                           w->tok[k - 1].arabic;
             k--) {
            if (fh_vword_is(&w->tok[k - 1], "\xd8\xb3\xd9\x8a\xd8\xaf\xd9\x87") || /* سيدة */
                fh_vword_is(&w->tok[k - 1], "\xd8\xa7\xd9\x84\xd8\xb3\xd9\x8a\xd8\xaf\xd9\x87")) /* السيدة */
                return 1;
            if (w->tok[k - 1].cls != FH_V_NONE) break; /* فازت السيدة في الجولة الأولى */
        }
    }
    if (!(t->flags & FH_VF_DEF)) return t->value == 1 && grade_first(w, i);
    const fh_vtok *p = &w->tok[i - 1];
    for (size_t k = 0; k < sizeof heads / sizeof heads[0]; k++) /* one clitic at most: للهدف الأول is ل + ال */
        if (fh_vword_is(p, heads[k]) && p->flen <= strlen(heads[k]) + 2) return 1;
    return 0;
}

/* عبد الله الثاني, الملك محمد السادس, الملكة إليزابيث الثانية, آل ثاني:
 * the ordinal of a monarch, a pope or a family is part of the name, no
 * rank.  After آل, a listed first name, or a few name words after a
 * monarch's title. */
static int regnal_ordinal(const fh_vwin *w, size_t i)
{
    static const char *const names[] = {
        "\xd9\x85\xd8\xad\xd9\x85\xd8\xaf", /* محمد */
        "\xd8\xa7\xd9\x84\xd8\xad\xd8\xb3\xd9\x86", /* الحسن */
        "\xd8\xa7\xd9\x84\xd9\x84\xd9\x87", /* الله */
        "\xd8\xb9\xd8\xa8\xd8\xaf\xd8\xa7\xd9\x84\xd9\x84\xd9\x87", /* عبدالله */
        "\xd8\xa7\xd9\x84\xd9\x8a\xd8\xb2\xd8\xa7\xd8\xa8\xd9\x8a\xd8\xab", /* إليزابيث */
        "\xd9\x81\xd9\x8a\xd9\x84\xd9\x8a\xd8\xa8", /* فيليب */
        "\xd9\x83\xd8\xa7\xd8\xb1\xd9\x84\xd9\x88\xd8\xb3", /* كارلوس */
        "\xd9\x81\xd8\xb1\xd9\x86\xd8\xb3\xd9\x8a\xd8\xb3", /* فرنسيس */
        "\xd8\xa8\xd9\x86\xd8\xaf\xd9\x8a\xd9\x83\xd8\xaa\xd9\x88\xd8\xb3", /* بنديكتوس */
        "\xd8\xa8\xd9\x88\xd9\x84\xd8\xb3", /* بولس */
        "\xd9\x88\xd9\x8a\xd9\x84\xd9\x8a\xd8\xa7\xd9\x85", /* ويليام */
        "\xd8\xac\xd9\x88\xd8\xb1\xd8\xac", /* جورج */
        "\xd9\x84\xd9\x88\xd9\x8a\xd8\xb3", /* لويس */
        "\xd9\x87\xd9\x86\xd8\xb1\xd9\x8a", /* هنري */
        "\xd9\x81\xd9\x8a\xd8\xb5\xd9\x84", /* فيصل */
        "\xd9\x86\xd8\xa7\xd8\xa8\xd9\x84\xd9\x8a\xd9\x88\xd9\x86", /* نابليون */
        "\xd8\xa7\xd8\xaf\xd9\x88\xd8\xa7\xd8\xb1\xd8\xaf", /* إدوارد */
        "\xd8\xb4\xd8\xa7\xd8\xb1\xd9\x84", /* شارل */
        "\xd8\xb1\xd9\x8a\xd8\xaa\xd8\xb4\xd8\xa7\xd8\xb1\xd8\xaf", /* ريتشارد */
    };
    static const char *const titles[] = {
        "\xd8\xa7\xd9\x84\xd9\x85\xd9\x84\xd9\x83", /* الملك */
        "\xd8\xa7\xd9\x84\xd9\x85\xd9\x84\xd9\x83\xd9\x87", /* الملكة */
        "\xd9\x85\xd9\x84\xd9\x83", /* ملك */
        "\xd9\x85\xd9\x84\xd9\x83\xd9\x87", /* ملكة */
        "\xd8\xa7\xd9\x84\xd8\xa8\xd8\xa7\xd8\xa8\xd8\xa7", /* البابا */
        "\xd8\xa7\xd9\x84\xd8\xb3\xd9\x84\xd8\xb7\xd8\xa7\xd9\x86", /* السلطان */
        "\xd8\xa7\xd9\x84\xd8\xa7\xd9\x85\xd8\xa8\xd8\xb1\xd8\xa7\xd8\xb7\xd9\x88\xd8\xb1", /* الإمبراطور */
        "\xd8\xa7\xd9\x84\xd8\xa7\xd9\x85\xd8\xa8\xd8\xb1\xd8\xa7\xd8\xb7\xd9\x88\xd8\xb1\xd9\x87", /* الإمبراطورة */
    };
    const fh_vtok *t = &w->tok[i];
    if (t->cls != FH_V_ORD || t->pre || i == 0 || !fh_vtight(w, i)) return 0;
    const fh_vtok *p = &w->tok[i - 1];
    if (p->kind != FH_VT_WORD || !p->arabic || p->cls != FH_V_NONE) return 0;
    /* آل ثاني (آل folds to ال) */
    if (p->flen == 4 && p->end - p->start >= 4 && (unsigned char)w->text[p->start] == 0xD8 &&
        (unsigned char)w->text[p->start + 1] == 0xA2)
        return 1;
    if (!(t->flags & FH_VF_DEF)) return 0;
    if (fh_vword_among(p, names, sizeof names / sizeof *names)) return 1; /* the name as written */
    /* the name's words between: no article but الله's, no و (كأس الملك
     * وحقق الثنائية الأولى, ملكة جمال الكون السابعة) */
    for (size_t k = i, n = 0; n < 3 && k > 1 && fh_vtight(w, k - 1); k--, n++) {
        const fh_vtok *name = &w->tok[k - 1], *q = &w->tok[k - 2];
        if (name->cls != FH_V_NONE || ar_letter_at(name->f, AR_WAW) ||
            (article_len(name) && !(name->flen == 8 && !memcmp(name->f, "\xd8\xa7\xd9\x84\xd9\x84\xd9\x87", 8))))
            return 0; /* الله */
        if (q->kind != FH_VT_WORD || !q->arabic) return 0;
        if (fh_vword_in(q, titles, sizeof titles / sizeof *titles)) return 1;
    }
    return 0;
}

/* الساعة الخامسة, الساعة الحادية عشرة: an hour of the clock. */
static int clock_hour(const fh_vwin *w, size_t i)
{
    if (i == 0 || !fh_vtight(w, i) || !(w->tok[i].flags & FH_VF_FEM)) return 0;
    /* بين الساعة الثالثة والخامسة: the second hour of a pair */
    if (w->tok[i].wa && w->tok[i - 1].cls == FH_V_ORD && !w->tok[i - 1].wa) return clock_hour(w, i - 1);
    return fh_vword_is(&w->tok[i - 1], "\xd8\xa7\xd9\x84\xd8\xb3\xd8\xa7\xd8\xb9\xd9\x87") || /* الساعة */
           fh_vword_is(&w->tok[i - 1], "\xd8\xb3\xd8\xa7\xd8\xb9\xd9\x87");                    /* ساعة */
}

/* في, دون, تحت, فوق or منذ right before token i: where an age is said
 * (منذ الثالثة من عمرها, since she was three). */
static int age_before(const fh_vwin *w, size_t i)
{
    static const char *const preps[] = {
        "\xd9\x81\xd9\x8a",                 /* في */
        "\xd8\xaf\xd9\x88\xd9\x86",         /* دون */
        "\xd8\xaa\xd8\xad\xd8\xaa",         /* تحت */
        "\xd9\x81\xd9\x88\xd9\x82",         /* فوق */
        "\xd9\x85\xd9\x86\xd8\xb0",         /* منذ */
    };
    if (i == 0 || !fh_vtight(w, i)) return 0;
    return fh_vword_in(&w->tok[i - 1], preps, sizeof preps / sizeof preps[0]) != 0;
}

/* عضو منذ السابعة عشرة: منذ before a feminine ordinal of 13 to 19, at
 * token i, is an age (no clock has such an hour). */
static int since_teen_age(const fh_vwin *w, size_t i, int v)
{
    const fh_vtok *t = &w->tok[i];
    return v >= 13 && v <= 19 && i > 0 && fh_vtight(w, i) && (t->flags & FH_VF_FEM) && t->al && !t->pre &&
           fh_vfolded_is(&w->tok[i - 1], "\xd9\x85\xd9\x86\xd8\xb0"); /* منذ */
}

/* في السابعة أو الثامنة من العمر: ages offered as a choice, the ordinal
 * at token i ending before token k either end of it. */
static int age_in_choice(const fh_vwin *w, size_t i, size_t k)
{
    int v;
    size_t k2;
    const fh_vtok *o = tk(w, k);
    if (o && age_before(w, i) && fh_vtight(w, k) && fh_vtight(w, k + 1) &&
        fh_vfolded_is(o, "\xd8\xa7\xd9\x88") && fh_ordinal_at(w, k + 1, &v, &k2) && fh_age_after(w, k2)) /* او */
        return 1;
    return i >= 2 && fh_vtight(w, i) && fh_vtight(w, i - 1) &&
           fh_vfolded_is(&w->tok[i - 1], "\xd8\xa7\xd9\x88") && age_before(w, i - 2) && fh_age_after(w, k);
}

/* كان في الرابعة عشرة, وهي في الخامسة: a feminine ordinal after في and
 * كان or a personal pronoun is someone's age (an age is "in her fifth
 * year"), though no من العمر follows. */
static int age_of_someone(const fh_vwin *w, size_t i)
{
    static const char *const subjects[] = {
        "\xd9\x83\xd8\xa7\xd9\x86",         /* كان */
        "\xd9\x83\xd8\xa7\xd9\x86\xd8\xaa", /* كانت */
        "\xd9\x87\xd9\x88",                 /* هو */
        "\xd9\x87\xd9\x8a",                 /* هي */
    };
    /* طفلة في الثامنة, شاب في الثلاثين: a person's age, tens included */
    static const char *const people[] = {
        "\xd8\xb7\xd9\x81\xd9\x84",                 /* طفل */
        "\xd8\xb7\xd9\x81\xd9\x84\xd9\x87",         /* طفله */
        "\xd8\xb7\xd9\x81\xd9\x84\xd8\xa7",         /* طفلا */
        "\xd9\x81\xd8\xaa\xd8\xa7\xd9\x87",         /* فتاه */
        "\xd9\x81\xd8\xaa\xd9\x8a",                 /* فتي (فتى) */
        "\xd8\xb5\xd8\xa8\xd9\x8a",                 /* صبي */
        "\xd8\xb5\xd8\xa8\xd9\x8a\xd9\x87",         /* صبيه */
        "\xd8\xb4\xd8\xa7\xd8\xa8",                 /* شاب */
        "\xd8\xb4\xd8\xa7\xd8\xa8\xd9\x87",         /* شابه */
        "\xd8\xb4\xd8\xa7\xd8\xa8\xd8\xa7",         /* شابا */
        "\xd8\xb1\xd8\xac\xd9\x84",                 /* رجل */
        "\xd8\xb1\xd8\xac\xd9\x84\xd8\xa7",         /* رجلا */
        "\xd8\xa7\xd9\x85\xd8\xb1\xd8\xa7\xd9\x87", /* امراه */
        "\xd8\xb3\xd9\x8a\xd8\xaf\xd9\x87",         /* سيده */
        "\xd9\x85\xd8\xb3\xd9\x86",                 /* مسن */
        "\xd9\x83\xd9\x87\xd9\x84",                 /* كهل */
    };
    const fh_vtok *t = &w->tok[i];
    if (i < 2 || !fh_vtight(w, i - 1)) return 0;
    if (fh_vword_in(&w->tok[i - 2], people, sizeof people / sizeof people[0]) &&
        ((t->flags & FH_VF_FEM) || t->cls == FH_V_ORDTENS))
        return 1;
    if (!(t->flags & FH_VF_FEM)) return 0;
    return fh_vword_in(&w->tok[i - 2], subjects, sizeof subjects / sizeof subjects[0]) != 0;
}

/* والنصف, والربع, صباحا, مساء at token k: the hour before it is a time
 * (يصل هو في السابعة والنصف), not an age. */
static int clock_after(const fh_vwin *w, size_t k)
{
    static const char *const parts[] = {
        "\xd8\xb5\xd8\xa8\xd8\xa7\xd8\xad\xd8\xa7",     /* صباحا */
        "\xd9\x85\xd8\xb3\xd8\xa7\xd8\xa1",             /* مساء */
        "\xd9\x85\xd8\xb3\xd8\xa7\xd8\xa1\xd8\xa7",     /* مساءا */
        "\xd8\xb8\xd9\x87\xd8\xb1\xd8\xa7",             /* ظهرا */
        "\xd9\x84\xd9\x8a\xd9\x84\xd8\xa7",             /* ليلا */
        "\xd9\x81\xd8\xac\xd8\xb1\xd8\xa7",             /* فجرا */
        "\xd9\x88\xd8\xa7\xd9\x84\xd9\x86\xd8\xb5\xd9\x81", /* والنصف */
        "\xd9\x88\xd8\xa7\xd9\x84\xd8\xb1\xd8\xa8\xd8\xb9", /* والربع */
        "\xd8\xa8\xd8\xaa\xd9\x88\xd9\x82\xd9\x8a\xd8\xaa", /* بتوقيت */
    };
    if (u_is_gmt(w, k)) return 1; /* التاسعة ت.غ, the hour in GMT */
    /* في الثامنة (07,00 ت غ): the hour restated in digits in brackets */
    const fh_vtok *hh = tk(w, k), *mm = tk(w, k + 1);
    if (hh && mm && hh->kind == FH_VT_NUMBER && (hh->gap & FH_GAP_LPAREN) && hh->digits <= 2 && !hh->frac_digits &&
        hh->num.m <= 24 && mm->kind == FH_VT_NUMBER && mm->gap == FH_GAP_COMMA && mm->digits == 2 && !mm->frac_digits &&
        (u_is_gmt(w, k + 2) || (tk(w, k + 2) && (w->tok[k + 2].gap & FH_GAP_RPAREN))))
        return 1;
    /* الثالثة بعد الظهر, الثالثة (من) بعد الزوال, as Tunisian news writes
     * the afternoon (also بعد زوال) */
    const fh_vtok *after_from = tk(w, k + 1);
    if (fh_vcls(w, k) == FH_V_FROM && !w->tok[k].pre && fh_vtight(w, k) && after_from &&
        fh_vfolded_is(after_from, "\xd8\xa8\xd8\xb9\xd8\xaf"))
        k++; /* من بعد */
    const fh_vtok *a = tk(w, k), *b = tk(w, k + 1);
    if (a && b && fh_vtight(w, k) && fh_vtight(w, k + 1) && fh_vfolded_is(a, "\xd8\xa8\xd8\xb9\xd8\xaf") && /* بعد */
        (fh_vfolded_is(b, "\xd8\xa7\xd9\x84\xd8\xb8\xd9\x87\xd8\xb1") ||                                 /* الظهر */
         fh_vfolded_is(b, "\xd8\xa7\xd9\x84\xd8\xb8\xd9\x87\xd9\x8a\xd8\xb1\xd9\x87") ||              /* الظهيرة */
         fh_vfolded_is(b, "\xd8\xa7\xd9\x84\xd8\xb2\xd9\x88\xd8\xa7\xd9\x84") ||                         /* الزوال */
         fh_vfolded_is(b, "\xd8\xb2\xd9\x88\xd8\xa7\xd9\x84")))                                             /* زوال */
        return 1;
    return fh_vtight(w, k) && fh_vword_among(tk(w, k), parts, sizeof parts / sizeof *parts);
}

/* دقيقة, دقائق. */
static int minute_word(const fh_vtok *d)
{
    return d && d->kind == FH_VT_WORD && d->flen >= 8 &&
           (!memcmp(d->f, "\xd8\xaf\xd9\x82\xd9\x8a\xd9\x82", 8) ||  /* دقيق(ة) */
            !memcmp(d->f, "\xd8\xaf\xd9\x82\xd8\xa7\xd8\xa1", 8));   /* دقاء(ق) */
}

/* After the hour at token k-1: و 50 دقيقة, والنصف, وربع; the token after
 * the time. */
static size_t clock_minutes(const fh_vwin *w, size_t k)
{
    const fh_vtok *a = tk(w, k);
    if (a && a->cls == FH_V_FRAC && a->wa && fh_vtight(w, k)) return k + 1; /* والنصف, وربع */
    /* السادسة إلا ربع, الثامنة إلا عشر دقائق: so much before the hour */
    const fh_vtok *b = tk(w, k + 1);
    if (a && b && fh_vtight(w, k) && fh_vtight(w, k + 1) && !a->pre && !b->wa &&
        fh_vfolded_is(a, "\xd8\xa7\xd9\x84\xd8\xa7")) { /* الا */
        if (b->cls == FH_V_FRAC) return k + 2;
        if ((b->cls == FH_V_UNIT || b->cls == FH_V_TEN) && minute_word(tk(w, k + 2)) && fh_vtight(w, k + 2))
            return k + 3;
    }
    /* وعشر دقائق, وخمس دقائق */
    if (a && a->wa && fh_vtight(w, k) && (a->cls == FH_V_UNIT || a->cls == FH_V_TEN || a->cls == FH_V_TENS) &&
        minute_word(tk(w, k + 1)) && fh_vtight(w, k + 1))
        return k + 2;
    if (a && a->cls == FH_V_AND && fh_vtight(w, k) && fh_vplain(w, k + 1) && fh_vtight(w, k + 1)) {
        if (minute_word(tk(w, k + 2)) && fh_vtight(w, k + 2)) return k + 3;
    }
    /* وأربع وأربعين دقيقة: minutes in words of two parts */
    fh_vnum v;
    size_t next;
    if (a && a->wa && fh_vtight(w, k) && (a->cls == FH_V_UNIT || a->cls == FH_V_TEN) &&
        fh_cardinal_at(w, k, &v, &next) && next > k + 1 && v.den == 1 && !v.e && v.m < 60 &&
        minute_word(tk(w, next)) && fh_vtight(w, next))
        return next + 1;
    return k;
}

/* في عمر السابعة, بعمر الخامسة, في سن العاشرة: an age after عمر or سن,
 * the definite feminine ordinal at token i. */
/* أبلغ التاسعة من عمري, البالغة الخامسة عشرة من العمر, عندما بلغت
 * السابعة عشرة., يبلغ الثمانين.: a feminine ordinal or the tens after a
 * form of بلغ (to reach), before من العمر or closing the clause, is an
 * age. */
static int reach_verb(const fh_vtok *t)
{
    static const char *const verbs[] = {
        "\xd8\xa8\xd9\x84\xd8\xba", "\xd8\xa8\xd9\x84\xd8\xba\xd8\xaa",       /* بلغ, بلغت */
        "\xd9\x8a\xd8\xa8\xd9\x84\xd8\xba", "\xd8\xaa\xd8\xa8\xd9\x84\xd8\xba", /* يبلغ, تبلغ */
        "\xd8\xa7\xd8\xa8\xd9\x84\xd8\xba", "\xd9\x86\xd8\xa8\xd9\x84\xd8\xba", /* أبلغ, نبلغ */
        "\xd8\xa7\xd9\x84\xd8\xa8\xd8\xa7\xd9\x84\xd8\xba",                   /* البالغ */
        "\xd8\xa7\xd9\x84\xd8\xa8\xd8\xa7\xd9\x84\xd8\xba\xd9\x87",           /* البالغة */
        "\xd8\xa8\xd9\x84\xd9\x88\xd8\xba\xd9\x87",                       /* بلوغه */
        "\xd8\xa8\xd9\x84\xd9\x88\xd8\xba\xd9\x87\xd8\xa7",               /* بلوغها */
    };
    return fh_vword_among(t, verbs, sizeof verbs / sizeof verbs[0]);
}

static int reached_age(const fh_vwin *w, size_t i, size_t k)
{
    const fh_vtok *t = &w->tok[i], *u = tk(w, k);
    if (i == 0 || !fh_vtight(w, i) || !((t->flags & FH_VF_FEM) || t->cls == FH_V_ORDTENS) || !t->al || t->pre ||
        !reach_verb(&w->tok[i - 1]))
        return 0;
    return fh_age_after(w, k) || !u || (u->gap & (FH_GAP_STOP | FH_GAP_COMMA | FH_GAP_NEWLINE));
}

/* بلغت ... تاو بورشون لينش، الثامنة والتسعين من عمرها: a feminine ordinal
 * (or the tens) with من عمرها after it and no definite noun before it for
 * it to rank (السنة الثالثة من عمره) is an age. */
static int age_of_named(const fh_vwin *w, size_t i, size_t k)
{
    const fh_vtok *t = &w->tok[i];
    if (i == 0 || !((t->flags & FH_VF_FEM) || t->cls == FH_V_ORDTENS) || !t->al || t->pre || !fh_age_after(w, k))
        return 0;
    const fh_vtok *p = &w->tok[i - 1];
    /* not 18 شهرا الأولى من عمر الطفل, the first months */
    if (t->value == 1 || p->cls == FH_V_TUNIT || p->cls == FH_V_UNITS) return 0;
    return (t->gap & FH_GAP_PUNCT) || p->kind != FH_VT_WORD || !p->al;
}

static int age_word_before(const fh_vwin *w, size_t i)
{
    const fh_vtok *t = &w->tok[i];
    /* سن الخامسة عشرة, دون سن الثلاثين: a feminine ordinal or the tens */
    if (i == 0 || !fh_vtight(w, i) || !((t->flags & FH_VF_FEM) || t->cls == FH_V_ORDTENS) || !t->al || t->pre)
        return 0;
    return fh_vword_is(&w->tok[i - 1], "\xd8\xb9\xd9\x85\xd8\xb1") ||       /* عمر */
           fh_vword_is(&w->tok[i - 1], "\xd8\xb3\xd9\x86") ||                  /* سن */
           fh_vfolded_is(&w->tok[i - 1], "\xd8\xa7\xd8\xa8\xd9\x86") ||      /* ابن الرابعة عشرة: aged */
           fh_vfolded_is(&w->tok[i - 1], "\xd8\xa7\xd8\xa8\xd9\x86\xd9\x87"); /* ابنة */
}

int fh_age_after(const fh_vwin *w, size_t k)
{
    const fh_vtok *a = tk(w, k + 1);
    if (fh_vcls(w, k) != FH_V_FROM || !fh_vtight(w, k) || !a || !fh_vtight(w, k + 1)) return 0;
    return a->flen >= 6 && a->flen <= 10 &&
           (!memcmp(a->f, "\xd8\xa7\xd9\x84\xd8\xb9\xd9\x85\xd8\xb1", 10) || /* العمر */
            !memcmp(a->f, "\xd8\xb9\xd9\x85\xd8\xb1", 6));                    /* عمر+ه */
}

/* صفر after إلى or نسبة, and no date after it (إلى صفر في أقرب وقت), or
 * alone between quote marks (المستوى "صفر"): zero, which is also the month
 * Safar. */
static int zero_word(const fh_vwin *w, size_t i, fh_vmatch *m)
{
    const fh_vtok *t = &w->tok[i], *u = tk(w, i + 1);
    if (t->value == 2 && !t->pre && fh_vquoted_alone(w, i)) {
        m->type = FAHRAS_SPAN_NUMBER;
        m->num = fh_vnum_int(0);
        m->end = t->end;
        m->next = i + 1;
        return 1;
    }
    if (t->value != 2 || t->pre || i == 0 || !fh_vtight(w, i)) return 0;
    const fh_vtok *p = &w->tok[i - 1];
    /* من صفر إلى 60 ميلا: the first end of a range of numbers (not من الصفر,
     * from scratch) */
    const fh_vtok *to = tk(w, i + 1), *end = tk(w, i + 2);
    int range_start = p->cls == FH_V_FROM && (!p->pre || p->wa) && to && to->cls == FH_V_TO && !to->pre && fh_vtight(w, i + 1) &&
                      end && end->kind == FH_VT_NUMBER && fh_vtight(w, i + 2);
    if (!(p->cls == FH_V_TO && !p->pre) && !range_start &&
        !fh_vword_is(p, "\xd9\x86\xd8\xb3\xd8\xa8\xd9\x87")) /* نسبة */
        return 0;
    if (u && fh_vtight(w, i + 1) && (u->kind == FH_VT_NUMBER || u->cls == FH_V_DIR || u->cls == FH_V_ERA)) return 0;
    m->type = FAHRAS_SPAN_NUMBER;
    m->num = fh_vnum_int(0);
    m->end = t->end;
    m->next = i + 1;
    if (percent_after(w, i + 1, &m->next, &m->end)) m->percent = 1; /* بنسبة صفر بالمئة */
    return 1;
}

/* عام ونصف, ساعة وربع, ساعتين ونصف, مرة ونصف, موسم ونصف: one unit of
 * time or one time (two for the dual) and a part of one more, counted,
 * with no number word before them; read at the fraction (token i). */
static int unit_and_part(const fh_vwin *w, size_t i, fh_vmatch *m)
{
    static const struct { const char *f; int n; } units[] = {
        {"\xd8\xb3\xd8\xa7\xd8\xb9\xd9\x87", 1},                         /* ساعة */
        {"\xd8\xb3\xd8\xa7\xd8\xb9\xd8\xaa\xd9\x8a\xd9\x86", 2},     /* ساعتين */
        {"\xd8\xb3\xd8\xa7\xd8\xb9\xd8\xaa\xd8\xa7\xd9\x86", 2},     /* ساعتان */
        {"\xd9\x85\xd8\xb1\xd9\x87", 1},                                   /* مرة */
        {"\xd9\x85\xd8\xb1\xd8\xaa\xd9\x8a\xd9\x86", 2},               /* مرتين */
        {"\xd9\x85\xd8\xb1\xd8\xaa\xd8\xa7\xd9\x86", 2},               /* مرتان */
        {"\xd9\x85\xd9\x88\xd8\xb3\xd9\x85", 1},                         /* موسم */
        {"\xd9\x85\xd9\x88\xd8\xb3\xd9\x85\xd9\x8a\xd9\x86", 2},     /* موسمين */
        {"\xd9\x85\xd9\x88\xd8\xb3\xd9\x85\xd8\xa7\xd9\x86", 2},     /* موسمان */
    };
    const fh_vtok *f = &w->tok[i];
    /* the unit's token: before ونصف, or before و and نصف apart (موسمين و نصف) */
    size_t ui = i - 1;
    if (f->cls != FH_V_FRAC || (f->flags & (FH_VF_PL | FH_VF_DUAL)) || i == 0 || !fh_vtight(w, i)) return 0;
    if (!f->wa || f->pre != 2) {
        if (f->pre || i < 2 || fh_vcls(w, i - 1) != FH_V_AND || w->tok[i - 1].pre || !fh_vtight(w, i - 1)) return 0;
        ui = i - 2;
    }
    const fh_vtok *u = &w->tok[ui];
    if (u->pre > 2 || u->al) /* بعام ونصف, وساعة ونصف: one proclitic */
        return 0;
    int n = 0;
    size_t skip = u->pre; /* بعام, وساعة: the proclitic before the unit */
    if (u->cls == FH_V_TUNIT && !(u->flags & (FH_VF_DEF | FH_VF_PL))) n = (u->flags & FH_VF_DUAL) ? 2 : 1;
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++)
        if (fh_vword_is(u, units[k].f) && u->flen <= strlen(units[k].f) + 2) {
            n = units[k].n;
            skip = u->flen - strlen(units[k].f);
        }
    if (!n) return 0;
    /* not the end of a count (3 سنوات ونصف is read with its number), nor
     * منذ سنة ونصف, a date (منذ موسم ونصف is none); but قبل عام ونصف من
     * موعدها (or على الموعد) is so long before an event, a count */
    size_t q = i + 1;
    if (fh_vcls(w, q) == FH_V_TUNIT && fh_vtight(w, q)) q++; /* ونصف العام على */
    const fh_vtok *e = tk(w, q);
    int event_after = e && fh_vtight(w, q) && !e->pre &&
                      (e->cls == FH_V_FROM || fh_vfolded_is(e, "\xd8\xb9\xd9\x84\xd9\x8a")); /* من, على */
    if (ui >= 1 && fh_vtight(w, ui) &&
        (w->tok[ui - 1].kind == FH_VT_NUMBER ||
         (w->tok[ui - 1].cls == FH_V_TPREP && (w->tok[ui - 1].flags & FH_VF_AGO) && u->cls == FH_V_TUNIT &&
          !event_after)))
        return 0;
    fh_vnum part = fh_vnum_int(1), sum = fh_vnum_int((uint64_t)n);
    if (fh_vnum_mul_frac(&part, f->value) || fh_vnum_add(&sum, &part)) return 0;
    m->type = FAHRAS_SPAN_COUNT;
    m->num = sum;
    m->noun = ui;
    m->start = u->start;
    if (skip && skip < u->end - u->start && !memcmp(w->text + u->start, u->f, skip)) m->start += skip;
    m->end = f->end;
    m->next = i + 1;
    const fh_vtok *again = tk(w, i + 1); /* عام ونصف العام: the unit said again */
    if (again && !again->pre && fh_vtight(w, i + 1) &&
        ((again->cls == FH_V_TUNIT && again->value == u->value && (again->flags & FH_VF_DEF)) ||
         (fh_vfolded_is(again, "\xd8\xa7\xd9\x84\xd9\x85\xd9\x88\xd8\xb3\xd9\x85") && /* موسمين ونصف الموسم */
          !memcmp(u->f + skip, "\xd9\x85\xd9\x88\xd8\xb3\xd9\x85", 6)))) {
        m->end = again->end;
        m->next = i + 2;
    }
    return 1;
}

/* The unit a word with the article names (الخمسة, الأربع: 5, 4), or 0. */
static int definite_unit(const fh_vtok *p)
{
    const fh_vword *u = fh_vword_without_article(p, 0);
    return u && u->cls == FH_V_UNIT ? u->value : 0;
}

/* العشرة آلاف شخص, الخمسة ملايين دولار: a definite three to ten before
 * the plural scale word at token i. */
static int definite_scaled(const fh_vwin *w, size_t i, fh_vmatch *m)
{
    const fh_vtok *t = &w->tok[i], *p = i > 0 ? &w->tok[i - 1] : NULL;
    if (t->cls != FH_V_SCALE || t->pre || !(t->flags & FH_VF_PL) || !p || !fh_vtight(w, i) ||
        p->kind != FH_VT_WORD || !p->al || p->pre)
        return 0;
    int v = definite_unit(p);
    size_t pre;
    int wa;
    const fh_vword *ten = p->flen > 4 ? fh_vword_find(p->f + 4, p->flen - 4u, &pre, &wa) : NULL;
    if (!v && ten && !pre && ten->cls == FH_V_TEN && !(ten->flags & FH_VF_FEM)) v = 10;
    if (v < 3) return 0;
    m->type = FAHRAS_SPAN_NUMBER;
    m->num = fh_vnum_int((uint64_t)v);
    if (fh_vnum_scale(&m->num, t->value)) return 0;
    m->start = p->start;
    m->end = t->end;
    m->next = i + 1;
    count_or_number(w, m);
    return 1;
}

/* الخمسة عشر, الأحد عشر, الاثني عشر: a definite teen, after the noun it
 * counts (العملاء الخمسة عشر), so it counts no noun after it but a time
 * (الخمسة عشر عاما الماضية).  Read at the ten, as a unit with the article
 * is no number word of its own. */
static int definite_teen(const fh_vwin *w, size_t i, fh_vmatch *m)
{
    const fh_vtok *t = &w->tok[i], *p = i > 0 ? &w->tok[i - 1] : NULL;
    if (t->cls != FH_V_TEN || t->pre || !p || !fh_vtight(w, i) || p->kind != FH_VT_WORD) return 0;
    /* الأحد: the weekday's spelling of one */
    int v = 0;
    size_t wa = 0;
    if (p->al) {
        v = p->cls == FH_V_WEEKDAY && p->value == 7 && !p->pre ? 1 : definite_unit(p);
    } else if (p->flen > 6 && (ar_letter_at(p->f, AR_WAW) || ar_letter_at(p->f, AR_FEH))) {
        const fh_vword *u = fh_vword_without_article(p, 1); /* والخمسة عشر: after و */
        if (u && u->cls == FH_V_UNIT) v = u->value, wa = 2;
    }
    if (!v) return 0;
    m->type = FAHRAS_SPAN_NUMBER;
    m->num = fh_vnum_int((uint64_t)v + 10);
    m->start = p->start + wa;
    m->end = t->end;
    m->next = i + 1;
    /* الثمانية عشر شهرا الماضية; but دور الستة عشر لدوري أبطال أوروبا */
    if (percent_after(w, i + 1, &m->next, &m->end)) m->percent = 1; /* الخمسة عشر في المئة */
    else if (fh_vcls(w, i + 1) == FH_V_TUNIT) count_or_number(w, m);
    return 1;
}

/* نسبة الخمسين في المئة, العشرة بالمئة, المائة بالمائة: a definite
 * cardinal before a percentage is that many percent (الخمسين alone is
 * the fiftieth). */
static int definite_percent(const fh_vwin *w, size_t i, fh_vmatch *m)
{
    const fh_vtok *t = &w->tok[i];
    if (t->kind != FH_VT_WORD || !t->al || (t->pre && !t->wa)) return 0;
    const fh_vword *u = fh_vword_without_article(t, 1);
    if (!u || (u->flags & (FH_VF_FEM | FH_VF_DUAL | FH_VF_PL | FH_VF_COMPOUND)) ||
        !(u->cls == FH_V_UNIT || u->cls == FH_V_TEN || u->cls == FH_V_TENS || u->cls == FH_V_HUND) ||
        !percent_after(w, i + 1, &m->next, &m->end))
        return 0;
    m->type = FAHRAS_SPAN_NUMBER;
    m->num = fh_vnum_int((uint64_t)u->value);
    m->percent = 1;
    m->start = t->start + (t->wa ? 2 : 0);
    return 1;
}

/* الأربع والعشرين ساعة, الساعات الأربع والعشرين: a definite unit and
 * its tens joined by و, a cardinal (24), where والعشرين alone would be
 * the ordinal 20.  Read at the tens, as definite_teen is. */
static int definite_unit_tens(const fh_vwin *w, size_t i, fh_vmatch *m)
{
    const fh_vtok *t = &w->tok[i], *p = i > 0 ? &w->tok[i - 1] : NULL;
    if (t->cls != FH_V_ORDTENS || !t->wa || t->pre != 2 || !p || !fh_vtight(w, i) || p->kind != FH_VT_WORD)
        return 0;
    int unit = definite_unit(p);
    if (unit < 1 || unit > 9) return 0;
    /* after its noun (الدول السبع والعشرين, سنواته الخمس والستين): no
     * noun after it is counted but a time or a measure; الواحدة والسبعين
     * after a singular (الدورة, دورتها) is its rank */
    const fh_vtok *q = i >= 2 && fh_vtight(w, i - 1) ? &w->tok[i - 2] : NULL;
    size_t art = q ? article_len(q) : 0;
    int after_noun = q && q->kind == FH_VT_WORD && q->arabic && fh_vnoun_cls(q) && (art || q->enclitic);
    m->type = FAHRAS_SPAN_NUMBER;
    m->num = fh_vnum_int((uint64_t)(unit + t->value));
    m->start = p->start;
    m->end = t->end;
    m->next = i + 1;
    if (unit == 1 && after_noun && !(art && (sound_plural(q) || broken_plural(q, art)))) {
        m->type = FAHRAS_SPAN_ORDINAL;
        return 1;
    }
    const fh_vtok *c = tk(w, i + 1);
    int scaled = bare_word(w, i + 1, FH_V_SCALE) && !(c->flags & (FH_VF_DUAL | FH_VF_PL));
    if (scaled) { /* السبعة والثمانين مليون شخص */
        if (fh_vnum_scale(&m->num, c->value)) return 0;
        m->end = c->end;
        m->next = i + 2;
    }
    c = tk(w, m->next);
    if (!after_noun || scaled || (c && (c->cls == FH_V_TUNIT || c->cls == FH_V_MEASURE))) count_or_number(w, m);
    return 1;
}

/* بستة أهداف لهدف واحد, بثلاثة أهداف لهدفين, 3 أشواط لشوط, بأربعة أهداف
 * لصفر: so many goals or sets, in words or digits, and the other side
 * glued to ل right after them, a score; *next past it. */
static int goals_score(const fh_vwin *w, size_t i, size_t *next)
{
    static const char *const sides[] = {
        "\xd9\x87\xd8\xaf\xd9\x81", "\xd9\x87\xd8\xaf\xd9\x81\xd9\x8a\xd9\x86", /* هدف هدفين */
        "\xd8\xb4\xd9\x88\xd8\xb7", "\xd8\xb4\xd9\x88\xd8\xb7\xd9\x8a\xd9\x86", /* شوط شوطين */
        "\xd8\xb5\xd9\x81\xd8\xb1",                                               /* صفر */
    };
    const fh_vtok *t = &w->tok[i], *u = tk(w, i + 1), *v = tk(w, i + 2);
    if (t->kind != FH_VT_NUMBER && (t->kind != FH_VT_WORD || (t->cls != FH_V_UNIT && t->cls != FH_V_TEN))) return 0;
    if (!u || !fh_vtight(w, i + 1) || u->pre ||
        !(fh_vword_is(u, "\xd8\xa7\xd9\x87\xd8\xaf\xd8\xa7\xd9\x81") ||  /* أهداف */
          fh_vword_is(u, "\xd8\xa7\xd8\xb4\xd9\x88\xd8\xa7\xd8\xb7"))) /* أشواط */
        return 0;
    if (!v || !fh_vtight(w, i + 2) || v->wa || !ar_letter_at(v->f, AR_LAM) ||
        !((v->pre == 2 && (v->cls == FH_V_UNIT || v->cls == FH_V_TEN)) ||
          (v->flen > 2 && fh_vword_in(v, sides, sizeof sides / sizeof sides[0]))))
        return 0;
    *next = i + 3;
    if (fh_vtight(w, i + 3) && fh_vword_is(tk(w, i + 3), "\xd9\x88\xd8\xa7\xd8\xad\xd8\xaf")) (*next)++; /* واحد */
    return 1;
}

/* بأربعة لثلاثة, بثلاثة لواحد: a score in words, a number word and one
 * glued to ل right after it; *next past both. */
static int word_score(const fh_vwin *w, size_t i, size_t *next)
{
    const fh_vtok *t = &w->tok[i], *u = tk(w, i + 1);
    if (t->cls != FH_V_UNIT && t->cls != FH_V_TEN) return 0;
    if (goals_score(w, i, next)) return 1;
    /* بأربعة أهداف مقابل ثلاثة: the second side of a score */
    if (i >= 2 && fh_vtight(w, i) && fh_vtight(w, i - 1) && !t->pre &&
        fh_vfolded_is(&w->tok[i - 1], "\xd9\x85\xd9\x82\xd8\xa7\xd8\xa8\xd9\x84") && /* مقابل */
        fh_vword_is(&w->tok[i - 2], "\xd8\xa7\xd9\x87\xd8\xaf\xd8\xa7\xd9\x81")) { /* أهداف */
        *next = i + 1;
        return 1;
    }
    if (!u || !fh_vtight(w, i + 1) || u->pre != 2 || u->wa || !ar_letter_at(u->f, AR_LAM) ||
        (u->cls != FH_V_UNIT && u->cls != FH_V_TEN))
        return 0;
    *next = i + 2;
    return 1;
}

/* A number word right after أبو or أبي (قاعدة أبو ستة, بئر أبو خمسة):
 * the rest of a name. */
static int after_abu(const fh_vwin *w, size_t i)
{
    const fh_vtok *t = &w->tok[i], *p = i > 0 ? &w->tok[i - 1] : NULL;
    if (!p || !fh_vtight(w, i) || t->pre || p->flen != 6 ||
        (t->cls != FH_V_UNIT && t->cls != FH_V_TEN && t->cls != FH_V_TENS && t->cls != FH_V_HUND))
        return 0;
    return !memcmp(p->f, "\xd8\xa7\xd8\xa8\xd9\x88", 6) || !memcmp(p->f, "\xd8\xa7\xd8\xa8\xd9\x8a", 6); /* ابو, ابي */
}

/* A number word at token i that is part of a name or a phrase: قاعدة أبو
 * ستة (after أبو), البنك الأول (a Saudi bank, Alawwal), أولا بأول ("as it
 * comes"), or a verb (لم تسع). */
static int word_of_name(const fh_vwin *w, size_t i)
{
    const fh_vtok *t = &w->tok[i], *p = i > 0 ? &w->tok[i - 1] : NULL;
    if (after_abu(w, i)) return 1;
    if (!p) return 0;
    /* لم تسعَ, لن تسع: "did not seek", a verb after لم or لن */
    if (t->cls == FH_V_UNIT && fh_vtight(w, i) &&
        (fh_vword_is(p, "\xd9\x84\xd9\x85") || fh_vword_is(p, "\xd9\x84\xd9\x86"))) /* لم, لن */
        return 1;
    if (fh_vfolded_is(t, "\xd8\xa7\xd9\x84\xd8\xa7\xd9\x88\xd9\x84") && fh_vtight(w, i) && /* الأول */
        fh_vword_is(p, "\xd8\xa7\xd9\x84\xd8\xa8\xd9\x86\xd9\x83"))                   /* البنك */
        return 1;
    return fh_vfolded_is(t, "\xd8\xa8\xd8\xa7\xd9\x88\xd9\x84") &&   /* بأول */
           fh_vfolded_is(p, "\xd8\xa7\xd9\x88\xd9\x84\xd8\xa7");      /* أولا */
}

/* مجموعة العشرين, مجموعة الـ20, لمجموعة السبع: a definite number after
 * مجموعة with no article is the name of a group of states (G20), not a
 * rank (المجموعة الثالثة is one). */
static int group_name(const fh_vwin *w, size_t i)
{
    const fh_vtok *t = &w->tok[i];
    if (i == 0 || !fh_vtight(w, i) || t->pre) return 0;
    if (!(t->kind == FH_VT_NUMBER ? (t->gap & FH_GAP_AL) != 0 : t->al)) return 0;
    const fh_vtok *p = &w->tok[i - 1];
    if (!fh_vword_is(p, "\xd9\x85\xd8\xac\xd9\x85\xd9\x88\xd8\xb9\xd9\x87")) return 0; /* مجموعة */
    if (fh_vfolded_ends(p, "\xd9\x84\xd9\x84\xd9\x85\xd8\xac\xd9\x85\xd9\x88\xd8\xb9\xd9\x87")) return 0; /* للمجموعة */
    size_t k = i + 1;
    if (t->kind != FH_VT_NUMBER) { /* past the number's words: مجموعة الثماني */
        int v;
        fh_vnum nv;
        if (!fh_ordinal_at(w, i, &v, &k) && !fh_cardinal_at(w, i, &nv, &k)) k = i + 1;
    }
    return !fh_counted_noun_at(w, k); /* مجموعة الـ15 سعوديا counts */
}

/* الذين, اللذين, اللواتي, اللاتي right after token j - 1. */
static int plural_relative_at(const fh_vwin *w, size_t j)
{
    static const char *const relatives[] = {
        "\xd8\xa7\xd9\x84\xd8\xb0\xd9\x8a\xd9\x86",                 /* الذين */
        "\xd8\xa7\xd9\x84\xd9\x84\xd8\xb0\xd9\x8a\xd9\x86",         /* اللذين */
        "\xd8\xa7\xd9\x84\xd9\x84\xd9\x88\xd8\xa7\xd8\xaa\xd9\x8a", /* اللواتي */
        "\xd8\xa7\xd9\x84\xd9\x84\xd8\xa7\xd8\xaa\xd9\x8a",         /* اللاتي */
    };
    return fh_vtight(w, j) && fh_vword_among(tk(w, j), relatives, sizeof relatives / sizeof *relatives);
}

/* After the digits at token i: a scale word, a percentage or a unit of
 * measure or time, which make them an amount and never a rank. */
static int amount_after(const fh_vwin *w, size_t i)
{
    size_t next = i + 1, end = w->tok[i].end;
    const fh_vtok *u = tk(w, i + 1);
    if (bare_word(w, i + 1, FH_V_SCALE) || percent_after(w, i + 1, &next, &end)) return 1;
    return u && (u->cls == FH_V_MEASURE || u->cls == FH_V_TUNIT) && fh_counted_noun_at(w, i + 1);
}

/* What joins the two ends of a range or a choice at token c, the one
 * after the first end: و or إلى (JOIN_WORD), أو (JOIN_OR), a dash before
 * digits (JOIN_DASH), a و glued to a number word (JOIN_WA: ثلاثة وخمسة), or
 * nothing (JOIN_NONE); *j: where the other end starts. */
enum { JOIN_NONE, JOIN_WORD, JOIN_OR, JOIN_DASH, JOIN_WA };
static int range_join(const fh_vwin *w, size_t c, size_t *j)
{
    const fh_vtok *t = tk(w, c);
    *j = c;
    if (!t) return JOIN_NONE;
    if (t->kind == FH_VT_NUMBER) return (t->gap & FH_GAP_DASH) ? JOIN_DASH : JOIN_NONE;
    if (t->kind != FH_VT_WORD) return JOIN_NONE;
    *j = c + 1;
    if (!t->pre && fh_vtight(w, c) && fh_vword_is(t, "\xd8\xa7\xd9\x88")) return JOIN_OR; /* أو */
    if ((t->cls == FH_V_AND || t->cls == FH_V_TO) && !t->pre) return JOIN_WORD;
    *j = c;
    return t->wa && t->pre == 2 ? JOIN_WA : JOIN_NONE;
}

/* ما بين 75 و 150 مليون, من 20 إلى 30 ألف, 14 أو 15 مليون: the plain
 * digits at token i open a range after بين or من (or a choice with أو),
 * and the larger end's scale word is theirs too.  The scale's power of
 * ten, or 0. */
/* The value of digits n, roughly, to compare two ends of a range. */
static double vnum_value(const fh_vnum *n)
{
    double v = (double)n->m;
    for (int e = n->e; e > 0; e--) v *= 10;
    for (int e = n->e; e < 0; e++) v /= 10;
    return n->den > 1 ? v / n->den : v;
}

/* ثلاث إلى أربع مرات, 20 إلى 30 طلقة: the number at token i and إلى right
 * after it with no بين or من before, a range of its own; not a year
 * (في 2013 إلى 367 مليار) nor a model's number (أس 9+ إلى 679 جنيها). */
static int bare_to_at(const fh_vwin *w, size_t i)
{
    const fh_vtok *t = &w->tok[i], *c = tk(w, i + 1);
    if (!c || c->cls != FH_V_TO || c->pre || !fh_vtight(w, i + 1)) return 0;
    if (t->kind == FH_VT_NUMBER && t->digits == 4 && !t->frac_digits && t->num.m >= 1900 && t->num.m <= 2100)
        return 0;
    return 1;
}

static int scale_of_range_end(const fh_vwin *w, size_t i)
{
    const fh_vtok *p = i > 0 ? &w->tok[i - 1] : NULL, *t = &w->tok[i];
    size_t j;
    int join = range_join(w, i + 1, &j);
    /* ما بين 3.5 و4 مليارات: the first end may have decimals */
    int digits = fh_vplain(w, i) ||
                 (t->kind == FH_VT_NUMBER && t->num.ok && t->frac_digits && !t->grouped && !t->era && !t->reh);
    if (!digits || (join != JOIN_WORD && join != JOIN_OR && join != JOIN_DASH)) return 0;
    int ranged = p && fh_vtight(w, i) && !p->pre && (p->cls == FH_V_BETWEEN || p->cls == FH_V_FROM);
    if (join != JOIN_OR && !ranged && !bare_to_at(w, i)) return 0; /* 14 أو 15 مليون يورو needs no بين */
    const fh_vtok *e = tk(w, j), *s = tk(w, j + 1);
    if (!e || !s || !fh_vplain(w, j) || (j > i + 1 && (e->gap & FH_GAP_PUNCT)) || !bare_word(w, j + 1, FH_V_SCALE) ||
        (s->flags & FH_VF_DUAL) || vnum_value(&e->num) <= vnum_value(&t->num))
        return 0;
    /* 60 إلى 70 ألف مقاتل, but انخفض 4 إلى 796 حفارا: with no بين or من
     * the ends of a range are near (a change and the level it reached
     * are not) */
    if (join != JOIN_OR && !ranged && vnum_value(&e->num) > 10 * vnum_value(&t->num)) return 0;
    /* a plural scale counts three to ten of it (بين 3 و5 ملايين); after more,
     * the writer meant the digits (ما بين 2000 و3000 آلاف شخص) */
    if ((s->flags & FH_VF_PL) && (e->num.e != 0 || e->num.m > 10)) return 0;
    return s->value;
}

/* 400 - 500 درجة, 150-200 نازح: three-digit ends, the first below the
 * second, at tokens i and j (a score of three digits does not go up); not
 * years of the era (284-305 ميلاديا). */
static int rising_hundreds(const fh_vwin *w, size_t i, size_t j)
{
    const fh_vtok *a = &w->tok[i], *b = tk(w, j), *n = tk(w, j + 1);
    if (n && n->kind == FH_VT_WORD && n->flen >= 10 &&
        !memcmp(n->f, "\xd9\x85\xd9\x8a\xd9\x84\xd8\xa7\xd8\xaf", 10)) /* ميلاد(يا) */
        return 0;
    return b && b->kind == FH_VT_NUMBER && a->digits == 3 && b->digits == 3 && !a->frac_digits &&
           !b->frac_digits && a->num.m < b->num.m;
}

/* بين 14 و18 سنة, من 20 إلى 30 ألف شخص, ألفي أو 3 آلاف شخص: the number
 * m at token i opens a range after بين or من (or a choice with أو) and
 * the other end counts a noun, which the first end counts too; its span
 * stays the number.  So with a percentage. */
static void range_first_count(const fh_vwin *w, size_t i, fh_vmatch *m)
{
    const fh_vtok *p = i > 0 ? &w->tok[i - 1] : NULL;
    size_t j;
    int join = range_join(w, m->next, &j);
    /* 80-90 في المائة, 2 - 3 أشهر and ألفي أو 3 آلاف شخص need no بين; 21 - 28
     * between two teams' names is a score */
    int dash = join == JOIN_DASH && w->tok[i].kind == FH_VT_NUMBER &&
               (range_noun_after(w, m->next + 1) || rising_hundreds(w, i, m->next));
    /* وعمرهما 21 و24 عاما: two numbers joined by و share a unit of time
     * after the second (قتل 3 و4 جرحى: three killed, four wounded) */
    const fh_vtok *c = tk(w, m->next);
    int ranged = p && fh_vtight(w, i) && (p->cls == FH_V_BETWEEN || p->cls == FH_V_FROM) && p->kind == FH_VT_WORD;
    int and_time = !ranged && !dash && (join == JOIN_WA || (join == JOIN_WORD && c && c->cls == FH_V_AND)) &&
                   w->tok[i].kind == FH_VT_NUMBER && fh_vplain(w, i);
    int bare_to = !ranged && !dash && join == JOIN_WORD && bare_to_at(w, i);
    if (join == JOIN_NONE || (!dash && !and_time && !bare_to && join != JOIN_OR && !ranged)) return;
    const fh_vtok *e = tk(w, j);
    /* the other end is not itself after بين or من, so this goes one deep */
    fh_vmatch other;
    if (!e || (j > m->next && (e->gap & FH_GAP_PUNCT)) ||
        fh_match_number(w, j, &other) != 1 || other.per_hour || other.negative)
        return;
    if (and_time && !(other.type == FAHRAS_SPAN_COUNT && e->kind == FH_VT_NUMBER && fh_vplain(w, j) &&
                      fh_vcls(w, other.noun) == FH_V_TUNIT))
        return;
    /* nor where the other end's scale was not shared (بنحو 2 إلى 2.5 مليار
     * دولار: not two dollars) */
    if (bare_to && (m->num.den > 1 || other.num.den > 1 || vnum_value(&other.num) <= vnum_value(&m->num) ||
                    vnum_value(&other.num) > 10 * vnum_value(&m->num)))
        return;
    if (other.type == FAHRAS_SPAN_NUMBER && other.percent) {
        m->percent = 1; /* من 3 إلى 5 في المئة */
    } else if (other.type == FAHRAS_SPAN_COUNT) {
        m->type = FAHRAS_SPAN_COUNT;
        m->noun = other.noun;
    }
}

/* 327 ضد 126 صوتا, 230 مقابل 197 صوتا: the plain digits m at token i are
 * the first side of a vote's tally, the votes named after the second
 * past ضد or مقابل (gapped_count reads the second side of 258 صوتا مقابل
 * 159). */
static void vote_tally(const fh_vwin *w, size_t i, fh_vmatch *m)
{
    const fh_vtok *c = tk(w, m->next), *n = tk(w, m->next + 2);
    if (fh_vplain(w, i) && c && n && !c->pre && fh_vtight(w, m->next) && fh_vplain(w, m->next + 1) &&
        fh_vtight(w, m->next + 1) && fh_vtight(w, m->next + 2) &&
        (fh_vfolded_is(c, "\xd8\xb6\xd8\xaf") || fh_vfolded_is(c, "\xd9\x85\xd9\x82\xd8\xa7\xd8\xa8\xd9\x84")) && /* ضد مقابل */
        fh_vvotes_word(n)) {
        m->type = FAHRAS_SPAN_COUNT;
        m->noun = m->next + 2;
    }
}

/* من 20 شخصا إلى 35: the noun at token n counted by plain digits right
 * before it, after من or بين, opens a range whose second end, past إلى,
 * counts it too. */
static int range_count_before(const fh_vwin *w, size_t n)
{
    if (n < 2 || !fh_vtight(w, n) || !fh_vplain(w, n - 1) || !fh_vtight(w, n - 1)) return 0;
    const fh_vtok *p = &w->tok[n - 2];
    return (p->cls == FH_V_FROM || p->cls == FH_V_BETWEEN) && !p->pre && p->kind == FH_VT_WORD;
}

/* شخص أو اثنين أو ثلاثة, يوما أو اثنين, ما بين شخص إلى خمسة, من 20
 * شخصا إلى 35: a number after أو (or إلى, the noun after بين or من or
 * after a range's first end) that follows a counted noun,
 * one of it, counts that noun too; its span stays the number. */
static void noun_before_choice(const fh_vwin *w, size_t i, fh_vmatch *m)
{
    size_t k = i;
    for (int hops = 0; hops < 3 && k >= 2 && fh_vtight(w, k) && fh_vtight(w, k - 1); hops++) {
        const fh_vtok *c = &w->tok[k - 1], *n = &w->tok[k - 2];
        int join_or = !c->pre && fh_vword_is(c, "\xd8\xa7\xd9\x88"); /* أو */
        if (!join_or && (c->cls != FH_V_TO || c->pre)) return;
        if (n->kind == FH_VT_NUMBER || (n->cls == FH_V_UNIT && !(n->flags & FH_VF_COMPOUND))) {
            if (!join_or) return; /* ثلاثة أو أربعة: one more choice back */
            k -= 2;
            continue;
        }
        if (!counted_word(n) || (n->flags & FH_VF_DUAL)) return;
        if (!join_or && !range_count_before(w, k - 2) &&
            (k < 3 || !fh_vtight(w, k - 2) ||
             (w->tok[k - 3].cls != FH_V_BETWEEN && w->tok[k - 3].cls != FH_V_FROM) || w->tok[k - 3].pre))
            return;
        m->type = FAHRAS_SPAN_COUNT;
        m->noun = k - 2;
        return;
    }
}

/* 19' عمر زكري: the digits at token i with a prime after them are a
 * goal's minute (not '19', a quoted number). */
static int minute_mark_at(const fh_vwin *w, size_t i)
{
    const fh_vtok *t = &w->tok[i];
    if (!fh_vplain(w, i) || !t->num.m || t->num.m > 130 || t->num.e) return 0;
    size_t e = t->end, b = t->start;
    const char *x = w->text;
    /* (90+3), 45+2: a half's last minute and the time added to it */
    int half_end = t->num.m == 45 || t->num.m == 90 || t->num.m == 105 || t->num.m == 120;
    if (half_end && e + 1 < w->len && x[e] == '+' && x[e + 1] >= '1' && x[e + 1] <= '9' &&
        (e + 2 >= w->len || x[e + 2] < '0' || x[e + 2] > '9' || e + 3 >= w->len || x[e + 3] < '0' || x[e + 3] > '9'))
        return 1;
    size_t mark = e < w->len && x[e] == '\'' ? 1
                  : e + 2 < w->len && (unsigned char)x[e] == 0xE2 && (unsigned char)x[e + 1] == 0x80 &&
                            ((unsigned char)x[e + 2] == 0x99 || (unsigned char)x[e + 2] == 0xB2)
                      ? 3 : 0;
    if (!mark || (b > 0 && (x[b - 1] == '\'' || (unsigned char)x[b - 1] == 0x99))) return 0;
    e += mark;
    return e >= w->len || x[e] == ' ' || x[e] == '\n';
}

/* "صقر 1", «فانتوم 4»: one word and the digits at token i between quote
 * marks name a thing. */
static int quoted_name(const fh_vwin *w, size_t i)
{
    if (i == 0 || !fh_vquote_at(w, w->tok[i].end)) return 0;
    const fh_vtok *p = &w->tok[i - 1];
    /* "صقر 1", "تبوك – 4", "سام-6", "بلوك3": a dash may join them, or nothing */
    if (p->kind != FH_VT_WORD || p->cls != FH_V_NONE || (w->tok[i].gap & ~(FH_GAP_SPACE | FH_GAP_DASH | FH_GAP_EMPTY)) ||
        p->start == 0)
        return 0;
    return fh_vquote_before(w, p->start); /* the opening mark right before the word */
}

/* برنامج "60 دقيقة", فيلم "3000 ليلة", حزب "5 نجوم": a number, in digits
 * or words, opening a quoted or bracketed title right after the word for a
 * programme, a film, a series, a book, a novel, a song, a play or a party
 * names it with what follows, up to the closing mark (seven words at
 * most); the tokens consumed, or 0. */
static size_t work_title(const fh_vwin *w, size_t i)
{
    const fh_vtok *t = &w->tok[i];
    if (i == 0 || !(t->gap & (FH_GAP_OTHER | FH_GAP_LPAREN)) || (t->gap & (FH_GAP_STOP | FH_GAP_NEWLINE | FH_GAP_COMMA)))
        return 0;
    size_t h = i - 1; /* الفيلم الفلسطيني "3000 ليلة": past a nisba */
    if (h > 0 && w->tok[h].al && fh_vfolded_ends(&w->tok[h], "\xd9\x8a") && fh_vtight(w, h)) h--;
    const fh_vtok *work = &w->tok[h];
    size_t kind = fh_vwork_word(work);
    if (!kind || kind > FH_VWORK_NUMBER) return 0;
    /* a bracket after the definite word explains it: الكتلة البرلمانية للحزب (67 نائبا من أصل 217) */
    if (!(t->gap & FH_GAP_OTHER) && article_len(work)) return 0;
    /* فيلم "ثلاث لافتات إعلانية خارج إيبنغ، ميسوري": a comma may fall inside */
    for (size_t k = i + 1; k < w->n && k <= i + 8; k++) {
        if (w->tok[k].gap & (FH_GAP_OTHER | FH_GAP_RPAREN)) return k > i + 1 ? k - i : 0; /* "3000 ليلة"، */
        if (w->tok[k].gap & (FH_GAP_STOP | FH_GAP_NEWLINE | FH_GAP_LPAREN)) return 0;
    }
    return 0;
}

/* The digits at token i alone as a span of the type, a detached الـ
 * before them included; 1. */
static int digits_as(const fh_vwin *w, size_t i, int type, fh_vmatch *m)
{
    const fh_vtok *t = &w->tok[i];
    m->type = type;
    m->num = t->num;
    if (t->gap & FH_GAP_AL) m->start = t->al_start;
    m->end = t->end;
    m->next = i + 1;
    return 1;
}

/* الاتحاد الأوروبي الـ28, الدول الأوروبية الـ28, المستعمرات الأمريكية
 * الـ13: a definite plural (or the union) and its nisba before الـN at
 * token i are so many members, not a rank (الألعاب الآسيوية الـ18 and
 * الانتخابات الرئاسية الـ12 name one event). */
static int members_before(const fh_vwin *w, size_t i)
{
    static const char *const events[] = {
        "\xd8\xa7\xd9\x84\xd8\xa7\xd9\x84\xd8\xb9\xd8\xa7\xd8\xa8",                 /* الالعاب */
        "\xd8\xa7\xd9\x84\xd8\xa7\xd9\x86\xd8\xaa\xd8\xae\xd8\xa7\xd8\xa8\xd8\xa7\xd8\xaa", /* الانتخابات */
    };
    if (i < 2 || !fh_vtight(w, i - 1) || !fh_vtight(w, i)) return 0;
    const fh_vtok *adj = &w->tok[i - 1], *head = &w->tok[i - 2];
    if (!adj->al || !adj->arabic || adj->pre || adj->cls != FH_V_NONE ||
        !(fh_vfolded_ends(adj, "\xd9\x8a") || fh_vfolded_ends(adj, "\xd9\x8a\xd9\x87")) || /* ي, يه */
        !memcmp(w->text + adj->end - 2, "\xd9\x89", 2)) /* الذكرى ends in ى, no nisba */
        return 0;
    if (fh_vword_is(head, "\xd8\xa7\xd9\x84\xd8\xa7\xd8\xaa\xd8\xad\xd8\xa7\xd8\xaf")) /* الاتحاد */
        return fh_vfolded_is(adj, "\xd8\xa7\xd9\x84\xd8\xa7\xd9\x88\xd8\xb1\xd9\x88\xd8\xa8\xd9\x8a"); /* الاوروبي */
    size_t art = article_len(head);
    return art && !fh_vword_in(head, events, sizeof events / sizeof events[0]) &&
           (sound_plural(head) || broken_plural(head, art));
}

/* الـ20 at token i: an ordinal, or "the 500 soldiers". */
static int al_digits(const fh_vwin *w, size_t i, fh_vmatch *m)
{
    const fh_vtok *t = &w->tok[i];
    if (!fh_vplain(w, i)) return 0;
    digits_as(w, i, FAHRAS_SPAN_ORDINAL, m);
    /* عندما بلغ الـ17, الـ30 من عمرها: an age reached (not بلغت ال53
     * طعنة, a sum) */
    static const char *const when[] = {
        "\xd8\xb9\xd9\x86\xd8\xaf\xd9\x85\xd8\xa7", "\xd8\xad\xd9\x8a\xd9\x86", /* عندما, حين */
        "\xd8\xad\xd9\x8a\xd9\x86\xd9\x85\xd8\xa7", "\xd9\x84\xd9\x85\xd8\xa7", /* حينما, لما */
    };
    if (i > 1 && fh_vtight(w, i) && reach_verb(&w->tok[i - 1]) && fh_vtight(w, i - 1) &&
        (fh_vword_in(&w->tok[i - 2], when, sizeof when / sizeof when[0]) || fh_age_after(w, i + 1))) {
        m->type = FAHRAS_SPAN_NUMBER;
        return 1;
    }
    /* الجولة الـ25, عيد ميلاده الـ80: after a definite noun, the noun's
     * rank, whatever follows (الـ25 من الدوري, الـ25 فاز); after a definite
     * plural, their number (اللاعبين الـ23, الدول الـ14) */
    const fh_vtok *p = i > 0 ? &w->tok[i - 1] : NULL;
    size_t art = p ? article_len(p) : 0;
    if (p && p->kind == FH_VT_WORD && p->arabic && (art || p->enclitic) && fh_vnoun_cls(p) &&
        !(t->gap & FH_GAP_PUNCT)) {
        if (art && (sound_plural(p) || broken_plural(p, art))) m->type = FAHRAS_SPAN_NUMBER;
        /* توربيناته الـ16, لاعبيه الـ23, برامجها الـ12: a plural with its pronoun */
        else if (!art && p->enclitic && (plural_with_pronoun(p) || broken_plural_with_pronoun(p)))
            m->type = FAHRAS_SPAN_NUMBER;
    } else {
        count_or_number(w, m);
        /* من بين الـ17 المتهمين: the 17 defendants, a definite plural after */
        const fh_vtok *u = tk(w, i + 1);
        size_t uart = u ? article_len(u) : 0;
        /* خلال الـ24 الساعة الماضية: so many hours, الساعة said for them */
        int hours = u && fh_vtight(w, i + 1) && !u->pre &&
                    (fh_vfolded_is(u, "\xd8\xa7\xd9\x84\xd8\xb3\xd8\xa7\xd8\xb9\xd9\x87") ||          /* الساعه */
                     fh_vfolded_is(u, "\xd8\xa7\xd9\x84\xd8\xb3\xd8\xa7\xd8\xb9\xd8\xa7\xd8\xaa")); /* الساعات */
        if (m->type == FAHRAS_SPAN_ORDINAL && u && u->kind == FH_VT_WORD && u->arabic && uart &&
            (u->cls == FH_V_NONE || hours) && !u->enclitic && fh_vtight(w, i + 1) && u->al &&
            (hours || sound_plural(u) || broken_plural(u, uart))) {
            m->type = FAHRAS_SPAN_COUNT;
            m->noun = i + 1;
            m->end = u->end;
            m->next = i + 2;
        }
    }
    if (m->type == FAHRAS_SPAN_ORDINAL && members_before(w, i)) m->type = FAHRAS_SPAN_NUMBER;
    /* الـ10 د: "the 10 dinars", abbreviated; النواب الـ25 الذين: the people
     * the relative pronoun takes up are a number; في الـ16 من عمره: an age */
    if (m->type == FAHRAS_SPAN_ORDINAL &&
        (fh_abbreviation_at(w, i + 1) || plural_relative_at(w, i + 1) || fh_age_after(w, i + 1)))
        m->type = FAHRAS_SPAN_NUMBER;
    return 1;
}

/* صحيفة اليوم السابع المصرية, نقلا عن اليوم السابع, لموقع "اليوم
 * السابع": the Egyptian paper's name at ordinal token i, after اليوم
 * with no clitic, told by a paper's word or عن before it, المصري after
 * it or a quote mark (not في اليوم السابع من الحرب, the seventh day). */
static int seventh_day_paper(const fh_vwin *w, size_t i)
{
    static const char *const sources[] = {
        "\xd8\xb5\xd8\xad\xd9\x8a\xd9\x81\xd9\x87", /* صحيفه */
        "\xd8\xac\xd8\xb1\xd9\x8a\xd8\xaf\xd9\x87", /* جريده */
        "\xd9\x85\xd9\x88\xd9\x82\xd8\xb9",             /* موقع */
        "\xd8\xb9\xd9\x86",                                 /* عن */
    };
    static const char *const egyptian[] = {
        "\xd8\xa7\xd9\x84\xd9\x85\xd8\xb5\xd8\xb1\xd9\x8a",         /* المصري */
        "\xd8\xa7\xd9\x84\xd9\x85\xd8\xb5\xd8\xb1\xd9\x8a\xd9\x87", /* المصريه */
    };
    const fh_vtok *t = &w->tok[i], *day = i > 0 ? &w->tok[i - 1] : NULL, *after = tk(w, i + 1);
    if (!day || t->value != 7 || (t->flags & FH_VF_FEM) || !t->al || t->pre || !fh_vtight(w, i) ||
        !fh_vfolded_is(day, "\xd8\xa7\xd9\x84\xd9\x8a\xd9\x88\xd9\x85")) /* اليوم */
        return 0;
    if ((after && fh_vword_among(after, egyptian, 2)) || fh_vquote_opens(w, i - 1)) return 1;
    return i >= 2 && fh_vtight(w, i - 1) && fh_vword_in(&w->tok[i - 2], sources, sizeof sources / sizeof sources[0]);
}

/* القناة الأولى, القناة الثانية للتلفزيون المغربي, قناة التاسعة: a
 * television channel's name; التجمع الخامس: a district of Cairo; الدوار
 * الرابع: a circle of Amman, where the government sits (an
 * ordinal of a series is one: اتفاقية جنيف الرابعة, الحرب العالمية
 * الثانية); العالم الثالث, the Third World; ثاني أكسيد, a chemical. */
static int ordinal_name(const fh_vwin *w, size_t i)
{
    static const char *const heads[] = {
        "\xd8\xa7\xd9\x84\xd9\x82\xd9\x86\xd8\xa7\xd9\x87",         /* القناة */
        "\xd9\x82\xd9\x86\xd8\xa7\xd9\x87",                             /* قناة */
        "\xd8\xa7\xd9\x84\xd8\xaa\xd8\xac\xd9\x85\xd8\xb9",         /* التجمع */
        "\xd8\xa7\xd9\x84\xd8\xaf\xd9\x88\xd8\xa7\xd8\xb1",         /* الدوار */
        "\xd8\xa7\xd9\x84\xd8\xa7\xd9\x84\xd9\x81\xd9\x8a\xd9\x87",     /* الألفية: the third millennium a date (millennium_match), the others none */
    };
    /* ثاني أكسيد الكربون, ثالث أكسيد الكبريت: a chemical's name */
    const fh_vtok *ox = tk(w, i + 1);
    if (!(w->tok[i].flags & FH_VF_DEF) && ox && fh_vtight(w, i + 1) &&
        (fh_vword_is(ox, "\xd8\xa7\xd9\x83\xd8\xb3\xd9\x8a\xd8\xaf") ||           /* اكسيد */
         fh_vword_is(ox, "\xd8\xa7\xd9\x88\xd9\x83\xd8\xb3\xd9\x8a\xd8\xaf")))   /* اوكسيد */
        return 1;
    if (seventh_day_paper(w, i)) return 1;
    /* قناة "التاسعة": a channel's name in quotes */
    if (i > 0 && fh_vquoted_alone(w, i) && fh_vword_in(&w->tok[i - 1], heads, 2)) return 1;
    if (i == 0 || !fh_vtight(w, i) || !(w->tok[i].flags & FH_VF_DEF)) return 0;
    /* العالم الثالث, الرايخ الثالث, الجنس الثالث: the Third World, the Third
     * Reich and the third gender, no third of a series */
    if (w->tok[i].value == 3 && !(w->tok[i].flags & FH_VF_FEM) && !w->tok[i].pre &&
        (fh_vword_is(&w->tok[i - 1], "\xd8\xa7\xd9\x84\xd8\xb9\xd8\xa7\xd9\x84\xd9\x85") ||         /* العالم */
         fh_vword_is(&w->tok[i - 1], "\xd8\xa7\xd9\x84\xd8\xb1\xd8\xa7\xd9\x8a\xd8\xae") ||          /* الرايخ */
         fh_vword_is(&w->tok[i - 1], "\xd8\xa7\xd9\x84\xd8\xac\xd9\x86\xd8\xb3")))                     /* الجنس */
        return 1;
    if (fh_vword_in(&w->tok[i - 1], heads, sizeof heads / sizeof heads[0])) return 1;
    /* الوزير الأول الجزائري, الرقيب الأول, الوكيل الأول: a prime
     * minister's title and grades of rank, none of a series (not الوزير
     * الأول الذي تمكن, the first minister who did; النائب الأول لرئيس
     * مجلس الوزراء is the first of his deputies) */
    static const char *const titles[] = {
        "\xd8\xa7\xd9\x84\xd9\x88\xd8\xb2\xd9\x8a\xd8\xb1", /* الوزير */
        "\xd8\xa7\xd9\x84\xd8\xb1\xd9\x82\xd9\x8a\xd8\xa8", /* الرقيب */
        "\xd8\xa7\xd9\x84\xd9\x88\xd9\x83\xd9\x8a\xd9\x84", /* الوكيل */
        "\xd8\xa7\xd9\x84\xd9\x85\xd9\x84\xd8\xa7\xd8\xb2\xd9\x85", /* الملازم */
    };
    const fh_vtok *rel = tk(w, i + 1);
    if (w->tok[i].value == 1 && !(w->tok[i].flags & FH_VF_FEM) && !w->tok[i].pre &&
        fh_vword_in(&w->tok[i - 1], titles, sizeof titles / sizeof titles[0]) &&
        !(rel && fh_vtight(w, i + 1) && fh_vrelative_pronoun(rel)))
        return 1;
    /* واسمه الأول جورجي, باسمه الأول: a first name, no rank (الاسم الأول
     * لهذا الصرح is the first of its names) */
    static const char *const names[] = {
        "\xd8\xa7\xd8\xb3\xd9\x85\xd9\x87",             /* اسمه */
        "\xd8\xa7\xd8\xb3\xd9\x85\xd9\x87\xd8\xa7",     /* اسمها */
    };
    if (w->tok[i].value == 1 && !w->tok[i].pre && fh_vword_in(&w->tok[i - 1], names, sizeof names / sizeof names[0]))
        return 1;
    /* القناة الوطنية الأولى, / الوطنية الثانية, والوطنية الأولى: Tunisia's
     * channels, after a channel's word, a mark or a clitic (not البطولة
     * الوطنية الأولى, the first national championship) */
    const fh_vtok *n = &w->tok[i - 1];
    if (w->tok[i].value > 2 || !fh_vword_is(n, "\xd8\xa7\xd9\x84\xd9\x88\xd8\xb7\xd9\x86\xd9\x8a\xd9\x87")) /* الوطنيه */
        return 0;
    if (n->flen > 14 || i == 1 || (n->gap & ~FH_GAP_SPACE)) return 1; /* a clitic on الوطنيه (14 bytes) */
    return fh_vword_in(&w->tok[i - 2], heads, sizeof heads / sizeof heads[0]) ||
           fh_vword_is(&w->tok[i - 2], "\xd9\x82\xd9\x86\xd8\xa7\xd8\xaa\xd8\xa7"); /* قناتا */
}

/* بتعهد أولي, نموذج أولي, فائض أولي: أولي written with ي after a masculine
 * noun is "initial", no ordinal (the first of a feminine noun is أولى,
 * خطوة أولى, and some write it أولي: مرحلة أولي). */
static int initial_adjective(const fh_vwin *w, size_t i)
{
    const fh_vtok *t = &w->tok[i], *p = i > 0 ? &w->tok[i - 1] : NULL;
    size_t n = t->end - t->start;
    /* التقرير الأولي, تقريره الأولي: the same with the article */
    int definite = fh_vword_among(t, (const char *const[]){"\xd8\xa7\xd9\x84\xd8\xa7\xd9\x88\xd9\x84\xd9\x8a"}, 1); /* الاولي */
    if (!p || !fh_vtight(w, i) || t->pre || (t->al && !definite) || t->value != 1 || n < 2 || p->kind != FH_VT_WORD ||
        !p->arabic || p->flen < 2 ||
        (!definite && !fh_vword_among(t, (const char *const[]){"\xd8\xa7\xd9\x88\xd9\x84\xd9\x8a"}, 1)) || /* اولي */
        memcmp(w->text + t->end - 2, "\xd9\x8a", 2)) /* ending in ي, not ى */
        return 0;
    /* the definite one after a definite noun or one with a pronoun */
    if (definite && !(article_len(p) || p->enclitic)) return 0;
    /* not after a feminine noun (its ة as written: تقريره ends in a pronoun,
     * مباراته in its ة turned ت before one) nor a plural in ات */
    const unsigned char *e = (const unsigned char *)w->text + p->end;
    size_t len = p->end - p->start;
    int teh_pronoun = (len >= 4 && !memcmp(e - 4, "\xd8\xaa\xd9\x87", 4)) ||          /* ته */
                      (len >= 6 && !memcmp(e - 6, "\xd8\xaa\xd9\x87\xd8\xa7", 6)); /* تها */
    return !written_teh_marbuta(w, p) && !teh_pronoun && !fh_vfolded_ends(p, "\xd8\xa7\xd8\xaa");
}

/* السابعة من مساء غد, الثامنة من صباح اليوم: من and a part of a day in
 * its construct form at token k, the hour's day after it. */
static int from_part_of_day(const fh_vwin *w, size_t k)
{
    const fh_vtok *p = tk(w, k + 1);
    return fh_vcls(w, k) == FH_V_FROM && !w->tok[k].pre && fh_vtight(w, k) && p && fh_vtight(w, k + 1) && !p->pre &&
           (fh_vfolded_is(p, "\xd8\xb5\xd8\xa8\xd8\xa7\xd8\xad") || /* صباح */
            fh_vfolded_is(p, "\xd9\x85\xd8\xb3\xd8\xa7\xd8\xa1"));  /* مساء */
}

/* في, حتى, منذ, بعد, حوالي, عند, غاية right before the ordinal at token
 * i: the ordinal stands alone for an hour, not after a noun it ranks
 * (الحلقة الخامسة, الساعات الأولى). */
static int hour_after_preposition(const fh_vwin *w, size_t i)
{
    if (i == 0 || !fh_vtight(w, i)) return 0;
    int c = fh_vcls(w, i - 1);
    return c == FH_V_IN || c == FH_V_UNTIL || c == FH_V_FROM || c == FH_V_TO || c == FH_V_TPREP ||
           c == FH_V_APPROX || fh_vfolded_is(&w->tok[i - 1], "\xd8\xb9\xd9\x86\xd8\xaf") || /* عند */
           fh_vfolded_is(&w->tok[i - 1], "\xd8\xba\xd8\xa7\xd9\x8a\xd9\x87");            /* غاية */
}

/* من التاسعة صباحا إلى الواحدة: the definite feminine ordinal at token
 * i, of value v up to 12, before a part of the day at token k is an hour
 * (not الحلقة الخامسة مساء الجمعة, a part of a day named after it, unless
 * a preposition stands right before the ordinal: في السابعة مساء الأحد,
 * في السابعة من مساء الأحد). */
static int part_hour(const fh_vwin *w, size_t i, int v, size_t k)
{
    const fh_vtok *t = &w->tok[i], *d = tk(w, k + 1);
    if (v < 1 || v > 12 || !(t->flags & FH_VF_FEM) || !t->al) return 0;
    if (hour_after_preposition(w, i) && (from_part_of_day(w, k) || clock_after(w, k))) return 1;
    if (!clock_after(w, k)) return 0;
    return !d || !fh_vtight(w, k + 1) || (d->cls != FH_V_WEEKDAY && d->cls != FH_V_DAYWORD && d->cls != FH_V_RELDAY);
}

/* باول (Powell, Paul) and باولي (Pauli), written with a bare alef after
 * ب, at token i: a name, not بأول (of the first). */
static int paul_name(const fh_vwin *w, size_t i)
{
    static const char paul[] = "\xd8\xa8\xd8\xa7\xd9\x88\xd9\x84"; /* باول */
    const fh_vtok *t = &w->tok[i];
    size_t e = t->end - t->start;
    const char *x = w->text + t->start;
    if (t->value != 1 || t->pre < 2) return 0;
    if (e >= 2 && !memcmp(x + e - 2, "\xd9\x8a", 2)) e -= 2; /* باولي */
    return e >= 8 && e <= 10 && !memcmp(x + e - 8, paul, 8);
}

/* The ordinal word at token i, of value v, ending before token k: a
 * name's (2, consumed), the former or latter (2), a clock's hour (2), an
 * age or a count (1, NUMBER) or a rank (1, ORDINAL). */
static int ordinal_word(const fh_vwin *w, size_t i, int v, size_t k, fh_vmatch *m)
{
    const fh_vtok *t = &w->tok[i];
    if (regnal_ordinal(w, i) ||
        (k == i + 1 && (former_or_latter(w, i) || ordinal_name(w, i) || initial_adjective(w, i) || paul_name(w, i)))) {
        m->next = k;
        return 2; /* الملك محمد السادس, القناة الأولى: a name; بفوز الأول 5-1: the former */
    }
    /* بالدرجة الأولى, في المقام الأول: first and foremost, no rank */
    if (v == 1 && i > 0 && fh_vtight(w, i) &&
        (fh_vword_is(&w->tok[i - 1], "\xd8\xa8\xd8\xa7\xd9\x84\xd8\xaf\xd8\xb1\xd8\xac\xd9\x87") ||  /* بالدرجة */
         fh_vword_is(&w->tok[i - 1], "\xd8\xa8\xd8\xa7\xd9\x84\xd9\x85\xd9\x82\xd8\xa7\xd9\x85") ||  /* بالمقام */
         (fh_vfolded_is(&w->tok[i - 1], "\xd8\xa7\xd9\x84\xd9\x85\xd9\x82\xd8\xa7\xd9\x85") && i > 1 && /* في المقام */
          fh_vtight(w, i - 1) && fh_vcls(w, i - 2) == FH_V_IN))) {
        m->next = k;
        return 2;
    }
    if (clock_hour(w, i) || part_hour(w, i, v, k)) {
        m->next = clock_minutes(w, k);
        return 2; /* الساعة الخامسة صباحا, الساعة العاشرة و50 دقيقة, من التاسعة صباحا: a time */
    }
    /* في العشرين من العمر, دون الخامسة عشرة من عمره: an age, a number (not
     * في العقد الرابع من العمر, الدقيقة الثانية من عمر اللقاء); and a
     * feminine ordinal with its tens after في beyond any clock's hours
     * (كانت آنذاك في السابعة والثلاثين) */
    m->type = (age_before(w, i) && (fh_age_after(w, k) || (age_of_someone(w, i) && !clock_after(w, k)))) ||
                      age_word_before(w, i) || reached_age(w, i, k) || age_in_choice(w, i, k) || age_of_named(w, i, k) ||
                      (since_teen_age(w, i, v) && !clock_after(w, k)) ||
                      (age_before(w, i) && (t->flags & FH_VF_FEM) && v > 24 && v < 100 && v % 10 && !clock_after(w, k))
                  ? FAHRAS_SPAN_NUMBER
                  : FAHRAS_SPAN_ORDINAL;
    /* السنوات العشرين المقبلة: tens with the article after a definite
     * plural count it, as الـ20 does */
    const fh_vtok *p = i > 0 && fh_vtight(w, i) ? &w->tok[i - 1] : NULL;
    size_t art = p && fh_vnoun_cls(p) ? article_len(p) : 0;
    if (t->cls == FH_V_ORDTENS && !t->pre && art && (sound_plural(p) || broken_plural(p, art)) &&
        memcmp(p->f + art, "\xd9\x82\xd8\xb1\xd9\x86", 6)) /* القرنين العشرين والحادي والعشرين */
        m->type = FAHRAS_SPAN_NUMBER;
    /* في الثلاثين يوما الماضية, الخمسين عاما, المئة عام الماضية: definite
     * tens or hundred before a unit of time or measure count it */
    const fh_vtok *n = tk(w, k);
    /* تجاوزت المائة مليون جنيه, الخمسين ألف دولار: definite tens or hundred
     * before a scale word are that many of it */
    if ((t->cls == FH_V_ORDTENS || t->cls == FH_V_ORDHUND) && t->al && !t->pre && k == i + 1 && n &&
        n->cls == FH_V_SCALE && !n->pre && fh_vtight(w, k) && !(n->flags & (FH_VF_PL | FH_VF_DUAL))) {
        m->type = FAHRAS_SPAN_NUMBER;
        m->num = fh_vnum_int((uint64_t)v);
        if (fh_vnum_scale(&m->num, n->value)) return 0;
        m->end = n->end;
        m->next = k + 1;
        count_or_number(w, m);
        return 1;
    }
    if ((t->cls == FH_V_ORDTENS || t->cls == FH_V_ORDHUND) && t->al && !t->pre && k == i + 1 && n &&
        (n->cls == FH_V_TUNIT || n->cls == FH_V_MEASURE || minute_word(n)) && fh_counted_noun_at(w, k)) {
        m->type = FAHRAS_SPAN_NUMBER;
        m->num = fh_vnum_int((uint64_t)v);
        m->end = t->end;
        m->next = k;
        count_or_number(w, m);
        return 1;
    }
    /* الدور السادس عشر: the round of 16, as دور الـ16 */
    if ((v == 16 || v == 32) && p &&
        (fh_vword_is(p, "\xd8\xaf\xd9\x88\xd8\xb1") || fh_vword_is(p, "\xd8\xa7\xd9\x84\xd8\xaf\xd9\x88\xd8\xb1"))) /* دور, الدور */
        m->type = FAHRAS_SPAN_NUMBER;
    m->num = fh_vnum_int((uint64_t)v);
    m->end = w->tok[k - 1].end;
    m->next = k;
    return 1;
}

/* 10.كولغيت, 98- قطر, 3) إلغاء, الترتيب: 1- جمعية جربة: the number of an
 * item in a list (its place: a rank), first in its sentence or line or
 * after a colon, and set off by a dot, a dash or a bracket from the word
 * after it. */
static int list_number(const fh_vwin *w, size_t i)
{
    const fh_vtok *t = &w->tok[i], *u = tk(w, i + 1);
    if (!fh_vplain(w, i) || t->digits > 3 || !u || u->kind != FH_VT_WORD) return 0;
    /* الترتيب : 1- الترجي 17 ن 2- النجم 16 ن: a standings table goes on
     * after a team's points */
    const fh_vtok *p = i >= 2 ? &w->tok[i - 1] : NULL;
    int after_points = p && w->tok[i - 2].kind == FH_VT_NUMBER && !(t->gap & ~FH_GAP_SPACE) &&
                       (fh_vfolded_is(p, "\xd9\x86") || sports_noun(p)); /* ن, نقاط */
    /* ... 18 2- النجم 14 3- جمعية, ... 11.8 بالمئة 2. الروبل الروسي,
     * ... دولار 10- عبدالرب ... دولار 11- يحيى: the item before it numbered
     * one less a few words back, set off by a dash, or by a dot as this
     * one is */
    uint16_t sep = u->gap & (uint16_t)~FH_GAP_SPACE;
    int by_dot = sep == FH_GAP_DOT || sep == FH_GAP_STOP;
    /* 4) نجم حلق الوادي - جمعية الحمامات - دالية قرمبالية 12 7) نادي: items
     * numbered with a bracket after the points before, where teams level on
     * points share a place and the next place skips theirs */
    int by_paren = sep == FH_GAP_RPAREN && p && p->kind == FH_VT_NUMBER && fh_vplain(w, i - 1);
    if (!after_points && p && (by_dot || by_paren || sep == FH_GAP_DASH || (p->kind == FH_VT_NUMBER && fh_vplain(w, i - 1))) &&
        !(t->gap & ~FH_GAP_SPACE))
        for (size_t b = i - 2; b > 0 && b + 12 > i && !after_points; b--) {
            uint16_t g = w->tok[b + 1].gap & (uint16_t)~FH_GAP_SPACE;
            uint64_t before = w->tok[b].num.m;
            after_points = w->tok[b].kind == FH_VT_NUMBER && fh_vplain(w, b) && !w->tok[b].num.e && !t->num.e &&
                           w->tok[b + 1].kind == FH_VT_WORD &&
                           ((before + 1 == t->num.m &&
                             (g == FH_GAP_DASH || (by_dot && (g == FH_GAP_DOT || g == FH_GAP_STOP)))) ||
                            (by_paren && g == FH_GAP_RPAREN && before < t->num.m && before + 4 >= t->num.m));
        }
    if (t->start > 0 && !(t->gap & (FH_GAP_STOP | FH_GAP_NEWLINE | FH_GAP_COLON)) && !after_points) return 0;
    /* 2 - صفر وعلى الأرجنتين 3 - صفر: results, not items */
    if (sep == FH_GAP_DASH && fh_vfolded_is(u, "\xd8\xb5\xd9\x81\xd8\xb1")) return 0; /* صفر */
    return by_dot || sep == FH_GAP_DASH || sep == FH_GAP_RPAREN;
}

/* نصف نهائي, الدور نصف النهائي, ربع نهائي: semi- and quarter-finals;
 * نصف السنوي, نصف شهرية, ربع سنوي: semi-annual, fortnightly, quarterly.
 * The word at token k after a fraction makes the two one word. */
static int fraction_in_a_word(const fh_vwin *w, size_t k)
{
    static const char *const periods[] = {
        "\xd8\xb3\xd9\x86\xd9\x88\xd9\x8a", "\xd8\xb3\xd9\x86\xd9\x88\xd9\x8a\xd9\x87",     /* سنوي, سنوية */
        "\xd8\xb4\xd9\x87\xd8\xb1\xd9\x8a", "\xd8\xb4\xd9\x87\xd8\xb1\xd9\x8a\xd9\x87",     /* شهري, شهرية */
        "\xd8\xa7\xd9\x84\xd8\xb3\xd9\x86\xd9\x88\xd9\x8a",                     /* السنوي */
        "\xd8\xa7\xd9\x84\xd8\xb3\xd9\x86\xd9\x88\xd9\x8a\xd9\x87",             /* السنوية */
        "\xd8\xa7\xd9\x84\xd8\xb4\xd9\x87\xd8\xb1\xd9\x8a",                     /* الشهري */
        "\xd8\xa7\xd9\x84\xd8\xb4\xd9\x87\xd8\xb1\xd9\x8a\xd9\x87",             /* الشهرية */
    };
    /* بندقية نصف آلية, نصف الماراثون: half as a word's prefix (semi-);
     * نصف قطرها: a radius */
    static const char *const semi[] = {
        "\xd8\xa7\xd9\x84\xd9\x8a\xd9\x87", /* آلية (not آلي, folded as إلى) */
        "\xd8\xb1\xd8\xb4\xd8\xa7\xd8\xb4", "\xd8\xb1\xd8\xb4\xd8\xa7\xd8\xb4\xd9\x87", /* رشاش, رشاشة */
        "\xd9\x85\xd8\xa7\xd8\xb1\xd8\xa7\xd8\xab\xd9\x88\xd9\x86",                 /* ماراثون */
        "\xd8\xa7\xd9\x84\xd9\x85\xd8\xa7\xd8\xb1\xd8\xa7\xd8\xab\xd9\x88\xd9\x86", /* الماراثون */
        "\xd9\x82\xd8\xb7\xd8\xb1\xd9\x87\xd8\xa7", "\xd9\x82\xd8\xb7\xd8\xb1\xd9\x87",     /* قطرها, قطره */
        "\xd8\xa7\xd9\x84\xd9\x82\xd8\xb7\xd8\xb1",                                     /* القطر */
        "\xd9\x83\xd8\xb1\xd9\x88\xd9\x8a", "\xd9\x83\xd8\xb1\xd9\x88\xd9\x8a\xd9\x87",     /* كروي, كروية: a hemisphere */
    };
    if (k >= w->n) return 0;
    const fh_vtok *u = &w->tok[k];
    return (u->flen >= 10 && !memcmp(u->f, "\xd9\x86\xd9\x87\xd8\xa7\xd8\xa1\xd9\x8a", 10)) || /* نهائي */
           (u->flen >= 14 && !memcmp(u->f, "\xd8\xa7\xd9\x84\xd9\x86\xd9\x87\xd8\xa7\xd8\xa1\xd9\x8a", 14)) || /* النهائي */
           (fh_vtight(w, k) && fh_vword_in(u, periods, sizeof periods / sizeof periods[0])) ||
           fh_vword_among(u, semi, sizeof semi / sizeof semi[0]);
}

/* 120.000 متر مربع, 10.000 درهم: three zeros after a dot before a measure
 * group thousands (no one writes 120 metres so); not before the dinar,
 * whose thousandths are millimes (1.000 دينار). */
static int thousands_by_dot(const fh_vwin *w, size_t i, size_t noun)
{
    static const char *const dinars[] = {
        "\xd8\xaf\xd9\x8a\xd9\x86\xd8\xa7\xd8\xb1",             /* دينار */
        "\xd8\xaf\xd9\x8a\xd9\x86\xd8\xa7\xd8\xb1\xd8\xa7",   /* دينارا */
        "\xd8\xaf\xd9\x86\xd8\xa7\xd9\x86\xd9\x8a\xd8\xb1",   /* دنانير */
    };
    const fh_vtok *t = &w->tok[i], *n = &w->tok[noun];
    return n->cls == FH_V_MEASURE && !t->reh && t->num.m % 1000 == 0 &&
           !fh_vword_in(n, dinars, sizeof dinars / sizeof dinars[0]);
}

/* خمسة زائد واحد, 5 زائد 5, قاعدة خمسين زائد واحد: a sum that names a
 * group or a rule (P5+1), no value; the token after it, or 0. */
static size_t sum_name(const fh_vwin *w, size_t i)
{
    fh_vnum a, b;
    size_t k, end;
    /* most numbers have no زائد after them: look before parsing one */
    int plus_near = 0;
    for (k = i + 1; k < w->n && k <= i + 6 && !plus_near; k++) plus_near = plus_word(&w->tok[k]);
    if (!plus_near) return 0;
    /* الدقيقة 90 زائد 1: a minute of added time */
    if (i > 0 && fh_vword_is(&w->tok[i - 1], "\xd8\xa7\xd9\x84\xd8\xaf\xd9\x82\xd9\x8a\xd9\x82\xd9\x87")) return 0; /* الدقيقة */
    if (!fh_cardinal_at(w, i, &a, &k) || k >= w->n || !fh_vtight(w, k)) return 0;
    const fh_vtok *plus = &w->tok[k];
    if (plus->pre || !plus_word(plus)) return 0;
    if (k + 1 >= w->n || (w->tok[k + 1].gap & ~(FH_GAP_SPACE | FH_GAP_EMPTY))) return 0;
    if (fh_vfolded_is(&w->tok[k + 1], "\xd9\x88\xd8\xa7\xd8\xad\xd8\xaf")) return k + 2; /* واحد */
    return fh_cardinal_at(w, k + 1, &b, &end) ? end : 0;
}

/* الذي ألف كتابا, وألف عددا من الكتب, ألف كتباً: ألّف (he wrote) before
 * its object in the accusative, not a thousand (ألف takes a noun in the
 * genitive: ألف كتاب; بألف كورونا keeps its count).  Token i is ألف. */
static int authored_at(const fh_vwin *w, size_t i)
{
    static const char *const before[] = {
        "\xd8\xa7\xd9\x84\xd8\xb0\xd9\x8a", /* الذي */
        "\xd8\xa7\xd9\x84\xd8\xaa\xd9\x8a", /* التي */
        "\xd8\xa7\xd9\x86\xd9\x87", /* انه */
        "\xd9\x82\xd8\xaf", /* قد */
        "\xd9\x83\xd8\xa7\xd9\x86", /* كان */
        "\xd9\x83\xd8\xa7\xd9\x86\xd8\xaa", /* كانت */
    };
    const fh_vtok *t = &w->tok[i], *o = tk(w, i + 1);
    if (t->cls != FH_V_SCALE || t->value != 3 || (t->flags & (FH_VF_DUAL | FH_VF_PL)) || !o || !fh_vtight(w, i + 1) ||
        o->kind != FH_VT_WORD || !o->arabic || o->pre || o->end - o->start < 4)
        return 0;
    const unsigned char *x = (const unsigned char *)w->text + o->end;
    if (x[-2] == 0xD9 && x[-1] == 0x8B) return 1; /* كتباً: the accusative written */
    if (x[-2] != 0xD8 || x[-1] != 0xA7) return 0;  /* ends in ا */
    if (t->wa && t->pre == 2) return 1;            /* وألف */
    return !t->pre && i > 0 && fh_vtight(w, i) && fh_vword_among(&w->tok[i - 1], before, sizeof before / sizeof *before);
}

int fh_match_number(const fh_vwin *w, size_t i, fh_vmatch *m)
{
    if (i >= w->n || !fh_vmay_start(&w->tok[i], FH_VSTART_NUMBER)) return 0;
    memset(m, 0, sizeof *m);
    const fh_vtok *t = tk(w, i);
    if (!t || t->kind == FH_VT_OTHER) return 0;
    m->start = t->start;
    if (group_name(w, i)) { /* مجموعة العشرين: G20 */
        m->next = i + 1;
        return 2;
    }
    size_t sum_end = sum_name(w, i);
    if (sum_end) { /* مجموعة خمسة زائد واحد: P5+1 */
        m->next = sum_end;
        return 2;
    }
    size_t title = work_title(w, i);
    if (title) { /* برنامج "60 دقيقة", فيلم "ثلاث لافتات إعلانية": a name */
        m->next = i + title;
        return 2;
    }
    if (t->kind == FH_VT_NUMBER) {
        if (list_number(w, i)) return digits_as(w, i, FAHRAS_SPAN_ORDINAL, m);
        if (goal_number(w, i)) return digits_as(w, i, FAHRAS_SPAN_ORDINAL, m); /* هدفه رقم 40 */
        size_t skip = code_at(w, i);
        if (!skip && (goals_score(w, i, &skip) || thousand_wishes(w, i, &skip)))
            skip -= i; /* 3 أشواط لشوط: a score; « 40 » مليار مبروك: a greeting */
        if (skip) {
            m->next = i + skip;
            return 2; /* consumed, nothing to say */
        }
        if (round_of(w, i)) return digits_as(w, i, FAHRAS_SPAN_NUMBER, m); /* دور الـ16: the round of so many */
        if (quoted_name(w, i)) {
            m->next = i + 1;
            return 2; /* "صقر 1": a name */
        }
        if (rank_at(w, i) || bracketed_after_name(w, i) || bracketed_goals(w, i) || minute_mark_at(w, i))
            return digits_as(w, i, FAHRAS_SPAN_ORDINAL, m); /* المرتبة الـ16, ريميسيرو (19), 19' */
        if ((t->gap & FH_GAP_AL) && amount_after(w, i)) {
            m->start = t->al_start; /* يتجاوز الـ4 آلاف, الـ20 بالمائة, عمق الـ120 مترا */
        } else if (t->gap & FH_GAP_AL) {
            return al_digits(w, i, m);
        }
    } else {
        int v;
        size_t k;
        if (word_score(w, i, &k)) { /* بالفوز بأربعة لثلاثة: a score */
            m->next = k;
            return 2;
        }
        if (word_of_name(w, i)) { /* قاعدة أبو ستة, البنك الأول, أولا بأول */
            m->next = i + 1;
            return 2;
        }
        if (definite_unit_tens(w, i, m) || definite_percent(w, i, m)) return 1;
        if (fifth_of(w, i, m)) return 1;
        if (per_second(w, i, &k) || thousand_wishes(w, i, &k)) { /* 60 لترا في الثانية, ألف مبروك */
            m->next = k;
            return 2;
        }
        if (fh_ordinal_at(w, i, &v, &k)) return ordinal_word(w, i, v, k, m);
        if (t->cls == FH_V_HMONTH) return zero_word(w, i, m);
        if (definite_teen(w, i, m) || definite_scaled(w, i, m) || unit_and_part(w, i, m)) return 1;
        if (t->cls == FH_V_VAGUE) { /* عشرات الآلاف: no value, and not a number after it */
            size_t k2 = i + 1;
            while (k2 < w->n && fh_vtight(w, k2) &&
                   (w->tok[k2].cls == FH_V_VAGUE || w->tok[k2].cls == FH_V_SCALE))
                k2++;
            m->next = k2;
            return 2;
        }
    }
    size_t next;
    fh_vnum v;
    if (t->kind == FH_VT_WORD && west_name(w, i)) return 0;
    /* اثنا and اثني are two only before عشر; alone they are وأثنى على
     * (praised, which folds as اثني does), or أثنا for أثناء */
    if (t->cls == FH_V_UNIT && t->value == 2 && t->flen == t->pre + 8u && fh_vcls(w, i + 1) != FH_V_TEN)
        return 0;
    if (!fh_cardinal_at(w, i, &v, &next)) {
        /* واحد في المئة: واحد alone is a number only as a percentage */
        m->end = t->end;
        m->next = i + 1;
        if (t->cls != FH_V_UNIT || t->value != 1 || t->pre || !percent_after(w, i + 1, &m->next, &m->end))
            return 0;
        m->type = FAHRAS_SPAN_NUMBER;
        m->num = fh_vnum_int(1);
        m->percent = 1;
        return 1;
    }
    if (t->cls == FH_V_FRAC && fraction_in_a_word(w, next)) return 0;
    if (next == i + 1 && authored_at(w, i)) {
        m->next = next;
        return 2;
    }
    m->type = FAHRAS_SPAN_NUMBER;
    m->num = v;
    m->next = next;
    m->end = w->tok[next - 1].end;
    int shared = t->kind == FH_VT_NUMBER && next == i + 1 ? scale_of_range_end(w, i) : 0;
    if (shared && fh_vnum_scale(&m->num, shared)) return 0; /* ما بين 75 و 150 مليون */
    if (t->kind == FH_VT_WORD && restated_at(w, next, m)) return 1;
    if (t->kind == FH_VT_NUMBER && minus_before(w, i)) {
        m->negative = 1;
        m->start -= w->text[m->start - 1] == '-' ? 1 : 3;
    }
    size_t ps;
    if (t->kind == FH_VT_NUMBER && percent_before(w, t->start, &ps)) {
        m->percent = 1;
        m->start = ps;
        return 1;
    }
    if (percent_after(w, next, &m->next, &m->end)) {
        m->percent = 1;
        return 1;
    }
    count_or_number(w, m);
    /* حركة "خمس نجوم": the Italian party's name */
    if (m->type == FAHRAS_SPAN_COUNT && i > 0 && fh_vword_is(&w->tok[i - 1], "\xd8\xad\xd8\xb1\xd9\x83\xd9\x87") &&
        fh_vword_is(&w->tok[m->noun], "\xd9\x86\xd8\xac\xd9\x88\xd9\x85")) {
        m->next = m->noun + 1;
        return 2;
    }
    if (m->type == FAHRAS_SPAN_NUMBER) range_first_count(w, i, m);
    if (m->type == FAHRAS_SPAN_NUMBER && !m->percent) vote_tally(w, i, m);
    /* not a fraction, which takes its own noun (11 مليون شخص أو نصف سكان سوريا) */
    if (m->type == FAHRAS_SPAN_NUMBER && !m->percent && t->cls != FH_V_FRAC && m->num.den == 1)
        noun_before_choice(w, i, m);
    /* 225ر29 غارة, 80.569 حجاج: with a whole number of things counted and
     * no scale word, a ر or a dot before three digits groups thousands
     * (29225 strikes), as a comma does; before a measure it is a decimal
     * (904ر319 دينار, 319.904 dinars; 1.173 دولار) unless the three are
     * zeros (120.000 متر, thousands_by_dot) */
    if (m->type == FAHRAS_SPAN_COUNT && t->frac_digits == 3 && next == i + 1 &&
        (t->reh || (t->num.m >= 1000 && memchr(w->text + t->start, '.', t->end - t->start))) &&
        m->noun == next && (w->tok[m->noun].cls == FH_V_NONE || thousands_by_dot(w, i, m->noun)))
        m->num.e += 3;
    return 1;
}
