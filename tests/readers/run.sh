#!/bin/bash
# tests/readers/run.sh - the article readers (src/readers) and the command
# line of every fahras command: JSON (lines, arrays, pretty-printed
# objects), CSV and TSV, .txt ids, --map, --format, gzip (truncated,
# corrupt, multi-member), directory walks (link loops, a file reached
# twice), duplicate and numeric ids, the counts and exit statuses of
# `fahras index`, Ctrl-C while reading stdin, --batch lines with a NUL,
# TREC ids, escaped control characters, unknown options and missing
# files, and the readers' fuzz corpus (plain and ASan+UBSan).
# Needs nothing from ../shared.  Prints "N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/../.."
F=${FAHRAS:-build/fahras}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh
# idx NAME ARGS...: fahras index -q into $T/NAME.db, stderr in $T/NAME.err, exit status in rc
idx() { local n=$1; shift; rm -f "$T/$n.db"*; "$F" index -q "$T/$n.db" "$@" 2>"$T/$n.err"; rc=$?; }
q() { sqlite3 "$T/$1.db" "$2" 2>&1; }
ids() { q "$1" 'SELECT group_concat(id, " ") FROM (SELECT id FROM docs ORDER BY id)'; }

if [ ! -x "$F" ]; then
    make -s all >/dev/null || { fail "build"; summary; }
fi

# ---------------------------------------------------------------- JSON
cat >"$T/arr.json" <<'EOF'
[
  {"id": "r1", "title": "عنوان أول", "body": "نص المقال الأول"},
  {"id": "r2",
   "body": "نص المقال الثاني، على سطرين",
   "author": "كاتب"},
  {"id": "r3", "body": },
  {"id": "r4", "body": "نص [بأقواس] و{معقوفات} و\"اقتباس\" داخل النص"}
]
EOF
idx arr "$T/arr.json"
[ "$rc" = 1 ] && [ "$(ids arr)" = "r1 r2 r4" ] && grep -q 'arr.json:6: skipped: invalid JSON at byte' "$T/arr.err" &&
    [ "$(q arr "SELECT extra FROM docs WHERE id = 'r2'")" = '{"author":"كاتب"}' ] &&
    ok "a .json array is read as articles; a malformed element is reported with its line, the rest kept" ||
    fail "JSON array" "rc=$rc ids=$(ids arr) $(cat "$T/arr.err")"
printf '{\n  "id": "o1",\n  "title": "عنوان",\n  "body": "كائن واحد على أسطر"\n}\n{\n  "id": "o2", "body": "كائن ثان"\n}\n' >"$T/obj.json"
idx obj "$T/obj.json"
[ "$rc" = 0 ] && [ "$(ids obj)" = "o1 o2" ] && ok "pretty-printed objects one after another" ||
    fail "pretty-printed objects" "rc=$rc $(ids obj) $(cat "$T/obj.err")"
printf '[{"id": "t1", "body": "أول"}, {"id": "t2", "body": "ثان"}, {"id": "t3", "bo' >"$T/trunc.json"
idx trj "$T/trunc.json"
[ "$rc" = 1 ] && [ "$(ids trj)" = "t1 t2" ] && grep -q 'trunc.json:1: .*the data ends before the JSON array is closed' "$T/trj.err" &&
    ok "a truncated JSON array: the elements before kept, the end reported, exit 1" ||
    fail "truncated JSON array" "rc=$rc $(ids trj) $(cat "$T/trj.err")"
printf '[\n {"id": "c1", "body": "ن"},\n ,\n {"id": "c2", "body": "ن"}\n]\n[]\n' >"$T/comma.json"
idx comma "$T/comma.json"
[ "$rc" = 1 ] && [ "$(ids comma)" = "c1 c2" ] && grep -q 'comma.json:3: skipped: empty element' "$T/comma.err" &&
    ok "a stray comma in an array is reported with its line; arrays one after another" ||
    fail "stray comma" "rc=$rc $(ids comma) $(cat "$T/comma.err")"
