#!/bin/bash
# tests/shards/run.sh - the sharded PostgreSQL store: a throwaway rig of one
# coordinator and 3 shards (scripts/pg-shards.sh), made a store by
# `fahras shard-init`, against one server holding the same documents (a
# database of the coordinator's cluster):
#   the same top 10 and scores (tests/pg/parity.py), routing, upserts
#   across shards, statistics equal a recount and sum to one server's,
#   stats, facets through serve, --jobs, a shard locked (slow), stopped,
#   and dying mid-query (a named error within the timeout, --allow-partial),
#   a shard stopped mid-index and a kill -9 mid-index (a rerun completes the
#   exact document set), a coordinator restart (nothing lost), bad records
#   and hostile queries and ids (as one server answers them), and moving
#   the store to 4 shards (scripts/pg-shards-export.sql).
# Skips (saying why) only when PostgreSQL cannot be had.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
BIN=${FAHRAS_BIN:-$BUILD/fahras}
. tests/lib.sh

if ! command -v pg_config >/dev/null 2>&1 && [ -x /usr/lib/postgresql/15/bin/pg_config ]; then
    export PATH=/usr/lib/postgresql/15/bin:$PATH
fi
if ! command -v pg_config >/dev/null 2>&1; then
    skip "sharded PostgreSQL suite: no pg_config (install postgresql-15 and postgresql-server-dev-15)"
    summary
fi
[ -x "$BIN" ] || { fail "no $BIN: build first (make)"; summary; }

