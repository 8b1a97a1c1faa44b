"""The one unit table: a field or metric name ends in its unit (`thickness_um`), as in PyBaMM.

Each suffix maps to the pint spelling used to convert a user's '30 um'-style string, a plain-text
form for the terminal, a typeset form for reports and the dimension named in error messages.
Longest suffix wins (`_mah_per_cm2` before `_cm2`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Unit:
    """How one unit is converted and shown."""

    pint: str | None  # None: shown only, never converted from user text
    text: str  # plain ASCII, for the terminal
    pretty: str  # typeset, for reports
    dimension: str  # 'a length', for error messages


def _u(pint: str | None, text: str, pretty: str | None = None, dimension: str = "") -> Unit:
    return Unit(pint, text, pretty if pretty is not None else text, dimension or "a quantity")


UNITS: dict[str, Unit] = {
    # lengths
    "_um": _u("micrometer", "um", "µm", "a length"),
    "_nm": _u("nanometer", "nm", "nm", "a length"),
    "_mm": _u("millimeter", "mm", "mm", "a length"),
    # shares
    "_pct": _u("percent", "%", "%", "a percentage"),
    "_wt_pct": _u("percent", "wt%", "wt%", "a percentage"),
    "_vol_pct": _u("percent", "vol%", "vol%", "a percentage"),
    # capacities and loadings
    "_mah_cm2": _u("mA*h/cm^2", "mAh/cm2", "mAh/cm²", "a capacity per area"),
    "_mah_per_cm2": _u("mA*h/cm^2", "mAh/cm2", "mAh/cm²", "a capacity per area"),
    "_mah_cm3": _u("mA*h/cm^3", "mAh/cm3", "mAh/cm³", "a capacity per volume"),
    "_mah_g": _u("mA*h/g", "mAh/g", "mAh/g", "a capacity per mass"),
    "_mg_cm2": _u("mg/cm^2", "mg/cm2", "mg/cm²", "a mass per area"),
    "_mg_per_cm2": _u("mg/cm^2", "mg/cm2", "mg/cm²", "a mass per area"),
    "_g_per_cm2": _u("g/cm^2", "g/cm2", "g/cm²", "a mass per area"),
    "_g_cm3": _u("g/cm^3", "g/cm3", "g/cm³", "a density"),
    "_ml_per_ah": _u("mL/(A*h)", "mL/Ah", "mL/Ah", "a volume per capacity"),
    "_g_per_ah": _u("g/(A*h)", "g/Ah", "g/Ah", "a mass per capacity"),
    "_ah": _u("A*h", "Ah", "Ah", "a capacity"),
    "_wh": _u("W*h", "Wh", "Wh", "an energy"),
    "_g": _u("g", "g", "g", "a mass"),
    "_ml": _u("mL", "mL", "mL", "a volume"),
    # electrical
    "_v": _u("volt", "V", "V", "a voltage"),
    "_ma": _u("mA", "mA", "mA", "a current"),
    "_ma_cm2": _u("mA/cm^2", "mA/cm2", "mA/cm²", "a current density"),
    "_ms_cm": _u("mS/cm", "mS/cm", "mS/cm", "a conductivity"),
    "_s_cm": _u("S/cm", "S/cm", "S/cm", "a conductivity"),
    "_ohm": _u("ohm", "ohm", "Ω", "a resistance"),
    "_ohm_cm2": _u("ohm*cm^2", "ohm cm2", "Ω·cm²", "an area-specific resistance"),
    "_ev": _u("eV", "eV", "eV", "an energy"),
    "_per_cm3": _u("1/cm^3", "cm^-3", "cm⁻³", "a number density"),
    "_cm2_per_v_s": _u("cm^2/(V*s)", "cm2/(V s)", "cm²/(V·s)", "a mobility"),
    "_c_rate": _u("1/hour", "C", "C", "a C-rate"),
    # geometry, mechanics, conditions
    "_cm2": _u("cm^2", "cm2", "cm²", "an area"),
    "_mpa": _u("MPa", "MPa", "MPa", "a pressure"),
    "_gpa": _u("GPa", "GPa", "GPa", "a pressure"),
    "_c": _u("degC", "C", "°C", "a temperature"),
    # energy and cost (metrics and prices)
    "_wh_per_kg": _u("W*h/kg", "Wh/kg", "Wh/kg", "a specific energy"),
    "_wh_per_l": _u("W*h/L", "Wh/L", "Wh/L", "an energy density"),
    "_mwh_per_cm2": _u("mW*h/cm^2", "mWh/cm2", "mWh/cm²", "an energy per area"),
    "_kg_per_kwh": _u("kg/(kW*h)", "kg/kWh", "kg/kWh", "a mass per energy"),
    "_usd_per_kg": _u(None, "USD/kg", "USD/kg", "a price per mass"),
    "_usd_per_kwh": _u(None, "USD/kWh", "USD/kWh", "a cost per energy"),
    "_usd_per_m2": _u(None, "USD/m2", "USD/m²", "a price per area"),
    "_gwh": _u("GW*h", "GWh", "GWh", "an energy"),
    # counts and time
    "_cycles": _u(None, "cycles", "cycles", "a number of cycles"),
    "_years": _u(None, "years", "years", "a duration"),
    "_year": _u(None, "", "", "a year"),
}


@lru_cache(maxsize=2048)
def suffix_of(name: str) -> str | None:
    """The longest unit suffix `name` ends in (a bare unit name such as 'usd_per_kg' counts)."""
    padded = "_" + name
    best: str | None = None
    for suffix in UNITS:
        if padded.endswith(suffix) and (best is None or len(suffix) > len(best)):
            best = suffix
    return best


def unit_for(name: str) -> Unit | None:
    """The Unit of a field, property or metric name, or None when it is dimensionless."""
    suffix = suffix_of(name)
    return UNITS[suffix] if suffix else None


def pint_unit(name: str) -> str | None:
    """The pint unit a plain number in field `name` is in (None: unitless)."""
    unit = unit_for(name)
    return unit.pint if unit else None


def text_unit(name: str) -> str:
    """The terminal form of a name's unit ('' when dimensionless)."""
    unit = unit_for(name)
    return unit.text if unit else ""


def pretty_unit(name: str) -> str:
    """The typeset form of a name's unit ('' when dimensionless)."""
    unit = unit_for(name)
    return unit.pretty if unit else ""


def by_pint(pint: str) -> Unit | None:
    """The table row of a pint spelling (for messages about a value in that unit)."""
    for unit in UNITS.values():
        if unit.pint == pint:
            return unit
    return None
