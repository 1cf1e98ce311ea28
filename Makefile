# samrehab — the two commands: `make run` and `make test`. Everything else is set up on demand.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
SAMREHAB := $(BIN)/samrehab
DB ?= warehouse/samrehab.duckdb
DELIVERY ?= data_samples/delivery
PORT ?= 8501
ADDRESS ?= 127.0.0.1
SCALE ?= 1m
# `make test`: pytest-xdist workers, each runs one test file at a time, long files first (tests/conftest.py).
# Three on two cores: much of the suite waits (browsers, servers, killed builds), and a third worker fills
# that time; with two the cores were busy 1.4 of 2 on average.
TEST_WORKERS ?= 3
export DO_NOT_TRACK := 1
export DBT_SEND_ANONYMOUS_USAGE_STATS := False
export GX_ANALYTICS_ENABLED := False
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup run warehouse dashboard test test-full test-spark lint docs notebook bench report browser clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11 (or call make PYTHON=/path/to/python3.11)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(PY) -r requirements.lock
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(PY) --no-deps -e .
	touch $@

setup: $(VENV)/.installed  ## create .venv and install the pinned dependencies

warehouse: setup  ## ingest the sample delivery and build + publish the warehouse
	$(SAMREHAB) ingest $(DELIVERY) --db $(DB)
	$(SAMREHAB) build --db $(DB)

run: warehouse  ## ingest the sample, build the warehouse, serve the dashboard on http://localhost:8501
	$(SAMREHAB) dashboard --db $(DB) --port $(PORT) --address $(ADDRESS)

dashboard: setup  ## serve the dashboard on the already built warehouse
	$(SAMREHAB) dashboard --db $(DB) --port $(PORT) --address $(ADDRESS)

browser:  ## install Debian's Chromium, poppler, OpenJDK 17, Node.js and nginx, and the npm test tools (root only; otherwise the tests say why they skip)
	@if [ -x /usr/bin/chromium ]; then echo "chromium: $$(/usr/bin/chromium --version 2>/dev/null)"; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null) \
	  || echo "chromium could not be installed: browser tests will skip and say so"; \
	else echo "chromium missing and not root: browser tests will skip and say so"; fi
	@command -v pdftotext >/dev/null || { [ "$$(id -u)" = "0" ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null || true; }
	@command -v java >/dev/null && echo "java: $$(java -version 2>&1 | head -1)" || { \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null) \
	    || echo "openjdk-17-jre-headless could not be installed: the Spark tests will skip and say so"; \
	  else echo "java missing and not root: the Spark tests will skip and say so"; fi; }
	@command -v npm >/dev/null && echo "node: $$(node --version)" || { \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null) \
	    || echo "nodejs/npm could not be installed: the sign-in and accessibility tests will skip and say so"; \
	  else echo "node missing and not root: the sign-in and accessibility tests will skip and say so"; fi; }
	@[ -x /usr/sbin/nginx ] && echo "nginx: $$(/usr/sbin/nginx -v 2>&1)" || { \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null) \
	    || echo "nginx could not be installed: the sign-in test will skip and say so"; \
	  else echo "nginx missing and not root: the sign-in test will skip and say so"; fi; }
	@if command -v npm >/dev/null; then \
	  [ -d tools/node/node_modules/oidc-provider ] || (cd tools/node && npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
	  || echo "npm packages (oidc-provider, axe-core) could not be installed: the sign-in and accessibility tests will skip and say so"; fi

test: setup browser  ## the whole test suite (what CI runs); further variants of some checks are left to test-full
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(PY) -m pytest -p no:cacheprovider -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder -m "not full"

test-full: setup browser  ## make test plus every variant marked `full` (more kill moments, English axe walk on every page)
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(PY) -m pytest -p no:cacheprovider -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

test-spark: setup browser  ## the sample on Spark: full dbt build with every data test, marts compared with DuckDB's (needs Java)
	SAMREHAB_SPARK_BUILD=1 SAMREHAB_SPARK_DATA_TESTS=1 $(PY) -m pytest -p no:cacheprovider -s tests/test_spark_build.py

lint: setup  ## ruff and the import contracts (layers)
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

docs: setup  ## generate and serve the dbt documentation (offline) on port 8080
	SAMREHAB_DB=$(abspath $(DB)) $(BIN)/dbt docs generate --profiles-dir . --project-dir .
	SAMREHAB_DB=$(abspath $(DB)) $(BIN)/dbt docs serve --profiles-dir . --project-dir . --port 8080 --host 127.0.0.1

notebook: warehouse  ## Jupyter Lab on the sample warehouse
	SAMREHAB_DB=$(abspath $(DB)) $(BIN)/jupyter lab --notebook-dir=notebooks --ip=127.0.0.1

report: warehouse  ## quarterly report for the sample (region 19, 2025Q3) into reports/
	$(SAMREHAB) report --db $(DB) --quarter 2025Q3 --region 19 --out reports/quarterly

bench: setup  ## benchmark (SCALE=1m default; SCALE=10m for the national scale; SPARK=1 adds the Spark build); writes BENCHMARKS.md
	$(PY) -m tests.benchmarks.run --scale $(SCALE) $(if $(SPARK),--spark)

clean:  ## remove the built warehouse and reports (keeps .venv)
	rm -rf warehouse target logs reports screenshots
