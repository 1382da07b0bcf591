/*
 * calendar.c - Gregorian day arithmetic (the civil-from-days algorithm on
 * the proleptic calendar) and Umm al-Qura conversion through the table
 * ICU's calendar was dumped into (hijri_data.c).  Pure functions.
 */
#include "calendar.h"

int fh_leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int fh_days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12) return 0;
    return m == 2 && fh_leap_year(y) ? 29 : days[m - 1];
}

int fh_valid_date(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && d >= 1 && d <= fh_days_in_month(y, m);
}

long fh_jdn(int y, int m, int d)
{
    long a = (14 - m) / 12, yy = (long)y + 4800 - a, mm = m + 12 * a - 3;
    return d + (153 * mm + 2) / 5 + 365 * yy + yy / 4 - yy / 100 + yy / 400 - 32045;
}

void fh_from_jdn(long jdn, int *y, int *m, int *d)
{
    long a = jdn + 32044, b = (4 * a + 3) / 146097, c = a - 146097 * b / 4;
    long dd = (4 * c + 3) / 1461, e = c - 1461 * dd / 4, mm = (5 * e + 2) / 153;
    *d = (int)(e - (153 * mm + 2) / 5 + 1);
    *m = (int)(mm + 3 - 12 * (mm / 10));
    *y = (int)(100 * b + dd - 4800 + mm / 10);
}

int fh_weekday(long jdn)
{
    return (int)(jdn % 7) + 1; /* JDN 0 was a Monday */
}

int fh_hijri_month_days(int y, int m)
{
    if (y < fh_hijri_first_year || y > fh_hijri_last_year || m < 1 || m > 12) return 0;
    return fh_hijri_years[y - fh_hijri_first_year].long_months >> (m - 1) & 1 ? 30 : 29;
}

long fh_hijri_to_jdn(int y, int m, int d)
{
    int n = fh_hijri_month_days(y, m);
    if (!n || d < 1 || d > n) return -1;
    const fh_hijri_year *hy = &fh_hijri_years[y - fh_hijri_first_year];
    long jdn = hy->start;
    for (int k = 1; k < m; k++) jdn += hy->long_months >> (k - 1) & 1 ? 30 : 29;
    return jdn + d - 1;
}

static int year_days(const fh_hijri_year *hy)
{
    int n = 0;
    for (int k = 0; k < 12; k++) n += hy->long_months >> k & 1 ? 30 : 29;
    return n;
}

int fh_jdn_to_hijri(long jdn, int *y, int *m, int *d)
{
    int count = fh_hijri_last_year - fh_hijri_first_year + 1;
    const fh_hijri_year *last = &fh_hijri_years[count - 1];
    if (jdn < fh_hijri_years[0].start || jdn >= last->start + year_days(last)) return -1;
    int lo = 0, hi = count - 1;
    while (lo < hi) { /* last year starting on or before jdn */
        int mid = (lo + hi + 1) / 2;
        if (fh_hijri_years[mid].start <= jdn) lo = mid;
        else hi = mid - 1;
    }
    const fh_hijri_year *hy = &fh_hijri_years[lo];
    long off = jdn - hy->start;
    int mm = 1;
    for (; mm < 12; mm++) {
        int n = hy->long_months >> (mm - 1) & 1 ? 30 : 29;
        if (off < n) break;
        off -= n;
    }
    *y = fh_hijri_first_year + lo;
    *m = mm;
    *d = (int)off + 1;
    return 0;
}
