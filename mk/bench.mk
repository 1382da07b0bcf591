# Benchmarks (read ../shared; each script skips cleanly without it).
# `make bench` runs them all; `make bench BENCH="analysis retrieval"` some.
BENCH ?=
.PHONY: bench
bench: all
	bash bench/run_all.sh $(BENCH)

# The near-duplicate detector over a file in memory (bench/dups.sh).
$(BUILD)/bench/dups_pairs: bench/dups_pairs.c src/store/dupsig.c src/store/store_util.c $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc/store bench/dups_pairs.c src/store/dupsig.c src/store/store_util.c \
	    $(LIB_A) -ljansson -lm $(LDFLAGS) -o $@
