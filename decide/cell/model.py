"""The cell model: per unit electrode area, CONTRACT section 4 conventions.

Pure arithmetic over `Inputs`, so the same code runs on floats (one design) and on numpy arrays
(a screening sweep): stack arithmetic, transport, cost and the electrolyte class are all here,
once. Branches depend only on categorical choices, never on numeric values; a number that does not
apply comes out NaN (the scalar path then leaves the metric out).
Units: thickness um, density g/cm3, areal mass g/cm2, capacity mAh/cm2, energy mWh/cm2
(mWh/g = Wh/kg and mWh/cm3 = Wh/L).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from decide.cell import cost, formats, transport
from decide.cell.classify import classify
from decide.cell.formats import RepeatUnit
from decide.cell.inputs import Inputs
from decide.vocab.classes import METAL_ANODES

UM = 1e-4  # cm per um
PCT = 0.01
DIMENSIONS = (
    "cell_length_mm",
    "cell_width_mm",
    "cell_thickness_mm",
    "cell_diameter_mm",
    "cell_height_mm",
)


@dataclass(frozen=True)
class Result:
    """What the model gives for one repeat unit (floats, or arrays of one shape)."""

    values: dict[str, Any]  # metric key -> value (NaN: does not apply here)
    masses: dict[str, Any]  # component -> g/cm2
    thicknesses: dict[str, Any]  # layer -> um, charged state
    costs: dict[str, Any]  # component -> USD/kWh (empty when no cost can be computed)


def _is_nan(x: Any) -> bool:
    return isinstance(x, float) and math.isnan(x)


def _share(w: Any, rho: Any) -> Any:
    """Volume per gram of a composite component; an absent component (nan density) adds none."""
    if _is_nan(rho):
        return 0.0 * w
    return w / rho


def solids_density(f: Any, w: Any, rho_am: Any, rho_el: Any, rho_add: Any) -> Any:
    """Pore-free density of active + electrolyte + rest (binder/carbon) by mass fractions."""
    rest = 1.0 - f - w
    return 1.0 / (_share(f, rho_am) + _share(w, rho_el) + _share(rest, rho_add))


def _electrode(
    mode: str,
    rho_as_built: Any,
    rho_dry_given: Any,
    active_wt_pct: Any,
    electrolyte_wt_pct: Any,
    rho_active: Any,
    rho_electrolyte: Any,
    rho_additive: Any,
    porosity_pct: Any,
) -> tuple[Any, Any, Any]:
    """(layer density without added liquid, active mass per volume, porosity %) of a composite.

    Modes: `as_built` (a density that includes whatever fills the pores), `dry` (a calendered
    density without liquid: the porosity follows from the pore-free density) and `porosity`.
    """
    f = active_wt_pct * PCT
    if mode == "as_built":
        return rho_as_built, rho_as_built * f, porosity_pct
    solids = solids_density(f, electrolyte_wt_pct * PCT, rho_active, rho_electrolyte, rho_additive)
    if mode == "dry":
        return rho_dry_given, rho_dry_given * f, (1.0 - rho_dry_given / solids) * 100.0
    rho_dry = solids * (1.0 - porosity_pct * PCT)
    return rho_dry, rho_dry * f, porosity_pct


def evaluate(i: Inputs) -> Result:
    """Every number of one repeat unit: energy, mass, thickness, transport, cost and class."""
    values, masses, thicknesses, unit = _stack(i)
    values.update(_cell_level(i, values, unit))
    values.update(_transport(i))
    values.update(_cathode_ionic(values))
    # the standards' weight-loss tests weigh the whole cell, so its class follows the cell's share
    values["electrolyte_class"] = classify(
        values["cell_liquid_wt_pct"],
        i.has_liquid,
        i.has_solid_electrolyte,
        i.all_solid_max_liquid_wt_pct,
        i.hybrid_max_liquid_wt_pct,
    )
    costs: dict[str, Any] = {}
    if i.manufacturing is not None:
        cost_values, costs = cost.cell_cost(
            masses,
            values["energy_mwh_per_cm2"],
            i.prices,
            i.manufacturing,
            i.production_year,
            i.electrolyte_components,
            i.cost_target_usd_per_kwh,
        )
        values.update(cost_values)
    return Result(values, masses, thicknesses, costs)


def _cell_level(i: Inputs, values: dict[str, Any], unit: RepeatUnit) -> dict[str, Any]:
    """Cell capacity, mass and size from the format model, and the cell-level figures.

    Packaging shares the design gives win over the ones the format model derives; the cell's
    mass and volume then follow from them, so every cell figure tells one story.
    """
    out: dict[str, Any] = {}
    model = formats.MODELS.get(i.cell_format.geometry or "")
    if model is not None:
        out = model(i.cell_format, unit)
    mass_pct, volume_pct = i.packaging_mass_pct, i.packaging_volume_pct
    if _is_nan(mass_pct):
        mass_pct = out["packaging_mass_pct"]
    if _is_nan(volume_pct):
        volume_pct = out["packaging_volume_pct"]
    if not (_is_nan(i.packaging_mass_pct) and _is_nan(i.packaging_volume_pct)):
        for key in DIMENSIONS:  # given shares override the housing: its size is not known
            out.pop(key, None)
    if model is not None:
        n_area = out["cell_capacity_ah"] * 1000.0 / unit.areal_capacity_mah_cm2
        out["cell_mass_g"] = n_area * unit.mass_g_cm2 / (1.0 - mass_pct * PCT)
        out["cell_volume_ml"] = n_area * unit.thickness_um * UM / (1.0 - volume_pct * PCT)
    stack_liquid = values["liquid_electrolyte_wt_pct"] * PCT * unit.mass_g_cm2
    excess = out.pop(formats.EXCESS_LIQUID, 0.0)
    if model is not None and _is_nan(i.packaging_mass_pct):
        liquid = (n_area * stack_liquid + excess) / out["cell_mass_g"]
    else:  # given shares: the housing is not modelled, nor liquid outside the stack
        liquid = values["liquid_electrolyte_wt_pct"] * PCT * (1.0 - mass_pct * PCT)
    out["cell_liquid_wt_pct"] = liquid * 100.0
    out["packaging_mass_pct"] = mass_pct + 0.0 * unit.mass_g_cm2
    out["packaging_volume_pct"] = volume_pct + 0.0 * unit.mass_g_cm2
    out["cell_specific_energy_wh_per_kg"] = values["stack_specific_energy_wh_per_kg"] * (
        1.0 - mass_pct * PCT
    )
    out["cell_energy_density_wh_per_l"] = values["stack_energy_density_wh_per_l"] * (
        1.0 - volume_pct * PCT
    )
    return out


def _stack(i: Inputs) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], RepeatUnit]:
    """Energy, mass and thickness of the repeat unit (and what the format model reads of it)."""
    pores = i.liquid_mode == "pores"
    # cathode: size -> thickness, areal capacity, loading
    c_rho, c_act, c_porosity = _electrode(
        i.cathode_density_mode,
        i.cathode_density_g_cm3,
        i.cathode_dry_density_g_cm3,
        i.cathode_active_wt_pct,
        i.cathode_catholyte_wt_pct,
        i.cathode_active_density_g_cm3,
        i.catholyte_density_g_cm3,
        i.cathode_additive_density_g_cm3,
        i.cathode_porosity_pct,
    )
    per_um = c_act * UM * i.cathode_specific_capacity_mah_g  # mAh/cm2 per um
    if i.cathode_size == "thickness":
        t_c = i.cathode_size_value
    elif i.cathode_size == "areal":
        t_c = i.cathode_size_value / per_um
    else:
        t_c = i.cathode_size_value / (c_act * UM * 1000.0)
    # the catholyte's share of the electrode volume: ionic percolation needs enough of it
    catholyte_vol = _where_positive(
        i.cathode_catholyte_wt_pct,
        c_rho * i.cathode_catholyte_wt_pct * PCT / i.catholyte_density_g_cm3 * 100.0,
    )
    areal = t_c * per_um
    delivered = areal * (1.0 - i.first_cycle_loss_pct * PCT)  # after formation losses
    loading = t_c * UM * c_act * 1000.0
    zero = 0.0 * areal

    # anode
    li_volcap = i.lithium_volumetric_capacity_mah_cm3
    a_porosity = i.anode_porosity_pct + zero
    expansion = zero
    if i.anode_kind == "anode-free":
        t_a = zero
        n_p = zero
        m_a = zero
        a_parts = {"anode": m_a}
    elif i.anode_kind == "lithium-metal":
        if i.anode_size == "thickness":
            t_a = i.anode_size_value + zero
            n_p = t_a * UM * li_volcap / areal
        else:
            n_p = i.anode_size_value + zero
            t_a = n_p * areal / li_volcap / UM
        m_a = t_a * UM * i.lithium_density_g_cm3
        a_parts = {"anode": m_a}
    else:
        a_rho, a_act, a_porosity = _electrode(
            i.anode_density_mode,
            i.anode_density_g_cm3,
            i.anode_dry_density_g_cm3,
            i.anode_active_wt_pct,
            i.anode_anolyte_wt_pct,
            i.anode_active_density_g_cm3,
            i.anolyte_density_g_cm3,
            i.anode_additive_density_g_cm3,
            i.anode_porosity_pct,
        )
        a_per_um = a_act * UM * i.anode_specific_capacity_mah_g
        if i.anode_size == "thickness":
            t_a = i.anode_size_value + zero
            n_p = t_a * a_per_um / areal
        else:
            n_p = i.anode_size_value + zero
            t_a = n_p * areal / a_per_um
        m_a = t_a * UM * a_rho
        # charged state: the active particles swell; the pores take up what they can, the rest
        # thickens the layer (an upper bound on swelling: no mechanical constraint assumed)
        if not (_is_nan(i.anode_expansion_pct) or _is_nan(i.anode_active_density_g_cm3)):
            swell = a_act / i.anode_active_density_g_cm3 * i.anode_expansion_pct * PCT
            swell = swell * _used_share(n_p) - a_porosity * PCT
            expansion = t_a * _clip_positive(swell)
        rest = 1.0 - (i.anode_active_wt_pct + i.anode_anolyte_wt_pct) * PCT
        a_parts = {
            "anode": t_a * UM * a_act,
            "anolyte": t_a * UM * a_rho * i.anode_anolyte_wt_pct * PCT,
            "anode_additive": t_a * UM * a_rho * rest,
        }
    # Which layer grows on charge: a lithiated cathode (NMC, LFP, Li2S) sends its lithium to the
    # anode, where it plates on lithium metal or on the bare collector. A cathode without lithium
    # (sulfur) is charged as built: the lithium foil is full and the cathode empty.
    plated = zero
    if i.anode_kind in METAL_ANODES and i.cathode_lithiated:
        plated = delivered / li_volcap / UM
    # lithium beyond what the cathode needs: the whole foil with a lithiated cathode; with an
    # unlithiated one, the foil less the lithium the cathode takes up on discharge (negative: short)
    needed = zero if i.cathode_lithiated else areal / li_volcap / UM
    prelithiation = zero
    if i.anode_kind == "composite" and not i.cathode_lithiated and i.anode_prelithiated:
        prelithiation = areal / i.lithium_specific_capacity_mah_g  # g/cm2 of lithium in the anode

    # other layers
    m_c = t_c * UM * c_rho
    s_rho = i.separator_density_g_cm3
    if not i.separator_as_built:
        s_rho = s_rho * (1.0 - i.separator_porosity_pct * PCT)
    m_s = i.separator_thickness_um * UM * s_rho
    m_il = i.interlayer_thickness_um * UM * i.interlayer_density_g_cm3
    m_pos = i.positive_collector_thickness_um / 2 * UM * i.positive_collector_density_g_cm3
    m_neg = i.negative_collector_thickness_um / 2 * UM * i.negative_collector_density_g_cm3
    composite_anode = i.anode_kind == "composite"

    # liquid: in the pores of each layer (reported), added where the density is not as-built
    liquid_in = {
        "cathode": t_c * UM * c_porosity * PCT * i.liquid_density_g_cm3,
        "separator": i.separator_thickness_um
        * UM
        * i.separator_porosity_pct
        * PCT
        * i.liquid_density_g_cm3,
        "anode": (t_a * UM * a_porosity * PCT * i.liquid_density_g_cm3)
        if composite_anode
        else zero,
    }
    as_built = {
        "cathode": i.cathode_density_mode == "as_built",
        "separator": i.separator_as_built,
        "anode": i.anode_density_mode == "as_built" or not composite_anode,
    }
    solids = m_c + m_s + m_a + m_il + m_pos + m_neg + prelithiation
    if pores:
        m_liq = sum(v for k, v in liquid_in.items() if not as_built[k])
        liquid_total = sum(liquid_in.values())
    elif i.liquid_mode == "share":
        m_liq = i.liquid_wt_pct / (100.0 - i.liquid_wt_pct) * solids
        liquid_total = m_liq
    elif i.liquid_mode == "per_ah":
        m_liq = i.liquid_ml_per_ah * delivered / 1000.0 * i.liquid_density_g_cm3
        liquid_total = m_liq
    else:
        m_liq = zero
        liquid_total = zero
    mass = solids + m_liq

    volt = i.cathode_average_voltage_v - i.anode_average_voltage_v
    if not _is_nan(i.nominal_voltage_override_v):
        volt = i.nominal_voltage_override_v + 0.0 * volt
    energy = delivered * volt
    thick = (
        t_c
        + i.separator_thickness_um
        + t_a
        + expansion
        + i.interlayer_thickness_um
        + i.positive_collector_thickness_um / 2
        + i.negative_collector_thickness_um / 2
        + plated
    )
    stack_se = energy / mass
    stack_ed = energy / (thick * UM)

    # active materials only; a cathode without lithium needs the lithium's mass as well
    grams_per_mah = 1.0 / i.cathode_theoretical_capacity_mah_g
    if composite_anode:
        grams_per_mah = grams_per_mah + 1.0 / i.anode_theoretical_capacity_mah_g
    if not i.cathode_lithiated:
        grams_per_mah = grams_per_mah + 1.0 / i.lithium_specific_capacity_mah_g
    limit = volt / grams_per_mah
    values: dict[str, Any] = {
        "areal_capacity_mah_per_cm2": areal,
        "cathode_loading_mg_per_cm2": loading,
        "cathode_thickness_um": t_c,
        "cathode_density_g_cm3": c_rho
        + (
            c_porosity * PCT * i.liquid_density_g_cm3
            if pores and i.cathode_density_mode != "as_built"
            else 0.0
        ),
        "cathode_porosity_pct": c_porosity + zero,
        "catholyte_vol_pct": catholyte_vol + zero,
        "nominal_voltage_v": volt,
        "n_p_ratio": n_p,
        "anode_thickness_um": t_a,
        "plated_lithium_um": plated,
        "separator_thickness_um": i.separator_thickness_um + zero,
        "stack_specific_energy_wh_per_kg": stack_se,
        "stack_energy_density_wh_per_l": stack_ed,
        "liquid_electrolyte_wt_pct": liquid_total / mass * 100.0,
        "stack_mass_g_per_cm2": mass,
        "stack_thickness_um": thick,
        "energy_mwh_per_cm2": energy,
        "theoretical_specific_energy_limit_wh_per_kg": limit,
        "silicon_wt_pct": i.silicon_wt_pct + zero,
        "cathode_upper_cutoff_v": i.cathode_upper_cutoff_v + zero,
    }
    if i.anode_kind == "lithium-metal":
        values["lithium_reservoir_um"] = t_a
        values["lithium_excess_um"] = t_a - needed
    elif i.anode_kind == "anode-free":
        values["lithium_reservoir_um"] = zero
        values["lithium_excess_um"] = zero - needed
    else:
        values["anode_expansion_um"] = expansion
    c_rest = 1.0 - (i.cathode_active_wt_pct + i.cathode_catholyte_wt_pct) * PCT
    masses = {
        "cathode_active": t_c * UM * c_act,
        "catholyte": t_c * UM * c_rho * i.cathode_catholyte_wt_pct * PCT,
        "cathode_additive": t_c * UM * c_rho * c_rest,
        "separator": m_s,
        **a_parts,
        "interlayer": m_il,
        "positive_collector": m_pos,
        "negative_collector": m_neg,
        "liquid_electrolyte": m_liq,
    }
    thicknesses = {
        "cathode": t_c,
        "separator": i.separator_thickness_um + zero,
        "anode": t_a,
        "anode_expansion": expansion,
        "plated_lithium": plated,
        "interlayer": i.interlayer_thickness_um + zero,
        "positive_collector": i.positive_collector_thickness_um / 2 + zero,
        "negative_collector": i.negative_collector_thickness_um / 2 + zero,
    }
    added = {k: (zero if as_built[k] or not pores else v) for k, v in liquid_in.items()}
    unit = RepeatUnit(
        mass_g_cm2=mass,
        thickness_um=thick,
        areal_capacity_mah_cm2=delivered,
        voltage_v=volt,
        anode_layer_g_cm2=m_a + added["anode"],
        separator_g_cm2=m_s + added["separator"],
        positive_foil_g_cm2=2 * m_pos,
        negative_foil_g_cm2=2 * m_neg,
        liquid_density_g_cm3=i.liquid_density_g_cm3 if i.liquid_mode is not None else 0.0,
    )
    return values, masses, thicknesses, unit


def _transport(i: Inputs) -> dict[str, Any]:
    """Layer conductivities and resistances over the operating range (sigma, t / sigma, R = dV/I).

    A porous separator soaked in liquid conducts by Bruggeman from its porosity, so a varied
    porosity or thickness moves its resistance on both paths alike.
    """
    out: dict[str, Any] = {}
    zero = 0.0 * i.separator_thickness_um
    if not _is_nan(i.separator_conductivity_ms_cm):
        sigma, ea = i.separator_conductivity_ms_cm + zero, i.separator_activation_energy_ev
    elif i.liquid_mode is not None and not _is_nan(i.liquid_conductivity_ms_cm):
        porosity = i.separator_porosity_pct * PCT
        sigma = transport.bruggeman(i.liquid_conductivity_ms_cm, porosity) + zero
        sigma = _positive_or_nan(sigma)
        ea = i.liquid_activation_energy_ev
    else:
        sigma, ea = None, math.nan
    if sigma is not None:
        out["separator_conductivity_ms_cm"] = sigma
        out["separator_asr_ohm_cm2"] = transport.asr(i.separator_thickness_um, sigma)
        cold = _cold(sigma, ea, i.separator_conductivity_60c_ms_cm, i.min_temperature_c)
        if cold is not None:
            out["separator_conductivity_min_temp_ms_cm"] = cold
            out["separator_asr_min_temp_ohm_cm2"] = transport.asr(i.separator_thickness_um, cold)
        if not _is_nan(ea):
            out["separator_conductivity_max_temp_ms_cm"] = transport.arrhenius(
                sigma, ea, i.max_temperature_c
            )
    if not _is_nan(i.catholyte_conductivity_ms_cm):
        sigma_cl = i.catholyte_conductivity_ms_cm + zero
        out["catholyte_conductivity_ms_cm"] = sigma_cl
        cold_cl = _cold(
            sigma_cl,
            i.catholyte_activation_energy_ev,
            i.catholyte_conductivity_60c_ms_cm,
            i.min_temperature_c,
        )
        if cold_cl is not None:
            out["catholyte_conductivity_min_temp_ms_cm"] = cold_cl
    if not _is_nan(i.interface_delta_v_v):
        out["interface_resistance_ohm"] = (
            transport.interface_resistance(i.interface_delta_v_v, i.interface_current_ma) + zero
        )
        out["interface_asr_ohm_cm2"] = (
            transport.interface_asr(
                i.interface_delta_v_v, i.interface_current_ma, i.interface_area_cm2
            )
            + zero
        )
    out["min_temperature_c"] = i.min_temperature_c + zero
    out["max_temperature_c"] = i.max_temperature_c + zero
    return out


def _cold(sigma: Any, ea: Any, sigma_60c: Any, temperature_c: Any) -> Any:
    """Conductivity at the coldest operating temperature: Arrhenius from 25 C when an activation
    energy is known; else, for a polymer above its melt, its 60 C value where the cell never runs
    colder than 60 C (no Arrhenius across the melt); else unknown (None)."""
    if not _is_nan(ea):
        return transport.arrhenius(sigma, ea, temperature_c)
    if _is_nan(sigma_60c):
        return None
    if isinstance(temperature_c, float | int):
        return sigma_60c if temperature_c >= 60.0 else None
    import numpy as np

    return np.where(temperature_c >= 60.0, sigma_60c, np.nan)


def _cathode_ionic(values: dict[str, Any]) -> dict[str, Any]:
    """The composite cathode's through-thickness ionic resistance at the coldest temperature:
    its thickness over the catholyte network's effective conductivity (Bruggeman on the
    catholyte's volume share), an upper bound on what the deepest particles see."""
    cold = values.get("catholyte_conductivity_min_temp_ms_cm")
    share = values.get("catholyte_vol_pct")
    if cold is None or share is None:
        return {}
    effective = _positive_or_nan(transport.bruggeman(cold, share * PCT))
    return {
        "cathode_ionic_asr_min_temp_ohm_cm2": transport.asr(
            values["cathode_thickness_um"], effective
        )
    }


def _where_positive(share: Any, value: Any) -> Any:
    """`value` where the share is positive, else 0 (an absent component has no volume)."""
    if isinstance(share, float | int):
        return value if share > 0 else 0.0
    import numpy as np

    with np.errstate(invalid="ignore"):
        return np.where(share > 0, value, 0.0)


def _used_share(n_p: Any) -> Any:
    """Share of the anode's capacity a full charge lithiates: 1 / (N/P), at most 1."""
    if isinstance(n_p, float | int):
        return 1.0 / n_p if n_p > 1.0 else 1.0
    import numpy as np

    return 1.0 / np.maximum(n_p, 1.0)


def _clip_positive(x: Any) -> Any:
    if isinstance(x, float | int):
        return max(x, 0.0)
    import numpy as np

    return np.maximum(x, 0.0)


def _positive_or_nan(x: Any) -> Any:
    """A conductivity of zero (a separator without pores) is no conductivity at all."""
    if isinstance(x, float | int):
        return x if x > 0 else math.nan
    import numpy as np

    return np.where(x > 0, x, np.nan)
