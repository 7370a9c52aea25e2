# Two commands on a fresh machine: `make run` (set up, start the app) and `make test` (set up, pass every test).
# `make check` is the inner loop: the linter and every test that needs no browser.
# `make serve` runs one app process per core behind Debian's nginx, `make stop` ends them (docs/serving.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
# Loopback only: reachable from this machine and nothing else. `make run HOST=0.0.0.0` serves the network.
HOST ?= 127.0.0.1
# make serve: the proxy's address and port, how many app processes, and the folder for their pids and logs.
SERVE_HOST ?= 127.0.0.1
SERVE_PORT ?= 8080
WORKERS ?= $(shell nproc)
APP_PORT_BASE ?= 8601
RUN_DIR ?= .run

.PHONY: run serve stop check test chromium nginx lint validate bench lock clean

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
	$(BIN)/streamlit run app.py --server.address $(HOST) --server.port $(PORT)

# Idempotent: run again, it starts only the processes that are not running (a lost one comes back).
serve: $(VENV)/.installed nginx
	$(BIN)/python deploy/serve.py start --run-dir $(RUN_DIR) --host $(SERVE_HOST) --port $(SERVE_PORT) \
		--workers $(WORKERS) --app-port-base $(APP_PORT_BASE)

# Ends exactly the processes named in $(RUN_DIR)'s pid files, each checked to be the one serve started.
stop:
	@if [ -x $(BIN)/python ]; then $(BIN)/python deploy/serve.py stop --run-dir $(RUN_DIR); \
	else echo "no $(BIN): make serve never ran here, nothing to stop"; fi

# Browser tests drive Debian's Chromium; Playwright's own browser download is never used.
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null; \
	else echo "Install Debian's chromium (sudo apt-get install chromium) and run make test again." >&2; exit 1; fi

# The proxy in front of `make serve` and the proxy tests: Debian's nginx, run with its own prefix under
# $(RUN_DIR) (or a test's folder), never from /etc/nginx.
nginx:
	@if [ -x /usr/sbin/nginx ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null; \
	else echo "Install Debian's nginx (sudo apt-get install nginx) and run make again." >&2; exit 1; fi

lint: $(VENV)/.installed
	$(BIN)/ruff check .

# pytest exits 5 when it collects no test; make fails on it like on any other non-zero status, so an
# emptied selection stops .ci/run instead of passing it.
check: lint nginx
	$(BIN)/pytest -m "not browser and not soak"

test: lint chromium nginx
	$(BIN)/pytest

validate: $(VENV)/.installed
	$(BIN)/defence-figures validate

# The benchmarks, then README.md's Performance section rewritten from bench/results/latest.json.
# The proxy suite runs `make serve`'s nginx.
bench: $(VENV)/.installed nginx
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
