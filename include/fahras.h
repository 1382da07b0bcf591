/*
 * fahras.h - the public API of the fahras Arabic analysis library.
 *
 * One engine: normalize -> tokenize (byte offsets into the original) ->
 * segment clitics / light-stem -> index keys.  Every adapter (CLI, SQLite
 * FTS5 tokenizer, PostgreSQL extension, HTTP server) goes through this
 * header only.
 *
 * Conventions
 *  - Functions return FAHRAS_OK (0) or a negative fahras_status; when the
 *    caller passes a fahras_error, it is filled with a message and, where it
 *    applies, the byte offset of the problem.  The library never prints and
 *    never aborts.
 *  - Handles are opaque; every *_new has a *_free that accepts NULL.
 *  - A fahras_analyzer is immutable after creation: it may be shared by any
 *    number of threads without locking.
 *  - Strings are UTF-8 with explicit lengths; input need not be
 *    NUL-terminated.
 */
#ifndef FAHRAS_H
#define FAHRAS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Symbols exported from the shared library. */
#if defined(__GNUC__) && defined(FAHRAS_BUILDING_SHARED)
#define FAHRAS_API __attribute__((visibility("default")))
#else
#define FAHRAS_API
#endif

#define FAHRAS_VERSION_MAJOR 0
#define FAHRAS_VERSION_MINOR 2
#define FAHRAS_VERSION_PATCH 0
#define FAHRAS_VERSION_STRING "0.2.0"

/** Library version string, e.g. "0.2.0".  Static storage; do not free. */
FAHRAS_API const char *fahras_version(void);

/** Version of the Unicode data the normalization tables were generated from. */
FAHRAS_API const char *fahras_unicode_version(void);

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

typedef enum fahras_status {
    FAHRAS_OK = 0,
    FAHRAS_ERR_NOMEM = -1,     /* allocation failed */
    FAHRAS_ERR_ARG = -2,       /* bad argument (NULL handle, bad length) */
    FAHRAS_ERR_UTF8 = -3,      /* invalid or truncated UTF-8 in input */
    FAHRAS_ERR_OPTION = -4,    /* unknown option or bad option value */
    FAHRAS_ERR_ABORTED = -5,   /* the token callback asked to stop */
    FAHRAS_ERR_LIMIT = -6,     /* input larger than FAHRAS_MAX_INPUT */
    FAHRAS_ERR_DATE = -7       /* not a date fahras_date_normalize can read */
} fahras_status;

/** Largest input accepted by one fahras_analyze / fahras_normalize call. */
#define FAHRAS_MAX_INPUT ((size_t)1 << 30)

/** Longest normalized token, in bytes; longer tokens are cut (at a
 *  character boundary) for their norm and key and flagged
 *  FAHRAS_TOKEN_TRUNCATED.  Their offsets still cover the whole token. */
#define FAHRAS_MAX_TOKEN_BYTES 256

/** Filled by failing calls when the caller passes one.  Caller-owned. */
typedef struct fahras_error {
    int code;          /* a fahras_status */
    size_t offset;     /* byte offset in the input where it applies, or 0 */
    char message[200]; /* NUL-terminated English description */
} fahras_error;

/** Static description of a status code.  Never NULL; do not free. */
FAHRAS_API const char *fahras_strerror(int code);

/* ------------------------------------------------------------------ */
/* Options                                                             */
/* ------------------------------------------------------------------ */

/* Normalization rules (bit flags).  Each can be switched off on its own.
 * FAHRAS_NORM_DEFAULT is the search profile: all of them.  The exact
 * code point mappings are in docs/normalization.md. */
