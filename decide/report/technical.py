"""The seed's technical challenges, evidenced from the knowledge base: electrolytes, interfaces,
compatibility of cathodes and electrolytes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from decide.kb.compatibility import Matrix, Pair
from decide.report.kbviews import cited_property
from decide.report.model import Cited
from decide.report.sources import Sources
from decide.vocab.severity import rank

CONDUCTIVITY = "ionic_conductivity_ms_cm"
WINDOW = (
    ("reduction_limit_v", "oxidation_limit_v"),
    ("practical_reduction_limit_v", "practical_oxidation_limit_v"),
)


def top_family(kb: Any, material_id: str) -> str:
    """The main family of a material (sulfide, oxide, halide ...): one level below the root."""
    ancestors = kb.index.families.get(material_id, frozenset())
    depth = {f: len(kb.index.families.get(f, ())) for f in ancestors}
    for wanted in (1, 0):
        found = sorted(f for f, d in depth.items() if d == wanted)
        if found:
            return found[0]
    return "other"


@dataclass(frozen=True)
class ElectrolyteView:
    """A solid electrolyte's transport and stability evidence."""

    id: str
    name: str
    family: str
    conductivity: Cited | None
    activation_energy: Cited | None
    window: Cited | None
    cost: Cited | None


def _window(material: Any) -> tuple[Any, Any] | None:
    for low, high in WINDOW:
        if low in material.properties and high in material.properties:
            return material.properties[low], material.properties[high]
    return None


def electrolytes(kb: Any, sources: Sources) -> list[ElectrolyteView]:
    """Solid electrolytes, grouped by family, with conductivity, Ea and stability window."""
    out = []
    for m in sorted(kb.with_role("solid-electrolyte"), key=lambda m: (top_family(kb, m.id), m.id)):
        props = m.properties
        win = _window(m)
        out.append(
            ElectrolyteView(
                id=m.id,
                name=m.name,
                family=top_family(kb, m.id),
                conductivity=cited_property(props[CONDUCTIVITY], CONDUCTIVITY, sources)
                if CONDUCTIVITY in props
                else None,
                activation_energy=cited_property(
                    props["activation_energy_ev"], "activation_energy_ev", sources
                )
                if "activation_energy_ev" in props
                else None,
                window=Cited(
                    f"{win[0].central:g}\u2013{win[1].central:g} V vs Li/Li+", sources.of(*win)
                )
                if win
                else None,
                cost=cited_property(props["price_usd_per_kg"], "price_usd_per_kg", sources)
                if "price_usd_per_kg" in props
                else None,
            )
        )
    return out


@dataclass(frozen=True)
class StrategyView:
    """A coating or interlayer and the incompatibilities it mitigates."""

    id: str
    name: str
    role: str
    protects_against: Cited | None
    placement: Cited | None
    mitigates: tuple[str, ...]
    properties: tuple[tuple[str, Cited], ...]


def interface_strategies(kb: Any, sources: Sources) -> list[StrategyView]:
    """Coatings and interlayers with what they protect against and where they sit."""
    out = []
    for m in kb.of_kind("material"):
        roles = [r for r in m.roles if r in ("coating", "interlayer")]
        if not roles:
            continue

        def trait(name: str, m: Any = m) -> Cited | None:
            t = m.traits.get(name)
            return Cited(str(t.value), sources.cite(t.source)) if t else None

        props = tuple(
            (n, cited_property(p, n, sources))
            for n, p in sorted(m.properties.items())
            if n in ("area_specific_resistance_ohm_cm2", "thickness_nm", "ionic_conductivity_ms_cm")
        )
        out.append(
            StrategyView(
                id=m.id,
                name=m.name,
                role=", ".join(roles),
                protects_against=trait("protects_against"),
                placement=trait("placement"),
                mitigates=tuple(sorted(kb.index.sources_of("mitigated_by", m.id))),
                properties=props,
            )
        )
    return sorted(out, key=lambda s: (s.role, s.id))


@dataclass(frozen=True)
class CompatMatrix:
    """Cathodes (rows) x solid electrolytes (columns)."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[Pair, ...], ...]
    notes: tuple[CompatNote, ...]


@dataclass(frozen=True)
class CompatNote:
    """A compatibility entry the matrix refers to."""

    id: str
    name: str
    severity: str
    relation: str
    condition: str
    evidence: str
    mitigation: str
    mitigated_by: tuple[str, ...]
    sources: tuple[str, ...]


CONDITION_LABELS = {
    "min_cathode_voltage_v": "cathode at or above {} V",
    "max_cathode_voltage_v": "cathode at or below {} V",
    "min_temperature_c": "at or above {} °C",
    "max_temperature_c": "at or below {} °C",
    "min_processing_temperature_c": "processed at or above {} °C",
    "max_dew_point_c": "dew point at or below {} °C",
    "contact": "in contact: {}",
}


def _condition_text(cond: Any) -> str:
    """The conditions under which a compatibility relation applies, in words."""
    parts = [
        CONDITION_LABELS.get(k, k.replace("_", " ") + ": {}").format(
            f"{v:g}" if isinstance(v, float) else v
        )
        for k, v in cond.model_dump(exclude_none=True).items()
        if k != "text"
    ]
    if cond.text:
        parts.append(cond.text)
    return "; ".join(parts)


def compatibility_matrix(matrix: Matrix, kb: Any, sources: Sources) -> CompatMatrix:
    """The worst recorded severity for each cathode and solid electrolyte pair (computed by
    decide.kb.compatibility), with a note for every entry it refers to, errors first."""
    notes = []
    for i in sorted(matrix.entries(), key=lambda i: (rank(kb.entries[i].severity), i)):
        e = kb.entries[i]
        notes.append(
            CompatNote(
                e.id,
                e.name,
                e.severity,
                e.relation.replace("_", " "),
                _condition_text(e.condition),
                e.evidence,
                e.mitigation,
                tuple(e.mitigated_by),
                sources.cite(e.source),
            )
        )
    return CompatMatrix(matrix.rows, matrix.columns, matrix.cells, tuple(notes))
