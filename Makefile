# The two commands of the README's Quick start: `make run` and `make test`.
# Each creates the virtual environment when it is missing or pyproject.toml changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint types unit assets

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The web app's design system (USWDS from npm), pinned by package-lock.json and copied into the
# package (untracked) so an editable install and a wheel both serve it.
USWDS := src/mbcwatch/web/static/uswds
USWDS_STAMP := $(USWDS)/.installed

$(USWDS_STAMP): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(USWDS) && mkdir -p $(USWDS)
	cp -R node_modules/@uswds/uswds/dist/css node_modules/@uswds/uswds/dist/js \
		node_modules/@uswds/uswds/dist/fonts node_modules/@uswds/uswds/dist/img $(USWDS)/
	touch $(USWDS_STAMP)

assets: $(USWDS_STAMP)

# The web app on SQLite at http://127.0.0.1:8000, with demo accounts and data (printed on start).
run: $(STAMP) $(USWDS_STAMP)
	$(BIN)/mbcwatch kb check
	$(BIN)/mbcwatch serve --demo

test: lint types unit

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

types: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP) $(USWDS_STAMP)
	$(BIN)/pytest
