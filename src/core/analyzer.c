/*
 * analyzer.c - the tokenizer and the analysis pipeline.
 *
 * One pass over the input: each code point is classified and folded with
 * the analyzer's table; runs of word characters become tokens (Arabic
 * words, other-script words, numbers, hashtags, mentions, URLs, e-mails)
 * carrying byte offsets into the original text; Arabic words then go
 * through the segmenter (morph.c) to get their key.  All scratch space
 * lives on the stack of the call, so one analyzer serves many threads.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "letters.h"

const char *fahras_version(void) { return FAHRAS_VERSION_STRING; }

const char *fahras_unicode_version(void) { return fh_unicode_version_string; }

const char *fahras_token_type_name(int type)
{
    switch (type) {
    case FAHRAS_TOKEN_ARABIC: return "arabic";
    case FAHRAS_TOKEN_WORD: return "word";
    case FAHRAS_TOKEN_NUMBER: return "number";
    case FAHRAS_TOKEN_HASHTAG: return "hashtag";
    case FAHRAS_TOKEN_MENTION: return "mention";
    case FAHRAS_TOKEN_URL: return "url";
    case FAHRAS_TOKEN_EMAIL: return "email";
    default: return "other";
    }
}

const char *fahras_strerror(int code)
{
    switch (code) {
    case FAHRAS_OK: return "success";
    case FAHRAS_ERR_NOMEM: return "out of memory";
    case FAHRAS_ERR_ARG: return "invalid argument";
    case FAHRAS_ERR_UTF8: return "invalid UTF-8";
    case FAHRAS_ERR_OPTION: return "invalid option";
    case FAHRAS_ERR_ABORTED: return "stopped by the token callback";
    case FAHRAS_ERR_LIMIT: return "input too large";
    case FAHRAS_ERR_DATE: return "not a date";
    default: return "unknown error";
    }
}

fahras_analyzer *fahras_analyzer_new(const fahras_options *opts, fahras_error *err)
{
    return fh_analyzer_new_like(opts, NULL, err);
}

fahras_analyzer *fh_analyzer_new_like(const fahras_options *opts, const fahras_analyzer *like,
                                      fahras_error *err)
{
    fahras_analyzer *a = calloc(1, sizeof *a);
    if (!a) {
        fh_set_error(err, FAHRAS_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    if (opts) a->opts = *opts;
    else fahras_options_default(&a->opts);
    if (a->opts.stem < FAHRAS_STEM_NONE || a->opts.stem > FAHRAS_STEM_LIGHT ||
        (a->opts.utf8 != FAHRAS_UTF8_ERROR && a->opts.utf8 != FAHRAS_UTF8_REPLACE) ||
        (a->opts.norm & ~(unsigned)FAHRAS_NORM_ALL)) {
        free(a);
        fh_set_error(err, FAHRAS_ERR_OPTION, 0, "options out of range");
        return NULL;
    }
    if (fh_fold_table_init(&a->fold, a->opts.norm, err) != FAHRAS_OK) {
        free(a);
        return NULL;
    }
    if (like && like->opts.stem == a->opts.stem) {
        fh_morph_ctx_share(&a->morph, &like->morph);
    } else if (fh_morph_ctx_init(&a->morph, a->opts.stem, FH_MORPH_CACHE_MIN_COUNT) != FAHRAS_OK) {
        fh_fold_table_free(&a->fold);
        free(a);
        fh_set_error(err, FAHRAS_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    return a;
}

void fahras_analyzer_free(fahras_analyzer *a)
{
    if (!a) return;
    fh_fold_table_free(&a->fold);
    fh_morph_ctx_free(&a->morph);
    free(a);
}

const fahras_options *fahras_analyzer_options(const fahras_analyzer *a)
{
    return a ? &a->opts : NULL;
}

/* How many of the eight bytes at s are whole characters of one or two bytes
 * (ASCII and U+0080..U+07FF, which Arabic text is made of), checked all at
 * once; 0 when another byte among them needs the byte-at-a-time check. */
