"""Design numbers written as ranges: `{min, typical, max}` wherever a measured quantity goes.

An engineer who knows a value only within bounds writes `thickness_um: {min: 25, typical: 30,
max: 40}` (units as for a plain number: `{min: "25 um", max: "0.04 mm"}`). The design itself
computes with the central value (`typical`, else the middle of min and max, as the knowledge
base's `central`); the range is remembered in `design.ranges` for `decide metrics --uncertainty`.
Defaults filled from a ranged knowledge-base value carry their range too (origin `default`).

Only quantities take ranges: ids, switches and counts (`repeat_units`, `production_year`) do not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from decide.errors import Problem
from decide.units import to_number
from decide.yamlio import LineMap, PathKey

KEYS = ("min", "typical", "max")


@dataclass(frozen=True)
class DesignRange:
    """A design number known within bounds: the value computed with and its range."""

    low: float
    typical: float  # what the point estimate uses
    high: float
    origin: str = "design"  # 'design', or 'default <entry id>' for a ranged sourced default
    sources: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """{min, typical, max, origin, sources}."""
        return {
            "min": self.low,
            "typical": self.typical,
            "max": self.high,
            "origin": self.origin,
            "sources": list(self.sources),
        }


@dataclass(frozen=True)
class _Quantity:
    """What a numeric design field accepts: its unit and plausible bounds."""

    unit: str | None
    low: float
    high: float
    low_exclusive: bool


def looks_like_range(value: Any) -> bool:
    """A mapping that uses any of min / typical / max: meant as a range."""
    return isinstance(value, dict) and any(k in value for k in KEYS)


def split_ranges(
    data: dict[str, Any], lines: LineMap, problems: list[Problem]
) -> tuple[dict[str, Any], dict[str, DesignRange]]:
    """(data with each range replaced by its central value, the ranges by dotted field)."""
    ranges: dict[str, DesignRange] = {}

    def walk(node: dict[str, Any], path: PathKey) -> dict[str, Any]:
        out = dict(node)
        for key, value in node.items():
            here = (*path, key)
            if looks_like_range(value):
                found = _parse(value, here, lines, problems)
                if found is None:
                    out.pop(key)  # reported; keep the design's other problems visible
                else:
                    ranges[".".join(map(str, here))] = found
                    out[key] = found.typical
            elif isinstance(value, dict):
                out[key] = walk(value, here)
        return out

    return walk(data, ()), ranges


def _parse(
    value: dict[str, Any], path: PathKey, lines: LineMap, problems: list[Problem]
) -> DesignRange | None:
    """One range, converted to the field's unit and checked; None after reporting a problem."""
    where = ".".join(map(str, path))
    quantity = field_quantity(tuple(str(p) for p in path))
    if quantity is None:
        problems.append(
            lines.problem(path, "a range {min, typical, max} is accepted only for a quantity")
        )
        return None
    unknown = [k for k in value if k not in KEYS]
    if unknown:
        problems.append(
            lines.problem(
                (*path, unknown[0]),
                f"unknown key {unknown[0]!r} in a range: give min and max (typical optional)",
            )
        )
        return None
    if "min" not in value or "max" not in value:
        missing = "min" if "min" not in value else "max"
        problems.append(
            lines.problem(path, f"a range needs min and max (typical optional); {missing} missing")
        )
        return None
    numbers: dict[str, float] = {}
    for key in KEYS:
        if key not in value:
            continue
        try:
            numbers[key] = to_number(value[key], quantity.unit)
        except ValueError as exc:
            problems.append(lines.problem((*path, key), str(exc)))
            return None
        bad = numbers[key] > quantity.high or (
            numbers[key] <= quantity.low if quantity.low_exclusive else numbers[key] < quantity.low
        )
        if bad:
            problems.append(
                lines.problem(
                    (*path, key),
                    f"{numbers[key]:g} is outside the plausible range of {where} "
                    f"[{quantity.low:g}, {quantity.high:g}]",
                )
            )
            return None
    low, high = numbers["min"], numbers["max"]
    typical = numbers.get("typical", (low + high) / 2)
    if not low <= typical <= high:
        problems.append(
            lines.problem(
                path, f"a range must satisfy min <= typical <= max ({low:g}, {typical:g}, {high:g})"
            )
        )
        return None
    return DesignRange(low, typical, high)


def field_quantity(path: tuple[str, ...]) -> _Quantity | None:
    """Unit and bounds of the numeric design field at `path` (None: not a quantity)."""
    from decide.design.model import Design, Quantity, override_property
    from decide.kb.properties import PROPERTIES
    from decide.models import model_in
    from decide.units import unit_of

    model: Any = Design
    for depth, name in enumerate(path):
        info = model.model_fields.get(name) if model is not None else None
        last = depth == len(path) - 1
        if info is None:
            prop = override_property(path[0], name) if depth == 1 and last else None
            if prop is None:
                return None
            spec = PROPERTIES[prop]
            return _Quantity(unit_of(prop), float(spec.low), float(spec.high), False)
        if not last:
            model = model_in(info.annotation)
            continue
        for meta in _annotations(info.annotation) + list(info.metadata):
            if isinstance(meta, Quantity):
                return _Quantity(meta.unit, meta.low, meta.high, meta.positive)
    return None


def _annotations(annotation: Any) -> list[Any]:
    """Metadata objects inside an annotation (`Annotated[float, Quantity(...)] | None`)."""
    found = list(getattr(annotation, "__metadata__", ()) or ())
    for arg in getattr(annotation, "__args__", ()) or ():
        found.extend(_annotations(arg))
    return found


def ranged_data(data: dict[str, Any], ranges: dict[str, DesignRange]) -> dict[str, Any]:
    """Design data with the design's own ranges written back as {min, typical, max}."""
    from decide.design.edits import with_edits

    edits = {
        path: {"min": r.low, "typical": r.typical, "max": r.high}
        for path, r in ranges.items()
        if r.origin == "design"
    }
    return with_edits(data, edits)