# an array is streamed, never loaded whole: 30,000 elements (~60 MB) read
# in bounded memory (jansson's tree of the whole array would be ~10x it)
"$PY" - "$T/big.json" <<'EOF'
import json, sys
body = "نص طويل يتكرر " * 120
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("[\n")
    for i in range(30000):
        f.write(json.dumps({"id": "same", "body": body}, ensure_ascii=False) + (",\n" if i < 29999 else "\n"))
    f.write("]\n")
EOF
rm -f "$T/big.db"*
/usr/bin/time -f '%M' -o "$T/big.rss" "$F" index -q "$T/big.db" "$T/big.json" 2>"$T/big.err"
rc=$?
size_kb=$(( $(stat -c %s "$T/big.json") / 1024 ))
rss_kb=$(tail -n 1 "$T/big.rss")
[ "$rc" = 1 ] && [ "$rss_kb" -lt $((size_kb / 2)) ] && grep -q '1 indexed, 0 unchanged, 29999 duplicates' "$T/big.err" &&
    ok "a ${size_kb} KB JSON array read element by element: peak memory ${rss_kb} KB" ||
    fail "JSON array streamed" "rc=$rc rss=${rss_kb}KB file=${size_kb}KB $(tail -n 2 "$T/big.err")"
rm -f "$T/big.json" "$T/big.db"*
"$PY" -c '
import sys
with open(sys.argv[1], "w") as f:
    f.write("[{\"id\": \"huge\", \"body\": \"" + "a" * (65 << 20) + "\"},\n")
    f.write(" {\"id\": \"after\", \"body\": \"نص بعد العنصر الضخم\"}]\n")
' "$T/huge.json"
idx huge "$T/huge.json"
[ "$rc" = 1 ] && grep -q 'huge.json:1: skipped: array element longer than' "$T/huge.err" && [ "$(ids huge)" = after ] &&
    ok "an array element over 64 MiB is skipped with its place, the next one indexed" ||
    fail "huge array element" "rc=$rc $(ids huge) $(cat "$T/huge.err")"
rm -f "$T/huge.json"
printf '{"id": "u1", "body": "نص \xff\xfe سيئ"}\n{"id": "u2", "body": "سليم"}\n' >"$T/utf.jsonl"
idx utf "$T/utf.jsonl"
[ "$rc" = 1 ] && grep -q 'utf.jsonl:1: skipped: invalid UTF-8 at byte 27 (column byte 28)' "$T/utf.err" && [ "$(ids utf)" = u2 ] &&
    ok "invalid UTF-8 in JSON: file:line and the byte offset" || fail "invalid UTF-8 in JSON" "rc=$rc $(cat "$T/utf.err")"
printf '[{"id": "s1", "body": "من الإدخال القياسي"}]' | "$F" index -q "$T/sa.db" - 2>"$T/sa.err"
[ $? = 0 ] && [ "$(ids sa)" = s1 ] && ok "a JSON array on stdin" || fail "JSON array on stdin" "$(cat "$T/sa.err")"

# ---------------------------------------------------------------- ids (issue 10 items 9, 11)
mkdir -p "$T/tx/a" "$T/tx/b"
printf 'عنوان\nنص في المجلد أ\n' >"$T/tx/a/x.txt"
printf 'عنوان\nنص في المجلد ب\n' >"$T/tx/b/x.txt"
printf 'عنوان\nنص مضغوط\n' | gzip >"$T/tx/y.txt.gz"
idx tx "$T/tx"
[ "$rc" = 0 ] && [ "$(ids tx)" = "a/x b/x y" ] &&
    ok ".txt ids: the path below the directory given, without .txt and .gz (a/x, b/x, y)" ||
    fail ".txt ids from relative paths" "rc=$rc ids=$(ids tx) $(cat "$T/tx.err")"
