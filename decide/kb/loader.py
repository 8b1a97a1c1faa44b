"""Load `knowledge/` folders (built-in first, then user overlays) into a validated KnowledgeBase.

Every problem is collected with its file, line and field path, so `decide kb check` lists them all
at once. An overlay entry with the id of an earlier one replaces it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from decide.errors import InputError, KnowledgeError, Problem
from decide.kb import cache
from decide.kb.base import KnowledgeBase, Origin
from decide.kb.index import build_index, entry_edges
from decide.kb.properties import PROPERTIES, TRAITS
from decide.kb.schema import FOLDERS, Property
from decide.paths import knowledge_dir
from decide.suggest import did_you_mean
from decide.textfile import read_bytes
from decide.validation import outside_bounds, problems_from
from decide.yamlio import LineMap, load_bytes

# What each relation may point at.
_TARGET_KINDS: dict[str, set[str]] = {
    "member_of": {"family"},
    "subfamily_of": {"family"},
    "concerns": {"material", "family", "standard", "ip-area", "phase", "application"},
    "mitigated_by": {"material"},
    "applies_to": {"application"},
    "touches": {"material", "family"},
    "serves": {"application"},
    "tested_under": {"standard"},
    "price_of": {"material", "family"},
    "cites": {"source"},
    "uses": {"material"},
    "default_for": {"material", "family", "format"},
    "defaults_to": {"material"},
    "limit_for": {"material", "family"},
    "answers_to": {"policy", "standard"},
}
_PROPERTY_FIELDS = ("properties", "targets", "requirements", "capacity_model")
# The built-in families nest four deep (solid-electrolyte > halide > chloride-halide > ...);
# a chain longer than this is a mistake or an attack on the family walk.
MAX_FAMILY_DEPTH = 16


def knowledge_roots(overlays: Sequence[str | Path] = ()) -> list[Path]:
    """The built-in folder followed by the user's overlay folders."""
    return [knowledge_dir(), *(Path(p) for p in overlays)]


# (root number, folder, path, content) of one knowledge file.
KnowledgeFile = tuple[int, str, Path, bytes]


def _files(roots: Iterable[Path], problems: list[Problem]) -> list[KnowledgeFile]:
    """Every knowledge file with its bytes, read once (bounded, regular files only)."""
    found: list[KnowledgeFile] = []
    for n, root in enumerate(roots):
        if not root.is_dir():
            problems.append(Problem("knowledge folder not found", str(root)))
            continue
        for sub in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
            if sub.name not in FOLDERS:
                hint = did_you_mean(sub.name, FOLDERS)
                problems.append(Problem(f"unknown knowledge folder {sub.name!r}{hint}", str(sub)))
                continue
            for path in sorted(sub.glob("*.y*ml")):
                try:
                    found.append((n, sub.name, path, read_bytes(path)))
                except InputError as exc:  # a folder named x.yaml, a FIFO, 50 MB
                    problems.extend(exc.problems)
    return found


def load_knowledge(overlays: Sequence[str | Path] = (), use_cache: bool = True) -> KnowledgeBase:
    """Load, validate and index the built-in base plus overlays; KnowledgeError on problems."""
    problems: list[Problem] = []
    roots = knowledge_roots(overlays)
    files = _files(roots, problems)
    if problems:
        raise KnowledgeError(problems)
    digest = cache.digest_files([(f"{n}/{folder}/{p.name}", raw) for n, folder, p, raw in files])
    if use_cache:
        cached = cache.read(digest)
        if isinstance(cached, KnowledgeBase):
            return cached
    kb = _build(files, digest, problems)
    if use_cache:
        cache.write(digest, kb)
    return kb


def _build(files: list[KnowledgeFile], digest: str, problems: list[Problem]) -> KnowledgeBase:
    entries: dict[str, Any] = {}
    origins: dict[str, Origin] = {}
    root_of: dict[str, int] = {}
    linemaps: dict[str, tuple[LineMap, tuple[int, ...]]] = {}
    for root_no, folder, path, raw in files:
        model = FOLDERS[folder]
        try:
            data, lines = load_bytes(raw, path)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if data is None:
            continue
        if not isinstance(data, list):
            problems.append(lines.problem((), "expected a list of entries (each starting '- id:')"))
            continue
        for i, raw in enumerate(data):
            entry = _validate(model, raw, lines, i, problems)
            if entry is None:
                continue
            if entry.id in entries and root_of[entry.id] == root_no:
                first = origins[entry.id]
                problems.append(
                    lines.problem(
                        (i, "id"),
                        f"duplicate id {entry.id!r} (first defined at {first.file}:{first.line})",
                    )
                )
                continue
            entries[entry.id] = entry
            origins[entry.id] = Origin(str(path), lines.line((i,)), root_no)
            root_of[entry.id] = root_no
            linemaps[entry.id] = (lines, (i,))
    _check_references(entries, linemaps, problems)
    if not problems:
        _check_families(entries, linemaps, problems)
    if problems:
        raise KnowledgeError(problems)
    edges = entry_edges(entries)
    return KnowledgeBase(entries, origins, edges, build_index(entries, edges), digest)


