/*
 * ner_corpus.c - tags the news corpora with the current entity model and
 * learns tables from what it finds (articles as tools/ner/news_text.py
 * writes them):
 *
 *  --entity-words FILE  how often each word (the tagger's token key) is
 *      part of an entity of each type: a gazetteer learned from the
 *      corpus, used as a feature by the next model
 *      (models/ner/ner_entity_words.c);
 *  --aliases FILE  the alias table (models/ner/ner_aliases.c):
 *      - acronym groups: "long name (ACRONYM)" and "ACRONYM (long name)"
 *        pairs found in at least --min-docs articles, when that long name
 *        is what the acronym stands for in most of its pairs, both are of
 *        one type and the acronym's first letter starts a word of the
 *        name, or the pair is found in five articles and a tenth of the
 *        rarer name's places (أوبك, الناتو: bracketed_often); every name
 *        of a group maps to the member found most often on its own (of
 *        three letters or more);
 *      - a name written with one extra word at one end ("X Y" next to "X"),
 *        when one word (its spellings counted together, their g too:
 *        أنغيلا, أنجيلا) is at least
 *        --dominance of all the words seen there (a word of three letters
 *        or more), both forms are frequent
 *        and of one type: the less frequent form maps to the other
 *        (الولايات المتحدة الأمريكية -> الولايات المتحدة, but not كوريا
 *        الشمالية -> كوريا: الجنوبية is seen there too); for a person only
 *        a given name before the surname, and the surname maps to the
 *        whole name (ترامب -> دونالد ترامب: a surname alone may be anyone of
 *        the family, so one given name must be most of those seen before
 *        it; person_link has the other conditions);
 *      - the same with two extra words at one end, or one word that is
 *        at least 0.75 of those seen there but short of --dominance, when
 *        the words around the two names are alike (the cosine of
 *        spelling_pairs) and each added word is mostly found outside names
 *        (مجلس الأمن الدولي -> مجلس الأمن, المملكة العربية السعودية ->
 *        السعودية; not إنتر ميلان -> ميلان); a place's nationality and one
 *        more word after it need no likeness (الإمارات العربية المتحدة ->
 *        الإمارات, whose words around it are mostly a dateline's);
 *      - a person's surname and the whole name of two given names or more
 *        that is at least --dominance of the names ending in it
 *        (أردوغان -> رجب طيب أردوغان: person_suffix_pairs);
 *      - an organisation or a thing (MISC) of one word written with and
 *        without the article, both frequent and of that type in 90% of
 *        their places: the rarer maps to the other (فيفا -> الفيفا,
 *        الدولار -> دولار: article_pairs);
 *      - a name of two words or more spelled two ways, one word one edit
 *        of transliteration apart, or with and without a space between
 *        two words (عبد الفتاح, بيونغ يانغ): both join one group as an acronym's names do (دونالد ترمب ->
 *        دونالد ترامب: spelling_pairs); names of one word by the g, or by
 *        another of those edits when the words around them in the news
 *        are alike (تشلسي -> تشيلسي, not المنيا -> المانيا); a Latin
 *        acronym and the Arabic names of its letters (سي ان ان -> cnn:
 *        spelled_acronyms).
 *      One hop only, so names never chain.
 *  --whole-words FILE  the first words of names that keep a letter the
 *      analyzer reads as a proclitic (models/ner/ner_whole_words.c:
 *      لوكاس, بوروسيا, كوفي): written so as a name's first word more often
 *      than the stem alone (write_whole_words).  The keys the aliases are
 *      learned from read this table, so it is learned first.
 * Keys are read with fahras_entity_key on each span's text, so the alias
 * table compiled into the library while this runs must be empty
 * (tools/ner/build_model.sh sees to it).
 *
 * Usage: ner_corpus [--entity-words FILE] [--aliases FILE] [--min-docs N]
 *                   [--dominance F] [--whole-words FILE] NEWS.txt
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fahras.h"
#include "internal.h"
#include "ner.h"
#include "spelling.h"

static void die(const char *m)
{
    fprintf(stderr, "ner_corpus: %s\n", m);
    exit(1);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) die("out of memory");
    return p;
}

#include "intern.h"

/* per-name statistics, indexed by intern id */
typedef struct name_stat {
    uint32_t type_n[5];  /* spans of each type */
    uint32_t alone;      /* spans with exactly this key */
    uint32_t starts;     /* spans of people (write_aliases) whose name begins with this word */
} name_stat;

/* a name's extension: the words written at one end of it, as a longer name */
enum { EXT_BEFORE, EXT_AFTER, EXT_TWO_BEFORE, EXT_TWO_AFTER };
typedef struct ext_stat { uint32_t name, side, word, n; } ext_stat;
typedef struct pair_stat { uint32_t lng, acr; } pair_stat;

typedef struct state {
    const fahras_tagger *tg;
    const fh_ner_res *res;
    intern names;      /* span keys */
    name_stat *ns;
    size_t ns_cap;
    intern words;      /* token keys */
    uint32_t (*wtype)[5]; /* per token key: tokens inside an entity of each type; [0] = all */
    size_t wt_cap;
    ext_stat *ext;
    size_t next, ext_cap;
    pair_stat *pairs;
    size_t npairs, pairs_cap;
    int want_names;    /* --names: whole names of 2-6 words */
    int want_whole;    /* --whole-words: the first words of names */
    int want_forms;    /* --aliases: how often each word form is inside a name */
    intern forms;      /* word forms (fh_ner_tok.word): all occurrences */
    uint32_t *form_in; /* per form: occurrences inside a name */
    size_t fi_cap;
    intern written;    /* names' first words read with a proclitic (no article), as written */
    intern bare;       /* names' first words read with none */
    intern leads;      /* of the former, the proclitic's last letter and the stem */
    intern lnames;     /* entity word forms of a name's tokens joined by ' ' */
    uint32_t (*ltype)[6]; /* per name: spans of each type; [5] = all occurrences */
    size_t lt_cap;
    uint64_t *ctx;     /* --aliases: (name id << 32) | word id, a word around a name */
    size_t nctx, ctx_cap;
    uint32_t *sent_ids; /* the current sentence's word ids */
    size_t sid_cap;
    /* the current article */
    const char *doc;
    fahras_span *spans;
    char **keys;
    size_t nsp, sp_cap;
} state;

static uint32_t name_id(state *st, const char *s, size_t n)
{
    uint32_t id = intern_id(&st->names, s, n);
    if (st->names.n > st->ns_cap) {
        st->ns_cap = st->names.n * 2;
        st->ns = realloc(st->ns, st->ns_cap * sizeof *st->ns);
        if (!st->ns) die("out of memory");
    }
    if (id == st->names.n - 1 && st->names.count[id] == 1) memset(&st->ns[id], 0, sizeof st->ns[id]);
    return id;
}

static int on_span(void *ctx, const fahras_span *sp)
{
    state *st = ctx;
    if (st->nsp == st->sp_cap) {
        st->sp_cap = st->sp_cap ? 2 * st->sp_cap : 256;
        st->spans = realloc(st->spans, st->sp_cap * sizeof *st->spans);
        st->keys = realloc(st->keys, st->sp_cap * sizeof *st->keys);
        if (!st->spans || !st->keys) die("out of memory");
    }
    st->spans[st->nsp] = *sp;
    char key[1024];
    size_t kl;
    fahras_entity_key(st->tg, sp->type, st->doc + sp->start, sp->end - sp->start, key, sizeof key, &kl, NULL);
    if (kl >= sizeof key) kl = sizeof key - 1;
    st->keys[st->nsp] = xmalloc(kl + 1);
    memcpy(st->keys[st->nsp], key, kl);
    st->keys[st->nsp][kl] = '\0';
    st->nsp++;
    return 0;
}

/* token keys: overall and inside spans */
typedef struct tok_ctx { state *st; size_t sp, sp2, sp3, sp4; } tok_ctx;

/* the words of toks[a..b) joined by ' ' into buf (0: too long) */
static size_t join_words(const fh_ner_tok *toks, size_t a, size_t b, char *buf, size_t cap)
{
    size_t n = 0;
    for (size_t i = a; i < b; i++) {
        if (n + toks[i].word_len + 1 >= cap) return 0;
        if (i > a) buf[n++] = ' ';
        memcpy(buf + n, toks[i].word, toks[i].word_len);
        n += toks[i].word_len;
    }
    return n;
}

/* rows (of *cap rows of size bytes) with room for n (twice n when it
 * grows), the new ones zeroed: the counts kept beside an intern table, one
 * row an id. */
static void *grow_rows(void *rows, size_t *cap, size_t n, size_t size)
{
    if (n <= *cap) return rows;
    size_t old = *cap;
    *cap = n * 2;
    char *p = realloc(rows, *cap * size);
    if (!p) die("out of memory");
    memset(p + old * size, 0, (*cap - old) * size);
    return p;
}

static uint32_t lname_id(state *st, const char *s, size_t n)
{
    uint32_t id = intern_id(&st->lnames, s, n);
    st->ltype = grow_rows(st->ltype, &st->lt_cap, st->lnames.n, sizeof *st->ltype);
    return id;
}

/* the id of an interned name, or UINT32_MAX */
static uint32_t intern_find(const intern *t, const char *s, size_t n)
{
    if (!t->slots) return UINT32_MAX;
    for (size_t h = fh_ner_hash(1, s, n) & t->mask;; h = (h + 1) & t->mask) {
        uint32_t v = t->slots[h];
        if (!v) return UINT32_MAX;
        if (t->len[v - 1] == n && !memcmp(t->pool + t->off[v - 1], s, n)) return v - 1;
    }
}

/* the tagged names of 2-6 words of a sentence, by their words */
static void sentence_names(tok_ctx *tc, const fh_ner_tok *toks, size_t n)
{
    state *st = tc->st;
    for (size_t i = 0; i < n; i++) {
        while (tc->sp2 < st->nsp && st->spans[tc->sp2].end <= toks[i].start) tc->sp2++;
        if (tc->sp2 >= st->nsp || st->spans[tc->sp2].start != toks[i].start) continue;
        size_t j = i + 1;
        while (j < n && toks[j].start < st->spans[tc->sp2].end) j++;
        if (j - i < 2 || j - i > FH_NER_LNAME_MAX) continue;
        char buf[250];
        size_t len = join_words(toks, i, j, buf, sizeof buf);
        if (!len) continue;
        uint32_t id = lname_id(st, buf, len); /* may move ltype */
        st->ltype[id][st->spans[tc->sp2].type]++;
    }
}

