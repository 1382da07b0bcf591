/*
 * values_resolve.c - from a date point to its value: explicit dates are
 * checked and Hijri ones converted (Umm al-Qura); relative ones are
 * resolved against the reference date.
 *
 * Rules for relative dates (the reference is the article's date, or the
 * latest explicit date of the text):
 *   أمس, اليوم, غدا, منذ N أيام     the reference day moved by N days
 *   الأسبوع الماضي                  the ISO week (Monday..Sunday) before the reference's
 *   الشهر الماضي, العام المقبل       the reference month / year moved by one
 *   يوم الأربعاء                    the nearest Wednesday (4 days back to 2 ahead; after a
 *                                   future verb, on or after the reference; after منذ, on
 *                                   or before it)
 *   الأربعاء الماضي / المقبل         the last Wednesday before / the first after
 *   آذار الماضي                     the latest March before the reference month
 *   28 آذار الماضي                  the latest 28 March before the reference day
 *   آذار المقبل, 28 آذار المقبل      the first after them; آذار الجاري: its year
 *   28 آذار, في آذار                the nearest such day or month, one ahead counted
 *                                   one and a half times as far (a Hijri month: as far)
 * Hijri months resolve the same way in the Hijri calendar.  A Hijri date of
 * a day converts to its Gregorian day; a Hijri month or year has no single
 * Gregorian value and stays AH1436-09 / AH1436, as it does outside the
 * table's years.
 */
#include <stdio.h>
#include <stdlib.h>

#include "calendar.h"
#include "values.h"

static void set_greg_day(fh_dval *v, long jdn)
{
    fh_from_jdn(jdn, &v->y, &v->m, &v->d);
    v->prec = FAHRAS_PREC_DAY;
}

/* A Hijri date (d may be 0, m may be 0) into v. */
static int hijri_value(int y, int m, int d, fh_dval *v)
{
    v->hy = y;
    v->hm = m;
    v->hd = d;
    v->hprec = d ? FAHRAS_PREC_DAY : m ? FAHRAS_PREC_MONTH : FAHRAS_PREC_YEAR;
    if (m && (m < 1 || m > 12)) return -1;
    if (d && (d < 1 || d > 30)) return -1;
    if (d) {
        long jdn = fh_hijri_to_jdn(y, m, d);
        if (jdn >= 0) {
            set_greg_day(v, jdn);
            return 0;
        }
        if (fh_hijri_month_days(y, m)) return -1; /* day 30 of a 29-day month */
    }
    v->ah = 1; /* a month or a year, or outside the table */
    v->y = y;
    v->m = m;
    v->d = d;
    v->prec = v->hprec;
    return 0;
}

/* The Hijri year whose month m begins in Gregorian year gy (the first of
 * two when it begins there twice), or 0. */
static int hijri_year_of(int gy, int m)
{
    int guess = (int)((gy - 622) * 33L / 32);
    for (int hy = guess - 2; hy <= guess + 2; hy++) {
        long j = fh_hijri_to_jdn(hy, m, 1);
        int y, mm, d;
        if (j < 0) continue;
        fh_from_jdn(j, &y, &mm, &d);
        if (y == gy) return hy;
    }
    return 0;
}

int fh_date_explicit(const fh_dpoint *p, fh_dval *out)
{
    fh_dval v = {0};
    if (p->rel == FH_REL_NONE && !p->y && p->gy && p->cal == FH_CAL_HIJRI && p->m) {
        fh_dpoint q = *p;
        q.y = hijri_year_of(p->gy, p->m);
        q.gy = 0;
        return q.y ? fh_date_explicit(&q, out) : -1;
    }
    if (p->rel != FH_REL_NONE || !p->y) return -1;
    if (p->cal == FH_CAL_HIJRI) {
        if (hijri_value(p->y, p->m, p->d, &v)) return -1;
    } else {
        if (p->y < 1 || p->y > 9999) return -1;
        if (p->d && !fh_valid_date(p->y, p->m, p->d)) return -1;
        if (p->m && (p->m < 1 || p->m > 12)) return -1;
        v.y = p->y;
        v.m = p->m;
        v.d = p->d;
        v.prec = p->d ? FAHRAS_PREC_DAY : p->m ? FAHRAS_PREC_MONTH : FAHRAS_PREC_YEAR;
    }
    *out = v;
    return 0;
}

