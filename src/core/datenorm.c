/*
 * datenorm.c - fahras_date_normalize: the date of an article field (or a
 * query filter, in strict mode) as ISO 8601.
 *
 * Numeric and English forms are read here; a field with Arabic month names
 * goes through the finder's date grammar (values_date.c) on a small
 * tokenization of its own, so every month system and the Hijri calendar
 * are read the same way in metadata and in text.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "internal.h"
#include "values.h"

#define MAX_FIELD 256 /* a longer field is not a date */

typedef struct dt {
    int y, m, d, prec;
    int time, hh, mi, ss;
} dt;

typedef struct rd {
    const char *s;
    size_t n, i;
    char why[120]; /* why a form that was recognised is not a date */
} rd;

static int eat(rd *r, char c)
{
    if (r->i < r->n && r->s[r->i] == c) {
        r->i++;
        return 1;
    }
    return 0;
}

/* Exactly k digits (k > 0), or between 1 and -k digits (k < 0). */
static int num(rd *r, int k, int *v)
{
    int max = k > 0 ? k : -k, got = 0;
    *v = 0;
    while (got < max && r->i < r->n && isdigit((unsigned char)r->s[r->i])) {
        *v = *v * 10 + (r->s[r->i++] - '0');
        got++;
    }
    if (!got || (k > 0 && got != k)) return 0;
    return r->i >= r->n || !isdigit((unsigned char)r->s[r->i]) || k > 0;
}

static void skip_spaces(rd *r)
{
    while (r->i < r->n && r->s[r->i] == ' ') r->i++;
}

static int at_end(rd *r)
{
    skip_spaces(r);
    return r->i == r->n;
}

static int check_date(rd *r, dt *t)
{
    static const char *const months[] = {"January", "February", "March", "April", "May", "June", "July",
                                         "August", "September", "October", "November", "December"};
    if (t->y < 1 || t->y > 9999) {
        snprintf(r->why, sizeof r->why, "year %d out of range 1..9999", t->y);
        return -1;
    }
    if (t->prec >= FAHRAS_PREC_MONTH && (t->m < 1 || t->m > 12)) {
        snprintf(r->why, sizeof r->why, "month %d out of range 1..12", t->m);
        return -1;
    }
    if (t->prec == FAHRAS_PREC_DAY && !fh_valid_date(t->y, t->m, t->d)) {
        snprintf(r->why, sizeof r->why, "%s %d has %d days, not %d", months[t->m - 1], t->y,
                 fh_days_in_month(t->y, t->m), t->d);
        return -1;
    }
    if (t->time && (t->hh > 24 || t->mi > 59 || t->ss > 60 || (t->hh == 24 && (t->mi || t->ss)))) {
        snprintf(r->why, sizeof r->why, "no such time of day %02d:%02d:%02d", t->hh, t->mi, t->ss);
        return -1;
    }
    return 0;
}

/* A zone after a time: Z, +03:00, +0300, +03, GMT, UTC, UT, EST... (dropped). */
static int zone(rd *r)
{
    skip_spaces(r);
    if (r->i == r->n) return 1;
    if (eat(r, 'Z') || eat(r, 'z')) return 1;
    if (r->s[r->i] == '+' || r->s[r->i] == '-') {
        int hh, mm = 0;
        r->i++;
        if (!num(r, 2, &hh)) return 0;
        if (eat(r, ':')) {
            if (!num(r, 2, &mm)) return 0;
        } else if (r->i < r->n && isdigit((unsigned char)r->s[r->i]) && !num(r, 2, &mm)) {
            return 0;
        }
        return hh <= 14 && mm <= 59;
    }
    static const char *const names[] = {"GMT", "UTC", "UT", "EST", "EDT", "CST", "CDT",
                                        "MST", "MDT", "PST", "PDT"};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        size_t l = strlen(names[k]);
        if (r->n - r->i >= l && !strncmp(r->s + r->i, names[k], l)) {
            r->i += l;
            return 1;
        }
    }
    return 0;
}

/* HH:MM[:SS[.fff]] or, basic, HHMMSS. */
static int clock(rd *r, dt *t, int basic)
{
    t->time = 1;
    t->ss = 0;
    if (basic) return num(r, 2, &t->hh) && num(r, 2, &t->mi) && num(r, 2, &t->ss);
    if (!num(r, 2, &t->hh) || !eat(r, ':') || !num(r, 2, &t->mi)) return 0;
    if (eat(r, ':') && !num(r, 2, &t->ss)) return 0;
    if (eat(r, '.') || eat(r, ',')) {
        int f;
        if (!num(r, -9, &f)) return 0;
    }
    return 1;
}