enum {
    FAHRAS_NORM_DIACRITICS = 1u << 0,   /* harakat, shadda, sukun, U+0670, Quranic marks */
    FAHRAS_NORM_TATWEEL = 1u << 1,      /* U+0640 */
    FAHRAS_NORM_ALEF = 1u << 2,         /* أ إ آ ٱ ٲ ٳ -> ا */
    FAHRAS_NORM_ALEF_MAQSURA = 1u << 3, /* ى -> ي */
    FAHRAS_NORM_TEH_MARBUTA = 1u << 4,  /* ة -> ه */
    FAHRAS_NORM_HAMZA = 1u << 5,        /* ؤ ئ -> ء */
    FAHRAS_NORM_PERSIAN = 1u << 6,      /* ک -> ك, ی -> ي, ۀ -> ه, ڤ -> ف, پ -> ب, ... */
    FAHRAS_NORM_PRESENTATION = 1u << 7, /* U+FB50-U+FDFF, U+FE70-U+FEFF -> base letters (NFKC) */
    FAHRAS_NORM_DIGITS = 1u << 8,       /* Arabic-Indic and Extended digits -> 0-9 */
    FAHRAS_NORM_PUNCT = 1u << 9,        /* Arabic punctuation, quote styles -> ASCII */
    FAHRAS_NORM_CONTROLS = 1u << 10,    /* zero-width and bidi controls removed */
    FAHRAS_NORM_SPACES = 1u << 11,      /* no-break and other spaces -> ' ' */
    FAHRAS_NORM_LATIN_CASE = 1u << 12,  /* Unicode simple lower-casing */
    FAHRAS_NORM_ALL = (1u << 13) - 1,
    FAHRAS_NORM_DEFAULT = FAHRAS_NORM_ALL
};

/** How a word becomes its key. */
typedef enum fahras_stem_mode {
    FAHRAS_STEM_NONE = 0,   /* key = normalized form */
    FAHRAS_STEM_CLITICS = 1,/* key = normalized form without clitics */
    FAHRAS_STEM_LIGHT = 2   /* clitics and inflectional suffixes removed (default) */
} fahras_stem_mode;

/** What to do with invalid UTF-8 in the input. */
typedef enum fahras_utf8_mode {
    FAHRAS_UTF8_ERROR = 0,   /* fail with FAHRAS_ERR_UTF8 and the byte offset (default) */
    FAHRAS_UTF8_REPLACE = 1  /* treat each bad byte as a separator (U+FFFD in normalize) */
} fahras_utf8_mode;

/** Analyzer options.  Plain data; fill with fahras_options_default, then
 *  change fields or call fahras_options_set. */
typedef struct fahras_options {
    unsigned norm;          /* FAHRAS_NORM_* flags */
    int stem;               /* fahras_stem_mode */
    int utf8;               /* fahras_utf8_mode */
    int hashtag_parts;      /* 1: a #hash_tag also yields its words (default 1) */
} fahras_options;

/** Fill *opts with the default search profile (every option's default in
 *  the options table below). */
FAHRAS_API void fahras_options_default(fahras_options *opts);

/* The options table: every option every adapter takes as "name=value"
 * (CLI --options, FTS5 tokenizer arguments, PostgreSQL dictionary
 * options), with its values, default and help.  Setting, parsing,
 * describing and help texts all come from it. */

/** How an option's value is read and what it sets. */
typedef enum fahras_option_kind {
    FAHRAS_OPTION_ENUM = 1, /* one of its named values (stem, utf8) */
    FAHRAS_OPTION_BOOL = 2, /* on or off, stored as 1 or 0 (hashtag_parts) */
    FAHRAS_OPTION_RULE = 3, /* on or off: sets or clears its bits of norm (diacritics, ...) */
    FAHRAS_OPTION_BITS = 4  /* a named profile or 0xHEX: the whole of norm */
} fahras_option_kind;

/** The fahras_options field an option sets. */
typedef enum fahras_option_field {
    FAHRAS_FIELD_NORM = 1,
    FAHRAS_FIELD_STEM = 2,
    FAHRAS_FIELD_UTF8 = 3,
    FAHRAS_FIELD_HASHTAG_PARTS = 4
} fahras_option_field;

/* Option flags. */
enum {
    FAHRAS_OPTION_KEYS = 1u << 0 /* changes index keys: part of fahras_options_describe */
};

/** One accepted value of an option. */
typedef struct fahras_option_value {
    const char *name; /* "light", "on", "default" */
    unsigned value;   /* what it stores: FAHRAS_STEM_LIGHT, 1, FAHRAS_NORM_DEFAULT */
    int alias;        /* 1: also accepted ("yes", "1"), but not shown in help */
} fahras_option_value;

