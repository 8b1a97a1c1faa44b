"""The design review: a view model of one assessed design for a design-review meeting.

Page 1 is the decision (verdict, headline numbers, top issues, recommendation); then a spec sheet
grouped by layer, the comparison with published reference cells, the roadmap, the findings, what
it would take, transport, cost, the test plan and the IP areas. All numbers come from the
library: the Assessment (`decide.assessment`), what `decide.outlook` computes for the review, and
the knowledge base. This module selects, groups and formats them, and records every source it
shows.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from decide import __version__
from decide.outlook import References, ReviewOutlook, SolidStateTest
from decide.report import kbviews, review_figures
from decide.report.design_summary import field as get
from decide.report.formatting import num, span
from decide.report.model import Figure, Provenance
from decide.report.sources import SourceRef, Sources
from decide.vocab.design_fields import field_label, qualified_label
from decide.vocab.metrics import COST, DENSITY, ENERGY, LEVELS, METRICS, label_of
from decide.vocab.severity import rank as severity_rank
from decide.vocab.units import pretty_unit

TEMPLATE = "review.html.j2"
TOP_ISSUES = 3
# Info findings whose whole content is a section of the review: (anchor, section, words).
SHOWN_IN_SECTION = {
    "ASM001": ("assumptions", "spec", "the assumptions table"),
    "IP001": ("ip", "ip", ""),
    "STD003": ("tests", "tests", ""),
}
ASR_COLD = "separator_asr_min_temp_ohm_cm2"
HEADLINE: tuple[str, ...] = (
    ENERGY,
    DENSITY,
    COST,
    "areal_capacity_mah_per_cm2",
    "n_p_ratio",
    ASR_COLD,
)
# Spec-sheet groups: design section, title, and the computed metrics that describe that layer.
SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "cathode",
        "Cathode",
        (
            "areal_capacity_mah_per_cm2",
            "cathode_thickness_um",
            "cathode_loading_mg_per_cm2",
            "cathode_porosity_pct",
            "cathode_density_g_cm3",
            "cathode_upper_cutoff_v",
            "catholyte_conductivity_ms_cm",
            "catholyte_conductivity_min_temp_ms_cm",
        ),
    ),
    (
        "separator",
        "Separator",
        (
            "separator_thickness_um",
            "separator_conductivity_ms_cm",
            "separator_conductivity_min_temp_ms_cm",
            "separator_conductivity_max_temp_ms_cm",
            "separator_asr_ohm_cm2",
            ASR_COLD,
        ),
    ),
    (
        "anode",
        "Anode",
        (
            "anode_class",
            "anode_thickness_um",
            "n_p_ratio",
            "silicon_wt_pct",
            "lithium_reservoir_um",
            "lithium_excess_um",
            "plated_lithium_um",
            "anode_expansion_um",
        ),
    ),
    ("current_collectors", "Current collectors", ()),
    ("liquid_electrolyte", "Liquid electrolyte", ("liquid_electrolyte_wt_pct",)),
    ("operating", "Operating conditions", ()),
    ("claims", "Claims of the design owner", ("interface_resistance_ohm", "interface_asr_ohm_cm2")),
)
CELL_SPEC: tuple[str, ...] = (
    "cell_capacity_ah",
    "cell_energy_wh",
    "nominal_voltage_v",
    "cell_mass_g",
    "cell_volume_ml",
    "cell_length_mm",
    "cell_width_mm",
    "cell_thickness_mm",
    "cell_diameter_mm",
    "cell_height_mm",
    "cell_repeat_units",
    "packaging_mass_pct",
    "packaging_volume_pct",
)
COMPARED: tuple[str, ...] = (
    ENERGY,
    DENSITY,
    "stack_specific_energy_wh_per_kg",
    "stack_energy_density_wh_per_l",
    "cell_capacity_ah",
    "cell_energy_wh",
    "cell_mass_g",
    "stack_mass_g",
    "nominal_voltage_v",
    "areal_capacity_mah_per_cm2",
)
MAX_SOLID_REFERENCES = 2
SKIPPED_FIELDS = {"id", "name", "application", "production_year", "suppressions"}


# -- value types --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    """One of page 1's headline numbers."""

    key: str
    label: str
    value: str
    unit: str
    note: str = ""


