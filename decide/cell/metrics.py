"""`compute(design, kb) -> Metrics`: every number of one design, each with its level."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from decide.cell import cost, transport
from decide.cell.classify import electrolyte_class
from decide.cell.inputs import Inputs, resolve
from decide.cell.model import evaluate
from decide.design.model import Design
from decide.errors import DesignError
from decide.vocab.design_fields import BY_PATH, ELECTROLYTE_FIELDS
from decide.vocab.metrics import METRICS

_DESIGN_IDS = ("cathode", "anode", "separator", "liquid")
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
    assumptions: dict[str, str] = field(default_factory=dict)  # default ids the model assumed
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


def compute(design: Design, kb: Any) -> Metrics:
    """Compute every metric of `design` (pure; DesignError for missing or inconsistent data)."""
    inputs = resolve(design, kb)
    values, masses, thick = evaluate(inputs)
    _check_sizes(design, values)
    out: dict[str, float | str] = {k: float(v) for k, v in values.items()}
    out["anode_class"] = inputs.anode_class
    cutoff = design.cathode.upper_cutoff_v
    if cutoff is None:
        cutoff = kb.index.prop(design.cathode.active_material, "upper_cutoff_v")
    if cutoff is not None:
        out["cathode_upper_cutoff_v"] = cutoff
    out.update(_transport(design, kb))
    solid = _has_solid_electrolyte(design, kb)
    out["electrolyte_class"] = electrolyte_class(
        float(values["liquid_electrolyte_wt_pct"]),
        design.liquid_electrolyte is not None,
        solid,
        kb,
    )
    masses = {k: float(v) for k, v in masses.items()}
    notes: dict[str, str] = {}
    cost_breakdown: dict[str, Any] = {}
    try:
        energy = float(values["energy_mwh_per_cm2"])
        cost_values, cost_breakdown = _cost(design, kb, inputs, masses, energy)
        out.update(cost_values)
    except DesignError as exc:
        # Energy figures stand on their own; a cost with an unpriced component would mislead.
        notes["cost"] = "not computed: " + "; ".join(p.message for p in exc.problems)
    assumptions = {k: v for k, v in inputs.ids.items() if k not in _DESIGN_IDS}
    return Metrics(
        design=design.id,
        values=out,
        levels={k: METRICS[k].level for k in out},
        mass_breakdown={k: v for k, v in masses.items() if v != 0},
        volume_breakdown={k: float(v) * 1e-4 for k, v in thick.items() if float(v) != 0},
        cost_breakdown={k: float(v) for k, v in cost_breakdown.items()},
        assumptions=assumptions,
        notes=notes,
    )


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
    present = [g for g in given if g[1] is not None]
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


def _has_solid_electrolyte(design: Design, kb: Any) -> bool:
    return bool(electrolyte_components(design, kb))


def _temperatures(design: Design, kb: Any) -> tuple[float, float]:
    op = design.operating
    app = design.application
    reqs = kb.index.props.get(app, {}) if app else {}
    lo = op.min_temperature_c
    hi = op.max_temperature_c
    if lo is None:
        lo = reqs.get("min_operating_temperature_c", transport.REFERENCE_C)
    if hi is None:
        hi = reqs.get("max_operating_temperature_c", transport.REFERENCE_C)
    return lo, hi


def layer_conductivity(
    block: Any, entry_id: str | None, kb: Any
) -> tuple[float | None, float | None]:
    """(25 C conductivity, activation energy) of a layer: override, KB, or n q mu."""
    over = getattr(block, "overrides", {}) if block is not None else {}
    prop = kb.index.props.get(entry_id, {}) if entry_id else {}

    def get(name: str) -> float | None:
        return over.get(name, prop.get(name))

    sigma = get("ionic_conductivity_ms_cm")
    if sigma is None:
        n, mu = get("carrier_density_per_cm3"), get("mobility_cm2_per_v_s")
        if n is not None and mu is not None:
            sigma = transport.sigma_from_carriers(n, mu)
    return sigma, get("activation_energy_ev")


def _transport(design: Design, kb: Any) -> dict[str, float]:
    out: dict[str, float] = {}
    lo, hi = _temperatures(design, kb)
    sep = design.separator
    sigma, ea = layer_conductivity(sep, sep.material, kb)
    if sigma is None and design.liquid_electrolyte is not None:
        liq = design.liquid_electrolyte
        s_liq, ea = layer_conductivity(liq, liq.material, kb)
        porosity = sep.porosity_pct
        if porosity is None:
            porosity = kb.index.prop(sep.material, "porosity_pct")
        if s_liq is not None and porosity is not None:
            sigma = transport.bruggeman(s_liq, porosity / 100)
    if sigma is not None and sigma > 0:
        out["separator_conductivity_ms_cm"] = sigma
        out["separator_asr_ohm_cm2"] = transport.asr(sep.thickness_um, sigma)
        if ea is not None:
            s_lo = transport.arrhenius(sigma, ea, lo)
            out["separator_conductivity_min_temp_ms_cm"] = s_lo
            out["separator_conductivity_max_temp_ms_cm"] = transport.arrhenius(sigma, ea, hi)
            out["separator_asr_min_temp_ohm_cm2"] = transport.asr(sep.thickness_um, s_lo)
    if design.cathode.catholyte:
        s_cl, ea_cl = layer_conductivity(None, design.cathode.catholyte, kb)
        if s_cl is not None:
            out["catholyte_conductivity_ms_cm"] = s_cl
            if ea_cl is not None:
                out["catholyte_conductivity_min_temp_ms_cm"] = transport.arrhenius(s_cl, ea_cl, lo)
    test = design.claims.interface_test
    if test is not None:
        out["interface_resistance_ohm"] = transport.interface_resistance(
            test.delta_v_v, test.current_ma
        )
        out["interface_asr_ohm_cm2"] = transport.interface_asr(
            test.delta_v_v, test.current_ma, test.area_cm2
        )
    out["min_temperature_c"] = lo
    out["max_temperature_c"] = hi
    return out


def electrolyte_components(design: Design, kb: Any) -> set[str]:
    """Mass components that are solid electrolyte (for electrolyte mass and break-even price)."""
    roles = kb.index.roles
    found = set()
    for path in ELECTROLYTE_FIELDS:
        material = design.material_at(path)
        if material and "solid-electrolyte" in roles.get(material, frozenset()):
            found.add(BY_PATH[path].component or "")
    return found


def _cost(
    design: Design, kb: Any, inputs: Inputs, masses: dict[str, float], energy: float
) -> tuple[dict[str, Any], dict[str, Any]]:
    prices = cost.resolve_prices(design, kb, masses, inputs.ids)
    manufacturing = cost.manufacturing_ref(design, kb)
    target = cost.cost_target(kb, design.production_year)
    values, breakdown = cost.cell_cost(
        masses,
        energy,
        prices,
        manufacturing,
        float(design.production_year),
        electrolyte_components(design, kb),
        target[0] if target else None,
    )
    return {k: float(v) for k, v in values.items()}, breakdown
