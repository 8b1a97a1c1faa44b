"""The format model: from one repeat unit to a whole cell (capacity, mass, size, packaging shares).

Geometry follows the open models the knowledge base cites, paraphrased here, never copied:
- pouch: Argonne's BatPaC v5.0 stacked pouch. Repeat units of the positive electrode's area, a
  negative electrode and separator larger by an overhang, one extra negative foil closing the
  stack, collector tabs and terminals in an end zone that grows with cell thickness, a PET/Al/PP
  laminate formed around the stack and sealed, and liquid beyond the pores for liquid cells.
- cylindrical: M. J. Lacey's cellmodels. A jelly roll (two repeat units per winding) wound as an
  Archimedean spiral from a central void to the can wall; a steel can with two end discs plus
  hardware.
The stack share of the cell is what the CONTRACT's packaging shares remove: a format model that
derives them keeps `cell = stack x (1 - packaging share)` exact.

Pure arithmetic on floats or numpy arrays (the repeat-unit figures vary across a sweep).
Units: lengths in cm inside, mm and um at the edges; masses g; capacity Ah.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

MM = 0.1  # cm per mm
EXCESS_LIQUID = "excess_liquid_g"  # liquid outside the stack (an input to the cell's liquid share)
UM = 1e-4  # cm per um


@dataclass(frozen=True)
class FormatInputs:
    """A format's housing parameters (knowledge base, overridden by the design) and cell size."""

    geometry: str | None  # pouch | cylindrical | prismatic | None (no format model)
    params: dict[str, float] = field(default_factory=dict)
    densities: dict[str, float] = field(default_factory=dict)  # can, terminals (g/cm3)
    repeat_units: float = math.nan  # given count, or NaN: from the target thickness


@dataclass(frozen=True)
class RepeatUnit:
    """The figures of one repeat unit the format model needs (per cm2, floats or arrays)."""

    mass_g_cm2: Any
    thickness_um: Any
    areal_capacity_mah_cm2: Any
    voltage_v: Any
    anode_layer_g_cm2: Any  # anode coating with its pore liquid
    separator_g_cm2: Any  # separator with its pore liquid
    positive_foil_g_cm2: Any  # a whole foil
    negative_foil_g_cm2: Any
    liquid_density_g_cm3: Any  # 0 for an all-solid cell


def _round(x: Any) -> Any:
    if isinstance(x, float | int):
        return float(max(1, round(x)))
    import numpy as np

    return np.maximum(1.0, np.round(x))


def _sqrt(x: Any) -> Any:
    if isinstance(x, float | int):
        return math.sqrt(x)
    import numpy as np

    return np.sqrt(x)


def pouch(f: FormatInputs, ru: RepeatUnit) -> dict[str, Any]:
    """Capacity, energy, mass, size and packaging shares of a stacked pouch cell."""
    p = f.params
    width, length = p["electrode_width_mm"] * MM, p["electrode_length_mm"] * MM
    overhang = p["negative_overhang_mm"] * MM
    laminate = p["laminate_thickness_um"] * UM
    packing = p["packing_pct"] / 100.0
    t_ru = ru.thickness_um * UM
    n = f.repeat_units
    if n != n:  # whole bi-cells (two repeat units) filling the target thickness
        inside = p["cell_thickness_mm"] * MM - 2 * laminate
        n = 2.0 * _round(packing * inside / (2.0 * t_ru))
    n = n + 0.0 * t_ru
    thickness = n * t_ru / packing + 2 * laminate
    area = width * length
    area_neg = (width + overhang) * (length + overhang)
    zone = (p["weld_tab_mm"] + p["feedthrough_mm"]) * MM + p["internal_tab_factor"] * thickness
    tab = p["internal_tab_factor"] * thickness  # collector tabs reach through the end zone
    cell_length = length + 2 * zone
    cell_width = width + overhang + 2 * p["edge_margin_mm"] * MM
    volume = cell_length * cell_width * thickness

    stack = n * area * ru.mass_g_cm2
    overhang_mass = (
        n
        * (area_neg - area)
        * (ru.anode_layer_g_cm2 + ru.separator_g_cm2 + ru.negative_foil_g_cm2 / 2)
    )
    foils = (
        n / 2 * width * tab * ru.positive_foil_g_cm2
        + (n / 2 + 1) * (width + overhang) * tab * ru.negative_foil_g_cm2
        + area_neg * ru.negative_foil_g_cm2  # the foil closing the stack
    )
    seal = p["sealing_margin_mm"] * MM
    weld = p["weld_tab_mm"] * MM
    sheets = (cell_length - 2 * weld) * ((cell_width + 2 * thickness + seal) + (cell_width + seal))
    container = sheets * laminate * p["laminate_density_g_cm3"]
    outside = (p["weld_tab_mm"] + p["feedthrough_mm"]) * MM * p["terminal_width_mm"] * MM
    buffer = 2 * p["tab_buffer_mm"] * MM
    terminals = p["positive_terminal_thickness_mm"] * MM * f.densities["positive_terminal"] * (
        outside + tab * (width - buffer)
    ) + p["negative_terminal_thickness_mm"] * MM * f.densities["negative_terminal"] * (
        outside + tab * (width + overhang - buffer)
    )
    excess = p["electrolyte_excess_pct"] / 100.0 * thickness * area * ru.liquid_density_g_cm3
    mass = stack + overhang_mass + foils + container + terminals + excess
    return _cell(n, area, ru, stack, mass, n * area * t_ru, volume) | {
        EXCESS_LIQUID: excess,
        "cell_length_mm": cell_length / MM,
        "cell_width_mm": cell_width / MM,
        "cell_thickness_mm": thickness / MM,
    }