@dataclass(frozen=True)
class SpecRow:
    """One line of the spec sheet: a design field or a computed value of that layer."""

    label: str
    key: str  # dotted design field or metric key, shown in small print
    value: str
    unit: str
    basis: str  # entered | assumed | override | computed
    note: str = ""
    sources: tuple[str, ...] = ()
    text: bool = False  # a name rather than a number: wraps in its cell


@dataclass(frozen=True)
class SpecGroup:
    """A layer of the spec sheet."""

    title: str
    anchor: str
    rows: tuple[SpecRow, ...]


@dataclass(frozen=True)
class MetricRow:
    """A computed metric with a human label, its unit and its key."""

    label: str
    key: str
    level: str
    value: str
    unit: str


@dataclass(frozen=True)
class FindingView:
    """A finding as the report prints it; `anchor` is its in-document link target."""

    code: str
    title: str
    severity: str
    rank: int | None
    category: str
    message: str
    subjects: tuple[str, ...]
    evidence: tuple[tuple[str, str], ...]
    remediation: str
    sources: tuple[str, ...]

    @property
    def anchor(self) -> str:
        return f"f-{self.code}"


@dataclass(frozen=True)
class ComparisonColumn:
    """A cell in the comparison: this design or a published reference."""

    title: str
    detail: str
    basis: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Comparison:
    """This design beside published reference cells, metric by metric (stack and cell)."""

    columns: tuple[ComparisonColumn, ...]
    rows: tuple[tuple[str, str, str, tuple[str, ...]], ...]  # label, key, unit, one per column
    note: str


@dataclass(frozen=True)
class GapRow:
    """A phase target against the design's value."""

    phase: int
    metric: str
    label: str
    target: str
    actual: str
    met: bool
    shortfall: str


@dataclass(frozen=True)
class LeverRow:
    """A single-lever change towards the next phase."""

    lever: str
    field: str
    current: str
    required: str
    change: str
    feasible: bool
    note: str


@dataclass(frozen=True)
class TestRow:
    """A line of the test plan: a standard's tests, or a solid-state test no standard covers."""

    standard: str
    test: str
    condition: str
    why: str
    sources: tuple[str, ...]
    codes: tuple[str, ...] = ()
    gap: bool = False


@dataclass
class ReviewView:
    """Everything the review template shows."""

    title: str
    version: str
    design_id: str
    design_name: str
    application: str
    application_name: str
    production_year: int
    verdict: str
    architecture: int | None
    anode_class: str
    targets_met: int
    probabilities: list[tuple[int, str]] | None
    worst: str | None
    counts: dict[str, int]
    headlines: list[Headline]
    top_issues: list[FindingView]
    recommendation: str
    spec: list[SpecGroup]
    cell_spec: SpecGroup | None
    assumptions: list[AssumptionRow]
    performance: list[tuple[str, list[MetricRow]]]
    measured: list[MeasuredRow]
    notes: list[tuple[str, str]]
    comparison: Comparison | None
    figures: dict[str, Figure | None]
    transport_gaps: list[tuple[str, str]]
    gaps: list[GapRow]
    phases: list[kbviews.PhaseView]
    projections: kbviews.ProjectionTable | None
    findings: list[FindingView]
    info: list[FindingView]
    suppressed: list[tuple[str, str]]
    next_phase: int | None
    statement: str
    levers: list[LeverRow]
    costs: list[tuple[str, str]]
    relations: list[tuple[str, str, str, str]]  # material, relation, material, severity
    test_plan: list[TestRow]
    conditions: str
    regions: list[str]
    ip: list[kbviews.IpView]
    provenance: Provenance
    sources: list[SourceRef]
    toc: list[tuple[str, str]] = field(default_factory=list)

    def shown_in(self, code: str) -> tuple[str, str] | None:
        """(anchor, words) of the section that shows an info finding's content in full, so the
        findings table points there instead of printing it twice."""
        place = SHOWN_IN_SECTION.get(code)
        if (
            place is None
            or (place[1] == "ip" and not self.ip)
            or (place[1] == "tests" and not self.test_plan)
        ):
            return None
        anchor, section, words = place
        return anchor, f"{words} in {self.heading(section)}" if words else self.heading(section)

    def heading(self, anchor: str) -> str:
        """'N. Title' of a section, numbered as the table of contents numbers it."""
        for n, (a, title) in enumerate(self.toc, 1):
            if a == anchor:
                return f"{n}. {title}"
        raise KeyError(anchor)


