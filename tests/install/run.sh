#!/bin/bash
# tests/install/run.sh - `make install` as a new user meets it: installs
# into a temporary PREFIX, compiles the README's library example (taken
# from README.md, so the README cannot drift) with the installed header,
# library and pkg-config file, runs it without ldconfig or
# LD_LIBRARY_PATH and compares its output with the README's; loads the
# installed SQLite extension; runs the installed `fahras serve` from
# outside the checkout (fetches / and /api/search); `make uninstall`
# leaves nothing behind.  As root, and unless FAHRAS_TEST_SYSTEM_INSTALL=0,
# does the same in /usr/local as a fresh machine would (ldconfig, the
# default pkg-config path), when /usr/local holds no fahras install already.
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
BUILD=${BUILD:-build}
HERE=tests/install
. tests/lib.sh

if [ ! -x "$BUILD/fahras" ] || [ ! -f "$BUILD/libfahras.so" ]; then
    fail "build first (make)"
    summary
fi
for tool in cc pkg-config; do
    if ! command -v $tool >/dev/null; then fail "$tool is not installed"; summary; fi
done

TMP=$(mktemp -d)
SERVER_PID=""
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT

# The README's example and the output it shows.
python3 $HERE/readme_blocks.py README.md '### The library' c 0 >"$TMP/analyze.c" &&
    python3 $HERE/readme_blocks.py README.md '### The library' '' 0 >"$TMP/expected.txt"
check "README: the library section holds a C program and its output" test -s "$TMP/analyze.c" -a -s "$TMP/expected.txt"
check "README: the example is a complete program (has main)" grep -q '^int main' "$TMP/analyze.c"

# compile_and_run NAME PKG_CONFIG_PATH: build the example with pkg-config
# from outside the checkout and run it with a clean loader environment.
compile_and_run() {
    local name=$1 pcpath=$2 out
    out=$(cd "$TMP" && env PKG_CONFIG_PATH="$pcpath" sh -c \
        'cc -std=c11 -Wall -Wextra -Werror analyze.c $(pkg-config --cflags --libs fahras) -o analyze.'"$name" 2>&1)
    if [ $? != 0 ]; then fail "$name: the README example compiles" "$out"; return; fi
    ok "$name: the README example compiles with the installed header and pkg-config file"
    if ! ldd "$TMP/analyze.$name" | grep -q 'libfahras.so.0 => /'; then
        fail "$name: the example links libfahras.so" "$(ldd "$TMP/analyze.$name")"
    else
        ok "$name: the example links the shared libfahras.so.0"
    fi
    out=$(cd / && env -u LD_LIBRARY_PATH "$TMP/analyze.$name" 2>&1)
    if [ $? = 0 ] && [ "$out" = "$(cat "$TMP/expected.txt")" ]; then
        ok "$name: the example runs without ldconfig or LD_LIBRARY_PATH and prints what the README shows"
    else
        fail "$name: the example runs and prints what the README shows" "$out"
    fi
}

# serve_check NAME FAHRAS: index a few articles with the installed program
# and serve them from a directory outside the checkout, without --web.
serve_check() {
    local name=$1 fahras=$2 dir="$TMP/outside-$1"
    mkdir -p "$dir"
    cp tests/web/corpus.jsonl "$dir/news.jsonl"
    if ! (cd "$dir" && env -u FAHRAS_WEB_DIR "$fahras" index news.db news.jsonl --no-dups >index.log 2>&1); then
        fail "$name: the installed fahras indexes" "$(cat "$dir/index.log")"; return
    fi
    (cd "$dir" && exec env -u FAHRAS_WEB_DIR "$fahras" serve news.db --port 0 >serve.out 2>serve.err) &
    SERVER_PID=$!
    local url=""
    for _ in $(seq 100); do
        url=$(grep -o 'http://[^ ]*' "$dir/serve.out" 2>/dev/null | head -n 1)
        [ -n "$url" ] && break
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.1
    done
    if [ -z "$url" ]; then
        fail "$name: the installed fahras serve starts outside the checkout" "$(cat "$dir/serve.err")"
        SERVER_PID=""; return
    fi
    ok "$name: the installed fahras serve starts outside the checkout"
    local page api
    page=$(curl -sf --max-time 10 "$url")
    if grep -q 'app.js' <<<"$page" && cmp -s <(printf '%s\n' "$page") <(cat web/public/index.html); then
        ok "$name: / serves the installed page"
    else
        fail "$name: / serves the installed page" "$(head -c 300 <<<"$page")"
    fi
    if curl -sf --max-time 10 "${url}app.js" | cmp -s - web/public/app.js; then
        ok "$name: /app.js is served"
    else
        fail "$name: /app.js is served"
    fi
    api=$(curl -sf --max-time 10 "${url}api/search?q=%D8%A7%D9%84%D8%AD%D9%83%D9%88%D9%85%D8%A9")
    if python3 -c 'import json,sys; d=json.loads(sys.argv[1]); sys.exit(0 if d["total"] > 0 and d["hits"] else 1)' "$api" 2>/dev/null; then
        ok "$name: /api/search answers with results"
    else
        fail "$name: /api/search answers with results" "$(head -c 300 <<<"$api")"
    fi
    kill "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
    SERVER_PID=""
}

