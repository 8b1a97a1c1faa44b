"""The strategy / policy briefing: a view model built from the knowledge base alone.

Optionally, assessments of example designs show how real designs fare per phase, and the
BriefOutlook (`decide.outlook`) carries their cost per price year and the compatibility matrix;
everything else is read from knowledge entries and cited with their source ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from decide import __version__
from decide.outlook import BriefOutlook
from decide.report import charts, kbviews, technical
from decide.report.design_summary import DesignSummary, summarise
from decide.report.formatting import num, span
from decide.report.model import Cited, Figure, Provenance
from decide.report.phase_targets import target_points
from decide.report.sources import SourceRef, Sources
from decide.vocab.metrics import COST, DENSITY, ENERGY

TEMPLATE = "brief.html.j2"
BREAKEVEN = "breakeven_electrolyte_price_usd_per_kg"


@dataclass(frozen=True)
class ParityRow:
    """A design's cell cost in each year of the price series."""

    design: str
    costs: tuple[str, ...]
    breakeven: tuple[str, ...]


@dataclass(frozen=True)
class Parity:
    """Cell cost of the example designs over the price years, against the liquid benchmark."""

    years: tuple[int, ...]
    prices: tuple[str, ...]
    rows: tuple[ParityRow, ...]
    benchmark: Cited | None
    benchmark_year: str
    target: Cited | None
    sources: tuple[str, ...]


@dataclass
class BriefView:
    """Everything the briefing template shows."""

    title: str
    version: str
    year: int
    current_phases: list[str]
    summary: list[Cited]
    phases: list[kbviews.PhaseView]
    roadmap: Figure | None
    electrolytes: list[technical.ElectrolyteView]
    window: Figure | None
    strategies: list[technical.StrategyView]
    matrix: technical.CompatMatrix
    prices: list[kbviews.PriceView]
    cell_prices: list[kbviews.PriceView]
    price_figure: Figure | None
    projections: kbviews.ProjectionTable | None
    projections_figure: Figure | None
    parity: Parity | None
    chinese_standards: list[kbviews.StandardView]
    standards: list[kbviews.StandardView]
    ip: list[kbviews.IpView]
    imperatives: list[kbviews.ImperativeView]
    designs: list[DesignSummary]
    designs_figure: Figure | None
    provenance: Provenance
    sources: list[SourceRef]


def build_brief(
    kb: Any,
    year: int,
    outlook: BriefOutlook,
    assessments: Sequence[Any] = (),
    rules_digest: str | None = None,
) -> BriefView:
    """Assemble the briefing for `year` (which phase is current, which prices apply) from the
    knowledge base, the example designs' assessments and the outlook computed for them."""
    sources = Sources(kb)
    sources.cite("seed-article")
    phases = kbviews.phases(kb, sources)
    prices = kbviews.prices(kb, sources, only_sulfide=True)
    projections = kbviews.projections(kb, sources)
    standards = kbviews.standards(kb, sources)
    designs = [summarise(a) for a in assessments]
    view = BriefView(
        title="Solid-state battery industrialization: strategy briefing",
        version=__version__,
        year=year,
        current_phases=[p.name for p in phases if p.start_year <= year <= p.end_year],
        summary=[],
        phases=phases,
        roadmap=roadmap_figure(phases, sources),
        electrolytes=technical.electrolytes(kb, sources),
        window=technical.window_figure(kb, sources),
        strategies=technical.interface_strategies(kb, sources),
        matrix=technical.compatibility_matrix(outlook.compatibility, kb, sources),
        prices=prices,
        cell_prices=kbviews.prices(kb, sources, unit="usd_per_kwh"),
        price_figure=price_figure(prices, sources),
        projections=projections,
        projections_figure=projections_figure(projections, sources),
        parity=parity(outlook, projections, prices, sources),
        chinese_standards=[s for s in standards if _is_china(s.region)],
        standards=standards,
        ip=kbviews.ip_areas(kb, sources),
        imperatives=kbviews.imperatives(kb, sources),
        designs=designs,
        designs_figure=designs_figure(designs, phases, projections, sources),
        provenance=Provenance(__version__, kb.digest, rules_digest),
        sources=[],
    )
    view.summary = executive_summary(view, sources)
    view.sources = sources.listing()
    return view


