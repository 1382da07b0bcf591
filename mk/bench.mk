# Benchmarks (read ../shared; each script skips cleanly without it).
# `make bench` runs them all; `make bench BENCH="analysis retrieval"` some.
BENCH ?=
.PHONY: bench
bench: all
	bash bench/run_all.sh $(BENCH)
