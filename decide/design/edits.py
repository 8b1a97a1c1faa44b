"""A design as plain data again, and copies of it with dotted fields changed.

Rule fixtures, design spaces and the phase levers all start from a design's data and change a
few fields; this is the one place that knows how.
"""

from __future__ import annotations

import copy
from typing import Any

from decide.design.model import Design


def design_data(design: Design, assumed: bool = False, ranged: bool = False) -> dict[str, Any]:
    """The design as plain input data again (overrides folded back into their sections).

    Values filled from defaults are left out unless `assumed`, so an edited copy (another
    material in a screening combination) gets the defaults that fit it, not this design's.
    Numbers the design gave as ranges are their central values unless `ranged`, which writes
    them back as {min, typical, max} (so the data loads into the same design, ranges included).
    """
    data = design.model_dump(mode="json", exclude_none=True)
    for path, value in design.overrides.items():
        section, name = path.split(".", 1)
        data.setdefault(section, {})[name] = value
    if not assumed:
        for path in design.assumptions:
            with_edits_inplace(data, path, None)
    if ranged:
        from decide.design.ranges import ranged_data

        data = ranged_data(data, design.ranges)
    return data


def with_edits_inplace(data: dict[str, Any], path: str, value: Any) -> None:
    """Set (or with None remove) one dotted field of design data in place."""
    node = data
    parts = path.split(".")
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    if value is None:
        node.pop(parts[-1], None)
    else:
        node[parts[-1]] = value


def with_edits(data: dict[str, Any], edits: dict[str, Any]) -> dict[str, Any]:
    """A copy of design data with dotted fields set (None removes the field)."""
    out = copy.deepcopy(data)
    for path, value in edits.items():
        with_edits_inplace(out, path, value)
    return out
