"""Numbers in design files: plain numbers in the field's unit, or strings with a unit (pint).

The unit registry costs ~0.1-0.5 s to build, so it is built only when a value carries a unit string.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

from decide.vocab.units import by_pint, pint_unit

# '4.5e-3 mAh/cm^2' is 16 characters; nothing a person writes for one number comes near these.
MAX_TEXT = 80
MAX_UNIT_NAME = 20
_NUMBER_UNIT = re.compile(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*")
_NAME = rf"[A-Za-zµμΩ°%]{{1,{MAX_UNIT_NAME}}}"
_POWER = r"(?:(?:\^|\*\*)-?[1-4]|[234](?![0-9])|⁻?[¹²³⁴])"
_TERM = rf"(?:{_NAME}{_POWER}?|1)"
_SEP = r"\s*(?:\*|·|/|\s)\s*"
_FACTOR = rf"(?:{_TERM}|\(\s*{_TERM}(?:{_SEP}{_TERM})*\s*\))"
_UNIT = re.compile(rf"{_FACTOR}(?:{_SEP}{_FACTOR})*")
_NAMES = re.compile(_NAME)
_SQUARE = re.compile(r"([A-Za-zµμΩ°%])([234])(?![0-9])")
UNIT_FORM = "unit names joined by *, / or a space, with powers from -4 to 4 (e.g. 'mAh/cm^2')"


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
    if len(text) > MAX_TEXT:
        raise ValueError(
            f"expected a number with a unit (e.g. '30 um'), got {len(text)} characters of text"
        )
    match = _NUMBER_UNIT.fullmatch(text)
    if not match:
        raise ValueError(f"expected a number with a unit (e.g. '30 um'), got {text!r}")
    magnitude, unit_text = float(match.group(1)), match.group(2)
    if not unit_text:
        return magnitude
    if unit is None:
        raise ValueError(f"expected a plain number without a unit, got {text!r}")
    expression = parse_unit(unit_text)
    import pint

    ureg = _registry()
    try:
        quantity = ureg.Quantity(magnitude, expression)
        return float(quantity.to(unit).magnitude)
    except pint.DimensionalityError:
        raise ValueError(
            f"{text!r} has the wrong dimension: expected {_dimension(unit)} ({_short(unit)})"
        ) from None
    except Exception:
        raise ValueError(f"unknown unit {unit_text!r} in {text!r}") from None


def parse_unit(unit_text: str) -> str:
    """The unit text as pint should read it ('cm2' -> 'cm^2'); ValueError unless it fits the
    grammar (module docstring) and every name in it is a unit pint knows."""
    if not _UNIT.fullmatch(unit_text):
        raise ValueError(f"{unit_text!r} is not a unit: expected {UNIT_FORM}")
    ureg = _registry()
    for name in _NAMES.findall(unit_text):
        if not _known(ureg, name):
            where = f" in {unit_text!r}" if name != unit_text else ""
            raise ValueError(f"unknown unit {name!r}{where}")
    return _SQUARE.sub(r"\1^\2", unit_text)


def _known(ureg: Any, name: str) -> bool:
    try:
        return bool(ureg.parse_unit_name(name))
    except Exception:
        return False


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