static size_t utf8_two_byte_run(const unsigned char *s)
{
    const uint64_t hi = 0x8080808080808080ull;
    uint64_t x = 0;
    for (int k = 7; k >= 0; k--) x = x << 8 | s[k]; /* little-endian, any host */
    uint64_t b7 = x & hi, b6 = (x << 1) & hi, b5 = (x << 2) & hi;
    uint64_t cont = b7 & ~b6, lead = b7 & b6 & ~b5;
    if (b7 & b6 & b5) return 0; /* a lead byte of three or four bytes, or F8..FF */
    /* C0, C1: overlong leads (bits 1..4 all zero); the test may also flag a
     * byte above such a one, which only sends it to the slow check */
    uint64_t low = x & 0x1E1E1E1E1E1E1E1Eull;
    if (((low - 0x0101010101010101ull) & ~low & hi) & lead) return 0;
    uint64_t last = lead >> 56; /* a lead in the last byte: its trail is in the next run */
    if (cont != ((lead << 8) & hi)) return 0;
    return last ? 7 : 8;
}

int fahras_utf8_check(const char *text, size_t len, size_t *bad_offset)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    if (!text && len) return FAHRAS_ERR_ARG;
    while (i < len) {
        size_t run = i + 8 <= len ? utf8_two_byte_run(s + i) : 0;
        if (run) {
            i += run;
            continue;
        }
        if (s[i] < 0x80) { i++; continue; }
        uint32_t cp;
        size_t k = fh_utf8_decode(s + i, len - i, &cp);
        if (!k) {
            if (bad_offset) *bad_offset = i;
            return FAHRAS_ERR_UTF8;
        }
        i += k;
    }
    return FAHRAS_OK;
}

/* ------------------------------------------------------------------ */

#define NORM_CAP FAHRAS_MAX_TOKEN_BYTES
#define SEG_CAP (FAHRAS_MAX_TOKEN_BYTES + 16)

typedef struct scan {
    const fahras_analyzer *a;
    const unsigned char *s;
    size_t len;
    fahras_token_fn fn;
    void *ctx;
    fahras_error *err;
    uint32_t pos;
    size_t email_fail_until;
    /* current token */
    char norm[NORM_CAP + 8];
    size_t norm_len;
    int truncated;
    uint16_t letters[FH_MORPH_MAX];
    size_t nletters;
    int letters_overflow;
    char key[NORM_CAP + 8];
    char seg[SEG_CAP + 8];
} scan;

/* Decoded code point with its class and replacement. */
typedef struct cpx {
    uint32_t cp;
    size_t k;       /* bytes in the input; 0 = invalid UTF-8 */
    uint8_t cls;
    const char *rep;
    size_t rep_len;
    char tmp[4];
} cpx;

static inline void decode_at(const scan *sc, size_t i, cpx *c)
{
    const unsigned char *s = sc->s + i;
    if (s[0] < 0x80) {
        c->cp = s[0];
        c->k = 1;
    } else {
        c->k = fh_utf8_decode(s, sc->len - i, &c->cp);
        if (!c->k) {
            c->cls = FH_CL_SEP;
            return;
        }
    }
    const fh_fold_table *t = &sc->a->fold;
    if (c->cp < FH_DIRECT_LIMIT) { /* the common case: no search, no copy */
        const fh_cpinfo *e = &t->direct[c->cp];
        c->cls = e->cls;
        if (e->len == FH_IDENTITY) {
            c->rep = (const char *)s;
            c->rep_len = c->k;
        } else {
            c->rep = t->pool + e->off;
            c->rep_len = e->len;
        }
        return;
    }
    c->cls = fh_fold_lookup(t, c->cp, &c->rep, &c->rep_len, c->tmp);
}

static inline int is_wordish(uint8_t cls)
{
    return cls == FH_CL_LETTER || cls == FH_CL_AR_LETTER || cls == FH_CL_DIGIT ||
           cls == FH_CL_MARK || cls == FH_CL_TATWEEL;
}

static void norm_reset(scan *sc)
{
    sc->norm_len = 0;
    sc->truncated = 0;
    sc->nletters = 0;
    sc->letters_overflow = 0;
}

static inline void norm_put(scan *sc, const char *p, size_t n)
{
    if (sc->norm_len + n > NORM_CAP) {
        sc->truncated = 1;
        return;
    }
    memcpy(sc->norm + sc->norm_len, p, n);
    sc->norm_len += n;
}