/* every occurrence of a tagged name's words, tagged or not */
static int count_names(void *ctx, fh_ner_tok *toks, size_t n)
{
    state *st = ctx;
    char buf[250];
    for (size_t i = 0; i + 1 < n; i++)
        for (size_t j = i + 2; j <= n && j - i <= FH_NER_LNAME_MAX; j++) {
            size_t len = join_words(toks, i, j, buf, sizeof buf);
            if (!len) break;
            uint32_t id = intern_find(&st->lnames, buf, len);
            if (id != UINT32_MAX) st->ltype[id][5]++;
        }
    return 0;
}

/* The first word of each tagged name without the article, as written
 * (لوكاس, ولوكاس, وأحمد) when the analyzer read a proclitic off, with
 * that proclitic's last letter and the stem (لوكاس from both: ل + وكاس
 * and و + ل + وكاس), or read without one (أحمد): write_whole_words weighs
 * how often the news writes the one against the stem alone. */
static void first_words(tok_ctx *tc, const fh_ner_tok *toks, size_t n)
{
    state *st = tc->st;
    for (size_t i = 0; i < n; i++) {
        while (tc->sp3 < st->nsp && st->spans[tc->sp3].end <= toks[i].start) tc->sp3++;
        if (tc->sp3 >= st->nsp || st->spans[tc->sp3].start != toks[i].start) continue;
        const fh_ner_tok *t = &toks[i];
        if (t->has_al) continue;
        char buf[FH_NER_STR + 8];
        if (t->lead_len) {
            memcpy(buf, t->lead, t->lead_len);
            memcpy(buf + t->lead_len, t->stem, t->stem_len);
            intern_id(&st->written, buf, t->lead_len + t->stem_len);
            size_t k, wn = fh_ner_whole_form(t, buf, sizeof buf, &k);
            if (wn) intern_id(&st->leads, buf, wn);
        } else {
            intern_id(&st->bare, t->word, t->word_len);
        }
    }
}

static void note_form(state *st, const fh_ner_tok *t, int inside)
{
    uint32_t id = intern_id(&st->forms, t->word, t->word_len);
    st->form_in = grow_rows(st->form_in, &st->fi_cap, st->forms.n, sizeof *st->form_in);
    st->form_in[id] += inside;
}

/* The words within CONTEXT_WIDTH of each name, before and after it, by
 * their keys: what spelling_pairs compares two spellings of a word by, and
 * write_aliases a name and its longer form. */
enum { CONTEXT_WIDTH = 3 };

static void name_contexts(tok_ctx *tc, const fh_ner_tok *toks, size_t n)
{
    state *st = tc->st;
    for (size_t i = 0; i < n; i++) {
        while (tc->sp4 < st->nsp && st->spans[tc->sp4].end <= toks[i].start) tc->sp4++;
        if (tc->sp4 >= st->nsp || st->spans[tc->sp4].start != toks[i].start) continue;
        size_t end = i + 1; /* the token after the name */
        while (end < n && toks[end].start < st->spans[tc->sp4].end) end++;
        const char *k = st->keys[tc->sp4];
        uint32_t name = name_id(st, k, strlen(k));
        size_t lo = i > CONTEXT_WIDTH ? i - CONTEXT_WIDTH : 0, hi = end + CONTEXT_WIDTH < n ? end + CONTEXT_WIDTH : n;
        for (size_t j = lo; j < hi; j++) {
            if (j >= i && j < end) continue;
            if (st->nctx == st->ctx_cap) {
                st->ctx_cap = st->ctx_cap ? 2 * st->ctx_cap : 1 << 20;
                st->ctx = realloc(st->ctx, st->ctx_cap * sizeof *st->ctx);
                if (!st->ctx) die("out of memory");
            }
            st->ctx[st->nctx++] = (uint64_t)name << 32 | st->sent_ids[j];
        }
    }
}

/* The id of a token key, or of the words at a name's end, in the word
 * table, with its row of counts. */
static uint32_t word_id(state *st, const char *w, size_t n)
{
    uint32_t id = intern_id(&st->words, w, n);
    st->wtype = grow_rows(st->wtype, &st->wt_cap, st->words.n, sizeof *st->wtype);
    return id;
}

static int on_sentence(void *ctx, fh_ner_tok *toks, size_t n)
{
    tok_ctx *tc = ctx;
    state *st = tc->st;
    if (n > st->sid_cap) {
        st->sid_cap = 2 * n;
        st->sent_ids = realloc(st->sent_ids, st->sid_cap * sizeof *st->sent_ids);
        if (!st->sent_ids) die("out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t id = word_id(st, toks[i].key, toks[i].key_len);
        st->sent_ids[i] = id;
        st->wtype[id][0]++;
        while (tc->sp < st->nsp && st->spans[tc->sp].end <= toks[i].start) tc->sp++;
        int inside = tc->sp < st->nsp && st->spans[tc->sp].start <= toks[i].start;
        if (inside) st->wtype[id][st->spans[tc->sp].type]++;
        if (st->want_forms) note_form(st, &toks[i], inside);
    }
    if (st->want_names) sentence_names(tc, toks, n);
    if (st->want_whole) first_words(tc, toks, n);
    if (st->want_forms) name_contexts(tc, toks, n);
    return 0;
}

static int only(const char *s, size_t lo, size_t hi, const char *allowed_ascii, int quotes)
{
    for (size_t i = lo; i < hi;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (!strchr(allowed_ascii, c)) return 0;
            i++;
            continue;
        }
        /* « » “ ” (C2 AB, C2 BB, E2 80 9C, E2 80 9D) */
        if (quotes && c == 0xC2 && (unsigned char)s[i + 1] >= 0xAB) { i += 2; continue; }
        if (quotes && c == 0xE2 && (unsigned char)s[i + 1] == 0x80) { i += 3; continue; }
        return 0;
    }
    return 1;
}

static size_t words_in(const char *k)
{
    size_t n = 1;
    for (; *k; k++) n += *k == ' ';
    return n;
}

static void add_ext(state *st, uint32_t name, uint32_t side, uint32_t word)
{
    if (st->next == st->ext_cap) {
        st->ext_cap = st->ext_cap ? 2 * st->ext_cap : 65536;
        st->ext = realloc(st->ext, st->ext_cap * sizeof *st->ext);
        if (!st->ext) die("out of memory");
    }
    st->ext[st->next++] = (ext_stat){name, side, word, 1};
}

static void article(state *st, const char *doc, size_t len)
{
    st->doc = doc;
    st->nsp = 0;
    size_t doc_pairs = st->npairs;
    if (fahras_tag(st->tg, doc, len, on_span, st, NULL) != FAHRAS_OK) return;
    tok_ctx tc = {st, 0, 0, 0, 0};
    fh_ner_sentences(st->res, doc, len, on_sentence, &tc, NULL);
    for (size_t i = 0; i < st->nsp; i++) {
        const char *k = st->keys[i];
        size_t kl = strlen(k);
        if (!kl) continue;
        uint32_t id = name_id(st, k, kl);
        st->ns[id].type_n[st->spans[i].type]++;
        st->ns[id].alone++;
        /* the name with one word less at either end, and with two */
        const char *sp1 = strchr(k, ' '), *sp2 = strrchr(k, ' ');
        if (sp1) {
            uint32_t rest = name_id(st, sp1 + 1, kl - (size_t)(sp1 + 1 - k));
            add_ext(st, rest, EXT_BEFORE, word_id(st, k, (size_t)(sp1 - k)));
            uint32_t head = name_id(st, k, (size_t)(sp2 - k));
            add_ext(st, head, EXT_AFTER, word_id(st, sp2 + 1, kl - (size_t)(sp2 + 1 - k)));
        }
        if (sp1 && sp1 != sp2) {
            const char *end2 = strchr(sp1 + 1, ' '), *start2 = sp2 - 1;
            while (*start2 != ' ') start2--;
            uint32_t rest = name_id(st, end2 + 1, kl - (size_t)(end2 + 1 - k));
            add_ext(st, rest, EXT_TWO_BEFORE, word_id(st, k, (size_t)(end2 - k)));
            uint32_t head = name_id(st, k, (size_t)(start2 - k));
            add_ext(st, head, EXT_TWO_AFTER, word_id(st, start2 + 1, kl - (size_t)(start2 + 1 - k)));
        }
        /* "long name (ACRONYM)" or "ACRONYM (long name)" */
        if (i == 0) continue;
        const fahras_span *a = &st->spans[i - 1], *b = &st->spans[i];
        size_t wa = words_in(st->keys[i - 1]), wb = words_in(k);
        if ((wa == 1) == (wb == 1) || !*st->keys[i - 1]) continue;
        if (!only(doc, a->end, b->start, " (", 1) || !memchr(doc + a->end, '(', b->start - a->end)) continue;
        size_t close = b->end;
        while (close < len && close < b->end + 8 && doc[close] != ')') close++;
        if (close >= len || doc[close] != ')' || !only(doc, b->end, close, " ", 1)) continue;
        const char *lk = wa > 1 ? st->keys[i - 1] : k, *ak = wa > 1 ? k : st->keys[i - 1];
        pair_stat ps = {name_id(st, lk, strlen(lk)), name_id(st, ak, strlen(ak))};
        int seen = 0; /* count each pair once an article */
        for (size_t q = doc_pairs; q < st->npairs && !seen; q++)
            seen = st->pairs[q].lng == ps.lng && st->pairs[q].acr == ps.acr;
        if (seen) continue;
        if (st->npairs == st->pairs_cap) {
            st->pairs_cap = st->pairs_cap ? 2 * st->pairs_cap : 4096;
            st->pairs = realloc(st->pairs, st->pairs_cap * sizeof *st->pairs);
            if (!st->pairs) die("out of memory");
        }
        st->pairs[st->npairs++] = ps;
    }
    for (size_t i = 0; i < st->nsp; i++) free(st->keys[i]);
}

