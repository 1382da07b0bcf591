#!/bin/bash
# tests/web/run.sh - `fahras serve`: the command line, the JSON API (every
# endpoint and error path), static files and path traversal, timeouts,
# many clients while `fahras index` writes, clean shutdown on SIGINT and
# SIGTERM, totals past 10,000 (CLI, API, page: totals.mjs), and the page
# in headless Chromium (playwright-core).
#
# Indexes tests/web/corpus.jsonl (articles written for these tests,
# including one whose title and body hold <script> and <b>, and one whose
# id holds / ? # %) into
# temporary databases, with --no-dups: its articles recombine a few
# sentences, so many are near-duplicates of one another, and these tests
# count documents.  The browser run also indexes the demo corpus when
# demo/ has one.  Needs node/npm; runs `npm ci` in web/ when needed.
# The screenshots go to $BUILD/web-test/ (screenshot.png, and those of
# page.mjs and entities.mjs; entities_live.mjs checks the page against
# the entity server); with
# FAHRAS_UPDATE_SCREENSHOT=1 it also replaces docs/screenshot.png.
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
BUILD=${BUILD:-build}
FAHRAS=${FAHRAS:-$BUILD/fahras}
HERE=tests/web
QUERY='الحكومة'

. tests/lib.sh

# Count a script's own "N passed, N failed" into ours.
run_node() { local what=$1; shift; run_counted "$what" node "$@"; }
run_counted() {
    local what=$1; shift
    local log; log=$(mktemp)
    "$@" 2>&1 | tee "$log"
    local line; line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    rm -f "$log"
    if [ -z "$line" ]; then fail "$what: no summary"; return; fi
    local f=${line#*passed, } s=0
    case $line in *skipped*) s=${line##*failed, }; s=${s%% skipped*};; esac
    add_counts "${line%% passed*}" "${f%% failed*}" "$s"
}

if ! "$FAHRAS" serve --help >/dev/null 2>&1; then
    fail "$FAHRAS serve is not built (make)"
    summary
fi
if ! "$FAHRAS" index --help >/dev/null 2>&1; then
    fail "$FAHRAS index is not built: the tests need it to make their database"
    summary
fi
if ! command -v node >/dev/null; then
    fail "node is not installed (scripts/deps.sh installs nodejs and npm)"
    summary
fi

TMP=$(mktemp -d)
PIDS=""
PG_DIR=""
cleanup() {
    for p in $PIDS; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    [ -n "$PG_DIR" ] && bash scripts/pg-cluster.sh stop "$PG_DIR" >/dev/null 2>&1
    rm -rf "$TMP"
}
trap cleanup EXIT

# http_get URL: print the body (exit 0) or fail; node's fetch, so the
# suite needs no HTTP client beyond what the page's tests use anyway.
http_get() {
    node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(5000) })
        .then(async (r) => { process.stdout.write(await r.text()); process.exit(r.ok ? 0 : 1); })
        .catch(() => process.exit(2));' "$1"
}

# start_server NAME DB [ARGS...]: start `fahras serve` on a free port;
# sets URL and SERVER_PID.  Output in $TMP/NAME.out / .err.
start_server() {
    local name=$1 db=$2; shift 2
    "$FAHRAS" serve "$db" --port 0 "$@" >"$TMP/$name.out" 2>"$TMP/$name.err" &
    SERVER_PID=$!
    PIDS="$PIDS $SERVER_PID"
    URL=""
    for _ in $(seq 100); do
        URL=$(grep -o 'http://[^ ]*' "$TMP/$name.out" 2>/dev/null | head -n 1)
        [ -n "$URL" ] && break
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.1
    done
    URL=${URL%/}
    [ -n "$URL" ]
}

contains() { grep -qF -- "$2" <<<"$1"; }
lacks() { ! grep -q -- "$2" <<<"$1"; }

# The state letter of a process (Z: exited, not yet waited for).
proc_state() { sed -E 's/^[0-9]+ \(.*\) (.).*/\1/' "/proc/$1/stat" 2>/dev/null; }

