# tests/dups_check.sh - near-duplicate clusters, the same checks on any
# store: sourced by tests/sqlite/run.sh and tests/pg/run.sh with
#   F (the fahras binary), T (a scratch directory), PY, ok/bad/check,
#   and dups_db NAME, which prints a fresh empty store's target.
# Articles written for this test: a story and three copies of it (another
# source with diacritics and a footer, an exact copy under another id, a
# copy with a paragraph dropped and words changed), and articles of the
# same source and day about other things.
dups_articles() {
    "$PY" - "$1" <<'PYEOF'
import json, sys
story = ["أعلن التحالف الدولي بقيادة الولايات المتحدة مقتل قيادي بارز في تنظيم داعش خلال غارة جوية استهدفت سيارته قرب البوكمال شرق سوريا مساء الإثنين",
         "وأوضح بيان للتحالف أن العملية جرت بالتنسيق مع قوات سوريا الديمقراطية وأنه لم يصب أي مدني في الغارة التي نفذتها طائرة مسيرة",
         "وأضاف البيان أن القيادي كان مسؤولا عن تمويل خلايا التنظيم في البادية السورية وعن تنسيق الهجمات على مواقع القوات المحلية",
         "ويواصل التحالف عملياته ضد فلول التنظيم في المنطقة منذ إعلان هزيمته الميدانية قبل سنوات بحسب البيان"]
others = ["افتتح وزير الزراعة معرض المنتجات المحلية في العاصمة بمشاركة مئات المزارعين من مختلف المحافظات وسط إقبال كبير من الزوار",
          "ارتفعت أسعار القمح في الأسواق العالمية للأسبوع الثالث على التوالي بسبب موجة الجفاف التي ضربت مناطق الإنتاج الرئيسية",
          "فاز المنتخب الوطني لكرة القدم على نظيره بثلاثة أهداف مقابل هدف في المباراة الودية التي أقيمت على الملعب الأولمبي"]
def diacritize(t):
    return t.replace("التحالف", "التَّحالُف").replace("الدولي", "الدَّوْليّ")
docs = [
  dict(id="orig", title="التحالف الدولي يعلن مقتل قيادي في داعش", body="\n".join(story), source="المشرق", date="2021-05-04"),
  dict(id="copy-diacritics", title="مقتل قيادي في داعش بغارة للتحالف", body=diacritize("\n".join(story)) + "\nتابعونا على تويتر", source="الفرات", date="2021-05-05"),
  dict(id="copy-exact", title="التحالف الدولي يعلن مقتل قيادي في داعش", body="\n".join(story), source="المشرق", date="2021-05-04"),
  dict(id="copy-edited", title="غارة للتحالف تقتل قياديا في داعش", body="\n".join(story[:3]).replace("مساء الإثنين", "ليل الإثنين").replace("بحسب البيان", ""), source="البادية", date="2021-05-06"),
]
for i, o in enumerate(others):
    docs.append(dict(id="other-%d" % i, title=o[:30], body=o + "\n" + story[3], source="المشرق", date="2021-05-04"))
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for d in docs:
        f.write(json.dumps(d, ensure_ascii=False) + "\n")
PYEOF
}