tmp=$(mktemp -d /tmp/fahras-shtest.XXXXXX)
rig=$(mktemp -d /tmp/fahras-shrig.XXXXXX)
cleanup() { scripts/pg-shards.sh stop "$rig" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
BUILD="$BUILD" scripts/pg-shards.sh start "$rig" 3 2>"$tmp/rig.log"
rc=$?
if [ $rc = 77 ]; then
    skip "sharded PostgreSQL suite: $(tail -n 1 "$tmp/rig.log")"
    summary
elif [ $rc != 0 ]; then
    cat "$tmp/rig.log"
    fail "start a coordinator and 3 shards"
    summary
fi
ok "rig started: a coordinator and 3 shards (scripts/pg-shards.sh)"
. "$rig/env"
export PGOPTIONS="-c client_min_messages=warning"
read -r -a SHARD_PORTS <<<"$FAHRAS_SHARD_PORTS"
C=$FAHRAS_COORD_URL
on() { # on PORT DB SQL: one value
    psql -X -q -At -h 127.0.0.1 -p "$1" -U postgres -d "$2" -c "$3"
}
every_shard() { # every_shard DB SQL: the values of every shard, space-separated
    local p out=""
    for p in "${SHARD_PORTS[@]}"; do out="$out$(on "$p" "$1" "$2") "; done
    echo "$out"
}
on "$FAHRAS_COORD_PORT" postgres "CREATE DATABASE single"
ONE=postgresql://postgres@127.0.0.1:$FAHRAS_COORD_PORT/single

# --- the layout ------------------------------------------------------------
# shellcheck disable=SC2086
"$BIN" shard-init --timeout 3 "$C" $FAHRAS_SHARD_URLS 2>"$tmp/init.err"
check "shard-init: exit 0" test $? = 0
check "shard-init: reports the 3 shards" grep -q "created a layout of 3 shards" "$tmp/init.err"
# shellcheck disable=SC2086
"$BIN" shard-init "$C" $FAHRAS_SHARD_URLS 2>"$tmp/init2.err"
check "shard-init again with the same shards: the layout is kept" grep -q "kept the layout of 3 shards" "$tmp/init2.err"
"$BIN" shard-init "$C" "${FAHRAS_SHARD_URLS%% *}" 2>"$tmp/init3.err"
check "shard-init with other shards: refused, saying why" grep -q "coordinator of 3 other shards" "$tmp/init3.err"
check "coordinator: fahras_docs partitioned into 3 foreign tables" \
    test "$(on "$FAHRAS_COORD_PORT" fahras "SELECT count(*) FROM pg_inherits i JOIN pg_foreign_table f ON f.ftrelid = i.inhrelid WHERE i.inhparent = 'fahras_docs'::regclass")" = 3
check "coordinator: foreign servers ship fahras's functions and scan asynchronously" \
    test "$(on "$FAHRAS_COORD_PORT" fahras "SELECT count(*) FROM pg_foreign_server WHERE srvoptions @> '{extensions=fahras,async_capable=true}'")" = 3
check "every shard has the extension and a store of its own" \
    test "$(every_shard fahras "SELECT count(*) FROM pg_extension e, fahras_store_meta m WHERE e.extname = 'fahras' AND m.key = 'analyzer_options'")" = "1 1 1 "

# --- the same documents, the same ranking ----------------------------------
python3 tests/pg/parity_corpus.py "$tmp/parity.jsonl"
# Both keep entities, neither near-duplicate clusters nor boilerplate:
# these articles recombine a few paragraphs, so their band values are
# common phrases held by many, and a sharded store counts at most
# FH_DUP_KEY_HOLDERS holders of a key on each shard, one server in all;
# and a line's boilerplate status depends on the order articles came in
# (a marked line stays so down to a lower share), which the move to 4
# shards below changes.  Clusters and boilerplate: the checks further down.
NR="--no-dups --no-boilerplate"
# shellcheck disable=SC2086
"$BIN" index -q $NR "$ONE" "$tmp/parity.jsonl" 2>/dev/null
# shellcheck disable=SC2086
"$BIN" index -q $NR "$C" "$tmp/parity.jsonl" 2>"$tmp/idx.err"
check "index through the coordinator: exit 0" test $? = 0
n=$(wc -l <"$tmp/parity.jsonl")
counts=$(every_shard fahras "SELECT count(*) FROM fahras_docs")
check "routing: $n documents spread over the 3 shards ($counts)" \
    test "$(echo "$counts" | tr ' ' '+' | sed 's/+$//' | bc)" = "$n"
check "routing: every shard holds some" sh -c "! echo ' $counts' | grep -q ' 0 '"
misplaced=0
for i in 0 1 2; do
    m=$(on "${SHARD_PORTS[$i]}" fahras "SELECT count(*) FROM fahras_docs WHERE fahras_shard_of(id, 3) <> $i")
    misplaced=$((misplaced + m))
done
check "routing: every document on the shard of its id's hash" test "$misplaced" = 0
check "routing: the coordinator's partitions (postgres_fdw) find every document where the CLI put it" \
    test "$(on "$FAHRAS_COORD_PORT" fahras "SELECT count(*) FILTER (WHERE tableoid::regclass::text = 'fahras_docs_' || fahras_shard_of(id, 3)) || ' ' || count(DISTINCT id) FROM fahras_docs")" = "$n $n"

# each shard is a store of its own: lz4 tsvectors where the server has
# them, and no entries left pending in its words index after fahras index
check "index: no shard's words index has entries pending" \
    test "$(every_shard fahras "SELECT gin_clean_pending_list('fahras_docs_tsv')")" = "0 0 0 "
if on "${SHARD_PORTS[0]}" fahras "CREATE TEMP TABLE lz4_here (x text COMPRESSION lz4)" >/dev/null 2>&1; then
    check "index: every shard's tsvectors compressed with lz4" \
        test "$(every_shard fahras "SELECT attcompression FROM pg_attribute WHERE attrelid = 'fahras_docs'::regclass AND attname = 'tsv'")" = "l l l "
else
    skip "index: every shard's tsvectors compressed with lz4 (this PostgreSQL has no lz4)"
fi
"$BIN" search "$ONE" --batch tests/pg/parity_queries.tsv --format trec --limit 20 >"$tmp/p.one" 2>&1
"$BIN" search "$C" --batch tests/pg/parity_queries.tsv --format trec --limit 20 >"$tmp/p.sharded" 2>&1
check "ranking: the same top 10 and scores as one server ($(wc -l <tests/pg/parity_queries.tsv) queries)" \
    python3 tests/pg/parity.py "$tmp/p.one" "$tmp/p.sharded" tests/pg/parity_queries.tsv
same=1
while IFS= read -r q; do
    a=$("$BIN" search "$ONE" "$q" --format trec --limit 200 2>&1 | awk '{print $3, $5}' | sort)
    b=$("$BIN" search "$C" "$q" --format trec --limit 200 2>&1 | awk '{print $3, $5}' | sort)
    [ "$a" = "$b" ] || { echo "  query [$q] differs"; same=0; }
done <tests/pg/queries.txt
check "search: the same matches and scores as one server for every query of tests/pg/queries.txt" test "$same" = 1
# A match of a tenth of the documents or more is read through each
# shard's words index (tests/pg checks it on one server): plans from
# auto_explain in the shards' logs, searches one after another (--batch).
for p in "${SHARD_PORTS[@]}"; do
    on "$p" fahras "VACUUM ANALYZE fahras_docs"
    on "$p" postgres "ALTER DATABASE fahras SET session_preload_libraries = 'auto_explain'"
    on "$p" postgres "ALTER DATABASE fahras SET auto_explain.log_min_duration = 0"
done
shard_seq_scans() { # shard_seq_scans QUERY...: plans scanning a shard's documents
    printf '%s\n' "$@" | awk '{ print "q" NR "\t" $0 }' > "$tmp/scan.tsv"
    local f n=0 from=()
    for f in "$rig"/shard*/server.log; do from+=("$(wc -l < "$f")"); done
    "$BIN" search "$C" --batch "$tmp/scan.tsv" --format trec >/dev/null 2>&1
    sleep 0.5
    local i=0
    for f in "$rig"/shard*/server.log; do
        n=$((n + $(tail -n +"$((from[i] + 1))" "$f" | grep -c "Seq Scan on fahras_docs")))
        i=$((i + 1))
    done
    echo "$n"
}
# قباني: 3 of the 176 articles; الدولي: a fifth of them
rare=$(shard_seq_scans قباني); broad=$(shard_seq_scans الدولي); both=$(shard_seq_scans قباني الدولي قباني)
check "plans: a rare word's search scans the shards' small tables ($rare plans)" test "$rare" -gt 0
check "plans: a word in a fifth of the documents is read through every shard's words index ($broad plans scan)" \
    test "$broad" = 0
check "plans: the search after it scans again on every shard, the setting put back ($both = 2 x $rare)" \
    test "$both" = $((2 * rare))
for p in "${SHARD_PORTS[@]}"; do
    on "$p" postgres "ALTER DATABASE fahras RESET session_preload_libraries"
    on "$p" postgres "ALTER DATABASE fahras RESET auto_explain.log_min_duration"
done
"$BIN" search "$ONE" --json --limit 5 --offset 3 'الحملة الأمنية' | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["total"], [h["id"] for h in j["hits"]], [h["snippet"] for h in j["hits"]])' >"$tmp/j.one"
"$BIN" search "$C" --json --limit 5 --offset 3 'الحملة الأمنية' | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["total"], [h["id"] for h in j["hits"]], [h["snippet"] for h in j["hits"]])' >"$tmp/j.sharded"
check "search --json: the same total, page (offset 3) and snippets as one server" cmp -s "$tmp/j.one" "$tmp/j.sharded"
"$BIN" search "$C" --json --no-facets --limit 5 --offset 3 'الحملة الأمنية' | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["total"], [h["id"] for h in j["hits"]], [h["snippet"] for h in j["hits"]])' >"$tmp/j.nofacets"
check "search --json: the page taken from the entity facets' ranking is the page ranked alone" \
    cmp -s "$tmp/j.sharded" "$tmp/j.nofacets"
"$BIN" search "$ONE" --json --source mix --from 2021-03 --to 2021-06 'التحالف' | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["total"], [h["id"] for h in j["hits"]])' >"$tmp/f.one"
"$BIN" search "$C" --json --source mix --from 2021-03 --to 2021-06 'التحالف' | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["total"], [h["id"] for h in j["hits"]])' >"$tmp/f.sharded"
check "search: filters as on one server" cmp -s "$tmp/f.one" "$tmp/f.sharded"
# date order merged from the shards, match modes counted on each shard
for mode in "--sort newest" "--sort oldest" "--match any" "--match 50%"; do
    # shellcheck disable=SC2086
    "$BIN" search "$ONE" --json --limit 8 --offset 2 $mode 'التحالف الدولي حملة' | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["total"], j["total_all"], j["match"], [(h["id"], h["date"]) for h in j["hits"]])' >"$tmp/o.one"
    # shellcheck disable=SC2086
    "$BIN" search "$C" --json --limit 8 --offset 2 $mode 'التحالف الدولي حملة' | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["total"], j["total_all"], j["match"], [(h["id"], h["date"]) for h in j["hits"]])' >"$tmp/o.sharded"
    check "search $mode: the same page and totals as one server" cmp -s "$tmp/o.one" "$tmp/o.sharded"
