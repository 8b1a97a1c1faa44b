"""The vocabulary of knowledge-base properties: each name carries its unit and physical bounds.

A property name ends in its unit (`density_g_cm3`), as in PyBaMM parameter sets. The bounds catch
typos that are physically absurd (a density of 500 g/cm3), not values that are merely unusual.
"""

from __future__ import annotations

from dataclasses import dataclass

from decide.vocab.units import text_unit


@dataclass(frozen=True)
class PropertySpec:
    """Bounds and meaning of one property name; the unit follows from the name's suffix."""

    name: str
    low: float
    high: float
    meaning: str

    @property
    def unit(self) -> str:
        """Plain-text unit ('-' when dimensionless)."""
        return text_unit(self.name) or "-"


def _p(low: float, high: float, meaning: str) -> tuple[float, float, str]:
    return low, high, meaning


_SPECS: dict[str, tuple[float, float, str]] = {
    # transport
    "ionic_conductivity_ms_cm": _p(0, 1000, "Li+ conductivity at 25 C"),
    "ionic_conductivity_60c_ms_cm": _p(0, 1000, "Li+ conductivity at 60 C"),
    "ionic_conductivity_sintered_ms_cm": _p(
        0, 1000, "Li+ conductivity at 25 C of a sintered or hot-pressed pellet"
    ),
    "electronic_conductivity_s_cm": _p(0, 1e7, "electronic conductivity at 25 C"),
    "activation_energy_ev": _p(0, 2, "Arrhenius activation energy of Li+ conduction"),
    "carrier_density_per_cm3": _p(0, 1e24, "mobile Li+ carrier density n"),
    "mobility_cm2_per_v_s": _p(0, 10, "Li+ mobility mu"),
    "transference_number": _p(0, 1, "Li+ transference number"),
    # stability
    "oxidation_limit_v": _p(0, 7, "thermodynamic anodic (oxidation) limit vs Li/Li+"),
    "reduction_limit_v": _p(0, 7, "thermodynamic cathodic (reduction) limit vs Li/Li+"),
    "practical_oxidation_limit_v": _p(0, 7, "practical (kinetic) oxidation limit vs Li/Li+"),
    "practical_reduction_limit_v": _p(0, 7, "practical (kinetic) reduction limit vs Li/Li+"),
    "critical_current_density_ma_cm2": _p(0, 100, "critical current density vs Li"),
    "area_specific_resistance_ohm_cm2": _p(0, 1e6, "interfacial area-specific resistance"),
    # mechanics and processing
    "density_g_cm3": _p(0.01, 25, "density"),
    "elastic_modulus_gpa": _p(0, 1000, "Young's modulus"),
    "processing_temperature_c": _p(-50, 2000, "synthesis or densification temperature"),
    "min_stack_pressure_mpa": _p(0, 1000, "stack pressure needed in operation"),
    "dew_point_c": _p(-120, 30, "dew point required for handling"),
    "thickness_nm": _p(0, 1e6, "typical layer thickness"),
    "thickness_um": _p(0, 1e4, "typical layer thickness"),
    "porosity_pct": _p(0, 100, "porosity"),
    # electrodes
    "specific_capacity_mah_g": _p(0, 4000, "practical specific capacity"),
    "theoretical_capacity_mah_g": _p(0, 4000, "theoretical specific capacity"),
    "volumetric_capacity_mah_cm3": _p(0, 10000, "volumetric capacity"),
    "average_voltage_v": _p(-1, 6, "average (de)lithiation voltage vs Li/Li+"),
    "upper_cutoff_v": _p(0, 6, "usual upper cut-off voltage vs Li/Li+"),
    "volume_expansion_pct": _p(0, 500, "volume change on full lithiation"),
    "first_cycle_efficiency_pct": _p(0, 100, "first-cycle coulombic efficiency"),
    "coulombic_efficiency_pct": _p(0, 100, "steady-state coulombic efficiency"),
    "silicon_wt_pct": _p(0, 100, "silicon mass share of a Si-C active material"),
    "cycle_life_cycles": _p(0, 1e6, "cycles to end of life"),
    # liquids
    "liquid_density_g_cm3": _p(0.5, 3, "liquid electrolyte density"),
    # economics
    "price_usd_per_kg": _p(0, 1e6, "material price"),
    "price_usd_per_m2": _p(0, 1e5, "price per area (foils, separators)"),
    "li2s_content_wt_pct": _p(0, 100, "Li2S precursor per mass of sulfide electrolyte made"),
    "cathode_cost_share_pct": _p(0, 100, "share of cell cost that is cathode active material"),
    "cost_usd_per_kwh": _p(0, 1e5, "cost per energy"),
    # cell and application level
    "cell_specific_energy_wh_per_kg": _p(0, 2000, "cell specific energy"),
    "cell_energy_density_wh_per_l": _p(0, 3000, "cell energy density"),
    "cell_cost_usd_per_kwh": _p(0, 1e5, "cell cost"),
    # published reference cells (metric keys: the name says the level)
    "stack_specific_energy_wh_per_kg": _p(0, 3000, "stack (repeat-unit) specific energy"),
    "stack_energy_density_wh_per_l": _p(0, 5000, "stack (repeat-unit) energy density"),
    "cell_capacity_ah": _p(0, 1e4, "capacity of the whole cell"),
    "cell_energy_wh": _p(0, 1e5, "energy of the whole cell"),
    "cell_mass_g": _p(0, 1e5, "mass of the whole cell"),
    "stack_mass_g": _p(0, 1e5, "mass of the electrode stack without housing"),
    "nominal_voltage_v": _p(0, 6, "nominal (average discharge) cell voltage"),
    "areal_capacity_mah_per_cm2": _p(0, 100, "cathode areal capacity"),
    "min_operating_temperature_c": _p(-100, 100, "lowest operating temperature"),
    "max_operating_temperature_c": _p(-50, 300, "highest operating temperature"),
    "peak_c_rate": _p(0, 100, "peak discharge or charge rate"),
    "calendar_life_years": _p(0, 100, "calendar life"),
    "liquid_electrolyte_wt_pct": _p(0, 100, "liquid share of cell or stack mass"),
    "weight_loss_pct": _p(0, 100, "mass loss after vacuum drying (solid-state test)"),
    "high_silicon_threshold_wt_pct": _p(0, 100, "Si share above which an anode is high-Si"),
    "year": _p(1990, 2100, "calendar year"),
    # cell formats (housing geometry of the format model)
    "laminate_thickness_um": _p(0, 2000, "pouch laminate (PET/Al/PP) thickness"),
    "laminate_density_g_cm3": _p(0.5, 10, "pouch laminate density"),
    "sealing_margin_mm": _p(0, 100, "width of the pouch sealing region"),
    "edge_margin_mm": _p(0, 50, "pouch edge from the electrode stack to the outside of the fold"),
    "negative_overhang_mm": _p(0, 50, "negative electrode and separator larger than the positive"),
    "weld_tab_mm": _p(0, 100, "external weld tab length of a terminal"),
    "feedthrough_mm": _p(0, 100, "terminal length through the seal"),
    "terminal_width_mm": _p(0, 500, "terminal width"),
    "internal_tab_factor": _p(0, 5, "internal tab zone length per mm of cell thickness"),
    "tab_buffer_mm": _p(0, 50, "gap between collector edge and internal tab edge"),
    "positive_terminal_thickness_mm": _p(0, 20, "positive terminal thickness"),
    "negative_terminal_thickness_mm": _p(0, 20, "negative terminal thickness"),
    "electrolyte_excess_pct": _p(0, 100, "liquid beyond the pores, % of the stack volume"),
    "electrode_width_mm": _p(0, 5000, "positive electrode width"),
    "electrode_length_mm": _p(0, 5000, "positive electrode length"),
    "cell_thickness_mm": _p(0, 500, "target cell thickness"),
    "packing_pct": _p(0, 100, "share of the target thickness filled by the electrode stack"),
    "can_wall_thickness_mm": _p(0, 20, "can wall thickness"),
    "can_diameter_mm": _p(0, 1000, "cylindrical can outer diameter"),
    "can_height_mm": _p(0, 2000, "can outer height"),
    "headspace_mm": _p(0, 100, "can height above the jelly roll (header, insulators)"),
    "mandrel_diameter_mm": _p(0, 100, "diameter of the void at the centre of a winding"),
    "hardware_mass_g": _p(0, 10000, "terminals, vents and other housing parts beyond the can"),
}

