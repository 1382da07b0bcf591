/*
 * values.h - shared declarations of the value finder (dates, numbers,
 * ordinals, counts) and the date normalizer.  Internal to the core.
 *
 * The finder sees text as a window of tokens (fh_vtok): the analyzer's
 * tokens with their folded form, what the word list says about them, the
 * punctuation between them and, for numbers, the value read from the
 * original digits.  The grammars (values_date.c, values_num.c) match at
 * one token and describe what they found in an fh_vmatch; values.c drives
 * them, resolves relative dates and delivers spans.
 */
#ifndef FAHRAS_VALUES_H
#define FAHRAS_VALUES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fahras.h"

/* ---- the word list (values_lexicon.c, generated) ----------------------- */

enum fh_vclass {
    FH_V_NONE = 0,
    FH_V_MONTH, FH_V_MONTH_HEAD, FH_V_HMONTH, FH_V_HMONTH_HEAD, FH_V_HTAIL, FH_V_LAST,
    FH_V_WEEKDAY, FH_V_DAYPART, FH_V_DAYWORD, FH_V_RELDAY, FH_V_GHAD, FH_V_TODAYNOT,
    FH_V_TUNIT, FH_V_DIR, FH_V_THIS, FH_V_ERA, FH_V_DECADE, FH_V_CENTURY,
    FH_V_UNIT, FH_V_TEN, FH_V_TENS, FH_V_HUND, FH_V_SCALE, FH_V_FRAC, FH_V_VAGUE,
    FH_V_ORD, FH_V_ORDTENS, FH_V_ORDHUND, FH_V_PERCENT,
    FH_V_FROM, FH_V_TO, FH_V_UNTIL, FH_V_BETWEEN, FH_V_AND, FH_V_IN, FH_V_TPREP,
    FH_V_IDMARK, FH_V_APPROX, FH_V_NONCOUNT, FH_V_MEASURE,
    FH_V_FIRSTDAY, /* غرة: the first day of the month after it */
    FH_V_PERIOD,   /* الربع, الفترة, الأخيرة: a part of the year before من YYYY */
    FH_V_SAME,     /* نفسه, ذاتها: the same (اليوم نفسه, العام ذاته) */
    FH_V_SCOPE,    /* عالميا, دوليا: where a rank holds (المصنف 33 عالميا) */
    FH_V_SEASON,   /* الصيف, الخريف: a season, value its first month */
    FH_V_UNITS     /* الأشهر, السنوات: definite plural units, value FH_U_* */
};
_Static_assert(FH_V_UNITS < 64, "a class is a bit of a 64-bit start mask");

/* Word flags (tools/gen_values_lexicon.py). */
enum {
    FH_VF_AMB = 1u << 0,       /* a date word only with context */
    FH_VF_FEM = 1u << 1,
    FH_VF_DEF = 1u << 2,       /* carries ال */
    FH_VF_PL = 1u << 3,
    FH_VF_DUAL = 1u << 4,
    FH_VF_NOCLITIC = 1u << 5,  /* never read with a proclitic stripped */
    FH_VF_AGO = 1u << 6,       /* منذ, قبل */
    FH_VF_COMPOUND = 1u << 7,  /* only inside a compound number */
    FH_VF_GREG = 1u << 8,      /* era: Gregorian */
    FH_VF_HIJ = 1u << 9,       /* era: Hijri */
    FH_VF_NIGHT = 1u << 10,    /* ليل, ليلة */
    FH_VF_CONSTRUCT = 1u << 11,
    FH_VF_LEV = 1u << 12       /* a Levantine month name (13-15: the other regions') */
};

/* Time units (FH_V_TUNIT values). */
enum { FH_U_DAY = 1, FH_U_WEEK = 2, FH_U_MONTH = 3, FH_U_YEAR = 4, FH_U_DECADE = 5 };

typedef struct fh_vword {
    const char *form;     /* folded (default profile) */
    const char *spelling; /* as written in the list */
    uint8_t len;          /* bytes of form */
    uint8_t cls;          /* enum fh_vclass */
    int16_t value;
    uint16_t flags;
} fh_vword;

