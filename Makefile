# The README's two commands: `make demo` and `make test`. Both set up everything they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
OUT := out

.PHONY: demo test setup sysdeps lint typecheck bench clean

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

typecheck: $(STAMP)
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/python -m pytest

demo: $(STAMP)
	@mkdir -p $(OUT)/metrics $(OUT)/reviews $(OUT)/screening
	$(BIN)/decide kb check
	$(BIN)/decide kb export --format json -o $(OUT)/knowledge-graph.json
	$(BIN)/decide kb export --format graphml -o $(OUT)/knowledge-graph.graphml
	@for d in examples/designs/*.yaml; do \
	  n=$$(basename $$d .yaml); \
	  $(BIN)/decide metrics $$d --format json > $(OUT)/metrics/$$n.json || exit 1; \
	  $(BIN)/decide review $$d -o $(OUT)/reviews/$$n.pdf || exit 1; \
	  $(BIN)/decide review $$d -o $(OUT)/reviews/$$n.html || exit 1; \
	done
	$(BIN)/decide check examples/designs/*.yaml --format json > $(OUT)/findings.json; [ $$? -le 1 ]  # 1 = errors found, a result
	$(BIN)/decide brief -o $(OUT)/briefing.pdf --year 2026
	$(BIN)/decide brief -o $(OUT)/briefing.html --year 2026
	@for s in examples/*.space.yaml; do \
	  n=$$(basename $$s .space.yaml); \
	  $(BIN)/decide screen $$s -o $(OUT)/screening/$$n.csv || exit 1; \
	  $(BIN)/decide screen $$s -o $(OUT)/screening/$$n.pdf --top 20 || exit 1; \
	done
	@echo "demo outputs written to $(OUT)/: briefing, a review of each example design, screening results"

bench: $(STAMP)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) $(OUT)
