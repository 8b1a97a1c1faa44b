"""The cell model over numpy arrays: one material combination, many numeric design points.

The same `evaluate` as the scalar path runs on arrays, so the two agree by construction (a test
checks it). Materials, prices and defaults are resolved once from the base design.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from decide.cell import cost, transport
from decide.cell.inputs import resolve
from decide.cell.metrics import electrolyte_components, layer_conductivity
from decide.cell.model import evaluate
from decide.design.model import Design
from decide.errors import DesignError

# design field -> (Inputs field, scale to model units, categorical switch it implies)
VECTOR_FIELDS: dict[str, tuple[str, float, tuple[str, str] | None]] = {
    "cathode.thickness_um": ("c_size", 1.0, ("cathode_size", "thickness")),
    "cathode.areal_capacity_mah_cm2": ("c_size", 1.0, ("cathode_size", "areal")),
    "cathode.loading_mg_cm2": ("c_size", 1.0, ("cathode_size", "loading")),
    "cathode.active_wt_pct": ("c_f", 0.01, None),
    "cathode.catholyte_wt_pct": ("c_w_cl", 0.01, None),
    "cathode.porosity_pct": ("c_p", 0.01, None),
    "cathode.density_g_cm3": ("c_rho", 1.0, ("cathode_dense", True)),  # type: ignore[dict-item]
    "cathode.specific_capacity_mah_g": ("c_cap", 1.0, None),
    "cathode.average_voltage_v": ("c_v", 1.0, None),
    "separator.thickness_um": ("s_t", 1.0, None),
    "separator.porosity_pct": ("s_p", 0.01, None),
    "anode.thickness_um": ("a_size", 1.0, ("anode_size", "thickness")),
    "anode.n_p_ratio": ("a_size", 1.0, ("anode_size", "n_p")),
    "anode.active_wt_pct": ("a_f", 0.01, None),
    "anode.porosity_pct": ("a_p", 0.01, None),
    "anode.interlayer_thickness_um": ("il_t", 1.0, None),
    "current_collectors.positive_thickness_um": ("cc_pos_t", 1.0, None),
    "current_collectors.negative_thickness_um": ("cc_neg_t", 1.0, None),
    "liquid_electrolyte.wt_pct": ("liq_wt", 1.0, None),
    "cell.packaging_mass_pct": ("pkg_m", 1.0, None),
    "cell.packaging_volume_pct": ("pkg_v", 1.0, None),
    "cell.nominal_voltage_v": ("v_override", 1.0, None),
}


def compute_arrays(
    columns: dict[str, np.ndarray], kb: Any, base: Design, with_cost: bool = True
) -> dict[str, np.ndarray]:
    """Metrics of many design points: `base` with the numeric fields in `columns` replaced.

    `columns` maps dotted design fields (VECTOR_FIELDS, plus `production_year`) to arrays of one
    length. Returns the numeric metric keys of `compute()` as arrays.
    """
    inputs = resolve(base, kb)
    changes: dict[str, Any] = {}
    for name, column in columns.items():
        if name == "production_year":
            continue
        if name not in VECTOR_FIELDS:
            from decide.suggest import did_you_mean

            raise DesignError(
                f"cannot vary {name!r} on the vectorised path{did_you_mean(name, VECTOR_FIELDS)}"
            )
        field, scale, switch = VECTOR_FIELDS[name]
        changes[field] = np.asarray(column, dtype=float) * scale
        if switch is not None:
            changes[switch[0]] = switch[1]
    shape = np.broadcast_shapes(*(np.shape(c) for c in columns.values()))
    inputs = inputs.with_(**changes)
    values, masses, _ = evaluate(inputs)
    sigma, _ = layer_conductivity(base.separator, base.separator.material, kb)
    if sigma:
        values["separator_asr_ohm_cm2"] = transport.asr(inputs.s_t, sigma)
    if with_cost:
        year = columns.get("production_year", float(base.production_year))
        year = np.asarray(year, dtype=float) if not isinstance(year, float) else year
        base_masses = evaluate(resolve(base, kb))[1]
        try:
            prices = cost.resolve_prices(base, kb, base_masses, inputs.ids)
        except DesignError:  # like compute(): no cost when a component is unpriced
            prices = None
    if with_cost and prices is not None:
        target = cost.cost_target(kb, base.production_year)
        cost_values, _ = cost.cell_cost(
            {k: masses[k] for k in prices},
            values["energy_mwh_per_cm2"],
            prices,
            cost.manufacturing_ref(base, kb),
            year,
            electrolyte_components(base, kb),
            target[0] if target else None,
        )
        values.update(cost_values)
    return {k: np.broadcast_to(np.asarray(v, dtype=float), shape) for k, v in values.items()}
