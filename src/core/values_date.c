/*
 * values_date.c - the date grammar: what a date looks like in Arabic news,
 * matched on the finder's token window.
 *
 *   [weekday] day month [year] [era]   الأربعاء 14 أبريل/نيسان 2021م, الثالث من أيار
 *   month year | شهر month | month الماضي   نيسان (أبريل) 2021, آذار/مارس الماضي
 *   Hijri: day month year هـ           25 شوال 1436 هـ, شهر رمضان
 *   numeric                            14/4/2021, ١٤-٤-٢٠٢١, 2021-04-14
 *   years                              عام 2021, 2021م, 1442 هـ, في 2019
 *   relative                           أمس, اليوم, غدا, يوم الأربعاء, الشهر الماضي,
 *                                      العام المقبل, منذ ثلاثة أيام, ليل الأربعاء – الخميس
 *   ranges                             بين 3 و5 أيار, من 2019 إلى 2021, 3-5 أيار
 *
 * A point is read into an fh_dpoint (explicit fields and/or a relative
 * rule); values.c resolves it against the reference date.  Names that are
 * also ordinary words (مارس "he practised", آب / أب "father", رجب and
 * رمضان as given names, الاثنين "the two") are dates only with a day, a
 * year, شهر, a twin name or a direction word next to them.
 */
#include <string.h>

#include "calendar.h"
#include "internal.h"
#include "letters.h"
#include "values.h"

static const fh_vtok *tk(const fh_vwin *w, size_t i)
{
    return i < w->n ? &w->tok[i] : NULL;
}


/* What a point holds. */
enum {
    K_DAY = 1, K_MONTH = 2, K_YEAR = 4, K_REL = 8, K_BAREDAY = 16, K_BAREYEAR = 32, K_WEEKDAY = 64,
    K_COUNTED = 128 /* a bare year end with a noun after it */
};
/* Bare numbers a point may be read from (range ends). */
enum { BARE_DAY = 1, BARE_YEAR = 2 };

typedef struct pres {
    fh_dpoint p;
    size_t next, start, end;
    int kind;
    int night; /* begins with ليل / ليلة */
} pres;

static void pres_init(pres *r, size_t start)
{
    memset(r, 0, sizeof *r);
    r->start = start;
}

/* The token breaks a date: a sentence end, a new line, a comma. */
static int broken(const fh_vwin *w, size_t i)
{
    return i >= w->n || (w->tok[i].gap & (FH_GAP_STOP | FH_GAP_NEWLINE | FH_GAP_COMMA));
}

/* ---- months ------------------------------------------------------------- */

typedef struct mres { int m, cal, amb; size_t next, end; } mres;

/* الأول / الأولى -> 1, الثاني / الثانية / الآخر / الآخرة -> 2 after a month head. */
static int month_tail(const fh_vwin *w, size_t i)
{
    const fh_vtok *t = tk(w, i);
    if (!t || t->pre || !fh_vtight(w, i)) return 0;
    if (t->cls == FH_V_LAST) return 2;
    /* كانون الثاني, and كانون ثاني without the article */
    if (t->cls == FH_V_ORD && !(t->flags & FH_VF_COMPOUND) && (t->value == 1 || t->value == 2))
        return t->value;
    return 0;
}

static int month_single(const fh_vwin *w, size_t i, mres *r)
{
    const fh_vtok *t = tk(w, i);
    if (!t) return 0;
    r->cal = FH_CAL_GREG;
    r->amb = 0;
    r->next = i + 1;
    int v;
    switch (t->cls) {
    case FH_V_MONTH:
        r->m = t->value;
        r->amb = (t->flags & FH_VF_AMB) != 0;
        /* آب folds with إب, the Yemeni city; the month is written آب, اب
         * or أب (أغسطس/أب), never with a hamza below */
        if (t->value == 8 && t->flen == 4u + t->pre && t->start + t->pre + 1 < w->len &&
            ar_letter_at(w->text + t->start + t->pre, AR_ALEF_HAMZA_BELOW))
            return 0;
        break;
    case FH_V_MONTH_HEAD: /* كانون الثاني 1, كانون الأول 12, تشرين الأول 10, تشرين الثاني 11 */
        if (!(v = month_tail(w, i + 1))) return 0;
        r->m = t->value == 1 ? (v == 2 ? 1 : 12) : (v == 1 ? 10 : 11);
        r->next = i + 2;
        break;
    case FH_V_HMONTH:
        r->m = t->value;
        r->cal = FH_CAL_HIJRI;
        r->amb = 1;
        break;
    case FH_V_HMONTH_HEAD:
        if (t->value == 3) { /* ذو القعدة, ذو الحجة */
            const fh_vtok *u = tk(w, i + 1);
            if (!u || u->cls != FH_V_HTAIL || u->pre || !fh_vtight(w, i + 1)) return 0;
            r->m = u->value;
        } else {
            if (!(v = month_tail(w, i + 1))) return 0;
            r->m = t->value == 1 ? (v == 1 ? 3 : 4) : (v == 1 ? 5 : 6);
        }
        r->cal = FH_CAL_HIJRI;
        r->next = i + 2;
        break;
    default:
        return 0;
    }
    r->end = w->tok[r->next - 1].end;
    return 1;
}

/* A month with its twin name: أبريل/نيسان, نيسان (أبريل), آذار - مارس,
 * and with a space only, as Reuters writes it: مارس آذار 2011.  A twin
 * after a slash or bracket from the other naming that names another month
 * is a slip of the pen, most often in the Levantine name (أواخر مايو/ آذار
 * المقبل, تشرين الأول/نوفمبر الماضي for a visit in November): the other
 * name is kept; two months of one naming (مايو/يونيو) are two. */
static int month_at(const fh_vwin *w, size_t i, mres *r)
{
    if (!month_single(w, i, r)) return 0;
    if (r->cal != FH_CAL_GREG) return 1;
    const fh_vtok *u = tk(w, r->next);
    mres s;
    if (u && ((u->gap & (FH_GAP_SLASH | FH_GAP_LPAREN | FH_GAP_DASH)) || !(u->gap & FH_GAP_PUNCT)) &&
        !(u->gap & (FH_GAP_NEWLINE | FH_GAP_STOP | FH_GAP_COMMA)) && !u->pre &&
        month_single(w, r->next, &s) && s.cal == FH_CAL_GREG &&
        (s.m == r->m || ((u->gap & (FH_GAP_SLASH | FH_GAP_LPAREN)) &&
                         !(w->tok[i].flags & FH_VF_LEV) != !(u->flags & FH_VF_LEV)))) {
        if (w->tok[i].flags & FH_VF_LEV) r->m = s.m; /* كانون الأول/يناير: January */
        r->next = s.next;
        r->end = s.end;
        r->amb = 0;
        if (r->end < w->len && w->text[r->end] == ')') r->end++;
        /* 29 تموز/يوليو تموز: the first name again after the pair */
        mres t;
        if (fh_vtight(w, r->next) && !w->tok[r->next].pre && month_single(w, r->next, &t) &&
            t.cal == FH_CAL_GREG && t.m == r->m) {
            r->next = t.next;
            r->end = t.end;
        }
    } else if (u && (u->gap & FH_GAP_PUNCT) == FH_GAP_SLASH && u->kind == FH_VT_WORD && u->arabic &&
               u->cls == FH_V_NONE && !u->pre && fh_vtight(w, r->next + 1) &&
               w->tok[r->next + 1].kind == FH_VT_NUMBER && w->tok[r->next + 1].digits == 4) {
        /* تشرين الثاني/نوفمير 2017: a twin misspelt, its year after it */
        r->end = u->end;
        r->next++;
        r->amb = 0;
    }
    return 1;
}

/* ---- days and years ----------------------------------------------------- */

/* A day in digits: a plain number of one or two digits, 1..31; 0 if none. */
static int digits_day(const fh_vwin *w, size_t i)
{
    return fh_vplain(w, i) && w->tok[i].digits <= 2 && w->tok[i].num.m >= 1 && w->tok[i].num.m <= 31
               ? (int)w->tok[i].num.m
               : 0;
}

/* شهر before a month's name at token j (27 من شهر رمضان, 15 شهر مارس). */
static int month_word_at(const fh_vwin *w, size_t j)
{
    const fh_vtok *t = tk(w, j);
    mres mo;
    return t && t->cls == FH_V_TUNIT && t->value == FH_U_MONTH && !t->pre &&
           !(t->flags & (FH_VF_DEF | FH_VF_PL | FH_VF_DUAL)) && fh_vtight(w, j + 1) && month_single(w, j + 1, &mo);
}

/* لشهر before a month's name at token j (الرابع عشر لشهر يونيو: of the month). */
static int of_month_word_at(const fh_vwin *w, size_t j)
{
    const fh_vtok *t = tk(w, j);
    mres mo;
    return t && t->cls == FH_V_TUNIT && t->value == FH_U_MONTH && t->pre == 2 && !t->wa && t->flen > 2 &&
           !memcmp(t->f, "\xd9\x84", 2) && !(t->flags & (FH_VF_DEF | FH_VF_PL | FH_VF_DUAL)) &&
           fh_vtight(w, j + 1) && month_single(w, j + 1, &mo);
}

/* Whether the ordinal at token i may name a day of a month: a day is
 * masculine (اليوم), and an ordinal right after a unit of time or a thing
 * in a sequence is that thing's (الأسبوع الثالث من يناير, النصف الثاني من
 * ديسمبر, الدور الأول من, المرة الخامسة, الجمعة الثالثة من مارس); not so
 * after other words (الأمم المتحدة الأول من مارس, اليوم الأول من رمضان),
 * nor in a list (الثالث والعاشر من يناير). */
static int ordinal_day(const fh_vwin *w, size_t i)
{
    static const char *const heads[] = {
        "\xd8\xa7\xd9\x84\xd9\x85\xd8\xb1\xd9\x87",                 /* المرة */
        "\xd8\xa7\xd9\x84\xd8\xac\xd9\x88\xd9\x84\xd9\x87",         /* الجولة */
        "\xd8\xa7\xd9\x84\xd9\x85\xd8\xb1\xd8\xad\xd9\x84\xd9\x87", /* المرحلة */
        "\xd8\xa7\xd9\x84\xd8\xaf\xd9\x88\xd8\xb1",                 /* الدور */
        "\xd8\xa7\xd9\x84\xd8\xaf\xd9\x88\xd8\xb1\xd9\x87",         /* الدورة */
        "\xd8\xa7\xd9\x84\xd9\x86\xd8\xb3\xd8\xae\xd9\x87",         /* النسخة */
        "\xd8\xa7\xd9\x84\xd8\xad\xd9\x84\xd9\x82\xd9\x87",         /* الحلقة */
        "\xd8\xa7\xd9\x84\xd8\xb4\xd9\x88\xd8\xb7",                 /* الشوط */
    };
    const fh_vtok *t = &w->tok[i];
    if (t->flags & FH_VF_FEM) return 0;
    if (t->wa || i == 0 || !fh_vtight(w, i)) return 1;
    const fh_vtok *p = &w->tok[i - 1];
    if ((p->cls == FH_V_TUNIT || p->cls == FH_V_PERIOD) && p->al) return 0;
    return !fh_vword_in(p, heads, sizeof heads / sizeof heads[0]);
}

/* 14, الـ14 [من], الرابع عشر من, غرة [شهر].  *start moves back over a
 * detached الـ. */
static int day_at(const fh_vwin *w, size_t i, int *d, size_t *next, size_t *start)
{
    const fh_vtok *t = tk(w, i);
    if (!t) return 0;
    *start = t->start;
    if ((*d = digits_day(w, i)) != 0) {
        mres mo;
        *next = i + 1;
        if (t->gap & FH_GAP_AL) *start = t->al_start;
        /* الـ14 من أبريل, 30 من مارس, 27 من شهر رمضان */
        if (fh_vcls(w, i + 1) == FH_V_FROM && fh_vtight(w, i + 1) &&
            ((t->gap & FH_GAP_AL) ||
             (fh_vtight(w, i + 2) && (month_single(w, i + 2, &mo) || month_word_at(w, i + 2)))))
            (*next)++;
        return 1;
    }
    int v;
    size_t j;
    if (t->cls == FH_V_FIRSTDAY && !t->pre && fh_vtight(w, i + 1)) { /* غرة [شهر] رمضان */
        const fh_vtok *u = tk(w, i + 1);
        *d = 1;
        *next = i + 1;
        if (u->cls == FH_V_TUNIT && u->value == FH_U_MONTH && !(u->flags & (FH_VF_DEF | FH_VF_PL | FH_VF_DUAL)) &&
            fh_vtight(w, i + 2))
            (*next)++;
        return 1;
    }
    if (t->kind == FH_VT_WORD && fh_ordinal_at(w, i, &v, &j) && v >= 1 && v <= 31 && ordinal_day(w, i)) {
        if (fh_vcls(w, j) == FH_V_FROM && fh_vtight(w, j)) j++;
        *d = v;
        *next = j;
        return 1;
    }
    return 0;
}

typedef struct yres { int y, era; size_t next, start, end; } yres;

/* ألفين وخمسة عشر, ألفان وثمانية عشر: a year of this century written out,
 * which reads from the thousands (the dual ألفين) on. */
static int year_in_words(const fh_vwin *w, size_t i, yres *r)
{
    const fh_vtok *t = tk(w, i);
    fh_vnum v;
    size_t next;
    if (!t || t->cls != FH_V_SCALE || t->value != 3 || !(t->flags & FH_VF_DUAL) || t->pre ||
        !fh_cardinal_at(w, i, &v, &next) || next < i + 2 || v.e != 0 || v.den != 1 || v.m < 2000 || v.m > 2099)
        return 0;
    r->y = (int)v.m;
    r->era = 0;
    r->next = next;
    r->start = t->start;
    r->end = w->tok[next - 1].end;
    return 1;
}

/* YYYY with an era glued (2021م) or next to it (1442 هـ, 2021 ميلادية);
 * a shorter year only with a Hijri era or a written-out Gregorian one
 * (250هـ, 632 ميلادية: 500 م is more often metres). */
static int year_num(const fh_vwin *w, size_t i, yres *r)
{
    const fh_vtok *t = tk(w, i);
    if (t && t->kind == FH_VT_WORD) return year_in_words(w, i, r);
    if (!t || t->kind != FH_VT_NUMBER || !t->num.ok || t->frac_digits || t->grouped ||
        t->lead_zero || t->num.m < 1 || t->digits > 4)
        return 0;
    r->y = (int)t->num.m;
    r->era = t->era;
    r->next = i + 1;
    r->start = t->start;
    r->end = t->end;
    const fh_vtok *u = tk(w, i + 1);
    int long_era = 0;
    /* 1095 م د, 1300 م.د: millions of dinars (the Tunisian agency's), no era */
    const fh_vtok *d = tk(w, i + 2);
    int dinars = u && u->flen == 2 && d && d->flen == 2 && !memcmp(d->f, "\xd8\xaf", 2) &&
                 !(d->gap & ~(FH_GAP_SPACE | FH_GAP_DOT)); /* م د, م.د */
    if (!r->era && u && u->cls == FH_V_ERA && !u->pre && !dinars &&
        !(u->gap & (FH_GAP_NEWLINE | FH_GAP_STOP | FH_GAP_COMMA))) {
        r->era = (u->flags & FH_VF_HIJ) ? 'h' : 'g';
        long_era = u->flen > 2;
        r->next = i + 2;
        r->end = u->end;
    }
    if (t->digits == 4 && r->y >= 1000 && r->y <= 2999) return 1;
    return r->era == 'h' || (r->era == 'g' && long_era);
}

/* After a year word, a short year with م glued: العام 70م. */
static int short_year(const fh_vwin *w, size_t i, yres *r)
{
    const fh_vtok *t = tk(w, i);
    if (!t || t->kind != FH_VT_NUMBER || !t->num.ok || t->era != 'g' || t->frac_digits || t->grouped ||
        t->lead_zero || t->num.m < 1 || t->digits > 3)
        return 0;
    r->y = (int)t->num.m;
    r->era = 'g';
    r->next = i + 1;
    r->start = t->start;
    r->end = t->end;
    return 1;
}

static int is_year_word(const fh_vtok *t)
{
    return t && t->cls == FH_V_TUNIT && t->value == FH_U_YEAR &&
           !(t->flags & (FH_VF_PL | FH_VF_DUAL));
}

/* [عام | العام | سنة | السنة] YYYY [era] */
static int year_at(const fh_vwin *w, size_t i, yres *r, int *lead)
{
    const fh_vtok *t = tk(w, i);
    *lead = 0;
    if (is_year_word(t)) {
        /* العام الهجري 1440, السنة الميلادية 2018: the era before the year */
        const fh_vtok *e = tk(w, i + 1);
        int era = 0;
        if (e && e->cls == FH_V_ERA && e->al && !e->pre && fh_vtight(w, i + 1) && fh_vtight(w, i + 2)) {
            era = (e->flags & FH_VF_HIJ) ? 'h' : 'g';
            i++;
        }
        if (!fh_vtight(w, i + 1) || !(year_num(w, i + 1, r) || short_year(w, i + 1, r))) return 0;
        if (era && r->era && r->era != era) return 0;
        if (era) r->era = era;
        r->start = t->start;
        *lead = 1;
        return 1;
    }
    return year_num(w, i, r);
}

/* The offset relunit_at gives "the same" unit (العام نفسه). */
#define OFF_SAME 100

/* نفسه / ذاته at token k, right after the unit, and not before a relative
 * pronoun: في اليوم نفسه الذي أعلنت فيه names its day after it. */
static int same_at(const fh_vwin *w, size_t k)
{
    const fh_vtok *u = tk(w, k), *v = tk(w, k + 1);
    if (!u || u->cls != FH_V_SAME || u->pre || !fh_vtight(w, k)) return 0;
    return !(v && fh_vtight(w, k + 1) &&
             (fh_vfolded_is(v, "\xd8\xa7\xd9\x84\xd8\xb0\xd9\x8a") ||   /* الذي */
              fh_vfolded_is(v, "\xd8\xa7\xd9\x84\xd8\xaa\xd9\x8a")));  /* التي */
}

/* [هذا] العام / الشهر / الأسبوع [الماضي | المقبل | الجاري | قبل الماضي],
 * العام / الشهر نفسه: the unit and the offset (OFF_SAME). */
/* Titles after which العام is "general", not "the year": الأمين العام
 * السابق is a former secretary-general, النائب العام الحالي the attorney
 * general in office.  Other nouns that take العام are left out, as they
 * are as often followed by the year: ستخرج من الاتحاد العام المقبل,
 * استطلاع للرأي العام الماضي. */
static int general_before(const fh_vwin *w, size_t j)
{
    static const char *const titles[] = {
        "\xd8\xa7\xd9\x84\xd8\xa7\xd9\x85\xd9\x8a\xd9\x86",                 /* الأمين */
        "\xd8\xa7\xd9\x84\xd9\x85\xd8\xaf\xd9\x8a\xd8\xb1",                 /* المدير */
        "\xd8\xa7\xd9\x84\xd9\x85\xd8\xaf\xd8\xb9\xd9\x8a",                 /* المدعي */
        "\xd8\xa7\xd9\x84\xd9\x86\xd8\xa7\xd8\xa1\xd8\xa8",                 /* النائب */
        "\xd8\xa7\xd9\x84\xd9\x85\xd8\xb1\xd8\xa7\xd9\x82\xd8\xa8",         /* المراقب */
        "\xd8\xa7\xd9\x84\xd9\x85\xd9\x81\xd8\xaa\xd8\xb4",                 /* المفتش */
        "\xd8\xa7\xd9\x84\xd9\x85\xd9\x82\xd8\xb1\xd8\xb1",                 /* المقرر */
        "\xd8\xa7\xd9\x84\xd9\x85\xd9\x86\xd8\xb3\xd9\x82",                 /* المنسق */
        "\xd8\xa7\xd9\x84\xd9\x85\xd8\xad\xd8\xa7\xd9\x85\xd9\x8a",         /* المحامي */
        "\xd8\xa7\xd9\x84\xd9\x82\xd8\xa7\xd8\xa1\xd8\xaf",                 /* القائد */
        "\xd8\xa7\xd9\x84\xd9\x85\xd8\xb1\xd8\xb4\xd8\xaf",                 /* المرشد */
        "\xd8\xa7\xd9\x84\xd9\x85\xd9\x81\xd9\x88\xd8\xb6",                 /* المفوض */
    };
    if (j == 0 || !fh_vtight(w, j) || w->tok[j].pre) return 0;
    return fh_vword_in(&w->tok[j - 1], titles, sizeof titles / sizeof titles[0]) != 0;
}

/* نفس (the same), ذلك, تلك (that) */
static int that_or_same(const fh_vtok *t)
{
    return fh_vword_is(t, "\xd9\x86\xd9\x81\xd8\xb3") ||   /* نفس */
           fh_vfolded_is(t, "\xd8\xb0\xd9\x84\xd9\x83") || /* ذلك */
           fh_vfolded_is(t, "\xd8\xaa\xd9\x84\xd9\x83");   /* تلك */
}

/* نفس الشهر العام الماضي, بنفس الشهر في 2016, من نفس الشهر من: the month
 * unit at j with a year after it is the same month of another year, a
 * comparison this finder does not resolve. */
static int month_of_other_year(const fh_vwin *w, size_t j)
{
    const fh_vtok *u = tk(w, j + 1), *v = tk(w, j + 2);
    if (w->tok[j].value != FH_U_MONTH || !u || !fh_vtight(w, j + 1)) return 0;
    if (u->cls == FH_V_IN || u->cls == FH_V_FROM) {
        if (!v || !fh_vtight(w, j + 2)) return 0;
        u = v;
    }
    return u->kind == FH_VT_NUMBER || (u->cls == FH_V_TUNIT && u->value == FH_U_YEAR);
}

/* نفس, or ذلك / تلك after a word of time (في ذلك اليوم, صباح ذلك اليوم,
 * منذ تلك الليلة) at token k: "that day"; ذلك after a verb is its object
 * (وأكرر ذلك اليوم: I say that today). */
static int that_day_after(const fh_vwin *w, size_t k)
{
    if (fh_vword_is(&w->tok[k], "\xd9\x86\xd9\x81\xd8\xb3")) return 1; /* نفس */
    if (k == 0 || !fh_vtight(w, k)) return 0;
    int c = w->tok[k - 1].cls;
    return c == FH_V_IN || c == FH_V_FROM || c == FH_V_TPREP || c == FH_V_DAYPART || c == FH_V_UNTIL;
}

/* r as the day the text named last, its tokens ending before next. */
static int same_day(pres *r, size_t next, size_t end)
{
    r->p.rel = FH_REL_SAME;
    r->p.off = FH_U_DAY;
    r->p.prec = FAHRAS_PREC_DAY;
    r->kind = K_REL;
    r->next = next;
    r->end = end;
    return 1;
}

static int relunit_at(const fh_vwin *w, size_t i, int *unit, int *off, size_t *next)
{
    size_t j = i;
    int this_ = 0;
    if (fh_vcls(w, j) == FH_V_THIS) {
        this_ = 1;
        j++;
        if (!fh_vtight(w, j)) return 0;
    }
    /* نفس العام, ذلك العام, تلك السنة: "the same", "that" before the unit
     * (من ذلك العام after a month starts at ذلك; في ذلك العام at the unit) */
    int same_ = 0;
    if (!this_ && tk(w, j) && fh_vtight(w, j + 1) && that_or_same(&w->tok[j])) {
        same_ = 1;
        j++;
    }
    const fh_vtok *t = tk(w, j);
    if (!t || t->cls != FH_V_TUNIT || !(t->flags & FH_VF_DEF) || t->value == FH_U_DAY) return 0;
    if (t->value == FH_U_YEAR && !this_ && !same_ && general_before(w, j)) return 0;
    *unit = t->value;
    const fh_vtok *u = tk(w, j + 1);
    if (same_) {
        if (*unit == FH_U_WEEK || month_of_other_year(w, j)) return 0;
        *off = OFF_SAME;
        *next = j + 1;
        return 1;
    }
    if (this_) {
        *off = 0;
        *next = j + 1;
        return 1;
    }
    if (u && fh_vtight(w, j + 1) && u->cls == FH_V_DIR && !u->pre) {
        *off = u->value;
        *next = j + 2;
        return 1;
    }
    if (j > 0 && fh_vtight(w, j) && that_or_same(&w->tok[j - 1]) && *unit != FH_U_WEEK &&
        !month_of_other_year(w, j)) {
        *off = OFF_SAME; /* في ذلك العام, but not بعد ذلك العام الماضي */
        *next = j + 1;
        return 1;
    }
    if (!u || !fh_vtight(w, j + 1)) return 0;
    if (same_at(w, j + 1) && *unit != FH_U_WEEK) { /* العام نفسه */
        *off = OFF_SAME;
        *next = j + 2;
        return 1;
    }
    /* العام قبل الماضي: the year before last */
    const fh_vtok *v = tk(w, j + 2);
    if (u->cls == FH_V_TPREP && (u->flags & FH_VF_AGO) && !u->pre &&
        fh_vfolded_is(u, "\xd9\x82\xd8\xa8\xd9\x84") && /* قبل */
        v && v->cls == FH_V_DIR && v->value == -1 && fh_vtight(w, j + 2)) {
        *off = -2;
        *next = j + 3;
        return 1;
    }
    return 0;
}

/* ---- points ------------------------------------------------------------- */

static void set_dir(pres *r, int dir)
{
    r->p.rel = FH_REL_YEARLESS;
    r->p.dir = (int8_t)dir;
    r->kind |= K_REL;
}

/* A month's year given as العام الماضي (off) or العام نفسه (OFF_SAME). */
static void set_year_rel(pres *r, int off)
{
    r->p.rel = off == OFF_SAME ? FH_REL_SAME : FH_REL_YEAR;
    r->p.off = off == OFF_SAME ? FH_U_YEAR : off;
    r->kind |= K_REL;
}

/* فبراير/ شباط، عام 2019, 3 فبراير، 2019: a year after a comma, as
 * English dates are translated: a year word, or four digits of a year no
 * counted noun follows. */
static int comma_year(const fh_vwin *w, size_t j, yres *y, int *lead)
{
    const fh_vtok *t = tk(w, j);
    if (!t || (t->gap & FH_GAP_PUNCT) != FH_GAP_COMMA || !year_at(w, j, y, lead)) return 0;
    return *lead || (!y->era && t->kind == FH_VT_NUMBER && t->digits == 4 && y->y >= 1900 && y->y <= 2100 &&
                     !fh_counted_noun_at(w, y->next));
}

