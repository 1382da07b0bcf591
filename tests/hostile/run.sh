#!/bin/bash
# tests/hostile/run.sh - fahras used as a hostile user or a careless
# operator would use it: databases replaced or made read-only under a
# running server, parallel index runs creating one database, queries and
# documents built to cost the most work, slow and many clients, huge
# articles, a PostgreSQL server restarted or written by two index runs at
# once, passwords in URLs.  Every hang is checked by the work done
# (steps, tokens, bytes, counts of answers), never by the time taken.
# Prints "N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
F=${FAHRAS:-$BUILD/fahras}
HERE=tests/hostile
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
T=$(mktemp -d)
PIDS=""
PG_DIR=""
cleanup() {
    for p in $PIDS; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    [ -n "$PG_DIR" ] && bash scripts/pg-cluster.sh stop "$PG_DIR" >/dev/null 2>&1
    rm -rf "$T"
}
trap cleanup EXIT
pass=0 fail=0 skip=0
ok() { pass=$((pass + 1)); echo "ok - $*"; }
bad() { fail=$((fail + 1)); echo "not ok - $*"; }
skipped() { skip=$((skip + 1)); echo "skip - $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
summary() { echo "$pass passed, $fail failed, $skip skipped"; [ "$fail" = 0 ]; exit $?; }
# Count a helper's own "ok/not ok" lines and summary into ours.
run_counted() {
    local log; log=$(mktemp)
    "$@" 2>&1 | tee "$log"
    local line; line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    rm -f "$log"
    if [ -z "$line" ]; then bad "$1: no summary"; return; fi
    pass=$((pass + ${line%% passed*}))
    local f=${line#*passed, }; fail=$((fail + ${f%% failed*}))
}

if [ ! -x "$F" ] || ! "$F" serve --help >/dev/null 2>&1; then
    bad "$F with serve is not built (make)"; summary
fi
make -s BUILD="$BUILD" "$BUILD/tests/store_hostile" >/dev/null 2>&1 ||
    { bad "build $BUILD/tests/store_hostile"; summary; }

# start_server NAME DB [ARGS...]: `fahras serve` on a free port; sets URL
# and SERVER_PID; output in $T/NAME.out and $T/NAME.err.
start_server() {
    local name=$1 db=$2; shift 2
    "$F" serve "$db" --port 0 "$@" >"$T/$name.out" 2>"$T/$name.err" &
    SERVER_PID=$!
    PIDS="$PIDS $SERVER_PID"
    URL=""
    for _ in $(seq 150); do
        URL=$(grep -o 'http://[^ ]*' "$T/$name.out" 2>/dev/null | head -n 1)
        [ -n "$URL" ] && break
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.1
    done
    URL=${URL%/}
    [ -n "$URL" ]
}
stop_server() { kill -TERM "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; }
# status_of PATH: the HTTP status of a GET (000: no answer)
status_of() { curl -s -o /dev/null -w '%{http_code}' --max-time 60 "$URL$1"; }
get() { curl -s --max-time 60 "$URL$1"; }
urlq() { "$PY" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

# A corpus of generated articles: $1 articles, ids $2N.  Drawn from 20
# words, any two are near-duplicates, so they are indexed with --no-dups
# (each article its own hit, the totals these checks count).
gen_corpus() {
    "$PY" - "$@" <<'EOF'
import json, random, sys
n, prefix = int(sys.argv[1]), sys.argv[2]
random.seed(n)
words = ("التحالف الدولي حملة قوات الحكومة السوق الأسعار المدينة الريف المياه الطاقة "
         "المنتخب البطولة الكتاب المعرض الجامعة الطلاب الزيتون القمح تونس").split()
for i in range(n):
    print(json.dumps({"id": "%s%d" % (prefix, i), "title": "خبر %d" % i,
                      "body": " ".join(random.choice(words) for _ in range(150)),
                      "source": "مصدر %d" % (i % 5), "date": "2020-%02d-01" % (1 + i % 12)},
                     ensure_ascii=False))
EOF
}
gen_corpus 4000 big > "$T/big.jsonl"
gen_corpus 5 small > "$T/small.jsonl"
"$F" index -q --no-dups "$T/small.db" "$T/small.jsonl" 2>/dev/null
TUNIS=$(urlq 'تونس')

# ------------------------------------------------------------------------
# 1. A database replaced under a running server: never a crash; the new
#    file is noticed and opened.
# ------------------------------------------------------------------------
"$F" index -q --no-dups "$T/big.db" "$T/big.jsonl" 2>/dev/null
cp "$T/big.db" "$T/live.db"
cp -r "$T/big.db.idx" "$T/live.db.idx" # the store's own index beside it
gen_corpus 7 seven > "$T/seven.jsonl"
if start_server live "$T/live.db" --threads 3; then
    # searches and statistics without pause while copies are made over the
    # file in place (it shrinks under readers in the middle of queries)
    for k in 1 2 3; do
        (for _ in $(seq 80); do status_of "/api/search?q=$TUNIS&limit=100"; echo; done) >"$T/load$k" &
        PIDS="$PIDS $!"
    done
    (for _ in $(seq 200); do status_of /api/stats; echo; done) >"$T/load4" & PIDS="$PIDS $!"
    for round in 1 2 3 4 5; do
        until [ "$(cat "$T"/load* 2>/dev/null | wc -l)" -ge $((round * 25)) ]; do sleep 0.05; done
        cp "$T/small.db" "$T/live.db"
        [ "$round" = 5 ] || cp "$T/big.db" "$T/live.db"
    done
    wait $(jobs -p | grep -v "^$SERVER_PID\$") 2>/dev/null
    check "a copy made over the served file in place: the server lives (no SIGBUS)" kill -0 "$SERVER_PID"
    codes=$(cat "$T"/load* | sort | uniq -c | tr -s ' \n' ' ')
    check "every request during the copy answered 200, 500 or 503 ($codes)" \
        bash -c "! grep -qvE '^(200|500|503)$' $T/load1 $T/load2 $T/load3 $T/load4"
    check "after the copy: the new database is served (5 documents)" \
        bash -c "curl -s '$URL/api/stats' | grep -q '\"documents\":5,'"
    # its own index (DB.idx/) copied beside it: searched again
    rm -rf "$T/live.db.idx"; cp -r "$T/small.db.idx" "$T/live.db.idx"
    check "and with its index directory copied beside it: searched (5 documents)" \
        bash -c "curl -s '$URL/api/search?q=$TUNIS&limit=1' | grep -q '\"total\":5,'"
    # the segment files overwritten in place (cp, rsync --inplace) while
    # the server has them mapped: noticed before the next search reads
    # them (a file shrunk under its mapping killed serve with SIGBUS)
    "$F" index -q --no-dups "$T/mid.db" "$T/big.jsonl" 2>/dev/null
    rm -rf "$T/live.db.idx"; cp "$T/mid.db" "$T/live.db"; cp -r "$T/mid.db.idx" "$T/live.db.idx"
    check "a database of 4000 served with its index" \
        bash -c "curl -s '$URL/api/search?q=$TUNIS&limit=1' | grep -q '\"total\":[1-9][0-9][0-9]'"
    seg=$(ls "$T/small.db.idx"/*.seg | head -n 1)
    for f in "$T/live.db.idx"/*.seg; do cat "$seg" >"$f"; done
    codes=""; for _ in 1 2 3; do codes="$codes $(status_of "/api/search?q=$TUNIS&limit=100")"; done
    check "segment files overwritten in place under the server: it lives, answers 503 ($codes)" \
        bash -c "kill -0 $SERVER_PID && [ '$codes' = ' 503 503 503' ]"
    # and during the searches (the check before each cannot see it): a
    # SIGBUS caught, the search refused, the store's files opened again
    cp "$T/mid.db" "$T/ow.db"; cp -r "$T/mid.db.idx" "$T/ow.db.idx"
    run_counted "$BUILD/tests/store_hostile" seg-overwrite "$T/ow.db" 300
    rm -rf "$T/live.db.idx"; cp -r "$T/mid.db.idx" "$T/live.db.idx"
    check "the directory put back: searched again without a restart" \
        bash -c "curl -s '$URL/api/search?q=$TUNIS&limit=1' | grep -q '\"total\":[1-9][0-9][0-9]'"
    # the safe way to deploy: a new database and its index directory
    # renamed into place (the directory first: a rename cannot replace a
    # directory that holds files, so the old one is removed)
    "$F" index -q --no-dups "$T/next.db" "$T/big.jsonl" 2>/dev/null
    rm -rf "$T/live.db.idx"; mv "$T/next.db.idx" "$T/live.db.idx"
    mv "$T/next.db" "$T/live.db"
    check "a new file renamed over the served one is opened (4000 documents)" \
        bash -c "curl -s '$URL/api/stats' | grep -q '\"documents\":4000,'"
    check "and searched" bash -c "curl -s '$URL/api/search?q=$TUNIS&limit=1' | grep -q '\"total\":[1-9]'"
    # removed and built anew (what make demo does)
    rm -rf "$T/live.db" "$T/live.db.idx"
    check "a removed database: 503 store_unavailable, not a crash" \
        bash -c "[ \"\$(curl -s -o /dev/null -w '%{http_code}' '$URL/api/stats')\" = 503 ]"
    "$F" index -q --no-dups "$T/live.db" "$T/seven.jsonl" 2>/dev/null
    for _ in $(seq 100); do # the next attempt is due within 8 s (a bounded wait, not asserted)
        curl -s "$URL/api/stats" | grep -q '"documents":7,' && break; sleep 0.1
    done
    check "built anew: served again without a restart" \
        bash -c "curl -s '$URL/api/stats' | grep -q '\"documents\":7,'"
    stop_server
else
    bad "serve live.db did not start: $(cat "$T/live.err")"
fi

# ------------------------------------------------------------------------
# 3, 4. Queries built to cost the most work, through the store's own index
#    (the default) as through FTS5 (a baseline store): a clause typed 40 times is evaluated
#    once; a request over its work budget stops with 503 too_expensive.
#    Work is counted in steps (search --timing), never timed.
# ------------------------------------------------------------------------
steps_of() { "$F" search "$1" "$2" --timing --format trec --limit 10 2>&1 >/dev/null |
             awk -F'\t' '/^time/ {split($4, a, " "); print a[1]}'; }
"$F" index -q --baseline-tokenizer unicode61 "$T/bigfts.db" "$T/big.jsonl" 2>/dev/null
REP=$(for _ in $(seq 40); do printf 'تونس '; done)
PREFIXES='التح* الدو* حم* قو* الحك* السو* الأس* المد* الري* الميا* الطا* المن* البط* الكت* المع* الجا* الطل* الزي* القم* تو*'
for db in big bigfts; do
    one=$(steps_of "$T/$db.db" 'تونس'); forty=$(steps_of "$T/$db.db" "$REP")
    check "$db: 'تونس' typed 40 times costs the work of once ($one and $forty steps)" \
        bash -c "[ -n '$one' ] && [ '$one' -gt 0 ] && [ '$one' = '$forty' ]"
done
pre=$(steps_of "$T/big.db" "$PREFIXES")
check "own index: the work of a many-prefix query is counted ($pre steps)" \
    bash -c "[ -n '$pre' ] && [ '$pre' -gt 20000 ]"
if start_server budget "$T/big.db" --threads 2 --search-steps 20000; then
    get "/api/search?q=$(urlq "$PREFIXES")" >"$T/budget.json"
    check "own index over --search-steps 20000: 503 too_expensive" \
        grep -q '"too_expensive"' "$T/budget.json"
    check "a query within the budget: answered" \
        bash -c "curl -s '$URL/api/search?q=$TUNIS&limit=1' | grep -q '\"total\":'"
    stop_server
else
    bad "serve --search-steps did not start: $(cat "$T/budget.err")"
fi

# ------------------------------------------------------------------------
# 3, 6, 7. Over HTTP: searches for a word a document repeats 20,000 times
#    beside /healthz; 512 slow clients; a 4.5 MB article marked for a query.
# ------------------------------------------------------------------------
"$PY" - "$T/rep.jsonl" <<'EOF'
import json, sys
with open(sys.argv[1], "w") as f:
    f.write(json.dumps({"id": "rep", "title": "تكرار", "body": "تونس " * 20000}, ensure_ascii=False) + "\n")
    f.write(json.dumps({"id": "huge", "title": "مقال طويل",
                        "body": ("خبر عن تونس والجزائر والمغرب " * 100 + "\n") * 1700}, ensure_ascii=False) + "\n")
    for dot in (".", ".."):
        f.write(json.dumps({"id": dot, "title": "نقطة " + dot, "body": "تونس " + dot}, ensure_ascii=False) + "\n")
    for i in range(50):
        f.write(json.dumps({"id": "n%d" % i, "title": "خبر", "body": "تونس اليوم %d" % i}, ensure_ascii=False) + "\n")
EOF
"$F" index -q --no-dups "$T/rep.db" "$T/rep.jsonl" 2>/dev/null
if start_server rep "$T/rep.db" --threads 2; then
    for k in 1 2 3 4 5 6; do
        (for _ in 1 2 3; do status_of "/api/search?q=$TUNIS&limit=100"; echo; done) >"$T/rep$k" &
        PIDS="$PIDS $!"
    done
    hz=0; for _ in $(seq 20); do [ "$(status_of /healthz)" = 200 ] && hz=$((hz + 1)); done
    wait $(jobs -p | grep -v "^$SERVER_PID\$") 2>/dev/null
    check "6 clients searching a word repeated 20,000 times: /healthz answered $hz of 20" test "$hz" = 20
    check "and each search answered 200" bash -c "[ \"\$(cat $T/rep? | sort -u)\" = 200 ]"
    sent=$(curl -s -o "$T/huge.json" -w '%{size_download}' "$URL/api/doc?id=huge&q=$TUNIS")
    check "/api/doc?q= of a 4.5 MB article: 2 MiB of its body marked, body_truncated ($sent bytes sent)" \
        bash -c "[ '$sent' -lt 6000000 ] && grep -q '\"body_truncated\": *true' '$T/huge.json' &&
                 grep -q '\"body_bytes\": *[0-9]\{7\}' '$T/huge.json'"
    run_counted "$PY" "$HERE/slow_clients.py" 127.0.0.1 "${URL##*:}" 512 10
    # 18. ids "." and ".." (a path would read them as directories): read
    # through /api/doc?id= as the page asks, each its own article
    for id in . ..; do
        get "/api/doc?id=$id" >"$T/dot.json"
        check "/api/doc?id=$id: that article (not the listing, not another one)" \
            "$PY" -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(d.get("id") != sys.argv[2] or d.get("title") != "نقطة " + sys.argv[2])' "$T/dot.json" "$id"
    done
    stop_server
else
    bad "serve rep.db did not start: $(cat "$T/rep.err")"
fi

# ------------------------------------------------------------------------
# 13, 15, 18. PostgreSQL: two index runs writing the same ids at once and
#    a deadlock (statistics equal to a recount); a server restarted under
#    `serve` (reconnected, /healthz says so); passwords never printed.
# ------------------------------------------------------------------------
# (a directory of its own: as root the server runs as postgres, which
# cannot enter $T)
PG_DIR=$(mktemp -d /tmp/fahras-hostile-pg.XXXXXX)
BUILD="$BUILD" bash scripts/pg-cluster.sh start "$PG_DIR" 2>"$T/pg.log"; prc=$?
if [ $prc = 77 ]; then
    skipped "PostgreSQL: $(tail -n 1 "$T/pg.log")"; rm -rf "$PG_DIR"; PG_DIR=""
elif [ $prc != 0 ]; then
    bad "PostgreSQL cluster: $(tail -n 3 "$T/pg.log")"; rm -rf "$PG_DIR"; PG_DIR=""
else
    # shellcheck disable=SC1091
    . "$PG_DIR/env"
    PGSQL="psql -X -q -v ON_ERROR_STOP=1 -d postgres"
    export PGOPTIONS="--client-min-messages=warning"
    for t in stats deadlock; do
        $PGSQL -c "DROP DATABASE IF EXISTS h_$t" -c "CREATE DATABASE h_$t" >/dev/null
        run_counted "$BUILD/tests/store_hostile" "pg-$t" "postgresql://postgres@127.0.0.1:$PGPORT/h_$t"
    done
    $PGSQL -c "DROP DATABASE IF EXISTS h_dates" -c "CREATE DATABASE h_dates" >/dev/null
    run_counted "$BUILD/tests/store_hostile" dates "postgresql://postgres@127.0.0.1:$PGPORT/h_dates"
    $PGSQL -c "DROP DATABASE IF EXISTS h_serve" -c "CREATE DATABASE h_serve" >/dev/null
    PGU="postgresql://postgres@127.0.0.1:$PGPORT/h_serve"
    "$F" index -q "$PGU" "$T/small.jsonl" 2>/dev/null
    # trust authentication: the password is carried, never checked
    SECRET_URL="postgresql://postgres:s3cretpw@127.0.0.1:$PGPORT/h_serve"
    # one worker: its one store handle is the store's state /healthz reports
    # (with more, one handle that met the restart makes it "degraded")
    if start_server pg "$SECRET_URL" --threads 1; then
        check "serve banner: the password masked" bash -c "! grep -q s3cretpw '$T/pg.out' '$T/pg.err'"
        check "PostgreSQL served" bash -c "curl -s '$URL/api/search?q=$TUNIS&limit=1' | grep -q '\"total\":5,'"
        bash scripts/pg-cluster.sh pause "$PG_DIR"
        s1=$(status_of "/api/search?q=$TUNIS"); get /healthz >"$T/hz.json"
        check "PostgreSQL stopped: searches 503 ($s1), /healthz says unavailable, the server lives" \
            bash -c "[ '$s1' = 503 ] && grep -q '\"store\":\"unavailable\"' '$T/hz.json' && kill -0 $SERVER_PID"
        bash scripts/pg-cluster.sh resume "$PG_DIR"
        for _ in $(seq 200); do # attempts back off to one each 8 s (a bounded wait, not asserted)
            [ "$(status_of "/api/search?q=$TUNIS")" = 200 ] && break; sleep 0.1
        done
        check "PostgreSQL restarted: searched again without restarting serve, /healthz 200" \
            bash -c "curl -s '$URL/api/search?q=$TUNIS&limit=1' | grep -q '\"total\":5,' &&
                     [ \"\$(curl -s -o /dev/null -w '%{http_code}' '$URL/healthz')\" = 200 ]"
        check "no password in the server's messages" bash -c "! grep -q s3cretpw '$T/pg.out' '$T/pg.err'"
        stop_server
    else
        bad "serve PostgreSQL did not start: $(cat "$T/pg.err")"
    fi
    # 18. a user without the right to create the extension: the message
    # names what a superuser must run (not "make pg-install")
    $PGSQL -c "DROP DATABASE IF EXISTS h_priv" -c "DROP ROLE IF EXISTS h_plain" \
        -c "CREATE ROLE h_plain LOGIN NOSUPERUSER" -c "CREATE DATABASE h_priv OWNER h_plain" >/dev/null
    "$F" index -q "postgresql://h_plain@127.0.0.1:$PGPORT/h_priv" "$T/small.jsonl" >/dev/null 2>"$T/priv.err"; rc=$?
    check "no right to CREATE EXTENSION: exit $rc, the message names CREATE EXTENSION fahras for a superuser" \
        bash -c "[ $rc != 0 ] && grep -q 'a superuser must run CREATE EXTENSION fahras' '$T/priv.err' &&
                 ! grep -q 'make pg-install' '$T/priv.err'"
    $PGSQL -d h_priv -c "CREATE EXTENSION fahras" >/dev/null
    "$F" index -q "postgresql://h_plain@127.0.0.1:$PGPORT/h_priv" "$T/small.jsonl" >/dev/null 2>"$T/priv.err"; rc=$?
    check "once a superuser created it: the same user indexes (exit $rc)" test "$rc" = 0
    for u in "postgresql://postgres:s3cretpw@127.0.0.1:1/x" "postgresql://127.0.0.1:1/x?user=u&password=s3cretpw" \
             "host=127.0.0.1 port=1 password=s3cretpw dbname=x"; do
        "$F" search "$u" 'تونس' >/dev/null 2>"$T/pw.err"; rc=$?
        check "an unreachable '${u%%s3cretpw*}…': exit 3, the password masked" \
            bash -c "[ $rc = 3 ] && ! grep -q s3cretpw '$T/pw.err' && [ -s '$T/pw.err' ]"
    done
fi

# ------------------------------------------------------------------------
# 16. A read-only database (another user's file in another user's
#     directory): searched and served, or a clear message.
# ------------------------------------------------------------------------
RO=$T/ro
mkdir -p "$RO"
"$F" index -q --no-dups "$RO/news.db" "$T/big.jsonl" 2>/dev/null
chmod 755 "$RO" "$T"; chmod 644 "$RO/news.db"
# (a command, not a function: a server started in the background under it
# is the process $! names, so stop_server reaches it)
AS_READER=""
[ "$(id -u)" = 0 ] && AS_READER="setpriv --reuid=65534 --regid=65534 --clear-groups"
as_reader() { $AS_READER "$@"; }
if [ "$(id -u)" != 0 ]; then chmod 555 "$RO"; fi
as_reader "$F" search "$RO/news.db" 'تونس' --format trec --limit 3 >"$T/ro.run" 2>&1; rc=$?
check "read-only database: searched (exit $rc)" bash -c "[ $rc = 0 ] && [ \$(wc -l < '$T/ro.run') = 3 ]"
check "read-only database: no -shm or -wal made beside it" bash -c "[ ! -e '$RO/news.db-shm' ] && [ ! -e '$RO/news.db-wal' ]"
if true; then
    $AS_READER "$F" serve "$RO/news.db" --port 0 --threads 1 >"$T/ro.out" 2>"$T/ro.err" &
    SERVER_PID=$!; PIDS="$PIDS $SERVER_PID"
    for _ in $(seq 100); do grep -q http "$T/ro.out" && break; sleep 0.1; done
    URL=$(grep -o 'http://[^ ]*' "$T/ro.out" | head -n 1); URL=${URL%/}
    check "read-only database: served" bash -c "curl -s '$URL/api/search?q=$TUNIS&limit=1' | grep -q '\"total\":[1-9]'"
    stop_server
fi
# the owner writes again while the reader serves: its changes in a -wal
# the reader cannot read without a -shm it cannot make
cp "$RO/news.db" "$T/ro2.db"
"$PY" - "$RO/news.db" <<'EOF'
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA journal_mode=WAL")
db.execute("CREATE TABLE IF NOT EXISTS owner_note(x)")
db.execute("INSERT INTO owner_note VALUES (1)")
db.commit()
os.unlink(sys.argv[1] + "-shm")
os._exit(0)  # leave the -wal as a writer still at work would
EOF
as_reader "$F" search "$RO/news.db" 'تونس' >/dev/null 2>"$T/ro.msg"; rc=$?
check "read-only database with changes only in its -wal: exit 3 and a message saying why (exit $rc)" \
    bash -c "[ $rc = 3 ] && grep -q 'needs a .*-shm file this user cannot create' '$T/ro.msg'"

# ------------------------------------------------------------------------
# 17. Parallel index runs creating one new database.
# ------------------------------------------------------------------------
mkdir -p "$T/race"
run_counted "$BUILD/tests/store_hostile" create-race "$T/race" 80 8
# a document's date as the store keeps it (any form read, or refused)
run_counted "$BUILD/tests/store_hostile" dates "$T/dates.db"
rm -f "$T"/par.db*
for i in 1 2 3 4 5 6; do "$F" index -q --no-dups "$T/par.db" "$T/small.jsonl" 2>"$T/par$i.err" & done
wait $(jobs -p | grep -v "^${SERVER_PID:-x}\$") 2>/dev/null
check "6 index runs creating one database at once: each succeeds, 5 documents" \
    bash -c "! grep -qvE '^fahras index: [0-9]+ indexed' $T/par*.err && [ \"\$(sqlite3 $T/par.db 'SELECT count(*) FROM docs')\" = 5 ]"

# ------------------------------------------------------------------------
# 18. Smaller: one answer for queries without words; dates in order.
# ------------------------------------------------------------------------
for q in '*' '؟؟؟ ،،،' '...' '"،"' '؟ -تونس'; do
    "$F" search "$T/small.db" "$q" >/dev/null 2>"$T/q.err"; rc=$?
    check "a query without words ('$q'): exit 2, 'no words to search for'" \
        bash -c "[ $rc = 2 ] && grep -q 'no words to search for' $T/q.err"
done
"$F" search "$T/small.db" 'تونس' --from 2016 --to 2015 >/dev/null 2>"$T/q.err"; rc=$?
check "--from 2016 --to 2015: exit 2, from after to" bash -c "[ $rc = 2 ] && grep -q 'after' $T/q.err"
"$F" search "$T/small.db" 'تونس' --from 2015-06 --to 2015 >/dev/null 2>&1; rc=$?
check "--from 2015-06 --to 2015 (June to December): accepted" test "$rc" = 0
cp "$T/small.db" "$T/gone.db"
sqlite3 "$T/gone.db" 'ALTER TABLE docs RENAME TO docs_gone'
"$F" search "$T/gone.db" 'تونس' >/dev/null 2>"$T/q.err"; rc=$?
check "a database that fails (not the query): exit 3, not 2 (exit $rc)" test "$rc" = 3

summary
