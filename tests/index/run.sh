#!/bin/bash
# tests/index/run.sh - the store's own index (src/index): its unit tests
# (segments, merges, pruned = exhaustive, scores = rank.h, filters, facets,
# corrupt segments), the segment fuzz corpus (plain, ASan+UBSan, valgrind),
# and through the CLI: the pruned top 10 equals the exhaustive one, the
# ranking equals the FTS5 ranking function's on the same database, updates
# and deletes, merges, concurrent readers.  Needs nothing from ../shared.
set -u
cd "$(dirname "$0")/../.."
F=${FAHRAS:-build/fahras}
EXT=build/fahras_fts5.so
FB=${BUILD:-build}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

if [ ! -x "$F" ] || [ ! -f "$EXT" ]; then
    make -s all >/dev/null || { echo "build failed"; fail build; summary; }
fi
make -s BUILD="$FB" index-test-bins >/dev/null || { fail build; summary; }

check "unit tests (tests/index/unit.c)" "$FB/tests/index_unit"
check "segment fuzz corpus replay" "$FB/tests/fuzz_segment_replay" fuzz/corpus/segment
check "segment fuzz corpus under valgrind" valgrind -q --error-exitcode=1 --leak-check=full \
    --errors-for-leak-kinds=definite "$FB/tests/fuzz_segment_replay" fuzz/corpus/segment
check "unit tests and segment fuzz corpus under ASan+UBSan" timeout 1200 make -s BUILD="$FB" asan-index