/* After a month (and day): a year, من العام الماضي / نفسه, الماضي / المقبل. */
static void month_rest(const fh_vwin *w, pres *r, const mres *mo)
{
    yres y;
    int lead, unit, off;
    size_t j = mo->next, k;
    r->next = j;
    r->end = mo->end;
    const fh_vtok *t = tk(w, j);
    /* شهر رمضان 1587 زيارة: no Hijri year lies so far ahead (1500 is
     * 2077), nor is one written as a Gregorian year before 1900 */
    if (((!broken(w, j) && year_at(w, j, &y, &lead)) || (mo->cal == FH_CAL_GREG && comma_year(w, j, &y, &lead))) &&
        !(mo->cal == FH_CAL_HIJRI && !y.era && y.y > 1500 && y.y < 1900)) {
        int hij_month = mo->cal == FH_CAL_HIJRI;
        /* a Hijri month with a Gregorian year or era is not one date */
        if (!hij_month && y.era == 'h') { /* not one date */
            set_dir(r, FH_DIR_NEAREST);
            return;
        }
        if (hij_month && (y.era == 'g' || (!y.era && y.y >= 1900))) {
            r->p.gy = y.y; /* رمضان 2018: the Ramadan that begins in 2018 */
            r->kind |= K_YEAR;
            r->next = y.next;
            r->end = y.end;
            return;
        }
        r->p.y = y.y;
        r->kind |= K_YEAR;
        r->next = y.next;
        r->end = y.end;
        return;
    }
    if (t && t->cls == FH_V_FROM && !broken(w, j) && fh_vtight(w, j + 1)) {
        /* أيار من العام 2021, نوفمبر من 2016, مايو من العام الماضي */
        if (year_at(w, j + 1, &y, &lead) && mo->cal == FH_CAL_GREG &&
            (lead || (!y.era && w->tok[j + 1].digits == 4 && y.y >= 1800 && y.y <= 2100))) {
            r->p.y = y.y;
            r->kind |= K_YEAR;
            r->next = y.next;
            r->end = y.end;
            return;
        }
        if (relunit_at(w, j + 1, &unit, &off, &k) && unit == FH_U_YEAR && mo->cal == FH_CAL_HIJRI &&
            off != OFF_SAME) {
            set_year_rel(r, off); /* رمضان من العام الماضي: of that Hijri year (values_resolve.c) */
            r->next = k;
            r->end = w->tok[k - 1].end;
            return;
        }
        if (relunit_at(w, j + 1, &unit, &off, &k) && unit == FH_U_YEAR &&
            mo->cal == FH_CAL_GREG) {
            if (fh_vtight(w, k) && year_num(w, k, &y) && y.era != 'h') {
                r->p.y = y.y; /* أكتوبر من العام الجاري 2018م: the year is written too */
                r->kind |= K_YEAR;
                r->next = y.next;
                r->end = y.end;
                return;
            }
            set_year_rel(r, off);
            r->next = k;
            r->end = w->tok[k - 1].end;
            return;
        }
    }
    /* نيسان العام الماضي; رمضان هذا العام, of this Hijri year (values_resolve.c) */
    if (t && !broken(w, j) && relunit_at(w, j, &unit, &off, &k) && unit == FH_U_YEAR &&
        (mo->cal == FH_CAL_GREG || off != OFF_SAME)) {
        set_year_rel(r, off);
        r->next = k;
        r->end = w->tok[k - 1].end;
        return;
    }
    /* أكتوبر (تشرين الأول) الماضي: the twin's bracket closed before it */
    int closed = t && (t->gap & FH_GAP_PUNCT) == FH_GAP_RPAREN && mo->end > w->tok[j - 1].end;
    if (t && t->cls == FH_V_DIR && !t->pre && (fh_vtight(w, j) || closed)) {
        set_dir(r, t->value);
        r->next = j + 1;
        r->end = t->end;
        return;
    }
    set_dir(r, FH_DIR_NEAREST);
}

/* Words that make a day and month after them part of a name (ثورة 25
 * يناير, حركة 20 فبراير, ملعب 15 أكتوبر), folded, by kind: an event's
 * day is its date, where the table below knows its year; a group named
 * after a day is that day's date where the table knows it, else no date;
 * a place named after a day (streets, stadiums, towns) is no date. */
enum { HEAD_EVENT = 1, HEAD_GROUP = 2, HEAD_PLACE = 4, HEAD_BORDER = 8 };
static const struct { const char *f; uint8_t kind; } day_heads[] = {
    {"\xd8\xab\xd9\x88\xd8\xb1\xd9\x87", HEAD_EVENT},                                 /* ثورة */
    {"\xd8\xa7\xd9\x86\xd8\xaa\xd9\x81\xd8\xa7\xd8\xb6\xd9\x87", HEAD_EVENT},         /* انتفاضة */
    {"\xd9\x87\xd8\xac\xd9\x85\xd8\xa7\xd8\xaa", HEAD_EVENT},                         /* هجمات */
    {"\xd8\xa7\xd8\xb9\xd8\xaa\xd8\xaf\xd8\xa7\xd8\xa1\xd8\xa7\xd8\xaa", HEAD_EVENT}, /* اعتداءات */
    {"\xd9\x87\xd8\xac\xd9\x88\xd9\x85", HEAD_EVENT},                                 /* هجوم */
    {"\xd8\xad\xd8\xb1\xd8\xa8", HEAD_EVENT},                                         /* حرب */
    {"\xd9\x86\xd9\x83\xd8\xb3\xd9\x87", HEAD_EVENT},                                 /* نكسة */
    {"\xd8\xa7\xd8\xad\xd8\xaf\xd8\xa7\xd8\xab", HEAD_EVENT},                         /* أحداث */
    {"\xd9\x85\xd9\x84\xd8\xad\xd9\x85\xd9\x87", HEAD_EVENT},                         /* ملحمة */
    {"\xd9\x86\xd8\xb5\xd8\xb1", HEAD_EVENT},                                         /* نصر */
    {"\xd8\xa7\xd9\x86\xd8\xaa\xd8\xb5\xd8\xa7\xd8\xb1", HEAD_EVENT},                 /* انتصار */
    {"\xd8\xad\xd8\xb1\xd9\x83\xd9\x87", HEAD_GROUP},                                 /* حركة */
    {"\xd8\xa7\xd8\xa1\xd8\xaa\xd9\x84\xd8\xa7\xd9\x81", HEAD_GROUP},                 /* ائتلاف */
    {"\xd9\x82\xd9\x88\xd9\x8a", HEAD_GROUP},                                         /* قوى */
    {"\xd8\xaa\xd9\x8a\xd8\xa7\xd8\xb1", HEAD_GROUP},                                 /* تيار */
    {"\xd8\xaa\xd9\x83\xd8\xaa\xd9\x84", HEAD_GROUP},                                 /* تكتل */
    {"\xd8\xaa\xd9\x83\xd8\xaa\xd9\x84\xd9\x8a", HEAD_GROUP},                         /* تكتلي: تكتلي 8 و14 آذار */
    {"\xd8\xaa\xd8\xad\xd8\xa7\xd9\x84\xd9\x81", HEAD_GROUP},                         /* تحالف */
    {"\xd9\x85\xd9\x84\xd8\xb9\xd8\xa8", HEAD_PLACE},                                 /* ملعب */
    {"\xd8\xb4\xd8\xa7\xd8\xb1\xd8\xb9", HEAD_PLACE},                                 /* شارع */
    {"\xd9\x86\xd9\x87\xd8\xac", HEAD_PLACE},                                         /* نهج */
    {"\xd9\x85\xd8\xaf\xd9\x8a\xd9\x86\xd9\x87", HEAD_PLACE},                         /* مدينة */
    {"\xd8\xac\xd8\xb3\xd8\xb1", HEAD_PLACE},                                         /* جسر */
    {"\xd9\x83\xd9\x88\xd8\xa8\xd8\xb1\xd9\x8a", HEAD_PLACE},                         /* كوبري */
    {"\xd9\x85\xd9\x8a\xd8\xaf\xd8\xa7\xd9\x86", HEAD_PLACE},                         /* ميدان */
    {"\xd8\xb3\xd8\xa7\xd8\xad\xd9\x87", HEAD_PLACE},                                 /* ساحة */
    {"\xd8\xac\xd8\xa7\xd9\x85\xd8\xb9\xd9\x87", HEAD_PLACE},                         /* جامعة */
    {"\xd9\x85\xd8\xb3\xd8\xaa\xd8\xb4\xd9\x81\xd9\x8a", HEAD_PLACE},                 /* مستشفى */
    {"\xd8\xab\xd9\x83\xd9\x86\xd9\x87", HEAD_PLACE},                                 /* ثكنة */
    {"\xd9\x85\xd8\xaf\xd8\xb1\xd8\xb3\xd9\x87", HEAD_PLACE},                         /* مدرسة */
    {"\xd9\x85\xd8\xb9\xd9\x87\xd8\xaf", HEAD_PLACE},                                 /* معهد */
    {"\xd9\x86\xd8\xa7\xd8\xaf\xd9\x8a", HEAD_PLACE},                                 /* نادي */
    {"\xd9\x85\xd8\xb7\xd8\xa7\xd8\xb1", HEAD_PLACE},                                 /* مطار */
    {"\xd8\xad\xd8\xaf\xd9\x88\xd8\xaf", HEAD_BORDER},                                 /* حدود */
};

/* Days that name an event or a group of Arab news, and the heads each is
 * read with (8 آذار is Lebanon's group of 2005 after قوى, not a revolt). */
static const struct { uint8_t d, m; int16_t y; uint8_t heads, cal; } named_days[] = {
    {25, 1, 2011, HEAD_EVENT | HEAD_GROUP, FH_CAL_GREG}, /* Egypt */
    {14, 1, 2011, HEAD_EVENT | HEAD_GROUP, FH_CAL_GREG}, /* Tunisia */
    {17, 12, 2010, HEAD_EVENT | HEAD_GROUP, FH_CAL_GREG}, /* Tunisia, its start */
    {17, 2, 2011, HEAD_EVENT | HEAD_GROUP, FH_CAL_GREG}, /* Libya */
    {11, 2, 2011, HEAD_EVENT | HEAD_GROUP, FH_CAL_GREG}, /* Yemen */
    {14, 2, 2011, HEAD_EVENT | HEAD_GROUP, FH_CAL_GREG}, /* Bahrain */
    {20, 2, 2011, HEAD_EVENT | HEAD_GROUP, FH_CAL_GREG}, /* Morocco */
    {15, 3, 2011, HEAD_EVENT | HEAD_GROUP, FH_CAL_GREG}, /* Syria */
    {30, 6, 2013, HEAD_EVENT | HEAD_GROUP, FH_CAL_GREG}, /* Egypt */
    {6, 4, 2008, HEAD_GROUP, FH_CAL_GREG},   /* Egypt's 6 April movement */
    {14, 3, 2005, HEAD_EVENT | HEAD_GROUP, FH_CAL_GREG}, /* Lebanon */
    {8, 3, 2005, HEAD_GROUP, FH_CAL_GREG},   /* Lebanon */
    {23, 7, 1952, HEAD_EVENT | HEAD_GROUP, FH_CAL_GREG}, /* Egypt */
    {26, 9, 1962, HEAD_EVENT | HEAD_GROUP, FH_CAL_GREG}, /* Yemen */
    {11, 9, 2001, HEAD_EVENT, FH_CAL_GREG},  /* the attacks on the United States */
    {13, 11, 2015, HEAD_EVENT, FH_CAL_GREG}, /* the attacks in Paris */
    {5, 6, 1967, HEAD_EVENT, FH_CAL_GREG},   /* the June war */
    {6, 10, 1973, HEAD_EVENT, FH_CAL_GREG},  /* the October war */
    {7, 3, 2016, HEAD_EVENT, FH_CAL_GREG},   /* Ben Guerdane */
    {4, 6, 1967, HEAD_BORDER, FH_CAL_GREG},  /* حدود الرابع من يونيو: the lines before the June war */
    {10, 9, 1393, HEAD_EVENT, FH_CAL_HIJRI}, /* نصر العاشر من رمضان: the October war */
};

/* The kind of head token i-1 is (HEAD_*), or 0 (fh_vword_is), with no
 * stop, line or comma between it and token i (ثورة الـ 25 من يناير). */
static int day_head(const fh_vwin *w, size_t i)
{
    if (i == 0 || i >= w->n || (w->tok[i].gap & (FH_GAP_STOP | FH_GAP_NEWLINE | FH_GAP_COMMA))) return 0;
    /* تكتلي 8 و14 آذار: the second day of a list takes the first's head */
    const fh_vtok *t = &w->tok[i];
    if (i >= 3 && t->kind == FH_VT_NUMBER && w->tok[i - 1].cls == FH_V_AND && !w->tok[i - 1].pre &&
        w->tok[i - 2].kind == FH_VT_NUMBER && fh_vtight(w, i - 1) && fh_vtight(w, i - 2))
        i -= 2;
    else if (i >= 2 && t->kind == FH_VT_NUMBER && t->wa && w->tok[i - 1].kind == FH_VT_NUMBER && fh_vtight(w, i - 1))
        i -= 1;
    for (size_t k = 0; k < sizeof day_heads / sizeof day_heads[0]; k++)
        if (fh_vword_is(&w->tok[i - 1], day_heads[k].f)) return day_heads[k].kind;
    /* المدرسة الابتدائية 2 ماي: the head with its article and a nisba
     * adjective before the day's number */
    const fh_vtok *adj = &w->tok[i - 1], *head = i >= 2 ? &w->tok[i - 2] : NULL;
    if (!head || w->tok[i].kind != FH_VT_NUMBER || !adj->al || adj->pre || !fh_vtight(w, i - 1) || head->pre ||
        head->flen < 6 || fh_vfolded_is(head, "\xd8\xa7\xd9\x84\xd9\x86\xd8\xa7\xd8\xaf\xd9\x8a") || /* النادي الإفريقي 15 فيفري: a club on a day */
        memcmp(head->f, "\xd8\xa7\xd9\x84", 4) || /* ال */
        !(fh_vfolded_ends(adj, "\xd9\x8a") || fh_vfolded_ends(adj, "\xd9\x8a\xd9\x87"))) /* ي, يه */
        return 0;
    for (size_t k = 0; k < sizeof day_heads / sizeof day_heads[0]; k++)
        if ((size_t)head->flen - 4 == strlen(day_heads[k].f) && !memcmp(head->f + 4, day_heads[k].f, head->flen - 4u))
            return day_heads[k].kind;
    return 0;
}

/* The year of the event or group day d of month m of calendar cal names
 * after token i's head, or 0. */
static int named_day_year(const fh_vwin *w, size_t i, int d, int m, int cal)
{
    int head = day_head(w, i);
    for (size_t k = 0; head && k < sizeof named_days / sizeof named_days[0]; k++)
        if (named_days[k].d == d && named_days[k].m == m && named_days[k].cal == cal && (named_days[k].heads & head))
            return named_days[k].y;
    return 0;
}

/* The day d (read from token i up to j) of a month named by its place:
 * 19 من الشهر الجاري, العاشر من الشهر المقبل, 26 من الشهر نفسه, 17 الجاري,
 * في 13 منه. */
static int rel_month_day(const fh_vwin *w, size_t i, size_t j, int d, pres *r)
{
    int unit, off;
    size_t k = j, next;
    /* في 17 الجاري: the current month's day, its month unsaid (in digits:
     * زوجته الثانية الحالية is his present second wife) */
    const fh_vtok *cur = tk(w, j);
    if (j == i + 1 && fh_vplain(w, i) && cur && cur->cls == FH_V_DIR && cur->value == 0 && !cur->pre &&
        !(cur->flags & FH_VF_DUAL) && fh_vtight(w, j)) {
        off = 0;
        next = j + 1;
    } else if (j == i + 1 && cur && !cur->pre && fh_vtight(w, j) && fh_vfolded_is(cur, "\xd9\x85\xd9\x86\xd9\x87") && /* منه */
               i > 0 && fh_vtight(w, i) &&
               ((w->tok[i - 1].cls == FH_V_IN && !w->tok[i - 1].pre) ||
                fh_vfolded_is(&w->tok[i - 1], "\xd9\x8a\xd9\x88\xd9\x85"))) { /* يوم */
        /* في 9 يونيو ... وفي 13 منه, وانتهت يوم 24 منه: a day of the
         * month named last (not أكثر من 50% منه, a share) */
        off = OFF_SAME;
        next = j + 1;
    } else {
        if (k == i + 1 && fh_vcls(w, k) == FH_V_FROM && fh_vtight(w, k)) k++; /* 19 من */
        /* في الأول الشهر المقبل: a day in words after في, its من left out
         * (not المركز الأول الشهر الماضي, a rank) */
        int from_unsaid = k == j && w->tok[i].kind == FH_VT_WORD && i > 0 && w->tok[i - 1].cls == FH_V_IN &&
                          !w->tok[i - 1].pre && fh_vtight(w, i);
        if (k == 0 || k >= w->n || !(w->tok[k - 1].cls == FH_V_FROM || from_unsaid) || !fh_vtight(w, k)) return 0;
        if (!relunit_at(w, k, &unit, &off, &next) || unit != FH_U_MONTH) return 0;
        /* 5 من الشهر نفسه من العام الماضي: a month this finder does not name */
        if (off == OFF_SAME && fh_vcls(w, next) == FH_V_FROM && fh_vtight(w, next)) return 0;
    }
    r->p.d = d;
    r->p.rel = off == OFF_SAME ? FH_REL_SAME : FH_REL_MONTH;
    r->p.off = off == OFF_SAME ? FH_U_MONTH : off;
    r->p.prec = FAHRAS_PREC_DAY;
    r->kind = K_DAY | K_REL;
    r->next = next;
    r->end = w->tok[next - 1].end;
    return 1;
}

/* day month [year] [direction] */
static int dmy_at(const fh_vwin *w, size_t i, pres *r, int bare)
{
    int d;
    size_t j, start;
    if (!day_at(w, i, &d, &j, &start)) return 0;
    mres mo;
    pres_init(r, start);
    /* 27 من شهر رمضان, 27 شهر رمضان (not أول شهر رمضان بعد هزيمة, the first) */
    if (month_word_at(w, j) && fh_vtight(w, j) && (w->tok[i].kind == FH_VT_NUMBER || fh_vcls(w, j - 1) == FH_V_FROM))
        j++;
    else if (of_month_word_at(w, j) && fh_vtight(w, j)) /* الرابع عشر لشهر يونيو */
        j++;
    /* 9.مارس المتحدة: a dot right before the month ends a list item's
     * number; رقم (9) وماي: a bracket closed on the day ends it */
    if (!broken(w, j) && w->tok[j].gap != FH_GAP_DOT && !(w->tok[j].gap & FH_GAP_RPAREN) &&
        month_at(w, j, &mo)) {
        if (d > (mo.cal == FH_CAL_HIJRI ? 30 : fh_days_in_month(2000, mo.m))) return 0;
        /* 3-صفر, 3 / صفر are a score (صفر, zero), not the 3rd of Safar */
        if (mo.cal == FH_CAL_HIJRI && (w->tok[j].gap & (FH_GAP_DASH | FH_GAP_SLASH))) return 0;
        r->p.d = d;
        r->p.m = mo.m;
        r->p.cal = (uint8_t)mo.cal;
        r->kind = K_DAY | K_MONTH;
        month_rest(w, r, &mo);
        int ny;
        if (r->p.rel == FH_REL_YEARLESS && r->p.dir == FH_DIR_NEAREST &&
            (ny = named_day_year(w, i, d, mo.m, mo.cal))) {
            r->p.rel = FH_REL_NONE;
            r->p.y = ny;
            r->kind = (r->kind & ~K_REL) | K_YEAR;
        }
        if ((r->kind & K_YEAR) && mo.cal == FH_CAL_GREG &&
            !fh_valid_date(r->p.y, r->p.m, r->p.d))
            return 0;
        r->p.prec = FAHRAS_PREC_DAY;
        return 1;
    }
    if (rel_month_day(w, i, j, d, r)) return 1;
    /* من الثامن الى العاشر من ديسمبر: a day in words opens a range too,
     * right after من or بين (not المركز الثالث إلى 5 مارس) */
    int word_day = w->tok[i].kind == FH_VT_WORD && (w->tok[i].flags & FH_VF_DEF) && i > 0 && fh_vtight(w, i) &&
                   (!w->tok[i - 1].pre || (w->tok[i - 1].wa && w->tok[i - 1].pre == 2)) &&
                   (w->tok[i - 1].cls == FH_V_FROM || w->tok[i - 1].cls == FH_V_BETWEEN);
    if ((bare & BARE_DAY) && (fh_vplain(w, i) || word_day)) {
        r->p.d = d;
        r->kind = K_BAREDAY;
        r->next = word_day ? j : i + 1;
        r->end = w->tok[r->next - 1].end;
        return 1;
    }
    return 0;
}

/* Months that name an event of Arab news after its head word, and the
 * year the event was (حرب أكتوبر, نكسة يونيو/حزيران, ثورة يناير). */
static const struct { const char *head; uint8_t m; int16_t y; } named_months[] = {
    {"\xd8\xad\xd8\xb1\xd8\xa8", 6, 1967},  /* حرب: the June war */
    {"\xd9\x86\xd9\x83\xd8\xb3\xd9\x87", 6, 1967},    /* نكسة */
    {"\xd8\xad\xd8\xb1\xd8\xa8", 10, 1973}, /* حرب: the October war */
    {"\xd8\xab\xd9\x88\xd8\xb1\xd9\x87", 1, 2011},    /* ثورة: Egypt's January revolution */
    {"\xd8\xad\xd8\xb1\xd8\xa8", 7, 2006},  /* حرب تموز: the Lebanon war */
    {"\xd8\xb9\xd8\xaf\xd9\x88\xd8\xa7\xd9\x86", 7, 2006}, /* عدوان تموز: the same war */
    {"\xd8\xab\xd9\x88\xd8\xb1\xd9\x87", 7, 1952},    /* ثورة يوليو: Egypt's July revolution */
};

/* The year of the event month m names after the word before token i, or 0. */
static int named_month_year(const fh_vwin *w, size_t i, int m)
{
    if (i == 0 || !fh_vtight(w, i)) return 0;
    for (size_t k = 0; k < sizeof named_months / sizeof named_months[0]; k++)
        if (named_months[k].m == m && fh_vword_is(&w->tok[i - 1], named_months[k].head)) return named_months[k].y;
    return 0;
}

/* من كل سنة, كل عام at token k: every year's month, no date. */
static int every_year_at(const fh_vwin *w, size_t k)
{
    if (fh_vcls(w, k) == FH_V_FROM && fh_vtight(w, k)) k++;
    const fh_vtok *c = tk(w, k), *y = tk(w, k + 1);
    return c && y && fh_vtight(w, k) && fh_vtight(w, k + 1) && c->kind == FH_VT_WORD && !c->pre &&
           fh_vfolded_is(c, "\xd9\x83\xd9\x84") && /* كل */
           is_year_word(y) && !(y->flags & FH_VF_DEF) && !y->pre;
}

/* تحدث كل سنة خلال الفترة الممتدة من 17 يوليو: كل سنة or كل عام a few
 * words before token i in its sentence, every year's dates to follow. */
static int every_year_before(const fh_vwin *w, size_t i)
{
    for (size_t k = i, n = 0; k > 1 && n < 6; k--, n++) {
        if (w->tok[k].gap & (FH_GAP_STOP | FH_GAP_NEWLINE)) return 0;
        if (every_year_at(w, k - 2)) return 1;
    }
    return 0;
}

/* وتبدأ السنة المالية بمصر في الأول من يوليو وتنتهي في 30 يونيو: a date
 * in a sentence telling where a fiscal year (one with no number after
 * it) begins or ends, a verb in the present before it, is every year's. */
static int fiscal_year_bounds_before(const fh_vwin *w, size_t i)
{
    static const char *const verbs[] = {
        "\xd8\xaa\xd8\xa8\xd8\xaf\xd8\xa7",                 /* تبدأ */
        "\xd9\x8a\xd8\xa8\xd8\xaf\xd8\xa7",                 /* يبدأ */
        "\xd8\xaa\xd9\x86\xd8\xaa\xd9\x87\xd9\x8a",       /* تنتهي */
        "\xd9\x8a\xd9\x86\xd8\xaa\xd9\x87\xd9\x8a",       /* ينتهي */
    };
    for (size_t k = i, n = 0; k > 2 && n < 16; k--, n++) {
        if (w->tok[k].gap & (FH_GAP_STOP | FH_GAP_NEWLINE)) return 0;
        const fh_vtok *v = &w->tok[k - 3], *y = &w->tok[k - 2], *f = &w->tok[k - 1], *after = &w->tok[k];
        if (fh_vword_in(v, verbs, sizeof verbs / sizeof verbs[0]) && fh_vtight(w, k - 2) && fh_vtight(w, k - 1) &&
            ((fh_vfolded_is(y, "\xd8\xa7\xd9\x84\xd8\xb3\xd9\x86\xd9\x87") &&                        /* السنة */
              fh_vfolded_is(f, "\xd8\xa7\xd9\x84\xd9\x85\xd8\xa7\xd9\x84\xd9\x8a\xd9\x87")) ||          /* المالية */
             (fh_vfolded_is(y, "\xd8\xa7\xd9\x84\xd8\xb9\xd8\xa7\xd9\x85") &&                          /* العام */
              fh_vfolded_is(f, "\xd8\xa7\xd9\x84\xd9\x85\xd8\xa7\xd9\x84\xd9\x8a"))))                /* المالي */
            return after->kind != FH_VT_NUMBER;
    }
    return 0;
}

/* هو or هي, or الذي and اعتبر, at token k after a month: what the month is
 * held to be, a month as such (شهر رمضان هو شهر الأسرة). */
static int month_as_such(const fh_vwin *w, size_t k)
{
    const fh_vtok *t = tk(w, k), *v = tk(w, k + 1);
    if (!t || !fh_vtight(w, k) || t->pre) return 0;
    if (fh_vfolded_is(t, "\xd9\x87\xd9\x88") || fh_vfolded_is(t, "\xd9\x87\xd9\x8a")) return 1; /* هو هي */
    if (!v || !fh_vtight(w, k + 1) || !fh_vfolded_is(t, "\xd8\xa7\xd9\x84\xd8\xb0\xd9\x8a")) return 0; /* الذي */
    /* اعتبر, يعتبر, تعتبر and their endings */
    const char *f = v->f;
    size_t n = v->flen;
    if (n >= 2 && (ar_letter_at(f, AR_YEH) || ar_letter_at(f, AR_TEH))) f += 2, n -= 2;
    else if (n >= 2 && ar_letter_at(f, AR_ALEF)) f += 2, n -= 2;
    return n >= 8 && !memcmp(f, "\xd8\xb9\xd8\xaa\xd8\xa8\xd8\xb1", 8); /* عتبر */
}

/* يوما وطنيا, عيدا رسميا, يوم عالمي at token k: a day named a yearly
 * feast (إعلان 6 فيفري يوم وطني, اعتماد الثامن من مارس يوما عالميا), which
 * no one year holds. */
static int yearly_feast_at(const fh_vwin *w, size_t k)
{
    static const char *const heads[] = {
        "\xd9\x8a\xd9\x88\xd9\x85", "\xd9\x8a\xd9\x88\xd9\x85\xd8\xa7", /* يوم يوما */
        "\xd8\xb9\xd9\x8a\xd8\xaf", "\xd8\xb9\xd9\x8a\xd8\xaf\xd8\xa7", /* عيد عيدا */
    };
    static const char *const kinds[] = {
        "\xd9\x88\xd8\xb7\xd9\x86\xd9\x8a", "\xd9\x88\xd8\xb7\xd9\x86\xd9\x8a\xd8\xa7",             /* وطني وطنيا */
        "\xd8\xb9\xd8\xa7\xd9\x84\xd9\x85\xd9\x8a", "\xd8\xb9\xd8\xa7\xd9\x84\xd9\x85\xd9\x8a\xd8\xa7", /* عالمي عالميا */
        "\xd8\xaf\xd9\x88\xd9\x84\xd9\x8a", "\xd8\xaf\xd9\x88\xd9\x84\xd9\x8a\xd8\xa7",             /* دولي دوليا */
        "\xd8\xb1\xd8\xb3\xd9\x85\xd9\x8a", "\xd8\xb1\xd8\xb3\xd9\x85\xd9\x8a\xd8\xa7",             /* رسمي رسميا */
    };
    return k + 1 < w->n && fh_vtight(w, k) && fh_vtight(w, k + 1) &&
           fh_vword_among(&w->tok[k], heads, sizeof heads / sizeof heads[0]) &&
           fh_vword_among(&w->tok[k + 1], kinds, sizeof kinds / sizeof kinds[0]);
}

/* The Gregorian year in four digits at most n tokens before token i, in
 * its clause, with no و-joined item or verb in the future between (في
 * نوفمبر 2016 وفي يوليو is a list; وسيلتقون في يونيو a plan); *at its token.
 * 0 when the first plain number met is no such year. */
static int clause_year_before(const fh_vwin *w, size_t i, size_t n, size_t *at)
{
    for (size_t k = i, c = 0; k > 0 && c < n; k--, c++) {
        if (w->tok[k].gap & (FH_GAP_STOP | FH_GAP_NEWLINE | FH_GAP_COMMA | FH_GAP_COLON | FH_GAP_LPAREN | FH_GAP_RPAREN))
            return 0;
        if (w->tok[k].wa || w->tok[k].future) return 0;
        if (!fh_vplain(w, k - 1)) continue;
        const fh_vtok *y = &w->tok[k - 1];
        if (y->digits != 4 || y->num.e || y->num.m < 1900 || y->num.m > 2100) return 0;
        *at = k - 1;
        return (int)y->num.m;
    }
    return 0;
}

