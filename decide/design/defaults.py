"""Fill what a design leaves open from sourced defaults in the knowledge base, and say so.

Engineers leave composition, porosity, separator and foil thicknesses open more often than not.
Refusing such a design would be safe and useless; guessing silently would be worse. Each open
field is filled from the most specific matching `design-default` entry (knowledge/defaults/), and
the value, its sources and a note become an `Assumption` the metrics, `check` and the review show.
A value the design gives always wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from decide.design.model import Design
from decide.design.ranges import DesignRange
from decide.errors import KnowledgeError, Problem
from decide.vocab.classes import METAL_ANODES

if TYPE_CHECKING:
    from decide.kb.base import KnowledgeBase


@dataclass(frozen=True)
class Assumption:
    """A value the tool filled in, where it came from and why."""

    field: str  # dotted design field
    value: float | str
    sources: tuple[str, ...]
    note: str

    def to_json(self) -> dict[str, Any]:
        """CONTRACT section 7: {value, sources, note}."""
        return {"value": self.value, "sources": list(self.sources), "note": self.note}


# Section -> the fields a default may fill, each with the condition under which it applies.
def _composite_anode(d: Design, kb: KnowledgeBase) -> bool:
    kind = kb.index.traits.get(d.anode.material, {}).get("anode_class")
    return kind not in METAL_ANODES


def _porosity_open(section: str) -> Any:
    def applies(d: Design, kb: KnowledgeBase) -> bool:
        block = getattr(d, section)
        return "density_g_cm3" not in block.overrides and block.dry_density_g_cm3 is None

    return applies


FILLABLE: dict[str, dict[str, Any]] = {
    "design": {"production_year": lambda d, kb: True},
    "cathode": {
        "active_wt_pct": lambda d, kb: True,
        "catholyte_wt_pct": lambda d, kb: d.cathode.catholyte is not None,
        "porosity_pct": _porosity_open("cathode"),
        "additive": lambda d, kb: True,
    },
    "separator": {
        "thickness_um": lambda d, kb: True,
        "porosity_pct": lambda d, kb: "density_g_cm3" not in d.separator.overrides,
    },
    "anode": {
        "active_wt_pct": _composite_anode,
        "anolyte_wt_pct": lambda d, kb: d.anode.anolyte is not None,
        "porosity_pct": lambda d, kb: _composite_anode(d, kb) and _porosity_open("anode")(d, kb),
        "additive": _composite_anode,
    },
    "current_collectors": {
        "positive_thickness_um": lambda d, kb: True,
        "negative_thickness_um": lambda d, kb: True,
        "positive_material": lambda d, kb: True,
        "negative_material": lambda d, kb: True,
    },
}


def _context(d: Design, kb: KnowledgeBase, section: str) -> dict[str, Any]:
    """What a default's selector is matched against, for one section of one design."""
    material = {
        "cathode": d.cathode.active_material,
        "separator": d.separator.material,
        "anode": d.anode.material,
    }.get(section)
    electrolyte = {
        "cathode": d.cathode.catholyte,
        "anode": d.anode.anolyte,
    }.get(section, d.separator.material)
    return {
        "material": material,
        "electrolyte": electrolyte,
        "anode_class": kb.index.traits.get(d.anode.material, {}).get("anode_class"),
        "liquid": d.liquid_electrolyte is not None,
        "format": d.cell.format,
    }


def _member(kb: KnowledgeBase, entry_id: str | None, wanted: list[str]) -> bool:
    return entry_id is not None and any(kb.index.is_a(entry_id, w) for w in wanted)


def _matches(entry: Any, ctx: dict[str, Any], kb: KnowledgeBase) -> bool:
    when = entry.when
    if when.material and not _member(kb, ctx["material"], when.material):
        return False
    if when.electrolyte and not _member(kb, ctx["electrolyte"], when.electrolyte):
        return False
    if when.anode_class and ctx["anode_class"] not in when.anode_class:
        return False
    if when.liquid is not None and when.liquid != ctx["liquid"]:
        return False
    return not (when.format and ctx["format"] not in when.format)