printf 'عنوان\nنص بلا اسم\n' | gzip >"$T/art.gz"
idx art "$T/art.gz"
[ "$rc" = 0 ] && [ "$(ids art)" = art ] && ok "a gzip file named without a format: read by content, id without .gz" ||
    fail "sniffed .gz id" "rc=$rc ids=$(ids art) $(cat "$T/art.err")"
printf 'عنوان\nنص غير مضغوط\n' >"$T/tx/y.txt"
idx tx2 "$T/tx"
[ "$rc" = 1 ] && grep -q "tx/y.txt.gz:1: id \"y\" was read before at $T/tx/y.txt:1" "$T/tx2.err" &&
    grep -q ', 1 duplicate,' "$T/tx2.err" && ok "the same id twice in one run (y.txt, y.txt.gz): both places, exit 1" ||
    fail "id collision" "rc=$rc $(cat "$T/tx2.err")"
printf '{"id": 1, "body": "رقم"}\n{"id": "1", "body": "نص"}\n{"id": 2.0, "body": "ن"}\n{"id": 1e3, "body": "ن"}\n{"id": 2.5, "body": "ن"}\n' >"$T/num.jsonl"
idx num "$T/num.jsonl"
[ "$rc" = 1 ] && [ "$(ids num)" = "1 1000 2 2.5" ] && [ "$(q num "SELECT body FROM docs WHERE id = '1'")" = نص ] &&
    grep -q 'num.jsonl:2: id "1" (a JSON string here) is the id read as a number at .*num.jsonl:1' "$T/num.err" &&
    ok "id 1 and id \"1\" are one id (reported when both occur); numbers in shortest decimal form" ||
    fail "numeric ids" "rc=$rc ids=$(ids num) $(cat "$T/num.err")"

# ---------------------------------------------------------------- loops (issue 10 item 5)
mkdir -p "$T/loop/sub"
printf 'عنوان\nنص أول\n' >"$T/loop/a.txt"
echo '{"id": "j1", "body": "نص"}' >"$T/loop/sub/b.jsonl"
ln -s . "$T/loop/self1"
ln -s . "$T/loop/self2"
ln -s .. "$T/loop/sub/up"
ln -s a.txt "$T/loop/link.txt"
rm -f "$T/loop.db"*
timeout 60 "$F" index -q "$T/loop.db" "$T/loop" "$T/loop/sub" 2>"$T/loop.err"
rc=$?
[ "$rc" = 0 ] && [ "$(ids loop)" = "a j1" ] && grep -q '2 indexed, 0 unchanged, 0 duplicates' "$T/loop.err" &&
    grep -q "loop/self1: note: the same directory as $T/loop, already read" "$T/loop.err" &&
    grep -q "loop/sub/up: note: the same directory" "$T/loop.err" &&
    ok "directory link loops: each directory read once, each loop reported with its path" ||
    fail "directory loops" "rc=$rc ids=$(ids loop) $(head -c 600 "$T/loop.err")"
grep -q "loop/link.txt: note: the same file as $T/loop/a.txt, already read" "$T/loop.err" &&
    ok "a file reached twice through a link is indexed once" || fail "file link" "$(cat "$T/loop.err")"

# ---------------------------------------------------------------- gzip (issue 10 item 8)
# flushed at every record, then cut right after a flush: the data decodes
# cleanly up to the cut, and only the missing end of the stream tells
"$PY" - "$T" <<'EOF'
import json, sys, zlib
t = sys.argv[1]
def gz(name, chunks, cut_after):
    c = zlib.compressobj(6, zlib.DEFLATED, 31)
    out = b""
    for i, ch in enumerate(chunks):
        out += c.compress(ch.encode()) + c.flush(zlib.Z_FULL_FLUSH)
        if i == cut_after:
            cut = len(out)
    out += c.flush()
    open(t + "/" + name, "wb").write(out[:cut])