extern const fh_vword fh_vwords[];
extern const size_t fh_vwords_count;
/* The grammars' version, part of the tagger stamp with the word list:
 * raised whenever values.c, values_date.c or values_num.c would find other
 * spans or values in some text (2: centuries and decades of a century; 3:
 * a scale after و ends a number with a pending group, 500 وألف; 4: the
 * Tunisian agency's 9ر3, and a letter after a number an abbreviation; 5:
 * lists of days, 14 و15 فيفري, a year shared by a list of dates, غرة, the
 * rest of a number after ألف و, الـN after a definite noun, and a year
 * after من where a period or a month comes before it or a range goes on;
 * 6: واحد في المئة, a fraction's repeated scale, a direction after a twin
 * in brackets, the same day / month / year as the date named last, a day
 * of a month by its place, 3-صفر as no date, العام الهجري 1440, scores
 * with 0, and no counted noun after ب; 7: days that name an event, a
 * group or a place, plural verbs, numbers written twice, ranks in digits,
 * أ after ال, numbers after Latin words, twin months with a space, في
 * before a month that is also a word, السابق, العام after a title; 8:
 * places in a sequence, وست هام, فرانس 24; 9: speeds per hour, channels
 * named with اليوم, 17 الجاري; 10: the Arabic decimal comma; 11: الأحد
 * and الاثنين alone as days, two weekdays as a range in order, definite
 * teens (الخمسة عشر), a day as an ordinal ten (العشرين من), no count of a
 * preposition with a pronoun; 12: the Arabic comma grouping thousands,
 * Hijri year ranges, versions, models' letters, months after prepositions
 * of time and in lists, a weekday 3 days ahead read back, ordinals of
 * weeks and hours, counts and a half, منذ, الفارط, and the rest of
 * held-out rounds 20-33; 13: ages, clock minutes, rounds of N, zero
 * written out, اليوم before its subject, ranges to today, م after three
 * digits, rounds 35-42; 14: numbers of laws, decrees, roads, flights and
 * resolutions, لسنة after a number, ال glued to digits, and amounts and
 * plurals around الـN; 15: parts of a year as ranges of months, a
 * range's end as the date named last, list items' numbers, a dot
 * grouping thousands before a counted noun; 16: a range's first end
 * counts what its other end counts, present verbs are no counted noun,
 * السابق after the date named last, 80-90 before a percentage or a unit
 * a range, العشرة آلاف, an hour by its part of the day, a bare month
 * nearer in the past, a choice with أو as a range, scores in words with
 * أهداف, editions after دورته, يوميا and the like no counted noun, the
 * year of الصيف الماضي, "صقر 1" a name, 19' a minute, bracketed lists of
 * counts, الثلاثين يوما a count, أوت a word unless a date says so,
 * بالدرجة الأولى no rank, a range's start taking the relative year of
 * its end, an age after عمر or سن, أثنى no number, جراء no noun, a
 * month من كل عام no date, ق50 a minute; 17: نفس العام, ذلك العام and
 * نفس اليوم as the date named last, a range ending on a day of the same
 * month, goals', acts', roads' and units' numbers, aircraft models, a
 * minute after الدقيقة whatever follows or in brackets ending a paragraph,
 * standings after a team's points, counted nouns after a superlative or in
 * quotes, hours by their time zone, الـN after a plural with its pronoun,
 * a decade of a century after من; 18: في اليوم, في الليلة a day's or a
 * night's worth, a year to الآن a range, digits before a letter's name a
 * name, a day of لشهر, الصيفي الماضي the year of that summer, a number
 * after a noun and أو counting it, يعانون a verb, a standings table after
 * bare points, خليجي 23 an edition, كل سنة before a yearless date,
 * 130-119 a score, للمرة 13 and 15 في تاريخه a rank, السنوات الخمس
 * الماضية a range, قناة التاسعة a name, الأسبوع الأول من مارس its days,
 * الأشهر التسعة الأولى من 2017 its months, الـ17 المتهمين a count, a
 * weekday mending a misprinted year, بعام ونصف a count, اليوم (الاثنين) its
 * weekday's day; 19: الاتحاد الأوروبي الـ28 its members, 2 - 1 يوم السبت a
 * score, نصف السنوي no half, بنزين 92 a name; 20: a month after في in a
 * clause a verb in the perfect opens the latest before, باتجاه no counted
 * noun, اثنا and اثني two only before عشر, a list of places after a rank,
 * ستاندرد آند بورز 500 a name, a day in words after مدينة a place, 30
 * إطارا في الثانية a rate, التجمع الخامس a name, lists of days with
 * their weekdays, د17: a minute, twin months that disagree read by the
 * name that is not Levantine, تموز/يوليو تموز one month, كان … قد before
 * a weekday or month the latest before, +971 (4) 305 0332 a phone, ألف
 * مبروك no count, days joined by أو a list, كم/ ساعة a speed, مرة ونصف a
 * count, بنهاية مارس a month, خمس الأزمات a fifth, ثلاث من هذه المباريات
 * a count, عليها أن a future, 120.000 متر and 10.000 درهم thousands,
 * الـ24 الساعة so many hours, درجة تحت الصفر negative, 5 فاصل 7 a decimal,
 * 0.7 غرام a count, (90+3) a minute, نصف آلية no half, أول خمسة أشهر من
 * العام the months, رمضان هذا العام the Hijri year's, آيفون 7 and
 * ويندوز 10 models, عدوان تموز the 2006 war, 1.85 م metres, شركاءها
 * الـ14 a number, يبلغ الثامنة عشرة من العمر an age, 2018/2017 the
 * season 2017/2018, الأسبوعين الأولين من its days 1-14, الشهر الأول من
 * العام the month, الطوارئ 112 a phone, يورو 2016 ستحصل a year before a
 * verb in the future, عندما بلغ الـ17 an age, التسعين دقيقة a count, a
 * hashtag of one word its word, إب no August, من صفر إلى 60 a zero, لن
 * a future, الثالثة بعد الظهر an hour, رئاسيات 2020 a year, بين أغسطس 2014
 * ونهاية فبراير 2018 a range, الدقائق 17 و61 و69 minutes, المائة مليون
 * a hundred million, شهري جوان وجويلية two months, 3 / صفر a score,
 * حدود الرابع من يونيو the lines of 1967, بنتيجة 20 مقابل 18 a score, 21
 * توفوا no count, موسم ونصف a count, 400 - 500 درجة counted at both ends,
 * أول 11 شهرا من عام its months, 49 لبيع and الدورة 16 لمهرجان no count,
 * الساعة 18,40 a time, كذبة أفريل no date; 21: a year before the Common
 * Era (عام 490 قبل الميلاد, بين عامي 664 و404 ق.م) no value, 16 سابقا no
 * count, قبل نصف قرن and منذ قرن من الزمن dates so long ago, a scorer's
 * minutes in one bracket (الغامدي (68 و72), (90 من ركلة جزاء)) ranks, a
 * list numbered with dots on one line, weekdays after أيام a habit, 8 على
 * الأقل من مسلحي a count, للواء 53 a unit, نسبة الخمسين في المئة fifty
 * percent, منذ انتخابات آذار/مارس past, no Hijri year past 1500 after a
 * Hijri month, "تبوك – 4" a name, اليوم الإفراج today, في السابعة أو
 * الثامنة من العمر ages, منذ عام ونصف a year and a half ago, 0 : 0 a
 * result, الثالثة بعد الزوال an hour, الشهر نفسه من العام الماضي the month
 * named last a year back); 22: العقد الماضي and العقدين المقبلين ten or
 * twenty years, في العقد المقبل the calendar decade, طفلة في العاشرة an
 * age, الدول الأوروبية الـ28 their number, a list's item after a word and
 * a dash its place, منذ شهر سبتمبر since that month, عالمنا اليوم
 * nowadays, آي آر- 1 a model, كيلو 16 a place, بين يناير 2016 ومطلع
 * 2017 and من الخمسينات حتى السبعينات ranges (the decade to its last
 * year), 21 و24 عاما sharing the unit, an end من نفس العام in the
 * start's year, تكتلي 8 و14 آذار groups); 23: اليوم الموافق and a date
 * that date, 31 من الشهر الحالي ending a range (a bare day before it in
 * its month), نصف كروي no half); 24: منذ ما يقرب من 90 عاما and منذ عقدين
 * dates so long before, a month with no year opening its sentence before
 * a verb in the perfect the last one, months listed in calendar order one
 * year, الجمعة في 30 آذار one date, وقد أبلغ ... الأربعاء past, نفس اليوم
 * من عام 1869 that day of that year, ملازم أول and العالم الثالث no rank,
 * ما هي عليه اليوم nowadays, منذ السابعة عشرة an age, a lone tatweel a
 * dash, الهدف الرابع (60) a minute, المدرسة الابتدائية 2 ماي a name); 25:
 * منذ الثالثة من عمرها an age, الساعة الثانية وأربع وأربعين دقيقة no count,
 * 19 من هؤلاء no noun, بين ألفين وثلاثة آلاف two numbers, خمسة زائد واحد
 * no value); 26: ألف مليون 10^9, وكانت البلدية باشرت في شباط past,
 * مقرر and متوقعة and بحسب no noun, ثلاث إلى أربع مرات a range, فورمولا 1
 * and نورد ستريم 2 names, بين منتصف أبريل ويونيو and من الثامن الى العاشر
 * من ديسمبر ranges, وحدة counted, في الفين وخمسة عشر a year, (10.00)
 * after الساعة a time, a verb after a comma and و opening its clause,
 * ألّف كتبا a verb, a standings table numbered with brackets, الوطنية
 * الأولى a channel, فيفيري a month, مكرر no noun, التقرير الأولي no rank);
 * 27: مع الاثنين the two, الطريق السيارة 2 a road's name; 28: فصل 2600
 * طفل a count, ويلتقي ... الاثنين ahead, منذ قرار ... في أكتوبر past,
 * الذكرى 103 a rank, 10 داونينغ ستريت and برنامج "60 دقيقة" names, الثامنة
 * (07,00 ت غ) an hour, عدد after a number no unit, سن الثلاثين and ابنة
 * الرابعة عشر ages, 18– 22 نادي a score, ضيف اليوم a programme, قد منعت
 * الجمعة past, 03 مناشير a count, من 20 شخصا إلى 35 both counted, 20
 * "صاروخ طيران" a count, سوق الجمعة a market); 29: المستوى "صفر" zero,
 * الفوز في تسع مباريات والتعادل في سبع and تسعة ألقاب في الدوري وأربعة
 * في الكأس the noun left out counted, في الأول الشهر المقبل a day, ثاني
 * أكسيد a chemical, شهرجانفي a month, 3 آلاف مليون 3 * 10^9, الثلاثاء،
 * المقبل ahead, الدور الـ (16) a round, الجمعة الأولى من رمضان that day,
 * موسم 2012-13 two years, بـ"يناير" a name, باليوم and وليد اليوم and
 * أصبح اليوم no day, بلغت السابعة عشرة. an age); 30: باول and باولي names,
 * eight plain digits a phone number, كلم 10،5 a point on a road); 31:
 * صحيفة اليوم السابع a name, ، على أن تصل ... الخميس ahead, 25 - 21 جمعية
 * among such pairs a score, في المراكز 69 و73 ranks, "أوباما" (11 و60)
 * minutes, "ماي سات - 1" a name, 160 نائبا مقابل 18 both counted, التي
 * نشرت يوم الخميس past, قيد no noun, ليل الثلاثاء ويوم الأربعاء yesterday
 * and today, 3 بعد الظهر and 22,58 بتوقيت and الساعتين 14 و15 times, ست
 * من آخر سبع مرات a count of مرات, ، إذ يصوت ... الأحد ahead, الرايخ
 * الثالث a name, خمس عدد اللاجئين a fifth, الأمس القريب no day); 32: 6
 * فيفري يوم وطني and نيسان العبري and شهر رمضان هو no date, 3 أشواط لشوط and
 * 79 ــــ67 scores, ألف ألف مبروك a greeting, إرهابيين اثنين من a number,
 * نصر العاشر من رمضان 1393, في السابعة والثلاثين an age, 50 مجموعة and
 * ( 72 ) كغم and عدد (13) فرد counts, مونديال 2014 خلال شهر رمضان 1435,
 * منذ 38 عاماً على شراء a date, الجنس الثالث and الدوار الرابع and "بلوك3"
 * and فيفا 18 names, برامجها الـ12 a number, القرنين التاسع عشر والعشرين
 * centuries, التاسع والعاشر من أيار two days, السادسة إلا ربع a time, جاء
 * بعد الإعلان في نوفمبر past, نوفمبر 2016 ليصل ... في يوليو 2017, أفق
 * 2019 a year); 33: فيلم "ولد في الرابع من يوليو" and على مدى اليوم and
 * لطول اليوم no date, بعدما no noun, الألفية الثالثة 2001-3000, من ...،
 * إلى غاية a range, (40) ألف and 327 ضد 126 صوتا counts, اليوم التالي
 * الثلاثاء، ظهر past, الوزير الأول and الرقيب الأول and أوروبا 1 and آي فون 8
 * and قناة "التاسعة" names, الجلسة 31 and الطابق 33 ranks, قبل ثلاثة أيام
 * فقط من زيارته a count, لينش، الثامنة والتسعين من عمرها an age); 34:
 * في السابعة من مساء الأحد and س 18: hours, وجّه القضاء، الثلاثاء، past,
 * بين شهري مارس و أفريل and ليل الأحد وحتى صباح الاثنين ranges, في 12 منه
 * a day, تبدأ السنة المالية في يوليو every year's, النصف الثاني من ماي its
 * days, موسمين و نصف and 1.6 مليون في سبتمبر and وبين 26 و 30 ببقية الجهات
 * counts, حتى أغسطس ahead, #شهر_رمضان read, حزب 7 and دي مايو and فوكس
 * للقرن 21 and اسمه الأول names, البئر 11 والأخيرة a rank, 2.73 إزاء no
 * count; span and unit edges without bidi controls). */