/* ------------------------------------------------------------------ */
/* tables                                                               */

static int cmp_ext(const void *x, const void *y)
{
    const ext_stat *a = x, *b = y;
    if (a->name != b->name) return a->name < b->name ? -1 : 1;
    if (a->side != b->side) return a->side < b->side ? -1 : 1;
    return a->word < b->word ? -1 : a->word > b->word;
}

static int cmp_pair(const void *x, const void *y)
{
    const pair_stat *a = x, *b = y;
    if (a->acr != b->acr) return a->acr < b->acr ? -1 : 1;
    return a->lng < b->lng ? -1 : a->lng > b->lng;
}

static int best_type(const name_stat *s)
{
    int t = 1;
    for (int k = 2; k <= 4; k++)
        if (s->type_n[k] > s->type_n[t]) t = k;
    return t;
}

static uint32_t *parent;
static uint32_t find(uint32_t x)
{
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
}

/* Joins the groups (parent) of each pair of ids[0..n); returns the joins
 * made. */
static size_t join_pairs(const uint32_t *ids, size_t n)
{
    size_t joins = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        uint32_t a = find(ids[i]), b = find(ids[i + 1]);
        if (a != b) {
            parent[a] = b;
            joins++;
        }
    }
    return joins;
}

static const char *key_of(const state *st, uint32_t id, size_t *n)
{
    *n = st->names.len[id];
    return st->names.pool + st->names.off[id];
}

typedef struct alias_row { const char *from, *to; size_t fn, tn; } alias_row;

static int cmp_alias(const void *x, const void *y)
{
    const alias_row *a = x, *b = y;
    size_t n = a->fn < b->fn ? a->fn : b->fn;
    int c = memcmp(a->from, b->from, n);
    if (c) return c;
    return a->fn < b->fn ? -1 : a->fn > b->fn;
}

static void write_c_string(FILE *o, const char *s, size_t n)
{
    fputc('"', o);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"' || s[i] == '\\') fputc('\\', o);
        fputc(s[i], o);
    }
    fputc('"', o);
}

/* lng and shrt name one entity: an extension (the longer maps to the
 * shorter when the shorter is found more often), a person (the surname
 * maps to the whole name) or one word with and without the article (the
 * rarer maps to the other) */
enum { PAIR_EXTENSION, PAIR_PERSON, PAIR_ARTICLE };
/* by_context: joined only where the words around the two names are alike
 * and extra_share (the largest share of an added word's places inside
 * names) is under CONTEXT_MAX_NAME_SHARE */
typedef struct ext_pair { uint32_t lng, shrt; int kind; int by_context; double extra_share; } ext_pair;

static size_t chars_of(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* A word without its long vowels and hamza, and its g (ج غ ق ك) one
 * letter: one value for the spellings of a word (الأمريكية, الأميركية;
 * أنغيلا, أنجيلا). */
static uint32_t skeleton(const char *w, size_t n)
{
    char buf[256];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 2 < sizeof buf;) {
        unsigned char c = (unsigned char)w[i];
        size_t cl = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
        if (i + cl > n) break;
        int vowel = cl == 2 && ((c == 0xD8 && ((unsigned char)w[i + 1] == 0xA7 || (unsigned char)w[i + 1] == 0xA1)) ||
                                (c == 0xD9 && ((unsigned char)w[i + 1] == 0x88 || (unsigned char)w[i + 1] == 0x8A)));
        /* ج غ ق ك (D8 AC, D8 BA, D9 82, D9 83) */
        int g = cl == 2 && ((c == 0xD8 && ((unsigned char)w[i + 1] == 0xAC || (unsigned char)w[i + 1] == 0xBA)) ||
                            (c == 0xD9 && ((unsigned char)w[i + 1] == 0x82 || (unsigned char)w[i + 1] == 0x83)));
        if (g) {
            buf[k++] = 'g';
        } else if (!vowel) {
            memcpy(buf + k, w + i, cl);
            k += cl;
        }
        i += cl;
    }
    return fh_ner_hash(0x736b656cu, buf, k);
}

typedef struct nisba_ctx { unsigned gaz; } nisba_ctx;

static int nisba_cb(void *ctx, fh_ner_tok *toks, size_t n)
{
    if (n) ((nisba_ctx *)ctx)->gaz = toks[0].gaz;
    return 0;
}

/* Whether a word is a nationality adjective of the tagger's word lists. */
static int is_nisba(const fh_ner_res *r, const char *w, size_t n)
{
    nisba_ctx c = {0};
    fh_ner_sentences(r, w, n, nisba_cb, &c, NULL);
    return (c.gaz & FH_GAZ_NISBA) != 0;
}

/* The first letter of a word, past the article. */
static const char *first_letter(const char *w, const char *end)
{
    if (end - w > 4 && !memcmp(w, "\xD8\xA7\xD9\x84", 4)) w += 4;
    return w;
}

/* Whether the acronym's first letter starts one of the long name's words
 * (the article set aside): داعش and الدولة الإسلامية, not يوروستات and
 * الاتحاد الأوروبي, nor a team after a player's name. */
static int initial_matches(const char *acr, size_t an, const char *lng, size_t ln)
{
    const char *a = first_letter(acr, acr + an);
    size_t k = (size_t)(acr + an - a);
    if (k < 2) return 0;
    size_t cl = ((unsigned char)a[0] & 0xE0) == 0xC0 ? 2 : 1;
    for (const char *w = lng, *end = lng + ln; w < end;) {
        const char *sp = memchr(w, ' ', (size_t)(end - w));
        const char *we = sp ? sp : end;
        const char *f = first_letter(w, we);
        if ((size_t)(we - f) >= cl && !memcmp(f, a, cl)) return 1;
        w = sp ? sp + 1 : end;
    }
    return 0;
}

/* A name in brackets after another (or the reverse) whose letters are not
 * the other's initials, as a foreign acronym transliterated (أوبك,
 * الناتو, فيفا), a kunya or a nickname (أبومازن, ميدو) or another name of a
 * place (كوباني, عين العرب) is: the pair in ACRONYM_FREE_MIN_DOCS articles
 * or more and in a tenth of the rarer name's places.  A dateline's
 * "الإمارات العربية المتحدة (CNN)" is kept apart by the pair's types. */
enum { ACRONYM_FREE_MIN_DOCS = 5 };

static int bracketed_often(const state *st, uint32_t acr, uint32_t lng, size_t docs)
{
    uint32_t rarer = st->ns[acr].alone < st->ns[lng].alone ? st->ns[acr].alone : st->ns[lng].alone;
    return docs >= ACRONYM_FREE_MIN_DOCS && 10 * docs >= rarer;
}

/* A name tagged as one type in at least 90% of its spans: that type, or 0
 * (a person so is not a place or a team the model sometimes takes for
 * one: مونت كارلو, فينكس صنز). */
static int mostly_type(const name_stat *s)
{
    uint32_t all = 0;
    for (int k = 1; k <= 4; k++) all += s->type_n[k];
    int t = best_type(s);
    return all && (double)s->type_n[t] >= 0.9 * all ? t : 0;
}

/* The name id of bytes [off, off + n) of name id's key.  They are copied
 * out first: name_id may move the pool they are read from. */
static uint32_t name_part_id(state *st, uint32_t id, size_t off, size_t n)
{
    char buf[2048];
    size_t kn;
    const char *k = key_of(st, id, &kn);
    if (n > sizeof buf) n = sizeof buf;
    memcpy(buf, k + off, n);
    return name_id(st, buf, n);
}

/* Whether the surname y stands for the whole name lng (given name w before
 * it): both mostly people, a surname of three letters or more (not ما of
 * جاك ما), and w a given name, not a kunya or nasab word (أبو زيد, بن). */
static int person_link(state *st, uint32_t y, uint32_t lng, const char *w, size_t wn)
{
    static const char *const not_given[] = {
        "\xd8\xa7\xd8\xa8\xd9\x88", "\xd8\xa7\xd9\x85", "\xd8\xa8\xd9\x86",     /* ابو ام بن */
        "\xd8\xa7\xd8\xa8\xd9\x86", "\xd8\xa8\xd9\x86\xd8\xaa", "\xd8\xb9\xd8\xa8\xd8\xaf", /* ابن بنت عبد */
        "\xd8\xa7\xd9\x84",                                                                /* ال */
    };
    size_t yn;
    const char *yk = key_of(st, y, &yn);
    if (chars_of(yk, yn) < 3 || mostly_type(&st->ns[y]) != FAHRAS_SPAN_PER ||
        mostly_type(&st->ns[lng]) != FAHRAS_SPAN_PER)
        return 0;
    /* a given name alone is someone's first name as often as a surname
     * (جبران is جبران باسيل, not only جبران خليل جبران) */
    if (2 * (size_t)st->ns[y].starts > st->ns[lng].alone) return 0;
    for (size_t i = 0; i < sizeof not_given / sizeof not_given[0]; i++)
        if (wn == strlen(not_given[i]) && !memcmp(w, not_given[i], wn)) return 0;
    return 1;
}

static void push_pair(ext_pair **pairs, size_t *n, size_t *cap, ext_pair p)
{
    if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 1024;
        *pairs = realloc(*pairs, *cap * sizeof **pairs);
        if (!*pairs) die("out of memory");
    }
    (*pairs)[(*n)++] = p;
}

/* name_stat.starts: for each person found on their own, under the first
 * word of the name. */
static void count_person_starts(state *st)
{
    size_t n0 = st->names.n;
    for (size_t id = 0; id < n0; id++) {
        if (!st->ns[id].alone || mostly_type(&st->ns[id]) != FAHRAS_SPAN_PER) continue;
        size_t kn;
        const char *k = key_of(st, (uint32_t)id, &kn);
        const char *sp = memchr(k, ' ', kn);
        if (!sp) continue;
        uint32_t alone = st->ns[id].alone;
        uint32_t f = name_part_id(st, (uint32_t)id, 0, (size_t)(sp - k)); /* may move ns: alone read before */
        st->ns[f].starts += alone;
    }
}

/* An organisation or a thing of one word written with and without the
 * article, both found on their own (الفيفا and فيفا, الغارديان and
 * غارديان; الدولار and دولار), both mostly of that type.  Not people (صباح
 * and الصباح are two) nor places. */