/** One analyzer option.  Static storage. */
typedef struct fahras_option_info {
    const char *name;                  /* "stem", "diacritics" */
    int kind;                          /* fahras_option_kind */
    int field;                         /* fahras_option_field */
    unsigned bits;                     /* RULE: its FAHRAS_NORM_* flag; otherwise 0 */
    unsigned flags;                    /* FAHRAS_OPTION_* */
    const fahras_option_value *values; /* the named values, nvalues of them (BITS also
                                          takes 0x followed by hex digits) */
    size_t nvalues;
    const char *default_value;         /* the name of the default value */
    const char *help;                  /* one line of English (UTF-8) */
} fahras_option_info;

/** Number of options in the table. */
FAHRAS_API size_t fahras_option_count(void);

/** Option i of the table (0 <= i < fahras_option_count()), in the order
 *  help lists them; NULL beyond.  Static storage. */
FAHRAS_API const fahras_option_info *fahras_option_at(size_t i);

/** The option called name, or NULL. */
FAHRAS_API const fahras_option_info *fahras_option_find(const char *name);

/**
 * Set one option by name, as the adapters receive them (see the table,
 * fahras_option_at):
 *   stem=none|clitics|light          how a word becomes its key
 *   norm=default|all|none|0xHEX      whole normalization profile
 *   diacritics|tatweel|alef|alef_maqsura|teh_marbuta|hamza|persian|
 *   presentation|digits|punct|controls|spaces|latin_case = on|off
 *   utf8=error|replace
 *   hashtag_parts=on|off
 * and "fahras", the version stamp fahras_options_describe writes, which
 * must be this library's.  Returns FAHRAS_OK, or FAHRAS_ERR_OPTION naming
 * the bad name or value (and the accepted values).
 */
FAHRAS_API int fahras_options_set(fahras_options *opts, const char *key, const char *value,
                       fahras_error *err);

/**
 * Parse a list "key=value,key=value" (commas or spaces) into *opts, on top
 * of what it holds.  An empty or NULL spec changes nothing.  Reads back
 * both fahras_options_describe and fahras_options_spec.  A version stamp
 * ("fahras=...") that is not this library's is an error, reported after
 * the rest of the list has been applied, so that *opts then holds the
 * described options (to say how to rebuild with them).
 */
FAHRAS_API int fahras_options_parse(fahras_options *opts, const char *spec, fahras_error *err);

/**
 * Write the canonical description of *opts (NULL: the defaults), which
 * stores record and compare ("fahras=0.2 stem=light norm=0x1fff
 * hashtag_parts=1": the version stamp, then every option that changes
 * keys) into buf (snprintf style: returns the length needed, excluding the
 * NUL; writes at most cap bytes including the NUL).  The stamp is
 * MAJOR.MINOR, or MAJOR.MINOR+FINGERPRINT from a build whose tables or
 * tuning constants are not those of its version.  Two analyzers give the
 * same keys iff their descriptions match.
 */
FAHRAS_API size_t fahras_options_describe(const fahras_options *opts, char *buf, size_t cap);

/**
 * Write the options spec that reproduces *opts from the defaults, as
 * --options takes it ("stem=light,diacritics=off,hashtag_parts=on"): stem
 * and hashtag_parts always, every other option that differs from its
 * default (normalization as single rules), in table order.  snprintf
 * style, as fahras_options_describe.  fahras_options_parse of it onto
 * fahras_options_default gives *opts back.
 */
FAHRAS_API size_t fahras_options_spec(const fahras_options *opts, char *buf, size_t cap);

/* ------------------------------------------------------------------ */
/* Analyzer                                                            */
/* ------------------------------------------------------------------ */

typedef struct fahras_analyzer fahras_analyzer;

/**
 * Create an analyzer from opts (NULL = defaults).
 * Returns NULL on failure and fills *err.  The caller owns the result and
 * releases it with fahras_analyzer_free.
 */
FAHRAS_API fahras_analyzer *fahras_analyzer_new(const fahras_options *opts, fahras_error *err);

/** Release an analyzer.  NULL is a no-op. */
FAHRAS_API void fahras_analyzer_free(fahras_analyzer *a);

/** The options the analyzer was built with.  Owned by the analyzer. */
FAHRAS_API const fahras_options *fahras_analyzer_options(const fahras_analyzer *a);

