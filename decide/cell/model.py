"""The cell model: per unit electrode area, CONTRACT section 4 conventions.

Pure arithmetic over `Inputs`, so the same code runs on floats (one design) and on numpy arrays
(a screening sweep). Branches depend only on categorical choices, never on numeric values.
Units: thickness um, density g/cm3, areal mass g/cm2, capacity mAh/cm2, energy mWh/cm2
(mWh/g = Wh/kg and mWh/cm3 = Wh/L).
"""

from __future__ import annotations

import math
from typing import Any

from decide.cell.inputs import Inputs

UM = 1e-4  # cm per um


def _share(w: Any, rho: Any) -> Any:
    """Volume per gram of a composite component; an absent component (nan density) adds none."""
    if isinstance(rho, float) and math.isnan(rho):
        return 0.0 * w
    return w / rho


def solids_density(f: Any, w: Any, rho_am: Any, rho_el: Any, rho_add: Any) -> Any:
    """Pore-free density of active + electrolyte + rest (binder/carbon) by mass fractions."""
    rest = 1.0 - f - w
    return 1.0 / (_share(f, rho_am) + _share(w, rho_el) + _share(rest, rho_add))


def _electrode(
    dense: bool, rho_over: Any, f: Any, w: Any, rho_am: Any, rho_el: Any, rho_add: Any, p: Any
) -> tuple[Any, Any]:
    """(solid layer density without added liquid, active mass per volume) of a composite."""
    if dense:
        return rho_over, rho_over * f
    rho_dry = solids_density(f, w, rho_am, rho_el, rho_add) * (1.0 - p)
    return rho_dry, rho_dry * f


