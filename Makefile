# Two commands set up a fresh machine: `make run` (serve) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test install install-dev build eval bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Serve on http://127.0.0.1:8000 (materializes the model and builds the index on first start).
run: install
	$(BIN)/assistant serve

## Run the whole test suite on the real corpus and the real model.
test: install-dev
	$(BIN)/assistant build
	$(BIN)/python -m pytest

build: install
	$(BIN)/assistant build

eval: install
	$(BIN)/assistant eval

bench: install
	$(BIN)/python tests/bench.py

clean:
	rm -rf $(VENV) index/builds index/current
