# Clearsight: two commands to know, `make run` and `make test`. `make help` lists the rest.
#
# Everything runs from the project's own virtual environment (.venv), made from the lock file,
# so the tools here are the ones CI uses. Extra pytest arguments go in PYTEST_ARGS, e.g.
#   make test-sqlite PYTEST_ARGS="-k sprint -x"

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
CLEARSIGHT := $(VENV)/bin/clearsight
PYTEST := $(VENV)/bin/pytest
# Rebuilt only when the lock file or the project's metadata changes, so `make setup` is quick.
STAMP := $(VENV)/.clearsight-installed

DEV_SETTINGS := clearsight.config.settings.dev
TEST_SETTINGS := clearsight.config.settings.test
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/clearsight
PYTEST_ARGS ?=
PORT ?= 8000

# Same options for every pytest stage: test settings named explicitly, so a DJANGO_SETTINGS_MODULE
# exported in the shell can't point the suite at a development database.
PYTEST_RUN := $(PYTEST) --ds=$(TEST_SETTINGS)

define banner
	@printf '\n==> %s\n' "$(1)"
endef

.PHONY: help setup run test lint arch migrations-check test-sqlite test-postgres test-browser validators \
	bench fmt clean postgres-up venv

help: ## List the targets
	@echo "Clearsight: make run (serve the demo) and make test (everything CI checks)."
	@echo
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-18s %s\n", $$1, $$2}' \
		$(MAKEFILE_LIST)

# ---------------------------------------------------------------------------------------------
# Environment

$(PY):
	$(call banner,Creating $(VENV) with $(PYTHON))
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is needed to create $(VENV); install Python 3.11." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements/dev.lock pyproject.toml | $(PY)
	$(call banner,Installing requirements/dev.lock into $(VENV))
	@test -x $(UV) || $(PY) -m pip install --quiet --disable-pip-version-check uv
	$(UV) pip sync --quiet --python $(PY) requirements/dev.lock
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	@touch $@

venv: $(STAMP) validators ## Create or update .venv from requirements/dev.lock (no database)

validators: ## Create or update .venv-validators: the DfE validation rules, in their own environment
	@bash scripts/validators-env.sh

setup: venv ## Create .venv, migrate the SQLite database under var/ and load the demo
	$(call banner,Migrating and loading the demo)
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(CLEARSIGHT) migrate --no-input -v 0
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(CLEARSIGHT) load-demo

run: setup ## Set up, then serve the demo at http://127.0.0.1:8000 (another port: make run PORT=8001)
	@echo
	@echo "Clearsight is at http://127.0.0.1:$(PORT)/ - sign in with one of the accounts above."
	@echo "Press Ctrl+C to stop."
	@echo
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(CLEARSIGHT) runserver 127.0.0.1:$(PORT)

# ---------------------------------------------------------------------------------------------
# Checks: `make test` runs them all in CI's order and stops at the first failure.

test: ## Everything CI checks: lint, arch, migrations-check, test-sqlite, test-postgres, test-browser
	@$(MAKE) lint
	@$(MAKE) arch
	@$(MAKE) migrations-check
	@$(MAKE) test-sqlite
	@$(MAKE) test-postgres
	@$(MAKE) test-browser

lint: venv ## Lint with ruff
	$(call banner,lint: ruff check)
	$(VENV)/bin/ruff check .

arch: venv ## Check layer boundaries (import-linter) and type-check the engine (mypy --strict)
	$(call banner,arch: lint-imports and mypy)
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

migrations-check: venv ## Fail if a model change has no migration
	$(call banner,migrations-check: makemigrations --check --dry-run)
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(CLEARSIGHT) makemigrations --check --dry-run

test-sqlite: venv ## Run the suite (not browser tests) on SQLite, two workers
	$(call banner,test-sqlite: pytest -m 'not browser' -n 2 on SQLite)
	env -u DATABASE_URL $(PYTEST_RUN) -m "not browser" -n 2 $(PYTEST_ARGS)

test-postgres: venv postgres-up ## Run the suite (not browser tests) on PostgreSQL 127.0.0.1:5432, two workers
	$(call banner,test-postgres: pytest -m 'not browser' -n 2 on PostgreSQL)
	DATABASE_URL=$(POSTGRES_URL) $(PYTEST_RUN) -m "not browser" -n 2 $(PYTEST_ARGS)

test-browser: venv ## Run the browser journeys (Playwright + Debian's Chromium + axe) on SQLite
	$(call banner,test-browser: pytest -m browser with Chromium at $${CLEARSIGHT_CHROMIUM:-/usr/bin/chromium})
	env -u DATABASE_URL PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 $(PYTEST_RUN) -m browser $(PYTEST_ARGS)

# Start the machine's PostgreSQL cluster if it isn't answering, then check the role can create the
# test databases (test_clearsight, and test_clearsight_gw0/gw1 under xdist). PG_CHECK prints why a
# connection failed and exits 1, or exits 2 when the role may not create databases.
PG_CLUSTER_START := pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | sort -V | tail -n 1) main start
define PG_CHECK_PY
import sys, psycopg
url = sys.argv[1].rsplit("/", 1)[0] + "/postgres"
try:
    conn = psycopg.connect(url, connect_timeout=3)
except psycopg.OperationalError as error:
    sys.exit(str(error).strip())
with conn:
    row = conn.execute("select rolcreatedb or rolsuper from pg_roles where rolname = current_user").fetchone()
sys.exit(0 if row and row[0] else 2)
endef
export PG_CHECK_PY
PG_CHECK := $(PY) -c "$$PG_CHECK_PY" '$(POSTGRES_URL)'

postgres-up: venv
	@status=0; $(PG_CHECK) >/dev/null 2>&1 || status=$$?; \
	if [ $$status = 1 ] && command -v pg_ctlcluster >/dev/null && [ -n "$$(ls /etc/postgresql 2>/dev/null)" ]; then \
		echo "PostgreSQL is not answering at $(POSTGRES_URL); starting it: $(PG_CLUSTER_START)"; \
		if $(PG_CLUSTER_START); then \
			for _ in $$(seq 1 20); do $(PG_CHECK) >/dev/null 2>&1 && break; sleep 1; done; \
		fi; \
	fi; \
	status=0; $(PG_CHECK) || status=$$?; \
	if [ $$status = 2 ]; then \
		echo "The PostgreSQL role in $(POSTGRES_URL) may not create databases; pytest needs to create test_clearsight." >&2; \
	elif [ $$status != 0 ]; then \
		echo "Cannot use PostgreSQL at $(POSTGRES_URL) (above: why). Start it, or set POSTGRES_URL;" \
			"make test-sqlite needs no server." >&2; \
	fi; \
	exit $$status

# ---------------------------------------------------------------------------------------------
# Other

bench: venv ## Run the benchmarks (scripts/bench.sh), when there are some
	@if [ -f scripts/bench.sh ]; then bash scripts/bench.sh; else echo "No benchmarks yet (scripts/bench.sh does not exist)."; fi

fmt: venv ## Format with ruff and apply ruff's safe fixes
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean: ## Remove var/ (the development database) and caches; keeps .venv
	rm -rf var .pytest_cache .ruff_cache .mypy_cache .import_linter_cache .hypothesis test-results
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
