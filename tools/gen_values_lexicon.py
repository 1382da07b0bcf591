#!/usr/bin/env python3
"""Generate src/core/values_lexicon.c: the words the value finder knows.

Month names of every system Arabic news uses, Hijri months, weekdays,
relative time words, number words, ordinals, scale and percent words and
the particles the date and count rules look at.  The list below was written
by the fahras authors.  Each spelling is folded as the analyzer's default
profile folds it (tools/gen_lexicon.py's rules; the core tests check every
entry against fahras_normalize) and the table is sorted by its UTF-8 bytes
for binary search.

Usage: tools/gen_values_lexicon.py [OUTPUT]
"""
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
_spec = importlib.util.spec_from_file_location("gen_lexicon", os.path.join(HERE, "gen_lexicon.py"))
_lex = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_lex)

# Flags (must match src/core/values.h).
AMB = 1 << 0        # needs context to be a date word (مارس is also "he practised")
FEM = 1 << 1        # feminine form
DEF = 1 << 2        # carries the article ال
PL = 1 << 3         # plural
DUAL = 1 << 4       # dual
NOCLITIC = 1 << 5   # never read with a proclitic stripped
AGO = 1 << 6        # منذ / قبل: "N days ago"
COMPOUND = 1 << 7   # only inside a compound (الحادي عشر, أحد عشر)
GREG = 1 << 8       # era: Gregorian
HIJ = 1 << 9        # era: Hijri
NIGHT = 1 << 10     # ليل / ليلة: "night of"
CONSTRUCT = 1 << 11 # construct form (ألفا شخص, مئتا)

# Systems of Gregorian month names (flag bits above 12).
LEV, EGY, MAG, MOR = 1 << 12, 1 << 13, 1 << 14, 1 << 15

# Time units.
U_DAY, U_WEEK, U_MONTH, U_YEAR, U_DECADE = 1, 2, 3, 4, 5

WORDS = []


def add(cls, value, flags, *spellings):
    for s in spellings:
        WORDS.append((s, cls, value, flags))


# --- Gregorian months ------------------------------------------------------
# Levantine / Iraqi (كانون and تشرين are completed by الأول / الثاني).
add("MONTH", 2, LEV, "شباط")
add("MONTH", 3, LEV, "آذار", "اذار")
add("MONTH", 4, LEV | AMB, "نيسان")          # also the car maker
add("MONTH", 5, LEV, "أيار", "ايار")
add("MONTH", 6, LEV, "حزيران")
add("MONTH", 7, LEV, "تموز")
add("MONTH", 8, LEV | AMB, "آب")              # folds with أب (father)
add("MONTH", 9, LEV, "أيلول", "ايلول")
add("MONTH_HEAD", 1, LEV, "كانون")            # كانون الثاني 1, كانون الأول 12
add("MONTH_HEAD", 2, LEV, "تشرين")            # تشرين الأول 10, تشرين الثاني 11
# Egyptian / Gulf / Moroccan (shared names) and their spellings.
add("MONTH", 1, EGY | MOR, "يناير", "ينايِر")
add("MONTH", 2, EGY | MOR, "فبراير", "فبرايِر", "فبرير")
add("MONTH", 3, EGY | MAG | MOR | AMB, "مارس")  # also "he practised"
add("MONTH", 4, EGY | MOR, "أبريل", "إبريل", "ابريل", "أبريلِ", "ابريلْ")
add("MONTH", 5, EGY, "مايو", "مايُو")
add("MONTH", 6, EGY | MOR, "يونيو", "يونيه", "يونيُو")
add("MONTH", 7, EGY, "يوليو", "يوليه", "يوليُو")
add("MONTH", 8, EGY, "أغسطس", "اغسطس", "أغسطُس", "أغسطوس", "آغسطس")
add("MONTH", 9, EGY | MAG, "سبتمبر", "سيبتمبر")
add("MONTH", 10, EGY | MAG | MOR, "أكتوبر", "اكتوبر", "أكتوبرِ", "اوكتوبر", "أوكتوبر")
add("MONTH", 11, EGY | MAG, "نوفمبر", "نوڤمبر")
add("MONTH", 12, EGY | MAG, "ديسمبر", "دیسمبر", "دجمبر", "دسمبر", "ديسبمر")  # and two misspellings
# Maghrebi (Tunisia, Algeria) and Moroccan forms.
add("MONTH", 1, MAG, "جانفي", "جانفيه", "جانفى")
add("MONTH", 2, MAG, "فيفري", "فيفرى", "فيفريه", "فيفيري")  # and a misspelling
add("MONTH", 4, MAG, "أفريل", "افريل", "أڤريل")
add("MONTH", 5, MAG | MOR | AMB, "ماي")       # also the English "my" in names
add("MONTH", 6, MAG | AMB, "جوان")            # also a given name
add("MONTH", 7, MAG, "جويلية", "جويليه", "جويلة")
add("MONTH", 8, MAG | AMB, "أوت", "اوت")        # also the English "out" in titles (جيت أوت)
add("MONTH", 7, MOR, "يوليوز")
add("MONTH", 8, MOR, "غشت")
add("MONTH", 9, MOR, "شتنبر")
add("MONTH", 11, MOR, "نونبر")
add("MONTH", 12, MOR, "دجنبر")

