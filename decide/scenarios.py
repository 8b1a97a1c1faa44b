"""Price scenarios for the briefing: low, base and high price paths, the reference designs' cost and
break-even electrolyte price under each, the learning view and the Li2S floor.

The base path of a subject is the price series the cost model uses for it (built-in or a user's
overlay); the low and high paths are `scenario` entries of the knowledge base. A scenario is run
by handing the cell model a copy of the knowledge base whose base series of each scenario subject
carries that scenario's points instead: the model, its break-even formula and its interpolation are
the same ones every other command uses (nothing is re-derived here).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from decide.cell.cost import component_ids, interpolate, price_series
from decide.cell.price_confidence import Input, low_confidence_inputs
from decide.units import finite_or_none
from decide.vocab.metrics import COST

if TYPE_CHECKING:
    from decide.design.model import Design
    from decide.kb.base import KnowledgeBase

SCENARIOS: tuple[str, ...] = ("low", "base", "high")
ELECTROLYTE = "sulfide"  # the family whose price paths drive the parity analysis
PRECURSOR = "li2s"  # the precursor whose price puts a floor under ELECTROLYTE's
CONTENT = "li2s_content_wt_pct"
BREAKEVEN = "breakeven_electrolyte_price_usd_per_kg"
LIQUID_TECHNOLOGY = "liquid"


@dataclass(frozen=True)
class Path:
    """One price path of a subject: its anchor years and the central prices the model uses."""

    scenario: str
    subject: str
    entry: str  # the knowledge-base id of the series (base) or scenario entry (low, high)
    years: tuple[float, ...]
    prices: tuple[float, ...]
    overlay: bool  # read from a user's --knowledge folder
    low_confidence: bool

    def at(self, year: float) -> float:
        """The path's price in `year` (linear between anchors, flat outside them)."""
        return float(interpolate(year, (self.years, self.prices)))

    def annual_change(self, until: float | None = None) -> float | None:
        """Average yearly change (e.g. -0.25 for -25 %/yr) from the first anchor to `until` (the
        last anchor by default); None when the span or a price is zero."""
        end = self.years[-1] if until is None else until
        start = self.years[0]
        first, last = self.prices[0], self.at(end)
        if end <= start or first <= 0 or last <= 0:
            return None
        return float((last / first) ** (1.0 / (end - start)) - 1.0)


def _layer(kb: KnowledgeBase, entry_id: str) -> int:
    origin = kb.origins.get(entry_id)
    return getattr(origin, "layer", 0) if origin is not None else 0