/* تحرير سعر الصرف في نوفمبر 2016 ليصل إلى مستوى قياسي في يوليو: a bare
 * month m after في at token i, in the clause of a month with its year told
 * a few words before; the story goes forward, so the first such month after
 * that one: its year, or 0. */
static int year_after_dated_month(const fh_vwin *w, size_t i, int m)
{
    size_t at;
    int y;
    if (i == 0 || !fh_vtight(w, i) || w->tok[i - 1].cls != FH_V_IN || !(y = clause_year_before(w, i - 1, 14, &at)))
        return 0;
    for (size_t j = at >= 4 ? at - 4 : 0; j < at; j++) {
        mres mo;
        if (month_at(w, j, &mo) && mo.cal == FH_CAL_GREG && mo.next == at) return y + (m > mo.m ? 0 : 1);
    }
    return 0;
}

/* مونديال 2014 خلال شهر رمضان, حزيران 2017 الذي وافق معظمه شهر رمضان: a
 * year in digits a few words before a bare Hijri month after شهر at token
 * i, in its clause (not منذ سبتمبر 2016 وقبل شهر رمضان); the Hijri year
 * whose month m begins in it, or 0. */
static int hijri_year_in_clause(const fh_vwin *w, size_t i, int m)
{
    size_t at;
    int g = clause_year_before(w, i, 8, &at), hy, hm, hd, gy, gm, gd;
    if (!g || fh_jdn_to_hijri(fh_jdn(g, 1, 1), &hy, &hm, &hd) < 0) return 0;
    if (hm > m) hy++;
    long start = fh_hijri_to_jdn(hy, m, 1);
    if (start < 0) return 0;
    fh_from_jdn(start, &gy, &gm, &gd);
    return gy == g ? hy : 0;
}

/* [شهر] month [year | direction] at token i, read whatever the words
 * around it say: *j at the month's name, *shahr with شهر before it. */
static int my_read(const fh_vwin *w, size_t i, pres *r, size_t *j, mres *mo, int *shahr)
{
    const fh_vtok *t = tk(w, i);
    *j = i;
    *shahr = 0;
    if (!t) return 0;
    if (t->cls == FH_V_TUNIT && t->value == FH_U_MONTH && !(t->flags & (FH_VF_DEF | FH_VF_PL | FH_VF_DUAL)) &&
        fh_vtight(w, i + 1)) {
        *shahr = 1;
        *j = i + 1;
    }
    if (!month_at(w, *j, mo)) return 0;
    /* بـ"يناير", مؤسسة "مارس", صحيفة "جوان": a month's word alone in quotes
     * names a feast, a firm or a paper */
    if (!*shahr && mo->next == *j + 1 && fh_vquoted_alone(w, *j)) return 0;
    pres_init(r, t->start);
    r->p.m = mo->m;
    r->p.cal = (uint8_t)mo->cal;
    r->kind = K_MONTH;
    month_rest(w, r, mo);
    r->p.prec = FAHRAS_PREC_MONTH;
    /* a bare month's year told by the words around it: نكسة يونيو/حزيران
     * 1967, في نوفمبر 2016 ليصل إلى ذروته في يوليو 2017, مونديال 2014 خلال
     * شهر رمضان 1435 */
    int ny = 0;
    if (r->p.rel == FH_REL_YEARLESS && r->p.dir == FH_DIR_NEAREST) {
        if (mo->cal == FH_CAL_GREG && !(ny = named_month_year(w, i, mo->m))) ny = year_after_dated_month(w, i, mo->m);
        else if (mo->cal == FH_CAL_HIJRI && *shahr) ny = hijri_year_in_clause(w, i, mo->m);
    }
    if (ny) {
        r->p.rel = FH_REL_NONE;
        r->p.y = ny;
        r->kind = (r->kind & ~K_REL) | K_YEAR;
    }
    return 1;
}

static int month_part_word(const fh_vtok *t);

/* Token k goes on to a second month: ومارس, و مارس, إلى مارس, حتى مارس. */
static int month_follows_as_end(const fh_vwin *w, size_t k)
{
    const fh_vtok *t = tk(w, k), *u = tk(w, k + 1);
    if (!t || !fh_vtight(w, k)) return 0;
    if (t->wa && t->pre == 2 && t->cls == FH_V_MONTH) return 1;
    return u && !t->pre && fh_vtight(w, k + 1) && u->cls == FH_V_MONTH && !u->pre &&
           (t->cls == FH_V_AND || t->cls == FH_V_TO || t->cls == FH_V_UNTIL);
}

/* [شهر] month [year | direction] */
static int my_at(const fh_vwin *w, size_t i, pres *r)
{
    size_t j;
    mres mo;
    int shahr;
    if (!my_read(w, i, r, &j, &mo, &shahr)) return 0;
    if (shahr || !mo.amb) return 1;
    /* a name that is also a word: after [و]في or a preposition of time (في
     * مارس، in March; بعد رمضان, وخلال صفر, حتى ماي, بنهاية مارس), or with a
     * year or a direction after it */
    const fh_vtok *b = i > 0 ? &w->tok[i - 1] : NULL;
    if (b && fh_vtight(w, i) &&
        ((b->cls == FH_V_IN && (!b->pre || (b->wa && b->pre == 2))) ||
         ((b->cls == FH_V_TPREP || b->cls == FH_V_UNTIL) && b->pre <= 2 &&
          (!fh_vfolded_is(&w->tok[j], "\xd9\x85\xd8\xa7\xd9\x8a") || month_part_word(b))))) /* سيلتقي بعد ماي: Theresa May; منتصف ماي */
        return 1;
    /* شهري جوان وجويلية من سنة 2017, بين مارس و أفريل, من مارس إلى أفريل:
     * the dual of شهر, بين or من before two months */
    if (b && fh_vtight(w, i) && (!b->pre || (b->wa && b->pre == 2)) &&
        (fh_vfolded_is(b, "\xd8\xb4\xd9\x87\xd8\xb1\xd9\x8a") || /* شهري */
         b->cls == FH_V_BETWEEN || b->cls == FH_V_FROM) &&
        month_follows_as_end(w, j + 1))
        return 1;
    /* جويلية و أوت وسبتمبر 2015, جوان وجويلية وأوت: an item of a list of months */
    const fh_vtok *q = j > 0 ? &w->tok[j - 1] : NULL;
    if (q && fh_vtight(w, j) &&
        ((w->tok[j].wa && q->cls == FH_V_MONTH) ||
         (q->cls == FH_V_AND && !q->pre && j > 1 && fh_vtight(w, j - 1) && w->tok[j - 2].cls == FH_V_MONTH)))
        return 1;
    return (r->kind & K_YEAR) || (r->p.rel == FH_REL_YEARLESS && r->p.dir != FH_DIR_NEAREST) ||
           r->p.rel == FH_REL_YEAR;
}

/* 14/4/2021, 14-04-2021, 14.4.2021, 2021-04-14, 2021/4/14, in either digit
 * system, read from the text itself (the tokenizer splits them). */
static size_t digits_at(const char *s, size_t len, size_t i, int *v, int *nd)
{
    *v = 0;
    *nd = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        int d = -1, k = 1;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (i + 1 < len && c == 0xD9 && (unsigned char)s[i + 1] >= 0xA0 &&
                 (unsigned char)s[i + 1] <= 0xA9)
            d = (unsigned char)s[i + 1] - 0xA0, k = 2;
        else if (i + 1 < len && c == 0xDB && (unsigned char)s[i + 1] >= 0xB0 &&
                 (unsigned char)s[i + 1] <= 0xB9)
            d = (unsigned char)s[i + 1] - 0xB0, k = 2;
        if (d < 0 || *nd >= 4) break;
        *v = *v * 10 + d;
        (*nd)++;
        i += (size_t)k;
    }
    return i;
}

/* Past spaces and the invisible controls editors leave around a slash
 * (the direction marks of 9 ‏/ 8‏ / 2018), as the gap between tokens
 * reads them (fh_vgap). */
static size_t skip_blanks(const char *text, size_t len, size_t q)
{
    const unsigned char *s = (const unsigned char *)text;
    for (;;) {
        uint32_t cp;
        size_t k = q < len ? fh_utf8_decode(s + q, len - q, &cp) : 0;
        if (!k || (cp != ' ' && fh_class_of(cp) != FH_CL_IGNORE)) return q;
        q += k;
    }
}

static int numeric_at(const fh_vwin *w, size_t i, pres *r)
{
    const fh_vtok *t = tk(w, i);
    if (!t || t->kind != FH_VT_NUMBER || t->grouped) return 0;
    const char *s = w->text;
    size_t len = w->len, p = t->start;
    int v[3], nd[3];
    char sep = 0;
    for (int g = 0; g < 3; g++) {
        p = digits_at(s, len, p, &v[g], &nd[g]);
        if (!nd[g]) return 0;
        if (g == 2) break;
        size_t q = skip_blanks(s, len, p); /* 3 / 2 / 1440, 9 ‏/ 8‏ / 2018 */
        if (q >= len || (s[q] != '/' && s[q] != '-' && s[q] != '.')) return 0;
        if (q > p && s[q] != '/') return 0;
        if (g == 0) sep = s[q];
        else if (s[q] != sep) return 0;
        p = q + 1;
        if (sep == '/') p = skip_blanks(s, len, p);
    }
    /* another digit or separator-and-digit: a longer code, not a date */
    int tail;
    int tn;
    if (p < len && (s[p] == '/' || s[p] == '-' || s[p] == '.') && digits_at(s, len, p + 1, &tail, &tn) > p + 1)
        return 0;
    if (digits_at(s, len, p, &tail, &tn) != p) return 0;
    int y, m, d;
    if (nd[0] == 4 && nd[1] <= 2 && nd[2] <= 2) y = v[0], m = v[1], d = v[2];
    else if (nd[0] <= 2 && nd[1] <= 2 && nd[2] == 4) {
        d = v[0], m = v[1], y = v[2];
        if (m > 12 && d <= 12) { int x = d; d = m; m = x; } /* 4/14/2021: month first */
    } else return 0;
    pres_init(r, t->start);
    r->p.y = y;
    r->p.m = m;
    r->p.d = d;
    r->p.prec = FAHRAS_PREC_DAY;
    r->kind = K_DAY | K_MONTH | K_YEAR;
    /* an era glued to the last group: 1442/9/2هـ */
    size_t j = i;
    while (j < w->n && w->tok[j].start < p) j++;
    const fh_vtok *last = &w->tok[j - 1];
    size_t end = p > last->end ? p : last->end;
    /* an era, or a year no modern text gives a Gregorian day of (14/10/1439) */
    if (last->era == 'h' || (!last->era && y >= 1300 && y < 1500)) r->p.cal = FH_CAL_HIJRI;
    const fh_vtok *u = tk(w, j);
    if (!last->era && u && u->cls == FH_V_ERA && !u->pre && fh_vtight(w, j)) {
        if (u->flags & FH_VF_HIJ) r->p.cal = FH_CAL_HIJRI;
        end = u->end;
        j++;
    }
    if (r->p.cal == FH_CAL_GREG ? !fh_valid_date(y, m, d) : (m < 1 || m > 12 || d < 1 || d > 30))
        return 0;
    r->next = j;
    r->end = end;
    return 1;
}

static int prev_is(const fh_vwin *w, size_t i, int cls)
{
    return i > 0 && w->tok[i - 1].cls == cls && !(w->tok[i].gap & (FH_GAP_STOP | FH_GAP_NEWLINE));
}

/* Years: عام 2021, 2021م, 1442 هـ, and a bare 4-digit year where the
 * words around it say it is one (في 2019, موازنة 2021), not a count. */
/* What comes before the من at token k makes the number after it a year:
 * a part of the year or a period (الربع الأول من 2018, الفترة ذاتها من
 * 2015), a start (اعتبارا من 2019) or a month (نوفمبر من 2016); أكثر من
 * 2000 and عينة من 2008 نساء are amounts. */
static int period_before(const fh_vwin *w, size_t k)
{
    if (k == 0 || !fh_vtight(w, k)) return 0;
    const fh_vtok *p = &w->tok[k - 1];
    if (p->pre && p->cls != FH_V_ORD) return 0;
    switch (p->cls) {
    case FH_V_PERIOD:
    case FH_V_SAME:
    case FH_V_ORD:
    case FH_V_MONTH:
    case FH_V_HMONTH:
        return 1;
    case FH_V_TPREP:
        return !(p->flags & FH_VF_AGO);
    case FH_V_TUNIT:
        return p->value == FH_U_MONTH || p->value == FH_U_WEEK;
    default:
        return 0;
    }
}

/* Words a year names the edition or vintage of (كأس العالم 2018, مونديال
 * 2026, نسخة 1998, مواليد 1994, رؤية 2030, قانون المالية 2017, انتخابات
 * 1999, أمم أوروبا 2016, ثورة 1989, في أفق 2019: the horizon of a plan):
 * the year stays one with a noun after
 * it (كأس العالم 2018 أصحاب المراكز الثلاثة الأولى). */
static int event_before(const fh_vtok *p)
{
    static const char *const heads[] = {
        "\xd8\xa7\xd9\x84\xd8\xb9\xd8\xa7\xd9\x84\xd9\x85", "\xd9\x85\xd9\x88\xd9\x86\xd8\xaf\xd9\x8a\xd8\xa7\xd9\x84", "\xd9\x86\xd8\xb3\xd8\xae\xd9\x87", "\xd9\x85\xd9\x88\xd8\xa7\xd9\x84\xd9\x8a\xd8\xaf", "\xd8\xb1\xd8\xa1\xd9\x8a\xd9\x87", "\xd8\xa7\xd9\x84\xd9\x85\xd8\xa7\xd9\x84\xd9\x8a\xd9\x87", "\xd8\xa7\xd9\x86\xd8\xaa\xd8\xae\xd8\xa7\xd8\xa8\xd8\xa7\xd8\xaa", "\xd8\xa7\xd9\x88\xd8\xb1\xd9\x88\xd8\xa8\xd8\xa7", "\xd8\xab\xd9\x88\xd8\xb1\xd9\x87", "\xd8\xa7\xd9\x84\xd8\xa7\xd9\x81\xd8\xb1\xd9\x8a\xd9\x82\xd9\x8a\xd9\x87", "\xd8\xaf\xd9\x88\xd8\xb1\xd9\x87", "\xd8\xa7\xd9\x88\xd9\x84\xd9\x85\xd8\xa8\xd9\x8a\xd8\xa7\xd8\xaf", "\xd9\x8a\xd9\x88\xd8\xb1\xd9\x88",
        "\xd8\xb1\xd8\xa1\xd8\xa7\xd8\xb3\xd9\x8a\xd8\xa7\xd8\xaa", "\xd8\xaa\xd8\xb4\xd8\xb1\xd9\x8a\xd8\xb9\xd9\x8a\xd8\xa7\xd8\xaa",
        "\xd8\xa7\xd9\x81\xd9\x82", "\xd8\xa7\xd9\x81\xd8\xa7\xd9\x82",
    }; /* العالم مونديال نسخة مواليد رؤية المالية انتخابات أوروبا ثورة الأفريقية دورة أولمبياد يورو رئاسيات تشريعيات أفق آفاق */
    return fh_vword_in(p, heads, sizeof heads / sizeof heads[0]) != 0;
}

static int year_point(const fh_vwin *w, size_t i, pres *r, int bare)
{
    yres y;
    int lead;
    if (!year_at(w, i, &y, &lead)) return 0;
    const fh_vtok *t = &w->tok[lead ? i + 1 : i];
    pres_init(r, y.start);
    r->p.y = y.y;
    r->p.cal = y.era == 'h' ? FH_CAL_HIJRI : FH_CAL_GREG;
    r->p.prec = FAHRAS_PREC_YEAR;
    r->kind = K_YEAR;
    r->next = y.next;
    r->end = y.end;
    if (r->p.cal == FH_CAL_HIJRI && y.y >= 2000) return 0;
    if (lead || y.era) return 1;
    if (y.y < ((bare & BARE_YEAR) ? 1000 : 1800) || y.y > 2100) return 0;
    /* what follows must not make it a quantity */
    size_t j = y.next;
    const fh_vtok *u = tk(w, j);
    if (u && !(u->gap & FH_GAP_PUNCT) &&
        (u->cls == FH_V_SCALE || u->cls == FH_V_PERCENT || u->cls == FH_V_VAGUE))
        return 0;
    if (u && (u->gap & FH_GAP_PERCENT)) return 0;
    /* 1891،9: a decimal comma, not a list of years (1958،1962) */
    if (u && u->kind == FH_VT_NUMBER && (u->gap & FH_GAP_COMMA) && !(u->gap & FH_GAP_SPACE) &&
        u->digits != 4)
        return 0;
    int counted = u && fh_vtight(w, j) && fh_counted_noun_at(w, j);
    if (counted && u->cls == FH_V_MEASURE) return 0; /* إلى 1800 دولار */
    if (fh_abbreviation_at(w, j)) return 0;         /* 1820 د: dinars */
    if (bare & BARE_YEAR) {
        if (counted) r->kind |= K_COUNTED;
        r->kind |= K_BAREYEAR;
        return 1;
    }
    if (t->gap & (FH_GAP_PLUS | FH_GAP_AL)) return 0;
    if (i > 0) {
        const fh_vtok *p = &w->tok[i - 1];
        int tight_before = !(t->gap & (FH_GAP_STOP | FH_GAP_NEWLINE));
        /* من بين 2000, ما بين 2000 و3000 آلاف: بين with years makes a range, read
         * before this; what is left is a count unless a year may follow (بين 2010 وأواخر 2012) */
        if (tight_before && p->cls == FH_V_BETWEEN &&
            (y.y % 100 == 0 || !u || !(u->cls == FH_V_AND || u->pre)))
            return 0;
        if (tight_before && (p->cls == FH_V_IN || p->cls == FH_V_TPREP || p->cls == FH_V_UNTIL ||
                             p->cls == FH_V_TO || p->cls == FH_V_HMONTH_HEAD ||
                             (p->cls == FH_V_TUNIT && p->value == FH_U_YEAR)))
            return 1;
        /* عامي 2015 و2016: the next year of a list */
        if (tight_before && p->cls == FH_V_AND && i >= 2 && fh_vplain(w, i - 2) &&
            !(counted && y.y % 100 == 0) && /* 1800 و2000 لاجئ */
            w->tok[i - 2].digits == 4 && w->tok[i - 2].num.m >= 1800 && w->tok[i - 2].num.m <= 2100)
            return 1;
        if (tight_before && p->cls == FH_V_FROM && period_before(w, i - 1)) return 1;
        if (tight_before && (p->cls == FH_V_APPROX || p->cls == FH_V_IDMARK ||
                             p->kind == FH_VT_NUMBER || p->cls == FH_V_FROM ||
                             p->cls == FH_V_UNIT || p->cls == FH_V_TENS))
            return 0;
        if ((t->gap & (FH_GAP_DASH | FH_GAP_SLASH | FH_GAP_EMPTY)) && !(t->gap & FH_GAP_SPACE))
            return 0; /* كوفيد-2019, A/2021 */
    }
    if (counted && i > 0 && fh_vtight(w, i) && event_before(&w->tok[i - 1]) && y.y >= 1900) return 1;
    if (counted || (u && fh_vtight(w, j) && u->cls == FH_V_FROM)) return 0;
    if (u && (u->gap & (FH_GAP_DASH | FH_GAP_SLASH)) && u->kind == FH_VT_NUMBER) return 0;
    return 1;
}

/* الأحد and الاثنين also mean "the one" and "the two". Alone they are
 * days in news (the day of a report stands between commas, after the verb)
 * unless the words around them say otherwise: الأحد عشر, الواحد الأحد,
 * سوق الأحد (a town); الخاطفين الاثنين, كلا الاثنين, لكن الاثنين, بين
 * الاثنين, الاثنين معا. */
static int weekday_other_sense(const fh_vwin *w, size_t j)
{
    const fh_vtok *d = &w->tok[j], *prev = j > 0 && fh_vtight(w, j) ? &w->tok[j - 1] : NULL;
    const fh_vtok *next = fh_vtight(w, j + 1) ? tk(w, j + 1) : NULL;
    if (d->value == 7)
        return (next && (fh_vfolded_is(next, "\xd8\xb9\xd8\xb4\xd8\xb1") ||                   /* عشر */
                         fh_vfolded_is(next, "\xd8\xb9\xd8\xb4\xd8\xb1\xd9\x87"))) ||        /* عشره */
               (prev && (fh_vfolded_is(prev, "\xd8\xa7\xd9\x84\xd9\x88\xd8\xa7\xd8\xad\xd8\xaf") || /* الواحد */
                         fh_vword_is(prev, "\xd8\xb3\xd9\x88\xd9\x82")));                  /* سوق */
    /* للاثنين: for the two; الاثنين والعشرين: twenty-two */
    if ((d->pre && !d->wa) ||
        (next && next->wa && (next->cls == FH_V_TENS || next->cls == FH_V_ORDTENS)))
        return 1;
    /* الخاطفين الاثنين, in the same case; الفريقان الاثنين is a day */
    if (prev && prev->kind == FH_VT_WORD && prev->arabic && prev->al && fh_vfolded_ends(prev, "\xd9\x8a\xd9\x86")) /* ين */
        return 1;
    if (prev && (fh_vword_is(prev, "\xd9\x83\xd9\x84\xd8\xa7") ||                /* كلا */
                 fh_vword_is(prev, "\xd9\x84\xd9\x83\xd9\x86") ||                 /* لكن */
                 fh_vword_is(prev, "\xd9\x85\xd8\xb9")))                           /* مع: ما حصل مع الاثنين */
        return 1;
    /* بين الاثنين: between the two, not بين الاثنين والثلاثاء */
    if (prev && fh_vfolded_is(prev, "\xd8\xa8\xd9\x8a\xd9\x86") &&
        !(next && next->cls == FH_V_WEEKDAY && next->wa) &&
        !(next && next->cls == FH_V_AND && fh_vcls(w, j + 2) == FH_V_WEEKDAY))
        return 1;
    return next && (fh_vfolded_is(next, "\xd9\x85\xd8\xb9\xd8\xa7") ||                  /* معا */
                    fh_vfolded_is(next, "\xd9\x83\xd9\x84\xd8\xa7\xd9\x87\xd9\x85\xd8\xa7")); /* كلاهما */
}

/* A date written right after a weekday, at token k (الأحد، 5 مايو 2019;
 * الأحد 5/5/2019), in the same sentence and outside brackets. */
static int date_after_weekday(const fh_vwin *w, size_t k, pres *date)
{
    const fh_vtok *after = tk(w, k);
    return after && !(after->gap & (FH_GAP_STOP | FH_GAP_NEWLINE | FH_GAP_LPAREN | FH_GAP_RPAREN)) &&
           (dmy_at(w, k, date, 0) || numeric_at(w, k, date));
}

/* أيام الثلاثاء والخميس, خلال أيام الأحد: weekdays after أيام (the weekday
 * at token j, or one of a list joined by و after it) are a habit, not a
 * date; but not أيام الأحد والاثنين والثلاثاء إجازة رسمية, a holiday
 * given once. */
static int told_as_past(const fh_vwin *w, size_t i);

static int weekdays_of_habit(const fh_vwin *w, size_t j)
{
    size_t k = j, end = j;
    while (k > 0 && w->tok[k].wa && w->tok[k - 1].cls == FH_V_WEEKDAY && fh_vtight(w, k)) k--;
    if (k == 0 || !fh_vtight(w, k) || !fh_vword_is(&w->tok[k - 1], "\xd8\xa7\xd9\x8a\xd8\xa7\xd9\x85")) /* ايام */
        return 0;
    while (end + 1 < w->n && w->tok[end + 1].cls == FH_V_WEEKDAY && w->tok[end + 1].wa && fh_vtight(w, end + 1)) end++;
    if (told_as_past(w, k - 1)) return 0; /* وجذبت … نحو 67 ألف زائر أيام الجمعة والسبت */
    const fh_vtok *h = tk(w, end + 1);
    return !(h && fh_vtight(w, end + 1) &&
             (fh_vword_is(h, "\xd8\xa7\xd8\xac\xd8\xa7\xd8\xb2\xd9\x87") || /* اجازه */
              fh_vword_is(h, "\xd8\xa7\xd8\xac\xd8\xa7\xd8\xb1\xd9\x87") || /* اجاره, as the news misspells it */
              fh_vword_is(h, "\xd8\xb9\xd8\xb7\xd9\x84\xd9\x87")));          /* عطله */
}

/* [ليل | صباح | يوم] weekday [، date | الماضي | المقبل] and ليل X – Y. */
static int weekday_point(const fh_vwin *w, size_t i, pres *r)
{
    size_t j = i;
    const fh_vtok *t = tk(w, i);
    int prefix = 0, night = 0;
    if (t && (t->cls == FH_V_DAYPART || t->cls == FH_V_DAYWORD) && fh_vtight(w, i + 1)) {
        prefix = 1;
        night = (t->flags & FH_VF_NIGHT) != 0;
        j = i + 1;
    }
    const fh_vtok *d = tk(w, j);
    if (!d || d->cls != FH_V_WEEKDAY) return 0;
    pres_init(r, t->start);
    r->night = night;
    pres date;
    size_t k = j + 1;
    const fh_vtok *after = tk(w, k);
    /* منذ الجمعة في 30 آذار/مارس: the day's date after في */
    int in_date = after && after->cls == FH_V_IN && !after->pre && fh_vtight(w, k) && fh_vtight(w, k + 1) &&
                  date_after_weekday(w, k + 1, &date) && date.p.prec == FAHRAS_PREC_DAY;
    if (in_date || date_after_weekday(w, k, &date)) {
        *r = date;
        r->start = t->start;
        if (!(r->kind & K_REL) && r->p.d) r->p.wd = (uint8_t)d->value; /* checks a misprinted year */
        return 1;
    }
    r->p.rel = FH_REL_WEEKDAY;
    r->p.wd = (uint8_t)d->value;
    r->p.dir = FH_DIR_NEAREST;
    r->p.prec = FAHRAS_PREC_DAY;
    r->kind = K_REL | K_WEEKDAY;
    r->next = j + 1;
    r->end = d->end;
    if (!prefix && weekdays_of_habit(w, j)) return 0;
    /* الثلاثاء، المقبل: a comma may stand before the direction, which
     * opens nothing of its own */
    if (after && after->cls == FH_V_DIR && !after->pre && after->value &&
        (fh_vtight(w, k) || (k < w->n && (w->tok[k].gap & ~FH_GAP_SPACE) == FH_GAP_COMMA))) {
        r->p.dir = (int8_t)after->value;
        r->next = k + 1;
        r->end = after->end;
        return 1;
    }
    if ((d->flags & FH_VF_AMB) && !prefix && weekday_other_sense(w, j)) return 0;
    /* صلاة الجمعة, خطبة الجمعة, سوق الجمعة: the prayer, the market, not a day */
    if (!prefix && j > 0 && fh_vtight(w, j) &&
        (fh_vfolded_is(&w->tok[j - 1], "\xd8\xb5\xd9\x84\xd8\xa7\xd9\x87") ||
         fh_vfolded_is(&w->tok[j - 1], "\xd8\xae\xd8\xb7\xd8\xa8\xd9\x87") ||
         fh_vfolded_is(&w->tok[j - 1], "\xd8\xb3\xd9\x88\xd9\x82")))
        return 0;
    return 1;
}

/* أمس, اليوم, غدا, صباح أمس, أمس الأول, أول أمس, أول من أمس, بعد غد. */
/* "روسيا اليوم", قناة روسيا اليوم, صحيفة المصري اليوم: the name of a channel
 * or a paper (اليوم at token j), quoted or bracketed, or after the word for
 * one; so too the programme ضيف اليوم after the word for a programme or an
 * episode; not تواجه روسيا اليوم عقوبات nor الرئيس المصري اليوم. */