# --- Hijri months (always need a day, a year or شهر next to them) --------
add("HMONTH", 1, 0, "محرم", "المحرم", "مُحرّم")
add("HMONTH", 2, 0, "صفر")
add("HMONTH", 7, 0, "رجب")
add("HMONTH", 8, 0, "شعبان")
add("HMONTH", 9, 0, "رمضان")
add("HMONTH", 10, 0, "شوال")
add("HMONTH_HEAD", 1, 0, "ربيع")              # ربيع الأول 3, ربيع الثاني / الآخر 4
add("HMONTH_HEAD", 2, 0, "جمادى", "جمادي")    # جمادى الأولى 5, الآخرة / الثانية 6
add("HMONTH_HEAD", 3, 0, "ذو", "ذي", "ذى")    # ذو القعدة 11, ذو الحجة 12
add("HTAIL", 11, NOCLITIC, "القعدة", "القعده")
add("HTAIL", 12, NOCLITIC, "الحجة", "الحجه")
add("LAST", 2, NOCLITIC, "الآخر", "الآخرة", "الاخر", "الاخرة")

# --- Weekdays (ISO numbers: Monday 1 .. Sunday 7) --------------------------
add("WEEKDAY", 1, AMB | DEF, "الاثنين", "الإثنين", "الأثنين")  # also "the two"
add("WEEKDAY", 2, DEF, "الثلاثاء", "الثلاثا")
add("WEEKDAY", 3, DEF, "الأربعاء", "الاربعاء", "الأربعا")
add("WEEKDAY", 4, DEF, "الخميس")
add("WEEKDAY", 5, DEF, "الجمعة")
add("WEEKDAY", 6, DEF, "السبت")
add("WEEKDAY", 7, AMB | DEF, "الأحد", "الاحد")  # also "one of"

# --- Parts of a day, day words, relative days ---------------------------
add("DAYPART", 0, NIGHT, "ليل", "ليلة")
add("DAYPART", 0, 0, "صباح", "مساء", "فجر", "ظهر", "عصر", "ظهيرة", "نهار", "صبيحة", "عشية")
add("DAYWORD", 0, 0, "يوم")
add("RELDAY", -1, 0, "أمس", "امس", "الأمس", "البارحة")
add("RELDAY", 0, 0, "اليوم")
add("RELDAY", 0, NIGHT, "الليلة")          # tonight; الليلة الماضية: last night
add("RELDAY", 1, 0, "غدا", "غداً", "الغد")
add("GHAD", 1, NOCLITIC, "غد")                # بعد غد
add("FIRSTDAY", 1, NOCLITIC, "غرة", "غره")     # غرة رمضان: its first day
# ذلك اليوم, طوال اليوم, على مدار (مدى) اليوم are not today
add("TODAYNOT", 0, NOCLITIC, "ذلك", "ذات", "نفس", "ذاك", "تلك", "مدار", "مدى", "طوال", "طيلة",
    "بنفس", "وبنفس", "لنفس",  # بنفس اليوم من عام 2017: the same day of another year
    "أوقات", "اوقات")  # أغلب أوقات اليوم: the hours of any day
