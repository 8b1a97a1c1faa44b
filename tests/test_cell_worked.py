"""Acceptance: the cell model reproduces the worked examples of ../shared/validation within 1 %."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from decide.cell import compute
from decide.design import load_design
from decide.kb.loader import load_knowledge

# ../shared sits beside the checkout (as in CI); the acceptance test must not skip silently.
WORKED = Path(__file__).resolve().parents[2] / "shared" / "validation" / "worked"
EXPECTED = json.loads((WORKED / "expected.json").read_text())


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


@pytest.mark.parametrize("design_id", sorted(EXPECTED))
def test_worked_example_within_one_percent(design_id: str, kb) -> None:
    metrics = compute(load_design(WORKED / f"{design_id}.yaml", kb), kb)
    for key, expected in EXPECTED[design_id].items():
        assert metrics.values[key] == pytest.approx(expected, rel=0.01), key
