# Build plumbing for cat-kz. GNU make; run `make` (or `make help`) for targets.
#
# Everything runs in a project venv ($(VENV)) built from the pinned
# requirements.lock, with the project itself installed editable on top.
# The stamp file $(VENV)/.installed makes re-runs a no-op until
# pyproject.toml or requirements.lock change.

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# The project's named Jupyter kernel, registered inside the venv (--sys-prefix).
KERNEL_SPEC := $(VENV)/share/jupyter/kernels/cat-kz/kernel.json
# Interpreter used to create venvs (the project venv and the `make lock` one).
PYTHON ?= python3

# Extra arguments for pytest, e.g. `make test PYTEST_ARGS="-x -k lock"`.
PYTEST_ARGS ?=
# Extra arguments for `make lab` (JupyterLab's) and `make dashboard` (cat-kz dashboard's).
LAB_ARGS ?=
DASHBOARD_ARGS ?=
# `make test` runs test files in parallel with pytest-xdist, one file per worker at a
# time (--dist loadfile keeps the cells of a notebook, which nbval runs in order, in one
# worker). `make test XDIST=` runs everything in one process.
XDIST ?= -n 2 --dist loadfile
# Extra arguments for pip-compile, e.g. `make lock LOCK_ARGS=--upgrade`.
LOCK_ARGS ?=
# Extra arguments for benchmarks/bench_speed.py, e.g. BENCH_ARGS="--suite --sizes 10000 100000".
BENCH_ARGS ?=

FAST_MARKERS := not slow and not notebooks and not browser

.DEFAULT_GOAL := help

.PHONY: help install lint format messages test test-fast test-notebooks notebooks validate report lab dashboard benchmark lock clean

help: ## List the targets
	@echo "Targets:"
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install -r requirements.lock
	$(PY) -m pip install --no-deps -e .
	touch $@

$(KERNEL_SPEC): $(STAMP)
	$(PY) -m ipykernel install --sys-prefix --name cat-kz --display-name "Python (cat-kz)"

install: $(STAMP) $(KERNEL_SPEC) ## Create .venv, install the locked deps + the project (editable), register the cat-kz kernel

lint: install ## The house: ruff (lint + format check) and the import-linter layers contract
	$(VENV)/bin/ruff check cat_kz tests benchmarks
	$(VENV)/bin/ruff format --check cat_kz tests benchmarks
	$(VENV)/bin/lint-imports

format: install ## Format the code with ruff (then commit the result on its own)
	$(VENV)/bin/ruff format cat_kz tests benchmarks
	$(VENV)/bin/ruff check --fix cat_kz tests benchmarks

# The catalogue of reader-facing strings (cat_kz.model.language): extract every tr()/trn()/trp() with Babel
# and merge the new ones into each language's .po file (then translate them; a test fails on any left empty).
BABEL_KEYWORDS := -k tr:1 -k trn:1,2 -k trp:1c,2
messages: install ## Extract reader-facing strings into cat_kz/locale/cat_kz.pot and update every language's .po
	$(VENV)/bin/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) --no-default-keywords --sort-by-file \
		--omit-header -o cat_kz/locale/cat_kz.pot cat_kz
	$(PY) -m cat_kz.model.vocabulary_text cat_kz/locale/cat_kz.pot
	$(VENV)/bin/pybabel update -i cat_kz/locale/cat_kz.pot -d cat_kz/locale -D cat_kz --no-fuzzy-matching

test: lint ## The house checks, then the full test suite, 2 workers (PYTEST_ARGS=... passes through; XDIST= for one process)
	$(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

# test-fast spreads single tests over the workers (--dist load: no notebook cells to keep together here)
test-fast: install ## Tests with no kernel, browser or notebook run (under a minute; no nbval)
	$(PY) -m pytest $(XDIST) --dist load -m "$(FAST_MARKERS)" --timeout 60 tests cat_kz $(PYTEST_ARGS)

test-notebooks: install ## nbval (strict) on the committed notebooks, plus the papermill runs
	$(PY) -m pytest $(XDIST) notebooks tests/publish/test_notebooks.py $(PYTEST_ARGS)

notebooks: install ## Re-execute the notebooks in place with their defaults (commit the result)
	$(PY) -m cat_kz.publish.notebooks

validate: install ## Validate the evidence data (cat-kz validate)
	$(VENV)/bin/cat-kz validate

report: install ## Render every notebook into reports/ (self-contained HTML + index.html)
	$(VENV)/bin/cat-kz report

lab: install ## Start JupyterLab on the notebooks (LAB_ARGS="--no-browser --port 8890" passes through)
	$(VENV)/bin/cat-kz lab $(LAB_ARGS)

dashboard: install ## Serve the explorer at http://127.0.0.1:8866/ (DASHBOARD_ARGS="--redact victims" passes through)
	$(VENV)/bin/cat-kz dashboard $(DASHBOARD_ARGS)

benchmark: install ## Speed targets, printed as ratios or times with met / NOT MET (not part of make test)
	@status=0; \
	$(PY) benchmarks/bench_speed.py $(BENCH_ARGS) || status=1; \
	$(PY) benchmarks/bench_explorer.py || status=1; \
	$(PY) benchmarks/bench_report.py || status=1; \
	$(PY) benchmarks/bench_dashboard.py || status=1; \
	exit $$status

# Regenerates requirements.lock from pyproject.toml (runtime deps + `test`
# extra) with pip-tools in a throwaway venv, so the project venv stays clean.
# Existing pins are kept where still valid; LOCK_ARGS=--upgrade bumps them all.
# Remember to update environment.yml to the new pins of the direct deps
# (tests/test_environment.py fails until you do).
lock: ## Regenerate requirements.lock with pip-tools (LOCK_ARGS=--upgrade to bump)
	@tmp="$$(mktemp -d /tmp/cat-kz-lock.XXXXXX)"; \
	trap 'rm -rf "$$tmp"' EXIT; \
	set -e; \
	$(PYTHON) -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/python" -m pip install --quiet --upgrade pip pip-tools; \
	"$$tmp/venv/bin/pip-compile" --extra test --strip-extras \
		--no-emit-index-url --no-emit-find-links \
		$(LOCK_ARGS) --output-file requirements.lock pyproject.toml

clean: ## Remove .venv, build outputs and caches (never data/)
	rm -rf $(VENV) .pytest_cache build dist *.egg-info
	find . -path ./data -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
