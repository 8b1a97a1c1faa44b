"""A design as plain data again, and copies of it with dotted fields changed.

Rule fixtures, design spaces and the phase levers all start from a design's data and change a
few fields; this is the one place that knows how.
"""

from __future__ import annotations

import copy
from typing import Any

from decide.design.model import Design


def design_data(design: Design) -> dict[str, Any]:
    """The design as plain input data again (overrides folded back into their sections)."""
    data = design.model_dump(mode="json", exclude_none=True)
    for path, value in design.overrides.items():
        section, name = path.split(".", 1)
        data.setdefault(section, {})[name] = value
    return data


def with_edits(data: dict[str, Any], edits: dict[str, Any]) -> dict[str, Any]:
    """A copy of design data with dotted fields set (None removes the field)."""
    out = copy.deepcopy(data)
    for path, value in edits.items():
        node = out
        parts = path.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        if value is None:
            node.pop(parts[-1], None)
        else:
            node[parts[-1]] = value
    return out
