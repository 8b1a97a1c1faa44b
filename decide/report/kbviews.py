"""Views of knowledge-base content shared by the briefing and the design review.

Each function reads entries and formats them; none computes a domain number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from decide.kb.properties import PROPERTIES
from decide.outlook import is_sulfide_series
from decide.report.formatting import span, title_case
from decide.report.model import Cited
from decide.report.sources import Sources
from decide.vocab.units import text_unit

TECH_ORDER = ("liquid", "semi-solid", "solid-state")


def unit_of(name: str) -> str:
    """The display unit of a property name ('' if unknown or dimensionless)."""
    return text_unit(name)


def label_of(name: str) -> str:
    """A readable label for a property name, from the property vocabulary."""
    spec = PROPERTIES.get(name)
    return spec.meaning[:1].upper() + spec.meaning[1:] if spec else title_case(name)


def cited_property(prop: Any, name: str, sources: Sources) -> Cited:
    """A property's value with unit and sources."""
    return Cited(span(prop, unit_of(name)), sources.of(prop))


# -- roadmap ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhaseView:
    """One roadmap phase as the report shows it."""

    id: str
    number: int
    name: str
    years: str
    start_year: int
    end_year: int
    anode_classes: tuple[str, ...]
    anode_description: str
    targets: tuple[tuple[str, Cited], ...]
    focus: tuple[str, ...]
    applications: tuple[str, ...]
    sources: tuple[str, ...]
    entry: Any


def phases(kb: Any, sources: Sources) -> list[PhaseView]:
    """The roadmap phases in order, with their targets."""
    out = []
    for phase in sorted(kb.of_kind("phase"), key=lambda p: p.number):
        targets = tuple(
            (label_of(name), cited_property(prop, name, sources))
            for name, prop in phase.targets.items()
        )
        out.append(
            PhaseView(
                id=phase.id,
                number=phase.number,
                name=phase.name,
                years=f"{phase.start_year}\u2013{phase.end_year}",
                start_year=phase.start_year,
                end_year=phase.end_year,
                anode_classes=tuple(phase.anode_classes),
                anode_description=phase.anode_description,
                targets=targets,
                focus=tuple(phase.focus),
                applications=tuple(phase.applications),
                sources=sources.cite(phase.source),
                entry=phase,
            )
        )
    return out


# -- projections (the seed's Table 2) -----------------------------------------------------------


@dataclass(frozen=True)
class ProjectionTable:
    """Rows of properties x columns of technologies (the seed's Table 2)."""

    year: str
    technologies: tuple[str, ...]
    names: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Cited | None, ...]], ...]
    entries: tuple[Any, ...]


def projections(kb: Any, sources: Sources) -> ProjectionTable | None:
    """The projections of the latest year that has them, ordered liquid, semi-solid, solid."""
    found = kb.of_kind("projection")
    if not found:
        return None
    year = max(p.year for p in found)
    chosen = sorted(
        (p for p in found if p.year == year),
        key=lambda p: (TECH_ORDER.index(p.technology) if p.technology in TECH_ORDER else 9, p.id),
    )
    names: list[str] = []
    for p in chosen:
        names.extend(n for n in p.properties if n not in names)
    rows = tuple(
        (
            label_of(n) + (f" ({unit_of(n)})" if unit_of(n) else ""),
            tuple(
                Cited(span(p.properties[n]), sources.of(p.properties[n]))
                if n in p.properties
                else None
                for p in chosen
            ),
        )
        for n in names
    )
    return ProjectionTable(
        str(year), tuple(p.technology for p in chosen), tuple(names), rows, tuple(chosen)
    )


# -- prices -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PriceRow:
    """One year of a price series."""

    year: int
    price: Cited
    note: str


@dataclass(frozen=True)
class PriceView:
    """A price series as a table."""

    id: str
    name: str
    unit: str
    region: str
    subjects: tuple[str, ...]
    rows: tuple[PriceRow, ...]
    series: Any


