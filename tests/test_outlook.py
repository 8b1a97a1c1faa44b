"""decide.outlook: the numbers the reports show beyond an Assessment, computed below the reports."""

from __future__ import annotations

import math

import pytest
from conftest import EXAMPLES

from decide.assessment import assess, design_data, with_edits
from decide.cell import compute
from decide.cell.metrics import layer_conductivity
from decide.cell.transport import arrhenius
from decide.design import design_from_data, load_design
from decide.outlook import (
    ACTIVATION_ENERGY,
    COST_KEYS,
    TEMPERATURE_MARGIN_C,
    TEMPERATURE_STEPS,
    brief_outlook,
    conductivity,
    cost_by_year,
    price_years,
    review_outlook,
    sensitivity_years,
)
from decide.vocab.design_fields import BY_PATH
from decide.vocab.metrics import COST, METRICS

LI20 = EXAMPLES / "sulfide-nmc811-li20.yaml"
CATHOLYTE = BY_PATH["cathode.catholyte"].label
SEPARATOR = BY_PATH["separator.material"].label


@pytest.fixture(scope="module")
def li20(kb):
    return load_design(LI20, kb)


def test_cost_keys_are_registered_metrics():
    assert set(COST_KEYS) <= set(METRICS)


def test_cost_by_year_is_the_cell_model_run_per_year(kb, li20):
    years = [2030, 2023, 2025, 2023]
    found = cost_by_year(li20, kb, years)
    assert [c.year for c in found] == [2023, 2025, 2030]
    for c in found:
        metrics = compute(li20.model_copy(update={"production_year": c.year}), kb).values
        assert c.values == {k: metrics[k] for k in COST_KEYS if k in metrics}
    assert found[0].values[COST] > found[-1].values[COST]  # the electrolyte gets cheaper


def test_sensitivity_spans_the_price_years(kb, li20):
    years = price_years(kb, [li20.production_year])
    assert sensitivity_years(li20, kb) == list(range(years[0], years[-1] + 1))


def test_conductivity_curves_are_arrhenius_of_each_layer(kb, li20):
    values = compute(li20, kb).values
    data = conductivity(li20, kb, values)
    lo, hi = values["min_temperature_c"], values["max_temperature_c"]
    assert data.operating_c == (lo, hi)
    (curve,) = data.curves  # catholyte and separator are the same li6ps5cl: one curve
    assert curve.layers == (CATHOLYTE, SEPARATOR) and curve.material == "li6ps5cl"
    assert len(curve.temperatures_c) == TEMPERATURE_STEPS
    assert curve.temperatures_c[0] == lo - TEMPERATURE_MARGIN_C
    assert curve.temperatures_c[-1] == hi + TEMPERATURE_MARGIN_C
    sigma, ea = layer_conductivity(li20.separator, "li6ps5cl", kb)
    for t, s in zip(curve.temperatures_c, curve.conductivity_ms_cm, strict=True):
        assert math.isclose(s, arrhenius(sigma, ea, t))
    assert curve.sources and not data.gaps


def test_an_overridden_layer_gets_its_own_curve(kb, li20):
    sigma, _ = layer_conductivity(None, "li6ps5cl", kb)
    edits = {"separator.ionic_conductivity_ms_cm": sigma / 2}
    design = design_from_data(with_edits(design_data(li20), edits), None, kb)
    curves = conductivity(design, kb, compute(design, kb).values).curves
    assert [c.layers for c in curves] == [(CATHOLYTE,), (SEPARATOR,)]
    assert curves[1].conductivity_ms_cm[0] == pytest.approx(curves[0].conductivity_ms_cm[0] / 2)


def test_layers_without_data_are_gaps_not_curves(kb):
    design = load_design(EXAMPLES / "polymer-lfp-li.yaml", kb)
    data = conductivity(design, kb, compute(design, kb).values)
    assert not data.curves
    assert [(g.layer, g.missing) for g in data.gaps] == [
        (CATHOLYTE, (ACTIVATION_ENERGY,)),
        (SEPARATOR, (ACTIVATION_ENERGY,)),
    ]


def test_no_operating_range_no_curves(kb, li20):
    values = dict(compute(li20, kb).values)
    del values["min_temperature_c"]
    data = conductivity(li20, kb, values)
    assert data.operating_c is None and not data.curves


def test_review_outlook(kb, ruleset, li20):
    outlook = review_outlook(assess(li20, kb, ruleset, levers=False), kb)
    assert [c.year for c in outlook.costs_by_year] == sensitivity_years(li20, kb)
    assert outlook.neighbourhood is not None and outlook.ip_areas
    assert outlook.conductivity.curves


def test_brief_outlook(kb):
    designs = [load_design(p, kb) for p in sorted(EXAMPLES.glob("*.yaml"))[:2]]
    outlook = brief_outlook(kb, designs, year=2031)
    assert [s.scenario for s in outlook.scenarios] == ["low", "base", "high"]
    for run in outlook.scenarios:
        assert [d.design for d in run.designs] == [d.id for d in designs]
    assert outlook.scenario_years[0] <= 2023 and outlook.scenario_years[-1] >= 2035
    assert outlook.compatibility.rows == tuple(m.id for m in kb.with_role("cathode"))
