#!/bin/bash
# tests/html/run.sh - web pages and WARC archives: `fahras extract`
# (fields, boilerplate removed, charsets: UTF-8, windows-1256, a lying
# declaration, undecodable bytes), `fahras index` of .html, .html.gz, a
# directory and a .warc.gz made here, skipped records reported with their
# place, hostile inputs bounded by counted work (elements, depth, bytes:
# not by time), and the replays of the HTML and WARC fuzz targets.
# Needs nothing from ../shared.  Prints "N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/../.."
F=${FAHRAS:-build/fahras}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh
# A guard against a hang only; the assertions count work, never time.
GUARD="timeout 300"

if [ ! -x "$F" ] || [ ! -x build/tests/fuzz_html_replay ]; then
    make -s all web-fuzz-bins >/dev/null || { fail "build"; summary; }
fi
D=tests/html
iconv -f UTF-8 -t WINDOWS-1256 $D/cp1256-article.html.in > "$T/cp1256.html"
# json FILE EXPR: EXPR (Python) over o, the JSON object of the first line
json() { "$PY" -c "import json,sys; o=json.loads(open(sys.argv[1]).readline()); sys.exit(0 if ($2) else 1)" "$1"; }

# ---------------------------------------------------------------- extract: fields
"$F" extract --json $D/utf8-article.html > "$T/u.json" 2>"$T/u.err"
check "extract --json: exit 0, one object" bash -c "[ \$(wc -l < $T/u.json) = 1 ]"
check "id and url: canonical link resolved against og:url, fragment dropped" \
    json "$T/u.json" "o['id'] == o['url'] == 'https://akhbar.example/economy/2023/05/14/solar-plant'"
check "title: og:title without the site-name suffix" json "$T/u.json" "o['title'] == 'افتتاح محطة الطاقة الشمسية في الزرقاء'"
check "date: JSON-LD datePublished (in @graph), ISO 8601" json "$T/u.json" "o['date'] == '2023-05-14T08:15:00+03:00'"
check "author from JSON-LD, source from og:site_name" \
    json "$T/u.json" "o['author'] == 'ليلى حداد' and o['source'] == 'شبكة الأخبار المحلية'"
check "category from the JSON-LD breadcrumbs (not the article's own crumb)" json "$T/u.json" "o['category'] == 'اقتصاد'"
check "body: the four paragraphs, separated by blank lines" \
    json "$T/u.json" "o['paragraphs'] == 4 and o['body'].count('\n\n') == 3 and o['body'].startswith('افتتحت وزارة الطاقة') and o['body'].endswith('درجات الحرارة.')"
for junk in "ملفات تعريف الارتباط" "شارك المقال" "اقرأ أيضًا" "أسعار الكهرباء ترتفع" "أخبار ذات صلة" \
            "خطوة ممتازة" "صندوق بريدك" "جميع الحقوق" "إعلان" "not text" "color: red" "الرئيسية"; do
    check "body without boilerplate: $junk" json "$T/u.json" "'$junk' not in o['body']"
done
check "extract (text form) shows the fields and the body" bash -c "
  $F extract $D/utf8-article.html | grep -q '^title     افتتاح محطة'"

# ---------------------------------------------------------------- charsets
"$F" extract --json "$T/cp1256.html" > "$T/cp.json" 2>"$T/cp.err"
check "windows-1256 page: charset from <meta http-equiv>" json "$T/cp.json" "o['charset'] == 'WINDOWS-1256' and o['charset_from'] == 'meta'"
check "windows-1256 page: Arabic title and body decoded" \
    json "$T/cp.json" "o['title'] == 'انطلاق موسم قطف الزيتون في القرى الشمالية' and 'المزارعون في القرى الشمالية' in o['body'] and o['paragraphs'] == 3"