gz("cut.jsonl.gz", [json.dumps({"id": "g%d" % i, "body": "نص %d" % i}, ensure_ascii=False) + "\n" for i in range(100)], 59)
gz("cut.txt.gz", ["عنوان المقال\nالفقرة الأولى من المقال.\n", "الفقرة الثانية.\n"], 0)
EOF
idx gzc "$T/cut.jsonl.gz"
[ "$rc" = 1 ] && [ "$(q gzc 'SELECT count(*) FROM docs')" = 60 ] && grep -q 'cut.jsonl.gz:61: truncated gzip at byte [0-9]' "$T/gzc.err" &&
    ok "a truncated .gz: 'truncated gzip at byte N' with the file, exit 1, the records before kept" ||
    fail "truncated .gz (JSON Lines)" "rc=$rc n=$(q gzc 'SELECT count(*) FROM docs') $(cat "$T/gzc.err")"
idx gzt "$T/cut.txt.gz"
[ "$rc" = 1 ] && [ "$(q gzt 'SELECT count(*) FROM docs')" = 0 ] && grep -q 'cut.txt.gz:1: truncated gzip' "$T/gzt.err" &&
    ok "a truncated .txt.gz: the half article is not indexed" ||
    fail "truncated .txt.gz" "rc=$rc $(cat "$T/gzt.err")"
gzip -c demo/articles.jsonl >"$T/c.jsonl.gz"
printf 'x' | dd of="$T/c.jsonl.gz" bs=1 seek=2000 conv=notrunc 2>/dev/null
idx gzx "$T/c.jsonl.gz"
[ "$rc" = 1 ] && grep -q 'c.jsonl.gz:27: corrupt gzip data at byte [0-9]*: incorrect data check' "$T/gzx.err" &&
    ok "corrupt gzip data reported with the file and byte, exit 1" || fail "corrupt gzip" "rc=$rc $(cat "$T/gzx.err")"
{ head -n 10 demo/articles.jsonl | gzip; tail -n +11 demo/articles.jsonl | gzip; } >"$T/multi.jsonl.gz"
idx gzm "$T/multi.jsonl.gz"
[ "$rc" = 0 ] && [ "$(q gzm 'SELECT count(*) FROM docs')" = 26 ] && ok "gzip members one after another are all read" ||
    fail "multi-member gzip" "rc=$rc $(cat "$T/gzm.err")"

# ---------------------------------------------------------------- CSV, TSV, --map
printf '\xef\xbb\xbfid,title,body,date,author\r\nc1,"عنوان, بفاصلة","سطر أول\r\nسطر ثان ""مقتبس""",2021-05-04,كاتب\r\nc2,قصير,نص قصير,,\r\nc3,ناقص\r\nc4,"x"y,نص,,ك\r\n"c5",عنوان,"نص\nعلى سطرين",2021-01-01,\r\n' >"$T/a.csv"
idx csv "$T/a.csv"
[ "$rc" = 1 ] && [ "$(ids csv)" = "c1 c2 c5" ] &&
    [ "$(q csv "SELECT title || '|' || date || '|' || extra FROM docs WHERE id = 'c1'")" = 'عنوان, بفاصلة|2021-05-04|{"author":"كاتب"}' ] &&
    [ "$(q csv "SELECT body FROM docs WHERE id = 'c1'" | tr -d '\r' | tr '\n' '|')" = 'سطر أول|سطر ثان "مقتبس"|' ] &&
    grep -q 'a.csv:5: skipped: 2 fields where the header has 5' "$T/csv.err" &&
    grep -q "a.csv:6: skipped: unexpected 'y' after a closing quote at byte [0-9]* (column byte 7)" "$T/csv.err" &&
    ok "CSV: header, BOM, CRLF, quoted commas/newlines/quotes, extra columns kept; bad rows with file:line" ||
    fail "CSV" "rc=$rc ids=$(ids csv) $(cat "$T/csv.err")"