static int media_name(const fh_vwin *w, size_t j)
{
    static const char *const names[] = {
        "\xd8\xb1\xd9\x88\xd8\xb3\xd9\x8a\xd8\xa7",         /* روسيا */
        "\xd8\xa7\xd9\x84\xd9\x85\xd8\xb5\xd8\xb1\xd9\x8a", /* المصري */
        "\xd8\xa7\xd8\xb3\xd8\xb1\xd8\xa7\xd8\xa1\xd9\x8a\xd9\x84", /* إسرائيل */
        "\xd8\xa7\xd8\xae\xd8\xa8\xd8\xa7\xd8\xb1",         /* أخبار */
        "\xd8\xb6\xd9\x8a\xd9\x81",                     /* ضيف (a programme) */
    };
    static const char *const media[] = {
        "\xd9\x85\xd9\x88\xd9\x82\xd8\xb9",                 /* موقع */
        "\xd9\x82\xd9\x86\xd8\xa7\xd9\x87",                 /* قناة */
        "\xd8\xb4\xd8\xa8\xd9\x83\xd9\x87",                 /* شبكة */
        "\xd9\x85\xd8\xad\xd8\xb7\xd9\x87",                 /* محطة */
        "\xd8\xb5\xd8\xad\xd9\x8a\xd9\x81\xd9\x87",         /* صحيفة */
        "\xd8\xac\xd8\xb1\xd9\x8a\xd8\xaf\xd9\x87",         /* جريدة */
        "\xd8\xa7\xd9\x86\xd8\xa8\xd8\xa7\xd8\xa1",         /* أنباء */
        "\xd8\xa7\xd9\x84\xd9\x85\xd8\xb5\xd8\xaf\xd8\xb1", /* المصدر */
        "\xd8\xa8\xd8\xb1\xd9\x86\xd8\xa7\xd9\x85\xd8\xac",     /* برنامج */
        "\xd9\x81\xd9\x82\xd8\xb1\xd9\x87",                 /* فقرة */
        "\xd8\xad\xd9\x84\xd9\x82\xd9\x87",                 /* حلقة */
        "\xd8\xa7\xd9\x84\xd8\xad\xd9\x84\xd9\x82\xd9\x87",     /* الحلقة */
    };
    if (j == 0 || !fh_vtight(w, j)) return 0;
    if (!fh_vword_in(&w->tok[j - 1], names, sizeof names / sizeof names[0])) return 0;
    const fh_vtok *after = tk(w, j + 1);
    if ((w->tok[j - 1].gap & (FH_GAP_OTHER | FH_GAP_LPAREN)) &&
        (!after || (after->gap & (FH_GAP_OTHER | FH_GAP_RPAREN))))
        return 1;
    if (j >= 2 && fh_vword_in(&w->tok[j - 2], media, sizeof media / sizeof media[0])) return 1;
    /* هذه الحلقة من ضيف اليوم: the programme's episode, من between */
    return j >= 3 && fh_vcls(w, j - 2) == FH_V_FROM && !w->tok[j - 2].pre && fh_vtight(w, j - 1) &&
           fh_vword_in(&w->tok[j - 3], media, sizeof media / sizeof media[0]) != 0;
}

/* فيلم "ولد في الرابع من يوليو", كتابه "حديث الأربعاء", برنامج "اليوم":
 * tokens i..next-1 lie inside a quoted title that opens (within six
 * words) right after the word for a film, a book, a programme, a series,
 * a novel, a song or a play, or بعنوان, a nisba or مثل / منها between. */
static int in_work_title(const fh_vwin *w, size_t i, size_t next)
{
    size_t k = i + 1, stop = i > 6 ? i - 6 : 0;
    do {
        k--;
        if (k < i && fh_vquote_closes(w, k)) return 0; /* a quote closed before the date */
        if (fh_vquote_opens_word(w, k)) break;
        if (w->tok[k].gap & (FH_GAP_STOP | FH_GAP_NEWLINE)) return 0;
    } while (k > stop);
    if (k == 0 || !fh_vquote_opens_word(w, k)) return 0;
    size_t h = k - 1;
    const fh_vtok *between = &w->tok[h];
    if (h > 0 && fh_vtight(w, h) && !(w->tok[k].gap & (FH_GAP_STOP | FH_GAP_COMMA)) &&
        ((between->al && fh_vfolded_ends(between, "\xd9\x8a")) ||
         fh_vword_is(between, "\xd9\x85\xd8\xab\xd9\x84") ||    /* مثل */
         fh_vword_is(between, "\xd9\x85\xd9\x86\xd9\x87\xd8\xa7"))) /* منها */
        h--;
    if (!fh_vwork_word(&w->tok[h])) return 0;
    for (size_t j = next - 1; j < w->n && j < next + 6; j++) {
        if (fh_vquote_closes(w, j)) return 1;
        if (j + 1 < w->n && (w->tok[j + 1].gap & (FH_GAP_STOP | FH_GAP_NEWLINE))) return 0;
    }
    return 0;
}

static int point_at(const fh_vwin *w, size_t i, pres *r, int bare);

/* ما أنا فيه اليوم, مما هي عليه اليوم, ما وصلنا إليه اليوم: the state
 * things are in nowadays, اليوم at token j; not ما تم التوقيع عليه اليوم,
 * what was signed today, with more words between. */
static int state_nowadays_before(const fh_vwin *w, size_t j)
{
    static const char *const preps[] = {
        "\xd9\x81\xd9\x8a\xd9\x87", /* فيه */
        "\xd9\x81\xd9\x8a\xd9\x87\xd8\xa7", /* فيها */
        "\xd8\xb9\xd9\x84\xd9\x8a\xd9\x87", /* عليه */
        "\xd8\xb9\xd9\x84\xd9\x8a\xd9\x87\xd8\xa7", /* عليها */
        "\xd8\xa7\xd9\x84\xd9\x8a\xd9\x87", /* اليه */
        "\xd8\xa7\xd9\x84\xd9\x8a\xd9\x87\xd8\xa7", /* اليها */
    };
    if (j < 3 || !fh_vtight(w, j) || !fh_vtight(w, j - 1) || !fh_vtight(w, j - 2)) return 0;
    if (!fh_vword_among(&w->tok[j - 1], preps, sizeof preps / sizeof preps[0])) return 0;
    const fh_vtok *ma = &w->tok[j - 3];
    return fh_vfolded_is(ma, "\xd9\x85\xd8\xa7") || fh_vfolded_is(ma, "\xd9\x85\xd9\x85\xd8\xa7") || fh_vfolded_is(ma, "\xd9\x88\xd9\x85\xd8\xa7"); /* ما مما وما */
}

/* أصبحت اليوم ضرورة, بات اليوم يقدم, هناك اليوم حالة توجس: what has
 * become so, or is, nowadays (اليوم at token j, right after the verb of
 * becoming or هناك); not before a weekday (أصبح اليوم الأحد). */
static int becoming_nowadays_before(const fh_vwin *w, size_t j)
{
    static const char *const verbs[] = {
        "\xd8\xa7\xd8\xb5\xd8\xa8\xd8\xad",                 /* أصبح */
        "\xd8\xa7\xd8\xb5\xd8\xa8\xd8\xad\xd8\xaa",         /* أصبحت */
        "\xd8\xa8\xd8\xa7\xd8\xaa",                         /* بات */
        "\xd8\xa8\xd8\xa7\xd8\xaa\xd8\xaa",                 /* باتت */
        "\xd9\x87\xd9\x86\xd8\xa7\xd9\x83",                 /* هناك */
    };
    const fh_vtok *u = tk(w, j + 1);
    if (j == 0 || !fh_vtight(w, j) || (u && fh_vtight(w, j + 1) && u->cls == FH_V_WEEKDAY)) return 0;
    return fh_vword_in(&w->tok[j - 1], verbs, sizeof verbs / sizeof verbs[0]) != 0;
}

/* اليوم at token j in a sense other than the article's day: 83 طلبا
 * باليوم, تفاحة باليوم (a day's worth) and الاحتفال باليوم العالمي (a day
 * told of), but not مقارنة باليوم نفسه; nowadays after a verb of becoming
 * or هناك; ليس وليد اليوم, ليست وليدة اليوم (not new). */
static int today_in_other_sense(const fh_vwin *w, size_t j)
{
    const fh_vtok *d = &w->tok[j], *u = tk(w, j + 1);
    if (d->pre == 2 && !d->wa && !memcmp(w->text + d->start, "\xd8\xa8", 2) && !(u && u->cls == FH_V_SAME)) /* ب */
        return 1;
    if (becoming_nowadays_before(w, j)) return 1;
    /* بطارية لطول اليوم, طول اليوم على كوكب الأرض: a day's length (طول is
     * no word of the lexicon, a horse's length being counted) */
    return j > 0 && fh_vtight(w, j) &&
           (fh_vfolded_is(&w->tok[j - 1], "\xd9\x88\xd9\x84\xd9\x8a\xd8\xaf") ||            /* وليد */
            fh_vfolded_is(&w->tok[j - 1], "\xd9\x88\xd9\x84\xd9\x8a\xd8\xaf\xd9\x87") ||  /* وليدة */
            fh_vword_is(&w->tok[j - 1], "\xd8\xb7\xd9\x88\xd9\x84"));                          /* طول */
}

/* نفس اليوم من عام 1869 (اليوم at token j): the day of the date named
 * last, in the year named after it (year_back 3 keeps it). */
static int that_day_of_year(const fh_vwin *w, size_t j, pres *r)
{
    const fh_vtok *from = tk(w, j + 1), *unit = tk(w, j + 2);
    yres y;
    size_t k = j + 2;
    if (!from || from->cls != FH_V_FROM || from->pre || !fh_vtight(w, j + 1)) return 0;
    if (unit && unit->cls == FH_V_TUNIT && unit->value == FH_U_YEAR && !(unit->flags & (FH_VF_PL | FH_VF_DUAL)) &&
        !unit->pre && fh_vtight(w, k))
        k++; /* عام, العام */
    if (!fh_vtight(w, k) || !year_num(w, k, &y) || y.era == 'h') return 0;
    same_day(r, y.next, y.end);
    r->p.y = y.y;
    r->p.year_back = 3;
    return 1;
}

static int relday_point(const fh_vwin *w, size_t i, pres *r)
{
    const fh_vtok *t = tk(w, i);
    size_t j = i;
    int off = 0, prefix = 0;
    if (!t) return 0;
    pres_init(r, t->start);
    if (t->cls == FH_V_DAYPART && fh_vtight(w, i + 1)) {
        j = i + 1;
        prefix = 1;
    }
    const fh_vtok *d = tk(w, j);
    if (!d) return 0;
    if (d->cls == FH_V_ORD && d->value == 1 && !(d->flags & (FH_VF_DEF | FH_VF_FEM))) {
        /* أول أمس, أول من أمس */
        size_t k = j + 1;
        if (fh_vcls(w, k) == FH_V_FROM && fh_vtight(w, k)) k++;
        const fh_vtok *u = tk(w, k);
        if (!u || u->cls != FH_V_RELDAY || u->value != -1 || !fh_vtight(w, k)) return 0;
        off = -2;
        j = k;
    } else if (d->cls == FH_V_TPREP && fh_vcls(w, j + 1) == FH_V_GHAD && fh_vtight(w, j + 1) &&
               d->flen == 6 && !memcmp(d->f, "\xd8\xa8\xd8\xb9\xd8\xaf", 6)) {
        off = 2; /* بعد غد */
        j++;
    } else if (d->cls == FH_V_RELDAY) {
        off = d->value;
        /* في أمس الحاجة, "in direst need", and بالأمس القريب, "the recent
         * past": no yesterday */
        if (off == -1 && fh_vtight(w, j + 1) && j + 1 < w->n &&
            (fh_vfolded_is(&w->tok[j + 1], "\xd8\xa7\xd9\x84\xd8\xad\xd8\xa7\xd8\xac\xd9\x87") ||  /* الحاجة */
             fh_vfolded_is(&w->tok[j + 1], "\xd8\xa7\xd9\x84\xd9\x82\xd8\xb1\xd9\x8a\xd8\xa8")))   /* القريب */
            return 0;
        if (off == 0) { /* اليوم: today, unless "the day" of something */
            const fh_vtok *u = tk(w, j + 1);
            if (!prefix && today_in_other_sense(w, j)) return 0;
            if (u && u->cls == FH_V_SAME && !prefix) { /* اليوم نفسه, اليوم ذاته */
                if (!same_at(w, j + 1)) return 0;
                return same_day(r, j + 2, u->end);
            }
            /* نفس اليوم, ذلك اليوم: the same day, as اليوم نفسه (في نفس اليوم
             * من عام 1869, that day of another year, is that_day_of_year's) */
            if (j > 0 && !prefix && fh_vtight(w, j) && that_or_same(&w->tok[j - 1]) &&
                !(fh_vcls(w, j + 1) == FH_V_FROM && fh_vtight(w, j + 1)) && that_day_after(w, j - 1))
                return same_day(r, j + 1, d->end);
            /* وفي نفس اليوم من عام 1869: that day of the year named */
            if (j > 0 && !prefix && fh_vtight(w, j) && that_or_same(&w->tok[j - 1]) && that_day_of_year(w, j, r))
                return 1;
            /* (not رحل (عن عالمنا) الليلة الماضية, nor ذلك. اليوم: a new phrase) */
            if (j > 0 && !prefix && fh_vtight(w, j) &&
                (w->tok[j - 1].cls == FH_V_TODAYNOT || w->tok[j - 1].cls == FH_V_THIS))
                return 0;
            if (!prefix && state_nowadays_before(w, j) && !(u && u->cls == FH_V_WEEKDAY)) return 0;
            /* 400 ألف برميل في اليوم, 500 دولار في الليلة: a day's or a
             * night's worth, and في اليوم السابق, في اليوم قبل الأخير: a day
             * told of; today with its weekday (في اليوم الأحد), last night
             * as الليلة الماضية (not السابقة, the night before something) */
            if (!prefix && fh_vtight(w, j) && prev_is(w, j, FH_V_IN) &&
                !(u && fh_vtight(w, j + 1) &&
                  (u->cls == FH_V_WEEKDAY ||
                   ((d->flags & FH_VF_NIGHT) && u->cls == FH_V_DIR && u->value == -1 &&
                    !fh_vfolded_is(u, "\xd8\xa7\xd9\x84\xd8\xb3\xd8\xa7\xd8\xa8\xd9\x82\xd9\x87"))))) /* السابقة */
                return 0;
            if (!prefix && media_name(w, j)) return 0;
            /* اليوم الوطني, اليوم التالي: a day of something; but a feminine
             * or plural word is no adjective of اليوم, and starts the
             * sentence's subject (تمكنت اليوم الوحدات الأمنية, اليوم المحكمة),
             * but for a nisba (اليوم السعودية, the paper) */
            /* but a noun written with إ after its article (أعلنت اليوم
             * الإفراج عن, نفذ اليوم الإطار الطبي) is no adjective, unless a
             * nisba (الإمارات اليوم الإماراتية, حصاد اليوم الإخباري) */
            int verbal_noun = u && u->al && !u->pre && u->start + 6 <= w->len &&
                              ar_letter_at(w->text + u->start + 4, AR_ALEF_HAMZA_BELOW) && /* ال + إ */
                              !fh_vfolded_ends(u, "\xd9\x8a") && !fh_vfolded_ends(u, "\xd9\x8a\xd9\x87"); /* ي, يه */
            /* اليوم الموافق السابع من أكتوبر: the date after الموافق (a quote
             * may be older than the article), else today */
            int agreeing = u && !u->pre && fh_vfolded_is(u, "\xd8\xa7\xd9\x84\xd9\x85\xd9\x88\xd8\xa7\xd9\x81\xd9\x82"); /* الموافق */
            pres told;
            if (agreeing && !prefix && fh_vtight(w, j + 1) && fh_vtight(w, j + 2) && point_at(w, j + 2, &told, 0)) {
                size_t start = r->start;
                *r = told;
                r->start = start;
                return 1;
            }
            if (u && fh_vtight(w, j + 1) && u->al && u->cls != FH_V_WEEKDAY && u->cls != FH_V_DIR && !verbal_noun && !agreeing &&
                ((d->flags & FH_VF_NIGHT) || /* الليلة الفاصلة: feminine itself */
                 fh_vfolded_ends(u, "\xd9\x8a\xd9\x87") || /* اليوم السعودية, a paper */
                 (!fh_vfolded_ends(u, "\xd9\x87") && !fh_vfolded_ends(u, "\xd8\xa7\xd8\xaa"))))
                return 0;
        }
        if (off == 1 && d->al && !prefix && !prev_is(w, j, FH_V_IN)) return 0; /* صحيفة الغد */
        if (d->flags & FH_VF_NIGHT) { /* الليلة الماضية: last night */
            const fh_vtok *u = tk(w, j + 1);
            if (u && u->cls == FH_V_DIR && u->value == -1 && !(u->flags & FH_VF_DUAL) &&
                fh_vtight(w, j + 1)) {
                off = -1;
                j++;
            }
        }
        if (off == -1 && fh_vtight(w, j + 1)) { /* أمس الأول */
            const fh_vtok *u = tk(w, j + 1);
            if (u->cls == FH_V_ORD && u->value == 1 && (u->flags & FH_VF_DEF) &&
                !(u->flags & FH_VF_FEM) && !u->pre) {
                off = -2;
                j++;
            }
        }
    } else {
        return 0;
    }
    r->p.rel = FH_REL_DAYS;
    r->p.off = off;
    r->p.prec = FAHRAS_PREC_DAY;
    r->kind = K_REL;
    r->next = j + 1;
    r->end = w->tok[j].end;
    /* أمس الأربعاء, اليوم الخميس: the weekday belongs to it, and says which
     * day it is when the article's date is off by one (an evening article
     * dated in UTC) */
    const fh_vtok *day = tk(w, j + 1), *after_day = tk(w, j + 2);
    /* في وقت سابق اليوم (الاثنين): the weekday in brackets */
    int bracketed = day && day->cls == FH_V_WEEKDAY && (day->gap & FH_GAP_PUNCT) == FH_GAP_LPAREN &&
                    (!after_day || (after_day->gap & FH_GAP_RPAREN)) && day->end < w->len && w->text[day->end] == ')';
    if (fh_vcls(w, j + 1) == FH_V_WEEKDAY && (fh_vtight(w, j + 1) || bracketed)) {
        r->p.rel = FH_REL_WEEKDAY;
        r->p.wd = (uint8_t)w->tok[j + 1].value;
        r->p.dir = FH_DIR_NEAREST;
        r->next = j + 2;
        r->end = w->tok[j + 1].end + (bracketed ? 1 : 0);
        /* اليوم الإثنين 21 جويلية 2015: the date written after it */
        pres date;
        if (date_after_weekday(w, j + 2, &date) && (date.kind & K_YEAR)) {
            size_t start = r->start;
            uint8_t wd = r->p.wd;
            *r = date;
            r->start = start;
            if (!(r->kind & K_REL) && r->p.d) r->p.wd = wd;
        }
    }
    return 1;
}

/* عقد at token k stands alone as a decade (منذ عقد، قبل عقد من الزمن,
 * منذ عقد كامل), not the holding of something (قبل عقد القمة). */
static int decade_alone(const fh_vwin *w, size_t k)
{
    const fh_vtok *x = tk(w, k + 1);
    return !x || !fh_vtight(w, k + 1) || (x->cls == FH_V_FROM && !x->pre) ||
           fh_vfolded_is(x, "\xd9\x88\xd9\x86\xd8\xb5\xd9\x81") ||      /* ونصف */
           fh_vfolded_is(x, "\xd9\x83\xd8\xa7\xd9\x85\xd9\x84") ||      /* كامل */
           fh_vfolded_is(x, "\xd8\xaa\xd9\x82\xd8\xb1\xd9\x8a\xd8\xa8\xd8\xa7"); /* تقريبا */
}

/* قرن, قرنين, نصف قرن, ربع قرن, قرن ونصف (القرن), عقدين, عقد at token j: the years
 * they stand for, *last their last token; 0 for none. */
static int century_years(const fh_vwin *w, size_t j, size_t *last)
{
    const fh_vtok *u = tk(w, j), *c = u;
    size_t k = j;
    if (u && u->cls == FH_V_FRAC && !u->pre && !(u->flags & (FH_VF_PL | FH_VF_DUAL)) &&
        (u->value == 2 || u->value == 4) && fh_vtight(w, j + 1))
        c = tk(w, ++k);
    if (!c || c->pre) return 0;
    int years;
    if (fh_vfolded_is(c, "\xd9\x82\xd8\xb1\xd9\x86")) years = 100;                              /* قرن */
    else if (k == j && fh_vfolded_is(c, "\xd9\x82\xd8\xb1\xd9\x86\xd9\x8a\xd9\x86")) years = 200; /* قرنين */
    else if (k == j && fh_vfolded_is(c, "\xd8\xb9\xd9\x82\xd8\xaf\xd9\x8a\xd9\x86")) years = 20;   /* عقدين */
    else if (k == j && fh_vfolded_is(c, "\xd8\xb9\xd9\x82\xd8\xaf") && decade_alone(w, k)) years = 10; /* عقد */
    else return 0;
    if (k > j) years /= u->value;
    const fh_vtok *h = tk(w, k + 1), *q = tk(w, k + 2);
    if (k == j && h && fh_vtight(w, k + 1) && fh_vfolded_is(h, "\xd9\x88\xd9\x86\xd8\xb5\xd9\x81")) { /* ونصف */
        years += years / 2;
        k++;
        if (q && fh_vtight(w, k + 1) && fh_vfolded_is(q, "\xd8\xa7\xd9\x84\xd9\x82\xd8\xb1\xd9\x86")) k++; /* القرن */
    }
    *last = k;
    return years;
}

/* الأقل or التوالي after على: منذ 15 سنة على الأقل, منذ ثلاث سنوات على
 * التوالي, a length of time, as منذ أكثر من is. */
static int at_least_after(const fh_vtok *y)
{
    return y && !y->pre && (fh_vfolded_is(y, "\xd8\xa7\xd9\x84\xd8\xa7\xd9\x82\xd9\x84") ||                /* الاقل */
                            fh_vfolded_is(y, "\xd8\xa7\xd9\x84\xd8\xaa\xd9\x88\xd8\xa7\xd9\x84\xd9\x8a")); /* التوالي */
}

/* بدء, بدئها, بداية, اندلاع, انطلاق, رحيل, وفاة, مقتل, سقوط, توقيع, تأسيس:
 * the start or end of an event, which منذ N على counts the time since
 * (منذ حوالي ثماني سنوات على بدئها). */
static int event_start(const fh_vtok *y)
{
    static const char *const stems[] = {
        "\xd8\xa8\xd8\xaf\xd8\xa1", "\xd8\xa8\xd8\xaf\xd9\x8a", "\xd8\xa8\xd8\xaf\xd8\xa7\xd9\x8a\xd9\x87", /* بدء بدي(ها) بدايه */
        "\xd8\xa7\xd9\x86\xd8\xaf\xd9\x84\xd8\xa7\xd8\xb9", "\xd8\xa7\xd9\x86\xd8\xb7\xd9\x84\xd8\xa7\xd9\x82", /* اندلاع انطلاق */
        "\xd8\xb1\xd8\xad\xd9\x8a\xd9\x84", "\xd9\x88\xd9\x81\xd8\xa7\xd9\x87", "\xd9\x85\xd9\x82\xd8\xaa\xd9\x84", /* رحيل وفاه مقتل */
        "\xd8\xb3\xd9\x82\xd9\x88\xd8\xb7", "\xd8\xaa\xd9\x88\xd9\x82\xd9\x8a\xd8\xb9", "\xd8\xaa\xd8\xa7\xd8\xb3\xd9\x8a\xd8\xb3", /* سقوط توقيع تاسيس */
    };
    if (!y || y->pre || y->kind != FH_VT_WORD) return 0;
    const char *f = y->f;
    size_t n = y->flen;
    if (n > 4 && !memcmp(f, "\xd8\xa7\xd9\x84", 4)) f += 4, n -= 4; /* ال */
    for (size_t k = 0; k < sizeof stems / sizeof stems[0]; k++) {
        size_t m = strlen(stems[k]);
        if (n >= m && !memcmp(f, stems[k], m)) return 1;
    }
    return 0;
}

/* منذ ما يقرب من 90 عاما, قبل ما يقارب 3 أشهر: "nearly", read as about;
 * token j is ما.  Returns the token after the phrase, or j when there is
 * none (منذ ما يزيد على 20 عاما, more than, stays a length of time). */
static size_t nearly_after_ma(const fh_vwin *w, size_t j)
{
    const fh_vtok *v = tk(w, j + 1), *from = tk(w, j + 2);
    if (!v || v->pre || !fh_vtight(w, j + 1) || !fh_vtight(w, j + 2)) return j;
    if (fh_vfolded_is(v, "\xd9\x8a\xd9\x82\xd8\xa7\xd8\xb1\xd8\xa8") ||  /* يقارب */
        fh_vfolded_is(v, "\xd9\x8a\xd9\x86\xd8\xa7\xd9\x87\xd8\xb2"))    /* يناهز */
        return j + 2;
    if (fh_vfolded_is(v, "\xd9\x8a\xd9\x82\xd8\xb1\xd8\xa8") && from && from->cls == FH_V_FROM && !from->pre &&
        fh_vtight(w, j + 3)) /* يقرب من */
        return j + 3;
    return j;
}

