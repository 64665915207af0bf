# OnsPlan: `make run` serves the demo on http://127.0.0.1:5000; `make test` runs every test (SQLite, PostgreSQL, e2e).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test test-unit test-postgres test-e2e test-lane-sqlite test-lane-postgres lint translations translations-compile system-deps bench mutate load fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

translations-compile: $(VENV)/.installed
	$(BIN)/pybabel compile -d translations 2>&1 | grep -v "^compiling" || true

## Run the app with the demo story on the embedded SQLite database (instance/onsplan.db); the push worker runs
## beside the web server and stops with it (Ctrl-C). No Werkzeug debugger (FLASK_DEBUG would give anyone who reaches
## the port a Python console) and no reloader; INSECURE_COOKIES=1 drops `Secure` from the cookies for http://127.0.0.1.
run: $(VENV)/.installed translations-compile
	$(BIN)/alembic upgrade head
	DEMO=1 INSECURE_COOKIES=1 $(BIN)/flask --app webapp seed-demo
	DEMO=1 INSECURE_COOKIES=1 $(BIN)/flask --app webapp worker & trap "kill $$! 2>/dev/null; wait" EXIT; \
		DEMO=1 INSECURE_COOKIES=1 $(BIN)/flask --app webapp run --host 127.0.0.1 --port 5000

## Debian's Chromium (for Playwright), PostgreSQL server binaries (for the PostgreSQL test run) and redis-server (for
## the Redis fragment cache's tests).
system-deps:
	@if ! command -v chromium >/dev/null || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v redis-server >/dev/null; then \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium postgresql redis-server >/dev/null; \
	fi

lint: $(VENV)/.installed-test
	$(BIN)/ruff check webapp tests e2e migrations bench

test-unit: $(VENV)/.installed-test translations-compile
	$(BIN)/pytest tests -q -p no:cacheprovider

test-postgres: $(VENV)/.installed-test translations-compile system-deps
	ONSPLAN_TEST_DB=postgres $(BIN)/pytest tests -q -p no:cacheprovider

E2E := $(BIN)/pytest e2e -q -p no:cacheprovider

test-e2e: $(VENV)/.installed-test translations-compile system-deps
	$(E2E)

## Everything CI runs: lint, then two lanes side by side, one per core. Lane 1: unit + integration on SQLite; lane 2:
## the same tests on PostgreSQL. Then both lanes run the Playwright journeys from one queue (E2E_QUEUE, see
## e2e/work_queue.py): each takes the next test file nobody took yet, so the lane that finished its unit tests first
## takes more and both end together on any machine. Each run has a database and an app server of its own, so they
## cannot meet. `make test-e2e` runs all journeys in one go.
test: lint
	@queue=$$(mktemp -d); trap 'rm -rf "$$queue"' EXIT; \
		E2E_QUEUE=$$queue $(MAKE) --no-print-directory -j2 --output-sync=target test-lane-sqlite test-lane-postgres

test-lane-sqlite: test-unit system-deps
	$(E2E)

test-lane-postgres: test-postgres
	$(E2E)

## Python may keep compiled modules (and pytest its rewritten test modules) in __pycache__ during the tests, even on a
## machine that sets PYTHONDONTWRITEBYTECODE: each later test process then starts in 6 s instead of 13.
test test-unit test-postgres test-e2e test-lane-sqlite test-lane-postgres: export PYTHONDONTWRITEBYTECODE :=

## Benchmark, not part of `make test`: 10 / 1,000 / 10,000 families served with webapp/gunicorn_conf.py; per page
## server CPU ms per request (the workers' /proc counters), req/s and p50/p99 against two yardsticks (a bare Flask
## route, and the same behind a login with CSRF and a translation), median of 3 rounds; SQL per page, first-visit
## bytes, Lighthouse. Results in bench-results/latest.md and .json; options: make bench BENCH_ARGS="--help".
bench: $(VENV)/.installed translations-compile system-deps
	@if ! command -v wrk >/dev/null; then \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk >/dev/null; \
	fi
	@test -x .bench-node/node_modules/.bin/lighthouse || npm install --no-save --no-audit --no-fund --prefix .bench-node lighthouse >/dev/null \
		|| echo "Lighthouse could not be installed: the bench reports that and measures the rest."
	$(BIN)/python -m bench.respite_matching
	$(BIN)/python -m bench.peers_search
	$(BIN)/python -m bench.run $(BENCH_ARGS)

$(VENV)/.installed-load: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[load]'
	touch $@ $(VENV)/.installed

## Load test, not part of `make test`: locust's simulated people (reading plans and messages, sending messages,
## answering appointments; 15% writes) against gunicorn (2 workers x 4 threads) on the embedded SQLite and on
## PostgreSQL with the push worker; errors and p50/p99 per request kind in bench-results/load-latest.md.
## Default 50 people x 20 s; the long run: make load LOAD_ARGS="--long" (200 people x 5 min); more: LOAD_ARGS="--help".
load: $(VENV)/.installed-load translations-compile system-deps
	$(BIN)/python -m bench.load.run $(LOAD_ARGS)

$(VENV)/.installed-mutate: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test,mutate]'
	touch $@ $(VENV)/.installed-test $(VENV)/.installed

## Mutation testing, not part of `make test`: mutmut mutates each rule-holding module (bench/mutation/targets.py) in a copy
## of the project under .mutate/ and runs that module's tests. Report: mutation-results/latest.md; one module:
## make mutate MUTATE_ARGS="auth/policy".
mutate: $(VENV)/.installed-mutate translations-compile
	$(BIN)/python -m bench.mutation.run $(MUTATE_ARGS)

## Long fuzz run, not part of `make test` (which sends each form 10 fixed examples): FUZZ_EXAMPLES per form (default
## 500) with fresh randomness, on SQLite and on PostgreSQL. A failure prints the example and a blob to replay it.
FUZZ_EXAMPLES ?= 500
fuzz: $(VENV)/.installed-test translations-compile system-deps
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) nice $(BIN)/pytest tests/fuzz -q -p no:cacheprovider
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) ONSPLAN_TEST_DB=postgres nice $(BIN)/pytest tests/fuzz -q -p no:cacheprovider

## Re-extract strings after changing texts, then translate the new entries in translations/*/LC_MESSAGES.
translations: $(VENV)/.installed
	$(BIN)/pybabel extract --ignore-dirs='.* node_modules' -F babel.cfg -k _l -k lazy_gettext -o translations/messages.pot --add-location=file --sort-by-file --project OnsPlan .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --width 120
	$(BIN)/python -m webapp.i18n.source_catalogue translations/nl/LC_MESSAGES/messages.po

clean:
	rm -rf $(VENV) instance .pytest_cache .mutate mutants