#define FH_VALUES_GRAMMAR 34u
#define FH_VWORDS_SLOTS 2048
/* By the hash of the form (values_lex.c): tag << 16 | index + 1, 0 = empty. */
extern const uint32_t fh_vwords_slots[FH_VWORDS_SLOTS];

/* Look a folded word up, also with a proclitic (و ف, then ب ل ك; لل as
 * ل + ال) stripped.  Returns the entry or NULL; *pre receives the bytes
 * stripped and *wa whether the first proclitic was و or ف. */
const fh_vword *fh_vword_find(const char *f, size_t n, size_t *pre, int *wa);

/* Fold s[0..n) with the default normalization profile into out (snprintf
 * style; returns the full length).  For text the analyzer did not fold
 * with that profile (normalize.c). */
size_t fh_fold_default(const char *s, size_t n, char *out, size_t cap);

/* ---- numbers ---------------------------------------------------------- */

/* A value m * 10^e / den (den 1 or 3, for thirds). */
typedef struct fh_vnum {
    uint64_t m;
    int e;
    uint8_t den;
    uint8_t ok;
} fh_vnum;

#define FH_VNUM_MAX_M 1000000000000000000ull /* 10^18: more digits is an id */

int fh_vnum_add(fh_vnum *a, const fh_vnum *b);          /* 0 ok, -1 overflow */
int fh_vnum_scale(fh_vnum *a, int exp10);               /* a *= 10^exp10 */
int fh_vnum_mul_frac(fh_vnum *a, int frac);             /* a *= 1/2, 1/3, 1/4, 2/3, 3/4 (frac 2,3,4,23,34) */
fh_vnum fh_vnum_int(uint64_t v);
/* Decimal string: integers exactly, fractions to at most 6 places. */
size_t fh_vnum_format(const fh_vnum *a, char *out, size_t cap);

