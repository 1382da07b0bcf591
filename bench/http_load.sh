#!/bin/bash
# bench/http_load.sh - load check of `fahras serve` with wrk: requests per
# second and p95 latency at 50 concurrent clients, for the search API next
# to a baseline measured in the same run (/healthz: the HTTP layer alone;
# /app.js: a static file), so the figures read as ratios on any machine.
#
# usage: bench/http_load.sh [JSONL...]   (default: ../shared/data/news/ant-v2.1.jsonl,
#        else demo/*.jsonl, else tests/web/corpus.jsonl)
# env:   DURATION (s per run, default 10), CONNECTIONS (50), THREADS (wrk, 2),
#        SERVER_THREADS (4), FAHRAS (build/fahras), DB (a database to serve:
#        indexed from the JSONL when absent, kept afterwards; default a
#        temporary one)
# Traffic goes to 127.0.0.1 only; every run is bounded by DURATION.
set -eu
cd "$(dirname "$0")/.."
FAHRAS=${FAHRAS:-build/fahras}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-2}
SERVER_THREADS=${SERVER_THREADS:-4}
command -v wrk >/dev/null || { echo "wrk is not installed (scripts/deps.sh)" >&2; exit 1; }
[ -x "$FAHRAS" ] || { echo "$FAHRAS is not built (make)" >&2; exit 1; }