# Articles naming التحالف that are copies of nothing: each of 25 words
# drawn from the words of the articles above (a fixed seed).
dups_fillers() {
    "$PY" - "$1" "$2" <<'PYEOF'
import json, random, sys
words = sorted(set("""أعلن بقيادة الولايات المتحدة مقتل قيادي بارز في تنظيم داعش خلال غارة جوية استهدفت سيارته قرب
البوكمال شرق سوريا مساء الإثنين وأوضح بيان أن العملية جرت بالتنسيق مع قوات الديمقراطية وأنه لم يصب أي مدني
التي نفذتها طائرة مسيرة وأضاف كان مسؤولا عن تمويل خلايا البادية السورية تنسيق الهجمات على مواقع القوات المحلية
ويواصل عملياته ضد فلول المنطقة منذ إعلان هزيمته الميدانية قبل سنوات افتتح وزير الزراعة معرض المنتجات العاصمة
بمشاركة مئات المزارعين مختلف المحافظات وسط إقبال كبير الزوار ارتفعت أسعار القمح الأسواق العالمية للأسبوع الثالث
التوالي بسبب موجة الجفاف ضربت مناطق الإنتاج الرئيسية فاز المنتخب الوطني لكرة القدم نظيره بثلاثة أهداف مقابل هدف
المباراة الودية أقيمت الملعب الأولمبي نفى وزارة الدفاع الروسية تكون طائراته شاركت عمليات عسكرية الحدود العراقية""".split()))
rng = random.Random(7)
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for i in range(int(sys.argv[2])):
        body = "قال التحالف إن تنظيم داعش " + " ".join(rng.sample(words, 25))
        f.write(json.dumps(dict(id="filler-%02d" % i, title="خبر %d" % i, body=body, source="المشرق",
                                date="2021-06-%02d" % (i + 1)), ensure_ascii=False) + "\n")
PYEOF
}

# Two stories of one site and day sharing a lead paragraph and the site's
# teasers of other stories, spread through both: alike in shingles (0.45)
# and with no long unshared stretch, but not in their other words nor in
# their headlines.
dups_hard_negative() {
    "$PY" - "$1" <<'PYEOF'
import json, sys
lead = "أعلن التحالف الدولي بقيادة الولايات المتحدة مقتل قيادي بارز في تنظيم داعش خلال غارة جوية استهدفت سيارته قرب البوكمال شرق سوريا مساء الإثنين"
story = ["وأوضح بيان للتحالف أن العملية جرت بالتنسيق مع قوات سوريا الديمقراطية وأنه لم يصب أي مدني في الغارة التي نفذتها طائرة مسيرة",
         "وأضاف البيان أن القيادي كان مسؤولا عن تمويل خلايا التنظيم في البادية السورية وعن تنسيق الهجمات على مواقع القوات المحلية",
         "ويواصل التحالف عملياته ضد فلول التنظيم في المنطقة منذ إعلان هزيمته الميدانية قبل سنوات بحسب البيان"]
other = ["نفى مسؤول في وزارة الدفاع الروسية أن تكون طائراته قد شاركت في أي عمليات عسكرية قرب الحدود العراقية خلال الأيام الماضية",
         "وقال المسؤول للصحفيين إن موسكو تراقب التحركات في المنطقة وتدعو جميع الأطراف إلى ضبط النفس وتجنب التصعيد"]
teasers = ["افتتح وزير الزراعة معرض المنتجات المحلية في العاصمة بمشاركة مئات المزارعين من مختلف المحافظات وسط إقبال كبير من الزوار",
           "ارتفعت أسعار القمح في الأسواق العالمية للأسبوع الثالث على التوالي بسبب موجة الجفاف التي ضربت مناطق الإنتاج الرئيسية",
           "فاز المنتخب الوطني لكرة القدم على نظيره بثلاثة أهداف مقابل هدف في المباراة الودية التي أقيمت على الملعب الأولمبي"]
docs = [
  dict(id="strike", title="التحالف الدولي يعلن مقتل قيادي في داعش", source="المشرق", date="2021-05-04",
       body="\n".join([lead, story[0], teasers[0], story[1], teasers[1], story[2], teasers[2]])),
  dict(id="denial", title="موسكو تنفي مشاركة طائراتها في عمليات قرب الحدود", source="المشرق", date="2021-05-04",
       body="\n".join([lead, other[0], teasers[0], other[1], teasers[1], teasers[2]])),
]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for d in docs:
        f.write(json.dumps(d, ensure_ascii=False) + "\n")
PYEOF
}

