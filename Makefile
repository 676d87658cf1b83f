# lexreg: `make run` and `make test` are all a fresh machine needs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared/corpus
export LEXREG_DATA_DIR ?= var

.PHONY: install run db-upgrade ingest-sample serve services browser-deps test bench clean

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

ingest-sample: install db-upgrade
	@if [ "$$($(BIN)/lexreg works --json 2>/dev/null | $(BIN)/python -c 'import json,sys; print(len(json.load(sys.stdin)))' 2>/dev/null || echo 0)" = "0" ]; then \
		$(BIN)/lexreg ingest --manifest corpus/manifest.csv corpus/laws corpus/chains; \
	else echo "store already loaded ($(LEXREG_DATA_DIR))"; fi

serve: install
	$(BIN)/lexreg serve --host 127.0.0.1 --port 8000

# Services the tests need are started here, so a fresh machine needs nothing by hand.
services:
	@bash .ci/postgres.sh > .ci/.postgres-url

# Debian's Chromium for the browser tests (Playwright drives it; it downloads no browser),
# and a CJK font so pages render Chinese.
browser-deps:
	@if ! test -x /usr/bin/chromium || ! fc-list :lang=zh 2>/dev/null | grep -q .; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

test: install services browser-deps
	$(BIN)/lint-imports --no-cache
	LEXREG_TEST_POSTGRES_URL=$$(tail -n 1 .ci/.postgres-url) $(BIN)/python -m pytest -n 2 --dist loadfile

bench: install
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis bench/results
