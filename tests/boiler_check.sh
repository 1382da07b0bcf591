# tests/boiler_check.sh - boilerplate learned per source, the same checks
# on any store: sourced by tests/sqlite/run.sh and tests/pg/run.sh with
#   F (the fahras binary), T (a scratch directory), PY, ok/fail/check,
#   boiler_db NAME (prints a fresh empty store's target), and
#   boiler_body TARGET ID (prints a stored document's body).
# Articles written for this test: a site whose pages end in the seed
# article's newsletter footer, and another site where the same words are
# the story itself.
FOOTER1='هل أعجبك المحتوى وتريد المزيد منه يصل إلى صندوق بريدك الإلكتروني بشكلٍ دوري؟'
FOOTER2='انضم إلى قائمة من يقدّرون محتوى الحل نت واشترك بنشرتنا البريدية.'

# boiler_articles FILE FIRST LAST [nofooter...]: articles FIRST..LAST of the
# site, with the footer except the numbers listed after LAST.
boiler_articles() {
    "$PY" - "$@" <<'PYEOF'
import json, sys
out, first, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
bare = {int(x) for x in sys.argv[4:]}
footer = ["هل أعجبك المحتوى وتريد المزيد منه يصل إلى صندوق بريدك الإلكتروني بشكلٍ دوري؟",
          "انضم إلى قائمة من يقدّرون محتوى الحل نت واشترك بنشرتنا البريدية."]
topics = ["شنت قوات سوريا الديمقراطية حملة دهم في ريف دير الزور واعتقلت عناصر من خلايا داعش",
          "ارتفعت أسعار الخبز في أسواق الرقة بعد انقطاع الطحين عن الأفران أسبوعا كاملا",
          "افتتحت مدرسة جديدة في مدينة الحسكة تستقبل ألف طالب من أبناء المخيمات",
          "أعلنت الإدارة الذاتية تمديد حظر التجول في مدينة القامشلي بسبب انتشار الوباء",
          "وصلت قافلة مساعدات إنسانية إلى مخيم الهول محملة بالأدوية والأغذية",
          "انخفض منسوب نهر الفرات إلى أدنى مستوى له منذ عقود مما يهدد محطات الشرب",
          "ناقش وجهاء العشائر في دير الزور مطالب الأهالي بتحسين الخدمات وإطلاق المعتقلين",
          "بدأ المزارعون حصاد القمح في ريف الحسكة وسط مخاوف من حرائق المحاصيل"]
with open(out, "w", encoding="utf-8") as f:
    for i in range(first, last + 1):
        t = topics[i % len(topics)]
        body = [t + " بحسب ما أفاد مراسل الموقع في المنطقة اليوم رقم %d" % i,
                "وقال مصدر محلي إن الأوضاع ما تزال متوترة في المنطقة وإن السكان ينتظرون حلولا عاجلة للمشكلة رقم %d" % i]
        if i not in bare:
            body += footer
        f.write(json.dumps(dict(id="hal-%03d" % i, title="خبر من الجزيرة السورية رقم %d" % i,
                                body="\n".join(body), source="الحل نت", date="2021-04-%02d" % (1 + i % 28)),
                           ensure_ascii=False) + "\n")
    if first == 1:  # the other site: these words are its story
        f.write(json.dumps(dict(id="mail-1", title="كيف تحمي حسابك من الاحتيال",
                                body="حذر خبراء الأمن الرقمي من رسائل احتيال تصل إلى صندوق بريدك الإلكتروني تطلب كلمة السر\n"
                                     "وينصح الخبراء بعدم فتح الروابط المرفقة والاشتراك في النشرة البريدية للمصرف فقط",
                                source="تقنية اليوم", date="2021-04-02"), ensure_ascii=False) + "\n")
PYEOF
}

# Hits of a search as "id|source|snippet" lines.
boiler_hits() {
    "$F" search "$1" "$2" --json --no-collapse --limit 50 | "$PY" -c '
import json, sys
for h in json.load(sys.stdin)["hits"]:
    print("%s|%s|%s" % (h["id"], h["source"], "".join(p["text"] for p in h.get("snippet") or []).replace("\n", " ")))'
}

