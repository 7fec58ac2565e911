# Center Stage — the two commands a newcomer needs are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# The test suite runs on the real stack; override either variable to point elsewhere.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/centerstage
TEST_BROKER_URL ?= redis://127.0.0.1:6379/0
PYTEST_ARGS ?=

.PHONY: demo test install lint check bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## make demo: SQLite and eager Celery, demo data, served on http://127.0.0.1:8000
demo: $(STAMP)
	env -u DATABASE_URL -u CELERY_BROKER_URL $(BIN)/python manage.py migrate --noinput
	env -u DATABASE_URL -u CELERY_BROKER_URL $(BIN)/python manage.py seed_demo
	env -u DATABASE_URL -u CELERY_BROKER_URL $(BIN)/python manage.py runserver 127.0.0.1:8000

## make test: the whole suite on PostgreSQL and Redis (the command CI runs)
test: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$(TEST_BROKER_URL)} \
		$(BIN)/python -m config.preflight
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$(TEST_BROKER_URL)} \
		$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

## make check: the static checks CI runs before the tests
check: $(STAMP)
	$(BIN)/ruff check .
	env -u DATABASE_URL -u CELERY_BROKER_URL $(BIN)/python manage.py makemigrations --check --dry-run
	DEBUG=0 SECRET_KEY=ci-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n') ALLOWED_HOSTS=center-stage.example.com \
		$(BIN)/python manage.py check --deploy --fail-level WARNING
	env -u DATABASE_URL -u CELERY_BROKER_URL $(BIN)/python manage.py spectacular --validate --fail-on-warn --file /dev/null

bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	@echo "Run one: DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python bench/<name>.py"

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-artifacts .pytest_cache .ruff_cache