def executive_summary(view: BriefView, sources: Sources) -> list[Cited]:
    """Key messages, each composed from cited knowledge entries."""
    out: list[Cited] = []
    if view.phases:
        parts = []
        ids: list[str] = []
        for p in view.phases:
            targets = ", ".join(c.text for _, c in p.targets)
            parts.append(
                f"phase {p.number} ({p.years}, {'/'.join(p.anode_classes)} anodes): {targets}"
            )
            ids += list(p.sources) + [s for _, c in p.targets for s in c.sources]
        out.append(
            Cited(
                "The roadmap has three phases with rising cell targets: " + "; ".join(parts) + ".",
                sources.cite(ids),
            )
        )
    if view.current_phases:
        out.append(
            Cited(
                f"In {view.year} the roadmap is in " + " and ".join(view.current_phases) + ".",
                sources.cite([s for p in view.phases for s in p.sources]),
            )
        )
    sulfide = [p for p in view.prices if p.rows]
    if sulfide:
        first, last = sulfide[0].rows[0], sulfide[0].rows[-1]
        out.append(
            Cited(
                f"{sulfide[0].name}: {first.price.text} in {first.year}, {last.price.text} in "
                f"{last.year}.",
                sources.cite(first.price.sources + last.price.sources),
            )
        )
    if view.projections is not None:
        t = view.projections
        cols = []
        for entry in t.entries:
            vals = [
                span(p, kbviews.unit_of(n))
                for n, p in entry.properties.items()
                if n in (ENERGY, COST, "cycle_life_cycles")
            ]
            cols.append(f"{entry.technology} {', '.join(vals)}")
        ids = [s for _, cells in t.rows for c in cells if c for s in c.sources]
        out.append(Cited(f"{t.year} projections: " + "; ".join(cols) + ".", sources.cite(ids)))
    if view.standards:
        specific = sum(1 for s in view.standards if s.solid_state_specific)
        gaps = sum(1 for s in view.standards if s.gap)
        out.append(
            Cited(
                f"Of {len(view.standards)} standards in the knowledge base, {specific} address "
                f"solid-state specifics; {gaps} record a solid-state gap.",
                sources.cite([s for st in view.standards for s in st.sources]),
            )
        )
    if view.imperatives:
        out.append(
            Cited(
                "Strategic imperatives: " + ", ".join(i.name for i in view.imperatives) + ".",
                sources.cite([s for i in view.imperatives for s in i.sources]),
            )
        )
    if view.designs:
        met = ", ".join(
            f"{d.id}: phase-{d.architecture} architecture, {d.targets_met} target set(s) met"
            for d in view.designs
        )
        out.append(Cited(f"Example designs: {met}."))
    return out


def roadmap_figure(phases: list[kbviews.PhaseView], sources: Sources) -> Figure | None:
    """The phases on a timeline, each annotated with its anode classes and targets."""
    if not phases:
        return None
    spans = [
        charts.Span(
            f"Phase {p.number}",
            p.start_year,
            p.end_year,
            note=f"{'/'.join(p.anode_classes)}: " + ", ".join(c.text for _, c in p.targets),
        )
        for p in phases
    ]
    chart = charts.timeline(spans, "year", alt="Roadmap phases on a timeline with their targets")
    ids = [s for p in phases for s in p.sources] + [
        s for p in phases for _, c in p.targets for s in c.sources
    ]
    return Figure(
        "Roadmap to commercialization",
        "The three phases with their anode classes and cell-level targets.",
        chart,
        sources.cite(ids),
    )