dups_tests() {
    local db
    db=$(dups_db dups)
    dups_articles "$T/dups.jsonl"
    "$F" index -q "$db" "$T/dups.jsonl" 2>"$T/dups.err"
    "$F" dups --json "$db" >"$T/dups.out" 2>&1
    check "dups: one cluster of the story and its three copies, other articles alone" "$PY" -c '
import json, sys
cl = [json.loads(l) for l in open(sys.argv[1])]
assert len(cl) == 1, cl
ids = sorted(d["id"] for d in cl[0]["documents"])
assert ids == ["copy-diacritics", "copy-edited", "copy-exact", "orig"], ids
' "$T/dups.out"
    "$F" search "$db" 'قيادي داعش البوكمال' --json >"$T/dups.json" 2>&1
    check "search: the cluster is one hit with its copies and their sources (--json duplicates)" "$PY" -c '
import json, sys
r = json.load(open(sys.argv[1]))
ids = [h["id"] for h in r["hits"]]
story = [h for h in r["hits"] if h["duplicates"]]
assert len(story) == 1 and not set(ids) & {"copy-diacritics", "copy-edited", "copy-exact", "orig"} - {story[0]["id"]}, ids
d = story[0]["duplicates"]
assert len(d["documents"]) == 3 and d["sources"] >= 2, d
assert all(set(x) == {"id", "title", "source", "date", "url"} for x in d["documents"]), d
assert r["total"] == len(r["hits"]), r
' "$T/dups.json"
    check "search: text output says also published by" bash -c "
      '$F' search '$db' 'قيادي داعش البوكمال' | grep -q 'also published by'"
    check "search --no-collapse: every copy is a hit" bash -c "
      [ \$('$F' search '$db' 'قيادي داعش البوكمال' --no-collapse --json | '$PY' -c 'import json,sys; print(len(json.load(sys.stdin)[\"hits\"]))') -ge 4 ]"
    check "search --format trec: document by document" bash -c "
      [ \$('$F' search '$db' 'قيادي داعش البوكمال' --format trec | grep -c 'copy-\|orig') = 4 ]"
    check "stats: clusters counted" bash -c "'$F' stats '$db' | grep -q 'near-duplicates   1 clusters of 4 documents'"
    # an update that makes a copy a different story takes it out of the cluster's records
    printf '%s\n' '{"id":"copy-edited","title":"خبر آخر","body":"هطلت أمطار غزيرة على المدن الساحلية وأدت إلى إغلاق عدد من الطرق الرئيسية","source":"البادية","date":"2021-05-06"}' >"$T/dups2.jsonl"
    "$F" index -q "$db" "$T/dups2.jsonl" 2>/dev/null
    check "an updated document leaves its cluster" bash -c "
      '$F' dups --json '$db' | '$PY' -c 'import json,sys; c=[json.loads(l) for l in sys.stdin]; assert len(c)==1 and len(c[0][\"documents\"])==3, c'"
    # the total of a collapsed search is exact: every match read, or the
    # matches less the copies among those not read, counted by the store
    db=$(dups_db dups_bound)
    dups_fillers "$T/dups_fill.jsonl" 14
    "$F" index -q "$db" "$T/dups.jsonl" "$T/dups_fill.jsonl" 2>/dev/null
    tot() { "$F" search "$1" 'التحالف' "${@:2}" --json | "$PY" -c 'import json,sys; r=json.load(sys.stdin); print(r["total"], r["total_relation"])'; }
    r=$(tot "$db" --limit 20)
    check "18 matches, 4 of them one story, every match read: 15 results, exact (got: $r)" [ "$r" = "15 eq" ]
    r=$(tot "$db" --limit 1)
    check "the same with one hit a page (12 matches read): 15, exact (got: $r)" [ "$r" = "15 eq" ]
    r=$(tot "$db" --limit 1 --sort newest)
    check "the same, newest first (the 12 read are other articles, the story's copies among the rest): 15 (got: $r)" [ "$r" = "15 eq" ]
    r=$("$F" search "$db" --from 2021-05-01 --limit 1 --json | "$PY" -c 'import json,sys; r=json.load(sys.stdin); print(r["total"], r["total_relation"])')
    check "a browse of 21 articles, 4 of them one story, one hit a page: 18, exact (got: $r)" [ "$r" = "18 eq" ]
    r=$(tot "$db" --limit 1 --no-collapse)
    check "the same --no-collapse: every match counted (got: $r)" [ "$r" = "18 eq" ]
    check "the same, text: 'of 15 results'" bash -c "
      '$F' search '$db' 'التحالف' --limit 1 | grep -q '^1-1 of 15 results'"
    # with entity filters: the stories among every matching article
    "$F" dups --json "$db" > "$T/dups_bound.clusters"
    for args in "التحالف --entity ORG:داعش" "--entity ORG:داعش" "--entity ORG:داعش --from 2021-05-01 --sort oldest"; do
        # shellcheck disable=SC2086
        "$F" search "$db" $args --no-collapse --limit 100 --json > "$T/dups_all.json"
        # shellcheck disable=SC2086
        "$F" search "$db" $args --limit 1 --json > "$T/dups_one.json"
        check "$args, one hit a page: the total is the stories among every match" "$PY" - \
            "$T/dups_bound.clusters" "$T/dups_all.json" "$T/dups_one.json" <<'PYEOF'
import json, sys
cluster = {}
for line in open(sys.argv[1]):
    c = json.loads(line)
    for d in c["documents"]:
        cluster[d["id"]] = c["cluster"] if "cluster" in c else c["documents"][0]["id"]
every = json.load(open(sys.argv[2]))
one = json.load(open(sys.argv[3]))
stories = {cluster.get(h["id"], h["id"]) for h in every["hits"]}
assert every["total"] == len(every["hits"]) > 12, every["total"]
assert (one["total"], one["total_relation"]) == (len(stories), "eq"), (one["total"], one["total_relation"], len(stories))
PYEOF
    done
    db=$(dups_db dups_none)
    "$F" index -q "$db" "$T/dups_fill.jsonl" 2>/dev/null
    r=$(tot "$db" --limit 1)
    check "a store without copies, 14 matches, 12 read: exact (got: $r)" [ "$r" = "14 eq" ]
    db=$(dups_db dups_hardneg)
    dups_hard_negative "$T/dups_hardneg.jsonl"
    "$F" index -q "$db" "$T/dups_hardneg.jsonl" 2>/dev/null
    check "dups: two stories sharing a lead and teasers are not one cluster" bash -c "
      [ -z \"\$('$F' dups --json '$db')\" ]"
}

# The demo corpus: demo-002 and demo-026 are one story published by two
# sources, one result for التحالف الدولي ضد داعش with "also published by".
dups_demo_tests() {
    local db
    db=$(dups_db demo)
    "$F" index -q "$db" demo/articles.jsonl demo/txt 2>"$T/demo.err"
    "$F" search "$db" 'التحالف الدولي ضد داعش' --json >"$T/demo.json" 2>>"$T/demo.err"
    check "demo: demo-002 and demo-026 are one result, the other in its duplicates (--json)" "$PY" -c '
import json, sys
hits = json.load(open(sys.argv[1]))["hits"]
ids = [h["id"] for h in hits]
story = [h for h in hits if h["id"] in ("demo-002", "demo-026")]
assert len(story) == 1, ids
assert [d["id"] for d in story[0]["duplicates"]["documents"]] == [{"demo-002": "demo-026", "demo-026": "demo-002"}[story[0]["id"]]], story[0]
assert story[0]["rank"] <= 3, ids
' "$T/demo.json"
    check "demo: the text output says also published by" bash -c "
      '$F' search '$db' 'التحالف الدولي ضد داعش' | grep -A1 'also published by 1 source' | grep -q 'demo-0[02][26]'"
}