/* منذ ثلاثة أيام, قبل يومين, قبل 3 سنوات, منذ أسبوع (not: قبل يومين من الانتخابات). */
static int ago_point(const fh_vwin *w, size_t i, pres *r)
{
    const fh_vtok *t = tk(w, i);
    if (!t || t->cls != FH_V_TPREP || !(t->flags & FH_VF_AGO) || !fh_vtight(w, i + 1)) return 0;
    size_t j = i + 1, k;
    uint64_t n = 1;
    const fh_vtok *u = tk(w, j);
    fh_vnum v;
    int decades = 0;
    /* منذ نحو 30 عاما, قبل حوالي ثلاثة أشهر: about so long ago */
    if (u->cls == FH_V_APPROX && !u->pre && fh_vtight(w, j + 1) && tk(w, j + 1)->cls != FH_V_TUNIT)
        u = tk(w, ++j);
    else if (u->cls == FH_V_NONCOUNT && !u->pre && fh_vfolded_is(u, "\xd9\x85\xd8\xa7")) /* ما */
        j = nearly_after_ma(w, j), u = tk(w, j);
    if (!u) return 0;
    int years = century_years(w, j, &k); /* قبل نصف قرن: fifty years ago */
    if (years) {
        n = (uint64_t)years;
        u = tk(w, k);
    } else if (u->cls == FH_V_TUNIT && !(u->flags & (FH_VF_DEF | FH_VF_PL))) {
        yres y;
        if (fh_vtight(w, j + 1) && year_num(w, j + 1, &y)) return 0; /* منذ عام 1927 */
        /* منذ شهر سبتمبر 2016, منذ شهر رمضان: since the month named */
        int named = fh_vcls(w, j + 1);
        if (u->value == FH_U_MONTH && !(u->flags & FH_VF_DUAL) && fh_vtight(w, j + 1) &&
            (named == FH_V_MONTH || named == FH_V_MONTH_HEAD || named == FH_V_HMONTH || named == FH_V_HMONTH_HEAD))
            return 0;
        n = (u->flags & FH_VF_DUAL) ? 2 : 1;
        k = j;
    } else if (fh_cardinal_at(w, j, &v, &k) && v.den == 1 && v.e == 0 && v.m >= 1 &&
               v.m <= 1000 && fh_vtight(w, k)) {
        n = v.m;
        u = tk(w, k);
        /* منذ ستة عقود: decades, ten years each */
        decades = u && !u->pre && (fh_vfolded_is(u, "\xd8\xb9\xd9\x82\xd9\x88\xd8\xaf") || fh_vfolded_is(u, "\xd8\xb9\xd9\x82\xd8\xaf")); /* عقود, عقد */
        if (!u || (!decades && (u->cls != FH_V_TUNIT || (u->flags & (FH_VF_DEF | FH_VF_DUAL))))) return 0;
    } else {
        return 0;
    }
    /* منذ عام ونصف (العام): a year and a half ago, read to the month;
     * منذ شهر ونصف, منذ أسبوع ونصف: so many days ago */
    int half = 0;
    const fh_vtok *h = tk(w, k + 1);
    if (h && fh_vtight(w, k + 1) && h->cls == FH_V_FRAC && h->value == 2 && h->wa &&
        !(h->flags & (FH_VF_PL | FH_VF_DUAL))) { /* ونصف */
        if (years || decades) return 0;
        half = u->value;
        u = h;
        k++;
        const fh_vtok *unit_again = tk(w, k + 1);
        if (unit_again && fh_vtight(w, k + 1) && unit_again->cls == FH_V_TUNIT && !unit_again->pre &&
            !(unit_again->flags & (FH_VF_PL | FH_VF_DUAL)))
            u = unit_again, k++; /* ونصف العام, ونصف شهر */
    }
    /* قبل يومين من الانتخابات, قبل 5 أيام على انطلاق مشواره: before or
     * since an event, not the reference (قبل أسبوعين من أمام فندق is still
     * two weeks ago); after منذ, على is what the time governs (الحظر المستمر
     * منذ 38 عاماً على شراء, يهيمن منذ 15 عاما على السلطة) */
    const fh_vtok *x = tk(w, k + 1), *y = tk(w, k + 2);
    /* قبل ثلاثة أيام فقط من زيارته: فقط between (not فقط من الآن, ago) */
    int only = x && y && fh_vtight(w, k + 1) && fh_vtight(w, k + 2) && !x->pre &&
               fh_vfolded_is(x, "\xd9\x81\xd9\x82\xd8\xb7") && y->cls == FH_V_FROM && !y->pre; /* فقط */
    const fh_vtok *z = only ? tk(w, k + 3) : NULL;
    if (only && z && fh_vtight(w, k + 3) && !fh_vfolded_is(z, "\xd8\xa7\xd9\x84\xd8\xa7\xd9\x86") && /* الان */
        z->cls != FH_V_NONCOUNT && z->cls != FH_V_IN && z->cls != FH_V_RELDAY)
        return 0;
    /* لن تسرى قبل أربعة أشهر أخرى: not before so many more, a wait */
    if (x && fh_vtight(w, k + 1) &&
        (fh_vfolded_is(x, "\xd8\xa7\xd8\xae\xd8\xb1\xd9\x8a") || fh_vfolded_is(x, "\xd8\xa7\xd8\xae\xd8\xb1") || /* أخرى, آخر */
         fh_vfolded_is(x, "\xd8\xa7\xd8\xae\xd8\xb1\xd9\x8a\xd9\x86") || /* آخرين */
         fh_vfolded_is(x, "\xd8\xa7\xd8\xb6\xd8\xa7\xd9\x81\xd9\x8a\xd9\x87"))) /* إضافية */
        return 0;
    /* منذ قرن من الزمن, قبل عشر سنوات من الزمان: of time, no event */
    int of_time = x && y && x->cls == FH_V_FROM && !x->pre && fh_vtight(w, k + 1) && fh_vtight(w, k + 2) &&
                  (fh_vfolded_is(y, "\xd8\xa7\xd9\x84\xd8\xb2\xd9\x85\xd9\x86") ||                /* الزمن */
                   fh_vfolded_is(y, "\xd8\xa7\xd9\x84\xd8\xb2\xd9\x85\xd8\xa7\xd9\x86"));           /* الزمان */
    if (!of_time && x && fh_vtight(w, k + 1) &&
        (x->cls == FH_V_FROM ||
         (fh_vfolded_is(x, "\xd8\xb9\xd9\x84\xd9\x8a") && /* على */
          (!fh_vfolded_is(t, "\xd9\x85\xd9\x86\xd8\xb0") || at_least_after(y) || event_start(y)))) && /* منذ: على الأقل, على بدئها */
        !(y && fh_vtight(w, k + 2) && (y->cls == FH_V_NONCOUNT || y->cls == FH_V_IN)))
        return 0;
    pres_init(r, t->start);
    r->kind = K_REL;
    r->next = of_time ? k + 3 : k + 1;
    r->end = of_time ? y->end : u->end;
    switch (half) {
    case 0: break;
    case FH_U_YEAR: r->p.rel = FH_REL_MONTH, r->p.off = -(int)(12 * n + 6), r->p.prec = FAHRAS_PREC_MONTH; return 1;
    case FH_U_MONTH: r->p.rel = FH_REL_DAYS, r->p.off = -(int)(30 * n + 15), r->p.prec = FAHRAS_PREC_DAY; return 1;
    case FH_U_WEEK: r->p.rel = FH_REL_DAYS, r->p.off = -(int)(7 * n + 3), r->p.prec = FAHRAS_PREC_DAY; return 1;
    default: r->p.rel = FH_REL_DAYS, r->p.off = -(int)n, r->p.prec = FAHRAS_PREC_DAY; return 1;
    }
    switch (decades || years ? FH_U_YEAR : u->value) {
    case FH_U_DAY: r->p.rel = FH_REL_DAYS, r->p.off = -(int)n, r->p.prec = FAHRAS_PREC_DAY; break;
    case FH_U_WEEK: r->p.rel = FH_REL_DAYS, r->p.off = -7 * (int)n, r->p.prec = FAHRAS_PREC_DAY; break;
    case FH_U_MONTH: r->p.rel = FH_REL_MONTH, r->p.off = -(int)n, r->p.prec = FAHRAS_PREC_MONTH; break;
    default: r->p.rel = FH_REL_YEAR, r->p.off = -(int)n * (decades ? 10 : 1), r->p.prec = FAHRAS_PREC_YEAR; break;
    }
    return 1;
}

/* الشهر الماضي, العام المقبل, هذا العام, الأسبوع الماضي */
static int relunit_point(const fh_vwin *w, size_t i, pres *r)
{
    int unit, off;
    size_t k;
    if (!relunit_at(w, i, &unit, &off, &k)) return 0;
    pres_init(r, w->tok[i].start);
    r->kind = K_REL;
    r->next = k;
    r->end = w->tok[k - 1].end;
    r->p.off = off;
    if (unit == FH_U_MONTH) r->p.rel = FH_REL_MONTH, r->p.prec = FAHRAS_PREC_MONTH;
    else if (unit == FH_U_YEAR) r->p.rel = FH_REL_YEAR, r->p.prec = FAHRAS_PREC_YEAR;
    else r->p.rel = FH_REL_WEEK, r->p.prec = FAHRAS_PREC_DAY;
    if (off == OFF_SAME) {
        /* الشهر نفسه من العام الماضي: the month named last, a year before;
         * of another year (من العام المقبل) a month this finder does not name */
        int unit2, off2;
        size_t k2;
        if (fh_vcls(w, k) == FH_V_FROM && fh_vtight(w, k)) {
            if (unit == FH_U_YEAR || !fh_vtight(w, k + 1) || !relunit_at(w, k + 1, &unit2, &off2, &k2) ||
                unit2 != FH_U_YEAR || off2 != -1)
                return 0;
            /* العام الماضي is before the reference's year, العام السابق
             * before the year of the date named last */
            const fh_vtok *dir = &w->tok[k2 - 1];
            r->p.year_back = fh_vfolded_is(dir, "\xd8\xa7\xd9\x84\xd8\xb3\xd8\xa7\xd8\xa8\xd9\x82") ? 2 : 1; /* السابق */
            r->next = k2;
            r->end = w->tok[k2 - 1].end;
        }
        r->p.rel = FH_REL_SAME;
        r->p.off = unit;
    } else if (off == -1 && unit != FH_U_WEEK && !(i > 0 && w->tok[i - 1].cls == FH_V_FROM && fh_vtight(w, i)) &&
               (fh_vfolded_is(&w->tok[k - 1], "\xd8\xa7\xd9\x84\xd8\xb3\xd8\xa7\xd8\xa8\xd9\x82") ||
                fh_vfolded_is(&w->tok[k - 1], "\xd8\xa7\xd9\x84\xd8\xb3\xd8\xa7\xd8\xa8\xd9\x82\xd9\x87"))) {
        /* فيفري 2017 مقابل ... الشهر السابق: السابق is before the date
         * named last (January 2017), where الماضي is before today; not
         * after من (الفترة المماثلة من العام السابق: a year ago) */
        r->p.rel = FH_REL_SAME;
        r->p.off = unit;
        r->p.prior = 1;
    }
    return 1;
}

/* Units first..last of the unit's kind from the reference, as a range. */
static void units_range(fh_vmatch *m, int unit, int first, int last)
{
    fh_dpoint a = {0};
    switch (unit) {
    case FH_U_DAY: a.rel = FH_REL_DAYS, a.prec = FAHRAS_PREC_DAY; break;
    case FH_U_WEEK: a.rel = FH_REL_WEEK, a.prec = FAHRAS_PREC_DAY; break;
    case FH_U_MONTH: a.rel = FH_REL_MONTH, a.prec = FAHRAS_PREC_MONTH; break;
    default: a.rel = FH_REL_YEAR, a.prec = FAHRAS_PREC_YEAR; break;
    }
    m->a = m->b = a;
    m->a.off = first;
    m->b.off = last;
    m->a.wd = 1; /* a week runs Monday to Sunday */
    m->b.wd = 7;
    m->range = 1;
}

/* اليومين الماضيين, الشهرين المقبلين, العامين الأخيرين: the two units
 * before or after the reference, as a range. */
static int two_units(const fh_vwin *w, size_t i, fh_vmatch *m)
{
    const fh_vtok *t = tk(w, i), *u = tk(w, i + 1);
    if (!t || t->cls != FH_V_TUNIT || (t->flags & (FH_VF_DEF | FH_VF_DUAL)) != (FH_VF_DEF | FH_VF_DUAL) ||
        !u || u->cls != FH_V_DIR || !u->value || !fh_vtight(w, i + 1))
        return 0;
    units_range(m, t->value, u->value < 0 ? -2 : 1, u->value < 0 ? -1 : 2);
    m->start = t->start;
    m->end = u->end;
    m->next = i + 2;
    return 1;
}

/* A number with its article at token k (الـ9, up to two digits; العشرين;
 * الخمسة, والخمسة): its value, or 0; *start where its article begins. */
static long definite_number_at(const fh_vwin *w, size_t k, size_t *start)
{
    const fh_vtok *t = tk(w, k);
    if (!t) return 0;
    *start = t->start;
    if (t->kind == FH_VT_NUMBER) {
        *start = t->al_start;
        return (t->gap & FH_GAP_AL) && fh_vplain(w, k) && t->digits <= 2 && !t->num.e ? (long)t->num.m : 0;
    }
    if (t->cls == FH_V_ORDTENS && t->al && !t->pre) return t->value;
    const fh_vword *num = fh_vword_without_article(t, 1);
    if (!num || (num->cls != FH_V_UNIT && num->cls != FH_V_TEN) || (num->flags & FH_VF_COMPOUND)) return 0;
    if (memcmp(t->f, "\xd8\xa7\xd9\x84", 4)) *start += 2; /* والخمسة: from the article on */
    return num->value;
}

/* السنوات الخمس الماضية, الأشهر الثلاثة الأخيرة, الأيام الـ10 المقبلة: so
 * many units before or after the reference, as a range, as the two units
 * are (not الأيام القليلة الماضية, a few). */
static int n_units(const fh_vwin *w, size_t i, fh_vmatch *m)
{
    const fh_vtok *t = tk(w, i), *u = tk(w, i + 1), *d = tk(w, i + 2);
    if (!t || t->cls != FH_V_UNITS || !u || !d || !fh_vtight(w, i + 1) || !fh_vtight(w, i + 2) || d->pre) return 0;
    size_t num_start;
    long n = definite_number_at(w, i + 1, &num_start);
    int dir = d->cls == FH_V_DIR && !(d->flags & FH_VF_DUAL) ? d->value
              : fh_vfolded_is(d, "\xd8\xa7\xd9\x84\xd8\xa7\xd8\xae\xd9\x8a\xd8\xb1\xd9\x87") ? -1 /* الأخيرة */
                                                                                     : 0;
    /* الأشهر الـ11 الماضية من العام المالي: months of something else */
    if (n < 3 || n > 99 || !dir || (fh_vcls(w, i + 3) == FH_V_FROM && fh_vtight(w, i + 3))) return 0;
    units_range(m, t->value, (int)(dir < 0 ? -n : 1), (int)(dir < 0 ? -1 : n));
    m->start = t->start;
    m->end = d->end;
    m->next = i + 3;
    return 1;
}

/* خلال العقد الماضي, على مدى العقدين الأخيرين: the ten (twenty) years
 * before or after the reference, as السنوات العشر الماضية; في العقد
 * المقبل, مطلع العقد القادم: the calendar decade after (or before) the
 * reference's (2020-2029 in 2018).  Only after such a word: العقد is
 * also a contract (العقد الأخير المبرم), and العقد الأخير من القرن
 * الماضي a decade of another century. */
static int decade_units(const fh_vwin *w, size_t i, fh_vmatch *m)
{
    static const char *const spans[] = {
        "\xd8\xae\xd9\x84\xd8\xa7\xd9\x84",         /* خلال */
        "\xd9\x85\xd8\xaf\xd9\x8a",                 /* مدي (مدى) */
        "\xd9\x85\xd8\xaf\xd8\xa7\xd8\xb1",         /* مدار */
        "\xd8\xb7\xd9\x88\xd8\xa7\xd9\x84",         /* طوال */
        "\xd8\xb7\xd9\x8a\xd9\x84\xd9\x87",         /* طيله */
    };
    static const char *const points[] = {
        "\xd9\x81\xd9\x8a",                         /* في */
        "\xd9\x85\xd8\xb7\xd9\x84\xd8\xb9",         /* مطلع */
        "\xd9\x85\xd9\x86\xd8\xaa\xd8\xb5\xd9\x81", /* منتصف */
        "\xd9\x86\xd9\x87\xd8\xa7\xd9\x8a\xd9\x87", /* نهايه */
        "\xd8\xa8\xd8\xaf\xd8\xa7\xd9\x8a\xd9\x87", /* بدايه */
        "\xd8\xa7\xd9\x88\xd8\xa7\xd9\x8a\xd9\x84", /* اوايل (أوائل) */
        "\xd8\xa7\xd9\x88\xd8\xa7\xd8\xae\xd8\xb1", /* اواخر */
    };
    const fh_vtok *t = tk(w, i), *d = tk(w, i + 1);
    if (!t || t->cls != FH_V_UNITS || t->value != FH_U_DECADE || !d || i == 0 || !fh_vtight(w, i) ||
        !fh_vtight(w, i + 1) || d->pre || (fh_vcls(w, i + 2) == FH_V_FROM && fh_vtight(w, i + 2)))
        return 0;
    int dual = (t->flags & FH_VF_DUAL) != 0;
    int last = fh_vfolded_is(d, dual ? "\xd8\xa7\xd9\x84\xd8\xa7\xd8\xae\xd9\x8a\xd8\xb1\xd9\x8a\xd9\x86" /* الاخيرين */
                                     : "\xd8\xa7\xd9\x84\xd8\xa7\xd8\xae\xd9\x8a\xd8\xb1"); /* الاخير */
    int dir = last ? -1 : d->cls == FH_V_DIR && !(d->flags & FH_VF_DUAL) == !dual ? d->value : 0;
    /* في العقد السابق is the former contract */
    if (!dir || fh_vfolded_is(d, "\xd8\xa7\xd9\x84\xd8\xb3\xd8\xa7\xd8\xa8\xd9\x82")) return 0; /* السابق */
    const fh_vtok *p = &w->tok[i - 1];
    int span = fh_vword_in(p, spans, sizeof spans / sizeof spans[0]) != 0;
    if (!span && (dual || last || !fh_vword_in(p, points, sizeof points / sizeof points[0]))) return 0;
    if (span) {
        int n = dual ? 20 : 10;
        units_range(m, FH_U_YEAR, dir < 0 ? -n : 1, dir < 0 ? -1 : n);
    } else {
        fh_dpoint a = {0};
        a.rel = FH_REL_DECADE;
        a.prec = FAHRAS_PREC_YEAR;
        a.off = dir < 0 ? -1 : 1;
        m->a = m->b = a;
        m->b.last = 1;
        m->range = 1;
    }
    m->start = t->start;
    m->end = d->end;
    m->next = i + 2;
    return 1;
}

/* الأسبوع الأول من مارس الماضي, الأسبوع الثاني من شهر شباط/فبراير
 * الحالي, الأسبوع الأول من الشهر الجاري: days 1-7, 8-14, 15-21 or 22-28
 * of that month. */
static int week_of_month(const fh_vwin *w, size_t i, fh_vmatch *m)
{
    const fh_vtok *t = tk(w, i), *o = tk(w, i + 1);
    int v, unit, off, weeks = 1;
    size_t k, j, next;
    if (!t || t->cls != FH_V_TUNIT || t->value != FH_U_WEEK || !(t->flags & FH_VF_DEF) || !o || o->pre ||
        !fh_vtight(w, i + 1))
        return 0;
    if ((t->flags & FH_VF_DUAL) && (fh_vfolded_is(o, "\xd8\xa7\xd9\x84\xd8\xa7\xd9\x88\xd9\x84\xd9\x8a\xd9\x86") || /* الأولين */
                                    fh_vfolded_is(o, "\xd8\xa7\xd9\x84\xd8\xa7\xd9\x88\xd9\x84\xd9\x8a\xd9\x8a\xd9\x86"))) { /* الأوليين */
        v = 1; /* الأسبوعين الأولين من شهر جانفي: days 1-14 */
        weeks = 2;
        k = i + 2;
    } else if ((t->flags & FH_VF_DUAL) || o->cls != FH_V_ORD || !fh_ordinal_at(w, i + 1, &v, &k) || k != i + 2 ||
               v < 1 || v > 4) {
        return 0;
    }
    if (fh_vcls(w, k) != FH_V_FROM || w->tok[k].pre || !fh_vtight(w, k) || !fh_vtight(w, k + 1)) return 0;
    pres r;
    mres mo;
    int shahr;
    if (my_read(w, k + 1, &r, &j, &mo, &shahr)) {
        m->a = r.p;
    } else if (relunit_at(w, k + 1, &unit, &off, &next) && unit == FH_U_MONTH && off != OFF_SAME) {
        memset(&m->a, 0, sizeof m->a);
        m->a.rel = FH_REL_MONTH; /* الشهر الجاري, الشهر المقبل */
        m->a.off = off;
        r.next = next;
        r.end = w->tok[next - 1].end;
    } else {
        return 0;
    }
    m->a.prec = FAHRAS_PREC_DAY;
    m->b = m->a;
    m->a.d = (v - 1) * 7 + 1;
    m->b.d = (v - 1 + weeks) * 7;
    m->range = 1;
    m->start = t->start;
    m->end = r.end;
    m->next = r.next;
    return 1;
}

/* الجمعة الأولى من رمضان, الأربعاء الأول من أبريل, السبت الأخير من شهر
 * أبريل: the nth (or the last) such weekday of the month after من, at
 * token i (the weekday); a masculine ordinal, as a day of the month is
 * written, is that day where it falls on the weekday (الثلاثاء الثالث من
 * تموز: Tuesday the third). */
static int weekday_of_month(const fh_vwin *w, size_t i, fh_vmatch *m)
{
    const fh_vtok *t = tk(w, i), *o = tk(w, i + 1);
    int v = 0, shahr;
    size_t k = i + 2, j;
    if (!t || t->cls != FH_V_WEEKDAY || !o || o->pre || !fh_vtight(w, i + 1)) return 0;
    if (fh_vfolded_is(o, "\xd8\xa7\xd9\x84\xd8\xa7\xd8\xae\xd9\x8a\xd8\xb1") ||       /* الأخير */
        fh_vfolded_is(o, "\xd8\xa7\xd9\x84\xd8\xa7\xd8\xae\xd9\x8a\xd8\xb1\xd9\x87"))  /* الأخيرة */
        v = -1;
    else if (o->cls != FH_V_ORD || !(o->flags & FH_VF_DEF) || !fh_ordinal_at(w, i + 1, &v, &k) || k != i + 2 ||
             v < 1 || v > 5)
        return 0;
    if (fh_vcls(w, k) != FH_V_FROM || w->tok[k].pre || !fh_vtight(w, k) || !fh_vtight(w, k + 1)) return 0;
    pres r;
    mres mo;
    if (!my_read(w, k + 1, &r, &j, &mo, &shahr)) return 0;
    m->a = r.p;
    m->a.prec = FAHRAS_PREC_DAY;
    m->a.wd = (uint8_t)t->value;
    m->a.nth = (int8_t)v;
    m->a.nth_or_day = v > 0 && !(o->flags & FH_VF_FEM);
    m->start = t->start;
    m->end = r.end;
    m->next = r.next;
    return 1;
}

/* One date at token i (no range). */
static int point_at(const fh_vwin *w, size_t i, pres *r, int bare)
{
    const fh_vtok *t = tk(w, i);
    if (!t || t->kind == FH_VT_OTHER) return 0;
    if (t->kind == FH_VT_NUMBER) {
        if (numeric_at(w, i, r)) return 1;
        if (dmy_at(w, i, r, bare)) return 1;
        return year_point(w, i, r, bare);
    }
    switch (t->cls) {
    case FH_V_DAYPART:
    case FH_V_DAYWORD:
        return weekday_point(w, i, r) || relday_point(w, i, r);
    case FH_V_WEEKDAY:
        return weekday_point(w, i, r);
    case FH_V_RELDAY:
    case FH_V_TPREP:
        return relday_point(w, i, r) || ago_point(w, i, r);
    case FH_V_ORD:
        return dmy_at(w, i, r, bare & BARE_DAY) || relday_point(w, i, r);
    case FH_V_ORDTENS: /* العشرين من الشهر الماضي; not التسع والعشرين من */
        return !t->wa && dmy_at(w, i, r, bare & BARE_DAY);
    case FH_V_FIRSTDAY:
        return dmy_at(w, i, r, 0);
    case FH_V_TUNIT:
        if (year_point(w, i, r, bare) || my_at(w, i, r)) return 1;
        return relunit_point(w, i, r);
    case FH_V_THIS:
        return relunit_point(w, i, r);
    case FH_V_MONTH:
    case FH_V_MONTH_HEAD:
    case FH_V_HMONTH:
    case FH_V_HMONTH_HEAD:
        return my_at(w, i, r);
    case FH_V_SCALE: /* في الفين وخمسة عشر: a year written out after في, as عام takes one;
                      * not in ألفين وعشرين موقعا, a count */
        return !bare && i > 0 && fh_vtight(w, i) && w->tok[i - 1].cls == FH_V_IN && year_point(w, i, r, 0) &&
               !fh_counted_noun_at(w, r->next);
    case FH_V_DECADE:
        if (t->flags & FH_VF_CONSTRUCT) return 0; /* only before القرن (century_match) */
        if (fh_age_after(w, i + 1)) return 0;       /* في الخمسينيات من عمره: an age */
        pres_init(r, t->start);
        r->p.y = t->value;
        r->p.prec = FAHRAS_PREC_YEAR;
        r->kind = K_YEAR;
        r->next = i + 1;
        r->end = t->end;
        return 1;
    default:
        return 0;
    }
}

/* ---- ranges ------------------------------------------------------------- */

/* إلى, حتى, وحتى, إلى غاية, a dash, a detached لـ; و after بين.  *k: where
 * the second end starts. */
static int connector_at(const fh_vwin *w, size_t j, int between, size_t *k, int *slash)
{
    const fh_vtok *t = tk(w, j);
    *slash = 0;
    if (!t || (t->gap & (FH_GAP_STOP | FH_GAP_NEWLINE))) return 0;
    int to = (t->cls == FH_V_TO || t->cls == FH_V_UNTIL) && (!t->pre || (t->wa && t->pre == 2));
    /* 2015م، وحتى فبراير 2018م; ما بين 14 يونيو/ حزيران، و15 يوليو: a comma
     * before the second end's و */
    int and_ = between && (t->cls == FH_V_AND || (t->wa && t->pre == 2));
    /* من يوم الاثنين 24 أفريل 2017، إلى غاية يوم الاثنين 08 ماي: إلى غاية
     * ends a range after a comma too */
    const fh_vtok *g = tk(w, j + 1);
    int until_end = to && g && fh_vtight(w, j + 1) && fh_vfolded_is(g, "\xd8\xba\xd8\xa7\xd9\x8a\xd9\x87"); /* غاية */
    if ((t->gap & FH_GAP_COMMA) && !(to && t->wa) && !and_ && !until_end) return 0;
    if (t->gap & (FH_GAP_DASH | FH_GAP_LI)) {
        *k = j;
        return 1;
    }
    if (t->gap & FH_GAP_SLASH) {
        *k = j;
        *slash = 1;
        return 1;
    }
    if (to) {
        size_t n = until_end ? j + 2 : j + 1;
        /* إلى غاية يوم 5 فيفري: the day's word before its digits */
        const fh_vtok *d = tk(w, n), *e = tk(w, n + 1);
        if (d && e && fh_vtight(w, n) && fh_vfolded_is(d, "\xd9\x8a\xd9\x88\xd9\x85") && e->kind == FH_VT_NUMBER &&
            fh_vtight(w, n + 1))
            n++;
        *k = n;
        return fh_vtight(w, n);
    }
    if (between && t->cls == FH_V_AND) {
        *k = j + 1;
        return fh_vtight(w, j + 1);
    }
    if (between && t->wa && t->pre == 2) { /* ومارس */
        *k = j;
        return 1;
    }
    return 0;
}

/* A point of one day: a full date, or أمس, يوم الأربعاء... */
static int day_point(const pres *r)
{
    if (r->kind & (K_BAREDAY | K_BAREYEAR)) return 0;
    if (r->kind & K_REL) return r->p.rel == FH_REL_DAYS || r->p.rel == FH_REL_WEEKDAY ||
                                ((r->p.rel == FH_REL_YEARLESS || r->p.rel == FH_REL_MONTH) && r->p.d);
    return (r->kind & K_DAY) != 0;
}

