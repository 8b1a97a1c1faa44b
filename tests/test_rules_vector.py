"""The numpy-compiled rule pack agrees with the scalar path, point for point."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import EXAMPLES, FIXTURES

from decide.assess import design_data, with_edits
from decide.cell import compute
from decide.cell.vector import compute_arrays
from decide.design import design_from_data, load_design
from decide.rules.engine import fired
from decide.rules.facts import design_facts
from decide.rules.vector import compile_vector, evaluate_vector, vector_facts

BASES = [
    FIXTURES / "sulfide-nmc811-li.yaml",
    FIXTURES / "sulfide-nmc811-sic.yaml",
    EXAMPLES / "liquid-nmc811-graphite.yaml",
    EXAMPLES / "polymer-lfp-li.yaml",
]


@pytest.mark.parametrize("path", BASES, ids=lambda p: p.stem)
def test_vector_rules_match_scalar_rules(path, kb, ruleset) -> None:
    base = load_design(path, kb)
    rng = np.random.default_rng(7)
    n = 24
    columns = {
        "separator.thickness_um": rng.uniform(3, 120, n),
        "cathode.areal_capacity_mah_cm2": rng.uniform(0.5, 9, n),
        "cell.packaging_mass_pct": rng.uniform(2, 30, n),
    }
    arrays = compute_arrays(columns, kb, base)
    compiled = compile_vector(ruleset, kb)
    facts = vector_facts(base, compute(base, kb).values, columns, arrays, kb)
    masks, counts = evaluate_vector(compiled, facts, n)
    data = design_data(base)
    for i in range(n):
        edits = {k: float(v[i]) for k, v in columns.items()}
        edits["cathode.thickness_um"] = None
        edits["cathode.loading_mg_cm2"] = None
        point = design_from_data(with_edits(data, edits), None, kb)
        scalar = {
            r.code for r in fired(ruleset.rules, design_facts(point, compute(point, kb).values, kb))
        }
        vector = {code for code, mask in masks.items() if mask[i]}
        assert scalar == vector, (i, scalar ^ vector)
        errors = sum(ruleset.get(c).severity == "error" for c in scalar)
        assert counts["error"][i] == errors