def evaluate(i: Inputs) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Return (values, mass breakdown g/cm2, thickness breakdown um) of one repeat unit."""
    pores = i.liquid_mode == "pores"
    # cathode: size -> thickness, areal capacity, loading
    c_rho, c_act = _electrode(
        i.cathode_dense, i.c_rho, i.c_f, i.c_w_cl, i.c_rho_am, i.c_rho_cl, i.c_rho_add, i.c_p
    )
    per_um = c_act * UM * i.c_cap  # mAh/cm2 per um
    if i.cathode_size == "thickness":
        t_c = i.c_size
    elif i.cathode_size == "areal":
        t_c = i.c_size / per_um
    else:
        t_c = i.c_size / (c_act * UM * 1000.0)
    areal = t_c * per_um
    loading = t_c * UM * c_act * 1000.0

    # anode
    if i.anode_kind == "anode-free":
        t_a = 0.0 * areal
        n_p = 0.0 * areal
        m_a = 0.0 * areal
        a_rho = 0.0
        a_parts = {"anode": m_a}
    elif i.anode_kind == "lithium-metal":
        if i.anode_size == "thickness":
            t_a = i.a_size + 0.0 * areal
            n_p = t_a * UM * i.li_volcap / areal
        else:
            n_p = i.a_size + 0.0 * areal
            t_a = n_p * areal / i.li_volcap / UM
        m_a = t_a * UM * i.li_rho
        a_rho = i.li_rho
        a_parts = {"anode": m_a}
    else:
        a_rho, a_act = _electrode(
            i.anode_dense, i.a_rho, i.a_f, i.a_w_el, i.a_rho_am, i.a_rho_el, i.a_rho_add, i.a_p
        )
        a_per_um = a_act * UM * i.a_cap
        if i.anode_size == "thickness":
            t_a = i.a_size + 0.0 * areal
            n_p = t_a * a_per_um / areal
        else:
            n_p = i.a_size + 0.0 * areal
            t_a = n_p * areal / a_per_um
        m_a = t_a * UM * a_rho
        a_parts = {
            "anode": t_a * UM * a_act,
            "anolyte": t_a * UM * a_rho * i.a_w_el,
            "anode_additive": t_a * UM * a_rho * (1.0 - i.a_f - i.a_w_el),
        }
    plated = 0.0 * areal
    if i.anode_kind in ("lithium-metal", "anode-free"):
        plated = areal / i.li_volcap / UM

    # other layers
    m_c = t_c * UM * c_rho
    s_rho = i.s_rho if i.separator_dense else i.s_rho * (1.0 - i.s_p)
    m_s = i.s_t * UM * s_rho
    m_il = i.il_t * UM * i.il_rho
    m_pos = i.cc_pos_t / 2 * UM * i.cc_pos_rho
    m_neg = i.cc_neg_t / 2 * UM * i.cc_neg_rho
    composite_anode = i.anode_kind == "composite"

    # liquid: in the pores of each layer (reported), added where the density is not as-built
    liq_in = {
        "cathode": t_c * UM * i.c_p * i.liq_rho,
        "separator": i.s_t * UM * i.s_p * i.liq_rho,
        "anode": (t_a * UM * i.a_p * i.liq_rho) if composite_anode else 0.0 * areal,
    }
    dense = {
        "cathode": i.cathode_dense,
        "separator": i.separator_dense,
        "anode": i.anode_dense or not composite_anode,
    }
    solids = m_c + m_s + m_a + m_il + m_pos + m_neg
    if pores:
        m_liq = sum(v for k, v in liq_in.items() if not dense[k])
        liquid_total = sum(liq_in.values())
    elif i.liquid_mode == "share":
        m_liq = i.liq_wt / (100.0 - i.liq_wt) * solids
        liquid_total = m_liq
    else:
        m_liq = 0.0 * areal
        liquid_total = 0.0 * areal
    mass = solids + m_liq

    volt = i.c_v - i.a_v
    if not (isinstance(i.v_override, float) and math.isnan(i.v_override)):
        volt = i.v_override + 0.0 * volt
    energy = areal * volt
    thick = t_c + i.s_t + t_a + i.il_t + i.cc_pos_t / 2 + i.cc_neg_t / 2 + plated
    stack_se = energy / mass
    stack_ed = energy / (thick * UM)

    if composite_anode:
        limit = volt / (1.0 / i.c_cap_theo + 1.0 / i.a_cap_theo)
    else:
        limit = volt * i.c_cap_theo
    values = {
        "areal_capacity_mah_per_cm2": areal,
        "cathode_loading_mg_per_cm2": loading,
        "cathode_thickness_um": t_c,
        "cathode_density_g_cm3": c_rho
        + (i.c_p * i.liq_rho if pores and not i.cathode_dense else 0.0),
        "nominal_voltage_v": volt,
        "n_p_ratio": n_p,
        "anode_thickness_um": t_a,
        "plated_lithium_um": plated,
        "separator_thickness_um": i.s_t + 0.0 * areal,
        "stack_specific_energy_wh_per_kg": stack_se,
        "stack_energy_density_wh_per_l": stack_ed,
        "cell_specific_energy_wh_per_kg": stack_se * (1.0 - i.pkg_m / 100.0),
        "cell_energy_density_wh_per_l": stack_ed * (1.0 - i.pkg_v / 100.0),
        "liquid_electrolyte_wt_pct": liquid_total / mass * 100.0,
        "stack_mass_g_per_cm2": mass,
        "stack_thickness_um": thick,
        "energy_mwh_per_cm2": energy,
        "theoretical_specific_energy_limit_wh_per_kg": limit,
        "silicon_wt_pct": i.silicon_pct + 0.0 * areal,
    }
    if i.anode_kind == "lithium-metal":
        values["lithium_reservoir_um"] = t_a
    elif i.anode_kind == "anode-free":
        values["lithium_reservoir_um"] = 0.0 * areal
    c_solid_rho = c_rho
    masses = {
        "cathode_active": t_c * UM * c_act,
        "catholyte": t_c * UM * c_solid_rho * i.c_w_cl,
        "cathode_additive": t_c * UM * c_solid_rho * (1.0 - i.c_f - i.c_w_cl),
        "separator": m_s,
        **a_parts,
        "interlayer": m_il,
        "positive_collector": m_pos,
        "negative_collector": m_neg,
        "liquid_electrolyte": m_liq,
    }
    thicknesses = {
        "cathode": t_c,
        "separator": i.s_t + 0.0 * areal,
        "anode": t_a,
        "plated_lithium": plated,
        "interlayer": i.il_t + 0.0 * areal,
        "positive_collector": i.cc_pos_t / 2 + 0.0 * areal,
        "negative_collector": i.cc_neg_t / 2 + 0.0 * areal,
    }
    return values, masses, thicknesses