static int emit(scan *sc, size_t start, size_t end, int type, unsigned flags, const char *key,
                size_t key_len, size_t stem_start, size_t stem_end, const char *seg, size_t seg_len)
{
    fahras_token t;
    t.start = start;
    t.end = end;
    t.position = sc->pos++;
    t.type = type;
    t.flags = flags | (sc->truncated ? FAHRAS_TOKEN_TRUNCATED : 0);
    sc->norm[sc->norm_len] = '\0';
    t.norm = sc->norm;
    t.norm_len = sc->norm_len;
    t.key = key;
    t.key_len = key_len;
    t.stem_start = stem_start;
    t.stem_end = stem_end;
    t.seg = seg;
    t.seg_len = seg_len;
    if (sc->fn(sc->ctx, &t)) return FAHRAS_ERR_ABORTED;
    return FAHRAS_OK;
}

/* Byte length of the UTF-8 encoding of letters[lo..hi). */
static size_t letters_bytes(const uint16_t *w, size_t lo, size_t hi)
{
    size_t n = 0;
    for (size_t i = lo; i < hi; i++) n += w[i] < 0x80 ? 1 : w[i] < 0x800 ? 2 : 3;
    return n;
}

static size_t put_letters(char *out, const uint16_t *w, size_t lo, size_t hi, unsigned norm)
{
    size_t n = 0;
    for (size_t i = lo; i < hi; i++) {
        uint16_t c = w[i];
        if (c == AR_TEH_MARBUTA && (norm & FAHRAS_NORM_TEH_MARBUTA)) c = AR_HEH;
        else if (c == AR_ALEF_MAQSURA && (norm & FAHRAS_NORM_ALEF_MAQSURA)) c = AR_YEH;
        n += fh_utf8_encode(c, out + n);
    }
    return n;
}

/* A word that is nothing but proclitics (لـ, الـ, وبالـ) written apart from
 * its word by a tatweel or a quote: it belongs to the next word. */
static int is_detached_clitic(const uint16_t *w, size_t n)
{
    static const uint16_t forms[][4] = {
        {AR_LAM}, {AR_BEH}, {AR_KAF}, {AR_WAW}, {AR_FEH},
        {AR_ALEF, AR_LAM}, {AR_LAM, AR_LAM}, {AR_WAW, AR_ALEF, AR_LAM}, {AR_FEH, AR_ALEF, AR_LAM},
        {AR_BEH, AR_ALEF, AR_LAM}, {AR_KAF, AR_ALEF, AR_LAM}, {AR_WAW, AR_LAM}, {AR_WAW, AR_BEH},
        {AR_WAW, AR_BEH, AR_ALEF, AR_LAM}, {AR_WAW, AR_LAM, AR_LAM}, {AR_FEH, AR_LAM, AR_LAM},
    };
    if (n == 0 || n > 4) return 0;
    for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
        size_t k = 0;
        while (k < 4 && forms[f][k]) k++;
        if (k != n) continue;
        size_t i = 0;
        while (i < n && (w[i] == forms[f][i] ||
                         (forms[f][i] == AR_ALEF &&
                          (w[i] == AR_ALEF_HAMZA_ABOVE || w[i] == AR_ALEF_HAMZA_BELOW))))
            i++;
        if (i == n) return 1;
    }
    return 0;
}

