"""The design review's figures; each plots numbers the library computed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from decide.report import charts, kbviews
from decide.report.model import Figure
from decide.report.phase_targets import target_points
from decide.report.sources import Sources
from decide.vocab.metrics import COST, DENSITY, ENERGY
from decide.vocab.severity import rank

NAMES = ("breakdown", "targets", "projections", "conductivity", "cost", "sensitivity", "graph")
TEMPERATURE_MARGIN_C = 20
TEMPERATURE_STEPS = 41


def figures(
    assessment: Any,
    kb: Any,
    phases: list[kbviews.PhaseView],
    projections: kbviews.ProjectionTable | None,
    sources: Sources,
    names: Sequence[str] = NAMES,
) -> dict[str, Figure | None]:
    """The figures of the review named in `names`, by name (None when the data are missing)."""
    design, metrics = assessment.design, assessment.metrics
    builders = {
        "breakdown": lambda: breakdown(metrics),
        "targets": lambda: targets(design, metrics, phases, sources),
        "projections": lambda: against_projections(design, metrics, projections, sources),
        "conductivity": lambda: conductivity(design, kb, metrics, sources),
        "cost": lambda: cost_breakdown(design, metrics),
        "sensitivity": lambda: sensitivity(design, kb, projections, sources),
        "graph": lambda: neighbourhood(assessment, kb, sources),
    }
    return {name: builders[name]() for name in names}


def breakdown(metrics: Any) -> Figure | None:
    """Mass and charged thickness of one repeat unit, by component."""
    bars = [
        (name, parts)
        for name, parts in (
            ("mass", metrics.mass_breakdown),
            ("thickness (charged)", metrics.volume_breakdown),
        )
        if parts
    ]
    if not bars:
        return None
    chart = charts.stacked(bars, "", alt="Mass and volume breakdown of the repeat unit")
    return Figure(
        "Mass and volume breakdown",
        "Shares of one repeat unit (cathode, separator, "
        "anode, half of each current collector) by component, from the cell model; "
        "the volume uses the charged-state thickness.",
        chart,
        (),
    )


def targets(
    design: Any, metrics: Any, phases: list[kbviews.PhaseView], sources: Sources
) -> Figure | None:
    """The design on the specific-energy / energy-density plane against the phase targets."""
    energy = metrics.values.get(ENERGY)
    if not isinstance(energy, int | float):
        return None
    corners, ids = target_points(phases, sources)
    density = metrics.values.get(DENSITY)
    point = charts.Point(
        design.id,
        energy,
        density if isinstance(density, int | float) else None,
        group="this design",
    )
    chart = charts.scatter_targets(
        [point],
        corners,
        "cell specific energy (Wh/kg)",
        "cell energy density (Wh/L)",
        alt="The design against the three phase targets",
    )
    return Figure(
        "The design against the phase targets",
        "Dashed corners are the phases' cell-level targets (lower bounds); a design up "
        "and right of a corner meets that phase.",
        chart,
        sources.cite(ids),
    )


def against_projections(
    design: Any, metrics: Any, projections: kbviews.ProjectionTable | None, sources: Sources
) -> Figure | None:
    """The design next to the projections (the seed's Table 2), metric by metric."""
    if projections is None:
        return None
    claims = {"cycle_life_cycles": design.claims.cycle_life}
    panels = []
    for name, (label, cells) in zip(projections.names, projections.rows, strict=True):
        mine = metrics.values.get(name, claims.get(name))
        if not isinstance(mine, int | float):
            continue
        values = [
            p.properties[name].central if name in p.properties else None
            for p in projections.entries
        ]
        texts = [c.text if c else "n/a" for c in cells]
        panels.append(
            charts.Panel(
                label.split(" (")[0],
                kbviews.unit_of(name),
                [*projections.technologies, "this design"],
                [*values, mine],
                texts=[*texts, f"{mine:,.0f}"],
            )
        )
    if not panels:
        return None
    ids = [s for _, cells in projections.rows for c in cells if c for s in c.sources]
    note = (
        " Cycle life is the design's claim, not a computed value."
        if any(p.title.lower().startswith("cycles") for p in panels)
        else ""
    )
    return Figure(
        f"The design against the {projections.year} projections",
        "Projected liquid, semi-solid and solid-state cells next to this design." + note,
        charts.bar_panels(panels, alt="The design against the projections"),
        sources.cite(ids),
    )


def layer_electrolytes(design: Any) -> list[tuple[str, str, Any]]:
    """(layer, material id, section holding overrides) for layers that conduct Li+ ions."""
    out = [("separator", design.separator.material, design.separator)]
    if design.cathode.catholyte:
        out.append(("catholyte", design.cathode.catholyte, None))
    if design.anode.anolyte:
        out.append(("anolyte", design.anode.anolyte, None))
    return out


def transport_gaps(design: Any, kb: Any) -> list[tuple[str, str]]:
    """Electrolyte layers the conductivity chart cannot draw, and what is missing."""
    from decide.cell.metrics import layer_conductivity

    gaps = []
    for layer, material, block in layer_electrolytes(design):
        sigma, ea = layer_conductivity(block, material, kb)
        missing = [
            n
            for n, v in (("25 °C ionic conductivity", sigma), ("activation energy", ea))
            if v is None
        ]
        if missing:
            gaps.append((f"{layer} ({material})", " and no ".join(missing)))
    return gaps


def conductivity(design: Any, kb: Any, metrics: Any, sources: Sources) -> Figure | None:
    """Arrhenius conductivity of each electrolyte layer across and around the operating range."""
    from decide.cell.metrics import layer_conductivity
    from decide.cell.transport import arrhenius

    lo = metrics.values.get("min_temperature_c")
    hi = metrics.values.get("max_temperature_c")
    if not isinstance(lo, int | float) or not isinstance(hi, int | float):
        return None
    start, stop = lo - TEMPERATURE_MARGIN_C, hi + TEMPERATURE_MARGIN_C
    temps = [start + (stop - start) * i / (TEMPERATURE_STEPS - 1) for i in range(TEMPERATURE_STEPS)]
    curves, cited, seen = [], [], set()
    for layer, material, block in layer_electrolytes(design):
        if material in seen:
            continue
        sigma, ea = layer_conductivity(block, material, kb)
        if sigma is None or ea is None:
            continue
        seen.add(material)
        curves.append(
            charts.Line(
                f"{layer}: {material}", temps, [float(arrhenius(sigma, ea, t)) for t in temps]
            )
        )
        entry = kb.entries.get(material)
        for name in ("ionic_conductivity_ms_cm", "activation_energy_ev"):
            prop = getattr(entry, "properties", {}).get(name) if entry else None
            if prop is not None:
                cited.append(prop)
    if not curves:
        return None
    chart = charts.lines(
        curves,
        "temperature (°C)",
        "ionic conductivity (mS/cm, log)",
        alt="Ionic conductivity over the operating temperature range",
        logy=True,
        vspan=(lo, hi),
    )
    return Figure(
        "Ionic conductivity over the operating range",
        "Arrhenius extrapolation from the 25 °C conductivity and activation energy "
        "(design overrides included); the shaded band is the operating range.",
        chart,
        sources.of(*cited),
    )


def cost_breakdown(design: Any, metrics: Any) -> Figure | None:
    """Cell cost by component for the production year."""
    parts = metrics.cost_breakdown
    if not parts:
        return None
    panel = charts.Panel(
        f"cell cost by component, {design.production_year}",
        "USD/kWh",
        list(parts),
        list(parts.values()),
        texts=[f"{v:,.1f}" for v in parts.values()],
    )
    return Figure(
        "Cost breakdown",
        "Materials by component plus manufacturing, from the cell "
        "model's prices for the production year.",
        charts.bar_panels([panel], alt="Cost breakdown", height=2.6),
        (),
    )


def sensitivity(
    design: Any, kb: Any, projections: kbviews.ProjectionTable | None, sources: Sources
) -> Figure | None:
    """Cell cost if the same design were built in each year of the electrolyte price series."""
    from decide.report.costs import cost_by_year, price_years

    years = price_years(kb, [design.production_year])
    if len(years) < 2:
        return None
    by_year = cost_by_year(design, kb, range(years[0], years[-1] + 1))
    points = [(c.year, c.values[COST]) for c in by_year if COST in c.values]
    if not points:
        return None
    hlines = []
    cited: list[str] = []
    if projections is not None and COST in projections.names:
        for tech, entry in zip(projections.technologies, projections.entries, strict=True):
            prop = entry.properties.get(COST)
            if prop is not None:
                hlines.append(
                    (f"{tech} {projections.year}: {prop.central:g} USD/kWh", prop.central)
                )
                cited.extend(prop.source)
    for series in kb.of_kind("price"):
        if kbviews.is_sulfide_series(kb, series):
            cited.extend(s for p in series.points for s in p.source)
    chart = charts.lines(
        [charts.Line("cell cost of this design", [p[0] for p in points], [p[1] for p in points])],
        "production year",
        "cell cost (USD/kWh)",
        alt="Cell cost by production year",
        hlines=hlines,
    )
    return Figure(
        "Electrolyte-price sensitivity by year",
        "The cell model re-run for each production year: material prices (above all the "
        "solid electrolyte's) follow their price series; dashed lines are the "
        "projected cell costs.",
        chart,
        sources.cite(cited),
    )


_ROLE_OF_FIELD = {
    "cathode.active_material": "cathode",
    "cathode.coating": "coating",
    "cathode.catholyte": "catholyte",
    "separator.material": "separator",
    "anode.material": "anode",
    "anode.anolyte": "anolyte",
    "anode.interlayer": "interlayer",
    "liquid_electrolyte.material": "liquid",
}


def neighbourhood(assessment: Any, kb: Any, sources: Sources) -> Figure | None:
    """The design's materials, their families, the compatibility relations between them and the
    IP areas that touch them: the part of the knowledge graph the rules walked."""
    from decide.rules.functions import ip_areas_for

    facts = assessment.facts
    roles: dict[str, list[str]] = {}
    for field, role in _ROLE_OF_FIELD.items():
        value = facts.get(field)
        if isinstance(value, str) and value in kb.entries:
            roles.setdefault(value, []).append(role)
    if not roles:
        return None
    nodes = {m: charts.GraphNode(m, f"{m} ({', '.join(r)})", "design") for m, r in roles.items()}
    edges: set[charts.GraphEdge] = set()
    cited: set[str] = set()
    materials = sorted(roles)
    for i, a in enumerate(materials):
        for b in materials[i + 1 :]:
            ids = sorted(set(kb.index.compatibility(a, b) + kb.index.compatibility(b, a)))
            if not ids:
                continue
            found = [kb.entries[cid] for cid in ids]
            label = " / ".join(sorted({e.relation.replace("_", " ") for e in found}))
            severity = min((e.severity for e in found), key=rank)
            edges.add(charts.GraphEdge(a, b, label, severity))
            for e in found:
                cited.update(e.source)
        entry = kb.entries[a]
        for family in getattr(entry, "family", [])[:1]:
            nodes.setdefault(family, charts.GraphNode(family, family, "family"))
            edges.add(charts.GraphEdge(a, family, "member of"))
    for area in ip_areas_for(kb, materials):
        nodes[area] = charts.GraphNode(area, kb.entries[area].name, "ip-area")
        touched = set(kb.entries[area].materials) | set(kb.entries[area].families)
        for material in materials:
            reach = {material, *kb.index.families.get(material, ())}
            if reach & touched:
                edges.add(charts.GraphEdge(area, material, "touches"))
                cited.update(kb.entries[area].source)
    chart = charts.knowledge_graph(
        sorted(nodes.values(), key=lambda n: n.id),
        sorted(edges, key=lambda e: (e.source, e.target, e.label)),
        alt="The design's materials in the knowledge graph",
    )
    caption = (
        "Blue: the design's materials; grey: their families; beige: IP areas that touch them. "
        "Coloured lines are compatibility relations between materials the design puts together "
        "(red error, amber warning, green compatible)."
    )
    return Figure("The design in the knowledge graph", caption, chart, sources.cite(sorted(cited)))