/* After a date: [T| ]time [zone] and nothing else.  1 ok, 0 not this form. */
static int time_part(rd *r, dt *t)
{
    if (r->i == r->n) return 1;
    if (r->s[r->i] != 'T' && r->s[r->i] != 't' && r->s[r->i] != ' ') return 0;
    r->i++;
    skip_spaces(r);
    size_t save = r->i;
    if (!clock(r, t, 0)) {
        r->i = save;
        if (!clock(r, t, 1)) return 0;
    }
    return zone(r) && at_end(r);
}

/* ISO 8601: YYYY[-MM[-DD]] (extended) or YYYYMMDD (basic), with a time. */
static int iso(rd *r, dt *t)
{
    r->i = 0;
    if (!num(r, 4, &t->y)) return 0;
    t->prec = FAHRAS_PREC_YEAR;
    if (r->i == r->n) return 1;
    if (eat(r, '-')) {
        if (!num(r, 2, &t->m)) return 0;
        t->prec = FAHRAS_PREC_MONTH;
        if (r->i == r->n) return 1;
        if (!eat(r, '-') || !num(r, 2, &t->d)) return 0;
    } else {
        if (!num(r, 2, &t->m) || !num(r, 2, &t->d)) return 0;
    }
    t->prec = FAHRAS_PREC_DAY;
    return time_part(r, t);
}

/* 14/04/2021, 14-4-2021, 14.04.2021, 2021/04/14, 2021-4-14, with a time. */
static int numeric(rd *r, dt *t)
{
    int a, b, c;
    r->i = 0;
    if (!num(r, -4, &a) || r->i >= r->n) return 0;
    size_t la = r->i;
    char sep = r->s[r->i];
    if (sep != '/' && sep != '-' && sep != '.') return 0;
    r->i++;
    if (!num(r, -2, &b) || !eat(r, sep)) return 0;
    size_t c0 = r->i;
    if (!num(r, -4, &c)) return 0;
    size_t lc = r->i - c0;
    if (la == 4 && lc <= 2) t->y = a, t->m = b, t->d = c;
    else if (la <= 2 && lc == 4) t->d = a, t->m = b, t->y = c;
    else return 0;
    t->prec = FAHRAS_PREC_DAY;
    return time_part(r, t);
}

/* Nothing more, or a time. */
static int rest_time(rd *r, dt *t)
{
    size_t save = r->i;
    if (at_end(r)) return 1;
    r->i = save;
    return time_part(r, t);
}

static int month_name(rd *r)
{
    static const char *const names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};
    static const char *const full[] = {"january", "february", "march", "april", "may", "june", "july",
                                       "august", "september", "october", "november", "december"};
    size_t j = r->i;
    char w[16];
    size_t k = 0;
    while (j < r->n && isalpha((unsigned char)r->s[j]) && k < sizeof w - 1)
        w[k++] = (char)tolower((unsigned char)r->s[j++]);
    w[k] = '\0';
    if (j < r->n && isalpha((unsigned char)r->s[j])) return 0;
    for (int m = 0; m < 12; m++) {
        if (!strcmp(w, names[m]) || !strcmp(w, full[m]) || (m == 8 && !strcmp(w, "sept"))) {
            r->i = j;
            eat(r, '.');
            return m + 1;
        }
    }
    return 0;
}

/* RFC 2822 and English: [Tue,] 14 Apr 2021 [10:00[:00] [zone]], April 14,
 * 2021, 14 April 2021, April 2021. */
static int english(rd *r, dt *t)
{
    r->i = 0;
    static const char *const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    char w[4] = {0};
    for (int k = 0; k < 3 && k < (int)r->n; k++) w[k] = (char)tolower((unsigned char)r->s[k]);
    for (int k = 0; k < 7; k++) {
        if (!strcmp(w, days[k])) {
            while (r->i < r->n && isalpha((unsigned char)r->s[r->i])) r->i++;
            eat(r, '.');
            eat(r, ',');
            skip_spaces(r);
            break;
        }
    }
    int m, v;
    if ((m = month_name(r))) { /* April 14, 2021 | April 2021 */
        skip_spaces(r);
        if (!num(r, -4, &v)) return 0;
        if (r->i < r->n && r->s[r->i] == ',') {
            r->i++;
            skip_spaces(r);
            t->d = v;
            if (!num(r, 4, &t->y)) return 0;
            t->prec = FAHRAS_PREC_DAY;
        } else if (v >= 1000) {
            t->y = v;
            t->prec = FAHRAS_PREC_MONTH;
        } else {
            t->d = v;
            skip_spaces(r);
            if (!num(r, 4, &t->y)) return 0;
            t->prec = FAHRAS_PREC_DAY;
        }
        t->m = m;
        return rest_time(r, t);
    }
    if (!num(r, -2, &t->d)) return 0;
    skip_spaces(r);
    eat(r, '-');
    if (!(t->m = month_name(r))) return 0;
    skip_spaces(r);
    eat(r, '-');
    size_t y0 = r->i;
    if (!num(r, -4, &t->y)) return 0;
    if (r->i - y0 == 2) t->y += t->y < 50 ? 2000 : 1900; /* RFC 822 two-digit years */
    else if (r->i - y0 != 4) return 0;
    t->prec = FAHRAS_PREC_DAY;
    return rest_time(r, t);
}

