# Quick start on a fresh Debian machine (as root):  make book   then   make test
# Everything the build needs is installed by these targets.

SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
JB := $(VENV)/bin/jupyter-book
STAMP := $(VENV)/.installed
export MPLCONFIGDIR := $(CURDIR)/_build/.mplconfig
export PYTHONHASHSEED := 0
# The engine's matrices are small (56-112 cells): BLAS threads cost more than they save.
export OPENBLAS_NUM_THREADS ?= 1

# Debian packages for the PDF (TeX, CJK fonts), the PDF checks and the browser test.
APT_PDF := texlive-xetex texlive-latex-extra texlive-latex-recommended texlive-lang-cjk \
           texlive-lang-chinese texlive-fonts-recommended latexmk xindy fonts-noto-cjk \
           fonts-freefont-otf poppler-utils make
APT_TEST := chromium chromium-driver

.PHONY: book html pdf test setup sysdeps sysdeps-test lock refresh-outputs data results validate clean help

help:
	@echo "make book     set up, execute every chapter, build the site (_build/html) and the PDF"
	@echo "make test     set up and run the whole test suite (includes strict HTML and PDF builds)"
	@echo "make refresh-outputs  re-execute chapters and store the outputs nbval compares"
	@echo "make data     rebuild the tidy extracts in data/ from ../shared"
	@echo "make results  recompute data/results/results.csv"
	@echo "make lock     regenerate requirements.txt from requirements.in"

# The stamp holds the hash of what was installed from: a newer but identical requirements.txt or
# pyproject.toml (a checkout, a rebase) only refreshes the stamp instead of re-running pip.
SETUP_KEY = $$(cat requirements.txt pyproject.toml | sha256sum | cut -c1-64)
$(STAMP): requirements.txt pyproject.toml
	@if [ -x $(PY) ] && [ "$$(cat $@ 2>/dev/null)" = "$(SETUP_KEY)" ]; then touch $@; exit 0; fi; \
	set -ex; \
	$(PYTHON) -m venv $(VENV); \
	$(PY) -m pip install --quiet --upgrade pip; \
	$(PY) -m pip install --quiet -r requirements.txt; \
	$(PY) -m pip install --quiet --no-deps -e .; \
	echo "$(SETUP_KEY)" > $@

setup: $(STAMP)

# Install the system packages when missing and we can (root + apt); otherwise say what is missing.
# The stamps (keyed on the package list, older than dpkg's database = stale) make a repeated check free.
sysdeps:
	@bash scripts/sysdeps.sh --stamp $(VENV)/.sysdeps-pdf pdf $(APT_PDF)

sysdeps-test: sysdeps
	@bash scripts/sysdeps.sh --stamp $(VENV)/.sysdeps-test test $(APT_TEST)

book: setup sysdeps
	$(PY) -m smegvc.build

html: setup
	$(PY) -m smegvc.build --html-only

test: setup sysdeps-test
	$(PY) -m pytest

refresh-outputs: setup
	$(PY) scripts/refresh_outputs.py

data: setup
	$(PY) -m smegvc extract
	$(PY) -m smegvc extract --tiva

results: setup
	$(PY) -m smegvc results

validate: setup
	$(PY) -m smegvc validate

lock:
	rm -rf _build/.lockenv && $(PYTHON) -m venv _build/.lockenv
	_build/.lockenv/bin/pip install --quiet -r requirements.in
	{ echo "# Fully pinned environment (direct + transitive). Generated from requirements.in by 'make lock'."; \
	  echo "# Python 3.11. Do not edit by hand."; \
	  _build/.lockenv/bin/pip freeze --exclude-editable; } > requirements.txt
	rm -rf _build/.lockenv

clean:
	rm -rf _build
