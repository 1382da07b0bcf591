#!/bin/bash
# Store suite: the backend-neutral store layer (query plan, highlighter,
# facets, ranking) through its unit tests, natively and under
# ASan+UBSan.  No database is needed.
set -u
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
. tests/lib.sh
# hang guard only (no timing is asserted): a stuck test fails instead of blocking CI
guard() { timeout 600 "$@"; }

if make -s BUILD=$B "$B/tests/store_unit" >/dev/null; then
    if out=$(guard "$B/tests/store_unit" 2>&1); then ok "store unit tests: $(echo "$out" | tail -n 1)"
    else echo "$out"; fail "store unit tests"; fi
else
    fail "store unit tests: build failed"
fi
SAN="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all"
if make -s BUILD=$B/asan CFLAGS="$SAN" LDFLAGS="$SAN" "$B/asan/tests/store_unit" >/dev/null 2>&1; then
    if out=$(ASAN_OPTIONS=detect_stack_use_after_return=1 guard "$B/asan/tests/store_unit" 2>&1); then
        ok "store unit tests under ASan+UBSan"
    else
        echo "$out" | tail -n 20; fail "store unit tests under ASan+UBSan"
    fi
else
    fail "store unit tests under ASan+UBSan: build failed"
fi
summary
