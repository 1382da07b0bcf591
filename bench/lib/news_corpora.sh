# bench/lib/news_corpora.sh - sourced (from the checkout's root) by the
# benchmarks that read both news corpora of ../shared: sets SHARED, NEWS
# and FAHRAS (building it when missing), or says the calling script is
# skipped and exits 0 when the corpora are absent.  news_docs OUT writes
# the first DOCS articles (default 40000) of the two to OUT.
SHARED=${SHARED:-../shared}
NEWS=$SHARED/data/news
FAHRAS=${FAHRAS:-build/fahras}
if [ ! -f "$NEWS/ant-v2.1.jsonl" ] || [ ! -f "$NEWS/ant-v1.1.jsonl" ]; then
    echo "bench/$(basename "$0"): $NEWS not found: skipped (needs ../shared)"
    exit 0
fi
[ -x "$FAHRAS" ] || make -s all
news_docs() { cat "$NEWS/ant-v2.1.jsonl" "$NEWS/ant-v1.1.jsonl" | head -n "${DOCS:-40000}" > "$1"; }
