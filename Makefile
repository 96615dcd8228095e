# Heron's entry points. `make demo` and `make test` work on a fresh machine: they create the
# virtual environment and install everything the project needs from its own files.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: setup demo test check lint typecheck bench eval format docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/heron db upgrade
	$(BIN)/heron demo

test: setup
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/ruff check src tests benchmarks

typecheck: setup
	$(BIN)/mypy

check: lint typecheck test

format: setup
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

docs: setup
	$(BIN)/python -m heron.cli.reference docs

bench: setup
	$(BIN)/python -m benchmarks.run

eval: setup
	$(BIN)/python -m benchmarks.evaluation

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis heron.db demo-county bench-data
