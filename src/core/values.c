/*
 * values.c - fahras_find_values: dates, numbers, ordinals and counts in
 * text, delivered as spans with byte offsets into the original.
 *
 * The analyzer tokenizes (so URLs, e-mails and hashtags are never read as
 * numbers, and offsets agree with every other span); each token enters a
 * bounded window with its folded form, what the word list says about it
 * and the punctuation before it.  The grammars match at the window's next
 * token; a match consumes its tokens.  Memory is bounded by the window and,
 * when relative dates must wait for the text's latest explicit date, by
 * FH_SPAN_BUFFER spans: past that the text is read twice, the first time
 * only to find that date.
 */
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "internal.h"
#include "letters.h"
#include "values.h"

#define WINDOW 256    /* tokens in the window */
#define LOOKAHEAD 48  /* tokens a match may read past its first */
#define LOOKBEHIND 4  /* tokens kept before the next one to match */
#define FH_SPAN_BUFFER 4096

typedef struct vspan {
    fh_vmatch m;
    size_t unit_start, unit_end;
    uint8_t klen;
    char key[FH_VTOK_KEY];
} vspan;

enum { MODE_EMIT = 0, MODE_COLLECT, MODE_SCAN };

typedef struct finder {
    const fahras_analyzer *an;
    const char *text;
    size_t len;
    const fahras_token *given; /* the text's tokens as analyzed already, or NULL */
    size_t ngiven;
    int norm_default;  /* the analyzer's norm is the default profile */
    fh_vtok *tok;
    size_t n, next, prev_end;
    size_t last_end;   /* end of the last span found */
    int mode;
    fahras_span_fn fn;
    void *ctx;
    int stopped;       /* the span callback asked to stop */
    int nomem;
    int word_hashtag;  /* words of the hashtag before still to read (#كلمة, #شهر_رمضان) */
    fh_dref ref;       /* given, or found in the text */
    fh_dref seen[3];   /* latest explicit date of day, month, year precision */
    fh_dref recent[3]; /* the date found last, in the order of the text, of at least
                        * year, month, day precision */
    uint8_t recent_yearless[3]; /* its year was the reference's (12 مايو) */
    fh_dref named_year; /* the date found last whose year the text names */
    fh_dref before[3];  /* as recent, leaving out a month of a relative year (مارس
                         * من العام الماضي is a comparison, not the time spoken of):
                         * where السابق counts back from */
    int list_y, list_m; /* the last month with no year delivered (0: none), */
    size_t list_end;    /* read as in year list_y, ending at list_end */
    struct {                /* the last count, for a clause that leaves its noun out */
        size_t noun_end;    /* end of its noun, where the count ends */
        uint8_t prep;       /* في or من before its number (في 9 مباريات): the class, else 0 */
        uint8_t in_after;   /* a في right after it (9 ألقاب في الدوري) */
        uint8_t place_after; /* a word with ب right after it (26 درجة بالشمال) */
        size_t end;         /* where it ends */
        size_t unit_start, unit_end;
        uint8_t klen;
        char key[FH_VTOK_KEY];
    } last_count;
    vspan *spans;
    size_t nspans, cap_spans;
} finder;

static const fh_dval *later(const fh_dval *a, const fh_dval *b)
{
    long ka = (long)a->y * 10000 + a->m * 100 + a->d, kb = (long)b->y * 10000 + b->m * 100 + b->d;
    return ka >= kb ? a : b;
}

/* Remember an explicit date as a candidate reference. */
static void saw_explicit(finder *f, const fh_dpoint *p)
{
    fh_dval v;
    if (p->rel != FH_REL_NONE || p->inherit || fh_date_explicit(p, &v) || v.ah) return;
    fh_dref *r = &f->seen[v.prec - 1];
    if (r->prec) {
        fh_dval old = {0};
        old.y = r->y, old.m = r->m, old.d = r->d;
        if (later(&old, &v) == &old) return;
    }
    r->prec = v.prec;
    r->y = v.y;
    r->m = v.m;
    r->d = v.d;
    r->jdn = v.prec == FAHRAS_PREC_DAY ? fh_jdn(v.y, v.m, v.d) : 0;
}

static int same_or_recent(finder *f, fh_dpoint *p);

/* الشهر السابق, العام السابق (unit): the month or year before the date
 * the text spoke of last, or with none before the reference's; 0 when
 * there is no such date. */
static int prior_unit(finder *f, fh_dpoint *p, int unit)
{
    const fh_dref *b = &f->before[unit == FH_U_MONTH ? FAHRAS_PREC_MONTH - 1 : FAHRAS_PREC_YEAR - 1];
    p->prior = 0;
    p->off = -1;
    if (!b->prec) {
        p->rel = unit == FH_U_MONTH ? FH_REL_MONTH : FH_REL_YEAR;
        return same_or_recent(f, p);
    }
    fh_dval v = {0};
    p->rel = FH_REL_NONE;
    p->off = 0;
    p->y = b->y - (unit == FH_U_YEAR);
    if (unit == FH_U_MONTH) {
        p->m = b->m - 1;
        if (p->m == 0) p->m = 12, p->y--;
    }
    return !fh_date_explicit(p, &v);
}

/* Fill "the same" unit (اليوم نفسه, نوفمبر من العام ذاته) from the date
 * found last that has the unit (2018 بروسيا says no month), or say there
 * is none (0); remember a date found as the last one: an explicit date, or
 * one resolved against the reference given. */