printf 'id\ttitle\tbody\nt1\tعنوان\tنص مفصول بتبويب\nt2\t"عنوان\tبتبويب"\tنص\n' >"$T/a.tsv"
idx tsv "$T/a.tsv"
[ "$rc" = 0 ] && [ "$(ids tsv)" = "t1 t2" ] && [ "$(q tsv "SELECT title FROM docs WHERE id = 't2'")" = "$(printf 'عنوان\tبتبويب')" ] &&
    ok "TSV with a header (quoted fields as in CSV)" || fail "TSV" "rc=$rc $(cat "$T/tsv.err")"
printf 'headline,text\nعنوان,نص\n' >"$T/nobody.csv"
idx nob "$T/nobody.csv"
[ "$rc" = 1 ] && grep -q "nobody.csv:1: the header has no column 'id' (the id): its columns are 'headline', 'text'; name the column with --map id=COLUMN" "$T/nob.err" &&
    ok "a CSV header without the id column: one clear error naming the columns" || fail "CSV header" "rc=$rc $(cat "$T/nob.err")"
printf 'id,body\nq1,"غير مغلق\nq2,نص\n' >"$T/open.csv"
idx opq "$T/open.csv"
[ "$rc" = 1 ] && grep -q 'open.csv:2: skipped: the quoted field opened at byte 11 (column byte 4) is never closed (the data ends inside it)' "$T/opq.err" &&
    ok "an unterminated quoted field reported with its place" || fail "unterminated quote" "rc=$rc $(cat "$T/opq.err")"
printf 'id,body\nv1,"\xff"\nv2,سليم\n' >"$T/bad.csv"
idx bcsv "$T/bad.csv"
[ "$rc" = 1 ] && grep -q 'bad.csv:2: skipped: invalid UTF-8 at byte 12 (column byte 5)' "$T/bcsv.err" && [ "$(ids bcsv)" = v2 ] &&
    ok "invalid UTF-8 in CSV: file:line and byte offset" || fail "invalid UTF-8 in CSV" "rc=$rc $(cat "$T/bcsv.err")"
printf '{"key": "m1", "headline": "عنوان", "text": "نص", "published_at": "2020-02-03", "body": "غيره"}\n' >"$T/map.jsonl"
printf 'key,headline,text,published_at\nm2,عنوان,نص,2020-02-04\n' >"$T/map.csv"
idx map --map body=text,title=headline,date=published_at --map id=key "$T/map.jsonl" "$T/map.csv"
[ "$rc" = 0 ] && [ "$(q map "SELECT group_concat(id || '|' || title || '|' || body || '|' || date || '|' || coalesce(extra, ''), ' ') FROM docs")" = 'm1|عنوان|نص|2020-02-03|{"body":"غيره"} m2|عنوان|نص|2020-02-04|' ] &&
    ok "--map body=text,title=headline,date=published_at (JSON and CSV)" ||
    fail "--map" "rc=$rc $(q map 'SELECT id, title, body, date, extra FROM docs') $(cat "$T/map.err")"
"$F" index -q "$T/m2.db" --map bogus=x "$T/map.jsonl" 2>"$T/m2.err"
[ $? = 2 ] && grep -q "unknown field 'bogus'" "$T/m2.err" && ok "--map with an unknown field: exit 2 naming it" ||
    fail "--map unknown field" "$(cat "$T/m2.err")"
printf 'id,body\nf1,نص\n' >"$T/csv.dat"
idx fmt --format csv "$T/csv.dat"
[ "$rc" = 0 ] && [ "$(ids fmt)" = f1 ] && ok "--format csv reads a file whatever its name" || fail "--format" "rc=$rc $(cat "$T/fmt.err")"