static int emit_arabic(scan *sc, size_t start, size_t end, unsigned flags)
{
    const fahras_analyzer *a = sc->a;
    size_t nl = sc->nletters;
    fh_morph m;
    if (sc->letters_overflow || a->opts.stem == FAHRAS_STEM_NONE) {
        return emit(sc, start, end, FAHRAS_TOKEN_ARABIC, flags, sc->norm, sc->norm_len, 0,
                    sc->norm_len, sc->norm, sc->norm_len);
    }
    fh_morph_analyze(&a->morph, sc->letters, nl, &m);
    const char *key;
    size_t key_len, stem_start, stem_end, sn;
    const char *seg;
    if (sc->norm_len == 2 * nl) {
        /* The usual case: norm is exactly the letters, two bytes each, with
         * the enabled folds applied, so key and segments are slices of it. */
        stem_start = 2 * m.stem_lo;
        stem_end = 2 * m.stem_hi;
        if (m.key_text) {
            key = m.key_text;
            key_len = strlen(m.key_text);
        } else if (m.key_yeh) {
            key_len = 2 * (m.key_hi - m.key_lo);
            memcpy(sc->key, sc->norm + 2 * m.key_lo, key_len);
            sc->key[0] = AR_UTF8_LEAD(AR_YEH);
            sc->key[1] = AR_UTF8_TRAIL(AR_YEH);
            key = sc->key;
        } else {
            key = sc->norm + 2 * m.key_lo;
            key_len = 2 * (m.key_hi - m.key_lo);
        }
        if (m.pre_n == 0 && m.stem_hi == nl) {
            seg = sc->norm;
            sn = sc->norm_len;
        } else {
            size_t at = 0;
            sn = 0;
            for (size_t i = 0; i < m.pre_n; i++) {
                memcpy(sc->seg + sn, sc->norm + 2 * at, 2 * m.pre_len[i]);
                sn += 2 * m.pre_len[i];
                sc->seg[sn++] = '+';
                at += m.pre_len[i];
            }
            memcpy(sc->seg + sn, sc->norm + stem_start, stem_end - stem_start);
            sn += stem_end - stem_start;
            if (m.stem_hi < nl) {
                sc->seg[sn++] = '+';
                memcpy(sc->seg + sn, sc->norm + stem_end, sc->norm_len - stem_end);
                sn += sc->norm_len - stem_end;
            }
            sc->seg[sn] = '\0';
            seg = sc->seg;
        }
        return emit(sc, start, end, FAHRAS_TOKEN_ARABIC, flags, key, key_len, stem_start, stem_end,
                    seg, sn);
    }
    /* Letters outside U+0600-U+07FF or several letters from one ligature:
     * encode the pieces. */
    if (m.key_text) {
        key_len = strlen(m.key_text);
        memcpy(sc->key, m.key_text, key_len);
    } else {
        key_len = put_letters(sc->key, sc->letters, m.key_lo, m.key_hi, a->opts.norm);
        if (m.key_yeh && key_len >= 2 && ar_letter_at(sc->key, AR_TEH)) { /* ت -> ي */
            sc->key[0] = AR_UTF8_LEAD(AR_YEH);
            sc->key[1] = AR_UTF8_TRAIL(AR_YEH);
        }
    }
    /* segmentation string: proclitics + stem + enclitic */
    size_t at = 0;
    sn = 0;
    for (size_t i = 0; i < m.pre_n; i++) {
        sn += put_letters(sc->seg + sn, sc->letters, at, at + m.pre_len[i], a->opts.norm);
        sc->seg[sn++] = '+';
        at += m.pre_len[i];
    }
    stem_start = letters_bytes(sc->letters, 0, m.stem_lo);
    stem_end = letters_bytes(sc->letters, 0, m.stem_hi);
    sn += put_letters(sc->seg + sn, sc->letters, m.stem_lo, m.stem_hi, a->opts.norm);
    if (m.stem_hi < nl) {
        sc->seg[sn++] = '+';
        sn += put_letters(sc->seg + sn, sc->letters, m.stem_hi, nl, a->opts.norm);
    }
    sc->seg[sn] = '\0';
    sc->key[key_len] = '\0';
    if (key_len == 0) { /* cannot happen: stems keep two letters; be safe */
        memcpy(sc->key, sc->norm, sc->norm_len);
        key_len = sc->norm_len;
    }
    return emit(sc, start, end, FAHRAS_TOKEN_ARABIC, flags, sc->key, key_len, stem_start, stem_end,
                sc->seg, sn);
}

/* Arabic word: letters, marks, tatweel and invisible controls.  Returns the
 * end offset; *status gets the emit result. */