static void article_pairs(state *st, size_t min_docs, ext_pair **pairs, size_t *npairs, size_t *pcap)
{
    size_t n0 = st->names.n;
    for (size_t id = 0; id < n0; id++) {
        size_t kn;
        const char *k = key_of(st, (uint32_t)id, &kn);
        if (kn < 4 + 6 || memcmp(k, "\xD8\xA7\xD9\x84", 4) || memchr(k, ' ', kn)) continue; /* ال + 3 letters */
        int ty = mostly_type(&st->ns[id]);
        if (st->ns[id].alone < min_docs * 3 || (ty != FAHRAS_SPAN_ORG && ty != FAHRAS_SPAN_MISC)) continue;
        if (chars_of(k + 4, kn - 4) < 3) continue;
        uint32_t bare = name_part_id(st, (uint32_t)id, 4, kn - 4);
        if (st->ns[bare].alone < min_docs * 3 || mostly_type(&st->ns[bare]) != ty) continue;
        push_pair(pairs, npairs, pcap, (ext_pair){.lng = (uint32_t)id, .shrt = bare, .kind = PAIR_ARTICLE});
    }
}

typedef struct suffix_row { uint32_t suffix, name, words; } suffix_row;

static int cmp_suffix(const void *x, const void *y)
{
    const suffix_row *a = x, *b = y;
    if (a->suffix != b->suffix) return a->suffix < b->suffix ? -1 : 1;
    return a->name < b->name ? -1 : a->name > b->name;
}

/* A person's surname (of one word or more) and the whole name it most
 * often ends, when that name has two or more words before it (أردوغان ->
 * رجب طيب أردوغان, البغدادي -> أبو بكر البغدادي; one word before it is
 * read from the words seen there, in write_aliases): the people found on
 * their own, each name under every shorter ending of it, the most frequent
 * at least `dominance` of the names that end so. */
static void person_suffix_pairs(state *st, size_t min_docs, double dominance, ext_pair **pairs, size_t *npairs,
                                size_t *pcap)
{
    size_t n0 = st->names.n, nr = 0, cap = 0;
    suffix_row *rows = NULL;
    for (size_t id = 0; id < n0; id++) {
        if (st->ns[id].alone < min_docs || mostly_type(&st->ns[id]) != FAHRAS_SPAN_PER) continue;
        size_t kn;
        const char *k = key_of(st, (uint32_t)id, &kn);
        uint32_t words = 1;
        for (size_t i = 0; i < kn; i++) {
            if (k[i] != ' ') continue;
            if (nr == cap) {
                cap = cap ? 2 * cap : 1024;
                rows = realloc(rows, cap * sizeof *rows);
                if (!rows) die("out of memory");
            }
            /* the pool may move: the key is read again after */
            uint32_t sfx = name_part_id(st, (uint32_t)id, i + 1, kn - i - 1);
            k = key_of(st, (uint32_t)id, &kn);
            rows[nr++] = (suffix_row){sfx, (uint32_t)id, words};
            words++;
        }
    }
    qsort(rows, nr, sizeof *rows, cmp_suffix);
    for (size_t i = 0; i < nr;) {
        size_t j = i, total = 0, best = 0;
        uint32_t best_name = 0, best_words = 0;
        for (; j < nr && rows[j].suffix == rows[i].suffix; j++) {
            size_t a = st->ns[rows[j].name].alone;
            total += a;
            if (a > best) best = a, best_name = rows[j].name, best_words = rows[j].words;
        }
        uint32_t sfx = rows[i].suffix;
        i = j;
        if (best_words < 2 || best < min_docs * 3 || (double)best < dominance * (double)total) continue;
        if (st->ns[sfx].alone < min_docs * 3 || best_type(&st->ns[sfx]) != FAHRAS_SPAN_PER) continue;
        /* the word just before the surname, for person_link */
        size_t kn, sn;
        const char *k = key_of(st, best_name, &kn);
        key_of(st, sfx, &sn);
        size_t end = kn - sn - 1, start = end;
        while (start && k[start - 1] != ' ') start--;
        if (!person_link(st, sfx, best_name, k + start, end - start)) continue;
        push_pair(pairs, npairs, pcap, (ext_pair){.lng = best_name, .shrt = sfx, .kind = PAIR_PERSON});
    }
    free(rows);
}

/* The share of the words at a name's end that a word (or two) joined by
 * the words around the names needs: كوريا الشمالية (0.58 of كوريا's) is not
 * كوريا. */
#define CONTEXT_DOMINANCE 0.75

/* ... and each word it adds is a common word more than a name's word
 * (الدولي, الرياضي, كرة القدم, المملكة العربية): one that is mostly inside
 * names adds a name of its own (ميلان and إنتر ميلان are two clubs, alike
 * as the words around them are: 0.75). */
#define CONTEXT_MAX_NAME_SHARE 0.7

static double name_share(const state *st, const char *w, size_t n);

/* The largest name_share of the words of w[0..n) (separated by spaces). */
static double largest_name_share(const state *st, const char *w, size_t n)
{
    double largest = 0;
    for (const char *end = w + n; w < end;) {
        const char *sp = memchr(w, ' ', (size_t)(end - w));
        size_t l = sp ? (size_t)(sp - w) : (size_t)(end - w);
        double x = name_share(st, w, l);
        if (x > largest) largest = x;
        w += l + 1;
    }
    return largest;
}

/* A name and the same name with one more word at one end, when that word
 * dominates, both are found on their own and are of one type (a person: a
 * given name before the surname only). */
static void extension_pairs(state *st, size_t min_docs, double dominance, ext_pair **pairs, size_t *npairs,
                            size_t *pcap)
{
    qsort(st->ext, st->next, sizeof *st->ext, cmp_ext);
    typedef struct wc { uint32_t word, n, skel; } wc;
    wc *ws = NULL;
    size_t wcap = 0;
    for (size_t i = 0; i < st->next;) {
        /* the words seen at this end of this name, with their counts */
        size_t j = i, nw = 0, total = 0;
        while (j < st->next && st->ext[j].name == st->ext[i].name && st->ext[j].side == st->ext[i].side) {
            size_t k = j;
            while (k < st->next && st->ext[k].name == st->ext[j].name && st->ext[k].side == st->ext[j].side &&
                   st->ext[k].word == st->ext[j].word)
                k++;
            if (nw == wcap) {
                wcap = wcap ? 2 * wcap : 64;
                ws = realloc(ws, wcap * sizeof *ws);
                if (!ws) die("out of memory");
            }
            uint32_t w = st->ext[j].word;
            ws[nw++] = (wc){w, (uint32_t)(k - j), skeleton(st->words.pool + st->words.off[w], st->words.len[w])};
            total += k - j;
            j = k;
        }
        uint32_t y = st->ext[i].name, side = st->ext[i].side;
        i = j;
        /* spellings of one word (الأمريكية, الأميركية) count together */
        uint32_t best_skel = 0;
        size_t best = 0;
        for (size_t a1 = 0; a1 < nw; a1++) {
            size_t c = 0;
            for (size_t b1 = 0; b1 < nw; b1++) c += ws[b1].skel == ws[a1].skel ? ws[b1].n : 0;
            if (c > best) {
                best = c;
                best_skel = ws[a1].skel;
            }
        }
        /* two words at one end (الإمارات العربية المتحدة), or a word short of
         * dominance (مجلس الأمن الدولي beside مجلس الأمن القومي), join the
         * names only where the words around them are alike (write_aliases) */
        double share = (double)best / (double)total;
        int ty = best_type(&st->ns[y]);
        /* a place's nationality and one more word after it are a nationality
         * as above (الإمارات العربية المتحدة, whose words around it are
         * mostly a dateline's) */
        int two = side == EXT_TWO_BEFORE || (side == EXT_TWO_AFTER && ty != FAHRAS_SPAN_LOC);
        int by_context = two || share < dominance;
        if (st->ns[y].alone < min_docs * 3 || best < min_docs * 3 ||
            share < (by_context ? CONTEXT_DOMINANCE : dominance))
            continue;
        /* a person: only a given name before the surname, which then stands
         * for the whole name (ترامب -> دونالد ترامب) */
        if (ty == FAHRAS_SPAN_PER && (side != EXT_BEFORE || by_context)) continue;
        for (size_t a1 = 0; a1 < nw; a1++) {
            if (ws[a1].skel != best_skel || ws[a1].n < min_docs) continue;
            size_t yn, wn = st->words.len[ws[a1].word];
            const char *yk = key_of(st, y, &yn), *wk = st->words.pool + st->words.off[ws[a1].word];
            if (chars_of(wk, wn) < 3) continue; /* spelled letters: سي ان ان is not سي ان */
            /* a place takes a nationality after it (الولايات المتحدة الأمريكية,
             * الإمارات العربية المتحدة), not any word (افريقيا الوسطى is not
             * افريقيا; نيو مكسيكو is not مكسيكو); before it, a word and a
             * nationality (المملكة العربية السعودية), not one word (جنوب
             * السودان is not السودان) */
            if (ty == FAHRAS_SPAN_LOC) {
                const char *sp = memchr(wk, ' ', wn);
                if (side == EXT_BEFORE || (side == EXT_TWO_BEFORE && !sp)) continue;
                if (side == EXT_TWO_BEFORE ? !is_nisba(st->res, sp + 1, wn - (size_t)(sp + 1 - wk))
                                           : !is_nisba(st->res, wk, wn))
                    continue;
            }
            char buf[2048];
            if (yn + wn + 2 > sizeof buf) continue;
            int before = side == EXT_BEFORE || side == EXT_TWO_BEFORE;
            size_t ln = (size_t)(before ? snprintf(buf, sizeof buf, "%.*s %.*s", (int)wn, wk, (int)yn, yk)
                                        : snprintf(buf, sizeof buf, "%.*s %.*s", (int)yn, yk, (int)wn, wk));
            uint32_t lng = name_id(st, buf, ln);
            if (!st->ns[lng].alone || best_type(&st->ns[lng]) != ty) continue;
            if (ty == FAHRAS_SPAN_PER && st->ns[lng].alone < min_docs * 3) continue;
            if (ty == FAHRAS_SPAN_PER && !person_link(st, y, lng, wk, wn)) continue;
            push_pair(pairs, npairs, pcap,
                      (ext_pair){lng, y, ty == FAHRAS_SPAN_PER ? PAIR_PERSON : PAIR_EXTENSION, by_context,
                                 largest_name_share(st, wk, wn)});
        }
    }
    free(ws);
}

