# Baimi's commands. The first two are the README's two commands.
#   make demo   install everything into .venv, set up the demo community and serve it on :8000
#   make test   run the whole test suite (lint, types, tests on SQLite, and on PostgreSQL if reachable)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test install lint typecheck pytest pytest-sqlite pytest-postgres browser messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/baimi demo

test: $(STAMP) lint typecheck browser pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy src

# Page tests drive Debian's Chromium. Install it where we may (root, apt available); otherwise the
# browser tests skip with a message saying so.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) \
	  || echo "chromium not installed: browser tests will be skipped"; }

# The suite runs twice: on the embedded SQLite, then on PostgreSQL when a server answers at
# BAIMI_TEST_POSTGRES_URL (default: the local one CI machines run). Connections are not kept
# between tasks there, so no worker thread still holds the test database when it is dropped.
BAIMI_TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
pytest: pytest-sqlite pytest-postgres

pytest-sqlite: $(STAMP)
	BAIMI_DATA_DIR=$(CURDIR)/var/test DATABASE_URL= $(BIN)/pytest -q

pytest-postgres: $(STAMP)
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(BAIMI_TEST_POSTGRES_URL)', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "== PostgreSQL: $(BAIMI_TEST_POSTGRES_URL)"; \
	  BAIMI_DATA_DIR=$(CURDIR)/var/test DATABASE_URL=$(BAIMI_TEST_POSTGRES_URL) BAIMI_DB_CONN_MAX_AGE=0 \
	    $(BIN)/pytest -q -m "not browser" --ignore=tests/geo; \
	else echo "== PostgreSQL not reachable at $(BAIMI_TEST_POSTGRES_URL): database tests ran on SQLite only"; fi

# Chinese catalogues: the project's own (src/baimi/locale) and one per app that keeps its own
# (src/baimi/<app>/locale). Edit the .po files, then run this; the compiled .mo files are committed.
APP_LOCALES := $(patsubst src/baimi/%/locale,%,$(wildcard src/baimi/*/locale))
messages: $(STAMP)
	cd src/baimi && ../../$(BIN)/baimi makemessages -l zh_Hans --no-obsolete --no-location \
	  --ignore 'geo/*' $(foreach app,$(APP_LOCALES),--ignore '$(app)/*')
	for app in $(APP_LOCALES); do (cd src/baimi/$$app && ../../../$(BIN)/baimi makemessages -l zh_Hans --no-obsolete --no-location); done
	for po in $$(find src/baimi -name django.po); do msgfmt --check -o $${po%.po}.mo $$po; done

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
