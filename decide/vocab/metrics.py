"""The metric registry: every metric the cell model produces, with its level and meaning.

The cell model, the rule fact registry, screening, reports and the docs all read this table; a
metric that is not here cannot be produced, read by a rule or shown (tests check both ways).
Units come from the key's suffix (`decide.vocab.units`).
"""

from __future__ import annotations

from dataclasses import dataclass

from decide.vocab.units import pretty_unit, text_unit

LEVELS: tuple[str, ...] = ("material", "electrode", "stack", "cell")


@dataclass(frozen=True)
class Metric:
    """One metric key: level (material, electrode, stack, cell), a short label and its meaning."""

    key: str
    level: str
    label: str
    meaning: str
    numeric: bool = True

    @property
    def unit(self) -> str:
        """Plain-text unit ('' when dimensionless)."""
        return text_unit(self.key) if self.numeric else ""

    @property
    def pretty_unit(self) -> str:
        """Typeset unit for reports."""
        return pretty_unit(self.key) if self.numeric else ""


def _m(key: str, level: str, label: str, meaning: str, numeric: bool = True) -> Metric:
    return Metric(key, level, label, meaning, numeric)


_ALL = (
    # material level
    _m(
        "theoretical_specific_energy_limit_wh_per_kg",
        "material",
        "Theoretical specific energy limit",
        "voltage x theoretical capacity of the active materials alone",
    ),
    _m(
        "separator_conductivity_ms_cm",
        "material",
        "Separator conductivity, 25 °C",
        "ionic conductivity of the separator layer at 25 C (Bruggeman for a liquid-filled one)",
    ),
    _m(
        "separator_conductivity_min_temp_ms_cm",
        "material",
        "Separator conductivity, coldest",
        "separator conductivity at the lowest operating temperature (Arrhenius)",
    ),
    _m(
        "separator_conductivity_max_temp_ms_cm",
        "material",
        "Separator conductivity, hottest",
        "separator conductivity at the highest operating temperature (Arrhenius)",
    ),
    _m(
        "catholyte_conductivity_ms_cm",
        "material",
        "Catholyte conductivity, 25 °C",
        "ionic conductivity of the catholyte at 25 C",
    ),
    _m(
        "catholyte_conductivity_min_temp_ms_cm",
        "material",
        "Catholyte conductivity, coldest",
        "catholyte conductivity at the lowest operating temperature (Arrhenius)",
    ),
    # electrode level
    _m(
        "areal_capacity_mah_per_cm2",
        "electrode",
        "Areal capacity",
        "cathode areal capacity: the cell's capacity per electrode area",
    ),
    _m(
        "cathode_loading_mg_per_cm2",
        "electrode",
        "Cathode loading",
        "active cathode material per electrode area",
    ),
    _m("cathode_thickness_um", "electrode", "Cathode thickness", "composite cathode thickness"),
    _m(
        "cathode_porosity_pct",
        "electrode",
        "Cathode porosity",
        "pore volume share of the composite cathode (given, or from its dry density)",
    ),
    _m(
        "catholyte_vol_pct",
        "electrode",
        "Catholyte volume share",
        "solid-electrolyte volume share of the composite cathode, pores included",
    ),
    _m(
        "cathode_density_g_cm3",
        "electrode",
        "Cathode density",
        "as-built composite cathode density, including any liquid in its pores",
    ),
    _m(
        "cathode_upper_cutoff_v",
        "electrode",
        "Upper cut-off voltage",
        "the cathode's upper cut-off (design value, else the material's usual one)",
    ),
    _m("n_p_ratio", "electrode", "N/P ratio", "negative / positive areal capacity"),
    _m("anode_thickness_um", "electrode", "Anode thickness", "anode layer thickness as built"),
    _m(
        "anode_class",
        "electrode",
        "Anode class",
        "graphite, low-si, high-si, lithium-metal or anode-free",
        numeric=False,
    ),
    _m("silicon_wt_pct", "electrode", "Silicon share", "silicon mass share of the anode active"),
    _m(
        "lithium_reservoir_um",
        "electrode",
        "Lithium reservoir",
        "lithium foil thickness as built (0 for anode-free)",
    ),
    _m(
        "lithium_excess_um",
        "electrode",
        "Lithium excess",
        "lithium beyond what the cathode needs: the whole foil with a lithiated cathode, the "
        "foil less the cathode's uptake with an unlithiated one (negative: not enough lithium)",
    ),
    _m(
        "anode_expansion_um",
        "electrode",
        "Anode swelling",
        "charged-state growth of a composite anode: particle volume expansion beyond its pores "
        "(an upper bound)",
    ),
    _m(
        "plated_lithium_um",
        "electrode",
        "Plated lithium",
        "lithium plated on the anode side at full charge",
    ),
    _m(
        "interface_resistance_ohm",
        "electrode",
        "Interface resistance",
        "R = dV / I from the declared interface test",
    ),
    _m(
        "interface_asr_ohm_cm2",
        "electrode",
        "Interface ASR",
        "area-specific interface resistance R x A from the declared test",
    ),
    # stack level
    _m(
        "nominal_voltage_v",
        "stack",
        "Nominal voltage",
        "cathode average voltage minus anode average voltage, unless overridden",
    ),
    _m("separator_thickness_um", "stack", "Separator thickness", "separator layer thickness"),
    _m(
        "separator_asr_ohm_cm2",
        "stack",
        "Separator ASR, 25 °C",
        "area-specific resistance of the separator layer at 25 C: t / sigma",
    ),
    _m(
        "separator_asr_min_temp_ohm_cm2",
        "stack",
        "Separator ASR, coldest",
        "separator area-specific resistance at the lowest operating temperature",
    ),
    _m(
        "stack_specific_energy_wh_per_kg",
        "stack",
        "Stack specific energy",
        "energy / mass of one repeat unit",
    ),
    _m(
        "stack_energy_density_wh_per_l",
        "stack",
        "Stack energy density",
        "energy / charged-state thickness of one repeat unit",
    ),
    _m("stack_mass_g_per_cm2", "stack", "Repeat-unit mass", "mass of one repeat unit per area"),
    _m(
        "stack_thickness_um",
        "stack",
        "Repeat-unit thickness",
        "charged-state thickness of one repeat unit",
    ),
    _m("energy_mwh_per_cm2", "stack", "Areal energy", "areal capacity x nominal voltage"),
    _m(
        "liquid_electrolyte_wt_pct",
        "stack",
        "Liquid share",
        "liquid electrolyte as % of stack mass (0 for all-solid-state)",
    ),
    _m(
        "electrolyte_mass_kg_per_kwh",
        "stack",
        "Solid electrolyte per kWh",
        "mass of solid electrolyte per kWh of cell energy",
    ),
    # cell level
    _m(
        "cell_specific_energy_wh_per_kg",
        "cell",
        "Cell specific energy",
        "stack specific energy with the cell's packaging mass share removed",
    ),
    _m(
        "cell_energy_density_wh_per_l",
        "cell",
        "Cell energy density",
        "stack energy density with the cell's packaging volume share removed",
    ),
    _m(
        "electrolyte_class",
        "cell",
        "Electrolyte class",
        "liquid, hybrid-solid-liquid or all-solid-state",
        numeric=False,
    ),
    _m(
        "cell_cost_usd_per_kwh",
        "cell",
        "Cell cost",
        "materials plus manufacturing cost in the production year",
    ),
    _m("materials_cost_usd_per_kwh", "cell", "Materials cost", "materials cost per kWh"),
    _m(
        "manufacturing_cost_usd_per_kwh",
        "cell",
        "Manufacturing cost",
        "cell manufacturing (conversion) cost per kWh",
    ),
    _m(
        "electrolyte_cost_usd_per_kwh",
        "cell",
        "Solid electrolyte cost",
        "cost of the solid electrolyte per kWh",
    ),
    _m(
        "cost_target_usd_per_kwh",
        "cell",
        "Cost target",
        "the solid-state cell cost projection the break-even price is computed against",
    ),
    _m(
        "breakeven_electrolyte_price_usd_per_kg",
        "cell",
        "Break-even electrolyte price",
        "solid electrolyte price at which the cell meets the cost target",
    ),
    _m(
        "packaging_mass_pct",
        "cell",
        "Packaging mass share",
        "share of cell mass outside the stack (the design's, else the format model's)",
    ),
    _m(
        "packaging_volume_pct",
        "cell",
        "Packaging volume share",
        "share of cell volume outside the stack (the design's, else the format model's)",
    ),
    _m("cell_capacity_ah", "cell", "Cell capacity", "capacity of the whole cell"),
    _m("cell_energy_wh", "cell", "Cell energy", "cell capacity x nominal voltage"),
    _m("cell_mass_g", "cell", "Cell mass", "mass of the whole cell"),
    _m("cell_volume_ml", "cell", "Cell volume", "outer volume of the whole cell"),
    _m(
        "cell_repeat_units",
        "cell",
        "Repeat units",
        "number of repeat units (cathode coatings facing an anode) in the cell",
    ),
    _m("cell_length_mm", "cell", "Cell length", "outer length, terminals' end zones included"),
    _m("cell_width_mm", "cell", "Cell width", "outer width of a pouch or prismatic cell"),
    _m("cell_thickness_mm", "cell", "Cell thickness", "outer thickness, charged"),
    _m("cell_diameter_mm", "cell", "Cell diameter", "outer diameter of a cylindrical cell"),
    _m("cell_height_mm", "cell", "Cell height", "outer height of a cylindrical cell"),
    _m(
        "min_temperature_c",
        "cell",
        "Lowest operating temperature",
        "the design's (else its application's) lowest operating temperature",
    ),
    _m(
        "max_temperature_c",
        "cell",
        "Highest operating temperature",
        "the design's (else its application's) highest operating temperature",
    ),
)

METRICS: dict[str, Metric] = {m.key: m for m in _ALL}
METRIC_KEYS: tuple[str, ...] = tuple(METRICS)
NUMERIC_METRICS: tuple[str, ...] = tuple(m.key for m in _ALL if m.numeric)
# The headline numbers: screening keeps them per candidate, reports lead with them.
KEY_METRICS: tuple[str, ...] = (
    "cell_specific_energy_wh_per_kg",
    "cell_energy_density_wh_per_l",
    "cell_cost_usd_per_kwh",
    "stack_specific_energy_wh_per_kg",
    "stack_energy_density_wh_per_l",
    "areal_capacity_mah_per_cm2",
    "nominal_voltage_v",
    "n_p_ratio",
    "cathode_thickness_um",
    "liquid_electrolyte_wt_pct",
)
ENERGY = "cell_specific_energy_wh_per_kg"
DENSITY = "cell_energy_density_wh_per_l"
COST = "cell_cost_usd_per_kwh"


def level_of(key: str) -> str:
    """The level a metric is computed at."""
    return METRICS[key].level


def label_of(key: str) -> str:
    """A short human label of a metric key (the key itself when unknown)."""
    metric = METRICS.get(key)
    return metric.label if metric else key