/* Names tagged this often at least may be joined as spellings of one. */
#define SPELL_MIN_SPANS 10

typedef struct spell_ctx {
    state *st;
    uint32_t from;
    const char *key;  /* the name's key */
    size_t lo, hi;    /* the word replaced: key[lo..hi) */
    uint32_t *pairs;  /* (smaller id, larger id) */
    size_t n, cap;
    int by_context;   /* the pair needs alike contexts: it goes to ctx_pairs */
    size_t min_letters; /* of the word and its edit */
    uint32_t *ctx_pairs;
    size_t nc, ccap;
} spell_ctx;

static void spell_push(spell_ctx *c, uint32_t other)
{
    const name_stat *a = &c->st->ns[c->from], *b = &c->st->ns[other];
    if (other == c->from || b->alone < SPELL_MIN_SPANS || mostly_type(b) != mostly_type(a)) return;
    uint32_t **list = c->by_context ? &c->ctx_pairs : &c->pairs;
    size_t *n = c->by_context ? &c->nc : &c->n, *cap = c->by_context ? &c->ccap : &c->cap;
    if (*n + 2 > *cap) {
        *cap = *cap ? 2 * *cap : 256;
        *list = realloc(*list, *cap * sizeof **list);
        if (!*list) die("out of memory");
    }
    (*list)[(*n)++] = c->from < other ? c->from : other;
    (*list)[(*n)++] = c->from < other ? other : c->from;
}

/* The share of a word form's occurrences inside names. */
static double name_share(const state *st, const char *w, size_t n)
{
    uint32_t id = intern_find(&st->forms, w, n);
    return id == UINT32_MAX || !st->forms.count[id] ? 0 : (double)st->form_in[id] / (double)st->forms.count[id];
}

/* One edit of the word key[lo..hi): the name with it in its place, when
 * the edit spares the word's first letter, and its last unless a letter
 * only changed there (سليمان/سليماني, بوتين/بوتينا are two names; كيم جونغ
 * is كيم جونج); where the words are common ones more than names' words,
 * only if the contexts are alike (حزب العمال/حزب العمل are two parties). */
static void on_spell_edit(void *ctx, const char *edit, size_t len)
{
    spell_ctx *c = ctx;
    char buf[512];
    const char *w = c->key + c->lo;
    size_t kl = strlen(c->key), n = c->lo + len + kl - c->hi, wn = c->hi - c->lo;
    if (chars_of(edit, len) < c->min_letters || n > sizeof buf) return;
    /* letters alike at either end (the words are Arabic letters, two
     * bytes each: fh_spell_edits) */
    size_t pre = 0, suf = 0;
    while (pre + 2 <= wn && pre + 2 <= len && !memcmp(w + pre, edit + pre, 2)) pre += 2;
    while (suf + 2 <= wn - pre && suf + 2 <= len - pre && !memcmp(w + wn - suf - 2, edit + len - suf - 2, 2))
        suf += 2;
    if (!pre || (len != wn && !suf)) return;
    memcpy(buf, c->key, c->lo);
    memcpy(buf + c->lo, edit, len);
    memcpy(buf + c->lo + len, c->key + c->hi, kl - c->hi);
    uint32_t id = intern_find(&c->st->names, buf, n);
    if (id == UINT32_MAX) return;
    /* a word that is mostly a common one (العمل, قائد) is read by the
     * contexts: حزب العمال / حزب العمل are two parties, الباجي قائد
     * السبسي / الباجي قايد السبسي one man */
    double a = name_share(c->st, w, wn), b = name_share(c->st, edit, len);
    int by_context = c->by_context;
    if (a < 0.25 || b < 0.25 || (a < 0.5 && b < 0.5)) c->by_context = 1;
    spell_push(c, id);
    c->by_context = by_context;
}

static int given_name(const state *st, const char *w, size_t n)
{
    uint32_t g = 0;
    return fh_u32map_get(&st->res->gaz_words, fh_ner_hash(FH_NER_SEED_GAZ_WORD, w, n), &g) && (g & FH_GAZ_FIRST);
}

/* The words around name id (st->ctx sorted): [*lo, *hi). */
static void context_of(const state *st, uint32_t id, size_t *lo, size_t *hi)
{
    uint64_t k = (uint64_t)id << 32;
    size_t a = 0, b = st->nctx;
    while (a < b) {
        size_t m = (a + b) / 2;
        if (st->ctx[m] < k) a = m + 1;
        else b = m;
    }
    *lo = a;
    for (b = a; b < st->nctx && st->ctx[b] >> 32 == id; b++) {}
    *hi = b;
}

/* The cosine of the words around two names, each word weighted by its
 * rarity in the news (log of all words over its count), so that the
 * function words every name has around it count for little. */
static double context_similarity(const state *st, uint32_t x, uint32_t y, double all_words)
{
    size_t xa, xb, ya, yb;
    context_of(st, x, &xa, &xb);
    context_of(st, y, &ya, &yb);
    double dot = 0, nx = 0, ny = 0;
    while (xa < xb || ya < yb) {
        uint32_t wx = xa < xb ? (uint32_t)st->ctx[xa] : UINT32_MAX, wy = ya < yb ? (uint32_t)st->ctx[ya] : UINT32_MAX;
        uint32_t w = wx < wy ? wx : wy;
        double cx = 0, cy = 0;
        while (xa < xb && (uint32_t)st->ctx[xa] == w) cx++, xa++;
        while (ya < yb && (uint32_t)st->ctx[ya] == w) cy++, ya++;
        double idf = log(all_words / (double)st->wtype[w][0]);
        cx *= idf;
        cy *= idf;
        dot += cx * cy;
        nx += cx * cx;
        ny += cy * cy;
    }
    return nx > 0 && ny > 0 ? dot / sqrt(nx * ny) : 0;
}

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

/* Sorts the words around the names for context_of; returns the count of
 * all words, for context_similarity. */
static double sort_contexts(state *st)
{
    qsort(st->ctx, st->nctx, sizeof *st->ctx, cmp_u64);
    double all_words = 0;
    for (size_t w = 0; w < st->words.n; w++) all_words += st->wtype[w][0];
    return all_words;
}

static int cmp_id_pair(const void *x, const void *y)
{
    const uint32_t *a = x, *b = y;
    return a[0] != b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] < b[1] ? -1 : a[1] > b[1];
}

/* Read over the news, the words around two spellings of one name are alike
 * (تشيلسي and تشلسي 0.85, بروكسل and بروكسيل 0.51), and around two names a
 * vowel apart they are not (ميركل and ماركل 0.32, العبادي and العبيدي 0.30,
 * المانيا and المنيا 0.21). */
#define CONTEXT_MIN_SIMILARITY 0.4

/* The names of the Latin letters as the news writes them, keyed as the
 * tagger keys them (hamza and madda off: إيه, آر -> ايه, ار), one or more
 * each: a Latin acronym spelled out (سي إن إن for CNN). */
static const char *const letter_names[26][3] = {
    {"\xd8\xa7\xd9\x8a", "\xd8\xa7\xd9\x8a\xd9\x87"},                  /* a: اي ايه */
    {"\xd8\xa8\xd9\x8a"},                                              /* b: بي */
    {"\xd8\xb3\xd9\x8a"},                                              /* c: سي */
    {"\xd8\xaf\xd9\x8a"},                                              /* d: دي */
    {"\xd8\xa7\xd9\x8a"},                                              /* e: اي */
    {"\xd8\xa7\xd9\x81"},                                              /* f: اف */
    {"\xd8\xac\xd9\x8a"},                                              /* g: جي */
    {"\xd8\xa7\xd8\xaa\xd8\xb4", "\xd8\xa7\xd9\x8a\xd8\xaa\xd8\xb4"},  /* h: اتش ايتش */
    {"\xd8\xa7\xd9\x8a"},                                              /* i: اي */
    {"\xd8\xac\xd9\x8a", "\xd8\xac\xd8\xa7\xd9\x8a"},                  /* j: جي جاي */
    {"\xd9\x83\xd9\x8a", "\xd9\x83\xd8\xa7\xd9\x8a"},                  /* k: كي كاي */
    {"\xd8\xa7\xd9\x84"},                                              /* l: ال */
    {"\xd8\xa7\xd9\x85"},                                              /* m: ام */
    {"\xd8\xa7\xd9\x86"},                                              /* n: ان */
    {"\xd8\xa7\xd9\x88"},                                              /* o: او */
    {"\xd8\xa8\xd9\x8a"},                                              /* p: بي */
    {"\xd9\x83\xd9\x8a\xd9\x88"},                                      /* q: كيو */
    {"\xd8\xa7\xd8\xb1"},                                              /* r: ار */
    {"\xd8\xa7\xd8\xb3"},                                              /* s: اس */
    {"\xd8\xaa\xd9\x8a"},                                              /* t: تي */
    {"\xd9\x8a\xd9\x88"},                                              /* u: يو */
    {"\xd9\x81\xd9\x8a"},                                              /* v: في */
    {"\xd8\xaf\xd8\xa8\xd9\x84\xd9\x8a\xd9\x88"},                      /* w: دبليو */
    {"\xd8\xa7\xd9\x83\xd8\xb3"},                                      /* x: اكس */
    {"\xd9\x88\xd8\xa7\xd9\x8a"},                                      /* y: واي */
    {"\xd8\xb2\xd8\xaf", "\xd8\xb2\xd9\x8a"},                          /* z: زد زي */
};

/* Latin acronyms of three to five letters spelled out in Arabic letter
 * names of its letters (cnn, سي ان ان; cia, سي اي ايه), each spelling a
 * name of its own, of one type: their pairs are appended to *pairs. */