/* Token types. */
typedef enum fahras_token_type {
    FAHRAS_TOKEN_ARABIC = 1,  /* Arabic-script word */
    FAHRAS_TOKEN_WORD = 2,    /* word in another script (Latin, ...) */
    FAHRAS_TOKEN_NUMBER = 3,  /* 2021, ١٤, ١٬٠٠٠٫٥, 2021م */
    FAHRAS_TOKEN_HASHTAG = 4, /* #كلمة */
    FAHRAS_TOKEN_MENTION = 5, /* @name */
    FAHRAS_TOKEN_URL = 6,     /* http://..., www.... */
    FAHRAS_TOKEN_EMAIL = 7
} fahras_token_type;

/** Name of a token type: "arabic", "word", "number", "hashtag", "mention",
 *  "url", "email" ("other" for anything else).  Static storage. */
FAHRAS_API const char *fahras_token_type_name(int type);

/* Token flags. */
enum {
    FAHRAS_TOKEN_TRUNCATED = 1u << 0, /* norm/key cut at FAHRAS_MAX_TOKEN_BYTES */
    FAHRAS_TOKEN_PART = 1u << 1       /* a word inside a hashtag */
};

/**
 * One token, as passed to the callback.  All pointers are owned by the
 * analyzer call and valid only during the callback; copy what you keep.
 */
typedef struct fahras_token {
    size_t start, end;     /* byte range in the original input: input[start..end) */
    uint32_t position;     /* 0-based token position */
    int type;              /* fahras_token_type */
    unsigned flags;        /* FAHRAS_TOKEN_* */
    const char *norm;      /* normalized form (diacritics removed, letters folded) */
    size_t norm_len;
    const char *key;       /* index key (clitics and suffixes removed per options) */
    size_t key_len;
    /* Clitic segmentation of norm: norm[0..stem_start) are proclitics,
     * norm[stem_end..norm_len) enclitic pronoun; the segments are listed in
     * seg ("و+ال+تحالف"), NUL-terminated. */
    size_t stem_start, stem_end;
    const char *seg;
    size_t seg_len;
} fahras_token;

/** Token callback.  Return 0 to continue, non-zero to stop the analysis
 *  (fahras_analyze then returns FAHRAS_ERR_ABORTED). */
typedef int (*fahras_token_fn)(void *ctx, const fahras_token *tok);

/**
 * Tokenize and analyze text[0..len) and call fn for every token in order.
 * Offsets are into text.  Thread-safe: any number of concurrent calls may
 * share one analyzer.  Returns FAHRAS_OK, FAHRAS_ERR_UTF8 (utf8=error;
 * err->offset is the first bad byte; tokens before it were delivered),
 * FAHRAS_ERR_ABORTED, FAHRAS_ERR_NOMEM, FAHRAS_ERR_ARG or FAHRAS_ERR_LIMIT.
 */
FAHRAS_API int fahras_analyze(const fahras_analyzer *a, const char *text, size_t len,
                   fahras_token_fn fn, void *ctx, fahras_error *err);

/**
 * Normalize text[0..len) as a whole (what `fahras normalize` prints): the
 * enabled rules are applied, everything else (spaces, punctuation, line
 * breaks) is kept.  snprintf style: writes at most cap bytes including a
 * terminating NUL into out (out may be NULL when cap is 0) and returns the
 * number of bytes the full result needs (excluding the NUL) in *out_len.
 * Returns FAHRAS_OK or a negative status (FAHRAS_ERR_UTF8 with err->offset).
 */
FAHRAS_API int fahras_normalize(const fahras_analyzer *a, const char *text, size_t len,
                     char *out, size_t cap, size_t *out_len, fahras_error *err);

/**
 * Key of a single word (the first token of word[0..len)), written snprintf
 * style into out; *out_len receives the full key length.  A word that holds
 * several tokens gets their keys joined with '+'; no token gives "".
 */
FAHRAS_API int fahras_stem(const fahras_analyzer *a, const char *word, size_t len,
                char *out, size_t cap, size_t *out_len, fahras_error *err);

/* ------------------------------------------------------------------ */
/* Index terms                                                         */
/* ------------------------------------------------------------------ */