def price_figure(prices: list[kbviews.PriceView], sources: Sources) -> Figure | None:
    """The sulfide electrolyte price trajectory: low-high range per year."""
    sulfide = [p for p in prices if p.unit == "USD/kg"][:1]
    if not sulfide:
        return None
    series = sulfide[0].series
    points = []
    for p in sorted(series.points, key=lambda p: p.year):
        low = next(v for v in (p.min, p.value, p.typical, p.max) if v is not None)
        high = next(v for v in (p.max, p.value, p.typical, p.min) if v is not None)
        points.append(charts.RangePoint(p.year, low, high, span(p)))
    chart = charts.ranges(
        [(sulfide[0].name, points)],
        "year",
        "price (USD/kg, log scale)",
        alt=f"{sulfide[0].name} by year",
        logy=True,
    )
    return Figure(
        f"{sulfide[0].name}",
        "Low and high end of the quoted range per year; a single bound is drawn as a point.",
        chart,
        sources.cite([s for r in sulfide[0].rows for s in r.price.sources]),
    )


def projections_figure(t: kbviews.ProjectionTable | None, sources: Sources) -> Figure | None:
    """The projections (the seed's Table 2) as three bar panels."""
    if t is None:
        return None
    panels = []
    for name, (label, cells) in zip(t.names, t.rows, strict=True):
        values = [p.properties[name].central if name in p.properties else None for p in t.entries]
        if sum(v is not None for v in values) < 2:
            continue  # a single value is no comparison
        panels.append(
            charts.Panel(
                label.split(" (")[0],
                kbviews.unit_of(name),
                t.technologies,
                values,
                texts=[c.text if c else "n/a" for c in cells],
            )
        )
    chart = charts.bar_panels(panels, alt=f"{t.year} performance comparison by technology")
    ids = [s for _, cells in t.rows for c in cells if c for s in c.sources]
    return Figure(
        f"Performance comparison, {t.year} projections",
        "Bars at the stated value (a lower bound such as 500+ is drawn at its bound).",
        chart,
        sources.cite(ids),
    )


def designs_figure(
    designs: list[DesignSummary],
    phases: list[kbviews.PhaseView],
    projections: kbviews.ProjectionTable | None,
    sources: Sources,
) -> Figure | None:
    """Example designs on the specific-energy / energy-density plane against phase targets."""
    points = [
        charts.Point(
            d.id,
            d.metrics[ENERGY],
            d.metrics.get(DENSITY),
            group=f"phase-{d.architecture} architecture",
        )
        for d in designs
        if isinstance(d.metrics.get(ENERGY), int | float)
    ]
    if not points:
        return None
    targets, ids = target_points(phases, sources)
    return Figure(
        "Example designs against the phase targets",
        "Cell-level specific energy and energy density; dashed corners are each "
        "phase's targets (a design up and right of a corner meets it).",
        charts.scatter_targets(
            points,
            targets,
            "cell specific energy (Wh/kg)",
            "cell energy density (Wh/L)",
            alt="Example designs against phase targets",
        ),
        sources.cite(ids),
    )


def parity(
    outlook: BriefOutlook,
    projections: kbviews.ProjectionTable | None,
    prices: list[kbviews.PriceView],
    sources: Sources,
) -> Parity | None:
    """Cell cost of each design in each price year, with the liquid Li-ion benchmark."""
    sulfide = [p for p in prices if p.unit == "USD/kg"][:1]
    if not outlook.costs or not sulfide:
        return None
    years = outlook.years
    rows = [
        ParityRow(
            d.design,
            tuple(num(c.values.get(COST)) for c in d.costs),
            tuple(num(c.values.get(BREAKEVEN)) for c in d.costs),
        )
        for d in outlook.costs
    ]
    price_by_year = {r.year: r.price.text for r in sulfide[0].rows}
    benchmark, bench_year, target = None, "", None
    if projections is not None and COST in projections.names:
        for tech, entry in zip(projections.technologies, projections.entries, strict=True):
            prop = entry.properties.get(COST)
            if prop is None:
                continue
            if tech == "liquid":
                benchmark = kbviews.cited_property(prop, COST, sources)
                bench_year = projections.year
            elif tech == "solid-state":
                target = kbviews.cited_property(prop, COST, sources)
    ids = [s for r in sulfide[0].rows for s in r.price.sources]
    return Parity(
        years,
        tuple(price_by_year.get(y, "interpolated") for y in years),
        tuple(rows),
        benchmark,
        bench_year,
        target,
        sources.cite(ids),
    )


def _is_china(region: str) -> bool:
    words = region.lower().replace("/", " ").split()
    return "china" in words or "cn" in words