def candidates(kb: KnowledgeBase, d: Design, section: str, field: str) -> list[Any]:
    """Default entries that fit this section of this design and give `field`, best first."""
    ctx = _context(d, kb, section)
    found = [
        e
        for e in kb.of_kind("design-default")
        if e.section == section and (field in e.values or field in e.ids) and _matches(e, ctx, kb)
    ]
    return sorted(found, key=lambda e: (-e.when.specificity(), e.id))


def fill_defaults(design: Design, kb: KnowledgeBase) -> Design:
    """The design with every open fillable field filled; `design.assumptions` lists them."""
    check_defaults(kb)
    assumptions: dict[str, Assumption] = {}
    ranges: dict[str, DesignRange] = {}
    updates: dict[str, dict[str, Any]] = {}
    for section, fields in FILLABLE.items():
        block = design if section == "design" else getattr(design, section)
        for field, applies in fields.items():
            if getattr(block, field) is not None or not applies(design, kb):
                continue
            found = candidates(kb, design, section, field)
            if not found:
                continue
            entry = found[0]
            if field in entry.values:
                prop = entry.values[field]
                value: float | str = prop.central
                sources = tuple(prop.source)
                text = prop.note or entry.name
                if field == "production_year":
                    value = int(value)
                elif prop.min is not None and prop.max is not None and prop.min < prop.max:
                    path = field if section == "design" else f"{section}.{field}"
                    ranges[path] = DesignRange(
                        prop.min, prop.central, prop.max, f"default {entry.id}", sources
                    )
            else:
                choice = entry.ids[field]
                value, sources, text = choice.value, tuple(choice.source), choice.note or entry.name
            path = field if section == "design" else f"{section}.{field}"
            updates.setdefault(section, {})[field] = value
            assumptions[path] = Assumption(path, value, sources, f"{text} ({entry.id})")
    filled = design.model_copy(
        update={
            **updates.get("design", {}),
            **{
                section: getattr(design, section).model_copy(update=values)
                for section, values in updates.items()
                if section != "design"
            },
        }
    )
    filled.source_file = design.source_file
    filled._lines = design._lines
    filled.assumptions = {**design.assumptions, **assumptions}
    filled.ranges = {**design.ranges, **ranges}
    return filled


def check_defaults(kb: KnowledgeBase) -> None:
    """Every default names a fillable field with a value inside the design model's bounds
    (checked once per loaded knowledge base; `decide kb check` calls it too)."""
    if ("defaults_checked",) in kb.memo:
        return
    from decide.design.constraints import field_bounds

    problems: list[Problem] = []
    for entry in kb.of_kind("design-default"):
        origin = kb.origins.get(entry.id)
        file, line = (origin.file, origin.line) if origin else (None, None)
        fillable = FILLABLE.get(entry.section, {})
        for name in [*entry.values, *entry.ids]:
            if name not in fillable:
                from decide.suggest import did_you_mean

                problems.append(
                    Problem(
                        f"{entry.section} has no fillable field {name!r}"
                        f"{did_you_mean(name, fillable)}",
                        file,
                        line,
                        f"{entry.id}.{name}",
                    )
                )
                continue
            if name in entry.values:
                path = name if entry.section == "design" else f"{entry.section}.{name}"
                low, high, strict = field_bounds(path)
                prop = entry.values[name]
                for v in (prop.value, prop.min, prop.typical, prop.max):
                    if (v is not None and not (low < v if strict else low <= v)) or (
                        v is not None and v > high
                    ):
                        problems.append(
                            Problem(
                                f"{v:g} is outside the design's bounds for {path} "
                                f"[{low:g}, {high:g}]",
                                file,
                                line,
                                f"{entry.id}.values.{name}",
                            )
                        )
    if problems:
        raise KnowledgeError(problems)
    kb.memo[("defaults_checked",)] = True