boiler_tests() {
    local db
    db=$(boiler_db boiler)
    # first batch: three pages with the footer: too few to tell it from text
    boiler_articles "$T/bp1.jsonl" 1 3
    "$F" index -q "$db" "$T/bp1.jsonl" 2>"$T/bp.err"
    boiler_hits "$db" 'صندوق بريدك' >"$T/bp.hits0" 2>&1
    check "boilerplate: a footer in 3 articles is still text (under the minimum of 5)" \
        test "$(grep -c '|الحل نت|' "$T/bp.hits0")" = 3
    # second batch: the footer on 5 of the site's 6 articles
    boiler_articles "$T/bp2.jsonl" 4 6 6
    "$F" index -q "$db" "$T/bp2.jsonl" 2>>"$T/bp.err"
    boiler_hits "$db" 'صندوق بريدك' >"$T/bp.hits" 2>&1
    check "boilerplate: the footer (5 of 6 articles) no longer matches: no article of its site" \
        bash -c "! grep -q '|الحل نت|' '$T/bp.hits'"
    boiler_hits "$db" 'بنشرتنا' >"$T/bp.hits2" 2>&1
    check "boilerplate: ... the earlier batch's articles (hal-001..003) are cleaned too" \
        bash -c "! grep -q '^hal-00[123]|' '$T/bp.hits' && ! grep -q '|الحل نت|' '$T/bp.hits2'"
    check "boilerplate: the other site, where these words are the story, is found" \
        grep -q '^mail-1|تقنية اليوم|' "$T/bp.hits"
    # the footer follows the matched word: a snippet would run into it
    boiler_hits "$db" 'للمشكلة' >"$T/bp.snip" 2>&1
    check "boilerplate: snippets never show the footer" bash -c "
      [ \$(grep -c '|الحل نت|' '$T/bp.snip') = 6 ] && ! grep -q 'بريدك\|بنشرتنا\|أعجبك' '$T/bp.snip'"
    boiler_body "$db" hal-001 >"$T/bp.body" 2>&1
    check "boilerplate: the article keeps its footer (stored whole)" grep -qF "$FOOTER1" "$T/bp.body"
    # the article view (/api/doc with q): the footer shown, its words not marked
    "$F" serve "$db" --port 0 >"$T/bp.serve" 2>&1 &
    local spid=$! port="" i
    for i in $(seq 100); do
        port=$(grep -o 'at http://127\.0\.0\.1:[0-9]*' "$T/bp.serve" | head -n 1 | cut -d: -f3)
        [ -n "$port" ] && break
        sleep 0.1
    done
    curl -s --get --data-urlencode id=hal-001 --data-urlencode 'q=بريدك المنطقة' \
        "http://127.0.0.1:$port/api/doc" >"$T/bp.doc" 2>&1
    curl -s "http://127.0.0.1:$port/api/stats" >"$T/bp.apistats" 2>&1
    kill "$spid" 2>/dev/null
    wait "$spid" 2>/dev/null
    check "boilerplate: the article view shows the footer and marks only the article's words" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert sys.argv[2] in d["body"], d["body"]
marks = [p["text"] for p in d["body_parts"] if p["mark"]]
assert marks == ["المنطقة", "المنطقة"], marks
assert "".join(p["text"] for p in d["body_parts"]) == d["body"]
' "$T/bp.doc" "$FOOTER1"
    check "/api/stats: the source's boilerplate lines, as stats --boilerplate lists them" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
b = d["boilerplate"]
assert d["boilerplate_lines"] == 2 and len(b) == 2, d
assert sorted(x["text"] for x in b) == sorted(sys.argv[2:]), b
assert all(x["source"] == "الحل نت" and x["count"] == 5 and x["documents"] == 6 for x in b), b
' "$T/bp.apistats" "$FOOTER1" "$FOOTER2"
    "$F" stats --boilerplate "$db" >"$T/bp.stats" 2>&1
    check "stats --boilerplate: the footer's two lines, 5 of the site's 6 articles" bash -c "
      [ \$(wc -l <'$T/bp.stats') = 2 ] && grep -qF \$'الحل نت\t5/6\t$FOOTER1' '$T/bp.stats' &&
      grep -qF \$'الحل نت\t5/6\t$FOOTER2' '$T/bp.stats'"
    check "stats --json: boilerplate lines" bash -c "
      '$F' stats --json '$db' | '$PY' -c 'import json,sys; b=json.load(sys.stdin)[\"boilerplate\"]; assert len(b)==2 and all(x[\"source\"]==\"الحل نت\" and x[\"count\"]==5 and x[\"documents\"]==6 for x in b), b'"
    # 100 more articles without it: 5 of 106 is under 5%, but a marked line
    # stays boilerplate down to 4% (no flapping near the threshold) ...
    boiler_articles "$T/bp3.jsonl" 7 106 $(seq 7 106)
    "$F" index -q "$db" "$T/bp3.jsonl" 2>>"$T/bp.err"
    "$F" stats --boilerplate "$db" >"$T/bp.stats106" 2>&1
    check "boilerplate: a marked line stays so down to 4% (5 of 106 articles)" \
        grep -qF $'الحل نت\t5/106\t'"$FOOTER1" "$T/bp.stats106"
    # ... and 30 more make it 5 of 136, under 4%: text again, everywhere
    boiler_articles "$T/bp3.jsonl" 107 136 $(seq 107 136)
    "$F" index -q "$db" "$T/bp3.jsonl" 2>>"$T/bp.err"
    boiler_hits "$db" 'صندوق بريدك' >"$T/bp.hits3" 2>&1
    "$F" stats --boilerplate "$db" >"$T/bp.stats3" 2>&1
    check "boilerplate: a line falling under the share is text again in every article" bash -c "
      [ \$(grep -c '|الحل نت|' '$T/bp.hits3') = 5 ] && [ ! -s '$T/bp.stats3' ]"
    check "boilerplate: no index errors" bash -c "! grep -v '^fahras index: [0-9]* indexed' '$T/bp.err'"
}