/** The marker that starts an exact-form index term: "=والتحالف" is the
 *  normalized form of a word whose key (تحالف) differs from it.  A quoted
 *  phrase asks for these, a bare word for keys. */
#define FAHRAS_EXACT_MARK '='

/** What every store indexes for one token. */
typedef struct fahras_terms {
    const char *key;   /* the key, or the normalized form when the key is empty */
    size_t key_len;    /* 0: the token has no term (nothing to index) */
    const char *exact; /* FAHRAS_EXACT_MARK + normalized form when that differs */
    size_t exact_len;  /* from the key; NULL and 0 otherwise */
} fahras_terms;

/** Longest exact-form term, with its marker. */
#define FAHRAS_MAX_TERM_BYTES (FAHRAS_MAX_TOKEN_BYTES + 1)

/**
 * The index terms of tok.  key points into the token (valid during its
 * callback); exact is written into buf, which needs FAHRAS_MAX_TERM_BYTES
 * bytes.  Returns the number of terms (0, 1 or 2), or FAHRAS_ERR_ARG for a
 * NULL argument or a smaller buffer.
 */
FAHRAS_API int fahras_token_terms(const fahras_token *tok, char *buf, size_t cap,
                                  fahras_terms *out);

/**
 * Whether key (an index key, as fahras_token_terms gives it) is a function
 * word: a preposition, conjunction, particle, pronoun or demonstrative
 * (في, على, من, الذي, هذا ...).  The highlighter leaves these unmarked
 * unless they are in a phrase or the query holds nothing else.
 */
FAHRAS_API int fahras_is_function_word(const char *key, size_t len);

/* ------------------------------------------------------------------ */
/* Spans: entities, dates, numbers and counts found in text             */
/* ------------------------------------------------------------------ */

typedef enum fahras_span_type {
    FAHRAS_SPAN_PER = 1,     /* a person */
    FAHRAS_SPAN_ORG = 2,     /* an organisation */
    FAHRAS_SPAN_LOC = 3,     /* a place */
    FAHRAS_SPAN_MISC = 4,    /* another named entity */
    FAHRAS_SPAN_DATE = 5,    /* a date or a date range */
    FAHRAS_SPAN_NUMBER = 6,  /* a number (digits or words), a percentage */
    FAHRAS_SPAN_ORDINAL = 7, /* الثالث, 3rd */
    FAHRAS_SPAN_COUNT = 8    /* a number with the noun it counts: 500 عنصر */
} fahras_span_type;

/** "PER", "ORG", "LOC", "MISC", "DATE", "NUMBER", "ORDINAL", "COUNT"
 *  ("OTHER" for anything else).  Static storage. */
FAHRAS_API const char *fahras_span_type_name(int type);

/** Precision of a DATE span's value. */
typedef enum fahras_precision {
    FAHRAS_PREC_NONE = 0,
    FAHRAS_PREC_YEAR = 1,  /* "2021" */
    FAHRAS_PREC_MONTH = 2, /* "2021-04" */
    FAHRAS_PREC_DAY = 3    /* "2021-04-14" */
} fahras_precision;

/**
 * One span, as passed to a span callback.  Pointers are owned by the call
 * and valid only during the callback; copy what you keep.  Strings are
 * UTF-8 with explicit lengths; an absent one is "" with length 0.
 */
typedef struct fahras_span {
    int type;            /* fahras_span_type */
    size_t start, end;   /* byte range in the original text: text[start..end) */
    const char *key;     /* canonical key: one per entity however written (قسد, لـ"قسد"
                            and «قسد» share it); COUNT: the key of the counted noun */
    size_t key_len;
    const char *value;   /* normalized value: DATE "2021-04-14", "2021-04", "2021",
                            "start/end" (ISO 8601 interval, both ends inclusive) or
                            "AH1436-09" where no single Gregorian value exists;
                            NUMBER, ORDINAL, COUNT: a decimal string ("1500000", "0.5") */
    size_t value_len;
    const char *unit;    /* COUNT: the counted noun as written; NUMBER: "%" for a
                            percentage */
    size_t unit_len;
    const char *hijri;   /* DATE read from a Hijri date: "1436-10-25" */
    size_t hijri_len;
    int precision;       /* DATE: fahras_precision of value (of its start for a range) */
} fahras_span;