if [ $# -gt 0 ]; then
    files=("$@")
elif [ -f ../shared/data/news/ant-v2.1.jsonl ]; then
    files=(../shared/data/news/ant-v2.1.jsonl)
elif ls demo/*.jsonl >/dev/null 2>&1; then
    files=(demo/*.jsonl)
else
    files=(tests/web/corpus.jsonl)
fi

TMP=$(mktemp -d)
SERVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$TMP"' EXIT

DB=${DB:-$TMP/bench.db}
if [ ! -f "$DB" ]; then
    echo "indexing ${files[*]} ..."
    "$FAHRAS" index -q "$DB" "${files[@]}" || [ $? = 1 ]
fi
"$FAHRAS" serve "$DB" --port 0 --threads "$SERVER_THREADS" >"$TMP/out" 2>"$TMP/err" &
SERVER=$!
URL=""
for _ in $(seq 100); do
    URL=$(grep -o 'http://[^ ]*' "$TMP/out" 2>/dev/null | head -n 1) && [ -n "$URL" ] && break
    sleep 0.1
done
[ -n "$URL" ] || { cat "$TMP/err"; exit 1; }
URL=${URL%/}
get() { python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())' "$1"; }
docs=$(get "$URL/api/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"])')
# An id to fetch, from the first hit of a common word.
doc_id=$(get "$URL/api/search?q=%D9%81%D9%8A&limit=1" |
         python3 -c 'import json,sys,urllib.parse; h=json.load(sys.stdin)["hits"]; print(urllib.parse.quote(h[0]["id"], safe="") if h else "none")')

# Searches rotate over a few queries: common and rare words, a phrase,
# a prefix, one with a source filter (the search lua scripts hold facets=1,
# the default)...
cat >"$TMP/search.lua" <<'EOF'
local queries = {
  "q=%D8%A7%D9%84%D8%AD%D9%83%D9%88%D9%85%D8%A9",                        -- الحكومة
  "q=%D8%A7%D9%84%D8%A7%D9%86%D8%AA%D8%AE%D8%A7%D8%A8%D8%A7%D8%AA",       -- الانتخابات
  "q=%22%D9%85%D8%AC%D9%84%D8%B3+%D8%A7%D9%84%D8%A3%D9%85%D9%86%22",      -- "مجلس الأمن"
  "q=%D8%A7%D9%82%D8%AA%D8%B5%D8%A7%D8%AF*",                              -- اقتصاد*
  "q=%D9%83%D8%B1%D8%A9+%D8%A7%D9%84%D9%82%D8%AF%D9%85&offset=10",        -- كرة القدم, page 2
  "q=%D8%A7%D9%84%D9%86%D9%81%D8%B7&from=2018-03-01&to=2018-06-30",       -- النفط, dates
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/search?" .. queries[(i % #queries) + 1] .. "&limit=10")
end
EOF
cat >"$TMP/report.lua" <<'EOF'
done = function(summary, latency, requests)
  local secs = summary.duration / 1e6
  io.write(string.format("RESULT %.0f %.2f %.2f %d %d\n", summary.requests / secs,
    latency:percentile(95) / 1000, latency:percentile(50) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests))
end
EOF
# ... and over HEADLINES (default 250) different headlines of the served
# articles (every 97th), so that no result cache can help.
python3 - "$TMP/headlines.lua" "${HEADLINES:-250}" "${files[@]}" <<'PY'
import gzip, json, sys, urllib.parse
out, want, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
heads, i = [], 0
for name in files:
    op = gzip.open if name.endswith(".gz") else open
    with op(name, "rt", encoding="utf-8") as f:
        for line in f:
            try:
                t = (json.loads(line).get("title") or "").strip()
            except ValueError:
                continue
            if t and i % 97 == 0 and t not in heads:
                heads.append(t)
            i += 1
heads = heads[:want]
with open(out, "w", encoding="utf-8") as f:
    f.write("local queries = {\n")
    for h in heads:
        f.write('  "q=%s",\n' % urllib.parse.quote(h))
    f.write("}\nlocal i = 0\nrequest = function()\n  i = i + 1\n"
            "  return wrk.format(\"GET\", \"/api/search?\" .. queries[(i % #queries) + 1] .. \"&limit=10\")\nend\n")
print(len(heads))
PY
cat "$TMP/report.lua" >>"$TMP/headlines.lua"
n_heads=$(grep -c '^  "q=' "$TMP/headlines.lua")
sed 's/&limit=10"/\&limit=10\&facets=0"/' "$TMP/search.lua" >"$TMP/search_nofacets.lua"
cat "$TMP/report.lua" >>"$TMP/search.lua"
cat "$TMP/report.lua" >>"$TMP/search_nofacets.lua"

# The server's CPU time so far (user + system, clock ticks): a request's
# cost that other load on a shared machine does not move, unlike req/s.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat" 2>/dev/null || echo 0; }

# run NAME PATH [SCRIPT]: one wrk run; prints a table row, keeps the numbers.
declare -A RPS P95
run() {
    local name=$1 path=$2 script=${3:-$TMP/report.lua}
    local line t0 t1 cpu
    t0=$(cpu_ticks)
    line=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s "$script" "$URL$path" | grep '^RESULT')
    t1=$(cpu_ticks)
    read -r _ rps p95 p50 errors total <<<"$line"
    RPS[$name]=$rps; P95[$name]=$p95
    cpu=$(python3 -c 'import sys; t, n, hz = map(float, sys.argv[1:]); print("%.3f" % (t * 1000 / hz / max(n, 1)))' \
          "$((t1 - t0))" "$total" "$(getconf CLK_TCK)")
    printf '%-22s %10s req/s   p50 %8s ms   p95 %8s ms   server CPU %7s ms/req   errors %s of %s\n' \
        "$name" "$rps" "$p50" "$p95" "$cpu" "$errors" "$total"
}

echo "fahras serve on $docs documents; wrk: $CONNECTIONS connections, $THREADS threads, ${DURATION}s per run; server threads: $SERVER_THREADS; $(nproc) cores"
run "healthz (baseline)" /healthz
run "static /app.js" /app.js
run "search (6 queries)" /api/search "$TMP/search.lua"
run "search, facets=0" /api/search "$TMP/search_nofacets.lua"
run "search, $n_heads headlines" /api/search "$TMP/headlines.lua"
run "doc by id" "/api/doc/$doc_id"
echo "ratios against the baseline run (/healthz):"
for name in "static /app.js" "search (6 queries)" "search, facets=0" "search, $n_heads headlines" "doc by id"; do
    python3 -c 'import sys; n, r, p, hr, hp = sys.argv[1], *map(float, sys.argv[2:]); print("  %-20s %.4f x the requests/s, p95 %.1f x" % (n, r / hr, p / max(hp, 0.001)))' \
        "$name" "${RPS[$name]}" "${P95[$name]}" "${RPS[healthz (baseline)]}" "${P95[healthz (baseline)]}"
done
# The cost of the facets, as a ratio within this run (a shared machine's
# load moves both search rows alike).
python3 -c 'import sys; r1, r0 = map(float, sys.argv[1:]); print("facets: searches with them at %.2f x the requests/s of facets=0" % (r1 / max(r0, 0.001)))' \
    "${RPS[search (6 queries)]}" "${RPS[search, facets=0]}"
