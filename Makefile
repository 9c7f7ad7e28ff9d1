# Hromada — the two commands a new user needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench bench-load lint messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/hromada demo

# ARGS go to scripts/run_tests.py, e.g. make test ARGS="--serial" or ARGS="tests/core -x".
test: $(STAMP)
	$(BIN)/python scripts/run_tests.py $(ARGS)

bench: $(STAMP)
	$(BIN)/python bench/run.py

# Load tests and drills (bench/load.py); ARGS go to it, e.g. make bench-load ARGS="--duration 5 --levels 20".
bench-load: $(STAMP)
	$(BIN)/python bench/load.py $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	HROMADA_DATA_DIR=$$(mktemp -d) $(BIN)/hromada makemigrations --check --dry-run

messages: $(STAMP)
	cd src/hromada && ../../$(BIN)/hromada makemessages -l uk --no-location --no-obsolete
	$(BIN)/hromada compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var .pytest_cache
