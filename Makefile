# socialgoals developer commands. Every target bootstraps .venv when needed.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PLUGINS := $(sort $(dir $(wildcard plugins/*/pyproject.toml)))
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest bench docs clean

$(STAMP): pyproject.toml $(wildcard plugins/*/pyproject.toml)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]' $(foreach p,$(PLUGINS),-e $(p))
	touch $(STAMP)

## make demo: set up .venv and run the main job on the bundled example
demo: $(STAMP)
	$(PY) examples/coffee-roaster/demo.py --out build/demo

## make test: lint, type checks and every test (the plugins' included)
test: lint typecheck pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy
	$(foreach p,$(PLUGINS),$(VENV)/bin/mypy --strict $(p)src &&) true

pytest: $(STAMP)
	$(PY) -m pytest -n 2 --dist loadgroup

## make bench: the benchmarks, quick mode (BENCH_ARGS= for the full size)
BENCH_ARGS ?= --quick
bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[bench,re2]'
	for b in benchmarks/bench_*.py; do $(PY) $$b $(BENCH_ARGS) || exit 1; done

clean:
	rm -rf $(VENV) build .mypy_cache .pytest_cache .ruff_cache .hypothesis
