"""Acceptance: the cell model reproduces the worked examples of ../shared/validation within 1 %."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from decide.cell import compute
from decide.design import load_design
from decide.kb.loader import load_knowledge

WORKED = Path(__file__).resolve().parents[2] / "shared" / "validation" / "worked"
if not WORKED.is_dir():  # the checkout may live elsewhere; the shared folder is fixed
    WORKED = Path("/work/shared/validation/worked")
EXPECTED = json.loads((WORKED / "expected.json").read_text()) if WORKED.is_dir() else {}


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


@pytest.mark.skipif(not EXPECTED, reason="shared validation data not present")
@pytest.mark.parametrize("design_id", sorted(EXPECTED))
def test_worked_example_within_one_percent(design_id: str, kb) -> None:
    metrics = compute(load_design(WORKED / f"{design_id}.yaml", kb), kb)
    for key, expected in EXPECTED[design_id].items():
        assert metrics.values[key] == pytest.approx(expected, rel=0.01), key
