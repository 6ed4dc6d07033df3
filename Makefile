# Vigil: `make run` serves the demo; `make test` runs every test on SQLite and PostgreSQL.
SHELL := /bin/bash
.DEFAULT_GOAL := run
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/vigil
STAMP := $(VENV)/.installed
DEV_ENV := var/dev.env
PYTEST_WORKERS ?= 2

.PHONY: run test test-sqlite test-postgres lint format bench bench-registers bench-national loadtest loadtest-health audit audit-refresh install system-deps clean messages translations-check catalogues fuzz

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Vigil needs $(PYTHON) (Python 3.11)."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing locked dependencies into $(VENV)…"
	@$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock 2>&1 | grep -v "is ignored: it is neither" || true
	@$(BIN)/pip install --quiet --no-deps --no-build-isolation -e . 2>&1 | grep -v "is ignored: it is neither" || true
	@$(BIN)/python -c "import vigil, django, allauth" && touch $(STAMP)

install: $(STAMP) catalogues

# The compiled catalogues (.mo) are build products, not committed: compile the stale ones.
catalogues: $(STAMP)
	@command -v msgfmt >/dev/null || $(MAKE) --no-print-directory system-deps
	@$(BIN)/python -m tools.translations compile

# Serve the demo on the embedded SQLite database (var/vigil.sqlite3).
run: $(STAMP) catalogues
	@$(BIN)/python -m vigil.devenv $(DEV_ENV)
	@set -a && . ./$(DEV_ENV) && set +a && \
	mkdir -p var/static && $(BIN)/vigil migrate --no-input -v 0 && \
	$(BIN)/vigil createcachetable && \
	$(BIN)/vigil demo --if-empty && \
	echo "" && echo "Vigil is at http://127.0.0.1:$(PORT)/  (Ctrl-C stops it)" && \
	{ $(BIN)/vigil db_worker --interval 1 -v 0 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/vigil runserver --insecure 127.0.0.1:$(PORT); }