# ---------------------------------------------------------------- counts (issue 10 item 12)
printf '{"id": "k1", "body": "أ"}\n{"id": "k2", "body": "ب"}\n{"id": "k3", "body": "ج"}\n' >"$T/k.jsonl"
idx cnt "$T/k.jsonl"
"$F" index -q "$T/cnt.db" "$T/k.jsonl" 2>"$T/cnt2.err"
rc2=$?
printf '{"id": "k1", "body": "أ"}\n{"id": "k2", "body": "ب معدل"}\n{"id": "k2", "body": "ب"}\n{"id": "k4"}\n' >"$T/k2.jsonl"
"$F" index -q "$T/cnt.db" "$T/k2.jsonl" 2>"$T/cnt3.err"
rc3=$?
[ "$rc" = 0 ] && [ "$rc2" = 0 ] && [ "$rc3" = 1 ] &&
    grep -q '^fahras index: 3 indexed, 0 unchanged, 0 duplicates, 0 skipped, 0 failed' "$T/cnt.err" &&
    grep -q '^fahras index: 0 indexed, 3 unchanged, 0 duplicates, 0 skipped, 0 failed' "$T/cnt2.err" &&
    grep -q '^fahras index: 1 indexed, 1 unchanged, 1 duplicate, 1 skipped, 0 failed' "$T/cnt3.err" &&
    ok "counts: indexed, unchanged, duplicates, skipped reported apart; exit 0 for an unchanged rerun" ||
    fail "counts" "$rc $rc2 $rc3 $(cat "$T/cnt.err" "$T/cnt2.err" "$T/cnt3.err")"
# a full disk (a file size limit): the batch whose commit fails is counted
# failed, and "indexed" is what the database holds
"$PY" - "$T/fd.jsonl" <<'EOF'
import json, sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for i in range(2000):
        f.write(json.dumps({"id": "d%d" % i, "body": "نص المقال " * 50}, ensure_ascii=False) + "\n")
EOF
rm -f "$T/fd.db"*
( trap '' XFSZ; ulimit -f 400; "$F" index -q --batch 100 "$T/fd.db" "$T/fd.jsonl" ) 2>"$T/fd.err"
rc=$?
stored=$(q fd 'SELECT count(*) FROM docs')
[ "$rc" = 3 ] && [ -n "$stored" ] && grep -q "^fahras index: $stored indexed, 0 unchanged, 0 duplicates, 0 skipped, 100 failed" "$T/fd.err" &&
    ok "a commit failing on a full disk: its batch counted failed, $stored indexed = $stored stored, exit 3" ||
    fail "full disk counts" "rc=$rc stored=$stored $(cat "$T/fd.err")"

# ---------------------------------------------------------------- stdin, Ctrl-C (issue 10 item 18)
"$PY" - "$T/many.jsonl" <<'EOF'
import json, sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for i in range(2000):
        f.write(json.dumps({"id": "m%d" % i, "body": "نص المقال " * 50}, ensure_ascii=False) + "\n")
EOF
rm -f "$T/int.db"*
{ cat "$T/many.jsonl"; sleep 20; } | "$F" index -q --batch 10 "$T/int.db" - 2>"$T/int.err" &
pid=$!
# wait until everything sent is stored: the reader then waits on stdin
for _ in $(seq 600); do
    [ "$(sqlite3 "$T/int.db" 'SELECT count(*) FROM docs' 2>/dev/null)" = 2000 ] && break
    sleep 0.1
done
for _ in $(seq 50); do kill -INT "$pid" 2>/dev/null || break; sleep 0.1; done
wait "$pid"
rc=$?
[ "$rc" = 3 ] && grep -q 'interrupted; what was indexed is committed' "$T/int.err" && ! grep -q 'Interrupted system call' "$T/int.err" &&
    ok "Ctrl-C while waiting on stdin: 'interrupted', no read error, exit 3" || fail "SIGINT on stdin" "rc=$rc $(cat "$T/int.err")"

# ---------------------------------------------------------------- search output (issue 10 item 18)
printf '{"id": "a b", "title": "عنوان \\u001b[31mأحمر\\u001b[0m", "body": "التحالف الدولي"}\n{"id": "e\\u009bf\\u00a0g", "body": "التحالف"}\n{"id": "x\\u001b]0;owned\\u0007", "title": "بلا نص"}\n' >"$T/esc.jsonl"
idx esc "$T/esc.jsonl"
"$F" search "$T/esc.db" 'التحالف' --format trec >"$T/esc.trec"
check "TREC output: ids with white space or controls written %XX, six fields a line" bash -c "
  awk 'NF != 6 {exit 1}' $T/esc.trec && grep -q ' a%20b ' $T/esc.trec && grep -q ' e%C2%9Bf%C2%A0g ' $T/esc.trec"
