# `make serve` and `make test` are all a fresh machine needs: both create the virtual environment.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve build check test lint clean bench lighthouse

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/python build.py serve

build: $(STAMP)
	$(BIN)/python build.py build

check: $(STAMP)
	$(BIN)/python build.py check

test: $(STAMP)
	$(BIN)/ruff check site_builder tests build.py benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check site_builder tests build.py benchmarks
	$(BIN)/mypy

clean:
	rm -rf $(VENV) _site ._site.* .cache .pytest_cache .ruff_cache .mypy_cache

bench: $(STAMP)
	$(BIN)/python -m benchmarks

lighthouse: $(STAMP)
	$(BIN)/python -m benchmarks.lighthouse