def _central_points(points: Sequence[Any]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    ordered = sorted(points, key=lambda p: p.year)
    return tuple(float(p.year) for p in ordered), tuple(p.central for p in ordered)


def price_paths(kb: KnowledgeBase, subject: str) -> dict[str, Path]:
    """The low, base and high paths of `subject` that the knowledge base has (an overlay's
    scenario entry before a built-in one)."""
    out: dict[str, Path] = {}
    base = price_series(kb, subject)
    if base is not None:
        entry = kb.entries.get(base.origin)
        out["base"] = Path(
            "base",
            subject,
            base.origin,
            base.series[0],
            base.series[1],
            _layer(kb, base.origin) > 0,
            bool(entry is not None and entry.low_confidence()),
        )
    candidates = sorted(
        (e for e in kb.of_kind("scenario") if subject in e.subjects),
        key=lambda e: (-_layer(kb, e.id), e.id),
    )
    for entry in candidates:
        if entry.scenario in out:
            continue
        years, prices = _central_points(entry.points)
        low = entry.confidence == "low" or any(p.confidence == "low" for p in entry.points)
        out[entry.scenario] = Path(
            entry.scenario, subject, entry.id, years, prices, _layer(kb, entry.id) > 0, low
        )
    return {s: out[s] for s in SCENARIOS if s in out}


def scenario_kb(kb: KnowledgeBase, scenario: str) -> KnowledgeBase:
    """`kb` with the base price series of every subject that has a `scenario` path replaced by
    that path's points (same id and subjects, so the graph and index are unchanged)."""
    if scenario == "base":
        return kb
    entries = dict(kb.entries)
    for path in kb.of_kind("scenario"):
        if path.scenario != scenario:
            continue
        for subject in path.subjects:
            base = price_series(kb, subject)
            if base is None or base.origin not in entries:
                continue
            series = entries[base.origin]
            if getattr(series, "kind", "") != "price":
                continue
            entries[base.origin] = series.model_copy(
                update={"points": list(path.points), "confidence": path.confidence}
            )
    return dataclasses.replace(
        kb, entries=entries, digest=f"{kb.digest}+{scenario}", _graph=None, memo={}
    )


# -- the reference designs under each scenario ----------------------------------------------------


@dataclass(frozen=True)
class DesignScenario:
    """One design's costs per year under one scenario (None where the model has no cost)."""

    design: str
    scenario: str
    years: tuple[int, ...]
    cost: tuple[float | None, ...]  # USD/kWh
    breakeven: tuple[float | None, ...]  # USD/kg of solid electrolyte to meet the cost target
    breakeven_liquid: tuple[float | None, ...]  # ... to match the liquid projection
    breakeven_market: tuple[float | None, ...]  # ... to match today's surveyed cell price
    electrolyte_mass_kg_per_kwh: float | None
    electrolyte_share: tuple[float | None, ...]  # electrolyte cost / cell cost
    parity_year: int | None  # first year the cost meets the target; None: not in the years

    def at(self, year: int) -> tuple[float | None, float | None]:
        """(cost, break-even price) in `year` (None when the year is not computed)."""
        if year not in self.years:
            return None, None
        k = self.years.index(year)
        return self.cost[k], self.breakeven[k]


@dataclass(frozen=True)
class DesignCostProfile:
    """What a design's cost rests on: low-confidence inputs and the cathode's share."""

    design: str
    sulfide: bool  # a solid-electrolyte layer is a sulfide (the scenario paths move its cost)
    costed: bool  # the model computed a cost (every component priced)
    low_confidence: tuple[Input, ...]
    cathode_share: float | None  # cathode active material / cell cost, reference year
    year: int


def _run(
    design: Design, kb: KnowledgeBase, years: Sequence[int], target: float | None = None
) -> tuple[dict[str, Any], dict[str, Any], Any]:
    """The cell model over `years` (arrays), optionally against another cost target."""
    import numpy as np

    from decide.cell.inputs import resolve
    from decide.cell.model import evaluate

    inputs = resolve(design, kb)
    changes: dict[str, Any] = {"production_year": np.asarray(years, dtype=float)}
    if target is not None:
        changes["cost_target_usd_per_kwh"] = float(target)
    result = evaluate(inputs.with_(**changes))
    return result.values, result.costs, inputs


def _series(values: dict[str, Any], key: str, n: int) -> tuple[float | None, ...]:
    import numpy as np

    if key not in values:
        return (None,) * n
    array = np.broadcast_to(np.asarray(values[key], dtype=float), (n,))
    return tuple(finite_or_none(v) for v in array)


def design_scenario(
    design: Design,
    kb: KnowledgeBase,
    scenario: str,
    years: Sequence[int],
    liquid_benchmark: float | None,
    market_benchmark: float | None = None,
) -> DesignScenario:
    """Cost and break-even of `design` in each of `years`, with `kb` already set to `scenario`;
    the break-even also against the liquid projection and today's surveyed cell price."""
    n = len(years)
    values, _, _ = _run(design, kb, years)
    cost = _series(values, COST, n)
    breakeven = _series(values, BREAKEVEN, n)

    def against(target: float | None) -> tuple[float | None, ...]:
        if target is None or BREAKEVEN not in values:
            return (None,) * n
        return _series(_run(design, kb, years, target)[0], BREAKEVEN, n)

    liquid, market = against(liquid_benchmark), against(market_benchmark)
    el_cost = _series(values, "electrolyte_cost_usd_per_kwh", n)
    share = tuple(
        (e / c) if e is not None and c else None for e, c in zip(el_cost, cost, strict=True)
    )
    mass = _series(values, "electrolyte_mass_kg_per_kwh", n)[0]
    target = _series(values, "cost_target_usd_per_kwh", n)
    parity = next(
        (
            y
            for y, c, t in zip(years, cost, target, strict=True)
            if c is not None and t is not None and c <= t
        ),
        None,
    )
    return DesignScenario(
        design.id, scenario, tuple(years), cost, breakeven, liquid, market, mass, share, parity
    )


def cost_profile(design: Design, kb: KnowledgeBase, year: int) -> DesignCostProfile:
    """Which of the design's prices are low-confidence and how much of its cost they carry."""
    values, costs, inputs = _run(design, kb, [year])
    total = finite_or_none(_series(values, COST, 1)[0])
    flagged = low_confidence_inputs(design, kb, year)
    cathode = (
        finite_or_none(_series(costs, "cathode_active", 1)[0])
        if "cathode_active" in costs
        else None
    )
    materials = component_ids(design, inputs.ids)
    sulfide = any(
        kb.index.is_a(materials.get(c, ""), ELECTROLYTE) for c in inputs.electrolyte_components
    )
    return DesignCostProfile(
        design.id,
        sulfide,
        total is not None,
        tuple(flagged),  # largest share first
        (cathode / total) if cathode is not None and total else None,
        year,
    )


# -- the Li2S floor -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Floor:
    """The Li2S-only raw-material cost of a kg of sulfide electrolyte under one Li2S path: Li2S
    price x Li2S content (a lower bound: other precursors and processing are extra)."""

    scenario: str
    years: tuple[int, ...]
    low: tuple[float, ...]  # USD/kg at the lower Li2S content
    high: tuple[float, ...]  # USD/kg at the upper Li2S content
    content_pct: tuple[float, float]
    content_sources: tuple[str, ...]
    path: Path


def li2s_content(kb: KnowledgeBase) -> tuple[tuple[float, float], tuple[str, ...]] | None:
    """(low, high) Li2S wt% of a sulfide electrolyte and its sources, from the materials that
    state it (the widest range), or None."""
    lows, highs, sources = [], [], set()
    for material in kb.with_role("solid-electrolyte"):
        prop = material.properties.get(CONTENT)
        if prop is not None and kb.index.is_a(material.id, ELECTROLYTE):
            low, high = prop.bounds()
            lows.append(low)
            highs.append(high)
            sources.update(prop.source)
    if not lows:
        return None
    return (min(lows), max(highs)), tuple(sorted(sources))


def li2s_floors(kb: KnowledgeBase, years: Sequence[int]) -> dict[str, Floor]:
    """The Li2S floor under each Li2S path, per year."""
    found = li2s_content(kb)
    if found is None:
        return {}
    (lo, hi), sources = found
    out = {}
    for scenario, path in price_paths(kb, PRECURSOR).items():
        prices = [path.at(y) for y in years]
        out[scenario] = Floor(
            scenario,
            tuple(years),
            tuple(p * lo / 100 for p in prices),
            tuple(p * hi / 100 for p in prices),
            (lo, hi),
            sources,
            path,
        )
    return out


def li2s_price_for(
    electrolyte_price: float, content_pct: tuple[float, float]
) -> tuple[float, float]:
    """The Li2S price (low, high) at which Li2S alone would cost `electrolyte_price` per kg of
    electrolyte, at the upper and lower Li2S content."""
    lo, hi = content_pct
    return electrolyte_price * 100 / hi, electrolyte_price * 100 / lo
