#!/bin/bash
# Core suite: unit tests, golden files through library and CLI, CLI error
# paths, the seed article (when ../shared is there), the fuzz corpus, and
# the same under ASan+UBSan, valgrind and clang.
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh
B=${BUILD:-build}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
# hang guard only (no timing is asserted): a stuck test fails instead of blocking CI
guard() { timeout 600 "$@"; }

make -s BUILD=$B core-test-bins >/dev/null || { fail "build"; summary; }
FAHRAS=$B/fahras

# 1. unit tests
check "unit tests" guard "$B/tests/unit"
check "the stored analyses of the frequent words are this code's (make tables)" guard "$B/tests/morph_hot"

# 2. golden files: library and CLI give the expected tokens
G=tests/core/golden
"$B/tests/golden_lib" $G/text.in > "$T/lib.tsv"
check "golden tokenize (library)" diff -u $G/text.tokenize.expected "$T/lib.tsv"
$FAHRAS tokenize $G/text.in > "$T/cli.tsv"
check "golden tokenize (CLI)" diff -u $G/text.tokenize.expected "$T/cli.tsv"
$FAHRAS tokenize --json $G/text.in > "$T/cli.json"
check "golden tokenize --json" diff -u $G/text.tokenize.json.expected "$T/cli.json"
check "tokenize --json is valid JSON lines" python3 -c "
import json,sys
for l in open('$T/cli.json', encoding='utf-8'): json.loads(l)"
$FAHRAS normalize $G/text.in > "$T/norm.txt"
check "golden normalize" diff -u $G/text.normalize.expected "$T/norm.txt"
$FAHRAS stem $G/words.in > "$T/stem.tsv"
check "golden stem" diff -u $G/words.stem.expected "$T/stem.tsv"
$FAHRAS segment $G/words.in > "$T/seg.tsv"
check "golden segment" diff -u $G/words.segment.expected "$T/seg.tsv"
check "stdin equals file" sh -c "$FAHRAS stem < $G/words.in | cmp -s - $T/stem.tsv"
# code-point offsets, on text with characters beyond U+FFFF, CRLF lines,
# a line of invalid UTF-8 (skipped, yet counted: each bad byte is one
# U+FFFD) and a second file (offsets start again)
printf '😀 السلام 𝔸 عليكم\r\n\xff\xfe bad\n🇸🇦 والتحالفُ الدَّوْليّ é x\n' > "$T/cp.txt"
printf 'ب 😀 ج\n' > "$T/cp2.txt"
$FAHRAS tokenize --json "$T/cp.txt" "$T/cp2.txt" > "$T/cp.json" 2>/dev/null
check "tokenize --json: Python text[start_cp:end_cp] is the surface" python3 - "$T/cp.txt" "$T/cp2.json" "$T/cp.json" <<'PY'
import json, sys
texts = [open(sys.argv[1], encoding='utf-8', errors='replace', newline='').read(),
         open(sys.argv[1].replace('cp.txt', 'cp2.txt'), encoding='utf-8', newline='').read()]
rows = [json.loads(l) for l in open(sys.argv[3], encoding='utf-8')]
which, last, n = 0, -1, 0
for d in rows:
    if d["start"] < last:
        which += 1          # the second file
    last = d["start"]
    got = texts[which][d["start_cp"]:d["end_cp"]]
    assert got == d["surface"], (d, got)
    n += 1
assert n >= 8 and which == 1, (n, which)
PY
if command -v node >/dev/null; then
    check "tokenize --json: JavaScript Array.from(text).slice(start_cp, end_cp) is the surface" node -e '
const fs = require("fs");
const text = Array.from(fs.readFileSync(process.argv[1], "utf8"));   // U+FFFD for each bad byte
const rows = fs.readFileSync(process.argv[2], "utf8").trim().split("\n").map(JSON.parse);
let n = 0, last = -1;
for (const d of rows) {
  if (d.start < last) break;                                       // the second file
  last = d.start;
  const got = text.slice(d.start_cp, d.end_cp).join("");
  if (got !== d.surface) { console.error(JSON.stringify(d), got); process.exit(1); }
  n++;
}
if (n < 6) process.exit(1);' "$T/cp.txt" "$T/cp.json"
else
    skip "tokenize --json code points in JavaScript (node is not installed)"
