"""Phase scoring: architecture from the anode class, targets met, gaps, and the phase verdict
over arrays of design points (what it would take: tests/test_levers.py)."""

from __future__ import annotations

import numpy as np

from decide.phase import (
    architecture_of,
    phase_gaps,
    phases_met_arrays,
    targets_met,
    targets_met_arrays,
)


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


def test_phases_met_over_arrays_are_cumulative_and_agree_with_targets_met(kb) -> None:
    wh_kg = np.array([150.0, 250.0, 450.0, 450.0, 520.0, 520.0])
    wh_l = np.array([900.0, 700.0, 700.0, 850.0, 990.0, 1100.0])
    arrays = {"cell_specific_energy_wh_per_kg": wh_kg, "cell_energy_density_wh_per_l": wh_l}
    met = phases_met_arrays(kb, arrays)
    assert [list(met[k]) for k in (1, 2, 3)] == [
        [False, True, True, True, True, True],
        [False, False, False, True, True, True],
        [False, False, False, False, False, True],
    ]
    for k in (2, 3):
        assert not (met[k] & ~met[k - 1]).any()  # meeting phase k implies meeting k - 1
    scalar = [
        targets_met(phase_gaps(kb, {k: float(v[i]) for k, v in arrays.items()}))
        for i in range(len(wh_kg))
    ]
    assert list(targets_met_arrays(kb, arrays)) == scalar
