#!/bin/bash
# Run the benchmarks: bench/NAME.sh for every NAME given, or all of them.
# Each prints its figures as ratios against a baseline run in the same script.
set -u
cd "$(dirname "$0")/.."
names=("$@")
if [ ${#names[@]} = 0 ]; then
    for f in bench/*.sh; do n=$(basename "$f" .sh); [ "$n" = run_all ] || names+=("$n"); done
fi
status=0
for n in "${names[@]}"; do
    echo "=== bench $n"
    bash "bench/$n.sh" || { echo "=== bench $n failed"; status=1; }
done
exit $status
