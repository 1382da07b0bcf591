/*
 * calendar.h - day arithmetic of the Gregorian calendar and conversion
 * from and to the Umm al-Qura Hijri calendar (generated table,
 * hijri_data.c).  Days are Julian day numbers (JDN): 2459319 is
 * 2021-04-14.  Internal to the core.
 */
#ifndef FAHRAS_CALENDAR_H
#define FAHRAS_CALENDAR_H

#include <stdint.h>

typedef struct fh_hijri_year {
    int32_t start;  /* JDN of 1 Muharram */
    uint16_t long_months; /* bit m-1 set: month m has 30 days, else 29 */
} fh_hijri_year;

extern const int fh_hijri_first_year, fh_hijri_last_year;
extern const fh_hijri_year fh_hijri_years[];

/* 1 for a leap year of the (proleptic) Gregorian calendar. */
int fh_leap_year(int y);
/* Days in month m (1..12) of year y; 0 for a bad month. */
int fh_days_in_month(int y, int m);
/* 1 if y-m-d is a real date (years 1..9999). */
int fh_valid_date(int y, int m, int d);
long fh_jdn(int y, int m, int d);
void fh_from_jdn(long jdn, int *y, int *m, int *d);
/* ISO weekday of a JDN: 1 Monday .. 7 Sunday. */
int fh_weekday(long jdn);

/* Days in Hijri month m of year y; 0 outside the table. */
int fh_hijri_month_days(int y, int m);
/* JDN of Hijri y-m-d; -1 outside the table or not a day of that month. */
long fh_hijri_to_jdn(int y, int m, int d);
/* Hijri date of a JDN; -1 outside the table. */
int fh_jdn_to_hijri(long jdn, int *y, int *m, int *d);

#endif