done
check "stats --sources: the shards' counts added up as one server's" \
    test "$("$BIN" stats --sources --json "$C")" = "$("$BIN" stats --sources --json "$ONE")"

# Statistics: each shard's kept per batch = a recount; their sums = one server's.
cat >"$tmp/recount.sql" <<'EOF'
CREATE TEMP TABLE kept AS SELECT lexeme, ndoc FROM fahras_lexeme WHERE collection = 'fahras_docs' AND ndoc <> 0;
CREATE TEMP TABLE kept_coll AS SELECT ndocs, total_len, total_len_a FROM fahras_collection WHERE name = 'fahras_docs';
SELECT fahras_bm25_refresh('fahras_docs') AS n \gset
SELECT (SELECT count(*) FROM ((SELECT lexeme, ndoc FROM fahras_lexeme WHERE collection = 'fahras_docs' EXCEPT SELECT * FROM kept)
                              UNION ALL (SELECT * FROM kept EXCEPT SELECT lexeme, ndoc FROM fahras_lexeme WHERE collection = 'fahras_docs')) d)
     + (SELECT count(*) FROM (SELECT ndocs, total_len, total_len_a FROM fahras_collection WHERE name = 'fahras_docs' EXCEPT SELECT * FROM kept_coll) e);
EOF
recount() { # recount DB: differences between kept statistics and a recount, on every shard
    local p out=""
    for p in "${SHARD_PORTS[@]}"; do
        out="$out$(psql -X -q -At -h 127.0.0.1 -p "$p" -U postgres -d "$1" -f "$tmp/recount.sql") "
    done
    echo "$out"
}
sums() { # the shards' statistics added up, as one server's: ndocs total_len total_len_a, then lexemes
    local p
    for p in "${SHARD_PORTS[@]}"; do
        on "$p" "$1" "COPY (SELECT 'c', ndocs, total_len, total_len_a FROM fahras_collection WHERE name = 'fahras_docs'
                           UNION ALL SELECT lexeme, ndoc, 0, 0 FROM fahras_lexeme WHERE collection = 'fahras_docs' AND ndoc <> 0) TO STDOUT"
    done | awk -F'\t' '{a[$1] += $2; b[$1] += $3; c[$1] += $4} END {for (k in a) print k "\t" a[k] "\t" b[k] "\t" c[k]}' | sort
}
one_stats() {
    on "$FAHRAS_COORD_PORT" single "COPY (SELECT 'c', ndocs, total_len, total_len_a FROM fahras_collection WHERE name = 'fahras_docs'
                                         UNION ALL SELECT lexeme, ndoc, 0, 0 FROM fahras_lexeme WHERE collection = 'fahras_docs' AND ndoc <> 0) TO STDOUT" | sort
}
sums fahras >"$tmp/sums.sharded"
one_stats >"$tmp/sums.one"
check "statistics: the shards' sums equal one server's (documents, lengths, every lexeme)" \
    cmp -s "$tmp/sums.sharded" "$tmp/sums.one"
cmp -s "$tmp/sums.sharded" "$tmp/sums.one" || diff "$tmp/sums.sharded" "$tmp/sums.one" | head -n 10

# Upserts across shards: new versions of every tenth document, and new ones.
python3 - "$tmp/parity.jsonl" "$tmp/upd.jsonl" <<'EOF'
import json, sys
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for i, line in enumerate(open(sys.argv[1], encoding="utf-8")):
        if i % 10 == 0:
            d = json.loads(line)
            d["body"] = "نسخة جديدة: " + d["body"][:200]
            out.write(json.dumps(d, ensure_ascii=False) + "\n")
    for i in range(30):
        out.write(json.dumps({"id": "new-%d" % i, "body": "خبر جديد عن التحالف الدولي رقم %d" % i}, ensure_ascii=False) + "\n")
EOF
# shellcheck disable=SC2086
"$BIN" index -q $NR "$ONE" "$tmp/upd.jsonl" 2>/dev/null
# shellcheck disable=SC2086
"$BIN" index -q $NR "$C" "$tmp/upd.jsonl" 2>"$tmp/upd.err"
check "upsert: replaced and new documents counted" grep -qE "^fahras index: 48 indexed, 0 unchanged" "$tmp/upd.err"
check "upsert: $((n + 30)) documents, none doubled" \
    test "$(on "$FAHRAS_COORD_PORT" fahras "SELECT count(*) || ' ' || count(DISTINCT id) FROM fahras_docs")" = "$((n + 30)) $((n + 30))"
check "upsert: the later versions are stored" \
    test "$(on "$FAHRAS_COORD_PORT" fahras "SELECT count(*) FROM fahras_docs WHERE body LIKE 'نسخة جديدة: %'")" = 18
check "statistics after upserts: a recount on every shard finds nothing to change" test "$(recount fahras)" = "0 0 0 "
check "statistics after upserts: still the sums of one server's" \
    sh -c "[ \"\$(echo \"\$1\")\" = \"\$(echo \"\$2\")\" ]" _ "$(sums fahras)" "$(one_stats)"
"$BIN" search "$ONE" --batch tests/pg/parity_queries.tsv --format trec --limit 20 >"$tmp/p2.one" 2>&1
"$BIN" search "$C" --batch tests/pg/parity_queries.tsv --format trec --limit 20 >"$tmp/p2.sharded" 2>&1
check "ranking after upserts: the same top 10 and scores as one server" \
    python3 tests/pg/parity.py "$tmp/p2.one" "$tmp/p2.sharded" tests/pg/parity_queries.tsv
"$BIN" stats "$C" >"$tmp/stats.out" 2>&1
check "stats: the coordinator records the entity tagger of the shards' documents" \
    grep -qE "^entity tagger +(ner-[0-9]+\+[0-9a-f]{8}) \(this fahras: \1\)$" "$tmp/stats.out"
