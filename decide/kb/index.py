"""The frozen lookup index the rule engine and cell model use instead of walking networkx.

Built once from the entries (the same edge list feeds the graph), pickled with the knowledge base.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from decide.kb.schema import Compatibility, Family, Material, Property

Edge = tuple[str, str, str, dict[str, Any]]


def entry_edges(entries: dict[str, Any]) -> list[Edge]:
    """Every relation in the base as (source, target, relation, attributes), citations included."""
    edges: list[Edge] = []
    for entry in entries.values():
        for relation, target in entry.relations():
            edges.append((entry.id, target, relation, {}))
        if isinstance(entry, Compatibility):
            edges.append(
                (
                    entry.subject,
                    entry.object,
                    entry.relation,
                    {"via": entry.id, "sev": entry.severity},
                )
            )
        for source in sorted(entry.cited()):
            edges.append((entry.id, source, "cites", {}))
    return edges


@dataclass(frozen=True)
class Index:
    """Plain-dict lookups: kinds, central values, traits, relations, compatibility pairs."""

    kind: dict[str, str]
    props: dict[str, dict[str, float]]
    traits: dict[str, dict[str, Any]]
    roles: dict[str, frozenset[str]]
    families: dict[str, frozenset[str]]
    out: dict[str, dict[str, frozenset[str]]]
    inn: dict[str, dict[str, frozenset[str]]]
    compat: dict[tuple[str, str], tuple[str, ...]]  # as declared: (subject, object) -> ids
    _memo: dict[tuple[str, str], tuple[str, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def prop(self, entry_id: str, name: str) -> float | None:
        """Central value of a property, or None."""
        return self.props.get(entry_id, {}).get(name)

    def targets(self, relation: str, entry_id: str) -> frozenset[str]:
        """Ids that `entry_id` points to by `relation`."""
        return self.out.get(relation, {}).get(entry_id, frozenset())

    def sources_of(self, relation: str, entry_id: str) -> frozenset[str]:
        """Ids that point to `entry_id` by `relation`."""
        return self.inn.get(relation, {}).get(entry_id, frozenset())

    def is_a(self, entry_id: str, family: str) -> bool:
        """True when `entry_id` is `family` or belongs to it (directly or through sub-families)."""
        return family == entry_id or family in self.families.get(entry_id, frozenset())

    def compatibility(self, a: str, b: str) -> tuple[str, ...]:
        """Ids of compatibility entries with `a` (or a family of it) as subject and `b` (or a
        family of it) as object."""
        key = (a, b)
        hit = self._memo.get(key)
        if hit is None:
            found: list[str] = []
            for s in (a, *self.families.get(a, ())):
                for o in (b, *self.families.get(b, ())):
                    found.extend(self.compat.get((s, o), ()))
            hit = self._memo[key] = tuple(found)
        return hit


def _family_closure(entries: dict[str, Any]) -> dict[str, frozenset[str]]:
    """Every family each entry belongs to, directly or through parents (a cycle ends a walk;
    the loader refuses cycles and deep chains before this is built)."""
    parents: dict[str, set[str]] = defaultdict(set)
    for entry in entries.values():
        if isinstance(entry, Family) and entry.parent:
            parents[entry.id].add(entry.parent)
        if isinstance(entry, Material):
            parents[entry.id].update(entry.family)
    closure: dict[str, frozenset[str]] = {}
    for node in parents:
        found: set[str] = set()
        todo = list(parents[node])
        while todo:
            parent = todo.pop()
            if parent == node or parent in found:
                continue
            found.add(parent)
            todo.extend(parents.get(parent, ()))
        closure[node] = frozenset(found)
    return closure


def build_index(entries: dict[str, Any], edges: list[Edge]) -> Index:
    """Build the index from validated entries and their edges."""
    families = _family_closure(entries)
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    inn: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for src, dst, relation, _ in edges:
        out[relation][src].add(dst)
        inn[relation][dst].add(src)
    props: dict[str, dict[str, float]] = {}
    traits: dict[str, dict[str, Any]] = {}
    roles: dict[str, frozenset[str]] = {}
    compat: dict[tuple[str, str], list[str]] = defaultdict(list)
    for entry in entries.values():
        values = getattr(entry, "properties", None)
        if isinstance(values, dict):
            props[entry.id] = {k: v.central for k, v in values.items() if isinstance(v, Property)}
        if isinstance(entry, Material):
            traits[entry.id] = {k: t.value for k, t in entry.traits.items()}
            roles[entry.id] = frozenset(entry.roles)
        if isinstance(entry, Compatibility):
            compat[(entry.subject, entry.object)].append(entry.id)
    return Index(
        kind={e.id: e.kind for e in entries.values()},
        props=props,
        traits=traits,
        roles=roles,
        families=families,
        out={r: {k: frozenset(v) for k, v in m.items()} for r, m in out.items()},
        inn={r: {k: frozenset(v) for k, v in m.items()} for r, m in inn.items()},
        compat={k: tuple(sorted(v)) for k, v in compat.items()},
    )
