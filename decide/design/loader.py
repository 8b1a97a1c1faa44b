"""Read a design file into a validated Design, resolved against the knowledge base.

Every problem carries file, line and field path; unknown fields and ids get a 'did you mean'.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from decide.design.defaults import fill_defaults
from decide.design.model import Design, override_property
from decide.design.ranges import split_ranges
from decide.errors import DesignError, InputError, Problem
from decide.kb.properties import PROPERTIES
from decide.models import model_in
from decide.suggest import did_you_mean
from decide.units import to_number, unit_of
from decide.validation import outside_bounds, problems_from
from decide.vocab.design_fields import MATERIAL_FIELDS, OVERRIDE_SECTIONS
from decide.yamlio import LineMap, PathKey, load_file


def read_yaml(path: str | Path) -> tuple[Any, LineMap]:
    """Parse a design or design-space file; a YAML problem is a DesignError."""
    try:
        return load_file(path)
    except DesignError:
        raise
    except InputError as exc:
        raise DesignError(exc.problems) from None


def load_design(path: str | Path, kb: Any) -> Design:
    """Load, validate and resolve a design file; DesignError names file, line and field."""
    data, lines = read_yaml(path)
    return design_from_data(data, lines, kb, str(path))


def design_from_data(data: Any, lines: LineMap | None, kb: Any, file: str | None = None) -> Design:
    """Validate plain data (from YAML or built in code) into a Design checked against `kb`."""
    lines = lines or LineMap(file or "<design>")
    if not isinstance(data, dict):
        raise DesignError(lines.problem((), "expected a mapping (a design with an id)"))
    problems: list[Problem] = []
    data, ranges = split_ranges(data, lines, problems)
    if problems:  # a malformed range: say so alone, not with what its absence would cause
        raise DesignError(_unique(problems))
    data = _split_overrides(data, lines, problems)
    design = None
    try:
        design = Design.model_validate(data)
    except ValidationError as exc:
        problems += problems_from(exc, Design, data, lines, extra_names=_override_names)
    if design is None or problems:
        raise DesignError(_unique(problems))
    design.source_file = file
    design._lines = lines
    design.ranges = ranges
    _check_ids(design, kb, lines, problems)
    if problems:
        raise DesignError(_unique(problems))
    return fill_defaults(design, kb)


def _split_overrides(data: dict, lines: LineMap, problems: list[Problem]) -> dict:
    """Move knowledge-base property names out of each section into its `overrides`."""
    data = dict(data)
    for name in OVERRIDE_SECTIONS:
        block = data.get(name)
        if not isinstance(block, dict):
            continue
        model = Design.model_fields[name].annotation
        fields = _model_fields(model)
        block = dict(block)
        if "overrides" in block:
            problems.append(lines.problem((name, "overrides"), "unknown field 'overrides'"))
            block.pop("overrides")
        overrides: dict[str, float] = {}
        for key in list(block):
            if key in fields:
                continue
            prop = override_property(name, key)
            if prop is None:
                continue
            value = block.pop(key)
            spec = PROPERTIES[prop]
            try:
                number = to_number(value, unit_of(prop))
            except ValueError as exc:
                problems.append(lines.problem((name, key), str(exc)))
                continue
            if not spec.low <= number <= spec.high:
                message = outside_bounds(number, spec.unit, spec.low, spec.high, prop)
                problems.append(lines.problem((name, key), message))
                continue
            overrides[key] = number
        block["overrides"] = overrides
        data[name] = block
    return data


def _override_names(path: PathKey) -> list[str]:
    """Property names a section accepts as overrides (for 'did you mean' on unknown fields)."""
    return list(PROPERTIES) if len(path) == 1 and path[0] in OVERRIDE_SECTIONS else []


def _model_fields(model: Any) -> list[str]:
    model = model_in(model)
    if model is None:
        return []
    return [f for f in model.model_fields if f != "overrides"]


def _check_ids(design: Design, kb: Any, lines: LineMap, problems: list[Problem]) -> None:
    if design.application is not None:
        _check_one(("application",), design.application, "application", (), kb, lines, problems)
    _check_one(("cell", "format"), design.cell.format, "format", (), kb, lines, problems)
    for slot in MATERIAL_FIELDS:
        block = getattr(design, slot.section)
        value = getattr(block, slot.name, None) if block is not None else None
        if value is not None:
            path = (slot.section, slot.name)
            _check_one(path, value, "material", slot.roles, kb, lines, problems)


def _check_one(
    path: tuple[str, ...],
    value: str,
    kind: str,
    roles: tuple[str, ...],
    kb: Any,
    lines: LineMap,
    problems: list[Problem],
) -> None:
    entry = kb.entries.get(value)
    fitting = [
        e.id
        for e in kb.entries.values()
        if e.kind == kind and (not roles or set(roles) & set(getattr(e, "roles", ())))
    ]
    if entry is None or entry.kind != kind:
        what = " or ".join(roles) if roles else kind
        problems.append(
            lines.problem(path, f"unknown {what} id {value!r}{did_you_mean(value, fitting)}")
        )
        return
    if roles and not set(roles) & set(getattr(entry, "roles", ())):
        has = ", ".join(getattr(entry, "roles", ())) or "none"
        problems.append(
            lines.problem(
                path,
                f"{value!r} cannot be used as {' or '.join(roles)} (its roles: {has})"
                f"{did_you_mean(value, fitting)}",
            )
        )


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: list[Problem] = []
    for p in problems:
        if p not in seen:
            seen.append(p)
    return seen
