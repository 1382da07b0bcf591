#!/bin/bash
# scripts/pg-shards.sh - a throwaway sharded PostgreSQL rig: N shard servers
# and a coordinator, each a cluster of scripts/pg-cluster.sh (this tree's
# extension, 127.0.0.1 only, a free port, trust authentication).
#
#   scripts/pg-shards.sh start DIR N      start N shards and a coordinator; writes DIR/env:
#                                           FAHRAS_COORD_URL   the coordinator's database
#                                           FAHRAS_SHARD_URLS  the shards' databases (space-separated)
#                                           FAHRAS_SHARD_PORTS their ports; FAHRAS_COORD_PORT
#                                         (database "fahras" on each; the layout is
#                                         made by `fahras shard-init`, not here)
#   scripts/pg-shards.sh stop DIR         stop every server and remove DIR
#   scripts/pg-shards.sh stop-node DIR NODE    stop one server (NODE: coordinator, shard0, ...)
#   scripts/pg-shards.sh start-node DIR NODE   start it again, on the same port
#
# Exit status 0 ok, 1 failure, 77 PostgreSQL cannot be had here.
set -eu
here=$(cd "$(dirname "$0")" && pwd)

die() { echo "pg-shards: $*" >&2; exit 1; }
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

node_env() { # node_env DIR NODE VAR
    sed -n "s/^export .*\b$3=\([^ ]*\).*/\1/p" "$1/$2/env" | head -n 1
}

cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || die "usage: $0 start DIR N | stop DIR | stop-node DIR NODE | start-node DIR NODE"

case "$cmd" in
start)
    n=${3:-}
    [ -n "$n" ] && [ "$n" -ge 1 ] 2>/dev/null || die "start DIR N: N shards, at least 1"
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [ "$(id -u)" = 0 ] && chmod 755 "$dir"
    urls="" ports=""
    for node in coordinator $(seq -f 'shard%g' 0 $((n - 1))); do
        rc=0
        # one initdb and one install: the shards start from the coordinator's copies
        if [ "$node" = coordinator ]; then
            FAHRAS_PG_TEMPLATE=1 "$here/pg-cluster.sh" start "$dir/$node" || rc=$?
        else
            FAHRAS_PG_FROM=$dir/coordinator "$here/pg-cluster.sh" start "$dir/$node" || rc=$?
        fi
        if [ $rc != 0 ]; then
            "$0" stop "$dir" 2>/dev/null || true
            exit $rc
        fi
        port=$(node_env "$dir" "$node" PGPORT)
        "$(node_env "$dir" "$node" FAHRAS_PG_BINDIR)/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres \
            -d postgres -c "CREATE DATABASE fahras" >/dev/null
        url=postgresql://postgres@127.0.0.1:$port/fahras
        if [ "$node" = coordinator ]; then
            coord=$url coord_port=$port
        else
            urls="$urls${urls:+ }$url" ports="$ports${ports:+ }$port"
        fi
    done
    cat >"$dir/env" <<EOT
export FAHRAS_COORD_URL=$coord FAHRAS_COORD_PORT=$coord_port
export FAHRAS_SHARD_URLS="$urls"
export FAHRAS_SHARD_PORTS="$ports"
EOT
    echo "pg-shards: coordinator on port $coord_port, $n shards on ports $ports" >&2
    ;;
stop)
    [ -d "$dir" ] || exit 0
    for node in "$dir"/shard* "$dir"/coordinator; do # the coordinator's installation last
        [ -d "$node" ] && "$here/pg-cluster.sh" stop "$node"
    done
    rm -rf "$dir"
    ;;
stop-node)
    node=${3:?NODE}
    as_owner "$(node_env "$dir" "$node" FAHRAS_PG_BINDIR)/pg_ctl" -D "$dir/$node/data" -m immediate -w stop >/dev/null
    ;;
start-node)
    node=${3:?NODE}
    port=$(node_env "$dir" "$node" PGPORT)
    as_owner "$(node_env "$dir" "$node" FAHRAS_PG_BINDIR)/pg_ctl" -D "$dir/$node/data" -l "$dir/$node/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir/$node -c fsync=off -c max_connections=30" \
        start >/dev/null
    ;;
*)
    die "unknown command '$cmd'"
    ;;
esac