# Entities are read from the body as indexed: a footer naming a channel is
# not an entity of every article of its site, and articles indexed before
# the footer was learned lose it too (indexed again, tagged again).
boiler_entity_tests() {
    local db
    db=$(boiler_db boilerent)
    "$PY" - "$T/bpe.jsonl" <<'PYEOF'
import json, sys
stories = ["ارتفعت أسعار الخبز في الأسواق بعد انقطاع الطحين عن الأفران أسبوعا كاملا",
           "افتتحت مدرسة جديدة في المدينة تستقبل ألف طالب من أبناء المخيمات",
           "وصلت قافلة مساعدات إنسانية إلى المخيم محملة بالأدوية والأغذية"]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for i in range(1, 7):
        body = [stories[i % 3] + " بحسب ما أفاد مراسل الموقع اليوم رقم %d" % i,
                "وقال مصدر محلي إن السكان ينتظرون حلولا عاجلة للمشكلة رقم %d" % i,
                "تابعونا على قناة الجزيرة في يوتيوب"]
        f.write(json.dumps(dict(id="ent-%d" % i, title="خبر محلي رقم %d" % i, body="\n".join(body),
                                source="موقع المدينة", date="2021-04-%02d" % i), ensure_ascii=False) + "\n")
PYEOF
    head -n 3 "$T/bpe.jsonl" >"$T/bpe3.jsonl"
    "$F" index -q "$db" "$T/bpe3.jsonl" 2>"$T/bpe.err"
    "$F" search "$db" 'للمشكلة' --json --no-collapse >"$T/bpe.0" 2>>"$T/bpe.err"
    check "boilerplate and entities: a footer in 3 articles is text, its channel an entity of each" "$PY" -c '
import json, sys
orgs = {e["name"]: e["count"] for e in json.load(open(sys.argv[1]))["entities"]["ORG"]}
assert orgs.get("الجزيرة") == 3, orgs' "$T/bpe.0"
    "$F" index -q "$db" "$T/bpe.jsonl" 2>>"$T/bpe.err"
    "$F" search "$db" 'للمشكلة' --json --no-collapse >"$T/bpe.1" 2>>"$T/bpe.err"
    check "boilerplate and entities: the footer learned, no article names its channel (the first 3 tagged again)" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["total"] == 6 and d["entities_from"] == 6, (d["total"], d["entities_from"])
assert all(e["name"] != "الجزيرة" for e in d["entities"]["ORG"]), d["entities"]' "$T/bpe.1"
    check "boilerplate and entities: --entity ORG:الجزيرة finds none of them" bash -c "
      '$F' search '$db' 'للمشكلة' --entity 'ORG:الجزيرة' --json | '$PY' -c 'import json,sys; d=json.load(sys.stdin); assert d[\"total\"] == 0, d[\"total\"]'"
    check "boilerplate and entities: no index errors" bash -c "! grep -v '^fahras index: [0-9]* indexed' '$T/bpe.err'"
}