check "windows-1256 page: date written out (Levantine/Egyptian month names)" json "$T/cp.json" "o['date'] == '2022-10-09'"
check "windows-1256 page: id from the file name (no URL on the page)" json "$T/cp.json" "o['id'] == 'cp1256'"
check "windows-1256 page: menu, links and footer left out" \
    json "$T/cp.json" "'محليات' not in o['body'] and 'معرض الكتاب' not in o['body'] and 'جميع الحقوق' not in o['body']"
# an attribute value past 4 KB is cut on a character, never inside one
{
    printf '<html><head><meta charset="utf-8"><meta property="og:site_name" content="x'
    for i in $(seq 3000); do printf 'ش'; done
    printf '"><title>عنوان الخبر</title></head><body><article>'
    for i in 1 2 3; do printf '<p>قالت الوزارة في بيان اليوم إن المشروع الجديد سيبدأ العمل فيه الشهر المقبل في المدينة.</p>'; done
    printf '</article></body></html>\n'
} > "$T/long-attr.html"
"$F" extract --json "$T/long-attr.html" > "$T/la.json" 2>"$T/la.err"
check "an attribute cut at 4 KB: the source is valid UTF-8, cut between characters" \
    json "$T/la.json" "o['source'].startswith('xش') and len(o['source'].encode()) <= 4096 and set(o['source'][1:]) == {'ش'}"
# a lying declaration: windows-1256 bytes under <meta charset=utf-8>
sed 's/charset=windows-1256/charset=utf-8/' "$T/cp1256.html" > "$T/lie.html"
"$F" extract --json "$T/lie.html" > "$T/lie.json" 2>"$T/lie.err"
check "lying charset (utf-8 declared, windows-1256 bytes): detected and said" \
    json "$T/lie.json" "o['charset'] == 'WINDOWS-1256' and o['charset_from'] == 'detected' and o['title'].startswith('انطلاق موسم') and any('does not decode byte' in n for n in o['notes'])"
check "lying charset: the note is on stderr with the file" grep -q "lie.html: note: declared charset UTF-8 (meta) does not decode byte" "$T/lie.err"
# ISO-8859-6 bytes declared as windows-1256: both decode without error
iconv -f UTF-8 -t ISO-8859-6 $D/cp1256-article.html.in 2>/dev/null > "$T/iso.html" || true
"$F" extract --json "$T/iso.html" > "$T/iso.json" 2>/dev/null
check "ISO-8859-6 bytes declared windows-1256: told apart by detection" \
    json "$T/iso.json" "o['charset'] == 'ISO-8859-6' and o['title'].startswith('انطلاق موسم')"
# no declaration at all
grep -av 'http-equiv' "$T/cp1256.html" > "$T/nodecl.html"
"$F" extract --json "$T/nodecl.html" > "$T/nodecl.json" 2>/dev/null
check "no declaration: windows-1256 detected" json "$T/nodecl.json" "o['charset'] == 'WINDOWS-1256' and o['charset_from'] == 'detected' and o['title'].startswith('انطلاق')"
# undecodable bytes in a UTF-8 page
"$PY" - "$D/utf8-article.html" "$T/badbytes.html" <<'EOF'
import sys
d = open(sys.argv[1], 'rb').read()
i = d.index('وقال الوزير'.encode())
open(sys.argv[2], 'wb').write(d[:i] + b'\xff\xfe' + d[i:])
EOF
off=$("$PY" -c "import sys; print(open(sys.argv[1],'rb').read().index(b'\xff'))" "$T/badbytes.html")
"$F" extract --json "$T/badbytes.html" > "$T/bb.json" 2>"$T/bb.err"; rc=$?
check "undecodable bytes: extracted anyway (exit 0), U+FFFD in the text" \
    bash -c "[ $rc = 0 ] && grep -q '\"body\"' $T/bb.json && grep -q $'\xef\xbf\xbd' $T/bb.json"
check "undecodable bytes: reported with their byte offset ($off)" grep -q "2 undecodable bytes in UTF-8, the first at byte $off" "$T/bb.err"