check "stats through the coordinator: every document, 3 shards" \
    sh -c "grep -qE '^documents +$((n + 30))$' '$tmp/stats.out' && grep -qE '^shards +3$' '$tmp/stats.out'"
check "stats: the same sources and dates as one server" \
    test "$("$BIN" stats "$C" | grep -E '^(sources|dates)')" = "$("$BIN" stats "$ONE" | grep -E '^(sources|dates)')"

# --- a slow shard and a stopped one, mid-query ------------------------------
Q='التحالف الدولي'
"$BIN" search "$C" "$Q" --format trec --limit 200 >"$tmp/all.trec"
psql -X -q -h 127.0.0.1 -p "${SHARD_PORTS[1]}" -U postgres -d fahras \
    -c "BEGIN; LOCK TABLE fahras_docs IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(120); COMMIT;" >/dev/null 2>&1 &
locker=$!
sleep 1
t0=$(date +%s)
"$BIN" search "$C" "$Q" >/dev/null 2>"$tmp/slow.err"
rc=$?
t1=$(date +%s)
check "slow shard: the search fails (exit 3)" test "$rc" = 3
check "slow shard: the error names the shard and the timeout" \
    grep -q "shard fahras_shard_1 (127.0.0.1:${SHARD_PORTS[1]}/fahras): no answer within 3.0 s" "$tmp/slow.err"
check "slow shard: the answer comes with the timeout, not after the shard ($((t1 - t0)) s; 3 s timeout, lock held 120 s)" \
    test $((t1 - t0)) -lt 30
"$BIN" search "$C" "$Q" --allow-partial --format trec --limit 200 >"$tmp/partial.trec" 2>"$tmp/partial.err"
check "slow shard, --allow-partial: exit 0, the missing shard named" \
    sh -c "test $? = 0 && grep -q 'partial results: left out shard fahras_shard_1' '$tmp/partial.err'"
# the other shards' matches, with the scores of the whole search (the
# statistics came from every shard: only the documents were locked)
ids=$(awk '{print $3}' "$tmp/all.trec" | tr '\n' ',' | sed 's/,$//')
on "$FAHRAS_COORD_PORT" fahras "SELECT string_agg(x, ' ' ORDER BY x) FROM unnest(string_to_array('$ids', ',')) x
                                WHERE fahras_shard_of(x, 3) <> 1" >"$tmp/others"
expect=$(grep -wFf <(tr ' ' '\n' <"$tmp/others") "$tmp/all.trec" | awk '{print $3, $5}' | sort)
check "slow shard, --allow-partial: the other shards' matches, scored as in the whole search ($(echo "$expect" | wc -l))" \
    test "$(awk '{print $3, $5}' "$tmp/partial.trec" | sort)" = "$expect"
on "${SHARD_PORTS[1]}" postgres "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(120)%' AND pid <> pg_backend_pid()" >/dev/null
wait "$locker"
check "slow shard: once it answers, the next search is whole again" \
    sh -c "[ \"\$('$BIN' search '$C' '$Q' --format trec --limit 200)\" = \"\$(cat '$tmp/all.trec')\" ]"

# A shard that dies while it answers: named, not waited for; --allow-partial
# answers from the others with the whole search's scores.
psql -X -q -h 127.0.0.1 -p "${SHARD_PORTS[1]}" -U postgres -d fahras \
    -c "BEGIN; LOCK TABLE fahras_docs IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(120); COMMIT;" >/dev/null 2>&1 &
locker=$!
sleep 1
"$BIN" search "$C" "$Q" >/dev/null 2>"$tmp/died.err" &
s1=$!
"$BIN" search "$C" "$Q" --allow-partial --format trec --limit 200 >"$tmp/died.trec" 2>"$tmp/died-partial.err" &
s2=$!
# both searches are waiting on the shard's lock (not yet answered) when it dies
for _ in $(seq 1 100); do
    [ "$(on "${SHARD_PORTS[1]}" postgres "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'fahras' AND wait_event_type = 'Lock'")" = 2 ] && break
    sleep 0.1
done
scripts/pg-shards.sh stop-node "$rig" shard1
wait "$s1"
rc1=$?
wait "$s2"
rc2=$?
wait "$locker" 2>/dev/null
check "shard dies mid-query: exit 3, the error names it" \
    sh -c "test $rc1 = 3 && grep -q 'shard fahras_shard_1 (127.0.0.1:${SHARD_PORTS[1]}/fahras)' '$tmp/died.err'"
check "shard dies mid-query, --allow-partial: exit 0, the missing shard named" \
    sh -c "test $rc2 = 0 && grep -q 'partial results: left out shard fahras_shard_1' '$tmp/died-partial.err'"
check "shard dies mid-query, --allow-partial: the other shards' matches, scored as in the whole search" \
    test "$(awk '{print $3, $5}' "$tmp/died.trec" | sort)" = "$expect"
scripts/pg-shards.sh start-node "$rig" shard1
check "shard dies mid-query: started again, the search is whole again" \
    sh -c "[ \"\$('$BIN' search '$C' '$Q' --format trec --limit 200)\" = \"\$(cat '$tmp/all.trec')\" ]"

scripts/pg-shards.sh stop-node "$rig" shard2
"$BIN" search "$C" "$Q" >/dev/null 2>"$tmp/down.err"
check "stopped shard: exit 3, the error names it" \
    sh -c "test $? = 3 && grep -q 'shard fahras_shard_2 (127.0.0.1:${SHARD_PORTS[2]}/fahras)' '$tmp/down.err'"
"$BIN" search "$C" "$Q" --allow-partial --json >"$tmp/down.json" 2>/dev/null
check "stopped shard, --allow-partial --json: hits from the others, \"missing\" names it" \
    python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); sys.exit(not (j["hits"] and "fahras_shard_2" in (j["missing"] or "")))' "$tmp/down.json"
"$BIN" stats "$C" >/dev/null 2>"$tmp/down-stats.err"
check "stopped shard: stats fails naming it" grep -q "fahras_shard_2" "$tmp/down-stats.err"
scripts/pg-shards.sh start-node "$rig" shard2
check "stopped shard started again: the same answer as before" \
    sh -c "[ \"\$('$BIN' search '$C' '$Q' --format trec --limit 200)\" = \"\$(cat '$tmp/all.trec')\" ]"

