# recapdeck: set-up, sample build, checks and tests. `make deck` and `make test` work on a fresh machine.
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: deck test test-fast check system setup schema clean

deck: system setup          ## set everything up; build the sample decks, handouts, PDFs, preview
	$(VENV)/bin/recapdeck build --pdf decks/reinvent2024-desantis.yaml decks/example-all-features.yaml
	$(VENV)/bin/recapdeck preview decks/reinvent2024-desantis.yaml

test: system setup          ## set everything up and run the whole test suite
	$(PY) -m pytest -n 2

test-fast: setup            ## the fast lane: everything that needs neither LibreOffice nor WeasyPrint
	$(PY) -m pytest -m "not external and not slow" -n 2 -q

check: setup                ## lint, format and type checks (ruff, mypy with the pydantic plugin)
	$(VENV)/bin/ruff check src tests bench scripts
	$(VENV)/bin/ruff format --check src tests bench scripts
	$(VENV)/bin/mypy

system:                     ## fonts, LibreOffice, Chromium; axe-core (npm) for the browser tests
	bash scripts/install-system-packages
	bash scripts/install-axe-core

setup: $(VENV)/.installed   ## a virtual environment with recapdeck and the test tools

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[pdf,test]'
	touch $@

schema: setup               ## regenerate docs/outline.schema.json
	$(VENV)/bin/recapdeck schema > docs/outline.schema.json

clean:
	rm -rf build $(VENV)