# عالمنا اليوم, وضعنا اليوم, حياتنا اليوم: our world, state, life nowadays
add("TODAYNOT", 0, NOCLITIC, "عالمنا", "وضعنا", "حياتنا", "واقعنا", "مجتمعنا", "بمجتمعنا",
    "مجتمعاتنا", "عصرنا", "زمننا", "وقتنا", "كرتنا")

# --- Time units ------------------------------------------------------------
add("TUNIT", U_DAY, 0, "يوما", "يوماً")
add("TUNIT", U_DAY, PL, "أيام", "ايام")
add("TUNIT", U_DAY, DUAL, "يومين", "يومان")
add("TUNIT", U_WEEK, 0, "أسبوع", "اسبوع", "أسبوعا")
add("TUNIT", U_WEEK, PL, "أسابيع", "اسابيع")
add("TUNIT", U_WEEK, DUAL, "أسبوعين", "اسبوعين", "أسبوعان")
add("TUNIT", U_WEEK, DEF, "الأسبوع", "الاسبوع")
add("TUNIT", U_MONTH, 0, "شهر", "شهرا", "شهراً")
add("TUNIT", U_MONTH, PL, "أشهر", "اشهر", "شهور")
add("TUNIT", U_MONTH, DUAL, "شهرين", "شهران")
add("TUNIT", U_MONTH, DEF, "الشهر")
add("TUNIT", U_YEAR, 0, "سنة", "عام", "عاما", "عاماً", "سنه")
add("TUNIT", U_YEAR, PL, "سنوات", "أعوام", "اعوام", "سنين")
add("TUNIT", U_YEAR, DUAL, "سنتين", "عامين", "عامي", "سنتان", "عامان")
add("TUNIT", U_YEAR, DEF, "العام", "السنة")
# اليومين الماضيين, الشهرين المقبلين: the two days / months before or after
add("TUNIT", U_DAY, DEF | DUAL, "اليومين")
add("TUNIT", U_WEEK, DEF | DUAL, "الأسبوعين", "الاسبوعين")
add("TUNIT", U_MONTH, DEF | DUAL, "الشهرين")
add("TUNIT", U_YEAR, DEF | DUAL, "العامين", "السنتين")
# السنوات الخمس الماضية: so many units back or ahead, with a number and a
# direction after them only (a class of their own: السنوات الماضية is vague)
add("UNITS", U_DAY, DEF | PL, "الأيام", "الايام")
add("UNITS", U_WEEK, DEF | PL, "الأسابيع", "الاسابيع")
add("UNITS", U_MONTH, DEF | PL, "الأشهر", "الاشهر", "الشهور")
add("UNITS", U_YEAR, DEF | PL, "السنوات", "الأعوام", "الاعوام", "السنين")
# العقد الماضي, خلال العقدين المقبلين: a decade by its direction
add("UNITS", U_DECADE, DEF, "العقد")
add("UNITS", U_DECADE, DEF | DUAL, "العقدين")

# --- Direction of a relative expression -----------------------------------
add("DIR", -1, 0, "الماضي", "الماضية", "المنصرم", "المنصرمة", "الفائت", "الفائتة", "المنقضي",
    "السابق", "السابقة",  # العام السابق; الرئيس السابق has no time unit before it
    "الفارط", "الفارطة")  # Tunisian: الموسم الفارط, ماي الفارط
add("DIR", 1, 0, "المقبل", "المقبلة", "القادم", "القادمة")
add("DIR", 0, 0, "الجاري", "الجارية", "الحالي", "الحالية")
add("DIR", -1, DUAL, "الماضيين", "الماضيتين", "المنصرمين", "المنصرمتين", "الأخيرين", "الأخيرتين")
add("DIR", 1, DUAL, "المقبلين", "المقبلتين", "القادمين", "القادمتين")
add("THIS", 0, 0, "هذا", "هذه")

# --- Eras --------------------------------------------------------------------
add("ERA", 0, GREG | NOCLITIC, "م")
add("ERA", 0, GREG, "ميلادي", "ميلادية", "للميلاد", "الميلادي", "الميلادية")
add("ERA", 0, HIJ | NOCLITIC, "هـ", "ه")
add("ERA", 0, HIJ, "هجري", "هجرية", "للهجرة", "الهجري", "الهجرية", "هجرياً")