static size_t scan_arabic(scan *sc, size_t i, unsigned flags, int *status)
{
    size_t start = i;
    int last_tatweel = 0;
    cpx c;
    norm_reset(sc);
    const fh_cpinfo *direct = sc->a->fold.direct;
    const unsigned char *in = sc->s;
    const size_t len = sc->len;
    while (i < len) {
        /* Fast path: a run of unchanged letters of U+0600-U+07FF (two bytes
         * each), with the counters in locals (stores through char pointers
         * would make the compiler reload fields of *sc every letter). */
        size_t nn = sc->norm_len, nl = sc->nletters;
        char *norm = sc->norm;
        uint16_t *letters = sc->letters;
        while (i + 1 < len && nn + 2 <= NORM_CAP && nl < FH_MORPH_MAX) {
            unsigned b0 = in[i], b1 = in[i + 1];
            if (b0 < 0xD8 || b0 > 0xDB || (b1 & 0xC0) != 0x80) break;
            uint32_t cp = ((b0 & 0x1Fu) << 6) | (b1 & 0x3Fu);
            const fh_cpinfo *e = &direct[cp];
            if (e->cls != FH_CL_AR_LETTER || e->len != FH_IDENTITY) break;
            norm[nn] = (char)b0;
            norm[nn + 1] = (char)b1;
            nn += 2;
            letters[nl++] = (uint16_t)cp;
            last_tatweel = 0;
            i += 2;
        }
        sc->norm_len = nn;
        sc->nletters = nl;
        if (i >= len) break;
        decode_at(sc, i, &c);
        if (!c.k) break;
        if (c.cls == FH_CL_AR_LETTER) {
            norm_put(sc, c.rep, c.rep_len);
            last_tatweel = 0;
            if (c.cp == AR_TEH_MARBUTA || c.cp == AR_ALEF_MAQSURA ||
                c.rep == (const char *)sc->s + i) {
                /* ة and ى are kept for the segmenter; unchanged letters as read */
                if (sc->nletters < FH_MORPH_MAX && c.cp <= 0xFFFF)
                    sc->letters[sc->nletters++] = (uint16_t)c.cp;
                else
                    sc->letters_overflow = 1;
            } else {
                /* the replacement may be several letters (ligatures) */
                size_t j = 0;
                while (j < c.rep_len) {
                    uint32_t lc;
                    size_t kk = fh_utf8_decode((const unsigned char *)c.rep + j, c.rep_len - j, &lc);
                    if (!kk) break;
                    j += kk;
                    if (lc == ' ') continue;
                    if (sc->nletters < FH_MORPH_MAX && lc <= 0xFFFF)
                        sc->letters[sc->nletters++] = (uint16_t)lc;
                    else
                        sc->letters_overflow = 1;
                }
            }
        } else if (c.cls == FH_CL_MARK || c.cls == FH_CL_IGNORE || c.cls == FH_CL_TATWEEL) {
            if (c.rep_len) {
                norm_put(sc, c.rep, c.rep_len);
                sc->letters_overflow = 1; /* kept marks: key the form as it is */
            }
            if (c.cls == FH_CL_TATWEEL) last_tatweel = 1;
        } else {
            break;
        }
        i += c.k;
    }
    *status = FAHRAS_OK;
    if (sc->nletters == 0 && sc->norm_len == 0) return i;
    if (sc->nletters <= 4 && !sc->letters_overflow) {
        /* لـ”قسد” : a clitic glued by a tatweel or a quote to what follows */
        int glued = last_tatweel;
        if (!glued && i < sc->len) {
            decode_at(sc, i, &c);
            glued = c.k && c.cls == FH_CL_SEP &&
                    (c.cp == '"' || c.cp == '\'' || c.cp == 0x201C || c.cp == 0x201D ||
                     c.cp == 0x00AB || c.cp == 0x00BB || c.cp == 0x2018 || c.cp == 0x2019);
        }
        if (glued && is_detached_clitic(sc->letters, sc->nletters)) return i;
    }
    *status = emit_arabic(sc, start, i, flags);
    return i;
}

/* Word in another script (Latin, Cyrillic, ...), digits allowed inside. */
static size_t scan_other(scan *sc, size_t i, unsigned flags, int *status)
{
    size_t start = i;
    cpx c;
    norm_reset(sc);
    while (i < sc->len) {
        decode_at(sc, i, &c);
        if (!c.k) break;
        if (c.cls == FH_CL_LETTER || c.cls == FH_CL_DIGIT || c.cls == FH_CL_MARK ||
            c.cls == FH_CL_IGNORE)
            norm_put(sc, c.rep, c.rep_len);
        else
            break;
        i += c.k;
    }
    *status = emit(sc, start, i, FAHRAS_TOKEN_WORD, flags, sc->norm, sc->norm_len, 0,
                   sc->norm_len, sc->norm, sc->norm_len);
    return i;
}

static int is_digit_at(scan *sc, size_t i)
{
    cpx c;
    if (i >= sc->len) return 0;
    decode_at(sc, i, &c);
    return c.k && c.cls == FH_CL_DIGIT;
}

/* Number: digits of any script, ٫ or '.' as decimal point between digits,
 * ٬ or ',' as thousands separator before exactly three digits, and an era
 * suffix م / هـ glued to it (2021م).  Key: ASCII digits. */
