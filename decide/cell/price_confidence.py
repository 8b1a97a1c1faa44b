"""Which of a design's prices are marked `confidence: low` in the knowledge base, and how much of
the cell cost they carry: the cost rule CST005 and the briefing's caveats read the same list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from decide.cell.inputs import resolve
from decide.cell.model import evaluate
from decide.design.model import Design
from decide.units import finite_or_none
from decide.vocab.metrics import COST


@dataclass(frozen=True)
class Input:
    """A priced component resting on a low-confidence price, and its cost share."""

    component: str
    entry: str  # the price series (or material) the price came from
    share: float  # of the cell cost, 0..1, in the year asked for


def low_confidence_components(inputs: Any, kb: Any) -> dict[str, str]:
    """{component: price entry} of the resolved inputs whose price is marked confidence: low
    (whether or not the cost can be computed; the screen weighs them point by point)."""
    refs = dict(inputs.prices)
    if inputs.manufacturing is not None:
        refs["manufacturing"] = inputs.manufacturing
    found = {}
    for component, ref in sorted(refs.items()):
        entry = kb.entries.get(ref.origin)
        if getattr(entry, "kind", "") == "price" and entry.low_confidence():
            found[component] = ref.origin
    return found


def low_confidence_pct(costs: dict[str, Any], total: Any, components: dict[str, str]) -> Any:
    """The share (%) of `total` the low-confidence components carry, to 0.1 %; 0 where the total
    is missing, zero or not finite. Floats or arrays alike."""
    import numpy as np

    total = np.asarray(total, dtype=float)
    parts = [np.nan_to_num(np.asarray(costs[c], dtype=float)) for c in components if c in costs]
    carried = np.sum(parts, axis=0) if parts else np.zeros_like(total)
    valid = np.isfinite(total) & (total != 0)
    with np.errstate(all="ignore"):
        pct = np.where(valid, np.round(100 * carried / np.where(valid, total, 1), 1), 0.0)
    return float(pct) if pct.ndim == 0 else pct


def low_confidence_inputs(design: Design, kb: Any, year: int | None = None) -> list[Input]:
    """The design's low-confidence price inputs, largest cost share first ([] without a cost)."""
    inputs = resolve(design, kb)
    if year is not None:
        inputs = inputs.with_(production_year=float(year))
    result = evaluate(inputs)
    total = finite_or_none(result.values.get(COST))
    if not total:
        return []
    found = []
    for component, entry in low_confidence_components(inputs, kb).items():
        part = finite_or_none(result.costs.get(component))
        if part:
            found.append(Input(component, entry, part / total))
    return sorted(found, key=lambda i: -i.share)
