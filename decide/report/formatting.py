"""Number and range formatting shared by every report (presentation only, no domain logic)."""

from __future__ import annotations

import math
import re
from typing import Any

DASH = "\u2013"


def num(x: float | int | None, digits: int = 3) -> str:
    """Format with `digits` significant figures and thousands separators: 1100 -> '1,100'."""
    if x is None:
        return "n/a"
    if isinstance(x, bool) or not isinstance(x, int | float):
        return str(x)
    if not math.isfinite(x):
        return "n/a"
    if x == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(x)))
    decimals = max(0, digits - 1 - magnitude)
    rounded = round(x, decimals)
    if decimals == 0 or rounded == int(rounded):
        return f"{round(rounded):,}"
    return f"{rounded:,.{decimals}f}".rstrip("0").rstrip(".")


def span(value: Any, unit: str = "") -> str:
    """Human form of a sourced number or range (Property or PricePoint): '1,100–2,300 USD/kg'."""
    lo, typ = getattr(value, "min", None), getattr(value, "typical", None)
    hi = getattr(value, "max", None)
    single = getattr(value, "value", None)
    if single is not None:
        text = num(single)
    elif lo is not None and hi is not None:
        text = f"{num(lo)}{DASH}{num(hi)}"
        if typ is not None:
            text = f"{num(typ)} ({text})"
    elif typ is not None:
        text = num(typ)
    elif lo is not None:
        text = f"\u2265{num(lo)}"
    else:
        text = f"\u2264{num(hi)}"
    return f"{text} {unit}".strip()


def title_case(key: str) -> str:
    """'cell_specific_energy_wh_per_kg' -> 'Cell specific energy wh per kg' (fallback label)."""
    words = key.replace("-", " ").replace("_", " ").split()
    return " ".join(words).capitalize()


def href(url: str | None) -> str:
    """`url` when it is a web address (http or https), else '' (no javascript: or file: link
    from a user's knowledge overlay reaches a report)."""
    if not url:
        return ""
    text = url.strip()
    return text if text.lower().startswith(("https://", "http://")) else ""


_UNITS = r"(?:USD/kWh|USD/kg|Wh/kg|Wh/L|mS/cm|GWh/yr|GWh|%/yr|wt%|%)"
_QUANTITY = re.compile(r"[≈≤≥~]?\d[\d,.]*(?:\u2013\d[\d,.]*)? " + _UNITS)


def nobreak(text: str) -> Any:
    """Escape `text` and keep each number with its unit on one line ('155–268 USD/kWh' must not
    break at its slash, or readers and pdftotext see 'USD/ kWh')."""
    from markupsafe import Markup, escape

    escaped = str(escape(text))
    return Markup(_QUANTITY.sub(lambda m: f'<span class="v">{m.group(0)}</span>', escaped))