/* ---- tokens ----------------------------------------------------------- */

/* Punctuation in the gap before a token. */
enum {
    FH_GAP_SLASH = 1u << 0,
    FH_GAP_DASH = 1u << 1,     /* - – — */
    FH_GAP_LPAREN = 1u << 2,
    FH_GAP_RPAREN = 1u << 3,
    FH_GAP_COMMA = 1u << 4,    /* , ، ؛ ; */
    FH_GAP_STOP = 1u << 5,     /* . ! ? ؟ : and the like */
    FH_GAP_PERCENT = 1u << 6,  /* % ٪ */
    FH_GAP_NEWLINE = 1u << 7,
    FH_GAP_OTHER = 1u << 8,    /* quotes and any other symbol */
    FH_GAP_PLUS = 1u << 9,
    FH_GAP_EMPTY = 1u << 10,   /* the token touches the previous one */
    FH_GAP_AL = 1u << 11,      /* a detached الـ right before the token */
    FH_GAP_DOT = 1u << 12,     /* exactly one '.' */
    FH_GAP_COLON = 1u << 13,
    FH_GAP_SPACE = 1u << 14,
    FH_GAP_LI = 1u << 15       /* a detached لـ right before the token (من 13 لـ21) */
};
#define FH_GAP_PUNCT (FH_GAP_SLASH | FH_GAP_DASH | FH_GAP_LPAREN | FH_GAP_RPAREN | FH_GAP_COMMA | \
                      FH_GAP_STOP | FH_GAP_PERCENT | FH_GAP_NEWLINE | FH_GAP_OTHER | FH_GAP_PLUS | \
                      FH_GAP_DOT | FH_GAP_COLON)

