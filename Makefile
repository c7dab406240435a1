# The two set-up commands (see README): `make run` and `make test`. Both are idempotent.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ASSETS := node_modules/.installed
DATABASE_URL ?=
export DATABASE_URL

.PHONY: run test lint typecheck check-translations messages bench install browser serve clean

$(STAMP): requirements.txt requirements-dev.txt constraints.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# Front-end assets (Leaflet, htmx, country outlines) from the npm registry, pinned by the lock file.
$(ASSETS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(ASSETS)

install: $(STAMP) $(ASSETS)
	scripts/install-system-libs
	$(BIN)/python -m partneratlas.translations compile

# Debian's Chromium and CJK fonts for the browser tests.
browser:
	scripts/install-browser

run: install
	mkdir -p var
	$(BIN)/partneratlas migrate --verbosity 0
	$(BIN)/partneratlas gazetteer load
	$(BIN)/partneratlas checkup load
	$(BIN)/partneratlas demo load
	$(BIN)/partneratlas runserver 127.0.0.1:8000

test: install browser
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy partneratlas
	$(BIN)/python -m partneratlas.translations check
	$(BIN)/partneratlas makemigrations --check --dry-run --verbosity 0

# For developers with GNU gettext: collect new strings into the catalogues.
messages: install
	cd partneratlas && ../$(BIN)/django-admin makemessages -l de -l en -l zh_Hans --no-obsolete --settings partneratlas.settings --pythonpath ..

# The four benches on SQLite and on PostgreSQL (docs/performance.md): their peers from PyPI
# (bench/requirements.txt) and wrk and nginx from Debian (bench/install-tools).
bench: install
	$(BIN)/pip install --quiet --disable-pip-version-check -r bench/requirements.txt -c constraints.txt
	bench/install-tools
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) var node_modules
