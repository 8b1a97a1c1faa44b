"""Price scenarios (issue 15): the low, base and high paths, the reference designs under each,
break-even prices, the Li2S floor and the phase each design reaches, computed below the reports."""

from __future__ import annotations

import math

import pytest
from conftest import EXAMPLES

from decide.cell import compute
from decide.design import load_design
from decide.outlook import PARITY_YEAR, brief_outlook, market_outlook
from decide.report.run import example_assessments
from decide.scenarios import (
    design_scenario,
    li2s_content,
    li2s_floors,
    li2s_price_for,
    price_paths,
    scenario_kb,
)
from decide.vocab.metrics import COST

LI20 = EXAMPLES / "sulfide-nmc811-li20.yaml"


@pytest.fixture(scope="module")
def outlook(kb):
    assessments, _ = example_assessments(kb)
    return brief_outlook(kb, [a.design for a in assessments], year=2027, assessments=assessments)


def test_three_paths_for_the_sulfide_electrolyte(kb):
    paths = price_paths(kb, "sulfide")
    assert list(paths) == ["low", "base", "high"]
    assert paths["base"].entry == "price-sulfide-electrolyte-china"  # the seed's Table 1
    assert paths["base"].at(2030) == 150  # '<=150' computes at its bound
    assert paths["low"].at(2030) < paths["base"].at(2030) < paths["high"].at(2030)
    assert paths["low"].annual_change(2030) < 0


def test_a_scenario_is_the_cell_model_with_that_path(kb):
    design = load_design(LI20, kb)
    low = scenario_kb(kb, "low")
    assert scenario_kb(kb, "base") is kb
    for year in (2024, 2027, 2030):
        run = design_scenario(design, low, "low", [year], None)
        expected = compute(design.model_copy(update={"production_year": year}), low)
        assert math.isclose(run.cost[0], expected.values[COST], rel_tol=1e-9)
    # the low path's only change is the electrolyte price
    base_2030 = compute(design.model_copy(update={"production_year": 2030}), kb).values
    assert expected.values[COST] < base_2030[COST]
    assert math.isclose(
        expected.values["breakeven_electrolyte_price_usd_per_kg"],
        base_2030["breakeven_electrolyte_price_usd_per_kg"],
    )


def test_the_seeds_2030_parity_is_not_reached_on_its_own_path(outlook):
    base = outlook.chosen()
    assert base is not None and base.scenario == "base"
    lo, _ = base.sulfide_cost
    assert lo > outlook.target.value and lo > outlook.liquid.value
    assert base.parity_designs == ()
    lo_be, hi_be = outlook.breakeven
    assert 0 < lo_be < hi_be < outlook.paths["sulfide"]["base"].at(PARITY_YEAR)
    assert outlook.breakeven_liquid[1] < hi_be  # matching liquid cells needs an even lower price


def test_sulfide_designs_are_those_with_a_sulfide_layer_and_a_cost(outlook):
    designs = set(outlook.sulfide_designs())
    assert "sulfide-nmc811-li20" in designs
    assert "wang2022-halide-li40" not in designs  # halide
    assert "lee2020-agc-anode-free" not in designs  # sulfide, but no cost (unpriced collector)


def test_low_confidence_inputs_are_found_and_weighed(outlook):
    li20 = next(p for p in outlook.profiles if p.design == "sulfide-nmc811-li20")
    entries = {i.entry for i in li20.low_confidence}
    assert "price-nmc-example" in entries
    assert all(0 < i.share < 1 for i in li20.low_confidence)
    assert 0 < li20.cathode_share < 0.5


def test_li2s_floor_and_the_price_the_low_path_needs(kb):
    (lo, hi), sources = li2s_content(kb)
    assert (lo, hi) == (40, 45) and sources
    floors = li2s_floors(kb, [2025, 2030])
    base = floors["base"]
    assert base.low[0] == pytest.approx(284.7 * 0.40) and base.high[0] == pytest.approx(
        284.7 * 0.45
    )
    assert floors["high"].high[1] > floors["base"].high[1]
    assert li2s_price_for(50, (40, 45)) == pytest.approx((50 / 0.45, 50 / 0.40))


def test_phase_reach_of_each_reference_design(outlook):
    reach = {p.design: p for p in outlook.phases}
    li20 = reach["sulfide-nmc811-li20"]
    assert li20.architecture == 3 and li20.window == (2030, 2035)
    assert li20.targets_met >= 1 and li20.next_gaps
    # the briefing propagates each reference design's ranges: cumulative, so never rising
    probs = [li20.probability[k] for k in sorted(li20.probability)]
    assert len(probs) == 3 and probs == sorted(probs, reverse=True)
    assert li20.probability["1"] == 1.0 and li20.probability["2"] == 0.0  # 366 of 400 Wh/kg


def test_benchmarks_are_the_latest_surveys(outlook):
    assert outlook.market_cell.value == 74 and outlook.market_cell.survey_date == "2025-12-09"
    assert outlook.market_pack.value == 108
    assert outlook.pack_annual_change < 0


def test_market_outlook_follows_year_and_region(kb):
    all_2025 = market_outlook(kb, 2025)
    eu = market_outlook(kb, 2025, "EU")
    assert len(eu.policies) < len(all_2025.policies)
    assert {kb.entries[p.id].region for p in eu.policies} <= {"EU", "UN"}
    timing = {d.id: d.status.phase for d in market_outlook(kb, 2035).announcements}
    assert timing["ann-toyota-idemitsu"] == "past"
