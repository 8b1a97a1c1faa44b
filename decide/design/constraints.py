"""Cross-field constraints of a design, written once for one design and for arrays of them.

The pydantic validators of `decide.design.model` call `violations` on one section's values;
screening calls it with numpy columns for the varied fields, so a grid point is refused for
exactly the reasons the design loader would refuse the same design.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

# A section's values by field name: floats (or arrays), ids, or None when not given.
Values = Mapping[str, Any]


@dataclass(frozen=True)
class Constraint:
    """A rule between fields of one section: `violated` gives a bool (or a bool array)."""

    section: str
    fields: tuple[str, ...]
    message: str
    violated: Callable[[Values], Any]


def _given(x: Any) -> Any:
    """A value, with an absent one (None) counted as zero."""
    return 0.0 if x is None else x


def _sum_over_100(a: str, b: str) -> Callable[[Values], Any]:
    return lambda v: _given(v[a]) + _given(v[b]) > 100 + 1e-9


def _share_without_material(share: str, material: str) -> Callable[[Values], Any]:
    return lambda v: _given(v[share]) > 0 if v[material] is None else False


def _temperatures_reversed(v: Values) -> Any:
    lo, hi = v["min_temperature_c"], v["max_temperature_c"]
    return False if lo is None or hi is None else lo > hi


CONSTRAINTS: tuple[Constraint, ...] = (
    Constraint(
        "cathode",
        ("active_wt_pct", "catholyte_wt_pct"),
        "active_wt_pct + catholyte_wt_pct exceed 100 %",
        _sum_over_100("active_wt_pct", "catholyte_wt_pct"),
    ),
    Constraint(
        "cathode",
        ("catholyte_wt_pct", "catholyte"),
        "catholyte_wt_pct is given but no catholyte",
        _share_without_material("catholyte_wt_pct", "catholyte"),
    ),
    Constraint(
        "anode",
        ("active_wt_pct", "anolyte_wt_pct"),
        "active_wt_pct + anolyte_wt_pct exceed 100 %",
        _sum_over_100("active_wt_pct", "anolyte_wt_pct"),
    ),
    Constraint(
        "anode",
        ("anolyte_wt_pct", "anolyte"),
        "anolyte_wt_pct is given but no anolyte",
        _share_without_material("anolyte_wt_pct", "anolyte"),
    ),
    Constraint(
        "operating",
        ("min_temperature_c", "max_temperature_c"),
        "min_temperature_c is above max_temperature_c",
        _temperatures_reversed,
    ),
)


def of_section(section: str) -> tuple[Constraint, ...]:
    """The constraints between fields of one design section."""
    return tuple(c for c in CONSTRAINTS if c.section == section)


def first_violation(section: str, values: Values) -> str | None:
    """The message of the first constraint one section's values break, or None."""
    for constraint in of_section(section):
        if bool(constraint.violated(values)):
            return constraint.message
    return None


def field_bounds_mask(path: str, values: Any) -> Any:
    """Which values lie within the design model's bounds for `path` (True = valid)."""
    low, high, strict = field_bounds(path)
    ok = values <= high
    return ok & ((values > low) if strict else (values >= low))


def field_bounds(path: str) -> tuple[float, float, bool]:
    """(low, high, low is exclusive) of a numeric design field, read from the pydantic model
    (a knowledge-base property override takes the property's physical bounds)."""
    from decide.design.model import Design, override_property
    from decide.kb.properties import PROPERTIES
    from decide.models import model_in

    section, _, name = path.rpartition(".")
    if section:
        model = model_in(Design.model_fields[section].annotation)
        info = model.model_fields.get(name) if model is not None else None
        prop = override_property(section, name)
        if info is None and prop is not None:
            spec = PROPERTIES[prop]
            return float(spec.low), float(spec.high), False
    else:
        info = Design.model_fields.get(name)
    low, high, strict = -math.inf, math.inf, False
    for meta in _metadata(info):
        for attr, is_strict in (("gt", True), ("ge", False)):
            if getattr(meta, attr, None) is not None:
                low, strict = float(getattr(meta, attr)), is_strict
        for attr in ("le", "lt"):
            if getattr(meta, attr, None) is not None:
                high = float(getattr(meta, attr))
    return low, high, strict


def _metadata(info: Any) -> list[Any]:
    """Constraint metadata of a field, also inside `X | None` annotations."""
    found = list(getattr(info, "metadata", []) or [])

    def walk(annotation: Any) -> None:
        for arg in getattr(annotation, "__args__", ()):
            found.extend(getattr(arg, "__metadata__", ()) or ())
            walk(arg)
        found.extend(getattr(annotation, "__metadata__", ()) or ())

    walk(getattr(info, "annotation", None))
    flat: list[Any] = []
    for meta in found:
        if getattr(meta, "__is_annotated_types_grouped_metadata__", False):
            flat.extend(meta)  # e.g. a design Quantity: validator, bounds, schema
        elif hasattr(meta, "metadata"):
            flat.extend(meta.metadata)
        else:
            flat.append(meta)
    return flat