# ---------------------------------------------------------------- through the store
DB=$T/demo.db
"$F" index -q --fts5 "$DB" demo/articles.jsonl demo/txt 2>/dev/null
check "index holds segments in DB.idx/, listed in the database" bash -c "
  ls $DB.idx/*.seg >/dev/null && [ \"\$(sqlite3 $DB 'SELECT sum(n_live) FROM ix_segment')\" = 30 ]"
same=0 all=0
while IFS= read -r q; do
    a=$("$F" search "$DB" "$q" --format trec --limit 10)
    b=$("$F" search "$DB" "$q" --format trec --limit 10 --exhaustive)
    all=$((all + 1))
    [ "$a" = "$b" ] && same=$((same + 1))
done <<'EOF'
التحالف الدولي
أسعار القمح في الأسواق
"التحالف الدولي"
منتخب*
داعش -البوكمال
+داعش التحالف
الطاقة الشمسية المدينة
كم بلغ ارتفاع أسعار القمح كلمةغيرموجودة
الحكومة السورية والمعارضة في جنيف
أسعار..القمح في..الأسواق
الطاقة..الشمسية المدينة..الدولي
EOF
[ "$same" = "$all" ] && ok "pruned top 10 = exhaustive top 10 ($same of $all queries)" \
    || fail "pruned = exhaustive" "$same of $all"

# The same ranking as the FTS5 ranking function on the same database, for
# the plan of two optional words (plan.h, match any: the FTS5 query ORs
# them): each word (weight 1, proximity)
# and its exact-form bonus (weight FH_RANK_EXACT_WEIGHT).
cat >"$T/parity.py" <<'PY'
import sqlite3, subprocess, sys
ext, db, fahras = sys.argv[1:4]
con = sqlite3.connect(db); con.enable_load_extension(True); con.load_extension(ext)
bad = 0
for words in (["داعش", "قسد"], ["سوريا", "داعش"], ["قسد", "سوريا"], ["الدولي", "التحالف"]):
    match = " OR ".join('"%s" OR "=%s"' % (w, w) for w in words)
    fts = con.execute("SELECT d.id, -fahras_bm25(fts, ?2, '2 1') FROM fts JOIN docs d ON d.rowid = fts.rowid "
                      "WHERE fts MATCH ?1 ORDER BY fahras_bm25(fts, ?2, '2 1'), d.rowid LIMIT 10",
                      (match, "1t 0.3 " * len(words))).fetchall()
    out = subprocess.run([fahras, "search", db, " ".join(words), "--match", "any", "--format", "trec", "--limit", "10"],
                         capture_output=True, text=True).stdout.split("\n")
    own = [(l.split()[2], float(l.split()[4])) for l in out if l]
    if [i for i, _ in fts] != [i for i, _ in own] or any(abs(a - b) > 1e-5 for (_, a), (_, b) in zip(fts, own)):
        print("differ for", words, fts, own); bad += 1
print("same ranking" if not bad else "%d differ" % bad)
sys.exit(1 if bad else 0)
PY
if "$PY" -c 'import sqlite3; sqlite3.connect(":memory:").enable_load_extension' 2>/dev/null; then
    check "the index ranks as fahras_bm25 over FTS5 on the same database (scores within 1e-5)" \
        "$PY" "$T/parity.py" "$EXT" "$DB" "$F"
else
    skip "fahras_bm25 parity: this python3 sqlite3 cannot load extensions"
fi

# updates and deletes: a re-indexed document is found by its new words only
printf '%s\n' '{"id":"u1","body":"الفيضانات تضرب المدينة الساحلية"}' '{"id":"u2","body":"المدينة تستعد للمهرجان"}' >"$T/u1.jsonl"
printf '%s\n' '{"id":"u1","body":"الزلازل تضرب المدينة الساحلية"}' >"$T/u2.jsonl"
"$F" index -q "$T/u.db" "$T/u1.jsonl" 2>/dev/null
"$F" index -q "$T/u.db" "$T/u2.jsonl" 2>/dev/null
check "an update replaces the old version in the index" bash -c "
  [ -z \"\$($F search $T/u.db 'الفيضانات' --format trec)\" ] &&
  $F search $T/u.db 'الزلازل' --format trec | grep -q ' u1 ' &&
  [ \"\$($F search $T/u.db 'المدينة' --format trec | wc -l)\" = 2 ]"

# many small commits: merged as they come; the same answers after merging
python3 - "$T" <<'PY'
import json, random, sys
random.seed(3)
words = "التحالف الدولي حملة قوات الحكومة السوق الأسعار المدينة الريف المياه الطاقة المنتخب البطولة".split()
with open(sys.argv[1] + "/many.jsonl", "w", encoding="utf-8") as f:
    for i in range(1500):
        body = " ".join(random.choice(words) for _ in range(40))
        f.write(json.dumps({"id": "m%d" % i, "title": "خبر %d" % i, "body": body,
                            "source": "s%d" % (i % 3), "date": "2020-%02d-01" % (1 + i % 12)},
                           ensure_ascii=False) + "\n")
PY
"$F" index -q --batch 20 "$T/m.db" "$T/many.jsonl" 2>/dev/null
nseg=$(sqlite3 "$T/m.db" 'SELECT count(*) FROM ix_segment')
nfiles=$(ls "$T/m.db.idx" | wc -l)
[ "$nseg" -lt 20 ] && [ "$nfiles" = "$nseg" ] && ok "75 commits merged into $nseg segments, no stray files" \
    || fail "merging while indexing" "$nseg segments, $nfiles files"
"$PY" tests/sqlite/verify_docs.py "$EXT" "$T/m.db" "$T/many.jsonl" --complete >"$T/v.out" 2>&1 \
    && ok "after merges: $(cat "$T/v.out")" || fail "index after merges" "$(cat "$T/v.out")"
check "filters: source and dates inside the pruned search" bash -c "
  r=\$($F search $T/m.db 'المنتخب البطولة' --source s1 --from 2020-04 --to 2020-05 --json --limit 100)
  echo \"\$r\" | python3 -c '
import json, sys
r = json.load(sys.stdin)
assert r[\"hits\"], r
for h in r[\"hits\"]:
    assert h[\"source\"] == \"s1\" and \"2020-04\" <= h[\"date\"][:7] <= \"2020-05\", h
'"

# fahras serve sees new commits without a restart: its handles refresh
# their view of the index on the next search
printf '%s\n' '{"id":"late","body":"خبر متأخر عن الكسوف الكلي"}' >"$T/late.jsonl"
python3 - "$F" "$T" <<'PY' >"$T/live.out" 2>&1
import json, re, subprocess, sys, time, urllib.parse, urllib.request
f, t = sys.argv[1:3]
srv = subprocess.Popen([f, "serve", t + "/m.db", "--port", "0", "--threads", "2"],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
try:
    url = None
    for _ in range(100):
        line = srv.stdout.readline()
        m = re.search(r"http://[^ ]+", line)
        if m:
            url = m.group(0).rstrip("/")
            break
    def total():
        q = urllib.parse.quote("الكسوف")
        return json.load(urllib.request.urlopen(url + "/api/search?q=" + q, timeout=10))["total"]
    before = [total() for _ in range(4)]  # every server thread has looked
    subprocess.run([f, "index", "-q", t + "/m.db", t + "/late.jsonl"], check=True, capture_output=True)
    after = [total() for _ in range(4)]
    print(before, after)
    sys.exit(0 if before == [0] * 4 and after == [1] * 4 else 1)
finally:
    srv.terminate()
    srv.wait()
PY
[ $? = 0 ] && ok "fahras serve sees a new commit without a restart" || fail "serve refresh" "$(cat "$T/live.out")"

summary