static int same_or_recent(finder *f, fh_dpoint *p)
{
    fh_dval v = {0};
    int given_year = p->rel == FH_REL_SAME && p->year_back == 3 ? p->y : 0;
    if (given_year && !f->recent[FAHRAS_PREC_DAY - 1].prec) {
        /* نفس اليوم من عام 1869 with no day named before: the year */
        p->rel = FH_REL_NONE;
        p->off = 0;
        p->prec = FAHRAS_PREC_YEAR;
        p->year_back = 0;
    }
    if (p->rel == FH_REL_SAME && p->year_back && !f->recent[FAHRAS_PREC_MONTH - 1].prec) {
        /* الشهر نفسه من العام الماضي with no month named before: last year */
        p->rel = FH_REL_YEAR;
        p->off = -1;
        p->prec = FAHRAS_PREC_YEAR;
        p->year_back = 0;
    }
    if (p->rel == FH_REL_SAME) {
        int unit = p->off;
        const fh_dref *r = &f->recent[unit == FH_U_DAY ? FAHRAS_PREC_DAY - 1
                                      : unit == FH_U_MONTH ? FAHRAS_PREC_MONTH - 1
                                                           : FAHRAS_PREC_YEAR - 1];
        if (p->cal != FH_CAL_GREG) return 0;
        if (p->prior) return prior_unit(f, p, unit);
        if (!r->prec) return 0;
        p->rel = FH_REL_NONE;
        p->off = 0;
        p->y = r->y;
        /* مارس 2019 ... مايو ويونيو من العام ذاته: the year named last, not
         * the reference's that a month without one took */
        if (unit == FH_U_YEAR && f->named_year.prec) p->y = f->named_year.y;
        /* في 2 سبتمبر ... عام 1945، وفي اليوم نفسه: a year named after a date
         * with none is that date's */
        else if (f->recent_yearless[r - f->recent] && f->recent[0].prec == FAHRAS_PREC_YEAR)
            p->y = f->recent[0].y;
        if (unit != FH_U_YEAR) p->m = r->m;
        if (unit == FH_U_DAY) p->d = r->d;
        if (given_year) p->y = given_year;                           /* نفس اليوم من عام 1869 */
        else if (p->year_back == 1 && f->ref.prec) p->y = f->ref.y - 1; /* الشهر نفسه من العام الماضي */
        else if (p->year_back) p->y = r->y - 1;                     /* ... من العام السابق */
        return !fh_date_explicit(p, &v);
    }
    if (p->inherit) return 1;
    if (p->rel != FH_REL_NONE ? !f->ref.prec || fh_date_resolve(p, &f->ref, &v) : fh_date_explicit(p, &v))
        return 1;
    if (v.ah) return 1;
    if (p->rel != FH_REL_YEARLESS) {
        f->named_year.prec = v.prec;
        f->named_year.y = v.y;
    }
    for (int q = FAHRAS_PREC_YEAR; q <= v.prec && q <= FAHRAS_PREC_DAY; q++) {
        if (!(p->rel == FH_REL_YEAR && p->m)) f->before[q - 1] = (fh_dref){v.prec, v.y, v.m, v.d, 0};
        fh_dref *r = &f->recent[q - 1];
        f->recent_yearless[q - 1] = p->rel == FH_REL_YEARLESS;
        r->prec = v.prec;
        r->y = v.y;
        r->m = v.m;
        r->d = v.d;
    }
    return 1;
}

static fh_dref text_reference(const finder *f)
{
    for (int p = FAHRAS_PREC_DAY; p >= FAHRAS_PREC_YEAR; p--)
        if (f->seen[p - 1].prec) return f->seen[p - 1];
    fh_dref none = {0};
    return none;
}

/* ---- delivering spans ------------------------------------------------------ */

static long dval_key(const fh_dval *v)
{
    return v->ah ? (long)v->hy * 10000 + v->hm * 100 + v->hd : (long)v->y * 10000 + v->m * 100 + v->d;
}

/* Two weekdays read apart: with the reference on a Tuesday, بين الجمعة
 * والأحد gives the nearest Friday (the 13th) and the nearest Sunday (the
 * 8th), an end before its start.  The end with a direction (الأحد
 * والاثنين الماضيين) holds, else the reading of the two nearest the
 * reference; the other end is its weekday's distance from it. */
static void weekday_range(const fh_vmatch *m, const fh_dref *ref, fh_dval *va, fh_dval *vb)
{
    long ja = fh_jdn(va->y, va->m, va->d), jb = fh_jdn(vb->y, vb->m, vb->d);
    long gap = (m->b.wd - m->a.wd + 7) % 7;
    if (!gap) gap = 7;
    int keep_b;
    if (m->b.dir != FH_DIR_NEAREST) keep_b = 1;
    else if (m->a.dir != FH_DIR_NEAREST) keep_b = 0;
    else keep_b = labs(2 * jb - gap - 2 * ref->jdn) < labs(2 * ja + gap - 2 * ref->jdn);
    if (keep_b) ja = jb - gap;
    else jb = ja + gap;
    fh_from_jdn(ja, &va->y, &va->m, &va->d);
    fh_from_jdn(jb, &vb->y, &vb->m, &vb->d);
}

/* The value of a date match: "2021-04-14", "2021-04-14/2021-04-15", ... */
static int date_value(const fh_vmatch *m, const fh_dref *ref, fh_dval *va, fh_dval *vb)
{
    if (!m->range) return fh_date_resolve(&m->a, ref, va);
    if (fh_date_resolve(&m->b, ref, vb)) return -1;
    if (m->night) {
        if (fh_date_resolve(&m->a, ref, va)) return -1;
        long j = fh_jdn(va->y, va->m, va->d) + (m->b.wd - m->a.wd + 7) % 7;
        memset(vb, 0, sizeof *vb);
        fh_from_jdn(j, &vb->y, &vb->m, &vb->d);
        vb->prec = FAHRAS_PREC_DAY;
        return 0;
    }
    fh_dpoint a = m->a;
    int hij = a.cal == FH_CAL_HIJRI;
    if (a.inherit & FH_INHERIT_MONTH) a.m = m->b.m;
    if (a.inherit & FH_INHERIT_YEAR) {
        a.y = hij ? vb->hy : vb->y;
        a.rel = FH_REL_NONE;
    }
    if (fh_date_resolve(&a, ref, va)) return -1;
    if (a.rel == FH_REL_WEEKDAY && m->b.rel == FH_REL_WEEKDAY && dval_key(va) >= dval_key(vb))
        weekday_range(m, ref, va, vb);
    else if (m->b.rel == FH_REL_WEEKDAY && m->b.dir == FH_DIR_NEAREST && vb->prec == FAHRAS_PREC_DAY &&
             dval_key(va) > dval_key(vb)) {
        /* الليلة حتى ليل الأربعاء: the weekday ending a range is the one after its start */
        long j = fh_jdn(vb->y, vb->m, vb->d) + 7;
        fh_from_jdn(j, &vb->y, &vb->m, &vb->d);
    }
    if ((a.inherit & FH_INHERIT_YEAR) && dval_key(va) > dval_key(vb)) {
        a.y--; /* من 28 ديسمبر إلى 3 يناير 2022 */
        if (fh_date_resolve(&a, ref, va)) return -1;
    }
    return 0;
}

/* Token k of the window, or NULL past its end. */
static const fh_vtok *tk_at(const finder *f, size_t k)
{
    return k < f->n ? &f->tok[k] : NULL;
}

/* Nothing ends a sentence between bytes from and to of the text, which
 * are no more than `most` bytes apart. */