static size_t scan_number(scan *sc, size_t i, unsigned flags, int *status)
{
    size_t start = i, kn = 0;
    int seen_point = 0;
    cpx c;
    norm_reset(sc);
    while (i < sc->len) {
        decode_at(sc, i, &c);
        if (!c.k) break;
        if (c.cls == FH_CL_DIGIT) {
            norm_put(sc, c.rep, c.rep_len);
            if (kn + c.rep_len <= NORM_CAP) {
                memcpy(sc->key + kn, c.rep, c.rep_len);
                kn += c.rep_len;
            }
        } else if (c.cls == FH_CL_IGNORE) {
            norm_put(sc, c.rep, c.rep_len);
        } else if ((c.cp == AR_DECIMAL_SEPARATOR || c.cp == '.') && !seen_point &&
                   is_digit_at(sc, i + c.k)) {
            seen_point = 1;
            norm_put(sc, c.rep, c.rep_len);
            if (kn < NORM_CAP) sc->key[kn++] = '.';
        } else if ((c.cp == AR_THOUSANDS_SEPARATOR || c.cp == ',') && !seen_point) {
            /* thousands separator only before a group of exactly three digits */
            size_t j = i + c.k;
            int d = 0;
            cpx g;
            while (d < 4 && j < sc->len) {
                decode_at(sc, j, &g);
                if (!g.k || g.cls != FH_CL_DIGIT) break;
                d++;
                j += g.k;
            }
            if (d != 3) break;
            norm_put(sc, c.rep, c.rep_len);
        } else {
            break;
        }
        i += c.k;
    }
    /* What follows: a Latin letter makes it a word (5G, 3D); an era suffix
     * joins the number. */
    if (i < sc->len) {
        decode_at(sc, i, &c);
        if (c.k && c.cls == FH_CL_LETTER) return scan_other(sc, start, flags, status);
        if (c.k && c.cls == FH_CL_AR_LETTER && (c.cp == AR_MEEM || c.cp == AR_HEH)) {
            size_t j = i + c.k;
            cpx d;
            while (j < sc->len) { /* the suffix may carry tatweel or marks */
                decode_at(sc, j, &d);
                if (!d.k || (d.cls != FH_CL_TATWEEL && d.cls != FH_CL_MARK)) break;
                j += d.k;
            }
            int alone = 1;
            if (j < sc->len) {
                decode_at(sc, j, &d);
                alone = !(d.k && (d.cls == FH_CL_AR_LETTER || d.cls == FH_CL_LETTER ||
                                  d.cls == FH_CL_DIGIT));
            }
            if (alone) {
                for (size_t p = i; p < j;) {
                    decode_at(sc, p, &d);
                    norm_put(sc, d.rep, d.rep_len);
                    p += d.k;
                }
                i = j;
            }
        }
    }
    *status = emit(sc, start, i, FAHRAS_TOKEN_NUMBER, flags, sc->key, kn, 0, sc->norm_len,
                   sc->norm, sc->norm_len);
    return i;
}

static int ascii_lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static int starts_with_ci(const scan *sc, size_t i, const char *p)
{
    size_t n = strlen(p);
    if (sc->len - i < n) return 0;
    for (size_t k = 0; k < n; k++)
        if (ascii_lower(sc->s[i + k]) != p[k]) return 0;
    return 1;
}

static int is_url_stop(const cpx *c)
{
    if (!c->k || c->cls == FH_CL_SPACE) return 1;
    switch (c->cp) {
    case '"': case '<': case '>': case 0x00AB: case 0x00BB: case 0x201C: case 0x201D:
    case '`': case '{': case '}': case '|': case '\\': case '^':
        return 1;
    default:
        return c->cp < 0x20;
    }
}

static int is_trailing_punct(uint32_t cp)
{
    return cp == '.' || cp == ',' || cp == ';' || cp == ':' || cp == '!' || cp == '?' ||
           cp == ')' || cp == ']' || cp == '\'' || cp == AR_COMMA || cp == AR_SEMICOLON ||
           cp == AR_QUESTION_MARK || cp == AR_FULL_STOP;
}

/* Emit a token whose key is its whole normalized text (URL, e-mail,
 * mention, hashtag): norm = fold of input[start..end) with prefix. */
static int emit_whole(scan *sc, size_t start, size_t end, int type, unsigned flags)
{
    cpx c;
    norm_reset(sc);
    for (size_t i = start; i < end;) {
        decode_at(sc, i, &c);
        if (!c.k) break;
        if (c.cls != FH_CL_MARK && c.cls != FH_CL_TATWEEL && c.cls != FH_CL_IGNORE)
            norm_put(sc, c.rep, c.rep_len);
        else if (c.rep_len)
            norm_put(sc, c.rep, c.rep_len);
        i += c.k;
    }
    return emit(sc, start, end, type, flags, sc->norm, sc->norm_len, 0, sc->norm_len, sc->norm,
                sc->norm_len);
}

