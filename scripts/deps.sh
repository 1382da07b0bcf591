#!/bin/sh
# Install what fahras needs on Debian 12 (as root; a no-op when all is
# there).  Used by `make deps`, `make test` and `make demo`.
set -e
PKGS="build-essential clang libclang-rt-14-dev valgrind python3 pkg-config
      unicode-data libicu-dev zlib1g-dev sqlite3 libsqlite3-dev libjansson-dev libmicrohttpd-dev
      libxml2-dev libxml2-utils libuchardet-dev liblbfgs-dev
      libpq-dev postgresql-15 postgresql-server-dev-15 libstemmer-dev libstemmer-tools
      chromium wrk ca-certificates"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# Node.js and npm (for the web page's browser tests) may come from elsewhere.
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
    echo "fahras: missing Debian packages:$missing" >&2
    echo "fahras: run as root, or: sudo apt-get install$missing" >&2
    exit 1
fi
echo "fahras: installing Debian packages:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq $missing >/dev/null