/** Span callback.  Return 0 to continue, non-zero to stop (the call then
 *  returns FAHRAS_ERR_ABORTED). */
typedef int (*fahras_span_fn)(void *ctx, const fahras_span *span);

/* ------------------------------------------------------------------ */
/* Named entities                                                       */
/* ------------------------------------------------------------------ */

/**
 * A named-entity tagger: people (PER), organisations (ORG), places (LOC)
 * and other names (MISC), found by a linear-chain CRF sequence model
 * (models/ner/, CC BY-SA 4.0: see NOTICE) over the analyzer's tokens.
 * Immutable after creation: any number of threads may call fahras_tag on
 * one tagger at once.
 */
typedef struct fahras_tagger fahras_tagger;

/**
 * Create a tagger.  It analyzes text with the options its model was
 * trained with (the default profile); from an (NULL = defaults) it takes
 * the utf8 mode and, when an stems as that profile does, a share of an's
 * immutable tables of frequent words (counted: an may be freed before or
 * after the tagger; no copy is built).  Returns NULL and fills *err on
 * failure.  The caller owns the result (fahras_tagger_free).  Creation
 * builds lookup tables (a few MB) and takes some milliseconds: create
 * once, share.
 */
FAHRAS_API fahras_tagger *fahras_tagger_new(const fahras_analyzer *an, fahras_error *err);

/** Release a tagger.  NULL is a no-op. */
FAHRAS_API void fahras_tagger_free(fahras_tagger *t);

/**
 * Find the named entities of text[0..len) (one article: acronyms defined
 * in it, as in "قوات سوريا الديمقراطية (قسد)", apply to the whole text)
 * and call fn for each, in text order, with type FAHRAS_SPAN_PER, _ORG,
 * _LOC or _MISC, the byte range of its words in text (clitics glued to
 * them included) and its canonical key (see fahras_entity_key); value,
 * unit and hijri are "".  Returns FAHRAS_OK, FAHRAS_ERR_UTF8 (utf8=error:
 * err->offset is the first bad byte, and no span is reported),
 * FAHRAS_ERR_ABORTED (fn returned non-zero), FAHRAS_ERR_NOMEM,
 * FAHRAS_ERR_ARG or FAHRAS_ERR_LIMIT.  Memory grows with the number of
 * entities, not with the length of the text.
 */
FAHRAS_API int fahras_tag(const fahras_tagger *t, const char *text, size_t len, fahras_span_fn fn,
                          void *ctx, fahras_error *err);

/**
 * Whether the tokens analyzer an gives are the ones the tagger reads (its
 * options are the tagger's profile): then fahras_tag_tokens can take them.
 */
FAHRAS_API int fahras_tagger_reads(const fahras_tagger *t, const fahras_analyzer *an);

/**
 * fahras_tag over tokens already analyzed: toks[0..ntoks) are every token
 * fahras_analyze gives for text[0..len), in order, from an analyzer
 * fahras_tagger_reads accepts (an indexer that has analyzed the text need
 * not analyze it again).  The spans are those fahras_tag gives.  The
 * caller has checked text's UTF-8 as the analyzer would.  Returns as
 * fahras_tag; FAHRAS_ERR_ARG for a token outside text.
 */
FAHRAS_API int fahras_tag_tokens(const fahras_tagger *t, const char *text, size_t len,
                                 const fahras_token *toks, size_t ntoks, fahras_span_fn fn,
                                 void *ctx, fahras_error *err);

/**
 * A tagger's memory of the words it has read, kept from one text to the
 * next: what the tagger works out for a word (its corpus evidence, its
 * features' weights) is worked out once, not at every occurrence, which
 * makes tagging many texts cheaper.  Holds up to some 40 MB.
 * Belongs to one caller at a time (one a thread); works with any tagger
 * (a memo used with another tagger forgets what it held).  Returns NULL
 * and fills *err when out of memory.
 */
typedef struct fahras_tag_memo fahras_tag_memo;
FAHRAS_API fahras_tag_memo *fahras_tag_memo_new(fahras_error *err);

