# Meedoen: two commands on a fresh clone.
#
#   make demo   install, migrate a SQLite database, seed the demo and serve http://127.0.0.1:8000
#   make test   install, compile messages, ruff, lint-imports, system checks and the whole test suite
#
# Installs happen only when their inputs change: pip when pyproject.toml is newer than
# .venv/.meedoen-pip-stamp, npm when package.json or package-lock.json is newer than
# node_modules/.meedoen-npm-stamp. Delete the stamp (or the folder) to force a reinstall.
#
# Useful variables: PYTEST_ARGS='-m "not browser"' (skip the browser tests),
# DATABASE_URL=postgres://... (run the suite on PostgreSQL), HOST/PORT for `make demo`.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.NOTPARALLEL:

PYTHON_SYSTEM ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

PIP_STAMP := $(VENV)/.meedoen-pip-stamp
NPM_STAMP := node_modules/.meedoen-npm-stamp
NPM_INPUTS := package.json $(wildcard package-lock.json)
CHROMIUM := /usr/bin/chromium
# Root installs Debian packages directly; anyone else goes through sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help demo test install python-deps npm-deps gettext chromium pango messages lint check-migrations check-deploy pytest

help:
	@echo "make demo   - install, migrate, seed the demo data and serve http://$(HOST):$(PORT)/"
	@echo "make test   - install, compile messages, ruff, system checks and the whole test suite"
	@echo "              (PYTEST_ARGS='-m \"not browser\"' skips the browser tests)"

# --- Installation -------------------------------------------------------------------------------

$(PY):
	@command -v $(PYTHON_SYSTEM) >/dev/null || { echo "$(PYTHON_SYSTEM) is needed to create $(VENV)/" >&2; exit 1; }
	$(PYTHON_SYSTEM) -m venv $(VENV)

$(PIP_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-input -e '.[test]'
	@touch $@

$(NPM_STAMP): $(NPM_INPUTS)
	@if [ -f package-lock.json ]; then \
	  echo "npm ci"; npm ci --no-audit --no-fund --loglevel=error; \
	else \
	  echo "npm install (no package-lock.json yet)"; npm install --no-audit --no-fund --loglevel=error; \
	fi
	@touch $@

python-deps: $(PIP_STAMP)
npm-deps: $(NPM_STAMP)
install: python-deps npm-deps pango

# Debian packages, installed only when missing: gettext's msgfmt for compilemessages, Pango for the PDFs,
# and Chromium for the browser tests (Playwright drives /usr/bin/chromium and never downloads a browser).
define apt_install
	echo "Installing Debian package(s): $(1)"; \
	$(SUDO) apt-get update -qq; \
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(1) >/dev/null
endef

gettext:
	@command -v msgfmt >/dev/null || { $(call apt_install,gettext); }

chromium:
	@[ -x $(CHROMIUM) ] || { $(call apt_install,chromium); }

# Pango, which WeasyPrint uses to lay out the printable PDFs (docs/decisions/0005).
pango:
	@/sbin/ldconfig -p | grep -q 'libpangoft2-1.0.so.0' || { $(call apt_install,libpango-1.0-0 libpangoft2-1.0-0); }

# --- Shared steps ---------------------------------------------------------------------------------

messages: install gettext
	@if find meedoen -name '*.po' -print -quit | grep -q .; then \
	  echo "manage.py compilemessages"; \
	  $(MANAGE) compilemessages --ignore=.venv --ignore=node_modules --verbosity 0; \
	else \
	  echo "No .po files under meedoen/ yet: nothing to compile."; \
	fi

# --- make demo -------------------------------------------------------------------------------------

demo: install messages
	$(MANAGE) migrate --noinput --verbosity 0
	$(MANAGE) seed_demo
	@echo
	@echo "Meedoen demo (synthetic data) at http://$(HOST):$(PORT)/  - password for every demo account: meedoen-demo"
	@echo "Stop the server with Ctrl-C. A background worker (manage.py db_worker) runs the jobs, such as"
	@echo "recomputing deadlines after a norm changes; it stops with the server."
	@echo
	@$(MANAGE) db_worker --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

# --- make test -------------------------------------------------------------------------------------

test: install messages lint check-migrations check-deploy pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache

check-migrations: install
	$(MANAGE) makemigrations --check --dry-run

# The production profile must pass Django's deployment checks with a fresh random key.
check-deploy: install
	@key=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(48))'); \
	echo "manage.py check --deploy --fail-level WARNING (production profile)"; \
	env -u MEEDOEN_SECRET_KEY_FILE -u MEEDOEN_DEBUG MEEDOEN_PROFILE=production MEEDOEN_SECRET_KEY="$$key" \
	  MEEDOEN_ALLOWED_HOSTS=meedoen.example.org $(MANAGE) check --deploy --fail-level WARNING

# pytest exits 5 when it collected no test; that is a failure here like any other non-zero exit.
pytest: install chromium
	@status=0; $(VENV)/bin/pytest $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "FAILED: pytest ran no test." >&2; fi; \
	exit $$status

# --- make bench ------------------------------------------------------------------------------------
# Server time of the caseload page, the client page and the search at 1,000 and 50,000 clients, on SQLite
# (benchmarks/var/bench.sqlite3) and PostgreSQL (database `bench` on 127.0.0.1, created when missing).
# Generates what is missing first (minutes for 50k); see benchmarks/README.md.
.PHONY: bench
bench: install
	$(PY) benchmarks/run.py --all
