# OBCMS: two commands do all set-up on a fresh Debian machine with Python 3.11+.
#   make run    the app with demo data on the embedded default (SQLite, no Redis, Celery eager)
#   make test   the whole suite against real PostgreSQL and Redis
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
PORT ?= 8000
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)
# uv must use the machine's Python, never download one (nothing downloads at run time).
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON)

.PHONY: help run test lint format assets messages bench migrate shell worker beat clean

help:
	@echo "make run     start OBCMS with demo data on http://127.0.0.1:$(PORT) (SQLite, no services needed)"
	@echo "make test    run the whole suite against PostgreSQL and Redis (starts or installs them if needed)"
	@echo "make lint    ruff check and format check"
	@echo "make assets  rebuild the committed CSS and vendored JS (needs Node and npm)"
	@echo "make messages  refresh and compile the Filipino catalogs (needs GNU gettext; docs/translations.md)"
	@echo "make bench   run the benchmarks in bench/ against PostgreSQL (one of them: BENCH=load, dashboard, meetings, reports, partner, partitioning)"

$(UV):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "OBCMS needs Python 3.11 or newer as '$(PYTHON)' (set PYTHON=...)."; exit 1; }
	@$(PYTHON) -m venv $(TOOLS) || \
		{ echo "Python's venv module is missing. Run: sudo apt-get install -y python3-venv"; exit 1; }
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Runtime dependencies only; --inexact keeps the dev tools a previous `make test` installed.
$(VENV)/.runtime-installed: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --no-dev --inexact
	@touch $@

$(VENV)/.dev-installed: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen
	@touch $@ $(VENV)/.runtime-installed

run: $(VENV)/.runtime-installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py install_periodic_tasks
	$(PY) manage.py seed_demo --if-empty
	@echo "OBCMS is starting on http://127.0.0.1:$(PORT)/ (stop with Ctrl-C)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.dev-installed
	@scripts/ensure_services.sh > $(VENV)/.services.env
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	set -a && . $(VENV)/.services.env && set +a && \
		DATABASE_URL=sqlite:///$(CURDIR)/var/migrations-check.sqlite3 \
			$(VENV)/bin/python manage.py makemigrations --check --dry-run && \
		$(VENV)/bin/pytest -n $${PYTEST_WORKERS:-2} --dist loadgroup $(PYTEST_ARGS)

messages: $(VENV)/.runtime-installed
	scripts/messages.sh

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

assets:
	scripts/build_assets.sh

bench: $(VENV)/.dev-installed
	@scripts/ensure_services.sh > $(VENV)/.services.env
	set -a && . $(VENV)/.services.env && set +a && $(VENV)/bin/python bench/run.py $(BENCH)

migrate: $(VENV)/.runtime-installed
	$(PY) manage.py migrate

shell: $(VENV)/.runtime-installed
	$(PY) manage.py shell

clean:
	rm -rf $(VENV) $(TOOLS) var/staticfiles