static int same_sentence(const finder *f, size_t from, size_t to, size_t most)
{
    if (from > to || to - from > most) return 0;
    for (size_t i = from; i < to; i++) {
        char c = f->text[i];
        if (c == '.' || c == '!' || c == '?' || c == '\n' ||
            (c == '\xd8' && i + 1 < to && f->text[i + 1] == '\x9f')) /* ؟ */
            return 0;
    }
    return 1;
}

/* انتخابات 2018 ... تركيا في شهر يونيو ... والبرازيل في شهر أكتوبر،
 * والولايات المتحدة في شهر نوفمبر: a month with no year and no word
 * placing it, later in the calendar than the one listed before it in the
 * same sentence a few words before, is in that one's year when that one
 * is not before the reference month (read alone, November in May is
 * nearer last year's; but فبراير ... خلال ديسمبر ويناير in March tells
 * of the December before). */
static int listed_month(const finder *f, const fh_vmatch *m)
{
    const fh_dpoint *a = &m->a;
    return f->list_m && m->type == FAHRAS_SPAN_DATE && !m->range && a->rel == FH_REL_YEARLESS &&
           a->dir == FH_DIR_NEAREST && !a->ahead && !a->behind && !a->off && a->cal == FH_CAL_GREG &&
           a->m > f->list_m && f->ref.prec >= FAHRAS_PREC_MONTH &&
           f->list_y * 12 + f->list_m >= f->ref.y * 12 + f->ref.m && same_sentence(f, f->list_end, m->start, 60);
}

static void remember_listed(finder *f, const fh_vmatch *m, const fh_dval *va, int resolved)
{
    if (m->type != FAHRAS_SPAN_DATE) return;
    const fh_dpoint *a = &m->a;
    int yearless = resolved && !m->range && a->rel == FH_REL_YEARLESS && !a->off && a->cal == FH_CAL_GREG &&
                   a->m && !va->ah;
    f->list_m = yearless ? a->m : 0;
    f->list_y = yearless ? va->y : 0;
    f->list_end = m->end;
}

/* Bidi and zero-width controls at a span's or a unit's edges (50\u202e
 * كلغ\u202e, as some sites wrap each word) are no part of it: it ends at
 * its last letter.  The grammars read the words with them, as the
 * tokenizer gives them; a run of controls alone is left whole. */
static void trim_controls(const char *text, size_t *start, size_t *end)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t a = *start, b = *end;
    uint32_t cp;
    size_t k;
    while (a < b && (k = fh_utf8_decode(s + a, b - a, &cp)) && fh_class_of(cp) == FH_CL_IGNORE) a += k;
    while (b > a) {
        size_t c = b - 1;
        while (c > a && (s[c] & 0xC0) == 0x80) c--;
        if (!(k = fh_utf8_decode(s + c, b - c, &cp)) || c + k != b || fh_class_of(cp) != FH_CL_IGNORE) break;
        b = c;
    }
    if (a < b) *start = a, *end = b;
}

static int deliver(finder *f, const vspan *s)
{
    const fh_vmatch *m = &s->m;
    fh_vmatch in_list;
    if (listed_month(f, m)) {
        in_list = *m;
        in_list.a.rel = FH_REL_NONE;
        in_list.a.y = f->list_y;
        m = &in_list;
    }
    fahras_span sp;
    char value[80] = "", hijri[48] = "";
    memset(&sp, 0, sizeof sp);
    sp.type = m->type;
    sp.start = m->start;
    sp.end = m->end;
    trim_controls(f->text, &sp.start, &sp.end);
    sp.key = sp.unit = "";
    if (m->type == FAHRAS_SPAN_DATE) {
        fh_dval va = {0}, vb = {0};
        int resolved = !date_value(m, &f->ref, &va, &vb);
        remember_listed(f, &s->m, &va, resolved);
        if (resolved) {
            size_t n = fh_dval_format(&va, value, sizeof value);
            if (m->range) {
                value[n++] = '/';
                fh_dval_format(&vb, value + n, sizeof value - n);
            }
            if (va.hprec) {
                n = fh_dval_format_hijri(&va, hijri, sizeof hijri);
                if (m->range && vb.hprec) {
                    hijri[n++] = '/';
                    fh_dval_format_hijri(&vb, hijri + n, sizeof hijri - n);
                }
            }
            sp.precision = va.prec;
        }
    } else {
        if (m->negative && m->num.m) value[0] = '-';
        fh_vnum_format(&m->num, value + (value[0] == '-'), sizeof value - 1);
        if (m->type == FAHRAS_SPAN_COUNT) {
            size_t us = s->unit_start, ue = s->unit_end;
            trim_controls(f->text, &us, &ue);
            sp.unit = f->text + us;
            sp.unit_len = ue - us;
            sp.key = s->key;
            sp.key_len = s->klen;
        } else if (m->percent) {
            sp.unit = "%";
            sp.unit_len = 1;
        }
    }
    sp.value = value;
    sp.value_len = strlen(value);
    sp.hijri = hijri;
    sp.hijri_len = strlen(hijri);
    if (f->fn(f->ctx, &sp)) f->stopped = 1;
    return f->stopped;
}

/* Where the word of token t starts in the text once the proclitic the
 * word list stripped (و, ب, ل, ...) is left out. */
static size_t after_proclitic(const finder *f, const fh_vtok *t)
{
    size_t letters = t->pre / 2, i = t->start;
    const unsigned char *s = (const unsigned char *)f->text;
    while (letters && i < t->end) {
        uint32_t cp;
        size_t k = fh_utf8_decode(s + i, t->end - i, &cp);
        if (!k) break;
        uint8_t cls = fh_class_of(cp);
        if (cls == FH_CL_AR_LETTER) letters--;
        i += k;
        while (i < t->end && (k = fh_utf8_decode(s + i, t->end - i, &cp)) &&
               (cls = fh_class_of(cp)) != FH_CL_AR_LETTER)
            i += k; /* the marks and tatweel of that letter */
    }
    return i;
}

/* The match is a year before the Common Era, for which no value stands:
 * قبل الميلاد or ق.م right after it (عام 490 قبل الميلاد), or after the
 * other end of the range it begins (بين عامي 664 و404 قبل الميلاد, من 305
 * إلى 30 ق.م, 1479- 1425 قبل الميلاد).  Counts are left: 600 سنة قبل
 * الميلاد is written as so many years. */
static int before_ce_year(const finder *f, const fh_vmatch *m)
{
    if (m->type != FAHRAS_SPAN_DATE && m->type != FAHRAS_SPAN_NUMBER) return 0;
    fh_vwin w = {f->text, f->len, f->tok, f->n, 0};
    size_t j = m->next;
    if (fh_vbefore_ce(&w, j)) return 1;
    if (j < f->n && (f->tok[j].cls == FH_V_TO || f->tok[j].cls == FH_V_AND) && !f->tok[j].pre) j++;
    return j < f->n && f->tok[j].kind == FH_VT_NUMBER && fh_vbefore_ce(&w, j + 1);
}

/* Token k is a word with ب before it, right after the token before it:
 * the place a figure holds for (بالشمال, ببقية الجهات, بأقصى الجنوب). */
static int place_word_at(const finder *f, size_t k)
{
    fh_vwin w = {f->text, f->len, f->tok, f->n, 0};
    const fh_vtok *t = tk_at(f, k);
    return t && t->kind == FH_VT_WORD && t->arabic && t->cls == FH_V_NONE && t->flen >= 8 &&
           ar_letter_at(t->f, AR_BEH) && fh_vtight(&w, k);
}

/* A number whose clause leaves out the noun of the count before it, in
 * the same sentence, counts that noun:
 *  - الفوز في تسع مباريات والتعادل في سبع.: closing a clause of its own
 *    after و+word and the preposition of the count right before (في or
 *    من); the count's noun is token i - 3 (returns 1);
 *  - تسعة ألقاب في الدوري وأربعة في دوري الأبطال، وستة في الكأس: after و
 *    and before في, as the count (or the last such number) was (returns 2,
 *    the noun as f->last_count keeps it); so too a sum in a scale word
 *    before في, after و or not, and the other side of a tally (2).
 * Token i starts the number. */
static int gapped_count(finder *f, fh_vmatch *m)
{
    size_t i = f->next;
    fh_vwin w = {f->text, f->len, f->tok, f->n, 0};
    if (m->type != FAHRAS_SPAN_NUMBER || m->percent || m->negative || m->range || !f->last_count.end) return 0;
    const fh_vtok *in = tk_at(f, m->next), *t = &f->tok[i];
    int after_and = (t->wa && t->pre == 2) || (i > 0 && f->tok[i - 1].cls == FH_V_AND && fh_vtight(&w, i));
    if (after_and && f->last_count.in_after && in && in->cls == FH_V_IN && !in->pre && fh_vtight(&w, m->next) &&
        same_sentence(f, f->last_count.end, m->start, 160)) {
        m->type = FAHRAS_SPAN_COUNT;
        m->per_hour = 0;
        return 2;
    }
    /* إلى 2.3 مليون برميل في يوليو قبل أن تهبط إلى مستوى 1.6 مليون في
     * سبتمبر: a sum ending in a scale word right before في, as the count
     * before it stood, in the same sentence */
    if (f->last_count.in_after && in && in->cls == FH_V_IN && !in->pre && fh_vtight(&w, m->next) && m->next > i &&
        f->tok[m->next - 1].cls == FH_V_SCALE && same_sentence(f, f->last_count.end, m->start, 160)) {
        m->type = FAHRAS_SPAN_COUNT;
        m->per_hour = 0;
        return 2;
    }
    /* بين 22 و 26 درجة بالشمال وبين 26 و 30 ببقية الجهات و تصل إلى 32
     * بأقصى الجنوب: a number (or a pair with و) before the place it holds
     * for, as the count before it in the sentence stood */
    size_t k = m->next;
    const fh_vtok *pair = tk_at(f, k);
    if (pair && pair->kind == FH_VT_NUMBER && pair->wa && fh_vtight(&w, k)) k++; /* 21 و26 */
    else if (pair && pair->cls == FH_V_AND && !pair->pre && tk_at(f, k + 1) && f->tok[k + 1].kind == FH_VT_NUMBER &&
             fh_vtight(&w, k) && fh_vtight(&w, k + 1))
        k += 2; /* 26 و 30 */
    /* not بينهم 85 بالرصاص, a share the table reads as a number (as N
     * منهم), nor رشاش نصف بوصة */
    const fh_vtok *share = i > 0 ? &f->tok[i - 1] : NULL;
    int of_them = share && fh_vtight(&w, i) &&
                  (fh_vfolded_is(share, "\xd8\xa8\xd9\x8a\xd9\x86\xd9\x87\xd9\x85") ||       /* بينهم */
                   fh_vfolded_is(share, "\xd9\x85\xd9\x86\xd9\x87\xd9\x85") ||               /* منهم */
                   fh_vfolded_is(share, "\xd8\xa8\xd9\x8a\xd9\x86\xd9\x87\xd8\xa7") ||       /* بينها */
                   fh_vfolded_is(share, "\xd9\x85\xd9\x86\xd9\x87\xd8\xa7"));                /* منها */
    if (f->last_count.place_after && !of_them && t->cls != FH_V_FRAC && place_word_at(f, k) &&
        same_sentence(f, f->last_count.end, m->start, 200)) {
        m->type = FAHRAS_SPAN_COUNT;
        m->per_hour = 0;
        return 2;
    }
    /* بتأييد 160 نائبا مقابل 18.: after مقابل right after the count's
     * noun, closing the clause, the other side of the same count; after
     * votes in digits, مقابل or ضد with the clause going on (258 صوتا مقابل
     * 159 النص) */
    const fh_vtok *vs = i > 0 ? &f->tok[i - 1] : NULL;
    int votes = i >= 3 && fh_vvotes_word(&f->tok[i - 2]) && fh_vplain(&w, i) && fh_vplain(&w, i - 3);
    if (vs && i >= 2 && !vs->pre && fh_vtight(&w, i) && fh_vtight(&w, i - 1) &&
        (fh_vfolded_is(vs, "\xd9\x85\xd9\x82\xd8\xa7\xd8\xa8\xd9\x84") || /* مقابل */
         (votes && fh_vfolded_is(vs, "\xd8\xb6\xd8\xaf"))) &&                   /* ضد */
        f->tok[i - 2].end == f->last_count.noun_end && f->last_count.end == f->last_count.noun_end &&
        (votes || m->next >= f->n ||
         (f->tok[m->next].gap & (FH_GAP_COMMA | FH_GAP_STOP | FH_GAP_NEWLINE | FH_GAP_RPAREN)))) {
        m->type = FAHRAS_SPAN_COUNT;
        m->per_hour = 0;
        return 2;
    }
    if (!f->last_count.prep || i < 3 || f->tok[i - 3].end != f->last_count.noun_end) return 0;
    const fh_vtok *prep = &f->tok[i - 1], *conj = &f->tok[i - 2];
    if (prep->cls != f->last_count.prep || prep->pre || conj->kind != FH_VT_WORD || conj->end - conj->start < 6 ||
        memcmp(f->text + conj->start, "\xd9\x88", 2) != 0 || /* و */
        !fh_vtight(&w, i) || !fh_vtight(&w, i - 1) || !fh_vtight(&w, i - 2))
        return 0;
    if (m->next < f->n && !(f->tok[m->next].gap & (FH_GAP_COMMA | FH_GAP_STOP | FH_GAP_NEWLINE))) return 0;
    m->type = FAHRAS_SPAN_COUNT;
    m->noun = i - 3;
    m->per_hour = 0;
    return 1;
}

/* After count m, starting at token f->next (gap: how gapped_count read
 * it): remember it for gapped_count. */
static void remember_count(finder *f, const fh_vmatch *m, int gap)
{
    if (m->type != FAHRAS_SPAN_COUNT) return;
    fh_vwin w = {f->text, f->len, f->tok, f->n, 0};
    const fh_vtok *in = tk_at(f, m->next);
    f->last_count.in_after = in && in->cls == FH_V_IN && !in->pre && fh_vtight(&w, m->next);
    f->last_count.end = m->end;
    if (gap == 2) return; /* the same noun */
    f->last_count.place_after = place_word_at(f, m->next);
    const fh_vtok *noun = &f->tok[m->noun], *p = f->next > 0 ? &f->tok[f->next - 1] : NULL;
    f->last_count.prep = 0;
    f->last_count.noun_end = noun->end;
    if (p && (p->cls == FH_V_IN || p->cls == FH_V_FROM) && !p->pre && noun->end == m->end && !m->per_hour)
        f->last_count.prep = p->cls;
    if (m->per_hour) f->last_count.in_after = 0;
    f->last_count.unit_start = m->start > noun->start && m->start < noun->end ? m->start : noun->start;
    f->last_count.unit_end = noun->end;
    f->last_count.klen = noun->klen;
    memcpy(f->last_count.key, noun->key, noun->klen);
}

/* A match found at the window's next token. */
static void found(finder *f, const fh_vmatch *m0)
{
    fh_vmatch mm = *m0, *m = &mm;
    const fh_vtok *first = &f->tok[f->next];
    if (first->pre && m->start == first->start) m->start = after_proclitic(f, first);
    /* spans never overlap: a sign or bracket a span took is not another's */
    if (m->start < f->last_end) m->start = f->last_end;
    if (m->start >= m->end || before_ce_year(f, m)) return;
    f->last_end = m->end;
    /* the same day, month or year as no date before it: not a date */
    if (m->type == FAHRAS_SPAN_DATE && !m->range && !same_or_recent(f, &m->a)) return;
    /* الربع الأخير من العام نفسه: both ends in the year named last; the
     * end of a range of named months or years (الربع الأول من 2017, بين
     * سبتمبر 2010 ومارس 2013) is the date named last */
    if (m->type == FAHRAS_SPAN_DATE && m->range) {
        if (m->a.rel == FH_REL_SAME) {
            if (!same_or_recent(f, &m->a) || !same_or_recent(f, &m->b)) return;
        } else if (m->b.rel == FH_REL_NONE || m->b.rel == FH_REL_YEAR) {
            same_or_recent(f, &m->b);
        }
    }
    if (m->type == FAHRAS_SPAN_DATE) {
        saw_explicit(f, &m->a);
        if (m->range) saw_explicit(f, &m->b);
    }
    int gap = gapped_count(f, m);
    remember_count(f, m, gap);
    if (f->mode == MODE_SCAN) return;
    vspan s;
    s.m = *m;
    s.klen = 0;
    s.unit_start = s.unit_end = 0;
    if (gap == 2) { /* the noun of a count before */
        s.unit_start = f->last_count.unit_start;
        s.unit_end = f->last_count.unit_end;
        s.klen = f->last_count.klen;
        memcpy(s.key, f->last_count.key, s.klen);
    } else if (m->type == FAHRAS_SPAN_COUNT) {
        const fh_vtok *t = &f->tok[m->noun];
        s.unit_start = t->start;
        /* بعام ونصف: a span starting after the noun's proclitic starts its unit there */
        if (m->start > t->start && m->start < t->end) s.unit_start = m->start;
        s.unit_end = m->per_hour ? f->tok[m->noun + 1].end : t->end;
        s.klen = t->klen;
        memcpy(s.key, t->key, t->klen);
        if (m->per_hour && (size_t)s.klen + 3 <= sizeof s.key) { /* كلم/س */
            memcpy(s.key + s.klen, "/\xd8\xb3", 3);
            s.klen += 3;
        }
    }
    if (f->mode == MODE_EMIT) {
        deliver(f, &s);
        return;
    }
    if (f->nspans == f->cap_spans) {
        if (f->cap_spans >= FH_SPAN_BUFFER) { /* too many to hold: read the text again later */
            f->mode = MODE_SCAN;
            return;
        }
        size_t cap = f->cap_spans ? f->cap_spans * 2 : 64;
        vspan *ns = realloc(f->spans, cap * sizeof *ns);
        if (!ns) {
            f->nomem = 1;
            return;
        }
        f->spans = ns;
        f->cap_spans = cap;
    }
    f->spans[f->nspans++] = s;
}

/* ---- the window ------------------------------------------------------------- */

static void run(finder *f, int final)
{
    fh_vwin w = {f->text, f->len, f->tok, f->n, final};
    size_t limit = final ? f->n : (f->n > LOOKAHEAD ? f->n - LOOKAHEAD : 0);
    while (f->next < limit && !f->stopped && !f->nomem) {
        size_t i = f->next;
        if (!fh_vmay_start(&f->tok[i], FH_VSTART_DATE | FH_VSTART_NUMBER)) {
            f->next = i + 1; /* most words: no grammar starts at them */
            continue;
        }
        fh_vmatch m;
        int r = fh_match_date(&w, i, &m);
        if (!r) r = fh_match_number(&w, i, &m);
        if (r == 1) found(f, &m);
        f->next = r && m.next > i ? m.next : i + 1;
    }
}

static void slide(finder *f)
{
    size_t keep_from = f->next > LOOKBEHIND ? f->next - LOOKBEHIND : 0;
    if (keep_from > f->n) keep_from = f->n;
    memmove(f->tok, f->tok + keep_from, (f->n - keep_from) * sizeof *f->tok);
    f->n -= keep_from;
    f->next -= keep_from;
}

/* The segmenter found the conjunction و, the preposition ب or the article
 * among the word's proclitics: "و+ال+تحالف", "ب+ال+برازيل", "ب+رصاص" (15
 * ألفا برصاص counts no bullets); 2 for the preposition ل ("ل+بيع", "ل+مهرجان":
 * الدورة 16 لمهرجان), which it also sees in a few nouns (ليال).  (A lone ف
 * or ك it may see in فردا or كلم is no reason.) */
