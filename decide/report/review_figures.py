"""The design review's figures; each plots numbers the library computed.

The Assessment and the ReviewOutlook (decide.outlook) hold every number and relation drawn here;
this module selects them, labels them and cites their sources.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from decide.kb import neighbourhood as kg
from decide.outlook import Conductivity, ReviewOutlook, YearCost, is_sulfide_series
from decide.report import charts, kbviews
from decide.report.model import Figure
from decide.report.phase_targets import target_points
from decide.report.sources import Sources
from decide.vocab.design_fields import BY_COMPONENT, field_label, qualified_label
from decide.vocab.metrics import COST, DENSITY, ENERGY, label_of
from decide.vocab.units import text_unit

NAMES = (
    "tornado",
    "breakdown",
    "targets",
    "projections",
    "conductivity",
    "cost",
    "sensitivity",
    "graph",
)


def figures(
    assessment: Any,
    outlook: ReviewOutlook,
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
        "conductivity": lambda: conductivity(outlook.conductivity, sources),
        "cost": lambda: cost_breakdown(design, metrics),
        "sensitivity": lambda: sensitivity(outlook.costs_by_year, kb, projections, sources),
        "graph": lambda: neighbourhood(outlook.neighbourhood, sources),
        "tornado": lambda: tornado(getattr(assessment, "uncertainty", None), kb, sources),
    }
    return {name: builders[name]() for name in names}


# One category and colour per layer, shared by the mass, thickness and cost figures.
LAYER_NAMES = {
    "cathode": "cathode layer",
    "separator": "separator",
    "anode": "anode layer",
    "plated_lithium": "plated lithium",
    "collectors": "current collectors",
    "liquid": "liquid electrolyte",
    "manufacturing": "manufacturing",
}
LAYER_COLOURS = {
    "cathode layer": "#0072B2",
    "separator": "#E69F00",
    "anode layer": "#009E73",
    "plated lithium": "#CC79A7",
    "current collectors": "#999999",
    "liquid electrolyte": "#F0E442",
    "manufacturing": "#333333",
}


def layer_of(component: str) -> str:
    """The breakdown category of a cell-model component (its layer)."""
    slot = BY_COMPONENT.get(component)
    return LAYER_NAMES.get(slot.layer if slot is not None else component, component)


def _by_layer(parts: dict[str, float]) -> dict[str, float]:
    out: dict[str, float] = {}
    for component, value in parts.items():
        layer = layer_of(component)
        out[layer] = out.get(layer, 0.0) + value
    return out


def breakdown(metrics: Any) -> Figure | None:
    """Mass and charged thickness of one repeat unit, by layer (the same categories and colours
    in both bars and in the cost figure)."""
    bars = [
        (name, _by_layer(parts))
        for name, parts in (
            ("mass", metrics.mass_breakdown),
            ("thickness (charged)", metrics.volume_breakdown),
        )
        if parts
    ]
    if not bars:
        return None
    chart = charts.stacked(
        bars, "", alt="Mass and volume breakdown of the repeat unit", colours=LAYER_COLOURS
    )
    return Figure(
        "Mass and volume breakdown",
        "Shares of one repeat unit (cathode, separator, anode, half of each current collector) "
        "by layer, from the cell model; the cathode and anode layers include their "
        "electrolyte and additives, a liquid in the pores adds mass but no thickness, and the "
        "thickness is the charged state (plated lithium included).",
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


def conductivity(data: Conductivity, sources: Sources) -> Figure | None:
    """Arrhenius conductivity of each electrolyte layer across and around the operating range."""
    if data.operating_c is None or not data.curves:
        return None
    curves = [
        charts.Line(
            f"{', '.join(c.layers)}: {c.material}",
            list(c.temperatures_c),
            list(c.conductivity_ms_cm),
        )
        for c in data.curves
    ]
    chart = charts.lines(
        curves,
        "temperature (°C)",
        "ionic conductivity (mS/cm, log)",
        alt="Ionic conductivity over the operating temperature range",
        logy=True,
        vspan=data.operating_c,
    )
    return Figure(
        "Ionic conductivity over the operating range",
        "Arrhenius extrapolation from the 25 °C conductivity and activation energy "
        "(design overrides included); the shaded band is the operating range.",
        chart,
        sources.cite([s for c in data.curves for s in c.sources]),
    )


MISSING_TEXT = {
    "ionic_conductivity_ms_cm": "25 °C ionic conductivity",
    "activation_energy_ev": "activation energy",
}


def transport_gaps(data: Conductivity) -> list[tuple[str, str]]:
    """Electrolyte layers the conductivity chart cannot draw, and what is missing, in words."""
    return [
        (f"{g.layer} ({g.material})", " and no ".join(MISSING_TEXT.get(n, n) for n in g.missing))
        for g in data.gaps
    ]


def cost_breakdown(design: Any, metrics: Any) -> Figure | None:
    """Cell cost by component for the production year."""
    parts = metrics.cost_breakdown
    if not parts:
        return None
    labels = [BY_COMPONENT[c].label if c in BY_COMPONENT else c.replace("_", " ") for c in parts]
    chart = charts.hbars(
        labels,
        list(parts.values()),
        [f"{v:,.1f}" for v in parts.values()],
        [LAYER_COLOURS.get(layer_of(c), "#999999") for c in parts],
        "USD/kWh",
        f"cell cost by component, {design.production_year}",
        alt="Cost breakdown",
    )
    return Figure(
        "Cost breakdown",
        "Materials by component plus manufacturing, from the cell model's prices for the "
        "production year; colours are the layers of the mass and volume breakdown.",
        chart,
        (),
    )


def sensitivity(
    by_year: Sequence[YearCost],
    kb: Any,
    projections: kbviews.ProjectionTable | None,
    sources: Sources,
) -> Figure | None:
    """Cell cost if the same design were built in each year of the electrolyte price series."""
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
        if is_sulfide_series(kb, series):
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


_GROUP = {kg.MATERIAL: "design", kg.FAMILY: "family", kg.IP_AREA: "ip-area"}


def neighbourhood(graph: kg.Neighbourhood | None, sources: Sources) -> Figure | None:
    """The design's materials, their families, the compatibility relations between them and the
    IP areas that touch them: the part of the knowledge graph the rules walked."""
    if graph is None:
        return None
    # A material with no recorded relation would float off on its own and squeeze the spring
    # layout of everything else into a corner; it is named in the caption instead.
    linked = {k.source for k in graph.links} | {k.target for k in graph.links}
    isolated = [n.id for n in graph.nodes if n.id not in linked] if linked else []
    nodes = [
        charts.GraphNode(n.id, _node_label(n), _GROUP[n.kind])
        for n in graph.nodes
        if n.id not in isolated
    ]
    edges = sorted(
        (
            charts.GraphEdge(
                k.source, k.target, " / ".join(r.replace("_", " ") for r in k.relations), k.severity
            )
            for k in graph.links
        ),
        key=lambda e: (e.source, e.target, e.label),
    )
    chart = charts.knowledge_graph(
        nodes, edges, alt="The design's materials in the knowledge graph"
    )
    caption = (
        "Middle: the design's materials; left: their families; right: IP areas that touch them. "
        "Arcs are compatibility relations between materials the design puts together (red "
        "error, amber warning, green compatible), named in the table below."
    )
    if isolated:
        caption += " Not drawn, no relation recorded: " + ", ".join(isolated) + "."
    return Figure("The design in the knowledge graph", caption, chart, sources.cite(graph.sources))


def _node_label(node: kg.Node) -> str:
    if node.kind == kg.MATERIAL:
        return f"{node.id} ({', '.join(node.roles)})"
    return node.name if node.kind == kg.IP_AREA else node.id


TORNADO_BARS = 3  # inputs per metric on page 1: the measurements to make next


def input_label(name: str, kb: Any) -> str:
    """'Li6PS5Cl density (1.84-1.87 g/cm3)' style name of a sampled input, without the range."""
    owner, _, prop = name.partition(".")
    entry = kb.entries.get(owner) if prop else None
    if entry is not None and getattr(entry, "kind", "") == "price":
        subject = kb.entries.get(entry.subjects[0])
        name = str(getattr(subject, "name", entry.subjects[0])).split(" (")[0]
        return f"{name} price"
    if entry is not None:
        label = field_label(prop)
        name = str(getattr(entry, "name", owner)).split(" (")[0]
        return f"{name} {label[:1].lower()}{label[1:]}"
    return qualified_label(name)


def tornado(uncertainty: Any, kb: Any, sources: Sources) -> Figure | None:
    """The drivers of cell energy, density and cost: which input's range moves them most, so the
    measurement to make next (CONTRACT section 7 `drivers`)."""
    if uncertainty is None or not uncertainty.drivers:
        return None
    ranges = {r.name: r for r in uncertainty.inputs}
    panels = []
    for metric in (ENERGY, DENSITY, COST):
        bars = [d for d in uncertainty.drivers_of(metric) if d.swing > 0][:TORNADO_BARS]
        if not bars:
            continue
        point = bars[0].point if bars[0].point is not None else bars[0].metric_at_low
        panels.append(
            charts.TornadoPanel(
                label_of(metric),
                text_unit(metric),
                point,
                [
                    charts.TornadoBar(
                        f"{input_label(d.field, kb)} ({_span(d.field, d.low, d.high)})",
                        d.metric_at_low,
                        d.metric_at_high,
                    )
                    for d in bars
                ],
            )
        )
    if not panels:
        return None
    cited = [s for r in ranges.values() for s in r.sources]
    chart = charts.tornado(panels, alt="What moves the cell's energy, density and cost most")
    return Figure(
        "What moves the result: the drivers",
        f"Each input of the knowledge base or the design that has a range, set to its minimum "
        f"and maximum with the others typical; the widest bar is the measurement to make first. "
        f"{len(uncertainty.inputs)} ranged inputs, {uncertainty.samples:,} samples for the "
        f"probabilities.",
        chart,
        sources.cite(cited),
    )


def _span(name: str, low: float, high: float) -> str:
    """'8-17 %': an input's range with its unit."""
    unit = text_unit(name.rsplit(".", 1)[-1])
    return f"{low:.3g}-{high:.3g}{' ' + unit if unit else ''}"
