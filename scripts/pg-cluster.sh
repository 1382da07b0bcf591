#!/bin/bash
# pg-cluster.sh - a throwaway PostgreSQL cluster for tests and benchmarks.
#
#   scripts/pg-cluster.sh start DIR   initdb in DIR/data, listen on 127.0.0.1
#                                     only, on a free port; writes DIR/env
#                                     (PGHOST, PGPORT, PGUSER, FAHRAS_PG_URL)
#   scripts/pg-cluster.sh stop DIR    stop the server and remove DIR
#   scripts/pg-cluster.sh pause DIR   stop the server, keep DIR (tests of
#                                     a server going away)
#   scripts/pg-cluster.sh resume DIR  start it again, on the same port
#
# The server runs from a private copy of the system PostgreSQL in DIR/root
# (its three programs copied, everything else linked) holding this tree's
# fahras extension (make pg-install DESTDIR=DIR/root; BUILD from the
# environment), so a cluster never depends on, nor changes, what is
# installed system-wide, and checkouts side by side do not disturb each
# other.  PostgreSQL finds its share and lib directories relative to its
# own program, hence the copies.
#
# PostgreSQL refuses to run as root, and CI runs as root: then the cluster
# runs as the `postgres` system user (created by the Debian package), and
# DIR is handed to it.  Authentication is `trust`, which is safe only
# because the server listens on loopback and a private socket directory.
# FAHRAS_PG_TEMPLATE=1 keeps a copy of the new, empty cluster in
# DIR/template; FAHRAS_PG_FROM=OTHER_DIR starts a cluster from OTHER_DIR's
# template and installation (no initdb, no install: a rig of several
# servers starts in seconds; OTHER_DIR must be stopped last).
# Exit status 0 ok, 1 failure, 77 PostgreSQL cannot be had here.
set -eu

die() { echo "pg-cluster: $*" >&2; exit 1; }
skip() { echo "pg-cluster: $*" >&2; exit 77; }

find_bindir() {
    local d
    for d in "$(pg_config --bindir 2>/dev/null || true)" /usr/lib/postgresql/15/bin; do
        [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
    done
    return 1
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Run a command as the cluster's owner.
as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# DIR/root: the system installation, linked, with this tree's extension.
make_root() {
    local bindir=$1 root=$dir/root pkglib share f
    pkglib=$(pg_config --pkglibdir)
    share=$(pg_config --sharedir)
    mkdir -p "$root$bindir" "$root$pkglib" "$root$share/extension"
    for f in postgres pg_ctl initdb; do cp "$bindir/$f" "$root$bindir/"; done
    for f in "$bindir"/*; do [ -e "$root$bindir/${f##*/}" ] || ln -s "$f" "$root$bindir/"; done
    for f in "$pkglib"/*; do
        case ${f##*/} in fahras*) ;; *) ln -s "$f" "$root$pkglib/" ;; esac
    done
    for f in "$share"/*; do [ "${f##*/}" = extension ] || ln -s "$f" "$root$share/"; done
    for f in "$share"/extension/*; do
        case ${f##*/} in fahras*) ;; *) ln -s "$f" "$root$share/extension/" ;; esac
    done
    # PGXS reads DOCS as the documentation files to install: a benchmark's
    # DOCS (its number of articles) must not reach it
    (cd "$(dirname "$0")/.." && env -u DOCS make -s BUILD="${BUILD:-build}" pg-install DESTDIR="$root") \
        >"$dir/install.log" 2>&1 || { tail -n 20 "$dir/install.log" >&2; die "make pg-install failed"; }
    echo "$root$bindir"
}

# Start the server of DIR/data on port $1 (start and resume).
pg_start() {
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -c port=$1 -c unix_socket_directories=$dir -c fsync=off -c max_connections=30" \
        start >/dev/null 2>&1
}

cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || die "usage: $0 start|stop|pause|resume DIR"

case "$cmd" in
start)
    bindir=$(find_bindir) || skip "no initdb/pg_ctl (install postgresql-15)"
    if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
        skip "running as root and there is no 'postgres' user to run the server"
    fi
    command -v pg_config >/dev/null 2>&1 || export PATH=$bindir:$PATH
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [ -e "$dir/data" ] && die "$dir/data already exists"
    if [ -n "${FAHRAS_PG_FROM:-}" ]; then
        bindir=$(sed -n 's/^export FAHRAS_PG_BINDIR=//p' "$FAHRAS_PG_FROM/env")
        [ -x "$bindir/pg_ctl" ] && [ -d "$FAHRAS_PG_FROM/template" ] || die "$FAHRAS_PG_FROM: no template"
        [ "$(id -u)" = 0 ] && chown postgres: "$dir"
        chmod 700 "$dir"
        cp -a "$FAHRAS_PG_FROM/template" "$dir/data"
    else
        bindir=$(make_root "$bindir") || exit 1
        [ "$(id -u)" = 0 ] && chown postgres: "$dir"
        chmod 700 "$dir"
        as_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale \
            >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
        [ -z "${FAHRAS_PG_TEMPLATE:-}" ] || cp -a "$dir/data" "$dir/template"
    fi
    for attempt in 1 2 3 4 5; do
        port=$(free_port)
        if pg_start "$port"; then
            cat >"$dir/env" <<EOF
export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres PGDATABASE=postgres
export FAHRAS_PG_BINDIR=$bindir
export FAHRAS_PG_URL=postgresql://postgres@127.0.0.1:$port/postgres
EOF
            echo "pg-cluster: running on 127.0.0.1:$port (data in $dir/data)" >&2
            exit 0
        fi
        echo "pg-cluster: start on port $port failed (attempt $attempt)" >&2
    done
    tail -n 20 "$dir/server.log" >&2 || true
    die "could not start the server"
    ;;
pause|resume)
    [ -f "$dir/env" ] || die "$dir: no cluster"
    dir=$(cd "$dir" && pwd)
    bindir=$(sed -n 's/^export FAHRAS_PG_BINDIR=//p' "$dir/env")
    port=$(sed -n 's/.* PGPORT=\([0-9]*\).*/\1/p' "$dir/env")
    if [ "$cmd" = pause ]; then
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || die "pg_ctl stop failed"
    else
        pg_start "$port" || { tail -n 5 "$dir/server.log" >&2; die "pg_ctl start failed"; }
    fi
    ;;
stop)
    [ -d "$dir" ] || exit 0
    bindir=$(sed -n 's/^export FAHRAS_PG_BINDIR=//p' "$dir/env" 2>/dev/null || true)
    [ -n "$bindir" ] || bindir=$(find_bindir) || true
    if [ -n "${bindir:-}" ] && [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
*)
    die "unknown command '$cmd' (start|stop|pause|resume)"
    ;;
esac
