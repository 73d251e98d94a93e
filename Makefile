# Spotter: two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint typecheck unit bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e ".[dev,tts]"
	@# The web page test drives Debian's Chromium; install it where we may (root on Debian), else it is skipped.
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
		apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || \
		echo "note: chromium not installed; the browser test will be skipped"
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) -m assistant migrate
	$(PY) -m assistant catalog seed
	$(PY) -m assistant serve --host $(HOST) --port $(PORT)

lint: install
	$(VENV)/bin/ruff check .

typecheck: install
	$(VENV)/bin/mypy

unit: install
	$(PY) -m pytest tests/unit

# One pytest worker per core, at most 4; each worker has its own PostgreSQL database and Redis number (tests/conftest.py).
PYTEST_WORKERS ?= auto

test: lint typecheck
	$(PY) -m pytest -n $(PYTEST_WORKERS) --maxprocesses=4

bench: install
	$(PY) benchmarks/parse.py
	$(PY) benchmarks/voice.py
	$(PY) benchmarks/rest.py
	$(PY) benchmarks/rest.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test
	$(PY) benchmarks/rest_cpu.py

clean:
	rm -rf $(VENV) var/*.db* .mypy_cache .pytest_cache .ruff_cache