#define FH_VTOK_FOLD 48 /* longest folded word kept (longer: not in the word list) */
#define FH_VTOK_KEY 64  /* longest key kept for a counted noun */

/* Token kinds of the finder. */
enum { FH_VT_WORD = 1, FH_VT_NUMBER = 2, FH_VT_OTHER = 3 };

typedef struct fh_vtok {
    size_t start, end;   /* bytes in the text */
    size_t al_start;     /* FH_GAP_AL: where the detached الـ starts */
    uint16_t gap;        /* FH_GAP_* of the gap before this token */
    uint8_t kind;        /* FH_VT_* */
    uint8_t arabic;      /* an Arabic-script word */
    uint8_t cls;         /* fh_vclass of the word, FH_V_NONE if not listed */
    uint8_t pre;         /* bytes of proclitic stripped to find it */
    uint8_t wa;          /* the stripped proclitic starts with و or ف */
    uint8_t clitic;      /* the word carries a proclitic or ال (not a counted noun) */
    uint8_t al;          /* the folded word starts with ال */
    uint8_t enclitic;    /* the word ends in a pronoun (برمجته) */
    uint8_t future;      /* a verb with the future marker (ستعقد), سوف, المقرر... */
    int16_t value;
    uint16_t flags;      /* FH_VF_* */
    /* numbers: value and shape of the digits */
    fh_vnum num;
    uint8_t digits;      /* digits before the decimal point */
    uint8_t frac_digits; /* digits after it */
    uint8_t grouped;     /* thousands separators */
    uint8_t lead_zero;   /* starts with 0 and has more digits */
    uint8_t era;         /* glued era suffix: 'g' (م) or 'h' (هـ), else 0 */
    uint8_t reh;         /* read from the Tunisian agency's 9ر3 (values.c) */
    uint8_t flen, klen;
    char f[FH_VTOK_FOLD];   /* folded form (empty when longer) */
    char key[FH_VTOK_KEY];  /* analyzer key (empty when longer or absent) */
} fh_vtok;

/* FH_GAP_* of text[from..to); *al_start: where a detached الـ starts. */
uint16_t fh_vgap(const char *text, size_t from, size_t to, size_t *al_start);
/* Fill the word fields of t from its folded form f[0..n) (the word list). */
void fh_vtok_word(fh_vtok *t, const char *f, size_t n);
/* Whether word t is the folded word head, alone or after at most two
 * one-letter proclitics (و ف ب ل ك: لثورة, وبشارع, بالمركز; للمركز
 * where head has ال). */
int fh_vword_is(const fh_vtok *t, const char *head);
/* Which of the n folded words heads[] word t is (as fh_vword_is): its
 * index + 1, or 0 for none. */
size_t fh_vword_in(const fh_vtok *t, const char *const *heads, size_t n);
/* Whether word t is one of the n folded words[] as written, with no
 * proclitic taken off (NULL t: no). */
int fh_vword_among(const fh_vtok *t, const char *const *words, size_t n);
/* The listed word that word t is with its article off (الخمسة: خمسة), and
 * with wa also a و or ف before the article (والخمسة), or NULL. */