# -- entry points -------------------------------------------------------------------------------


def review_charts(
    assessment: Any,
    outlook: ReviewOutlook,
    kb: Any,
    names: Sequence[str] = review_figures.NAMES,
) -> tuple[dict[str, Figure | None], tuple[str, ...]]:
    """The named figures of the review and the source ids they cite (a pure function of its
    inputs, so parts of it can run in another process)."""
    sources = Sources(kb)
    phases = kbviews.phases(kb, sources)
    projections = kbviews.projections(kb, sources)
    figures = review_figures.figures(assessment, outlook, kb, phases, projections, sources, names)
    return figures, sources.cited()


def build_review(
    assessment: Any,
    outlook: ReviewOutlook,
    kb: Any,
    ruleset: Any,
    input_bytes: bytes | None = None,
    charts: tuple[dict[str, Figure | None], tuple[str, ...]] | None = None,
) -> ReviewView:
    """Assemble the review of one assessed design from its Assessment and ReviewOutlook
    (`charts`: from review_charts, if already drawn)."""
    design, metrics, phase = assessment.design, assessment.metrics, assessment.phase
    figures, chart_sources = charts or review_charts(assessment, outlook, kb)
    sources = Sources(kb)
    sources.cite(chart_sources)
    phases = kbviews.phases(kb, sources)
    projections = kbviews.projections(kb, sources)
    app = kb.entries.get(design.application) if design.application else None
    input_name = Path(design.source_file).name if design.source_file else None
    digest = hashlib.sha256(input_bytes).hexdigest() if input_bytes is not None else None
    ordered = ordered_findings(assessment.findings, sources)
    serious = [f for f in ordered if f.severity != "info"]
    standards = kbviews.standards(kb, sources, list(app.standards)) if app is not None else []
    values = metrics.values
    view = ReviewView(
        title=f"Design review: {design.name or design.id}",
        version=__version__,
        design_id=design.id,
        design_name=design.name or design.id,
        application=design.application or "",
        application_name=app.name if app is not None else "",
        production_year=design.production_year,
        verdict=assessment.verdict(),
        architecture=phase.architecture,
        anode_class=phase.anode_class or "",
        targets_met=phase.targets_met,
        probabilities=phase_probabilities(assessment),
        worst=assessment.worst,
        counts=assessment.summary,
        headlines=headlines(values, metrics.notes),
        top_issues=serious[:TOP_ISSUES],
        recommendation=recommendation_text(
            outlook, phase.gaps, [f for f in ordered if f.severity == "error"]
        ),
        spec=spec_sheet(design, metrics, kb, sources),
        cell_spec=cell_spec(design, metrics, kb, sources),
        assumptions=assumptions(metrics, sources),
        performance=performance(values),
        measured=measured_rows(design, values),
        notes=sorted(metrics.notes.items()),
        comparison=comparison(design, values, outlook.references, sources),
        figures=figures,
        transport_gaps=review_figures.transport_gaps(outlook.conductivity),
        gaps=[gap_row(g) for g in phase.gaps],
        phases=phases,
        projections=projections,
        findings=serious,
        info=[f for f in ordered if f.severity == "info"],
        suppressed=[(f.code, f.suppressed_reason or "") for f in assessment.suppressed],
        next_phase=phase.next_phase,
        statement=phase.statement,
        levers=[lever_row(lever) for lever in phase.levers],
        costs=[(k, num(v)) for k, v in metrics.cost_breakdown.items()],
        relations=relations(outlook),
        test_plan=test_plan(standards, outlook.solid_state_tests, values, sources),
        conditions=conditions(values, design),
        regions=list(app.region) if app is not None else [],
        ip=kbviews.ip_areas(kb, sources, list(outlook.ip_areas)),
        provenance=Provenance(__version__, kb.digest, ruleset.digest, digest, input_name),
        sources=[],
    )
    if app is not None:
        sources.cite(app.source)
    view.sources = sources.listing()
    view.toc = contents(view)
    return view


