#!/bin/bash
# tests/pg/run.sh - the PostgreSQL suite: starts a throwaway cluster with
# this tree's extension (scripts/pg-cluster.sh), runs the pg_regress suite
# (pg/sql, pg/expected) and the CLI against the real server, then stops
# the cluster.
#
# Skips (saying why) only when PostgreSQL cannot be had: no server binaries
# or no way to start a cluster.
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
BUILD=${BUILD:-build}
BIN=${FAHRAS_BIN:-$BUILD/fahras}
HERE=tests/pg
. tests/lib.sh

# --- can PostgreSQL be had? ------------------------------------------------
if ! command -v pg_config >/dev/null 2>&1 && [ -x /usr/lib/postgresql/15/bin/pg_config ]; then
    export PATH=/usr/lib/postgresql/15/bin:$PATH
fi
if ! command -v pg_config >/dev/null 2>&1; then
    skip "PostgreSQL suite: no pg_config (install postgresql-15 and postgresql-server-dev-15)"
    summary
fi
if [ ! -x "$BIN" ]; then
    fail "no $BIN: build first (make)"
    summary
fi

# --- install, start --------------------------------------------------------
tmp=$(mktemp -d /tmp/fahras-pgtest.XXXXXX)
cluster=$(mktemp -d /tmp/fahras-pgcluster.XXXXXX)
cleanup() { scripts/pg-cluster.sh stop "$cluster" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

BUILD="$BUILD" scripts/pg-cluster.sh start "$cluster" 2>"$tmp/cluster.log"
rc=$?
if [ $rc = 77 ]; then
    skip "PostgreSQL suite: $(cat "$tmp/cluster.log")"
    summary
elif [ $rc != 0 ]; then
    cat "$tmp/cluster.log"
    fail "start a throwaway cluster"
    summary
fi
ok "throwaway cluster started, with this tree's extension (make pg-install DESTDIR)"
# shellcheck disable=SC1091
. "$cluster/env"
PSQL="psql -X -q -v ON_ERROR_STOP=1"
url() { echo "postgresql://postgres@127.0.0.1:$PGPORT/$1"; }
newdb() { $PSQL -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1 ${2:-}" >/dev/null; }

# --- pg_regress ------------------------------------------------------------
make -s BUILD="$BUILD" pg-check >"$tmp/regress.log" 2>&1
while read -r line; do
    name=$(echo "$line" | sed -E 's/^(test|ok|not ok) +[0-9]* *-? *([a-z_]+) .*/\2/')
    case "$line" in
        *"... ok"* | "ok "*) ok "pg_regress $name" ;;
        *"... FAILED"* | "not ok "*) fail "pg_regress $name (see pg/regression.diffs)" ;;
    esac
done < <(grep -E '^(test [a-z_]+ +\.\.\.|ok [0-9]|not ok [0-9])' "$tmp/regress.log")
grep -qE '^(test [a-z_]+ +\.\.\.|ok [0-9]|not ok [0-9])' "$tmp/regress.log" || {
    tail -n 20 "$tmp/regress.log"
    fail "pg_regress did not run"
}
[ -f pg/regression.diffs ] && head -n 60 pg/regression.diffs

# --- the CLI on a PostgreSQL store -----------------------------------------
export PGOPTIONS="-c client_min_messages=warning" # no NOTICEs from DROP ... IF EXISTS
newdb clitest
U=$(url clitest)
"$BIN" index -q "$U" "$HERE/docs.jsonl" >"$tmp/index.out" 2>"$tmp/index.err"
rc=$?
check "index: exit 1 when records were skipped" test "$rc" = 1
check "index: bad JSON reported with file:line" grep -q "docs.jsonl:6:" "$tmp/index.err"
check "index: empty id reported" grep -q "docs.jsonl:7:.*id" "$tmp/index.err"
check "index: missing body reported" grep -q "docs.jsonl:8:.*body" "$tmp/index.err"
check "index: invalid UTF-8 reported" grep -q "docs.jsonl:10:" "$tmp/index.err"
docs=$($PSQL -At -d clitest -c "SELECT count(*) FROM fahras_docs")
check "index: 5 distinct documents stored (n2 replaced, not doubled)" test "$docs" = 5
check "index: upsert kept the later version" \
    test "$($PSQL -At -d clitest -c "SELECT body LIKE '%لندن%' FROM fahras_docs WHERE id = 'n2'")" = t
"$BIN" stats "$U" >"$tmp/stats.out" 2>&1
check "stats: backend and document count" grep -qE "postgresql" "$tmp/stats.out"
check "stats: 5 documents" grep -qE "^documents +5$" "$tmp/stats.out"
check "stats: the entity tagger that tagged the documents is this fahras's" \
    grep -qE "^entity tagger +(ner-[0-9]+\+[0-9a-f]{8}) \(this fahras: \1\)$" "$tmp/stats.out"

# Re-indexing the same file changes nothing but the replaced rows.
"$BIN" index -q "$U" "$HERE/docs.jsonl" 2>/dev/null
check "index twice: still 5 documents" \
    test "$($PSQL -At -d clitest -c "SELECT count(*) FROM fahras_docs")" = 5
check "BM25 statistics follow the upserts" \
    test "$($PSQL -At -d clitest -c "SELECT ndocs FROM fahras_collection WHERE name = 'fahras_docs'")" = 5

# The same answers as the SQLite store, query language included.
"$BIN" index -q "$tmp/t.db" "$HERE/docs.jsonl" 2>/dev/null
same=1
while IFS= read -r q; do
    a=$("$BIN" search "$U" "$q" --format trec --limit 100 2>&1 | awk '{print $3}' | sort | tr '\n' ' ')
    b=$("$BIN" search "$tmp/t.db" "$q" --format trec --limit 100 2>&1 | awk '{print $3}' | sort | tr '\n' ' ')
    if [ "$a" != "$b" ]; then
        echo "  query [$q]: postgresql [$a] sqlite [$b]"
        same=0
    fi
