# cockpit-sim: `make run` starts the cockpit, `make test` runs the tests.
# Both install everything first (Debian packages and a .venv), and do nothing extra when it is there.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 7860
# Third-party evaluation data is read in place, never copied into the repository (docs/architecture.md).
COCKPIT_SIM_SHARED ?= $(wildcard $(abspath ..)/shared)
export COCKPIT_SIM_SHARED

.PHONY: setup system-deps run test test-unit bench clean

setup: system-deps $(STAMP)

system-deps:
	@bash scripts/install-system-deps.sh

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[dev,ray]'
	$(PY) -m pip install -q --no-deps openai-whisper==20250625
	@touch $(STAMP)

run: setup
	$(VENV)/bin/cockpit-sim run --host $(HOST) --port $(PORT)

test: setup
	$(PY) -m pytest -q -ra tests

test-unit: setup
	$(PY) -m pytest -q tests/unit

bench: setup
	@for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
