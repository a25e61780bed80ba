# Two commands on a fresh machine: `make run` and `make test` (see README.md).
#
# Every install comes from the lock: uv.lock (one universal resolution, written by `make lock`)
# exported with hashes to requirements/{app,server,dev}.txt. pip checks each hash and installs
# nothing the lock does not name (--no-deps), so a fresh machine next year gets exactly what
# passed today. pyproject.toml keeps the honest ranges for people who pip-install the package.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
ARGS   ?=
LATEST := .venv-latest
PIP_LOCKED := $(BIN)/python -m pip install --quiet --require-hashes --no-deps

.PHONY: install install-dev run test check-lock lint typecheck validate bench screenshots pack clean \
        catalogs lock lock-upgrade requirements test-latest

# Compiled catalogs (.mo) are build products: made from the .po files whenever those change, so
# start-up does not compile them in memory (~50 ms).
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locales/*/LC_MESSAGES/learnbox.po))

$(VENV)/.created:
	$(PYTHON) -m venv $(VENV)
	touch $@

# The app's own dependencies, then LearnBox itself (editable, built with the locked setuptools).
$(VENV)/.app-stamp: requirements/app.txt pyproject.toml $(VENV)/.created
	$(PIP_LOCKED) -r requirements/app.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# The server and the test and lint tools on top: the same resolution, so nothing moves.
$(VENV)/.dev-stamp: requirements/dev.txt $(VENV)/.app-stamp
	$(PIP_LOCKED) -r requirements/dev.txt
	touch $@

install: $(VENV)/.app-stamp catalogs

install-dev: $(VENV)/.dev-stamp catalogs

catalogs: $(MO_FILES)

locales/%/LC_MESSAGES/learnbox.mo: locales/%/LC_MESSAGES/learnbox.po $(VENV)/.app-stamp
	$(BIN)/pybabel -q compile -i $< -o $@

run: install
	@sh scripts/check_qt_libs.sh $(VENV)
	$(BIN)/learnbox $(ARGS)

# Prints every locked package against what is installed: the test log shows what was tested.
check-lock: $(VENV)/.dev-stamp
	$(BIN)/python scripts/check_lock.py requirements/dev.txt

lint: $(VENV)/.dev-stamp
	$(BIN)/ruff check src tests bench $(wildcard scripts)

typecheck: $(VENV)/.dev-stamp
	$(BIN)/mypy

validate: $(VENV)/.dev-stamp
	$(BIN)/learnbox content validate content

test: install-dev check-lock lint typecheck validate
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q -p no:cacheprovider

# Move the pins: `make lock` after editing pyproject.toml (keeps every pin it can),
# `make lock-upgrade` to take the newest versions pyproject.toml allows. Both need the network.
lock: $(VENV)/.dev-stamp
	$(BIN)/uv lock
	$(MAKE) requirements

lock-upgrade: $(VENV)/.dev-stamp
	$(BIN)/uv lock --upgrade
	$(MAKE) requirements

requirements: $(VENV)/.dev-stamp
	$(BIN)/uv export --quiet --frozen --no-emit-project --group build -o requirements/app.txt
	$(BIN)/uv export --quiet --frozen --no-emit-project --extra server --group build -o requirements/server.txt
	$(BIN)/uv export --quiet --frozen --no-emit-project --extra dev --group build --group lock \
		-o requirements/dev.txt

# Drift check (not part of `make test`): the newest versions pyproject.toml allows, in a venv of
# their own, then the whole suite. What differs from the lock is printed first.
test-latest: catalogs
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --upgrade pip
	$(LATEST)/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager -e ".[dev]"
	-$(LATEST)/bin/python scripts/check_lock.py requirements/dev.txt | grep -v ' ok$$'
	QT_QPA_PLATFORM=offscreen $(LATEST)/bin/pytest -q -p no:cacheprovider

bench: install-dev
	QT_QPA_PLATFORM=offscreen sh -c 'for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done'

screenshots: install-dev
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py

pack: install
	$(BIN)/learnbox content build content -o dist/content.lbpack

clean:
	rm -rf $(VENV) $(LATEST) build dist .pytest_cache .mypy_cache .ruff_cache