static void spell_out(const state *st, uint32_t id, const char *acr, size_t i, char *buf, size_t len,
                      uint32_t **pairs, size_t *n, size_t *cap)
{
    if (!acr[i]) {
        uint32_t other = intern_find(&st->names, buf, len);
        if (other == UINT32_MAX || st->ns[other].alone < SPELL_MIN_SPANS / 2 ||
            mostly_type(&st->ns[other]) != mostly_type(&st->ns[id]))
            return;
        if (*n + 2 > *cap) {
            *cap = *cap ? 2 * *cap : 64;
            *pairs = realloc(*pairs, *cap * sizeof **pairs);
            if (!*pairs) die("out of memory");
        }
        (*pairs)[(*n)++] = id;
        (*pairs)[(*n)++] = other;
        return;
    }
    for (size_t k = 0; k < 3 && letter_names[acr[i] - 'a'][k]; k++) {
        const char *ln = letter_names[acr[i] - 'a'][k];
        size_t l = strlen(ln);
        memcpy(buf + len, i ? " " : "", i ? 1 : 0);
        memcpy(buf + len + (i ? 1 : 0), ln, l);
        spell_out(st, id, acr, i + 1, buf, len + (i ? 1 : 0) + l, pairs, n, cap);
    }
}

static uint32_t *spelled_acronyms(const state *st, size_t *n)
{
    uint32_t *pairs = NULL;
    size_t cap = 0;
    *n = 0;
    for (size_t i = 0; i < st->names.n; i++) {
        size_t kn, j;
        const char *k = key_of(st, (uint32_t)i, &kn);
        if (kn < 3 || kn > 5 || st->ns[i].alone < SPELL_MIN_SPANS / 2 || !mostly_type(&st->ns[i])) continue;
        for (j = 0; j < kn && k[j] >= 'a' && k[j] <= 'z'; j++) {}
        if (j < kn) continue;
        char acr[8], buf[64];
        memcpy(acr, k, kn);
        acr[kn] = '\0';
        spell_out(st, (uint32_t)i, acr, 0, buf, 0, &pairs, n, &cap);
    }
    return pairs;
}

/* Names spelled two ways (write_aliases joins them as it joins acronym
 * groups): keys of the same words but one, which is one edit of the kinds
 * transliteration makes away (spelling.h FH_EDIT_TRANSLIT: ترامب/ترمب,
 * بوتين/بوتن, نتنياهو/نتانياهو; of one word alone the g: انجلترا/
 * انكلترا, سامسونغ/سامسونج, and the others where the words around them are
 * alike: تشيلسي/تشلسي, not المانيا/المنيا), or the same letters with and
 * without a space between two words (عبد الفتاح/عبدالفتاح, بيونغ يانغ/
 * بيونغيانغ, لو دريان/لودريان); both tagged at least SPELL_MIN_SPANS
 * times, each of one type in 90% of its places, the same type (سو تشي, a
 * person, is not سوتشي, a place).  The word that differs has four
 * letters or more and is no given name of the word lists (محمد/محمود,
 * حسن/حسين are two names); where it is mostly a common word, the words
 * around the names must be alike too.  Returns the pairs, two ids each;
 * *n ids; by_context[0] of the pairs read by the words around them were
 * joined, of by_context[1]. */
static uint32_t *spelling_pairs(state *st, double all_words, size_t *n, size_t by_context[2])
{
    spell_ctx c = {st, 0, NULL, 0, 0, NULL, 0, 0, 0, FH_SPELL_MIN_LETTERS, NULL, 0, 0};
    for (size_t i = 0; i < st->names.n; i++) {
        if (st->ns[i].alone < SPELL_MIN_SPANS || !mostly_type(&st->ns[i])) continue;
        size_t kn;
        const char *k = key_of(st, (uint32_t)i, &kn);
        char key[512];
        if (kn >= sizeof key) continue;
        memcpy(key, k, kn);
        key[kn] = '\0';
        c.from = (uint32_t)i;
        c.key = key;
        /* one word alone: too many names are a vowel apart (المانيا and
         * المنيا, سليمان and سليماني), so only a g (انجلترا, انكلترا)
         * joins them directly, the other edits by their contexts below */
        int one_word = !memchr(key, ' ', kn);
        for (size_t lo = 0; lo < kn;) {
            size_t hi = lo;
            while (hi < kn && key[hi] != ' ') hi++;
            char word[256];
            /* a word of three letters in a longer name by its contexts only
             * (مون جاي / مون جيه) */
            size_t letters = chars_of(key + lo, hi - lo);
            int short_word = !one_word && letters == FH_SPELL_MIN_LETTERS - 1;
            if (hi - lo < sizeof word && (letters >= FH_SPELL_MIN_LETTERS || short_word) &&
                !given_name(st, key + lo, hi - lo)) {
                memcpy(word, key + lo, hi - lo);
                word[hi - lo] = '\0';
                c.lo = lo;
                c.hi = hi;
                c.min_letters = short_word ? letters : FH_SPELL_MIN_LETTERS;
                c.by_context = short_word;
                fh_spell_edits(word, one_word ? FH_EDIT_G_SOUND : FH_EDIT_TRANSLIT, on_spell_edit, &c);
                c.by_context = 1;
                if (one_word) fh_spell_edits(word, FH_EDIT_TRANSLIT & ~FH_EDIT_G_SOUND, on_spell_edit, &c);
                /* a long vowel on the other side of a letter (اميركا /
                 * امريكا, ايدن / ادين): by the contexts, as سالم / سلام
                 * are two names */
                fh_spell_edits(word, FH_EDIT_VOWEL_SWAP, on_spell_edit, &c);
            }
            /* X Y -> XY: عبد الفتاح, عبدالفتاح; بيونغ يانغ, بيونغيانغ */
            c.by_context = 0;
            if (hi < kn) {
                char joined[512];
                memcpy(joined, key, hi);
                memcpy(joined + hi, key + hi + 1, kn - hi - 1);
                uint32_t id = intern_find(&st->names, joined, kn - 1);
                if (id != UINT32_MAX) spell_push(&c, id);
            }
            lo = hi < kn ? hi + 1 : hi;
        }
    }
    /* one word a vowel or a letter apart, or a word mostly a common one:
     * one name where the words around them are alike (تشيلسي and تشلسي;
     * not المانيا and المنيا) */
    qsort(c.ctx_pairs, c.nc / 2, 2 * sizeof *c.ctx_pairs, cmp_id_pair);
    c.by_context = 0;
    for (size_t i = 0; i + 1 < c.nc; i += 2) {
        uint32_t a = c.ctx_pairs[i], b = c.ctx_pairs[i + 1];
        if (i >= 2 && a == c.ctx_pairs[i - 2] && b == c.ctx_pairs[i - 1]) continue;
        by_context[1]++;
        if (context_similarity(st, a, b, all_words) < CONTEXT_MIN_SIMILARITY) continue;
        c.from = a;
        spell_push(&c, b);
        by_context[0]++;
    }
    free(c.ctx_pairs);
    *n = c.n;
    return c.pairs;
}

/* The end of a learned string table's header: its sources and licence. */
static const char learned_with_model[] =
    " * Learned from the ANT Corpus v1.1 and v2.1 (Apache License 2.0 with a citation\n"
    " * clause) with the model of ner_model.c; distributed with it under CC BY-SA 4.0\n"
    " * (models/ner/README.md, NOTICE). */\n#include \"ner.h\"\n\n";

/* Acronym groups (parent): "long name (ACRONYM)" pairs found in enough
 * articles, the long name being what the acronym stands for in most of its
 * pairs.  Returns the links made. */
static size_t acronym_groups(state *st, size_t min_docs)
{
    size_t edges = 0;
    qsort(st->pairs, st->npairs, sizeof *st->pairs, cmp_pair);
    for (size_t i = 0; i < st->npairs;) {
        size_t j = i, total = 0, best = 0;
        uint32_t best_lng = 0;
        while (j < st->npairs && st->pairs[j].acr == st->pairs[i].acr) {
            size_t k = j;
            while (k < st->npairs && st->pairs[k].acr == st->pairs[j].acr && st->pairs[k].lng == st->pairs[j].lng) k++;
            total += k - j;
            if (k - j > best) {
                best = k - j;
                best_lng = st->pairs[j].lng;
            }
            j = k;
        }
        uint32_t acr = st->pairs[i].acr;
        i = j;
        if (best < min_docs || 2 * best < total) continue;
        size_t an, ln;
        const char *ak = key_of(st, acr, &an), *lk = key_of(st, best_lng, &ln);
        if (best_type(&st->ns[acr]) != best_type(&st->ns[best_lng])) continue;
        if (!initial_matches(ak, an, lk, ln) && !bracketed_often(st, acr, best_lng, best)) continue;
        uint32_t a = find(acr), b = find(best_lng);
        if (a != b) parent[a] = b;
        edges++;
    }
    return edges;
}

