"""The cell model over sampled inputs: which numbers of one design are uncertain, and the model
run once with arrays of them in their place.

Uncertain inputs are the ranges behind the numbers a design is computed with:
- knowledge-base properties the resolver reads (`li6ps5cl.density_g_cm3`), when the entry gives
  a range (`{min, typical, max}`); a design override replaces the property, and its range with it;
- price series (each point's range, read at the design's production year): `<price id>.price_...`;
- housing parameters of the cell format (`pouch.laminate_thickness_um`) the design leaves open;
- numbers the design gives as ranges, and defaults filled from ranged values (`design.ranges`).

Correlation: a knowledge-base property is one array, so every model input it feeds moves with it
(li6ps5cl's density in the catholyte and in the separator; graphite's and silicon's properties
inside a Si-C mix). A price series is one draw for all its years and for every component it
prices. Different properties, materials, prices and design fields are independent.

No sampling happens here (decide.uncertainty draws the values); this module only knows where
each uncertain number enters the model. Running the resolver on arrays keeps one code path:
`resolve` treats knowledge-base and override values as opaque numbers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from decide.cell.cost import PriceRef, interpolate
from decide.cell.inputs import Inputs, resolve
from decide.cell.vector import VECTOR_FIELDS, Points, evaluate_inputs, varied_inputs
from decide.design.constraints import CONSTRAINTS
from decide.design.model import Design
from decide.kb.properties import FORMAT_PROPERTIES

if TYPE_CHECKING:
    from decide.kb.base import KnowledgeBase

# Material properties that enter the model as numbers. Left out on purpose: cut-off voltages and
# operating temperatures (choices, not uncertain data), silicon shares and the high-Si threshold
# (they pick the anode class, a category), stability limits and CCDs (read by rules only).
SAMPLED_PROPERTIES = frozenset(
    {
        "density_g_cm3",
        "specific_capacity_mah_g",
        "theoretical_capacity_mah_g",
        "average_voltage_v",
        "porosity_pct",
        "volume_expansion_pct",
        "volumetric_capacity_mah_cm3",
        "liquid_density_g_cm3",
        "ionic_conductivity_ms_cm",
        "activation_energy_ev",
        "carrier_density_per_cm3",
        "mobility_cm2_per_v_s",
        "price_usd_per_kg",
    }
)
# Design fields outside VECTOR_FIELDS that still enter the model as numbers.
_INTERFACE = {
    "claims.interface_test.delta_v_v": "interface_delta_v_v",
    "claims.interface_test.current_ma": "interface_current_ma",
    "claims.interface_test.area_cm2": "interface_area_cm2",
}
_MANUFACTURING = "cell.manufacturing_cost_usd_per_kwh"
_CELL_SIZE = ("cell.electrode_width_mm", "cell.electrode_length_mm")


@dataclass(frozen=True)
class Ranged:
    """One uncertain input of a design: its name, where it enters the model and its range."""

    name: str  # 'li6ps5cl.density_g_cm3', 'cathode.active_wt_pct', 'pouch.laminate_thickness_um'
    kind: str  # property | price | format | design
    low: float
    typical: float
    high: float
    sources: tuple[str, ...] = ()
    origin: str = ""  # knowledge-base entry id, 'design' or 'default <entry id>'

    def to_json(self) -> dict[str, Any]:
        """{name, kind, min, typical, max, origin, sources}."""
        return {
            "name": self.name,
            "kind": self.kind,
            "min": self.low,
            "typical": self.typical,
            "max": self.high,
            "origin": self.origin,
            "sources": list(self.sources),
        }


@dataclass(frozen=True)
class Uncertain:
    """The uncertain inputs of one design, and its ranged fields that do not enter the model."""

    design: Design
    inputs: tuple[Ranged, ...]
    not_propagated: dict[str, str] = field(default_factory=dict)  # dotted field -> why

    def named(self, name: str) -> Ranged:
        """The input called `name`."""
        return next(r for r in self.inputs if r.name == name)


def uncertain_inputs(design: Design, kb: KnowledgeBase) -> Uncertain:
    """Every uncertain input of `design`, sorted by name (so draws do not depend on order)."""
    seen: set[tuple[str, str]] = set()
    inputs = resolve(design, _recording(kb, seen))
    found: list[Ranged] = []
    for entry_id, name in sorted(seen):
        if name not in SAMPLED_PROPERTIES:
            continue
        prop = _property(kb, entry_id, name)
        if prop is not None:
            low, high = prop.bounds()
            if low < high:
                found.append(
                    Ranged(
                        f"{entry_id}.{name}",
                        "property",
                        low,
                        prop.central,
                        high,
                        tuple(prop.source),
                        entry_id,
                    )
                )
    found.extend(_price_inputs(kb, inputs))
    found.extend(_format_inputs(design, kb))
    not_propagated: dict[str, str] = {}
    for path, r in sorted(design.ranges.items()):
        why = _why_not(design, path)
        if why is not None:
            not_propagated[path] = why
        elif r.low < r.high:
            found.append(Ranged(path, "design", r.low, r.typical, r.high, r.sources, r.origin))
    return Uncertain(design, tuple(sorted(found, key=lambda r: r.name)), not_propagated)


def evaluate_values(
    uncertain: Uncertain, kb: KnowledgeBase, values: dict[str, np.ndarray]
) -> Points:
    """The model run once with each named input replaced by an array of values (one length).

    Inputs not named keep their typical values. Points a design loader would refuse (a
    composition above 100 %, an additive density a sample needs) come back in `refused`.
    """
    design = uncertain.design
    n = len(next(iter(values.values())))
    kinds = {r.name: r.kind for r in uncertain.inputs}
    props: dict[tuple[str, str], np.ndarray] = {}
    prices: dict[str, np.ndarray] = {}
    params: dict[str, np.ndarray] = {}
    overrides: dict[str, np.ndarray] = {}
    columns: dict[str, np.ndarray] = {}
    extra: dict[str, np.ndarray] = {}
    for name, array in values.items():
        kind = kinds[name]
        array = np.asarray(array, dtype=float)
        if kind == "property":
            entry_id, _, prop = name.rpartition(".")
            props[entry_id, prop] = array
        elif kind == "price":
            prices[name.rpartition(".")[0]] = array
        elif kind == "format":
            params[name.rpartition(".")[2]] = array
        elif name in VECTOR_FIELDS:
            columns[name] = array
        elif name in _CELL_SIZE or _format_override(name):
            params[name.rpartition(".")[2]] = array
        elif name in _INTERFACE or name == _MANUFACTURING:
            extra[name] = array
        else:
            overrides[name] = array
    inputs = resolve(_with_overrides(design, overrides), _with_props(kb, props))
    inputs = _with_prices(inputs, prices, extra.get(_MANUFACTURING))
    if params:
        fmt = inputs.cell_format
        merged: dict[str, Any] = {**fmt.params, **params}
        inputs = inputs.with_(cell_format=replace(fmt, params=merged))
    if extra:
        inputs = inputs.with_(**{_INTERFACE[k]: v for k, v in extra.items() if k in _INTERFACE})
    varied = varied_inputs(inputs, columns)
    with np.errstate(all="ignore"):
        points = evaluate_inputs(varied, (n,))
    refused = list(points.refused) + list(_constraint_refusals(design, columns, n))
    return Points(points.values, refused)


def _why_not(design: Design, path: str) -> str | None:
    """Why a ranged design field is not sampled (None: it is)."""
    if path in VECTOR_FIELDS or path in _INTERFACE or path in _CELL_SIZE or path == _MANUFACTURING:
        return None
    if _format_override(path):
        return None
    section, _, name = path.partition(".")
    block = getattr(design, section, None)
    if section != "cell" and name in getattr(block, "overrides", {}):
        return None  # a property override: the resolver reads it in place of the knowledge base
    if path == "anode.silicon_wt_pct":
        return "the silicon share sets the anode class (a category): not sampled"
    return "does not enter the cell model (read by the rules only)"


def _format_override(path: str) -> bool:
    section, _, name = path.partition(".")
    return section == "cell" and name in FORMAT_PROPERTIES


def _property(kb: KnowledgeBase, entry_id: str, name: str) -> Any:
    entry = kb.entries.get(entry_id)
    props = getattr(entry, "properties", None) or {}
    return props.get(name)


def _price_inputs(kb: KnowledgeBase, inputs: Inputs) -> Iterator[Ranged]:
    """One input per ranged price series the design's components use, at its year."""
    refs = list(inputs.prices.values())
    if inputs.manufacturing is not None:
        refs.append(inputs.manufacturing)
    year = inputs.production_year
    for origin in sorted({r.origin for r in refs}):
        entry = kb.entries.get(origin)
        if entry is None or entry.kind != "price":
            continue
        points = sorted(entry.points, key=lambda p: p.year)
        years = tuple(float(p.year) for p in points)
        central = [p.central for p in points]
        lows = [p.min if p.min is not None else c for p, c in zip(points, central, strict=True)]
        highs = [p.max if p.max is not None else c for p, c in zip(points, central, strict=True)]
        low, typical, high = (
            float(interpolate(year, (years, tuple(v)))) for v in (lows, central, highs)
        )
        if low < high:
            sources = tuple(sorted({s for p in points for s in p.source}))
            yield Ranged(
                f"{entry.id}.price_{entry.unit}", "price", low, typical, high, sources, entry.id
            )


