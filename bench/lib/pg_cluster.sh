# bench/lib/pg_cluster.sh - sourced (from the checkout's root) by the
# PostgreSQL benchmarks: a throwaway cluster (scripts/pg-cluster.sh) and a
# work directory, both removed at exit (KEEP=1 keeps the work files), or
# the calling script said skipped and exited 0 where PostgreSQL cannot be
# had.  Sets work, cluster, the cluster's env (PGHOST, PGPORT, ...), PSQL
# and PG_URL (the server's URL, a database's name to append).  A script
# with more to undo at exit defines bench_cleanup before sourcing this.
command -v pg_config >/dev/null 2>&1 || export PATH=/usr/lib/postgresql/15/bin:$PATH
bench_name=$(basename "$0" .sh)
work=$(mktemp -d "/tmp/fahras-$bench_name.XXXXXX")
cluster=$(mktemp -d "/tmp/fahras-$bench_name-cluster.XXXXXX")
pg_bench_exit() {
    if declare -F bench_cleanup >/dev/null; then bench_cleanup; fi
    scripts/pg-cluster.sh stop "$cluster"
    [ "${KEEP:-0}" = 1 ] || rm -rf "$work"
}
trap pg_bench_exit EXIT
scripts/pg-cluster.sh start "$cluster" >/dev/null || { echo "bench/$bench_name.sh: no PostgreSQL here: skipped"; exit 0; }
# shellcheck disable=SC1091
. "$cluster/env"
PSQL="psql -X -q -v ON_ERROR_STOP=1"
PG_URL="postgresql://postgres@127.0.0.1:$PGPORT"