static size_t url_end(scan *sc, size_t i)
{
    cpx c;
    size_t end = i, last_good = i;
    int parens = 0;
    while (end < sc->len) {
        decode_at(sc, end, &c);
        if (is_url_stop(&c)) break;
        if (c.cp == '(') parens++;
        if (c.cp == ')') {
            if (parens == 0) break;
            parens--;
        }
        end += c.k;
        if (!is_trailing_punct(c.cp)) last_good = end;
    }
    return last_good;
}

static int is_email_local(unsigned char b)
{
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') ||
           b == '.' || b == '_' || b == '%' || b == '+' || b == '-';
}

static int is_domain_char(unsigned char b)
{
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-';
}

/* Returns the end of an e-mail address starting at i, or 0. */
static size_t email_end(scan *sc, size_t i)
{
    size_t j = i;
    while (j < sc->len && is_email_local(sc->s[j])) j++;
    if (j == i || j >= sc->len || sc->s[j] != '@') {
        sc->email_fail_until = j;
        return 0;
    }
    size_t d = j + 1, labels = 0, last_label_start = d, end = 0;
    while (d < sc->len) {
        size_t ls = d;
        while (d < sc->len && is_domain_char(sc->s[d])) d++;
        if (d == ls) break;
        labels++;
        last_label_start = ls;
        end = d;
        if (d < sc->len && sc->s[d] == '.' && d + 1 < sc->len && is_domain_char(sc->s[d + 1]))
            d++;
        else
            break;
    }
    if (labels < 2 || end - last_label_start < 2) {
        sc->email_fail_until = j;
        return 0;
    }
    return end;
}

static int scan_range(scan *sc, size_t lo, size_t hi, int in_tag);

/* #tag: the whole tag, then (hashtag_parts) its words split at '_'. */
static size_t scan_hashtag(scan *sc, size_t i, int *status)
{
    size_t start = i, j = i + 1;
    cpx c;
    int has_word = 0;
    while (j < sc->len) {
        decode_at(sc, j, &c);
        if (!c.k) break;
        if (is_wordish(c.cls) || c.cls == FH_CL_IGNORE) {
            if (c.cls != FH_CL_MARK && c.cls != FH_CL_TATWEEL && c.cls != FH_CL_IGNORE) has_word = 1;
        } else if (c.cp != '_') {
            break;
        }
        j += c.k;
    }
    if (!has_word) {
        *status = FAHRAS_OK;
        return i + 1;
    }
    *status = emit_whole(sc, start, j, FAHRAS_TOKEN_HASHTAG, 0);
    if (*status == FAHRAS_OK && sc->a->opts.hashtag_parts)
        *status = scan_range(sc, start + 1, j, 1);
    return j;
}

static size_t scan_mention(scan *sc, size_t i, int *status)
{
    size_t j = i + 1;
    cpx c;
    while (j < sc->len) {
        decode_at(sc, j, &c);
        if (!c.k) break;
        if (!(is_wordish(c.cls) || c.cp == '_' || c.cls == FH_CL_IGNORE)) break;
        j += c.k;
    }
    *status = emit_whole(sc, i, j, FAHRAS_TOKEN_MENTION, 0);
    return j;
}

/* Tokenize s[lo..hi).  in_tag: inside a hashtag ('_' separates, no
 * nested tags, URLs or e-mails).  Returns a fahras_status. */