"$F" search "$T/esc.db" 'التحالف' >"$T/esc.txt"
check "search text output: no raw escape sequence, shown as \\x1b" bash -c "
  ! grep -q \$'\\x1b' $T/esc.txt && ! grep -q \$'\\xc2\\x9b' $T/esc.txt && grep -qF 'عنوان \\x1b[31mأحمر' $T/esc.txt"
check "error messages naming an id: no raw escape sequence" bash -c "
  grep -q 'esc.jsonl:3: skipped: id' $T/esc.err && ! grep -q \$'\\x1b' $T/esc.err && grep -qF 'x\\x1b]0;owned\\x07' $T/esc.err"
mkdir -p "$T/escdir"
printf 'عنوان فقط\n' >"$T/escdir/$(printf 'f\033[2Jx').txt"
idx escf "$T/escdir"
check "error messages naming a file: no raw escape sequence" bash -c "
  grep -qF 'f\\x1b[2Jx.txt:1: skipped: no body' $T/escf.err && ! grep -q \$'\\x1b' $T/escf.err"
"$F" search "$T/esc.db" 'التحالف' --json >"$T/esc.json"
check "--json: control characters escaped, still valid JSON" bash -c "
  $PY -c 'import json,sys; json.load(open(sys.argv[1]))' $T/esc.json && ! grep -q \$'\\x1b\\|\\xc2\\x9b' $T/esc.json"
printf 'q1\tالتحالف\000الدولي\nq2\tالتحالف\n' >"$T/nul.tsv"
"$F" search "$T/esc.db" --batch "$T/nul.tsv" --format trec >"$T/nul.trec" 2>"$T/nul.err"
rc=$?
[ "$rc" = 1 ] && grep -q 'nul.tsv:1: NUL byte at column byte' "$T/nul.err" && ! grep -q '^q1 ' "$T/nul.trec" && grep -q '^q2 ' "$T/nul.trec" &&
    ok "--batch: a line with a NUL byte is rejected with its line number, the others run" ||
    fail "--batch NUL" "rc=$rc $(cat "$T/nul.err") $(cat "$T/nul.trec")"

# ---------------------------------------------------------------- command lines (issue 15)
DB=$T/demo.db
"$F" index -q "$DB" demo/articles.jsonl demo/txt 2>/dev/null
"$F" search "$DB" -n 3 >"$T/n.out" 2>"$T/n.err"
rc=$?
[ "$rc" = 2 ] && grep -q 'unknown option -n' "$T/n.err" && [ ! -s "$T/n.out" ] &&
    ok "search DB -n 3: an unknown option, named (exit 2), nothing searched" || fail "search -n" "rc=$rc $(cat "$T/n.err" "$T/n.out")"
for c in "index $T/x.db --bogus demo/txt" "search $DB التحالف --bogus" "stats $DB --bogus" "serve $DB --bogus" \
         "tokenize --bogus" "stem --json" "index --batch" "search $DB x --limit 0" "search $DB x --limit abc" \
         "stats $DB $DB" "index --format xml $T/x.db demo/txt"; do
    "$F" $c </dev/null >"$T/u.out" 2>"$T/u.err"
    rc=$?
    [ "$rc" = 2 ] && [ -s "$T/u.err" ] && ok "usage error (exit 2): fahras ${c//$T\//} -> $(head -n 1 "$T/u.err" | cut -c1-70)" ||
        fail "usage error: fahras $c" "rc=$rc $(cat "$T/u.err")"
