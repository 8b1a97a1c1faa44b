"""The library face (`import decide`): the README's worked example runs as written."""

from __future__ import annotations

from pathlib import Path

from conftest import EXAMPLES, ROOT

import decide


def test_worked_example(tmp_path: Path) -> None:
    kb = decide.load_knowledge()
    rules = decide.load_rules(kb)
    design = decide.load_design(EXAMPLES / "sulfide-nmc811-li20.yaml", kb)
    metrics = decide.compute(design, kb)
    assert metrics.values["cell_specific_energy_wh_per_kg"] > 0
    result = decide.assess(design, kb, rules)
    assert result.phase.architecture == 3
    assert "phase-3 architecture" in result.verdict()
    out = decide.write_review(EXAMPLES / "sulfide-nmc811-li20.yaml", tmp_path / "r.html", kb)
    assert out.pages >= 0 and (tmp_path / "r.html").read_text().startswith("<!DOCTYPE html>")


def test_designs_from_code_and_a_small_screen() -> None:
    kb = decide.load_knowledge()
    rules = decide.load_rules(kb)
    design = decide.design_from_data(
        {
            "id": "from-code",
            "cathode": {
                "active_material": "nmc811",
                "catholyte": "li6ps5cl",
                "areal_capacity_mah_cm2": 4,
            },
            "separator": {"material": "li6ps5cl"},
            "anode": {"material": "lithium-metal", "thickness_um": 20},
            "cell": {"format": "pouch"},
        },
        kb,
    )
    assert decide.compute(design, kb).assumptions  # filled from sourced defaults
    space = decide.load_space(ROOT / "examples" / "semi-solid-vs-solid.space.yaml", kb)
    result = decide.screen(space, kb, rules)
    assert result.n == space.n_candidates and result.n_front >= 1


def test_the_readme_shows_the_worked_example() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "import decide" in readme and "decide.assess(" in readme