# wait_exit PID: wait (bounded) for a child to end; sets rc to its exit
# status, or "hung" (then kills it).
wait_exit() {
    local pid=$1
    for _ in $(seq 200); do
        # A finished child stays a zombie until waited for: check its state.
        [ "$(proc_state "$pid")" = Z ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null && [ "$(proc_state "$pid")" != Z ]; then
        rc=hung; kill -9 "$pid"; wait "$pid" 2>/dev/null; return
    fi
    wait "$pid"
    rc=$?
}

# --- the web page's npm packages (font, playwright-core) --------------------
have_font=1
if [ ! -f web/node_modules/.package-lock.json ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
    if (cd web && npm ci --no-audit --no-fund --loglevel=error) >"$TMP/npm.log" 2>&1; then
        ok "npm ci in web/"
    else
        fail "npm ci in web/ failed:"; sed 's/^/    /' "$TMP/npm.log" | tail -n 15
        have_font=0
    fi
fi

# --- command line -------------------------------------------------------------
"$FAHRAS" serve >/dev/null 2>"$TMP/e"; rc=$?
check "serve without DB: usage, exit 2" test "$rc" = 2
"$FAHRAS" serve x.db --port 99999 >/dev/null 2>"$TMP/e"; rc=$?
check "--port out of range: exit 2" test "$rc" = 2
"$FAHRAS" serve x.db --bogus >/dev/null 2>"$TMP/e"; rc=$?
check "unknown option: exit 2 naming it" grep -q -- "--bogus" "$TMP/e"
"$FAHRAS" serve "$TMP/missing.db" --port 0 >/dev/null 2>"$TMP/e"; rc=$?
check "missing database: exit 3 with a message naming it" \
    bash -c "[ $rc = 3 ] && grep -q missing.db '$TMP/e'"
printf 'not a database at all, just text\n%.0s' $(seq 100) >"$TMP/junk.db"
"$FAHRAS" serve "$TMP/junk.db" --port 0 >/dev/null 2>"$TMP/e"; rc=$?
check "a file that is not a store: exit 3" test "$rc" = 3
"$FAHRAS" serve "$TMP/missing.db" --web "$TMP" --port 0 >/dev/null 2>"$TMP/e"; rc=$?
check "--web without the page: exit 3" test "$rc" = 3

# --- the test database -----------------------------------------------------
DB=$TMP/api.db
if ! "$FAHRAS" index -q --no-dups "$DB" "$HERE/corpus.jsonl" 2>"$TMP/index.err"; then
    fail "index tests/web/corpus.jsonl"; cat "$TMP/index.err"; summary
fi
"$FAHRAS" serve "$DB" --host not-an-address --port 0 >/dev/null 2>"$TMP/e"; rc=$?
check "--host that is not an address: exit 3" test "$rc" = 3

# --- API, static files, traversal --------------------------------------------
if start_server api "$DB" --timeout 2 --threads 4 --log; then
    ok "server starts and prints its URL ($URL)"
    check "default address is 127.0.0.1" grep -q 'http://127.0.0.1:' "$TMP/api.out"
    "$FAHRAS" serve "$DB" --port "${URL##*:}" >/dev/null 2>"$TMP/e"; rc=$?
    check "port in use: exit 3 with a message" bash -c "[ $rc = 3 ] && grep -q 'cannot listen' '$TMP/e'"
    font_arg=""; [ "$have_font" = 1 ] || font_arg=--no-font
    run_node "API tests" "$HERE/api.mjs" "$URL" $font_arg
    # An idle connection is closed by the server (--timeout 2), not held
    # forever: the read ends well before its own 30 s bound.
    host=${URL#http://}; host=${host%:*}
    start=$SECONDS
    if exec 3<>"/dev/tcp/$host/${URL##*:}"; then
        timeout 30 cat <&3 >/dev/null; exec 3<&-
        check "idle connection closed by the server (--timeout)" test $((SECONDS - start)) -lt 30
    else
        fail "idle connection: cannot connect"
    fi
    check "server still up after the API tests" kill -0 "$SERVER_PID"
    http_get "$URL/api/doc/a%0Ab%1Bc" >/dev/null
    check "--log: one line per request, control bytes hidden" \
        grep -q '^fahras serve: GET /api/doc/a?b?c 404 ' "$TMP/api.err"
    # SIGTERM while requests are in flight: exits 0 and says so.
    for _ in 1 2 3 4 5 6; do http_get "$URL/api/search?q=%D8%A7%D9%84%D8%AD%D9%83%D9%88%D9%85%D8%A9&limit=1000" >/dev/null & done
    sleep 0.2 # let them connect
    kill -TERM "$SERVER_PID"
    wait_exit "$SERVER_PID"
    wait 2>/dev/null
    check "SIGTERM: clean exit 0 (got $rc)" test "$rc" = 0
    check "SIGTERM: says it stopped" grep -q 'stopped' "$TMP/api.err"
    http_get "$URL/healthz" >/dev/null 2>&1; rc=$?
    check "port released after shutdown (no answer: $rc)" test "$rc" = 2
else
    fail "server did not start:"; cat "$TMP/api.err"
fi

# --- entity facets, timeline and filters ---------------------------------------
# Articles naming people, organisations, places and dates (the core's golden
# article and three more), served under a work budget (the entity facets of
# a search read the best matches' rows from memory, not a statement each).
EDB=$TMP/ent.db
cp tests/core/golden/article.jsonl "$TMP/ent.jsonl"
python3 - >> "$TMP/ent.jsonl" <<'PY'
import json
docs = [
    ("e2", "2019-06-02", "أعلنت وزارة الدفاع العراقية أن تنظيم داعش هاجم قرية قرب الموصل في 3 حزيران/يونيو 2019، وقالت الحكومة في بغداد إن 40 عنصرا شاركوا."),
    ("e3", "2020-01-10", "قال الرئيس الفرنسي إيمانويل ماكرون في باريس إن بلاده ستواصل دعم التحالف الدولي ضد داعش خلال عام 2020."),
    ("e4", "2020-02-01", "قال الرئيس إيمانويل ماكرون في باريس إن تنظيم داعش ما زال خطرا في سوريا والعراق في 2020."),
]
for i, d, b in docs:
    print(json.dumps({"id": i, "title": "خبر " + i, "body": b, "date": d, "source": "test"}, ensure_ascii=False))
PY
if "$FAHRAS" index -q --no-dups "$EDB" "$TMP/ent.jsonl" 2>"$TMP/ent-index.err" &&
    start_server ent "$EDB" --search-steps 20000; then
    run_node "API entity facets and filters" "$HERE/api.mjs" "$URL" --entities
    # The page's entity lists and timeline from this server's own answers.
    if [ -d web/node_modules/playwright-core ] && { [ -x /usr/bin/chromium ] || [ -n "${CHROMIUM:-}" ]; }; then
        run_node "page entities and timeline on the server's answers" "$HERE/entities_live.mjs" "$URL" 'داعش'
    else
        fail "the page's live entity checks need Chromium and playwright-core (scripts/deps.sh, npm ci in web/)"
    fi
    kill -TERM "$SERVER_PID"; wait_exit "$SERVER_PID"
else
    fail "index or serve the entity articles:"; cat "$TMP/ent-index.err" "$TMP/ent.err" 2>/dev/null | tail -n 5
fi

# --- facets and totals against an independent count --------------------------
# A generated corpus with many sources (more than the 100 values a facet
# returns, ties, Latin and Arabic values, missing and empty fields), and a
# set of articles whose sources are 16 KB each: more distinct text than the
# SQLite store counts in memory for one facet (4 MiB), so that facet is
# counted by SQL instead.  For each request, the facets and total the API
# returns (one pass over the matches; the total taken from that pass) must
# equal what the database itself groups and counts over the documents the
# ranked search returned (every match: at most 1000), with the filters
# applied in SQL.  facets=0 (the total counted on its own) must give the
# same total and hits.
python3 - >"$TMP/facets.jsonl" <<'EOF'
import json
for i in range(900):
    d = {"id": "gen-%05d" % i, "title": "عنوان رقم %d" % i,
         "body": "نص عن الزعفرانية %s في المقال %d" % ("الحمراء" if i % 3 == 0 else "الزرقاء", i)}
    if i % 50 == 7:
        pass                                   # no source
    elif i % 50 == 8:
        d["source"] = ""                       # empty source
    elif i % 11 == 0:
        d["source"] = ("Agence %d" if i % 2 else "agence %d") % (i % 5)
    else:
        d["source"] = "مصدر %d" % (i % 7 if i % 4 == 0 else (i * 7919) % 230)
    if i % 9:
        d["category"] = "فئة %d" % (i % 23)
    if i % 17 == 0:
        d["date"] = "2020"
    elif i % 13:
        d["date"] = "%d-%02d-%02d" % (2019 + i % 3, 1 + (i // 3) % 12, 1 + i % 28) + ("T10:00:00Z" if i % 4 == 0 else "")
    print(json.dumps(d, ensure_ascii=False))
for i in range(320):
    print(json.dumps({"id": "long-%05d" % i, "title": "طويل %d" % i, "body": "نص القرنفلية رقم %d" % i,
                      "source": "مصدر طويل %03d " % i + "س" * 8000, "category": "فئة طويلة",
                      "date": "2022-%02d-01" % (1 + i % 12)}, ensure_ascii=False))
EOF
cat >"$TMP/facets_check.py" <<'EOF'
# usage: facets_check.py BASE_URL sqlite DB | BASE_URL postgresql URL
import json, subprocess, sys, urllib.parse, urllib.request
base, backend, target = sys.argv[1:4]
passed = failed = 0
def check(cond, what, detail=None):
    global passed, failed
    if cond: passed += 1; print("ok - " + what)
    else:
        failed += 1
        print("not ok - " + what + ("" if detail is None else " (%s)" % json.dumps(detail, ensure_ascii=False)[:600]))
def api(params):
    with urllib.request.urlopen(base + "/api/search?" + urllib.parse.urlencode(params), timeout=60) as r:
        return json.load(r)
def lit(s): return "'" + s.replace("'", "''") + "'"
def db_rows(sql):
    if backend == "sqlite":
        cmd = ["sqlite3", "-readonly", "-separator", "\t", target, sql]
    else:
        cmd = ["psql", target, "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return [l.split("\t") for l in out.split("\n") if l]
table = "docs" if backend == "sqlite" else "fahras_docs"
kinds = {"source": "source", "category": "category", "month": "substr(date, 1, 7)"}
def expected(ids, f):
    where = "id IN (%s)" % ",".join(lit(i) for i in ids)
    if f.get("source"): where += " AND source = " + lit(f["source"])
    if f.get("category"): where += " AND category = " + lit(f["category"])
    if f.get("from"): where += " AND date >= " + lit(f["from"])
    if f.get("to"):  # inclusive: the backends' own forms of it
        where += (" AND substr(date, 1, length(%s)) <= %s" if backend == "sqlite" else
                  " AND (date <= %s OR starts_with(date, %s))") % (lit(f["to"]), lit(f["to"]))
    total = int(db_rows("SELECT count(*) FROM %s WHERE %s" % (table, where))[0][0])
    facets = {}
    for k, e in kinds.items():
        # both stores return the top 100 per kind (FH_FACET_TOP)
        limit = " LIMIT 100"
        rows = db_rows("SELECT v, count(*) FROM (SELECT %s AS v FROM %s WHERE %s) t "
                       "WHERE v IS NOT NULL AND v <> '' GROUP BY v ORDER BY 2 DESC, 1%s" % (e, table, where, limit))
        facets[k] = [{"value": v, "count": int(n)} for v, n in rows]
    return total, facets
def short(facets):
    return {k: [(x["value"][:20], x["count"]) for x in v[:5]] for k, v in facets.items()}
cases = []
for q in ["زعفرانية", "زعفرانية -الزرقاء", "+الزعفرانية +الحمراء", "القرنفلية"]:
    every = api({"q": q, "limit": "1000", "facets": "0"})
    ids = [h["id"] for h in every["hits"]]
    check(0 < every["total"] == len(ids) <= 1000, "%s: every match listed (%d)" % (q, every["total"]))
    base_facets = api({"q": q, "limit": "1"})["facets"]
    # filter values are at most 512 bytes (the 16 KB sources cannot be one)
    src = [x["value"] for x in base_facets["source"] if len(x["value"].encode()) <= 512]
    cat = [x["value"] for x in base_facets["category"]]
    filters = [{}, {"from": "2020-01-01"}, {"to": "2020-06-30"}, {"from": "2019-03-01", "to": "2020-12-31"}]
    if src: filters += [{"source": src[0]}, {"source": src[-1], "to": "2021-12-31"}]
    if cat: filters += [{"category": cat[len(cat) // 2]}, {"category": cat[0], "from": "2019-06-01"}]
    for f in filters:
        for page in [{"limit": "10"}, {"limit": "5", "offset": "20"}, {"limit": "10", "offset": "2000"}]:
            cases.append((q, ids, f, page))
for q, ids, f, page in cases:
    what = "%s %s %s" % (q, f, page)
    got = api({"q": q, **f, **page})
    total, facets = expected(ids, f)
    check(got["total"] == total, what + ": total = SQL count", [got["total"], total])
    check(got["facets"] == facets, what + ": facets = SQL GROUP BY", [short(got["facets"]), short(facets)])
    plain = api({"q": q, **f, **page, "facets": "0"})
    check(plain["total"] == got["total"] and plain["hits"] == got["hits"],
          what + ": facets=0 gives the same total and hits")
# the shape of the corpus: the cut at 100, and the long values (SQL fallback)
g = api({"q": "زعفرانية", "limit": "1"})
n = len(g["facets"]["source"])
check(n == 100 and g["total"] == 900,
      "more than 100 sources among the matches", [len(g["facets"]["source"]), g["total"]])
g = api({"q": "القرنفلية", "limit": "1"})
check(len(g["facets"]["source"]) == 100 and
      all(x["count"] == 1 and len(x["value"]) > 8000 for x in g["facets"]["source"]),
      "16 KB sources: counted and cut like the others")
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
EOF
FDB2=$TMP/facets.db
if ! "$FAHRAS" index -q --no-dups "$FDB2" "$TMP/facets.jsonl" 2>"$TMP/facets-index.err"; then
    fail "index the generated facet corpus"; tail -n 3 "$TMP/facets-index.err"
elif start_server facets "$FDB2" --threads 2; then
    run_counted "facets against SQL (SQLite)" python3 "$TMP/facets_check.py" "$URL" sqlite "$FDB2"
    kill -TERM "$SERVER_PID"; wait_exit "$SERVER_PID"
else
    fail "server for the facet checks did not start"; cat "$TMP/facets.err"
fi

# --- what a search changed: near spellings, variants, the relaxed retry -------
NDB=$TMP/names.db
if "$FAHRAS" index -q --no-dups "$NDB" tests/sqlite/names.jsonl 2>"$TMP/names.err" &&
   "$FAHRAS" variants --learn "$NDB" >/dev/null 2>>"$TMP/names.err" && start_server names "$NDB" --threads 2; then
    run_node "rewrites through the API (SQLite)" "$HERE/rewrites.mjs" "$URL"
    kill -TERM "$SERVER_PID"; wait_exit "$SERVER_PID"
else
    fail "index, learn or serve tests/sqlite/names.jsonl"; tail -n 3 "$TMP/names.err"
fi

# --- totals past FH_TOTAL_EXACT_UP_TO (10,000): a lower bound ----------------
# 10,100 generated articles: الزيتون in all, البستان in 10,000, الحقل in
# 100.  The own index without facets (the CLI, facets=0) counts exactly up
# to 10,000 and past it answers 10,000 as a lower bound: the terminal's
# "more than", the JSON relations "gte"; the page's «أكثر من» (totals.mjs).
python3 - >"$TMP/totals.jsonl" <<'PY'
import json
for i in range(10100):
    place = "البستان" if i < 10000 else "الحقل"
    print(json.dumps({"id": "t%d" % i, "title": "خبر %d" % i,
                      "body": "الزيتون في %s رقم %d" % (place, i)}, ensure_ascii=False))
PY
TDB=$TMP/totals.db
# totals_json QUERY [ARGS...]: total, relation, total_all, relation of --json
totals_json() {
    "$FAHRAS" search "$TDB" "$@" --json | python3 -c 'import json,sys; j=json.load(sys.stdin)
print(j["total"], j["total_relation"], j["total_all"], j["total_all_relation"])'
}
if ! "$FAHRAS" index -q --no-dups "$TDB" "$TMP/totals.jsonl" 2>"$TMP/totals-index.err"; then
    fail "index the generated totals corpus" "$(tail -n 3 "$TMP/totals-index.err")"
else
    out=$("$FAHRAS" search "$TDB" 'الزيتون' 2>&1)
    check "CLI: 10,100 matches: '1-10 of more than 10000 results'" contains "$out" "1-10 of more than 10000 results"
    out=$("$FAHRAS" search "$TDB" 'الزيتون' --match any 2>&1)
    check "CLI --match any: 'more than 10000 articles hold every word'" \
        contains "$out" "match any: more than 10000 articles hold every word"
    out=$("$FAHRAS" search "$TDB" 'البستان' 2>&1)
    check "CLI: exactly 10,000 matches are exact: '1-10 of 10000 results'" \
        bash -c 'grep -qx "1-10 of 10000 results" <<<"$1"' _ "$out"
    check "CLI --json: 10,100 matches: 10000 gte, total_all 10000 gte" \
        test "$(totals_json 'الزيتون')" = "10000 gte 10000 gte"
    check "CLI --json: exactly 10,000 matches: 10000 eq" \
        test "$(totals_json 'البستان')" = "10000 eq 10000 eq"
    check "CLI --json: 100 matches: 100 eq" test "$(totals_json 'الحقل')" = "100 eq 100 eq"
    check "CLI --json --match any: total gte, the 10,000 holding both eq" \
        test "$(totals_json 'الزيتون البستان' --match any)" = "10000 gte 10000 eq"
    if start_server totals "$TDB" --threads 2; then
        page_arg=""
        if [ -d web/node_modules/playwright-core ] && { [ -x /usr/bin/chromium ] || [ -n "${CHROMIUM:-}" ]; }; then
            page_arg=--page
        else
            fail "the page's «أكثر من» check needs Chromium and playwright-core (scripts/deps.sh, npm ci in web/)"
        fi
        run_node "totals past 10,000 through the API and the page" "$HERE/totals.mjs" "$URL" $page_arg
        kill -TERM "$SERVER_PID"; wait_exit "$SERVER_PID"
    else
        fail "server for the totals checks did not start" "$(cat "$TMP/totals.err")"
    fi
fi

# --- marks as offsets: byte and code-point offsets sliced in JS and Python --
# Characters outside the BMP before the marked words, where bytes, UTF-16
# indexes and code points all differ.
{
    printf '%s\n' '{"id": "m1", "title": "😀 الحكومة 𝔸", "body": "🇸🇦 أعلنت الحُكُومَةُ 😀😀 خطة 𝔸𝔹 جديدة، وقالت الحكومة إن é ستبدأ."}'
    printf '%s\n' '{"id": "m2", "title": "بيان الحكومة", "body": "الحكومة"}'
} >"$TMP/marks.jsonl"
if ! "$FAHRAS" index -q --no-dups "$TMP/marks.db" "$TMP/marks.jsonl" 2>"$TMP/marks-index.err"; then
    fail "index the marks corpus"; cat "$TMP/marks-index.err"
elif start_server marks "$TMP/marks.db"; then
    run_node "marks as offsets (JavaScript)" "$HERE/marks.mjs" "$URL"
    run_counted "marks as offsets (Python)" python3 "$HERE/marks_check.py" "$URL"
    kill -TERM "$SERVER_PID"; wait_exit "$SERVER_PID"
else
    fail "server for the marks checks did not start"; cat "$TMP/marks.err"
fi

# --- the same API over a PostgreSQL store ------------------------------------
# A throwaway cluster with this tree's extension (scripts/pg-cluster.sh).
if "$FAHRAS" --help 2>/dev/null | grep -q postgresql; then
    # Not under $TMP: that is private to us, and the cluster runs as postgres.
    PG_DIR=$(mktemp -u "${TMPDIR:-/tmp}/fahras-web-pg.XXXXXX")
    if bash scripts/pg-cluster.sh start "$PG_DIR" >"$TMP/pg.log" 2>&1; then
        PG_URL=$(sed -n 's/.*FAHRAS_PG_URL=//p' "$PG_DIR/env")
        if "$FAHRAS" index -q --no-dups "$PG_URL" "$HERE/corpus.jsonl" 2>"$TMP/pgindex.err" &&
           start_server pg "$PG_URL" --threads 2; then
            ok "serve a postgresql:// store"
            run_node "API tests on PostgreSQL" "$HERE/api.mjs" "$URL" --backend postgresql
            # the facet corpus in the same store (its words are in no other article)
            if "$FAHRAS" index -q --no-dups "$PG_URL" "$TMP/facets.jsonl" 2>"$TMP/pgfacets.err"; then
                run_counted "facets against SQL (PostgreSQL)" python3 "$TMP/facets_check.py" "$URL" postgresql "$PG_URL"
            else
                fail "index the facet corpus on PostgreSQL:"; tail -n 3 "$TMP/pgfacets.err"
            fi
            kill -TERM "$SERVER_PID"; wait_exit "$SERVER_PID"
            check "PostgreSQL server stopped cleanly (got $rc)" test "$rc" = 0
        else
            fail "index or serve on PostgreSQL:"; cat "$TMP/pgindex.err" "$TMP/pg.err" 2>/dev/null | tail -n 5
        fi
        bash scripts/pg-cluster.sh stop "$PG_DIR" >/dev/null 2>&1; PG_DIR=""
    else
        skip "API on PostgreSQL: no throwaway cluster here ($(tail -n 1 "$TMP/pg.log"))"
        PG_DIR=""
    fi
else
    skip "API on PostgreSQL: this fahras was built without PostgreSQL"
fi

# --- database failures: 500 with a JSON error, details only in the log -------
FDB=$TMP/fail.db
"$FAHRAS" index -q --no-dups "$FDB" "$HERE/corpus.jsonl" 2>/dev/null
if ! command -v sqlite3 >/dev/null; then
    fail "sqlite3 is missing (scripts/deps.sh installs it)"
elif start_server fail "$FDB" --threads 1; then
    http_get "$URL/api/doc/t01" >/dev/null
    check "before: 200" test $? = 0
    # Take the documents table away under the running server.
    sqlite3 "$FDB" 'ALTER TABLE docs RENAME TO docs_gone;'
    for path in "/api/search?q=%D8%AE%D8%B7%D8%A9" /api/doc/t01 /api/stats; do
        body=$(http_get "$URL$path"); rc=$?
        check "store failure on $path: 500 store_error" \
            contains "$rc $body" '1 {"error":{"status":500,"code":"store_error"'
        check "store failure on $path: no file name or SQL error in the answer" \
            lacks "$body" 'fail.db\|no such table'

    done
    check "store failure: the details are in the server's log" grep -q 'no such table: docs' "$TMP/fail.err"
    check "--threads 1: no warning from libmicrohttpd" lacks "$(cat "$TMP/fail.err")" 'Warning'

    check "/healthz still 200 while the store fails" bash -c "$(declare -f http_get); http_get '$URL/healthz' >/dev/null"
    sqlite3 "$FDB" 'ALTER TABLE docs_gone RENAME TO docs;'
    http_get "$URL/api/doc/t01" >/dev/null
    check "answers again once the database is whole" test $? = 0
    kill -TERM "$SERVER_PID"; wait_exit "$SERVER_PID"
else
    fail "server for the failure test did not start"; cat "$TMP/fail.err"
fi

# --- IPv6 and SIGINT ------------------------------------------------------------
if start_server v6 "$DB" --host ::1; then
    check "--host ::1 serves over IPv6" bash -c "$(declare -f http_get); http_get '$URL/healthz' | grep -q ok"
    kill -INT "$SERVER_PID"
    wait_exit "$SERVER_PID"
    check "SIGINT: clean exit 0 (got $rc)" test "$rc" = 0
elif grep -qi 'cannot listen' "$TMP/v6.err"; then
    skip "no IPv6 loopback on this machine"
    if start_server int "$DB"; then
        kill -INT "$SERVER_PID"; wait_exit "$SERVER_PID"
        check "SIGINT: clean exit 0 (got $rc)" test "$rc" = 0
    fi
else
    fail "--host ::1:"; cat "$TMP/v6.err"
fi

# --- many clients while an index run writes to the same database -------------
CDB=$TMP/concurrent.db
"$FAHRAS" index -q --no-dups "$CDB" "$HERE/corpus.jsonl" 2>/dev/null
# 20000 more articles that all match the query, written in batches of 200
# (a few seconds of writing).
python3 - "$HERE/corpus.jsonl" >"$TMP/more.jsonl" <<'EOF'
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
gov = [d for d in docs if d["id"].startswith("t") and "الحكومة" in d["body"]][:10]
for i in range(20000):
    d = dict(gov[i % len(gov)])
    d["id"] = "more-%05d" % i
    d["title"] = d["title"] + " - نسخة %d" % i
    print(json.dumps(d, ensure_ascii=False))
EOF
if start_server conc "$CDB" --threads 4; then
    rm -f "$TMP/index.done"
    ( "$FAHRAS" index -q --no-dups --batch 200 "$CDB" "$TMP/more.jsonl" 2>"$TMP/more.err"; echo $? >"$TMP/index.rc"; touch "$TMP/index.done" ) &
    run_node "clients during indexing" "$HERE/concurrent.mjs" "$URL" "$TMP/index.done" "$QUERY" 20018 18 200 8
    wait_for=0; while [ ! -f "$TMP/index.done" ] && [ $wait_for -lt 600 ]; do sleep 0.1; wait_for=$((wait_for + 1)); done
    check "index run beside the server succeeded" test "$(cat "$TMP/index.rc" 2>/dev/null)" = 0
    kill -TERM "$SERVER_PID"; wait_exit "$SERVER_PID"
    check "server stopped cleanly after the load (got $rc)" test "$rc" = 0
else
    fail "server for the concurrency test did not start"; cat "$TMP/conc.err"
fi

# --- the page in headless Chromium -------------------------------------------
# Article text reaches the page as text only: no script of the page parses
# HTML or evaluates strings.
check "page scripts never parse HTML or evaluate strings" \
    bash -c "! grep -nE '\.(innerHTML|outerHTML|insertAdjacentHTML|createContextualFragment)|document\.write|DOMParser|\beval\(|new Function' web/public/*.js"
SHOT_DIR=$BUILD/web-test
mkdir -p "$SHOT_DIR"
BDB=$TMP/browser.db
demo_files=$(ls -d demo/*.jsonl demo/*.jsonl.gz demo/txt 2>/dev/null | head -n 5)
shot_query=$QUERY
# The demo corpus (demo/, make demo) has articles on the coalition with a
# diacritized الدَّوْليّ: the screenshot shows marks on the original text.
[ -n "$demo_files" ] && shot_query='التحالف الدولي'

# The page's layout tests (page.mjs) add their own articles (all holding
# الفستق, a word no other article has, so the other tests see no change).
python3 "$HERE/page_corpus.py" >"$TMP/page.jsonl"
# shellcheck disable=SC2086
"$FAHRAS" index -q --no-dups "$BDB" $demo_files "$HERE/corpus.jsonl" "$TMP/page.jsonl" \
    tests/sqlite/names.jsonl 2>"$TMP/bindex.err" ||
    { echo "note: indexing for the browser run reported:"; tail -n 3 "$TMP/bindex.err"; }
# the variant spellings of tests/sqlite/names.jsonl (ترامب, ترمب) for the
# page's "also searched" line
check "variants learned for the browser run" "$FAHRAS" variants --learn "$BDB"
if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM:-}" ]; then
    fail "/usr/bin/chromium is missing (scripts/deps.sh installs it)"
elif [ ! -d web/node_modules/playwright-core ]; then
    fail "playwright-core is missing (npm ci in web/ failed above)"
elif start_server browser "$BDB" --threads 2; then
    FAHRAS_QUERY=$QUERY FAHRAS_EVIL_ID=html-1 FAHRAS_EVIL_QUERY='مهرجان' FAHRAS_SHOT_QUERY=$shot_query \
        run_node "browser tests" "$HERE/browser.mjs" "$URL" "$SHOT_DIR/screenshot.png"
    if [ -s "$SHOT_DIR/screenshot.png" ]; then
        ok "screenshot saved: $SHOT_DIR/screenshot.png"
        [ "${FAHRAS_UPDATE_SCREENSHOT:-}" = 1 ] && cp "$SHOT_DIR/screenshot.png" docs/screenshot.png
    else
        fail "no screenshot"
    fi
    # Layout and language at 1280 and 390 px; its screenshots are checked
    # by the script itself.
    run_node "page layout tests" "$HERE/page.mjs" "$URL" "$SHOT_DIR"
    # Entity facets and the timeline, on mocked answers (entities.mjs).
    run_node "entity and timeline tests" "$HERE/entities.mjs" "$URL" "$SHOT_DIR"
    for shot in screenshot-1280.png screenshot-390.png screenshot-390-filters.png \
                entities-1280.png entities-390.png entities-390-filters.png; do
        check "screenshot saved: $SHOT_DIR/$shot" test -s "$SHOT_DIR/$shot"
    done
    kill -TERM "$SERVER_PID"; wait_exit "$SERVER_PID"
else
    fail "server for the browser tests did not start"; cat "$TMP/browser.err"
fi

summary