fi
check "offsets slice the original bytes" python3 - "$G/text.in" "$T/cli.json" <<'PY'
import json, sys
data = open(sys.argv[1], 'rb').read()
for line in open(sys.argv[2], encoding='utf-8'):
    t = json.loads(line)
    if data[t['start']:t['end']].decode('utf-8') != t['surface']:
        sys.exit('offset mismatch: %r' % t)
PY

# 3. regressions: one line per fixed bug, word<TAB>expected key
while IFS=$'\t' read -r word want note; do
    [ -z "$word" ] || [ "${word:0:1}" = "#" ] && continue
    got=$(printf '%s\n' "$word" | $FAHRAS stem | cut -f2)
    check "regression $word -> $want ($note)" [ "$got" = "$want" ]
done < tests/core/regressions.tsv

# 4. CLI behaviour on bad input and usage
printf 'قسد\n\xff\xfe bad\nقسد\n' > "$T/bad.txt"
$FAHRAS stem "$T/bad.txt" > "$T/out" 2> "$T/err"; rc=$?
check "invalid UTF-8: exit 1" [ $rc = 1 ]
check "invalid UTF-8: message names file, line and byte" grep -q "bad.txt:2: invalid UTF-8 at byte 7" "$T/err"
check "invalid UTF-8: other lines kept" [ "$(grep -c 'قسد' "$T/out")" = 2 ]
$FAHRAS stem --replace-invalid "$T/bad.txt" > "$T/out" 2> "$T/err"; rc=$?
check "--replace-invalid: exit 0" [ $rc = 0 ]
printf 'قس\xd8' > "$T/trunc.txt"
$FAHRAS tokenize "$T/trunc.txt" > /dev/null 2> "$T/err"; rc=$?
check "truncated UTF-8 at end of file: exit 1" [ $rc = 1 ]
check "truncated UTF-8: named" grep -q "trunc.txt:1: invalid UTF-8 at byte 4" "$T/err"
$FAHRAS stem /nonexistent/file > /dev/null 2> "$T/err"; rc=$?
check "missing file: a usage error (exit 2) naming the path" sh -c "[ $rc = 2 ] && grep -q /nonexistent/file $T/err"
$FAHRAS stem --bogus > /dev/null 2>&1; rc=$?
check "unknown flag: exit 2" [ $rc = 2 ]
$FAHRAS stem --options stem=heavy < /dev/null > /dev/null 2> "$T/err"; rc=$?
check "bad analyzer option: exit 2, named" sh -c "[ $rc = 2 ] && grep -q heavy $T/err"
$FAHRAS nosuchcommand > /dev/null 2>&1; rc=$?
check "unknown command: exit 2" [ $rc = 2 ]
for c in normalize tokenize stem segment; do
    check "$c --help" sh -c "$FAHRAS $c --help | grep -q usage"
done
check "empty input" sh -c "[ -z \"\$($FAHRAS tokenize < /dev/null)\" ]"
head -c 3000000 /dev/zero | tr '\0' 'x' > "$T/long.txt"
check "3 MB line" sh -c "[ \"\$($FAHRAS tokenize $T/long.txt | wc -l)\" = 1 ]"
check "NUL bytes are separators" sh -c "printf 'قسد\0قسد\n' | $FAHRAS stem | grep -q 'قسد+قسد'"

