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
    threshold, _ = all_solid_threshold(kb)
    if not has_liquid or liquid_wt_pct <= threshold:
        return "all-solid-state"
    if not has_solid_electrolyte:
        return "liquid"
    ceiling = hybrid_ceiling(kb)
    if ceiling is not None and liquid_wt_pct > ceiling:
        return "liquid"
    return "hybrid-solid-liquid"
