"""`compute(design, kb) -> Metrics`: every number of one design, each with its level."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from decide.cell import formats
from decide.cell.inputs import Inputs, layer_conductivity, resolve
from decide.cell.model import evaluate
from decide.design.model import Design
from decide.errors import DesignError
from decide.vocab.metrics import METRICS

if TYPE_CHECKING:
    from decide.kb.base import KnowledgeBase

_DESIGN_IDS = ("cathode", "anode", "separator", "liquid")
__all__ = ["Metrics", "compute", "layer_conductivity"]
AGREEMENT = 0.02  # several sizes given must agree within 2 % (CONTRACT section 2)


@dataclass
class Metrics:
    """Flat metric values with levels, and the per-component breakdowns of one repeat unit."""

    design: str
    values: dict[str, float | str]
    levels: dict[str, str]
    mass_breakdown: dict[str, float] = field(default_factory=dict)  # g/cm2
    volume_breakdown: dict[str, float] = field(default_factory=dict)  # cm per cm2 (thickness)
    cost_breakdown: dict[str, float] = field(default_factory=dict)  # USD/kWh
    # CONTRACT section 7: dotted design field -> {value, sources, note}, for every value the tool
    # filled in (sourced defaults, the format model's packaging shares and cell size)
    assumptions: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # what could not be computed, and why

    def to_dict(self) -> dict[str, Any]:
        """The CONTRACT section 4 JSON object plus breakdowns."""
        return {
            "design": self.design,
            "metrics": {k: _round(v) for k, v in self.values.items()},
            "levels": self.levels,
            "breakdown": {
                "mass_g_per_cm2": {k: _round(v) for k, v in self.mass_breakdown.items()},
                "thickness_cm": {k: _round(v) for k, v in self.volume_breakdown.items()},
                "cost_usd_per_kwh": {k: _round(v) for k, v in self.cost_breakdown.items()},
            },
            "assumptions": self.assumptions,
            "notes": self.notes,
        }

    def to_json(self) -> str:
        """JSON text of `to_dict()`."""
        return json.dumps(self.to_dict(), indent=2)


def _round(v: Any) -> Any:
    return float(f"{v:.6g}") if isinstance(v, float) else v


def compute(design: Design, kb: KnowledgeBase) -> Metrics:
    """Compute every metric of `design` (pure; DesignError for missing or inconsistent data)."""
    inputs = resolve(design, kb)
    result = evaluate(inputs)
    _check_sizes(design, result.values)
    out: dict[str, float | str] = {}
    for key, value in result.values.items():
        if isinstance(value, str):
            out[key] = value
        elif not math.isnan(value):
            out[key] = float(value)
        if key == "cathode_thickness_um":
            out["anode_class"] = inputs.anode_class
    notes = _cost_notes(inputs, result.masses)
    return Metrics(
        design=design.id,
        values=out,
        levels={k: METRICS[k].level for k in out},
        mass_breakdown={k: float(v) for k, v in result.masses.items() if v != 0},
        volume_breakdown={k: float(v) * 1e-4 for k, v in result.thicknesses.items() if v != 0},
        cost_breakdown={k: float(v) for k, v in result.costs.items() if not math.isnan(v)},
        assumptions=assumptions_of(design, kb, out),
        notes=notes,
    )


def assumptions_of(
    design: Design, kb: KnowledgeBase, values: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """Every value the tool filled in: the design's sourced defaults, then what the format model
    derived (packaging shares, cell size) where the design leaves it open."""
    out = {path: a.to_json() for path, a in sorted(design.assumptions.items())}
    cell = design.cell
    entry = kb.entries.get(cell.format)
    if entry is None or getattr(entry, "geometry", None) not in formats.MODELS:
        return out
    sources = sorted(entry.cited())
    model = f"the {entry.id} format model ({entry.name})"
    for name in ("electrode_width_mm", "electrode_length_mm"):
        if getattr(cell, name) is None:
            prop = entry.properties.get(name)
            if prop is not None:
                note = f"default cell size of {model}" + (f": {prop.note}" if prop.note else "")
                out[f"cell.{name}"] = {"value": prop.central, "sources": prop.source, "note": note}
    if cell.repeat_units is None and "cell_repeat_units" in values:
        target = entry.properties.get("cell_thickness_mm")
        fills = f"as many as fill the {target.central:g} mm target thickness" if target else ""
        out["cell.repeat_units"] = {
            "value": round(values["cell_repeat_units"], 1),
            "sources": sources,
            "note": f"{fills} of {model}".strip(),
        }
    for name in ("packaging_mass_pct", "packaging_volume_pct"):
        if getattr(cell, name) is None and name in values:
            out[f"cell.{name}"] = {
                "value": round(values[name], 2),
                "sources": sources,
                "note": f"derived by {model} for this stack and cell size",
            }
    return out


def _cost_notes(inputs: Inputs, masses: dict[str, Any]) -> dict[str, str]:
    """Why the cost is missing: no manufacturing cost, or a component with mass and no price."""
    if inputs.cost_note is not None:
        return {"cost": "not computed: " + inputs.cost_note}
    missing = [why for comp, why in inputs.unpriced.items() if masses.get(comp, 0.0) != 0]
    return {"cost": "not computed: " + missing[0]} if missing else {}


def _check_sizes(design: Design, values: dict[str, Any]) -> None:
    """Several cathode sizes given must agree with the derived ones within 2 %."""
    c = design.cathode
    given = [
        ("thickness_um", c.thickness_um, "cathode_thickness_um", "um"),
        (
            "areal_capacity_mah_cm2",
            c.areal_capacity_mah_cm2,
            "areal_capacity_mah_per_cm2",
            "mAh/cm2",
        ),
        ("loading_mg_cm2", c.loading_mg_cm2, "cathode_loading_mg_per_cm2", "mg/cm2"),
    ]
    present = [(n, v, k, u) for n, v, k, u in given if v is not None]
    for name, value, key, unit in present[1:]:
        derived = float(values[key])
        if abs(derived - value) > AGREEMENT * max(abs(value), 1e-12):
            first = present[0][0]
            raise DesignError(
                design.problem(
                    ("cathode", name),
                    f"sizes disagree: {name} {value:g} {unit}, but {first} gives {derived:.4g} "
                    f"{unit} (density, composition and capacity); they must agree within "
                    f"{AGREEMENT:.0%}",
                )
            )