# -- page 1 -------------------------------------------------------------------------------------


def phase_probabilities(assessment: Any) -> list[tuple[int, str]] | None:
    """(phase, 'p %') when the assessment carries an uncertainty analysis (CONTRACT section 7)."""
    uncertainty = getattr(assessment, "uncertainty", None)
    shares = get(uncertainty, "phase_probability") if uncertainty is not None else None
    if not shares:
        return None
    return [(int(k), f"{100 * float(p):.0f} %") for k, p in sorted(shares.items(), key=_phase_key)]


def _phase_key(item: tuple[Any, Any]) -> int:
    return int(item[0])


def headlines(values: dict[str, Any], notes: dict[str, str]) -> list[Headline]:
    """The decision numbers: cell energy, density and cost, areal capacity, N/P, cold ASR."""
    out = []
    for key in HEADLINE:
        label = label_of(key)
        if key == ASR_COLD and isinstance(values.get("min_temperature_c"), int | float):
            label = f"Separator ASR at {num(values['min_temperature_c'])} °C"
        value = values.get(key)
        note = "not computed: see the notes under Performance" if value is None else ""
        out.append(Headline(key, label, _metric_value(value), pretty_unit(key), note))
    return out


def recommendation_text(
    outlook: ReviewOutlook, gaps: Sequence[Any] = (), errors: Sequence[Any] = ()
) -> str:
    """The recommendation in one or two sentences: the errors' remedies first (a design with an
    error is not buildable as specified), then the way to the next phase."""
    first = " ".join(f"Fix {f.code} first: {f.remediation.rstrip('.')}." for f in errors[:2])
    if len(errors) > 2:
        first += f" ({len(errors) - 2} more error findings below.)"
    towards = _towards_next_phase(outlook, gaps)
    if first and towards:
        return f"{first} Then: {towards[:1].lower()}{towards[1:]}"
    return first or towards


def _towards_next_phase(outlook: ReviewOutlook, gaps: Sequence[Any]) -> str:
    rec = outlook.recommendation
    if rec is None:
        return ""
    if rec.next_phase is None:
        return "The design meets the cell-level targets of every roadmap phase: hold them."
    combination = rec.combination
    if combination is not None and combination.changes:
        parts = [
            f"{qualified_label(c.field)} {_metric_value(c.current)} → "
            f"{_metric_value(c.proposed)} {pretty_unit(c.field.rsplit('.', 1)[-1])}".rstrip()
            for c in combination.changes
        ]
        reaches = ", ".join(
            f"{label_of(k).lower()} {num(v)} {pretty_unit(k)}"
            for k, v in combination.reaches.items()
        )
        return (
            f"No single change reaches the phase-{rec.next_phase} targets within the sourced "
            f"limits; together: {'; '.join(parts)} (reaching {reaches}, each change checked "
            "against the rules)."
        )
    lever = rec.lever
    if lever is not None:
        return (
            f"To reach the phase-{rec.next_phase} targets: {lever.lever}, {lever.change} "
            f"(the smallest relative change of the single levers that suffice; see "
            f"the levers of 'What it would take')."
        )
    short = [
        f"{label_of(g.metric).lower()} {num(g.actual)} of {num(g.target)} {pretty_unit(g.metric)}"
        for g in gaps
        if g.phase == rec.next_phase and not g.met
    ]
    if not short:
        return rec.statement
    text = (
        f"Neither a single lever nor a combination reaches the phase-{rec.next_phase} targets "
        f"within the sourced limits ({'; '.join(short)})"
    )
    text += f": {rec.combination_reason}." if rec.combination_reason else "."
    if rec.unsourced:
        return text + (
            f" Not tried, for want of a sourced limit for this design: "
            f"{', '.join(rec.unsourced)}; whether they could close the gap is not known."
        )
    return text + " Another chemistry or architecture is needed for that phase."