def _format_inputs(design: Design, kb: KnowledgeBase) -> Iterator[Ranged]:
    """Ranged housing parameters of the design's format that the design leaves open."""
    cell = design.cell
    entry = kb.entries.get(cell.format)
    if entry is None or getattr(entry, "geometry", None) is None:
        return
    from decide.cell.formats import PARAMETERS

    given = set(cell.overrides) | {
        n for n in ("electrode_width_mm", "electrode_length_mm") if getattr(cell, n) is not None
    }
    for name in PARAMETERS.get(entry.geometry, ()):
        prop = entry.properties.get(name)
        if prop is None or name in given:
            continue
        low, high = prop.bounds()
        if low < high:
            yield Ranged(
                f"{entry.id}.{name}",
                "format",
                low,
                prop.central,
                high,
                tuple(prop.source),
                entry.id,
            )


class _EntryReads(dict[str, Any]):
    """One entry's properties, noting each name looked up."""

    def __init__(self, entry_id: str, props: dict[str, Any], seen: set[tuple[str, str]]):
        super().__init__(props)
        self.entry_id, self.seen = entry_id, seen

    def get(self, name: Any, default: Any = None) -> Any:
        if name in self:
            self.seen.add((self.entry_id, name))
        return super().get(name, default)

    def __getitem__(self, name: Any) -> Any:
        self.seen.add((self.entry_id, name))
        return super().__getitem__(name)


