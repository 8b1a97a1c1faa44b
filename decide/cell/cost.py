"""Cell cost in USD/kWh: materials (mass per kWh x price in the production year) + manufacturing.

Prices come from the knowledge base's price series (linear interpolation between sourced points,
held flat outside them), else a material's `price_usd_per_kg`, else the design's override. A
material without a price series of its own takes the series of its closest family (the seed's
Table 1 prices the sulfide family). Manufacturing is a `usd_per_kwh` series on the
`cell-manufacturing` family (format-specific when one exists), or the design's
`cell.manufacturing_cost_usd_per_kwh`.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from typing import Any

from decide.design.model import Design
from decide.errors import DesignError
from decide.vocab.design_fields import BY_COMPONENT, MaterialField

MANUFACTURING = "cell-manufacturing"
Series = tuple[tuple[float, ...], tuple[float, ...]]


@dataclass(frozen=True)
class PriceRef:
    """A price as a series over years (one point: constant) and where it came from."""

    series: Series
    origin: str  # knowledge-base id of the series or material, or 'design'


def interpolate(year: Any, series: Series) -> Any:
    """Linear interpolation in `series` at `year` (float or array); flat beyond the end points."""
    xs, ys = series
    if len(xs) == 1:
        return ys[0] + 0.0 * year
    if isinstance(year, int | float):
        if year <= xs[0]:
            return ys[0]
        if year >= xs[-1]:
            return ys[-1]
        k = bisect.bisect_right(xs, year)
        x0, x1, y0, y1 = xs[k - 1], xs[k], ys[k - 1], ys[k]
        return y0 + (y1 - y0) * (year - x0) / (x1 - x0)
    import numpy as np

    return np.interp(year, xs, ys)


def _series(kb: Any, entry: Any) -> Series:
    """(years, central prices) of a price entry, built once per loaded base."""
    key = ("price_series_points", entry.id)
    if key not in kb.memo:
        points = sorted(entry.points, key=lambda p: p.year)
        kb.memo[key] = tuple(float(p.year) for p in points), tuple(p.central for p in points)
    return kb.memo[key]


def _family_depth(kb: Any, family: str) -> int:
    depth, seen = 0, set()
    entry = kb.entries.get(family)
    while entry is not None and getattr(entry, "parent", None) and family not in seen:
        seen.add(family)
        family = entry.parent
        entry = kb.entries.get(family)
        depth += 1
    return depth


def _series_by_subject(kb: Any, unit: str) -> dict[str, list[Any]]:
    """Price series of one unit by subject id, built once per loaded base (entries never change).

    A series from a user's overlay folder comes before the built-in ones of the same subject
    (later overlays first), so an overlay's prices are the ones computed with even when its id
    differs from the built-in series'; within a layer, by id.
    """
    key = ("price_series_by_subject", unit)
    if key not in kb.memo:
        by_subject: dict[str, list[Any]] = {}
        for entry in kb.of_kind("price"):
            if entry.unit == unit:
                for subject in entry.subjects:
                    by_subject.setdefault(subject, []).append(entry)
        for entries in by_subject.values():
            entries.sort(key=lambda e: (-_layer(kb, e.id), e.id))
        kb.memo[key] = by_subject
    return kb.memo[key]


def _layer(kb: Any, entry_id: str) -> int:
    origin = kb.origins.get(entry_id)
    return getattr(origin, "layer", 0) if origin is not None else 0


def price_series(kb: Any, material_id: str, unit: str = "usd_per_kg") -> PriceRef | None:
    """The most specific price series of a material: its own, else its closest family's."""
    by_subject = _series_by_subject(kb, unit)
    if material_id in by_subject:
        entry = by_subject[material_id][0]
        return PriceRef(_series(kb, entry), entry.id)
    families = sorted(
        kb.index.families.get(material_id, frozenset()),
        key=lambda f: (-_family_depth(kb, f), f),
    )
    for family in families:
        if family in by_subject:
            entry = by_subject[family][0]
            return PriceRef(_series(kb, entry), entry.id)
    return None


def material_price(kb: Any, material_id: str) -> PriceRef | None:
    """A material's price: series first, else its constant `price_usd_per_kg`."""
    found = price_series(kb, material_id)
    if found is not None:
        return found
    value = kb.index.prop(material_id, "price_usd_per_kg")
    return PriceRef(((0.0,), (value,)), material_id) if value is not None else None


def price_in_year(kb: Any, material_id: str, year: float) -> float | None:
    """Price of a material in USD/kg in `year`, or None when the knowledge base has none."""
    ref = material_price(kb, material_id)
    return None if ref is None else float(interpolate(year, ref.series))


def _override_key(slot: MaterialField) -> str:
    """The design key that overrides a component's price ('' when the section cannot)."""
    if slot.owns_overrides:
        return "price_usd_per_kg"
    if slot.section == "current_collectors":
        return slot.name.replace("material", "price_usd_per_kg")
    return ""


def component_ids(design: Design, ids: dict[str, str]) -> dict[str, str]:
    """Knowledge-base id of each mass component (defaults named by the resolver included)."""
    out: dict[str, str] = {}
    for comp, slot in BY_COMPONENT.items():
        out[comp] = design.material_at(slot.path) or ids.get(comp, "")
    return out


