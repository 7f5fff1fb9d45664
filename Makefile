# Every target is a thin call of pip, verify or pytest.
PYTHON ?= python3
CLAIMS ?=
JOBS ?=
REPORTS ?= reports

.PHONY: install install-torch verify verify-slow test test-slow bench export readme-table

install:
	$(PYTHON) -m pip install -q -e '.[test]'

install-torch:
	$(PYTHON) -m pip install -q 'torch==2.13.0'

verify: install
	@mkdir -p $(REPORTS)
	verify run $(CLAIMS) $(if $(JOBS),--jobs $(JOBS)) --json $(REPORTS)/verify.json --junit $(REPORTS)/verify.xml

verify-slow: install
	@mkdir -p $(REPORTS)
	verify run --slow $(CLAIMS) --json $(REPORTS)/verify-slow.json

test: install
	$(PYTHON) -m pytest -q

test-slow: install
	$(PYTHON) -m pytest -q -m slow

bench: install
	$(PYTHON) bench/bench_witness.py

export: install
	verify export --smt2 $(REPORTS)/smt2 $(CLAIMS)

readme-table: install
	verify run $(CLAIMS) --update-readme README.md