def prices(
    kb: Any, sources: Sources, only_sulfide: bool = False, unit: str | None = None
) -> list[PriceView]:
    """Price series (sulfide electrolytes first) with one row per year; optionally filtered."""
    series = sorted(kb.of_kind("price"), key=lambda s: (not is_sulfide_series(kb, s), s.id))
    if only_sulfide:
        series = [s for s in series if is_sulfide_series(kb, s)]
    if unit is not None:
        series = [s for s in series if s.unit == unit]
    out = []
    for s in series:
        unit = text_unit(s.unit) or s.unit
        rows = tuple(
            PriceRow(p.year, Cited(span(p, unit), sources.of(p)), p.note or "")
            for p in sorted(s.points, key=lambda p: p.year)
        )
        out.append(PriceView(s.id, s.name, unit, s.region, tuple(s.subjects), rows, s))
    return out


# -- standards ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StandardView:
    """A standard as a row of the landscape or test plan."""

    id: str
    code: str
    name: str
    region: str
    level: str
    status: str
    tests: tuple[str, ...]
    solid_state_specific: bool
    gap: str
    mandatory: bool
    properties: tuple[tuple[str, Cited], ...]
    applications: tuple[str, ...]
    sources: tuple[str, ...]


def standard_view(entry: Any, sources: Sources) -> StandardView:
    """Format one standard entry."""
    return StandardView(
        id=entry.id,
        code=entry.code,
        name=entry.name,
        region=entry.region,
        level=", ".join(entry.level),
        status=entry.status + (f" ({entry.edition})" if entry.edition else ""),
        tests=tuple(entry.tests),
        solid_state_specific=entry.solid_state_specific,
        gap=entry.solid_state_gap or "",
        mandatory=entry.mandatory,
        properties=tuple(
            (label_of(n), cited_property(p, n, sources))
            for n, p in sorted(entry.properties.items())
        ),
        applications=tuple(entry.applications),
        sources=sources.cite(entry.source),
    )


def standards(kb: Any, sources: Sources, ids: list[str] | None = None) -> list[StandardView]:
    """All standards (or the given ids), ordered by region then code."""
    entries = kb.of_kind("standard") if ids is None else [kb.entries[i] for i in ids]
    entries = sorted(entries, key=lambda e: (e.region, e.code))
    return [standard_view(e, sources) for e in entries]


# -- IP and imperatives -------------------------------------------------------------------------


@dataclass(frozen=True)
class IpView:
    """An IP landscape area."""

    id: str
    name: str
    covers: str
    touches: tuple[str, ...]
    design_choices: tuple[str, ...]
    facts: tuple[Cited, ...]
    sources: tuple[str, ...]


def fact(f: Any, sources: Sources) -> Cited:
    """A sourced fact; its number (if any) is appended with its unit."""
    text = f.text
    if f.value is not None:
        text = f"{text} ({span(f, f.unit or '')})"
    return Cited(text, sources.of(f))


def ip_areas(kb: Any, sources: Sources, ids: list[str] | None = None) -> list[IpView]:
    """IP areas (all, or the given ids) with their landscape facts."""
    entries = kb.of_kind("ip-area") if ids is None else [kb.entries[i] for i in sorted(ids)]
    return [
        IpView(
            id=e.id,
            name=e.name,
            covers=e.covers,
            touches=tuple(e.materials + e.families),
            design_choices=tuple(e.design_choices),
            facts=tuple(fact(f, sources) for f in e.landscape),
            sources=sources.cite(e.source),
        )
        for e in entries
    ]


@dataclass(frozen=True)
class ImperativeView:
    """A strategic imperative with concrete recommendations."""

    id: str
    name: str
    statement: str
    recommendations: tuple[Cited, ...]
    related: tuple[str, ...]
    sources: tuple[str, ...]


def imperatives(kb: Any, sources: Sources) -> list[ImperativeView]:
    """The strategic imperatives in id order."""
    return [
        ImperativeView(
            id=e.id,
            name=e.name,
            statement=e.statement,
            recommendations=tuple(fact(f, sources) for f in e.recommendations),
            related=tuple(e.related),
            sources=sources.cite(e.source),
        )
        for e in kb.of_kind("imperative")
    ]