static int marked_proclitic(const fahras_token *t)
{
    if (!t->stem_start || !t->seg) return 0;
    const char *s = t->seg, *end = t->seg + t->seg_len;
    int first = 1;
    while (s < end) {
        const char *plus = memchr(s, '+', (size_t)(end - s));
        if (!plus) break; /* the stem (and no enclitic after it) */
        size_t n = (size_t)(plus - s);
        if (n == 4 && ar_letter_at(s, AR_ALEF) && ar_letter_at(s + 2, AR_LAM)) return 1;
        if (first && n == 2 && (ar_letter_at(s, AR_WAW) || ar_letter_at(s, AR_BEH)))
            return 1; /* (ف: فردا is no ف + ردا) */
        if (first && n == 2 && ar_letter_at(s, AR_LAM)) return 2; /* 49 لبيع السمك */
        if (!first && n == 2 && ar_letter_at(s, AR_LAM)) return 1; /* ل+ل: the article after ل */
        if (n > 4) break; /* past the proclitics */
        first = 0;
        s = plus + 1;
    }
    return 0;
}

/* ليال, لفات, لنشا, ليترا, لواءات: nouns that begin with ل, which the
 * segmenter may split as the preposition (ثلاث ليال, 15 لنشا). */
static int lam_noun(const fh_vtok *v)
{
    static const char *const nouns[] = {
        "\xd9\x84\xd9\x8a\xd8\xa7\xd9\x84",                 /* ليال */
        "\xd9\x84\xd9\x8a\xd8\xa7\xd9\x84\xd9\x8a",         /* ليالي */
        "\xd9\x84\xd9\x81\xd8\xa7\xd8\xaa",                 /* لفات */
        "\xd9\x84\xd9\x86\xd8\xb4",                         /* لنش */
        "\xd9\x84\xd9\x86\xd8\xb4\xd8\xa7",                 /* لنشا */
        "\xd9\x84\xd9\x86\xd8\xb4\xd8\xa7\xd8\xaa",         /* لنشات */
        "\xd9\x84\xd9\x8a\xd8\xaa\xd8\xb1",                 /* ليتر */
        "\xd9\x84\xd9\x8a\xd8\xaa\xd8\xb1\xd8\xa7",         /* ليترا */
        "\xd9\x84\xd9\x8a\xd8\xaa\xd8\xb1\xd8\xa7\xd8\xaa", /* ليترات */
        "\xd9\x84\xd9\x88\xd8\xa7\xd8\xa1",                 /* لواء */
        "\xd9\x84\xd9\x88\xd8\xa7\xd8\xa1\xd8\xa7\xd8\xaa", /* لواءات */
        "\xd9\x84\xd8\xb9\xd8\xa8\xd9\x87",                 /* لعبه */
        "\xd9\x84\xd8\xb9\xd8\xa8\xd8\xa7\xd8\xaa",         /* لعبات */
        "\xd9\x84\xd8\xad\xd9\x86",                         /* لحن */
        "\xd9\x84\xd8\xad\xd9\x86\xd8\xa7",                 /* لحنا */
    };
    return fh_vword_among(v, nouns, sizeof nouns / sizeof nouns[0]);
}

/* A verb with the future marker (the segmenter's "س+يعقد", "و+س+تعقد"), or
 * سوف, المقرر, المرتقب, المزمع, المنتظر; or أن after a word of expectation
 * or obligation (من المتوقع أن, ينتظر أن تخرج بريطانيا يوم 29 مارس, وعليها
 * أن توقف عملياتها قبل الرابع من نوفمبر: not أكثر من المتوقع في أبريل, a
 * report of the past).  prev: the token before, or NULL. */
static int future_word(const fahras_token *t, const fh_vtok *v, const fh_vtok *prev)
{
    static const char *const words[] = {
        "\xd8\xb3\xd9\x88\xd9\x81",                                     /* سوف */
        "\xd9\x84\xd9\x86",                                             /* لن: will not */
        "\xd8\xa7\xd9\x84\xd9\x85\xd9\x82\xd8\xb1\xd8\xb1",         /* المقرر */
        "\xd8\xa7\xd9\x84\xd9\x85\xd8\xb1\xd8\xaa\xd9\x82\xd8\xa8", /* المرتقب */
        "\xd8\xa7\xd9\x84\xd9\x85\xd8\xb2\xd9\x85\xd8\xb9",         /* المزمع */
        "\xd8\xa7\xd9\x84\xd9\x85\xd9\x86\xd8\xaa\xd8\xb8\xd8\xb1", /* المنتظر */
    };
    static const char *const expecting[] = {
        "\xd8\xa7\xd9\x84\xd9\x85\xd8\xaa\xd9\x88\xd9\x82\xd8\xb9", /* المتوقع */
        "\xd9\x8a\xd8\xaa\xd9\x88\xd9\x82\xd8\xb9",         /* يتوقع */
        "\xd8\xaa\xd8\xaa\xd9\x88\xd9\x82\xd8\xb9",         /* تتوقع */
        "\xd9\x8a\xd9\x86\xd8\xaa\xd8\xb8\xd8\xb1",         /* ينتظر */
        "\xd9\x8a\xd8\xb1\xd8\xaa\xd9\x82\xd8\xa8",         /* يرتقب */
        "\xd8\xb9\xd9\x84\xd9\x8a\xd9\x87\xd8\xa7",         /* عليها: an obligation ahead */
        "\xd8\xb9\xd9\x84\xd9\x8a\xd9\x87",                   /* عليه */
        "\xd9\x8a\xd8\xac\xd8\xa8",                             /* يجب */
        "\xd9\x8a\xd8\xaa\xd8\xb9\xd9\x8a\xd9\x86",         /* يتعين */
    };
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (v->flen == strlen(words[k]) && !memcmp(v->f, words[k], v->flen)) return 1;
    /* أن after a word of expecting (ويتوقع أن too), or opening a clause
     * with على (، على أن تصل … بحلول الخميس; not شدد على أن, stressed that) */
    if (v->flen == 4 && !memcmp(v->f, "\xd8\xa7\xd9\x86", 4) && prev && !(v->gap & FH_GAP_PUNCT) && /* أن */
        ((prev->kind == FH_VT_WORD && fh_vword_in(prev, expecting, sizeof expecting / sizeof expecting[0])) ||
         ((prev->gap & FH_GAP_COMMA) && fh_vfolded_is(prev, "\xd8\xb9\xd9\x84\xd9\x8a")))) /* على */
        return 1;
    if (!t->stem_start || !t->seg || t->seg_len < 4) return 0;
    const char *s = t->seg;
    if ((!memcmp(s, "\xd9\x88+", 3) || !memcmp(s, "\xd9\x81+", 3)) && t->seg_len > 7) s += 3;
    return !memcmp(s, "\xd8\xb3+", 3);
}