# The HTTP API on the coordinator: allow_partial and missing.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$BIN" serve "$C" --port "$port" --threads 2 >"$tmp/serve.out" 2>&1 &
srv=$!
for _ in $(seq 1 100); do grep -q serving "$tmp/serve.out" && break; sleep 0.1; done
port1=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$BIN" serve "$ONE" --port "$port1" --threads 2 >"$tmp/serve1.out" 2>&1 &
srv1=$!
for _ in $(seq 1 100); do grep -q serving "$tmp/serve1.out" && break; sleep 0.1; done
same=1
for q in '%D8%A7%D9%84%D8%AA%D8%AD%D8%A7%D9%84%D9%81' '%D8%A7%D9%84%D8%AD%D9%85%D9%84%D8%A9+%D8%A7%D9%84%D8%A3%D9%85%D9%86%D9%8A%D8%A9&source=mix' \
         '%D8%AF%D8%A7%D8%B9%D8%B4&from=2021-01&to=2021-06&offset=5'; do
    a=$(curl -s "http://127.0.0.1:$port1/api/search?q=$q" | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["total"], j["facets"], [(h["id"], h["score"]) for h in j["hits"]])')
    b=$(curl -s "http://127.0.0.1:$port/api/search?q=$q" | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["total"], j["facets"], [(h["id"], h["score"]) for h in j["hits"]])')
    [ -n "$a" ] && [ "$a" = "$b" ] || { echo "  [$q] differs: ${a:0:300} / ${b:0:300}"; same=0; }
done
check "serve: the same total, facet counts and hits as one server (filters, offset)" test "$same" = 1
kill "$srv1" 2>/dev/null
wait "$srv1" 2>/dev/null
scripts/pg-shards.sh stop-node "$rig" shard0
code=$(curl -s -o "$tmp/api1.json" -w '%{http_code}' "http://127.0.0.1:$port/api/search?q=%D8%A7%D9%84%D8%AA%D8%AD%D8%A7%D9%84%D9%81")
check "serve: a stopped shard fails the search (HTTP $code, shard_unavailable) naming it" \
    sh -c "[ '$code' = 503 ] && grep -q 'shard fahras_shard_0 did not answer' '$tmp/api1.json'"
curl -s "http://127.0.0.1:$port/api/search?q=%D8%A7%D9%84%D8%AA%D8%AD%D8%A7%D9%84%D9%81&allow_partial=1" >"$tmp/api2.json"
check "serve: allow_partial=1 answers, \"missing\" names the shard" \
    python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); sys.exit(not (j["hits"] and "fahras_shard_0" in (j["missing"] or "")))' "$tmp/api2.json"
scripts/pg-shards.sh start-node "$rig" shard0
curl -s "http://127.0.0.1:$port/api/search?q=%D8%A7%D9%84%D8%AA%D8%AD%D8%A7%D9%84%D9%81" >"$tmp/api3.json"
check "serve: the shard back, the search is whole again" \
    python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); sys.exit(not (j["hits"] and j["missing"] is None))' "$tmp/api3.json"
kill "$srv" 2>/dev/null
wait "$srv" 2>/dev/null

# --- clusters, boilerplate and entities: as on one server --------------------
# Each document's records live on its shard; copies on other shards, a
# source's line counts and marks are read from every shard (shard_boiler.c).
js_ents='import json,sys; j=json.load(sys.stdin); print(j["total"], [(h["id"], h["score"]) for h in j["hits"]], j["entities"], j["timeline"])'
same=1 found=0
for args in "--entity ORG:داعش التحالف" "--entity ORG:قسد --limit 20 قسد" "--event-from 2021-04 --event-to 2021-04-30 الحملة" \
            "--entity ORG:قسد --event-from 2021 --limit 50 --offset 2 داعش" \
            "--entity ORG:داعش --limit 30" "--entity ORG:قسد --sort oldest --limit 5 --offset 3"; do
    # shellcheck disable=SC2086
    a=$("$BIN" search "$ONE" --json $args 2>&1 | python3 -c "$js_ents" 2>&1)
    # shellcheck disable=SC2086
    b=$("$BIN" search "$C" --json $args 2>&1 | python3 -c "$js_ents" 2>&1)
    [ -n "$a" ] && [ "$a" = "$b" ] || { echo "  [$args] differs: ${a:0:300} / ${b:0:300}"; same=0; }
    [ "${a%% *}" != 0 ] && found=$((found + 1))
done
check "entity and event-date filters (the last two without words), entity facets and timeline: the same as one server ($found of 6 queries match some)" \
    test "$same" = 1 -a "$found" -ge 5

# The checks of every store, each on a layout of its own over the 3 shards.
F=$BIN T=$tmp PY=python3
layout() { # layout NAME: a new sharded store (database NAME everywhere); its coordinator's URL
    local p
    for p in "$FAHRAS_COORD_PORT" "${SHARD_PORTS[@]}"; do on "$p" postgres "CREATE DATABASE $1" >/dev/null; done
    # shellcheck disable=SC2086
    "$BIN" shard-init "${C%/fahras}/$1" $(echo "$FAHRAS_SHARD_URLS" | sed "s#/fahras#/$1#g") 2>/dev/null
    echo "${C%/fahras}/$1"
}
dups_db() { layout "$1"; }
boiler_db() { layout "$1"; }
boiler_body() { on "$FAHRAS_COORD_PORT" "${1##*/}" "SELECT body FROM fahras_docs WHERE id = '$2'"; }
. tests/dups_check.sh
. tests/boiler_check.sh
dups_tests
check "dups: the story's copies are on different shards (a cluster across shards)" \
    test "$(on "$FAHRAS_COORD_PORT" dups "SELECT count(DISTINCT fahras_shard_of(id, 3)) FROM fahras_docs WHERE id IN ('orig', 'copy-diacritics', 'copy-exact')")" -ge 2