def _validate(
    model: type[BaseModel], raw: Any, lines: LineMap, i: int, problems: list[Problem]
) -> Any | None:
    if not isinstance(raw, dict):
        problems.append(lines.problem((i,), "expected a mapping (an entry with an id)"))
        return None
    try:
        entry = model.model_validate(raw)
    except ValidationError as exc:
        about = f" (entry {raw.get('id', '?')!r})"
        problems += problems_from(exc, model, raw, lines, (i,), about=about)
        return None
    before = len(problems)
    _check_values(entry, lines, (i,), problems)
    return entry if len(problems) == before else None


def _check_values(entry: Any, lines: LineMap, at: tuple, problems: list[Problem]) -> None:
    """Property names must be known and values inside their physical bounds; traits known."""
    for field in _PROPERTY_FIELDS:
        values = getattr(entry, field, None)
        if not values:
            continue
        for name, prop in values.items():
            path = (*at, field, name)
            spec = PROPERTIES.get(name)
            if spec is None:
                hint = did_you_mean(name, PROPERTIES)
                problems.append(lines.problem(path, f"unknown property {name!r}{hint}"))
                continue
            for part in ("value", "min", "typical", "max"):
                v = getattr(prop, part)
                if v is None:
                    continue
                if not math.isfinite(v) or not spec.low <= v <= spec.high:
                    message = outside_bounds(v, spec.unit, spec.low, spec.high, name)
                    problems.append(lines.problem((*path, part), message))
    for name in getattr(entry, "traits", {}) or {}:
        if name not in TRAITS:
            hint = did_you_mean(name, TRAITS)
            problems.append(lines.problem((*at, "traits", name), f"unknown trait {name!r}{hint}"))


def _check_references(
    entries: dict[str, Any],
    linemaps: dict[str, tuple[LineMap, tuple[int, ...]]],
    problems: list[Problem],
) -> None:
    for entry_id, entry in entries.items():
        lines, at = linemaps[entry_id]
        refs = [(rel, target) for rel, target in entry.relations()]
        if entry.kind == "compatibility":
            refs += [("concerns", entry.subject), ("concerns", entry.object)]
        refs += [("cites", s) for s in sorted(entry.cited())]
        for relation, target in refs:
            allowed = _TARGET_KINDS.get(relation, set())
            found = entries.get(target)
            if found is None:
                pool = [i for i, e in entries.items() if not allowed or e.kind in allowed]
                what = "source" if relation == "cites" else "id"
                problems.append(
                    lines.problem(
                        _path_of(entry, target, at),
                        f"{relation}: unknown {what} {target!r}{did_you_mean(target, pool)}",
                    )
                )
            elif allowed and found.kind not in allowed:
                problems.append(
                    lines.problem(
                        _path_of(entry, target, at),
                        f"{relation}: {target!r} is a {found.kind}, expected "
                        + " or ".join(sorted(allowed)),
                    )
                )
        if entry.kind not in ("source",) and not entry.cited():
            problems.append(lines.problem(at, f"entry {entry_id!r} cites no source"))


def _check_families(
    entries: dict[str, Any],
    linemaps: dict[str, tuple[LineMap, tuple[int, ...]]],
    problems: list[Problem],
) -> None:
    """Family parents form chains of at most MAX_FAMILY_DEPTH links, without cycles."""
    reported: set[frozenset[str]] = set()
    deep_reported = False
    for entry_id, entry in entries.items():
        if entry.kind != "family":
            continue
        chain = [entry_id]
        parent = getattr(entry, "parent", None)
        while parent is not None and len(chain) <= MAX_FAMILY_DEPTH:
            if parent in chain:
                cycle = chain[chain.index(parent) :]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    lines, at = linemaps[entry_id]
                    shown = " -> ".join([*cycle, parent])
                    problems.append(lines.problem((*at, "parent"), f"family cycle: {shown}"))
                break
            chain.append(parent)
            parent = getattr(entries.get(parent), "parent", None)
        else:
            if parent is not None and not deep_reported:  # once: every link above says the same
                deep_reported = True
                lines, at = linemaps[entry_id]
                problems.append(
                    lines.problem(
                        (*at, "parent"),
                        f"family chain deeper than {MAX_FAMILY_DEPTH} parents "
                        f"({' -> '.join(chain[:3])} -> ...)",
                    )
                )


def _path_of(entry: Any, target: str, at: tuple) -> tuple:
    """Best-effort field path where `target` is mentioned in `entry` (for the line number)."""
    data = entry.model_dump(exclude_defaults=True)

    def search(value: Any, path: tuple) -> tuple | None:
        if value == target:
            return path
        if isinstance(value, dict):
            for k, v in value.items():
                hit = search(v, (*path, k))
                if hit:
                    return hit
        if isinstance(value, list):
            for n, v in enumerate(value):
                hit = search(v, (*path, n))
                if hit:
                    return hit
        return None

    return search(data, at) or at


def property_of(entry: Any, name: str) -> Property | None:
    """The Property `name` of an entry, or None."""
    return (getattr(entry, "properties", None) or {}).get(name)
