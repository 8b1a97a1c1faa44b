"""Where the cyclable lithium comes from, and which layer grows on charge (issue: Li-S cells were
charged twice: the plated lithium was added on top of a foil that already held it)."""

from __future__ import annotations

import pytest

from decide.cell import compute
from decide.design import design_from_data
from decide.kb.loader import load_knowledge

KB = load_knowledge()


def _li_s(foil_um: float = 60.0) -> dict:
    return {
        "id": "li-s",
        "production_year": 2030,
        "cathode": {
            "active_material": "sulfur",
            "average_voltage_v": 2.1,
            "active_wt_pct": 50,
            "catholyte": "li6ps5cl",
            "catholyte_wt_pct": 40,
            "additive": "carbon-black",
            "areal_capacity_mah_cm2": 6,
            "porosity_pct": 15,
        },
        "separator": {"material": "li6ps5cl", "thickness_um": 30, "porosity_pct": 10},
        "anode": {"material": "lithium-metal", "thickness_um": foil_um},
        "current_collectors": {"positive_thickness_um": 12, "negative_thickness_um": 8},
        "cell": {"format": "pouch", "packaging_mass_pct": 10, "packaging_volume_pct": 10},
    }


def _metrics(data: dict) -> dict:
    return compute(design_from_data(data, None, KB), KB).values


def test_a_cathode_without_lithium_is_charged_as_built() -> None:
    v = _metrics(_li_s())
    assert v["plated_lithium_um"] == 0
    built = (
        v["cathode_thickness_um"] + 30 + 60 + 6 + 4  # cathode, separator, foil, half collectors
    )
    assert v["stack_thickness_um"] == pytest.approx(built)
    # before the fix the stack also carried 6 mAh/cm2 of plated lithium: 29 um more
    plated = 6 / KB.index.prop("lithium-metal", "volumetric_capacity_mah_cm3") * 1e4
    assert plated == pytest.approx(29.1, abs=0.1)
    old = v["stack_energy_density_wh_per_l"] * built / (built + plated)
    assert v["stack_energy_density_wh_per_l"] > old * 1.1


def test_the_foil_is_the_lithium_source_not_excess() -> None:
    v = _metrics(_li_s(60))
    needed = 6 / KB.index.prop("lithium-metal", "volumetric_capacity_mah_cm3") * 1e4
    assert v["lithium_excess_um"] == pytest.approx(60 - needed)
    short = _metrics(_li_s(20))
    assert short["lithium_excess_um"] < 0  # 20 um cannot lithiate 6 mAh/cm2 of sulfur


def test_the_theoretical_limit_counts_the_lithium() -> None:
    v = _metrics(_li_s())
    sulfur = KB.index.prop("sulfur", "theoretical_capacity_mah_g")
    lithium = KB.index.prop("lithium-metal", "specific_capacity_mah_g")
    assert v["theoretical_specific_energy_limit_wh_per_kg"] == pytest.approx(
        2.1 / (1 / sulfur + 1 / lithium)
    )
    assert 2300 < v["theoretical_specific_energy_limit_wh_per_kg"] < 2700


def test_a_lithiated_cathode_still_plates_on_charge() -> None:
    data = _li_s(20)
    data["cathode"].update({"active_material": "nmc811", "areal_capacity_mah_cm2": 4})
    data["cathode"].pop("average_voltage_v")
    v = _metrics(data)
    assert v["plated_lithium_um"] == pytest.approx(
        4 / KB.index.prop("lithium-metal", "volumetric_capacity_mah_cm3") * 1e4
    )
    assert v["lithium_excess_um"] == pytest.approx(20)
