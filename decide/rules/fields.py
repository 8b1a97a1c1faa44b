"""The registry of fact names rule conditions may read, so a typo fails at load time."""

from __future__ import annotations

from functools import cache

from decide.rules.facts import DERIVED_FACTS, model_fields

# Metric keys the cell model promises (CONTRACT section 4 plus the extras rules need).
METRIC_KEYS: tuple[str, ...] = (
    "areal_capacity_mah_per_cm2",
    "nominal_voltage_v",
    "n_p_ratio",
    "stack_specific_energy_wh_per_kg",
    "stack_energy_density_wh_per_l",
    "cell_specific_energy_wh_per_kg",
    "cell_energy_density_wh_per_l",
    "cell_cost_usd_per_kwh",
    "liquid_electrolyte_wt_pct",
    "electrolyte_class",
    "cathode_loading_mg_per_cm2",
    "cathode_thickness_um",
    "cathode_upper_cutoff_v",
    "anode_thickness_um",
    "lithium_reservoir_um",
    "separator_thickness_um",
    "separator_conductivity_ms_cm",
    "separator_conductivity_min_temp_ms_cm",
    "separator_conductivity_max_temp_ms_cm",
    "separator_asr_ohm_cm2",
    "separator_asr_min_temp_ohm_cm2",
    "catholyte_conductivity_min_temp_ms_cm",
    "interface_asr_ohm_cm2",
    "interface_resistance_ohm",
    "silicon_wt_pct",
    "anode_class",
    "electrolyte_mass_kg_per_kwh",
    "materials_cost_usd_per_kwh",
    "manufacturing_cost_usd_per_kwh",
    "breakeven_electrolyte_price_usd_per_kg",
    "theoretical_specific_energy_limit_wh_per_kg",
)


@cache
def fact_names() -> frozenset[str]:
    """Design fields, `metrics.<key>` and derived facts."""
    from decide.design import Design

    names = model_fields(Design)
    names |= {f"metrics.{k}" for k in METRIC_KEYS}
    names |= set(DERIVED_FACTS)
    return frozenset(names)
