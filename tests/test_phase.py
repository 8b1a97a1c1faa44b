"""Phase scoring: architecture from the anode class, targets met, gaps, and the single-lever
changes that reach the next phase (checked by recomputing the design with the cell model)."""

from __future__ import annotations

from conftest import EXAMPLES, FIXTURES

from decide.assessment import assess, make_recompute
from decide.design import load_design
from decide.design.edits import design_data
from decide.phase import _meets, architecture_of, phase_gaps, targets_met


def test_architecture_follows_the_seed_roadmap(kb) -> None:
    assert architecture_of(kb, "graphite") == 1
    assert architecture_of(kb, "low-si") == 1
    assert architecture_of(kb, "high-si") == 2
    assert architecture_of(kb, "lithium-metal") == 3
    assert architecture_of(kb, "anode-free") == 3
    assert architecture_of(kb, "unobtainium") is None


def test_targets_met_uses_every_target_of_a_phase(kb) -> None:
    def met(wh_kg: float, wh_l: float) -> int:
        values = {"cell_specific_energy_wh_per_kg": wh_kg, "cell_energy_density_wh_per_l": wh_l}
        return targets_met(phase_gaps(kb, values))

    assert met(150, 400) == 0
    assert met(200, 400) == 1
    assert met(410, 790) == 1  # phase 2 needs 800 Wh/L too
    assert met(410, 800) == 2
    assert met(499, 1200) == 2
    assert met(500, 1000) == 3


def test_gaps_report_shortfalls(kb) -> None:
    gaps = phase_gaps(
        kb, {"cell_specific_energy_wh_per_kg": 350, "cell_energy_density_wh_per_l": 900}
    )
    by_key = {(g.phase, g.metric): g for g in gaps}
    assert by_key[(2, "cell_specific_energy_wh_per_kg")].shortfall == 50
    assert by_key[(2, "cell_energy_density_wh_per_l")].met
    assert by_key[(3, "cell_energy_density_wh_per_l")].shortfall == 100


def test_each_feasible_lever_really_reaches_the_next_phase(kb, ruleset) -> None:
    design = load_design(EXAMPLES / "wang2022-halide-li40.yaml", kb)
    result = assess(design, kb, ruleset)
    phase = result.phase
    assert phase.next_phase == phase.targets_met + 1
    feasible = [lever for lever in phase.levers if lever.feasible]
    assert len(feasible) >= 2, phase.statement
    recompute = make_recompute(kb, design_data(design))
    from decide.phase import _lever_specs

    specs = {s.name: s for s in _lever_specs()}
    gaps = phase.gaps
    data = design_data(design)
    for lever in feasible:
        spec = specs[lever.lever]
        assert _meets(recompute(spec.edits(data, lever.required)), gaps, phase.next_phase)
        # a tenth of the way back towards the current value no longer suffices: it is the minimum
        back = lever.required + 0.1 * (lever.current - lever.required)
        assert not _meets(recompute(spec.edits(data, back)), gaps, phase.next_phase), lever


def test_no_single_lever_is_said_plainly(kb, ruleset) -> None:
    design = load_design(FIXTURES / "polymer-lfp-li.yaml", kb)
    phase = assess(design, kb, ruleset).phase
    assert phase.next_phase is not None
    if not any(lever.feasible for lever in phase.levers):
        assert "No single lever" in phase.statement
    else:
        assert "any one of these changes" in phase.statement
