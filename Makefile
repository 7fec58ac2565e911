# Center Stage — the two commands a newcomer needs are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# `make check` builds no database, but the settings need a PostgreSQL URL to load; nothing connects to it.
CHECK_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/centerstage
PYTEST_ARGS ?=

.PHONY: demo test install lint check bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## make demo: PostgreSQL (DATABASE_URL, or an embedded server under .devstack/), eager Celery, demo data,
## served on http://127.0.0.1:8000; Ctrl-C stops the server and the embedded PostgreSQL
demo: $(STAMP)
	$(BIN)/python -m core.devstack demo

## make test: the whole suite on DATABASE_URL / CELERY_BROKER_URL (default: the local PostgreSQL and Redis)
## when they answer, else on embedded PostgreSQL and Redis started for the run (the command CI runs)
test: $(STAMP)
	$(BIN)/python -m core.devstack test $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

## make check: the static checks CI runs before the tests
check: $(STAMP)
	$(BIN)/ruff check .
	DATABASE_URL=$${DATABASE_URL:-$(CHECK_DATABASE_URL)} \
	PYTHONWARNINGS="ignore:Got an error checking a consistent migration history" \
		$(BIN)/python manage.py makemigrations --check --dry-run
	# The deploy check wants the production static files (core.E001): collect them as the Dockerfile does.
	export STATIC_ROOT=$$(mktemp -d) && \
	DATABASE_URL=$${DATABASE_URL:-$(CHECK_DATABASE_URL)} DEBUG=0 SECRET_KEY=build-only-collectstatic-key \
		$(BIN)/python manage.py collectstatic --noinput >/dev/null && \
	DATABASE_URL=$${DATABASE_URL:-$(CHECK_DATABASE_URL)} \
	DEBUG=0 SECRET_KEY=ci-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n') ALLOWED_HOSTS=center-stage.example.com \
		$(BIN)/python manage.py check --deploy --fail-level WARNING
	DATABASE_URL=$${DATABASE_URL:-$(CHECK_DATABASE_URL)} \
		$(BIN)/python manage.py spectacular --validate --fail-on-warn --file /dev/null

bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	@echo "Run one: DATABASE_URL=$(CHECK_DATABASE_URL) $(BIN)/python bench/<name>.py"

clean:
	rm -rf $(VENV) .devstack staticfiles test-artifacts .pytest_cache .ruff_cache
