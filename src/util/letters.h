/*
 * letters.h - the Arabic code points fahras names, each once (header only).
 *
 * Names follow the Unicode character names (ARABIC LETTER ALEF WITH HAMZA
 * ABOVE -> AR_ALEF_HAMZA_ABOVE).  The letters AR_HAMZA..AR_YEH are one
 * run of code points except for U+063B..U+063F and AR_TATWEEL; the
 * segmenter's letter codes are their offsets from U+0620.
 */
#ifndef FAHRAS_LETTERS_H
#define FAHRAS_LETTERS_H

enum {
    AR_HAMZA = 0x0621,             /* ء */
    AR_ALEF_MADDA = 0x0622,        /* آ */
    AR_ALEF_HAMZA_ABOVE = 0x0623,  /* أ */
    AR_WAW_HAMZA = 0x0624,         /* ؤ */
    AR_ALEF_HAMZA_BELOW = 0x0625,  /* إ */
    AR_YEH_HAMZA = 0x0626,         /* ئ */
    AR_ALEF = 0x0627,              /* ا */
    AR_BEH = 0x0628,               /* ب */
    AR_TEH_MARBUTA = 0x0629,       /* ة */
    AR_TEH = 0x062A,               /* ت */
    AR_THEH = 0x062B,              /* ث */
    AR_JEEM = 0x062C,              /* ج */
    AR_HAH = 0x062D,               /* ح */
    AR_KHAH = 0x062E,              /* خ */
    AR_DAL = 0x062F,               /* د */
    AR_THAL = 0x0630,              /* ذ */
    AR_REH = 0x0631,               /* ر */
    AR_ZAIN = 0x0632,              /* ز */
    AR_SEEN = 0x0633,              /* س */
    AR_SHEEN = 0x0634,             /* ش */
    AR_SAD = 0x0635,               /* ص */
    AR_DAD = 0x0636,               /* ض */
    AR_TAH = 0x0637,               /* ط */
    AR_ZAH = 0x0638,               /* ظ */
    AR_AIN = 0x0639,               /* ع */
    AR_GHAIN = 0x063A,             /* غ */
    AR_TATWEEL = 0x0640,           /* ـ */
    AR_FEH = 0x0641,               /* ف */
    AR_QAF = 0x0642,               /* ق */
    AR_KAF = 0x0643,               /* ك */
    AR_LAM = 0x0644,               /* ل */
    AR_MEEM = 0x0645,              /* م */
    AR_NOON = 0x0646,              /* ن */
    AR_HEH = 0x0647,               /* ه */
    AR_WAW = 0x0648,               /* و */
    AR_ALEF_MAQSURA = 0x0649,      /* ى */
    AR_YEH = 0x064A,               /* ي */
    AR_ALEF_WASLA = 0x0671,        /* ٱ */
    AR_ALEF_WAVY_HAMZA_ABOVE = 0x0672, /* ٲ */
    AR_ALEF_WAVY_HAMZA_BELOW = 0x0673, /* ٳ */

    /* digits: AR_DIGIT_ZERO + d is the Arabic-Indic digit d, AR_EXT_DIGIT_ZERO
     * + d the Extended Arabic-Indic (Persian, Urdu) one */
    AR_DIGIT_ZERO = 0x0660,        /* ٠ */
    AR_EXT_DIGIT_ZERO = 0x06F0,    /* ۰ */

    /* punctuation */
    AR_PERCENT_SIGN = 0x066A,      /* ٪ */
    AR_COMMA = 0x060C,             /* ، */
    AR_SEMICOLON = 0x061B,         /* ؛ */
    AR_QUESTION_MARK = 0x061F,     /* ؟ */
    AR_DECIMAL_SEPARATOR = 0x066B, /* ٫ */
    AR_THOUSANDS_SEPARATOR = 0x066C, /* ٬ */
    AR_FULL_STOP = 0x06D4,         /* ۔ */
    /* the lexicon's and the segmenter's letter code of c is c - this */
    AR_LETTER_CODE_BASE = 0x0620
};

/* The two bytes of the UTF-8 form of a letter of U+0080..U+07FF (every
 * letter above). */
#define AR_UTF8_LEAD(c) ((char)(0xC0 | ((c) >> 6)))
#define AR_UTF8_TRAIL(c) ((char)(0x80 | ((c) & 0x3F)))

/* Does the UTF-8 text at s (two bytes at least) start with the letter c? */
static inline int ar_letter_at(const char *s, unsigned c)
{
    return s[0] == AR_UTF8_LEAD(c) && s[1] == AR_UTF8_TRAIL(c);
}

#endif
