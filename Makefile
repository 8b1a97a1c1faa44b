# The README's two commands: `make demo` and `make test`. Both set up everything they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
OUT := out

.PHONY: demo test setup sysdeps lint bench clean

sysdeps:
	@bash .ci/sysdeps

$(STAMP): pyproject.toml
	@bash .ci/sysdeps
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip
	@$(BIN)/python -m pip install -q -e '.[dev,dask]'
	@touch $(STAMP)

setup: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python -m pytest

demo: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/decide kb check
	$(BIN)/decide kb export --format json -o $(OUT)/knowledge-graph.json
	$(BIN)/decide kb export --format graphml -o $(OUT)/knowledge-graph.graphml
	@echo "demo outputs written to $(OUT)/"

bench: $(STAMP)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) $(OUT)