/* ---- Arabic words ------------------------------------------------------------ */

#define MAX_WORDS 24

/* The field as finder tokens: words (letters, marks, tatweel) and digit runs. */
static size_t words_of(const char *s, size_t len, fh_vtok *tok)
{
    size_t n = 0, i = 0, prev_end = 0;
    while (i < len && n < MAX_WORDS) {
        uint32_t cp;
        size_t k = fh_utf8_decode((const unsigned char *)s + i, len - i, &cp);
        if (!k) return 0;
        uint8_t cls = fh_class_of(cp);
        int digit = cls == FH_CL_DIGIT, word = cls == FH_CL_AR_LETTER || cls == FH_CL_LETTER;
        if (!digit && !word) {
            i += k;
            continue;
        }
        size_t start = i;
        while (i < len) {
            k = fh_utf8_decode((const unsigned char *)s + i, len - i, &cp);
            if (!k) break;
            cls = fh_class_of(cp);
            int same = digit ? cls == FH_CL_DIGIT
                             : cls == FH_CL_AR_LETTER || cls == FH_CL_LETTER || cls == FH_CL_MARK ||
                                   cls == FH_CL_TATWEEL || cls == FH_CL_IGNORE;
            if (!same) break;
            i += k;
        }
        fh_vtok *t = &tok[n++];
        memset(t, 0, sizeof *t);
        t->start = start;
        t->end = i;
        t->gap = fh_vgap(s, prev_end, start, &t->al_start);
        prev_end = i;
        if (digit) {
            t->kind = FH_VT_NUMBER;
            fh_vtok_read_number(t, s);
        } else {
            char f[FH_VTOK_FOLD];
            size_t fn = fh_fold_default(s + start, i - start, f, sizeof f);
            t->kind = FH_VT_WORD;
            t->arabic = 1;
            fh_vtok_word(t, f, fn < sizeof f ? fn : sizeof f);
            t->clitic = t->al;
        }
    }
    return i < len && n == MAX_WORDS ? 0 : n;
}

int fh_date_from_words(const char *text, size_t len, fh_dval *out)
{
    fh_vtok tok[MAX_WORDS];
    size_t n = words_of(text, len, tok);
    if (!n) return -1;
    fh_vwin w = {text, len, tok, n, 1};
    fh_vmatch m;
    /* the date, optionally followed by الموافق and the same date in the
     * other calendar (the Gregorian one is kept) */
    if (!fh_match_date(&w, 0, &m) || m.range || m.a.rel != FH_REL_NONE) return -1;
    fh_dval v;
    if (fh_date_explicit(&m.a, &v)) return -1;
    /* a clock time after it: 14 أبريل 2021 - 10:30 */
    size_t k = m.next;
    if (k < n && tok[k].kind == FH_VT_NUMBER && k + 1 < n && (tok[k + 1].gap & FH_GAP_COLON)) {
        k++;
        while (k < n && tok[k].kind == FH_VT_NUMBER && (tok[k].gap & FH_GAP_COLON)) k++;
        if (k == n) m.next = n;
    }
    if (m.next < n) {
        fh_vmatch m2;
        k = m.next;
        if (tok[k].cls == FH_V_NONE && tok[k].al) k++; /* الموافق */
        if (k >= n || !fh_match_date(&w, k, &m2) || m2.next != n || m2.range ||
            m2.a.rel != FH_REL_NONE)
            return -1;
        fh_dval v2;
        if (fh_date_explicit(&m2.a, &v2)) return -1;
        if (v.ah || (!v2.ah && m2.a.cal == FH_CAL_GREG)) v = v2;
    }
    *out = v;
    return 0;
}

/* ---- the function -------------------------------------------------------------- */

