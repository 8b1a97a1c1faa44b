"""Numbers in design files: plain numbers in the field's unit, or strings with a unit (pint).

The unit registry costs ~0.1-0.5 s to build, so it is built only when a value carries a unit string.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

# Field-name suffix -> the unit a plain number is in (pint spelling). Longest suffix wins.
SUFFIX_UNITS: dict[str, str] = {
    "_um": "micrometer",
    "_nm": "nanometer",
    "_mm": "millimeter",
    "_pct": "percent",
    "_mah_cm2": "mA*h/cm^2",
    "_mah_cm3": "mA*h/cm^3",
    "_mah_g": "mA*h/g",
    "_mg_cm2": "mg/cm^2",
    "_g_cm3": "g/cm^3",
    "_v": "volt",
    "_c": "degC",
    "_mpa": "MPa",
    "_gpa": "GPa",
    "_ma": "mA",
    "_ma_cm2": "mA/cm^2",
    "_cm2": "cm^2",
    "_ms_cm": "mS/cm",
    "_s_cm": "S/cm",
    "_ev": "eV",
    "_ohm_cm2": "ohm*cm^2",
    "_per_cm3": "1/cm^3",
    "_cm2_per_v_s": "cm^2/(V*s)",
}

_NUMBER_UNIT = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")
_POWER = re.compile(r"([A-Za-z])([23])\b")


def unit_of(name: str) -> str | None:
    """The pint unit a plain number in field `name` is in, from its suffix (None: unitless)."""
    best = None
    for suffix, unit in SUFFIX_UNITS.items():
        if name.endswith(suffix) and (best is None or len(suffix) > len(best[0])):
            best = (suffix, unit)
    return best[1] if best else None


@lru_cache(maxsize=1)
def _registry() -> Any:
    import pint

    return pint.UnitRegistry(autoconvert_offset_to_baseunit=True)


def to_number(value: Any, unit: str | None) -> float:
    """Return `value` as a float in `unit`; ValueError with a readable reason otherwise."""
    if isinstance(value, bool) or value is None:
        raise ValueError(f"expected a number, got {value!r}")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        number = _convert_text(value, unit)
    else:
        raise ValueError(f"expected a number, got {type(value).__name__}")
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a finite number")
    return number


def _convert_text(text: str, unit: str | None) -> float:
    match = _NUMBER_UNIT.match(text)
    if not match:
        raise ValueError(f"expected a number with a unit (e.g. '30 um'), got {text!r}")
    magnitude, unit_text = float(match.group(1)), match.group(2)
    if not unit_text:
        return magnitude
    if unit is None:
        raise ValueError(f"expected a plain number without a unit, got {text!r}")
    import pint

    ureg = _registry()
    try:
        quantity = ureg.Quantity(magnitude, _POWER.sub(r"\1^\2", unit_text))
        return float(quantity.to(unit).magnitude)
    except pint.DimensionalityError:
        raise ValueError(
            f"{text!r} has the wrong dimension: expected {_dimension(unit)} ({_short(unit)})"
        ) from None
    except Exception:
        raise ValueError(f"unknown unit {unit_text!r} in {text!r}") from None


def _dimension(unit: str) -> str:
    names = {
        "micrometer": "a length",
        "nanometer": "a length",
        "millimeter": "a length",
        "degC": "a temperature",
        "mA": "a current",
        "volt": "a voltage",
        "percent": "a percentage",
        "mA*h/cm^2": "a capacity per area",
        "mA*h/g": "a capacity per mass",
        "mg/cm^2": "a mass per area",
        "g/cm^3": "a density",
        "mS/cm": "a conductivity",
        "eV": "an energy",
        "MPa": "a pressure",
        "cm^2": "an area",
    }
    return names.get(unit, "a quantity in")


def _short(unit: str) -> str:
    return {"micrometer": "um", "percent": "%", "volt": "V", "degC": "C"}.get(unit, unit)