done <"$HERE/queries.txt"
check "search: same matches as SQLite for every query in queries.txt" test "$same" = 1
# Match modes, operators and date order: the plan's, on both stores (the
# PostgreSQL store counts a match mode's words with tsquery tests).
same=1
for mode in "--match any" "--match 50%" "--match 67%" "--sort newest" "--sort oldest"; do
    for q in 'التحالف الدولي' 'التحالف قوات ريف' 'دير الزور حملة' 'التحالف NOT باريس' '«التحالف الدولي» حملة' 'التحالف AND حملة'; do
        # shellcheck disable=SC2086
        a=$("$BIN" search "$U" "$q" $mode --format trec --limit 100 2>&1 | awk '{print $3}' | tr '\n' ' ')
        # shellcheck disable=SC2086
        b=$("$BIN" search "$tmp/t.db" "$q" $mode --format trec --limit 100 2>&1 | awk '{print $3}' | tr '\n' ' ')
        case "$mode" in --match*) a=$(echo "$a" | tr ' ' '\n' | sort | tr '\n' ' '); b=$(echo "$b" | tr ' ' '\n' | sort | tr '\n' ' ') ;; esac
        if [ "$a" != "$b" ]; then
            echo "  $mode [$q]: postgresql [$a] sqlite [$b]"
            same=0
        fi
    done
done
check "search: match modes, operators and date order as on SQLite" test "$same" = 1
tot() { "$BIN" search "$1" "$2" ${3:+--match "$3"} --json --no-collapse | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["total"], r["total_all"], r["match"])'; }
check "search --json: total, total_all and match as on SQLite" \
    test "$(tot "$U" 'التحالف قوات' any)|$(tot "$U" 'التحالف قوات')" = "$(tot "$tmp/t.db" 'التحالف قوات' any)|$(tot "$tmp/t.db" 'التحالف قوات')"
check "stats --sources: the same counts as SQLite" \
    test "$("$BIN" stats --sources --json "$U")" = "$("$BIN" stats --sources --json "$tmp/t.db")"
check "stats --categories: the same counts as SQLite" \
    test "$("$BIN" stats --categories "$U")" = "$("$BIN" stats --categories "$tmp/t.db")"

# One ranking for every store: the same top 10, scores included, from both
# stores over 176 documents (more than 100: the common-word rule applies),
# for queries covering every kind of clause; the differences the ranking
# allows are listed in tests/pg/parity.py.
newdb parity
python3 "$HERE/parity_corpus.py" "$tmp/parity.jsonl"
"$BIN" index -q "$(url parity)" "$tmp/parity.jsonl" 2>/dev/null
"$BIN" index -q "$tmp/parity.db" "$tmp/parity.jsonl" 2>/dev/null
"$BIN" search "$tmp/parity.db" --batch "$HERE/parity_queries.tsv" --format trec --limit 20 >"$tmp/p.sqlite" 2>&1
"$BIN" search "$(url parity)" --batch "$HERE/parity_queries.tsv" --format trec --limit 20 >"$tmp/p.pg" 2>&1
check "parity: the same top 10 and scores from SQLite and PostgreSQL ($(wc -l <"$HERE/parity_queries.tsv") queries)" \
    python3 "$HERE/parity.py" "$tmp/p.sqlite" "$tmp/p.pg" "$HERE/parity_queries.tsv"

# The best k of a disjunction from fewer rankings (src/store/postgres/
# topk.c): every page the same as ranking every match (--exhaustive), for
# the parity queries and every article title as a query of optional words,
# first and second pages and with a filter; the rankings counted by
# PostgreSQL's function statistics.
$PSQL -d postgres -c "ALTER DATABASE parity SET track_functions = 'all'" >/dev/null
{ cat "$HERE/parity_queries.tsv"
  python3 -c 'import json,sys
for i, l in enumerate(open(sys.argv[1], encoding="utf-8")):
    t = json.loads(l).get("title", "")
    if t: print("t%03d\t%s" % (i, t.replace("\t", " ")))' "$tmp/parity.jsonl"
  printf 'x1\t%s\nx2\t%s\n' "التحالف 'الدولي' \\ داعش القمح" "منتخب* \"التحالف الدولي\" -داعش ب' ت\\ مصر:*"; } >"$tmp/topk.tsv"
rank_calls() {
    sleep 1 # a backend's statistics reach the shared counters when it ends
    $PSQL -d parity -At -c "SELECT coalesce(sum(calls), 0) FROM pg_stat_user_functions WHERE funcname = 'fahras_rank'"
}
topk_same=1
for args in "--limit 10" "--limit 5 --offset 5" "--limit 10 --source mix"; do
    for how in pruned exhaustive; do
        $PSQL -d parity -c "SELECT pg_stat_reset()" >/dev/null
        # shellcheck disable=SC2086
        "$BIN" search "$(url parity)" --match any --batch "$tmp/topk.tsv" --format trec $args \
            $([ $how = exhaustive ] && echo --exhaustive) >"$tmp/topk.$how" 2>/dev/null
        eval "calls_$how=\$(rank_calls)"
    done
    cmp -s "$tmp/topk.pruned" "$tmp/topk.exhaustive" || topk_same=0
    [ "$args" = "--limit 10" ] && topk_calls="$calls_pruned of $calls_exhaustive"
done
check "top-k: the same pages as ranking every match ($(wc -l <"$tmp/topk.tsv") queries, 3 kinds of page)" test "$topk_same" = 1
check "top-k: fewer documents ranked ($topk_calls)" test "${topk_calls% of *}" -lt "${topk_calls#* of }"

# The same pruning in SQL (fahras_bm25_top): for every article title as
# optional words, the rows and scores of ORDER BY fahras_bm25 DESC, ctid
# LIMIT 10 over the store's own table, from fewer calls of fahras_bm25.
bm25_calls() {
    sleep 1
    $PSQL -d parity -At -c "SELECT coalesce(sum(calls), 0) FROM pg_stat_user_functions WHERE funcname = 'fahras_bm25'"
}
$PSQL -d parity -c "SELECT pg_stat_reset()" >/dev/null
$PSQL -d parity -At -c "CREATE TABLE bm25_q AS SELECT row_number() OVER (ORDER BY id) AS n,
    replace(plainto_tsquery('fahras', title)::text, ' & ', ' | ')::tsquery AS q FROM fahras_docs WHERE title <> ''" >/dev/null