static void write_aliases(state *st, const char *path, size_t min_docs, double dominance, size_t ndocs)
{
    /* 1. names that stand for others: a dominant extra word, a person's
     *    surname, an organisation with and without the article */
    count_person_starts(st);
    ext_pair *pairs = NULL;
    size_t npairs = 0, pcap = 0;
    extension_pairs(st, min_docs, dominance, &pairs, &npairs, &pcap);
    person_suffix_pairs(st, min_docs, dominance, &pairs, &npairs, &pcap);
    article_pairs(st, min_docs, &pairs, &npairs, &pcap);
    size_t nn = st->names.n;
    /* 2. acronym groups: pairs found in enough articles, the long name
     *    being what the acronym stands for in most of its pairs */
    parent = xmalloc(nn * sizeof *parent);
    for (size_t i = 0; i < nn; i++) parent[i] = (uint32_t)i;
    size_t edges_acr = acronym_groups(st, min_docs);
    /* names spelled two ways join one group too */
    size_t nsp = 0, by_context[2] = {0, 0};
    double all_words = sort_contexts(st);
    uint32_t *sp = spelling_pairs(st, all_words, &nsp, by_context);
    size_t edges_spell = join_pairs(sp, nsp);
    free(sp);
    /* and a Latin acronym with its letters spelled out (cnn, سي ان ان) */
    size_t nsa = 0;
    uint32_t *sa = spelled_acronyms(st, &nsa);
    size_t edges_spelled = join_pairs(sa, nsa);
    free(sa);
    /* each acronym group maps to its member most often found on its own */
    uint32_t *canon = xmalloc(nn * sizeof *canon), *target = xmalloc(nn * sizeof *target);
    for (size_t i = 0; i < nn; i++) canon[i] = target[i] = UINT32_MAX;
    for (size_t i = 0; i < nn; i++) {
        /* the member found most often on its own; keys of one or two
         * letters (اس of واس) only when nothing longer is there */
        uint32_t r = find((uint32_t)i), c = canon[r];
        int short_i = chars_of(st->names.pool + st->names.off[i], st->names.len[i]) < 3;
        int short_c = c == UINT32_MAX || chars_of(st->names.pool + st->names.off[c], st->names.len[c]) < 3;
        if (c == UINT32_MAX || (short_c && !short_i) ||
            (short_c == short_i && (st->ns[i].alone > st->ns[c].alone ||
                                    (st->ns[i].alone == st->ns[c].alone && st->names.len[i] < st->names.len[c]))))
            canon[r] = (uint32_t)i;
    }
    for (size_t i = 0; i < nn; i++)
        if (canon[find((uint32_t)i)] != i) target[i] = canon[find((uint32_t)i)];
    /* 3. each extension pair: the longer form maps to the shorter (through
     *    its acronym group) when the shorter is the more frequent on its
     *    own; otherwise the shorter may be another name (الهلال is a club,
     *    الهلال الأحمر is not).  A person's surname maps to the whole name.
     *    One hop only. */
    size_t edges_ext = 0, by_kind[3] = {0}; /* PAIR_EXTENSION, PAIR_PERSON, PAIR_ARTICLE */
    size_t by_context_ext = 0;              /* of the extensions, the shorter to the longer */
    size_t joined_by_context = 0;           /* of the extensions, two words or a word short of dominance */
    for (size_t p = 0; p < npairs; p++) {
        uint32_t src = pairs[p].lng, dst = pairs[p].shrt;
        int to_longer = 0;
        if (pairs[p].by_context &&
            (pairs[p].extra_share >= CONTEXT_MAX_NAME_SHARE ||
             context_similarity(st, pairs[p].shrt, pairs[p].lng, all_words) < CONTEXT_MIN_SIMILARITY))
            continue;
        if (pairs[p].kind == PAIR_PERSON) { /* the surname to the whole name */
            src = pairs[p].shrt;
            dst = pairs[p].lng;
        } else if (st->ns[dst].alone < st->ns[src].alone) {
            /* the shorter, rarer form stands for the longer where the words
             * around them are alike (بايرن for بايرن ميونيخ, يونايتد for
             * مانشستر يونايتد), not where it names another (حزب العمال, the
             * British party, beside حزب العمال الكردستاني: 0.25) */
            if (pairs[p].kind != PAIR_ARTICLE &&
                context_similarity(st, pairs[p].shrt, pairs[p].lng, all_words) < CONTEXT_MIN_SIMILARITY)
                continue;
            src = pairs[p].shrt;
            dst = pairs[p].lng;
            to_longer = pairs[p].kind != PAIR_ARTICLE;
        }
        /* a surname in a group (برونسون, spelled as برانسون is): the group
         * stands for the whole name, through its canon */
        if (target[src] != UINT32_MAX && pairs[p].kind == PAIR_PERSON && target[target[src]] == UINT32_MAX &&
            canon[find(src)] == target[src])
            src = target[src];
        if (target[src] != UINT32_MAX) continue;
        uint32_t to = canon[find(dst)];
        if (to == src) continue;
        target[src] = to;
        edges_ext++;
        by_kind[pairs[p].kind]++;
        by_context_ext += to_longer;
        joined_by_context += pairs[p].by_context;
    }
    /* a name mapped to one that maps on (a spelling group's canon that is
     * itself an extension: منظمة هيومان رايتس ووتش -> منظمة هيومن رايتس
     * ووتش -> هيومن رايتس ووتش) maps to the end: keys are read one hop */
    for (int pass = 0; pass < 4; pass++)
        for (size_t i = 0; i < nn; i++) {
            uint32_t t = target[i];
            if (t != UINT32_MAX && target[t] != UINT32_MAX && target[t] != i) target[i] = target[t];
        }
    alias_row *rows = xmalloc(nn * sizeof *rows);
    size_t nr = 0;
    for (size_t i = 0; i < nn; i++) {
        if (target[i] == UINT32_MAX || !st->ns[i].alone) continue;
        /* a key of one or two letters names too many things to stand for
         * one: اس is واس (the Saudi agency) read with its و off, and آس
         * (the Spanish paper) and إس */
        if (chars_of(st->names.pool + st->names.off[i], st->names.len[i]) < 3) continue;
        rows[nr].from = key_of(st, (uint32_t)i, &rows[nr].fn);
        rows[nr].to = key_of(st, target[i], &rows[nr].tn);
        nr++;
    }
    qsort(rows, nr, sizeof *rows, cmp_alias);
    FILE *o = fopen(path, "w");
    if (!o) die("cannot write the alias table");
    fprintf(o, "/* generated by tools/ner/ner_corpus.c (%zu articles of the ANT news corpora, tagged\n"
               " * with the entity model; acronym pairs in >= %zu articles, extensions with\n"
               " * dominance >= %.2f): %zu aliases; do not edit.\n",
            ndocs, min_docs, dominance, nr);
    fputs(learned_with_model, o);
    fprintf(o, "static const char *const from[%zu] = {\n", nr ? nr : 1);
    for (size_t i = 0; i < nr; i++) {
        write_c_string(o, rows[i].from, rows[i].fn);
        fputs(",\n", o);
    }
    fprintf(o, "%s};\nstatic const char *const to[%zu] = {\n", nr ? "" : "\"\"", nr ? nr : 1);
    for (size_t i = 0; i < nr; i++) {
        write_c_string(o, rows[i].to, rows[i].tn);
        fputs(",\n", o);
    }
    fprintf(o, "%s};\n\nconst fh_ner_alias_data fh_ner_aliases = {%zu, from, to,\n"
               "    \"%zu aliases from %zu news articles\"};\n", nr ? "" : "\"\"", nr, nr, ndocs);
    fclose(o);
    fprintf(stderr,
            "ner_corpus: %zu aliases (%zu extension links: %zu an extra word or two (%zu the shorter for the longer, %zu joined by "
            "the words around them), %zu a person's surname, %zu the "
            "article; %zu acronym and %zu spelling links, of %zu pairs, %zu of %zu read by the words around them; "
            "%zu Latin acronyms spelled out)\n",
            nr, edges_ext, by_kind[PAIR_EXTENSION], by_context_ext, joined_by_context, by_kind[PAIR_PERSON], by_kind[PAIR_ARTICLE], edges_acr,
            edges_spell, nsp / 2, by_context[0], by_context[1], edges_spelled);
    free(rows);
    free(canon);
    free(target);
    free(pairs);
    free(parent);
}

typedef struct ew_row { uint32_t hash; uint8_t val; } ew_row;

static int cmp_ew(const void *x, const void *y)
{
    uint32_t a = ((const ew_row *)x)->hash, b = ((const ew_row *)y)->hash;
    return a < b ? -1 : a > b;
}

/* The end of a learned table's header: its sources and licence. */
static const char learned_from[] =
    " * Learned from the ANT Corpus v1.1 and v2.1 (Apache License 2.0 with a citation\n"
    " * clause) with a model learned from ANERcorp; distributed with the entity model\n"
    " * under CC BY-SA 4.0 (models/ner/README.md, NOTICE).  Only hashes of the words\n"
    " * are stored. */\n#include \"ner.h\"\n\n";

/* A table's two arrays, hash and value, as C (one element of zero when it
 * is empty, which C requires); the caller writes what names them. */
static void write_rows(FILE *o, const ew_row *rows, size_t n)
{
    fprintf(o, "static const uint32_t hash[%zu] = {\n", n ? n : 1);
    for (size_t i = 0; i < n; i++) fprintf(o, "0x%x,%s", rows[i].hash, (i + 1) % 10 ? "" : "\n");
    fprintf(o, "%s};\nstatic const uint8_t value[%zu] = {\n", n ? "" : "0", n ? n : 1);
    for (size_t i = 0; i < n; i++) fprintf(o, "%u,%s", rows[i].val, (i + 1) % 20 ? "" : "\n");
    fprintf(o, "%s};\n", n ? "" : "0");
}

static void write_entity_words(const state *st, const char *path, size_t ndocs)
{
    ew_row *rows = xmalloc(st->words.n * sizeof *rows);
    size_t nr = 0;
    for (size_t i = 0; i < st->words.n; i++) {
        const uint32_t *c = st->wtype[i];
        if (c[0] < 3) continue;
        int t = 1;
        for (int k = 2; k <= 4; k++)
            if (c[k] > c[t]) t = k;
        double r = (double)c[t] / c[0];
        if (r < 0.2) continue;
        unsigned rbin = r < 0.4 ? 0 : r < 0.6 ? 1 : r < 0.8 ? 2 : 3;
        unsigned fbin = c[0] < 10 ? 0 : c[0] < 100 ? 1 : c[0] < 1000 ? 2 : 3;
        rows[nr].hash = fh_ner_hash(FH_NER_SEED_ENTITY_WORD, st->words.pool + st->words.off[i], st->words.len[i]);
        rows[nr].val = (uint8_t)(t << 4 | rbin << 2 | fbin);
        nr++;
    }
    qsort(rows, nr, sizeof *rows, cmp_ew);
    FILE *o = fopen(path, "w");
    if (!o) die("cannot write the entity words");
    fprintf(o, "/* generated by tools/ner/ner_corpus.c (%zu articles of the ANT news corpora, tagged\n"
               " * with the entity model): %zu words often found inside a name, with the type\n"
               " * and how often; do not edit.\n", ndocs, nr);
    fputs(learned_from, o);
    write_rows(o, rows, nr);
    fprintf(o, "\nconst fh_ner_entity_word_data fh_ner_entity_words = {%zu, hash, value,\n"
               "    \"%zu words from %zu news articles\"};\n", nr, nr, ndocs);
    fclose(o);
    fprintf(stderr, "ner_corpus: %zu entity words\n", nr);
    free(rows);
}

