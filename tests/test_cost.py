"""Cost model: interpolation, the sulfide price drop of the seed's Table 1, break-even price."""

from __future__ import annotations

from pathlib import Path

import pytest

from decide.cell import compute
from decide.cell.cost import interpolate, price_in_year
from decide.design import design_from_data, load_design
from decide.kb.loader import load_knowledge
from decide.yamlio import load_file

DESIGN = Path(__file__).resolve().parents[1] / "examples" / "designs" / "sulfide-nmc811-li20.yaml"


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


def _in_year(kb, year: int):
    data, lines = load_file(DESIGN)
    data["production_year"] = year
    return compute(design_from_data(data, lines, kb, str(DESIGN)), kb)


def test_interpolation_is_linear_and_flat_outside() -> None:
    series = ((2025.0, 2030.0), (650.0, 150.0))
    assert interpolate(2027.5, series) == pytest.approx(400.0)
    assert interpolate(2020, series) == 650.0
    assert interpolate(2040, series) == 150.0


def test_sulfide_follows_the_seed_table(kb) -> None:
    assert price_in_year(kb, "li6ps5cl", 2025) == pytest.approx(650.0)
    assert price_in_year(kb, "li6ps5cl", 2030) == pytest.approx(150.0)


def test_sulfide_design_costs_more_in_2025_by_price_drop_times_mass(kb) -> None:
    early, late = _in_year(kb, 2025), _in_year(kb, 2030)
    drop = price_in_year(kb, "li6ps5cl", 2025) - price_in_year(kb, "li6ps5cl", 2030)
    mass = late.values["electrolyte_mass_kg_per_kwh"]
    el_early = early.values["electrolyte_cost_usd_per_kwh"]
    el_late = late.values["electrolyte_cost_usd_per_kwh"]
    assert el_early - el_late == pytest.approx(drop * mass, rel=1e-9)
    assert (
        early.values["cell_cost_usd_per_kwh"]
        > late.values["cell_cost_usd_per_kwh"] + 0.9 * drop * mass
    )


def test_breakeven_price_meets_the_target(kb) -> None:
    m = _in_year(kb, 2030)
    v = m.values
    others = v["cell_cost_usd_per_kwh"] - v["electrolyte_cost_usd_per_kwh"]
    at_breakeven = (
        others + v["breakeven_electrolyte_price_usd_per_kg"] * v["electrolyte_mass_kg_per_kwh"]
    )
    assert at_breakeven == pytest.approx(v["cost_target_usd_per_kwh"])
    assert v["cost_target_usd_per_kwh"] == pytest.approx(90.0)


def test_breakdown_sums_to_total(kb) -> None:
    m = load_design(DESIGN, kb)
    result = compute(m, kb)
    assert sum(result.cost_breakdown.values()) == pytest.approx(
        result.values["cell_cost_usd_per_kwh"]
    )


def test_price_override_in_design_wins(kb) -> None:
    data, lines = load_file(DESIGN)
    data["cathode"]["price_usd_per_kg"] = 100.0
    m = compute(design_from_data(data, lines, kb, str(DESIGN)), kb)
    base = compute(load_design(DESIGN, kb), kb)
    assert m.cost_breakdown["cathode_active"] > base.cost_breakdown["cathode_active"]