def cylindrical(f: FormatInputs, ru: RepeatUnit) -> dict[str, Any]:
    """Capacity, energy, mass, size and packaging shares of a wound cylindrical cell."""
    p = f.params
    diameter, height = p["can_diameter_mm"] * MM, p["can_height_mm"] * MM
    wall = p["can_wall_thickness_mm"] * MM
    winding = 2 * ru.thickness_um * UM  # one winding layer holds two repeat units
    r_in = p["mandrel_diameter_mm"] * MM / 2
    r_out = diameter / 2 - wall
    turns = (r_out - r_in - winding / 2) / winding
    # Archimedean spiral r = r_in + winding * theta / 2 pi: exact arc length over `turns` turns
    theta = 2 * math.pi * turns
    a = winding / (2 * math.pi)
    length = _spiral(a, r_in, theta)
    roll_height = height - p["headspace_mm"] * MM - 2 * wall
    area = 2 * length * roll_height  # both faces of the wound electrodes
    volume = math.pi * (diameter / 2) ** 2 * height
    steel = (
        math.pi * ((diameter / 2) ** 2 - (diameter / 2 - wall) ** 2) * height
        + 2 * math.pi * (diameter / 2) ** 2 * wall
    )
    can = steel * f.densities["can"] + p["hardware_mass_g"]
    stack = area * ru.mass_g_cm2
    n = area / area  # one wound electrode pair
    out = _cell(n, area, ru, stack, stack + can, area * ru.thickness_um * UM, volume + 0.0 * stack)
    out["cell_repeat_units"] = 2 * turns
    return out | {"cell_diameter_mm": diameter / MM + 0.0 * stack, "cell_height_mm": height / MM}


def _spiral(a: Any, r0: float, theta: Any) -> Any:
    """Arc length of r = r0 + a t for t in [0, theta] (closed form of the integral)."""

    def primitive(r: Any) -> Any:
        root = _sqrt(r * r + a * a)
        return (r * root + a * a * _log(r + root)) / (2 * a)

    return primitive(r0 + a * theta) - primitive(r0 + 0.0 * a)


def _log(x: Any) -> Any:
    if isinstance(x, float | int):
        return math.log(x)
    import numpy as np

    return np.log(x)


def _cell(
    n: Any, area: Any, ru: RepeatUnit, stack: Any, mass: Any, stack_volume: Any, volume: Any
) -> dict[str, Any]:
    capacity = n * area * ru.areal_capacity_mah_cm2 / 1000.0
    return {
        "cell_repeat_units": n,
        "cell_capacity_ah": capacity,
        "cell_energy_wh": capacity * ru.voltage_v,
        "cell_mass_g": mass,
        "cell_volume_ml": volume,
        "packaging_mass_pct": (mass - stack) / mass * 100.0,
        "packaging_volume_pct": (volume - stack_volume) / volume * 100.0,
    }


MODELS = {"pouch": pouch, "cylindrical": cylindrical}

# The parameters each model reads (a format entry missing one cannot run the model).
PARAMETERS: dict[str, tuple[str, ...]] = {
    "pouch": (
        "electrode_width_mm",
        "electrode_length_mm",
        "negative_overhang_mm",
        "laminate_thickness_um",
        "laminate_density_g_cm3",
        "packing_pct",
        "cell_thickness_mm",
        "weld_tab_mm",
        "feedthrough_mm",
        "internal_tab_factor",
        "edge_margin_mm",
        "sealing_margin_mm",
        "terminal_width_mm",
        "tab_buffer_mm",
        "positive_terminal_thickness_mm",
        "negative_terminal_thickness_mm",
        "electrolyte_excess_pct",
    ),
    "cylindrical": (
        "can_diameter_mm",
        "can_height_mm",
        "can_wall_thickness_mm",
        "mandrel_diameter_mm",
        "headspace_mm",
        "hardware_mass_g",
    ),
}
DENSITIES: dict[str, tuple[str, ...]] = {
    "pouch": ("positive_terminal", "negative_terminal"),
    "cylindrical": ("can",),
}