# What the tests need from Debian: Chromium (browser tests), pdftotext (reading the
# PDFs we generate), Pango (WeasyPrint's text layout), pg_dump/pg_restore (backups on
# PostgreSQL), msgfmt (compiling the translation catalogues) and redis-server (the Redis
# queue's test starts its own server). Installed when missing.
SYSTEM_PACKAGES = chromium poppler-utils libpangoft2-1.0-0 fonts-dejavu-core postgresql-client gettext redis-server
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v pg_dump >/dev/null || missing="$$missing postgresql-client"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	ldconfig -p | grep -q libpangoft2-1.0 || missing="$$missing libpangoft2-1.0-0 fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# Extract every marked string into vigil/locale/<language>/LC_MESSAGES/django.po, for
# every language in settings.LANGUAGES, and compile the catalogues.
MESSAGES_IGNORE = .venv/* var/* */tests/* e2e/* bench/* loadtest/* tools/* security/* node_modules/* conftest.py
messages: $(STAMP)
	@DJANGO_SETTINGS_MODULE=vigil.settings_test $(BIN)/vigil makemessages --no-obsolete --add-location=file \
	  $$($(BIN)/python -m tools.translations languages --flags) \
	  $(foreach pattern,$(MESSAGES_IGNORE),--ignore='$(pattern)') -v 0
	@$(BIN)/python -m tools.translations compile

# Completeness per language; fails below 100% for a shipped language.
translations-check: $(STAMP)
	@$(BIN)/python -m tools.translations check

test: $(STAMP) system-deps
	@$(MAKE) --no-print-directory test-sqlite
	@$(MAKE) --no-print-directory test-postgres

test-sqlite: $(STAMP) catalogues
	@echo "== tests on SQLite =="
	@mkdir -p var
	@VIGIL_TEST_DATABASE_URL= $(BIN)/pytest -n $(PYTEST_WORKERS) -q $(PYTEST_ARGS)

test-postgres: $(STAMP) catalogues
	@if $(BIN)/python -m vigil.pgcheck "$(PG_URL)"; then \
	  echo "== tests on PostgreSQL =="; \
	  VIGIL_TEST_DATABASE_URL="$(PG_URL)" $(BIN)/pytest -n $(PYTEST_WORKERS) -q $(PYTEST_ARGS); \
	elif [ "$$CI" = "true" ]; then \
	  echo "PostgreSQL at $(PG_URL) is unreachable, and CI requires it."; exit 1; \
	else \
	  echo "PostgreSQL at $(PG_URL) is unreachable: its run is SKIPPED (CI=true makes this a failure)."; \
	fi

# The API's Schemathesis run with every example of every operation, without the time cap that
# keeps it inside `make test` (docs/api.md): FUZZ_DB=postgres://… runs it on PostgreSQL.
FUZZ_SECONDS ?= 600
fuzz: $(STAMP)
	@mkdir -p var
	@VIGIL_TEST_DATABASE_URL=$(FUZZ_DB) VIGIL_FUZZ_SECONDS=$(FUZZ_SECONDS) \
	  $(BIN)/pytest -q -s -p no:randomly vigil/api/tests/test_api_fuzz.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy vigil e2e bench tools loadtest
	$(BIN)/python -m tools.house_rules vigil
	$(BIN)/djlint --lint --quiet vigil

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# REGISTER_ROWS: the size of the synthetic custody register (issue 22; 10 million by default).
REGISTER_ROWS ?= 10000000
bench: $(STAMP)
	@VIGIL_BENCH_REGISTER_ROWS=$(REGISTER_ROWS) $(BIN)/python -m bench

# The custody-register bench alone: make bench-registers REGISTER_ROWS=1000000
bench-registers: $(STAMP)
	@$(BIN)/python -m bench.bench_registers --rows $(REGISTER_ROWS)

# Every page at demo and at national scale (issue 14), side by side: docs/benchmarks.md.
# SCALE=0.25 builds a quarter of the national database; VIGIL_BENCH_DATABASE_URL=postgres://…
# runs it on PostgreSQL. Built databases are kept in var/ (or PostgreSQL) between runs.
SCALE ?= 1
bench-national: $(STAMP)
	@$(BIN)/python -m bench.national --scale $(SCALE) $(BENCH_ARGS)

# gunicorn on PostgreSQL under simulated staff (Locust, in a venv of its own), on loopback.
DURATION ?= 600s
LOADTEST_USERS ?= 50
LOADTEST_DB ?= postgres://postgres@127.0.0.1:5432/vigil
LOADTEST_SCALE ?= $(or $(SCALE),1)
LOADTEST_VENV := var/loadtest-venv
$(LOADTEST_VENV)/bin/locust: loadtest/requirements.lock
	@test -x $(LOADTEST_VENV)/bin/python || $(PYTHON) -m venv $(LOADTEST_VENV)
	@$(LOADTEST_VENV)/bin/pip install --quiet --require-hashes -r loadtest/requirements.lock 2>&1 \
	  | grep -v "is ignored: it is neither" || true
	@touch $@

loadtest: $(STAMP) $(LOADTEST_VENV)/bin/locust
	@$(BIN)/python -m loadtest --duration $(DURATION) --users $(LOADTEST_USERS) --database $(LOADTEST_DB) --scale $(LOADTEST_SCALE)

# /healthz p50/p95 while HEALTH_USERS clients read the heaviest pages without a pause (issue 14).
HEALTH_USERS ?= 20
HEALTH_DURATION ?= 120s
loadtest-health: $(STAMP) $(LOADTEST_VENV)/bin/locust
	@$(BIN)/python -m loadtest --profile health --duration $(HEALTH_DURATION) --users $(HEALTH_USERS) --database $(LOADTEST_DB) --scale $(LOADTEST_SCALE)

# Every locked package against the committed advisory data (security/advisories/); no network.
# VIGIL_ADVISORIES_URL (a path or URL of an OSV dump) is used instead when it is newer.
audit: $(STAMP)
	@$(BIN)/python -m vigil.depaudit check --lock requirements.lock \
	  --data security/advisories/pypa-advisories.json.gz
	@$(BIN)/python -m vigil.depaudit check --lock loadtest/requirements.lock \
	  --data security/advisories/pypa-advisories.json.gz

# Rebuild the committed advisory data: make audit-refresh ADVISORIES_SOURCE=path-or-url
audit-refresh: $(STAMP)
	@test -n "$(ADVISORIES_SOURCE)" || { echo "Give ADVISORIES_SOURCE=path-or-url of an OSV dump."; exit 2; }
	@$(BIN)/python -m vigil.depaudit refresh "$(ADVISORIES_SOURCE)" \
	  --out security/advisories/pypa-advisories.json.gz

clean:
	rm -rf $(VENV) var/test-*.sqlite3* vigil/locale/*/LC_MESSAGES/*.mo