static int scan_range(scan *sc, size_t lo, size_t hi, int in_tag)
{
    size_t saved_len = sc->len;
    size_t i = lo;
    int prev_word = 0;
    int rc = FAHRAS_OK;
    unsigned flags = in_tag ? FAHRAS_TOKEN_PART : 0;
    cpx c;
    sc->len = hi;
    while (i < hi && rc == FAHRAS_OK) {
        decode_at(sc, i, &c);
        if (!c.k) {
            if (sc->a->opts.utf8 != FAHRAS_UTF8_REPLACE) {
                rc = fh_set_error(sc->err, FAHRAS_ERR_UTF8, i, "invalid UTF-8 at byte %zu", i);
                break;
            }
            i++;
            prev_word = 0;
            continue;
        }
        if (!in_tag && !prev_word) {
            unsigned char b = sc->s[i];
            if (b == '#' && i + 1 < hi) {
                size_t j = scan_hashtag(sc, i, &rc);
                if (j > i + 1) { i = j; prev_word = 1; continue; }
            } else if (b == '@' && i + 1 < hi) {
                cpx n;
                decode_at(sc, i + 1, &n);
                if (n.k && (n.cls == FH_CL_LETTER || n.cls == FH_CL_AR_LETTER || n.cls == FH_CL_DIGIT)) {
                    i = scan_mention(sc, i, &rc);
                    prev_word = 1;
                    continue;
                }
            } else if ((b == 'h' || b == 'H' || b == 'w' || b == 'W') &&
                       (starts_with_ci(sc, i, "http://") || starts_with_ci(sc, i, "https://") ||
                        starts_with_ci(sc, i, "www."))) {
                size_t j = url_end(sc, i);
                if (j > i + 4) {
                    rc = emit_whole(sc, i, j, FAHRAS_TOKEN_URL, 0);
                    i = j;
                    prev_word = 1;
                    continue;
                }
            }
            if (b < 0x80 && is_email_local(b) && b != '.' && i >= sc->email_fail_until) {
                size_t j = email_end(sc, i);
                if (j) {
                    rc = emit_whole(sc, i, j, FAHRAS_TOKEN_EMAIL, 0);
                    i = j;
                    prev_word = 1;
                    continue;
                }
            }
        }
        switch (c.cls) {
        case FH_CL_AR_LETTER:
            i = scan_arabic(sc, i, flags, &rc);
            prev_word = 1;
            break;
        case FH_CL_LETTER:
            i = scan_other(sc, i, flags, &rc);
            prev_word = 1;
            break;
        case FH_CL_DIGIT:
            i = scan_number(sc, i, flags, &rc);
            prev_word = 1;
            break;
        case FH_CL_MARK: case FH_CL_TATWEEL: case FH_CL_IGNORE:
            /* stray marks or tatweel with no letter before them */
            i += c.k;
            break;
        default:
            i += c.k;
            prev_word = 0;
            break;
        }
    }
    sc->len = saved_len;
    return rc;
}

int fahras_analyze(const fahras_analyzer *a, const char *text, size_t len, fahras_token_fn fn,
                   void *ctx, fahras_error *err)
{
    if (!a || (!text && len) || !fn)
        return fh_set_error(err, FAHRAS_ERR_ARG, 0, "fahras_analyze: NULL argument");
    if (len > FAHRAS_MAX_INPUT)
        return fh_set_error(err, FAHRAS_ERR_LIMIT, 0, "input of %zu bytes exceeds the limit", len);
    scan st; /* about 1 KB of scratch: on the stack, no allocation per call */
    scan *sc = &st;
    sc->a = a;
    sc->s = (const unsigned char *)text;
    sc->len = len;
    sc->fn = fn;
    sc->ctx = ctx;
    sc->err = err;
    sc->pos = 0;
    sc->email_fail_until = 0;
    int rc = scan_range(sc, 0, len, 0);
    if (rc == FAHRAS_ERR_ABORTED)
        fh_set_error(err, rc, 0, "stopped by the token callback");
    return rc;
}

/* ------------------------------------------------------------------ */

typedef struct stem_ctx { char *out; size_t cap, n; } stem_ctx;

static int stem_cb(void *ctx, const fahras_token *t)
{
    stem_ctx *s = ctx;
    if (t->flags & FAHRAS_TOKEN_PART) return 0;
    if (s->n) {
        if (s->n + 1 < s->cap) s->out[s->n] = '+';
        s->n++;
    }
    if (s->n + t->key_len < s->cap) {
        memcpy(s->out + s->n, t->key, t->key_len);
    } else if (s->n + 1 < s->cap) {
        memcpy(s->out + s->n, t->key, s->cap - 1 - s->n); /* cut; the length says how much */
    }
    s->n += t->key_len;
    return 0;
}

int fahras_stem(const fahras_analyzer *a, const char *word, size_t len, char *out, size_t cap,
                size_t *out_len, fahras_error *err)
{
    if ((!out && cap) || !out_len)
        return fh_set_error(err, FAHRAS_ERR_ARG, 0, "fahras_stem: NULL argument");
    stem_ctx s = {out, cap, 0};
    int rc = fahras_analyze(a, word, len, stem_cb, &s, err);
    if (cap) out[s.n < cap ? s.n : cap - 1] = '\0';
    *out_len = s.n;
    return rc;
}