/* Digits as one whole number: none after a point, no grouping, no era. */
static int plain_digits(const fh_vtok *t)
{
    return t->kind == FH_VT_NUMBER && t->num.ok && !t->frac_digits && !t->grouped && !t->era;
}

/* A decimal written with a word for its point, the last three tokens of
 * the window, not yet read by a match (run leaves LOOKAHEAD of them),
 * become the one number: the Tunisian news agency's ر, glued, with the
 * decimals first (9ر3 بالمائة is 3.9%, 9ر14436 مليون is 14436.9 million),
 * and فاصل, "comma", as radio writes it (5 فاصل 7 بالمائة: 5.7). */
static void merge_worded_decimal(finder *f)
{
    if (f->n < 3 || f->next + 3 > f->n) return;
    fh_vtok *a = &f->tok[f->n - 3], *r = &f->tok[f->n - 2], *b = &f->tok[f->n - 1];
    if (!plain_digits(a) || !plain_digits(b) || r->kind != FH_VT_WORD || a->digits + b->digits > 18) return;
    int reh = r->gap == FH_GAP_EMPTY && b->gap == FH_GAP_EMPTY && r->flen == 2 && ar_letter_at(r->f, AR_REH);
    int spoken = !(r->gap & FH_GAP_PUNCT) && !(b->gap & FH_GAP_PUNCT) && !b->lead_zero &&
                 fh_vfolded_is(r, "\xd9\x81\xd8\xa7\xd8\xb5\xd9\x84"); /* فاصل */
    if (!reh && !spoken) return;
    const fh_vtok whole = reh ? *b : *a, frac = reh ? *a : *b;
    uint64_t m = whole.num.m;
    for (int k = 0; k < frac.digits; k++) m *= 10;
    a->num.m = m + frac.num.m; /* at most 18 digits: no overflow */
    a->num.e = -(int)frac.digits;
    a->frac_digits = frac.digits;
    a->digits = whole.digits;
    a->lead_zero = whole.lead_zero;
    a->reh = (uint8_t)reh;
    a->end = b->end;
    f->n -= 2;
}

/* ال23: the article glued to digits with no tatweel is tokenized as a
 * word of its own; the number takes it as a detached الـ (FH_GAP_AL), as
 * الـ23 is read. */
static void merge_glued_article(finder *f)
{
    if (f->n < 2 || f->next + 2 > f->n) return;
    fh_vtok *a = &f->tok[f->n - 2], *b = &f->tok[f->n - 1];
    if (a->kind != FH_VT_WORD || a->flen != 4 || memcmp(a->f, "\xd8\xa7\xd9\x84", 4) ||
        b->gap != FH_GAP_EMPTY || (a->gap & FH_GAP_EMPTY))
        return;
    size_t start = a->start;
    uint16_t gap = a->gap;
    *a = *b;
    a->gap = (uint16_t)(gap | FH_GAP_AL);
    a->al_start = start;
    f->n--;
}

/* How many words of a hashtag are read: #كلمة, Arabic letters alone (no
 * _ nor digit), 1; #شهر_كلمة, 2; any other, 0. */
static int hashtag_words_read(const char *s, size_t n)
{
    static const char month_word[] = "#\xd8\xb4\xd9\x87\xd8\xb1_"; /* #شهر_ */
    size_t from = 1;
    int words = 1;
    if (n < 3 || s[0] != '#') return 0;
    if (n > sizeof month_word - 1 && !memcmp(s, month_word, sizeof month_word - 1)) {
        from = sizeof month_word - 1;
        words = 2;
    }
    for (size_t i = from; i < n; i++)
        if ((unsigned char)s[i] < 0x80) return 0;
    return words;
}

static int on_token(void *ctx, const fahras_token *t)
{
    finder *f = ctx;
    /* The words of a hashtag are not read (#مونديال_2018 names no year),
     * but a hashtag of one Arabic word is that word (حلول شهر #رمضان),
     * and so are the two of شهر and a word (في #شهر_رمضان المقبل). */
    if (t->flags & FAHRAS_TOKEN_PART) {
        if (!f->word_hashtag) return 0;
        f->word_hashtag--;
    } else {
        f->word_hashtag = 0;
    }
    if (t->type == FAHRAS_TOKEN_HASHTAG &&
        (f->word_hashtag = hashtag_words_read(f->text + t->start, t->end - t->start)))
        return 0;
    if (f->n == WINDOW) {
        run(f, 0);
        slide(f);
    }
    fh_vtok *v = &f->tok[f->n++];
    memset(v, 0, offsetof(fh_vtok, f));
    v->f[0] = v->key[0] = '\0';
    v->start = t->start;
    v->end = t->end;
    v->gap = fh_vgap(f->text, f->prev_end, t->start, &v->al_start);
    if (f->prev_end == 0 && t->start == 0) v->gap = FH_GAP_NEWLINE; /* the start of the text */
    f->prev_end = t->end;
    if (t->type == FAHRAS_TOKEN_NUMBER) {
        v->kind = FH_VT_NUMBER;
        fh_vtok_read_number(v, f->text);
        merge_glued_article(f);
        merge_worded_decimal(f);
    } else if (t->type == FAHRAS_TOKEN_ARABIC || t->type == FAHRAS_TOKEN_WORD) {
        v->kind = FH_VT_WORD;
        v->arabic = t->type == FAHRAS_TOKEN_ARABIC;
        if (v->arabic) {
            if (f->norm_default) {
                fh_vtok_word(v, t->norm, t->norm_len);
            } else {
                char buf[FH_VTOK_FOLD];
                size_t n = fh_fold_default(f->text + t->start, t->end - t->start, buf, sizeof buf);
                fh_vtok_word(v, buf, n < sizeof buf ? n : sizeof buf);
            }
        }
        /* ألقاب, إلغاء: the article is never written with a hamza */
        if (v->al && (unsigned char)f->text[t->start] == 0xD8 &&
            ((unsigned char)f->text[t->start + 1] == 0xA3 || (unsigned char)f->text[t->start + 1] == 0xA5 ||
             (unsigned char)f->text[t->start + 1] == 0xA2))
            v->al = 0;
        int proclitic = marked_proclitic(t);
        v->clitic = v->al || proclitic == 1 || (proclitic == 2 && !lam_noun(v));
        v->enclitic = t->stem_end < t->norm_len;
        v->future = future_word(t, v, f->n > 1 ? &f->tok[f->n - 2] : NULL);
        if (t->key_len < FH_VTOK_KEY) {
            memcpy(v->key, t->key, t->key_len);
            v->klen = (uint8_t)t->key_len;
        }
    } else {
        v->kind = FH_VT_OTHER;
    }
    return f->stopped || f->nomem;
}