/** Release a memo.  NULL is a no-op. */
FAHRAS_API void fahras_tag_memo_free(fahras_tag_memo *m);

/**
 * fahras_tag_tokens reading the words through memo (NULL: none).  The
 * spans are exactly those of fahras_tag_tokens.
 */
FAHRAS_API int fahras_tag_tokens_memo(const fahras_tagger *t, fahras_tag_memo *memo, const char *text,
                                      size_t len, const fahras_token *toks, size_t ntoks,
                                      fahras_span_fn fn, void *ctx, fahras_error *err);

/**
 * fahras_tag reading the words through memo (NULL: none), which also
 * keeps the tagger's workspace from one text to the next.  The spans are
 * exactly those of fahras_tag.
 */
FAHRAS_API int fahras_tag_text_memo(const fahras_tagger *t, fahras_tag_memo *memo, const char *text,
                                    size_t len, fahras_span_fn fn, void *ctx, fahras_error *err);

/**
 * The canonical key of a name of the given type (FAHRAS_SPAN_PER ..
 * _MISC) as a user types it ("قسد", "مدينة الرقة", "الولايات المتحدة
 * الأمريكية"), as fahras_tag would give it outside any text: each word's
 * normalized form without proclitics other than the article, joined by
 * one space; a leading descriptor (تنظيم, حركة, جماعة, مدينة, بلدة, قرية,
 * محافظة, ولاية, ريف; قوات before a word with the article) dropped from an
 * ORG or LOC name of two words or more; then the alias table.  Written
 * snprintf style into out; *out_len receives the full length.
 */
FAHRAS_API int fahras_entity_key(const fahras_tagger *t, int type, const char *name, size_t len,
                                 char *out, size_t cap, size_t *out_len, fahras_error *err);

/**
 * The end of the dateline text[0..len) begins with, as a byte offset into
 * text, or 0 when it begins with none: where and by whom a news article
 * was filed, "دبي، الإمارات العربية المتحدة (CNN) --", "(CNN)--", "القاهرة
 * (رويترز) -" (a place of no, one or two words, or of more with a comma,
 * the agency in brackets, a dash).  Its names are the filing's, not what
 * the article is about: a store's entity rows, which its facets and entity
 * filters read, leave them out, while fahras_tag still finds them.
 */
FAHRAS_API size_t fahras_dateline_end(const char *text, size_t len);

/** Description of the entity model the library carries ("ner-1 ...": its
 *  training data and settings).  Static storage. */
FAHRAS_API const char *fahras_tagger_model(void);

/** Room for a tagger stamp, NUL included. */
#define FAHRAS_TAGGER_STAMP_MAX 32

/**
 * The stamp of the entity model, word clusters, entity words and alias
 * table this library carries, and of the word list and grammars of dates,
 * numbers and counts ("ner-1+1a2b3c4d"): two libraries with one stamp
 * find the same spans with the same keys and values; stores record the stamps
 * their documents were tagged with.  Writes it snprintf style into buf
 * (FAHRAS_TAGGER_STAMP_MAX is enough) and returns its length.  Reads
 * about a megabyte of tables: call it once, not per text.
 */
FAHRAS_API size_t fahras_tagger_stamp(char *buf, size_t cap);

/**
 * Find the dates, numbers, ordinals and counts of text[0..len) and call fn
 * for each span (types DATE, NUMBER, ORDINAL, COUNT), in order of start;
 * spans do not overlap.  Offsets are bytes into text.
 *
 * an: the analyzer whose tokens are read (any options: the words are
 * matched with the default folding).  ref_date: the date relative
 * expressions (أمس, الشهر الماضي, آذار الماضي, يوم الأربعاء) are resolved
 * against, in any form fahras_date_normalize reads (an article's date with
 * its time is fine); NULL: the latest explicit date of the text.  A date
 * that needs a reference when there is none has value "" and precision
 * FAHRAS_PREC_NONE.
 *
 * Values (see fahras_span): dates "2021-04-14", "2021-04", "2021", ranges
 * "start/end" (a part of a year, الربع الأول من 2021, is the range of its
 * months "2021-01/2021-03"); a Hijri date also in hijri ("1442-09-02"), its value the
 * Gregorian day by the Umm al-Qura calendar (Hijri years 1300-1600), or
 * "AH1442-09" / "AH1442" for a month / year (and for a day outside those
 * years).  Numbers are decimal strings with scale words applied ("1500000";
 * a third to 6 decimals); a percentage has unit "%".  A COUNT's unit is the
 * counted noun as written and its key the noun's key.  The first end of a
 * range or of a choice counts what the other end counts (بين 14 و18 سنة:
 * 14 سنة; 3 أو 4 أيام: 3 أيام; بين 8 و11 في المائة: 8 %).
 *
 * Thread-safe.  Returns FAHRAS_OK, FAHRAS_ERR_ARG (NULL argument, or a
 * ref_date that is not a date), FAHRAS_ERR_UTF8 (utf8=error: no span is
 * delivered; err->offset is the bad byte), FAHRAS_ERR_ABORTED (fn returned
 * non-zero), FAHRAS_ERR_NOMEM or FAHRAS_ERR_LIMIT.
 */