static int write_iso(const dt *t, char *out, size_t cap)
{
    if (t->prec == FAHRAS_PREC_YEAR) return snprintf(out, cap, "%04d", t->y);
    if (t->prec == FAHRAS_PREC_MONTH) return snprintf(out, cap, "%04d-%02d", t->y, t->m);
    if (!t->time) return snprintf(out, cap, "%04d-%02d-%02d", t->y, t->m, t->d);
    return snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02d", t->y, t->m, t->d, t->hh, t->mi,
                    t->ss > 59 ? 59 : t->ss);
}

/* Copy the field with Arabic-Indic digits made ASCII and the space around
 * it trimmed. */
static size_t ascii_copy(const char *s, size_t len, char *out)
{
    size_t n = 0, i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (i + 1 < len && c == 0xD9 && (unsigned char)s[i + 1] >= 0xA0 && (unsigned char)s[i + 1] <= 0xA9) {
            out[n++] = (char)('0' + ((unsigned char)s[i + 1] - 0xA0));
            i += 2;
        } else if (i + 1 < len && c == 0xDB && (unsigned char)s[i + 1] >= 0xB0 &&
                   (unsigned char)s[i + 1] <= 0xB9) {
            out[n++] = (char)('0' + ((unsigned char)s[i + 1] - 0xB0));
            i += 2;
        } else {
            out[n++] = (char)(c == '\t' || c == '\n' || c == '\r' ? ' ' : c);
            i++;
        }
    }
    return n;
}

int fahras_date_normalize(const char *text, size_t len, unsigned flags, char *out, size_t cap,
                          int *precision, fahras_error *err)
{
    if ((!text && len) || !out || cap < FAHRAS_DATE_MAX)
        return fh_set_error(err, FAHRAS_ERR_ARG, 0, "fahras_date_normalize: bad argument");
    out[0] = '\0';
    if (precision) *precision = FAHRAS_PREC_NONE;
    size_t bad;
    if (fahras_utf8_check(text, len, &bad) != FAHRAS_OK)
        return fh_set_error(err, FAHRAS_ERR_UTF8, bad, "invalid UTF-8 at byte %zu", bad);
    const char *text0 = text;
    size_t len0 = len;
    while (len && (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r')) text++, len--;
    while (len && (text[len - 1] == ' ' || text[len - 1] == '\t' || text[len - 1] == '\n' ||
                   text[len - 1] == '\r'))
        len--;
    if (!len) return fh_set_error(err, FAHRAS_ERR_DATE, 0, "empty date");
    if (len > MAX_FIELD)
        return fh_set_error(err, FAHRAS_ERR_DATE, 0, "%zu bytes: too long for a date", len);
    char buf[MAX_FIELD + 1];
    size_t blen = ascii_copy(text, len, buf);
    buf[blen] = '\0';
    rd r = {buf, blen, 0, ""};
    dt t;
    memset(&t, 0, sizeof t);
    int ok;
    if (flags & FAHRAS_DATE_STRICT) {
        /* exactly as written: a store compares the filter with its dates */
        static const char shape[] = "dddd-dd-dd";
        ok = (len == 4 || len == 7 || len == 10);
        for (size_t k = 0; ok && k < len; k++)
            ok = shape[k] == 'd' ? text[k] >= '0' && text[k] <= '9' : text[k] == '-';
        ok = ok && text == text0 && len == len0 && iso(&r, &t);
        if (!ok)
            return fh_set_error(err, FAHRAS_ERR_DATE, 0,
                                "'%.40s': expected YYYY, YYYY-MM or YYYY-MM-DD", buf);
    } else {
        ok = iso(&r, &t);
        if (!ok) memset(&t, 0, sizeof t), ok = numeric(&r, &t);
        if (!ok) memset(&t, 0, sizeof t), ok = english(&r, &t);
        if (!ok) {
            fh_dval v;
            memset(&t, 0, sizeof t);
            if (fh_date_from_words(text, len, &v) == 0) {
                if (v.ah)
                    return fh_set_error(err, FAHRAS_ERR_DATE, 0,
                                        "'%.60s': a Hijri %s has no single Gregorian date", buf,
                                        v.prec == FAHRAS_PREC_YEAR ? "year" : v.prec == FAHRAS_PREC_MONTH ? "month" : "date outside 1300-1600 AH");
                t.y = v.y, t.m = v.m, t.d = v.d, t.prec = v.prec;
                ok = 1;
            }
        }
        if (!ok)
            return fh_set_error(err, FAHRAS_ERR_DATE, 0, "'%.60s': not a date form fahras reads",
                                buf);
    }
    if (check_date(&r, &t))
        return fh_set_error(err, FAHRAS_ERR_DATE, 0, "'%.60s': %s", buf, r.why);
    write_iso(&t, out, cap);
    if (precision) *precision = t.prec;
    return FAHRAS_OK;
}
