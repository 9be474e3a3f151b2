# Globa: `make run` starts it with demo data, `make test` runs the whole suite.
# Only Python 3.11+ is needed; everything else comes from the package registries (PyPI, and
# npm for the browser tests' axe-core).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint check bench messages clean

$(STAMP): pyproject.toml requirements.lock package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	# The browser tests' accessibility checker (axe-core) from the npm registry, pinned with
	# its integrity hash in package-lock.json; no Node needed (`npm ci` installs the same).
	$(BIN)/python -m globa.testing_assets
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/globa migrate --no-input
	$(BIN)/globa createcachetable --database owner
	$(BIN)/globa demo --if-empty
	$(BIN)/globa reminders
	$(BIN)/globa demo --logins
	# Background work (imports): a worker beside the server, ended with it.
	$(BIN)/globa procrastinate worker --queues globa & trap "kill $$!" EXIT; \
	$(BIN)/globa runserver 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy globa
	$(BIN)/lint-imports
	$(BIN)/globa makemigrations --check --dry-run

bench: $(STAMP)
	$(BIN)/globa migrate --no-input
	$(BIN)/globa generate --tier national --reset
	$(BIN)/globa bench --tier national --json bench-national.json

messages: $(STAMP)
	cd globa && ../$(BIN)/globa makemessages -l lt --no-location --ignore='devdata/*' -e html,py,txt
	cd globa && ../$(BIN)/globa compilemessages

clean:
	rm -rf $(VENV) .globa staticfiles