# a story and its copy, each alone on its shard: one cluster of two
P=$(layout pair)
read -r p1 p2 <<<"$(on "$FAHRAS_COORD_PORT" pair "SELECT a, b FROM (VALUES ('pair-1'), ('pair-2'), ('pair-3'), ('pair-4')) x(a),
    (VALUES ('copy-1'), ('copy-2'), ('copy-3'), ('copy-4')) y(b) WHERE fahras_shard_of(a, 3) <> fahras_shard_of(b, 3) LIMIT 1" | tr '|' ' ')"
python3 - "$tmp/pair.jsonl" "$p1" "$p2" <<'EOF'
import json, sys
body = ("أعلن التحالف الدولي بقيادة الولايات المتحدة مقتل قيادي بارز في تنظيم داعش خلال غارة جوية استهدفت سيارته قرب البوكمال شرق سوريا مساء الإثنين\n"
        "وأوضح بيان للتحالف أن العملية جرت بالتنسيق مع قوات سوريا الديمقراطية وأنه لم يصب أي مدني في الغارة")
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for i, s in ((sys.argv[2], "المشرق"), (sys.argv[3], "الفرات")):
        f.write(json.dumps(dict(id=i, title="مقتل قيادي في داعش", body=body, source=s), ensure_ascii=False) + "\n")
EOF
"$BIN" index -q "$P" "$tmp/pair.jsonl" 2>/dev/null
pair_ids='import json,sys; print(" ".join(" ".join(sorted(d["id"] for d in json.loads(l)["documents"])) for l in sys.stdin))'
check "dups: a story and its copy on two shards are one cluster of two (fahras dups, stats)" \
    sh -c "[ \"\$('$BIN' dups --json '$P' | python3 -c '$pair_ids')\" = '$p2 $p1' ] &&
           '$BIN' stats '$P' | grep -q 'near-duplicates   1 clusters of 2 documents'"
