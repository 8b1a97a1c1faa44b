"""Sourced market prices (knowledge/prices/market-prices.yaml) and the designs they price."""

from __future__ import annotations

from pathlib import Path

import pytest

from decide.cell import compute
from decide.cell.cost import material_price, price_in_year
from decide.design import load_design
from decide.kb.loader import load_knowledge

DESIGNS = Path(__file__).resolve().parents[1] / "examples" / "designs"

# Designs whose every component now has a price (own series, family series or a lower bound).
PRICED = [
    "quantumscape-oxide-anode-free",
    "sulfide-nmc811-graphite",
    "sulfide-nmc811-li20",
    "tan2021-micro-si",
    "wang2022-halide-li40",
]


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


def _point(kb, series_id: str, year: int):
    entry = kb.entries[series_id]
    (point,) = [p for p in entry.points if p.year == year]
    return point


def test_pinned_values_and_their_sources(kb) -> None:
    graphite = _point(kb, "price-graphite", 2022)
    assert graphite.value == 12.5 and graphite.source == ["cmu-batterycost-defaults"]
    assert _point(kb, "price-nca", 2022).value == 24.0
    lfp = _point(kb, "price-lfp", 2023)
    assert lfp.value == 8.45 and lfp.source == ["mysteel-2023-lfp"]
    llzo = _point(kb, "price-llzo", 2021)
    assert (llzo.min, llzo.max) == (10, 50)
    assert _point(kb, "price-li2s", 2021).value == 654.18


def test_element_floors_are_lower_bounds(kb) -> None:
    for series_id, year, floor in (
        ("price-li3incl6-indium-floor", 2019, 128.5),
        ("price-li3incl6-indium-floor", 2015, 171.4),
        ("price-silicon-metal-floor", 2019, 2.43),
        ("price-silicon-metal-floor", 2018, 2.95),
    ):
        point = _point(kb, series_id, year)
        assert point.min == floor
        assert point.value is None and point.typical is None and point.max is None
        assert "lower bound" in (point.note or "")


def test_indium_floor_is_the_indium_content_times_the_usgs_price(kb) -> None:
    indium_fraction = 114.818 / (3 * 6.941 + 114.818 + 6 * 35.453)
    assert _point(kb, "price-li3incl6-indium-floor", 2019).min == pytest.approx(
        390 * indium_fraction, abs=0.05
    )


def test_materials_resolve_to_the_new_series(kb) -> None:
    assert material_price(kb, "graphite").origin == "price-graphite"
    assert material_price(kb, "lfp").origin == "price-lfp"
    assert material_price(kb, "llzo").origin == "price-llzo"
    assert material_price(kb, "li3incl6").origin == "price-li3incl6-indium-floor"
    assert price_in_year(kb, "silicon", 2030) == pytest.approx(2.43)  # flat after 2019
    assert price_in_year(kb, "llzo", 2030) == pytest.approx(30.0)  # middle of 10-50


@pytest.mark.parametrize("name", PRICED)
def test_priced_designs_get_a_cell_cost(kb, name: str) -> None:
    design = load_design(DESIGNS / f"{name}.yaml", kb)
    values = compute(design, kb).values
    assert values["cell_cost_usd_per_kwh"] > values["materials_cost_usd_per_kwh"] > 0
