# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
ARGS   ?=

.PHONY: install run test lint typecheck validate bench screenshots pack clean catalogs

# Compiled catalogs (.mo) are build products: made from the .po files whenever those change, so
# start-up does not compile them in memory (~50 ms).
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locales/*/LC_MESSAGES/learnbox.po))

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) catalogs

catalogs: $(MO_FILES)

locales/%/LC_MESSAGES/learnbox.mo: locales/%/LC_MESSAGES/learnbox.po $(STAMP)
	$(BIN)/pybabel -q compile -i $< -o $@

run: $(STAMP) catalogs
	@sh scripts/check_qt_libs.sh $(VENV)
	$(BIN)/learnbox $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench $(wildcard scripts)

typecheck: $(STAMP)
	$(BIN)/mypy

validate: $(STAMP)
	$(BIN)/learnbox content validate content

test: $(STAMP) catalogs lint typecheck validate
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q -p no:cacheprovider

bench: $(STAMP) catalogs
	QT_QPA_PLATFORM=offscreen sh -c 'for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done'

screenshots: $(STAMP) catalogs
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py

pack: $(STAMP)
	$(BIN)/learnbox content build content -o dist/content.lbpack

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