/* names tagged at least min_n times, with one type in at least 0.8 of
 * them, and tagged in at least half of the places their words are found */
static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static uint64_t count_of(const intern *t, const char *s, size_t n)
{
    uint32_t id = intern_find(t, s, n);
    return id == UINT32_MAX ? 0 : t->count[id];
}

/* The words names begin with that keep a letter the analyzer reads as a
 * proclitic: written so as a name's first word at least five times (three
 * let in the model's slips: بجريدة, بنظيره) and more than twice as often
 * as the stem is read alone there (بوروسيا against وروسيا read without a
 * proclitic, not against و + روسيا); with و, the conjunction before names
 * of every list, more than ten times as often (وانغ, ووكر; not ودهوك,
 * وعزت). */
static void write_whole_words(const state *st, const char *path, size_t ndocs)
{
    size_t nl = st->leads.n;
    uint8_t *keep = xmalloc(nl + 1);
    uint64_t *whole = xmalloc((nl + 1) * sizeof *whole);
    for (size_t i = 0; i < nl; i++) {
        const char *w = st->leads.pool + st->leads.off[i];
        size_t n = st->leads.len[i];
        whole[i] = count_of(&st->written, w, n) + count_of(&st->bare, w, n);
        keep[i] = 1;
    }
    /* a stem that is itself such a word, here or in the word lists,
     * counts as written whenever it is (لبوروسيا is ل + بوروسيا, بلاس is
     * ب + لاس): dropped words may drop others, so again until nothing
     * changes */
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t i = 0; i < nl; i++) {
            if (!keep[i]) continue;
            const char *w = st->leads.pool + st->leads.off[i];
            size_t n = st->leads.len[i], k = ((unsigned char)w[0] & 0xE0) == 0xC0 ? 2 : 1;
            int wa = k == 2 && (unsigned char)w[0] == 0xD9 && (unsigned char)w[1] == 0x88; /* و */
            uint64_t stem = count_of(&st->bare, w + k, n - k);
            uint32_t sid = intern_find(&st->leads, w + k, n - k), g = 0;
            int listed = fh_u32map_get(&st->res->gaz_words, fh_ner_hash(FH_NER_SEED_GAZ_WORD, w + k, n - k), &g) &&
                         (g & (FH_GAZ_WHOLE | FH_GAZ_WHOLE_NAME));
            if (sid != UINT32_MAX && (keep[sid] || listed)) stem += whole[sid];
            if (whole[i] >= 5 && whole[i] > (wa ? 10 : 2) * stem) continue;
            keep[i] = 0;
            changed = 1;
        }
    }
    const char **rows = xmalloc((nl + 1) * sizeof *rows);
    size_t nr = 0;
    for (size_t i = 0; i < nl; i++) {
        if (!keep[i]) continue;
        size_t n = st->leads.len[i];
        char *c = xmalloc(n + 1);
        memcpy(c, st->leads.pool + st->leads.off[i], n);
        c[n] = '\0';
        rows[nr++] = c;
    }
    free(keep);
    free(whole);
    qsort(rows, nr, sizeof *rows, cmp_str);
    FILE *o = fopen(path, "w");
    if (!o) die("cannot write the whole-word table");
    fprintf(o, "/* generated by tools/ner/ner_corpus.c --whole-words (%zu articles of the ANT news\n"
               " * corpora, tagged with the entity model): the first words of names that keep\n"
               " * a letter the analyzer reads as a proclitic: %zu words; do not edit.\n",
            ndocs, nr);
    fputs(learned_with_model, o);
    fprintf(o, "static const char *const word[%zu] = {\n", nr ? nr : 1);
    for (size_t i = 0; i < nr; i++) fprintf(o, "\"%s\",\n", rows[i]);
    fprintf(o, "%s};\n\nconst fh_ner_whole_word_data fh_ner_whole_words = {%zu, word,\n"
               "    \"%zu words from %zu news articles\"};\n", nr ? "" : "\"\"", nr, nr, ndocs);
    fclose(o);
    fprintf(stderr, "ner_corpus: %zu whole words\n", nr);
    for (size_t i = 0; i < nr; i++) free((void *)rows[i]);
    free(rows);
}

static void write_names(state *st, const char *text, size_t sz, const char *path, size_t ndocs, unsigned min_n)
{
    for (size_t at = 0; at < sz;) {
        const char *ff = memchr(text + at, '\f', sz - at);
        size_t end = ff ? (size_t)(ff - text) : sz;
        fh_ner_sentences(st->res, text + at, end - at, count_names, st, NULL);
        at = end + 1;
    }
    ew_row *rows = xmalloc(2 * st->lnames.n * sizeof *rows + 1);
    size_t nr = 0, nn = 0;
    for (size_t i = 0; i < st->lnames.n; i++) {
        const uint32_t *c = st->ltype[i];
        uint32_t all = c[1] + c[2] + c[3] + c[4];
        int t = 1;
        for (int k = 2; k <= 4; k++)
            if (c[k] > c[t]) t = k;
        if (all < min_n || c[t] < 0.8 * all || all < 0.5 * c[5]) continue;
        const char *w = st->lnames.pool + st->lnames.off[i];
        size_t len = st->lnames.len[i];
        rows[nr].hash = fh_ner_hash(FH_NER_SEED_LNAME, w, len);
        rows[nr++].val = (uint8_t)t;
        const char *sp = memchr(w, ' ', len);
        rows[nr].hash = fh_ner_hash(FH_NER_SEED_LNAME, w, (size_t)(sp - w));
        rows[nr++].val = FH_NER_LNAME_FIRST;
        nn++;
    }
    qsort(rows, nr, sizeof *rows, cmp_ew);
    size_t m = 0;
    for (size_t i = 0; i < nr; i++) {
        if (m && rows[m - 1].hash == rows[i].hash) rows[m - 1].val |= rows[i].val;
        else rows[m++] = rows[i];
    }
    FILE *o = fopen(path, "w");
    if (!o) die("cannot write the names");
    fprintf(o, "/* generated by tools/ner/ner_corpus.c (%zu articles of the ANT news corpora, tagged\n"
               " * with the entity model): %zu whole names of 2-6 words the model tags often and\n"
               " * with one type, and their first words; do not edit.\n", ndocs, nn);
    fputs(learned_from, o);
    write_rows(o, rows, m);
    fprintf(o, "\nconst fh_ner_learned_name_data fh_ner_learned_names = {%zu, hash, value,\n"
               "    \"%zu names from %zu news articles\"};\n", m, nn, ndocs);
    fclose(o);
    fprintf(stderr, "ner_corpus: %zu learned names\n", nn);
    free(rows);
}

int main(int argc, char **argv)
{
    const char *ew_out = NULL, *alias_out = NULL, *names_out = NULL, *whole_out = NULL, *in = NULL;
    size_t min_docs = 2;
    unsigned min_names = 3;
    double dominance = 0.9;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--entity-words") && i + 1 < argc) ew_out = argv[++i];
        else if (!strcmp(argv[i], "--aliases") && i + 1 < argc) alias_out = argv[++i];
        else if (!strcmp(argv[i], "--names") && i + 1 < argc) names_out = argv[++i];
        else if (!strcmp(argv[i], "--whole-words") && i + 1 < argc) whole_out = argv[++i];
        else if (!strcmp(argv[i], "--min-names") && i + 1 < argc) min_names = (unsigned)atoi(argv[++i]);
        else if (!strcmp(argv[i], "--min-docs") && i + 1 < argc) min_docs = (size_t)atol(argv[++i]);
        else if (!strcmp(argv[i], "--dominance") && i + 1 < argc) dominance = atof(argv[++i]);
        else if (!in && argv[i][0] != '-') in = argv[i];
        else die("usage: ner_corpus [--entity-words FILE] [--aliases FILE] [--min-docs N] [--dominance F] [--names FILE] [--min-names N] [--whole-words FILE] NEWS.txt");
    }
    if (!in) die("no input");
    if (alias_out && fh_ner_aliases.n) die("the library carries an alias table: build with the empty one first");
    FILE *f = fopen(in, "rb");
    if (!f) die("cannot open the input");
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = xmalloc((size_t)sz + 1);
    if (fread(text, 1, (size_t)sz, f) != (size_t)sz) die("cannot read the input");
    fclose(f);
    fahras_options o;
    fahras_options_default(&o);
    o.utf8 = FAHRAS_UTF8_REPLACE;
    fahras_error err;
    fahras_analyzer *an = fahras_analyzer_new(&o, &err);
    fahras_tagger *tg = an ? fahras_tagger_new(an, &err) : NULL;
    /* the tables the model's features read learn from its own reading; the
     * alias table, which only joins the keys of names found, from the
     * names as the tagger gives them, its corrections made */
    fh_tagger_corrections(tg, alias_out && !ew_out && !names_out && !whole_out);
    fh_ner_res res;
    if (!tg || fh_ner_res_init(&res, NULL, FAHRAS_UTF8_REPLACE, 0, &err) != FAHRAS_OK) die(err.message);
    state st;
    memset(&st, 0, sizeof st);
    st.tg = tg;
    st.res = &res;
    st.want_names = names_out != NULL;
    st.want_whole = whole_out != NULL;
    st.want_forms = alias_out != NULL;
    size_t ndocs = 0;
    for (size_t at = 0; at < (size_t)sz;) {
        char *ff = memchr(text + at, '\f', (size_t)sz - at);
        size_t end = ff ? (size_t)(ff - text) : (size_t)sz;
        article(&st, text + at, end - at);
        ndocs++;
        at = end + 1;
    }
    fprintf(stderr, "ner_corpus: %zu articles, %zu names, %zu pairs\n", ndocs, st.names.n, st.npairs);
    if (ew_out) write_entity_words(&st, ew_out, ndocs);
    if (alias_out) write_aliases(&st, alias_out, min_docs, dominance, ndocs);
    if (names_out) write_names(&st, text, (size_t)sz, names_out, ndocs, min_names);
    if (whole_out) write_whole_words(&st, whole_out, ndocs);
    fh_ner_res_free(&res);
    fahras_tagger_free(tg);
    fahras_analyzer_free(an);
    free(text);
    return 0;
}
