"""Numbers in design files: plain numbers in the field's unit, or strings with a unit (pint).

The unit registry costs ~0.1-0.5 s to build, so it is built only when a value carries a unit string.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

from decide.vocab.units import by_pint, pint_unit

_NUMBER_UNIT = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")
_POWER = re.compile(r"([A-Za-z])([23])\b")


def unit_of(name: str) -> str | None:
    """The pint unit a plain number in field `name` is in, from its suffix (None: unitless)."""
    return pint_unit(name)


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
    row = by_pint(unit)
    return row.dimension if row else "a quantity in"


def _short(unit: str) -> str:
    row = by_pint(unit)
    return row.text if row else unit


def finite_or_none(x: Any) -> float | None:
    """`x` as a float when it is a finite number (a NumPy scalar too), else None: for model
    outputs that are NaN where a value could not be computed."""
    try:
        value = float(x)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None