# 5. the seed article (shared data; skipped when absent)
SEED=$(ls ../shared/seed/*.txt 2>/dev/null | head -n 1)
if [ -n "$SEED" ]; then
    $FAHRAS tokenize --json "$SEED" > "$T/seed.json"
    check "seed: offsets slice back, spellings share keys" python3 - "$SEED" "$T/seed.json" <<'PY'
import json, sys
data = open(sys.argv[1], 'rb').read()
toks = [json.loads(l) for l in open(sys.argv[2], encoding='utf-8')]
for t in toks:
    assert data[t['start']:t['end']].decode() == t['surface'], t
def keys(surface):
    return {t['key'] for t in toks if t['surface'] == surface}
spellings = [s for s in ('الدَّوْليّ', 'الدُّوَليّ', 'الدولي') if keys(s)]
assert len(spellings) >= 2, spellings
for s in spellings:
    assert keys(s) == {'دولي'}, (s, keys(s))
# لـ”قسد” and «قسد» and (قسد) all give the key of قسد; the glued لـ is no token
assert keys('قسد') == {'قسد'}, keys('قسد')
assert not [t for t in toks if t['surface'] == 'لـ'], 'detached clitic emitted'
pairs = [(s, k) for s, k in (('والتحالف', 'تحالف'), ('للتحالف', 'تحالف'), ('التحالف', 'تحالف'),
                               ('بريف', 'ريف'), ('ريف', 'ريف')) if keys(s)]
assert len(pairs) >= 4, pairs
for s, k in pairs:
    assert keys(s) == {k}, (s, keys(s))
assert keys('نيسان') == {'نيسان'} and keys('أبريل') == {'ابريل'}
PY
else
    skip "seed article: ../shared/seed not present"
fi

# 6. fuzz corpus replay (plain build)
check "fuzz corpus replay" guard "$B/tests/fuzz_replay" fuzz/corpus/analyze
check "fuzz corpus replay: options parser" guard "$B/tests/fuzz_options_replay" fuzz/corpus/options

# 6b. dates, numbers, ordinals and counts (fahras_find_values) and the date
# normalizer: the expression and date tables, the API, a golden article
# written for these tests, the seed article, the fuzz corpus, the generated
# tables, and dates at import.
check "values: expression table, date normalizer, API" guard "$B/tests/values_test" \
    tests/core/values_cases.tsv tests/core/datenorm_cases.tsv
"$B/tests/values_test" --dump $G/values_article.txt > "$T/values_article.tsv"
check "values: golden article" diff -u $G/values_article.expected "$T/values_article.tsv"
check "values: offsets slice the original bytes" python3 - "$G/values_article.txt" "$T/values_article.tsv" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
for line in open(sys.argv[2], encoding='utf-8'):
    start, end, typ, value, unit, hijri, surface = line.rstrip('\n').split('\t')
    assert data[int(start):int(end)].decode() == surface, line
PY
if [ -n "$SEED" ]; then
    "$B/tests/values_test" --dump "$SEED" > "$T/seed_values.tsv"
    check "values: seed article dates and counts" python3 - "$T/seed_values.tsv" <<'PY'
import sys
spans = [l.rstrip('\n').split('\t') for l in open(sys.argv[1], encoding='utf-8')]
have = {(s[2], s[3], s[4], s[6]) for s in spans}
want = [('DATE', '2021-04-14', '', '14 أبريل/نيسان 2021'),
        ('DATE', '2021-03-28', '', '28 آذار/مارس الماضي'),
        ('DATE', '2021-04-14/2021-04-15', '', 'ليل الأربعاء – الخميس'),
        ('COUNT', '500', 'عنصر', '500 عنصر'),
        ('COUNT', '50', 'مدرّعة', '50 مدرّعة'),
        ('COUNT', '125', 'أعضاء', '125 من أعضاء')]
missing = [w for w in want if w not in have]
assert not missing, missing
PY
else
    skip "values: seed article: ../shared/seed not present"
fi
check "values: fuzz corpus replay" guard "$B/tests/fuzz_values_replay" fuzz/corpus/values
check "values: word list is generated and folds as fahras normalize" python3 - "$FAHRAS" <<'PY'
import re, subprocess, sys, tempfile, os
with tempfile.TemporaryDirectory() as d:
    out = os.path.join(d, 'v.c')
    subprocess.run(['python3', 'tools/gen_values_lexicon.py', out], check=True, capture_output=True)
    assert open(out, 'rb').read() == open('src/core/values_lexicon.c', 'rb').read(), 'values_lexicon.c is stale'
pairs = re.findall(r'\{"((?:\\x[0-9a-f]{2})+)", "((?:\\x[0-9a-f]{2})+)", \d+, FH_V_', open('src/core/values_lexicon.c').read())
dec = lambda s: bytes.fromhex(s.replace('\\x', '')).decode()
forms = [dec(f) for f, _ in pairs]
spellings = [dec(s) for _, s in pairs]
norm = subprocess.run([sys.argv[1], 'normalize'], input='\n'.join(spellings) + '\n', capture_output=True,
                      text=True, check=True).stdout.split('\n')
bad = [(s, f, n) for s, f, n in zip(spellings, forms, norm) if f != n]
assert len(pairs) > 400 and not bad, bad[:5]
PY
if [ -e /usr/include/unicode/ucal.h ]; then
    cc -O2 tools/gen_hijri_table.c -licui18n -licuuc -o "$T/gen_hijri_table" && "$T/gen_hijri_table" > "$T/hijri_data.c"
    check "values: Umm al-Qura table regenerates from ICU unchanged" cmp -s "$T/hijri_data.c" src/core/hijri_data.c
else
    skip "values: Umm al-Qura table check: libicu-dev not installed"
fi
if $FAHRAS index --help > /dev/null 2>&1; then
    cat > "$T/dates.jsonl" <<'J'
{"id": "d1", "title": "خبر أول", "body": "خبر عن السوق", "date": "14/04/2015"}
{"id": "d2", "title": "خبر ثان", "body": "خبر عن المطر", "date": "Tue, 14 Apr 2015 10:00:00 +0300"}
{"id": "d3", "title": "خبر ثالث", "body": "خبر عن الطريق", "date": "31/02/2015"}
{"id": "d4", "title": "خبر رابع", "body": "خبر عن المدرسة", "date": "١٤ نيسان ٢٠١٦"}
{"id": "d5", "title": "خبر خامس", "body": "خبر عن الميناء", "date": "2016-05-01T08:00:00Z"}
J
    $FAHRAS index -q "$T/dates.db" "$T/dates.jsonl" 2> "$T/dates.err"; rc=$?
    check "import: an unreadable date: exit 1" [ $rc = 1 ]
    check "import: the unreadable date named with file:line" grep -qE "dates.jsonl:3: id \"?d3\"?: date not read" "$T/dates.err"
    check "import: dates stored as ISO 8601, the unreadable one kept in extra" sh -c \
        "[ \"\$(sqlite3 '$T/dates.db' \"SELECT group_concat(id || '=' || ifnull(date, '') || ifnull(extra, ''), ' ') FROM docs\")\" = 'd1=2015-04-14 d2=2015-04-14T10:00:00 d3={\"date\":\"31/02/2015\"} d4=2016-04-14 d5=2016-05-01T08:00:00' ]"
    n=$($FAHRAS search "$T/dates.db" 'خبر' --from 2015 --to 2015 --json | python3 -c "import json,sys; print(json.load(sys.stdin)['total'])")
    check "import: --from 2015 --to 2015 finds the DD/MM/YYYY and RFC 2822 articles ($n)" [ "$n" = 2 ]
    $FAHRAS search "$T/dates.db" 'خبر' --from 2016 --to 2015 > /dev/null 2> "$T/err"; rc=$?
    check "search: --from after --to refused" sh -c "[ $rc = 2 ] && grep -q 'after' $T/err"
    $FAHRAS search "$T/dates.db" 'خبر' --from 2021-02-31 > /dev/null 2> "$T/err"; rc=$?
    check "search: --from 2021-02-31 refused" sh -c "[ $rc = 2 ] && grep -q 'February 2021 has 28 days' $T/err"
    $FAHRAS search "$T/dates.db" 'خبر' --from 2015-06 --to 2015 > /dev/null 2>&1; rc=$?
    check "search: --from 2015-06 --to 2015 (to covers the year) accepted" [ $rc = 0 ]
else
    skip "import: dates (fahras built without index)"
fi
# 6b. the entity tagger: unit tests, the golden article written for
# fahras, the seed article (when ../shared is there), the fuzz corpus
check "tagger unit tests" guard "$B/tests/tagger"
"$B/tests/entities_lib" $G/entities.in > "$T/entities.tsv"
check "golden entities (library)" diff -u $G/entities.expected "$T/entities.tsv"
# an indexer gives the tagger and the value finder the tokens it analyzed:
# the same spans as analyzing again
check "golden entities: fahras_tag_tokens, fahras_find_values_tokens give the same spans" \
    guard "$B/tests/entities_lib" --tokens $G/entities.in
# what the golden article must show whatever the model: each name found, one key each
check "golden entities: each name one key" python3 tests/core/check_entities.py "$T/entities.tsv" \
    'ORG:قسد' 'ORG:داعش' 'ORG:التحالف الدولي' 'LOC:دير الزور' 'LOC:الرقة' 'LOC:دمشق' 'LOC:بيروت'
if [ -n "$SEED" ]; then
    "$B/tests/entities_lib" "$SEED" > "$T/seed_entities.tsv"
    check "seed: fahras_tag_tokens, fahras_find_values_tokens give the same spans" \
        guard "$B/tests/entities_lib" --tokens "$SEED"
    check "seed: قسد, داعش, التحالف الدولي, دير الزور, الرقة found, one key each" \
        python3 tests/core/check_entities.py "$T/seed_entities.tsv" \
        'ORG:قسد' 'ORG:داعش' 'ORG:التحالف الدولي' 'LOC:دير الزور' 'LOC:الرقة'
else
    skip "seed article entities: ../shared/seed not present"
fi
# 6c. `fahras entities`: the same analysis through the CLI and the readers
# (an article written for fahras, dated, so its relative dates resolve
# against its date; the seed article when ../shared is there)
ENT_SPECS=('ORG:قسد' 'ORG:داعش' 'ORG:التحالف الدولي' 'LOC:دير الزور' 'LOC:الرقة'
    DATE:2021-04-14 DATE:2021-03-28 COUNT:500:عنصر COUNT:50:مدرعة COUNT:125:أعضاء)
$FAHRAS entities --json $G/article.jsonl > "$T/article_ent.json"
check "entities CLI: written article (one key each, dates, counts, offsets)" \
    python3 tests/core/check_cli_entities.py --body $G/article.jsonl "$T/article_ent.json" \
    "${ENT_SPECS[@]}" DATE:2021-04-19
check "entities CLI: a wrong expectation fails the checker" \
    sh -c "! python3 tests/core/check_cli_entities.py '$T/article_ent.json' COUNT:7:عنصر 2>/dev/null"
# a body opening with its headline: that line is not read, but the offsets
# still slice the body as the input holds it
printf '{"id":"h","title":"قتلى في دمشق","date":"2021-04-20","body":"قتلى في دمشق\\nقتل 5 أشخاص في دمشق أمس."}\n' > "$T/headline.jsonl"
$FAHRAS entities --json "$T/headline.jsonl" > "$T/headline_ent.json"
check "entities CLI: offsets count a repeated headline line in the body" \
    python3 tests/core/check_cli_entities.py --body "$T/headline.jsonl" "$T/headline_ent.json" \
    DATE:2021-04-19 COUNT:5:أشخاص
$FAHRAS entities $G/article.jsonl > "$T/article_ent.tsv"
check "entities CLI: text output has the same spans" \
    [ "$(grep -c $'^[0-9]' "$T/article_ent.tsv")" = "$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['spans']))" "$T/article_ent.json")" ]
python3 bench/entity_keys_diff.py "$FAHRAS" "$FAHRAS" $G/article.jsonl --type ORG > "$T/keys_diff.txt" 2>&1
check "bench/entity_keys_diff.py: a build against itself keys no organisation otherwise" \
    grep -Eq '; [1-9][0-9]* ORG names, 0 keyed otherwise' "$T/keys_diff.txt"
printf '{"id":"a","body":"\xff\xfe x"}\n{"id":"b","body": bad}\n{"id":"c","body":"في دمشق أمس","date":"2021-04-20"}\n' > "$T/bad.jsonl"
$FAHRAS entities "$T/bad.jsonl" > "$T/bad.out" 2> "$T/bad.err"; rc=$?
check "entities CLI: invalid UTF-8 and bad JSON reported with file:line, the rest read" \
    sh -c "[ $rc = 1 ] && grep -q 'bad.jsonl:1: .*UTF-8' '$T/bad.err' && grep -q 'bad.jsonl:2: .*JSON' '$T/bad.err' && grep -q '2021-04-19' '$T/bad.out'"
$FAHRAS entities --date 2021-02-30 "$T/bad.jsonl" > /dev/null 2>&1; rc=$?
check "entities CLI: a bad --date is a usage error" [ $rc = 2 ]
if [ -n "$SEED" ]; then
    $FAHRAS entities --json "$SEED" > "$T/seed_ent.json"
    check "entities CLI: seed article (one key each, 2021-04-14, 2021-03-28, counts)" \
        python3 tests/core/check_cli_entities.py "$T/seed_ent.json" "${ENT_SPECS[@]}"
else
    skip "entities CLI: seed article: ../shared/seed not present"
fi
check "tagger fuzz corpus replay" guard "$B/tests/fuzz_tagger_replay" fuzz/corpus/tagger

# 6d. the trainer's jackknifed entity words (ner_train --ew-split, --ew-jack):
# each block's file is the corpus less that block, cut after a '.', and
# training reads a table for each block; the CRF trainer (--crf)
if make -s BUILD=$B "$B/tools/ner_train" >/dev/null 2>&1; then
    printf '%s\n' 'قال O' 'محمد B-PERS' 'علي I-PERS' '. O' 'زار O' 'الرقة B-LOC' '. O' 'وصل O' 'الوفد B-ORG' '. O' \
        > "$T/ew.txt"
    guard "$B/tools/ner_train" --ew-split 2 "$T/ewb" "$T/ew.txt"
    check "ner_train --ew-split: the first file is the corpus less block 0 (up to the second '.')" \
        test "$(tr '\n' '|' < "$T/ewb0.txt")" = "وصل O|الوفد B-ORG|. O|"
    check "ner_train --ew-split: the second file is the corpus less block 1" \
        test "$(tr '\n' '|' < "$T/ewb1.txt")" = "قال O|محمد B-PER|علي I-PER|. O|زار O|الرقة B-LOC|. O|"
    for k in 0 1; do
        printf 'static const uint32_t hash[2] = {\n0x1234,0x5678,\n};\nstatic const uint8_t value[2] = {\n3,%d,\n};\n' \
            $((k + 5)) > "$T/ewb$k.c"
    done
    check "ner_train --ew-jack: trains with a table for each block" \
        guard "$B/tools/ner_train" --epochs 1 --ew-jack 2 "$T/ewb" --out "$T/ew_model.c" "$T/ew.txt"
    check "ner_train --ew-jack: a missing table is an error" \
        sh -c "! '$B/tools/ner_train' --epochs 1 --ew-jack 3 '$T/ewb' '$T/ew.txt' 2>/dev/null"
    # the CRF's gradient (forward-backward, transitions, the L2 term)
    # against central differences of its loss
    check "ner_train --crf-check: the CRF's gradient matches its loss's differences" \
        guard "$B/tools/ner_train" --crf-check --crf 0.5 "$T/ew.txt"
    check "ner_train --crf: trains a model with weights" \
        sh -c "'$B/tools/ner_train' --crf 0.5 --out '$T/crf_model.c' '$T/ew.txt' 2>/dev/null &&
               grep -q 'CRF weights' '$T/crf_model.c' && grep -Eq 'weights, [1-9][0-9]*, trans' '$T/crf_model.c'"
    # a mistyped number names its option rather than meaning 0 (the
    # perceptrons, for --crf)
    check "ner_train: a number that is not one is an error naming the option" \
        sh -c "! '$B/tools/ner_train' --crf 3x '$T/ew.txt' 2>'$T/badnum.err' && grep -q -- '--crf wants a number' '$T/badnum.err'"
else
    fail "build ner_train"
fi

# 7. make install: header, static and shared library, pkg-config file, CLI
if make -s BUILD=$B install DESTDIR="$T/inst" PREFIX=/usr/local > "$T/install.log" 2>&1; then
    cat > "$T/use.c" <<'C'
#include <fahras.h>
#include <stdio.h>
int main(void) {
    char key[64]; size_t n;
    fahras_analyzer *a = fahras_analyzer_new(NULL, NULL);
    if (!a || fahras_stem(a, "والتحالف", 16, key, sizeof key, &n, NULL)) return 1;
    puts(key);
    fahras_analyzer_free(a);
    return 0;
}
C
    P="$T/inst/usr/local"
    flags=$(PKG_CONFIG_PATH="$P/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$T/inst" pkg-config --cflags --libs fahras 2>/dev/null)
    check "installed library links through pkg-config (shared)" sh -c \
        "cc '$T/use.c' $flags -o '$T/use' && [ \"\$(LD_LIBRARY_PATH='$P/lib' '$T/use')\" = 'تحالف' ]"
else
    fail "make install" "$(tail -5 "$T/install.log")"
fi

# 8. sanitizers, valgrind, clang
if make -s asan BUILD=$B > "$T/asan.log" 2>&1; then ok "ASan+UBSan: unit tests, value tests and fuzz corpora"; else fail "ASan+UBSan" "$(tail -30 "$T/asan.log")"; fi
if command -v valgrind > /dev/null; then
    check "valgrind: unit tests clean" guard valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite "$B/tests/unit"
    check "valgrind: value tests clean" guard valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
        "$B/tests/values_test" tests/core/values_cases.tsv tests/core/datenorm_cases.tsv
    check "valgrind: tagger tests clean" guard valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite "$B/tests/tagger"
else
    skip "valgrind not installed"
fi
if command -v clang > /dev/null; then
    check "clang -Wall -Wextra -Werror build of the core" make -s CORE_ONLY=1 CC=clang BUILD=$B/clang lib cli
else
    skip "clang not installed"
fi

summary
