# Every target is a thin call of pip, verify or pytest.
PYTHON ?= python3
CLAIMS ?=
JOBS ?=
REPORTS ?= reports
# Extra `verify run` flags, e.g. VERIFY_ARGS=--no-cache (what CI's gate uses: it never rests on a stored answer).
VERIFY_ARGS ?=

.PHONY: install install-gate install-torch lint verify verify-slow report test test-slow bench export readme-table docs docs-check mutate mutate-quotes fuzz

# pip runs only when pyproject.toml changed since this interpreter last installed that extra; it
# shows its progress, since the first install takes minutes.
STAMPS := .make/$(subst /,_,$(PYTHON))
$(STAMPS)/install-%: pyproject.toml
	@mkdir -p $(STAMPS)
	@echo "make: installing bayes-verify[$*] with $(PYTHON) (the first time takes a few minutes) ..."
	$(PYTHON) -m pip install --progress-bar on -e '.[$*]'
	@touch $@

# The tests need the test extra (cvc5, the oracles, dask); the gate only the second solver.
install: $(STAMPS)/install-test
install-gate: $(STAMPS)/install-smt2

install-torch:
	$(PYTHON) -m pip install -q 'torch==2.13.0'

# ruff and mypy on the engine (their settings are in pyproject.toml); the claim packs are not checked.
lint: $(STAMPS)/install-lint
	$(PYTHON) -m ruff check verify
	$(PYTHON) -m mypy

verify: install-gate
	@mkdir -p $(REPORTS)
	$(PYTHON) -m verify run $(CLAIMS) $(if $(JOBS),--jobs $(JOBS)) $(VERIFY_ARGS) --json $(REPORTS)/verify.json --junit $(REPORTS)/verify.xml

report: $(STAMPS)/install-html
	@mkdir -p $(REPORTS)
	$(PYTHON) -m verify run $(CLAIMS) $(VERIFY_ARGS) --html $(REPORTS)/ledger.html --sarif $(REPORTS)/verify.sarif -q

verify-slow: install-gate
	@mkdir -p $(REPORTS)
	$(PYTHON) -m verify run --slow $(CLAIMS) $(VERIFY_ARGS) --json $(REPORTS)/verify-slow.json

test: install
	$(PYTHON) -m pytest -q

test-slow: install
	$(PYTHON) -m pytest -q -m slow

fuzz: install
	$(PYTHON) bench/fuzz_report.py --jobs 2 $(FUZZ_ARGS)

# Every quoted number the reproductions resolve, edited one digit at a time: the gate must fail.
mutate-quotes: install-gate
	$(PYTHON) tools/mutate_quotes.py --jobs 2

mutate: install
	$(PYTHON) tools/mutate.py --jobs 2 $(MUTATE_ARGS)

bench: install
	$(PYTHON) bench/bench_witness.py
	$(PYTHON) bench/bench_store.py
	$(PYTHON) bench/bench_load.py

export: install-gate
	$(PYTHON) -m verify export --smt2 $(REPORTS)/smt2 $(CLAIMS)

readme-table: install-gate
	$(PYTHON) -m verify run $(CLAIMS) --no-cache --update-readme README.md

# The README table and docs/claims.md (the catalogue) from one cold gate run of every claim.
docs: install-gate
	@mkdir -p $(REPORTS)
	$(PYTHON) -m verify run --no-cache -q --json $(REPORTS)/docs.json --update-readme README.md
	$(PYTHON) tools/catalogue.py --from $(REPORTS)/docs.json --out docs/claims.md

# Is docs/claims.md current? Reads the report of the last `make verify` (of every claim).
docs-check:
	$(PYTHON) tools/catalogue.py --from $(REPORTS)/verify.json --out docs/claims.md --check
