"""The cell model over numpy arrays: one material combination, many numeric design points.

The same `evaluate` as the scalar path runs on arrays: stack, transport, cost and class, so the two
agree by construction (a property test over every field below checks it). Materials, prices and
defaults are resolved once from the base design; a varied design field replaces the model input of
the same name.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from decide.cell.inputs import Inputs, resolve
from decide.cell.model import evaluate
from decide.cell.price_confidence import low_confidence_components, low_confidence_pct
from decide.design.model import Design
from decide.errors import DesignError
from decide.vocab.metrics import COST

if TYPE_CHECKING:
    from decide.kb.base import KnowledgeBase


@dataclass(frozen=True)
class VectorField:
    """A design field the vectorised model can vary: the input it sets and the switch it implies."""

    input: str
    switch: tuple[str, Any] | None = None


VECTOR_FIELDS: dict[str, VectorField] = {
    "cathode.thickness_um": VectorField("cathode_size_value", ("cathode_size", "thickness")),
    "cathode.areal_capacity_mah_cm2": VectorField("cathode_size_value", ("cathode_size", "areal")),
    "cathode.loading_mg_cm2": VectorField("cathode_size_value", ("cathode_size", "loading")),
    "cathode.active_wt_pct": VectorField("cathode_active_wt_pct"),
    "cathode.catholyte_wt_pct": VectorField("cathode_catholyte_wt_pct"),
    "cathode.porosity_pct": VectorField("cathode_porosity_pct"),
    "cathode.upper_cutoff_v": VectorField("cathode_upper_cutoff_v"),
    "cathode.density_g_cm3": VectorField(
        "cathode_density_g_cm3", ("cathode_density_mode", "as_built")
    ),
    "cathode.dry_density_g_cm3": VectorField(
        "cathode_dry_density_g_cm3", ("cathode_density_mode", "dry")
    ),
    "anode.dry_density_g_cm3": VectorField(
        "anode_dry_density_g_cm3", ("anode_density_mode", "dry")
    ),
    "cathode.specific_capacity_mah_g": VectorField("cathode_specific_capacity_mah_g"),
    "cathode.average_voltage_v": VectorField("cathode_average_voltage_v"),
    "separator.thickness_um": VectorField("separator_thickness_um"),
    "separator.porosity_pct": VectorField("separator_porosity_pct"),
    "anode.thickness_um": VectorField("anode_size_value", ("anode_size", "thickness")),
    "anode.n_p_ratio": VectorField("anode_size_value", ("anode_size", "n_p")),
    "anode.active_wt_pct": VectorField("anode_active_wt_pct"),
    "anode.anolyte_wt_pct": VectorField("anode_anolyte_wt_pct"),
    "anode.porosity_pct": VectorField("anode_porosity_pct"),
    "anode.interlayer_thickness_um": VectorField("interlayer_thickness_um"),
    "current_collectors.positive_thickness_um": VectorField("positive_collector_thickness_um"),
    "current_collectors.negative_thickness_um": VectorField("negative_collector_thickness_um"),
    "liquid_electrolyte.wt_pct": VectorField("liquid_wt_pct", ("liquid_mode", "share")),
    "liquid_electrolyte.ml_per_ah": VectorField("liquid_ml_per_ah", ("liquid_mode", "per_ah")),
    "cell.packaging_mass_pct": VectorField("packaging_mass_pct"),
    "cell.packaging_volume_pct": VectorField("packaging_volume_pct"),
    "cell.nominal_voltage_v": VectorField("nominal_voltage_override_v"),
    "cell.first_cycle_loss_pct": VectorField("first_cycle_loss_pct"),
    "operating.min_temperature_c": VectorField("min_temperature_c"),
    "operating.max_temperature_c": VectorField("max_temperature_c"),
    "production_year": VectorField("production_year"),
}


@dataclass(frozen=True)
class Points:
    """The metrics of many design points, and the points the design loader would refuse."""

    values: dict[str, np.ndarray]
    refused: list[tuple[str, np.ndarray]]  # (why, mask of refused points)
    costs: dict[str, np.ndarray] = field(default_factory=dict)  # USD/kWh by component
    low_confidence_pct: np.ndarray | None = None  # of the cost, on low-confidence prices


def evaluate_points(
    columns: dict[str, np.ndarray], kb: KnowledgeBase, base: Design, with_cost: bool = True
) -> Points:
    """Metrics of many design points: `base` with the numeric fields in `columns` replaced.

    `columns` maps dotted design fields (VECTOR_FIELDS) to arrays of one length. The values hold
    every metric of `compute()` as an array (NaN where it does not apply at that point; the
    electrolyte class as an array of strings).
    """
    varied = varied_inputs(resolve(base, kb), columns)
    if not with_cost:
        varied = varied.with_(manufacturing=None)
    shape = np.broadcast_shapes(*(np.shape(c) for c in columns.values()))
    points = evaluate_inputs(varied, shape)
    flagged = low_confidence_components(varied, kb)
    pct = low_confidence_pct(points.costs, points.values.get(COST, np.nan), flagged)
    return replace(points, low_confidence_pct=np.broadcast_to(np.asarray(pct, dtype=float), shape))


def varied_inputs(inputs: Inputs, columns: dict[str, np.ndarray]) -> Inputs:
    """`inputs` with the model input of each dotted design field in `columns` replaced."""
    changes: dict[str, Any] = {}
    for name, column in columns.items():
        spec = VECTOR_FIELDS.get(name)
        if spec is None:
            from decide.suggest import did_you_mean

            raise DesignError(
                f"cannot vary {name!r} on the vectorised path{did_you_mean(name, VECTOR_FIELDS)}"
            )
        changes[spec.input] = np.asarray(column, dtype=float)
        if spec.switch is not None:
            changes[spec.switch[0]] = spec.switch[1]
    return inputs.with_(**changes)


def evaluate_inputs(varied: Inputs, shape: tuple[int, ...]) -> Points:
    """Run the model on array inputs: every metric as an array of `shape`, and the refusals."""
    result = evaluate(varied)
    values: dict[str, np.ndarray] = {}
    for key, value in result.values.items():
        array = np.asarray(value)
        dtype = object if array.dtype.kind in "OUS" else float
        values[key] = np.broadcast_to(np.asarray(value, dtype=dtype), shape)
    refused = []
    for need in varied.needs:
        mask = np.broadcast_to(np.asarray(need.when(varied), dtype=bool), shape)
        if mask.any():
            refused.append((need.message, mask))
    costs = {k: np.broadcast_to(np.asarray(v, dtype=float), shape) for k, v in result.costs.items()}
    return Points(values, refused, costs)


def compute_arrays(
    columns: dict[str, np.ndarray], kb: KnowledgeBase, base: Design, with_cost: bool = True
) -> dict[str, np.ndarray]:
    """The metric arrays of `evaluate_points` (for callers that do not need the refusals)."""
    return evaluate_points(columns, kb, base, with_cost).values