# --- Decades (of the twentieth century) ------------------------------------
for tens, forms in ((2, ("العشرينيات", "العشرينات")), (3, ("الثلاثينيات", "الثلاثينات")),
                    (4, ("الأربعينيات", "الأربعينات")), (5, ("الخمسينيات", "الخمسينات")),
                    (6, ("الستينيات", "الستينات")), (7, ("السبعينيات", "السبعينات")),
                    (8, ("الثمانينيات", "الثمانينات")), (9, ("التسعينيات", "التسعينات"))):
    add("DECADE", 1900 + 10 * tens, 0, *forms)
    # the construct form (سبعينيات القرن الماضي): a date only before القرن, as
    # في سبعينيات عمره is an age
    add("DECADE", 1900 + 10 * tens, CONSTRUCT, *(f[2:] for f in forms))

# --- The century: a date only with its number or ordinal after it (القرن
# التاسع عشر, القرن الـ19) or a direction (القرن الماضي); alone it is also
# the Horn (القرن الأفريقي) or a horn.
add("CENTURY", 0, DEF, "القرن")

# --- Cardinal numbers ------------------------------------------------------
add("UNIT", 1, COMPOUND, "واحد", "واحدا", "أحد")  # only in واحد وعشرون, أحد عشر, واحد في المئة
add("UNIT", 1, COMPOUND | FEM, "واحدة", "إحدى", "احدى")
add("UNIT", 2, 0, "اثنان", "اثنين", "إثنان", "إثنين", "اثنا", "اثني")
add("UNIT", 2, FEM, "اثنتان", "اثنتين", "اثنتا", "اثنتي", "ثنتان", "ثنتين")
for v, m, f in ((3, "ثلاثة", "ثلاث"), (4, "أربعة", "أربع"), (5, "خمسة", "خمس"),
                (6, "ستة", "ست"), (7, "سبعة", "سبع"), (8, "ثمانية", "ثماني"),
                (9, "تسعة", "تسع")):
    add("UNIT", v, 0, m)
    add("UNIT", v, FEM, f)
add("UNIT", 3, 0, "ثلاثه")
add("UNIT", 4, 0, "اربعة")
add("UNIT", 8, FEM, "ثمان")
add("TEN", 10, 0, "عشرة", "عشره")
add("TEN", 10, FEM, "عشر")
for v, forms in ((20, ("عشرون", "عشرين")), (30, ("ثلاثون", "ثلاثين")),
                 (40, ("أربعون", "أربعين", "اربعون", "اربعين")), (50, ("خمسون", "خمسين")),
                 (60, ("ستون", "ستين")), (70, ("سبعون", "سبعين")),
                 (80, ("ثمانون", "ثمانين")), (90, ("تسعون", "تسعين"))):
    add("TENS", v, 0, *forms)
add("HUND", 100, 0, "مئة", "مائة", "مئه", "مائه")
add("HUND", 200, DUAL, "مئتان", "مئتين", "مائتان", "مائتين", "مئتا", "مئتي", "مائتا", "مائتي")
for v, stem in ((300, "ثلاث"), (400, "أربع"), (500, "خمس"), (600, "ست"), (700, "سبع"),
                (800, "ثمان"), (900, "تسع")):
    add("HUND", v, 0, stem + "مئة", stem + "مائة", stem + "مية", stem + "مئه", stem + "مائه")
add("HUND", 400, 0, "اربعمئة", "اربعمائة")
add("HUND", 800, 0, "ثمانيمئة", "ثمانيمائة")
add("SCALE", 3, 0, "ألف", "الف", "ألفا", "ألفاً", "الفا")
add("SCALE", 3, PL, "آلاف", "الاف")
add("SCALE", 3, DUAL, "ألفان", "ألفين", "الفين", "الفان", "ألفي")
add("SCALE", 6, 0, "مليون", "مليونا", "مليوناً")
add("SCALE", 6, PL, "ملايين", "ملايين")
add("SCALE", 6, DUAL, "مليونان", "مليونين", "مليوني")  # مليوني برميل: the dual before its noun
add("SCALE", 9, 0, "مليار", "مليارا", "ملياراً", "بليون", "بليونا")
add("SCALE", 9, PL, "مليارات", "بلايين")
add("SCALE", 9, DUAL, "ملياران", "مليارين", "بليونين", "ملياري", "بليوني")
add("SCALE", 12, 0, "تريليون", "ترليون", "تريليونا", "ترليونا")
add("SCALE", 12, PL, "تريليونات", "ترليونات")
add("SCALE", 12, DUAL, "تريليونين", "ترليونين", "تريليوني", "ترليوني")
add("FRAC", 2, 0, "نصف")
add("FRAC", 3, 0, "ثلث")
add("FRAC", 4, 0, "ربع")
add("FRAC", 23, DUAL, "ثلثي", "ثلثا", "ثلثين", "ثلثان")
add("FRAC", 4, PL, "أرباع", "ارباع")            # ثلاثة أرباع
add("VAGUE", 0, 0, "عشرات", "مئات", "مئآت", "بضع", "بضعة", "عدة", "العشرات", "المئات",
    "الآلاف", "الملايين", "المليارات", "آلافا")