FAHRAS_API int fahras_find_values(const fahras_analyzer *an, const char *text, size_t len,
                                  const char *ref_date, fahras_span_fn fn, void *ctx,
                                  fahras_error *err);

/**
 * fahras_find_values over tokens already analyzed: toks[0..ntoks) are
 * every token fahras_analyze(an) gives for text[0..len), in order (an
 * indexer that has analyzed the text need not analyze it again).  The
 * spans are those fahras_find_values gives.  Returns as it;
 * FAHRAS_ERR_ARG for a token outside text.
 */
FAHRAS_API int fahras_find_values_tokens(const fahras_analyzer *an, const char *text, size_t len,
                                         const fahras_token *toks, size_t ntoks,
                                         const char *ref_date, fahras_span_fn fn, void *ctx,
                                         fahras_error *err);

/** Room fahras_date_normalize needs for its output, with the NUL. */
#define FAHRAS_DATE_MAX 24

/** fahras_date_normalize flags. */
enum {
    FAHRAS_DATE_STRICT = 1u << 0 /* only YYYY, YYYY-MM, YYYY-MM-DD (query filters) */
};

/**
 * Read the date of an article field, text[0..len), and write it as ISO
 * 8601 into out (cap >= FAHRAS_DATE_MAX): "YYYY-MM-DDTHH:MM:SS" when a time
 * is given, else "YYYY-MM-DD", "YYYY-MM" or "YYYY"; *precision (may be
 * NULL) receives its fahras_precision.
 *
 * Read (leading and trailing space ignored, either digit system):
 *   ISO 8601: 2021-04-14, 2021-04, 2021, 2021-04-14T10:00:00+03:00,
 *     2021-04-14 10:00, 20210414, 2017-01-22T185600
 *   14/04/2021, 14-4-2021, 14.04.2021 (day first), 2021/04/14
 *   RFC 2822 and English: Tue, 14 Apr 2021 10:00:00 +0300, 14 April 2021,
 *     April 14, 2021
 *   Arabic: الأربعاء 14 أبريل/نيسان 2021م, ١٤ جانفي ٢٠٢١, 2 رمضان 1442 هـ
 *     (converted by the Umm al-Qura calendar), نيسان 2021
 * A time zone is checked and dropped: the clock time as written is kept.
 * Dates are checked against the calendar (2021-02-31 and 2021-02-29 are
 * refused).  With FAHRAS_DATE_STRICT only YYYY, YYYY-MM and YYYY-MM-DD.
 *
 * Returns FAHRAS_OK, FAHRAS_ERR_DATE (err says why), FAHRAS_ERR_ARG (NULL
 * text or out, cap too small) or FAHRAS_ERR_UTF8.  Thread-safe.
 */
FAHRAS_API int fahras_date_normalize(const char *text, size_t len, unsigned flags, char *out,
                                     size_t cap, int *precision, fahras_error *err);

/**
 * Check that text[0..len) is valid UTF-8.  Returns FAHRAS_OK or
 * FAHRAS_ERR_UTF8 with *bad_offset set to the first bad byte.
 */
FAHRAS_API int fahras_utf8_check(const char *text, size_t len, size_t *bad_offset);

#ifdef __cplusplus
}
#endif
#endif /* FAHRAS_H */