# -- spec sheet ---------------------------------------------------------------------------------


def _metric_value(v: Any, digits: int = 3) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float | int):
        return num(v, digits)
    if v is None:
        return "n/a"
    return str(v)


def _evidence_value(key: str, v: Any) -> str:
    """A finding's evidence as a reader wants it: a year without a thousands separator, a list
    as its items (not Python's brackets and quotes)."""
    if isinstance(v, int) and not isinstance(v, bool) and (key == "year" or key.endswith("_year")):
        return str(v)
    if isinstance(v, list | tuple | set | frozenset):
        items = sorted(v, key=str) if isinstance(v, set | frozenset) else v
        return ", ".join(_evidence_value(key, item) for item in items) or "none"
    return _metric_value(v, 4)


def _material(kb: Any, value: Any) -> str:
    entry = kb.entries.get(value) if isinstance(value, str) else None
    return entry.name if entry is not None else str(value)


def _field_rows(
    section: str, data: dict[str, Any], design: Any, metrics: Any, kb: Any, sources: Sources
) -> list[SpecRow]:
    rows: list[SpecRow] = []
    assumed = metrics.assumptions

    def walk(path: str, node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(f"{path}.{key}", value)
            return
        name = path.rsplit(".", 1)[-1]
        material = isinstance(node, str) and node in kb.entries
        value = _material(kb, node) if material else _metric_value(node, 4)
        note = f"knowledge-base id {node}" if material else ""
        basis, cited = "entered", tuple[str, ...]()
        if path in assumed:
            basis = "assumed"
            note = assumed[path].get("note", "")
            cited = sources.cite(assumed[path].get("sources", []))
        unit = "" if material else pretty_unit(name)
        text = material or (isinstance(node, str) and len(value) > 14)
        rows.append(SpecRow(field_label(path), path, value, unit, basis, note, cited, text))

    walk(section, data)
    for path, info in sorted(metrics.assumptions.items()):
        if path.split(".", 1)[0] == section and not any(r.key == path for r in rows):
            name = path.rsplit(".", 1)[-1]
            rows.append(
                SpecRow(
                    field_label(path),
                    path,
                    _metric_value(info.get("value"), 4),
                    pretty_unit(name),
                    "assumed",
                    info.get("note", ""),
                    sources.cite(info.get("sources", [])),
                )
            )
    for path, value in sorted(design.overrides.items()):
        if path.split(".", 1)[0] != section:
            continue
        name = path.split(".", 1)[1]
        owner = _override_owner(design, section)
        kb_value = kb.index.prop(owner, name) if owner else None
        note = f"replaces the knowledge-base value of {owner}" if owner else ""
        if kb_value is not None:
            note += f" ({num(kb_value, 4)} {pretty_unit(name)})".rstrip()
        rows.append(
            SpecRow(
                kbviews.label_of(name), path, num(value, 4), pretty_unit(name), "override", note
            )
        )
    return rows


def _override_owner(design: Any, section: str) -> str | None:
    from decide.vocab.design_fields import owner_of_section

    slot = owner_of_section(section)
    return design.material_at(slot.path) if slot is not None else None


# A computed metric that repeats a design field is shown once, as the field.
SAME_AS_FIELD = {
    "areal_capacity_mah_per_cm2": "cathode.areal_capacity_mah_cm2",
    "cathode_thickness_um": "cathode.thickness_um",
    "cathode_porosity_pct": "cathode.porosity_pct",
    "cathode_upper_cutoff_v": "cathode.upper_cutoff_v",
    "separator_thickness_um": "separator.thickness_um",
    "anode_thickness_um": "anode.thickness_um",
    "n_p_ratio": "anode.n_p_ratio",
    "silicon_wt_pct": "anode.silicon_wt_pct",
    "nominal_voltage_v": "cell.nominal_voltage_v",
    "packaging_mass_pct": "cell.packaging_mass_pct",
    "packaging_volume_pct": "cell.packaging_volume_pct",
    "cell_repeat_units": "cell.repeat_units",
}


def _computed(
    keys: Sequence[str], values: dict[str, Any], rows: Sequence[SpecRow] = ()
) -> list[SpecRow]:
    present = {r.key for r in rows}
    return [
        SpecRow(
            label_of(k),
            k,
            _metric_value(values[k]),
            pretty_unit(k),
            "computed",
            text=isinstance(values[k], str),
        )
        for k in keys
        if k in values and k in METRICS and SAME_AS_FIELD.get(k) not in present
    ]


def spec_sheet(design: Any, metrics: Any, kb: Any, sources: Sources) -> list[SpecGroup]:
    """The design grouped by layer: fields as entered, assumed or overridden, then what the cell
    model computes for that layer."""
    dump = design.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    out = []
    for section, title, keys in SECTIONS:
        if section == "liquid_electrolyte" and design.liquid_electrolyte is None:
            continue
        data = dump.get(section) or {}
        rows = _field_rows(section, data, design, metrics, kb, sources)
        rows += _computed(keys, metrics.values, rows)
        if rows:
            out.append(SpecGroup(title, f"spec-{section.replace('_', '-')}", tuple(rows)))
    return out


def cell_spec(design: Any, metrics: Any, kb: Any, sources: Sources) -> SpecGroup | None:
    """The whole cell (format fields, then capacity, mass and dimensions) when a format is known."""
    dump = design.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    rows = _field_rows("cell", dump.get("cell") or {}, design, metrics, kb, sources)
    if "cell_capacity_ah" not in metrics.values:
        return SpecGroup("Cell", "spec-cell", tuple(rows)) if rows else None
    return SpecGroup("Cell", "spec-cell", tuple(rows + _computed(CELL_SPEC, metrics.values, rows)))


@dataclass(frozen=True)
class AssumptionRow:
    """A value the tool filled in (CONTRACT section 7), with its note and sources."""

    label: str
    key: str
    value: str
    note: str
    sources: tuple[str, ...]


def assumptions(metrics: Any, sources: Sources) -> list[AssumptionRow]:
    """Every assumed value, in field order, with what it rests on."""
    out = []
    for path, info in sorted(metrics.assumptions.items()):
        name = path.rsplit(".", 1)[-1]
        value = info.get("value")
        unit = pretty_unit(name) if isinstance(value, int | float) else ""
        out.append(
            AssumptionRow(
                field_label(path),
                path,
                f"{_metric_value(value, 4)} {unit}".strip(),
                info.get("note", ""),
                sources.cite(info.get("sources", [])),
            )
        )
    return out


@dataclass(frozen=True)
class MeasuredRow:
    """A cell-level figure the design owner measured, beside the model's."""

    key: str
    label: str
    model: str
    measured: str
    gap: str  # (model - measured) / measured, signed
    unit: str


# claims a cell model can be held to: the claim field is named after the metric it measures
MEASURED_CLAIMS = ("cell_specific_energy_wh_per_kg", "cell_energy_density_wh_per_l")


def measured_rows(design: Any, values: dict[str, Any]) -> list[MeasuredRow]:
    """The model against each measured claim; rules PLA005/PLA006 explain gaps beyond 10 %."""
    rows = []
    for key in MEASURED_CLAIMS:
        measured = getattr(design.claims, key, None)
        model = values.get(key)
        if not isinstance(measured, int | float) or not isinstance(model, int | float):
            continue
        gap = 100 * (model - measured) / measured
        rows.append(
            MeasuredRow(
                key, label_of(key), num(model), num(measured), f"{gap:+.1f} %", pretty_unit(key)
            )
        )
    return rows


def performance(values: dict[str, Any]) -> list[tuple[str, list[MetricRow]]]:
    """Metrics the spec sheet does not show, by level (material to cell), labelled."""
    shown = {k for _, _, keys in SECTIONS for k in keys} | set(CELL_SPEC)
    groups: dict[str, list[MetricRow]] = {}
    for key, value in values.items():
        metric = METRICS.get(key)
        if metric is None or key in shown:
            continue
        groups.setdefault(metric.level, []).append(
            MetricRow(metric.label, key, metric.level, _metric_value(value, 4), pretty_unit(key))
        )
    return [(level, groups[level]) for level in LEVELS if level in groups]


# -- reference cells ----------------------------------------------------------------------------


def comparison(
    design: Any, values: dict[str, Any], refs: References | None, sources: Sources
) -> Comparison | None:
    """This design beside the liquid baseline and the solid-state cells of its anode class."""
    if refs is None:
        return None
    entries = [e for e in (refs.baseline, *refs.solid_state[:MAX_SOLID_REFERENCES]) if e]
    columns = [ComparisonColumn("This design", values.get("electrolyte_class", ""), "model", ())]
    for e in entries:
        detail = e.chemistry
        columns.append(ComparisonColumn(e.name, detail, e.basis, sources.cite(e.source)))
    rows = []
    for key in COMPARED:
        cells = [_metric_value(values.get(key)) if key in values else "–"]
        cells += [span(e.properties[key]) if key in e.properties else "–" for e in entries]
        if any(c != "–" for c in cells[1:]):
            rows.append((label_of(key), key, pretty_unit(key), tuple(cells)))
    cls = refs.anode_class or "this"
    if refs.solid_state:
        note = (
            f"Solid-state cells with a {cls} anode, best first (measured before model or "
            "projection). Stack figures exclude the housing, cell figures include it."
        )
    else:
        note = (
            f"No published solid-state cell with a {cls} anode is recorded in the knowledge "
            "base (knowledge/GAPS.md); the design is compared with the liquid baseline only."
        )
    return Comparison(tuple(columns), tuple(rows), note)


# -- findings -----------------------------------------------------------------------------------


def finding_order(f: Any) -> tuple[int, float, str]:
    """Severity first, then the rule's rank within its severity when it has one, then code."""
    rank = getattr(f, "rank", None)
    return (severity_rank(f.severity), float(rank) if rank is not None else math.inf, f.code)


def ordered_findings(findings: list[Any], sources: Sources) -> list[FindingView]:
    """Active findings as views, ordered by severity, rank and code."""
    return [
        FindingView(
            code=f.code,
            title=f.title,
            severity=f.severity,
            rank=getattr(f, "rank", None),
            category=f.category,
            message=f.message,
            subjects=tuple(f.subjects),
            evidence=tuple((k, _evidence_value(k, v)) for k, v in f.evidence.items()),
            remediation=f.remediation,
            sources=sources.cite(f.sources),
        )
        for f in sorted(findings, key=finding_order)
    ]


# -- roadmap and levers -------------------------------------------------------------------------


def gap_row(g: Any) -> GapRow:
    """Format a phase gap."""
    unit = pretty_unit(g.metric)
    return GapRow(
        g.phase,
        g.metric,
        label_of(g.metric),
        f"{num(g.target)} {unit}".strip(),
        f"{num(g.actual)} {unit}".strip(),
        g.met,
        "" if g.met else f"{num(g.shortfall)} {unit}".strip(),
    )


def lever_row(lever: Any) -> LeverRow:
    """Format a lever."""
    return LeverRow(
        lever.lever,
        lever.field,
        _metric_value(lever.current) if lever.current is not None else "n/a",
        _metric_value(lever.required) if lever.required is not None else "n/a",
        lever.change,
        lever.feasible,
        lever.note,
    )


# -- test plan ----------------------------------------------------------------------------------


def conditions(values: dict[str, Any], design: Any) -> str:
    """The design's own test conditions: temperature range, stack pressure, 1C current."""
    parts = []
    lo, hi = values.get("min_temperature_c"), values.get("max_temperature_c")
    if isinstance(lo, int | float) and isinstance(hi, int | float):
        parts.append(f"{num(lo)} to {num(hi)} °C")
    pressure = design.operating.stack_pressure_mpa
    parts.append(f"{num(pressure)} MPa stack pressure" if pressure else "no stack pressure given")
    current = values.get("areal_capacity_mah_per_cm2")
    if isinstance(current, int | float):
        parts.append(f"1C = {num(current)} mA/cm²")
    return ", ".join(parts)


SSB_TESTS = {
    "ccd": (
        "Critical current density",
        "Li | SE | Li and full cells, current stepped until short",
    ),
    "h2s": (
        "H2S release under abuse",
        "crush, nail, overcharge and moisture exposure with H2S gas monitoring",
    ),
    "pressure": (
        "Stack-pressure loss",
        "cycling at the design pressure, then with the pressure reduced and removed: "
        "capacity, impedance, shorts",
    ),
}


def _ssb_row(gap: SolidStateTest, values: dict[str, Any], sources: Sources) -> TestRow:
    name, test = SSB_TESTS[gap.kind]
    v = gap.values
    pressure = v.get("stack_pressure_mpa")
    at = f"{num(pressure)} MPa" if pressure else "no declared stack pressure"
    if gap.kind == "ccd":
        ccd = v.get("ccd")
        current = v.get("current_1c_ma_cm2")
        condition = f"up to and beyond {num(current)} mA/cm² (1C), {at}, lowest temperature"
        if ccd is not None and isinstance(current, int | float):
            ratio = current / ccd.central if ccd.central else math.inf
            why = (
                f"1C is {num(current)} mA/cm², {num(ratio, 2)}× the {span(ccd, 'mA/cm²')} "
                f"critical current density recorded for {v.get('separator')}"
                + (f" ({ccd.condition})" if ccd.condition else "")
            )
        else:
            why = f"no critical current density is recorded for {v.get('separator')}"
    elif gap.kind == "h2s":
        condition = "abuse procedures of the listed standards plus H2S concentration over time"
        why = ", ".join(v.get("materials", [])) + " release H2S when damaged cells meet moisture"
    else:
        condition = f"{at} and below"
        why = "solid interfaces rely on the stack pressure to keep contact"
    if gap.standards:
        why += "; not covered by " + ", ".join(gap.standards)
    return TestRow(name, test, condition, why, sources.cite(gap.sources), gap.codes, True)


def test_plan(
    standards: list[kbviews.StandardView],
    gaps: Sequence[SolidStateTest],
    values: dict[str, Any],
    sources: Sources,
) -> list[TestRow]:
    """The application's standards (mandatory first), then the solid-state tests they miss."""
    rows = [
        TestRow(
            s.code + (" (mandatory)" if s.mandatory else ""),
            "; ".join(s.tests),
            f"{s.level} level"
            + (
                "; " + "; ".join(f"{label} {c.text}" for label, c in s.properties)
                if s.properties
                else ""
            ),
            f"{s.region}; " + (f"gap: {s.gap}" if s.gap else "solid-state specific"),
            s.sources,
        )
        for s in sorted(standards, key=lambda s: (not s.mandatory, s.region, s.code))
    ]
    return rows + [_ssb_row(g, values, sources) for g in gaps]


def relations(outlook: ReviewOutlook) -> list[tuple[str, str, str, str]]:
    """The compatibility relations the graph figure draws, worst first, in words."""
    graph = outlook.neighbourhood
    if graph is None:
        return []
    links = [k for k in graph.links if k.severity]
    links.sort(key=lambda k: (severity_rank(k.severity), k.source, k.target))
    return [
        (k.source, " / ".join(r.replace("_", " ") for r in k.relations), k.target, k.severity)
        for k in links
    ]


# -- contents -----------------------------------------------------------------------------------


def contents(view: ReviewView) -> list[tuple[str, str]]:
    """(anchor, title) of each numbered section, for the table of contents."""
    items = [
        ("spec", "Spec sheet"),
        ("performance", "Performance"),
        ("references", "Against published cells"),
        ("roadmap", "Against the roadmap and the projections"),
        ("findings", "Findings"),
        ("levers", "What it would take"),
        ("transport", "Ionic conductivity over the operating range"),
        ("cost", "Cost"),
        ("tests", "Test plan"),
        ("ip", "IP areas"),
        ("graph", "The design in the knowledge graph"),
        ("provenance", "Provenance"),
        ("sources", "Sources"),
    ]
    if view.comparison is None:
        items = [i for i in items if i[0] != "references"]
    return items