# --- Ordinals --------------------------------------------------------------
add("ORD", 1, DEF, "الأول", "الاول")
add("ORD", 1, DEF | FEM, "الأولى", "الاولى", "الأولي")
add("ORD", 1, 0, "أول", "اول")
add("ORD", 1, FEM, "أولى")
add("ORD", 1, DEF | COMPOUND, "الحادي")
add("ORD", 1, DEF | COMPOUND, "الواحد")         # القرن الواحد والعشرين
add("ORD", 1, DEF | FEM | COMPOUND, "الحادية")
for v, m, f, bare in ((2, "الثاني", "الثانية", "ثاني"), (3, "الثالث", "الثالثة", "ثالث"),
                      (4, "الرابع", "الرابعة", "رابع"), (5, "الخامس", "الخامسة", "خامس"),
                      (6, "السادس", "السادسة", "سادس"), (7, "السابع", "السابعة", "سابع"),
                      (8, "الثامن", "الثامنة", "ثامن"), (9, "التاسع", "التاسعة", "تاسع"),
                      (10, "العاشر", "العاشرة", "عاشر")):
    add("ORD", v, DEF, m)
    add("ORD", v, DEF | FEM, f)
    add("ORD", v, 0, bare)
for v, forms in ((20, ("العشرون", "العشرين")), (30, ("الثلاثون", "الثلاثين")),
                 (40, ("الأربعون", "الأربعين")), (50, ("الخمسون", "الخمسين")),
                 (60, ("الستون", "الستين")), (70, ("السبعون", "السبعين")),
                 (80, ("الثمانون", "الثمانين")), (90, ("التسعون", "التسعين"))):
    add("ORDTENS", v, DEF, *forms)
add("ORDHUND", 100, DEF, "المئة", "المائة", "المية", "المئه", "المائه")  # also في المئة

# --- Percent -----------------------------------------------------------------
add("PERCENT", 0, NOCLITIC, "بالمئة", "بالمائة", "بالمية", "بالمئه", "بالمائه", "بالميه")

# --- Particles the rules look at ----------------------------------------------
add("FROM", 0, 0, "من", "مِن")
add("TO", 0, 0, "إلى", "الى", "لغاية")
add("UNTIL", 0, 0, "حتى")                      # a range end, and a temporal preposition
add("BETWEEN", 0, 0, "بين", "مابين")
add("AND", 0, NOCLITIC, "و")
add("IN", 0, 0, "في", "فى")
add("TPREP", 0, AGO, "منذ", "قبل")
add("TPREP", 0, 0, "بعد", "خلال", "مطلع", "بداية", "نهاية", "أواخر", "اواخر", "أوائل", "اوائل",
    "منتصف", "أواسط", "اواسط", "موسم", "بحلول", "أثناء", "اثناء", "عقب", "إثر",
    "اثر", "غضون", "ابتداء", "اعتبارا", "بدءا", "مستهل", "نهايه", "بدايه", "ختام", "انطلاقا",
    "موفى")  # Tunisian: موفى شهر أوت, the end of August
# A part of a year or a period before من and a year: الربع الأول من 2018,
# الفترة ذاتها من 2015, الأشهر الأخيرة من 2014 (not أكثر من 2000 شخص).
add("PERIOD", 0, NOCLITIC, "الفترة", "فترة", "الربع", "النصف", "الثلاثي", "السداسي", "الثلاثية",
    "الأخير", "الأخيرة", "الاخير", "الاخيرة", "المقابل", "المقابلة", "المماثل", "المماثلة")