class _Reads(dict[str, Any]):
    """Properties by entry id, noting every (entry, property) the resolver reads."""

    def __init__(self, props: dict[str, dict[str, Any]], seen: set[tuple[str, str]]):
        super().__init__(props)
        self.seen = seen

    def get(self, entry_id: Any, default: Any = None) -> Any:
        inner = super().get(entry_id)
        return default if inner is None else _EntryReads(entry_id, inner, self.seen)

    def __getitem__(self, entry_id: Any) -> Any:
        return _EntryReads(entry_id, super().__getitem__(entry_id), self.seen)


def _recording(kb: KnowledgeBase, seen: set[tuple[str, str]]) -> KnowledgeBase:
    """A view of `kb` whose index notes which properties are read."""
    return replace(kb, index=replace(kb.index, props=_Reads(kb.index.props, seen)))


def _with_props(kb: KnowledgeBase, values: dict[tuple[str, str], np.ndarray]) -> KnowledgeBase:
    """A view of `kb` whose index gives arrays for some properties (others unchanged)."""
    if not values:
        return kb
    props: dict[str, dict[str, Any]] = dict(kb.index.props)
    for (entry_id, name), array in values.items():
        props[entry_id] = {**props.get(entry_id, {}), name: array}
    return replace(kb, index=replace(kb.index, props=props))


def _with_overrides(design: Design, values: dict[str, np.ndarray]) -> Design:
    """A copy of `design` whose property overrides hold arrays (the resolver reads them as is)."""
    if not values:
        return design
    updates: dict[str, Any] = {}
    for path, array in values.items():
        section, _, name = path.partition(".")
        block = updates.get(section) or getattr(design, section)
        overrides: dict[str, Any] = {**block.overrides, name: array}
        updates[section] = block.model_copy(update={"overrides": overrides})
    copy = design.model_copy(update=updates)
    copy._lines = design._lines
    return copy


def _with_prices(inputs: Inputs, prices: dict[str, np.ndarray], manufacturing: Any) -> Inputs:
    """Inputs whose sampled price series are constant arrays (the year is fixed per design)."""
    changes: dict[str, Any] = {}
    if prices:
        changes["prices"] = {
            comp: _constant(prices[ref.origin], ref.origin) if ref.origin in prices else ref
            for comp, ref in inputs.prices.items()
        }
    ref = inputs.manufacturing
    if ref is not None and ref.origin in prices:
        changes["manufacturing"] = _constant(prices[ref.origin], ref.origin)
    if manufacturing is not None and ref is not None:
        changes["manufacturing"] = _constant(manufacturing, "design")
    return inputs.with_(**changes) if changes else inputs


def _constant(values: Any, origin: str) -> PriceRef:
    """A price that does not change with the year, an array of samples (the cost model
    interpolates over years, and a one-point series is flat)."""
    series: Any = ((0.0,), (values,))
    return PriceRef(series, origin)


def _constraint_refusals(
    design: Design, columns: dict[str, np.ndarray], n: int
) -> Iterator[tuple[str, np.ndarray]]:
    """Cross-field constraints (a composition above 100 %) the sampled fields break."""
    for c in CONSTRAINTS:
        if not any(f"{c.section}.{f}" in columns for f in c.fields):
            continue
        block = getattr(design, c.section)
        section = {f: columns.get(f"{c.section}.{f}", getattr(block, f, None)) for f in c.fields}
        mask = np.broadcast_to(np.asarray(c.violated(section), dtype=bool), (n,))
        if mask.any():
            yield f"{c.section}: {c.message}", mask
