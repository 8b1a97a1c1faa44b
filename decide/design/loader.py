"""Read a design file into a validated Design, resolved against the knowledge base.

Every problem carries file, line and field path; unknown fields and ids get a 'did you mean'.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from decide.design.constraints import CONSTRAINTS
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
    """Validate plain data (from YAML or built in code) into a Design checked against `kb`.

    Every problem is reported in one DesignError: the model's (pydantic) errors, unknown or
    misplaced knowledge-base ids and broken cross-field constraints, each at its line, so a
    misspelt material, a negative thickness and shares over 100 % take one run, not three.
    """
    lines = lines or LineMap(file or "<design>")
    if not isinstance(data, dict):
        raise DesignError(lines.problem((), "expected a mapping (a design with an id)"))
    problems: list[Problem] = []
    data, ranges = split_ranges(data, lines, problems)
    malformed = [p.path for p in problems if p.path]
    data = _split_overrides(data, lines, problems)
    design = None
    try:
        design = Design.model_validate(data)
    except ValidationError as exc:
        found = problems_from(exc, Design, data, lines, extra_names=_override_names)
        # a malformed range was reported; what its absence causes is not a second problem
        problems += [p for p in found if not _echoes(p, malformed)]
    failed = {p.path for p in problems if p.path}
    problems += _id_problems(data, kb, lines, failed)
    problems += constraint_problems(data, lines, failed)
    if design is None or problems:
        raise DesignError(sorted(_unique(problems), key=lambda p: p.line or 0))
    design.source_file = file
    design._lines = lines
    design.ranges = ranges
    return fill_defaults(design, kb)


def _echoes(problem: Problem, malformed: list[str]) -> bool:
    """A problem at or above the field of a malformed range (its 'missing', its section's)."""
    return problem.path is not None and any(
        m == problem.path or m.startswith(problem.path + ".") for m in malformed
    )


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


def _id_problems(data: dict, kb: Any, lines: LineMap, failed: set[str]) -> list[Problem]:
    """Unknown or misplaced ids in the data, checked even when other fields are invalid; a
    field whose value the model already refused is not reported twice."""
    problems: list[Problem] = []
    slots: list[tuple[str, tuple[str, ...], str]] = [
        ("application", (), "application"),
        ("cell.format", (), "format"),
    ]
    slots += [(slot.path, slot.roles, "material") for slot in MATERIAL_FIELDS]
    for dotted, roles, kind in slots:
        path = tuple(dotted.split("."))
        block: Any = data
        for part in path[:-1]:
            block = block.get(part) if isinstance(block, dict) else None
        value = block.get(path[-1]) if isinstance(block, dict) else None
        if isinstance(value, str) and dotted not in failed:
            _check_one(path, value, kind, roles, kb, lines, problems)
    return problems


def constraint_problems(data: dict, lines: LineMap, failed: set[str]) -> list[Problem]:
    """Every cross-field constraint (decide.design.constraints) the data break.

    The model checks them only once every field of a section is valid; here each is checked
    whenever its own fields are, so a share over 100 % shows beside a bad thickness.
    """
    problems: list[Problem] = []
    for constraint in CONSTRAINTS:
        block = data.get(constraint.section)
        if not isinstance(block, dict):
            continue
        names = [f"{constraint.section}.{name}" for name in constraint.fields]
        if any(name in failed for name in names):
            continue
        values = _field_values(constraint.section, constraint.fields, block)
        if values is not None and bool(constraint.violated(values)):
            problems.append(lines.problem((constraint.section,), constraint.message))
    return problems


def _field_values(section: str, names: tuple[str, ...], block: dict) -> dict[str, Any] | None:
    """The section's values for `names`, converted as the model converts them; None when one
    does not validate (its own problem is reported where it is)."""
    values: dict[str, Any] = {}
    for name in names:
        raw = block.get(name)
        if raw is None:
            values[name] = None
            continue
        try:
            values[name] = _adapter(section, name).validate_python(raw)
        except ValidationError:
            return None
    return values


@cache
def _adapter(section: str, name: str) -> TypeAdapter[Any]:
    """A validator of one design field's annotation (units and bounds as in the model)."""
    model = model_in(Design.model_fields[section].annotation)
    assert model is not None
    annotation: Any = model.model_fields[name].annotation
    return TypeAdapter(annotation)


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
    fits = entry is not None and entry.kind == kind
    if fits and (not roles or set(roles) & set(getattr(entry, "roles", ()))):
        return  # the common case: no need to list the alternatives
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