/* Day d of month m of year y in a calendar as a JDN, or -1. */
static long month_day_jdn(int y, int m, int d, int hijri)
{
    return hijri ? fh_hijri_to_jdn(y, m, d) : (fh_valid_date(y, m, d) ? fh_jdn(y, m, d) : -1);
}

/* The year that puts month m (day d, or 0) of a calendar nearest to the
 * reference month ry-rm (day rjdn, or -1), or before / after it; lean 1:
 * the first on or after the reference, -1: the last on or before it. */
static int pick_year(int dir, int lean, int m, int d, int ry, int rm, long rjdn, int hijri, int even)
{
    if (dir == FH_DIR_NEAREST && lean > 0) {
        if (d && rjdn >= 0) {
            /* سيصدر في 15 مارس in an article dated the 19th: written before
             * its date, not a year ahead */
            long j0 = month_day_jdn(ry, m, d, hijri);
            if (j0 >= 0 && j0 < rjdn && rjdn - j0 <= 7) return ry;
            for (int y = ry; y <= ry + 1; y++) {
                long j = month_day_jdn(y, m, d, hijri);
                if (j >= 0 && j >= rjdn) return y;
            }
        }
        return m >= rm ? ry : ry + 1;
    }
    if (dir == FH_DIR_NEAREST && lean < 0) {
        if (d && rjdn >= 0) {
            for (int y = ry; y >= ry - 1; y--) {
                long j = month_day_jdn(y, m, d, hijri);
                if (j >= 0 && j <= rjdn) return y;
            }
        }
        return m <= rm ? ry : ry - 1;
    }
    /* 15 أكتوبر الماضي on the 24th of October: this year's, the latest before */
    if (d && rjdn >= 0 && (dir == -1 || dir == 1)) {
        long j = month_day_jdn(ry, m, d, hijri);
        if (j >= 0) return dir == -1 ? (j < rjdn ? ry : ry - 1) : (j > rjdn ? ry : ry + 1);
    }
    switch (dir) {
    case -1: return m < rm ? ry : ry - 1;
    case 1: return m > rm ? ry : ry + 1;
    case 0: return ry;
    default: break;
    }
    /* the nearest, a Gregorian future at one and a half times its
     * distance: news tells of such a month without a year more often once
     * it is past (طردت في تشرين الأول in May: last October), of a Hijri
     * month (رمضان, ذو الحجة) as often ahead; a tie goes to the past, but
     * for a month one holds on until (even: حتى سبتمبر), ahead */
    long ahead = hijri ? 20 : even ? 19 : 30, back = 20;
    int best = ry;
    long best_dist = -1;
    for (int y = ry - 1; y <= ry + 1; y++) {
        long dist;
        if (d && rjdn >= 0) {
            long j = month_day_jdn(y, m, d, hijri);
            if (j < 0) continue;
            dist = labs(j - rjdn) * (j > rjdn ? ahead : back);
        } else {
            dist = labs((long)(y * 12 + m) - (long)(ry * 12 + rm)) * (y * 12 + m > ry * 12 + rm ? ahead : back);
        }
        if (best_dist < 0 || dist < best_dist) {
            best_dist = dist;
            best = y;
        }
    }
    return best;
}

static int lean(const fh_dpoint *p)
{
    return p->ahead ? 1 : p->behind ? -1 : 0;
}

static int resolve_yearless(const fh_dpoint *p, const fh_dref *ref, fh_dval *out)
{
    if (ref->prec < FAHRAS_PREC_MONTH) return -1;
    fh_dpoint q = *p;
    q.rel = FH_REL_NONE;
    if (p->cal == FH_CAL_HIJRI) {
        long j = ref->prec == FAHRAS_PREC_DAY ? ref->jdn : fh_jdn(ref->y, ref->m, 15);
        int hy, hm, hd;
        if (fh_jdn_to_hijri(j, &hy, &hm, &hd)) return -1;
        q.y = pick_year(p->dir, lean(p), p->m, p->d, hy, hm, ref->prec == FAHRAS_PREC_DAY ? j : -1, 1, 0);
    } else {
        q.y = pick_year(p->dir, lean(p), p->m, p->d, ref->y, ref->m,
                        ref->prec == FAHRAS_PREC_DAY ? ref->jdn : -1, 0, p->until);
    }
    if (p->prec == FAHRAS_PREC_YEAR) q.m = q.d = 0; /* الصيف الماضي: the month placed the year */
    return fh_date_explicit(&q, out);
}

