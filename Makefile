# Two commands on a fresh machine: `make run` (set up, start the app) and `make test` (set up, pass every test).
# `make check` is the inner loop: the linter and every test that needs no browser.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run check test chromium lint validate bench lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Exactly the tested set: every package and its hash from requirements.lock, then the project itself
# without resolving anything again; `pip check` fails when the lock no longer meets pyproject.toml's ranges.
$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/pip check
	touch $@

run: $(VENV)/.installed
	$(BIN)/streamlit run app.py --server.port $(PORT)

# Browser tests drive Debian's Chromium; Playwright's own browser download is never used.
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null; \
	else echo "Install Debian's chromium (sudo apt-get install chromium) and run make test again." >&2; exit 1; fi

lint: $(VENV)/.installed
	$(BIN)/ruff check .

# pytest exits 5 when it collects no test; make fails on it like on any other non-zero status, so an
# emptied selection stops .ci/run instead of passing it.
check: lint
	$(BIN)/pytest -m "not browser and not soak"

test: lint chromium
	$(BIN)/pytest

validate: $(VENV)/.installed
	$(BIN)/defence-figures validate

# The benchmarks, then README.md's Performance section rewritten from bench/results/latest.json.
bench: $(VENV)/.installed
	$(BIN)/python -m bench
	$(BIN)/python -m bench.report

# After a change to the ranges in pyproject.toml: resolve them again, with hashes, in a throwaway venv
# (pip-tools is not part of the app or its tests). Pins already in requirements.lock are kept while
# they fit; `make lock LOCK_FLAGS=--upgrade` moves every package to the newest release in range.
PIP_TOOLS := pip-tools==7.6.2
lock:
	tools=$$(mktemp -d) && $(PYTHON) -m venv $$tools && $$tools/bin/pip install --quiet $(PIP_TOOLS) && \
	CUSTOM_COMPILE_COMMAND="make lock" $$tools/bin/pip-compile --quiet --generate-hashes --extra test \
		--strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_FLAGS) -o requirements.lock pyproject.toml; \
	status=$$?; rm -rf $$tools; exit $$status

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts
