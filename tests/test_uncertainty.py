"""Decisions under uncertainty: the ranges of the knowledge base and of the design propagated
through the vectorised cell model (percentiles, phase probabilities, drivers)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from conftest import EXAMPLES, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decide.assessment import assess
from decide.cell import compute
from decide.cell.sampling import _with_props, evaluate_values, uncertain_inputs
from decide.design import design_from_data, load_design
from decide.design.edits import design_data, with_edits
from decide.kb.base import KnowledgeBase
from decide.kb.index import build_index
from decide.kb.schema import PricePoint, Property
from decide.uncertainty import DRIVER_METRICS, draw, propagate, triangular
from decide.vocab.metrics import COST, DENSITY, ENERGY

DESIGNS = sorted(EXAMPLES.glob("*.yaml"))
BASE = EXAMPLES / "sulfide-nmc811-li20.yaml"


def _ranged(tmp_path: Path) -> Path:
    """The reference sulfide cell with a few of its numbers known only within bounds."""
    text = BASE.read_text()
    for old, new in [
        ("areal_capacity_mah_cm2: 4.0", "areal_capacity_mah_cm2: {min: 3.5, typical: 4, max: 4.5}"),
        ("thickness_um: 30", "thickness_um: {min: 25, typical: 30, max: 40}"),
        ("active_wt_pct: 75", "active_wt_pct: {min: 72, typical: 75, max: 78}"),
        (
            "  porosity_pct: 10\n",
            "  porosity_pct: 10\n  specific_capacity_mah_g: {min: 185, typical: 195, max: 200}\n",
        ),
    ]:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "ranged.yaml"
    path.write_text(text)
    return path


@pytest.mark.parametrize("path", DESIGNS, ids=lambda p: p.stem)
def test_percentiles_bracket_the_point_estimate(path, kb) -> None:
    """p5 <= point <= p95 when every range has its typical value inside it; a range whose
    typical value is a bound (the pouch laminate: 113-150 um, typically 150) puts the point at
    the edge of the spread, and the point's percentile says so."""
    design = load_design(path, kb)
    u = propagate(design, kb, samples=4000, seed=1)
    assert u.kept == u.samples
    inside = all(r.low < r.typical < r.high for r in u.inputs)
    for key, s in u.spread.items():
        assert s.p5 <= s.p50 <= s.p95, key
        assert 0 <= s.point_percentile <= 100, key
        tol = 1e-9 * max(abs(s.point), 1.0)
        if inside or s.p95 - s.p5 <= tol:
            assert s.p5 - tol <= s.point <= s.p95 + tol, key
        if s.point < s.p5 - tol:
            assert s.point_percentile < 5, key
        if s.point > s.p95 + tol:
            assert s.point_percentile > 95, key
    assert ENERGY in u.spread and DENSITY in u.spread


def test_the_point_is_bracketed_when_typical_values_are_inside_their_ranges(tmp_path, kb):
    design = load_design(_ranged(tmp_path), kb)
    u = propagate(design, kb, samples=4000, seed=4)
    for key in (ENERGY, DENSITY, COST):
        s = u.spread[key]
        assert s.p5 < s.point < s.p95, key


def test_ranged_design_numbers_spread_the_metrics(tmp_path, kb) -> None:
    design = load_design(_ranged(tmp_path), kb)
    u = propagate(design, kb, samples=5000, seed=3)
    names = {r.name for r in u.inputs}
    assert {"cathode.areal_capacity_mah_cm2", "separator.thickness_um"} <= names
    assert "cathode.specific_capacity_mah_g" in names  # a ranged property override
    s = u.spread[ENERGY]
    assert s.p95 - s.p5 > 20  # Wh/kg: several ranges of a few % each


def _pinned(kb: KnowledgeBase) -> KnowledgeBase:
    """The knowledge base with every range collapsed to its central value."""

    def pin(value):
        if isinstance(value, Property):
            return Property(value=value.central, source=value.source)
        if isinstance(value, PricePoint):
            return PricePoint(year=value.year, value=value.central, source=value.source)
        if isinstance(value, dict):
            return {k: pin(v) for k, v in value.items()}
        if isinstance(value, list):
            return [pin(v) for v in value]
        return value

    entries = {
        i: e.model_copy(update={k: pin(v) for k, v in e.__dict__.items()})
        for i, e in kb.entries.items()
    }
    return KnowledgeBase(entries, kb.origins, kb.edges, build_index(entries, kb.edges), "pinned")


def test_a_design_with_no_ranged_input_has_zero_spread(kb) -> None:
    pinned = _pinned(kb)
    design = load_design(BASE, pinned)
    assert design.ranges == {}
    u = propagate(design, pinned, samples=500, seed=5)
    assert u.inputs == [] and u.drivers == []
    point = compute(design, pinned).values
    for key, s in u.spread.items():
        assert s.p5 == s.p50 == s.p95 == pytest.approx(point[key]), key
    assert set(u.phase_probability.values()) <= {0.0, 1.0}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from([p.name for p in DESIGNS]),
    seed=st.integers(0, 2**32 - 1),
    samples=st.integers(1, 400),
)
def test_phase_probabilities_are_monotone(kb, name, seed, samples) -> None:
    design = load_design(EXAMPLES / name, kb)
    p = propagate(design, kb, samples=samples, seed=seed).phase_probability
    assert sorted(p) == [1, 2, 3]
    assert 1 >= p[1] >= p[2] >= p[3] >= 0


def test_the_same_seed_gives_the_same_bytes(tmp_path, capsys) -> None:
    path = str(_ranged(tmp_path))
    runs = []
    for seed in ("7", "7", "8"):
        argv = ["metrics", path, "--uncertainty", "--samples", "3000", "--seed", seed]
        code, out, err = run_cli([*argv, "--format", "json"], capsys)
        assert code == 0, err
        runs.append(out)
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]
    doc = json.loads(runs[0])
    assert set(doc["uncertainty"][ENERGY]) >= {"p5", "p50", "p95"}
    assert set(doc["phase_probability"]) == {"1", "2", "3"}
    for d in doc["drivers"]:
        assert set(d) >= {"field", "low", "high", "metric", "metric_at_low", "metric_at_high"}


def test_samples_and_seed_need_uncertainty(capsys) -> None:
    code, _, err = run_cli(["metrics", str(BASE), "--seed", "3"], capsys)
    assert code == 2 and "--uncertainty" in err


def test_draws_are_triangular_within_their_bounds() -> None:
    u = np.random.Generator(np.random.PCG64(0)).random(200_000)
    x = triangular(u, 1.0, 2.0, 4.0)
    assert x.min() >= 1.0 and x.max() <= 4.0
    assert x.mean() == pytest.approx((1 + 2 + 4) / 3, rel=0.01)
    assert np.all(triangular(u[:10], 3.0, 3.0, 3.0) == 3.0)


def test_one_property_is_one_draw_wherever_it_goes(kb) -> None:
    """li6ps5cl is catholyte and separator: its density moves both together."""
    design = load_design(BASE, kb)
    u = uncertain_inputs(design, kb)
    densities = [r for r in u.inputs if r.name.endswith(".density_g_cm3")]
    assert [r.name for r in densities] == ["li6ps5cl.density_g_cm3"]
    from decide.cell.inputs import resolve

    values = np.array([1.84, 1.87])
    inputs = resolve(design, _with_props(kb, {("li6ps5cl", "density_g_cm3"): values}))
    assert np.array_equal(inputs.catholyte_density_g_cm3, values)
    assert np.array_equal(inputs.separator_density_g_cm3, values)


def test_an_override_replaces_the_knowledge_base_range(tmp_path, kb) -> None:
    text = BASE.read_text().replace(
        "  thickness_um: 30\n", "  thickness_um: 30\n  density_g_cm3: 1.7\n", 1
    )
    path = tmp_path / "override.yaml"
    path.write_text(text)
    u = uncertain_inputs(load_design(path, kb), kb)
    # the separator's density is the design's; the catholyte still reads li6ps5cl's range
    assert "li6ps5cl.density_g_cm3" in {r.name for r in u.inputs}
    base = uncertain_inputs(load_design(EXAMPLES / "semi-solid-nmc811-sic.yaml", kb), kb)
    assert "silicon.volume_expansion_pct" in {r.name for r in base.inputs}
    text = (EXAMPLES / "semi-solid-nmc811-sic.yaml").read_text()
    path.write_text(
        text.replace("  material: si-c\n", "  material: si-c\n  volume_expansion_pct: 60\n", 1)
    )
    assert "silicon.volume_expansion_pct" not in {
        r.name for r in uncertain_inputs(load_design(path, kb), kb).inputs
    }


def test_sampled_points_agree_with_the_single_design_path(tmp_path, kb) -> None:
    """Twins: a handful of samples recomputed one by one through the design loader."""
    design = load_design(_ranged(tmp_path), kb)
    u = uncertain_inputs(design, kb)
    values = draw(list(u.inputs), 5, seed=11)
    arrays = evaluate_values(u, kb, values).values
    data = design_data(design, assumed=True)
    for i in range(5):
        edits = {r.name: float(values[r.name][i]) for r in u.inputs if r.kind == "design"}
        props = {
            tuple(r.name.rsplit(".", 1)): np.float64(values[r.name][i])
            for r in u.inputs
            if r.kind == "property"
        }
        view = _with_props(kb, props)
        edited = design_from_data(with_edits(data, edits), None, view)
        fmt = {
            r.name.rsplit(".", 1)[1]: float(values[r.name][i])
            for r in u.inputs
            if r.kind == "format"
        }
        point = compute(edited, _with_format(view, design.cell.format, fmt)).values
        for key in (ENERGY, DENSITY, COST, "stack_specific_energy_wh_per_kg"):
            assert arrays[key][i] == pytest.approx(point[key], rel=1e-9), (i, key)


def _with_format(kb: KnowledgeBase, format_id: str, params: dict) -> KnowledgeBase:
    """A view of `kb` whose format entry has some properties pinned to `params`."""
    if not params:
        return kb
    entry = kb.entries[format_id]
    props = dict(entry.properties)
    for name, value in params.items():
        props[name] = Property(value=value, source=props[name].source)
    entries = {**kb.entries, format_id: entry.model_copy(update={"properties": props})}
    return replace(kb, entries=entries)


def test_drivers_are_ordered_and_each_bar_is_a_real_recompute(tmp_path, kb) -> None:
    design = load_design(_ranged(tmp_path), kb)
    u = propagate(design, kb, samples=100, seed=0)
    swings = [d.relative_swing for d in u.drivers]
    assert swings == sorted(swings, reverse=True) and swings[0] > 0
    assert {d.metric for d in u.drivers} <= set(DRIVER_METRICS)
    data = design_data(design, assumed=True)
    for d in u.drivers:
        if d.field != "separator.thickness_um":
            continue
        for value, expected in ((d.low, d.metric_at_low), (d.high, d.metric_at_high)):
            edited = design_from_data(with_edits(data, {d.field: value}), None, kb)
            assert compute(edited, kb).values[d.metric] == pytest.approx(expected, rel=1e-9)
    energy = u.drivers_of(ENERGY)
    assert [b.swing for b in energy] == sorted((b.swing for b in energy), reverse=True)


def test_an_impossible_sample_is_dropped_and_counted(tmp_path, kb) -> None:
    text = BASE.read_text().replace("active_wt_pct: 75", "active_wt_pct: {min: 70, max: 84}")
    text = text.replace("catholyte_wt_pct: 20", "catholyte_wt_pct: {min: 12, max: 20}")
    path = tmp_path / "composition.yaml"
    path.write_text(text)
    u = propagate(load_design(path, kb), kb, samples=2000, seed=2)
    assert 0 < u.kept < u.samples
    assert sum(u.refused.values()) == u.samples - u.kept
    assert any("exceed 100" in why for why in u.refused)


def test_check_adds_phase_probabilities_when_asked(capsys) -> None:
    _, out, _ = run_cli(
        ["check", str(BASE), "--uncertainty", "--samples", "500", "--format", "json"], capsys
    )
    doc = json.loads(out)
    assert set(doc["phase_probability"]) == {"1", "2", "3"}
    _, text, _ = run_cli(["check", str(BASE), "--uncertainty", "--samples", "500"], capsys)
    assert "probability of meeting the targets (500 samples)" in text


def test_the_review_assessment_carries_the_uncertainty(kb, ruleset) -> None:
    a = assess(load_design(BASE, kb), kb, ruleset)  # as the review calls it
    assert a.uncertainty is not None and a.uncertainty.phase_probability
    assert a.uncertainty.drivers_of(ENERGY)
    assert assess(load_design(BASE, kb), kb, ruleset, levers=False).uncertainty is None


def test_metrics_text_shows_the_tables(tmp_path, capsys) -> None:
    code, out, _ = run_cli(
        ["metrics", str(_ranged(tmp_path)), "--uncertainty", "--samples", "500"], capsys
    )
    assert code == 0
    assert "probability of meeting the phase targets" in out
    assert f"drivers of {ENERGY}" in out and "sampled inputs" in out


@pytest.mark.parametrize("path", DESIGNS, ids=lambda p: p.stem)
def test_each_example_review_has_probabilities_and_a_tornado(path, kb, ruleset) -> None:
    """What the review reads: Assessment.uncertainty with phase probabilities and drivers."""
    u = assess(load_design(path, kb), kb, ruleset).uncertainty
    assert sorted(u.phase_probability) == [1, 2, 3]
    assert any(u.drivers_of(metric) for metric in DRIVER_METRICS), path.stem