# "the same": اليوم نفسه, من العام ذاته (the unit of the latest date named
# before); before من YYYY as a PERIOD is (الفترة ذاتها من 2015)
add("SAME", 0, NOCLITIC, "ذاتها", "ذاته", "نفسها", "نفسه")
add("IDMARK", 0, 0, "رقم", "رقمي", "قرار", "مادة", "مادته", "مادتها", "فصل", "بند", "دائرة",
    "فرانس")  # فرانس 24, the channel
# with the article, also after ل with its alef dropped: للفصل 14, للمادة 5
add("IDMARK", 0, DEF, "الرقم", "القرار", "المادة", "الفصل", "البند", "العدد", "الطريق",
    "الصفحة", "الفقرة", "الحافلة", "الخط", "الدائرة", "الكيلومتر", "الغرفة", "الجناح",
    "الساعة", "الساعه", "الفئة",
    "الكيلو",  # a place named by its distance: الكيلو 16 بمحافظة الحديدة
    "اللواء", "الكتيبة", "الفوج", "الفرقة")  # military units: اللواء 35 مدرع, الكتيبة 53
# ل before اللواء drops its alef and one lam as well: للواء 53 الروسي
add("IDMARK", 0, 0, "للواء")
# a letter or a maker's prefix of a model: إف 16 (F-16), إس 400, بي 52, سي
# 130, تي 72, يو 2, إيه 320, سو 35, ميغ 29, سوخوي -30, غالاكسي إس 9 (value
# 1: only right before the digits; no clitics: ولاية is no و + ل + ايه)
add("IDMARK", 1, NOCLITIC, "إف", "أف", "اف", "إس", "اس", "بي", "سي", "تي", "يو", "إيه", "ايه", "سو",
    "ميغ", "ميج", "سوخوي",
    "إتش", "اتش", "جي",  # إتش7 إن4 (H7N4), جي 20 (G20)
    "إكس", "اكس",  # فيفو إكس 21 (Vivo X21)
    "نوت")  # غالاكسي نوت 7 (Galaxy Note 7)
# an aircraft maker before its model: بوينغ 707, وإيرباص 320
add("IDMARK", 1, 0, "بوينغ", "بوينج", "البوينغ", "إيرباص", "ايرباص", "أيرباص", "الإيرباص")
add("IDMARK", 1, 0, "بنزين")  # a fuel by its octane: بنزين 92
add("IDMARK", 1, 0, "بورز", "بورس")  # an index by its size: ستاندرد آند بورز 500
add("APPROX", 0, 0, "نحو", "حوالي", "حوالى", "قرابة", "زهاء", "أكثر", "اكثر", "أقل", "اقل",
    "يقارب", "يناهز", "تناهز", "تقارب", "يفوق", "يتجاوز", "تتجاوز", "تفوق", "بلغ", "بلغت",
    "بلوغ", "مجموع", "مجموعه", "إجمالي", "اجمالي")