const fh_vword *fh_vword_without_article(const fh_vtok *t, int wa);
/* Fill the number fields of t from its digits in text[t->start..t->end). */
void fh_vtok_read_number(fh_vtok *t, const char *text);

/* ---- dates ------------------------------------------------------------ */

enum { FH_CAL_GREG = 0, FH_CAL_HIJRI = 1 };
enum {
    FH_REL_NONE = 0,   /* explicit fields */
    FH_REL_DAYS,       /* reference + off days */
    FH_REL_WEEK,       /* the week of reference + off weeks (Monday..Sunday) */
    FH_REL_MONTH,      /* reference month + off */
    FH_REL_YEAR,       /* reference year + off */
    FH_REL_WEEKDAY,    /* weekday wd: dir -1 last, +1 next, 2 nearest */
    FH_REL_YEARLESS,   /* m (and d) given, year from the reference: dir -1, 0, +1, 2 nearest */
    FH_REL_CENTURY,    /* the century of the reference + off: its first year, or with
                        * last its last; with decade (1-10) the decade - 1 of it */
    FH_REL_SAME,       /* the unit off (FH_U_DAY, _MONTH, _YEAR) of the latest explicit
                        * date before it in the text, the fields given kept (اليوم
                        * نفسه, نوفمبر من العام ذاته); values.c fills it in, and
                        * with no such date it has no value */
    FH_REL_DECADE      /* the decade of the reference + off (2010-2019 for 2018):
                        * its first year, or with last its last */
};
#define FH_DIR_NEAREST 2

typedef struct fh_dpoint {
    int y, m, d;       /* explicit fields, 0 = absent */
    uint8_t cal;       /* FH_CAL_* */
    uint8_t rel;       /* FH_REL_* */
    int8_t dir;
    uint8_t wd;        /* ISO weekday (of a full date: the one written before it) */
    int off;
    uint8_t prec;      /* fahras_precision of a relative point's value */
    uint8_t inherit;   /* FH_INHERIT_*: a range start takes these from its end */
    int gy;            /* a Hijri month named with a Gregorian year (رمضان 2018) */
    uint8_t ahead;     /* said of the future (ستعقد في 12 أيار): nearest on or after the reference */
    uint8_t behind;    /* since (منذ الأربعاء, منذ مارس): nearest on or before the reference */
    uint8_t last;      /* FH_REL_CENTURY, _DECADE: the last year of the century or decade */
    uint8_t decade;    /* FH_REL_CENTURY: 0 the whole century, else 1 + the decade's tens digit */
    uint8_t year_back; /* FH_REL_SAME: of the year before: 1 the reference's (الشهر نفسه من
                        * العام الماضي), 2 the date named last's (من العام السابق); 3 of
                        * the year y given with it (نفس اليوم من عام 1869) */
    uint8_t prior;     /* FH_REL_SAME: the unit before it (الشهر السابق), or with no date
                        * before it the unit before the reference */
    int8_t nth;        /* the nth weekday wd of the month the rest names (الجمعة الأولى من
                        * رمضان: 1), -1 its last; 0 none */
    uint8_t nth_or_day; /* nth written masculine, as a day is (الاثنين الخامس من مارس):
                         * the nth day of the month where that day falls on wd */
    uint8_t then_next; /* FH_REL_WEEKDAY joined by و to the weekday after it (ليل الثلاثاء
                        * ويوم الأربعاء): said ahead on that next day, the pair is
                        * yesterday and today */
    uint8_t until;     /* FH_REL_YEARLESS month after حتى (لتمويل الحكومة حتى سبتمبر):
                        * the nearest, a month ahead no further off than one back */
    uint8_t told_done; /* FH_REL_WEEKDAY set off after a verb in the perfect (واتهم ترمب،
                        * الثلاثاء،): behind, but for the day after the reference,
                        * the same local day in an article dated in UTC */
} fh_dpoint;
enum { FH_INHERIT_MONTH = 1, FH_INHERIT_YEAR = 2 };

/* What a grammar matched: tokens [first, next), bytes [start, end). */
typedef struct fh_vmatch {
    size_t next;
    size_t start, end;
    int type;           /* fahras_span_type */
    fh_dpoint a, b;     /* DATE: the point, or the two ends of a range */
    uint8_t range;
    uint8_t night;      /* a range of two weekdays: b follows a */
    fh_vnum num;        /* NUMBER, ORDINAL, COUNT */
    uint8_t percent;
    uint8_t negative;   /* a minus sign before the digits (-3,5%) */
    size_t noun;        /* COUNT: token index of the counted noun */
    uint8_t per_hour;   /* COUNT: the noun is a unit per hour written with a slash (كلم/س) */
} fh_vmatch;

/* The window the grammars read. */
typedef struct fh_vwin {
    const char *text;
    size_t len;
    fh_vtok *tok;
    size_t n;       /* tokens in the window */
    int final;      /* the window holds the end of the text */
} fh_vwin;