# ext_check NAME PATH: the installed SQLite extension loads by its path.
ext_check() {
    local name=$1 ext=$2 py=/usr/bin/python3 out
    if ! $py -c 'import sqlite3; sqlite3.connect(":memory:").enable_load_extension' 2>/dev/null; then
        skip "$name: the SQLite extension loads (no $py with enable_load_extension)"; return
    fi
    out=$($py - "$ext" <<'PY' 2>&1
import sqlite3, sys
db = sqlite3.connect(":memory:")
db.enable_load_extension(True)
db.load_extension(sys.argv[1])
db.execute("CREATE VIRTUAL TABLE n USING fts5(body, tokenize='fahras')")
db.execute("INSERT INTO n VALUES ('أعلن التحالف الدولي')")
print(db.execute("SELECT count(*) FROM n WHERE n MATCH 'دولي'").fetchone()[0])
PY
)
    if [ "$out" = 1 ]; then ok "$name: the installed fahras_fts5.so loads and matches"
    else fail "$name: the installed fahras_fts5.so loads and matches" "$out"; fi
}

# --- a temporary PREFIX: the pkg-config file carries the rpath
P="$TMP/prefix"
if make -s install PREFIX="$P" >"$TMP/install.log" 2>&1; then
    ok "make install PREFIX=$P"
else
    fail "make install PREFIX=..." "$(cat "$TMP/install.log")"
    summary
fi
for f in bin/fahras include/fahras.h lib/libfahras.so.0 lib/libfahras.so lib/libfahras.a \
         lib/pkgconfig/fahras.pc lib/fahras/fahras_fts5.so share/fahras/web/public/index.html; do
    [ -e "$P/$f" ] || fail "installed: $f"
done
ok "installed: program, header, libraries, pkg-config file, extension, page"
check "fahras.pc of a prefix the loader does not search links with its rpath" \
    grep -q -- "-Wl,-rpath,\${libdir}" "$P/lib/pkgconfig/fahras.pc"
compile_and_run prefix "$P/lib/pkgconfig"
ext_check prefix "$P/lib/fahras/fahras_fts5"
serve_check prefix "$P/bin/fahras"
check "the installed fahras serve --help names the installed page's place" \
    sh -c "'$P/bin/fahras' serve --help | grep -q 'share/fahras/web'"
if make -s uninstall PREFIX="$P" >"$TMP/uninstall.log" 2>&1; then
    left=$(find "$P" -type f -o -type l)
    if [ -z "$left" ]; then ok "make uninstall removes every installed file"
    else fail "make uninstall removes every installed file" "$left"; fi
else
    fail "make uninstall" "$(cat "$TMP/uninstall.log")"
fi

# --- the README's commands, word for word: HOME is a temporary directory
# (the README installs into $HOME/.local), analyze.c in the current
# directory, make run on this checkout
mkdir -p "$TMP/home" "$TMP/asis"
cp "$TMP/analyze.c" "$TMP/asis/"
python3 $HERE/readme_blocks.py README.md '### The library' sh 0 >"$TMP/asis.sh"
out=$(cd "$TMP/asis" && env -u LD_LIBRARY_PATH -u PKG_CONFIG_PATH HOME="$TMP/home" ROOT="$ROOT" \
      bash -c 'make() { command make -s -C "$ROOT" "$@" >/dev/null; }; set -e; . ./../asis.sh' 2>&1)
if [ $? = 0 ] && [ "$out" = "$(cat "$TMP/expected.txt")" ]; then
    ok "the README's commands (make install PREFIX=\$HOME/.local, pkg-config, cc, ./analyze) print what it shows"
else
    fail "the README's commands print what it shows" "$out"
fi
make -s uninstall PREFIX="$TMP/home/.local" >/dev/null 2>&1

# --- /usr/local as on a fresh machine: ldconfig, no rpath, default paths
SYS=/usr/local
if [ "$(id -u)" != 0 ] || [ "${FAHRAS_TEST_SYSTEM_INSTALL:-1}" = 0 ]; then
    skip "install into $SYS (needs root; FAHRAS_TEST_SYSTEM_INSTALL=0 turns it off)"
elif [ -e $SYS/lib/libfahras.so.0 ] || [ -e $SYS/bin/fahras ] || [ -e $SYS/include/fahras.h ]; then
    skip "install into $SYS: $SYS already holds a fahras install, left alone"
else
    # one system install at a time (other checkouts may run this suite)
    exec 9>/tmp/fahras-system-install.lock
    flock 9
    if make -s install PREFIX=$SYS >"$TMP/sys.log" 2>&1; then
        ok "make install PREFIX=$SYS"
        if grep -q -- '-rpath' $SYS/lib/pkgconfig/fahras.pc; then
            fail "fahras.pc in $SYS needs no rpath (the loader searches $SYS/lib)"
        else
            ok "fahras.pc in $SYS links without an rpath"
        fi
        check "ldconfig ran: the loader's cache lists libfahras.so.0" \
            sh -c "ldconfig -p | grep -q 'libfahras.so.0 .*=> $SYS/lib/libfahras.so.0'"
        compile_and_run system ""
        ext_check system "$SYS/lib/fahras/fahras_fts5"
        serve_check system "$SYS/bin/fahras"
    else
        fail "make install PREFIX=$SYS" "$(cat "$TMP/sys.log")"
    fi
    make -s uninstall PREFIX=$SYS >/dev/null 2>&1
    left=$(ls -d $SYS/bin/fahras $SYS/include/fahras.h $SYS/lib/libfahras* $SYS/lib/pkgconfig/fahras.pc \
           $SYS/lib/fahras $SYS/share/fahras 2>/dev/null)
    if [ -z "$left" ]; then ok "make uninstall PREFIX=$SYS removes every installed file"
    else fail "make uninstall PREFIX=$SYS removes every installed file" "$left"; fi
    if ldconfig -p | grep -q libfahras; then fail "after uninstall the loader's cache still lists libfahras"
    else ok "after uninstall the loader's cache no longer lists libfahras"; fi
    flock -u 9
fi

summary