/* Can a be the start of a range that ends with b?  Fills inheritance. */
static int range_fits(pres *a, const pres *b, int slash)
{
    int ka = a->kind, kb = b->kind;
    /* منذ العام 2015 وحتى اليوم, منذ بداية جانفي إلى اليوم: from a date to
     * today (a month with no year: the latest such month) */
    if (!slash && (kb & K_REL) && b->p.rel == FH_REL_DAYS && b->p.off == 0) {
        if (!(ka & K_REL) && (ka & K_YEAR)) return 1;
        if ((ka & K_REL) && a->p.rel == FH_REL_YEARLESS && a->p.dir == FH_DIR_NEAREST && (ka & K_MONTH)) {
            a->p.behind = 1;
            return 1;
        }
    }
    /* من 25 إلى 31 من الشهر الحالي: a bare day starts a range in the end's month */
    if ((ka & K_BAREDAY) && !slash && (kb & K_REL) && b->p.rel == FH_REL_MONTH && b->p.d && a->p.d >= 1 &&
        a->p.d < b->p.d) {
        int d = a->p.d;
        a->p = b->p;
        a->p.d = d;
        a->kind = kb;
        return 1;
    }
    /* من 1 اغسطس ولغاية 31 اكتوبر من العام الحالي: a month of a relative
     * year gives its year to a start with none (below) */
    int rel_year_end = (kb & K_REL) && b->p.rel == FH_REL_YEAR && (kb & K_MONTH) && (ka & K_REL) &&
                       a->p.rel == FH_REL_YEARLESS && a->p.dir == FH_DIR_NEAREST;
    /* من يوم الاثنين المقبل إلى غاية يوم الخميس 11 ماي: two days, each resolved */
    if (!rel_year_end &&
        (((ka & K_REL) && a->p.rel != FH_REL_YEARLESS) || ((kb & K_REL) && b->p.rel != FH_REL_YEARLESS)))
        return !slash && day_point(a) && day_point(b);
    if (ka & K_BAREYEAR) a->p.cal = b->p.cal; /* 1030-1093هـ */
    if (a->p.cal != b->p.cal && !(ka & K_BAREDAY)) return 0;
    if (slash && !((ka & K_YEAR) && !(ka & K_MONTH) && (kb & K_YEAR) && !(kb & K_MONTH)))
        return 0; /* 2019/2020: a season; otherwise / is not a range */
    if (ka & K_BAREDAY) {
        if (!(kb & K_DAY) || !(kb & K_MONTH)) return 0;
        a->p.cal = b->p.cal;
        a->p.inherit = FH_INHERIT_MONTH | FH_INHERIT_YEAR;
        a->p.prec = FAHRAS_PREC_DAY;
        return a->p.d <= (b->p.cal == FH_CAL_HIJRI ? 30 : fh_days_in_month(2000, b->p.m)) &&
               a->p.d < b->p.d;
    }
    /* من عام 2015 وحتى شهر أبريل 2018: a year to a month, both with years */
    if ((ka & K_YEAR) && (kb & K_YEAR) && !(ka & K_REL) && !(kb & K_REL) && !slash &&
        ((ka & K_DAY) != (kb & K_DAY) || (ka & K_MONTH) != (kb & K_MONTH)))
        return a->p.y <= b->p.y && a->p.cal == b->p.cal;
    if ((ka & K_DAY) != (kb & K_DAY) || (ka & K_MONTH) != (kb & K_MONTH)) return 0;
    if (!(ka & K_YEAR) && !(ka & K_MONTH)) return 0;
    if (!(ka & K_YEAR) || (ka & K_REL)) {
        if (!(kb & K_YEAR) && !(kb & K_REL)) return 0;
        a->p.inherit = FH_INHERIT_YEAR;
        a->p.rel = FH_REL_NONE;
    }
    /* الموسم 2018/2017: a season written from its later year, as the news
     * often writes it right to left (read in the caller as 2017/2018) */
    if (slash && (ka & K_YEAR) && !(ka & K_MONTH) && a->p.y == b->p.y + 1) return 1;
    if ((ka & K_YEAR) && !(ka & K_MONTH) && (kb & K_YEAR) && a->p.y >= b->p.y) return 0;
    return 1;
}

/* The second end and the match, after the first end a. */
/* الآن, "now", at token k with nothing glued before it. */
static int now_at(const fh_vwin *w, size_t k)
{
    const fh_vtok *t = tk(w, k);
    return t && !t->pre && fh_vfolded_is(t, "\xd8\xa7\xd9\x84\xd8\xa7\xd9\x86"); /* الآن */
}

/* نهاية, أواخر, مطلع, بداية, منتصف, أوائل (ونهاية too): a part of the
 * month after it. */
static int month_part_word(const fh_vtok *t)
{
    static const char *const parts[] = {
        "\xd9\x86\xd9\x87\xd8\xa7\xd9\x8a\xd9\x87",         /* نهاية */
        "\xd8\xa7\xd9\x88\xd8\xa7\xd8\xae\xd8\xb1",         /* أواخر */
        "\xd9\x85\xd8\xb7\xd9\x84\xd8\xb9",                 /* مطلع */
        "\xd8\xa8\xd8\xaf\xd8\xa7\xd9\x8a\xd9\x87",         /* بداية */
        "\xd9\x85\xd9\x86\xd8\xaa\xd8\xb5\xd9\x81",         /* منتصف */
        "\xd8\xa7\xd9\x88\xd8\xa7\xd8\xa1\xd9\x84",         /* أوائل */
    };
    return t && fh_vword_in(t, parts, sizeof parts / sizeof parts[0]) != 0;
}

/* 18/2019- 21/2022: a year after a slash, or two digits before one, are
 * halves of fiscal years written in full, no year and its last digits. */
static int two_digit_pair_around(const fh_vwin *w, const pres *a, size_t k)
{
    const fh_vtok *u = tk(w, k + 1);
    if (u && u->kind == FH_VT_NUMBER && (u->gap & (FH_GAP_SLASH | FH_GAP_DASH)) && !(u->gap & FH_GAP_SPACE))
        return 1;
    return a->start > 0 && w->text[a->start - 1] == '/';
}

static int range_rest(const fh_vwin *w, const pres *a0, int between, fh_vmatch *m)
{
    size_t k;
    int slash;
    pres a = *a0, b;
    if (!connector_at(w, a.next, between, &k, &slash)) return 0;
    int bare = (a.kind & K_BAREYEAR) || (a.kind & K_YEAR && !(a.kind & K_MONTH)) ? BARE_YEAR : 0;
    int part = month_part_word(tk(w, k)); /* نهاية, مطلع before the end */
    if (is_year_word(tk(w, k)) && !tk(w, k)->pre && fh_vtight(w, k + 1) &&
        year_point(w, k + 1, &b, BARE_YEAR)) {
        b.start = w->tok[k].start; /* من عام 2019 إلى عام 2021 */
    } else if (now_at(w, k) && (a.kind & K_YEAR)) {
        /* من عام 2015 حتى الآن: from a year to today */
        pres_init(&b, w->tok[k].start);
        b.p.rel = FH_REL_DAYS;
        b.p.off = 0;
        b.p.prec = FAHRAS_PREC_DAY;
        b.kind = K_REL;
        b.next = k + 1;
        b.end = w->tok[k].end;
    } else if ((a.kind & K_YEAR) && !(a.kind & (K_MONTH | K_REL)) && !between && k == a.next &&
               (w->tok[k].gap & (FH_GAP_DASH | FH_GAP_SLASH)) && !two_digit_pair_around(w, &a, k) &&
               fh_vplain(w, k) &&
               w->tok[k].digits == 2 && a.p.y / 100 * 100 + (int)w->tok[k].num.m > a.p.y &&
               a.p.y / 100 * 100 + (int)w->tok[k].num.m <= a.p.y + 10) {
        /* موسم 2012-13, 2017/18, 1950-53: the second year's last two digits */
        pres_init(&b, w->tok[k].start);
        b.p.y = a.p.y / 100 * 100 + (int)w->tok[k].num.m;
        b.p.prec = FAHRAS_PREC_YEAR;
        b.kind = K_YEAR;
        b.next = k + 1;
        b.end = w->tok[k].end;
    } else if (!point_at(w, k, &b, bare) &&
               !(part && fh_vtight(w, k + 1) && point_at(w, k + 1, &b, bare) &&
                 (((b.kind & K_MONTH) && !(b.kind & K_DAY)) || ((b.kind & K_YEAR) && !(b.kind & K_MONTH))))) {
        /* بين أغسطس 2014 ونهاية فبراير 2018, بين يناير 2016 ومطلع 2017:
         * the end's part of its month or year */
        return 0;
    }
    /* من الخمسينات حتى السبعينات: a decade ends a range with its last year */
    size_t first_of_b = part ? k + 1 : k;
    if (fh_vcls(w, first_of_b) == FH_V_DECADE && !(b.kind & (K_MONTH | K_REL)) && (b.kind & K_YEAR)) b.p.y += 9;
    /* من 20 أغسطس الماضي وحتى 31 من الشهر نفسه: a day of the same month
     * ends a range in the start's month */
    if ((b.kind & K_REL) && b.p.rel == FH_REL_SAME && b.p.off == FH_U_MONTH && b.p.d && (a.kind & K_DAY) &&
        (a.kind & K_MONTH) && b.p.d > a.p.d) {
        int d = b.p.d;
        b.p = a.p;
        b.p.d = d;
        b.kind = a.kind;
    }
    /* مارس الجاري وحتى أغسطس: an end with no year after a start in this
     * or a coming month is on or after it */
    if ((a.kind & K_REL) && a.p.rel == FH_REL_YEARLESS && (a.p.dir == 0 || a.p.dir == 1) &&
        (b.kind & K_REL) && b.p.rel == FH_REL_YEARLESS && b.p.dir == FH_DIR_NEAREST && !b.p.behind)
        b.p.ahead = 1;
    /* من 13 يوليو 2018 إلى 11 أغسطس من نفس العام: the end in the start's year */
    if ((b.kind & K_REL) && b.p.rel == FH_REL_SAME && b.p.off == FH_U_YEAR && b.p.m && !b.p.year_back &&
        (a.kind & K_YEAR) && !(a.kind & K_REL) && a.p.cal == b.p.cal) {
        b.p.rel = FH_REL_NONE;
        b.p.y = a.p.y;
        b.kind = (b.kind & ~K_REL) | K_YEAR;
    }
    if (!range_fits(&a, &b, slash)) return 0;
    /* بين 1800 و2000 لاجئ: two round bare numbers and a counted noun count */
    if ((a.kind & K_BAREYEAR) && (b.kind & K_COUNTED) && a.p.y % 100 == 0 && b.p.y % 100 == 0)
        return 0;
    m->a = a.p;
    m->b = b.p;
    if (slash && a.p.y > b.p.y) { /* 2018/2017 */
        m->a = b.p;
        m->b = a.p;
    }
    m->range = 1;
    m->start = a.start;
    m->end = b.end;
    m->next = b.next;
    return 1;
}

/* The most days one list of days (7 و8 و9 جوان) is read over. */
#define DAY_LIST_MAX 8

/* Token i is the و of a list, between two of its items. */
static int list_and(const fh_vwin *w, size_t i)
{
    return fh_vcls(w, i) == FH_V_AND && fh_vtight(w, i) && fh_vtight(w, i + 1);
}

/* Token i is the أو of a choice of days, between two of them (أيام 8 أو9
 * أو10 سبتمبر). */
static int list_or(const fh_vwin *w, size_t i)
{
    const fh_vtok *t = tk(w, i);
    return t && !t->pre && fh_vword_is(t, "\xd8\xa7\xd9\x88") && fh_vtight(w, i) && fh_vtight(w, i + 1); /* أو */
}

/* A weekday at token j, with no proclitic (wa 0) or after و (wa 1). */
static int weekday_word(const fh_vwin *w, size_t j, int wa)
{
    const fh_vtok *t = tk(w, j);
    return t && t->cls == FH_V_WEEKDAY && fh_vtight(w, j) && fh_vtight(w, j + 1) &&
           (wa ? t->wa && t->pre == 2 : !t->pre);
}

/* Days joined by و or أو (and commas) before a day and month: 14 و15
 * فيفري 2017, يومي 27 و28 ماي, 7 و8 و9 و12 جوان, 10، 11 و12 مارس, أيام 8
 * أو9 أو10 سبتمبر; with their weekdays where the list began with one
 * (weekdays): يومي السبت 26 والأحد 27 مارس 2016.  Each day is a date of
 * its own with the month (and year, or direction) of the last, which is
 * matched as usual: the first day here, the next after it. */
static int day_list(const fh_vwin *w, size_t i, int weekdays, fh_vmatch *m)
{
    int d[DAY_LIST_MAX], and = 0;
    size_t n = 0, j = i;
    pres b;
    for (;;) {
        if (n == DAY_LIST_MAX || !(d[n] = digits_day(w, j)) || (n && d[n] <= d[n - 1])) return 0;
        n++;
        if (list_and(w, j + 1) || list_or(w, j + 1)) {
            and = 1;
            j += 2;
            if (weekdays && weekday_word(w, j, 0)) j++; /* و الأحد 27 */
        } else if (weekdays && weekday_word(w, j + 1, 1)) {
            and = 1;
            j += 2; /* والأحد 27 */
        } else if (j + 1 < w->n && (w->tok[j + 1].gap & FH_GAP_PUNCT) == FH_GAP_COMMA) {
            j++; /* 10، 11 و12 مارس */
        } else {
            return 0;
        }
        if (point_at(w, j, &b, 0) && (b.kind & K_DAY) && w->tok[j].kind == FH_VT_NUMBER &&
            ((b.kind & K_MONTH) || b.p.rel == FH_REL_MONTH || b.p.rel == FH_REL_SAME)) /* 19 و25 من الشهر نفسه */
            break;
    }
    if (!and || b.p.d <= d[n - 1] || b.p.gy) return 0;
    memset(m, 0, sizeof *m);
    m->type = FAHRAS_SPAN_DATE;
    m->a = b.p;
    m->a.d = d[0];
    m->start = w->tok[i].start;
    m->end = w->tok[i].end;
    m->next = i + 1;
    return 1;
}

/* ليلة التاسع والعاشر من أيار, يومي الأول والثاني من يونيو: two days in
 * words joined by و before their month, after a word of days or nights or
 * a preposition; the first day, with the month of the second (matched as
 * usual after it). */
static int word_day_pair(const fh_vwin *w, size_t i, fh_vmatch *m)
{
    static const char *const before[] = {
        "\xd9\x84\xd9\x8a\xd9\x84\xd9\x87", "\xd9\x84\xd9\x8a\xd9\x84\xd8\xaa\xd9\x8a", /* ليلة ليلتي */
        "\xd9\x8a\xd9\x88\xd9\x85\xd9\x8a", "\xd9\x8a\xd9\x88\xd9\x85", /* يومي يوم */
        "\xd8\xa7\xd9\x8a\xd8\xa7\xd9\x85", "\xd9\x81\xd9\x8a",             /* أيام في */
        "\xd8\xa8\xd9\x8a\xd9\x86", "\xd9\x85\xd9\x86\xd8\xb0",             /* بين منذ */
    };
    const fh_vtok *t = tk(w, i);
    int d, d2;
    size_t k, k2;
    pres b;
    if (!t || i == 0 || t->kind != FH_VT_WORD || !(t->flags & FH_VF_DEF) || t->pre || !fh_vtight(w, i) ||
        !fh_vword_in(&w->tok[i - 1], before, sizeof before / sizeof before[0]) ||
        !fh_ordinal_at(w, i, &d, &k) || d > 31 || !tk(w, k) || !w->tok[k].wa || !fh_vtight(w, k) ||
        !fh_ordinal_at(w, k, &d2, &k2) || d2 <= d || d2 > 31 || !point_at(w, k, &b, 0) || !(b.kind & K_DAY) ||
        !(b.kind & K_MONTH) || b.p.d != d2)
        return 0;
    memset(m, 0, sizeof *m);
    m->type = FAHRAS_SPAN_DATE;
    m->a = b.p;
    m->a.d = d;
    m->start = t->start;
    m->end = w->tok[k - 1].end;
    m->next = k;
    return 1;
}

/* Where the next item of a list of dates starts after token j-1: after a
 * و of its own or of a word of time (وبداية شهر سبتمبر), or at a word with
 * its و (وأبريل 2012); 0 if none. */
static size_t list_item(const fh_vwin *w, size_t j)
{
    if (list_and(w, j)) {
        j++; /* past و */
        if (fh_vcls(w, j) == FH_V_TPREP && !w->tok[j].pre && fh_vtight(w, j + 1)) j++; /* و بداية */
        return j;
    }
    const fh_vtok *t = tk(w, j);
    if (!t || !t->wa || t->pre != 2 || !fh_vtight(w, j)) return 0;
    if (t->cls == FH_V_TPREP) return fh_vtight(w, j + 1) ? j + 1 : 0;
    return j; /* وأبريل 2012 */
}

/* A month, or a day and month, with no year, before a list of dates that
 * ends with one (12 مارس و14 أبريل 2015, 9 أفريل و10 ماي و11 جوان 2017,
 * موفى شهر أوت وبداية شهر سبتمبر 2012): the year of the list, where the
 * dates go forward within it. */
static void year_of_list(const fh_vwin *w, pres *a)
{
    if (!(a->kind & K_MONTH) || (a->kind & K_YEAR) || a->p.rel != FH_REL_YEARLESS ||
        a->p.dir != FH_DIR_NEAREST || a->p.cal != FH_CAL_GREG)
        return;
    int m = a->p.m, d = (a->kind & K_DAY) ? a->p.d : 0;
    size_t j = a->next, k;
    pres b;
    for (int n = 0; n < DAY_LIST_MAX && (k = list_item(w, j)) && point_at(w, k, &b, 0); n++) {
        if (!(b.kind & K_MONTH) || b.p.cal != FH_CAL_GREG || ((b.kind & K_DAY) != 0) != (d != 0) ||
            b.p.m < m || (b.p.m == m && (!d || b.p.d <= d)))
            return;
        if ((b.kind & K_YEAR) && !(b.kind & K_REL)) {
            a->p.y = b.p.y;
            a->p.rel = FH_REL_NONE;
            a->kind = (a->kind & ~K_REL) | K_YEAR;
            return;
        }
        if (b.p.rel != FH_REL_YEARLESS || b.p.dir != FH_DIR_NEAREST) return;
        m = b.p.m;
        d = (b.kind & K_DAY) ? b.p.d : 0;
        j = b.next;
    }
}

/* A bare year after من that starts a period: الفترة من 2008 و2014 (من …
 * و read as بين …و; not after عامي, a list: كل من عامي 1998 و2002), or
 * من 1987 حتى الإطاحة, اعتبارا من 2013 وحتى توقيفه (an end that is no
 * date nor number: the year alone). */
static int from_year(const fh_vwin *w, size_t j, int with_and, pres *a, fh_vmatch *m)
{
    if (!point_at(w, j, a, BARE_YEAR) || !(a->kind & K_BAREYEAR) || (a->kind & K_COUNTED) ||
        a->p.y < 1800 || a->p.y > 2100 || w->tok[j].digits != 4)
        return 0;
    if (with_and && range_rest(w, a, 1, m)) return m->b.y > 0 && !m->b.m;
    const fh_vtok *u = tk(w, a->next);
    if (!u || (u->cls != FH_V_TO && u->cls != FH_V_UNTIL) || (u->gap & (FH_GAP_STOP | FH_GAP_NEWLINE)))
        return 0;
    const fh_vtok *end = tk(w, a->next + 1);
    if (!end || end->kind == FH_VT_NUMBER) return 0; /* من 2000 إلى 3000 شخص: amounts */
    memset(m, 0, sizeof *m);
    m->type = FAHRAS_SPAN_DATE;
    m->a = a->p;
    m->a.prec = FAHRAS_PREC_YEAR;
    m->start = a->start;
    m->end = a->end;
    m->next = a->next;
    return 1;
}

/* 465-540هـ: a life in Hijri years, the era after the second only, the
 * first of any length (1030-1093هـ is read as other ranges are). */
static int hijri_years(const fh_vwin *w, size_t i, fh_vmatch *m)
{
    const fh_vtok *t = &w->tok[i], *u = tk(w, i + 1);
    pres b;
    if (!fh_vplain(w, i) || t->digits > 3 || !u || (u->gap & FH_GAP_PUNCT) != FH_GAP_DASH ||
        !year_point(w, i + 1, &b, 0) || b.p.cal != FH_CAL_HIJRI || t->num.m < 1 || t->num.m >= (uint64_t)b.p.y)
        return 0;
    memset(m, 0, sizeof *m);
    m->type = FAHRAS_SPAN_DATE;
    m->a = b.p;
    m->a.y = (int)t->num.m;
    m->b = b.p;
    m->range = 1;
    m->start = t->start;
    m->end = b.end;
    m->next = b.next;
    return 1;
}

/* ليل الأربعاء – الخميس, ليلة الأربعاء إلى الخميس: two days. */
static int night_range(const fh_vwin *w, const pres *a, fh_vmatch *m)
{
    size_t k;
    int slash;
    if (!a->night || a->p.rel != FH_REL_WEEKDAY || a->p.dir != FH_DIR_NEAREST) return 0;
    if (fh_vcls(w, a->next) == FH_V_WEEKDAY && fh_vtight(w, a->next)) k = a->next; /* ليل الأحد الاثنين */
    else if (!connector_at(w, a->next, 1, &k, &slash)) return 0;
    const fh_vtok *t = tk(w, k);
    if (!t || t->cls != FH_V_WEEKDAY || t->value != a->p.wd % 7 + 1) return 0;
    m->a = a->p;
    m->b = a->p;
    m->b.wd = (uint8_t)t->value;
    m->range = 1;
    m->night = 1;
    m->start = a->start;
    m->end = t->end;
    m->next = k + 1;
    return 1;
}

/* A future verb shortly before token i in the same sentence; not after
 * كان (كان من المقرر أن تصل يوم 31 جانفي: it was due, in the past), nor
 * across لكن, which opens another clause (لن "تطلق الرصاصة الأولى"، لكن
 * الجمارك أوضحت الخميس). */
static int future_before(const fh_vwin *w, size_t i)
{
    for (size_t k = i, n = 0; k > 0 && n < 8; k--, n++) {
        if (w->tok[k].gap & (FH_GAP_STOP | FH_GAP_NEWLINE)) return 0;
        if (fh_vword_is(&w->tok[k - 1], "\xd9\x84\xd9\x83\xd9\x86")) return 0; /* لكن, ولكن */
        if (w->tok[k - 1].future) {
            for (size_t b = k - 1, m = 0; b > 0 && m < 3; b--, m++)
                if (fh_vword_is(&w->tok[b - 1], "\xd9\x83\xd8\xa7\xd9\x86") ||          /* كان */
                    fh_vword_is(&w->tok[b - 1], "\xd9\x83\xd8\xa7\xd9\x86\xd8\xaa"))  /* كانت */
                    return 0;
            return 1;
        }
    }
    return 0;
}

/* Word t (its folded letters s[0..n), n bytes) has the shape of a verb in
 * the perfect: three letters (رفض, خلف), or ending in ت (رفعت, توقفت; a
 * plural ات only in four letters, قالت), or four to six beginning with ا
 * (أعلن, اضطر, استهدف).  كان, كانت, باتت and أصبحت are left out: they carry a
 * plan as often (كان من المقرر أن, الانتخابات التي باتت في أبريل); and
 * سوف, which is of three letters. */
static int perfect_shape(const fh_vtok *t, const char *s, size_t n)
{
    static const char *const aux[] = {
        "\xd9\x83\xd8\xa7\xd9\x86", "\xd9\x83\xd8\xa7\xd9\x86\xd8\xaa", /* كان كانت */
        "\xd8\xa8\xd8\xa7\xd8\xaa\xd8\xaa",                     /* باتت */
        "\xd8\xa7\xd8\xb5\xd8\xa8\xd8\xad\xd8\xaa",         /* أصبحت */
        "\xd8\xb3\xd9\x88\xd9\x81",                             /* سوف */
    };
    if (t->kind != FH_VT_WORD || !t->arabic || t->cls != FH_V_NONE || n < 6 || n > 12 || n % 2 ||
        ar_letter_at(s, AR_YEH) || ar_letter_at(s, AR_NOON) || /* the present */
        (ar_letter_at(s, AR_ALEF) && ar_letter_at(s + 2, AR_LAM))) /* a noun with ال */
        return 0;
    for (size_t k = 0; k < sizeof aux / sizeof aux[0]; k++)
        if (n == strlen(aux[k]) && !memcmp(s, aux[k], n)) return 0;
    if (ar_letter_at(s + n - 2, AR_TEH))
        return n <= 8 || !ar_letter_at(s + n - 4, AR_ALEF);
    if (n == 6) return !ar_letter_at(s, AR_TEH) && !ar_letter_at(s, AR_ALEF);
    return n >= 8 && ar_letter_at(s, AR_ALEF);
}

/* Between a verb and the date it may tell of, a word that makes the date
 * its own: a verb in the present (تنتهي, يجري), or a thing set for a date
 * (انتخابات, إجراء, تسليم, موعد, مهلة, إضراب, عقد: دعا إلى انتخابات في 24
 * يونيو, الآجلة للتسليم في ديسمبر, قد أعلن عقد جلسة طارئة السبت). */
static int planned_or_present(const fh_vtok *t)
{
    static const char *const stems[] = {
        "\xd8\xa7\xd9\x86\xd8\xaa\xd8\xae\xd8\xa7\xd8\xa8", /* انتخاب */
        "\xd8\xa7\xd8\xac\xd8\xb1\xd8\xa7\xd8\xa1",         /* إجراء */
        "\xd8\xa7\xd8\xac\xd8\xb1\xd8\xa7\xd8\xa6",         /* إجرائها */
        "\xd8\xaa\xd8\xb3\xd9\x84\xd9\x8a\xd9\x85",         /* تسليم */
        "\xd9\x85\xd9\x88\xd8\xb9\xd8\xaf",                   /* موعد */
        "\xd9\x85\xd9\x87\xd9\x84\xd9\x87",                   /* مهلة */
        "\xd8\xa7\xd8\xb6\xd8\xb1\xd8\xa7\xd8\xa8",         /* إضراب */
    };
    if (fh_vfolded_is(t, "\xd8\xb9\xd9\x82\xd8\xaf")) return 1; /* أعلن عقد جلسة السبت */
    if (t->kind != FH_VT_WORD || !t->arabic || t->flen < 4) return 0;
    if (ar_letter_at(t->f, AR_YEH) ||
        (ar_letter_at(t->f, AR_TEH) && ar_letter_at(t->f + t->flen - 2, AR_YEH)))
        return 1;
    for (size_t k = 0; k < sizeof stems / sizeof stems[0]; k++) { /* after up to three proclitic letters */
        size_t n = strlen(stems[k]);
        for (size_t b = 0; b + n <= t->flen && b <= 6; b += 2)
            if (!memcmp(t->f + b, stems[k], n)) return 1;
    }
    return 0;
}



/* أن, أنه, أنها, أنهم: words that start reported words, whose time is
 * their own. */
static const char *const reported[] = {
    "\xd8\xa7\xd9\x86", "\xd8\xa7\xd9\x86\xd9\x87", "\xd8\xa7\xd9\x86\xd9\x87\xd8\xa7", /* أن أنه أنها */
    "\xd8\xa7\xd9\x86\xd9\x87\xd9\x85",                                                 /* أنهم */
};

/* A month with no year in a clause opened by a verb in the perfect, with
 * no future before it: ورفعت الولايات المتحدة في أكتوبر عقوبات, التي
 * وصلت إلى جزيرة ساموس في ديسمبر.  The verb opens a sentence (after و or
 * ف) or follows الذي / التي; an أن or إن between them starts reported
 * words, whose time is their own. */
static int past_verb_before(const fh_vwin *w, size_t i)
{
    if (i < 2 || !fh_vtight(w, i) || w->tok[i - 1].cls != FH_V_IN || w->tok[i - 1].pre) return 0;
    for (size_t k = i - 1, n = 0; k > 0 && n < 6; k--, n++) {
        if (w->tok[k].gap & (FH_GAP_STOP | FH_GAP_NEWLINE | FH_GAP_COMMA | FH_GAP_COLON | FH_GAP_OTHER))
            return 0;
        const fh_vtok *t = &w->tok[k - 1];
        if (t->future || t->cls == FH_V_TPREP || fh_vword_in(t, reported, sizeof reported / sizeof reported[0]) ||
            planned_or_present(t))
            return 0;
        /* the sentence's first verb, or one after a comma with و (…
         * الأخيرة، وقالت شركة آبل في شهر سبتمبر): a clause of its own */
        int opens = (t->gap & (FH_GAP_STOP | FH_GAP_NEWLINE)) != 0 ||
                    ((t->gap & FH_GAP_COMMA) && t->flen > 2 && ar_letter_at(t->f, AR_WAW));
        if (opens && t->flen > 2 && (ar_letter_at(t->f, AR_WAW) || ar_letter_at(t->f, AR_FEH)))
            return perfect_shape(t, t->f + 2, t->flen - 2);
        if (k >= 2 && fh_vrelative_pronoun(&w->tok[k - 2]) &&
            fh_vtight(w, k - 1)) /* and not الانتخابات التي دعا إليها في */
            return perfect_shape(t, t->f, t->flen) &&
                   !(k >= 3 && fh_vtight(w, k - 2) && planned_or_present(&w->tok[k - 3]));
    }
    return 0;
}