dups_demo_tests
boiler_tests
boiler_entity_tests
dateline_entity_tests
boiler_thirty_tests
# --jobs 3: writers of different shards take turns with their batches
# (clusters and marks reach every shard): the same clusters and lines
J=$(layout jobs)
cat demo/articles.jsonl "$tmp/bp30.jsonl" >"$tmp/jobs.jsonl"
"$BIN" index -q --jobs 3 --batch 7 "$J" "$tmp/jobs.jsonl" demo/txt 2>"$tmp/jobs.err"
check "--jobs 3 with clusters and boilerplate: exit 0" test $? = 0
R=$(layout jobsref)
"$BIN" index -q "$R" "$tmp/jobs.jsonl" demo/txt 2>/dev/null
on "$FAHRAS_COORD_PORT" postgres "CREATE DATABASE records"
R1=${C%/fahras}/records
"$BIN" index -q "$R1" "$tmp/jobs.jsonl" demo/txt 2>/dev/null
# (a cluster is named by the document that began it: the writers' order)
members='import json,sys; print(sorted(sorted(d["id"] for d in json.loads(l)["documents"]) for l in sys.stdin))'
check "--jobs 3 with clusters and boilerplate: the same clusters and lines as one writer" \
    sh -c "[ \"\$('$BIN' dups --json '$J' | python3 -c '$members')\" = \"\$('$BIN' dups --json '$R' | python3 -c '$members')\" ] &&
           [ \"\$('$BIN' stats --boilerplate '$J')\" = \"\$('$BIN' stats --boilerplate '$R')\" ] &&
           [ -n \"\$('$BIN' stats --boilerplate '$J')\" ]"
check "clusters and boilerplate lines: the same as one server holding the same articles" \
    sh -c "[ \"\$('$BIN' dups --json '$R' | python3 -c '$members')\" = \"\$('$BIN' dups --json '$R1' | python3 -c '$members')\" ] &&
           [ \"\$('$BIN' stats --boilerplate '$R')\" = \"\$('$BIN' stats --boilerplate '$R1')\" ]"
js_records='import json,sys; j=json.load(sys.stdin); print(j["total"], [(h["id"], h["score"], [d["id"] for d in (h["duplicates"] or {}).get("documents", [])]) for h in j["hits"]])'
check "search: the same collapsed results, scores and footers left out as one server" \
    sh -c "for q in 'التحالف الدولي ضد داعش' 'صندوق بريدك' 'للمشكلة'; do
             [ \"\$('$BIN' search '$R' --json \"\$q\" | python3 -c '$js_records')\" = \"\$('$BIN' search '$R1' --json \"\$q\" | python3 -c '$js_records')\" ] || exit 1
           done"

# --- faults while indexing ---------------------------------------------------
for p in "$FAHRAS_COORD_PORT" "${SHARD_PORTS[@]}"; do on "$p" postgres "CREATE DATABASE k"; done
K=${C%/fahras}/k
KS=$(echo "$FAHRAS_SHARD_URLS" | sed 's#/fahras#/k#g')
# shellcheck disable=SC2086
"$BIN" shard-init "$K" $KS 2>/dev/null
python3 - "$tmp/many.jsonl" <<'EOF'
import json, random, sys
random.seed(5)
words = "التحالف الدولي قوات سوريا الديمقراطية حملة دهم ريف دير الزور مخيم الهول الرقة عملية أمنية داعش خلايا".split()
with open(sys.argv[1], "w") as f:
    for i in range(4000):
        body = " ".join(random.choice(words) for _ in range(random.randint(20, 200)))
        f.write(json.dumps({"id": "k%d" % i, "title": random.choice(words), "body": body}, ensure_ascii=False) + "\n")
EOF
total_k() { on "$FAHRAS_COORD_PORT" k "SELECT count(*) FROM fahras_docs"; }

# A shard dies during the import: its uncommitted documents are reported.
# Once a batch is in, the shard's table is locked, so that the import is
# writing to it, waiting, when it stops.
"$BIN" index -q --batch 100 "$K" "$tmp/many.jsonl" 2>"$tmp/die.err" &
pid=$!
for _ in $(seq 1 200); do
    [ "$(total_k 2>/dev/null || echo 0)" -gt 0 ] && break
    sleep 0.05
done
psql -X -q -h 127.0.0.1 -p "${SHARD_PORTS[1]}" -U postgres -d k \
    -c "BEGIN; LOCK TABLE fahras_docs IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(120); COMMIT;" >/dev/null 2>&1 &
locker=$!
for _ in $(seq 1 200); do
    [ "$(on "${SHARD_PORTS[1]}" postgres "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'fahras' AND wait_event_type = 'Lock'")" != 0 ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
done
scripts/pg-shards.sh stop-node "$rig" shard1
wait "$pid"
rc=$?
wait "$locker" 2>/dev/null
if grep -q "stopped early" "$tmp/die.err"; then
    check "shard dies mid-index: exit 3" test "$rc" = 3
    check "shard dies mid-index: the shard and the documents not stored are named" \
        grep -qE "shard fahras_shard_1 .*(not stored|unavailable)" "$tmp/die.err"
else
    skip "shard dies mid-index: the import finished before the shard stopped (a fast machine)"
fi
scripts/pg-shards.sh start-node "$rig" shard1
check "shard dies mid-index: what the other shards committed stays, statistics agree" test "$(recount k)" = "0 0 0 "
"$BIN" index -q --batch 200 "$K" "$tmp/many.jsonl" 2>/dev/null
check "shard dies mid-index: a rerun completes the job (4000 documents)" test "$(total_k)" = 4000

# kill -9 in the middle of a --jobs 3 import; a rerun completes it.
for p in "$FAHRAS_COORD_PORT" "${SHARD_PORTS[@]}"; do on "$p" postgres "DROP DATABASE k" ; on "$p" postgres "CREATE DATABASE k"; done
# shellcheck disable=SC2086
"$BIN" shard-init "$K" $KS 2>/dev/null
"$BIN" index -q --jobs 3 --batch 100 "$K" "$tmp/many.jsonl" 2>/dev/null &
pid=$!
for _ in $(seq 1 200); do
    [ "$(total_k 2>/dev/null || echo 0)" -gt 0 ] && break
    sleep 0.05
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
sleep 0.5
# this run's processes only: another test run on the machine imports with
# the same options
check "kill -9 of a --jobs 3 import: its writers are gone too" \
    sh -c "! pgrep -f '[f]ahras index -q --jobs 3 --batch 100 .*$tmp/many' >/dev/null"
left=$(total_k)
check "kill -9 mid-index: whole documents only, statistics agree on every shard ($left stored)" test "$(recount k)" = "0 0 0 "
"$BIN" index -q --jobs 3 "$K" "$tmp/many.jsonl" 2>"$tmp/rerun.err"
check "kill -9 mid-index: a rerun with --jobs 3 completes the exact set" \
    test "$(on "$FAHRAS_COORD_PORT" k "SELECT count(*) || ' ' || count(DISTINCT id) || ' ' || min(substr(id, 2)::int) || ' ' || max(substr(id, 2)::int) FROM fahras_docs")" = "4000 4000 0 3999"
check "--jobs 3: the counts add up (every document indexed or unchanged once)" \
    grep -qE "^fahras index: $((4000 - left)) indexed, $left unchanged, 0 duplicates, 0 skipped, 0 failed" "$tmp/rerun.err"
check "--jobs 3: statistics agree on every shard" test "$(recount k)" = "0 0 0 "

# --- the coordinator restarts: nothing lost ----------------------------------
before=$("$BIN" search "$C" --batch tests/pg/parity_queries.tsv --format trec --limit 20)
scripts/pg-shards.sh stop-node "$rig" coordinator
"$BIN" search "$C" "$Q" >/dev/null 2>"$tmp/coord.err"
check "coordinator down: a clear error" grep -q "cannot connect" "$tmp/coord.err"
scripts/pg-shards.sh start-node "$rig" coordinator
check "coordinator restarted: the same answers, every document" \
    sh -c "[ \"\$('$BIN' search '$C' --batch tests/pg/parity_queries.tsv --format trec --limit 20)\" = \"\$1\" ] && [ \"\$(psql -X -At -h 127.0.0.1 -p $FAHRAS_COORD_PORT -U postgres -d k -c 'SELECT count(*) FROM fahras_docs')\" = 4000 ]" _ "$before"

# --- bad input through the coordinator: as one server answers it -------------
python3 - "$tmp/hostile.jsonl" <<'EOF'
import json, sys
ids = ['a"b', 'back\\slash', '{brace,comma}', 'مع مسافة', "it's", 'x' * 300, 'NULL', '%s$1']
with open(sys.argv[1], "wb") as f:
    for i, d in enumerate(ids):
        rec = {"id": d, "title": "بيان رقم %d" % i, "body": "التحالف الدولي يعلن نتائج الحملة الأمنية في البيان %d" % i,
               "date": ["2021-04-14", "14/04/2021", "yesterday-ish", ""][i % 4], "source": d}
        f.write(json.dumps(rec, ensure_ascii=False).encode() + b"\n")
    f.write(b'{"id": "broken", "body": "\xd8\xa7\xff\xfe"}\n')         # invalid UTF-8
    f.write(b'{"id": "cut", "body": "\xd8\xa7\xd9\n')                     # malformed JSON
    f.write(b'{"id": "nobody", "title": "\xd8\xa7"}\n')                   # no body
    f.write(b'{"id": 7, "body": "' + "الدولي ".encode() * 20000 + b'"}\n')  # a long record
EOF
# shellcheck disable=SC2086
"$BIN" index -q $NR "$ONE" "$tmp/hostile.jsonl" 2>&1 | sed -e "s#$ONE#DB#g" -e 's/ ([0-9.]* s)$//' >"$tmp/h.one"
# shellcheck disable=SC2086
"$BIN" index -q $NR "$C" "$tmp/hostile.jsonl" 2>&1 | sed -e "s#$C#DB#g" -e 's/ ([0-9.]* s)$//' >"$tmp/h.sharded"
check "bad records through the coordinator: reported (line, place) and counted as on one server" \
    sh -c "cmp -s '$tmp/h.one' '$tmp/h.sharded' && grep -q 'hostile.jsonl:9' '$tmp/h.sharded'"
cmp -s "$tmp/h.one" "$tmp/h.sharded" || diff "$tmp/h.one" "$tmp/h.sharded" | head -n 10
hq='التحالف الدولي يعلن'
js='import json,sys; j=json.load(sys.stdin); print(j["total"], [(h["id"], h["score"], h["snippet"]) for h in j["hits"]])'
check "ids with quotes, backslashes, braces, spaces: the same hits, scores and snippets as one server" \
    test "$("$BIN" search "$ONE" --json --limit 50 "$hq" | python3 -c "$js")" = \
         "$("$BIN" search "$C" --json --limit 50 "$hq" | python3 -c "$js")"
same=1
long=$(python3 -c 'print(" ".join(["التحالف", "OR", "الدولي"] * 400))')
for q in $'\xd8\xa7\xff\xfe' '"' '"التحالف' '((' 'التحالف AND' '-' '*' "$long" "$(printf 'ا%.0s' $(seq 1 3000))" 'من في على'; do
    a=$("$BIN" search "$ONE" --limit 20 --format trec -- "$q" 2>&1 | sed "s#$ONE#DB#g"; echo "rc=$?")
    b=$("$BIN" search "$C" --limit 20 --format trec -- "$q" 2>&1 | sed "s#$C#DB#g"; echo "rc=$?")
    [ "$a" = "$b" ] || { echo "  query [${q:0:40}] differs: ${a:0:200} / ${b:0:200}"; same=0; }
done
check "hostile queries (invalid UTF-8, unbalanced quotes, 1,200 words, one 6 KB word): the same answer or error as one server" \
    test "$same" = 1
"$BIN" search "$C" --offset -1 'التحالف' >/dev/null 2>&1
check "bad options through the coordinator: a usage error (exit 2)" test $? = 2

# --- adding a shard: a new layout of 4, loaded from the old one's documents --
# (README, Running on many machines: the documents are read back through the
# coordinator's partitioned fahras_docs and indexed into the new layout.)
for p in "$FAHRAS_COORD_PORT" "${SHARD_PORTS[@]}"; do on "$p" postgres "CREATE DATABASE g"; done
on "${SHARD_PORTS[0]}" postgres "CREATE DATABASE g2"
G=${C%/fahras}/g
first=${FAHRAS_SHARD_URLS%% *}
GS="$(echo "$FAHRAS_SHARD_URLS" | sed 's#/fahras#/g#g') ${first%/fahras}/g2"
# shellcheck disable=SC2086
"$BIN" shard-init "$G" $GS 2>"$tmp/g.err"
check "a layout of 4 shards (two on one server)" grep -q "created a layout of 4 shards" "$tmp/g.err"
psql -X -q -At -d "$C" -f scripts/pg-shards-export.sql >"$tmp/export.jsonl"
# shellcheck disable=SC2086
"$BIN" index -q $NR --jobs 4 "$G" "$tmp/export.jsonl" 2>"$tmp/g-index.err"
check "4 shards: every document of the 3, once" \
    test "$(on "$FAHRAS_COORD_PORT" g "SELECT count(*) || ' ' || count(DISTINCT id) FROM fahras_docs")" = \
         "$(on "$FAHRAS_COORD_PORT" fahras "SELECT count(*) || ' ' || count(DISTINCT id) FROM fahras_docs")"
check "4 shards: the same documents, field for field" \
    test "$(on "$FAHRAS_COORD_PORT" g "SELECT md5(string_agg(concat_ws('|', id, title, body, date, source, category, url, extra::jsonb::text), '/' ORDER BY id)) FROM fahras_docs")" = \
         "$(on "$FAHRAS_COORD_PORT" fahras "SELECT md5(string_agg(concat_ws('|', id, title, body, date, source, category, url, extra::jsonb::text), '/' ORDER BY id)) FROM fahras_docs")"
check "4 shards: every document on the shard of its id's hash" \
    test "$(on "$FAHRAS_COORD_PORT" g "SELECT count(*) FROM fahras_docs WHERE tableoid::regclass::text <> 'fahras_docs_' || fahras_shard_of(id, 4)")" = 0
"$BIN" search "$G" --batch tests/pg/parity_queries.tsv --format trec --limit 20 >"$tmp/p.g" 2>&1
"$BIN" search "$C" --batch tests/pg/parity_queries.tsv --format trec --limit 20 >"$tmp/p.c" 2>&1
check "4 shards: the same top 10 and scores as the 3" python3 tests/pg/parity.py "$tmp/p.c" "$tmp/p.g" tests/pg/parity_queries.tsv

# --- ties under a database collation that is not byte order ------------------
icu="TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'"
if on "$FAHRAS_COORD_PORT" postgres "CREATE DATABASE icu1 $icu" >/dev/null 2>&1; then
    for p in "$FAHRAS_COORD_PORT" "${SHARD_PORTS[@]}"; do on "$p" postgres "CREATE DATABASE icu $icu"; done
    I1=${C%/fahras}/icu1
    IS=${C%/fahras}/icu
    # shellcheck disable=SC2086
    "$BIN" shard-init "$IS" $(echo "$FAHRAS_SHARD_URLS" | sed 's#/fahras#/icu#g') 2>/dev/null
    python3 - "$tmp/ties.jsonl" "$tmp/ties.expect" <<'EOF'
import json, sys
ids = ["Zeta", "alpha", "Beta", "_u", "a-b", "ab", "A", "b", "B2", "a b", "Ä", "z", "10", "9", "é", "E"]
ids += ["t%02d" % i for i in range(20)] + ["T%02d" % i for i in range(20)]
with open(sys.argv[1], "w") as f:
    for d in ids:
        f.write(json.dumps({"id": d, "body": "التحالف الدولي يعلن"}, ensure_ascii=False) + "\n")
open(sys.argv[2], "w").write(" ".join(sorted(ids)[:20]) + "\n")
EOF
    "$BIN" index -q "$I1" "$tmp/ties.jsonl" 2>/dev/null
    "$BIN" index -q "$IS" "$tmp/ties.jsonl" 2>/dev/null
    page_ids() { "$BIN" search "$1" --limit 10 --offset "$2" --format trec 'التحالف الدولي' | awk '{print $3}' | tr '\n' ' '; }
    for u in "$I1" "$IS"; do echo "$(page_ids "$u" 0)$(page_ids "$u" 10)" | sed 's/ $//'; done >"$tmp/ties.got"
    check "equal scores under an ICU collation: ties in the ids' byte order, on one server and on shards, page by page" \
        test "$(cat "$tmp/ties.got")" = "$(cat "$tmp/ties.expect" "$tmp/ties.expect")"
else
    skip "ties under an ICU collation: this PostgreSQL has no ICU"
fi

summary
