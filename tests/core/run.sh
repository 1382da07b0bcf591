#!/bin/bash
# Core suite: unit tests, golden files through library and CLI, CLI error
# paths, the seed article (when ../shared is there), the fuzz corpus, and
# the same under ASan+UBSan, valgrind and clang.
set -u
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
pass=0 fail=0 skip=0
ok() { pass=$((pass + 1)); echo "ok - $*"; }
bad() { fail=$((fail + 1)); echo "not ok - $*"; }
skipped() { skip=$((skip + 1)); echo "skip - $*"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else bad "$name"; fi; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
# hang guard only (no timing is asserted): a stuck test fails instead of blocking CI
guard() { timeout 600 "$@"; }

make -s BUILD=$B core-test-bins >/dev/null || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
FAHRAS=$B/fahras

# 1. unit tests
check "unit tests" guard "$B/tests/unit"

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
    skipped "seed article: ../shared/seed not present"
fi

# 6. fuzz corpus replay (plain build)
check "fuzz corpus replay" guard "$B/tests/fuzz_replay" fuzz/corpus/analyze

# 6b. the entity tagger: unit tests, the golden article written for
# fahras, the seed article (when ../shared is there), the fuzz corpus
check "tagger unit tests" guard "$B/tests/tagger"
"$B/tests/entities_lib" $G/entities.in > "$T/entities.tsv"
check "golden entities (library)" diff -u $G/entities.expected "$T/entities.tsv"
# what the golden article must show whatever the model: each name found, one key each
check "golden entities: each name one key" python3 tests/core/check_entities.py "$T/entities.tsv" \
    'ORG:قسد' 'ORG:داعش' 'ORG:التحالف الدولي' 'LOC:دير الزور' 'LOC:الرقة' 'LOC:دمشق' 'LOC:بيروت'
if [ -n "$SEED" ]; then
    "$B/tests/entities_lib" "$SEED" > "$T/seed_entities.tsv"
    check "seed: قسد, داعش, التحالف الدولي, دير الزور, الرقة found, one key each" \
        python3 tests/core/check_entities.py "$T/seed_entities.tsv" \
        'ORG:قسد' 'ORG:داعش' 'ORG:التحالف الدولي' 'LOC:دير الزور' 'LOC:الرقة'
else
    skipped "seed article entities: ../shared/seed not present"
fi
check "tagger fuzz corpus replay" guard "$B/tests/fuzz_tagger_replay" fuzz/corpus/tagger

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
    bad "make install"; tail -5 "$T/install.log"
fi

# 8. sanitizers, valgrind, clang
if make -s asan BUILD=$B > "$T/asan.log" 2>&1; then ok "ASan+UBSan: unit tests and fuzz corpus"; else bad "ASan+UBSan"; tail -30 "$T/asan.log"; fi
if command -v valgrind > /dev/null; then
    check "valgrind: unit tests clean" guard valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite "$B/tests/unit"
    check "valgrind: tagger tests clean" guard valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite "$B/tests/tagger"
else
    skipped "valgrind not installed"
fi
if command -v clang > /dev/null; then
    check "clang -Wall -Wextra -Werror build of the core" make -s CORE_ONLY=1 CC=clang BUILD=$B/clang lib cli
else
    skipped "clang not installed"
fi

echo "$pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