/* One pass over the text. */
static int pass(finder *f, fahras_error *err)
{
    f->n = f->next = f->prev_end = f->last_end = 0;
    f->word_hashtag = 0;
    memset(&f->recent, 0, sizeof f->recent);
    memset(&f->recent_yearless, 0, sizeof f->recent_yearless);
    memset(&f->named_year, 0, sizeof f->named_year);
    memset(&f->before, 0, sizeof f->before);
    f->list_m = 0;
    memset(&f->last_count, 0, sizeof f->last_count);
    int rc = FAHRAS_OK;
    if (f->given) {
        for (size_t i = 0; i < f->ngiven && rc == FAHRAS_OK; i++)
            if (on_token(f, &f->given[i])) rc = FAHRAS_ERR_ABORTED;
    } else {
        rc = fahras_analyze(f->an, f->text, f->len, on_token, f, err);
    }
    if (rc == FAHRAS_ERR_ABORTED && !f->stopped && !f->nomem) return rc;
    if (rc != FAHRAS_OK && rc != FAHRAS_ERR_ABORTED) return rc;
    if (!f->stopped && !f->nomem) run(f, 1);
    if (f->nomem) return fh_set_error(err, FAHRAS_ERR_NOMEM, 0, "out of memory");
    if (f->stopped) return fh_set_error(err, FAHRAS_ERR_ABORTED, 0, "stopped by the span callback");
    return FAHRAS_OK;
}

static int parse_ref(const char *ref_date, fh_dref *ref, fahras_error *err)
{
    char iso[FAHRAS_DATE_MAX];
    int prec;
    memset(ref, 0, sizeof *ref);
    if (!ref_date) return FAHRAS_OK;
    if (fahras_date_normalize(ref_date, strlen(ref_date), 0, iso, sizeof iso, &prec, NULL) !=
            FAHRAS_OK ||
        iso[0] == 'A')
        return fh_set_error(err, FAHRAS_ERR_ARG, 0, "reference date '%.40s' is not a date",
                            ref_date);
    ref->prec = prec;
    ref->y = atoi(iso);
    ref->m = prec >= FAHRAS_PREC_MONTH ? atoi(iso + 5) : 0;
    ref->d = prec >= FAHRAS_PREC_DAY ? atoi(iso + 8) : 0;
    ref->jdn = prec == FAHRAS_PREC_DAY ? fh_jdn(ref->y, ref->m, ref->d) : 0;
    return FAHRAS_OK;
}

/* The values of text, from its tokens toks[0..ntoks) when given (toks
 * non-NULL), else through the analyzer. */
static int find_values(const fahras_analyzer *an, const char *text, size_t len, const fahras_token *toks,
                       size_t ntoks, const char *ref_date, fahras_span_fn fn, void *ctx, fahras_error *err)
{
    finder f;
    memset(&f, 0, sizeof f);
    f.given = toks;
    f.ngiven = ntoks;
    int rc = parse_ref(ref_date, &f.ref, err);
    if (rc) return rc;
    size_t bad;
    /* nothing is delivered from text the analyzer would stop in */
    if (an->opts.utf8 == FAHRAS_UTF8_ERROR && fahras_utf8_check(text, len, &bad) != FAHRAS_OK)
        return fh_set_error(err, FAHRAS_ERR_UTF8, bad, "invalid UTF-8 at byte %zu", bad);
    f.an = an;
    f.text = text ? text : "";
    f.len = len;
    f.norm_default = an->opts.norm == FAHRAS_NORM_DEFAULT;
    f.fn = fn;
    f.ctx = ctx;
    f.tok = malloc(WINDOW * sizeof *f.tok);
    if (!f.tok) return fh_set_error(err, FAHRAS_ERR_NOMEM, 0, "out of memory");
    f.mode = ref_date ? MODE_EMIT : MODE_COLLECT;
    rc = pass(&f, err);
    if (rc == FAHRAS_OK && !ref_date) {
        f.ref = text_reference(&f);
        if (f.mode == MODE_COLLECT) {
            for (size_t i = 0; i < f.nspans && !f.stopped; i++) deliver(&f, &f.spans[i]);
            if (f.stopped) rc = fh_set_error(err, FAHRAS_ERR_ABORTED, 0, "stopped by the span callback");
        } else { /* the buffer overflowed: read again, delivering as we go */
            f.mode = MODE_EMIT;
            rc = pass(&f, err);
        }
    }
    free(f.spans);
    free(f.tok);
    return rc;
}

int fahras_find_values(const fahras_analyzer *an, const char *text, size_t len,
                       const char *ref_date, fahras_span_fn fn, void *ctx, fahras_error *err)
{
    if (!an || (!text && len) || !fn)
        return fh_set_error(err, FAHRAS_ERR_ARG, 0, "fahras_find_values: NULL argument");
    if (len > FAHRAS_MAX_INPUT)
        return fh_set_error(err, FAHRAS_ERR_LIMIT, 0, "input of %zu bytes exceeds the limit", len);
    return find_values(an, text, len, NULL, 0, ref_date, fn, ctx, err);
}

int fahras_find_values_tokens(const fahras_analyzer *an, const char *text, size_t len,
                              const fahras_token *toks, size_t ntoks, const char *ref_date,
                              fahras_span_fn fn, void *ctx, fahras_error *err)
{
    if (!an || (!text && len) || (!toks && ntoks) || !fn)
        return fh_set_error(err, FAHRAS_ERR_ARG, 0, "fahras_find_values_tokens: NULL argument");
    if (len > FAHRAS_MAX_INPUT)
        return fh_set_error(err, FAHRAS_ERR_LIMIT, 0, "input of %zu bytes exceeds the limit", len);
    for (size_t i = 0; i < ntoks; i++)
        if (toks[i].start > toks[i].end || toks[i].end > len)
            return fh_set_error(err, FAHRAS_ERR_ARG, toks[i].start,
                                "fahras_find_values_tokens: token %zu is outside the text", i);
    static const fahras_token none;
    return find_values(an, text, len, toks ? toks : &none, ntoks, ref_date, fn, ctx, err);
}
