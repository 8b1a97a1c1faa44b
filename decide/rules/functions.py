"""Registered functions rule conditions may call: reviewed code for what needs real computation
or a walk of the knowledge graph. Each takes the knowledge base first, then operand values; a
missing input gives None (the comparison then does not hold).

Physics (Arrhenius, t / sigma, R = dV / I) lives in the cell model and reaches rules as metrics.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _ids(values: tuple[Any, ...]) -> list[str]:
    out: list[str] = []
    for value in values:
        items = value if isinstance(value, list | tuple) else [value]
        out += [v for v in items if isinstance(v, str) and v not in out]
    return out


def ratio(_kb: Any, a: float | None, b: float | None) -> float | None:
    """a / b, or None when either is missing or b is zero."""
    if a is None or not b:
        return None
    return a / b


def standards_for(kb: Any, application: str | None) -> list[str] | None:
    """Standards that apply to an application (either direction of the graph), sorted."""
    if not application or application not in kb.entries:
        return None
    key = ("standards_for", application)
    if key not in kb.memo:
        idx = kb.index
        found = idx.targets("tested_under", application) | idx.sources_of("applies_to", application)
        kb.memo[key] = sorted(found)
    return list(kb.memo[key])


def standards_without_solid_state(kb: Any, application: str | None) -> list[str] | None:
    """The application's standards that do not address solid-state specifics."""
    ids = standards_for(kb, application)
    if ids is None:
        return None
    return [s for s in ids if not kb.entries[s].solid_state_specific]


def solid_state_standards(kb: Any, application: str | None) -> list[str] | None:
    """The application's standards that do address solid-state specifics."""
    ids = standards_for(kb, application)
    if ids is None:
        return None
    return [s for s in ids if kb.entries[s].solid_state_specific]


def ip_areas_for(kb: Any, *materials: Any) -> list[str]:
    """IP areas touching any of the materials, directly or through their families."""
    ids = tuple(_ids(materials))
    key = ("ip_areas_for", ids)
    if key not in kb.memo:
        idx = kb.index
        found: set[str] = set()
        for material in ids:
            for node in {material} | set(idx.families.get(material, ())):
                found |= idx.sources_of("touches", node)
        kb.memo[key] = sorted(found)
    return list(kb.memo[key])


def projection(kb: Any, technology: str | None, prop: str | None) -> float | None:
    """A property of the performance projection for a technology (liquid, semi-solid, ...)."""
    aliases = {"hybrid-solid-liquid": "semi-solid", "all-solid-state": "solid-state"}
    technology = aliases.get(technology or "", technology)
    for entry in kb.of_kind("projection"):
        if entry.technology == technology and prop in entry.properties:
            return entry.properties[prop].central
    return None


def application_requirement(kb: Any, application: str | None, prop: str | None) -> float | None:
    """A sourced requirement of an application (e.g. peak_c_rate), or None."""
    entry = kb.entries.get(application or "")
    req = getattr(entry, "requirements", {}) or {}
    return req[prop].central if prop in req else None


def count(_kb: Any, items: Any) -> int | None:
    """Length of a list."""
    return None if items is None else len(items)


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "ratio": ratio,
    "standards_for": standards_for,
    "standards_without_solid_state": standards_without_solid_state,
    "solid_state_standards": solid_state_standards,
    "ip_areas_for": ip_areas_for,
    "projection": projection,
    "application_requirement": application_requirement,
    "count": count,
}
