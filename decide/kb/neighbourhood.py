"""The part of the knowledge graph around one design: its materials, their families, the
compatibility relations between them and the IP areas that touch them, with the sources cited.

This is the part of the graph the rules walk for a design (compatibility operands, `ip_areas_for`);
the design review draws it. Built from the frozen index, not networkx, and free of any drawing
concern: nodes and links carry ids and relation names, a report decides how they look.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from decide.kb import compatibility
from decide.vocab.design_fields import MATERIAL_FIELDS

MATERIAL = "material"
FAMILY = "family"
IP_AREA = "ip-area"
MEMBER_OF = "member_of"
TOUCHES = "touches"


class NamesMaterials(Protocol):
    """A design, as far as this module reads it."""

    def material_at(self, path: str) -> str | None: ...


@dataclass(frozen=True)
class Node:
    """A node of the neighbourhood; `roles` are the design fields naming a material, as labelled
    in decide.vocab.design_fields."""

    id: str
    kind: str  # MATERIAL | FAMILY | IP_AREA
    name: str
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    """A relation between two nodes. A compatibility link carries the relation names of its
    entries, their ids and the worst severity; MEMBER_OF and TOUCHES links carry neither."""

    source: str
    target: str
    relations: tuple[str, ...]
    severity: str = ""
    entries: tuple[str, ...] = ()


@dataclass(frozen=True)
class Neighbourhood:
    """Nodes sorted by id, links sorted by (source, target, relations), and the source ids of the
    compatibility entries and IP areas shown."""

    nodes: tuple[Node, ...]
    links: tuple[Link, ...]
    sources: tuple[str, ...]


def design_materials(design: NamesMaterials) -> dict[str, tuple[str, ...]]:
    """Every material id the design names (field order), with the labels of the fields naming it."""
    roles: dict[str, list[str]] = {}
    for slot in MATERIAL_FIELDS:
        material = design.material_at(slot.path)
        if material:
            roles.setdefault(material, []).append(slot.label)
    return {m: tuple(r) for m, r in roles.items()}


def ip_areas_touching(kb: Any, materials: Iterable[str]) -> list[str]:
    """IP areas that touch any of the materials, directly or through a family, sorted."""
    found: set[str] = set()
    for material in materials:
        for node in {material, *kb.index.families.get(material, ())}:
            found |= kb.index.sources_of(TOUCHES, node)
    return sorted(found)


def ip_areas_touched(design: NamesMaterials, kb: Any) -> list[str]:
    """IP areas that touch any material of the design or a family it belongs to."""
    return ip_areas_touching(kb, design_materials(design))


def neighbourhood(design: NamesMaterials, kb: Any) -> Neighbourhood | None:
    """The design's neighbourhood in the knowledge graph (None when it names no known material)."""
    roles = {m: r for m, r in design_materials(design).items() if m in kb.entries}
    if not roles:
        return None
    nodes = {m: Node(m, MATERIAL, kb.entries[m].name, r) for m, r in roles.items()}
    links: set[Link] = set()
    cited: set[str] = set()
    materials = sorted(roles)
    for i, a in enumerate(materials):
        for b in materials[i + 1 :]:
            found = compatibility.pair(kb, a, b)
            if not found.entries:
                continue
            entries = [kb.entries[cid] for cid in found.entries]
            relations = tuple(sorted({e.relation for e in entries}))
            links.add(Link(a, b, relations, found.severity, found.entries))
            for e in entries:
                cited.update(e.source)
        for family in getattr(kb.entries[a], "family", [])[:1]:  # the closest family only
            nodes.setdefault(family, Node(family, FAMILY, family))
            links.add(Link(a, family, (MEMBER_OF,)))
    for area in ip_areas_touching(kb, materials):
        entry = kb.entries[area]
        nodes[area] = Node(area, IP_AREA, entry.name)
        touched = set(entry.materials) | set(entry.families)
        for material in materials:
            if {material, *kb.index.families.get(material, ())} & touched:
                links.add(Link(area, material, (TOUCHES,)))
                cited.update(entry.source)
    return Neighbourhood(
        tuple(sorted(nodes.values(), key=lambda n: n.id)),
        tuple(sorted(links, key=lambda k: (k.source, k.target, k.relations))),
        tuple(sorted(cited)),
    )
