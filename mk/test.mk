# Tests.  `make test` installs what is missing (scripts/deps.sh), builds,
# and runs every suite under tests/ (tests/run_all.sh prints the summary).
# FAHRAS_TEST_ONLY="core cli" limits the suites.

deps:
	sh scripts/deps.sh

test: deps
	$(MAKE) all test-build
	bash tests/run_all.sh

# Suites register extra things to build before tests run.
TEST_BUILD ?=
.PHONY: test-build
test-build: $(TEST_BUILD)
