"""`decide kb show`: an entry rendered like a data sheet, with relations both ways and sources."""

from __future__ import annotations

from typing import Any

from decide.kb.base import KnowledgeBase
from decide.kb.properties import PROPERTIES
from decide.kb.schema import Property


def compatibility_of(kb: KnowledgeBase, entry_id: str) -> list[Any]:
    """Compatibility entries that reach `entry_id` as subject or object, directly or by family."""
    idx = kb.index
    found = []
    for entry in kb.of_kind("compatibility"):
        if idx.is_a(entry_id, entry.subject) or idx.is_a(entry_id, entry.object):
            found.append(entry)
    return found


def ip_areas_of(kb: KnowledgeBase, entry_id: str) -> list[Any]:
    """IP areas that touch `entry_id` directly or through one of its families."""
    idx = kb.index
    return [
        area
        for area in kb.of_kind("ip-area")
        if any(idx.is_a(entry_id, t) for t in area.materials + area.families)
    ]


def _property_lines(title: str, values: dict[str, Property]) -> list[str]:
    lines = [f"{title}:"]
    width = max(len(n) for n in values)
    for name, prop in values.items():
        spec = PROPERTIES.get(name)
        unit = spec.unit if spec else ""
        extra = f"  [{prop.condition}]" if prop.condition else ""
        lines.append(f"  {name:<{width}}  {prop.text(unit)}  <- {', '.join(prop.source)}{extra}")
        if prop.note:
            lines.append(f"  {'':<{width}}  note: {prop.note}")
    return lines


def render_datasheet(kb: KnowledgeBase, entry_id: str) -> str:
    """Plain-text data sheet of one entry."""
    entry = kb.get(entry_id)
    origin = kb.origins[entry_id]
    out = [f"{entry.id}  ({entry.kind})  {getattr(entry, 'name', '')}"]
    out.append(f"defined in {origin.file}:{origin.line}")
    for field in ("formula", "description", "covers", "statement", "citation", "used_for"):
        value = getattr(entry, field, None)
        if value:
            out.append(f"{field}: {value}")
    if getattr(entry, "roles", None):
        out.append(f"roles: {', '.join(entry.roles)}")
    families = sorted(kb.index.families.get(entry_id, ()))
    if families:
        out.append(f"families: {', '.join(families)}")
    for field in ("properties", "targets", "requirements", "capacity_model"):
        values = getattr(entry, field, None)
        if values:
            out += _property_lines(field, values)
    traits = getattr(entry, "traits", None)
    if traits:
        out.append("traits:")
        for name, trait in traits.items():
            note = f" ({trait.note})" if trait.note else ""
            out.append(f"  {name}: {trait.value}{note}  <- {', '.join(trait.source)}")
    compat = compatibility_of(kb, entry_id) if entry.kind in ("material", "family") else []
    if compat:
        out.append("compatibility:")
        for c in compat:
            side = "subject" if kb.index.is_a(entry_id, c.subject) else "object"
            out.append(f"  [{c.severity}] {c.subject} {c.relation} {c.object}  ({c.id}; as {side})")
            if c.mitigation:
                out.append(f"      mitigation: {c.mitigation}")
    areas = ip_areas_of(kb, entry_id) if entry.kind in ("material", "family") else []
    if areas:
        out.append("IP areas: " + ", ".join(f"{a.id} ({a.name})" for a in areas))
    out.append("relations:")
    any_rel = False
    for relation in sorted(kb.index.out):
        if relation == "cites":
            continue
        targets = sorted(kb.index.targets(relation, entry_id))
        if targets:
            any_rel = True
            out.append(f"  -> {relation}: {', '.join(targets)}")
        sources = sorted(kb.index.sources_of(relation, entry_id))
        if sources:
            any_rel = True
            out.append(f"  <- {relation}: {', '.join(sources)}")
    if not any_rel:
        out.append("  (none)")
    cited = sorted(entry.cited())
    if cited:
        out.append("sources:")
        for sid in cited:
            src = kb.entries[sid]
            ref = (src.doi and f"doi:{src.doi}") or src.standard_id or src.url or ""
            out.append(f"  [{sid}] {src.citation}" + (f" {ref}" if ref else ""))
    return "\n".join(out) + "\n"