add("NONCOUNT", 0, 0,
    "على", "عن", "مع", "أو", "او", "ثم", "لدى", "عند", "أن", "إن", "ان", "أنه", "انه", "التي",
    "الذي", "الذين", "هي", "هو", "هم", "كما", "لكن", "حيث", "قد", "لا", "لم", "لن", "ما", "مما",
    "ممن", "فقط", "أيضا", "ايضا", "أيضاً", "فيما", "مقابل", "ضد", "إلا", "الا", "لست", "منها",
    "منهم", "منه", "بينهم", "بينها", "وفق", "عبر", "دون", "ألا", "وهو", "وهي", "كل", "بل",
    "لكل", "للمرة", "تقريبا", "تقريباً", "فأكثر", "فما", "وما", "بالمقابل",
    "ضمن", "لصالح", "لفائدة", "إضافة", "اضافة", "بنسبة", "نسبة", "أصل", "اصل", "أجل",
    "صباحا", "صباحاً", "ظهرا", "ظهراً", "عصرا", "ليلا", "ليلاً", "فجرا", "مساءا",
    "تحت", "فوق", "أمام", "امام", "وراء", "خلف", "داخل", "خارج", "حول", "مثل", "غير", "سوى",
    "هنا", "هناك", "الآن", "حاليا", "حالياً", "فحسب", "وحدها", "وحده", "معا", "جميعا", "كلها",
    "كلهم", "منها", "إذ", "اذ", "بينما", "لأن", "لان", "كي", "حين", "حينما", "عندما", "لما",
    "إذا", "اذا", "لو", "لكي", "ليس", "ليست", "كان", "كانت", "يكون", "تكون",
    "بأكمله", "بأكملها", "بكامله", "بكاملها", "كله",  # 2017 بأكمله: the whole year
    "لكرة",  # كأس العالم 2018 لكرة القدم
    "برصيد",  # a team's points after its place: المركز 5 برصيد 20 نقطة
    "مقارنة", "نتيجة",  # بنسبة 2،5 مقارنة بشهر فيفري, بنسبة 4،8 نتيجة الزيادة
    "قرب", "بالقرب",  # أصيب أكثر من 450 قرب السياج
    "ذهابا", "إيابا", "ايابا",  # الانتصار 3 - 1 ذهابا: the leg, not a count
    "يوميا", "يومياً", "أسبوعيا", "أسبوعياً", "اسبوعيا", "شهريا", "شهرياً", "سنويا", "سنوياً",  # 5 ملايين شهريا: how often
    "جراء",  # مقتل فلسطينيين اثنين جراء الغارات: a cause, not a count
    "إزاء", "ازاء",  # سعر الدينار نحو 2.73 إزاء الأورو: a rate against, not a count
    "باتجاه", "بإتجاه", "اتجاه",  # الرحلة 713 باتجاه جدة: a way, not a count
    "سابقا", "سابقاً", "لاحقا", "لاحقاً", "مؤخرا", "مؤخراً",  # 24 منتخبا (16 سابقا): when, not what
    "مكرر")  # الفصل 60 مكرر: a law's article, bis
# Where a rank holds: digits before them are a rank (المصنف 33 عالميا, مصر
# (46 عالميا)), never a count.  عربيا is left out: 44 عربيا is 44 Arabs.
add("SCOPE", 0, 0, "عالميا", "دوليا", "محليا", "أوروبيا", "اوروبيا", "قاريا", "آسيويا", "اسيويا",
    "إقليميا", "اقليميا", "وطنيا")
# Currencies and units of measure: a 4-digit number before them is an
# amount, never a year (إلى 1800 دولار); still counted nouns.
add("MEASURE", 0, 0,
    "دولار", "دولارا", "دولاراً", "ريال", "ريالا", "ريالاً", "دينار", "دينارا", "ديناراً",
    "درهم", "درهما", "درهماً", "جنيه", "جنيها", "جنيهاً", "ليرة", "روبل", "روبية", "أورو",
    "مليم", "فرنك", "إسترليني", "ميغاواط", "ميجاوات", "ميغاوات", "كيلوواط", "ميغاوط",
    "كيلومتر", "كيلومترا", "كيلومتراً", "كلم", "متر", "مترا", "متراً", "طن", "طنا", "طناً",
    "برميل", "لتر", "هكتار", "فدان", "دونم", "كيلوغرام", "كيلوغرامات", "كلغ", "غرام",
    "ين", "يوان", "ثانية", "أمبير")  # 104.635 ين, 11.212 ثانية: decimals, not thousands
# Seasons: a year after them is a year (صيف 2017).
add("TPREP", 0, 0, "صيف", "شتاء", "خريف", "صائفة")
# الصيف الماضي, الخريف المقبل: a season by its direction (value: its first
# month); the year it falls in (spring, ربيع, is a Hijri month's head too)
add("SEASON", 6, DEF, "الصيف", "الصائفة")  # الصائفة: the summer, in Tunisia
add("SEASON", 6, DEF, "الصيفي", "الصيفية")  # الميركاتو الصيفي الماضي: of the summer
add("SEASON", 9, DEF, "الخريف")

