# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
ARGS   ?=

.PHONY: install run test lint typecheck validate bench screenshots pack clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/learnbox $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench $(wildcard scripts)

typecheck: $(STAMP)
	$(BIN)/mypy

validate: $(STAMP)
	$(BIN)/learnbox content validate content

test: $(STAMP) lint typecheck validate
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q -p no:cacheprovider

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen sh -c 'for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done'

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py

pack: $(STAMP)
	$(BIN)/learnbox content build content -o dist/content.lbpack

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
