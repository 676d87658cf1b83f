# lexreg: `make run` and `make test` are all a fresh machine needs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared/corpus
# `make run` keeps its store in the repo's var/ (the CLI alone defaults to the per-user data directory)
export LEXREG_DATA_DIR ?= $(CURDIR)/var
PORT ?= 8000

.PHONY: install run db-upgrade ingest-sample serve services browser-deps office-deps test bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

# Bring the store's schema up to date, ingest the sample corpus into the embedded store
# (SQLite + local index) if it is empty, then serve.
run: install db-upgrade ingest-sample serve

db-upgrade: install
	$(BIN)/lexreg db upgrade

# A progress bar while it loads, the sidecar discrepancies as one line, then the conflict checks.
ingest-sample: install db-upgrade
	@if [ "$$($(BIN)/lexreg works --json 2>/dev/null | $(BIN)/python -c 'import json,sys; print(len(json.load(sys.stdin)))' 2>/dev/null || echo 0)" = "0" ]; then \
		$(BIN)/lexreg ingest --manifest corpus/manifest.csv corpus/laws corpus/chains && \
		echo "冲突审查：" && $(BIN)/lexreg conflicts --json > /dev/null; \
	else echo "store already loaded ($(LEXREG_DATA_DIR))"; fi

serve: install
	$(BIN)/lexreg serve --host 127.0.0.1 --port $(PORT)

# The PostgreSQL server binaries the tests need (installed if missing). The test session makes,
# starts, stops and removes its own cluster in a temp folder: nothing of the machine's is started.
services:
	@bash .ci/postgres.sh

# Debian's Chromium for the browser tests (Playwright drives it; it downloads no browser),
# and a CJK font so pages render Chinese.
browser-deps:
	@if ! test -x /usr/bin/chromium || ! fc-list :lang=zh 2>/dev/null | grep -q .; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

# LibreOffice (headless Writer) so the Word reports are converted to PDF in a test; idempotent.
office-deps:
	@if ! command -v soffice >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui >/dev/null; \
	fi

# The suite on SQLite, then the whole suite again on PostgreSQL (--store=postgres); both run
# unless the first was interrupted (pytest's exit status 2: Ctrl-C).
PYTEST := $(BIN)/python -m pytest -n 2 --dist loadfile
test: install services browser-deps office-deps
	$(BIN)/lint-imports --no-cache
	@echo "== tests on SQLite"; $(PYTEST) --store=sqlite; a=$$?; [ $$a -eq 2 ] && exit 2; \
	echo "== tests on PostgreSQL"; $(PYTEST) --store=postgres; b=$$?; \
	[ $$a -eq 0 ] && exit $$b; exit $$a

bench: install
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis bench/results