# ---------------------------------------------------------------- index
mkdir -p "$T/site/sub"
cp $D/utf8-article.html "$T/site/a.html"
cp "$T/cp1256.html" "$T/site/sub/b.htm"
sed 's|solar-plant#top|solar-plant-gz|' $D/utf8-article.html | gzip -c > "$T/site/c.html.gz"
echo "not a page" > "$T/site/notes.md"
check "index a directory of .html, .htm, .html.gz" $GUARD "$F" index -q "$T/site.db" "$T/site"
check "index: 3 documents: canonical ids, else the path below the directory" bash -c "
  [ \"\$(sqlite3 $T/site.db 'SELECT group_concat(id, \" \") FROM (SELECT id FROM docs ORDER BY id)')\" = \
    'https://akhbar.example/economy/2023/05/14/solar-plant https://akhbar.example/economy/2023/05/14/solar-plant-gz sub/b' ]"
check "index: title, date (normalized by the readers: local time), source, category, url, the author as extra" bash -c "
  row=\$(sqlite3 -separator '|' $T/site.db \"SELECT title, date, source, category, url, extra FROM docs WHERE id LIKE '%solar-plant'\")
  [ \"\$row\" = 'افتتاح محطة الطاقة الشمسية في الزرقاء|2023-05-14T08:15:00|شبكة الأخبار المحلية|اقتصاد|https://akhbar.example/economy/2023/05/14/solar-plant|{\"author\":\"ليلى حداد\"}' ]"
check "index: the body holds no boilerplate, search finds the article" bash -c "
  ! sqlite3 $T/site.db \"SELECT body FROM docs\" | grep -q 'صندوق بريدك' &&
  $F search $T/site.db 'الطاقة الشمسية' --json | grep -q solar-plant &&
  ! $F search $T/site.db 'صندوق بريدك' --json | grep -q '\"id\"'"
check "index a single .html file" "$F" index -q "$T/one.db" $D/utf8-article.html
check "index HTML from stdin (recognised by its first byte)" bash -c "
  $F index -q $T/stdin.db - < $T/cp1256.html && [ \"\$(sqlite3 $T/stdin.db 'SELECT count(*) FROM docs')\" = 1 ]"

# ---------------------------------------------------------------- WARC
"$PY" $D/make_warc.py "$T/crawl.warc.gz" $D/utf8-article.html "$T/cp1256.html"
"$F" index -q "$T/warc.db" "$T/crawl.warc.gz" 2>"$T/warc.err"; rc=$?
check "index a .warc.gz (multi-member): exit 1, some records skipped" test "$rc" = 1
check "WARC: the three HTML 200 responses indexed (gzip + chunked one included)" bash -c "
  [ \"\$(sqlite3 $T/warc.db 'SELECT count(*) FROM docs')\" = 3 ] &&
  sqlite3 $T/warc.db \"SELECT id FROM docs\" | grep -qx 'http://wakala.example/news.asp?id=7' &&
  sqlite3 $T/warc.db \"SELECT id FROM docs\" | grep -qx 'https://akhbar.example/economy/2023/05/14/solar-plant-2'"
check "WARC: charset from the HTTP header only (windows-1256)" bash -c "
  sqlite3 $T/warc.db \"SELECT title FROM docs WHERE id LIKE '%wakala%'\" | grep -qx 'انطلاق موسم قطف الزيتون في القرى الشمالية'"
check "WARC: 404 reported with record number and offsets" grep -q "crawl.warc.gz:5: skipped: WARC record 5 at byte [0-9]* (gzip member at byte [0-9]*): HTTP status 404, not 200" "$T/warc.err"
check "WARC: non-HTML reported with its place" grep -q "crawl.warc.gz:6: skipped: WARC record 6 at byte [0-9]* (gzip member at byte [0-9]*): not HTML (image/png)" "$T/warc.err"
check "WARC: truncated record reported with its place" grep -q "crawl.warc.gz:9: skipped: WARC record 9 at byte [0-9]* (gzip member at byte [0-9]*): truncated: the record holds [0-9]* of its [0-9]* bytes" "$T/warc.err"
check "WARC: warcinfo, request and metadata records pass silently" bash -c "[ \$(wc -l < $T/warc.err) = 4 ]"
# standard input: gzip or plain, told apart by the first bytes, as for a file
"$F" index -q "$T/warc-in.db" - < "$T/crawl.warc.gz" 2>"$T/warc-in.err"; rc=$?
check "index a .warc.gz from stdin: the same three pages, exit 1 for the skipped records" bash -c "
  [ $rc = 1 ] && [ \"\$(sqlite3 $T/warc-in.db 'SELECT id FROM docs ORDER BY id')\" = \"\$(sqlite3 $T/warc.db 'SELECT id FROM docs ORDER BY id')\" ]"
check "WARC from stdin: skipped records at the same offsets (no gzip member offset)" \
    grep -q "^fahras index: -:5: skipped: WARC record 5 at byte $(grep -o 'WARC record 5 at byte [0-9]*' "$T/warc.err" | grep -o '[0-9]*$'): HTTP status 404" "$T/warc-in.err"
check "index a plain WARC from a pipe" bash -c "
  zcat $T/crawl.warc.gz | $F index -q $T/warc-pipe.db - 2>/dev/null; [ \"\$(sqlite3 $T/warc-pipe.db 'SELECT count(*) FROM docs')\" = 3 ]"
check "extract a WARC from stdin: 3 pages, as index reads it" bash -c "
  $F extract --json - < $T/crawl.warc.gz 2>/dev/null | grep -c '\"record\":' | grep -qx 3"
"$PY" $D/make_warc.py "$T/plain.warc" $D/utf8-article.html "$T/cp1256.html" --plain
"$F" extract --json "$T/plain.warc" > "$T/plain.json" 2>"$T/plain.err"
check "extract a plain .warc: 3 pages with record numbers and offsets" bash -c "
  [ \$(wc -l < $T/plain.json) = 3 ] && head -1 $T/plain.json | grep -q '\"record\":3,\"offset\":[0-9]*'"
size=$(stat -c %s "$T/crawl.warc.gz")
"$PY" $D/make_warc.py "$T/cut.warc.gz" $D/utf8-article.html "$T/cp1256.html" --truncate $((size * 2 / 3))
"$F" extract --json "$T/cut.warc.gz" > "$T/cut.json" 2>"$T/cut.err"; rc=$?
check "truncated .warc.gz: the whole records before the cut are read, exit 1" \
    bash -c "[ $rc = 1 ] && [ \$(wc -l < $T/cut.json) -ge 1 ]"
check "truncated .warc.gz: the cut record is reported as truncated" grep -q "skipped: truncated.*the gzip data ends early" "$T/cut.err"
head -c $((size * 2 / 3)) "$T/crawl.warc.gz" | "$F" index -q "$T/cut-in.db" - 2>"$T/cut-in.err"; rc=$?
check "truncated .warc.gz on stdin: the records before kept, the cut said, exit 1" bash -c "
  [ $rc = 1 ] && [ \"\$(sqlite3 $T/cut-in.db 'SELECT count(*) FROM docs')\" -ge 1 ] &&
  grep -q 'truncated gzip at byte' $T/cut-in.err"
head -c 5000 /dev/urandom > "$T/noise.warc"
check "random bytes named .warc: reported, no crash" bash -c "
  $GUARD $F extract $T/noise.warc >/dev/null 2>$T/noise.err; rc=\$?; [ \$rc = 1 ] && grep -q 'not a WARC record' $T/noise.err"

# ---------------------------------------------------------------- hostile input (work is counted)
"$PY" - "$T" <<'EOF'
import sys
t = sys.argv[1]
open(t + '/nest50.html', 'w').write('<div>' * 10_000_000)                     # 50 MB of nested tags
open(t + '/nest15.html', 'w').write('<html><body><p>' + 'نص المقال قبل التداخل، وهو طويل بما يكفي ليكون فقرة.' * 4 + '</p>' + '<div>' * 3_000_000)
open(t + '/bomb.html', 'w').write('<html><body><p>' + 'فقرة قبل القنبلة، وفيها ما يكفي من النص لتكون مقالا.' * 4 + '</p>' + '<b></b>' * 1_000_000)
open(t + '/attrs.html', 'w').write('<html><body><div ' + ' '.join('a%d=1' % i for i in range(200_000)) + '>x</div>')
open(t + '/unclosed.html', 'w').write('<html><body><p>' + 'نص قبل الوسوم المفتوحة، طويل بما يكفي ليعد فقرة من مقال.' * 4 + '</p>' + '<b>' * 1_000_000)
EOF
$GUARD "$F" extract --json "$T/nest50.html" > "$T/h1.json" 2>"$T/h1.err"; rc=$?
check "50 MB of nested tags: refused by size, clear error, exit 1" \
    bash -c "[ $rc = 1 ] && grep -q 'page is over the limit of 16777216 bytes' $T/h1.err"
$GUARD "$F" extract --json "$T/nest15.html" > "$T/h2.json" 2>"$T/h2.err"; rc=$?
check "15 MB of nested tags: parsing stops at depth 256, the text before is kept" \
    bash -c "[ $rc = 0 ] && grep -q 'elements nested deeper than 256 at byte' $T/h2.err" 
check "15 MB of nested tags: depth and elements within the bounds" json "$T/h2.json" "o['depth'] <= 256 and o['elements'] <= 300 and 'نص المقال' in o['body']"
$GUARD "$F" extract --json "$T/bomb.html" > "$T/h3.json" 2>"$T/h3.err"; rc=$?
check "1e6 empty elements: parsing stops at 200000 elements" \
    bash -c "[ $rc = 0 ] && grep -q 'more than 200000 elements at byte' $T/h3.err"
check "1e6 empty elements: elements counted = the bound" json "$T/h3.json" "o['elements'] == 200000 and 'فقرة قبل القنبلة' in o['body']"
$GUARD "$F" extract --json "$T/unclosed.html" > "$T/h4.json" 2>"$T/h4.err"; rc=$?
check "1e6 unclosed <b>: stops at depth 256" json "$T/h4.json" "o['depth'] <= 256 and 'نص قبل الوسوم' in o['body']"
$GUARD "$F" extract --json "$T/attrs.html" > "$T/h5.json" 2>"$T/h5.err"; rc=$?
check "a tag with 200000 attributes: refused with its byte offset" \
    bash -c "[ $rc = 1 ] && grep -q 'a tag with more than 1000 attributes at byte 12' $T/h5.err"
printf '<html><body>\0\0\0<p>\x01\x02 nul and controls</p></body></html>' > "$T/ctl.html"
check "NUL and control bytes: no crash, no NUL in the output" bash -c "
  $F extract --json $T/ctl.html > $T/ctl.json 2>/dev/null; [ \$? -le 1 ] && ! grep -q '\\\\u0000' $T/ctl.json"
: > "$T/empty.html"
check "empty page: 'no article text found', exit 1" bash -c "
  ! $F extract $T/empty.html 2>$T/e.err && grep -q 'no article text found' $T/e.err"
check "missing file: reported, exit 1" bash -c "! $F extract $T/nosuch.html 2>$T/m.err && grep -q 'cannot open' $T/m.err"
check "unknown option: usage error, exit 2" bash -c "$F extract --nope x.html 2>/dev/null; [ \$? = 2 ]"

# ---------------------------------------------------------------- fuzz replays
check "fuzz replay: HTML extractor (fuzz/corpus/html)" build/tests/fuzz_html_replay fuzz/corpus/html
check "fuzz replay: WARC reader (fuzz/corpus/warc)" build/tests/fuzz_warc_replay fuzz/corpus/warc

summary