# Housing parameters of cell formats: the only properties a design's `cell` block may override.
FORMAT_PROPERTIES: frozenset[str] = frozenset(
    {
        "laminate_thickness_um",
        "laminate_density_g_cm3",
        "sealing_margin_mm",
        "edge_margin_mm",
        "negative_overhang_mm",
        "weld_tab_mm",
        "feedthrough_mm",
        "terminal_width_mm",
        "internal_tab_factor",
        "tab_buffer_mm",
        "positive_terminal_thickness_mm",
        "negative_terminal_thickness_mm",
        "electrolyte_excess_pct",
        "electrode_width_mm",
        "electrode_length_mm",
        "cell_thickness_mm",
        "packing_pct",
        "can_wall_thickness_mm",
        "can_diameter_mm",
        "can_height_mm",
        "headspace_mm",
        "mandrel_diameter_mm",
        "hardware_mass_g",
    }
)

PROPERTIES: dict[str, PropertySpec] = {
    name: PropertySpec(name, low, high, meaning) for name, (low, high, meaning) in _SPECS.items()
}

TRAITS: dict[str, str] = {
    "lithium_metal_stability": "stable | passivating | mixed-conducting | reduced",
    "interphase": "what forms against lithium metal",
    "air_sensitivity": "e.g. h2s-release | hygroscopic | carbonate-formation | stable",
    "processing_route": "how the material is made or densified",
    "toxicity": "handling hazard",
    "flammability": "flammability of the material",
    "protects_against": "failure a coating or interlayer prevents",
    "placement": "where a coating or interlayer sits",
    "anode_class": "graphite | low-si | high-si | lithium-metal | anode-free",
    "cost_note": "qualitative cost position",
    "commercial_status": "lab | pilot | commercial",
    "structure": "crystal structure or morphology",
}

LITHIUM_METAL_STABILITY = {"stable", "passivating", "mixed-conducting", "reduced"}
