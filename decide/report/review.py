"""The design review: a view model of one assessed design for an engineering committee.

All numbers come from the library: the Assessment (`decide.assessment`), what `decide.outlook`
computes for the review, and the knowledge base. This module selects, groups and formats them, and
records every source it shows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from decide import __version__
from decide.outlook import ReviewOutlook
from decide.report import kbviews, review_figures
from decide.report.formatting import num
from decide.report.model import Figure, Provenance
from decide.report.sources import SourceRef, Sources
from decide.vocab.severity import rank

TEMPLATE = "review.html.j2"
LEVEL_ORDER = ("material", "electrode", "stack", "cell")
# Which knowledge entry a section's property override replaces.
OVERRIDE_OWNER = {
    "cathode": "active_material",
    "separator": "material",
    "anode": "material",
    "liquid_electrolyte": "material",
}


@dataclass(frozen=True)
class InputRow:
    """One field of the design as entered."""

    path: str
    value: str
    override: str  # '' unless the value overrides a knowledge-base property


@dataclass(frozen=True)
class MetricRow:
    """One computed metric with its level and unit."""

    key: str
    level: str
    value: str
    unit: str


@dataclass(frozen=True)
class FindingView:
    """A finding as the report prints it."""

    code: str
    title: str
    severity: str
    message: str
    subjects: tuple[str, ...]
    evidence: tuple[tuple[str, str], ...]
    remediation: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class GapRow:
    """A phase target against the design's value."""

    phase: int
    metric: str
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
    worst: str | None
    counts: dict[str, int]
    inputs: list[InputRow]
    assumptions: list[tuple[str, str]]
    metrics: list[MetricRow]
    notes: list[tuple[str, str]]
    figures: dict[str, Figure | None]
    transport_gaps: list[tuple[str, str]]
    gaps: list[GapRow]
    phases: list[kbviews.PhaseView]
    projections: kbviews.ProjectionTable | None
    findings: list[tuple[str, list[FindingView]]]
    suppressed: list[tuple[str, str]]
    next_phase: int | None
    statement: str
    levers: list[LeverRow]
    costs: list[tuple[str, str]]
    standards: list[kbviews.StandardView]
    regions: list[str]
    ip: list[kbviews.IpView]
    provenance: Provenance
    sources: list[SourceRef]


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
    view = ReviewView(
        title=f"Design review: {design.name or design.id}",
        version=__version__,
        design_id=design.id,
        design_name=design.name or design.id,
        application=design.application or "",
        application_name=app.name if app is not None else "",
        production_year=design.production_year,
        verdict=assessment.verdict(),
        worst=assessment.worst,
        counts=assessment.summary,
        inputs=design_rows(design, kb),
        assumptions=sorted(metrics.assumptions.items()),
        metrics=metric_rows(metrics),
        notes=sorted(metrics.notes.items()),
        figures=figures,
        transport_gaps=review_figures.transport_gaps(outlook.conductivity),
        gaps=[gap_row(g) for g in phase.gaps],
        phases=phases,
        projections=projections,
        findings=findings_by_category(assessment.findings, sources),
        suppressed=[(f.code, f.suppressed_reason or "") for f in assessment.suppressed],
        next_phase=phase.next_phase,
        statement=phase.statement,
        levers=[lever_row(lever) for lever in phase.levers],
        costs=[(k, num(v)) for k, v in metrics.cost_breakdown.items()],
        standards=kbviews.standards(kb, sources, list(app.standards)) if app is not None else [],
        regions=list(app.region) if app is not None else [],
        ip=kbviews.ip_areas(kb, sources, list(outlook.ip_areas)),
        provenance=Provenance(__version__, kb.digest, ruleset.digest, digest, input_name),
        sources=[],
    )
    if app is not None:
        sources.cite(app.source)
    view.sources = sources.listing()
    return view


def _value(v: Any) -> str:
    if isinstance(v, float):
        return num(v, 4)
    if isinstance(v, list | tuple):
        return ", ".join(_value(x) for x in v) or "none"
    if v is None:
        return "n/a"
    return str(v)


def design_rows(design: Any, kb: Any) -> list[InputRow]:
    """The design's fields as entered (flattened), then each override with what it replaces."""
    rows: list[InputRow] = []

    def walk(prefix: str, node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(f"{prefix}.{key}" if prefix else key, value)
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(f"{prefix}[{i}]", value)
        else:
            rows.append(InputRow(prefix, _value(node), ""))

    walk("", design.model_dump(mode="json", exclude_none=True))
    for path, value in sorted(design.overrides.items()):
        section, name = path.split(".", 1)
        owner_field = OVERRIDE_OWNER.get(section)
        block = getattr(design, section, None)
        owner = getattr(block, owner_field, None) if owner_field and block is not None else None
        kb_value = kb.index.prop(owner, name) if owner else None
        note = (
            f"overrides {owner}'s knowledge-base value" if owner else "overrides the knowledge base"
        )
        if kb_value is not None:
            note += f" {num(kb_value, 4)} {kbviews.unit_of(name)}".rstrip()
        rows.append(InputRow(path, _value(value), note))
    return rows


def metric_rows(metrics: Any) -> list[MetricRow]:
    """Metrics ordered by level (material to cell), keeping the model's order within a level."""
    from decide.cell.report import unit_of_key

    rows = [
        MetricRow(k, metrics.levels.get(k, ""), _value(v), unit_of_key(k))
        for k, v in metrics.values.items()
    ]
    return sorted(
        rows,
        key=lambda r: LEVEL_ORDER.index(r.level) if r.level in LEVEL_ORDER else len(LEVEL_ORDER),
    )


def gap_row(g: Any) -> GapRow:
    """Format a phase gap."""
    unit = kbviews.unit_of(g.metric)
    return GapRow(
        g.phase,
        g.metric,
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
        _value(lever.current) if lever.current is not None else "n/a",
        _value(lever.required) if lever.required is not None else "n/a",
        lever.change,
        lever.feasible,
        lever.note,
    )


def findings_by_category(findings: list[Any], sources: Sources) -> list[tuple[str, list]]:
    """Findings grouped by category; errors first within a category, then by code."""
    groups: dict[str, list[FindingView]] = {}
    ordered = sorted(
        findings,
        key=lambda f: (f.category, rank(f.severity), f.code),
    )
    for f in ordered:
        groups.setdefault(f.category, []).append(
            FindingView(
                code=f.code,
                title=f.title,
                severity=f.severity,
                message=f.message,
                subjects=tuple(f.subjects),
                evidence=tuple((k, _value(v)) for k, v in f.evidence.items()),
                remediation=f.remediation,
                sources=sources.cite(f.sources),
            )
        )
    return sorted(groups.items(), key=lambda kv: (*_category_rank(kv[1]), kv[0]))


def _category_rank(items: list[FindingView]) -> tuple[int]:
    return (min(rank(f.severity) for f in items),)


def review_bytes(path: str | Path) -> bytes:
    """The input file's bytes (for its provenance hash)."""
    return Path(path).read_bytes()