def resolve_prices(
    design: Design, kb: Any, ids: dict[str, str]
) -> tuple[dict[str, PriceRef], dict[str, str]]:
    """(a price for each component with a material, why each of the others has none).

    Whether a component carries mass is the model's business: a component without a price
    only makes the cost unknown where it has mass.
    """
    prices: dict[str, PriceRef] = {}
    unpriced: dict[str, str] = {}
    for comp, material in component_ids(design, ids).items():
        slot = BY_COMPONENT[comp]
        key = _override_key(slot)
        block = getattr(design, slot.section)
        if key and block is not None and key in block.overrides:
            prices[comp] = PriceRef(((0.0,), (block.overrides[key],)), "design")
            continue
        ref = material_price(kb, material) if material else None
        if ref is not None:
            prices[comp] = ref
            continue
        hint = f"give {key} in the design" if key else f"add a price for {material}"
        unpriced[comp] = (
            f"{material or comp} has no price (price series or price_usd_per_kg) in the "
            f"knowledge base; {hint}"
        )
    return prices, unpriced


def manufacturing_ref(design: Design, kb: Any) -> PriceRef:
    """Manufacturing cost series (USD/kWh) for the design's format."""
    given = design.cell.manufacturing_cost_usd_per_kwh
    if given is not None:
        return PriceRef(((0.0,), (given,)), "design")
    fmt = design.cell.format
    candidates = []
    for entry in kb.of_kind("price"):
        if entry.unit != "usd_per_kwh":
            continue
        if any(kb.index.is_a(s, MANUFACTURING) for s in entry.subjects):
            specific = fmt in entry.subjects or fmt in entry.id
            candidates.append((not specific, -_layer(kb, entry.id), entry.id, entry))
    if not candidates:
        raise DesignError(
            design.problem(
                ("cell", "format"),
                f"the knowledge base has no manufacturing cost (a usd_per_kwh price series on "
                f"{MANUFACTURING!r}) for format {fmt!r}; give manufacturing_cost_usd_per_kwh "
                "under cell",
            )
        )
    entry = sorted(candidates, key=lambda c: c[:3])[0][3]
    return PriceRef(_series(kb, entry), entry.id)


def cost_target(kb: Any, year: float) -> tuple[float, str] | None:
    """The solid-state cost target (USD/kWh): the seed's 2030 projection by default."""
    found = []
    for entry in kb.of_kind("projection"):
        if entry.technology != "solid-state":
            continue
        for name in ("cost_usd_per_kwh", "cell_cost_usd_per_kwh"):
            prop = entry.properties.get(name)
            if prop is not None:
                found.append((abs(entry.year - 2030), entry.id, prop.central))
    if not found:
        return None
    _, entry_id, value = min(found)
    return value, entry_id


def cell_cost(
    masses: dict[str, Any],
    energy_mwh_cm2: Any,
    prices: dict[str, PriceRef],
    manufacturing: PriceRef,
    year: Any,
    electrolyte: frozenset[str] | set[str],
    target: float | None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(cost values, per-component breakdown in USD/kWh) for one design or an array of them.

    Components in `masses` without a price make the cost NaN wherever they carry mass.
    """
    per_kwh = 1000.0 / energy_mwh_cm2  # g/cm2 -> kg/kWh
    breakdown: dict[str, Any] = {}
    materials: Any = 0.0
    el_mass: Any = 0.0
    el_cost: Any = 0.0
    unpriced_mass: Any = 0.0
    for comp, mass in masses.items():
        ref = prices.get(comp)
        if ref is None:
            unpriced_mass = unpriced_mass + mass
            continue
        if _is_zero(mass):
            continue
        kg = mass * per_kwh
        usd = kg * interpolate(year, ref.series)
        breakdown[comp] = usd
        materials = materials + usd
        if comp in electrolyte:
            el_mass = el_mass + kg
            el_cost = el_cost + usd
    manuf = interpolate(year, manufacturing.series) + 0.0 * per_kwh
    breakdown["manufacturing"] = manuf
    total = materials + manuf
    unknown = _any_positive(unpriced_mass)
    values: dict[str, Any] = {
        "cell_cost_usd_per_kwh": _unless(unknown, total),
        "materials_cost_usd_per_kwh": _unless(unknown, materials + 0.0 * per_kwh),
        "manufacturing_cost_usd_per_kwh": _unless(unknown, manuf),
        "electrolyte_mass_kg_per_kwh": _unless(unknown, el_mass + 0.0 * per_kwh),
        "electrolyte_cost_usd_per_kwh": _unless(unknown, el_cost + 0.0 * per_kwh),
    }
    if target is not None and target == target and electrolyte:
        breakeven = _divide(target - (total - el_cost), el_mass)
        values["cost_target_usd_per_kwh"] = _unless(unknown, target + 0.0 * per_kwh)
        values["breakeven_electrolyte_price_usd_per_kg"] = _unless(unknown, breakeven)
    breakdown = {k: _unless(unknown, v) for k, v in breakdown.items()}
    return values, breakdown


def _any_positive(x: Any) -> Any:
    """x > 0 as a bool, or as a bool array only where some point is positive (cheaper below)."""
    if isinstance(x, float | int):
        return x > 0
    mask = x > 0
    return mask if mask.any() else False


def _unless(mask: Any, value: Any) -> Any:
    """NaN where `mask` holds (a bool, or a bool array on the vectorised path), else `value`."""
    if isinstance(mask, bool):
        return value * math.nan if mask else value
    import numpy as np

    return np.where(mask, np.nan, value)


def _divide(a: Any, b: Any) -> Any:
    """a / b, NaN where b is zero (no electrolyte mass: no break-even price)."""
    if isinstance(b, float | int):
        return a / b if b else a * math.nan
    import numpy as np

    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(b != 0, a / np.where(b != 0, b, 1.0), np.nan)


def _is_zero(x: Any) -> bool:
    if isinstance(x, int | float):
        return x == 0
    return not bool((x != 0).any())