/* Word t is a plain noun to the grammars: no listed word, or a definite
 * plural unit (الأشهر), which only n_units reads as a time. */
static inline int fh_vnoun_cls(const fh_vtok *t)
{
    return t->cls == FH_V_NONE || t->cls == FH_V_UNITS;
}

static inline int fh_vcls(const fh_vwin *w, size_t i)
{
    return i < w->n ? w->tok[i].cls : FH_V_NONE;
}

/* Nothing but spaces between token i-1 and token i. */
static inline int fh_vtight(const fh_vwin *w, size_t i)
{
    return i < w->n && !(w->tok[i].gap & FH_GAP_PUNCT);
}

/* A quote mark at text[k]: its length in bytes (" « » “ ”), else 0. */
static inline size_t fh_vquote_at(const fh_vwin *w, size_t k)
{
    const unsigned char *x = (const unsigned char *)w->text;
    if (k < w->len && x[k] == '"') return 1;
    if (k + 1 < w->len && x[k] == 0xC2 && (x[k + 1] == 0xAB || x[k + 1] == 0xBB)) return 2;
    if (k + 2 < w->len && x[k] == 0xE2 && x[k + 1] == 0x80 && (x[k + 2] == 0x9C || x[k + 2] == 0x9D)) return 3;
    return 0;
}

/* A quote mark ending right before byte k (three bytes at most). */
static inline int fh_vquote_before(const fh_vwin *w, size_t k)
{
    for (size_t back = 1; back <= 3 && back <= k; back++)
        if (fh_vquote_at(w, k - back) == back) return 1;
    return 0;
}

/* A mark opening a quote right at token k: it touches the word and
 * follows a space, a bracket or the start (not the closing mark of the
 * quote before, "X" k). */
static inline int fh_vquote_opens_word(const fh_vwin *w, size_t k)
{
    size_t b = w->tok[k].start;
    for (size_t back = 1; back <= 3 && back <= b; back++)
        if (fh_vquote_at(w, b - back) == back)
            return b - back == 0 || w->text[b - back - 1] == ' ' || w->text[b - back - 1] == '\n' ||
                   w->text[b - back - 1] == '(';
    return 0;
}

/* A quote mark opening right before token i, a space inside it allowed. */
static inline int fh_vquote_opens(const fh_vwin *w, size_t i)
{
    size_t b = w->tok[i].start;
    if (b > 0 && w->text[b - 1] == ' ') b--;
    return fh_vquote_before(w, b);
}

/* A quote mark closing right after token i, a space inside it allowed. */
static inline int fh_vquote_closes(const fh_vwin *w, size_t i)
{
    size_t e = w->tok[i].end;
    if (e < w->len && w->text[e] == ' ') e++;
    return fh_vquote_at(w, e) != 0;
}

/* The word at token i alone between quote marks, a space inside each
 * mark allowed (المستوى "صفر", إلى المستوى " صفر ", بـ"يناير"). */
static inline int fh_vquoted_alone(const fh_vwin *w, size_t i)
{
    return fh_vquote_closes(w, i) && fh_vquote_opens(w, i);
}

/* The folded word of token t is s, proclitics included. */
static inline int fh_vfolded_is(const fh_vtok *t, const char *s)
{
    size_t n = strlen(s);
    return t->flen == n && !memcmp(t->f, s, n);
}

/* The folded word of token t ends in s. */
static inline int fh_vfolded_ends(const fh_vtok *t, const char *s)
{
    size_t n = strlen(s);
    return t->flen >= n && !memcmp(t->f + t->flen - n, s, n);
}

/* Whether tokens i and i + 1 name the era before the Common Era: قبل
 * الميلاد, or ق.م with one dot between its letters. */
int fh_vbefore_ce(const fh_vwin *w, size_t i);
/* Which word for a work with a title word t is (its index + 1, else 0):
 * a programme, a film, a series, a book, a novel, a song, a play or a
 * party (البرنامج, فيلم, حزب: up to FH_VWORK_NUMBER, the words whose
 * quoted title a number opening it names), then the forms that only keep
 * a date inside the title out (فيلمه, أفلام, كتابه, بعنوان). */
size_t fh_vwork_word(const fh_vtok *t);
#define FH_VWORK_NUMBER 16u
/* Whether word t, with no proclitic, is الذي, التي or الذين. */
int fh_vrelative_pronoun(const fh_vtok *t);
/* Whether word t counts votes: صوت, صوتا, أصوات (327 ضد 126 صوتا). */
int fh_vvotes_word(const fh_vtok *t);

/* A plain number token: digits only (no point, separator or era). */
static inline int fh_vplain(const fh_vwin *w, size_t i)
{
    const fh_vtok *t = i < w->n ? &w->tok[i] : NULL;
    return t && t->kind == FH_VT_NUMBER && t->num.ok && !t->frac_digits && !t->grouped &&
           !t->era;
}

