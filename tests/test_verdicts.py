"""Verdicts an engineer can trust: regression tests for the defects a design review found."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import EXAMPLES, FIXTURES

from decide.assessment import assess
from decide.design import design_from_data, load_design
from decide.design.edits import design_data, with_edits


def _findings(kb, ruleset, data: dict[str, Any]) -> dict[str, Any]:
    design = design_from_data(data, None, kb)
    return {f.code: f for f in assess(design, kb, ruleset, levers=False).findings}


def _fixture(kb, name: str, edits: dict[str, Any] | None = None) -> dict[str, Any]:
    return with_edits(design_data(load_design(FIXTURES / f"{name}.yaml", kb)), edits or {})


def test_sulfide_findings_name_only_the_sulfides(kb, ruleset) -> None:
    """SAF001 and MFG001 called LLZO a sulfide when an oxide separator met a sulfide catholyte."""
    data = _fixture(kb, "sulfide-nmc811-li", {"separator.material": "llzo"})
    found = _findings(kb, ruleset, data)
    for code in ("SAF001", "MFG001"):
        assert found[code].subjects == ["li6ps5cl"], code
        assert "llzo" not in found[code].message
    assert "SAF001" not in _findings(kb, ruleset, _fixture(kb, "oxide-llzo-li"))


def test_findings_are_ordered_by_severity_then_rank(kb, ruleset) -> None:
    design = load_design(EXAMPLES / "sulfide-nmc811-li20.yaml", kb)
    findings = assess(design, kb, ruleset, levers=False).findings
    order = {"error": 0, "warning": 1, "info": 2}
    keys = [(order[f.severity], f.rank, f.code) for f in findings]
    assert keys == sorted(keys)
    assert all(1 <= f.rank <= 99 for f in findings)