static int resolve_weekday(const fh_dpoint *p, const fh_dref *ref, fh_dval *out)
{
    long base = ref->jdn + p->off; /* أمس الأربعاء: the Wednesday nearest to yesterday */
    int wd = fh_weekday(base);
    long delta;
    if (p->dir == -1) delta = -(long)((wd - p->wd + 7) % 7 ? (wd - p->wd + 7) % 7 : 7);
    else if (p->dir == 1) delta = (p->wd - wd + 7) % 7 ? (p->wd - wd + 7) % 7 : 7;
    else {
        delta = (p->wd - wd + 7) % 7;
        /* a weekday three days ahead is as near as the one four days back;
         * news tells more of what was (of 30 read over the news, 16 were
         * back, 9 ahead with no future verb before them) */
        if (p->behind ? delta > 0 : p->told_done ? delta >= 2 : delta >= 3 && !p->ahead) delta -= 7;
        if (p->ahead && p->then_next && delta == 6) delta = -1;
    }
    set_greg_day(out, base + delta);
    return 0;
}

/* الاربعاء 8 فيفري 2018 in an article of Wednesday 8 February 2017: a
 * year misprinted (as in January, the old year for the new), which the
 * weekday shows when the day a year nearer falls on it and within two
 * months of the article's date. */
static int explicit_with_weekday(const fh_dpoint *p, const fh_dref *ref, fh_dval *out)
{
    if (!fh_valid_date(p->y, p->m, p->d) || fh_weekday(fh_jdn(p->y, p->m, p->d)) == p->wd)
        return fh_date_explicit(p, out);
    for (int y = p->y - 1; y <= p->y + 1; y += 2) {
        if (!fh_valid_date(y, p->m, p->d)) continue;
        long j = fh_jdn(y, p->m, p->d);
        if (fh_weekday(j) == p->wd && labs(j - ref->jdn) <= 60 &&
            labs(j - ref->jdn) < labs(fh_jdn(p->y, p->m, p->d) - ref->jdn)) {
            fh_dpoint q = *p;
            q.y = y;
            return fh_date_explicit(&q, out);
        }
    }
    return fh_date_explicit(p, out);
}

/* p's fields made explicit in Gregorian year y (a century's or decade's
 * first or last year). */
static int gregorian_year(const fh_dpoint *p, int y, fh_dval *out)
{
    fh_dpoint q = *p;
    q.rel = FH_REL_NONE;
    q.y = y;
    q.cal = FH_CAL_GREG;
    return fh_date_explicit(&q, out);
}

/* The nth (or, for -1, the last) weekday p->wd of the month the rest of p
 * names, Gregorian or Hijri; with p->nth_or_day, the nth day where it is a
 * p->wd. */
static int nth_weekday(const fh_dpoint *p, const fh_dref *ref, fh_dval *out)
{
    fh_dpoint q = *p;
    q.nth = 0;
    q.wd = 0;
    q.prec = FAHRAS_PREC_MONTH;
    fh_dval mv = {0};
    if (fh_date_resolve(&q, ref, &mv)) return -1;
    int hijri = mv.hprec == FAHRAS_PREC_MONTH, days;
    long first;
    if (hijri) {
        first = fh_hijri_to_jdn(mv.hy, mv.hm, 1);
        days = fh_hijri_month_days(mv.hy, mv.hm);
        if (first < 0 || !days) return -1; /* outside the table */
    } else if (mv.prec == FAHRAS_PREC_MONTH && !mv.ah) {
        first = fh_jdn(mv.y, mv.m, 1);
        days = fh_days_in_month(mv.y, mv.m);
    } else {
        return -1;
    }
    int d;
    if (p->nth_or_day && p->nth <= days && fh_weekday(first + p->nth - 1) == p->wd) {
        d = p->nth; /* الاثنين الخامس من مارس 2018: Monday the fifth */
    } else if (p->nth > 0) {
        d = 1 + (p->wd - fh_weekday(first) + 7) % 7 + 7 * (p->nth - 1);
    } else {
        long last = first + days - 1;
        d = days - (fh_weekday(last) - p->wd + 7) % 7;
    }
    if (d < 1 || d > days) return -1;
    if (hijri) return hijri_value(mv.hy, mv.hm, d, out);
    *out = mv;
    out->d = d;
    out->prec = FAHRAS_PREC_DAY;
    return 0;
}

