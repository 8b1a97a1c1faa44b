"""The briefing's figures: what each chart plots (collected from the view and the outlook, with
the sources of the plotted values) and drawing them, possibly in another process.

`inputs()` returns plain, picklable chart arguments; `draw()` turns them into Figures. Only the
figures of the sections the briefing includes are collected.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from decide.outlook import PARITY_YEAR, BriefOutlook
from decide.report import brief_charts as bc
from decide.report import charts
from decide.report.brief_sections import COUNTRIES, SCENARIO_NAMES, span_of
from decide.report.formatting import span
from decide.report.model import Figure
from decide.report.sources import Sources
from decide.report.technical import CONDUCTIVITY, _window, top_family

SINTERED = "ionic_conductivity_sintered_ms_cm"
# Which section shows which figure.
SECTION_OF = {
    "paths": "scenarios",
    "costs": "scenarios",
    "gwh": "market",
    "projections": "market",
    "patents": "patents",
    "conductivity": "technology",
    "windows": "technology",
    "roadmap": "roadmap",
    "designs": "roadmap",
}


@dataclass(frozen=True)
class Spec:
    """One figure to draw: chart function, its keyword arguments, title, caption, sources."""

    chart: str  # a function of brief_charts, or 'timeline' of charts
    kwargs: dict[str, Any]
    title: str
    caption: str
    sources: tuple[str, ...]


def draw(specs: dict[str, Spec]) -> dict[str, Figure]:
    """Draw every figure (in this process)."""
    out = {}
    for name, spec in specs.items():
        fn = charts.timeline if spec.chart == "timeline" else getattr(bc, spec.chart)
        out[name] = Figure(spec.title, spec.caption, fn(**spec.kwargs), spec.sources)
    return out


def inputs(kb: Any, view: Any, outlook: BriefOutlook, sources: Sources) -> dict[str, Spec]:
    """The figures of the sections `view` includes."""
    wanted = {s.key for s in view.sections}
    builders = {
        "paths": _paths,
        "costs": _costs,
        "gwh": _gwh,
        "projections": _projections,
        "patents": _patents,
        "conductivity": _conductivity,
        "windows": _windows,
        "roadmap": _roadmap,
        "designs": _designs,
    }
    out = {}
    for name, build in builders.items():
        if SECTION_OF[name] not in wanted:
            continue
        spec = build(kb, view, outlook, sources)
        if spec is not None:
            out[name] = spec
    return out


def _quote(point: Any) -> bc.Quoted:
    given = [v for v in (point.min, point.value, point.typical, point.max) if v is not None]
    low = point.min if point.min is not None else min(given)
    high = point.max if point.max is not None else max(given)
    bound = ""
    if point.value is None and point.typical is None:
        if point.min is None:
            bound = "max"
        elif point.max is None:
            bound = "min"
    return bc.Quoted(float(point.year), float(low), float(high), span(point), bound)


def _paths(kb: Any, view: Any, outlook: BriefOutlook, sources: Sources) -> Spec | None:
    paths = outlook.paths.get("sulfide", {})
    if not paths:
        return None
    lines = []
    for name, path in paths.items():
        what = "the cost model's series" if name == "base" else "decide scenario"
        lines.append(bc.PathLine(name, f"{SCENARIO_NAMES[name]}: {what}", path.years, path.prices))
    base = paths.get("base")
    entry = kb.entries.get(base.entry) if base else None
    quotes = [_quote(p) for p in sorted(getattr(entry, "points", ()), key=lambda p: p.year)]
    bands = []
    if outlook.breakeven is not None:
        bands.append(
            bc.Band(
                f"break-even {PARITY_YEAR}: {span_of(outlook.breakeven, 'USD/kg')}",
                *outlook.breakeven,
                colour="#009E73",
            )
        )
    floor = outlook.floors.get("base")
    if floor is not None:
        bands.append(
            bc.Band(
                f"Li2S-only floor: {span_of((floor.low[-1], floor.high[-1]), 'USD/kg')}",
                floor.low[-1],
                floor.high[-1],
                colour="#CC79A7",
                hatch="///",
            )
        )
    ids = [s for p in getattr(entry, "points", ()) for s in p.source]
    for path in paths.values():
        e = kb.entries.get(path.entry)
        ids += sorted(e.cited()) if e is not None else []
    if floor is not None:
        ids += list(floor.content_sources)
    years = outlook.scenario_years
    return Spec(
        "price_paths",
        {
            "paths": lines,
            "quotes": quotes,
            "quote_label": "quoted ranges of the base series",
            "bands": bands,
            "span": (years[0], years[-1]),
            "ylabel": "sulfide electrolyte price (USD/kg, log)",
            "alt": "Low, base and high sulfide electrolyte price paths against the break-even "
            "price and the Li2S floor",
        },
        "Sulfide electrolyte price paths",
        "Low, base and high paths (log scale). Grey bars: the quoted ranges of the base series "
        "(the seed's Table 1 unless an overlay replaces it); a caret marks a bound (the seed's "
        "'≤150' in 2030 is an upper bound the cost model computes at 150). Low and high are decide "
        "scenarios built from named anchors, not a source's forecast. Shaded: the break-even "
        "price of the sulfide reference designs; hatched: what Li2S alone costs per kg of "
        "electrolyte. Dotted: held flat after the last anchor.",
        sources.cite(ids),
    )


def _costs(kb: Any, view: Any, outlook: BriefOutlook, sources: Sources) -> Spec | None:
    sulfide = set(outlook.sulfide_designs())
    bands = []
    for run in outlook.scenarios:
        rows = [d for d in run.designs if d.design in sulfide]
        years: list[float] = []
        lows: list[float] = []
        highs: list[float] = []
        for k, y in enumerate(outlook.scenario_years):
            values = [c for d in rows if (c := d.cost[k]) is not None]
            if values:
                years.append(float(y))
                lows.append(min(values))
                highs.append(max(values))
        if years:
            bands.append(
                bc.CostBand(
                    run.scenario,
                    f"{SCENARIO_NAMES[run.scenario]} path: sulfide designs (cheapest to dearest)",
                    years,
                    lows,
                    highs,
                )
            )
    if not bands:
        return None
    refs = []
    ids: list[str] = []
    for bench, label, colour in (
        (outlook.target, "solid-state projection", "#0072B2"),
        (outlook.liquid, "liquid projection", "#333333"),
    ):
        if bench is not None:
            when = f" ({bench.year})" if bench.year else ""
            refs.append(
                bc.Marker(f"{label}{when}: {bench.value:g} USD/kWh", bench.value, colour=colour)
            )
            ids += sorted(kb.entries[bench.entry].cited())
    pack_series = kb.entries.get(outlook.market_pack.entry) if outlook.market_pack else None
    if pack_series is not None:
        points = sorted(pack_series.points, key=lambda p: p.year)
        bands.append(
            bc.CostBand(
                "liquid",
                "Li-ion pack price, BNEF surveys",
                [float(p.year) for p in points],
                [p.central for p in points],
                [p.central for p in points],
            )
        )
        ids += sorted(pack_series.cited())
    if outlook.market_cell is not None:
        cell = outlook.market_cell
        refs.append(
            bc.Marker(
                f"Li-ion cell price, survey {cell.survey_date or cell.year}: "
                f"{cell.value:g} USD/kWh",
                cell.value,
                float(cell.year or 0),
                colour="#D55E00",
            )
        )
        ids += sorted(kb.entries[cell.entry].cited())
    changes = ", ".join(
        f"{SCENARIO_NAMES[r.scenario].lower()} {_pct(r.sulfide_annual_change)}"
        for r in outlook.scenarios
        if r.sulfide_annual_change is not None
    )
    caption = (
        "The learning view: cell cost of the sulfide reference designs per production year under "
        f"each price path (log scale), against the {PARITY_YEAR} projections and the surveyed "
        f"Li-ion prices. Average yearly change to {PARITY_YEAR}: {changes}"
    )
    if outlook.pack_annual_change is not None:
        caption += f"; Li-ion packs {_pct(outlook.pack_annual_change)} over the surveys"
    caption += (
        ". A cumulative-volume experience curve needs production volumes the knowledge base does "
        "not hold."
    )
    return Spec(
        "cost_paths",
        {
            "bands": bands,
            "refs": refs,
            "ylabel": "cell cost (USD/kWh, log)",
            "alt": "Cell cost of the sulfide reference designs per year under each price path",
        },
        "Cost by year under each path",
        caption,
        sources.cite(ids),
    )


def _pct(x: float) -> str:
    from decide.report.brief_sections import change

    return change(x)


def short_name(publisher: str) -> str:
    """'EVTank with China ...' -> 'EVTank'; 'China ... Alliance (CABIA), via X' -> 'CABIA';
    'derived from SNE Research' -> 'SNE Research (derived)'."""
    import re

    if publisher.startswith("derived from "):
        return short_name(publisher.removeprefix("derived from ")) + " (derived)"
    acronym = re.search(r"\(([A-Z]{3,6})\)", publisher)
    if acronym:
        return acronym.group(1)
    return re.split(r" with |, | \(", publisher)[0].strip()


KIND_OF_METRIC = {
    "shipments_gwh": "shipments",
    "capacity_gwh": "capacity",
    "market_potential_gwh": "potential",
}


def _gwh(kb: Any, view: Any, outlook: BriefOutlook, sources: Sources) -> Spec | None:
    market = outlook.market
    if market is None:
        return None
    points = []
    ids: list[str] = []
    for fid in market.forecasts:
        f = kb.entries[fid]
        if f.metric not in KIND_OF_METRIC:
            continue
        for p in f.points:
            given = [v for v in (p.min, p.value, p.typical, p.max) if v is not None]
            low, high = min(given), max(given)
            kind = "observed" if f.observed else KIND_OF_METRIC[f.metric]
            what = "" if f.observed else f" ({f.scenario})"
            label = f"{short_name(f.publisher)} {p.year}: {span(p, 'GWh')} {kind}{what}"
            points.append(
                bc.GwhPoint(label, float(p.year), float(low), float(high), f.scenario, kind)
            )
            ids += list(p.source)
    capacities = []
    for item in market.announcements:
        a = kb.entries[item.id]
        if a.capacity_gwh is None:
            continue
        lo, hi = a.capacity_gwh.bounds()
        sop = a.sop_year or "SOP n/s"
        capacities.append(bc.Capacity(f"{a.company} ({sop})", lo, hi, a.electrolyte_class))
        ids += list(a.capacity_gwh.source)
    if not points and not capacities:
        return None
    return Spec(
        "gwh",
        {
            "points": points,
            "capacities": capacities,
            "alt": "Solid-state battery forecasts and announced capacities in GWh",
        },
        "Market volumes in GWh",
        "Left: forecasts (colour: decide's low / base / high reading of each source; marker: what "
        "is counted) and observed volumes (black X), log scale. Definitions differ (most Chinese "
        "figures count semi-solid cells): never add them up. Right: capacities companies stated "
        "in GWh a year (the hatched part is a later stage or an option); most programmes state "
        "none.",
        sources.cite(ids),
    )


def _projections(kb: Any, view: Any, outlook: BriefOutlook, sources: Sources) -> Spec | None:
    t = view.projections
    if t is None:
        return None
    panels = []
    ids: list[str] = []
    for name, (label, cells) in zip(t.names, t.rows, strict=True):
        bars = []
        for tech, entry, cell in zip(t.technologies, t.entries, cells, strict=True):
            prop = entry.properties.get(name)
            if prop is None or cell is None:
                continue
            bound = ""
            if prop.value is None and prop.typical is None:
                bound = "min" if prop.max is None else ("max" if prop.min is None else "")
            bars.append(
                bc.BoundedBar(
                    tech,
                    prop.central if not bound else (prop.min if bound == "min" else prop.max),
                    cell.text,
                    bound,
                )
            )
            ids += list(prop.source)
        if len(bars) >= 2:
            panels.append(
                bc.BarPanel(label.split(" (")[0], label.split(" (")[-1].rstrip(")"), bars)
            )
    if not panels:
        return None
    return Spec(
        "bounded_bars",
        {"panels": panels, "alt": f"{t.year} performance comparison by technology"},
        f"Liquid, semi-solid and solid-state compared, {t.year} projections",
        "The seed's Table 2 with the values as stated; an arrow marks a lower bound ('500+' is "
        "drawn at 500 with an upward arrow).",
        sources.cite(ids),
    )


def _patents(kb: Any, view: Any, outlook: BriefOutlook, sources: Sources) -> Spec | None:
    studies = []
    trend: dict[str, list[tuple[float, float]]] = {}
    ids: list[str] = []
    for sid in outlook.market.patents if outlook.market else ():
        s = kb.entries[sid]
        shares = {c: v.share_pct for c, v in s.by_country.items() if v.share_pct is not None}
        if shares:
            by = {"applicant-origin": "by origin", "filing-office": "by filing office"}.get(
                s.by, "as stated"
            )
            studies.append(
                bc.StudyBars(f"{short_name(s.publisher)}: {s.unit} {by}, {s.period}", shares)
            )
            ids += sorted(s.cited())
        for country, points in s.share_by_year.items():
            trend[country] = [(float(p.year), p.central) for p in points]
            ids += [x for p in points for x in p.source]
    if not studies:
        return None
    return Spec(
        "patents",
        {
            "studies": studies,
            "countries": list(COUNTRIES),
            "trend": trend,
            "trend_label": "Applicant origin over time (PatSnap)",
            "alt": "Solid-state battery patent shares by country in each study",
        },
        "Patents by country",
        "Left: each study's share by country; studies differ in office, unit and period, so bars "
        "of different colours are not comparable and never summed. Chinese applicants hold about "
        "a third of all applications but a small share of international families (filed in two "
        "or more offices). Right: applicant-origin shares in successive PatSnap counts.",
        sources.cite(ids),
    )


def _conductivity(kb: Any, view: Any, outlook: BriefOutlook, sources: Sources) -> Spec | None:
    rows = []
    cited = []
    for m in kb.with_role("solid-electrolyte"):
        prop = m.properties.get(CONDUCTIVITY)
        if prop is None:
            continue
        lo, hi = prop.bounds()
        sintered = m.properties.get(SINTERED)
        note = ""
        if sintered is not None and "seed-article" in sintered.source:
            note = f"seed: ~{sintered.central:g} mS/cm (sintered)"
            cited.append(sintered)
        elif sintered is not None:
            cited.append(sintered)
        rows.append(
            bc.ConductivityRow(
                m.id,
                top_family(kb, m.id),
                lo,
                hi,
                prop.central,
                sintered.central if sintered else None,
                note,
            )
        )
        cited.append(prop)
    if not rows:
        return None
    rows.sort(key=lambda r: (r.family, -r.central, r.label))
    return Spec(
        "conductivity",
        {
            "rows": rows,
            "threshold": 1.0,
            "threshold_label": "1 mS/cm: liquid-like (seed)",
            "alt": "Ionic conductivity at 25 C of each solid electrolyte",
        },
        "Ionic conductivity of the solid electrolytes",
        "Every solid electrolyte in the knowledge base: bar = stated range of the cold-pressed "
        "(or only) 25 °C value, dot = the value the cell model uses, diamond = sintered or "
        "hot-pressed pellet. The seed's benchmark is liquid-like conductivity above 1 mS/cm and "
        "LGPS at about 12 mS/cm, which is the sintered value.",
        sources.of(*cited) + sources.cite(["seed-article"]),
    )


def _windows(kb: Any, view: Any, outlook: BriefOutlook, sources: Sources) -> Spec | None:
    rows = []
    cited = []
    for m in kb.with_role("solid-electrolyte"):
        win = _window(m)
        if win is None:
            continue
        rows.append(bc.WindowRow(m.id, top_family(kb, m.id), win[0].central, win[1].central))
        cited += list(win)
    if not rows:
        return None
    rows.sort(key=lambda r: (r.family, -r.high, r.label))
    cutoffs = []
    for c in kb.with_role("cathode"):
        prop = c.properties.get("upper_cutoff_v")
        if prop is not None:
            cutoffs.append((c.id, prop.central))
            cited.append(prop)
    return Spec(
        "windows",
        {
            "rows": rows,
            "cutoffs": cutoffs,
            "alt": "Electrochemical stability window of each solid electrolyte",
        },
        "Stability windows",
        "Each bar spans an electrolyte's stability window (reduction to oxidation limit, the same "
        "values as the table); dashed lines are cathode upper cut-offs ("
        + ", ".join(f"{c} {v:g} V" for c, v in sorted(cutoffs, key=lambda c: (c[1], c[0])))
        + "). A cathode beyond a bar's right end oxidises that electrolyte unless coated. "
        "Electrolytes without a recorded window are in the conductivity chart only.",
        sources.of(*cited),
    )


def _roadmap(kb: Any, view: Any, outlook: BriefOutlook, sources: Sources) -> Spec | None:
    phases = view.phases
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
    ids = [s for p in phases for s in p.sources] + [
        s for p in phases for _, c in p.targets for s in c.sources
    ]
    return Spec(
        "timeline",
        {
            "spans": spans,
            "xlabel": "year",
            "alt": "Roadmap phases on a timeline with their targets",
        },
        "Roadmap to commercialization",
        "The three phases with their anode classes and cell-level targets.",
        sources.cite(ids),
    )


def _designs(kb: Any, view: Any, outlook: BriefOutlook, sources: Sources) -> Spec | None:
    from decide.report.brief import design_points
    from decide.report.phase_targets import target_points

    found = design_points(view.designs)
    if not found:
        return None
    number = {d.id: n for n, d in enumerate(view.designs, 1)}
    points = [bc.DesignPoint(str(number[i]), x, y, group) for i, x, y, group in found]
    targets, ids = target_points(view.phases, sources)
    return Spec(
        "designs_plane",
        {
            "points": points,
            "targets": [(t.label, t.x, t.y) for t in targets],
            "xlabel": "cell specific energy (Wh/kg)",
            "ylabel": "cell energy density (Wh/L)",
            "alt": "Reference designs against phase targets",
        },
        "Reference designs against the phase targets",
        "Cell-level specific energy and energy density; numbers are the rows of the table below; "
        "dashed corners are each phase's targets (a design up and right of a corner meets it).",
        sources.cite(ids),
    )