/* An ordinal in words at token i (1..99, 100): 1 with *v and *next. */
int fh_ordinal_at(const fh_vwin *w, size_t i, int *v, size_t *next);
/* A cardinal number in digits or words at token i (scale words and
 * fractions applied): 1 with *v and *next. */
int fh_cardinal_at(const fh_vwin *w, size_t i, fh_vnum *v, size_t *next);
/* Token j can be the noun a number counts. */
int fh_counted_noun_at(const fh_vwin *w, size_t j);
/* من العمر, من عمره (عمرها, عمرهم) at token k: an age before it. */
int fh_age_after(const fh_vwin *w, size_t k);
/* Token j is a word of one letter not in the word list, right after the
 * number: an abbreviated unit (1820 د, 28 ن, 35 ث), not a noun. */
int fh_abbreviation_at(const fh_vwin *w, size_t j);

/* The word classes a match can start at (a number token can start one of
 * either kind; any other word or symbol starts none).  The grammars refuse
 * any other start first, so these masks are what they read, and the finder
 * tries no grammar at the many words no rule starts with. */
#define FH_VBIT(c) (1ull << (c))
#define FH_VSTART_DATE                                                                      \
    (FH_VBIT(FH_V_MONTH) | FH_VBIT(FH_V_MONTH_HEAD) | FH_VBIT(FH_V_HMONTH) |                  \
     FH_VBIT(FH_V_HMONTH_HEAD) | FH_VBIT(FH_V_WEEKDAY) | FH_VBIT(FH_V_DAYPART) |              \
     FH_VBIT(FH_V_DAYWORD) | FH_VBIT(FH_V_RELDAY) | FH_VBIT(FH_V_TUNIT) | FH_VBIT(FH_V_THIS) | \
     FH_VBIT(FH_V_DECADE) | FH_VBIT(FH_V_CENTURY) | FH_VBIT(FH_V_ORD) | FH_VBIT(FH_V_FROM) |   \
     FH_VBIT(FH_V_BETWEEN) | FH_VBIT(FH_V_TPREP) | FH_VBIT(FH_V_FIRSTDAY) | \
     FH_VBIT(FH_V_ORDTENS) | FH_VBIT(FH_V_PERIOD) | FH_VBIT(FH_V_SEASON) |      \
     FH_VBIT(FH_V_UNITS) | FH_VBIT(FH_V_SCALE))
#define FH_VSTART_NUMBER                                                                    \
    (FH_VBIT(FH_V_UNIT) | FH_VBIT(FH_V_TEN) | FH_VBIT(FH_V_TENS) | FH_VBIT(FH_V_HUND) |       \
     FH_VBIT(FH_V_SCALE) | FH_VBIT(FH_V_FRAC) | FH_VBIT(FH_V_VAGUE) | FH_VBIT(FH_V_ORD) |      \
     FH_VBIT(FH_V_ORDTENS) | FH_VBIT(FH_V_ORDHUND) | FH_VBIT(FH_V_HMONTH))

/* A match of the kind with start mask `mask` may start at token t. */
static inline int fh_vmay_start(const fh_vtok *t, uint64_t mask)
{
    return t->kind == FH_VT_NUMBER || (t->kind == FH_VT_WORD && (FH_VBIT(t->cls) & mask));
}

/* Match a date at token i (values_date.c).  1 and *m filled; 2: tokens
 * up to m->next consumed with no date (a name made of a day); or 0. */
int fh_match_date(const fh_vwin *w, size_t i, fh_vmatch *m);
/* Match a number, ordinal or count at token i (values_num.c). */
int fh_match_number(const fh_vwin *w, size_t i, fh_vmatch *m);

/* Resolved date: Gregorian fields, or Hijri ones where no Gregorian value
 * exists (ah = 1). */
typedef struct fh_dval {
    int y, m, d, prec;
    int ah;               /* value is AH y-m-d */
    int hy, hm, hd, hprec; /* the Hijri date it was read from (hprec 0: none) */
} fh_dval;

/* The reference a relative date is resolved against. */
typedef struct fh_dref {
    int prec;     /* fahras_precision; NONE: no reference */
    int y, m, d;
    long jdn;     /* when prec is DAY */
} fh_dref;

/* Resolve p against ref.  0 and *out filled, or -1 (no reference, or no
 * such date). */
int fh_date_resolve(const fh_dpoint *p, const fh_dref *ref, fh_dval *out);
/* Explicit (needs no reference): its value, to choose the reference. */
int fh_date_explicit(const fh_dpoint *p, fh_dval *out);
/* "2021-04-14", "2021-04", "2021", "AH1436-09"; the Hijri part "1436-09". */
size_t fh_dval_format(const fh_dval *v, char *out, size_t cap);
size_t fh_dval_format_hijri(const fh_dval *v, char *out, size_t cap);

/* Read a date field with the simple tokenizer and the date grammar
 * (datenorm.c uses it for Arabic month names).  0 and *out, or -1. */
int fh_date_from_words(const char *text, size_t len, fh_dval *out);

#endif
