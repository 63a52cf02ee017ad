# Daily commands. `make run` and `make test` each set up everything they need on a fresh machine.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint format bench init clean

$(STAMP): requirements.txt requirements-dev.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

init: $(STAMP)
	$(PY) -m indicators init

## The app on the embedded SQLite default, data loaded (http://localhost:8501).
run: init
	$(PY) -m indicators serve

## The whole suite: unit, app, data, browser (Debian chromium) and PostgreSQL tests.
test: $(STAMP)
	bash scripts/test.sh

## Everything but the browser and PostgreSQL tests.
test-fast: $(STAMP)
	$(PY) -m pytest -m "not browser and not postgres" -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .

bench: $(STAMP)
	bash scripts/bench.sh

clean:
	rm -rf $(VENV) data/*.sqlite*