# The seed's newsletter footer on 30 articles of one source, indexed in
# one batch: learned, it no longer matches صندوق بريدك.
boiler_thirty_tests() {
    local db
    db=$(boiler_db boiler30)
    boiler_articles "$T/bp30.jsonl" 1 30
    "$F" index -q "$db" "$T/bp30.jsonl" 2>"$T/bp30.err"
    boiler_hits "$db" 'صندوق بريدك' >"$T/bp30.hits" 2>&1
    check "boilerplate: the seed's footer in 30 articles of one source no longer matches صندوق بريدك" bash -c "
      ! grep -q '|الحل نت|' '$T/bp30.hits' && grep -q '^mail-1|' '$T/bp30.hits'"
    "$F" stats --boilerplate "$db" >"$T/bp30.stats" 2>&1
    check "boilerplate: ... both its lines listed, in 30 of the source's 30 articles" bash -c "
      [ \$(grep -c \$'^الحل نت\t30/30\t' '$T/bp30.stats') = 2 ]"
}

# A dateline's place and agency (fahras_dateline_end) are where and by
# whom the article was filed: the tagger finds them, the store's entity
# rows (facets, --entity) leave them out; the same agency named in the
# story is kept.
dateline_entity_tests() {
    local db
    db=$(boiler_db datelines)
    "$PY" - "$T/dl.jsonl" <<'PYEOF'
import json, sys
docs = [("dl-1", "دبي، الإمارات العربية المتحدة (CNN) -- أعلن الرئيس الفرنسي إيمانويل ماكرون في باريس أن الاجتماع سيعقد الشهر المقبل."),
        ("dl-2", "(CNN)-- قال مسؤول في وزارة الخارجية الأمريكية لشبكة CNN إن الاجتماع سيعقد في جنيف.")]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for i, b in docs:
        f.write(json.dumps(dict(id=i, title="خبر " + i, body=b, source="وكالة", date="2021-05-01"),
                           ensure_ascii=False) + "\n")
PYEOF
    "$F" index -q "$db" "$T/dl.jsonl" 2>"$T/dl.err"
    "$F" entities --json "$T/dl.jsonl" >"$T/dl.ent" 2>>"$T/dl.err"
    check "datelines: fahras entities finds the dateline's place and agency, and says so" "$PY" -c '
import json, sys
a, b = (json.loads(l) for l in open(sys.argv[1]))
names = {(s["key"], s.get("dateline", False)) for s in a["spans"] if s["type"] in ("LOC", "ORG", "PER")}
assert {("دبي", True), ("cnn", True), ("باريس", False), ("ايمانويل ماكرون", False)} <= names, names
assert [s.get("dateline", False) for s in b["spans"] if s["key"] == "cnn"] == [True, False], b["spans"]' "$T/dl.ent"
    "$F" search "$db" 'الاجتماع' --json --no-collapse >"$T/dl.json" 2>>"$T/dl.err"
    check "datelines: the facets leave the dateline's names out, and keep the story's" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["total"] == 2, d["total"]
e = {t: {x["key"]: x["count"] for x in v} for t, v in d["entities"].items()}
assert "دبي" not in e.get("LOC", {}), e
assert "باريس" in e.get("LOC", {}) and "جنيف" in e.get("LOC", {}), e
assert e.get("ORG", {}).get("cnn") == 1, e' "$T/dl.json"
    check "datelines: --entity LOC:دبي finds no article filed from it" bash -c "
      '$F' search '$db' 'الاجتماع' --entity 'LOC:دبي' --json | '$PY' -c 'import json,sys; assert json.load(sys.stdin)[\"total\"] == 0'"
    check "datelines: --entity ORG:CNN finds the article naming it in its story" bash -c "
      [ \"\$('$F' search '$db' 'الاجتماع' --entity 'ORG:CNN' --format trec | awk '{print \$3}')\" = dl-2 ]"
    check "datelines: no index errors" bash -c "! grep -v '^fahras index: [0-9]* indexed' '$T/dl.err'"
}