int fh_date_resolve(const fh_dpoint *p, const fh_dref *ref, fh_dval *out)
{
    fh_dval v = {0};
    int y, m;
    if (p->nth) return nth_weekday(p, ref, out);
    switch (p->rel) {
    case FH_REL_NONE:
        if (p->wd && p->d && p->cal == FH_CAL_GREG && ref->prec == FAHRAS_PREC_DAY)
            return explicit_with_weekday(p, ref, out);
        return fh_date_explicit(p, out);
    case FH_REL_DAYS:
        if (ref->prec != FAHRAS_PREC_DAY) return -1;
        set_greg_day(&v, ref->jdn + p->off);
        break;
    case FH_REL_WEEK:
        if (ref->prec != FAHRAS_PREC_DAY) return -1;
        {
            long j = ref->jdn + 7L * p->off;
            set_greg_day(&v, j - (fh_weekday(j) - 1) + (p->wd ? p->wd - 1 : 0));
        }
        break;
    case FH_REL_MONTH:
        if (ref->prec < FAHRAS_PREC_MONTH) return -1;
        m = ref->y * 12 + (ref->m - 1) + p->off;
        v.y = m / 12;
        v.m = m % 12 + 1;
        v.prec = FAHRAS_PREC_MONTH;
        if (p->d) { /* 19 من الشهر الجاري */
            if (p->d > fh_days_in_month(v.y, v.m)) return -1;
            v.d = p->d;
            v.prec = FAHRAS_PREC_DAY;
        }
        break;
    case FH_REL_YEAR:
        if (ref->prec < FAHRAS_PREC_YEAR) return -1;
        y = ref->y + p->off;
        {
            fh_dpoint q = *p;
            q.rel = FH_REL_NONE;
            int hy, hm, hd;
            if (p->cal == FH_CAL_HIJRI && p->m && ref->prec == FAHRAS_PREC_DAY &&
                fh_jdn_to_hijri(ref->jdn, &hy, &hm, &hd) == 0) {
                q.y = hy + p->off; /* صفر من العام الحالي, رمضان العام الماضي: of the Hijri year */
            } else if (p->cal == FH_CAL_HIJRI && p->m) {
                q.gy = y; /* with a year alone: the month that began in it */
            } else {
                q.y = y;
                q.cal = FH_CAL_GREG;
            }
            return fh_date_explicit(&q, out);
        }
    case FH_REL_WEEKDAY:
        if (ref->prec != FAHRAS_PREC_DAY) return -1;
        return resolve_weekday(p, ref, out);
    case FH_REL_YEARLESS:
        return resolve_yearless(p, ref, out);
    case FH_REL_CENTURY:
        if (ref->prec < FAHRAS_PREC_YEAR) return -1;
        y = ((ref->y - 1) / 100 + p->off) * 100; /* the year before the century's first */
        if (p->decade) y += (p->decade - 1) * 10 + (p->last ? 9 : 0);
        else y += p->last ? 100 : 1;
        if (y < 1) return -1; /* a century before the Common Era */
        return gregorian_year(p, y, out);
    case FH_REL_DECADE:
        if (ref->prec < FAHRAS_PREC_YEAR) return -1;
        y = (ref->y / 10 + p->off) * 10 + (p->last ? 9 : 0);
        if (y < 1) return -1;
        return gregorian_year(p, y, out);
    default:
        return -1;
    }
    if (v.y < 1 || v.y > 9999) return -1;
    *out = v;
    return 0;
}

size_t fh_dval_format(const fh_dval *v, char *out, size_t cap)
{
    int n;
    const char *ah = v->ah ? "AH" : "";
    if (v->prec == FAHRAS_PREC_DAY) n = snprintf(out, cap, "%s%04d-%02d-%02d", ah, v->y, v->m, v->d);
    else if (v->prec == FAHRAS_PREC_MONTH) n = snprintf(out, cap, "%s%04d-%02d", ah, v->y, v->m);
    else if (v->prec == FAHRAS_PREC_YEAR) n = snprintf(out, cap, "%s%04d", ah, v->y);
    else n = snprintf(out, cap, "%s", "");
    return n < 0 ? 0 : (size_t)n;
}

size_t fh_dval_format_hijri(const fh_dval *v, char *out, size_t cap)
{
    fh_dval h = {0};
    h.y = v->hy;
    h.m = v->hm;
    h.d = v->hd;
    h.prec = v->hprec;
    return fh_dval_format(&h, out, cap);
}