/* وجاء ذلك إثر هجوم على مسجد في نوفمبر, جاء بعد الإعلان في نوفمبر: a
 * month in a clause where something that came (جاء, جاءت) came after an
 * event (بعد, بعدما, عقب, إثر, في أعقاب) told before the month; that event
 * is past. */
static int came_after_before(const fh_vwin *w, size_t i)
{
    static const char *const after[] = {
        "\xd8\xa8\xd8\xb9\xd8\xaf", "\xd8\xa8\xd8\xb9\xd8\xaf\xd9\x85\xd8\xa7", /* بعد بعدما */
        "\xd8\xb9\xd9\x82\xd8\xa8", "\xd8\xa7\xd8\xab\xd8\xb1",                   /* عقب إثر */
        "\xd8\xa7\xd8\xb9\xd9\x82\xd8\xa7\xd8\xa8",                                   /* أعقاب */
    };
    static const char *const came[] = {
        "\xd8\xac\xd8\xa7\xd8\xa1", "\xd8\xac\xd8\xa7\xd8\xa1\xd8\xaa", /* جاء جاءت */
    };
    for (size_t k = i, n = 0; k > 0 && n < 18; k--, n++) {
        if (w->tok[k].gap & (FH_GAP_STOP | FH_GAP_NEWLINE | FH_GAP_COMMA)) return 0;
        const fh_vtok *t = &w->tok[k - 1];
        if (t->future || planned_or_present(t)) return 0;
        if (!fh_vword_among(t, after, sizeof after / sizeof after[0])) continue;
        for (size_t c = k - 1, b = 0; c > 0 && b < 4; c--, b++) {
            if (w->tok[c].gap & (FH_GAP_STOP | FH_GAP_NEWLINE | FH_GAP_COMMA)) return 0;
            if (fh_vword_in(&w->tok[c - 1], came, sizeof came / sizeof came[0])) return 1;
        }
        return 0;
    }
    return 0;
}

/* ويلتقي المنتخبان السعودي والعراقي الاثنين, in a Friday's article: a
 * weekday in a sentence opened by a verb in the present (ي, after و or ف
 * or none) tells of the coming one, as the present of news is most often
 * its plan.  Not past a verb in the perfect, a relative or reported words
 * between them (ويقدم البحث الذي نشر الأربعاء), nor after a present that
 * describes (ويأتي اجتماع الثلاثاء غداة, ويعتبر الاثنين الأكثر دموية); a
 * present with ت may be a perfect (تبنى, توفي); a clause opened by إذ or
 * حيث after a comma is one too (، إذ يصوت الناخبون الأحد). */
static int opening_present(const fh_vtok *t, size_t skip)
{
    static const char *const describing[] = {
        "\xd9\x8a\xd8\xa7\xd8\xaa\xd9\x8a",                 /* يأتي */
        "\xd9\x8a\xd8\xb9\xd8\xaf",                         /* يعد */
        "\xd9\x8a\xd8\xb9\xd8\xaa\xd8\xa8\xd8\xb1",         /* يعتبر */
        "\xd9\x8a\xd8\xb4\xd9\x87\xd8\xaf",                 /* يشهد */
    };
    return t->kind == FH_VT_WORD && t->arabic && t->cls == FH_V_NONE && !t->al &&
           !fh_vword_in(t, describing, sizeof describing / sizeof describing[0]) && t->flen >= skip + 6 &&
           ar_letter_at(t->f + skip, AR_YEH);
}

static int present_verb_opens(const fh_vwin *w, size_t i)
{
    for (size_t k = i, n = 0; k > 0 && n < 6; k--, n++) {
        if (w->tok[k].gap & (FH_GAP_STOP | FH_GAP_NEWLINE | FH_GAP_COMMA | FH_GAP_COLON | FH_GAP_OTHER))
            return 0;
        const fh_vtok *t = &w->tok[k - 1];
        if (t->cls == FH_V_TPREP || fh_vword_in(t, reported, sizeof reported / sizeof reported[0]) ||
            fh_vrelative_pronoun(t))
            return 0;
        if (k < i && !t->pre && (t->gap & (FH_GAP_COMMA | FH_GAP_STOP | FH_GAP_NEWLINE)) &&
            (fh_vfolded_is(t, "\xd8\xa7\xd8\xb0") || fh_vfolded_is(t, "\xd8\xad\xd9\x8a\xd8\xab"))) /* اذ حيث */
            return opening_present(&w->tok[k], 0);
        if (!(k == 1 || (t->gap & (FH_GAP_STOP | FH_GAP_NEWLINE)))) {
            if (perfect_shape(t, t->f, t->flen)) return 0;
            continue;
        }
        /* the sentence's first word: a verb in the present, و or ف before it */
        return opening_present(t, t->flen > 8 && (ar_letter_at(t->f, AR_WAW) || ar_letter_at(t->f, AR_FEH)) ? 2 : 0);
    }
    return 0;
}

/* منذ قرار رفع العقوبات في أكتوبر: the month after في ends a phrase
 * opened by منذ a few words before, an event since which time has passed
 * (a day may tell of what comes: منذ توليه الرئاسة في 25 ماي لحضور قمة);
 * the words between may be a verbal noun (رفع), not أن nor a verb with
 * ت or ي (منذ أن أعلنت في مارس leaves the verb to tell). */
static int since_event_in(const fh_vwin *w, size_t i)
{
    if (i < 3 || !fh_vtight(w, i) || w->tok[i - 1].cls != FH_V_IN || w->tok[i - 1].pre) return 0;
    for (size_t k = i - 1, n = 0; k > 0 && n < 5; k--, n++) {
        if (!fh_vtight(w, k)) return 0;
        const fh_vtok *t = &w->tok[k - 1];
        if (t->cls == FH_V_TPREP && !t->pre) return fh_vfolded_is(t, "\xd9\x85\xd9\x86\xd8\xb0"); /* منذ */
        if (t->kind != FH_VT_WORD || !t->arabic || (t->cls != FH_V_NONE && t->cls != FH_V_IDMARK) || t->future ||
            ar_letter_at(t->f, AR_YEH) || fh_vword_in(t, reported, sizeof reported / sizeof reported[0]) ||
            (perfect_shape(t, t->f, t->flen) && ar_letter_at(t->f + t->flen - 2, AR_TEH)))
            return 0;
    }
    return 0;
}

/* A month with no year that opens its sentence (في or وفي first) and is
 * followed by a verb in the perfect: وفي تشرين الأول/أكتوبر أعلنت الشركة,
 * the time told first.  Token i begins the date, token k follows it. */
static int past_verb_after(const fh_vwin *w, size_t i, size_t k)
{
    if (i == 0 || !fh_vtight(w, i) || k >= w->n) return 0;
    const fh_vtok *in = &w->tok[i - 1], *v = &w->tok[k];
    if (in->cls != FH_V_IN || (in->pre && !(in->wa && in->pre == 2))) return 0;
    if (i > 1 && !(in->gap & (FH_GAP_STOP | FH_GAP_NEWLINE))) return 0;
    if (v->gap & ~(FH_GAP_COMMA | FH_GAP_SPACE) || v->pre || v->future) return 0;
    return perfect_shape(v, v->f, v->flen);
}

/* وفي اليوم التالي الثلاثاء، ظهر الرئيس: a weekday named as the day after
 * another, told by a verb in the perfect after it (token k), is a day
 * gone; ظهر there is the verb, not noon (ظهر الأربعاء). */
static int next_day_told_past(const fh_vwin *w, size_t i, size_t k)
{
    if (i < 2 || k >= w->n || !fh_vtight(w, i) || !fh_vtight(w, i - 1) ||
        !fh_vfolded_is(&w->tok[i - 1], "\xd8\xa7\xd9\x84\xd8\xaa\xd8\xa7\xd9\x84\xd9\x8a") || /* التالي */
        w->tok[i - 2].cls != FH_V_RELDAY || w->tok[i - 2].value != 0 || w->tok[i - 2].pre)       /* اليوم */
        return 0;
    const fh_vtok *v = &w->tok[k], *u = tk(w, k + 1);
    if ((v->gap & ~(FH_GAP_COMMA | FH_GAP_SPACE)) || v->pre || v->future) return 0;
    if (fh_vfolded_is(v, "\xd8\xb8\xd9\x87\xd8\xb1")) /* ظهر */
        return !u || (u->cls != FH_V_WEEKDAY && u->cls != FH_V_RELDAY);
    return perfect_shape(v, v->f, v->flen);
}

/* The sentence of token i opens with a verb in the perfect (after و or ف)
 * and nothing between them makes its words reported, planned or present
 * (أن, a verb in the present, the future): what it tells happened once. */
static int told_as_past(const fh_vwin *w, size_t i)
{
    for (size_t k = i, n = 0; k > 0 && n < 24; k--, n++) {
        if (w->tok[k].gap & (FH_GAP_STOP | FH_GAP_NEWLINE | FH_GAP_COLON)) return 0;
        const fh_vtok *t = &w->tok[k - 1];
        if (t->future || fh_vword_in(t, reported, sizeof reported / sizeof reported[0]) || planned_or_present(t)) return 0;
        if ((t->gap & (FH_GAP_STOP | FH_GAP_NEWLINE)) && t->flen > 2 &&
            (ar_letter_at(t->f, AR_WAW) || ar_letter_at(t->f, AR_FEH)))
            return perfect_shape(t, t->f + 2, t->flen - 2);
    }
    return 0;
}

/* واتهم ترمب، الثلاثاء، بكين, وجّه القضاء الفرنسي، الثلاثاء، اتهاما: a
 * weekday (token i) set off by a comma after a short clause that opens
 * with a verb in the perfect, the news agencies' way of telling the day
 * something was done; no word between makes it planned, present or
 * future (وسيلتقي بوتين، الاثنين). */
static int set_off_after_perfect(const fh_vwin *w, size_t i)
{
    if (i == 0 || !(w->tok[i].gap & FH_GAP_COMMA)) return 0;
    for (size_t k = i, n = 0; k > 0 && n < 6; k--, n++) {
        if (w->tok[k].gap & (FH_GAP_STOP | FH_GAP_NEWLINE | FH_GAP_COLON | (k == i ? 0 : FH_GAP_COMMA))) return 0;
        const fh_vtok *t = &w->tok[k - 1];
        if (t->future || fh_vword_in(t, reported, sizeof reported / sizeof reported[0]) || planned_or_present(t))
            return 0;
        /* the clause opens the sentence or follows a comma (وفي هذا الشق
         * من الملف، وجّه القضاء الفرنسي، الثلاثاء،) */
        if (k - 1 > 0 && !(t->gap & (FH_GAP_STOP | FH_GAP_NEWLINE | FH_GAP_COMMA))) continue;
        if (perfect_shape(t, t->f, t->flen)) return 1; /* وصل, فاز, اتهم */
        return !(t->gap & FH_GAP_COMMA) && t->flen > 2 && /* not …، وذلك في …، السبت */ (ar_letter_at(t->f, AR_WAW) || ar_letter_at(t->f, AR_FEH)) &&
               perfect_shape(t, t->f + 2, t->flen - 2); /* وأصدر, فقالت */
    }
    return 0;
}

/* كان and كانت, the pluperfect's auxiliary (pluperfect_before, was_then_perfect). */
static const char *const pluperfect_aux[] = {
    "\xd9\x83\xd8\xa7\xd9\x86", "\xd9\x83\xd8\xa7\xd9\x86\xd8\xaa", /* كان كانت */
};

/* كان … قد shortly before token i in the same clause: the pluperfect
 * (وكانت السلطات قد أعلنت الجمعة), told of a time before the report's. */
static int pluperfect_before(const fh_vwin *w, size_t i)
{
    for (size_t k = i, n = 0; k > 0 && n < 6; k--, n++) {
        /* the date set off by commas right after its verb: قد وجهت، الجمعة، */
        uint16_t stop = FH_GAP_STOP | FH_GAP_NEWLINE | FH_GAP_COLON | (k == i ? 0 : FH_GAP_COMMA);
        if (w->tok[k].gap & stop) return 0;
        const fh_vtok *t = &w->tok[k - 1];
        if (t->future || planned_or_present(t)) return 0; /* قد أعطت مهلة تنتهي في */
        if (!fh_vfolded_is(t, "\xd9\x82\xd8\xaf")) continue; /* قد */
        for (size_t b = k - 1, m = 0; b > 0 && m < 3 && fh_vtight(w, b); b--, m++)
            if (fh_vword_in(&w->tok[b - 1], pluperfect_aux, sizeof pluperfect_aux / sizeof pluperfect_aux[0])) return 1;
        return 0;
    }
    return 0;
}

/* وكانت البلدية باشرت في شباط/فبراير: كان, its subject and a verb in the
 * perfect right before في and the date, the pluperfect without قد. */
static int was_then_perfect(const fh_vwin *w, size_t i)
{
    if (i < 3 || !fh_vtight(w, i) || w->tok[i - 1].cls != FH_V_IN || w->tok[i - 1].pre || !fh_vtight(w, i - 1))
        return 0;
    const fh_vtok *v = &w->tok[i - 2];
    /* a folded ة ends a noun (تخطط لعقد قمة في أكتوبر), never a perfect */
    if (v->pre || v->future || !perfect_shape(v, v->f, v->flen) || ar_letter_at(v->f + v->flen - 2, AR_HEH))
        return 0;
    for (size_t k = i - 2, n = 0; k > 0 && n < 6; k--, n++) {
        if (w->tok[k].gap & (FH_GAP_STOP | FH_GAP_NEWLINE | FH_GAP_COLON | FH_GAP_COMMA)) return 0;
        const fh_vtok *t = &w->tok[k - 1];
        if (t->future || planned_or_present(t)) return 0;
        if (fh_vword_in(t, pluperfect_aux, sizeof pluperfect_aux / sizeof pluperfect_aux[0])) return 1;
    }
    return 0;
}

/* لتمويل الحكومة حتى شهر سبتمبر, اقتنع بالبقاء حتى أغسطس: a month (its
 * match at token i) right after حتى, what lasts until it, lies ahead as
 * often as behind; not in a clause told with كان, كانت, ظل or ظلت (كانت
 * مكلفة بمكتب العلاقات العامة حتى يناير). */
static int until_month(const fh_vwin *w, size_t i)
{
    static const char *const was[] = {
        "\xd9\x83\xd8\xa7\xd9\x86", "\xd9\x83\xd8\xa7\xd9\x86\xd8\xaa", /* كان كانت */
        "\xd8\xb8\xd9\x84", "\xd8\xb8\xd9\x84\xd8\xaa",                 /* ظل ظلت */
    };
    if (w->tok[i].cls == FH_V_UNTIL) i++; /* حتى شهر سبتمبر, matched from حتى */
    if (i == 0 || !fh_vtight(w, i) || w->tok[i - 1].cls != FH_V_UNTIL ||
        (w->tok[i - 1].pre && !(w->tok[i - 1].wa && w->tok[i - 1].pre == 2)))
        return 0;
    for (size_t k = i - 1, n = 0; k > 0 && n < 12; k--, n++) {
        if (w->tok[k].gap & (FH_GAP_STOP | FH_GAP_NEWLINE | FH_GAP_COLON)) return 1;
        if (fh_vword_in(&w->tok[k - 1], was, sizeof was / sizeof was[0])) return 0;
    }
    return 1;
}

/* وقد أبلغ أوردانغارين الأربعاء, فقد طلبت الاثنين الوكالة: a weekday
 * (token i, ending before token k) a few words after قد, وقد or فقد and a verb in
 * the perfect is when it was done; not a day the verb set (وقد أقرت فيه
 * الأحد كأول أيام الشهر), nor a month or a date, which the verb as often
 * sets (وقد أرجئت المحاكمة إلى 12 أكتوبر). */
static int qad_perfect_before(const fh_vwin *w, size_t i, size_t k)
{
    static const char *const relatives[] = {
        "\xd8\xa7\xd9\x84\xd8\xb0\xd9\x8a", "\xd8\xa7\xd9\x84\xd8\xaa\xd9\x8a", /* الذي التي */
    };
    const fh_vtok *as = tk(w, k);
    if (as && fh_vtight(w, k) && as->pre && ar_letter_at(as->f, AR_KAF)) return 0; /* كأول */
    for (size_t j = i, n = 0; j > 1 && n < 9; j--, n++) {
        if (w->tok[j].gap & (FH_GAP_STOP | FH_GAP_NEWLINE | FH_GAP_COLON)) return 0;
        const fh_vtok *t = &w->tok[j - 1];
        /* فقد حدد عنوان زيارته التي تبدأ الاثنين: a clause of its own */
        if (t->future || planned_or_present(t) || fh_vword_among(t, relatives, sizeof relatives / sizeof relatives[0])) return 0;
        if (fh_vfolded_is(&w->tok[j - 2], "\xd9\x88\xd9\x82\xd8\xaf") || /* وقد */
            fh_vfolded_is(&w->tok[j - 2], "\xd9\x81\xd9\x82\xd8\xaf") || /* فقد */
            fh_vfolded_is(&w->tok[j - 2], "\xd9\x82\xd8\xaf"))             /* قد: وكانت الميليشيات، قد منعت */
            return fh_vtight(w, j - 1) && perfect_shape(t, t->f, t->flen);
    }
    return 0;
}

/* انتخابات مقررة في نوفمبر, القمة المقررة الأحد: a date right after
 * "scheduled" (and في) lies ahead; further on, another clause may have
 * begun (المقررة في أبريل، اقترحت سيول الأربعاء), and a plan that was
 * (كانت مقررة الأحد وتأجلت) may be past. */
static int scheduled_before(const fh_vwin *w, size_t i)
{
    static const char *const words[] = {
        "\xd9\x85\xd9\x82\xd8\xb1\xd8\xb1\xd9\x87",         /* مقررة */
        "\xd8\xa7\xd9\x84\xd9\x85\xd9\x82\xd8\xb1\xd8\xb1\xd9\x87", /* المقررة */
    };
    if (i == 0 || !fh_vtight(w, i)) return 0;
    size_t k = i - 1;
    if (w->tok[k].cls == FH_V_IN && !w->tok[k].pre && k > 0 && fh_vtight(w, k)) k--;
    if (!fh_vword_among(&w->tok[k], words, sizeof words / sizeof words[0])) return 0;
    static const char *const was[] = {
        "\xd9\x83\xd8\xa7\xd9\x86",         /* كان */
        "\xd9\x83\xd8\xa7\xd9\x86\xd8\xaa", /* كانت */
        "\xd8\xa7\xd8\xb1\xd8\xac\xd8\xa1\xd8\xaa", /* أرجئت */
        "\xd8\xa7\xd8\xb1\xd8\xac\xd8\xa7\xd8\xaa", /* أرجأت */
        "\xd8\xa7\xd8\xac\xd9\x84\xd8\xaa",     /* أجلت */
    };
    for (size_t b = k, n = 0; b > 0 && n < 6 && fh_vtight(w, b); b--, n++)
        if (fh_vword_in(&w->tok[b - 1], was, sizeof was / sizeof was[0])) return 0;
    return 1;
}

/* ---- centuries ---------------------------------------------------------- */

/* القرنين: the dual of القرن, two centuries named by ordinals after it. */
static int centuries_word(const fh_vtok *t)
{
    return t->kind == FH_VT_WORD && t->arabic && fh_vword_is(t, "\xd8\xa7\xd9\x84\xd9\x82\xd8\xb1\xd9\x86\xd9\x8a\xd9\x86"); /* القرنين */
}

/* القرنين التاسع عشر والعشرين, القرنين at token i: the first century, read
 * from the ordinal after it, when a second follows with و. */
static int century_pair_at(const fh_vwin *w, size_t i, int *n, size_t *next)
{
    size_t j;
    if (!fh_ordinal_at(w, i + 1, n, &j) || *n < 1 || *n > 21) return 0;
    const fh_vtok *a = tk(w, j);
    if (!a || !a->wa || !fh_vtight(w, j)) return 0; /* the second ordinal follows with و */
    *next = j;
    return 1;
}

/* The second century of القرنين X وY at token i (its ordinal with و): its
 * number in *n and *next past it. */
static int second_of_centuries(const fh_vwin *w, size_t i, int *n, size_t *next)
{
    const fh_vtok *t = tk(w, i);
    if (!t || !t->wa || !fh_vtight(w, i)) return 0;
    for (size_t k = i >= 4 ? i - 4 : 0; k + 1 < i; k++) {
        int first;
        size_t j;
        if (centuries_word(&w->tok[k]) && fh_vtight(w, k + 1) && fh_ordinal_at(w, k + 1, &first, &j) && j == i)
            return fh_ordinal_at(w, i, n, next) && *n > first && *n <= 21;
    }
    return 0;
}

/* القرن N, القرن الـN, القرن [ال]ORDINAL [era], القرن الماضي / الحالي /
 * المقبل at token i (the century word): the century number (*rel 0), or the
 * offset from the reference's century (*rel 1); *cal from an era after it
 * (Gregorian without one). */
static int century_at(const fh_vwin *w, size_t i, int *n, int *rel, int *cal, size_t *next)
{
    const fh_vtok *t = tk(w, i), *u = tk(w, i + 1);
    if (!t || t->cls != FH_V_CENTURY || !u || !fh_vtight(w, i + 1)) return 0;
    size_t j;
    *rel = 0;
    *cal = FH_CAL_GREG;
    if (fh_vplain(w, i + 1) && u->digits <= 2) {
        *n = (int)u->num.m;
        j = i + 2;
    } else if (u->cls == FH_V_DIR && !u->pre && !(u->flags & (FH_VF_PL | FH_VF_DUAL))) {
        *n = u->value;
        *rel = 1;
        *next = i + 2;
        return 1;
    } else if (!fh_ordinal_at(w, i + 1, n, &j)) {
        return 0;
    }
    const fh_vtok *e = tk(w, j);
    if (e && e->cls == FH_V_ERA && !e->pre && fh_vtight(w, j)) {
        *cal = (e->flags & FH_VF_HIJ) ? FH_CAL_HIJRI : FH_CAL_GREG;
        j++;
    }
    if (fh_vbefore_ce(w, j)) return 0; /* no value stands for a century BC */
    if (*n < 1 || *n > (*cal == FH_CAL_HIJRI ? 15 : 21)) return 0;
    *next = j;
    return 1;
}

/* A century, or a decade of one (سبعينيات القرن الماضي, ثمانينيات القرن التاسع
 * عشر, الخمسينيات من القرن الرابع عشر), at token i: a range of years.  The
 * 19th century is 1801-1900; a decade word alone is read in the 1900s
 * (point_at). */
static int century_match(const fh_vwin *w, size_t i, fh_vmatch *m)
{
    const fh_vtok *t = tk(w, i);
    int decade = 0; /* 1 + tens digit */
    size_t c = i;
    if (t->cls == FH_V_DECADE) {
        if (!fh_vtight(w, i + 1)) return 0;
        decade = 1 + (t->value % 100) / 10;
        c = i + 1;
        if (fh_vcls(w, c) == FH_V_FROM && fh_vtight(w, c + 1)) c++; /* الخمسينيات من القرن الرابع عشر */
    }
    int n, rel, cal;
    size_t next;
    if (!decade && ((i > 0 && fh_vtight(w, i) && centuries_word(&w->tok[i - 1]) &&
                     century_pair_at(w, i - 1, &n, &next)) ||
                    second_of_centuries(w, i, &n, &next))) { /* القرنين التاسع عشر والعشرين */
        rel = 0;
        cal = FH_CAL_GREG;
    } else if (!century_at(w, c, &n, &rel, &cal, &next)) {
        return 0;
    }
    if (decade && cal == FH_CAL_HIJRI) return 0;
    fh_dpoint a = {0};
    a.cal = (uint8_t)cal;
    a.prec = FAHRAS_PREC_YEAR;
    fh_dpoint b;
    if (rel) {
        a.rel = FH_REL_CENTURY;
        a.off = n;
        a.decade = (uint8_t)decade;
        b = a;
        b.last = 1;
    } else {
        int base = (n - 1) * 100;
        a.y = decade ? base + (decade - 1) * 10 : base + 1;
        b = a;
        b.y = decade ? a.y + 9 : base + 100;
    }
    m->a = a;
    m->b = b;
    m->range = 1;
    m->start = t->start;
    m->end = w->tok[next - 1].end;
    m->next = next;
    return 1;
}

/* مطلع الألفية الثالثة: the third millennium after الألفية at token
 * i-1, 2001-3000.  The second is as often written for the 2000s (مطلع
 * الألفية الثانية، قبل أن يتراجع), and one before Christ has no value; the
 * number grammar leaves those without one. */
static int millennium_match(const fh_vwin *w, size_t i, fh_vmatch *m)
{
    int n;
    size_t next;
    if (i == 0 || !fh_vtight(w, i) || !fh_vword_is(&w->tok[i - 1], "\xd8\xa7\xd9\x84\xd8\xa7\xd9\x84\xd9\x81\xd9\x8a\xd9\x87") || /* الالفيه */
        !(w->tok[i].flags & FH_VF_DEF) || !fh_ordinal_at(w, i, &n, &next) || n != 3 || fh_vbefore_ce(w, next))
        return 0;
    m->a.cal = FH_CAL_GREG;
    m->a.prec = FAHRAS_PREC_YEAR;
    m->a.y = 2001;
    m->b = m->a;
    m->b.y = 3000;
    m->range = 1;
    m->start = w->tok[i].start;
    m->end = w->tok[next - 1].end;
    m->next = next;
    return 1;
}

/* ---- parts of a year ----------------------------------------------------- */

/* The months of the part of a year that token i-1 names, read with or
 * without a proclitic (بالربع الأول): a quarter (الربع, the Tunisian
 * الثلاثي) 3, a half (النصف, السداسي) 6; 0 if none. */
static int year_part_months(const fh_vwin *w, size_t i)
{
    static const char *const quarters[] = {
        "\xd8\xa7\xd9\x84\xd8\xb1\xd8\xa8\xd8\xb9",             /* الربع */
        "\xd8\xa7\xd9\x84\xd8\xab\xd9\x84\xd8\xa7\xd8\xab\xd9\x8a",     /* الثلاثي */
        "\xd8\xa7\xd9\x84\xd8\xab\xd9\x84\xd8\xa7\xd8\xab\xd9\x8a\xd9\x87", /* الثلاثية */
    };
    static const char *const halves[] = {
        "\xd8\xa7\xd9\x84\xd9\x86\xd8\xb5\xd9\x81",          /* النصف */
        "\xd8\xa7\xd9\x84\xd8\xb3\xd8\xaf\xd8\xa7\xd8\xb3\xd9\x8a",  /* السداسي */
    };
    if (i == 0 || !fh_vtight(w, i)) return 0;
    const fh_vtok *p = &w->tok[i - 1];
    if (fh_vword_in(p, quarters, sizeof quarters / sizeof quarters[0])) return 3;
    if (fh_vword_in(p, halves, sizeof halves / sizeof halves[0])) return 6;
    return 0;
}

/* من العام, من السنة at token k with nothing after to say which: the
 * reference's year, as news writes it; not العام المالي, السنة الدراسية
 * (a fiscal or school year) nor العام التالي (the year after another). */