CLASSES = ["MONTH", "MONTH_HEAD", "HMONTH", "HMONTH_HEAD", "HTAIL", "LAST", "WEEKDAY",
           "DAYPART", "DAYWORD", "RELDAY", "GHAD", "TODAYNOT", "TUNIT", "DIR", "THIS", "ERA",
           "DECADE", "CENTURY", "UNIT", "TEN", "TENS", "HUND", "SCALE", "FRAC", "VAGUE", "ORD", "ORDTENS",
           "ORDHUND", "PERCENT", "FROM", "TO", "UNTIL", "BETWEEN", "AND", "IN", "TPREP",
           "IDMARK", "APPROX", "NONCOUNT", "MEASURE", "FIRSTDAY", "PERIOD", "SAME", "SCOPE",
           "SEASON", "UNITS"]


def fold(s):
    return _lex.MARKS.sub("", s).translate(_lex.FOLD)


VHASH_K = 0x9E3779B97F4A7C15
MASK64 = (1 << 64) - 1


def vhash(b):
    """values_lex.c's vhash: eight bytes a step, little-endian, zero-padded."""
    h = VHASH_K ^ len(b)
    for i in range(0, len(b), 8):
        h = ((h ^ int.from_bytes(b[i:i + 8], "little")) * VHASH_K) & MASK64
    return h


def c_bytes(s):
    return "".join("\\x%02x" % b for b in s.encode("utf-8"))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "src", "core",
                                                             "values_lexicon.c")
    table = {}
    for spelling, cls, value, flags in WORDS:
        f = fold(spelling)
        entry = (cls, value, flags)
        if f in table and table[f][0] != entry:
            sys.exit("gen_values_lexicon: %s (%s) is both %s and %s"
                     % (f, spelling, table[f][0], entry))
        table.setdefault(f, (entry, spelling))
    rows = sorted(table.items(), key=lambda kv: kv[0].encode("utf-8"))
    for f, _ in rows:
        if f.encode("utf-8")[0] not in (0xD8, 0xD9):
            sys.exit("gen_values_lexicon: %s does not start with an Arabic letter" % f)
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("/* generated by tools/gen_values_lexicon.py; do not edit.\n"
                 " * The value finder's words, folded as the default profile folds them,\n"
                 " * sorted by bytes: folded form (escaped), the spelling it came from,\n"
                 " * class, value, flags. */\n")
        fh.write('#include "values.h"\n\n')
        fh.write("const fh_vword fh_vwords[] = {\n")
        for f, ((cls, value, flags), spelling) in rows:
            fh.write('    {"%s", "%s", %d, FH_V_%s, %d, 0x%x}, /* %s */\n'
                     % (c_bytes(f), c_bytes(spelling), len(f.encode("utf-8")), cls, value, flags,
                        spelling))
        fh.write("};\n\nconst size_t fh_vwords_count = %d;\n\n" % len(rows))
        # Where the forms of each first letter start: an Arabic letter is
        # 0xD8 or 0xD9 then a second byte; slot (first - 0xD8) * 64 + (second & 63).
        first = [len(rows)] * 129
        for k, (f, _) in enumerate(rows):
            b = f.encode("utf-8")
            slot = (b[0] - 0xD8) * 64 + (b[1] & 63) if b[0] in (0xD8, 0xD9) else 128
            first[slot] = min(first[slot], k)
        for slot in range(127, -1, -1):  # an empty slot starts where the next one does
            if first[slot] == len(rows):
                first[slot] = first[slot + 1]
        # Open addressing over vhash of the folded bytes (values_lex.c hashes
        # the same way): its top 11 bits pick the slot, the 16 below them are
        # the slot's tag; a slot holds tag << 16 | index + 1, 0 = empty.
        size = 2048
        slots = [0] * size
        for k, (f, _) in enumerate(rows):
            h = vhash(f.encode("utf-8"))
            at, tag = h >> 53, (h >> 37) & 0xFFFF
            while slots[at]:
                at = (at + 1) & (size - 1)
            slots[at] = tag << 16 | (k + 1)
        fh.write("/* fh_vwords by vhash of the folded form, open addressing: tag << 16 | index + 1,\n"
                 " * 0 = empty. */\n")
        fh.write("const uint32_t fh_vwords_slots[FH_VWORDS_SLOTS] = {\n")
        for k in range(0, size, 8):
            fh.write("    " + ", ".join("0x%08x" % x for x in slots[k:k + 8]) + ",\n")
        fh.write("};\n")
    print("values lexicon: %d forms" % len(rows))


if __name__ == "__main__":
    main()