bm25_q=$($PSQL -d parity -At -c "SELECT count(*) FROM bm25_q")
$PSQL -d parity -At -c "SELECT pg_stat_reset()" >/dev/null
$PSQL -d parity -At -c "CREATE TABLE bm25_top AS SELECT n, array_agg(t.ctid::text || '=' || t.score::text ORDER BY t.score DESC, t.ctid) AS r
    FROM bm25_q, fahras_bm25_top(q, 'fahras_docs') t GROUP BY n" >/dev/null
calls_top=$(bm25_calls)
$PSQL -d parity -At -c "SELECT pg_stat_reset()" >/dev/null
$PSQL -d parity -At -c "CREATE TABLE bm25_all AS SELECT n, (SELECT array_agg(c || '=' || s::text ORDER BY s DESC, ctid) FROM (
    SELECT ctid, ctid::text AS c, fahras_bm25(tsv, q, 'fahras_docs') AS s FROM fahras_docs
    WHERE tsv @@ q ORDER BY s DESC, ctid LIMIT 10) x) AS r FROM bm25_q" >/dev/null
calls_all=$(bm25_calls)
bm25_diff=$($PSQL -d parity -At -c "SELECT count(*) FROM bm25_all a FULL JOIN bm25_top t USING (n)
    WHERE a.r IS DISTINCT FROM t.r AND NOT (a.r IS NULL AND t.r IS NULL)")
check "fahras_bm25_top: the same 10 rows and scores as ranking every match ($bm25_q titles, $bm25_diff differ)" \
    test "$bm25_diff" = 0 -a "$bm25_q" -gt 100
check "fahras_bm25_top: fewer rows ranked ($calls_top of $calls_all)" test "$calls_top" -lt "$calls_all"

# fahras_bm25's SQL defaults are rank.h's constants.
k1=$(sed -n 's/^#define FH_RANK_K1 //p' src/store/rank.h)
b=$(sed -n 's/^#define FH_RANK_B //p' src/store/rank.h)
lead=$(sed -n 's/^#define FH_RANK_LEAD_WORDS //p' src/store/rank.h)
check "SQL defaults of fahras_bm25 (k1 $k1, b $b, lead $lead) are rank.h's" \
    grep -q "k1 float8 DEFAULT $k1, b float8 DEFAULT $b,.*lead integer DEFAULT $lead" \
    <(tr -s ' \n' ' ' < "pg/fahras--$(sed -n "s/^default_version = '\(.*\)'/\1/p" pg/fahras.control).sql")

"$BIN" search "$U" 'التحالف الدولي' >"$tmp/s.out" 2>&1
top_sqlite=$("$BIN" search "$tmp/t.db" 'التحالف الدولي' --format trec --limit 1 | awk '{print $3}')
check "search: text output, the same first hit as SQLite" \
    test "$(grep -oE '\[[a-z0-9]+\]' "$tmp/s.out" | head -n 1)" = "[$top_sqlite]"
check "search: snippet marks the diacritized word" grep -q 'الدَّوْليّ' "$tmp/s.out"
"$BIN" search "$U" --json 'التحالف' >"$tmp/s.json" 2>&1
check "search --json is JSON" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/s.json"
printf 'q1\tالتحالف الدولي\nq2\tدير الزور\nq3\t؟\n' >"$tmp/batch.tsv"
"$BIN" search "$U" --batch "$tmp/batch.tsv" --format trec --limit 10 >"$tmp/batch.run" 2>"$tmp/batch.err"
check "search --batch --format trec: six columns, both queries" \
    test "$(awk 'NF == 6' "$tmp/batch.run" | cut -f1 -d' ' | sort -u | tr '\n' ' ')" = "q1 q2 "
check "search: filters (source, dates)" test "$("$BIN" search "$U" 'التحالف' --source alhal --from 2021-04 --to 2021-04 --format trec | awk '{print $3}' | tr '\n' ' ')" = "n1 "
check "search: paging past the end is empty" test -z "$("$BIN" search "$U" 'التحالف' --offset 50 --format trec 2>/dev/null)"
check "search: past the end, the total is still counted" \
    sh -c "'$BIN' search '$U' 'التحالف' --offset 50 --json | grep -q '\"total\":3'"

# Hostile queries: an answer or a clear error, never a crash.
crash=0
while IFS= read -r q; do
    for mode in all any; do # any: the top-k rounds build tsqueries of their own
        "$BIN" search "$U" "$q" --match $mode >/dev/null 2>&1
        rc=$?
        [ $rc -ge 128 ] && { echo "  query [$q] --match $mode crashed ($rc)"; crash=1; }
    done
done < <(printf '%s\n' "'" "\\" "'':*" '!' '& | !' '<->' '"' '""' '*' '-*' '+' "a'b" 'x\y' ':*' "$(head -c 3000 /dev/zero | tr '\0' 'ب')" 'OR OR OR' '(' ')' 'ب*:*' "'; DROP TABLE fahras_docs; --" \
         "التحالف 'الدولي' \\ داعش" "التحالف* \"الدولي ضد\" -داعش ب' ت\\ ث:*")
check "hostile queries: no crash" test "$crash" = 0
check "hostile queries: the table is still there" \
    test "$($PSQL -At -d clitest -c "SELECT count(*) FROM fahras_docs")" = 5

# A document the server refuses (tsvector over 1 MB) is skipped; the rest of
# its batch is kept.
python3 - "$tmp/big.jsonl" <<'EOF'
import json, sys
with open(sys.argv[1], "w") as f:
    f.write(json.dumps({"id": "ok1", "body": "قبل الوثيقة الكبيرة"}, ensure_ascii=False) + "\n")
    f.write(json.dumps({"id": "huge", "body": " ".join("w%07d" % i for i in range(200000))}) + "\n")
    f.write(json.dumps({"id": "ok2", "body": "بعد الوثيقة الكبيرة"}, ensure_ascii=False) + "\n")
EOF
"$BIN" index -q "$U" "$tmp/big.jsonl" 2>"$tmp/big.err"
rc=$?
check "refused document: exit 1, reported with its line" grep -q "big.jsonl:2:" "$tmp/big.err"
check "refused document: exit status 1" test "$rc" = 1
check "refused document: the rest of the batch is in" \
    test "$($PSQL -At -d clitest -c "SELECT string_agg(id, ' ' ORDER BY id) FROM fahras_docs WHERE id IN ('ok1', 'ok2', 'huge')")" = "ok1 ok2"

# After all those upserts, replacements and refusals, the statistics kept
# batch by batch equal a full recount.
cat >"$tmp/recount.sql" <<'EOF'
CREATE TEMP TABLE kept AS SELECT lexeme, ndoc FROM fahras_lexeme WHERE collection = 'fahras_docs' AND ndoc <> 0;
CREATE TEMP TABLE kept_coll AS SELECT ndocs, total_len FROM fahras_collection WHERE name = 'fahras_docs';
SELECT fahras_bm25_refresh('fahras_docs') AS n \gset
SELECT (SELECT count(*) FROM ((SELECT lexeme, ndoc FROM fahras_lexeme WHERE collection = 'fahras_docs' EXCEPT SELECT * FROM kept)
                              UNION ALL (SELECT * FROM kept EXCEPT SELECT lexeme, ndoc FROM fahras_lexeme WHERE collection = 'fahras_docs')) d)
     + (SELECT count(*) FROM (SELECT ndocs, total_len FROM fahras_collection WHERE name = 'fahras_docs' EXCEPT SELECT * FROM kept_coll) e);
EOF
check "BM25 statistics kept per batch = a full recount" \
    test "$($PSQL -At -d clitest -f "$tmp/recount.sql")" = 0

# Killed in the middle of an import: every document fully in or out, the
# statistics agree with the documents, and running it again completes it.
newdb killed
python3 - "$tmp/many.jsonl" <<'EOF'
import json, random, sys
random.seed(5)
words = "التحالف الدولي قوات سوريا الديمقراطية حملة دهم ريف دير الزور مخيم الهول الرقة عملية أمنية داعش خلايا".split()
with open(sys.argv[1], "w") as f:
    for i in range(4000):
        body = " ".join(random.choice(words) for _ in range(random.randint(20, 200)))
        f.write(json.dumps({"id": "k%d" % i, "title": random.choice(words), "body": body}, ensure_ascii=False) + "\n")
EOF
"$BIN" index -q --batch 100 "$(url killed)" "$tmp/many.jsonl" 2>/dev/null &
pid=$!
for _ in $(seq 1 100); do # wait for a first commit, then kill at once
    n=$($PSQL -At -d killed -c "SELECT count(*) FROM fahras_docs" 2>/dev/null || echo 0)
    [ "${n:-0}" -gt 0 ] && break
    sleep 0.1
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
check "killed import: statistics agree with the documents left" \
    test "$($PSQL -At -d killed -f "$tmp/recount.sql")" = 0
"$BIN" index -q "$(url killed)" "$tmp/many.jsonl" 2>/dev/null
check "killed import: running it again completes it" \
    test "$($PSQL -At -d killed -c "SELECT count(*) FROM fahras_docs")" = 4000
check "killed import: and the statistics still agree" \
    test "$($PSQL -At -d killed -f "$tmp/recount.sql")" = 0

# A store keeps its options.
"$BIN" index -q -o stem=none "$U" "$HERE/docs.jsonl" >/dev/null 2>"$tmp/opt.err"
check "options: a different analyzer is refused" test $? -ge 2
check "options: the refusal says why" grep -q "options" "$tmp/opt.err"
newdb stemnone
"$BIN" index -q -o stem=none "$(url stemnone)" "$HERE/docs.jsonl" 2>/dev/null
check "options: a stem=none store indexes whole words" \
    test "$($PSQL -At -d stemnone -c "SELECT count(*) FILTER (WHERE tsv @@ 'بدعم'::tsquery) || ' ' ||
                                            count(*) FILTER (WHERE tsv @@ 'دعم'::tsquery) FROM fahras_docs")" = "1 0"

# Near-duplicate clusters: the same checks as on SQLite.
F=$BIN T=$tmp PY=python3
dups_db() { newdb "$1"; url "$1"; }
. tests/dups_check.sh
dups_tests
dups_demo_tests

# --- boilerplate ---------------------------------------------------------------
boiler_db() { newdb "$1"; url "$1"; }
boiler_body() { $PSQL -At -d "$1" -c "SELECT body FROM fahras_docs WHERE id = '$2'"; }
. tests/boiler_check.sh
boiler_tests
boiler_entity_tests
dateline_entity_tests
boiler_thirty_tests

# Read-only commands on a database without a store, and an unreachable server.
newdb empty
"$BIN" search "$(url empty)" 'x' >/dev/null 2>"$tmp/e.err"
check "search on a database without a store: clear error" grep -q "no fahras store" "$tmp/e.err"
"$BIN" stats "postgresql://postgres@127.0.0.1:1/none?connect_timeout=3" >/dev/null 2>"$tmp/c.err"
rc=$?
check "unreachable server: exit 3 and a message" test "$rc" = 3 -a -s "$tmp/c.err"
"$BIN" stats "postgresql://postgres:secret@127.0.0.1:1/none?connect_timeout=3" >/dev/null 2>"$tmp/c2.err"
check "a password in the URL is not printed" sh -c "! grep -q secret '$tmp/c2.err'"

# The extension's keys are the CLI's keys (fahras tokenize).
keys_match() { # keys_match FILE
    local f=$1
    "$BIN" tokenize "$f" | cut -f1-3,7 >"$tmp/cli.keys"
    printf '%s\n' "SELECT start_byte, end_byte, position, key FROM fahras_tokens(:'content') ORDER BY position" |
        $PSQL -At -F "$(printf '\t')" -d clitest -v content="$(cat "$f")" >"$tmp/sql.keys"
    diff -q "$tmp/cli.keys" "$tmp/sql.keys" >/dev/null
}
check "keys: fahras_tokens = fahras tokenize on tests/pg/sample.txt" keys_match "$HERE/sample.txt"
seed=$(ls ../shared/seed/*.txt 2>/dev/null | head -n 1)
if [ -n "$seed" ]; then
    check "keys: fahras_tokens = fahras tokenize on the seed article" keys_match "$seed"
    # and the configuration indexes exactly those keys
    printf '%s\n' "SELECT count(*) FROM (SELECT DISTINCT key FROM fahras_tokens(:'content')
                   EXCEPT SELECT lexeme FROM unnest(to_tsvector('fahras', :'content'))) d" |
        $PSQL -At -d clitest -v content="$(cat "$seed")" >"$tmp/missing"
    check "keys: to_tsvector('fahras') holds every key of the seed article" test "$(cat "$tmp/missing")" = 0
else
    skip "seed article: ../shared/seed is absent"
fi

# Invalid UTF-8 can reach the extension only in a SQL_ASCII database: the
# bad bytes separate words, nothing fails.
newdb ascii "ENCODING 'SQL_ASCII' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'"
out=$($PSQL -At -d ascii -c "CREATE EXTENSION fahras" \
    -c "SELECT to_tsvector('fahras', E'\\xff\\xfeكلمة\\xc3 ok\\xe2\\x82')" 2>&1)
want=$($PSQL -At -d clitest -c "SELECT to_tsvector('fahras', 'كلمة ok')")
check "SQL_ASCII database: invalid UTF-8 separates words" test "$out" = "$want"
# --- entities on a PostgreSQL store: kept, filtered and counted as on SQLite --
cp tests/core/golden/article.jsonl "$tmp/ent.jsonl"
python3 - >> "$tmp/ent.jsonl" <<'PY'
import json
docs = [
    ("e2", "2019-06-02", "أعلنت وزارة الدفاع العراقية أن تنظيم داعش هاجم قرية قرب الموصل في 3 حزيران/يونيو 2019، وقالت الحكومة في بغداد إن 40 عنصرا شاركوا."),
    ("e3", "2020-01-10", "قال الرئيس الفرنسي إيمانويل ماكرون في باريس إن بلاده ستواصل دعم التحالف الدولي ضد داعش خلال عام 2020."),
    ("e4", "2020-02-01", "قال الرئيس إيمانويل ماكرون في باريس إن تنظيم داعش ما زال خطرا في سوريا والعراق في 2020."),
]
for i, d, b in docs:
    print(json.dumps({"id": i, "title": "خبر " + i, "body": b, "date": d, "source": "test"}, ensure_ascii=False))
PY
newdb enttest
EU=$(url enttest)
"$BIN" index -q "$EU" "$tmp/ent.jsonl" 2>"$tmp/ent.err"
"$BIN" index -q "$tmp/ent.db" "$tmp/ent.jsonl" 2>/dev/null
check "entities: fahras_doc_span rows for every document" \
    [ "$($PSQL -At -d enttest -c 'SELECT count(DISTINCT id) FROM fahras_doc_span')" = 4 ]
pg_ids() { "$BIN" search "$EU" "$@" --format trec 2>&1 | awk '{print $3}' | sort | tr '\n' ' '; }
sq_ids() { "$BIN" search "$tmp/ent.db" "$@" --format trec 2>&1 | awk '{print $3}' | sort | tr '\n' ' '; }
for f in "--entity ORG:قسد" "--entity ORG:«قسد»" "--entity ORG:داعش --entity LOC:باريس" \
         "--event-from 2021-03 --event-to 2021-03" "--event-from 2019-06-03 --event-to 2019-06-03" \
         "--entity PER:ماكرون"; do
    # shellcheck disable=SC2086
    a=$(pg_ids 'داعش OR حملة' $f); b=$(sq_ids 'داعش OR حملة' $f)
    check "entities: $f finds the same documents as SQLite ($a)" [ "$a" = "$b" ]
done
check "entities: --entity ORG:قسد finds the article naming it" [ "$(pg_ids 'داعش' --entity 'ORG:قسد')" = "golden-article-1 " ]
# no words, only filters: the same articles in the same date order as SQLite
js_browse='import json,sys; j=json.load(sys.stdin); print(j["browse"], j["total"], [h["id"] for h in j["hits"]], j["entities"], j["timeline"])'
for f in "--entity ORG:داعش" "--entity ORG:داعش --sort oldest --limit 2" "--from 2020" "--event-from 2019 --event-to 2020"; do
    # shellcheck disable=SC2086
    a=$("$BIN" search "$EU" --json $f 2>&1 | python3 -c "$js_browse" 2>&1)
    # shellcheck disable=SC2086
    b=$("$BIN" search "$tmp/ent.db" --json $f 2>&1 | python3 -c "$js_browse" 2>&1)
    check "entities: $f without words lists what SQLite lists (${a:0:60})" bash -c '[ "${1%% *}" = True ] && [ "$1" = "$2" ]' _ "$a" "$b"
done
"$BIN" search "$EU" 'داعش' --json > "$tmp/ent_pg.json"
"$BIN" search "$tmp/ent.db" 'داعش' --json > "$tmp/ent_sq.json"
check "entities: search --json facets and timeline equal SQLite's" python3 - "$tmp/ent_pg.json" "$tmp/ent_sq.json" <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
for k in ("entities", "entities_from", "timeline"):
    assert a[k] == b[k], (k, a[k], b[k])
assert a["entities_from"] == 4 and a["entities"]["ORG"], a["entities_from"]
PY
# An entity filter reads its documents from the index of (type, key, id);
# a store made with the index of (type, key) before it is moved to it.
span_ix() { $PSQL -At -d enttest -c "SELECT string_agg(indexname, ' ' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'fahras_doc_span'"; }
check "entities: the entity table's indexes (id, key and id, day)" \
    [ "$(span_ix)" = "fahras_doc_span_day fahras_doc_span_id fahras_doc_span_key_id" ]
before=$(pg_ids 'داعش OR حملة' --entity ORG:قسد)
$PSQL -d enttest -c "DROP INDEX fahras_doc_span_key_id; CREATE INDEX fahras_doc_span_key ON fahras_doc_span (type, key)"
printf '%s\n' '{"id":"e6","title":"خبر e6","body":"قال متحدث باسم تنظيم داعش إن الهجوم وقع في الموصل.","date":"2020-03-01","source":"test"}' > "$tmp/ent6.jsonl"
"$BIN" index -q "$EU" "$tmp/ent6.jsonl" 2>/dev/null
check "entities: a store with the older index of (type, key) is moved to (type, key, id)" \
    [ "$(span_ix)" = "fahras_doc_span_day fahras_doc_span_id fahras_doc_span_key_id" ]
check "entities: --entity finds the same documents after the move ($before)" \
    [ "$(pg_ids 'داعش OR حملة' --entity ORG:قسد)" = "$before" ]
newdb entnone
"$BIN" index -q --no-entities "$(url entnone)" "$tmp/ent.jsonl" 2>/dev/null
"$BIN" search "$(url entnone)" داعش --entity ORG:داعش >/dev/null 2>"$tmp/e"; rc=$?
check "entities: --no-entities store refuses entity filters (exit 2, says why)" \
    bash -c "[ $rc = 2 ] && grep -q 'keeps no entities' '$tmp/e'"
# A browse's page is read from an index of its date order; a store made
# before those indexes gets them from its next fahras index.
order_ix() {
    $PSQL -At -d "$1" -c "SELECT count(*) FROM pg_indexes WHERE tablename = 'fahras_docs'
                          AND indexname IN ('fahras_docs_newest', 'fahras_docs_oldest')"
}
check "browse: a new store has the indexes of its two date orders" [ "$(order_ix entnone)" = 2 ]
before=$("$BIN" search "$(url entnone)" --from 2019 --json | python3 -c "$js_browse")
$PSQL -d entnone -c "DROP INDEX fahras_docs_newest; DROP INDEX fahras_docs_oldest"
check "browse: a store without them lists the same" \
    [ "$("$BIN" search "$(url entnone)" --from 2019 --json | python3 -c "$js_browse")" = "$before" ]
printf '%s\n' '{"id":"e5","title":"خبر e5","body":"خبر قديم.","date":"2010-05-01","source":"test"}' > "$tmp/ent5.jsonl"
"$BIN" index -q --no-entities "$(url entnone)" "$tmp/ent5.jsonl" 2>/dev/null
check "browse: a store made before them gets them at its next fahras index" [ "$(order_ix entnone)" = 2 ]
check "browse: oldest first with the index, the document just added first" \
    bash -c "'$BIN' search '$(url entnone)' --to 2030 --sort oldest --format trec | head -1 | grep -q ' e5 '"

# A search asked for entity facets takes its page from their ranking (one
# ranking of the matches for both): the page and total of --no-facets,
# and of SQLite, a match without entities among them.
cp "$tmp/ent.jsonl" "$tmp/rank1.jsonl"
printf '%s\n' '{"id":"n1","title":"خبر n1","body":"قال رجل إن الطقس جميل.","date":"2020-04-01","source":"test"}' \
    '{"id":"n2","title":"خبر n2","body":"قال آخر إن المطر قادم وقال إنه بارد.","date":"2020-04-02","source":"test"}' >> "$tmp/rank1.jsonl"
newdb rank1
"$BIN" index -q "$(url rank1)" "$tmp/rank1.jsonl" 2>/dev/null
"$BIN" index -q "$tmp/rank1.db" "$tmp/rank1.jsonl" 2>/dev/null
check "one ranking: n1 and n2 have no entities (the case it is for)" \
    [ "$($PSQL -At -d rank1 -c "SELECT count(*) FROM fahras_doc_span WHERE id IN ('n1', 'n2') AND type IN (1, 2, 3, 5)")" = 0 ]
js_page='import json,sys; j=json.load(sys.stdin); print(j["total"], [h["id"] for h in j["hits"]])'
for f in "قال" "قال --offset 1 --limit 2" "قال OR داعش --offset 2 --limit 3" "قال --offset 50"; do
    # shellcheck disable=SC2086
    a=$("$BIN" search "$(url rank1)" $f --json 2>&1 | python3 -c "$js_page" 2>&1)
    # shellcheck disable=SC2086
    b=$("$BIN" search "$(url rank1)" $f --json --no-facets 2>&1 | python3 -c "$js_page" 2>&1)
    # shellcheck disable=SC2086
    c=$("$BIN" search "$tmp/rank1.db" $f --json 2>&1 | python3 -c "$js_page" 2>&1)
    check "one ranking: $f lists the page and total of --no-facets and of SQLite ($a)" \
        bash -c '[ "$1" = "$2" ] && [ "$1" = "$3" ] && [ "${1%% *}" -gt 0 ]' _ "$a" "$b" "$c"
done
has_n1_n2() { "$BIN" search "$(url rank1)" قال --json | python3 -c 'import json, sys; ids = {h["id"] for h in json.load(sys.stdin)["hits"]}; sys.exit(not {"n1", "n2"} <= ids)'; }
check "one ranking: the page holds the matches without entities" has_n1_n2
# The words index's pending entries are merged when a writer closes, and a
# store's tsvectors are compressed with lz4 where the server has it.
check "index: no pending entries in the words index after fahras index" \
    [ "$($PSQL -At -d rank1 -c "SELECT gin_clean_pending_list('fahras_docs_tsv')")" = 0 ]
tsv_comp() { $PSQL -At -d "$1" -c "SELECT attcompression FROM pg_attribute WHERE attrelid = 'fahras_docs'::regclass AND attname = 'tsv'"; }
if $PSQL -d rank1 -c "CREATE TEMP TABLE lz4_here (x text COMPRESSION lz4)" >/dev/null 2>&1; then
    check "index: a new store's tsvectors are compressed with lz4" [ "$(tsv_comp rank1)" = l ]
    $PSQL -d rank1 -c "ALTER TABLE fahras_docs ALTER COLUMN tsv SET COMPRESSION pglz"
    printf '%s\n' '{"id":"n3","title":"خبر n3","body":"قال ثالث إن الجو معتدل.","source":"test"}' > "$tmp/rank3.jsonl"
    "$BIN" index -q "$(url rank1)" "$tmp/rank3.jsonl" 2>/dev/null
    check "index: a store made before gets lz4 at its next fahras index" [ "$(tsv_comp rank1)" = l ]
    # the change needs the table's exclusive lock: behind a reader it is
    # given up, the batch stored all the same (without the lock timeout
    # the index would wait for the reader's 60 s)
    $PSQL -d rank1 -c "ALTER TABLE fahras_docs ALTER COLUMN tsv SET COMPRESSION pglz"
    printf '%s\n' "BEGIN;" "SELECT count(*) FROM fahras_docs;" "SELECT pg_sleep(60);" | $PSQL -d rank1 >/dev/null 2>&1 &
    reader=$!
    for _ in $(seq 100); do
        [ "$($PSQL -At -d rank1 -c "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(60)%'")" = 1 ] && break
        sleep 0.1
    done
    printf '%s\n' '{"id":"n4","title":"خبر n4","body":"قال رابع إن الرياح شديدة.","source":"test"}' > "$tmp/rank4.jsonl"
    timeout 30 "$BIN" index -q "$(url rank1)" "$tmp/rank4.jsonl" 2>/dev/null; index_rc=$?
    reader_left_it() { [ "$index_rc" = 0 ] && [ "$(tsv_comp rank1)" = p ] &&
        [ "$($PSQL -At -d rank1 -c "SELECT count(*) FROM fahras_docs WHERE id = 'n4'")" = 1 ]; }
    check "index: behind a reader of the table the compression stays as it was, the batch stored (exit $index_rc)" \
        reader_left_it
    $PSQL -d rank1 -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(60)%'" >/dev/null
    wait "$reader" 2>/dev/null
else
    skip "index: tsvectors compressed with lz4 (this PostgreSQL has no lz4)"
fi

# A match of a tenth of the documents or more is read through the words
# index: the planner would scan the whole table, blind to each tsvector's
# read from TOAST and decompression.  Plans from auto_explain in the
# server's log, one search after another on one connection (--batch): the
# rare word's statements scan the small table, قال's do not, and the
# setting is put back for the search after it.
newdb scan
SU=$(url scan)
python3 -c 'import json
for i in range(40):
    print(json.dumps({"id": "s%d" % i, "title": "خبر %d" % i, "source": "test",
                      "body": "قال المتحدث إن الاجتماع %s انتهى." % ("الطارئ" if i == 7 else "العادي")}, ensure_ascii=False))' \
    > "$tmp/scan.jsonl"
"$BIN" index -q --no-dups "$SU" "$tmp/scan.jsonl" 2>/dev/null
$PSQL -d scan -c "VACUUM ANALYZE fahras_docs" # the statistics autovacuum would gather
$PSQL -d postgres -c "ALTER DATABASE scan SET session_preload_libraries = 'auto_explain'" \
    -c "ALTER DATABASE scan SET auto_explain.log_min_duration = 0" >/dev/null
seq_scans() { # seq_scans QUERY...: plans with a sequential scan of the documents
    printf '%s\n' "$@" | awk '{ print "q" NR "\t" $0 }' > "$tmp/scan.tsv"
    local from
    from=$(wc -l < "$cluster/server.log")
    "$BIN" search "$SU" --batch "$tmp/scan.tsv" --format trec >/dev/null 2>&1
    sleep 0.5
    tail -n +"$((from + 1))" "$cluster/server.log" | grep -c "Seq Scan on fahras_docs"
}
rare=$(seq_scans الطارئ); broad=$(seq_scans قال); both=$(seq_scans الطارئ قال الطارئ)
check "plans: a rare word's search scans the 40 documents' table ($rare plans)" test "$rare" -gt 0
check "plans: a word in every document is read through the words index ($broad plans scan the table)" \
    test "$broad" = 0
check "plans: the search after it scans again, its setting put back ($both = 2 x $rare)" \
    test "$both" = $((2 * rare))

# Random bytes (not UTF-8) through every entry point, in that database: the
# server answers every statement and stays up.
cat >"$tmp/fuzz.sql" <<'EOF'
SELECT setseed(0.7);
CREATE TABLE fuzz AS
SELECT convert_from(decode(string_agg(lpad(to_hex(CASE WHEN random() < 0.3 THEN 216 + (random() * 7)::int
                                                        ELSE 1 + (random() * 254)::int END), 2, '0'), ''), 'hex'),
                    'SQL_ASCII') AS s
FROM generate_series(1, 300 * 200) g GROUP BY g % 300;
SELECT count(*) FROM fuzz WHERE length(to_tsvector('fahras', s)) < 0;
SELECT count(*) FROM fuzz WHERE length(fahras_normalize(s)) < 0;
SELECT count(*) FROM fuzz, LATERAL fahras_tokens(s) t WHERE t.end_byte > octet_length(s);
SELECT count(*) FROM fuzz WHERE (SELECT string_agg(token, '') FROM ts_parse('fahras_parser', s) WHERE tokid <> 17) IS DISTINCT FROM s;
SELECT count(*) FROM fuzz WHERE ts_headline('fahras', s, plainto_tsquery('fahras', s)) IS NULL;
EOF
out=$($PSQL -At -d ascii -f "$tmp/fuzz.sql" 2>&1 | grep -v '^$' | tr '\n' ' ')
check "SQL_ASCII database: 300 random byte strings through every entry point" test "$out" = "0 0 0 0 0 "
check "the server is still up" test "$($PSQL -At -d ascii -c "SELECT 1")" = 1
newdb latin "ENCODING 'LATIN1' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'"
out=$($PSQL -At -d latin -c "CREATE EXTENSION fahras" -c "SELECT to_tsvector('fahras', 'abc')" 2>&1)
check "LATIN1 database: a clear error" sh -c "echo \"\$1\" | grep -q 'needs a UTF8 database'" _ "$out"

# --- what a search changed, variant spellings (the SQLite suite's checks) ---
# tests/sqlite/names.jsonl: ترامب in 8 articles, ترمب in 6, بومبيو in 6,
# ومبيو in 2; the store layer learns, PostgreSQL keeps fahras_variants.
newdb names
NU=$(url names)
"$BIN" index -q --no-dups "$NU" tests/sqlite/names.jsonl 2>/dev/null
nm() { "$BIN" search "$NU" --json --limit 50 "$@" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["total"], json.dumps(d["rewrites"], ensure_ascii=False), d["relaxed"], " ".join(h["id"] for h in d["hits"]))'; }
r="$(nm ترامب | cut -c1-5)|$(nm وبومبييو | cut -d' ' -f1-8)|$(nm --no-spelling وبومبييو | cut -c1-5)"
[ "$r" = '8 [] |6 [{"kind": "spelling", "from": "وبومبييو", "to": "بومبيو"}] False|0 [] ' ] &&
    ok "PostgreSQL: the near spelling most articles hold, --no-spelling" || fail "PostgreSQL near spelling" "$r"
r=$(nm '"ترامب بومبيو"' | cut -d' ' -f1-4)
[ "$r" = '14 [{"kind": "relaxed"}] True' ] && ok "PostgreSQL: a lone phrase matching nothing is retried relaxed" ||
    fail "PostgreSQL relaxed phrase" "$r"
"$BIN" variants --learn "$NU" >"$tmp/v.out" 2>&1
l=$("$BIN" variants "$NU")
[ "$l" = "$(printf 'ترامب\t8\tترمب\t6\t1.000')" ] && grep -q '^learned 1 variant pairs from 28 articles' "$tmp/v.out" &&
    ok "PostgreSQL: fahras variants --learn keeps ترامب/ترمب (fahras_variants)" || fail "PostgreSQL variants learned" "$(cat "$tmp/v.out") $l"
r="$(nm ترامب)|$(nm --no-variants ترامب | cut -c1-5)"
[ "$r" = '14 [{"kind": "variants", "word": "ترامب", "with": ["ترمب"]}] False tra3 tra5 tra7 tra8 tra1 tra2 tra4 tra6 trm2 trm4 trm6 trm1 trm3 trm5|8 [] ' ] &&
    ok "PostgreSQL: variants searched together (the spelling typed first), --no-variants" || fail "PostgreSQL variants search" "$r"

# --- the README's example, as written ---------------------------------------
# The command it shows makes /tmp/seed.tsv (here under $tmp) from the seed
# article; its SQL runs as shown and prints the table the README shows.
PG_SECTION='## PostgreSQL (`CREATE EXTENSION fahras`)'
if [ -n "$seed" ]; then
    mk_seed=$(python3 tests/install/readme_blocks.py README.md "$PG_SECTION" sh 0 | grep "seed.tsv")
    (cd "$ROOT" && eval "${mk_seed//\/tmp\/seed.tsv/$tmp/seed.tsv}")
    check "README: the command it shows makes seed.tsv (14 paragraphs)" test "$(wc -l <"$tmp/seed.tsv")" = 14
    python3 tests/install/readme_blocks.py README.md "$PG_SECTION" sql 0 |
        sed "s,/tmp/seed.tsv,$tmp/seed.tsv," >"$tmp/readme.sql"
    python3 tests/install/readme_blocks.py README.md "$PG_SECTION" '' 0 | sed 's/ *$//' >"$tmp/readme.want"
    newdb readme
    psql -X -v ON_ERROR_STOP=1 -d readme -f "$tmp/readme.sql" 2>&1 | sed 's/ *$//' >"$tmp/readme.got"
    check "README: the PostgreSQL example prints the table it shows" python3 - "$tmp/readme.got" "$tmp/readme.want" <<'PY'
import sys
got, want = (open(p, encoding="utf-8").read().splitlines() for p in sys.argv[1:3])
want = [l for l in want if l]
ok = any(got[i:i + len(want)] == want for i in range(len(got)))
if not ok:
    print("\n".join(got[-12:]))
sys.exit(0 if ok else 1)
PY
else
    skip "README PostgreSQL example: ../shared/seed is absent"
fi
# The extension's version: README's, the control file's, what CREATE
# EXTENSION installs, and an upgrade path to it from every earlier one.
ctl=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" pg/fahras.control)
check "README states the extension's version of pg/fahras.control ($ctl)" \
    grep -q "pg/fahras.control\`, now \*\*$ctl\*\*" README.md
check "CREATE EXTENSION installs version $ctl" \
    test "$($PSQL -At -d readme -c "SELECT extversion FROM pg_extension WHERE extname = 'fahras'" 2>/dev/null ||
            { newdb readme; $PSQL -At -d readme -c "CREATE EXTENSION fahras; SELECT extversion FROM pg_extension WHERE extname = 'fahras'"; })" = "$ctl"
check "every earlier version upgrades to $ctl (pg/fahras--A--B.sql)" python3 - "$ctl" <<'PY'
import glob, re, sys
target = sys.argv[1]
edges = {}
for p in glob.glob("pg/fahras--*--*.sql"):
    a, b = re.match(r"pg/fahras--(.+)--(.+)\.sql$", p).groups()
    edges.setdefault(a, []).append(b)
def reaches(v, seen=()):
    return v == target or any(reaches(n, seen + (v,)) for n in edges.get(v, []) if n not in seen)
bad = [v for v in edges if not reaches(v)]
print("no path to %s from %s" % (target, bad) if bad else "ok")
sys.exit(1 if bad or not glob.glob("pg/fahras--%s.sql" % target) else 0)
PY

summary