done
[ ! -e "$T/x.db" ] && ok "a usage error creates no database" || fail "usage error created $T/x.db"
r1=$("$F" search "$DB" 'التحالف' --limit 2 --format trec | awk '{print $3}' | tr '\n' ' ')
r2=$("$F" search --format trec --limit 2 "$DB" 'التحالف' | awk '{print $3}' | tr '\n' ' ')
r3=$("$F" search "$DB" --limit=2 --format=trec 'التحالف' | awk '{print $3}' | tr '\n' ' ')
[ -n "$r1" ] && [ "$r1" = "$r2" ] && [ "$r1" = "$r3" ] && ok "options before, between or after the positional arguments, --opt=value" ||
    fail "option order" "[$r1] [$r2] [$r3]"
r=$("$F" search "$DB" داعش -البوكمال --format trec | awk '{print $3}' | sort | tr '\n' ' ')
[ "$r" = "101_qasad_raqqa demo-001 " ] && ok "a query word -البوكمال stays a query word (an exclusion), not an option" ||
    fail "exclusion word" "$r"
"$F" search "$DB" -- -trump 'التحالف' --format trec >/dev/null 2>"$T/dd.err"
[ $? = 0 ] && ok "-- ends the options: -trump is a query word" || fail "-- ends options" "$(cat "$T/dd.err")"
"$F" stats "$DB" --json | "$PY" -c 'import json,sys; assert json.load(sys.stdin)["documents"] == 30' 2>/dev/null &&
    ok "stats DB --json (option after DB)" || fail "stats DB --json"
# each option's help text stays under it: --fts5's second line follows it,
# --no-dups comes after
"$F" index --help | grep -A2 -- '^  --fts5 ' >"$T/h.out"
[ "$(sed -n 2p "$T/h.out" | sed 's/^ *//')" = "users of the fahras extension (slower indexing)" ] &&
    grep -q '^  --no-dups ' <(sed -n 3p "$T/h.out") &&
    ok "index --help: --fts5's continuation line under it, then --no-dups" || fail "index --help layout" "$(cat "$T/h.out")"
"$F" tokenize "$T/no-such" >/dev/null 2>"$T/t.err"
rc=$?
[ "$rc" = 2 ] && grep -q "no-such: No such file" "$T/t.err" && ok "tokenize: a missing file is an error naming it (exit 2)" ||
    fail "tokenize missing file" "rc=$rc $(cat "$T/t.err")"
"$F" search "$DB" --batch "$T/no-such.tsv" >/dev/null 2>"$T/b.err"
rc=$?
[ "$rc" = 2 ] && grep -q "no-such.tsv: No such file" "$T/b.err" && ok "search --batch: a missing file is an error naming it (exit 2)" ||
    fail "--batch missing file" "rc=$rc $(cat "$T/b.err")"
"$F" index -q "$T/y.db" "$T/no-such.jsonl" "$T/k.jsonl" - - </dev/null 2>"$T/y.err"
rc=$?
[ "$rc" = 2 ] && grep -q "no-such.jsonl: No such file" "$T/y.err" && grep -q "given twice" "$T/y.err" && [ ! -e "$T/y.db" ] &&
    ok "index: every missing input named, nothing indexed (exit 2)" || fail "index missing inputs" "rc=$rc $(cat "$T/y.err")"
for c in index search stats serve normalize tokenize stem segment; do
    "$F" "$c" --help 2>&1 | grep -q 'before or after' || { fail "$c --help says options may come before or after"; continue; }
    ok "$c --help: options before or after the arguments"
done

# ---------------------------------------------------------------- fuzz corpus
FB=${BUILD:-build}
check "fuzz corpus replay: the readers (src/readers)" bash -c "
  make -s BUILD=$FB store-fuzz-bins >/dev/null && timeout 600 $FB/tests/fuzz_ingest_replay fuzz/corpus/ingest"
check "fuzz corpus (readers) under ASan+UBSan" timeout 1200 make -s BUILD="$FB" asan-readers

summary