static int bare_year_after(const fh_vwin *w, size_t k)
{
    static const char *const kinds[] = {
        "\xd8\xa7\xd9\x84\xd9\x85\xd8\xa7\xd9\x84\xd9\x8a", "\xd8\xa7\xd9\x84\xd9\x85\xd8\xa7\xd9\x84\xd9\x8a\xd9\x87", /* المالي, المالية */
        "\xd8\xa7\xd9\x84\xd8\xaf\xd8\xb1\xd8\xa7\xd8\xb3\xd9\x8a", "\xd8\xa7\xd9\x84\xd8\xaf\xd8\xb1\xd8\xa7\xd8\xb3\xd9\x8a\xd9\x87", /* الدراسي, الدراسية */
        "\xd8\xa7\xd9\x84\xd8\xac\xd8\xa7\xd9\x85\xd8\xb9\xd9\x8a", "\xd8\xa7\xd9\x84\xd8\xac\xd8\xa7\xd9\x85\xd8\xb9\xd9\x8a\xd9\x87", /* الجامعي, الجامعية */
        "\xd8\xa7\xd9\x84\xd8\xb2\xd8\xb1\xd8\xa7\xd8\xb9\xd9\x8a", "\xd8\xa7\xd9\x84\xd8\xb2\xd8\xb1\xd8\xa7\xd8\xb9\xd9\x8a\xd9\x87", /* الزراعي, الزراعية */
        "\xd8\xa7\xd9\x84\xd9\x87\xd8\xac\xd8\xb1\xd9\x8a", "\xd8\xa7\xd9\x84\xd9\x87\xd8\xac\xd8\xb1\xd9\x8a\xd9\x87", /* الهجري, الهجرية */
        "\xd8\xa7\xd9\x84\xd9\x85\xd9\x8a\xd9\x84\xd8\xa7\xd8\xaf\xd9\x8a", "\xd8\xa7\xd9\x84\xd9\x85\xd9\x8a\xd9\x84\xd8\xa7\xd8\xaf\xd9\x8a\xd9\x87", /* الميلادي, الميلادية */
        "\xd8\xa7\xd9\x84\xd8\xaa\xd8\xa7\xd9\x84\xd9\x8a", "\xd8\xa7\xd9\x84\xd8\xaa\xd8\xa7\xd9\x84\xd9\x8a\xd9\x87", /* التالي, التالية */
        "\xd8\xa7\xd9\x84\xd9\x84\xd8\xa7\xd8\xad\xd9\x82", "\xd8\xa7\xd9\x84\xd9\x84\xd8\xa7\xd8\xad\xd9\x82\xd9\x87", /* اللاحق, اللاحقة */
        "\xd8\xa7\xd9\x84\xd8\xb3\xd8\xa7\xd8\xa8\xd9\x82", "\xd8\xa7\xd9\x84\xd8\xb3\xd8\xa7\xd8\xa8\xd9\x82\xd9\x87", /* السابق, السابقة */
        "\xd8\xa7\xd9\x84\xd9\x85\xd9\x88\xd8\xa7\xd9\x84\xd9\x8a", "\xd8\xa7\xd9\x84\xd9\x85\xd9\x88\xd8\xa7\xd9\x84\xd9\x8a\xd9\x87", /* الموالي, الموالية */
    };
    const fh_vtok *f = tk(w, k), *u = tk(w, k + 1), *v = tk(w, k + 2);
    if (!f || f->cls != FH_V_FROM || f->pre || !fh_vtight(w, k) || !u || !fh_vtight(w, k + 1) ||
        !is_year_word(u) || !(u->flags & FH_VF_DEF) || u->pre)
        return 0;
    return !v || !fh_vtight(w, k + 2) || !fh_vword_among(v, kinds, sizeof kinds / sizeof kinds[0]);
}

/* الربع الأول من 2018, النصف الثاني من العام الماضي, الثلاثي الرابع من سنة
 * 2016, الربع الأخير من العام الجاري: the months of that part of the year,
 * read at the ordinal after the part's word.  A year must be named or be
 * العام alone (bare_year_after); النصف الأول من الموسم, من القرن, من
 * العام المالي are other spans of time. */
/* Months first..last of the year named from token k on (من 2018, من العام
 * الماضي, للعام 2017, من العام alone), as a range starting at byte start;
 * after a part of the year ending at byte part_end.  0 if no year. */
static int months_of_year(const fh_vwin *w, size_t k, size_t start, size_t part_end, int first, int last,
                          fh_vmatch *m)
{
    mres mo = {1, FH_CAL_GREG, 0, k, part_end};
    pres r;
    pres_init(&r, start);
    const fh_vtok *u = tk(w, k);
    yres y;
    if (is_year_word(u) && u->pre && fh_vtight(w, k) && fh_vtight(w, k + 1) && year_num(w, k + 1, &y) &&
        y.era != 'h') {
        r.p.y = y.y; /* الربع الثالث للعام 2017, الثلاثية الرابعة لسنة 2016 */
        r.kind = K_YEAR;
        r.next = y.next;
        r.end = y.end;
    } else {
        month_rest(w, &r, &mo);
    }
    int named = (r.kind & K_YEAR) && !r.p.gy;
    int rel = (r.kind & K_REL) && (r.p.rel == FH_REL_YEAR || r.p.rel == FH_REL_SAME);
    if (!named && !rel && bare_year_after(w, k)) {
        set_year_rel(&r, 0); /* النصف الثاني من العام: this year's */
        r.next = k + 2;
        r.end = w->tok[k + 1].end;
        rel = 1;
    }
    if (!named && !rel) return 0;
    /* الربع الرابع 2017-2018: a fiscal year */
    const fh_vtok *e = tk(w, r.next);
    if (e && e->kind == FH_VT_NUMBER && (e->gap & (FH_GAP_DASH | FH_GAP_SLASH))) return 0;
    m->a = r.p;
    m->a.m = first;
    m->a.prec = FAHRAS_PREC_MONTH;
    m->b = m->a;
    m->b.m = last;
    m->range = 1;
    m->start = r.start;
    m->end = r.end;
    m->next = r.next;
    return 1;
}

/* النصف الأول من شهر حزيران/يونيو المقبل, النصف الثاني من ماي: the
 * first half of a month (token k is من) is its days 1 to 15, the second
 * half 16 to its last; a month's word that is also another's (ماي,
 * Theresa May) is a month here. */
static int half_of_month(const fh_vwin *w, size_t k, size_t start, int half, fh_vmatch *m)
{
    pres r;
    size_t j;
    mres mo;
    int shahr;
    if (fh_vcls(w, k) != FH_V_FROM || w->tok[k].pre || !fh_vtight(w, k) || !fh_vtight(w, k + 1) ||
        !my_read(w, k + 1, &r, &j, &mo, &shahr) || mo.cal != FH_CAL_GREG)
        return 0;
    m->a = r.p;
    m->a.d = half == 1 ? 1 : 16;
    m->a.prec = FAHRAS_PREC_DAY;
    m->b = m->a;
    /* with no year named, February ends on the 28th */
    m->b.d = half == 1 ? 15 : fh_days_in_month((r.kind & K_YEAR) && r.p.y ? r.p.y : 2001, r.p.m);
    m->range = 1;
    m->start = start;
    m->end = r.end;
    m->next = r.next;
    return 1;
}

static int year_part(const fh_vwin *w, size_t i, fh_vmatch *m)
{
    int months = year_part_months(w, i);
    if (!months) return 0;
    const fh_vtok *t = &w->tok[i];
    int v;
    size_t k = i + 1;
    if (t->cls == FH_V_PERIOD && !t->pre &&
        (fh_vfolded_is(t, "\xd8\xa7\xd9\x84\xd8\xa7\xd8\xae\xd9\x8a\xd8\xb1") || fh_vfolded_is(t, "\xd8\xa7\xd9\x84\xd8\xa7\xd8\xae\xd9\x8a\xd8\xb1\xd9\x87"))) /* الأخير, الأخيرة */
        v = 12 / months;
    else if (t->cls != FH_V_ORD || t->pre || !fh_ordinal_at(w, i, &v, &k) || k != i + 1 || v < 1 ||
             v > 12 / months)
        return 0;
    if (months_of_year(w, k, w->tok[i - 1].start, t->end, (v - 1) * months + 1, v * months, m)) return 1;
    return months == 6 && t->cls == FH_V_ORD && fh_vfolded_is(&w->tok[i - 1], "\xd8\xa7\xd9\x84\xd9\x86\xd8\xb5\xd9\x81") && /* النصف */
           half_of_month(w, k, w->tok[i - 1].start, v, m);
}

/* The number of months before الأولى or الأخيرة at token i: 1 first, -1
 * last, 0 neither. */
static int first_or_last(const fh_vwin *w, size_t i)
{
    const fh_vtok *t = tk(w, i);
    if (!t || t->pre || !fh_vtight(w, i)) return 0;
    if (t->cls == FH_V_ORD && t->value == 1 && (t->flags & FH_VF_FEM) && (t->flags & FH_VF_DEF)) return 1;
    return fh_vfolded_is(t, "\xd8\xa7\xd9\x84\xd8\xa7\xd8\xae\xd9\x8a\xd8\xb1\xd9\x87") ? -1 : 0; /* الأخيرة */
}

/* الأشهر التسعة الأولى من العام الماضي, الـ9 أشهر الأولى من العام الحالي,
 * الخمسة أشهر الاولى من سنة 2017, الشهور الثلاثة الأخيرة من عام 2017: the
 * first or last so many months of a year.  Read at الأشهر, at الـ9, or at
 * أشهر after a number word with its article (no word of the list). */
static int months_of_year_part(const fh_vwin *w, size_t i, fh_vmatch *m)
{
    const fh_vtok *t = tk(w, i), *u = tk(w, i + 1);
    long n = 0;
    size_t start = 0, ord = 0;
    if (!t || !u || !fh_vtight(w, i + 1)) return 0;
    if (t->cls == FH_V_UNITS && t->value == FH_U_MONTH) { /* الأشهر التسعة, الأشهر الـ9 */
        size_t num_start;
        n = definite_number_at(w, i + 1, &num_start);
        start = t->start;
        ord = i + 2;
    } else if (u->cls == FH_V_TUNIT && u->value == FH_U_MONTH && (u->flags & FH_VF_PL) && !u->pre) {
        n = definite_number_at(w, i, &start); /* الـ9 أشهر, الخمسة أشهر */
        ord = i + 2;
    } else if (t->cls == FH_V_TUNIT && t->value == FH_U_MONTH && (t->flags & FH_VF_PL) && !t->pre && i > 0 &&
               fh_vtight(w, i)) {
        n = definite_number_at(w, i - 1, &start); /* الخمسة أشهر, read at أشهر */
        ord = i + 1;
    }
    int side = n >= 2 && n <= 11 ? first_or_last(w, ord) : 0;
    if (!side || fh_vcls(w, ord + 1) != FH_V_FROM || !fh_vtight(w, ord + 1) || w->tok[ord + 1].pre) return 0;
    return months_of_year(w, ord + 1, start, w->tok[ord].end, side > 0 ? 1 : (int)(13 - n), side > 0 ? (int)n : 12,
                          m);
}

/* الشهر الأول من العام الجاري, الشهر الثالث من 2017: that month of the
 * year, read at الشهر. */
static int month_of_year_by_rank(const fh_vwin *w, size_t i, fh_vmatch *m)
{
    const fh_vtok *t = tk(w, i), *o = tk(w, i + 1);
    int v;
    size_t k;
    if (!t || !o || t->cls != FH_V_TUNIT || t->value != FH_U_MONTH || !(t->flags & FH_VF_DEF) ||
        (t->pre && !(t->wa && t->pre == 2)) ||
        (t->flags & (FH_VF_PL | FH_VF_DUAL)) || o->cls != FH_V_ORD || o->pre || (o->flags & FH_VF_FEM) ||
        !fh_vtight(w, i + 1) || !fh_ordinal_at(w, i + 1, &v, &k) || v < 1 || v > 12)
        return 0;
    if (fh_vcls(w, k) != FH_V_FROM || !fh_vtight(w, k) || w->tok[k].pre) return 0;
    if (!months_of_year(w, k, t->start + t->pre, w->tok[k - 1].end, v, v, m)) return 0;
    m->range = 0;
    return 1;
}

/* أول خمسة أشهر من العام, وأول 6 أشهر من 2017, أول 11 شهرا من عام 2017:
 * the first so many months of a year, read at أول. */
static int first_months_of_year(const fh_vwin *w, size_t i, fh_vmatch *m)
{
    const fh_vtok *t = tk(w, i), *u = tk(w, i + 2);
    if (!t || !u || !fh_vtight(w, i + 1) || !fh_vtight(w, i + 2)) return 0;
    if (t->cls != FH_V_ORD || t->value != 1 || t->al || (t->flags & FH_VF_FEM)) return 0;
    fh_vnum v;
    size_t next;
    if (!fh_cardinal_at(w, i + 1, &v, &next) || next != i + 2 || v.den != 1 || v.e || v.m < 2 || v.m > 11)
        return 0;
    /* أول 6 أشهر; أول 11 شهرا, whose number takes the singular */
    if (u->cls != FH_V_TUNIT || u->value != FH_U_MONTH || u->pre || (u->flags & (FH_VF_DUAL | FH_VF_DEF)) ||
        !(u->flags & FH_VF_PL) != (v.m == 11))
        return 0;
    if (fh_vcls(w, i + 3) != FH_V_FROM || !fh_vtight(w, i + 3) || w->tok[i + 3].pre) return 0;
    return months_of_year(w, i + 3, t->start + t->pre, u->end, 1, (int)v.m, m);
}

static int match_date(const fh_vwin *w, size_t i, fh_vmatch *m);

/* ليل الثلاثاء ويوم الأربعاء, منتصف ليل الخميس وصباح اليوم الجمعة: the
 * weekday wd ending at token k joined by و to the weekday after it, with
 * at most two words of a day between (يوم, صباح, اليوم). */
static int next_weekday_follows(const fh_vwin *w, size_t k, int wd)
{
    const fh_vtok *t = tk(w, k);
    if (!t || !fh_vtight(w, k) || !(t->cls == FH_V_AND || (t->wa && t->pre == 2))) return 0;
    size_t j = t->cls == FH_V_AND ? k + 1 : k;
    for (int n = 0; n < 3 && j < w->n && fh_vtight(w, j); n++, j++) {
        const fh_vtok *u = &w->tok[j];
        if (u->cls == FH_V_WEEKDAY) return u->value == wd % 7 + 1;
        if (u->cls != FH_V_DAYWORD && u->cls != FH_V_DAYPART && u->cls != FH_V_RELDAY) return 0;
    }
    return 0;
}

/* البيانات التي نشرت يوم الخميس, الاجتماع الذي عقد الأحد: a relative
 * clause's verb in the perfect right before the weekday at token i tells
 * of a day gone (not التي تعقد, nor التي ستعقد). */
static int relative_perfect_before(const fh_vwin *w, size_t i)
{
    if (i < 2 || !fh_vtight(w, i) || !fh_vtight(w, i - 1)) return 0;
    const fh_vtok *v = &w->tok[i - 1];
    /* نشرت, نقلت: a perfect's ن, which perfect_shape takes for a present's */
    int nun_perfect = v->kind == FH_VT_WORD && v->cls == FH_V_NONE && v->flen == 8 && ar_letter_at(v->f, AR_NOON) &&
                      ar_letter_at(v->f + 6, AR_TEH);
    if (v->pre || v->future || !(nun_perfect || perfect_shape(v, v->f, v->flen))) return 0;
    return fh_vrelative_pronoun(&w->tok[i - 2]);
}

int fh_match_date(const fh_vwin *w, size_t i, fh_vmatch *m)
{
    if (!match_date(w, i, m)) return 0;
    /* ملعب 15 أكتوبر, حركة 19 نيسان, مدينة العاشر من رمضان: a name made of
     * a day, not this year's day */
    const fh_dpoint *a = &m->a;
    if (!m->range && a->rel == FH_REL_YEARLESS && a->dir == FH_DIR_NEAREST && !a->off &&
        a->prec == FAHRAS_PREC_DAY && (day_head(w, i) & (HEAD_GROUP | HEAD_PLACE)))
        return 2;
    /* فوكس للقرن 21, فوكس للقرن العشرين: 21st Century Fox, a firm's name */
    if (w->tok[i].cls == FH_V_CENTURY && i > 0 && fh_vtight(w, i) &&
        fh_vfolded_is(&w->tok[i - 1], "\xd9\x81\xd9\x88\xd9\x83\xd8\xb3")) /* فوكس */
        return 2;
    /* لويجي دي مايو: Di Maio, a name after the particle دي */
    if (!m->range && a->rel == FH_REL_YEARLESS && a->prec == FAHRAS_PREC_MONTH && i > 0 && fh_vtight(w, i) &&
        !w->tok[i - 1].pre && fh_vfolded_is(&w->tok[i - 1], "\xd8\xaf\xd9\x8a")) /* دي */
        return 2;
    /* كذبة أفريل, كذبة نيسان: April fool's, no date */
    if (!m->range && a->rel == FH_REL_YEARLESS && a->prec == FAHRAS_PREC_MONTH && i > 0 && fh_vtight(w, i) &&
        fh_vfolded_is(&w->tok[i - 1], "\xd9\x83\xd8\xb0\xd8\xa8\xd9\x87")) /* كذبه */
        return 2;
    /* شهر ماي من كل سنة, 31 يناير من كل عام: every year's, no one date */
    const fh_dpoint *e = m->range ? &m->b : a;
    if (e->rel == FH_REL_YEARLESS && e->dir == FH_DIR_NEAREST && !e->off && e->cal == FH_CAL_GREG &&
        (every_year_at(w, m->next) || every_year_before(w, i) || fiscal_year_bounds_before(w, i)))
        return 2;
    /* ويعتبر أن شهر رمضان هو شهر الأسرة, عن شهر رمضان الذي اعتبرته من أقرب
     * الشهور: the month as such, said of every year */
    if (!m->range && a->rel == FH_REL_YEARLESS && a->cal == FH_CAL_HIJRI && a->dir == FH_DIR_NEAREST && !a->off &&
        a->prec == FAHRAS_PREC_MONTH && month_as_such(w, m->next))
        return 2;
    /* العاشر من نيسان العبري: a month of the Hebrew calendar, which
     * shares its names with the Levant's, no Gregorian date */
    if (m->next < w->n && fh_vtight(w, m->next) && !w->tok[m->next].pre &&
        (fh_vfolded_is(&w->tok[m->next], "\xd8\xa7\xd9\x84\xd8\xb9\xd8\xa8\xd8\xb1\xd9\x8a") ||                /* العبري */
         fh_vfolded_is(&w->tok[m->next], "\xd8\xa7\xd9\x84\xd9\x8a\xd9\x87\xd9\x88\xd8\xaf\xd9\x8a")))          /* اليهودي */
        return 2;
    /* إعلان 6 فيفري يوما وطنيا: a yearly feast, no date; but أعلنه في 27
     * ديسمبر عيدا رسميا is the day it was named */
    if (!m->range && a->rel == FH_REL_YEARLESS && a->dir == FH_DIR_NEAREST && !a->off && a->cal == FH_CAL_GREG &&
        yearly_feast_at(w, m->next) && !(i > 0 && fh_vtight(w, i) && fh_vcls(w, i - 1) == FH_V_IN))
        return 2;
    /* فيلم "ولد في الرابع من يوليو", برنامج "اليوم": a date without a
     * year of its own inside a work's title names no day; a year is kept
     * (برنامج "روسيا 2018", "رؤية 2030") */
    if (a->rel != FH_REL_NONE && (!m->range || e->rel != FH_REL_NONE) && in_work_title(w, i, m->next)) return 2;
    /* ستعقد في 12 أيار, سيجتمع يوم الخميس: the next such day, not the nearest */
    fh_dpoint *p[2] = {&m->a, &m->b};
    int n = m->range ? 2 : 1, open = 0;
    for (int k = 0; k < n; k++)
        open |= (p[k]->rel == FH_REL_YEARLESS || p[k]->rel == FH_REL_WEEKDAY) &&
                p[k]->dir == FH_DIR_NEAREST && !p[k]->off;
    if (open && (future_before(w, i) || scheduled_before(w, i) ||
                 (!m->range && p[0]->rel == FH_REL_WEEKDAY && present_verb_opens(w, i)))) {
        for (int k = 0; k < n; k++) p[k]->ahead = 1;
        if (!m->range && p[0]->rel == FH_REL_WEEKDAY && next_weekday_follows(w, m->next, p[0]->wd))
            p[0]->then_next = 1;
    } else if (open && !m->range &&
             ((p[0]->rel == FH_REL_YEARLESS &&
               (past_verb_before(w, i) || past_verb_after(w, i, m->next) || came_after_before(w, i))) ||
              pluperfect_before(w, i) || was_then_perfect(w, i) ||
              (p[0]->rel == FH_REL_WEEKDAY && (qad_perfect_before(w, i, m->next) || relative_perfect_before(w, i) ||
                                                next_day_told_past(w, i, m->next)))))
        p[0]->behind = 1;
    else if (open && !m->range && p[0]->rel == FH_REL_WEEKDAY && set_off_after_perfect(w, i))
        p[0]->told_done = 1;
    if (open && !m->range && p[0]->rel == FH_REL_YEARLESS && !p[0]->ahead && !p[0]->behind &&
        p[0]->cal == FH_CAL_GREG && p[0]->prec == FAHRAS_PREC_MONTH && until_month(w, i))
        p[0]->until = 1;
    /* منذ الأربعاء, منذ مارس: since a day or month, not after the
     * reference; so too since an event named by it (منذ انتخابات آذار/مارس) */
    size_t since = i;
    if (i > 1 && fh_vtight(w, i) && w->tok[i - 1].kind == FH_VT_WORD && w->tok[i - 1].arabic &&
        w->tok[i - 1].cls == FH_V_NONE && !w->tok[i - 1].pre && !w->tok[i - 1].al)
        since = i - 1; /* انتخابات, هجمات, ثورة */
    if (open && !m->range &&
        ((since > 0 && fh_vtight(w, since) && fh_vcls(w, since - 1) == FH_V_TPREP &&
          fh_vfolded_is(&w->tok[since - 1], "\xd9\x85\xd9\x86\xd8\xb0")) ||
         (p[0]->prec == FAHRAS_PREC_MONTH && since_event_in(w, i))))
        p[0]->behind = 1, p[0]->ahead = 0;
    return 1;
}

/* الصيف الماضي, الخريف المقبل, الصيف الجاري: the year of the last,
 * next or present season, as صيف 2016 is its year.  The last one ends
 * before the reference month, the next begins after it. */
static int season_year(const fh_vwin *w, size_t i, fh_vmatch *m)
{
    const fh_vtok *t = &w->tok[i], *u = tk(w, i + 1);
    if (t->cls != FH_V_SEASON || !u || u->cls != FH_V_DIR || u->pre || (u->flags & FH_VF_DUAL) ||
        !fh_vtight(w, i + 1))
        return 0;
    m->a.rel = FH_REL_YEARLESS;
    m->a.dir = (int8_t)u->value;
    m->a.m = u->value < 0 ? t->value + 2 : t->value;
    m->a.prec = FAHRAS_PREC_YEAR; /* the month only places the year */
    m->start = t->start;
    m->end = u->end;
    m->next = i + 2;
    return 1;
}

static int match_date(const fh_vwin *w, size_t i, fh_vmatch *m)
{
    if (i >= w->n || !fh_vmay_start(&w->tok[i], FH_VSTART_DATE)) return 0;
    memset(m, 0, sizeof *m);
    m->type = FAHRAS_SPAN_DATE;
    const fh_vtok *t = tk(w, i);
    if (!t) return 0;
    if ((t->cls == FH_V_CENTURY || t->cls == FH_V_DECADE || (i > 0 && centuries_word(&w->tok[i - 1])) ||
         (t->wa && (t->cls == FH_V_ORD || t->cls == FH_V_ORDTENS))) && /* القرنين التاسع عشر والعشرين */
        century_match(w, i, m))
        return 1;
    if (t->cls == FH_V_ORD && millennium_match(w, i, m)) return 1;
    if (t->cls == FH_V_PERIOD) return year_part(w, i, m); /* الربع الأخير: nothing else starts there */
    if (t->cls == FH_V_SEASON) return season_year(w, i, m);
    if (t->cls == FH_V_ORD && year_part(w, i, m)) return 1;
    if (months_of_year_part(w, i, m) || first_months_of_year(w, i, m) || month_of_year_by_rank(w, i, m)) return 1;
    pres a;
    /* منذ العام 2015 وحتى شهر أبريل 2018: a range, else منذ ثلاثة أيام / منذ 2011 */
    int since = t->cls == FH_V_TPREP && (t->flags & FH_VF_AGO) &&
                fh_vfolded_is(t, "\xd9\x85\xd9\x86\xd8\xb0");
    if ((t->cls == FH_V_BETWEEN || t->cls == FH_V_FROM || since) && fh_vtight(w, i + 1)) {
        int between = t->cls == FH_V_BETWEEN;
        size_t j = i + 1;
        /* بين عامي 2019 و2021, بين العامين, بين يومي 14 يونيو و15 يوليو,
         * بين شهري مارس وأفريل */
        const fh_vtok *u = tk(w, j);
        int two_months = between && u && !u->pre && fh_vfolded_is(u, "\xd8\xb4\xd9\x87\xd8\xb1\xd9\x8a"); /* شهري */
        if (u && fh_vtight(w, j + 1) &&
            ((u->cls == FH_V_TUNIT && u->value == FH_U_YEAR && (u->flags & FH_VF_DUAL)) ||
             (between && !u->pre && fh_vfolded_is(u, "\xd9\x8a\xd9\x88\xd9\x85\xd9\x8a")) || two_months)) /* يومي */
            j++;
        /* بين منتصف أبريل الجاري ويونيو المقبل: the first end's part of its
         * month or year, as range_rest reads the second end's */
        int part = month_part_word(tk(w, j)) && !w->tok[j].pre && fh_vtight(w, j + 1);
        if (part) j++;
        if (point_at(w, j, &a, BARE_DAY | BARE_YEAR) &&
            (!part || ((a.kind & K_MONTH) && !(a.kind & K_DAY)) || ((a.kind & K_YEAR) && !(a.kind & K_MONTH))) &&
            range_rest(w, &a, between, m)) {
            /* بين شهري أفريل ومارس 2017: two months compared, latest first,
             * no range */
            if (two_months && (m->a.inherit ? m->a.m >= m->b.m : m->a.y * 12 + m->a.m >= m->b.y * 12 + m->b.m))
                return 0;
            m->start = t->start;
            return 1;
        }
        if (t->cls == FH_V_FROM && from_year(w, j, j == i + 1, &a, m)) {
            if (m->range) m->start = t->start;
            return 1;
        }
        if (!since) return 0;
    }
    if (two_units(w, i, m) || n_units(w, i, m) || decade_units(w, i, m) || week_of_month(w, i, m) ||
        weekday_of_month(w, i, m))
        return 1;
    if (weekday_word(w, i, 0) && day_list(w, i + 1, 1, m)) { /* السبت 26 والأحد 27 مارس */
        m->start = t->start;
        return 1;
    }
    if (!point_at(w, i, &a, 0)) {
        if (day_list(w, i, 0, m) || word_day_pair(w, i, m)) return 1;
        if (hijri_years(w, i, m)) return 1;
        /* 3-5 أيار, 2019-2021: bare numbers with a dash */
        if (!point_at(w, i, &a, BARE_DAY | BARE_YEAR) || !range_rest(w, &a, 0, m)) return 0;
        return 1;
    }
    if (night_range(w, &a, m)) return 1;
    year_of_list(w, &a);
    /* ليل الأحد وحتى صباح الاثنين: a day of a relative name to another
     * after حتى is a range (from من, it was read above) */
    const fh_vtok *until = tk(w, a.next);
    int day_until = (a.kind & K_REL) && a.p.prec == FAHRAS_PREC_DAY && until && until->cls == FH_V_UNTIL &&
                    (!until->pre || (until->wa && until->pre == 2));
    if (!(a.kind & K_REL) || a.p.rel == FH_REL_YEARLESS || day_until) {
        fh_vmatch r;
        memset(&r, 0, sizeof r);
        r.type = FAHRAS_SPAN_DATE;
        if (range_rest(w, &a, 0, &r)) {
            *m = r;
            return 1;
        }
    }
    m->a = a.p;
    m->start = a.start;
    m->end = a.end;
    m->next = a.next;
    if (a.p.rel == FH_REL_WEEK) { /* a week is the range Monday..Sunday */
        m->b = a.p;
        m->a.wd = 1;
        m->b.wd = 7;
        m->range = 1;
    }
    if (a.p.rel == FH_REL_NONE && (a.kind & K_YEAR) && !(a.kind & K_MONTH) && w->tok[i].cls == FH_V_DECADE) {
        m->b = a.p;
        m->b.y = a.p.y + 9;
        m->range = 1;
    }
    return 1;
}
