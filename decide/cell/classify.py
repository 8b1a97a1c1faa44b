"""Electrolyte classification: liquid, hybrid-solid-liquid or all-solid-state.

Thresholds are knowledge-base data: `weight_loss_pct` of the standard entries (T/CSAE 434-2025:
weight loss < 1 %; draft GB/T: <= 0.5 %) bound the liquid a cell may hold to count as
all-solid-state; we apply the strictest one present. Without such an entry any liquid at all
makes a cell hybrid. A cell whose liquid fills the pores of a porous (non-electrolyte) separator
and which holds no solid electrolyte is a conventional liquid cell; a sourced
`liquid_electrolyte_wt_pct` bound on a `semi-solid` projection (when present) marks the upper end
of hybrid.
"""

from __future__ import annotations

import math
from typing import Any


def all_solid_threshold(kb: Any) -> tuple[float, list[str]]:
    """(liquid wt % at or below which a cell is all-solid-state, standard ids it comes from)."""
    found = []
    for entry in kb.of_kind("standard"):
        prop = entry.properties.get("weight_loss_pct")
        if prop is not None:
            found.append((prop.max if prop.max is not None else prop.central, entry.id))
    if not found:
        return 0.0, []
    strictest = min(v for v, _ in found)
    return strictest, sorted(i for v, i in found if v == strictest)


def hybrid_ceiling(kb: Any) -> float | None:
    """Highest liquid wt % a hybrid (semi-solid) cell holds, when the knowledge base sources it."""
    for entry in kb.of_kind("projection"):
        if entry.technology == "semi-solid":
            prop = entry.properties.get("liquid_electrolyte_wt_pct")
            if prop is not None:
                return prop.bounds()[1]
    return None


def electrolyte_class(
    liquid_wt_pct: float, has_liquid: bool, has_solid_electrolyte: bool, kb: Any
) -> str:
    """Classify one design (see module docstring)."""
    ceiling = hybrid_ceiling(kb)
    return str(
        classify(
            liquid_wt_pct,
            has_liquid,
            has_solid_electrolyte,
            all_solid_threshold(kb)[0],
            math.nan if ceiling is None else ceiling,
        )
    )


def classify(
    liquid_wt_pct: Any,
    has_liquid: bool,
    has_solid_electrolyte: bool,
    all_solid_max: float,
    hybrid_max: float,
) -> Any:
    """The class of one design (a string) or of many (a numpy array of strings).

    `all_solid_max`: liquid wt % at or below which a cell is all-solid-state; `hybrid_max`: the
    highest liquid wt % of a hybrid cell (NaN: no sourced ceiling).
    """
    if not has_liquid:
        return "all-solid-state"  # callers broadcast one class over every point
    above_hybrid = liquid_wt_pct > hybrid_max if hybrid_max == hybrid_max else False
    wet = "liquid" if not has_solid_electrolyte else None
    if isinstance(liquid_wt_pct, float | int):
        if liquid_wt_pct <= all_solid_max:
            return "all-solid-state"
        return wet or ("liquid" if above_hybrid else "hybrid-solid-liquid")
    import numpy as np

    upper = np.where(above_hybrid, "liquid", "hybrid-solid-liquid") if wet is None else wet
    return np.where(liquid_wt_pct <= all_solid_max, "all-solid-state", upper).astype(object)
