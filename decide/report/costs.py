"""Cell cost as the production year (and with it the electrolyte price) moves.

The numbers come from the cell model (`decide.cell.compute`); this module only varies the year.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

COST_KEYS = (
    "cell_cost_usd_per_kwh",
    "materials_cost_usd_per_kwh",
    "manufacturing_cost_usd_per_kwh",
    "breakeven_electrolyte_price_usd_per_kg",
)


@dataclass(frozen=True)
class YearCost:
    """Cost metrics of a design if it were produced in `year`."""

    year: int
    values: dict[str, float]


def cost_by_year(design: Any, kb: Any, years: Iterable[int]) -> list[YearCost]:
    """Run the cell model for each year (prices are year-dependent); other inputs unchanged."""
    from decide.cell import compute

    out = []
    for year in sorted(set(years)):
        metrics = compute(design.model_copy(update={"production_year": year}), kb)
        values = {
            k: metrics.values[k]
            for k in COST_KEYS
            if isinstance(metrics.values.get(k), int | float)
        }
        out.append(YearCost(year, values))
    return out


def price_years(kb: Any, extra: Iterable[int] = ()) -> list[int]:
    """Years the sulfide electrolyte price series gives, plus `extra`."""
    from decide.report.kbviews import is_sulfide_series

    years = set(extra)
    for series in kb.of_kind("price"):
        if is_sulfide_series(kb, series):
            years.update(p.year for p in series.points)
    return sorted(years)
